/*
 * detect_check.c - the validators of the detector table and the writer of
 * redacted evidence.
 *
 * A validator sees a candidate (the match in its whole piece of text),
 * may move its ends (a password runs to the next blank, a banner grows
 * over its dissemination controls, a link is found around its token) and
 * answers 0 (no), 1 (yes, if context words are near) or 2 (yes).  None
 * looks more than a few kilobytes around the match.
 */
#include <stdint.h>
#include <string.h>

#include "detect_priv.h"
#include "text_int.h"
#include "validate_int.h"

/* ------------------------------------------------------------------ */
/* Validators                                                           */

static int
is_alnum(unsigned char c)
{
	return tg__is_letdig(c);
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Whether c's digit run goes on past its ends: a digit right next to it,
 * or a separator and a digit, where the separator is '-', '.', or a blank
 * the number itself uses between its groups.  A card number cut out of a
 * longer tracking number ("9400 1000 0000 0000 0000 00") is no card. */
static int
run_goes_on(const struct cand *c)
{
	int blanks = 0;
	const unsigned char *t = (const unsigned char *)c->t;

	for (size_t i = c->from; i < c->to; i++)
		blanks |= t[i] == ' ';
	if (c->from > 0) {
		unsigned char b = t[c->from - 1];

		if (tg__is_digit(b))
			return 1;
		if (c->from > 1 && tg__is_digit(t[c->from - 2]) &&
		    (b == '-' || b == '.' || (b == ' ' && blanks)))
			return 1;
	}
	if (c->to < c->n) {
		unsigned char a = t[c->to];

		if (tg__is_digit(a))
			return 1;
		if (c->to + 1 < c->n && tg__is_digit(t[c->to + 1]) &&
		    (a == '-' || a == '.' || (a == ' ' && blanks)))
			return 1;
	}
	return 0;
}

/* Whether the match sits in running text, not inside an encoded blob,
 * a path or a URL: the bytes on either side are not '+', '/', '=', '_',
 * '\\', '@', '%' or '&'. */
static int
in_text(const struct cand *c)
{
	const char *blob = "+/=_\\@%&";

	if (c->from > 0 && strchr(blob, c->t[c->from - 1]) != NULL)
		return 0;
	if (c->to < c->n && c->t[c->to] != '\0' &&
	    strchr(blob, c->t[c->to]) != NULL)
		return 0;
	return 1;
}

int
tg__chk_card(struct cand *c)
{
	if (run_goes_on(c))
		return 0;
	return tg__card_check(c->t + c->from, c->to - c->from) !=
	    TG_CARD_NONE ? 2 : 0;
}

/* Electronic form, or paper form in groups of four, stands alone; any
 * other grouping ("NO 21 650 405 251 19", or words that happen to line
 * up in capitals) needs bank words near. */
int
tg__chk_iban(struct cand *c)
{
	size_t g = 0, ngroups = 0, last = 0;
	int regular = 1;

	if (!tg__iban_ok(c->t + c->from, c->to - c->from))
		return 0;
	for (size_t i = c->from; i <= c->to; i++) {
		if (i == c->to || strchr(" .-", c->t[i]) != NULL) {
			if (ngroups > 0 && last != 4)
				regular = 0;
			last = g;
			ngroups++;
			g = 0;
		} else {
			g++;
		}
	}
	if (ngroups > 1 && (last == 0 || last > 4))
		regular = 0;
	return regular ? 2 : 1;
}

int
tg__chk_aba(struct cand *c)
{
	if (run_goes_on(c))
		return 0;
	return tg__aba_ok(c->t + c->from, c->to - c->from) ? 2 : 0;
}

/* Written with separators (123-45-6789) it may stand alone, as low; a
 * bare nine-digit number needs context words. */
int
tg__chk_ssn(struct cand *c)
{
	const char *s = c->t + c->from;
	size_t n = c->to - c->from;

	if (run_goes_on(c) || !tg__ssn_ok(s, n))
		return 0;
	/* Mixed separators (123-45 6789) are no SSN layout. */
	if (n == 11 && s[3] != s[6])
		return 0;
	return n == 11 ? 2 : 1;
}

static int
is_mrz(unsigned char ch)
{
	return tg__is_upper(ch) || tg__is_digit(ch) || ch == '<';
}

/* The zone is a line of its own: no zone character on either side. */
static int
mrz_alone(const struct cand *c)
{
	return (c->from == 0 || !is_mrz((unsigned char)c->t[c->from - 1])) &&
	    (c->to == c->n || !is_mrz((unsigned char)c->t[c->to]));
}

int
tg__chk_td3(struct cand *c)
{
	return mrz_alone(c) && tg__mrz_td3_ok(c->t + c->from, 44) ? 2 : 0;
}

int
tg__chk_td1(struct cand *c)
{
	char z[60];
	size_t n = c->to - c->from;

	if (!mrz_alone(c) || (n != 61 && n != 62))
		return 0;
	memcpy(z, c->t + c->from, 30);
	memcpy(z + 30, c->t + c->to - 30, 30);
	return tg__mrz_td1_ok(z, 60) ? 2 : 0;
}

/* A number that only context can make something. */
int
tg__chk_number(struct cand *c)
{
	return run_goes_on(c) || !in_text(c) ? 0 : 1;
}

int
tg__chk_icd(struct cand *c)
{
	/* "E11" of "E11.9x": the longer match follows. */
	if (c->to + 1 < c->n && c->t[c->to] == '.' &&
	    is_alnum((unsigned char)c->t[c->to + 1]))
		return 0;
	return in_text(c) ? 1 : 0;
}

int
tg__chk_flight(struct cand *c)
{
	const char *s = c->t + c->from;

	if (!in_text(c))
		return 0;
	/* AM and PM are times ("depart 10 AM 1230"?), not airlines. */
	if ((s[0] == 'A' || s[0] == 'P') && s[1] == 'M')
		return 0;
	if (tg__is_digit((unsigned char)s[0]) &&
	    tg__is_digit((unsigned char)s[1]))
		return 0;
	/* A code with a digit (B6, U2) takes three digits or more: "B12"
	 * is a gate. */
	if ((tg__is_digit((unsigned char)s[0]) ||
	    tg__is_digit((unsigned char)s[1])) &&
	    c->to - c->from - (s[2] == ' ') < 5)
		return 0;
	return 1;
}

/* Record locators are random: a six-letter word with two vowels or more
 * ("PLEASE", "TICKET") is a word. */
int
tg__chk_locator(struct cand *c)
{
	const char *s = c->t + c->from;
	int letters = 0, vowels = 0;

	for (int i = 0; i < 6; i++) {
		if (tg__is_upper((unsigned char)s[i])) {
			letters++;
			vowels += strchr("AEIOUY", s[i]) != NULL;
		}
	}
	if (letters == 0 || (letters == 6 && vowels >= 2) || !in_text(c))
		return 0;
	return 1;
}

/* Case-insensitive search for word w in s[0..n). */
static int
has_word(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);

	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;

		while (k < m && tg__lower((unsigned char)s[i + k]) == w[k])
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

int
tg__chk_room(struct cand *c)
{
	static const char *const not_hotel[] = { "conference", "meeting",
		"class", "board", "court", "chat", "zoom", "break", "server",
		"escape", "training", "briefing", "waiting", "exam",
		"operating", "emergency" };
	size_t lo = c->from > 24 ? c->from - 24 : 0;

	for (size_t i = 0; i < sizeof(not_hotel) / sizeof(not_hotel[0]); i++)
		if (has_word(c->t + lo, c->from - lo, not_hotel[i]))
			return 0;
	return 1;
}

/* Values that say there is no password here. */
static int
pw_placeholder(const char *v, size_t n)
{
	static const char *const words[] = { "required", "optional", "none",
		"null", "n/a", "hidden", "redacted", "masked", "reset",
		"changed", "unchanged", "expired", "expiring", "protected",
		"forgotten", "incorrect", "invalid", "wrong", "correct",
		"valid", "strong", "weak", "secure", "same", "sent",
		"enter", "your", "the", "about", "not", "too", "being",
		"stored", "encrypted", "case-sensitive", "blank", "empty",
		"unknown", "tbd", "see", "below", "above", "attached",
		"provided", "included", "set", "changeme", "example",
		"password", "passwords", "true", "false", "yes", "on",
		"off", "sent separately", "different", "unique", "long",
		"short", "available", "updated", "successfully" };
	size_t stars = 0;

	for (size_t i = 0; i < n; i++)
		stars += strchr("*xX.#_-\xe2\x80\xa2", v[i]) != NULL;
	if (stars == n)
		return 1;
	/* A link ("reset your password: https://...") is no password. */
	if (has_word(v, n, "://") || has_word(v, n < 4 ? n : 4, "www."))
		return 1;
	/* Templates: <password>, {{pw}}, ${PW}, %(pw)s, [PASSWORD] */
	if (v[0] == '<' || v[0] == '{' || v[0] == '[' ||
	    (v[0] == '$' && n > 1 && v[1] == '{') || v[0] == '%' ||
	    v[0] == '(')
		return 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t m = strlen(words[i]);

		if (m == n && has_word(v, n, words[i]))
			return 1;
	}
	return 0;
}

