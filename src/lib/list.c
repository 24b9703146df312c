/*
 * list.c - list files: protected domains and TLD rules, allowlists, known
 * legitimate domains.  One entry per line:
 *
 *     # comment
 *     army.mil
 *     .mil strict=il
 *     army.nl layout=qwertz kinds=omission,tld-typo
 *
 * Every error names FILE:LINE:COLUMN.  The file is read whole, within
 * TG_LIST_MAX_BYTES, and each line within LINE_MAX.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_int.h"
#include "error_int.h"
#include "index_int.h"
#include "text_int.h"

#define LINE_MAX_BYTES 4096

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits a comma list value into kinds/layouts bits. */
static int
parse_names(const char *v, size_t n, size_t off, int layouts,
    unsigned *bits, struct tg_error *err)
{
	size_t i = 0, j;
	int k;

	*bits = 0;
	while (i <= n) {
		for (j = i; j < n && v[j] != ','; j++)
			;
		if (j == i)
			return tg__error_set(err, TG_ELIST_OPTION, off + i,
			    "empty name in list at %zu", off + i);
		k = layouts ? tg_layout_from_name(v + i, j - i) :
		    tg_kind_from_name(v + i, j - i);
		if (k < 0)
			return tg__error_set(err, TG_ELIST_OPTION, off + i,
			    "unknown %s \"%.*s\" at %zu", layouts ? "layout" :
			    "kind", (int)(j - i), v + i, off + i);
		*bits |= 1u << k;
		i = j + 1;
	}
	return TG_OK;
}

static int
parse_option(struct tg__spec *sp, enum tg_list list, const char *s,
    size_t n, size_t off, unsigned *seen, struct tg_error *err)
{
	const char *eq = memchr(s, '=', n);
	size_t kn = eq != NULL ? (size_t)(eq - s) : n, vn, i, j;
	const char *v = eq != NULL ? eq + 1 : NULL;

	vn = eq != NULL ? n - kn - 1 : 0;
	if (list != TG_LIST_PROTECTED)
		return tg__error_set(err, TG_ELIST_OPTION, off,
		    "options are for protected lists only, at %zu", off);
	if (v == NULL || vn == 0)
		return tg__error_set(err, TG_ELIST_OPTION, off,
		    "option \"%.*s\" at %zu needs a value (key=value)", (int)kn,
		    s, off);
#define IS(name) (kn == sizeof(name) - 1 && memcmp(s, name, kn) == 0)
#define ONCE(bit) do { \
	if (*seen & (bit)) \
		return tg__error_set(err, TG_ELIST_OPTION, off, \
		    "option \"%.*s\" given twice, at %zu", (int)kn, s, off); \
	*seen |= (bit); \
} while (0)
	if (IS("layout")) {
		ONCE(1u);
		return parse_names(v, vn, off + kn + 1, 1, &sp->layouts, err);
	}
	if (IS("kinds")) {
		ONCE(2u);
		return parse_names(v, vn, off + kn + 1, 0, &sp->kinds, err);
	}
	if (IS("strict")) {
		ONCE(4u);
		if (!sp->rule)
			return tg__error_set(err, TG_ELIST_OPTION, off,
			    "strict= is for suffix rules (.mil), at %zu", off);
		for (i = 0; i <= vn; i = j + 1) {
			for (j = i; j < vn && v[j] != ','; j++)
				;
			if (j == i)
				return tg__error_set(err, TG_ELIST_OPTION,
				    off + kn + 1 + i, "empty name in list at %zu",
				    off + kn + 1 + i);
			if (sp->nstrict == TG__STRICT_MAX)
				return tg__error_set(err, TG_ELIST_OPTION, off,
				    "more than %d names in strict=, at %zu",
				    TG__STRICT_MAX, off);
			sp->strict[sp->nstrict].s = v + i;
			sp->strict[sp->nstrict].n = j - i;
			sp->nstrict++;
		}
		return TG_OK;
	}
#undef IS
#undef ONCE
	return tg__error_set(err, TG_ELIST_OPTION, off,
	    "unknown option \"%.*s\" at %zu (layout=, kinds=, strict=)",
	    (int)kn, s, off);
}

/* Parses one line; *empty is set for blank and comment lines. */
static int
parse_line(const char *s, size_t len, enum tg_list list, struct tg__spec *sp,
    int *empty, struct tg_error *err)
{
	size_t i = 0, start;
	unsigned seen = 0;
	int rc;

	memset(sp, 0, sizeof(*sp));
	*empty = 0;
	while (i < len && is_blank(s[i]))
		i++;
	if (i == len || s[i] == '#') {
		*empty = 1;
		return TG_OK;
	}
	start = i;
	while (i < len && !is_blank(s[i]) && s[i] != '#')
		i++;
	sp->name = s + start;
	sp->len = i - start;
	sp->offset = start;
	sp->rule = s[start] == '.';
	if (sp->rule && list != TG_LIST_PROTECTED)
		return tg__error_set(err, TG_ELIST_SYNTAX, start,
		    "a suffix rule (%.*s) belongs in a protected list, at %zu",
		    (int)sp->len, sp->name, start);
	if (sp->rule && sp->len == 1)
		return tg__error_set(err, TG_ELIST_SYNTAX, start,
		    "a lone dot at %zu: write .mil for a TLD", start);
	for (;;) {
		while (i < len && is_blank(s[i]))
			i++;
		if (i == len || s[i] == '#')
			break;
		start = i;
		while (i < len && !is_blank(s[i]))
			i++;
		rc = parse_option(sp, list, s + start, i - start, start, &seen,
		    err);
		if (rc != TG_OK)
			return rc;
	}
	return TG_OK;
}

