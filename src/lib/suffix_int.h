/*
 * suffix_int.h - our own reading of the public suffix list.
 *
 * libpsl answers "what is the public suffix of this name" but cannot list
 * suffixes, and costs about 0.4 us per ASCII name.  The typo engine needs
 * both speed and enumeration (which TLDs are delegated, which TLDs are one
 * edit from "mil", which suffixes are siblings of "co.uk"), so the library
 * parses the list text itself.  The answers for lookups are those of
 * libpsl 0.21 with both sections (ICANN and PRIVATE) loaded; the unit and
 * fuzz tests compare the two.
 *
 * Names given to lookups are lowercase A-label ASCII without a trailing
 * dot; rules are stored in A-label form (the list's UTF-8 rules are
 * converted with libidn2 when loading).  A loaded table is immutable and
 * may be read from many threads.
 */
#ifndef TG_SUFFIX_INT_H
#define TG_SUFFIX_INT_H

#include <stddef.h>

#include "typoguard.h"

struct tg__sfx;

/*
 * Limits on one list: a bigger file is refused, not truncated.  A rule is
 * at most TG__SFX_MAX_RULE bytes, as written and in A-labels (libpsl
 * silently drops longer ones), and at most TG__SFX_MAX_LABELS labels with
 * the '*' of a wildcard counted: libpsl looks at no more than the last 9
 * labels of a name, and with suffixes of 8 labels at most that window
 * never changes its answer, so ours need not copy it.
 */
#define TG__SFX_MAX_BYTES (16u * 1024u * 1024u)
#define TG__SFX_MAX_RULES 100000u
#define TG__SFX_MAX_LINE 1024u
#define TG__SFX_MAX_RULE 126u
#define TG__SFX_MAX_LABELS 8u

/*
 * Parses the list text in buf (len bytes; not NUL-terminated).  name is
 * used in error messages ("NAME:LINE:COL: ...") and may be NULL.  Fills
 * err->offset (the byte in buf), err->line and err->column (1-based,
 * counting bytes) for every error but TG_ENOMEM.  Errors: TG_ENOMEM,
 * TG_ETOOLONG (file, line, rule length, label count or rule count over
 * the limits), TG_EPSL (a rule the list format does not allow, a NUL
 * byte, a binary/DAFSA file, a section marker out of place, a section not
 * closed at the end of the file, no rules in the ICANN section).
 *
 * Accepted: "//" comments (leading blanks allowed); the section markers
 * "===BEGIN ICANN DOMAINS===", "===END ICANN DOMAINS===" and the PRIVATE
 * pair anywhere in a comment, properly nested; rules outside both
 * sections (libpsl uses them for the suffix but never calls them ICANN or
 * PRIVATE); one rule per line, its first blank-separated token: letters,
 * digits, hyphens and dots, or UTF-8 (converted with libidn2 as libpsl
 * does: UTS #46 non-transitional, NFC), optionally "*." or "!" in front.
 * ASCII rules are lowercased.  A repeated rule merges with the first.
 */
int tg__sfx_parse(struct tg__sfx **out, const char *buf, size_t len,
    const char *name, struct tg_error *err);

/* Reads and parses a file (at most TG__SFX_MAX_BYTES are read: one byte
 * more is TG_ETOOLONG).  Adds TG_ENOENT and TG_EIO, without a position. */
int tg__sfx_load(struct tg__sfx **out, const char *path,
    struct tg_error *err);

struct tg__sfx *tg__sfx_free(struct tg__sfx *sfx);

enum tg__sfx_flags {
	TG__SFX_KNOWN = 1u << 0,   /* a rule matched (not the default '*') */
	TG__SFX_PRIVATE = 1u << 1, /* the rule is from the PRIVATE section */
};

enum tg__sfx_mode {
	TG__SFX_ALL = 0,        /* both sections, as libpsl by default */
	TG__SFX_ICANN_ONLY = 1  /* registry boundaries only */
};

/*
 * The public suffix of name[0..len): returns the suffix's length in bytes
 * (the suffix is name + len - ret), never 0 for a non-empty name (an
 * unknown TLD is a suffix by the default rule, as in libpsl).  *flags (may
 * be NULL) gets TG__SFX_* bits.  name must be lowercase A-labels without
 * empty labels (for other bytes the result is still a suffix of name
 * starting at a label boundary, but means nothing).
 *
 * TG__SFX_ALL gives what libpsl 0.21 gives for a list loaded from the same
 * text: the suffix is what psl_registrable_domain() leaves after the first
 * label of the registrable domain, or, when that is NULL, all of name;
 * KNOWN and PRIVATE are psl_is_public_suffix2() of the suffix with
 * PSL_TYPE_ICANN, else PSL_TYPE_PRIVATE, and PSL_TYPE_NO_STAR_RULE.
 * TG__SFX_ICANN_ONLY answers as if the list held only its ICANN section;
 * PRIVATE is then never set.
 */
size_t tg__sfx_lookup(const struct tg__sfx *sfx, const char *name,
    size_t len, enum tg__sfx_mode mode, unsigned *flags);

/*
 * Whether label[0..len) is a delegated TLD: the last label of some rule in
 * the ICANN section.  "za" is one through "co.za" though the list has no
 * rule "za", "ck" through "*.ck".
 */
int tg__sfx_is_tld(const struct tg__sfx *sfx, const char *label, size_t len);

/* The delegated TLDs (ICANN section), sorted bytewise; i < count. */
size_t tg__sfx_tld_count(const struct tg__sfx *sfx);
const char *tg__sfx_tld(const struct tg__sfx *sfx, size_t i);

/*
 * The ICANN suffixes of two or more labels that end in the TLD tld (e.g.
 * for "uk": "co.uk", "org.uk", "ac.uk" ...), sorted bytewise: each rule
 * of the ICANN section that is not an exception, a wildcard "*.x.tld"
 * giving "x.tld" (itself a suffix); what a wildcard matches cannot be
 * listed.  Returns the count and sets *list to a read-only array owned by
 * sfx (NULL when the count is 0).
 */
size_t tg__sfx_children(const struct tg__sfx *sfx, const char *tld,
    size_t len, const char *const **list);

#endif
