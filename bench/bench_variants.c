/*
 * bench_variants.c - tg_variants() in one process, start-up left out.
 *
 * The command-line comparison with dnstwist (bench/compare-dnstwist.sh)
 * times `typoguard variants` as a process, which also loads the public
 * suffix list and the known-legitimate list; dnstwist's side is timed
 * inside its interpreter.  This program times the library alone, as
 * compare_dnstwist.py --in-process times dnstwist's Fuzzer.generate():
 * an index with the bundled known-legitimate list is built once, then
 * for each domain tg_variants() with TG_VARIANTS_MARK_LEGIT and the
 * built-in tld-swap targets (those of data/tld-swap.txt) runs
 * REPETITIONS times; the callback counts the names and the bytes of
 * their A-labels and U-labels, so that nothing is written.
 *
 * Output: one line per domain (names, median seconds, spread of the
 * repetitions, nanoseconds per name) and a total.
 *
 * Usage: bench_variants [-r REPETITIONS] [DOMAIN...]
 *   DOMAIN...  default: the ten of BENCHMARKS.md
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

#define EX_USAGE 64
#define EX_SOFTWARE 70

static const char usage[] = "bench_variants [-r REPETITIONS] [DOMAIN...]";

static const char *const default_domains[] = {
	"gmail.com", "army.mil", "army.nl", "paypal.com", "microsoft.com",
	"b\xc3\xbc" "cher.de", "mail.example.co.uk", "tesla.com",
	"example.co.uk", "internationalbank.com",
};

struct count {
	unsigned long names;
	unsigned long bytes;
};

static int
on_variant(const struct tg_variant *v, void *arg)
{
	struct count *c = arg;

	c->names++;
	c->bytes += strlen(v->domain) + strlen(v->unicode);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tg_variants_opts vo;
	struct tg_error err;
	struct count c;
	tg_ctx *ctx = NULL;
	tg_index *ix = NULL;
	const char *const *doms = default_domains;
	size_t ndoms = sizeof(default_domains) / sizeof(default_domains[0]);
	uint64_t t[BENCH_MAX_REPS], t0, total_ns = 0;
	unsigned long reps = 5, total = 0, r;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r') {
			fprintf(stderr, "usage: %s\n", usage);
			return EX_USAGE;
		}
		reps = bench_parse_arg(optarg, BENCH_MAX_REPS, "REPETITIONS",
		    "bench_variants", usage);
	}
	if (optind < argc) {
		doms = (const char *const *)argv + optind;
		ndoms = (size_t)(argc - optind);
	}
	if (tg_ctx_new(&ctx, TG_BENCH_PSL, &err) != TG_OK ||
	    tg_index_new(&ix, ctx, NULL, &err) != TG_OK ||
	    tg_index_load(ix, TG_LIST_LEGIT, TG_BENCH_LEGIT, NULL, NULL,
	    &err) != TG_OK || tg_index_seal(ix, &err) != TG_OK) {
		fprintf(stderr, "bench_variants: %s\n", err.message);
		return EX_SOFTWARE;
	}
	memset(&vo, 0, sizeof(vo));
	vo.flags = TG_VARIANTS_MARK_LEGIT;
	printf("%-24s %9s %10s %7s %8s\n", "domain", "names", "seconds",
	    "spread", "ns/name");
	for (i = 0; i < ndoms; i++) {
		for (r = 0; r < reps; r++) {
			memset(&c, 0, sizeof(c));
			t0 = bench_now_ns();
			if (tg_variants(ix, doms[i], strlen(doms[i]), &vo,
			    on_variant, &c, &err) != TG_OK) {
				fprintf(stderr, "bench_variants: %s: %s\n",
				    doms[i], err.message);
				return EX_SOFTWARE;
			}
			t[r] = bench_now_ns() - t0;
		}
		printf("%-24s %9lu %10.4f %6.1f%% %8.0f\n", doms[i], c.names,
		    (double)bench_median(t, reps) / 1e9, bench_spread(t, reps),
		    c.names ? (double)bench_median(t, reps) / (double)c.names :
		    0.0);
		total += c.names;
		total_ns += bench_median(t, reps);
	}
	printf("%-24s %9lu %10.4f %7s %8.0f\n", "total", total,
	    (double)total_ns / 1e9, "", total ? (double)total_ns /
	    (double)total : 0.0);
	tg_index_free(ix);
	tg_ctx_free(ctx);
	return 0;
}
