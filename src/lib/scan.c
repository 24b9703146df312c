/*
 * scan.c - the classifier: findings kept and counted, severity, the text
 * path of the public API.
 *
 * Severity rules (doc/typoguard-scan.7 says the same for users):
 *   1. the highest level of any finding (each detector row says what a
 *      finding weighs, with and without context words);
 *   2. two categories with a high finding: critical;
 *   3. a marking (high) and a finding of another category at medium or
 *      above: critical (a marked document that also holds data);
 *   4. ten findings or more at medium or above among credentials,
 *      identity, financial and medical: critical (a bulk leak);
 *   5. two different travel detectors (flight and hotel room, say): high
 *      (an itinerary);
 *   6. three findings or more of one detector at low: medium;
 *   7. a limit cut the walk short: high (what was not read may be worst);
 *   8. the message could not be read at all: high (an empty one has
 *      nothing to leak);
 * Rules 2-8 only ever raise the level; the result names the last rule
 * that did.  A part that could not be decoded (TG_SCAN_UNREADABLE) is
 * flagged but raises nothing: its raw bytes are scanned instead.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "detect_int.h"
#include "error_int.h"
#include "scan_int.h"

/* Defaults of struct tg_scan_limits (typoguard.h). */
#define DEF_BYTES (64u * 1024u * 1024u)
#define DEF_DECODED (64u * 1024u * 1024u)
#define DEF_PARTS 1000u
#define DEF_DEPTH 20u
#define DEF_HEADER (256u * 1024u)
#define DEF_MS 10000u
#define DEF_FINDINGS 100u

/* Ceilings on what a caller may ask for.  Hyperscan scans at most 4 GiB
 * at once; decoded text is kept far below that. */
#define MAX_DECODED (1024u * 1024u * 1024u)
#define MAX_FINDINGS 1000000u

static const char *const category_names[] = {
#define TG__NAME(sym, id) id,
	TG_CATEGORY_MAP(TG__NAME)
#undef TG__NAME
};

static const char *const severity_names[] = {
#define TG__NAME(sym, val, id) id,
	TG_SEVERITY_MAP(TG__NAME)
#undef TG__NAME
};

const char *
tg_category_name(int category)
{
	if (category < 0 || category >= TG_CATEGORY_COUNT)
		return NULL;
	return category_names[category];
}

const char *
tg_severity_name(int severity)
{
	if (severity < 0 || severity >= TG_SEVERITY_COUNT)
		return NULL;
	return severity_names[severity];
}

int
tg_severity_from_name(const char *name, size_t len)
{
	if (name == NULL)
		return -1;
	if (len == 1 && name[0] >= '0' && name[0] < '0' + TG_SEVERITY_COUNT)
		return name[0] - '0';
	for (int i = 0; i < TG_SEVERITY_COUNT; i++)
		if (strlen(severity_names[i]) == len &&
		    memcmp(severity_names[i], name, len) == 0)
			return i;
	return -1;
}

const char *
tg_scan_flag_name(unsigned flag)
{
	switch (flag) {
#define TG__NAME(sym, bit, id) case 1u << (bit): return id;
	TG_SCAN_FLAG_MAP(TG__NAME)
#undef TG__NAME
	}
	return NULL;
}

struct tg_classifier {
	struct tg__det *det;
	struct tg_scan_limits lim;
};

const struct tg_scan_limits *
tg_classifier_limits(const tg_classifier *c)
{
	return &c->lim;
}

int
tg_classifier_new(tg_classifier **out, const struct tg_scan_limits *lim,
    struct tg_error *err)
{
	struct tg_scan_limits l;
	tg_classifier *c;
	int rc;

