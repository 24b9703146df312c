/*
 * test_conf.c - the milter's configuration (src/milter/conf.c, snap.c):
 * one row per syntax feature and per problem, each problem with its
 * FILE:LINE; then values and defaults, the snapshot built from list files
 * (their FILE:LINE:COLUMN errors, per-list actions) and the reload rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "snap.h"
#include "unit.h"

#define P "Protect reject army.mil\n"

struct row {
	const char *name;
	const char *text;
	const char *want[3];   /* expected problems, in order; none: good */
};

static const struct row rows[] = {
	{ "minimal", P, { NULL } },
	{ "comments and blanks", "# c\n\n   \t\n" P "  # x\n", { NULL } },
	{ "trailing comment", "Socket inet:1@h # where\n" P, { NULL } },
	{ "crlf", "Socket inet:1@h\r\n" P, { NULL } },
	{ "no final newline", "Protect reject army.mil", { NULL } },
	{ "keys case-insensitive", "socket inet:1@h\nTHRESHOLD 0.5\n" P,
	    { NULL } },
	{ "unknown key", P "Frobnicate 1\n",
	    { "t.conf:2: unknown key \"Frobnicate\"" } },
	{ "key needs a value", "Socket\n" P,
	    { "t.conf:1: Socket needs a value" } },
	{ "value only a comment", "Threshold # none\n" P,
	    { "t.conf:1: Threshold needs a value" } },
	{ "given twice", "Threshold 0.5\n" P "Threshold 0.6\n",
	    { "t.conf:3: Threshold given again (first on line 1)" } },
	{ "nothing protected", "Socket inet:1@h\n",
	    { "t.conf: no ProtectedList or Protect line" } },
	{ "bad socket", "Socket tcp:25\n" P,
	    { "t.conf:1: Socket: \"tcp:25\" is no socket" } },
	{ "socket port 0", "Socket inet:0@localhost\n" P,
	    { "t.conf:1: Socket: bad port" } },
	{ "socket port big", "Socket inet:65536@localhost\n" P,
	    { "t.conf:1: Socket: bad port" } },
	{ "socket no host", "Socket inet:25@\n" P,
	    { "t.conf:1: Socket: no host after '@'" } },
	{ "socket relative path", "Socket unix:x.sock\n" P,
	    { "t.conf:1: Socket: socket path must be absolute" } },
	{ "socket ok unix", "Socket local:/run/x.sock\n" P, { NULL } },
	{ "socket ok inet6", "Socket inet6:8894@::1\n" P, { NULL } },
	{ "bool bad", "Syslog maybe\n" P,
	    { "t.conf:1: Syslog: \"maybe\" is not yes or no" } },
	{ "bool forms", "Syslog off\nKnownLegitimate TRUE\n"
	    "AuthenticatedIsInternal 0\n" P, { NULL } },
	{ "threshold zero", "Threshold 0\n" P,
	    { "t.conf:1: Threshold: 0 is out of range (0, 1]" } },
	{ "threshold above one", "Threshold 1.5\n" P,
	    { "t.conf:1: Threshold: 1.5 is out of range (0, 1]" } },
	{ "threshold one", "Threshold 1\n" P, { NULL } },
	{ "threshold text", "Threshold high\n" P,
	    { "t.conf:1: Threshold: \"high\" is not a number" } },
	{ "threshold nan", "Threshold nan\n" P,
	    { "t.conf:1: Threshold: \"nan\" is not a number" } },
	{ "threshold trailing junk", "Threshold 0.5x\n" P,
	    { "t.conf:1: Threshold: \"0.5x\" is not a number" } },
	{ "umask bad digit", "UMask 008\n" P,
	    { "t.conf:1: UMask: \"008\" is not an octal number" } },
	{ "umask too big", "UMask 1777\n" P,
	    { "t.conf:1: UMask: \"1777\" is not an octal number" } },
	{ "umask negative", "UMask -1\n" P,
	    { "t.conf:1: UMask: \"-1\" is not an octal number" } },
	{ "facility", "SyslogFacility kernel\n" P,
	    { "t.conf:1: SyslogFacility: unknown facility \"kernel\"" } },
	{ "level", "LogLevel chatty\n" P,
	    { "t.conf:1: LogLevel: unknown level \"chatty\"" } },
	{ "user bad", "UserID bad/user\n" P,
	    { "t.conf:1: UserID: \"bad/user\" is not a user name" } },
	{ "user dash", "UserID -x\n" P,
	    { "t.conf:1: UserID: \"-x\" is not a user name" } },
	{ "header colon", "TagHeader X-A:b\n" P,
	    { "t.conf:1: TagHeader: character 0x3a at 4" } },
	{ "header space", "TagHeader X A\n" P,
	    { "t.conf:1: TagHeader: character 0x20 at 2" } },
	{ "header too long", "TagHeader X-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" P,
	    { "t.conf:1: TagHeader: 68 characters, want 1 to 64" } },
	{ "contact non-ascii", "AllowlistContact J\xc3\xbcrgen\n" P,
	    { "t.conf:1: AllowlistContact: character 0xc3 at 2" } },
	{ "local submission", "LocalSubmission tag\n" P,
	    { "t.conf:1: LocalSubmission: \"tag\" is not reject or hold" } },
	{ "local submission hold", "LocalSubmission HOLD\n" P, { NULL } },
	{ "list action", "ProtectedList drop x.list\n",
	    { "t.conf:1: ProtectedList: unknown action \"drop\"",
	      "t.conf: no ProtectedList or Protect" } },
	{ "list no path", "ProtectedList reject\n" P,
	    { "t.conf:1: ProtectedList: no file after the action" } },
	{ "protect no domain", "Protect hold\n" P,
	    { "t.conf:1: Protect: no domain after the action" } },
	{ "protect many", "Protect tag a.example, b.example c.example\n",
	    { NULL } },
	{ "hosts bad", "InternalHosts 10.0.0.0/8, mail.example\n" P,
	    { "t.conf:1: InternalHosts: \"mail.example\" is not an IPv4" } },
	{ "control char", "AllowlistContact a\x01z\n" P,
	    { "t.conf:1: AllowlistContact: control character 0x01" } },
	{ "control in key", "Sock\x01t x\n" P,
	    { "t.conf:1: control or non-ASCII byte in a key" } },
	{ "severity action", "SeverityAction high hold\n"
	    "SeverityAction 0 reject\nSeverityAction critical tag\n" P,
	    { NULL } },
	{ "severity action bad level", "SeverityAction severe hold\n" P,
	    { "t.conf:1: SeverityAction: unknown severity \"severe\"" } },
	{ "severity action level 5", "SeverityAction 5 hold\n" P,
	    { "t.conf:1: SeverityAction: unknown severity \"5\"" } },
	{ "severity action no action", "SeverityAction high\n" P,
	    { "t.conf:1: SeverityAction: no action after the level" } },
	{ "severity action bad action", "SeverityAction high drop\n" P,
	    { "t.conf:1: SeverityAction: unknown action \"drop\"" } },
	{ "severity action extra word", "SeverityAction high hold now\n" P,
	    { "t.conf:1: SeverityAction: \"now\" after the action" } },
	{ "severity action level twice", P "SeverityAction high hold\n"
	    "SeverityAction 3 reject\n",
	    { "t.conf:3: SeverityAction: level high given again (first on "
	      "line 2)" } },
	{ "classify all bad", "ClassifyAll sometimes\n" P,
	    { "t.conf:1: ClassifyAll: \"sometimes\" is not yes or no" } },
	{ "classify all twice", "ClassifyAll yes\nClassifyAll no\n" P,
	    { "t.conf:2: ClassifyAll given again (first on line 1)" } },
	{ "content size forms", "ContentMaxBytes 64k\n" P, { NULL } },
	{ "content size small", "ContentMaxBytes 65535\n" P,
	    { "t.conf:1: ContentMaxBytes: 65535 is out of range [64K, 64M]" } },
	{ "content size big", "ContentMaxBytes 65M\n" P,
	    { "t.conf:1: ContentMaxBytes: 65M is out of range" } },
	{ "content size huge", "ContentMaxBytes 99999999999999999999G\n" P,
	    { "t.conf:1: ContentMaxBytes: \"99999999999999999999G\" is not "
	      "a size" } },
	{ "content size unit", "ContentMaxBytes 10MB\n" P,
	    { "t.conf:1: ContentMaxBytes: \"10MB\" is not a size" } },
	{ "content size negative", "ContentMaxBytes -1\n" P,
	    { "t.conf:1: ContentMaxBytes: \"-1\" is not a size" } },
	{ "several problems, every one", "Bogus 1\nThreshold 9\n" P
	    "Syslog perhaps\n",
	    { "t.conf:1: unknown key", "t.conf:2: Threshold",
	      "t.conf:4: Syslog" } },
};

