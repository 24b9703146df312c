/*
 * slip_int.h - the typo model: one definition per slip kind, shared by the
 * generator (tg_variants) and the detector (the index), so the two cannot
 * drift apart.
 *
 * A name is handled as code points of its U-label form, split where its
 * ICANN public suffix begins.  Kinds that edit the name left of the suffix
 * are defined as predicates on one edit (struct tg__edit); the generator
 * makes every edit of a kind and keeps those the predicate accepts, the
 * detector works out which edits turn the protected name into the
 * recipient's and asks the same predicates.  Look-alike kinds are defined
 * by the glyph tables (glyph_int.h) and an alignment; suffix kinds by the
 * public suffix table (suffix_int.h).
 */
#ifndef TG_SLIP_INT_H
#define TG_SLIP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "typoguard.h"

struct tg__sfx;

#define TG__NAME_MAX TG_DOMAIN_MAX

/* A registrable label of at most this many code points gets no slips
 * inside it: its neighbours are other short names, all in use.  The
 * kinds that are no edit inside it still apply (TLD and suffix slips, a
 * dot left out or made a hyphen, look-alikes): the generator makes them
 * and the classifier finds them. */
#define TG__SHORT_LABEL 2
#define TG__SHORT_LABEL_KINDS \
	((1u << TG_KIND_TLD_TYPO) | (1u << TG_KIND_TLD_SWAP) | \
	(1u << TG_KIND_SUFFIX_SWAP) | (1u << TG_KIND_TLD_IN_LABEL) | \
	(1u << TG_KIND_MISSING_DOT) | (1u << TG_KIND_DOT_HYPHEN) | \
	(1u << TG_KIND_HOMOGLYPH) | (1u << TG_KIND_IDN_CONFUSABLE))

/*
 *   cp[0..n)          the whole name, U-labels, lowercase
 *   cp[0..base)       left of the suffix ("mail.army" in mail.army.mil);
 *                     base is 0 when the name is itself a public suffix
 *   cp[reg..base)     the registrable label ("army")
 *   cp[base+1..n)     the ICANN public suffix ("mil")
 */
struct tg__name {
	const uint32_t *cp;
	size_t n;
	size_t base;
	size_t reg;
	size_t labels;
	int idn;          /* some code point is not ASCII */
};

/* A name with its own storage. */
struct tg__namebuf {
	struct tg__name nm;
	size_t sfx_alen;  /* bytes of the ICANN suffix in the A-label form */
	uint32_t buf[TG__NAME_MAX + 1];
};

/*
 * Fills a name from a parsed domain (its U-label form, split where the
 * ICANN suffix of its A-label form begins).  Returns TG_OK, or TG_EINVAL
 * for a literal or a name whose U-label form does not decode.
 */
int tg__name_from_domain(const struct tg__sfx *sfx, const struct tg_domain *d,
    struct tg__namebuf *out);

/* Sets base, reg, labels and idn of nm, whose cp and n are set, given the
 * number of labels of its ICANN suffix. */
void tg__name_split(struct tg__name *nm, size_t suffix_labels);

/* Edits of one code point (or two for plural "es"). */
enum tg__edit_op {
	TG__EDIT_DEL,   /* a = cp removed at pos */
	TG__EDIT_INS,   /* b = cp inserted before pos */
	TG__EDIT_INS2,  /* "es" inserted before pos */
	TG__EDIT_SUB,   /* a at pos replaced by b */
	TG__EDIT_SWAP   /* cp at pos and pos + 1 swapped (a, b in old order) */
};

/* One edit of the part of a name left of its suffix (str = cp[0..len),
 * reg = start of the registrable label in it). */
struct tg__edit {
	enum tg__edit_op op;
	size_t pos;
	uint32_t a, b;
	const uint32_t *str;
	size_t len;
	size_t reg;
};

