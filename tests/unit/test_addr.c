/*
 * test_addr.c - tg_addr_parse() and tg_addr_format() (addr.c).
 *
 * One row per case, each its own cmocka test.  Every accepted row is also
 * formatted and parsed again (round trip).  Offsets are those of the
 * whole input, blanks included.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "typoguard.h"
#include "unit.h"


#define UE "\xc3\xbc"             /* U+00FC */
#define FW_LOW "\xef\xbc\xbf"     /* U+FF3F fullwidth low line */
#define IVAN "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd"
#define PRIMER "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80"
#define RF "\xd1\x80\xd1\x84"

/* Address flags */
#define NUL_ TG_ADDR_NULL
#define ANG TG_ADDR_ANGLE
#define QUO TG_ADDR_QUOTED
#define RTE TG_ADDR_ROUTE
#define U8 TG_ADDR_UTF8
#define NOD TG_ADDR_NODOMAIN
#define NST TG_ADDR_LOCAL_NONSTD
/* Domain flags */
#define K TG_DOMAIN_SUFFIX_KNOWN
#define IS TG_DOMAIN_IS_SUFFIX
#define IDN TG_DOMAIN_IDN
#define TD TG_DOMAIN_TRAILING_DOT
#define LIT TG_DOMAIN_LITERAL
#define V6 TG_DOMAIN_IPV6
/* Options */
#define AN TG_ADDR_ALLOW_NULL
#define AP TG_ADDR_ALLOW_POSTMASTER


struct arow {
	const char *name;
	const char *in;
	size_t len;
	unsigned opts;
	int rc;
	size_t off;		/* when rc != TG_OK; NOOFF: none */
	const char *msg;	/* substring; NULL: "at <off>" */
	const char *local;
	const char *domain;	/* alabel */
	unsigned flags, dflags;
	const char *fmt;	/* tg_addr_format() */
};

#define OK(n, s, o, lp, dom, fl, dfl, fmt) \
	{ n, s, sizeof(s) - 1, o, TG_OK, 0, NULL, lp, dom, fl, dfl, fmt }
#define ERR(n, s, o, rc, off) \
	{ n, s, sizeof(s) - 1, o, rc, off, NULL, NULL, NULL, 0, 0, NULL }
#define ERRM(n, s, o, rc, off, m) \
	{ n, s, sizeof(s) - 1, o, rc, off, m, NULL, NULL, 0, 0, NULL }

