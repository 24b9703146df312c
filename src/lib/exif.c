/*
 * exif.c - where a photo was taken: the EXIF GPS position of a JPEG,
 * TIFF or PNG image (libexif).
 *
 * We find the EXIF block ourselves and give libexif only that: in a JPEG
 * the first APP1 segment that starts "Exif\0\0" (at most 64 KiB, before
 * the image data); in a PNG the eXIf chunk; a TIFF file is itself the
 * EXIF structure.  libexif parses the IFDs (bounds-checked, recursion
 * capped since 0.6.22) with an allocator that counts against max_mem,
 * and we read only the GPS IFD: latitude, longitude, altitude, date and
 * time.  Pixels are never decoded (TG_EXTRACT_META_ONLY).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libexif/exif-data.h>
#include <libexif/exif-log.h>
#include <libexif/exif-mem.h>
#include <libexif/exif-utils.h>

#include "alloc_int.h"
#include "extract_int.h"
#include "typoguard.h"

/* Bytes of a TIFF file handed to libexif (offsets past it are lost). */
#define TIFF_MAX ((size_t)16 << 20)

static const unsigned char exif_hdr[6] = { 'E', 'x', 'i', 'f', 0, 0 };

/*
 * libexif's allocator hooks take no argument: the budget of the parse
 * running on this thread.  Each block carries its size in front.
 */
static _Thread_local size_t mem_used, mem_cap;
static _Thread_local int mem_over;	/* max_mem refused a block */
static _Thread_local int mem_failed;	/* an allocation failed */

#define HDR 16	/* keeps the block aligned for any type */

static void *
mem_alloc(ExifLong s)
{
	unsigned char *p;

	if (s == 0)
		return NULL;
	if (s > mem_cap - mem_used) {
		mem_over = 1;
		return NULL;
	}
	p = tg__calloc(1, (size_t)s + HDR);
	if (p == NULL) {
		mem_failed = 1;
		return NULL;
	}
	memcpy(p, &(size_t){ s }, sizeof(size_t));
	mem_used += s;
	return p + HDR;
}

static void
mem_free(void *q)
{
	unsigned char *p = q;
	size_t s;

	if (p == NULL)
		return;
	p -= HDR;
	memcpy(&s, p, sizeof(s));
	mem_used -= s;
	tg__free(p);
}

static void *
mem_realloc(void *q, ExifLong s)
{
	unsigned char *p = q, *np;
	size_t old;

	if (p == NULL)
		return mem_alloc(s);
	if (s == 0) {
		mem_free(q);
		return NULL;
	}
	p -= HDR;
	memcpy(&old, p, sizeof(old));
	if (s > old && s - old > mem_cap - mem_used) {
		mem_over = 1;
		return NULL;
	}
	np = tg__realloc(p, (size_t)s + HDR);
	if (np == NULL) {
		mem_failed = 1;
		return NULL;
	}
	mem_used = mem_used - old + s;
	memcpy(np, &(size_t){ s }, sizeof(size_t));
	return np + HDR;
}

/* libexif reports corrupt data and failed allocations through its log. */
static void
on_log(ExifLog *log, ExifLogCode code, const char *domain,
    const char *format, va_list args, void *arg)
{
	unsigned *flags = arg;

	(void)log;
	(void)domain;
	(void)format;
	(void)args;
	if (code == EXIF_LOG_CODE_CORRUPT_DATA)
		*flags |= TG_EXTRACT_MALFORMED;
	else if (code == EXIF_LOG_CODE_NO_MEMORY)
		*flags |= TG_EXTRACT_NOMEM;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * The EXIF block of a JPEG: the body of the first APP1 segment that
 * starts "Exif\0\0", searched among the segments before the scan data.
 */
static int
jpeg_exif(const unsigned char *d, size_t n, unsigned max, unsigned *flags,
    const unsigned char **out, size_t *outlen)
{
	size_t pos = 2, seg;
	unsigned count = 0;
	unsigned char m;

	while (pos + 4 <= n) {
		if (d[pos] != 0xff) {
			*flags |= TG_EXTRACT_MALFORMED;
			return 0;
		}
		m = d[pos + 1];
		if (m == 0xff) {	/* fill byte */
			pos++;
			continue;
		}
		if (++count > max) {
			*flags |= TG_EXTRACT_ITEMS;
			return 0;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd8)) {
			pos += 2;	/* markers with no length */
			continue;
		}
		if (m == 0xda || m == 0xd9)
			return 0;	/* scan data or the end: no EXIF */
		seg = (size_t)d[pos + 2] << 8 | d[pos + 3];
		if (seg < 2 || seg > n - pos - 2) {
			*flags |= TG_EXTRACT_MALFORMED;
			return 0;
		}
		if (m == 0xe1 && seg - 2 >= sizeof(exif_hdr) &&
		    memcmp(d + pos + 4, exif_hdr, sizeof(exif_hdr)) == 0) {
			*out = d + pos + 4;
			*outlen = seg - 2;
			return 1;
		}
		pos += 2 + seg;
	}
	if (pos < n)
		*flags |= TG_EXTRACT_MALFORMED;
	return 0;
}

