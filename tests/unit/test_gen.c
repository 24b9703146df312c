/*
 * test_gen.c - the generator's homoglyph rounds: the second round leaves
 * out what it would only make again (gen.c, gen_homoglyph()); the names
 * made must be the same as when it applies every rule everywhere, and the
 * one-character rules it relies on must read only their own character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glyph_int.h"
#include "slip_int.h"
#include "typoguard.h"
#include "unit.h"

struct names {
	char **v;
	size_t n, cap;
};

static int
collect(const struct tg_variant *v, void *arg)
{
	struct names *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		assert_non_null(s->v);
	}
	s->v[s->n] = strdup(v->domain);
	assert_non_null(s->v[s->n]);
	s->n++;
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
names_free(struct names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The homoglyph variants of domain, sorted. */
static void
homoglyphs(const tg_index *ix, const char *domain, struct names *out)
{
	struct tg_variants_opts o;
	struct tg_error err;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.kinds = 1u << TG_KIND_HOMOGLYPH;
	o.flags = TG_VARIANTS_MARK_LEGIT;
	memset(out, 0, sizeof(*out));
	assert_int_equal(tg_variants(ix, domain, strlen(domain), &o, collect,
	    out, &err), TG_OK);
	if (out->n > 0)
		qsort(out->v, out->n, sizeof(*out->v), str_cmp);
	/* The generator may make a name twice (without the shortcut, half
	 * of them are); tg_variants() gives each once. */
	for (i = 1; i < out->n; i++)
		if (strcmp(out->v[i - 1], out->v[i]) == 0)
			fail_msg("%s: %s given twice", domain, out->v[i]);
}

static size_t
same_with_and_without(const tg_index *ix, const char *domain)
{
	struct names a, b;
	size_t i, n;

	tg__gen_shortcuts(1);
	homoglyphs(ix, domain, &a);
	tg__gen_shortcuts(0);
	homoglyphs(ix, domain, &b);
	tg__gen_shortcuts(1);
	if (a.n != b.n)
		fail_msg("%s: %zu names with the shortcut, %zu without",
		    domain, a.n, b.n);
	for (i = 0; i < a.n; i++)
		if (strcmp(a.v[i], b.v[i]) != 0)
			fail_msg("%s: %s against %s", domain, a.v[i], b.v[i]);
	n = a.n;
	names_free(&a);
	names_free(&b);
	return n;
}

static tg_index *
empty_index(void)
{
	struct tg_error err;
	tg_index *x;

	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	return x;
}

/* Labels with doubled letters, chains (m, rn, nn), digits, IDN. */
static void
test_second_round_same(void **state)
{
	static const char *const domains[] = {
		"internationalbank.com", "bookkeeper.com", "mississippi.gov",
		"hammer.com", "modern.com", "rnm.com", "vvwv.net", "ll1i.org",
		"b\xc3\xbc" "cher.de", "cl0ud.io", "dobbs.com", "aaa.com",
		"mail.example.co.uk", "x.com", "m.com",
	};
	tg_index *ix = empty_index();
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < sizeof(domains) / sizeof(*domains); i++)
		total += same_with_and_without(ix, domains[i]);
	assert_true(total > 20000);
	tg_index_free(ix);
}

/* Random labels over letters that many rules start from. */
static void
test_second_round_random(void **state)
{
	static const char alpha[] = "rnmvwuclodbqg01iIejtyhkapsxz";
	tg_index *ix = empty_index();
	char dom[32];
	size_t i, k, len;
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < 150; i++) {
		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % 10;
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			dom[k] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
			if (dom[k] == 'I')
				dom[k] = 'l';
		}
		memcpy(dom + len, ".com", 5);
		same_with_and_without(ix, dom);
	}
	tg_index_free(ix);
}

static int
same_sub(const struct tg__glyph_sub *x, const struct tg__glyph_sub *y)
{
	return x->from_len == y->from_len && x->to_len == y->to_len &&
	    x->table == y->table && x->from[0] == y->from[0] &&
	    x->to[0] == y->to[0] && (x->to_len < 2 || x->to[1] == y->to[1]);
}

/* What the shortcut relies on: a rule of one character offers the same
 * substitutions whatever character follows it. */
static void
test_one_char_rules_local(void **state)
{
	static const unsigned masks[] = {
		TG__GLYPH_ASCII, TG__GLYPH_ASCII | TG__GLYPH_LATIN,
	};
	const struct tg__glyph_sub *one, *two;
	uint32_t s[2];
	size_t m, n1, n2, i, k, ones;
	unsigned a, b;

	(void)state;
	for (m = 0; m < sizeof(masks) / sizeof(*masks); m++)
		for (a = 0x21; a < 0x7f; a++) {
			s[0] = a;
			n1 = tg__glyph_subs(s, 1, masks[m], &one);
			for (b = 0x21; b < 0x7f; b++) {
				s[1] = b;
				n2 = tg__glyph_subs(s, 2, masks[m], &two);
				for (i = 0, ones = 0; i < n2; i++) {
					if (two[i].from_len != 1)
						continue;
					ones++;
					for (k = 0; k < n1; k++)
						if (same_sub(&one[k], &two[i]))
							break;
					if (k == n1)
						fail_msg("%c before %c: a rule "
						    "of its own", a, b);
				}
				assert_int_equal(ones, n1);
			}
		}
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_one_char_rules_local),
		cmocka_unit_test(test_second_round_same),
		cmocka_unit_test(test_second_round_random),
	};

	return ut_run("gen", NULL, NULL, 0, 0, fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
