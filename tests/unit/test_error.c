/*
 * test_error.c - status codes and struct tg_error (error.c), and the
 * contracts every public function shares: NULL arguments, err == NULL,
 * err cleared on success.  The context (ctx.c) has no file of its own and
 * is tested here, including allocation failure injection.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "error_int.h"
#include "typoguard.h"
#include "unit.h"


/* Fills err with garbage so that tests see what a call changed. */
static void
assert_cleared(const struct tg_error *err)
{
	assert_int_equal(err->code, TG_OK);
	assert_int_equal(err->has_offset, 0);
	assert_int_equal(err->offset, 0);
	assert_int_equal(err->line, 0);
	assert_int_equal(err->column, 0);
	assert_string_equal(err->message, "");
}

/* ------------------------------------------------------------------ */
/* The code table                                                       */

struct code {
	const char *sym;
	int val;
	const char *msg;
};

static const struct code codes[] = {
#define ROW(sym, val, msg) { #sym, val, msg },
	TG_ERRNO_MAP(ROW)
#undef ROW
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

static void
test_code_row(void **state)
{
	const struct code *c = *state;

	assert_string_equal(tg_strerror(c->val), c->msg);
	assert_string_equal(tg_errname(c->val), c->sym);
	assert_true(c->val <= 0);
	assert_true(strncmp(c->sym, "TG_", 3) == 0);
	assert_true(strlen(c->msg) > 0);
}

static void
test_codes_unique(void **state)
{
	size_t i, j;

	(void)state;
	assert_int_equal(NCODES, 34);
	for (i = 0; i < NCODES; i++)
		for (j = i + 1; j < NCODES; j++) {
			assert_int_not_equal(codes[i].val, codes[j].val);
			assert_string_not_equal(codes[i].sym, codes[j].sym);
			assert_string_not_equal(codes[i].msg, codes[j].msg);
		}
	assert_int_equal(TG_OK, 0);
	assert_string_equal(tg_errname(TG_EADDR_QUOTE), "TG_EADDR_QUOTE");
	assert_string_equal(tg_strerror(TG_EADDR_QUOTE), "unbalanced quote");
}

static void
test_codes_unknown(void **state)
{
	static const int unknown[] = { 1, 2, -6, -9, -15, -19, -31, -39, -47,
	    -49, -51, -100, 1000, INT_MIN, INT_MAX };
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		for (j = 0; j < NCODES; j++)
			assert_int_not_equal(unknown[i], codes[j].val);
		assert_string_equal(tg_strerror(unknown[i]), "unknown error");
		assert_string_equal(tg_errname(unknown[i]), "TG_EUNKNOWN");
	}
}

static void
test_version(void **state)
{
	char want[32];

	(void)state;
	snprintf(want, sizeof(want), "%d.%d.%d", TG_VERSION_MAJOR,
	    TG_VERSION_MINOR, TG_VERSION_PATCH);
	assert_string_equal(tg_version(), want);
}

/* ------------------------------------------------------------------ */
/* tg__error_set / tg__error_clear                                      */

static void
test_error_set(void **state)
{
	struct tg_error err;
	char big[600];

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg__error_set(&err, TG_EADDR_QUOTE, 7,
	    "unbalanced quote at %zu", (size_t)7), TG_EADDR_QUOTE);
	assert_int_equal(err.code, TG_EADDR_QUOTE);
	assert_int_equal(err.has_offset, 1);
	assert_int_equal(err.offset, 7);
	assert_int_equal(err.line, 0);
	assert_int_equal(err.column, 0);
	assert_string_equal(err.message, "unbalanced quote at 7");

	/* Offset 0 is an offset. */
	assert_int_equal(tg__error_set(&err, TG_EEMPTY, 0, "x"), TG_EEMPTY);
	assert_int_equal(err.has_offset, 1);
	assert_int_equal(err.offset, 0);

	ut_dirty_error(&err);
	assert_int_equal(tg__error_set(&err, TG_ENOMEM, TG_NO_OFFSET, "oom"),
	    TG_ENOMEM);
	assert_int_equal(err.has_offset, 0);
	assert_int_equal(err.offset, 0);
	assert_string_equal(err.message, "oom");

	/* Long messages are cut, always terminated. */
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tg__error_set(&err, TG_EINTERNAL, 1, "%s", big);
	assert_int_equal(strlen(err.message), TG_ERROR_MSG_MAX - 1);

	/* NULL err: only the code comes back. */
	assert_int_equal(tg__error_set(NULL, TG_EUTF8, 3, "x"), TG_EUTF8);

	tg__error_clear(&err);
	assert_cleared(&err);
	tg__error_clear(NULL);
}

