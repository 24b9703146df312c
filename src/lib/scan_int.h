/*
 * scan_int.h - one classification, piece by piece.
 *
 * scan.c keeps the findings and rates them; the text path (scan.c) and the
 * message path (scan_msg.c, over tg__mime_walk()) feed it pieces of text.
 */
#ifndef TG_SCAN_INT_H
#define TG_SCAN_INT_H

#include <stddef.h>

#include "typoguard.h"

struct tg__scan;

/* Starts a classification.  TG_ENOMEM or TG_EINTERNAL. */
int tg__scan_start(const tg_classifier *c, struct tg__scan **out);

/* Scans one piece of text.  0, or TG_ENOMEM / TG_EINTERNAL. */
int tg__scan_piece(struct tg__scan *s, unsigned part,
    const char *content_type, const char *text, size_t len);

/* Rates what was found, with the walk's flags (TG_SCAN_*) and, when
 * nothing could be read, its error (else NULL), and hands the result
 * over.  The state is freed. */
struct tg_scan *tg__scan_finish(struct tg__scan *s, unsigned flags,
    const struct tg_error *error);

/* Drops a classification on failure. */
void tg__scan_abort(struct tg__scan *s);

#endif
