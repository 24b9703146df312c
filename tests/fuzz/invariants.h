/*
 * invariants.h - what every fuzz target checks about the library's output.
 *
 * The targets do not stop at "no crash": each result is checked against
 * the contracts in typoguard.h, and a violation calls abort() so that
 * libFuzzer keeps the input and the replay test fails on it.
 */
#ifndef TG_FUZZ_INVARIANTS_H
#define TG_FUZZ_INVARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "typoguard.h"

/* Both spellings of the entry points; replay.c and libFuzzer call them. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond)                                                         \
	((cond) ? (void)0 : fz_fail(#cond, __FILE__, __LINE__))

/* Reports the violated invariant on stderr and aborts. */
_Noreturn void fz_fail(const char *what, const char *file, int line);

/* Creates the shared context (bundled PSL, TG_FUZZ_PSL) once. */
void fz_init(void);
const tg_ctx *fz_ctx(void);

/* Which status codes a call may return; used by fz_check_status(). */
enum fz_api { FZ_DOMAIN, FZ_ADDR, FZ_ADDRLIST };

/*
 * The error contract: rc is TG_OK or a known negative code that the
 * function may return, err (when non-NULL) agrees with rc, an offset lies
 * within the len bytes parsed, the message is one non-empty line of
 * printable ASCII.  On success err is cleared.
 */
void fz_check_status(enum fz_api api, int rc, const struct tg_error *err,
    size_t len);

/*
 * The offset of an error is the place its code describes in s[0..len),
 * the input parsed: the NUL byte, the control character, the first byte
 * of the bad UTF-8, the quote, the angle bracket.
 */
void fz_check_offset(int rc, const struct tg_error *err, const char *s,
    size_t len);

/* True when s[0..len) is well-formed UTF-8 (RFC 3629). */
int fz_utf8_ok(const char *s, size_t len);

/* s is a valid A-label name: lowercase LDH labels of 1 to 63 octets, at
 * most 253 in all, hyphen rules, last label not all digits. */
int fz_ldh_name(const char *s, int *has_alabel);
/* Every documented property of a parsed domain. */
void fz_check_domain(const struct tg_domain *d);
/* Parsing d's A-label (and U-label) again gives d back. */
void fz_check_domain_stable(const struct tg_domain *d);
/* The two results are the same, but for the flags in ignore. */
int fz_domain_same(const struct tg_domain *a, const struct tg_domain *b,
    unsigned ignore);
/* Every documented property of a parsed address; opts as passed. */
void fz_check_addr(const struct tg_addr *a, unsigned opts);
/* tg_addr_format(), truncation included, and that its output re-parses
 * to the same local part and domain. */
void fz_check_addr_format(const struct tg_addr *a);
/* The two results describe the same address (flags included). */
int fz_addr_same(const struct tg_addr *a, const struct tg_addr *b);

#endif
