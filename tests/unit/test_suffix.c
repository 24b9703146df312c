/*
 * test_suffix.c - our public suffix table (suffix.c, suffix_int.h), with
 * libpsl as the oracle.
 *
 * Rows: lookups (bundled list and small lists written here, each also
 * asked of libpsl loaded from the same text), delegated TLDs, children of
 * a TLD, and parse errors with their line and column.  Then a
 * differential test: for every rule of the bundled list, names built from
 * it (the rule, one and two labels more, one label less) must get
 * libpsl's answer, in both modes.
 */
#include <idn2.h>
#include <libpsl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "psl_oracle.h"
#include "alloc_int.h"
#include "suffix_int.h"
#include "typoguard.h"

#define K TG__SFX_KNOWN
#define P TG__SFX_PRIVATE
#define ALL TG__SFX_ALL
#define ICANN TG__SFX_ICANN_ONLY

#define BI "// ===BEGIN ICANN DOMAINS===\n"
#define EI "// ===END ICANN DOMAINS===\n"
#define BP "// ===BEGIN PRIVATE DOMAINS===\n"
#define EP "// ===END PRIVATE DOMAINS===\n"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

/* The bundled list: its text, our table, libpsl on it and on its ICANN
 * section alone. */
static char *bundled_text;
static size_t bundled_len;
static struct tg__sfx *bundled;
static psl_ctx_t *oracle, *oracle_icann;

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* libpsl from list text, as psl_load_file() would read it. */
static psl_ctx_t *
psl_from_text(const char *text, size_t len)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, len, "r");
	psl_ctx_t *psl;

	assert_non_null(f);
	psl = psl_load_fp(f);
	fclose(f);
	return psl;
}

/* The lines of text from the ICANN section's BEGIN marker to its END. */
static char *
icann_text(const char *text, size_t *len)
{
	const char *b = strstr(text, "===BEGIN ICANN DOMAINS===");
	const char *e = strstr(text, "===END ICANN DOMAINS===");
	char *out;

	assert_non_null(b);
	assert_non_null(e);
	while (b > text && b[-1] != '\n')
		b--;
	e = strchr(e, '\n');
	e = e != NULL ? e + 1 : text + strlen(text);
	*len = (size_t)(e - b);
	out = malloc(*len + 1);
	assert_non_null(out);
	memcpy(out, b, *len);
	out[*len] = '\0';
	return out;
}

static const char *
our_answer(const struct tg__sfx *sfx, const char *name,
    enum tg__sfx_mode mode, unsigned *flags)
{
	size_t len = strlen(name);

	return name + len - tg__sfx_lookup(sfx, name, len, mode, flags);
}

static struct tg__sfx *
parse_ok(const char *text)
{
	struct tg__sfx *sfx = NULL;
	struct tg_error err;

	if (tg__sfx_parse(&sfx, text, strlen(text), "t.dat", &err) != TG_OK)
		fail_msg("list does not parse: %s", err.message);
	return sfx;
}

