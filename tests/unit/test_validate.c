/*
 * test_validate.c - check digits and number rules (validate.c).
 *
 * Published specimen numbers (issuers' test cards, ICAO 9303's specimen
 * zones, the ECBS's IBAN examples) on the accepting side; on the refusing
 * side, the same numbers with one digit changed, numbers that pass the
 * check digit but lie outside every range, and the patterns that make
 * false positives in real mail (order numbers, invoice numbers, phone
 * numbers).  Where a property holds for every number (Luhn finds every
 * single-digit error), it is tested over many generated numbers, with the
 * check digits computed here, independently of the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "validate_int.h"

#define S(x) x, sizeof(x) - 1
#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

struct card_row {
	const char *num;
	enum tg__card want;
	int luhn;
};

static const struct card_row cards[] = {
	{ "4111111111111111", TG_CARD_VISA, 1 },
	{ "4111 1111 1111 1111", TG_CARD_VISA, 1 },
	{ "4111-1111-1111-1111", TG_CARD_VISA, 1 },
	{ "4012888888881881", TG_CARD_VISA, 1 },
	{ "4222222222222", TG_CARD_VISA, 1 },
	{ "5555555555554444", TG_CARD_MASTERCARD, 1 },
	{ "5105105105105100", TG_CARD_MASTERCARD, 1 },
	{ "2223000048400011", TG_CARD_MASTERCARD, 1 },
	{ "378282246310005", TG_CARD_AMEX, 1 },
	{ "3714 496353 98431", TG_CARD_AMEX, 1 },
	{ "6011111111111117", TG_CARD_DISCOVER, 1 },
	{ "6011000990139424", TG_CARD_DISCOVER, 1 },
	{ "3530111333300000", TG_CARD_JCB, 1 },
	{ "3566002020360505", TG_CARD_JCB, 1 },
	{ "30569309025904", TG_CARD_DINERS, 1 },
	{ "38520000023237", TG_CARD_NONE, 1 }, /* 14 digits under 38 */
	{ "6200000000000005", TG_CARD_UNIONPAY, 1 },
	{ "6759649826438453", TG_CARD_MAESTRO, 1 },
	/* One digit changed: Luhn fails. */
	{ "4111111111111112", TG_CARD_NONE, 0 },
	{ "5555555555554445", TG_CARD_NONE, 0 },
	{ "378282246310006", TG_CARD_NONE, 0 },
	/* Luhn passes, no issuer has the range. */
	{ "1234567812345670", TG_CARD_NONE, 1 },
	{ "9999999999999995", TG_CARD_NONE, 1 },
	{ "0000000000000000", TG_CARD_NONE, 1 },
	/* Right prefix, wrong length for the issuer. */
	{ "37828224631000", TG_CARD_NONE, 0 },
	{ "5555555555554444 4", TG_CARD_NONE, 0 },
	{ "341111111111111", TG_CARD_AMEX, 1 },
	{ "3411111111111111", TG_CARD_NONE, 0 },
	/* Not a number. */
	{ "4111a11111111111", TG_CARD_NONE, 0 },
	{ "4111.1111.1111.1111", TG_CARD_NONE, 0 },
	{ "", TG_CARD_NONE, 0 },
	{ "   ", TG_CARD_NONE, 0 },
};

static void
test_cards(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS(cards); i++) {
		const struct card_row *r = &cards[i];
		size_t n = strlen(r->num);
		enum tg__card got = tg__card_check(r->num, n);

		if (got != r->want || (int)tg__luhn_ok(r->num, n) != r->luhn)
			fail_msg("%s: card %s (want %s), luhn %d (want %d)",
			    r->num, tg__card_name(got),
			    tg__card_name(r->want), tg__luhn_ok(r->num, n),
			    r->luhn);
	}
	assert_string_equal(tg__card_name(TG_CARD_VISA), "visa");
	assert_string_equal(tg__card_name((enum tg__card)99), "none");
}

