/*
 * reply.c - the reply text for a typo recipient (reply.h).
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"

#define TEXT_MAX 4096

struct text {
	size_t n;
	char buf[TEXT_MAX];
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (n > sizeof(t->buf) - 1 - t->n)
		n = sizeof(t->buf) - 1 - t->n;
	memcpy(t->buf + t->n, s, n);
	t->n += n;
	t->buf[t->n] = '\0';
}

static void
puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

static int
printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

size_t
reply_ascii(const char *s, size_t len, size_t max, char *out, size_t size)
{
	size_t i, n = len;

	if (size == 0)
		return 0;
	if (max >= size)
		max = size - 1;
	if (n > max)
		n = max < 3 ? 0 : max - 3;
	for (i = 0; i < n; i++)
		out[i] = printable((unsigned char)s[i]) ? s[i] : '?';
	if (n < len) {
		memcpy(out + n, "...", max < 3 ? max : 3);
		n += max < 3 ? max : 3;
	}
	out[n] = '\0';
	return n;
}

static size_t
escaped_len(const char *s, size_t n)
{
	size_t i, e = n;

	for (i = 0; i < n; i++)
		e += s[i] == '%';
	return e;
}

int
reply_escape(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; *s != '\0'; s++) {
		if (o + (*s == '%' ? 2 : 1) >= size) {
			if (size > 0)
				out[0] = '\0';
			return -1;
		}
		out[o++] = *s;
		if (*s == '%')
			out[o++] = '%';
	}
	if (size == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

/* The kinds of a candidate as "omission+tld-typo". */
static void
put_kinds(struct text *t, unsigned kinds)
{
	int k, n = 0;

	for (k = 0; k < TG_KIND_COUNT; k++) {
		if (!(kinds & (1u << k)))
			continue;
		if (n++ > 0)
			put(t, "+", 1);
		puts_(t, tg_kind_name(k));
	}
	if (n == 0)
		puts_(t, "typo");
}

/* Cuts the text into lines at blanks (see reply.h). */
static void
wrap(struct reply *rp, const char *s, size_t len)
{
	size_t i = 0, cur = 0, curesc = 0;
	char *line = rp->line[0];

	rp->nlines = 1;
	line[0] = '\0';
	while (i < len) {
		size_t j, tl, tesc;
		const char *tok;
		int cut = 0;

		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && s[j] != ' '; j++)
			;
		tok = s + i;
		tl = j - i;
		i = j;
		tesc = escaped_len(tok, tl);
		while (tl > REPLY_TEXT_MAX - 3 ||
		    tesc > REPLY_ESCAPED_MAX - 6) {
			/* A token longer than a line: keep what fits. */
			tesc -= tok[tl - 1] == '%' ? 2 : 1;
			tl--;
			cut = 1;
		}
		if (cur > 0 && (cur + 1 + tl + 3 * cut > REPLY_TEXT_MAX ||
		    curesc + 1 + tesc > REPLY_ESCAPED_MAX)) {
			if (rp->nlines == REPLY_LINES_MAX) {
				/* Out of lines: say that the text goes on. */
				while (cur > 0 && (cur + 4 > REPLY_TEXT_MAX ||
				    curesc + 4 > REPLY_ESCAPED_MAX)) {
					curesc -= line[cur - 1] == '%' ? 2 : 1;
					cur--;
				}
				memcpy(line + cur, " ...", 5);
				return;
			}
			line = rp->line[rp->nlines++];
			cur = curesc = 0;
		}
		if (cur > 0) {
			line[cur++] = ' ';
			curesc++;
		}
		memcpy(line + cur, tok, tl);
		cur += tl;
		curesc += tesc;
		if (cut) {
			memcpy(line + cur, "...", 3);
			cur += 3;
			curesc += 3;
		}
		line[cur] = '\0';
	}
}

/* "X", "X or Y", "X, Y or Z". */
static void
put_list_sep(struct text *t, size_t i, size_t n)
{
	if (i == 0)
		return;
	puts_(t, i + 1 == n ? " or " : ", ");
}

/* "<rcpt>: DOMAIN looks like a typo of INTENDED (KINDS); did you mean
 * A, B or C?" */
