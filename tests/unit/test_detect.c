/*
 * test_detect.c - the detectors (detect.c), severity and the public
 * classification API (scan.c, scan_msg.c).
 *
 * One row per case: a piece of text, the detector that must find
 * something in it (with its evidence and level), or none for the tricky
 * negatives: benign password mentions, nine-digit numbers outside the
 * SSA's ranges, sixteen digits failing Luhn, tracking numbers, prose
 * that mentions a marking.  Numbers with check digits were computed for
 * these rows (tests/data/scan/generate.py has the same routines).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "typoguard.h"
#include "unit.h"

static tg_classifier *cl;

struct row {
	const char *name;
	const char *text;
	const char *want;      /* detector, or NULL: no finding at all */
	const char *evidence;  /* NULL: not checked */
	int level;             /* 0: not checked */
};

static const struct row rows[] = {
	/* credentials */
	{ "private key block", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n",
	  "private-key", "-----BEGIN RSA PRIVATE KEY-----", 4 },
	{ "openssh key", "x\n-----BEGIN OPENSSH PRIVATE KEY-----\n",
	  "private-key", NULL, 4 },
	{ "public key is nothing", "-----BEGIN PUBLIC KEY-----\n", NULL,
	  NULL, 0 },
	{ "aws key", "key AKIAQ3EGRTZ5LMNOPQRS here", "aws-access-key",
	  "AKIA****************", 4 },
	{ "aws documentation key", "AKIAIOSFODNN7EXAMPLE", NULL, NULL, 0 },
	{ "github token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
	  "github-token", "ghp_****************", 4 },
	{ "github token too short", "ghp_abcdefghij", NULL, NULL, 0 },
	{ "google key", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
	  "google-api-key", "AIza****************", 3 },
	{ "slack token", "xoxb-123456789012-123456789012-abcdefABCDEF1234",
	  "slack-token", "xoxb-****************", 4 },
	{ "stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-key",
	  "sk_live_****************", 4 },
	{ "stripe test key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", NULL, NULL,
	  0 },
	{ "password field", "Password: Tr4vel!2024", "password-field",
	  "Password: ********", 3 },
	{ "pwd in url", "http://cam/view?user=admin&pwd=Sentry771",
	  "password-field", "pwd=********", 3 },
	{ "temporary password", "Your temporary password is Xk9!vv23.",
	  "password-sentence", "temporary password is ********", 3 },
	{ "password required", "Password: required", NULL, NULL, 0 },
	{ "password stars", "Password: ********", NULL, NULL, 0 },
	{ "password placeholder", "password=<your password>", NULL, NULL, 0 },
	{ "password about to expire", "Your password is about to expire.",
	  NULL, NULL, 0 },
	{ "password case-sensitive", "The password is case-sensitive.", NULL,
	  NULL, 0 },
	{ "password link", "reset your password: https://example.com/x",
	  NULL, NULL, 0 },
	{ "password word", "Password: forgotten", NULL, NULL, 0 },
	{ "reset link", "https://login.example.org/reset-password?token="
	  "a8f7c6e5d4b3a2f1e0d9c8b7", "reset-link",
	  "https://login.example.org/...", 3 },
	{ "reset link without userinfo", "https://bob:pw@login.example.org/"
	  "forgot?t=a8f7c6e5d4b3a2f1e0d9c8b7", "reset-link",
	  "https://login.example.org/...", 3 },
	{ "blog slug is no token",
	  "https://blog.example.com/how-to-reset-your-password-safely-2024",
	  NULL, NULL, 0 },
	{ "unsubscribe link", "https://news.example.com/unsubscribe?u="
	  "a8f7c6e5d4b3a2f1e0d9c8b7", NULL, NULL, 0 },

	/* markings */
	{ "secret noforn banner", "SECRET//NOFORN\n", "classification-banner",
	  "SECRET//NOFORN", 4 },
	{ "top secret sci", "TOP SECRET//SCI//NOFORN", "classification-banner",
	  "TOP SECRET//SCI//NOFORN", 4 },
	{ "rel to", "SECRET//REL TO USA, FVEY\n", "classification-banner",
	  "SECRET//REL TO USA, FVEY", 4 },
	{ "confidential banner", "CONFIDENTIAL//NOFORN",
	  "classification-banner", NULL, 3 },
	{ "banner line alone", "text\n  SECRET  \nmore", "classification-banner",
	  "SECRET", 4 },
	{ "secret in prose", "The secret to success is preparation.", NULL,
	  NULL, 0 },
	{ "SECRET clearance", "Must hold a SECRET clearance.", NULL, NULL, 0 },
	{ "portion marking", "(S//NF) The meeting", "classification-portion",
	  "(S//NF)", 4 },
	{ "classified by", "Classified By: J. Doe", "classification-authority",
	  NULL, 3 },
	{ "cui banner", "CUI\n\ntext", "cui", "CUI", 3 },
	{ "cui category", "CUI//SP-PRVCY", "cui", "CUI//SP-PRVCY", 3 },
	{ "cui portion", "(CUI) text", "cui", NULL, 3 },
	{ "cui in prose", "CUI training is mandatory.", NULL, NULL, 0 },
	{ "cui spelled", "CONTROLLED UNCLASSIFIED INFORMATION", "cui-spelled",
	  NULL, 3 },
	{ "fouo", "UNCLASSIFIED//FOUO", "fouo", "FOUO", 3 },
	{ "for official use only", "For Official Use Only", "fouo", NULL, 3 },
	{ "noforn", "REL: NOFORN", "noforn", "NOFORN", 3 },
	{ "les", "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE", "les", NULL, 3 },
	{ "french les", "LES SOLDES COMMENCENT", NULL, NULL, 0 },
	{ "not releasable", "Not Releasable to the Public or Foreign "
	  "Governments", "not-releasable", NULL, 3 },

	/* financial */
	{ "visa spaced", "card 4111 1111 1111 1111 exp 12/26", "card-number",
	  "4111********1111", 3 },
	{ "visa bare no context", "ref 4539148803436467", "card-number",
	  "4539********6467", 2 },
	{ "amex", "Amex 378282246310005", "card-number", "3782*******0005", 3 },
	{ "luhn fails", "card 4111 1111 1111 1112", NULL, NULL, 0 },
	{ "luhn passes, no issuer", "1234567812345670", NULL, NULL, 0 },
	{ "usps tracking", "9400 1000 0000 0000 0000 00", NULL, NULL, 0 },
	{ "card in a longer run", "12-4111111111111111", NULL, NULL, 0 },
	{ "iban paper", "IBAN DE89 3704 0044 0532 0130 00", "iban",
	  "DE89**************3000", 3 },
	{ "iban electronic", "account GB82WEST12345698765432", "iban", NULL,
	  3 },
	{ "iban bare", "GB82WEST12345698765432", "iban", NULL, 2 },
	{ "iban bad check", "DE89 3704 0044 0532 0130 01", NULL, NULL, 0 },
	{ "aba with context", "Routing number: 121000358", "aba-routing",
	  "******358", 2 },
	{ "aba alone", "121000358", NULL, NULL, 0 },
	{ "aba bad checksum", "routing 121000359", NULL, NULL, 0 },

	/* identity */
	{ "ssn formatted with context", "SSN: 536-22-1487", "ssn",
	  "******487", 3 },
	{ "ssn formatted alone", "536-22-1487", "ssn", NULL, 1 },
	{ "ssn bare with context", "social security number 536221487", "ssn",
	  NULL, 3 },
	{ "nine digits alone", "ticket 536221487 closed", NULL, NULL, 0 },
	{ "ssn area 900", "SSN 912-22-1487", NULL, NULL, 0 },
	{ "ssn area 666", "SSN 666-22-1487", NULL, NULL, 0 },
	{ "ssn area 000", "SSN 000-22-1487", NULL, NULL, 0 },
	{ "ssn example number", "SSN 078-05-1120", NULL, NULL, 0 },
	{ "ssn mixed separators", "SSN 536-22 1487", NULL, NULL, 0 },
	{ "phone is no ssn", "call 555-536-22-1487", NULL, NULL, 0 },
	{ "passport mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	  "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n", "passport-mrz",
	  "L8****************", 3 },
	{ "passport mrz bad digit",
	  "L898902C37UTO7408122F1204159ZE184226B<<<<<10\n", NULL, NULL, 0 },
	{ "id card mrz", "I<UTOD231458907<<<<<<<<<<<<<<<\n"
	  "7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
	  "id-card-mrz", NULL, 3 },
	{ "passport number", "Passport No.: 583920175", "passport-number",
	  "******175", 3 },
	{ "passport number letter", "passport C03005988", "passport-number",
	  NULL, 3 },
	{ "number without passport", "Order 583920175", NULL, NULL, 0 },
	{ "dod id", "DoD ID 1234567890", "dod-id", "*******890", 3 },
	{ "edipi", "EDIPI: 1234567890", "dod-id", NULL, 3 },
	{ "ten digits alone", "Call 1234567890", NULL, NULL, 0 },

	/* medical */
	{ "icd10 with context", "Diagnosis: E11.9 type 2 diabetes", "icd10",
	  "E****", 3 },
	{ "icd10 short", "Principal diagnosis J18", "icd10", NULL, 3 },
	{ "icd10 without context", "Part E11.9 in stock", NULL, NULL, 0 },
	{ "icd10 in base64", "patient data: xQ+E11/9a", NULL, NULL, 0 },
	{ "mrn", "MRN: 004512876", "medical-record", "MRN: *********", 3 },
	{ "patient name", "Patient Name: Jane Roe, date of birth 1970",
	  "patient-data", NULL, 3 },

	/* travel */
	{ "flight", "Flight UA 1734 departs 0710", "flight-number",
	  "UA ****", 2 },
	{ "flight joined", "depart on LH418", "flight-number", "LH***", 2 },
	{ "gate is no flight", "Gate B12", NULL, NULL, 0 },
	{ "flight code without travel", "Toner for model AB1234", NULL, NULL,
	  0 },
	{ "booking locator", "Booking reference: QX7ZPL", "booking-locator",
	  "Q*****", 2 },
	{ "booking word", "Booking reference: PLEASE call", NULL, NULL, 0 },
	{ "hotel room", "Marriott, room 1412, key pickup", "hotel-room",
	  "room ****", 2 },
	{ "conference room", "Hotel lobby, then conference room 204", NULL,
	  NULL, 0 },
	{ "room without hotel", "Room 1412 is the lab.", NULL, NULL, 0 },

	/* legal */
	{ "criminal complaint", "CRIMINAL COMPLAINT\nCase No. 1:24-mj-00123",
	  "criminal-complaint", "CRIMINAL COMPLAINT", 3 },
	{ "complaint in news", "A criminal complaint was filed.",
	  "criminal-complaint", NULL, 2 },
	{ "report of investigation", "Report of Investigation",
	  "investigation", NULL, 2 },
	{ "investigation with context", "15-6 investigation: witness "
	  "statements", "investigation", NULL, 3 },
	{ "privileged", "ATTORNEY-CLIENT PRIVILEGED", "privileged", NULL, 2 },
	{ "contract number", "under contract W52P1J-23-C-0042",
	  "contract-number", "W52P1J-23-C-0042", 2 },
	{ "contract number alone", "W52P1J-23-C-0042", NULL, NULL, 0 },

	/* location */
	{ "decimal pair", "at 38.87194, -77.05631 now", "coordinates",
	  "38.*****, -77.*****", 2 },
	{ "hemispheres", "GPS 36.1699 N, 115.1398 W", "coordinates", NULL, 2 },
	{ "dms", "post at 31\xc2\xb0" "47'12\"N 35\xc2\xb0" "13'44\"E",
	  "coordinates", "31\xc2\xb0**'**\"N", 2 },
	{ "latitude over 90", "95.12345, 10.12345", NULL, NULL, 0 },
	{ "statistics", "Mean 12.34567, sd 0.98765", NULL, NULL, 0 },
	{ "mgrs", "grid 18S UJ 23383 08450", "mgrs", "18S UJ 233** 084**", 2 },
	{ "mgrs joined", "at 18SUJ2338308450", "mgrs", NULL, 2 },
	{ "mgrs odd digits", "18SUJ233830845", NULL, NULL, 0 },
	{ "mgrs zone 61", "61SUJ2338308450", NULL, NULL, 0 },

	/* personnel */
	{ "staff table", "SGT Alice Abbott 555-201-3344\n"
	  "SSG Brian Berger 555-201-3345\nCPT Carmen Castillo 555-201-3346\n"
	  "MAJ Dmitri Dunmore 555-201-3347\n", "personnel-table", "4 rows", 3 },
	{ "three rows are no table", "SGT Alice Abbott 555-201-3344\n"
	  "SSG Brian Berger 555-201-3345\nCPT Carmen Castillo 555-201-3346\n",
	  NULL, NULL, 0 },
	{ "contacts without ranks", "Alice Abbott 555-201-3344\n"
	  "Brian Berger 555-201-3345\nCarmen Castillo 555-201-3346\n"
	  "Dmitri Dunmore 555-201-3347\n", NULL, NULL, 0 },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void
test_row(void **state)
{
	const struct row *r = *state;
	struct tg_scan *res = NULL;
	struct tg_error err;
	const struct tg_finding *f = NULL;

	assert_int_equal(tg_scan_text(cl, r->text, strlen(r->text), &res,
	    &err), TG_OK);
	if (r->want == NULL) {
		if (res->nfindings > 0)
			fail_msg("unexpected %s [%s]", res->findings[0].detector,
			    res->findings[0].evidence);
		assert_int_equal(res->severity, TG_SEVERITY_NONE);
		tg_scan_free(res);
		return;
	}
	for (size_t i = 0; i < res->nfindings; i++)
		if (strcmp(res->findings[i].detector, r->want) == 0)
			f = &res->findings[i];
	if (f == NULL)
		fail_msg("no %s finding (%zu others%s%s)", r->want,
		    res->nfindings, res->nfindings ? ", first " : "",
		    res->nfindings ? res->findings[0].detector : "");
	if (r->evidence != NULL)
		assert_string_equal(f->evidence, r->evidence);
	if (r->level != 0)
		assert_int_equal(f->level, r->level);
	assert_int_equal(f->part, 1);
	assert_true(f->offset < strlen(r->text));
	assert_true(strlen(f->evidence) <= TG_EVIDENCE_MAX);
	assert_true(res->severity >= f->level);
	tg_scan_free(res);
}

/* ------------------------------------------------------------------ */
/* Evidence never holds the value                                       */

static void
test_evidence_redacted(void **state)
{
	static const char *const secrets[] = { "4111111111111111",
		"536221487", "Tr4vel!2024", "a8f7c6e5d4b3a2f1e0d9c8b7",
		"1234567890", "3704004405320130" };
	const char *text = "card 4111111111111111 SSN: 536-22-1487 "
	    "password: Tr4vel!2024 https://x.example/reset?t="
	    "a8f7c6e5d4b3a2f1e0d9c8b7 EDIPI 1234567890 IBAN "
	    "DE89370400440532013000";
	struct tg_scan *r;

	(void)state;
	assert_int_equal(tg_scan_text(cl, text, strlen(text), &r, NULL),
	    TG_OK);
	assert_true(r->nfindings >= 6);
	for (size_t i = 0; i < r->nfindings; i++) {
		char digits[64];
		size_t k = 0;

		for (const char *p = r->findings[i].evidence; *p && k < 63; p++)
			if (*p != '-' && *p != ' ')
				digits[k++] = *p;
		digits[k] = '\0';
		for (size_t j = 0; j < sizeof(secrets) / sizeof(secrets[0]);
		    j++)
			assert_null(strstr(digits, secrets[j]));
	}
	tg_scan_free(r);
}

/* ------------------------------------------------------------------ */
/* Severity rules                                                       */

struct sev_row {
	const char *name;
	const char *text;
	int severity;
	const char *rule;
};

static const struct sev_row sev_rows[] = {
	{ "nothing", "Lunch at noon?", 0, "no findings" },
	{ "one low", "536-22-1487", 1, "highest finding" },
	{ "three low", "536-22-1487 536-22-1488 536-22-1489", 2,
	  "repeated low findings" },
	{ "card and cui", "CUI\n\ncard 4111 1111 1111 1111\n", 4,
	  "two categories at high" },
	{ "marking and medium", "FOUO\nFlight UA 1734 departs 0710", 4,
	  "marked and sensitive" },
	{ "two highs", "SSN: 536-22-1487\nPassword: Tr4vel!2024", 4,
	  "two categories at high" },
	{ "itinerary", "Flight UA 1734 departs 0710; hotel room 1412", 3,
	  "itinerary" },
	{ "bulk", "4111111111111111 4539148803436467 5555555555554444 "
	  "5105105105105100 378282246310005 6011111111111117 "
	  "3530111333300000 4012888888881881 2223000048400011 "
	  "30569309025904", 4, "bulk" },
};

static void
test_severity(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sev_rows) / sizeof(sev_rows[0]); i++) {
		const struct sev_row *s = &sev_rows[i];
		struct tg_scan *r;

		assert_int_equal(tg_scan_text(cl, s->text, strlen(s->text),
		    &r, NULL), TG_OK);
		if ((int)r->severity != s->severity ||
		    strcmp(r->rule, s->rule) != 0)
			fail_msg("%s: severity %d (%s), want %d (%s)",
			    s->name, r->severity, r->rule, s->severity,
			    s->rule);
		tg_scan_free(r);
	}
}

