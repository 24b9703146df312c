/*
 * callbacks.c - the libmilter callbacks: thin, they call the library and
 * the policy and map the answer to SMFIS_* values.
 *
 * State: one struct conn per MTA connection (smfi_setpriv), holding the
 * snapshot taken when the connection started and the current message's
 * findings; libmilter calls one connection's callbacks one at a time.  No
 * callback touches global mutable state but the snapshot pointer
 * (snap_acquire()).  Every failure ends in a verdict: an internal error
 * or a failed libmilter call gives SMFIS_TEMPFAIL, so the client retries
 * and nothing accepted is lost.
 *
 * Steps: negotiate, connect, envfrom, envrcpt, eom, abort, close.  HELO
 * and unknown commands are negotiated away; DATA, headers and body too,
 * unless the configuration looks at content (SeverityAction,
 * ClassifyAll).  Then a message that needs no classification is accepted
 * at DATA or skips its body, and one that does is buffered (content.c)
 * and classified once at its end.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "callbacks.h"
#include "content.h"
#include "log.h"
#include "policy.h"
#include "reply.h"
#include "snap.h"

/* Findings kept per message; more are counted and logged as a number. */
#define FIND_MAX 100
#define CLIENT_MAX (NI_MAXHOST_ + INET6_ADDRSTRLEN + 8)
#define NI_MAXHOST_ 256
#define QID_MAX 64
#define HDR_VALUE_MAX 900

struct finding {
	enum pol_outcome out;
	enum pol_action list;             /* the protected list's action */
	int pending;                      /* out waits for the content */
	char *rcpt;                       /* as the MTA gave it */
	char *part;                       /* its part of a whole-message refusal, or NULL */
	char typo[sizeof(((struct tg_domain *)0)->alabel)]; /* its domain */
	char intended[TG_DOMAIN_MAX + 1];
	unsigned kinds;
	double score;
	char *suggestion;
	char *others;                     /* other intended domains, or NULL */
};

struct conn {
	struct snap *snap;
	unsigned long actions;    /* SMFIF_* the MTA granted */
	unsigned long steps;      /* SMFIP_* agreed */
	int symlist;              /* our macro lists were sent */
	int internal;             /* mail from this client is outbound */
	enum pol_submission sub;
	char client[CLIENT_MAX];  /* host[addr], for logs */
	/* The current message. */
	int checking;
	char *from;
	struct finding *find;
	size_t nfind;
	unsigned long dropped;
	unsigned outcomes;        /* 1u << pol_outcome */
	size_t npending;          /* findings decided at end of message */
	int dropped_pending;      /* ... some of them not kept */
	enum pol_action dropped_list;  /* their strictest list action */
	int content;              /* 0 not decided yet, 1 buffered, -1 not
	                             looked at */
	int failed;               /* a step without a reply failed */
	struct msgbuf mb;
	struct tg_check chk;      /* scratch for envrcpt */
};

static struct conn *
conn_of(SMFICTX *ctx)
{
	return smfi_getpriv(ctx);
}

static void
msg_reset(struct conn *c)
{
	size_t i;

	for (i = 0; i < c->nfind; i++) {
		free(c->find[i].rcpt);
		free(c->find[i].part);
		free(c->find[i].suggestion);
		free(c->find[i].others);
	}
	free(c->find);
	free(c->from);
	msgbuf_free(&c->mb);
	c->find = NULL;
	c->nfind = 0;
	c->dropped = 0;
	c->outcomes = 0;
	c->npending = 0;
	c->dropped_pending = 0;
	c->dropped_list = POL_LOG;
	c->content = 0;
	c->failed = 0;
	c->from = NULL;
	c->checking = 0;
}

static void
conn_free(struct conn *c)
{
	if (c == NULL)
		return;
	msg_reset(c);
	snap_unref(c->snap);
	free(c);
}

static struct conn *
conn_new(void)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->snap = snap_acquire();
	if (c->snap == NULL) {
		free(c);
		return NULL;
	}
	snprintf(c->client, sizeof(c->client), "unknown");
	return c;
}

/* A macro's value, or NULL when the MTA did not send it. */
static const char *
macro(SMFICTX *ctx, const char *name)
{
	return smfi_getsymval(ctx, (char *)name);
}

/* The queue id for logs: "NOQUEUE" when there is none yet. */
static void
queue_id(SMFICTX *ctx, char *buf)
{
	const char *q = macro(ctx, "i");

	if (q == NULL || q[0] == '\0')
		q = "NOQUEUE";
	reply_ascii(q, strlen(q), QID_MAX - 1, buf, QID_MAX);
}

