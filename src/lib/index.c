/*
 * index.c - the protected-set index and tg_check().
 *
 * Built once, read by many threads.  A lookup must not cost more when the
 * protected set grows, so nothing here scans the entries.  Every slip
 * kind is found through keys that a protected name and a recipient's name
 * share when they are one slip apart:
 *   DEL   the name and the name with any one code point deleted (the
 *         symmetric-delete idea of SymSpell): two names one insertion,
 *         omission, replacement or transposition apart share a key
 *   SKEL  the skeleton (glyph classes), expanded by up to two multi rules
 *         (rn <-> m): look-alikes share it
 *   BASE  the name left of its suffix, alone or with the suffix typed
 *         into it: tld-swap, suffix-swap, tld-in-label
 *   RULE  a suffix rule and its one-deletion forms, against the
 *         recipient's suffix
 * A key is a 64-bit hash; a hit is only a candidate, which the classifier
 * (slip.c) confirms or drops, so hash collisions cost time, never a wrong
 * answer.  A key that no entry has costs one cache line (index_priv.h);
 * all keys of a name are fetched together.  The protected, allowed and
 * legitimate names share one map, hashed once per label suffix.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc_int.h"
#include "ctx_int.h"
#include "domain_int.h"
#include "error_int.h"
#include "glyph_int.h"
#include "index_int.h"
#include "suffix_int.h"

#include "index_priv.h"

/* ------------------------------------------------------------------ */
/* Hashing                                                              */

#define HB 0x100000001b3ull   /* odd multiplier of the polynomial hash */

enum family { F_DEL = 1, F_SKEL = 2, F_BASE = 3, F_RULE = 4 };

static uint64_t pow_b[TG__NAME_MAX + 2];
static pthread_once_t pow_once = PTHREAD_ONCE_INIT;

static void
init_pow(void)
{
	size_t i;

	pow_b[0] = 1;
	for (i = 1; i < TG__NAME_MAX + 2; i++)
		pow_b[i] = pow_b[i - 1] * HB;
}

static uint64_t
fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* The key of a polynomial hash h over n code points, in a family. */
static uint64_t
key(uint64_t h, size_t n, enum family f)
{
	return fmix(h ^ ((uint64_t)f << 56) ^ ((uint64_t)n * 0x9e3779b97f4a7c15ull));
}

static uint64_t
poly(const uint32_t *s, size_t n)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; i < n; i++)
		h = h * HB + s[i];
	return h;
}

/* Prefix hashes pre[0..n] and suffix hashes suf[0..n] of s. */
static void
poly_tables(const uint32_t *s, size_t n, uint64_t *pre, uint64_t *suf)
{
	size_t i;

	pre[0] = 0;
	for (i = 0; i < n; i++)
		pre[i + 1] = pre[i] * HB + s[i];
	suf[n] = 0;
	for (i = n; i > 0; i--)
		suf[i - 1] = s[i - 1] * pow_b[n - i] + suf[i];
}

/* Hash of s with s[i] deleted. */
static uint64_t
poly_del(const uint64_t *pre, const uint64_t *suf, size_t n, size_t i)
{
	return pre[i] * pow_b[n - 1 - i] + suf[i + 1];
}

/* Names are hashed label by label, right to left, so that the hashes of
 * all label suffixes of a name come out of one pass (tg__index_lists); a
 * label's bytes go in eight at a time. */
#define STR_BASIS 1469598103934665603ull
#define STR_PRIME 1099511628211ull

static uint64_t
label_step(uint64_t h, const char *s, size_t n)
{
	uint64_t w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; n > 0; s++, n--)
		h = (h ^ (unsigned char)*s) * STR_PRIME;
	return h;
}

static uint64_t
dot_step(uint64_t h)
{
	return (h ^ '.') * STR_PRIME;
}

/* The start of the label of s that ends at i. */
static size_t
label_begin(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] != '.')
		i--;
	return i;
}

/* The state h goes to over s[0..n), right to left, label by label. */
static uint64_t
labels_step(uint64_t h, const char *s, size_t n)
{
	size_t i = n, j;

	for (;;) {
		j = label_begin(s, i);
		h = label_step(h, s + j, i - j);
		if (j == 0)
			return h;
		h = dot_step(h);
		i = j - 1;
	}
}

uint64_t
tg__str_hash(const char *s, size_t n)
{
	return fmix(labels_step(STR_BASIS, s, n) ^ n);
}

/* The entry at offset off of a sealed index's arena. */
static const struct tg__entry *
ent_at(const tg_index *ix, uint32_t off)
{
	return (const struct tg__entry *)(const void *)(ix->arena +
	    (size_t)off * 8);
}

/* ------------------------------------------------------------------ */
/* Exact-name sets                                                      */

/* The slot array holds (the high half of the hash << 32 | record + 1),
 * 0 for an empty slot: probing reads 8 bytes a slot and touches a record
 * only when the hash halves agree.  At most 70 % full. */
#define SLOT_TAG(h) ((h) >> 32)

static void
strmap_place(uint64_t *slot, size_t cap, uint64_t h, size_t rec)
{
	size_t at = (size_t)h & (cap - 1);

	while (slot[at] != 0)
		at = (at + 1) & (cap - 1);
	slot[at] = SLOT_TAG(h) << 32 | (uint64_t)(rec + 1);
}

static int
strmap_grow(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i;
	uint64_t *ns = tg__calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return TG_ENOMEM;
	for (i = 0; i < m->count; i++)
		strmap_place(ns, ncap, m->rec[i].h, i);
	tg__free(m->slot);
	m->slot = ns;
	m->cap = ncap;
	return TG_OK;
}

