/*
 * ctx.c - the library context: data loaded once and shared read-only.
 */
#include <string.h>

#include "alloc_int.h"
#include "ctx_int.h"
#include "error_int.h"
#include "suffix_int.h"

#ifndef TG_DATADIR
#define TG_DATADIR "/usr/local/share/typoguard"
#endif

/* Debian's publicsuffix package; kept current by the distribution. */
#define TG_SYSTEM_PSL "/usr/share/publicsuffix/public_suffix_list.dat"

struct tg_ctx {
	struct tg__sfx *sfx;
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

const struct tg__sfx *
tg__ctx_sfx(const tg_ctx *ctx)
{
	return ctx->sfx;
}

const char *
tg_ctx_psl_path(const tg_ctx *ctx)
{
	return ctx != NULL ? ctx->psl_path : NULL;
}

/*
 * The list is read by suffix.c, not libpsl (suffix_int.h says why).  Its
 * codes beyond those tg_ctx_new() documents (TG_ETOOLONG for a list over
 * the limits) become TG_EPSL; the message, line and column stay.
 */
static int
load_psl(tg_ctx *ctx, const char *path, struct tg_error *err)
{
	int rc;

	rc = tg__sfx_load(&ctx->sfx, path, err);
	if (rc != TG_OK && rc != TG_ENOMEM && rc != TG_ENOENT &&
	    rc != TG_EIO) {
		rc = TG_EPSL;
		if (err != NULL)
			err->code = rc;
	}
	if (rc != TG_OK)
		return rc;
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
	tg__sfx_free(ctx->sfx);
	tg__free(ctx->psl_path);
	tg__free(ctx);
	return NULL;
}
