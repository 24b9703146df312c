/*
 * test_glyph.c - look-alike tables, skeleton classes and multi rules
 * (glyph.c, glyph_int.h, data/glyphs.tsv).
 *
 * Rows name what a reader sees (o and 0 alike, a and b not); the fixed
 * tests walk every list tg__glyph_subs() can return and check the
 * contract on all of them, and that every non-ASCII replacement is a code
 * point libidn2 accepts in a host name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <idn2.h>

#include "glyph_int.h"
#include "unit.h"

#define A TG__GLYPH_ASCII
#define L TG__GLYPH_LATIN
#define C TG__GLYPH_CONFUSABLE
#define ALL (A | L | C)

/* ------------------------------------------------------------------ */
/* Rows                                                                 */

enum row_kind {
	SAME,		/* a and b in one class (x: 1) or not (x: 0) */
	CLASS,		/* class of a is b */
	SUB,		/* subs of s under mask x hold from -> {b, c} (y: 1)
			   or not (y: 0) */
	TABLES,		/* tables_of(a) is x */
	MULTI		/* rule class(s) -> class(from) exists (x: 1) or not */
};

struct row {
	const char *name;
	enum row_kind kind;
	uint32_t a, b, c;
	const char *s;
	const char *from;
	unsigned x, y;
};

#define SAMEC(n, a, b) { n, SAME, a, b, 0, NULL, NULL, 1, 0 }
#define APART(n, a, b) { n, SAME, a, b, 0, NULL, NULL, 0, 0 }
#define CLS(n, a, cls) { n, CLASS, a, cls, 0, NULL, NULL, 0, 0 }
#define HAS(n, s, mask, from, t0, t1) { n, SUB, t0, t1, 0, s, from, mask, 1 }
#define LACKS(n, s, mask, from, t0, t1) \
	{ n, SUB, t0, t1, 0, s, from, mask, 0 }
#define TBL(n, cp, t) { n, TABLES, cp, 0, 0, NULL, NULL, t, 0 }
#define RULE(n, x, y) { n, MULTI, 0, 0, 0, x, y, 1, 0 }
#define NORULE(n, x, y) { n, MULTI, 0, 0, 0, x, y, 0, 0 }

