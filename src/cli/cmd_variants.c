/*
 * cmd_variants.c - typoguard variants: the typo variants of domains, as a
 * list, JSON Lines, CSV or a blocklist for an MTA or a resolver.
 *
 *   typoguard variants [--kinds LIST] [--layout L[,L]] [--tld FILE]
 *       [--mark-legit] [--format F] [-p FILE]... [--allow FILE]...
 *       [--psl FILE] DOMAIN...|-
 *
 * The variants come from tg_variants() on an index that holds the bundled
 * known-legitimate list and any -p/--allow lists, so that real domains are
 * left out (or, with --mark-legit, written as comments).  Each output
 * format is one row of formats[] below.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define TLDS_MAX 1024

static char obuf_mem[1 << 16];

struct vrun;

/*
 * One output format.  header and footer run once per output (either may
 * be NULL), line once per variant.  comment, when set, is the format's
 * comment prefix: known legitimate variants (--mark-legit) are written as
 * a comment instead of an entry; when NULL, line() marks them itself.
 * unique: the variant is a table key, so each is written once in the
 * whole output even when several domains give it.
 */
struct format {
	const char *name;
	const char *comment;
	int unique;
	void (*header)(struct vrun *);
	void (*line)(struct vrun *, const struct tg_variant *, const char *);
	void (*footer)(struct vrun *);
};

/* A set of strings, for formats whose keys must be unique. */
struct strset {
	char **slot;
	size_t cap, n;
};

struct vrun {
	FILE *fp;
	struct obuf ob;          /* in front of fp: every line goes here */
	const struct format *fmt;
	int mark_legit;
	const char *source;      /* the domain, normalised; ".mil" for a TLD */
	int last_kind;           /* of the previous line, for group comments */
	unsigned long count;     /* variants written */
	struct strset seen;
};

/* ------------------------------------------------------------------ */
/* A string set: open addressing, FNV-1a.                               */


/* The kind as written: "omission", or "omission+tld-swap" for a variant
 * also moved to another TLD (--tld-every). */
static const char *
kind_label(const struct tg_variant *v)
{
	static char buf[64];

	if (!(v->flags & TG_VARIANT_TLD_SWAPPED))
		return tg_kind_name(v->kind);
	snprintf(buf, sizeof(buf), "%s+tld-swap", tg_kind_name(v->kind));
	return buf;
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 0x100000001b3u;
	return h;
}

/* 1 when added, 0 when already there, -1 out of memory. */
static int
strset_add(struct strset *set, const char *s)
{
	size_t i, j, ncap;
	char **nslot;

	if (2 * (set->n + 1) > set->cap) {
		ncap = set->cap ? set->cap * 2 : 1024;
		nslot = calloc(ncap, sizeof(*nslot));
		if (nslot == NULL)
			return -1;
		for (i = 0; i < set->cap; i++) {
			if (set->slot[i] == NULL)
				continue;
			for (j = str_hash(set->slot[i]) & (ncap - 1);
			    nslot[j] != NULL; j = (j + 1) & (ncap - 1))
				;
			nslot[j] = set->slot[i];
		}
		free(set->slot);
		set->slot = nslot;
		set->cap = ncap;
	}
	for (i = str_hash(s) & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], s) == 0)
			return 0;
	if ((set->slot[i] = strdup(s)) == NULL)
		return -1;
	set->n++;
	return 1;
}

static void
strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

/* ------------------------------------------------------------------ */
/* The formats                                                          */

/*
 * The text of the blocklist formats: ASCII (domains in A-labels), one
 * line, no ':' at its start.  Postfix's error(8) and access(5) take an
 * RFC 3463 code before it; 5.1.2 is "bad destination system address".
 */
static void
put_reason(struct vrun *r)
{
	ob_puts(&r->ob, "Recipient domain looks like a typo of ");
	ob_puts(&r->ob, r->source);
	ob_puts(&r->ob, "; did you mean ");
	ob_puts(&r->ob, r->source);
	ob_putc(&r->ob, '?');
}

