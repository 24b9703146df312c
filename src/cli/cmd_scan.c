/*
 * cmd_scan.c - typoguard scan: how bad would it be if this message leaked?
 *
 *   typoguard scan [--json] [--threshold LEVEL] [--text] [--list]
 *       [FILE...|-]
 *
 * Each input is a whole message (or, with --text, plain text) read into
 * memory, at most the classifier's byte limit and one byte more, so a
 * larger file is cut and flagged rather than read whole.  One result per
 * input: severity, counts per category, findings with redacted evidence.
 *
 * Exit: 1 when any input reaches the threshold (even if others could not
 * be read), 66 when an input could not be opened and none reached it, 74
 * on a read or write error, else 0.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct opts {
	struct obuf *out;
	int json;
	int text;
	int threshold;
};

/*
 * Reads fp to its end, at most max bytes; *len is what was read (max + 1
 * tells the caller there was more).  Returns 0, or an errno value.
 */
static int
slurp(FILE *fp, size_t max, char **buf, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *p = malloc(cap), *q;

	if (p == NULL)
		return ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			q = realloc(p, cap);
			if (q == NULL) {
				free(p);
				return ENOMEM;
			}
			p = q;
		}
		r = fread(p + n, 1, cap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		free(p);
		return errno ? errno : EIO;
	}
	*buf = p;
	*len = n;
	return 0;
}

static void
put_text(struct obuf *o, const char *name, const struct tg_scan *r)
{
	int any = 0;

	ob_text(o, name, strlen(name));
	ob_puts(o, ": ");
	ob_puts(o, tg_severity_name(r->severity));
	ob_puts(o, " (");
	ob_putc(o, '0' + (int)r->severity);
	ob_puts(o, ", ");
	ob_puts(o, r->rule);
	ob_putc(o, ')');
	for (int c = 0; c < TG_CATEGORY_COUNT; c++) {
		if (r->counts[c] == 0)
			continue;
		ob_puts(o, any++ ? " " : "; ");
		ob_puts(o, tg_category_name(c));
		ob_putc(o, '=');
		ob_ulong(o, r->counts[c]);
	}
	if (r->flags != 0) {
		ob_puts(o, "; flags");
		for (unsigned b = 1; b != 0 && b <= r->flags; b <<= 1) {
			if (!(r->flags & b) || tg_scan_flag_name(b) == NULL)
				continue;
			ob_putc(o, ' ');
			ob_puts(o, tg_scan_flag_name(b));
		}
	}
	if (r->error.code != TG_OK) {
		ob_puts(o, "; error: ");
		ob_text(o, r->error.message, strlen(r->error.message));
	}
	ob_putc(o, '\n');
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct tg_finding *f = &r->findings[i];

		ob_puts(o, "  part ");
		ob_ulong(o, f->part);
		ob_puts(o, " offset ");
		ob_ulong(o, (unsigned long)f->offset);
		ob_puts(o, ": ");
		ob_puts(o, f->detector);
		ob_puts(o, " (");
		ob_puts(o, tg_category_name(f->category));
		ob_puts(o, ", ");
		ob_puts(o, tg_severity_name(f->level));
		ob_puts(o, ") ");
		ob_text(o, f->evidence, strlen(f->evidence));
		ob_putc(o, '\n');
	}
}

