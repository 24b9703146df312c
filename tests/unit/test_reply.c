/*
 * test_reply.c - the reply text for a typo recipient
 * (src/milter/reply.c): what it says, ASCII only, '%' escaped for
 * smfi_setreply(), several candidates, and every line within RFC 5321's
 * 512 octets and libmilter's 980 bytes however long the address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "reply.h"
#include "unit.h"

static tg_index *ix;

static tg_index *
the_index(void)
{
	static const char *const prot[] = {
		"army.mil", "army.nl", "army.mk", "army.al", "gmail.com",
	};
	struct tg_error err;
	size_t i;

	if (ix != NULL)
		return ix;
	assert_int_equal(tg_index_new(&ix, ctx, NULL, &err), TG_OK);
	for (i = 0; i < sizeof(prot) / sizeof(*prot); i++)
		assert_int_equal(tg_index_add(ix, TG_LIST_PROTECTED, prot[i],
		    strlen(prot[i]), &err), TG_OK);
	assert_int_equal(tg_index_seal(ix, &err), TG_OK);
	return ix;
}

static void
check(const char *rcpt, struct tg_check *c)
{
	assert_int_equal(tg_check(the_index(), rcpt, strlen(rcpt), NULL, 0, c),
	    TG_OK);
	assert_int_equal(c->verdict, TG_VERDICT_TYPO);
}

/* Every line: printable ASCII, within both limits. */
static void
assert_lines_ok(const struct reply *rp)
{
	char esc[REPLY_ESCAPED_MAX + 1];
	size_t i, j;

	assert_true(rp->nlines >= 1 && rp->nlines <= REPLY_LINES_MAX);
	for (i = 0; i < rp->nlines; i++) {
		const char *l = rp->line[i];
		size_t n = strlen(l);

		assert_true(n > 0);
		/* "550-5.1.2 " + text + CRLF */
		assert_true(10 + n + 2 <= REPLY_LINE_OCTETS);
		for (j = 0; j < n; j++)
			assert_true(l[j] >= 0x20 && l[j] < 0x7f);
		assert_int_equal(reply_escape(l, esc, sizeof(esc)), 0);
		assert_true(strlen(esc) <= REPLY_ESCAPED_MAX);
	}
}

static void
joined(const struct reply *rp, char *buf, size_t size)
{
	reply_join(rp, buf, size);
}

static void
test_basic(void **state)
{
	struct tg_check c;
	struct reply rp;
	char all[8192];

	(void)state;
	check("<bob@army.ml>", &c);
	assert_int_equal(reply_build(&rp, &c, "<bob@army.ml>", 13, 0, 0.6,
	    "your postmaster"), 0);
	assert_lines_ok(&rp);
	assert_int_equal(rp.nlines, 1);
	assert_string_equal(rp.line[0],
	    "<bob@army.ml>: army.ml looks like a typo of army.mil (tld-typo); "
	    "did you mean bob@army.mil, bob@army.mk or bob@army.nl? If "
	    "army.ml is a genuine correspondent, ask your postmaster to "
	    "allowlist it");
	joined(&rp, all, sizeof(all));
	assert_true(strncmp(all, "550 5.1.2 <bob@army.ml>: ", 25) == 0);
}

static void
test_one_candidate(void **state)
{
	struct tg_check c;
	struct reply rp;

	(void)state;
	check("alice@gmial.com", &c);
	assert_int_equal(reply_build(&rp, &c, "alice@gmial.com", 15, 0, 0.1,
	    "the help desk (x1234)"), 0);
	assert_lines_ok(&rp);
	assert_non_null(strstr(rp.line[0], "did you mean alice@gmail.com? "));
	assert_non_null(strstr(rp.line[0], "(transposition)"));
	assert_non_null(strstr(rp.line[0], "ask the help desk (x1234) to"));
}

static void
test_two_candidates(void **state)
{
	struct tg_check c;
	struct reply rp;

	(void)state;
	check("bob@army.ml", &c);
	/* At 0.8 only army.mil (0.86) counts: one name. */
	assert_int_equal(reply_build(&rp, &c, "bob@army.ml", 11, 0, 0.8,
	    "x"), 0);
	assert_non_null(strstr(rp.line[0], "did you mean bob@army.mil? "));
	/* At 0.7: army.mil, then army.mk and army.nl (0.79): the first
	 * three, "X, Y or Z". */
	assert_int_equal(reply_build(&rp, &c, "bob@army.ml", 11, 0, 0.7,
	    "x"), 0);
	assert_non_null(strstr(rp.line[0], "did you mean bob@army.mil, "
	    "bob@army.mk or bob@army.nl? "));
}

