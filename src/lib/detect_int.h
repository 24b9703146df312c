/*
 * detect_int.h - the detector table and the scan of one piece of text.
 *
 * One table (detect.c) says, per detector: id, category, pattern, the
 * validator that turns a pattern match into a finding, the context words
 * that must (or may) appear within a window of it, the level a finding
 * weighs with and without them, and how its evidence is redacted.  The
 * patterns are compiled into Hyperscan databases, immutable and shared
 * by threads; each scan call works in its own struct tg__det_run.
 */
#ifndef TG_DETECT_INT_H
#define TG_DETECT_INT_H

#include <stddef.h>

#include "typoguard.h"

struct tg__det;
struct tg__det_run;

/* The table's databases: those serialized when the library was built,
 * or compiled when the running Hyperscan or CPU will not take them.
 * Errors: TG_ENOMEM, TG_EINTERNAL (with the compiler's message naming
 * the detector). */
int tg__det_new(struct tg__det **out, struct tg_error *err);
/* The same, always compiled (the fallback; for tests and benchmarks). */
int tg__det_compile(struct tg__det **out, struct tg_error *err);
/* Only serialized set `set` (0: the build machine's CPU, 1: any CPU), for
 * tests; TG_EINTERNAL when Hyperscan refuses it or there is none. */
int tg__det_load_set(struct tg__det **out, int set, struct tg_error *err);
void tg__det_free(struct tg__det *d);

/* Per-call state: Hyperscan scratch cloned from the database's and the
 * buffers of one piece.  TG_ENOMEM or TG_EINTERNAL on failure. */
int tg__det_run_new(const struct tg__det *d, struct tg__det_run **out);
void tg__det_run_free(struct tg__det_run *r);

/*
 * For tests: scan the seeded rows (card numbers, IBANs ...) around their
 * seeds (whole 0, as always) or over the whole piece (1), in parts of at
 * most sub bytes (0: the default; SIZE_MAX: one part), and call trace,
 * if not NULL, with every match of a row before it is judged (row index,
 * offsets in the piece; the start is the end for rows whose start
 * Hyperscan does not report).
 */
typedef void (*tg__det_trace_fn)(void *arg, size_t row, size_t from,
    size_t to);
void tg__det_run_test(struct tg__det_run *r, int whole, size_t sub,
    tg__det_trace_fn trace, void *arg);
/* For tests: the bytes the seeded rows were scanned over in the last
 * piece. */
size_t tg__det_run_seeded(const struct tg__det_run *r);

/* Receives each finding and its detector's index (tg_detector_get());
 * f is valid during the call.  Non-zero stops the scan of the piece (and
 * is returned by tg__det_scan()). */
typedef int (*tg__det_fn)(void *arg, size_t det, const struct tg_finding *f);

/*
 * Runs every detector over text[0..len) of one piece (part, and its
 * content type for detectors that look at the kind of part, may be NULL)
 * and calls fn for each finding, roughly in order of position (a finding
 * that a longer match could still replace is held back until it cannot).
 * Returns 0, fn's non-zero value, or TG_ENOMEM / TG_EINTERNAL.
 */
int tg__det_scan(struct tg__det_run *r, unsigned part,
    const char *content_type, const char *text, size_t len, tg__det_fn fn,
    void *arg);

/*
 * The i-th pattern Hyperscan compiles: the detector rows' patterns in
 * table order, then one per group of context words; NULL past the end.
 * *caseless tells whether it is matched without regard to case.  For
 * benchmarks that run the same patterns through another engine.
 */
const char *tg__det_pattern(size_t i, int *caseless);

#ifdef TG_DET_GEN
#include <stdio.h>
/* Writes the compiled databases as a C header (detect_blobs_gen.c). */
int tg__det_write_blobs(FILE *out, struct tg_error *err);
#endif

#endif
