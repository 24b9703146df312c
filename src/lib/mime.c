/*
 * mime.c - walking a message for the content classifier (GMime).
 *
 * GMime parses the whole structure up front and has no limits of its own:
 * twenty megabytes of four-byte header lines cost it about 2.5 GB, as
 * many tiny parts about 5 GB, and GLib aborts the process when an
 * allocation fails.  So before GMime sees a message, shape() makes a copy
 * within bounds, in one pass over the lines, without parsing MIME:
 *   - the raw size is cut to max_bytes (TG_MIME_TRUNC_BYTES);
 *   - every block of lines where GMime could read header fields (the top,
 *     after each line that could be a boundary, at the start of a body
 *     whose header block names a message/ type or when a digest appears)
 *     keeps at most max_header bytes; the rest of the block is left out
 *     (TG_MIME_TRUNC_HEADER);
 *   - the copy ends before the header line that would make more than
 *     HDR_LINES_MAX header lines in all (TG_MIME_TRUNC_HEADER), or before
 *     the block that would make more than BLOCKS_PER_PART * max_parts
 *     blocks, each of which can become a GMime object (TG_MIME_TRUNC_PARTS).
 * GMime's memory is then a small multiple of the copy (see mime_int.h for
 * the figures).  GMime caps nesting itself (1,024 multipart levels) and
 * our walk stops at max_depth.  Part count, decoded size and time are
 * checked while walking; decoded text is handed out in pieces of at most
 * the remaining budget.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <gmime/gmime.h>

#include "alloc_int.h"
#include "error_int.h"
#include "extract_int.h"
#include "html_int.h"
#include "mime_int.h"
#include "text_int.h"

#define DEF_BYTES ((size_t)25 << 20)
#define DEF_DECODED ((size_t)50 << 20)
#define DEF_PARTS 1000u
#define DEF_DEPTH 20u
#define DEF_HEADER ((size_t)64 << 10)
#define DEF_MS 5000u

/* Header lines in all blocks of one message (GMime: ~500 bytes each). */
#define HDR_LINES_MAX 50000u
/* Header blocks per allowed part: room for multipart containers and
 * nested messages, which are objects but not leaves. */
#define BLOCKS_PER_PART 4u

struct walk {
	struct tg__mime_limits lim;
	tg__mime_fn fn;
	void *arg;
	unsigned flags;
	unsigned nparts;
	size_t decoded;	/* text handed out so far */
	struct timespec t0;
	int stop;
	int rc;
	struct tg__textbuf buf;	/* text of the current piece */
	struct tg__textbuf html; /* HTML source as UTF-8 */
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_start(void)
{
	g_mime_init();
}

void
tg__gmime_init(void)
{
	pthread_once(&gmime_once, gmime_start);
}

/* ------------------------------------------------------------------ */
/* Shaping the raw message                                              */

enum { S_HDR, S_BODYSTART, S_BODY };

static int
starts_ci(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && strncasecmp(s, lit, k) == 0;
}

static int
contains_ci(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, lit, k) == 0)
			return 1;
	return 0;
}

/* "--" and then something other than dashes and blanks: maybe a boundary. */
static int
dash_line(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || s[0] != '-' || s[1] != '-')
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] != '-' && s[i] != ' ' && s[i] != '\t' &&
		    s[i] != '\r' && s[i] != '\n')
			return 1;
	return 0;
}

/* A field name, optional blanks, ':' (RFC 5322 ftext, leniently). */
static int
field_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] > 32 && s[i] != ':' &&
	    (unsigned char)s[i] < 127)
		i++;
	if (i == 0)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

/*
 * Copies in[0..len) to out (len bytes available) within the limits, as
 * the comment at the top says.  Returns the length of the copy.
 */