static void
test_truncated_is_high(void **state)
{
	struct tg_scan_limits lim = { 0 };
	tg_classifier *small;
	struct tg_scan *r;
	const char *text = "Lunch at noon? SSN: 536-22-1487";

	(void)state;
	lim.max_decoded = 10;
	assert_int_equal(tg_classifier_new(&small, &lim, NULL), TG_OK);
	assert_int_equal(tg_scan_text(small, text, strlen(text), &r, NULL),
	    TG_OK);
	assert_true(r->flags & TG_SCAN_TRUNC_DECODED);
	assert_int_equal(r->nfindings, 0);
	assert_int_equal(r->severity, TG_SEVERITY_HIGH);
	assert_string_equal(r->rule, "truncated");
	tg_scan_free(r);
	tg_classifier_free(small);
}

static void
test_max_findings(void **state)
{
	struct tg_scan_limits lim = { 0 };
	tg_classifier *small;
	struct tg_scan *r;
	const char *text = "FOUO FOUO FOUO FOUO FOUO";

	(void)state;
	lim.max_findings = 2;
	assert_int_equal(tg_classifier_new(&small, &lim, NULL), TG_OK);
	assert_int_equal(tg_scan_text(small, text, strlen(text), &r, NULL),
	    TG_OK);
	assert_int_equal(r->nfindings, 2);
	assert_int_equal(r->counts[TG_CATEGORY_MARKINGS], 5);
	assert_true(r->flags & TG_SCAN_MORE_FINDINGS);
	tg_scan_free(r);
	tg_classifier_free(small);
}

