/*
 * fuzz_psl.c - tg__sfx_parse() (suffix.c) on arbitrary bytes.
 *
 * The input is a public suffix list file, byte for byte.  A failure must
 * keep the error contract of suffix_int.h: a documented code, "t.dat:L:C: "
 * in front of a one-line printable message, line, column and offset that
 * point into the input, and the same code without an error struct.  A list
 * that parses must give, for a few fixed names and for names made from the
 * input's own rules (the rule, "x." and "y.x." in front, its parent):
 *   - a suffix of at least one label that starts at a label boundary, the
 *     same with flags NULL, PRIVATE only with KNOWN and never in
 *     TG__SFX_ICANN_ONLY mode;
 *   - libpsl's answer, when the list is one libpsl reads the same way: no
 *     line of 250 bytes or more (libpsl reads lines in 255-byte pieces),
 *     no uppercase ASCII in a rule (we lowercase, libpsl keeps it), no
 *     rule twice (libpsl merges repeats by a binary search of an unsorted
 *     vector, so only sometimes) and no byte order mark.
 * And the TLD list must be sorted, without repeats, every entry a single
 * label that tg__sfx_is_tld() accepts; every child of a TLD ends in
 * ".TLD", the children are sorted, and each is its own suffix with
 * TG__SFX_KNOWN in TG__SFX_ICANN_ONLY mode.
 */
#include <idn2.h>
#include <libpsl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psl_oracle.h"
#include "invariants.h"
#include "suffix_int.h"

#define NAME_MAX_LEN 300
#define MAX_NAMES 512

static const char *const fixed[] = {
	"a", "com", "example.com", "www.example.co.uk", "a.b.c.d.e.f.g.h.i.j.k",
	"xn--p1ai", "a.xn--p1ai", "x.y", "www.ck", "a.www.ck",
};

struct names {
	char s[MAX_NAMES][NAME_MAX_LEN];
	size_t n;
	int dup;	/* a rule's name came twice */
	int upper;	/* a rule had uppercase ASCII */
};

static void
add_name(struct names *nm, const char *a, const char *b)
{
	if (nm->n < MAX_NAMES && strlen(a) + strlen(b) < NAME_MAX_LEN)
		snprintf(nm->s[nm->n++], NAME_MAX_LEN, "%s%s", a, b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The names of the rules in s[0..len), read the way suffix.c and libpsl
 * read them (the list has parsed, so every rule is well formed), and the
 * names made from them.
 */
static void
rule_names(const char *s, size_t len, struct names *nm)
{
	char tok[TG__SFX_MAX_LINE + 1], *keys[MAX_NAMES];
	const char *p = s, *end = s + len, *nl, *t, *dot;
	uint8_t *a;
	size_t n, nkeys = 0, i, k;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* the byte order mark suffix.c skips */
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == nl || (nl - p >= 2 && p[0] == '/' && p[1] == '/'))
			continue;
		for (n = 0; p + n < nl && p[n] != ' ' && p[n] != '\t' &&
		    p[n] != '\r'; n++)
			;
		memcpy(tok, p, n);
		tok[n] = '\0';
		t = tok[0] == '!' ? tok + 1 : tok[0] == '*' ? tok + 2 : tok;
		for (k = 0; k < n; k++)
			nm->upper |= tok[k] >= 'A' && tok[k] <= 'Z';
		a = NULL;
		for (k = 0; t[k] != '\0' && (unsigned char)t[k] < 0x80; k++)
			;
		if (t[k] != '\0' && idn2_lookup_u8((const uint8_t *)t, &a,
		    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) == IDN2_OK)
			t = (const char *)a;
		if (nkeys < MAX_NAMES) {
			keys[nkeys] = strdup(t);
			FZ_CHECK(keys[nkeys] != NULL);
			nkeys++;
		}
		add_name(nm, t, "");
		add_name(nm, "x.", t);
		add_name(nm, "y.x.", t);
		dot = strchr(t, '.');
		if (dot != NULL)
			add_name(nm, dot + 1, "");
		idn2_free(a);
	}
	qsort(keys, nkeys, sizeof(keys[0]), cmp_str);
	for (i = 1; i < nkeys; i++)
		nm->dup |= strcmp(keys[i - 1], keys[i]) == 0;
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
}

/* Can libpsl be expected to read s[0..len) as we do? */
static int
libpsl_reads_alike(const char *s, size_t len, const struct names *nm)
{
	const char *p = s, *end = s + len, *nl;

	if (nm->dup || nm->upper || nm->n == MAX_NAMES ||
	    (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0))
		return 0;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl - p >= 249)
			return 0;
	}
	return 1;
}

