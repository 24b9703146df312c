/*
 * cmd_check.c - typoguard check: is a recipient a typo of a domain the
 * organisation means to write to?
 *
 *   typoguard check [-p FILE]... [-P DOMAIN]... [--allow FILE]...
 *       [--no-legit] [--threshold X] [--layout L=W,...] [--sender ADDRESS]
 *       [--json] [--psl FILE] [ADDRESS|DOMAIN...|-]
 *
 * The index is built once; then each input is one tg_check() and one line
 * of output.  Batch input comes through the bounded line reader and goes
 * out through one output buffer (struct obuf): nothing is allocated per
 * line, and a line costs plain stores, no stdio or printf call per field.
 *
 * Exit: 1 when any input is a typo (even if others were invalid), 65 when
 * every input was invalid or a list had bad entries, else 0.
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct opts {
	struct obuf *out;
	int json;
	const char *sender;
	size_t slen;
};

struct tally {
	unsigned long total, typo, invalid;
};

/* The names of kinds and exposures with their lengths, looked up once:
 * a line with a candidate writes several. */
struct name {
	const char *s;
	size_t n;
};

static struct name kind_names[TG_KIND_COUNT];
static struct name exposure_names[TG_EXPOSURE_COUNT];

static void
names_init(void)
{
	int k;

	for (k = 0; k < TG_KIND_COUNT; k++) {
		kind_names[k].s = tg_kind_name(k);
		kind_names[k].n = strlen(kind_names[k].s);
	}
	for (k = 0; k < TG_EXPOSURE_COUNT; k++) {
		exposure_names[k].s = tg_exposure_name(k);
		exposure_names[k].n = strlen(exposure_names[k].s);
	}
}

static void
put_exposure(struct obuf *o, int e)
{
	if (e >= 0 && e < TG_EXPOSURE_COUNT)
		ob_write(o, exposure_names[e].s, exposure_names[e].n);
	else
		ob_puts(o, tg_exposure_name(e));
}

/* Kinds as "omission+tld-typo" (text) or ["omission","tld-typo"]. */
static void
put_kinds(struct obuf *o, unsigned kinds, int json)
{
	unsigned m = kinds & ((1u << TG_KIND_COUNT) - 1);
	int k, n = 0;

	if (json)
		ob_putc(o, '[');
	for (; m != 0; m &= m - 1) {
		k = __builtin_ctz(m);
		if (n++ > 0)
			ob_putc(o, json ? ',' : '+');
		if (json)
			ob_putc(o, '"');
		ob_write(o, kind_names[k].s, kind_names[k].n);
		if (json)
			ob_putc(o, '"');
	}
	if (json)
		ob_putc(o, ']');
}

/* " (KINDS, score S, EXPOSURE)" or, short, " (KINDS, S)". */
static void
put_detail(struct obuf *o, const struct tg_candidate *c, int full)
{
	ob_puts(o, " (");
	put_kinds(o, c->kinds, 0);
	ob_puts(o, full ? ", score " : ", ");
	ob_fixed(o, c->score, 2);
	if (full) {
		ob_puts(o, ", ");
		put_exposure(o, c->exposure);
	}
	ob_putc(o, ')');
}

static void
put_text(struct obuf *o, const char *in, size_t inlen,
    const struct tg_check *r)
{
	const struct tg_candidate *c = &r->candidates[0];
	size_t i;

	ob_text(o, in, inlen);
	ob_puts(o, ": ");
	switch (r->verdict) {
	case TG_VERDICT_TYPO:
		ob_puts(o, "typo of ");
		ob_puts(o, c->domain);
		put_detail(o, c, 1);
		ob_puts(o, " -> ");
		ob_text(o, r->suggestion, strlen(r->suggestion));
		for (i = 1; i < r->ncandidates; i++) {
			ob_puts(o, i == 1 ? "; also " : ", ");
			ob_puts(o, r->candidates[i].domain);
			put_detail(o, &r->candidates[i], 0);
		}
		if (r->flags & TG_CHECK_MORE)
			ob_puts(o, ", and more");
		if (r->flags & TG_CHECK_SELF_FORWARD)
			ob_puts(o, "; self-forward");
		break;
	case TG_VERDICT_CLEAN:
		ob_puts(o, "clean");
		if (r->ncandidates > 0) {
			ob_puts(o, "; below threshold: ");
			ob_puts(o, c->domain);
			put_detail(o, c, 1);
		}
		break;
	case TG_VERDICT_ALLOWED:
	case TG_VERDICT_PROTECTED:
		ob_puts(o, tg_verdict_name(r->verdict));
		ob_puts(o, " (");
		ob_text(o, r->reason, strlen(r->reason));
		ob_putc(o, ')');
		if (r->ncandidates > 0) {
			ob_puts(o, "; looks like ");
			ob_puts(o, c->domain);
			put_detail(o, c, 1);
		}
		break;
	default:
		ob_puts(o, "invalid: ");
		ob_puts(o, r->error.message);
		ob_puts(o, " [");
		ob_puts(o, tg_errname(r->error.code));
		ob_putc(o, ']');
		break;
	}
	ob_putc(o, '\n');
}

