/*
 * bench_normalise.c - throughput of envelope-address normalisation.
 *
 * Measures tg_addr_parse() in addresses per second over a generated
 * workload, against the pipeline a programmer would write with libidn2 and
 * libpsl directly, run side by side in this program on the same inputs:
 *
 *   strip one pair of <>, split at the last '@', drop one trailing dot,
 *   idn2_to_ascii_8z(IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES),
 *   idn2_to_unicode_8z8z, psl_registrable_domain, psl_unregistrable_domain
 *
 * with the same public suffix list (the bundled copy, TG_BENCH_PSL).
 * Both produce the A-label, U-label, registrable domain and public suffix;
 * tg_addr_parse() also checks the local part and the domain syntax.
 *
 * The workload comes from a fixed-seed generator, so every run sees the
 * same addresses.  Three workloads: "mixed" (mostly ASCII, some IDN,
 * A-labels and quoted local parts), "ascii" (the ASCII kinds of "mixed":
 * every domain takes the library's ASCII fast path) and "idn" (every
 * domain takes the IDNA path through libidn2).
 *
 * Each measurement is repeated and the median reported; ours and the
 * baseline alternate (and swap order every repetition) so that drift of
 * the machine affects both alike.  An untimed first pass checks that both
 * pipelines give the same domain outputs and warms caches.  Outputs are
 * folded into checksums, printed at the end, so no work can be optimised
 * away; the checksums of ours and the baseline are equal when the outputs
 * are.
 *
 * Usage: bench_normalise [COUNT [REPETITIONS]]
 *   COUNT        addresses per workload (default 1000000)
 *   REPETITIONS  timed runs of each pipeline per workload (default 5)
 */
#include <idn2.h>
#include <libpsl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"
#include "typoguard.h"

#ifndef TG_BENCH_PSL
#error "TG_BENCH_PSL must name the public suffix list (see bench/meson.build)"
#endif

#define DEFAULT_COUNT 1000000ul
#define DEFAULT_REPS 5ul
#define MAX_COUNT 100000000ul
#define MAX_REPS 1000ul
#define SEED 0x7479706f67756172ull /* "typoguar" */
#define IDN_FLAGS (IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES)
#define EX_USAGE 64

static const char usage[] = "bench_normalise [COUNT [REPETITIONS]]";
#define EX_SOFTWARE 70

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))


#define PICK(r, a) ((a)[rng_below((r), (unsigned)NELEM(a))])

/* ------------------------------------------------------------------ */
/* Material for addresses.                                              */

static const char *const first_names[] = {
	"john", "mary", "peter", "anna", "wei", "li", "hiroshi", "yuki",
	"olga", "ivan", "fatima", "ahmed", "maria", "jose", "lars", "ingrid",
	"pierre", "chloe", "raj", "priya", "kwame", "amara", "sean", "niamh",
	"giulia", "marco", "sofia", "mateo", "eva", "jan", "aiko", "min",
};

static const char *const last_names[] = {
	"smith", "jones", "mueller", "schmidt", "tanaka", "suzuki", "ivanov",
	"petrova", "garcia", "rossi", "dubois", "kowalski", "nguyen", "kim",
	"patel", "okafor", "murphy", "jansen", "silva", "novak", "haddad",
	"larsen", "bianchi", "moreau", "fischer", "yamamoto", "chen", "wang",
};

static const char *const roles[] = {
	"info", "support", "sales", "noreply", "billing", "hr", "admin",
	"contact", "office", "jobs",
};

static const char *const tags[] = {
	"news", "invoices", "lists", "github", "travel", "bank",
};

static const char *const subdomains[] = {
	"mail", "mx1", "lists", "smtp", "eu", "us", "staff", "students", "hq",
	"corp", "dept", "research",
};

static const char *const bases[] = {
	"example", "acme", "contoso", "globex", "initech", "umbrella",
	"northwind", "army", "navy", "citybank", "hospital", "university",
	"gmail", "outlook", "yahoo", "proton", "fastmail", "posteo",
	"telekom", "orange", "ministry", "council",
};

