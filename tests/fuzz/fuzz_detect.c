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
 *   - a truncated scan is at least high;
 *   - for text, the rows scanned around their seeds (card numbers,
 *     IBANs ...) give the same matches, in the same order, and the same
 *     findings as when scanned over the whole piece, in parts of the
 *     default size and of the least size.
 */
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"
#include "invariants.h"
#include "text_int.h"

static tg_classifier *full, *small;
static struct tg__det *det;
static struct tg__det_run *run;

/* What one scan of the detectors saw: every match handed to a validator
 * (row, start, end), then every finding (detector, offset, level). */
struct seen {
	size_t *v;
	size_t n, cap;
};

static void
seen_add(struct seen *s, size_t a, size_t b, size_t c)
{
	if (s->n + 3 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 192;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		FZ_CHECK(s->v != NULL);
	}
	s->v[s->n++] = a;
	s->v[s->n++] = b;
	s->v[s->n++] = c;
}

static void
on_trace(void *arg, size_t row, size_t from, size_t to)
{
	seen_add(arg, row, from, to);
}

static int
on_finding(void *arg, size_t d, const struct tg_finding *f)
{
	seen_add(arg, d + 1000, f->offset, (size_t)f->level);
	return 0;
}

static void
seen_scan(struct seen *s, int whole, size_t sub, const char *t, size_t n)
{
	s->n = 0;
	tg__det_run_test(run, whole, sub, on_trace, s);
	FZ_CHECK(tg__det_scan(run, 1, NULL, t, n, on_finding, s) == 0);
}

static void
check_seeded(const char *t, size_t n)
{
	static struct seen ref, way;

	seen_scan(&ref, 1, SIZE_MAX, t, n);
	for (size_t sub = 0; sub < 2; sub++) {
		seen_scan(&way, 0, sub, t, n);
		FZ_CHECK(way.n == ref.n);
		FZ_CHECK(ref.n == 0 ||
		    memcmp(way.v, ref.v, ref.n * sizeof(*ref.v)) == 0);
	}
}

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
	FZ_CHECK(tg__det_new(&det, NULL) == TG_OK);
	FZ_CHECK(tg__det_run_new(det, &run) == TG_OK);
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
	if (!(data[0] & 1) && n > 0)
		check_seeded(s, n);
	return 0;
}
