/*
 * unit.h - what every unit test file shares: the context on the bundled
 * public suffix list, error checks, and a runner that makes one cmocka
 * test of each table row, printed as TAP.
 */
#ifndef TG_UNIT_H
#define TG_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "typoguard.h"

/* Made by ut_group_setup() from TG_TEST_PSL, freed by ut_group_teardown(). */
extern tg_ctx *ctx;

/* "The error has no offset", in a row's offset column. */
#define NOOFF ((size_t)-1)

int ut_group_setup(void **state);

/* Fills err with junk (message still terminated), so a test sees whether
 * a call wrote every field it should. */
void ut_dirty_error(struct tg_error *err);
int ut_group_teardown(void **state);

/* Whether msg says "at OFF" (and not "at OFF" followed by more digits). */
int ut_says_offset(const char *msg, size_t off);

/* err has code rc and offset off (or none, NOOFF); its message contains
 * msg, or when msg is NULL names the offset as "at OFF". */
void ut_check_error(const struct tg_error *err, int rc, size_t off,
    const char *msg);

/* The whole file dir/name (dir ends in '/'), with a NUL after its len
 * bytes; fails the test when it cannot be read.  Free it. */
char *ut_slurp(const char *dir, const char *name, size_t *len);

/*
 * Runs the group: the first nbefore fixed tests, one test per row (each
 * row struct begins with its "const char *name"; the test gets the row as
 * its state), then the other fixed tests.  Returns what cmocka returns.
 */
int ut_run(const char *group, CMUnitTestFunction row_test, const void *rows,
    size_t nrows, size_t rowsize, const struct CMUnitTest *fixed,
    size_t nfixed, size_t nbefore);

#endif