/* ------------------------------------------------------------------ */
/* Messages                                                             */

static void
test_message(void **state)
{
	const char *msg = "From: a@example.com\r\nTo: b@example.com\r\n"
	    "Subject: CUI//SP-PRVCY\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
	    "Content-Type: text/plain\r\n\r\nhello\r\n--b\r\n"
	    "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"
	    "\r\nY2FyZCA0MTExIDExMTEgMTExMSAxMTEx\r\n--b--\r\n";
	struct tg_scan *r;
	int cui = 0, card = 0;

	(void)state;
	assert_int_equal(tg_scan_message(cl, msg, strlen(msg), &r, NULL),
	    TG_OK);
	for (size_t i = 0; i < r->nfindings; i++) {
		if (strcmp(r->findings[i].detector, "cui") == 0) {
			cui = 1;
			assert_int_equal(r->findings[i].part, 0);
		}
		if (strcmp(r->findings[i].detector, "card-number") == 0) {
			card = 1;
			/* part 1 is the multipart, 2 "hello" */
			assert_int_equal(r->findings[i].part, 3);
			assert_string_equal(r->findings[i].evidence,
			    "4111********1111");
		}
	}
	assert_true(cui && card);
	assert_int_equal(r->severity, TG_SEVERITY_CRITICAL);
	assert_int_equal(r->error.code, TG_OK);
	tg_scan_free(r);
}

