/*
 * suffix.c - the public suffix list, read by us: the parser, a hash table
 * of rules, lookups that give libpsl 0.21's answers, and the lists of
 * TLDs and of suffixes under a TLD (suffix_int.h says why).
 *
 * libpsl's answer is not quite the algorithm publicsuffix.org describes,
 * and "the same answers" means copying these points of src/psl.c:
 *   - psl_registrable_domain() walks the name from the left and stops at
 *     the first position that is a public suffix by itself, so the longest
 *     such suffix wins: with rules "name" and "forgot.his.name" but none
 *     for "his.name", "a.forgot.his.name" has the suffix
 *     "forgot.his.name".
 *   - A position is a public suffix when it has one label (the default
 *     rule), when it is a rule that is not an exception, or when it is no
 *     rule at all and the name one label shorter carries a wildcard.  An
 *     exception stops only its own exact name, and a name that is a rule
 *     never falls back to a wildcard above it.
 *   - The same rule text given twice, as "a.b", "*.a.b" or "!a.b", is one
 *     entry whose kind and section bits are merged.  (libpsl merges
 *     through a binary search of a vector it has not sorted yet, so it
 *     only sometimes finds the duplicate; the list has none.)
 *   - The "known" test of domain.c, psl_is_public_suffix2() with a section
 *     and PSL_TYPE_NO_STAR_RULE, applies the same two lookups to the
 *     suffix and asks that the entry found be of that section.
 *
 * The table: open addressing, linear probing, load at most 3/4, keys in
 * one string pool.  Keys are hashed from their last byte to their first,
 * so a lookup hashes the name once, right to left, and at each dot has
 * the hash of the suffix so far: one pass over the name, one probe per
 * label.  Every tail of a rule ("amazonaws.com" of
 * "*.compute.amazonaws.com") is a key too, marked B_LONGER, so the walk
 * stops at the first tail that is no key: "www.mail.example.com" costs
 * two probes, "com" and "example.com".
 */
#include <errno.h>
#include <fcntl.h>
#include <idn2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_int.h"
#include "error_int.h"
#include "idna_int.h"
#include "suffix_int.h"
#include "text_int.h"

/* Where a rule came from; its kind bits sit at 3 * section. */
enum { SEC_ICANN = 0, SEC_PRIVATE = 1, SEC_NONE = 2 };

/* The kinds of rule for one key. */
#define K_PLAIN 1u	/* "a.b": a.b is a suffix */
#define K_WILD 2u	/* "*.a.b": a.b and every x.a.b are suffixes */
#define K_EXC 4u	/* "!a.b": a.b is not */

/* Beyond the kind bits: the key is a delegated TLD; a longer key ends in
 * ".key" (every such tail is a key, with no kind bits if no rule). */
#define B_TLD (1u << 9)
#define B_LONGER (1u << 10)

/* libidn2 as libpsl 0.21 calls it on the list's UTF-8 rules. */
#define RULE_IDNA_FLAGS (IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL)

#define LABEL_MAX 63

static const char dafsa_magic[] = ".DAFSA@PSL_";

static const char *const marker[] = {
	"===BEGIN ICANN DOMAINS===", "===END ICANN DOMAINS===",
	"===BEGIN PRIVATE DOMAINS===", "===END PRIVATE DOMAINS===",
};
enum { BEGIN_ICANN, END_ICANN, BEGIN_PRIVATE, END_PRIVATE };

struct slot {
	uint32_t tag;		/* high half of the key's hash */
	uint32_t off;		/* key in the pool, NUL-terminated */
	uint32_t tld;		/* for a TLD: its index in tlds */
	uint16_t bits;		/* kinds per section, B_TLD, B_LONGER */
	uint8_t len;		/* key length; 0 marks an empty slot */
	uint8_t labels;
};

struct tg__sfx {
	struct slot *slots;
	size_t mask;		/* slots - 1, slots a power of two */
	size_t used;
	char *pool;
	const char **tlds;	/* sorted */
	size_t ntlds;
	const char **kids;	/* grouped by TLD in tlds order, sorted */
	uint32_t *kid_start;	/* ntlds + 1 */
};

/* One rule as parsed, before the table merges repeats. */
struct rec {
	uint32_t off;
	uint8_t len;
	uint8_t labels;
	uint16_t bits;
};

struct parser {
	const char *buf;
	size_t len;
	const char *name;
	struct tg_error *err;
	unsigned long line;	/* the line being read, 1-based */
	size_t lstart;		/* its offset */
	int sec;
	unsigned long sec_line;	/* where the open section began */
	struct rec *recs;
	size_t nrecs, caprecs;
	char *pool;
	size_t plen, pcap;
	size_t icann;		/* rules read in the ICANN section */
};

