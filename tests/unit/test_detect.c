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

#include <dirent.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "detect_int.h"
#include "mime_int.h"
#include "typoguard.h"
#include "unit.h"

#define SCAN_DIR TG_TEST_DATADIR "/../tests/data/scan/messages/"

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

/* ------------------------------------------------------------------ */
/* Serialized databases give what compiled ones give                    */

struct fnd {
	size_t det;
	struct tg_finding f;
};

struct fset {
	struct fnd *v;
	size_t n, cap;
};

static int
collect(void *arg, size_t det, const struct tg_finding *f)
{
	struct fset *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		assert_non_null(s->v);
	}
	s->v[s->n].det = det;
	s->v[s->n].f = *f;
	s->n++;
	return 0;
}

/* The two detector sets being compared, and the detectors seen. */
struct pair {
	struct tg__det_run *blob, *comp;
	unsigned char *seen;
	const char *name;
	size_t pieces;
};

/* Scans one piece with both sets; the findings must be the same. */
static void
same_findings(struct pair *p, unsigned part, const char *ct,
    const char *text, size_t len)
{
	struct fset a = { NULL, 0, 0 }, b = { NULL, 0, 0 };

	assert_int_equal(tg__det_scan(p->blob, part, ct, text, len, collect,
	    &a), 0);
	assert_int_equal(tg__det_scan(p->comp, part, ct, text, len, collect,
	    &b), 0);
	if (a.n != b.n)
		fail_msg("%s part %u: %zu findings from the serialized "
		    "databases, %zu compiled", p->name, part, a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct tg_finding *x = &a.v[i].f, *y = &b.v[i].f;

		if (a.v[i].det != b.v[i].det || x->category != y->category ||
		    x->level != y->level || x->part != y->part ||
		    x->offset != y->offset ||
		    strcmp(x->detector, y->detector) != 0 ||
		    strcmp(x->evidence, y->evidence) != 0)
			fail_msg("%s part %u finding %zu: %s at %zu [%s] level "
			    "%d serialized, %s at %zu [%s] level %d compiled",
			    p->name, part, i, x->detector, x->offset,
			    x->evidence, x->level, y->detector, y->offset,
			    y->evidence, y->level);
		p->seen[a.v[i].det] = 1;
	}
	p->pieces++;
	free(a.v);
	free(b.v);
}

static int
same_piece(void *arg, const struct tg__mime_text *t)
{
	same_findings(arg, t->part, t->content_type, t->text, t->len);
	return 0;
}

/* Texts for the rows no row above finds, and for the line scans. */
static const char *const extra_texts[] = {
	"aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYzq9T4e2LmN0b\n",
	"DICOM Patient Name: ROE^JANE\nDICOM Patient ID: 4711\n",
	"Routing number:\n121000358\n",
	"121000358\nrouting\n",
	"x\r\nPassport\r\nC03005988\r\nEDIPI\r1234567890\r\n",
	"Flight\n\nUA 1734\n\nbooking\nQX7ZPL\nhotel\n\nroom 1412\n"
	"contract\nW52P1J-23-C-0042 and diagnosis\nE11.9",
	"Name,Phone,Rank\nAlice Abbott,555-201-3344,SGT\n"
	"Brian Berger,555-201-3345,SSG\nCarmen Castillo,555-201-3346,CPT\n"
	"Dmitri Dunmore,555-201-3347,MAJ\n",
	"Bosun,carl@ship.example.com\r\nCook,dina@ship.example.com\r\n"
	"Oiler,emil@ship.example.com\r\nCadet,fay@ship.example.com\r\n",
	"Master,1234567\nChief Officer,2345678\nSecond Mate,3456789\n"
	"Fitter,4567890\n",
};

/* Serialized set `set` (-1: whichever tg__det_new() loads) against the
 * compiled databases. */
