/*
 * bench_scan.c - the content classifier end to end (parse, decode, scan),
 * against the same detector patterns as one PCRE2 alternation (JIT) run
 * over the same decoded text in the same program.
 *
 * Workload, from a fixed-seed generator (SplitMix64), held in memory:
 * MEGABYTES of mail (default 32) in messages of 2 KB to 2 MB (four in
 * five of 2 to 64 KB, one in five of 64 KB to 2 MB, sizes log-uniform):
 *   - plain text: one text/plain part, 8bit, quoted-printable or base64;
 *   - HTML: multipart/alternative, a short text/plain and a text/html
 *     part (markup, style block, tables, links), quoted-printable or
 *     base64;
 *   - CSV: multipart/mixed, a short note and a text/csv attachment
 *     (base64 or 8bit) of records with names, e-mail addresses, amounts,
 *     dates and ID numbers.
 * Business prose with the numbers mail is full of (amounts, dates, order
 * and ticket numbers, phone numbers, links).  One message in ten also
 * holds sensitive content: a card number, an IBAN, a social security
 * number with its words, a password line, a classification banner.
 *
 * What is timed, side by side in every repetition (the order rotates; the
 * median of the repetitions is reported):
 *   typoguard  tg_scan_message() on every message: MB/s of raw message
 *              and messages/s.
 *   baseline   the same walk (tg__mime_walk: GMime, transfer decoding,
 *              charset conversion, HTML reduction) with the detectors'
 *              patterns and the context word groups as one PCRE2
 *              alternation, JIT-compiled, run over every piece (all
 *              non-overlapping leftmost matches).
 *   walk       the walk alone, pieces handed to a callback that does
 *              nothing.
 *   detect     the detectors alone over the pieces the walk gave (kept
 *              in memory), and PCRE2 alone over the same pieces.
 * Also: building a classifier (tg_classifier_new; and its detectors
 * compiled, as when the serialized databases do not load), and peak memory
 * (ru_maxrss of a fresh process of this program) for one 20 MB message,
 * benign (text, HTML and CSV parts) and hostile (deep nesting, thousands
 * of tiny parts, broken base64, a run of header lines).
 *
 * Usage: bench_scan [-d | -p MODE] [MEGABYTES [REPETITIONS]]
 *   -d           print every finding and nothing else: of
 *                tg_scan_message() ("scan"), then of the detectors over
 *                the kept pieces ("detect"), one line each: message,
 *                part, offset, detector, level, evidence (to compare
 *                builds)
 *   -p MODE      only MODE (scan, walk, detect), REPETITIONS times,
 *                nothing else (to run under a profiler)
 *   MEGABYTES    size of the corpus (default 32)
 *   REPETITIONS  timed runs of each measurement (default 5)
 * Internal: bench_scan -m benign|hostile runs one 20 MB message and
 * exits (the peak memory child).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect_int.h"
#include "mime_int.h"
#include "scan_int.h"
#include "stats.h"
#include "typoguard.h"

#define DEFAULT_MB 32ul
#define DEFAULT_REPS 5ul
#define MAX_MB 4096ul
#define MAX_REPS 100ul
#define SEED 0x7363616e626e6368ull /* "scanbnch" */
#define EX_USAGE 64
#define EX_SOFTWARE 70
#define BIG_MESSAGE ((size_t)20 << 20)
#define BUILD_REPS 3

static const char usage[] =
    "bench_scan [-d | -p scan|walk|detect] [MEGABYTES [REPETITIONS]]";

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), NELEM(a))])

/* ------------------------------------------------------------------ */
/* A growing byte buffer.                                               */

struct buf {
	char *p;
	size_t n, cap;
};

static void
b_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap : 4096;
		while (b->n + n + 1 > b->cap)
			b->cap *= 2;
		b->p = bench_xrealloc(b->p, b->cap, "bench_scan");
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
b_str(struct buf *b, const char *s)
{
	b_put(b, s, strlen(s));
}

static void
b_chr(struct buf *b, char c)
{
	b_put(b, &c, 1);
}

static void
b_fmt(struct buf *b, const char *fmt, unsigned long a, unsigned long c)
{
	char tmp[256];
	int n = snprintf(tmp, sizeof(tmp), fmt, a, c);

	if (n > 0)
		b_put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n :
		    sizeof(tmp) - 1);
}

/* ------------------------------------------------------------------ */
/* Prose.                                                               */

