/*
 * test_typo.c - the typo engine through its public API: tg_check() on a
 * small protected set (one row per case: each kind, TLD rules and their
 * strictness, subdomains, protected, allowed, clean), then the properties
 * that bind generation to detection: every variant tg_variants() gives is
 * a typo of its domain with its kind, once, valid, never legitimate.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "ctx_int.h"
#include "domain_int.h"
#include "glyph_int.h"
#include "index_int.h"
#include "slip_int.h"
#include "typoguard.h"
#include "unit.h"

#define CYR_A "\xd0\xb0"          /* U+0430 CYRILLIC SMALL LETTER A */
#define A_ACUTE "\xc3\xa1"        /* U+00E1 */
#define UE "\xc3\xbc"             /* U+00FC */

#define BIT(k) (1u << TG_KIND_##k)

static const char *const protected_set[] = {
	"army.mil", "army.nl", "gmail.com", ".mil strict=il", ".gov",
	"mail.example.com", "example.co.uk", ("b" UE "cher.de"),
	"example.gov.uk", "me.com", "smtp.internal-example.com",
};
static const char *const legit_set[] = { "mail.com", "gm.com" };
static const char *const allow_set[] = { "genuine.ml" };

static tg_index *ix;

static tg_index *
build(const char *const *prot, size_t np, int with_lists)
{
	struct tg_error err;
	tg_index *x;
	size_t i;

	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	for (i = 0; i < np; i++)
		assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED, prot[i],
		    strlen(prot[i]), &err), TG_OK);
	for (i = 0; with_lists && i < sizeof(legit_set) / sizeof(*legit_set);
	    i++)
		assert_int_equal(tg_index_add(x, TG_LIST_LEGIT, legit_set[i],
		    strlen(legit_set[i]), &err), TG_OK);
	for (i = 0; with_lists && i < sizeof(allow_set) / sizeof(*allow_set);
	    i++)
		assert_int_equal(tg_index_add(x, TG_LIST_ALLOW, allow_set[i],
		    strlen(allow_set[i]), &err), TG_OK);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	return x;
}

static tg_index *
the_index(void)
{
	if (ix == NULL)
		ix = build(protected_set, sizeof(protected_set) /
		    sizeof(*protected_set), 1);
	return ix;
}

static const struct tg_candidate *
find_cand(const struct tg_check *c, const char *domain)
{
	size_t i;

	for (i = 0; i < c->ncandidates; i++)
		if (strcmp(c->candidates[i].domain, domain) == 0)
			return &c->candidates[i];
	return NULL;
}

struct crow {
	const char *name;
	const char *in;
	const char *sender;
	enum tg_verdict verdict;
	const char *intended;     /* best candidate; NULL: none */
	unsigned kinds;           /* must be among the best's kinds */
	const char *also;         /* another candidate that must be there */
	const char *suggestion;
	const char *reason;       /* substring */
	int exposure;             /* of the best; -1: not checked */
};

#define TYPO(n, in, intended, k, sugg, exp) \
	{ n, in, NULL, TG_VERDICT_TYPO, intended, k, NULL, sugg, NULL, exp }
#define VERDICT(n, in, v, reason) \
	{ n, in, NULL, v, NULL, 0, NULL, NULL, reason, -1 }

static const struct crow rows[] = {
	/* The story */
	{ "army.ml: both protected domains in reach", "bob@army.ml", NULL,
	    TG_VERDICT_TYPO, "army.mil", BIT(TLD_TYPO), "army.nl",
	    "bob@army.mil", NULL, TG_EXPOSURE_OPEN },
	TYPO("a subdomain of a typo", "bob@hq.army.ml", "hq.army.mil",
	    BIT(TLD_TYPO), "bob@hq.army.mil", TG_EXPOSURE_OPEN),
	TYPO("TLD rule rebuilds the name", "x@anything.ml", "anything.mil",
	    BIT(TLD_TYPO), "x@anything.mil", TG_EXPOSURE_OPEN),
	TYPO("TLD rule, deeper name", "x@hq.navy.ml", "hq.navy.mil",
	    BIT(TLD_TYPO), "x@hq.navy.mil", TG_EXPOSURE_OPEN),
	TYPO("army.il is a slip of army.mil", "a@army.il", "army.mil",
	    BIT(TLD_TYPO), "a@army.mil", TG_EXPOSURE_OPEN),
	VERDICT("gov.il is a public suffix, not a slip", "a@gov.il",
	    TG_VERDICT_CLEAN, NULL),
	VERDICT("idf.il is a public suffix, not a slip", "a@idf.il",
	    TG_VERDICT_CLEAN, NULL),
	VERDICT("names under gov.il are clean", "a@pmo.gov.il",
	    TG_VERDICT_CLEAN, NULL),
	VERDICT("strict=il: an unlisted .il name is clean",
	    "a@somecompany.il", TG_VERDICT_CLEAN, NULL),
	TYPO("domain input, no local part", "gmial.com", "gmail.com",
	    BIT(TRANSPOSITION), "gmail.com", TG_EXPOSURE_OPEN),
	/* Protected, allowed, clean */
	VERDICT("protected domain", "a@army.mil", TG_VERDICT_PROTECTED,
	    "army.mil"),
	VERDICT("subdomain of a protected domain", "a@hq.army.mil",
	    TG_VERDICT_PROTECTED, "army.mil"),
	VERDICT("name under a protected TLD", "a@navy.mil",
	    TG_VERDICT_PROTECTED, ".mil"),
	VERDICT("protected IDN, given as A-label", "a@xn--bcher-kva.de",
	    TG_VERDICT_PROTECTED, "xn--bcher-kva.de"),
	VERDICT("known legitimate look-alike", "a@mail.com",
	    TG_VERDICT_ALLOWED, "known legitimate: mail.com"),
	VERDICT("known legitimate, subdomain", "a@x.gm.com",
	    TG_VERDICT_ALLOWED, "known legitimate: gm.com"),
	VERDICT("allowlisted correspondent", "a@genuine.ml",
	    TG_VERDICT_ALLOWED, "allowlist: genuine.ml"),
	VERDICT("unrelated domain", "a@unrelated.org", TG_VERDICT_CLEAN, NULL),
	VERDICT("unrelated, one letter from nothing", "a@gmx.net",
	    TG_VERDICT_CLEAN, NULL),
	VERDICT("address literal", "a@[192.0.2.1]", TG_VERDICT_CLEAN, NULL),
	VERDICT("a bare public suffix", "com", TG_VERDICT_CLEAN, NULL),
	VERDICT("invalid input", "a@@b", TG_VERDICT_INVALID, NULL),
	VERDICT("invalid domain", "a@army..ml", TG_VERDICT_INVALID, NULL),
	VERDICT("into a TLD that does not exist: bounces, not a typo",
	    "a@gmail.con", TG_VERDICT_CLEAN, NULL),
	VERDICT("a two-letter name has no slips inside it", "a@mo.com",
	    TG_VERDICT_CLEAN, NULL),
	TYPO("but its TLD may be mistyped", "a@me.co", "me.com",
	    BIT(TLD_TYPO), "a@me.com", TG_EXPOSURE_OPEN),
	VERDICT("tld-swap only into TLDs typed by habit", "a@gmail.xyz",
	    TG_VERDICT_CLEAN, NULL),
	/* One row per kind */
	TYPO("omission", "gmal.com", "gmail.com", BIT(OMISSION), NULL,
	    TG_EXPOSURE_OPEN),
	TYPO("insertion", "gmaiul.com", "gmail.com", BIT(INSERTION), NULL, -1),
	TYPO("repetition", "gmaill.com", "gmail.com", BIT(REPETITION), NULL,
	    -1),
	TYPO("replacement", "gmsil.com", "gmail.com", BIT(REPLACEMENT), NULL,
	    -1),
	TYPO("transposition", "me@gmial.com", "gmail.com", BIT(TRANSPOSITION),
	    "me@gmail.com", TG_EXPOSURE_OPEN),
	TYPO("vowel-swap", "gmeil.com", "gmail.com", BIT(VOWEL_SWAP), NULL, -1),
	TYPO("addition", "gmail1.com", "gmail.com", BIT(ADDITION), NULL, -1),
	TYPO("hyphenation", "gm-ail.com", "gmail.com", BIT(HYPHENATION), NULL,
	    -1),
	TYPO("homoglyph rn/m", "grnail.com", "gmail.com", BIT(HOMOGLYPH), NULL,
	    -1),
	TYPO("homoglyph with a diacritic", "gm" A_ACUTE "il.com", "gmail.com",
	    BIT(HOMOGLYPH), NULL, -1),
	TYPO("IDN confusable: Cyrillic a", "gm" CYR_A "il.com", "gmail.com",
	    BIT(IDN_CONFUSABLE), NULL, -1),
	TYPO("IDN protected, ASCII look-alike", "bucher.de", "xn--bcher-kva.de",
	    BIT(HOMOGLYPH), NULL, -1),
	TYPO("bitsquatting", "gmaml.com", "gmail.com", BIT(BITSQUATTING), NULL,
	    -1),
	TYPO("missing dot", "mailexample.com", "mail.example.com",
	    BIT(MISSING_DOT), NULL, -1),
	TYPO("missing dot before a two-label suffix", "exampleco.uk",
	    "example.co.uk", BIT(MISSING_DOT), NULL, -1),
	TYPO("dot insertion", "gm.ail.com", "gmail.com", BIT(DOT_INSERTION),
	    NULL, -1),
	TYPO("dot after the first letter is not a subdomain", "a.rmy.nl",
	    "army.nl", BIT(DOT_INSERTION), NULL, -1),
	TYPO("nor under a two-label suffix", "e.xample.co.uk",
	    "example.co.uk", BIT(DOT_INSERTION), NULL, -1),
	TYPO("dot typed as hyphen", "mail-example.com", "mail.example.com",
	    BIT(DOT_HYPHEN), NULL, -1),
	TYPO("plural", "gmails.com", "gmail.com", BIT(PLURAL), NULL, -1),
	TYPO("tld-typo", "gmail.co", "gmail.com", BIT(TLD_TYPO), NULL,
	    TG_EXPOSURE_OPEN),
	TYPO("tld-swap", "gmail.net", "gmail.com", BIT(TLD_SWAP), NULL, -1),
	TYPO("suffix-swap", "example.org.uk", "example.co.uk",
	    BIT(SUFFIX_SWAP), NULL, -1),
	TYPO("suffix dropped", "example.uk", "example.co.uk",
	    BIT(SUFFIX_SWAP), NULL, -1),
	TYPO("a sibling suffix ranks above a habit TLD", "example.org.uk",
	    "example.co.uk", BIT(SUFFIX_SWAP), NULL, -1),
	TYPO("tld-in-label", "gmailcom.com", "gmail.com", BIT(TLD_IN_LABEL),
	    NULL, -1),
	TYPO("tld-in-label with hyphen", "army-mil.com", "army.mil",
	    BIT(TLD_IN_LABEL), NULL, -1),
	/* Exposure */
	TYPO("a typo inside a closed suffix", "exmaple.gov.uk",
	    "example.gov.uk", BIT(TRANSPOSITION), NULL, TG_EXPOSURE_CLOSED),
	TYPO("a typo inside the entry's own zone",
	    "stmp.internal-example.com", "smtp.internal-example.com",
	    BIT(TRANSPOSITION), NULL, TG_EXPOSURE_INTERNAL),
};

