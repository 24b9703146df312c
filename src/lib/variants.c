/*
 * variants.c - tg_variants(): every slip of a domain, once, valid.
 *
 * The generators (gen.c) enumerate; here each name is validated the way
 * tg_check() will parse it (tg_domain_parse: IDNA2008, host name rules,
 * lengths), checked for the property its kind promises (a label slip
 * keeps the suffix, a suffix slip keeps the name), and dropped when it is
 * the domain itself, protected, allowlisted, known legitimate (unless the
 * caller wants those marked) or under a TLD that does not exist.
 */
#include <string.h>

#include "alloc_int.h"
#include "ctx_int.h"
#include "error_int.h"
#include "idna_int.h"
#include "index_int.h"
#include "slip_int.h"
#include "suffix_int.h"
#include "text_int.h"

/* The A-labels made so far: open addressing, one word a slot (the high
 * half of the name's hash, which also picks the slot, and the name's
 * offset in data plus one; 0 marks a free slot), the names back to back
 * in one buffer.  One word a slot: a lookup reads one line of the table. */
struct nameset {
	uint64_t *slot;
	char *data;
	size_t cap, count, dlen, dcap;
};

struct vrun {
	const tg_index *ix;
	const struct tg__sfx *sfx;
	const struct tg__name *p;      /* NULL for a suffix rule */
	const char *alabel;            /* of the domain or rule */
	const char *regdom;
	const struct tg__entry *rule;  /* the index's entry for a rule */
	unsigned flags;
	tg_variant_fn fn;
	void *arg;
	struct nameset seen;
	int oom;
	const char *const *tlds;       /* for TG_VARIANTS_TLD_EVERY */
	size_t ntlds;
	/* The label path (label_variant()): the domain's A-label and U-label
	 * forms left and right of its registrable label, and the exposure
	 * every name under its suffix shares. */
	int no_idn;                    /* the TLD takes no IDNs */
	int label_path;
	const char *ulabel;
	size_t pre_a, post_a, pre_u, post_u, alen, ulen;
	enum tg_exposure exp_base;
	struct tg__lists_tail tail;     /* the suffix, with its dot */
	/* A label variant is written here, left of its label once (by
	 * label_path_setup()): its code points (for the classifier) and its
	 * two forms, with room for the longest label past the limits that
	 * are checked once it is written.  whole: a label variant as a
	 * whole name, for the other paths. */
	uint32_t qcp[TG__NAME_MAX + 1];
	char abuf[TG_DOMAIN_MAX + TG_LABEL_MAX + 8];
	char ubuf[TG_UDOMAIN_MAX + TG_LABEL_MAX * 4 + 2];
	uint32_t whole[TG__NAME_MAX + 1];
};

static int
nameset_grow(struct nameset *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 4096, i, k;
	uint64_t *ns = tg__calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return TG_ENOMEM;
	for (i = 0; i < m->cap; i++) {
		if (m->slot[i] == 0)
			continue;
		for (k = (size_t)(m->slot[i] >> 32) & (ncap - 1); ns[k] != 0;
		    k = (k + 1) & (ncap - 1))
			;
		ns[k] = m->slot[i];
	}
	tg__free(m->slot);
	m->slot = ns;
	m->cap = ncap;
	return TG_OK;
}

/* Adds s[0..n), whose tg__str_hash() is hash, unless present: 1 added,
 * 0 present, TG_ENOMEM. */
static int
nameset_add(struct nameset *m, const char *s, size_t n, uint64_t hash)
{
	uint64_t hi = hash >> 32, at;
	size_t k;

	if ((m->count + 1) * 2 > m->cap && nameset_grow(m) != TG_OK)
		return TG_ENOMEM;
	for (k = (size_t)hi & (m->cap - 1); m->slot[k] != 0;
	    k = (k + 1) & (m->cap - 1)) {
		if ((m->slot[k] >> 32) != hi)
			continue;
		at = (m->slot[k] & 0xffffffffu) - 1;
		if (strncmp(m->data + at, s, n) == 0 && m->data[at + n] == '\0')
			return 0;
	}
	/* An offset plus one fits the low half: data stays below 4 GiB. */
	if (m->dlen + n + 1 > m->dcap) {
		size_t ncap = m->dcap ? m->dcap * 2 : 65536;
		char *nd;

		while (ncap < m->dlen + n + 1)
			ncap *= 2;
		if (ncap >= UINT32_MAX || (nd = tg__realloc(m->data, ncap)) ==
		    NULL)
			return TG_ENOMEM;
		m->data = nd;
		m->dcap = ncap;
	}
	memcpy(m->data + m->dlen, s, n);
	m->data[m->dlen + n] = '\0';
	m->slot[k] = hi << 32 | ((uint64_t)m->dlen + 1);
	m->dlen += n + 1;
	m->count++;
	return 1;
}

