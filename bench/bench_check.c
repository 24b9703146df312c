/*
 * bench_check.c - the protected-set index: build cost, memory, and
 * tg_check() throughput, and whether lookups slow down as the set grows.
 *
 * Workload, from a fixed-seed generator (SplitMix64):
 *   - 100,000 protected domains: pronounceable ASCII labels of 5 to 14
 *     letters (some hyphenated, some with digits, some under a subdomain)
 *     under a weighted mix of suffixes (com, net, org, de, nl, co.uk, mil
 *     ...).  The sets of 100, 1,000 and 10,000 are the first entries of
 *     it, so each set holds the smaller ones.
 *   - a batch of COUNT addresses (default 1,000,000), shuffled: half are
 *     one-slip typos of the 10,000-domain set, made by tg_variants() (a
 *     kind drawn uniformly, then a protected domain that has variants of
 *     that kind, then one of them), half are other generated domains that
 *     tg_check() on the 10,000-domain index calls clean with no
 *     candidate.  Local parts are ordinary ("anna.smith", "info").
 *     Domains are written as A-labels, as an MTA sees most of them.
 *
 * What is timed, each with its baseline run side by side on the same
 * inputs (they alternate and swap order every repetition; the median of
 * the repetitions is reported):
 *   build   tg_index_new + tg_index_add of every entry + tg_index_seal,
 *           against tg_domain_parse() of the same names (the parsing that
 *           every add does): ratio = build time / parse time.  Memory:
 *           tg_index_memory() per protected domain, against the bytes of
 *           the names themselves.
 *   check   tg_check() over the batch on one core, against
 *           tg_addr_parse() of the same addresses (the parsing that every
 *           check does before it looks anything up): ratio = checks/s
 *           divided by parses/s.  The check index also holds the bundled
 *           known-legitimate list, as `typoguard check` loads it.
 *   size    the same batch against each set size (100 to 100,000): the
 *           lookup cost must not grow with the set.  The typo lines and
 *           the other lines are also timed apart: the typo lines of the
 *           smaller sets are mostly not typos of them, so the whole batch
 *           does less work there.  For contrast, a naive scan
 *           (tg_addr_parse, then an edit distance of at most 1 against
 *           every protected name: it finds only the four keyboard kinds)
 *           on a prefix of the batch sized so that the scan takes about
 *           as long at every size.
 *
 * An untimed pass checks the batch against the 10,000-domain index: every
 * typo line should be a typo whose candidates hold the domain it came
 * from with the kind tg_variants() gave, and that domain should be the
 * suggestion; every other line clean.  The counts (and the first few
 * exceptions, on standard error) are printed.
 *
 * With -o DIR it also writes, for bench/run.sh and the command-line
 * comparison: DIR/protected.list (the 10,000 domains, one per line),
 * DIR/protected-all.list (all 100,000, of which those are the first),
 * DIR/batch.txt (the addresses) and DIR/batch-domains.txt (the domain of
 * each address).
 *
 * Usage: bench_check [-o|-O DIR] [-p SIZE] [COUNT [REPETITIONS]]
 *   -o DIR       write the inputs there (see above)
 *   -O DIR       the same, then stop: nothing is timed
 *   -p SIZE      only time tg_check() against the set of SIZE domains,
 *                REPETITIONS times, nothing else (to run under a profiler)
 *   COUNT        addresses in the batch (default 1000000)
 *   REPETITIONS  timed runs of each measurement (default 5)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"
#include "typoguard.h"

#ifndef TG_BENCH_PSL
#error "TG_BENCH_PSL must name the public suffix list (see bench/meson.build)"
#endif
#ifndef TG_BENCH_LEGIT
#error "TG_BENCH_LEGIT must name the legitimate list (see bench/meson.build)"
#endif

#define DEFAULT_COUNT 1000000ul
#define DEFAULT_REPS 5ul
#define MAX_COUNT 20000000ul
#define MAX_REPS 100ul
#define SEED 0x636865636b626e63ull /* "checkbnc" */
#define EX_USAGE 64

static const char usage[] =
    "bench_check [-o|-O DIR] [-p SIZE] [COUNT [REPETITIONS]]";
#define EX_SOFTWARE 70

#define NSIZES 4
static const size_t set_sizes[NSIZES] = { 100, 1000, 10000, 100000 };
#define MAIN_SET 2          /* set_sizes[MAIN_SET]: the typos' source */
#define ALL_DOMAINS 100000

/* Variants kept per protected domain and kind (reservoir sampling). */
#define POOL 4
/* Homoglyph variants are many (two rounds of substitutions: some 27,000
 * for a name of 5 to 14 letters, a third of a second to make): only every
 * HG_EVERY-th domain gets them, and only the first HG_TAKE. */
#define HG_EVERY 10
#define HG_TAKE 24
/* Work of the naive scan: lines x protected names, about. */
#define NAIVE_PAIRS 100000000ull

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))


#define PICK(r, a) ((a)[rng_below((r), NELEM(a))])

/* ------------------------------------------------------------------ */
/* A list of strings in one arena.                                      */

struct strs {
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t n, ncap;
};

