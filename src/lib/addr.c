/*
 * addr.c - envelope addresses (RFC 5321 Path and Mailbox, RFC 6531).
 *
 * What an MTA accepts in MAIL FROM and RCPT TO, and a little more where
 * real MTAs are lenient: bare addresses without angle brackets, source
 * routes (dropped, as Postfix does), backslash escapes and odd dots in an
 * unquoted local part (common in Japanese mobile addresses such as
 * "taro..yamada."; flagged TG_ADDR_LOCAL_NONSTD).  The domain is handed to
 * the domain module.  Offsets in errors are those of the caller's input.
 */
#include <string.h>
#include <strings.h>

#include "domain_int.h"
#include "error_int.h"
#include "text_int.h"

struct cursor {
	const char *s;
	size_t len;
	size_t pos;
};

static int
at_end(const struct cursor *c)
{
	return c->pos >= c->len;
}

static unsigned char
peek(const struct cursor *c)
{
	return at_end(c) ? '\0' : (unsigned char)c->s[c->pos];
}

static int
bad_byte(struct tg_error *err, unsigned char ch, size_t off, const char *in)
{
	if (ch == '\0')
		return tg__error_set(err, TG_ENUL, off, "NUL byte at %zu", off);
	if (tg__is_ctl(ch))
		return tg__error_set(err, TG_ECONTROL, off,
		    "control character \\x%02x in %s at %zu", ch, in, off);
	return tg__error_set(err, TG_EUTF8, off, "invalid UTF-8 at %zu", off);
}

/* Appends one byte to the internal local part, within its limit. */
static int
local_put(struct tg_addr *a, unsigned char ch, size_t off,
    struct tg_error *err)
{
	if (a->local_len >= TG_LOCAL_MAX)
		return tg__error_set(err, TG_EADDR_LOCAL_LONG, off,
		    "local part longer than %d octets at %zu", TG_LOCAL_MAX,
		    off);
	a->local[a->local_len++] = (char)ch;
	return TG_OK;
}

/* Copies one well-formed UTF-8 sequence, or fails with its offset. */
static int
local_utf8(struct cursor *c, struct tg_addr *a, const char *in,
    struct tg_error *err)
{
	uint32_t cp;
	size_t n, i;
	int rc;

	n = tg__utf8_decode((const unsigned char *)c->s + c->pos,
	    c->len - c->pos, &cp);
	if (n == 0)
		return bad_byte(err, peek(c), c->pos, in);
	for (i = 0; i < n; i++) {
		rc = local_put(a, (unsigned char)c->s[c->pos + i], c->pos + i,
		    err);
		if (rc != TG_OK)
			return rc;
	}
	c->pos += n;
	a->flags |= TG_ADDR_UTF8;
	return TG_OK;
}

/* Quoted-string: c->pos is at the opening quote. */
static int
quoted_local(struct cursor *c, struct tg_addr *a, struct tg_error *err)
{
	size_t open = c->pos;
	unsigned char ch;
	int rc;

	a->flags |= TG_ADDR_QUOTED;
	c->pos++;
	for (;;) {
		if (at_end(c))
			return tg__error_set(err, TG_EADDR_QUOTE, open,
			    "unbalanced quote at %zu", open);
		ch = peek(c);
		if (ch == '"') {
			c->pos++;
			return TG_OK;
		}
		if (ch == '\\') {
			c->pos++;
			if (at_end(c))
				return tg__error_set(err, TG_EADDR_QUOTE, open,
				    "unbalanced quote at %zu", open);
			ch = peek(c);
			if (!tg__is_quoted_pair_char(ch)) {
				if (ch >= 0x80)
					return tg__error_set(err,
					    TG_EADDR_LOCAL, c->pos,
					    "backslash before non-ASCII at "
					    "%zu", c->pos);
				return bad_byte(err, ch, c->pos,
				    "quoted local part");
			}
			rc = local_put(a, ch, c->pos, err);
			c->pos++;
		} else if (ch >= 0x80) {
			rc = local_utf8(c, a, "quoted local part", err);
		} else if (tg__is_qtext_smtp(ch)) {
			rc = local_put(a, ch, c->pos, err);
			c->pos++;
		} else {
			return bad_byte(err, ch, c->pos, "quoted local part");
		}
		if (rc != TG_OK)
			return rc;
	}
}

