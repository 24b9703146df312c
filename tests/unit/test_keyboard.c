/*
 * test_keyboard.c - keyboard layouts and key adjacency (keyboard.c,
 * keyboard_int.h), and the layout names of typoguard.h.
 *
 * The rows state facts anyone can check on a real keyboard; the fixed
 * tests check properties of the whole table (symmetry, the QWERTY/QWERTZ
 * y-z swap, the neighbour strings against the adjacency bits).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keyboard_int.h"
#include "unit.h"

#define QWERTY (1u << TG_LAYOUT_QWERTY)
#define QWERTZ (1u << TG_LAYOUT_QWERTZ)
#define AZERTY (1u << TG_LAYOUT_AZERTY)
#define ALL (QWERTY | QWERTZ | AZERTY)

static int
is_hostchar(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* ------------------------------------------------------------------ */
/* Rows: one neighbour set or one adjacency each                        */

enum row_kind { NEIGHBOURS, ADJACENT };

struct row {
	const char *name;
	enum row_kind kind;
	enum tg_layout layout;	/* NEIGHBOURS */
	unsigned char a;
	unsigned char b;	/* ADJACENT */
	const char *nb;		/* NEIGHBOURS: expected, ascending */
	unsigned mask;		/* ADJACENT: expected layouts */
};

#define NB(name, l, c, s) { name, NEIGHBOURS, TG_LAYOUT_##l, c, 0, s, 0 }
#define ADJ(name, a, b, m) { name, ADJACENT, 0, a, b, NULL, m }

static const struct row rows[] = {
	/* QWERTY (US ANSI) */
	NB("qwerty g: t y above, v b below, f h beside", QWERTY, 'g',
	    "bfhtvy"),
	NB("qwerty a: q w above, z below", QWERTY, 'a', "qswz"),
	NB("qwerty q: 1 2 above, a below", QWERTY, 'q', "12aw"),
	NB("qwerty p: 0 - above, l below (; is no host char)", QWERTY, 'p',
	    "-0lo"),
	NB("qwerty l: o p above, nothing below (, .)", QWERTY, 'l', "kop"),
	NB("qwerty m: j k above, right end of the letters", QWERTY, 'm',
	    "jkn"),
	NB("qwerty z: a s above, left end of the bottom row", QWERTY, 'z',
	    "asx"),
	NB("qwerty 1: q below, ` to the left types nothing", QWERTY, '1',
	    "2q"),
	NB("qwerty -: right of 0, over p", QWERTY, '-', "0p"),
	NB("qwerty y: top row between t and u", QWERTY, 'y', "67ghtu"),
	/* QWERTZ (German ISO): y and z trade places */
	NB("qwertz z: where qwerty has y", QWERTZ, 'z', "67ghtu"),
	NB("qwertz y: where qwerty has z", QWERTZ, 'y', "asx"),
	NB("qwertz a: y below", QWERTZ, 'a', "qswy"),
	NB("qwertz -: bottom row right of '.', no host-char neighbour",
	    QWERTZ, '-', ""),
	NB("qwertz 0: no - to its right (that key types sz)", QWERTZ, '0',
	    "9op"),
	/* AZERTY (French ISO) */
	NB("azerty a: top row left, 1 2 above, q below", AZERTY, 'a',
	    "12qz"),
	NB("azerty z: second in the top row", AZERTY, 'z', "23aeqs"),
	NB("azerty q: home row left, w below", AZERTY, 'q', "aswz"),
	NB("azerty m: home row right of l, p above", AZERTY, 'm', "lp"),
	NB("azerty p: 0 above, l m below", AZERTY, 'p', "0lmo"),
	NB("azerty w: bottom row left, q s above", AZERTY, 'w', "qsx"),
	NB("azerty n: bottom row ends at n (, follows)", AZERTY, 'n', "bhj"),
	NB("azerty 6: the key that also types -", AZERTY, '6', "57ty"),
	NB("azerty -: on the 6 key, same neighbours", AZERTY, '-', "57ty"),
	NB("azerty 5: 6 and - both to its right", AZERTY, '5', "-46rt"),
	NB("azerty t: under 5 and the 6/- key", AZERTY, 't', "-56fgry"),
	/* Pairs across layouts */
	ADJ("g-h: every layout", 'g', 'h', ALL),
	ADJ("4-5: digits keep their keys", '4', '5', ALL),
	ADJ("a-q: every layout, by different geometry", 'a', 'q', ALL),
	ADJ("y-u: qwerty, azerty", 'y', 'u', QWERTY | AZERTY),
	ADJ("z-u: qwertz only", 'z', 'u', QWERTZ),
	ADJ("a-z: qwerty (z below a), azerty (same row)", 'a', 'z',
	    QWERTY | AZERTY),
	ADJ("a-y: qwertz only", 'a', 'y', QWERTZ),
	ADJ("m-l: azerty only", 'm', 'l', AZERTY),
	ADJ("m-k: qwerty, qwertz", 'm', 'k', QWERTY | QWERTZ),
	ADJ("1-q: not azerty (q is on the home row)", '1', 'q',
	    QWERTY | QWERTZ),
	ADJ("1-a: azerty only", '1', 'a', AZERTY),
	ADJ("w-x: azerty only (bottom row)", 'w', 'x', AZERTY),
	ADJ("p-0: every layout", 'p', '0', ALL),
	ADJ("p--: qwerty only", 'p', '-', QWERTY),
	ADJ("t--: azerty only", 't', '-', AZERTY),
	ADJ("6--: one key on azerty, far apart on qwerty", '6', '-', 0),
	ADJ("a-a: a key is not its own neighbour", 'a', 'a', 0),
	ADJ("q-z: azerty only (z above q)", 'q', 'z', AZERTY),
	ADJ("a-x: no", 'a', 'x', 0),
	ADJ("A-s: upper case is not folded", 'A', 's', 0),
	ADJ("l-;: not a host char", 'l', ';', 0),
	ADJ("k-,: not a host char", 'k', ',', 0),
	ADJ("a-0xe4: non-ASCII byte", 'a', 0xe4, 0),
	ADJ("0xff-0xff", 0xff, 0xff, 0),
	ADJ("NUL-a", 0, 'a', 0),
};