/* The eXIf chunk of a PNG (PNG 1.2 extensions, 2017). */
static int
png_exif(const unsigned char *d, size_t n, unsigned max, unsigned *flags,
    const unsigned char **out, size_t *outlen)
{
	size_t pos = 8;
	uint32_t clen;
	unsigned count = 0;

	while (n - pos >= 12) {
		if (++count > max) {
			*flags |= TG_EXTRACT_ITEMS;
			return 0;
		}
		clen = be32(d + pos);
		if (clen > n - pos - 12) {
			*flags |= TG_EXTRACT_MALFORMED;
			return 0;
		}
		if (memcmp(d + pos + 4, "eXIf", 4) == 0) {
			*out = d + pos + 8;
			*outlen = clen;
			return 1;
		}
		if (memcmp(d + pos + 4, "IEND", 4) == 0)
			return 0;
		pos += 12 + clen;
	}
	if (pos < n)
		*flags |= TG_EXTRACT_MALFORMED;
	return 0;
}

/* Degrees of a GPS latitude or longitude: three rationals, d m s. */
static int
gps_degrees(ExifData *ed, ExifEntry *e, double *out)
{
	ExifByteOrder o = exif_data_get_byte_order(ed);
	double v[3];

	if (e == NULL || e->format != EXIF_FORMAT_RATIONAL ||
	    e->components < 3 || e->data == NULL || e->size < 24)
		return 0;
	for (int i = 0; i < 3; i++) {
		ExifRational r = exif_get_rational(e->data + 8 * i, o);

		if (r.denominator == 0)
			return 0;
		v[i] = (double)r.numerator / (double)r.denominator;
	}
	*out = v[0] + v[1] / 60.0 + v[2] / 3600.0;
	return 1;
}

/* The first letter of an ASCII reference tag ('N', 'S', 'E', 'W'). */
static char
gps_ref(ExifEntry *e)
{
	if (e == NULL || e->format != EXIF_FORMAT_ASCII || e->data == NULL ||
	    e->size < 1)
		return 0;
	return (char)e->data[0];
}

/*
 * Writes v with six decimals whatever the locale (printf's %f follows
 * LC_NUMERIC, which a program may have set to a decimal comma).
 */
static int
fixed6(char *buf, size_t size, double v)
{
	unsigned long long u;
	const char *sign = "";

	if (v < 0) {
		sign = "-";
		v = -v;
	}
	u = (unsigned long long)(v * 1e6 + 0.5);
	return snprintf(buf, size, "%s%llu.%06llu", sign, u / 1000000ull,
	    u % 1000000ull);
}

static void
put(struct tg__textbuf *out, const char *s)
{
	tg__textbuf_add(out, s, strlen(s));
}

/* Appends an ASCII tag value as printable ASCII (at most 32 bytes). */
static void
put_ascii(struct tg__textbuf *out, ExifEntry *e)
{
	char buf[33];
	size_t k = 0;

	for (size_t i = 0; i < e->size && k < 32 && e->data[i] != '\0'; i++)
		buf[k++] = e->data[i] >= 0x20 && e->data[i] < 0x7f ?
		    (char)e->data[i] : '?';
	tg__textbuf_add(out, buf, k);
}

