/*
 * ctx.c - the library context: data loaded once and shared read-only.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "alloc_int.h"
#include "ctx_int.h"
#include "error_int.h"

#ifndef TG_DATADIR
#define TG_DATADIR "/usr/local/share/typoguard"
#endif

/* Debian's publicsuffix package; kept current by the distribution. */
#define TG_SYSTEM_PSL "/usr/share/publicsuffix/public_suffix_list.dat"

struct tg_ctx {
	psl_ctx_t *psl;
	char *psl_path;
};

const char *
tg_version(void)
{
	return TG_VERSION_STRING;
}

const char *
tg_default_psl_path(void)
{
	return TG_DATADIR "/public_suffix_list.dat";
}

const psl_ctx_t *
tg__ctx_psl(const tg_ctx *ctx)
{
	return ctx->psl;
}

const char *
tg_ctx_psl_path(const tg_ctx *ctx)
{
	return ctx != NULL ? ctx->psl_path : NULL;
}

static int
load_psl(tg_ctx *ctx, const char *path, struct tg_error *err)
{
	if (access(path, R_OK) != 0)
		return tg__error_set(err, errno == ENOENT ? TG_ENOENT : TG_EIO,
		    TG_NO_OFFSET, "public suffix list %s: %s", path,
		    strerror(errno));
	ctx->psl = psl_load_file(path);
	if (ctx->psl == NULL)
		return tg__error_set(err, TG_EPSL, TG_NO_OFFSET,
		    "public suffix list %s: libpsl could not load it", path);
	/* A DAFSA list cannot count its rules and says -1; 0 is a text
	 * file with no rules in it, which would make every TLD a suffix. */
	if (psl_suffix_count(ctx->psl) == 0) {
		psl_free(ctx->psl);
		ctx->psl = NULL;
		return tg__error_set(err, TG_EPSL, TG_NO_OFFSET,
		    "public suffix list %s: no rules in it", path);
	}
	ctx->psl_path = tg__strndup(path, strlen(path));
	if (ctx->psl_path == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	return TG_OK;
}

int
tg_ctx_new(tg_ctx **out, const char *psl_path, struct tg_error *err)
{
	tg_ctx *ctx;
	int rc;

	if (out == NULL)
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_ctx_new: NULL argument");
	*out = NULL;
	ctx = tg__calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory");
	if (psl_path != NULL) {
		rc = load_psl(ctx, psl_path, err);
	} else {
		rc = load_psl(ctx, TG_SYSTEM_PSL, err);
		if (rc != TG_OK && rc != TG_ENOMEM)
			rc = load_psl(ctx, tg_default_psl_path(), err);
		if (rc != TG_OK && rc != TG_ENOMEM)
			rc = tg__error_set(err, TG_EPSL, TG_NO_OFFSET,
			    "no public suffix list: neither %s nor %s could be "
			    "loaded", TG_SYSTEM_PSL, tg_default_psl_path());
	}
	if (rc != TG_OK) {
		tg_ctx_free(ctx);
		return rc;
	}
	tg__error_clear(err);
	*out = ctx;
	return TG_OK;
}

tg_ctx *
tg_ctx_free(tg_ctx *ctx)
{
	if (ctx == NULL)
		return NULL;
	psl_free(ctx->psl);
	tg__free(ctx->psl_path);
	tg__free(ctx);
	return NULL;
}
