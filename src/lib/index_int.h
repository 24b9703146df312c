/*
 * index_int.h - the protected-set index, for the modules around it (list
 * files, variants).
 */
#ifndef TG_INDEX_INT_H
#define TG_INDEX_INT_H

#include <stddef.h>
#include <stdint.h>

#include "slip_int.h"
#include "typoguard.h"

enum tg__entry_flags {
	TG__ENTRY_RULE = 1u << 0   /* ".mil": a whole suffix */
};

/* A protected entry.  For a rule, alabel is the suffix without its dot
 * and nm its code points (base 0). */
struct tg__entry {
	char *alabel;
	size_t alen;
	struct tg__name nm;
	const char *regdom;        /* registrable domain, in alabel */
	unsigned kinds;            /* kinds looked for; TG_KINDS_ALL */
	unsigned layouts;          /* layouts of its writers */
	unsigned flags;
	char **strict;             /* rules: typo TLDs where only listed
	                              names count */
	size_t nstrict;
};

/* A name of a struct strmap. */
struct strslot {
	char *s;
	size_t n;
	uint64_t h;
	uint32_t v;       /* the index's map: the protected entry, by number
	                     and once sealed by arena offset */
	unsigned lists;   /* the index's map: (1u << enum tg_list) bits */
};

/* A block of names, back to back. */
struct strblock {
	struct strblock *next;
	size_t used, size;
	char data[];
};

/* An open-addressing set of names with a value each; the names are
 * copied into blocks, never moved, freed with the map. */
struct strmap {
	uint64_t *slot;           /* cap slots, see index.c */
	struct strslot *rec;      /* count names, in order of addition */
	struct strblock *blocks;  /* the newest first */
	size_t cap, count, caprec;
	size_t bytes;             /* of the blocks */
};

/* The hash of a name in a strmap, well mixed in both halves. */
uint64_t tg__str_hash(const char *s, size_t n);

int tg__strmap_add(struct strmap *m, const char *s, size_t n, uint32_t v);
const struct strslot *tg__strmap_get(const struct strmap *m, const char *s,
    size_t n);
void tg__strmap_free(struct strmap *m);

/* One parsed list line (list.c), for tg__index_put(). */
struct tg__slice {
	const char *s;
	size_t n;
};

#define TG__STRICT_MAX 16

struct tg__spec {
	const char *name;       /* the entry as written, with a leading '.'
	                           for a rule */
	size_t len;
	size_t offset;          /* of name in the line, for errors */
	int rule;               /* 1 when name starts with '.' */
	unsigned kinds;         /* 0: all */
	unsigned layouts;       /* 0: all */
	struct tg__slice strict[TG__STRICT_MAX];
	size_t nstrict;
};

/* Adds a parsed entry to a list of the index. */
int tg__index_put(tg_index *ix, enum tg_list list, const struct tg__spec *sp,
    struct tg_error *err);

/* tg_index_load() on a buffer; path names it in messages. */
int tg__index_load_buf(tg_index *ix, enum tg_list list, const char *buf,
    size_t len, const char *path, tg_list_error_fn on_error, void *arg,
    struct tg_error *err);

/* The protected entry named name exactly, or NULL. */
const struct tg__entry *tg__index_entry(const tg_index *ix, const char *name,
    size_t len);
/*
 * The three lists for name[0..len) (A-labels) and its parents, each label
 * suffix hashed once: the protected entry that covers it, and the
 * allowlisted and known legitimate names that do (NULL when none).
 * Returns tg__str_hash() of the name, which comes out of the same pass.
 * Sealed index only.
 */
uint64_t tg__index_lists(const tg_index *ix, const char *name, size_t len,
    const struct tg__entry **prot, const char **allow, const char **legit);

/* A tail many names share (".co.uk"): its label suffixes looked up once,
 * and the hash state where a name ending in it goes on. */
struct tg__lists_tail {
	size_t len;
	uint64_t h;
	const struct tg__entry *prot;
	const char *allow, *legit;
};

/* Fills t for tail[0..len), which starts with its dot; a tail of another
 * form gets len 0 (tg__index_lists_with() then hashes the whole name). */
void tg__index_lists_tail(const tg_index *ix, const char *tail, size_t len,
    struct tg__lists_tail *t);
/* tg__index_lists() for a name that ends in t's tail, where
 * name[lab..len - t->len) is the one label left of the tail. */
uint64_t tg__index_lists_with(const tg_index *ix,
    const struct tg__lists_tail *t, const char *name, size_t len,
    size_t lab, const struct tg__entry **prot, const char **allow,
    const char **legit);

/* For tests: the keys of a sealed index that did not fit their bucket. */
size_t tg__index_overflow(const tg_index *ix);

const tg_ctx *tg__index_ctx(const tg_index *ix);
const struct tg__weights *tg__index_weights(const tg_index *ix);
int tg__index_sealed(const tg_index *ix);

#endif
