/*
 * html_int.h - a capped text buffer, and HTML reduced to text.
 *
 * tg__html_text() reads HTML with libxml2's HTML parser in SAX mode (no
 * tree is built), keeps the text a reader would see, and drops script,
 * style, head and template content.  Entities come out decoded; block
 * elements become line breaks, table cells tabs; runs of white space
 * collapse to one space (not inside pre).
 */
#ifndef TG_HTML_INT_H
#define TG_HTML_INT_H

#include <stddef.h>

/* Text that never grows past max bytes. */
struct tg__textbuf {
	char *p;
	size_t len;	/* bytes used */
	size_t size;	/* bytes allocated */
	size_t max;	/* ceiling on len */
	int full;	/* something was cut at max */
	int nomem;	/* an allocation failed */
};

/*
 * Appends s[0..n), valid UTF-8, cutting it on a character boundary at
 * b->max (and setting b->full).  Returns 0, or -1 when full or out of
 * memory.
 */
int tg__textbuf_add(struct tg__textbuf *b, const char *s, size_t n);
void tg__textbuf_free(struct tg__textbuf *b);

/* Element nesting beyond this stops the parse (libxml2 searches its
 * stack of open elements at each end tag: deep nesting costs time). */
#define TG_HTML_DEPTH_MAX 256

/* Why tg__html_text() stopped early. */
#define TG_HTML_CUT	0x1u	/* out->max reached */
#define TG_HTML_DEEP	0x2u	/* TG_HTML_DEPTH_MAX reached */
#define TG_HTML_LATE	0x4u	/* the deadline passed */
#define TG_HTML_NOMEM	0x8u	/* an allocation failed */

/*
 * Appends the text of the UTF-8 HTML in[0..n) to out.  Between chunks of
 * input and every few thousand elements, late(arg) is asked whether the
 * time is up.  Returns the TG_HTML_* bits of why it stopped early, or 0.
 * The text before any stop is kept.
 */
unsigned tg__html_text(const char *in, size_t n, struct tg__textbuf *out,
    int (*late)(void *arg), void *arg);

#endif