static const char *const words[] = {
	"the", "the", "the", "of", "to", "and", "a", "in", "is", "it", "you",
	"that", "for", "on", "with", "as", "we", "be", "at", "this", "have",
	"from", "or", "by", "will", "our", "your", "please", "can", "if",
	"all", "would", "about", "there", "their", "which", "when", "meeting",
	"project", "report", "team", "review", "budget", "schedule", "update",
	"customer", "contract", "delivery", "invoice", "order", "shipment",
	"quarter", "forecast", "draft", "attached", "agenda", "minutes",
	"follow", "up", "next", "week", "Monday", "Friday", "morning",
	"afternoon", "call", "discuss", "proposal", "approval", "deadline",
	"office", "training", "session", "policy", "change", "request",
	"ticket", "server", "network", "access", "account", "support",
	"thanks", "regards", "best", "hello", "team", "colleagues", "new",
	"version", "document", "slides", "feedback", "comments", "question",
	"answer", "issue", "resolved", "pending", "status", "plan", "travel",
	"room", "booked", "conference", "vendor", "supplier", "price",
	"quote", "estimate", "total", "amount", "payment", "due", "received",
	"Q3", "IT", "HR", "FY2025", "EMEA", "APAC", "ASAP", "FYI", "CEO",
	"Berlin", "London", "Chicago", "Singapore", "Acme", "Globex",
	"Initech", "Umbrella", "Northwind", "Contoso", "Fabrikam",
	"r\xc3\xa9sum\xc3\xa9", "caf\xc3\xa9", "M\xc3\xbcller",
	"\xe2\x80\x9c" "final\xe2\x80\x9d", "co-operation", "e-mail",
};

static const char *const names[] = {
	"Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo",
	"Ines", "Jonas", "Kim", "Lena", "Marco", "Nina", "Omar", "Petra",
};

static const char *const surnames[] = {
	"Smith", "Meyer", "Jansen", "Rossi", "Garcia", "Novak", "Kowalski",
	"Dubois", "Larsen", "Okafor", "Tanaka", "Silva", "Brown", "Weber",
};

static const char *const hosts[] = {
	"example.com", "acme-corp.com", "globex.net", "mail.initech.org",
	"contoso.co.uk", "northwind.de", "fabrikam.nl",
};

/* A token with a number in it, of the kinds mail is full of. */
static void
numberish(struct rng *r, struct buf *b)
{
	switch (rng_below(r, 9)) {
	case 0:
		b_fmt(b, "$%lu,%03lu", 1 + rng_below(r, 99),
		    rng_below(r, 1000));
		break;
	case 1:
		b_fmt(b, "2025-%02lu-%02lu", 1 + rng_below(r, 12),
		    1 + rng_below(r, 28));
		break;
	case 2:
		b_fmt(b, "%lu:%02lu", 8 + rng_below(r, 10),
		    rng_below(r, 4) * 15);
		break;
	case 3:
		b_fmt(b, "#%lu%lu", 10 + rng_below(r, 90),
		    rng_below(r, 10000));
		break;
	case 4:
		b_fmt(b, "INC%06lu%lu", rng_below(r, 1000000),
		    rng_below(r, 10));
		break;
	case 5:
		b_fmt(b, "+1 555-%03lu-%04lu", rng_below(r, 1000),
		    rng_below(r, 10000));
		break;
	case 6:
		b_fmt(b, "%lu.%02lu%%", rng_below(r, 100), rng_below(r, 100));
		break;
	case 7:
		b_fmt(b, "PO-%lu-%lu", 2025 - rng_below(r, 3),
		    rng_below(r, 100000));
		break;
	default:
		b_str(b, "https://");
		b_str(b, PICK(r, hosts));
		b_fmt(b, "/doc/%lu?id=%lx", rng_below(r, 10000),
		    (unsigned long)rng_next(r));
		break;
	}
}

/* One sentence, ending in a line break now and then. */
static void
sentence(struct rng *r, struct buf *b)
{
	size_t n = 6 + rng_below(r, 16), i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			b_chr(b, ' ');
		if (rng_chance(r, 60))
			numberish(r, b);
		else
			b_str(b, PICK(r, words));
	}
	b_str(b, rng_chance(r, 300) ? ".\n" : ". ");
}

