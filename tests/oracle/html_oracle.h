/*
 * html_oracle.h - HTML reduced to text by libxml2's HTML parser (SAX
 * mode), as the tests' oracle for our own reducer (src/lib/html.c):
 * shared by the unit tests and the html fuzz target.
 */
#ifndef TG_HTML_ORACLE_H
#define TG_HTML_ORACLE_H

#include <stddef.h>

#include "html_int.h"

/* Nesting over 256 elements stopped the oracle's parse. */
#define ORACLE_DEEP 0x100u

/*
 * Appends the text of the UTF-8 HTML in[0..n) to out, as tg__html_text()
 * did with libxml2: same rules (blocks, cells, pre, skipped elements,
 * link targets), same TG_HTML_* bits, plus ORACLE_DEEP.
 */
unsigned html_oracle_text(const char *in, size_t n, struct tg__textbuf *out,
    int (*late)(void *arg), void *arg);

#endif
