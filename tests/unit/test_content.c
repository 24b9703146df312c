/*
 * test_content.c - the message buffer of typoguard-milter
 * (src/milter/content.c): the header rebuilt from the MTA's fields with
 * and without their leading blank, folded values, the body after one
 * empty line, and the byte limit (kept up to it, counted beyond, marked
 * truncated).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content.h"
#include "unit.h"

static void
assert_buf(const struct msgbuf *b, const char *want)
{
	size_t n = strlen(want);

	if (b->n != n || memcmp(b->p, want, n) != 0)
		fail_msg("buffer is \"%.*s\", want \"%s\"", (int)b->n,
		    b->p != NULL ? b->p : "", want);
}

static void
test_rebuild(void **state)
{
	struct msgbuf b;

	(void)state;
	/* SMFIP_HDR_LEADSPC: the value as written after the colon. */
	msgbuf_init(&b, 1024 * 1024);
	assert_int_equal(msgbuf_header(&b, "Subject", " hello", 1), 0);
	assert_int_equal(msgbuf_header(&b, "X-Tight", "x", 1), 0);
	assert_int_equal(msgbuf_header(&b, "X-Folded", " a\n\tb\r\n c", 1), 0);
	assert_int_equal(msgbuf_header(&b, "X-Empty", "", 1), 0);
	assert_int_equal(msgbuf_body(&b, (const unsigned char *)"line\r\n",
	    6), 0);
	assert_int_equal(msgbuf_body(&b, (const unsigned char *)"two\r\n", 5),
	    0);
	assert_buf(&b, "Subject: hello\r\nX-Tight:x\r\nX-Folded: a\r\n\tb\r\n"
	    " c\r\nX-Empty:\r\n\r\nline\r\ntwo\r\n");
	assert_false(b.truncated);
	assert_int_equal(b.seen, b.n);
	msgbuf_free(&b);
	assert_null(b.p);

	/* Without it the MTA took one blank off: put back. */
	msgbuf_init(&b, 1024 * 1024);
	assert_int_equal(msgbuf_header(&b, "Subject", "hello", 0), 0);
	assert_int_equal(msgbuf_header(&b, "To", NULL, 0), 0);
	/* No body at all: the end of the header once. */
	assert_int_equal(msgbuf_eoh(&b), 0);
	assert_int_equal(msgbuf_eoh(&b), 0);
	assert_buf(&b, "Subject: hello\r\nTo: \r\n\r\n");
	msgbuf_free(&b);
}

static void
test_limit(void **state)
{
	static unsigned char chunk[65535];
	struct msgbuf b;
	size_t i, max = 200 * 1024;

	(void)state;
	memset(chunk, 'x', sizeof(chunk));
	msgbuf_init(&b, max);
	assert_int_equal(msgbuf_header(&b, "Subject", " big", 1), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(msgbuf_body(&b, chunk, sizeof(chunk)), 0);
	assert_false(b.truncated);
	assert_true(b.cap <= max);
	/* This one crosses the limit: kept up to it exactly. */
	assert_int_equal(msgbuf_body(&b, chunk, sizeof(chunk)), 0);
	assert_true(b.truncated);
	assert_int_equal(b.n, max);
	assert_int_equal(b.cap, max);
	/* Later ones are counted, not kept. */
	assert_int_equal(msgbuf_body(&b, chunk, sizeof(chunk)), 0);
	assert_int_equal(b.n, max);
	assert_int_equal(b.seen, 14 + 2 + 5 * sizeof(chunk));
	msgbuf_free(&b);

	/* A message of exactly the limit is whole. */
	msgbuf_init(&b, 64 * 1024);
	assert_int_equal(msgbuf_header(&b, "A", "b", 1), 0);   /* 5 bytes */
	assert_int_equal(msgbuf_body(&b, chunk, 64 * 1024 - 7), 0);
	assert_int_equal(b.n, 64 * 1024);
	assert_false(b.truncated);
	assert_int_equal(msgbuf_body(&b, chunk, 1), 0);
	assert_true(b.truncated);
	msgbuf_free(&b);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_limit),
	};

	return ut_run("content", NULL, NULL, 0, 0, fixed,
	    sizeof(fixed) / sizeof(*fixed), 0);
}
