/*
 * html_oracle.c - the HTML reducer as it was with libxml2's HTML parser
 * in SAX mode (html_oracle.h): the reference that src/lib/html.c is
 * compared with.
 *
 * libxml2's HTML parser without XML_PARSE_HUGE: names are capped at
 * 50,000 bytes; text reaches us in small pieces.  Nesting has no cap of
 * its own, so ours (ORACLE_DEPTH_MAX) stops the parse.  The input is fed
 * in chunks so that the deadline is checked while it runs.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "html_int.h"
#include "html_oracle.h"

/* Nesting beyond this stops the parse (libxml2 searches its stack of
 * open elements at each end tag). */
#define ORACLE_DEPTH_MAX 256

/* Input handed to libxml2 at a time: the deadline is checked between. */
#define CHUNK 65536
/* Elements between two deadline checks inside a chunk. */
#define CHECK_EVERY 4096

struct html {
	htmlParserCtxtPtr ctxt;
	struct tg__textbuf *out;
	int (*late)(void *);
	void *arg;
	unsigned depth;
	unsigned skip;	  /* inside script, style, head, template */
	unsigned pre;	  /* inside pre, textarea */
	unsigned events;
	int space;	  /* a blank is pending */
	int bol;	  /* at the beginning of a line (or of the text) */
	unsigned why;
};

static void
stop(struct html *h, unsigned why)
{
	h->why |= why;
	xmlStopParser(h->ctxt);
}

static void
put(struct html *h, const char *s, size_t n)
{
	if (h->why != 0)
		return;
	if (tg__textbuf_add(h->out, s, n) != 0)
		stop(h, h->out->nomem ? TG_HTML_NOMEM : TG_HTML_CUT);
}

/* A line break, never two in a row. */
static void
newline(struct html *h)
{
	size_t len = h->out->len;

	h->space = 0;
	if (len == 0 || h->out->p[len - 1] == '\n')
		return;
	put(h, "\n", 1);
	h->bol = 1;
}

/* What an element name means to the text. */
#define E_SKIP	0x1u	/* script, style, head, template: content dropped */
#define E_BLOCK	0x2u	/* a line break before and after */
#define E_PRE	0x4u	/* blanks kept */
#define E_LINK	0x8u	/* a: its target goes into the text */
#define E_CELL	0x10u	/* td, th: a tab before */

/* Sorted by name for bsearch: every element start and end looks here. */
static const struct elem {
	const char *name;
	unsigned bits;
} elems[] = {
	{ "a", E_LINK }, { "address", E_BLOCK }, { "article", E_BLOCK },
	{ "aside", E_BLOCK }, { "blockquote", E_BLOCK }, { "body", E_BLOCK },
	{ "br", E_BLOCK }, { "caption", E_BLOCK }, { "center", E_BLOCK },
	{ "dd", E_BLOCK }, { "div", E_BLOCK }, { "dl", E_BLOCK },
	{ "dt", E_BLOCK }, { "fieldset", E_BLOCK }, { "figcaption", E_BLOCK },
	{ "figure", E_BLOCK }, { "footer", E_BLOCK }, { "form", E_BLOCK },
	{ "h1", E_BLOCK }, { "h2", E_BLOCK }, { "h3", E_BLOCK },
	{ "h4", E_BLOCK }, { "h5", E_BLOCK }, { "h6", E_BLOCK },
	{ "head", E_SKIP }, { "header", E_BLOCK }, { "hr", E_BLOCK },
	{ "li", E_BLOCK }, { "main", E_BLOCK }, { "nav", E_BLOCK },
	{ "ol", E_BLOCK }, { "p", E_BLOCK }, { "pre", E_BLOCK | E_PRE },
	{ "script", E_SKIP }, { "section", E_BLOCK }, { "style", E_SKIP },
	{ "table", E_BLOCK }, { "td", E_CELL }, { "template", E_SKIP },
	{ "textarea", E_BLOCK | E_PRE }, { "th", E_CELL },
	{ "title", E_BLOCK }, { "tr", E_BLOCK }, { "ul", E_BLOCK },
};

static int
by_name(const void *key, const void *e)
{
	return strcmp(key, ((const struct elem *)e)->name);
}

static unsigned
elem_bits(const xmlChar *name)
{
	const struct elem *e = bsearch(name, elems,
	    sizeof(elems) / sizeof(elems[0]), sizeof(elems[0]), by_name);

	return e != NULL ? e->bits : 0;
}

static void
checkpoint(struct html *h)
{
	if (++h->events % CHECK_EVERY == 0 && h->late != NULL &&
	    h->late(h->arg))
		stop(h, TG_HTML_LATE);
}

/* Longest link target written into the text. */
#define HREF_MAX 2048

/*
 * A link's target goes into the text before its words: a password reset
 * link often hides behind a button ("Reset your password"), and the
 * token in its URL is the leak.  Only absolute web links; at most
 * HREF_MAX bytes.
 */
