/*
 * fuzz_check.c - tg_check() on arbitrary recipients, against a fixed
 * protected set (domains, TLD rules with strict=, IDN, allow and legit
 * entries).
 *
 * The first byte chooses whether the rest is split into a recipient and a
 * sender (at the first NUL).  Checked:
 *   - rc < 0 exactly when the verdict is invalid, and then the error
 *     agrees with rc;
 *   - candidates are ranked (score, then plausibility, then name), at most
 *     TG_CANDIDATES_MAX, distinct, each with kinds, a score in (0, 1] and
 *     a known exposure; the verdict is typo exactly when the best score
 *     reaches the threshold and nothing protects or allows the name;
 *   - every intended domain parses, is covered by a protected entry, and
 *     checking it gives "protected";
 *   - the suggestion is the best candidate's domain, or an address at it;
 *   - the answer does not depend on the sender but for the self-forward
 *     flag and the scores.
 */
#include <string.h>

#include "invariants.h"

static tg_index *ix;

static const char *const prot[] = {
	"army.mil", "army.nl", "gmail.com", ".mil strict=il", ".gov",
	"mail.example.com", "example.co.uk", ("b\xc3\xbc" "cher.de"),
	"web.de layout=qwertz", "proton.me kinds=omission,tld-typo",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tg_error err;
	size_t i;

	(void)argc;
	(void)argv;
	fz_init();
	FZ_CHECK(tg_index_new(&ix, fz_ctx(), NULL, &err) == TG_OK);
	for (i = 0; i < sizeof(prot) / sizeof(*prot); i++)
		FZ_CHECK(tg_index_add(ix, TG_LIST_PROTECTED, prot[i],
		    strlen(prot[i]), &err) == TG_OK);
	FZ_CHECK(tg_index_add(ix, TG_LIST_LEGIT, "mail.com", 8, &err) == TG_OK);
	FZ_CHECK(tg_index_add(ix, TG_LIST_ALLOW, "genuine.ml", 10, &err) ==
	    TG_OK);
	FZ_CHECK(tg_index_seal(ix, &err) == TG_OK);
	return 0;
}

static int
cmp(const struct tg_candidate *a, const struct tg_candidate *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->plausibility != b->plausibility)
		return a->plausibility > b->plausibility ? -1 : 1;
	return strcmp(a->domain, b->domain);
}

static void
check_result(int rc, const struct tg_check *c)
{
	size_t i, k;

	FZ_CHECK((rc < 0) == (c->verdict == TG_VERDICT_INVALID));
	if (rc < 0) {
		FZ_CHECK(c->error.code == rc);
		FZ_CHECK(c->ncandidates == 0);
		return;
	}
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(c->verdict < TG_VERDICT_COUNT);
	FZ_CHECK(c->ncandidates <= TG_CANDIDATES_MAX);
	if (c->verdict == TG_VERDICT_PROTECTED)
		FZ_CHECK(c->ncandidates == 0);
	if (c->verdict == TG_VERDICT_TYPO)
		FZ_CHECK(c->ncandidates > 0 &&
		    c->candidates[0].score >= TG_THRESHOLD_DEFAULT);
	if (c->verdict == TG_VERDICT_CLEAN && c->ncandidates > 0)
		FZ_CHECK(c->candidates[0].score < TG_THRESHOLD_DEFAULT);
	for (i = 0; i < c->ncandidates; i++) {
		const struct tg_candidate *a = &c->candidates[i];
		struct tg_domain d;
		struct tg_check again;

		FZ_CHECK(a->kinds != 0 && (a->kinds & ~TG_KINDS_ALL) == 0);
		FZ_CHECK(a->score > 0 && a->score <= 1);
		FZ_CHECK(a->plausibility > 0 && a->plausibility <= 1);
		FZ_CHECK(a->exposure < TG_EXPOSURE_COUNT);
		if (i > 0)
			FZ_CHECK(cmp(&c->candidates[i - 1], a) < 0);
		for (k = 0; k < i; k++)
			FZ_CHECK(strcmp(c->candidates[k].domain,
			    a->domain) != 0);
		FZ_CHECK(tg_domain_parse(fz_ctx(), a->domain,
		    strlen(a->domain), &d, NULL) == TG_OK);
		FZ_CHECK(tg_check(ix, a->domain, strlen(a->domain), NULL, 0,
		    &again) == TG_OK);
		FZ_CHECK(again.verdict == TG_VERDICT_PROTECTED);
	}
	if (c->ncandidates > 0) {
		const char *at = strrchr(c->suggestion, '@');
		const char *dom = at != NULL ? at + 1 : c->suggestion;

		FZ_CHECK((at != NULL) == ((c->flags & TG_CHECK_ADDRESS) != 0));
		FZ_CHECK(strcmp(dom, c->candidates[0].domain) == 0);
	} else {
		FZ_CHECK(c->suggestion[0] == '\0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tg_check a, b;
	const char *s = (const char *)data + 1, *sender = NULL;
	size_t len, slen = 0, i;
	int rc, rc2;

	if (size == 0 || size > 2048)
		return 0;
	len = size - 1;
	if (data[0] & 1) {
		const char *nul = memchr(s, '\0', len);

		if (nul != NULL) {
			sender = nul + 1;
			slen = len - (size_t)(nul - s) - 1;
			len = (size_t)(nul - s);
		}
	}
	rc = tg_check(ix, s, len, sender, slen, &a);
	check_result(rc, &a);
	rc2 = tg_check(ix, s, len, NULL, 0, &b);
	FZ_CHECK(rc == rc2);
	FZ_CHECK(a.ncandidates == b.ncandidates);
	for (i = 0; i < a.ncandidates && a.verdict == b.verdict; i++)
		FZ_CHECK(strcmp(a.candidates[i].domain,
		    b.candidates[i].domain) == 0 ||
		    (a.flags & TG_CHECK_SELF_FORWARD));
	if (!(a.flags & TG_CHECK_SELF_FORWARD))
		FZ_CHECK(a.verdict == b.verdict);
	return 0;
}
