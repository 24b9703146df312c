/*
 * test_text.c - byte predicates, UTF-8 decoding and quoting (text.c,
 * text_int.h).
 *
 * Each predicate is checked over all 256 byte values against the RFC's
 * character class written out again here, independently of the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text_int.h"

#define S(x) x, sizeof(x) - 1

/* ------------------------------------------------------------------ */
/* Independent definitions of the classes                              */

static int
in_set(unsigned c, const char *set)
{
	return c != 0 && memchr(set, (int)c, strlen(set)) != NULL;
}

static const char alpha[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char digits[] = "0123456789";

/* RFC 5322 3.2.3: ALPHA / DIGIT / "!" / "#" / ... / "~" */
static int
ref_atext(unsigned c)
{
	return in_set(c, alpha) || in_set(c, digits) ||
	    in_set(c, "!#$%&'*+-/=?^_`{|}~");
}

/* RFC 5321 4.1.2: qtextSMTP = %d32-33 / %d35-91 / %d93-126, i.e. the
 * printable ASCII and space except '"' and '\'. */
static int
ref_qtext_smtp(unsigned c)
{
	return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
}

/* RFC 5321 4.1.2: quoted-pairSMTP = %d92 %d32-126 */
static int
ref_quoted_pair_char(unsigned c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* RFC 5321 4.1.2 Let-dig = ALPHA / DIGIT */
static int
ref_letdig(unsigned c)
{
	return in_set(c, alpha) || in_set(c, digits);
}

static int
ref_digit(unsigned c)
{
	return in_set(c, digits);
}

/* RFC 5234 B.1: CTL = %x00-1F / %x7F */
static int
ref_ctl(unsigned c)
{
	return c <= 0x1f || c == 0x7f;
}

static unsigned
ref_lower(unsigned c)
{
	const char *p;

	if (c == 0)
		return 0;
	p = memchr(alpha + 26, (int)c, 26);
	return p != NULL ? (unsigned)alpha[p - (alpha + 26)] : c;
}

/* ------------------------------------------------------------------ */
/* Predicates over all byte values                                      */

struct pred {
	const char *name;
	int (*lib)(unsigned char);
	int (*ref)(unsigned);
	int members;	/* expected size of the class */
};

static const struct pred preds[] = {
	{ "tg__is_atext", tg__is_atext, ref_atext, 26 * 2 + 10 + 19 },
	{ "tg__is_qtext_smtp", tg__is_qtext_smtp, ref_qtext_smtp, 95 - 2 },
	{ "tg__is_quoted_pair_char", tg__is_quoted_pair_char,
	    ref_quoted_pair_char, 95 },
	{ "tg__is_letdig", tg__is_letdig, ref_letdig, 62 },
	{ "tg__is_digit", tg__is_digit, ref_digit, 10 },
	{ "tg__is_ctl", tg__is_ctl, ref_ctl, 33 },
};

static void
test_predicate(void **state)
{
	const struct pred *p = *state;
	int n = 0;
	unsigned c;

	for (c = 0; c < 256; c++) {
		int got = p->lib((unsigned char)c) != 0;

		if (got != p->ref(c))
			fail_msg("%s(0x%02x) = %d, expected %d", p->name, c,
			    got, p->ref(c));
		n += got;
	}
	assert_int_equal(n, p->members);
}

static void
test_lower_all_bytes(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 256; c++)
		if (tg__lower((unsigned char)c) != ref_lower(c))
			fail_msg("tg__lower(0x%02x) = 0x%02x, expected 0x%02x",
			    c, tg__lower((unsigned char)c), ref_lower(c));
}

/* The classes against each other, as the RFCs relate them. */
static void
test_class_relations(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 256; c++) {
		unsigned char b = (unsigned char)c;

		if (tg__is_letdig(b))
			assert_true(tg__is_atext(b));
		if (tg__is_atext(b))
			assert_true(tg__is_qtext_smtp(b));
		if (tg__is_qtext_smtp(b))
			assert_true(tg__is_quoted_pair_char(b));
		if (tg__is_ctl(b) || b >= 0x80)
			assert_false(tg__is_quoted_pair_char(b));
		if (tg__is_digit(b))
			assert_true(tg__is_letdig(b));
	}
	/* The specials of RFC 5322 3.2.3 are never atext. */
	for (c = 0; c < 256; c++)
		if (in_set(c, "()<>[]:;@\\,.\" "))
			assert_false(tg__is_atext((unsigned char)c));
}

