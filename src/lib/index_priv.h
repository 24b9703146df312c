/*
 * index_priv.h - the layout of struct tg_index, for index.c only.
 */
#ifndef TG_INDEX_PRIV_H
#define TG_INDEX_PRIV_H

#include <pthread.h>
#include <stdint.h>

#include "index_int.h"

/* A key waiting for the table, while entries are added. */
struct pending {
	uint64_t k;
	uint32_t id;
};

/* A table slot: the low half of the key (never 0) and the entry. */
struct slot {
	uint32_t fp;
	uint32_t id;
};

struct tg_index {
	const tg_ctx *ctx;
	const struct tg__sfx *sfx;
	struct tg__weights w;
	double threshold;
	unsigned kinds;
	int sealed;

	struct tg__entry *ent;          /* the protected entries */
	size_t nent, capent;
	struct strmap names[3];         /* by enum tg_list; for the
	                                   protected list the value is the
	                                   entry */
	uint64_t label_mask[2];         /* label counts of named entries */

	struct pending *pending;
	size_t npending, cappending;
	struct slot *slot;
	size_t nslot, nkeys;
	uint64_t *bloom;
	size_t bloom_mask;
};

#endif
