/*
 * stats.h - what every benchmark program shares: the median and spread of
 * repeated timings, its numeric arguments, a clock, an allocator that
 * exits, and a seeded random source.
 */
#ifndef TG_BENCH_STATS_H
#define TG_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Most repetitions a benchmark may ask for. */
#define BENCH_MAX_REPS 1000ul

/* Median of v[0..n), 1 <= n <= BENCH_MAX_REPS. */
uint64_t bench_median(const uint64_t *v, size_t n);

/* (max - min) / median of v[0..n), in per cent. */
double bench_spread(const uint64_t *v, size_t n);

/* s as a number from 1 to max, or exits 64 after "PROG: WHAT must be ..."
 * and the usage line. */
unsigned long bench_parse_arg(const char *s, unsigned long max,
    const char *what, const char *prog, const char *usage);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* realloc(), or exits 70 after "PROG: out of memory". */
void *bench_xrealloc(void *p, size_t size, const char *prog);

/* Pseudo-random numbers: SplitMix64 from a fixed seed, so that every run
 * makes the same workload. */
struct rng {
	uint64_t state;
};

uint64_t rng_next(struct rng *r);
/* A number in [0, n), n > 0. */
size_t rng_below(struct rng *r, size_t n);
/* True with probability per_mille / 1000. */
int rng_chance(struct rng *r, unsigned per_mille);

#endif