static size_t
strs_add(struct strs *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1u << 16;
		while (s->len + n + 1 > s->cap)
			s->cap *= 2;
		s->buf = bench_xrealloc(s->buf, s->cap, "bench_check");
	}
	if (s->n == s->ncap) {
		s->ncap = s->ncap ? s->ncap * 2 : 1024;
		s->off = bench_xrealloc(s->off, s->ncap * sizeof(*s->off), "bench_check");
	}
	memcpy(s->buf + s->len, p, n);
	s->buf[s->len + n] = '\0';
	s->off[s->n] = s->len;
	s->len += n + 1;
	return s->n++;
}

static const char *
strs_get(const struct strs *s, size_t i)
{
	return s->buf + s->off[i];
}

static size_t
strs_len(const struct strs *s, size_t i)
{
	return (i + 1 < s->n ? s->off[i + 1] : s->len) - s->off[i] - 1;
}

static void
strs_free(struct strs *s)
{
	free(s->buf);
	free(s->off);
	memset(s, 0, sizeof(*s));
}

/* A set of strings (open addressing over FNV-1a), for uniqueness. */
struct sset {
	uint64_t *h;
	size_t cap, n;
};

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h | 1;
}

/* Adds the hash of s; returns 1 when new.  (64-bit hashes: a collision
 * would only drop a name.) */
