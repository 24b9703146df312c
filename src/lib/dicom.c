/*
 * dicom.c - patient and study fields of a DICOM Part 10 file (PS3.10).
 *
 * A file is a 128-byte preamble, "DICM", the file meta group (0002,xxxx,
 * always explicit VR little endian) naming the transfer syntax, then the
 * data set: elements of tag, VR (explicit syntaxes), length and value.
 * Only string fields of the top-level data set are kept (PS3.6 tags in
 * fields[] below); everything else is stepped over by its length, never
 * decoded: pixel data, nested sequences, private tags.
 *
 * A sequence or item of undefined length (0xFFFFFFFF) has no length to
 * step over: its end is a delimiter item, so its contents are walked to
 * find it.  The walk is a loop over a small stack, not recursion; depth,
 * element count and time are capped, and every length is checked against
 * the bytes left before it is used.  Deflated data sets are not read
 * (TG_EXTRACT_UNSUPPORTED); big endian and implicit VR are.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "extract_int.h"
#include "text_int.h"
#include "typoguard.h"

#define UNDEF 0xffffffffu
/* Stack of open undefined-length containers; max_depth is capped here. */
#define STACK_MAX 64
/* Bytes of one field's value kept (longer values are cut). */
#define VALUE_MAX 256
/* Elements between clock checks. */
#define CLOCK_EVERY 1024u