static size_t
shape(const char *in, size_t len, const struct tg__mime_limits *lim,
    char *out, unsigned *flags)
{
	size_t o = 0, pos = 0, n, body, block = 0;
	size_t maxblocks = (size_t)lim->max_parts * BLOCKS_PER_PART + 1;
	unsigned lines = 0;
	size_t blocks = 1;
	int state = S_HDR, dropping = 0, in_ct = 0, nested = 0, digest = 0;
	const char *s, *nl;

	while (pos < len) {
		s = in + pos;
		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) + 1 : len - pos;
		body = n;
		while (body > 0 && (s[body - 1] == '\n' || s[body - 1] == '\r'))
			body--;

		if (state != S_HDR && dash_line(s, body)) {
			state = S_HDR;
			goto newblock;
		}
		if (state == S_BODYSTART) {
			if (body > 0 && field_line(s, body)) {
				state = S_HDR;
				goto newblock;
			}
			state = S_BODY;
		}
		if (state == S_BODY)
			goto copy;
		/* S_HDR */
		if (body == 0) {
			state = nested || digest ? S_BODYSTART : S_BODY;
			nested = 0;
			goto copy;
		}
		if (dash_line(s, body))
			goto newblock;
		goto header;

	newblock:
		if (++blocks > maxblocks) {
			*flags |= TG_MIME_TRUNC_PARTS;
			break;
		}
		block = 0;
		dropping = 0;
		in_ct = 0;
		nested = 0;
		if (dash_line(s, body))
			goto copy;
		/* the first field line of a nested message's header */
	header:
		if (++lines > HDR_LINES_MAX) {
			*flags |= TG_MIME_TRUNC_HEADER;
			break;
		}
		block += n;
		if (dropping || block > lim->max_header) {
			dropping = 1;
			*flags |= TG_MIME_TRUNC_HEADER;
			pos += n;
			continue;
		}
		if (s[0] != ' ' && s[0] != '\t')
			in_ct = starts_ci(s, body, "content-type");
		if (in_ct) {
			if (contains_ci(s, body, "message/"))
				nested = 1;
			if (contains_ci(s, body, "digest"))
				digest = 1;
		}
	copy:
		memcpy(out + o, s, n);
		o += n;
		pos += n;
	}
	return o;
}

/* ------------------------------------------------------------------ */
/* Limits, clock, handing out text                                      */

static unsigned long
elapsed_ms(const struct walk *w)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long)(t.tv_sec - w->t0.tv_sec) * 1000ul +
	    (unsigned long)((t.tv_nsec - w->t0.tv_nsec) / 1000000);
}

static int
late(void *arg)
{
	struct walk *w = arg;

	if (elapsed_ms(w) < w->lim.max_ms)
		return 0;
	w->flags |= TG_MIME_TRUNC_TIME;
	w->stop = 1;
	return 1;
}

/* Hands w->buf to the callback as one piece. */
static void
emit(struct walk *w, unsigned part, unsigned depth, enum tg__mime_kind kind,
    const char *ctype, const char *filename)
{
	struct tg__mime_text t;
	int rc;

	/* after a time cut, the text read so far still goes out */
	if (w->rc != 0 || w->buf.len == 0)
		return;
	t.part = part;
	t.depth = depth;
	t.kind = kind;
	t.content_type = ctype;
	t.filename = filename;
	t.text = w->buf.p;
	t.len = w->buf.len;
	w->decoded += w->buf.len;
	rc = w->fn(w->arg, &t);
	if (rc != 0) {
		w->rc = rc;
		w->stop = 1;
	}
}

/* Starts a piece with room for what is left of max_decoded. */
static void
piece_start(struct walk *w)
{
	w->buf.len = 0;
	w->buf.full = 0;
	w->buf.max = w->lim.max_decoded - w->decoded;
}

/* After a piece: a cut at max_decoded ends the walk. */
static void
piece_check(struct walk *w)
{
	if (w->buf.nomem) {
		w->flags |= TG_MIME_UNREADABLE;
		w->buf.nomem = 0;
	}
	if (w->buf.full) {
		w->flags |= TG_MIME_TRUNC_DECODED;
		w->buf.full = 0;
	}
}

/*
 * Appends s[0..n) to b as valid UTF-8: bad sequences become U+FFFD, NUL
 * and other C0 controls but tab, line feed and form feed become spaces, a
 * carriage return before a line feed goes.  Returns how many sequences
 * were bad.
 */