/* Repeated entries weight the choice. */
static const char *const suffixes[] = {
	"com", "com", "com", "com", "com", "com", "org", "org", "net", "net",
	"de", "de", "fr", "nl", "it", "es", "ch", "se", "pl", "io", "mil",
	"ml", "gov", "edu", "co.uk", "co.uk", "org.uk", "ac.uk", "gov.uk",
	"com.au", "co.jp", "ne.jp", "ac.jp", "com.br", "co.nz", "co.za",
	"blogspot.com", "github.io",
};

/* Registrable IDN domains in several scripts, U-label form. */
static const char *const idn_domains[] = {
	"bücher.de", "müller.de", "straße.de", "köln.de", "zürich.ch",
	"café.fr", "élève.fr", "ñandú.com.ar", "пример.рф", "почта.рф",
	"москва.рф", "пример.com", "παράδειγμα.ελ", "δοκιμή.gr", "例え.jp",
	"日本語.jp", "お名前.com", "ドメイン名例.jp", "例子.中国", "公司.cn",
	"한국.kr", "مثال.com", "דוגמה.co.il", "उदाहरण.भारत",
	"ตัวอย่าง.ไทย",
};

/* UTF-8 local parts (RFC 6531). */
static const char *const utf8_locals[] = {
	"jörg", "josé", "françois", "иван.петров", "ольга", "太郎",
	"δοκιμή", "用户", "ユーザー", "müller.anna",
};

/* Quoted local parts, as written. */
static const char *const quoted_locals[] = {
	"\"john smith\"", "\"a@b\"", "\"john..doe\"", "\"x\\\"y\"",
	"\"info desk\"", "\".dot.first\"",
};

static const char *const syllables[] = {
	"ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "ba", "zo",
	"pe", "ri", "tan", "gor", "lin", "mar", "sen",
};

/* ------------------------------------------------------------------ */
/* Workloads.                                                           */

enum kind {
	KIND_ASCII,   /* ASCII local part and domain */
	KIND_QUOTED,  /* quoted local part, ASCII domain */
	KIND_ALABEL,  /* domain with xn-- labels (ASCII bytes, IDNA path) */
	KIND_IDN,     /* UTF-8 domain, ASCII local part */
	KIND_EAI,     /* UTF-8 domain and local part */
	KIND_COUNT
};

static const char *const kind_names[KIND_COUNT] = {
	"ascii", "quoted", "a-label", "idn", "idn+utf8-local",
};

enum attr {
	ATTR_ANGLE,    /* written in <> */
	ATTR_TRAILDOT, /* domain ends in '.' */
	ATTR_CASE,     /* mixed or upper case */
	ATTR_COUNT
};

static const char *const attr_names[ATTR_COUNT] = {
	"angle brackets", "trailing dot", "mixed case",
};

struct workload {
	const char *name;
	unsigned weight[KIND_COUNT]; /* per mille */
	char *buf;                   /* the addresses, each NUL-terminated */
	size_t buf_len, buf_cap;
	size_t *off;                 /* address i starts at buf + off[i] */
	size_t *len;                 /* and has len[i] bytes */
	size_t n;
	size_t kinds[KIND_COUNT];
	size_t attrs[ATTR_COUNT];
};

/* A-label forms of idn_domains[], made once with libidn2. */
static char *idn_alabels[NELEM(idn_domains)];

/* One address under construction. */
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

static void
gen_word(struct rng *r, struct sb *b)
{
	unsigned i, n = 2 + rng_below(r, 3);

	for (i = 0; i < n; i++)
		sb_add(b, PICK(r, syllables));
}

static void
gen_ascii_local(struct rng *r, struct sb *b)
{
	char num[16];

	switch (rng_below(r, 10)) {
	case 0:
	case 1:
	case 2:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '.');
		sb_add(b, PICK(r, last_names));
		break;
	case 3:
		sb_add(b, PICK(r, first_names));
		break;
	case 4:
		sb_addc(b, PICK(r, first_names)[0]);
		sb_add(b, PICK(r, last_names));
		break;
	case 5:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '_');
		sb_add(b, PICK(r, last_names));
		break;
	case 6:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '.');
		sb_add(b, PICK(r, last_names));
		snprintf(num, sizeof(num), "%u", (unsigned)(1 + rng_below(r, 99)));
		sb_add(b, num);
		break;
	case 7:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '+');
		sb_add(b, PICK(r, tags));
		break;
	case 8:
		sb_add(b, PICK(r, first_names));
		sb_addc(b, '-');
		sb_add(b, PICK(r, last_names));
		break;
	default:
		sb_add(b, PICK(r, roles));
		break;
	}
}

