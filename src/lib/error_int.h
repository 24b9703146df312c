/*
 * error_int.h - filling the caller's struct tg_error.
 */
#ifndef TG_ERROR_INT_H
#define TG_ERROR_INT_H

#include <stddef.h>

#include "typoguard.h"

/* Marks "no offset" for tg__error_set(). */
#define TG_NO_OFFSET ((size_t)-1)

/*
 * Sets err (when non-NULL) to code, offset and a printf-style message, and
 * returns code so that callers can write "return tg__error_set(...)".
 */
int tg__error_set(struct tg_error *err, int code, size_t offset,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Clears err (when non-NULL) to TG_OK. */
void tg__error_clear(struct tg_error *err);

#endif
