/*
 * fuzz_html.c - HTML reduced to text (html.c), against libxml2's
 * reduction (tests/oracle/html_oracle.c) where the two must agree.
 *
 * The first byte chooses the limits: bits 0-1 the text's maximum (16,
 * 100, 4096 bytes or 1 MiB), bits 2-3 the call of late() that says time
 * is up (never, 1st, 2nd, 3rd).  The rest is the HTML.  Beyond "no
 * crash":
 * - only documented bits come back; LATE only with a deadline; the text
 *   is valid UTF-8, within the maximum, with no line feed at its end;
 *   CUT exactly when the buffer says it is full;
 * - a text stopped early (cut, late) is a prefix of the whole text;
 * - for UTF-8 input without '&' (no references to decode), the text
 *   without blanks is a subsequence of the input without blanks: the
 *   reducer only drops, keeps order and adds blanks;
 * - for plain tag soup (ASCII words and blanks, and only <x> and </x>
 *   tags of common elements), libxml2's text and ours are the same
 *   once blanks are removed (unless libxml2 stops at its nesting cap).
 */
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "html_oracle.h"
#include "invariants.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

struct clock {
	unsigned calls, late_at;
};

static int
late(void *arg)
{
	struct clock *c = arg;

	return ++c->calls >= c->late_at;
}

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* s without blanks (U+00A0 is one) into o; returns its length. */
static size_t
squeeze(const char *s, size_t n, char *o)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (blank((unsigned char)s[i]))
			continue;
		if ((unsigned char)s[i] == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xa0) {
			i++;
			continue;
		}
		o[k++] = s[i];
	}
	return k;
}

static int
subsequence(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;

	for (; i < na && j < nb; j++)
		if (a[i] == b[j])
			i++;
	return i == na;
}

/* Tags whose handling libxml2 and we share. */
static const char *const plain_tags[] = { "p", "div", "b", "i", "span",
	"br", "ul", "li", "em", "strong", "h1", "u", "font", "center",
	"blockquote", "small" };
#define NPLAIN (sizeof(plain_tags) / sizeof(plain_tags[0]))

/*
 * Plain tag soup: words, blanks, <x> and </x> of plain_tags.  Not an end
 * tag before anything else: libxml2 then drops the text that follows.
 */
static int
plain_soup(const char *s, size_t n)
{
	size_t i, j, k, len;
	int begun = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == ',') {
			begun = 1;
			continue;
		}
		if (c == ' ' || c == '\n')
			continue;
		if (c != '<')
			return 0;
		if (i + 1 < n && s[i + 1] == '/' && !begun)
			return 0;
		begun = 1;
		j = i + 1 + (i + 1 < n && s[i + 1] == '/');
		for (k = 0; k < NPLAIN; k++) {
			len = strlen(plain_tags[k]);
			if (n - j > len && memcmp(s + j, plain_tags[k], len) ==
			    0 && s[j + len] == '>')
				break;
		}
		if (k == NPLAIN)
			return 0;
		i = j + len;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[] = { 16, 100, 4096, 1 << 20 };
	struct tg__textbuf out = { 0 }, all = { 0 }, ref = { 0 };
	struct clock c = { 0, 0 };
	const char *in = (const char *)data + 1;
	size_t n, max;
	unsigned why, whyall, known;
	char *a, *b;
	size_t na, nb;
	int utf8;

	if (size < 1)
		return 0;
	n = size - 1;
	max = maxes[data[0] & 3];
	c.late_at = (data[0] >> 2) & 3;
	out.max = max;
	why = tg__html_text(in, n, &out, c.late_at ? late : NULL, &c);
	known = TG_HTML_CUT | TG_HTML_NOMEM | (c.late_at ? TG_HTML_LATE : 0);
	FZ_CHECK((why & ~known) == 0);
	FZ_CHECK(out.len <= max);
	FZ_CHECK(fz_utf8_ok(out.p, out.len));
	FZ_CHECK(out.len == 0 || out.p[out.len - 1] != '\n');
	FZ_CHECK(!!(why & TG_HTML_CUT) == out.full);

	all.max = 1 << 24;
	whyall = tg__html_text(in, n, &all, NULL, NULL);
	FZ_CHECK((whyall & ~TG_HTML_NOMEM) == 0);
	FZ_CHECK(fz_utf8_ok(all.p, all.len));
	utf8 = fz_utf8_ok(in, n);
	if (why == 0) {
		FZ_CHECK(out.len == all.len);
		FZ_CHECK(out.len == 0 || memcmp(out.p, all.p, out.len) == 0);
	} else if (utf8 && !(why & TG_HTML_NOMEM)) {
		FZ_CHECK(out.len <= all.len);
		FZ_CHECK(out.len == 0 || memcmp(out.p, all.p, out.len) == 0);
	}

	if (utf8 && memchr(in, '&', n) == NULL && all.len > 0) {
		a = malloc(all.len);
		b = malloc(n);
		FZ_CHECK(a != NULL && b != NULL);
		na = squeeze(all.p, all.len, a);
		nb = squeeze(in, n, b);
		FZ_CHECK(subsequence(a, na, b, nb));
		free(a);
		free(b);
	}

	ref.max = 1 << 24;
	if (plain_soup(in, n) &&
	    html_oracle_text(in, n, &ref, NULL, NULL) == 0) {
		a = malloc(all.len + 1);
		b = malloc(ref.len + 1);
		FZ_CHECK(a != NULL && b != NULL);
		na = squeeze(all.p, all.len, a);
		nb = squeeze(ref.p, ref.len, b);
		FZ_CHECK(na == nb && memcmp(a, b, na) == 0);
		free(a);
		free(b);
	}
	tg__textbuf_free(&out);
	tg__textbuf_free(&all);
	tg__textbuf_free(&ref);
	return 0;
}