/* Dot-string (with the leniencies described at the top). */
static int
dot_local(struct cursor *c, struct tg_addr *a, struct tg_error *err)
{
	unsigned char ch, prev = '.';
	size_t start = c->pos;
	int rc;

	while (!at_end(c)) {
		ch = peek(c);
		if (ch == '@' || ch == '>')
			break;
		if (ch == '.') {
			if (prev == '.')
				a->flags |= TG_ADDR_LOCAL_NONSTD;
			rc = local_put(a, ch, c->pos, err);
			c->pos++;
		} else if (ch == '\\') {
			c->pos++;
			ch = peek(c);
			if (at_end(c) || !tg__is_quoted_pair_char(ch))
				return tg__error_set(err, TG_EADDR_LOCAL,
				    c->pos - 1,
				    "backslash not followed by a printable "
				    "character at %zu", c->pos - 1);
			a->flags |= TG_ADDR_LOCAL_NONSTD;
			rc = local_put(a, ch, c->pos, err);
			c->pos++;
		} else if (ch >= 0x80) {
			rc = local_utf8(c, a, "local part", err);
		} else if (tg__is_atext(ch)) {
			rc = local_put(a, ch, c->pos, err);
			c->pos++;
		} else if (ch == '"') {
			return tg__error_set(err, TG_EADDR_LOCAL, c->pos,
			    "quote inside an unquoted local part at %zu",
			    c->pos);
		} else if (ch == '<') {
			return tg__error_set(err, TG_EADDR_ANGLE, c->pos,
			    "unexpected '<' at %zu", c->pos);
		} else if (tg__is_ctl(ch)) {
			return bad_byte(err, ch, c->pos, "local part");
		} else if (ch == ' ') {
			return tg__error_set(err, TG_EADDR_LOCAL, c->pos,
			    "space in local part at %zu (quote it)", c->pos);
		} else {
			return tg__error_set(err, TG_EADDR_LOCAL, c->pos,
			    "invalid character '%c' in local part at %zu", ch,
			    c->pos);
		}
		if (rc != TG_OK)
			return rc;
		prev = ch;
	}
	if (c->pos == start)
		return tg__error_set(err, TG_EADDR_LOCAL, c->pos,
		    "empty local part at %zu", c->pos);
	if (prev == '.' || c->s[start] == '.')
		a->flags |= TG_ADDR_LOCAL_NONSTD;
	return TG_OK;
}

/*
 * A-d-l ":" of RFC 5321: "@a,@b:".  c->pos is at the first '@'.  Each
 * domain is checked, then the route is dropped (RFC 5321 appendix C says
 * receivers SHOULD ignore it; Postfix does).
 */
static int
source_route(const tg_ctx *ctx, struct cursor *c, struct tg_error *err)
{
	struct tg_domain d;
	size_t start;
	int rc;

	for (;;) {
		if (peek(c) != '@')
			return tg__error_set(err, TG_EADDR_ROUTE, c->pos,
			    "source route: expected '@' at %zu", c->pos);
		c->pos++;
		start = c->pos;
		while (!at_end(c) && peek(c) != ',' && peek(c) != ':' &&
		    peek(c) != '>' && peek(c) != '@')
			c->pos++;
		if (at_end(c) || peek(c) == '>' || peek(c) == '@')
			return tg__error_set(err, TG_EADDR_ROUTE, c->pos,
			    "source route not ended by ':' at %zu", c->pos);
		rc = tg__domain_parse(ctx, c->s + start, c->pos - start, start,
		    &d, err);
		if (rc != TG_OK)
			return rc;
		if (peek(c) == ':') {
			c->pos++;
			return TG_OK;
		}
		c->pos++; /* ',' */
	}
}

static int
is_postmaster(const struct tg_addr *a)
{
	return a->local_len == 10 && strncasecmp(a->local, "postmaster", 10) == 0
	    && !(a->flags & TG_ADDR_QUOTED);
}

static int
parse(const tg_ctx *ctx, struct cursor *c, unsigned opts, struct tg_addr *a,
    struct tg_error *err)
{
	size_t open = 0, dstart, dend, gt;
	int angle = 0, rc;

	if (peek(c) == '<') {
		angle = 1;
		open = c->pos;
		a->flags |= TG_ADDR_ANGLE;
		c->pos++;
		if (peek(c) == '<')
			return tg__error_set(err, TG_EADDR_ANGLE, c->pos,
			    "nested '<' at %zu", c->pos);
		if (peek(c) == '>' && c->pos + 1 == c->len) {
			if (!(opts & TG_ADDR_ALLOW_NULL))
				return tg__error_set(err, TG_EADDR_NULL, open,
				    "null address <> at %zu not allowed here",
				    open);
			a->flags |= TG_ADDR_NULL;
			return TG_OK;
		}
	}
	if (peek(c) == '@') {
		rc = source_route(ctx, c, err);
		if (rc != TG_OK)
			return rc;
		a->flags |= TG_ADDR_ROUTE;
	}
	/* The offset is the '<' the message names (fuzz: crash-lone-angle). */
	if (at_end(c))
		return tg__error_set(err, angle ? TG_EADDR_ANGLE : TG_EADDR_LOCAL,
		    angle ? open : c->pos, angle ? "missing '>' for '<' at %zu" :
		    "empty local part at %zu", angle ? open : c->pos);
	rc = peek(c) == '"' ? quoted_local(c, a, err) : dot_local(c, a, err);
	if (rc != TG_OK)
		return rc;
	a->local[a->local_len] = '\0';