static void
nameset_free(struct nameset *m)
{
	tg__free(m->slot);
	tg__free(m->data);
	memset(m, 0, sizeof(*m));
}

static int
is_label_kind(int kind)
{
	return kind != TG_KIND_TLD_TYPO && kind != TG_KIND_TLD_SWAP &&
	    kind != TG_KIND_SUFFIX_SWAP && kind != TG_KIND_TLD_IN_LABEL;
}

static size_t
utf8_put(const uint32_t *cp, size_t n, char *out, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];

		if (k + 5 > size)
			return 0;
		k += tg__utf8_encode(c, out + k);
	}
	out[k] = '\0';
	return k;
}

static int
same_cp(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an * sizeof(*a)) == 0);
}

/* What the kind promises about where the name changed. */
static int
split_holds(int kind, const struct tg__name *p, const struct tg__name *q)
{
	int same_sfx = same_cp(p->cp + p->base, p->n - p->base,
	    q->cp + q->base, q->n - q->base);
	int same_base = same_cp(p->cp, p->base, q->cp, q->base);

	switch (kind) {
	case TG_KIND_TLD_TYPO:
	case TG_KIND_TLD_SWAP:
	case TG_KIND_SUFFIX_SWAP:
		return same_base && !same_sfx;
	case TG_KIND_MISSING_DOT:
	case TG_KIND_TLD_IN_LABEL:
		return q->base > 0;
	default:
		return same_sfx && q->base > 0;
	}
}

static int emit_name(struct vrun *v, const uint32_t *cp, size_t n, int kind,
    unsigned extra);

/*
 * A name that differs from the domain only in its registrable label
 * lab[0..ln), under a suffix whose split no label can change: only that
 * label needs IDNA (tg__idna_label(), the per-label rules tg_domain_parse()
 * follows), and the split is known.  Writes the name into v->qcp, v->abuf
 * and v->ubuf and fills q.  Returns 0 when the name is not such a name or
 * the label needs libidn2, and the caller parses the whole name instead.
 */
static int
label_variant(struct vrun *v, const uint32_t *lab, size_t ln,
    struct tg__name *q, size_t *an)
{
	const struct tg__name *p = v->p;
	size_t post = p->n - p->base, lal, lul, un;
	size_t apost = v->alen - v->post_a, upost = v->ulen - v->post_u;

	/* Not for another split (a dot), a case to fold or an A-label to
	 * decode: tg__idna_label() leaves those. */
	if (!tg__idna_label(lab, ln, v->abuf + v->pre_a, &lal,
	    v->ubuf + v->pre_u, &lul))
		return 0;
	*an = v->pre_a + lal + apost;
	un = v->pre_u + lul + upost;
	/* The input's UTF-8 is the U-label's: no case was folded. */
	if (*an > TG_DOMAIN_MAX || un > TG_UDOMAIN_MAX ||
	    v->pre_u + lul + upost > TG_DOMAIN_INPUT_MAX)
		return 0;
	memcpy(v->abuf + v->pre_a + lal, v->alabel + v->post_a, apost + 1);
	memcpy(v->ubuf + v->pre_u + lul, v->ulabel + v->post_u, upost + 1);
	memcpy(v->qcp + p->reg, lab, ln * sizeof(*lab));
	memcpy(v->qcp + p->reg + ln, p->cp + p->base, post * sizeof(*lab));
	q->cp = v->qcp;
	q->n = p->reg + ln + post;
	q->reg = p->reg;
	q->base = p->reg + ln;
	q->labels = p->labels;
	q->idn = p->idn || lul > ln;    /* some UTF-8 sequence is longer */
	return 1;
}