static size_t
add_clean(struct tg__textbuf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, bad = 0, k;
	uint32_t cp;

	while (i < n) {
		/* eight bytes at a time while none is 8-bit or a control */
		if (n - i >= 8) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			if (((v | (v - 0x2020202020202020ull)) &
			    0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0x80) {
			k = tg__utf8_decode(p + i, n - i, &cp);
			if (k > 0) {
				i += k;
				continue;
			}
		} else if (p[i] == '\t' || p[i] == '\n' || p[i] == '\f') {
			i++;
			continue;
		}
		if (tg__textbuf_add(b, s + start, i - start) != 0)
			return bad;
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			/* dropped */
		} else if (p[i] < 0x20) {
			if (tg__textbuf_add(b, " ", 1) != 0)
				return bad;
		} else {
			bad++;
			if (tg__textbuf_add(b, "\xef\xbf\xbd", 3) != 0)
				return bad;
		}
		start = ++i;
	}
	tg__textbuf_add(b, s + start, n - start);
	return bad;
}

/* ------------------------------------------------------------------ */
/* Charsets                                                             */

static int
is_utf8_name(const char *cs)
{
	return strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;
}

static int
is_ascii_name(const char *cs)
{
	return strcasecmp(cs, "us-ascii") == 0 || strcasecmp(cs, "ascii") ==
	    0 || strcasecmp(cs, "iso646-us") == 0 ||
	    strcasecmp(cs, "ansi_x3.4-1968") == 0;
}

/*
 * Converts in[0..n) from charset from to UTF-8, appending to b.  Returns
 * -1 when iconv cannot open the charset, else the count of bad sequences
 * (each became U+FFFD).
 */
static long
iconv_add(struct tg__textbuf *b, const char *from, const char *in, size_t n)
{
	char out[8192], *ip = (char *)(uintptr_t)in, *op;
	size_t il = n, ol, r;
	long bad = 0;
	iconv_t cd;

	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	while (il > 0 && !b->full && !b->nomem) {
		op = out;
		ol = sizeof(out);
		r = iconv(cd, &ip, &il, &op, &ol);
		add_clean(b, out, (size_t)(op - out));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL at the end: one byte becomes U+FFFD */
		bad++;
		tg__textbuf_add(b, "\xef\xbf\xbd", 3);
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush the shift state (ISO-2022-JP) */
	op = out;
	ol = sizeof(out);
	if (iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1)
		add_clean(b, out, (size_t)(op - out));
	iconv_close(cd);
	return bad;
}

/*
 * Appends in[0..n), declared as charset cs (NULL: none), to b as UTF-8.
 * Undeclared or ASCII-declared 8-bit text is read as UTF-8 when it is
 * valid, else as windows-1252.  A charset iconv does not know, or bytes
 * not valid in the declared one, set TG_MIME_UNREADABLE.
 */
static void
to_utf8(struct walk *w, struct tg__textbuf *b, const char *cs,
    const char *in, size_t n)
{
	size_t bad;
	long r;

	if (n == 0)
		return; /* in may be NULL: an empty part (crash-empty-part) */
	/* a byte order mark says more than the label */
	if (n >= 2 && (((unsigned char)in[0] == 0xff &&
	    (unsigned char)in[1] == 0xfe) || ((unsigned char)in[0] == 0xfe &&
	    (unsigned char)in[1] == 0xff)) && (cs == NULL ||
	    strncasecmp(cs, "utf-16", 6) == 0 || is_utf8_name(cs) ||
	    is_ascii_name(cs)))
		cs = "UTF-16";
	if (n >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
		in += 3;
		n -= 3;
	}
	if (cs == NULL || cs[0] == '\0' || is_utf8_name(cs) ||
	    is_ascii_name(cs)) {
		size_t where, start = b->len;
		int utf8 = cs != NULL && is_utf8_name(cs);

		/* one pass when the text is UTF-8, as nearly all is */
		bad = add_clean(b, in, n);
		if (bad == 0 && !b->full && !b->nomem)
			return;
		if (!utf8 && (bad > 0 || tg__utf8_check(in, n, &where) != 0)) {
			/* not UTF-8 after all: windows-1252 */
			b->len = start;
			b->full = 0;
			if (iconv_add(b, "WINDOWS-1252", in, n) < 0)
				add_clean(b, in, n);
			return;
		}
		if (bad > 0)
			w->flags |= TG_MIME_UNREADABLE;
		return;
	}
	r = iconv_add(b, g_mime_charset_iconv_name(cs), in, n);
	if (r != 0)
		w->flags |= TG_MIME_UNREADABLE;
	if (r < 0) {
		size_t where;

		/* unknown charset: best effort */
		if (tg__utf8_check(in, n, &where) == 0 ||
		    iconv_add(b, "WINDOWS-1252", in, n) < 0)
			add_clean(b, in, n);
	}
	/* UTF-16 and UTF-32 start with a byte order mark in UTF-8 */
	if (b->len >= 3 && memcmp(b->p, "\xef\xbb\xbf", 3) == 0) {
		memmove(b->p, b->p + 3, b->len - 3);
		b->len -= 3;
	}
}

/* ------------------------------------------------------------------ */
/* Header fields                                                        */

/* Appends "Name: value\n" with value cleaned to one line of UTF-8. */
static void
add_field(struct tg__textbuf *b, const char *name, const char *value)
{
	size_t start = b->len, i;

	if (value == NULL || value[0] == '\0')
		return;
	tg__textbuf_add(b, name, strlen(name));
	tg__textbuf_add(b, ": ", 2);
	add_clean(b, value, strlen(value));
	for (i = start; i < b->len; i++)
		if (b->p[i] == '\n' || b->p[i] == '\t' || b->p[i] == '\f')
			b->p[i] = ' ';
	tg__textbuf_add(b, "\n", 1);
}

/* One display name: "Field: name" for the first, ", name" after. */
static void
add_name(struct tg__textbuf *b, const char *field, const char *name,
    int *any)
{
	if (name == NULL || name[0] == '\0')
		return;
	tg__textbuf_add(b, *any ? ", " : field, *any ? 2 : strlen(field));
	if (!*any)
		tg__textbuf_add(b, ": ", 2);
	add_clean(b, name, strlen(name));
	*any = 1;
}

/* The display names of an address list (group names and members). */
static void
add_names(struct tg__textbuf *b, const char *field, InternetAddressList *l)
{
	int i, j, n, m, any = 0;
	InternetAddress *ia, *member;
	InternetAddressList *members;

	if (l == NULL)
		return;
	n = internet_address_list_length(l);
	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(l, i);
		add_name(b, field, internet_address_get_name(ia), &any);
		if (!INTERNET_ADDRESS_IS_GROUP(ia))
			continue;
		members = internet_address_group_get_members(
		    INTERNET_ADDRESS_GROUP(ia));
		m = members != NULL ? internet_address_list_length(members) : 0;
		for (j = 0; j < m; j++) {
			member = internet_address_list_get_address(members, j);
			add_name(b, field, internet_address_get_name(member),
			    &any);
		}
	}
	if (any)
		tg__textbuf_add(b, "\n", 1);
}