/* The candidate that decided comes first, the others after it. */
static void
test_deciding_first(void **state)
{
	struct tg_check c;
	struct reply rp;
	size_t i, nl = 99;

	(void)state;
	check("bob@army.ml", &c);
	for (i = 0; i < c.ncandidates; i++)
		if (strcmp(c.candidates[i].domain, "army.nl") == 0)
			nl = i;
	assert_true(nl < c.ncandidates);
	assert_int_equal(reply_build(&rp, &c, "bob@army.ml", 11, nl, 0.7,
	    "x"), 0);
	assert_non_null(strstr(rp.line[0], "a typo of army.nl (tld-typo); "
	    "did you mean bob@army.nl, bob@army.mil or bob@army.mk?"));
}

/* '%' stays one in the text, and is doubled for libmilter. */
static void
test_percent(void **state)
{
	struct tg_check c;
	struct reply rp;
	char esc[REPLY_ESCAPED_MAX + 1];

	(void)state;
	check("a%b@army.ml", &c);
	assert_int_equal(reply_build(&rp, &c, "a%b@army.ml", 11, 0, 0.8,
	    "100% sure"), 0);
	assert_non_null(strstr(rp.line[0], "<a%b@army.ml>"));
	assert_non_null(strstr(rp.line[0], "did you mean a%b@army.mil?"));
	assert_int_equal(reply_escape(rp.line[0], esc, sizeof(esc)), 0);
	assert_non_null(strstr(esc, "<a%%b@army.ml>"));
	assert_non_null(strstr(esc, "a%%b@army.mil?"));
	assert_non_null(strstr(esc, "100%% sure"));
	/* Too small an output: refused, and left empty. */
	assert_int_equal(reply_escape("50%", esc, 4), -1);
	assert_string_equal(esc, "");
	assert_int_equal(reply_escape("50%", esc, 5), 0);
	assert_string_equal(esc, "50%%");
}

/* A UTF-8 local part is not repeated: the reply stays ASCII. */
static void
test_non_ascii(void **state)
{
	static const char rcpt[] = "j\xc3\xbcrgen@army.ml";
	struct tg_check c;
	struct reply rp;

	(void)state;
	check(rcpt, &c);
	assert_int_equal(reply_build(&rp, &c, rcpt, strlen(rcpt), 0, 0.8,
	    "x"), 0);
	assert_lines_ok(&rp);
	assert_non_null(strstr(rp.line[0], "<j??rgen@army.ml>"));
	assert_non_null(strstr(rp.line[0], "did you mean the same name at "
	    "army.mil?"));
	/* An IDN typo domain is shown in A-labels. */
	check("bob@gm\xc3\xa1il.com", &c);
	assert_true(strncmp(c.domain.alabel, "xn--", 4) == 0);
	assert_int_equal(reply_build(&rp, &c, "bob@gm\xc3\xa1il.com", 14, 0,
	    0.1, "x"), 0);
	assert_lines_ok(&rp);
	assert_non_null(strstr(rp.line[0], c.domain.alabel));
	assert_non_null(strstr(rp.line[0], "<bob@gm??il.com>"));
	assert_non_null(strstr(rp.line[0], "did you mean bob@gmail.com?"));
}

/* Long addresses: several lines, each within the limits, cut with
 * "...". */
static void
test_long(void **state)
{
	char local[300], rcpt[400], all[8192];
	struct tg_check c;
	struct reply rp;

	(void)state;
	memset(local, 'x', 200);
	local[200] = '\0';
	snprintf(rcpt, sizeof(rcpt), "%s@army.ml", local);
	check(rcpt, &c);
	assert_int_equal(reply_build(&rp, &c, rcpt, strlen(rcpt), 0, 0.7,
	    "your postmaster"), 0);
	assert_lines_ok(&rp);
	assert_true(rp.nlines > 1);
	joined(&rp, all, sizeof(all));
	assert_non_null(strstr(all, "x@army.mk or "));
	assert_non_null(strstr(all, "allowlist it"));
	/* Quoted local part of 250 '%' signs: the escaped form would
	 * double it; still within libmilter's limit, text cut. */
	memset(local, '%', 250);
	local[250] = '\0';
	snprintf(rcpt, sizeof(rcpt), "\"%s\"@army.ml", local);
	check(rcpt, &c);
	assert_int_equal(reply_build(&rp, &c, rcpt, strlen(rcpt), 0, 0.7,
	    "your postmaster"), 0);
	assert_lines_ok(&rp);
	joined(&rp, all, sizeof(all));
	assert_non_null(strstr(all, "..."));
	assert_non_null(strstr(all, "allowlist it"));
}

/* A contact or address with control bytes shows '?', never the byte. */
static void
test_control(void **state)
{
	struct tg_check c;
	struct reply rp;

	(void)state;
	check("bob@army.ml", &c);
	assert_int_equal(reply_build(&rp, &c, "bob\r\n@army.ml", 13, 0, 0.8,
	    "a\tb\r\nc"), 0);
	assert_lines_ok(&rp);
	assert_non_null(strstr(rp.line[0], "<bob??@army.ml>"));
	assert_non_null(strstr(rp.line[0], "ask a?b??c to"));
	/* No candidate: refused. */
	c.ncandidates = 0;
	assert_int_equal(reply_build(&rp, &c, "x", 1, 0, 0.1, "x"), -1);
}

