/*
 * test_mime.c - the message walk (mime.c, html.c, mime_int.h).
 *
 * Rows walk the messages in tests/data/mime/ with the default limits and
 * check the flags and what text comes out of which kind of piece; the
 * fixed tests build messages in memory to hit each limit.  Every piece
 * of every walk is checked: valid UTF-8, parts in increasing order, the
 * sum within max_decoded, no call after the callback said stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

#include "alloc_int.h"
#include "html_int.h"
#include "mime_int.h"
#include "text_int.h"

#define MIME_DIR TG_TEST_DATADIR "/../tests/data/mime/"

/* ------------------------------------------------------------------ */
/* Collecting pieces                                                    */

struct piece {
	unsigned part, depth;
	enum tg__mime_kind kind;
	char ctype[64];
	char fname[128];
	int has_fname;
	char *text;
	size_t len;
};

struct got {
	struct piece p[64];
	size_t n;
	size_t total;
	int stop_at;	 /* return this many... */
	int stop_rc;	 /* ...with this value at piece stop_at (1-based) */
	int stopped;
	unsigned spin_ms; /* busy for this long in the first call */
	unsigned last_part;
};

static const char *
memfind(const char *hay, size_t n, const char *needle, size_t k)
{
	size_t i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static int
collect(void *arg, const struct tg__mime_text *t)
{
	struct got *g = arg;
	struct piece *p;
	size_t bad;

	assert_false(g->stopped);
	assert_non_null(t->content_type);
	assert_non_null(t->text);
	assert_true(t->len > 0);
	if (tg__utf8_check(t->text, t->len, &bad) != 0)
		fail_msg("piece %zu: bad UTF-8 at %zu", g->n, bad);
	if (g->n > 0)
		assert_true(t->part > g->last_part);
	g->last_part = t->part;
	if (t->filename != NULL)
		assert_int_equal(tg__utf8_check(t->filename, strlen(t->filename),
		    &bad), 0);
	g->total += t->len;
	if (g->spin_ms > 0 && g->n == 0) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		do
			clock_gettime(CLOCK_MONOTONIC, &b);
		while ((b.tv_sec - a.tv_sec) * 1000 +
		    (b.tv_nsec - a.tv_nsec) / 1000000 < (long)g->spin_ms);
	}
	if (g->n < 64) {
		p = &g->p[g->n];
		p->part = t->part;
		p->depth = t->depth;
		p->kind = t->kind;
		snprintf(p->ctype, sizeof(p->ctype), "%s", t->content_type);
		p->has_fname = t->filename != NULL;
		snprintf(p->fname, sizeof(p->fname), "%s",
		    t->filename ? t->filename : "");
		p->text = malloc(t->len + 1);
		assert_non_null(p->text);
		memcpy(p->text, t->text, t->len);
		p->text[t->len] = '\0';
		p->len = t->len;
	}
	g->n++;
	if (g->stop_at > 0 && (size_t)g->stop_at == g->n) {
		g->stopped = 1;
		return g->stop_rc;
	}
	return 0;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n && i < 64; i++)
		free(g->p[i].text);
	memset(g, 0, sizeof(*g));
}

/* The piece whose text contains needle (of the kind, unless -1). */
static const struct piece *
find(const struct got *g, int kind, const char *needle)
{
	size_t i;

	for (i = 0; i < g->n && i < 64; i++)
		if ((kind < 0 || (int)g->p[i].kind == kind) &&
		    memfind(g->p[i].text, g->p[i].len, needle,
		    strlen(needle)) != NULL)
			return &g->p[i];
	return NULL;
}

static char *
slurp(const char *name, size_t *len)
{
	char *buf = ut_slurp(MIME_DIR, name, len);

	assert_true(*len > 0);
	return buf;
}

static int
walk(const char *msg, size_t len, const struct tg__mime_limits *lim,
    struct got *g, unsigned *flags)
{
	struct tg_error err;
	size_t max = lim != NULL && lim->max_decoded ? lim->max_decoded :
	    (size_t)50 << 20;
	int rc;