/* "<addr>" for logs: the MTA's brackets, or ours. */
static void
kv_addr(struct mlog_kv *kv, const char *key, const char *a)
{
	char buf[TG_ADDR_INPUT_MAX + 3];
	size_t n = strlen(a);

	if (n > TG_ADDR_INPUT_MAX)
		n = TG_ADDR_INPUT_MAX;
	if (n > 0 && a[0] == '<') {
		mlog_kv_add(kv, key, a, n);
		return;
	}
	buf[0] = '<';
	memcpy(buf + 1, a, n);
	buf[n + 1] = '>';
	mlog_kv_add(kv, key, buf, n + 2);
}

static void
kinds_text(unsigned kinds, char *buf, size_t size)
{
	size_t n = 0;
	int k, w;

	buf[0] = '\0';
	for (k = 0; k < TG_KIND_COUNT && n < size; k++) {
		if (!(kinds & (1u << k)))
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n > 0 ? "+" : "",
		    tg_kind_name(k));
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static void
log_finding(struct conn *c, const char *qid, const struct finding *f,
    enum pol_outcome shown, int sev, const char *reply)
{
	struct mlog_kv kv;
	char prefix[QID_MAX + 2], kinds[256];

	snprintf(prefix, sizeof(prefix), "%s:", qid);
	mlog_kv_init(&kv, prefix);
	mlog_kv_str(&kv, "action", pol_outcome_name(shown));
	kv_addr(&kv, "rcpt", f->rcpt);
	mlog_kv_str(&kv, "intended", f->intended);
	kinds_text(f->kinds, kinds, sizeof(kinds));
	mlog_kv_str(&kv, "kind", kinds);
	mlog_kv_fmt(&kv, "score", "%.2f", f->score);
	if (f->suggestion != NULL && f->suggestion[0] != '\0')
		kv_addr(&kv, "suggestion", f->suggestion);
	if (f->others != NULL)
		mlog_kv_str(&kv, "also", f->others);
	if (sev >= 0)
		mlog_kv_str(&kv, "severity", tg_severity_name(sev));
	kv_addr(&kv, "from", c->from != NULL ? c->from : "");
	mlog_kv_str(&kv, "client", c->client);
	if (reply != NULL)
		mlog_kv_str(&kv, "reply", reply);
	mlog_kv_emit(MLOG_INFO, &kv);
}

/* Fills f from the check; which is the candidate that chose the action.
 * Returns -1 when out of memory. */
static int
finding_fill(struct finding *f, const struct tg_check *r, const char *rcpt,
    size_t which, double threshold, enum pol_outcome out)
{
	const struct tg_candidate *cand = &r->candidates[which];
	char others[512];
	size_t i, n = 0;

	memset(f, 0, sizeof(*f));
	f->out = out;
	snprintf(f->intended, sizeof(f->intended), "%s", cand->domain);
	snprintf(f->typo, sizeof(f->typo), "%s", r->domain.alabel);
	f->kinds = cand->kinds;
	f->score = cand->score;
	others[0] = '\0';
	for (i = 0; i < r->ncandidates; i++) {
		int w;

		if (i == which || r->candidates[i].score < threshold ||
		    n >= sizeof(others))
			continue;
		w = snprintf(others + n, sizeof(others) - n, "%s%s",
		    n > 0 ? "," : "", r->candidates[i].domain);
		if (w > 0)
			n += (size_t)w;
	}
	f->rcpt = strdup(rcpt);
	if (which == 0) {
		f->suggestion = strdup(r->suggestion);
	} else {
		/* The suggestion names the best candidate: rebuild it for
		 * the one that decided. */
		const char *at = strrchr(r->suggestion, '@');
		size_t pl = at != NULL ? (size_t)(at - r->suggestion) + 1 : 0;
		size_t dl = strlen(cand->domain);

		f->suggestion = malloc(pl + dl + 1);
		if (f->suggestion != NULL) {
			memcpy(f->suggestion, r->suggestion, pl);
			memcpy(f->suggestion + pl, cand->domain, dl + 1);
		}
	}
	if (n > 0)
		f->others = strdup(others);
	if (f->rcpt == NULL || f->suggestion == NULL ||
	    (n > 0 && f->others == NULL)) {
		free(f->rcpt);
		free(f->suggestion);
		free(f->others);
		return -1;
	}
	return 0;
}

/* The finding's part of a whole-message reply (reply_part()). */
static int
finding_part(struct finding *f, const struct tg_check *r, size_t which,
    double threshold)
{
	char buf[4096];

	if (reply_part(buf, sizeof(buf), r, f->rcpt, strlen(f->rcpt), which,
	    threshold) != 0)
		return -1;
	f->part = strdup(buf);
	return f->part != NULL ? 0 : -1;
}

/* Sets the reply for SMFIS_REJECT; -1 when libmilter refused it. */
static int
set_reply(SMFICTX *ctx, const struct reply *rp)
{
	static char rcode[] = REPLY_RCODE, xcode[] = REPLY_XCODE;
	char esc[REPLY_LINES_MAX][REPLY_ESCAPED_MAX + 1];
	size_t i;

	for (i = 0; i < rp->nlines; i++)
		if (reply_escape(rp->line[i], esc[i], sizeof(esc[i])) != 0)
			return -1;
	switch (rp->nlines) {
	case 1:
		return smfi_setreply(ctx, rcode, xcode, esc[0]);
	case 2:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    (char *)NULL);
	case 3:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], (char *)NULL);
	case 4:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], esc[3], (char *)NULL);
	case 5:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], esc[3], esc[4], (char *)NULL);
	case 6:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], esc[3], esc[4], esc[5], (char *)NULL);
	case 7:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], esc[3], esc[4], esc[5], esc[6], (char *)NULL);
	case 8:
		return smfi_setmlreply(ctx, rcode, xcode, esc[0], esc[1],
		    esc[2], esc[3], esc[4], esc[5], esc[6], esc[7],
		    (char *)NULL);
	}
	return -1;
}