static const struct arow rows[] = {
	/* Forms */
	OK("angle brackets", "<user@Dom.COM>", 0, "user", "dom.com", ANG, K,
	    "user@dom.com"),
	OK("bare", "User@Dom", 0, "User", "dom", 0, IS, "User@dom"),
	OK("case kept in local, lowered in domain", "John.Smith@ARMY.ML", 0,
	    "John.Smith", "army.ml", 0, K, "John.Smith@army.ml"),
	OK("all atext", "!#$%&'*+-/=?^_`{|}~@x.com", 0,
	    "!#$%&'*+-/=?^_`{|}~", "x.com", 0, K,
	    "!#$%&'*+-/=?^_`{|}~@x.com"),
	OK("surrounding blanks", "  <u@d.com>\t ", 0, "u", "d.com", ANG, K,
	    "u@d.com"),
	OK("blanks around bare", "\tu@d.com ", 0, "u", "d.com", 0, K,
	    "u@d.com"),
	OK("trailing dot", "u@d.com.", 0, "u", "d.com", 0, K | TD, "u@d.com"),
	OK("IDN domain to A-label", "x@b" UE "cher.de", 0, "x",
	    "xn--bcher-kva.de", 0, K | IDN, "x@xn--bcher-kva.de"),
	OK("IPv4 literal", "postmaster@[192.0.2.1]", 0, "postmaster",
	    "[192.0.2.1]", 0, LIT, "postmaster@[192.0.2.1]"),
	OK("IPv6 literal", "<noc@[IPv6:2001:DB8::25]>", 0, "noc",
	    "[IPv6:2001:db8::25]", ANG, LIT | V6, "noc@[IPv6:2001:db8::25]"),
	/* Quoted local parts */
	OK("quoted with space", "\"john doe\"@x.org", 0, "john doe", "x.org",
	    QUO, K, "\"john doe\"@x.org"),
	OK("quoted pairs", "\"a\\\"b\\\\c\"@x.org", 0, "a\"b\\c", "x.org",
	    QUO, K, "\"a\\\"b\\\\c\"@x.org"),
	OK("quoted pair of a letter", "\"\\a\"@x.org", 0, "a", "x.org", QUO, K,
	    "a@x.org"),
	OK("quoted needlessly", "\"abc\"@x.org", 0, "abc", "x.org", QUO, K,
	    "abc@x.org"),
	OK("empty quoted local part", "\"\"@x.org", 0, "", "x.org", QUO, K,
	    "\"\"@x.org"),
	OK("quoted specials", "\"a@b..c<>\"@x.org", 0, "a@b..c<>", "x.org",
	    QUO, K, "\"a@b..c<>\"@x.org"),
	OK("quoted in angle", "<\"j d\"@x.org>", 0, "j d", "x.org", ANG | QUO,
	    K, "\"j d\"@x.org"),
	OK("quoted UTF-8", "\"" UE "\"@x.com", 0, UE, "x.com", QUO | U8, K,
	    UE "@x.com"),
	/* Unquoted leniencies */
	OK("backslash escape unquoted", "john\\ doe@x.org", 0, "john doe",
	    "x.org", NST, K, "\"john doe\"@x.org"),
	OK("escaped at sign", "a\\@b@c.com", 0, "a@b", "c.com", NST, K,
	    "\"a@b\"@c.com"),
	OK("Japanese carrier dots", "taro..yamada.@docomo.ne.jp", 0,
	    "taro..yamada.", "docomo.ne.jp", NST, K,
	    "\"taro..yamada.\"@docomo.ne.jp"),
	OK("leading dot in local", ".a@b.com", 0, ".a", "b.com", NST, K,
	    "\".a\"@b.com"),
	/* RFC 6531 */
	OK("UTF-8 local part", UE "ser@x.com", 0, UE "ser", "x.com", U8, K,
	    UE "ser@x.com"),
	OK("UTF-8 local and IDN domain", IVAN "@" PRIMER "." RF, 0, IVAN,
	    "xn--e1afmkfd.xn--p1ai", U8, K | IDN,
	    IVAN "@xn--e1afmkfd.xn--p1ai"),
	/* Null path, postmaster */
	OK("null path allowed", "<>", AN, "", "", NUL_ | ANG, 0, "<>"),
	OK("null path with blanks", " <> ", AN, "", "", NUL_ | ANG, 0, "<>"),
	ERRM("null path not allowed", "<>", 0, TG_EADDR_NULL, 0,
	    "null address <> at 0 not allowed"),
	ERR("null path not allowed, blanks", " <> ", 0, TG_EADDR_NULL, 1),
	ERRM("null path then text", "<>x", AN, TG_EADDR_LOCAL, 1,
	    "empty local part at 1"),
	OK("postmaster allowed", "postmaster", AP, "postmaster", "", NOD, 0,
	    "postmaster"),
	OK("<Postmaster> allowed", "<Postmaster>", AP, "Postmaster", "",
	    NOD | ANG, 0, "Postmaster"),
	OK("POSTMASTER allowed", "POSTMASTER", AP | AN, "POSTMASTER", "", NOD,
	    0, "POSTMASTER"),
	OK("postmaster with a domain", "postmaster@x.com", AP, "postmaster",
	    "x.com", 0, K, "postmaster@x.com"),
	ERRM("postmaster not allowed", "postmaster", 0, TG_EADDR_NOAT, 10,
	    "no @domain after the local part at 10"),
	ERR("<Postmaster> not allowed", "<Postmaster>", 0, TG_EADDR_NOAT, 11),
	ERR("quoted postmaster", "\"postmaster\"", AP, TG_EADDR_NOAT, 12),
	ERR("postmaster unclosed", "<postmaster", AP, TG_EADDR_ANGLE, 0),
	ERR("other bare local", "abuse", AP, TG_EADDR_NOAT, 5),
	/* Source routes */
	OK("source route dropped", "<@a,@b:user@dom.com>", 0, "user",
	    "dom.com", ANG | RTE, K, "user@dom.com"),
	OK("source route of one", "<@relay.example.net:ops@navy.mil>", 0,
	    "ops", "navy.mil", ANG | RTE, K, "ops@navy.mil"),
	OK("source route without angle", "@a:u@d.com", 0, "u", "d.com", RTE,
	    K, "u@d.com"),
	ERRM("route hop without @", "<@a,b:u@d.com>", 0, TG_EADDR_ROUTE, 4,
	    "source route: expected '@' at 4"),
	ERRM("route without colon", "<@a,@b u@d.com>", 0, TG_EADDR_ROUTE, 8,
	    "source route not ended by ':' at 8"),
	ERR("route to the end", "<@a,@b>", 0, TG_EADDR_ROUTE, 6),
	ERR("lone at sign", "@", 0, TG_EADDR_ROUTE, 1),
	ERR("no local part, bare", "@b.com", 0, TG_EADDR_ROUTE, 6),
	ERR("route hop empty", "<@:u@d.com>", 0, TG_EEMPTY, 2),
	ERR("route hop bad domain", "<@a..b:u@d.com>", 0,
	    TG_EDOM_EMPTY_LABEL, 4),
	ERR("route hop underscore", "<@a_b:u@d.com>", 0, TG_EDOM_CHAR, 3),
	ERRM("route then nothing", "<@a.example:>", 0, TG_EADDR_LOCAL, 12,
	    "empty local part at 12"),
	/* Quotes */
	ERRM("unbalanced quote", "\"abc@d", 0, TG_EADDR_QUOTE, 0,
	    "unbalanced quote at 0"),
	ERR("unbalanced quote in angle", "<\"abc@d>", 0, TG_EADDR_QUOTE, 1),
	ERR("unbalanced quote after blanks", "   \"x", 0, TG_EADDR_QUOTE, 3),
	ERRM("quote inside unquoted local", "<user\"x@d>", 0, TG_EADDR_LOCAL,
	    5, "quote inside an unquoted local part at 5"),
	ERRM("text after quoted string", "\"a\"b@c.com", 0, TG_EADDR_SYNTAX, 3,
	    "expected '@' after the local part at 3"),
	ERR("backslash ends quoted", "\"a\\", 0, TG_EADDR_QUOTE, 0),
	ERRM("quoted backslash before UTF-8", "\"a\\" UE "\"@b.com", 0,
	    TG_EADDR_LOCAL, 3, "backslash before non-ASCII at 3"),
	ERRM("control in quoted", "\"a\001\"@b.com", 0, TG_ECONTROL, 2,
	    "control character \\x01 in quoted local part at 2"),
	ERR("NUL in quoted", "\"a\0\"@b.com", 0, TG_ENUL, 2),
	ERR("quoted pair of CR", "\"a\\\r\"@b.com", 0, TG_ECONTROL, 3),
	ERR("invalid UTF-8 in quoted", "\"a\xff\"@b.com", 0, TG_EUTF8, 2),
	/* Angle brackets and trailing text */
	ERRM("missing >", "<u@d", 0, TG_EADDR_ANGLE, 0,
	    "missing '>' for '<' at 0"),
	ERR("missing > after blanks", "  <u@d.com  ", 0, TG_EADDR_ANGLE, 2),
	ERRM("lone <", " < ", 0, TG_EADDR_ANGLE, 1, "missing '>' for '<' at 1"),
	ERR("< and a route only", "<@a.example:", 0, TG_EADDR_ANGLE, 0),
	ERRM("stray >", "u@d>", 0, TG_EADDR_ANGLE, 3, "unbalanced '>' at 3"),
	ERR("stray > after local", "postmaster>", 0, TG_EADDR_ANGLE, 10),
	ERRM("nested <", "<<u@d>", 0, TG_EADDR_ANGLE, 1, "nested '<' at 1"),
	ERRM("< inside local", "a<b@c.com", 0, TG_EADDR_ANGLE, 1,
	    "unexpected '<' at 1"),
	ERRM("text after >", "<u@d>x", 0, TG_EADDR_SYNTAX, 5,
	    "text after '>' at 5"),
	ERR("second >", "<a@b.com>>", 0, TG_EADDR_SYNTAX, 9),
	ERR("word after >", "<a@b> x", 0, TG_EADDR_SYNTAX, 5),
	/* Local part syntax */
	ERRM("space in local", "a b@c.com", 0, TG_EADDR_LOCAL, 1,
	    "space in local part at 1 (quote it)"),
	ERRM("paren in local", "a(b@c.com", 0, TG_EADDR_LOCAL, 1,
	    "invalid character '(' in local part at 1"),
	ERR("comma in local", "a,b@c.com", 0, TG_EADDR_LOCAL, 1),
	ERRM("backslash at end", "a\\", 0, TG_EADDR_LOCAL, 1,
	    "backslash not followed by a printable character at 1"),
	ERR("backslash before control", "a\\\001@b.com", 0, TG_EADDR_LOCAL,
	    1),
	ERRM("no at sign", "a", 0, TG_EADDR_NOAT, 1,
	    "no @domain after the local part at 1"),
	ERR("no at sign in angle", "<a>", 0, TG_EADDR_NOAT, 2),
	ERRM("control in local", "\001a@b.com", 0, TG_ECONTROL, 0,
	    "control character \\x01 in local part at 0"),
	ERRM("NUL in local", "a\0b@c", 0, TG_ENUL, 1, "NUL byte at 1"),
	ERR("invalid UTF-8 in local", "a\x80@b.com", 0, TG_EUTF8, 1),
	ERR("overlong in local", "\xc0\xaf@b.com", 0, TG_EUTF8, 0),
	ERR("surrogate in local", "ab\xed\xa0\x80@b.com", 0, TG_EUTF8, 2),
	/* Domain errors carry offsets in the whole address */
	ERRM("empty domain", "a@", 0, TG_EEMPTY, 2, "empty domain at 2"),
	ERR("empty domain in angle", "<a@>", 0, TG_EEMPTY, 3),
	ERRM("second at sign", "a@b@c", 0, TG_EDOM_CHAR, 3,
	    "invalid character '@' in domain at 3"),
	ERRM("domain empty label", "a@b..c", 0, TG_EDOM_EMPTY_LABEL, 4,
	    "empty label at 4"),
	ERR("domain empty label after blanks", "  a@b..c", 0,
	    TG_EDOM_EMPTY_LABEL, 6),
	ERR("domain empty label in angle", "<a@b..c>", 0,
	    TG_EDOM_EMPTY_LABEL, 5),
	ERRM("domain underscore", "user@army_mil.com", 0, TG_EDOM_CHAR, 9,
	    "invalid character '_' in domain at 9"),
	ERR("domain leading hyphen", "user@-army.mil", 0, TG_EDOM_HYPHEN, 5),
	ERRM("domain bad A-label", "a@xn--zz.com", 0, TG_EDOM_IDNA, 2,
	    "label 'xn--zz' at 2"),
	ERRM("domain bare IPv4", "user@10.0.0.1", 0, TG_EDOM_NUMERIC, 5,
	    "bare IPv4 address at 5"),
	ERRM("domain bad literal", "x@[1.2.3]", 0, TG_EADDR_LITERAL, 2,
	    "address literal at 2"),
	ERR("domain unknown literal tag", "x@[v9:zz]", 0, TG_EADDR_LITERAL,
	    3),
	ERR("domain NUL", "a@b\0c", 0, TG_ENUL, 3),
	ERR("domain control", "a@b.c\r", 0, TG_ECONTROL, 5),
	ERR("domain fullwidth low line", "a@b" FW_LOW "c.com", 0,
	    TG_EDOM_CHAR, 2),
	ERR("domain with blank inside", "a@b c", 0, TG_EDOM_CHAR, 3),
	/* Empty */
	ERRM("empty input", "", 0, TG_EEMPTY, NOOFF, "empty address"),
	ERR("blanks only", " \t ", AN | AP, TG_EEMPTY, NOOFF),
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ------------------------------------------------------------------ */

static void
dirty(struct tg_addr *a, struct tg_error *err)
{
	memset(a, 0x5a, sizeof(*a));
	ut_dirty_error(err);
}

/* Formats a, parses the result again, and checks that local part and
 * domain survive. */
static void
round_trip(const struct tg_addr *a, unsigned opts, const char *want)
{
	char buf[2 * TG_LOCAL_MAX + TG_DOMAIN_MAX + 16];
	struct tg_addr b;
	struct tg_error err;
	size_t n;
	int rc;

	n = tg_addr_format(a, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	if (want != NULL)
		assert_string_equal(buf, want);
	rc = tg_addr_parse(ctx, buf, n, opts, &b, &err);
	if (rc != TG_OK)
		fail_msg("'%s' does not parse again: %s", buf, err.message);
	assert_int_equal(b.local_len, a->local_len);
	assert_memory_equal(b.local, a->local, a->local_len);
	assert_string_equal(b.domain.alabel, a->domain.alabel);
	assert_int_equal(b.flags & (NUL_ | NOD | U8), a->flags & (NUL_ | NOD |
	    U8));
}

static void
test_row(void **state)
{
	const struct arow *r = *state;
	struct tg_addr a;
	struct tg_error err;
	int rc;

	dirty(&a, &err);
	rc = tg_addr_parse(ctx, r->in, r->len, r->opts, &a, &err);
	if (rc != r->rc)
		fail_msg("got %s (%s), expected %s", tg_errname(rc),
		    rc ? err.message : a.local, tg_errname(r->rc));
	if (r->rc != TG_OK) {
		ut_check_error(&err, r->rc, r->off, r->msg);
		return;
	}
	assert_int_equal(err.code, TG_OK);
	assert_int_equal(err.has_offset, 0);
	assert_string_equal(err.message, "");
	assert_string_equal(a.local, r->local);
	assert_int_equal(a.local_len, strlen(r->local));
	assert_string_equal(a.domain.alabel, r->domain);
	if (a.flags != r->flags)
		fail_msg("flags 0x%x, expected 0x%x", a.flags, r->flags);
	if (a.domain.flags != r->dflags)
		fail_msg("domain flags 0x%x, expected 0x%x", a.domain.flags,
		    r->dflags);
	round_trip(&a, r->opts, r->fmt);
}

/* ------------------------------------------------------------------ */
/* Lengths                                                              */

static void
test_local_255_256(void **state)
{
	char buf[1024];
	struct tg_addr a;
	struct tg_error err;
	size_t i;

	(void)state;
	memset(buf, 'a', 255);
	memcpy(buf + 255, "@x.com", 6);
	assert_int_equal(tg_addr_parse(ctx, buf, 261, 0, &a, &err), TG_OK);
	assert_int_equal(a.local_len, 255);
	round_trip(&a, 0, NULL);

	memset(buf, 'a', 256);
	memcpy(buf + 256, "@x.com", 6);
	assert_int_equal(tg_addr_parse(ctx, buf, 262, 0, &a, &err),
	    TG_EADDR_LOCAL_LONG);
	ut_check_error(&err, TG_EADDR_LOCAL_LONG, 255,
	    "local part longer than 255 octets at 255");

	/* In angle brackets: offsets move by one. */
	buf[0] = '<';
	memset(buf + 1, 'a', 256);
	memcpy(buf + 257, "@x.com>", 7);
	assert_int_equal(tg_addr_parse(ctx, buf, 264, 0, &a, &err),
	    TG_EADDR_LOCAL_LONG);
	ut_check_error(&err, TG_EADDR_LOCAL_LONG, 256, NULL);

	/* A character across the limit: the octet that does not fit. */
	memset(buf, 'a', 254);
	memcpy(buf + 254, UE "@x.com", 8);
	assert_int_equal(tg_addr_parse(ctx, buf, 262, 0, &a, &err),
	    TG_EADDR_LOCAL_LONG);
	ut_check_error(&err, TG_EADDR_LOCAL_LONG, 255, NULL);

	/*
	 * The limit counts the internal form: a quoted local part of 255
	 * octets (257 as written) is accepted, and so are 255 quoted pairs
	 * (510 octets as written).  Pinned: the header says "as written".
	 */
	buf[0] = '"';
	memset(buf + 1, 'b', 255);
	memcpy(buf + 256, "\"@x.com", 7);
	assert_int_equal(tg_addr_parse(ctx, buf, 263, 0, &a, &err), TG_OK);
	assert_int_equal(a.local_len, 255);
	buf[0] = '"';
	for (i = 0; i < 255; i++)
		memcpy(buf + 1 + 2 * i, "\\c", 2);
	memcpy(buf + 511, "\"@x.com", 7);
	assert_int_equal(tg_addr_parse(ctx, buf, 518, 0, &a, &err), TG_OK);
	assert_int_equal(a.local_len, 255);
	memcpy(buf + 511, "\\c\"@x.com", 9);
	assert_int_equal(tg_addr_parse(ctx, buf, 520, 0, &a, &err),
	    TG_EADDR_LOCAL_LONG);
	ut_check_error(&err, TG_EADDR_LOCAL_LONG, 512, NULL);
}

static void
test_input_max(void **state)
{
	char *buf;
	struct tg_addr a;
	struct tg_error err;

	(void)state;
	buf = malloc(TG_ADDR_INPUT_MAX + 1);
	assert_non_null(buf);
	/* 4096 bytes, mostly blanks, are parsed. */
	memset(buf, ' ', TG_ADDR_INPUT_MAX + 1);
	memcpy(buf, "a@b.com", 7);
	assert_int_equal(tg_addr_parse(ctx, buf, TG_ADDR_INPUT_MAX, 0, &a,
	    &err), TG_OK);
	assert_string_equal(a.domain.alabel, "b.com");
	assert_int_equal(tg_addr_parse(ctx, buf, TG_ADDR_INPUT_MAX + 1, 0, &a,
	    &err), TG_ETOOLONG);
	ut_check_error(&err, TG_ETOOLONG, TG_ADDR_INPUT_MAX,
	    "address of 4097 bytes, limit 4096");
	free(buf);
}

static void
test_hostile_10mb(void **state)
{
	const size_t n = 10u * 1024 * 1024;
	struct tg_addr a;
	struct tg_error err;
	char *buf;

	(void)state;
	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, 'a', n);
	buf[n / 2] = '@';
	assert_int_equal(tg_addr_parse(ctx, buf, n, 0, &a, &err), TG_ETOOLONG);
	ut_check_error(&err, TG_ETOOLONG, TG_ADDR_INPUT_MAX, "10485760 bytes");
	memset(buf, '"', n);
	assert_int_equal(tg_addr_parse(ctx, buf, n, 0, &a, NULL), TG_ETOOLONG);
	free(buf);
}

/* Long domains inside addresses: the domain limits apply with offsets
 * in the address. */
static void
test_long_domain(void **state)
{
	char buf[1200];
	struct tg_addr a;
	struct tg_error err;

	(void)state;
	memcpy(buf, "u@", 2);
	memset(buf + 2, 'a', 64);
	memcpy(buf + 66, ".mil", 4);
	assert_int_equal(tg_addr_parse(ctx, buf, 70, 0, &a, &err),
	    TG_EDOM_LABEL_LONG);
	ut_check_error(&err, TG_EDOM_LABEL_LONG, 2, "label of 64 octets at 2");

	memset(buf + 2, 'a', 1025);
	assert_int_equal(tg_addr_parse(ctx, buf, 1027, 0, &a, &err),
	    TG_ETOOLONG);
	ut_check_error(&err, TG_ETOOLONG, 2 + 1024, "limit 1024");
}

/* ------------------------------------------------------------------ */
/* tg_addr_format                                                       */

static void
test_format_small_buffers(void **state)
{
	const char *full = "\"john doe\"@xn--bcher-kva.de";
	const char *in = "\"john doe\"@b" UE "cher.de";
	char buf[64];
	struct tg_addr a;
	size_t size, n = strlen(full);

	(void)state;
	assert_int_equal(tg_addr_parse(ctx, in, strlen(in), 0, &a, NULL),
	    TG_OK);
	assert_int_equal(tg_addr_format(&a, NULL, 0), n);
	for (size = 1; size <= n + 2; size++) {
		memset(buf, 'Z', sizeof(buf));
		assert_int_equal(tg_addr_format(&a, buf, size), n);
		assert_int_equal(strlen(buf), size <= n ? size - 1 : n);
		assert_memory_equal(buf, full, strlen(buf));
		assert_int_equal(buf[size], 'Z');
	}
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(tg_addr_format(&a, buf, 0), n);
	assert_int_equal(buf[0], 'Z');

	assert_int_equal(tg_addr_parse(ctx, "<>", 2, AN, &a, NULL), TG_OK);
	assert_int_equal(tg_addr_format(&a, buf, 2), 2);
	assert_string_equal(buf, "<");
}

/* Structs built by hand: what needs quoting gets it. */
static void
test_format_quoting(void **state)
{
	static const struct {
		const char *local;
		unsigned flags;
		const char *want;
	} cases[] = {
		{ "a.b", 0, "a.b@x.com" },
		{ "a..b", 0, "\"a..b\"@x.com" },
		{ "a.", 0, "\"a.\"@x.com" },
		{ ".", 0, "\".\"@x.com" },
		{ "", 0, "\"\"@x.com" },
		{ "a\"b", 0, "\"a\\\"b\"@x.com" },
		{ "a\\b", 0, "\"a\\\\b\"@x.com" },
		{ "a b", 0, "\"a b\"@x.com" },
		{ "a@b", 0, "\"a@b\"@x.com" },
		{ "a,b", 0, "\"a,b\"@x.com" },
		{ "a<b>", 0, "\"a<b>\"@x.com" },
		{ UE ".x", TG_ADDR_UTF8, UE ".x@x.com" },
		{ "post master", TG_ADDR_NODOMAIN, "\"post master\"" },
		{ "postmaster", TG_ADDR_NODOMAIN, "postmaster" },
	};
	struct tg_addr a;
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.flags = cases[i].flags;
		a.local_len = strlen(cases[i].local);
		memcpy(a.local, cases[i].local, a.local_len + 1);
		strcpy(a.domain.alabel, "x.com");
		a.domain.alabel_len = 5;
		assert_int_equal(tg_addr_format(&a, buf, sizeof(buf)),
		    strlen(cases[i].want));
		assert_string_equal(buf, cases[i].want);
		if (!(a.flags & TG_ADDR_NODOMAIN))
			round_trip(&a, 0, cases[i].want);
	}
}

/* Every printable ASCII character alone as a local part round-trips. */
static void
test_format_every_char(void **state)
{
	struct tg_addr a;
	unsigned c;

	(void)state;
	for (c = 0x20; c < 0x7f; c++) {
		memset(&a, 0, sizeof(a));
		a.local[0] = (char)c;
		a.local[1] = 'x';
		a.local_len = 2;
		strcpy(a.domain.alabel, "x.com");
		a.domain.alabel_len = 5;
		round_trip(&a, 0, NULL);
	}
}

/* ------------------------------------------------------------------ */

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_local_255_256),
		cmocka_unit_test(test_input_max),
		cmocka_unit_test(test_hostile_10mb),
		cmocka_unit_test(test_long_domain),
		cmocka_unit_test(test_format_small_buffers),
		cmocka_unit_test(test_format_quoting),
		cmocka_unit_test(test_format_every_char),
	};
	return ut_run("addr", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