static const struct {
	const char *name;
	GMimeAddressType type;
} addr_fields[] = {
	{ "From", GMIME_ADDRESS_TYPE_FROM },
	{ "Sender", GMIME_ADDRESS_TYPE_SENDER },
	{ "Reply-To", GMIME_ADDRESS_TYPE_REPLY_TO },
	{ "To", GMIME_ADDRESS_TYPE_TO },
	{ "Cc", GMIME_ADDRESS_TYPE_CC },
	{ "Bcc", GMIME_ADDRESS_TYPE_BCC },
};

/* Unstructured fields people write in (RFC 2047 decoded by GMime). */
static const char *const text_fields[] = { "Comments", "Keywords",
	"Organization", "Thread-Topic", NULL };

/* One piece of the human-readable header fields of msg. */
static void
message_headers(struct walk *w, GMimeMessage *msg, unsigned part,
    unsigned depth)
{
	size_t i;

	piece_start(w);
	if (w->buf.max > w->lim.max_header)
		w->buf.max = w->lim.max_header;
	add_field(&w->buf, "Subject", g_mime_message_get_subject(msg));
	for (i = 0; i < sizeof(addr_fields) / sizeof(addr_fields[0]); i++)
		add_names(&w->buf, addr_fields[i].name,
		    g_mime_message_get_addresses(msg, addr_fields[i].type));
	for (i = 0; text_fields[i] != NULL; i++)
		add_field(&w->buf, text_fields[i],
		    g_mime_object_get_header(GMIME_OBJECT(msg),
		    text_fields[i]));
	if (w->buf.full && w->buf.max == w->lim.max_header &&
	    w->lim.max_header < w->lim.max_decoded - w->decoded) {
		/* cut by max_header, not by the decoded budget */
		w->buf.full = 0;
		w->flags |= TG_MIME_TRUNC_HEADER;
	}
	piece_check(w);
	emit(w, part, depth, TG_MIME_HEADER, "text/rfc822-headers", NULL);
	if (w->flags & TG_MIME_TRUNC_DECODED)
		w->stop = 1;
}