/* Zero to two subdomain labels and a dot after each. */
static void
gen_subdomains(struct rng *r, struct sb *b)
{
	if (rng_chance(r, 350)) {
		sb_add(b, PICK(r, subdomains));
		sb_addc(b, '.');
		if (rng_chance(r, 150)) {
			sb_add(b, PICK(r, subdomains));
			sb_addc(b, '.');
		}
	}
}

static void
gen_ascii_domain(struct rng *r, struct sb *b)
{
	gen_subdomains(r, b);
	if (rng_chance(r, 500))
		sb_add(b, PICK(r, bases));
	else
		gen_word(r, b);
	sb_addc(b, '.');
	sb_add(b, PICK(r, suffixes));
}

/* Capitalises ASCII letters that start a word (style 0) or upper-cases
 * the whole domain (style 1).  Bytes >= 0x80 are never touched. */
static void
apply_case(char *s, int style)
{
	char *at = strrchr(s, '@');
	size_t i;
	int start = 1;

	if (style == 1) {
		for (s = at + 1; *s != '\0'; s++)
			if (*s >= 'a' && *s <= 'z')
				*s = (char)(*s - 'a' + 'A');
		return;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (start && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
		start = strchr(".@<_-+", s[i]) != NULL;
	}
}

static enum kind
pick_kind(struct rng *r, const unsigned weight[KIND_COUNT])
{
	unsigned total = 0, x;
	int k;

	for (k = 0; k < KIND_COUNT; k++)
		total += weight[k];
	x = rng_below(r, total);
	for (k = 0; k < KIND_COUNT - 1; k++) {
		if (x < weight[k])
			break;
		x -= weight[k];
	}
	return (enum kind)k;
}

/* Writes one address of a kind drawn from w's weights into b. */
static void
gen_address(struct rng *r, struct workload *w, struct sb *b)
{
	enum kind k = pick_kind(r, w->weight);
	int angle = rng_chance(r, 300), dot = rng_chance(r, 30);
	unsigned i, c = rng_below(r, 1000);

	b->n = 0;
	b->s[0] = '\0';
	if (angle)
		sb_addc(b, '<');
	switch (k) {
	case KIND_ASCII:
		gen_ascii_local(r, b);
		break;
	case KIND_QUOTED:
		sb_add(b, PICK(r, quoted_locals));
		break;
	case KIND_ALABEL:
	case KIND_IDN:
		gen_ascii_local(r, b);
		break;
	default:
		sb_add(b, PICK(r, utf8_locals));
		break;
	}
	sb_addc(b, '@');
	switch (k) {
	case KIND_ASCII:
	case KIND_QUOTED:
		gen_ascii_domain(r, b);
		break;
	case KIND_ALABEL:
		gen_subdomains(r, b);
		i = rng_below(r, (unsigned)NELEM(idn_alabels));
		sb_add(b, idn_alabels[i]);
		break;
	default:
		gen_subdomains(r, b);
		sb_add(b, PICK(r, idn_domains));
		break;
	}
	if (dot)
		sb_addc(b, '.');
	if (angle)
		sb_addc(b, '>');
	if (c < 200)
		apply_case(b->s, c < 150 ? 0 : 1);
	w->kinds[k]++;
	w->attrs[ATTR_ANGLE] += angle != 0;
	w->attrs[ATTR_TRAILDOT] += dot != 0;
	w->attrs[ATTR_CASE] += c < 200;
}

static void
workload_build(struct workload *w, size_t n, uint64_t seed)
{
	struct rng r = { seed };
	struct sb b;
	size_t i;

	w->off = bench_xrealloc(NULL, n * sizeof(*w->off), "bench_normalise");
	w->len = bench_xrealloc(NULL, n * sizeof(*w->len), "bench_normalise");
	for (i = 0; i < n; i++) {
		gen_address(&r, w, &b);
		if (w->buf_len + b.n + 1 > w->buf_cap) {
			w->buf_cap = w->buf_cap > 0 ? 2 * w->buf_cap : 1u << 20;
			w->buf = bench_xrealloc(w->buf, w->buf_cap, "bench_normalise");
		}
		memcpy(w->buf + w->buf_len, b.s, b.n + 1);
		w->off[i] = w->buf_len;
		w->len[i] = b.n;
		w->buf_len += b.n + 1;
	}
	w->n = n;
}

static void
workload_free(struct workload *w)
{
	free(w->buf);
	free(w->off);
	free(w->len);
}

static void
workload_describe(const struct workload *w)
{
	double n = (double)w->n;
	int k;

	printf("workload %-6s", w->name);
	for (k = 0; k < KIND_COUNT; k++)
		if (w->weight[k] > 0)
			printf(" %s %.1f%%", kind_names[k],
			    100.0 * (double)w->kinds[k] / n);
	printf(";");
	for (k = 0; k < ATTR_COUNT; k++)
		printf(" %s %.1f%%", attr_names[k],
		    100.0 * (double)w->attrs[k] / n);
	printf("; %.1f bytes/address\n",
	    (double)(w->buf_len - w->n) / n);
}

/* ------------------------------------------------------------------ */
/* The two pipelines.                                                   */

/* FNV-1a step over a length and the first and last bytes of s. */
static uint64_t
fold(uint64_t h, const char *s)
{
	size_t n = strlen(s);

	h = (h ^ n) * 0x100000001b3ull;
	if (n > 0)
		h = (h ^ ((unsigned char)s[0] |
		    (uint64_t)(unsigned char)s[n - 1] << 8)) * 0x100000001b3ull;
	return h;
}

/* What the baseline gives for one address. */
struct naive_out {
	char *alabel;            /* from libidn2 */
	char *ulabel;            /* from libidn2 */
	const char *registrable; /* within alabel; NULL if none */
	const char *suffix;      /* within alabel */
};

static void
naive_free(struct naive_out *o)
{
	idn2_free(o->alabel);
	idn2_free(o->ulabel);
	o->alabel = o->ulabel = NULL;
}

/*
 * The pipeline written directly with the libraries.  Returns 0, or -1
 * when it cannot give a result.  The caller releases o with naive_free().
 */
static int
naive_parse(const psl_ctx_t *psl, const char *s, size_t len,
    struct naive_out *o)
{
	char dom[TG_ADDR_INPUT_MAX + 1];
	size_t at;

	o->alabel = o->ulabel = NULL;
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		s++;
		len -= 2;
	}
	for (at = len; at > 0 && s[at - 1] != '@'; at--)
		;
	if (at == 0)
		return -1;
	len -= at;
	s += at;
	if (len > 1 && s[len - 1] == '.')
		len--;
	memcpy(dom, s, len);
	dom[len] = '\0';
	if (idn2_to_ascii_8z(dom, &o->alabel, IDN_FLAGS) != IDN2_OK ||
	    idn2_to_unicode_8z8z(o->alabel, &o->ulabel, 0) != IDN2_OK) {
		naive_free(o);
		return -1;
	}
	o->registrable = psl_registrable_domain(psl, o->alabel);
	o->suffix = psl_unregistrable_domain(psl, o->alabel);
	return 0;
}