/* Something a person chose or a system generated: a digit, a symbol, or
 * a capital after the first letter. */
static int
pw_complex(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (tg__is_digit(ch) || (i > 0 && tg__is_upper(ch)) ||
		    (ch > ' ' && ch < 127 && !is_alnum(ch)))
			return 1;
	}
	return 0;
}

/*
 * The value after the separator: the match ends four bytes into it; it
 * runs to the next blank (at most 128 bytes), without quotes and without
 * the punctuation that ends a sentence.
 */
static int
pw_value(struct cand *c, const char **v, size_t *vn)
{
	size_t b = c->to - 4, e = c->to;

	while (e < c->n && e - b < 128 && !is_blank((unsigned char)c->t[e]) &&
	    c->t[e] != '\r' && c->t[e] != '\n')
		e++;
	if (e - b >= 128)
		return 0;
	c->vfrom = b;
	c->to = e;
	while (e > b && strchr(".,;)\"'", c->t[e - 1]) != NULL)
		e--;
	if (b < e && (c->t[b] == '"' || c->t[b] == '\''))
		b++;
	*v = c->t + b;
	*vn = e - b;
	return *vn >= 4;
}

int
tg__chk_pw_field(struct cand *c)
{
	const char *v;
	size_t n;

	if (!pw_value(c, &v, &n) || pw_placeholder(v, n))
		return 0;
	/* "password: Summer2024", not "password: forgotten". */
	return pw_complex(v, n) || n >= 10 ? 2 : 0;
}

