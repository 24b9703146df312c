/*
 * test_lists.c - the index's list lookups: tg__index_lists() on whole
 * names against tg__index_lists_with() from a shared tail (the path of
 * every label variant), and the hash both give against tg__str_hash().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index_int.h"
#include "typoguard.h"
#include "unit.h"

static const char *const protected_set[] = {
	"army.mil", ".mil", "example.co.uk", "mail.example.co.uk",
	"internationalbank.com",
};
static const char *const allow_set[] = {
	"genuine.ml", "x.example.co.uk", "abcdefghijklmnop.com",
};
static const char *const legit_set[] = {
	"mail.com", "gm.com", "b.mail.com", "xn--bcher-kva.de",
};

static const char *const names[] = {
	"mail.com", "b.mail.com", "a.b.mail.com", "gm.com", "gmail.com",
	"army.mil", "x.army.mil", "armi.mil", "example.co.uk",
	"x.example.co.uk", "y.x.example.co.uk", "mail.example.co.uk",
	"genuine.ml", "ab.genuine.ml", "xn--bcher-kva.de",
	"a.xn--bcher-kva.de", "internationalbank.com",
	"internationalbnak.com", "abcdefgh.com", "abcdefghijklmnop.com",
	"abcdefghijklmnopq.com", "q.abcdefghijklmnop.com",
	"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc.com",
	"a.b.c.d.e.f.example.co.uk", "x-1.co.uk", "com", "mil",
};

static tg_index *
build(void)
{
	struct tg_error err;
	tg_index *x;
	size_t i;

	assert_int_equal(tg_index_new(&x, ctx, NULL, &err), TG_OK);
	for (i = 0; i < sizeof(protected_set) / sizeof(*protected_set); i++)
		assert_int_equal(tg_index_add(x, TG_LIST_PROTECTED,
		    protected_set[i], strlen(protected_set[i]), &err), TG_OK);
	for (i = 0; i < sizeof(allow_set) / sizeof(*allow_set); i++)
		assert_int_equal(tg_index_add(x, TG_LIST_ALLOW, allow_set[i],
		    strlen(allow_set[i]), &err), TG_OK);
	for (i = 0; i < sizeof(legit_set) / sizeof(*legit_set); i++)
		assert_int_equal(tg_index_add(x, TG_LIST_LEGIT, legit_set[i],
		    strlen(legit_set[i]), &err), TG_OK);
	assert_int_equal(tg_index_seal(x, &err), TG_OK);
	return x;
}

/* Every tail of every name (each dot, and none) gives the whole name's
 * answer and hash; the answers themselves are those the lists say. */
static void
test_tail_matches_whole(void **state)
{
	const struct tg__entry *p0, *p1;
	const char *a0, *a1, *l0, *l1;
	struct tg__lists_tail t;
	tg_index *x = build();
	size_t i, d, lab, len, tails = 0;
	uint64_t h0, h1;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *n = names[i];

		len = strlen(n);
		h0 = tg__index_lists(x, n, len, &p0, &a0, &l0);
		assert_true(h0 == tg__str_hash(n, len));
		for (d = 0; d <= len; d++) {
			if (d < len && n[d] != '.')
				continue;
			/* d == len: no tail, the whole name is hashed. */
			tg__index_lists_tail(x, n + d, len - d, &t);
			for (lab = d; lab > 0 && n[lab - 1] != '.'; lab--)
				;
			h1 = tg__index_lists_with(x, &t, n, len, lab, &p1,
			    &a1, &l1);
			assert_true(h1 == h0);
			assert_ptr_equal(p1, p0);
			assert_ptr_equal(a1, a0);
			assert_ptr_equal(l1, l0);
			tails++;
		}
	}
	assert_true(tails > 2 * sizeof(names) / sizeof(*names));
	/* Spot checks of the answers. */
	tg__index_lists(x, "a.b.mail.com", 12, &p0, &a0, &l0);
	assert_null(p0);
	assert_null(a0);
	assert_string_equal(l0, "b.mail.com");
	tg__index_lists(x, "y.x.example.co.uk", 17, &p0, &a0, &l0);
	assert_non_null(p0);
	assert_string_equal(a0, "x.example.co.uk");
	tg__index_lists(x, "armi.mil", 8, &p0, &a0, &l0);
	assert_non_null(p0);    /* under the .mil rule */
	tg__index_lists(x, "gmail.com", 9, &p0, &a0, &l0);
	assert_null(p0);
	assert_null(a0);
	assert_null(l0);
	tg_index_free(x);
}

/* A tail that does not start with a dot is refused: the whole name is
 * hashed then. */
static void
test_tail_forms(void **state)
{
	const struct tg__entry *p;
	const char *a, *l;
	struct tg__lists_tail t;
	tg_index *x = build();

	(void)state;
	tg__index_lists_tail(x, "com", 3, &t);
	assert_int_equal(t.len, 0);
	assert_true(tg__index_lists_with(x, &t, "mail.com", 8, 0, &p, &a,
	    &l) == tg__str_hash("mail.com", 8));
	assert_string_equal(l, "mail.com");
	tg__index_lists_tail(x, ".", 1, &t);
	assert_int_equal(t.len, 0);
	tg__index_lists_tail(x, ".mail.com", 9, &t);
	assert_int_equal(t.len, 9);
	assert_string_equal(t.legit, "mail.com");
	tg_index_free(x);
}

/* The hash of a name depends on every byte and on where the dots are. */
static void
test_hash_spread(void **state)
{
	static const char *const pairs[][2] = {
		{ "ab.c", "a.bc" }, { "abcdefgh", "abcdefgi" },
		{ "abcdefgh.com", "bacdefgh.com" }, { "a", "b" },
		{ "abcdefghi", "abcdefgh" }, { "x..y", "x.y" },
		{ "hgfedcba.ab", "abcdefgh.ab" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
		assert_true(tg__str_hash(pairs[i][0], strlen(pairs[i][0])) !=
		    tg__str_hash(pairs[i][1], strlen(pairs[i][1])));
	assert_true(tg__str_hash("", 0) != tg__str_hash(".", 1));
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_tail_matches_whole),
		cmocka_unit_test(test_tail_forms),
		cmocka_unit_test(test_hash_spread),
	};

	return ut_run("lists", NULL, NULL, 0, 0, fixed,
	    sizeof(fixed) / sizeof(fixed[0]), 0);
}