static void
put_json(struct obuf *o, const char *name, const struct tg_scan *r)
{
	int any = 0;

	ob_puts(o, "{\"file\":");
	ob_json_str(o, name, strlen(name));
	ob_puts(o, ",\"severity\":");
	ob_ulong(o, (unsigned long)r->severity);
	ob_puts(o, ",\"level\":\"");
	ob_puts(o, tg_severity_name(r->severity));
	ob_puts(o, "\",\"rule\":\"");
	ob_puts(o, r->rule);
	ob_puts(o, "\",\"categories\":{");
	for (int c = 0; c < TG_CATEGORY_COUNT; c++) {
		if (r->counts[c] == 0)
			continue;
		ob_puts(o, any++ ? ",\"" : "\"");
		ob_puts(o, tg_category_name(c));
		ob_puts(o, "\":");
		ob_ulong(o, r->counts[c]);
	}
	ob_puts(o, "},\"findings\":[");
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct tg_finding *f = &r->findings[i];

		ob_puts(o, i > 0 ? ",{\"detector\":\"" : "{\"detector\":\"");
		ob_puts(o, f->detector);
		ob_puts(o, "\",\"category\":\"");
		ob_puts(o, tg_category_name(f->category));
		ob_puts(o, "\",\"level\":\"");
		ob_puts(o, tg_severity_name(f->level));
		ob_puts(o, "\",\"part\":");
		ob_ulong(o, f->part);
		ob_puts(o, ",\"offset\":");
		ob_ulong(o, (unsigned long)f->offset);
		ob_puts(o, ",\"evidence\":");
		ob_json_str(o, f->evidence, strlen(f->evidence));
		ob_putc(o, '}');
	}
	ob_puts(o, "],\"truncated\":");
	ob_puts(o, (r->flags & TG_SCAN_TRUNCATED) ? "true" : "false");
	ob_puts(o, ",\"flags\":[");
	any = 0;
	for (unsigned b = 1; b != 0 && b <= r->flags; b <<= 1) {
		if (!(r->flags & b) || tg_scan_flag_name(b) == NULL)
			continue;
		ob_puts(o, any++ ? ",\"" : "\"");
		ob_puts(o, tg_scan_flag_name(b));
		ob_putc(o, '"');
	}
	ob_puts(o, "],\"error\":");
	if (r->error.code == TG_OK) {
		ob_puts(o, "null}\n");
		return;
	}
	ob_puts(o, "{\"code\":\"");
	ob_puts(o, tg_errname(r->error.code));
	ob_puts(o, "\",\"message\":");
	ob_json_str(o, r->error.message, strlen(r->error.message));
	ob_puts(o, "}}\n");
}

/* An input that could not be read: one line in the output as well. */
static void
put_failure(const struct opts *o, const char *name, int code,
    const char *why)
{
	if (o->json) {
		ob_puts(o->out, "{\"file\":");
		ob_json_str(o->out, name, strlen(name));
		ob_puts(o->out, ",\"severity\":null,\"level\":null,"
		    "\"rule\":null,\"categories\":{},\"findings\":[],"
		    "\"truncated\":false,\"flags\":[],\"error\":{\"code\":\"");
		ob_puts(o->out, tg_errname(code));
		ob_puts(o->out, "\",\"message\":");
		ob_json_str(o->out, why, strlen(why));
		ob_puts(o->out, "}}\n");
	} else {
		ob_text(o->out, name, strlen(name));
		ob_puts(o->out, ": error: ");
		ob_text(o->out, why, strlen(why));
		ob_putc(o->out, '\n');
	}
}

/*
 * Scans one input.  Returns 1 when it reached the threshold, 0 when not,
 * or an exit status above 1.
 */
static int
one(const tg_classifier *c, const struct opts *o, const char *path,
    size_t max)
{
	const char *name = strcmp(path, "-") == 0 ? "-" : path;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct tg_scan *r = NULL;
	struct tg_error e;
	char *buf = NULL;
	size_t len = 0;
	int rc, erc;

	if (fp == NULL) {
		erc = errno;
		put_failure(o, name, erc == ENOENT ? TG_ENOENT : TG_EIO,
		    strerror(erc));
		cli_warn("scan", "%s: %s", name, strerror(erc));
		return EXIT_NOINPUT;
	}
	erc = slurp(fp, max, &buf, &len);
	if (fp != stdin)
		fclose(fp);
	if (erc != 0) {
		put_failure(o, name, erc == ENOMEM ? TG_ENOMEM : TG_EIO,
		    strerror(erc));
		cli_warn("scan", "%s: %s", name, strerror(erc));
		return erc == ENOMEM ? EXIT_OSERR : EXIT_IOERR;
	}
	rc = o->text ? tg_scan_text(c, buf, len, &r, &e) :
	    tg_scan_message(c, buf, len, &r, &e);
	free(buf);
	if (rc != TG_OK) {
		put_failure(o, name, rc, e.message);
		cli_warn("scan", "%s: %s", name, e.message);
		return cli_exit_for(rc) > 1 ? cli_exit_for(rc) : EXIT_SOFTWARE;
	}
	if (o->json)
		put_json(o->out, name, r);
	else
		put_text(o->out, name, r);
	rc = (int)r->severity >= o->threshold;
	tg_scan_free(r);
	return rc;
}

