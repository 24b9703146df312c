/*
 * out.c - output helpers: buffered stdout, an output buffer, JSON strings,
 * safe text.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "text_int.h"

static char outbuf[1 << 16];

void
out_start(void)
{
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
}

int
out_finish(const char *cmd)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn(cmd, "write error on standard output: %s",
		    strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

void
cli_warn(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (cmd != NULL)
		fprintf(stderr, "%s: %s: ", progname, cmd);
	else
		fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_exit_for(int code)
{
	switch (code) {
	case TG_ENOMEM:
		return EXIT_OSERR;
	case TG_ENOENT:
		return EXIT_NOINPUT;
	case TG_EIO:
		return EXIT_IOERR;
	case TG_EPSL:
		return EXIT_UNAVAILABLE;
	default:
		return EXIT_SOFTWARE;
	}
}

/* Length of the well-formed UTF-8 sequence at s, or 0 (RFC 3629). */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	uint32_t cp;

	return tg__utf8_decode(s, left, &cp);
}

void
ob_drain(struct obuf *o)
{
	if (o->n > 0)
		fwrite(o->buf, 1, o->n, o->fp);
	o->n = 0;
}

void
ob_write(struct obuf *o, const void *p, size_t n)
{
	if (n > o->size - o->n) {
		ob_drain(o);
		if (n > o->size) {
			fwrite(p, 1, n, o->fp);
			return;
		}
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

void
ob_flush(struct obuf *o)
{
	ob_drain(o);
	fflush(o->fp);
}

static const char hex[] = "0123456789abcdef";

/* Printable ASCII that a writer copies as it is: bit 0 for text, bit 1
 * for JSON. */
#define PLAIN_ROW(c) ((c) >= 0x20 && (c) < 0x7f && (c) != '\\' ? \
	((c) == '"' ? 1 : 3) : 0)
#define PLAIN_16(c) PLAIN_ROW(c), PLAIN_ROW(c + 1), PLAIN_ROW(c + 2), \
	PLAIN_ROW(c + 3), PLAIN_ROW(c + 4), PLAIN_ROW(c + 5), \
	PLAIN_ROW(c + 6), PLAIN_ROW(c + 7), PLAIN_ROW(c + 8), \
	PLAIN_ROW(c + 9), PLAIN_ROW(c + 10), PLAIN_ROW(c + 11), \
	PLAIN_ROW(c + 12), PLAIN_ROW(c + 13), PLAIN_ROW(c + 14), \
	PLAIN_ROW(c + 15)

static const unsigned char plain_tab[256] = {
	PLAIN_16(0x00), PLAIN_16(0x10), PLAIN_16(0x20), PLAIN_16(0x30),
	PLAIN_16(0x40), PLAIN_16(0x50), PLAIN_16(0x60), PLAIN_16(0x70),
};

static int
is_plain(unsigned char c, int json)
{
	return (plain_tab[c] >> json) & 1;
}

/*
 * Both escapers copy each run of bytes that needs nothing, and each
 * well-formed UTF-8 sequence, with one ob_write().
 */
void
ob_json_str(struct obuf *o, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, n;
	char u[6] = { '\\', 'u', '0', '0', 0, 0 };

	ob_putc(o, '"');
	while (i < len) {
		for (run = i; run < len && is_plain(p[run], 1); run++)
			;
		if (run > i) {
			ob_write(o, p + i, run - i);
			i = run;
			continue;
		}
		if (p[i] >= 0x80) {
			n = utf8_len(p + i, len - i);
			if (n == 0) {
				ob_write(o, "\\ufffd", 6);
				i++;
			} else {
				ob_write(o, p + i, n);
				i += n;
			}
			continue;
		}
		switch (p[i]) {
		case '"': ob_write(o, "\\\"", 2); break;
		case '\\': ob_write(o, "\\\\", 2); break;
		case '\n': ob_write(o, "\\n", 2); break;
		case '\r': ob_write(o, "\\r", 2); break;
		case '\t': ob_write(o, "\\t", 2); break;
		default:
			u[4] = hex[p[i] >> 4];
			u[5] = hex[p[i] & 15];
			ob_write(o, u, sizeof(u));
		}
		i++;
	}
	ob_putc(o, '"');
}

/* Whether the 8 bytes at p are all plain for text: none below 0x20,
 * none from 0x7f, no backslash (whole-word byte tests). */
static int
plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t v, bs;

	memcpy(&v, p, sizeof(v));
	bs = v ^ (ones * '\\');
	return (((v - ones * 0x20) & ~v) | ((v + ones) | v) |
	    ((bs - ones) & ~bs)) & high ? 0 : 1;
}

void
ob_text(struct obuf *o, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, n;
	char x[4] = { '\\', 'x', 0, 0 };

	while (i < len) {
		for (run = i; len - run >= 8 && plain8(p + run); run += 8)
			;
		for (; run < len && is_plain(p[run], 0); run++)
			;
		if (run > i) {
			ob_write(o, p + i, run - i);
			i = run;
		} else if (p[i] >= 0x80 &&
		    (n = utf8_len(p + i, len - i)) > 0) {
			ob_write(o, p + i, n);
			i += n;
		} else if (p[i] == '\\') {
			ob_write(o, "\\\\", 2);
			i++;
		} else {
			x[2] = hex[p[i] >> 4];
			x[3] = hex[p[i] & 15];
			ob_write(o, x, sizeof(x));
			i++;
		}
	}
}

void
ob_fixed(struct obuf *o, double v, int digits)
{
	unsigned long scale = digits == 2 ? 100 : 1000, n;
	char buf[8];
	int i;

	if (!(v > 0))
		v = 0;
	if (v > 1)
		v = 1;
	n = (unsigned long)(v * (double)scale + 0.5);
	buf[0] = (char)('0' + n / scale);
	buf[1] = '.';
	for (i = digits; i >= 1; i--) {
		buf[1 + i] = (char)('0' + n % 10);
		n /= 10;
	}
	ob_write(o, buf, (size_t)digits + 2);
}

void
ob_ulong(struct obuf *o, unsigned long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	ob_write(o, buf + i, sizeof(buf) - i);
}

void
out_json_str(FILE *fp, const char *s, size_t len)
{
	char buf[512];
	struct obuf o = { fp, 0, sizeof(buf), buf };

	ob_json_str(&o, s, len);
	ob_drain(&o);
}

void
out_text(FILE *fp, const char *s, size_t len)
{
	char buf[512];
	struct obuf o = { fp, 0, sizeof(buf), buf };

	ob_text(&o, s, len);
	ob_drain(&o);
}

void
out_fixed(FILE *fp, double v, int digits)
{
	char buf[8];
	struct obuf o = { fp, 0, sizeof(buf), buf };

	ob_fixed(&o, v, digits);
	ob_drain(&o);
}