/* The fields, in the order written out. */
static const struct field {
	uint16_t group, elem;
	const char *label;
} fields[] = {
	{ 0x0010, 0x0010, "Patient Name" },
	{ 0x0010, 0x0020, "Patient ID" },
	{ 0x0010, 0x0030, "Patient Birth Date" },
	{ 0x0010, 0x0040, "Patient Sex" },
	{ 0x0008, 0x0020, "Study Date" },
	{ 0x0008, 0x0060, "Modality" },
	{ 0x0008, 0x1030, "Study Description" },
	{ 0x0018, 0x0015, "Body Part Examined" },
	{ 0x0008, 0x0080, "Institution Name" },
	{ 0x0008, 0x0090, "Referring Physician Name" },
	{ 0x0008, 0x0050, "Accession Number" },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

enum syntax { TS_EXPLICIT_LE, TS_IMPLICIT_LE, TS_EXPLICIT_BE };

/* What an open container holds. */
enum box { B_SEQ, B_ITEM, B_FRAGS };

struct frame {
	unsigned char box;	/* enum box */
	unsigned char implicit;	/* its contents are implicit VR LE */
};

struct view {
	const unsigned char *p;
	size_t n;
};

static uint16_t
rd16(const unsigned char *p, int be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t
rd32(const unsigned char *p, int be)
{
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static int
is_vr(const unsigned char *p)
{
	return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
}

/* VRs with two reserved bytes and a 32-bit length (PS3.5 7.1.2). */
static int
long_vr(const unsigned char *p)
{
	static const char *const l[] = { "OB", "OD", "OF", "OL", "OV", "OW",
		"SQ", "SV", "UC", "UN", "UR", "UT", "UV" };

	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		if (p[0] == (unsigned char)l[i][0] &&
		    p[1] == (unsigned char)l[i][1])
			return 1;
	return 0;
}

/* The value without its padding (trailing spaces and NULs). */
static struct view
trim(const unsigned char *p, size_t n)
{
	struct view v;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\0'))
		n--;
	while (n > 0 && p[0] == ' ') {
		p++;
		n--;
	}
	v.p = p;
	v.n = n;
	return v;
}

/* The transfer syntax UID names one of ours, or deflate (-1). */
static int
syntax(struct view uid)
{
	static const char implicit[] = "1.2.840.10008.1.2";
	static const char be[] = "1.2.840.10008.1.2.2";
	static const char deflate[] = "1.2.840.10008.1.2.1.99";

	if (uid.n == sizeof(implicit) - 1 && memcmp(uid.p, implicit,
	    uid.n) == 0)
		return TS_IMPLICIT_LE;
	if (uid.n == sizeof(be) - 1 && memcmp(uid.p, be, uid.n) == 0)
		return TS_EXPLICIT_BE;
	if (uid.n == sizeof(deflate) - 1 && memcmp(uid.p, deflate,
	    uid.n) == 0)
		return -1;
	/* explicit VR little endian, native or with encapsulated pixel
	 * data (JPEG, RLE, MPEG ...): the data set reads the same */
	return TS_EXPLICIT_LE;
}

/*
 * Appends a field value as one line of UTF-8: bytes valid as UTF-8 (ISO
 * IR 192, or ASCII) as they are, others as ISO 8859-1 (ISO IR 100, the
 * most common other set); controls become spaces.
 */
static void
put_value(struct tg__textbuf *out, struct view v)
{
	char buf[VALUE_MAX * 2];
	size_t k = 0, n = v.n < VALUE_MAX ? v.n : VALUE_MAX, where;
	int utf8;

	/* a cut inside a UTF-8 character moves back to its start */
	if (n < v.n)
		for (int i = 0; i < 3 && n > 0 && (v.p[n] & 0xc0) == 0x80; i++)
			n--;
	utf8 = tg__utf8_check((const char *)v.p, n, &where) == 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = v.p[i];

		if (c < 0x20 || c == 0x7f)
			buf[k++] = ' ';
		else if (c < 0x80 || utf8)
			buf[k++] = (char)c;
		else {
			buf[k++] = (char)(0xc0 | c >> 6);
			buf[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	tg__textbuf_add(out, buf, k);
}

struct parse {
	const unsigned char *d;
	size_t n;
	const struct tg__extract_limits *lim;
	unsigned *flags;
	struct view val[NFIELDS];
};

static void
keep(struct parse *ps, uint16_t g, uint16_t e, const unsigned char *p,
    size_t n)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].group == g && fields[i].elem == e) {
			if (ps->val[i].p == NULL)
				ps->val[i] = trim(p, n);
			return;
		}
}

/*
 * Reads the file meta group from pos; sets *ts and returns the offset of
 * the data set, or 0 when the group is broken.
 */
static size_t
meta(struct parse *ps, size_t pos, int *ts)
{
	const unsigned char *d = ps->d;
	struct view uid = { NULL, 0 };
	uint32_t vlen;
	size_t hdr;
	unsigned count = 0;

	while (ps->n - pos >= 8 && rd16(d + pos, 0) == 0x0002) {
		if (++count > ps->lim->max_items) {
			*ps->flags |= TG_EXTRACT_ITEMS;
			return 0;
		}
		if (!is_vr(d + pos + 4))
			return 0;
		if (long_vr(d + pos + 4)) {
			if (ps->n - pos < 12)
				return 0;
			vlen = rd32(d + pos + 8, 0);
			hdr = 12;
		} else {
			vlen = rd16(d + pos + 6, 0);
			hdr = 8;
		}
		if (vlen == UNDEF || vlen > ps->n - pos - hdr)
			return 0;
		if (rd16(d + pos + 2, 0) == 0x0010)
			uid = trim(d + pos + hdr, vlen);
		pos += hdr + vlen;
	}
	if (uid.p != NULL) {
		*ts = syntax(uid);
	} else {
		/* no transfer syntax: explicit when a VR is where it would be */
		*ts = ps->n - pos >= 8 && is_vr(d + pos + 4) ?
		    TS_EXPLICIT_LE : TS_IMPLICIT_LE;
	}
	return pos;
}

/* Walks the data set from pos, keeping the top-level fields. */
static void
dataset(struct parse *ps, size_t pos, int ts)
{
	const unsigned char *d = ps->d;
	struct frame st[STACK_MAX];
	unsigned sp = 0, depth_max, items = 0;
	unsigned long long t0 = tg__extract_now_ms();
	uint16_t g, e;
	uint32_t vlen;
	size_t hdr;
	int be, implicit;

	depth_max = ps->lim->max_depth < STACK_MAX ? ps->lim->max_depth :
	    STACK_MAX;
	for (;;) {
		if (pos == ps->n) {
			if (sp > 0)	/* a container never closed */
				*ps->flags |= TG_EXTRACT_MALFORMED;
			return;
		}
		if (ps->n - pos < 8) {
			*ps->flags |= TG_EXTRACT_MALFORMED;
			return;
		}
		if (++items > ps->lim->max_items) {
			*ps->flags |= TG_EXTRACT_ITEMS;
			return;
		}
		if (items % CLOCK_EVERY == 0 &&
		    tg__extract_now_ms() - t0 >= ps->lim->max_ms) {
			*ps->flags |= TG_EXTRACT_LATE;
			return;
		}
		implicit = ts == TS_IMPLICIT_LE || (sp > 0 && st[sp - 1].implicit);
		be = ts == TS_EXPLICIT_BE && !implicit;
		g = rd16(d + pos, be);
		e = rd16(d + pos + 2, be);

		/* items and delimiters: tag and 32-bit length, no VR */
		if (g == 0xfffe) {
			vlen = rd32(d + pos + 4, be);
			pos += 8;
			if (e == 0xe000 && sp > 0 && st[sp - 1].box != B_ITEM) {
				if (vlen != UNDEF) {
					/* a defined item or a pixel fragment */
					if (vlen > ps->n - pos)
						goto bad;
					pos += vlen;
					continue;
				}
				if (st[sp - 1].box == B_FRAGS)
					goto bad;
				if (sp >= depth_max) {
					*ps->flags |= TG_EXTRACT_DEEP;
					return;
				}
				st[sp].box = B_ITEM;
				st[sp].implicit = st[sp - 1].implicit;
				sp++;
				continue;
			}
			if (e == 0xe00d && sp > 0 && st[sp - 1].box == B_ITEM) {
				sp--;
				continue;
			}
			if (e == 0xe0dd && sp > 0 && st[sp - 1].box != B_ITEM) {
				sp--;
				continue;
			}
			goto bad;
		}
		/* an element straight inside a sequence, outside any item */
		if (sp > 0 && st[sp - 1].box != B_ITEM)
			goto bad;
		if (implicit) {
			vlen = rd32(d + pos + 4, 0);
			hdr = 8;
		} else if (!is_vr(d + pos + 4)) {
			goto bad;
		} else if (long_vr(d + pos + 4)) {
			if (ps->n - pos < 12)
				goto bad;
			vlen = rd32(d + pos + 8, be);
			hdr = 12;
		} else {
			vlen = rd16(d + pos + 6, be);
			hdr = 8;
		}
		if (vlen == UNDEF) {
			const unsigned char *vr = d + pos + 4;

			pos += hdr;
			if (sp >= depth_max) {
				*ps->flags |= TG_EXTRACT_DEEP;
				return;
			}
			if (implicit || (vr[0] == 'S' && vr[1] == 'Q')) {
				st[sp].box = B_SEQ;
				st[sp].implicit = (unsigned char)implicit;
			} else if (vr[0] == 'U' && vr[1] == 'N') {
				/* PS3.5 6.2.2: an undefined-length UN is a
				 * sequence in implicit VR little endian */
				st[sp].box = B_SEQ;
				st[sp].implicit = 1;
			} else if (vr[0] == 'O' && (vr[1] == 'B' ||
			    vr[1] == 'W')) {
				/* encapsulated pixel data: fragments */
				st[sp].box = B_FRAGS;
				st[sp].implicit = (unsigned char)implicit;
			} else {
				goto bad;
			}
			sp++;
			continue;
		}
		pos += hdr;
		if (vlen > ps->n - pos)
			goto bad;
		if (sp == 0)
			keep(ps, g, e, d + pos, vlen);
		/* pixel data and defined-length sequences: stepped over */
		pos += vlen;
	}
bad:
	*ps->flags |= TG_EXTRACT_MALFORMED;
}

int
tg__dicom_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags)
{
	struct tg__extract_limits l;
	struct parse ps;
	size_t pos;
	int ts = TS_EXPLICIT_LE;

	if (len < 132 || memcmp(data + 128, "DICM", 4) != 0)
		return 0;
	tg__extract_limits_fill(&l, lim);
	memset(&ps, 0, sizeof(ps));
	ps.d = data;
	ps.n = len;
	ps.lim = &l;
	ps.flags = flags;
	/* the image itself is never read */
	*flags |= TG_EXTRACT_META_ONLY;
	pos = meta(&ps, 132, &ts);
	if (pos == 0) {
		*flags |= TG_EXTRACT_MALFORMED;
		return 1;
	}
	if (ts < 0) {
		*flags |= TG_EXTRACT_UNSUPPORTED;
		return 1;
	}
	dataset(&ps, pos, ts);
	/* what was found before any stop is written out */
	for (size_t i = 0; i < NFIELDS; i++) {
		if (ps.val[i].p == NULL || ps.val[i].n == 0)
			continue;
		tg__textbuf_add(out, "DICOM ", 6);
		tg__textbuf_add(out, fields[i].label, strlen(fields[i].label));
		tg__textbuf_add(out, ": ", 2);
		put_value(out, ps.val[i]);
		if (tg__textbuf_add(out, "\n", 1) != 0)
			break;
	}
	return out->nomem ? TG_ENOMEM : 1;
}