static const struct row rows[] = {
	/* Classes: what reads alike */
	SAMEC("class: o and 0", 'o', '0'),
	SAMEC("class: l and 1", 'l', '1'),
	SAMEC("class: i and 1", 'i', '1'),
	SAMEC("class: l and i", 'l', 'i'),
	SAMEC("class: Cyrillic a U+0430 with a", 0x0430, 'a'),
	SAMEC("class: Greek omicron U+03BF with o", 0x03bf, 'o'),
	SAMEC("class: Cyrillic o U+043E with 0", 0x043e, '0'),
	SAMEC("class: a-acute U+00E1 with a", 0x00e1, 'a'),
	SAMEC("class: a-grave with a-acute", 0x00e0, 0x00e1),
	SAMEC("class: dotless i U+0131 with l", 0x0131, 'l'),
	SAMEC("class: Cyrillic palochka U+04CF with l", 0x04cf, 'l'),
	SAMEC("class: l-stroke U+0142 with l", 0x0142, 'l'),
	SAMEC("class: Latin alpha U+0251 with a", 0x0251, 'a'),
	SAMEC("class: e-ogonek U+0119 with Cyrillic ie U+0435", 0x0119,
	    0x0435),
	SAMEC("class: small capital M U+1D0D with m", 0x1d0d, 'm'),
	SAMEC("class: Cyrillic em U+043C with m (via small capital M)",
	    0x043c, 'm'),
	SAMEC("class: Cyrillic ka U+043A with k (via kra)", 0x043a, 'k'),
	SAMEC("class: tone five U+01BD with s", 0x01bd, 's'),
	SAMEC("class: script g U+0261 with g", 0x0261, 'g'),
	APART("apart: a and b", 'a', 'b'),
	APART("apart: a and o", 'a', 'o'),
	APART("apart: m and n (weak pair)", 'm', 'n'),
	APART("apart: n and r (weak pair)", 'n', 'r'),
	APART("apart: m and r (no chain)", 'm', 'r'),
	APART("apart: b and d (weak pair)", 'b', 'd'),
	APART("apart: 8 and b (weak pair)", '8', 'b'),
	APART("apart: c and e (weak pair)", 'c', 'e'),
	APART("apart: u and v (weak pair)", 'u', 'v'),
	APART("apart: v and y (no chain through V WITH PALATAL HOOK)", 'v',
	    'y'),
	APART("apart: 5 and s (weak pair)", '5', 's'),
	APART("apart: g and q (weak pair)", 'g', 'q'),
	APART("apart: i and j", 'i', 'j'),
	APART("apart: Cyrillic a and Cyrillic o", 0x0430, 0x043e),
	CLS("class name: o's class is 0 (smallest)", 'o', '0'),
	CLS("class name: i's class is 1", 'i', '1'),
	CLS("class name: a-acute's class is a", 0x00e1, 'a'),
	CLS("class name: a is its own", 'a', 'a'),
	CLS("class name: '.' in no pair is itself", '.', '.'),
	CLS("class name: U+4E00 in no pair is itself", 0x4e00, 0x4e00),
	CLS("class name: ae ligature in no 1->1 pair is itself", 0x00e6,
	    0x00e6),
	CLS("class name: above Unicode is itself", 0x110000, 0x110000),
	/* Substitutions */
	HAS("subs: rnx has rn -> m", "rnx", A, "rn", 'm', 0),
	HAS("subs: rnx has r -> n (weak)", "rnx", A, "r", 'n', 0),
	HAS("subs: m has m -> rn", "m", A, "m", 'r', 'n'),
	HAS("subs: m has m -> nn", "m", A, "m", 'n', 'n'),
	HAS("subs: w has w -> vv", "w", A, "w", 'v', 'v'),
	HAS("subs: vv has vv -> w", "vv", A, "vv", 'w', 0),
	HAS("subs: cl has cl -> d", "cl", ALL, "cl", 'd', 0),
	HAS("subs: 0 has 0 -> o", "0", A, "0", 'o', 0),
	HAS("subs: o has o -> 0", "o", ALL, "o", '0', 0),
	HAS("subs: l has l -> 1", "l", A, "l", '1', 0),
	HAS("subs: a has a -> a-grave", "a", L, "a", 0x00e0, 0),
	HAS("subs: a has a -> Cyrillic a", "a", C, "a", 0x0430, 0),
	HAS("subs: ae has ae -> ae ligature", "ae", L, "ae", 0x00e6, 0),
	HAS("subs: ae has a -> a-grave too", "ae", L, "a", 0x00e0, 0),
	HAS("subs: ss has ss -> sharp s", "ss", L, "ss", 0x00df, 0),
	HAS("subs: l has l -> palochka", "l", C, "l", 0x04cf, 0),
	HAS("subs: 5 has 5 -> tone five", "5", L, "5", 0x01bd, 0),
	HAS("subs: 3 has 3 -> ezh", "3", L, "3", 0x0292, 0),
	LACKS("subs: a alone lacks ae -> ae ligature", "a", L, "ae", 0x00e6,
	    0),
	LACKS("subs: ab lacks ae -> ae ligature", "ab", L, "ae", 0x00e6, 0),
	LACKS("subs: latin mask lacks Cyrillic a", "a", L, "a", 0x0430, 0),
	LACKS("subs: confusable mask lacks a-grave", "a", C, "a", 0x00e0, 0),
	LACKS("subs: ascii mask lacks a-grave", "a", A, "a", 0x00e0, 0),
	LACKS("subs: latin mask lacks rn -> m", "rn", L | C, "rn", 'm', 0),
	LACKS("subs: empty mask", "o", 0, "o", '0', 0),
	/* Tables of a code point */
	TBL("tables: Cyrillic a is confusable", 0x0430, C),
	TBL("tables: Greek omicron is confusable", 0x03bf, C),
	TBL("tables: a-grave is latin", 0x00e0, L),
	TBL("tables: ae ligature is latin", 0x00e6, L),
	TBL("tables: sharp s is latin", 0x00df, L),
	TBL("tables: dotless i is latin", 0x0131, L),
	TBL("tables: ASCII a is none", 'a', 0),
	TBL("tables: ASCII 0 is none", '0', 0),
	TBL("tables: U+4E00 is none", 0x4e00, 0),
	TBL("tables: U+0000 is none", 0, 0),
	/* Multi rules, between class strings */
	RULE("multi: m -> rn", "m", "rn"),
	RULE("multi: rn -> m", "rn", "m"),
	RULE("multi: m -> nn", "m", "nn"),
	RULE("multi: w -> vv", "w", "vv"),
	RULE("multi: vv -> w", "vv", "w"),
	RULE("multi: d -> cl", "d", "cl"),
	RULE("multi: cl -> d", "cl", "d"),
	RULE("multi: weak m -> n", "m", "n"),
	RULE("multi: weak n -> m", "n", "m"),
	RULE("multi: weak b -> d", "b", "d"),
	NORULE("multi: none for o -> 0 (one class)", "o", "0"),
	NORULE("multi: none for a -> b", "a", "b"),
};

