/*
 * test_idna.c - the IDNA fast path (idna.c) against libidn2.
 *
 * The fast path may only ever accept, and only with libidn2's answer.
 * Every name here goes through compare():
 *   - when the fast path takes the name, libidn2's idn2_to_ascii_8z()
 *     (UTS #46 non-transitional, with and without the STD3 rules) gives
 *     the same A-label and idn2_to_unicode_8z8z() the same U-label;
 *   - tg_domain_parse() and the parse with libidn2 deciding every IDN
 *     (tg__domain_parse_idn2()) give the same struct tg_domain, or the
 *     same error code, offset and message.
 * The names: named rows (which the fast path must take or leave), every
 * code point of the table in several positions and as an A-label, a
 * sample of all other code points, random labels from many scripts in
 * U-label and A-label form with case changes and damage, and every
 * A-label in data/.  Rows that the fast path must take make sure it is
 * not simply off.
 */
#include <idn2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain_int.h"
#include "idna_int.h"
#include "idna_oracle.h"
#include "typoguard.h"
#include "unit.h"
#include "text_int.h"

#define NONTR IDN2_NONTRANSITIONAL

/* How many names compare() saw, and how many the fast path took. */
static size_t seen, taken;

static void
show(const char *what, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "# %s: \"", what);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x21 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
}

#define SAME(cond, what, s, len) do { \
	if (!(cond)) { \
		show(what, s, len); \
		fail_msg("%s", what); \
	} \
} while (0)

/* Compares the two ways for s[0..len) (idna_oracle.h); returns whether
 * the fast path took the name. */
static int
compare(const char *s, size_t len)
{
	const char *why;
	int fast;

	seen++;
	why = idna_oracle(ctx, s, len, &fast);
	taken += (size_t)fast;
	SAME(why == NULL, why, s, len);
	return fast;
}

/* Only the fast path against libidn2, for the many names of one code
 * point: its answer, when it has one, is libidn2's. */
static int
quick(const char *s, size_t len)
{
	const char *why;
	int fast;

	seen++;
	why = idna_oracle_fast(s, len, &fast);
	taken += (size_t)fast;
	SAME(why == NULL, why, s, len);
	return fast;
}