int
tg_index_add(tg_index *ix, enum tg_list list, const char *entry, size_t len,
    struct tg_error *err)
{
	struct tg__spec sp;
	size_t bad;
	int rc, empty;

	if (ix == NULL || (entry == NULL && len > 0) ||
	    (unsigned)list > TG_LIST_LEGIT)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_index_add: bad argument");
	if (len > LINE_MAX_BYTES)
		return tg__error_set(err, TG_ETOOLONG, LINE_MAX_BYTES,
		    "entry longer than %d bytes", LINE_MAX_BYTES);
	if (len > 0 && memchr(entry, '\0', len) != NULL) {
		bad = (size_t)((const char *)memchr(entry, '\0', len) - entry);
		return tg__error_set(err, TG_ENUL, bad, "NUL byte at %zu", bad);
	}
	if (tg__utf8_check(entry, len, &bad) != 0)
		return tg__error_set(err, TG_EUTF8, bad, "invalid UTF-8 at %zu",
		    bad);
	rc = parse_line(entry, len, list, &sp, &empty, err);
	if (rc != TG_OK)
		return rc;
	if (empty)
		return tg__error_set(err, TG_EEMPTY, TG_NO_OFFSET,
		    "no entry on the line");
	rc = tg__index_put(ix, list, &sp, err);
	if (rc == TG_OK)
		tg__error_clear(err);
	return rc;
}

/* Prefixes err's message with FILE:LINE:COLUMN and fills line/column. */
static void
locate(struct tg_error *err, const char *path, unsigned long line,
    size_t column)
{
	char msg[TG_ERROR_MSG_MAX];
	int n;

	if (err == NULL)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%lu:%zu: ", path, line, column);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	snprintf(msg + n, sizeof(msg) - (size_t)n, "%.*s",
	    (int)(sizeof(msg) - (size_t)n - 1), err->message);
	memcpy(err->message, msg, sizeof(msg));
	err->line = line;
	err->column = column;
}

static int
read_file(const char *path, char **out, size_t *len, struct tg_error *err)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return tg__error_set(err, errno == ENOENT ? TG_ENOENT : TG_EIO,
		    TG_NO_OFFSET, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return tg__error_set(err, TG_EIO, TG_NO_OFFSET,
		    "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > TG_LIST_MAX_BYTES) {
		fclose(f);
		return tg__error_set(err, TG_ETOOLONG, TG_NO_OFFSET,
		    "%s: over %u bytes", path, TG_LIST_MAX_BYTES);
	}
	buf = tg__malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f) || n != (size_t)st.st_size) {
		fclose(f);
		tg__free(buf);
		return tg__error_set(err, TG_EIO, TG_NO_OFFSET,
		    "%s: read error", path);
	}
	fclose(f);
	*out = buf;
	*len = n;
	return TG_OK;
}

int
tg__index_load_buf(tg_index *ix, enum tg_list list, const char *buf,
    size_t len, const char *path, tg_list_error_fn on_error, void *arg,
    struct tg_error *err)
{
	struct tg_error e;
	size_t i = 0, end, n, bad;
	unsigned long line = 0;
	int rc, first = TG_OK;

	while (i < len) {
		line++;
		for (end = i; end < len && buf[end] != '\n'; end++)
			;
		n = end - i;
		if (n > 0 && buf[i + n - 1] == '\r')
			n--;
		memset(&e, 0, sizeof(e));
		rc = TG_OK;
		if (n > LINE_MAX_BYTES)
			rc = tg__error_set(&e, TG_ETOOLONG, LINE_MAX_BYTES,
			    "line longer than %d bytes", LINE_MAX_BYTES);
		else if (memchr(buf + i, '\0', n) != NULL) {
			bad = (size_t)((const char *)memchr(buf + i, '\0', n) -
			    (buf + i));
			rc = tg__error_set(&e, TG_ENUL, bad, "NUL byte");
		} else if (tg__utf8_check(buf + i, n, &bad) != 0)
			rc = tg__error_set(&e, TG_EUTF8, bad, "invalid UTF-8");
		else {
			struct tg__spec sp;
			int empty;

			rc = parse_line(buf + i, n, list, &sp, &empty, &e);
			if (rc == TG_OK && !empty)
				rc = tg__index_put(ix, list, &sp, &e);
		}
		if (rc == TG_ENOMEM || rc == TG_ESTATE)
			return tg__error_set(err, rc, TG_NO_OFFSET, "%s",
			    e.message);
		if (rc != TG_OK) {
			locate(&e, path, line, e.has_offset ? e.offset + 1 : 1);
			if (first == TG_OK) {
				first = rc;
				if (err != NULL)
					*err = e;
			}
			if (on_error == NULL || on_error(&e, arg) != 0)
				return first;
		}
		i = end + 1;
	}
	if (first != TG_OK)
		return first;
	tg__error_clear(err);
	return TG_OK;
}

int
tg_index_load(tg_index *ix, enum tg_list list, const char *path,
    tg_list_error_fn on_error, void *arg, struct tg_error *err)
{
	char *buf;
	size_t len = 0;
	int rc;

	if (ix == NULL || path == NULL || (unsigned)list > TG_LIST_LEGIT)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_index_load: bad argument");
	if ((rc = read_file(path, &buf, &len, err)) != TG_OK)
		return rc;
	rc = tg__index_load_buf(ix, list, buf, len, path, on_error, arg, err);
	tg__free(buf);
	return rc;
}