/* Whether the registrable label of a label variant has a non-ASCII code
 * point. */
static int
wide_label(const struct vrun *v, const uint32_t *cp, size_t n)
{
	size_t i, post = v->p->n - v->p->base;

	for (i = v->p->reg; i + post < n; i++)
		if (cp[i] >= 0x80)
			return 1;
	return 0;
}

/* A label variant under every tld-swap target too (two slips). */
static int
emit_swapped(struct vrun *v, const uint32_t *cp, size_t n, int kind)
{
	uint32_t out[TG__NAME_MAX + 1];
	size_t i, k, base = v->p->n - v->p->base;   /* old suffix, with dot */
	int rc, wide;

	if (n <= base)
		return 0;
	wide = kind == TG_KIND_HOMOGLYPH && wide_label(v, cp, n);
	for (i = 0; i < v->ntlds; i++) {
		size_t tn = strlen(v->tlds[i]), m = n - base;

		if (m + 1 + tn > TG__NAME_MAX ||
		    (wide && !tg__tld_takes_idn(v->tlds[i], tn)))
			continue;
		memcpy(out, cp, m * sizeof(*out));
		out[m++] = '.';
		for (k = 0; k < tn; k++)
			out[m++] = (unsigned char)v->tlds[i][k];
		if ((rc = emit_name(v, out, m, kind, TG_VARIANT_TLD_SWAPPED)) !=
		    0)
			return rc;
	}
	return 0;
}

static int
emit(const uint32_t *cp, size_t n, int kind, void *arg)
{
	struct vrun *v = arg;
	int rc = 0;

	/* Only ASCII look-alikes where no IDN can be registered (the
	 * generator made the others only for --tld-every). */
	if (!(v->no_idn && kind == TG_KIND_HOMOGLYPH && wide_label(v, cp, n)))
		rc = emit_name(v, cp, n, kind, 0);
	if (rc == 0 && v->p != NULL && (v->flags & TG_VARIANTS_TLD_EVERY) &&
	    is_label_kind(kind))
		rc = emit_swapped(v, cp, n, kind);
	return rc;
}

/*
 * The rest of emit_name() for the name cp[0..n), whose two forms are
 * alabel[0..an) and ulabel: q, its split, when fast (a label variant) or
 * a label slip (extra 0), else NULL.
 */
static int
emit_forms(struct vrun *v, const char *alabel, size_t an, const char *ulabel,
    const struct tg__name *q, int fast, const uint32_t *cp, size_t n,
    int kind, unsigned flags)
{
	struct tg_variant out;
	const struct tg__entry *prot;
	const char *allow, *legit;
	double pl = 0;
	uint64_t h;
	int rc;

	/* The lists' pass gives the name's hash for the set too. */
	h = fast ? tg__index_lists_with(v->ix, &v->tail, alabel, an,
	    v->pre_a, &prot, &allow, &legit) : tg__index_lists(v->ix, alabel,
	    an, &prot, &allow, &legit);
	rc = nameset_add(&v->seen, alabel, an, h);
	if (rc < 0) {
		v->oom = 1;
		return TG_ENOMEM;
	}
	if (rc == 0)
		return 0;
	memset(&out, 0, sizeof(out));
	out.flags = flags;
	if (prot != NULL || allow != NULL)
		return 0;
	if (v->p != NULL && legit != NULL) {
		if (!(v->flags & TG_VARIANTS_MARK_LEGIT))
			return 0;
		out.flags |= TG_VARIANT_LEGIT;
	}
	/* A label variant is never inside the domain's own registrable
	 * domain: its registrable label differs (emit_fast()). */
	out.exposure = fast ? v->exp_base : tg__exposure(v->sfx, alabel, an,
	    v->regdom);
	if (out.exposure == TG_EXPOSURE_UNDELEGATED)
		return 0;
	if (v->p != NULL && (flags & TG_VARIANT_TLD_SWAPPED)) {
		pl = 0;         /* two slips: no plausibility of its own */
	} else if (v->p != NULL) {
		tg__classify_variant(v->p, q, tg__index_weights(v->ix),
		    (1u << TG_LAYOUT_COUNT) - 1, 1u << kind, &pl);
	} else {
		struct tg__name rq = { .cp = cp, .n = n };
		uint32_t tmp[TG__NAME_MAX + 3];

		/* As the typo of a name under the rule: "x.ml". */
		tmp[0] = 'x';
		tmp[1] = '.';
		memcpy(tmp + 2, cp, n * sizeof(*tmp));
		rq.cp = tmp;
		rq.n = n + 2;
		rq.base = 1;
		rq.reg = 0;
		rq.labels = 2;
		tg__classify_rule(v->rule->nm.cp, v->rule->nm.n, &rq,
		    tg__index_weights(v->ix), (1u << TG_LAYOUT_COUNT) - 1, &pl);
	}
	out.domain = alabel;
	out.unicode = ulabel;
	out.kind = (enum tg_kind)kind;
	out.plausibility = pl;
	return v->fn(&out, v->arg);
}