/* The code points of an ASCII string. */
static size_t
cps(const char *s, uint32_t *out)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		out[n] = (unsigned char)s[n];
	return n;
}

static int
sub_is(const struct tg__glyph_sub *g, const char *from, uint32_t t0,
    uint32_t t1)
{
	size_t fl = strlen(from);

	if (g->from_len != fl || g->from[0] != (unsigned char)from[0] ||
	    (fl == 2 && g->from[1] != (unsigned char)from[1]))
		return 0;
	if (g->to[0] != t0)
		return 0;
	return t1 == 0 ? g->to_len == 1 : g->to_len == 2 && g->to[1] == t1;
}

static int
has_rule(const char *x, const char *y)
{
	const struct tg__glyph_multi *m;
	uint32_t a[2], b[2];
	size_t n, i, k, alen = strlen(x), blen = strlen(y);

	for (k = 0; k < alen; k++)
		a[k] = tg__glyph_class((unsigned char)x[k]);
	for (k = 0; k < blen; k++)
		b[k] = tg__glyph_class((unsigned char)y[k]);
	n = tg__glyph_multis(&m);
	for (i = 0; i < n; i++)
		if (m[i].alen == alen && m[i].blen == blen &&
		    memcmp(m[i].a, a, alen * sizeof(*a)) == 0 &&
		    memcmp(m[i].b, b, blen * sizeof(*b)) == 0)
			return 1;
	return 0;
}