static void
test_row(void **state)
{
	const struct crow *r = *state;
	struct tg_check c;
	const struct tg_candidate *best;
	int rc;

	rc = tg_check(the_index(), r->in, strlen(r->in), r->sender,
	    r->sender != NULL ? strlen(r->sender) : 0, &c);
	if (c.verdict != r->verdict)
		fail_msg("%s: verdict %s, want %s (best %s)", r->in,
		    tg_verdict_name(c.verdict), tg_verdict_name(r->verdict),
		    c.ncandidates ? c.candidates[0].domain : "-");
	if (r->verdict == TG_VERDICT_INVALID) {
		assert_true(rc < 0);
		assert_int_equal(c.error.code, rc);
		return;
	}
	assert_int_equal(rc, TG_OK);
	if (r->reason != NULL && strstr(c.reason, r->reason) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", c.reason, r->reason);
	if (r->intended == NULL)
		return;
	assert_true(c.ncandidates > 0);
	best = &c.candidates[0];
	if (strcmp(best->domain, r->intended) != 0)
		fail_msg("%s: best %s, want %s", r->in, best->domain,
		    r->intended);
	if ((best->kinds & r->kinds) != r->kinds)
		fail_msg("%s: kinds 0x%x lack 0x%x", r->in, best->kinds,
		    r->kinds);
	if (r->also != NULL && find_cand(&c, r->also) == NULL)
		fail_msg("%s: %s is not among the candidates", r->in, r->also);
	if (r->suggestion != NULL)
		assert_string_equal(c.suggestion, r->suggestion);
	if (r->exposure >= 0)
		assert_int_equal(best->exposure, r->exposure);
	assert_true(best->score >= TG_THRESHOLD_DEFAULT);
	assert_true(best->score <= 1.0);
}

/* Names of kinds, layouts, verdicts and exposures round-trip. */
static void
test_names(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < TG_KIND_COUNT; k++) {
		const char *n = tg_kind_name(k);

		assert_non_null(n);
		assert_non_null(tg_kind_text(k));
		assert_int_equal(tg_kind_from_name(n, strlen(n)), k);
	}
	assert_null(tg_kind_name(TG_KIND_COUNT));
	assert_null(tg_kind_name(-1));
	assert_int_equal(tg_kind_from_name("subdomain", 9),
	    TG_KIND_DOT_INSERTION);
	assert_int_equal(tg_kind_from_name("omission ", 9), -1);
	assert_int_equal(tg_kind_from_name("omis", 4), -1);
	for (k = 0; k < TG_LAYOUT_COUNT; k++)
		assert_int_equal(tg_layout_from_name(tg_layout_name(k),
		    strlen(tg_layout_name(k))), k);
	assert_string_equal(tg_verdict_name(TG_VERDICT_TYPO), "typo");
	assert_string_equal(tg_exposure_name(TG_EXPOSURE_CLOSED), "closed");
	assert_null(tg_verdict_name(TG_VERDICT_COUNT));
	assert_null(tg_exposure_name(-1));
}

/* Only the protected domain the mail was meant for is suggested. */
static void
test_only_army_nl(void **state)
{
	static const char *const one[] = { "army.nl" };
	struct tg_check c;
	tg_index *x = build(one, 1, 0);

	(void)state;
	assert_int_equal(tg_check(x, "x@army.ml", 9, NULL, 0, &c), TG_OK);
	assert_int_equal(c.verdict, TG_VERDICT_TYPO);
	assert_int_equal(c.ncandidates, 1);
	assert_string_equal(c.candidates[0].domain, "army.nl");
	assert_string_equal(c.suggestion, "x@army.nl");
	assert_true(c.candidates[0].kinds & BIT(TLD_TYPO));
	tg_index_free(x);
}

/* The same local part on both sides: a self-forward scores higher. */
static void
test_self_forward(void **state)
{
	struct tg_check a, b;

	(void)state;
	assert_int_equal(tg_check(the_index(), "bob@gmial.com", 13,
	    "bob@example.org", 15, &a), TG_OK);
	assert_int_equal(tg_check(the_index(), "bob@gmial.com", 13,
	    "alice@example.org", 17, &b), TG_OK);
	assert_true(a.flags & TG_CHECK_SELF_FORWARD);
	assert_false(b.flags & TG_CHECK_SELF_FORWARD);
	assert_true(a.candidates[0].score > b.candidates[0].score);
	assert_int_equal(tg_check(the_index(), "Bob@gmial.com", 13,
	    "bob@example.org", 15, &b), TG_OK);
	assert_true(b.flags & TG_CHECK_SELF_FORWARD);
}

