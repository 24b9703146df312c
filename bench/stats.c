/*
 * stats.c - see stats.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