struct collect {
	size_t n;
	char msg[8][512];
};

static void
collect(void *arg, const char *msg)
{
	struct collect *c = arg;

	if (c->n < 8)
		snprintf(c->msg[c->n], sizeof(c->msg[0]), "%s", msg);
	c->n++;
}

static unsigned long
parse(const char *text, size_t len, struct conf *c, struct collect *col)
{
	struct conf_diag d = { collect, col, 0 };
	unsigned long n;

	memset(col, 0, sizeof(*col));
	n = conf_parse(c, "t.conf", text, len, &d);
	assert_int_equal(n, d.count);
	assert_int_equal(n, col->n);
	return n;
}

static void
test_row(void **state)
{
	const struct row *r = *state;
	struct collect col;
	struct conf c;
	size_t i, want = 0;

	while (want < 3 && r->want[want] != NULL)
		want++;
	parse(r->text, strlen(r->text), &c, &col);
	if (col.n != want) {
		for (i = 0; i < col.n && i < 8; i++)
			print_message("# got: %s\n", col.msg[i]);
		fail_msg("%zu problems, want %zu", col.n, want);
	}
	for (i = 0; i < want; i++)
		if (strncmp(col.msg[i], r->want[i], strlen(r->want[i])) != 0)
			fail_msg("problem %zu is \"%s\", want \"%s...\"", i,
			    col.msg[i], r->want[i]);
	conf_free(&c);
}