static void
list_detectors(struct obuf *o)
{
	for (size_t i = 0; i < tg_detector_count(); i++) {
		const struct tg_detector_info *d = tg_detector_get(i);

		ob_puts(o, d->id);
		ob_putc(o, '\t');
		ob_puts(o, tg_category_name(d->category));
		ob_putc(o, '\t');
		ob_puts(o, d->description);
		ob_putc(o, '\n');
	}
}

static void
scan_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s scan [--json] [--threshold LEVEL] [--text] [FILE...|-]"
	    "\n"
	    "       %s scan --list\n"
	    "  Rates how bad a leak of each message would be, from 0 (none)"
	    " to 4\n"
	    "  (critical), with what was found: redacted, never the value.\n"
	    "  --json             one JSON object per input (JSON Lines)\n"
	    "  --threshold LEVEL  exit 1 from this severity on: 0-4 or none,"
	    " low,\n"
	    "                     medium, high, critical (default: low)\n"
	    "  --text             the input is plain text, not a message\n"
	    "  --list             list the detectors and exit\n"
	    "  -                  read standard input (also when no FILE"
	    " given)\n"
	    "Exit: 0 below the threshold, 1 at or above it, 66 an input"
	    " missing.\n",
	    progname, progname);
}

int
cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "threshold", required_argument, NULL, 't' },
		{ "text", no_argument, NULL, 'T' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char obmem[1 << 16];
	struct obuf ob = { stdout, 0, sizeof(obmem), obmem };
	struct opts o = { &ob, 0, 0, TG_SEVERITY_LOW };
	struct tg_scan_limits lim;
	struct tg_error e;
	tg_classifier *c = NULL;
	int ch, i, rc = 0, found = 0, worst = 0, list = 0, wrc;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			o.json = 1;
			break;
		case 't':
			o.threshold = tg_severity_from_name(optarg,
			    strlen(optarg));
			if (o.threshold < 0) {
				cli_warn("scan", "--threshold: '%s' is not a "
				    "severity (0-4, none, low, medium, high, "
				    "critical)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			o.text = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'h':
			scan_usage(stdout);
			return 0;
		default:
			cli_warn("scan", "unknown option or missing value: "
			    "'%s'", argv[optind - 1]);
			scan_usage(stderr);
			return EXIT_USAGE;
		}
	}
	out_start();
	if (list) {
		list_detectors(&ob);
		ob_drain(&ob);
		return out_finish("scan");
	}
	memset(&lim, 0, sizeof(lim));
	if (tg_classifier_new(&c, &lim, &e) != TG_OK) {
		cli_warn("scan", "%s", e.message);
		return e.code == TG_ENOMEM ? EXIT_OSERR : EXIT_SOFTWARE;
	}
	/* One byte over the limit: the library then flags the cut. */
	for (i = optind; i < argc || (i == optind && optind == argc); i++) {
		rc = one(c, &o, i < argc ? argv[i] : "-",
		    tg_classifier_limits(c)->max_bytes + 1);
		if (rc == 1)
			found = 1;
		else if (rc > worst)
			worst = rc;
		if (ferror(stdout))
			break;
	}
	tg_classifier_free(c);
	ob_drain(&ob);
	wrc = out_finish("scan");
	if (wrc != 0)
		return wrc;
	return found ? EXIT_FOUND : worst;
}