static void
blobs_same_as_compiled(int set)
{
	struct tg__det *db = NULL, *dc = NULL;
	struct pair p;
	struct tg_error err;
	unsigned char *seen;
	size_t ndet = tg_detector_count();
	DIR *dir;
	struct dirent *de;
	size_t nmsg = 0;

	seen = calloc(ndet, 1);
	assert_non_null(seen);
	if (set < 0)
		assert_int_equal(tg__det_new(&db, &err), TG_OK);
	else
		assert_int_equal(tg__det_load_set(&db, set, &err), TG_OK);
	assert_int_equal(tg__det_compile(&dc, &err), TG_OK);
	memset(&p, 0, sizeof(p));
	p.seen = seen;
	assert_int_equal(tg__det_run_new(db, &p.blob), TG_OK);
	assert_int_equal(tg__det_run_new(dc, &p.comp), TG_OK);
	for (size_t i = 0; i < NROWS; i++) {
		p.name = rows[i].name;
		same_findings(&p, 1, NULL, rows[i].text, strlen(rows[i].text));
	}
	p.name = "extra";
	for (size_t i = 0; i < sizeof(extra_texts) / sizeof(extra_texts[0]);
	    i++)
		same_findings(&p, 1, NULL, extra_texts[i],
		    strlen(extra_texts[i]));
	dir = opendir(SCAN_DIR);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		struct tg__mime_limits lim;
		unsigned flags = 0;
		size_t len;
		char *msg;

		if (strlen(de->d_name) < 5 || strcmp(de->d_name +
		    strlen(de->d_name) - 4, ".eml") != 0)
			continue;
		msg = ut_slurp(SCAN_DIR, de->d_name, &len);
		memset(&lim, 0, sizeof(lim));
		p.name = de->d_name;
		(void)tg__mime_walk(msg, len, &lim, same_piece, &p, &flags,
		    &err);
		free(msg);
		nmsg++;
	}
	closedir(dir);
	assert_true(nmsg >= 80);
	/* Every detector found something: each database was used. */
	for (size_t i = 0; i < ndet; i++)
		if (!seen[i])
			fail_msg("no text gave a %s finding",
			    tg_detector_get(i)->id);
	tg__det_run_free(p.blob);
	tg__det_run_free(p.comp);
	tg__det_free(db);
	tg__det_free(dc);
	free(seen);
}

static void
test_blobs_same_as_compiled(void **state)
{
	(void)state;
	blobs_same_as_compiled(-1);
}

/* Both sets load here (the library was built on this machine) and each
 * gives what the compiled databases give; no third set. */
static void
test_each_blob_set(void **state)
{
	struct tg__det *d = NULL;
	struct tg_error err;

	(void)state;
	blobs_same_as_compiled(0);
	blobs_same_as_compiled(1);
	assert_int_equal(tg__det_load_set(&d, 2, &err), TG_EINTERNAL);
	assert_null(d);
}

/* ------------------------------------------------------------------ */
/* Rows scanned near their context words, on whole lines                */

/* The findings of detector det in text; offset and evidence of the
 * first. */
static size_t
found(const char *text, size_t len, const char *det, size_t *off,
    char *ev)
{
	struct tg_scan *r;
	size_t n = 0;

	assert_int_equal(tg_scan_text(cl, text, len, &r, NULL), TG_OK);
	for (size_t i = 0; i < r->nfindings; i++) {
		if (strcmp(r->findings[i].detector, det) != 0)
			continue;
		if (n++ == 0) {
			if (off != NULL)
				*off = r->findings[i].offset;
			if (ev != NULL)
				strcpy(ev, r->findings[i].evidence);
		}
	}
	tg_scan_free(r);
	return n;
}

struct win_row {
	const char *det, *word, *value;
	size_t window;   /* the row's: bytes between word and value */
};

static const struct win_row win_rows[] = {
	{ "aba-routing", "routing", "121000358", 60 },
	{ "passport-number", "passport", "583920175", 40 },
	{ "dod-id", "EDIPI", "1234567890", 40 },
	{ "icd10", "diagnosis", "E11.9", 60 },
	{ "flight-number", "flight", "UA 1734", 60 },
	{ "booking-locator", "booking", "QX7ZPL", 40 },
	{ "hotel-room", "hotel", "room 1412", 150 },
	{ "contract-number", "contract", "W52P1J-23-C-0042", 80 },
};