/* ------------------------------------------------------------------ */
/* tg__utf8_decode                                                      */

struct u8row {
	const char *name;
	const char *in;
	size_t len;
	size_t n;	/* expected return: 0 = invalid */
	uint32_t cp;
};

#define U8(name, s, n, cp) { name, S(s), n, cp }
#define U8BAD(name, s) { name, S(s), 0, 0 }

static const struct u8row u8rows[] = {
	U8("utf8: U+0000", "\x00", 1, 0x0),
	U8("utf8: U+007F last 1-byte", "\x7f", 1, 0x7f),
	U8("utf8: ASCII ignores what follows", "A\xff", 1, 0x41),
	U8("utf8: U+0080 first 2-byte", "\xc2\x80", 2, 0x80),
	U8("utf8: U+00FC", "\xc3\xbc", 2, 0xfc),
	U8("utf8: U+07FF last 2-byte", "\xdf\xbf", 2, 0x7ff),
	U8("utf8: U+0800 first 3-byte", "\xe0\xa0\x80", 3, 0x800),
	U8("utf8: U+3002", "\xe3\x80\x82", 3, 0x3002),
	U8("utf8: U+D7FF before surrogates", "\xed\x9f\xbf", 3, 0xd7ff),
	U8("utf8: U+E000 after surrogates", "\xee\x80\x80", 3, 0xe000),
	U8("utf8: U+FFFD", "\xef\xbf\xbd", 3, 0xfffd),
	U8("utf8: U+FFFF last 3-byte", "\xef\xbf\xbf", 3, 0xffff),
	U8("utf8: U+10000 first 4-byte", "\xf0\x90\x80\x80", 4, 0x10000),
	U8("utf8: U+1F600", "\xf0\x9f\x98\x80", 4, 0x1f600),
	U8("utf8: U+10FFFF last", "\xf4\x8f\xbf\xbf", 4, 0x10ffff),
	U8("utf8: 2-byte then more", "\xc3\xbc" "abc", 2, 0xfc),
	U8BAD("utf8: U+110000 above range", "\xf4\x90\x80\x80"),
	U8BAD("utf8: U+D800 surrogate", "\xed\xa0\x80"),
	U8BAD("utf8: U+DBFF surrogate", "\xed\xaf\xbf"),
	U8BAD("utf8: U+DC00 surrogate", "\xed\xb0\x80"),
	U8BAD("utf8: U+DFFF surrogate", "\xed\xbf\xbf"),
	U8BAD("utf8: overlong C0 80", "\xc0\x80"),
	U8BAD("utf8: overlong C0 AF", "\xc0\xaf"),
	U8BAD("utf8: overlong C1 BF", "\xc1\xbf"),
	U8BAD("utf8: overlong E0 80 80", "\xe0\x80\x80"),
	U8BAD("utf8: overlong E0 9F BF", "\xe0\x9f\xbf"),
	U8BAD("utf8: overlong F0 80 80 80", "\xf0\x80\x80\x80"),
	U8BAD("utf8: overlong F0 8F BF BF", "\xf0\x8f\xbf\xbf"),
	U8BAD("utf8: lone continuation 80", "\x80"),
	U8BAD("utf8: lone continuation BF", "\xbf"),
	U8BAD("utf8: F5", "\xf5\x80\x80\x80"),
	U8BAD("utf8: F8", "\xf8\x88\x80\x80\x80"),
	U8BAD("utf8: FE", "\xfe"),
	U8BAD("utf8: FF", "\xff"),
	U8BAD("utf8: truncated 2-byte", "\xc3"),
	U8BAD("utf8: truncated 3-byte", "\xe3\x80"),
	U8BAD("utf8: truncated 4-byte", "\xf0\x9f\x98"),
	U8BAD("utf8: bad continuation ASCII", "\xc3" "A"),
	U8BAD("utf8: bad continuation C0", "\xe3\xc0\x80"),
	U8BAD("utf8: bad last continuation", "\xf0\x9f\x98" "A"),
	U8BAD("utf8: empty input", ""),
};

static void
test_utf8_decode_row(void **state)
{
	const struct u8row *r = *state;
	uint32_t cp = 0xdeadbeef;
	size_t n;

	n = tg__utf8_decode((const unsigned char *)r->in, r->len, &cp);
	assert_int_equal(n, r->n);
	if (r->n > 0)
		assert_int_equal(cp, r->cp);
	else
		assert_int_equal(cp, 0xdeadbeef); /* untouched on failure */
}

