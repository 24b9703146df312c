/*
 * typoguard.h - the public interface of libtypoguard.
 *
 * libtypoguard answers one question for mail software: is this recipient
 * domain a plausible slip of a domain the organisation means to write to?
 * This header is the whole public surface; everything else is internal.
 *
 * Conventions
 *   - Every function that can fail returns int: 0 (TG_OK) on success, a
 *     negative TG_E* value on failure.  When the caller passes a non-NULL
 *     struct tg_error, it is filled with the code, the byte offset in the
 *     input (where one applies) and a one-line message naming the place and
 *     the problem ("unbalanced quote at 7").
 *   - Inputs are pointer + length; they need not be NUL-terminated and may
 *     contain any bytes (a NUL byte is an error, never a terminator).
 *   - The library never prints, logs, exits, reads the environment or a
 *     configuration file by itself.
 *   - Objects from *_new() are owned by the caller and released with the
 *     matching *_free(), which accepts NULL and returns NULL.
 *   - Thread safety: a tg_ctx is immutable after tg_ctx_new() returns and
 *     may be shared by any number of threads; the parse functions write only
 *     to the caller's output and error structs.
 */
#ifndef TYPOGUARD_H
#define TYPOGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TG_BUILDING_LIB) && defined(__GNUC__)
#define TG_EXTERN __attribute__((visibility("default")))
#else
#define TG_EXTERN
#endif

#define TG_VERSION_MAJOR 0
#define TG_VERSION_MINOR 1
#define TG_VERSION_PATCH 0

/* The library's version as "MAJOR.MINOR.PATCH". */
TG_EXTERN const char *tg_version(void);

/*
 * Status codes.  One row each: symbol, value, message.  The messages are
 * what tg_strerror() returns; tg_errname() returns the symbol as a string.
 */
#define TG_ERRNO_MAP(X)                                                        \
	X(TG_OK, 0, "success")                                                 \
	X(TG_ENOMEM, -1, "out of memory")                                      \
	X(TG_EINVAL, -2, "invalid argument")                                   \
	X(TG_EINTERNAL, -3, "internal error")                                  \
	X(TG_EIO, -4, "input/output error")                                    \
	X(TG_ENOENT, -5, "file not found")                                     \
	X(TG_EEMPTY, -10, "empty input")                                       \
	X(TG_ETOOLONG, -11, "input too long")                                  \
	X(TG_ENUL, -12, "NUL byte in input")                                   \
	X(TG_EUTF8, -13, "invalid UTF-8")                                      \
	X(TG_ECONTROL, -14, "control character in input")                      \
	X(TG_EADDR_SYNTAX, -20, "address syntax error")                        \
	X(TG_EADDR_QUOTE, -21, "unbalanced quote")                             \
	X(TG_EADDR_ANGLE, -22, "unbalanced angle bracket")                     \
	X(TG_EADDR_NOAT, -23, "address has no @domain")                        \
	X(TG_EADDR_LOCAL, -24, "invalid local part")                           \
	X(TG_EADDR_LOCAL_LONG, -25, "local part too long")                     \
	X(TG_EADDR_ROUTE, -26, "invalid source route")                         \
	X(TG_EADDR_NULL, -27, "null address <> not allowed here")              \
	X(TG_EADDR_LITERAL, -28, "invalid address literal")                    \
	X(TG_EADDR_LIST, -29, "address list syntax error")                     \
	X(TG_EADDR_TOOMANY, -30, "too many addresses")                         \
	X(TG_EDOM_EMPTY_LABEL, -40, "empty label in domain")                   \
	X(TG_EDOM_LABEL_LONG, -41, "domain label longer than 63 octets")      \
	X(TG_EDOM_TOO_LONG, -42, "domain longer than 253 octets")              \
	X(TG_EDOM_HYPHEN, -43, "misplaced hyphen in domain label")             \
	X(TG_EDOM_CHAR, -44, "invalid character in domain")                   \
	X(TG_EDOM_IDNA, -45, "domain rejected by IDNA2008/UTS #46")           \
	X(TG_EDOM_NUMERIC, -46, "numeric top-level label")                     \
	X(TG_EPSL, -50, "public suffix list unavailable")                      \
	X(TG_ELIST_SYNTAX, -60, "list entry syntax error")                     \
	X(TG_ELIST_OPTION, -61, "unknown or invalid list option")              \
	X(TG_ELIST_TOOMANY, -62, "too many list entries")                      \
	X(TG_ESTATE, -63, "operation not allowed in this state")

enum tg_status {
#define TG__ENUM_ROW(sym, val, msg) sym = (val),
	TG_ERRNO_MAP(TG__ENUM_ROW)
#undef TG__ENUM_ROW
};

/* Message for a status code ("unknown error" for values not in the map). */
TG_EXTERN const char *tg_strerror(int code);
/* Symbol for a status code, e.g. "TG_EADDR_QUOTE"; "TG_EUNKNOWN" if none. */
TG_EXTERN const char *tg_errname(int code);

#define TG_ERROR_MSG_MAX 256

