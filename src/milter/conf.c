/*
 * conf.c - the configuration file (conf.h): the key table and its parser.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf.h"

enum ctype {
	CT_STR,       /* printable ASCII text, min..max bytes */
	CT_PATH,      /* a file; relative to the config file's directory */
	CT_BOOL,      /* yes/no, true/false, on/off, 1/0 */
	CT_DOUBLE,    /* a number in [min, max] (or (min, max]) */
	CT_OCTAL,     /* an octal number in [min, max] */
	CT_SOCKET,    /* libmilter socket spec */
	CT_USER,      /* a user name */
	CT_FACILITY,  /* syslog facility name */
	CT_LEVEL,     /* log level name */
	CT_HEADER,    /* a header field name, min..max bytes */
	CT_LOCALSUB,  /* reject | hold */
	CT_PLIST,     /* ACTION PATH */
	CT_PROTECT,   /* ACTION DOMAIN... */
	CT_ALLOW,     /* PATH */
	CT_HOSTS,     /* addresses and ranges */
	CT_SEVACTION, /* LEVEL ACTION */
	CT_SIZE       /* bytes, with K, M or G, in [min, max] */
};

#define CK_REPEAT 1u     /* may be given on several lines */
#define CK_RESTART 2u    /* a reload keeps the running value */
#define CK_MIN_OPEN 4u   /* min itself is out of range */

struct conf_key {
	const char *name;
	enum ctype type;
	const char *def;   /* default, written as in the file; NULL: none */
	double min, max;
	unsigned flags;
	size_t off;        /* of the field in struct conf */
	const char *help;
};

#define OFF(f) offsetof(struct conf, f)

/* Every key.  doc/typoguard.conf.5 and data/typoguard-milter.conf explain
 * each at length; conf_print_keys() lists this table. */
static const struct conf_key keys[] = {
	{ "Socket", CT_SOCKET, "inet:8894@127.0.0.1", 0, 0, CK_RESTART,
	    OFF(socket), "where the MTA connects: inet:PORT@HOST, "
	    "inet6:PORT@HOST or unix:PATH" },
	{ "UserID", CT_USER, "typoguard", 1, 32, CK_RESTART, OFF(user),
	    "user to run as when started as root (nobody if it does not "
	    "exist)" },
	{ "PidFile", CT_PATH, NULL, 0, 0, CK_RESTART, OFF(pidfile),
	    "file to write the daemon's process id to" },
	{ "UMask", CT_OCTAL, "007", 0, 0777, CK_RESTART, OFF(umask),
	    "umask for the unix socket and the pid file" },
	{ "Syslog", CT_BOOL, "yes", 0, 0, CK_RESTART, OFF(syslog),
	    "log to syslog (without -f)" },
	{ "SyslogFacility", CT_FACILITY, "mail", 0, 0, CK_RESTART,
	    OFF(facility), "syslog facility: mail, daemon, local0..local7" },
	{ "LogLevel", CT_LEVEL, "info", 0, 0, 0, OFF(log_level),
	    "error, warning, info or debug" },
	{ "ProtectedList", CT_PLIST, NULL, 0, 0, CK_REPEAT, OFF(plist),
	    "ACTION PATH: a protected list and what to do with its typos" },
	{ "Protect", CT_PROTECT, NULL, 0, 0, CK_REPEAT, OFF(protect),
	    "ACTION DOMAIN...: protected entries written inline" },
	{ "AllowList", CT_ALLOW, NULL, 0, 0, CK_REPEAT, OFF(allow),
	    "PATH: genuine correspondents that look like typos" },
	{ "KnownLegitimate", CT_BOOL, "yes", 0, 0, 0, OFF(legit),
	    "never flag domains on the bundled known-legitimate list" },
	{ "PublicSuffixList", CT_PATH, NULL, 0, 0, 0, OFF(psl),
	    "public suffix list file (default: the system's, else bundled)" },
	{ "Threshold", CT_DOUBLE, "0.1", 0, 1, CK_MIN_OPEN, OFF(threshold),
	    "score from which a look-alike is a typo, in (0, 1]" },
	{ "InternalHosts", CT_HOSTS, "127.0.0.0/8, ::1", 0, 0, CK_REPEAT,
	    OFF(internal), "clients whose mail is outbound: addresses and "
	    "CIDR ranges" },
	{ "AuthenticatedIsInternal", CT_BOOL, "yes", 0, 0, 0,
	    OFF(auth_internal), "mail of SMTP-authenticated clients is "
	    "outbound" },
	{ "LocalSubmission", CT_LOCALSUB, "reject", 0, 0, 0,
	    OFF(local_submission), "reject or hold: what replaces a RCPT "
	    "reject for sendmail/pickup mail" },
	{ "TagHeader", CT_HEADER, "X-Typoguard-Recipient", 1, 64, 0,
	    OFF(tag_header), "header field the tag action adds" },
	{ "AllowlistContact", CT_STR, "your postmaster", 1, 128, 0,
	    OFF(contact), "who to ask for an allowlist entry, in the reply "
	    "text" },
	{ "SeverityAction", CT_SEVACTION, NULL, 0, 0, CK_REPEAT, OFF(sev),
	    "LEVEL ACTION: for mail to a typo recipient whose content is at "
	    "least LEVEL, ACTION instead of the list's (decided at end of "
	    "message)" },
	{ "ClassifyAll", CT_BOOL, "no", 0, 0, 0, OFF(classify_all),
	    "classify every outbound message and log its severity (no "
	    "action from it)" },
	{ "ContentMaxBytes", CT_SIZE, "10M", CONF_CONTENT_MIN,
	    CONF_CONTENT_MAX, 0, OFF(content_max), "bytes of a message "
	    "buffered for the classifier; beyond, it counts as high" },
};