int
tg__chk_pw_sentence(struct cand *c)
{
	const char *v;
	size_t n;

	if (!pw_value(c, &v, &n) || pw_placeholder(v, n))
		return 0;
	return pw_complex(v, n) ? 2 : 0;
}

static int
is_urlch(unsigned char ch)
{
	return ch > ' ' && ch != 127 && ch != '"' && ch != '\'' &&
	    ch != '<' && ch != '>';
}

/* A token: a run of 16 or more letters and digits with both (or 32 or
 * more hex digits with hyphens, a UUID). */
static int
has_token(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i, hex = 0;
		int dig = 0, alpha = 0;

		while (j < n && is_alnum((unsigned char)s[j])) {
			dig |= tg__is_digit((unsigned char)s[j]);
			alpha |= !tg__is_digit((unsigned char)s[j]);
			j++;
		}
		if (j - i >= 16 && dig && alpha)
			return 1;
		j = i;
		while (j < n && (strchr("0123456789abcdefABCDEF", s[j]) ||
		    s[j] == '-'))
			hex += s[j++] != '-';
		if (hex >= 32)
			return 1;
		i = j > i ? j : i + 1;
	}
	return 0;
}

/*
 * The match ends in a token after a reset word; the link is the run of
 * URL characters around it, and must start with http:// or https://.
 * Bounded: 2 KiB either way.
 */
