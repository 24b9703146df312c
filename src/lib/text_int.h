/*
 * text_int.h - byte and character predicates, UTF-8 decoding, and quoting
 * of input bytes for error messages.
 *
 * Each predicate names one grammar class of an RFC; they are tested one by
 * one in tests/unit/test_text.c.
 */
#ifndef TG_TEXT_INT_H
#define TG_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

/* RFC 5321 4.1.2 / RFC 5322 3.2.3 atext, ASCII part. */
static inline int
tg__is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '/': case '=': case '?':
	case '^': case '_': case '`': case '{': case '|': case '}':
	case '~':
		return 1;
	}
	return 0;
}

/* RFC 5321 qtextSMTP: %d32-33 / %d35-91 / %d93-126. */
static inline int
tg__is_qtext_smtp(unsigned char c)
{
	return c == 32 || c == 33 || (c >= 35 && c <= 91) ||
	    (c >= 93 && c <= 126);
}

/* RFC 5321 quoted-pairSMTP second octet: %d32-126. */
static inline int
tg__is_quoted_pair_char(unsigned char c)
{
	return c >= 32 && c <= 126;
}

/* RFC 1123 / RFC 5321 Let-dig. */
static inline int
tg__is_letdig(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static inline int
tg__is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
tg__is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline unsigned char
tg__lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* ASCII control characters and DEL. */
static inline int
tg__is_ctl(unsigned char c)
{
	return c < 32 || c == 127;
}

/*
 * Decodes one UTF-8 sequence at s[0..len).  Returns its length (1-4) and
 * stores the code point, or 0 when the bytes there are not well-formed
 * UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF,
 * no truncated sequence).
 */
size_t tg__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Writes code point c (at most U+10FFFF, not a surrogate) as UTF-8 at p,
 * which has room for 4 bytes.  Returns the length written (1-4).  Inline:
 * the IDNA label path writes every non-ASCII code point through it.
 */
static inline size_t
tg__utf8_encode(uint32_t c, char *p)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xc0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xe0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		p[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	p[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Checks s[0..len) for well-formed UTF-8.  Returns 0, or -1 and the offset
 * of the first bad byte in *bad.
 */
int tg__utf8_check(const char *s, size_t len, size_t *bad);

/*
 * Writes s[0..len) into buf (size > 0) as printable ASCII for a message:
 * bytes outside 0x21-0x7e become \xHH (a space stays a space), and the
 * result is cut with "..." when it does not fit.  Always NUL-terminates.
 */
void tg__quote_bytes(char *buf, size_t size, const char *s, size_t len);

#endif
