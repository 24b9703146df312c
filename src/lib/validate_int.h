/*
 * validate_int.h - the check-digit and number-range rules that turn a
 * pattern match into a finding: payment cards (Luhn, issuer ranges), IBAN
 * (ISO 13616 mod 97, country lengths), US ABA routing numbers, US social
 * security numbers (SSA area/group/serial rules) and machine-readable
 * passport zones (ICAO 9303 check digits).
 *
 * Every function takes the matched text as it stands (pointer and length,
 * not terminated) and skips the separators people write: spaces and
 * hyphens (and '.' in routing numbers).  Any other character, a wrong
 * length or a failed check gives false.  No function reads outside
 * [s, s + n) or allocates.
 */
#ifndef TG_VALIDATE_INT_H
#define TG_VALIDATE_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Card issuers, by the IIN ranges they publish. */
#define TG_CARD_MAP(X)                                                 \
	X(NONE, "none")                                                \
	X(VISA, "visa")                                                \
	X(MASTERCARD, "mastercard")                                    \
	X(AMEX, "amex")                                                \
	X(DISCOVER, "discover")                                        \
	X(JCB, "jcb")                                                  \
	X(DINERS, "diners")                                            \
	X(UNIONPAY, "unionpay")                                        \
	X(MAESTRO, "maestro")

enum tg__card {
#define TG_CARD_ENUM(id, name) TG_CARD_##id,
	TG_CARD_MAP(TG_CARD_ENUM)
#undef TG_CARD_ENUM
};

const char *tg__card_name(enum tg__card c);

/* Luhn (ISO/IEC 7812-1 annex B) over the digits of s; false when s has
 * fewer than two or more than forty digits, or a character other than a
 * digit or separator. */
bool tg__luhn_ok(const char *s, size_t n);

/* The issuer whose range and lengths hold the number, and whose Luhn
 * check passes; TG_CARD_NONE otherwise. */
enum tg__card tg__card_check(const char *s, size_t n);

/* An IBAN in paper (groups of four) or electronic form: a known country,
 * that country's length, digits and letters only, mod 97 = 1.  Letters
 * may be upper or lower case; '.' also separates (Norway writes
 * NO93.8601.11.17947).  The country's BBAN layout is not checked. */
bool tg__iban_ok(const char *s, size_t n);

/* A nine-digit ABA routing transit number: the weighted sum 3-7-1 is a
 * multiple of ten and the first two digits are a Federal Reserve district
 * (00-12), a thrift (21-32), an electronic (61-72) or a traveller's cheque
 * (80) prefix. */
bool tg__aba_ok(const char *s, size_t n);

/* A US social security number that the SSA could have issued: nine digits
 * (hyphens and spaces allowed), area not 000, 666 or 900-999, group not 00,
 * serial not 0000, and none of the numbers published as examples (such as
 * 078-05-1120) or reserved for advertising (987-65-4320 to 4329). */
bool tg__ssn_ok(const char *s, size_t n);

/* ICAO 9303 check digit (weights 7, 3, 1; '<' counts 0, A-Z 10-35) of
 * the field s[0..n); -1 for a character outside 0-9, A-Z, '<'. */
int tg__mrz_digit(const char *s, size_t n);

/* A TD3 (passport) machine-readable zone's second line, 44 characters:
 * document number, birth date, expiry date, optional data and the
 * composite, each with a correct check digit, and the dates and sex
 * field well formed. */
bool tg__mrz_td3_ok(const char *s, size_t n);

/* A TD1 (identity card) zone's first two lines, 30 characters each, given
 * joined (60 characters, no separator). */
bool tg__mrz_td1_ok(const char *s, size_t n);

#endif
