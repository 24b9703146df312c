/*
 * hosts.h - InternalHosts: IPv4 and IPv6 addresses and CIDR ranges, and
 * whether a client's address is among them.
 *
 * A list is built by hosts_add() calls (one per config line) and is then
 * read-only: hosts_match() may run in any number of threads.
 */
#ifndef TGM_HOSTS_H
#define TGM_HOSTS_H

#include <stddef.h>
#include <sys/socket.h>

/* Ceilings: ranges in a list, bytes of one item. */
#define HOSTS_MAX 10000
#define HOSTS_ITEM_MAX 64

struct hosts_range {
	int v6;                   /* 0: IPv4 (addr[0..4)), 1: IPv6 */
	unsigned char addr[16];   /* network address, host bits cleared */
	unsigned prefix;          /* 0..32 or 0..128 */
};

struct hosts {
	size_t n, cap;
	struct hosts_range *r;
};

/* An empty list (hosts_match() is then always false). */
void hosts_init(struct hosts *h);
void hosts_free(struct hosts *h);

/*
 * Adds every item of s[0..len): items are separated by commas and blanks;
 * each is an IPv4 or IPv6 address ("192.0.2.7", "2001:db8::1") or a range
 * ADDRESS/PREFIX ("10.0.0.0/8", "2001:db8::/32").  Host bits after the
 * prefix are ignored (127.0.0.1/8 is 127.0.0.0/8).  An IPv4 range also
 * matches the same addresses written as IPv4-mapped IPv6 (::ffff:a.b.c.d).
 * Returns 0, or -1 with a message naming the item in err[0..errsize),
 * after which h holds the items before the bad one.  -1 with "out of
 * memory" too.
 */
int hosts_add(struct hosts *h, const char *s, size_t len, char *err,
    size_t errsize);

/* Whether sa (AF_INET or AF_INET6; anything else: no) is in the list. */
int hosts_match(const struct hosts *h, const struct sockaddr *sa);

/* The same for a raw address: 4 bytes (v6 == 0) or 16. */
int hosts_match_addr(const struct hosts *h, int v6,
    const unsigned char *addr);

#endif
