/*
 * ctx_int.h - the context's insides, for library modules.
 */
#ifndef TG_CTX_INT_H
#define TG_CTX_INT_H

#include "typoguard.h"

struct tg__sfx;

/* The public suffix table (suffix_int.h); lives as long as ctx. */
const struct tg__sfx *tg__ctx_sfx(const tg_ctx *ctx);

#endif