static int
sset_add(struct sset *t, const char *s, size_t n)
{
	uint64_t h = fnv(s, n);
	size_t at, i;

	if ((t->n + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 1024;
		uint64_t *nh = bench_xrealloc(NULL, ncap * sizeof(*nh), "bench_check");

		memset(nh, 0, ncap * sizeof(*nh));
		for (i = 0; i < t->cap; i++) {
			if (t->h[i] == 0)
				continue;
			at = (size_t)t->h[i] & (ncap - 1);
			while (nh[at] != 0)
				at = (at + 1) & (ncap - 1);
			nh[at] = t->h[i];
		}
		free(t->h);
		t->h = nh;
		t->cap = ncap;
	}
	at = (size_t)h & (t->cap - 1);
	while (t->h[at] != 0) {
		if (t->h[at] == h)
			return 0;
		at = (at + 1) & (t->cap - 1);
	}
	t->h[at] = h;
	t->n++;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Generated names.                                                     */

static const char *const onsets[] = {
	"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
	"t", "v", "w", "z", "b", "d", "k", "l", "m", "n", "r", "s", "t",
	"br", "cr", "dr", "fr", "gr", "pr", "tr", "st", "sl", "pl", "bl",
	"cl", "kl", "sh", "ch", "th", "sk", "sp",
};

static const char *const vowels[] = {
	"a", "e", "i", "o", "u", "a", "e", "o", "i", "a", "ai", "ea", "ou",
	"io", "ie", "y",
};

static const char *const codas[] = {
	"", "", "", "", "", "n", "r", "s", "l", "m", "t", "x", "ck", "nd",
	"rt", "ng",
};

/* Repeated entries weight the choice. */
static const char *const suffixes[] = {
	"com", "com", "com", "com", "com", "com", "com", "com", "com", "com",
	"com", "com", "com", "com", "com", "com", "com", "com", "com", "com",
	"net", "net", "net", "org", "org", "org", "de", "de", "de", "de",
	"nl", "nl", "co.uk", "co.uk", "co.uk", "org.uk", "ac.uk", "gov.uk",
	"mil", "mil", "gov", "edu", "fr", "fr", "it", "es", "ch", "se", "pl",
	"be", "at", "dk", "no", "fi", "io", "eu", "info", "us", "ca", "ru",
	"com.au", "co.jp", "com.br", "co.nz", "co.za",
};

static const char *const subdomains[] = {
	"mail", "hq", "staff", "mx", "corp", "eu", "us", "intranet", "lists",
	"research", "students", "dept",
};

static const char *const first_names[] = {
	"john", "mary", "peter", "anna", "wei", "li", "hiroshi", "yuki",
	"olga", "ivan", "fatima", "ahmed", "maria", "jose", "lars", "ingrid",
	"pierre", "chloe", "raj", "priya", "kwame", "amara", "sean", "niamh",
};

static const char *const last_names[] = {
	"smith", "jones", "mueller", "schmidt", "tanaka", "suzuki", "ivanov",
	"garcia", "rossi", "dubois", "kowalski", "nguyen", "kim", "patel",
	"okafor", "murphy", "jansen", "silva", "novak", "haddad",
};

static const char *const roles[] = {
	"info", "support", "sales", "billing", "hr", "admin", "contact",
	"office", "jobs", "press",
};

struct sb {
	char s[512];
	size_t n;
};

static void
sb_add(struct sb *b, const char *s)
{
	size_t n = strlen(s);

	if (b->n + n >= sizeof(b->s))
		n = sizeof(b->s) - 1 - b->n;
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
sb_addc(struct sb *b, char c)
{
	if (b->n + 1 < sizeof(b->s)) {
		b->s[b->n++] = c;
		b->s[b->n] = '\0';
	}
}

/* A pronounceable word of lo to hi letters. */
static void
gen_word(struct rng *r, struct sb *b, size_t lo, size_t hi)
{
	size_t want = lo + rng_below(r, hi - lo + 1), start = b->n;

	while (b->n - start < want) {
		sb_add(b, PICK(r, onsets));
		sb_add(b, PICK(r, vowels));
		if (rng_chance(r, 300))
			sb_add(b, PICK(r, codas));
	}
	b->n = start + want;
	b->s[b->n] = '\0';
}

/* A registrable label: mostly one word of 5 to 14 letters; some two
 * words with a hyphen, some with digits. */
static void
gen_label(struct rng *r, struct sb *b)
{
	char num[8];
	unsigned x = (unsigned)rng_below(r, 1000);

	if (x < 60) {
		gen_word(r, b, 3, 7);
		sb_addc(b, '-');
		gen_word(r, b, 3, 7);
	} else if (x < 100) {
		gen_word(r, b, 4, 10);
		snprintf(num, sizeof(num), "%u", (unsigned)rng_below(r, 100));
		sb_add(b, num);
	} else {
		gen_word(r, b, 5, 14);
	}
}

static void
gen_domain(struct rng *r, struct sb *b, unsigned sub_per_mille)
{
	b->n = 0;
	b->s[0] = '\0';
	if (rng_chance(r, sub_per_mille)) {
		sb_add(b, PICK(r, subdomains));
		sb_addc(b, '.');
	}
	gen_label(r, b);
	sb_addc(b, '.');
	sb_add(b, PICK(r, suffixes));
}

static void
gen_local(struct rng *r, struct sb *b)
{
	char num[8];

	b->n = 0;
	b->s[0] = '\0';
	switch (rng_below(r, 6)) {
	case 0:
	case 1:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '.');
		sb_add(b, PICK(r, last_names));
		break;
	case 2:
		sb_addc(b, PICK(r, first_names)[0]);
		sb_add(b, PICK(r, last_names));
		break;
	case 3:
		sb_add(b, PICK(r, first_names));
		snprintf(num, sizeof(num), "%u", (unsigned)rng_below(r, 100));
		sb_add(b, num);
		break;
	case 4:
		sb_add(b, PICK(r, first_names));
		break;
	default:
		sb_add(b, PICK(r, roles));
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Indexes.                                                             */

static tg_index *
index_build(const tg_ctx *ctx, const struct strs *dom, size_t n, int legit)
{
	struct tg_error err;
	tg_index *ix;
	size_t i;

	if (tg_index_new(&ix, ctx, NULL, &err) != TG_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if (tg_index_add(ix, TG_LIST_PROTECTED, strs_get(dom, i),
		    strs_len(dom, i), &err) != TG_OK)
			goto fail;
	if (legit && tg_index_load(ix, TG_LIST_LEGIT, TG_BENCH_LEGIT, NULL,
	    NULL, &err) != TG_OK)
		goto fail;
	if (tg_index_seal(ix, &err) != TG_OK)
		goto fail;
	return ix;
fail:
	fprintf(stderr, "bench_check: building the index: %s\n", err.message);
	exit(EX_SOFTWARE);
}

/* ------------------------------------------------------------------ */
/* The typo pools: tg_variants() of each protected domain.              */

struct pool {
	uint32_t var[TG_KIND_COUNT][POOL];  /* indexes into pools.names */
	uint32_t seen[TG_KIND_COUNT];
};

struct pools {
	struct pool *p;
	struct strs names;
	struct rng r;
	size_t cur;       /* the protected domain being expanded */
	size_t taken;     /* callbacks in this call */
	size_t limit;     /* stop after this many (0: no limit) */
	unsigned long long total[TG_KIND_COUNT];
};

static int
on_variant(const struct tg_variant *v, void *arg)
{
	struct pools *ps = arg;
	struct pool *p = &ps->p[ps->cur];
	uint32_t k = (uint32_t)v->kind, s;

	ps->total[k]++;
	s = p->seen[k]++;
	if (s < POOL) {
		p->var[k][s] = (uint32_t)strs_add(&ps->names, v->domain,
		    strlen(v->domain));
	} else {
		size_t j = rng_below(&ps->r, (size_t)s + 1);

		if (j < POOL)
			p->var[k][j] = (uint32_t)strs_add(&ps->names,
			    v->domain, strlen(v->domain));
	}
	ps->taken++;
	return ps->limit > 0 && ps->taken >= ps->limit;
}

/* ------------------------------------------------------------------ */
/* The batch.                                                           */

struct batch {
	struct strs addr;
	size_t *dom;          /* byte offset of the domain in each address */
	int *kind;            /* slip kind of a typo line, -1 for the others */
	uint32_t *src;        /* protected domain a typo came from */
	size_t n;
	size_t bytes;
};

/* Lines to time: all of the batch, or its typo or its other lines. */
struct view {
	const char **p;
	size_t *len;
	size_t n;
};

static void
view_make(struct view *v, const struct batch *b, int which)
{
	size_t i;

	v->p = bench_xrealloc(NULL, (b->n + 1) * sizeof(*v->p), "bench_check");
	v->len = bench_xrealloc(NULL, (b->n + 1) * sizeof(*v->len), "bench_check");
	v->n = 0;
	for (i = 0; i < b->n; i++) {
		if (which == 1 && b->kind[i] < 0)
			continue;
		if (which == 2 && b->kind[i] >= 0)
			continue;
		v->p[v->n] = strs_get(&b->addr, i);
		v->len[v->n] = strs_len(&b->addr, i);
		v->n++;
	}
}

static void
view_free(struct view *v)
{
	free(v->p);
	free(v->len);
}

/* ------------------------------------------------------------------ */
/* Naive scan: optimal string alignment distance <= 1.                  */

static int
within_one(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;

	if (an > bn + 1 || bn > an + 1)
		return 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	if (i == an && i == bn)
		return 1;
	if (an == bn) {
		if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
			return 1;
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, an - i - 2) == 0;
	}
	if (an > bn)
		return memcmp(a + i + 1, b + i, an - i - 1) == 0;
	return memcmp(a + i, b + i + 1, bn - i - 1) == 0;
}

/* ------------------------------------------------------------------ */
/* Timed runs.                                                          */

#define FOLD(h, v) ((h) = ((h) ^ (uint64_t)(v)) * 0x100000001b3ull)
#define FOLD_INIT 0xcbf29ce484222325ull

static uint64_t
run_check(const tg_index *ix, const struct view *v, size_t n, uint64_t *sum)
{
	static struct tg_check out;
	uint64_t h = FOLD_INIT, t0;
	size_t i;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		tg_check(ix, v->p[i], v->len[i], NULL, 0, &out);
		FOLD(h, out.verdict);
		FOLD(h, out.ncandidates);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

static uint64_t
run_parse(const tg_ctx *ctx, const struct view *v, size_t n, uint64_t *sum)
{
	static struct tg_addr a;
	uint64_t h = FOLD_INIT, t0;
	size_t i;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		int rc = tg_addr_parse(ctx, v->p[i], v->len[i], 0, &a, NULL);

		FOLD(h, rc);
		FOLD(h, a.domain.alabel_len);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

static uint64_t
run_naive(const tg_ctx *ctx, const struct strs *prot, size_t nprot,
    const struct view *v, size_t n, uint64_t *sum)
{
	static struct tg_addr a;
	uint64_t h = FOLD_INIT, t0;
	size_t i, j, hits;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		if (tg_addr_parse(ctx, v->p[i], v->len[i], 0, &a, NULL) !=
		    TG_OK) {
			FOLD(h, 0xff);
			continue;
		}
		for (j = 0, hits = 0; j < nprot; j++)
			hits += (size_t)within_one(a.domain.alabel,
			    a.domain.alabel_len, strs_get(prot, j),
			    strs_len(prot, j));
		FOLD(h, hits);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

static uint64_t
run_build(const tg_ctx *ctx, const struct strs *dom, size_t n,
    size_t *mem)
{
	uint64_t t0, t;
	tg_index *ix;

	t0 = bench_now_ns();
	ix = index_build(ctx, dom, n, 0);
	t = bench_now_ns() - t0;
	*mem = tg_index_memory(ix);
	tg_index_free(ix);
	return t;
}

static uint64_t
run_domparse(const tg_ctx *ctx, const struct strs *dom, size_t n,
    uint64_t *sum)
{
	static struct tg_domain d;
	uint64_t h = FOLD_INIT, t0;
	size_t i;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		FOLD(h, tg_domain_parse(ctx, strs_get(dom, i), strs_len(dom, i),
		    &d, NULL));
		FOLD(h, d.alabel_len);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

/* ------------------------------------------------------------------ */
/* Statistics.                                                          */




static FILE *
open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(EX_SOFTWARE);
	}
	return fp;
}

static void
close_out(FILE *fp, const char *name)
{
	if (fclose(fp) != 0) {
		fprintf(stderr, "bench_check: writing %s failed\n", name);
		exit(EX_SOFTWARE);
	}
}

/* ------------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	static uint64_t t_a[MAX_REPS], t_b[MAX_REPS];
	static uint64_t t_chk[NSIZES][MAX_REPS], t_prs[NSIZES][MAX_REPS];
	static uint64_t t_nv[NSIZES][MAX_REPS];
	static uint64_t t_typo[NSIZES][MAX_REPS], t_other[NSIZES][MAX_REPS];
	uint64_t sum_typo[NSIZES] = { 0 }, sum_other[NSIZES] = { 0 };
	uint64_t sum_nv[NSIZES] = { 0 };
	struct view v_all, v_typo, v_other;
	unsigned long count = DEFAULT_COUNT, reps = DEFAULT_REPS;
	const char *outdir = NULL;
	unsigned long profile = 0;
	int only_write = 0;
	size_t profile_at = 0;
	struct strs dom = { 0 };
	struct sset seen = { 0 };
	struct pools ps;
	struct batch b;
	struct tg_error err;
	struct tg_variants_opts vo;
	struct rng r = { SEED };
	struct sb sb, lb;
	static struct tg_check chk;
	tg_ctx *ctx;
	tg_index *ix[NSIZES];
	size_t i, j, k, s, ntypo, nother, rejected = 0, name_bytes;
	size_t has_kind[TG_KIND_COUNT] = { 0 };
	size_t line_kind[TG_KIND_COUNT] = { 0 };
	size_t *with_kind[TG_KIND_COUNT];
	size_t xn_lines = 0, nnaive[NSIZES];
	size_t mem[NSIZES], vcount[NSIZES][TG_VERDICT_COUNT];
	uint64_t sum, sum_chk[NSIZES] = { 0 }, sum_prs = 0, t0, tgen;
	size_t unstable = 0, shown = 0;
	size_t typo_ok = 0, typo_other = 0, typo_nosrc = 0, typo_kind = 0;
	size_t other_ok = 0, top_wrong[TG_KIND_COUNT] = { 0 };
	size_t top_shown[TG_KIND_COUNT] = { 0 };
	int c, rc;

	while ((c = getopt(argc, argv, "o:O:p:")) != -1) {
		if (c == 'o') {
			outdir = optarg;
		} else if (c == 'O') {
			outdir = optarg;
			only_write = 1;
		} else if (c == 'p') {
			profile = bench_parse_arg(optarg, ALL_DOMAINS,
			    "-p SIZE", "bench_check", usage);
			for (s = 0; s < NSIZES; s++)
				if (set_sizes[s] == profile)
					break;
			if (s == NSIZES) {
				fprintf(stderr, "bench_check: -p takes 100, "
				    "1000, 10000 or 100000\n");
				return EX_USAGE;
			}
			profile_at = s;
		} else {
			fprintf(stderr, "usage: %s\n", usage);
			return EX_USAGE;
		}
	}
	if (argc - optind > 2) {
		fprintf(stderr, "usage: %s\n", usage);
		return EX_USAGE;
	}
	if (argc - optind > 0)
		count = bench_parse_arg(argv[optind], MAX_COUNT, "COUNT",
		    "bench_check", usage);
	if (argc - optind > 1)
		reps = bench_parse_arg(argv[optind + 1], MAX_REPS,
		    "REPETITIONS", "bench_check", usage);

	if (tg_ctx_new(&ctx, TG_BENCH_PSL, &err) != TG_OK) {
		fprintf(stderr, "bench_check: %s\n", err.message);
		return EX_SOFTWARE;
	}
	printf("typoguard %s\n", tg_version());
	printf("protected sets of 100, 1000, 10000, 100000 domains; batch of "
	    "%lu addresses; %lu repetitions, median reported\n\n", count,
	    reps);

	/* The protected domains, unique, as the index will hold them. */
	while (dom.n < ALL_DOMAINS) {
		gen_domain(&r, &sb, 80);
		if (sset_add(&seen, sb.s, sb.n))
			strs_add(&dom, sb.s, sb.n);
	}

	for (s = 0; s < NSIZES; s++)
		ix[s] = index_build(ctx, &dom, set_sizes[s], 1);

	/* Variants of the main set, kept per domain and kind. */
	t0 = bench_now_ns();
	memset(&ps, 0, sizeof(ps));
	ps.r.state = SEED ^ 0x5a5a5a5a;
	ps.p = bench_xrealloc(NULL, set_sizes[MAIN_SET] * sizeof(*ps.p),
	    "bench_check");
	memset(ps.p, 0, set_sizes[MAIN_SET] * sizeof(*ps.p));
	memset(&vo, 0, sizeof(vo));
	for (i = 0; i < set_sizes[MAIN_SET]; i++) {
		ps.cur = i;
		for (k = 0; k < 2; k++) {
			if (k > 0 && i % HG_EVERY != 0)
				break;
			vo.kinds = 1u << TG_KIND_HOMOGLYPH;
			if (k == 0)
				vo.kinds = TG_KINDS_ALL & ~vo.kinds;
			ps.taken = 0;
			ps.limit = k == 1 ? HG_TAKE : 0;
			rc = tg_variants(ix[MAIN_SET], strs_get(&dom, i),
			    strs_len(&dom, i), &vo, on_variant, &ps, &err);
			if (rc < 0) {
				fprintf(stderr, "bench_check: variants of %s: "
				    "%s\n", strs_get(&dom, i), err.message);
				return EX_SOFTWARE;
			}
		}
		for (k = 0; k < TG_KIND_COUNT; k++)
			has_kind[k] += ps.p[i].seen[k] > 0;
	}
	tgen = bench_now_ns() - t0;
	for (k = 0; k < TG_KIND_COUNT; k++) {
		with_kind[k] = bench_xrealloc(NULL, (has_kind[k] + 1) *
		    sizeof(size_t), "bench_check");
		for (i = 0, j = 0; i < set_sizes[MAIN_SET]; i++)
			if (ps.p[i].seen[k] > 0)
				with_kind[k][j++] = i;
	}

	/* The batch: typo lines and other lines, then shuffled. */
	memset(&b, 0, sizeof(b));
	ntypo = count / 2;
	nother = count - ntypo;
	b.dom = bench_xrealloc(NULL, count * sizeof(*b.dom), "bench_check");
	b.kind = bench_xrealloc(NULL, count * sizeof(*b.kind), "bench_check");
	b.src = bench_xrealloc(NULL, count * sizeof(*b.src), "bench_check");
	for (i = 0; i < ntypo; i++) {
		const struct pool *p;
		const char *v;
		size_t src, at;

		do
			k = rng_below(&r, TG_KIND_COUNT);
		while (has_kind[k] == 0);
		src = with_kind[k][rng_below(&r, has_kind[k])];
		p = &ps.p[src];
		at = p->seen[k] < POOL ? p->seen[k] : POOL;
		v = strs_get(&ps.names, p->var[k][rng_below(&r, at)]);
		gen_local(&r, &lb);
		sb_addc(&lb, '@');
		b.dom[b.addr.n] = lb.n;
		sb_add(&lb, v);
		b.kind[b.addr.n] = (int)k;
		b.src[b.addr.n] = (uint32_t)src;
		strs_add(&b.addr, lb.s, lb.n);
		line_kind[k]++;
	}
	/* Other domains: clean against the main set, no candidate. */
	while (b.addr.n < count) {
		gen_domain(&r, &sb, 80);
		rc = tg_check(ix[MAIN_SET], sb.s, sb.n, NULL, 0, &chk);
		if (rc != TG_OK || chk.verdict != TG_VERDICT_CLEAN ||
		    chk.ncandidates > 0) {
			rejected++;
			continue;
		}
		gen_local(&r, &lb);
		sb_addc(&lb, '@');
		b.dom[b.addr.n] = lb.n;
		sb_add(&lb, sb.s);
		b.kind[b.addr.n] = -1;
		b.src[b.addr.n] = 0;
		strs_add(&b.addr, lb.s, lb.n);
	}
	b.n = count;
	/* Fisher-Yates over a permutation, then rebuild in that order. */
	{
		size_t *perm = bench_xrealloc(NULL, count * sizeof(*perm), "bench_check");
		struct strs na = { 0 };
		size_t *nd = bench_xrealloc(NULL, count * sizeof(*nd), "bench_check");
		int *nk = bench_xrealloc(NULL, count * sizeof(*nk), "bench_check");
		uint32_t *nsrc = bench_xrealloc(NULL, count * sizeof(*nsrc), "bench_check");

		for (i = 0; i < count; i++)
			perm[i] = i;
		for (i = count; i > 1; i--) {
			size_t t, x = rng_below(&r, i);

			t = perm[i - 1];
			perm[i - 1] = perm[x];
			perm[x] = t;
		}
		for (i = 0; i < count; i++) {
			size_t from = perm[i];

			strs_add(&na, strs_get(&b.addr, from),
			    strs_len(&b.addr, from));
			nd[i] = b.dom[from];
			nk[i] = b.kind[from];
			nsrc[i] = b.src[from];
		}
		strs_free(&b.addr);
		free(b.dom);
		free(b.kind);
		free(b.src);
		free(perm);
		b.addr = na;
		b.dom = nd;
		b.kind = nk;
		b.src = nsrc;
	}
	for (i = 0; i < count; i++) {
		b.bytes += strs_len(&b.addr, i) + 1;
		xn_lines += strstr(strs_get(&b.addr, i) + b.dom[i], "xn--") !=
		    NULL;
	}

	printf("protected domains: %zu generated, e.g. %s, %s, %s\n", dom.n,
	    strs_get(&dom, 0), strs_get(&dom, 1), strs_get(&dom, 2));
	printf("variants of the 10000 (tg_variants, all kinds but homoglyph; "
	    "homoglyph for every %dth domain, its first %d): %.1f s\n",
	    HG_EVERY, HG_TAKE, (double)tgen / 1e9);
	printf("batch: %zu addresses, %.1f bytes/line, %zu typo lines, %zu "
	    "other lines (%zu generated names refused: not clean), %zu with "
	    "xn-- labels\n", b.n, (double)b.bytes / (double)b.n, ntypo,
	    nother, rejected, xn_lines);
	printf("typo lines by kind:");
	for (k = 0; k < TG_KIND_COUNT; k++)
		if (line_kind[k] > 0)
			printf(" %s %.1f%%", tg_kind_name((int)k),
			    100.0 * (double)line_kind[k] / (double)ntypo);
	printf("\nexamples:");
	for (i = 0; i < 6 && i < b.n; i++)
		printf(" %s", strs_get(&b.addr, i));
	printf("\n\n");

	/*
	 * Untimed: every line against the main index.  A typo line should
	 * be a typo; some candidate should name the protected domain it came
	 * from with the kind tg_variants() gave; and the best candidate, the
	 * suggestion, should be that domain.
	 */
	for (i = 0; i < b.n; i++) {
		const char *a = strs_get(&b.addr, i), *src;
		int kb;

		tg_check(ix[MAIN_SET], a, strs_len(&b.addr, i), NULL, 0, &chk);
		if (b.kind[i] < 0) {
			if (chk.verdict == TG_VERDICT_CLEAN &&
			    chk.ncandidates == 0)
				other_ok++;
			else if (shown++ < 8)
				fprintf(stderr, "  other line %s: %s\n", a,
				    tg_verdict_name(chk.verdict));
			continue;
		}
		src = strs_get(&dom, b.src[i]);
		kb = b.kind[i];
		if (chk.verdict != TG_VERDICT_TYPO) {
			typo_other++;
			if (shown++ < 8)
				fprintf(stderr, "  typo line %s (%s of %s): "
				    "verdict %s%s%s\n", a, tg_kind_name(kb),
				    src,
				    tg_verdict_name(chk.verdict),
				    chk.reason[0] ? ", " : "", chk.reason);
			continue;
		}
		for (j = 0; j < chk.ncandidates; j++)
			if (strcmp(chk.candidates[j].entry, src) == 0 &&
			    (chk.candidates[j].kinds & (1u << kb)))
				break;
		if (j == chk.ncandidates) {
			typo_nosrc++;
			if (shown++ < 8)
				fprintf(stderr, "  typo line %s (%s of %s): no "
				    "candidate has that domain and kind "
				    "(first: "
				    "%s)\n", a, tg_kind_name(kb), src,
				    chk.candidates[0].domain);
			continue;
		}
		if (strcmp(chk.candidates[0].domain, src) != 0) {
			typo_kind++;
			top_wrong[kb]++;
			if (top_shown[kb]++ < 2)
				fprintf(stderr, "  typo line %s (%s of %s): "
				    "suggests %s (%s, %.2f) before %s (%.2f)\n",
				    a, tg_kind_name(kb), src,
				    chk.candidates[0].domain,
				    tg_kind_name(__builtin_ctz(
				    chk.candidates[0].kinds)),
				    chk.candidates[0].score,
				    chk.candidates[j].domain,
				    chk.candidates[j].score);
			continue;
		}
		typo_ok++;
	}
	printf("verdicts (10000-domain index): typo lines: %zu typo with "
	    "the domain they came from as the suggestion, %zu typo with it "
	    "among the candidates (with that kind) but another suggestion, "
	    "%zu typo without it among the candidates, %zu another verdict; "
	    "other lines: %zu of %zu clean with no candidate\n", typo_ok,
	    typo_kind, typo_nosrc, typo_other, other_ok, nother);
	if (typo_kind > 0) {
		printf("another suggestion, by kind of the typo:");
		for (k = 0; k < TG_KIND_COUNT; k++)
			if (top_wrong[k] > 0)
				printf(" %s %zu", tg_kind_name((int)k),
				    top_wrong[k]);
		printf("\n");
	}
	printf("\n");

	if (outdir != NULL) {
		FILE *fp = open_out(outdir, "protected.list");

		for (i = 0; i < set_sizes[MAIN_SET]; i++)
			fprintf(fp, "%s\n", strs_get(&dom, i));
		close_out(fp, "protected.list");
		fp = open_out(outdir, "protected-all.list");
		for (i = 0; i < dom.n; i++)
			fprintf(fp, "%s\n", strs_get(&dom, i));
		close_out(fp, "protected-all.list");
		fp = open_out(outdir, "batch.txt");
		for (i = 0; i < b.n; i++)
			fprintf(fp, "%s\n", strs_get(&b.addr, i));
		close_out(fp, "batch.txt");
		fp = open_out(outdir, "batch-domains.txt");
		for (i = 0; i < b.n; i++)
			fprintf(fp, "%s\n", strs_get(&b.addr, i) + b.dom[i]);
		close_out(fp, "batch-domains.txt");
		printf("wrote protected.list, protected-all.list, batch.txt, "
		    "batch-domains.txt\n\n");
		if (only_write)
			return 0;
	}

	/* -p SIZE: only the check loop at that size, for a profiler. */
	if (profile > 0) {
		view_make(&v_all, &b, 0);
		for (i = 0; i < reps; i++) {
			t_a[i] = run_check(ix[profile_at], &v_all, v_all.n,
			    &sum);
			printf("profile: %lu domains, %.0f checks/s\n", profile,
			    (double)v_all.n * 1e9 / (double)t_a[i]);
		}
		view_free(&v_all);
		return 0;
	}

	/* Build: the index against parsing the same names. */
	printf("%-8s %11s %11s %7s %14s %14s %7s\n", "domains", "build ms",
	    "parse ms", "ratio", "us/domain", "bytes/domain", "ratio");
	for (s = 0; s < NSIZES; s++) {
		size_t n = set_sizes[s];
		uint64_t psum = 0;

		for (name_bytes = 0, i = 0; i < n; i++)
			name_bytes += strs_len(&dom, i) + 1;
		for (i = 0; i < reps; i++) {
			if (i % 2 == 0) {
				t_a[i] = run_build(ctx, &dom, n, &mem[s]);
				t_b[i] = run_domparse(ctx, &dom, n, &sum);
			} else {
				t_b[i] = run_domparse(ctx, &dom, n, &sum);
				t_a[i] = run_build(ctx, &dom, n, &mem[s]);
			}
			unstable += i > 0 && sum != psum;
			psum = sum;
		}
		printf("%-8zu %11.2f %11.2f %6.1fx %14.2f %14.0f %6.1fx\n", n,
		    (double)bench_median(t_a, reps) / 1e6,
		    (double)bench_median(t_b, reps) / 1e6,
		    (double)bench_median(t_a, reps) / (double)bench_median(t_b, reps),
		    (double)bench_median(t_a, reps) / 1e3 / (double)n,
		    (double)mem[s] / (double)n,
		    (double)mem[s] / (double)name_bytes);
	}
	printf("ratio = index build time / tg_domain_parse time of the same "
	    "names; bytes ratio = tg_index_memory / bytes of the names\n\n");

	/*
	 * Checks at every set size: the whole batch, with tg_addr_parse()
	 * of the same lines alongside; then its typo lines and its other
	 * lines apart (the typo lines of the smaller sets are mostly not
	 * typos of them, so the whole batch does less work there); and the
	 * naive scan on a prefix of the batch.
	 */
	view_make(&v_all, &b, 0);
	view_make(&v_typo, &b, 1);
	view_make(&v_other, &b, 2);
	for (s = 0; s < NSIZES; s++) {
		nnaive[s] = (size_t)(NAIVE_PAIRS / set_sizes[s]);
		if (nnaive[s] > b.n)
			nnaive[s] = b.n;
		memset(vcount[s], 0, sizeof(vcount[s]));
		for (i = 0; i < b.n; i++) {
			tg_check(ix[s], v_all.p[i], v_all.len[i], NULL, 0,
			    &chk);
			vcount[s][chk.verdict]++;
		}
	}
	for (i = 0; i < reps; i++) {
		for (s = 0; s < NSIZES; s++) {
			uint64_t nsum, tsum, osum;

			if (i % 2 == 0) {
				t_chk[s][i] = run_check(ix[s], &v_all, v_all.n,
				    &sum);
				t_prs[s][i] = run_parse(ctx, &v_all, v_all.n,
				    &nsum);
			} else {
				t_prs[s][i] = run_parse(ctx, &v_all, v_all.n,
				    &nsum);
				t_chk[s][i] = run_check(ix[s], &v_all, v_all.n,
				    &sum);
			}
			t_typo[s][i] = run_check(ix[s], &v_typo, v_typo.n,
			    &tsum);
			t_other[s][i] = run_check(ix[s], &v_other, v_other.n,
			    &osum);
			unstable += i > 0 && sum != sum_chk[s];
			unstable += (i > 0 || s > 0) && nsum != sum_prs;
			unstable += i > 0 && (tsum != sum_typo[s] ||
			    osum != sum_other[s]);
			sum_chk[s] = sum;
			sum_typo[s] = tsum;
			sum_other[s] = osum;
			sum_prs = nsum;
			t_nv[s][i] = run_naive(ctx, &dom, set_sizes[s], &v_all,
			    nnaive[s], &nsum);
			unstable += i > 0 && nsum != sum_nv[s];
			sum_nv[s] = nsum;
		}
	}
	printf("%-8s %10s %10s %6s %8s %10s %10s %10s %8s %8s  %s\n",
	    "domains", "checks/s", "parses/s", "ratio", "ns/check",
	    "typo/s", "other/s", "naive/s", "idx/nv", "vs 100",
	    "verdicts typo/protected/allowed/clean/invalid");
	for (s = 0; s < NSIZES; s++) {
		double tc = (double)bench_median(t_chk[s], reps);
		double tp = (double)bench_median(t_prs[s], reps);
		double tn = (double)bench_median(t_nv[s], reps);
		double cps = (double)b.n * 1e9 / tc;
		double c100 = (double)b.n * 1e9 /
		    (double)bench_median(t_chk[0], reps);
		double nps = (double)nnaive[s] * 1e9 / tn;

		printf("%-8zu %10.0f %10.0f %5.3fx %8.0f %10.0f %10.0f %10.0f "
		    "%7.2fx %7.2fx  %zu/%zu/%zu/%zu/%zu\n", set_sizes[s], cps,
		    (double)b.n * 1e9 / tp, tp / tc, tc / (double)b.n,
		    (double)v_typo.n * 1e9 / (double)bench_median(t_typo[s], reps),
		    (double)v_other.n * 1e9 /
		    (double)bench_median(t_other[s], reps),
		    nps, cps / nps, cps / c100,
		    vcount[s][TG_VERDICT_TYPO], vcount[s][TG_VERDICT_PROTECTED],
		    vcount[s][TG_VERDICT_ALLOWED], vcount[s][TG_VERDICT_CLEAN],
		    vcount[s][TG_VERDICT_INVALID]);
	}
	printf("ratio = checks/s / parses/s (tg_addr_parse alone, alongside); "
	    "typo/s, other/s = checks/s over the typo lines, the other lines "
	    "alone; idx/nv = checks/s / naive scans/s; vs 100 = checks/s / "
	    "checks/s with 100 domains\n");
	printf("naive scan lines:");
	for (s = 0; s < NSIZES; s++)
		printf(" %zu%s", nnaive[s], s + 1 < NSIZES ? "," : "");
	printf("\nspread (max-min)/median: checks");
	for (s = 0; s < NSIZES; s++)
		printf(" %.1f%%", bench_spread(t_chk[s], reps));
	printf("; parses");
	for (s = 0; s < NSIZES; s++)
		printf(" %.1f%%", bench_spread(t_prs[s], reps));
	printf("; typo lines");
	for (s = 0; s < NSIZES; s++)
		printf(" %.1f%%", bench_spread(t_typo[s], reps));
	printf("; other lines");
	for (s = 0; s < NSIZES; s++)
		printf(" %.1f%%", bench_spread(t_other[s], reps));
	printf("\nchecksums: checks");
	for (s = 0; s < NSIZES; s++)
		printf(" %016llx", (unsigned long long)sum_chk[s]);
	printf("; naive");
	for (s = 0; s < NSIZES; s++)
		printf(" %016llx", (unsigned long long)sum_nv[s]);
	printf("\n");
	view_free(&v_all);
	view_free(&v_typo);
	view_free(&v_other);

	for (s = 0; s < NSIZES; s++)
		tg_index_free(ix[s]);
	for (k = 0; k < TG_KIND_COUNT; k++)
		free(with_kind[k]);
	free(ps.p);
	strs_free(&ps.names);
	strs_free(&b.addr);
	free(b.dom);
	free(b.kind);
	free(b.src);
	strs_free(&dom);
	free(seen.h);
	tg_ctx_free(ctx);
	if (unstable > 0) {
		fprintf(stderr, "bench_check: checksums changed between "
		    "repetitions\n");
		return EX_SOFTWARE;
	}
	return 0;
}
