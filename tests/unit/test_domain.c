/*
 * test_domain.c - tg_domain_parse() (domain.c): syntax, IDNA, address
 * literals, public suffixes, hostile input, and the ASCII fast path
 * against libidn2 and libpsl.
 *
 * The table has one row per case; each row is its own cmocka test so that
 * a failure names it.  Error rows are also run through the internal
 * tg__domain_parse() with a base offset, which every offset must follow.
 */
#include <ctype.h>
#include <idn2.h>
#include <libpsl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain_int.h"
#include "typoguard.h"
#include "unit.h"


/* UTF-8 pieces, so that hex escapes never run into the next letter. */
#define UE "\xc3\xbc"             /* U+00FC u with diaeresis */
#define UE_UP "\xc3\x9c"          /* U+00DC */
#define SHY "\xc2\xad"            /* U+00AD soft hyphen */
#define NBSP "\xc2\xa0"           /* U+00A0 no-break space */
#define IDEO_DOT "\xe3\x80\x82"   /* U+3002 ideographic full stop */
#define FW_DOT "\xef\xbc\x8e"     /* U+FF0E fullwidth full stop */
#define HW_DOT "\xef\xbd\xa1"     /* U+FF61 halfwidth ideographic stop */
#define IDEO_SP "\xe3\x80\x80"    /* U+3000 ideographic space */
#define FW_A "\xef\xbc\xa1"       /* U+FF21 fullwidth A */
#define FW_B "\xef\xbc\xa2"       /* U+FF22 fullwidth B */
#define FW_LOW "\xef\xbc\xbf"     /* U+FF3F fullwidth low line */
#define FW_AT "\xef\xbc\xa0"      /* U+FF20 fullwidth commercial at */
#define FW_EXCL "\xef\xbc\x81"    /* U+FF01 fullwidth exclamation */
#define ZWSP "\xe2\x80\x8b"       /* U+200B zero width space */
#define ZWJ "\xe2\x80\x8d"        /* U+200D zero width joiner */
#define NE "\xe2\x89\xa0"         /* U+2260 not equal to */
#define CYR_A "\xd0\xb0"          /* U+0430 Cyrillic a */
#define SZ "\xc3\x9f"             /* U+00DF sharp s */
#define EMOJI "\xf0\x9f\x98\x80"  /* U+1F600 */
#define PRIMER "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80"
#define RF "\xd1\x80\xd1\x84"

/* Flags, short. */
#define K TG_DOMAIN_SUFFIX_KNOWN
#define P TG_DOMAIN_SUFFIX_PRIVATE
#define IS TG_DOMAIN_IS_SUFFIX
#define IDN TG_DOMAIN_IDN
#define TD TG_DOMAIN_TRAILING_DOT
#define LIT TG_DOMAIN_LITERAL
#define V6 TG_DOMAIN_IPV6

struct drow {
	const char *name;
	const char *in;
	size_t len;
	int rc;
	size_t off;		/* when rc != TG_OK */
	const char *msg;	/* substring of the message; NULL: "at <off>" */
	const char *alabel, *ulabel, *suffix, *registrable;
	unsigned flags;
};

#define OK(n, s, a, u, sf, rg, fl) \
	{ n, s, sizeof(s) - 1, TG_OK, 0, NULL, a, u, sf, rg, fl }
#define ERR(n, s, rc, off) \
	{ n, s, sizeof(s) - 1, rc, off, NULL, NULL, NULL, NULL, NULL, 0 }
#define ERRM(n, s, rc, off, m) \
	{ n, s, sizeof(s) - 1, rc, off, m, NULL, NULL, NULL, NULL, 0 }