	ut_dirty_error(&err);
	rc = tg__mime_walk(msg, len, lim, collect, g, flags, &err);
	assert_true(g->total <= max);
	if (rc >= 0)
		assert_int_equal(err.code, TG_OK);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows: files under the default limits                                 */

struct want {
	int kind;	   /* -1: any */
	const char *text;  /* in one piece of that kind */
	const char *fname; /* that piece's file name, when not NULL */
};

struct row {
	const char *name;
	const char *file;
	unsigned flags;
	struct want want[8];
	const char *absent[4]; /* in no piece */
};

#define H TG_MIME_HEADER
#define P TG_MIME_PLAIN
#define HT TG_MIME_HTML
#define C TG_MIME_CSV

static const struct row rows[] = {
	{ "plain_7bit", "plain.eml", 0,
	  { { H, "Subject: Itinerary for the visit\n", NULL },
	    { H, "From: Jane Roe\nTo: John Doe\n", NULL },
	    { P, "Hotel Example, room 412, key at the desk.", NULL } },
	  { "jane.roe@example.org", "Message-ID" } },
	{ "qp_latin1", "qp-latin1.eml", 0,
	  { { P, "R\xc3\xa9union \xc3\xa0 10h: le caf\xc3\xa9 est pr\xc3\xaat", NULL },
	    { P, "here: xxxxxxxxxx", NULL } },
	  { "=E9", "=\n" } },
	{ "base64_utf8", "base64-utf8.eml", 0,
	  { { P, "Zugangsdaten f\xc3\xbcr das Portal: Kennwort \xc3\xa4ndern.",
	      NULL } }, { 0 } },
	{ "windows_1252", "cp1252.eml", 0,
	  { { P, "\xe2\x80\x9cQuoted\xe2\x80\x9d price: 30 \xe2\x82\xac", NULL } },
	  { 0 } },
	{ "koi8_r", "koi8r.eml", 0,
	  { { P, "\xd0\x9f\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c \xd0\xb4\xd0"
	      "\xbb\xd1\x8f \xd0\xb2\xd1\x85\xd0\xbe\xd0\xb4\xd0\xb0", NULL } },
	  { 0 } },
	{ "iso_2022_jp", "iso2022jp.eml", 0,
	  { { P, "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89",
	      NULL } }, { "\x1b" } },
	{ "utf16_in_a_part", "utf16.eml", 0,
	  { { P, "First part.", NULL },
	    { P, "Crew list: Ship Example, Bosun Ana Lopez", NULL } },
	  { "\xef\xbb\xbf" } },
	{ "uuencode", "uuencode.eml", 0,
	  { { P, "Inspection report, draft 2.\nDeficiencies: none.",
	      "report.txt" } }, { "begin 644" } },
	{ "rfc2047_words", "rfc2047.eml", 0,
	  { { H, "Subject: Reisekosten\xc3\xbc" "bersicht and Caf\xc3\xa9 plain\n",
	      NULL },
	    { H, "From: Jos\xc3\xa9 Mart\xc3\xadnez\n", NULL },
	    { H, "To: Logistics, \xc3\x85sa Berg, Bob\n", NULL },
	    { H, "Cc: \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2\n", NULL },
	    { H, "Comments: Vertraulich\n", NULL } },
	  { "=?", "petrov@" } },
	{ "rfc2231_filenames", "rfc2231.eml", 0,
	  { { P, "First file.", "Pr\xc3\xbc" "fbericht \xe2\x82\xac.txt" },
	    { P, "Second file.", "Ma\xc3\x9fnahmen.txt" } }, { 0 } },
	{ "nested_rfc822_three_deep", "nested3.eml", 0,
	  { { H, "Subject: Fwd: nested", NULL },
	    { P, "Top body.", NULL },
	    { H, "Subject: Level one subject\nFrom: Level One", NULL },
	    { H, "Subject: Level two subject", NULL },
	    { P, "Level two body.", NULL },
	    { H, "Subject: Level three subject", NULL },
	    { P, "Level three body: ammunition production update.", NULL } },
	  { 0 } },
	{ "html_reduced", "html.eml", 0,
	  { { P, "Plain alternative.", NULL },
	    { HT, "Dear team,", NULL },
	    { HT, "Caf\xc3\xa9 & bar <tag> AB \xe2\x82\xac" "5", NULL },
	    { HT, "Name\tRank\n", NULL },
	    { HT, "Ann Example\tCapt.", NULL },
	    { HT, "Line\n", NULL } },
	  { "Hidden title", "secret", "color", "document.write" } },
	{ "csv_attachments", "csv.eml", 0,
	  { { P, "Crew attached.", NULL },
	    { C, "name,rank,phone\nAnn Example,Capt.,555-0100", "crew.csv" },
	    { C, "1;Cara Example", "staff.csv" } }, { 0 } },
	{ "pdf_not_extracted", "pdf.eml", TG_MIME_NOT_EXTRACTED,
	  { { P, "Contract attached.", NULL } },
	  { "%PDF", "PGP SIGNATURE" } },
	{ "unknown_charset", "unknown-charset.eml", TG_MIME_UNREADABLE,
	  { { P, "Texte lisible: r\xc3\xa9sum\xc3\xa9", NULL } }, { 0 } },
	{ "bad_utf8_declared", "bad-utf8.eml", TG_MIME_UNREADABLE,
	  { { P, "before \xef\xbf\xbd\xef\xbf\xbd after", NULL } }, { 0 } },
	{ "unknown_transfer_encoding", "unknown-cte.eml", TG_MIME_UNREADABLE,
	  { { P, "raw text kept", NULL } }, { 0 } },
	{ "missing_final_boundary", "missing-final-boundary.eml",
	  TG_MIME_MALFORMED,
	  { { P, "First.", NULL }, { P, "Second, never closed.", NULL } },
	  { 0 } },
	{ "malformed_boundary", "bad-boundary.eml", TG_MIME_MALFORMED,
	  { { P, "Under a boundary nobody declared.", NULL } }, { 0 } },
	{ "multipart_without_boundary", "no-boundary.eml", TG_MIME_MALFORMED,
	  { { P, "Multipart without a boundary parameter.", NULL } }, { 0 } },
	{ "nul_bytes", "nul.eml", 0,
	  { { P, "before after\nnext  line", NULL } }, { 0 } },
	{ "no_header_block", "no-headers.eml", TG_MIME_MALFORMED,
	  { { P, "Just a body line without any header.\nSecond line.", NULL } },
	  { 0 } },
	{ "crlf_lines", "crlf.eml", 0,
	  { { P, "Line one.\nLine two.", NULL } }, { "\r" } },
};

static void
test_row(void **state)
{
	const struct row *r = *state;
	const struct piece *p;
	struct got g = { 0 };
	unsigned flags = 0xdead;
	size_t len, i;
	char *msg = slurp(r->file, &len);

	assert_int_equal(walk(msg, len, NULL, &g, &flags), TG_OK);
	assert_int_equal(flags, r->flags);
	for (i = 0; i < 8 && r->want[i].text != NULL; i++) {
		p = find(&g, r->want[i].kind, r->want[i].text);
		if (p == NULL)
			fail_msg("no piece of kind %d has \"%s\"",
			    r->want[i].kind, r->want[i].text);
		if (r->want[i].fname != NULL) {
			assert_true(p->has_fname);
			assert_string_equal(p->fname, r->want[i].fname);
		}
	}
	for (i = 0; i < 4 && r->absent[i] != NULL; i++)
		if (find(&g, -1, r->absent[i]) != NULL)
			fail_msg("\"%s\" should not come out", r->absent[i]);
	got_free(&g);
	free(msg);
}

/* ------------------------------------------------------------------ */
/* Messages built in memory                                             */

struct sb {
	char *p;
	size_t len, size;
};

static void
sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->size);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_printf(struct sb *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(tmp));
	sb_add(b, tmp, (size_t)n);
}