	if (peek(c) != '@') {
		if (at_end(c) || (angle && peek(c) == '>')) {
			if ((opts & TG_ADDR_ALLOW_POSTMASTER) &&
			    is_postmaster(a) &&
			    (angle ? peek(c) == '>' && c->pos + 1 == c->len :
			    at_end(c))) {
				a->flags |= TG_ADDR_NODOMAIN;
				return TG_OK;
			}
			if (angle && at_end(c))
				return tg__error_set(err, TG_EADDR_ANGLE, open,
				    "missing '>' for '<' at %zu", open);
			return tg__error_set(err, TG_EADDR_NOAT, c->pos,
			    "no @domain after the local part at %zu", c->pos);
		}
		if (peek(c) == '>')
			return tg__error_set(err, TG_EADDR_ANGLE, c->pos,
			    "unbalanced '>' at %zu", c->pos);
		return tg__error_set(err, TG_EADDR_SYNTAX, c->pos,
		    "expected '@' after the local part at %zu", c->pos);
	}
	c->pos++;
	dstart = c->pos;

	/* The domain runs to '>' (which must then end the input) or to the
	 * end.  No domain or literal contains '>'. */
	gt = dstart;
	while (gt < c->len && c->s[gt] != '>')
		gt++;
	if (angle) {
		if (gt == c->len)
			return tg__error_set(err, TG_EADDR_ANGLE, open,
			    "missing '>' for '<' at %zu", open);
		if (gt + 1 != c->len)
			return tg__error_set(err, TG_EADDR_SYNTAX, gt + 1,
			    "text after '>' at %zu", gt + 1);
	} else if (gt != c->len) {
		return tg__error_set(err, TG_EADDR_ANGLE, gt,
		    "unbalanced '>' at %zu", gt);
	}
	dend = gt;
	rc = tg__domain_parse(ctx, c->s + dstart, dend - dstart, dstart,
	    &a->domain, err);
	if (rc != TG_OK)
		return rc;
	c->pos = angle ? dend + 1 : dend;
	return TG_OK;
}

int
tg_addr_parse(const tg_ctx *ctx, const char *s, size_t len, unsigned opts,
    struct tg_addr *out, struct tg_error *err)
{
	struct cursor c;
	size_t end;
	int rc;

	if (ctx == NULL || out == NULL || (s == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_addr_parse: NULL argument");
	out->flags = 0;
	out->local_len = 0;
	out->local[0] = '\0';
	out->domain.flags = 0;
	out->domain.alabel_len = 0;
	out->domain.alabel[0] = out->domain.ulabel[0] = '\0';
	out->domain.suffix[0] = out->domain.registrable[0] = '\0';
	if (len > TG_ADDR_INPUT_MAX)
		return tg__error_set(err, TG_ETOOLONG, TG_ADDR_INPUT_MAX,
		    "address of %zu bytes, limit %d", len, TG_ADDR_INPUT_MAX);

	/* Blanks around the path are tolerated, as MTAs do. */
	c.s = s;
	c.pos = 0;
	end = len;
	while (c.pos < end && (s[c.pos] == ' ' || s[c.pos] == '\t'))
		c.pos++;
	while (end > c.pos && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	c.len = end;
	if (c.pos == end)
		return tg__error_set(err, TG_EEMPTY, TG_NO_OFFSET,
		    "empty address");

	rc = parse(ctx, &c, opts, out, err);
	if (rc != TG_OK)
		return rc;
	tg__error_clear(err);
	return TG_OK;
}

/* Whether the internal local part can be written without quotes. */
static int
local_plain(const struct tg_addr *a)
{
	size_t i;
	unsigned char ch, prev = '.';

	if (a->local_len == 0)
		return 0;
	for (i = 0; i < a->local_len; i++) {
		ch = (unsigned char)a->local[i];
		if (ch == '.') {
			if (prev == '.')
				return 0;
		} else if (ch < 0x80 && !tg__is_atext(ch)) {
			return 0;
		}
		prev = ch;
	}
	return prev != '.';
}

size_t
tg_addr_format(const struct tg_addr *a, char *buf, size_t size)
{
	size_t n = 0, i;
	char ch;

#define PUT(x) do { if (n + 1 < size) buf[n] = (x); n++; } while (0)
	if (a->flags & TG_ADDR_NULL) {
		PUT('<');
		PUT('>');
	} else {
		if (local_plain(a)) {
			/* Mostly it all fits: two copies. */
			if (!(a->flags & TG_ADDR_NODOMAIN) && a->local_len +
			    1 + a->domain.alabel_len < size) {
				memcpy(buf, a->local, a->local_len);
				buf[a->local_len] = '@';
				memcpy(buf + a->local_len + 1, a->domain.alabel,
				    a->domain.alabel_len);
				n = a->local_len + 1 + a->domain.alabel_len;
				buf[n] = '\0';
				return n;
			}
			for (i = 0; i < a->local_len; i++)
				PUT(a->local[i]);
		} else {
			PUT('"');
			for (i = 0; i < a->local_len; i++) {
				ch = a->local[i];
				if (ch == '"' || ch == '\\')
					PUT('\\');
				PUT(ch);
			}
			PUT('"');
		}
		if (!(a->flags & TG_ADDR_NODOMAIN)) {
			PUT('@');
			for (i = 0; i < a->domain.alabel_len; i++)
				PUT(a->domain.alabel[i]);
		}
	}
#undef PUT
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}
