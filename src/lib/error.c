/*
 * error.c - status codes and the caller's error struct.
 *
 * The code table lives in typoguard.h (TG_ERRNO_MAP) so that the enum, the
 * names and the messages cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error_int.h"

const char *
tg_strerror(int code)
{
	switch (code) {
#define TG__MSG_ROW(sym, val, msg) case sym: return msg;
	TG_ERRNO_MAP(TG__MSG_ROW)
#undef TG__MSG_ROW
	}
	return "unknown error";
}

const char *
tg_errname(int code)
{
	switch (code) {
#define TG__NAME_ROW(sym, val, msg) case sym: return #sym;
	TG_ERRNO_MAP(TG__NAME_ROW)
#undef TG__NAME_ROW
	}
	return "TG_EUNKNOWN";
}

void
tg__error_clear(struct tg_error *err)
{
	if (err == NULL)
		return;
	/* Each field, but the message only up to its end: it is long and
	 * this runs once per parse. */
	err->code = TG_OK;
	err->has_offset = 0;
	err->offset = 0;
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
}

int
tg__error_set(struct tg_error *err, int code, size_t offset, const char *fmt,
    ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->has_offset = offset != TG_NO_OFFSET;
	err->offset = err->has_offset ? offset : 0;
	err->line = 0;
	err->column = 0;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}
