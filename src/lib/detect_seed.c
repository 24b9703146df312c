/*
 * detect_seed.c - the seeds of the detector rows that are scanned only
 * around them (detect.c, "Seeded rows").
 *
 * Card numbers, IBANs, SSNs, machine-readable zones, coordinates and MGRS
 * references are scanned only over windows around seeds, which one loop
 * over the piece finds, 64 bytes at a time where there are no digits.
 * A seed is a span that every match of one of these rows overlaps, read
 * off the patterns; digit groups are maximal runs of digits, \b before
 * a digit means no letter, digit or '_' before it:
 *
 *   card-number  \b[0-9]([ -]?[0-9]){11,18}\b: a match starts and ends
 *     at a group's edge and runs over groups joined by one blank or
 *     hyphen (a cluster); seed: the cluster, once it holds 12 digits from
 *     its first group that has \b before it.
 *   ssn  \b[0-9]{3}([- ]?)[0-9]{2}([- ]?)[0-9]{4}\b: likewise, groups
 *     of 9, 3 6, 5 4 or 3 2 4 digits, the first with \b before it; seed:
 *     the cluster.
 *   passport-mrz, id-card-mrz  ...[A-Z<]{3}[0-9]{7}[MFX<][0-9]... and
 *     ...\n[0-9]{7}[MFX<][0-9]...: a group of 7 digits, one of MFX<, a
 *     digit; seed: the group and the letter.
 *   coordinates  [0-9]{1,2}\.[0-9]{4,9}: a group of 4 or more after a
 *     digit and a dot (seed: the group); [0-9]{1,2}('|\xe2\x80\xb2) after
 *     a degree sign, 'd' or a blank: a group of 1 or 2 before ' or \xe2;
 *     \b[0-9]{6}(\.[0-9]{1,12})?[NS]: a group of 6 with \b before it,
 *     then '.', N or S (seed: the group and the byte after it).
 *   mgrs  \b[0-9]{1,2}[C-HJ-NP-X]: a group of 1 or 2 with \b before it,
 *     then one of those letters (seed: the group and the letter).
 *   iban  \b[A-Z]{2} ?[0-9]{2}([ .-]?[A-Za-z0-9]){11,30}\b: a group of 2
 *     or more after two capitals with \b before them and perhaps a
 *     blank, and 11 letters or digits after its first two digits, each
 *     after at most one of " .-" (seed: the group).
 *
 * Changing one of those patterns means checking this list.
 */
#include <stdint.h>
#include <string.h>

#include "detect_priv.h"
#include "text_int.h"

/* Bit k set: byte k of the 8 at p is a digit.  After the xor, digits
 * are the bytes below 10; or-ing in the high bit keeps the subtraction
 * from borrowing across bytes; the product gathers the eight high bits
 * into the top byte. */
static uint64_t
digits8(const unsigned char *p)
{
	uint64_t x, y, t, m;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&x, p, 8);
#else
	x = 0;
	for (int k = 7; k >= 0; k--)
		x = x << 8 | p[k];
#endif
	y = x ^ 0x3030303030303030ull;
	t = (y | 0x8080808080808080ull) - 0x0a0a0a0a0a0a0a0aull;
	m = ~y & ~t & 0x8080808080808080ull;
	return ((m >> 7) * 0x0102040810204080ull) >> 56;
}

/* The digits of the 64 bytes from blk (a multiple of 64), none past the
 * piece. */
static uint64_t
digits64(const unsigned char *t, size_t n, size_t blk)
{
	unsigned char tail[64];
	const unsigned char *p = t + blk;

	if (n - blk < 64) {
		memset(tail, 0, sizeof(tail));
		memcpy(tail, p, n - blk);
		p = tail;
	}
	return digits8(p) | digits8(p + 8) << 8 | digits8(p + 16) << 16 |
	    digits8(p + 24) << 24 | digits8(p + 32) << 32 |
	    digits8(p + 40) << 40 | digits8(p + 48) << 48 |
	    digits8(p + 56) << 56;
}

