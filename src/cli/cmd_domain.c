/*
 * cmd_domain.c - typoguard domain: show how an address or domain parses.
 *
 *   typoguard domain [--json] [--psl FILE] NAME|ADDRESS|- ...
 *
 * An argument with '@' or starting with '<' is an envelope address; any
 * other is a domain (or an address literal in brackets).  "-" reads one
 * per line from standard input.  Exit 0 when every input parsed, 65 when
 * any did not (each still gets its line of output).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct flag_name {
	unsigned bit;
	const char *name;
} addr_flag_names[] = {
	{ TG_ADDR_NULL, "null" },
	{ TG_ADDR_QUOTED, "quoted" },
	{ TG_ADDR_ROUTE, "route-dropped" },
	{ TG_ADDR_UTF8, "utf8-local" },
	{ TG_ADDR_NODOMAIN, "no-domain" },
	{ TG_ADDR_LOCAL_NONSTD, "nonstandard-local" },
}, domain_flag_names[] = {
	{ TG_DOMAIN_IDN, "idn" },
	{ TG_DOMAIN_TRAILING_DOT, "trailing-dot" },
	{ TG_DOMAIN_LITERAL, "literal" },
	{ TG_DOMAIN_IPV6, "ipv6" },
	{ TG_DOMAIN_SUFFIX_PRIVATE, "private-suffix" },
	{ TG_DOMAIN_IS_SUFFIX, "is-suffix" },
};

struct opts {
	int json;
};

/* Flags as "a,b,c" (text) or ["a","b"] (json); also "unlisted-suffix". */
static void
put_flags(const struct tg_addr *a, int is_addr, int json)
{
	const char *names[16];
	size_t n = 0, i;

	if (is_addr)
		for (i = 0; i < sizeof(addr_flag_names) /
		    sizeof(addr_flag_names[0]); i++)
			if (a->flags & addr_flag_names[i].bit)
				names[n++] = addr_flag_names[i].name;
	for (i = 0; i < sizeof(domain_flag_names) /
	    sizeof(domain_flag_names[0]); i++)
		if (a->domain.flags & domain_flag_names[i].bit)
			names[n++] = domain_flag_names[i].name;
	if (a->domain.alabel_len > 0 &&
	    !(a->domain.flags & (TG_DOMAIN_LITERAL | TG_DOMAIN_SUFFIX_KNOWN)))
		names[n++] = "unlisted-suffix";
	if (json) {
		fputs(",\"flags\":[", stdout);
		for (i = 0; i < n; i++)
			printf("%s\"%s\"", i ? "," : "", names[i]);
		putchar(']');
	} else if (n > 0) {
		fputs(" flags=", stdout);
		for (i = 0; i < n; i++)
			printf("%s%s", i ? "," : "", names[i]);
	}
}

static void
put_json_field(const char *key, const char *val, size_t len)
{
	printf(",\"%s\":", key);
	if (val == NULL)
		fputs("null", stdout);
	else
		out_json_str(stdout, val, len);
}

static void
put_result(const struct opts *o, const char *in, size_t inlen, int is_addr,
    const struct tg_addr *a)
{
	const struct tg_domain *d = &a->domain;
	char ext[TG_LOCAL_MAX * 2 + TG_DOMAIN_MAX + 8];
	int has_dom = d->alabel_len > 0;

	tg_addr_format(a, ext, sizeof(ext));
	if (o->json) {
		fputs("{\"input\":", stdout);
		out_json_str(stdout, in, inlen);
		printf(",\"kind\":\"%s\"", is_addr ? "address" : "domain");
		if (is_addr) {
			put_json_field("address", ext, strlen(ext));
			put_json_field("local", a->local, a->local_len);
		}
		put_json_field("domain", has_dom ? d->alabel : NULL,
		    d->alabel_len);
		put_json_field("unicode", has_dom ? d->ulabel : NULL,
		    strlen(d->ulabel));
		put_json_field("suffix", d->suffix[0] ? d->suffix : NULL,
		    strlen(d->suffix));
		put_json_field("registrable",
		    d->registrable[0] ? d->registrable : NULL,
		    strlen(d->registrable));
		put_flags(a, is_addr, 1);
		fputs(",\"error\":null}\n", stdout);
		return;
	}
	out_text(stdout, in, inlen);
	fputs(":", stdout);
	if (is_addr) {
		fputs(" address=", stdout);
		out_text(stdout, ext, strlen(ext));
	}
	if (has_dom) {
		printf(" domain=%s unicode=", d->alabel);
		out_text(stdout, d->ulabel, strlen(d->ulabel));
		if (!(d->flags & TG_DOMAIN_LITERAL))
			printf(" suffix=%s registrable=%s", d->suffix,
			    d->registrable[0] ? d->registrable : "-");
	}
	put_flags(a, is_addr, 0);
	putchar('\n');
}

