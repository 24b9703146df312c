/*
 * detect.c - the detector table and the scan of one piece of text.
 *
 * A detector is one row of rows[]: a Hyperscan pattern finds candidates
 * in the whole piece, a validator decides (check digits, number ranges,
 * the shape of a banner line), and context words near the match raise the
 * level or, for numbers that mean nothing alone, are required (a bare
 * nine-digit number is not a social security number).  The context words
 * of each group are a second, small database scanned first, so that words
 * after a match count as much as words before it.
 *
 * Personnel tables are not one match but many lines: rank or role words
 * (row keys) and phone numbers, e-mail domains or ID numbers (row values)
 * on the same line make a row, and enough rows in one piece a finding.
 *
 * Cost: numbers, codes and addresses are everywhere in mail, and patterns
 * for them match every few dozen bytes of a CSV file.  So only the rows
 * that can make a finding anywhere are scanned over the whole piece, and
 * of them those whose patterns begin with character classes (card
 * numbers, IBANs ...) only around seeds that a plain loop finds (see
 * "Seeded rows" below).
 * Rows that mean nothing without their context words are scanned only on
 * the lines near those words, and the parts of personnel rows only on
 * lines that hold a rank or role (found by the context pass).  No pattern
 * of those rows spans a line break, so a scan of whole lines sees the
 * same matches as a scan of the whole piece.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs.h>

#include "alloc_int.h"
#ifdef TG_DET_BLOBS
#include "detect_blobs.h"
#endif
#include "detect_int.h"
#include "detect_priv.h"
#include "error_int.h"
#include "text_int.h"

/* ------------------------------------------------------------------ */
/* Context words                                                        */

/* One group of words per kind of context; caseless, whole words. */
#define CTX_MAP(X)                                                     \
	X(NONE, "")                                                    \
	X(CARD, "credit|debit|cards?|visa|master ?card|amex|american "  \
	    "express|discover|cvv2?|cvc2?|exp|expiry|expiration|expires|" \
	    "valid thru|card ?holder|payment|pan")                     \
	X(BANK, "iban|bank|banking|account|acct|transfer|wire|swift|bic|" \
	    "beneficiary|payee|remittance|sepa|kontonummer|rekening|compte") \
	X(ROUTING, "routing|aba|rtn|transit number|routing transit|ach|" \
	    "direct deposit|fedwire")                                  \
	X(SSN, "ssns?|ss ?#|ss no|social security|social sec|soc\\.? ?sec|" \
	    "taxpayer identification|tin")                             \
	X(PASSPORT, "passports?|passeport|pasaporte|reisepass|"        \
	    "travel document")                                         \
	X(EDIPI, "edipi|dod ?id|dod identification|cac|common access card|" \
	    "dod benefits")                                            \
	X(MEDICAL, "diagnos[ie]s|diagnosed|dx|icd|icd-?10|patients?|"   \
	    "clinical|admitted|admission|discharged?|assessment|medical|" \
	    "treatment|prognosis|symptoms|chief complaint|physician|"  \
	    "hospital|clinic|radiology|x-ray|mri|ct scan|lab results") \
	X(FLIGHT, "flights?|flt|depart(s|ure|ing)?|arriv(e|es|al|ing)|" \
	    "boarding|gate|terminal|itinerary|airlines?|layover|"      \
	    "connecting|connection|seat|airport|nonstop|wheels up")    \
	X(BOOKING, "booking|confirmation|record locator|locator|pnr|"   \
	    "reservation|e-?ticket|ticket number")                     \
	X(HOTEL, "hotel|motel|inn|lodging|lodge|check-?in|check in|"    \
	    "front desk|keys?|key ?card|suite|reservation|resort|"     \
	    "billeting|marriott|hilton|hyatt|sheraton|westin|radisson|" \
	    "holiday inn|hampton|courtyard|novotel")                   \
	X(COURT, "case (no\\.?|number|#)|docket|district court|"        \
	    "defendants?|affiant|magistrate|indictment|plaintiff|"     \
	    "u\\.s\\.c\\.|probable cause")                             \
	X(INVEST, "subject|witness(es)?|allegations?|substantiated|"    \
	    "unsubstantiated|findings|interviewed|case number|roi|"   \
	    "investigating officer|complainant|respondent")            \
	X(CONTRACT, "contracts?|award(ed)?|modification|task order|"    \
	    "delivery order|solicitation|piin|contracting officer|"    \
	    "contractor|idiq|clin")                                    \
	X(LOCATION, "mgrs|grid|coordinates|coords|lat|latitude|lon|"    \
	    "long|longitude|location|position|gps|site|lz|hlz|"        \
	    "checkpoint|objective|rally point|target|fob|cop")

enum ctx {
#define CTX_ENUM(sym, words) C_##sym,
	CTX_MAP(CTX_ENUM)
#undef CTX_ENUM
	C_COUNT
};

/* Each group as one pattern of whole words (group 0 is never used). */
static const char *const ctx_re[C_COUNT] = {
#define CTX_RE(sym, words) "\\b(" words ")\\b",
	CTX_MAP(CTX_RE)
#undef CTX_RE
};

/* Context words closer than this to one another merge into one span, and
 * a group keeps at most CTX_SPANS spans per piece (then the last one
 * grows): memory stays bounded whatever the text. */
#define CTX_GAP 64
#define CTX_SPANS 65536

/* ------------------------------------------------------------------ */
/* The table                                                            */






/*
 * Runs of blanks and digits in patterns are bounded ({0,32}, not *;
 * {1,16} in the password sentence, too large for Hyperscan with 32):
 * Hyperscan keeps the start of a match (A_SOM) at many times the cost
 * when a repeat has no bound.
 *
 * A K_MATCH row with context words and no level without them (bare 0) is
 * scanned only near those words: its validator must not set c->level,
 * and its pattern must not span a line break.
 */
struct row {
	const char *id;
	enum tg_category cat;
	unsigned char kind;
	unsigned char anchor;
	unsigned char fixlen;
	unsigned char redact;
	unsigned char keep;       /* RD_PREFIX */
	unsigned char ctx;        /* enum ctx */
	unsigned short window;    /* bytes either side searched for context */
	unsigned char bare;       /* level without context (0: needs it) */
	unsigned char with;       /* level with context */
	unsigned hsflags;
	const char *re;
	check_fn check;
	const char *text;
};


#define CASELESS HS_FLAG_CASELESS
#define CAT(x) TG_CATEGORY_##x

