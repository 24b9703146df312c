/*
 * lines.c - a bounded line reader for batch input.
 *
 * One fixed buffer of twice the line limit; a longer line is reported cut,
 * with its full length, and the rest of it skipped, so an input with no
 * newline at all costs no more memory than any other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BUF_SIZE (LINE_MAX_BYTES * 4)

struct lines {
	FILE *fp;
	size_t start, end;
	int eof;
	unsigned long lineno;
	char buf[BUF_SIZE];
	char head[LINE_MAX_BYTES];
};

struct lines *
lines_open(FILE *fp)
{
	struct lines *r = calloc(1, sizeof(*r));

	if (r != NULL)
		r->fp = fp;
	return r;
}

void
lines_close(struct lines *r)
{
	free(r);
}

unsigned long
lines_number(const struct lines *r)
{
	return r->lineno;
}

/* Moves pending bytes to the front and reads more; -1 on error. */
static int
fill(struct lines *r)
{
	size_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->eof || r->end == BUF_SIZE)
		return 0;
	n = fread(r->buf + r->end, 1, BUF_SIZE - r->end, r->fp);
	r->end += n;
	if (n == 0) {
		if (ferror(r->fp))
			return -1;
		r->eof = 1;
	}
	return 0;
}

int
lines_next(struct lines *r, const char **line, size_t *len, size_t *full)
{
	char *nl;
	size_t n, skipped;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		n = nl != NULL ? (size_t)(nl - (r->buf + r->start)) :
		    r->end - r->start;
		if (nl != NULL || n > LINE_MAX_BYTES || (r->eof && n > 0))
			break;
		if (r->eof)
			return 0;
		if (fill(r) != 0)
			return -1;
	}
	r->lineno++;
	*line = r->buf + r->start;
	if (n <= LINE_MAX_BYTES) {
		r->start += n + (nl != NULL);
		if (n > 0 && (*line)[n - 1] == '\r')
			n--;
		*len = *full = n;
		return 1;
	}
	/*
	 * Too long: hand back a copy of the first LINE_MAX_BYTES and skip the
	 * rest of the line, reading and dropping it a buffer at a time.
	 */
	memcpy(r->head, r->buf + r->start, LINE_MAX_BYTES);
	*line = r->head;
	*len = LINE_MAX_BYTES;
	skipped = 0;
	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			skipped += (size_t)(nl - (r->buf + r->start));
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		skipped += r->end - r->start;
		r->start = r->end = 0;
		if (r->eof)
			break;
		if (fill(r) != 0)
			return -1;
	}
	*full = skipped;
	return 1;
}

const char *
trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	*len = n;
	return s;
}
