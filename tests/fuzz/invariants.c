/*
 * invariants.c - checks shared by the fuzz targets (see invariants.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "invariants.h"

#ifndef TG_FUZZ_PSL
#error "TG_FUZZ_PSL must name the public suffix list (tests/fuzz/meson.build)"
#endif

static tg_ctx *ctx;

void
fz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", what, file,
	    line);
	abort();
}

void
fz_init(void)
{
	struct tg_error err;

	if (ctx != NULL)
		return;
	if (tg_ctx_new(&ctx, TG_FUZZ_PSL, &err) != TG_OK) {
		fprintf(stderr, "fuzz: cannot create the context: %s\n",
		    err.message);
		exit(1);
	}
	FZ_CHECK(strcmp(tg_ctx_psl_path(ctx), TG_FUZZ_PSL) == 0);
}

const tg_ctx *
fz_ctx(void)
{
	if (ctx == NULL)
		fz_init();
	return ctx;
}

static int
code_allowed(enum fz_api api, int rc)
{
	switch (rc) {
	case TG_ENOMEM:
	case TG_ETOOLONG:
	case TG_ENUL:
		return 1;
	case TG_EADDR_TOOMANY:
		return api == FZ_ADDRLIST;
	case TG_EEMPTY:
	case TG_EUTF8:
	case TG_ECONTROL:
	case TG_EADDR_LITERAL:
	case TG_EDOM_EMPTY_LABEL:
	case TG_EDOM_LABEL_LONG:
	case TG_EDOM_TOO_LONG:
	case TG_EDOM_HYPHEN:
	case TG_EDOM_CHAR:
	case TG_EDOM_IDNA:
	case TG_EDOM_NUMERIC:
		return api == FZ_DOMAIN || api == FZ_ADDR;
	case TG_EADDR_SYNTAX:
	case TG_EADDR_QUOTE:
	case TG_EADDR_ANGLE:
	case TG_EADDR_NOAT:
	case TG_EADDR_LOCAL:
	case TG_EADDR_LOCAL_LONG:
	case TG_EADDR_ROUTE:
	case TG_EADDR_NULL:
		return api == FZ_ADDR;
	}
	return 0;
}

/*
 * A message that names a place ("unbalanced quote at 7") names the
 * offset: when it has any " at N", one of them is the offset.
 */
static int
names_offset(const char *msg, size_t offset)
{
	const char *p = msg;
	unsigned long long v;
	int any = 0;
	char *end;

	while ((p = strstr(p, " at ")) != NULL) {
		p += 4;
		if (*p < '0' || *p > '9')
			continue;
		any = 1;
		v = strtoull(p, &end, 10);
		if (v == offset)
			return 1;
		p = end;
	}
	return !any;
}

void
fz_check_status(enum fz_api api, int rc, const struct tg_error *err,
    size_t len)
{
	size_t i, n;

	FZ_CHECK(rc <= 0);
	if (rc == TG_OK) {
		if (err != NULL) {
			FZ_CHECK(err->code == TG_OK);
			FZ_CHECK(!err->has_offset && err->offset == 0);
			FZ_CHECK(err->message[0] == '\0');
		}
		return;
	}
	FZ_CHECK(code_allowed(api, rc));
	FZ_CHECK(strcmp(tg_errname(rc), "TG_EUNKNOWN") != 0);
	if (err == NULL)
		return;
	FZ_CHECK(err->code == rc);
	FZ_CHECK(err->has_offset == 0 || err->has_offset == 1);
	if (err->has_offset)
		FZ_CHECK(err->offset <= len);
	else
		FZ_CHECK(err->offset == 0);
	FZ_CHECK(err->line == 0 && err->column == 0);
	FZ_CHECK(memchr(err->message, '\0', sizeof(err->message)) != NULL);
	n = strlen(err->message);
	FZ_CHECK(n > 0);
	for (i = 0; i < n; i++)
		FZ_CHECK(err->message[i] >= 0x20 && err->message[i] < 0x7f);
	if (err->has_offset)
		FZ_CHECK(names_offset(err->message, err->offset));
}