static const struct row rows[] = {
	/* credentials */
	{ "private-key", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_NONE, 0, 4, 4, 0,
	  "-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY"
	  "( BLOCK)?-----|PuTTY-User-Key-File-[0-9]: ", NULL,
	  "a private key block (PEM, OpenSSH, PGP, PuTTY)" },
	{ "aws-access-key", CAT(CREDENTIALS), K_MATCH, A_FIX, 20, RD_PREFIX,
	  4, C_NONE, 0, 4, 4, 0,
	  "\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\\b",
	  tg__chk_aws, "an AWS access key id (AKIA...)" },
	{ "aws-secret-key", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_LABEL, 0,
	  C_NONE, 0, 4, 4, CASELESS,
	  "aws_?secret_?(access_?)?key[\"']?[ \t]{0,32}[:=][ \t]{0,32}[\"']?"
	  "[A-Za-z0-9/+]{40}", tg__chk_pw_field,
	  "an AWS secret access key assigned in a configuration line" },
	{ "github-token", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_PREFIX, 4,
	  C_NONE, 0, 4, 4, 0,
	  "\\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b|"
	  "\\bgithub_pat_[A-Za-z0-9_]{82}\\b", NULL,
	  "a GitHub token (ghp_, github_pat_ ...)" },
	{ "google-api-key", CAT(CREDENTIALS), K_MATCH, A_FIX, 39, RD_PREFIX, 4,
	  C_NONE, 0, 3, 3, 0, "\\bAIza[0-9A-Za-z_-]{35}", tg__chk_token_end,
	  "a Google API key (AIza...)" },
	{ "slack-token", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_PREFIX, 5,
	  C_NONE, 0, 4, 4, 0,
	  "\\bxox[abposr]-[0-9]{6}|hooks\\.slack\\.com/services/T[A-Z0-9]{6}",
	  tg__chk_slack,
	  "a Slack token (xoxb-...) or incoming webhook" },
	{ "stripe-key", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_PREFIX, 8,
	  C_NONE, 0, 4, 4, 0, "\\b[sr]k_live_[0-9A-Za-z]{24,99}\\b", NULL,
	  "a Stripe live secret key (sk_live_...)" },
	{ "password-field", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_LABEL, 0,
	  C_NONE, 0, 3, 3, CASELESS,
	  "\\b(password|passwort|passwd|passcode|passphrase|pass phrase|"
	  "pwd|kennwort|mot de passe|contrase\xc3\xb1""a|pin)[ \t]{0,32}"
	  "[:=][ \t]{0,32}[^ \t\r\n]{4}", tg__chk_pw_field,
	  "a password given in a line (password: ..., pwd=...)" },
	{ "password-sentence", CAT(CREDENTIALS), K_MATCH, A_SOM, 0, RD_LABEL,
	  0, C_NONE, 0, 3, 3, CASELESS,
	  "\\b(temporary|temp|new|initial|one-time|default|your|the)"
	  "[ \t]{1,16}(password|passcode|pin|passphrase|pass phrase)"
	  "[ \t]{1,16}(is|will be|has been (set|changed|reset) to|set to)"
	  "[ \t:]{1,16}[^ \t\r\n]{4}",
	  tg__chk_pw_sentence,
	  "a password given in a sentence (your temporary password is ...)" },
	{ "reset-link", CAT(CREDENTIALS), K_MATCH, A_END, 0, RD_URL, 0,
	  C_NONE, 0, 3, 3, CASELESS,
	  "(reset|recover|forgot|set-?password|change-?password|"
	  "password-?change|magic-?link|login-?link|one-?time|activate|"
	  "verify|verification|unlock)[^ \t\r\n\"'<>]{0,200}[=/]"
	  "[A-Za-z0-9_%-]{16}", tg__chk_reset,
	  "a password reset, recovery or one-time login link with a token" },

	/* markings */
	{ "classification-banner", CAT(MARKINGS), K_MATCH, A_SOM, 0,
	  RD_VERBATIM, 0, C_NONE, 0, 4, 4, 0,
	  "\\b(TOP SECRET|SECRET|CONFIDENTIAL)\\b", tg__chk_classif,
	  "a classification banner (SECRET//NOFORN, TOP SECRET//SCI) or a "
	  "line that is only a classification" },
	{ "classification-portion", CAT(MARKINGS), K_MATCH, A_SOM, 0,
	  RD_VERBATIM, 0, C_NONE, 0, 4, 4, 0,
	  "\\((TS|S|C)//[A-Z][A-Z0-9/ ,-]{0,40}\\)", tg__chk_portion,
	  "a classified portion marking ((S//NF), (TS//SCI))" },
	{ "classification-authority", CAT(MARKINGS), K_MATCH, A_SOM, 0,
	  RD_VERBATIM, 0, C_NONE, 0, 3, 3, 0,
	  "\\b(Classified By|CLASSIFIED BY|Derived From|DERIVED FROM|"
	  "Declassify On|DECLASSIFY ON):", NULL,
	  "a classification authority block (Classified By:, Declassify On:)" },
	{ "cui", CAT(MARKINGS), K_MATCH, A_FIX, 3, RD_VERBATIM, 0, C_NONE, 0,
	  3, 3, 0, "\\bCUI\\b", tg__chk_cui,
	  "a CUI banner line or marking with categories (CUI//SP-PRVCY)" },
	{ "cui-spelled", CAT(MARKINGS), K_MATCH, A_FIX, 35, RD_VERBATIM, 0,
	  C_NONE, 0, 3, 3, 0, "CONTROLLED UNCLASSIFIED INFORMATION", NULL,
	  "CONTROLLED UNCLASSIFIED INFORMATION, as a banner writes it" },
	{ "fouo", CAT(MARKINGS), K_MATCH, A_SOM, 0, RD_VERBATIM, 0, C_NONE, 0,
	  3, 3, 0, "\\bFOUO\\b|\\b(?i:for official use only)\\b", NULL,
	  "For Official Use Only (FOUO)" },
	{ "noforn", CAT(MARKINGS), K_MATCH, A_SOM, 0, RD_VERBATIM, 0, C_NONE,
	  0, 3, 3, 0,
	  "\\bNOFORN\\b|//NF\\b|\\b(?i:not releasable to foreign nationals)\\b",
	  NULL, "NOFORN: not releasable to foreign nationals" },
	{ "les", CAT(MARKINGS), K_MATCH, A_SOM, 0, RD_VERBATIM, 0, C_NONE, 0,
	  3, 3, 0,
	  "\\b(?i:law enforcement sensitive)\\b|//LES\\b|\\bLES//|\\(LES\\)",
	  NULL, "Law Enforcement Sensitive (LES)" },
	{ "not-releasable", CAT(MARKINGS), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_NONE, 0, 3, 3, CASELESS,
	  "\\bnot releasable to the public( or (to )?foreign governments?)?|"
	  "\\bnot for (public )?release to (the public|foreign)", NULL,
	  "Not Releasable to the Public or Foreign Governments" },

	/* financial */
	{ "card-number", CAT(FINANCIAL), K_MATCH, A_SOM, 0, RD_DIGITS, 0,
	  C_CARD, 100, 2, 3, 0, "\\b[0-9]([ -]?[0-9]){11,18}\\b", tg__chk_card,
	  "a payment card number (Luhn and issuer range)" },
	{ "iban", CAT(FINANCIAL), K_MATCH, A_SOM, 0, RD_DIGITS, 0, C_BANK, 100,
	  2, 3, 0, "\\b[A-Z]{2} ?[0-9]{2}([ .-]?[A-Za-z0-9]){11,30}\\b", tg__chk_iban,
	  "an IBAN (ISO 13616 mod 97, country length)" },
	{ "aba-routing", CAT(FINANCIAL), K_MATCH, A_SOM, 0, RD_DIGITS, 0,
	  C_ROUTING, 60, 0, 2, 0, "\\b[0-9]([.-]?[0-9]){8}\\b", tg__chk_aba,
	  "a US ABA routing number near routing words" },

	/* identity */
	{ "ssn", CAT(IDENTITY), K_MATCH, A_SOM, 0, RD_DIGITS, 0, C_SSN, 80, 1,
	  3, 0, "\\b[0-9]{3}([- ]?)[0-9]{2}([- ]?)[0-9]{4}\\b", tg__chk_ssn,
	  "a US social security number (SSA rules; needs context words "
	  "unless written 123-45-6789, then low without them)" },
	{ "passport-mrz", CAT(IDENTITY), K_MATCH, A_FIX, 44, RD_PREFIX, 2,
	  C_NONE, 0, 3, 3, 0,
	  "[A-Z0-9<]{9}[0-9][A-Z<]{3}[0-9]{7}[MFX<][0-9]{7}[A-Z0-9<]{14}"
	  "[0-9<][0-9]", tg__chk_td3,
	  "a passport machine-readable zone (ICAO 9303 TD3 check digits)" },
	{ "id-card-mrz", CAT(IDENTITY), K_MATCH, A_SOM, 0, RD_PREFIX, 2,
	  C_NONE, 0, 3, 3, 0,
	  "[A-Z][A-Z<][A-Z<]{3}[A-Z0-9<]{25}\r?\n[0-9]{7}[MFX<][0-9]{7}"
	  "[A-Z<]{3}[A-Z0-9<]{11}[0-9]", tg__chk_td1,
	  "an identity card machine-readable zone (ICAO 9303 TD1)" },
	{ "passport-number", CAT(IDENTITY), K_MATCH, A_SOM, 0, RD_DIGITS, 0,
	  C_PASSPORT, 40, 0, 3, 0, "\\b[A-Z]{0,2}[0-9]{6,9}\\b", tg__chk_number,
	  "a passport number near the word passport" },
	{ "dod-id", CAT(IDENTITY), K_MATCH, A_FIX, 10, RD_DIGITS, 0, C_EDIPI,
	  40, 0, 3, 0, "\\b[0-9]{10}\\b", tg__chk_number,
	  "a DoD ID number (EDIPI) near EDIPI, DoD ID or CAC" },

	/* medical */
	{ "icd10", CAT(MEDICAL), K_MATCH, A_SOM, 0, RD_PREFIX, 1, C_MEDICAL,
	  60, 0, 3, 0, "\\b[A-Z][0-9][0-9AB](\\.[0-9A-Z]{1,4})?\\b",
	  tg__chk_icd, "an ICD-10 diagnosis code near medical words" },
	{ "medical-record", CAT(MEDICAL), K_MATCH, A_SOM, 0, RD_MASKDIGITS, 0,
	  C_NONE, 0, 3, 3, CASELESS,
	  "\\b(mrn|medical record (number|no\\.?|#))[ \t]{0,32}[:#]?[ \t]{0,32}"
	  "[A-Z]{0,3}[0-9]{5,12}\\b", NULL, "a medical record number (MRN)" },
	{ "patient-data", CAT(MEDICAL), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_MEDICAL, 200, 0, 3, CASELESS,
	  "\\bpatient('s)?[ \t]{1,32}(name|id|dob|date of birth)[ \t]{0,32}:",
	  NULL,
	  "a patient record field (Patient Name:, Patient ID:)" },

	/* travel */
	{ "flight-number", CAT(TRAVEL), K_MATCH, A_SOM, 0, RD_MASKDIGITS, 0,
	  C_FLIGHT, 60, 0, 2, 0, "\\b([A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]) ?"
	  "[0-9]{1,4}\\b", tg__chk_flight,
	  "a flight number near travel words" },
	{ "booking-locator", CAT(TRAVEL), K_MATCH, A_FIX, 6, RD_PREFIX, 1,
	  C_BOOKING, 40, 0, 2, 0, "\\b[A-Z0-9]{6}\\b", tg__chk_locator,
	  "a booking reference (record locator) near booking words" },
	{ "hotel-room", CAT(TRAVEL), K_MATCH, A_SOM, 0, RD_MASKDIGITS, 0,
	  C_HOTEL, 150, 0, 2, CASELESS,
	  "\\b(room|rm\\.?|suite)[ \t]{0,32}(no\\.?|number|#)?[ \t]{0,32}"
	  ":?[ \t]{0,32}"
	  "[0-9]{2,5}[A-Z]?\\b", tg__chk_room,
	  "a hotel room number near hotel words" },

	/* legal */
	{ "criminal-complaint", CAT(LEGAL), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_COURT, 300, 2, 3, CASELESS,
	  "\\bcriminal complaint\\b|\\baffidavit in support of (an? )?"
	  "(criminal complaint|search warrant|arrest warrant|application)|"
	  "\\bsealed indictment\\b", NULL,
	  "a criminal complaint, supporting affidavit or indictment" },
	{ "investigation", CAT(LEGAL), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_INVEST, 300, 2, 3, CASELESS,
	  "\\b(report of investigation|internal investigation|investigative "
	  "report|commander'?s inquiry|(ar )?15-6 investigation|command "
	  "investigation|inspector general (investigation|complaint)|"
	  "subject of (an|the) investigation)\\b", NULL,
	  "an internal investigation or inquiry report" },
	{ "privileged", CAT(LEGAL), K_MATCH, A_SOM, 0, RD_VERBATIM, 0, C_NONE,
	  0, 2, 2, CASELESS,
	  "\\battorney[- ]client privileged?\\b|\\battorney work product\\b|"
	  "\\bprivileged (and|&) confidential\\b|\\bsource selection "
	  "information\\b|\\bcontractor proprietary\\b", NULL,
	  "privileged, proprietary or source selection markings" },
	{ "contract-number", CAT(LEGAL), K_MATCH, A_SOM, 0, RD_VERBATIM, 0,
	  C_CONTRACT, 80, 0, 2, 0,
	  "\\b[A-Z][A-Z0-9]{5}-?[0-9]{2}-?[A-HJ-NP-Z]-?[0-9]{4}\\b",
	  tg__chk_contract,
	  "a US government contract number (PIIN) near contract words" },

	/* location */
	{ "coordinates", CAT(LOCATION), K_MATCH, A_SOM, 0, RD_COORD, 0,
	  C_LOCATION, 80, 2, 2, 0,
	  "[-+]?\\b[0-9]{1,2}\\.[0-9]{4,9}(\xc2\xb0)? ?[NS]?[,;/]? ?"
	  "[-+]?[0-9]{1,3}\\.[0-9]{4,9}(\xc2\xb0)? ?[EW]?\\b|"
	  "\\b[0-9]{1,2}(\xc2\xb0|d| )[ ]?[0-9]{1,2}('|\xe2\x80\xb2) ?"
	  "[0-9]{1,2}(\\.[0-9]{1,12})?(\"|''|\xe2\x80\xb3)? ?[NS]\\b|"
	  "\\b[0-9]{6}(\\.[0-9]{1,12})?[NS] ?[0-9]{7}(\\.[0-9]{1,12})?[EW]\\b",
	  tg__chk_coord,
	  "coordinates: decimal degrees, degrees-minutes-seconds" },
	{ "mgrs", CAT(LOCATION), K_MATCH, A_SOM, 0, RD_COORD, 0, C_LOCATION,
	  80, 2, 2, 0,
	  "\\b[0-9]{1,2}[C-HJ-NP-X] ?[A-HJ-NP-Z]{2} ?[0-9]{4,10}\\b|"
	  "\\b[0-9]{1,2}[C-HJ-NP-X] ?[A-HJ-NP-Z]{2} [0-9]{2,5} [0-9]{2,5}\\b",
	  tg__chk_mgrs, "an MGRS grid reference (18S UJ 23383 08450)" },

	/* personnel: the parts of a row, then the finding */
	{ "rank", CAT(PERSONNEL), K_ROWKEY, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, 0,
	  "\\b(PVT|PV2|PFC|SPC|CPL|SGT|SSG|SFC|MSG|1SG|SGM|CSM|WO1|CW[2-5]|"
	  "2LT|1LT|CPT|MAJ|LTC|COL|LTG|GEN|PO[1-3]|CPO|SCPO|MCPO|"
	  "ENS|LTJG|LCDR|CDR|CAPT|RDML|RADM|VADM|ADM|A1C|SrA|SSgt|TSgt|"
	  "MSgt|SMSgt|CMSgt|2nd ?Lt|1st ?Lt|Capt|Maj|Lt ?Col|Col|Brig ?Gen|"
	  "Maj ?Gen|Lt ?Gen|LCpl|Cpl|Sgt|GySgt|1stSgt|MGySgt|SgtMaj)\\b",
	  NULL, NULL },
	{ "role", CAT(PERSONNEL), K_ROWKEY, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, CASELESS,
	  "\\b(master|chief officer|chief mate|(first|second|third) "
	  "(officer|mate)|(chief|second|third|fourth) engineer|bosun|"
	  "boatswain|able seaman|ordinary seaman|oiler|wiper|fitter|cook|"
	  "steward|cadet|electrician|commander|executive officer|"
	  "chief of staff|first sergeant|command sergeant major|nco ?ic|"
	  "oic|adjutant|deputy|director|watch officer)"
	  "\\b", NULL, NULL },
	/* The two-letter ranks and roles, apart: in one pattern with the
	 * longer ones they make Hyperscan's scan several times slower. */
	{ "rank", CAT(PERSONNEL), K_ROWKEY, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, 0, "\\b(BG|MG|SN|LT)\\b", NULL, NULL },
	{ "role", CAT(PERSONNEL), K_ROWKEY, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, CASELESS, "\\b(xo|[sgj][1-6])\\b", NULL, NULL },
	{ "phone", CAT(PERSONNEL), K_ROWVAL, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, 0,
	  "\\b[0-9]{3}\\)?[ .-][0-9]{3}[ .-][0-9]{4}\\b|"
	  "\\b(DSN|dsn):? ?[0-9]{3}[ .-][0-9]{4}\\b|"
	  "\\+[0-9]{1,3}[ .-][0-9]{1,4}[ .-][0-9]{2,4}[ .-][0-9]{2,5}\\b",
	  NULL, NULL },
	{ "email", CAT(PERSONNEL), K_ROWVAL, A_END, 0, RD_VERBATIM, 0, C_NONE,
	  0, 0, 0, 0, "[A-Za-z0-9]@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\."
	  "[A-Za-z]{2,}\\b", NULL, NULL },
	{ "id-number", CAT(PERSONNEL), K_ROWVAL, A_END, 0, RD_VERBATIM, 0,
	  C_NONE, 0, 0, 0, 0, "\\b[A-Z]{0,2}[0-9]{7,10}\\b", NULL, NULL },
	{ "personnel-table", CAT(PERSONNEL), K_TABLE, A_END, 0, RD_VERBATIM,
	  0, C_NONE, 0, 3, 3, 0, NULL, NULL,
	  "a personnel or crew list: four or more lines each with a rank or "
	  "role and a phone number, e-mail address or ID number" },
	/* the text dicom.c writes for a DICOM attachment's patient */
	{ "dicom-patient", CAT(MEDICAL), K_MATCH, A_SOM, 0, RD_PREFIX, 13,
	  C_NONE, 0, 3, 3, HS_FLAG_MULTILINE,
	  "^DICOM Patient (Name|ID): [^\\n]", NULL,
	  "a DICOM image (X-ray, scan) with the patient's name or ID" },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Rows of a personnel table before it is a finding. */
#define TABLE_ROWS 4

/* The public view of the table: only rows that make findings. */
static struct tg_detector_info infos[NROWS];
static size_t ninfos;
static size_t row_info[NROWS];  /* row -> its index in infos */

static void
build_infos(void)
{
	size_t k = 0;

	for (size_t i = 0; i < NROWS; i++) {
		if (rows[i].kind != K_MATCH && rows[i].kind != K_TABLE)
			continue;
		infos[k].id = rows[i].id;
		infos[k].category = rows[i].cat;
		infos[k].description = rows[i].text;
		row_info[i] = k;
		k++;
	}
	ninfos = k;
}

static pthread_once_t infos_once = PTHREAD_ONCE_INIT;

size_t
tg_detector_count(void)
{
	pthread_once(&infos_once, build_infos);
	return ninfos;
}

const struct tg_detector_info *
tg_detector_get(size_t i)
{
	pthread_once(&infos_once, build_infos);
	return i < ninfos ? &infos[i] : NULL;
}

/* ------------------------------------------------------------------ */
/* Compiling                                                            */

const char *
tg__det_pattern(size_t i, int *caseless)
{
	for (size_t k = 0; k < NROWS; k++) {
		if (rows[k].re == NULL)
			continue;
		if (i-- == 0) {
			*caseless = (rows[k].hsflags & HS_FLAG_CASELESS) != 0;
			return rows[k].re;
		}
	}
	if (i + 1 >= C_COUNT)
		return NULL;
	*caseless = 1;
	return ctx_re[i + 1];
}

/* Rows scanned only near their context words, or only on lines with a
 * personnel row key. */
static int
near_row(const struct row *w)
{
	return w->kind == K_MATCH && w->ctx != C_NONE && w->bare == 0;
}

static int
table_row(const struct row *w)
{
	return w->kind == K_ROWKEY || w->kind == K_ROWVAL;
}

/* Ids of the row keys in the context database: KEY_ID + row. */
#define KEY_ID C_COUNT

struct tg__det {
	hs_database_t *db;     /* rows scanned everywhere; id = row index */
	hs_database_t *seeddb; /* rows scanned around their seeds */
	hs_database_t *neardb; /* rows scanned near context words */
	hs_database_t *tabdb;  /* personnel rows, on lines with a key */
	hs_database_t *ctxdb;  /* context groups (id = enum ctx), row keys */
	hs_scratch_t *proto;   /* scratch for all, cloned per run */
	size_t win[C_COUNT];   /* widest window of a near row per group */
};

/* The platform compiled for: NULL, the running CPU; for the serialized
 * databases (tg__det_write_blobs()), any CPU Hyperscan runs on. */
static const hs_platform_info_t *target;

static int
compile(const char *const *re, const unsigned *flags, const unsigned *ids,
    unsigned n, unsigned mode, hs_database_t **db, struct tg_error *err,
    const char *what)
{
	hs_compile_error_t *ce = NULL;
	int rc;

	if (hs_compile_multi(re, flags, ids, n, mode, target, db, &ce) ==
	    HS_SUCCESS)
		return TG_OK;
	if (ce != NULL && ce->expression >= 0 && (unsigned)ce->expression < n)
		rc = tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
		    "pattern of %s %u: %s", what,
		    ids[ce->expression], ce->message);
	else
		rc = tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
		    "compiling the %s patterns: %s", what,
		    ce != NULL ? ce->message : "failed");
	hs_free_compile_error(ce);
	return rc;
}

