/*
 * unit.c - the shared part of the unit tests (see unit.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

tg_ctx *ctx;

int
ut_group_setup(void **state)
{
	struct tg_error err;

	(void)state;
	if (tg_ctx_new(&ctx, TG_TEST_PSL, &err) != TG_OK) {
		fprintf(stderr, "# tg_ctx_new: %s\n", err.message);
		return -1;
	}
	return 0;
}

int
ut_group_teardown(void **state)
{
	(void)state;
	ctx = tg_ctx_free(ctx);
	return 0;
}

void
ut_dirty_error(struct tg_error *err)
{
	memset(err, 0x5a, sizeof(*err));
	err->message[sizeof(err->message) - 1] = '\0';
}

int
ut_says_offset(const char *msg, size_t off)
{
	char pat[32];
	const char *p = msg;
	int n;

	n = snprintf(pat, sizeof(pat), "at %zu", off);
	while ((p = strstr(p, pat)) != NULL) {
		if (!isdigit((unsigned char)p[n]))
			return 1;
		p++;
	}
	return 0;
}

void
ut_check_error(const struct tg_error *err, int rc, size_t off,
    const char *msg)
{
	assert_int_equal(err->code, rc);
	if (off == NOOFF) {
		assert_int_equal(err->has_offset, 0);
	} else {
		assert_int_equal(err->has_offset, 1);
		assert_int_equal(err->offset, off);
	}
	if (msg != NULL && strstr(err->message, msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err->message, msg);
	if (msg == NULL && off != NOOFF && !ut_says_offset(err->message, off))
		fail_msg("message \"%s\" lacks \"at %zu\"", err->message, off);
}

int
ut_run(const char *group, CMUnitTestFunction row_test, const void *rows,
    size_t nrows, size_t rowsize, const struct CMUnitTest *fixed,
    size_t nfixed, size_t nbefore)
{
	const char *row;
	struct CMUnitTest *t;
	size_t i, n = 0;
	int rc;

	t = calloc(nrows + nfixed + 1, sizeof(*t));
	if (t == NULL)
		return 1;
	for (i = 0; i < nbefore && i < nfixed; i++)
		t[n++] = fixed[i];
	for (i = 0; i < nrows; i++) {
		row = (const char *)rows + i * rowsize;
		t[n].name = *(const char *const *)(const void *)row;
		t[n].test_func = row_test;
		t[n].initial_state = (void *)(uintptr_t)row;
		n++;
	}
	for (i = nbefore; i < nfixed; i++)
		t[n++] = fixed[i];
	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = _cmocka_run_group_tests(group, t, n, ut_group_setup,
	    ut_group_teardown);
	free(t);
	return rc;
}

char *
ut_slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	char *p;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}