/*
 * The text of one case: the word before or after the value, gap bytes
 * between them (gap counts the line end when nl), nl the line end
 * ("\n", "\r\n", "\r") or NULL for the same line.  Returns the value's
 * offset.
 */
static size_t
win_text(char *buf, const char *pre, const struct win_row *w, int after,
    size_t gap, const char *nl)
{
	size_t nll = nl != NULL ? strlen(nl) : 0, pad = gap - nll, at;

	if (!after) {
		at = strlen(pre) + strlen(w->word) + gap;
		sprintf(buf, "%s%s%*s%s%s", pre, w->word, (int)pad, "",
		    nl != NULL ? nl : "", w->value);
	} else {
		/* gap runs from the value's end to the word's end */
		pad = gap - nll - strlen(w->word);
		at = strlen(pre);
		sprintf(buf, "%s%s%s%*s%s", pre, w->value,
		    nl != NULL ? nl : "", (int)pad, "", w->word);
	}
	return at;
}

static void
test_near_window(void **state)
{
	static const char *const nls[] = { NULL, "\n", "\r\n", "\r" };
	/* nothing, or short lines the scan of lines starts in */
	static const char *const pres[] = { "", "lorem ipsum dolor\n"
	    "lorem ipsum dolor\nlorem ipsum dolor\nlorem ipsum dolor\n"
	    "lorem ipsum dolor\nlorem ipsum dolor\nlorem ipsum dolor\n"
	    "lorem ipsum dolor\nlorem ipsum dolor\nlorem ipsum dolor\n" };
	char buf[768];

	(void)state;
	for (size_t i = 0; i < sizeof(win_rows) / sizeof(win_rows[0]); i++) {
		const struct win_row *w = &win_rows[i];

		/* The value alone is nothing. */
		if (found(w->value, strlen(w->value), w->det, NULL, NULL))
			fail_msg("%s without its word", w->det);
		for (int m = 0; m < 4; m++) {
			const char *pre = pres[m / 2];
			int after = m % 2;

			for (size_t k = 0; k < 4; k++) {
				size_t at, off = (size_t)-1;

				/* at the window's edge: found, and where */
				at = win_text(buf, pre, w, after, w->window,
				    nls[k]);
				if (found(buf, strlen(buf), w->det, &off,
				    NULL) != 1 || off != at)
					fail_msg("%s: word %s, %zu bytes, line "
					    "end %d, prefix %d: no finding at "
					    "%zu (%zu)", w->det, after ?
					    "after" : "before", w->window,
					    (int)k, m / 2, at, off);
				/* one byte farther: nothing */
				win_text(buf, pre, w, after, w->window + 1,
				    nls[k]);
				if (found(buf, strlen(buf), w->det, NULL,
				    NULL) != 0)
					fail_msg("%s: word %s, %zu bytes, line "
					    "end %d, prefix %d: found", w->det,
					    after ? "after" : "before",
					    w->window + 1, (int)k, m / 2);
			}
		}
	}
}

/* Lines of other text around: offsets are those in the piece, and the
 * first and last byte of a piece are scanned. */
static void
test_near_lines(void **state)
{
	static const char text[] =
	    "121000358 is the number.\n"            /* piece start */
	    "Please use this routing number\n"
	    "for the transfer.\n"
	    "\n"
	    "Nothing here, 583920175 either.\n"     /* passport too far */
	    "Ut enim ad minim veniam, quis nostrud exercitation ullamco.\n"
	    "Duis aute irure dolor in reprehenderit in voluptate velit.\n"
	    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed "
	    "do eiusmod tempor incididunt ut labore et dolore.\n"
	    "Passport:\n"
	    "C03005988";                            /* piece end */
	char ev[TG_EVIDENCE_MAX + 1];
	size_t off;

	(void)state;
	assert_int_equal(found(text, strlen(text), "aba-routing", &off, ev),
	    1);
	assert_int_equal(off, 0);
	assert_string_equal(ev, "******358");
	assert_int_equal(found(text, strlen(text), "passport-number", &off,
	    ev), 1);
	assert_int_equal(off, strlen(text) - 9);
	assert_string_equal(ev, "******988");
	/* One byte shorter: the number still ends the piece. */
	assert_int_equal(found(text, strlen(text) - 1, "passport-number",
	    &off, NULL), 1);
	assert_int_equal(off, strlen(text) - 9);
}