/*
 * Filled on failure.  offset is the byte offset in the input the call
 * parsed (0-based); has_offset says whether it means anything.  line and
 * column are set (1-based) by calls that read files, 0 otherwise.
 * message is NUL-terminated, one line, ASCII-safe: bytes of the input that
 * it quotes are escaped.
 */
struct tg_error {
	int code;
	int has_offset;
	size_t offset;
	unsigned long line;
	unsigned long column;
	char message[TG_ERROR_MSG_MAX];
};

/* ------------------------------------------------------------------ */
/* Context: the public suffix list and anything else loaded once.      */

typedef struct tg_ctx tg_ctx;

/*
 * Creates a context.  psl_path names a public suffix list file in the
 * text format of publicsuffix.org (libpsl's DAFSA form is refused: the
 * library reads the list itself, see README.md); NULL tries, in order,
 * Debian's /usr/share/publicsuffix/public_suffix_list.dat and the copy
 * installed with typoguard (tg_default_psl_path()).
 * Errors: TG_ENOMEM; with psl_path given, TG_ENOENT (no such file), TG_EIO
 * (not readable) or TG_EPSL (not a valid list: the message names the
 * file, line and column); with NULL, TG_EPSL when neither default could be
 * loaded.
 */
TG_EXTERN int tg_ctx_new(tg_ctx **out, const char *psl_path,
    struct tg_error *err);
TG_EXTERN tg_ctx *tg_ctx_free(tg_ctx *ctx);
/* The file the context's public suffix list came from; valid while ctx. */
TG_EXTERN const char *tg_ctx_psl_path(const tg_ctx *ctx);
/* The path of the public suffix list installed with typoguard. */
TG_EXTERN const char *tg_default_psl_path(void);

/* ------------------------------------------------------------------ */
/* Domains                                                              */

#define TG_DOMAIN_MAX 253    /* octets, A-label form, no trailing dot */
#define TG_UDOMAIN_MAX 1020  /* octets, U-label form in UTF-8 */
#define TG_LABEL_MAX 63
#define TG_DOMAIN_INPUT_MAX 1024  /* ceiling on the raw input */

enum tg_domain_flags {
	TG_DOMAIN_IDN = 1u << 0,          /* has at least one IDN label */
	TG_DOMAIN_TRAILING_DOT = 1u << 1, /* input ended in '.' (removed) */
	TG_DOMAIN_LITERAL = 1u << 2,      /* [IPv4] or [IPv6:...] literal */
	TG_DOMAIN_IPV6 = 1u << 3,         /* with TG_DOMAIN_LITERAL */
	TG_DOMAIN_SUFFIX_KNOWN = 1u << 4, /* suffix is on the list itself,
	                                     not only by the default '*' rule */
	TG_DOMAIN_SUFFIX_PRIVATE = 1u << 5, /* suffix from the PRIVATE section */
	TG_DOMAIN_IS_SUFFIX = 1u << 6      /* the whole domain is a suffix */
};

/*
 * A normalised domain.  All strings are NUL-terminated and lowercase
 * (but for the IPv6 literal tag).
 *   alabel       the domain in ASCII (A-labels), e.g. "xn--bcher-kva.de";
 *                for a literal the canonical form "[192.0.2.1]" or
 *                "[IPv6:2001:db8::1]" (tag as RFC 5321 writes it, address
 *                as inet_ntop(3) writes it)
 *   ulabel       the same in Unicode (UTF-8), e.g. "bücher.de"
 *   suffix       the public suffix (A-labels), e.g. "de", "co.uk";
 *                empty for literals
 *   registrable  suffix plus one label, e.g. "bücher.de" in A-labels;
 *                empty when the domain is itself a suffix, or a literal
 * The struct holds no pointers and may be copied freely.
 */
struct tg_domain {
	unsigned flags;
	size_t alabel_len;
	char alabel[TG_DOMAIN_MAX + 3];
	char ulabel[TG_UDOMAIN_MAX + 1];
	char suffix[TG_DOMAIN_MAX + 1];
	char registrable[TG_DOMAIN_MAX + 1];
};

/*
 * Parses and normalises a domain name, or an address literal in brackets.
 * Accepts UTF-8 (UTS #46 non-transitional mapping, IDNA2008 via libidn2)
 * and A-labels; lowercases; removes one trailing dot.  Rejects, with the
 * offset: empty labels, labels over 63 or names over 253 octets (A-label
 * form), hyphens at a label's start or end or in positions 3-4 of a label
 * that is not an A-label, ASCII other than letters, digits and hyphens,
 * invalid UTF-8, NUL and control bytes, an all-numeric last label (a bare
 * IPv4 address must be written [192.0.2.1]).
 * ctx supplies the public suffix list.  Thread-safe.
 */
TG_EXTERN int tg_domain_parse(const tg_ctx *ctx, const char *s, size_t len,
    struct tg_domain *out, struct tg_error *err);

/* ------------------------------------------------------------------ */
/* Addresses                                                            */

#define TG_LOCAL_MAX 255        /* octets of the local part, internal form */
#define TG_ADDR_INPUT_MAX 4096  /* ceiling on one address's raw input */