static void
test_defaults(void **state)
{
	struct collect col;
	struct conf c;
	unsigned char lo[4] = { 127, 9, 9, 9 }, other[4] = { 10, 0, 0, 1 };
	unsigned char v6lo[16] = { [15] = 1 };

	(void)state;
	assert_int_equal(parse(P, strlen(P), &c, &col), 0);
	assert_string_equal(c.socket, "inet:8894@127.0.0.1");
	assert_string_equal(c.user, "typoguard");
	assert_null(c.pidfile);
	assert_null(c.psl);
	assert_int_equal(c.umask, 07);
	assert_int_equal(c.syslog, 1);
	assert_int_equal(c.log_level, MLOG_INFO);
	assert_int_equal(c.auth_internal, 1);
	assert_int_equal(c.legit, 1);
	assert_true(c.threshold == TG_THRESHOLD_DEFAULT);
	assert_string_equal(c.tag_header, "X-Typoguard-Recipient");
	assert_string_equal(c.contact, "your postmaster");
	assert_int_equal(c.local_submission, POL_REJECT);
	assert_true(hosts_match_addr(&c.internal, 0, lo));
	assert_true(hosts_match_addr(&c.internal, 1, v6lo));
	assert_false(hosts_match_addr(&c.internal, 0, other));
	assert_int_equal(c.nprotect, 1);
	assert_string_equal(c.protect[0].entry, "army.mil");
	assert_int_equal(c.protect[0].action, POL_REJECT);
	assert_int_equal(c.protect[0].line, 1);
	/* No content rules: typo recipients are refused at RCPT. */
	assert_false(pol_severity_any(&c.sev));
	assert_int_equal(c.classify_all, 0);
	assert_int_equal(c.content_max, 10 * 1024 * 1024);
	conf_free(&c);
}