/* Compiles the rows that sel picks (NULL db when none). */
static int
compile_rows(int (*sel)(const struct row *), hs_database_t **db,
    struct tg_error *err)
{
	const char *re[NROWS];
	unsigned flags[NROWS], ids[NROWS], n = 0;

	for (size_t i = 0; i < NROWS; i++) {
		if (rows[i].re == NULL || !sel(&rows[i]))
			continue;
		re[n] = rows[i].re;
		flags[n] = rows[i].hsflags | (rows[i].anchor == A_SOM ?
		    HS_FLAG_SOM_LEFTMOST : 0);
		ids[n] = (unsigned)i;
		n++;
	}
	*db = NULL;
	if (n == 0)
		return TG_OK;
	return compile(re, flags, ids, n, HS_MODE_BLOCK, db, err,
	    "detector");
}

/*
 * Rows found through seeds ("Seeded rows" below): their patterns begin
 * with character classes, so Hyperscan would run their automata over
 * every byte, yet each of their matches overlaps a seed that a plain loop
 * finds fast.  Changing one of these patterns means checking
 * detect_seed.c.
 */
static const char *const seeded_ids[] = { "card-number", "iban", "ssn",
	"passport-mrz", "id-card-mrz", "coordinates", "mgrs" };

/* Bytes a window reaches past its seed: more than the longest match of a
 * seeded row (compile_all() checks). */
