/*
 * addrlist.c - header address lists (RFC 5322 address-list, RFC 6532).
 *
 * Our own parser, lenient where real mail needs it, so that no mailbox is
 * lost: a recipient that looks like a typo is exactly what the library
 * must see.  Each entry of the list (between ',' or ';' at top level) is
 * tokenized, its addr-spec rebuilt without CFWS and handed to
 * tg_addr_parse(), so header and envelope addresses come out identical;
 * its errors are moved back to offsets in the header.  An entry we cannot
 * make sense of is kept with a structural error.  GMime only decodes the
 * RFC 2047 encoded words of display names.
 *
 * Every loop advances through the input or through the tokens of one
 * entry, comments nest by counting rather than by recursion, and memory
 * is bounded by the input: a fixed token table, scratch buffers no larger
 * than one entry, at most TG_ADDRLIST_MAX entries.
 */
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "mime_int.h"
#include "text_int.h"

/* Deeper comments are nonsense or an attack, not mail. */
#define COMMENT_DEPTH 32
/* Tokens kept per entry; a real mailbox has a few dozen.  An entry with
 * more is kept as TG_ETOOLONG rather than given memory without bound. */
#define ENTRY_TOKENS 1024

struct tg_addrlist {
	size_t count;
	size_t cap;
	struct tg_hdr_addr *items;
};

enum tok_kind { TK_ATOM, TK_QSTR, TK_COMMENT, TK_DLIT, TK_SPECIAL, TK_BAD };

struct tok {
	enum tok_kind kind;
	unsigned char ch;	/* first byte */
	int err;		/* malformed token: its TG_E* code, else 0 */
	size_t erroff;
	size_t start, end;	/* s[start..end) */
};

