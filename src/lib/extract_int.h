/*
 * extract_int.h - text from attachments for the content classifier.
 *
 * tg__extract() looks at the first bytes of a decoded attachment (magic
 * numbers; the declared type and file name are not trusted) and hands it
 * to the extractor for that format.  Each extractor appends plain UTF-8
 * text to out: document text, or field labels and values a detector can
 * match ("DICOM Patient Name: DOE^JOHN", "EXIF GPS: 38.871889,
 * -77.055972"), never pixel data.  Extractors read only data[0..len),
 * and stop at the limits below.
 *
 * Extractors by magic, in this order (a DICOM preamble may hold any
 * other signature):
 *   DICM at offset 128    tg__dicom_text()  (dicom.c)
 *   FF D8 FF (JPEG), II*\0 / MM\0* (TIFF), PNG
 *                         tg__exif_text()   (exif.c; libexif)
 *   PK\3\4 (zip)          tg__office_text() (office.c; libzip, libxml2)
 *   %PDF- in the first KiB
 *                         tg__pdf_text()    (pdf.c; TG_EXTRACT_PDF)
 *
 * Every extractor has the same contract as tg__extract():
 *   returns 1 when it read the format (text may still be empty: no fields),
 *   0 when the data is not its format (nothing appended), or a negative
 *   TG_E* code (TG_ENOMEM) on failure; text appended before a failure or
 *   stop stays in out.  Why it stopped early goes in *flags as
 *   TG_EXTRACT_* bits; flags are only ever or-ed in.
 */
#ifndef TG_EXTRACT_INT_H
#define TG_EXTRACT_INT_H

#include <stddef.h>

#include "html_int.h"

/*
 * Limits of one extraction; 0 in a field means the default in brackets.
 * out->max bounds the text on top of max_out (the smaller one wins).
 */
struct tg__extract_limits {
	size_t max_out;		/* bytes of text appended [1 MiB] */
	unsigned max_ms;	/* wall time, in milliseconds [2,000] */
	size_t max_mem;		/* memory an extractor may use, or an
				 * isolated extractor's address space [256 MiB] */
	unsigned max_items;	/* elements, objects, entries read [100,000] */
	unsigned max_depth;	/* nesting of sequences, objects, IFDs [16] */
};

#define TG_EXTRACT_DEF_OUT	((size_t)1 << 20)
#define TG_EXTRACT_DEF_MS	2000u
#define TG_EXTRACT_DEF_MEM	((size_t)256 << 20)
#define TG_EXTRACT_DEF_ITEMS	100000u
#define TG_EXTRACT_DEF_DEPTH	16u

/* Why an extractor stopped early or skipped something (bits of *flags). */
#define TG_EXTRACT_CUT		0x01u	/* max_out reached */
#define TG_EXTRACT_ITEMS	0x02u	/* max_items reached */
#define TG_EXTRACT_DEEP		0x04u	/* max_depth reached */
#define TG_EXTRACT_LATE		0x08u	/* max_ms passed */
#define TG_EXTRACT_MALFORMED	0x10u	/* broken structure, read as far as possible */
#define TG_EXTRACT_NOMEM	0x20u	/* an allocation failed (or max_mem) */
#define TG_EXTRACT_UNSUPPORTED	0x40u	/* a variant not read (encrypted,
					 * big endian, compressed, ...) */
#define TG_EXTRACT_FAILED	0x80u	/* the extractor failed (e.g. an
					 * isolated child crashed or was killed) */
#define TG_EXTRACT_META_ONLY	0x100u	/* only metadata read, not the content
					 * itself (pixels of an image) */
#define TG_EXTRACT_BOMB		0x200u	/* inflating went past max_mem or a
					 * sane compression ratio */

/* Milliseconds on the monotonic clock, for max_ms deadlines. */
unsigned long long tg__extract_now_ms(void);

/* Fills the zero fields of *out from lim (NULL: all defaults). */
void tg__extract_limits_fill(struct tg__extract_limits *out,
    const struct tg__extract_limits *lim);

/*
 * The dispatcher.  ctype ("application/dicom"; may be NULL) and filename
 * (may be NULL) are for the record only: the magic bytes decide.  Returns 1 when
 * an extractor read data (text in out, possibly none), 0 when no
 * extractor knows the data, or a negative TG_E* code.
 */
int tg__extract(const char *ctype, const char *filename,
    const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags);

/* Bytes of the start of a file tg__extract_sniff() needs. */
#define TG_EXTRACT_SNIFF 1024

/*
 * Whether some extractor may read a file that starts with data[0..len)
 * (its first TG_EXTRACT_SNIFF bytes, or all of a shorter file): lets a
 * caller skip decoding the rest of an attachment nobody reads.
 */
int tg__extract_sniff(const unsigned char *data, size_t len);

/*
 * PDF (pdf.c).  src/lib/meson.build compiles pdf.c into the library and
 * defines TG_EXTRACT_PDF whenever the file exists (no other list needs
 * it); without it, PDF attachments stay TG_MIME_NOT_EXTRACTED.
 */
int tg__pdf_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags);

/* DICOM Part 10 (dicom.c): patient and study fields. */
int tg__dicom_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags);

/* EXIF GPS position of a JPEG or TIFF (exif.c). */
int tg__exif_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags);

/* docx, xlsx, pptx (office.c): what a reader sees of the document. */
int tg__office_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags);

#endif
