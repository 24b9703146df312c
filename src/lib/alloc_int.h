/*
 * alloc_int.h - the library's one allocation wrapper.
 *
 * Every allocation in libtypoguard goes through these so that tests can
 * make the n-th allocation fail and check that each error path is clean.
 */
#ifndef TG_ALLOC_INT_H
#define TG_ALLOC_INT_H

#include <stddef.h>

void *tg__malloc(size_t size);
void *tg__calloc(size_t n, size_t size);
void *tg__realloc(void *p, size_t size);
char *tg__strndup(const char *s, size_t len);
void tg__free(void *p);

/*
 * For tests: the n-th allocation from now fails (n >= 1), and every one
 * after it while the countdown is 0; 0 turns failure injection off.
 * Not thread-safe; tests only.
 */
void tg__alloc_fail_after(unsigned long n);

#endif