#define SEED_REACH 66

static int
everywhere_row(const struct row *w)
{
	return !near_row(w) && !table_row(w);
}

static int
seeded_row(const struct row *w)
{
	if (!everywhere_row(w))
		return 0;
	for (size_t i = 0; i < sizeof(seeded_ids) / sizeof(seeded_ids[0]); i++)
		if (strcmp(w->id, seeded_ids[i]) == 0)
			return 1;
	return 0;
}

static int
whole_row(const struct row *w)
{
	return everywhere_row(w) && !seeded_row(w);
}

/* The seeded rows' matches are no longer than SEED_REACH - 1 bytes. */
static int
check_reach(struct tg_error *err)
{
	size_t n = 0;

	for (size_t i = 0; i < NROWS; i++) {
		hs_expr_info_t *info = NULL;
		hs_compile_error_t *ce = NULL;
		unsigned w;

		if (rows[i].re == NULL || !seeded_row(&rows[i]))
			continue;
		if (hs_expression_info(rows[i].re, rows[i].hsflags, &info,
		    &ce) != HS_SUCCESS) {
			hs_free_compile_error(ce);
			return tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
			    "pattern of detector %s: no width", rows[i].id);
		}
		w = info->max_width;
		free(info);
		if (w >= SEED_REACH)
			return tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
			    "detector %s matches up to %u bytes, past the "
			    "seed windows", rows[i].id, w);
		n++;
	}
	if (n != sizeof(seeded_ids) / sizeof(seeded_ids[0]))
		return tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
		    "a seeded detector is not in the table");
	return TG_OK;
}