static void
test_row(void **state)
{
	const struct row *r = *state;

	if (r->kind == NEIGHBOURS) {
		assert_string_equal(tg__kb_neighbours(r->layout, r->a), r->nb);
		return;
	}
	assert_int_equal(tg__kb_adjacent(r->a, r->b), r->mask);
	assert_int_equal(tg__kb_adjacent(r->b, r->a), r->mask);
}

/* ------------------------------------------------------------------ */
/* Whole-table properties                                               */

static void
test_symmetric(void **state)
{
	unsigned a, b;
	unsigned char x, y;

	(void)state;
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			x = (unsigned char)a;
			y = (unsigned char)b;
			if (tg__kb_adjacent(x, y) != tg__kb_adjacent(y, x))
				fail_msg("adjacent(0x%02x, 0x%02x) asymmetric",
				    a, b);
		}
}

/* Only host characters have neighbours, and only host characters. */
static void
test_only_hostchars(void **state)
{
	unsigned a, b;

	(void)state;
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			unsigned m = tg__kb_adjacent((unsigned char)a,
			    (unsigned char)b);

			if (m & ~(unsigned)ALL)
				fail_msg("0x%02x 0x%02x: bits 0x%x", a, b, m);
			if (m != 0 && (!is_hostchar(a) || !is_hostchar(b)))
				fail_msg("0x%02x 0x%02x adjacent", a, b);
		}
}