/* ------------------------------------------------------------------ */
/* Context                                                              */

static void
test_ctx_bundled(void **state)
{
	struct tg_error err;
	tg_ctx *c = NULL;

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg_ctx_new(&c, TG_TEST_PSL, &err), TG_OK);
	assert_non_null(c);
	assert_cleared(&err);
	assert_string_equal(tg_ctx_psl_path(c), TG_TEST_PSL);
	assert_null(tg_ctx_free(c));
	assert_null(tg_ctx_free(NULL));
	assert_null(tg_ctx_psl_path(NULL));
}

static void
test_ctx_default_path(void **state)
{
	const char *p = tg_default_psl_path();
	const char *tail = "/public_suffix_list.dat";

	(void)state;
	assert_non_null(p);
	assert_true(strlen(p) > strlen(tail));
	assert_string_equal(p + strlen(p) - strlen(tail), tail);
	assert_true(p[0] == '/');
}

/* The header lists TG_EPSL for a list that cannot be loaded; for a path
 * the caller names that does not exist the library says TG_ENOENT (the
 * CLI relies on it).  Pinned as it is. */
static void
test_ctx_missing_file(void **state)
{
	struct tg_error err;
	tg_ctx *c = (tg_ctx *)&err;

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg_ctx_new(&c, "/nonexistent/psl.dat", &err),
	    TG_ENOENT);
	assert_null(c);
	assert_int_equal(err.code, TG_ENOENT);
	assert_int_equal(err.has_offset, 0);
	assert_non_null(strstr(err.message, "/nonexistent/psl.dat"));
	assert_int_equal(tg_ctx_new(&c, "/nonexistent/psl.dat", NULL),
	    TG_ENOENT);
}

static void
write_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)),
	    (ssize_t)strlen(text));
	close(fd);
}

static void
test_ctx_empty_list(void **state)
{
	char path[] = "/tmp/tg-test-psl-XXXXXX";
	struct tg_error err;
	tg_ctx *c = NULL;

	(void)state;
	write_file(path, "// nothing but a comment\n");
	ut_dirty_error(&err);
	assert_int_equal(tg_ctx_new(&c, path, &err), TG_EPSL);
	unlink(path);
	assert_null(c);
	assert_int_equal(err.code, TG_EPSL);
	assert_non_null(strstr(err.message, path));
}

/* A small private list works.  Rules outside the "===BEGIN ICANN
 * DOMAINS===" and "===BEGIN PRIVATE DOMAINS===" sections are used for the
 * suffix but are neither ICANN nor PRIVATE to libpsl, so they never set
 * TG_DOMAIN_SUFFIX_KNOWN.  Pinned as it is. */
