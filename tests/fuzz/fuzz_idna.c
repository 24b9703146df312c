/*
 * fuzz_idna.c - the IDNA fast path (src/lib/idna.c) against libidn2.
 *
 * The input is a domain, byte for byte; when it is printable ASCII
 * without a dot it is also tried as the Punycode of an A-label,
 * "xn--INPUT.com", to reach the decoder.  For each name:
 *   - when the fast path takes it, libidn2's idn2_to_ascii_8z() (UTS #46
 *     non-transitional, with and without the STD3 rules) gives the same
 *     A-label and idn2_to_unicode_8z8z() of it the same U-label;
 *   - tg_domain_parse() and the parse with libidn2 deciding every IDN
 *     (internal tg__domain_parse_idn2()) give the same struct tg_domain,
 *     or the same error code, offset and message;
 *   - Punycode the decoder takes, encoded again, decodes to the same.
 */
#include <idn2.h>
#include <stdio.h>
#include <string.h>

#include "domain_int.h"
#include "idna_int.h"
#include "invariants.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

static void
check_libidn2(const char *s, size_t len, const char *alabel, size_t alen,
    const char *ulabel)
{
	char in[TG_DOMAIN_INPUT_MAX + 1];
	char *a = NULL, *b = NULL, *u = NULL;

	memcpy(in, s, len);
	in[len] = '\0';
	FZ_CHECK(idn2_to_ascii_8z(in, &a, IDN2_NONTRANSITIONAL) == IDN2_OK);
	FZ_CHECK(strcmp(a, alabel) == 0 && strlen(a) == alen);
	FZ_CHECK(idn2_to_ascii_8z(in, &b, IDN2_NONTRANSITIONAL |
	    IDN2_USE_STD3_ASCII_RULES) == IDN2_OK);
	FZ_CHECK(strcmp(b, alabel) == 0);
	FZ_CHECK(idn2_to_unicode_8z8z(a, &u, 0) == IDN2_OK);
	FZ_CHECK(strcmp(u, ulabel) == 0);
	idn2_free(a);
	idn2_free(b);
	idn2_free(u);
}

static void
compare(const char *s, size_t len)
{
	char a[TG_DOMAIN_MAX + 3], u[TG_UDOMAIN_MAX + 1];
	struct tg_domain d1, d2;
	struct tg_error e1, e2;
	size_t alen = 0;
	int r1, r2;

	if (len <= TG_DOMAIN_INPUT_MAX && memchr(s, '\0', len) == NULL &&
	    tg__idna_fast(s, len, a, &alen, u))
		check_libidn2(s, len, a, alen, u);
	r1 = tg_domain_parse(fz_ctx(), s, len, &d1, &e1);
	r2 = tg__domain_parse_idn2(fz_ctx(), s, len, &d2, &e2);
	FZ_CHECK(r1 == r2);
	if (r1 == TG_OK) {
		FZ_CHECK(d1.flags == d2.flags);
		FZ_CHECK(d1.alabel_len == d2.alabel_len);
		FZ_CHECK(strcmp(d1.alabel, d2.alabel) == 0);
		FZ_CHECK(strcmp(d1.ulabel, d2.ulabel) == 0);
		FZ_CHECK(strcmp(d1.suffix, d2.suffix) == 0);
		FZ_CHECK(strcmp(d1.registrable, d2.registrable) == 0);
	} else {
		FZ_CHECK(e1.code == e2.code);
		FZ_CHECK(e1.offset == e2.offset);
		FZ_CHECK(strcmp(e1.message, e2.message) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char name[TG_DOMAIN_INPUT_MAX + 16], enc[TG_DOMAIN_INPUT_MAX];
	uint32_t cp[TG_LABEL_MAX], back[TG_LABEL_MAX];
	size_t i, n;

	compare(s, size);
	if (size == 0 || size > TG_DOMAIN_INPUT_MAX - 8)
		return 0;
	for (i = 0; i < size; i++)
		if (data[i] < 0x21 || data[i] > 0x7e || data[i] == '.')
			return 0;
	memcpy(name, "xn--", 4);
	memcpy(name + 4, s, size);
	memcpy(name + 4 + size, ".com", 4);
	compare(name, size + 8);
	/* What decodes, encoded again, decodes to the same. */
	n = tg__puny_decode(s, size, cp, TG_LABEL_MAX);
	if (n > 0) {
		i = tg__puny_encode(cp, n, enc, sizeof(enc));
		FZ_CHECK(i > 0);
		FZ_CHECK(tg__puny_decode(enc, i, back, n) == n);
		FZ_CHECK(memcmp(cp, back, n * sizeof(cp[0])) == 0);
	}
	return 0;
}
