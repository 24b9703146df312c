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

#include "ctx_int.h"
#include "error_int.h"
#include "index_int.h"
#include "slip_int.h"
#include "suffix_int.h"
#include "text_int.h"

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
	struct strmap seen;
	int oom;
	const char *const *tlds;       /* for TG_VARIANTS_TLD_EVERY */
	size_t ntlds;
};

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

/* A label variant under every tld-swap target too (two slips). */
static int
emit_swapped(struct vrun *v, const uint32_t *cp, size_t n, int kind)
{
	uint32_t out[TG__NAME_MAX + 1];
	size_t i, k, base = v->p->n - v->p->base;   /* old suffix, with dot */
	int rc;

	if (n <= base)
		return 0;
	for (i = 0; i < v->ntlds; i++) {
		size_t tn = strlen(v->tlds[i]), m = n - base;

		if (m + 1 + tn > TG__NAME_MAX)
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
	int rc;

	rc = emit_name(v, cp, n, kind, 0);
	if (rc == 0 && v->p != NULL && (v->flags & TG_VARIANTS_TLD_EVERY) &&
	    is_label_kind(kind))
		rc = emit_swapped(v, cp, n, kind);
	return rc;
}

static int
emit_name(struct vrun *v, const uint32_t *cp, size_t n, int kind,
    unsigned extra)
{
	const tg_ctx *ctx = tg__index_ctx(v->ix);
	char buf[TG_UDOMAIN_MAX + 8];
	struct tg_domain d;
	struct tg__namebuf qb;
	struct tg_variant out;
	const struct tg__entry *prot;
	const char *allow, *legit;
	size_t len;
	double pl = 0;
	int rc;

	if ((len = utf8_put(cp, n, buf, sizeof(buf))) == 0)
		return 0;
	if (tg_domain_parse(ctx, buf, len, &d, NULL) != TG_OK)
		return 0;
	if (strcmp(d.alabel, v->alabel) == 0)
		return 0;
	memset(&out, 0, sizeof(out));
	if (v->p != NULL && extra != 0) {
		if (tg__name_from_domain(v->sfx, &d, &qb) != TG_OK ||
		    qb.nm.base == 0)
			return 0;
		out.flags |= extra;
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
		out.flags |= TG_VARIANT_SUFFIX;
	}
	rc = tg__strmap_add(&v->seen, d.alabel, d.alabel_len, 0);
	if (rc < 0) {
		v->oom = 1;
		return TG_ENOMEM;
	}
	if (rc == 0)
		return 0;
	tg__index_lists(v->ix, d.alabel, d.alabel_len, &prot, &allow, &legit);
	if (prot != NULL || allow != NULL)
		return 0;
	if (v->p != NULL && legit != NULL) {
		if (!(v->flags & TG_VARIANTS_MARK_LEGIT))
			return 0;
		out.flags |= TG_VARIANT_LEGIT;
	}
	out.exposure = tg__exposure(v->sfx, d.alabel, d.alabel_len, v->regdom);
	if (out.exposure == TG_EXPOSURE_UNDELEGATED)
		return 0;
	if (v->p != NULL && extra != 0) {
		pl = 0;         /* two slips: no plausibility of its own */
	} else if (v->p != NULL) {
		tg__classify(v->sfx, v->p, &qb.nm, tg__index_weights(v->ix),
		    (1u << TG_LAYOUT_COUNT) - 1, 1u << kind, &pl);
	} else {
		struct tg__name q = { .cp = cp, .n = n };
		uint32_t tmp[TG__NAME_MAX + 3];

		/* As the typo of a name under the rule: "x.ml". */
		tmp[0] = 'x';
		tmp[1] = '.';
		memcpy(tmp + 2, cp, n * sizeof(*tmp));
		q.cp = tmp;
		q.n = n + 2;
		q.base = 1;
		q.reg = 0;
		q.labels = 2;
		tg__classify_rule(v->rule->nm.cp, v->rule->nm.n, &q,
		    tg__index_weights(v->ix), (1u << TG_LAYOUT_COUNT) - 1, &pl);
	}
	out.domain = d.alabel;
	out.unicode = d.ulabel;
	out.kind = (enum tg_kind)kind;
	out.plausibility = pl;
	return v->fn(&out, v->arg);
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
		for (k = 0; k < TG_KIND_COUNT && rc == TG_OK; k++)
			if (kinds & (1u << k))
				rc = tg__generate(&g, &pb.nm, k, emit, &v);
	}
	tg__strmap_free(&v.seen);
	if (rc == TG_ENOMEM || v.oom)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	if (rc != TG_OK)
		return rc;
	tg__error_clear(err);
	return TG_OK;
}