#define NDB 5
/* Serialized sets: the build machine's CPU, any CPU. */
#define TG_DET_TARGETS 2

/* The databases of d, in the order of the serialized blobs. */
static hs_database_t **
det_db(struct tg__det *d, int k)
{
	hs_database_t **v[NDB] = { &d->db, &d->neardb, &d->tabdb, &d->ctxdb,
		&d->seeddb };

	return v[k];
}

static int
compile_all(struct tg__det *d, struct tg_error *err)
{
	const char *re[C_COUNT + NROWS];
	unsigned flags[C_COUNT + NROWS], ids[C_COUNT + NROWS], n = 0;
	int rc;

	rc = check_reach(err);
	if (rc == TG_OK)
		rc = compile_rows(whole_row, &d->db, err);
	if (rc == TG_OK)
		rc = compile_rows(seeded_row, &d->seeddb, err);
	if (rc == TG_OK)
		rc = compile_rows(near_row, &d->neardb, err);
	if (rc == TG_OK)
		rc = compile_rows(table_row, &d->tabdb, err);
	if (rc != TG_OK)
		return rc;
	for (unsigned g = 1; g < C_COUNT; g++) {
		re[n] = ctx_re[g];
		flags[n] = HS_FLAG_CASELESS;
		ids[n] = g;
		n++;
	}
	for (size_t i = 0; i < NROWS; i++) {
		if (rows[i].kind != K_ROWKEY || rows[i].re == NULL)
			continue;
		re[n] = rows[i].re;
		flags[n] = rows[i].hsflags;
		ids[n] = KEY_ID + (unsigned)i;
		n++;
	}
	return compile(re, flags, ids, n, HS_MODE_BLOCK, &d->ctxdb, err,
	    "context group");
}

/* Drops the databases and the scratch of d. */
static void
det_clear(struct tg__det *d)
{
	hs_free_scratch(d->proto);
	d->proto = NULL;
	for (int k = 0; k < NDB; k++) {
		hs_free_database(*det_db(d, k));
		*det_db(d, k) = NULL;
	}
}

/* Scratch for every database; fails when one was made for another
 * Hyperscan version or CPU. */
static int
det_scratch(struct tg__det *d)
{
	for (int k = 0; k < NDB; k++)
		if (*det_db(d, k) != NULL &&
		    hs_alloc_scratch(*det_db(d, k), &d->proto) != HS_SUCCESS)
			return -1;
	return 0;
}

#ifdef TG_DET_BLOBS
/*
 * The databases serialized when the library was built (detect_blobs.h,
 * from this table), in two sets: for the build machine's CPU, then for
 * any CPU Hyperscan runs on.  Loads set t; -1 when Hyperscan refuses it
 * (another version, or a CPU without its instructions).
 */
static int
load_set(struct tg__det *d, int t)
{
	int k;

	for (k = 0; k < NDB; k++) {
		if (tg__det_blob_len[t][k] == 0)
			continue;
		if (hs_deserialize_database(tg__det_blob[t][k],
		    tg__det_blob_len[t][k], det_db(d, k)) != HS_SUCCESS)
			break;
	}
	if (k == NDB && det_scratch(d) == 0)
		return 0;
	det_clear(d);
	return -1;
}
#endif

/* How det_make() gets its databases. */
#define DET_ANY -1	/* the first serialized set that loads, else compiled */
#define DET_COMPILE -2	/* compiled */
			/* 0.. TG_DET_TARGETS - 1: that set, or an error */

static int
det_make(struct tg__det **out, int how, struct tg_error *err)
{
	struct tg__det *d;
	int rc;

	*out = NULL;
	if (hs_valid_platform() != HS_SUCCESS)
		return tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
		    "this CPU lacks the instructions Hyperscan needs (SSSE3)");
	d = tg__calloc(1, sizeof(*d));
	if (d == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	for (size_t i = 0; i < NROWS; i++)
		if (near_row(&rows[i]) && rows[i].window > d->win[rows[i].ctx])
			d->win[rows[i].ctx] = rows[i].window;
	if (how >= 0) {
#ifdef TG_DET_BLOBS
		if (how < TG_DET_TARGETS && load_set(d, how) == 0)
			goto done;
#endif
		rc = tg__error_set(err, TG_EINTERNAL, TG_NO_OFFSET,
		    "serialized set %d of the detectors' databases does not "
		    "load", how);
		goto fail;
	}
#ifdef TG_DET_BLOBS
	for (int t = 0; how == DET_ANY && t < TG_DET_TARGETS; t++)
		if (load_set(d, t) == 0)
			goto done;
#endif
	rc = compile_all(d, err);
	if (rc != TG_OK)
		goto fail;
	if (det_scratch(d) != 0) {
		rc = tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory (Hyperscan scratch)");
		goto fail;
	}
#ifdef TG_DET_BLOBS
done:
#endif
	(void)tg_detector_count(); /* the row -> detector map */
	*out = d;
	return TG_OK;
fail:
	tg__det_free(d);
	return rc;
}

int
tg__det_new(struct tg__det **out, struct tg_error *err)
{
	return det_make(out, DET_ANY, err);
}

int
tg__det_load_set(struct tg__det **out, int set, struct tg_error *err)
{
	return det_make(out, set < 0 ? TG_DET_TARGETS : set, err);
}

int
tg__det_compile(struct tg__det **out, struct tg_error *err)
{
	return det_make(out, DET_COMPILE, err);
}