static void
test_ctx_tiny_list(void **state)
{
	char path[] = "/tmp/tg-test-psl-XXXXXX";
	struct tg_domain d;
	tg_ctx *c = NULL;

	(void)state;
	write_file(path,
	    "// ===BEGIN ICANN DOMAINS===\n"
	    "example\n"
	    "// ===END ICANN DOMAINS===\n"
	    "// ===BEGIN PRIVATE DOMAINS===\n"
	    "priv.example\n"
	    "// ===END PRIVATE DOMAINS===\n"
	    "nosection\n");
	assert_int_equal(tg_ctx_new(&c, path, NULL), TG_OK);
	unlink(path);

	assert_int_equal(tg_domain_parse(c, "a.b.example", 11, &d, NULL),
	    TG_OK);
	assert_string_equal(d.suffix, "example");
	assert_string_equal(d.registrable, "b.example");
	assert_int_equal(d.flags, TG_DOMAIN_SUFFIX_KNOWN);

	assert_int_equal(tg_domain_parse(c, "x.priv.example", 14, &d, NULL),
	    TG_OK);
	assert_string_equal(d.suffix, "priv.example");
	assert_string_equal(d.registrable, "x.priv.example");
	assert_int_equal(d.flags,
	    TG_DOMAIN_SUFFIX_KNOWN | TG_DOMAIN_SUFFIX_PRIVATE);

	assert_int_equal(tg_domain_parse(c, "a.nosection", 11, &d, NULL),
	    TG_OK);
	assert_string_equal(d.suffix, "nosection");
	assert_string_equal(d.registrable, "a.nosection");
	assert_int_equal(d.flags, 0);

	/* Not on this list: the default rule, so "com" is a suffix only by
	 * '*'. */
	assert_int_equal(tg_domain_parse(c, "a.com", 5, &d, NULL), TG_OK);
	assert_string_equal(d.suffix, "com");
	assert_int_equal(d.flags, 0);
	tg_ctx_free(c);
}

/* libpsl's DAFSA form (Debian's publicsuffix package ships one) is
 * refused with a message that says so: the library reads the text list
 * itself (src/lib/suffix.c).  Skipped where the file is absent. */
static void
test_ctx_dafsa(void **state)
{
	static const char dafsa[] =
	    "/usr/share/publicsuffix/public_suffix_list.dafsa";
	struct tg_error err;
	tg_ctx *c = (tg_ctx *)&err;

	(void)state;
	if (access(dafsa, R_OK) != 0)
		skip();
	ut_dirty_error(&err);
	assert_int_equal(tg_ctx_new(&c, dafsa, &err), TG_EPSL);
	assert_null(c);
	assert_int_equal(err.code, TG_EPSL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1);
	assert_non_null(strstr(err.message, dafsa));
	assert_non_null(strstr(err.message, "DAFSA"));
	assert_non_null(strstr(err.message, "text form"));
}

/* NULL path: the system list or the installed copy, or TG_EPSL; never a
 * crash, and the path reported is one of the two. */
static void
test_ctx_null_path(void **state)
{
	struct tg_error err;
	tg_ctx *c = NULL;
	int rc;

	(void)state;
	rc = tg_ctx_new(&c, NULL, &err);
	if (rc == TG_OK) {
		assert_non_null(c);
		assert_true(strcmp(tg_ctx_psl_path(c),
		    "/usr/share/publicsuffix/public_suffix_list.dat") == 0 ||
		    strcmp(tg_ctx_psl_path(c), tg_default_psl_path()) == 0);
		tg_ctx_free(c);
	} else {
		assert_int_equal(rc, TG_EPSL);
		assert_null(c);
	}
}

static void
test_ctx_alloc_failures(void **state)
{
	struct tg_error err;
	unsigned long n;
	tg_ctx *c;
	int rc;

	(void)state;
	for (n = 1; n < 100; n++) {
		c = (tg_ctx *)&err;
		tg__alloc_fail_after(n);
		rc = tg_ctx_new(&c, TG_TEST_PSL, &err);
		tg__alloc_fail_after(0);
		if (rc == TG_OK) {
			assert_non_null(c);
			tg_ctx_free(c);
			break;
		}
		assert_int_equal(rc, TG_ENOMEM);
		assert_int_equal(err.code, TG_ENOMEM);
		assert_null(c);
	}
	/* The context, the file's text, the suffix table's parse (rules,
	 * names) and build (table, hash slots, names, TLDs, children, their
	 * index), and the copy of the path: 11, so the 12th never comes. */
	assert_int_equal(n, 12);
}

/* ------------------------------------------------------------------ */
/* NULL arguments and err == NULL, every public function               */

