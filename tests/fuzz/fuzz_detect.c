/*
 * fuzz_detect.c - the classifier on arbitrary text and messages.
 *
 * The first byte chooses the path: bit 0 set, the rest is a whole message
 * (tg_scan_message()), else plain text (tg_scan_text()); bit 1 set, the
 * classifier with small limits (a few findings, little decoded text).
 * Checked:
 *   - the call succeeds (no input is an error, only memory could be);
 *   - severity 0-4, a rule named, counts per category at least the
 *     findings kept, at most max_findings kept, MORE_FINDINGS exactly when
 *     some were not;
 *   - every finding: a detector of the table with its category, a level
 *     1-4 not above the severity, for text an offset inside it (part 1);
 *   - evidence is short, valid UTF-8 without control characters, and
 *     never holds five digits in a row outside markings, contract numbers
 *     and row counts (the value itself is never shown);
 *   - a truncated scan is at least high.
 */
#include <string.h>

#include "invariants.h"
#include "text_int.h"

static tg_classifier *full, *small;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tg_scan_limits lim = { 0 };

	(void)argc;
	(void)argv;
	FZ_CHECK(tg_classifier_new(&full, NULL, NULL) == TG_OK);
	lim.max_decoded = 4096;
	lim.max_findings = 3;
	lim.max_parts = 20;
	lim.max_depth = 4;
	FZ_CHECK(tg_classifier_new(&small, &lim, NULL) == TG_OK);
	return 0;
}

static int
detector_known(const struct tg_finding *f)
{
	for (size_t i = 0; i < tg_detector_count(); i++) {
		const struct tg_detector_info *d = tg_detector_get(i);

		if (strcmp(d->id, f->detector) == 0)
			return d->category == f->category;
	}
	return 0;
}

static void
check_evidence(const struct tg_finding *f)
{
	size_t n = strlen(f->evidence), bad, run = 0;

	FZ_CHECK(n <= TG_EVIDENCE_MAX);
	FZ_CHECK(tg__utf8_check(f->evidence, n, &bad) == 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f->evidence[i];

		FZ_CHECK(c >= 0x80 || !tg__is_ctl(c));
		run = tg__is_digit(c) ? run + 1 : 0;
		if (f->category != TG_CATEGORY_MARKINGS &&
		    strcmp(f->detector, "contract-number") != 0 &&
		    strcmp(f->detector, "personnel-table") != 0)
			FZ_CHECK(run < 5);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const tg_classifier *c;
	const char *s = (const char *)data + 1;
	size_t n = size - 1, kept = 0;
	unsigned long total = 0;
	struct tg_scan *r = NULL;
	struct tg_error err;
	int rc;

	if (size < 1)
		return 0;
	c = (data[0] & 2) ? small : full;
	rc = (data[0] & 1) ? tg_scan_message(c, s, n, &r, &err) :
	    tg_scan_text(c, s, n, &r, &err);
	FZ_CHECK(rc == TG_OK && r != NULL);
	FZ_CHECK(r->severity <= TG_SEVERITY_CRITICAL);
	FZ_CHECK(r->rule != NULL && r->rule[0] != '\0');
	for (int k = 0; k < TG_CATEGORY_COUNT; k++)
		total += r->counts[k];
	FZ_CHECK(total >= r->nfindings);
	FZ_CHECK(r->nfindings <= tg_classifier_limits(c)->max_findings);
	FZ_CHECK(!!(r->flags & TG_SCAN_MORE_FINDINGS) ==
	    (total > r->nfindings));
	if (r->flags & TG_SCAN_TRUNCATED)
		FZ_CHECK(r->severity >= TG_SEVERITY_HIGH);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct tg_finding *f = &r->findings[i];

		FZ_CHECK(detector_known(f));
		FZ_CHECK(f->level >= TG_SEVERITY_LOW && f->level <= r->severity);
		if (!(data[0] & 1))
			FZ_CHECK(f->part == 1 && f->offset < n);
		check_evidence(f);
		kept++;
	}
	FZ_CHECK(kept == r->nfindings);
	tg_scan_free(r);
	return 0;
}
