/*
 * idna_oracle.c - the fast path and the parse against libidn2
 * (idna_oracle.h).
 */
#include <idn2.h>
#include <string.h>

#include "domain_int.h"
#include "idna_int.h"
#include "idna_oracle.h"

/* libidn2's verdict on a name the fast path took. */
static const char *
libidn2_differs(const char *s, size_t len, const char *alabel, size_t alen,
    const char *ulabel)
{
	char in[TG_DOMAIN_INPUT_MAX + 1];
	char *a = NULL, *b = NULL, *u = NULL;
	const char *why = NULL;
	int ra, rb, ru;

	memcpy(in, s, len);
	in[len] = '\0';
	ra = idn2_to_ascii_8z(in, &a, IDN2_NONTRANSITIONAL);
	rb = idn2_to_ascii_8z(in, &b, IDN2_NONTRANSITIONAL |
	    IDN2_USE_STD3_ASCII_RULES);
	ru = ra == IDN2_OK ? idn2_to_unicode_8z8z(a, &u, 0) : ra;
	if (ra != IDN2_OK)
		why = "libidn2 rejects a name the fast path took";
	else if (strcmp(a, alabel) != 0 || strlen(a) != alen)
		why = "libidn2 gives another A-label";
	else if (rb != IDN2_OK || strcmp(b, alabel) != 0)
		why = "libidn2 with STD3 rules gives another A-label";
	else if (ru != IDN2_OK || strcmp(u, ulabel) != 0)
		why = "libidn2 gives another U-label";
	idn2_free(a);
	idn2_free(b);
	idn2_free(u);
	return why;
}

const char *
idna_oracle_fast(const char *s, size_t len, int *fast)
{
	char a[TG_DOMAIN_MAX + 3], u[TG_UDOMAIN_MAX + 1];
	size_t alen = 0;

	*fast = 0;
	if (len > TG_DOMAIN_INPUT_MAX || memchr(s, '\0', len) != NULL ||
	    !tg__idna_fast(s, len, a, &alen, u))
		return NULL;
	*fast = 1;
	return libidn2_differs(s, len, a, alen, u);
}

const char *
idna_oracle(const tg_ctx *ctx, const char *s, size_t len, int *fast)
{
	struct tg_domain d1, d2;
	struct tg_error e1, e2;
	const char *why;
	int r1, r2;

	why = idna_oracle_fast(s, len, fast);
	if (why != NULL)
		return why;
	r1 = tg_domain_parse(ctx, s, len, &d1, &e1);
	r2 = tg__domain_parse_idn2(ctx, s, len, &d2, &e2);
	if (r1 != r2)
		return "the parse returns another code";
	if (r1 == TG_OK) {
		if (d1.flags != d2.flags || d1.alabel_len != d2.alabel_len ||
		    strcmp(d1.alabel, d2.alabel) != 0 ||
		    strcmp(d1.ulabel, d2.ulabel) != 0 ||
		    strcmp(d1.suffix, d2.suffix) != 0 ||
		    strcmp(d1.registrable, d2.registrable) != 0)
			return "the parse gives another domain";
	} else if (e1.code != e2.code || e1.offset != e2.offset ||
	    strcmp(e1.message, e2.message) != 0) {
		return "the parse gives another error";
	}
	return NULL;
}