static void
test_null_arguments(void **state)
{
	struct tg_domain d;
	struct tg_addr a;
	struct tg_error err;
	tg_addrlist *l = (tg_addrlist *)&err;

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg_ctx_new(NULL, TG_TEST_PSL, &err), TG_EINVAL);
	assert_int_equal(err.code, TG_EINVAL);
	assert_int_equal(err.has_offset, 0);
	assert_non_null(strstr(err.message, "tg_ctx_new"));

	ut_dirty_error(&err);
	assert_int_equal(tg_domain_parse(NULL, "a.com", 5, &d, &err),
	    TG_EINVAL);
	assert_int_equal(err.code, TG_EINVAL);
	assert_int_equal(err.has_offset, 0);
	assert_non_null(strstr(err.message, "tg_domain_parse"));
	assert_int_equal(tg_domain_parse(ctx, "a.com", 5, NULL, &err),
	    TG_EINVAL);
	assert_int_equal(tg_domain_parse(ctx, NULL, 5, &d, &err), TG_EINVAL);
	/* NULL with length 0 is the empty string. */
	assert_int_equal(tg_domain_parse(ctx, NULL, 0, &d, &err), TG_EEMPTY);

	ut_dirty_error(&err);
	assert_int_equal(tg_addr_parse(NULL, "a@b.c", 5, 0, &a, &err),
	    TG_EINVAL);
	assert_int_equal(err.code, TG_EINVAL);
	assert_non_null(strstr(err.message, "tg_addr_parse"));
	assert_int_equal(tg_addr_parse(ctx, "a@b.c", 5, 0, NULL, &err),
	    TG_EINVAL);
	assert_int_equal(tg_addr_parse(ctx, NULL, 5, 0, &a, &err), TG_EINVAL);
	assert_int_equal(tg_addr_parse(ctx, NULL, 0, 0, &a, &err), TG_EEMPTY);

	ut_dirty_error(&err);
	assert_int_equal(tg_addrlist_parse(NULL, "a@b.c", 5, &l, &err),
	    TG_EINVAL);
	assert_int_equal(err.code, TG_EINVAL);
	assert_non_null(strstr(err.message, "tg_addrlist_parse"));
	assert_int_equal(tg_addrlist_parse(ctx, "a@b.c", 5, NULL, &err),
	    TG_EINVAL);
	assert_int_equal(tg_addrlist_parse(ctx, NULL, 5, &l, &err),
	    TG_EINVAL);
	assert_int_equal(tg_addrlist_parse(ctx, NULL, 0, &l, &err), TG_OK);
	assert_int_equal(tg_addrlist_count(l), 0);
	l = tg_addrlist_free(l);
	assert_null(l);

	assert_int_equal(tg_addrlist_count(NULL), 0);
	assert_null(tg_addrlist_get(NULL, 0));
	assert_null(tg_addrlist_free(NULL));
}

static void
test_err_null_everywhere(void **state)
{
	struct tg_domain d;
	struct tg_addr a;
	tg_addrlist *l;
	tg_ctx *c;

	(void)state;
	assert_int_equal(tg_ctx_new(&c, TG_TEST_PSL, NULL), TG_OK);
	tg_ctx_free(c);
	assert_int_equal(tg_ctx_new(NULL, NULL, NULL), TG_EINVAL);

	assert_int_equal(tg_domain_parse(ctx, "a.com", 5, &d, NULL), TG_OK);
	assert_int_equal(tg_domain_parse(ctx, "a..com", 6, &d, NULL),
	    TG_EDOM_EMPTY_LABEL);
	assert_int_equal(tg_domain_parse(ctx, "b\xc3\xbc.com", 7, &d, NULL),
	    TG_OK);
	assert_int_equal(tg_domain_parse(ctx, "xn--zz.com", 10, &d, NULL),
	    TG_EDOM_IDNA);
	assert_int_equal(tg_domain_parse(ctx, "[1.2.3]", 7, &d, NULL),
	    TG_EADDR_LITERAL);
	assert_int_equal(tg_domain_parse(NULL, "a", 1, &d, NULL), TG_EINVAL);

	assert_int_equal(tg_addr_parse(ctx, "a@b.com", 7, 0, &a, NULL),
	    TG_OK);
	assert_int_equal(tg_addr_parse(ctx, "\"a@b.com", 8, 0, &a, NULL),
	    TG_EADDR_QUOTE);
	assert_int_equal(tg_addr_parse(ctx, "<@a,b:c@d>", 10, 0, &a, NULL),
	    TG_EADDR_ROUTE);
	assert_int_equal(tg_addr_parse(ctx, "   ", 3, 0, &a, NULL), TG_EEMPTY);

	assert_int_equal(tg_addrlist_parse(ctx, "a@b.com, c@d..e", 15, &l,
	    NULL), TG_OK);
	tg_addrlist_free(l);
	assert_int_equal(tg_addrlist_parse(ctx, "a\0b", 3, &l, NULL),
	    TG_ENUL);
	assert_null(l);
}

