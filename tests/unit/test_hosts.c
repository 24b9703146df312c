/*
 * test_hosts.c - InternalHosts (src/milter/hosts.c): parsing with its
 * errors, and matching IPv4, IPv6 and IPv4-mapped IPv6 client addresses.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hosts.h"
#include "unit.h"

struct row {
	const char *name;
	const char *list;     /* InternalHosts value */
	const char *addr;     /* client address */
	int match;            /* 1 match, 0 not */
};

static const struct row rows[] = {
	{ "v4 exact", "192.0.2.7", "192.0.2.7", 1 },
	{ "v4 exact other", "192.0.2.7", "192.0.2.8", 0 },
	{ "v4 /24 in", "192.0.2.0/24", "192.0.2.255", 1 },
	{ "v4 /24 out", "192.0.2.0/24", "192.0.3.0", 0 },
	{ "v4 /8 host bits ignored", "127.0.0.1/8", "127.200.1.1", 1 },
	{ "v4 /0 matches all v4", "0.0.0.0/0", "203.0.113.9", 1 },
	{ "v4 /0 does not match v6", "0.0.0.0/0", "2001:db8::1", 0 },
	{ "v4 /32", "10.1.2.3/32", "10.1.2.3", 1 },
	{ "v4 /31 odd bit", "10.1.2.2/31", "10.1.2.3", 1 },
	{ "v4 /31 out", "10.1.2.2/31", "10.1.2.4", 0 },
	{ "v4 /25 boundary in", "10.0.0.0/25", "10.0.0.127", 1 },
	{ "v4 /25 boundary out", "10.0.0.0/25", "10.0.0.128", 0 },
	{ "v4 /12", "172.16.0.0/12", "172.31.255.255", 1 },
	{ "v4 /12 out", "172.16.0.0/12", "172.32.0.0", 0 },
	{ "v6 exact", "::1", "::1", 1 },
	{ "v6 exact other", "::1", "::2", 0 },
	{ "v6 /32", "2001:db8::/32", "2001:db8:ffff::1", 1 },
	{ "v6 /32 out", "2001:db8::/32", "2001:db9::1", 0 },
	{ "v6 /127", "2001:db8::/127", "2001:db8::1", 1 },
	{ "v6 /65 out", "2001:db8::/65", "2001:db8::8000:0:0:0", 0 },
	{ "v6 /65 in", "2001:db8::/65", "2001:db8::7fff:0:0:0", 1 },
	{ "v6 does not match v4", "::/0", "192.0.2.1", 0 },
	{ "v4-mapped matches v4 range", "192.0.2.0/24", "::ffff:192.0.2.9", 1 },
	{ "v4-mapped outside v4 range", "192.0.2.0/24", "::ffff:192.0.3.9", 0 },
	{ "v4-mapped loopback default", "127.0.0.0/8, ::1", "::ffff:127.0.0.1",
	    1 },
	{ "v4-compatible is not mapped", "192.0.2.0/24", "::192.0.2.9", 0 },
	{ "mapped v6 range matches mapped", "::ffff:0:0/96",
	    "::ffff:10.0.0.1", 1 },
	{ "list with commas and blanks", "10.0.0.0/8,  192.0.2.1 ,\t::1",
	    "192.0.2.1", 1 },
	{ "list, last item", "10.0.0.0/8, 192.0.2.1, 2001:db8::/48",
	    "2001:db8:0:1::5", 1 },
	{ "empty list", "", "127.0.0.1", 0 },
};

struct bad {
	const char *name;
	const char *list;
	const char *msg;
};

static const struct bad bads[] = {
	{ "name", "example.com", "\"example.com\" is not an IPv4 or IPv6" },
	{ "prefix too big v4", "10.0.0.0/33", "bad prefix length" },
	{ "prefix too big v6", "::/129", "bad prefix length" },
	{ "prefix empty", "10.0.0.0/", "bad prefix length" },
	{ "prefix sign", "10.0.0.0/+8", "bad prefix length" },
	{ "prefix leading zero", "10.0.0.0/08", "bad prefix length" },
	{ "prefix letters", "10.0.0.0/8x", "bad prefix length" },
	{ "two slashes", "10.0.0.0/8/8", "bad prefix length" },
	{ "v4 short", "10.1", "is not an IPv4 or IPv6" },
	{ "v4 octet", "10.0.0.256", "is not an IPv4 or IPv6" },
	{ "brackets", "[::1]", "is not an IPv4 or IPv6" },
	{ "too long", "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:"
	    "bbbb:cccc:dddd:eeee", "longer than" },
	{ "bad after good", "10.0.0.0/8, bogus", "\"bogus\"" },
};

static void
parse_addr(const char *s, int *v6, unsigned char *a)
{
	*v6 = strchr(s, ':') != NULL;
	assert_int_equal(inet_pton(*v6 ? AF_INET6 : AF_INET, s, a), 1);
}

static void
test_row(void **state)
{
	const struct row *r = *state;
	struct hosts h;
	unsigned char a[16];
	char err[256];
	int v6;

	hosts_init(&h);
	assert_int_equal(hosts_add(&h, r->list, strlen(r->list), err,
	    sizeof(err)), 0);
	parse_addr(r->addr, &v6, a);
	assert_int_equal(hosts_match_addr(&h, v6, a), r->match);
	hosts_free(&h);
}

static void
test_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(*bads); i++) {
		struct hosts h;
		char err[256] = "";

		hosts_init(&h);
		if (hosts_add(&h, bads[i].list, strlen(bads[i].list), err,
		    sizeof(err)) != -1)
			fail_msg("%s: accepted", bads[i].name);
		if (strstr(err, bads[i].msg) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bads[i].name, err,
			    bads[i].msg);
		hosts_free(&h);
	}
}

/* hosts_match() on socket addresses as libmilter hands them over. */
static void
test_sockaddr(void **state)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	struct sockaddr other;
	struct hosts h;
	char err[256];
	const char *list = "127.0.0.0/8, ::1";

	(void)state;
	hosts_init(&h);
	assert_int_equal(hosts_add(&h, list, strlen(list), err, sizeof(err)),
	    0);
	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.2", &s4.sin_addr);
	assert_true(hosts_match(&h, (struct sockaddr *)&s4));
	inet_pton(AF_INET, "192.0.2.1", &s4.sin_addr);
	assert_false(hosts_match(&h, (struct sockaddr *)&s4));
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::1", &s6.sin6_addr);
	assert_true(hosts_match(&h, (struct sockaddr *)&s6));
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &s6.sin6_addr);
	assert_true(hosts_match(&h, (struct sockaddr *)&s6));
	memset(&other, 0, sizeof(other));
	other.sa_family = AF_UNIX;
	assert_false(hosts_match(&h, &other));
	assert_false(hosts_match(&h, NULL));
	hosts_free(&h);
}

/* The ceiling on items is enforced. */
static void
test_too_many(void **state)
{
	struct hosts h;
	char err[256];
	const char *one = "10.0.0.1 ";
	size_t i;
	int rc = 0;

	(void)state;
	hosts_init(&h);
	for (i = 0; i <= HOSTS_MAX && rc == 0; i++)
		rc = hosts_add(&h, one, strlen(one), err, sizeof(err));
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "more than"));
	assert_int_equal(h.n, HOSTS_MAX);
	hosts_free(&h);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_too_many),
	};

	return ut_run("hosts", test_row, rows, sizeof(rows) / sizeof(*rows),
	    sizeof(*rows), fixed, sizeof(fixed) / sizeof(*fixed), 0);
}
