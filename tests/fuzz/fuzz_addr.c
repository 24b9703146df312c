/*
 * fuzz_addr.c - tg_addr_parse() and tg_addr_format() on arbitrary bytes.
 *
 * The first byte of the input selects how to call, the rest is the
 * address:
 *   bit 0   TG_ADDR_ALLOW_NULL
 *   bit 1   TG_ADDR_ALLOW_POSTMASTER
 *   bit 2   pass no struct tg_error
 * so the hand-written seeds start with a digit: '0' plain, '1' null path
 * allowed, '2' postmaster allowed, '3' both, '4'-'7' the same without an
 * error struct.  Beyond the error contract and the properties of struct
 * tg_addr (invariants.c), this target checks that error offsets point at
 * what the code describes, that the options only widen what is accepted
 * (with both set the result is the same, or an accepted <> or postmaster,
 * or the same error), that the domain is what tg_domain_parse() makes of
 * the text after the last '@' and is stable, and that tg_addr_format()
 * writes what parses back to the same address.
 */
#include "invariants.h"

#define ALL_OPTS (TG_ADDR_ALLOW_NULL | TG_ADDR_ALLOW_POSTMASTER)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

/*
 * The domain of an address is what tg_domain_parse() makes of the text
 * after the last '@' (no domain or literal has one), without the '>' and
 * the blanks around the path.
 */
static void
check_domain_part(const char *s, size_t len, const struct tg_addr *a)
{
	struct tg_domain d;
	size_t start = 0, end = len, at;
	int rc;

	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (a->flags & TG_ADDR_ANGLE) {
		FZ_CHECK(end > start && s[end - 1] == '>');
		end--;
	}
	for (at = end; at > start && s[at - 1] != '@'; at--)
		;
	FZ_CHECK(at > start);
	rc = tg_domain_parse(fz_ctx(), s + at, end - at, &d, NULL);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(fz_domain_same(&d, &a->domain, 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_addr a, b;
	struct tg_error err, err2, *errp;
	const char *s;
	unsigned opts;
	size_t len;
	int rc, rc2;

	if (size == 0)
		return 0;
	opts = data[0] & ALL_OPTS;
	errp = (data[0] & 4) ? NULL : &err;
	s = (const char *)data + 1;
	len = size - 1;

	rc = tg_addr_parse(fz_ctx(), s, len, opts, &a, errp);
	fz_check_status(FZ_ADDR, rc, errp, len);
	fz_check_offset(rc, errp, s, len);
	if (rc == TG_OK) {
		fz_check_addr(&a, opts);
		if (a.domain.alabel_len > 0) {
			fz_check_domain_stable(&a.domain);
			check_domain_part(s, len, &a);
		}
		fz_check_addr_format(&a);
	}

	rc2 = tg_addr_parse(fz_ctx(), s, len, ALL_OPTS, &b, &err2);
	fz_check_status(FZ_ADDR, rc2, &err2, len);
	fz_check_offset(rc2, &err2, s, len);
	if (rc == TG_OK) {
		FZ_CHECK(rc2 == TG_OK);
		FZ_CHECK(fz_addr_same(&a, &b));
	} else if (rc2 == TG_OK) {
		FZ_CHECK(((b.flags & TG_ADDR_NULL) &&
		    !(opts & TG_ADDR_ALLOW_NULL)) ||
		    ((b.flags & TG_ADDR_NODOMAIN) &&
		    !(opts & TG_ADDR_ALLOW_POSTMASTER)));
		fz_check_addr(&b, ALL_OPTS);
		fz_check_addr_format(&b);
	} else {
		FZ_CHECK(rc == rc2);
		if (errp != NULL) {
			FZ_CHECK(err.has_offset == err2.has_offset);
			FZ_CHECK(err.offset == err2.offset);
		}
	}
	return 0;
}