/* Through the walk: CR LF becomes LF, offsets are in the decoded text. */
static void
test_near_crlf_message(void **state)
{
	static const char msg[] =
	    "From: a@example.com\r\nTo: b@example.com\r\nSubject: pay\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
	    "Routing number:\r\n"
	    "121000358\r\n"
	    "\r\n"
	    "Flight\r\n"
	    "UA 1734\r\n";
	struct tg_scan *r;
	int aba = 0, flight = 0;

	(void)state;
	assert_int_equal(tg_scan_message(cl, msg, strlen(msg), &r, NULL),
	    TG_OK);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct tg_finding *f = &r->findings[i];

		if (strcmp(f->detector, "aba-routing") == 0) {
			aba++;
			assert_int_equal(f->part, 1);
			assert_int_equal(f->offset,
			    strlen("Routing number:\n"));
		}
		if (strcmp(f->detector, "flight-number") == 0) {
			flight++;
			assert_int_equal(f->offset,
			    strlen("Routing number:\n121000358\n\nFlight\n"));
			assert_string_equal(f->evidence, "UA ****");
		}
	}
	assert_int_equal(aba, 1);
	assert_int_equal(flight, 1);
	tg_scan_free(r);
}

/* Personnel rows: rank or role and a value on the same line, the value
 * anywhere on it. */
struct pers_row {
	const char *name, *text;
	const char *evidence;  /* NULL: no personnel-table finding */
	size_t offset;
};

static const struct pers_row pers_rows[] = {
	{ "csv, rank last", "Name,Phone,Rank\n"
	  "Alice Abbott,555-201-3344,SGT\nBrian Berger,555-201-3345,SSG\n"
	  "Carmen Castillo,555-201-3346,CPT\nDmitri Dunmore,555-201-3347,MAJ\n"
	  "Erin Ellis,555-201-3348,1LT", "5 rows", 16 },
	{ "csv, crlf, role and e-mail", "Role,Name,E-mail\r\n"
	  "Bosun,Carl,carl@ship.example.com\r\n"
	  "Cook,Dina,dina@ship.example.com\r\n"
	  "Oiler,Emil,emil@ship.example.com\r\n"
	  "Cadet,Fay,fay@ship.example.com\r\n", "4 rows", 18 },
	{ "csv, id numbers", "Master,1234567\nChief Officer,2345678\n"
	  "Second Mate,3456789\nFitter,4567890\n", "4 rows", 0 },
	{ "csv, no ranks", "Name,Phone,Title\n"
	  "Alice Abbott,555-201-3344,clerk\nBrian Berger,555-201-3345,clerk\n"
	  "Carmen Castillo,555-201-3346,clerk\n"
	  "Dmitri Dunmore,555-201-3347,clerk\n"
	  "Erin Ellis,555-201-3348,clerk", NULL, 0 },
	{ "csv, no roles", "Carl,carl@ship.example.com\r\n"
	  "Dina,dina@ship.example.com\r\nEmil,emil@ship.example.com\r\n"
	  "Fay,fay@ship.example.com\r\n", NULL, 0 },
	{ "ranks and values on other lines", "SGT Alice Abbott\n555-201-3344\n"
	  "SSG Brian Berger\n555-201-3345\nCPT Carmen Castillo\n"
	  "555-201-3346\nMAJ Dmitri Dunmore\n555-201-3347\n", NULL, 0 },
	{ "one rank per line, not per row", "SGT\n"
	  "Alice Abbott,555-201-3344\nBrian Berger,555-201-3345\n"
	  "Carmen Castillo,555-201-3346\nDmitri Dunmore,555-201-3347\n",
	  NULL, 0 },
};

