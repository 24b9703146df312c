/*
 * gen.c - variant generators, one per slip kind.
 *
 * Each generator makes the edits of its kind in the registrable label (or
 * the suffix, or the dots between labels) and hands the whole name to the
 * caller.  Which edits belong to a kind is decided by the predicates in
 * slip.c, which the detector uses too: a generator only enumerates.  The
 * caller (variants.c) validates each name (IDNA2008, host name rules),
 * removes duplicates and checks that the suffix split is what the kind
 * says.
 */
#include <string.h>

#include "alloc_int.h"
#include "glyph_int.h"
#include "keyboard_int.h"
#include "slip_int.h"
#include "suffix_int.h"

/*
 * TLDs people type by habit instead of the right one: the largest TLDs by
 * registrations.  Source, ranking and the choice: data/tld-swap.txt,
 * which this list must follow.
 */
const char *const tg__habit_tlds[] = {
	"com", "cn", "de", "net", "uk", "org", "nl", "ru", "br", "eu", "fr",
	"au", "info",
};
const size_t tg__habit_tld_count =
    sizeof(tg__habit_tlds) / sizeof(tg__habit_tlds[0]);

/*
 * TLDs whose registries register no IDNs: source and the choice in
 * data/idn-none.txt, which this list must follow.  The homoglyph kind
 * makes only ASCII look-alikes under them.
 */
const char *const tg__idn_none_tlds[] = { "cz", "edu", "nl", "uk", "us" };
const size_t tg__idn_none_count =
    sizeof(tg__idn_none_tlds) / sizeof(tg__idn_none_tlds[0]);

int
tg__tld_takes_idn(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < tg__idn_none_count; i++)
		if (strlen(tg__idn_none_tlds[i]) == n &&
		    memcmp(tg__idn_none_tlds[i], t, n) == 0)
			return 0;
	return 1;
}

struct gen_run {
	const struct tg__gen *g;
	const struct tg__name *p;
	int kind;
	tg__gen_fn fn;
	void *arg;
	uint32_t buf[TG__NAME_MAX + 8];
};

/* Emits pre + label + post, where pre and post come from p around the
 * registrable label. */
static int
emit_label(struct gen_run *r, const uint32_t *label, size_t n)
{
	const struct tg__name *p = r->p;
	size_t post = p->n - p->base, total = p->reg + n + post;

	if (total > TG__NAME_MAX || n == 0)
		return 0;
	if (r->g->label_fn != NULL)
		return r->g->label_fn(label, n, r->kind, r->arg);
	memcpy(r->buf, p->cp, p->reg * sizeof(*r->buf));
	memcpy(r->buf + p->reg, label, n * sizeof(*r->buf));
	memcpy(r->buf + p->reg + n, p->cp + p->base, post * sizeof(*r->buf));
	return r->fn(r->buf, total, r->kind, r->arg);
}

/* Emits base + "." + the ASCII suffix s. */
static int
emit_suffix(struct gen_run *r, const char *s, size_t sn)
{
	const struct tg__name *p = r->p;
	size_t i, total = p->base + 1 + sn;

	if (total > TG__NAME_MAX)
		return 0;
	memcpy(r->buf, p->cp, p->base * sizeof(*r->buf));
	r->buf[p->base] = '.';
	for (i = 0; i < sn; i++)
		r->buf[p->base + 1 + i] = (unsigned char)s[i];
	return r->fn(r->buf, total, r->kind, r->arg);
}

/* Emits the whole name given. */
static int
emit_name(struct gen_run *r, const uint32_t *cp, size_t n)
{
	if (n > TG__NAME_MAX || n == 0)
		return 0;
	return r->fn(cp, n, r->kind, r->arg);
}

#define L(r) ((r)->p->cp + (r)->p->reg)
#define LN(r) ((r)->p->base - (r)->p->reg)

