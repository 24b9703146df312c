/*
 * fuzz_conf.c - typoguard-milter's configuration parser
 * (src/milter/conf.c) and its InternalHosts parser (src/milter/hosts.c)
 * on arbitrary bytes.
 *
 * The input is a whole config file; it is also given to hosts_add() as
 * one InternalHosts value.  The target checks:
 *   - conf_parse() returns the number of problems it reported, at most
 *     CONF_ERRORS_MAX + 1;
 *   - every problem is one line of printable text starting
 *     "fuzz.conf:LINE: " with LINE within the input, in order, or
 *     "fuzz.conf: " (a problem of the whole file);
 *   - with no problem, the values are within the table's bounds and
 *     something is protected; each SeverityAction rule is an action or
 *     none (-1), with its line within the input;
 *   - hosts_add() either fails with a message or leaves ranges whose
 *     prefix fits the family and whose host bits are clear, and every
 *     range matches its own network address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hosts.h"
#include "invariants.h"

struct seen {
	unsigned long lines;
	unsigned long last;
	unsigned long n;
};

static void
on_problem(void *arg, const char *msg)
{
	struct seen *s = arg;
	const char *p;
	char *end;
	unsigned long line;

	s->n++;
	FZ_CHECK(strncmp(msg, "fuzz.conf:", 10) == 0);
	for (p = msg; *p != '\0'; p++)
		FZ_CHECK(*p != '\n' && *p != '\r');
	if (msg[10] == ' ')
		return;
	line = strtoul(msg + 10, &end, 10);
	FZ_CHECK(end > msg + 10 && end[0] == ':' && end[1] == ' ');
	FZ_CHECK(line >= 1 && line <= s->lines);
	FZ_CHECK(line >= s->last);
	s->last = line;
}

static void
check_hosts(const uint8_t *data, size_t size)
{
	struct hosts h;
	char err[256];
	size_t i, j;
	int rc;

	hosts_init(&h);
	err[0] = '\0';
	rc = hosts_add(&h, (const char *)data, size, err, sizeof(err));
	FZ_CHECK(rc == 0 || rc == -1);
	FZ_CHECK(rc == 0 || err[0] != '\0');
	FZ_CHECK(h.n <= HOSTS_MAX);
	for (i = 0; i < h.n; i++) {
		const struct hosts_range *r = &h.r[i];
		unsigned bits = r->v6 ? 128 : 32;

		FZ_CHECK(r->prefix <= bits);
		for (j = r->prefix; j < bits; j++)
			FZ_CHECK(!(r->addr[j / 8] & (0x80u >> (j % 8))));
		FZ_CHECK(hosts_match_addr(&h, r->v6, r->addr));
	}
	hosts_free(&h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 1, 0, 0 };
	struct conf_diag d = { on_problem, &s, 0 };
	struct conf c;
	unsigned long n;
	size_t i;

	if (size > 256 * 1024)
		return 0;
	for (i = 0; i < size; i++)
		s.lines += data[i] == '\n';
	n = conf_parse(&c, "fuzz.conf", (const char *)data, size, &d);
	FZ_CHECK(n == d.count && n == s.n);
	FZ_CHECK(n <= CONF_ERRORS_MAX + 1);
	if (n == 0) {
		FZ_CHECK(c.threshold > 0 && c.threshold <= 1);
		FZ_CHECK(c.umask <= 0777);
		FZ_CHECK(c.local_submission == POL_REJECT ||
		    c.local_submission == POL_HOLD);
		FZ_CHECK(c.nplist + c.nprotect > 0);
		FZ_CHECK(c.socket != NULL && c.tag_header != NULL &&
		    c.contact != NULL && c.user != NULL);
		FZ_CHECK(strlen(c.tag_header) >= 1 &&
		    strlen(c.tag_header) <= 64);
		for (i = 0; i < c.nplist; i++)
			FZ_CHECK(c.plist[i].path[0] != '\0' &&
			    c.plist[i].line >= 1 && c.plist[i].line <= s.lines);
		for (i = 0; i < c.nprotect; i++)
			FZ_CHECK(c.protect[i].entry[0] != '\0');
		FZ_CHECK(c.classify_all == 0 || c.classify_all == 1);
		FZ_CHECK(c.content_max >= CONF_CONTENT_MIN &&
		    c.content_max <= CONF_CONTENT_MAX);
		for (i = 0; i < TG_SEVERITY_COUNT; i++) {
			FZ_CHECK(c.sev.rule[i] >= -1 &&
			    c.sev.rule[i] < POL_ACTION_COUNT);
			FZ_CHECK(c.sev.rule[i] < 0 ||
			    (c.sev_line[i] >= 1 && c.sev_line[i] <= s.lines));
		}
	}
	conf_free(&c);
	check_hosts(data, size);
	return 0;
}