#ifdef TG_DET_GEN
int
tg__det_write_blobs(FILE *out, struct tg_error *err)
{
	/* Built on one machine, perhaps run on others: a database for the
	 * build machine's CPU, and one that assumes no CPU features (an
	 * AVX-512 database is refused where there is none, and then every
	 * start would compile; the generic one scans some 10 % slower). */
	static const hs_platform_info_t generic = {
		.tune = HS_TUNE_FAMILY_GENERIC, .cpu_features = 0 };
	const hs_platform_info_t *targets[TG_DET_TARGETS] = { NULL, &generic };
	struct tg__det d;
	char *blob[TG_DET_TARGETS][NDB] = { { NULL } };
	size_t len[TG_DET_TARGETS][NDB] = { { 0 } };
	int rc = TG_OK;

	for (int t = 0; rc == TG_OK && t < TG_DET_TARGETS; t++) {
		memset(&d, 0, sizeof(d));
		target = targets[t];
		rc = compile_all(&d, err);
		target = NULL;
		for (int k = 0; rc == TG_OK && k < NDB; k++)
			if (*det_db(&d, k) != NULL && hs_serialize_database(
			    *det_db(&d, k), &blob[t][k], &len[t][k]) !=
			    HS_SUCCESS)
				rc = tg__error_set(err, TG_EINTERNAL,
				    TG_NO_OFFSET, "serializing database %d "
				    "failed", k);
		det_clear(&d);
	}
	if (rc == TG_OK) {
		fprintf(out, "/* Generated by detect_blobs_gen: the "
		    "detectors' Hyperscan databases. */\n");
		for (int t = 0; t < TG_DET_TARGETS; t++) {
			for (int k = 0; k < NDB; k++) {
				fprintf(out, "static const char "
				    "tg__det_blob%d_%d[] =", t, k);
				for (size_t i = 0; i < len[t][k]; i++)
					fprintf(out, "%s\\x%02x", i == 0 ?
					    "\n\t\"" : i % 32 == 0 ?
					    "\"\n\t\"" : "",
					    (unsigned char)blob[t][k][i]);
				fprintf(out, "%s;\n", len[t][k] > 0 ? "\"" :
				    " \"\"");
			}
		}
		fprintf(out, "static const char *const tg__det_blob[%d][%d] "
		    "= {\n", TG_DET_TARGETS, NDB);
		for (int t = 0; t < TG_DET_TARGETS; t++) {
			fprintf(out, "\t{");
			for (int k = 0; k < NDB; k++)
				fprintf(out, " tg__det_blob%d_%d,", t, k);
			fprintf(out, " },\n");
		}
		fprintf(out, "};\nstatic const size_t tg__det_blob_len[%d][%d] "
		    "= {\n", TG_DET_TARGETS, NDB);
		for (int t = 0; t < TG_DET_TARGETS; t++) {
			fprintf(out, "\t{");
			for (int k = 0; k < NDB; k++)
				fprintf(out, " %zu,", len[t][k]);
			fprintf(out, " },\n");
		}
		fprintf(out, "};\n");
	}
	for (int t = 0; t < TG_DET_TARGETS; t++)
		for (int k = 0; k < NDB; k++)
			free(blob[t][k]);
	return rc;
}
#endif

void
tg__det_free(struct tg__det *d)
{
	if (d == NULL)
		return;
	hs_free_scratch(d->proto);
	hs_free_database(d->db);
	hs_free_database(d->neardb);
	hs_free_database(d->tabdb);
	hs_free_database(d->ctxdb);
	hs_free_database(d->seeddb);
	tg__free(d);
}

/* ------------------------------------------------------------------ */
/* Scanning                                                             */

struct span {
	size_t a, b;   /* first and last end offset of the words in it */
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* A match of a seeded row (offsets in the piece, below 4 GiB). */
struct smatch {
	uint32_t id, from, to;
};

struct tg__det_run {
	const struct tg__det *d;
	hs_scratch_t *scratch;
	struct spans ctx[C_COUNT];
	struct spans keys;     /* ends of personnel row keys */
	size_t base;           /* offset of the text being scanned */

	/* The piece being scanned. */
	const char *t;
	size_t n;
	unsigned part;
	tg__det_fn fn;
	void *arg;
	int rc;

	/* Per row: the last finding's span, and for A_END rows the last
	 * span judged no finding (later matches inside it are the same). */
	size_t last_from[NROWS], last_to[NROWS];
	size_t rej_from[NROWS], rej_to[NROWS];
	unsigned char have[NROWS], rej[NROWS];
	/* A finding held back while a longer match may replace it. */
	struct cand pend[NROWS];
	int pend_level[NROWS];
	unsigned char pending[NROWS];

	/* Personnel rows: the current line, what it holds, and where the
	 * newlines were looked for. */
	size_t line, nl_to, nl_line, counted;
	unsigned bits;
	unsigned long trows;
	size_t tfirst;

