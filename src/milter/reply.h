/*
 * reply.h - the SMTP reply that refuses a typo recipient.
 *
 *   550 5.1.2 <bob@army.ml>: army.ml looks like a typo of army.mil
 *   (tld-typo); did you mean bob@army.mil or bob@army.nl? If army.ml is a
 *   genuine correspondent, ask your postmaster to allowlist it
 *
 * The text is printable ASCII: suggestions use A-labels; other bytes of
 * the recipient as the client wrote it become '?'.  It is cut into lines
 * that fit RFC 5321's 512-octet reply line (code, CRLF included) and
 * libmilter's own limit once '%' is doubled for smfi_setreply(); a
 * token longer than a line is shortened with "...".
 */
#ifndef TGM_REPLY_H
#define TGM_REPLY_H

#include <stddef.h>

#include "typoguard.h"

/* 550 with 5.1.2 "bad destination system address": see
 * doc/typoguard-milter.8 for why not 551 or 5.7.1. */
#define REPLY_RCODE "550"
#define REPLY_XCODE "5.1.2"

/* RFC 5321 4.5.3.1.5: 512 octets with "550-5.1.2 " and CRLF. */
#define REPLY_LINE_OCTETS 512
#define REPLY_TEXT_MAX (REPLY_LINE_OCTETS - 2 - 10)
/* libmilter refuses a reply text over 980 bytes, counted with the '%'
 * doubled. */
#define REPLY_ESCAPED_MAX 980
#define REPLY_LINES_MAX 8
/* Suggestions named: the best, then others ("X, Y or Z"). */
#define REPLY_SUGGEST_MAX 3
/* Longest address shown before it is shortened. */
#define REPLY_ADDR_SHOWN 256

struct reply {
	size_t nlines;
	char line[REPLY_LINES_MAX][REPLY_TEXT_MAX + 1];
};

/*
 * Builds the reply for a typo recipient.
 *   r          the check (verdict typo)
 *   rcpt       the recipient as the MTA gave it (angle brackets optional)
 *   which      the candidate that decided the action (reply_build names
 *              it first, then the other candidates at or above
 *              threshold in rank order)
 *   contact    who allowlists ("your postmaster")
 * Returns 0, or -1 when r has no candidate.
 */
int reply_build(struct reply *out, const struct tg_check *r,
    const char *rcpt, size_t rcpt_len, size_t which, double threshold,
    const char *contact);

/*
 * The part of a reply that names one typo recipient, from "<bob@army.ml>:"
 * to "did you mean bob@army.mil?", as reply_build() words it, into
 * buf[0..size) (NUL-terminated).  Returns 0, or -1 when r has no such
 * candidate or the text does not fit.
 */
int reply_part(char *buf, size_t size, const struct tg_check *r,
    const char *rcpt, size_t rcpt_len, size_t which, double threshold);

/* Bytes of reply_part() texts in one reply_build_message(); the rest are
 * counted ("and 3 more typo recipients"). */
#define REPLY_MESSAGE_PARTS_MAX 3000

/*
 * The reply that refuses a whole message at its end (content rules,
 * local submission): every part (reply_part()), with nobody "The message
 * was not sent to any recipient." (for an SMTP client, whose other
 * recipients were accepted), then whom to ask for an allowlist entry;
 * domain is the typo domain when n is 1 (else the text speaks of "these
 * domains").  For one part without nobody the text is reply_build()'s.
 * Returns 0, or -1 when n is 0.
 */
int reply_build_message(struct reply *out, const char *const *parts,
    size_t n, const char *domain, const char *contact, int nobody);

/* The reply's lines joined by single spaces, prefixed "550 5.1.2 ", for
 * logs; cut to fit size.  Returns the length written. */
size_t reply_join(const struct reply *rp, char *buf, size_t size);

/* s with every '%' doubled, as smfi_setreply() wants it.  Returns 0, or
 * -1 when it does not fit size (out is then empty). */
int reply_escape(const char *s, char *out, size_t size);

/* Printable ASCII copy of s[0..len) ('?' for other bytes), cut to
 * max bytes with "..." at the end; returns its length.  size > max. */
size_t reply_ascii(const char *s, size_t len, size_t max, char *out,
    size_t size);

#endif