static void
test_values(void **state)
{
	static const char text[] =
	    "Socket unix:/var/spool/postfix/tg/tg.sock\n"
	    "UserID tg-milter\n"
	    "PidFile run/tg.pid\n"
	    "PidFile2 x\n";
	static const char text2[] =
	    "UMask 0027\n"
	    "SyslogFacility LOCAL3\n"
	    "LogLevel debug\n"
	    "Threshold 0.35\n"
	    "TagHeader X-Typo\n"
	    "AllowlistContact helpdesk@example.org (x 1234)\n"
	    "LocalSubmission hold\n"
	    "InternalHosts 10.0.0.0/8\n"
	    "InternalHosts 2001:db8::/32 # office\n"
	    "ProtectedList hold protected-default.list\n"
	    "ProtectedList log lists/web.list\n"
	    "ProtectedList tag /etc/x y.list\n"
	    "AllowList allow.list\n"
	    "Protect tag a.example,b.example\n"
	    "PublicSuffixList psl.dat\n"
	    "SeverityAction high hold\n"
	    "SeverityAction none log\n"
	    "ClassifyAll on\n"
	    "ContentMaxBytes 512K\n";
	unsigned char lo[4] = { 127, 0, 0, 1 }, ten[4] = { 10, 1, 2, 3 };
	struct collect col;
	struct conf c;

	(void)state;
	/* A key that is close to a real one is still unknown. */
	assert_int_equal(parse(text, strlen(text), &c, &col), 2);
	assert_string_equal(col.msg[0], "t.conf:4: unknown key \"PidFile2\"");
	conf_free(&c);

	memset(&col, 0, sizeof(col));
	{
		struct conf_diag d = { collect, &col, 0 };

		assert_int_equal(conf_parse(&c, "/etc/tg/m.conf", text2,
		    strlen(text2), &d), 0);
	}
	assert_int_equal(c.umask, 027);
	assert_int_equal(c.log_level, MLOG_DEBUG);
	assert_true(c.threshold == 0.35);
	assert_string_equal(c.tag_header, "X-Typo");
	assert_string_equal(c.contact, "helpdesk@example.org (x 1234)");
	assert_int_equal(c.local_submission, POL_HOLD);
	/* The first InternalHosts line replaces the default. */
	assert_false(hosts_match_addr(&c.internal, 0, lo));
	assert_true(hosts_match_addr(&c.internal, 0, ten));
	assert_int_equal(c.internal.n, 2);
	/* Lists: bare names are bundled, others relative to the file. */
	assert_int_equal(c.nplist, 3);
	assert_int_equal(c.plist[0].action, POL_HOLD);
	assert_int_equal(c.plist[0].bundled, 1);
	assert_string_equal(c.plist[0].path, "protected-default.list");
	assert_int_equal(c.plist[1].action, POL_LOG);
	assert_int_equal(c.plist[1].bundled, 0);
	assert_string_equal(c.plist[1].path, "/etc/tg/lists/web.list");
	assert_int_equal(c.plist[1].line, 11);
	assert_string_equal(c.plist[2].path, "/etc/x y.list");
	assert_int_equal(c.nallow, 1);
	assert_int_equal(c.allow[0].bundled, 1);
	assert_int_equal(c.nprotect, 2);
	assert_string_equal(c.protect[1].entry, "b.example");
	assert_int_equal(c.protect[1].action, POL_TAG);
	assert_string_equal(c.psl, "/etc/tg/psl.dat");
	assert_int_equal(c.sev.rule[TG_SEVERITY_HIGH], POL_HOLD);
	assert_int_equal(c.sev.rule[TG_SEVERITY_NONE], POL_LOG);
	assert_int_equal(c.sev.rule[TG_SEVERITY_MEDIUM], -1);
	assert_int_equal(c.sev_line[TG_SEVERITY_HIGH], 16);
	assert_int_equal(c.classify_all, 1);
	assert_int_equal(c.content_max, 512 * 1024);
	conf_free(&c);
}