/* A label variant, its label lab[0..ln): 1 with *rc set when it took the
 * fast path, else 0. */
static int
emit_fast(struct vrun *v, const uint32_t *lab, size_t ln, int kind, int *rc)
{
	struct tg__name q;
	size_t an, own = v->post_a - v->pre_a;

	if (!label_variant(v, lab, ln, &q, &an))
		return 0;
	/* The domain itself: its label's A-label, the rest is shared. */
	if (an == v->alen && memcmp(v->abuf + v->pre_a, v->alabel + v->pre_a,
	    own) == 0) {
		*rc = 0;
		return 1;
	}
	/* The split is the domain's: split_holds() by construction. */
	*rc = emit_forms(v, v->abuf, an, v->ubuf, &q, 1, q.cp, q.n, kind, 0);
	return 1;
}

static int
emit_name(struct vrun *v, const uint32_t *cp, size_t n, int kind,
    unsigned extra)
{
	const tg_ctx *ctx = tg__index_ctx(v->ix);
	char buf[TG_UDOMAIN_MAX + 8];
	struct tg_domain d;
	struct tg__namebuf qb;
	size_t len, post;
	int rc;

	if (v->label_path && extra == 0) {
		post = v->p->n - v->p->base;
		if (n > v->p->reg + post &&
		    same_cp(cp, v->p->reg, v->p->cp, v->p->reg) &&
		    same_cp(cp + n - post, post, v->p->cp + v->p->base, post) &&
		    emit_fast(v, cp + v->p->reg, n - v->p->reg - post, kind,
		    &rc))
			return rc;
	}
	if ((len = utf8_put(cp, n, buf, sizeof(buf))) == 0)
		return 0;
	if (tg_domain_parse(ctx, buf, len, &d, NULL) != TG_OK)
		return 0;
	if (strcmp(d.alabel, v->alabel) == 0)
		return 0;
	if (v->p != NULL && extra != 0) {
		if (tg__name_from_domain(v->sfx, &d, &qb) != TG_OK ||
		    qb.nm.base == 0)
			return 0;
	} else if (v->p != NULL) {
		if (tg__name_from_domain(v->sfx, &d, &qb) != TG_OK ||
		    !split_holds(kind, v->p, &qb.nm))
			return 0;
	} else {
		/* A suffix rule's variant is a suffix: a delegated one, not
		 * protected itself, not one where the rule is strict. */
		size_t i;

		for (i = 0; v->rule != NULL && i < v->rule->nstrict; i++)
			if (strcmp(v->rule->strict[i], d.alabel) == 0)
				return 0;
		extra |= TG_VARIANT_SUFFIX;
	}
	return emit_forms(v, d.alabel, d.alabel_len, d.ulabel,
	    v->p != NULL ? &qb.nm : NULL, 0, cp, n, kind, extra);
}

/*
 * The generator's label_fn: a name that differs from the domain only in
 * its registrable label lab[0..ln), as emit() for the whole name.
 */