static void
test_personnel_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pers_rows) / sizeof(pers_rows[0]);
	    i++) {
		const struct pers_row *p = &pers_rows[i];
		char ev[TG_EVIDENCE_MAX + 1];
		size_t off = (size_t)-1, n;

		n = found(p->text, strlen(p->text), "personnel-table", &off,
		    ev);
		if (p->evidence == NULL) {
			if (n != 0)
				fail_msg("%s: personnel-table [%s]", p->name,
				    ev);
			continue;
		}
		if (n != 1 || strcmp(ev, p->evidence) != 0 || off != p->offset)
			fail_msg("%s: %zu findings, [%s] at %zu, want [%s] at "
			    "%zu", p->name, n, n ? ev : "", n ? off : 0,
			    p->evidence, p->offset);
	}
}

/* ------------------------------------------------------------------ */
/* Seeded rows: windows around seeds give what the whole piece gives    */

/* Every match handed to a validator: row, start, end. */
struct trace {
	size_t *v;
	size_t n, cap;
};

static void
on_trace(void *arg, size_t row, size_t from, size_t to)
{
	struct trace *t = arg;

	if (t->n + 3 > t->cap) {
		t->cap = t->cap ? t->cap * 2 : 48;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		assert_non_null(t->v);
	}
	t->v[t->n++] = row;
	t->v[t->n++] = from;
	t->v[t->n++] = to;
}

/* The matches and findings of text with the seeded rows scanned one way
 * (tg__det_run_test()). */
static void
scan_way(struct tg__det_run *r, int whole, size_t sub, const char *text,
    size_t len, struct trace *t, struct fset *f)
{
	tg__det_run_test(r, whole, sub, on_trace, t);
	assert_int_equal(tg__det_scan(r, 1, NULL, text, len, collect, f), 0);
	tg__det_run_test(r, 0, 0, NULL, NULL);
}

/*
 * Around seeds, in parts of the default size, of 150 bytes, of the least
 * size (1 is raised to it), and over the whole piece in parts of 150
 * bytes: the same matches in the same order, and the same findings, as
 * one scan of the whole piece.  Returns the findings of detector det.
 */
static size_t
same_as_whole(struct tg__det_run *r, const char *name, const char *text,
    size_t len, const char *det)
{
	static const struct {
		int whole;
		size_t sub;
	} ways[] = { { 0, 0 }, { 0, 150 }, { 0, 1 }, { 1, 150 } };
	struct trace ref = { NULL, 0, 0 };
	struct fset fref = { NULL, 0, 0 };
	size_t found = 0;

	scan_way(r, 1, SIZE_MAX, text, len, &ref, &fref);
	for (size_t w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
		struct trace t = { NULL, 0, 0 };
		struct fset f = { NULL, 0, 0 };

		scan_way(r, ways[w].whole, ways[w].sub, text, len, &t, &f);
		for (size_t i = 0; i < t.n || i < ref.n; i += 3)
			if (i >= t.n || i >= ref.n ||
			    memcmp(t.v + i, ref.v + i, 3 * sizeof(*t.v)) != 0)
				fail_msg("%s, way %zu: match %zu: row %zu at "
				    "%zu-%zu, whole piece: row %zu at %zu-%zu",
				    name, w, i / 3, i < t.n ? t.v[i] : 0,
				    i < t.n ? t.v[i + 1] : 0,
				    i < t.n ? t.v[i + 2] : 0,
				    i < ref.n ? ref.v[i] : 0,
				    i < ref.n ? ref.v[i + 1] : 0,
				    i < ref.n ? ref.v[i + 2] : 0);
		assert_int_equal(f.n, fref.n);
		for (size_t i = 0; i < f.n; i++) {
			assert_int_equal(f.v[i].det, fref.v[i].det);
			assert_int_equal(f.v[i].f.offset, fref.v[i].f.offset);
			assert_int_equal(f.v[i].f.level, fref.v[i].f.level);
			assert_string_equal(f.v[i].f.evidence,
			    fref.v[i].f.evidence);
		}
		free(t.v);
		free(f.v);
	}
	for (size_t i = 0; det != NULL && i < fref.n; i++)
		found += strcmp(fref.v[i].f.detector, det) == 0;
	free(ref.v);
	free(fref.v);
	return found;
}