/* Candidates come ranked, and equal scores are all reported. */
static void
test_ranking(void **state)
{
	struct tg_check c;
	size_t i;

	(void)state;
	assert_int_equal(tg_check(the_index(), "army.ml", 7, NULL, 0, &c),
	    TG_OK);
	assert_true(c.ncandidates >= 2);
	for (i = 1; i < c.ncandidates; i++)
		assert_true(c.candidates[i - 1].score >= c.candidates[i].score);
}

/* List entries: errors name the column, options are checked. */
struct lrow {
	const char *name;
	enum tg_list list;
	const char *entry;
	int rc;
	size_t off;
};

static const struct lrow lrows[] = {
	{ "unknown option", TG_LIST_PROTECTED, "a.com colour=red",
	    TG_ELIST_OPTION, 6 },
	{ "option without value", TG_LIST_PROTECTED, "a.com layout",
	    TG_ELIST_OPTION, 6 },
	{ "unknown layout", TG_LIST_PROTECTED, "a.com layout=dvorak",
	    TG_ELIST_OPTION, 13 },
	{ "unknown kind", TG_LIST_PROTECTED, "a.com kinds=omission,typing",
	    TG_ELIST_OPTION, 21 },
	{ "empty kind", TG_LIST_PROTECTED, "a.com kinds=omission,,tld-typo",
	    TG_ELIST_OPTION, 21 },
	{ "option twice", TG_LIST_PROTECTED,
	    "a.com kinds=omission kinds=plural", TG_ELIST_OPTION, 21 },
	{ "strict on a domain", TG_LIST_PROTECTED, "a.com strict=il",
	    TG_ELIST_OPTION, 6 },
	{ "rule that is no suffix", TG_LIST_PROTECTED, ".army.mil",
	    TG_ELIST_SYNTAX, 0 },
	{ "lone dot", TG_LIST_PROTECTED, ".", TG_ELIST_SYNTAX, 0 },
	{ "suffix written as a domain", TG_LIST_PROTECTED, "co.uk",
	    TG_ELIST_SYNTAX, 0 },
	{ "rule in an allowlist", TG_LIST_ALLOW, ".ml", TG_ELIST_SYNTAX, 0 },
	{ "option in an allowlist", TG_LIST_ALLOW, "a.ml kinds=omission",
	    TG_ELIST_OPTION, 5 },
	{ "bad domain", TG_LIST_PROTECTED, "  a..com", TG_EDOM_EMPTY_LABEL,
	    4 },
	{ "NUL", TG_LIST_PROTECTED, "a.c\0om", TG_ENUL, 3 },
	{ "bad UTF-8", TG_LIST_PROTECTED, "a.\xff", TG_EUTF8, 2 },
	{ "literal", TG_LIST_PROTECTED, "[192.0.2.1]", TG_ELIST_SYNTAX, 0 },
};

static void
test_list_entries(void **state)
{
	struct tg_error err;
	tg_index *x;
	size_t i;

	(void)state;
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	for (i = 0; i < sizeof(lrows) / sizeof(*lrows); i++) {
		const struct lrow *r = &lrows[i];
		size_t len = strlen(r->entry);
		int rc;

		if (strcmp(r->name, "NUL") == 0)
			len = 6;
		ut_dirty_error(&err);
		rc = tg_index_add(x, r->list, r->entry, len, &err);
		if (rc != r->rc)
			fail_msg("%s: rc %s (%s), want %s", r->name,
			    tg_errname(rc), err.message, tg_errname(r->rc));
		assert_int_equal(err.code, r->rc);
		assert_true(err.has_offset);
		if (err.offset != r->off)
			fail_msg("%s: offset %zu, want %zu (%s)", r->name,
			    err.offset, r->off, err.message);
	}
	/* Good entries, comments and blanks. */
	assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED,
	    "army.nl layout=qwertz,azerty kinds=omission,tld-typo # NL", 55,
	    &err), TG_OK);
	assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED, "# nothing", 9,
	    &err), TG_EEMPTY);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED, "b.com", 5, &err),
	    TG_ESTATE);
	assert_int_equal(tg_index_seal(x, &err), TG_ESTATE);
	tg_index_free(x);
}

/* A list file: every bad line reported with FILE:LINE:COLUMN. */
static int
collect(const struct tg_error *e, void *arg)
{
	char (*msgs)[TG_ERROR_MSG_MAX] = arg;
	size_t i;

	for (i = 0; msgs[i][0] != '\0'; i++)
		;
	snprintf(msgs[i], TG_ERROR_MSG_MAX, "%s", e->message);
	return 0;
}

static void
test_list_file(void **state)
{
	char path[] = "/tmp/tg-list-XXXXXX";
	char msgs[8][TG_ERROR_MSG_MAX];
	static const char text[] =
	    "# protected\n"
	    "army.mil\n"
	    "\n"
	    "  army..nl\n"
	    "gmail.com kinds=nothing\r\n"
	    ".mil strict=il   # busy\n";
	struct tg_error err;
	struct tg_check c;
	tg_index *x;
	FILE *f;
	int fd;

	(void)state;
	memset(msgs, 0, sizeof(msgs));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	assert_int_equal(tg_index_load(x, TG_LIST_PROTECTED, path, collect,
	    msgs, &err), TG_EDOM_EMPTY_LABEL);
	assert_non_null(strstr(msgs[0], ":4:8: "));
	assert_non_null(strstr(msgs[1], ":5:17: "));
	assert_string_equal(msgs[2], "");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 8);
	assert_int_equal(tg_index_count(x, TG_LIST_PROTECTED), 2);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	assert_int_equal(tg_check(x, "a@army.ml", 9, NULL, 0, &c), TG_OK);
	assert_int_equal(c.verdict, TG_VERDICT_TYPO);
	tg_index_free(x);
	/* Without a callback the first bad line stops the load. */
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	assert_int_equal(tg_index_load(x, TG_LIST_PROTECTED, path, NULL, NULL,
	    &err), TG_EDOM_EMPTY_LABEL);
	assert_int_equal(tg_index_count(x, TG_LIST_PROTECTED), 1);
	tg_index_free(x);
	unlink(path);
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	assert_int_equal(tg_index_load(x, TG_LIST_PROTECTED, path, NULL, NULL,
	    &err), TG_ENOENT);
	assert_non_null(strstr(err.message, path));
	tg_index_free(x);
}

/* ------------------------------------------------------------------ */
/* Generation against detection                                         */

struct vstate {
	tg_index *only;        /* protects the domain alone */
	const char *domain;
	size_t count, per_kind[TG_KIND_COUNT];
	char first_bad[512];
};

static int
check_variant(const struct tg_variant *v, void *arg)
{
	struct vstate *s = arg;
	struct tg_check c;
	const struct tg_candidate *cand = NULL;
	size_t i;

	s->count++;
	s->per_kind[v->kind]++;
	if (tg_check(s->only, v->domain, strlen(v->domain), NULL, 0, &c) !=
	    TG_OK)
		goto bad;
	if (c.verdict != TG_VERDICT_TYPO)
		goto bad;
	for (i = 0; i < c.ncandidates; i++)
		if (c.candidates[i].kinds & (1u << v->kind))
			cand = &c.candidates[i];
	if (cand == NULL || v->plausibility <= 0)
		goto bad;
	return 0;
bad:
	if (s->first_bad[0] == '\0')
		snprintf(s->first_bad, sizeof(s->first_bad),
		    "%s: variant %s (%s) is %s%s%s", s->domain, v->domain,
		    tg_kind_name(v->kind), tg_verdict_name(c.verdict),
		    c.ncandidates ? " of " : "",
		    c.ncandidates ? c.candidates[0].domain : "");
	return 0;
}

