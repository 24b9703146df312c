/*
 * slip.c - the typo model: the kind table, the predicates that say which
 * kind an edit is, and the classifier that says how a recipient's name is
 * one slip from a protected one.
 *
 * The generator (gen.c) makes edits and keeps those these predicates
 * accept; the classifier finds the edits between two names and asks the
 * same predicates.  The plausibility weights are explained, with their
 * sources, in doc/typoguard-model.7.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glyph_int.h"
#include "keyboard_int.h"
#include "slip_int.h"
#include "suffix_int.h"
#include "text_int.h"

static size_t common_prefix(const uint32_t *a, size_t an, const uint32_t *b,
    size_t bn);
static size_t common_suffix(const uint32_t *a, size_t an, const uint32_t *b,
    size_t bn);

/* ------------------------------------------------------------------ */
/* The kind table                                                       */

/*
 * Weight of each kind: how readily people make the slip, relative to the
 * most common ones (a character left out, added or replaced).  The
 * figures behind them, and which are our judgement, are in
 * doc/typoguard-model.7.  The keyboard kinds are further weighted by the
 * layouts in which the two keys touch, look-alikes by how many characters
 * differ.  to_plaus() maps a weight in (0, 1] to a plausibility in
 * [PLAUS_FLOOR, 1], keeping the order.
 */
static const struct kind_row {
	const char *id;
	const char *text;
	double weight;
} kinds[TG_KIND_COUNT] = {
#define KIND_ROW(sym, id, text) [TG_KIND_##sym] = { id, text, 0 },
	TG_KIND_MAP(KIND_ROW)
#undef KIND_ROW
};

static const double kind_weight[TG_KIND_COUNT] = {
	[TG_KIND_OMISSION] = 0.90,
	[TG_KIND_INSERTION] = 0.80,
	[TG_KIND_REPETITION] = 0.80,
	[TG_KIND_REPLACEMENT] = 0.80,
	[TG_KIND_TRANSPOSITION] = 0.70,
	[TG_KIND_VOWEL_SWAP] = 0.50,
	[TG_KIND_ADDITION] = 0.50,
	[TG_KIND_HYPHENATION] = 0.30,
	[TG_KIND_HOMOGLYPH] = 0.30,
	[TG_KIND_IDN_CONFUSABLE] = 0.10,
	[TG_KIND_BITSQUATTING] = 0.05,
	[TG_KIND_MISSING_DOT] = 0.70,
	[TG_KIND_DOT_INSERTION] = 0.30,
	[TG_KIND_DOT_HYPHEN] = 0.30,
	[TG_KIND_PLURAL] = 0.40,
	[TG_KIND_TLD_TYPO] = 0.90,
	[TG_KIND_TLD_SWAP] = 0.60,
	[TG_KIND_SUFFIX_SWAP] = 0.65,
	[TG_KIND_TLD_IN_LABEL] = 0.30,
};

/* Labels this short get no label slips (tg__edit_kinds, gen.c). */
#define SHORT_LABEL TG__SHORT_LABEL

/* No slip that passes the predicates scores below this: see
 * TG_THRESHOLD_DEFAULT and the exposure factors in tg__score(). */
#define PLAUS_FLOOR 0.25

const char *
tg_kind_name(int kind)
{
	return kind >= 0 && kind < TG_KIND_COUNT ? kinds[kind].id : NULL;
}

const char *
tg_kind_text(int kind)
{
	return kind >= 0 && kind < TG_KIND_COUNT ? kinds[kind].text : NULL;
}

int
tg_kind_from_name(const char *name, size_t len)
{
	int k;

	if (name == NULL)
		return -1;
	for (k = 0; k < TG_KIND_COUNT; k++)
		if (strlen(kinds[k].id) == len &&
		    memcmp(kinds[k].id, name, len) == 0)
			return k;
	/* dnstwist's name for a dot inserted in a label. */
	if (len == 9 && memcmp(name, "subdomain", 9) == 0)
		return TG_KIND_DOT_INSERTION;
	return -1;
}

static const char *const exposure_names[TG_EXPOSURE_COUNT] = {
#define EXPOSURE_ROW(sym, id) [TG_EXPOSURE_##sym] = id,
	TG_EXPOSURE_MAP(EXPOSURE_ROW)
#undef EXPOSURE_ROW
};

const char *
tg_exposure_name(int exposure)
{
	return exposure >= 0 && exposure < TG_EXPOSURE_COUNT ?
	    exposure_names[exposure] : NULL;
}

static const char *const verdict_names[TG_VERDICT_COUNT] = {
#define VERDICT_ROW(sym, id) [TG_VERDICT_##sym] = id,
	TG_VERDICT_MAP(VERDICT_ROW)
#undef VERDICT_ROW
};

const char *
tg_verdict_name(int verdict)
{
	return verdict >= 0 && verdict < TG_VERDICT_COUNT ?
	    verdict_names[verdict] : NULL;
}

/* ------------------------------------------------------------------ */
/* Names                                                                */

void
tg__name_split(struct tg__name *nm, size_t suffix_labels)
{
	size_t i, seen = 0, dots = 0;
	uint32_t hi = 0;

	for (i = 0; i < nm->n; i++) {
		hi |= nm->cp[i];
		dots += nm->cp[i] == '.';
	}
	nm->idn = hi >= 0x80;
	nm->base = 0;
	nm->reg = 0;
	nm->labels = nm->n > 0 ? dots + 1 : 0;
	if (suffix_labels >= nm->labels)
		return;         /* the name is itself a suffix */
	/* The suffix begins after the suffix_labels-th dot from the right. */
	for (i = nm->n; i > 0; i--)
		if (nm->cp[i - 1] == '.' && ++seen == suffix_labels)
			break;
	nm->base = i - 1;
	for (i = nm->base; i > 0; i--)
		if (nm->cp[i - 1] == '.')
			break;
	nm->reg = i;
}

int
tg__name_from_domain(const struct tg__sfx *sfx, const struct tg_domain *d,
    struct tg__namebuf *out)
{
	const unsigned char *u = (const unsigned char *)d->ulabel;
	const char *sx;
	size_t len = strlen(d->ulabel), i = 0, n = 0, k, slen, labels;
	size_t dot[TG__NAME_MAX], ndots = 0;
	uint32_t cp, hi = 0;
	struct tg__name *nm = &out->nm;