enum tg_addr_flags {
	TG_ADDR_NULL = 1u << 0,     /* the null path <> */
	TG_ADDR_ANGLE = 1u << 1,    /* written in <...> */
	TG_ADDR_QUOTED = 1u << 2,   /* local part was a quoted string */
	TG_ADDR_ROUTE = 1u << 3,    /* a source route was present (dropped) */
	TG_ADDR_UTF8 = 1u << 4,     /* local part has non-ASCII (RFC 6531) */
	TG_ADDR_NODOMAIN = 1u << 5, /* "postmaster" with no domain (RFC 5321
	                               4.5.1); domain is then empty */
	TG_ADDR_LOCAL_NONSTD = 1u << 6 /* unquoted local part with what RFC
	                               5321 does not allow but MTAs accept:
	                               leading, trailing or double dots,
	                               backslash escapes */
};

/* Options for tg_addr_parse(). */
enum tg_addr_opts {
	TG_ADDR_ALLOW_NULL = 1u << 0,      /* accept <> (a reverse-path) */
	TG_ADDR_ALLOW_POSTMASTER = 1u << 1 /* accept a bare "postmaster" */
};

/*
 * A parsed mailbox.
 *   local      the local part in internal form: quotes removed, quoted
 *              pairs resolved ("john doe" for "john\ doe" or "john doe"
 *              in quotes), case kept (local parts are case-sensitive)
 *   domain     the normalised domain
 */
struct tg_addr {
	unsigned flags;
	size_t local_len;
	char local[TG_LOCAL_MAX + 1];
	struct tg_domain domain;
};

/*
 * Parses an envelope address as an MTA sees it in MAIL FROM / RCPT TO
 * (RFC 5321 Path, RFC 6531 UTF-8): "<user@dom>" or bare "user@dom",
 * quoted local parts, quoted pairs, source routes "<@a,@b:user@dom>"
 * (accepted, route dropped, as Postfix does), address literals, a trailing
 * dot on the domain, surrounding blanks.  Only the path: ESMTP parameters
 * are not part of the input.  opts is a mask of enum tg_addr_opts.
 * Errors carry the byte offset of the problem; on error the contents of
 * *out are unspecified but for empty strings.  Thread-safe.
 */
TG_EXTERN int tg_addr_parse(const tg_ctx *ctx, const char *s, size_t len,
    unsigned opts, struct tg_addr *out, struct tg_error *err);

/* Writes the address in external form, user@domain with the A-label
 * domain and the local part quoted when it needs to be.  Returns the
 * length it needed (excluding the NUL), like snprintf. */
TG_EXTERN size_t tg_addr_format(const struct tg_addr *addr, char *buf,
    size_t size);

/* ------------------------------------------------------------------ */
/* Header address lists (RFC 5322 To, Cc, From ...)                     */

#define TG_ADDRLIST_INPUT_MAX (256u * 1024u)  /* bytes of one field body */
#define TG_ADDRLIST_MAX 2000                  /* mailboxes in one list */

typedef struct tg_addrlist tg_addrlist;

/* One entry of a header list.  status is 0 when addr is valid, else the
 * TG_E* code from parsing its address, or of the structural error that
 * kept it from being taken apart, with error filled.  Offsets in error
 * and offset are in the header field body given to tg_addrlist_parse(). */
struct tg_hdr_addr {
	int status;
	struct tg_addr addr;
	struct tg_error error;
	const char *raw;    /* the addr-spec as in the header, comments and
	                       folding removed; for a structural error the
	                       entry's text */
	const char *name;   /* display name, decoded to UTF-8; "" if none */
	const char *group;  /* name of the enclosing group; NULL if none */
	size_t offset;      /* where the entry starts in the header */
};

/*
 * Parses the body of an address header field (RFC 5322 address-list,
 * RFC 6532 UTF-8): display names, groups, comments (nested up to 32),
 * folding, obsolete routes (dropped) and CFWS inside an addr-spec.  Each
 * mailbox's addr-spec, rebuilt without CFWS, is parsed by tg_addr_parse(),
 * so header and envelope addresses come out the same, and its error
 * offset is moved to the header.  Entries are separated by ',', and by
 * ';' outside a group; empty entries are skipped; a group's missing ';' is
 * tolerated, and a group opened inside another ends it.  An entry that
 * does not parse is kept with its status and error, never dropped:
 * TG_EADDR_ANGLE, TG_EADDR_NOAT, TG_EADDR_NULL, TG_EADDR_QUOTE,
 * TG_EADDR_SYNTAX (a comment unclosed or nested too deep, text after
 * '>'), TG_EADDR_ROUTE or TG_ETOOLONG (over 1024 tokens) for an entry
 * that cannot be taken apart (raw is then the entry's text); parsing goes
 * on at the next separator.  Words followed by ',' and then "name <addr>"
 * are taken as one name ("Doe, John <j@x.com>").  Display names: words
 * joined by one space, quotes and quoted pairs resolved, RFC 2047 encoded
 * words decoded by GMime, 8-bit bytes that are not UTF-8 read as Latin-1,
 * control characters removed, blanks collapsed; with no name, a comment
 * after the address gives it ("a@x.com (Alice)").  The call fails only on
 * input it cannot take at all (TG_ETOOLONG, TG_ENUL, TG_EADDR_TOOMANY,
 * TG_ENOMEM).  Thread-safe.
 */