/* After a failure, a success clears every field of err. */
static void
test_success_clears(void **state)
{
	struct tg_domain d;
	struct tg_addr a;
	struct tg_error err;
	tg_addrlist *l;

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg_domain_parse(ctx, "army.ml", 7, &d, &err), TG_OK);
	assert_cleared(&err);

	assert_int_equal(tg_domain_parse(ctx, "a..b", 4, &d, &err),
	    TG_EDOM_EMPTY_LABEL);
	assert_int_equal(tg_domain_parse(ctx, "b\xc3\xbc.de", 6, &d, &err),
	    TG_OK);
	assert_cleared(&err);

	ut_dirty_error(&err);
	assert_int_equal(tg_addr_parse(ctx, "<>", 2, TG_ADDR_ALLOW_NULL, &a,
	    &err), TG_OK);
	assert_cleared(&err);

	ut_dirty_error(&err);
	assert_int_equal(tg_addr_parse(ctx, "a@army.ml", 9, 0, &a, &err),
	    TG_OK);
	assert_cleared(&err);

	ut_dirty_error(&err);
	assert_int_equal(tg_addrlist_parse(ctx, "x <a@b.com>", 11, &l, &err),
	    TG_OK);
	assert_cleared(&err);
	tg_addrlist_free(l);

	ut_dirty_error(&err);
	assert_int_equal(tg_addrlist_parse(ctx, "", 0, &l, &err), TG_OK);
	assert_cleared(&err);
	tg_addrlist_free(l);
}

/* Messages are one line of printable ASCII even when they quote hostile
 * input. */
static void
test_messages_ascii_safe(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int addr;
	} in[] = {
#define IN(s, addr) { s, sizeof(s) - 1, addr }
		IN("b\xc3\xbc\xe2\x80\x8d" "x.de", 0),
		IN("\xf0\x9f\x98\x80.com", 0),
		IN("a\n.com", 0),
		IN("a\x01" "b@c", 1),
		IN("\"a\n\"@c", 1),
		IN("a@xn--zz\x7f", 1),
		IN("a@\xe2\x80\xae" "moc.x", 1),
		IN("a@b\xef\xbc\xbf" "c.com", 1),
#undef IN
	};
	struct tg_domain d;
	struct tg_addr a;
	struct tg_error err;
	size_t i;
	const char *p;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		if (in[i].addr)
			rc = tg_addr_parse(ctx, in[i].s, in[i].len, 0, &a,
			    &err);
		else
			rc = tg_domain_parse(ctx, in[i].s, in[i].len, &d,
			    &err);
		assert_int_not_equal(rc, TG_OK);
		for (p = err.message; *p != '\0'; p++)
			if (*p < 0x20 || *p > 0x7e)
				fail_msg("input %zu: byte 0x%02x in message "
				    "\"%s\"", i, (unsigned char)*p,
				    err.message);
	}
}

/* ------------------------------------------------------------------ */

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_codes_unique),
		cmocka_unit_test(test_codes_unknown),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_error_set),
		cmocka_unit_test(test_ctx_bundled),
		cmocka_unit_test(test_ctx_default_path),
		cmocka_unit_test(test_ctx_missing_file),
		cmocka_unit_test(test_ctx_empty_list),
		cmocka_unit_test(test_ctx_tiny_list),
		cmocka_unit_test(test_ctx_dafsa),
		cmocka_unit_test(test_ctx_null_path),
		cmocka_unit_test(test_ctx_alloc_failures),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_err_null_everywhere),
		cmocka_unit_test(test_success_clears),
		cmocka_unit_test(test_messages_ascii_safe),
	};
	return ut_run("error", test_code_row, codes, NCODES, sizeof(codes[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