/* Luhn-valid 16-digit Visa number, grouped by four. */
static void
card(struct rng *r, struct buf *b)
{
	int d[16], sum = 0, i;

	d[0] = 4;
	for (i = 1; i < 15; i++)
		d[i] = (int)rng_below(r, 10);
	for (i = 14; i >= 0; i--) {
		int v = d[i];

		if ((14 - i) % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	d[15] = (10 - sum % 10) % 10;
	for (i = 0; i < 16; i++) {
		if (i > 0 && i % 4 == 0)
			b_chr(b, ' ');
		b_chr(b, (char)('0' + d[i]));
	}
}

/* One line of sensitive content. */
static void
secret(struct rng *r, struct buf *b)
{
	switch (rng_below(r, 5)) {
	case 0:
		b_str(b, "Please charge my Visa card ");
		card(r, b);
		b_str(b, " exp 09/27.\n");
		break;
	case 1:
		b_str(b, "Wire transfer to IBAN DE89 3704 0044 0532 0130 00 "
		    "at our bank.\n");
		break;
	case 2:
		b_fmt(b, "Employee social security number: 2%02lu-4%lu-",
		    10 + rng_below(r, 80), rng_below(r, 10));
		b_fmt(b, "%04lu%.0lu\n", 1000 + rng_below(r, 9000), 0);
		break;
	case 3:
		b_fmt(b, "Your temporary password is Tq%lux!%lu\n",
		    rng_below(r, 100000), rng_below(r, 100));
		break;
	default:
		b_str(b, "SECRET//NOFORN\n");
		break;
	}
}

/* Prose of about n bytes. */
static void
prose(struct rng *r, struct buf *b, size_t n, int sensitive)
{
	size_t end = b->n + n, at = sensitive ? b->n + rng_below(r, n) : 0;

	while (b->n < end) {
		if (sensitive && b->n >= at) {
			secret(r, b);
			sensitive = 0;
		}
		sentence(r, b);
		if (rng_chance(r, 80))
			b_str(b, "\n\n");
	}
	if (sensitive)
		secret(r, b);
}

static void
html(struct rng *r, struct buf *b, size_t n, int sensitive)
{
	struct buf t = { 0 };
	size_t end = b->n + n;

	b_str(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>Newsletter</title><style>\nbody{font-family:Arial,"
	    "sans-serif;color:#333}\n.btn{background:#0a66c2;padding:10px "
	    "20px;border-radius:4px}\ntd{padding:4px 8px}\n</style></head>\n"
	    "<body><div class=\"wrap\" style=\"max-width:640px;margin:0 "
	    "auto\">\n");
	while (b->n < end) {
		switch (rng_below(r, 4)) {
		case 0:
			b_str(b, "<table class=\"grid\" cellpadding=\"0\" "
			    "cellspacing=\"0\">\n");
			for (int i = 0; i < 4; i++) {
				b_str(b, "<tr>");
				for (int j = 0; j < 3; j++) {
					b_str(b, "<td style=\"border:1px "
					    "solid #ddd\">");
					if (j == 0)
						b_str(b, PICK(r, words));
					else
						numberish(r, b);
					b_str(b, "</td>");
				}
				b_str(b, "</tr>\n");
			}
			b_str(b, "</table>\n");
			break;
		case 1:
			b_str(b, "<p><a class=\"btn\" href=\"https://");
			b_str(b, PICK(r, hosts));
			b_fmt(b, "/track/%lx?u=%lu\">Read more</a></p>\n",
			    (unsigned long)rng_next(r), rng_below(r, 100000));
			break;
		default:
			t.n = 0;
			sentence(r, &t);
			sentence(r, &t);
			b_str(b, "<p style=\"margin:0 0 12px\">");
			b_put(b, t.p, t.n);
			b_str(b, " <b>");
			b_str(b, PICK(r, words));
			b_str(b, "</b> &amp; <span>");
			b_str(b, PICK(r, words));
			b_str(b, "</span>&nbsp;&mdash;</p>\n");
			break;
		}
		if (sensitive && rng_chance(r, 100)) {
			t.n = 0;
			secret(r, &t);
			b_str(b, "<p>");
			b_put(b, t.p, t.n);
			b_str(b, "</p>\n");
			sensitive = 0;
		}
	}
	if (sensitive) {
		t.n = 0;
		secret(r, &t);
		b_str(b, "<p>");
		b_put(b, t.p, t.n);
		b_str(b, "</p>\n");
	}
	b_str(b, "</div></body></html>\n");
	free(t.p);
}

static void
csv(struct rng *r, struct buf *b, size_t n, int sensitive)
{
	size_t end = b->n + n, row = 0;

	b_str(b, "id,name,email,department,amount,date,phone,customer_no\n");
	while (b->n < end) {
		const char *f = PICK(r, names), *l = PICK(r, surnames);

		b_fmt(b, "%lu,", ++row, 0);
		b_str(b, f);
		b_chr(b, ' ');
		b_str(b, l);
		b_chr(b, ',');
		b_str(b, f);
		b_chr(b, '.');
		b_str(b, l);
		b_chr(b, '@');
		b_str(b, PICK(r, hosts));
		b_chr(b, ',');
		b_str(b, PICK(r, words));
		b_fmt(b, ",%lu.%02lu,", rng_below(r, 100000),
		    rng_below(r, 100));
		b_fmt(b, "2025-%02lu-%02lu,", 1 + rng_below(r, 12),
		    1 + rng_below(r, 28));
		b_fmt(b, "555-%03lu-%04lu,", rng_below(r, 1000),
		    rng_below(r, 10000));
		b_fmt(b, "C%07lu\n", rng_below(r, 10000000), 0);
		if (sensitive && rng_chance(r, 5)) {
			b_str(b, "0,card on file,,,");
			card(r, b);
			b_str(b, ",,,\n");
			sensitive = 0;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Transfer encodings.                                                  */

static void
b64(struct buf *b, const char *s, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789+/";
	size_t i, col = 0;
	char q[4];

	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)s[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		q[0] = a[v >> 18];
		q[1] = a[(v >> 12) & 63];
		q[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? a[v & 63] : '=';
		b_put(b, q, 4);
		col += 4;
		if (col == 76) {
			b_chr(b, '\n');
			col = 0;
		}
	}
	if (col > 0)
		b_chr(b, '\n');
}

static void
qp(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[3];

		if (c == '\n') {
			b_chr(b, '\n');
			col = 0;
			continue;
		}
		if (col >= 72) {
			b_str(b, "=\n");
			col = 0;
		}
		if (c == '=' || c >= 127 || (c < 32 && c != '\t') ||
		    (c == ' ' && i + 1 < n && s[i + 1] == '\n')) {
			e[0] = '=';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			b_put(b, e, 3);
			col += 3;
		} else {
			b_chr(b, (char)c);
			col++;
		}
	}
	b_chr(b, '\n');
}

enum enc { E_8BIT, E_QP, E_B64 };

static const char *const enc_names[] = { "8bit", "quoted-printable",
	"base64" };

static void
encoded(struct buf *b, enum enc e, const struct buf *body)
{
	if (e == E_B64)
		b64(b, body->p, body->n);
	else if (e == E_QP)
		qp(b, body->p, body->n);
	else
		b_put(b, body->p, body->n);
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

enum mkind { M_TEXT, M_HTML, M_CSV };

static void
headers(struct rng *r, struct buf *b, unsigned long id)
{
	b_str(b, "Return-Path: <");
	b_str(b, PICK(r, names));
	b_chr(b, '@');
	b_str(b, PICK(r, hosts));
	b_str(b, ">\nReceived: from mx.example.net (mx.example.net "
	    "[192.0.2.25])\n\tby mail.example.com (Postfix) with ESMTPS id "
	    "4TQ1x2Y3z4\n\tfor <staff@example.com>; Mon, 3 Mar 2025 "
	    "09:14:07 +0100 (CET)\nFrom: \"");
	b_str(b, PICK(r, names));
	b_chr(b, ' ');
	b_str(b, PICK(r, surnames));
	b_str(b, "\" <sender@");
	b_str(b, PICK(r, hosts));
	b_str(b, ">\nTo: ");
	b_str(b, PICK(r, names));
	b_str(b, " <staff@example.com>, =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= "
	    "<jm@example.com>\nSubject: ");
	b_str(b, PICK(r, words));
	b_chr(b, ' ');
	b_str(b, PICK(r, words));
	b_fmt(b, " update %lu\nDate: Mon, 3 Mar 2025 09:14:05 +0100\n"
	    "Message-ID: <%lu@mail.example.com>\nMIME-Version: 1.0\n", id,
	    id);
}

static void
message(struct rng *r, struct buf *b, size_t size, unsigned long id,
    enum mkind kind, int sensitive)
{
	struct buf body = { 0 };
	enum enc e;

	headers(r, b, id);
	switch (kind) {
	case M_TEXT:
		e = (enum enc)rng_below(r, 3);
		prose(r, &body, size, sensitive);
		b_str(b, "Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding: ");
		b_str(b, enc_names[e]);
		b_str(b, "\n\n");
		encoded(b, e, &body);
		break;
	case M_HTML:
		e = rng_chance(r, 500) ? E_QP : E_B64;
		b_str(b, "Content-Type: multipart/alternative; "
		    "boundary=\"=_alt_boundary_0001\"\n\nThis is a MIME "
		    "message.\n\n--=_alt_boundary_0001\nContent-Type: "
		    "text/plain; charset=utf-8\nContent-Transfer-Encoding: "
		    "quoted-printable\n\n");
		prose(r, &body, size / 8, 0);
		encoded(b, E_QP, &body);
		b_str(b, "\n--=_alt_boundary_0001\nContent-Type: text/html; "
		    "charset=utf-8\nContent-Transfer-Encoding: ");
		b_str(b, enc_names[e]);
		b_str(b, "\n\n");
		body.n = 0;
		html(r, &body, size, sensitive);
		encoded(b, e, &body);
		b_str(b, "\n--=_alt_boundary_0001--\n");
		break;
	case M_CSV:
		e = rng_chance(r, 700) ? E_B64 : E_8BIT;
		b_str(b, "Content-Type: multipart/mixed; "
		    "boundary=\"=_mix_boundary_0002\"\n\n"
		    "--=_mix_boundary_0002\nContent-Type: text/plain; "
		    "charset=utf-8\n\n");
		prose(r, b, 400, 0);
		b_str(b, "\n--=_mix_boundary_0002\nContent-Type: text/csv; "
		    "charset=utf-8; name=\"export.csv\"\n"
		    "Content-Disposition: attachment; filename=\"export.csv\"\n"
		    "Content-Transfer-Encoding: ");
		b_str(b, enc_names[e]);
		b_str(b, "\n\n");
		csv(r, &body, size, sensitive);
		encoded(b, e, &body);
		b_str(b, "\n--=_mix_boundary_0002--\n");
		break;
	}
	free(body.p);
}

/* A size from lo to hi (hi / lo a power of two), about log-uniform: a
 * power of two times lo, then up to twice that. */
static size_t
log_size(struct rng *r, size_t lo, size_t hi)
{
	size_t s = lo, k = 0;

	while ((lo << ++k) < hi)
		continue;
	s = lo << rng_below(r, k);
	return s + rng_below(r, s);
}

struct corpus {
	struct buf all;		/* the messages, one after another */
	size_t *off, *len;
	size_t n, cap;
	size_t kinds[3], sensitive;
};

static void
corpus_make(struct corpus *c, size_t bytes)
{
	struct rng r = { SEED };
	struct buf m = { 0 };

	while (c->all.n < bytes) {
		size_t size = rng_chance(&r, 800) ?
		    log_size(&r, 2048, 65536) :
		    log_size(&r, 65536, (size_t)2 << 20);
		enum mkind kind = (enum mkind)rng_below(&r, 3);
		int sens = rng_chance(&r, 100);

		/* the parts around the body take about this much */
		size = size > 1500 ? size - 1500 : size;
		m.n = 0;
		message(&r, &m, size, (unsigned long)c->n, kind, sens);
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 256;
			c->off = bench_xrealloc(c->off, c->cap * sizeof(*c->off), "bench_scan");
			c->len = bench_xrealloc(c->len, c->cap * sizeof(*c->len), "bench_scan");
		}
		c->off[c->n] = c->all.n;
		c->len[c->n] = m.n;
		b_put(&c->all, m.p, m.n);
		c->n++;
		c->kinds[kind]++;
		c->sensitive += (size_t)sens;
	}
	free(m.p);
}

/* ------------------------------------------------------------------ */
/* The 20 MB messages for peak memory.                                  */

static void
big_benign(struct buf *b)
{
	struct rng r = { SEED ^ 1 };
	struct buf body = { 0 };

	headers(&r, b, 1);
	b_str(b, "Content-Type: multipart/mixed; boundary=\"=_big\"\n\n");
	for (int i = 0; i < 3; i++) {
		b_str(b, "--=_big\n");
		body.n = 0;
		if (i == 0) {
			b_str(b, "Content-Type: text/plain; charset=utf-8\n"
			    "Content-Transfer-Encoding: quoted-printable\n\n");
			prose(&r, &body, BIG_MESSAGE / 4, 1);
			encoded(b, E_QP, &body);
		} else if (i == 1) {
			b_str(b, "Content-Type: text/html; charset=utf-8\n"
			    "Content-Transfer-Encoding: base64\n\n");
			html(&r, &body, BIG_MESSAGE / 4, 1);
			encoded(b, E_B64, &body);
		} else {
			b_str(b, "Content-Type: text/csv\nContent-Disposition:"
			    " attachment; filename=\"all.csv\"\n"
			    "Content-Transfer-Encoding: base64\n\n");
			csv(&r, &body, (BIG_MESSAGE - b->n) / 4 * 3 - 4096,
			    1);
			encoded(b, E_B64, &body);
		}
	}
	b_str(b, "--=_big--\n");
	free(body.p);
}

static void
big_hostile(struct buf *b)
{
	struct rng r = { SEED ^ 2 };
	unsigned long i;

	headers(&r, b, 2);
	/* a run of tiny header lines */
	for (i = 0; b->n < BIG_MESSAGE / 8; i++)
		b_fmt(b, "X-H%lu: %lu\n", i, i);
	b_str(b, "Content-Type: multipart/mixed; boundary=\"b0\"\n\n");
	/* deep nesting */
	for (i = 1; i < 200; i++)
		b_fmt(b, "--b%lu\nContent-Type: multipart/mixed; "
		    "boundary=\"b%lu\"\n\n", i - 1, i);
	/* thousands of tiny parts, broken base64 among them */
	for (i = 0; b->n < BIG_MESSAGE / 2; i++) {
		b_str(b, "--b199\nContent-Type: text/plain\n");
		if (i % 3 == 0)
			b_str(b, "Content-Transfer-Encoding: base64\n\n"
			    "!!!!@@@@====not*base64****\n");
		else
			b_str(b, "\nx\n");
	}
	/* HTML nested past every limit, on one long line */
	b_str(b, "--b199\nContent-Type: text/html\n\n");
	while (b->n < BIG_MESSAGE)
		b_str(b, "<div><span><b><i><table><tr><td>");
	b_str(b, "\n--b199--\n");
}

static int
peak_child(const char *kind)
{
	struct buf b = { 0 };
	struct tg_error err;
	tg_classifier *c;
	struct tg_scan *res;

	if (strcmp(kind, "benign") == 0)
		big_benign(&b);
	else
		big_hostile(&b);
	if (tg_classifier_new(&c, NULL, &err) != TG_OK ||
	    tg_scan_message(c, b.p, b.n, &res, &err) != TG_OK) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return EX_SOFTWARE;
	}
	printf("%zu %d %u %zu\n", b.n, (int)res->severity, res->flags,
	    res->nfindings);
	tg_scan_free(res);
	tg_classifier_free(c);
	free(b.p);
	return 0;
}

/* Runs this program with -m kind; *kb is its ru_maxrss. */
static void
peak(const char *self, const char *kind, long *kb, char *line, size_t size)
{
	struct rusage ru;
	int fd[2], status;
	pid_t pid;
	ssize_t k;
	size_t got = 0;

	*kb = -1;
	line[0] = '\0';
	if (pipe(fd) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(self, self, "-m", kind, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while (pid > 0 && got + 1 < size &&
	    (k = read(fd[0], line + got, size - got - 1)) > 0)
		got += (size_t)k;
	line[got] = '\0';
	close(fd[0]);
	if (pid > 0 && wait4(pid, &status, 0, &ru) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0)
		*kb = ru.ru_maxrss;
}

/* ------------------------------------------------------------------ */
/* The baseline: one PCRE2 alternation.                                  */

struct pcre {
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	unsigned long matches;
};

static void
pcre_new(struct pcre *p)
{
	struct buf alt = { 0 };
	const char *re;
	int caseless, ec;
	PCRE2_SIZE eo;
	size_t i;

	for (i = 0; (re = tg__det_pattern(i, &caseless)) != NULL; i++) {
		if (i > 0)
			b_chr(&alt, '|');
		b_str(&alt, caseless ? "(?i:" : "(?:");
		b_str(&alt, re);
		b_chr(&alt, ')');
	}
	p->re = pcre2_compile((PCRE2_SPTR)alt.p, alt.n, 0, &ec, &eo, NULL);
	if (p->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		fprintf(stderr, "bench_scan: PCRE2 at %zu: %s\n", (size_t)eo,
		    (char *)msg);
		exit(EX_SOFTWARE);
	}
	if (pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) != 0) {
		fprintf(stderr, "bench_scan: PCRE2 JIT unavailable\n");
		exit(EX_SOFTWARE);
	}
	p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
	p->mc = pcre2_match_context_create(NULL);
	p->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	pcre2_jit_stack_assign(p->mc, NULL, p->js);
	printf("baseline: %zu patterns (%zu bytes) as one PCRE2 "
	    "alternation, JIT\n", i, alt.n);
	free(alt.p);
}

static void
pcre_free(struct pcre *p)
{
	pcre2_jit_stack_free(p->js);
	pcre2_match_context_free(p->mc);
	pcre2_match_data_free(p->md);
	pcre2_code_free(p->re);
}

/* Every leftmost match, one after another. */
static void
pcre_scan(struct pcre *p, const char *t, size_t n)
{
	PCRE2_SIZE at = 0, *ov;

	while (at <= n) {
		int rc = pcre2_jit_match(p->re, (PCRE2_SPTR)t, n, at, 0, p->md,
		    p->mc);

		if (rc < 0)
			break;
		p->matches++;
		ov = pcre2_get_ovector_pointer(p->md);
		at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
}

/* ------------------------------------------------------------------ */
/* What is timed.                                                       */

struct pieces {
	struct buf text;
	size_t *off, *len, *msg;
	unsigned *part;
	size_t n, cap;
};

struct walk_ctx {
	struct pieces *keep;	/* walk: keep the pieces here, or NULL */
	struct pcre *pcre;	/* baseline: scan them, or NULL */
	size_t msg;
	unsigned long pieces;
};

static int
on_piece(void *arg, const struct tg__mime_text *t)
{
	struct walk_ctx *w = arg;
	struct pieces *p = w->keep;

	w->pieces++;
	if (w->pcre != NULL)
		pcre_scan(w->pcre, t->text, t->len);
	if (p != NULL) {
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 1024;
			p->off = bench_xrealloc(p->off, p->cap * sizeof(*p->off), "bench_scan");
			p->len = bench_xrealloc(p->len, p->cap * sizeof(*p->len), "bench_scan");
			p->msg = bench_xrealloc(p->msg, p->cap * sizeof(*p->msg), "bench_scan");
			p->part = bench_xrealloc(p->part, p->cap *
			    sizeof(*p->part), "bench_scan");
		}
		p->off[p->n] = p->text.n;
		p->len[p->n] = t->len;
		p->msg[p->n] = w->msg;
		p->part[p->n] = t->part;
		b_put(&p->text, t->text, t->len);
		p->n++;
	}
	return 0;
}

static void
walk_all(const struct corpus *c, struct walk_ctx *w)
{
	struct tg_error err;
	unsigned flags;

	for (size_t i = 0; i < c->n; i++) {
		w->msg = i;
		if (tg__mime_walk(c->all.p + c->off[i], c->len[i], NULL,
		    on_piece, w, &flags, &err) < 0) {
			fprintf(stderr, "bench_scan: message %zu: %s\n", i,
			    err.message);
			exit(EX_SOFTWARE);
		}
	}
}

struct tally {
	unsigned long findings, flagged;
	unsigned long sev[TG_SEVERITY_COUNT];
};

/* -d: every finding of a result, one line each. */
static FILE *dump;

static void
dump_result(const char *what, size_t msg, const struct tg_scan *res)
{
	if (dump == NULL)
		return;
	for (size_t i = 0; i < res->nfindings; i++) {
		const struct tg_finding *f = &res->findings[i];

		fprintf(dump, "%s %zu %u %zu %s %d %s\n", what, msg, f->part,
		    f->offset, f->detector, (int)f->level, f->evidence);
	}
}

static void
scan_all(const tg_classifier *cl, const struct corpus *c, struct tally *t)
{
	struct tg_error err;
	struct tg_scan *res;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < c->n; i++) {
		if (tg_scan_message(cl, c->all.p + c->off[i], c->len[i], &res,
		    &err) != TG_OK) {
			fprintf(stderr, "bench_scan: message %zu: %s\n", i,
			    err.message);
			exit(EX_SOFTWARE);
		}
		dump_result("scan", i, res);
		t->findings += res->nfindings;
		t->flagged += res->severity >= TG_SEVERITY_MEDIUM;
		t->sev[res->severity]++;
		tg_scan_free(res);
	}
}

/* The detectors over the kept pieces, message by message, as
 * tg_scan_message() runs them. */
static unsigned long
detect_all(const tg_classifier *cl, const struct pieces *p)
{
	unsigned long findings = 0;
	size_t i = 0;

	while (i < p->n) {
		struct tg__scan *s;
		struct tg_scan *res;
		size_t m = p->msg[i];

		if (tg__scan_start(cl, &s) != TG_OK)
			exit(EX_SOFTWARE);
		for (; i < p->n && p->msg[i] == m; i++)
			if (tg__scan_piece(s, p->part[i], "text/plain",
			    p->text.p + p->off[i], p->len[i]) != TG_OK)
				exit(EX_SOFTWARE);
		res = tg__scan_finish(s, 0, NULL);
		dump_result("detect", m, res);
		findings += res->nfindings;
		tg_scan_free(res);
	}
	return findings;
}

static void
pcre_all(struct pcre *pc, const struct pieces *p)
{
	for (size_t i = 0; i < p->n; i++)
		pcre_scan(pc, p->text.p + p->off[i], p->len[i]);
}

/* ------------------------------------------------------------------ */

enum { T_SCAN, T_BASE, T_WALK, T_DET, T_PCRE, T_COUNT };

static const char *const t_names[T_COUNT] = {
	"typoguard end to end (tg_scan_message)",
	"baseline end to end (walk + PCRE2)",
	"walk only (parse, decode, HTML)",
	"detectors only (tg__det_scan)",
	"PCRE2 alternation only",
};

static double
mbps(size_t bytes, uint64_t ns)
{
	return (double)bytes / 1e6 / ((double)ns / 1e9);
}

int
main(int argc, char **argv)
{
	static uint64_t t[T_COUNT][MAX_REPS];
	static uint64_t tb[BUILD_REPS];
	unsigned long mb = DEFAULT_MB, reps = DEFAULT_REPS;
	const char *profile = NULL;
	struct corpus c = { 0 };
	struct pieces p = { 0 };
	struct walk_ctx w;
	struct tally tl;
	struct pcre pc = { 0 };
	struct tg_error err;
	tg_classifier *cl;
	uint64_t t0, tgen;
	unsigned long findings = 0, pm = 0;
	char line[256];
	int ch;

	while ((ch = getopt(argc, argv, "dm:p:")) != -1) {
		switch (ch) {
		case 'd':
			dump = stdout;
			break;
		case 'm':
			return peak_child(optarg);
		case 'p':
			profile = optarg;
			if (strcmp(profile, "scan") != 0 &&
			    strcmp(profile, "walk") != 0 &&
			    strcmp(profile, "detect") != 0) {
				fprintf(stderr, "bench_scan: unknown mode "
				    "'%s'\nusage: %s\n", profile, usage);
				return EX_USAGE;
			}
			break;
		default:
			fprintf(stderr, "usage: %s\n", usage);
			return EX_USAGE;
		}
	}
	if (argc - optind > 2) {
		fprintf(stderr, "usage: %s\n", usage);
		return EX_USAGE;
	}
	if (argc - optind >= 1)
		mb = bench_parse_arg(argv[optind], MAX_MB, "MEGABYTES",
		    "bench_scan", usage);
	if (argc - optind >= 2)
		reps = bench_parse_arg(argv[optind + 1], MAX_REPS,
		    "REPETITIONS", "bench_scan", usage);

	t0 = bench_now_ns();
	corpus_make(&c, (size_t)mb << 20);
	tgen = bench_now_ns() - t0;
	if (tg_classifier_new(&cl, NULL, &err) != TG_OK) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return EX_SOFTWARE;
	}
	memset(&w, 0, sizeof(w));
	w.keep = &p;
	walk_all(&c, &w);

	if (dump != NULL) {
		scan_all(cl, &c, &tl);
		(void)detect_all(cl, &p);
		tg_classifier_free(cl);
		return 0;
	}
	if (profile != NULL) {
		for (unsigned long k = 0; k < reps; k++) {
			if (strcmp(profile, "scan") == 0)
				scan_all(cl, &c, &tl);
			else if (strcmp(profile, "walk") == 0) {
				w.keep = NULL;
				walk_all(&c, &w);
			} else
				findings += detect_all(cl, &p);
		}
		tg_classifier_free(cl);
		return 0;
	}

	printf("corpus: %zu messages, %.1f MB (%zu text, %zu HTML, %zu CSV;"
	    " %zu with sensitive content), made in %.2f s\n", c.n,
	    (double)c.all.n / 1e6, c.kinds[M_TEXT], c.kinds[M_HTML],
	    c.kinds[M_CSV], c.sensitive, (double)tgen / 1e9);
	printf("pieces: %zu, %.1f MB of decoded text\n", p.n,
	    (double)p.text.n / 1e6);
	pcre_new(&pc);

	/* building a classifier */
	for (int k = 0; k < BUILD_REPS; k++) {
		tg_classifier *x;

		t0 = bench_now_ns();
		if (tg_classifier_new(&x, NULL, &err) != TG_OK)
			return EX_SOFTWARE;
		tb[k] = bench_now_ns() - t0;
		tg_classifier_free(x);
	}
	printf("classifier build: %.1f ms (median of %d, spread %.0f%%)\n",
	    (double)bench_median(tb, BUILD_REPS) / 1e6, BUILD_REPS,
	    bench_spread(tb, BUILD_REPS));
	for (int k = 0; k < BUILD_REPS; k++) {
		struct tg__det *x;

		t0 = bench_now_ns();
		if (tg__det_compile(&x, &err) != TG_OK)
			return EX_SOFTWARE;
		tb[k] = bench_now_ns() - t0;
		tg__det_free(x);
	}
	printf("  of which detectors, compiled instead of deserialized "
	    "(the fallback): %.1f ms\n",
	    (double)bench_median(tb, BUILD_REPS) / 1e6);

	for (unsigned long k = 0; k < reps; k++) {
		for (unsigned j = 0; j < T_COUNT; j++) {
			unsigned m = (unsigned)((j + k) % T_COUNT);

			t0 = bench_now_ns();
			switch (m) {
			case T_SCAN:
				scan_all(cl, &c, &tl);
				break;
			case T_BASE:
				memset(&w, 0, sizeof(w));
				w.pcre = &pc;
				pc.matches = 0;
				walk_all(&c, &w);
				pm = pc.matches;
				break;
			case T_WALK:
				memset(&w, 0, sizeof(w));
				walk_all(&c, &w);
				break;
			case T_DET:
				findings = detect_all(cl, &p);
				break;
			case T_PCRE:
				pcre_all(&pc, &p);
				break;
			}
			t[m][k] = bench_now_ns() - t0;
		}
	}
	printf("results: %lu findings (%lu messages at medium or above; "
	    "%lu in the detectors-only pass); PCRE2: %lu matches\n",
	    tl.findings, tl.flagged, findings, pm);
	printf("\n%-40s %10s %10s %8s %8s\n", "measurement (median of reps)",
	    "MB/s", "msgs/s", "ms", "spread");
	for (unsigned j = 0; j < T_COUNT; j++) {
		uint64_t md = bench_median(t[j], reps);
		size_t bytes = j >= T_DET ? p.text.n : c.all.n;

		char rate[32] = "-";

		if (j < T_DET)
			snprintf(rate, sizeof(rate), "%.0f",
			    (double)c.n / ((double)md / 1e9));
		printf("%-40s %10.1f %10s %8.0f %7.0f%%\n", t_names[j],
		    mbps(bytes, md), rate, (double)md / 1e6,
		    bench_spread(t[j], reps));
	}
	printf("(end-to-end rows: MB of raw message; detector rows: MB of "
	    "decoded text)\n");
	printf("\nratio end to end, typoguard / baseline: %.2f\n",
	    (double)bench_median(t[T_BASE], reps) /
	    (double)bench_median(t[T_SCAN], reps));
	printf("ratio detection only, typoguard / PCRE2: %.2f\n",
	    (double)bench_median(t[T_PCRE], reps) /
	    (double)bench_median(t[T_DET], reps));

	printf("\npeak memory of one 20 MB message (ru_maxrss of a fresh "
	    "process: the message, a classifier, the scan):\n");
	for (int k = 0; k < 2; k++) {
		const char *kind = k == 0 ? "benign" : "hostile";
		size_t bytes = 0, nf = 0;
		int sev = -1;
		unsigned fl = 0;
		long kb;

		/* this program again: by its path, or through /proc */
		peak(strchr(argv[0], '/') != NULL ? argv[0] : "/proc/self/exe",
		    kind, &kb, line, sizeof(line));
		if (sscanf(line, "%zu %d %u %zu", &bytes, &sev, &fl, &nf) != 4
		    || kb < 0) {
			printf("  %-8s failed\n", kind);
			continue;
		}
		printf("  %-8s %5.1f MB message: peak %6.1f MB (%.1f x);"
		    " severity %s, %zu findings, flags 0x%x\n", kind,
		    (double)bytes / 1e6, (double)kb / 1024.0,
		    (double)kb * 1024.0 / (double)bytes,
		    tg_severity_name(sev), nf, fl);
	}

	pcre_free(&pc);
	tg_classifier_free(cl);
	free(c.all.p);
	free(c.off);
	free(c.len);
	free(p.text.p);
	free(p.off);
	free(p.len);
	free(p.msg);
	free(p.part);
	return 0;
}