#define NKEYS (sizeof(keys) / sizeof(*keys))

static const char *const type_names[] = {
	[CT_STR] = "text", [CT_PATH] = "path", [CT_BOOL] = "yes|no",
	[CT_DOUBLE] = "number", [CT_OCTAL] = "octal", [CT_SOCKET] = "socket",
	[CT_USER] = "user", [CT_FACILITY] = "facility", [CT_LEVEL] = "level",
	[CT_HEADER] = "header-name", [CT_LOCALSUB] = "reject|hold",
	[CT_PLIST] = "action path", [CT_PROTECT] = "action domain...",
	[CT_ALLOW] = "path", [CT_HOSTS] = "address[/prefix],...",
	[CT_SEVACTION] = "level action", [CT_SIZE] = "bytes[K|M|G]",
};

void
conf_report(struct conf_diag *d, const char *file, unsigned long line,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	d->count++;
	if (d->fn == NULL)
		return;
	if (line > 0)
		n = snprintf(msg, sizeof(msg), "%s:%lu: ", file, line);
	else
		n = snprintf(msg, sizeof(msg), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	d->fn(d->arg, msg);
}

/* Parser state for one file. */
struct pstate {
	struct conf *c;
	const char *file;
	unsigned long line;
	struct conf_diag *d;
	unsigned long seen[NKEYS];   /* line a key was set on; 0: not */
};

#define REPORT(ps, ...) conf_report((ps)->d, (ps)->file, (ps)->line, \
	__VA_ARGS__)

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_print(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

static char *
dup_n(struct pstate *ps, const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL) {
		REPORT(ps, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Replaces *slot with a copy of s[0..n). */
static int
set_str(struct pstate *ps, char **slot, const char *s, size_t n)
{
	char *p = dup_n(ps, s, n);

	if (p == NULL)
		return -1;
	free(*slot);
	*slot = p;
	return 0;
}

/* A path: relative ones are taken from the config file's directory, so
 * that a reload after the daemon changed directory reads the same file. */
static char *
resolve(struct pstate *ps, const char *v, size_t n)
{
	const char *slash = strrchr(ps->file, '/');
	size_t dn;
	char *p;

	if (v[0] == '/' || slash == NULL)
		return dup_n(ps, v, n);
	dn = (size_t)(slash - ps->file);
	p = malloc(dn + 1 + n + 1);
	if (p == NULL) {
		REPORT(ps, "out of memory");
		return NULL;
	}
	memcpy(p, ps->file, dn);
	p[dn] = '/';
	memcpy(p + dn + 1, v, n);
	p[dn + 1 + n] = '\0';
	return p;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int
conf_socket_check(const char *spec, char *err, size_t errsize)
{
	const char *p, *at;
	unsigned long port;
	char *end;

	if (strncmp(spec, "unix:", 5) == 0 || strncmp(spec, "local:", 6) == 0) {
		p = strchr(spec, ':') + 1;
		if (p[0] != '/') {
			snprintf(err, errsize, "socket path must be absolute: "
			    "\"%s\"", spec);
			return -1;
		}
		if (strlen(p) >= 108) {
			snprintf(err, errsize, "socket path longer than 107 "
			    "bytes");
			return -1;
		}
		return 0;
	}
	if (strncmp(spec, "inet:", 5) == 0)
		p = spec + 5;
	else if (strncmp(spec, "inet6:", 6) == 0)
		p = spec + 6;
	else {
		snprintf(err, errsize, "\"%s\" is no socket: write "
		    "inet:PORT@HOST, inet6:PORT@HOST or unix:/PATH", spec);
		return -1;
	}
	if (p[0] < '0' || p[0] > '9') {
		snprintf(err, errsize, "no port number in \"%s\"", spec);
		return -1;
	}
	errno = 0;
	port = strtoul(p, &end, 10);
	if (errno != 0 || port < 1 || port > 65535 || (*end != '\0' &&
	    *end != '@')) {
		snprintf(err, errsize, "bad port in \"%s\" (1 to 65535)", spec);
		return -1;
	}
	at = end;
	if (*at == '@' && at[1] == '\0') {
		snprintf(err, errsize, "no host after '@' in \"%s\"", spec);
		return -1;
	}
	return 0;
}

static int
check_text(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n)
{
	size_t i;

	if (n < (size_t)k->min || n > (size_t)k->max) {
		REPORT(ps, "%s: %zu characters, want %.0f to %.0f", k->name, n,
		    k->min, k->max);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (k->type == CT_HEADER ? c <= 0x20 || c >= 0x7f || c == ':' :
		    !is_print(c)) {
			REPORT(ps, "%s: character 0x%02x at %zu is not allowed "
			    "(%s)", k->name, c, i + 1, k->type == CT_HEADER ?
			    "a header name is printable ASCII without ':'" :
			    "printable ASCII only");
			return -1;
		}
	}
	return 0;
}

static int
check_user(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n)
{
	size_t i;

	if (n < 1 || n > 32 || v[0] == '-')
		goto bad;
	for (i = 0; i < n; i++)
		if (!(v[i] >= 'a' && v[i] <= 'z') &&
		    !(v[i] >= 'A' && v[i] <= 'Z') &&
		    !(v[i] >= '0' && v[i] <= '9') && v[i] != '_' &&
		    v[i] != '-' && v[i] != '.')
			goto bad;
	return 0;
bad:
	REPORT(ps, "%s: \"%s\" is not a user name", k->name, v);
	return -1;
}

/* Splits off the first blank-separated word of *v. */
static int
take_word(const char **v, size_t *n, const char **w, size_t *wn)
{
	const char *s = *v, *e = *v + *n;

	while (s < e && is_blank(*s))
		s++;
	*w = s;
	while (s < e && !is_blank(*s))
		s++;
	*wn = (size_t)(s - *w);
	while (s < e && is_blank(*s))
		s++;
	*n = (size_t)(e - s);
	*v = s;
	return *wn > 0 ? 0 : -1;
}

static int
grow(struct pstate *ps, void **arr, size_t n, size_t size)
{
	void *p;

	if (n >= CONF_ITEMS_MAX) {
		REPORT(ps, "more than %d entries", CONF_ITEMS_MAX);
		return -1;
	}
	/* Capacity 4, 8, 16 ...: grow when n reaches it. */
	if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
		return 0;
	p = realloc(*arr, (n ? n * 2 : 4) * size);
	if (p == NULL) {
		REPORT(ps, "out of memory");
		return -1;
	}
	*arr = p;
	return 0;
}

static int
get_action(struct pstate *ps, const struct conf_key *k, const char *w,
    size_t wn, enum pol_action *a)
{
	char buf[16];

	if (wn < sizeof(buf)) {
		memcpy(buf, w, wn);
		buf[wn] = '\0';
		if (pol_action_from_name(buf, a) == 0)
			return 0;
	}
	REPORT(ps, "%s: unknown action \"%.*s\" (reject, hold, tag or log)",
	    k->name, (int)(wn > 40 ? 40 : wn), w);
	return -1;
}

static int
add_list(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n, struct conf_list **arr, size_t *cnt)
{
	struct conf_list l;
	const char *w;
	size_t wn;

	memset(&l, 0, sizeof(l));
	l.action = POL_REJECT;
	if (k->type == CT_PLIST) {
		take_word(&v, &n, &w, &wn);
		if (get_action(ps, k, w, wn, &l.action) != 0)
			return -1;
		if (n == 0) {
			REPORT(ps, "%s: no file after the action (write "
			    "ACTION PATH)", k->name);
			return -1;
		}
	}
	l.bundled = memchr(v, '/', n) == NULL;
	l.path = l.bundled ? dup_n(ps, v, n) : resolve(ps, v, n);
	l.line = ps->line;
	if (l.path == NULL)
		return -1;
	if (grow(ps, (void **)arr, *cnt, sizeof(**arr)) != 0) {
		free(l.path);
		return -1;
	}
	(*arr)[(*cnt)++] = l;
	return 0;
}

static int
add_protect(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n)
{
	struct conf *c = ps->c;
	enum pol_action a;
	const char *w;
	size_t wn, i;

	take_word(&v, &n, &w, &wn);
	if (get_action(ps, k, w, wn, &a) != 0)
		return -1;
	if (n == 0) {
		REPORT(ps, "%s: no domain after the action (write ACTION "
		    "DOMAIN...)", k->name);
		return -1;
	}
	while (n > 0) {
		/* Domains are separated by blanks or commas. */
		for (i = 0; i < n && (v[i] == ',' || is_blank(v[i])); i++)
			;
		v += i;
		n -= i;
		for (wn = 0; wn < n && v[wn] != ',' && !is_blank(v[wn]); wn++)
			;
		if (wn == 0)
			break;
		if (wn > TG_DOMAIN_MAX + 1) {
			REPORT(ps, "%s: \"%.20s...\" is longer than a domain",
			    k->name, v);
			return -1;
		}
		if (grow(ps, (void **)&c->protect, c->nprotect,
		    sizeof(*c->protect)) != 0)
			return -1;
		c->protect[c->nprotect].action = a;
		c->protect[c->nprotect].line = ps->line;
		c->protect[c->nprotect].entry = dup_n(ps, v, wn);
		if (c->protect[c->nprotect].entry == NULL)
			return -1;
		c->nprotect++;
		v += wn;
		n -= wn;
	}
	return 0;
}

/* SeverityAction LEVEL ACTION: one rule per level. */
static int
add_sevaction(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n)
{
	struct conf *c = ps->c;
	enum pol_action a;
	const char *w;
	size_t wn;
	int lev;

	take_word(&v, &n, &w, &wn);
	lev = tg_severity_from_name(w, wn);
	if (lev < 0) {
		REPORT(ps, "%s: unknown severity \"%.*s\" (none, low, medium, "
		    "high, critical or 0 to 4)", k->name,
		    (int)(wn > 40 ? 40 : wn), w);
		return -1;
	}
	if (n == 0) {
		REPORT(ps, "%s: no action after the level (write LEVEL "
		    "ACTION)", k->name);
		return -1;
	}
	take_word(&v, &n, &w, &wn);
	if (get_action(ps, k, w, wn, &a) != 0)
		return -1;
	if (n != 0) {
		REPORT(ps, "%s: \"%.*s\" after the action (write LEVEL "
		    "ACTION)", k->name, (int)(n > 40 ? 40 : n), v);
		return -1;
	}
	if (c->sev.rule[lev] >= 0) {
		REPORT(ps, "%s: level %s given again (first on line %lu)",
		    k->name, tg_severity_name(lev), c->sev_line[lev]);
		return -1;
	}
	c->sev.rule[lev] = (int)a;
	c->sev_line[lev] = ps->line;
	return 0;
}

/* A size: digits, then K, M or G (powers of 1024) or nothing. */
static int
parse_size(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t *out)
{
	unsigned long long u, mul = 1;
	char *end;

	errno = 0;
	if (v[0] < '0' || v[0] > '9')
		goto bad;
	u = strtoull(v, &end, 10);
	if (errno != 0)
		goto bad;
	switch (*end) {
	case 'k': case 'K': mul = 1024ull; end++; break;
	case 'm': case 'M': mul = 1024ull * 1024ull; end++; break;
	case 'g': case 'G': mul = 1024ull * 1024ull * 1024ull; end++; break;
	}
	if (*end != '\0')
		goto bad;
	if (u > (unsigned long long)k->max / mul || u * mul < k->min) {
		REPORT(ps, "%s: %s is out of range [%.0fK, %.0fM]", k->name, v,
		    k->min / 1024, k->max / (1024 * 1024));
		return -1;
	}
	*out = (size_t)(u * mul);
	return 0;
bad:
	REPORT(ps, "%s: \"%s\" is not a size (bytes, or a number with K, M "
	    "or G)", k->name, v);
	return -1;
}

/* Sets key k from the value v[0..n) (NUL-terminated at n). */
static int
set_value(struct pstate *ps, const struct conf_key *k, const char *v,
    size_t n)
{
	struct conf *c = ps->c;
	void *slot = (char *)c + k->off;
	char err[256];
	char *end;
	double d;
	unsigned long u;
	int b;

	switch (k->type) {
	case CT_STR:
	case CT_HEADER:
		if (check_text(ps, k, v, n) != 0)
			return -1;
		return set_str(ps, slot, v, n);
	case CT_USER:
		if (check_user(ps, k, v, n) != 0)
			return -1;
		return set_str(ps, slot, v, n);
	case CT_PATH: {
		char *p = resolve(ps, v, n);

		if (p == NULL)
			return -1;
		free(*(char **)slot);
		*(char **)slot = p;
		return 0;
	}
	case CT_SOCKET:
		if (conf_socket_check(v, err, sizeof(err)) != 0) {
			REPORT(ps, "%s: %s", k->name, err);
			return -1;
		}
		return set_str(ps, slot, v, n);
	case CT_BOOL:
		if (parse_bool(v, &b) != 0) {
			REPORT(ps, "%s: \"%s\" is not yes or no", k->name, v);
			return -1;
		}
		*(int *)slot = b;
		return 0;
	case CT_DOUBLE:
		errno = 0;
		d = strtod(v, &end);
		if (errno != 0 || end == v || *end != '\0' || !isfinite(d)) {
			REPORT(ps, "%s: \"%s\" is not a number", k->name, v);
			return -1;
		}
		if (d > k->max || d < k->min || (d == k->min &&
		    (k->flags & CK_MIN_OPEN))) {
			REPORT(ps, "%s: %s is out of range %c%g, %g]", k->name,
			    v, k->flags & CK_MIN_OPEN ? '(' : '[', k->min,
			    k->max);
			return -1;
		}
		*(double *)slot = d;
		return 0;
	case CT_OCTAL:
		errno = 0;
		u = strtoul(v, &end, 8);
		if (errno != 0 || end == v || *end != '\0' || v[0] == '-' ||
		    v[0] == '+' || is_blank(v[0]) || u > (unsigned long)k->max) {
			REPORT(ps, "%s: \"%s\" is not an octal number from 0 "
			    "to %o", k->name, v, (unsigned)k->max);
			return -1;
		}
		*(unsigned *)slot = (unsigned)u;
		return 0;
	case CT_FACILITY:
		if (mlog_facility_from_name(v, slot) != 0) {
			REPORT(ps, "%s: unknown facility \"%s\" (mail, daemon, "
			    "user, local0 ... local7)", k->name, v);
			return -1;
		}
		return 0;
	case CT_LEVEL: {
		enum mlog_level l;

		if (mlog_level_from_name(v, &l) != 0) {
			REPORT(ps, "%s: unknown level \"%s\" (error, warning, "
			    "info, debug)", k->name, v);
			return -1;
		}
		*(int *)slot = (int)l;
		return 0;
	}
	case CT_LOCALSUB: {
		enum pol_action a;

		if (pol_action_from_name(v, &a) != 0 || (a != POL_REJECT &&
		    a != POL_HOLD)) {
			REPORT(ps, "%s: \"%s\" is not reject or hold", k->name,
			    v);
			return -1;
		}
		*(int *)slot = (int)a;
		return 0;
	}
	case CT_PLIST:
		return add_list(ps, k, v, n, &c->plist, &c->nplist);
	case CT_ALLOW:
		return add_list(ps, k, v, n, &c->allow, &c->nallow);
	case CT_PROTECT:
		return add_protect(ps, k, v, n);
	case CT_HOSTS:
		if (hosts_add(&c->internal, v, n, err, sizeof(err)) != 0) {
			REPORT(ps, "%s: %s", k->name, err);
			return -1;
		}
		return 0;
	case CT_SEVACTION:
		return add_sevaction(ps, k, v, n);
	case CT_SIZE:
		return parse_size(ps, k, v, slot);
	}
	REPORT(ps, "%s: internal error: no parser for its type", k->name);
	return -1;
}

/* Clears what a repeatable key's default put in, before the file's
 * first line for it. */
static void
clear_repeat(struct conf *c, const struct conf_key *k)
{
	if (k->type == CT_HOSTS)
		hosts_free(&c->internal);
}

static void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	hosts_init(&c->internal);
	pol_severity_init(&c->sev);
}

/* The defaults, through the same parser as the file. */
static int
apply_defaults(struct pstate *ps)
{
	char v[256];
	size_t i, n;

	ps->line = 0;
	for (i = 0; i < NKEYS; i++) {
		if (keys[i].def == NULL)
			continue;
		n = strlen(keys[i].def);
		memcpy(v, keys[i].def, n + 1);
		if (set_value(ps, &keys[i], v, n) != 0)
			return -1;
	}
	return 0;
}

static const struct conf_key *
find_key(const char *s, size_t n, size_t *idx)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strlen(keys[i].name) == n &&
		    strncasecmp(keys[i].name, s, n) == 0) {
			*idx = i;
			return &keys[i];
		}
	return NULL;
}

static void
parse_line(struct pstate *ps, const char *s, size_t len)
{
	char v[CONF_LINE_MAX + 1];
	const struct conf_key *k;
	size_t i = 0, ks, kn, vs, ve, idx;

	while (i < len && is_blank(s[i]))
		i++;
	if (i == len || s[i] == '#')
		return;
	ks = i;
	while (i < len && !is_blank(s[i]))
		i++;
	kn = i - ks;
	for (vs = ks; vs < ks + kn; vs++)
		if (!is_print((unsigned char)s[vs])) {
			REPORT(ps, "control or non-ASCII byte in a key");
			return;
		}
	k = find_key(s + ks, kn, &idx);
	if (k == NULL) {
		REPORT(ps, "unknown key \"%.*s\"", (int)(kn > 64 ? 64 : kn),
		    s + ks);
		return;
	}
	while (i < len && is_blank(s[i]))
		i++;
	vs = i;
	/* The value ends at a '#' after a blank, or at the line's end. */
	for (ve = vs; ve < len && !(s[ve] == '#' && is_blank(s[ve - 1]));
	    ve++)
		;
	while (ve > vs && is_blank(s[ve - 1]))
		ve--;
	for (i = vs; i < ve; i++)
		if (s[i] != '\t' && !is_print((unsigned char)s[i]) &&
		    (unsigned char)s[i] < 0x80) {
			REPORT(ps, "%s: control character 0x%02x in the value",
			    k->name, (unsigned char)s[i]);
			return;
		}
	if (ps->seen[idx] != 0 && !(k->flags & CK_REPEAT)) {
		REPORT(ps, "%s given again (first on line %lu); only "
		    "ProtectedList, Protect, AllowList, InternalHosts and "
		    "SeverityAction repeat", k->name, ps->seen[idx]);
		return;
	}
	if (ve == vs) {
		REPORT(ps, "%s needs a value (%s)", k->name,
		    type_names[k->type]);
		return;
	}
	if (ps->seen[idx] == 0 && (k->flags & CK_REPEAT))
		clear_repeat(ps->c, k);
	ps->seen[idx] = ps->line;
	memcpy(v, s + vs, ve - vs);
	v[ve - vs] = '\0';
	set_value(ps, k, v, ve - vs);
}

unsigned long
conf_parse(struct conf *c, const char *file, const char *buf, size_t len,
    struct conf_diag *d)
{
	struct pstate ps;
	size_t i = 0, end, n;
	unsigned long before = d->count;

	conf_init(c);
	memset(&ps, 0, sizeof(ps));
	ps.c = c;
	ps.file = file;
	ps.d = d;
	c->file = dup_n(&ps, file, strlen(file));
	if (c->file == NULL || apply_defaults(&ps) != 0)
		return d->count - before;
	if (len > CONF_FILE_MAX) {
		conf_report(d, file, 0, "larger than %u bytes", CONF_FILE_MAX);
		return d->count - before;
	}
	while (i < len) {
		ps.line++;
		for (end = i; end < len && buf[end] != '\n'; end++)
			;
		n = end - i;
		if (n > 0 && buf[i + n - 1] == '\r')
			n--;
		if (n > CONF_LINE_MAX)
			REPORT(&ps, "line longer than %d bytes", CONF_LINE_MAX);
		else if (memchr(buf + i, '\0', n) != NULL)
			REPORT(&ps, "NUL byte in the line");
		else
			parse_line(&ps, buf + i, n);
		if (d->count - before >= CONF_ERRORS_MAX) {
			conf_report(d, file, 0, "too many problems, giving up");
			return d->count - before;
		}
		i = end + 1;
	}
	if (c->nplist == 0 && c->nprotect == 0)
		conf_report(d, file, 0, "no ProtectedList or Protect line: "
		    "nothing to protect");
	return d->count - before;
}

unsigned long
conf_load(struct conf *c, const char *file, struct conf_diag *d)
{
	struct stat st;
	unsigned long rc;
	size_t n;
	char *buf;
	FILE *f;

	conf_init(c);
	f = fopen(file, "rb");
	if (f == NULL) {
		conf_report(d, file, 0, "cannot open: %s", strerror(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		conf_report(d, file, 0, "not a regular file");
		return 1;
	}
	if ((unsigned long long)st.st_size > CONF_FILE_MAX) {
		fclose(f);
		conf_report(d, file, 0, "larger than %u bytes", CONF_FILE_MAX);
		return 1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		conf_report(d, file, 0, "out of memory");
		return 1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		conf_report(d, file, 0, "read error");
		return 1;
	}
	fclose(f);
	rc = conf_parse(c, file, buf, n, d);
	free(buf);
	return rc;
}

static void
free_lists(struct conf_list *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i].path);
	free(l);
}

void
conf_free(struct conf *c)
{
	size_t i;

	free(c->file);
	free(c->socket);
	free(c->user);
	free(c->pidfile);
	free(c->tag_header);
	free(c->psl);
	free(c->contact);
	hosts_free(&c->internal);
	free_lists(c->plist, c->nplist);
	free_lists(c->allow, c->nallow);
	for (i = 0; i < c->nprotect; i++)
		free(c->protect[i].entry);
	free(c->protect);
	memset(c, 0, sizeof(*c));
}

static int
str_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

int
conf_restart_keys(const struct conf *old, const struct conf *new,
    char *buf, size_t size)
{
	size_t i, n = 0;
	int any = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < NKEYS; i++) {
		const struct conf_key *k = &keys[i];
		const char *a = (const char *)old + k->off;
		const char *b = (const char *)new + k->off;
		int differs;

		if (!(k->flags & CK_RESTART))
			continue;
		switch (k->type) {
		case CT_SOCKET:
		case CT_USER:
		case CT_PATH:
			differs = str_differs(*(char *const *)(const void *)a,
			    *(char *const *)(const void *)b);
			break;
		case CT_OCTAL:
			differs = *(const unsigned *)(const void *)a !=
			    *(const unsigned *)(const void *)b;
			break;
		default:
			differs = *(const int *)(const void *)a !=
			    *(const int *)(const void *)b;
			break;
		}
		if (!differs)
			continue;
		any = 1;
		if (n < size) {
			int w = snprintf(buf + n, size - n, "%s%s",
			    n > 0 ? ", " : "", k->name);

			if (w > 0)
				n += (size_t)w;
		}
	}
	return any;
}

void
conf_print_keys(FILE *fp)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		fprintf(fp, "%-24s %-22s %-22s %s%s%s\n", keys[i].name,
		    type_names[keys[i].type], keys[i].def != NULL ?
		    keys[i].def : "-", keys[i].help,
		    keys[i].flags & CK_REPEAT ? " [repeatable]" : "",
		    keys[i].flags & CK_RESTART ? " [restart]" : "");
}
