/*
 * html.c - HTML reduced to the text a reader sees.
 *
 * A tokenizer after the WHATWG HTML standard (section 13.2.5), with only
 * what text needs: character references, comments, raw text (script,
 * style), escapable raw text (title, textarea), tags and their
 * attributes (only a link's href is kept).  There is no tree: counters
 * say whether we are inside a skipped element (template, head) or a pre,
 * so memory is the output alone and time is linear in the input.  Runs
 * of plain text bytes are copied at once.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "html_int.h"
#include "text_int.h"

int
tg__textbuf_add(struct tg__textbuf *b, const char *s, size_t n)
{
	size_t want, nsize;
	char *p;

	if (b->full || b->nomem)
		return -1;
	if (n > b->max - b->len) {
		n = b->max - b->len;
		/* back to the start of a character */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		b->full = 1;
	}
	want = b->len + n;
	if (want > b->size) {
		nsize = b->size ? b->size : 4096;
		while (nsize < want)
			nsize = nsize > b->max / 2 ? b->max : nsize * 2;
		p = tg__realloc(b->p, nsize);
		if (p == NULL) {
			b->nomem = 1;
			return -1;
		}
		b->p = p;
		b->size = nsize;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return b->full ? -1 : 0;
}

void
tg__textbuf_free(struct tg__textbuf *b)
{
	tg__free(b->p);
	b->p = NULL;
	b->len = b->size = 0;
}

/* late() is asked after each CHUNK bytes of input and CHECK_EVERY tags. */
#define CHUNK 65536
#define CHECK_EVERY 4096

/* Longest link target written into the text. */
#define HREF_MAX 2048

/* Where the head stands (libxml2 and the standard agree on the common
 * cases: head content is dropped until something that belongs to the
 * body shows up). */
enum { HEAD_BEFORE, HEAD_IN, HEAD_AFTER };

struct html {
	struct tg__textbuf *out;
	int (*late)(void *);
	void *arg;
	const unsigned char *mark;	/* ask late() here (at most the end) */
	const unsigned char *end;
	unsigned tags;		/* tags until late() is asked */
	unsigned why;
	int head;		/* HEAD_* */
	size_t skip;		/* open template elements */
	size_t pre;		/* open pre, textarea */
	size_t noscript;	/* open noscript inside head */
	int space;		/* a blank is pending */
	int bol;		/* at the start of a line (or of the text) */
};

static void
put_slow(struct html *h, const char *s, size_t n)
{
	if (h->why != 0)
		return;
	if (tg__textbuf_add(h->out, s, n) != 0)
		h->why |= h->out->nomem ? TG_HTML_NOMEM : TG_HTML_CUT;
}

static inline void
put(struct html *h, const char *s, size_t n)
{
	struct tg__textbuf *b = h->out;

	if (n <= b->size - b->len && n < b->max - b->len && !b->full &&
	    !b->nomem && h->why == 0) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	} else {
		put_slow(h, s, n);
	}
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

/* Characters that end a run of plain text (cls[]). */
#define C_PLAIN 0
#define C_BLANK 1	/* space, tab, line feed, carriage return, form feed */
#define C_C2	2	/* the first byte of U+00A0, a blank too */
#define C_LT	3	/* < */
#define C_AMP	4	/* & */

#define B_(c) [c] = C_BLANK
static const unsigned char cls_data[256] = {
	B_(' '), B_('\t'), B_('\n'), B_('\r'), B_('\f'),
	[0xc2] = C_C2, ['<'] = C_LT, ['&'] = C_AMP,
};
/* Decoded characters: nothing is markup. */
static const unsigned char cls_text[256] = {
	B_(' '), B_('\t'), B_('\n'), B_('\r'), B_('\f'), [0xc2] = C_C2,
};
#undef B_

/* Bytes that end a name or value inside a tag (ctab[]). */
#define T_BLANK	0x1u	/* space, tab, line feed, carriage return, form feed */
#define T_NAME	0x2u	/* ends a tag name: blank, '/', '>' */
#define T_ATTR	0x4u	/* ends an attribute name: blank, '/', '>', '=' */
#define T_VALUE	0x8u	/* ends an unquoted value: blank, '>' */