static int
gen_delete(struct gen_run *r, size_t at)
{
	uint32_t tmp[TG_LABEL_MAX + 8];
	size_t n = LN(r);

	if (n > TG_LABEL_MAX)
		return 0;
	memcpy(tmp, L(r), at * sizeof(*tmp));
	memcpy(tmp + at, L(r) + at + 1, (n - at - 1) * sizeof(*tmp));
	return emit_label(r, tmp, n - 1);
}

static int
gen_insert(struct gen_run *r, size_t at, const uint32_t *ins, size_t k)
{
	uint32_t tmp[TG_LABEL_MAX + 8];
	size_t n = LN(r);

	if (n > TG_LABEL_MAX)
		return 0;
	memcpy(tmp, L(r), at * sizeof(*tmp));
	memcpy(tmp + at, ins, k * sizeof(*tmp));
	memcpy(tmp + at + k, L(r) + at, (n - at) * sizeof(*tmp));
	return emit_label(r, tmp, n + k);
}

static int
gen_replace(struct gen_run *r, size_t at, uint32_t c)
{
	uint32_t tmp[TG_LABEL_MAX + 8];
	size_t n = LN(r);

	if (n > TG_LABEL_MAX)
		return 0;
	memcpy(tmp, L(r), n * sizeof(*tmp));
	tmp[at] = c;
	return emit_label(r, tmp, n);
}