/* ------------------------------------------------------------------ */
/* Parts                                                                */

/* Which kind of text a leaf holds, or -1 when none we read. */
static int
leaf_kind(const char *type, const char *sub, const char *filename)
{
	const char *ext = filename != NULL ? strrchr(filename, '.') : NULL;

	if (strcasecmp(type, "text") == 0) {
		if (strcasecmp(sub, "html") == 0)
			return TG_MIME_HTML;
		if (strcasecmp(sub, "csv") == 0 ||
		    strcasecmp(sub, "tab-separated-values") == 0 ||
		    strcasecmp(sub, "comma-separated-values") == 0)
			return TG_MIME_CSV;
		return TG_MIME_PLAIN;
	}
	if (strcasecmp(type, "application") == 0) {
		if (strcasecmp(sub, "xhtml+xml") == 0)
			return TG_MIME_HTML;
		if (strcasecmp(sub, "csv") == 0)
			return TG_MIME_CSV;
	}
	if (strcasecmp(type, "message") == 0 &&
	    (strcasecmp(sub, "rfc822-headers") == 0 ||
	    strcasecmp(sub, "delivery-status") == 0 ||
	    strcasecmp(sub, "disposition-notification") == 0))
		return TG_MIME_PLAIN;
	/* a generic type: the file name says more */
	if (ext != NULL && strcasecmp(type, "application") == 0 &&
	    (strcasecmp(sub, "octet-stream") == 0 ||
	    strcasecmp(sub, "x-download") == 0)) {
		if (strcasecmp(ext, ".csv") == 0 || strcasecmp(ext, ".tsv") ==
		    0)
			return TG_MIME_CSV;
		if (strcasecmp(ext, ".txt") == 0)
			return TG_MIME_PLAIN;
		if (strcasecmp(ext, ".htm") == 0 || strcasecmp(ext, ".html") ==
		    0)
			return TG_MIME_HTML;
	}
	return -1;
}

/* Signatures and keys carry no text worth reading. */
static int
ignorable(const char *type, const char *sub)
{
	return strcasecmp(type, "application") == 0 &&
	    (strcasecmp(sub, "pgp-signature") == 0 ||
	    strcasecmp(sub, "pkcs7-signature") == 0 ||
	    strcasecmp(sub, "x-pkcs7-signature") == 0 ||
	    strcasecmp(sub, "pgp-keys") == 0);
}

/*
 * An attachment with no text type.  Its transfer encoding is decoded
 * within what is left of max_decoded (a cut: TRUNC_DECODED), past its
 * first KiB only when an extractor knows how it starts, and the
 * extractors (extract.c) get the bytes, what is left of the budget and
 * of the time; their text is one TG_MIME_EXTRACTED piece.  Their stops
 * map onto the walk's flags: time TRUNC_TIME, nesting TRUNC_DEPTH,
 * element count TRUNC_PARTS, a zip bomb TRUNC_DECODED; broken,
 * unsupported or failed content UNREADABLE; content not read (no
 * extractor, or an image of which only the metadata is) NOT_EXTRACTED.
 */