static const char head[] = "From: A <a@example.org>\nTo: B <b@example.org>\n"
    "Subject: built\nMIME-Version: 1.0\n";

/* n text parts "part N" in one multipart/mixed */
static struct sb
many_parts(unsigned n)
{
	struct sb b = { 0 };
	unsigned i;

	sb_printf(&b, "%sContent-Type: multipart/mixed; boundary=\"b\"\n\n",
	    head);
	for (i = 1; i <= n; i++)
		sb_printf(&b, "--b\nContent-Type: text/plain\n\npart %u\n", i);
	sb_printf(&b, "--b--\n");
	return b;
}

static void
test_limit_bytes(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	struct sb b = { 0 };
	unsigned flags, i;

	(void)state;
	sb_printf(&b, "%sContent-Type: text/plain\n\n", head);
	for (i = 0; i < 100; i++)
		sb_printf(&b, "line %03u of the body\n", i);
	lim.max_bytes = b.len / 2;
	assert_int_equal(walk(b.p, b.len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_BYTES);
	assert_non_null(find(&g, P, "line 000 of the body\n"));
	assert_null(find(&g, P, "line 099"));
	/* cut at a line end */
	assert_int_equal(g.p[1].text[g.p[1].len - 1], '\n');
	got_free(&g);
	free(b.p);
}

static void
test_limit_decoded(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	unsigned flags;
	size_t len;
	char *msg = slurp("plain.eml", &len);

	(void)state;
	lim.max_decoded = 80; /* the header piece is 61 bytes */
	assert_int_equal(walk(msg, len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_DECODED);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.total, 80);
	assert_string_equal(g.p[1].text, "Flight XY123 leaves");
	got_free(&g);
	free(msg);

	/* a cut inside a character keeps the text valid UTF-8 */
	msg = slurp("koi8r.eml", &len);
	lim.max_decoded = 43 + 3; /* header piece, then half a letter */
	assert_int_equal(walk(msg, len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_DECODED);
	assert_true(g.total <= 46);
	got_free(&g);
	free(msg);
}

static void
test_limit_parts(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	struct sb b = many_parts(10);
	unsigned flags;

	(void)state;
	lim.max_parts = 4; /* the multipart and three parts */
	assert_int_equal(walk(b.p, b.len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_PARTS);
	assert_non_null(find(&g, P, "part 3"));
	assert_null(find(&g, P, "part 4"));
	got_free(&g);
	free(b.p);

	/* far more parts than allowed: cut before GMime sees them */
	b = many_parts(50000);
	assert_int_equal(walk(b.p, b.len, NULL, &g, &flags), TG_OK);
	/* the cut leaves the multipart unclosed */
	assert_int_equal(flags & ~TG_MIME_MALFORMED, TG_MIME_TRUNC_PARTS);
	assert_non_null(find(&g, P, "part 1"));
	assert_int_equal(g.n, 1000);
	got_free(&g);
	free(b.p);
}

static void
test_limit_depth(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	unsigned flags;
	size_t len;
	char *msg = slurp("nested3.eml", &len);

	(void)state;
	lim.max_depth = 3;
	assert_int_equal(walk(msg, len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_DEPTH);
	assert_non_null(find(&g, P, "Top body."));
	assert_non_null(find(&g, H, "Level one subject"));
	assert_non_null(find(&g, H, "Level two subject"));
	assert_null(find(&g, -1, "Level two body."));
	assert_null(find(&g, -1, "Level three"));
	got_free(&g);
	free(msg);
}

/* Like a zip bomb: nesting far deeper than any limit, and quickly. */
static void
test_deep_nesting(void **state)
{
	struct got g = { 0 };
	struct sb b = { 0 };
	unsigned flags, i;

	(void)state;
	sb_printf(&b, "%sContent-Type: multipart/mixed; boundary=\"b0\"\n\n",
	    head);
	sb_printf(&b, "--b0\nContent-Type: text/plain\n\nouter text\n");
	for (i = 0; i < 20000; i++)
		sb_printf(&b, "--b%u\nContent-Type: multipart/mixed; "
		    "boundary=\"b%u\"\n\n", i, i + 1);
	sb_printf(&b, "--b%u\n\ninnermost\n", i);
	assert_int_equal(walk(b.p, b.len, NULL, &g, &flags), TG_OK);
	assert_true(flags & TG_MIME_TRUNC_DEPTH);
	assert_non_null(find(&g, P, "outer text"));
	assert_null(find(&g, -1, "innermost"));
	got_free(&g);
	free(b.p);

	/* message/rfc822 inside message/rfc822, with nothing else */
	b = (struct sb){ 0 };
	sb_printf(&b, "%s", head);
	for (i = 0; i < 20000; i++)
		sb_printf(&b, "Content-Type: message/rfc822\n\nSubject: s%u\n",
		    i);
	assert_int_equal(walk(b.p, b.len, NULL, &g, &flags), TG_OK);
	assert_true(flags & TG_MIME_TRUNC_DEPTH);
	assert_non_null(find(&g, H, "Subject: s0\n"));
	assert_null(find(&g, H, "Subject: s100\n"));
	got_free(&g);
	free(b.p);
}

static void
test_limit_header(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	struct sb b = { 0 };
	unsigned flags, i;

	(void)state;
	lim.max_header = 1024;
	sb_printf(&b, "Subject: kept\nContent-Type: text/plain\n");
	for (i = 0; i < 100; i++)
		sb_printf(&b, "X-Filler-%03u: %s\n", i, "0123456789abcdef");
	sb_printf(&b, "Comments: dropped with the rest of the block\n\n"
	    "the body comes through\n");
	assert_int_equal(walk(b.p, b.len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_HEADER);
	assert_non_null(find(&g, H, "Subject: kept"));
	assert_null(find(&g, -1, "dropped"));
	assert_non_null(find(&g, P, "the body comes through"));
	got_free(&g);
	free(b.p);

	/* one line longer than the whole block may be */
	b = (struct sb){ 0 };
	sb_printf(&b, "Subject: kept\n");
	sb_printf(&b, "Comments: ");
	for (i = 0; i < 2000; i++)
		sb_printf(&b, "long ");
	sb_printf(&b, "\n\nbody\n");
	assert_int_equal(walk(b.p, b.len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_HEADER);
	assert_non_null(find(&g, H, "Subject: kept"));
	assert_null(find(&g, -1, "long long"));
	assert_non_null(find(&g, P, "body"));
	got_free(&g);
	free(b.p);

	/* header lines in all blocks: cut before GMime sees too many */
	b = (struct sb){ 0 };
	lim.max_header = 16 << 20;
	sb_printf(&b, "Subject: many\n");
	for (i = 0; i < 60000; i++)
		sb_printf(&b, "X-%u: v\n", i);
	sb_printf(&b, "\nnever\n");
	assert_int_equal(walk(b.p, b.len, &lim, &g, &flags), TG_OK);
	assert_true(flags & TG_MIME_TRUNC_HEADER);
	assert_non_null(find(&g, H, "Subject: many"));
	got_free(&g);
	free(b.p);
}

static void
test_limit_time(void **state)
{
	struct tg__mime_limits lim = { 0 };
	struct got g = { 0 };
	unsigned flags;
	size_t len;
	char *msg = slurp("csv.eml", &len);

	(void)state;
	lim.max_ms = 2;
	g.spin_ms = 5; /* the first piece takes longer than the walk may */
	assert_int_equal(walk(msg, len, &lim, &g, &flags), TG_OK);
	assert_int_equal(flags, TG_MIME_TRUNC_TIME);
	assert_int_equal(g.n, 1);
	assert_non_null(find(&g, H, "Subject: crew"));
	got_free(&g);
	free(msg);
}

static void
test_long_lines(void **state)
{
	struct got g = { 0 };
	struct sb b = { 0 };
	unsigned flags, i;

	(void)state;
	sb_printf(&b, "%sContent-Type: text/plain\n\n", head);
	for (i = 0; i < 200000; i++)
		sb_add(&b, "abcde", 5);
	sb_printf(&b, " end of the long line\n");
	assert_int_equal(walk(b.p, b.len, NULL, &g, &flags), TG_OK);
	assert_int_equal(flags, 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.p[1].len, 1000000 + 22);
	assert_non_null(find(&g, P, "abcde end of the long line"));
	got_free(&g);
	free(b.p);
}

static void
test_callback_stops(void **state)
{
	struct got g = { 0 };
	unsigned flags;
	size_t len;
	char *msg = slurp("csv.eml", &len);

	(void)state;
	g.stop_at = 2;
	g.stop_rc = 7;
	assert_int_equal(walk(msg, len, NULL, &g, &flags), 7);
	assert_int_equal(g.n, 2);
	assert_int_equal(flags, 0);
	got_free(&g);
	free(msg);
}

static void
test_misuse(void **state)
{
	struct tg_error err;
	unsigned flags;

	(void)state;
	ut_dirty_error(&err);
	assert_int_equal(tg__mime_walk("x", 0, NULL, collect, NULL, &flags,
	    &err), TG_EEMPTY);
	ut_check_error(&err, TG_EEMPTY, NOOFF, "empty");
	ut_dirty_error(&err);
	assert_int_equal(tg__mime_walk("x", 1, NULL, NULL, NULL, &flags,
	    &err), TG_EINVAL);
	ut_check_error(&err, TG_EINVAL, NOOFF, "callback");
	assert_int_equal(tg__mime_walk(NULL, 5, NULL, collect, NULL, NULL,
	    NULL), TG_EINVAL);
}

/* The HTML reducer alone: entities, blocks, deep nesting, the buffer cap. */
#define S_(x) x, sizeof(x) - 1

static void
test_html(void **state)
{
	struct tg__textbuf out = { 0 };
	struct sb b = { 0 };
	unsigned why, i;
	static const char doc[] = "<p>a&lt;b&gt;&#233;&quot;</p><pre>x  y\n"
	    "z</pre><ul><li>one<li>two</ul><noscript>shown</noscript>"
	    "<style>hidden</style> tail";

	(void)state;
	out.max = 1000;
	why = tg__html_text(doc, sizeof(doc) - 1, &out, NULL, NULL);
	assert_int_equal(why, 0);
	assert_int_equal(out.len, strlen("a<b>\xc3\xa9\"\nx  y\nz\none\ntwo"
	    "\nshown tail"));
	assert_memory_equal(out.p, "a<b>\xc3\xa9\"\nx  y\nz\none\ntwo"
	    "\nshown tail", out.len);
	tg__textbuf_free(&out);

	for (i = 0; i < 10000; i++)
		sb_printf(&b, "<span>%u ", i);
	out.max = 1 << 20;
	why = tg__html_text(b.p, b.len, &out, NULL, NULL);
	assert_int_equal(why, 0);
	assert_non_null(memfind(out.p, out.len, "0 1 2", 5));
	assert_non_null(memfind(out.p, out.len, "9998 9999", 9));
	tg__textbuf_free(&out);
	free(b.p);

	/* A link's target is text too (a reset token behind a button);
	 * only web links. */
	out.max = 1000;
	out.full = 0;
	why = tg__html_text(S_("<p>Click <a href=\"https://id.example/r?t=Zx9&amp;u=1\">"
	    "Reset</a> or <a href=\"mailto:x@example.org\">mail</a></p>"),
	    &out, NULL, NULL);
	assert_int_equal(why, 0);
	assert_int_equal(out.len, strlen("Click https://id.example/r?t=Zx9&u=1 "
	    "Reset or mail"));
	assert_memory_equal(out.p, "Click https://id.example/r?t=Zx9&u=1 Reset "
	    "or mail", out.len);
	tg__textbuf_free(&out);

	out.max = 5;
	out.full = 0;
	why = tg__html_text("<b>\xc3\xa9\xc3\xa9\xc3\xa9</b>", 13, &out, NULL,
	    NULL);
	assert_int_equal(why, TG_HTML_CUT);
	assert_int_equal(out.len, 4);
	tg__textbuf_free(&out);
}

#define NROWS (sizeof(rows) / sizeof(rows[0]))

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_limit_bytes),
		cmocka_unit_test(test_limit_decoded),
		cmocka_unit_test(test_limit_parts),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_limit_header),
		cmocka_unit_test(test_limit_time),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_html),
	};

	/* The rows test the walk: with no PDF helper to be found, a PDF is
	 * an attachment without an extractor (test_pdf tests the helper). */
	setenv("TYPOGUARD_LIBEXECDIR", "/nonexistent", 1);
	return ut_run("mime", test_row, rows, NROWS, sizeof(rows[0]), fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