static int
compare_z(const char *s)
{
	return compare(s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Named rows.                                                          */

enum { DEFER, FAST, EITHER };

struct irow {
	const char *name;
	const char *in;
	int expect;
	const char *alabel; /* when FAST, or NULL */
};

static const struct irow rows[] = {
	{ "latin U-label", "b\xc3\xbc" "cher.de", FAST, "xn--bcher-kva.de" },
	{ "latin A-label", "xn--bcher-kva.de", FAST, "xn--bcher-kva.de" },
	{ "A-label in capitals", "XN--BCHER-KVA.DE", FAST,
	    "xn--bcher-kva.de" },
	{ "A-label in mixed case", "Xn--bCheR-KvA.De", FAST,
	    "xn--bcher-kva.de" },
	{ "ASCII capitals in a U-label", "B\xc3\xbc" "CHER.DE", FAST,
	    "xn--bcher-kva.de" },
	{ "cyrillic", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80."
	    "\xd1\x80\xd1\x84", FAST, "xn--e1afmkfd.xn--p1ai" },
	{ "cyrillic A-labels", "xn--e1afmkfd.xn--p1ai", FAST,
	    "xn--e1afmkfd.xn--p1ai" },
	{ "han", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.jp", FAST,
	    "xn--wgv71a119e.jp" },
	{ "sharp s kept (non-transitional)", "stra\xc3\x9f" "e.de", FAST,
	    "xn--strae-oqa.de" },
	{ "greek with tonos", "\xce\xb4\xce\xbf\xce\xba\xce\xb9\xce\xbc"
	    "\xce\xae.gr", FAST, NULL },
	{ "hangul syllables", "\xed\x95\x9c\xea\xb5\xad.kr", FAST, NULL },
	{ "devanagari vowel signs", "\xe0\xa4\x89\xe0\xa4\xa6\xe0\xa4\xbe"
	    "\xe0\xa4\xb9\xe0\xa4\xb0\xe0\xa4\xa3.com", FAST, NULL },
	{ "several IDN labels", "b\xc3\xbc" "cher.xn--e1afmkfd."
	    "\xe6\x97\xa5\xe6\x9c\xac", FAST, NULL },
	{ "all-digit TLD after an IDN", "b\xc3\xbc" "cher.123", EITHER,
	    NULL },
	{ "uppercase non-ASCII (mapped)", "B\xc3\x9c" "CHER.DE", DEFER, NULL },
	{ "hebrew", "\xd7\x93\xd7\x95\xd7\x92\xd7\x9e\xd7\x94.co.il",
	    FAST, "xn--6dbbec0c.co.il" },
	{ "hebrew then digits", "\xd7\x90" "12.com", FAST, NULL },
	{ "digit then hebrew", "1\xd7\x90.com", DEFER, NULL },
	{ "hebrew and latin", "\xd7\x90" "a.com", DEFER, NULL },
	{ "latin and hebrew", "a\xd7\x90.com", DEFER, NULL },
	{ "hebrew then hyphen", "\xd7\x90-\xd7\x91.com", FAST, NULL },
	{ "hebrew with a point (NSM)", "\xd7\x90\xd6\xb0\xd7\x91.com",
	    FAST, NULL },
	{ "hebrew ending in a point", "\xd7\x90\xd6\xb0.com", FAST, NULL },
	{ "hebrew points in order", "\xd7\x90\xd6\xb5\xd6\xb6.com", FAST,
	    NULL },
	{ "hebrew points out of order", "\xd7\x90\xd6\xb6\xd6\xb5.com",
	    DEFER, NULL },
	{ "hebrew, modifier letter (ON) last", "\xd7\x90\xcb\x8c.com", DEFER,
	    NULL },
	{ "hebrew, modifier letter (ON), hebrew",
	    "\xd7\x90\xcb\x8c\xd7\x91.com", FAST, NULL },
	{ "hebrew point in a decomposition", "\xd7\x90\xd6\xb7.com", DEFER,
	    NULL },
	{ "arabic", "\xd9\x85\xd8\xab\xd8\xa7\xd9\x84.com", FAST, NULL },
	{ "arabic with arabic-indic digits", "\xd9\x85\xd9\xa1\xd9\xa2.com",
	    EITHER, NULL },
	{ "arabic-indic digit first", "\xd9\xa1\xd9\x85.com", DEFER, NULL },
	{ "arabic-indic digit after latin", "a\xd9\xa1.com", DEFER, NULL },
	{ "arabic and extended digits", "\xd9\x85\xdb\xb1.com", EITHER,
	    NULL },
	{ "thai (mark of class 107)", "\xe0\xb8\x95\xe0\xb8\xb1\xe0\xb8\xa7"
	    "\xe0\xb8\xad\xe0\xb8\xa2\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x87.th",
	    FAST, NULL },
	{ "marks out of canonical order", "a\xcc\x81\xcc\xa3.com", DEFER,
	    NULL },
	{ "combining acute (not NFC-stable)", "e\xcc\x81.com", DEFER, NULL },
	{ "decomposed u umlaut", "bu\xcc\x88" "cher.de", DEFER, NULL },
	{ "mark first", "\xe0\xa4\xbe" "a.com", DEFER, NULL },
	{ "A-label of a mark first", "xn--a-5cg.com", DEFER, NULL },
	{ "ZWJ", "a\xe2\x80\x8d" "b.com", DEFER, NULL },
	{ "ZWNJ after virama", "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8c"
	    "\xe0\xa4\xb7.com", DEFER, NULL },
	{ "disallowed snowman", "\xe2\x98\x83.com", DEFER, NULL },
	{ "unassigned U+0378", "a\xcd\xb8.com", DEFER, NULL },
	{ "not equal to (STD3)", "a\xe2\x89\xa0" "b.com", DEFER, NULL },
	{ "soft hyphen (ignored)", "b\xc3\xbc\xc2\xad" "cher.de", DEFER,
	    NULL },
	{ "ideographic full stop", "b\xc3\xbc" "cher\xe3\x80\x82" "de", DEFER,
	    NULL },
	{ "fullwidth letter", "\xef\xbc\xa1" "b\xc3\xbc.com", DEFER, NULL },
	{ "middle dot", "l\xc2\xb7l.com", EITHER, NULL },
	{ "katakana middle dot", "\xe3\x82\xa2\xe3\x83\xbb\xe3\x82\xa2.jp",
	    EITHER, NULL },
	{ "A-label decoding to ASCII", "xn--abc-.com", DEFER, NULL },
	{ "A-label empty", "xn--.com", DEFER, NULL },
	{ "A-label bad digit", "xn--bcher-kv_.de", DEFER, NULL },
	{ "A-label overflowing", "xn--99999999999999999999.de", DEFER, NULL },
	{ "A-label truncated", "xn--bcher-kv.de", DEFER, NULL },
	{ "A-label not canonical", "xn--bcher-kva0.de", DEFER, NULL },
	{ "A-label with hyphens 3-4", "xn--ab---epa.de", DEFER, NULL },
	{ "A-label of a non-NFC string", "xn--e-xbb.com", DEFER, NULL },
	{ "A-label of a capital", "xn--bcher-2pa.de", DEFER, NULL },
	{ "A-label with non-ASCII", "xn--b\xc3\xbc.de", DEFER, NULL },
	{ "hyphens 3-4 in a U-label", "ab--\xc3\xbc.de", DEFER, NULL },
	{ "hyphen first in a U-label", "-\xc3\xbc.de", DEFER, NULL },
	{ "hyphen last in a U-label", "\xc3\xbc-.de", DEFER, NULL },
	{ "bad ASCII label after an IDN", "b\xc3\xbc.-a.de", DEFER, NULL },
	{ "hyphens 3-4 in an ASCII label", "b\xc3\xbc.ab--c.de", DEFER,
	    NULL },
	{ "emoji", "\xf0\x9f\x98\x80.com", DEFER, NULL },
	{ "private use", "\xee\x80\x80.com", DEFER, NULL },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void
test_row(void **state)
{
	const struct irow *r = *state;
	char a[TG_DOMAIN_MAX + 3], u[TG_UDOMAIN_MAX + 1];
	size_t alen;
	int fast;

	fast = compare_z(r->in);
	if (r->expect == FAST)
		assert_true(fast);
	else if (r->expect == DEFER)
		assert_false(fast);
	if (r->alabel != NULL) {
		assert_true(tg__idna_fast(r->in, strlen(r->in), a, &alen, u));
		assert_string_equal(a, r->alabel);
	}
}

/* ------------------------------------------------------------------ */
/* Punycode.                                                            */

static uint32_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

/* Encoding then decoding gives the code points back; decoding refuses
 * what is not Punycode. */
static void
test_punycode(void **state)
{
	static const char *const bad[] = { "-", "-a", "a-_", "99999999999",
		"zzzzzzzzzzzzzzzzzzzzz", "b", "\xc3\xbc-a", "9" };
	uint32_t cp[64], back[64];
	char enc[512];
	uint64_t seed = 3492;
	size_t i, j, n, e;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = 1 + rnd(&seed) % 60;
		for (j = 0; j < n; j++) {
			switch (rnd(&seed) % 4) {
			case 0:
				cp[j] = 'a' + rnd(&seed) % 26;
				break;
			case 1:
				cp[j] = 0x80 + rnd(&seed) % 0x780;
				break;
			case 2:
				cp[j] = 0x4e00 + rnd(&seed) % 0x5000;
				break;
			default:
				cp[j] = 0x80 + rnd(&seed) % (0x110000 - 0x80);
				break;
			}
		}
		e = tg__puny_encode(cp, n, enc, sizeof(enc));
		assert_true(e > 0);
		assert_int_equal(tg__puny_decode(enc, e, back, 64), n);
		assert_memory_equal(cp, back, n * sizeof(cp[0]));
		/* Too small a buffer is refused, not overrun. */
		assert_int_equal(tg__puny_encode(cp, n, enc, e - 1), 0);
		if (n > 1)
			assert_int_equal(tg__puny_decode(enc, e, back, n - 1),
			    0);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(tg__puny_decode(bad[i], strlen(bad[i]), back,
		    64), 0);
	/* RFC 3492 7.1 (B), Chinese (simplified). */
	n = tg__puny_decode("ihqwcrb4cv8a8dqg056pqjye", 24, back, 64);
	assert_int_equal(n, 9);
	assert_int_equal(back[0], 0x4ed6);
	assert_int_equal(back[8], 0x6587);
}

/* ------------------------------------------------------------------ */
/* Every code point.                                                    */

/* The A-label of the code points, by our encoder, into buf. */
static size_t
alabel_of(const uint32_t *cp, size_t n, char *buf, size_t cap)
{
	size_t e;

	memcpy(buf, "xn--", 4);
	e = tg__puny_encode(cp, n, buf + 4, cap - 4);
	return e == 0 ? 0 : 4 + e;
}

/*
 * Each table code point c, with B "a", or U+05D0 (Hebrew) when c is
 * right-to-left (R, AL, AN): B c, c B, c "1", c c c, "a" c, U+05D0 c,
 * and the A-label of B c; each with a suffix after it.  A sample of the code
 * points outside the table (every 7th) the same way: the fast path must
 * leave them alone.  The first name goes through compare(), the others,
 * for time, only through its libidn2 half.
 */
static void
test_every_code_point(void **state)
{
	char buf[64], base[4];
	uint32_t c, b, cp[3];
	size_t n, k, nb, table = 0;
	enum tg__bidi bidi;
	int cls, rtl, first;

	(void)state;
	assert_true(tg__idna_table_on());
	for (c = 0x80; c < 0x110000; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		cls = tg__idna_class(c);
		if (cls == 0 && c % 7 != 0)
			continue;
		table += cls != 0;
		bidi = tg__idna_bidi(c);
		rtl = bidi == TG__BIDI_R || bidi == TG__BIDI_AL ||
		    bidi == TG__BIDI_AN;
		/* May c start a label the fast path takes? */
		first = cls == 1 && bidi != TG__BIDI_AN;
		b = rtl ? 0x5d0 : 'a';
		nb = tg__utf8_encode(b, base);

		memcpy(buf, base, nb);
		n = nb + tg__utf8_encode(c, buf + nb);
		memcpy(buf + n, ".com", 4);
		assert_int_equal(compare(buf, n + 4), cls != 0);

		n = tg__utf8_encode(c, buf);
		memcpy(buf + n, base, nb);
		memcpy(buf + n + nb, ".de", 3);
		assert_int_equal(quick(buf, n + nb + 3), first);
		memcpy(buf + n, "1.org.uk", 8);
		assert_int_equal(quick(buf, n + 8), first);

		for (k = 0, n = 0; k < 3; k++)
			n += tg__utf8_encode(c, buf + n);
		memcpy(buf + n, ".jp", 3);
		assert_int_equal(quick(buf, n + 3), first);

		buf[0] = 'a';
		n = 1 + tg__utf8_encode(c, buf + 1);
		memcpy(buf + n, ".net", 4);
		assert_int_equal(quick(buf, n + 4), cls != 0 && !rtl);

		/* After a Hebrew letter: a right-to-left label, which may
		 * hold only R, AL, AN, EN and NSM at its end. */
		n = tg__utf8_encode(0x5d0, buf);
		n += tg__utf8_encode(c, buf + n);
		memcpy(buf + n, ".org", 4);
		assert_int_equal(quick(buf, n + 4), cls != 0 && (rtl ||
		    bidi == TG__BIDI_EN || bidi == TG__BIDI_NSM));

		cp[0] = b;
		cp[1] = c;
		n = alabel_of(cp, 2, buf, sizeof(buf) - 8);
		assert_true(n > 0);
		memcpy(buf + n, ".net", 4);
		assert_int_equal(quick(buf, n + 4), cls != 0);
	}
	assert_true(table > 100000);
	fprintf(stderr, "# %zu table code points\n", table);
}

/* ------------------------------------------------------------------ */
/* Random names.                                                        */

/* Where code points are drawn from: scripts, marks, joiners, symbols. */
static const uint32_t ranges[][2] = {
	{ 0x00c0, 0x00ff }, { 0x0100, 0x017f }, { 0x0180, 0x024f },
	{ 0x0250, 0x02af }, { 0x0300, 0x036f }, { 0x0370, 0x03ff },
	{ 0x0400, 0x04ff }, { 0x0500, 0x052f }, { 0x0530, 0x058f },
	{ 0x0590, 0x05ff }, { 0x0600, 0x06ff }, { 0x0750, 0x077f },
	{ 0x0900, 0x097f }, { 0x0980, 0x09ff }, { 0x0b00, 0x0b7f },
	{ 0x0b80, 0x0bff }, { 0x0c80, 0x0cff }, { 0x0d00, 0x0d7f },
	{ 0x0d80, 0x0dff }, { 0x0e00, 0x0e7f }, { 0x0f00, 0x0fff },
	{ 0x1000, 0x109f }, { 0x10a0, 0x10ff }, { 0x1100, 0x11ff },
	{ 0x1200, 0x137f }, { 0x1780, 0x17ff }, { 0x1b00, 0x1b7f },
	{ 0x1e00, 0x1eff }, { 0x1f00, 0x1fff }, { 0x2000, 0x206f },
	{ 0x2100, 0x214f }, { 0x2460, 0x24ff }, { 0x3000, 0x303f },
	{ 0x3040, 0x309f }, { 0x30a0, 0x30ff }, { 0x3130, 0x318f },
	{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 },
	{ 0xfb00, 0xfb4f }, { 0xfe00, 0xfe0f }, { 0xff00, 0xffef },
	{ 0x10000, 0x1007f }, { 0x11000, 0x1107f }, { 0x11300, 0x1137f },
	{ 0x1d400, 0x1d7ff }, { 0x1f300, 0x1f6ff }, { 0x20000, 0x2a6df },
	{ 0xe0000, 0xe01ef }, { 0x80, 0x10ffff },
};

static uint32_t
draw(uint64_t *seed, const uint32_t *r)
{
	uint32_t c;

	do
		c = r[0] + rnd(seed) % (r[1] - r[0] + 1);
	while (c >= 0xd800 && c <= 0xdfff);
	return c;
}

/* One random label as code points: one or two ranges, some ASCII; in
 * half the labels the first range gives only table code points. */
static size_t
random_label(uint64_t *seed, uint32_t *cp, size_t cap)
{
	const uint32_t *r1, *r2;
	size_t n, j, k;
	uint32_t x;
	int pure;

	r1 = ranges[rnd(seed) % (sizeof(ranges) / sizeof(ranges[0]))];
	r2 = ranges[rnd(seed) % (sizeof(ranges) / sizeof(ranges[0]))];
	n = rnd(seed) % 8 == 0 ? 1 + rnd(seed) % 70 : 1 + rnd(seed) % 12;
	if (n > cap)
		n = cap;
	pure = rnd(seed) % 2;
	for (j = 0; j < n; j++) {
		x = rnd(seed) % 10;
		if (x < 5 && pure) {
			/* A table code point of r1's range, when one is found. */
			for (k = 0; k < 50; k++)
				if (tg__idna_class(cp[j] = draw(seed, r1)) != 0)
					break;
		} else if (x < 5)
			cp[j] = draw(seed, r1);
		else if (x < 6)
			cp[j] = draw(seed, r2);
		else if (x < 8)
			cp[j] = "abcdefghijklmnopqrstuvwxyzABCXYZ"[rnd(seed) % 32];
		else if (x < 9)
			cp[j] = "0123456789"[rnd(seed) % 10];
		else
			cp[j] = pure ? '-' : "-----._@ "[rnd(seed) % 9];
	}
	return n;
}

/* Damage to an A-label: a changed, dropped or added character, or case. */
static void
damage(uint64_t *seed, char *s, size_t *len, size_t cap)
{
	static const char pick[] = "abcdefghijklmnopqrstuvwxyz0123456789-ZX";
	size_t i;

	if (*len == 0)
		return;
	i = rnd(seed) % *len;
	switch (rnd(seed) % 4) {
	case 0:
		s[i] = pick[rnd(seed) % (sizeof(pick) - 1)];
		break;
	case 1:
		memmove(s + i, s + i + 1, *len - i - 1);
		(*len)--;
		break;
	case 2:
		if (*len + 1 < cap) {
			memmove(s + i + 1, s + i, *len - i);
			s[i] = pick[rnd(seed) % (sizeof(pick) - 1)];
			(*len)++;
		}
		break;
	default:
		for (i = 0; i < *len; i++)
			if (rnd(seed) % 2 && s[i] >= 'a' && s[i] <= 'z')
				s[i] = (char)(s[i] - 32);
		break;
	}
}

static const char *const tails[] = { "", ".com", ".de", ".co.uk",
	".xn--p1ai", ".blogspot.com", ".jp", ".123" };

/* libidn2's A-label form of the code points, or 0. */
static size_t
idn2_form(const uint32_t *cp, size_t n, char *buf, size_t cap)
{
	char u[TG_DOMAIN_INPUT_MAX + 1], *x = NULL;
	size_t j, m = 0, e = 0;

	for (j = 0; j < n && m + 4 < sizeof(u); j++)
		m += tg__utf8_encode(cp[j], u + m);
	u[m] = '\0';
	if (idn2_to_ascii_8z(u, &x, NONTR) == IDN2_OK && strlen(x) < cap) {
		e = strlen(x);
		memcpy(buf, x, e);
	}
	idn2_free(x);
	return e;
}

/*
 * Names of one to three random labels, each as a U-label, as our
 * A-label or as libidn2's, A-labels sometimes damaged, then a suffix.
 */
static void
test_random_names(void **state)
{
	char name[TG_DOMAIN_INPUT_MAX + 64], lab[512];
	uint32_t cp[80];
	uint64_t seed = 20261123;
	size_t i, j, k, nl, n, len, e, fast = 0;
	const char *tail;

	(void)state;
	for (i = 0; i < 40000; i++) {
		len = 0;
		nl = 1 + rnd(&seed) % 3;
		for (k = 0; k < nl; k++) {
			n = random_label(&seed, cp, 80);
			for (j = 0; j < n; j++)
				if (cp[j] == 0)
					cp[j] = 'q';
			switch (rnd(&seed) % 4) {
			case 0:
				e = alabel_of(cp, n, lab, sizeof(lab));
				break;
			case 1:
				e = idn2_form(cp, n, lab, sizeof(lab));
				break;
			default:
				e = 0;
				break;
			}
			if (e > 0 && rnd(&seed) % 3 == 0)
				damage(&seed, lab, &e, sizeof(lab));
			if (len > 0)
				name[len++] = '.';
			if (e > 0) {
				memcpy(name + len, lab, e);
				len += e;
			} else {
				for (j = 0; j < n; j++)
					len += tg__utf8_encode(cp[j], name + len);
			}
		}
		tail = tails[rnd(&seed) % (sizeof(tails) / sizeof(tails[0]))];
		memcpy(name + len, tail, strlen(tail));
		len += strlen(tail);
		fast += (size_t)compare(name, len);
	}
	fprintf(stderr, "# %zu random names, %zu taken by the fast path\n", i,
	    fast);
	assert_true(fast > 2000);
}

/* ------------------------------------------------------------------ */
/* A-labels and IDN rules of the bundled data.                          */

static void
compare_label_forms(const char *lab, size_t n)
{
	char buf[600], *u = NULL;
	size_t j;

	if (n + 16 > sizeof(buf))
		return;
	compare(lab, n);
	memcpy(buf, lab, n);
	memcpy(buf + n, ".com", 4);
	compare(buf, n + 4);
	for (j = 0; j < n; j++)
		buf[j] = (char)(lab[j] >= 'a' && lab[j] <= 'z' ? lab[j] - 32 :
		    lab[j]);
	memcpy(buf + n, ".DE", 3);
	compare(buf, n + 3);
	memcpy(buf, lab, n);
	buf[n] = '\0';
	if (idn2_to_unicode_8z8z(buf, &u, 0) == IDN2_OK &&
	    strlen(u) + 8 < sizeof(buf)) {
		j = strlen(u);
		memcpy(buf, u, j);
		memcpy(buf + j, ".co.uk", 6);
		compare(buf, j + 6);
	}
	idn2_free(u);
}

/* Every "xn--" label in the file, in several forms; every line with
 * non-ASCII bytes as a name (a suffix list rule without "*." or "!"). */
static size_t
compare_file(const char *path)
{
	char line[2048];
	const char *p, *q;
	size_t n, count = 0;
	FILE *f;
	int wide;

	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; (p = strstr(p, "xn--")) != NULL; p = q) {
			for (q = p; (*q >= 'a' && *q <= 'z') ||
			    (*q >= '0' && *q <= '9') || *q == '-'; q++)
				;
			compare_label_forms(p, (size_t)(q - p));
			count++;
		}
		for (wide = 0, p = line; *p != '\0'; p++)
			wide |= (unsigned char)*p >= 0x80;
		if (!wide || line[0] == '/' || line[0] == '#')
			continue;
		p = line;
		if (p[0] == '!')
			p++;
		if (p[0] == '*' && p[1] == '.')
			p += 2;
		n = strcspn(p, " \t");
		compare(p, n);
		count++;
	}
	fclose(f);
	return count;
}

static void
test_data_names(void **state)
{
	static const char *const files[] = { "public_suffix_list.dat",
		"legit-domains.txt", "protected-default.list", "tld-swap.txt",
		"glyphs.tsv", "samples/addresses.txt",
		"samples/recipients.txt" };
	char path[1024];
	size_t i, count = 0, before = taken;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", TG_TEST_DATADIR,
		    files[i]);
		count += compare_file(path);
	}
	fprintf(stderr, "# %zu A-labels and IDN lines, %zu names taken by "
	    "the fast path\n", count, taken - before);
	assert_true(count > 300);
	assert_true(taken - before > 300);
}