/* ,"key": then the string, or null when s is NULL. */
static void
put_jstr(struct obuf *o, const char *key, const char *s)
{
	ob_puts(o, ",\"");
	ob_puts(o, key);
	ob_puts(o, "\":");
	if (s == NULL)
		ob_puts(o, "null");
	else
		ob_json_str(o, s, strlen(s));
}

static void
put_json(struct obuf *o, const char *in, size_t inlen,
    const struct tg_check *r)
{
	const struct tg_candidate *c = r->ncandidates > 0 ?
	    &r->candidates[0] : NULL;
	int invalid = r->verdict == TG_VERDICT_INVALID;
	size_t i;

	ob_puts(o, "{\"input\":");
	ob_json_str(o, in, inlen);
	ob_puts(o, ",\"verdict\":\"");
	ob_puts(o, tg_verdict_name(r->verdict));
	ob_putc(o, '"');
	put_jstr(o, "domain", invalid ? NULL : r->domain.alabel);
	put_jstr(o, "intended", c != NULL ? c->domain : NULL);
	put_jstr(o, "suggestion", r->suggestion[0] ? r->suggestion : NULL);
	ob_puts(o, ",\"kinds\":");
	put_kinds(o, c != NULL ? c->kinds : 0, 1);
	ob_puts(o, ",\"score\":");
	ob_fixed(o, c != NULL ? c->score : 0, 3);
	put_jstr(o, "exposure", c != NULL ? tg_exposure_name(c->exposure) :
	    NULL);
	put_jstr(o, "reason", r->reason[0] ? r->reason : NULL);
	ob_puts(o, (r->flags & TG_CHECK_SELF_FORWARD) ?
	    ",\"self_forward\":true" : ",\"self_forward\":false");
	ob_puts(o, ",\"candidates\":[");
	for (i = 0; i < r->ncandidates; i++) {
		const struct tg_candidate *k = &r->candidates[i];

		ob_puts(o, i > 0 ? ",{\"domain\":" : "{\"domain\":");
		ob_json_str(o, k->domain, strlen(k->domain));
		put_jstr(o, "entry", k->entry);
		ob_puts(o, ",\"kinds\":");
		put_kinds(o, k->kinds, 1);
		ob_puts(o, ",\"score\":");
		ob_fixed(o, k->score, 3);
		ob_puts(o, ",\"plausibility\":");
		ob_fixed(o, k->plausibility, 3);
		put_jstr(o, "exposure", tg_exposure_name(k->exposure));
		ob_putc(o, '}');
	}
	ob_puts(o, "],\"error\":");
	if (!invalid) {
		ob_puts(o, "null}\n");
		return;
	}
	ob_puts(o, "{\"code\":\"");
	ob_puts(o, tg_errname(r->error.code));
	ob_putc(o, '"');
	put_jstr(o, "message", r->error.message);
	ob_puts(o, ",\"offset\":");
	if (r->error.has_offset)
		ob_ulong(o, (unsigned long)r->error.offset);
	else
		ob_puts(o, "null");
	ob_puts(o, "}}\n");
}

static void
put_result(const struct opts *opt, const char *in, size_t inlen,
    const struct tg_check *r, struct tally *t)
{
	t->total++;
	if (r->verdict == TG_VERDICT_TYPO)
		t->typo++;
	else if (r->verdict == TG_VERDICT_INVALID)
		t->invalid++;
	if (opt->json)
		put_json(opt->out, in, inlen, r);
	else
		put_text(opt->out, in, inlen, r);
}

/* Checks one input; blanks around it are not part of it. */
static void
one(const tg_index *ix, const struct opts *o, const char *s, size_t len,
    struct tg_check *r, struct tally *t)
{
	const char *v = trim(s, &len);

