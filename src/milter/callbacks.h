/*
 * callbacks.h - the libmilter callbacks of typoguard-milter.
 */
#ifndef TGM_CALLBACKS_H
#define TGM_CALLBACKS_H

#include <libmilter/mfapi.h>

/* The filter description for smfi_register(): only the callbacks used. */
extern struct smfiDesc cb_filter;

#endif