static void
test_message_empty(void **state)
{
	struct tg_scan *r;

	(void)state;
	assert_int_equal(tg_scan_message(cl, "", 0, &r, NULL), TG_OK);
	assert_int_equal(r->error.code, TG_EEMPTY);
	assert_int_equal(r->severity, TG_SEVERITY_NONE);
	tg_scan_free(r);
}

/* ------------------------------------------------------------------ */
/* API contracts                                                        */

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(tg_category_name(TG_CATEGORY_FINANCIAL),
	    "financial");
	assert_null(tg_category_name(TG_CATEGORY_COUNT));
	assert_null(tg_category_name(-1));
	assert_string_equal(tg_severity_name(TG_SEVERITY_HIGH), "high");
	assert_null(tg_severity_name(5));
	assert_int_equal(tg_severity_from_name("high", 4), 3);
	assert_int_equal(tg_severity_from_name("0", 1), 0);
	assert_int_equal(tg_severity_from_name("4", 1), 4);
	assert_int_equal(tg_severity_from_name("5", 1), -1);
	assert_int_equal(tg_severity_from_name("hig", 3), -1);
	assert_int_equal(tg_severity_from_name(NULL, 0), -1);
	assert_string_equal(tg_scan_flag_name(TG_SCAN_TRUNC_TIME), "time");
	assert_null(tg_scan_flag_name(3));
	assert_null(tg_scan_flag_name(0));
	/* Every detector has a unique id, a category and a description. */
	assert_true(tg_detector_count() > 30);
	for (size_t i = 0; i < tg_detector_count(); i++) {
		const struct tg_detector_info *d = tg_detector_get(i);

		assert_non_null(d);
		assert_non_null(tg_category_name(d->category));
		assert_true(strlen(d->description) > 10);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(tg_detector_get(j)->id,
			    d->id);
	}
	assert_null(tg_detector_get(tg_detector_count()));
}