struct parser {
	const tg_ctx *ctx;
	const char *s;
	size_t len;
	size_t pos;
	tg_addrlist *l;
	struct tok *t;		/* the current entry's tokens */
	size_t nt, tcap;
	int overflow;		/* more than ENTRY_TOKENS in the entry */
	size_t overflow_off;
	size_t last_end;	/* end of the entry's last token */
	char *buf;		/* scratch: a rebuilt addr-spec or phrase */
	size_t *map;		/* header offset of each byte of buf */
	size_t cap;
	char *group;		/* name of the open group, NULL outside */
	/* A words-only entry ended by ',' (see pend_words()). */
	int pending;
	size_t pstart, pend;
	char *pname;
	struct tg_error *err;
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *gmime_opts;

/* The parser options, made once, after GMime's own init. */
static void
gmime_start(void)
{
	tg__gmime_init();
	gmime_opts = g_mime_parser_options_new();
	/* Loose: decode encoded words wherever senders put them (inside
	 * quotes, next to other text). */
	g_mime_parser_options_set_address_compliance_mode(gmime_opts,
	    GMIME_RFC_COMPLIANCE_LOOSE);
}

static int
nomem(struct parser *p)
{
	return tg__error_set(p->err, TG_ENOMEM, TG_NO_OFFSET, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Tokens                                                               */

/* CR and LF count as blanks: unfolding is just skipping them. */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Length of the atom character at s[i] (RFC 6532: a well-formed UTF-8
 * sequence is one), 0 if there is none. */
static size_t
atom_char(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;

	if (c < 0x80)
		return tg__is_atext(c) || c == '.' ? 1 : 0;
	return tg__utf8_decode((const unsigned char *)s + i, len - i, &cp);
}


/* Reads the token at p->pos; returns 0 at the end of the input. */
static int
next_tok(const struct parser *p, size_t *pos, struct tok *t)
{
	const char *s = p->s;
	size_t len = p->len, i = *pos, n;
	unsigned depth;
	unsigned char c;

	while (i < len && is_blank((unsigned char)s[i]))
		i++;
	if (i >= len) {
		*pos = i;
		return 0;
	}
	memset(t, 0, sizeof(*t));
	t->start = i;
	t->ch = c = (unsigned char)s[i];
	if (c == '"') {
		t->kind = TK_QSTR;
		for (i++; i < len && s[i] != '"'; i++)
			if (s[i] == '\\' && i + 1 < len)
				i++;
		if (i >= len) {
			t->err = TG_EADDR_QUOTE;
			t->erroff = t->start;
		} else {
			i++;
		}
	} else if (c == '(') {
		t->kind = TK_COMMENT;
		depth = 1;
		for (i++; i < len && depth > 0; i++) {
			if (s[i] == '\\' && i + 1 < len) {
				i++;
			} else if (s[i] == '(') {
				if (++depth > COMMENT_DEPTH && t->err == 0) {
					t->err = TG_EADDR_SYNTAX;
					t->erroff = i;
				}
			} else if (s[i] == ')') {
				depth--;
			}
		}
		if (depth > 0 && t->err == 0) {
			t->err = TG_EADDR_SYNTAX;
			t->erroff = t->start;
		}
	} else if (c == '[') {
		/* An unclosed literal ends where no literal could go on;
		 * tg_addr_parse() then says what is wrong with it. */
		t->kind = TK_DLIT;
		for (i++; i < len; i++) {
			c = (unsigned char)s[i];
			if (c == ']') {
				i++;
				break;
			}
			if (c <= ' ' || c >= 0x7f || strchr("[\\<>,;\"()", c))
				break;
		}
	} else if ((n = atom_char(s, len, i)) > 0) {
		t->kind = TK_ATOM;
		while (i < len && (n = atom_char(s, len, i)) > 0)
			i += n;
	} else {
		/* Specials, and bytes no token may hold (controls, broken
		 * UTF-8): tg_addr_parse() reports those in an address. */
		t->kind = c >= 0x21 && c < 0x7f ? TK_SPECIAL : TK_BAD;
		i++;
	}
	t->end = i;
	*pos = i;
	return 1;
}

static int
is_sp(const struct tok *t, unsigned char c)
{
	return t->kind == TK_SPECIAL && t->ch == c;
}

/* Text of a phrase: atoms, quoted strings, 8-bit and control bytes. */
static int
is_word(const struct tok *t)
{
	return t->kind == TK_ATOM || t->kind == TK_QSTR || t->kind == TK_BAD;
}

/*
 * Reads one entry's tokens into p->t, up to and including its separator,
 * which it returns: ',' or ';', ':' when the tokens so far are a group's
 * name, 0 at the end of the input.  Inside <...> a ',' belongs to an
 * obsolete route when an '@' follows it; otherwise ',' and ';' end the
 * entry even there, so that an unclosed '<' costs one entry, not the rest
 * of the list.
 */
static int
collect(struct parser *p)
{
	struct tok t, u;
	size_t look;
	int angle = 0, route = 0, seen_at = 0, words = 0, phrase = 1;
	int first_in_angle = 0;

	p->nt = 0;
	p->overflow = 0;
	p->last_end = p->pos;
	while (next_tok(p, &p->pos, &t)) {
		if (t.kind == TK_SPECIAL) {
			if (t.ch == ',' && angle && route) {
				look = p->pos;
				if (next_tok(p, &look, &u) &&
				    (is_sp(&u, '@') || is_sp(&u, ',')))
					goto keep;
			}
			if (t.ch == ',' || (t.ch == ';' && !route))
				return t.ch;
			if (t.ch == ':' && !angle && !seen_at && phrase &&
			    words > 0)
				return ':';
		}
keep:
		if (t.kind != TK_COMMENT) {
			if (first_in_angle)
				route = is_sp(&t, '@');
			first_in_angle = 0;
			if (is_sp(&t, '<') && !angle) {
				angle = 1;
				first_in_angle = 1;
			} else if (is_sp(&t, '>')) {
				angle = 0;
				route = 0;
			} else if (is_sp(&t, ':')) {
				route = 0;
			} else if (is_sp(&t, '@')) {
				seen_at = 1;
			}
			if (is_word(&t))
				words++;
			else
				phrase = 0;
		}
		p->last_end = t.end;
		if (p->nt < p->tcap) {
			p->t[p->nt++] = t;
		} else if (!p->overflow) {
			p->overflow = 1;
			p->overflow_off = t.start;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entries                                                              */

/* Scratch room for n bytes (and their offsets). */
static int
reserve(struct parser *p, size_t n)
{
	char *b;
	size_t *m;

	if (n + 1 <= p->cap)
		return TG_OK;
	b = tg__realloc(p->buf, n + 1);
	if (b == NULL)
		return nomem(p);
	p->buf = b;
	m = tg__realloc(p->map, (n + 1) * sizeof(*m));
	if (m == NULL)
		return nomem(p);
	p->map = m;
	p->cap = n + 1;
	return TG_OK;
}

/* A new entry at the end of the list, zeroed; counted at once so that
 * tg_addrlist_free() releases whatever of it gets filled. */
static int
new_entry(struct parser *p, size_t offset, struct tg_hdr_addr **out)
{
	tg_addrlist *l = p->l;
	struct tg_hdr_addr *h, *grown;
	size_t ncap;

	if (l->count >= TG_ADDRLIST_MAX)
		return tg__error_set(p->err, TG_EADDR_TOOMANY, TG_NO_OFFSET,
		    "more than %d addresses in one list", TG_ADDRLIST_MAX);
	if (l->count == l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		grown = tg__realloc(l->items, ncap * sizeof(*grown));
		if (grown == NULL)
			return nomem(p);
		l->items = grown;
		l->cap = ncap;
	}
	h = &l->items[l->count++];
	memset(h, 0, sizeof(*h));
	h->offset = offset;
	*out = h;
	if (p->group != NULL) {
		h->group = tg__strndup(p->group, strlen(p->group));
		if (h->group == NULL)
			return nomem(p);
	}
	return TG_OK;
}

/*
 * A display name as it is shown: valid UTF-8 (bytes that are not are read
 * as Latin-1, the commonest 8-bit charset of unlabelled names), no
 * control characters (C0, DEL, C1), runs of blanks as one space, no
 * blanks at either end.
 */
static char *
clean_name(const char *in)
{
	size_t n = strlen(in), i = 0, o = 0, k;
	int space = 0;
	uint32_t cp;
	char *out;

	out = tg__malloc(2 * n + 1);
	if (out == NULL)
		return NULL;
	while (i < n) {
		k = tg__utf8_decode((const unsigned char *)in + i, n - i, &cp);
		if (k == 0) {
			cp = (unsigned char)in[i];
			k = 1;
		}
		if (cp <= ' ' || (cp >= 0x7f && cp < 0xa0)) {
			space = 1;
			i += k;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		if (cp < 0x80 || k > 1) {
			memcpy(out + o, in + i, k);
			o += k;
		} else {
			out[o++] = (char)(0xc0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3f));
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* Copies s[a..b) to dst, resolving quoted pairs; returns the length. */
static size_t
unquote(const char *s, size_t a, size_t b, char *dst)
{
	size_t o = 0;

	for (; a < b; a++) {
		if (s[a] == '\\' && a + 1 < b)
			a++;
		dst[o++] = s[a];
	}
	return o;
}

/*
 * The name from tokens [i0, i1) (a phrase: comments left out, quoted
 * strings unquoted, words joined by one space where the header had
 * blanks or a comment), or from the comment at index cm when i0 == i1.
 * Encoded words are decoded by GMime.  *out is NULL on ENOMEM.
 */
static int
make_name(struct parser *p, size_t i0, size_t i1, size_t cm, char **out)
{
	const struct tok *t, *prev = NULL;
	size_t o = 0, i;
	char *dec;
	int rc;

	*out = NULL;
	rc = reserve(p, (i1 > i0 ? p->t[i1 - 1].end - p->t[i0].start :
	    cm < p->nt ? p->t[cm].end - p->t[cm].start : 0) + 1);
	if (rc != TG_OK)
		return rc;
	if (i0 == i1 && cm < p->nt) {
		t = &p->t[cm];
		o = unquote(p->s, t->start + 1, t->end - 1, p->buf);
	}
	for (i = i0; i < i1; i++) {
		t = &p->t[i];
		if (t->kind == TK_COMMENT)
			continue;
		if (prev != NULL && prev->end != t->start)
			p->buf[o++] = ' ';
		if (t->kind == TK_QSTR) {
			o += unquote(p->s, t->start + 1, t->end - 1,
			    p->buf + o);
		} else {
			memcpy(p->buf + o, p->s + t->start, t->end - t->start);
			o += t->end - t->start;
		}
		prev = t;
	}
	p->buf[o] = '\0';
	dec = g_mime_utils_header_decode_phrase(gmime_opts, p->buf);
	*out = clean_name(dec != NULL ? dec : p->buf);
	g_free(dec);
	return *out != NULL ? TG_OK : nomem(p);
}

/* Rewrites " at RAW" in msg, where tg_addr_parse() named its offset in
 * the rebuilt address, to the offset in the header.  Other numbers (a
 * length, a limit) stay. */
static void
reoffset(char *msg, size_t size, size_t from, size_t to)
{
	char out[TG_ERROR_MSG_MAX];
	const char *p = msg, *q;
	size_t o = 0;
	char *end;

	while (o < sizeof(out) && (q = strstr(p, " at ")) != NULL) {
		q += 4;
		if (*q >= '0' && *q <= '9' &&
		    strtoull(q, &end, 10) == (unsigned long long)from) {
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "%.*s%zu", (int)(q - p), p, to);
			p = end;
		} else {
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "%.*s", (int)(q - p), p);
			p = q;
		}
	}
	if (o < sizeof(out))
		snprintf(out + o, sizeof(out) - o, "%s", p);
	snprintf(msg, size, "%s", out);
}

/* Keeps an entry we could not take apart; raw is its text s[start..end).
 * Takes name (NULL: none). */
static int __attribute__((format(printf, 7, 8)))
keep_bad(struct parser *p, size_t start, size_t end, char *name, int code,
    size_t at, const char *fmt, ...)
{
	struct tg_hdr_addr *h;
	char msg[TG_ERROR_MSG_MAX];
	va_list ap;
	int rc;

	rc = new_entry(p, start, &h);
	if (rc != TG_OK) {
		tg__free(name);
		return rc;
	}
	h->name = name != NULL ? name : tg__strndup("", 0);
	h->raw = tg__strndup(p->s + start, end - start);
	if (h->name == NULL || h->raw == NULL)
		return nomem(p);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h->status = tg__error_set(&h->error, code, at, "%s", msg);
	return TG_OK;
}

/* A words-only entry waiting to see whether it begins a display name
 * (see entry()) is, after all, an entry of its own. */
static int
flush(struct parser *p)
{
	if (!p->pending)
		return TG_OK;
	p->pending = 0;
	tg__free(p->pname);
	p->pname = NULL;
	return keep_bad(p, p->pstart, p->pend, NULL, TG_EADDR_NOAT, p->pend,
	    "no @domain: words without an address end at %zu", p->pend);
}

/* Whether two addr-spec tokens with CFWS between them join without a
 * blank: around '@' and '.' (RFC 5322 3.4.1).  Elsewhere the blank is
 * kept, and tg_addr_parse() rejects it where it is. */
static int
joins(const struct parser *p, const struct tok *a, const struct tok *b)
{
	return is_sp(a, '@') || is_sp(b, '@') || p->s[a->end - 1] == '.' ||
	    p->s[b->start] == '.';
}

/*
 * A mailbox whose addr-spec is tokens [i0, i1) (at least one that is not
 * a comment): rebuilt without CFWS, quoted strings kept quoted but
 * unfolded, each byte remembering its offset in the header, and parsed
 * by tg_addr_parse().  Takes name.
 */
static int
mailbox(struct parser *p, size_t i0, size_t i1, char *name, size_t offset)
{
	const struct tok *t, *prev = NULL;
	struct tg_hdr_addr *h;
	size_t o = 0, i, j, from;
	int rc;

	rc = reserve(p, p->t[i1 - 1].end - p->t[i0].start);
	if (rc != TG_OK) {
		tg__free(name);
		return rc;
	}
	for (i = i0; i < i1; i++) {
		t = &p->t[i];
		if (t->kind == TK_COMMENT)
			continue;
		if (prev != NULL && prev->end != t->start &&
		    !joins(p, prev, t)) {
			p->map[o] = prev->end;
			p->buf[o++] = ' ';
		}
		for (j = t->start; j < t->end; j++) {
			if (t->kind == TK_QSTR && (p->s[j] == '\r' ||
			    p->s[j] == '\n'))
				continue;
			p->map[o] = j;
			p->buf[o++] = p->s[j];
			if (t->kind == TK_QSTR && p->s[j] == '\\' &&
			    j + 1 < t->end) {
				j++;
				p->map[o] = j;
				p->buf[o++] = p->s[j];
			}
		}
		prev = t;
	}
	p->map[o] = prev->end;
	rc = new_entry(p, offset, &h);
	if (rc != TG_OK) {
		tg__free(name);
		return rc;
	}
	h->name = name;
	h->raw = tg__strndup(p->buf, o);
	if (h->raw == NULL)
		return nomem(p);
	h->status = tg_addr_parse(p->ctx, h->raw, o, 0, &h->addr, &h->error);
	if (h->status == TG_ENOMEM)
		return nomem(p);
	if (h->status != TG_OK && h->error.has_offset) {
		from = h->error.offset;
		h->error.offset = p->map[from < o ? from : o];
		reoffset(h->error.message, sizeof(h->error.message), from,
		    h->error.offset);
	}
	return TG_OK;
}

/* The first comment after token i, or p->nt. */
static size_t
comment_after(const struct parser *p, size_t i)
{
	for (i++; i < p->nt; i++)
		if (p->t[i].kind == TK_COMMENT)
			return i;
	return p->nt;
}

/* name-addr: tokens [0, lt) the phrase, lt the '<'. */
static int
angle_entry(struct parser *p, size_t lt, int has_phrase)
{
	const struct tok *t = p->t;
	size_t n = p->nt, start = t[0].start, end = p->last_end;
	size_t gt = n, a0, i, len, sep;
	char *name, *joined;
	int rc;

	/* The phrase is the name; with none, the obsolete comment after
	 * the address may give one, as in the addr-spec form. */
	for (i = lt + 1; i < n && gt == n; i++)
		if (is_sp(&t[i], '>'))
			gt = i;
	rc = has_phrase ? make_name(p, 0, lt, n, &name) :
	    make_name(p, 0, 0, comment_after(p, gt < n ? gt : n), &name);
	if (rc != TG_OK)
		return rc;
	/* "Doe, John <j@x>": the words before the comma were the start
	 * of the name (unquoted commas are common in names). */
	if (p->pending && has_phrase) {
		len = strlen(p->pname);
		joined = tg__malloc(len + 2 + strlen(name) + 1);
		if (joined == NULL) {
			tg__free(name);
			return nomem(p);
		}
		memcpy(joined, p->pname, len);
		/* No ", " next to an empty part (fuzz: crash-name-comma-blank). */
		sep = len > 0 && name[0] != '\0' ? 2 : 0;
		memcpy(joined + len, ", ", sep);
		strcpy(joined + len + sep, name);
		tg__free(name);
		name = joined;
		start = p->pstart;
		p->pending = 0;
		tg__free(p->pname);
		p->pname = NULL;
	} else if ((rc = flush(p)) != TG_OK) {
		tg__free(name);
		return rc;
	}

	for (i = 0; i < lt; i++)
		if (is_sp(&t[i], '>'))
			return keep_bad(p, start, end, name, TG_EADDR_ANGLE,
			    t[i].start, "unbalanced '>' at %zu", t[i].start);
	for (i = lt + 1; i < gt; i++)
		if (is_sp(&t[i], '<'))
			return keep_bad(p, start, end, name, TG_EADDR_ANGLE,
			    t[i].start, "nested '<' at %zu", t[i].start);
	if (gt == n)
		return keep_bad(p, start, end, name, TG_EADDR_ANGLE,
		    t[lt].start, "missing '>' for '<' at %zu", t[lt].start);
	for (i = gt + 1; i < n; i++) {
		if (t[i].kind == TK_COMMENT)
			continue;
		if (is_sp(&t[i], '<') || is_sp(&t[i], '>'))
			return keep_bad(p, start, end, name, TG_EADDR_ANGLE,
			    t[i].start, "unexpected '%c' after '>' at %zu",
			    t[i].ch, t[i].start);
		return keep_bad(p, start, end, name, TG_EADDR_SYNTAX,
		    t[i].start, "text after '>' at %zu", t[i].start);
	}
	for (a0 = lt + 1; a0 < gt && t[a0].kind == TK_COMMENT; a0++)
		;
	if (a0 == gt)
		return keep_bad(p, start, end, name, TG_EADDR_NULL,
		    t[lt].start, "null address <> at %zu not allowed here",
		    t[lt].start);
	/* obs-route: RFC 5322 4.4 says to ignore it, as we do. */
	if (is_sp(&t[a0], '@')) {
		for (i = a0; i < gt && !is_sp(&t[i], ':'); i++)
			;
		if (i == gt)
			return keep_bad(p, start, end, name, TG_EADDR_ROUTE,
			    t[a0].start, "source route not ended by ':' at "
			    "%zu", t[a0].start);
		for (a0 = i + 1; a0 < gt && t[a0].kind == TK_COMMENT; a0++)
			;
		if (a0 == gt)
			return keep_bad(p, start, end, name, TG_EADDR_ROUTE,
			    t[i].start, "no address after the source route "
			    "at %zu", t[i].start);
	}
	return mailbox(p, a0, gt, name, start);
}

/* One entry of the list, its tokens in p->t, ended by sep. */
static int
entry(struct parser *p, int sep)
{
	const struct tok *t = p->t;
	size_t n = p->nt, i, fw = n, lw = n, lt = n, at = n, start, end;
	int words_only = 1, rc;
	char *name;

	if (n == 0)
		return TG_OK;
	start = t[0].start;
	end = p->last_end;
	if (p->overflow) {
		rc = flush(p);
		return rc != TG_OK ? rc : keep_bad(p, start, end, NULL,
		    TG_ETOOLONG, p->overflow_off,
		    "more than %d tokens in one address at %zu", ENTRY_TOKENS,
		    p->overflow_off);
	}
	for (i = 0; i < n; i++) {
		if (t[i].err != 0) {
			rc = flush(p);
			if (rc != TG_OK)
				return rc;
			if (t[i].err == TG_EADDR_QUOTE)
				return keep_bad(p, start, end, NULL,
				    TG_EADDR_QUOTE, t[i].erroff,
				    "unbalanced quote at %zu", t[i].erroff);
			if (t[i].erroff == t[i].start)
				return keep_bad(p, start, end, NULL,
				    TG_EADDR_SYNTAX, t[i].erroff,
				    "unbalanced '(' at %zu", t[i].erroff);
			return keep_bad(p, start, end, NULL, TG_EADDR_SYNTAX,
			    t[i].erroff, "comments nested deeper than %d at "
			    "%zu", COMMENT_DEPTH, t[i].erroff);
		}
		if (t[i].kind == TK_COMMENT)
			continue;
		if (fw == n)
			fw = i;
		lw = i;
		if (lt == n && is_sp(&t[i], '<'))
			lt = i;
		if (at == n && is_sp(&t[i], '@'))
			at = i;
		if (!is_word(&t[i]))
			words_only = 0;
	}
	if (fw == n)
		return TG_OK;	/* only comments */
	if (lt < n)
		return angle_entry(p, lt, fw < lt);
	rc = flush(p);
	if (rc != TG_OK)
		return rc;
	if (at == n) {
		for (i = 0; i < n; i++)
			if (is_sp(&t[i], '>'))
				return keep_bad(p, start, end, NULL,
				    TG_EADDR_ANGLE, t[i].start,
				    "unbalanced '>' at %zu", t[i].start);
		if (words_only && sep == ',') {
			rc = make_name(p, 0, n, n, &p->pname);
			if (rc != TG_OK)
				return rc;
			p->pending = 1;
			p->pstart = start;
			p->pend = t[lw].end;
			return TG_OK;
		}
		return keep_bad(p, start, end, NULL, TG_EADDR_NOAT, t[lw].end,
		    "no @domain: words without an address end at %zu",
		    t[lw].end);
	}
	/* No phrase in this form: the obsolete "a@x.com (Alice)" gives the
	 * name from the first comment after the address; comments before
	 * or inside it are not a name. */
	rc = make_name(p, 0, 0, comment_after(p, lw), &name);
	if (rc != TG_OK)
		return rc;
	return mailbox(p, 0, n, name, start);
}

static int
parse_list(struct parser *p)
{
	char *name;
	int sep, rc;

	do {
		sep = collect(p);
		if (sep == ':') {
			/* A group inside a group is not RFC 5322; we take it
			 * as the end of the first, to keep its members. */
			rc = flush(p);
			if (rc == TG_OK)
				rc = make_name(p, 0, p->nt, p->nt, &name);
			if (rc == TG_OK) {
				tg__free(p->group);
				p->group = name;
			}
		} else {
			rc = entry(p, sep);
			if (rc == TG_OK && sep != ',')
				rc = flush(p);
			/* Outside a group, ';' is taken as ',' (Outlook
			 * users type it). */
			if (sep == ';') {
				tg__free(p->group);
				p->group = NULL;
			}
		}
		if (rc != TG_OK)
			return rc;
	} while (sep != 0);
	return TG_OK;
}

int
tg_addrlist_parse(const tg_ctx *ctx, const char *s, size_t len,
    tg_addrlist **out, struct tg_error *err)
{
	struct parser p;
	const char *nul;
	int rc;

	if (ctx == NULL || out == NULL || (s == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_addrlist_parse: NULL argument");
	*out = NULL;
	if (len > TG_ADDRLIST_INPUT_MAX)
		return tg__error_set(err, TG_ETOOLONG, TG_ADDRLIST_INPUT_MAX,
		    "address list of %zu bytes, limit %u", len,
		    TG_ADDRLIST_INPUT_MAX);
	nul = len > 0 ? memchr(s, '\0', len) : NULL;
	if (nul != NULL)
		return tg__error_set(err, TG_ENUL, (size_t)(nul - s),
		    "NUL byte at %zu", (size_t)(nul - s));
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.s = len > 0 ? s : "";
	p.len = len;
	p.err = err;
	p.tcap = len < ENTRY_TOKENS ? len + 1 : ENTRY_TOKENS;
	p.l = tg__calloc(1, sizeof(*p.l));
	p.t = tg__malloc(p.tcap * sizeof(*p.t));
	if (p.l == NULL || p.t == NULL) {
		rc = nomem(&p);
	} else {
		pthread_once(&gmime_once, gmime_start);
		rc = parse_list(&p);
	}
	tg__free(p.t);
	tg__free(p.buf);
	tg__free(p.map);
	tg__free(p.group);
	tg__free(p.pname);
	if (rc != TG_OK) {
		tg_addrlist_free(p.l);
		return rc;
	}
	tg__error_clear(err);
	*out = p.l;
	return TG_OK;
}

size_t
tg_addrlist_count(const tg_addrlist *l)
{
	return l != NULL ? l->count : 0;
}

const struct tg_hdr_addr *
tg_addrlist_get(const tg_addrlist *l, size_t i)
{
	if (l == NULL || i >= l->count)
		return NULL;
	return &l->items[i];
}

tg_addrlist *
tg_addrlist_free(tg_addrlist *l)
{
	size_t i;

	if (l == NULL)
		return NULL;
	for (i = 0; i < l->count; i++) {
		tg__free((void *)l->items[i].raw);
		tg__free((void *)l->items[i].name);
		tg__free((void *)l->items[i].group);
	}
	tg__free(l->items);
	tg__free(l);
	return NULL;
}
