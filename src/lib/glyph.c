/*
 * glyph.c - look-alike characters (glyph_int.h).
 *
 * The pairs come from data/glyphs.tsv, turned into C at build time by
 * gen_glyph_table.py (glyph_table.h).  The substitution lists are static
 * there, already packed per first character, second character and table
 * mask, so tg__glyph_subs() is two lookups.  The skeleton classes, the
 * table of each code point and the multi rules are derived here on first
 * use (pthread_once) into static arrays sized by the generator: nothing is
 * allocated, so nothing can fail, and all of it is read-only afterwards.
 * The class and tables of a code point are then one two-level lookup
 * (tg__glyph_entry()); the hash they are built from stays the reference
 * (tg__glyph_class_hashed()).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glyph_int.h"

#include "glyph_table.h"

#define TABLES_ALL (TG__GLYPH_ASCII | TG__GLYPH_LATIN | TG__GLYPH_CONFUSABLE)

/* A non-ASCII code point of the tables. */
struct glyph_cp {
	uint32_t cp;
	uint32_t cls;		/* its skeleton class */
	unsigned char tables;	/* tables it is a 'to' of */
};

static uint32_t ascii_cls[128];
static struct glyph_cp cps[GLYPH_NCP_MAX];
static size_t ncps;
/* cps[] by code point: open addressing, the index + 1 of each (0 free),
 * at least four slots per code point so that a miss ends soon. */
#define CP_SLOTS_BITS 12
#define CP_SLOTS (1u << CP_SLOTS_BITS)
static uint16_t cp_slot[CP_SLOTS];
_Static_assert(GLYPH_NCP_MAX * 4 <= CP_SLOTS, "cp_slot too small");
_Static_assert(TG__GLYPH_TABLES_SHIFT >= 21,
    "a class delta needs 21 bits");
/* Blocks of the lookup: block 0 (all zero) for the code points in no
 * pair, two for ASCII, at most one more per code point of cps[]. */
#define BLK_MAX (3 + GLYPH_NCP_MAX)
_Static_assert(BLK_MAX <= UINT16_MAX, "block numbers are 16 bits");
uint16_t tg__glyph_top[TG__GLYPH_CP_END >> TG__GLYPH_BLK_BITS];
uint32_t tg__glyph_blk[BLK_MAX][TG__GLYPH_BLK];
static size_t nblk = 1;
static struct tg__glyph_multi multis[GLYPH_NMULTI_MAX];
static size_t nmultis;
static pthread_once_t glyph_once = PTHREAD_ONCE_INIT;

/* Union-find over ASCII (index = code point) and cps[] (128 + index). */
static uint32_t uf_parent[128 + GLYPH_NCP_MAX];
static uint32_t uf_min[128 + GLYPH_NCP_MAX];

/* ------------------------------------------------------------------ */
/* Substitutions                                                        */

static int
two_cmp(const void *k, const void *e)
{
	const unsigned char *key = k;
	const struct glyph_two *t = e;

	if (key[0] != t->c0)
		return key[0] < t->c0 ? -1 : 1;
	if (key[1] != t->c1)
		return key[1] < t->c1 ? -1 : 1;
	return 0;
}

size_t
tg__glyph_subs(const uint32_t *s, size_t n, unsigned tables,
    const struct tg__glyph_sub **out)
{
	const struct glyph_span *span;
	const struct glyph_two *two;
	unsigned char key[2];
	unsigned mask = tables & TABLES_ALL;

	*out = glyph_lists;
	if (n == 0 || s[0] >= 128 || mask == 0)
		return 0;
	span = &glyph_one[s[0]][mask];
	if (n >= 2 && s[1] < 128) {
		key[0] = (unsigned char)s[0];
		key[1] = (unsigned char)s[1];
		two = bsearch(key, glyph_two, sizeof(glyph_two) /
		    sizeof(glyph_two[0]), sizeof(glyph_two[0]), two_cmp);
		if (two != NULL)
			span = &two->span[mask];
	}
	*out = glyph_lists + span->off;
	return span->n;
}

/* ------------------------------------------------------------------ */
/* Building the classes and multi rules                                 */

