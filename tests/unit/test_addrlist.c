/*
 * test_addrlist.c - tg_addrlist_parse() (addrlist.c).
 *
 * One row per header field body, each its own cmocka test, with every
 * entry expected.  Rows named "was gmime quirk: ..." are inputs on which
 * GMime's list parser, used before, dropped or split mailboxes.  Offsets
 * are in the header as given.
 */
#include <ctype.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "text_int.h"
#include "typoguard.h"
#include "unit.h"


#define UE "\xc3\xbc"   /* U+00FC */
#define EA "\xc3\xa9"   /* U+00E9 */

#define MAXENT 3
#define ANY ((const char *)1)	/* name: not checked */

struct ent {
	int status;
	const char *raw;
	const char *name;	/* ANY: not checked */
	const char *group;	/* NULL: none */
	const char *local;
	const char *domain;	/* alabel; for status 0 */
	size_t erroff;		/* for status != 0 */
	size_t at;		/* the entry's offset; NOOFF: not checked */
};

struct lrow {
	const char *name;
	const char *in;
	size_t len;
	size_t count;
	struct ent e[MAXENT];
};

/* 32 comment openings and closings. */
#define O32 "(((((((((((((((((((((((((((((((("
#define C32 "))))))))))))))))))))))))))))))))"

#define ROW(n, s, c, ...) { n, s, sizeof(s) - 1, c, { __VA_ARGS__ } }
/* A mailbox that parses. */
#define M(raw, name, group, local, dom) \
	{ TG_OK, raw, name, group, local, dom, 0, NOOFF }
/* The same, starting at offset at. */
#define MO(at, raw, name, group, local, dom) \
	{ TG_OK, raw, name, group, local, dom, 0, at }
/* A mailbox kept with an error. */
#define BAD(st, raw, name, off) \
	{ st, raw, name, NULL, NULL, NULL, off, NOOFF }
#define BADO(at, st, raw, name, off) \
	{ st, raw, name, NULL, NULL, NULL, off, at }