TG_EXTERN int tg_addrlist_parse(const tg_ctx *ctx, const char *s,
    size_t len, tg_addrlist **out, struct tg_error *err);
TG_EXTERN size_t tg_addrlist_count(const tg_addrlist *list);
/* Borrowed; valid until tg_addrlist_free(list).  NULL if i is out of range. */
TG_EXTERN const struct tg_hdr_addr *tg_addrlist_get(const tg_addrlist *list,
    size_t i);
TG_EXTERN tg_addrlist *tg_addrlist_free(tg_addrlist *list);

/* ------------------------------------------------------------------ */
/* The typo model                                                       */

/*
 * Slip kinds.  One row each: symbol suffix, stable id (used in all
 * output), a short description.  The ids never change meaning; new kinds
 * are appended.  doc/typoguard-model.7 describes each with examples and
 * the figures behind its plausibility.
 */
#define TG_KIND_MAP(X)                                                         \
	X(OMISSION, "omission", "a character left out")                        \
	X(INSERTION, "insertion", "a keyboard neighbour typed before or after a character") \
	X(REPETITION, "repetition", "a character typed twice")                 \
	X(REPLACEMENT, "replacement", "a character replaced by a keyboard neighbour") \
	X(TRANSPOSITION, "transposition", "two neighbouring characters swapped") \
	X(VOWEL_SWAP, "vowel-swap", "a vowel replaced by another vowel")       \
	X(ADDITION, "addition", "a character added at the end of the name")    \
	X(HYPHENATION, "hyphenation", "a hyphen inserted")                     \
	X(HOMOGLYPH, "homoglyph", "ASCII or Latin look-alike characters (rn/m, l/1, a/a-acute)") \
	X(IDN_CONFUSABLE, "idn-confusable", "look-alike characters from other scripts (UTS #39)") \
	X(BITSQUATTING, "bitsquatting", "one bit flipped in one character")    \
	X(MISSING_DOT, "missing-dot", "a dot left out (mail.army.mil -> mailarmy.mil)") \
	X(DOT_INSERTION, "dot-insertion", "a dot inserted in a label (ar.my.mil)") \
	X(DOT_HYPHEN, "dot-hyphen", "a dot typed as a hyphen (mail-army.mil)") \
	X(PLURAL, "plural", "an s or es added or removed")                     \
	X(TLD_TYPO, "tld-typo", "the top-level domain itself mistyped (mil -> ml)") \
	X(TLD_SWAP, "tld-swap", "another top-level domain (army.mil -> army.com)") \
	X(SUFFIX_SWAP, "suffix-swap", "another public suffix under the same TLD (co.uk -> org.uk)") \
	X(TLD_IN_LABEL, "tld-in-label", "the suffix typed into the name (armymil.com)")

enum tg_kind {
#define TG__KIND_ROW(sym, id, text) TG_KIND_##sym,
	TG_KIND_MAP(TG__KIND_ROW)
#undef TG__KIND_ROW
	TG_KIND_COUNT
};

#define TG_KINDS_ALL ((1u << TG_KIND_COUNT) - 1u)

/* The stable id of a kind ("tld-typo"); NULL when out of range. */
TG_EXTERN const char *tg_kind_name(int kind);
/* One line of description; NULL when out of range. */
TG_EXTERN const char *tg_kind_text(int kind);
/* The kind with that id (also "subdomain", dnstwist's name for
 * dot-insertion); -1 when unknown.  name[0..len), not NUL-terminated. */
TG_EXTERN int tg_kind_from_name(const char *name, size_t len);

/* Keyboard layouts.  The layout is the sender's: all are scored, each
 * weighted by the deployment's preference. */
#define TG_LAYOUT_MAP(X)                                                       \
	X(QWERTY, "qwerty")                                                    \
	X(QWERTZ, "qwertz")                                                    \
	X(AZERTY, "azerty")

enum tg_layout {
#define TG__LAYOUT_ROW(sym, id) TG_LAYOUT_##sym,
	TG_LAYOUT_MAP(TG__LAYOUT_ROW)
#undef TG__LAYOUT_ROW
	TG_LAYOUT_COUNT
};

TG_EXTERN const char *tg_layout_name(int layout);
TG_EXTERN int tg_layout_from_name(const char *name, size_t len);

/*
 * Who could receive mail at a typo domain.
 *   open         anyone can register it (an open gTLD or ccTLD)
 *   closed       only eligible bodies can (.mil, .gov, .edu, .int, and
 *                government second levels such as gov.uk)
 *   internal     inside the registrable domain of the protected entry
 *                itself: the organisation's own zone
 *   undelegated  the TLD does not exist: the mail bounces
 */
#define TG_EXPOSURE_MAP(X)                                                     \
	X(OPEN, "open")                                                        \
	X(CLOSED, "closed")                                                    \
	X(INTERNAL, "internal")                                                \
	X(UNDELEGATED, "undelegated")

