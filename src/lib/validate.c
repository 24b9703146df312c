/*
 * validate.c - check digits and number ranges behind the detectors.
 *
 * A pattern finds something that looks like a card number; these rules
 * decide whether it could be one.  They are what keeps a sixteen-digit
 * order number or a nine-digit invoice number from being reported as a
 * leak.  Sources: ISO/IEC 7812-1 (Luhn), the issuers' published IIN
 * ranges, ISO 13616 and the SWIFT IBAN registry (country lengths), the
 * ABA's routing number policy, the SSA's rules for issued numbers (and its
 * note on numbers used in advertising), ICAO Doc 9303 parts 4 and 5.
 */
#include <stdint.h>
#include <string.h>

#include "validate_int.h"

enum { MAXDIG = 40 };

static const char *const card_names[] = {
#define TG_CARD_NAME(id, name) name,
	TG_CARD_MAP(TG_CARD_NAME)
#undef TG_CARD_NAME
};

const char *
tg__card_name(enum tg__card c)
{
	if ((size_t)c >= sizeof(card_names) / sizeof(card_names[0]))
		return "none";
	return card_names[c];
}

/*
 * Copies the digits of s to d (at most cap) and gives their count, or -1
 * when s holds a character that is neither a digit nor one of seps, or
 * more than cap digits.
 */
static int
digits(const char *s, size_t n, const char *seps, char *d, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9') {
			if (k == cap)
				return -1;
			d[k++] = (char)c;
		} else if (c == '\0' || !strchr(seps, c)) {
			return -1;
		}
	}
	return (int)k;
}