int
tg__chk_reset(struct cand *c)
{
	const char *t = c->t;
	size_t b = c->to, e = c->to, url = SIZE_MAX;

	while (b > 0 && c->to - b < 2048 && is_urlch((unsigned char)t[b - 1]))
		b--;
	while (e < c->n && e - c->to < 2048 && is_urlch((unsigned char)t[e]))
		e++;
	c->from = b;
	c->to = e;
	for (size_t i = b; i + 8 <= e; i++) {
		if (has_word(t + i, 7, "http://") ||
		    has_word(t + i, 8, "https://")) {
			url = i;
			break;
		}
	}
	if (url == SIZE_MAX)
		return 0;
	c->from = url;
	return has_token(t + url, e - url) ? 2 : 0;
}

/* AWS's documentation key ends in EXAMPLE. */
int
tg__chk_aws(struct cand *c)
{
	return memcmp(c->t + c->to - 7, "EXAMPLE", 7) == 0 ? 0 : 2;
}

/* The token does not go on (the pattern cannot say so for '-'). */
int
tg__chk_token_end(struct cand *c)
{
	unsigned char a = c->to < c->n ? (unsigned char)c->t[c->to] : ' ';

	return is_alnum(a) || a == '-' || a == '_' ? 0 : 2;
}

/* The match is the token's head: it runs on over letters, digits, '-'
 * and (in a webhook URL) '/'. */
int
tg__chk_slack(struct cand *c)
{
	size_t e = c->to;

	while (e < c->n && e - c->from < 200 &&
	    (is_alnum((unsigned char)c->t[e]) || c->t[e] == '-' ||
	    c->t[e] == '/'))
		e++;
	c->to = e;
	return e - c->from >= 24 ? 2 : 0;
}

/* s[0..n) without blanks and the decorations of a banner line. */
static void
trim_banner(const char **s, size_t *n)
{
	const char *deco = " \t\r*=-_#|~";

	while (*n > 0 && strchr(deco, **s) != NULL) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && strchr(deco, (*s)[*n - 1]) != NULL)
		(*n)--;
}

/* The line around the match, as a banner: nothing else on it. */
static int
line_is(const struct cand *c)
{
	size_t b = c->from, e = c->to, n;
	const char *s;

	while (b > 0 && c->from - b < 200 && c->t[b - 1] != '\n')
		b--;
	while (e < c->n && e - c->to < 200 && c->t[e] != '\n')
		e++;
	s = c->t + b;
	n = e - b;
	trim_banner(&s, &n);
	return s == c->t + c->from && n == c->to - c->from;
}

/* After the match, "//" and dissemination controls: the span grows over
 * them (capital letters, digits, '/', '-', and ", " or " " between words,
 * as in "SECRET//REL TO USA, FVEY"). */
static int
grow_controls(struct cand *c)
{
	size_t e = c->to;

	if (e + 2 >= c->n || c->t[e] != '/' || c->t[e + 1] != '/' ||
	    !tg__is_upper((unsigned char)c->t[e + 2]))
		return 0;
	while (e < c->n && e - c->to < 80) {
		unsigned char ch = (unsigned char)c->t[e];

		if (tg__is_upper(ch) || tg__is_digit(ch) || ch == '/' || ch == '-')
			e++;
		else if ((ch == ' ' || ch == ',') && e + 1 < c->n &&
		    (tg__is_upper((unsigned char)c->t[e + 1]) ||
		    c->t[e + 1] == ' '))
			e++;
		else
			break;
	}
	while (e > c->to && (c->t[e - 1] == ' ' || c->t[e - 1] == ','))
		e--;
	c->to = e;
	return 1;
}

int
tg__chk_cui(struct cand *c)
{
	if (grow_controls(c))
		return 2;
	/* A portion marking: (CUI) */
	if (c->from > 0 && c->t[c->from - 1] == '(' && c->to < c->n &&
	    c->t[c->to] == ')')
		return 2;
	return line_is(c) ? 2 : 0;
}

int
tg__chk_classif(struct cand *c)
{
	c->level = c->t[c->from] == 'C' ? TG_SEVERITY_HIGH :
	    TG_SEVERITY_CRITICAL;
	if (grow_controls(c))
		return 2;
	return line_is(c) ? 2 : 0;
}

