/*
 * content.h - the message as the classifier reads it, rebuilt from the
 * milter's header and body callbacks, within a byte limit.
 *
 * Header fields come one by one (name, value); the body in chunks as the
 * MTA sends them (CRLF line ends).  The buffer holds "Name: value" CRLF
 * per field, an empty line, then the body, up to max bytes: what comes
 * after is counted but not kept, and the buffer is marked truncated (the
 * milter then rates the message at least high: what was not read may be
 * the worst).  Memory: at most max bytes plus the doubling slack, freed
 * by msgbuf_free().
 */
#ifndef TGM_CONTENT_H
#define TGM_CONTENT_H

#include <stddef.h>

struct msgbuf {
	char *p;
	size_t n, cap, max;
	unsigned long long seen;  /* bytes offered, kept or not */
	int truncated;
	int body;                 /* the empty line after the header is in */
};

void msgbuf_init(struct msgbuf *b, size_t max);
void msgbuf_free(struct msgbuf *b);

/*
 * Appends one header field.  leadspc: the value is as the client wrote
 * it after the colon (Postfix with SMFIP_HDR_LEADSPC), else the MTA took
 * off one leading blank, which is put back.  A bare LF in a folded value
 * becomes CRLF.  Returns 0, or -1 when out of memory.
 */
int msgbuf_header(struct msgbuf *b, const char *name, const char *value,
    int leadspc);

/* Appends the empty line that ends the header (once). */
int msgbuf_eoh(struct msgbuf *b);

/* Appends a body chunk (after msgbuf_eoh(), which it calls if needed). */
int msgbuf_body(struct msgbuf *b, const unsigned char *p, size_t len);

#endif
