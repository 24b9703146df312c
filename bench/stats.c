/*
 * stats.c - see stats.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"

uint64_t
bench_median(const uint64_t *v, size_t n)
{
	uint64_t s[BENCH_MAX_REPS], x;
	size_t i, j;

	memcpy(s, v, n * sizeof(*v));
	for (i = 1; i < n; i++) {
		x = s[i];
		for (j = i; j > 0 && s[j - 1] > x; j--)
			s[j] = s[j - 1];
		s[j] = x;
	}
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double
bench_spread(const uint64_t *v, size_t n)
{
	uint64_t lo = v[0], hi = v[0];
	size_t i;

	for (i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return 100.0 * (double)(hi - lo) / (double)bench_median(v, n);
}

unsigned long
bench_parse_arg(const char *s, unsigned long max, const char *what,
    const char *prog, const char *usage)
{
	unsigned long v;
	char *end;

	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || v == 0 || v > max) {
		fprintf(stderr, "%s: %s must be 1 to %lu, not '%s'\n"
		    "usage: %s\n", prog, what, max, s, usage);
		exit(64);   /* EX_USAGE */
	}
	return v;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z;

	r->state += 0x9e3779b97f4a7c15ull;
	z = r->state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

int
rng_chance(struct rng *r, unsigned per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void *
bench_xrealloc(void *p, size_t size, const char *prog)
{
	p = realloc(p, size);
	if (p == NULL && size > 0) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(70); /* EX_SOFTWARE */
	}
	return p;
}