static void
test_row(void **state)
{
	const struct row *r = *state;
	const struct tg__glyph_sub *g;
	uint32_t s[8];
	size_t n, i;
	int found = 0;

	switch (r->kind) {
	case SAME:
		assert_int_equal(tg__glyph_class(r->a) == tg__glyph_class(r->b),
		    r->x);
		break;
	case CLASS:
		assert_int_equal(tg__glyph_class(r->a), r->b);
		break;
	case SUB:
		n = tg__glyph_subs(s, cps(r->s, s), r->x, &g);
		assert_non_null(g);
		for (i = 0; i < n; i++)
			found |= sub_is(&g[i], r->from, r->a, r->b);
		assert_int_equal(found, r->y);
		break;
	case TABLES:
		assert_int_equal(tg__glyph_tables_of(r->a), r->x);
		break;
	case MULTI:
		assert_int_equal(has_rule(r->s, r->from), r->x);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Every list                                                           */

static const char hostchars[] = "-0123456789abcdefghijklmnopqrstuvwxyz";

/* Checks one answer of tg__glyph_subs against the contract. */
static void
check_list(const uint32_t *s, size_t n, unsigned mask,
    const struct tg__glyph_sub *g, size_t count)
{
	size_t i, j;

	for (i = 0; i < count; i++) {
		assert_true(g[i].from_len == 1 || g[i].from_len == 2);
		assert_true(g[i].to_len == 1 || g[i].to_len == 2);
		assert_true(g[i].from_len <= n);
		assert_int_equal(g[i].from[0], s[0]);
		if (g[i].from_len == 2)
			assert_int_equal(g[i].from[1], s[1]);
		else
			assert_int_equal(g[i].from[1], 0);
		if (g[i].to_len == 1)
			assert_int_equal(g[i].to[1], 0);
		/* One table bit, in the mask. */
		assert_true(g[i].table == A || g[i].table == L ||
		    g[i].table == C);
		assert_true(g[i].table & mask);
		/* Only the ascii table maps to ASCII, and only to ASCII. */
		assert_int_equal(g[i].table == A, g[i].to[0] < 0x80 &&
		    (g[i].to_len == 1 || g[i].to[1] < 0x80));
		/* from_len 1 first. */
		if (i > 0)
			assert_true(g[i - 1].from_len <= g[i].from_len);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(&g[i], &g[j], sizeof(g[i]));
	}
}

/* For every first and second character and every mask: the contract
 * holds, and the answer under a mask is exactly the answer under all
 * tables filtered by it. */
static void
test_every_list(void **state)
{
	const struct tg__glyph_sub *all, *g;
	uint32_t s[2];
	size_t i, j, k, nall, n, want, len;
	unsigned mask;

	(void)state;
	for (i = 0; i < 128; i++)
		for (j = 0; j <= sizeof(hostchars) - 1; j++) {
			s[0] = (uint32_t)i;
			s[1] = j < sizeof(hostchars) - 1 ?
			    (unsigned char)hostchars[j] : 0;
			len = j < sizeof(hostchars) - 1 ? 2 : 1;
			nall = tg__glyph_subs(s, len, ALL, &all);
			check_list(s, len, ALL, all, nall);
			if (!strchr(hostchars, (int)i) || i == 0)
				assert_int_equal(nall, 0);
			for (mask = 1; mask < 8; mask++) {
				n = tg__glyph_subs(s, len, mask, &g);
				check_list(s, len, mask, g, n);
				for (k = 0, want = 0; k < nall; k++)
					want += (all[k].table & mask) != 0;
				assert_int_equal(n, want);
			}
			/* Bits outside the three tables are ignored. */
			assert_int_equal(tg__glyph_subs(s, len, ~0u, &g), nall);
		}
	/* Non-ASCII first character, empty input. */
	s[0] = 0xe1;
	assert_int_equal(tg__glyph_subs(s, 1, ALL, &g), 0);
	assert_int_equal(tg__glyph_subs(s, 0, ALL, &g), 0);
}

/* Calls fn for every pair, once: the one-character froms from the lists
 * for a single character, the two-character ones from the lists for two. */
static void
each_pair(void (*fn)(const struct tg__glyph_sub *, void *), void *arg)
{
	const struct tg__glyph_sub *g;
	uint32_t s[2];
	size_t i, j, k, n;

	for (i = 0; i < sizeof(hostchars) - 1; i++) {
		s[0] = (unsigned char)hostchars[i];
		n = tg__glyph_subs(s, 1, ALL, &g);
		for (k = 0; k < n; k++)
			fn(&g[k], arg);
		for (j = 0; j < sizeof(hostchars) - 1; j++) {
			s[1] = (unsigned char)hostchars[j];
			n = tg__glyph_subs(s, 2, ALL, &g);
			for (k = 0; k < n; k++)
				if (g[k].from_len == 2)
					fn(&g[k], arg);
		}
	}
}

struct idn_check {
	size_t count[8];
	size_t bad;
};

static void
idn_one(const struct tg__glyph_sub *g, void *arg)
{
	struct idn_check *c = arg;
	char in[16], *out = NULL;
	unsigned char u[4];
	uint32_t cp = g->to[0];
	int rc;

	c->count[g->table]++;
	if (g->table == A)
		return;
	assert_int_equal(g->to_len, 1);
	assert_true(cp >= 0x80 && cp <= 0x10ffff);
	/* Encode by hand: the test must not lean on the library. */
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		snprintf(in, sizeof(in), "x%c%cy.com", u[0], u[1]);
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		snprintf(in, sizeof(in), "x%c%c%cy.com", u[0], u[1], u[2]);
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		snprintf(in, sizeof(in), "x%c%c%c%cy.com", u[0], u[1], u[2],
		    u[3]);
	}
	rc = idn2_lookup_u8((const uint8_t *)in, (uint8_t **)&out,
	    IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK) {
		print_error("U+%04X (%s): %s\n", (unsigned)cp,
		    g->table == L ? "latin" : "confusable", idn2_strerror(rc));
		c->bad++;
	}
	idn2_free(out);
}

/* Every latin and confusable replacement is a valid IDNA2008 host-name
 * code point by libidn2, between two ASCII letters.  The counts are lower
 * bounds, so that a lost table fails here. */
static void
test_idna_valid(void **state)
{
	struct idn_check c = { { 0 }, 0 };

	(void)state;
	each_pair(idn_one, &c);
	assert_int_equal(c.bad, 0);
	assert_true(c.count[A] >= 40);
	assert_true(c.count[L] >= 400);
	assert_true(c.count[C] >= 100);
}

/* Every non-ASCII 'to' reports its table; the classes of both ends of a
 * 1->1 pair agree unless a multi rule joins them (a weak pair). */
static void
pair_consistent(const struct tg__glyph_sub *g, void *arg)
{
	char a[2] = { 0 }, b[2] = { 0 };

	(void)arg;
	if (g->to_len == 1 && g->to[0] >= 0x80)
		assert_true(tg__glyph_tables_of(g->to[0]) & g->table);
	if (g->from_len != 1 || g->to_len != 1)
		return;
	if (tg__glyph_class(g->from[0]) == tg__glyph_class(g->to[0]))
		return;
	/* A weak pair: it must be a rule (ASCII ends only here, by
	 * construction of has_rule; the rest is checked by index). */
	if (g->to[0] < 0x80) {
		a[0] = (char)g->from[0];
		b[0] = (char)g->to[0];
		assert_true(has_rule(a, b));
		assert_true(has_rule(b, a));
	}
}

static void
test_pairs_consistent(void **state)
{
	(void)state;
	each_pair(pair_consistent, NULL);
}

/* Multi rules: sorted, unique, both directions, never a no-op, and every
 * element a class name (its own class). */
static void
test_multis(void **state)
{
	const struct tg__glyph_multi *m, *n2;
	size_t n, i, j, k;

	(void)state;
	n = tg__glyph_multis(&m);
	assert_true(n > 0);
	assert_int_equal(tg__glyph_multis(&n2), n);
	assert_ptr_equal(m, n2);
	for (i = 0; i < n; i++) {
		assert_true(m[i].alen >= 1 && m[i].alen <= 2);
		assert_true(m[i].blen >= 1 && m[i].blen <= 2);
		for (k = 0; k < m[i].alen; k++)
			assert_int_equal(tg__glyph_class(m[i].a[k]), m[i].a[k]);
		for (k = 0; k < m[i].blen; k++)
			assert_int_equal(tg__glyph_class(m[i].b[k]), m[i].b[k]);
		assert_false(m[i].alen == m[i].blen && memcmp(m[i].a, m[i].b,
		    m[i].alen * sizeof(m[i].a[0])) == 0);
		for (j = 0; j < n; j++)
			if (m[j].alen == m[i].blen && m[j].blen == m[i].alen &&
			    memcmp(m[j].a, m[i].b, m[i].blen * 4) == 0 &&
			    memcmp(m[j].b, m[i].a, m[i].alen * 4) == 0)
				break;
		if (j == n)
			fail_msg("rule %zu has no reverse", i);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(&m[i], &m[j], sizeof(m[i]));
	}
}

/* A class name is a fixed point, and the smallest of its members. */
static void
test_class_names(void **state)
{
	uint32_t cp, cls;

	(void)state;
	for (cp = 0; cp < 0x20000; cp++) {
		cls = tg__glyph_class(cp);
		assert_true(cls <= cp);
		assert_int_equal(tg__glyph_class(cls), cls);
	}
}

/* The code points of the tables, found by their hash (glyph.c): every
 * non-ASCII 'to' has its tables, no other code point has any or a class
 * of its own. */
static void
test_code_point_lookup(void **state)
{
	static unsigned char in[0x110000];
	const struct tg__glyph_sub *g;
	uint32_t s[2], cp;
	size_t n, k, c0, c1, want = 0, got = 0;

	(void)state;
	for (c0 = 0; c0 < 128; c0++)
		for (c1 = 0; c1 <= 128; c1++) {
			s[0] = (uint32_t)c0;
			s[1] = (uint32_t)c1;
			n = tg__glyph_subs(s, c1 < 128 ? 2 : 1, ALL, &g);
			for (k = 0; k < n; k++)
				if (g[k].to_len == 1 && g[k].to[0] >= 0x80 &&
				    !in[g[k].to[0]]) {
					in[g[k].to[0]] = 1;
					want++;
					assert_true(tg__glyph_tables_of(
					    g[k].to[0]) & g[k].table);
				}
		}
	for (cp = 0x80; cp < 0x110000; cp++) {
		if (in[cp]) {
			got++;
			continue;
		}
		assert_int_equal(tg__glyph_tables_of(cp), 0);
		assert_int_equal(tg__glyph_class(cp), cp);
	}
	assert_int_equal(got, want);
	assert_true(want > 300);
}

/* The two-level lookup against the hash it is built from, at every code
 * point and a few beyond. */
static void
test_lookup_matches_hash(void **state)
{
	static const uint32_t beyond[] = { 0x110000, 0x110061, 0x1fffff,
	    0x200000, 0xffffffff };
	uint32_t cp, one[1];
	size_t i, joined = 0;
	unsigned t;

	(void)state;
	tg__glyph_init();
	for (cp = 0; cp < 0x110000; cp++) {
		if (tg__glyph_class_built(cp) != tg__glyph_class_hashed(cp) ||
		    tg__glyph_class(cp) != tg__glyph_class_hashed(cp))
			fail_msg("class of U+%04X: %x, hash %x", (unsigned)cp,
			    (unsigned)tg__glyph_class(cp),
			    (unsigned)tg__glyph_class_hashed(cp));
		t = tg__glyph_tables_hashed(cp);
		if (tg__glyph_tables_of(cp) != t)
			fail_msg("tables of U+%04X: %u, hash %u", (unsigned)cp,
			    tg__glyph_tables_of(cp), t);
		one[0] = cp;
		assert_int_equal(tg__glyph_tables_in(one, 1), cp < 0x80 ? 0 :
		    (t & TG__GLYPH_LATIN) ? L : C);
		joined += tg__glyph_class(cp) != cp;
	}
	assert_true(joined > 300);
	for (i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		assert_int_equal(tg__glyph_class_built(beyond[i]), beyond[i]);
		assert_int_equal(tg__glyph_class_hashed(beyond[i]), beyond[i]);
		assert_int_equal(tg__glyph_tables_of(beyond[i]), 0);
		assert_int_equal(tg__glyph_tables_in(&beyond[i], 1), C);
	}
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_every_list),
		cmocka_unit_test(test_idna_valid),
		cmocka_unit_test(test_pairs_consistent),
		cmocka_unit_test(test_multis),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_code_point_lookup),
		cmocka_unit_test(test_lookup_matches_hash),
	};

	return ut_run("glyph", test_row, rows, sizeof(rows) / sizeof(rows[0]),
	    sizeof(rows[0]), fixed, sizeof(fixed) / sizeof(fixed[0]), 0);
}
