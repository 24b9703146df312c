/*
 * ctx_int.h - the context's insides, for library modules.
 */
#ifndef TG_CTX_INT_H
#define TG_CTX_INT_H

#include <libpsl.h>

#include "typoguard.h"

const psl_ctx_t *tg__ctx_psl(const tg_ctx *ctx);

#endif
