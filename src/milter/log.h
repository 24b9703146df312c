/*
 * log.h - typoguard-milter's log: syslog, or stderr in the foreground.
 *
 * One line per event.  Decision lines are key=value (mlog_kv*): values
 * with blanks, '=' or '"' are quoted, bytes outside printable ASCII and
 * the quote and backslash are written as \xHH, so a line from hostile
 * input stays one line that a parser can split.  Thread-safe: a line is
 * formatted on the caller's stack and written with one call.
 */
#ifndef TGM_LOG_H
#define TGM_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum mlog_level {
	MLOG_ERR,
	MLOG_WARN,
	MLOG_INFO,
	MLOG_DEBUG
};

/* Longest line written; longer ones end in "...". */
#define MLOG_LINE_MAX 2048

/* Before mlog_open() lines go to stderr at MLOG_INFO. */
void mlog_open(int to_syslog, int facility, enum mlog_level level);
void mlog_close(void);
/* The level can change at any time (a reload); lines above it are
 * dropped before they are formatted. */
void mlog_set_level(enum mlog_level level);
int mlog_enabled(enum mlog_level level);

void mlog(enum mlog_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same with ": strerror(errno)" appended. */
void mlog_errno(enum mlog_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A key=value line under construction. */
struct mlog_kv {
	size_t n;
	int full;
	char buf[MLOG_LINE_MAX];
};

void mlog_kv_init(struct mlog_kv *kv, const char *prefix);
/* Appends " key=value", value v[0..len) escaped and quoted as needed. */
void mlog_kv_add(struct mlog_kv *kv, const char *key, const char *v,
    size_t len);
void mlog_kv_str(struct mlog_kv *kv, const char *key, const char *v);
void mlog_kv_fmt(struct mlog_kv *kv, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mlog_kv_emit(enum mlog_level level, const struct mlog_kv *kv);

/* Level and facility names for the config ("info", "mail", "local0"). */
int mlog_level_from_name(const char *name, enum mlog_level *out);
int mlog_facility_from_name(const char *name, int *out);

#endif
