/*
 * pdftext.c - typoguard-pdftext: the text of a PDF, read in a process of
 * its own (pdftext.h says how it is called).
 *
 * PDF readers have a long record of memory-safety bugs, and a PDF in a
 * message is hostile input.  So the library never parses one itself: it
 * runs this program, which limits itself first (lockdown.h), reads the
 * whole input, closes off system calls, and only then hands the bytes to
 * poppler.  Whatever poppler does, the worst is this process's own end:
 * killed at the CPU limit or by the caller's deadline, failing an
 * allocation at the address-space limit, or stopped by the filter.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <poppler.h>

#include "lockdown.h"
#include "pdftext.h"

struct out {
	unsigned long long max;	/* bytes that may still be written */
	int cut;
};

/* A decimal number in [lo, hi], or -1. */
static int
number(const char *s, unsigned long long lo, unsigned long long hi,
    unsigned long long *v)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || *v < lo || *v > hi)
		return -1;
	return 0;
}

static int
write_all(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes s[0..n), cut on a UTF-8 character boundary at o->max. */
static int
emit(struct out *o, const char *s, size_t n)
{
	if (n > o->max) {
		n = (size_t)o->max;
		/* back to the start of a character */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		o->cut = 1;
	}
	if (write_all(s, n) != 0)
		return -1;
	o->max -= n;
	return 0;
}

/* Reads all of stdin into *buf, at most max bytes. */
static int
slurp(unsigned char **buf, size_t *len, size_t max)
{
	unsigned char *p = NULL, *q;
	size_t size = 0, n = 0;
	ssize_t r;

	for (;;) {
		if (n == size) {
			if (size > max) {
				free(p);
				return PDFTEXT_TOOBIG;
			}
			size = size == 0 ? 65536 : size * 2;
			if (size > max + 1)
				size = max + 1;
			if ((q = realloc(p, size)) == NULL) {
				free(p);
				return PDFTEXT_NOMEM;
			}
			p = q;
		}
		r = read(STDIN_FILENO, p + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(p);
			return PDFTEXT_MALFORMED;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(p);
			return PDFTEXT_TOOBIG;
		}
	}
	*buf = p;
	*len = n;
	return PDFTEXT_OK;
}

static int
extract(const unsigned char *data, size_t len, struct out *o)
{
	PopplerDocument *doc;
	PopplerPage *page;
	GBytes *bytes;
	GError *err = NULL;
	char *text;
	int i, n, rc = PDFTEXT_OK;

	bytes = g_bytes_new_static(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		rc = err != NULL && g_error_matches(err, POPPLER_ERROR,
		    POPPLER_ERROR_ENCRYPTED) ? PDFTEXT_ENCRYPTED :
		    PDFTEXT_MALFORMED;
		if (err != NULL)
			g_error_free(err);
		return rc;
	}
	n = poppler_document_get_n_pages(doc);
	for (i = 0; i < n && !o->cut; i++) {
		if (i > 0 && emit(o, "\f\n", 2) != 0)
			break;
		if ((page = poppler_document_get_page(doc, i)) == NULL)
			continue;
		text = poppler_page_get_text(page);
		if (text != NULL && emit(o, text, strlen(text)) != 0)
			rc = PDFTEXT_MALFORMED; /* the reader went away */
		g_free(text);
		g_object_unref(page);
		if (rc != PDFTEXT_OK)
			break;
	}
	g_object_unref(doc);
	if (rc == PDFTEXT_OK && o->cut)
		rc = PDFTEXT_CUT;
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long long in = PDFTEXT_DEF_IN, mem = PDFTEXT_DEF_MEM;
	unsigned long long cpu = PDFTEXT_DEF_CPU;
	struct out o = { PDFTEXT_DEF_OUT, 0 };
	unsigned char *data;
	size_t len;
	int c, rc;

	while ((c = getopt(argc, argv, "i:o:m:t:")) != -1) {
		switch (c) {
		case 'i':
			if (number(optarg, 1, SIZE_MAX / 2, &in) != 0)
				goto usage;
			break;
		case 'o':
			if (number(optarg, 0, SIZE_MAX / 2, &o.max) != 0)
				goto usage;
			break;
		case 'm':
			if (number(optarg, 1 << 20, SIZE_MAX / 2, &mem) != 0)
				goto usage;
			break;
		case 't':
			if (number(optarg, 1, PDFTEXT_MAX_CPU, &cpu) != 0)
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;

	if (lockdown_limits((size_t)mem, (unsigned long)cpu) != 0) {
		fprintf(stderr, "%s: cannot set resource limits: %s\n",
		    PDFTEXT_NAME, strerror(errno));
		return PDFTEXT_OSERR;
	}
	if ((rc = slurp(&data, &len, (size_t)in)) != PDFTEXT_OK)
		return rc;
	if (lockdown_syscalls() < 0) {
		fprintf(stderr, "%s: cannot install the system call filter\n",
		    PDFTEXT_NAME);
		return PDFTEXT_OSERR;
	}
	rc = extract(data, len, &o);
	free(data);
	return rc;

usage:
	fprintf(stderr, "usage: %s [-i max_in] [-o max_out] [-m max_mem] "
	    "[-t cpu_seconds] < file.pdf\n", PDFTEXT_NAME);
	return PDFTEXT_USAGE;
}