static void
list_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	(void)v;
	ob_puts(&r->ob, name);
	ob_putc(&r->ob, '\n');
}

static void csv_field(struct obuf *o, const char *s);

/* The U-label form as written: ".ml" for a suffix. */
static void
put_unicode(struct obuf *o, const struct tg_variant *v, int json)
{
	char uni[TG_UDOMAIN_MAX + 2];
	const char *u = v->unicode;
	size_t n = strlen(u);

	if (v->flags & TG_VARIANT_SUFFIX) {
		uni[0] = '.';
		memcpy(uni + 1, v->unicode, n + 1);
		u = uni;
		n++;
	}
	if (json)
		ob_json_str(o, u, n);
	else
		csv_field(o, u);
}

static void
json_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	struct obuf *o = &r->ob;
	int sfx = (v->flags & TG_VARIANT_SUFFIX) != 0;

	ob_write(o, "{\"domain\":", 10);
	ob_json_str(o, r->source, strlen(r->source));
	ob_write(o, ",\"kind\":\"", 9);
	ob_puts(o, kind_label(v));
	ob_write(o, "\",\"variant\":", 12);
	ob_json_str(o, name, strlen(name));
	ob_write(o, ",\"unicode\":", 11);
	put_unicode(o, v, 1);
	ob_puts(o, sfx ? ",\"suffix\":true" : ",\"suffix\":false");
	ob_write(o, ",\"plausibility\":", 16);
	ob_fixed(o, v->plausibility, 3);
	ob_write(o, ",\"exposure\":\"", 13);
	ob_puts(o, tg_exposure_name(v->exposure));
	ob_putc(o, '"');
	if (r->mark_legit)
		ob_puts(o, (v->flags & TG_VARIANT_LEGIT) ? ",\"legit\":true" :
		    ",\"legit\":false");
	ob_write(o, "}\n", 2);
}

/* An RFC 4180 field: quoted when it holds a comma, quote or line end. */
static void
csv_field(struct obuf *o, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		ob_puts(o, s);
		return;
	}
	ob_putc(o, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			ob_putc(o, '"');
		ob_putc(o, *s);
	}
	ob_putc(o, '"');
}

static void
csv_header(struct vrun *r)
{
	ob_puts(&r->ob, "domain,kind,variant,unicode,plausibility,exposure");
	ob_puts(&r->ob, r->mark_legit ? ",legit\n" : "\n");
}

static void
csv_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	struct obuf *o = &r->ob;

	csv_field(o, r->source);
	ob_putc(o, ',');
	csv_field(o, kind_label(v));
	ob_putc(o, ',');
	csv_field(o, name);
	ob_putc(o, ',');
	put_unicode(o, v, 0);
	ob_putc(o, ',');
	ob_fixed(o, v->plausibility, 3);
	ob_putc(o, ',');
	csv_field(o, tg_exposure_name(v->exposure));
	if (r->mark_legit)
		ob_puts(o, (v->flags & TG_VARIANT_LEGIT) ? ",true" : ",false");
	ob_putc(o, '\n');
}

static void
postfix_transport_header(struct vrun *r)
{
	ob_puts(&r->ob, "# typoguard variants: a Postfix transport(5) table."
	    "  Mail to each name\n"
	    "# goes to the error(8) transport: rejected at RCPT TO, bounced"
	    " if queued.\n"
	    "# postmap hash:FILE; transport_maps = hash:FILE\n");
}

/* transport(5) matches a name itself, and ".name" its subdomains (unless
 * transport_maps is in parent_domain_matches_subdomains). */
static void
postfix_transport_line(struct vrun *r, const struct tg_variant *v,
    const char *name)
{
	int i;

	for (i = (v->flags & TG_VARIANT_SUFFIX) ? 1 : 0; i < 2; i++) {
		if (i)
			ob_putc(&r->ob, '.');
		ob_puts(&r->ob, v->domain);
		ob_puts(&r->ob, " error:5.1.2 ");
		put_reason(r);
		ob_putc(&r->ob, '\n');
	}
	(void)name;
}