static int
put_part(struct text *t, const struct tg_check *r, const char *rcpt,
    size_t rcpt_len, size_t which, double threshold)
{
	char shown[REPLY_ADDR_SHOWN + 4];
	const struct tg_candidate *c;
	const char *at;
	size_t order[REPLY_SUGGEST_MAX], n = 0, i, plen = 0;
	int named = 0;

	if (r->ncandidates == 0 || which >= r->ncandidates)
		return -1;
	c = &r->candidates[which];
	order[n++] = which;
	for (i = 0; i < r->ncandidates && n < REPLY_SUGGEST_MAX; i++)
		if (i != which && r->candidates[i].score >= threshold)
			order[n++] = i;

	/* The recipient as the client wrote it, without its brackets. */
	while (rcpt_len > 0 && (*rcpt == ' ' || *rcpt == '<')) {
		rcpt++;
		rcpt_len--;
	}
	while (rcpt_len > 0 && (rcpt[rcpt_len - 1] == ' ' ||
	    rcpt[rcpt_len - 1] == '>'))
		rcpt_len--;

	puts_(t, "<");
	reply_ascii(rcpt, rcpt_len, REPLY_ADDR_SHOWN, shown, sizeof(shown));
	puts_(t, shown);
	puts_(t, ">: ");
	puts_(t, r->domain.alabel);
	puts_(t, " looks like a typo of ");
	puts_(t, c->domain);
	puts_(t, " (");
	put_kinds(t, c->kinds);
	puts_(t, "); did you mean ");

	/* The suggestion is the local part as given, '@', the intended
	 * domain: its prefix serves every candidate.  A local part that is
	 * not printable ASCII is not repeated. */
	at = strrchr(r->suggestion, '@');
	if (at != NULL) {
		plen = (size_t)(at - r->suggestion) + 1;
		named = 1;
		for (i = 0; i < plen; i++)
			if (!printable((unsigned char)r->suggestion[i]))
				named = 0;
	}
	if (at != NULL && !named)
		puts_(t, "the same name at ");
	for (i = 0; i < n; i++) {
		char sug[TG_SUGGESTION_MAX + 1];
		size_t sl = 0;

		put_list_sep(t, i, n);
		if (named) {
			memcpy(sug, r->suggestion, plen);
			sl = plen;
		}
		sl += (size_t)snprintf(sug + sl, sizeof(sug) - sl, "%s",
		    r->candidates[order[i]].domain);
		if (sl >= sizeof(sug))
			sl = sizeof(sug) - 1;
		reply_ascii(sug, sl, REPLY_ADDR_SHOWN, shown, sizeof(shown));
		puts_(t, shown);
	}
	puts_(t, "?");
	return 0;
}

/* " If DOMAIN is a genuine correspondent, ask CONTACT to allowlist it";
 * domain NULL: several domains. */
static void
put_tail(struct text *t, const char *domain, const char *contact)
{
	char shown[REPLY_ADDR_SHOWN + 4];

	if (domain != NULL) {
		puts_(t, " If ");
		puts_(t, domain);
		puts_(t, " is a genuine correspondent, ask ");
	} else {
		puts_(t, " If one of these domains is a genuine correspondent, "
		    "ask ");
	}
	reply_ascii(contact, strlen(contact), REPLY_ADDR_SHOWN, shown,
	    sizeof(shown));
	puts_(t, shown);
	puts_(t, " to allowlist it");
}

int
reply_build(struct reply *out, const struct tg_check *r, const char *rcpt,
    size_t rcpt_len, size_t which, double threshold, const char *contact)
{
	struct text t;

	t.n = 0;
	t.buf[0] = '\0';
	if (put_part(&t, r, rcpt, rcpt_len, which, threshold) != 0)
		return -1;
	put_tail(&t, r->domain.alabel, contact);
	wrap(out, t.buf, t.n);
	return 0;
}

int
reply_part(char *buf, size_t size, const struct tg_check *r,
    const char *rcpt, size_t rcpt_len, size_t which, double threshold)
{
	struct text t;

	t.n = 0;
	t.buf[0] = '\0';
	if (put_part(&t, r, rcpt, rcpt_len, which, threshold) != 0 ||
	    t.n >= size)
		return -1;
	memcpy(buf, t.buf, t.n + 1);
	return 0;
}

int
reply_build_message(struct reply *out, const char *const *parts, size_t n,
    const char *domain, const char *contact, int nobody)
{
	struct text t;
	char more[64];
	size_t i, shown = 0;

	if (n == 0)
		return -1;
	t.n = 0;
	t.buf[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t pl = strlen(parts[i]);

		/* Room is kept for the sentences after the list. */
		if (i > 0 && t.n + 1 + pl > REPLY_MESSAGE_PARTS_MAX)
			break;
		if (i > 0)
			puts_(&t, " ");
		put(&t, parts[i], pl);
		shown++;
	}
	if (shown < n) {
		snprintf(more, sizeof(more), " (and %zu more typo recipient%s)",
		    n - shown, n - shown == 1 ? "" : "s");
		puts_(&t, more);
	}
	if (nobody)
		puts_(&t, " The message was not sent to any recipient.");
	put_tail(&t, n == 1 ? domain : NULL, contact);
	wrap(out, t.buf, t.n);
	return 0;
}

size_t
reply_join(const struct reply *rp, char *buf, size_t size)
{
	size_t i, n;
	int w;

	if (size == 0)
		return 0;
	w = snprintf(buf, size, "%s %s", REPLY_RCODE, REPLY_XCODE);
	n = w > 0 && (size_t)w < size ? (size_t)w : 0;
	for (i = 0; i < rp->nlines; i++) {
		w = snprintf(buf + n, size - n, " %s", rp->line[i]);
		if (w < 0)
			break;
		if ((size_t)w >= size - n) {
			n = size - 1;
			break;
		}
		n += (size_t)w;
	}
	buf[n] = '\0';
	return n;
}