static void
attachment(struct walk *w, GMimePart *mp, unsigned part, unsigned depth,
    const char *ctype, const char *fname)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(mp);
	GMimeContentEncoding enc;
	GMimeStream *src, *filt;
	GMimeFilter *dec;
	struct tg__textbuf raw = { 0 };
	struct tg__extract_limits el;
	unsigned long ms;
	unsigned ef = 0;
	char chunk[8192];
	ssize_t r = 0;
	int rc, cut = 0, sniffed = 0;

	src = dw != NULL ? g_mime_data_wrapper_get_stream(dw) : NULL;
	if (src == NULL) {
		w->flags |= TG_MIME_NOT_EXTRACTED;
		return;
	}
	enc = g_mime_data_wrapper_get_encoding(dw);
	if (g_mime_object_get_header(GMIME_OBJECT(mp),
	    "Content-Transfer-Encoding") != NULL &&
	    g_mime_part_get_content_encoding(mp) ==
	    GMIME_CONTENT_ENCODING_DEFAULT)
		w->flags |= TG_MIME_UNREADABLE; /* unknown encoding: raw */
	raw.max = w->lim.max_decoded - w->decoded;
	g_mime_stream_reset(src);
	filt = g_mime_stream_filter_new(src);
	if (enc != GMIME_CONTENT_ENCODING_DEFAULT) {
		dec = g_mime_filter_basic_new(enc, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(filt), dec);
		g_object_unref(dec);
	}
	while (!cut && !raw.nomem &&
	    (r = g_mime_stream_read(filt, chunk, sizeof(chunk))) > 0) {
		/* binary: cut here ourselves, not on a UTF-8 boundary */
		if ((size_t)r > raw.max - raw.len) {
			r = (ssize_t)(raw.max - raw.len);
			cut = 1;
		}
		if (r > 0)
			tg__textbuf_add(&raw, chunk, (size_t)r);
		/* no extractor for what it starts with: decode no more */
		if (!sniffed && raw.len >= TG_EXTRACT_SNIFF) {
			sniffed = 1;
			if (!tg__extract_sniff((const unsigned char *)raw.p,
			    raw.len))
				break;
		}
	}
	g_object_unref(filt);
	g_mime_stream_reset(src);
	if (r < 0 || raw.nomem)
		w->flags |= TG_MIME_UNREADABLE;
	if (cut)
		w->flags |= TG_MIME_TRUNC_DECODED;
	if (!tg__extract_sniff((const unsigned char *)raw.p, raw.len)) {
		w->flags |= TG_MIME_NOT_EXTRACTED;
		tg__textbuf_free(&raw);
		if (cut)
			w->stop = 1;
		return;
	}

	memset(&el, 0, sizeof(el));
	el.max_out = w->lim.max_decoded - w->decoded;
	ms = elapsed_ms(w);
	el.max_ms = ms < w->lim.max_ms ? w->lim.max_ms - (unsigned)ms : 1;
	piece_start(w);
	rc = tg__extract(ctype, fname, (const unsigned char *)raw.p, raw.len,
	    &el, &w->buf, &ef);
	tg__textbuf_free(&raw);
	if (rc == 0 || (ef & TG_EXTRACT_META_ONLY))
		w->flags |= TG_MIME_NOT_EXTRACTED;
	if (rc < 0 || (ef & (TG_EXTRACT_MALFORMED | TG_EXTRACT_NOMEM |
	    TG_EXTRACT_UNSUPPORTED | TG_EXTRACT_FAILED)))
		w->flags |= TG_MIME_UNREADABLE;
	if (ef & TG_EXTRACT_BOMB)
		w->flags |= TG_MIME_TRUNC_DECODED;
	if (ef & TG_EXTRACT_DEEP)
		w->flags |= TG_MIME_TRUNC_DEPTH;
	if (ef & TG_EXTRACT_ITEMS)
		w->flags |= TG_MIME_TRUNC_PARTS;
	if (ef & TG_EXTRACT_LATE) {
		w->flags |= TG_MIME_TRUNC_TIME;
		w->stop = 1;
	}
	piece_check(w);
	emit(w, part, depth, TG_MIME_EXTRACTED, ctype, fname);
	if (w->flags & TG_MIME_TRUNC_DECODED)
		w->stop = 1;
}

