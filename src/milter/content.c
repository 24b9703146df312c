/*
 * content.c - the message buffer for the classifier (content.h).
 */
#include <stdlib.h>
#include <string.h>

#include "content.h"

/* First allocation; then doubled up to max. */
#define FIRST_CAP (16u * 1024u)

void
msgbuf_init(struct msgbuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
msgbuf_free(struct msgbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Makes room for want more bytes, or for as many as max allows. */
static int
reserve(struct msgbuf *b, size_t want)
{
	size_t need, ncap;
	char *np;

	if (want > b->max - b->n)
		want = b->max - b->n;
	need = b->n + want;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : FIRST_CAP;
	while (ncap < need && ncap <= b->max / 2)
		ncap *= 2;
	if (ncap < need || ncap > b->max)
		ncap = b->max;
	np = realloc(b->p, ncap);
	if (np == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static int
append(struct msgbuf *b, const char *s, size_t len)
{
	b->seen += len;
	if (b->truncated)
		return 0;
	if (reserve(b, len) != 0)
		return -1;
	if (len > b->max - b->n) {
		len = b->max - b->n;
		b->truncated = 1;
	}
	if (len > 0)
		memcpy(b->p + b->n, s, len);
	b->n += len;
	return 0;
}

int
msgbuf_header(struct msgbuf *b, const char *name, const char *value,
    int leadspc)
{
	const char *v = value != NULL ? value : "", *lf;

	if (append(b, name, strlen(name)) != 0 ||
	    append(b, leadspc ? ":" : ": ", leadspc ? 1 : 2) != 0)
		return -1;
	while ((lf = strchr(v, '\n')) != NULL) {
		size_t n = (size_t)(lf - v);

		if (n > 0 && v[n - 1] == '\r')
			n--;
		if (append(b, v, n) != 0 || append(b, "\r\n", 2) != 0)
			return -1;
		v = lf + 1;
	}
	return append(b, v, strlen(v)) != 0 || append(b, "\r\n", 2) != 0 ?
	    -1 : 0;
}

int
msgbuf_eoh(struct msgbuf *b)
{
	if (b->body)
		return 0;
	b->body = 1;
	return append(b, "\r\n", 2);
}

int
msgbuf_body(struct msgbuf *b, const unsigned char *p, size_t len)
{
	if (msgbuf_eoh(b) != 0)
		return -1;
	return append(b, (const char *)p, len);
}
