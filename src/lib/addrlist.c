/*
 * addrlist.c - header address lists (RFC 5322 address-list).
 *
 * GMime's parser does the RFC 5322 work (display names, groups, comments,
 * RFC 2047 encoded words, obsolete forms); we bound its input, flatten
 * groups, and parse every addr-spec with tg_addr_parse() so that header
 * and envelope addresses come out identical.  GMime is lenient: what it
 * cannot make sense of it drops or keeps as a name, so a mailbox whose
 * address our parser rejects is kept with its error rather than dropped.
 */
#include <gmime/gmime.h>
#include <pthread.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"

struct tg_addrlist {
	size_t count;
	size_t cap;
	struct tg_hdr_addr *items;
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *gmime_opts;

/* g_mime_init() is not thread-safe and must run once per process. */
static void
gmime_start(void)
{
	g_mime_init();
	gmime_opts = g_mime_parser_options_new();
	/* Loose: accept what real mail contains (unquoted dots in names,
	 * 8-bit names); our own parser judges each addr-spec. */
	g_mime_parser_options_set_address_compliance_mode(gmime_opts,
	    GMIME_RFC_COMPLIANCE_LOOSE);
}

static int
add(const tg_ctx *ctx, tg_addrlist *l, InternetAddress *ia, const char *group,
    struct tg_error *err)
{
	struct tg_hdr_addr *h, *grown;
	const char *raw, *name;
	size_t ncap;

	if (l->count >= TG_ADDRLIST_MAX)
		return tg__error_set(err, TG_EADDR_TOOMANY, TG_NO_OFFSET,
		    "more than %d addresses in one list", TG_ADDRLIST_MAX);
	if (l->count == l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		grown = tg__realloc(l->items, ncap * sizeof(*grown));
		if (grown == NULL)
			return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
			    "out of memory");
		l->items = grown;
		l->cap = ncap;
	}
	raw = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	name = internet_address_get_name(ia);
	if (raw == NULL)
		raw = "";
	if (name == NULL)
		name = "";
	h = &l->items[l->count];
	memset(h, 0, sizeof(*h));
	h->raw = tg__strndup(raw, strlen(raw));
	h->name = tg__strndup(name, strlen(name));
	h->group = group != NULL ? tg__strndup(group, strlen(group)) : NULL;
	if (h->raw == NULL || h->name == NULL ||
	    (group != NULL && h->group == NULL)) {
		tg__free((void *)h->raw);
		tg__free((void *)h->name);
		tg__free((void *)h->group);
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	}
	l->count++;
	h->status = tg_addr_parse(ctx, h->raw, strlen(h->raw), 0, &h->addr,
	    &h->error);
	if (h->status == TG_ENOMEM)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	return TG_OK;
}

static int
walk(const tg_ctx *ctx, tg_addrlist *l, InternetAddressList *list,
    const char *group, struct tg_error *err)
{
	InternetAddress *ia;
	int i, n, rc;

	n = internet_address_list_length(list);
	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			rc = add(ctx, l, ia, group, err);
		} else if (INTERNET_ADDRESS_IS_GROUP(ia) && group == NULL) {
			/* RFC 5322 groups do not nest; GMime does not make
			 * nested ones, and we would not follow them. */
			rc = walk(ctx, l, internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)),
			    internet_address_get_name(ia), err);
		} else {
			rc = TG_OK;
		}
		if (rc != TG_OK)
			return rc;
	}
	return TG_OK;
}

int
tg_addrlist_parse(const tg_ctx *ctx, const char *s, size_t len,
    tg_addrlist **out, struct tg_error *err)
{
	InternetAddressList *list;
	tg_addrlist *l;
	char *copy;
	const char *nul;
	int rc;

	if (ctx == NULL || out == NULL || (s == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_addrlist_parse: NULL argument");
	*out = NULL;
	if (len > TG_ADDRLIST_INPUT_MAX)
		return tg__error_set(err, TG_ETOOLONG, TG_ADDRLIST_INPUT_MAX,
		    "address list of %zu bytes, limit %u", len,
		    TG_ADDRLIST_INPUT_MAX);
	nul = len > 0 ? memchr(s, '\0', len) : NULL;
	if (nul != NULL)
		return tg__error_set(err, TG_ENUL, (size_t)(nul - s),
		    "NUL byte at %zu", (size_t)(nul - s));
	l = tg__calloc(1, sizeof(*l));
	copy = tg__strndup(len > 0 ? s : "", len);
	if (l == NULL || copy == NULL) {
		tg__free(l);
		tg__free(copy);
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	}
	pthread_once(&gmime_once, gmime_start);
	list = internet_address_list_parse(gmime_opts, copy);
	tg__free(copy);
	rc = TG_OK;
	if (list != NULL) {
		rc = walk(ctx, l, list, NULL, err);
		g_object_unref(list);
	}
	if (rc != TG_OK) {
		tg_addrlist_free(l);
		return rc;
	}
	tg__error_clear(err);
	*out = l;
	return TG_OK;
}

size_t
tg_addrlist_count(const tg_addrlist *l)
{
	return l != NULL ? l->count : 0;
}

const struct tg_hdr_addr *
tg_addrlist_get(const tg_addrlist *l, size_t i)
{
	if (l == NULL || i >= l->count)
		return NULL;
	return &l->items[i];
}

tg_addrlist *
tg_addrlist_free(tg_addrlist *l)
{
	size_t i;

	if (l == NULL)
		return NULL;
	for (i = 0; i < l->count; i++) {
		tg__free((void *)l->items[i].raw);
		tg__free((void *)l->items[i].name);
		tg__free((void *)l->items[i].group);
	}
	tg__free(l->items);
	tg__free(l);
	return NULL;
}