static void
leaf(struct walk *w, GMimePart *mp, unsigned part, unsigned depth)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *type = "text", *sub = "plain", *cs, *fname;
	char ctype[128];
	struct tg__textbuf name = { 0 };
	GMimeDataWrapper *dw;
	GMimeStream *mem;
	GByteArray *raw;
	unsigned why;
	int kind;

	if (ct != NULL) {
		if (g_mime_content_type_get_media_type(ct) != NULL)
			type = g_mime_content_type_get_media_type(ct);
		if (g_mime_content_type_get_media_subtype(ct) != NULL)
			sub = g_mime_content_type_get_media_subtype(ct);
	}
	/* "type/subtype", lower case, of bounded length */
	snprintf(ctype, sizeof(ctype), "%.60s/%.60s", type, sub);
	for (char *c = ctype; *c; c++)
		*c = (char)tg__lower((unsigned char)*c);
	fname = g_mime_part_get_filename(mp);
	if (fname != NULL) {
		name.max = 1024;
		add_clean(&name, fname, strlen(fname));
		if (tg__textbuf_add(&name, "", 1) != 0 || name.p == NULL) {
			/* too long or no memory: cut, keep it a string */
			if (name.p != NULL && name.size > 0) {
				name.p[name.len < name.size ? name.len :
				    name.size - 1] = '\0';
			}
		}
		fname = name.p;
	}
	kind = leaf_kind(type, sub, fname);
	if (kind < 0) {
		if (!ignorable(type, sub))
			attachment(w, mp, part, depth, ctype, fname);
		goto done;
	}
	dw = g_mime_part_get_content(mp);
	if (dw == NULL)
		goto done;
	if (g_mime_object_get_header(obj, "Content-Transfer-Encoding") !=
	    NULL && g_mime_part_get_content_encoding(mp) ==
	    GMIME_CONTENT_ENCODING_DEFAULT)
		w->flags |= TG_MIME_UNREADABLE; /* unknown encoding: raw */
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) < 0)
		w->flags |= TG_MIME_UNREADABLE;
	raw = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	cs = g_mime_object_get_content_type_parameter(obj, "charset");
	piece_start(w);
	if (kind != TG_MIME_HTML) {
		to_utf8(w, &w->buf, cs, (const char *)raw->data, raw->len);
	} else {
		/* the source may be larger than the text it holds */
		w->html.len = 0;
		w->html.full = 0;
		w->html.max = w->lim.max_decoded;
		to_utf8(w, &w->html, cs, (const char *)raw->data, raw->len);
		if (w->html.full)
			w->flags |= TG_MIME_TRUNC_DECODED;
		if (w->html.nomem)
			w->flags |= TG_MIME_UNREADABLE;
		w->html.nomem = 0;
		why = tg__html_text(w->html.p, w->html.len, &w->buf, late, w);
		if (why & TG_HTML_NOMEM)
			w->flags |= TG_MIME_UNREADABLE;
	}
	g_object_unref(mem);
	piece_check(w);
	emit(w, part, depth, (enum tg__mime_kind)kind, ctype, fname);
	if (w->flags & TG_MIME_TRUNC_DECODED)
		w->stop = 1;
done:
	tg__textbuf_free(&name);
}

static int
blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* The prologue and epilogue of a multipart, as one piece. */
static void
outside(struct walk *w, const char *pro, const char *epi, unsigned part,
    unsigned depth)
{
	if (blank(pro) && blank(epi))
		return;
	piece_start(w);
	if (!blank(pro))
		to_utf8(w, &w->buf, NULL, pro, strlen(pro));
	if (!blank(epi)) {
		tg__textbuf_add(&w->buf, "\n", 1);
		to_utf8(w, &w->buf, NULL, epi, strlen(epi));
	}
	piece_check(w);
	emit(w, part, depth, TG_MIME_PLAIN, "text/plain", NULL);
	if (w->flags & TG_MIME_TRUNC_DECODED)
		w->stop = 1;
}

static void
visit(struct walk *w, GMimeObject *o, unsigned depth)
{
	unsigned part;

	if (w->stop || o == NULL)
		return;
	if (late(w))
		return;
	if (w->nparts >= w->lim.max_parts) {
		w->flags |= TG_MIME_TRUNC_PARTS;
		w->stop = 1;
		return;
	}
	part = ++w->nparts;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int i, n = g_mime_multipart_get_count(mp);

		/* Text outside the parts: with a broken boundary, all of it. */
		outside(w, g_mime_multipart_get_prologue(mp),
		    g_mime_multipart_get_epilogue(mp), part, depth);
		if (n > 0 && depth + 1 > w->lim.max_depth) {
			w->flags |= TG_MIME_TRUNC_DEPTH;
			return;
		}
		for (i = 0; i < n && !w->stop; i++)
			visit(w, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *msg = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(o));

		if (msg == NULL)
			return;
		if (depth + 1 > w->lim.max_depth) {
			w->flags |= TG_MIME_TRUNC_DEPTH;
			return;
		}
		message_headers(w, msg, part, depth + 1);
		visit(w, g_mime_message_get_mime_part(msg), depth + 1);
	} else if (GMIME_IS_PART(o)) {
		leaf(w, GMIME_PART(o), part, depth);
	}
}