static void
postfix_access_header(struct vrun *r)
{
	ob_puts(&r->ob, "# typoguard variants: a Postfix access(5) table for"
	    " check_recipient_access.\n"
	    "# postmap hash:FILE; smtpd_recipient_restrictions ="
	    " check_recipient_access hash:FILE, ...\n");
}

/* access(5) with the default parent_domain_matches_subdomains (which
 * lists smtpd_access_maps) matches "name" and its subdomains; without
 * it, ".name" matches the subdomains.  For a whole suffix, both. */
static void
postfix_access_line(struct vrun *r, const struct tg_variant *v,
    const char *name)
{
	int i;

	for (i = 0; i < ((v->flags & TG_VARIANT_SUFFIX) ? 2 : 1); i++) {
		if (i)
			ob_putc(&r->ob, '.');
		ob_puts(&r->ob, v->domain);
		ob_puts(&r->ob, " REJECT 5.1.2 ");
		put_reason(r);
		ob_putc(&r->ob, '\n');
	}
	(void)name;
}

static void
sendmail_header(struct vrun *r)
{
	ob_puts(&r->ob, "# typoguard variants: a sendmail access database;"
	    " needs FEATURE(`access_db')\n"
	    "# and FEATURE(`blacklist_recipients').  makemap hash"
	    " /etc/mail/access < FILE\n");
}

/* "To:domain" matches the domain and the names under it. */
static void
sendmail_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	ob_puts(&r->ob, "To:");
	ob_puts(&r->ob, v->domain);
	ob_puts(&r->ob, " ERROR:5.1.2:550 ");
	put_reason(r);
	ob_putc(&r->ob, '\n');
	(void)name;
}

static void
rspamd_header(struct vrun *r)
{
	ob_puts(&r->ob, "# typoguard variants: an rspamd multimap map, one"
	    " domain per line, for a rule\n"
	    "# with type = \"rcpt\" and filter = \"email:domain\" (see"
	    " typoguard(1)).\n");
}

/* A hash map matches whole domains only: a suffix variant cannot be an
 * entry, so it is written as a comment for a regexp rule to take up. */
static void
rspamd_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	struct obuf *o = &r->ob;

	if ((int)v->kind != r->last_kind) {
		ob_puts(o, "# ");
		ob_puts(o, r->source);
		ob_puts(o, ": ");
		ob_puts(o, kind_label(v));
		ob_putc(o, '\n');
		r->last_kind = (int)v->kind;
	}
	if (v->flags & TG_VARIANT_SUFFIX) {
		ob_puts(o, "# ");
		ob_puts(o, name);
		ob_puts(o, ": every name under it (needs a regexp rule: /\\.");
		ob_puts(o, v->domain);
		ob_puts(o, "$/)\n");
	} else {
		ob_puts(o, name);
		ob_putc(o, '\n');
	}
}

static void
rpz_header(struct vrun *r)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	unsigned long serial;

	/* The serial is the time of writing, or SOURCE_DATE_EPOCH for
	 * reproducible output; the zone's name comes from named.conf. */
	serial = sde != NULL && *sde != '\0' ? strtoul(sde, NULL, 10) :
	    (unsigned long)time(NULL);
	ob_puts(&r->ob,
	    "; typoguard variants: a DNS response policy zone (RPZ).\n"
	    "; Each name and every name under it is answered NXDOMAIN.\n"
	    "$TTL 300\n"
	    "@\tSOA\tlocalhost. hostmaster.localhost. (");
	ob_ulong(&r->ob, serial & 0xffffffffUL);
	ob_puts(&r->ob, " 3600 600 86400 300)\n"
	    "\tNS\tlocalhost.\n");
}

/* "CNAME ." is the RPZ NXDOMAIN action; owners are relative to the
 * policy zone's origin. */