/* The neighbour strings are the adjacency bits, in ascending order. */
static void
test_neighbours_match_bits(void **state)
{
	char want[64];
	unsigned c, d;
	size_t n;
	int l;

	(void)state;
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		for (c = 0; c < 256; c++) {
			for (d = 0, n = 0; d < 256; d++)
				if (tg__kb_adjacent((unsigned char)c,
				    (unsigned char)d) & (1u << l))
					want[n++] = (char)d;
			want[n] = '\0';
			assert_string_equal(tg__kb_neighbours(
			    (enum tg_layout)l, (unsigned char)c), want);
		}
	assert_string_equal(tg__kb_neighbours(TG_LAYOUT_COUNT, 'a'), "");
	assert_string_equal(tg__kb_neighbours((enum tg_layout)-1, 'a'), "");
}

/*
 * Geometry bounds: a key has at most two neighbours in its row and two in
 * each row next to it, so a letter has 2 to 6 neighbour keys (on AZERTY
 * the 6 key types '-' too: one key, two characters).
 */
static void
test_counts(void **state)
{
	const char *nb;
	unsigned c;
	size_t keys;
	int l;

	(void)state;
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		for (c = 'a'; c <= 'z'; c++) {
			nb = tg__kb_neighbours((enum tg_layout)l,
			    (unsigned char)c);
			keys = strlen(nb);
			if (l == TG_LAYOUT_AZERTY && strchr(nb, '-') != NULL &&
			    strchr(nb, '6') != NULL)
				keys--;
			if (keys < 2 || keys > 6)
				fail_msg("%s %c: %zu neighbour keys",
				    tg_layout_name(l), c, keys);
		}
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		for (c = '0'; c <= '9'; c++)
			assert_true(strlen(tg__kb_neighbours(
			    (enum tg_layout)l, (unsigned char)c)) >= 2);
}

/* QWERTZ is QWERTY with y and z swapped, for letters and digits. */
static unsigned char
swap_yz(unsigned char c)
{
	return c == 'y' ? 'z' : c == 'z' ? 'y' : c;
}

static void
test_qwertz_is_qwerty_swapped(void **state)
{
	unsigned a, b, y, z;

	(void)state;
	for (a = 0; a < 128; a++)
		for (b = 0; b < 128; b++) {
			if (a == '-' || b == '-')
				continue;
			y = tg__kb_adjacent((unsigned char)a,
			    (unsigned char)b) & QWERTY;
			z = tg__kb_adjacent(swap_yz((unsigned char)a),
			    swap_yz((unsigned char)b)) & QWERTZ;
			if ((y != 0) != (z != 0))
				fail_msg("%c-%c: qwerty %u, qwertz swapped %u",
				    a, b, y, z);
		}
}

/* ------------------------------------------------------------------ */
/* Layout names                                                          */

static void
test_layout_names(void **state)
{
	int l;
	const char *n;

	(void)state;
	assert_string_equal(tg_layout_name(TG_LAYOUT_QWERTY), "qwerty");
	assert_string_equal(tg_layout_name(TG_LAYOUT_QWERTZ), "qwertz");
	assert_string_equal(tg_layout_name(TG_LAYOUT_AZERTY), "azerty");
	assert_null(tg_layout_name(-1));
	assert_null(tg_layout_name(TG_LAYOUT_COUNT));
	for (l = 0; l < TG_LAYOUT_COUNT; l++) {
		n = tg_layout_name(l);
		assert_int_equal(tg_layout_from_name(n, strlen(n)), l);
	}
	/* Pointer + length: no NUL needed, nothing read past len. */
	assert_int_equal(tg_layout_from_name("azertyuiop", 6),
	    TG_LAYOUT_AZERTY);
	assert_int_equal(tg_layout_from_name("qwert", 5), -1);
	assert_int_equal(tg_layout_from_name("qwertyy", 7), -1);
	assert_int_equal(tg_layout_from_name("QWERTY", 6), -1);
	assert_int_equal(tg_layout_from_name("", 0), -1);
	assert_int_equal(tg_layout_from_name(NULL, 0), -1);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_symmetric),
		cmocka_unit_test(test_only_hostchars),
		cmocka_unit_test(test_neighbours_match_bits),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_qwertz_is_qwerty_swapped),
		cmocka_unit_test(test_layout_names),
	};

	return ut_run("keyboard", test_row, rows, sizeof(rows) /
	    sizeof(rows[0]), sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
