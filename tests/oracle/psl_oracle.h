/*
 * psl_oracle.h - libpsl's answer, as the tests' oracle for the library's
 * own suffix table (src/lib/suffix.c): shared by the unit tests and the
 * fuzz target, so that both hold the table to the same reference.
 */
#ifndef TG_PSL_ORACLE_H
#define TG_PSL_ORACLE_H

#include <libpsl.h>

/* The public suffix libpsl gives for name (a pointer into name), with
 * TG__SFX_KNOWN and TG__SFX_PRIVATE in *flags as the suffix table sets
 * them: computed as domain.c did before it had its own table. */
const char *psl_oracle(const psl_ctx_t *psl, const char *name,
    unsigned *flags);

#endif