static void
rpz_line(struct vrun *r, const struct tg_variant *v, const char *name)
{
	if (!(v->flags & TG_VARIANT_SUFFIX)) {
		ob_puts(&r->ob, v->domain);
		ob_puts(&r->ob, "\tCNAME\t.\n");
	}
	ob_puts(&r->ob, "*.");
	ob_puts(&r->ob, v->domain);
	ob_puts(&r->ob, "\tCNAME\t.\n");
	(void)name;
}

static void
count_footer(struct vrun *r)
{
	ob_puts(&r->ob, r->fmt->comment);
	ob_puts(&r->ob, " end: ");
	ob_ulong(&r->ob, r->count);
	ob_puts(&r->ob, " names\n");
}

static const struct format formats[] = {
	{ "list", "#", 1, NULL, list_line, NULL },
	{ "json", NULL, 0, NULL, json_line, NULL },
	{ "csv", NULL, 0, csv_header, csv_line, NULL },
	{ "postfix-transport", "#", 1, postfix_transport_header,
	  postfix_transport_line, count_footer },
	{ "postfix-access", "#", 1, postfix_access_header,
	  postfix_access_line, count_footer },
	{ "sendmail-access", "#", 1, sendmail_header, sendmail_line,
	  count_footer },
	{ "rspamd", "#", 1, rspamd_header, rspamd_line, count_footer },
	{ "rpz", ";", 1, rpz_header, rpz_line, count_footer },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* ------------------------------------------------------------------ */

/* tg_variants() callback.  Returns 1 on a write error, 2 out of memory
 * (positive, so that they cannot be mistaken for the library's codes). */
static int
on_variant(const struct tg_variant *v, void *arg)
{
	struct vrun *r = arg;
	char name[TG_DOMAIN_MAX + 3];
	size_t n = strlen(v->domain);
	int rc, sfx = (v->flags & TG_VARIANT_SUFFIX) != 0;

	if (n > TG_DOMAIN_MAX)
		n = TG_DOMAIN_MAX;
	name[0] = '.';
	memcpy(name + sfx, v->domain, n);
	name[n + (size_t)sfx] = '\0';
	if (r->fmt->unique) {
		rc = strset_add(&r->seen, name);
		if (rc < 0)
			return 2;
		if (rc == 0)
			return 0;
	}
	if ((v->flags & TG_VARIANT_LEGIT) && r->fmt->comment != NULL) {
		ob_puts(&r->ob, r->fmt->comment);
		ob_putc(&r->ob, ' ');
		ob_puts(&r->ob, name);
		ob_puts(&r->ob, ": known legitimate, left out\n");
	} else {
		r->fmt->line(r, v, name);
	}
	r->count++;
	return ferror(r->fp) ? 1 : 0;
}

/* "'DOMAIN': message", the domain cut to 256 bytes and made safe for a
 * terminal (it may come from standard input). */
static void
warn_domain(const char *v, size_t len, const char *msg)
{
	char buf[256 * 4 + 8];
	struct obuf o = { stderr, 0, sizeof(buf), buf };

	ob_text(&o, v, len > 256 ? 256 : len);
	cli_warn("variants", "'%.*s': %s", (int)o.n, buf, msg);
}

/*
 * Writes the variants of one domain.  Returns 0, 1 when the domain was
 * bad (reported), or an exit status above 1 for a failure that ends the
 * run.
 */
static int
one(const tg_ctx *ctx, const tg_index *ix,
    const struct tg_variants_opts *vo, struct vrun *r, const char *s,
    size_t len)
{
	struct tg_domain d;
	struct tg_error e;
	char source[sizeof(d.alabel) + 1];
	const char *v = trim(s, &len);
	int is_rule = len > 1 && v[0] == '.', rc;

	rc = tg_domain_parse(ctx, v + is_rule, len - (size_t)is_rule, &d, &e);
	if (rc == TG_OK) {
		snprintf(source, sizeof(source), "%s%s", is_rule ? "." : "",
		    d.alabel);
		r->source = source;
		r->last_kind = -1;
		rc = tg_variants(ix, v, len, vo, on_variant, r, &e);
	}
	ob_drain(&r->ob);       /* before any warning on stderr */
	if (rc == 1)
		return 0;       /* write error: out_finish() reports it */
	if (rc == 2 || rc == TG_ENOMEM) {
		cli_warn("variants", "out of memory");
		return EXIT_OSERR;
	}
	if (rc != TG_OK) {
		warn_domain(v, len, e.message);
		return 1;
	}
	return 0;
}

static int
from_stdin(const tg_ctx *ctx, const tg_index *ix,
    const struct tg_variants_opts *vo, struct vrun *r, unsigned long *n,
    unsigned long *bad)
{
	struct lines *rd;
	const char *line, *tv;
	size_t len, full, tlen;
	int rc = 0, st = 0;

	rd = lines_open(stdin);
	if (rd == NULL) {
		cli_warn("variants", "out of memory");
		return EXIT_OSERR;
	}
	while (st == 0 && !ferror(r->fp) &&
	    (rc = lines_next(rd, &line, &len, &full)) == 1) {
		tlen = len;
		tv = trim(line, &tlen);
		/* Blank lines and '#' comments, as in a list file. */
		if (tlen == 0 || tv[0] == '#')
			continue;
		(*n)++;
		if (full > len) {
			ob_drain(&r->ob);
			cli_warn("variants", "line %lu of %zu bytes, limit %d",
			    lines_number(rd), full, LINE_MAX_BYTES);
			(*bad)++;
			continue;
		}
		st = one(ctx, ix, vo, r, line, len);
		if (st == 1) {
			(*bad)++;
			st = 0;
		}
	}
	if (st == 0 && rc < 0) {
		ob_drain(&r->ob);
		cli_warn("variants", "reading standard input: read error");
		st = EXIT_IOERR;
	}
	lines_close(rd);
	return st;
}

/* --kinds omission,tld-typo and --layout qwerty,azerty. */
static int
parse_names(const char *opt, const char *arg, int kinds, unsigned *bits)
{
	const char *p = arg, *end;
	int k;

	*bits = 0;
	for (;;) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		k = kinds ? tg_kind_from_name(p, (size_t)(end - p)) :
		    tg_layout_from_name(p, (size_t)(end - p));
		if (k < 0) {
			cli_warn("variants", "%s: unknown %s '%.*s'", opt,
			    kinds ? "kind" : "layout", (int)(end - p), p);
			return -1;
		}
		*bits |= 1u << k;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/*
 * --tld FILE: tld-swap targets, one TLD per line, '#' comments, as
 * data/tld-swap.txt.  Each must be a TLD on the public suffix list.
 * Returns 0 or an exit status; *names and *n are set (free with
 * free_tlds()).
 */
static void
free_tlds(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

static int
load_tlds(const tg_ctx *ctx, const char *path, char ***namesp, size_t *np)
{
	struct tg_domain d;
	struct tg_error e;
	struct lines *rd;
	const char *line, *v, *hash;
	char **names;
	size_t len, full, n = 0;
	unsigned long bad = 0;
	FILE *fp;
	int rc;

	*namesp = NULL;
	*np = 0;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		cli_warn("variants", "--tld %s: %s", path, strerror(errno));
		return errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR;
	}
	names = calloc(TLDS_MAX, sizeof(*names));
	rd = lines_open(fp);
	if (names == NULL || rd == NULL) {
		cli_warn("variants", "out of memory");
		free(names);
		lines_close(rd);
		fclose(fp);
		return EXIT_OSERR;
	}
	while ((rc = lines_next(rd, &line, &len, &full)) == 1) {
		if (full > len) {
			cli_warn("variants", "%s:%lu:1: line longer than %d "
			    "bytes", path, lines_number(rd), LINE_MAX_BYTES);
			bad++;
			continue;
		}
		if ((hash = memchr(line, '#', len)) != NULL)
			len = (size_t)(hash - line);
		v = trim(line, &len);
		if (len == 0)
			continue;
		rc = tg_domain_parse(ctx, v, len, &d, &e);
		if (rc != TG_OK) {
			cli_warn("variants", "%s:%lu:%zu: %s", path,
			    lines_number(rd), (size_t)(v - line) +
			    (e.has_offset ? e.offset : 0) + 1, e.message);
			bad++;
			continue;
		}
		if (strchr(d.alabel, '.') != NULL ||
		    !(d.flags & TG_DOMAIN_IS_SUFFIX) ||
		    !(d.flags & TG_DOMAIN_SUFFIX_KNOWN)) {
			cli_warn("variants", "%s:%lu:%zu: %s is not a "
			    "top-level domain on the public suffix list", path,
			    lines_number(rd), (size_t)(v - line) + 1, d.alabel);
			bad++;
			continue;
		}
		if (n == TLDS_MAX) {
			cli_warn("variants", "%s:%lu:1: more than %d TLDs",
			    path, lines_number(rd), TLDS_MAX);
			bad++;
			break;
		}
		if ((names[n] = strdup(d.alabel)) == NULL) {
			cli_warn("variants", "out of memory");
			free_tlds(names, n);
			lines_close(rd);
			fclose(fp);
			return EXIT_OSERR;
		}
		n++;
	}
	lines_close(rd);
	fclose(fp);
	if (rc < 0) {
		cli_warn("variants", "--tld %s: read error", path);
		free_tlds(names, n);
		return EXIT_IOERR;
	}
	if (bad > 0 || n == 0) {
		if (n == 0 && bad == 0)
			cli_warn("variants", "--tld %s: no TLD in it", path);
		free_tlds(names, n);
		return EXIT_DATAERR;
	}
	*namesp = names;
	*np = n;
	return 0;
}

static void
variants_usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: %s variants [--kinds LIST] [--layout L[,L]] [--tld FILE]"
	    "\n"
	    "           [--mark-legit] [--tld-every] [--format F] [-p FILE]... [--allow"
	    " FILE]...\n"
	    "           [--psl FILE] DOMAIN...|-\n"
	    "  Writes the typo variants of each domain (or .tld for the typos"
	    " of a TLD).\n"
	    "  --kinds LIST     only these kinds (e.g. omission,tld-typo)\n"
	    "  --layout L[,L]   only these keyboard layouts (qwerty, qwertz,"
	    " azerty)\n"
	    "  --tld FILE       tld-swap targets, one TLD per line\n"
	    "  --mark-legit     keep known legitimate domains, marked\n"
	    "  --tld-every      every variant under every tld-swap TLD too\n"
	    "  -p FILE          protected list: its names are left out\n"
	    "  --allow FILE     allowlist: its names are left out\n"
	    "  --psl FILE       public suffix list file\n"
	    "  -                read domains one per line from standard input"
	    "\n"
	    "  --format F       the output (default list), one of:\n"
	    "                  ", progname);
	for (i = 0; i < NFORMATS; i++)
		fprintf(fp, " %s%s", formats[i].name,
		    i == 3 ? "\n                  " : "");
	fputc('\n', fp);
}