static void
put_href(struct html *h, const xmlChar **attrs)
{
	for (; attrs != NULL && attrs[0] != NULL; attrs += 2) {
		const char *v = (const char *)attrs[1];
		size_t n;

		if (strcmp((const char *)attrs[0], "href") != 0 || v == NULL)
			continue;
		if (strncasecmp(v, "http://", 7) != 0 &&
		    strncasecmp(v, "https://", 8) != 0)
			return;
		n = strnlen(v, HREF_MAX);
		if (!h->bol && h->out->len > 0 &&
		    h->out->p[h->out->len - 1] != ' ')
			put(h, " ", 1);
		put(h, v, n);
		put(h, " ", 1);
		h->space = 0;
		h->bol = 0;
		return;
	}
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct html *h = ctx;
	unsigned bits = elem_bits(name);

	checkpoint(h);
	if (++h->depth > ORACLE_DEPTH_MAX) {
		stop(h, ORACLE_DEEP);
		return;
	}
	if (bits & E_SKIP)
		h->skip++;
	if (bits & E_PRE)
		h->pre++;
	if (h->skip > 0)
		return;
	if (bits & E_BLOCK) {
		newline(h);
	} else if (bits & E_LINK) {
		put_href(h, attrs);
	} else if (bits & E_CELL) {
		/* cells apart, so that a table row reads as fields */
		if (!h->bol)
			put(h, "\t", 1);
		h->space = 0;
		h->bol = 0;
	}
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct html *h = ctx;
	unsigned bits = elem_bits(name);

	if (h->depth > 0)
		h->depth--;
	if (bits & E_SKIP) {
		if (h->skip > 0)
			h->skip--;
		return;
	}
	if ((bits & E_PRE) && h->pre > 0)
		h->pre--;
	if (h->skip == 0 && (bits & E_BLOCK))
		newline(h);
}

/* Text, with blanks collapsed outside pre; U+00A0 counts as a blank. */
static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct html *h = ctx;
	const char *s = (const char *)ch;
	size_t i = 0, n = len > 0 ? (size_t)len : 0, run;

	if (h->skip > 0)
		return;
	while (i < n && h->why == 0) {
		int blank = 0;
		size_t w = 1;

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\f')
			blank = 1;
		else if ((unsigned char)s[i] == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xa0)
			blank = 1, w = 2;
		if (blank && h->pre == 0) {
			h->space = 1;
			i += w;
			continue;
		}
		if (h->pre > 0 && blank) {
			put(h, s[i] == '\n' ? "\n" : " ", 1);
			h->bol = s[i] == '\n';
			i += w;
			continue;
		}
		if (h->space && !h->bol)
			put(h, " ", 1);
		h->space = 0;
		/* a run of non-blank bytes at once */
		run = i;
		while (run < n && s[run] != ' ' && s[run] != '\t' &&
		    s[run] != '\n' && s[run] != '\r' && s[run] != '\f' &&
		    !((unsigned char)s[run] == 0xc2 && run + 1 < n &&
		    (unsigned char)s[run + 1] == 0xa0))
			run++;
		put(h, s + i, run - i);
		h->bol = 0;
		i = run;
	}
}

/* Raw text of script and style comes as CDATA: kept only outside them. */
static void
on_cdata(void *ctx, const xmlChar *ch, int len)
{
	on_text(ctx, ch, len);
}

static void
html_init(void)
{
	xmlInitParser();
}

unsigned
html_oracle_text(const char *in, size_t n, struct tg__textbuf *out,
    int (*late)(void *), void *arg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	htmlSAXHandler sax;
	struct html h;
	size_t off, k;

	pthread_once(&once, html_init);
	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;

	memset(&h, 0, sizeof(h));
	h.out = out;
	h.late = late;
	h.arg = arg;
	h.bol = 1;
	h.ctxt = htmlCreatePushParserCtxt(&sax, &h, NULL, 0, NULL,
	    XML_CHAR_ENCODING_UTF8);
	if (h.ctxt == NULL)
		return TG_HTML_NOMEM;
	/* IGNORE_ENC: the text is UTF-8 already, whatever a meta says. */
	htmlCtxtUseOptions(h.ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC);
	for (off = 0; off < n && h.why == 0; off += k) {
		k = n - off < CHUNK ? n - off : CHUNK;
		htmlParseChunk(h.ctxt, in + off, (int)k, 0);
		if (h.why == 0 && late != NULL && late(arg))
			stop(&h, TG_HTML_LATE);
	}
	if (h.why == 0)
		htmlParseChunk(h.ctxt, NULL, 0, 1);
	htmlFreeParserCtxt(h.ctxt);
	/* no blank line at the end */
	while (out->len > 0 && out->p[out->len - 1] == '\n')
		out->len--;
	return h.why;
}