/* The length limit is honoured: a sequence cut by len is invalid even
 * when the bytes after it in memory would complete it. */
static void
test_utf8_decode_respects_len(void **state)
{
	const unsigned char s[] = "\xf0\x9f\x98\x80";
	uint32_t cp;
	size_t len;

	(void)state;
	for (len = 0; len < 4; len++)
		assert_int_equal(tg__utf8_decode(s, len, &cp), 0);
	assert_int_equal(tg__utf8_decode(s, 4, &cp), 4);
}

/* Every code point round-trips through a reference encoder, and
 * tg__utf8_encode() writes what the reference writes. */
static void
test_utf8_decode_all_code_points(void **state)
{
	unsigned char b[4];
	uint32_t c, cp;
	size_t n, got;

	(void)state;
	for (c = 0; c <= 0x10ffff; c++) {
		if (c < 0x80) {
			b[0] = (unsigned char)c;
			n = 1;
		} else if (c < 0x800) {
			b[0] = (unsigned char)(0xc0 | c >> 6);
			b[1] = (unsigned char)(0x80 | (c & 0x3f));
			n = 2;
		} else if (c < 0x10000) {
			b[0] = (unsigned char)(0xe0 | c >> 12);
			b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			b[2] = (unsigned char)(0x80 | (c & 0x3f));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xf0 | c >> 18);
			b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
			b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			b[3] = (unsigned char)(0x80 | (c & 0x3f));
			n = 4;
		}
		if (!(c >= 0xd800 && c <= 0xdfff)) {
			char e[4];

			if (tg__utf8_encode(c, e) != n || memcmp(e, b, n) != 0)
				fail_msg("U+%04X encoded wrongly", c);
		}
		got = tg__utf8_decode(b, n, &cp);
		if (c >= 0xd800 && c <= 0xdfff) {
			if (got != 0)
				fail_msg("surrogate U+%04X accepted", c);
		} else if (got != n || cp != c) {
			fail_msg("U+%04X: got length %zu, U+%04X", c, got, cp);
		}
	}
}

/* ------------------------------------------------------------------ */
/* tg__utf8_check                                                       */

struct chkrow {
	const char *name;
	const char *in;
	size_t len;
	int rc;
	size_t bad;
};

static const struct chkrow chkrows[] = {
	{ "utf8_check: empty", S(""), 0, 0 },
	{ "utf8_check: ASCII with NUL", S("a\0b"), 0, 0 },
	{ "utf8_check: mixed valid", S("b\xc3\xbc" "cher\xe3\x80\x82" "de"), 0,
	    0 },
	{ "utf8_check: bad at 0", S("\x80" "abc"), -1, 0 },
	{ "utf8_check: bad after ASCII", S("abc\xff"), -1, 3 },
	{ "utf8_check: bad after multibyte", S("\xc3\xbc\xed\xa0\x80"), -1,
	    2 },
	{ "utf8_check: truncated at end", S("ab\xe3\x80"), -1, 2 },
	{ "utf8_check: overlong slash", S("a\xc0\xaf" "b"), -1, 1 },
};

static void
test_utf8_check_row(void **state)
{
	const struct chkrow *r = *state;
	size_t bad = 12345;

	assert_int_equal(tg__utf8_check(r->in, r->len, &bad), r->rc);
	if (r->rc != 0)
		assert_int_equal(bad, r->bad);
	else
		assert_int_equal(bad, 12345);
}

/* ------------------------------------------------------------------ */
/* tg__quote_bytes                                                      */

struct qrow {
	const char *name;
	const char *in;
	size_t len;
	size_t size;
	const char *out;
};

static const struct qrow qrows[] = {
	{ "quote: plain", S("abc"), 80, "abc" },
	{ "quote: space kept", S("a b"), 80, "a b" },
	{ "quote: empty", S(""), 80, "" },
	{ "quote: NUL escaped", S("a\0b"), 80, "a\\x00b" },
	{ "quote: controls and DEL", S("\t\r\n\x7f"), 80,
	    "\\x09\\x0d\\x0a\\x7f" },
	{ "quote: UTF-8 escaped", S("b\xc3\xbc"), 80, "b\\xc3\\xbc" },
	{ "quote: backslash kept", S("a\\b"), 80, "a\\b" },
	{ "quote: exact fit", S("abcd"), 5, "abcd" },
	{ "quote: fits, short buffer", S("ab"), 3, "ab" },
	{ "quote: escape exact fit", S("\x01"), 5, "\\x01" },
	{ "quote: one over", S("abcde"), 5, "a..." },
	{ "quote: cut long", S("abcdefghij"), 8, "abcd..." },
	{ "quote: cut before escape", S("abc\x01xyz"), 10, "abc..." },
	{ "quote: escapes then cut", S("\x01\x02\x03"), 12,
	    "\\x01\\x02..." },
	{ "quote: size 4 cut", S("abcd"), 4, "..." },
	{ "quote: size 3 cut", S("abcd"), 3, "" },
	{ "quote: size 1", S("a"), 1, "" },
	{ "quote: size 1 empty", S(""), 1, "" },
};

