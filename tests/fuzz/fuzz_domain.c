/*
 * fuzz_domain.c - tg_domain_parse() on arbitrary bytes.
 *
 * The input is the domain, byte for byte.  Beyond the error contract and
 * the properties of struct tg_domain (invariants.c), this target checks:
 *   - the error offset points at what the error code describes;
 *   - the call without an error struct returns the same;
 *   - the result is stable: its A-label and U-label parse to itself;
 *   - TG_DOMAIN_TRAILING_DOT is set exactly when one was removed;
 *   - the ASCII fast path agrees with libidn2: a pure ASCII input without
 *     an "xn--" label that the library accepts is accepted by libidn2
 *     (UTS #46 non-transitional, STD3 rules) with the same A-label;
 *   - UTS #46 with STD3 rules accepts a subset of what it accepts without
 *     them, with the same result, so libidn2 without STD3 rules must give
 *     the same A-label too (libidn2 with STD3 rules silently drops the
 *     characters those rules forbid; the library must not);
 *   - idn2_to_unicode_8z8z() of the A-label is the U-label;
 *   - what libidn2 maps to the same valid name with and without STD3
 *     rules is accepted.
 */
#include <idn2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "invariants.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

/* The length of s[0..len) without the one trailing dot the library
 * removes (ASCII or U+3002, U+FF0E, U+FF61). */
static size_t
strip_root(const char *s, size_t len)
{
	static const char *const wide[] = { "\xe3\x80\x82", "\xef\xbc\x8e",
		"\xef\xbd\xa1" };
	size_t i;

	if (len > 1 && s[len - 1] == '.')
		return len - 1;
	for (i = 0; len > 3 && i < sizeof(wide) / sizeof(wide[0]); i++)
		if (memcmp(s + len - 3, wide[i], 3) == 0)
			return len - 3;
	return len;
}

/* Pure ASCII with no label starting "xn--" in any case. */
static int
ascii_no_alabel(const char *s)
{
	const char *l = s;

	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	for (;;) {
		if (strncasecmp(l, "xn--", 4) == 0)
			return 0;
		l = strchr(l, '.');
		if (l == NULL)
			return 1;
		l++;
	}
}

static void
check_idn2(const char *s, size_t len, const struct tg_domain *d)
{
	char in[TG_DOMAIN_INPUT_MAX + 1];
	char *out;
	int rc;

	if (!(d->flags & TG_DOMAIN_LITERAL)) {
		len = strip_root(s, len);
		FZ_CHECK(len <= TG_DOMAIN_INPUT_MAX);
		memcpy(in, s, len);
		in[len] = '\0';

		if (ascii_no_alabel(in)) {
			out = NULL;
			rc = idn2_to_ascii_8z(in, &out,
			    IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES);
			FZ_CHECK(rc == IDN2_OK);
			FZ_CHECK(strcmp(out, d->alabel) == 0);
			idn2_free(out);
		}

		out = NULL;
		rc = idn2_to_ascii_8z(in, &out, IDN2_NONTRANSITIONAL);
		FZ_CHECK(rc == IDN2_OK);
		FZ_CHECK(strcmp(out, d->alabel) == 0);
		idn2_free(out);
	}

	out = NULL;
	rc = idn2_to_unicode_8z8z(d->alabel, &out, 0);
	FZ_CHECK(rc == IDN2_OK);
	FZ_CHECK(strcmp(out, d->ulabel) == 0);
	idn2_free(out);
}

/*
 * The other way round: what libidn2 maps to the same valid A-label name
 * with and without STD3 rules the library must accept.  (Not inputs with
 * NUL, which libidn2 would cut short, nor literals, nor the names the
 * header says are rejected: too long, empty label, all-numeric TLD.)
 */
static void
check_rejected(const char *s, size_t len, const struct tg_error *err)
{
	char in[TG_DOMAIN_INPUT_MAX + 1];
	char *x = NULL, *y = NULL;
	int rx, ry, has_alabel;

	if (len == 0 || len > TG_DOMAIN_INPUT_MAX || s[0] == '[' ||
	    memchr(s, '\0', len) != NULL)
		return;
	len = strip_root(s, len);
	memcpy(in, s, len);
	in[len] = '\0';
	rx = idn2_to_ascii_8z(in, &x,
	    IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES);
	ry = idn2_to_ascii_8z(in, &y, IDN2_NONTRANSITIONAL);
	if (rx == IDN2_OK && ry == IDN2_OK && strcmp(x, y) == 0 &&
	    fz_ldh_name(x, &has_alabel)) {
		fprintf(stderr, "libidn2 gives \"%s\"; the library says %s\n",
		    x, err->message);
		FZ_CHECK(!"rejected what libidn2 maps to a valid name");
	}
	idn2_free(x);
	idn2_free(y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tg_domain d, d2;
	struct tg_error err;
	int rc;

	rc = tg_domain_parse(fz_ctx(), s, size, &d, &err);
	fz_check_status(FZ_DOMAIN, rc, &err, size);
	fz_check_offset(rc, &err, s, size);
	FZ_CHECK(tg_domain_parse(fz_ctx(), s, size, &d2, NULL) == rc);
	if (rc != TG_OK) {
		check_rejected(s, size, &err);
		return 0;
	}
	FZ_CHECK(fz_domain_same(&d, &d2, 0));
	fz_check_domain(&d);
	if (!(d.flags & TG_DOMAIN_LITERAL))
		FZ_CHECK(!(d.flags & TG_DOMAIN_TRAILING_DOT) ==
		    (strip_root(s, size) == size));
	fz_check_domain_stable(&d);
	check_idn2(s, size, &d);
	return 0;
}