	(void)tg_check(ix, v, len, o->sender, o->slen, r);
	put_result(o, v, len, r, t);
}

static int
from_stdin(const tg_index *ix, const struct opts *o, struct tg_check *r,
    struct tally *t)
{
	struct lines *rd;
	const char *line;
	size_t len, full, tlen;
	int rc;

	rd = lines_open(stdin);
	if (rd == NULL) {
		cli_warn("check", "out of memory");
		return EXIT_OSERR;
	}
	while ((rc = lines_next(rd, &line, &len, &full)) == 1) {
		tlen = len;
		trim(line, &tlen);
		if (tlen == 0)
			continue;
		if (full > len) {
			/* Shown cut to 64 bytes: the point is which line. */
			memset(r, 0, offsetof(struct tg_check, candidates));
			r->verdict = TG_VERDICT_INVALID;
			memset(&r->error, 0, sizeof(r->error));
			r->error.code = TG_ETOOLONG;
			snprintf(r->error.message, sizeof(r->error.message),
			    "line %lu of %zu bytes, limit %d",
			    lines_number(rd), full, LINE_MAX_BYTES);
			put_result(o, line, 64, r, t);
		} else {
			one(ix, o, line, len, r, t);
		}
		/* A full disk or a closed pipe: no use reading on. */
		if (ferror(stdout))
			break;
	}
	lines_close(rd);
	if (rc < 0) {
		ob_drain(o->out);
		cli_warn("check", "reading standard input: %s",
		    strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

/*
 * --layout qwerty=1,azerty=0.5: the weight of each layout named; a name
 * alone means weight 1; layouts not named weigh 0.  Returns 0 or -1.
 */
static int
parse_layouts(const char *arg, struct tg_index_opts *io)
{
	const char *p = arg, *end, *eq;
	char *num_end;
	double w;
	int l, any = 0;

	memset(io->layout_weight, 0, sizeof(io->layout_weight));
	for (;;) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		l = tg_layout_from_name(p, (size_t)((eq != NULL ? eq : end) -
		    p));
		if (l < 0) {
			cli_warn("check", "--layout: unknown layout '%.*s' "
			    "(qwerty, qwertz, azerty)",
			    (int)((eq != NULL ? eq : end) - p), p);
			return -1;
		}
		w = 1;
		if (eq != NULL) {
			errno = 0;
			w = strtod(eq + 1, &num_end);
			if (num_end != end || eq + 1 == end || errno != 0 ||
			    !(w >= 0 && w <= 1)) {
				cli_warn("check", "--layout: weight of %s "
				    "must be a number in [0, 1]",
				    tg_layout_name(l));
				return -1;
			}
		}
		io->layout_weight[l] = w;
		any |= w > 0;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	if (!any) {
		cli_warn("check", "--layout: every layout weighs 0");
		return -1;
	}
	return 0;
}

static void
check_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s check [-p FILE]... [-P DOMAIN]... [--allow FILE]...\n"
	    "           [--no-legit] [--threshold X] [--layout L=W,...]\n"
	    "           [--sender ADDRESS] [--json] [--psl FILE]"
	    " [ADDRESS|DOMAIN...|-]\n"
	    "  Says for each recipient whether its domain is a typo of a\n"
	    "  protected domain, and which one was meant.\n"
	    "  -p FILE          protected list file (default: the bundled"
	    " set)\n"
	    "  -P DOMAIN        protect one domain, or a TLD as .mil\n"
	    "  --allow FILE     allowlist: real correspondents, never typos\n"
	    "  --no-legit       do not load the bundled known-legitimate"
	    " list\n"
	    "  --threshold X    score in (0, 1] from which a match is a typo"
	    "\n"
	    "  --layout L=W,... keyboard layouts and their weights\n"
	    "  --sender ADDR    envelope sender (a forward to oneself"
	    " scores higher)\n"
	    "  --json           one JSON object per line (JSON Lines)\n"
	    "  --psl FILE       public suffix list file\n"
	    "  -                read one per line from standard input (also"
	    " when none given)\n"
	    "Exit: 0 nothing found, 1 a typo found, 65 every input invalid.\n",
	    progname);
}

int
cmd_check(int argc, char **argv)
{
	enum { O_ALLOW = 256, O_NOLEGIT, O_THRESHOLD, O_LAYOUT, O_SENDER,
	    O_PSL };
	static const struct option longopts[] = {
		{ "protected", required_argument, NULL, 'p' },
		{ "protect", required_argument, NULL, 'P' },
		{ "allow", required_argument, NULL, O_ALLOW },
		{ "no-legit", no_argument, NULL, O_NOLEGIT },
		{ "threshold", required_argument, NULL, O_THRESHOLD },
		{ "layout", required_argument, NULL, O_LAYOUT },
		{ "sender", required_argument, NULL, O_SENDER },
		{ "json", no_argument, NULL, 'j' },
		{ "psl", required_argument, NULL, O_PSL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char obmem[1 << 16];
	struct obuf ob = { stdout, 0, sizeof(obmem), obmem };
	struct opts o = { 0 };
	struct tg_index_opts io;
	struct ix_setup s;
	struct ix_src *srcs;
	struct tally t = { 0, 0, 0 };
	struct tg_check *r = NULL;
	struct tg_addr from;
	struct tg_error e;
	tg_ctx *ctx = NULL;
	tg_index *ix = NULL;
	size_t nsrcs = 0;
	char *end;
	int c, i, rc, wrc, nprot = 0;

	names_init();
	memset(&io, 0, sizeof(io));
	memset(&s, 0, sizeof(s));
	s.cmd = "check";
	s.legit = 1;
	srcs = calloc((size_t)argc, sizeof(*srcs));
	if (srcs == NULL) {
		cli_warn("check", "out of memory");
		return EXIT_OSERR;
	}
	optind = 1;
	opterr = 0;
	rc = 0;
	while (rc == 0 &&
	    (c = getopt_long(argc, argv, "p:P:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'P':
		case O_ALLOW:
			srcs[nsrcs].list = c == O_ALLOW ? TG_LIST_ALLOW :
			    TG_LIST_PROTECTED;
			srcs[nsrcs].is_file = c != 'P';
			srcs[nsrcs].arg = optarg;
			nsrcs++;
			nprot += c != O_ALLOW;
			break;
		case O_NOLEGIT:
			s.legit = 0;
			break;
		case O_THRESHOLD:
			errno = 0;
			io.threshold = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(io.threshold > 0 && io.threshold <= 1)) {
				cli_warn("check", "--threshold: '%s' is not a "
				    "number in (0, 1]", optarg);
				rc = EXIT_USAGE;
			}
			break;
		case O_LAYOUT:
			if (parse_layouts(optarg, &io) != 0)
				rc = EXIT_USAGE;
			break;
		case O_SENDER:
			o.sender = optarg;
			o.slen = strlen(optarg);
			break;
		case 'j':
			o.json = 1;
			break;
		case O_PSL:
			s.psl = optarg;
			break;
		case 'h':
			check_usage(stdout);
			free(srcs);
			return 0;
		default:
			cli_warn("check", "unknown option or missing value: "
			    "'%s'", argv[optind - 1]);
			check_usage(stderr);
			rc = EXIT_USAGE;
		}
	}
	if (rc != 0) {
		free(srcs);
		return rc;
	}
	s.opts = &io;
	s.srcs = srcs;
	s.nsrcs = nsrcs;
	s.default_protected = nprot == 0;
	if ((rc = ix_build(&s, &ctx, &ix)) != 0)
		goto done;
	if (o.sender != NULL && tg_addr_parse(ctx, o.sender, o.slen,
	    TG_ADDR_ALLOW_NULL, &from, &e) != TG_OK) {
		cli_warn("check", "--sender '%s': %s", o.sender, e.message);
		rc = EXIT_USAGE;
		goto done;
	}
	r = malloc(sizeof(*r));
	if (r == NULL) {
		cli_warn("check", "out of memory");
		rc = EXIT_OSERR;
		goto done;
	}
	out_start();
	o.out = &ob;
	if (optind >= argc)
		rc = from_stdin(ix, &o, r, &t);
	for (i = optind; i < argc && rc == 0 && !ferror(stdout); i++) {
		if (strcmp(argv[i], "-") == 0)
			rc = from_stdin(ix, &o, r, &t);
		else
			one(ix, &o, argv[i], strlen(argv[i]), r, &t);
	}
	ob_drain(&ob);
	wrc = out_finish("check");
	if (wrc != 0)
		rc = wrc;
	else if (rc == 0)
		rc = t.typo > 0 ? EXIT_FOUND :
		    t.total > 0 && t.invalid == t.total ? EXIT_DATAERR : 0;
done:
	free(r);
	tg_index_free(ix);
	tg_ctx_free(ctx);
	free(srcs);
	return rc;
}