static int
emit_label(const uint32_t *lab, size_t ln, int kind, void *arg)
{
	struct vrun *v = arg;
	const struct tg__name *p = v->p;
	size_t i, post = p->n - p->base, n = p->reg + ln + post;
	uint32_t hi = 0;
	int rc = 0;

	if (v->no_idn && kind == TG_KIND_HOMOGLYPH)
		for (i = 0; i < ln; i++)
			hi |= lab[i];
	/* As emit(): only ASCII look-alikes where no IDN is registered. */
	if (!(v->no_idn && kind == TG_KIND_HOMOGLYPH && hi >= 0x80) &&
	    !emit_fast(v, lab, ln, kind, &rc)) {
		memcpy(v->whole, p->cp, p->reg * sizeof(*lab));
		memcpy(v->whole + p->reg, lab, ln * sizeof(*lab));
		memcpy(v->whole + p->reg + ln, p->cp + p->base,
		    post * sizeof(*lab));
		rc = emit_name(v, v->whole, n, kind, 0);
	}
	if (rc == 0 && (v->flags & TG_VARIANTS_TLD_EVERY) &&
	    is_label_kind(kind)) {
		memcpy(v->whole, p->cp, p->reg * sizeof(*lab));
		memcpy(v->whole + p->reg, lab, ln * sizeof(*lab));
		memcpy(v->whole + p->reg + ln, p->cp + p->base,
		    post * sizeof(*lab));
		rc = emit_swapped(v, v->whole, n, kind);
	}
	return rc;
}

/* The byte offset in alabel of the label that starts at code point reg
 * of the U-label form. */
static size_t
label_start(const char *alabel, const uint32_t *cp, size_t reg)
{
	size_t i, k = 0, at = 0;

	for (i = 0; i < reg; i++)
		k += cp[i] == '.';
	for (i = 0; alabel[i] != '\0' && k > 0; i++)
		if (alabel[i] == '.') {
			k--;
			at = i + 1;
		}
	return k == 0 ? at : 0;
}

/*
 * Whether every label in place of the registrable one leaves the split
 * as it is: no rule of the ICANN section below the suffix (a wildcard
 * matches a probe label; a rule "x.suffix" is one of the TLD's children).
 */
static int
suffix_is_leaf(const struct tg__sfx *sfx, const char *s, size_t n)
{
	char probe[TG_DOMAIN_MAX + 8];
	const char *const *list;
	const char *tld;
	size_t i, k, tn;

	if (n + 5 > TG_DOMAIN_MAX)
		return 0;
	memcpy(probe, "x-0.", 4);
	memcpy(probe + 4, s, n);
	if (tg__sfx_lookup(sfx, probe, n + 4, TG__SFX_ICANN_ONLY, NULL) != n)
		return 0;
	for (tld = s + n; tld > s && tld[-1] != '.'; tld--)
		;
	tn = (size_t)(s + n - tld);
	k = tg__sfx_children(sfx, tld, tn, &list);
	for (i = 0; i < k; i++) {
		size_t ln = strlen(list[i]);

		if (ln > n && list[i][ln - n - 1] == '.' &&
		    memcmp(list[i] + ln - n, s, n) == 0)
			return 0;
	}
	return 1;
}

static int
tld_takes_idn(const char *alabel)
{
	const char *t = strrchr(alabel, '.');

	t = t != NULL ? t + 1 : alabel;
	return tg__tld_takes_idn(t, strlen(t));
}

static void
label_path_setup(struct vrun *v, const struct tg_domain *d)
{
	const struct tg__name *p = v->p;
	size_t sfx_a, sfx_u;

	v->ulabel = d->ulabel;
	v->alen = d->alabel_len;
	v->ulen = strlen(d->ulabel);
	v->pre_a = label_start(d->alabel, p->cp, p->reg);
	v->pre_u = label_start(d->ulabel, p->cp, p->reg);
	sfx_a = label_start(d->alabel, p->cp, p->base + 1);
	sfx_u = label_start(d->ulabel, p->cp, p->base + 1);
	if (sfx_a == 0 || sfx_u == 0 || !tg__idna_table_on() ||
	    !tg__slip_shortcuts_on() ||
	    !suffix_is_leaf(v->sfx, d->alabel + sfx_a, v->alen - sfx_a))
		return;
	v->post_a = sfx_a - 1;
	v->post_u = sfx_u - 1;
	v->exp_base = tg__exposure_base(v->sfx, d->alabel, d->alabel_len,
	    (size_t)-1);
	tg__index_lists_tail(v->ix, d->alabel + v->post_a,
	    v->alen - v->post_a, &v->tail);
	memcpy(v->qcp, p->cp, p->reg * sizeof(*v->qcp));
	memcpy(v->abuf, d->alabel, v->pre_a);
	memcpy(v->ubuf, d->ulabel, v->pre_u);
	v->label_path = 1;
}