enum tg_exposure {
#define TG__EXPOSURE_ROW(sym, id) TG_EXPOSURE_##sym,
	TG_EXPOSURE_MAP(TG__EXPOSURE_ROW)
#undef TG__EXPOSURE_ROW
	TG_EXPOSURE_COUNT
};

TG_EXTERN const char *tg_exposure_name(int exposure);

/* ------------------------------------------------------------------ */
/* The protected-set index                                              */

typedef struct tg_index tg_index;

/* The lists an index holds. */
enum tg_list {
	TG_LIST_PROTECTED = 0, /* domains and TLDs the organisation writes to */
	TG_LIST_ALLOW = 1,     /* real correspondents that look like typos */
	TG_LIST_LEGIT = 2      /* known legitimate domains (bundled) */
};

/* Default score at or above which the verdict is typo (see
 * doc/typoguard-model.7: every one-slip match into a delegated TLD reaches
 * it, a slip into a TLD that does not exist does not). */
#define TG_THRESHOLD_DEFAULT 0.1

struct tg_index_opts {
	double threshold;    /* 0: TG_THRESHOLD_DEFAULT; else in (0, 1] */
	/* Weight of each layout in [0, 1]; all zero: the defaults (QWERTY
	 * 1.0, QWERTZ 0.7, AZERTY 0.7).  A layout weighted 0 is ignored. */
	double layout_weight[TG_LAYOUT_COUNT];
	unsigned kinds;      /* kinds detected (1u << TG_KIND_x); 0: all */
};

/* Ceilings: entries per list, bytes per list file. */
#define TG_LIST_MAX_ENTRIES 1000000u
#define TG_LIST_MAX_BYTES (64u * 1024u * 1024u)

/*
 * Creates an empty index that borrows ctx (which must outlive it).  opts
 * may be NULL for the defaults.  Errors: TG_ENOMEM, TG_EINVAL (bad opts).
 */
TG_EXTERN int tg_index_new(tg_index **out, const tg_ctx *ctx,
    const struct tg_index_opts *opts, struct tg_error *err);

/*
 * Adds one entry, written as a line of a list file (without the newline):
 *   army.mil                  a domain (and its subdomains)
 *   .mil                      a whole TLD (protected list only)
 *   army.nl layout=qwertz     options: layout=L[,L...] the layouts its
 *                             writers use; kinds=K[,K...] the kinds to
 *                             look for; strict=T[,T...] (TLD rules) typo
 *                             TLDs where only names in the protected list
 *                             count
 * Domains may be U-labels or A-labels.  Errors: TG_ELIST_SYNTAX,
 * TG_ELIST_OPTION, domain errors (TG_EDOM_*), TG_ELIST_TOOMANY,
 * TG_ESTATE (the index is sealed), TG_ENOMEM; err->offset points into
 * entry.
 */
TG_EXTERN int tg_index_add(tg_index *ix, enum tg_list list,
    const char *entry, size_t len, struct tg_error *err);

/*
 * Called by tg_index_load() for each bad line; err has line, column and a
 * message starting "FILE:LINE:COLUMN: ".  Return 0 to go on, non-zero to
 * stop loading.
 */
typedef int (*tg_list_error_fn)(const struct tg_error *err, void *arg);

/*
 * Adds every entry of a list file: one entry per line as for
 * tg_index_add(), '#' starts a comment, blank lines are skipped.  Without
 * on_error the first bad line fails the call; with it, every bad line is
 * reported and the call returns TG_ELIST_SYNTAX (or the first line's
 * code) at the end when there was any.  Errors also: TG_ENOENT, TG_EIO,
 * TG_ETOOLONG (file over TG_LIST_MAX_BYTES, or a line over 4096 bytes),
 * TG_ENUL, TG_EUTF8, TG_ENOMEM.
 */
TG_EXTERN int tg_index_load(tg_index *ix, enum tg_list list,
    const char *path, tg_list_error_fn on_error, void *arg,
    struct tg_error *err);

/* Builds the lookup tables; after it, lookups are allowed and adds are
 * refused.  Errors: TG_ENOMEM, TG_ESTATE (already sealed). */
TG_EXTERN int tg_index_seal(tg_index *ix, struct tg_error *err);

TG_EXTERN tg_index *tg_index_free(tg_index *ix);

/* Entries in a list. */
TG_EXTERN size_t tg_index_count(const tg_index *ix, enum tg_list list);
/* Bytes the sealed index uses (tables and entries). */
TG_EXTERN size_t tg_index_memory(const tg_index *ix);

/* ------------------------------------------------------------------ */
/* Checking a recipient                                                 */

#define TG_VERDICT_MAP(X)                                                      \
	X(CLEAN, "clean")                                                      \
	X(TYPO, "typo")                                                        \
	X(PROTECTED, "protected")                                              \
	X(ALLOWED, "allowed")                                                  \
	X(INVALID, "invalid")

enum tg_verdict {
#define TG__VERDICT_ROW(sym, id) TG_VERDICT_##sym,
	TG_VERDICT_MAP(TG__VERDICT_ROW)
#undef TG__VERDICT_ROW
	TG_VERDICT_COUNT
};

TG_EXTERN const char *tg_verdict_name(int verdict);

