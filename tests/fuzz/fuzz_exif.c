/*
 * fuzz_exif.c - the EXIF GPS extractor (exif.c, libexif).
 *
 * The first byte chooses the container and limits: bit 0 wraps the rest
 * as the TIFF structure of a JPEG's APP1 "Exif" segment (cut to fit),
 * else the rest is the file (JPEG, TIFF, PNG); bit 1 max_mem 4 KiB;
 * bit 2 max_items 8.  Beyond "no crash": the call returns 0 (not an
 * image), 1, or TG_ENOMEM; an image sets META_ONLY; only documented
 * flags; the text is valid UTF-8 and every line starts "EXIF GPS"; a
 * position line holds a latitude within [-90, 90] and a longitude within
 * [-180, 180], six decimals each.
 */
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "invariants.h"

#define KNOWN_FLAGS                                                            \
	(TG_EXTRACT_CUT | TG_EXTRACT_ITEMS | TG_EXTRACT_MALFORMED |           \
	    TG_EXTRACT_NOMEM | TG_EXTRACT_META_ONLY)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* [-]D.dddddd with D at most max; returns the bytes read, 0 if none. */
static size_t
degrees(const char *s, size_t n, unsigned max)
{
	size_t i = 0;
	unsigned v = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (unsigned)(s[i] - '0');
		FZ_CHECK(v <= max);
		i++;
	}
	FZ_CHECK(i + 7 <= n && s[i] == '.');
	for (size_t k = 1; k <= 6; k++)
		FZ_CHECK(s[i + k] >= '0' && s[i + k] <= '9');
	FZ_CHECK(v < max || memcmp(s + i + 1, "000000", 6) == 0);
	return i + 7;
}

static void
check_line(const char *s, size_t n)
{
	size_t k;

	FZ_CHECK(n >= 8 && memcmp(s, "EXIF GPS", 8) == 0);
	for (size_t i = 0; i < n; i++)
		FZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
	if (n < 10 || memcmp(s + 8, ": ", 2) != 0)
		return;
	k = 10;
	k += degrees(s + k, n - k, 90);
	FZ_CHECK(k + 2 <= n && memcmp(s + k, ", ", 2) == 0);
	k += 2;
	k += degrees(s + k, n - k, 180);
	FZ_CHECK(k == n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg__extract_limits lim;
	struct tg__textbuf out = { 0 };
	unsigned char *file = NULL;
	const unsigned char *in;
	unsigned flags = 0;
	size_t len, start, i;
	int rc;

	if (size < 1)
		return 0;
	memset(&lim, 0, sizeof(lim));
	if (data[0] & 0x02)
		lim.max_mem = 4096;
	if (data[0] & 0x04)
		lim.max_items = 8;
	in = data + 1;
	len = size - 1;
	if (data[0] & 0x01) {
		size_t body = len > 65000 ? 65000 : len;

		/* SOI, APP1 "Exif\0\0" + the input, a stub scan, EOI */
		file = malloc(body + 20);
		if (file == NULL)
			return 0;
		memcpy(file, "\xff\xd8\xff\xe1", 4);
		file[4] = (unsigned char)((body + 8) >> 8);
		file[5] = (unsigned char)(body + 8);
		memcpy(file + 6, "Exif\0\0", 6);
		memcpy(file + 12, in, body);
		memcpy(file + 12 + body, "\xff\xda\x00\x02\xff\xd9", 6);
		in = file;
		len = body + 18;
	}
	out.max = (size_t)1 << 20;

	rc = tg__exif_text(in, len, &lim, &out, &flags);
	FZ_CHECK(rc == 0 || rc == 1 || rc == TG_ENOMEM);
	FZ_CHECK((flags & ~KNOWN_FLAGS) == 0);
	if (rc == 0)
		FZ_CHECK(flags == 0 && out.len == 0);
	if (rc == 1)
		FZ_CHECK(flags & TG_EXTRACT_META_ONLY);
	FZ_CHECK(fz_utf8_ok(out.p != NULL ? out.p : "", out.len));
	for (start = 0, i = 0; i < out.len; i++)
		if (out.p[i] == '\n') {
			check_line(out.p + start, i - start);
			start = i + 1;
		}
	FZ_CHECK(start == out.len);
	tg__textbuf_free(&out);
	free(file);
	return 0;
}
