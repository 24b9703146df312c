/*
 * test_pdf.c - PDF text through the isolated helper (pdf.c,
 * src/libexec/pdftext.c).
 *
 * Rows run the real typoguard-pdftext on the files of tests/data/pdf/
 * (written by makepdf.py).  Fixed tests point TYPOGUARD_LIBEXECDIR at a
 * stand-in helper (pdfstub/stub.c) that hangs, floods, crashes or
 * reports what it inherited, and at a directory with no helper.  After
 * every call no child may be left: waitpid() must find none.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#include "alloc_int.h"
#include "extract_int.h"
#include "html_int.h"
#include "text_int.h"

#define PDF_DIR TG_TEST_DATADIR "/../tests/data/pdf/"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static unsigned char *
slurp(const char *name, size_t *len)
{
	return (unsigned char *)ut_slurp(PDF_DIR, name, len);
}

static void
use_helper(const char *dir)
{
	assert_int_equal(setenv("TYPOGUARD_LIBEXECDIR", dir, 1), 0);
}

/* No child of ours is left, running or unreaped. */
static void
no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static int
contains(const struct tg__textbuf *b, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; b->p != NULL && k <= b->len && i <= b->len - k; i++)
		if (memcmp(b->p + i, s, k) == 0)
			return 1;
	return 0;
}

static void
valid_utf8(const struct tg__textbuf *b)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < b->len) {
		k = tg__utf8_decode((const unsigned char *)b->p + i,
		    b->len - i, &cp);
		assert_true(k > 0);
		assert_true(cp >= 0x20 || cp == '\t' || cp == '\n' ||
		    cp == '\f');
		i += k;
	}
}

/* Runs tg__pdf_text on data with lim (NULL: defaults) into a buffer of
 * max bytes; returns its value, the flags in *fl. */
static int
run(const void *data, size_t len, const struct tg__extract_limits *lim,
    size_t max, struct tg__textbuf *out, unsigned *fl)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->max = max;
	*fl = 0;
	rc = tg__pdf_text(data, len, lim, out, fl);
	no_children();
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows: the real helper on real files                                  */

struct row {
	const char *name;
	const char *file;
	unsigned flags;		/* exactly these */
	const char *has[3];	/* text that must be there */
	const char *hasnt;	/* text that must not */
};

static const struct row rows[] = {
	{ "plain", "plain.pdf", 0,
	    { "Quarterly report for the harbour office", "alpha-7431" },
	    NULL },
	{ "flate", "flate.pdf", 0,
	    { "Compressed stream marker: bravo-5520", "Second line" }, NULL },
	{ "two pages", "two-pages.pdf", 0,
	    { "charlie-1187", "\f\n", "delta-9043" }, NULL },
	{ "encrypted", "encrypted.pdf", TG_EXTRACT_UNSUPPORTED, { NULL },
	    "echo-3310" },
	{ "broken", "broken.pdf", TG_EXTRACT_MALFORMED, { NULL }, NULL },
	{ "not a pdf", "not-pdf.pdf", TG_EXTRACT_MALFORMED, { NULL }, NULL },
};