int
tg__chk_portion(struct cand *c)
{
	c->level = c->t[c->from + 1] == 'C' ? TG_SEVERITY_HIGH :
	    TG_SEVERITY_CRITICAL;
	return 2;
}

/* A PIIN: activity address code with a digit in it, fiscal year, type
 * letter, serial. */
int
tg__chk_contract(struct cand *c)
{
	int digit = 0;

	for (size_t i = c->from + 1; i < c->from + 6; i++)
		digit |= tg__is_digit((unsigned char)c->t[i]);
	return digit && in_text(c) ? 1 : 0;
}

/* A number at s, with its sign; returns its end. */
static const char *
number(const char *s, const char *end, double *v)
{
	double sign = 1, x = 0, f = 0.1;

	if (s < end && (*s == '-' || *s == '+'))
		sign = *s++ == '-' ? -1 : 1;
	while (s < end && tg__is_digit((unsigned char)*s))
		x = x * 10 + (*s++ - '0');
	if (s < end && *s == '.') {
		s++;
		while (s < end && tg__is_digit((unsigned char)*s)) {
			x += (*s++ - '0') * f;
			f /= 10;
		}
	}
	*v = sign * x;
	return s;
}

/* The next number after s (skipping what is not a digit or sign). */
static const char *
next_number(const char *s, const char *end, double *v)
{
	while (s < end && !tg__is_digit((unsigned char)*s) && *s != '-' &&
	    *s != '+')
		s++;
	return number(s, end, v);
}

int
tg__chk_coord(struct cand *c)
{
	const char *s = c->t + c->from, *end = c->t + c->to;
	size_t n = c->to - c->from;
	double a, b;

	if (memchr(s, '\'', n) != NULL || has_word(s, n, "\xe2\x80\xb2")) {
		/* degrees, minutes, seconds */
		s = number(s, end, &a);
		next_number(s, end, &b);
		return a <= 90 && b < 60 ? 2 : 0;
	}
	if (n >= 15 && (s[6] == 'N' || s[6] == 'S' || s[6] == '.')) {
		/* DDMMSS[NS] DDDMMSS[EW] */
		int dd = (s[0] - '0') * 10 + (s[1] - '0');
		int mm = (s[2] - '0') * 10 + (s[3] - '0');
		int ss = (s[4] - '0') * 10 + (s[5] - '0');

		return dd <= 90 && mm < 60 && ss < 60 ? 2 : 0;
	}
	s = number(s, end, &a);
	next_number(s, end, &b);
	if (a < -90 || a > 90 || b < -180 || b > 180)
		return 0;
	return a == 0 && b == 0 ? 0 : 2;
}

int
tg__chk_mgrs(struct cand *c)
{
	const char *s = c->t + c->from;
	size_t n = c->to - c->from, i = 0, dig = 0, run[2] = { 0, 0 };
	int zone = 0, k = -1;

	while (i < n && tg__is_digit((unsigned char)s[i]))
		zone = zone * 10 + (s[i++] - '0');
	if (zone < 1 || zone > 60)
		return 0;
	for (; i < n; i++) {
		if (tg__is_digit((unsigned char)s[i])) {
			if (i == 0 || !tg__is_digit((unsigned char)s[i - 1]))
				k++;
			if (k > 1)
				return 0;
			run[k]++;
			dig++;
		}
	}
	if (k == 1 && run[0] != run[1])
		return 0;
	if (dig % 2 != 0)
		return 0;
	return dig >= 6 ? 2 : 1;
}

/* ------------------------------------------------------------------ */
/* Evidence                                                             */

#define EV TG_EVIDENCE_MAX

/* Appends s[0..n) to out (length *k) as one line of valid UTF-8: control
 * characters and blanks collapse into one space, invalid bytes become
 * '?', and it stops before a character that would not fit in lim. */
static void
put_text(char *out, size_t *k, size_t lim, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && *k < lim) {
		unsigned char ch = (unsigned char)s[i];
		uint32_t cp;
		size_t l;

		if (ch < 0x80) {
			if (tg__is_ctl(ch) || ch == ' ') {
				if (*k > 0 && out[*k - 1] != ' ')
					out[(*k)++] = ' ';
			} else {
				out[(*k)++] = (char)ch;
			}
			i++;
			continue;
		}
		l = tg__utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (l == 0) {
			out[(*k)++] = '?';
			i++;
			continue;
		}
		if (*k + l > lim)
			break;
		memcpy(out + *k, s + i, l);
		*k += l;
		i += l;
	}
}