/* Text with a lot for the seeded rows: their values, near misses, digit
 * runs and clusters of every length, capitals, and the bytes their
 * patterns look for around digits. */
static const char *const frags[] = {
	"4111 1111 1111 1111", "4539148803436467", "378282246310005",
	"5555-5555-5555-4444", "DE89 3704 0044 0532 0130 00",
	"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32",
	"536-22-1487", "536 22 1487", "536221487", "555-797-8714",
	"PO-2025-92081", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
	"I<UTOD231458907<<<<<<<<<<<<<<<\r\n7408122F1204159UTO<<<<<<<<<<<6\r\n"
	"ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n", "38.87194, -77.05631",
	"31\xc2\xb0" "47'12\"N 35\xc2\xb0" "13'44\"E", "12\xe2\x80\xb2",
	"364512N 1151234W", "18S UJ 23383 08450", "18SUJ2338308450",
	"card", "SSN", "IBAN", "grid", "FY2025 thanks team deliver",
	"INC2041637", "#759893.", "x", "AB", "Q", "N", "S", "M", "F", "X",
	"<", ".", "-", "+", "'", "_", "d", "\xc2\xb0", "\xe2", "\n", "\r\n",
	" ", " ", " ", "  ", ",",
};

static uint64_t rng = 0x5eed5eed5eed5eedull;

