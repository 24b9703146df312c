/*
 * test_extract.c - attachment text: the dispatcher (extract.c), DICOM
 * (dicom.c), EXIF GPS (exif.c), Office documents (office.c), and what
 * the walk and the scan make of it (mime.c, detect.c).
 *
 * Rows read the files of tests/data/extract/ (generate.py there says how
 * each is built) and check the return code, the exact TG_EXTRACT_* flags
 * and lines of text that must or must not come out.  The fixed tests hit
 * each limit, cut and corrupt the files at every byte, fail allocations,
 * and follow an attachment through the MIME walk and the classifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "alloc_int.h"
#include "extract_int.h"
#include "html_int.h"
#include "mime_int.h"
#include "text_int.h"

#define EXTRACT_DIR TG_TEST_DATADIR "/../tests/data/extract/"

#define META TG_EXTRACT_META_ONLY

static unsigned char *
slurp(const char *name, size_t *len)
{
	return (unsigned char *)ut_slurp(EXTRACT_DIR, name, len);
}

/* Runs the dispatcher over data; the text comes back NUL-terminated. */
static int
extract(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, char **text, unsigned *flags)
{
	struct tg__textbuf out = { 0 };
	size_t bad;
	int rc;

	out.max = 1 << 20;
	*flags = 0;
	rc = tg__extract(NULL, NULL, data, len, lim, &out, flags);
	if (tg__utf8_check(out.p != NULL ? out.p : "", out.len, &bad) != 0)
		fail_msg("bad UTF-8 at %zu", bad);
	*text = malloc(out.len + 1);
	assert_non_null(*text);
	if (out.len > 0)
		memcpy(*text, out.p, out.len);
	(*text)[out.len] = '\0';
	tg__textbuf_free(&out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows: one file each                                                  */

struct row {
	const char *name;
	const char *file;
	int rc;
	unsigned flags;		/* exactly these TG_EXTRACT_* bits */
	const char *want[4];	/* substrings of the text */
	const char *absent;	/* must not appear; NULL: not checked */
};

static const struct row rows[] = {
	{ "dicom_explicit_le", "patient.dcm", 1, META,
	  { "DICOM Patient Name: DOE^JOHN\n",
	    "DICOM Patient ID: PID-4471-2093\n",
	    "DICOM Referring Physician Name: HARTLEY^GRACE^^DR\n",
	    "DICOM Accession Number: ACC20240611\n" }, "NESTED" },
	{ "dicom_implicit_le", "patient-implicit.dcm", 1, META,
	  { "DICOM Patient Name: DOE^JOHN\n", "DICOM Modality: CR\n",
	    "DICOM Body Part Examined: CHEST\n", NULL }, NULL },
	{ "dicom_big_endian", "patient-be.dcm", 1, META,
	  { "DICOM Patient Name: ROE^JANE\n",
	    "DICOM Study Description: CHEST PA AND LATERAL\n",
	    "DICOM Patient Sex: M\n", NULL }, "DOE" },
	{ "dicom_encapsulated_pixels", "patient-jpeg.dcm", 1, META,
	  { "DICOM Patient Name: DOE^JOHN\n",
	    "DICOM Institution Name: Example County Hospital\n", NULL, NULL },
	  "after pixels" },
	{ "dicom_latin1_name", "patient-latin1.dcm", 1, META,
	  { "DICOM Patient Name: M\xc3\x9cLLER^J\xc3\x9cRGEN\n", NULL, NULL,
	    NULL }, NULL },
	{ "dicom_no_transfer_syntax", "patient-nosyntax.dcm", 1, META,
	  { "DICOM Patient Name: DOE^JOHN\n",
	    "DICOM Patient Birth Date: 19700101\n", NULL, NULL }, NULL },
	{ "dicom_no_patient", "no-patient.dcm", 1, META,
	  { "DICOM Modality: CT\n", "DICOM Study Description: PHANTOM QA\n",
	    NULL, NULL }, "Patient" },
	{ "dicom_deflated_unsupported", "deflated.dcm", 1,
	  META | TG_EXTRACT_UNSUPPORTED, { NULL }, "DICOM" },
	{ "dicom_truncated", "hostile-truncated.dcm", 1,
	  META | TG_EXTRACT_MALFORMED,
	  { "DICOM Patient Name: DOE^JOHN\n", NULL, NULL, NULL }, NULL },
	{ "dicom_huge_length", "hostile-huge-length.dcm", 1,
	  META | TG_EXTRACT_MALFORMED,
	  { "DICOM Patient Name: DOE^JOHN\n", NULL, NULL, NULL },
	  "Patient ID" },
	{ "dicom_deep_sequences", "hostile-deep.dcm", 1,
	  META | TG_EXTRACT_DEEP,
	  { "DICOM Patient Name: DOE^JOHN\n", "DICOM Patient ID: ", NULL,
	    NULL }, NULL },
	{ "dicom_stray_delimiter", "hostile-delimiter.dcm", 1,
	  META | TG_EXTRACT_MALFORMED,
	  { "DICOM Patient Name: DOE^JOHN\n", NULL, NULL, NULL },
	  "Birth Date" },
	{ "jpeg_gps", "gps.jpg", 1, META,
	  { "EXIF GPS: 38.871889, -77.055972\n",
	    "EXIF GPS altitude: 12.0 m\n",
	    "EXIF GPS date: 2024:06:11 09:30:00 UTC\n", NULL }, NULL },
	{ "jpeg_gps_after_xmp", "gps-xmp-first.jpg", 1, META,
	  { "EXIF GPS: 38.871889, -77.055972\n", NULL, NULL, NULL }, NULL },
	{ "tiff_big_endian_south_east", "gps-be.tif", 1, META,
	  { "EXIF GPS: -33.859972, 151.211111\n", NULL, NULL, NULL },
	  "altitude" },
	{ "png_exif_chunk", "gps.png", 1, META,
	  { "EXIF GPS: 38.871889, -77.055972\n", NULL, NULL, NULL }, NULL },
	{ "jpeg_exif_without_gps", "no-gps.jpg", 1, META, { NULL }, "GPS" },
	{ "jpeg_without_exif", "no-exif.jpg", 1, META, { NULL }, "GPS" },
	{ "jpeg_gps_zero_denominator", "hostile-gps-zero.jpg", 1,
	  META | TG_EXTRACT_MALFORMED, { NULL }, "EXIF GPS:" },
	{ "jpeg_segment_past_end", "hostile-segment.jpg", 1,
	  META | TG_EXTRACT_MALFORMED, { NULL }, "GPS" },
	{ "docx_body_and_header", "report.docx", 1, 0,
	  { "Quarterly personnel review\nEmployee: Elena Ivers\n"
	    "Budget R&D <FY25>\n",
	    "SSN: 773-41-2208\n", "Team\tNorth\n", "CUI//SP-PRVCY\n" },
	  "not read" },
	{ "xlsx_rows_shared_strings", "roster.xlsx", 1, 0,
	  { "Rank\tName\tPhone\t4\n",
	    "SGT\tGrace Hartley\t555-201-3347\ton duty\n",
	    "SFC\tTara Sato\t555-201-3361\ton duty\n",
	    "\n\t\t42.5\n" }, "phonetic" },
	{ "pptx_slides", "survey.pptx", 1, 0,
	  { "Site survey\nRally point\n",
	    "Grid 38.871889, -77.055972\nLanding zone north\n", NULL, NULL },
	  NULL },
	{ "zip_not_a_document", "archive.zip", 0, 0, { NULL }, NULL },
	{ "docx_zip_bomb", "hostile-bomb.docx", 1, TG_EXTRACT_BOMB,
	  { "start", NULL, NULL, NULL }, NULL },
	{ "docx_deep_nesting", "hostile-deep.docx", 1, TG_EXTRACT_DEEP,
	  { "before the nesting\n", NULL, NULL, NULL }, NULL },
	{ "docx_entities_not_expanded", "hostile-entities.docx", 1,
	  TG_EXTRACT_MALFORMED, { "kept text\n", NULL, NULL, NULL }, "lol" },
	{ "docx_truncated_zip", "hostile-truncated.docx", 0, 0, { NULL },
	  NULL },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void
test_row(void **state)
{
	const struct row *r = *state;
	unsigned char *data;
	unsigned flags;
	size_t len;
	char *text;
	int rc;

	data = slurp(r->file, &len);
	rc = extract(data, len, NULL, &text, &flags);
	assert_int_equal(rc, r->rc);
	if (flags != r->flags)
		fail_msg("flags 0x%x, want 0x%x; text:\n%s", flags, r->flags,
		    text);
	for (size_t i = 0; i < 4 && r->want[i] != NULL; i++)
		if (strstr(text, r->want[i]) == NULL)
			fail_msg("no \"%s\" in:\n%s", r->want[i], text);
	if (r->want[0] == NULL && r->absent == NULL)
		assert_string_equal(text, "");
	if (r->absent != NULL && strstr(text, r->absent) != NULL)
		fail_msg("\"%s\" in:\n%s", r->absent, text);
	free(text);
	free(data);
}

/* ------------------------------------------------------------------ */
/* Fixed tests                                                          */

/* The whole text of patient.dcm, fields in their fixed order. */
static void
test_dicom_exact(void **state)
{
	unsigned char *data;
	unsigned flags;
	size_t len;
	char *text;

	(void)state;
	data = slurp("patient.dcm", &len);
	assert_int_equal(extract(data, len, NULL, &text, &flags), 1);
	assert_string_equal(text,
	    "DICOM Patient Name: DOE^JOHN\n"
	    "DICOM Patient ID: PID-4471-2093\n"
	    "DICOM Patient Birth Date: 19700101\n"
	    "DICOM Patient Sex: M\n"
	    "DICOM Study Date: 20240611\n"
	    "DICOM Modality: CR\n"
	    "DICOM Study Description: CHEST PA AND LATERAL\n"
	    "DICOM Body Part Examined: CHEST\n"
	    "DICOM Institution Name: Example County Hospital\n"
	    "DICOM Referring Physician Name: HARTLEY^GRACE^^DR\n"
	    "DICOM Accession Number: ACC20240611\n");
	free(text);
	free(data);
}

/* Not ours: no text, no flags, out untouched. */
static void
test_unknown_formats(void **state)
{
	static const struct {
		const char *data;
		size_t len;
	} in[] = {
		{ "PK\3\4\24\0\0\0\10\0", 10 },	/* a zip cut short */
		{ "GIF89a\1\0\1\0", 10 },
		{ "plain words", 11 },
		{ "\xff\xd8", 2 },		/* too short for JPEG */
		{ "II*", 3 },
		{ "", 0 },
	};
	char *text;
	unsigned flags;

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(extract((const unsigned char *)in[i].data,
		    in[i].len, NULL, &text, &flags), 0);
		assert_int_equal(flags, 0);
		assert_string_equal(text, "");
		free(text);
	}
}

/* The magic bytes decide, whatever the declared type and name say. */
static void
test_magic_decides(void **state)
{
	struct tg__textbuf out = { 0 };
	unsigned char *data;
	unsigned flags = 0;
	size_t len;

	(void)state;
	data = slurp("patient.dcm", &len);
	out.max = 4096;
	assert_int_equal(tg__extract("image/jpeg", "holiday.jpg", data, len,
	    NULL, &out, &flags), 1);
	assert_true(out.len > 0 && memcmp(out.p, "DICOM Patient Name: ",
	    20) == 0);
	tg__textbuf_free(&out);
	free(data);
	/* a DICOM magic on too short a file is nothing */
	flags = 0;
	out = (struct tg__textbuf){ .max = 4096 };
	assert_int_equal(tg__extract("application/dicom", "x.dcm",
	    (const unsigned char *)"DICM", 4, NULL, &out, &flags), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(flags, 0);
}

/* PDF goes to tg__pdf_text() when it is built in (TG_EXTRACT_PDF,
 * known to the library only). */
static void
test_pdf_dispatch(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
	char *text;
	unsigned flags;
	int rc;

	(void)state;
	rc = extract((const unsigned char *)pdf, sizeof(pdf) - 1, NULL, &text,
	    &flags);
/* without the PDF extractor: not ours; with it, read or refused */
	if (rc == 0)
		assert_int_equal(flags, 0);
	else
		assert_true(rc == 1 || rc < 0);
	free(text);
}

static void
test_limit_items(void **state)
{
	struct tg__extract_limits lim = { 0 };
	unsigned char *data, *big;
	unsigned flags;
	size_t len, n = 130000, pre;
	char *text;

	(void)state;
	data = slurp("patient.dcm", &len);
	lim.max_items = 10;
	assert_int_equal(extract(data, len, &lim, &text, &flags), 1);
	assert_int_equal(flags, META | TG_EXTRACT_ITEMS);
	/* the first ten elements hold the 0008 fields, not the patient */
	assert_non_null(strstr(text, "DICOM Modality: CR\n"));
	assert_null(strstr(text, "Patient Name"));
	free(text);

	/* the default: 100,000 elements; here 130,000 empty private ones
	 * after the patient's name */
	pre = 0x1d0 + 16; /* patient.dcm up to and with PatientName */
	big = malloc(pre + n * 8);
	assert_non_null(big);
	memcpy(big, data, pre);
	for (size_t i = 0; i < n; i++)
		memcpy(big + pre + i * 8, "\x09\x00\x10\x00LO\x00\x00", 8);
	assert_int_equal(extract(big, pre + n * 8, NULL, &text, &flags), 1);
	assert_int_equal(flags, META | TG_EXTRACT_ITEMS);
	assert_string_equal(text, "DICOM Patient Name: DOE^JOHN\n"
	    "DICOM Study Date: 20240611\n"
	    "DICOM Modality: CR\n"
	    "DICOM Study Description: CHEST PA AND LATERAL\n"
	    "DICOM Institution Name: Example County Hospital\n"
	    "DICOM Referring Physician Name: HARTLEY^GRACE^^DR\n"
	    "DICOM Accession Number: ACC20240611\n");
	free(text);
	free(big);
	free(data);
}

static void
test_limit_depth(void **state)
{
	struct tg__extract_limits lim = { 0 };
	unsigned char *data;
	unsigned flags;
	size_t len;
	char *text;

	(void)state;
	data = slurp("patient.dcm", &len);
	/* the sequence opens (depth 1), its item would be depth 2 */
	lim.max_depth = 1;
	assert_int_equal(extract(data, len, &lim, &text, &flags), 1);
	assert_int_equal(flags, META | TG_EXTRACT_DEEP);
	assert_null(strstr(text, "Patient Name"));
	assert_non_null(strstr(text, "DICOM Modality: CR\n"));
	free(text);
	lim.max_depth = 2;
	assert_int_equal(extract(data, len, &lim, &text, &flags), 1);
	assert_int_equal(flags, META);
	free(text);
	free(data);
}

/* max_out cuts the text on a character boundary; ours, not the caller's. */
static void
test_limit_out(void **state)
{
	struct tg__extract_limits lim = { 0 };
	struct tg__textbuf out = { 0 };
	unsigned char *data;
	unsigned flags = 0;
	size_t len;

	(void)state;
	data = slurp("patient.dcm", &len);
	lim.max_out = 25;
	out.max = 1000;
	assert_int_equal(tg__extract(NULL, NULL, data, len, &lim, &out,
	    &flags), 1);
	assert_int_equal(flags, META | TG_EXTRACT_CUT);
	assert_int_equal(out.len, 25);
	assert_false(out.full);	/* the caller's buffer has room */
	assert_int_equal(out.max, 1000);
	assert_memory_equal(out.p, "DICOM Patient Name: DOE^J", 25);
	tg__textbuf_free(&out);

	/* the caller's own ceiling: full stays set for the caller */
	out = (struct tg__textbuf){ .max = 10 };
	flags = 0;
	assert_int_equal(tg__extract(NULL, NULL, data, len, NULL, &out,
	    &flags), 1);
	assert_int_equal(flags, META | TG_EXTRACT_CUT);
	assert_true(out.full);
	assert_int_equal(out.len, 10);
	tg__textbuf_free(&out);
	free(data);
}

/* Every prefix and every one-byte change of each file: no crash, no
 * read outside the data (ASan), valid UTF-8, a known return code. */
static void
test_every_cut_and_flip(void **state)
{
	static const char *const files[] = { "patient.dcm",
		"patient-implicit.dcm", "patient-be.dcm", "patient-jpeg.dcm",
		"gps.jpg", "gps-be.tif", "gps.png", "report.docx",
		"roster.xlsx", "survey.pptx" };
	static const unsigned char vals[] = { 0x00, 0xff, 0x80, 0x7f };
	unsigned char *data, *copy;
	unsigned flags;
	size_t len;
	char *text;
	int rc;

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		data = slurp(files[f], &len);
		for (size_t n = 0; n <= len; n++) {
			copy = malloc(n + 1);
			assert_non_null(copy);
			memcpy(copy, data, n);
			rc = extract(copy, n, NULL, &text, &flags);
			assert_true(rc == 0 || rc == 1);
			free(text);
			free(copy);
		}
		copy = malloc(len);
		assert_non_null(copy);
		for (size_t i = 0; i < len; i++)
			for (size_t v = 0; v < sizeof(vals); v++) {
				memcpy(copy, data, len);
				copy[i] = vals[v];
				rc = extract(copy, len, NULL, &text, &flags);
				assert_true(rc == 0 || rc == 1);
				free(text);
			}
		free(copy);
		free(data);
	}
}

/* Every allocation failing in turn: TG_ENOMEM or a NOMEM flag, no leak
 * (ASan), never a crash. */
static void
test_alloc_failure(void **state)
{
	static const char *const files[] = { "patient.dcm", "gps.jpg",
		"gps.png", "gps-be.tif", "report.docx", "roster.xlsx" };
	struct tg__textbuf out;
	unsigned char *data;
	unsigned flags;
	size_t len;
	int rc;

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		data = slurp(files[f], &len);
		for (unsigned long k = 1; k < 200; k++) {
			out = (struct tg__textbuf){ .max = 4096 };
			flags = 0;
			tg__alloc_fail_after(k);
			rc = tg__extract(NULL, NULL, data, len, NULL, &out,
			    &flags);
			tg__alloc_fail_after(0);
			assert_true(rc == 1 || rc == TG_ENOMEM);
			if (rc == 1 && !(flags & TG_EXTRACT_NOMEM)) {
				/* no allocation failed: all the text */
				assert_true(out.len > 0);
				tg__textbuf_free(&out);
				break;
			}
			tg__textbuf_free(&out);
		}
		free(data);
	}
}

/* libexif's memory counts against max_mem. */
static void
test_limit_mem(void **state)
{
	struct tg__extract_limits lim = { 0 };
	unsigned char *data;
	unsigned flags;
	size_t len;
	char *text;

	(void)state;
	data = slurp("gps.jpg", &len);
	lim.max_mem = 64;
	assert_int_equal(extract(data, len, &lim, &text, &flags), 1);
	assert_true(flags & TG_EXTRACT_NOMEM);
	assert_string_equal(text, "");
	free(text);
	free(data);
}

/* ------------------------------------------------------------------ */
/* Through the MIME walk and the classifier                             */

struct pieces {
	unsigned n, extracted;
	char text[4096];
	char ctype[64];
};

static int
on_piece(void *arg, const struct tg__mime_text *t)
{
	struct pieces *p = arg;

	p->n++;
	if (t->kind == TG_MIME_EXTRACTED) {
		p->extracted++;
		snprintf(p->text, sizeof(p->text), "%.*s", (int)t->len, t->text);
		snprintf(p->ctype, sizeof(p->ctype), "%s", t->content_type);
	}
	return 0;
}

/* A message with data[0..len) attached as file, base64, 76 columns. */
static char *
message_with(const char *file, const char *ctype, const unsigned char *data,
    size_t len, size_t *outlen)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t k = 0, col = 0;
	char *m;

	m = malloc(1024 + len * 2);
	assert_non_null(m);
	k = (size_t)sprintf(m, "From: a@example.com\nTo: b@example.org\n"
	    "Subject: images\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
	    "Content-Type: text/plain\n\nsee attached\n--b\n"
	    "Content-Type: %s\nContent-Transfer-Encoding: base64\n"
	    "Content-Disposition: attachment; filename=\"%s\"\n\n", ctype,
	    file);
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		m[k++] = b64[v >> 18 & 63];
		m[k++] = b64[v >> 12 & 63];
		m[k++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		m[k++] = i + 2 < len ? b64[v & 63] : '=';
		if ((col += 4) == 76) {
			m[k++] = '\n';
			col = 0;
		}
	}
	k += (size_t)sprintf(m + k, "\n--b--\n");
	*outlen = k;
	return m;
}