static int
group_setup(void **state)
{
	struct tg_error err;
	char *icann;
	size_t n;

	(void)state;
	bundled_text = read_file(TG_TEST_PSL, &bundled_len);
	if (bundled_text == NULL ||
	    tg__sfx_load(&bundled, TG_TEST_PSL, &err) != TG_OK) {
		fprintf(stderr, "# %s: cannot load\n", TG_TEST_PSL);
		return -1;
	}
	oracle = psl_load_file(TG_TEST_PSL);
	icann = icann_text(bundled_text, &n);
	oracle_icann = psl_from_text(icann, n);
	free(icann);
	return oracle != NULL && oracle_icann != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	bundled = tg__sfx_free(bundled);
	psl_free(oracle);
	psl_free(oracle_icann);
	free(bundled_text);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

struct lrow {
	const char *name;
	const char *list;	/* NULL: the bundled list */
	const char *in;
	enum tg__sfx_mode mode;
	const char *suffix;
	unsigned flags;
	int oracle;		/* libpsl on the same text agrees */
};

#define B(n, in, m, sf, fl) { n, NULL, in, m, sf, fl, 1 }
#define L(n, list, in, m, sf, fl) { n, list, in, m, sf, fl, 1 }
/* libpsl answers otherwise, on purpose (see the row). */
#define LX(n, list, in, m, sf, fl) { n, list, in, m, sf, fl, 0 }

/* Two sections and an exception, for the small-list rows. */
#define SMALL BI "name\nforgot.his.name\nfoo\n*.bar.foo\n!www.bar.foo\n" EI \
	BP "*.foo\nblog.name\n" EP "nosection\n"

static const struct lrow lrows[] = {
	/* Bundled list: ICANN rules */
	B("tld", "army.mil", ALL, "mil", K),
	B("tld itself", "mil", ALL, "mil", K),
	B("two-label rule", "a.b.co.uk", ALL, "co.uk", K),
	B("two-label rule itself", "co.uk", ALL, "co.uk", K),
	B("rule under rule", "x.pvt.k12.ma.us", ALL, "pvt.k12.ma.us", K),
	B("middle rule", "x.k12.ma.us", ALL, "k12.ma.us", K),
	B("za has no rule of its own", "example.za", ALL, "za", 0),
	B("co.za", "example.co.za", ALL, "co.za", K),
	/* Wildcards and exceptions */
	B("wildcard tld", "foo.ck", ALL, "foo.ck", K),
	B("wildcard tld, one more", "a.foo.ck", ALL, "foo.ck", K),
	B("wildcard parent", "ck", ALL, "ck", K),
	B("exception of wildcard tld", "www.ck", ALL, "ck", K),
	B("under exception", "a.www.ck", ALL, "ck", K),
	B("wildcard", "x.kawasaki.jp", ALL, "x.kawasaki.jp", K),
	B("wildcard parent is a suffix", "kawasaki.jp", ALL, "kawasaki.jp",
	    K),
	B("wildcard, deeper", "a.b.x.kawasaki.jp", ALL, "x.kawasaki.jp", K),
	B("exception", "city.kawasaki.jp", ALL, "kawasaki.jp", K),
	B("under exception 2", "www.city.kawasaki.jp", ALL, "kawasaki.jp", K),
	/* IDN rules, stored as A-labels */
	B("idn tld", "xn--e1afmkfd.xn--p1ai", ALL, "xn--p1ai", K),
	B("idn rule", "a.xn--55qx5d.cn", ALL, "xn--55qx5d.cn", K),
	B("idn rule, latin", "x.xn--aroport-bya.ci", ALL,
	    "xn--aroport-bya.ci", K),
	/* Private section */
	B("private", "foo.blogspot.com", ALL, "blogspot.com", K | P),
	B("private itself", "blogspot.com", ALL, "blogspot.com", K | P),
	B("private wildcard", "a.b.compute.amazonaws.com", ALL,
	    "b.compute.amazonaws.com", K | P),
	B("private, icann only", "foo.blogspot.com", ICANN, "com", K),
	B("private io, icann only", "foo.github.io", ICANN, "io", K),
	B("private wildcard, icann only", "a.b.compute.amazonaws.com", ICANN,
	    "com", K),
	B("icann only, icann rule", "a.b.co.uk", ICANN, "co.uk", K),
	/* Unknown TLDs: the default rule */
	B("unknown tld", "example.zzzz", ALL, "zzzz", 0),
	B("unknown tld itself", "zzzz", ALL, "zzzz", 0),
	B("unknown tld, icann only", "a.b.zzzz", ICANN, "zzzz", 0),
	B("many labels", "a.b.c.d.e.f.g.h.i.j.k.co.uk", ALL, "co.uk", K),
	B("one letter", "a", ALL, "a", 0),

	/* Small lists */
	L("longest suffix wins", SMALL, "a.forgot.his.name", ALL,
	    "forgot.his.name", K),
	L("no rule in between", SMALL, "x.his.name", ALL, "name", K),
	L("exception under wildcard", SMALL, "www.bar.foo", ALL, "bar.foo", K),
	L("wildcard under private wildcard", SMALL, "a.x.bar.foo", ALL,
	    "x.bar.foo", K),
	/* "foo" is an ICANN rule and a PRIVATE wildcard: libpsl merges the
	 * two, so x.foo is a suffix by the private wildcard, and "known"
	 * asks only that the merged entry be ICANN. */
	L("merged sections", SMALL, "a.x.foo", ALL, "x.foo", K),
	L("merged, icann only", SMALL, "a.x.foo", ICANN, "foo", K),
	L("private rule", SMALL, "a.blog.name", ALL, "blog.name", K | P),
	L("private, icann only", SMALL, "a.blog.name", ICANN, "name", K),
	L("outside sections: neither", SMALL, "a.nosection", ALL,
	    "nosection", 0),
	L("outside sections, icann only", SMALL, "a.nosection", ICANN,
	    "nosection", 0),
	L("plain and exception", BI "a.b\n!a.b\nb\n" EI, "x.a.b", ALL, "b", K),
	L("wildcard and exception", BI "*.a.b\n!a.b\nb\n" EI, "x.a.b", ALL,
	    "x.a.b", K),
	L("wildcard and exception, itself", BI "*.a.b\n!a.b\nb\n" EI, "a.b",
	    ALL, "b", K),
	L("exception tld", BI "!b\nc\n" EI, "a.b", ALL, "b", 0),
	L("crlf, blanks, comments after the rule",
	    BI " \t// indented comment\r\nco.b  // trailing\r\n\tb\r\n" EI,
	    "x.co.b", ALL, "co.b", K),
	L("utf-8 rule mapped to ascii", BI "\xef\xbc\xa3\xef\xbc\xaf\n" EI,
	    "a.co", ALL, "co", K),
	L("wide dot in a utf-8 rule", BI "a\xe3\x80\x82\xc3\xbc\n" EI,
	    "x.a.xn--tda", ALL, "a.xn--tda", K),
	L("8 labels", BI "*.b.c.d.e.f.g.h\n" EI, "x.y.b.c.d.e.f.g.h", ALL,
	    "y.b.c.d.e.f.g.h", K),
	L("8 labels, 10-label name", BI "*.b.c.d.e.f.g.h\n" EI,
	    "w.x.y.b.c.d.e.f.g.h", ALL, "y.b.c.d.e.f.g.h", K),
	L("second icann section", BI "a\n" EI BI "b\n" EI, "x.b", ALL, "b",
	    K),
	/* libpsl keeps "COM" as it is and never matches it; we lowercase. */
	LX("uppercase rule", BI "CO.UK\n" EI, "a.co.uk", ALL, "co.uk", K),
};

static void
test_lookup_row(void **state)
{
	const struct lrow *r = *state;
	struct tg__sfx *mine = bundled;
	psl_ctx_t *theirs = r->mode == ICANN ? oracle_icann : oracle;
	const char *got, *want;
	unsigned f, pf;
	char *icann;
	size_t n;

	if (r->list != NULL) {
		mine = parse_ok(r->list);
		if (r->mode == ICANN) {
			icann = icann_text(r->list, &n);
			theirs = psl_from_text(icann, n);
			free(icann);
		} else {
			theirs = psl_from_text(r->list, strlen(r->list));
		}
		assert_non_null(theirs);
	}
	got = our_answer(mine, r->in, r->mode, &f);
	assert_string_equal(got, r->suffix);
	assert_int_equal(f, r->flags);
	/* flags may be NULL */
	assert_int_equal(tg__sfx_lookup(mine, r->in, strlen(r->in), r->mode,
	    NULL), strlen(r->suffix));
	want = psl_oracle(theirs, r->in, &pf);
	if (r->oracle) {
		assert_string_equal(got, want);
		assert_int_equal(f, pf);
	} else {
		assert_true(strcmp(got, want) != 0 || f != pf);
	}
	if (r->list != NULL) {
		tg__sfx_free(mine);
		psl_free(theirs);
	}
}

/* ------------------------------------------------------------------ */
/* Delegated TLDs and children                                          */

struct trow {
	const char *name;
	const char *list;	/* NULL: the bundled list */
	const char *label;
	int tld;
};

static const struct trow trows[] = {
	{ "tld: com", NULL, "com", 1 },
	{ "tld: uk", NULL, "uk", 1 },
	{ "tld: mil", NULL, "mil", 1 },
	{ "tld: za (only co.za...)", NULL, "za", 1 },
	{ "tld: ck (only *.ck)", NULL, "ck", 1 },
	{ "tld: idn", NULL, "xn--p1ai", 1 },
	{ "tld: not co.uk", NULL, "co.uk", 0 },
	{ "tld: not unknown", NULL, "zzzz", 0 },
	{ "tld: not empty", NULL, "", 0 },
	{ "tld: not uppercase", NULL, "COM", 0 },
	{ "tld: not a private label", NULL, "blogspot", 0 },
	{ "tld: private only is not", SMALL, "nosection", 0 },
	{ "tld: icann", SMALL, "name", 1 },
	{ "tld: from exception", BI "!a.b\n" EI, "b", 1 },
};

static void
test_tld_row(void **state)
{
	const struct trow *r = *state;
	struct tg__sfx *sfx = r->list != NULL ? parse_ok(r->list) : bundled;

	assert_int_equal(tg__sfx_is_tld(sfx, r->label, strlen(r->label)),
	    r->tld);
	if (r->list != NULL)
		tg__sfx_free(sfx);
}

struct crow {
	const char *name;
	const char *list;	/* NULL: the bundled list */
	const char *tld;
	size_t count;		/* (size_t)-1: some */
	const char *has[3];
	const char *lacks[3];
};

#define SOME ((size_t)-1)

static const struct crow crows[] = {
	{ "children: uk", NULL, "uk", SOME, { "co.uk", "org.uk", "ac.uk" },
	    { "uk", NULL, NULL } },
	{ "children: jp, wildcard parent listed", NULL, "jp", SOME,
	    { "kawasaki.jp", "co.jp", NULL },
	    { "city.kawasaki.jp", "x.kawasaki.jp", NULL } },
	{ "children: com, none (no private)", NULL, "com", 0,
	    { NULL, NULL, NULL },
	    { "blogspot.com", "compute.amazonaws.com", NULL } },
	{ "children: ck, none", NULL, "ck", 0, { NULL, NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: mil, none", NULL, "mil", 0, { NULL, NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: za", NULL, "za", SOME, { "co.za", NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: unknown", NULL, "zzzz", 0, { NULL, NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: not of a suffix", NULL, "co.uk", 0, { NULL, NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: idn", NULL, "cn", SOME, { "xn--55qx5d.cn", NULL, NULL },
	    { NULL, NULL, NULL } },
	{ "children: small list", SMALL, "foo", 1, { "bar.foo", NULL, NULL },
	    { "www.bar.foo", NULL, NULL } },
	{ "children: exception only", BI "!a.b\nb\n" EI, "b", 0,
	    { NULL, NULL, NULL }, { NULL, NULL, NULL } },
};

static int
listed(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void
test_children_row(void **state)
{
	const struct crow *r = *state;
	struct tg__sfx *sfx = r->list != NULL ? parse_ok(r->list) : bundled;
	const char *const *list = (const char *const *)state;
	size_t n, i;

	n = tg__sfx_children(sfx, r->tld, strlen(r->tld), &list);
	if (r->count == SOME)
		assert_true(n > 0);
	else
		assert_int_equal(n, r->count);
	if (n == 0)
		assert_null(list);
	for (i = 0; i < 3; i++) {
		if (r->has[i] != NULL && !listed(list, n, r->has[i]))
			fail_msg("%s not listed", r->has[i]);
		if (r->lacks[i] != NULL && listed(list, n, r->lacks[i]))
			fail_msg("%s listed", r->lacks[i]);
	}
	if (r->list != NULL)
		tg__sfx_free(sfx);
}

/* ------------------------------------------------------------------ */
/* Parse errors                                                         */

struct erow {
	const char *name;
	const char *text;
	size_t len;
	int rc;
	unsigned long line, column;
	const char *msg;
};

#define E(n, t, rc, l, c, m) { n, t, sizeof(t) - 1, rc, l, c, m }

#define A55 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define A57 A55 "aa"
#define A58 A55 "aaa"
#define A63 A55 "aaaaaaaa"

static const struct erow erows[] = {
	E("bad character", BI "a_b.com\n" EI, TG_EPSL, 2, 2,
	    "invalid character '_' in rule 'a_b.com'"),
	E("bad byte", BI "ab\x01.com\n" EI, TG_EPSL, 2, 3, "\\x01"),
	E("space inside ends the rule", BI "a b\n" EI, TG_OK, 0, 0, NULL),
	E("wildcard not first", BI "a.*.com\n" EI, TG_EPSL, 2, 3, "'*'"),
	E("two wildcards", BI "*.*.com\n" EI, TG_EPSL, 2, 3, "'*'"),
	E("wildcard alone", BI "*\n" EI, TG_EPSL, 2, 1, "wildcard"),
	E("wildcard without dot", BI "*com\n" EI, TG_EPSL, 2, 1, "wildcard"),
	E("wildcard, no name", BI "*.\n" EI, TG_EPSL, 2, 3, "no name"),
	E("exception not first", BI "a.!b\n" EI, TG_EPSL, 2, 3, "'!'"),
	E("exception, no name", BI "  !\n" EI, TG_EPSL, 2, 4, "no name"),
	E("exception of wildcard", BI "!*.a\n" EI, TG_EPSL, 2, 2, "'*'"),
	E("empty label", BI "a..com\n" EI, TG_EPSL, 2, 3, "empty label"),
	E("leading dot", BI ".com\n" EI, TG_EPSL, 2, 1, "empty label"),
	E("trailing dot", BI "com.\n" EI, TG_EPSL, 2, 5, "empty label"),
	E("empty label, wildcard", BI "*..com\n" EI, TG_EPSL, 2, 3,
	    "empty label"),
	E("empty label, utf-8", BI "\xc3\xbc..com\n" EI, TG_EPSL, 2, 4,
	    "empty label"),
	E("empty label after mapping", BI "a\xe3\x80\x82.com\n" EI, TG_EPSL,
	    2, 1, "empty label"),
	E("label too long", BI "a." A63 "a.com\n" EI, TG_EPSL, 2, 3,
	    "label of 64 octets"),
	E("hyphen first", BI "a.-b.com\n" EI, TG_EPSL, 2, 3, "hyphen"),
	E("hyphen last", BI "a.b-.com\n" EI, TG_EPSL, 2, 4, "hyphen"),
	E("rule too long", BI "a." A57 "." A63 ".com\n" EI, TG_ETOOLONG, 2, 1,
	    "rule of 127 bytes, limit 126"),
	E("rule of 126 bytes", BI A58 "." A63 ".com\n" EI, TG_OK, 0, 0, NULL),
	/* 119 bytes as written, 131 in A-labels. */
	E("rule too long in a-labels", BI A55 "\xc3\xbc." A55 "\xc3\xbc.com\n"
	    EI, TG_ETOOLONG, 2, 1, "rule of 131 bytes in A-labels"),
	E("nine labels", BI "a.b.c.d.e.f.g.h.i\n" EI, TG_ETOOLONG, 2, 1,
	    "9 labels, limit 8"),
	E("nine labels with the wildcard", BI "*.b.c.d.e.f.g.h.i\n" EI,
	    TG_ETOOLONG, 2, 1, "9 labels"),
	E("eight labels", BI "*.c.d.e.f.g.h.i\n" EI, TG_OK, 0, 0, NULL),
	E("bad utf-8", BI "a\xc3.com\n" EI, TG_EPSL, 2, 2, "invalid UTF-8"),
	E("latin-1", BI "\xfc.com\n" EI, TG_EPSL, 2, 1, "invalid UTF-8"),
	E("idna rejects", BI "\xcc\x81" "a.com\n" EI, TG_EPSL, 2, 1,
	    "not a valid internationalised domain name"),
	E("idna maps to underscore", BI "a\xef\xbc\xbf" "b\n" EI, TG_EPSL, 2,
	    1, "maps to 'a_b'"),
	E("line too long", BI "//" A63 A63 A63 A63 A63 A63 A63 A63 A63 A63
	    A63 A63 A63 A63 A63 A63 "aaaaaaaaaaaaaaa\ncom\n" EI,
	    TG_ETOOLONG, 2, 1025, "line longer than 1024"),
	E("dafsa", ".DAFSA@PSL_0   \n\x01\x02\x03", TG_EPSL, 1, 1,
	    "DAFSA"),
	E("nul byte", BI "// a\0b\ncom\n" EI, TG_EPSL, 2, 5, "NUL byte"),
	E("empty", "", TG_EPSL, 1, 1, "no rules in an ICANN section"),
	E("no icann section", "// just a comment\n", TG_EPSL, 2, 1,
	    "no rules in an ICANN section"),
	E("rules outside sections only", "com\nnet", TG_EPSL, 2, 4,
	    "no rules in an ICANN section"),
	E("private only", BP "com\n" EP, TG_EPSL, 4, 1,
	    "no rules in an ICANN section"),
	E("section not closed", BI "com\n", TG_EPSL, 3, 1,
	    "end of file inside the ICANN section begun at line 1"),
	E("end without begin", "com\n" EI, TG_EPSL, 2, 4,
	    "'===END ICANN DOMAINS===' outside any section"),
	E("begin inside section", BI "com\n" BP, TG_EPSL, 3, 4,
	    "'===BEGIN PRIVATE DOMAINS===' inside the ICANN section begun at "
	    "line 1"),
	E("end of the other section", BI "com\n" EP, TG_EPSL, 3, 4,
	    "'===END PRIVATE DOMAINS===' inside the ICANN section"),
	E("begin twice", BI BI "com\n" EI, TG_EPSL, 2, 4,
	    "'===BEGIN ICANN DOMAINS===' inside"),
	E("byte order mark", "\xef\xbb\xbf" BI "com\n" EI, TG_OK, 0, 0, NULL),
};

static void
test_error_row(void **state)
{
	const struct erow *r = *state;
	struct tg__sfx *sfx = (struct tg__sfx *)state;
	struct tg_error err;
	char where[64];
	int rc;

	memset(&err, 0x5a, sizeof(err));
	rc = tg__sfx_parse(&sfx, r->text, r->len, "t.dat", &err);
	assert_int_equal(rc, r->rc);
	if (rc == TG_OK) {
		assert_non_null(sfx);
		assert_int_equal(err.code, TG_OK);
		tg__sfx_free(sfx);
		return;
	}
	assert_null(sfx);
	assert_int_equal(err.code, r->rc);
	assert_int_equal(err.line, r->line);
	assert_int_equal(err.column, r->column);
	assert_int_equal(err.has_offset, 1);
	assert_true(err.offset <= r->len);
	snprintf(where, sizeof(where), "t.dat:%lu:%lu: ", r->line, r->column);
	if (strncmp(err.message, where, strlen(where)) != 0)
		fail_msg("message \"%s\" does not begin \"%s\"", err.message,
		    where);
	if (strstr(err.message, r->msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.message, r->msg);
	/* Without an error struct: the same code. */
	assert_int_equal(tg__sfx_parse(&sfx, r->text, r->len, NULL, NULL),
	    r->rc);
}

/* ------------------------------------------------------------------ */
/* Fixed tests                                                          */

/* More rules than TG__SFX_MAX_RULES; a list over TG__SFX_MAX_BYTES. */
static void
test_too_many_rules(void **state)
{
	size_t n = TG__SFX_MAX_RULES + 1, i, len = 0;
	struct tg__sfx *sfx = NULL;
	struct tg_error err;
	char *text;

	(void)state;
	text = malloc(strlen(BI) + n * 2 + strlen(EI) + 1);
	assert_non_null(text);
	len += (size_t)sprintf(text, "%s", BI);
	for (i = 0; i < n; i++) {
		text[len++] = 'a';
		text[len++] = '\n';
	}
	len += (size_t)sprintf(text + len, "%s", EI);
	assert_int_equal(tg__sfx_parse(&sfx, text, len, "t.dat", &err),
	    TG_ETOOLONG);
	assert_null(sfx);
	assert_int_equal(err.line, n + 1);
	assert_int_equal(err.column, 1);
	assert_non_null(strstr(err.message, "more than 100000 rules"));
	/* One fewer is fine (and the same rule 100000 times is one). */
	len = strlen(BI) + (n - 1) * 2;
	len += (size_t)sprintf(text + len, "%s", EI);
	assert_int_equal(tg__sfx_parse(&sfx, text, len, "t.dat", &err),
	    TG_OK);
	assert_int_equal(tg__sfx_tld_count(sfx), 1);
	tg__sfx_free(sfx);
	free(text);
}

static void
test_too_big(void **state)
{
	size_t len = TG__SFX_MAX_BYTES + 1, i;
	struct tg__sfx *sfx = NULL;
	struct tg_error err;
	char *text;

	(void)state;
	text = malloc(len);
	assert_non_null(text);
	/* 16 MiB of 15-byte comment lines and a newline every 16 bytes. */
	memset(text, '/', len);
	for (i = 15; i < len; i += 16)
		text[i] = '\n';
	assert_int_equal(tg__sfx_parse(&sfx, text, len, "t.dat", &err),
	    TG_ETOOLONG);
	assert_null(sfx);
	assert_int_equal(err.offset, TG__SFX_MAX_BYTES);
	assert_int_equal(err.line, TG__SFX_MAX_BYTES / 16 + 1);
	assert_int_equal(err.column, 1);
	free(text);
}

/* tg__sfx_load(): the file errors, and the bundled list. */
static void
test_load(void **state)
{
	struct tg__sfx *sfx = (struct tg__sfx *)state;
	struct tg_error err;

	(void)state;
	assert_int_equal(tg__sfx_load(&sfx, "/nonexistent/x.dat", &err),
	    TG_ENOENT);
	assert_null(sfx);
	assert_int_equal(err.has_offset, 0);
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.message, "/nonexistent/x.dat"));
	assert_int_equal(tg__sfx_load(&sfx, "/", &err), TG_EIO);
	assert_null(sfx);
	assert_int_equal(tg__sfx_load(&sfx, TG_TEST_PSL, NULL), TG_OK);
	assert_non_null(sfx);
	assert_null(tg__sfx_free(sfx));
	assert_null(tg__sfx_free(NULL));
}

/* libpsl's DAFSA file, where Debian's publicsuffix package has one. */
static void
test_load_dafsa(void **state)
{
	static const char dafsa[] =
	    "/usr/share/publicsuffix/public_suffix_list.dafsa";
	struct tg__sfx *sfx = NULL;
	struct tg_error err;

	(void)state;
	if (access(dafsa, R_OK) != 0)
		skip();
	assert_int_equal(tg__sfx_load(&sfx, dafsa, &err), TG_EPSL);
	assert_non_null(strstr(err.message, "DAFSA"));
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1);
}

/* Every allocation failure is TG_ENOMEM and leaks nothing. */
static void
test_alloc_failures(void **state)
{
	static const char text[] = BI "a\n*.b.a\n\xc3\xbc.a\nc\n" EI BP
	    "d.c\n" EP;
	struct tg__sfx *sfx;
	struct tg_error err;
	unsigned long n;
	int rc;

	(void)state;
	for (n = 1; n < 100; n++) {
		sfx = (struct tg__sfx *)&err;
		tg__alloc_fail_after(n);
		rc = tg__sfx_parse(&sfx, text, sizeof(text) - 1, "t.dat",
		    &err);
		tg__alloc_fail_after(0);
		if (rc == TG_OK)
			break;
		assert_int_equal(rc, TG_ENOMEM);
		assert_int_equal(err.code, TG_ENOMEM);
		assert_null(sfx);
	}
	assert_int_equal(rc, TG_OK);
	assert_int_equal(tg__sfx_tld_count(sfx), 2);
	tg__sfx_free(sfx);
}

/* The TLD list: sorted, unique, each is_tld, and the same set as the
 * last labels of the ICANN rules read here independently; every child
 * ends in its TLD, is sorted, and is an ICANN suffix to libpsl. */
static void
test_tld_list(void **state)
{
	const char *const *kids;
	const char *t, *prev = NULL;
	size_t i, j, n, nk, total = 0;

	(void)state;
	n = tg__sfx_tld_count(bundled);
	assert_true(n > 1000);
	assert_null(tg__sfx_tld(bundled, n));
	for (i = 0; i < n; i++) {
		t = tg__sfx_tld(bundled, i);
		assert_non_null(t);
		if (prev != NULL && strcmp(prev, t) >= 0)
			fail_msg("not sorted: '%s' before '%s'", prev, t);
		assert_true(tg__sfx_is_tld(bundled, t, strlen(t)));
		assert_null(strchr(t, '.'));
		nk = tg__sfx_children(bundled, t, strlen(t), &kids);
		for (j = 0; j < nk; j++) {
			size_t kl = strlen(kids[j]), tl = strlen(t);

			assert_true(kl > tl + 1);
			assert_string_equal(kids[j] + kl - tl, t);
			assert_int_equal(kids[j][kl - tl - 1], '.');
			if (j > 0 && strcmp(kids[j - 1], kids[j]) >= 0)
				fail_msg("children of %s not sorted", t);
			if (!psl_is_public_suffix2(oracle, kids[j],
			    PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
				fail_msg("%s: not an ICANN suffix to libpsl",
				    kids[j]);
		}
		total += nk;
		prev = t;
	}
	assert_true(total > 4000);
	assert_true(tg__sfx_is_tld(bundled, "com", 3));
	assert_true(tg__sfx_is_tld(bundled, "ml", 2));
}

/* ------------------------------------------------------------------ */
/* Every rule of the bundled list against libpsl                       */

struct diff {
	size_t names, bad;
	char first[5][200];
};

static void
compare(struct diff *d, const char *name)
{
	const char *mine, *theirs;
	unsigned mf, pf;
	static const struct {
		enum tg__sfx_mode mode;
		const char *what;
	} modes[] = { { ALL, "all" }, { ICANN, "icann" } };
	size_t m;

	for (m = 0; m < 2; m++) {
		mine = our_answer(bundled, name, modes[m].mode, &mf);
		theirs = psl_oracle(modes[m].mode == ALL ? oracle :
		    oracle_icann, name, &pf);
		d->names++;
		if (strcmp(mine, theirs) == 0 && mf == pf)
			continue;
		if (d->bad < 5)
			snprintf(d->first[d->bad], sizeof(d->first[0]),
			    "%s (%s): ours '%s' %u, libpsl '%s' %u", name,
			    modes[m].what, mine, mf, theirs, pf);
		d->bad++;
	}
}

/* The A-label form of one rule's name, as the list would give it. */
static int
rule_key(const char *tok, char *out, size_t size)
{
	uint8_t *a = NULL;
	int ascii = 1;
	const char *p;

	for (p = tok; *p != '\0'; p++)
		ascii &= (unsigned char)*p < 0x80;
	if (ascii) {
		snprintf(out, size, "%s", tok);
		return 0;
	}
	if (idn2_lookup_u8((const uint8_t *)tok, &a,
	    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK) {
		idn2_free(a);
		return -1;
	}
	snprintf(out, size, "%s", (const char *)a);
	idn2_free(a);
	return 0;
}

static void
test_every_rule(void **state)
{
	static const char *const extra[] = { "zzzz", "a.zzzz", "com",
		"example.com", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.com", "ck",
		"za" };
	struct diff d;
	char line[1100], key[300], name[400], *tok, *save;
	const char *p = bundled_text, *nl, *parent;
	size_t i, n, rules = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	for (; *p != '\0'; p = nl != NULL ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof(line))
			continue;
		memcpy(line, p, n);
		line[n] = '\0';
		tok = strtok_r(line, " \t\r", &save);
		if (tok == NULL || strncmp(tok, "//", 2) == 0)
			continue;
		if (*tok == '!')
			tok++;
		else if (strncmp(tok, "*.", 2) == 0)
			tok += 2;
		if (rule_key(tok, key, sizeof(key)) != 0)
			fail_msg("rule '%s': libidn2 rejects it", tok);
		rules++;
		/* The rule, what its wildcard or exception covers (one and
		 * two labels more), and its parent. */
		compare(&d, key);
		snprintf(name, sizeof(name), "x.%s", key);
		compare(&d, name);
		snprintf(name, sizeof(name), "y.x.%s", key);
		compare(&d, name);
		snprintf(name, sizeof(name), "www.y.x.%s", key);
		compare(&d, name);
		parent = strchr(key, '.');
		if (parent != NULL)
			compare(&d, parent + 1);
	}
	for (i = 0; i < NROWS(extra); i++)
		compare(&d, extra[i]);
	print_message("# %zu rules, %zu lookups, %zu mismatches\n", rules,
	    d.names, d.bad);
	for (i = 0; i < d.bad && i < 5; i++)
		print_message("# %s\n", d.first[i]);
	assert_true(rules > 9000);
	if (d.bad > 0)
		fail_msg("%zu of %zu lookups differ from libpsl; first: %s",
		    d.bad, d.names, d.first[0]);
}

/* ------------------------------------------------------------------ */

static void
add(struct CMUnitTest *t, size_t *n, const char *name, CMUnitTestFunction f,
    const void *row)
{
	t[*n].name = name;
	t[*n].test_func = f;
	t[*n].setup_func = NULL;
	t[*n].teardown_func = NULL;
	t[*n].initial_state = (void *)(uintptr_t)row;
	(*n)++;
}

int
main(void)
{
	struct CMUnitTest *t;
	size_t i, n = 0, max;
	int rc;

	max = NROWS(lrows) + NROWS(trows) + NROWS(crows) + NROWS(erows) + 16;
	t = calloc(max, sizeof(*t));
	if (t == NULL)
		return 1;
	for (i = 0; i < NROWS(lrows); i++)
		add(t, &n, lrows[i].name, test_lookup_row, &lrows[i]);
	for (i = 0; i < NROWS(trows); i++)
		add(t, &n, trows[i].name, test_tld_row, &trows[i]);
	for (i = 0; i < NROWS(crows); i++)
		add(t, &n, crows[i].name, test_children_row, &crows[i]);
	for (i = 0; i < NROWS(erows); i++)
		add(t, &n, erows[i].name, test_error_row, &erows[i]);
	add(t, &n, "too many rules", test_too_many_rules, NULL);
	add(t, &n, "list too big", test_too_big, NULL);
	add(t, &n, "load", test_load, NULL);
	add(t, &n, "load: dafsa refused", test_load_dafsa, NULL);
	add(t, &n, "allocation failures", test_alloc_failures, NULL);
	add(t, &n, "tld list and children", test_tld_list, NULL);
	add(t, &n, "every rule against libpsl", test_every_rule, NULL);

	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = _cmocka_run_group_tests("suffix", t, n, group_setup,
	    group_teardown);
	free(t);
	return rc;
}
