/*
 * out.c - output helpers: buffered stdout, JSON strings, safe text.
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
out_json_str(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	putc('"', fp);
	while (i < len) {
		if (p[i] >= 0x80) {
			n = utf8_len(p + i, len - i);
			if (n == 0) {
				fputs("\\ufffd", fp);
				i++;
			} else {
				fwrite(p + i, 1, n, fp);
				i += n;
			}
			continue;
		}
		switch (p[i]) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7f)
				fprintf(fp, "\\u%04x", p[i]);
			else
				putc(p[i], fp);
		}
		i++;
	}
	putc('"', fp);
}

void
out_text(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] >= 0x80) {
			n = utf8_len(p + i, len - i);
			if (n == 0) {
				fprintf(fp, "\\x%02x", p[i]);
				i++;
			} else {
				fwrite(p + i, 1, n, fp);
				i += n;
			}
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			fprintf(fp, "\\x%02x", p[i++]);
		} else if (p[i] == '\\') {
			fputs("\\\\", fp);
			i++;
		} else {
			putc(p[i++], fp);
		}
	}
}