/* Ceilings: a long line, a NUL byte, too many problems. */
static void
test_limits(void **state)
{
	static char buf[3 * CONF_LINE_MAX];
	struct collect col;
	struct conf c;
	size_t n;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), P "AllowlistContact ");
	memset(buf + n, 'a', CONF_LINE_MAX);
	n += CONF_LINE_MAX;
	buf[n++] = '\n';
	assert_int_equal(parse(buf, n, &c, &col), 1);
	assert_string_equal(col.msg[0], "t.conf:2: line longer than 4096 "
	    "bytes");
	conf_free(&c);

	memcpy(buf, P "Socket inet:1@\0x\n", sizeof(P) + 16);
	assert_int_equal(parse(buf, sizeof(P) + 16, &c, &col), 1);
	assert_string_equal(col.msg[0], "t.conf:2: NUL byte in the line");
	conf_free(&c);

	n = 0;
	while (n + 8 < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "Bad %zu\n", n);
	parse(buf, n, &c, &col);
	assert_int_equal(col.n, CONF_ERRORS_MAX + 1);
	assert_non_null(strstr(col.msg[7], "unknown key"));
	conf_free(&c);
}

static void
test_socket_check(void **state)
{
	static const char *const good[] = {
		"inet:8894@127.0.0.1", "inet:25", "inet6:8894@[::1]",
		"inet6:1@::1", "unix:/a", "local:/var/run/x.sock",
	};
	static const char *const bad[] = {
		"", "inet:", "inet:x@y", "inet:-1@y", "inet:70000", "inet:25@",
		"inet:25x", "unix:", "unix:rel", "tcp:25", "inet6:@::1",
	};
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (conf_socket_check(good[i], err, sizeof(err)) != 0)
			fail_msg("%s refused: %s", good[i], err);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (conf_socket_check(bad[i], err, sizeof(err)) == 0)
			fail_msg("%s accepted", bad[i]);
}

static void
test_restart_keys(void **state)
{
	static const char a[] = "Socket inet:1@h\nLogLevel info\n" P;
	static const char b[] = "Socket inet:2@h\nLogLevel debug\n"
	    "UMask 022\n" P;
	struct collect col;
	struct conf ca, cb;
	char keys[128];

	(void)state;
	parse(a, strlen(a), &ca, &col);
	parse(b, strlen(b), &cb, &col);
	assert_int_equal(conf_restart_keys(&ca, &ca, keys, sizeof(keys)), 0);
	assert_int_equal(conf_restart_keys(&ca, &cb, keys, sizeof(keys)), 1);
	/* LogLevel reloads; Socket and UMask wait for a restart. */
	assert_string_equal(keys, "Socket, UMask");
	conf_free(&ca);
	conf_free(&cb);
}

/* ------------------------------------------------------------------ */
/* Snapshots: lists read, errors located, actions per list.            */

static char tmpdir[] = "/tmp/tg-test-conf-XXXXXX";

static void
put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static unsigned long
build(const char *text, struct snap **s, struct collect *col)
{
	struct conf_diag d = { collect, col, 0 };
	struct conf c;
	char file[256], full[4096];
	unsigned long bad;

	snprintf(full, sizeof(full), "PublicSuffixList %s\n%s", TG_TEST_PSL,
	    text);
	snprintf(file, sizeof(file), "%s/m.conf", tmpdir);
	memset(col, 0, sizeof(*col));
	bad = conf_parse(&c, file, full, strlen(full), &d);
	if (bad != 0) {
		conf_free(&c);
		return bad;
	}
	return snap_build(&c, s, &d);
}

