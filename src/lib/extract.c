/*
 * extract.c - which extractor reads an attachment.
 *
 * The magic bytes decide, not the declared type: mail clients label
 * attachments application/octet-stream, and a sender who hides a file
 * can label it anything.  Each extractor checks its own structure again;
 * this only picks which one to ask.
 */
#include <string.h>
#include <time.h>

#include "extract_int.h"
#include "typoguard.h"

void
tg__extract_limits_fill(struct tg__extract_limits *out,
    const struct tg__extract_limits *lim)
{
	memset(out, 0, sizeof(*out));
	if (lim != NULL)
		*out = *lim;
	if (out->max_out == 0)
		out->max_out = TG_EXTRACT_DEF_OUT;
	if (out->max_ms == 0)
		out->max_ms = TG_EXTRACT_DEF_MS;
	if (out->max_mem == 0)
		out->max_mem = TG_EXTRACT_DEF_MEM;
	if (out->max_items == 0)
		out->max_items = TG_EXTRACT_DEF_ITEMS;
	if (out->max_depth == 0)
		out->max_depth = TG_EXTRACT_DEF_DEPTH;
}

unsigned long long
tg__extract_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)t.tv_sec * 1000ull +
	    (unsigned long long)t.tv_nsec / 1000000ull;
}

/* "%PDF-" within the first KiB (readers accept junk before it). */
static int
is_pdf(const unsigned char *d, size_t n)
{
	size_t lim = n < 1024 ? n : 1024;

	for (size_t i = 0; i + 5 <= lim; i++)
		if (d[i] == '%' && memcmp(d + i, "%PDF-", 5) == 0)
			return 1;
	return 0;
}

/* DICOM Part 10: a 128-byte preamble, then "DICM". */
static int
is_dicom(const unsigned char *d, size_t n)
{
	return n >= 132 && memcmp(d + 128, "DICM", 4) == 0;
}

/* JPEG (SOI and a marker), TIFF (both byte orders), PNG. */
static int
is_image(const unsigned char *d, size_t n)
{
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return 1;
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 ||
	    memcmp(d, "MM\0*", 4) == 0))
		return 1;
	return n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
}

int
tg__extract_sniff(const unsigned char *data, size_t len)
{
	if (data == NULL || len == 0)
		return 0;
	if (is_dicom(data, len) || is_image(data, len) || is_pdf(data, len))
		return 1;
	return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

int
tg__extract(const char *ctype, const char *filename,
    const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags)
{
	struct tg__extract_limits l;
	size_t max = out->max;
	int rc = 0;

	/* hints only: the bytes decide */
	(void)ctype;
	(void)filename;
	if (data == NULL || len == 0)
		return 0;
	tg__extract_limits_fill(&l, lim);
	/* max_out on top of the caller's ceiling */
	if (out->len <= max && l.max_out < max - out->len)
		out->max = out->len + l.max_out;
	if (is_dicom(data, len))
		rc = tg__dicom_text(data, len, &l, out, flags);
	else if (is_image(data, len))
		rc = tg__exif_text(data, len, &l, out, flags);
	else if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		rc = tg__office_text(data, len, &l, out, flags);
	else if (is_pdf(data, len)) {
#ifdef TG_EXTRACT_PDF
		rc = tg__pdf_text(data, len, &l, out, flags);
#else
		rc = 0;
#endif
	}
	if (out->full)
		*flags |= TG_EXTRACT_CUT;
	if (out->nomem)
		*flags |= TG_EXTRACT_NOMEM;
	/* a cut at max_out is ours to report; at the caller's max, theirs */
	if (out->full && out->max < max)
		out->full = 0;
	out->max = max;
	if (rc < 0 && rc != TG_ENOMEM)
		*flags |= TG_EXTRACT_FAILED;
	return rc;
}
