/*
 * setup.c - the context and protected-set index that check and variants
 * build from the same options (-p, -P, --allow, the bundled lists).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "datafile.h"

#define PSL_FILE "public_suffix_list.dat"

struct load_state {
	const char *cmd;
	unsigned long bad;
};

/* tg_index_load() calls this for each bad line; its message already
 * starts with FILE:LINE:COLUMN. */
static int
on_bad_line(const struct tg_error *e, void *arg)
{
	struct load_state *st = arg;

	cli_warn(st->cmd, "%s", e->message);
	st->bad++;
	return 0;
}

/* Exit status for a list file that could not be read at all. */
static int
exit_for_file(int code)
{
	switch (code) {
	case TG_ENOENT:
		return EXIT_NOINPUT;
	case TG_ETOOLONG:
	case TG_ENUL:
	case TG_EUTF8:
		return EXIT_DATAERR;
	default:
		return cli_exit_for(code);
	}
}

/*
 * Loads one list file.  Returns 0 when the file was read (bad lines, if
 * any, are reported and counted in st->bad), else an exit status.
 */
static int
load_file(tg_index *ix, enum tg_list list, const char *path,
    struct load_state *st)
{
	struct tg_error e;
	unsigned long before = st->bad;
	int rc;

	rc = tg_index_load(ix, list, path, on_bad_line, st, &e);
	if (rc == TG_OK || (st->bad > before && rc != TG_ENOMEM &&
	    rc != TG_ESTATE))
		return 0;
	cli_warn(st->cmd, "%s", e.message);
	return exit_for_file(rc);
}

static int
load_bundled(tg_index *ix, enum tg_list list, const char *name,
    struct load_state *st)
{
	char path[DATAFILE_PATH_MAX];

	if (datafile_find(name, path, sizeof(path)) != 0) {
		cli_warn(st->cmd, "bundled list %s not found (looked for %s; "
		    "set TYPOGUARD_DATADIR to the directory that has it)",
		    name, path);
		return EXIT_NOINPUT;
	}
	return load_file(ix, list, path, st);
}

/*
 * The context: the given list, else the library's default (the system's
 * list, then the installed copy), else the copy in the data directory
 * datafile_find() knows, so that a build tree works uninstalled.
 */
static int
make_ctx(const char *cmd, const char *psl, tg_ctx **ctx)
{
	struct tg_error e, e2;
	char path[DATAFILE_PATH_MAX];

	if (tg_ctx_new(ctx, psl, &e) == TG_OK)
		return 0;
	if (psl == NULL && e.code == TG_EPSL &&
	    datafile_find(PSL_FILE, path, sizeof(path)) == 0 &&
	    tg_ctx_new(ctx, path, &e2) == TG_OK)
		return 0;
	cli_warn(cmd, "%s", e.message);
	return cli_exit_for(e.code);
}

int
ix_build(const struct ix_setup *s, tg_ctx **ctxp, tg_index **ixp)
{
	struct load_state st = { s->cmd, 0 };
	struct tg_error e;
	tg_ctx *ctx = NULL;
	tg_index *ix = NULL;
	size_t i;
	int rc;

	*ctxp = NULL;
	*ixp = NULL;
	if ((rc = make_ctx(s->cmd, s->psl, &ctx)) != 0)
		return rc;
	if (tg_index_new(&ix, ctx, s->opts, &e) != TG_OK) {
		cli_warn(s->cmd, "%s", e.message);
		rc = e.code == TG_EINVAL ? EXIT_USAGE : cli_exit_for(e.code);
		goto fail;
	}
	if (s->default_protected &&
	    (rc = load_bundled(ix, TG_LIST_PROTECTED, BUNDLED_PROTECTED,
	    &st)) != 0)
		goto fail;
	if (s->legit && (rc = load_bundled(ix, TG_LIST_LEGIT, BUNDLED_LEGIT,
	    &st)) != 0)
		goto fail;
	/* Every source is read before giving up, so that one run reports
	 * every bad line of every file. */
	for (i = 0; i < s->nsrcs; i++) {
		const struct ix_src *src = &s->srcs[i];

		if (src->is_file) {
			if ((rc = load_file(ix, src->list, src->arg, &st)) != 0)
				goto fail;
			continue;
		}
		rc = tg_index_add(ix, src->list, src->arg, strlen(src->arg),
		    &e);
		if (rc == TG_ENOMEM) {
			cli_warn(s->cmd, "%s", e.message);
			rc = EXIT_OSERR;
			goto fail;
		}
		if (rc != TG_OK) {
			cli_warn(s->cmd, "-P '%s': %s", src->arg, e.message);
			st.bad++;
		}
	}
	if (st.bad > 0) {
		cli_warn(s->cmd, "%lu bad list %s: nothing done", st.bad,
		    st.bad == 1 ? "entry" : "entries");
		rc = EXIT_DATAERR;
		goto fail;
	}
	if (tg_index_seal(ix, &e) != TG_OK) {
		cli_warn(s->cmd, "%s", e.message);
		rc = cli_exit_for(e.code);
		goto fail;
	}
	*ctxp = ctx;
	*ixp = ix;
	return 0;
fail:
	tg_index_free(ix);
	tg_ctx_free(ctx);
	return rc;
}