static void
test_row(void **state)
{
	const struct row *r = *state;
	struct tg__textbuf out;
	unsigned char *data;
	size_t len, i;
	unsigned fl;

	use_helper(TG_TEST_PDFTEXT_DIR);
	data = slurp(r->file, &len);
	assert_int_equal(run(data, len, NULL, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, r->flags);
	for (i = 0; i < 3 && r->has[i] != NULL; i++)
		assert_true(contains(&out, r->has[i]));
	if (r->hasnt != NULL)
		assert_false(contains(&out, r->hasnt));
	if (r->flags != 0)
		assert_int_equal(out.len, 0);
	valid_utf8(&out);
	tg__textbuf_free(&out);
	free(data);
}

/* ------------------------------------------------------------------ */
/* Fixed tests                                                          */

/* max_out, and the room left in the caller's buffer, bound the text. */
static void
test_output_limit(void **state)
{
	struct tg__extract_limits lim = { .max_out = 12 };
	struct tg__textbuf out;
	unsigned char *data;
	size_t len;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_PDFTEXT_DIR);
	data = slurp("plain.pdf", &len);
	assert_int_equal(run(data, len, &lim, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, TG_EXTRACT_CUT);
	assert_int_equal(out.len, 12);
	assert_memory_equal(out.p, "Quarterly re", 12);
	tg__textbuf_free(&out);

	/* the buffer's own ceiling, smaller than max_out */
	assert_int_equal(run(data, len, NULL, 9, &out, &fl), 1);
	assert_true(fl & TG_EXTRACT_CUT);
	assert_true(out.len <= 9);
	assert_memory_equal(out.p, "Quarterly", out.len);
	tg__textbuf_free(&out);
	free(data);
}

/* No helper where it is looked for: 0, "not read", nothing else. */
static void
test_missing_helper(void **state)
{
	struct tg__textbuf out;
	unsigned char *data;
	size_t len;
	unsigned fl;

	(void)state;
	use_helper("/nonexistent/typoguard-test");
	data = slurp("plain.pdf", &len);
	assert_int_equal(run(data, len, NULL, 1 << 20, &out, &fl), 0);
	assert_int_equal(fl, 0);
	assert_int_equal(out.len, 0);
	tg__textbuf_free(&out);
	free(data);
}

/* A helper that never ends is killed at max_ms, and reaped. */
static void
test_deadline(void **state)
{
	struct tg__extract_limits lim = { .max_ms = 300 };
	static const char *inputs[] = { "%PDF-hang", "%PDF-closehang" };
	struct tg__textbuf out;
	unsigned long long t0, dt;
	unsigned fl;
	size_t i;

	(void)state;
	use_helper(TG_TEST_STUB_DIR);
	for (i = 0; i < 2; i++) {
		t0 = tg__extract_now_ms();
		assert_int_equal(run(inputs[i], strlen(inputs[i]), &lim,
		    1 << 20, &out, &fl), 1);
		dt = tg__extract_now_ms() - t0;
		assert_int_equal(fl, TG_EXTRACT_LATE);
		assert_true(dt >= 300);
		assert_true(dt < 300 + 3000);
		tg__textbuf_free(&out);
	}
}

/* A helper stopped by its CPU limit (SIGXCPU) ran out of time too. */
static void
test_cpu_limit(void **state)
{
	struct tg__extract_limits lim = { .max_ms = 20000 };
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run("%PDF-spin", 9, &lim, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, TG_EXTRACT_LATE);
	tg__textbuf_free(&out);
}

/* A helper that writes more than it may is stopped at the cap. */
static void
test_flood(void **state)
{
	struct tg__extract_limits lim = { .max_out = 100000 };
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run("%PDF-flood", 10, &lim, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, TG_EXTRACT_CUT);
	assert_int_equal(out.len, 100000);
	tg__textbuf_free(&out);
}

/* A helper that exits without reading: no SIGPIPE (it would end this
 * test program), the rest of the input is dropped. */
static void
test_unread_input(void **state)
{
	size_t len = 8u << 20;
	char *big = malloc(len);
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	memcpy(big, "%PDF-noread", 11);
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run(big, len, NULL, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, 0);
	assert_int_equal(out.len, 0);
	tg__textbuf_free(&out);
	free(big);
}

/* Input and output flow at once: 4 MiB echoed back, no deadlock. */
static void
test_echo(void **state)
{
	struct tg__extract_limits lim = { .max_out = 8u << 20 };
	size_t len = 4u << 20, i;
	char *big = malloc(len);
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < len; i++)
		big[i] = (char)('a' + i % 26);
	memcpy(big, "%PDF-echo", 9);
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run(big, len, &lim, 8u << 20, &out, &fl), 1);
	assert_int_equal(fl, 0);
	assert_int_equal(out.len, len);
	assert_memory_equal(out.p, big, len);
	tg__textbuf_free(&out);
	free(big);
}

/* A helper killed by a signal: FAILED, no crash here. */
static void
test_crash(void **state)
{
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run("%PDF-crash", 10, NULL, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, TG_EXTRACT_FAILED);
	tg__textbuf_free(&out);
}