/* ------------------------------------------------------------------ */

static sfsistat
cb_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	const unsigned long steps = SMFIP_NOHELO | SMFIP_NODATA |
	    SMFIP_NOHDRS | SMFIP_NOEOH | SMFIP_NOBODY | SMFIP_NOUNKNOWN;
	/* Looking at content: DATA (to accept early what needs no look),
	 * headers without a reply each, the value as written, the body
	 * with a way to stop it. */
	const unsigned long csteps = SMFIP_NOHELO | SMFIP_NOEOH |
	    SMFIP_NOUNKNOWN | SMFIP_NR_HDR | SMFIP_HDR_LEADSPC | SMFIP_SKIP;
	struct conn *c;

	(void)f2;
	(void)f3;
	c = conn_new();
	if (c == NULL) {
		mlog(MLOG_WARN, "out of memory for a new connection");
		/* The MTA applies milter_default_action. */
		return SMFIS_REJECT;
	}
	c->actions = 0;
	if (c->snap->needs & SNAP_NEEDS_QUARANTINE) {
		if (f0 & SMFIF_QUARANTINE)
			c->actions |= SMFIF_QUARANTINE;
		else
			mlog(MLOG_WARN, "the MTA does not offer quarantine: "
			    "mail that should be held is refused for now "
			    "(tempfail)");
	}
	if (c->snap->needs & SNAP_NEEDS_ADDHDR) {
		if (f0 & SMFIF_ADDHDRS)
			c->actions |= SMFIF_ADDHDRS;
		else
			mlog(MLOG_WARN, "the MTA does not offer adding headers:"
			    " mail that should be tagged is refused for now "
			    "(tempfail)");
	}
	if (f0 & SMFIF_SETSYMLIST) {
		c->actions |= SMFIF_SETSYMLIST;
		/* Only what the callbacks read.  {client_connections} tells
		 * Postfix's smtpd (which sends it) from its cleanup
		 * emulating SMTP for sendmail/pickup mail (which cannot). */
		c->symlist = smfi_setsymlist(ctx, SMFIM_CONNECT,
		    "v {client_connections}") == MI_SUCCESS &&
		    smfi_setsymlist(ctx, SMFIM_ENVFROM, "i {auth_authen}") ==
		    MI_SUCCESS &&
		    smfi_setsymlist(ctx, SMFIM_ENVRCPT, "i") == MI_SUCCESS &&
		    smfi_setsymlist(ctx, SMFIM_EOM, "i") == MI_SUCCESS;
		if (!c->symlist)
			mlog(MLOG_WARN, "smfi_setsymlist failed: the MTA's "
			    "default macros are used");
	}
	*pf0 = c->actions;
	c->steps = (c->snap->needs & SNAP_NEEDS_CONTENT ? csteps : steps) & f1;
	*pf1 = c->steps;
	*pf2 = 0;
	*pf3 = 0;
	if (smfi_setpriv(ctx, c) != MI_SUCCESS) {
		mlog(MLOG_WARN, "smfi_setpriv failed");
		conn_free(c);
		return SMFIS_REJECT;
	}
	return SMFIS_CONTINUE;
}

