/*
 * fuzz_mime.c - tg__mime_walk() on arbitrary bytes.
 *
 * The first byte chooses limits and when the callback says stop:
 *   bit 0  max_parts 4        bit 1  max_depth 2
 *   bit 2  max_decoded 100    bit 3  max_header 200
 *   bit 4  max_bytes half the message
 *   bits 5-7  stop (return 9) at that piece, 0 never
 * the rest is the message.  Beyond "no crash", every piece must be valid
 * UTF-8 and non-empty, with a content type, a UTF-8 file name if any,
 * parts numbered increasingly and within max_parts, depth within
 * max_depth, a header piece within max_header; the pieces add up to at
 * most max_decoded; no call comes after the callback said stop, and the
 * walk then returns what it said; only documented flags are set.
 */
#include <string.h>

#include "invariants.h"
#include "mime_int.h"

#define KNOWN_FLAGS                                                            \
	(TG_MIME_TRUNC_BYTES | TG_MIME_TRUNC_DECODED | TG_MIME_TRUNC_PARTS |  \
	    TG_MIME_TRUNC_DEPTH | TG_MIME_TRUNC_HEADER | TG_MIME_TRUNC_TIME | \
	    TG_MIME_UNREADABLE | TG_MIME_MALFORMED | TG_MIME_NOT_EXTRACTED)

struct state {
	struct tg__mime_limits lim;
	unsigned stop_at;
	unsigned n;
	unsigned last_part;
	size_t total;
	int stopped;
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
piece(void *arg, const struct tg__mime_text *t)
{
	struct state *s = arg;
	unsigned max_parts = s->lim.max_parts ? s->lim.max_parts : 1000;
	unsigned max_depth = s->lim.max_depth ? s->lim.max_depth : 20;
	size_t max_header = s->lim.max_header ? s->lim.max_header : 65536;

	FZ_CHECK(!s->stopped);
	FZ_CHECK(t->text != NULL && t->len > 0);
	FZ_CHECK(fz_utf8_ok(t->text, t->len));
	FZ_CHECK(t->content_type != NULL && t->content_type[0] != '\0');
	FZ_CHECK(t->filename == NULL ||
	    fz_utf8_ok(t->filename, strlen(t->filename)));
	FZ_CHECK(s->n == 0 || t->part > s->last_part);
	FZ_CHECK(t->part <= max_parts);
	FZ_CHECK(t->depth <= max_depth);
	FZ_CHECK(t->kind >= TG_MIME_HEADER && t->kind <= TG_MIME_EXTRACTED);
	FZ_CHECK(t->kind != TG_MIME_HEADER || t->len <= max_header);
	FZ_CHECK((t->part == 0) == (s->n == 0 && t->kind == TG_MIME_HEADER) ||
	    t->part != 0);
	s->last_part = t->part;
	s->total += t->len;
	if (++s->n == s->stop_at) {
		s->stopped = 1;
		return 9;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s;
	struct tg_error err;
	unsigned flags = 0;
	const char *msg;
	size_t len;
	int rc;

	if (size < 1)
		return 0;
	memset(&s, 0, sizeof(s));
	msg = (const char *)data + 1;
	len = size - 1;
	if (data[0] & 0x01)
		s.lim.max_parts = 4;
	if (data[0] & 0x02)
		s.lim.max_depth = 2;
	if (data[0] & 0x04)
		s.lim.max_decoded = 100;
	if (data[0] & 0x08)
		s.lim.max_header = 200;
	if ((data[0] & 0x10) && len >= 2)
		s.lim.max_bytes = len / 2;
	s.stop_at = data[0] >> 5;

	rc = tg__mime_walk(msg, len, &s.lim, piece, &s, &flags, &err);
	FZ_CHECK((flags & ~KNOWN_FLAGS) == 0);
	FZ_CHECK(s.total <= (s.lim.max_decoded ? s.lim.max_decoded :
	    (size_t)50 << 20));
	if (len == 0) {
		FZ_CHECK(rc == TG_EEMPTY && err.code == TG_EEMPTY);
		FZ_CHECK(s.n == 0);
		return 0;
	}
	FZ_CHECK(rc == (s.stopped ? 9 : TG_OK));
	FZ_CHECK(err.code == TG_OK);
	FZ_CHECK(!(flags & TG_MIME_TRUNC_BYTES) || s.lim.max_bytes != 0);
	return 0;
}