void
fz_check_offset(int rc, const struct tg_error *err, const char *s,
    size_t len)
{
	unsigned char c;

	if (rc == TG_OK || err == NULL || !err->has_offset)
		return;
	if (err->offset >= len) {
		/* Only "the input ended here" errors point past the end. */
		FZ_CHECK(rc != TG_ENUL && rc != TG_ECONTROL && rc != TG_EUTF8 &&
		    rc != TG_EADDR_QUOTE && rc != TG_EADDR_ANGLE);
		return;
	}
	c = (unsigned char)s[err->offset];
	switch (rc) {
	case TG_ENUL:
		FZ_CHECK(c == '\0');
		break;
	case TG_ECONTROL:
		FZ_CHECK(c != '\0' && (c < 0x20 || c == 0x7f));
		break;
	case TG_EUTF8:
		FZ_CHECK(c >= 0x80);
		FZ_CHECK(!fz_utf8_ok(s + err->offset, len - err->offset));
		break;
	case TG_EADDR_QUOTE:
		FZ_CHECK(c == '"');
		break;
	case TG_EADDR_ANGLE:
		FZ_CHECK(c == '<' || c == '>');
		break;
	}
}

int
fz_utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			n = 2;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			n = 3;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			n = 4;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if (len - i < n)
			return 0;
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n;
	}
	return 1;
}

/* The array holds a NUL-terminated string. */
#define TERMINATED(arr) (memchr((arr), '\0', sizeof(arr)) != NULL)

static int
count_dots(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '.';
	return n;
}

/* suf is s itself or s ends with "." suf. */
static int
label_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	if (m == n)
		return strcmp(s, suf) == 0;
	return m < n && s[n - m - 1] == '.' && strcmp(s + n - m, suf) == 0;
}

/*
 * Lowercase LDH labels separated by single dots (RFC 1123, 5890), at most
 * TG_DOMAIN_MAX octets, the last not all digits.  *has_alabel tells
 * whether a label starts "xn--".
 */
int
fz_ldh_name(const char *s, int *has_alabel)
{
	size_t len = strlen(s), i, start = 0, n;
	const char *l;

	*has_alabel = 0;
	if (len < 1 || len > TG_DOMAIN_MAX)
		return 0;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
				return 0;
			continue;
		}
		l = s + start;
		n = i - start;
		if (n < 1 || n > TG_LABEL_MAX || l[0] == '-' || l[n - 1] == '-')
			return 0;
		if (n >= 4 && l[2] == '-' && l[3] == '-') {
			if (l[0] != 'x' || l[1] != 'n')
				return 0;
			*has_alabel = 1;
		}
		if (i == len && strspn(l, "0123456789") == n)
			return 0; /* all-numeric top-level label */
		start = i + 1;
	}
	return 1;
}