static const char alnum[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static int
gen_keyboard(struct gen_run *r)
{
	size_t i, n = LN(r);
	const char *nb;
	uint32_t c;
	int l, rc;

	for (i = 0; i < n; i++) {
		c = L(r)[i];
		if (c >= 0x80)
			continue;
		for (l = 0; l < TG_LAYOUT_COUNT; l++) {
			if (!(r->g->layouts & (1u << l)))
				continue;
			for (nb = tg__kb_neighbours((enum tg_layout)l,
			    (unsigned char)c); *nb != '\0'; nb++) {
				uint32_t b = (unsigned char)*nb;

				if (r->kind == TG_KIND_REPLACEMENT)
					rc = gen_replace(r, i, b);
				else if ((rc = gen_insert(r, i, &b, 1)) == 0)
					rc = gen_insert(r, i + 1, &b, 1);
				if (rc != 0)
					return rc;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Look-alikes, in dnstwist's manner: a round substitutes one character,
 * or one or both characters of a window of two, or a two-character
 * sequence; two rounds.                                                 */

/* The first round's strings, each once. */
struct cpset {
	uint32_t *data;   /* strings back to back */
	size_t *off;      /* start of each string; off[count] = end */
	size_t count, cap, dcap;
	uint64_t *hash;   /* open addressing: hash << 32 | string index + 1 */
	size_t hcap;
	/* The leftmost position where one rule made each string from the
	 * label. */
	uint32_t *first;
	int oom;
};

/* tg__gen_shortcuts() */
static int gen_shortcuts = 1;

void
tg__gen_shortcuts(int on)
{
	gen_shortcuts = on;
}
#define MIX_MAX (TG_LABEL_MAX * 2)

/* The slot hash of s[0..n). */
static uint32_t
hash_of(const uint32_t *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0xbf58476d1ce4e5b9ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = h * 0x9e3779b97f4a7c15ull + s[i];
	h ^= h >> 31;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

static int
cpset_grow(struct cpset *set)
{
	size_t ncap = set->hcap ? set->hcap * 2 : 1024, i, at;
	uint64_t *nh = tg__calloc(ncap, sizeof(*nh));

	if (nh == NULL)
		return 0;
	for (i = 0; i < set->hcap; i++) {
		uint64_t v = set->hash[i];

		if (v == 0)
			continue;
		/* The slot comes from the hash, kept in the high half of v. */
		at = (size_t)(v >> 32) & (ncap - 1);
		while (nh[at] != 0)
			at = (at + 1) & (ncap - 1);
		nh[at] = v;
	}
	tg__free(set->hash);
	set->hash = nh;
	set->hcap = ncap;
	return 1;
}

/*
 * Adds s[0..n), made by a rule at at, unless present (then keeps the
 * least at); returns 1 when added.
 */
static int
cpset_add(struct cpset *set, const uint32_t *s, size_t n, size_t at)
{
	uint32_t h = hash_of(s, n);
	size_t slot, k, end;

	if (set->oom || set->count >= UINT32_MAX - 1) {
		set->oom = 1;
		return 0;
	}
	if ((set->count + 1) * 2 > set->hcap && !cpset_grow(set)) {
		set->oom = 1;
		return 0;
	}
	slot = (size_t)h & (set->hcap - 1);
	while (set->hash[slot] != 0) {
		k = (size_t)(set->hash[slot] & 0xffffffffu) - 1;
		if ((set->hash[slot] >> 32) == h &&
		    set->off[k + 1] - set->off[k] == n &&
		    memcmp(set->data + set->off[k], s, n * sizeof(*s)) == 0) {
			if (at < set->first[k])
				set->first[k] = (uint32_t)at;
			return 0;
		}
		slot = (slot + 1) & (set->hcap - 1);
	}
	if (set->count + 2 > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 256;
		size_t *no = tg__realloc(set->off, ncap * sizeof(*no));
		uint32_t *nf;

		if (no == NULL) {
			set->oom = 1;
			return 0;
		}
		set->off = no;
		nf = tg__realloc(set->first, ncap * sizeof(*nf));
		if (nf == NULL) {
			set->oom = 1;
			return 0;
		}
		set->first = nf;
		set->cap = ncap;
	}
	if (set->count == 0)
		set->off[0] = 0;
	end = set->off[set->count];
	if (end + n > set->dcap) {
		size_t ncap = set->dcap ? set->dcap * 2 : 4096;
		uint32_t *nd;

		while (ncap < end + n)
			ncap *= 2;
		nd = tg__realloc(set->data, ncap * sizeof(*nd));
		if (nd == NULL) {
			set->oom = 1;
			return 0;
		}
		set->data = nd;
		set->dcap = ncap;
	}
	memcpy(set->data + end, s, n * sizeof(*s));
	set->off[set->count + 1] = end + n;
	set->first[set->count] = (uint32_t)at;
	set->hash[slot] = (uint64_t)h << 32 | ((uint64_t)set->count + 1);
	set->count++;
	return 1;
}

static void
cpset_free(struct cpset *set)
{
	tg__free(set->data);
	tg__free(set->off);
	tg__free(set->hash);
	tg__free(set->first);
	memset(set, 0, sizeof(*set));
}

/*
 * Where a round's strings go: into a set (the first round), or each
 * straight to emit_label() (the second: tg_variants() keeps the names it
 * has printed, so a string made twice is printed once).
 */
struct sink {
	struct cpset *set;              /* or NULL: emit */
	struct gen_run *r;
	int rc;                         /* the first nonzero emit_label() */
};

/* s[0..i) m[0..mn) s[j..n) to the sink (a rule at i): 0, or nonzero to
 * stop. */
static int
sink_put(struct sink *o, const uint32_t *s, size_t n, size_t i,
    const uint32_t *m, size_t mn, size_t j)
{
	uint32_t tmp[MIX_MAX + 4];

	memcpy(tmp, s, i * sizeof(*tmp));
	memcpy(tmp + i, m, mn * sizeof(*tmp));
	memcpy(tmp + i + mn, s + j, (n - j) * sizeof(*tmp));
	if (o->set != NULL) {
		cpset_add(o->set, tmp, i + mn + n - j, i);
		return o->set->oom;
	}
	o->rc = emit_label(o->r, tmp, i + mn + n - j);
	return o->rc;
}

/*
 * One round over s[0..n): every result goes to out (after s itself when
 * self).  A window of two where both characters are one letter has that
 * letter replaced by one glyph twice; dnstwist's windows also replace one
 * character of two different ones, which is a substitution of the first
 * loop, so those are not made again.  No rule is applied to a window that
 * ends at or before skip (see gen_homoglyph()).  Returns nonzero when the
 * sink says stop.
 */
static int
mix(const uint32_t *s, size_t n, unsigned tables, struct sink *out,
    int self, size_t skip)
{
	uint32_t tmp[4];
	const struct tg__glyph_sub *sub;
	size_t i, k, ns;

	/* A label has at most TG_LABEL_MAX code points; a round adds two. */
	if (n > MIX_MAX)
		return 0;
	if (self && sink_put(out, s, n, n, s, 0, n) != 0)  /* s itself */
		return 1;
	for (i = 0; i < n; i++) {
		if (i + 2 <= skip)
			continue;
		ns = tg__glyph_subs(s + i, n - i, tables, &sub);
		for (k = 0; k < ns; k++)
			if (i + sub[k].from_len > skip &&
			    sink_put(out, s, n, i, sub[k].to, sub[k].to_len,
			    i + sub[k].from_len) != 0)
				return 1;
	}
	for (i = 0; i + 1 < n; i++) {
		if (s[i] != s[i + 1] || i + 2 <= skip)
			continue;
		ns = tg__glyph_subs(s + i, 1, tables, &sub);
		for (k = 0; k < ns; k++) {
			if (sub[k].from_len != 1)
				continue;
			tmp[0] = sub[k].to[0];
			tmp[1] = sub[k].to[1];
			memcpy(tmp + sub[k].to_len, tmp, sub[k].to_len *
			    sizeof(*tmp));
			if (sink_put(out, s, n, i, tmp, 2u * sub[k].to_len,
			    i + 2) != 0)
				return 1;
		}
	}
	return 0;
}

/*
 * Two rounds; the second applies every rule anywhere in what the first
 * made, also over its own output ("b" -> "lb" -> "llb", "m" -> "nn" ->
 * "rn" read across the "r" before it), as dnstwist does.  The detector's
 * alignment (slip.c) knows these two-rule chains.
 *
 * The first round's strings are kept in a set, once each; the second
 * round's go out as they are made, so a name made by two paths goes out
 * twice (tg_variants() prints it once) and no set of the second round's
 * names is held: for a long label it is most of the names, and writing
 * them down and reading them back cost more than the repeats.
 *
 * The second round leaves out what it would only make again: a string s1
 * of the first round, made by a rule A at p at the least (one.first), is
 * the label up to p; a rule B on a window there gives B(A(label)), which
 * is A(B(label)), where A's window lies right of B's and so right of the
 * least p of B(label), and is made there.  Sound while a rule reads only
 * its window (test_gen checks the one-character rules do not depend on
 * the next character) and without changing what is made, only the order
 * in which it is made.
 */
static int
gen_homoglyph(struct gen_run *r)
{
	const unsigned t = r->g->ascii_only ? TG__GLYPH_ASCII :
	    TG__GLYPH_ASCII | TG__GLYPH_LATIN;
	struct cpset one = { 0 };
	struct sink first = { .set = &one, .r = r }, second = { .r = r };
	size_t i;
	int rc = 0;

	mix(L(r), LN(r), t, &first, 0, 0);
	if (one.oom)
		rc = TG_ENOMEM;
	for (i = 0; i < one.count && rc == 0; i++)
		if (mix(one.data + one.off[i], one.off[i + 1] - one.off[i], t,
		    &second, 1, gen_shortcuts ? one.first[i] : 0) != 0)
			rc = second.rc;
	cpset_free(&one);
	return rc;
}

/* A label written wholly in one other script, where every character has
 * a look-alike there (the classic homograph, and dnstwist's cyrillic). */
static int
gen_whole_script(struct gen_run *r, uint32_t lo, uint32_t hi)
{
	uint32_t tmp[TG_LABEL_MAX + 8];
	const struct tg__glyph_sub *sub;
	size_t i, k, ns, n = LN(r);

	if (n > TG_LABEL_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		ns = tg__glyph_subs(L(r) + i, 1, TG__GLYPH_CONFUSABLE, &sub);
		for (k = 0; k < ns; k++)
			if (sub[k].from_len == 1 && sub[k].to_len == 1 &&
			    sub[k].to[0] >= lo && sub[k].to[0] <= hi)
				break;
		if (k == ns)
			return 0;
		tmp[i] = sub[k].to[0];
	}
	return emit_label(r, tmp, n);
}

static int
gen_confusable(struct gen_run *r)
{
	uint32_t tmp[TG_LABEL_MAX + 8];
	const struct tg__glyph_sub *sub;
	size_t i, k, ns, n = LN(r), m;
	int rc;

	if (n > TG_LABEL_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		ns = tg__glyph_subs(L(r) + i, n - i, TG__GLYPH_CONFUSABLE, &sub);
		for (k = 0; k < ns; k++) {
			memcpy(tmp, L(r), i * sizeof(*tmp));
			m = i;
			tmp[m++] = sub[k].to[0];
			if (sub[k].to_len == 2)
				tmp[m++] = sub[k].to[1];
			memcpy(tmp + m, L(r) + i + sub[k].from_len,
			    (n - i - sub[k].from_len) * sizeof(*tmp));
			if ((rc = emit_label(r, tmp, m + n - i -
			    sub[k].from_len)) != 0)
				return rc;
		}
	}
	/* Cyrillic and its supplement (komi de, reversed ze ...: d, g, q, w) */
	if ((rc = gen_whole_script(r, 0x0400, 0x052f)) != 0)
		return rc;
	return gen_whole_script(r, 0x0370, 0x03ff);           /* Greek */
}

/* ------------------------------------------------------------------ */
/* Dots, suffixes                                                       */

/* Whether the ASCII suffix s is one a name can end in: a delegated TLD,
 * or a suffix of the ICANN section, that is the suffix of a name one label
 * longer (not so for a TLD with only a wildcard rule, "*.np": there every
 * name's suffix has two labels). */
static int
is_suffix(const struct tg__sfx *sfx, const char *s, size_t n)
{
	char name[TG_DOMAIN_MAX + 4];
	unsigned flags = 0;

	if (n + 3 > sizeof(name))
		return 0;
	if (memchr(s, '.', n) == NULL && !tg__sfx_is_tld(sfx, s, n))
		return 0;
	name[0] = 'x';
	name[1] = '.';
	memcpy(name + 2, s, n);
	return tg__sfx_lookup(sfx, name, n + 2, TG__SFX_ICANN_ONLY, &flags) ==
	    n && (memchr(s, '.', n) == NULL || (flags & TG__SFX_KNOWN));
}

/* The suffix of p in ASCII; 0 when it is not ASCII. */
static size_t
suffix_ascii(const struct tg__name *p, char *out, size_t size)
{
	size_t i, n = p->n - p->base - 1;

	if (n + 1 > size)
		return 0;
	for (i = 0; i < n; i++) {
		uint32_t c = p->cp[p->base + 1 + i];

		if (c >= 0x80)
			return 0;
		out[i] = (char)c;
	}
	out[n] = '\0';
	return n;
}

static int
has_empty_label(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			return 1;
	return 0;
}

static int
gen_tld_typo_of(struct gen_run *r, const char *x, size_t xn,
    int (*emit)(struct gen_run *, const char *, size_t))
{
	char t[TG_DOMAIN_MAX + 2];
	size_t i, k;
	int rc;

	if (xn == 0 || xn + 1 >= sizeof(t))
		return 0;
#define TRY(len) do { \
	if ((len) > 0 && t[0] != '.' && t[(len) - 1] != '.' && \
	    !has_empty_label(t, (len)) && \
	    is_suffix(r->g->sfx, t, (len)) && \
	    ((len) != xn || memcmp(t, x, xn) != 0) && \
	    (rc = emit(r, t, (len))) != 0) \
		return rc; \
} while (0)
	for (i = 0; i < xn; i++) {          /* a letter left out */
		memcpy(t, x, i);
		memcpy(t + i, x + i + 1, xn - i - 1);
		TRY(xn - 1);
	}
	for (i = 0; i + 1 < xn; i++) {      /* two swapped */
		memcpy(t, x, xn);
		t[i] = x[i + 1];
		t[i + 1] = x[i];
		TRY(xn);
	}
	for (i = 0; i < xn; i++) {          /* one replaced */
		if (x[i] == '.')
			continue;
		for (k = 10; k < sizeof(alnum) - 1; k++) {
			memcpy(t, x, xn);
			t[i] = alnum[k];
			TRY(xn);
		}
	}
	for (i = 0; i <= xn; i++) {         /* one added */
		for (k = 10; k < sizeof(alnum) - 1; k++) {
			memcpy(t, x, i);
			t[i] = alnum[k];
			memcpy(t + i + 1, x + i, xn - i);
			TRY(xn + 1);
		}
	}
#undef TRY
	return 0;
}

static int
gen_suffixes(struct gen_run *r)
{
	const struct tg__name *p = r->p;
	char x[TG_DOMAIN_MAX + 1];
	const char *const *list;
	const char *dot;
	size_t xn, n, i, ndots;
	int rc;

	if ((xn = suffix_ascii(p, x, sizeof(x))) == 0)
		return 0;
	switch (r->kind) {
	case TG_KIND_TLD_TYPO:
		return gen_tld_typo_of(r, x, xn, emit_suffix);
	case TG_KIND_TLD_SWAP:
		list = r->g->tlds != NULL ? r->g->tlds : tg__habit_tlds;
		n = r->g->tlds != NULL ? r->g->ntlds : tg__habit_tld_count;
		for (i = 0; i < n; i++) {
			size_t tn = strlen(list[i]);

			const char *xt = strrchr(x, '.');

			xt = xt != NULL ? xt + 1 : x;
			/* Another TLD; within the same TLD it is a
			 * suffix-swap. */
			if ((tn == strlen(xt) && memcmp(list[i], xt, tn) == 0) ||
			    !tg__sfx_is_tld(r->g->sfx, list[i], tn))
				continue;
			if ((rc = emit_suffix(r, list[i], tn)) != 0)
				return rc;
		}
		return 0;
	case TG_KIND_SUFFIX_SWAP:
		dot = strrchr(x, '.');
		for (ndots = 0, i = 0; i < xn; i++)
			ndots += x[i] == '.';
		if (dot != NULL) {
			/* co.uk -> uk, and its siblings org.uk ... */
			if ((rc = emit_suffix(r, dot + 1, strlen(dot + 1))) != 0)
				return rc;
			n = tg__sfx_children(r->g->sfx, dot + 1, strlen(dot + 1),
			    &list);
		} else {
			/* uk -> co.uk ... */
			n = tg__sfx_children(r->g->sfx, x, xn, &list);
		}
		for (i = 0; i < n; i++) {
			size_t tn = strlen(list[i]), k, nd = 0;

			for (k = 0; k < tn; k++)
				nd += list[i][k] == '.';
			if (nd != (ndots > 0 ? ndots : 1) ||
			    (tn == xn && memcmp(list[i], x, xn) == 0))
				continue;
			if ((rc = emit_suffix(r, list[i], tn)) != 0)
				return rc;
		}
		return 0;
	default:
		return 0;
	}
}

/* armymil.mil, armymil.com, army-mil.com */
static int
gen_tld_in_label(struct gen_run *r)
{
	const struct tg__name *p = r->p;
	uint32_t out[TG__NAME_MAX + 8];
	char x[TG_DOMAIN_MAX + 1];
	size_t xn, n, i, k;
	int hyphen, com, rc;

	if ((xn = suffix_ascii(p, x, sizeof(x))) == 0)
		return 0;
	for (hyphen = 0; hyphen <= 1; hyphen++) {
		for (com = 0; com <= 1; com++) {
			if (!com && hyphen)
				continue;
			if (com && hyphen && strcmp(x, "com") == 0)
				continue;
			n = p->base;
			if (n + xn + 6 + xn > TG__NAME_MAX)
				return 0;
			memcpy(out, p->cp, n * sizeof(*out));
			if (hyphen)
				out[n++] = '-';
			for (i = 0; i < xn; i++)
				if (x[i] != '.')
					out[n++] = (unsigned char)x[i];
				else if (hyphen)
					out[n++] = '-';
			out[n++] = '.';
			if (com) {
				for (k = 0; k < 3; k++)
					out[n++] = (unsigned char)"com"[k];
			} else {
				for (k = 0; k < xn; k++)
					out[n++] = (unsigned char)x[k];
			}
			if ((rc = emit_name(r, out, n)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The dots left of the suffix: left out, or typed as hyphens; the dot
 * before a suffix of two labels may be left out too (armyco.uk). */
static int
gen_dots(struct gen_run *r)
{
	const struct tg__name *p = r->p;
	uint32_t out[TG__NAME_MAX + 1];
	size_t i, last, sfx_dots = 0;
	int rc;

	for (i = p->base + 1; i < p->n; i++)
		sfx_dots += p->cp[i] == '.';
	last = r->kind == TG_KIND_MISSING_DOT && sfx_dots > 0 ? p->base :
	    p->base - 1;
	for (i = 0; i <= last && i < p->n; i++) {
		if (p->cp[i] != '.')
			continue;
		memcpy(out, p->cp, p->n * sizeof(*out));
		if (r->kind == TG_KIND_DOT_HYPHEN) {
			out[i] = '-';
			rc = emit_name(r, out, p->n);
		} else {
			memmove(out + i, out + i + 1,
			    (p->n - i - 1) * sizeof(*out));
			rc = emit_name(r, out, p->n - 1);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ */

int
tg__generate(const struct tg__gen *g, const struct tg__name *p, int kind,
    tg__gen_fn fn, void *arg)
{
	struct gen_run r = { .g = g, .p = p, .kind = kind, .fn = fn, .arg = arg };
	size_t i, n = LN(&r);
	uint32_t c, b, es[2] = { 'e', 's' };
	const uint32_t *s = L(&r);
	int rc = 0;

	if (p->base == 0 || n == 0)
		return 0;
	if (n <= TG__SHORT_LABEL && !(TG__SHORT_LABEL_KINDS & (1u << kind)))
		return 0;
	switch (kind) {
	case TG_KIND_OMISSION:
		for (i = 0; i < n && rc == 0; i++)
			rc = gen_delete(&r, i);
		return rc;
	case TG_KIND_INSERTION:
	case TG_KIND_REPLACEMENT:
		return gen_keyboard(&r);
	case TG_KIND_REPETITION:
		for (i = 0; i < n && rc == 0; i++)
			rc = gen_insert(&r, i, &s[i], 1);
		return rc;
	case TG_KIND_TRANSPOSITION:
		for (i = 0; i + 1 < n && rc == 0; i++) {
			uint32_t tmp[TG_LABEL_MAX + 8];

			if (s[i] == s[i + 1] || n > TG_LABEL_MAX)
				continue;
			memcpy(tmp, s, n * sizeof(*tmp));
			tmp[i] = s[i + 1];
			tmp[i + 1] = s[i];
			rc = emit_label(&r, tmp, n);
		}
		return rc;
	case TG_KIND_VOWEL_SWAP:
		for (i = 0; i < n && rc == 0; i++) {
			if (!tg__is_vowel(s[i]))
				continue;
			for (b = 0; b < 5 && rc == 0; b++)
				if ((c = (unsigned char)"aeiou"[b]) != s[i])
					rc = gen_replace(&r, i, c);
		}
		return rc;
	case TG_KIND_ADDITION:
		for (b = 0; b < sizeof(alnum) - 1 && rc == 0; b++) {
			c = (unsigned char)alnum[b];
			rc = gen_insert(&r, n, &c, 1);
			for (i = 1; i < n && rc == 0; i++)
				if (s[i] == '-')
					rc = gen_insert(&r, i, &c, 1);
		}
		return rc;
	case TG_KIND_HYPHENATION:
		c = '-';
		for (i = 1; i < n && rc == 0; i++)
			rc = gen_insert(&r, i, &c, 1);
		return rc;
	case TG_KIND_HOMOGLYPH:
		return gen_homoglyph(&r);
	case TG_KIND_IDN_CONFUSABLE:
		return gen_confusable(&r);
	case TG_KIND_BITSQUATTING:
		for (i = 0; i < n && rc == 0; i++) {
			if (s[i] >= 0x80)
				continue;
			for (b = 0; b < 8 && rc == 0; b++)
				if (tg__is_host_char(c = s[i] ^ (1u << b)))
					rc = gen_replace(&r, i, c);
		}
		return rc;
	case TG_KIND_MISSING_DOT:
	case TG_KIND_DOT_HYPHEN:
		return gen_dots(&r);
	case TG_KIND_DOT_INSERTION:
		c = '.';
		for (i = 1; i < n && rc == 0; i++)
			if (s[i] != '-' && s[i - 1] != '-')
				rc = gen_insert(&r, i, &c, 1);
		return rc;
	case TG_KIND_PLURAL:
		for (i = 2; i + 2 < n && rc == 0; i++) {
			c = 's';
			if (s[i] == 's' || s[i] == 'x' || s[i] == 'z')
				rc = gen_insert(&r, i + 1, es, 2);
			else
				rc = gen_insert(&r, i + 1, &c, 1);
		}
		if (rc != 0)
			return rc;
		c = 's';
		if (s[n - 1] == 's' || s[n - 1] == 'x' || s[n - 1] == 'z')
			rc = gen_insert(&r, n, es, 2);
		else
			rc = gen_insert(&r, n, &c, 1);
		if (rc == 0 && s[n - 1] == 's' && n > 2)
			rc = gen_delete(&r, n - 1);
		return rc;
	case TG_KIND_TLD_TYPO:
	case TG_KIND_TLD_SWAP:
	case TG_KIND_SUFFIX_SWAP:
		return gen_suffixes(&r);
	case TG_KIND_TLD_IN_LABEL:
		return gen_tld_in_label(&r);
	default:
		return 0;
	}
}

/* For a suffix rule: the TLD typos themselves, as suffixes. */
static int
emit_bare(struct gen_run *r, const char *s, size_t sn)
{
	uint32_t out[TG__NAME_MAX + 1];
	size_t i;

	for (i = 0; i < sn; i++)
		out[i] = (unsigned char)s[i];
	return emit_name(r, out, sn);
}

int
tg__generate_rule(const struct tg__gen *g, const uint32_t *x, size_t xn,
    tg__gen_fn fn, void *arg)
{
	struct gen_run r = { .g = g, .kind = TG_KIND_TLD_TYPO, .fn = fn,
	    .arg = arg };
	char t[TG_DOMAIN_MAX + 1];
	size_t i;

	if (xn == 0 || xn >= sizeof(t))
		return 0;
	for (i = 0; i < xn; i++) {
		if (x[i] >= 0x80)
			return 0;
		t[i] = (char)x[i];
	}
	return gen_tld_typo_of(&r, t, xn, emit_bare);
}
