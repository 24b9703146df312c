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
 * answer.  A bitmap in front of the table answers most misses from cache.
 */
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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

static uint64_t
str_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return fmix(h ^ n);
}

/* ------------------------------------------------------------------ */
/* Exact-name sets                                                      */

static int
strmap_grow(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, at;
	struct strslot *ns = tg__calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return TG_ENOMEM;
	for (i = 0; i < m->cap; i++) {
		if (m->slot[i].s == NULL)
			continue;
		at = (size_t)m->slot[i].h & (ncap - 1);
		while (ns[at].s != NULL)
			at = (at + 1) & (ncap - 1);
		ns[at] = m->slot[i];
	}
	tg__free(m->slot);
	m->slot = ns;
	m->cap = ncap;
	return TG_OK;
}

static struct strslot *
strmap_find(const struct strmap *m, const char *s, size_t n, uint64_t h)
{
	size_t at;

	if (m->cap == 0)
		return NULL;
	at = (size_t)h & (m->cap - 1);
	while (m->slot[at].s != NULL) {
		if (m->slot[at].h == h && m->slot[at].n == n &&
		    memcmp(m->slot[at].s, s, n) == 0)
			return &m->slot[at];
		at = (at + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Adds s (copied) with value v; returns 1 when it was new, 0 when present
 * (the value is kept), or TG_ENOMEM. */
int
tg__strmap_add(struct strmap *m, const char *s, size_t n, uint32_t v)
{
	uint64_t h = str_hash(s, n);
	size_t at;
	char *copy;

	if (strmap_find(m, s, n, h) != NULL)
		return 0;
	if ((m->count + 1) * 2 > m->cap && strmap_grow(m) != TG_OK)
		return TG_ENOMEM;
	if ((copy = tg__strndup(s, n)) == NULL)
		return TG_ENOMEM;
	at = (size_t)h & (m->cap - 1);
	while (m->slot[at].s != NULL)
		at = (at + 1) & (m->cap - 1);
	m->slot[at].s = copy;
	m->slot[at].n = n;
	m->slot[at].h = h;
	m->slot[at].v = v;
	m->count++;
	m->bytes += n + 1;
	return 1;
}

const struct strslot *
tg__strmap_get(const struct strmap *m, const char *s, size_t n)
{
	return strmap_find(m, s, n, str_hash(s, n));
}

void
tg__index_lists(const tg_index *ix, const char *name, size_t len,
    const struct tg__entry **prot, const char **allow, const char **legit)
{
	const struct strslot *s;
	size_t i = 0;
	uint64_t h;

	*prot = NULL;
	*allow = *legit = NULL;
	for (;;) {
		h = str_hash(name + i, len - i);
		if (*prot == NULL && (s = strmap_find(
		    &ix->names[TG_LIST_PROTECTED], name + i, len - i, h)) != NULL)
			*prot = &ix->ent[s->v];
		if (*allow == NULL && (s = strmap_find(&ix->names[TG_LIST_ALLOW],
		    name + i, len - i, h)) != NULL)
			*allow = s->s;
		if (*legit == NULL && (s = strmap_find(&ix->names[TG_LIST_LEGIT],
		    name + i, len - i, h)) != NULL)
			*legit = s->s;
		while (i < len && name[i] != '.')
			i++;
		if (i++ >= len)
			return;
	}
}

void
tg__strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		tg__free(m->slot[i].s);
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
		struct tg__entry *e = &ix->ent[i];

		tg__free(e->alabel);
		tg__free((void *)e->nm.cp);
		for (k = 0; k < e->nstrict; k++)
			tg__free(e->strict[k]);
		tg__free(e->strict);
	}
	tg__free(ix->ent);
	for (i = 0; i < 3; i++)
		tg__strmap_free(&ix->names[i]);
	tg__free(ix->slot);
	tg__free(ix->bloom);
	tg__free(ix->pending);
	tg__free(ix);
	return NULL;
}

size_t
tg_index_count(const tg_index *ix, enum tg_list list)
{
	if (ix == NULL || (unsigned)list > TG_LIST_LEGIT)
		return 0;
	return ix->names[list].count;
}

size_t
tg_index_memory(const tg_index *ix)
{
	size_t i, n;

	if (ix == NULL)
		return 0;
	n = sizeof(*ix) + ix->capent * sizeof(*ix->ent) +
	    ix->nslot * sizeof(*ix->slot) + (ix->bloom_mask + 1) / 8;
	for (i = 0; i < 3; i++)
		n += ix->names[i].cap * sizeof(struct strslot) +
		    ix->names[i].bytes;
	for (i = 0; i < ix->nent; i++)
		n += ix->ent[i].alen + 1 + ix->ent[i].nm.n * sizeof(uint32_t);
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
	const char *name = sp->name;
	size_t len = sp->len, i, slen;
	unsigned flags;
	int rc;

	if (ix->sealed)
		return tg__error_set(err, TG_ESTATE, TG_NO_OFFSET,
		    "the index is sealed: no more entries");
	if (ix->names[list].count >= TG_LIST_MAX_ENTRIES)
		return tg__error_set(err, TG_ELIST_TOOMANY, sp->offset,
		    "more than %u entries in one list", TG_LIST_MAX_ENTRIES);
	rc = tg__domain_parse(ix->ctx, name + sp->rule, len - sp->rule,
	    sp->offset + sp->rule, &d, err);
	if (rc != TG_OK)
		return rc;
	if (d.flags & TG_DOMAIN_LITERAL)
		return tg__error_set(err, TG_ELIST_SYNTAX, sp->offset,
		    "an address literal is not a domain to list");
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
	if (list != TG_LIST_PROTECTED) {
		rc = tg__strmap_add(&ix->names[list], d.alabel, d.alabel_len, 0);
		return rc < 0 ? tg__error_set(err, rc, TG_NO_OFFSET,
		    "out of memory") : TG_OK;
	}
	if (tg__strmap_get(&ix->names[list], d.alabel, d.alabel_len) != NULL)
		return TG_OK;   /* listed twice: the first line counts */
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
	e->alabel = tg__strndup(d.alabel, d.alabel_len);
	e->nm = nb.nm;
	e->nm.cp = tg__malloc((nb.nm.n + 1) * sizeof(uint32_t));
	if (e->alabel == NULL || e->nm.cp == NULL)
		goto oom;
	memcpy((uint32_t *)e->nm.cp, nb.buf, nb.nm.n * sizeof(uint32_t));
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
	rc = tg__strmap_add(&ix->names[list], d.alabel, d.alabel_len,
	    (uint32_t)ix->nent);
	if (rc < 0)
		goto oom;
	ix->nent++;
	return TG_OK;
oom:
	tg__free(e->alabel);
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
push_key(tg_index *ix, uint64_t k, uint32_t id)
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
	ix->npending++;
	return TG_OK;
}

static int
push_dels(tg_index *ix, const uint32_t *s, size_t n, enum family f,
    uint32_t id)
{
	uint64_t pre[TG__NAME_MAX + 2], suf[TG__NAME_MAX + 2];
	size_t i;
	int rc;

	poly_tables(s, n, pre, suf);
	if ((rc = push_key(ix, key(pre[n], n, f), id)) != TG_OK)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = push_key(ix, key(poly_del(pre, suf, n, i), n - 1, f),
		    id)) != TG_OK)
			return rc;
	return TG_OK;
}

