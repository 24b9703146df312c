/*
 * snap.c - building and publishing configuration snapshots (snap.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datafile.h"
#include "snap.h"

#define PSL_FILE "public_suffix_list.dat"
#define LEGIT_FILE "legit-domains.txt"

struct snap_action {
	char *entry;
	enum pol_action action;
};

/* Build state. */
struct bstate {
	struct snap *s;
	struct conf_diag *d;
	size_t cap;
};

static unsigned long generation;

/* The shared classifier and how many snapshots hold it. */
static pthread_mutex_t clf_lock = PTHREAD_MUTEX_INITIALIZER;
static tg_classifier *clf_shared;
static unsigned long clf_users;

static int
clf_take(struct snap *s, struct conf_diag *d)
{
	struct tg_error err;
	int rc = 0;

	pthread_mutex_lock(&clf_lock);
	if (clf_shared == NULL && tg_classifier_new(&clf_shared, NULL,
	    &err) != TG_OK) {
		conf_report(d, s->conf.file, 0, "the content classifier: %s",
		    err.message);
		rc = -1;
	} else {
		clf_users++;
		s->clf = clf_shared;
	}
	pthread_mutex_unlock(&clf_lock);
	return rc;
}

static void
clf_drop(void)
{
	pthread_mutex_lock(&clf_lock);
	if (--clf_users == 0)
		clf_shared = tg_classifier_free(clf_shared);
	pthread_mutex_unlock(&clf_lock);
}

static void
free_snap(struct snap *s)
{
	size_t i;

	if (s->clf != NULL)
		clf_drop();

	for (i = 0; i < s->nact; i++)
		free(s->act[i].entry);
	free(s->act);
	tg_index_free(s->ix);
	tg_ctx_free(s->ctx);
	conf_free(&s->conf);
	free(s);
}

struct snap *
snap_ref(struct snap *s)
{
	if (s != NULL)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void
snap_unref(struct snap *s)
{
	if (s != NULL && atomic_fetch_sub(&s->refs, 1) == 1)
		free_snap(s);
}

/* Records the action of one protected entry: its normalised name, as
 * tg_check() names it in a candidate's entry. */
static int
map_entry(struct bstate *b, const char *line, size_t len,
    enum pol_action a)
{
	struct snap *s = b->s;
	struct tg_domain dom;
	struct tg_error err;
	size_t i = 0, st;
	int rule;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	st = i;
	while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '#')
		i++;
	rule = i > st && line[st] == '.';
	if (tg_domain_parse(s->ctx, line + st + rule, i - st - rule, &dom,
	    &err) != TG_OK)
		return 0;   /* the index took it, so this does not happen */
	if (s->nact == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		struct snap_action *na = realloc(s->act, ncap * sizeof(*na));

		if (na == NULL)
			return -1;
		s->act = na;
		b->cap = ncap;
	}
	s->act[s->nact].entry = malloc(dom.alabel_len + 2);
	if (s->act[s->nact].entry == NULL)
		return -1;
	snprintf(s->act[s->nact].entry, dom.alabel_len + 2, "%s%s",
	    rule ? "." : "", dom.alabel);
	s->act[s->nact].action = a;
	s->nact++;
	return 0;
}

static int
cmp_action(const void *a, const void *b)
{
	return strcmp(((const struct snap_action *)a)->entry,
	    ((const struct snap_action *)b)->entry);
}

/* Sorts the map and folds duplicates: the strictest action wins. */
static void
seal_map(struct snap *s)
{
	size_t i, o = 0;

	if (s->nact == 0)
		return;
	qsort(s->act, s->nact, sizeof(*s->act), cmp_action);
	for (i = 1; i < s->nact; i++) {
		if (strcmp(s->act[i].entry, s->act[o].entry) == 0) {
			if (s->act[i].action > s->act[o].action)
				s->act[o].action = s->act[i].action;
			free(s->act[i].entry);
			continue;
		}
		s->act[++o] = s->act[i];
	}
	s->nact = o + 1;
}