/* A message with the file of tests/data/extract attached. */
static char *
message(const char *file, const char *ctype, size_t *outlen)
{
	unsigned char *data;
	size_t len;
	char *m;

	data = slurp(file, &len);
	m = message_with(file, ctype, data, len, outlen);
	free(data);
	return m;
}

static void
test_mime_walk(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct pieces p;
	unsigned flags;
	size_t len;
	char *m;

	(void)state;
	m = message("patient.dcm", "application/octet-stream", &len);
	memset(&p, 0, sizeof(p));
	assert_int_equal(tg__mime_walk(m, len, NULL, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_int_equal(p.extracted, 1);
	assert_string_equal(p.ctype, "application/octet-stream");
	assert_non_null(strstr(p.text, "DICOM Patient Name: DOE^JOHN\n"));
	/* the pixels were not read */
	assert_int_equal(flags, TG_MIME_NOT_EXTRACTED);

	/* decoding stays within max_decoded: 100 bytes of the file only */
	lim.max_decoded = 100;
	memset(&p, 0, sizeof(p));
	assert_int_equal(tg__mime_walk(m, len, &lim, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_true(flags & TG_MIME_TRUNC_DECODED);
	assert_int_equal(p.extracted, 0);
	free(m);

	m = message("gps.jpg", "image/jpeg", &len);
	memset(&p, 0, sizeof(p));
	assert_int_equal(tg__mime_walk(m, len, NULL, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_int_equal(p.extracted, 1);
	assert_non_null(strstr(p.text, "EXIF GPS: 38.871889, -77.055972\n"));
	assert_int_equal(flags, TG_MIME_NOT_EXTRACTED);
	free(m);

	/* broken DICOM: what was read, and UNREADABLE */
	m = message("hostile-delimiter.dcm", "application/dicom", &len);
	memset(&p, 0, sizeof(p));
	assert_int_equal(tg__mime_walk(m, len, NULL, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_int_equal(p.extracted, 1);
	assert_int_equal(flags, TG_MIME_NOT_EXTRACTED | TG_MIME_UNREADABLE);
	free(m);

	/* deep sequences: depth */
	m = message("hostile-deep.dcm", "application/dicom", &len);
	assert_int_equal(tg__mime_walk(m, len, NULL, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_int_equal(flags, TG_MIME_NOT_EXTRACTED | TG_MIME_TRUNC_DEPTH);
	free(m);

	/* a GIF nobody reads: decoding stops after its first chunk, long
	 * before the 50,000 bytes of budget would be cut */
	{
		unsigned char *gif = malloc(100000);

		assert_non_null(gif);
		memset(gif, 'x', 100000);
		memcpy(gif, "GIF89a", 6);
		m = message_with("big.gif", "image/gif", gif, 100000, &len);
		free(gif);
	}
	lim.max_decoded = 50000;
	memset(&p, 0, sizeof(p));
	assert_int_equal(tg__mime_walk(m, len, &lim, on_piece, &p, &flags,
	    NULL), TG_OK);
	assert_int_equal(flags, TG_MIME_NOT_EXTRACTED);
	assert_int_equal(p.extracted, 0);
	free(m);
}

static void
test_sniff(void **state)
{
	unsigned char *data;
	size_t len;

	(void)state;
	data = slurp("patient.dcm", &len);
	assert_true(tg__extract_sniff(data, len));
	assert_true(tg__extract_sniff(data, TG_EXTRACT_SNIFF < len ?
	    TG_EXTRACT_SNIFF : len));
	assert_false(tg__extract_sniff(data, 100)); /* before DICM */
	free(data);
	assert_true(tg__extract_sniff((const unsigned char *)"PK\3\4", 4));
	assert_true(tg__extract_sniff((const unsigned char *)
	    "junk\n%PDF-1.7", 14));
	assert_false(tg__extract_sniff((const unsigned char *)"GIF89a", 6));
	assert_false(tg__extract_sniff(NULL, 0));
}

static const struct tg_finding *
finding(const struct tg_scan *s, const char *detector)
{
	for (size_t i = 0; i < s->nfindings; i++)
		if (strcmp(s->findings[i].detector, detector) == 0)
			return &s->findings[i];
	return NULL;
}

static void
test_scan(void **state)
{
	tg_classifier *c = NULL;
	struct tg_scan *s = NULL;
	struct tg_error err;
	const struct tg_finding *f;
	size_t len;
	char *m;

	(void)state;
	assert_int_equal(tg_classifier_new(&c, NULL, &err), TG_OK);

	m = message("patient.dcm", "application/dicom", &len);
	assert_int_equal(tg_scan_message(c, m, len, &s, &err), TG_OK);
	f = finding(s, "dicom-patient");
	assert_non_null(f);
	assert_int_equal(f->category, TG_CATEGORY_MEDICAL);
	assert_int_equal(f->part, 3);
	/* redacted: the label, never the name or the ID */
	assert_string_equal(f->evidence, "DICOM Patient********");
	assert_true(s->severity >= TG_SEVERITY_HIGH);
	assert_true(s->counts[TG_CATEGORY_MEDICAL] > 0);
	for (size_t i = 0; i < s->nfindings; i++) {
		assert_null(strstr(s->findings[i].evidence, "DOE"));
		assert_null(strstr(s->findings[i].evidence, "4471"));
	}
	tg_scan_free(s);
	free(m);

	m = message("no-patient.dcm", "application/dicom", &len);
	assert_int_equal(tg_scan_message(c, m, len, &s, &err), TG_OK);
	assert_null(finding(s, "dicom-patient"));
	assert_int_equal(s->counts[TG_CATEGORY_MEDICAL], 0);
	tg_scan_free(s);
	free(m);

	m = message("gps.jpg", "image/jpeg", &len);
	assert_int_equal(tg_scan_message(c, m, len, &s, &err), TG_OK);
	f = finding(s, "coordinates");
	assert_non_null(f);
	assert_int_equal(f->category, TG_CATEGORY_LOCATION);
	assert_null(strstr(f->evidence, "871889"));
	tg_scan_free(s);
	free(m);

	m = message("no-gps.jpg", "image/jpeg", &len);
	assert_int_equal(tg_scan_message(c, m, len, &s, &err), TG_OK);
	assert_int_equal(s->nfindings, 0);
	assert_int_equal(s->severity, TG_SEVERITY_NONE);
	tg_scan_free(s);
	free(m);
	tg_classifier_free(c);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_dicom_exact),
		cmocka_unit_test(test_unknown_formats),
		cmocka_unit_test(test_magic_decides),
		cmocka_unit_test(test_pdf_dispatch),
		cmocka_unit_test(test_limit_items),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_out),
		cmocka_unit_test(test_limit_mem),
		cmocka_unit_test(test_every_cut_and_flip),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_mime_walk),
		cmocka_unit_test(test_scan),
	};

	return ut_run("extract", test_row, rows, NROWS, sizeof(rows[0]),
	    fixed, sizeof(fixed) / sizeof(fixed[0]), 0);
}