static const struct drow rows[] = {
	/* ASCII */
	OK("ascii uppercase lowered", "ARMY.ML", "army.ml", "army.ml", "ml",
	    "army.ml", K),
	OK("ascii lowercase", "army.mil", "army.mil", "army.mil", "mil",
	    "army.mil", K),
	OK("ascii digits and hyphens", "A-1.b2-C.com", "a-1.b2-c.com",
	    "a-1.b2-c.com", "com", "b2-c.com", K),
	OK("ascii label starting with digit", "3com.com", "3com.com",
	    "3com.com", "com", "3com.com", K),
	OK("ascii all-digit label not last", "123.com", "123.com", "123.com",
	    "com", "123.com", K),
	OK("ascii tld with digit", "a.1b", "a.1b", "a.1b", "1b", "a.1b", 0),
	OK("ascii one-letter labels", "a.b.c.d.e.f.g.h", "a.b.c.d.e.f.g.h",
	    "a.b.c.d.e.f.g.h", "h", "g.h", 0),
	OK("ascii single label", "localhost", "localhost", "localhost",
	    "localhost", "", IS),
	OK("ascii tld alone", "COM", "com", "com", "com", "", IS | K),
	/* Trailing dots */
	OK("trailing dot", "army.ml.", "army.ml", "army.ml", "ml", "army.ml",
	    K | TD),
	OK("trailing dot single label", "a.", "a", "a", "a", "", IS | TD),
	OK("trailing U+3002", "example.com" IDEO_DOT, "example.com",
	    "example.com", "com", "example.com", K | TD),
	OK("trailing U+FF0E", "example.com" FW_DOT, "example.com",
	    "example.com", "com", "example.com", K | TD),
	OK("trailing U+FF61", "example.com" HW_DOT, "example.com",
	    "example.com", "com", "example.com", K | TD),
	OK("U+3002 as separator", "b" UE "cher" IDEO_DOT "de",
	    "xn--bcher-kva.de", "b" UE "cher.de", "de", "xn--bcher-kva.de",
	    K | IDN),
	OK("U+3002 separator, ASCII labels", "a" IDEO_DOT "b", "a.b", "a.b",
	    "b", "a.b", 0),
	ERR("two trailing dots", "example.com..", TG_EDOM_EMPTY_LABEL, 12),
	ERR("dot then U+3002", "a." IDEO_DOT, TG_EDOM_EMPTY_LABEL, 2),
	ERR("U+3002 twice", "a" IDEO_DOT IDEO_DOT, TG_EDOM_EMPTY_LABEL, 4),
	/* Empty labels */
	ERRM("empty input", "", TG_EEMPTY, 0, "empty domain at 0"),
	ERRM("empty label", "a..b", TG_EDOM_EMPTY_LABEL, 2, "empty label at 2"),
	ERR("leading dot", ".a", TG_EDOM_EMPTY_LABEL, 0),
	ERR("lone dot", ".", TG_EDOM_EMPTY_LABEL, 0),
	ERR("two dots", "..", TG_EDOM_EMPTY_LABEL, 0),
	ERR("lone U+3002", IDEO_DOT, TG_EDOM_EMPTY_LABEL, 0),
	ERR("leading U+3002", IDEO_DOT "a", TG_EDOM_EMPTY_LABEL, 0),
	ERR("empty label, IDNA path", "b" UE "..de", TG_EDOM_EMPTY_LABEL, 4),
	/* Hyphens */
	ERRM("leading hyphen", "-a.com", TG_EDOM_HYPHEN, 0,
	    "label starts with a hyphen at 0"),
	ERRM("trailing hyphen", "a-.com", TG_EDOM_HYPHEN, 1,
	    "label ends with a hyphen at 1"),
	ERR("leading hyphen, second label", "a.-b.com", TG_EDOM_HYPHEN, 2),
	ERR("trailing hyphen, last label", "a.com-", TG_EDOM_HYPHEN, 5),
	ERRM("hyphens in positions 3-4", "ab--cd.com", TG_EDOM_HYPHEN, 2,
	    "reserved for IDNA at 2"),
	ERR("hyphens 3-4 in second label", "x.ab--cd.com", TG_EDOM_HYPHEN, 4),
	ERR("lone hyphen label", "a.-.com", TG_EDOM_HYPHEN, 2),
	OK("hyphens elsewhere", "a-b--c.com", "a-b--c.com", "a-b--c.com",
	    "com", "a-b--c.com", K),
	ERR("IDNA leading hyphen", "-b" UE ".de", TG_EDOM_HYPHEN, 0),
	ERR("IDNA trailing hyphen", "x.b" UE "-.de", TG_EDOM_HYPHEN, 2),
	ERR("IDNA hyphens 3-4", "b" UE "--x.de", TG_EDOM_HYPHEN, 0),
	/* IDNA */
	OK("A-label to U-label", "xn--bcher-kva.de", "xn--bcher-kva.de",
	    "b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN),
	OK("A-label uppercase", "XN--BCHER-KVA.DE", "xn--bcher-kva.de",
	    "b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN),
	OK("A-label trailing dot", "xn--bcher-kva.de.", "xn--bcher-kva.de",
	    "b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN | TD),
	OK("U-label", "b" UE "cher.de", "xn--bcher-kva.de", "b" UE "cher.de",
	    "de", "xn--bcher-kva.de", K | IDN),
	OK("U-label uppercase", "B" UE_UP "CHER.DE", "xn--bcher-kva.de",
	    "b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN),
	OK("U-label subdomain", "mail.b" UE "cher.de", "mail.xn--bcher-kva.de",
	    "mail.b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN),
	OK("Cyrillic name and TLD", PRIMER "." RF,
	    "xn--e1afmkfd.xn--p1ai", PRIMER "." RF, "xn--p1ai",
	    "xn--e1afmkfd.xn--p1ai", K | IDN),
	OK("Cyrillic A-labels", "xn--e1afmkfd.xn--p1ai",
	    "xn--e1afmkfd.xn--p1ai", PRIMER "." RF, "xn--p1ai",
	    "xn--e1afmkfd.xn--p1ai", K | IDN),
	OK("sharp s kept (nontransitional)", "fa" SZ ".de", "xn--fa-hia.de",
	    "fa" SZ ".de", "de", "xn--fa-hia.de", K | IDN),
	/* libidn2 does no script-mixing check: a Cyrillic a in a Latin
	 * label is a valid IDN.  Pinned; spotting it is typoguard's job. */
	OK("mixed Latin and Cyrillic", "payp" CYR_A "l.com",
	    "xn--paypl-7ve.com", "payp" CYR_A "l.com", "com",
	    "xn--paypl-7ve.com", K | IDN),
	OK("fullwidth letters mapped", FW_A FW_B ".com", "ab.com", "ab.com",
	    "com", "ab.com", K),
	OK("soft hyphen removed", "b" UE SHY "cher.de", "xn--bcher-kva.de",
	    "b" UE "cher.de", "de", "xn--bcher-kva.de", K | IDN),
	OK("soft hyphen leaves ASCII", "a" SHY ".de", "a.de", "a.de", "de",
	    "a.de", K),
	OK("zero width space removed", "a" ZWSP "b.com", "ab.com", "ab.com",
	    "com", "ab.com", K),
	ERRM("soft hyphen alone is an empty label", SHY ".de",
	    TG_EDOM_EMPTY_LABEL, 0, "invalid after IDNA mapping (.de)"),
	ERRM("invalid A-label", "xn--zz.com", TG_EDOM_IDNA, 0,
	    "label 'xn--zz' at 0"),
	ERRM("invalid A-label, second", "a.xn--zz", TG_EDOM_IDNA, 2,
	    "label 'xn--zz' at 2"),
	ERR("invalid A-label after valid", "xn--bcher-kva.xn--zz",
	    TG_EDOM_IDNA, 14),
	ERR("emoji label", EMOJI ".com", TG_EDOM_IDNA, 0),
	ERR("emoji in second label", "mail." EMOJI ".com", TG_EDOM_IDNA, 5),
	ERR("ZWJ without context", "x" ZWJ "y.com", TG_EDOM_IDNA, 0),
	/* ASCII outside LDH: libidn2 alone would drop it silently. */
	ERRM("underscore", "a_b.com", TG_EDOM_CHAR, 1,
	    "invalid character '_' in domain at 1"),
	ERRM("space", "a b.com", TG_EDOM_CHAR, 1, "space in domain at 1"),
	ERR("at sign", "a@b.com", TG_EDOM_CHAR, 1),
	ERR("colon", "a:b.com", TG_EDOM_CHAR, 1),
	ERR("slash", "a.b/c", TG_EDOM_CHAR, 3),
	ERR("bracket not first", "x.[1.2.3.4]", TG_EDOM_CHAR, 2),
	ERR("underscore, IDNA path", "b" UE "_x.de", TG_EDOM_CHAR, 3),
	ERR("space, IDNA path", UE " a.de", TG_EDOM_CHAR, 2),
	/* Non-ASCII that maps to such ASCII (U+FF3F -> '_', U+00A0 -> ' ',
	 * ...): libidn2 removes it; the offset is the label's. */
	ERRM("fullwidth low line", "a" FW_LOW "b.com", TG_EDOM_CHAR, 0,
	    "label 'a\\xef\\xbc\\xbfb' at 0"),
	ERR("no-break space", "a" NBSP "b.com", TG_EDOM_CHAR, 0),
	ERR("ideographic space, second label", "x.a" IDEO_SP "b.com",
	    TG_EDOM_CHAR, 2),
	ERR("fullwidth at sign", "a" FW_AT "b.com", TG_EDOM_CHAR, 0),
	ERR("fullwidth !, after U+3002", "x.y" IDEO_DOT "a" FW_EXCL "b.com",
	    TG_EDOM_CHAR, 6),
	ERR("not-equal sign (STD3 valid)", "a" NE "b.com", TG_EDOM_CHAR, 1),
	ERR("not-less-than sign (STD3 valid)", "ab.x\xe2\x89\xaey.de",
	    TG_EDOM_CHAR, 4),
	ERR("not-greater-than sign (STD3 valid)", "\xe2\x89\xafy.de",
	    TG_EDOM_CHAR, 0),
	ERR("A-label of a character UTS #46 maps away", "www.e.xn--xmk",
	    TG_EDOM_IDNA, 6),
	OK("A-label with a soft hyphen mapped away", "xn--90ae" SHY ".com",
	    "xn--90ae.com", "\xd0\xb1\xd0\xb3.com", "com", "xn--90ae.com",
	    K | IDN),
	ERR("digit full stop maps to a dot", "b" UE "\xe2\x92\x88" "com",
	    TG_EDOM_IDNA, 0),
	ERR("fullwidth low line, IDN name", UE ".a" FW_LOW "b.com",
	    TG_EDOM_CHAR, 3),
	/* NUL, controls, UTF-8 */
	ERRM("NUL byte", "a\0b.com", TG_ENUL, 1, "NUL byte at 1"),
	ERR("NUL at end", "a.com\0", TG_ENUL, 5),
	ERR("NUL, IDNA path", "b" UE "\0.de", TG_ENUL, 3),
	ERRM("control byte", "a\001b", TG_ECONTROL, 1,
	    "control character \\x01 at 1"),
	ERR("DEL", "a\177b", TG_ECONTROL, 1),
	ERR("tab", "a\tb.com", TG_ECONTROL, 1),
	ERR("newline at end", "a.com\n", TG_ECONTROL, 5),
	ERR("control, IDNA path", UE "\001.de", TG_ECONTROL, 2),
	ERRM("lone continuation byte", "a\x80" "b", TG_EUTF8, 1,
	    "invalid UTF-8 at 1"),
	ERR("overlong C0 AF", "a\xc0\xaf" "b", TG_EUTF8, 1),
	ERR("surrogate ED A0 80", "a\xed\xa0\x80", TG_EUTF8, 1),
	ERR("byte F5", "a\xf5", TG_EUTF8, 1),
	ERR("byte FF", "ab.c\xff", TG_EUTF8, 4),
	ERR("truncated sequence", "a\xe3\x80", TG_EUTF8, 1),
	ERR("truncated after valid", "b" UE "\xc3", TG_EUTF8, 3),
	ERR("invalid UTF-8 before a NUL", "\x80\0", TG_EUTF8, 0),
	/* Numeric */
	ERRM("bare IPv4", "1.2.3.4", TG_EDOM_NUMERIC, 0,
	    "an address literal is written [1.2.3.4]"),
	ERR("bare IPv4, trailing dot", "1.2.3.4.", TG_EDOM_NUMERIC, 0),
	ERRM("numeric TLD", "a.123", TG_EDOM_NUMERIC, 0,
	    "top-level label '123' of domain at 0"),
	ERR("all digits", "123", TG_EDOM_NUMERIC, 0),
	ERRM("not an IPv4, numeric TLD", "10.0.0.256", TG_EDOM_NUMERIC, 0,
	    "'256'"),
	ERR("numeric TLD, IDN", UE ".123", TG_EDOM_NUMERIC, 0),
	/* Address literals */
	OK("IPv4 literal", "[192.0.2.1]", "[192.0.2.1]", "[192.0.2.1]", "", "",
	    LIT),
	OK("IPv6 literal lowered", "[IPv6:2001:DB8::1]", "[IPv6:2001:db8::1]",
	    "[IPv6:2001:db8::1]", "", "", LIT | V6),
	OK("IPv6 tag any case", "[ipv6:::1]", "[IPv6:::1]", "[IPv6:::1]", "",
	    "", LIT | V6),
	OK("IPv6 literal compressed", "[IPv6:0:0:0:0:0:0:0:1]", "[IPv6:::1]",
	    "[IPv6:::1]", "", "", LIT | V6),
	OK("IPv6 with IPv4 tail", "[IPv6:::ffff:192.0.2.1]",
	    "[IPv6:::ffff:192.0.2.1]", "[IPv6:::ffff:192.0.2.1]", "", "",
	    LIT | V6),
	ERRM("literal of three parts", "[1.2.3]", TG_EADDR_LITERAL, 0,
	    "address literal at 0 is not an IPv4 address"),
	ERRM("IPv6 literal not hex", "[IPv6:zz]", TG_EADDR_LITERAL, 0,
	    "is not an IPv6 address"),
	ERRM("unknown literal tag", "[x:y]", TG_EADDR_LITERAL, 1,
	    "unsupported address literal tag at 1"),
	ERRM("literal unclosed", "[1.2.3.4", TG_EADDR_LITERAL, 0,
	    "no closing ']'"),
	ERR("lone bracket", "[", TG_EADDR_LITERAL, 0),
	ERRM("text after literal", "[1.2.3.4]x", TG_EADDR_LITERAL, 9,
	    "text after address literal at 9"),
	ERR("dot after literal", "[192.0.2.1].", TG_EADDR_LITERAL, 11),
	ERR("empty literal", "[]", TG_EADDR_LITERAL, 0),
	ERR("empty IPv6 literal", "[IPv6:]", TG_EADDR_LITERAL, 0),
	ERR("IPv4 octet 256", "[1.2.3.256]", TG_EADDR_LITERAL, 0),
	ERR("IPv4 leading zero", "[01.2.3.4]", TG_EADDR_LITERAL, 0),
	ERR("IPv4 literal with space", "[ 1.2.3.4]", TG_EADDR_LITERAL, 0),
	ERR("IPv4 in IPv6 tag", "[IPv6:1.2.3.4]", TG_EADDR_LITERAL, 0),
	ERR("literal too long", "[IPv6:1111:2222:3333:4444:5555:6666:7777:"
	    "8888:9999:aaaa:bbbb]", TG_EADDR_LITERAL, 0),
	ERRM("bracket inside literal", "[1[2]", TG_EADDR_LITERAL, 2,
	    "'[' inside address literal at 2"),
	ERR("backslash inside literal", "[1\\2]", TG_EADDR_LITERAL, 2),
	ERR("NUL inside literal", "[1.2.3.4\0]", TG_ENUL, 8),
	ERR("control inside literal", "[1.2.3.4\n]", TG_ECONTROL, 8),
	/* Public suffixes (bundled list) */
	OK("suffix itself: gov.il", "gov.il", "gov.il", "gov.il", "gov.il", "",
	    IS | K),
	OK("under gov.il", "www.gov.il", "www.gov.il", "www.gov.il", "gov.il",
	    "www.gov.il", K),
	OK("private suffix", "x.blogspot.com", "x.blogspot.com",
	    "x.blogspot.com", "blogspot.com", "x.blogspot.com", K | P),
	OK("private suffix itself", "blogspot.com", "blogspot.com",
	    "blogspot.com", "blogspot.com", "", IS | K | P),
	OK("unlisted TLD", "foo.notatld", "foo.notatld", "foo.notatld",
	    "notatld", "foo.notatld", 0),
	OK("two-level suffix", "mail.example.co.uk", "mail.example.co.uk",
	    "mail.example.co.uk", "co.uk", "example.co.uk", K),
	OK("two-level suffix itself", "co.uk", "co.uk", "co.uk", "co.uk", "",
	    IS | K),
	OK("wildcard *.ck", "a.b.ck", "a.b.ck", "a.b.ck", "b.ck", "a.b.ck", K),
	OK("wildcard *.ck itself", "b.ck", "b.ck", "b.ck", "b.ck", "", IS | K),
	OK("wildcard exception !www.ck", "www.ck", "www.ck", "www.ck", "ck",
	    "www.ck", K),
	OK("IDN TLD suffix", "a.b." PRIMER "." RF,
	    "a.b.xn--e1afmkfd.xn--p1ai", "a.b." PRIMER "." RF, "xn--p1ai",
	    "xn--e1afmkfd.xn--p1ai", K | IDN),
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ------------------------------------------------------------------ */

static void
dirty(struct tg_domain *d, struct tg_error *err)
{
	memset(d, 0x5a, sizeof(*d));
	ut_dirty_error(err);
}

static void
test_row(void **state)
{
	const struct drow *r = *state;
	struct tg_domain d;
	struct tg_error err;
	int rc;

	dirty(&d, &err);
	rc = tg_domain_parse(ctx, r->in, r->len, &d, &err);
	if (rc != r->rc)
		fail_msg("got %s (%s), expected %s", tg_errname(rc),
		    rc ? err.message : d.alabel, tg_errname(r->rc));
	if (r->rc != TG_OK) {
		ut_check_error(&err, r->rc, r->off, r->msg);
		/* The same inside a larger input. */
		dirty(&d, &err);
		rc = tg__domain_parse(ctx, r->in, r->len, 1000, &d, &err);
		assert_int_equal(rc, r->rc);
		ut_check_error(&err, r->rc, r->off + 1000, NULL);
		return;
	}
	assert_int_equal(err.code, TG_OK);
	assert_int_equal(err.has_offset, 0);
	assert_string_equal(err.message, "");
	assert_string_equal(d.alabel, r->alabel);
	assert_int_equal(d.alabel_len, strlen(r->alabel));
	assert_string_equal(d.ulabel, r->ulabel);
	assert_string_equal(d.suffix, r->suffix);
	assert_string_equal(d.registrable, r->registrable);
	if (d.flags != r->flags)
		fail_msg("flags 0x%x, expected 0x%x", d.flags, r->flags);
}

/* ------------------------------------------------------------------ */
/* Lengths                                                              */

/* n bytes of a valid ASCII name: labels of 49 'a' (or fewer), ending in
 * a letter. */
static void
fill_name(char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (i % 50 == 49) ? '.' : 'a';
	if (n > 0 && buf[n - 1] == '.')
		buf[n - 1] = 'b';
	buf[n] = '\0';
}

static void
test_label_63_64(void **state)
{
	char buf[128];
	struct tg_domain d;
	struct tg_error err;

	(void)state;
	memcpy(buf, "x.", 2);
	memset(buf + 2, 'a', 63);
	memcpy(buf + 65, ".com", 5);
	assert_int_equal(tg_domain_parse(ctx, buf, 69, &d, &err), TG_OK);
	assert_string_equal(d.alabel, buf);
	assert_string_equal(d.registrable, buf + 2);

	memset(buf + 2, 'a', 64);
	memcpy(buf + 66, ".com", 5);
	assert_int_equal(tg_domain_parse(ctx, buf, 70, &d, &err),
	    TG_EDOM_LABEL_LONG);
	ut_check_error(&err, TG_EDOM_LABEL_LONG, 2, "label of 64 octets at 2");

	/* Last label too. */
	memset(buf, 'B', 64);
	assert_int_equal(tg_domain_parse(ctx, buf, 64, &d, &err),
	    TG_EDOM_LABEL_LONG);
	ut_check_error(&err, TG_EDOM_LABEL_LONG, 0, NULL);
}

static void
test_name_253_254(void **state)
{
	char buf[512];
	struct tg_domain d;
	struct tg_error err;

	(void)state;
	fill_name(buf, 253);
	assert_int_equal(tg_domain_parse(ctx, buf, 253, &d, &err), TG_OK);
	assert_int_equal(d.alabel_len, 253);
	assert_string_equal(d.alabel, buf);

	/* 253 and the root dot. */
	buf[253] = '.';
	assert_int_equal(tg_domain_parse(ctx, buf, 254, &d, &err), TG_OK);
	assert_int_equal(d.alabel_len, 253);
	assert_int_equal(d.flags & TD, TD);

	fill_name(buf, 254);
	assert_int_equal(tg_domain_parse(ctx, buf, 254, &d, &err),
	    TG_EDOM_TOO_LONG);
	ut_check_error(&err, TG_EDOM_TOO_LONG, 253, "domain of 254 octets");

	fill_name(buf, 400);
	assert_int_equal(tg_domain_parse(ctx, buf, 400, &d, &err),
	    TG_EDOM_TOO_LONG);
	ut_check_error(&err, TG_EDOM_TOO_LONG, 253, "limit 253");
}

/* The 253 limit holds for the A-label form of an IDN. */
static void
test_idn_name_length(void **state)
{
	char buf[512];
	struct tg_domain d;
	struct tg_error err;

	(void)state;
	/* "\u00fc." is "xn--tda." (8 octets) in A-labels. */
	memcpy(buf, UE ".", 3);
	fill_name(buf + 3, 245);
	assert_int_equal(tg_domain_parse(ctx, buf, 248, &d, &err), TG_OK);
	assert_int_equal(d.alabel_len, 253);
	assert_true(d.flags & IDN);

	/* 254: libidn2 2.3 refuses it itself (its message says 255). */
	fill_name(buf + 3, 246);
	assert_int_equal(tg_domain_parse(ctx, buf, 249, &d, &err),
	    TG_EDOM_TOO_LONG);
	ut_check_error(&err, TG_EDOM_TOO_LONG, 0, NULL);

	/* Far over: libidn2 itself refuses. */
	for (size_t i = 0; i < 40; i++)
		memcpy(buf + 3 * i, UE ".", 3);
	memcpy(buf + 120, "de", 3);
	assert_int_equal(tg_domain_parse(ctx, buf, 122, &d, &err),
	    TG_EDOM_TOO_LONG);
	ut_check_error(&err, TG_EDOM_TOO_LONG, 0, NULL);
}

/* Labels over 63 octets only once mapped or encoded. */
static void
test_idn_label_length(void **state)
{
	char buf[512];
	struct tg_domain d;
	struct tg_error err;
	size_t i, n;

	(void)state;
	/* 63 fullwidth letters map to 63 ASCII ones. */
	memcpy(buf, "x.", 2);
	for (i = 0, n = 2; i < 63; i++, n += 3)
		memcpy(buf + n, FW_A, 3);
	memcpy(buf + n, ".com", 4);
	assert_int_equal(tg_domain_parse(ctx, buf, n + 4, &d, &err), TG_OK);
	assert_int_equal(d.alabel_len, 2 + 63 + 4);
	memcpy(buf + n, FW_A ".com", 7);
	assert_int_equal(tg_domain_parse(ctx, buf, n + 7, &d, &err),
	    TG_EDOM_LABEL_LONG);
	ut_check_error(&err, TG_EDOM_LABEL_LONG, 2, NULL);

	/* U-label of 57 characters whose A-label is over 63 octets. */
	memcpy(buf, "x." UE, 4);
	memset(buf + 4, 'a', 56);
	memcpy(buf + 60, ".de", 3);
	assert_int_equal(tg_domain_parse(ctx, buf, 63, &d, &err),
	    TG_EDOM_LABEL_LONG);
	ut_check_error(&err, TG_EDOM_LABEL_LONG, 2, NULL);
	/* One 'a' fewer fits: xn-- + 55 a + "-" + 3 = 63. */
	memcpy(buf + 59, ".de", 3);
	assert_int_equal(tg_domain_parse(ctx, buf, 62, &d, &err), TG_OK);
	assert_int_equal(strchr(d.alabel + 2, '.') - (d.alabel + 2), 63);
}

/* TG_DOMAIN_INPUT_MAX bounds the raw input, before any mapping. */
static void
test_input_max(void **state)
{
	char buf[2048];
	struct tg_domain d;
	struct tg_error err;
	size_t i, n;

	(void)state;
	/* 1024 bytes that map to "a.de". */
	buf[0] = 'a';
	for (i = 0, n = 1; i < 510; i++, n += 2)
		memcpy(buf + n, SHY, 2);
	memcpy(buf + n, ".de", 3);
	n += 3;
	assert_int_equal(n, TG_DOMAIN_INPUT_MAX);
	assert_int_equal(tg_domain_parse(ctx, buf, n, &d, &err), TG_OK);
	assert_string_equal(d.alabel, "a.de");

	memmove(buf + 1, buf, n);
	assert_int_equal(tg_domain_parse(ctx, buf, n + 1, &d, &err),
	    TG_ETOOLONG);
	ut_check_error(&err, TG_ETOOLONG, 1024, "domain of 1025 bytes");

	memset(buf, 'a', 1025);
	assert_int_equal(tg_domain_parse(ctx, buf, 1024, &d, &err),
	    TG_EDOM_LABEL_LONG);
	assert_int_equal(tg_domain_parse(ctx, buf, 1025, &d, &err),
	    TG_ETOOLONG);
}

static void
test_hostile_10mb(void **state)
{
	const size_t n = 10u * 1024 * 1024;
	struct tg_domain d;
	struct tg_error err;
	char *buf;

	(void)state;
	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, 'a', n);
	assert_int_equal(tg_domain_parse(ctx, buf, n, &d, &err), TG_ETOOLONG);
	ut_check_error(&err, TG_ETOOLONG, 1024, "10485760 bytes");
	memset(buf, 0xff, n);
	assert_int_equal(tg_domain_parse(ctx, buf, n, &d, NULL), TG_ETOOLONG);
	free(buf);
}

static void
test_hostile_dots(void **state)
{
	char buf[1100];
	struct tg_domain d;
	struct tg_error err;
	size_t i;

	(void)state;
	memset(buf, '.', 1000);
	assert_int_equal(tg_domain_parse(ctx, buf, 1000, &d, &err),
	    TG_EDOM_EMPTY_LABEL);
	ut_check_error(&err, TG_EDOM_EMPTY_LABEL, 0, NULL);

	for (i = 0; i < 500; i++)
		memcpy(buf + 2 * i, "a.", 2);
	assert_int_equal(tg_domain_parse(ctx, buf, 1000, &d, &err),
	    TG_EDOM_TOO_LONG);
	ut_check_error(&err, TG_EDOM_TOO_LONG, 253, "domain of 999 octets");

	for (i = 0; i < 341; i++)
		memcpy(buf + 3 * i, IDEO_DOT, 3);
	assert_int_equal(tg_domain_parse(ctx, buf, 1023, &d, &err),
	    TG_EDOM_EMPTY_LABEL);
	ut_check_error(&err, TG_EDOM_EMPTY_LABEL, 0, NULL);

	for (i = 0; i < 341; i++)
		memcpy(buf + 3 * i, UE ".", 3);
	assert_int_equal(tg_domain_parse(ctx, buf, 1023, &d, &err),
	    TG_EDOM_TOO_LONG);
}

/* ------------------------------------------------------------------ */
/* The ASCII fast path agrees with libidn2 and libpsl                   */

static uint32_t
rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffff;
}

static const char *const tlds[] = { "com", "co.uk", "ml", "DE", "gov.il",
	"blogspot.com", "ck", "notatld", "xn--p1ai", "Mil", "jp", "ne.jp" };

/* One random LDH label of length n, mixed case; hyphens inside only,
 * never in positions 3 and 4 together, never "xn--". */
static size_t
gen_label(char *p, size_t n, uint32_t *seed)
{
	static const char ld[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 && i + 1 < n && rnd(seed) % 5 == 0)
			p[i] = '-';
		else
			p[i] = ld[rnd(seed) % (sizeof(ld) - 1)];
	}
	if (n >= 4 && p[2] == '-' && p[3] == '-')
		p[3] = 'q';
	return n;
}

static size_t
gen_name(char *buf, uint32_t *seed, size_t idx)
{
	size_t n = 0, labels, len, i;
	const char *tld;

	labels = 1 + rnd(seed) % 5;
	for (i = 0; i < labels; i++) {
		switch (rnd(seed) % 4) {
		case 0:
			len = 1 + rnd(seed) % 3;
			break;
		case 1:
			len = 63 - rnd(seed) % 3;
			break;
		default:
			len = 1 + rnd(seed) % 63;
		}
		if (n + len + 1 + 20 > TG_DOMAIN_MAX)
			break;
		n += gen_label(buf + n, len, seed);
		buf[n++] = '.';
	}
	if (idx % 2 == 0) {
		tld = tlds[rnd(seed) % (sizeof(tlds) / sizeof(tlds[0]))];
		len = strlen(tld);
		memcpy(buf + n, tld, len);
	} else {
		len = 2 + rnd(seed) % 8;
		gen_label(buf + n, len, seed);
		buf[n] = 'z'; /* a letter: never an all-digit TLD */
	}
	n += len;
	buf[n] = '\0';
	return n;
}

static void
check_against_libs(const psl_ctx_t *psl, const char *in, size_t len)
{
	struct tg_domain d;
	struct tg_error err;
	const char *reg;
	char *a = NULL;
	int rc;

	rc = tg_domain_parse(ctx, in, len, &d, &err);
	if (rc != TG_OK)
		fail_msg("'%s': %s", in, err.message);
	rc = idn2_to_ascii_8z(in, &a,
	    IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES);
	if (rc != IDN2_OK)
		fail_msg("'%s': libidn2 says %s", in, idn2_strerror(rc));
	if (strcmp(a, d.alabel) != 0)
		fail_msg("'%s': typoguard '%s', libidn2 '%s'", in, d.alabel,
		    a);
	idn2_free(a);
	reg = psl_registrable_domain(psl, d.alabel);
	if (reg == NULL) {
		if (d.registrable[0] != '\0' || !(d.flags & IS))
			fail_msg("'%s': libpsl has no registrable domain, "
			    "typoguard '%s'", in, d.registrable);
	} else if (strcmp(reg, d.registrable) != 0 || (d.flags & IS)) {
		fail_msg("'%s': typoguard '%s', libpsl '%s'", in,
		    d.registrable, reg);
	}
	if (!(d.flags & IDN) && strcmp(d.ulabel, d.alabel) != 0)
		fail_msg("'%s': ulabel '%s'", in, d.ulabel);
}

static void
test_ascii_path_matches_libidn2(void **state)
{
	static const char *const fixed[] = { "a", "A.B", "army.ml",
		"0.com", "a-b.c-d.e", "x.blogspot.com", "www.ck", "gov.il",
		"x.gov.il", "EXAMPLE.CO.UK", "xn--bcher-kva.de",
		"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z" };
	char buf[TG_DOMAIN_MAX + 64];
	psl_ctx_t *psl;
	uint32_t seed = 20240601;
	size_t i, len, longest = 0;

	(void)state;
	psl = psl_load_file(TG_TEST_PSL);
	assert_non_null(psl);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_against_libs(psl, fixed[i], strlen(fixed[i]));
	for (i = 0; i < 400; i++) {
		len = gen_name(buf, &seed, i);
		assert_true(len <= TG_DOMAIN_MAX);
		if (len > longest)
			longest = len;
		check_against_libs(psl, buf, len);
	}
	fill_name(buf, 253);
	check_against_libs(psl, buf, 253);
	psl_free(psl);
	assert_true(longest > 200);
}

/* Where the ASCII path rejects, libidn2 rejects as well. */
static void
test_ascii_path_rejects_like_libidn2(void **state)
{
	static const char *const bad[] = { "-a.com", "a-.com", "ab--cd.com",
		"x.-.y", "a.b-", "Xy--z.com" };
	struct tg_domain d;
	char *a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = NULL;
		assert_int_equal(tg_domain_parse(ctx, bad[i], strlen(bad[i]),
		    &d, NULL), TG_EDOM_HYPHEN);
		assert_int_not_equal(idn2_to_ascii_8z(bad[i], &a,
		    IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES),
		    IDN2_OK);
		idn2_free(a);
	}
}

/* ------------------------------------------------------------------ */
/* Threads and copies                                                   */

static const char *const mt_in[] = { "ARMY.ML", "b" UE "cher.de",
	"a..b", "x.blogspot.com", "[IPv6:2001:DB8::1]", "xn--zz.com",
	"a" FW_LOW "b.com", PRIMER "." RF };
#define MT_N (sizeof(mt_in) / sizeof(mt_in[0]))
static struct tg_domain mt_want[MT_N];
static int mt_rc[MT_N];

static void *
mt_worker(void *arg)
{
	struct tg_domain d;
	size_t i, k;
	int rc;

	(void)arg;
	for (k = 0; k < 200; k++)
		for (i = 0; i < MT_N; i++) {
			rc = tg_domain_parse(ctx, mt_in[i], strlen(mt_in[i]),
			    &d, NULL);
			if (rc != mt_rc[i])
				return (void *)1;
			if (rc == TG_OK && (d.flags != mt_want[i].flags ||
			    strcmp(d.alabel, mt_want[i].alabel) != 0 ||
			    strcmp(d.registrable, mt_want[i].registrable)))
				return (void *)2;
		}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t th[4];
	void *res;
	size_t i;

	(void)state;
	for (i = 0; i < MT_N; i++)
		mt_rc[i] = tg_domain_parse(ctx, mt_in[i], strlen(mt_in[i]),
		    &mt_want[i], NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, mt_worker, NULL),
		    0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], &res), 0);
		assert_null(res);
	}
}