#define TG_CANDIDATES_MAX 8

/* A protected domain the recipient domain is one slip from. */
struct tg_candidate {
	char domain[TG_DOMAIN_MAX + 1]; /* intended domain, A-labels; the
	                                   recipient's extra labels kept
	                                   (hq.army.ml -> hq.army.mil) */
	char entry[TG_DOMAIN_MAX + 2];  /* the protected entry that matched:
	                                   "army.mil", or ".mil" for a TLD */
	unsigned kinds;                 /* (1u << TG_KIND_x) bits */
	double plausibility;            /* 0..1: how often people make it */
	double score;                   /* plausibility x exposure, 0..1 */
	enum tg_exposure exposure;      /* of the recipient domain */
};

enum tg_check_flags {
	TG_CHECK_ADDRESS = 1u << 0,      /* the input was an address */
	TG_CHECK_SELF_FORWARD = 1u << 1, /* sender's local part = recipient's */
	TG_CHECK_MORE = 1u << 2          /* more candidates than fit */
};

#define TG_SUGGESTION_MAX (TG_LOCAL_MAX * 2 + TG_DOMAIN_MAX + 8)

/*
 * The answer for one recipient.  Candidates are ranked by score, then
 * plausibility, then domain (bytewise), so equal scores never hide one
 * another; the best is candidates[0].  suggestion is the intended address
 * (local part as given, quoted if needed, domain from candidates[0]) or,
 * for a domain input, the intended domain; "" when there is no candidate.
 * reason says why for protected ("protected: army.mil") and allowed
 * ("allowlist: genuine.ml", "known legitimate: mail.com").  error is
 * filled for TG_VERDICT_INVALID.  Holds no pointers; may be copied.
 */
struct tg_check {
	enum tg_verdict verdict;
	unsigned flags;
	struct tg_domain domain;
	char suggestion[TG_SUGGESTION_MAX + 1];
	char reason[TG_DOMAIN_MAX + 48];
	size_t ncandidates;
	struct tg_candidate candidates[TG_CANDIDATES_MAX];
	struct tg_error error;
};

/*
 * Checks a recipient: an address (anything with '@', parsed as
 * tg_addr_parse() does, without <>) or a bare domain.  sender (may be
 * NULL, slen 0) is the envelope sender: when its local part equals the
 * recipient's and the recipient is a typo of the sender's own domain or
 * of a protected one, the score rises (people forward mail to their own
 * accounts elsewhere).  The index must be sealed.  Returns TG_OK with out
 * filled, or for input that does not parse its error code with verdict
 * TG_VERDICT_INVALID and out->error filled; TG_ESTATE for an unsealed
 * index.  Lock-free and thread-safe on a sealed index.  No lookup scans
 * the entries (a fixed number of hash probes per label suffix); what grows
 * with a bigger set is cache misses: about 0.4 us per check at 100
 * entries, 0.7 us at 10,000, 1.0 us at 100,000 (BENCHMARKS.md).
 */
TG_EXTERN int tg_check(const tg_index *ix, const char *rcpt, size_t len,
    const char *sender, size_t slen, struct tg_check *out);

/* ------------------------------------------------------------------ */
/* Generating variants                                                  */

enum tg_variant_flags {
	TG_VARIANT_LEGIT = 1u << 0,  /* a known legitimate domain */
	TG_VARIANT_SUFFIX = 1u << 1, /* a whole suffix ("ml" for ".mil"):
	                                every name under it */
	TG_VARIANT_TLD_SWAPPED = 1u << 2 /* with TG_VARIANTS_TLD_EVERY: a
	                                variant of its kind moved to another
	                                TLD as well (two slips) */
};

struct tg_variant {
	const char *domain;   /* A-labels; valid during the callback only */
	const char *unicode;  /* the same in U-labels */
	enum tg_kind kind;    /* the first kind (in TG_KIND_MAP order) that
	                         makes it */
	unsigned flags;
	double plausibility;
	enum tg_exposure exposure;
};

enum tg_variants_flags {
	TG_VARIANTS_MARK_LEGIT = 1u << 0, /* give known legitimate variants,
	                                    flagged, instead of leaving them out */
	TG_VARIANTS_TLD_EVERY = 1u << 1   /* also every label variant under
	                                    every tld-swap target (dnstwist's
	                                    users ask for it to register or
	                                    block defensively); those are two
	                                    slips, flagged
	                                    TG_VARIANT_TLD_SWAPPED, and
	                                    tg_check() does not flag them */
};

struct tg_variants_opts {
	unsigned kinds;   /* 0: all */
	unsigned layouts; /* (1u << TG_LAYOUT_x) bits; 0: all */
	unsigned flags;
	/* tld-swap targets (A-labels); NULL: the built-in list of TLDs people
	 * type by habit.  Every one must be a delegated TLD. */
	const char *const *tlds;
	size_t ntlds;
};

/* Return non-zero to stop the iteration (tg_variants() then returns
 * that value). */
typedef int (*tg_variant_fn)(const struct tg_variant *v, void *arg);