static void
consistency(const char *domain, size_t min)
{
	struct vstate s;
	struct tg_error err;
	const char *one[1] = { domain };

	memset(&s, 0, sizeof(s));
	s.domain = domain;
	s.only = build(one, 1, 0);
	assert_int_equal(tg_variants(s.only, domain, strlen(domain), NULL,
	    check_variant, &s, &err), TG_OK);
	tg_index_free(s.only);
	if (s.first_bad[0] != '\0')
		fail_msg("%s", s.first_bad);
	if (s.count < min)
		fail_msg("%s: only %zu variants", domain, s.count);
}

static void
test_consistency_gmail(void **state)
{
	(void)state;
	consistency("gmail.com", 1000);
}

static void
test_consistency_army(void **state)
{
	(void)state;
	consistency("army.mil", 200);
	consistency("army.nl", 200);
}

static void
test_consistency_subdomain(void **state)
{
	(void)state;
	consistency("mail.army.mil", 200);
	consistency("example.co.uk", 200);
}

static void
test_consistency_idn(void **state)
{
	(void)state;
	consistency("b" UE "cher.de", 200);
}

/* Letters that look-alike rules touch again and again, short labels,
 * and a private suffix. */
static void
test_consistency_lookalikes(void **state)
{
	(void)state;
	consistency("dobbs.com", 1000);
	consistency("mississippi.gov", 1000);
	consistency("ewa.kr", 500);
	consistency("ch.tc", 100);
	consistency("sk-ai.eu.cc", 500);
}

/*
 * Two look-alike rules that change the length, in the second round
 * anywhere: at two places apart (far apart in a long name), or over what
 * the first wrote ("b" -> "lb" -> "llb", "m" -> "nn" read as "rn" -> "m"
 * across the "r" before it).  Each is made for its domain and found as a
 * homoglyph of it.
 */
static const char *const chain_rows[][2] = {
	{ "army.mil", "amny.mil" },
	{ "army.nl", "amny.nl" },
	{ "internationalbank.com", "intemationalbanlc.com" },
	{ "internationalbank.com", "intemationallbank.com" },
	{ "internationalbank.com", "internationallbanlc.com" },
	{ "internationalbank.com", "internationalllbank.com" },
	{ "b" UE "cher.de", "lb" UE "clher.de" },
	{ "b" UE "cher.de", "b" UE "cllher.de" },
	{ "b" UE "cher.de", "llb" UE "cher.de" },
	/* Two one-character look-alikes eleven letters apart. */
	{ "internationalbank.com", "1nternationa1bank.com" },
	/* Weak pairs chained after a sequence rule (w -> vv, v -> u twice)
	 * and one over another (r -> n -> m). */
	{ "ewa.kr", "euua.kr" },
	{ "arnet.com.ar", "ammet.com.ar" },
	/* A second sequence rule where the first moved the label's end. */
	{ "ch.tc", "cllh.tc" },
	/* One rule on every occurrence in a window at once, as dnstwist
	 * writes it, and another rule besides. */
	{ "dobbs.com", "bolblbs.com" },
	{ "fbb.vn", "fllblb.vn" },
	{ "powwow.com", "povvvvovv.com" },
	{ "hammer.com", "lhannnner.com" },
	{ "bookkeeper.com", "lboolclceeper.com" },
};

struct want_one {
	const char *unicode;
	int found;
};

static int
find_unicode(const struct tg_variant *v, void *arg)
{
	struct want_one *w = arg;

	if (strcmp(v->unicode, w->unicode) == 0 &&
	    v->kind == TG_KIND_HOMOGLYPH)
		w->found = 1;
	return 0;
}

static void
test_homoglyph_chains(void **state)
{
	struct tg_variants_opts o;
	struct tg_error err;
	struct want_one w;
	struct tg_check c;
	const char *one[1];
	tg_index *x;
	size_t i, k;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.kinds = BIT(HOMOGLYPH);
	o.flags = TG_VARIANTS_MARK_LEGIT;
	for (i = 0; i < sizeof(chain_rows) / sizeof(chain_rows[0]); i++) {
		one[0] = chain_rows[i][0];
		x = build(one, 1, 0);
		w.unicode = chain_rows[i][1];
		w.found = 0;
		assert_int_equal(tg_variants(x, one[0], strlen(one[0]), &o,
		    find_unicode, &w, &err), TG_OK);
		if (!w.found)
			fail_msg("%s is not made for %s", w.unicode, one[0]);
		assert_int_equal(tg_check(x, w.unicode, strlen(w.unicode),
		    NULL, 0, &c), TG_OK);
		if (c.verdict != TG_VERDICT_TYPO)
			fail_msg("%s: %s, want a typo of %s", w.unicode,
			    tg_verdict_name(c.verdict), one[0]);
		for (k = 0; k < c.ncandidates; k++)
			if (c.candidates[k].kinds & BIT(HOMOGLYPH))
				break;
		if (k == c.ncandidates)
			fail_msg("%s: not a homoglyph of %s", w.unicode,
			    one[0]);
		tg_index_free(x);
	}
}

/* Names of one length with letters that are no look-alikes of the
 * protected ones stay clean, also when far apart in a long name. */
static void
test_homoglyph_near_misses(void **state)
{
	static const char *const rows[][2] = {
		{ "army.mil", "navy.mil" },
		{ "army.mil", "arts.mil" },
		{ "internationalbank.com", "internationalpark.com" },
		{ "internationalbank.com", "antenationalbanks.com" },
		{ "internationalbank.com", "enternationalbang.com" },
		{ "internationalbank.com", "nationalbankintern.com" },
		/* Five look-alike steps: more than two rounds make. */
		{ "internationalbank.com", "1nternati0na1bamlc.com" },
		{ "b" UE "cher.de", "becker.de" },
		{ "b" UE "cher.de", "k" UE "chen.de" },
	};
	struct tg_check c;
	const char *one[1];
	tg_index *x;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		one[0] = rows[i][0];
		x = build(one, 1, 0);
		assert_int_equal(tg_check(x, rows[i][1], strlen(rows[i][1]),
		    NULL, 0, &c), TG_OK);
		if (c.verdict != TG_VERDICT_CLEAN)
			fail_msg("%s: %s of %s, want clean", rows[i][1],
			    tg_verdict_name(c.verdict), one[0]);
		tg_index_free(x);
	}
}

/* Every kind makes something for gmail.com; no duplicates; never the
 * domain itself; a rule gives TLDs. */
struct seen {
	char names[20000][64];
	size_t n;
	int dup, self;
	unsigned kinds;
};

static int
collect_variant(const struct tg_variant *v, void *arg)
{
	struct seen *s = arg;
	size_t i;

	s->kinds |= 1u << v->kind;
	if (strcmp(v->domain, "gmail.com") == 0)
		s->self = 1;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->names[i], v->domain) == 0)
			s->dup = 1;
	if (s->n < 20000 && strlen(v->domain) < 64)
		snprintf(s->names[s->n++], 64, "%s", v->domain);
	return 0;
}

static void
test_variants_properties(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct tg_variants_opts o;
	struct tg_error err;
	size_t i;
	int found_mail = 0;

	(void)state;
	assert_non_null(s);
	memset(&o, 0, sizeof(o));
	o.kinds = TG_KINDS_ALL & ~BIT(HOMOGLYPH);
	assert_int_equal(tg_variants(the_index(), "gmail.com", 9, &o,
	    collect_variant, s, &err), TG_OK);
	assert_false(s->dup);
	assert_false(s->self);
	/* gmail.com has no dot to leave out and no second-level suffix;
	 * its plurals are all additions or insertions already. */
	for (i = 0; i < TG_KIND_COUNT; i++)
		if (!(o.kinds & BIT(MISSING_DOT) & BIT(DOT_HYPHEN)) &&
		    i != TG_KIND_HOMOGLYPH && i != TG_KIND_MISSING_DOT &&
		    i != TG_KIND_DOT_HYPHEN && i != TG_KIND_SUFFIX_SWAP &&
		    i != TG_KIND_PLURAL &&
		    !(s->kinds & (1u << i)))
			fail_msg("no %s variant of gmail.com", tg_kind_name(i));
	memset(s, 0, sizeof(*s));
	assert_int_equal(tg_variants(the_index(), "mail.example.co.uk", 18,
	    &o, collect_variant, s, &err), TG_OK);
	assert_true(s->kinds & BIT(MISSING_DOT));
	assert_true(s->kinds & BIT(DOT_HYPHEN));
	assert_true(s->kinds & BIT(SUFFIX_SWAP));
	for (i = 0; i < s->n; i++)
		if (strcmp(s->names[i], "mail.com") == 0)
			found_mail = 1;
	assert_false(found_mail);   /* known legitimate: left out */
	free(s);
}

