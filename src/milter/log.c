/*
 * log.c - typoguard-milter's log (log.h).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#define IDENT "typoguard-milter"

static int use_syslog;
static atomic_int cur_level = MLOG_INFO;

static const struct {
	const char *name;
	enum mlog_level level;
	int prio;
	const char *prefix;  /* for stderr, as Postfix writes it */
} levels[] = {
	{ "error", MLOG_ERR, LOG_ERR, "error: " },
	{ "warning", MLOG_WARN, LOG_WARNING, "warning: " },
	{ "info", MLOG_INFO, LOG_INFO, "" },
	{ "debug", MLOG_DEBUG, LOG_DEBUG, "debug: " },
};

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

void
mlog_open(int to_syslog, int facility, enum mlog_level level)
{
	if (to_syslog)
		openlog(IDENT, LOG_PID | LOG_NDELAY, facility);
	use_syslog = to_syslog;
	mlog_set_level(level);
}

void
mlog_close(void)
{
	if (use_syslog)
		closelog();
	use_syslog = 0;
}

void
mlog_set_level(enum mlog_level level)
{
	atomic_store(&cur_level, (int)level);
}

int
mlog_enabled(enum mlog_level level)
{
	return (int)level <= atomic_load(&cur_level);
}

static void
emit(enum mlog_level level, const char *msg)
{
	char line[MLOG_LINE_MAX + 64];
	int n;

	if (use_syslog) {
		syslog(levels[level].prio, "%s", msg);
		return;
	}
	n = snprintf(line, sizeof(line), IDENT "[%ld]: %s%s\n", (long)getpid(),
	    levels[level].prefix, msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* One write per line, so lines of several threads never mix. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nowhere left to say it. */
	}
}

static void
vlog(enum mlog_level level, int with_errno, const char *fmt, va_list ap)
{
	char msg[MLOG_LINE_MAX];
	int saved = errno, n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(msg)) {
		n = (int)sizeof(msg) - 1;
		memcpy(msg + n - 3, "...", 3);
	}
	if (with_errno)
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s",
		    strerror(saved));
	emit(level, msg);
	errno = saved;
}

void
mlog(enum mlog_level level, const char *fmt, ...)
{
	va_list ap;

	if (!mlog_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, 0, fmt, ap);
	va_end(ap);
}

void
mlog_errno(enum mlog_level level, const char *fmt, ...)
{
	va_list ap;

	if (!mlog_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, 1, fmt, ap);
	va_end(ap);
}

static void
kv_put(struct mlog_kv *kv, const char *s, size_t n)
{
	if (kv->full)
		return;
	if (n > sizeof(kv->buf) - 4 - kv->n) {
		n = sizeof(kv->buf) - 4 - kv->n;
		memcpy(kv->buf + kv->n, s, n);
		kv->n += n;
		memcpy(kv->buf + kv->n, "...", 4);
		kv->n += 3;
		kv->full = 1;
		return;
	}
	memcpy(kv->buf + kv->n, s, n);
	kv->n += n;
	kv->buf[kv->n] = '\0';
}

void
mlog_kv_init(struct mlog_kv *kv, const char *prefix)
{
	kv->n = 0;
	kv->full = 0;
	kv->buf[0] = '\0';
	if (prefix != NULL)
		kv_put(kv, prefix, strlen(prefix));
}

static int
needs_escape(unsigned char c)
{
	return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
}

void
mlog_kv_add(struct mlog_kv *kv, const char *key, const char *v, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	int quote = len == 0;
	char esc[4] = { '\\', 'x', 0, 0 };

	for (i = 0; i < len && !quote; i++)
		quote = v[i] == ' ' || v[i] == '=' || needs_escape(
		    (unsigned char)v[i]);
	if (kv->n > 0)
		kv_put(kv, " ", 1);
	kv_put(kv, key, strlen(key));
	kv_put(kv, quote ? "=\"" : "=", quote ? 2 : 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (needs_escape(c)) {
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 15];
			kv_put(kv, esc, 4);
		} else {
			kv_put(kv, v + i, 1);
		}
	}
	if (quote)
		kv_put(kv, "\"", 1);
}

void
mlog_kv_str(struct mlog_kv *kv, const char *key, const char *v)
{
	mlog_kv_add(kv, key, v, strlen(v));
}

void
mlog_kv_fmt(struct mlog_kv *kv, const char *key, const char *fmt, ...)
{
	char v[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	mlog_kv_add(kv, key, v, (size_t)n < sizeof(v) ? (size_t)n :
	    sizeof(v) - 1);
}

void
mlog_kv_emit(enum mlog_level level, const struct mlog_kv *kv)
{
	if (mlog_enabled(level))
		emit(level, kv->buf);
}

int
mlog_level_from_name(const char *name, enum mlog_level *out)
{
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		if (strcasecmp(name, levels[i].name) == 0) {
			*out = levels[i].level;
			return 0;
		}
	return -1;
}

int
mlog_facility_from_name(const char *name, int *out)
{
	size_t i;

	for (i = 0; i < sizeof(facilities) / sizeof(*facilities); i++)
		if (strcasecmp(name, facilities[i].name) == 0) {
			*out = facilities[i].facility;
			return 0;
		}
	return -1;
}