static struct strslot *
strmap_find(const struct strmap *m, const char *s, size_t n, uint64_t h)
{
	size_t at;
	uint64_t v;

	if (m->cap == 0)
		return NULL;
	at = (size_t)h & (m->cap - 1);
	while ((v = m->slot[at]) != 0) {
		if ((v >> 32) == SLOT_TAG(h)) {
			struct strslot *r = &m->rec[(uint32_t)v - 1];

			if (r->h == h && r->n == n && memcmp(r->s, s, n) == 0)
				return r;
		}
		at = (at + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Adds s (copied) with value v; returns 1 when it was new, 0 when present
 * (the value is kept), or TG_ENOMEM. */
/* Names per block: one allocation for about a thousand names. */
#define STRBLOCK_SIZE 16384

/* A NUL-terminated copy of s[0..n) in the map's blocks. */
static char *
strmap_copy(struct strmap *m, const char *s, size_t n)
{
	struct strblock *b = m->blocks;
	char *p;

	if (b == NULL || b->size - b->used < n + 1) {
		size_t size = n + 1 > STRBLOCK_SIZE ? n + 1 : STRBLOCK_SIZE;

		b = tg__malloc(sizeof(*b) + size);
		if (b == NULL)
			return NULL;
		b->next = m->blocks;
		b->used = 0;
		b->size = size;
		m->blocks = b;
		m->bytes += sizeof(*b) + size;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

int
tg__strmap_add(struct strmap *m, const char *s, size_t n, uint32_t v)
{
	uint64_t h = tg__str_hash(s, n);
	struct strslot *r;
	char *copy;

	if (strmap_find(m, s, n, h) != NULL)
		return 0;
	if (m->count >= UINT32_MAX - 1)
		return TG_ENOMEM;
	if ((m->count + 1) * 10 > m->cap * 7 && strmap_grow(m) != TG_OK)
		return TG_ENOMEM;
	if (m->count == m->caprec) {
		size_t ncap = m->caprec ? m->caprec * 2 : 64;
		struct strslot *nr = tg__realloc(m->rec, ncap * sizeof(*nr));

		if (nr == NULL)
			return TG_ENOMEM;
		m->rec = nr;
		m->caprec = ncap;
	}
	if ((copy = strmap_copy(m, s, n)) == NULL)
		return TG_ENOMEM;
	r = &m->rec[m->count];
	r->s = copy;
	r->n = n;
	r->h = h;
	r->v = v;
	r->lists = 0;
	strmap_place(m->slot, m->cap, h, m->count);
	m->count++;
	return 1;
}

const struct strslot *
tg__strmap_get(const struct strmap *m, const char *s, size_t n)
{
	return strmap_find(m, s, n, tg__str_hash(s, n));
}

/* The slot of s, added with no lists when it is new; NULL when out of
 * memory. */
static struct strslot *
names_slot(struct strmap *m, const char *s, size_t n)
{
	struct strslot *sl = strmap_find(m, s, n, tg__str_hash(s, n));

	if (sl != NULL)
		return sl;
	if (tg__strmap_add(m, s, n, 0) < 0)
		return NULL;
	return strmap_find(m, s, n, tg__str_hash(s, n));
}

/* The label suffixes of a name, shortest first, each with its hash; their
 * slots are prefetched while the caller does other work. */
#define SUFFIXES_MAX (TG_DOMAIN_MAX / 2 + 2)

struct suffixes {
	const char *name;
	size_t len, n;
	size_t at[SUFFIXES_MAX];
	uint64_t h[SUFFIXES_MAX];
};

/* The word and bits of a name's hash in the name filter. */
static size_t
filter_word(uint64_t h, size_t mask)
{
	return (size_t)(h >> 40) & mask;
}

static uint64_t
filter_bits(uint64_t h)
{
	return 1ull << ((h >> 8) & 63) | 1ull << ((h >> 14) & 63) |
	    1ull << ((h >> 20) & 63);
}

static int
build_name_filter(tg_index *ix)
{
	size_t n, i;

	for (n = 1; n * 4 < ix->names.count; n *= 2)
		;
	ix->name_filter = tg__calloc(n, sizeof(uint64_t));
	if (ix->name_filter == NULL)
		return TG_ENOMEM;
	ix->name_filter_mask = n - 1;
	for (i = 0; i < ix->names.count; i++)
		if (ix->names.rec[i].lists != 0)
			ix->name_filter[filter_word(ix->names.rec[i].h,
			    n - 1)] |= filter_bits(ix->names.rec[i].h);
	return TG_OK;
}

/*
 * Hashes name[0..len) right to left from its byte at, with h the state
 * past it (STR_BASIS at len), and keeps the suffixes that start left of
 * at and pass the name filter; name[lab..at) is one label when lab <= at.
 * Returns tg__str_hash() of the whole name.
 */
static uint64_t
lists_prepare(const tg_index *ix, const char *name, size_t len, size_t at,
    size_t lab, uint64_t h, struct suffixes *sx)
{
	size_t i = at, j;
	uint64_t sh, fb;

	sx->name = name;
	sx->len = len;
	sx->n = 0;
	for (;;) {
		j = lab <= i ? lab : label_begin(name, i);
		lab = SIZE_MAX;
		h = label_step(h, name + j, i - j);
		i = j;
		sh = fmix(h ^ (len - i));
		fb = filter_bits(sh);
		if (sx->n < SUFFIXES_MAX && (ix->name_filter[filter_word(sh,
		    ix->name_filter_mask)] & fb) == fb) {
			__builtin_prefetch(&ix->names.slot[
			    (size_t)sh & (ix->names.cap - 1)]);
			sx->at[sx->n] = i;
			sx->h[sx->n] = sh;
			sx->n++;
		}
		if (i == 0)
			return sh;
		h = dot_step(h);
		i--;
	}
}

static void
lists_resolve(const tg_index *ix, const struct suffixes *sx,
    const struct tg__lists_tail *t, const struct tg__entry **prot,
    const char **allow, const char **legit)
{
	const struct strslot *s;
	size_t k;

	*prot = t != NULL ? t->prot : NULL;
	*allow = t != NULL ? t->allow : NULL;
	*legit = t != NULL ? t->legit : NULL;
	/* Shortest suffix first: a longer name that is listed overrides. */
	for (k = 0; k < sx->n; k++) {
		s = strmap_find(&ix->names, sx->name + sx->at[k],
		    sx->len - sx->at[k], sx->h[k]);
		if (s == NULL)
			continue;
		if (s->lists & (1u << TG_LIST_PROTECTED))
			*prot = ent_at(ix, s->v);
		if (s->lists & (1u << TG_LIST_ALLOW))
			*allow = s->s;
		if (s->lists & (1u << TG_LIST_LEGIT))
			*legit = s->s;
	}
}

uint64_t
tg__index_lists(const tg_index *ix, const char *name, size_t len,
    const struct tg__entry **prot, const char **allow, const char **legit)
{
	struct suffixes sx;
	uint64_t h = lists_prepare(ix, name, len, len, SIZE_MAX, STR_BASIS,
	    &sx);

	lists_resolve(ix, &sx, NULL, prot, allow, legit);
	return h;
}

void
tg__index_lists_tail(const tg_index *ix, const char *tail, size_t len,
    struct tg__lists_tail *t)
{
	struct suffixes sx;

	memset(t, 0, sizeof(*t));
	t->h = STR_BASIS;
	if (len < 2 || tail[0] != '.')
		return;
	lists_prepare(ix, tail + 1, len - 1, len - 1, SIZE_MAX, STR_BASIS,
	    &sx);
	lists_resolve(ix, &sx, NULL, &t->prot, &t->allow, &t->legit);
	/* The state past the tail's dot, as lists_prepare() reaches it (the
	 * empty label left of the dot changes nothing). */
	t->h = labels_step(STR_BASIS, tail, len);
	t->len = len;
}

uint64_t
tg__index_lists_with(const tg_index *ix, const struct tg__lists_tail *t,
    const char *name, size_t len, size_t lab, const struct tg__entry **prot,
    const char **allow, const char **legit)
{
	struct suffixes sx;
	uint64_t h = lists_prepare(ix, name, len, len - t->len,
	    t->len > 0 ? lab : SIZE_MAX, t->h, &sx);

	lists_resolve(ix, &sx, t, prot, allow, legit);
	return h;
}

void
tg__strmap_free(struct strmap *m)
{
	struct strblock *b, *next;

	for (b = m->blocks; b != NULL; b = next) {
		next = b->next;
		tg__free(b);
	}
	tg__free(m->rec);
	tg__free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                           */

static const double default_layout[TG_LAYOUT_COUNT] = { 1.0, 0.7, 0.7 };

int
tg_index_new(tg_index **out, const tg_ctx *ctx,
    const struct tg_index_opts *opts, struct tg_error *err)
{
	tg_index *ix;
	int l, any = 0;

	if (out == NULL || ctx == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_index_new: NULL argument");
	*out = NULL;
	if (opts != NULL) {
		if (opts->threshold < 0 || opts->threshold > 1 ||
		    opts->threshold != opts->threshold)
			return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
			    "threshold %g is not in (0, 1]", opts->threshold);
		for (l = 0; l < TG_LAYOUT_COUNT; l++) {
			double v = opts->layout_weight[l];

			if (v < 0 || v > 1 || v != v)
				return tg__error_set(err, TG_EINVAL,
				    TG_NO_OFFSET, "weight %g of layout %s is not "
				    "in [0, 1]", v, tg_layout_name(l));
			any |= v > 0;
		}
		if (opts->kinds & ~TG_KINDS_ALL)
			return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
			    "unknown kind bits 0x%x", opts->kinds & ~TG_KINDS_ALL);
	}
	ix = tg__calloc(1, sizeof(*ix));
	if (ix == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	ix->ctx = ctx;
	ix->sfx = tg__ctx_sfx(ctx);
	ix->threshold = opts != NULL && opts->threshold > 0 ?
	    opts->threshold : TG_THRESHOLD_DEFAULT;
	ix->kinds = opts != NULL && opts->kinds != 0 ? opts->kinds :
	    TG_KINDS_ALL;
	for (l = 0; l < TG_LAYOUT_COUNT; l++) {
		ix->w.layout[l] = any ? opts->layout_weight[l] :
		    default_layout[l];
		if (ix->w.layout[l] > 0)
			ix->w.layouts |= 1u << l;
	}
	pthread_once(&pow_once, init_pow);
	tg__error_clear(err);
	*out = ix;
	return TG_OK;
}

tg_index *
tg_index_free(tg_index *ix)
{
	size_t i, k;

	if (ix == NULL)
		return NULL;
	for (i = 0; i < ix->nent; i++) {
		struct tg__entry *e = ix->arena != NULL ?
		    (struct tg__entry *)(void *)(ix->arena +
		    (size_t)ix->ent_off[i] * 8) : &ix->ent[i];

		if (ix->arena == NULL)
			tg__free((void *)e->nm.cp);
		for (k = 0; k < e->nstrict; k++)
			tg__free(e->strict[k]);
		tg__free(e->strict);
	}
	tg__free(ix->ent);
	tg__free(ix->arena);
	tg__free(ix->ent_off);
	tg__strmap_free(&ix->names);
	tg__free(ix->name_filter);
	for (i = 0; i < KT_COUNT; i++) {
		tg__free(ix->kt[i].kb_mem);
		tg__free(ix->kt[i].rec);
		tg__free(ix->kt[i].ovf);
	}
	tg__free(ix->pending);
	tg__free(ix);
	return NULL;
}

size_t
tg_index_count(const tg_index *ix, enum tg_list list)
{
	if (ix == NULL || (unsigned)list > TG_LIST_LEGIT)
		return 0;
	return ix->count[list];
}

size_t
tg_index_memory(const tg_index *ix)
{
	size_t i, n;

	if (ix == NULL)
		return 0;
	n = sizeof(*ix) + ix->capent * sizeof(*ix->ent) + ix->arena_size +
	    (ix->arena != NULL ? ix->nent * sizeof(*ix->ent_off) : 0) +
	    ix->names.cap * sizeof(*ix->names.slot) +
	    ix->names.caprec * sizeof(*ix->names.rec) + ix->names.bytes +
	    (ix->name_filter != NULL ? ix->name_filter_mask + 1 : 0) *
	    sizeof(uint64_t);
	for (i = 0; i < KT_COUNT; i++)
		n += ix->kt[i].nkb * sizeof(struct kbucket) +
		    ix->kt[i].nrec * sizeof(struct krec) +
		    ix->kt[i].novf * sizeof(struct pending);
	for (i = 0; ix->arena == NULL && i < ix->nent; i++)
		n += ix->ent[i].alen + 1 +
		    (ix->ent[i].nm.n + 1) * sizeof(uint32_t);
	return n;
}

size_t
tg__index_overflow(const tg_index *ix)
{
	size_t t, n = 0;

	for (t = 0; t < KT_COUNT; t++)
		n += ix->kt[t].novf;
	return n;
}

const tg_ctx *
tg__index_ctx(const tg_index *ix)
{
	return ix->ctx;
}

const struct tg__weights *
tg__index_weights(const tg_index *ix)
{
	return &ix->w;
}

int
tg__index_sealed(const tg_index *ix)
{
	return ix->sealed;
}

/* ------------------------------------------------------------------ */
/* Adding entries                                                       */

int
tg__index_put(tg_index *ix, enum tg_list list, const struct tg__spec *sp,
    struct tg_error *err)
{
	struct tg_domain d;
	struct tg__namebuf nb;
	struct tg__entry *e;
	struct strslot *sl;
	const char *name = sp->name;
	size_t len = sp->len, i, slen;
	unsigned flags;
	int rc;

	if (ix->sealed)
		return tg__error_set(err, TG_ESTATE, TG_NO_OFFSET,
		    "the index is sealed: no more entries");
	if (ix->count[list] >= TG_LIST_MAX_ENTRIES)
		return tg__error_set(err, TG_ELIST_TOOMANY, sp->offset,
		    "more than %u entries in one list", TG_LIST_MAX_ENTRIES);
	/* Only a rule and a protected name need their suffix. */
	rc = (sp->rule || list == TG_LIST_PROTECTED ? tg__domain_parse :
	    tg__domain_parse_name)(ix->ctx, name + sp->rule, len - sp->rule,
	    sp->offset + sp->rule, &d, err);
	if (rc != TG_OK)
		return rc;
	if (d.flags & TG_DOMAIN_LITERAL)
		return tg__error_set(err, TG_ELIST_SYNTAX, sp->offset,
		    "an address literal is not a domain to list");
	slen = 0;
	flags = 0;
	if (sp->rule || list == TG_LIST_PROTECTED)
		slen = tg__sfx_lookup(ix->sfx, d.alabel, d.alabel_len,
		    TG__SFX_ICANN_ONLY, &flags);
	if (sp->rule) {
		if (slen != d.alabel_len || !(flags & TG__SFX_KNOWN))
			return tg__error_set(err, TG_ELIST_SYNTAX, sp->offset,
			    "%.*s is not a public suffix: a rule names one "
			    "(.mil, .gov.uk)", (int)len, name);
	} else if (slen == d.alabel_len && list == TG_LIST_PROTECTED) {
		return tg__error_set(err, TG_ELIST_SYNTAX, sp->offset,
		    "%s is a public suffix: write .%s to protect all of it",
		    d.alabel, d.alabel);
	}
	sl = names_slot(&ix->names, d.alabel, d.alabel_len);
	if (sl == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	if (sl->lists & (1u << list))
		return TG_OK;   /* listed twice: the first line counts */
	if (list != TG_LIST_PROTECTED) {
		sl->lists |= 1u << list;
		ix->count[list]++;
		return TG_OK;
	}
	if (ix->nent == ix->capent) {
		size_t ncap = ix->capent ? ix->capent * 2 : 16;
		struct tg__entry *ne = tg__realloc(ix->ent, ncap * sizeof(*ne));

		if (ne == NULL)
			return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
			    "out of memory");
		ix->ent = ne;
		ix->capent = ncap;
	}
	e = &ix->ent[ix->nent];
	memset(e, 0, sizeof(*e));
	if (tg__name_from_domain(ix->sfx, &d, &nb) != TG_OK)
		return tg__error_set(err, TG_EINTERNAL, sp->offset,
		    "cannot take %s apart", d.alabel);
	/* The code points and the name in one block: a hit reads both. */
	e->nm = nb.nm;
	e->nm.cp = tg__malloc((nb.nm.n + 1) * sizeof(uint32_t) +
	    d.alabel_len + 1);
	if (e->nm.cp == NULL)
		goto oom;
	memcpy((uint32_t *)e->nm.cp, nb.buf, nb.nm.n * sizeof(uint32_t));
	e->alabel = (char *)(e->nm.cp + nb.nm.n + 1);
	memcpy(e->alabel, d.alabel, d.alabel_len + 1);
	e->alen = d.alabel_len;
	e->kinds = sp->kinds != 0 ? sp->kinds : TG_KINDS_ALL;
	e->layouts = sp->layouts != 0 ? sp->layouts : (1u << TG_LAYOUT_COUNT) - 1;
	if (sp->rule) {
		e->flags |= TG__ENTRY_RULE;
		e->nm.base = e->nm.reg = 0;
		e->regdom = e->alabel + e->alen;
	} else {
		/* The registrable domain: the suffix and one label more. */
		size_t at = d.alabel_len - slen;

		for (i = at > 1 ? at - 1 : 0; i > 0; i--)
			if (d.alabel[i - 1] == '.')
				break;
		e->regdom = e->alabel + i;
	}
	if (sp->nstrict > 0) {
		e->strict = tg__calloc(sp->nstrict, sizeof(*e->strict));
		if (e->strict == NULL)
			goto oom;
		for (i = 0; i < sp->nstrict; i++) {
			e->strict[i] = tg__strndup(sp->strict[i].s,
			    sp->strict[i].n);
			if (e->strict[i] == NULL)
				goto oom;
			e->nstrict++;
		}
	}
	sl->lists |= 1u << list;
	sl->v = (uint32_t)ix->nent;
	ix->count[list]++;
	ix->nent++;
	return TG_OK;
oom:
	tg__free((void *)e->nm.cp);
	for (i = 0; i < e->nstrict; i++)
		tg__free(e->strict[i]);
	tg__free(e->strict);
	memset(e, 0, sizeof(*e));
	return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Sealing: the key table                                               */

/* At most this many skeleton keys per entry: a name made of many letters
 * that multi rules touch ("mmmm...") would otherwise need thousands. */
#define SKEL_KEYS_MAX 256

static int
push_key(tg_index *ix, uint64_t k, uint32_t id, enum ktable_id t)
{
	if (ix->npending == ix->cappending) {
		size_t ncap = ix->cappending ? ix->cappending * 2 : 1024;
		struct pending *np = tg__realloc(ix->pending,
		    ncap * sizeof(*np));

		if (np == NULL)
			return TG_ENOMEM;
		ix->pending = np;
		ix->cappending = ncap;
	}
	ix->pending[ix->npending].k = k;
	ix->pending[ix->npending].id = id;
	ix->pending[ix->npending].table = t;
	ix->npending++;
	return TG_OK;
}

static int
push_dels(tg_index *ix, const uint32_t *s, size_t n, enum family f,
    uint32_t id)
{
	enum ktable_id t = f == F_RULE ? KT_RULE : KT_EDIT;
	uint64_t pre[TG__NAME_MAX + 2], suf[TG__NAME_MAX + 2];
	size_t i;
	int rc;

	poly_tables(s, n, pre, suf);
	if ((rc = push_key(ix, key(pre[n], n, f), id, t)) != TG_OK)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = push_key(ix, key(poly_del(pre, suf, n, i), n - 1, f),
		    id, t)) != TG_OK)
			return rc;
	return TG_OK;
}

/*
 * Coarse classes: the skeleton classes with the weak pairs joined too
 * (m~n~r, b~d~8~3, u~v ...: glyph_int.h).  The classes keep weak pairs
 * apart so that the alignment (slip.c) can count them; the keys need not:
 * a key is only a candidate, which the alignment confirms.  Joined, any
 * number of weak substitutions leaves the key as it is ("ewa" -> "evva"
 * -> "euua" is one multi rule and two weak pairs), so the expansion budget
 * below goes to the multi rules that change the length.
 */
#define COARSE_MAX 1024   /* multi rules; glyph.c has about 150 */

struct coarse {
	uint32_t ascii[128];            /* of a skeleton class below 128 */
	uint32_t full[128];             /* of an ASCII code point */
	uint32_t cp[2 * COARSE_MAX], cls[2 * COARSE_MAX]; /* sorted */
	size_t ncp;
	struct tg__glyph_multi m[COARSE_MAX];   /* on coarse classes */
	size_t nm;
};

static struct coarse coarse;
static pthread_once_t coarse_once = PTHREAD_ONCE_INIT;

static uint32_t
coarse_of(uint32_t c)
{
	size_t lo = 0, hi = coarse.ncp;

	if (c < 128)
		return coarse.ascii[c];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (coarse.cp[mid] == c)
			return coarse.cls[mid];
		if (coarse.cp[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static size_t
cp_at(uint32_t c)
{
	return (size_t)((const uint32_t *)bsearch(&c, coarse.cp, coarse.ncp,
	    sizeof(c), u32_cmp) - coarse.cp);
}

/* Runs once (pthread_once); static arrays, so it cannot fail. */
static void
coarse_init(void)
{
	const struct tg__glyph_multi *m;
	size_t nm = tg__glyph_multis(&m), i, j, k, n = 0, out, ra, rb;
	uint32_t par[2 * COARSE_MAX];

	for (i = 0; i < 128; i++)
		coarse.ascii[i] = (uint32_t)i;
	if (nm > COARSE_MAX) {
		/* Not expected: then the classes alone, with every rule. */
		nm = COARSE_MAX;
		memcpy(coarse.m, m, nm * sizeof(*m));
		coarse.nm = nm;
		for (i = 0; i < 128; i++)
			coarse.full[i] = tg__glyph_class((uint32_t)i);
		return;
	}
	/* Union-find over the code points of the weak pairs. */
	for (i = 0; i < nm; i++)
		if (m[i].alen == 1 && m[i].blen == 1) {
			coarse.cp[n++] = m[i].a[0];
			coarse.cp[n++] = m[i].b[0];
		}
	qsort(coarse.cp, n, sizeof(*coarse.cp), u32_cmp);
	for (i = 0, out = 0; i < n; i++)
		if (out == 0 || coarse.cp[out - 1] != coarse.cp[i])
			coarse.cp[out++] = coarse.cp[i];
	coarse.ncp = n = out;
	for (i = 0; i < n; i++)
		par[i] = (uint32_t)i;
	for (i = 0; i < nm; i++) {
		if (m[i].alen != 1 || m[i].blen != 1)
			continue;
		for (ra = cp_at(m[i].a[0]); par[ra] != ra; ra = par[ra])
			;
		for (rb = cp_at(m[i].b[0]); par[rb] != rb; rb = par[rb])
			;
		/* the smaller index, so the smallest code point, names it */
		if (ra < rb)
			par[rb] = (uint32_t)ra;
		else if (rb < ra)
			par[ra] = (uint32_t)rb;
	}
	for (i = 0; i < n; i++) {
		for (j = i; par[j] != j; j = par[j])
			;
		coarse.cls[i] = coarse.cp[j];
		if (coarse.cp[i] < 128)
			coarse.ascii[coarse.cp[i]] = coarse.cls[i];
	}
	for (i = 0; i < 128; i++)
		coarse.full[i] = coarse_of(tg__glyph_class((uint32_t)i));
	/* The other multi rules on coarse classes, those that still change
	 * something, sorted and without repeats. */
	for (i = 0, k = 0; i < nm; i++) {
		struct tg__glyph_multi r = m[i];

		if (r.alen == 1 && r.blen == 1)
			continue;
		for (j = 0; j < r.alen; j++)
			r.a[j] = coarse_of(r.a[j]);
		for (j = 0; j < r.blen; j++)
			r.b[j] = coarse_of(r.b[j]);
		if (r.alen == r.blen &&
		    memcmp(r.a, r.b, r.alen * sizeof(*r.a)) == 0)
			continue;
		coarse.m[k++] = r;
	}
	qsort(coarse.m, k, sizeof(*coarse.m), tg__glyph_multi_cmp);
	for (i = 0, out = 0; i < k; i++)
		if (out == 0 ||
		    tg__glyph_multi_cmp(&coarse.m[out - 1], &coarse.m[i]))
			coarse.m[out++] = coarse.m[i];
	coarse.nm = out;
}

/* The coarse skeleton of cp[0..n) into out (out may be cp). */
static void
coarse_skeleton(const uint32_t *cp, size_t n, uint32_t *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = cp[i] < 128 ? coarse.full[cp[i]] :
		    coarse_of(tg__glyph_class(cp[i]));
}

/* A skeleton being expanded; seal allocates SKEL_KEYS_MAX of them once. */
struct skel {
	uint32_t s[TG__NAME_MAX + 1];   /* only for those expanded again */
	size_t n;
	uint64_t h;                     /* poly() of s */
};

/*
 * Scratch of push_skeletons(), allocated once per seal: the queue, and
 * for each ASCII class the multi rules whose side a starts with it (the
 * rules are sorted by the length of a, then a: one run of each length).
 */
#define SEEN_SLOTS 1024   /* a power of two above 2 * SKEL_KEYS_MAX */

struct skel_work {
	struct skel q[SKEL_KEYS_MAX];
	uint64_t seen[SKEL_KEYS_MAX];
	uint16_t seen_at[SEEN_SLOTS];   /* 1 + index in seen; 0: empty */
	uint16_t lo[2][128], hi[2][128];
	uint16_t lo2[128][128], hi2[128][128];  /* two-long a, both ASCII */
	const struct tg__glyph_multi *m;
	size_t nm;
};

static void
skel_work_init(struct skel_work *w)
{
	size_t r, l;
	uint32_t c;

	w->m = coarse.m;
	w->nm = coarse.nm;
	memset(w->lo, 0, sizeof(w->lo));
	memset(w->hi, 0, sizeof(w->hi));
	memset(w->lo2, 0, sizeof(w->lo2));
	memset(w->hi2, 0, sizeof(w->hi2));
	memset(w->seen_at, 0, sizeof(w->seen_at));
	for (r = 0; r < w->nm; r++) {
		l = w->m[r].alen - 1;
		c = w->m[r].a[0];
		if (c >= 128 || l > 1)
			continue;
		if (w->hi[l][c] == 0)
			w->lo[l][c] = (uint16_t)r;
		w->hi[l][c] = (uint16_t)(r + 1);
		if (l == 1 && w->m[r].a[1] < 128) {
			uint32_t d = w->m[r].a[1];

			if (w->hi2[c][d] == 0)
				w->lo2[c][d] = (uint16_t)r;
			w->hi2[c][d] = (uint16_t)(r + 1);
		}
	}
}

/* Adds h to the seen set; 0 when it was there already. */
static int
seen_add(struct skel_work *w, size_t *nseen, uint64_t h)
{
	size_t at = (size_t)fmix(h) & (SEEN_SLOTS - 1);

	while (w->seen_at[at] != 0) {
		if (w->seen[w->seen_at[at] - 1] == h)
			return 0;
		at = (at + 1) & (SEEN_SLOTS - 1);
	}
	w->seen[*nseen] = h;
	w->seen_at[at] = (uint16_t)(++*nseen);
	return 1;
}

static void
seen_clear(struct skel_work *w, size_t nseen)
{
	size_t i, at;

	for (i = 0; i < nseen; i++) {
		at = (size_t)fmix(w->seen[i]) & (SEEN_SLOTS - 1);
		while (w->seen_at[at] != 0) {
			w->seen_at[at] = 0;
			at = (at + 1) & (SEEN_SLOTS - 1);
		}
	}
}

/*
 * Applies multi rule r at position i of q[head] (whose prefix hashes are
 * pre): a new skeleton goes to the queue, with its hash put together from
 * three pieces, and its code points only when it will be expanded again
 * (keep).  Returns 1 when it was new.
 */
static int
skel_apply(struct skel_work *w, size_t head, size_t i, size_t r,
    const uint64_t *pre, int keep, size_t *nq, size_t *nseen)
{
	const struct tg__glyph_multi *m = &w->m[r];
	const struct skel *src = &w->q[head];
	struct skel *dst;
	size_t rest = src->n - i - m->alen, dn = src->n - m->alen + m->blen;
	uint64_t h, hb;

	if (dn > TG__NAME_MAX || *nq == SKEL_KEYS_MAX)
		return 0;
	hb = m->blen == 2 ? (uint64_t)m->b[0] * HB + m->b[1] : m->b[0];
	h = pre[i] * pow_b[m->blen + rest] + hb * pow_b[rest] +
	    (src->h - pre[i + m->alen] * pow_b[rest]);
	if (!seen_add(w, nseen, h ^ dn))
		return 0;
	dst = &w->q[(*nq)++];
	dst->n = dn;
	dst->h = h;
	if (keep) {
		memcpy(dst->s, src->s, i * sizeof(uint32_t));
		memcpy(dst->s + i, m->b, m->blen * sizeof(uint32_t));
		memcpy(dst->s + i + m->blen, src->s + i + m->alen,
		    rest * sizeof(uint32_t));
	}
	return 1;
}

/*
 * Rule r applied at once to the occurrences from..to of its side a in
 * q[0] (at pos[], left to right, apart): a new skeleton for the queue.
 * dnstwist's homoglyph fuzzer replaces every occurrence of a letter in
 * a window of the name ("bobbs" -> "bolblbs" in one step), which would
 * otherwise take one rule per occurrence.
 */
static void
skel_group(struct skel_work *w, size_t r, const size_t *pos, size_t from,
    size_t to, size_t *nq, size_t *nseen)
{
	const struct tg__glyph_multi *m = &w->m[r];
	const struct skel *src = &w->q[0];
	struct skel *dst;
	size_t dn = src->n + (to - from + 1) * m->blen -
	    (to - from + 1) * m->alen, i, k, o = 0;

	if (dn > TG__NAME_MAX || *nq == SKEL_KEYS_MAX)
		return;
	dst = &w->q[*nq];
	for (i = 0, k = from; i < src->n;) {
		if (k <= to && i == pos[k]) {
			memcpy(dst->s + o, m->b, m->blen * sizeof(uint32_t));
			o += m->blen;
			i += m->alen;
			k++;
			continue;
		}
		dst->s[o++] = src->s[i++];
	}
	dst->n = dn;
	dst->h = poly(dst->s, dn);
	if (seen_add(w, nseen, dst->h ^ dn))
		(*nq)++;
}

/* Each rule on two or more of its occurrences at once (skel_group()),
 * in the registrable label (ASCII sides only: the others are rare). */
static void
push_groups(struct skel_work *w, size_t base, size_t *nq, size_t *nseen)
{
	const struct skel *src = &w->q[0];
	size_t pos[TG__NAME_MAX + 1], np, i, r, from, to, l;
	unsigned char seen_c[128];

	memset(seen_c, 0, sizeof(seen_c));
	for (i = 0; i < base; i++) {
		uint32_t c = src->s[i];

		if (c >= 128 || seen_c[c])
			continue;
		seen_c[c] = 1;
		for (l = 0; l < 2; l++)
			for (r = w->lo[l][c]; r < w->hi[l][c]; r++) {
				const struct tg__glyph_multi *m = &w->m[r];
				size_t k;

				for (np = 0, k = i; k + m->alen <= base;) {
					if (src->s[k] == m->a[0] &&
					    (m->alen == 1 ||
					    src->s[k + 1] == m->a[1])) {
						pos[np++] = k;
						k += m->alen;
					} else {
						k++;
					}
				}
				for (from = 0; from + 1 < np; from++)
					for (to = from + 1; to < np; to++)
						skel_group(w, r, pos, from, to,
						    nq, nseen);
			}
	}
}

/* Skeleton keys: the skeleton, and what up to two multi rules make of it
 * (breadth first, duplicates dropped), a rule on several occurrences at
 * once counting as one. */
static int
push_skeletons(tg_index *ix, const struct tg__name *nm, uint32_t id,
    struct skel_work *w)
{
	const struct tg__glyph_multi *m = w->m;
	struct skel *q = w->q;
	uint64_t pre[TG__NAME_MAX + 2];
	size_t nq, head = 0, depth_end, i, r, k, nseen = 0, lo, hi;
	int depth, rc = TG_OK;

	coarse_skeleton(nm->cp, nm->n, q[0].s);
	q[0].n = nm->n;
	q[0].h = poly(q[0].s, q[0].n);
	seen_add(w, &nseen, q[0].h ^ q[0].n);
	nq = 1;
	for (depth = 0; depth < 2; depth++) {
		for (depth_end = nq; head < depth_end; head++) {
			const struct skel *src = &q[head];
			/* the base as the rules before moved its end */
			size_t base = nm->base + src->n - nm->n;

			pre[0] = 0;
			for (i = 0; i < src->n; i++)
				pre[i + 1] = pre[i] * HB + src->s[i];
			for (i = 0; i < src->n; i++) {
				uint32_t c = src->s[i];

				/* The rules, in their order, whose a starts
				 * with c: a run for each length of a. */
				if (c >= 128) {
					for (r = 0; r < w->nm; r++)
						if (m[r].a[0] == c &&
						    i + m[r].alen <= base &&
						    (m[r].alen == 1 ||
						    src->s[i + 1] == m[r].a[1]))
							skel_apply(w, head, i,
							    r, pre, depth == 0,
							    &nq, &nseen);
					continue;
				}
				/* Below 128 a run holds only rules whose a
				 * starts with c and is run + 1 long. */
				if (i >= base)
					continue;
				for (r = w->lo[0][c]; r < w->hi[0][c]; r++)
					skel_apply(w, head, i, r, pre,
					    depth == 0, &nq, &nseen);
				if (i + 1 >= base)
					continue;
				/* Sorted by a: those with this a[1] are a run
				 * of their own. */
				if (src->s[i + 1] < 128) {
					lo = w->lo2[c][src->s[i + 1]];
					hi = w->hi2[c][src->s[i + 1]];
				} else {
					lo = w->lo[1][c];
					hi = w->hi[1][c];
				}
				for (r = lo; r < hi; r++)
					if (src->s[i + 1] == m[r].a[1])
						skel_apply(w, head, i, r, pre,
						    depth == 0, &nq, &nseen);
			}
		}
		/* groups after the single rules: one rule more on them */
		if (depth == 0)
			push_groups(w, nm->base, &nq, &nseen);
	}
	seen_clear(w, nseen);
	for (k = 0; k < nq && rc == TG_OK; k++)
		rc = push_key(ix, key(q[k].h, q[k].n, F_SKEL), id, KT_SKEL);
	return rc;
}

/* Base keys: the base; the base with the suffix typed into it. */
static int
push_bases(tg_index *ix, const struct tg__name *nm, uint32_t id)
{
	uint32_t s[TG__NAME_MAX + 2];
	size_t i, n;
	int rc, hyphen;

	if ((rc = push_key(ix, key(poly(nm->cp, nm->base), nm->base, F_BASE),
	    id, KT_EDIT)) != TG_OK)
		return rc;
	for (hyphen = 0; hyphen <= 1; hyphen++) {
		memcpy(s, nm->cp, nm->base * sizeof(*s));
		n = nm->base;
		if (hyphen)
			s[n++] = '-';
		for (i = nm->base + 1; i < nm->n && n < TG__NAME_MAX; i++)
			if (nm->cp[i] != '.')
				s[n++] = nm->cp[i];
			else if (hyphen)
				s[n++] = '-';
		if ((rc = push_key(ix, key(poly(s, n), n, F_BASE), id,
		    KT_EDIT)) != TG_OK)
			return rc;
	}
	return TG_OK;
}

/* The bucket of key k among n, and its fingerprint there. */
static size_t
kb_of(uint64_t k, size_t n)
{
	return (size_t)(((k >> 32) * (uint64_t)n) >> 32);
}

static uint16_t
kb_fp(uint64_t k)
{
	uint16_t fp = (uint16_t)k;

	if (fp == 0)
		return 1;
	return fp == KB_OVERFLOW ? KB_OVERFLOW - 1 : fp;
}

static int
pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorts a bucket's keys by key, then entry: mostly a handful. */
static void
pending_sort(struct pending *p, size_t n)
{
	size_t i, j;

	if (n > 32) {
		qsort(p, n, sizeof(*p), pending_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		struct pending t = p[i];

		for (j = i; j > 0 && (t.k < p[j - 1].k ||
		    (t.k == p[j - 1].k && t.id < p[j - 1].id)); j--)
			p[j] = p[j - 1];
		p[j] = t;
	}
}

/* Average keys per bucket: about one bucket in fifty overflows its
 * KB_LANES lanes (a binary search more for its keys), and the table is a
 * fifth smaller than at a load of 16, so more of it stays in cache. */
#define KB_LOAD 20

static void
ktable_free(struct ktable *kt)
{
	tg__free(kt->kb_mem);
	tg__free(kt->rec);
	tg__free(kt->ovf);
	memset(kt, 0, sizeof(*kt));
}

/*
 * One pass over the pending keys for every table: n[t] gets the number of
 * keys of table t, start[t][b + 1] (allocated here, freed by the caller)
 * the number in its bucket b.
 */
static int
count_tables(const tg_index *ix, size_t *n, size_t **start)
{
	const struct pending *p;
	size_t i, t, nkb[KT_COUNT];

	for (t = 0; t < KT_COUNT; t++)
		n[t] = 0;
	for (i = 0; i < ix->npending; i++)
		n[ix->pending[i].table]++;
	for (t = 0; t < KT_COUNT; t++) {
		nkb[t] = n[t] / KB_LOAD + 1;
		if (nkb[t] > UINT32_MAX || n[t] > UINT32_MAX)
			return TG_ENOMEM;
		start[t] = tg__calloc(nkb[t] + 1, sizeof(*start[t]));
		if (start[t] == NULL)
			return TG_ENOMEM;
	}
	for (i = 0; i < ix->npending; i++) {
		p = &ix->pending[i];
		start[p->table][kb_of(p->k, nkb[p->table]) + 1]++;
	}
	return TG_OK;
}

/* Builds key table t from its n pending keys, counted by bucket in start
 * (count_tables()). */
static int
build_table(tg_index *ix, enum ktable_id t, size_t n, size_t *start)
{
	struct ktable *kt = &ix->kt[t];
	struct pending *sorted = NULL, *p;
	size_t nkb, b, i, m, lanes, capovf = 0;
	int rc = TG_ENOMEM;

	_Static_assert(sizeof(struct kbucket) == 64, "a bucket is a line");
	nkb = n / KB_LOAD + 1;
	sorted = tg__malloc((n ? n : 1) * sizeof(*sorted));
	kt->kb_mem = tg__malloc(nkb * sizeof(struct kbucket) + 63);
	kt->rec = tg__malloc((n ? n : 1) * sizeof(*kt->rec));
	if (sorted == NULL || kt->kb_mem == NULL || kt->rec == NULL)
		goto out;
	kt->kb = (struct kbucket *)(((uintptr_t)kt->kb_mem + 63) &
	    ~(uintptr_t)63);
	kt->nkb = nkb;
	memset(kt->kb, 0, nkb * sizeof(struct kbucket));
	/* Counting sort by bucket. */
	for (b = 0; b < nkb; b++)
		start[b + 1] += start[b];
	for (i = 0; i < ix->npending; i++)
		if (ix->pending[i].table == t)
			sorted[start[kb_of(ix->pending[i].k, nkb)]++] =
			    ix->pending[i];
	for (b = nkb; b > 0; b--)
		start[b] = start[b - 1];
	start[0] = 0;
	kt->nrec = 0;
	for (b = 0; b < nkb; b++) {
		struct kbucket *kb = &kt->kb[b];

		p = sorted + start[b];
		m = start[b + 1] - start[b];
		pending_sort(p, m);
		/* One entry may yield the same key twice (a name with a
		 * doubled letter): keep one. */
		for (i = 0, lanes = 0; i < m; i++) {
			if (lanes > 0 && p[i].k == p[lanes - 1].k &&
			    p[i].id == p[lanes - 1].id)
				continue;
			p[lanes++] = p[i];
		}
		m = lanes;
		kb->rec = (uint32_t)kt->nrec;
		lanes = m <= KB_LANES ? m : KB_LANES - 1;
		for (i = 0; i < lanes; i++) {
			kb->fp[i] = kb_fp(p[i].k);
			kt->rec[kt->nrec].id = p[i].id;
			kt->rec[kt->nrec].check = (uint16_t)(p[i].k >> 16);
			kt->rec[kt->nrec].spare = 0;
			kt->nrec++;
		}
		if (m <= KB_LANES)
			continue;
		kb->fp[KB_LANES - 1] = KB_OVERFLOW;
		for (; i < m; i++) {
			if (kt->novf == capovf) {
				size_t ncap = capovf ? capovf * 2 : 64;
				struct pending *no = tg__realloc(kt->ovf,
				    ncap * sizeof(*no));

				if (no == NULL)
					goto out;
				kt->ovf = no;
				capovf = ncap;
			}
			kt->ovf[kt->novf++] = p[i];
		}
	}
	if (kt->novf > 0)
		qsort(kt->ovf, kt->novf, sizeof(*kt->ovf), pending_cmp);
	ix->nkeys += n;
	rc = TG_OK;
out:
	tg__free(sorted);
	if (rc != TG_OK)
		ktable_free(kt);
	return rc;
}

/* The size of entry e's block in the arena. */
static size_t
block_size(const struct tg__entry *e)
{
	size_t head = (sizeof(*e) + 7) & ~(size_t)7;

	return (head + (e->nm.n + 1) * sizeof(uint32_t) + e->alen + 1 + 7) &
	    ~(size_t)7;
}

/*
 * Moves the entries into one arena, each block holding the entry, its
 * code points and its name, so that a hit reads one place; then the key
 * records and the name map are given arena offsets for entry numbers.
 * Nothing changes when it fails.
 */
static int
build_arena(tg_index *ix)
{
	size_t i, t, total = 0, head = (sizeof(struct tg__entry) + 7) &
	    ~(size_t)7;
	uint32_t *off;
	char *arena;

	for (i = 0; i < ix->nent; i++)
		total += block_size(&ix->ent[i]);
	if (total / 8 > UINT32_MAX)
		return TG_ENOMEM;
	off = tg__malloc((ix->nent ? ix->nent : 1) * sizeof(*off));
	arena = tg__malloc(total ? total : 8);
	if (off == NULL || arena == NULL) {
		tg__free(off);
		tg__free(arena);
		return TG_ENOMEM;
	}
	for (i = 0, total = 0; i < ix->nent; i++) {
		const struct tg__entry *e = &ix->ent[i];
		struct tg__entry *b = (struct tg__entry *)(void *)(arena +
		    total);
		uint32_t *cp = (uint32_t *)(void *)(arena + total + head);

		off[i] = (uint32_t)(total / 8);
		*b = *e;
		memcpy(cp, e->nm.cp, (e->nm.n + 1) * sizeof(uint32_t));
		b->nm.cp = cp;
		b->alabel = (char *)(cp + e->nm.n + 1);
		memcpy(b->alabel, e->alabel, e->alen + 1);
		b->regdom = b->alabel + (e->regdom - e->alabel);
		total += block_size(e);
	}
	for (t = 0; t < KT_COUNT; t++) {
		for (i = 0; i < ix->kt[t].nrec; i++)
			ix->kt[t].rec[i].id = off[ix->kt[t].rec[i].id];
		for (i = 0; i < ix->kt[t].novf; i++)
			ix->kt[t].ovf[i].id = off[ix->kt[t].ovf[i].id];
	}
	for (i = 0; i < ix->names.count; i++)
		if (ix->names.rec[i].lists & (1u << TG_LIST_PROTECTED))
			ix->names.rec[i].v = off[ix->names.rec[i].v];
	for (i = 0; i < ix->nent; i++)
		tg__free((void *)ix->ent[i].nm.cp);
	tg__free(ix->ent);
	ix->ent = NULL;
	ix->capent = 0;
	ix->arena = arena;
	ix->arena_size = total;
	ix->ent_off = off;
	return TG_OK;
}

int
tg_index_seal(tg_index *ix, struct tg_error *err)
{
	struct skel_work *work;
	size_t i, nk[KT_COUNT], *kstart[KT_COUNT] = { NULL };
	int rc = TG_OK, t;

	if (ix == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_index_seal: NULL index");
	if (ix->sealed)
		return tg__error_set(err, TG_ESTATE, TG_NO_OFFSET,
		    "the index is already sealed");
	pthread_once(&coarse_once, coarse_init);
	work = tg__malloc(sizeof(*work));
	if (work == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	skel_work_init(work);
	ix->npending = 0;
	for (i = 0; i < ix->nent && rc == TG_OK; i++) {
		const struct tg__entry *e = &ix->ent[i];
		uint32_t id = (uint32_t)i;

		if (e->flags & TG__ENTRY_RULE) {
			rc = push_dels(ix, e->nm.cp, e->nm.n, F_RULE, id);
			continue;
		}
		if (e->nm.labels < 128)
			ix->label_mask[e->nm.labels / 64] |=
			    1ull << (e->nm.labels % 64);
		rc = push_dels(ix, e->nm.cp, e->nm.n, F_DEL, id);
		if (rc == TG_OK)
			rc = push_skeletons(ix, &e->nm, id, work);
		if (rc == TG_OK)
			rc = push_bases(ix, &e->nm, id);
	}
	tg__free(work);
	ix->nkeys = 0;
	if (rc == TG_OK)
		rc = count_tables(ix, nk, kstart);
	for (t = 0; t < KT_COUNT && rc == TG_OK; t++)
		rc = build_table(ix, (enum ktable_id)t, nk[t], kstart[t]);
	for (t = 0; t < KT_COUNT; t++)
		tg__free(kstart[t]);
	if (rc == TG_OK)
		rc = build_name_filter(ix);
	if (rc == TG_OK)
		rc = build_arena(ix);
	if (rc != TG_OK) {
		for (t = 0; t < KT_COUNT; t++)
			ktable_free(&ix->kt[t]);
		tg__free(ix->name_filter);
		ix->name_filter = NULL;
	}
	tg__free(ix->pending);
	ix->pending = NULL;
	ix->npending = ix->cappending = 0;
	if (rc != TG_OK)
		return tg__error_set(err, rc, TG_NO_OFFSET, "out of memory");
	ix->sealed = 1;
	tg__error_clear(err);
	return TG_OK;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

const struct tg__entry *
tg__index_entry(const tg_index *ix, const char *name, size_t len)
{
	const struct strslot *s;

	s = tg__strmap_get(&ix->names, name, len);
	return s != NULL && (s->lists & (1u << TG_LIST_PROTECTED)) ?
	    ent_at(ix, s->v) : NULL;
}

/* A hit to confirm: entry id, against the recipient name from code point
 * start on. */
struct hit {
	uint32_t id;            /* arena offset of the entry */
	uint16_t start;
};

#define HITS_MAX 128

struct lookup {
	const tg_index *ix;
	struct hit hit[HITS_MAX];
	size_t nhit;
	int more;
	uint32_t matched[HITS_MAX];   /* entries confirmed on the whole name */
	size_t nmatched;
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
whole_matched(const struct lookup *lk, size_t i)
{
	size_t k;

	for (k = 0; k < lk->nmatched; k++)
		if (lk->matched[k] == lk->hit[i].id)
			return 1;
	return 0;
}

static void
add_hit(struct lookup *lk, uint32_t id, size_t start)
{
	size_t i;

	for (i = 0; i < lk->nhit; i++)
		if (lk->hit[i].id == id && lk->hit[i].start == start)
			return;
	if (lk->nhit == HITS_MAX) {
		lk->more = 1;
		return;
	}
	lk->hit[lk->nhit].id = id;
	lk->hit[lk->nhit].start = (uint16_t)start;
	lk->nhit++;
}

/* The lanes of bucket b that hold fingerprint fp, one bit each. */
static uint32_t
kb_match(const struct kbucket *b, uint16_t fp)
{
#if defined(__SSE2__)
	const __m128i *v = (const __m128i *)(const void *)b;
	__m128i f = _mm_set1_epi16((short)fp);
	__m128i lo = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_load_si128(v), f),
	    _mm_cmpeq_epi16(_mm_load_si128(v + 1), f));
	__m128i hi = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_load_si128(v + 2), f),
	    _mm_cmpeq_epi16(_mm_load_si128(v + 3), f));

	return ((uint32_t)_mm_movemask_epi8(lo) |
	    (uint32_t)_mm_movemask_epi8(hi) << 16) & ((1u << KB_LANES) - 1);
#else
	uint32_t m = 0;
	size_t l;

	for (l = 0; l < KB_LANES; l++)
		m |= (uint32_t)(b->fp[l] == fp) << l;
	return m;
#endif
}

/* Keys that did not fit their bucket. */
static void
probe_overflow(struct lookup *lk, const struct ktable *kt, uint64_t k,
    size_t start)
{
	size_t lo = 0, hi = kt->novf;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kt->ovf[mid].k < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < kt->novf && kt->ovf[lo].k == k; lo++)
		add_hit(lk, kt->ovf[lo].id, start);
}

/*
 * The keys of one recipient name are probed together: first every
 * bucket is fetched, then matched, so the cache misses overlap instead of
 * following one another.
 */
#define KEYS_MAX (2 * TG__NAME_MAX + 8)

struct keyset {
	uint64_t k[KEYS_MAX];
	unsigned char t[KEYS_MAX];      /* enum ktable_id */
	size_t n;
};

static void
probe_all(struct lookup *lk, const struct keyset *ks, size_t start)
{
	const tg_index *ix = lk->ix;
	const struct ktable *kt[KEYS_MAX];
	const struct kbucket *b[KEYS_MAX];
	const struct krec *r[KEYS_MAX];
	uint16_t rk[KEYS_MAX];
	size_t i, nr;
	int slow = 0;

	for (i = 0; i < ks->n; i++) {
		kt[i] = &ix->kt[ks->t[i]];
		b[i] = &kt[i]->kb[kb_of(ks->k[i], kt[i]->nkb)];
		__builtin_prefetch(b[i]);
	}
	/* The records of the lanes that match, fetched together too. */
	for (i = 0, nr = 0; i < ks->n; i++) {
		uint32_t m = kb_match(b[i], kb_fp(ks->k[i]));

		while (m != 0 && nr < KEYS_MAX) {
			r[nr] = &kt[i]->rec[b[i]->rec +
			    (uint32_t)__builtin_ctz(m)];
			__builtin_prefetch(r[nr]);
			rk[nr++] = (uint16_t)(ks->k[i] >> 16);
			m &= m - 1;
		}
		if (m != 0 || b[i]->fp[KB_LANES - 1] == KB_OVERFLOW)
			slow = 1;
	}
	if (slow) {
		/* Many lanes match (hardly ever) or a bucket overflowed:
		 * one key at a time. */
		for (i = 0; i < ks->n; i++) {
			uint64_t k = ks->k[i];
			uint32_t m = kb_match(b[i], kb_fp(k));

			for (; m != 0; m &= m - 1) {
				const struct krec *x = &kt[i]->rec[b[i]->rec +
				    (uint32_t)__builtin_ctz(m)];

				if (x->check == (uint16_t)(k >> 16))
					add_hit(lk, x->id, start);
			}
			if (b[i]->fp[KB_LANES - 1] == KB_OVERFLOW)
				probe_overflow(lk, kt[i], k, start);
		}
		return;
	}
	for (i = 0; i < nr; i++)
		if (r[i]->check == rk[i]) {
			const char *e = (const char *)ent_at(ix, r[i]->id);

			/* The entry's block: three lines for most names. */
			__builtin_prefetch(e);
			__builtin_prefetch(e + 64);
			__builtin_prefetch(e + 128);
			add_hit(lk, r[i]->id, start);
		}
}

static void
ks_add(struct keyset *ks, uint64_t k, enum ktable_id t)
{
	ks->k[ks->n] = k;
	ks->t[ks->n++] = (unsigned char)t;
}

static void
probe_name(struct lookup *lk, const struct tg__name *q, size_t start)
{
	const uint32_t *s = q->cp + start;
	size_t n = q->n - start, base = q->base - start, i;
	uint64_t pre[TG__NAME_MAX + 2], suf[TG__NAME_MAX + 2];
	uint32_t sk[TG__NAME_MAX + 1];
	struct keyset ks;

	ks.n = 0;
	poly_tables(s, n, pre, suf);
	ks_add(&ks, key(pre[n], n, F_DEL), KT_EDIT);
	for (i = 0; i < n; i++)
		ks_add(&ks, key(poly_del(pre, suf, n, i), n - 1, F_DEL),
		    KT_EDIT);
	/* Plural "es": the name without it. */
	for (i = 0; i + 1 < base && ks.n + 2 < KEYS_MAX; i++)
		if (s[i] == 'e' && s[i + 1] == 's')
			ks_add(&ks, key(pre[i] * pow_b[n - i - 2] +
			    suf[i + 2], n - 2, F_DEL), KT_EDIT);
	coarse_skeleton(s, n, sk);
	ks_add(&ks, key(poly(sk, n), n, F_SKEL), KT_SKEL);
	ks_add(&ks, key(pre[base], base, F_BASE), KT_EDIT);
	probe_all(lk, &ks, start);
}

static void
probe_rules(struct lookup *lk, const struct tg__name *q)
{
	const uint32_t *s = q->cp + q->base + 1;
	size_t n = q->n - q->base - 1, i;
	uint64_t pre[TG__NAME_MAX + 2], suf[TG__NAME_MAX + 2];
	struct keyset ks;

	poly_tables(s, n, pre, suf);
	ks.n = 0;
	ks_add(&ks, key(pre[n], n, F_RULE), KT_RULE);
	for (i = 0; i < n; i++)
		ks_add(&ks, key(poly_del(pre, suf, n, i), n - 1, F_RULE),
		    KT_RULE);
	probe_all(lk, &ks, 0);
}

/* The byte offset in alabel of label number k (0 = the first). */
static size_t
label_offset(const char *alabel, size_t len, size_t k)
{
	size_t i;

	for (i = 0; i < len && k > 0; i++)
		if (alabel[i] == '.')
			k--;
	return i;
}

static int
strict_for(const struct tg__entry *e, const char *tld, size_t n)
{
	size_t i;

	for (i = 0; i < e->nstrict; i++)
		if (strlen(e->strict[i]) == n && memcmp(e->strict[i], tld, n) == 0)
			return 1;
	return 0;
}

static int
cand_cmp(const struct tg_candidate *a, const struct tg_candidate *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->plausibility != b->plausibility)
		return a->plausibility > b->plausibility ? -1 : 1;
	return strcmp(a->domain, b->domain);
}

/* Adds or merges a candidate, keeping the list sorted. */
static void
add_candidate(struct tg_check *out, const struct tg_candidate *c)
{
	size_t i, at;

	for (i = 0; i < out->ncandidates; i++) {
		struct tg_candidate *o = &out->candidates[i];

		if (strcmp(o->domain, c->domain) != 0)
			continue;
		/* The same intended domain by a named entry and a rule:
		 * one candidate, the named entry's if it scores as well. */
		o->kinds |= c->kinds;
		if (cand_cmp(c, o) < 0 || (c->score == o->score &&
		    o->entry[0] == '.' && c->entry[0] != '.')) {
			unsigned k = o->kinds;

			memmove(o, c, sizeof(*o));
			o->kinds = k;
		}
		goto sort;
	}
	if (out->ncandidates == TG_CANDIDATES_MAX) {
		out->flags |= TG_CHECK_MORE;
		if (cand_cmp(c, &out->candidates[TG_CANDIDATES_MAX - 1]) >= 0)
			return;
		out->ncandidates--;
	}
	out->candidates[out->ncandidates++] = *c;
sort:
	/* Insertion sort: at most TG_CANDIDATES_MAX entries. */
	for (i = 1; i < out->ncandidates; i++) {
		struct tg_candidate t = out->candidates[i];

		for (at = i; at > 0 &&
		    cand_cmp(&t, &out->candidates[at - 1]) < 0; at--)
			out->candidates[at] = out->candidates[at - 1];
		out->candidates[at] = t;
	}
}

static int
local_equal(const struct tg_addr *a, const struct tg_addr *b)
{
	size_t i;

	if (a->local_len != b->local_len || a->local_len == 0)
		return 0;
	for (i = 0; i < a->local_len; i++) {
		unsigned char x = (unsigned char)a->local[i];
		unsigned char y = (unsigned char)b->local[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/* tg__exposure(), with the part that depends on the recipient alone
 * worked out once (*base starts at TG_EXPOSURE_COUNT). */
static enum tg_exposure
exposure(const tg_index *ix, const struct tg_domain *d,
    enum tg_exposure *base, size_t sfx_alen, const char *entry_reg)
{
	if (*base == TG_EXPOSURE_COUNT)
		*base = tg__exposure_base(ix->sfx, d->alabel, d->alabel_len,
		    sfx_alen);
	return tg__exposure_for(*base, d->alabel, d->alabel_len, entry_reg);
}

/* The hits in order of start, then entry: a handful, mostly sorted. */
static void
hits_sort(struct hit *h, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct hit t = h[i];

		for (j = i; j > 0 && hit_cmp(&t, &h[j - 1]) < 0; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
}

static void
find_candidates(const tg_index *ix, const struct tg_domain *d,
    const struct tg__name *q, size_t sfx_alen, int self_forward,
    struct tg_check *out)
{
	struct lookup lk;
	enum tg_exposure exp_base = TG_EXPOSURE_COUNT;
	size_t i, start, labels_left, base_labels = 1;

	for (i = 0; i < q->base; i++)
		base_labels += q->cp[i] == '.';
	lk.ix = ix;
	lk.nhit = 0;
	lk.more = 0;
	lk.nmatched = 0;
	/* Every label suffix that still holds the registrable label and
	 * has about as many labels as some protected name. */
	for (start = 0, labels_left = q->labels; start <= q->reg;
	    labels_left--) {
		size_t lo = labels_left > 1 ? labels_left - 1 : 0;
		size_t hi = labels_left + 1;
		int want = 0;

		for (i = lo; i <= hi && i < 128; i++)
			if (ix->label_mask[i / 64] & (1ull << (i % 64)))
				want = 1;
		if (want)
			probe_name(&lk, q, start);
		while (start < q->reg && q->cp[start] != '.')
			start++;
		if (start >= q->reg)
			break;
		start++;
	}
	probe_rules(&lk, q);
	if (lk.more)
		out->flags |= TG_CHECK_MORE;

	/* Hits on the whole name first: when the whole name is one slip
	 * from an entry (t.hamstic.co.nz, a dot inserted), the same entry
	 * found again under a "subdomain" (t. over hamstic.co.nz, an
	 * omission) is not another reading. */
	hits_sort(lk.hit, lk.nhit);
	for (i = 0; i < lk.nhit; i++) {
		const struct tg__entry *e = ent_at(ix, lk.hit[i].id);

		if (lk.hit[i].start > 0 && whole_matched(&lk, i))
			continue;
		struct tg_candidate c;
		struct tg__name s;
		unsigned kinds;
		double pl;
		size_t off, k;

		start = lk.hit[i].start;
		if (e->flags & TG__ENTRY_RULE) {
			const char *tld;
			size_t tn;

			kinds = tg__classify_rule(e->nm.cp, e->nm.n, q, &ix->w,
			    e->layouts, &pl) & ix->kinds & e->kinds;
			if (kinds == 0)
				continue;
			/* A busy TLD where only names in the list count:
			 * those come as candidates of their own. */
			off = label_offset(d->alabel, d->alabel_len,
			    base_labels);
			tld = d->alabel + off;
			tn = d->alabel_len - off;
			if (strict_for(e, tld, tn))
				continue;
			if (off + e->alen + 1 > sizeof(c.domain))
				continue;
			memcpy(c.domain, d->alabel, off);
			memcpy(c.domain + off, e->alabel, e->alen + 1);
			c.entry[0] = '.';
			memcpy(c.entry + 1, e->alabel, e->alen + 1);
			c.exposure = exposure(ix, d, &exp_base, sfx_alen, "");
		} else {
			s = *q;
			s.cp = q->cp + start;
			s.n = q->n - start;
			s.base = q->base - start;
			s.reg = q->reg - start;
			for (k = 0, s.labels = 1; k < s.n; k++)
				s.labels += s.cp[k] == '.';
			kinds = tg__classify(ix->sfx, &e->nm, &s, &ix->w,
			    e->layouts, ix->kinds & e->kinds, &pl);
			if (kinds == 0)
				continue;
			off = label_offset(d->alabel, d->alabel_len,
			    q->labels - s.labels);
			if (off + e->alen + 1 > sizeof(c.domain))
				continue;
			memcpy(c.domain, d->alabel, off);
			memcpy(c.domain + off, e->alabel, e->alen + 1);
			memcpy(c.entry, e->alabel, e->alen + 1);
			c.exposure = exposure(ix, d, &exp_base, sfx_alen,
			    e->regdom);
		}
		if (start == 0)
			lk.matched[lk.nmatched < HITS_MAX ? lk.nmatched++ :
			    HITS_MAX - 1] = lk.hit[i].id;
		c.kinds = kinds;
		c.plausibility = pl;
		c.score = tg__score(pl, c.exposure, self_forward);
		add_candidate(out, &c);
	}
}

static void
domain_clear(struct tg_domain *d)
{
	d->flags = 0;
	d->alabel_len = 0;
	d->alabel[0] = d->ulabel[0] = d->suffix[0] = d->registrable[0] = '\0';
}

static void
str_copy(char *dst, const char *src)
{
	memcpy(dst, src, strlen(src) + 1);
}

/* *dst = *src, without the bytes after each string's end. */
static void
domain_copy(struct tg_domain *dst, const struct tg_domain *src)
{
	dst->flags = src->flags;
	dst->alabel_len = src->alabel_len;
	memcpy(dst->alabel, src->alabel, src->alabel_len + 1);
	str_copy(dst->ulabel, src->ulabel);
	str_copy(dst->suffix, src->suffix);
	str_copy(dst->registrable, src->registrable);
}

int
tg_check(const tg_index *ix, const char *rcpt, size_t len,
    const char *sender, size_t slen, struct tg_check *out)
{
	struct tg_addr addr, from;
	struct tg__namebuf nb;
	struct suffixes sx;
	const struct tg_domain *d;
	const struct tg__entry *e;
	const char *allow, *legit;
	int rc, is_addr, self = 0, named;

	if (out == NULL)
		return TG_EINVAL;
	/* Every field is set, but only up to the end of each string: the
	 * result is 2.9 KB and most of it is never read. */
	out->verdict = TG_VERDICT_INVALID;
	out->flags = 0;
	domain_clear(&out->domain);
	out->suggestion[0] = '\0';
	out->reason[0] = '\0';
	out->ncandidates = 0;
	out->error.code = TG_OK;
	out->error.has_offset = 0;
	out->error.offset = 0;
	out->error.line = out->error.column = 0;
	out->error.message[0] = '\0';
	if (ix == NULL || (rcpt == NULL && len > 0))
		return tg__error_set(&out->error, TG_EINVAL, TG_NO_OFFSET,
		    "tg_check: NULL argument");
	if (!ix->sealed)
		return tg__error_set(&out->error, TG_ESTATE, TG_NO_OFFSET,
		    "the index is not sealed");
	is_addr = len > 0 && memchr(rcpt, '@', len) != NULL;
	if (is_addr) {
		rc = tg_addr_parse(ix->ctx, rcpt, len, 0, &addr, &out->error);
		if (rc != TG_OK)
			return rc;
		d = &addr.domain;
		out->flags |= TG_CHECK_ADDRESS;
	} else {
		rc = tg_domain_parse(ix->ctx, rcpt, len, &out->domain,
		    &out->error);
		if (rc != TG_OK)
			return rc;
		d = &out->domain;
	}
	if (d != &out->domain)
		domain_copy(&out->domain, d);
	d = &out->domain;
	if (is_addr && sender != NULL && slen > 0 &&
	    tg_addr_parse(ix->ctx, sender, slen, 0, &from, NULL) == TG_OK &&
	    local_equal(&addr, &from)) {
		self = 1;
		out->flags |= TG_CHECK_SELF_FORWARD;
	}
	out->verdict = TG_VERDICT_CLEAN;
	if (d->flags & TG_DOMAIN_LITERAL)
		return TG_OK;
	lists_prepare(ix, d->alabel, d->alabel_len, d->alabel_len, SIZE_MAX,
	    STR_BASIS, &sx);
	named = tg__name_from_domain(ix->sfx, d, &nb) == TG_OK;
	lists_resolve(ix, &sx, NULL, &e, &allow, &legit);
	if (e != NULL) {
		out->verdict = TG_VERDICT_PROTECTED;
		snprintf(out->reason, sizeof(out->reason), "protected: %s%s",
		    (e->flags & TG__ENTRY_RULE) ? "." : "", e->alabel);
		return TG_OK;
	}
	if (named && nb.nm.base > 0)
		find_candidates(ix, d, &nb.nm, nb.sfx_alen, self, out);
	if (allow != NULL) {
		out->verdict = TG_VERDICT_ALLOWED;
		snprintf(out->reason, sizeof(out->reason), "allowlist: %s",
		    allow);
	} else if (legit != NULL) {
		out->verdict = TG_VERDICT_ALLOWED;
		snprintf(out->reason, sizeof(out->reason),
		    "known legitimate: %s", legit);
	} else if (out->ncandidates > 0 &&
	    out->candidates[0].score >= ix->threshold) {
		out->verdict = TG_VERDICT_TYPO;
	}
	if (out->ncandidates > 0) {
		if (is_addr) {
			struct tg_domain *nd = &addr.domain;

			nd->alabel_len = strlen(out->candidates[0].domain);
			memcpy(nd->alabel, out->candidates[0].domain,
			    nd->alabel_len + 1);
			tg_addr_format(&addr, out->suggestion,
			    sizeof(out->suggestion));
		} else {
			snprintf(out->suggestion, sizeof(out->suggestion), "%s",
			    out->candidates[0].domain);
		}
	}
	return TG_OK;
}