/* A skeleton being expanded; seal allocates SKEL_KEYS_MAX of them once. */
struct skel {
	uint32_t s[TG__NAME_MAX + 1];
	size_t n;
};

/* Skeleton keys: the skeleton, and what up to two multi rules make of it
 * (breadth first, duplicates dropped).  q is scratch space. */
static int
push_skeletons(tg_index *ix, const struct tg__name *nm, uint32_t id,
    struct skel *q)
{
	const struct tg__glyph_multi *m;
	uint64_t seen[SKEL_KEYS_MAX];
	size_t nq = 0, head = 0, depth_end, nm_rules, i, r, k, nseen = 0;
	int depth, rc = TG_OK;

	nm_rules = tg__glyph_multis(&m);
	tg__skeleton(nm->cp, nm->n, q[0].s);
	q[0].n = nm->n;
	seen[nseen++] = poly(q[0].s, q[0].n) ^ q[0].n;
	nq = 1;
	for (depth = 0; depth < 2; depth++) {
		depth_end = nq;
		for (; head < depth_end; head++) {
			for (i = 0; i < q[head].n; i++) {
				for (r = 0; r < nm_rules; r++) {
					struct skel *src = &q[head], *dst;
					uint64_t h;

					if (i + m[r].alen > nm->base ||
					    memcmp(src->s + i, m[r].a,
					    m[r].alen * sizeof(uint32_t)) != 0)
						continue;
					if (src->n - m[r].alen + m[r].blen >
					    TG__NAME_MAX || nq == SKEL_KEYS_MAX)
						continue;
					dst = &q[nq];
					memcpy(dst->s, src->s, i * sizeof(uint32_t));
					memcpy(dst->s + i, m[r].b,
					    m[r].blen * sizeof(uint32_t));
					memcpy(dst->s + i + m[r].blen,
					    src->s + i + m[r].alen,
					    (src->n - i - m[r].alen) *
					    sizeof(uint32_t));
					dst->n = src->n - m[r].alen + m[r].blen;
					h = poly(dst->s, dst->n) ^ dst->n;
					for (k = 0; k < nseen; k++)
						if (seen[k] == h)
							break;
					if (k < nseen)
						continue;
					seen[nseen++] = h;
					nq++;
				}
			}
		}
	}
	for (i = 0; i < nq && rc == TG_OK; i++)
		rc = push_key(ix, key(poly(q[i].s, q[i].n), q[i].n, F_SKEL), id);
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
	    id)) != TG_OK)
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
		if ((rc = push_key(ix, key(poly(s, n), n, F_BASE), id)) != TG_OK)
			return rc;
	}
	return TG_OK;
}