/* ------------------------------------------------------------------ */
/* Lengths: labels and names at the limits, in both forms.              */

static void
test_lengths(void **state)
{
	static const uint32_t chars[] = { 0xfc, 0x43f, 0x65e5, 0x20001,
		0x93e, 0xe9 };
	char name[TG_DOMAIN_INPUT_MAX + 64], lab[128];
	uint32_t cp[80];
	size_t c, n, k, len, e, j;

	(void)state;
	for (c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
		for (n = 1; n <= 70; n++) {
			/* "ab" then n times the code point. */
			cp[0] = 'a';
			cp[1] = 'b';
			for (j = 0; j < n; j++)
				cp[2 + j] = chars[c];
			e = alabel_of(cp, n + 2, lab, sizeof(lab));
			assert_true(e > 0);
			compare(lab, e);
			len = 0;
			for (j = 0; j < n + 2; j++)
				len += tg__utf8_encode(cp[j], name + len);
			compare(name, len);
			/* Four such labels and more: names near 253 octets. */
			for (k = 1; k < 4 && len + 1 + e < TG_DOMAIN_INPUT_MAX;
			    k++) {
				name[len++] = '.';
				memcpy(name + len, lab, e);
				len += e;
				compare(name, len);
				memcpy(name + len, ".de", 3);
				compare(name, len + 3);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Punycode and labels given as code points                             */

/* RFC 3492 6.3 as written: the reference for tg__puny_encode(). */
static size_t
ref_puny(const uint32_t *cp, size_t n, char *out)
{
	uint64_t nn = 128, delta = 0, bias = 72, m, q, t, k, d;
	size_t h, b = 0, o = 0, j;
	int first = 1;

	for (j = 0; j < n; j++)
		if (cp[j] < 0x80)
			out[o++] = (char)cp[j];
	b = h = o;
	if (b > 0)
		out[o++] = '-';
	while (h < n) {
		for (m = UINT64_MAX, j = 0; j < n; j++)
			if (cp[j] >= nn && cp[j] < m)
				m = cp[j];
		delta += (m - nn) * (h + 1);
		nn = m;
		for (j = 0; j < n; j++) {
			if (cp[j] < nn)
				delta++;
			if (cp[j] != nn)
				continue;
			for (q = delta, k = 36;; k += 36) {
				t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
				if (q < t)
					break;
				d = t + (q - t) % (36 - t);
				out[o++] = (char)(d < 26 ? 'a' + d : '0' + d - 26);
				q = (q - t) / (36 - t);
			}
			out[o++] = (char)(q < 26 ? 'a' + q : '0' + q - 26);
			/* adapt() */
			d = first ? delta / 700 : delta / 2;
			d += d / (h + 1);
			for (k = 0; d > 455; k += 36)
				d /= 35;
			bias = k + 36 * d / (d + 38);
			first = 0;
			delta = 0;
			h++;
		}
		delta++;
		nn++;
	}
	return o;
}

/* The encoder (its short way for up to 16 non-basic code points, and the
 * long one) writes what RFC 3492 says, byte for byte. */
static void
test_punycode_reference(void **state)
{
	uint32_t cp[80];
	char enc[1024], ref[1024];
	uint64_t seed = 6563;
	size_t i, j, n, wide, e, r;

	(void)state;
	for (i = 0; i < 40000; i++) {
		n = 1 + rnd(&seed) % 70;
		wide = rnd(&seed) % 4 == 0 ? n : rnd(&seed) % 20;
		for (j = 0; j < n; j++)
			cp[j] = 'a' + rnd(&seed) % 26;
		for (j = 0; j < wide; j++)
			cp[rnd(&seed) % n] = rnd(&seed) % 3 == 0 ?
			    0xe0 + rnd(&seed) % 4 : 0x80 + rnd(&seed) %
			    (rnd(&seed) % 2 ? 0x300 : 0x10ff80);
		r = ref_puny(cp, n, ref);
		e = tg__puny_encode(cp, n, enc, sizeof(enc));
		assert_int_equal(e, r);
		assert_memory_equal(enc, ref, r);
		assert_int_equal(tg__puny_encode(cp, n, enc, r - 1), 0);
	}
}

/*
 * tg__idna_label() on a label's code points gives what tg__idna_fast()
 * gives on its UTF-8 (itself checked against libidn2 above), and takes
 * every label tg__idna_fast() takes but for the ones it leaves by
 * contract (A-labels, uppercase, more than 16 non-ASCII code points).
 */
static void
test_label_code_points(void **state)
{
	static const uint32_t pick[] = {
		0xe0, 0xe9, 0xfc, 0x131, 0x142, 0x1e03, 0x0430, 0x03bf, 0x05d0,
		0x05e9, 0x0627, 0x0661, 0x0300, 0x0301, 0x0327, 0x200d, 0xd800,
		0x110000, 0x4e00, 0xff41, 0x1d41a, 0x2160, 0xdf, 0x3c2, 0x6f0,
	};
	uint32_t cp[80], c;
	char utf[400], a1[TG_LABEL_MAX + 8], u1[TG_LABEL_MAX * 4 + 1];
	char a2[TG_DOMAIN_MAX + 1], u2[TG_UDOMAIN_MAX + 1];
	uint64_t seed = 1492;
	size_t i, j, n, k, al1, ul1, al2, upper, wide, took = 0;
	int r1, r2;

	(void)state;
	for (i = 0; i < 200000; i++) {
		n = rnd(&seed) % 70;
		upper = 0;
		wide = 0;
		for (j = 0, k = 0; j < n; j++) {
			switch (rnd(&seed) % 8) {
			case 0:
				c = pick[rnd(&seed) % (sizeof(pick) /
				    sizeof(*pick))];
				break;
			case 1:
				c = 0x80 + rnd(&seed) % 0x2000;
				break;
			case 2:
				c = rnd(&seed) % 6 == 0 ? '-' :
				    '0' + rnd(&seed) % 10;
				break;
			case 3:
				c = rnd(&seed) % 30 == 0 ? 'A' +
				    rnd(&seed) % 26 : rnd(&seed) % 60 == 0 ?
				    (uint32_t)".$_"[rnd(&seed) % 3] :
				    'a' + rnd(&seed) % 26;
				break;
			default:
				c = 'a' + rnd(&seed) % 26;
				break;
			}
			if (c == '.' || c > 0x10ffff || (c >= 0xd800 &&
			    c <= 0xdfff))
				c = 'q';        /* not one label's UTF-8 */
			upper |= c >= 'A' && c <= 'Z';
			wide += c >= 0x80;
			cp[j] = c;
			k += tg__utf8_encode(c, utf + k);
		}
		if (n >= 4 && rnd(&seed) % 10 == 0)
			memcpy(cp, (const uint32_t[]){ 'x', 'n', '-', '-' },
			    4 * sizeof(*cp));
		for (j = 0, k = 0; j < n; j++)
			k += tg__utf8_encode(cp[j], utf + k);
		r1 = tg__idna_label(cp, n, a1, &al1, u1, &ul1);
		r2 = n > 0 && tg__idna_fast(utf, k, a2, &al2, u2);
		if (r1) {
			took++;
			assert_true(r2);
			assert_int_equal(al1, al2);
			assert_memory_equal(a1, a2, al1);
			assert_int_equal(ul1, strlen(u2));
			assert_memory_equal(u1, u2, ul1);
		} else if (r2 && !upper && wide <= 16 && !(n >= 4 &&
		    cp[0] == 'x' && cp[1] == 'n' && cp[2] == '-' &&
		    cp[3] == '-')) {
			show("taken by tg__idna_fast() only", utf, k);
			fail();
		}
	}
	assert_true(took > 10000);
}

/* A non-basic code point for test_puny_short_way(): near either end of
 * the range, one of the label's few (so values repeat), or any. */
static uint32_t
wide_value(uint64_t *seed, const uint32_t *few)
{
	switch (rnd(seed) % 6) {
	case 0:
		return 0x80 + rnd(seed) % 4;
	case 1:
		return 0x10ffff - rnd(seed) % 4;
	case 2:
	case 3:
		return few[rnd(seed) % 3];
	case 4:
		return 0x80 + rnd(seed) % 0x600;
	default:
		return 0x80 + rnd(seed) % (0x110000 - 0x80);
	}
}

/* Puts k non-basic code points at distinct random positions of cp[0..n),
 * the rest a-z 0-9 '-'. */
static void
scatter(uint64_t *seed, uint32_t *cp, size_t n, size_t k)
{
	uint32_t few[3];
	size_t at[80], j, r, t;

	for (j = 0; j < 3; j++)
		few[j] = 0x80 + rnd(seed) % (rnd(seed) % 2 ? 0x400 : 0x10ff80);
	for (j = 0; j < n; j++) {
		cp[j] = "abcdefghijklmnopqrstuvwxyz0123456789-"[rnd(seed) % 37];
		at[j] = j;
	}
	for (j = 0; j < k; j++) {
		r = j + rnd(seed) % (n - j);
		t = at[j];
		at[j] = at[r];
		at[r] = t;
		cp[at[j]] = wide_value(seed, few);
	}
}

/*
 * The short way of tg__puny_encode() (up to 64 code points, up to 16
 * non-basic ones), its long way tg__puny_encode_long() and ref_puny()
 * write the same bytes, and neither encoder writes at or past cap, whose
 * every value from 0 up to the length is tried.  Labels of 1 to 70 code
 * points with 1 to 18 non-basic ones, so both limits are crossed.
 */
static void
test_puny_short_way(void **state)
{
	uint32_t cp[80];
	char enc[1024], lng[1024], ref[1024];
	uint64_t seed = 3491;
	size_t i, n, k, r, e, cap;

	(void)state;
	for (i = 0; i < 40000; i++) {
		n = i % 10 == 0 ? 1 : i % 10 == 1 ? 64 : i % 10 == 2 ? 65 :
		    1 + rnd(&seed) % 70;
		k = 1 + rnd(&seed) % (n < 18 ? n : 18);
		if (i % 4 == 0 && n >= 17)
			k = 16 + rnd(&seed) % 2;
		scatter(&seed, cp, n, k);
		r = ref_puny(cp, n, ref);
		e = tg__puny_encode(cp, n, enc, sizeof(enc));
		assert_int_equal(e, r);
		assert_memory_equal(enc, ref, r);
		e = tg__puny_encode_long(cp, n, lng, sizeof(lng));
		assert_int_equal(e, r);
		assert_memory_equal(lng, ref, r);
		cap = i % 8 == 0 ? r : rnd(&seed) % (r + 1);
		memset(enc, '#', sizeof(enc));
		memset(lng, '#', sizeof(lng));
		e = tg__puny_encode(cp, n, enc, cap);
		assert_int_equal(e, cap == r ? r : 0);
		assert_int_equal(tg__puny_encode_long(cp, n, lng, cap), e);
		assert_int_equal(enc[cap], '#');
		assert_int_equal(lng[cap], '#');
	}
}

/*
 * tg__idna_label() writes "xn--" and ref_puny()'s Punycode, and refuses
 * an A-label over 63 octets: labels of table code points (left to right,
 * no marks), the lowest and highest of them among others, 1 to 16 of
 * them with ASCII added one code point at a time at random places until
 * the label has 63 code points or its A-label is too long; A-labels of
 * exactly 63 and 64 octets come up often.
 */
static void
test_label_short_way(void **state)
{
	uint32_t *pool, cp[TG_LABEL_MAX + 1], c;
	char a[TG_LABEL_MAX + 8], u[TG_LABEL_MAX * 4 + 1], ref[256];
	char utf[TG_LABEL_MAX * 4 + 1];
	uint64_t seed = 5891;
	size_t np = 0, i, j, n, k, r, al, ul, len, at, fit = 0, over = 0;
	int ok;

	(void)state;
	assert_true(tg__idna_table_on());
	pool = malloc(0x110000 * sizeof(*pool));
	assert_non_null(pool);
	for (c = 0x80; c < 0x110000; c++)
		if (tg__idna_class(c) == 1 && tg__idna_bidi(c) == TG__BIDI_L)
			pool[np++] = c;
	assert_true(np > 1000);
	for (i = 0; i < 4000; i++) {
		k = 1 + rnd(&seed) % 16;
		for (n = 0; n < k; n++) {
			switch (rnd(&seed) % 8) {
			case 0:
				cp[n] = pool[rnd(&seed) % 3];
				break;
			case 1:
				cp[n] = pool[np - 1 - rnd(&seed) % 3];
				break;
			case 2:
				cp[n] = n > 0 ? cp[rnd(&seed) % n] : pool[0];
				break;
			default:
				cp[n] = pool[rnd(&seed) % np];
				break;
			}
		}
		for (;;) {
			r = ref_puny(cp, n, ref);
			ok = tg__idna_label(cp, n, a, &al, u, &ul);
			assert_int_equal(ok, r + 4 <= TG_LABEL_MAX);
			fit += r + 4 == TG_LABEL_MAX;
			over += r + 4 == TG_LABEL_MAX + 1;
			if (!ok)
				break;
			assert_int_equal(al, r + 4);
			assert_memory_equal(a, "xn--", 4);
			assert_memory_equal(a + 4, ref, r);
			for (j = 0, len = 0; j < n; j++)
				len += tg__utf8_encode(cp[j], utf + len);
			assert_int_equal(ul, len);
			assert_memory_equal(u, utf, len);
			if (n == TG_LABEL_MAX)
				break;
			/* One more code point, a-z or 0-9. */
			at = rnd(&seed) % (n + 1);
			memmove(cp + at + 1, cp + at, (n - at) * sizeof(*cp));
			cp[at] = "abcdefghijklmnopqrstuvwxyz0123456789"[
			    rnd(&seed) % 36];
			n++;
		}
	}
	free(pool);
	assert_true(fit > 100);
	assert_true(over > 100);
}

/* ------------------------------------------------------------------ */

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_punycode),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_random_names),
		cmocka_unit_test(test_data_names),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_punycode_reference),
		cmocka_unit_test(test_label_code_points),
		cmocka_unit_test(test_puny_short_way),
		cmocka_unit_test(test_label_short_way),
	};
	int rc;

	rc = ut_run("idna", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
	fprintf(stderr, "# %zu names compared, %zu taken by the fast path\n",
	    seen, taken);
	return rc;
}