static void
test_args(void **state)
{
	struct tg_scan_limits lim = { 0 };
	struct tg_scan *r = (struct tg_scan *)&lim;
	struct tg_error err;
	tg_classifier *c = (tg_classifier *)&lim;

	(void)state;
	assert_int_equal(tg_scan_text(cl, "x", 1, NULL, &err), TG_EINVAL);
	assert_int_equal(tg_scan_text(NULL, "x", 1, &r, &err), TG_EINVAL);
	assert_null(r);
	assert_int_equal(tg_scan_text(cl, NULL, 1, &r, &err), TG_EINVAL);
	assert_int_equal(tg_scan_message(NULL, "x", 1, &r, &err), TG_EINVAL);
	assert_int_equal(tg_scan_text(cl, NULL, 0, &r, &err), TG_OK);
	assert_int_equal(r->severity, 0);
	tg_scan_free(r);
	assert_null(tg_scan_free(NULL));
	assert_null(tg_classifier_free(NULL));
	lim.max_decoded = (size_t)4 << 30;
	assert_int_equal(tg_classifier_new(&c, &lim, &err), TG_EINVAL);
	assert_null(c);
	assert_int_equal(tg_classifier_new(NULL, NULL, &err), TG_EINVAL);
	assert_int_equal(tg_classifier_limits(cl)->max_findings, 100);
}

/* Every allocation failure gives TG_ENOMEM and leaks nothing. */
static void
test_alloc_failure(void **state)
{
	const char *text = "SSN: 536-22-1487 FOUO FOUO card "
	    "4111111111111111";
	unsigned long n;
	int rc = TG_ENOMEM;

	(void)state;
	for (n = 1; rc == TG_ENOMEM && n < 100; n++) {
		struct tg_scan *r = NULL;

		tg__alloc_fail_after(n);
		rc = tg_scan_text(cl, text, strlen(text), &r, NULL);
		tg__alloc_fail_after(0);
		if (rc == TG_ENOMEM)
			assert_null(r);
		tg_scan_free(r);
	}
	assert_int_equal(rc, TG_OK);
}

int
main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_evidence_redacted),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_truncated_is_high),
		cmocka_unit_test(test_max_findings),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_message_empty),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_alloc_failure),
	};
	struct tg_error err;
	int rc;

	if (tg_classifier_new(&cl, NULL, &err) != TG_OK) {
		fprintf(stderr, "classifier: %s\n", err.message);
		return 1;
	}
	rc = ut_run("detect", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
	tg_classifier_free(cl);
	return rc;
}
