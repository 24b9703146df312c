/*
 * domain_int.h - domain parsing for other library modules.
 */
#ifndef TG_DOMAIN_INT_H
#define TG_DOMAIN_INT_H

#include <stddef.h>

#include "typoguard.h"

/*
 * tg_domain_parse() for a slice of a larger input: base is the slice's
 * offset in that input and is added to every offset reported.
 */
int tg__domain_parse(const tg_ctx *ctx, const char *s, size_t len,
    size_t base, struct tg_domain *out, struct tg_error *err);

/*
 * tg__domain_parse() without the suffix split: suffix and registrable
 * are left empty, TG_DOMAIN_PUBLIC_SUFFIX unset.  For names only stored
 * (allowed and known legitimate lists), whose split nothing reads.
 */
int tg__domain_parse_name(const tg_ctx *ctx, const char *s, size_t len,
    size_t base, struct tg_domain *out, struct tg_error *err);

/*
 * tg_domain_parse() with libidn2 deciding every IDN, as before the fast
 * path of idna.c: the oracle of the tests that compare the two.
 */
int tg__domain_parse_idn2(const tg_ctx *ctx, const char *s, size_t len,
    struct tg_domain *out, struct tg_error *err);

#endif