#define FOLD_INIT 0xcbf29ce484222325ull

/* One timed pass of tg_addr_parse() over w; returns nanoseconds. */
static uint64_t
run_ours(const tg_ctx *ctx, const struct workload *w, uint64_t *sum)
{
	static struct tg_addr a;
	struct tg_error err;
	uint64_t h = FOLD_INIT, t0;
	size_t i;

	t0 = bench_now_ns();
	for (i = 0; i < w->n; i++) {
		if (tg_addr_parse(ctx, w->buf + w->off[i], w->len[i], 0, &a,
		    &err) != TG_OK) {
			h = (h ^ (uint64_t)err.code) * 0x100000001b3ull;
			continue;
		}
		h = fold(h, a.domain.alabel);
		h = fold(h, a.domain.ulabel);
		h = fold(h, a.domain.registrable);
		h = fold(h, a.domain.suffix);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

/* One timed pass of the baseline over w; returns nanoseconds. */
static uint64_t
run_naive(const psl_ctx_t *psl, const struct workload *w, uint64_t *sum)
{
	struct naive_out o;
	uint64_t h = FOLD_INIT, t0;
	size_t i;

	t0 = bench_now_ns();
	for (i = 0; i < w->n; i++) {
		if (naive_parse(psl, w->buf + w->off[i], w->len[i], &o) != 0) {
			h = (h ^ (uint64_t)-1) * 0x100000001b3ull;
			continue;
		}
		h = fold(h, o.alabel);
		h = fold(h, o.ulabel);
		h = fold(h, o.registrable != NULL ? o.registrable : "");
		h = fold(h, o.suffix != NULL ? o.suffix : "");
		naive_free(&o);
	}
	*sum = h;
	return bench_now_ns() - t0;
}

/*
 * Untimed: both pipelines on every address of w, outputs compared.
 * Prints a line; returns the number of addresses where they differ or
 * either fails.
 */
static size_t
cross_check(const tg_ctx *ctx, const psl_ctx_t *psl,
    const struct workload *w)
{
	static struct tg_addr a;
	struct tg_error err;
	struct naive_out o;
	size_t i, bad = 0, ours_fail = 0, naive_fail = 0, shown = 0;
	const char *s;
	int rc_ours, rc_naive, same;

	for (i = 0; i < w->n; i++) {
		s = w->buf + w->off[i];
		rc_ours = tg_addr_parse(ctx, s, w->len[i], 0, &a, &err);
		rc_naive = naive_parse(psl, s, w->len[i], &o);
		ours_fail += rc_ours != TG_OK;
		naive_fail += rc_naive != 0;
		same = rc_ours == TG_OK && rc_naive == 0 &&
		    strcmp(a.domain.alabel, o.alabel) == 0 &&
		    strcmp(a.domain.ulabel, o.ulabel) == 0 &&
		    strcmp(a.domain.registrable,
			o.registrable != NULL ? o.registrable : "") == 0 &&
		    strcmp(a.domain.suffix,
			o.suffix != NULL ? o.suffix : "") == 0;
		if (!same) {
			bad++;
			if (shown++ < 3)
				fprintf(stderr, "  differ: '%s': ours %s, "
				    "baseline %s\n", s,
				    rc_ours == TG_OK ? a.domain.alabel :
				    err.message,
				    rc_naive == 0 ? o.alabel : "(failed)");
		}
		if (rc_naive == 0)
			naive_free(&o);
	}
	printf("check  %-6s %zu of %zu addresses give the same domain "
	    "outputs (ours rejected %zu, baseline failed %zu)\n", w->name,
	    w->n - bad, w->n, ours_fail, naive_fail);
	return bad;
}

/* ------------------------------------------------------------------ */
/* Statistics and the report.                                           */




static const char *
base_name(const char *path)
{
	const char *p = strrchr(path, '/');

	return p != NULL ? p + 1 : path;
}

int
main(int argc, char **argv)
{
	static struct workload w[] = {
		{ .name = "mixed", .weight = { 850, 20, 50, 60, 20 } },
		{ .name = "ascii", .weight = { 850, 20, 0, 0, 0 } },
		{ .name = "idn", .weight = { 0, 0, 400, 450, 150 } },
	};
	enum { NW = NELEM(w) };
	static uint64_t t_ours[NW][MAX_REPS], t_naive[NW][MAX_REPS];
	uint64_t sum_ours[NW] = { 0 }, sum_naive[NW] = { 0 }, sum;
	unsigned long count = DEFAULT_COUNT, reps = DEFAULT_REPS;
	struct tg_error err;
	psl_ctx_t *psl;
	tg_ctx *ctx;
	size_t i, r, mismatches = 0, unstable = 0;
	int rc;

	if (argc > 3) {
		fprintf(stderr, "usage: %s\n", usage);
		return EX_USAGE;
	}
	if (argc > 1)
		count = bench_parse_arg(argv[1], MAX_COUNT, "COUNT",
		    "bench_normalise", usage);
	if (argc > 2)
		reps = bench_parse_arg(argv[2], MAX_REPS, "REPETITIONS",
		    "bench_normalise", usage);

	if (tg_ctx_new(&ctx, TG_BENCH_PSL, &err) != TG_OK) {
		fprintf(stderr, "bench_normalise: %s\n", err.message);
		return EX_SOFTWARE;
	}
	psl = psl_load_file(TG_BENCH_PSL);
	if (psl == NULL) {
		fprintf(stderr, "bench_normalise: libpsl cannot load %s\n",
		    TG_BENCH_PSL);
		return EX_SOFTWARE;
	}
	for (i = 0; i < NELEM(idn_domains); i++) {
		rc = idn2_to_ascii_8z(idn_domains[i], &idn_alabels[i],
		    IDN_FLAGS);
		if (rc != IDN2_OK) {
			fprintf(stderr, "bench_normalise: %s: %s\n",
			    idn_domains[i], idn2_strerror(rc));
			return EX_SOFTWARE;
		}
	}

	printf("typoguard %s, libidn2 %s, libpsl %s, %s (%d rules)\n",
	    tg_version(), idn2_check_version(NULL), psl_get_version(),
	    base_name(TG_BENCH_PSL), psl_suffix_count(psl));
	printf("%lu addresses per workload, %lu repetitions, median "
	    "reported\n\n", count, reps);
	for (i = 0; i < NW; i++) {
		workload_build(&w[i], count, SEED + i);
		workload_describe(&w[i]);
	}
	printf("\n");
	for (i = 0; i < NW; i++)
		mismatches += cross_check(ctx, psl, &w[i]);

	for (r = 0; r < reps; r++) {
		for (i = 0; i < NW; i++) {
			if (r % 2 == 0) {
				t_ours[i][r] = run_ours(ctx, &w[i], &sum);
				unstable += r > 0 && sum != sum_ours[i];
				sum_ours[i] = sum;
				t_naive[i][r] = run_naive(psl, &w[i], &sum);
				unstable += r > 0 && sum != sum_naive[i];
				sum_naive[i] = sum;
			} else {
				t_naive[i][r] = run_naive(psl, &w[i], &sum);
				unstable += sum != sum_naive[i];
				sum_naive[i] = sum;
				t_ours[i][r] = run_ours(ctx, &w[i], &sum);
				unstable += sum != sum_ours[i];
				sum_ours[i] = sum;
			}
		}
	}

	printf("\n%-8s %12s %16s %7s %13s %17s\n", "workload", "ours addr/s",
	    "baseline addr/s", "ratio", "ours ns/addr", "baseline ns/addr");
	for (i = 0; i < NW; i++) {
		double mo = (double)bench_median(t_ours[i], reps);
		double mn = (double)bench_median(t_naive[i], reps);
		double n = (double)w[i].n;

		printf("%-8s %12.0f %16.0f %6.2fx %13.1f %17.1f\n", w[i].name,
		    n * 1e9 / mo, n * 1e9 / mn, mn / mo, mo / n, mn / n);
	}
	printf("\nratio = ours addr/s / baseline addr/s (> 1: ours faster)\n");
	printf("spread (max-min)/median:");
	for (i = 0; i < NW; i++)
		printf(" %s ours %.1f%% baseline %.1f%%%s", w[i].name,
		    bench_spread(t_ours[i], reps), bench_spread(t_naive[i], reps),
		    i + 1 < NW ? ";" : "\n");
	printf("checksums:");
	for (i = 0; i < NW; i++)
		printf(" %s ours %016llx baseline %016llx%s", w[i].name,
		    (unsigned long long)sum_ours[i],
		    (unsigned long long)sum_naive[i], i + 1 < NW ? ";" : "\n");

	for (i = 0; i < NW; i++)
		workload_free(&w[i]);
	for (i = 0; i < NELEM(idn_alabels); i++)
		idn2_free(idn_alabels[i]);
	psl_free(psl);
	tg_ctx_free(ctx);
	if (unstable > 0) {
		fprintf(stderr, "bench_normalise: checksums changed between "
		    "repetitions\n");
		return EX_SOFTWARE;
	}
	if (mismatches > 0)
		fprintf(stderr, "bench_normalise: %zu addresses differ between "
		    "the pipelines (see above)\n", mismatches);
	return 0;
}