struct marked {
	int mail_marked;
	int stop_after;
	int calls;
};

static int
find_marked(const struct tg_variant *v, void *arg)
{
	struct marked *m = arg;

	m->calls++;
	if (strcmp(v->domain, "mail.com") == 0 &&
	    (v->flags & TG_VARIANT_LEGIT))
		m->mail_marked = 1;
	return m->stop_after > 0 && m->calls >= m->stop_after ? 7 : 0;
}

static void
test_variants_mark_and_stop(void **state)
{
	struct tg_variants_opts o;
	struct tg_error err;
	struct marked m;

	(void)state;
	memset(&o, 0, sizeof(o));
	memset(&m, 0, sizeof(m));
	o.kinds = BIT(OMISSION);
	o.flags = TG_VARIANTS_MARK_LEGIT;
	assert_int_equal(tg_variants(the_index(), "gmail.com", 9, &o,
	    find_marked, &m, &err), TG_OK);
	assert_true(m.mail_marked);
	memset(&m, 0, sizeof(m));
	m.stop_after = 2;
	assert_int_equal(tg_variants(the_index(), "gmail.com", 9, &o,
	    find_marked, &m, &err), 7);
	assert_int_equal(m.calls, 2);
	/* Homoglyphs go out as the second round makes them: a stop there
	 * (deep in the round) ends the run too. */
	o.kinds = BIT(HOMOGLYPH);
	memset(&m, 0, sizeof(m));
	m.stop_after = 1000;
	assert_int_equal(tg_variants(the_index(), "gmail.com", 9, &o,
	    find_marked, &m, &err), 7);
	assert_int_equal(m.calls, 1000);
}

static int
collect_rule(const struct tg_variant *v, void *arg)
{
	struct seen *s = arg;

	assert_true(v->flags & TG_VARIANT_SUFFIX);
	assert_int_equal(v->kind, TG_KIND_TLD_TYPO);
	if (s->n < 20000)
		snprintf(s->names[s->n++], 64, "%s", v->domain);
	return 0;
}

static int
has(const struct seen *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return 1;
	return 0;
}

static void
test_variants_rule(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct tg_error err;

	(void)state;
	assert_non_null(s);
	assert_int_equal(tg_variants(the_index(), ".mil", 4, NULL,
	    collect_rule, s, &err), TG_OK);
	assert_true(has(s, "ml"));
	assert_false(has(s, "il"));     /* strict=il in the index */
	assert_false(has(s, "mi"));     /* not a delegated TLD */
	assert_false(has(s, "mil"));
	/* A TLD with only a wildcard rule (*.np) is no place for "x.np". */
	memset(s, 0, sizeof(*s));
	assert_int_equal(tg_variants(the_index(), ".nl", 3, NULL,
	    collect_rule, s, &err), TG_OK);
	assert_true(has(s, "ml"));
	assert_false(has(s, "np"));
	free(s);
}

/* The built-in tld-swap targets are those of data/tld-swap.txt. */
static void
test_habit_tlds_follow_data(void **state)
{
	char line[256], word[64];
	size_t n = 0;
	FILE *f = fopen(TG_TEST_DATADIR "/tld-swap.txt", "r");

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || sscanf(line, "%63s", word) != 1)
			continue;
		if (n >= tg__habit_tld_count)
			fail_msg("%s is not in tg__habit_tlds", word);
		assert_string_equal(word, tg__habit_tlds[n]);
		n++;
	}
	fclose(f);
	assert_int_equal(n, tg__habit_tld_count);
}

/* The TLDs without IDNs are those of data/idn-none.txt. */
static void
test_idn_none_follows_data(void **state)
{
	char line[256], word[64];
	size_t n = 0;
	FILE *f = fopen(TG_TEST_DATADIR "/idn-none.txt", "r");

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || sscanf(line, "%63s", word) != 1)
			continue;
		if (n >= tg__idn_none_count)
			fail_msg("%s is not in tg__idn_none_tlds", word);
		assert_string_equal(word, tg__idn_none_tlds[n]);
		assert_false(tg__tld_takes_idn(word, strlen(word)));
		n++;
	}
	fclose(f);
	assert_int_equal(n, tg__idn_none_count);
	assert_true(tg__tld_takes_idn("com", 3));
	assert_true(tg__tld_takes_idn("de", 2));
}

/* Variant counts by kind, and whether a label variant of the given kind
 * has an "xn--" label left of the suffix (kind -1: any kind). */
struct idn_seen {
	unsigned long n[TG_KIND_COUNT];
	unsigned long wide[TG_KIND_COUNT];
	unsigned long wide_swapped;     /* homoglyph under a no-IDN TLD */
};

static int
collect_idn(const struct tg_variant *v, void *arg)
{
	struct idn_seen *s = arg;
	const char *t = strrchr(v->domain, '.');
	int wide = strncmp(v->domain, "xn--", 4) == 0 ||
	    strstr(v->domain, ".xn--") != NULL;

	s->n[v->kind]++;
	if (wide && !(v->flags & TG_VARIANT_TLD_SWAPPED))
		s->wide[v->kind]++;
	if (wide && (v->flags & TG_VARIANT_TLD_SWAPPED) &&
	    v->kind == TG_KIND_HOMOGLYPH && t != NULL &&
	    !tg__tld_takes_idn(t + 1, strlen(t + 1)))
		s->wide_swapped++;
	return 0;
}

static void
idn_run(const char *d, unsigned flags, struct idn_seen *s)
{
	struct tg_variants_opts o;
	struct tg_error err;

	memset(s, 0, sizeof(*s));
	memset(&o, 0, sizeof(o));
	o.flags = flags;
	o.kinds = (1u << TG_KIND_HOMOGLYPH) | (1u << TG_KIND_IDN_CONFUSABLE);
	assert_int_equal(tg_variants(the_index(), d, strlen(d), &o,
	    collect_idn, s, &err), TG_OK);
}

/* Under a TLD whose registry takes no IDNs, homoglyphs are ASCII only;
 * other-script confusables (dnstwist's cyrillic) are still made. */
static void
test_variants_no_idn_tld(void **state)
{
	struct idn_seen com, nl, uk, every;

	(void)state;
	idn_run("army.com", 0, &com);
	idn_run("army.nl", 0, &nl);
	idn_run("example.co.uk", 0, &uk);
	assert_true(com.wide[TG_KIND_HOMOGLYPH] > 1000);
	assert_int_equal(nl.wide[TG_KIND_HOMOGLYPH], 0);
	assert_int_equal(uk.wide[TG_KIND_HOMOGLYPH], 0);
	/* The ASCII ones are the same as under .com. */
	assert_int_equal(nl.n[TG_KIND_HOMOGLYPH],
	    com.n[TG_KIND_HOMOGLYPH] - com.wide[TG_KIND_HOMOGLYPH]);
	assert_true(nl.n[TG_KIND_IDN_CONFUSABLE] > 0);
	assert_int_equal(nl.n[TG_KIND_IDN_CONFUSABLE],
	    com.n[TG_KIND_IDN_CONFUSABLE]);
	/* --tld-every: the same under the name's own TLD, and no IDN
	 * homoglyph moved to a TLD without IDNs; others still moved. */
	idn_run("army.nl", TG_VARIANTS_TLD_EVERY, &every);
	assert_int_equal(every.wide[TG_KIND_HOMOGLYPH], 0);
	assert_int_equal(every.wide_swapped, 0);
	assert_true(every.n[TG_KIND_HOMOGLYPH] > nl.n[TG_KIND_HOMOGLYPH] +
	    com.wide[TG_KIND_HOMOGLYPH]);
	idn_run("army.com", TG_VARIANTS_TLD_EVERY, &every);
	assert_int_equal(every.wide_swapped, 0);
}

