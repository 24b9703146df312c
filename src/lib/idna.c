/*
 * idna.c - Punycode (RFC 3492) and the IDNA fast path of domain.c.
 *
 * libidn2 costs microseconds per name: mapping, NFC, table lookups and
 * allocations, and domain.c calls it more than once per name.  Most IDN
 * names hold only code points that need none of that: valid under UTS #46
 * as they are, NFC whatever their neighbours, not right-to-left, not
 * contextual.  idna_table_gen.c asks libidn2 which code points those are;
 * for a name made of them the answer is Punycode, computed here.  Any
 * other name, and every name libidn2 would reject, is left to libidn2,
 * so errors keep libidn2's codes and messages.  tests/unit/test_idna.c
 * and tests/fuzz/fuzz_idna.c compare the two.
 */
#include <idn2.h>
#include <pthread.h>
#include <string.h>

#include "idna_int.h"
#include "text_int.h"
#include "typoguard.h"

#include "idna_table.h"

#define BASE 36u
#define TMIN 1u
#define TMAX 26u
#define SKEW 38u
#define DAMP 700u
#define INITIAL_BIAS 72u
#define INITIAL_N 128u

/* Inputs longer than this are refused, which bounds the arithmetic. */
#define PUNY_MAX 1024u

static uint64_t
adapt(uint64_t delta, uint64_t numpoints, int first)
{
	uint64_t k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += delta / numpoints;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static uint64_t
threshold(uint64_t k, uint64_t bias)
{
	if (k <= bias)
		return TMIN;
	if (k >= bias + TMAX)
		return TMAX;
	return k - bias;
}

static char
digit_char(uint64_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static int
digit_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0' + 26;
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	return -1;
}

/*
 * The short way: labels of at most PUNY_FEW_N code points with at most
 * PUNY_FEW non-basic ones, the common case, in 32 bits and without
 * dividing by a variable.
 */
#define PUNY_FEW 16
#define PUNY_FEW_N 64

/* Every delta is below 0x110000 * (n + 1): code point steps times at
 * most n positions, and at most 2n + 1 positions more. */
#define FEW_DELTA_MAX (0x110000u * (PUNY_FEW_N + 1))

/* q / d as (q * RECIP(d)) >> 35, d = 1..64: RECIP(d) exceeds 2^35 / d by
 * at most 1, so the quotient is exact while q * d < 2^35. */
#define RECIP(d) ((UINT64_C(1) << 35) / (d) + 1)
#define RECIP4(d) RECIP(d), RECIP(d + 1), RECIP(d + 2), RECIP(d + 3)

_Static_assert((uint64_t)FEW_DELTA_MAX * 64 < (UINT64_C(1) << 35),
    "RECIP() quotients of deltas are exact");

static const uint64_t recip[65] = {
	0, RECIP4(1), RECIP4(5), RECIP4(9), RECIP4(13), RECIP4(17),
	RECIP4(21), RECIP4(25), RECIP4(29), RECIP4(33), RECIP4(37),
	RECIP4(41), RECIP4(45), RECIP4(49), RECIP4(53), RECIP4(57),
	RECIP4(61),
};

static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";

/* adapt() of a delta below FEW_DELTA_MAX, numpoints 1..PUNY_FEW_N. */
static uint32_t
few_adapt(uint32_t delta, size_t numpoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += (uint32_t)((delta * recip[numpoints]) >> 35);
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

/* Writes the digit of q for threshold t at out + *o, below cap, and
 * leaves the rest of q; 0 when it does not fit.  d is BASE - t. */
static inline int
few_digit(uint32_t *q, uint32_t t, uint32_t d, char *out, size_t *o,
    size_t cap)
{
	uint32_t r;

	if (*o >= cap)
		return 0;
	*q -= t;
	r = (uint32_t)((*q * recip[d]) >> 35);
	out[(*o)++] = digits[t + *q - r * d];
	*q = r;
	return 1;
}

/*
 * Writes delta (below FEW_DELTA_MAX) as a generalized variable-length
 * integer at out + o, below cap.  Returns the new o, 0 when it does not
 * fit.  The thresholds are TMIN while k <= bias, at most one between,
 * then TMAX.
 */
static size_t
few_put_delta(uint32_t q, uint32_t bias, char *out, size_t o, size_t cap)
{
	uint32_t k;

	for (k = BASE; k <= bias; k += BASE) {
		if (q < TMIN)
			goto last;
		if (!few_digit(&q, TMIN, BASE - TMIN, out, &o, cap))
			return 0;
	}
	if (k < bias + TMAX) {
		if (q < k - bias)
			goto last;
		if (!few_digit(&q, k - bias, BASE - (k - bias), out, &o, cap))
			return 0;
	}
	while (q >= TMAX)
		if (!few_digit(&q, TMAX, BASE - TMAX, out, &o, cap))
			return 0;
last:
	if (o >= cap)
		return 0;
	out[o++] = digits[q];
	return o;
}

struct nonbasic {
	uint32_t v;
	uint32_t below;   /* positions before it holding a smaller code point */
};

/*
 * Adds c at position at to e[0..*k), kept in order of value then
 * position (positions come in order).  Before it are at positions, less
 * the earlier non-basic ones of value c or above.
 */
static void
nonbasic_add(struct nonbasic *e, size_t *k, uint32_t c, size_t at)
{
	size_t i, j;

	for (i = *k; i > 0 && e[i - 1].v > c; i--)
		e[i] = e[i - 1];
	for (j = i; j > 0 && e[j - 1].v == c; j--)
		;
	e[i].v = c;
	e[i].below = (uint32_t)(at - (*k - j));
	(*k)++;
}

/*
 * The encoder's main loop for a label of n code points (at most
 * PUNY_FEW_N) with b basic ones and few non-basic ones, e[0..k) in order
 * of value, then position.  In the round of code point m, with i
 * non-basic ones below m, the positions holding a smaller code point
 * number n - k + i, e[g].below of them before e[g].  The bias after the
 * last insertion is not needed.
 */
static inline size_t
puny_few(size_t n, const struct nonbasic *e, size_t k, size_t b, char *out,
    size_t o, size_t cap)
{
	uint32_t nn = INITIAL_N, delta = 0, bias = INITIAL_BIAS, m, prev;
	size_t h = b, i, g = 0;

	while (g < k) {
		i = g;
		m = e[g].v;
		delta += (m - nn) * (uint32_t)(h + 1);
		prev = 0;
		do {
			delta += e[g].below - prev;
			prev = e[g].below;
			o = few_put_delta(delta, bias, out, o, cap);
			if (o == 0 || ++g == k)
				return o;
			bias = few_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		} while (e[g].v == m);
		delta += (uint32_t)(n - k + i) - prev + 1;
		nn = m + 1;
	}
	return o;
}

/*
 * The basic code points of cp[0..n) in order, then the delimiter when
 * there are any, at out (below cap); *b is their number, *o the length
 * written.  Returns 0 when they do not fit or a code point is past
 * U+10FFFF.
 */
static int
puny_basic(const uint32_t *cp, size_t n, char *out, size_t cap, size_t *b,
    size_t *o)
{
	size_t j;

	*b = *o = 0;
	for (j = 0; j < n; j++) {
		if (cp[j] > 0x10ffff)
			return 0;
		if (cp[j] < 0x80) {
			if (*o >= cap)
				return 0;
			out[(*o)++] = (char)cp[j];
			(*b)++;
		}
	}
	if (*b > 0) {
		if (*o >= cap)
			return 0;
		out[(*o)++] = '-';
	}
	return 1;
}

size_t
tg__puny_encode_long(const uint32_t *cp, size_t n, char *out, size_t cap)
{
	uint64_t nn = INITIAL_N, delta = 0, bias = INITIAL_BIAS, m, q, t, k;
	size_t h, b, o, j;

	if (n == 0 || n > PUNY_MAX || !puny_basic(cp, n, out, cap, &b, &o))
		return 0;
	for (h = b; h < n; delta++, nn++) {
		m = UINT32_MAX;
		for (j = 0; j < n; j++)
			if (cp[j] >= nn && cp[j] < m)
				m = cp[j];
		delta += (m - nn) * (h + 1);
		nn = m;
		for (j = 0; j < n; j++) {
			if (cp[j] < nn) {
				delta++;
				continue;
			}
			if (cp[j] != nn)
				continue;
			for (q = delta, k = BASE;; k += BASE) {
				t = threshold(k, bias);
				if (q < t)
					break;
				if (o >= cap)
					return 0;
				out[o++] = digit_char(t + (q - t) % (BASE - t));
				q = (q - t) / (BASE - t);
			}
			if (o >= cap)
				return 0;
			out[o++] = digit_char(q);
			bias = adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
	}
	return o;
}

size_t
tg__puny_encode(const uint32_t *cp, size_t n, char *out, size_t cap)
{
	struct nonbasic e[PUNY_FEW];
	size_t b, o, j, ne = 0;

	if (n == 0 || n > PUNY_FEW_N)
		return tg__puny_encode_long(cp, n, out, cap);
	for (j = 0; j < n; j++) {
		if (cp[j] < 0x80 || cp[j] > 0x10ffff)
			continue;       /* puny_basic() refuses the latter */
		if (ne == PUNY_FEW)
			return tg__puny_encode_long(cp, n, out, cap);
		nonbasic_add(e, &ne, cp[j], j);
	}
	if (!puny_basic(cp, n, out, cap, &b, &o))
		return 0;
	return puny_few(n, e, ne, b, out, o, cap);
}

size_t
tg__puny_decode(const char *s, size_t len, uint32_t *cp, size_t cap)
{
	uint64_t n = INITIAL_N, i = 0, bias = INITIAL_BIAS, w, t, k, oldi;
	size_t b = 0, in, out = 0, j;
	int digit;

	if (len > PUNY_MAX)
		return 0;
	for (j = 0; j < len; j++)
		if (s[j] == '-')
			b = j;
	if (b > cap)
		return 0;
	for (j = 0; j < b; j++) {
		if ((unsigned char)s[j] >= 0x80)
			return 0;
		cp[out++] = (unsigned char)s[j];
	}
	for (in = b > 0 ? b + 1 : 0; in < len; i++) {
		oldi = i;
		for (w = 1, k = BASE;; k += BASE) {
			if (in >= len)
				return 0;
			digit = digit_value((unsigned char)s[in++]);
			if (digit < 0 || (uint64_t)digit > (UINT32_MAX - i) / w)
				return 0;
			i += (uint64_t)digit * w;
			t = threshold(k, bias);
			if ((uint64_t)digit < t)
				break;
			if (w > UINT32_MAX / (BASE - t))
				return 0;
			w *= BASE - t;
		}
		bias = adapt(i - oldi, out + 1, oldi == 0);
		n += i / (out + 1);
		i %= out + 1;
		if (n < 0x80 || n > 0x10ffff || out >= cap)
			return 0;
		memmove(cp + i + 1, cp + i, (out - i) * sizeof(*cp));
		cp[i] = (uint32_t)n;
		out++;
	}
	return out;
}

static unsigned
entry(uint32_t c)
{
	if (c >= 0x110000)
		return 0;
	return idna_stage2[idna_stage1[c >> 8]][c & 0xff];
}

int
tg__idna_class(uint32_t c)
{
	return (int)(entry(c) & 3);
}

int
tg__idna_ccc(uint32_t c)
{
	size_t lo = 0, hi = IDNA_NCCC, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (idna_ccc[mid].cp == c)
			return idna_ccc[mid].ccc;
		if (idna_ccc[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

enum tg__bidi
tg__idna_bidi(uint32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9' ? TG__BIDI_EN :
		    c == '-' ? TG__BIDI_ES : TG__BIDI_L;
	return (enum tg__bidi)(entry(c) >> 2);
}

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int table_on;

static void
table_check(void)
{
	/* The table speaks for the libidn2 it was made with, no other. */
	table_on = IDNA_TABLE_ON &&
	    strcmp(idn2_check_version(NULL), IDNA_TABLE_IDN2) == 0;
}

int
tg__idna_table_on(void)
{
	pthread_once(&table_once, table_check);
	return table_on;
}

static int
is_ldh_lower(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* is_ldh_lower() of ASCII, as a table. */
#define LDH_DIGITS ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, \
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1
static const unsigned char ldh_lower[128] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, LDH_DIGITS, ['-'] = 1,
};

/*
 * libidn2's bidi rule (lib/bidi.c), which differs from RFC 5893 in
 * details (no EN/AN exclusion, an NSM at the end always ends well), so
 * it is followed as written: only labels with an R, AL or AN code point
 * are checked; an LTR label (L first) holds only L, EN and NSM, and ES,
 * CS, ET, ON, BN not at the end; an RTL label (R or AL first) the same
 * with R, AL, EN, AN and NSM.
 */
static int
bidi_ok(const uint32_t *cp, size_t n)
{
	enum tg__bidi b, first;
	size_t j;
	int rtl = 0, endok = 1;

	for (j = 0; j < n; j++) {
		b = tg__idna_bidi(cp[j]);
		rtl |= b == TG__BIDI_R || b == TG__BIDI_AL || b == TG__BIDI_AN;
	}
	if (!rtl)
		return 1;
	first = tg__idna_bidi(cp[0]);
	if (first != TG__BIDI_L && first != TG__BIDI_R && first != TG__BIDI_AL)
		return 0;
	for (j = 1; j < n; j++) {
		b = tg__idna_bidi(cp[j]);
		if (b == TG__BIDI_EN || b == TG__BIDI_NSM || (first ==
		    TG__BIDI_L ? b == TG__BIDI_L : (b == TG__BIDI_R ||
		    b == TG__BIDI_AL || b == TG__BIDI_AN)))
			endok = 1;
		else if (b == TG__BIDI_ES || b == TG__BIDI_CS ||
		    b == TG__BIDI_ET || b == TG__BIDI_ON || b == TG__BIDI_BN)
			endok = 0;
		else
			return 0;
	}
	return endok;
}

/*
 * True when the code points of one label (ASCII already lowercased) are
 * a U-label libidn2 keeps as it is: hyphen rules, a-z 0-9 '-' and table
 * code points, no mark first, combining classes in canonical order (so
 * NFC keeps it), the bidi rule, and at least one non-ASCII code point.
 */
static int
simple_label(const uint32_t *cp, size_t n)
{
	size_t j;
	int wide = 0, rtl = 0, c, last = 0, k;
	unsigned en, b;

	if (n == 0 || cp[0] == '-' || cp[n - 1] == '-' ||
	    (n >= 4 && cp[2] == '-' && cp[3] == '-'))
		return 0;
	for (j = 0; j < n; j++) {
		if (cp[j] < 0x80) {
			if (!is_ldh_lower(cp[j]))
				return 0;
			last = 0;
			continue;
		}
		en = entry(cp[j]);
		c = (int)(en & 3);
		if (c == 0 || (c >= 2 && j == 0))
			return 0;
		k = c == 3 ? tg__idna_ccc(cp[j]) : 0;
		if (k != 0 && last > k)
			return 0;
		last = k;
		wide = 1;
		/* bidi_ok() checks only labels with one of these. */
		b = en >> 2;
		rtl |= b == TG__BIDI_R || b == TG__BIDI_AL || b == TG__BIDI_AN;
	}
	return wide && (!rtl || bidi_ok(cp, n));
}

/* Appends the UTF-8 of cp[0..n) at buf + *at, below cap; 0 if no room. */
static int
put_utf8(const uint32_t *cp, size_t n, char *buf, size_t *at, size_t cap)
{
	size_t j, o = *at;
	uint32_t c;

	for (j = 0; j < n; j++) {
		c = cp[j];
		if (o + 4 > cap)
			return 0;
		o += tg__utf8_encode(c, buf + o);
	}
	*at = o;
	return 1;
}

static int
put_bytes(const char *s, size_t n, char *buf, size_t *at, size_t cap)
{
	if (n > cap - *at)
		return 0;
	memcpy(buf + *at, s, n);
	*at += n;
	return 1;
}

/*
 * One label p[0..n) into the two forms.  Returns 0 when libidn2 must
 * decide.
 */
static int
one_label(const unsigned char *p, size_t n, char *alabel, size_t *a,
    char *ulabel, size_t *u)
{
	uint32_t cp[TG_LABEL_MAX + 1], c;
	char lab[TG_LABEL_MAX + 1], enc[TG_LABEL_MAX + 1];
	size_t k, m = 0, e, w;
	int ascii = 1;

	for (k = 0; k < n; k++)
		ascii &= p[k] < 0x80;
	if (ascii) {
		if (n == 0 || n > TG_LABEL_MAX)
			return 0;
		for (k = 0; k < n; k++)
			lab[k] = (char)tg__lower(p[k]);
		if (n < 4 || memcmp(lab, "xn--", 4) != 0) {
			/* A plain label: libidn2 checks only the hyphens. */
			if (lab[0] == '-' || lab[n - 1] == '-' ||
			    (n >= 4 && lab[2] == '-' && lab[3] == '-'))
				return 0;
			for (k = 0; k < n; k++)
				if (!is_ldh_lower((unsigned char)lab[k]))
					return 0;
			return put_bytes(lab, n, alabel, a, TG_DOMAIN_MAX) &&
			    put_bytes(lab, n, ulabel, u, TG_UDOMAIN_MAX);
		}
		/* An A-label: libidn2 decodes it, checks the U-label and
		 * encodes it again; only the one encoding of it is valid. */
		m = tg__puny_decode(lab + 4, n - 4, cp, TG_LABEL_MAX);
		if (m == 0 || !simple_label(cp, m))
			return 0;
		e = tg__puny_encode(cp, m, enc, sizeof(enc));
		if (e != n - 4 || memcmp(enc, lab + 4, e) != 0)
			return 0;
		return put_bytes(lab, n, alabel, a, TG_DOMAIN_MAX) &&
		    put_utf8(cp, m, ulabel, u, TG_UDOMAIN_MAX);
	}
	/* A U-label: UTS #46 lowercases its ASCII, keeps table code points. */
	for (k = 0; k < n; k += w) {
		w = tg__utf8_decode(p + k, n - k, &c);
		if (w == 0 || m >= TG_LABEL_MAX)
			return 0;
		cp[m++] = c < 0x80 ? tg__lower((unsigned char)c) : c;
	}
	if (!simple_label(cp, m))
		return 0;
	/* libidn2 refuses an A-label over 63 octets. */
	e = tg__puny_encode(cp, m, enc, TG_LABEL_MAX - 4);
	if (e == 0)
		return 0;
	return put_bytes("xn--", 4, alabel, a, TG_DOMAIN_MAX) &&
	    put_bytes(enc, e, alabel, a, TG_DOMAIN_MAX) &&
	    put_utf8(cp, m, ulabel, u, TG_UDOMAIN_MAX);
}

int
tg__idna_fast(const char *s, size_t len, char *alabel, size_t *alen,
    char *ulabel)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start = 0, a = 0, u = 0;

	if (len == 0 || len > TG_DOMAIN_INPUT_MAX || !tg__idna_table_on())
		return 0;
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '.')
			continue;
		if (start > 0 && (!put_bytes(".", 1, alabel, &a,
		    TG_DOMAIN_MAX) || !put_bytes(".", 1, ulabel, &u,
		    TG_UDOMAIN_MAX)))
			return 0;
		if (!one_label(p + start, i - start, alabel, &a, ulabel, &u))
			return 0;
		start = i + 1;
	}
	alabel[a] = '\0';
	ulabel[u] = '\0';
	*alen = a;
	return 1;
}

_Static_assert(TG_LABEL_MAX <= PUNY_FEW_N, "a label takes the short way");

/* The bidi classes that make bidi_ok() check a label, as bits. */
#define BIDI_RTL ((1u << TG__BIDI_R) | (1u << TG__BIDI_AL) | \
	(1u << TG__BIDI_AN))

int
tg__idna_label(const uint32_t *cp, size_t n, char *alabel, size_t *alen,
    char *ulabel, size_t *ulen)
{
	struct nonbasic e[PUNY_FEW];
	uint32_t c = 0;
	size_t j, u = 0, o, ne = 0;
	char *up;
	int last = 0, cls, k;
	unsigned en, rtl = 0;

	/* one_label() on the UTF-8 of cp, in one pass: simple_label()'s
	 * rules (which a plain ASCII label meets too), the U-label, and the
	 * Punycode of a label with few non-basic code points (its basic ones
	 * go to alabel + 4 as they come).  No case is folded: cp is what
	 * one_label() would read back. */
	if (n == 0 || n > TG_LABEL_MAX || !tg__idna_table_on() ||
	    cp[0] == '-' || cp[n - 1] == '-' ||
	    (n >= 4 && cp[2] == '-' && cp[3] == '-'))
		return 0;
	for (j = 0; j < n; j++) {
		/* A run of ASCII, to both labels: code point j goes to
		 * up[j] and alabel[4 + j - ne] (u >= j >= ne). */
		up = ulabel + (u - j);
		for (; j < n && (c = cp[j]) < 0x80; j++) {
			if (!ldh_lower[c])
				return 0;
			up[j] = (char)c;
			alabel[4 + j - ne] = (char)c;
		}
		u = (size_t)(up - ulabel) + j;
		if (j == n)
			break;
		/* What the UTF-8 round trip refuses. */
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    ne == PUNY_FEW)
			return 0;
		en = entry(c);
		cls = (int)(en & 3);
		if (cls == 0 || (cls >= 2 && j == 0))
			return 0;
		/* Combining classes in order where one follows another. */
		k = cls == 3 ? tg__idna_ccc(c) : 0;
		if (k != 0 && j > 0 && cp[j - 1] >= 0x80 && last > k)
			return 0;
		last = k;
		rtl |= (BIDI_RTL >> (en >> 2)) & 1;
		nonbasic_add(e, &ne, c, j);
		u += tg__utf8_encode(c, ulabel + u);
	}
	*ulen = u;
	o = n - ne;
	if (ne == 0) {
		memcpy(alabel, ulabel, n);
		*alen = n;
		return 1;
	}
	if (rtl && !bidi_ok(cp, n))
		return 0;
	/* tg__puny_encode(cp, n, alabel + 4, TG_LABEL_MAX - 4): libidn2
	 * refuses an A-label over 63 octets. */
	if (o > 0) {
		if (o >= TG_LABEL_MAX - 4)
			return 0;
		alabel[4 + o++] = '-';
	}
	o = puny_few(n, e, ne, o > 0 ? o - 1 : 0, alabel + 4, o,
	    TG_LABEL_MAX - 4);
	if (o == 0)
		return 0;
	memcpy(alabel, "xn--", 4);
	*alen = 4 + o;
	return 1;
}
