/*
 * index_priv.h - the layout of struct tg_index, for index.c only.
 */
#ifndef TG_INDEX_PRIV_H
#define TG_INDEX_PRIV_H

#include <pthread.h>
#include <stdint.h>

#include "index_int.h"

/* A key waiting for its table, while entries are added. */
struct pending {
	uint64_t k;
	uint32_t id;
	uint32_t table;                 /* enum ktable_id */
};

/*
 * The key table: a key's bucket is one cache line of 16-bit fingerprints,
 * so a key that no entry has costs one line and no more.  A fingerprint
 * that matches leads to the record of that lane, which holds 16 more bits
 * of the key and the entry.  A bucket with more keys than lanes marks its
 * last lane KB_OVERFLOW and keeps the rest in ovf[].
 */
#define KB_LANES 30
#define KB_OVERFLOW 0xffffu

struct kbucket {
	uint16_t fp[KB_LANES];          /* 0: empty */
	uint32_t rec;                   /* record of lane 0 */
};

struct krec {
	uint32_t id;                    /* the entry: its number, then once
	                                   sealed its arena offset */
	uint16_t check;                 /* bits 16-31 of the key */
	uint16_t spare;
};

struct ktable {
	struct kbucket *kb;             /* nkb buckets, 64-byte aligned */
	void *kb_mem;
	size_t nkb;
	struct krec *rec;
	size_t nrec;
	struct pending *ovf;            /* sorted by key, then entry (id
	                                   as in struct krec) */
	size_t novf;
};

/*
 * Three tables: a recipient probes some twenty deletion and base keys per
 * label suffix but one skeleton key, while a protected name has several
 * times more skeleton keys (multi-rule expansions) than the others; and
 * every recipient probes the keys of its suffix against the few suffix
 * rules.  Kept apart, the keys probed most stay in tables small enough for
 * the cache.
 */
enum ktable_id { KT_EDIT, KT_SKEL, KT_RULE, KT_COUNT };

struct tg_index {
	const tg_ctx *ctx;
	const struct tg__sfx *sfx;
	struct tg__weights w;
	double threshold;
	unsigned kinds;
	int sealed;

	struct tg__entry *ent;          /* the protected entries, until
	                                   sealed */
	size_t nent, capent;
	char *arena;                    /* sealed: each entry with its code
	                                   points and name in one block, at
	                                   8 * ent_off[id]; key records and
	                                   the map hold that offset */
	uint32_t *ent_off;
	size_t arena_size;
	struct strmap names;            /* every listed name, with its lists
	                                   (bits by enum tg_list) and, when
	                                   protected, its entry */
	size_t count[3];                /* names by enum tg_list */
	uint64_t *name_filter;          /* three bits a name in one word,
	                                   set at seal: most names are in
	                                   no list, and this answers them
	                                   without the map */
	size_t name_filter_mask;
	uint64_t label_mask[2];         /* label counts of named entries */

	struct pending *pending;
	size_t npending, cappending;

	struct ktable kt[KT_COUNT];
	size_t nkeys;
};

#endif