#define W_(c) [c] = T_BLANK | T_NAME | T_ATTR | T_VALUE
static const unsigned char ctab[256] = {
	W_(' '), W_('\t'), W_('\n'), W_('\r'), W_('\f'),
	['/'] = T_NAME | T_ATTR, ['>'] = T_NAME | T_ATTR | T_VALUE,
	['='] = T_ATTR,
};
#undef W_

static inline int
is_blank(unsigned char c)
{
	return ctab[c] & T_BLANK;
}

static int
is_alpha(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int
is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
 * Text in[p..e) up to the first byte of class C_LT or C_AMP in cls:
 * blanks collapse to one space outside pre (U+00A0 is one), are kept
 * inside.  Returns where it stopped.
 */
static const unsigned char *
text(struct html *h, const unsigned char *p, const unsigned char *e,
    const unsigned char *cls)
{
	const unsigned char *q;

	while (p < e && h->why == 0) {
		q = p;
		/* words and the single spaces between them, at once */
		for (;;) {
			while (q < e && cls[*q] == C_PLAIN)
				q++;
			if (q > p && q + 1 < e && *q == ' ' &&
			    cls[q[1]] == C_PLAIN)
				q += 2;
			else if (q < e && *q == 0xc2 &&
			    !(q + 1 < e && q[1] == 0xa0))
				q++;
			else
				break;
		}
		if (q > p) {
			if (h->space && !h->bol)
				put(h, " ", 1);
			h->space = 0;
			put(h, (const char *)p, (size_t)(q - p));
			h->bol = 0;
			p = q;
			continue;
		}
		if (cls[*p] > C_C2)
			break;
		if (h->pre == 0) {
			h->space = 1;
		} else {
			put(h, *p == '\n' ? "\n" : " ", 1);
			h->bol = *p == '\n';
		}
		p += *p == 0xc2 ? 2 : 1;
	}
	return p;
}

/* ------------------------------------------------------------------ */
/* Character references                                                 */

struct ent {
	uint16_t off;		/* name in ent_names */
	uint8_t len;
	uint8_t legacy;		/* also without ';' */
	uint8_t vlen;
	char val[9];		/* UTF-8 */
};

#include "html_entities.h"

static int
ent_cmp(const char *s, size_t n, const struct ent *x)
{
	const char *name = ent_names + x->off;
	size_t i, m = n < x->len ? n : x->len;

	for (i = 0; i < m; i++)
		if (s[i] != name[i])
			return (unsigned char)s[i] < (unsigned char)name[i] ?
			    -1 : 1;
	return n < x->len ? -1 : n > x->len;
}

/* The reference named s[0..n) (n > 0, s ASCII letters and digits). */
static const struct ent *
ent_find(const char *s, size_t n)
{
	size_t lo = ent_first[(unsigned char)s[0]];
	size_t hi = ent_first[(unsigned char)s[0] + 1], mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = ent_cmp(s, n, &ents[mid]);
		if (c == 0)
			return &ents[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Numeric references 0x80-0x9F are read as Windows-1252 (the standard's
 * table); 0 where the standard keeps the code point. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/*
 * The character reference at p[0] == '&': its UTF-8 in val (at most 8
 * bytes), its length returned (0: not a reference, '&' is text), the
 * input it takes in *used.  In an attribute a name without ';' followed
 * by a letter, digit or '=' is not decoded (the standard's rule).
 */
static size_t
charref(const unsigned char *p, const unsigned char *e, int attr,
    char *val, size_t *used)
{
	const unsigned char *q = p + 1;
	const struct ent *x;
	uint32_t cp = 0;
	size_t n, k;

	if (q < e && *q == '#') {
		int hex = 0, digits = 0;

		q++;
		if (q < e && (*q | 0x20) == 'x')
			hex = 1, q++;
		for (; q < e; q++, digits++) {
			unsigned d;

			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && (*q | 0x20) >= 'a' &&
			    (*q | 0x20) <= 'f')
				d = (*q | 0x20) - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10ffff)
				cp = 0x110000;	/* stays out of range */
		}
		if (digits == 0)
			return 0;
		if (q < e && *q == ';')
			q++;
		*used = (size_t)(q - p);
		if (cp >= 0x80 && cp <= 0x9f && cp1252[cp - 0x80] != 0)
			cp = cp1252[cp - 0x80];
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		else if (cp < 0x20 && !is_blank((unsigned char)cp))
			cp = ' ';	/* controls, as the walk has them */
		return tg__utf8_encode(cp, val);
	}
	for (n = 0; q + n < e && n < ENT_NAME_MAX && is_alnum(q[n]); n++)
		;
	if (n == 0)
		return 0;
	/* the most common ones first */
	if (n == 3 && q + 3 < e && q[3] == ';' && memcmp(q, "amp", 3) == 0) {
		*used = 5;
		val[0] = '&';
		return 1;
	}
	if (n == 4 && q + 4 < e && q[4] == ';' && memcmp(q, "nbsp", 4) == 0) {
		*used = 6;
		memcpy(val, "\xc2\xa0", 2);
		return 2;
	}
	if (q + n < e && q[n] == ';' && (x = ent_find((const char *)q, n))
	    != NULL) {
		*used = n + 2;
		memcpy(val, x->val, x->vlen);
		return x->vlen;
	}
	/* the longest legacy name that starts the run */
	for (k = n < ENT_LEGACY_MAX ? n : ENT_LEGACY_MAX; k > 0; k--) {
		x = ent_find((const char *)q, k);
		if (x == NULL || !x->legacy)
			continue;
		if (attr && q + k < e && (is_alnum(q[k]) || q[k] == '='))
			return 0;
		*used = k + 1;
		memcpy(val, x->val, x->vlen);
		return x->vlen;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Elements                                                             */

#define E_BLOCK	0x1u	/* a line break before and after */
#define E_PRE	0x2u	/* blanks kept */
#define E_LINK	0x4u	/* a: its target goes into the text */
#define E_CELL	0x8u	/* td, th: a tab before */
#define E_SKIP	0x10u	/* template: content dropped */
#define E_RAW	0x20u	/* script, style: raw text, dropped */
#define E_RCDATA 0x40u	/* title, textarea: text to their end tag only */
#define E_HEAD	0x80u	/* head */
#define E_INHEAD 0x100u	/* may be in head without ending it */
#define E_BODY	0x200u	/* body */
#define E_NOSCRIPT 0x400u
#define E_HTML	0x800u	/* html: the head may still come */

#define NAME_MAX_ 10	/* the longest name below */

/* Sorted by name. */
static const struct elem {
	char name[NAME_MAX_ + 1];
	unsigned bits;
} elems[] = {
	{ "a", E_LINK }, { "address", E_BLOCK }, { "article", E_BLOCK },
	{ "aside", E_BLOCK }, { "base", E_INHEAD }, { "basefont", E_INHEAD },
	{ "bgsound", E_INHEAD }, { "blockquote", E_BLOCK },
	{ "body", E_BLOCK | E_BODY }, { "br", E_BLOCK },
	{ "caption", E_BLOCK }, { "center", E_BLOCK }, { "dd", E_BLOCK },
	{ "div", E_BLOCK }, { "dl", E_BLOCK }, { "dt", E_BLOCK },
	{ "fieldset", E_BLOCK }, { "figcaption", E_BLOCK },
	{ "figure", E_BLOCK }, { "footer", E_BLOCK }, { "form", E_BLOCK },
	{ "h1", E_BLOCK }, { "h2", E_BLOCK }, { "h3", E_BLOCK },
	{ "h4", E_BLOCK }, { "h5", E_BLOCK }, { "h6", E_BLOCK },
	{ "head", E_HEAD | E_INHEAD }, { "header", E_BLOCK },
	{ "hr", E_BLOCK }, { "html", E_HTML }, { "li", E_BLOCK },
	{ "link", E_INHEAD },
	{ "main", E_BLOCK }, { "meta", E_INHEAD }, { "nav", E_BLOCK },
	{ "noframes", E_INHEAD }, { "noscript", E_INHEAD | E_NOSCRIPT },
	{ "ol", E_BLOCK }, { "p", E_BLOCK }, { "pre", E_BLOCK | E_PRE },
	{ "script", E_RAW | E_INHEAD }, { "section", E_BLOCK },
	{ "style", E_RAW | E_INHEAD }, { "table", E_BLOCK },
	{ "td", E_CELL }, { "template", E_SKIP | E_INHEAD },
	{ "textarea", E_BLOCK | E_PRE | E_RCDATA }, { "th", E_CELL },
	{ "title", E_BLOCK | E_RCDATA | E_INHEAD }, { "tr", E_BLOCK },
	{ "ul", E_BLOCK },
};

/* ASCII letters lowercased, other bytes as they are. */
static inline unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/*
 * elems[] by first letter and length: the indices + 1 of the names with
 * both (0 ends), so that a tag name is compared with one to three names
 * (h and length 2: seven; room for eleven).  Built once.
 */
static unsigned char cand[26][NAME_MAX_ + 1][12];
static pthread_once_t cand_once = PTHREAD_ONCE_INIT;

static void
cand_init(void)
{
	size_t i, n, k;
	unsigned c;

	for (i = 0; i < sizeof(elems) / sizeof(elems[0]); i++) {
		c = (unsigned)(elems[i].name[0] - 'a');
		n = strlen(elems[i].name);
		for (k = 0; cand[c][n][k] != 0; k++)
			;
		cand[c][n][k] = (unsigned char)(i + 1);
	}
}

/*
 * The tag name at p (its first byte a letter): returns its end, its
 * elems[] bits (any case; 0 when not there) in *bits.
 */
static const unsigned char *
tag_name(const unsigned char *p, const unsigned char *e, unsigned *bits)
{
	const unsigned char *q = p + 1, *c;
	const char *x;
	size_t n, k;

	while (q < e && !(ctab[*q] & T_NAME))
		q++;
	n = (size_t)(q - p);
	if (n > NAME_MAX_) {
		*bits = 0;
		return q;
	}
	for (c = cand[(p[0] | 0x20) - 'a'][n]; *c != 0; c++) {
		x = elems[*c - 1].name;
		for (k = 1; k < n && x[k] == (char)lower(p[k]); k++)
			;
		if (k == n) {
			*bits = elems[*c - 1].bits;
			return q;
		}
	}
	*bits = 0;
	return q;
}

/*
 * A link's target goes into the text before its words: a password reset
 * link often hides behind a button ("Reset your password"), and the
 * token in its URL is the leak.  Only absolute web links; at most
 * HREF_MAX bytes, references decoded.
 */
static void
put_href(struct html *h, const unsigned char *v, size_t n)
{
	char buf[HREF_MAX + 16], val[8];
	size_t len = 0, k, used;
	const unsigned char *e = v + n;

	/* a few bytes past HREF_MAX, to cut on a character */
	while (v < e && len <= HREF_MAX + 3) {
		const unsigned char *amp;

		k = (size_t)(e - v);
		if (k > HREF_MAX + 4 - len)
			k = HREF_MAX + 4 - len;
		amp = memchr(v, '&', k);
		if (amp != NULL)
			k = (size_t)(amp - v);
		memcpy(buf + len, v, k);
		len += k;
		v += k;
		if (amp == NULL || len > HREF_MAX + 3)
			continue;
		if ((k = charref(v, e, 1, val, &used)) > 0) {
			memcpy(buf + len, val, k);
			len += k;
			v += used;
		} else {
			buf[len++] = '&';
			v++;
		}
	}
	if (len > HREF_MAX) {
		len = HREF_MAX;
		while (len > 0 && ((unsigned char)buf[len] & 0xc0) == 0x80)
			len--;
	}
	if (!((len >= 7 && strncasecmp(buf, "http://", 7) == 0) ||
	    (len >= 8 && strncasecmp(buf, "https://", 8) == 0)))
		return;
	if (!h->bol && h->out->len > 0 && h->out->p[h->out->len - 1] != ' ')
		put(h, " ", 1);
	put(h, buf, len);
	put(h, " ", 1);
	h->space = 0;
	h->bol = 0;
}

/* Whether text or markup at this point is dropped. */
static int
hidden(const struct html *h)
{
	return h->skip > 0 || h->head == HEAD_IN;
}

static void
start_tag(struct html *h, unsigned bits, const unsigned char *href,
    size_t hlen)
{
	if (h->head == HEAD_BEFORE && !(bits & E_HTML))
		h->head = (bits & (E_HEAD | E_INHEAD)) ? HEAD_IN : HEAD_AFTER;
	else if (h->head == HEAD_IN && !(bits & E_INHEAD) && h->skip == 0)
		h->head = HEAD_AFTER;	/* where the body must begin */
	if (bits & E_BODY)
		h->head = HEAD_AFTER;
	if (h->head == HEAD_IN && (bits & E_NOSCRIPT))
		h->noscript++;
	if (bits & E_SKIP)
		h->skip++;
	if (bits & E_PRE)
		h->pre++;
	if (hidden(h))
		return;
	if (bits & E_BLOCK) {
		newline(h);
	} else if (bits & E_LINK) {
		if (href != NULL)
			put_href(h, href, hlen);
	} else if (bits & E_CELL) {
		/* cells apart, so that a table row reads as fields */
		if (!h->bol)
			put(h, "\t", 1);
		h->space = 0;
		h->bol = 0;
	}
}

static void
end_tag(struct html *h, unsigned bits)
{
	if (h->head == HEAD_IN && h->skip == 0) {
		if (bits & E_HEAD)
			h->head = HEAD_AFTER;
		else if ((bits & E_NOSCRIPT) && h->noscript > 0)
			h->noscript--;
		return;
	}
	if (bits & E_SKIP) {
		if (h->skip > 0)
			h->skip--;
		return;
	}
	if ((bits & E_PRE) && h->pre > 0)
		h->pre--;
	if (!hidden(h) && (bits & E_BLOCK))
		newline(h);
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                            */

static const unsigned char *
find(const unsigned char *p, const unsigned char *e, int c)
{
	const unsigned char *q = memchr(p, c, (size_t)(e - p));

	return q != NULL ? q : e;
}

/*
 * The attributes of a tag from p (after its name) to its '>': returns
 * past the '>', or NULL when the input ends inside the tag (the standard
 * drops such a tag).  With want, the first href's value in *v, *vn.
 */
static const unsigned char *
attrs(const unsigned char *p, const unsigned char *e, int want,
    const unsigned char **v, size_t *vn)
{
	const unsigned char *name, *q;
	size_t nlen;

	for (;;) {
		while (p < e && (is_blank(*p) || *p == '/'))
			p++;
		if (p >= e)
			return NULL;
		if (*p == '>')
			return p + 1;
		name = p++;	/* a first '=' is part of the name */
		while (p < e && !(ctab[*p] & T_ATTR))
			p++;
		nlen = (size_t)(p - name);
		while (p < e && is_blank(*p))
			p++;
		if (p >= e)
			return NULL;
		if (*p != '=')
			continue;
		p++;
		while (p < e && is_blank(*p))
			p++;
		if (p >= e)
			return NULL;
		if (*p == '"' || *p == '\'') {
			q = memchr(p + 1, *p, (size_t)(e - p - 1));
			if (q == NULL)
				return NULL;
			p++;
		} else {
			for (q = p; q < e && !(ctab[*q] & T_VALUE); q++)
				;
		}
		if (want && nlen == 4 && strncasecmp((const char *)name,
		    "href", 4) == 0) {
			*v = p;
			*vn = (size_t)(q - p);
			want = 0;
		}
		p = q < e && (*q == '"' || *q == '\'') ? q + 1 : q;
	}
}

/* Past the end tag </name of raw text or RCDATA at or after p, or e. */
static const unsigned char *
end_of(const unsigned char *p, const unsigned char *e, const char *name,
    size_t n, const unsigned char **tag)
{
	while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		if ((size_t)(e - p) >= n + 3 && p[1] == '/' &&
		    strncasecmp((const char *)p + 2, name, n) == 0 &&
		    (ctab[p[n + 2]] & T_NAME)) {
			*tag = p;
			return p;
		}
		p++;
	}
	*tag = NULL;
	return e;
}

/* Past a comment whose text starts at p (after "<!--"). */
static const unsigned char *
comment(const unsigned char *p, const unsigned char *e)
{
	const unsigned char *q;

	/* <!--> and <!---> end at once */
	if (p < e && *p == '>')
		return p + 1;
	if (e - p >= 2 && p[0] == '-' && p[1] == '>')
		return p + 2;
	for (q = p; (q = memchr(q, '>', (size_t)(e - q))) != NULL; q++) {
		if (q - p >= 2 && q[-1] == '-' && q[-2] == '-')
			return q + 1;
		if (q - p >= 3 && q[-1] == '!' && q[-2] == '-' && q[-3] == '-')
			return q + 1;
	}
	return e;
}

static void
checkpoint(struct html *h, const unsigned char *p, int tag)
{
	int due = p >= h->mark;

	if (tag && --h->tags == 0) {
		h->tags = CHECK_EVERY;
		due = 1;
	}
	while (p >= h->mark && h->mark < h->end)
		h->mark = h->end - h->mark > CHUNK ? h->mark + CHUNK : h->end;
	if (due && h->late != NULL && h->why == 0 && h->late(h->arg))
		h->why |= TG_HTML_LATE;
}

/* Text between tags that decides where the head ends. */
static const unsigned char *
head_text(struct html *h, const unsigned char *p, const unsigned char *e)
{
	while (p < e && *p != '<') {
		if (!is_blank(*p) && h->noscript == 0) {
			/* anything but blanks begins the body */
			h->head = HEAD_AFTER;
			return p;
		}
		p++;
	}
	return p;
}

/*
 * The text of a raw text or RCDATA element from p: returns where its end
 * tag starts, or e.
 */
static const unsigned char *
rcdata(struct html *h, const unsigned char *p, const unsigned char *e,
    unsigned bits, const char *name, size_t n)
{
	const unsigned char *tag, *q = end_of(p, e, name, n, &tag);

	(void)tag;
	char val[8];
	size_t k, used;

	if ((bits & E_RCDATA) && !hidden(h)) {
		while (p < q && h->why == 0) {
			p = text(h, p, q, cls_data);
			if (p >= q)
				break;
			k = *p == '&' ? charref(p, q, 0, val, &used) : 0;
			if (k > 0) {
				text(h, (const unsigned char *)val,
				    (const unsigned char *)val + k, cls_text);
				p += used;
			} else {
				text(h, p, p + 1, cls_text);
				p++;
			}
		}
	}
	return q;
}

/* Whether s[0..n) is UTF-8; else where the first bad byte is. */
static int
utf8_ok(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint64_t v;
	uint32_t cp;

	while (i < n) {
		/* ASCII 32 and 8 bytes at a time */
		if (n - i >= 32) {
			uint64_t w[4];

			memcpy(w, p + i, 32);
			if (((w[0] | w[1] | w[2] | w[3]) &
			    0x8080808080808080ull) == 0) {
				i += 32;
				continue;
			}
		}
		if (n - i >= 8) {
			memcpy(&v, p + i, 8);
			if ((v & 0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		/* two-byte characters (Latin, Greek, Cyrillic...) inline */
		if (p[i] >= 0xc2 && p[i] <= 0xdf && i + 1 < n &&
		    (p[i + 1] & 0xc0) == 0x80) {
			i += 2;
			continue;
		}
		k = tg__utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

/*
 * The text is the input's bytes, valid UTF-8 from the MIME walk; if the
 * input was not, each bad byte of the text becomes U+FFFD here.
 */
static unsigned
repair(struct tg__textbuf *out, size_t start)
{
	struct tg__textbuf copy = { 0 };
	const unsigned char *s;
	size_t i, n, k, bad;
	uint32_t cp;
	int full = out->full;

	if (utf8_ok(out->p + start, out->len - start, &bad))
		return 0;
	copy.max = out->len - start;
	if (tg__textbuf_add(&copy, out->p + start, out->len - start) != 0) {
		out->len = start + bad;	/* what is known to be good */
		tg__textbuf_free(&copy);
		return TG_HTML_NOMEM;
	}
	s = (const unsigned char *)copy.p;
	n = copy.len;
	out->len = start + bad;
	out->full = 0;
	for (i = bad; i < n; i += k) {
		k = s[i] < 0x80 ? 1 : tg__utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			if (tg__textbuf_add(out, "\xef\xbf\xbd", 3) != 0)
				break;
		} else if (tg__textbuf_add(out, (const char *)s + i, k) != 0) {
			break;
		}
	}
	tg__textbuf_free(&copy);
	if (out->nomem)
		return TG_HTML_NOMEM;
	if (out->full)
		return TG_HTML_CUT;
	out->full = full;
	return 0;
}

unsigned
tg__html_text(const char *in, size_t n, struct tg__textbuf *out,
    int (*late)(void *), void *arg)
{
	const unsigned char *p = (const unsigned char *)in, *e = p + n, *q;
	const unsigned char *href;
	struct html h;
	size_t start = out->len, k, used, hlen;
	unsigned bits;
	char val[8];

	pthread_once(&cand_once, cand_init);
	memset(&h, 0, sizeof(h));
	h.out = out;
	h.late = late;
	h.arg = arg;
	h.bol = 1;
	h.end = e;
	h.mark = n > CHUNK ? p + CHUNK : e;
	h.tags = CHECK_EVERY;
	if (n == 0)
		return 0;
	while (p < e && h.why == 0) {
		if (p >= h.mark)
			checkpoint(&h, p, 0);
		if (*p != '<') {
			if (h.skip > 0) {
				p = find(p, e, '<');
				continue;
			}
			if (h.head == HEAD_IN) {
				p = head_text(&h, p, e);
				if (h.head == HEAD_IN)
					continue;
			} else if (h.head == HEAD_BEFORE) {
				while (p < e && is_blank(*p))
					p++;
				if (p >= e || *p == '<')
					continue;
				h.head = HEAD_AFTER;
			}
			/* to the next deadline mark at most, on a character */
			q = h.mark;
			while (q < e && (*q & 0xc0) == 0x80)
				q++;
			p = text(&h, p, q, cls_data);
			if (p < e && *p == '&') {
				if ((k = charref(p, e, 0, val, &used)) > 0) {
					text(&h, (const unsigned char *)val,
					    (const unsigned char *)val + k,
					    cls_text);
					p += used;
				} else {
					text(&h, p, p + 1, cls_text);
					p++;
				}
			}
			continue;
		}
		/* p[0] == '<' */
		if (e - p >= 2 && is_alpha(p[1])) {
			q = tag_name(p + 1, e, &bits);
			href = NULL;
			hlen = 0;
			/* a link ends the head: only template hides it */
			if (q < e && *q == '>')
				q++;
			else
				q = attrs(q, e, (bits & E_LINK) && h.skip == 0,
				    &href, &hlen);
			if (q == NULL)
				break;	/* the input ends inside the tag */
			checkpoint(&h, q, 1);
			start_tag(&h, bits, href, hlen);
			if (bits & (E_RAW | E_RCDATA)) {
				/* its text runs to its own end tag */
				const char *name;

				if (bits & E_RAW)
					name = (p[2] | 0x20) == 'c' ? "script" :
					    "style";
				else
					name = (p[2] | 0x20) == 'i' ? "title" :
					    "textarea";

				q = rcdata(&h, q, e, bits, name, strlen(name));
			}
			p = q;
			continue;
		}
		if (e - p >= 2 && p[1] == '/') {
			if (e - p >= 3 && is_alpha(p[2])) {
				q = tag_name(p + 2, e, &bits);
				if (q < e && *q == '>')
					q++;
				else
					q = attrs(q, e, 0, &href, &hlen);
				if (q == NULL)
					break;
				checkpoint(&h, q, 1);
				end_tag(&h, bits);
				p = q;
			} else if (e - p >= 3 && p[2] == '>') {
				p += 3;	/* </> is nothing */
			} else if (e - p == 2) {
				text(&h, p, e, cls_text);
				p = e;
			} else {
				/* a bogus comment, to the next '>' */
				p = find(p + 2, e, '>');
				p += p < e;
			}
			continue;
		}
		if (e - p >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
			p = comment(p + 4, e);
			continue;
		}
		if (e - p >= 2 && (p[1] == '!' || p[1] == '?')) {
			/* doctype, CDATA outside foreign content, processing
			 * instructions and the like: bogus comments */
			p = find(p + 2, e, '>');
			p += p < e;
			continue;
		}
		/* a '<' that starts no tag is text */
		if (h.skip == 0 && (h.head != HEAD_IN || h.noscript == 0)) {
			h.head = HEAD_AFTER;
			text(&h, p, p + 1, cls_text);
		}
		p++;
	}
	/* repair first: its U+FFFD may cut the text after a line feed
	 * (crash-newline-after-repair) */
	if (out->len > start)
		h.why |= repair(out, start);
	/* no blank line at the end */
	while (out->len > 0 && out->p[out->len - 1] == '\n')
		out->len--;
	return h.why;
}