int
snap_lookup(const char *entry, void *arg)
{
	const struct snap *s = arg;
	size_t lo = 0, hi = s->nact;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(entry, s->act[mid].entry);

		if (c == 0)
			return (int)s->act[mid].action;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Finds a list named without '/' in the data directory. */
static const char *
locate(struct bstate *b, const struct conf_list *l, const char *key,
    char *path, size_t size)
{
	if (!l->bundled)
		return l->path;
	if (datafile_find(l->path, path, size) != 0) {
		conf_report(b->d, b->s->conf.file, l->line, "%s: %s is not in "
		    "the data directory (looked for %s); write a path with "
		    "'/' for a file of your own", key, l->path, path);
		return NULL;
	}
	return path;
}

static char *
read_list(struct bstate *b, const struct conf_list *l, const char *key,
    const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL) {
		conf_report(b->d, b->s->conf.file, l->line, "%s: cannot open "
		    "%s: %s", key, path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > TG_LIST_MAX_BYTES) {
		fclose(f);
		conf_report(b->d, b->s->conf.file, l->line, "%s: %s is not a "
		    "regular file of at most %u bytes", key, path,
		    TG_LIST_MAX_BYTES);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		conf_report(b->d, b->s->conf.file, l->line, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		conf_report(b->d, b->s->conf.file, l->line, "%s: read error on "
		    "%s", key, path);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* FILE:LINE:COLUMN: message, as tg_index_load() words it. */
static void
report_at(struct conf_diag *d, const char *path, unsigned long line,
    size_t column, const char *msg)
{
	char buf[DATAFILE_PATH_MAX + TG_ERROR_MSG_MAX + 64];

	d->count++;
	if (d->fn == NULL)
		return;
	snprintf(buf, sizeof(buf), "%s:%lu:%zu: %s", path, line, column, msg);
	d->fn(d->arg, buf);
}

/*
 * A protected list: every line goes to the index as tg_index_load()
 * would take it, and its entry to the action map.  Read once, so the map
 * and the index describe the same file.
 */
static void
load_protected(struct bstate *b, const struct conf_list *l)
{
	char found[DATAFILE_PATH_MAX];
	struct tg_error err;
	const char *path;
	unsigned long line = 0;
	size_t len, i = 0, end, n, k;
	char *buf;

	path = locate(b, l, "ProtectedList", found, sizeof(found));
	if (path == NULL || (buf = read_list(b, l, "ProtectedList", path,
	    &len)) == NULL)
		return;
	while (i < len) {
		line++;
		for (end = i; end < len && buf[end] != '\n'; end++)
			;
		n = end - i;
		if (n > 0 && buf[i + n - 1] == '\r')
			n--;
		for (k = i; k < i + n && (buf[k] == ' ' || buf[k] == '\t'); k++)
			;
		if (k < i + n && buf[k] != '#') {
			if (tg_index_add(b->s->ix, TG_LIST_PROTECTED, buf + i, n,
			    &err) != TG_OK)
				report_at(b->d, path, line, err.has_offset ?
				    err.offset + 1 : 1, err.message);
			else if (map_entry(b, buf + i, n, l->action) != 0)
				conf_report(b->d, path, line, "out of memory");
		}
		i = end + 1;
	}
	free(buf);
}

static int
on_allow_error(const struct tg_error *e, void *arg)
{
	struct bstate *b = arg;

	/* The message starts with FILE:LINE:COLUMN already. */
	b->d->count++;
	if (b->d->fn != NULL)
		b->d->fn(b->d->arg, e->message);
	return 0;
}

static void
load_plain(struct bstate *b, const struct conf_list *l, const char *key,
    enum tg_list which)
{
	char found[DATAFILE_PATH_MAX];
	struct tg_error err;
	unsigned long before = b->d->count;
	const char *path;
	int rc;

	path = locate(b, l, key, found, sizeof(found));
	if (path == NULL)
		return;
	rc = tg_index_load(b->s->ix, which, path, on_allow_error, b, &err);
	if (rc != TG_OK && b->d->count == before)
		conf_report(b->d, b->s->conf.file, l->line, "%s: %s", key,
		    err.message);
}

static int
make_ctx(struct bstate *b)
{
	struct conf *c = &b->s->conf;
	char path[DATAFILE_PATH_MAX];
	struct tg_error err, err2;

	if (tg_ctx_new(&b->s->ctx, c->psl, &err) == TG_OK)
		return 0;
	/* The system's list, else the installed copy, else the data
	 * directory's (a build tree). */
	if (c->psl == NULL && err.code == TG_EPSL &&
	    datafile_find(PSL_FILE, path, sizeof(path)) == 0 &&
	    tg_ctx_new(&b->s->ctx, path, &err2) == TG_OK)
		return 0;
	conf_report(b->d, c->file, 0, "PublicSuffixList: %s", err.message);
	return -1;
}

unsigned long
snap_build(struct conf *c, struct snap **out, struct conf_diag *d)
{
	struct tg_index_opts opts;
	struct tg_error err;
	struct bstate b;
	unsigned long before = d->count;
	struct snap *s;
	size_t i;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		conf_report(d, c->file, 0, "out of memory");
		conf_free(c);
		return 1;
	}
	s->conf = *c;
	memset(c, 0, sizeof(*c));
	atomic_init(&s->refs, 1);
	b.s = s;
	b.d = d;
	b.cap = 0;
	if (make_ctx(&b) != 0)
		goto fail;
	memset(&opts, 0, sizeof(opts));
	opts.threshold = s->conf.threshold;
	if (tg_index_new(&s->ix, s->ctx, &opts, &err) != TG_OK) {
		conf_report(d, s->conf.file, 0, "%s", err.message);
		goto fail;
	}
	for (i = 0; i < s->conf.nplist; i++)
		load_protected(&b, &s->conf.plist[i]);
	for (i = 0; i < s->conf.nprotect; i++) {
		const struct conf_protect *p = &s->conf.protect[i];

		if (tg_index_add(s->ix, TG_LIST_PROTECTED, p->entry,
		    strlen(p->entry), &err) != TG_OK)
			conf_report(d, s->conf.file, p->line, "Protect: %s: %s",
			    p->entry, err.message);
		else if (map_entry(&b, p->entry, strlen(p->entry),
		    p->action) != 0)
			conf_report(d, s->conf.file, p->line, "out of memory");
	}
	for (i = 0; i < s->conf.nallow; i++)
		load_plain(&b, &s->conf.allow[i], "AllowList", TG_LIST_ALLOW);
	if (s->conf.legit) {
		struct conf_list l = { POL_LOG, (char *)LEGIT_FILE, 1, 0 };

		load_plain(&b, &l, "KnownLegitimate", TG_LIST_LEGIT);
	}
	if (d->count != before)
		goto fail;
	if (tg_index_seal(s->ix, &err) != TG_OK) {
		conf_report(d, s->conf.file, 0, "%s", err.message);
		goto fail;
	}
	seal_map(s);
	for (i = 0; i < s->nact; i++) {
		if (s->act[i].action == POL_HOLD)
			s->needs |= SNAP_NEEDS_QUARANTINE;
		if (s->act[i].action == POL_TAG)
			s->needs |= SNAP_NEEDS_ADDHDR;
	}
	if (s->conf.local_submission == POL_HOLD)
		s->needs |= SNAP_NEEDS_QUARANTINE;
	s->content_rules = pol_severity_any(&s->conf.sev);
	for (i = 0; i < TG_SEVERITY_COUNT; i++) {
		if (s->conf.sev.rule[i] == POL_HOLD)
			s->needs |= SNAP_NEEDS_QUARANTINE;
		if (s->conf.sev.rule[i] == POL_TAG)
			s->needs |= SNAP_NEEDS_ADDHDR;
	}
	if (s->content_rules || s->conf.classify_all) {
		s->needs |= SNAP_NEEDS_CONTENT;
		if (clf_take(s, d) != 0)
			goto fail;
	}
	s->generation = ++generation;
	*out = s;
	return 0;
fail:
	free_snap(s);
	return d->count > before ? d->count - before : 1;
}

/*
 * Publication.  A reader loads the pointer and then takes a reference;
 * between the two the publisher must not drop the old snapshot.  Readers
 * announce themselves in `readers` around the two steps, and the
 * publisher, after swapping the pointer, waits until no reader is inside
 * before it drops its reference: every reader that saw the old pointer
 * holds its own reference by then.  Readers never wait; the publisher
 * (a reload, rare) waits for a few instructions of each reader.
 */
static _Atomic(struct snap *) current;
static atomic_uint readers;

struct snap *
snap_acquire(void)
{
	struct snap *s;

	atomic_fetch_add(&readers, 1);
	s = snap_ref(atomic_load(&current));
	atomic_fetch_sub(&readers, 1);
	return s;
}

void
snap_publish(struct snap *s)
{
	struct snap *old = atomic_exchange(&current, s);

	while (atomic_load(&readers) != 0)
		sched_yield();
	snap_unref(old);
}
