/*
 * idna_oracle.h - libidn2's answer, as the tests' oracle for the IDNA
 * fast path (src/lib/idna.c) and for tg_domain_parse(): shared by the
 * unit tests and the idna fuzz target, so that both hold the fast path to
 * the same reference.
 */
#ifndef TG_IDNA_ORACLE_H
#define TG_IDNA_ORACLE_H

#include <stddef.h>

#include "typoguard.h"

/*
 * When the fast path takes s[0..len) (no NUL inside), whether libidn2
 * agrees: idn2_to_ascii_8z() (UTS #46 non-transitional, with and without
 * the STD3 rules) gives the same A-label and idn2_to_unicode_8z8z() of it
 * the same U-label.  Returns NULL when it does or when the fast path
 * leaves the name, else what differs; *fast says whether it took it.
 */
const char *idna_oracle_fast(const char *s, size_t len, int *fast);

/*
 * idna_oracle_fast(), then tg_domain_parse() against the parse with
 * libidn2 deciding every IDN (tg__domain_parse_idn2()): the same struct
 * tg_domain, or the same error code, offset and message.  Returns NULL
 * when all agree, else what differs.
 */
const char *idna_oracle(const tg_ctx *ctx, const char *s, size_t len, int *fast);

#endif