/* The vowels of vowel-swap. */
static inline int
tg__is_vowel(uint32_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* A character of a lowercase host name label. */
static inline int
tg__is_host_char(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Per-deployment weights the model reads. */
struct tg__weights {
	double layout[TG_LAYOUT_COUNT];
	unsigned layouts;       /* layouts with weight > 0 */
};

/*
 * The kinds (bits) for which edit e is a slip, and their best
 * plausibility in *plaus (0 when none).  layouts limits the keyboard
 * kinds to those layouts.
 */
unsigned tg__edit_kinds(const struct tg__edit *e, const struct tg__weights *w,
    unsigned layouts, double *plaus);

/*
 * How q is one slip from p: kinds (bits, limited to mask) and the best
 * plausibility.  0 when q is not one slip from p.  tlds is the index's
 * suffix table (for delegated TLDs and suffix siblings).
 */
unsigned tg__classify(const struct tg__sfx *sfx, const struct tg__name *p,
    const struct tg__name *q, const struct tg__weights *w, unsigned layouts,
    unsigned mask, double *plaus);

/* tg__classify() for a variant tg_variants() made, which is mostly a
 * look-alike: the same answer, sooner for those. */
unsigned tg__classify_variant(const struct tg__name *p, const struct tg__name *q,
    const struct tg__weights *w, unsigned layouts, unsigned mask,
    double *plaus);

/*
 * How suffix rule x (a public suffix as code points, "mil") relates to the
 * suffix of q: TG_KIND_TLD_TYPO when one edit apart.  Plausibility as for
 * tld-typo.
 */
unsigned tg__classify_rule(const uint32_t *x, size_t xn, const struct tg__name *q,
    const struct tg__weights *w, unsigned layouts, double *plaus);

/* Minimum substitutions of look-alikes that turn p[0..pn) into q[0..qn),
 * or -1 when they are not look-alikes of each other or need more than
 * max. */
int tg__glyph_distance(const uint32_t *p, size_t pn, const uint32_t *q,
    size_t qn, unsigned max);

/* Skeleton of cp[0..n) (glyph classes) into out[0..n). */
void tg__skeleton(const uint32_t *cp, size_t n, uint32_t *out);

/*
 * Variant generation: calls fn for every variant of p of kind (duplicates
 * possible; the caller dedupes), as code points of the whole name.
 * Returns what fn returns when non-zero, else TG_OK or TG_ENOMEM.
 */
typedef int (*tg__gen_fn)(const uint32_t *cp, size_t n, int kind, void *arg);

struct tg__gen {
	const struct tg__sfx *sfx;
	unsigned layouts;
	const char *const *tlds;   /* tld-swap targets */
	size_t ntlds;
	int ascii_only;            /* homoglyph: ASCII look-alikes only */
	/* When set, a variant that differs from p only in its registrable
	 * label goes to label_fn instead of fn, as that label alone. */
	tg__gen_fn label_fn;
};

int tg__generate(const struct tg__gen *g, const struct tg__name *p, int kind,
    tg__gen_fn fn, void *arg);

/* Off (0): the second homoglyph round applies every rule at every
 * position, without leaving out what it would only make again (gen.c).
 * Not thread-safe; tests only. */
void tg__gen_shortcuts(int on);

/* Kinds whose TLD came from a suffix rule ("mil" for ".mil"). */
int tg__generate_rule(const struct tg__gen *g, const uint32_t *x, size_t xn,
    tg__gen_fn fn, void *arg);

/* Built-in tld-swap targets: the TLDs people type by habit; tld-swap is
 * detected only into these. */
extern const char *const tg__habit_tlds[];
extern const size_t tg__habit_tld_count;

/* TLDs whose registries register no IDNs (data/idn-none.txt), and
 * whether the TLD t[0..n) (A-label) is one of them. */
extern const char *const tg__idn_none_tlds[];
extern const size_t tg__idn_none_count;
int tg__tld_takes_idn(const char *t, size_t n);

/* Exposure of a name (A-labels) for a protected entry whose registrable
 * domain is entry_reg ("" for a suffix rule). */
enum tg_exposure tg__exposure(const struct tg__sfx *sfx, const char *alabel,
    size_t len, const char *entry_reg);

/* tg__exposure() in two steps, for several entries against one name: what
 * depends on the name alone (never TG_EXPOSURE_INTERNAL; slen is the
 * length of its ICANN suffix, or more than len when not known), then for
 * one entry. */
enum tg_exposure tg__exposure_base(const struct tg__sfx *sfx,
    const char *alabel, size_t len, size_t slen);
enum tg_exposure tg__exposure_for(enum tg_exposure base, const char *alabel,
    size_t len, const char *entry_reg);

/* Score of a candidate from its plausibility and exposure. */
double tg__score(double plaus, enum tg_exposure exp, int self_forward);

/*
 * For tests: 0 turns off the shortcuts that must give what the long way
 * gives, 1 (the default) turns them on again: the look-alike alignment's
 * cheaper answers (slip.c) and tg_variants()' label path (variants.c),
 * so that every name is aligned and parsed whole.  Not thread-safe;
 * tests only.
 */
void tg__slip_shortcuts(int on);
int tg__slip_shortcuts_on(void);

#endif