/* Bytes of the UTF-8 character at s (1 for a byte that starts none). */
static size_t
char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t l = tg__utf8_decode((const unsigned char *)s, n, &cp);

	return l == 0 ? 1 : l;
}

static void
put_stars(char *out, size_t *k, size_t lim, size_t n)
{
	while (n-- > 0 && *k < lim)
		out[(*k)++] = '*';
}

/* Writes the redacted evidence of match s[0..n) of row r into out. */
void
tg__det_redact(unsigned mode, unsigned keep, const struct cand *c,
    char *out)
{
	const char *s = c->t + c->from;
	size_t n = c->to - c->from, k = 0;

	switch (mode) {
	case RD_DIGITS: {
		char d[64];
		size_t m = 0, keep;

		for (size_t i = 0; i < n && m < sizeof(d); i++)
			if (is_alnum((unsigned char)s[i]))
				d[m++] = s[i];
		if (m >= 12) {
			memcpy(out, d, 4);
			k = 4;
			put_stars(out, &k, EV - 4, m - 8);
			memcpy(out + k, d + m - 4, 4);
			k += 4;
		} else {
			keep = m / 3;
			put_stars(out, &k, EV, m - keep);
			memcpy(out + k, d + m - keep, keep);
			k += keep;
		}
		break;
	}
	case RD_PREFIX:
		put_text(out, &k, EV, s, n < keep ? n : keep);
		put_stars(out, &k, EV, n > keep ?
		    (n - keep < 16 ? n - keep : 16) : 0);
		break;
	case RD_LABEL:
		put_text(out, &k, EV - 9, s, c->vfrom - c->from);
		while (k > 0 && out[k - 1] == ' ')
			k--;
		if (k > 0 && out[k - 1] != ':' && out[k - 1] != '=')
			out[k++] = ' ';
		else if (k > 0 && out[k - 1] == ':')
			out[k++] = ' ';
		put_stars(out, &k, EV, 8);
		break;
	case RD_URL: {
		/* scheme://host, without user:password@ */
		size_t i = 0, h, e;

		while (i < n && s[i] != ':')
			i++;
		h = i + 3 <= n ? i + 3 : n;
		e = h;
		while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
			e++;
		for (size_t j = h; j < e; j++)
			if (s[j] == '@')
				h = j + 1;
		put_text(out, &k, EV - 4, s, i + 3 <= n ? i + 3 : n);
		put_text(out, &k, EV - 4, s + h, e - h);
		if (e < n)
			put_text(out, &k, EV, "/...", 4);
		break;
	}
	case RD_COORD: {
		/* In each word, keep up to three leading digits of its first
		 * number and star every later digit. */
		int first = 1;
		size_t lead = 0;

		for (size_t i = 0; i < n && k < EV; i++) {
			unsigned char ch = (unsigned char)s[i];

			if (ch == ' ' || ch == ',' || ch == ';' || ch == '/') {
				first = 1;
				lead = 0;
				put_text(out, &k, EV, s + i, 1);
			} else if (tg__is_digit(ch)) {
				if (first && lead < 3) {
					out[k++] = (char)ch;
					lead++;
				} else {
					out[k++] = '*';
				}
			} else {
				size_t l = char_len(s + i, n - i);

				if (lead > 0)
					first = 0;
				put_text(out, &k, EV, s + i, l);
				i += l - 1;
			}
		}
		break;
	}
	case RD_MASKDIGITS:
		for (size_t i = 0; i < n && k < EV; i++) {
			size_t l;

			if (tg__is_digit((unsigned char)s[i])) {
				out[k++] = '*';
				continue;
			}
			l = char_len(s + i, n - i);
			put_text(out, &k, EV, s + i, l);
			i += l - 1;
		}
		break;
	default: /* RD_VERBATIM */
		put_text(out, &k, EV, s, n);
		break;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}