static void
test_ascii_cut(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(reply_ascii("abcdef", 6, 10, out, sizeof(out)), 6);
	assert_string_equal(out, "abcdef");
	assert_int_equal(reply_ascii("abcdefghijkl", 12, 10, out,
	    sizeof(out)), 10);
	assert_string_equal(out, "abcdefg...");
	assert_int_equal(reply_ascii("a\x80z", 3, 10, out, sizeof(out)), 3);
	assert_string_equal(out, "a?z");
	/* max clamped to the buffer */
	assert_int_equal(reply_ascii("abcdefghijklmnopqrstuvwxyz", 26, 100,
	    out, 8), 7);
	assert_string_equal(out, "abcd...");
}

/* A whole-message reject names every typo recipient, then says that
 * nobody got the message. */
static void
test_message(void **state)
{
	struct tg_check c;
	struct reply rp;
	char p1[2048], p2[2048], all[8192], want[256];
	const char *parts[200];
	size_t i;

	(void)state;
	check("<bob@army.ml>", &c);
	assert_int_equal(reply_part(p1, sizeof(p1), &c, "<bob@army.ml>", 13,
	    0, 0.6), 0);
	assert_string_equal(p1, "<bob@army.ml>: army.ml looks like a typo of "
	    "army.mil (tld-typo); did you mean bob@army.mil, bob@army.mk or "
	    "bob@army.nl?");
	/* Too small a buffer. */
	assert_int_equal(reply_part(p2, 20, &c, "<bob@army.ml>", 13, 0, 0.6),
	    -1);
	assert_int_equal(reply_build_message(&rp, parts, 0, NULL, "x", 1), -1);

	parts[0] = p1;
	/* Without the sentence: reply_build()'s text. */
	assert_int_equal(reply_build_message(&rp, parts, 1, "army.ml",
	    "your postmaster", 0), 0);
	joined(&rp, all, sizeof(all));
	assert_string_equal(all, "550 5.1.2 <bob@army.ml>: army.ml looks like "
	    "a typo of army.mil (tld-typo); did you mean bob@army.mil, "
	    "bob@army.mk or bob@army.nl? If army.ml is a genuine "
	    "correspondent, ask your postmaster to allowlist it");
	assert_int_equal(reply_build_message(&rp, parts, 1, "army.ml",
	    "your postmaster", 1), 0);
	assert_lines_ok(&rp);
	joined(&rp, all, sizeof(all));
	assert_string_equal(all, "550 5.1.2 <bob@army.ml>: army.ml looks like "
	    "a typo of army.mil (tld-typo); did you mean bob@army.mil, "
	    "bob@army.mk or bob@army.nl? The message was not sent to any "
	    "recipient. If army.ml is a genuine correspondent, ask your "
	    "postmaster to allowlist it");

	check("carol@gmial.com", &c);
	assert_int_equal(reply_part(p2, sizeof(p2), &c, "carol@gmial.com", 15,
	    0, 0.6), 0);
	parts[1] = p2;
	assert_int_equal(reply_build_message(&rp, parts, 2, "gmial.com",
	    "your postmaster", 1), 0);
	assert_lines_ok(&rp);
	joined(&rp, all, sizeof(all));
	assert_non_null(strstr(all, "did you mean bob@army.mil"));
	assert_non_null(strstr(all, "<carol@gmial.com>: gmial.com looks like "
	    "a typo of gmail.com"));
	assert_non_null(strstr(all, "did you mean carol@gmail.com?"));
	assert_non_null(strstr(all, "If one of these domains is a genuine "
	    "correspondent"));

	/* Many: those that fit, a count of the others, the last sentences
	 * always there; every line within the limits. */
	for (i = 0; i < 200; i++)
		parts[i] = i % 2 ? p2 : p1;
	assert_int_equal(reply_build_message(&rp, parts, 200, NULL,
	    "your postmaster", 1), 0);
	assert_lines_ok(&rp);
	joined(&rp, all, sizeof(all));
	snprintf(want, sizeof(want), "more typo recipients) The message was "
	    "not sent to any recipient. If one of these domains");
	assert_non_null(strstr(all, want));
	assert_non_null(strstr(all, "to allowlist it"));
	assert_null(strstr(all, " ..."));
}

static void
test_release(void **state)
{
	(void)state;
	ix = tg_index_free(ix);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_one_candidate),
		cmocka_unit_test(test_two_candidates),
		cmocka_unit_test(test_deciding_first),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_non_ascii),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_ascii_cut),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_release),
	};

	return ut_run("reply", NULL, NULL, 0, 0, fixed,
	    sizeof(fixed) / sizeof(*fixed), 0);
}