static int
port_zero(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)sa)->sin_port
		    == 0;
	if (sa->sa_family == AF_INET6)
		return ((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_port == 0;
	return 0;
}

/*
 * Whether the "connection" is Postfix's cleanup emulating SMTP for a
 * sendmail/pickup submission: its connect macros lack what only smtpd
 * knows ({client_connections}), and its connect info says port 0.  A
 * Sendmail command-line submission has no address at all.
 */
static int
local_submission(SMFICTX *ctx, const struct conn *c,
    const struct sockaddr *sa)
{
	const char *v = macro(ctx, "v");

	if (sa == NULL)
		return 1;
	if (c->symlist && v != NULL && strncmp(v, "Postfix", 7) == 0)
		return macro(ctx, "{client_connections}") == NULL;
	return port_zero(sa);
}

static void
format_client(struct conn *c, const char *host, const struct sockaddr *sa)
{
	char addr[INET6_ADDRSTRLEN] = "unknown";
	char h[NI_MAXHOST_];

	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr, addr, sizeof(addr));
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, addr, sizeof(addr));
	if (host == NULL)
		host = "unknown";
	reply_ascii(host, strlen(host), sizeof(h) - 1, h, sizeof(h));
	snprintf(c->client, sizeof(c->client), "%s[%s]", h, addr);
}

static sfsistat
cb_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *hostaddr)
{
	struct conn *c = conn_of(ctx);
	const struct sockaddr *sa = (const struct sockaddr *)hostaddr;

	if (c == NULL) {
		/* An MTA that did not negotiate: set up here. */
		c = conn_new();
		if (c == NULL || smfi_setpriv(ctx, c) != MI_SUCCESS) {
			mlog(MLOG_WARN, "cannot set up a connection: tempfail");
			conn_free(c);
			return SMFIS_TEMPFAIL;
		}
	}
	format_client(c, host, sa);
	if (local_submission(ctx, c, sa)) {
		c->sub = POL_LOCAL;
		c->internal = 1;
	} else {
		c->sub = POL_SMTP;
		c->internal = hosts_match(&c->snap->conf.internal, sa);
	}
	if (!c->internal && !c->snap->conf.auth_internal) {
		mlog(MLOG_DEBUG, "connect from %s: inbound, not checked",
		    c->client);
		return SMFIS_ACCEPT;
	}
	return SMFIS_CONTINUE;
}

static sfsistat
cb_envfrom(SMFICTX *ctx, char **argv)
{
	struct conn *c = conn_of(ctx);
	const char *auth;
	size_t n;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	msg_reset(c);
	if (!c->internal) {
		auth = macro(ctx, "{auth_authen}");
		if (!c->snap->conf.auth_internal || auth == NULL ||
		    auth[0] == '\0') {
			mlog(MLOG_DEBUG, "mail from %s: inbound, not checked",
			    c->client);
			return SMFIS_ACCEPT;
		}
	}
	n = argv != NULL && argv[0] != NULL ? strlen(argv[0]) : 0;
	if (n > TG_ADDR_INPUT_MAX)
		n = TG_ADDR_INPUT_MAX;
	c->from = malloc(n + 1);
	if (c->from == NULL) {
		mlog(MLOG_WARN, "out of memory: tempfail");
		return SMFIS_TEMPFAIL;
	}
	if (n > 0)
		memcpy(c->from, argv[0], n);
	c->from[n] = '\0';
	c->checking = 1;
	return SMFIS_CONTINUE;
}

static sfsistat
reject_rcpt(SMFICTX *ctx, struct conn *c, const char *rcpt, size_t which)
{
	const struct snap *s = c->snap;
	struct finding f;
	struct reply rp;
	char joined[REPLY_LINES_MAX * (REPLY_TEXT_MAX + 1) + 16];

	if (reply_build(&rp, &c->chk, rcpt, strlen(rcpt), which,
	    s->conf.threshold, s->conf.contact) != 0 ||
	    finding_fill(&f, &c->chk, rcpt, which, s->conf.threshold,
	    POL_OUT_REJECT_RCPT) != 0) {
		mlog(MLOG_WARN, "cannot build the reply: tempfail");
		return SMFIS_TEMPFAIL;
	}
	if (set_reply(ctx, &rp) != MI_SUCCESS) {
		mlog(MLOG_WARN, "smfi_setreply failed: tempfail");
		free(f.rcpt);
		free(f.suggestion);
		free(f.others);
		return SMFIS_TEMPFAIL;
	}
	reply_join(&rp, joined, sizeof(joined));
	log_finding(c, "NOQUEUE", &f, POL_OUT_REJECT_RCPT, -1, joined);
	free(f.rcpt);
	free(f.suggestion);
	free(f.others);
	return SMFIS_REJECT;
}