static int
action_of(struct snap *s, const char *rcpt)
{
	struct tg_check r;
	enum pol_action a;
	size_t which;

	assert_int_equal(tg_check(s->ix, rcpt, strlen(rcpt), NULL, 0, &r),
	    TG_OK);
	if (r.verdict != TG_VERDICT_TYPO)
		return -1;
	assert_int_equal(policy_action(&r, s->conf.threshold, snap_lookup, s,
	    &a, &which), 0);
	return (int)a;
}

static void
test_snap(void **state)
{
	struct collect col;
	struct snap *s = NULL;
	char want[512];

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	assert_int_equal(setenv("TYPOGUARD_DATADIR", TG_TEST_DATADIR, 1), 0);
	put_file("own.list", "# ours\nexample.org\n\n.mil strict=il\n");
	put_file("web.list", "gmail.com\nexample.org   # also here\n");
	put_file("allow.list", "exampel.org\n");

	/* Actions per list; the strictest wins for an entry in two. */
	assert_int_equal(build("ProtectedList hold own.list\n"
	    "ProtectedList log ./web.list\nProtect tag army.nl\n"
	    "AllowList ./allow.list\nKnownLegitimate no\n", &s, &col), 1);
	/* own.list has no '/': it was looked for in the data directory. */
	assert_non_null(strstr(col.msg[0], "m.conf:2: ProtectedList: "
	    "own.list is not in the data directory"));

	assert_int_equal(build("ProtectedList hold ./own.list\n"
	    "ProtectedList log ./web.list\nProtect tag army.nl\n"
	    "AllowList ./allow.list\nKnownLegitimate no\n", &s, &col), 0);
	assert_int_equal(action_of(s, "a@gmial.com"), POL_LOG);
	assert_int_equal(action_of(s, "a@examp1e.org"), POL_HOLD);
	assert_int_equal(action_of(s, "a@army.ml"), POL_HOLD);
	assert_int_equal(action_of(s, "a@armi.nl"), POL_TAG);
	assert_int_equal(action_of(s, "a@exampel.org"), -1);
	assert_int_equal(snap_lookup(".mil", s), POL_HOLD);
	assert_int_equal(snap_lookup("example.org", s), POL_HOLD);
	assert_int_equal(snap_lookup("gmail.com", s), POL_LOG);
	assert_int_equal(snap_lookup("nothing.example", s), -1);
	assert_int_equal(s->needs, SNAP_NEEDS_QUARANTINE | SNAP_NEEDS_ADDHDR);
	snap_unref(s);

	/* Errors in list files name the list file, line and column. */
	put_file("bad.list", "good.example\n\nbad..example\n.notasuffix\n");
	assert_int_equal(build("ProtectedList reject ./bad.list\n"
	    "Protect reject -x.example\nAllowList ./missing.list\n", &s,
	    &col), 4);
	assert_null(s);
	snprintf(want, sizeof(want), "%s/./bad.list:3:5: ", tmpdir);
	if (strncmp(col.msg[0], want, strlen(want)) != 0)
		fail_msg("\"%s\" does not start \"%s\"", col.msg[0], want);
	snprintf(want, sizeof(want), "%s/./bad.list:4:1: ", tmpdir);
	assert_true(strncmp(col.msg[1], want, strlen(want)) == 0);
	snprintf(want, sizeof(want), "%s/m.conf:3: Protect: -x.example: ",
	    tmpdir);
	assert_true(strncmp(col.msg[2], want, strlen(want)) == 0);
	snprintf(want, sizeof(want), "%s/m.conf:4: AllowList: ", tmpdir);
	if (strncmp(col.msg[3], want, strlen(want)) != 0)
		fail_msg("\"%s\" does not start \"%s\"", col.msg[3], want);

	/* The bundled default list, LocalSubmission hold. */
	assert_int_equal(build("ProtectedList reject protected-default.list\n"
	    "LocalSubmission hold\n", &s, &col), 0);
	assert_true(tg_index_count(s->ix, TG_LIST_PROTECTED) > 10);
	assert_true(tg_index_count(s->ix, TG_LIST_LEGIT) > 10);
	assert_int_equal(action_of(s, "bob@army.ml"), POL_REJECT);
	assert_int_equal(s->needs, SNAP_NEEDS_QUARANTINE);

	assert_null(s->clf);
	assert_int_equal(s->content_rules, 0);

	/* Content rules: the classifier, once for every snapshot. */
	{
		struct snap *c1, *c2, *c3;

		assert_int_equal(build("Protect reject army.mil\n"
		    "SeverityAction high hold\n", &c1, &col), 0);
		assert_non_null(c1->clf);
		assert_int_equal(c1->content_rules, 1);
		assert_int_equal(c1->needs, SNAP_NEEDS_QUARANTINE |
		    SNAP_NEEDS_CONTENT);
		assert_int_equal(build("Protect reject army.mil\n"
		    "ClassifyAll yes\n", &c2, &col), 0);
		assert_ptr_equal(c2->clf, c1->clf);
		assert_int_equal(c2->content_rules, 0);
		assert_int_equal(c2->needs, SNAP_NEEDS_CONTENT);
		snap_unref(c1);
		assert_int_equal(build("Protect reject army.mil\n"
		    "SeverityAction 0 tag\n", &c3, &col), 0);
		assert_ptr_equal(c3->clf, c2->clf);
		assert_int_equal(c3->needs, SNAP_NEEDS_ADDHDR |
		    SNAP_NEEDS_CONTENT);
		snap_unref(c2);
		snap_unref(c3);
	}

	/* Publication: readers keep the snapshot they took. */
	{
		struct snap *r1, *r2, *s2;

		snap_publish(s);
		r1 = snap_acquire();
		assert_ptr_equal(r1, s);
		assert_int_equal(build("Protect reject army.mil\n", &s2, &col),
		    0);
		snap_publish(s2);
		r2 = snap_acquire();
		assert_ptr_equal(r2, s2);
		assert_true(r1->generation < r2->generation);
		/* r1 still usable after the swap. */
		assert_int_equal(action_of(r1, "bob@army.ml"), POL_REJECT);
		snap_unref(r1);
		snap_unref(r2);
		snap_publish(NULL);
		assert_null(snap_acquire());
	}
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/own.list", tmpdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/web.list", tmpdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/allow.list", tmpdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/bad.list", tmpdir);
		unlink(path);
		rmdir(tmpdir);
	}
}

