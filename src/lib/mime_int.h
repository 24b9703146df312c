/*
 * mime_int.h - walking a message for the content classifier.
 *
 * tg__mime_walk() parses a whole RFC 5322 message held in memory (GMime),
 * visits every part in order, depth first, nested message/rfc822 included,
 * decodes transfer encodings, converts charsets to UTF-8, reduces HTML to
 * text, and hands each piece of text to the caller's callback.  It never
 * writes to disk and never keeps more than the limits allow.
 *
 * Pieces of text come from: the subject and other human-readable header
 * fields (RFC 2047 decoded; part 0), text/plain, text/html (reduced to
 * text), text/csv and other text/ types, inline or attached; attachments
 * whose text an extractor can give (kinds below).  A part that cannot be
 * read is reported through flags, never silently skipped.
 *
 * Header pieces are "Field: value" lines: Subject, Comments, Keywords,
 * Organization, Thread-Topic, and the display names (not the addresses)
 * of From, Sender, Reply-To, To, Cc, Bcc; content_type
 * "text/rfc822-headers".  A nested message's header piece has the number
 * of its message/rfc822 part.  The prologue and epilogue of a multipart
 * (all of its text when the boundary is broken) are a PLAIN piece of the
 * multipart.  Each part gives at most one piece, so part numbers
 * increase strictly.  Charsets: undeclared 8-bit text is UTF-8 when
 * valid, else windows-1252; bytes bad in the declared charset become
 * U+FFFD.  NUL and other C0 controls but tab, line feed and form feed
 * become spaces; CR LF becomes LF.
 */
#ifndef TG_MIME_INT_H
#define TG_MIME_INT_H

#include <stddef.h>
#include <stdint.h>

#include "typoguard.h"

/* What a piece of text is. */
enum tg__mime_kind {
	TG_MIME_HEADER,	    /* Subject and other decoded header fields */
	TG_MIME_PLAIN,	    /* text/plain and other text/ types */
	TG_MIME_HTML,	    /* text/html, reduced to text */
	TG_MIME_CSV,	    /* text/csv, text/tab-separated-values */
	TG_MIME_EXTRACTED,  /* text an extractor took from an attachment */
};

/*
 * Limits of one walk; 0 in a field means the default in brackets.
 * GLib aborts the process when an allocation fails, and GMime parses the
 * whole structure up front with no limits of its own (20 MB of tiny
 * header lines cost it 2.5 GB, of tiny parts 5 GB).  So the walk bounds
 * what GMime is given before it parses (mime.c, shape()): the raw size,
 * each header block, header lines in all (50,000) and header blocks in
 * all (4 per allowed part).  Measured peak memory is then about 4 to 5
 * times the message (under 100 MB for 20 MB, hostile messages included):
 * the caller's copy, ours for GMime, one decoded part and its text.
 */
struct tg__mime_limits {
	size_t max_bytes;	/* raw message size read [25 MiB] */
	size_t max_decoded;	/* sum of decoded text handed out [50 MiB] */
	unsigned max_parts;	/* MIME parts visited, containers too [1,000] */
	unsigned max_depth;	/* multipart and message/rfc822 nesting [20] */
	size_t max_header;	/* bytes of one header block [64 KiB] */
	unsigned max_ms;	/* wall time of the walk, in milliseconds [5,000] */
};

/* Why a walk stopped early or skipped something (bits of *flags). */
#define TG_MIME_TRUNC_BYTES	0x001u
#define TG_MIME_TRUNC_DECODED	0x002u
#define TG_MIME_TRUNC_PARTS	0x004u
#define TG_MIME_TRUNC_DEPTH	0x008u
#define TG_MIME_TRUNC_HEADER	0x010u
#define TG_MIME_TRUNC_TIME	0x020u
#define TG_MIME_UNREADABLE	0x040u	/* a part could not be decoded or converted */
#define TG_MIME_MALFORMED	0x080u	/* the structure is broken (parsed as far as possible) */
#define TG_MIME_NOT_EXTRACTED	0x100u	/* an attachment with no extractor (PDF, image, ...) */

/* One piece of text and where it came from. */
struct tg__mime_text {
	unsigned part;		  /* 0: header fields; 1..n: parts in walk order */
	unsigned depth;		  /* nesting depth of the part */
	enum tg__mime_kind kind;
	const char *content_type; /* "text/plain", ...; never NULL */
	const char *filename;	  /* attachment file name (UTF-8) or NULL */
	const char *text;	  /* UTF-8, not NUL-terminated, valid during the call */
	size_t len;
};

/* Return 0 to go on, non-zero to stop the walk (the value is returned). */
typedef int (*tg__mime_fn)(void *arg, const struct tg__mime_text *t);

/*
 * Walks msg[0..len).  Returns TG_OK (also when limits cut the walk short:
 * see *flags), the callback's non-zero value, or a negative TG_E* code
 * with err filled when nothing could be parsed at all.
 */
int tg__mime_walk(const char *msg, size_t len,
    const struct tg__mime_limits *lim, tg__mime_fn fn, void *arg,
    unsigned *flags, struct tg_error *err);

/* g_mime_init(), once per process: GMime's own init is not thread-safe,
 * and every module that uses GMime (addrlist, mime) goes through here. */
void tg__gmime_init(void);

#endif