/* The same, kept for the next call. */
static inline uint64_t
block_digits(struct tg__seeder *s, const unsigned char *t, size_t n, size_t blk)
{
	if (s->mblk != blk + 1) {
		s->mask = digits64(t, n, blk);
		s->mblk = blk + 1;
	}
	return s->mask;
}

/* The next digit group at or after i, [*gs, *ge); 0 when none. */
static inline int
next_group(struct tg__seeder *s, const unsigned char *t, size_t n, size_t i,
    size_t *gs, size_t *ge)
{
	size_t blk = i & ~(size_t)63;
	uint64_t m;

	for (;;) {
		if (blk >= n)
			return 0;
		m = block_digits(s, t, n, blk) >> (i - blk);
		if (m != 0)
			break;
		blk += 64;
		i = blk;
	}
	i += (size_t)__builtin_ctzll(m);
	*gs = i;
	for (;;) {
		size_t off = i - blk;

		/* non-digits from i on; bytes past the block count as such */
		m = ~block_digits(s, t, n, blk) >> off;
		if (off > 0)
			m |= ~(uint64_t)0 << (64 - off);
		if (m != 0 && __builtin_ctzll(m) < 64 - (int)off) {
			i += (size_t)__builtin_ctzll(m);
			break;
		}
		blk += 64;
		i = blk;
		if (blk >= n)
			break;
	}
	*ge = i < n ? i : n;
	return 1;
}

static int
seed_word(unsigned char c)
{
	return tg__is_letdig(c) || c == '_';
}

/* Whether the cluster's last groups (g0 the last, of ng) are an SSN's:
 * 9, 3 6, 5 4 or 3 2 4 digits, the first of them one a match may start
 * at. */
static int
ssn_groups(size_t g0, size_t g1, size_t g2, size_t ng, int bfirst)
{
	if (g0 == 9)
		return ng > 1 || bfirst;
	if (ng >= 2 && ((g1 == 3 && g0 == 6) || (g1 == 5 && g0 == 4)))
		return ng > 2 || bfirst;
	return ng >= 3 && g2 == 3 && g1 == 2 && g0 == 4 &&
	    (ng > 3 || bfirst);
}

/* Whether an IBAN's \b[A-Z]{2} ends at t[e - 1]. */
static int
iban_head(const unsigned char *t, size_t e)
{
	return e >= 2 && tg__is_upper(t[e - 1]) && tg__is_upper(t[e - 2]) &&
	    (e == 2 || !seed_word(t[e - 3]));
}

/* Whether 11 letters or digits follow t[p], each after at most one of
 * " .-" (what an IBAN's pattern takes after its check digits). */
static int
iban_tail(const unsigned char *t, size_t n, size_t p)
{
	int units = 0;

	while (units < 11 && p < n) {
		if (tg__is_letdig(t[p]))
			p++;
		else if ((t[p] == ' ' || t[p] == '.' || t[p] == '-') &&
		    p + 1 < n && tg__is_letdig(t[p + 1]))
			p += 2;
		else
			break;
		units++;
	}
	return units == 11;
}

/* The MGRS latitude bands. */
static int
mgrs_band(unsigned char c)
{
	return c >= 'C' && c <= 'X' && c != 'I' && c != 'O';
}

/* Adds seed [a, b) to the window being gathered; 1 when that window is
 * complete (then it is in *wa, *wb and the new one begins). */
static int
seed_add(struct tg__seeder *s, size_t a, size_t b, size_t *wa, size_t *wb)
{
	size_t n = s->n;
	int done = 0;

	a = a > s->reach ? a - s->reach : 0;
	b = n - b > s->reach ? b + s->reach : n;
	/* Seeds come in order of their starts: a cluster's seed starts at
	 * its first group, and the others at a group that begins a cluster
	 * (IBAN, a dot before) or ends one (a letter, dot or quote after,
	 * found after the cluster's own seed).  So a window that does not
	 * reach this seed's is complete. */
	if (s->open && a > s->wb) {
		*wa = s->wa;
		*wb = s->wb;
		done = 1;
		s->open = 0;
	}
	if (!s->open) {
		s->wa = a;
		s->wb = b;
		s->open = 1;
	} else {
		if (a < s->wa)
			s->wa = a;
		if (b > s->wb)
			s->wb = b;
	}
	return done;
}