static void
check_lookup(const struct tg__sfx *sfx, const char *name,
    const psl_ctx_t *psl)
{
	static const enum tg__sfx_mode modes[] = { TG__SFX_ALL,
		TG__SFX_ICANN_ONLY };
	size_t len = strlen(name), n, m;
	const char *theirs;
	unsigned f, pf;

	for (m = 0; m < 2; m++) {
		f = 0xdead;
		n = tg__sfx_lookup(sfx, name, len, modes[m], &f);
		FZ_CHECK(n >= 1 && n <= len);
		FZ_CHECK(n == len || name[len - n - 1] == '.');
		FZ_CHECK(name[len - n] != '.');
		FZ_CHECK((f & ~(unsigned)(TG__SFX_KNOWN | TG__SFX_PRIVATE)) ==
		    0);
		FZ_CHECK(!(f & TG__SFX_PRIVATE) || (f & TG__SFX_KNOWN));
		FZ_CHECK(modes[m] == TG__SFX_ALL || !(f & TG__SFX_PRIVATE));
		FZ_CHECK(tg__sfx_lookup(sfx, name, len, modes[m], NULL) == n);
		if (psl == NULL || modes[m] != TG__SFX_ALL)
			continue;
		theirs = psl_oracle(psl, name, &pf);
		if (strcmp(theirs, name + len - n) != 0 || pf != f) {
			fprintf(stderr, "%s: ours '%s' %u, libpsl '%s' %u\n",
			    name, name + len - n, f, theirs, pf);
			FZ_CHECK(!"libpsl answers otherwise");
		}
	}
}

static void
check_lists(const struct tg__sfx *sfx)
{
	const char *const *kids;
	const char *t, *prev = NULL;
	size_t i, j, n, k, tl, kl;
	unsigned f;

	n = tg__sfx_tld_count(sfx);
	FZ_CHECK(n >= 1);
	FZ_CHECK(tg__sfx_tld(sfx, n) == NULL);
	for (i = 0; i < n; i++, prev = t) {
		t = tg__sfx_tld(sfx, i);
		FZ_CHECK(t != NULL);
		tl = strlen(t);
		FZ_CHECK(tl > 0 && strchr(t, '.') == NULL);
		FZ_CHECK(prev == NULL || strcmp(prev, t) < 0);
		FZ_CHECK(tg__sfx_is_tld(sfx, t, tl));
		FZ_CHECK(tg__sfx_lookup(sfx, t, tl, TG__SFX_ICANN_ONLY, NULL) ==
		    tl);
		k = tg__sfx_children(sfx, t, tl, &kids);
		FZ_CHECK((k == 0) == (kids == NULL));
		for (j = 0; j < k; j++) {
			kl = strlen(kids[j]);
			FZ_CHECK(kl > tl + 1 && kids[j][kl - tl - 1] == '.');
			FZ_CHECK(strcmp(kids[j] + kl - tl, t) == 0);
			FZ_CHECK(j == 0 || strcmp(kids[j - 1], kids[j]) < 0);
			FZ_CHECK(tg__sfx_lookup(sfx, kids[j], kl,
			    TG__SFX_ICANN_ONLY, &f) == kl);
			FZ_CHECK(f == TG__SFX_KNOWN);
		}
	}
}

/* The error contract for a failed parse of len bytes named "t.dat". */
static void
check_error(int rc, const struct tg_error *err, size_t len)
{
	char where[64];
	const char *m;

	FZ_CHECK(rc == TG_EPSL || rc == TG_ETOOLONG || rc == TG_ENOMEM);
	FZ_CHECK(err->code == rc);
	if (rc == TG_ENOMEM)
		return;
	FZ_CHECK(err->has_offset && err->offset <= len);
	FZ_CHECK(err->line >= 1 && err->column >= 1);
	FZ_CHECK(err->column <= TG__SFX_MAX_LINE + 1);
	snprintf(where, sizeof(where), "t.dat:%lu:%lu: ", err->line,
	    err->column);
	FZ_CHECK(strncmp(err->message, where, strlen(where)) == 0);
	FZ_CHECK(strlen(err->message) > strlen(where));
	for (m = err->message; *m != '\0'; m++)
		FZ_CHECK(*m >= 0x20 && *m < 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tg__sfx *sfx = NULL, *again = NULL;
	psl_ctx_t *psl = NULL;
	struct tg_error err;
	struct names *nm;
	FILE *f;
	size_t i;
	int rc;

	rc = tg__sfx_parse(&sfx, s, size, "t.dat", &err);
	FZ_CHECK(tg__sfx_parse(&again, s, size, NULL, NULL) == rc);
	FZ_CHECK((again == NULL) == (rc != TG_OK));
	tg__sfx_free(again);
	if (rc != TG_OK) {
		FZ_CHECK(sfx == NULL);
		check_error(rc, &err, size);
		return 0;
	}
	FZ_CHECK(sfx != NULL && err.code == TG_OK);

	nm = calloc(1, sizeof(*nm));
	FZ_CHECK(nm != NULL);
	rule_names(s, size, nm);
	if (libpsl_reads_alike(s, size, nm) && size > 0 &&
	    (f = fmemopen((void *)(uintptr_t)s, size, "r")) != NULL) {
		psl = psl_load_fp(f);
		fclose(f);
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_lookup(sfx, fixed[i], psl);
	for (i = 0; i < nm->n; i++)
		check_lookup(sfx, nm->s[i], psl);
	check_lists(sfx);
	psl_free(psl);
	free(nm);
	tg__sfx_free(sfx);
	return 0;
}
