/*
 * fuzz_validate.c - the validators of validate.c on arbitrary bytes.
 *
 * Built once per validator (FZ_VALIDATOR: card, iban, aba, ssn, mrz); the
 * input is the matched text.  Besides "no crash, no read outside the
 * input" (the input is copied to a buffer of its exact size), each
 * validator's answer must not depend on how the number is written:
 *   - the separators it skips change nothing (the same text with them
 *     removed gives the same answer);
 *   - card: a card is only ever a number that passes Luhn, of 12 to 19
 *     digits; Luhn itself agrees with a reference written here (up to
 *     forty digits; beyond, it says no);
 *   - iban: lower case gives the same answer as upper case, and an
 *     accepted IBAN has between 15 and 34 characters;
 *   - aba, ssn: accepted numbers have nine digits; an SSN's area is never
 *     000, 666 or 9xx;
 *   - mrz: the check digit is -1 exactly when a character is outside
 *     0-9, A-Z, '<'; zones are accepted only at 44 (TD3) and 60 (TD1)
 *     characters.
 */
#include <stdlib.h>
#include <string.h>

#include "invariants.h"
#include "validate_int.h"

#ifndef FZ_VALIDATOR
#define FZ_VALIDATOR "card"
#endif

/* Copies s without the bytes in seps; gives the new length. */
static size_t
strip(const char *s, size_t n, const char *seps, char *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || !strchr(seps, s[i]))
			out[k++] = s[i];
	return k;
}

static size_t
count_digits(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] >= '0' && s[i] <= '9';
	return k;
}

static int
only(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || !strchr(set, s[i]))
			return 0;
	return 1;
}

static int
ref_luhn(const char *s, size_t n)
{
	unsigned sum = 0, k = 0;

	for (size_t i = n; i-- > 0;) {
		unsigned v;

		if (s[i] < '0' || s[i] > '9')
			continue;
		v = (unsigned)(s[i] - '0');
		if (k++ % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return k > 1 && sum % 10 == 0;
}

static void
card(const char *s, size_t n, char *t)
{
	size_t m = strip(s, n, " -", t);
	int ok = tg__luhn_ok(s, n);
	enum tg__card c = tg__card_check(s, n);

	FZ_CHECK(ok == tg__luhn_ok(t, m));
	FZ_CHECK(c == tg__card_check(t, m));
	if (only(s, n, "0123456789 -") && count_digits(s, n) <= 40)
		FZ_CHECK(ok == ref_luhn(s, n));
	else if (only(s, n, "0123456789 -"))
		FZ_CHECK(!ok); /* no number of forty digits is a card */
	else
		FZ_CHECK(!ok && c == TG_CARD_NONE);
	if (c != TG_CARD_NONE)
		FZ_CHECK(ok && count_digits(s, n) >= 12 &&
		    count_digits(s, n) <= 19);
	FZ_CHECK(strcmp(tg__card_name(c), "") != 0);
}

static void
iban(const char *s, size_t n, char *t)
{
	size_t m = strip(s, n, " -.", t);
	int ok = tg__iban_ok(s, n);

	FZ_CHECK(ok == tg__iban_ok(t, m));
	for (size_t i = 0; i < m; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] - 'A' + 'a');
	FZ_CHECK(ok == tg__iban_ok(t, m));
	if (ok)
		FZ_CHECK(m >= 15 && m <= 34);
}

static void
nine(const char *s, size_t n, char *t, int ssn)
{
	const char *seps = ssn ? " -" : " -.";
	size_t m = strip(s, n, seps, t);
	int ok = ssn ? tg__ssn_ok(s, n) : tg__aba_ok(s, n);

	FZ_CHECK(ok == (ssn ? tg__ssn_ok(t, m) : tg__aba_ok(t, m)));
	if (!ok)
		return;
	FZ_CHECK(m == 9 && count_digits(t, m) == 9);
	if (ssn)
		FZ_CHECK(memcmp(t, "000", 3) != 0 &&
		    memcmp(t, "666", 3) != 0 && t[0] != '9');
}

static void
mrz(const char *s, size_t n)
{
	int d = tg__mrz_digit(s, n);
	int valid = only(s, n, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<");

	FZ_CHECK(d >= -1 && d <= 9);
	FZ_CHECK((d == -1) == !valid);
	if (tg__mrz_td3_ok(s, n))
		FZ_CHECK(n == 44 && valid);
	if (tg__mrz_td1_ok(s, n))
		FZ_CHECK(n == 60 && valid);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *t;

	if (size > 4096)
		return 0;
	s = malloc(size ? size : 1);
	t = malloc(size ? size : 1);
	if (s == NULL || t == NULL)
		abort();
	memcpy(s, data, size);
	if (strcmp(FZ_VALIDATOR, "card") == 0)
		card(s, size, t);
	else if (strcmp(FZ_VALIDATOR, "iban") == 0)
		iban(s, size, t);
	else if (strcmp(FZ_VALIDATOR, "aba") == 0)
		nine(s, size, t, 0);
	else if (strcmp(FZ_VALIDATOR, "ssn") == 0)
		nine(s, size, t, 1);
	else if (strcmp(FZ_VALIDATOR, "mrz") == 0)
		mrz(s, size);
	else
		abort();
	free(s);
	free(t);
	return 0;
}