static void
put_error(const struct opts *o, const char *in, size_t inlen,
    const struct tg_error *e)
{
	if (o->json) {
		fputs("{\"input\":", stdout);
		out_json_str(stdout, in, inlen);
		printf(",\"error\":{\"code\":\"%s\",", tg_errname(e->code));
		if (e->has_offset)
			printf("\"offset\":%zu,", e->offset);
		fputs("\"message\":", stdout);
		out_json_str(stdout, e->message, strlen(e->message));
		fputs("}}\n", stdout);
		return;
	}
	out_text(stdout, in, inlen);
	printf(": invalid: %s [%s]\n", e->message, tg_errname(e->code));
}

/* Parses and prints one input; returns 1 when it was invalid. */
static int
one(const tg_ctx *ctx, const struct opts *o, const char *s, size_t len)
{
	struct tg_addr a;
	struct tg_error e;
	const char *v;
	size_t vlen = len;
	int is_addr, rc;

	v = trim(s, &vlen);
	is_addr = (vlen > 0 && v[0] == '<') || memchr(v, '@', vlen) != NULL;
	if (is_addr) {
		rc = tg_addr_parse(ctx, v, vlen,
		    TG_ADDR_ALLOW_NULL | TG_ADDR_ALLOW_POSTMASTER, &a, &e);
	} else {
		memset(&a, 0, sizeof(a));
		rc = tg_domain_parse(ctx, v, vlen, &a.domain, &e);
	}
	if (rc != TG_OK) {
		/* Offsets are in the trimmed input; report them in the
		 * input as given. */
		if (e.has_offset)
			e.offset += (size_t)(v - s);
		put_error(o, s, len, &e);
		return 1;
	}
	put_result(o, s, len, is_addr, &a);
	return 0;
}

static int
from_stdin(const tg_ctx *ctx, const struct opts *o, unsigned long *bad)
{
	struct lines *r;
	struct tg_error e;
	const char *line;
	size_t len, full, tlen;
	int rc;

	r = lines_open(stdin);
	if (r == NULL) {
		cli_warn("domain", "out of memory");
		return EXIT_OSERR;
	}
	while ((rc = lines_next(r, &line, &len, &full)) == 1) {
		tlen = len;
		trim(line, &tlen);
		if (tlen == 0)
			continue;
		if (full > len) {
			memset(&e, 0, sizeof(e));
			e.code = TG_ETOOLONG;
			snprintf(e.message, sizeof(e.message),
			    "line %lu of %zu bytes, limit %d", lines_number(r),
			    full, LINE_MAX_BYTES);
			put_error(o, line, 64, &e);
			(*bad)++;
			continue;
		}
		*bad += (unsigned long)one(ctx, o, line, len);
	}
	lines_close(r);
	if (rc < 0) {
		cli_warn("domain", "reading standard input: %s",
		    strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

static void
domain_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s domain [--json] [--psl FILE] NAME|ADDRESS|- ...\n"
	    "  Parses each envelope address or domain and prints its parts:\n"
	    "  the address in normal form, the domain in A-labels and in\n"
	    "  Unicode, its public suffix and registrable domain.\n"
	    "  -        read one per line from standard input\n"
	    "  --json   one JSON object per line (JSON Lines)\n"
	    "  --psl F  public suffix list file (default: the system's)\n",
	    progname);
}

int
cmd_domain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "psl", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	const char *psl = NULL;
	struct tg_error e;
	tg_ctx *ctx;
	unsigned long bad = 0;
	int c, i, rc, wrc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = 1;
			break;
		case 'p':
			psl = optarg;
			break;
		case 'h':
			domain_usage(stdout);
			return 0;
		default:
			cli_warn("domain", "unknown option or missing value: "
			    "'%s'", argv[optind - 1]);
			domain_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_warn("domain", "no address or domain given");
		domain_usage(stderr);
		return EXIT_USAGE;
	}
	if (tg_ctx_new(&ctx, psl, &e) != TG_OK) {
		cli_warn("domain", "%s", e.message);
		return cli_exit_for(e.code);
	}
	out_start();
	rc = 0;
	for (i = optind; i < argc && rc == 0; i++) {
		if (strcmp(argv[i], "-") == 0) {
			rc = from_stdin(ctx, &o, &bad);
		} else {
			bad += (unsigned long)one(ctx, &o, argv[i],
			    strlen(argv[i]));
		}
	}
	tg_ctx_free(ctx);
	wrc = out_finish("domain");
	if (wrc != 0)
		return wrc;
	if (rc != 0)
		return rc;
	return bad > 0 ? EXIT_DATAERR : 0;
}