/* The Luhn check digit of the digits d[0..k), computed the textbook way. */
static int
ref_luhn_digit(const char *d, int k)
{
	int sum = 0;

	for (int i = 0; i < k; i++) {
		int v = d[k - 1 - i] - '0';

		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

/* Every single-digit change and every adjacent transposition other than
 * 0-9 / 9-0 breaks a valid number: 2,000 generated Visa numbers. */
static void
test_luhn_errors(void **state)
{
	uint32_t x = 12345;

	(void)state;
	for (int t = 0; t < 2000; t++) {
		char d[17];

		d[0] = '4';
		for (int i = 1; i < 15; i++) {
			x = x * 1103515245u + 12345u;
			d[i] = (char)('0' + (x >> 16) % 10);
		}
		d[15] = (char)('0' + ref_luhn_digit(d, 15));
		d[16] = '\0';
		assert_true(tg__luhn_ok(d, 16));
		assert_int_equal(tg__card_check(d, 16), TG_CARD_VISA);
		for (int i = 0; i < 16; i++) {
			char o = d[i];

			for (char c = '0'; c <= '9'; c++) {
				if (c == o)
					continue;
				d[i] = c;
				if (tg__luhn_ok(d, 16))
					fail_msg("%s passes Luhn", d);
				d[i] = o;
			}
		}
		for (int i = 0; i + 1 < 16; i++) {
			char a = d[i], b = d[i + 1];

			if (a == b || (a == '0' && b == '9') ||
			    (a == '9' && b == '0'))
				continue;
			d[i] = b;
			d[i + 1] = a;
			if (tg__luhn_ok(d, 16))
				fail_msg("%s passes Luhn", d);
			d[i] = a;
			d[i + 1] = b;
		}
	}
}

static void
test_iban(void **state)
{
	static const char *const good[] = {
		"GB82WEST12345698765432",
		"GB82 WEST 1234 5698 7654 32",
		"gb82west12345698765432",
		"DE89370400440532013000",
		"DE89 3704 0044 0532 0130 00",
		"FR1420041010050500013M02606",
		"NL91ABNA0417164300",
		"BE68539007547034",
		"NO9386011117947",
		"NO93.8601.11.17947",
		"CH9300762011623852957",
		"MT84MALT011000012345MTLCAST001S",
		"LC55HEMM000100010012001200023015",
		"RU0204452560040702810412345678901",
	};
	static const char *const bad[] = {
		"GB82WEST12345698765433",	  /* check fails */
		"GB28WEST12345698765432",	  /* check digits swapped */
		"GB82WEST1234569876543",	  /* one short for GB */
		"DE8937040044053201300000",	  /* too long for DE */
		"XX82WEST12345698765432",	  /* no such country */
		"GB82WEST12345698765432X",	  /* too long */
		"GB82_WEST_1234_5698_7654_32",	  /* stray separator */
		"GBXXWEST12345698765432",	  /* letters for check digits */
		"",
		"GB82",
	};

	(void)state;
	for (size_t i = 0; i < NROWS(good); i++)
		if (!tg__iban_ok(good[i], strlen(good[i])))
			fail_msg("%s refused", good[i]);
	for (size_t i = 0; i < NROWS(bad); i++)
		if (tg__iban_ok(bad[i], strlen(bad[i])))
			fail_msg("%s accepted", bad[i]);
}

/* Every country of the table, with a generated account whose check
 * digits are computed here by big-number division. */
static void
test_iban_generated(void **state)
{
	static const char *const cc[] = { "DE", "FR", "GB", "NL", "IT",
		"ES", "PL", "SE", "CH", "NO", "MT", "SA", "BR", "RU" };
	static const int len[] = { 22, 27, 22, 18, 27, 24, 28, 24, 21, 15,
		31, 24, 29, 33 };
	uint32_t x = 99;

	(void)state;
	for (size_t c = 0; c < NROWS(cc); c++) {
		for (int t = 0; t < 50; t++) {
			char s[40], r[80];
			size_t k = 0;
			unsigned rem = 0;

			memcpy(s, cc[c], 2);
			s[2] = s[3] = '0';
			for (int i = 4; i < len[c]; i++) {
				x = x * 1103515245u + 12345u;
				s[i] = (char)('0' + (x >> 16) % 10);
			}
			s[len[c]] = '\0';
			/* Rearranged, letters as two digits, check 00. */
			for (int i = 4; i < len[c]; i++)
				r[k++] = s[i];
			for (int i = 0; i < 2; i++) {
				int v = s[i] - 'A' + 10;

				r[k++] = (char)('0' + v / 10);
				r[k++] = (char)('0' + v % 10);
			}
			r[k++] = '0';
			r[k++] = '0';
			for (size_t i = 0; i < k; i++)
				rem = (rem * 10 + (unsigned)(r[i] - '0')) % 97;
			s[2] = (char)('0' + (98 - rem) / 10);
			s[3] = (char)('0' + (98 - rem) % 10);
			if (!tg__iban_ok(s, (size_t)len[c]))
				fail_msg("%s refused", s);
			s[len[c] - 1] = s[len[c] - 1] == '9' ? '0' :
			    (char)(s[len[c] - 1] + 1);
			if (tg__iban_ok(s, (size_t)len[c]))
				fail_msg("%s accepted", s);
		}
	}
}

static void
test_aba(void **state)
{
	static const char *const good[] = {
		"121000358", "011000015", "3222-7162-7", "021000021",
		"026009593", "111000025", "322271627", "0110 0001 5",
	};
	static const char *const bad[] = {
		"121000359",	/* check fails */
		"131000350",	/* 13 is no district */
		"500000005",	/* 50 neither */
		"000000000",	/* all zero */
		"12100035",	/* eight digits */
		"1210003580",	/* ten */
		"12100035a",
	};

	(void)state;
	for (size_t i = 0; i < NROWS(good); i++)
		if (!tg__aba_ok(good[i], strlen(good[i])))
			fail_msg("%s refused", good[i]);
	for (size_t i = 0; i < NROWS(bad); i++)
		if (tg__aba_ok(bad[i], strlen(bad[i])))
			fail_msg("%s accepted", bad[i]);
}

static void
test_ssn(void **state)
{
	static const char *const good[] = {
		"123-45-6788", "001-01-0001", "665-99-9999", "899-12-3456",
		"536 84 2391", "536842391",
	};
	static const char *const bad[] = {
		"000-12-3456", "666-12-3456", "900-12-3456", "987-65-4320",
		"999-99-9999", "123-00-4567", "123-45-0000", "078-05-1120",
		"219-09-9999", "123-45-6789", "111-11-1111", "555555555",
		"123-45-678", "123-45-67890", "123/45/6788", "",
	};

	(void)state;
	for (size_t i = 0; i < NROWS(good); i++)
		if (!tg__ssn_ok(good[i], strlen(good[i])))
			fail_msg("%s refused", good[i]);
	for (size_t i = 0; i < NROWS(bad); i++)
		if (tg__ssn_ok(bad[i], strlen(bad[i])))
			fail_msg("%s accepted", bad[i]);
}

/* ICAO 9303 part 4 and 5's specimens (the fictional state Utopia). */
static const char td3_specimen[] =
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
static const char td1_specimen[] = "I<UTOD231458907<<<<<<<<<<<<<<<"
				   "7408122F1204159UTO<<<<<<<<<<<6";

static int
ref_mrz_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 0;
}

static void
test_mrz(void **state)
{
	char s[61];

	(void)state;
	assert_int_equal(tg__mrz_digit(S("L898902C3")), 6);
	assert_int_equal(tg__mrz_digit(S("740812")), 2);
	assert_int_equal(tg__mrz_digit(S("<<<<<<<<<<<<<<")), 0);
	assert_int_equal(tg__mrz_digit(S("l898902C3")), -1);
	assert_true(tg__mrz_td3_ok(S(td3_specimen)));
	assert_true(tg__mrz_td1_ok(S(td1_specimen)));
	/* Every character changed to one whose value differs by other than
	 * a multiple of ten breaks a check ('L', 21, and '1' weigh the same
	 * modulo 10: the check digits cannot see that, by design). */
	for (size_t i = 0; i < 44; i++) {
		memcpy(s, td3_specimen, 45);
		for (const char *c = "0123456789ABCXYZ<"; *c; c++) {
			if ((ref_mrz_value(*c) - ref_mrz_value(td3_specimen[i])) %
				10 == 0)
				continue;
			s[i] = *c;
			/* Positions 10-12 (nationality) and 20 (sex) carry
			 * no check digit; only their form is checked. */
			if ((i >= 10 && i <= 12) || i == 20)
				continue;
			if (tg__mrz_td3_ok(s, 44))
				fail_msg("TD3 with %zu = %c accepted", i, *c);
		}
	}
	memcpy(s, td3_specimen, 45);
	s[20] = 'Q';
	assert_false(tg__mrz_td3_ok(s, 44));
	memcpy(s, td3_specimen, 45);
	s[15] = '1'; /* month 18 */
	assert_false(tg__mrz_td3_ok(s, 44));
	assert_false(tg__mrz_td3_ok(td3_specimen, 43));
	memcpy(s, td3_specimen, 45);
	s[5] = 'c';
	assert_false(tg__mrz_td3_ok(s, 44));
	memcpy(s, td1_specimen, 61);
	s[59] = '7';
	assert_false(tg__mrz_td1_ok(s, 60));
	memcpy(s, td1_specimen, 61);
	s[9] = '5';
	assert_false(tg__mrz_td1_ok(s, 60));
	assert_false(tg__mrz_td1_ok(td1_specimen, 59));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_luhn_errors),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_iban_generated),
		cmocka_unit_test(test_aba),
		cmocka_unit_test(test_ssn),
		cmocka_unit_test(test_mrz),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
