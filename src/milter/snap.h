/*
 * snap.h - the configuration snapshot every connection works with: the
 * parsed config, the library context and the sealed index, the action of
 * every protected entry.  Immutable once built, refcounted, published
 * through one atomic pointer.
 *
 * A connection takes a reference when it starts (snap_acquire()) and
 * drops it when it closes, so it keeps the snapshot it started with for
 * all its messages; a reload builds the next snapshot and publishes it
 * (snap_publish()), and the old one is freed by whoever drops its last
 * reference.
 *
 * The content classifier is built once, when the first snapshot that
 * needs it is built, and shared by every snapshot that does: it depends
 * on nothing in the configuration (the detector table is compiled in,
 * its limits are the library's defaults), and compiling it takes about
 * half a second, which a reload need not pay again.  It is freed when the
 * last snapshot holding it goes.
 */
#ifndef TGM_SNAP_H
#define TGM_SNAP_H

#include <stdatomic.h>

#include "conf.h"
#include "typoguard.h"

/* What the active lists need from the MTA (negotiated per connection). */
#define SNAP_NEEDS_QUARANTINE 1u  /* a hold action, or LocalSubmission hold */
#define SNAP_NEEDS_ADDHDR 2u      /* a tag action */
#define SNAP_NEEDS_CONTENT 4u     /* headers and body: SeverityAction or
                                     ClassifyAll */

struct snap_action;

struct snap {
	atomic_uint refs;
	unsigned long generation;
	struct conf conf;
	tg_ctx *ctx;
	tg_index *ix;
	struct snap_action *act;  /* sorted by entry */
	size_t nact;
	unsigned needs;
	int content_rules;        /* SeverityAction lines: typo recipients
	                             are decided at end of message */
	const tg_classifier *clf; /* with SNAP_NEEDS_CONTENT, else NULL */
};

/*
 * Builds a snapshot from c, reading every list it names (problems go to
 * d as FILE:LINE: message, for list files LIST:LINE:COLUMN: message).
 * Takes c over in every case (on failure it is freed).  Returns 0 with
 * *out holding one reference, or the number of problems.
 */
unsigned long snap_build(struct conf *c, struct snap **out,
    struct conf_diag *d);

struct snap *snap_ref(struct snap *s);
void snap_unref(struct snap *s);

/* The action of a protected entry ("army.mil", ".mil"); -1 if none.  A
 * pol_lookup_fn with the snapshot as arg. */
int snap_lookup(const char *entry, void *snap);

/* Makes s current (taking over the caller's reference; NULL to empty it)
 * and drops the reference of the one it replaces. */
void snap_publish(struct snap *s);
/* A new reference to the current snapshot; NULL when there is none. */
struct snap *snap_acquire(void);

#endif
