/*
 * scan_msg.c - classifying a whole message: the MIME walk feeds the
 * detectors one piece of text at a time.
 */
#include <string.h>

#include "error_int.h"
#include "mime_int.h"
#include "scan_int.h"

/* The walk's flags and the public ones, bit for bit by name. */
static const struct {
	unsigned mime, scan;
} flag_map[] = {
	{ TG_MIME_TRUNC_BYTES, TG_SCAN_TRUNC_BYTES },
	{ TG_MIME_TRUNC_DECODED, TG_SCAN_TRUNC_DECODED },
	{ TG_MIME_TRUNC_PARTS, TG_SCAN_TRUNC_PARTS },
	{ TG_MIME_TRUNC_DEPTH, TG_SCAN_TRUNC_DEPTH },
	{ TG_MIME_TRUNC_HEADER, TG_SCAN_TRUNC_HEADER },
	{ TG_MIME_TRUNC_TIME, TG_SCAN_TRUNC_TIME },
	{ TG_MIME_UNREADABLE, TG_SCAN_UNREADABLE },
	{ TG_MIME_MALFORMED, TG_SCAN_MALFORMED },
	{ TG_MIME_NOT_EXTRACTED, TG_SCAN_NOT_EXTRACTED },
};

struct walk_arg {
	struct tg__scan *s;
	int rc;
};

static int
on_piece(void *arg, const struct tg__mime_text *t)
{
	struct walk_arg *a = arg;

	a->rc = tg__scan_piece(a->s, t->part, t->content_type, t->text,
	    t->len);
	/* A positive value stops the walk; the code is kept in a->rc. */
	return a->rc != TG_OK;
}

int
tg_scan_message(const tg_classifier *c, const char *msg, size_t len,
    struct tg_scan **out, struct tg_error *err)
{
	const struct tg_scan_limits *l;
	struct tg__mime_limits ml;
	struct walk_arg a;
	struct tg_error werr;
	unsigned mflags = 0, flags = 0;
	int rc;

	tg__error_clear(err);
	if (out == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no place for the result");
	*out = NULL;
	if (c == NULL || (msg == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no classifier or no message");
	l = tg_classifier_limits(c);
	memset(&ml, 0, sizeof(ml));
	ml.max_bytes = l->max_bytes;
	ml.max_decoded = l->max_decoded;
	ml.max_parts = l->max_parts;
	ml.max_depth = l->max_depth;
	ml.max_header = l->max_header;
	ml.max_ms = l->max_ms;
	rc = tg__scan_start(c, &a.s);
	if (rc != TG_OK)
		return tg__error_set(err, rc, TG_NO_OFFSET, "%s",
		    tg_strerror(rc));
	a.rc = TG_OK;
	tg__error_clear(&werr);
	rc = tg__mime_walk(msg, len, &ml, on_piece, &a, &mflags, &werr);
	if (a.rc != TG_OK || rc == TG_ENOMEM || rc == TG_EINVAL) {
		rc = a.rc != TG_OK ? a.rc : rc;
		tg__scan_abort(a.s);
		return tg__error_set(err, rc, TG_NO_OFFSET, "%s",
		    rc == TG_ENOMEM ? "out of memory" :
		    rc == TG_EINVAL ? werr.message :
		    "the pattern matcher failed");
	}
	for (size_t i = 0; i < sizeof(flag_map) / sizeof(flag_map[0]); i++)
		if (mflags & flag_map[i].mime)
			flags |= flag_map[i].scan;
	*out = tg__scan_finish(a.s, flags, rc < 0 ? &werr : NULL);
	return TG_OK;
}