/* The GPS IFD as text. */
static void
gps_text(ExifData *ed, struct tg__textbuf *out, unsigned *flags)
{
	ExifContent *gps = ed->ifd[EXIF_IFD_GPS];
	ExifByteOrder o = exif_data_get_byte_order(ed);
	ExifEntry *e, *f;
	double lat = 0, lon = 0;
	char a[48], b[48];
	char lr, gr;

	if (gps == NULL || gps->count == 0)
		return;
	e = exif_content_get_entry(gps, (ExifTag)EXIF_TAG_GPS_LATITUDE);
	f = exif_content_get_entry(gps, (ExifTag)EXIF_TAG_GPS_LONGITUDE);
	if ((e != NULL || f != NULL) && (!gps_degrees(ed, e, &lat) ||
	    !gps_degrees(ed, f, &lon))) {
		/* half a position, a zero denominator, a wrong type */
		*flags |= TG_EXTRACT_MALFORMED;
	} else if (e != NULL) {
		lr = gps_ref(exif_content_get_entry(gps,
		    (ExifTag)EXIF_TAG_GPS_LATITUDE_REF));
		gr = gps_ref(exif_content_get_entry(gps,
		    (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF));
		if (lr == 'S' || lr == 's')
			lat = -lat;
		if (gr == 'W' || gr == 'w')
			lon = -lon;
		if (lat < -90.0 || lat > 90.0 || lon < -180.0 || lon > 180.0) {
			*flags |= TG_EXTRACT_MALFORMED;
		} else {
			fixed6(a, sizeof(a), lat);
			fixed6(b, sizeof(b), lon);
			put(out, "EXIF GPS: ");
			put(out, a);
			put(out, ", ");
			put(out, b);
			put(out, "\n");
		}
	}
	e = exif_content_get_entry(gps, (ExifTag)EXIF_TAG_GPS_ALTITUDE);
	if (e != NULL && e->format == EXIF_FORMAT_RATIONAL && e->size >= 8 &&
	    e->data != NULL) {
		ExifRational r = exif_get_rational(e->data, o);
		ExifEntry *ref = exif_content_get_entry(gps,
		    (ExifTag)EXIF_TAG_GPS_ALTITUDE_REF);
		double alt;

		if (r.denominator != 0) {
			alt = (double)r.numerator / (double)r.denominator;
			/* ref 1: below sea level */
			if (ref != NULL && ref->format == EXIF_FORMAT_BYTE &&
			    ref->size >= 1 && ref->data != NULL &&
			    ref->data[0] == 1)
				alt = -alt;
			fixed6(a, sizeof(a), alt);
			/* one decimal is enough for metres */
			{
				char *dot = strchr(a, '.');

				if (dot != NULL)
					dot[2] = '\0';
			}
			put(out, "EXIF GPS altitude: ");
			put(out, a);
			put(out, " m\n");
		}
	}
	e = exif_content_get_entry(gps, (ExifTag)EXIF_TAG_GPS_DATE_STAMP);
	if (e != NULL && e->format == EXIF_FORMAT_ASCII && e->data != NULL &&
	    e->size > 0) {
		ExifEntry *t = exif_content_get_entry(gps,
		    (ExifTag)EXIF_TAG_GPS_TIME_STAMP);

		put(out, "EXIF GPS date: ");
		put_ascii(out, e);
		if (t != NULL && t->format == EXIF_FORMAT_RATIONAL &&
		    t->size >= 24 && t->data != NULL) {
			unsigned hms[3];
			int ok = 1;

			for (int i = 0; i < 3; i++) {
				ExifRational r = exif_get_rational(t->data +
				    8 * i, o);

				if (r.denominator == 0 ||
				    r.numerator / r.denominator > 60) {
					ok = 0;
					break;
				}
				hms[i] = r.numerator / r.denominator;
			}
			if (ok) {
				snprintf(a, sizeof(a), " %02u:%02u:%02u UTC",
				    hms[0], hms[1], hms[2]);
				put(out, a);
			}
		}
		put(out, "\n");
	}
}

int
tg__exif_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags)
{
	struct tg__extract_limits l;
	const unsigned char *blk = NULL;
	unsigned char *copy = NULL;
	size_t blen = 0;
	ExifMem *mem = NULL;
	ExifLog *log = NULL;
	ExifData *ed = NULL;
	unsigned lflags = 0;
	int rc = 1;

	tg__extract_limits_fill(&l, lim);
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) {
		jpeg_exif(data, len, l.max_items, flags, &blk, &blen);
	} else if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		png_exif(data, len, l.max_items, flags, &blk, &blen);
	} else if (len >= 8 && (memcmp(data, "II*\0", 4) == 0 ||
	    memcmp(data, "MM\0*", 4) == 0)) {
		blk = data;
		blen = len;
	} else {
		return 0;
	}
	*flags |= TG_EXTRACT_META_ONLY;
	if (blk == NULL)
		return 1;
	/* libexif wants "Exif\0\0" in front of the TIFF structure */
	if (blen < sizeof(exif_hdr) || memcmp(blk, exif_hdr,
	    sizeof(exif_hdr)) != 0) {
		if (blen > TIFF_MAX) {
			blen = TIFF_MAX;
			*flags |= TG_EXTRACT_CUT;
		}
		copy = tg__malloc(blen + sizeof(exif_hdr));
		if (copy == NULL) {
			*flags |= TG_EXTRACT_NOMEM;
			return TG_ENOMEM;
		}
		memcpy(copy, exif_hdr, sizeof(exif_hdr));
		memcpy(copy + sizeof(exif_hdr), blk, blen);
		blk = copy;
		blen += sizeof(exif_hdr);
	}
	if (blen > 0xffffffffu)
		blen = 0xffffffffu;

	mem_used = 0;
	mem_cap = l.max_mem;
	mem_over = 0;
	mem_failed = 0;
	mem = exif_mem_new(mem_alloc, mem_realloc, mem_free);
	if (mem == NULL || (ed = exif_data_new_mem(mem)) == NULL ||
	    (log = exif_log_new_mem(mem)) == NULL) {
		/* out of memory, or max_mem too small to start */
		rc = mem_over && !mem_failed ? 1 : TG_ENOMEM;
		*flags |= TG_EXTRACT_NOMEM;
		goto out;
	}
	exif_log_set_func(log, on_log, &lflags);
	exif_data_log(ed, log);
	/* no repairs: we only read */
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, blk, (unsigned)blen);
	*flags |= lflags;
	if (mem_over || mem_failed)
		*flags |= TG_EXTRACT_NOMEM;
	gps_text(ed, out, flags);
	if (out->nomem)
		rc = TG_ENOMEM;
out:
	if (ed != NULL)
		exif_data_unref(ed);
	if (log != NULL)
		exif_log_unref(log);
	if (mem != NULL)
		exif_mem_unref(mem);
	tg__free(copy);
	return rc;
}
