/*
 * html_int.h - a capped text buffer, and HTML reduced to text.
 *
 * tg__html_text() tokenizes HTML as the HTML standard does (no tree is
 * built), keeps the text a reader would see, and drops script, style,
 * head and template content.  Character references come out decoded;
 * block elements become line breaks, table cells tabs; runs of white
 * space collapse to one space (not inside pre or textarea).
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

/* Why tg__html_text() stopped early. */
#define TG_HTML_CUT	0x1u	/* out->max reached */
#define TG_HTML_LATE	0x4u	/* the deadline passed */
#define TG_HTML_NOMEM	0x8u	/* an allocation failed */

/*
 * Appends the text of the HTML in[0..n) to out: valid UTF-8 (bytes of
 * the input that are not become U+FFFD), without line feeds at its end.
 * Memory is out's alone, time linear in n; nesting is not limited.
 * After each 64 KiB of input and every few thousand tags, late(arg) is
 * asked whether the time is up.  Returns the TG_HTML_* bits of why it
 * stopped early, or 0.  The text before any stop is kept.
 */
unsigned tg__html_text(const char *in, size_t n, struct tg__textbuf *out,
    int (*late)(void *arg), void *arg);

#endif