static void
test_struct_copy(void **state)
{
	struct tg_domain a, b;

	(void)state;
	assert_int_equal(tg_domain_parse(ctx, "b" UE "cher.de",
	    sizeof("b" UE "cher.de") - 1, &a, NULL), TG_OK);
	b = a;
	memset(&a, 0, sizeof(a));
	assert_string_equal(b.alabel, "xn--bcher-kva.de");
	assert_string_equal(b.ulabel, "b" UE "cher.de");
	/* Input need not be NUL-terminated: only len bytes are read. */
	assert_int_equal(tg_domain_parse(ctx, "army.mlXYZ", 7, &a, NULL),
	    TG_OK);
	assert_string_equal(a.alabel, "army.ml");
}

/* A failed parse leaves empty strings, not the part it had written. */
static void
test_error_clears_output(void **state)
{
	static const char *bad[] = {
		"b_c.com", "army..ml", "ok.example.123", "xn--zz.com",
		"b" UE FW_LOW "x.de", "[1.2.3]",
	};
	struct tg_domain d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(tg_domain_parse(ctx, "army.mil", 8, &d, NULL),
		    TG_OK);
		assert_int_not_equal(tg_domain_parse(ctx, bad[i],
		    strlen(bad[i]), &d, NULL), TG_OK);
		assert_int_equal(d.alabel_len, 0);
		assert_string_equal(d.alabel, "");
		assert_string_equal(d.ulabel, "");
		assert_string_equal(d.suffix, "");
		assert_string_equal(d.registrable, "");
		assert_int_equal(d.flags, 0);
	}
}

/* ------------------------------------------------------------------ */

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_label_63_64),
		cmocka_unit_test(test_name_253_254),
		cmocka_unit_test(test_idn_name_length),
		cmocka_unit_test(test_idn_label_length),
		cmocka_unit_test(test_input_max),
		cmocka_unit_test(test_hostile_10mb),
		cmocka_unit_test(test_hostile_dots),
		cmocka_unit_test(test_ascii_path_matches_libidn2),
		cmocka_unit_test(test_ascii_path_rejects_like_libidn2),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_struct_copy),
		cmocka_unit_test(test_error_clears_output),
	};
	return ut_run("domain", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