/* Every variant's two forms are what libidn2 makes of its U-label form
 * (the label path of variants.c does not call it). */
struct idn2_check {
	unsigned long n, bad;
};

static int
check_idn2(const struct tg_variant *v, void *arg)
{
	struct idn2_check *c = arg;
	struct tg_domain d;
	struct tg_error err;

	c->n++;
	if (tg__domain_parse_idn2(ctx, v->unicode, strlen(v->unicode), &d,
	    &err) != TG_OK || strcmp(d.alabel, v->domain) != 0 ||
	    strcmp(d.ulabel, v->unicode) != 0) {
		if (c->bad++ < 5)
			print_error("not libidn2's: %s (%s)\n", v->domain,
			    v->unicode);
	}
	return 0;
}

static void
test_variants_match_libidn2(void **state)
{
	static const char *const doms[] = {
		"gmail.com", "b" UE "cher.de", "mail.paypal.com",
		"xn--mnchen-3ya.de", "a-b.com", "ab.army.mil",
	};
	struct tg_variants_opts o;
	struct idn2_check c;
	struct tg_error err;
	size_t i;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.flags = TG_VARIANTS_MARK_LEGIT;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(doms) / sizeof(*doms); i++)
		assert_int_equal(tg_variants(the_index(), doms[i],
		    strlen(doms[i]), &o, check_idn2, &c, &err), TG_OK);
	assert_true(c.n > 20000);
	assert_int_equal(c.bad, 0);
}

/* ------------------------------------------------------------------ */
/* The shortcuts against the long way                                   */

/* Every field of every variant, one line each, and for some of them what
 * tg_check() says of the name. */
struct trace {
	tg_index *only;
	char *buf;
	size_t len, cap;
	unsigned long n;
};

static void
trace_put(struct trace *t, const char *line)
{
	size_t k = strlen(line);

	if (t->len + k + 1 > t->cap) {
		t->cap = (t->len + k + 1) * 2;
		t->buf = realloc(t->buf, t->cap);
		assert_non_null(t->buf);
	}
	memcpy(t->buf + t->len, line, k + 1);
	t->len += k;
}

static int
trace_variant(const struct tg_variant *v, void *arg)
{
	struct trace *t = arg;
	struct tg_check c;
	char line[2400];
	size_t i;

	snprintf(line, sizeof(line), "%s %s %d %u %d %.17g\n", v->domain,
	    v->unicode, (int)v->kind, v->flags, (int)v->exposure,
	    v->plausibility);
	trace_put(t, line);
	if (t->n++ % 29 == 0) {
		assert_int_equal(tg_check(t->only, v->domain, strlen(v->domain),
		    NULL, 0, &c), TG_OK);
		for (i = 0; i < c.ncandidates; i++) {
			snprintf(line, sizeof(line), " %s %x %.17g %.17g\n",
			    c.candidates[i].domain, c.candidates[i].kinds,
			    c.candidates[i].plausibility,
			    c.candidates[i].score);
			trace_put(t, line);
		}
	}
	return 0;
}

static void
trace_run(const char *d, unsigned flags, int shortcuts, struct trace *t)
{
	struct tg_variants_opts o;
	struct tg_error err;
	const char *one[1] = { d };

	memset(t, 0, sizeof(*t));
	memset(&o, 0, sizeof(o));
	o.flags = flags;
	t->only = build(one, 1, 0);
	tg__slip_shortcuts(shortcuts);
	assert_int_equal(tg_variants(the_index(), d, strlen(d), &o,
	    trace_variant, t, &err), TG_OK);
	tg__slip_shortcuts(1);
	tg_index_free(t->only);
}

/*
 * tg_variants() with its label path and the alignment's cheaper answers,
 * and tg_check() with the latter, give what parsing every name whole and
 * aligning every look-alike the long way gives, field for field.
 */
static void
test_shortcuts_same(void **state)
{
	static const struct {
		const char *d;
		unsigned flags;
	} doms[] = {
		{ "gmail.com", TG_VARIANTS_MARK_LEGIT },
		{ "gmail.com", TG_VARIANTS_TLD_EVERY },
		{ "b" UE "cher.de", TG_VARIANTS_MARK_LEGIT },
		{ "mail.paypal.com", 0 },
		{ "xn--mnchen-3ya.de", 0 },
		{ "army.nl", 0 },
		{ "example.co.uk", 0 },
		{ "balloon-bill.org", 0 },
		{ "paypal.com", TG_VARIANTS_MARK_LEGIT },
		/* Right-to-left: a Hebrew label. */
		{ "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d.co.il", 0 },
	};
	struct trace fast, slow;
	unsigned long total = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(doms) / sizeof(*doms); i++) {
		trace_run(doms[i].d, doms[i].flags, 1, &fast);
		trace_run(doms[i].d, doms[i].flags, 0, &slow);
		if (fast.n == 0 || fast.len != slow.len ||
		    memcmp(fast.buf, slow.buf, fast.len) != 0)
			fail_msg("%s: %lu variants with the shortcuts, %lu "
			    "without, or not the same", doms[i].d, fast.n,
			    slow.n);
		total += fast.n;
		free(fast.buf);
		free(slow.buf);
	}
	assert_true(total > 30000);
}

/* The homoglyph rounds as first written, for test_homoglyph_rounds():
 * every window of two, both loops, and a plain set of the results in
 * order of insertion. */
#define REF_W (TG_LABEL_MAX + 8)

struct refset {
	uint32_t (*s)[REF_W + 1];      /* [0] is the length */
	size_t n, cap;
	size_t *slot;
	size_t nslot;
};