/*
 * Calls fn once for each distinct variant of domain (a protected domain,
 * or ".tld" for the TLD typos of a TLD), in a fixed order: kinds in
 * TG_KIND_MAP order.  Only valid host names (IDNA2008, LDH, lengths),
 * never domain itself, a protected or allowlisted domain of ix or (unless
 * TG_VARIANTS_MARK_LEGIT) a known legitimate one, never a name in an
 * undelegated TLD.  ix supplies the lists and layout weights and must be
 * sealed.  Every variant (but those flagged TG_VARIANT_TLD_SWAPPED) is one
 * that tg_check() on an index protecting domain calls a typo of domain
 * with that kind.  Errors: domain errors,
 * TG_ESTATE, TG_ENOMEM.
 */
TG_EXTERN int tg_variants(const tg_index *ix, const char *domain,
    size_t len, const struct tg_variants_opts *opts, tg_variant_fn fn,
    void *arg, struct tg_error *err);


/* ------------------------------------------------------------------ */
/* Content classification                                               */

/*
 * What a message holds that would hurt if it leaked.  The classifier
 * walks a message (every part, decoded to UTF-8 text), runs a table of
 * detectors over each piece of text and rates the whole from 0 (none) to
 * 4 (critical).  doc/typoguard-scan.7 lists the detectors and the
 * severity rules.
 */

/* Categories of findings.  One row each: symbol suffix, stable id (used
 * in all output). */
#define TG_CATEGORY_MAP(X)                                                     \
	X(CREDENTIALS, "credentials")                                          \
	X(MEDICAL, "medical")                                                  \
	X(IDENTITY, "identity")                                                \
	X(TRAVEL, "travel")                                                    \
	X(PERSONNEL, "personnel")                                              \
	X(FINANCIAL, "financial")                                              \
	X(MARKINGS, "markings")                                                \
	X(LEGAL, "legal")                                                      \
	X(LOCATION, "location")

enum tg_category {
#define TG__CATEGORY_ROW(sym, id) TG_CATEGORY_##sym,
	TG_CATEGORY_MAP(TG__CATEGORY_ROW)
#undef TG__CATEGORY_ROW
	TG_CATEGORY_COUNT
};

/* The id of a category ("financial"); NULL when out of range. */
TG_EXTERN const char *tg_category_name(int category);

/* Severity levels, in order.  One row each: symbol suffix, value, id. */
#define TG_SEVERITY_MAP(X)                                                     \
	X(NONE, 0, "none")                                                     \
	X(LOW, 1, "low")                                                       \
	X(MEDIUM, 2, "medium")                                                 \
	X(HIGH, 3, "high")                                                     \
	X(CRITICAL, 4, "critical")

enum tg_severity {
#define TG__SEVERITY_ROW(sym, val, id) TG_SEVERITY_##sym = (val),
	TG_SEVERITY_MAP(TG__SEVERITY_ROW)
#undef TG__SEVERITY_ROW
	TG_SEVERITY_COUNT
};

/* The id of a severity ("high"); NULL when out of range. */
TG_EXTERN const char *tg_severity_name(int severity);
/* The severity named by its id or its value ("high" or "3"); -1 when
 * neither.  name[0..len), not NUL-terminated. */
TG_EXTERN int tg_severity_from_name(const char *name, size_t len);

/* One row of the detector table (static storage). */
struct tg_detector_info {
	const char *id;             /* stable id, e.g. "card-number" */
	enum tg_category category;
	const char *description;    /* one line */
};

/* Number of detectors, and row i (NULL when out of range). */
TG_EXTERN size_t tg_detector_count(void);
TG_EXTERN const struct tg_detector_info *tg_detector_get(size_t i);

/*
 * Why a scan saw less than the whole message (bits of tg_scan.flags).
 * One row each: symbol suffix, bit, id.  The TRUNC_ bits are limits that
 * cut the walk short; a scan with any of them counts as at least high.
 * UNREADABLE: a part could not be decoded or converted (its raw bytes
 * are scanned instead); MALFORMED: the MIME structure is broken (read as far as
 * possible); NOT_EXTRACTED: an attachment whose text no extractor gives
 * (archives, images' pixels, PDF without its helper ...); MORE_FINDINGS:
 * findings beyond max_findings were counted but not kept.
 */
#define TG_SCAN_FLAG_MAP(X)                                                    \
	X(TRUNC_BYTES, 0, "bytes")                                             \
	X(TRUNC_DECODED, 1, "decoded")                                         \
	X(TRUNC_PARTS, 2, "parts")                                             \
	X(TRUNC_DEPTH, 3, "depth")                                             \
	X(TRUNC_HEADER, 4, "header")                                           \
	X(TRUNC_TIME, 5, "time")                                               \
	X(UNREADABLE, 6, "unreadable")                                         \
	X(MALFORMED, 7, "malformed")                                           \
	X(NOT_EXTRACTED, 8, "not-extracted")                                   \
	X(MORE_FINDINGS, 9, "more-findings")

enum tg_scan_flags {
#define TG__SCAN_FLAG_ROW(sym, bit, id) TG_SCAN_##sym = 1u << (bit),
	TG_SCAN_FLAG_MAP(TG__SCAN_FLAG_ROW)
#undef TG__SCAN_FLAG_ROW
};

