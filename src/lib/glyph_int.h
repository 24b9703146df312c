/*
 * glyph_int.h - look-alike characters: the tables that generate homoglyph
 * and IDN-confusable variants, and the skeleton classes that detect them.
 *
 * Three tables, each pair "from -> to" where from is 1-2 ASCII characters
 * and to is 1-2 code points:
 *   TG__GLYPH_ASCII       ASCII look-alikes: rn/m, vv/w, cl/d, l/1/i, 0/o
 *   TG__GLYPH_LATIN       Latin letters with diacritics, strokes, hooks,
 *                         small capitals, ligatures (a -> a-grave, ae -> ae
 *                         ligature): derived from Unicode names and
 *                         decompositions, plus Latin letters that UTS #39
 *                         puts with an ASCII letter (alpha, dotless i) and
 *                         a few by hand (ss -> sharp s, 3 -> ezh)
 *   TG__GLYPH_CONFUSABLE  UTS #39 confusables from other scripts (Cyrillic
 *                         a, Greek omicron ...) in the skeleton class of the
 *                         ASCII 'from' (m and "rn" share one) or of one of
 *                         its latin look-alikes (Cyrillic ka with kra);
 *                         code points already in TG__GLYPH_LATIN are not
 *                         repeated here
 * Every non-ASCII 'to' is one code point: lowercase, NFC, IDNA2008 PVALID
 * and accepted by libidn2, a letter or digit, left-to-right.  The data and
 * its provenance are in data/glyphs.tsv and data/README.md.
 *
 * Skeletons: every character of every pair of length 1 -> 1 is put in one
 * class (union-find over all three tables); a class is named by its
 * smallest member.  tg__glyph_class() maps a code point to its class name.
 * Pairs with more than one character on a side ("rn" -> "m") become
 * "multi rules" between class strings, both directions, used by the index
 * to expand skeletons.
 *
 * Weak pairs: a few 1 -> 1 look-alikes would chain letters that do not
 * look alike if they joined the classes (m~n and n~r would make m~r;
 * b~d, 8~b, 3~8; 6~9, 9~q, g~q).  The data marks them "weak": they stay
 * in tg__glyph_subs() for generating variants, are left out of the
 * union-find, and become multi rules of one character on each side
 * instead, so that each applies once.  Applied twice at one position
 * (army -> arny -> ammy) they chain again: a generator must not apply a
 * weak pair to a character that an earlier weak pair put there, or a
 * detector must accept two rules at one position.  The weak pairs are m/n, n/r,
 * b/d, c/e, g/q, u/v, 5/s, 8/b, 3/8, 6/9, 9/q, 2/z (ascii) and 5 -> tone
 * five (latin; UTS #39 puts tone five with s).
 *
 * All tables are built once (pthread_once) and read-only afterwards.
 * Every function below builds them first; tg__glyph_init() does only
 * that, for the inline lookups at the end.
 */
#ifndef TG_GLYPH_INT_H
#define TG_GLYPH_INT_H

#include <stddef.h>
#include <stdint.h>

enum tg__glyph_table {
	TG__GLYPH_ASCII = 1u << 0,
	TG__GLYPH_LATIN = 1u << 1,
	TG__GLYPH_CONFUSABLE = 1u << 2
};

struct tg__glyph_sub {
	uint32_t from[2];
	uint32_t to[2];
	unsigned char from_len; /* 1 or 2 */
	unsigned char to_len;   /* 1 or 2 */
	unsigned char table;    /* one enum tg__glyph_table bit */
};

/*
 * The substitutions whose 'from' matches s[0..] (n >= 1 code points
 * available), from any table in the mask.  Sets *out to a read-only array
 * of the matches (those with from_len 1 first, then 2) and returns their
 * count.  The array is static; nothing to free.
 */
size_t tg__glyph_subs(const uint32_t *s, size_t n, unsigned tables,
    const struct tg__glyph_sub **out);

/* The skeleton class of cp: the smallest code point of its class, or cp
 * itself when it is in no pair. */
uint32_t tg__glyph_class(uint32_t cp);

/* tg__glyph_class() of each of cp[0..n) into out[0..n). */
void tg__glyph_skeleton(const uint32_t *cp, size_t n, uint32_t *out);

/* The tables (enum tg__glyph_table bits) a non-ASCII code point appears in
 * as a 'to'; 0 for ASCII or unknown code points. */
unsigned tg__glyph_tables_of(uint32_t cp);

/* Over the non-ASCII code points of cp[0..n): TG__GLYPH_LATIN for one
 * that is in the Latin table, TG__GLYPH_CONFUSABLE for any other. */
unsigned tg__glyph_tables_in(const uint32_t *cp, size_t n);

/* tg__glyph_class() of each ASCII code point: a static array of 128. */
const uint32_t *tg__glyph_ascii_classes(void);

/* A multi rule: class string a (alen) may stand for class string b (blen);
 * every rule is listed in both directions, none maps a string to itself.
 * From the pairs with a two-character side and the weak pairs (alen =
 * blen = 1). */
struct tg__glyph_multi {
	uint32_t a[2];
	uint32_t b[2];
	unsigned char alen;
	unsigned char blen;
};

/* The order of the multi rules: by a (its length first), then by b;
 * for qsort(). */
int tg__glyph_multi_cmp(const void *a, const void *b);

/* All multi rules, sorted and without repeats; *out gets a static
 * read-only array. */
size_t tg__glyph_multis(const struct tg__glyph_multi **out);

/* The same answers as tg__glyph_class() and tg__glyph_tables_of(), from
 * the hash the faster lookup below is built from; for tests. */
uint32_t tg__glyph_class_hashed(uint32_t cp);
unsigned tg__glyph_tables_hashed(uint32_t cp);

/* Builds the tables if that has not been done (thread-safe). */
void tg__glyph_init(void);

/*
 * The lookup behind tg__glyph_class() and tg__glyph_tables_of(), for hot
 * loops: valid only once the tables are built (tg__glyph_init() or any
 * function above has returned in this thread, or happened before).  An
 * entry holds class ^ cp in its low 21 bits and the tables above them;
 * code points in no pair share the all-zero block 0.
 */
#define TG__GLYPH_CP_END 0x110000u
#define TG__GLYPH_BLK_BITS 6
#define TG__GLYPH_BLK (1u << TG__GLYPH_BLK_BITS)
#define TG__GLYPH_TABLES_SHIFT 21
extern uint16_t tg__glyph_top[TG__GLYPH_CP_END >> TG__GLYPH_BLK_BITS];
extern uint32_t tg__glyph_blk[][TG__GLYPH_BLK];

static inline uint32_t
tg__glyph_entry(uint32_t cp)
{
	return cp < TG__GLYPH_CP_END ? tg__glyph_blk[tg__glyph_top[cp >>
	    TG__GLYPH_BLK_BITS]][cp & (TG__GLYPH_BLK - 1)] : 0;
}

/* tg__glyph_class() once the tables are built. */
static inline uint32_t
tg__glyph_class_built(uint32_t cp)
{
	return cp ^ (tg__glyph_entry(cp) &
	    ((1u << TG__GLYPH_TABLES_SHIFT) - 1));
}

/* tg__glyph_tables_in() once the tables are built. */
static inline unsigned
tg__glyph_tables_in_built(const uint32_t *cp, size_t n)
{
	unsigned out = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (cp[i] >= 0x80)
			out |= (tg__glyph_entry(cp[i]) >>
			    TG__GLYPH_TABLES_SHIFT) & TG__GLYPH_LATIN ?
			    TG__GLYPH_LATIN : TG__GLYPH_CONFUSABLE;
	return out;
}

#endif