/* Keeps a finding for the end of the message: its outcome o, or, when
 * pending, its list's action a until the content decides. */
static sfsistat
record(struct conn *c, const char *rcpt, size_t which, enum pol_outcome o,
    enum pol_action a, int pending)
{
	const struct snap *s = c->snap;
	struct finding *nf, *f;

	if (pending)
		c->npending++;
	else
		c->outcomes |= 1u << o;
	if (c->nfind == FIND_MAX) {
		/* Counted; a pending one is still decided. */
		c->dropped++;
		if (pending && (!c->dropped_pending || a > c->dropped_list))
			c->dropped_list = a;
		c->dropped_pending |= pending;
		return SMFIS_CONTINUE;
	}
	if (c->nfind % 8 == 0) {
		nf = realloc(c->find, (c->nfind + 8) * sizeof(*nf));
		if (nf == NULL)
			goto oom;
		c->find = nf;
	}
	f = &c->find[c->nfind];
	if (finding_fill(f, &c->chk, rcpt, which, s->conf.threshold, o) != 0)
		goto oom;
	f->list = a;
	f->pending = pending;
	/* Its part of a reply refusing the whole message, which only a
	 * local submission's reject or a content rule can give; c->chk
	 * holds what it needs only now. */
	if ((pending || o == POL_OUT_REJECT_MSG) &&
	    finding_part(f, &c->chk, which, s->conf.threshold) != 0) {
		free(f->rcpt);
		free(f->suggestion);
		free(f->others);
		goto oom;
	}
	c->nfind++;
	return SMFIS_CONTINUE;
oom:
	mlog(MLOG_WARN, "out of memory: tempfail");
	return SMFIS_TEMPFAIL;
}

static sfsistat
rcpt_decide(SMFICTX *ctx, char **argv)
{
	struct conn *c = conn_of(ctx);
	const struct snap *s;
	const struct tg_check *r;
	enum pol_action act = POL_REJECT;
	enum pol_outcome o;
	size_t which = 0, n;
	const char *rcpt;
	int rc;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (!c->checking || argv == NULL || argv[0] == NULL)
		return SMFIS_CONTINUE;
	s = c->snap;
	r = &c->chk;
	rcpt = argv[0];
	n = strlen(rcpt);
	rc = tg_check(s->ix, rcpt, n, c->from, strlen(c->from), &c->chk);
	if (rc != TG_OK && r->verdict != TG_VERDICT_INVALID) {
		mlog(MLOG_WARN, "checking a recipient failed: %s: tempfail",
		    tg_strerror(rc));
		return SMFIS_TEMPFAIL;
	}
	switch (r->verdict) {
	case TG_VERDICT_TYPO:
		if (policy_action(r, s->conf.threshold, snap_lookup,
		    (void *)s, &act, &which) != 0)
			return SMFIS_CONTINUE;
		/* With content rules the recipient is accepted for now and
		 * decided with the message's severity at its end. */
		if (s->content_rules)
			return record(c, rcpt, which, POL_OUT_NONE, act, 1);
		o = policy_decide(r->verdict, 1, 0, act, c->sub,
		    (enum pol_action)s->conf.local_submission);
		break;
	case TG_VERDICT_ALLOWED:
		o = policy_decide(r->verdict, r->ncandidates > 0,
		    strncmp(r->reason, "allowlist:", 10) == 0, act, c->sub,
		    (enum pol_action)s->conf.local_submission);
		if (o == POL_OUT_NONE && r->ncandidates > 0)
			mlog(MLOG_DEBUG, "rcpt %.300s looks like %s: %s",
			    rcpt, r->candidates[0].domain, r->reason);
		break;
	default:
		/* Clean, protected, or not an address (the MTA judges
		 * syntax). */
		return SMFIS_CONTINUE;
	}
	switch (o) {
	case POL_OUT_NONE:
		return SMFIS_CONTINUE;
	case POL_OUT_REJECT_RCPT:
		return reject_rcpt(ctx, c, rcpt, which);
	default:
		return record(c, rcpt, which, o, act, 0);
	}
}

/* The RCPT step; at LogLevel debug it also logs how long the decision
 * took (the milter benchmark reads these lines). */