/* What the helper writes is cleaned: valid UTF-8, controls spaces. */
static void
test_garbage(void **state)
{
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run("%PDF-garbage", 12, NULL, 1 << 20, &out, &fl),
	    1);
	assert_int_equal(fl, 0);
	valid_utf8(&out);
	assert_true(contains(&out, "ok\xef\xbf\xbd\xef\xbf\xbd end  \nnext"
	    "\xc3\xa9 \xef\xbf\xbd"));
	tg__textbuf_free(&out);
}

/* The helper starts with an empty environment and no descriptor of ours
 * but its three pipes, even one left without close-on-exec. */
static void
test_inheritance(void **state)
{
	struct tg__textbuf out;
	unsigned fl;
	int fd;

	(void)state;
	fd = open("/dev/null", O_RDONLY);	/* no O_CLOEXEC */
	assert_true(fd > 2);
	use_helper(TG_TEST_STUB_DIR);
	assert_int_equal(run("%PDF-env", 8, NULL, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, 0);
	assert_int_equal(out.len, strlen("env=0 fds="));
	assert_memory_equal(out.p, "env=0 fds=", out.len);
	tg__textbuf_free(&out);
	close(fd);
}

/* The real helper under a tiny address space: it fails cleanly (exit
 * status "no memory"), nothing is read, nothing crashes here. */
static void
test_tiny_memory(void **state)
{
	struct tg__extract_limits lim = { .max_mem = 1u << 20 };
	size_t len = 4u << 20;
	char *big = malloc(len);
	struct tg__textbuf out;
	unsigned fl;

	(void)state;
	assert_non_null(big);
	memset(big, '%', len);
	memcpy(big, "%PDF-1.4\n", 9);
	use_helper(TG_TEST_PDFTEXT_DIR);
	assert_int_equal(run(big, len, &lim, 1 << 20, &out, &fl), 1);
	assert_int_equal(fl, TG_EXTRACT_NOMEM);
	assert_int_equal(out.len, 0);
	tg__textbuf_free(&out);
	free(big);
}

/* Out of memory in the library: TG_ENOMEM, the child reaped all the
 * same; then the text that needs no allocation of ours fails cleanly
 * too (out has no room: the append fails, flagged). */
static void
test_nomem(void **state)
{
	struct tg__textbuf out;
	unsigned char *data;
	size_t len;
	unsigned fl;

	(void)state;
	use_helper(TG_TEST_PDFTEXT_DIR);
	data = slurp("plain.pdf", &len);
	tg__alloc_fail_after(1);
	assert_int_equal(run(data, len, NULL, 1 << 20, &out, &fl),
	    TG_ENOMEM);
	assert_true(fl & TG_EXTRACT_NOMEM);
	assert_int_equal(out.len, 0);
	tg__alloc_fail_after(2);
	assert_int_equal(run(data, len, NULL, 1 << 20, &out, &fl), 1);
	assert_true(fl & TG_EXTRACT_NOMEM);
	tg__alloc_fail_after(0);
	tg__textbuf_free(&out);
	free(data);
}

/* Many threads at once, as in the milter: each gets its own text. */
struct job {
	const unsigned char *data;
	size_t len;
	int ok;
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct tg__textbuf out = { .max = 1 << 20 };
	unsigned fl = 0;
	int i;

	j->ok = 1;
	for (i = 0; i < 5; i++) {
		out.len = 0;
		if (tg__pdf_text(j->data, j->len, NULL, &out, &fl) != 1 ||
		    fl != 0 || !contains(&out, "alpha-7431"))
			j->ok = 0;
	}
	tg__textbuf_free(&out);
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[6];
	struct job j[6];
	unsigned char *data;
	size_t len, i;

	(void)state;
	use_helper(TG_TEST_PDFTEXT_DIR);
	data = slurp("plain.pdf", &len);
	for (i = 0; i < 6; i++) {
		j[i].data = data;
		j[i].len = len;
		assert_int_equal(pthread_create(&t[i], NULL, worker, &j[i]), 0);
	}
	for (i = 0; i < 6; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_true(j[i].ok);
	}
	no_children();
	free(data);
}

#define NROWS (sizeof(rows) / sizeof(rows[0]))

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_missing_helper),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_cpu_limit),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_unread_input),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_tiny_memory),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_threads),
	};

	return ut_run("pdf", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