static const struct lrow rows[] = {
	ROW("single bare address", "a@x.com", 1,
	    M("a@x.com", "", NULL, "a", "x.com")),
	ROW("display names, quoted comma",
	    "John Doe <john@x.com>, \"Doe, Jane\" <jane@Y.ORG>", 2,
	    M("john@x.com", "John Doe", NULL, "john", "x.com"),
	    M("jane@Y.ORG", "Doe, Jane", NULL, "jane", "y.org")),
	ROW("unquoted comma in name (loose)",
	    "Doe, John <john@y.org>", 1,
	    M("john@y.org", "Doe, John", NULL, "john", "y.org")),
	ROW("group", "Team: a@x.com, b@y.org;", 2,
	    M("a@x.com", "", "Team", "a", "x.com"),
	    M("b@y.org", "", "Team", "b", "y.org")),
	ROW("group then mailbox", "Team: a@x.com, b@y.org;, c@z.net", 3,
	    M("a@x.com", "", "Team", "a", "x.com"),
	    M("b@y.org", "", "Team", "b", "y.org"),
	    M("c@z.net", "", NULL, "c", "z.net")),
	ROW("mailbox then group", "a@x.com, G: b@y.com;", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.com", "", "G", "b", "y.com")),
	ROW("group with names and comments",
	    "Team: \"Doe, J\" <j@x.com>, (c) k@y.org;", 2,
	    M("j@x.com", "Doe, J", "Team", "j", "x.com"),
	    M("k@y.org", "", "Team", "k", "y.org")),
	ROW("quoted group name", "\"Team\" : a@x.com;", 1,
	    M("a@x.com", "", "Team", "a", "x.com")),
	ROW("group not closed", "G: a@x.com", 1,
	    M("a@x.com", "", "G", "a", "x.com")),
	ROW("semicolon ends a group", "G: a@x.com; b@y.org", 2,
	    M("a@x.com", "", "G", "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("empty group", "undisclosed-recipients:;", 0),
	ROW("nested group ends the outer one", "A: B: c@d.com;;", 1,
	    MO(6, "c@d.com", "", "B", "c", "d.com")),
	ROW("empty group then mailbox", "undisclosed-recipients:;, a@b.com", 1,
	    MO(26, "a@b.com", "", NULL, "a", "b.com")),
	ROW("group members keep offsets", "G: a@x.com,\r\n\tb@y.org", 2,
	    MO(3, "a@x.com", "", "G", "a", "x.com"),
	    MO(14, "b@y.org", "", "G", "b", "y.org")),
	/* Comments */
	ROW("comment becomes the name", "a@x.com (Alice Smith)", 1,
	    M("a@x.com", "Alice Smith", NULL, "a", "x.com")),
	ROW("comment after angle addr", "Alice <alice@x.com> (comment)", 1,
	    M("alice@x.com", "Alice", NULL, "alice", "x.com")),
	ROW("comment before address", "(c) a@x.com", 1,
	    M("a@x.com", "", NULL, "a", "x.com")),
	ROW("comment inside address", "a(c)@x.com", 1,
	    M("a@x.com", "", NULL, "a", "x.com")),
	ROW("nested comment", "a@x.com (comment (nested))", 1,
	    M("a@x.com", "comment (nested)", NULL, "a", "x.com")),
	/* RFC 2047 and 8-bit names */
	ROW("RFC 2047 B", "=?UTF-8?B?SsO8cmdlbg==?= <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen", NULL, "j", "x.de")),
	ROW("RFC 2047 Q Latin-1", "=?ISO-8859-1?Q?J=FCrgen?= <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen", NULL, "j", "x.de")),
	ROW("RFC 2047 Q with underscores",
	    "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen M" UE "ller", NULL, "j", "x.de")),
	ROW("RFC 2047 lowercase charset", "=?utf-8?q?caf=C3=A9?= <c@x.fr>", 1,
	    M("c@x.fr", "caf" EA, NULL, "c", "x.fr")),
	ROW("RFC 2047 words, two charsets",
	    "=?UTF-8?B?SsO8cmdlbg==?= =?ISO-8859-1?B?IE0=?= <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen M", NULL, "j", "x.de")),
	ROW("RFC 2047 in quotes (decoded, loose)",
	    "\"=?UTF-8?B?SsO8cmdlbg==?=\" <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen", NULL, "j", "x.de")),
	ROW("RFC 2047 in a comment", "a@x.com (=?UTF-8?B?SsO8cmdlbg==?=)", 1,
	    M("a@x.com", "J" UE "rgen", NULL, "a", "x.com")),
	ROW("RFC 2047 broken base64", "=?UTF-8?B?invalid?= <a@b.com>", 1,
	    M("a@b.com", ANY, NULL, "a", "b.com")),
	ROW("raw UTF-8 name", "J" UE "rgen <j@x.de>", 1,
	    M("j@x.de", "J" UE "rgen", NULL, "j", "x.de")),
	ROW("raw Latin-1 name read as Latin-1", "\xff <a@b.com>", 1,
	    M("a@b.com", "\xc3\xbf", NULL, "a", "b.com")),
	ROW("empty quoted name", "\"\" <a@b.com>", 1,
	    M("a@b.com", "", NULL, "a", "b.com")),
	/* Whitespace and folding */
	ROW("folding CRLF SP", "a@x.com,\r\n b@y.org", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("folding LF SP", "a@x.com,\n b@y.org", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("folding CRLF TAB", "a@x.com,\r\n\tb@y.org", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("TAB after comma", "a@x.com,\tb@y.org", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("TAB in display name collapsed", "Bob\tSmith <b@x.com>", 1,
	    M("b@x.com", "Bob Smith", NULL, "b", "x.com")),
	ROW("blank runs in a quoted name collapsed",
	    "\"Bob \t  Smith \" <b@x.com>", 1,
	    M("b@x.com", "Bob Smith", NULL, "b", "x.com")),
	ROW("control character in name removed", "Bob \001Smith <b@x.com>", 1,
	    M("b@x.com", "Bob Smith", NULL, "b", "x.com")),
	ROW("C1 control in Latin-1 name removed", "\x85Name <a@b.com>", 1,
	    M("a@b.com", "Name", NULL, "a", "b.com")),
	ROW("LF from an encoded word removed", "=?UTF-8?Q?a=0Ab?= <a@b.com>", 1,
	    M("a@b.com", "a b", NULL, "a", "b.com")),
	ROW("folding before comma", "a@x.com\r\n\t,b@y.org", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("blanks around", "   a@x.com   ", 1,
	    M("a@x.com", "", NULL, "a", "x.com")),
	ROW("trailing CRLF", "a@x.com\r\n", 1,
	    M("a@x.com", "", NULL, "a", "x.com")),
	ROW("empty elements", ",a@x.com,,b@y.com,", 2,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    M("b@y.com", "", NULL, "b", "y.com")),
	ROW("empty input", "", 0),
	ROW("blanks only", "  \t ", 0),
	ROW("words only", "just text", 1,
	    BADO(0, TG_EADDR_NOAT, "just text", "", 9)),
	ROW("null path", "<>", 1, BADO(0, TG_EADDR_NULL, "<>", "", 0)),
	ROW("name and null path", "x@y.com, Bob <>", 2,
	    M("x@y.com", "", NULL, "x", "y.com"),
	    BADO(9, TG_EADDR_NULL, "Bob <>", "Bob", 13)),
	ROW("only comments skipped", "a@x.com, (c), b@y.com", 2,
	    MO(0, "a@x.com", "", NULL, "a", "x.com"),
	    MO(14, "b@y.com", "", NULL, "b", "y.com")),
	/* Addresses */
	ROW("IDN domains to A-labels",
	    "x@b" UE "cher.de, \"M" UE "ller, Hans\" <hans@M" UE "LLER.de>", 2,
	    M("x@b" UE "cher.de", "", NULL, "x", "xn--bcher-kva.de"),
	    M("hans@M" UE "LLER.de", "M" UE "ller, Hans", NULL, "hans",
	    "xn--mller-kva.de")),
	ROW("uppercase domain lowered", "a@B.COM", 1,
	    M("a@B.COM", "", NULL, "a", "b.com")),
	ROW("IPv4 literal", "Bob <bob@[192.0.2.1]>", 1,
	    M("bob@[192.0.2.1]", "Bob", NULL, "bob", "[192.0.2.1]")),
	ROW("IPv6 literal", "a@[IPv6:2001:DB8::1]", 1,
	    M("a@[IPv6:2001:DB8::1]", "", NULL, "a", "[IPv6:2001:db8::1]")),
	ROW("quoted local part", "x <\"john doe\"@x.com>", 1,
	    M("\"john doe\"@x.com", "x", NULL, "john doe", "x.com")),
	ROW("obs-route dropped", "x <@r.com:a@b.com>", 1,
	    M("a@b.com", "x", NULL, "a", "b.com")),
	ROW("obs-route with two domains and CFWS",
	    "x < @r.com , @s.org : a@b.com >", 1,
	    M("a@b.com", "x", NULL, "a", "b.com")),
	ROW("unclosed angle kept", "Bob <bob@a.com", 1,
	    BADO(0, TG_EADDR_ANGLE, "Bob <bob@a.com", "Bob", 4)),
	ROW("stray angle kept", "a@b.com>", 1,
	    BAD(TG_EADDR_ANGLE, "a@b.com>", "", 7)),
	ROW("duplicates kept", "Bob <bob@x.com>, Bob <bob@x.com>", 2,
	    M("bob@x.com", "Bob", NULL, "bob", "x.com"),
	    M("bob@x.com", "Bob", NULL, "bob", "x.com")),
	ROW("trailing dot", "a@b.c.", 1,
	    M("a@b.c.", "", NULL, "a", "b.c")),
	/* Mailboxes our parser rejects are kept, with status and error. */
	ROW("rejected: underscore", "a@b_c.com", 1,
	    BAD(TG_EDOM_CHAR, "a@b_c.com", "", 3)),
	ROW("rejected: hyphen, with name", "Bob <bob@-a.com>", 1,
	    BAD(TG_EDOM_HYPHEN, "bob@-a.com", "Bob", 9)),
	ROW("rejected: numeric TLD", "bob@ab.123", 1,
	    BAD(TG_EDOM_NUMERIC, "bob@ab.123", "", 4)),
	ROW("rejected: bad A-label", "a@xn--zz.com", 1,
	    BAD(TG_EDOM_IDNA, "a@xn--zz.com", "", 2)),
	ROW("rejected: bare IPv4", "a@1.2.3.4", 1,
	    BAD(TG_EDOM_NUMERIC, "a@1.2.3.4", "", 2)),
	ROW("rejected: postmaster without domain", "x <postmaster>", 1,
	    BAD(TG_EADDR_NOAT, "postmaster", "x", 13)),
	ROW("rejected: ideographic space domain", "a@\xe3\x80\x80", 1,
	    BAD(TG_EDOM_CHAR, "a@\xe3\x80\x80", "", 2)),
	ROW("rejected in the middle", "a@x.com, bad@b_c.com, c@z.org", 3,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    BADO(9, TG_EDOM_CHAR, "bad@b_c.com", "", 14),
	    M("c@z.org", "", NULL, "c", "z.org")),
	/* Inputs GMime's list parser got wrong. */
	ROW("was gmime quirk: folded name unfolded",
	    "John\r\n Doe <j@x.com>", 1,
	    M("j@x.com", "John Doe", NULL, "j", "x.com")),
	ROW("was gmime quirk: folded name with TAB unfolded",
	    "John\r\n\tDoe <j@x.com>", 1,
	    M("j@x.com", "John Doe", NULL, "j", "x.com")),
	/* The name: see test_gmime_133(). */
	ROW("adjacent B words, same charset",
	    "=?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?B?IE0=?= <j@x.de>", 1,
	    M("j@x.de", ANY, NULL, "j", "x.de")),
	ROW("was gmime quirk: typo domain a..b kept", "Bob <bob@army..ml>", 1,
	    BADO(0, TG_EDOM_EMPTY_LABEL, "bob@army..ml", "Bob", 14)),
	ROW("was gmime quirk: typo domain kept in a list",
	    "a@x.com, b@army..ml, c@z.org", 3,
	    MO(0, "a@x.com", "", NULL, "a", "x.com"),
	    BADO(9, TG_EDOM_EMPTY_LABEL, "b@army..ml", "", 16),
	    MO(21, "c@z.org", "", NULL, "c", "z.org")),
	ROW("was gmime quirk: Japanese carrier local part",
	    "Taro <taro..yamada.@docomo.ne.jp>", 1,
	    M("taro..yamada.@docomo.ne.jp", "Taro", NULL, "taro..yamada.",
	    "docomo.ne.jp")),
	ROW("was gmime quirk: semicolon separates", "a@b.com; c@d.com", 2,
	    MO(0, "a@b.com", "", NULL, "a", "b.com"),
	    MO(9, "c@d.com", "", NULL, "c", "d.com")),
	ROW("was gmime quirk: space in domain is one mailbox",
	    "Bob <bob@a b.com>", 1,
	    BADO(0, TG_EDOM_CHAR, "bob@a b.com", "Bob", 10)),
	ROW("name without angle brackets kept", "Bob bob@a.com", 1,
	    BAD(TG_EADDR_LOCAL, "Bob bob@a.com", "", 3)),
	/* Offsets of errors inside mailboxes are in the header. */
	ROW("error offset in the second mailbox",
	    "A <a@x.com>, Bob <bob@army..ml>", 2,
	    MO(0, "a@x.com", "A", NULL, "a", "x.com"),
	    BADO(13, TG_EDOM_EMPTY_LABEL, "bob@army..ml", "Bob", 27)),
	ROW("error offset after folding and comments",
	    "a@x.com,\r\n (c) b(x)@y_z.com", 2,
	    MO(0, "a@x.com", "", NULL, "a", "x.com"),
	    BADO(11, TG_EDOM_CHAR, "b@y_z.com", "", 21)),
	ROW("control character in a local part", "a@b.com,\001c@d.com", 2,
	    M("a@b.com", "", NULL, "a", "b.com"),
	    BADO(8, TG_ECONTROL, "\001c@d.com", "", 8)),
	ROW("Latin-1 local part", "x <j\xfc@example.de>", 1,
	    BAD(TG_EUTF8, "j\xfc@example.de", "x", 4)),
	/* CFWS in an addr-spec (RFC 5322 3.4.1) */
	ROW("CFWS around dots and @", "bob . smith @ example . com (work)", 1,
	    M("bob.smith@example.com", "work", NULL, "bob.smith",
	    "example.com")),
	ROW("comments inside an addr-spec", "a(1).(2)b@(3)x.com", 1,
	    M("a.b@x.com", "", NULL, "a.b", "x.com")),
	ROW("CFWS inside angle brackets", "Bob < bob @ x.com >", 1,
	    M("bob@x.com", "Bob", NULL, "bob", "x.com")),
	ROW("folded quoted local part unfolded", "\"john\r\n doe\"@x.com", 1,
	    M("\"john doe\"@x.com", "", NULL, "john doe", "x.com")),
	/* Comments */
	ROW("comments nested three deep", "a@x.com (a (b (c)))", 1,
	    M("a@x.com", "a (b (c))", NULL, "a", "x.com")),
	ROW("comments nested 32 deep", "a@x.com " O32 C32, 1,
	    M("a@x.com", ANY, NULL, "a", "x.com")),
	ROW("comments nested 33 deep", "a@x.com (" O32 C32 ")"
	    ", b@y.org", 2,
	    BADO(0, TG_EADDR_SYNTAX, "a@x.com (" O32 C32 ")", "",
	    40),
	    M("b@y.org", "", NULL, "b", "y.org")),
	/* Names */
	ROW("quoted name with commas and escaped quotes",
	    "\"Doe, \\\"J\\\" Jr\" <j@x.com>, b@y.org", 2,
	    M("j@x.com", "Doe, \"J\" Jr", NULL, "j", "x.com"),
	    M("b@y.org", "", NULL, "b", "y.org")),
	ROW("UTF-8 name and local part",
	    "J" UE "rgen <j" UE "rgen@b" UE "cher.de>", 1,
	    M("j" UE "rgen@b" UE "cher.de", "J" UE "rgen", NULL, "j" UE "rgen",
	    "xn--bcher-kva.de")),
	/* Structural errors: kept, offset in the header, parsing goes on. */
	ROW("structural: unclosed '<' then a mailbox", "Bob <bob@x, c@d.com", 2,
	    BADO(0, TG_EADDR_ANGLE, "Bob <bob@x", "Bob", 4),
	    MO(12, "c@d.com", "", NULL, "c", "d.com")),
	ROW("structural: stray '>'", "a@b.com, >, c@d.com", 3,
	    M("a@b.com", "", NULL, "a", "b.com"),
	    BADO(9, TG_EADDR_ANGLE, ">", "", 9),
	    M("c@d.com", "", NULL, "c", "d.com")),
	ROW("structural: nested '<'", "Bob <<a@b.com>>", 1,
	    BAD(TG_EADDR_ANGLE, "Bob <<a@b.com>>", "Bob", 5)),
	ROW("structural: two angle addresses", "<a@b.com> <c@d.com>", 1,
	    BAD(TG_EADDR_ANGLE, "<a@b.com> <c@d.com>", "", 10)),
	ROW("structural: text after '>'", "Bob <bob@x.com> extra, c@d.com", 2,
	    BAD(TG_EADDR_SYNTAX, "Bob <bob@x.com> extra", "Bob", 16),
	    M("c@d.com", "", NULL, "c", "d.com")),
	ROW("structural: words then mailbox", "a@x.com, just words; c@d.com", 3,
	    M("a@x.com", "", NULL, "a", "x.com"),
	    BADO(9, TG_EADDR_NOAT, "just words", "", 19),
	    M("c@d.com", "", NULL, "c", "d.com")),
	ROW("structural: unbalanced quote", "a@b.com, \"unterminated, c@d.com", 2,
	    M("a@b.com", "", NULL, "a", "b.com"),
	    BADO(9, TG_EADDR_QUOTE, "\"unterminated, c@d.com", "", 9)),
	ROW("structural: unbalanced comment", "a@b.com (open, c@d.com", 1,
	    BAD(TG_EADDR_SYNTAX, "a@b.com (open, c@d.com", "", 8)),
	ROW("structural: route without ':'", "x, <@r.com a@b.com>", 2,
	    BAD(TG_EADDR_NOAT, "x", "", 1),
	    BADO(3, TG_EADDR_ROUTE, "<@r.com a@b.com>", "", 4)),
	ROW("structural: route and no address", "<@r.com:>", 1,
	    BAD(TG_EADDR_ROUTE, "<@r.com:>", "", 7)),
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ------------------------------------------------------------------ */

static void
check_entry(const struct tg_hdr_addr *h, const struct ent *e, size_t i)
{
	size_t bad;

	if (h->status != e->status)
		fail_msg("mailbox %zu: status %s (%s), expected %s", i,
		    tg_errname(h->status), h->error.message,
		    tg_errname(e->status));
	assert_non_null(h->raw);
	assert_string_equal(h->raw, e->raw);
	assert_non_null(h->name);
	if (e->name != ANY)
		assert_string_equal(h->name, e->name);
	if (tg__utf8_check(h->name, strlen(h->name), &bad) != 0)
		fail_msg("mailbox %zu: name not UTF-8 at %zu", i, bad);
	if (e->group == NULL)
		assert_null(h->group);
	else
		assert_string_equal(h->group, e->group);
	assert_int_equal(h->error.code, h->status);
	if (e->at != NOOFF && h->offset != e->at)
		fail_msg("mailbox %zu: offset %zu, expected %zu", i, h->offset,
		    e->at);
	if (e->status == TG_OK) {
		assert_int_equal(h->error.has_offset, 0);
		assert_string_equal(h->error.message, "");
		assert_string_equal(h->addr.local, e->local);
		assert_string_equal(h->addr.domain.alabel, e->domain);
		return;
	}
	assert_int_equal(h->error.has_offset, 1);
	assert_int_equal(h->error.offset, e->erroff);
	if (!ut_says_offset(h->error.message, e->erroff))
		fail_msg("mailbox %zu: message \"%s\" lacks \"at %zu\"", i,
		    h->error.message, e->erroff);
}

static void
test_row(void **state)
{
	const struct lrow *r = *state;
	struct tg_error err;
	tg_addrlist *l = NULL;
	size_t i;
	int rc;

	memset(&err, 0x5a, sizeof(err));
	rc = tg_addrlist_parse(ctx, r->in, r->len, &l, &err);
	if (rc != TG_OK)
		fail_msg("got %s: %s", tg_errname(rc), err.message);
	assert_non_null(l);
	assert_int_equal(err.code, TG_OK);
	assert_int_equal(err.has_offset, 0);
	assert_string_equal(err.message, "");
	if (tg_addrlist_count(l) != r->count)
		fail_msg("%zu mailboxes, expected %zu", tg_addrlist_count(l),
		    r->count);
	for (i = 0; i < r->count; i++)
		check_entry(tg_addrlist_get(l, i), &r->e[i], i);
	assert_null(tg_addrlist_get(l, r->count));
	assert_null(tg_addrlist_get(l, (size_t)-1));
	assert_null(tg_addrlist_free(l));
}

/*
 * GMime 3.2.10 to 3.2.13 decode a run of B encoded words in one charset
 * as one base64 stream, so padding in the first ends it: "J\u00fcrgen M"
 * comes out "J\u00fcrgen" (jstedfast/gmime#133, fixed in 3.2.14).
 */
static void
test_gmime_133(void **state)
{
	static const char in[] =
	    "=?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?B?IE0=?= <j@x.de>";
	unsigned v = gmime_major_version * 10000 + gmime_minor_version * 100 +
	    gmime_micro_version;
	tg_addrlist *l;

	(void)state;
	assert_int_equal(tg_addrlist_parse(ctx, in, sizeof(in) - 1, &l, NULL),
	    TG_OK);
	assert_int_equal(tg_addrlist_count(l), 1);
	if (v >= 30210 && v < 30214)
		assert_string_equal(tg_addrlist_get(l, 0)->name, "J" UE "rgen");
	else
		assert_string_equal(tg_addrlist_get(l, 0)->name,
		    "J" UE "rgen M");
	tg_addrlist_free(l);
}

/* ------------------------------------------------------------------ */
/* Limits                                                               */

/* n addresses "aN@b.cc" joined by ", ". */
static char *
make_list(size_t n, size_t *len)
{
	char *buf = malloc(n * 16 + 1);
	size_t i, o = 0;

	assert_non_null(buf);
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(buf + o, "%sa%zu@b.cc", i ? ", " : "", i);
	*len = o;
	return buf;
}

static void
test_nul(void **state)
{
	static const char in[] = "a@x.com\0, b@y.org";
	struct tg_error err;
	tg_addrlist *l = (tg_addrlist *)&err;

	(void)state;
	assert_int_equal(tg_addrlist_parse(ctx, in, sizeof(in) - 1, &l, &err),
	    TG_ENUL);
	assert_null(l);
	assert_int_equal(err.code, TG_ENUL);
	assert_int_equal(err.has_offset, 1);
	assert_int_equal(err.offset, 7);
	assert_string_equal(err.message, "NUL byte at 7");
	/* A NUL at 0 and as the only byte. */
	assert_int_equal(tg_addrlist_parse(ctx, "\0", 1, &l, &err), TG_ENUL);
	assert_int_equal(err.offset, 0);
}

static void
test_too_long(void **state)
{
	struct tg_error err;
	tg_addrlist *l;
	char *buf;
	const size_t big = 10u * 1024 * 1024;

	(void)state;
	buf = malloc(big);
	assert_non_null(buf);
	/* Exactly the limit: parsed. */
	memset(buf, ' ', big);
	memcpy(buf, "a@b.com", 7);
	assert_int_equal(tg_addrlist_parse(ctx, buf, TG_ADDRLIST_INPUT_MAX, &l,
	    &err), TG_OK);
	assert_int_equal(tg_addrlist_count(l), 1);
	tg_addrlist_free(l);

	l = (tg_addrlist *)&err;
	assert_int_equal(tg_addrlist_parse(ctx, buf,
	    TG_ADDRLIST_INPUT_MAX + 1, &l, &err), TG_ETOOLONG);
	assert_null(l);
	assert_int_equal(err.has_offset, 1);
	assert_int_equal(err.offset, TG_ADDRLIST_INPUT_MAX);
	assert_non_null(strstr(err.message, "262145 bytes, limit 262144"));

	/* 10 MB, with a NUL in it: the length is judged first. */
	buf[big / 2] = '\0';
	assert_int_equal(tg_addrlist_parse(ctx, buf, big, &l, &err),
	    TG_ETOOLONG);
	assert_non_null(strstr(err.message, "10485760 bytes"));
	free(buf);
}

static void
test_too_many(void **state)
{
	struct tg_error err;
	tg_addrlist *l;
	size_t len;
	char *buf;

	(void)state;
	buf = make_list(TG_ADDRLIST_MAX, &len);
	assert_int_equal(tg_addrlist_parse(ctx, buf, len, &l, &err), TG_OK);
	assert_int_equal(tg_addrlist_count(l), TG_ADDRLIST_MAX);
	assert_string_equal(tg_addrlist_get(l, 1999)->raw, "a1999@b.cc");
	assert_int_equal(tg_addrlist_get(l, 1999)->status, TG_OK);
	tg_addrlist_free(l);
	free(buf);

	buf = make_list(TG_ADDRLIST_MAX + 1, &len);
	l = (tg_addrlist *)&err;
	assert_int_equal(tg_addrlist_parse(ctx, buf, len, &l, &err),
	    TG_EADDR_TOOMANY);
	assert_null(l);
	assert_int_equal(err.code, TG_EADDR_TOOMANY);
	assert_int_equal(err.has_offset, 0);
	assert_non_null(strstr(err.message, "2000"));
	free(buf);

	/* Inside a group too. */
	buf = make_list(TG_ADDRLIST_MAX + 1, &len);
	buf = realloc(buf, len + 8);
	assert_non_null(buf);
	memmove(buf + 3, buf, len);
	memcpy(buf, "G: ", 3);
	memcpy(buf + len + 3, ";", 2);
	assert_int_equal(tg_addrlist_parse(ctx, buf, len + 4, &l, NULL),
	    TG_EADDR_TOOMANY);
	assert_null(l);
	free(buf);
}

/* 256 KiB: one long name, and one entry of too many tokens. */
static void
test_big_entries(void **state)
{
	const struct tg_hdr_addr *h;
	tg_addrlist *l;
	char *buf;
	size_t n = TG_ADDRLIST_INPUT_MAX, i;

	(void)state;
	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, 'x', n);
	memcpy(buf, "\"", 1);
	memcpy(buf + n - 9, "\" <a@b.c>", 9);
	assert_int_equal(tg_addrlist_parse(ctx, buf, n, &l, NULL), TG_OK);
	assert_int_equal(tg_addrlist_count(l), 1);
	h = tg_addrlist_get(l, 0);
	assert_int_equal(h->status, TG_OK);
	assert_int_equal(strlen(h->name), n - 10);
	tg_addrlist_free(l);

	/* "w w w ... <a@b.c>, c@d.com": kept as too long, then c@d.com. */
	for (i = 0; i + 1 < n - 20; i += 2)
		memcpy(buf + i, "w ", 2);
	memcpy(buf + n - 20, "<a@b.c>, c@d.com    ", 20);
	assert_int_equal(tg_addrlist_parse(ctx, buf, n, &l, NULL), TG_OK);
	assert_int_equal(tg_addrlist_count(l), 2);
	h = tg_addrlist_get(l, 0);
	assert_int_equal(h->status, TG_ETOOLONG);
	assert_int_equal(h->error.offset, 2048);
	assert_non_null(strstr(h->error.message, "at 2048"));
	assert_int_equal(strlen(h->raw), n - 13);
	assert_string_equal(tg_addrlist_get(l, 1)->raw, "c@d.com");
	tg_addrlist_free(l);
	free(buf);
}

/* The list owns its strings: they outlive the input. */
static void
test_owns_strings(void **state)
{
	const struct tg_hdr_addr *h;
	tg_addrlist *l;
	char *in = strdup("Team: Bob <bob@x.com>;");

	(void)state;
	assert_non_null(in);
	assert_int_equal(tg_addrlist_parse(ctx, in, strlen(in), &l, NULL),
	    TG_OK);
	memset(in, 'x', strlen(in));
	free(in);
	h = tg_addrlist_get(l, 0);
	assert_non_null(h);
	assert_string_equal(h->raw, "bob@x.com");
	assert_string_equal(h->name, "Bob");
	assert_string_equal(h->group, "Team");
	tg_addrlist_free(l);
	/* Input need not be NUL-terminated. */
	assert_int_equal(tg_addrlist_parse(ctx, "a@x.comXYZ", 7, &l, NULL),
	    TG_OK);
	assert_string_equal(tg_addrlist_get(l, 0)->raw, "a@x.com");
	tg_addrlist_free(l);
}

/* ------------------------------------------------------------------ */
/* Allocation failures                                                  */

static void
test_alloc_failures(void **state)
{
	static const char in[] = "Team: a0@x.com, \"B\" <b1@x.com>, c2@x.com, "
	    "d3@x.com, e4@x.com, f5@x.com;, g6@x.com, h7@x.com, i8@b_c.com, "
	    "=?UTF-8?B?SsO8cmdlbg==?= <j9@x.de>, k10@x.com, l11@x.com, "
	    "m12@x.com, n13@x.com, o14@x.com, p15@x.com, q16@x.com, "
	    "G2: r17@x.com;";
	struct tg_error err;
	tg_addrlist *l;
	unsigned long n;
	int rc;

	(void)state;
	for (n = 1; n < 1000; n++) {
		l = (tg_addrlist *)&err;
		tg__alloc_fail_after(n);
		rc = tg_addrlist_parse(ctx, in, sizeof(in) - 1, &l, &err);
		tg__alloc_fail_after(0);
		if (rc == TG_OK)
			break;
		assert_int_equal(rc, TG_ENOMEM);
		assert_int_equal(err.code, TG_ENOMEM);
		assert_string_equal(err.message, "out of memory");
		assert_null(l);
	}
	assert_int_equal(rc, TG_OK);
	assert_int_equal(tg_addrlist_count(l), 18);
	assert_string_equal(tg_addrlist_get(l, 17)->group, "G2");
	assert_int_equal(tg_addrlist_get(l, 8)->status, TG_EDOM_CHAR);
	tg_addrlist_free(l);
	/* list + token table, 3 growths of the list (8, 16, 32), raw and
	 * name for 18, 2 group names and a copy for each of 7 members, 4
	 * growths of the scratch bytes and their offsets: 2 + 3 + 36 + 2 +
	 * 7 + 8 allocations, the next call succeeds. */
	assert_int_equal(n, 2 + 3 + 36 + 2 + 7 + 8 + 1);
}

/* ------------------------------------------------------------------ */
/* Threads: GMime is set up once, by whichever thread comes first.      */

static void *
mt_worker(void *arg)
{
	static const char in[] = "=?UTF-8?B?SsO8cmdlbg==?= <j@b" UE "cher.de>, "
	    "Team: a@x.com, b@y_z.com;";
	tg_addrlist *l;
	size_t k;

	(void)arg;
	for (k = 0; k < 200; k++) {
		if (tg_addrlist_parse(ctx, in, sizeof(in) - 1, &l, NULL) !=
		    TG_OK)
			return (void *)1;
		if (tg_addrlist_count(l) != 3 ||
		    strcmp(tg_addrlist_get(l, 0)->name, "J" UE "rgen") != 0 ||
		    strcmp(tg_addrlist_get(l, 0)->addr.domain.alabel,
		    "xn--bcher-kva.de") != 0 ||
		    tg_addrlist_get(l, 2)->status != TG_EDOM_CHAR) {
			tg_addrlist_free(l);
			return (void *)2;
		}
		tg_addrlist_free(l);
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
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, mt_worker, NULL),
		    0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], &res), 0);
		assert_null(res);
	}
}

/* ------------------------------------------------------------------ */

int
main(void)
{
	/* The thread test runs first, so that GMime's one-time setup
	 * happens under contention. */
	static const struct CMUnitTest first[] = {
		cmocka_unit_test(test_threads),
	};
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_gmime_133),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_big_entries),
		cmocka_unit_test(test_owns_strings),
		cmocka_unit_test(test_alloc_failures),
	};
	struct CMUnitTest all[sizeof(first) / sizeof(first[0]) +
	    sizeof(fixed) / sizeof(fixed[0])];
	size_t i, n = 0;

	for (i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		all[n++] = first[i];
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		all[n++] = fixed[i];
	return ut_run("addrlist", test_row, rows, NROWS, sizeof(rows[0]), all,
	    n, sizeof(first) / sizeof(first[0]));
}