int
cmd_variants(int argc, char **argv)
{
	enum { O_KINDS = 256, O_LAYOUT, O_TLD, O_MARK, O_FORMAT, O_ALLOW,
	    O_PSL, O_TLD_EVERY };
	static const struct option longopts[] = {
		{ "kinds", required_argument, NULL, O_KINDS },
		{ "layout", required_argument, NULL, O_LAYOUT },
		{ "tld", required_argument, NULL, O_TLD },
		{ "mark-legit", no_argument, NULL, O_MARK },
		{ "tld-every", no_argument, NULL, O_TLD_EVERY },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "protected", required_argument, NULL, 'p' },
		{ "allow", required_argument, NULL, O_ALLOW },
		{ "psl", required_argument, NULL, O_PSL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tg_variants_opts vo;
	struct ix_setup s;
	struct ix_src *srcs;
	struct vrun r;
	tg_ctx *ctx = NULL;
	tg_index *ix = NULL;
	const char *tldfile = NULL;
	char **tlds = NULL;
	size_t nsrcs = 0, ntlds = 0, i;
	unsigned long n = 0, bad = 0;
	int c, rc = 0, st, wrc;

	memset(&vo, 0, sizeof(vo));
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	r.fmt = &formats[0];
	s.cmd = "variants";
	s.legit = 1;
	srcs = calloc((size_t)argc, sizeof(*srcs));
	if (srcs == NULL) {
		cli_warn("variants", "out of memory");
		return EXIT_OSERR;
	}
	optind = 1;
	opterr = 0;
	while (rc == 0 &&
	    (c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
		switch (c) {
		case O_KINDS:
			if (parse_names("--kinds", optarg, 1, &vo.kinds) != 0)
				rc = EXIT_USAGE;
			break;
		case O_LAYOUT:
			if (parse_names("--layout", optarg, 0, &vo.layouts) !=
			    0)
				rc = EXIT_USAGE;
			break;
		case O_TLD:
			tldfile = optarg;
			break;
		case O_MARK:
			vo.flags |= TG_VARIANTS_MARK_LEGIT;
			r.mark_legit = 1;
			break;
		case O_TLD_EVERY:
			vo.flags |= TG_VARIANTS_TLD_EVERY;
			break;
		case O_FORMAT:
			for (i = 0; i < NFORMATS; i++)
				if (strcmp(optarg, formats[i].name) == 0)
					break;
			if (i == NFORMATS) {
				cli_warn("variants", "--format: unknown format"
				    " '%s'", optarg);
				variants_usage(stderr);
				rc = EXIT_USAGE;
			} else {
				r.fmt = &formats[i];
			}
			break;
		case 'p':
		case O_ALLOW:
			srcs[nsrcs].list = c == 'p' ? TG_LIST_PROTECTED :
			    TG_LIST_ALLOW;
			srcs[nsrcs].is_file = 1;
			srcs[nsrcs].arg = optarg;
			nsrcs++;
			break;
		case O_PSL:
			s.psl = optarg;
			break;
		case 'h':
			variants_usage(stdout);
			free(srcs);
			return 0;
		default:
			cli_warn("variants", "unknown option or missing value:"
			    " '%s'", argv[optind - 1]);
			variants_usage(stderr);
			rc = EXIT_USAGE;
		}
	}
	if (rc == 0 && optind >= argc) {
		cli_warn("variants", "no domain given");
		variants_usage(stderr);
		rc = EXIT_USAGE;
	}
	if (rc != 0) {
		free(srcs);
		return rc;
	}
	s.srcs = srcs;
	s.nsrcs = nsrcs;
	if ((rc = ix_build(&s, &ctx, &ix)) != 0)
		goto done;
	if (tldfile != NULL) {
		if ((rc = load_tlds(ctx, tldfile, &tlds, &ntlds)) != 0)
			goto done;
		vo.tlds = (const char *const *)tlds;
		vo.ntlds = ntlds;
	}
	out_start();
	r.fp = stdout;
	r.ob.fp = stdout;
	r.ob.buf = obuf_mem;
	r.ob.size = sizeof(obuf_mem);
	if (r.fmt->header != NULL)
		r.fmt->header(&r);
	st = 0;
	for (c = optind; c < argc && st == 0 && !ferror(stdout); c++) {
		if (strcmp(argv[c], "-") == 0) {
			st = from_stdin(ctx, ix, &vo, &r, &n, &bad);
			continue;
		}
		n++;
		st = one(ctx, ix, &vo, &r, argv[c], strlen(argv[c]));
		if (st == 1) {
			bad++;
			st = 0;
		}
	}
	if (st == 0 && r.fmt->footer != NULL && !ferror(stdout))
		r.fmt->footer(&r);
	ob_drain(&r.ob);
	wrc = out_finish("variants");
	if (wrc != 0)
		rc = wrc;
	else if (st != 0)
		rc = st;
	else if (n > 0 && bad == n)
		rc = EXIT_DATAERR;
done:
	strset_free(&r.seen);
	free_tlds(tlds, ntlds);
	tg_index_free(ix);
	tg_ctx_free(ctx);
	free(srcs);
	return rc;
}