static int
cp_cmp(const void *a, const void *b)
{
	const struct glyph_cp *x = a, *y = b;

	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static size_t
cp_home(uint32_t cp)
{
	return (size_t)((cp * 0x9e3779b1u) >> (32 - CP_SLOTS_BITS));
}

static struct glyph_cp *
cp_find(uint32_t cp)
{
	size_t k;

	for (k = cp_home(cp); cp_slot[k] != 0; k = (k + 1) & (CP_SLOTS - 1))
		if (cps[cp_slot[k] - 1].cp == cp)
			return &cps[cp_slot[k] - 1];
	return NULL;
}

static void
cp_index(void)
{
	size_t i, k;

	for (i = 0; i < ncps; i++) {
		for (k = cp_home(cps[i].cp); cp_slot[k] != 0;
		    k = (k + 1) & (CP_SLOTS - 1))
			;
		cp_slot[k] = (uint16_t)(i + 1);
	}
}

/* The union-find index of a code point of the tables. */
static uint32_t
uf_index(uint32_t cp)
{
	return cp < 128 ? cp : 128 + (uint32_t)(cp_find(cp) - cps);
}

static uint32_t
uf_find(uint32_t i)
{
	while (uf_parent[i] != i) {
		uf_parent[i] = uf_parent[uf_parent[i]];
		i = uf_parent[i];
	}
	return i;
}

static void
uf_union(uint32_t a, uint32_t b)
{
	a = uf_find(a);
	b = uf_find(b);
	if (a != b)
		uf_parent[a] = b;
}

/* The class of cp once glyph_build() has named them. */
static uint32_t
class_of(uint32_t cp)
{
	const struct glyph_cp *e;

	if (cp < 128)
		return ascii_cls[cp];
	e = cp_find(cp);
	return e != NULL ? e->cls : cp;
}

static const struct tg__glyph_sub *
pair_sub(size_t i)
{
	return &glyph_lists[glyph_pairs[i].at];
}

int
tg__glyph_multi_cmp(const void *a, const void *b)
{
	const struct tg__glyph_multi *x = a, *y = b;
	size_t k;

	if (x->alen != y->alen)
		return x->alen < y->alen ? -1 : 1;
	for (k = 0; k < x->alen; k++)
		if (x->a[k] != y->a[k])
			return x->a[k] < y->a[k] ? -1 : 1;
	if (x->blen != y->blen)
		return x->blen < y->blen ? -1 : 1;
	for (k = 0; k < x->blen; k++)
		if (x->b[k] != y->b[k])
			return x->b[k] < y->b[k] ? -1 : 1;
	return 0;
}

static void
add_multi(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	struct tg__glyph_multi *m = &multis[nmultis++];

	memset(m, 0, sizeof(*m));
	memcpy(m->a, a, alen * sizeof(*a));
	memcpy(m->b, b, blen * sizeof(*b));
	m->alen = (unsigned char)alen;
	m->blen = (unsigned char)blen;
}

/*
 * Multi rules: every pair with a two-character side, and every weak pair
 * (kept out of the classes so that it cannot chain letters: glyph_int.h),
 * as class strings both ways.  Pairs whose sides fall in one class say
 * nothing the classes do not.
 */
static void
build_multis(void)
{
	const struct tg__glyph_sub *g;
	uint32_t a[2], b[2];
	size_t i, k, out;

	for (i = 0; i < GLYPH_NPAIRS; i++) {
		g = pair_sub(i);
		if (g->from_len == 1 && g->to_len == 1 && !glyph_pairs[i].weak)
			continue;
		for (k = 0; k < g->from_len; k++)
			a[k] = class_of(g->from[k]);
		for (k = 0; k < g->to_len; k++)
			b[k] = class_of(g->to[k]);
		if (g->from_len == g->to_len &&
		    memcmp(a, b, g->from_len * sizeof(*a)) == 0)
			continue;
		add_multi(a, g->from_len, b, g->to_len);
		add_multi(b, g->to_len, a, g->from_len);
	}
	qsort(multis, nmultis, sizeof(multis[0]), tg__glyph_multi_cmp);
	for (i = 0, out = 0; i < nmultis; i++)
		if (out == 0 ||
		    tg__glyph_multi_cmp(&multis[out - 1], &multis[i]) != 0)
			multis[out++] = multis[i];
	nmultis = out;
}

/* Enters the class and tables of cp in the two-level lookup. */
static void
lookup_set(uint32_t cp, uint32_t cls, unsigned tables)
{
	uint16_t *b = &tg__glyph_top[cp >> TG__GLYPH_BLK_BITS];

	if (*b == 0)
		*b = (uint16_t)nblk++;
	tg__glyph_blk[*b][cp & (TG__GLYPH_BLK - 1)] = (cp ^ cls) |
	    (uint32_t)tables << TG__GLYPH_TABLES_SHIFT;
}

/* Runs once (pthread_once): nothing else writes the arrays above. */
static void
glyph_build(void)
{
	const struct tg__glyph_sub *g;
	uint32_t i, r, cp;
	size_t k, out;

	/* The non-ASCII code points, sorted and unique. */
	for (i = 0; i < GLYPH_NPAIRS; i++) {
		g = pair_sub(i);
		for (k = 0; k < g->to_len; k++)
			if (g->to[k] >= 0x80 && ncps < GLYPH_NCP_MAX)
				cps[ncps++].cp = g->to[k];
	}
	qsort(cps, ncps, sizeof(cps[0]), cp_cmp);
	for (k = 0, out = 0; k < ncps; k++)
		if (out == 0 || cps[out - 1].cp != cps[k].cp)
			cps[out++] = cps[k];
	ncps = out;
	cp_index();

	/* Classes: union over the strong 1->1 pairs. */
	for (i = 0; i < 128 + ncps; i++)
		uf_parent[i] = i;
	for (i = 0; i < GLYPH_NPAIRS; i++) {
		g = pair_sub(i);
		if (g->from_len == 1 && g->to_len == 1 && !glyph_pairs[i].weak)
			uf_union(uf_index(g->from[0]), uf_index(g->to[0]));
		if (g->to_len == 1 && g->to[0] >= 0x80)
			cp_find(g->to[0])->tables |= g->table;
	}
	/* Each class is named by its smallest code point. */
	for (i = 0; i < 128 + ncps; i++)
		uf_min[i] = UINT32_MAX;
	for (i = 0; i < 128 + ncps; i++) {
		cp = i < 128 ? i : cps[i - 128].cp;
		r = uf_find(i);
		if (cp < uf_min[r])
			uf_min[r] = cp;
	}
	for (i = 0; i < 128; i++)
		ascii_cls[i] = uf_min[uf_find(i)];
	for (k = 0; k < ncps; k++)
		cps[k].cls = uf_min[uf_find(128 + (uint32_t)k)];

	for (i = 0; i < 128; i++)
		lookup_set(i, ascii_cls[i], 0);
	for (k = 0; k < ncps; k++)
		lookup_set(cps[k].cp, cps[k].cls, cps[k].tables);

	build_multis();
}

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

void
tg__glyph_init(void)
{
	pthread_once(&glyph_once, glyph_build);
}

uint32_t
tg__glyph_class(uint32_t cp)
{
	pthread_once(&glyph_once, glyph_build);
	return tg__glyph_class_built(cp);
}

uint32_t
tg__glyph_class_hashed(uint32_t cp)
{
	pthread_once(&glyph_once, glyph_build);
	return class_of(cp);
}

void
tg__glyph_skeleton(const uint32_t *cp, size_t n, uint32_t *out)
{
	size_t i;

	pthread_once(&glyph_once, glyph_build);
	for (i = 0; i < n; i++)
		out[i] = cp[i] < 128 ? ascii_cls[cp[i]] :
		    tg__glyph_class_built(cp[i]);
}

unsigned
tg__glyph_tables_in(const uint32_t *cp, size_t n)
{
	pthread_once(&glyph_once, glyph_build);
	return tg__glyph_tables_in_built(cp, n);
}

const uint32_t *
tg__glyph_ascii_classes(void)
{
	pthread_once(&glyph_once, glyph_build);
	return ascii_cls;
}

unsigned
tg__glyph_tables_of(uint32_t cp)
{
	if (cp < 128)
		return 0;
	pthread_once(&glyph_once, glyph_build);
	return tg__glyph_entry(cp) >> TG__GLYPH_TABLES_SHIFT;
}

unsigned
tg__glyph_tables_hashed(uint32_t cp)
{
	const struct glyph_cp *e;

	if (cp < 128)
		return 0;
	pthread_once(&glyph_once, glyph_build);
	e = cp_find(cp);
	return e != NULL ? e->tables : 0;
}

size_t
tg__glyph_multis(const struct tg__glyph_multi **out)
{
	pthread_once(&glyph_once, glyph_build);
	*out = multis;
	return nmultis;
}