#define TG_SCAN_TRUNCATED (TG_SCAN_TRUNC_BYTES | TG_SCAN_TRUNC_DECODED |      \
	TG_SCAN_TRUNC_PARTS | TG_SCAN_TRUNC_DEPTH | TG_SCAN_TRUNC_HEADER |     \
	TG_SCAN_TRUNC_TIME)

/* The id of a flag bit ("decoded" for TG_SCAN_TRUNC_DECODED); NULL when
 * flag is not exactly one known bit. */
TG_EXTERN const char *tg_scan_flag_name(unsigned flag);

/*
 * Limits of one classification; 0 in a field means the default given.
 * Every limit that cuts the walk short sets its own TG_SCAN_TRUNC_ bit.
 */
struct tg_scan_limits {
	size_t max_bytes;       /* message bytes read: 64 MiB */
	size_t max_decoded;     /* decoded text scanned: 64 MiB (also the
	                           ceiling of tg_scan_text()) */
	unsigned max_parts;     /* MIME parts visited: 1000 */
	unsigned max_depth;     /* multipart / message nesting: 20 */
	size_t max_header;      /* bytes of one header block: 256 KiB */
	unsigned max_ms;        /* wall time of the walk, ms: 10000 */
	unsigned max_findings;  /* findings kept (all are counted): 100 */
};

#define TG_EVIDENCE_MAX 47

/*
 * One finding.  evidence is redacted: at most a few characters of a
 * sensitive value are kept ("4111********1111", "password: ********",
 * "https://example.com/..."); markings and phrases that are not secrets
 * in themselves ("CUI//SP-PRVCY") are shown as written.  It is UTF-8
 * without control characters, NUL-terminated.
 */
struct tg_finding {
	const char *detector;       /* stable id (static storage) */
	enum tg_category category;
	enum tg_severity level;     /* what this finding alone weighs */
	unsigned part;              /* 0: header fields; 1..n: MIME parts in
	                               walk order; tg_scan_text(): 1 */
	size_t offset;              /* byte offset in that part's text as
	                               decoded to UTF-8 */
	char evidence[TG_EVIDENCE_MAX + 1];
};

/*
 * The result of one classification, owned by the caller and released
 * with tg_scan_free().
 *   severity   0-4, by the rules of doc/typoguard-scan.7
 *   rule       which rule set the severity, one short phrase (static)
 *   flags      TG_SCAN_* bits
 *   counts     findings per category, all of them (also those not kept)
 *   nfindings  findings kept in findings[], by part and offset, at most
 *              max_findings (TG_SCAN_MORE_FINDINGS when more were found)
 *   pieces     pieces of text scanned
 *   error      TG_OK, or why the message could not be read at all (the
 *              severity is then at least high)
 */
struct tg_scan {
	enum tg_severity severity;
	const char *rule;
	unsigned flags;
	unsigned long counts[TG_CATEGORY_COUNT];
	size_t nfindings;
	struct tg_finding *findings;
	unsigned long pieces;
	struct tg_error error;
};

typedef struct tg_classifier tg_classifier;

/*
 * Builds the classifier: compiles the detector table (Hyperscan) once.
 * lim may be NULL for the defaults.  The classifier is immutable and may
 * be shared by any number of threads; each scan call allocates its own
 * scratch space.  Errors: TG_ENOMEM, TG_EINVAL (a limit out of range),
 * TG_EINTERNAL (the pattern compiler refused the table, or the CPU lacks
 * what the matcher needs; the message says which).
 */
TG_EXTERN int tg_classifier_new(tg_classifier **out,
    const struct tg_scan_limits *lim, struct tg_error *err);
TG_EXTERN tg_classifier *tg_classifier_free(tg_classifier *c);
/* The limits in force, every field filled; valid while c. */
TG_EXTERN const struct tg_scan_limits *tg_classifier_limits(
    const tg_classifier *c);

/*
 * Classifies a whole RFC 5322 message held in memory (msg[0..len), any
 * bytes): header fields, every MIME part, nested messages.  A message
 * that is malformed, hostile or over a limit still gives a result, with
 * flags and error saying what could not be read; the call fails only
 * with TG_EINVAL (NULL arguments), TG_ENOMEM or TG_EINTERNAL, and then
 * *out is NULL.  Thread-safe; never writes to disk.
 */
TG_EXTERN int tg_scan_message(const tg_classifier *c, const char *msg,
    size_t len, struct tg_scan **out, struct tg_error *err);

/*
 * Classifies text[0..len) as one piece of plain text (UTF-8; other bytes
 * are scanned as they are), part 1.  Text over max_decoded is scanned up
 * to it and flagged TG_SCAN_TRUNC_DECODED.  Errors as tg_scan_message().
 */
TG_EXTERN int tg_scan_text(const tg_classifier *c, const char *text,
    size_t len, struct tg_scan **out, struct tg_error *err);

/* Frees a result and its findings; NULL is a no-op.  Returns NULL. */
TG_EXTERN struct tg_scan *tg_scan_free(struct tg_scan *r);

#ifdef __cplusplus
}
#endif
#endif /* TYPOGUARD_H */