static sfsistat
cb_envrcpt(SMFICTX *ctx, char **argv)
{
	struct timespec t0, t1;
	sfsistat st;

	if (!mlog_enabled(MLOG_DEBUG))
		return rcpt_decide(ctx, argv);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = rcpt_decide(ctx, argv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	mlog(MLOG_DEBUG, "rcpt callback ns=%lld",
	    (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
	    (t1.tv_nsec - t0.tv_nsec));
	return st;
}

/* Builds "<rcpt> typo-of=DOMAIN kind=KINDS" (ASCII), for a header or a
 * quarantine reason. */
static void
describe(const struct finding *f, const char *lead, char *buf, size_t size)
{
	char rcpt[REPLY_ADDR_SHOWN + 4], kinds[256];
	const char *a = f->rcpt;
	size_t n = strlen(a);

	if (n > 0 && a[0] == '<') {
		a++;
		n--;
	}
	if (n > 0 && a[n - 1] == '>')
		n--;
	reply_ascii(a, n, REPLY_ADDR_SHOWN, rcpt, sizeof(rcpt));
	kinds_text(f->kinds, kinds, sizeof(kinds));
	snprintf(buf, size, "%s<%s> typo-of=%s kind=%s", lead, rcpt,
	    f->intended, kinds);
}

static sfsistat
eom_fail(struct conn *c, const char *qid, const char *what)
{
	mlog(MLOG_WARN, "%s: %s failed: tempfail", qid, what);
	msg_reset(c);
	return SMFIS_TEMPFAIL;
}

/* Whether this message is classified: decided once, at its first DATA,
 * header or body step (recipients are all known by then) or at its
 * end. */
static void
content_decide(struct conn *c)
{
	if (c->content != 0)
		return;
	if (c->checking && (c->snap->conf.classify_all || c->npending > 0)) {
		msgbuf_init(&c->mb, c->snap->conf.content_max);
		c->content = 1;
	} else {
		c->content = -1;
	}
}

static sfsistat
cb_data(SMFICTX *ctx)
{
	struct conn *c = conn_of(ctx);

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	content_decide(c);
	/* Nothing to classify and nothing to do at the end: done. */
	if (c->content < 0 && c->nfind == 0 && c->dropped == 0) {
		msg_reset(c);
		return SMFIS_ACCEPT;
	}
	return SMFIS_CONTINUE;
}

/* The reply to a header step: none when SMFIP_NR_HDR was agreed. */
static sfsistat
hdr_reply(const struct conn *c)
{
	return c != NULL && (c->steps & SMFIP_NR_HDR) ? SMFIS_NOREPLY :
	    SMFIS_CONTINUE;
}

static sfsistat
cb_header(SMFICTX *ctx, char *name, char *value)
{
	struct conn *c = conn_of(ctx);

	if (c == NULL)
		return hdr_reply(c);
	content_decide(c);
	if (c->content > 0 && !c->failed && name != NULL &&
	    msgbuf_header(&c->mb, name, value, (c->steps &
	    SMFIP_HDR_LEADSPC) != 0) != 0) {
		/* No reply to give here: the end of message tempfails. */
		mlog(MLOG_WARN, "out of memory for the message header");
		c->failed = 1;
	}
	return hdr_reply(c);
}

static sfsistat
cb_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct conn *c = conn_of(ctx);
	sfsistat skip;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	skip = c->steps & SMFIP_SKIP ? SMFIS_SKIP : SMFIS_CONTINUE;
	content_decide(c);
	if (c->content < 0 || c->failed)
		return skip;
	if (msgbuf_body(&c->mb, chunk, len) != 0) {
		mlog(MLOG_WARN, "out of memory for the message body: "
		    "tempfail");
		msg_reset(c);
		return SMFIS_TEMPFAIL;
	}
	/* Past ContentMaxBytes the rest is not needed. */
	return c->mb.truncated ? skip : SMFIS_CONTINUE;
}

/* "financial:2,markings:1"; "-" when none. */
static void
counts_text(const struct tg_scan *r, char *buf, size_t size)
{
	size_t n = 0;
	int k, w;

	buf[0] = '\0';
	for (k = 0; k < TG_CATEGORY_COUNT && n < size; k++) {
		if (r->counts[k] == 0)
			continue;
		w = snprintf(buf + n, size - n, "%s%s:%lu", n > 0 ? "," : "",
		    tg_category_name(k), r->counts[k]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	if (n == 0)
		snprintf(buf, size, "-");
}

static void
flags_text(unsigned flags, char *buf, size_t size)
{
	size_t n = 0;
	unsigned bit;
	int w;

	buf[0] = '\0';
	for (bit = 1; bit != 0 && n < size; bit <<= 1) {
		const char *name = tg_scan_flag_name(bit);

		if (!(flags & bit) || name == NULL)
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n > 0 ? "," : "",
		    name);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	if (n == 0)
		snprintf(buf, size, "-");
}

/* The strictest outcome of the message, for the content log line. */
static const char *
message_action(unsigned outcomes)
{
	static const enum pol_outcome order[] = { POL_OUT_REJECT_MSG,
	    POL_OUT_HOLD, POL_OUT_TAG, POL_OUT_LOG, POL_OUT_ALLOWED };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(*order); i++)
		if (outcomes & (1u << order[i]))
			return pol_outcome_name(order[i]);
	return "none";
}

/*
 * Classifies the buffered message and decides the pending findings.
 * Sets *sev (-1 when not classified).  One log line, key=value: the
 * severity, what limited the scan, counts per category; never a byte of
 * the message.  Returns -1 when the classifier failed (the caller
 * tempfails).
 */
static int
classify(struct conn *c, const char *qid, int *sev)
{
	const struct snap *s = c->snap;
	struct tg_scan *r = NULL;
	struct tg_error err;
	struct timespec t0, t1;
	struct mlog_kv kv;
	char prefix[QID_MAX + 2], counts[512], flags[256];
	unsigned fl;
	size_t i;
	int ruled = -1, rl;

	*sev = -1;
	if (c->content <= 0)
		return 0;
	if (msgbuf_eoh(&c->mb) != 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (tg_scan_message(s->clf, c->mb.p != NULL ? c->mb.p : "", c->mb.n,
	    &r, &err) != TG_OK) {
		mlog(MLOG_WARN, "%s: classifying the message failed: %s", qid,
		    err.message);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fl = r->flags;
	*sev = (int)r->severity;
	if (c->mb.truncated) {
		/* Unread content may be the worst: at least high. */
		fl |= TG_SCAN_TRUNC_BYTES;
		if (*sev < TG_SEVERITY_HIGH)
			*sev = TG_SEVERITY_HIGH;
	}
	for (i = 0; i < c->nfind; i++) {
		struct finding *f = &c->find[i];
		enum pol_action a;

		if (!f->pending)
			continue;
		a = policy_severity(&s->conf.sev, f->list, *sev, &rl);
		if (rl > ruled)
			ruled = rl;
		f->out = policy_decide_eom(a, c->sub,
		    (enum pol_action)s->conf.local_submission);
		f->pending = 0;
		c->outcomes |= 1u << f->out;
	}
	if (c->dropped_pending) {
		/* Findings not kept: decided with the strictest of their
		 * lists' actions. */
		enum pol_action a = policy_severity(&s->conf.sev,
		    c->dropped_list, *sev, &rl);

		if (rl > ruled)
			ruled = rl;
		c->outcomes |= 1u << policy_decide_eom(a, c->sub,
		    (enum pol_action)s->conf.local_submission);
	}
	snprintf(prefix, sizeof(prefix), "%s:", qid);
	mlog_kv_init(&kv, prefix);
	mlog_kv_str(&kv, "content", "classified");
	mlog_kv_str(&kv, "severity", tg_severity_name(*sev));
	mlog_kv_str(&kv, "reason", c->mb.truncated && r->severity <
	    TG_SEVERITY_HIGH ? "ContentMaxBytes reached" : r->rule);
	mlog_kv_fmt(&kv, "bytes", "%llu", c->mb.seen);
	mlog_kv_str(&kv, "truncated", fl & TG_SCAN_TRUNCATED ? "yes" : "no");
	flags_text(fl, flags, sizeof(flags));
	mlog_kv_str(&kv, "flags", flags);
	counts_text(r, counts, sizeof(counts));
	mlog_kv_str(&kv, "categories", counts);
	mlog_kv_fmt(&kv, "typos", "%lu", (unsigned long)c->nfind +
	    c->dropped);
	if (c->npending > 0)
		mlog_kv_str(&kv, "rule", ruled >= 0 ? tg_severity_name(ruled) :
		    "list");
	mlog_kv_str(&kv, "action", message_action(c->outcomes));
	mlog_kv_fmt(&kv, "scan_us", "%lld", ((long long)(t1.tv_sec -
	    t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec)) / 1000);
	kv_addr(&kv, "from", c->from != NULL ? c->from : "");
	mlog_kv_str(&kv, "client", c->client);
	mlog_kv_emit(MLOG_INFO, &kv);
	tg_scan_free(r);
	/* The buffer is not needed any more. */
	msgbuf_free(&c->mb);
	return 0;
}

/* The reply refusing the whole message: every finding refused. */
static int
message_reply(const struct conn *c, struct reply *rp)
{
	const char *parts[FIND_MAX];
	const char *domain = NULL;
	size_t i, n = 0;

	for (i = 0; i < c->nfind; i++) {
		if (c->find[i].out != POL_OUT_REJECT_MSG)
			continue;
		parts[n++] = c->find[i].part;
		domain = c->find[i].typo;
	}
	return reply_build_message(rp, parts, n, domain, c->snap->conf.contact,
	    c->snap->content_rules);
}

static sfsistat
cb_eom(SMFICTX *ctx)
{
	struct conn *c = conn_of(ctx);
	struct reply rp;
	char qid[QID_MAX], buf[HDR_VALUE_MAX], sevtext[32];
	char joined[REPLY_LINES_MAX * (REPLY_TEXT_MAX + 1) + 16];
	sfsistat ret = SMFIS_CONTINUE;
	size_t i;
	int sev = -1;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (!c->checking) {
		msg_reset(c);
		return SMFIS_CONTINUE;
	}
	queue_id(ctx, qid);
	if (c->failed)
		return eom_fail(c, qid, "buffering the message");
	content_decide(c);
	if (classify(c, qid, &sev) != 0)
		return eom_fail(c, qid, "classifying");
	if (c->outcomes == 0) {
		msg_reset(c);
		return SMFIS_CONTINUE;
	}
	if (c->outcomes & (1u << POL_OUT_REJECT_MSG)) {
		/* The whole message is refused: sendmail/pickup mail (Postfix
		 * returns it to the sender with this text), or a decision
		 * that waited for the content (the client gets it at the end
		 * of DATA). */
		if (message_reply(c, &rp) != 0 || set_reply(ctx, &rp) !=
		    MI_SUCCESS)
			return eom_fail(c, qid, "smfi_setreply");
		reply_join(&rp, joined, sizeof(joined));
		for (i = 0; i < c->nfind; i++)
			log_finding(c, qid, &c->find[i], POL_OUT_REJECT_MSG,
			    sev, c->find[i].out == POL_OUT_REJECT_MSG ?
			    joined : NULL);
		ret = SMFIS_REJECT;
		goto done;
	}
	if (c->outcomes & (1u << POL_OUT_HOLD)) {
		for (i = 0; i < c->nfind; i++)
			if (c->find[i].out == POL_OUT_HOLD)
				break;
		if (i < c->nfind)
			describe(&c->find[i], "typoguard: ", buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "typoguard: typo recipient");
		if (sev >= 0) {
			snprintf(sevtext, sizeof(sevtext), " severity=%s",
			    tg_severity_name(sev));
			if (strlen(buf) + strlen(sevtext) < sizeof(buf))
				strcat(buf, sevtext);
		}
		if (!(c->actions & SMFIF_QUARANTINE) ||
		    smfi_quarantine(ctx, buf) != MI_SUCCESS)
			return eom_fail(c, qid, "smfi_quarantine");
	}
	for (i = 0; i < c->nfind; i++) {
		if (c->find[i].out != POL_OUT_TAG)
			continue;
		describe(&c->find[i], "", buf, sizeof(buf));
		if (!(c->actions & SMFIF_ADDHDRS) ||
		    smfi_addheader(ctx, c->snap->conf.tag_header, buf) !=
		    MI_SUCCESS)
			return eom_fail(c, qid, "smfi_addheader");
	}
	for (i = 0; i < c->nfind; i++)
		log_finding(c, qid, &c->find[i], c->find[i].out, sev, NULL);
done:
	if (c->dropped > 0)
		mlog(MLOG_INFO, "%s: %lu more typo recipients not listed",
		    qid, c->dropped);
	msg_reset(c);
	return ret;
}

static sfsistat
cb_abort(SMFICTX *ctx)
{
	struct conn *c = conn_of(ctx);

	if (c != NULL)
		msg_reset(c);
	return SMFIS_CONTINUE;
}

static sfsistat
cb_close(SMFICTX *ctx)
{
	struct conn *c = conn_of(ctx);

	if (c != NULL) {
		conn_free(c);
		if (smfi_setpriv(ctx, NULL) != MI_SUCCESS)
			mlog(MLOG_WARN, "smfi_setpriv failed at close");
	}
	return SMFIS_CONTINUE;
}

struct smfiDesc cb_filter = {
	.xxfi_name = "typoguard-milter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_QUARANTINE | SMFIF_SETSYMLIST,
	.xxfi_connect = cb_connect,
	.xxfi_envfrom = cb_envfrom,
	.xxfi_envrcpt = cb_envrcpt,
	.xxfi_data = cb_data,
	.xxfi_header = cb_header,
	.xxfi_body = cb_body,
	.xxfi_eom = cb_eom,
	.xxfi_abort = cb_abort,
	.xxfi_close = cb_close,
	.xxfi_negotiate = cb_negotiate,
};