static uint64_t
ref_hash(const uint32_t *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static void
ref_add(struct refset *r, const uint32_t *s, size_t n)
{
	size_t at, i;

	assert_true(n <= REF_W);
	if ((r->n + 1) * 2 > r->nslot) {
		size_t *old = r->slot, on = r->nslot;

		r->nslot = r->nslot ? r->nslot * 2 : 1024;
		r->slot = calloc(r->nslot, sizeof(*r->slot));
		assert_non_null(r->slot);
		for (i = 0; i < on; i++) {
			if (old[i] == 0)
				continue;
			at = ref_hash(r->s[old[i] - 1] + 1, r->s[old[i] - 1][0]) &
			    (r->nslot - 1);
			while (r->slot[at] != 0)
				at = (at + 1) & (r->nslot - 1);
			r->slot[at] = old[i];
		}
		free(old);
	}
	for (at = ref_hash(s, n) & (r->nslot - 1); r->slot[at] != 0;
	    at = (at + 1) & (r->nslot - 1)) {
		const uint32_t *t = r->s[r->slot[at] - 1];

		if (t[0] == n && memcmp(t + 1, s, n * sizeof(*s)) == 0)
			return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->s = realloc(r->s, r->cap * sizeof(*r->s));
		assert_non_null(r->s);
	}
	r->s[r->n][0] = (uint32_t)n;
	memcpy(r->s[r->n] + 1, s, n * sizeof(*s));
	r->slot[at] = ++r->n;
}

static void
ref_mix(const uint32_t *s, size_t n, unsigned tables, struct refset *out)
{
	uint32_t tmp[REF_W * 2];
	const struct tg__glyph_sub *sub;
	size_t i, k, c, ns, w, m;

	for (i = 0; i < n; i++) {
		ns = tg__glyph_subs(s + i, n - i, tables, &sub);
		for (k = 0; k < ns; k++) {
			memcpy(tmp, s, i * sizeof(*tmp));
			m = i;
			tmp[m++] = sub[k].to[0];
			if (sub[k].to_len == 2)
				tmp[m++] = sub[k].to[1];
			memcpy(tmp + m, s + i + sub[k].from_len,
			    (n - i - sub[k].from_len) * sizeof(*tmp));
			ref_add(out, tmp, m + n - i - sub[k].from_len);
		}
	}
	for (i = 0; i + 1 < n; i++)
		for (c = 0; c < 2; c++) {
			uint32_t ch = s[i + c];

			if (c == 1 && s[i] == ch)
				continue;
			ns = tg__glyph_subs(&ch, 1, tables, &sub);
			for (k = 0; k < ns; k++) {
				if (sub[k].from_len != 1)
					continue;
				memcpy(tmp, s, i * sizeof(*tmp));
				m = i;
				for (w = 0; w < 2; w++) {
					if (s[i + w] != ch) {
						tmp[m++] = s[i + w];
						continue;
					}
					tmp[m++] = sub[k].to[0];
					if (sub[k].to_len == 2)
						tmp[m++] = sub[k].to[1];
				}
				memcpy(tmp + m, s + i + 2,
				    (n - i - 2) * sizeof(*tmp));
				ref_add(out, tmp, m + n - i - 2);
			}
		}
}

/* The index + 1 of s[0..n) in r, or 0. */
static size_t
ref_find(const struct refset *r, const uint32_t *s, size_t n)
{
	size_t at;

	if (r->nslot == 0)
		return 0;
	for (at = ref_hash(s, n) & (r->nslot - 1); r->slot[at] != 0;
	    at = (at + 1) & (r->nslot - 1)) {
		const uint32_t *t = r->s[r->slot[at] - 1];

		if (t[0] == n && memcmp(t + 1, s, n * sizeof(*s)) == 0)
			return r->slot[at];
	}
	return 0;
}

struct gen_seen {
	const struct refset *want;
	unsigned char *hit;             /* per name of want */
	size_t n, bad;
};

static int
gen_label(const uint32_t *lab, size_t n, int kind, void *arg)
{
	struct gen_seen *g = arg;
	size_t k;

	assert_int_equal(kind, TG_KIND_HOMOGLYPH);
	/* Only names of the rounds, in any order; one made by two paths
	 * may come twice (tg_variants() prints it once). */
	k = ref_find(g->want, lab, n);
	if (k == 0)
		g->bad++;
	else if (g->hit[k - 1]++ == 0)
		g->n++;
	return 0;
}

static int
gen_whole(const uint32_t *cp, size_t n, int kind, void *arg)
{
	(void)cp;
	(void)n;
	(void)kind;
	(void)arg;
	fail_msg("a homoglyph went to fn, not label_fn");
	return 0;
}

/*
 * The homoglyph generator (its first round kept as a set of strings,
 * windows of two different letters left to the first loop, the second
 * round leaving out what it would make again) makes the names of the
 * rounds as first written: every one of them, and no other.
 */
static void
test_homoglyph_rounds(void **state)
{
	static const char *const doms[] = {
		"gmail.com", "b" UE "cher.de", "balloon-bill.org",
		"intlbank.com", "mmmwwwlll.net", "a1l0o.com",
	};
	struct tg__namebuf pb;
	struct tg_domain d;
	struct tg_error err;
	struct tg__gen g;
	struct gen_seen seen;
	size_t i, k, t;

	(void)state;
	for (t = 0; t < 2; t++)
		for (i = 0; i < sizeof(doms) / sizeof(*doms); i++) {
			const unsigned tables = t ? TG__GLYPH_ASCII :
			    TG__GLYPH_ASCII | TG__GLYPH_LATIN;
			struct refset one = { 0 }, two = { 0 };
			const struct tg__name *p = &pb.nm;

			assert_int_equal(tg_domain_parse(ctx, doms[i],
			    strlen(doms[i]), &d, &err), TG_OK);
			assert_int_equal(tg__name_from_domain(tg__ctx_sfx(ctx),
			    &d, &pb), TG_OK);
			ref_mix(p->cp + p->reg, p->base - p->reg, tables, &one);
			for (k = 0; k < one.n; k++) {
				ref_add(&two, one.s[k] + 1, one.s[k][0]);
				ref_mix(one.s[k] + 1, one.s[k][0], tables, &two);
			}
			memset(&g, 0, sizeof(g));
			g.sfx = tg__ctx_sfx(ctx);
			g.layouts = (1u << TG_LAYOUT_COUNT) - 1;
			g.ascii_only = (int)t;
			g.label_fn = gen_label;
			memset(&seen, 0, sizeof(seen));
			seen.want = &two;
			seen.hit = calloc(two.n + 1, 1);
			assert_non_null(seen.hit);
			assert_int_equal(tg__generate(&g, p, TG_KIND_HOMOGLYPH,
			    gen_whole, &seen), TG_OK);
			if (seen.n != two.n || seen.bad != 0)
				fail_msg("%s: %zu of the %zu names as first "
				    "written, %zu others", doms[i], seen.n, two.n,
				    seen.bad);
			if (two.n < 20)
				fail_msg("%s: only %zu names", doms[i], two.n);
			free(seen.hit);
			free(one.s);
			free(one.slot);
			free(two.s);
			free(two.slot);
		}
}

/* Many threads, one index: the same answers as one thread. */
static const char *const thread_inputs[] = {
	"bob@army.ml", "a@gov.il", "me@gmial.com", "a@army.mil", "a@mail.com",
	"x@hq.navy.ml", "grnail.com", "gm" CYR_A "il.com", "a@example.org",
};
#define NTHREAD_IN (sizeof(thread_inputs) / sizeof(*thread_inputs))

static struct tg_check serial[NTHREAD_IN];

static void *
thread_main(void *arg)
{
	struct tg_check c;
	size_t i, round;
	long bad = 0;

	(void)arg;
	for (round = 0; round < 200; round++)
		for (i = 0; i < NTHREAD_IN; i++) {
			tg_check(ix, thread_inputs[i], strlen(thread_inputs[i]),
			    NULL, 0, &c);
			if (c.verdict != serial[i].verdict ||
			    c.ncandidates != serial[i].ncandidates ||
			    strcmp(c.suggestion, serial[i].suggestion) != 0)
				bad++;
		}
	return (void *)bad;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	void *ret;
	size_t i;

	(void)state;
	the_index();
	for (i = 0; i < NTHREAD_IN; i++)
		tg_check(ix, thread_inputs[i], strlen(thread_inputs[i]), NULL, 0,
		    &serial[i]);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_main, NULL),
		    0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_int_equal((long)ret, 0);
	}
}

/* Out of memory anywhere while building: a clean error, no leak. */
static void
test_build_oom(void **state)
{
	struct tg_error err;
	tg_index *x;
	long n;
	int rc = TG_ENOMEM, i;

	(void)state;
	for (n = 0; rc == TG_ENOMEM && n < 5000; n++) {
		x = NULL;
		tg__alloc_fail_after(n);
		rc = tg_index_new(&x, ctx, NULL, &err);
		for (i = 0; rc == TG_OK && i < 3; i++)
			rc = tg_index_add(x, TG_LIST_PROTECTED,
			    protected_set[i], strlen(protected_set[i]), &err);
		if (rc == TG_OK)
			rc = tg_index_seal(x, &err);
		tg__alloc_fail_after(-1);
		if (rc != TG_OK)
			assert_int_equal(rc, TG_ENOMEM);
		tg_index_free(x);
	}
	assert_int_equal(rc, TG_OK);
}

/* Misuse: unsealed index, NULLs, bad options. */
static void
test_misuse(void **state)
{
	struct tg_index_opts o;
	struct tg_error err;
	struct tg_check c;
	tg_index *x;

	(void)state;
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	assert_int_equal(tg_check(x, "a@b.com", 7, NULL, 0, &c), TG_ESTATE);
	assert_int_equal(c.verdict, TG_VERDICT_INVALID);
	assert_int_equal(tg_variants(x, "b.com", 5, NULL, find_marked, NULL,
	    &err), TG_ESTATE);
	tg_index_free(x);
	memset(&o, 0, sizeof(o));
	o.threshold = 1.5;
	assert_int_equal(tg_index_new(&x, ctx, &o, &err), TG_EINVAL);
	o.threshold = 0;
	o.layout_weight[TG_LAYOUT_AZERTY] = -1;
	assert_int_equal(tg_index_new(&x, ctx, &o, &err), TG_EINVAL);
	assert_int_equal(tg_index_new(NULL, ctx, NULL, &err), TG_EINVAL);
	assert_null(tg_index_free(NULL));
	assert_int_equal(tg_check(NULL, "a", 1, NULL, 0, &c), TG_EINVAL);
}