void
tg__seed_start(struct tg__seeder *s, const char *t, size_t n, size_t reach)
{
	memset(s, 0, sizeof(*s));
	s->t = (const unsigned char *)t;
	s->n = n;
	s->reach = reach;
	s->cend = SIZE_MAX;
}

int
tg__seed_next(struct tg__seeder *s, size_t *wa, size_t *wb)
{
	const unsigned char *t = s->t;
	size_t n = s->n, i = s->i, gs, ge;
	size_t cstart, cend, total, g0, g1, g2, ng;
	int got = 0, bfirst;

	/* the cluster in locals while the loop runs */
	cstart = s->cstart;
	cend = s->cend;
	total = s->total;
	g0 = s->grp[0];
	g1 = s->grp[1];
	g2 = s->grp[2];
	ng = s->ng;
	bfirst = s->bfirst;

	while (!got && next_group(s, t, n, i, &gs, &ge)) {
		size_t len = ge - gs;
		unsigned char c, p;

		i = ge;
		/* card-number, ssn: the cluster, its digits from its first
		 * group that may start a match (\b), its last three groups */
		if (cend != SIZE_MAX && gs == cend + 1 &&
		    (t[cend] == ' ' || t[cend] == '-')) {
			total += len;
			ng++;
		} else {
			cstart = gs;
			bfirst = gs == 0 || !seed_word(t[gs - 1]);
			total = bfirst ? len : 0;
			ng = 1;
		}
		cend = ge;
		g2 = g1;
		g1 = g0;
		g0 = len;
		if (total >= 12 || ssn_groups(g0, g1, g2, ng, bfirst))
			got |= seed_add(s, cstart, ge, wa, wb);
		/* iban: \b, two capitals, perhaps a blank, two digits, and
		 * eleven more; coordinates: a digit, a dot, four digits or
		 * more */
		p = gs > 0 ? t[gs - 1] : 0;
		if (len >= 2 && (tg__is_upper(p) || p == ' ' || p == '.')) {
			if (len >= 4 && p == '.' && tg__is_digit(t[gs - 2]))
				got |= seed_add(s, gs, ge, wa, wb);
			else if (p != '.' && (iban_head(t, gs) ||
			    (p == ' ' && iban_head(t, gs - 1))) &&
			    iban_tail(t, n, gs + 2))
				got |= seed_add(s, gs, ge, wa, wb);
		}
		/* what follows the group: mgrs (\b, one or two digits, a
		 * band), coordinates (one or two digits, then ' or a prime;
		 * \b, six digits, then '.', N or S), zones (seven digits, one
		 * of MFX<, a digit) */
		c = ge < n ? t[ge] : 0;
		if (len <= 2 ? (c == '\'' || c == 0xe2 || (mgrs_band(c) &&
		    (gs == 0 || !seed_word(t[gs - 1])))) : len == 6 ?
		    ((c == '.' || c == 'N' || c == 'S') && (gs == 0 ||
		    !seed_word(t[gs - 1]))) : len == 7 && (c == 'M' ||
		    c == 'F' || c == 'X' || c == '<') && ge + 1 < n &&
		    tg__is_digit(t[ge + 1]))
			got |= seed_add(s, gs, ge + 1, wa, wb);
	}
	s->i = i;
	s->cstart = cstart;
	s->cend = cend;
	s->total = total;
	s->grp[0] = g0;
	s->grp[1] = g1;
	s->grp[2] = g2;
	s->ng = ng;
	s->bfirst = bfirst;
	if (!got && s->open) {
		*wa = s->wa;
		*wb = s->wb;
		s->open = 0;
		got = 1;
	}
	return got;
}