static bool
luhn(const char *d, int k)
{
	unsigned sum = 0;

	for (int i = k - 1, dbl = 0; i >= 0; i--, dbl ^= 1) {
		unsigned v = (unsigned)(d[i] - '0');

		if (dbl) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

bool
tg__luhn_ok(const char *s, size_t n)
{
	char d[MAXDIG];
	int k = digits(s, n, " -", d, sizeof(d));

	return k > 1 && luhn(d, k);
}

/* The first len digits of d as a number. */
static unsigned
prefix(const char *d, int len)
{
	unsigned v = 0;

	for (int i = 0; i < len; i++)
		v = v * 10 + (unsigned)(d[i] - '0');
	return v;
}

/* One IIN range: numbers whose first plen digits lie in [lo, hi] and
 * whose length lies in [minlen, maxlen]. */
struct iin {
	uint8_t card, plen, minlen, maxlen;
	unsigned lo, hi;
};

/* Narrow ranges before the wide ones that contain them. */
static const struct iin iins[] = {
	{ TG_CARD_AMEX, 2, 15, 15, 34, 34 },
	{ TG_CARD_AMEX, 2, 15, 15, 37, 37 },
	{ TG_CARD_DINERS, 3, 14, 19, 300, 305 },
	{ TG_CARD_DINERS, 4, 14, 19, 3095, 3095 },
	{ TG_CARD_DINERS, 2, 14, 19, 36, 36 },
	{ TG_CARD_DINERS, 2, 16, 19, 38, 39 },
	{ TG_CARD_JCB, 4, 16, 19, 3528, 3589 },
	{ TG_CARD_VISA, 1, 13, 19, 4, 4 },
	{ TG_CARD_MASTERCARD, 2, 16, 16, 51, 55 },
	{ TG_CARD_MASTERCARD, 4, 16, 16, 2221, 2720 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 5018, 5018 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 5020, 5020 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 5038, 5038 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 5893, 5893 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 6304, 6304 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 6759, 6759 },
	{ TG_CARD_MAESTRO, 4, 12, 19, 6761, 6763 },
	{ TG_CARD_DISCOVER, 4, 16, 19, 6011, 6011 },
	{ TG_CARD_DISCOVER, 3, 16, 19, 644, 649 },
	{ TG_CARD_DISCOVER, 2, 16, 19, 65, 65 },
	{ TG_CARD_UNIONPAY, 2, 16, 19, 62, 62 },
};

enum tg__card
tg__card_check(const char *s, size_t n)
{
	char d[MAXDIG];
	int k = digits(s, n, " -", d, sizeof(d));

	if (k < 12 || k > 19 || !luhn(d, k))
		return TG_CARD_NONE;
	for (size_t i = 0; i < sizeof(iins) / sizeof(iins[0]); i++) {
		const struct iin *r = &iins[i];
		unsigned p = prefix(d, r->plen);

		if (p >= r->lo && p <= r->hi && k >= r->minlen &&
		    k <= r->maxlen)
			return (enum tg__card)r->card;
	}
	return TG_CARD_NONE;
}

/*
 * IBAN lengths by country, from the SWIFT IBAN registry (countries that
 * use IBAN formally, plus the experimental ones the registry lists).
 */
static const struct {
	char cc[3];
	uint8_t len;
} iban_lens[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 },
	{ "BA", 20 }, { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 },
	{ "BR", 29 }, { "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 },
	{ "CZ", 24 }, { "DE", 22 }, { "DJ", 27 }, { "DK", 18 }, { "DO", 28 },
	{ "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 }, { "FK", 18 },
	{ "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
	{ "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HR", 21 }, { "HU", 28 },
	{ "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 },
	{ "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 },
	{ "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "LY", 25 },
	{ "MC", 27 }, { "MD", 24 }, { "ME", 22 }, { "MK", 19 }, { "MN", 20 },
	{ "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 }, { "NL", 18 },
	{ "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 },
	{ "SA", 24 }, { "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 },
	{ "SK", 24 }, { "SM", 27 }, { "SO", 23 }, { "ST", 25 }, { "SV", 28 },
	{ "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 },
	{ "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

static int
iban_len(char a, char b)
{
	for (size_t i = 0; i < sizeof(iban_lens) / sizeof(iban_lens[0]); i++)
		if (iban_lens[i].cc[0] == a && iban_lens[i].cc[1] == b)
			return iban_lens[i].len;
	return 0;
}

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

bool
tg__iban_ok(const char *s, size_t n)
{
	char b[36];
	size_t k = 0;
	unsigned rem = 0;

	for (size_t i = 0; i < n; i++) {
		char c = upper(s[i]);

		if (c == ' ' || c == '-' || c == '.')
			continue;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) ||
		    k == sizeof(b))
			return false;
		b[k++] = c;
	}
	if (k < 5 || b[0] < 'A' || b[0] > 'Z' || b[1] < 'A' || b[1] > 'Z' ||
	    b[2] < '0' || b[2] > '9' || b[3] < '0' || b[3] > '9' ||
	    iban_len(b[0], b[1]) != (int)k)
		return false;
	/* The first four characters move to the end; letters count 10-35. */
	for (size_t j = 0; j < k; j++) {
		char c = b[(j + 4) % k];

		if (c >= 'A')
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
	}
	return rem == 1;
}

bool
tg__aba_ok(const char *s, size_t n)
{
	static const unsigned w[9] = { 3, 7, 1, 3, 7, 1, 3, 7, 1 };
	char d[MAXDIG];
	unsigned sum = 0, p;

	if (digits(s, n, " -.", d, sizeof(d)) != 9)
		return false;
	p = prefix(d, 2);
	if (!(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) ||
		p == 80))
		return false;
	for (int i = 0; i < 9; i++)
		sum += w[i] * (unsigned)(d[i] - '0');
	return sum % 10 == 0 && prefix(d, 9) != 0;
}

bool
tg__ssn_ok(const char *s, size_t n)
{
	/* Numbers the SSA or others published as examples, and so never
	 * issued to a person (or voided after they were). */
	static const unsigned examples[] = { 78051120, 219099999, 123456789 };
	char d[MAXDIG];
	unsigned area, group, serial, all;

	if (digits(s, n, " -", d, sizeof(d)) != 9)
		return false;
	area = prefix(d, 3);
	group = prefix(d + 3, 2);
	serial = prefix(d + 5, 4);
	all = prefix(d, 9);
	if (area == 0 || area == 666 || area >= 900 || group == 0 ||
	    serial == 0)
		return false;
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++)
		if (all == examples[i])
			return false;
	/* Nine times the same digit (111-11-1111) is a placeholder. */
	for (int i = 1; i < 9; i++)
		if (d[i] != d[0])
			return true;
	return false;
}

static int
mrz_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

int
tg__mrz_digit(const char *s, size_t n)
{
	static const int w[3] = { 7, 3, 1 };
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = mrz_value(s[i]);

		if (v < 0)
			return -1;
		sum += v * w[i % 3];
	}
	return sum % 10;
}

/* Whether c is the check digit of the field; a field of fillers only
 * may have a filler as its check digit (ICAO 9303 part 4, 4.2.2.1). */
static bool
check_field(const char *f, size_t n, char c)
{
	int want = tg__mrz_digit(f, n);

	if (want < 0)
		return false;
	if (c == '<')
		return strspn(f, "<") >= n;
	return c >= '0' && c <= '9' && c - '0' == want;
}

/* YYMMDD, with '<' allowed for an unknown month or day. */
static bool
mrz_date(const char *p)
{
	for (int i = 0; i < 2; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	for (int i = 2; i < 6; i += 2) {
		unsigned v;

		if (p[i] == '<' && p[i + 1] == '<')
			continue;
		if (p[i] < '0' || p[i] > '9' || p[i + 1] < '0' ||
		    p[i + 1] > '9')
			return false;
		v = (unsigned)((p[i] - '0') * 10 + (p[i + 1] - '0'));
		if (v == 0 || v > (i == 2 ? 12u : 31u))
			return false;
	}
	return true;
}

static bool
mrz_sex(char c)
{
	return c == 'M' || c == 'F' || c == 'X' || c == '<';
}

static bool
mrz_alpha3(const char *p)
{
	for (int i = 0; i < 3; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || p[i] == '<'))
			return false;
	return p[0] != '<';
}

bool
tg__mrz_td3_ok(const char *s, size_t n)
{
	char comp[44];

	if (n != 44)
		return false;
	for (size_t i = 0; i < n; i++)
		if (mrz_value(s[i]) < 0)
			return false;
	if (!check_field(s, 9, s[9]) || !mrz_alpha3(s + 10) ||
	    !mrz_date(s + 13) || !check_field(s + 13, 6, s[19]) ||
	    !mrz_sex(s[20]) || !mrz_date(s + 21) ||
	    !check_field(s + 21, 6, s[27]) || !check_field(s + 28, 14, s[42]))
		return false;
	memcpy(comp, s, 10);
	memcpy(comp + 10, s + 13, 7);
	memcpy(comp + 17, s + 21, 22);
	return check_field(comp, 39, s[43]) && s[43] != '<';
}

bool
tg__mrz_td1_ok(const char *s, size_t n)
{
	const char *l1 = s, *l2 = s + 30;
	char comp[60];
	size_t k = 0;

	if (n != 60)
		return false;
	for (size_t i = 0; i < n; i++)
		if (mrz_value(s[i]) < 0)
			return false;
	if (l1[0] < 'A' || l1[0] > 'Z' || !mrz_alpha3(l1 + 2))
		return false;
	if (l1[14] == '<' && l1[15] != '<') {
		/* A number longer than nine characters goes on in the
		 * optional data; its check digit is the last one there. */
		char num[24];
		size_t e = 15;

		while (e < 30 && l1[e] != '<')
			e++;
		if (e - 15 < 2)
			return false;
		memcpy(num, l1 + 5, 9);
		memcpy(num + 9, l1 + 15, e - 16);
		if (!check_field(num, 9 + e - 16, l1[e - 1]))
			return false;
	} else if (!check_field(l1 + 5, 9, l1[14])) {
		return false;
	}
	if (!mrz_date(l2) || !check_field(l2, 6, l2[6]) || !mrz_sex(l2[7]) ||
	    !mrz_date(l2 + 8) || !check_field(l2 + 8, 6, l2[14]) ||
	    !mrz_alpha3(l2 + 15))
		return false;
	memcpy(comp + k, l1 + 5, 25);
	k += 25;
	memcpy(comp + k, l2, 7);
	k += 7;
	memcpy(comp + k, l2 + 8, 7);
	k += 7;
	memcpy(comp + k, l2 + 18, 11);
	k += 11;
	return l2[29] != '<' && check_field(comp, k, l2[29]);
}