int
tg_variants(const tg_index *ix, const char *domain, size_t len,
    const struct tg_variants_opts *opts, tg_variant_fn fn, void *arg,
    struct tg_error *err)
{
	struct tg__gen g;
	struct vrun v;
	struct tg_domain d;
	struct tg__namebuf pb;
	struct tg__entry rule_entry;
	unsigned kinds;
	int rc = TG_OK, k, is_rule;

	if (ix == NULL || fn == NULL || (domain == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_variants: NULL argument");
	if (!tg__index_sealed(ix))
		return tg__error_set(err, TG_ESTATE, TG_NO_OFFSET,
		    "the index is not sealed");
	is_rule = len > 1 && domain[0] == '.';
	rc = tg_domain_parse(tg__index_ctx(ix), domain + is_rule,
	    len - (size_t)is_rule, &d, err);
	if (rc != TG_OK)
		return rc;
	memset(&v, 0, sizeof(v));
	v.ix = ix;
	v.sfx = tg__ctx_sfx(tg__index_ctx(ix));
	v.alabel = d.alabel;
	v.flags = opts != NULL ? opts->flags : 0;
	v.fn = fn;
	v.arg = arg;
	memset(&g, 0, sizeof(g));
	g.sfx = v.sfx;
	g.layouts = opts != NULL && opts->layouts != 0 ? opts->layouts :
	    (1u << TG_LAYOUT_COUNT) - 1;
	if (opts != NULL && opts->tlds != NULL) {
		g.tlds = opts->tlds;
		g.ntlds = opts->ntlds;
	}
	v.tlds = g.tlds != NULL ? g.tlds : tg__habit_tlds;
	v.ntlds = g.tlds != NULL ? g.ntlds : tg__habit_tld_count;
	kinds = opts != NULL && opts->kinds != 0 ? opts->kinds : TG_KINDS_ALL;
	if (tg__name_from_domain(v.sfx, &d, &pb) != TG_OK)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "%s is not a name to make variants of", d.alabel);
	if (is_rule) {
		unsigned flags = 0;

		if (tg__sfx_lookup(v.sfx, d.alabel, d.alabel_len,
		    TG__SFX_ICANN_ONLY, &flags) != d.alabel_len ||
		    !(flags & TG__SFX_KNOWN))
			return tg__error_set(err, TG_ELIST_SYNTAX, TG_NO_OFFSET,
			    ".%s is not a public suffix", d.alabel);
		v.rule = tg__index_entry(ix, d.alabel, d.alabel_len);
		if (v.rule == NULL || !(v.rule->flags & TG__ENTRY_RULE)) {
			memset(&rule_entry, 0, sizeof(rule_entry));
			rule_entry.nm = pb.nm;
			v.rule = &rule_entry;
		}
		v.regdom = "";
		if (kinds & (1u << TG_KIND_TLD_TYPO))
			rc = tg__generate_rule(&g, pb.nm.cp, pb.nm.n, emit, &v);
	} else {
		if (pb.nm.base == 0)
			return tg__error_set(err, TG_ELIST_SYNTAX, TG_NO_OFFSET,
			    "%s is a public suffix: write .%s for its TLD "
			    "typos", d.alabel, d.alabel);
		v.p = &pb.nm;
		v.regdom = d.alabel + label_start(d.alabel, pb.nm.cp,
		    pb.nm.reg);
		label_path_setup(&v, &d);
		if (v.label_path)
			g.label_fn = emit_label;
		v.no_idn = !tld_takes_idn(d.alabel);
		g.ascii_only = v.no_idn && !(v.flags & TG_VARIANTS_TLD_EVERY);
		for (k = 0; k < TG_KIND_COUNT && rc == TG_OK; k++)
			if (kinds & (1u << k))
				rc = tg__generate(&g, &pb.nm, k, emit, &v);
	}
	nameset_free(&v.seen);
	if (rc == TG_ENOMEM || v.oom)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	if (rc != TG_OK)
		return rc;
	tg__error_clear(err);
	return TG_OK;
}
