/*
 * fuzz_dicom.c - the DICOM extractor (dicom.c) through the dispatcher.
 *
 * The first byte chooses limits: bit 0 max_depth 2, bit 1 max_items 20,
 * bit 2 max_out 40 bytes.  The rest is a DICOM file after its preamble:
 * the target puts 128 zero bytes and "DICM" in front, so every input
 * reaches the parser.  Beyond "no crash": the call returns 1 (or
 * TG_ENOMEM), sets only documented flags and always META_ONLY; the text
 * is valid UTF-8 within max_out, every line is "DICOM <label>: <value>"
 * with a known label, at most once each, and a line ends in a line feed
 * unless the text was cut.
 */
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "invariants.h"

#define KNOWN_FLAGS                                                            \
	(TG_EXTRACT_CUT | TG_EXTRACT_ITEMS | TG_EXTRACT_DEEP |                 \
	    TG_EXTRACT_LATE | TG_EXTRACT_MALFORMED | TG_EXTRACT_NOMEM |        \
	    TG_EXTRACT_UNSUPPORTED | TG_EXTRACT_META_ONLY)

static const char *const labels[] = { "Patient Name", "Patient ID",
	"Patient Birth Date", "Patient Sex", "Study Date", "Modality",
	"Study Description", "Body Part Examined", "Institution Name",
	"Referring Physician Name", "Accession Number" };
#define NLABELS (sizeof(labels) / sizeof(labels[0]))

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* One line s[0..n) (without its line feed): "DICOM <label>: <value>". */
static void
check_line(const char *s, size_t n, int *seen, int last_cut)
{
	size_t k;

	if (last_cut && n < 6) {
		FZ_CHECK(memcmp(s, "DICOM ", n) == 0);
		return;
	}
	FZ_CHECK(n >= 6 && memcmp(s, "DICOM ", 6) == 0);
	for (k = 0; k < NLABELS; k++) {
		size_t l = strlen(labels[k]);

		if (n - 6 >= l + 2 && memcmp(s + 6, labels[k], l) == 0 &&
		    memcmp(s + 6 + l, ": ", 2) == 0)
			break;
	}
	if (k == NLABELS) {
		FZ_CHECK(last_cut);
		return;
	}
	FZ_CHECK(!seen[k]);
	seen[k] = 1;
	for (size_t i = 0; i < n; i++)
		FZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg__extract_limits lim;
	struct tg__textbuf out = { 0 };
	unsigned char *file;
	unsigned flags = 0;
	size_t max_out, start, i;
	int seen[NLABELS] = { 0 };
	int rc;

	if (size < 1)
		return 0;
	memset(&lim, 0, sizeof(lim));
	if (data[0] & 0x01)
		lim.max_depth = 2;
	if (data[0] & 0x02)
		lim.max_items = 20;
	if (data[0] & 0x04)
		lim.max_out = 40;
	max_out = lim.max_out ? lim.max_out : TG_EXTRACT_DEF_OUT;
	file = malloc(size - 1 + 132);
	if (file == NULL)
		return 0;
	memset(file, 0, 128);
	memcpy(file + 128, "DICM", 4);
	memcpy(file + 132, data + 1, size - 1);
	out.max = (size_t)1 << 20;

	rc = tg__extract("application/dicom", NULL, file, size - 1 + 132,
	    &lim, &out, &flags);
	FZ_CHECK(rc == 1 || rc == TG_ENOMEM);
	FZ_CHECK((flags & ~KNOWN_FLAGS) == 0);
	FZ_CHECK(flags & TG_EXTRACT_META_ONLY);
	FZ_CHECK(out.len <= max_out);
	FZ_CHECK(!out.full);	/* max_out is below the buffer's ceiling */
	FZ_CHECK(fz_utf8_ok(out.p != NULL ? out.p : "", out.len));
	for (start = 0, i = 0; i < out.len; i++)
		if (out.p[i] == '\n') {
			check_line(out.p + start, i - start, seen, 0);
			start = i + 1;
		}
	if (start < out.len) {
		FZ_CHECK(flags & TG_EXTRACT_CUT);
		check_line(out.p + start, out.len - start, seen, 1);
	}
	tg__textbuf_free(&out);
	free(file);
	return 0;
}