/* ------------------------------------------------------------------ */

static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	unsigned *flags = arg;

	(void)offset;
	(void)item;
	switch (code) {
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_WARN_TRUNCATED_MESSAGE:
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		*flags |= TG_MIME_MALFORMED;
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		*flags |= TG_MIME_TRUNC_DEPTH;
		break;
	default:
		break;
	}
}

static void
limits(struct tg__mime_limits *out, const struct tg__mime_limits *in)
{
	memset(out, 0, sizeof(*out));
	if (in != NULL)
		*out = *in;
	if (out->max_bytes == 0)
		out->max_bytes = DEF_BYTES;
	if (out->max_decoded == 0)
		out->max_decoded = DEF_DECODED;
	if (out->max_parts == 0)
		out->max_parts = DEF_PARTS;
	if (out->max_depth == 0)
		out->max_depth = DEF_DEPTH;
	if (out->max_header == 0)
		out->max_header = DEF_HEADER;
	if (out->max_ms == 0)
		out->max_ms = DEF_MS;
}

int
tg__mime_walk(const char *msg, size_t len,
    const struct tg__mime_limits *lim, tg__mime_fn fn, void *arg,
    unsigned *flags, struct tg_error *err)
{
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	GMimeParserOptions *opts = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *m = NULL;
	GMimeStream *stream = NULL;
	GByteArray *ba;
	struct walk w;
	unsigned pflags = 0, dummy;
	size_t n;
	char *copy;

	if (flags == NULL)
		flags = &dummy;
	*flags = 0;
	tg__error_clear(err);
	if ((msg == NULL && len > 0) || fn == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no message or no callback");
	if (len == 0)
		return tg__error_set(err, TG_EEMPTY, TG_NO_OFFSET,
		    "empty message");
	memset(&w, 0, sizeof(w));
	limits(&w.lim, lim);
	w.fn = fn;
	w.arg = arg;
	clock_gettime(CLOCK_MONOTONIC, &w.t0);
	tg__gmime_init();

	/* the raw size, cut after the last line end of the last 4 KB */
	if (len > w.lim.max_bytes) {
		size_t from = w.lim.max_bytes > 4096 ? w.lim.max_bytes - 4096 : 0;

		for (n = w.lim.max_bytes; n > from && msg[n - 1] != '\n'; n--)
			continue;
		len = n > from ? n : w.lim.max_bytes;
		w.flags |= TG_MIME_TRUNC_BYTES;
	}
	/* GLib's non-aborting allocator: GMime takes the copy over */
	copy = g_try_malloc(len);
	if (copy == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "no memory for a copy of %zu bytes", len);
	n = shape(msg, len, &w.lim, copy, &w.flags);
	ba = g_byte_array_new_take((guint8 *)copy, n);
	stream = g_mime_stream_mem_new_with_byte_array(ba);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_warning_callback(opts, on_warning, &pflags);
	parser = g_mime_parser_new_with_stream(stream);
	m = g_mime_parser_construct_message(parser, opts);
	w.flags |= pflags;
	if (m == NULL) {
		/* no header block GMime accepts: the bytes as plain text */
		w.flags |= TG_MIME_MALFORMED;
		piece_start(&w);
		to_utf8(&w, &w.buf, NULL, (const char *)ba->data, ba->len);
		piece_check(&w);
		emit(&w, ++w.nparts, 0, TG_MIME_PLAIN, "text/plain", NULL);
		goto out;
	}
	message_headers(&w, m, 0, 0);
	if (!w.stop)
		late(&w);
	visit(&w, g_mime_message_get_mime_part(m), 0);
	w.flags |= pflags;
out:
	if (m != NULL)
		g_object_unref(m);
	g_object_unref(parser);
	g_object_unref(stream);
	g_mime_parser_options_free(opts);
	tg__textbuf_free(&w.buf);
	tg__textbuf_free(&w.html);
	*flags = w.flags;
	return w.rc;
}