	tg__error_clear(err);
	if (out == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no place for the classifier");
	*out = NULL;
	memset(&l, 0, sizeof(l));
	if (lim != NULL)
		l = *lim;
	if (l.max_decoded > MAX_DECODED || l.max_bytes > MAX_DECODED)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "size limits above %u bytes", MAX_DECODED);
	if (l.max_findings > MAX_FINDINGS)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "max_findings above %u", MAX_FINDINGS);
	l.max_bytes = l.max_bytes ? l.max_bytes : DEF_BYTES;
	l.max_decoded = l.max_decoded ? l.max_decoded : DEF_DECODED;
	l.max_parts = l.max_parts ? l.max_parts : DEF_PARTS;
	l.max_depth = l.max_depth ? l.max_depth : DEF_DEPTH;
	l.max_header = l.max_header ? l.max_header : DEF_HEADER;
	l.max_ms = l.max_ms ? l.max_ms : DEF_MS;
	l.max_findings = l.max_findings ? l.max_findings : DEF_FINDINGS;
	c = tg__calloc(1, sizeof(*c));
	if (c == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	c->lim = l;
	rc = tg__det_new(&c->det, err);
	if (rc != TG_OK) {
		tg__free(c);
		return rc;
	}
	*out = c;
	return TG_OK;
}