	if (d->flags & TG_DOMAIN_LITERAL)
		return TG_EINVAL;
	while (i < len) {
		if (u[i] < 0x80) {
			cp = u[i];
			k = 1;
		} else {
			k = tg__utf8_decode(u + i, len - i, &cp);
		}
		if (k == 0 || n >= TG__NAME_MAX)
			return TG_EINVAL;
		if (cp == '.')
			dot[ndots++] = n;
		hi |= cp;
		out->buf[n++] = cp;
		i += k;
	}
	/* The parse found the suffix over both sections of the list; when
	 * that is an ICANN one, the ICANN section alone gives the same. */
	if ((d->flags & (TG_DOMAIN_SUFFIX_KNOWN | TG_DOMAIN_SUFFIX_PRIVATE)) ==
	    TG_DOMAIN_SUFFIX_KNOWN && d->suffix[0] != '\0') {
		sx = d->suffix;
		slen = strlen(sx);
	} else {
		slen = tg__sfx_lookup(sfx, d->alabel, d->alabel_len,
		    TG__SFX_ICANN_ONLY, NULL);
		sx = d->alabel + d->alabel_len - slen;
	}
	for (labels = 1, k = 0; k < slen; k++)
		if (sx[k] == '.')
			labels++;
	out->sfx_alen = slen;
	/* tg__name_split(), from the dots found above. */
	nm->cp = out->buf;
	nm->n = n;
	nm->idn = hi >= 0x80;
	nm->labels = n > 0 ? ndots + 1 : 0;
	nm->base = nm->reg = 0;
	if (labels < nm->labels) {
		nm->base = dot[ndots - labels];
		nm->reg = ndots - labels > 0 ? dot[ndots - labels - 1] + 1 : 0;
	}
	return TG_OK;
}

/* ------------------------------------------------------------------ */
/* Edits and their kinds                                                */