static void
test_quote_row(void **state)
{
	const struct qrow *r = *state;
	char buf[128];

	memset(buf, 'Z', sizeof(buf));
	tg__quote_bytes(buf, r->size, r->in, r->len);
	assert_string_equal(buf, r->out);
	assert_true(strlen(buf) < r->size);
	/* Nothing written past size. */
	assert_int_equal(buf[r->size], 'Z');
}

static void
test_quote_size_zero(void **state)
{
	char buf[4] = "xyz";

	(void)state;
	tg__quote_bytes(buf, 0, "abc", 3);
	assert_string_equal(buf, "xyz");
}

/* For every size, the output is NUL-terminated within size, is a prefix
 * of the full quoting or such a prefix followed by "...", and nothing is
 * written past size. */
static void
test_quote_every_size(void **state)
{
	static const char in[] = "a\x01\xc3\xbc z\x7f" "end";
	const char *full = "a\\x01\\xc3\\xbc z\\x7fend";
	char buf[64];
	size_t size, n, i, at;
	unsigned char c;

	(void)state;
	for (size = 1; size < 40; size++) {
		memset(buf, 'Z', sizeof(buf));
		tg__quote_bytes(buf, size, in, sizeof(in) - 1);
		n = strlen(buf);
		assert_true(n < size);
		assert_int_equal(buf[size], 'Z');
		if (size > strlen(full)) {
			assert_string_equal(buf, full);
			continue;
		}
		if (n == 0) {
			assert_true(size < 4);
			continue;
		}
		assert_true(n >= 3);
		assert_string_equal(buf + n - 3, "...");
		assert_memory_equal(buf, full, n - 3);
		/* Cut only between whole escapes. */
		for (i = 0, at = 0; at < n - 3; i++) {
			c = (unsigned char)in[i];
			at += c == ' ' || (c > 0x20 && c < 0x7f) ? 1 : 4;
		}
		assert_int_equal(at, n - 3);
	}
}

/* ------------------------------------------------------------------ */

/* Appends a test whose state is row. */
static void
add(struct CMUnitTest *t, size_t *n, const char *name, CMUnitTestFunction f,
    const void *row)
{
	t[*n].name = name;
	t[*n].test_func = f;
	t[*n].setup_func = NULL;
	t[*n].teardown_func = NULL;
	t[*n].initial_state = (void *)(uintptr_t)row;
	(*n)++;
}

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

int
main(void)
{
	struct CMUnitTest *t;
	size_t i, n = 0, max;
	int rc;

	max = NROWS(preds) + NROWS(u8rows) + NROWS(chkrows) + NROWS(qrows) +
	    16;
	t = calloc(max, sizeof(*t));
	if (t == NULL)
		return 1;
	for (i = 0; i < NROWS(preds); i++)
		add(t, &n, preds[i].name, test_predicate, &preds[i]);
	add(t, &n, "tg__lower", test_lower_all_bytes, NULL);
	add(t, &n, "class relations", test_class_relations, NULL);
	for (i = 0; i < NROWS(u8rows); i++)
		add(t, &n, u8rows[i].name, test_utf8_decode_row, &u8rows[i]);
	add(t, &n, "utf8: len honoured", test_utf8_decode_respects_len, NULL);
	add(t, &n, "utf8: all code points", test_utf8_decode_all_code_points,
	    NULL);
	for (i = 0; i < NROWS(chkrows); i++)
		add(t, &n, chkrows[i].name, test_utf8_check_row, &chkrows[i]);
	for (i = 0; i < NROWS(qrows); i++)
		add(t, &n, qrows[i].name, test_quote_row, &qrows[i]);
	add(t, &n, "quote: size 0 writes nothing", test_quote_size_zero, NULL);
	add(t, &n, "quote: every size", test_quote_every_size, NULL);

	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = _cmocka_run_group_tests("text", t, n, NULL, NULL);
	free(t);
	return rc;
}
