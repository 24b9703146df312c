/*
 * stats.h - what every benchmark program shares: the median and spread of
 * repeated timings, and its numeric arguments.
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

#endif