static int
is_alnum(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The weight of the best enabled layout in which a and b are neighbours;
 * 0 when they touch in none. */
static double
kb_weight(uint32_t a, uint32_t b, const struct tg__weights *w,
    unsigned layouts)
{
	unsigned adj;
	double best = 0;
	int l;

	if (a >= 0x80 || b >= 0x80)
		return 0;
	adj = tg__kb_adjacent((unsigned char)a, (unsigned char)b) & layouts &
	    w->layouts;
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		if ((adj & (1u << l)) && w->layout[l] > best)
			best = w->layout[l];
	return best;
}

/* A keyboard slip counts half for the slip and half for how likely the
 * sender uses a layout where the keys touch. */
static double
kb_plaus(int kind, double kw)
{
	return kind_weight[kind] * (0.5 + 0.5 * kw);
}

static double
to_plaus(double w)
{
	if (w < 0)
		w = 0;
	if (w > 1)
		w = 1;
	return PLAUS_FLOOR + (1 - PLAUS_FLOOR) * w;
}

static void
add_kind(unsigned *kinds_out, double *best, int kind, double w)
{
	double plaus_ = to_plaus(w);

	*kinds_out |= 1u << kind;
	if (plaus_ > *best)
		*best = plaus_;
}

unsigned
tg__edit_kinds(const struct tg__edit *e, const struct tg__weights *w,
    unsigned layouts, double *plaus)
{
	const uint32_t *s = e->str;
	uint32_t left = e->pos > 0 ? s[e->pos - 1] : 0;
	uint32_t right = e->pos < e->len ? s[e->pos] : 0;
	size_t label_len = e->len - e->reg, at = e->pos - e->reg;
	unsigned out = 0;
	double best = 0, kw;
	uint32_t x;

	*plaus = 0;
	switch (e->op) {
	case TG__EDIT_DEL:
		right = e->pos + 1 < e->len ? s[e->pos + 1] : 0;
		if (e->a == '.') {
			add_kind(&out, &best, TG_KIND_MISSING_DOT,
			    kind_weight[TG_KIND_MISSING_DOT]);
			break;
		}
		add_kind(&out, &best, TG_KIND_OMISSION,
		    kind_weight[TG_KIND_OMISSION]);
		/* Singular: a final s of the registrable label dropped. */
		if (e->a == 's' && e->pos + 1 == e->len && label_len > 2)
			add_kind(&out, &best, TG_KIND_PLURAL,
			    kind_weight[TG_KIND_PLURAL]);
		break;
	case TG__EDIT_INS:
		if (e->b == '.') {
			if (left != 0 && right != 0 && left != '.' &&
			    left != '-' && right != '.' && right != '-')
				add_kind(&out, &best, TG_KIND_DOT_INSERTION,
				    kind_weight[TG_KIND_DOT_INSERTION]);
			break;
		}
		if (e->b == '-' && left != 0 && right != 0 && left != '.' &&
		    right != '.')
			add_kind(&out, &best, TG_KIND_HYPHENATION,
			    kind_weight[TG_KIND_HYPHENATION]);
		if ((left != 0 && e->b == left) || (right != 0 && e->b == right))
			add_kind(&out, &best, TG_KIND_REPETITION,
			    kind_weight[TG_KIND_REPETITION]);
		kw = kb_weight(e->b, left, w, layouts);
		if (kb_weight(e->b, right, w, layouts) > kw)
			kw = kb_weight(e->b, right, w, layouts);
		if (kw > 0)
			add_kind(&out, &best, TG_KIND_INSERTION,
			    kb_plaus(TG_KIND_INSERTION, kw));
		/* At the end of the name, or before a hyphen in it. */
		if (is_alnum(e->b) && e->pos >= e->reg &&
		    (e->pos == e->len || right == '-'))
			add_kind(&out, &best, TG_KIND_ADDITION,
			    kind_weight[TG_KIND_ADDITION]);
		/* Plural: s at the end, or inside the registrable label where
		 * a plural would go in a compound name (dnstwist's places). */
		if (e->b == 's' && e->pos >= e->reg &&
		    (e->pos == e->len || (at >= 3 && at + 2 <= label_len)))
			add_kind(&out, &best, TG_KIND_PLURAL,
			    kind_weight[TG_KIND_PLURAL]);
		break;
	case TG__EDIT_INS2:
		if (e->pos >= e->reg && (e->pos == e->len ||
		    (at >= 3 && at + 2 <= label_len &&
		    (left == 's' || left == 'x' || left == 'z'))))
			add_kind(&out, &best, TG_KIND_PLURAL,
			    kind_weight[TG_KIND_PLURAL]);
		break;
	case TG__EDIT_SUB:
		if (e->a == '.') {
			if (e->b == '-')
				add_kind(&out, &best, TG_KIND_DOT_HYPHEN,
				    kind_weight[TG_KIND_DOT_HYPHEN]);
			break;
		}
		if (e->b == '.')
			break;
		kw = kb_weight(e->a, e->b, w, layouts);
		if (kw > 0)
			add_kind(&out, &best, TG_KIND_REPLACEMENT,
			    kb_plaus(TG_KIND_REPLACEMENT, kw));
		if (tg__is_vowel(e->a) && tg__is_vowel(e->b))
			add_kind(&out, &best, TG_KIND_VOWEL_SWAP,
			    kind_weight[TG_KIND_VOWEL_SWAP]);
		x = e->a ^ e->b;
		if (e->a < 0x80 && tg__is_host_char(e->b) && x != 0 &&
		    (x & (x - 1)) == 0)
			add_kind(&out, &best, TG_KIND_BITSQUATTING,
			    kind_weight[TG_KIND_BITSQUATTING]);
		break;
	case TG__EDIT_SWAP:
		if (e->a != e->b && e->a != '.' && e->b != '.')
			add_kind(&out, &best, TG_KIND_TRANSPOSITION,
			    kind_weight[TG_KIND_TRANSPOSITION]);
		break;
	}
	/* A name of one or two letters has real, different domains at every
	 * edit ("va", "me"): no slip inside it is told from a choice, only
	 * the kinds of TG__SHORT_LABEL_KINDS (sk-ai.eu.cc -> sk-aieu.cc). */
	if (label_len <= SHORT_LABEL && (out & ~TG__SHORT_LABEL_KINDS) != 0)
		return 0;
	*plaus = best;
	return out;
}

/* ------------------------------------------------------------------ */
/* Look-alikes                                                          */

void
tg__skeleton(const uint32_t *cp, size_t n, uint32_t *out)
{
	tg__glyph_skeleton(cp, n, out);
}

/*
 * The alignment's rules, built once from the glyph module's multi rules
 * (rn <-> m, and the one-character "weak" pairs such as n <-> r that are
 * kept out of the classes so that they do not chain).  A second round of
 * substitutions may work on what the first one wrote, so each rule is
 * also listed with any of its characters one weak pair away (m -> nn ->
 * nr), at one more substitution; pairs of classes two weak pairs apart
 * (r -> n -> m) cost two; and two rules where the second rewrites part of
 * what the first wrote (b -> lb -> llb, m -> nn, then rn -> m across the
 * character before: rm -> mn) are one rule of cost two, with up to three
 * characters a side.  The table is sorted by the last character of each
 * side, which is what a cell of the alignment knows.
 */
#define XSIDE_MAX 3

struct xrule {
	uint32_t a[XSIDE_MAX], b[XSIDE_MAX];
	unsigned char alen, blen, cost;
};

#define XRULES_MAX 8192

static struct xrule xrules[XRULES_MAX];
static size_t n_xrules;
static uint64_t *one_step;      /* sorted (a << 32 | b) of weak pairs */
static size_t n_one_step;
static uint64_t two_step[4096]; /* sorted likewise */
static size_t n_two_step;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static uint64_t one_step_buf[1024];
/* Every rule costs at least 1 and moves off the diagonal by at most its
 * cost: what the band of the alignment and the shortcuts of glyph_kinds()
 * rest on (rules_build() checks it; without it they are not taken). */
static int rules_banded;
static const uint32_t *ascii_cls;       /* tg__glyph_ascii_classes() */
/* The shapes (alen, blen) of the rules of cost 1, bit SHAPE(alen, blen). */
#define SHAPE(alen, blen) (1u << ((alen) * (XSIDE_MAX + 1) + (blen)))
static unsigned one_shapes;

/* tg__glyph_class() once the rules, and so the classes, are built. */
static inline uint32_t
cls(uint32_t cp)
{
	return cp < 128 ? ascii_cls[cp] : tg__glyph_class_built(cp);
}

/* tg__slip_shortcuts() */
static int shortcuts = 1;

void
tg__slip_shortcuts(int on)
{
	shortcuts = on;
}

int
tg__slip_shortcuts_on(void)
{
	return shortcuts;
}
/* For two ASCII classes a, b: the rules ending in them (first index in
 * bits 0-13, count in bits 14-28) and whether a, b are two weak pairs
 * apart (bit 31), so that a cell of the alignment needs no search. */
static uint32_t ascii_pair[128][128];

#define AP_START(v) ((v) & 0x3fffu)
#define AP_COUNT(v) (((v) >> 14) & 0x7fffu)
#define AP_TWO 0x80000000u

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
u64_has(const uint64_t *v, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == k)
			return 1;
		if (v[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#define PAIR(a, b) (((uint64_t)(a) << 32) | (uint64_t)(b))

static int
xrule_cmp(const void *x, const void *y)
{
	const struct xrule *a = x, *b = y;
	uint64_t ka = PAIR(a->a[a->alen - 1], a->b[a->blen - 1]);
	uint64_t kb = PAIR(b->a[b->alen - 1], b->b[b->blen - 1]);

	return ka < kb ? -1 : ka > kb;
}

/* The characters c may stand for after one weak pair (c itself first). */
static size_t
drifts(uint32_t c, uint32_t *out, size_t max)
{
	size_t i, n = 0;

	out[n++] = c;
	for (i = 0; i < n_one_step && n < max; i++)
		if ((uint32_t)(one_step[i] >> 32) == c)
			out[n++] = (uint32_t)one_step[i];
	return n;
}

static void
xrule_add(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen,
    unsigned cost)
{
	struct xrule *r;

	if (n_xrules == XRULES_MAX || alen == 0 || blen == 0 ||
	    alen > XSIDE_MAX || blen > XSIDE_MAX)
		return;
	r = &xrules[n_xrules++];
	memset(r, 0, sizeof(*r));
	memcpy(r->a, a, alen * sizeof(*a));
	memcpy(r->b, b, blen * sizeof(*b));
	r->alen = (unsigned char)alen;
	r->blen = (unsigned char)blen;
	r->cost = (unsigned char)cost;
}

/*
 * Rule y applied where it overlaps what rule x wrote, at offset o of y's
 * side a from the start of x's side b (-1: y also takes the character
 * before, o + alen > blen: the one after).  Adds the two as one rule of
 * cost 2 when they fit.
 */
static void
chain_add(const struct tg__glyph_multi *x, const struct tg__glyph_multi *y,
    int o)
{
	uint32_t from[XSIDE_MAX + 2], mid[XSIDE_MAX + 2], to[XSIDE_MAX + 2];
	size_t fn = 0, mn = 0, tn = 0, k;
	int lo = o < 0 ? o : 0;
	int hi = o + (int)y->alen > (int)x->blen ? o + (int)y->alen :
	    (int)x->blen;
	int at;

	/* What x wrote, with the characters y reaches beyond it. */
	for (at = lo; at < hi; at++) {
		uint32_t c = at >= 0 && at < (int)x->blen ? x->b[at] :
		    y->a[at - o];

		if (at >= o && at < o + (int)y->alen && y->a[at - o] != c)
			return;
		mid[mn++] = c;
	}
	if (lo < 0)
		from[fn++] = mid[0];
	for (k = 0; k < x->alen; k++)
		from[fn++] = x->a[k];
	if (hi > (int)x->blen)
		from[fn++] = mid[mn - 1];
	for (at = lo; at < o; at++)
		to[tn++] = mid[at - lo];
	for (k = 0; k < y->blen; k++)
		to[tn++] = y->b[k];
	for (at = o + (int)y->alen; at < hi; at++)
		to[tn++] = mid[at - lo];
	if (fn == tn && memcmp(from, to, fn * sizeof(*from)) == 0)
		return;
	xrule_add(from, fn, to, tn, 2);
}

static void
rules_build(void)
{
	const struct tg__glyph_multi *m;
	size_t nm = tg__glyph_multis(&m), i, j, k;
	uint32_t da[2][16], db[2][16], ra[2], rb[2];
	size_t nda[2], ndb[2], x0, x1, y0, y1;
	int o;

	ascii_cls = tg__glyph_ascii_classes();
	one_step = one_step_buf;
	for (i = 0; i < nm && n_one_step < 1024; i++)
		if (m[i].alen == 1 && m[i].blen == 1)
			one_step[n_one_step++] = PAIR(m[i].a[0], m[i].b[0]);
	qsort(one_step, n_one_step, sizeof(*one_step), u64_cmp);
	for (i = 0; i < n_one_step; i++)
		for (j = 0; j < n_one_step; j++) {
			uint32_t a = (uint32_t)(one_step[i] >> 32);
			uint32_t b = (uint32_t)one_step[i];
			uint32_t c = (uint32_t)(one_step[j] >> 32);
			uint32_t d = (uint32_t)one_step[j];

			if (b == c && a != d && n_two_step < 4096)
				two_step[n_two_step++] = PAIR(a, d);
		}
	qsort(two_step, n_two_step, sizeof(*two_step), u64_cmp);
	for (i = 0; i < nm; i++) {
		for (k = 0; k < m[i].alen; k++)
			nda[k] = drifts(m[i].a[k], da[k], 16);
		for (k = 0; k < m[i].blen; k++)
			ndb[k] = drifts(m[i].b[k], db[k], 16);
		for (x0 = 0; x0 < nda[0]; x0++)
		for (x1 = 0; x1 < (m[i].alen > 1 ? nda[1] : 1); x1++)
		for (y0 = 0; y0 < ndb[0]; y0++)
		for (y1 = 0; y1 < (m[i].blen > 1 ? ndb[1] : 1); y1++) {
			ra[0] = da[0][x0];
			ra[1] = m[i].alen > 1 ? da[1][x1] : 0;
			rb[0] = db[0][y0];
			rb[1] = m[i].blen > 1 ? db[1][y1] : 0;
			xrule_add(ra, m[i].alen, rb, m[i].blen,
			    1 + (x0 > 0) + (x1 > 0) + (y0 > 0) + (y1 > 0));
		}
	}
	/* Chains of two rules that change the length; a weak pair over a
	 * rule's output is a drift above. */
	for (i = 0; i < nm; i++) {
		if (m[i].alen == m[i].blen)
			continue;
		for (j = 0; j < nm; j++) {
			if (m[j].alen == 1 && m[j].blen == 1)
				continue;
			for (o = 1 - (int)m[j].alen; o < (int)m[i].blen; o++)
				chain_add(&m[i], &m[j], o);
		}
	}
	qsort(xrules, n_xrules, sizeof(*xrules), xrule_cmp);
	rules_banded = 1;
	for (i = 0; i < n_xrules; i++)
		if (xrules[i].cost == 1)
			one_shapes |= SHAPE(xrules[i].alen, xrules[i].blen);
	for (i = 0; i < n_xrules; i++)
		if (xrules[i].cost < 1 || xrules[i].cost <
		    (xrules[i].alen > xrules[i].blen ? xrules[i].alen -
		    xrules[i].blen : xrules[i].blen - xrules[i].alen))
			rules_banded = 0;
	for (i = 0; i < n_xrules; i = j) {
		const struct xrule *r = &xrules[i];
		uint32_t a = r->a[r->alen - 1], b = r->b[r->blen - 1];

		for (j = i + 1; j < n_xrules &&
		    xrules[j].a[xrules[j].alen - 1] == a &&
		    xrules[j].b[xrules[j].blen - 1] == b; j++)
			;
		if (a < 128 && b < 128)
			ascii_pair[a][b] = (uint32_t)i |
			    (uint32_t)(j - i) << 14;
	}
	for (i = 0; i < n_two_step; i++) {
		uint32_t a = (uint32_t)(two_step[i] >> 32);
		uint32_t b = (uint32_t)two_step[i];

		if (a < 128 && b < 128)
			ascii_pair[a][b] |= AP_TWO;
	}
}

/* The first rule whose sides end in a and b; n_xrules when none. */
static size_t
xrules_at(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = n_xrules;
	uint64_t k = PAIR(a, b);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct xrule *r = &xrules[mid];

		if (PAIR(r->a[r->alen - 1], r->b[r->blen - 1]) < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The cost of the alignment that keeps every position (p and q of one
 * length, each pair of characters equal, of one class or two weak pairs
 * apart), or SIZE_MAX when there is no such alignment.  Every step that
 * moves off the diagonal costs at least 1, so an alignment of cost c
 * stays within c of it: the best one lies in that band.  *apart: the
 * cost is two single substitutions with a kept character between them.
 */
static size_t
diagonal_cost(const uint32_t *p, const uint32_t *pc, const uint32_t *q,
    const uint32_t *qc, size_t pn, size_t qn, int *apart)
{
	size_t i, c = 0, first = 0, ndiff = 0;

	*apart = 0;
	if (pn != qn)
		return SIZE_MAX;
	for (i = 0; i < pn; i++) {
		if (p[i] == q[i])
			continue;
		if (ndiff++ == 0)
			first = i;
		/* Two single substitutions that no one step covers. */
		*apart = ndiff == 2 && i > first + 1;
		if (pc[i] == qc[i])
			c++;
		else if (pc[i] < 128 && qc[i] < 128 ?
		    (ascii_pair[pc[i]][qc[i]] & AP_TWO) != 0 :
		    u64_has(two_step, n_two_step, PAIR(pc[i], qc[i])))
			c += 2;
		else
			return SIZE_MAX;
	}
	return c;
}

/*
 * An alignment where each step keeps a character, swaps it for one of its
 * class (one substitution) or applies a rule (its cost).  Four rolling
 * rows of the table: rules reach three rows back.  Only a band around the
 * diagonal is filled: that of diagonal_cost(), or max when smaller (every
 * step off the diagonal costs at least one per character it moves), and
 * cells next to the band are set unreachable, which is what the rules
 * read there.
 */
static int
align(const uint32_t *p, size_t pn, const uint32_t *q, size_t qn,
    unsigned max, size_t cap)
{
	enum { INF = 255, EDGE = XSIDE_MAX };
	unsigned char row[XSIDE_MAX + 1][TG__NAME_MAX + 2];
	uint32_t pc[TG__NAME_MAX + 1], qc[TG__NAME_MAX + 1];
	size_t i, j, k, r, rend, band, jlo, jhi;
	uint32_t a, b;
	unsigned best, v;
	int two, apart;
	unsigned char *cur, *prev;

	if (pn > TG__NAME_MAX || qn > TG__NAME_MAX)
		return -1;
	if ((pn > qn ? pn - qn : qn - pn) > max)
		return -1;
	pthread_once(&rules_once, rules_build);
	tg__skeleton(p, pn, pc);
	tg__skeleton(q, qn, qc);
	band = diagonal_cost(p, pc, q, qc, pn, qn, &apart);
	/* Any step but a kept character costs 1 or more, and one step
	 * covers at most two neighbouring characters. */
	if (band <= 1 || (band == 2 && apart))
		return band <= max ? (int)band : -1;
	if (band > max)
		band = max;
	if (band > cap)
		band = cap;
	if (band >= pn || band >= qn)
		band = TG__NAME_MAX + 3;        /* the whole table */
	for (i = 0; i <= pn; i++) {
		cur = row[i % (XSIDE_MAX + 1)];
		prev = row[(i + XSIDE_MAX) % (XSIDE_MAX + 1)];
		jlo = i > band + EDGE ? i - band - EDGE : 0;
		jhi = i + band + EDGE < qn ? i + band + EDGE : qn;
		for (j = jlo; j <= jhi; j++) {
			if (i == 0 && j == 0) {
				cur[0] = 0;
				continue;
			}
			best = INF;
			if (i == 0 || j == 0 || (band < TG__NAME_MAX &&
			    (j + band < i || j > i + band))) {
				cur[j] = INF;
				continue;
			}
			a = pc[i - 1];
			b = qc[j - 1];
			if (a < 128 && b < 128) {
				uint32_t v2 = ascii_pair[a][b];

				two = (v2 & AP_TWO) != 0;
				r = AP_START(v2);
				rend = r + AP_COUNT(v2);
			} else {
				two = u64_has(two_step, n_two_step, PAIR(a, b));
				r = xrules_at(a, b);
				rend = n_xrules;
			}
			if (p[i - 1] == q[j - 1])
				best = prev[j - 1];
			else if (a == b)
				best = prev[j - 1] + 1u;
			else if (two)
				best = prev[j - 1] + 2u;
			for (; r < rend; r++) {
				const struct xrule *x = &xrules[r];

				if (x->a[x->alen - 1] != a ||
				    x->b[x->blen - 1] != b)
					break;
				if (i < x->alen || j < x->blen)
					continue;
				for (k = 1; k < x->alen; k++)
					if (pc[i - 1 - k] != x->a[x->alen - 1 - k])
						break;
				if (k < x->alen)
					continue;
				for (k = 1; k < x->blen; k++)
					if (qc[j - 1 - k] != x->b[x->blen - 1 - k])
						break;
				if (k < x->blen)
					continue;
				v = row[(i - x->alen) % (XSIDE_MAX + 1)]
				    [j - x->blen] + x->cost;
				if (v < best)
					best = v;
			}
			cur[j] = (unsigned char)(best > INF ? INF : best);
		}
	}
	v = row[pn % (XSIDE_MAX + 1)][qn];
	return v >= INF || v > max ? -1 : (int)v;
}

int
tg__glyph_distance(const uint32_t *p, size_t pn, const uint32_t *q,
    size_t qn, unsigned max)
{
	return align(p, pn, q, qn, max, SIZE_MAX);
}

/* The cheapest step that turns class a into class b at one position: 1
 * within a class, else the cheapest one-character rule, or 2 for two
 * weak pairs; SIZE_MAX when none does. */
static size_t
step_cost(uint32_t a, uint32_t b)
{
	size_t r, rend, best = SIZE_MAX;
	const struct xrule *x;

	if (a == b)
		return 1;
	if (a < 128 && b < 128) {
		r = AP_START(ascii_pair[a][b]);
		rend = r + AP_COUNT(ascii_pair[a][b]);
		if (ascii_pair[a][b] & AP_TWO)
			best = 2;
	} else {
		r = xrules_at(a, b);
		rend = n_xrules;
		if (u64_has(two_step, n_two_step, PAIR(a, b)))
			best = 2;
	}
	for (; r < rend; r++) {
		x = &xrules[r];
		if (x->a[x->alen - 1] != a || x->b[x->blen - 1] != b)
			break;
		if (x->alen == 1 && x->blen == 1 && x->cost < best)
			best = x->cost;
	}
	return best;
}

/*
 * Two names of one length, position by position.  *diag: diagonal_cost()
 * of them (no rules; the classes of agreeing positions do not matter),
 * *steps: the same with one-character rules too; each SIZE_MAX when over
 * 2 or when some position has no such step.  *apart as in
 * diagonal_cost().  A diagonal of at most one substitution, or two
 * apart, is what tg__glyph_distance() answers without aligning, whatever
 * window holding every difference it is given.
 */
static void
diagonal_quick(const uint32_t *p, const uint32_t *q, size_t n, size_t *diag,
    size_t *steps, int *apart)
{
	size_t i, first = 0, ndiff = 0, k, dc = 0, sc = 0;
	uint32_t a, b;
	int ap = 0;

	for (i = 0; i < n && (dc <= 2 || sc <= 2); i++) {
		if (p[i] == q[i])
			continue;
		if (ndiff++ == 0)
			first = i;
		ap = ndiff == 2 && i > first + 1;
		a = cls(p[i]);
		b = cls(q[i]);
		k = step_cost(a, b);
		sc = k > 2 || sc > 2 - k ? SIZE_MAX : sc + k;
		if (a == b)
			k = 1;
		else if (a < 128 && b < 128 ? (ascii_pair[a][b] & AP_TWO) != 0 :
		    u64_has(two_step, n_two_step, PAIR(a, b)))
			k = 2;
		else
			k = SIZE_MAX;
		dc = k > 2 || dc > 2 - k ? SIZE_MAX : dc + k;
	}
	*apart = ap;
	*diag = i < n ? SIZE_MAX : dc;
	*steps = i < n ? SIZE_MAX : sc;
}

/*
 * Whether one rule of cost 1 turns p[0..pn) into q[0..qn) with every
 * other character kept: an alignment of cost 1 that is no substitution
 * within a class (the diagonal's).  Rules as the alignment applies them.
 */
static int
one_rule(const uint32_t *p, size_t pn, const uint32_t *q, size_t qn)
{
	size_t lcp = common_prefix(p, pn, q, qn);
	size_t lcs = common_suffix(p, pn, q, qn);
	size_t alen, blen, t, lo, hi, r, rend, k;
	const struct xrule *x;
	uint32_t a, b;

	for (alen = 1; alen <= XSIDE_MAX && alen <= pn; alen++) {
		if (qn + alen <= pn || qn + alen - pn > XSIDE_MAX)
			continue;
		blen = qn + alen - pn;
		if (!(one_shapes & SHAPE(alen, blen)))
			continue;
		/* Kept before the rule: t <= lcp; after it: pn - t - alen
		 * <= lcs. */
		lo = pn - alen > lcs ? pn - alen - lcs : 0;
		hi = lcp < pn - alen ? lcp : pn - alen;
		for (t = lo; t <= hi; t++) {
			a = cls(p[t + alen - 1]);
			b = cls(q[t + blen - 1]);
			if (a < 128 && b < 128) {
				r = AP_START(ascii_pair[a][b]);
				rend = r + AP_COUNT(ascii_pair[a][b]);
			} else {
				r = xrules_at(a, b);
				rend = n_xrules;
			}
			for (; r < rend; r++) {
				x = &xrules[r];
				if (x->a[x->alen - 1] != a ||
				    x->b[x->blen - 1] != b)
					break;
				if (x->cost != 1 || x->alen != alen ||
				    x->blen != blen)
					continue;
				for (k = 0; k + 1 < alen; k++)
					if (cls(p[t + k]) != x->a[k])
						break;
				if (k + 1 < alen)
					continue;
				for (k = 0; k + 1 < blen; k++)
					if (cls(q[t + k]) != x->b[k])
						break;
				if (k + 1 == blen)
					return 1;
			}
		}
	}
	return 0;
}

/*
 * Whether a path of cost 2 is found of one of two shapes: a one-character
 * step of cost 1 at the first difference, then one rule (one_rule()); or
 * one rule, then such a step at the last difference.  Finding none says
 * nothing.
 */
static int
two_steps(const uint32_t *p, size_t pn, const uint32_t *q, size_t qn)
{
	size_t f = common_prefix(p, pn, q, qn);
	size_t g = common_suffix(p, pn, q, qn);

	if (f < pn && f < qn && step_cost(cls(p[f]), cls(q[f])) == 1 &&
	    one_rule(p + f + 1, pn - f - 1, q + f + 1, qn - f - 1))
		return 1;
	return g < pn && g < qn && step_cost(cls(p[pn - g - 1]),
	    cls(q[qn - g - 1])) == 1 && one_rule(p, pn - g - 1, q, qn - g - 1);
}

/* Whether s[0] and s[1] are one letter or of one class ("ll", "l1"). */
static int
same_class(const uint32_t *s)
{
	return s[0] == s[1] || cls(s[0]) == cls(s[1]);
}

/* Look-alike kinds of q against p.  An ASCII look-alike is a homoglyph
 * when its alignment costs at most four (two rounds of two, as dnstwist
 * makes them, anywhere in the name); a name with other scripts is a
 * homograph at any cost.  f: their common prefix; tail: how many code
 * points they are known to end in alike. */
static unsigned
glyph_kinds(const struct tg__name *p, const struct tg__name *q, size_t f,
    size_t tail, double *plaus_out, int quick)
{
	int d, apart = 0;
	size_t g, lcp, lcs, pn, qn, c = SIZE_MAX, u = SIZE_MAX;
	unsigned tables = 0, out;
	double pl;

	pthread_once(&rules_once, rules_build);
	/* q differs from p only in q->cp[f..q->n - g): g is
	 * common_suffix() of what follows f. */
	g = p->n - f < q->n - f ? p->n - f : q->n - f;
	if (tail < g)
		g = tail + common_suffix(p->cp + f, p->n - f - tail,
		    q->cp + f, q->n - f - tail);
	if (p->n == q->n && shortcuts && quick) {
		diagonal_quick(p->cp + f, q->cp + f, p->n - f - g, &c, &u,
		    &apart);
		if (c <= 1 || (c == 2 && apart)) {
			d = (int)c;
			goto found;
		}
	}
	/* Equal ends align at no cost; keep one code point of each so a
	 * rule can still reach across ("rn" against "m"), and more while
	 * the kept end is a doubled letter (or two of one class): the common
	 * end may have taken the letter a rule needs ("b" -> "lb" in "alb"
	 * against "allb"). */
	lcp = f > 0 ? f - 1 : 0;
	lcs = g > 0 ? g - 1 : 0;
	while (lcp > 0 && lcp + 1 < p->n && lcp + 1 < q->n &&
	    (same_class(p->cp + lcp) || same_class(q->cp + lcp)))
		lcp--;
	while (lcs > 0 && lcs + 2 <= p->n && lcs + 2 <= q->n &&
	    (same_class(p->cp + p->n - lcs - 2) ||
	    same_class(q->cp + q->n - lcs - 2)))
		lcs--;
	pn = p->n - lcp - lcs;
	qn = q->n - lcp - lcs;
	/* Cheaper answers of the alignment below, each exact where the band
	 * holds (rules_banded), as the alignment's answer is the cheapest
	 * path: 1 when one step does it (every path of cost 1 is one step,
	 * the rest kept); else 2 when a path of 2 is known (the diagonal
	 * with one-character rules, or two steps); else a band of 2 gives
	 * the answer whenever its answer is within it, since a path of cost
	 * c never leaves the band of c. */
	d = -1;
	if (rules_banded && shortcuts && quick) {
		if (u == 1 || one_rule(p->cp + lcp, pn, q->cp + lcp, qn))
			d = 1;
		else if (u == 2 || two_steps(p->cp + lcp, pn, q->cp + lcp, qn))
			d = 2;
		else if ((d = align(p->cp + lcp, pn, q->cp + lcp, qn,
		    q->idn ? UINT_MAX : 4, 2)) > 2)
			d = -1;
	}
	if (d < 0)
		d = tg__glyph_distance(p->cp + lcp, pn, q->cp + lcp, qn,
		    q->idn ? UINT_MAX : 4);
found:
	if (d <= 0)
		return 0;
	/* When p is ASCII, q's other code points are in what differs. */
	if (q->idn)
		tables = p->idn || !shortcuts ?
		    tg__glyph_tables_in_built(q->cp, q->n) :
		    tg__glyph_tables_in_built(q->cp + f, q->n - f - g);
	out = (tables & TG__GLYPH_CONFUSABLE) ? TG_KIND_IDN_CONFUSABLE :
	    TG_KIND_HOMOGLYPH;
	pl = kind_weight[out];
	for (; d > 1; d--)
		pl *= 0.85;
	*plaus_out = to_plaus(pl);
	return 1u << out;
}

/* ------------------------------------------------------------------ */
/* Classification                                                       */

static size_t
common_prefix(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	size_t i = 0, n = an < bn ? an : bn;

	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static size_t
common_suffix(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	size_t i = 0, n = an < bn ? an : bn;

	while (i < n && a[an - 1 - i] == b[bn - 1 - i])
		i++;
	return i;
}

static int
same(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an * sizeof(*a)) == 0);
}

/*
 * Every single edit that turns p[0..pn) into q[0..qn), given to the
 * predicates with reg as the registrable label's start in p.  Returns the
 * union of kinds.
 */
static unsigned
edit_kinds(const uint32_t *p, size_t pn, size_t reg, const uint32_t *q,
    size_t qn, const struct tg__weights *w, unsigned layouts, double *plaus)
{
	struct tg__edit e = { .str = p, .len = pn, .reg = reg };
	size_t lcp = common_prefix(p, pn, q, qn);
	size_t lcs = common_suffix(p, pn, q, qn);
	size_t lo, hi, i;
	unsigned out = 0;
	double pl, best = 0;

#define TRY() do { \
	out |= tg__edit_kinds(&e, w, layouts, &pl); \
	if (pl > best) \
		best = pl; \
} while (0)
	if (qn + 1 == pn) {
		lo = pn - 1 > lcs ? pn - 1 - lcs : 0;
		hi = lcp < pn - 1 ? lcp : pn - 1;
		for (i = lo; i <= hi; i++) {
			e.op = TG__EDIT_DEL;
			e.pos = i;
			e.a = p[i];
			TRY();
		}
	} else if (qn == pn + 1) {
		lo = qn - 1 > lcs ? qn - 1 - lcs : 0;
		hi = lcp < pn ? lcp : pn;
		for (i = lo; i <= hi; i++) {
			e.op = TG__EDIT_INS;
			e.pos = i;
			e.b = q[i];
			TRY();
		}
	} else if (qn == pn + 2) {
		lo = qn - 2 > lcs ? qn - 2 - lcs : 0;
		hi = lcp < pn ? lcp : pn;
		for (i = lo; i <= hi; i++) {
			if (q[i] != 'e' || q[i + 1] != 's')
				continue;
			e.op = TG__EDIT_INS2;
			e.pos = i;
			TRY();
		}
	} else if (qn == pn && lcp < pn) {
		if (lcp + lcs + 1 >= pn) {
			e.op = TG__EDIT_SUB;
			e.pos = lcp;
			e.a = p[lcp];
			e.b = q[lcp];
			TRY();
		} else if (lcp + lcs + 2 == pn && p[lcp] == q[lcp + 1] &&
		    p[lcp + 1] == q[lcp]) {
			e.op = TG__EDIT_SWAP;
			e.pos = lcp;
			e.a = p[lcp];
			e.b = p[lcp + 1];
			TRY();
		}
	}
#undef TRY
	*plaus = best;
	return out;
}

/* One edit between two suffixes, as a typo of the TLD: how plausible, 0
 * when they are not one edit apart. */
static double
suffix_edit(const uint32_t *x, size_t xn, const uint32_t *y, size_t yn,
    const struct tg__weights *w, unsigned layouts)
{
	size_t lcp = common_prefix(x, xn, y, yn);
	size_t lcs = common_suffix(x, xn, y, yn);
	double kw, f = 0;

	if (yn + 1 == xn && lcp + lcs >= yn)
		f = 0.90;       /* a letter left out: mil -> ml */
	else if (yn == xn + 1 && lcp + lcs >= xn) {
		/* A letter added: doubled or next to its neighbours. */
		size_t at = lcp;
		uint32_t c = y[at];
		uint32_t l = at > 0 ? y[at - 1] : 0;
		uint32_t r = at + 1 < yn ? y[at + 1] : 0;

		kw = kb_weight(c, l, w, layouts);
		if (kb_weight(c, r, w, layouts) > kw)
			kw = kb_weight(c, r, w, layouts);
		f = (c == l || c == r) ? 0.80 : kw > 0 ? 0.75 * (0.5 + 0.5 * kw) :
		    0.40;
	} else if (yn == xn && lcp < xn && lcp + lcs + 1 >= xn) {
		kw = kb_weight(x[lcp], y[lcp], w, layouts);
		f = kw > 0 ? 0.80 * (0.5 + 0.5 * kw) : 0.40;
	} else if (yn == xn && lcp + lcs + 2 == xn && x[lcp] == y[lcp + 1] &&
	    x[lcp + 1] == y[lcp]) {
		f = 0.85;
	}
	if (f == 0)
		return 0;
	return to_plaus(f * kind_weight[TG_KIND_TLD_TYPO]);
}

static int
is_habit_tld(const uint32_t *t, size_t n)
{
	size_t i, k;

	for (i = 0; i < tg__habit_tld_count; i++) {
		const char *h = tg__habit_tlds[i];

		for (k = 0; k < n && h[k] != '\0' && h[k] == (char)t[k]; k++)
			;
		if (k == n && h[k] == '\0')
			return 1;
	}
	return 0;
}

/* The last label of a suffix. */
static const uint32_t *
last_label(const uint32_t *s, size_t n, size_t *len)
{
	size_t i = n;

	while (i > 0 && s[i - 1] != '.')
		i--;
	*len = n - i;
	return s + i;
}

/* Whether q's base is p's base followed by p's suffix, without its dots
 * or after a hyphen with dots as hyphens (armymil.com, army-mil.com). */
static int
tld_in_label(const struct tg__name *p, const struct tg__name *q)
{
	uint32_t want[TG__NAME_MAX + 1];
	size_t i, n;
	int hyphen;

	for (hyphen = 0; hyphen <= 1; hyphen++) {
		memcpy(want, p->cp, p->base * sizeof(*want));
		n = p->base;
		if (hyphen)
			want[n++] = '-';
		for (i = p->base + 1; i < p->n && n < TG__NAME_MAX; i++) {
			if (p->cp[i] != '.')
				want[n++] = p->cp[i];
			else if (hyphen)
				want[n++] = '-';
		}
		if (same(want, n, q->cp, q->base))
			return 1;
	}
	return 0;
}

/* tg__classify(); quick: try the cheaper answers of the alignment first
 * (a loss when most pairs are no look-alikes, as in tg_check()). */
static unsigned
classify(const struct tg__name *p, const struct tg__name *q,
    const struct tg__weights *w, unsigned layouts, unsigned mask,
    double *plaus, int quick)
{
	const uint32_t *psx, *qsx, *pt, *qt;
	size_t f, psn, qsn, ptn, qtn;
	unsigned out = 0, k;
	double pl = 0, best = 0;
	int same_sfx;

	*plaus = 0;
	if (p->base == 0 || q->base == 0)
		return 0;
	f = common_prefix(p->cp, p->n, q->cp, q->n);
	if (f == p->n && f == q->n)
		return 0;       /* one name */
	psx = p->cp + p->base + 1;
	psn = p->n - p->base - 1;
	qsx = q->cp + q->base + 1;
	qsn = q->n - q->base - 1;
	same_sfx = same(psx, psn, qsx, qsn);

#define KEEP(bits, v) do { \
	unsigned b_ = (bits) & mask; \
	if (b_ != 0) { \
		out |= b_; \
		if ((v) > best) \
			best = (v); \
	} \
} while (0)
	/* Work whose kinds the mask drops is skipped: KEEP() would drop
	 * its answer. */
	if (same_sfx && (mask & ~((1u << TG_KIND_HOMOGLYPH) |
	    (1u << TG_KIND_IDN_CONFUSABLE))) != 0) {
		k = edit_kinds(p->cp, p->base, p->reg, q->cp, q->base, w,
		    layouts, &pl);
		KEEP(k, pl);
	} else if (same_sfx) {
		/* the look-alike kinds only: below */
	} else if ((mask & ((1u << TG_KIND_TLD_TYPO) |
	    (1u << TG_KIND_SUFFIX_SWAP) | (1u << TG_KIND_TLD_SWAP))) &&
	    same(p->cp, p->base, q->cp, q->base)) {
		pl = suffix_edit(psx, psn, qsx, qsn, w, layouts);
		if (pl > 0)
			KEEP(1u << TG_KIND_TLD_TYPO, pl);
		pt = last_label(psx, psn, &ptn);
		qt = last_label(qsx, qsn, &qtn);
		if (same(pt, ptn, qt, qtn) || same(pt, ptn, qsx, qsn) ||
		    same(psx, psn, qt, qtn))
			KEEP(1u << TG_KIND_SUFFIX_SWAP,
			    to_plaus(kind_weight[TG_KIND_SUFFIX_SWAP]));
		else if (pl == 0 && is_habit_tld(qt, qtn))
			/* Only into the TLDs people type by habit: every
			 * name exists under some other TLD. */
			KEEP(1u << TG_KIND_TLD_SWAP,
			    to_plaus(kind_weight[TG_KIND_TLD_SWAP]));
	}
	/* A dot left out anywhere, also between name and suffix
	 * (army.co.uk -> armyco.uk). */
	if ((mask & (1u << TG_KIND_MISSING_DOT)) && !same_sfx &&
	    q->n + 1 == p->n) {
		size_t lcp = common_prefix(p->cp, p->n, q->cp, q->n);

		if (lcp < p->n && p->cp[lcp] == '.' &&
		    same(p->cp + lcp + 1, p->n - lcp - 1, q->cp + lcp,
		    q->n - lcp))
			KEEP(1u << TG_KIND_MISSING_DOT,
			    to_plaus(kind_weight[TG_KIND_MISSING_DOT]));
	}
	if ((mask & (1u << TG_KIND_TLD_IN_LABEL)) && tld_in_label(p, q))
		KEEP(1u << TG_KIND_TLD_IN_LABEL,
		    to_plaus(kind_weight[TG_KIND_TLD_IN_LABEL]));
	if ((mask & ((1u << TG_KIND_HOMOGLYPH) |
	    (1u << TG_KIND_IDN_CONFUSABLE))) && same_sfx) {
		k = glyph_kinds(p, q, f, psn, &pl, quick);
		KEEP(k, pl);
	}
#undef KEEP
	if (best > 1)
		best = 1;
	*plaus = out != 0 ? best : 0;
	return out;
}

unsigned
tg__classify(const struct tg__sfx *sfx, const struct tg__name *p,
    const struct tg__name *q, const struct tg__weights *w, unsigned layouts,
    unsigned mask, double *plaus)
{
	(void)sfx;
	return classify(p, q, w, layouts, mask, plaus, 0);
}

unsigned
tg__classify_variant(const struct tg__name *p, const struct tg__name *q,
    const struct tg__weights *w, unsigned layouts, unsigned mask,
    double *plaus)
{
	return classify(p, q, w, layouts, mask, plaus, 1);
}

unsigned
tg__classify_rule(const uint32_t *x, size_t xn, const struct tg__name *q,
    const struct tg__weights *w, unsigned layouts, double *plaus)
{
	double pl;

	*plaus = 0;
	if (q->base == 0)
		return 0;
	pl = suffix_edit(x, xn, q->cp + q->base + 1, q->n - q->base - 1, w,
	    layouts);
	if (pl == 0)
		return 0;
	*plaus = pl;
	return 1u << TG_KIND_TLD_TYPO;
}