/* A higher threshold keeps only the likeliest slips. */
static void
test_threshold(void **state)
{
	struct tg_index_opts o;
	struct tg_error err;
	struct tg_check c;
	tg_index *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.threshold = 0.6;
	assert_int_equal(tg_index_new(&x, ctx, &o, &err), TG_OK);
	assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED, "gmail.com", 9,
	    &err), TG_OK);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	assert_int_equal(tg_check(x, "gmial.com", 9, NULL, 0, &c), TG_OK);
	assert_int_equal(c.verdict, TG_VERDICT_TYPO);
	assert_int_equal(tg_check(x, "gmaml.com", 9, NULL, 0, &c), TG_OK);
	assert_int_equal(c.verdict, TG_VERDICT_CLEAN);   /* bitsquatting */
	assert_true(c.ncandidates == 1);
	tg_index_free(x);
}

/*
 * The key table never loses a key: with thousands of names some buckets
 * overflow, and every name is still found from each of its omissions
 * (each one a key of that name alone).
 */
#define MANY_NAMES 6000

static void
test_key_table(void **state)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
	static char names[MANY_NAMES][24];
	static struct tg_check c;
	struct tg_error err;
	uint64_t r = 0x9e3779b97f4a7c15ull;
	char typo[32];
	size_t i, k, j, len, found;
	tg_index *x;

	(void)state;
	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	for (i = 0; i < MANY_NAMES; i++) {
		r = r * 6364136223846793005ull + 1442695040888963407ull;
		len = 8 + (size_t)(r >> 60) % 8;
		for (k = 0; k < len; k++)
			names[i][k] = letters[((r >> (k * 3)) ^ (i + k)) % 26];
		memcpy(names[i] + len, ".com", 5);
		assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED, names[i],
		    strlen(names[i]), &err), TG_OK);
	}
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	assert_true(tg__index_overflow(x) > 0);
	for (i = 0; i < MANY_NAMES; i++) {
		len = strlen(names[i]) - 4;
		for (k = 0; k < len; k++) {
			memcpy(typo, names[i], k);
			memcpy(typo + k, names[i] + k + 1, len + 4 - k);
			assert_int_equal(tg_check(x, typo, strlen(typo), NULL,
			    0, &c), TG_OK);
			if (c.verdict == TG_VERDICT_PROTECTED)
				continue;       /* another name of the set */
			for (j = 0, found = 0; j < c.ncandidates; j++)
				found |= strcmp(c.candidates[j].entry,
				    names[i]) == 0;
			if (!found)
				fail_msg("%s: %s not found", typo, names[i]);
		}
	}
	tg_index_free(x);
}

/* ------------------------------------------------------------------ */
/* Classifying a variant: the quick way against the full one            */

struct cv_state {
	const struct tg__sfx *sfx;
	const struct tg__weights *w;
	struct tg__namebuf p;
	unsigned long n;
	unsigned long glyph;    /* pairs found look-alikes */
};

static int
cv_variant(const struct tg_variant *v, void *arg)
{
	struct cv_state *s = arg;
	const unsigned layouts = (1u << TG_LAYOUT_COUNT) - 1;
	const unsigned glyph = BIT(HOMOGLYPH) | BIT(IDN_CONFUSABLE);
	static struct tg__namebuf q;
	struct tg_domain d;
	struct tg_error err;
	unsigned every, fast, slow, full, bit;
	double pe, pf, ps, pfull;
	int k;

	if (tg_domain_parse(ctx, v->domain, strlen(v->domain), &d, &err) !=
	    TG_OK || tg__name_from_domain(s->sfx, &d, &q) != TG_OK)
		fail_msg("%s: does not parse", v->domain);
	s->n++;
	every = tg__classify(s->sfx, &s->p.nm, &q.nm, s->w, layouts,
	    (1u << TG_KIND_COUNT) - 1, &pe);
	s->glyph += (every & glyph) != 0;
	for (k = 0; k < TG_KIND_COUNT; k++) {
		bit = 1u << k;
		fast = tg__classify_variant(&s->p.nm, &q.nm, s->w, layouts,
		    bit, &pf);
		tg__slip_shortcuts(0);
		slow = tg__classify_variant(&s->p.nm, &q.nm, s->w, layouts,
		    bit, &ps);
		tg__slip_shortcuts(1);
		full = tg__classify(s->sfx, &s->p.nm, &q.nm, s->w, layouts,
		    bit, &pfull);
		if (fast != slow || pf != ps || fast != full || pf != pfull ||
		    fast != (every & bit) || (every == bit && pf != pe))
			fail_msg("%s as %s: kinds %x %x %x (all %x), "
			    "plausibility %.17g %.17g %.17g (all %.17g)",
			    v->unicode, tg_kind_name(k), fast, slow, full,
			    every, pf, ps, pfull, pe);
	}
	return 0;
}

/*
 * tg__classify_variant() for one kind, as tg_variants() asks it, gives
 * what the long way gives (no shortcuts, and tg__classify()), and what
 * classifying for every kind at once gives for that kind, over every
 * variant of names ASCII and not.
 */
static void
test_classify_variant_same(void **state)
{
	static const char *const doms[] = {
		"gmail.com", "internationalbank.com", "b" UE "cher.de",
		"mail.example.co.uk", "army.mil", "xn--e1afmkfd.xn--p1ai",
		"m" UE "ller-b" A_ACUTE "ck.at", "dobbs.com",
	};
	static struct cv_state s;
	struct tg_domain d;
	struct tg_error err;
	unsigned long n = 0, glyph = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(doms) / sizeof(*doms); i++) {
		memset(&s, 0, sizeof(s));
		s.sfx = tg__ctx_sfx(ctx);
		s.w = tg__index_weights(the_index());
		assert_int_equal(tg_domain_parse(ctx, doms[i], strlen(doms[i]),
		    &d, &err), TG_OK);
		assert_int_equal(tg__name_from_domain(s.sfx, &d, &s.p), TG_OK);
		assert_int_equal(tg_variants(the_index(), doms[i],
		    strlen(doms[i]), NULL, cv_variant, &s, &err), TG_OK);
		n += s.n;
		glyph += s.glyph;
	}
	assert_true(n > 20000);
	assert_true(glyph > 10000);
}

#define NROWS (sizeof(rows) / sizeof(rows[0]))

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_only_army_nl),
		cmocka_unit_test(test_self_forward),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_list_entries),
		cmocka_unit_test(test_list_file),
		cmocka_unit_test(test_consistency_gmail),
		cmocka_unit_test(test_consistency_army),
		cmocka_unit_test(test_consistency_subdomain),
		cmocka_unit_test(test_consistency_idn),
		cmocka_unit_test(test_consistency_lookalikes),
		cmocka_unit_test(test_homoglyph_chains),
		cmocka_unit_test(test_homoglyph_near_misses),
		cmocka_unit_test(test_variants_properties),
		cmocka_unit_test(test_variants_mark_and_stop),
		cmocka_unit_test(test_variants_rule),
		cmocka_unit_test(test_habit_tlds_follow_data),
		cmocka_unit_test(test_idn_none_follows_data),
		cmocka_unit_test(test_variants_no_idn_tld),
		cmocka_unit_test(test_variants_match_libidn2),
		cmocka_unit_test(test_shortcuts_same),
		cmocka_unit_test(test_homoglyph_rounds),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_build_oom),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_classify_variant_same),
	};
	int rc;

	rc = ut_run("typo", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 1);
	ix = tg_index_free(ix);
	return rc;
}
