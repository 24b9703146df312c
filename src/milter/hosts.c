/*
 * hosts.c - InternalHosts lists (hosts.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosts.h"

void
hosts_init(struct hosts *h)
{
	h->n = 0;
	h->cap = 0;
	h->r = NULL;
}

void
hosts_free(struct hosts *h)
{
	free(h->r);
	hosts_init(h);
}

static int
is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* Clears the bits after prefix. */
static void
mask(unsigned char *a, size_t bytes, unsigned prefix)
{
	size_t i;

	for (i = 0; i < bytes; i++) {
		unsigned keep = prefix >= 8 * (i + 1) ? 8 :
		    prefix > 8 * i ? prefix - 8 * (unsigned)i : 0;

		a[i] &= (unsigned char)(0xff00u >> keep);
	}
}

static int
parse_prefix(const char *s, unsigned max, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (s[0] == '\0')
		return -1;
	/* No sign, no leading zeros but "0" itself, at most 3 digits. */
	if (s[0] == '0' && s[1] != '\0')
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 3)
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_item(const char *item, struct hosts_range *r, char *err,
    size_t errsize)
{
	char buf[HOSTS_ITEM_MAX + 1];
	char *slash;
	unsigned max;

	memset(r, 0, sizeof(*r));
	strcpy(buf, item);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, r->addr) == 1) {
		r->v6 = 0;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, r->addr) == 1) {
		r->v6 = 1;
		max = 128;
	} else {
		snprintf(err, errsize, "\"%s\" is not an IPv4 or IPv6 address "
		    "(addresses and ADDRESS/PREFIX ranges only, no names)",
		    buf);
		return -1;
	}
	r->prefix = max;
	if (slash != NULL && parse_prefix(slash + 1, max, &r->prefix) != 0) {
		snprintf(err, errsize, "bad prefix length in \"%s\" (0 to %u)",
		    item, max);
		return -1;
	}
	mask(r->addr, r->v6 ? 16 : 4, r->prefix);
	return 0;
}

int
hosts_add(struct hosts *h, const char *s, size_t len, char *err,
    size_t errsize)
{
	char item[HOSTS_ITEM_MAX + 1];
	size_t i = 0, j, n;

	while (i < len) {
		while (i < len && is_sep(s[i]))
			i++;
		if (i == len)
			break;
		for (j = i; j < len && !is_sep(s[j]); j++)
			;
		n = j - i;
		if (n > HOSTS_ITEM_MAX) {
			snprintf(err, errsize, "\"%.20s...\" is longer than %d "
			    "bytes", s + i, HOSTS_ITEM_MAX);
			return -1;
		}
		if (memchr(s + i, '\0', n) != NULL) {
			snprintf(err, errsize, "NUL byte in an address");
			return -1;
		}
		memcpy(item, s + i, n);
		item[n] = '\0';
		if (h->n == HOSTS_MAX) {
			snprintf(err, errsize, "more than %d addresses and "
			    "ranges", HOSTS_MAX);
			return -1;
		}
		if (h->n == h->cap) {
			size_t ncap = h->cap ? h->cap * 2 : 8;
			struct hosts_range *nr = realloc(h->r,
			    ncap * sizeof(*nr));

			if (nr == NULL) {
				snprintf(err, errsize, "out of memory");
				return -1;
			}
			h->r = nr;
			h->cap = ncap;
		}
		if (parse_item(item, &h->r[h->n], err, errsize) != 0)
			return -1;
		h->n++;
		i = j;
	}
	return 0;
}

static int
in_range(const struct hosts_range *r, const unsigned char *a)
{
	unsigned full = r->prefix / 8, rest = r->prefix % 8;

	if (memcmp(r->addr, a, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ r->addr[full]) & (0xff00u >> rest) & 0xff) == 0;
}

int
hosts_match_addr(const struct hosts *h, int v6, const unsigned char *addr)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const unsigned char *v4 = NULL;
	size_t i;

	if (!v6)
		v4 = addr;
	else if (memcmp(addr, mapped, sizeof(mapped)) == 0)
		v4 = addr + 12;
	for (i = 0; i < h->n; i++) {
		const struct hosts_range *r = &h->r[i];

		if (r->v6 ? v6 && in_range(r, addr) : v4 != NULL &&
		    in_range(r, v4))
			return 1;
	}
	return 0;
}

int
hosts_match(const struct hosts *h, const struct sockaddr *sa)
{
	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)
		    (const void *)sa;

		return hosts_match_addr(h, 0,
		    (const unsigned char *)&s4->sin_addr);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)
		    (const void *)sa;

		return hosts_match_addr(h, 1,
		    (const unsigned char *)&s6->sin6_addr);
	}
	return 0;
}