static void
check_literal(const struct tg_domain *d)
{
	char body[TG_DOMAIN_MAX + 3], ntop[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	size_t n = d->alabel_len;
	const char *p;
	int af;

	FZ_CHECK((d->flags & ~(unsigned)(TG_DOMAIN_LITERAL | TG_DOMAIN_IPV6))
	    == 0);
	FZ_CHECK(n >= 3 && d->alabel[0] == '[' && d->alabel[n - 1] == ']');
	p = d->alabel + 1;
	n -= 2;
	af = AF_INET;
	if (d->flags & TG_DOMAIN_IPV6) {
		FZ_CHECK(n > 5 && strncmp(p, "IPv6:", 5) == 0);
		p += 5;
		n -= 5;
		af = AF_INET6;
	}
	memcpy(body, p, n);
	body[n] = '\0';
	FZ_CHECK(inet_pton(af, body, bin) == 1);
	FZ_CHECK(inet_ntop(af, bin, ntop, sizeof(ntop)) != NULL);
	FZ_CHECK(strcmp(ntop, body) == 0);
	FZ_CHECK(strcmp(d->ulabel, d->alabel) == 0);
	FZ_CHECK(d->suffix[0] == '\0' && d->registrable[0] == '\0');
}

void
fz_check_domain(const struct tg_domain *d)
{
	const char *u;
	size_t rl, sl;
	int has_alabel;

	FZ_CHECK((d->flags & ~0x7fu) == 0);
	FZ_CHECK(TERMINATED(d->alabel) && TERMINATED(d->ulabel));
	FZ_CHECK(TERMINATED(d->suffix) && TERMINATED(d->registrable));
	FZ_CHECK(d->alabel_len == strlen(d->alabel));
	if (d->flags & TG_DOMAIN_LITERAL) {
		check_literal(d);
		return;
	}
	FZ_CHECK(!(d->flags & TG_DOMAIN_IPV6));
	FZ_CHECK(fz_ldh_name(d->alabel, &has_alabel));
	FZ_CHECK(!has_alabel == !(d->flags & TG_DOMAIN_IDN));

	/* The U-label form: UTF-8, same labels, ASCII kept as it was. */
	FZ_CHECK(strlen(d->ulabel) <= TG_UDOMAIN_MAX);
	FZ_CHECK(fz_utf8_ok(d->ulabel, strlen(d->ulabel)));
	FZ_CHECK(count_dots(d->ulabel) == count_dots(d->alabel));
	for (u = d->ulabel; *u != '\0'; u++)
		FZ_CHECK((unsigned char)*u >= 0x80 ||
		    (*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') ||
		    *u == '-' || *u == '.');
	if (!has_alabel)
		FZ_CHECK(strcmp(d->ulabel, d->alabel) == 0);

	/* Public suffix and registrable domain. */
	FZ_CHECK(d->suffix[0] != '\0');
	FZ_CHECK(label_suffix(d->alabel, d->suffix));
	if (d->flags & TG_DOMAIN_SUFFIX_PRIVATE)
		FZ_CHECK(d->flags & TG_DOMAIN_SUFFIX_KNOWN);
	if (d->flags & TG_DOMAIN_IS_SUFFIX) {
		FZ_CHECK(d->registrable[0] == '\0');
		FZ_CHECK(strcmp(d->suffix, d->alabel) == 0);
		return;
	}
	rl = strlen(d->registrable);
	sl = strlen(d->suffix);
	FZ_CHECK(rl > sl + 1);
	FZ_CHECK(label_suffix(d->alabel, d->registrable));
	FZ_CHECK(label_suffix(d->registrable, d->suffix));
	FZ_CHECK(memchr(d->registrable, '.', rl - sl - 1) == NULL);
}

int
fz_domain_same(const struct tg_domain *a, const struct tg_domain *b,
    unsigned ignore)
{
	return (a->flags & ~ignore) == (b->flags & ~ignore) &&
	    a->alabel_len == b->alabel_len &&
	    strcmp(a->alabel, b->alabel) == 0 &&
	    strcmp(a->ulabel, b->ulabel) == 0 &&
	    strcmp(a->suffix, b->suffix) == 0 &&
	    strcmp(a->registrable, b->registrable) == 0;
}

void
fz_check_domain_stable(const struct tg_domain *d)
{
	struct tg_domain again;
	struct tg_error err;
	int rc;

	rc = tg_domain_parse(fz_ctx(), d->alabel, d->alabel_len, &again,
	    &err);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(fz_domain_same(d, &again, TG_DOMAIN_TRAILING_DOT));
	FZ_CHECK(!(again.flags & TG_DOMAIN_TRAILING_DOT));
	if (d->flags & TG_DOMAIN_LITERAL)
		return;
	rc = tg_domain_parse(fz_ctx(), d->ulabel, strlen(d->ulabel), &again,
	    &err);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(fz_domain_same(d, &again, TG_DOMAIN_TRAILING_DOT));
}

/* RFC 5321 Dot-string with RFC 6531 UTF-8: atoms joined by single dots. */
static int
dot_string(const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (c < 0x80 && strchr("!#$%&'*+-/=?^_`{|}~", c) ==
		    NULL && !((c >= 'a' && c <= 'z') || (c >= 'A' &&
		    c <= 'Z') || (c >= '0' && c <= '9'))) {
			return 0;
		}
	}
	return 1;
}

static int
domain_empty(const struct tg_domain *d)
{
	return d->flags == 0 && d->alabel_len == 0 && d->alabel[0] == '\0' &&
	    d->ulabel[0] == '\0' && d->suffix[0] == '\0' &&
	    d->registrable[0] == '\0';
}

void
fz_check_addr(const struct tg_addr *a, unsigned opts)
{
	size_t i;
	int high = 0;

	FZ_CHECK((a->flags & ~0x7fu) == 0);
	FZ_CHECK(a->local_len <= TG_LOCAL_MAX);
	FZ_CHECK(TERMINATED(a->local) && strlen(a->local) == a->local_len);
	if (a->flags & TG_ADDR_NULL) {
		FZ_CHECK(opts & TG_ADDR_ALLOW_NULL);
		FZ_CHECK(a->flags == (TG_ADDR_NULL | TG_ADDR_ANGLE));
		FZ_CHECK(a->local_len == 0 && domain_empty(&a->domain));
		return;
	}
	for (i = 0; i < a->local_len; i++) {
		FZ_CHECK(a->local[i] != 0x7f);
		FZ_CHECK((unsigned char)a->local[i] >= 0x20);
		high |= (unsigned char)a->local[i] >= 0x80;
	}
	FZ_CHECK(!high == !(a->flags & TG_ADDR_UTF8));
	FZ_CHECK(fz_utf8_ok(a->local, a->local_len));
	FZ_CHECK(!((a->flags & TG_ADDR_QUOTED) &&
	    (a->flags & TG_ADDR_LOCAL_NONSTD)));
	if (!(a->flags & (TG_ADDR_QUOTED | TG_ADDR_LOCAL_NONSTD)))
		FZ_CHECK(dot_string(a->local, a->local_len));
	if (a->flags & TG_ADDR_NODOMAIN) {
		FZ_CHECK(opts & TG_ADDR_ALLOW_POSTMASTER);
		FZ_CHECK(a->local_len == 10 &&
		    strcasecmp(a->local, "postmaster") == 0);
		FZ_CHECK(!(a->flags & TG_ADDR_QUOTED));
		FZ_CHECK(domain_empty(&a->domain));
		return;
	}
	FZ_CHECK(a->local_len > 0 || (a->flags & TG_ADDR_QUOTED));
	fz_check_domain(&a->domain);
}

int
fz_addr_same(const struct tg_addr *a, const struct tg_addr *b)
{
	return a->flags == b->flags && a->local_len == b->local_len &&
	    memcmp(a->local, b->local, a->local_len) == 0 &&
	    fz_domain_same(&a->domain, &b->domain, 0);
}

void
fz_check_addr_format(const struct tg_addr *a)
{
	const unsigned all = TG_ADDR_ALLOW_NULL | TG_ADDR_ALLOW_POSTMASTER;
	const unsigned keep = TG_ADDR_NULL | TG_ADDR_NODOMAIN | TG_ADDR_UTF8;
	char buf[1024], again_buf[1024], cut[1024];
	size_t n, m, sizes[4], i;
	struct tg_addr again;
	struct tg_error err;
	int rc;

	n = tg_addr_format(a, NULL, 0);
	FZ_CHECK(n >= 2 && n + 2 < sizeof(buf));
	FZ_CHECK(tg_addr_format(a, buf, sizeof(buf)) == n);
	FZ_CHECK(strlen(buf) == n);

	/* Truncation works like snprintf. */
	sizes[0] = 1;
	sizes[1] = n / 2 + 1;
	sizes[2] = n;
	sizes[3] = n + 1;
	for (i = 0; i < 4; i++) {
		memset(cut, 'X', sizeof(cut));
		FZ_CHECK(tg_addr_format(a, cut, sizes[i]) == n);
		m = sizes[i] - 1;
		FZ_CHECK(cut[m] == '\0' && memcmp(cut, buf, m) == 0);
		FZ_CHECK(cut[m + 1] == 'X');
	}

	/* What it writes parses back to the same address. */
	rc = tg_addr_parse(fz_ctx(), buf, n, all, &again, &err);
	if (rc != TG_OK)
		fprintf(stderr, "format gave \"%s\": %s\n", buf, err.message);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK((again.flags & keep) == (a->flags & keep));
	FZ_CHECK(again.local_len == a->local_len);
	FZ_CHECK(memcmp(again.local, a->local, a->local_len) == 0);
	FZ_CHECK(fz_domain_same(&again.domain, &a->domain,
	    TG_DOMAIN_TRAILING_DOT));
	FZ_CHECK(tg_addr_format(&again, again_buf, sizeof(again_buf)) == n);
	FZ_CHECK(strcmp(again_buf, buf) == 0);
}
