/*
 * alloc.c - allocation wrapper with failure injection for tests.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"

/* Countdown for failure injection; 0 means off.  Only tests set it. */
static unsigned long fail_countdown;
static int failing;

static int
should_fail(void)
{
	if (failing)
		return 1;
	if (fail_countdown == 0)
		return 0;
	if (--fail_countdown == 0) {
		failing = 1;
		return 1;
	}
	return 0;
}

void
tg__alloc_fail_after(unsigned long n)
{
	fail_countdown = n;
	failing = 0;
}

void *
tg__malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size == 0 ? 1 : size);
}

void *
tg__calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

void *
tg__realloc(void *p, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(p, size == 0 ? 1 : size);
}

char *
tg__strndup(const char *s, size_t len)
{
	char *d;

	if (len == (size_t)-1)
		return NULL;
	d = tg__malloc(len + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void
tg__free(void *p)
{
	free(p);
}