	/* Seeded rows: the seed finder, the window being scanned (from u0
	 * on, in parts of at most sub bytes), and the matches of its part
	 * scanned last, handed on in order of their ends. */
	hs_scratch_t *wscratch;
	struct tg__seeder sd;
	size_t wa, wb, u0, acc_lo, acc_hi, sub;
	size_t seeded;         /* bytes scanned for them in this piece */
	int whole, whole_done;
	struct smatch *hv;
	size_t hn, hi, hcap;
	tg__det_trace_fn trace;
	void *trace_arg;
};

int
tg__det_run_new(const struct tg__det *d, struct tg__det_run **out)
{
	struct tg__det_run *r;

	*out = NULL;
	r = tg__calloc(1, sizeof(*r));
	if (r == NULL)
		return TG_ENOMEM;
	r->d = d;
	if (hs_clone_scratch(d->proto, &r->scratch) != HS_SUCCESS) {
		tg__free(r);
		return TG_ENOMEM;
	}
	/* The seeded rows are scanned from within the callback of another
	 * scan, which holds the first scratch. */
	if (hs_clone_scratch(d->proto, &r->wscratch) != HS_SUCCESS) {
		hs_free_scratch(r->scratch);
		tg__free(r);
		return TG_ENOMEM;
	}
	*out = r;
	return TG_OK;
}

void
tg__det_run_free(struct tg__det_run *r)
{
	if (r == NULL)
		return;
	hs_free_scratch(r->scratch);
	hs_free_scratch(r->wscratch);
	for (unsigned g = 0; g < C_COUNT; g++)
		tg__free(r->ctx[g].v);
	tg__free(r->keys.v);
	tg__free(r->hv);
	tg__free(r);
}

void
tg__det_run_test(struct tg__det_run *r, int whole, size_t sub,
    tg__det_trace_fn trace, void *arg)
{
	r->whole = whole;
	r->sub = sub;
	r->trace = trace;
	r->trace_arg = arg;
}

size_t
tg__det_run_seeded(const struct tg__det_run *r)
{
	return r->seeded;
}

/* Adds the end of a word to s, merging it into the last span when near. */
static int
span_add(struct spans *s, size_t to)
{
	if (s->n > 0 && (to - s->v[s->n - 1].b <= CTX_GAP ||
	    s->n == CTX_SPANS)) {
		if (to > s->v[s->n - 1].b)
			s->v[s->n - 1].b = to;
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct span *v = tg__realloc(s->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].a = s->v[s->n].b = to;
	s->n++;
	return 0;
}

static int
on_ctx(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct tg__det_run *r = arg;

	(void)from;
	(void)flags;
	if (span_add(id >= KEY_ID ? &r->keys : &r->ctx[id], (size_t)to) != 0) {
		r->rc = TG_ENOMEM;
		return 1;
	}
	return 0;
}

/* Whether a word of group g ends within w bytes of [from, to). */
static int
has_ctx(const struct tg__det_run *r, unsigned g, size_t from, size_t to,
    size_t w)
{
	const struct spans *s = &r->ctx[g];
	size_t lo = from > w ? from - w : 0, hi = to + w, l = 0, h = s->n;

	while (l < h) {
		size_t m = l + (h - l) / 2;

		if (s->v[m].b < lo)
			l = m + 1;
		else
			h = m;
	}
	return l < s->n && s->v[l].a <= hi;
}

/* The last newline in s[0..n), or NULL. */
static const char *
last_nl(const char *s, size_t n)
{
	while (n > 0)
		if (s[--n] == '\n')
			return s + n;
	return NULL;
}

/* Where the line holding the byte before p starts.  Matches come in
 * order of their ends, so the newlines are looked for once. */
static size_t
line_start(struct tg__det_run *r, size_t p)
{
	const char *q;
	size_t lo;

	if (p >= r->nl_to) {
		q = last_nl(r->t + r->nl_to, p - r->nl_to);
		if (q != NULL)
			r->nl_line = (size_t)(q - r->t) + 1;
		r->nl_to = p;
		return r->nl_line;
	}
	lo = p > 4096 ? p - 4096 : 0;
	q = last_nl(r->t + lo, p - lo);
	return q != NULL ? (size_t)(q - r->t) + 1 : lo;
}

static void
table_flush(struct tg__det_run *r)
{
	if (r->bits == 3 && r->line != r->counted) {
		if (r->trows++ == 0)
			r->tfirst = r->line;
		r->counted = r->line;
	}
	r->bits = 0;
}

static void
table_hit(struct tg__det_run *r, size_t to, unsigned kind)
{
	size_t line = line_start(r, to);

	if (line != r->line) {
		table_flush(r);
		r->line = line;
	}
	r->bits |= kind == K_ROWKEY ? 1u : 2u;
}

static int
emit(struct tg__det_run *r, size_t i, const struct cand *c, int level)
{
	struct tg_finding f;

	memset(&f, 0, sizeof(f));
	f.detector = rows[i].id;
	f.category = rows[i].cat;
	f.level = (enum tg_severity)level;
	f.part = r->part;
	f.offset = c->from;
	if (rows[i].kind == K_TABLE)
		snprintf(f.evidence, sizeof(f.evidence), "%lu rows",
		    r->trows);
	else
		tg__det_redact(rows[i].redact, rows[i].keep, c, f.evidence);
	return r->fn(r->arg, row_info[i], &f);
}

/* A match of row id at [from, to) of the piece.  Non-zero: stop. */
static int
row_match(struct tg__det_run *r, unsigned id, size_t from, size_t to)
{
	const struct row *w = &rows[id];
	struct cand c;
	int st, level = 0;

	/* Hyperscan reports a start only for A_SOM rows. */
	if (r->trace != NULL)
		r->trace(r->trace_arg, id, w->anchor == A_SOM ? from : to, to);
	if (w->kind == K_ROWKEY || w->kind == K_ROWVAL) {
		table_hit(r, (size_t)to, w->kind);
		return 0;
	}
	if (w->anchor == A_END && ((r->rej[id] && to > r->rej_from[id] &&
	    to <= r->rej_to[id]) || (r->have[id] && to > r->last_from[id] &&
	    to <= r->last_to[id])))
		return 0;
	c.t = r->t;
	c.n = r->n;
	c.to = (size_t)to;
	c.from = w->anchor == A_SOM ? (size_t)from : w->anchor == A_FIX ?
	    c.to - w->fixlen : c.to;
	c.vfrom = c.from;
	c.level = 0;
	if (w->anchor != A_END && r->have[id] && c.from < r->last_to[id]) {
		/* The same start, ending further on: the pending finding
		 * may grow ("E11" then "E11.9"); any other overlap is the
		 * same finding again. */
		if (!r->pending[id] || c.from != r->pend[id].from)
			return 0;
	} else if (r->pending[id]) {
		r->pending[id] = 0;
		r->rc = emit(r, id, &r->pend[id], r->pend_level[id]);
		if (r->rc != 0)
			return 1;
	}
	st = w->check != NULL ? w->check(&c) : 2;
	if (st > 0) {
		if (c.level > 0)
			level = c.level;
		else if (w->ctx != C_NONE &&
		    has_ctx(r, w->ctx, c.from, c.to, w->window))
			level = w->with;
		else if (st == 2)
			level = w->bare;
	}
	if (level == 0) {
		if (w->anchor == A_END) {
			r->rej[id] = 1;
			r->rej_from[id] = c.from;
			r->rej_to[id] = c.to > to ? c.to : (size_t)to;
		}
		return 0;
	}
	if (w->anchor == A_END && r->have[id] && c.from < r->last_to[id])
		return 0;
	r->have[id] = 1;
	r->last_from[id] = c.from;
	r->last_to[id] = c.to;
	if (w->anchor == A_END) {
		r->rc = emit(r, id, &c, level);
		return r->rc != 0;
	}
	r->pend[id] = c;
	r->pend_level[id] = level;
	r->pending[id] = 1;
	return 0;
}

static int
on_match(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct tg__det_run *r = arg;

	(void)flags;
	return row_match(r, id, (size_t)from + r->base, (size_t)to + r->base);
}

/* ------------------------------------------------------------------ */
/* Seeded rows                                                          */

/*
 * Card numbers, IBANs, SSNs, machine-readable zones, coordinates and MGRS
 * references are scanned only over windows around seeds: spans that
 * every match of these rows overlaps, found by one loop over the piece
 * (detect_seed.c, which lists them).
 *
 * No match of these rows is longer than SEED_REACH - 1 bytes, so a match
 * that holds or touches seed [a, b) lies in [a - SEED_REACH + 1, b +
 * SEED_REACH - 1].  The window of a seed is [a - SEED_REACH, b +
 * SEED_REACH) (within the piece), overlapping windows merge, and of the
 * matches Hyperscan reports in a window only those are taken whose end e
 * has SEED_REACH bytes of the window before it and one after it (e >=
 * start + SEED_REACH unless the window starts the piece, e < end unless
 * it ends the piece).  Such a match sees the same bytes around it as in
 * the whole piece (\b included), so it is a match of the whole piece,
 * with the same leftmost start; and every match of the whole piece ends
 * where its seed's window takes it.  The taken matches are therefore
 * exactly those a scan of the whole piece reports.  A long window is
 * scanned in parts of at most `sub` bytes that overlap by SEED_REACH,
 * each taking the ends the last one did not, so that the matches held
 * at once stay few.
 */

/* Parts a window is scanned in: at most this many bytes. */
#define SEED_SUB 4096

/* The next window of the piece, [*wa, *wb); 0 when there is none. */
static int
next_window(struct tg__det_run *r, size_t *wa, size_t *wb)
{
	if (!r->whole)
		return tg__seed_next(&r->sd, wa, wb);
	if (r->whole_done)
		return 0;
	r->whole_done = 1;
	*wa = 0;
	*wb = r->n;
	return 1;
}

static int
on_seeded(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct tg__det_run *r = arg;
	size_t e = (size_t)to + r->u0;

	(void)flags;
	if (e < r->acc_lo || e > r->acc_hi)
		return 0;
	if (r->hn == r->hcap) {
		size_t cap = r->hcap ? r->hcap * 2 : 64;
		struct smatch *v = tg__realloc(r->hv, cap * sizeof(*v));

		if (v == NULL) {
			r->rc = TG_ENOMEM;
			return 1;
		}
		r->hv = v;
		r->hcap = cap;
	}
	r->hv[r->hn].id = id;
	r->hv[r->hn].from = (uint32_t)((size_t)from + r->u0);
	r->hv[r->hn].to = (uint32_t)e;
	r->hn++;
	return 0;
}

/* Scans the next part of the window, or of the next window; 0 when
 * there is none left, -1 on failure (r->rc). */
static int
scan_part(struct tg__det_run *r)
{
	size_t u1, sub = r->sub ? r->sub : SEED_SUB;
	hs_error_t e;

	if (sub < 2 * SEED_REACH)
		sub = 2 * SEED_REACH;
	if (r->u0 == SIZE_MAX) {
		if (!next_window(r, &r->wa, &r->wb))
			return 0;
		r->u0 = r->wa;
	}
	u1 = r->wb - r->u0 > sub ? r->u0 + sub : r->wb;
	r->acc_lo = r->u0 == 0 ? 0 : r->u0 + SEED_REACH;
	r->acc_hi = u1 == r->n ? r->n : u1 - 1;
	r->hn = r->hi = 0;
	r->seeded += u1 - r->u0;
	e = hs_scan(r->d->seeddb, r->t + r->u0, (unsigned)(u1 - r->u0), 0,
	    r->wscratch, on_seeded, r);
	if (e != HS_SUCCESS) {
		if (r->rc == 0)
			r->rc = TG_EINTERNAL;
		return -1;
	}
	r->u0 = u1 == r->wb ? SIZE_MAX : u1 - SEED_REACH;
	return 1;
}

/*
 * Hands on the seeded rows' matches that come before a match of row id
 * ending at `to`: those ending earlier, and at the same end those of a
 * row before id in the table (the order of one scan of all rows).
 * Non-zero: stop.
 */
static int
seeded_until(struct tg__det_run *r, size_t to, unsigned id)
{
	if (r->d->seeddb == NULL)
		return 0;
	for (;;) {
		while (r->hi < r->hn) {
			const struct smatch *m = &r->hv[r->hi];

			if (m->to > to || (m->to == to && m->id > id))
				return 0;
			r->hi++;
			if (row_match(r, m->id, m->from, m->to) != 0)
				return 1;
		}
		/* The next part of this window takes ends from its start +
		 * SEED_REACH on: none before `to` when that is past it. */
		if (r->u0 != SIZE_MAX && r->u0 + SEED_REACH > to)
			return 0;
		switch (scan_part(r)) {
		case 0:
			return 0;
		case -1:
			return 1;
		}
	}
}

static int
on_whole(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct tg__det_run *r = arg;

	(void)flags;
	if (seeded_until(r, (size_t)to, id) != 0)
		return 1;
	return row_match(r, id, (size_t)from, (size_t)to);
}

/* Emits the findings still pending, in the order of their offsets. */
static int
flush_pending(struct tg__det_run *r)
{
	for (;;) {
		size_t best = NROWS;

		for (size_t i = 0; i < NROWS; i++)
			if (r->pending[i] && (best == NROWS ||
			    r->pend[i].from < r->pend[best].from))
				best = i;
		if (best == NROWS)
			return 0;
		r->pending[best] = 0;
		r->rc = emit(r, best, &r->pend[best], r->pend_level[best]);
		if (r->rc != 0)
			return r->rc;
	}
}

/*
 * Spans of word ends, each widened to [a - lo, b + hi]: where lines are
 * scanned.  The spans of a group come in order.
 */
struct cursor {
	const struct span *v;
	size_t n, i, lo, hi;
};

static size_t
cur_start(const struct cursor *c)
{
	return c->v[c->i].a > c->lo ? c->v[c->i].a - c->lo : 0;
}

/* The interval that starts first among the cursors c[0..nc), clamped to
 * the text (n > 0); 0 when none is left. */
static int
next_iv(struct cursor *c, unsigned nc, size_t n, size_t *a, size_t *b)
{
	unsigned best = nc;

	for (unsigned k = 0; k < nc; k++)
		if (c[k].i < c[k].n && (best == nc ||
		    cur_start(&c[k]) < cur_start(&c[best])))
			best = k;
	if (best == nc)
		return 0;
	*a = cur_start(&c[best]);
	*b = c[best].v[c[best].i].b + c[best].hi;
	c[best].i++;
	*a = *a < n ? *a : n - 1;
	*b = *b < n ? *b : n - 1;
	return 1;
}

/* The end of the line holding byte p: its newline, or the end. */
static size_t
line_end(const struct tg__det_run *r, size_t p)
{
	const char *q = memchr(r->t + p, '\n', r->n - p);

	return q != NULL ? (size_t)(q - r->t) : r->n;
}

/*
 * Scans with db every whole line that holds a byte of an interval of the
 * cursors, each run of such lines at once, in order.  Returns 0 or the
 * error code.
 */
static int
scan_lines(struct tg__det_run *r, const hs_database_t *db,
    struct cursor *c, unsigned nc)
{
	size_t a, b, lo, hi, done = 0;
	const char *q;
	hs_error_t e;
	int more;

	if (db == NULL)
		return 0;
	more = next_iv(c, nc, r->n, &a, &b);
	while (more) {
		if (b < done) {
			more = next_iv(c, nc, r->n, &a, &b);
			continue;
		}
		lo = a > done ? a : done;
		q = last_nl(r->t + done, lo - done);
		lo = q != NULL ? (size_t)(q - r->t) + 1 : done;
		hi = line_end(r, b);
		while ((more = next_iv(c, nc, r->n, &a, &b)) && a <= hi)
			if (b > hi)
				hi = line_end(r, b);
		r->base = lo;
		e = hs_scan(db, r->t + lo, (unsigned)(hi - lo), 0, r->scratch,
		    on_match, r);
		r->base = 0;
		if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED)
			return TG_EINTERNAL;
		if (r->rc != 0)
			return r->rc;
		done = hi < r->n ? hi + 1 : r->n;
	}
	return 0;
}

int
tg__det_scan(struct tg__det_run *r, unsigned part,
    const char *content_type, const char *text, size_t len, tg__det_fn fn,
    void *arg)
{
	struct cursor cur[C_COUNT];
	unsigned nc;
	hs_error_t e;
	int rc;

	(void)content_type;
	if (len > UINT32_MAX)
		return TG_EINVAL;
	r->t = text;
	r->n = len;
	r->part = part;
	r->fn = fn;
	r->arg = arg;
	r->rc = 0;
	memset(r->have, 0, sizeof(r->have));
	memset(r->rej, 0, sizeof(r->rej));
	memset(r->pending, 0, sizeof(r->pending));
	for (unsigned g = 0; g < C_COUNT; g++)
		r->ctx[g].n = 0;
	r->keys.n = 0;
	r->base = 0;
	r->line = SIZE_MAX;
	r->counted = SIZE_MAX;
	r->nl_to = r->nl_line = 0;
	r->bits = 0;
	r->trows = 0;
	if (len == 0)
		return 0;
	e = hs_scan(r->d->ctxdb, text, (unsigned)len, 0, r->scratch, on_ctx,
	    r);
	if (e != HS_SUCCESS)
		return r->rc != 0 ? r->rc : TG_EINTERNAL;
	/* the rows scanned everywhere, and in step with them (in order of
	 * ends) the seeded rows around their seeds */
	tg__seed_start(&r->sd, text, len, SEED_REACH);
	r->whole_done = 0;
	r->u0 = SIZE_MAX;
	r->hn = r->hi = 0;
	r->seeded = 0;
	if (r->d->db != NULL) {
		e = hs_scan(r->d->db, text, (unsigned)len, 0, r->scratch,
		    on_whole, r);
		if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED)
			return r->rc != 0 ? r->rc : TG_EINTERNAL;
		if (r->rc != 0)
			return r->rc;
	}
	if (seeded_until(r, SIZE_MAX, UINT_MAX) != 0)
		return r->rc;
	/* near their words: lines within the widest window of a word */
	nc = 0;
	for (unsigned g = 1; g < C_COUNT; g++) {
		if (r->d->win[g] == 0 || r->ctx[g].n == 0)
			continue;
		cur[nc].v = r->ctx[g].v;
		cur[nc].n = r->ctx[g].n;
		cur[nc].i = 0;
		cur[nc].lo = r->d->win[g] + 1;
		cur[nc].hi = r->d->win[g];
		nc++;
	}
	rc = scan_lines(r, r->d->neardb, cur, nc);
	if (rc != 0)
		return rc;
	/* personnel rows: the lines of the keys (a key ends after its
	 * first byte) */
	cur[0].v = r->keys.v;
	cur[0].n = r->keys.n;
	cur[0].i = 0;
	cur[0].lo = 1;
	cur[0].hi = 0;
	rc = scan_lines(r, r->d->tabdb, cur, 1);
	if (rc != 0)
		return rc;
	if (flush_pending(r) != 0)
		return r->rc;
	table_flush(r);
	if (r->trows >= TABLE_ROWS) {
		for (size_t i = 0; i < NROWS; i++) {
			if (rows[i].kind == K_TABLE) {
				struct cand c = { text, len, r->tfirst,
				    r->tfirst, r->tfirst, 0 };

				return emit(r, i, &c, rows[i].bare);
			}
		}
	}
	return 0;
}
