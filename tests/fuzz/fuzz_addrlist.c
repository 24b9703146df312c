/*
 * fuzz_addrlist.c - tg_addrlist_parse() on arbitrary bytes, and every
 * entry of the list it returns.
 *
 * The input is the header field body, byte for byte.  Beyond the error
 * contract, this target checks that a failed call leaves no list, that
 * the list has at most TG_ADDRLIST_MAX entries and tg_addrlist_get() ends
 * where tg_addrlist_count() says, and for each entry:
 *   - raw and name are strings; name and group are display names as the
 *     header describes them: UTF-8, no control characters, blanks
 *     collapsed to one space and none at either end;
 *   - entries come in header order, each starting inside the header;
 *   - status agrees with the entry's error, whose offset is in the header
 *     and points at what the code describes (so the offsets moved from
 *     the rebuilt addr-spec land on the right byte), and whose message
 *     names that offset;
 *   - a valid address has every property of struct tg_addr, formats back
 *     to itself, and is what tg_addr_parse() makes of raw;
 *   - nothing is swallowed: with ",z@fuzz.example" appended to a header
 *     that ends outside quotes and comments, the list gets exactly that
 *     one more entry, last, valid, and the others start where they did.
 */
#include <string.h>

#include "invariants.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	FZ_CHECK(tg_addrlist_count(NULL) == 0);
	FZ_CHECK(tg_addrlist_get(NULL, 0) == NULL);
	FZ_CHECK(tg_addrlist_free(NULL) == NULL);
	return 0;
}

/* A display name as the header promises it. */
static void
check_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), i;

	FZ_CHECK(fz_utf8_ok(name, n));
	for (i = 0; i < n; i++) {
		FZ_CHECK(p[i] >= 0x20 && p[i] != 0x7f && p[i] != '\t');
		/* C1 controls, U+0080 to U+009F */
		FZ_CHECK(!(p[i] == 0xc2 && i + 1 < n && p[i + 1] < 0xa0));
	}
	FZ_CHECK(strstr(name, "  ") == NULL);
	FZ_CHECK(n == 0 || (name[0] != ' ' && name[n - 1] != ' '));
}

static void
check_entry(const struct tg_hdr_addr *h, const char *s, size_t size)
{
	struct tg_addr again;
	struct tg_error err;
	size_t rawlen;
	int rc;

	FZ_CHECK(h->raw != NULL && h->name != NULL);
	rawlen = strlen(h->raw);
	check_name(h->name);
	if (h->group != NULL)
		check_name(h->group);
	FZ_CHECK(h->offset < size);
	FZ_CHECK(strchr(" \t\r\n,;", s[h->offset]) == NULL);
	fz_check_status(FZ_ADDR, h->status, &h->error, size);
	fz_check_offset(h->status, &h->error, s, size);
	if (h->status != TG_OK)
		return;
	fz_check_addr(&h->addr, 0);
	fz_check_addr_format(&h->addr);
	rc = tg_addr_parse(fz_ctx(), h->raw, rawlen, 0, &again, &err);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(fz_addr_same(&again, &h->addr));
}

static const char tail[] = ",z@fuzz.example";
#define TAIL_MAX 1024 /* inputs this long or shorter get the tail check */

/* Whether s[0..len) ends inside a quoted string or a comment, which
 * would take in what is appended (RFC 5322 3.2.4, 3.2.2). */
static int
ends_open(const char *s, size_t len)
{
	size_t i, depth;

	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\' && i + 1 < len)
					i++;
			if (i >= len)
				return 1;
		} else if (s[i] == '(') {
			depth = 1;
			for (i++; i < len && depth > 0; i++) {
				if (s[i] == '\\' && i + 1 < len)
					i++;
				else if (s[i] == '(')
					depth++;
				else if (s[i] == ')')
					depth--;
			}
			if (depth > 0)
				return 1;
			i--;
		}
	}
	return 0;
}

static void
check_tail(const char *s, size_t size, const tg_addrlist *list)
{
	char buf[TAIL_MAX + sizeof(tail)];
	const struct tg_hdr_addr *h, *was;
	tg_addrlist *more;
	size_t n = tg_addrlist_count(list), i;
	int rc;

	if (size > TAIL_MAX || n >= TG_ADDRLIST_MAX || ends_open(s, size))
		return;
	memcpy(buf, s, size);
	memcpy(buf + size, tail, sizeof(tail) - 1);
	rc = tg_addrlist_parse(fz_ctx(), buf, size + sizeof(tail) - 1, &more,
	    NULL);
	FZ_CHECK(rc == TG_OK);
	FZ_CHECK(tg_addrlist_count(more) == n + 1);
	for (i = 0; i < n; i++) {
		was = tg_addrlist_get(list, i);
		FZ_CHECK(tg_addrlist_get(more, i)->offset == was->offset);
	}
	h = tg_addrlist_get(more, n);
	FZ_CHECK(h->status == TG_OK && strcmp(h->raw, tail + 1) == 0);
	FZ_CHECK(h->offset == size + 1);
	tg_addrlist_free(more);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tg_addrlist *const unset = (tg_addrlist *)&unset;
	const char *s = (const char *)data;
	const struct tg_hdr_addr *h;
	tg_addrlist *list = unset;
	struct tg_error err;
	size_t n, i;
	int rc;

	rc = tg_addrlist_parse(fz_ctx(), s, size, &list, &err);
	fz_check_status(FZ_ADDRLIST, rc, &err, size);
	fz_check_offset(rc, &err, s, size);
	if (rc != TG_OK) {
		FZ_CHECK(list == NULL);
		if (rc == TG_ENUL)
			FZ_CHECK(memchr(s, '\0', err.offset) == NULL);
		return 0;
	}
	FZ_CHECK(list != NULL && list != unset);
	FZ_CHECK(memchr(s, '\0', size) == NULL);
	n = tg_addrlist_count(list);
	FZ_CHECK(n <= TG_ADDRLIST_MAX);
	FZ_CHECK(tg_addrlist_get(list, n) == NULL);
	for (i = 0; i < n; i++) {
		h = tg_addrlist_get(list, i);
		FZ_CHECK(h != NULL);
		check_entry(h, s, size);
		if (i > 0)
			FZ_CHECK(h->offset >
			    tg_addrlist_get(list, i - 1)->offset);
	}
	check_tail(s, size, list);
	FZ_CHECK(tg_addrlist_free(list) == NULL);
	return 0;
}