tg_classifier *
tg_classifier_free(tg_classifier *c)
{
	if (c != NULL) {
		tg__det_free(c->det);
		tg__free(c);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* One classification                                                   */

struct tg__scan {
	const tg_classifier *c;
	struct tg__det_run *run;
	struct tg_scan *r;
	size_t cap;                       /* of r->findings */
	size_t ndet;
	unsigned long *ndet_found;        /* findings per detector */
	unsigned long *ndet_low;          /* ... of them at low */
	unsigned long sensitive;          /* rule 4's count */
	int maxlev[TG_CATEGORY_COUNT];
};

int
tg__scan_start(const tg_classifier *c, struct tg__scan **out)
{
	struct tg__scan *s;
	int rc;

	*out = NULL;
	s = tg__calloc(1, sizeof(*s));
	if (s == NULL)
		return TG_ENOMEM;
	s->c = c;
	s->ndet = tg_detector_count();
	s->r = tg__calloc(1, sizeof(*s->r));
	s->ndet_found = tg__calloc(s->ndet, sizeof(unsigned long));
	s->ndet_low = tg__calloc(s->ndet, sizeof(unsigned long));
	if (s->r == NULL || s->ndet_found == NULL || s->ndet_low == NULL) {
		tg__scan_abort(s);
		return TG_ENOMEM;
	}
	rc = tg__det_run_new(c->det, &s->run);
	if (rc != TG_OK) {
		tg__scan_abort(s);
		return rc;
	}
	s->r->rule = "no findings";
	*out = s;
	return TG_OK;
}

void
tg__scan_abort(struct tg__scan *s)
{
	if (s == NULL)
		return;
	tg__det_run_free(s->run);
	tg_scan_free(s->r);
	tg__free(s->ndet_found);
	tg__free(s->ndet_low);
	tg__free(s);
}

static int
is_sensitive(enum tg_category c)
{
	return c == TG_CATEGORY_CREDENTIALS || c == TG_CATEGORY_IDENTITY ||
	    c == TG_CATEGORY_FINANCIAL || c == TG_CATEGORY_MEDICAL;
}

static int
on_finding(void *arg, size_t det, const struct tg_finding *f)
{
	struct tg__scan *s = arg;
	struct tg_scan *r = s->r;

	r->counts[f->category]++;
	if ((int)f->level > s->maxlev[f->category])
		s->maxlev[f->category] = (int)f->level;
	if (det < s->ndet) {
		s->ndet_found[det]++;
		s->ndet_low[det] += f->level == TG_SEVERITY_LOW;
	}
	if (f->level >= TG_SEVERITY_MEDIUM && is_sensitive(f->category))
		s->sensitive++;
	if (r->nfindings == s->c->lim.max_findings) {
		r->flags |= TG_SCAN_MORE_FINDINGS;
		return 0;
	}
	if (r->nfindings == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct tg_finding *v;

		if (cap > s->c->lim.max_findings)
			cap = s->c->lim.max_findings;
		v = tg__realloc(r->findings, cap * sizeof(*v));
		if (v == NULL)
			return TG_ENOMEM;
		r->findings = v;
		s->cap = cap;
	}
	r->findings[r->nfindings++] = *f;
	return 0;
}

int
tg__scan_piece(struct tg__scan *s, unsigned part, const char *content_type,
    const char *text, size_t len)
{
	s->r->pieces++;
	return tg__det_scan(s->run, part, content_type, text, len, on_finding,
	    s);
}

/* Raises *sev to at least v, naming the rule when it did. */
static void
raise_to(struct tg_scan *r, int v, const char *rule)
{
	if (v > (int)r->severity) {
		r->severity = (enum tg_severity)v;
		r->rule = rule;
	}
}

static void
rate(struct tg__scan *s)
{
	struct tg_scan *r = s->r;
	int high = 0, other = 0, travel = 0;

	for (int c = 0; c < TG_CATEGORY_COUNT; c++) {
		raise_to(r, s->maxlev[c], "highest finding");
		high += s->maxlev[c] >= TG_SEVERITY_HIGH;
		if (c != TG_CATEGORY_MARKINGS &&
		    s->maxlev[c] >= TG_SEVERITY_MEDIUM)
			other = 1;
	}
	if (high >= 2)
		raise_to(r, TG_SEVERITY_CRITICAL, "two categories at high");
	if (s->maxlev[TG_CATEGORY_MARKINGS] >= TG_SEVERITY_HIGH && other)
		raise_to(r, TG_SEVERITY_CRITICAL, "marked and sensitive");
	if (s->sensitive >= 10)
		raise_to(r, TG_SEVERITY_CRITICAL, "bulk");
	for (size_t d = 0; d < s->ndet; d++) {
		const struct tg_detector_info *info = tg_detector_get(d);

		if (info->category == TG_CATEGORY_TRAVEL && s->ndet_found[d])
			travel++;
		if (s->ndet_low[d] >= 3)
			raise_to(r, TG_SEVERITY_MEDIUM, "repeated low findings");
	}
	if (travel >= 2)
		raise_to(r, TG_SEVERITY_HIGH, "itinerary");
	if (r->flags & TG_SCAN_TRUNCATED)
		raise_to(r, TG_SEVERITY_HIGH, "truncated");
	/* An empty message has nothing to leak. */
	if (r->error.code != TG_OK && r->error.code != TG_EEMPTY)
		raise_to(r, TG_SEVERITY_HIGH, "unreadable message");
}

static int
by_place(const void *a, const void *b)
{
	const struct tg_finding *x = a, *y = b;

	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return strcmp(x->detector, y->detector);
}

struct tg_scan *
tg__scan_finish(struct tg__scan *s, unsigned flags,
    const struct tg_error *error)
{
	struct tg_scan *r = s->r;

	r->flags |= flags;
	if (error != NULL)
		r->error = *error;
	rate(s);
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings),
		    by_place);
	s->r = NULL;
	tg__scan_abort(s);
	return r;
}

struct tg_scan *
tg_scan_free(struct tg_scan *r)
{
	if (r != NULL) {
		tg__free(r->findings);
		tg__free(r);
	}
	return NULL;
}

int
tg_scan_text(const tg_classifier *c, const char *text, size_t len,
    struct tg_scan **out, struct tg_error *err)
{
	struct tg__scan *s;
	unsigned flags = 0;
	int rc;

	tg__error_clear(err);
	if (out == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no place for the result");
	*out = NULL;
	if (c == NULL || (text == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "no classifier or no text");
	if (len > c->lim.max_decoded) {
		len = c->lim.max_decoded;
		flags |= TG_SCAN_TRUNC_DECODED;
	}
	rc = tg__scan_start(c, &s);
	if (rc == TG_OK)
		rc = tg__scan_piece(s, 1, "text/plain", text, len);
	if (rc != TG_OK) {
		tg__scan_abort(s);
		return tg__error_set(err, rc, TG_NO_OFFSET, "%s",
		    rc == TG_ENOMEM ? "out of memory" :
		    "the pattern matcher failed");
	}
	*out = tg__scan_finish(s, flags, NULL);
	return TG_OK;
}