/* The bundled configuration parses and builds as it is. */
static void
test_bundled(void **state)
{
	struct collect col;
	struct conf_diag d = { collect, &col, 0 };
	struct conf c;
	struct snap *s;

	(void)state;
	assert_int_equal(setenv("TYPOGUARD_DATADIR", TG_TEST_DATADIR, 1), 0);
	memset(&col, 0, sizeof(col));
	assert_int_equal(conf_load(&c, TG_TEST_DATADIR "/" CONF_BUNDLED, &d),
	    0);
	assert_int_equal(snap_build(&c, &s, &d), 0);
	assert_int_equal(col.n, 0);
	assert_int_equal(action_of(s, "bob@army.ml"), POL_REJECT);
	assert_int_equal(action_of(s, "bob@gmial.com"), POL_REJECT);
	assert_int_equal(action_of(s, "bob@mail.com"), -1);
	snap_unref(s);
	/* A missing file is one problem, named. */
	memset(&col, 0, sizeof(col));
	assert_int_equal(conf_load(&c, "/nonexistent/x.conf", &d), 1);
	assert_non_null(strstr(col.msg[0], "/nonexistent/x.conf: cannot "
	    "open: "));
	conf_free(&c);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_socket_check),
		cmocka_unit_test(test_restart_keys),
		cmocka_unit_test(test_snap),
		cmocka_unit_test(test_bundled),
	};

	return ut_run("conf", test_row, rows, sizeof(rows) / sizeof(*rows),
	    sizeof(*rows), fixed, sizeof(fixed) / sizeof(*fixed), 0);
}