static size_t
rnd(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

static size_t
rnd_text(char *buf, size_t cap)
{
	size_t n = 0, want = rnd(cap / 2);

	while (n < want) {
		char tmp[4096];
		const char *p = tmp;
		size_t k = 0, m = rnd(12);

		switch (rnd(10)) {
		case 0: /* a digit group of any length */
			for (size_t i = rnd(24) + 1; i > 0; i--)
				tmp[k++] = (char)('0' + rnd(10));
			break;
		case 1: /* a cluster */
			for (size_t g = rnd(12) + 1; g > 0; g--) {
				for (size_t i = rnd(5) + 1; i > 0; i--)
					tmp[k++] = (char)('0' + rnd(10));
				tmp[k++] = rnd(2) ? ' ' : '-';
			}
			break;
		case 2: /* capitals, digits, zone fillers */
			for (size_t i = rnd(40) + 1; i > 0; i--)
				tmp[k++] = "ABCDEFGHJKLMNPQRSTUVWXYZ<0123456789"
				    [rnd(35)];
			break;
		case 3: /* a long run */
			if (m < 6) {
				for (size_t i = rnd(3000); i > 0; i--)
					tmp[k++] = (char)('0' + rnd(10));
			} else {
				for (size_t i = rnd(1500); i > 0; i--) {
					tmp[k++] = (char)('0' + rnd(10));
					tmp[k++] = " -"[m % 2];
				}
			}
			break;
		default:
			p = frags[rnd(sizeof(frags) / sizeof(frags[0]))];
			k = strlen(p);
			break;
		}
		if (n + k + 1 >= cap)
			break;
		memcpy(buf + n, p, k);
		n += k;
		if (rnd(3) == 0)
			buf[n++] = " \n-.,"[rnd(5)];
	}
	return n;
}

static void
test_seeded_same_as_whole(void **state)
{
	static char buf[65536];
	struct tg__det *d = NULL;
	struct tg__det_run *r = NULL;
	struct tg_error err;
	char name[64];
	size_t n;

	(void)state;
	assert_int_equal(tg__det_new(&d, &err), TG_OK);
	assert_int_equal(tg__det_run_new(d, &r), TG_OK);
	/* at the edges of the piece */
	assert_int_equal(same_as_whole(r, "card alone", "4111111111111111",
	    16, "card-number"), 1);
	n = (size_t)sprintf(buf, "4111 1111 1111 1111 %0*d "
	    "DE89 3704 0044 0532 0130 00", 3000, 0);
	memset(buf + 20, 'x', 3000);
	assert_int_equal(same_as_whole(r, "card first, iban last", buf, n,
	    "card-number"), 1);
	assert_int_equal(same_as_whole(r, "iban last", buf, n, "iban"), 1);
	/* two cards: windows apart, touching, overlapping */
	for (size_t gap = 100; gap < 160; gap++) {
		n = (size_t)sprintf(buf, "4111111111111111%*s4539148803436467",
		    (int)gap, "");
		snprintf(name, sizeof(name), "two cards, gap %zu", gap);
		assert_int_equal(same_as_whole(r, name, buf, n,
		    "card-number"), 2);
	}
	/* a card across the join of two 150-byte parts of one long
	 * window (seeds every three bytes) */
	n = 0;
	for (int i = 0; i < 46; i++)
		n += (size_t)sprintf(buf + n, "1C ");
	n += (size_t)sprintf(buf + n, "x 4111 1111 1111 1111 x");
	for (int i = 0; i < 60; i++)
		n += (size_t)sprintf(buf + n, " 1C");
	assert_int_equal(same_as_whole(r, "card across a join", buf, n,
	    "card-number"), 1);
	/* long digit runs and clusters */
	memset(buf, '7', 20000);
	(void)same_as_whole(r, "20000 digits", buf, 20000, NULL);
	for (size_t i = 0; i < 20000; i += 2)
		memcpy(buf + i, i % 4 ? "1-" : "2 ", 2);
	(void)same_as_whole(r, "a cluster of 10000 digits", buf, 20000, NULL);
	/* random text */
	for (int i = 0; i < 300; i++) {
		n = rnd_text(buf, sizeof(buf));
		snprintf(name, sizeof(name), "random text %d", i);
		(void)same_as_whole(r, name, buf, n, NULL);
	}
	tg__det_run_free(r);
	tg__det_free(d);
}

/* The seeded rows are scanned only around their seeds: prose without
 * digits costs them nothing, one card number a window. */
static void
test_seeded_windows(void **state)
{
	static char buf[200001];
	struct tg__det *d = NULL;
	struct tg__det_run *r = NULL;
	struct tg_error err;
	struct fset f = { NULL, 0, 0 };
	size_t n = 200000;

	(void)state;
	for (size_t i = 0; i < n; i++)
		buf[i] = "lorem ipsum dolor sit amet, CONSECTETUR\n"[i % 40];
	assert_int_equal(tg__det_new(&d, &err), TG_OK);
	assert_int_equal(tg__det_run_new(d, &r), TG_OK);
	assert_int_equal(tg__det_scan(r, 1, NULL, buf, n, collect, &f), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(tg__det_run_seeded(r), 0);
	memcpy(buf + 100000, " 4111 1111 1111 1111 ", 21);
	assert_int_equal(tg__det_scan(r, 1, NULL, buf, n, collect, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].f.detector, "card-number");
	assert_int_equal(f.v[0].f.offset, 100001);
	/* the card and 66 bytes either side */
	assert_true(tg__det_run_seeded(r) <= 19 + 2 * 66);
	assert_true(tg__det_run_seeded(r) >= 19);
	free(f.v);
	tg__det_run_free(r);
	tg__det_free(d);
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
		cmocka_unit_test(test_blobs_same_as_compiled),
		cmocka_unit_test(test_each_blob_set),
		cmocka_unit_test(test_near_window),
		cmocka_unit_test(test_near_lines),
		cmocka_unit_test(test_near_crlf_message),
		cmocka_unit_test(test_personnel_lines),
		cmocka_unit_test(test_seeded_same_as_whole),
		cmocka_unit_test(test_seeded_windows),
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
