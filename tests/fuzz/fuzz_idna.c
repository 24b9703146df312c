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
 *   - Punycode the decoder takes, encoded again, decodes to the same;
 *     the encoder's short and long ways (tg__puny_encode(),
 *     tg__puny_encode_long()) write the same, and tg__idna_label() on
 *     the code points, when it takes them, that with "xn--" before it.
 */
#include <stdio.h>
#include <string.h>

#include "domain_int.h"
#include "idna_int.h"
#include "idna_oracle.h"
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
compare(const char *s, size_t len)
{
	int fast;

	FZ_CHECK(idna_oracle(fz_ctx(), s, len, &fast) == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char name[TG_DOMAIN_INPUT_MAX + 16], enc[TG_DOMAIN_INPUT_MAX];
	char lng[TG_DOMAIN_INPUT_MAX], a[TG_LABEL_MAX + 4];
	char u[TG_LABEL_MAX * 4];
	uint32_t cp[TG_LABEL_MAX], back[TG_LABEL_MAX];
	size_t i, n, j, al, ul;
	int wide = 0;

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
		FZ_CHECK(tg__puny_encode_long(cp, n, lng, sizeof(lng)) == i);
		FZ_CHECK(memcmp(enc, lng, i) == 0);
		for (j = 0; j < n; j++)
			wide |= cp[j] >= 0x80;
		if (wide && tg__idna_label(cp, n, a, &al, u, &ul)) {
			FZ_CHECK(al == 4 + i && memcmp(a, "xn--", 4) == 0);
			FZ_CHECK(memcmp(a + 4, enc, i) == 0);
		}
	}
	return 0;
}
