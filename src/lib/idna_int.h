/*
 * idna_int.h - Punycode and the IDNA fast path of domain.c.
 *
 * The fast path accepts a name only when it can prove libidn2 accepts it
 * with a result it can compute itself: every label plain ASCII, or an
 * A-label or U-label whose code points are all in a table made at build
 * time by asking libidn2 about each code point (idna_table_gen.c).  For
 * anything else it answers "don't know" and the caller asks libidn2.
 */
#ifndef TG_IDNA_INT_H
#define TG_IDNA_INT_H

#include <stddef.h>
#include <stdint.h>

/*
 * RFC 3492 Punycode of n code points, lowercase, without "xn--", into
 * out[0..cap).  Returns its length, or 0 when it does not fit or n is 0.
 */
size_t tg__puny_encode(const uint32_t *cp, size_t n, char *out, size_t cap);

/*
 * tg__puny_encode() as RFC 3492 6.3 writes it, for any number of
 * non-basic code points; tg__puny_encode() takes a shorter way for a
 * label with few.  The same answers, always.
 */
size_t tg__puny_encode_long(const uint32_t *cp, size_t n, char *out,
    size_t cap);

/*
 * Decodes RFC 3492 Punycode s[0..len) (no "xn--") into cp[0..cap).
 * Returns the number of code points, or 0 when the input is not valid
 * Punycode, decodes to nothing or to more than cap code points.
 */
size_t tg__puny_decode(const char *s, size_t len, uint32_t *cp, size_t cap);

/*
 * The table class of code point c: 0 not known to be simple; 1 simple;
 * 2 a combining mark of combining class 0, 3 one of another combining
 * class (tg__idna_ccc()), neither allowed first in a label.  ASCII is 0:
 * the fast path handles it by itself.
 */
int tg__idna_class(uint32_t c);

/* The canonical combining class of a class 3 code point, else 0. */
int tg__idna_ccc(uint32_t c);

/* Bidi classes (UAX #9) that libidn2's bidi rule (RFC 5893) names. */
enum tg__bidi {
	TG__BIDI_L, TG__BIDI_R, TG__BIDI_AL, TG__BIDI_AN, TG__BIDI_EN,
	TG__BIDI_ES, TG__BIDI_CS, TG__BIDI_ET, TG__BIDI_ON, TG__BIDI_BN,
	TG__BIDI_NSM, TG__BIDI_COUNT
};

/* The bidi class of c: of a-z L, 0-9 EN, '-' ES; of a table code point
 * as libidn2 sees it; otherwise L. */
enum tg__bidi tg__idna_bidi(uint32_t c);

/* True when the table is in use: made with the libidn2 version that is
 * running, and made at all. */
int tg__idna_table_on(void);

/*
 * The fast path for a name s[0..len): UTF-8, labels separated by '.',
 * no trailing dot, bound for libidn2 (UTS #46 non-transitional, IDNA2008,
 * A-labels checked).  Returns 1 and writes the A-label form (lowercase,
 * NUL-terminated, at most TG_DOMAIN_MAX octets) to alabel, its length to
 * *alen, and the U-label form (at most TG_UDOMAIN_MAX octets) to ulabel:
 * what libidn2's idn2_to_ascii_8z() and idn2_to_unicode_8z8z() give.
 * Returns 0, writing nothing meaningful, when libidn2 must decide.
 */
int tg__idna_fast(const char *s, size_t len, char *alabel, size_t *alen,
    char *ulabel);

/*
 * tg__idna_fast() for one label given as code points cp[0..n): the same
 * answer as for its UTF-8, without the round trip.  Writes the A-label
 * (at most TG_LABEL_MAX octets; alabel has room for TG_LABEL_MAX + 4,
 * used as scratch) to alabel and its length to *alen, the
 * U-label in UTF-8 (at most 4 * TG_LABEL_MAX octets) to ulabel and its
 * length to *ulen, neither NUL-terminated.  Returns 0 when libidn2 must
 * decide, and also for a label tg__idna_fast() would take with a change:
 * an A-label ("xn--..."), one with an uppercase ASCII letter, one with
 * more than a few non-ASCII code points.
 */
int tg__idna_label(const uint32_t *cp, size_t n, char *alabel, size_t *alen,
    char *ulabel, size_t *ulen);

#endif