/* ------------------------------------------------------------------ */
/* Hashing                                                              */

/* FNV-1a over the bytes from last to first, then a 64-bit finaliser so
 * that both halves of the result are well mixed. */
#define H_BASIS 0xcbf29ce484222325ull
#define H_PRIME 0x100000001b3ull

static inline uint64_t
hash_step(uint64_t h, unsigned char c)
{
	return (h ^ c) * H_PRIME;
}

static inline uint64_t
hash_fin(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint64_t
hash_key(const char *s, size_t n)
{
	uint64_t h = H_BASIS;

	while (n > 0)
		h = hash_step(h, (unsigned char)s[--n]);
	return h;
}

/* The slot of key s[0..n) whose unfinished hash is h, or NULL. */
static inline struct slot *
find(const struct tg__sfx *sfx, uint64_t h, const char *s, size_t n)
{
	uint64_t f = hash_fin(h);
	uint32_t tag = (uint32_t)(f >> 32);
	size_t i = (size_t)f & sfx->mask;
	struct slot *sl;

	for (;; i = (i + 1) & sfx->mask) {
		sl = &sfx->slots[i];
		if (sl->len == 0)
			return NULL;
		if (sl->tag == tag && sl->len == n &&
		    memcmp(sfx->pool + sl->off, s, n) == 0)
			return sl;
	}
}

/* ------------------------------------------------------------------ */
/* Building the table                                                   */

static void
place(struct slot *slots, size_t mask, const struct slot *from,
    uint64_t h)
{
	uint64_t f = hash_fin(h);
	size_t i = (size_t)f & mask;

	while (slots[i].len != 0)
		i = (i + 1) & mask;
	slots[i] = *from;
	slots[i].tag = (uint32_t)(f >> 32);
}

static int
grow(struct tg__sfx *sfx)
{
	size_t n = (sfx->mask + 1) * 2, i;
	struct slot *slots, *sl;

	slots = tg__calloc(n, sizeof(*slots));
	if (slots == NULL)
		return TG_ENOMEM;
	for (i = 0; i <= sfx->mask; i++) {
		sl = &sfx->slots[i];
		if (sl->len != 0)
			place(slots, n - 1, sl, hash_key(sfx->pool + sl->off,
			    sl->len));
	}
	tg__free(sfx->slots);
	sfx->slots = slots;
	sfx->mask = n - 1;
	return TG_OK;
}

/* Adds bits to the key at pool offset off (len bytes), inserting it
 * when new. */
static int
put(struct tg__sfx *sfx, uint32_t off, size_t len, unsigned labels,
    unsigned bits)
{
	const char *key = sfx->pool + off;
	uint64_t h = hash_key(key, len);
	struct slot *sl, fresh;

	sl = find(sfx, h, key, len);
	if (sl == NULL) {
		if ((sfx->used + 1) * 4 > (sfx->mask + 1) * 3 &&
		    grow(sfx) != TG_OK)
			return TG_ENOMEM;
		memset(&fresh, 0, sizeof(fresh));
		fresh.off = off;
		fresh.len = (uint8_t)len;
		fresh.labels = (uint8_t)labels;
		place(sfx->slots, sfx->mask, &fresh, h);
		sfx->used++;
		sl = find(sfx, h, key, len);
	}
	sl->bits |= (uint16_t)bits;
	return TG_OK;
}

/* The kinds a key has in a mode; 0 means "no rule" there. */
static inline unsigned
kinds(const struct slot *sl, enum tg__sfx_mode mode)
{
	unsigned b = sl->bits;

	if (mode == TG__SFX_ICANN_ONLY)
		return b & 7u;
	return (b | b >> 3 | b >> 6) & 7u;
}

/* An ICANN suffix by its own rule (what tg__sfx_children() lists). */
static int
icann_suffix(const struct slot *sl)
{
	unsigned k = sl->bits & 7u;

	return (k & (K_PLAIN | K_WILD)) != 0 && (k & K_EXC) == 0;
}

/* The last label of a NUL-terminated key. */
static const char *
last_label(const char *key)
{
	const char *dot = strrchr(key, '.');

	return dot != NULL ? dot + 1 : key;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Copies the distinct keys into a pool of exactly their size. */
static int
compact_pool(struct tg__sfx *sfx)
{
	size_t need = 0, at = 0, i;
	struct slot *sl;
	char *pool;

	for (i = 0; i <= sfx->mask; i++)
		need += sfx->slots[i].len != 0 ? sfx->slots[i].len + 1u : 0;
	pool = tg__malloc(need > 0 ? need : 1);
	if (pool == NULL)
		return TG_ENOMEM;
	for (i = 0; i <= sfx->mask; i++) {
		sl = &sfx->slots[i];
		if (sl->len == 0)
			continue;
		memcpy(pool + at, sfx->pool + sl->off, sl->len + 1u);
		sl->off = (uint32_t)at;
		at += sl->len + 1u;
	}
	tg__free(sfx->pool);
	sfx->pool = pool;
	return TG_OK;
}

/* The sorted TLD list and each TLD's index in its slot. */
static int
list_tlds(struct tg__sfx *sfx)
{
	size_t i, n = 0;
	struct slot *sl;

	for (i = 0; i <= sfx->mask; i++)
		n += (sfx->slots[i].bits & B_TLD) != 0;
	sfx->tlds = tg__calloc(n > 0 ? n : 1, sizeof(*sfx->tlds));
	if (sfx->tlds == NULL)
		return TG_ENOMEM;
	for (i = 0; i <= sfx->mask; i++)
		if (sfx->slots[i].bits & B_TLD)
			sfx->tlds[sfx->ntlds++] = sfx->pool +
			    sfx->slots[i].off;
	qsort(sfx->tlds, sfx->ntlds, sizeof(*sfx->tlds), cmp_str);
	for (i = 0; i < sfx->ntlds; i++) {
		n = strlen(sfx->tlds[i]);
		sl = find(sfx, hash_key(sfx->tlds[i], n), sfx->tlds[i], n);
		sl->tld = (uint32_t)i;
	}
	return TG_OK;
}

/* The TLD index of an ICANN suffix of two or more labels, or NO_TLD
 * when its last label is not a delegated TLD (a list can say so). */
#define NO_TLD UINT32_MAX

static uint32_t
kid_tld(const struct tg__sfx *sfx, const struct slot *sl)
{
	const char *t;
	const struct slot *top;

	if (sl->len == 0 || sl->labels < 2 || !icann_suffix(sl))
		return NO_TLD;
	t = last_label(sfx->pool + sl->off);
	top = find(sfx, hash_key(t, strlen(t)), t, strlen(t));
	return top != NULL && (top->bits & B_TLD) ? top->tld : NO_TLD;
}

/*
 * The ICANN suffixes of two or more labels, grouped by TLD in the order
 * of tlds, bytewise within a TLD: counted into one run per TLD, then
 * each run sorted (a sort of the whole list by TLD then name cost ten
 * times as much).
 */
static int
list_kids(struct tg__sfx *sfx)
{
	size_t i, n = 0;
	uint32_t t, *at;

	for (i = 0; i <= sfx->mask; i++)
		n += kid_tld(sfx, &sfx->slots[i]) != NO_TLD;
	sfx->kids = tg__calloc(n > 0 ? n : 1, sizeof(*sfx->kids));
	sfx->kid_start = tg__calloc(sfx->ntlds + 1, sizeof(*sfx->kid_start));
	if (sfx->kids == NULL || sfx->kid_start == NULL)
		return TG_ENOMEM;
	/* Counted into at[t + 1], summed, then at[t] is the cursor of run
	 * t: after the placing it is where run t + 1 starts. */
	at = sfx->kid_start;
	for (i = 0; i <= sfx->mask; i++)
		if ((t = kid_tld(sfx, &sfx->slots[i])) != NO_TLD)
			at[t + 1]++;
	for (t = 0; t < sfx->ntlds; t++)
		at[t + 1] += at[t];
	for (i = 0; i <= sfx->mask; i++)
		if ((t = kid_tld(sfx, &sfx->slots[i])) != NO_TLD)
			sfx->kids[at[t]++] = sfx->pool + sfx->slots[i].off;
	for (t = (uint32_t)sfx->ntlds; t > 0; t--)
		at[t] = at[t - 1];
	at[0] = 0;
	for (t = 0; t < sfx->ntlds; t++)
		if (at[t + 1] - at[t] > 1)
			qsort(sfx->kids + at[t], at[t + 1] - at[t],
			    sizeof(*sfx->kids), cmp_str);
	return TG_OK;
}

/* The table from the parsed rules; takes over p->pool. */
static int
build(struct parser *p, struct tg__sfx *sfx)
{
	size_t size = 16, i, tl;
	const struct rec *r;
	const char *key;
	unsigned up;
	int rc;

	sfx->pool = p->pool;
	p->pool = NULL;
	while (size * 3 < p->nrecs * 4 + 4)
		size *= 2;
	sfx->slots = tg__calloc(size, sizeof(*sfx->slots));
	if (sfx->slots == NULL)
		return TG_ENOMEM;
	sfx->mask = size - 1;
	for (i = 0; i < p->nrecs; i++) {
		r = &p->recs[i];
		rc = put(sfx, r->off, r->len, r->labels, r->bits);
		if (rc != TG_OK)
			return rc;
	}
	/* The tails of each rule, for the lookup to know when to stop. */
	for (i = 0; i < p->nrecs; i++) {
		r = &p->recs[i];
		key = sfx->pool + r->off;
		for (tl = 0, up = 0; tl < r->len; tl++) {
			if (key[tl] != '.')
				continue;
			up++;
			rc = put(sfx, r->off + (uint32_t)tl + 1,
			    r->len - tl - 1, r->labels - up, B_LONGER);
			if (rc != TG_OK)
				return rc;
		}
	}
	/* Delegated TLDs: the last label of each ICANN rule, a key of its
	 * own with no kind bits when the list has no rule for it. */
	for (i = 0; i < p->nrecs; i++) {
		r = &p->recs[i];
		if ((r->bits & 7u) == 0)
			continue;
		key = sfx->pool + r->off;
		tl = strlen(last_label(key));
		rc = put(sfx, r->off + (uint32_t)(r->len - tl), tl, 1, B_TLD);
		if (rc != TG_OK)
			return rc;
	}
	if ((rc = compact_pool(sfx)) != TG_OK ||
	    (rc = list_tlds(sfx)) != TG_OK)
		return rc;
	return list_kids(sfx);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                              */

static const char *
list_name(const char *name)
{
	return name != NULL ? name : "(list)";
}

/* Fails at byte off of the current line. */
static int
fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
{
	char what[TG_ERROR_MSG_MAX];
	unsigned long col = (unsigned long)(off - p->lstart) + 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	tg__error_set(p->err, code, off, "%s:%lu:%lu: %s", list_name(p->name),
	    p->line, col, what);
	if (p->err != NULL) {
		p->err->line = p->line;
		p->err->column = col;
	}
	return code;
}

static int
nomem(struct parser *p)
{
	return tg__error_set(p->err, TG_ENOMEM, TG_NO_OFFSET,
	    "%s: out of memory", list_name(p->name));
}

/* libpsl's blanks; a line ends at '\n'. */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Offset of marker m in buf[off..end), or (size_t)-1.  (memmem() is
 * a GNU extension.) */
static size_t
find_marker(const struct parser *p, size_t off, size_t end, int m)
{
	size_t n = strlen(marker[m]);
	const char *at;

	while (end - off >= n) {
		at = memchr(p->buf + off, '=', end - off - n + 1);
		if (at == NULL)
			break;
		off = (size_t)(at - p->buf);
		if (memcmp(at, marker[m], n) == 0)
			return off;
		off++;
	}
	return (size_t)-1;
}

static const char *
sec_name(int sec)
{
	return sec == SEC_ICANN ? "ICANN" : "PRIVATE";
}

/*
 * A comment: only the section markers matter.  libpsl opens a section on
 * BEGIN only outside any section and closes it on its own END, ignoring
 * the rest; a marker it would ignore is an error here, since it means the
 * sections are not what they look like.
 */
static int
comment(struct parser *p, size_t off, size_t end)
{
	size_t at[4];
	int m, open_m, close_m, other;

	for (m = 0; m < 4; m++)
		at[m] = find_marker(p, off, end, m);
	if (p->sec == SEC_NONE) {
		if (at[BEGIN_ICANN] != (size_t)-1 ||
		    at[BEGIN_PRIVATE] != (size_t)-1) {
			p->sec = at[BEGIN_ICANN] != (size_t)-1 ? SEC_ICANN :
			    SEC_PRIVATE;
			p->sec_line = p->line;
			return TG_OK;
		}
		for (m = END_ICANN; m <= END_PRIVATE; m += 2)
			if (at[m] != (size_t)-1)
				return fail_at(p, TG_EPSL, at[m], "'%s' "
				    "outside any section", marker[m]);
		return TG_OK;
	}
	open_m = p->sec == SEC_ICANN ? BEGIN_ICANN : BEGIN_PRIVATE;
	close_m = open_m + 1;
	other = p->sec == SEC_ICANN ? BEGIN_PRIVATE : BEGIN_ICANN;
	if (at[close_m] != (size_t)-1) {
		p->sec = SEC_NONE;
		return TG_OK;
	}
	for (m = 0; m < 4; m++)
		if (at[m] != (size_t)-1 && (m == open_m || m == other ||
		    m == other + 1))
			return fail_at(p, TG_EPSL, at[m], "'%s' inside the %s "
			    "section begun at line %lu", marker[m],
			    sec_name(p->sec), p->sec_line);
	return TG_OK;
}

static int
bad_char(struct parser *p, size_t off, const char *rule, size_t n)
{
	unsigned char c = (unsigned char)p->buf[off];
	char shown[64];

	tg__quote_bytes(shown, sizeof(shown), rule, n);
	if (c == '*')
		return fail_at(p, TG_EPSL, off, "'*' in rule '%s' (a wildcard "
		    "is only \"*.\" in front)", shown);
	if (c == '!')
		return fail_at(p, TG_EPSL, off, "'!' in rule '%s' (an "
		    "exception is only \"!\" in front)", shown);
	if (c > 0x20 && c < 0x7f)
		return fail_at(p, TG_EPSL, off, "invalid character '%c' in "
		    "rule '%s'", c, shown);
	return fail_at(p, TG_EPSL, off, "invalid byte \\x%02x in rule '%s'",
	    c, shown);
}

/*
 * The labels of key[0..n) (A-labels, lowercase): 1 to 63 letters, digits
 * and hyphens, no hyphen first or last.  When exact, key[i] is the byte at
 * buf offset off + i; else every error is reported at off.
 */
static int
check_labels(struct parser *p, size_t off, const char *key, size_t n,
    int exact, unsigned *labels)
{
	size_t i, start = 0;
	unsigned char c;
	char shown[64];

	*labels = 0;
	tg__quote_bytes(shown, sizeof(shown), key, n);
	for (i = 0; i <= n; i++) {
		c = i < n ? (unsigned char)key[i] : '.';
		if (c != '.') {
			if (!tg__is_letdig(c) && c != '-')
				return fail_at(p, TG_EPSL, off, "rule maps to "
				    "'%s', not a domain", shown);
			continue;
		}
		if (i == start)
			return fail_at(p, TG_EPSL, exact ? off + i : off,
			    "empty label in rule '%s'", shown);
		if (i - start > LABEL_MAX)
			return fail_at(p, TG_EPSL, exact ? off + start : off,
			    "label of %zu octets in rule '%s', limit %d",
			    i - start, shown, LABEL_MAX);
		if (key[start] == '-' || key[i - 1] == '-')
			return fail_at(p, TG_EPSL, exact ? (key[start] == '-' ?
			    off + start : off + i - 1) : off,
			    "label starts or ends with a hyphen in rule "
			    "'%s'", shown);
		(*labels)++;
		start = i + 1;
	}
	return TG_OK;
}

/* A UTF-8 rule t[0..n) (at buf offset off) in A-labels, into key. */
static int
to_alabel(struct parser *p, size_t off, const char *t, size_t n,
    char *key, size_t *alen)
{
	char in[TG__SFX_MAX_RULE + 1], shown[64];
	char fast[TG_DOMAIN_MAX + 1], ulabel[TG_UDOMAIN_MAX + 1];
	uint8_t *out = NULL;
	size_t bad, len;
	int rc;

	if (tg__utf8_check(t, n, &bad) != 0)
		return fail_at(p, TG_EPSL, off + bad, "invalid UTF-8 in rule");
	/* Most rules hold only code points the fast path of idna.c can
	 * prove libidn2 keeps as they are: its answer, without libidn2's
	 * cost (tens of microseconds a rule). */
	if (tg__idna_fast(t, n, fast, &len, ulabel)) {
		if (len > TG__SFX_MAX_RULE)
			return fail_at(p, TG_ETOOLONG, off, "rule of %zu bytes "
			    "in A-labels, limit %u", len, TG__SFX_MAX_RULE);
		memcpy(key, fast, len + 1);
		*alen = len;
		return TG_OK;
	}
	memcpy(in, t, n);
	in[n] = '\0';
	rc = idn2_lookup_u8((const uint8_t *)in, &out, RULE_IDNA_FLAGS);
	if (rc == IDN2_MALLOC) {
		idn2_free(out);
		return nomem(p);
	}
	if (rc != IDN2_OK) {
		idn2_free(out);
		tg__quote_bytes(shown, sizeof(shown), t, n);
		return fail_at(p, TG_EPSL, off, "rule '%s' is not a valid "
		    "internationalised domain name: %s", shown,
		    idn2_strerror(rc));
	}
	len = strlen((const char *)out);
	if (len > TG__SFX_MAX_RULE) {
		idn2_free(out);
		return fail_at(p, TG_ETOOLONG, off, "rule of %zu bytes in "
		    "A-labels, limit %u", len, TG__SFX_MAX_RULE);
	}
	memcpy(key, out, len + 1);
	idn2_free(out);
	*alen = len;
	return TG_OK;
}

static int
add_rec(struct parser *p, const char *key, size_t len, unsigned labels,
    unsigned kind)
{
	struct rec *r;
	size_t cap;
	char *pool;

	if (p->pcap - p->plen < len + 1) {
		cap = p->pcap * 2 + len + 1;
		pool = tg__realloc(p->pool, cap);
		if (pool == NULL)
			return nomem(p);
		p->pool = pool;
		p->pcap = cap;
	}
	r = &p->recs[p->nrecs++];
	r->off = (uint32_t)p->plen;
	r->len = (uint8_t)len;
	r->labels = (uint8_t)labels;
	r->bits = (uint16_t)(kind << (3 * p->sec));
	memcpy(p->pool + p->plen, key, len);
	p->pool[p->plen + len] = '\0';
	p->plen += len + 1;
	if (p->sec == SEC_ICANN)
		p->icann++;
	return TG_OK;
}

/* The rule buf[start..end): "[!|*.]name". */
static int
rule(struct parser *p, size_t start, size_t end)
{
	const char *s = p->buf + start, *t;
	char key[TG__SFX_MAX_RULE + 1], shown[64];
	size_t n = end - start, koff = start, tn, i, alen = 0;
	unsigned kind = K_PLAIN, labels, empty;
	int utf8 = 0, rc;

	if (p->nrecs == p->caprecs)
		return fail_at(p, TG_ETOOLONG, start, "more than %u rules",
		    TG__SFX_MAX_RULES);
	if (s[0] == '!') {
		kind = K_EXC;
		koff++;
	} else if (s[0] == '*') {
		if (n < 2 || s[1] != '.') {
			tg__quote_bytes(shown, sizeof(shown), s, n);
			return fail_at(p, TG_EPSL, start, "wildcard rule '%s' "
			    "is not \"*.\" followed by a name", shown);
		}
		kind = K_WILD;
		koff += 2;
	}
	t = p->buf + koff;
	tn = end - koff;
	if (tn == 0)
		return fail_at(p, TG_EPSL, koff, "rule '%.*s' has no name",
		    (int)n, s);
	for (i = 0; i < tn; i++) {
		if ((unsigned char)t[i] >= 0x80)
			utf8 = 1;
		else if (!tg__is_letdig((unsigned char)t[i]) &&
		    t[i] != '-' && t[i] != '.')
			return bad_char(p, koff + i, s, n);
	}
	if (tn > TG__SFX_MAX_RULE)
		return fail_at(p, TG_ETOOLONG, koff, "rule of %zu bytes, limit "
		    "%u", tn, TG__SFX_MAX_RULE);
	if (utf8) {
		/* Empty labels by the ASCII dots first, for their column. */
		for (i = 0, empty = 1; i <= tn; i++) {
			if (i < tn && t[i] != '.') {
				empty = 0;
				continue;
			}
			if (empty) {
				tg__quote_bytes(shown, sizeof(shown), t, tn);
				return fail_at(p, TG_EPSL, koff + i, "empty "
				    "label in rule '%s'", shown);
			}
			empty = 1;
		}
		rc = to_alabel(p, koff, t, tn, key, &alen);
	} else {
		for (i = 0; i < tn; i++)
			key[i] = (char)tg__lower((unsigned char)t[i]);
		key[tn] = '\0';
		alen = tn;
		rc = TG_OK;
	}
	if (rc != TG_OK ||
	    (rc = check_labels(p, koff, key, alen, !utf8, &labels)) != TG_OK)
		return rc;
	if (labels + (kind == K_WILD) > TG__SFX_MAX_LABELS)
		return fail_at(p, TG_ETOOLONG, start, "rule of %u labels, "
		    "limit %u", labels + (kind == K_WILD), TG__SFX_MAX_LABELS);
	return add_rec(p, key, alen, labels, kind);
}

static int
line(struct parser *p, size_t off, size_t end)
{
	const char *nul;
	size_t tok;

	if (end - p->lstart > TG__SFX_MAX_LINE)
		return fail_at(p, TG_ETOOLONG, p->lstart + TG__SFX_MAX_LINE,
		    "line longer than %u bytes", TG__SFX_MAX_LINE);
	nul = memchr(p->buf + off, '\0', end - off);
	if (nul != NULL)
		return fail_at(p, TG_EPSL, (size_t)(nul - p->buf),
		    "NUL byte (not a text file)");
	while (off < end && is_blank((unsigned char)p->buf[off]))
		off++;
	if (off == end)
		return TG_OK;
	if (end - off >= 2 && p->buf[off] == '/' && p->buf[off + 1] == '/')
		return comment(p, off, end);
	for (tok = off; off < end && !is_blank((unsigned char)p->buf[off]);
	    off++)
		;
	return rule(p, tok, off);
}

/* Moves the position to byte off (for errors not found line by line). */
static void
seek_line(struct parser *p, size_t off)
{
	const char *nl;
	size_t at = 0;

	p->line = 1;
	p->lstart = 0;
	while ((nl = memchr(p->buf + at, '\n', off - at)) != NULL) {
		at = (size_t)(nl - p->buf) + 1;
		p->line++;
		p->lstart = at;
	}
}

static int
parse(struct parser *p)
{
	const char *nl;
	size_t off = 0, end, lines = 1;
	int rc;

	p->line = 1;
	if (p->len > TG__SFX_MAX_BYTES) {
		seek_line(p, TG__SFX_MAX_BYTES);
		return fail_at(p, TG_ETOOLONG, TG__SFX_MAX_BYTES, "list longer "
		    "than %u bytes", TG__SFX_MAX_BYTES);
	}
	if (p->len >= sizeof(dafsa_magic) - 1 &&
	    memcmp(p->buf, dafsa_magic, sizeof(dafsa_magic) - 1) == 0)
		return fail_at(p, TG_EPSL, 0, "libpsl's binary (DAFSA) form "
		    "of the list; typoguard reads the text form "
		    "(public_suffix_list.dat)");
	if (p->len >= 3 && memcmp(p->buf, "\xef\xbb\xbf", 3) == 0)
		off = 3; /* a UTF-8 byte order mark */

	/* At most one rule per line: the records never move. */
	for (end = 0; (nl = memchr(p->buf + end, '\n', p->len - end)) != NULL;
	    end = (size_t)(nl - p->buf) + 1)
		lines++;
	p->caprecs = lines < TG__SFX_MAX_RULES ? lines : TG__SFX_MAX_RULES;
	p->recs = tg__calloc(p->caprecs, sizeof(*p->recs));
	p->pcap = p->len + 1;
	p->pool = tg__malloc(p->pcap);
	if (p->recs == NULL || p->pool == NULL)
		return nomem(p);

	for (;;) {
		nl = memchr(p->buf + off, '\n', p->len - off);
		end = nl != NULL ? (size_t)(nl - p->buf) : p->len;
		if ((rc = line(p, off, end)) != TG_OK)
			return rc;
		if (nl == NULL)
			break;
		off = end + 1;
		p->line++;
		p->lstart = off;
	}
	/* The position is now the end of the file. */
	if (p->sec != SEC_NONE)
		return fail_at(p, TG_EPSL, p->len, "end of file inside the %s "
		    "section begun at line %lu (a truncated file?)",
		    sec_name(p->sec), p->sec_line);
	if (p->icann == 0)
		return fail_at(p, TG_EPSL, p->len, "no rules in an ICANN "
		    "section (\"// %s\" ... \"// %s\")", marker[BEGIN_ICANN],
		    marker[END_ICANN]);
	return TG_OK;
}

int
tg__sfx_parse(struct tg__sfx **out, const char *buf, size_t len,
    const char *name, struct tg_error *err)
{
	struct parser p;
	struct tg__sfx *sfx = NULL;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.buf = buf;
	p.len = len;
	p.name = name;
	p.err = err;
	p.sec = SEC_NONE;
	rc = parse(&p);
	if (rc == TG_OK) {
		sfx = tg__calloc(1, sizeof(*sfx));
		rc = sfx == NULL ? TG_ENOMEM : build(&p, sfx);
		if (rc != TG_OK)
			nomem(&p);
	}
	tg__free(p.recs);
	tg__free(p.pool);
	if (rc != TG_OK) {
		tg__sfx_free(sfx);
		return rc;
	}
	tg__error_clear(err);
	*out = sfx;
	return TG_OK;
}

int
tg__sfx_load(struct tg__sfx **out, const char *path, struct tg_error *err)
{
	struct stat st;
	size_t cap = 65536, len = 0;
	char *buf = NULL, *grown;
	ssize_t n;
	int fd, rc, e;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tg__error_set(err, errno == ENOENT ? TG_ENOENT : TG_EIO,
		    TG_NO_OFFSET, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		cap = (size_t)st.st_size < TG__SFX_MAX_BYTES ?
		    (size_t)st.st_size + 1 : TG__SFX_MAX_BYTES + 1u;
	buf = tg__malloc(cap);
	if (buf == NULL) {
		close(fd);
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "%s: out of memory", path);
	}
	/* Read to the end, or to one byte over the limit for the parser to
	 * refuse. */
	for (;;) {
		if (len == cap) {
			if (cap > TG__SFX_MAX_BYTES)
				break;
			cap = cap * 2 <= TG__SFX_MAX_BYTES ? cap * 2 :
			    TG__SFX_MAX_BYTES + 1u;
			grown = tg__realloc(buf, cap);
			if (grown == NULL) {
				rc = tg__error_set(err, TG_ENOMEM,
				    TG_NO_OFFSET, "%s: out of memory", path);
				goto out;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			rc = tg__error_set(err, TG_EIO, TG_NO_OFFSET, "%s: %s",
			    path, strerror(e));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	rc = tg__sfx_parse(out, buf, len, path, err);
out:
	close(fd);
	tg__free(buf);
	return rc;
}

struct tg__sfx *
tg__sfx_free(struct tg__sfx *sfx)
{
	if (sfx == NULL)
		return NULL;
	tg__free(sfx->slots);
	tg__free(sfx->pool);
	tg__free(sfx->tlds);
	tg__free(sfx->kids);
	tg__free(sfx->kid_start);
	tg__free(sfx);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

/* TG__SFX_KNOWN / _PRIVATE for a suffix found through entry e (its own
 * rule) or, when e is NULL, through up (the wildcard one label up). */
static unsigned
known(const struct slot *e, const struct slot *up, enum tg__sfx_mode mode)
{
	const struct slot *by = NULL;
	unsigned b;

	if (e != NULL) {
		if (!(kinds(e, mode) & K_EXC))
			by = e;
	} else if (up != NULL && (kinds(up, mode) & K_WILD)) {
		by = up;
	}
	if (by == NULL)
		return 0;
	b = by->bits;
	if (b & 7u)
		return TG__SFX_KNOWN;
	if (mode != TG__SFX_ICANN_ONLY && (b >> 3 & 7u))
		return TG__SFX_KNOWN | TG__SFX_PRIVATE;
	return 0;
}

size_t
tg__sfx_lookup(const struct tg__sfx *sfx, const char *name, size_t len,
    enum tg__sfx_mode mode, unsigned *flags)
{
	const struct slot *sl, *e, *up = NULL, *best_e = NULL, *best_up = NULL;
	uint64_t h = H_BASIS;
	size_t i = len, best = 0;
	unsigned k = 0, ke;

	if (flags != NULL)
		*flags = 0;
	if (len == 0)
		return 0;
	/*
	 * Right to left, one label at a time; position k is the last k
	 * labels, up the rule of position k - 1.  libpsl takes the longest
	 * position that is a suffix (see the top of the file), so the last
	 * one found here wins.  Position k + 1 can be one only through a
	 * longer key or a wildcard here.
	 */
	for (;;) {
		while (i > 0 && name[i - 1] != '.')
			h = hash_step(h, (unsigned char)name[--i]);
		k++;
		sl = find(sfx, h, name + i, len - i);
		ke = sl != NULL ? kinds(sl, mode) : 0;
		e = ke != 0 ? sl : NULL;
		if (k == 1 || (e != NULL ? !(ke & K_EXC) :
		    up != NULL && (kinds(up, mode) & K_WILD))) {
			best = len - i;
			best_e = e;
			best_up = up;
		}
		if (i == 0 || sl == NULL ||
		    (!(sl->bits & B_LONGER) && !(ke & K_WILD)))
			break;
		up = e;
		h = hash_step(h, '.');
		i--;
	}
	if (flags != NULL)
		*flags = known(best_e, best_up, mode);
	return best;
}

int
tg__sfx_is_tld(const struct tg__sfx *sfx, const char *label, size_t len)
{
	const struct slot *sl;

	if (len == 0 || memchr(label, '.', len) != NULL)
		return 0;
	sl = find(sfx, hash_key(label, len), label, len);
	return sl != NULL && (sl->bits & B_TLD) != 0;
}

size_t
tg__sfx_tld_count(const struct tg__sfx *sfx)
{
	return sfx->ntlds;
}

const char *
tg__sfx_tld(const struct tg__sfx *sfx, size_t i)
{
	return i < sfx->ntlds ? sfx->tlds[i] : NULL;
}

size_t
tg__sfx_children(const struct tg__sfx *sfx, const char *tld, size_t len,
    const char *const **list)
{
	const struct slot *sl;
	size_t n = 0;

	if (len > 0 && memchr(tld, '.', len) == NULL) {
		sl = find(sfx, hash_key(tld, len), tld, len);
		if (sl != NULL && (sl->bits & B_TLD))
			n = sfx->kid_start[sl->tld + 1] -
			    sfx->kid_start[sl->tld];
		if (n > 0)
			*list = sfx->kids + sfx->kid_start[sl->tld];
	}
	if (n == 0)
		*list = NULL;
	return n;
}