int
tg_index_seal(tg_index *ix, struct tg_error *err)
{
	struct skel *scratch;
	size_t i, nslot, nbits, at;
	int rc = TG_OK;

	if (ix == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_index_seal: NULL index");
	if (ix->sealed)
		return tg__error_set(err, TG_ESTATE, TG_NO_OFFSET,
		    "the index is already sealed");
	scratch = tg__malloc(SKEL_KEYS_MAX * sizeof(*scratch));
	if (scratch == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
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
			rc = push_skeletons(ix, &e->nm, id, scratch);
		if (rc == TG_OK)
			rc = push_bases(ix, &e->nm, id);
	}
	tg__free(scratch);
	if (rc != TG_OK)
		return tg__error_set(err, rc, TG_NO_OFFSET, "out of memory");
	for (nslot = 64; nslot < ix->npending * 2; nslot *= 2)
		;
	for (nbits = 1u << 16; nbits < ix->npending * 16; nbits *= 2)
		;
	ix->slot = tg__calloc(nslot, sizeof(*ix->slot));
	ix->bloom = tg__calloc(nbits / 64, sizeof(uint64_t));
	if (ix->slot == NULL || ix->bloom == NULL) {
		tg__free(ix->slot);
		tg__free(ix->bloom);
		ix->slot = NULL;
		ix->bloom = NULL;
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	}
	ix->nslot = nslot;
	ix->bloom_mask = nbits - 1;
	for (i = 0; i < ix->npending; i++) {
		uint64_t k = ix->pending[i].k;
		uint64_t b = (k >> 7) & ix->bloom_mask;

		ix->bloom[b / 64] |= 1ull << (b % 64);
		at = (size_t)(k >> 32) & (nslot - 1);
		while (ix->slot[at].fp != 0) {
			/* One entry may yield the same key twice (a name
			 * with a doubled letter): keep one. */
			if (ix->slot[at].fp == ((uint32_t)k | 1u) &&
			    ix->slot[at].id == ix->pending[i].id)
				break;
			at = (at + 1) & (nslot - 1);
		}
		ix->slot[at].fp = (uint32_t)k | 1u;
		ix->slot[at].id = ix->pending[i].id;
	}
	ix->nkeys = ix->npending;
	tg__free(ix->pending);
	ix->pending = NULL;
	ix->npending = ix->cappending = 0;
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

	s = tg__strmap_get(&ix->names[TG_LIST_PROTECTED], name, len);
	return s != NULL ? &ix->ent[s->v] : NULL;
}

/* A hit to confirm: entry id, against the recipient name from code point
 * start on. */
struct hit {
	uint32_t id;
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
probe(struct lookup *lk, uint64_t k, size_t start)
{
	const tg_index *ix = lk->ix;
	uint32_t fp = (uint32_t)k | 1u;
	size_t at, i;

	at = (size_t)(k >> 32) & (ix->nslot - 1);
	for (; ix->slot[at].fp != 0; at = (at + 1) & (ix->nslot - 1)) {
		if (ix->slot[at].fp != fp)
			continue;
		for (i = 0; i < lk->nhit; i++)
			if (lk->hit[i].id == ix->slot[at].id &&
			    lk->hit[i].start == start)
				break;
		if (i < lk->nhit)
			continue;
		if (lk->nhit == HITS_MAX) {
			lk->more = 1;
			return;
		}
		lk->hit[lk->nhit].id = ix->slot[at].id;
		lk->hit[lk->nhit].start = (uint16_t)start;
		lk->nhit++;
	}
}

/* All keys of the recipient name from code point start on. */
/*
 * The keys of one recipient name are probed together: first every
 * bitmap word is fetched, then the table slots of those that pass, so the
 * cache misses overlap instead of following one another.
 */
#define KEYS_MAX (2 * TG__NAME_MAX + 8)

struct keyset {
	uint64_t k[KEYS_MAX];
	size_t n;
};

static void
probe_all(struct lookup *lk, const struct keyset *ks, size_t start)
{
	const tg_index *ix = lk->ix;
	unsigned char pass[KEYS_MAX];
	size_t i;

	for (i = 0; i < ks->n; i++)
		__builtin_prefetch(&ix->bloom[((ks->k[i] >> 7) &
		    ix->bloom_mask) / 64]);
	for (i = 0; i < ks->n; i++) {
		uint64_t b = (ks->k[i] >> 7) & ix->bloom_mask;

		pass[i] = (ix->bloom[b / 64] >> (b % 64)) & 1;
		if (pass[i])
			__builtin_prefetch(&ix->slot[(size_t)(ks->k[i] >> 32) &
			    (ix->nslot - 1)]);
	}
	for (i = 0; i < ks->n; i++)
		if (pass[i])
			probe(lk, ks->k[i], start);
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
	ks.k[ks.n++] = key(pre[n], n, F_DEL);
	for (i = 0; i < n; i++)
		ks.k[ks.n++] = key(poly_del(pre, suf, n, i), n - 1, F_DEL);
	/* Plural "es": the name without it. */
	for (i = 0; i + 1 < base && ks.n + 2 < KEYS_MAX; i++)
		if (s[i] == 'e' && s[i + 1] == 's')
			ks.k[ks.n++] = key(pre[i] * pow_b[n - i - 2] +
			    suf[i + 2], n - 2, F_DEL);
	tg__skeleton(s, n, sk);
	ks.k[ks.n++] = key(poly(sk, n), n, F_SKEL);
	ks.k[ks.n++] = key(pre[base], base, F_BASE);
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
	ks.k[ks.n++] = key(pre[n], n, F_RULE);
	for (i = 0; i < n; i++)
		ks.k[ks.n++] = key(poly_del(pre, suf, n, i), n - 1, F_RULE);
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

static void
find_candidates(const tg_index *ix, const struct tg_domain *d,
    const struct tg__name *q, int self_forward, struct tg_check *out)
{
	struct lookup lk;
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
	qsort(lk.hit, lk.nhit, sizeof(lk.hit[0]), hit_cmp);
	for (i = 0; i < lk.nhit; i++) {
		const struct tg__entry *e = &ix->ent[lk.hit[i].id];

		if (lk.hit[i].start > 0 && whole_matched(&lk, i))
			continue;
		struct tg_candidate c;
		struct tg__name s;
		unsigned kinds;
		double pl;
		size_t off, k;

		start = lk.hit[i].start;
		memset(&c, 0, sizeof(c));
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
			c.exposure = tg__exposure(ix->sfx, d->alabel,
			    d->alabel_len, "");
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
			c.exposure = tg__exposure(ix->sfx, d->alabel,
			    d->alabel_len, e->regdom);
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

int
tg_check(const tg_index *ix, const char *rcpt, size_t len,
    const char *sender, size_t slen, struct tg_check *out)
{
	struct tg_addr addr, from;
	struct tg__namebuf nb;
	const struct tg_domain *d;
	const struct tg__entry *e;
	const char *allow, *legit;
	int rc, is_addr, self = 0;

	if (out == NULL)
		return TG_EINVAL;
	memset(out, 0, offsetof(struct tg_check, candidates));
	tg__error_clear(&out->error);
	out->verdict = TG_VERDICT_INVALID;
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
		out->domain = *d;
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
	tg__index_lists(ix, d->alabel, d->alabel_len, &e, &allow, &legit);
	if (e != NULL) {
		out->verdict = TG_VERDICT_PROTECTED;
		snprintf(out->reason, sizeof(out->reason), "protected: %s%s",
		    (e->flags & TG__ENTRY_RULE) ? "." : "", e->alabel);
		return TG_OK;
	}
	if (tg__name_from_domain(ix->sfx, d, &nb) == TG_OK && nb.nm.base > 0)
		find_candidates(ix, d, &nb.nm, self, out);
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
