/*
 * cli.h - shared pieces of the typoguard command-line program.
 */
#ifndef TG_CLI_H
#define TG_CLI_H

#include <stdio.h>
#include <string.h>

#include "typoguard.h"

/* sysexits(3) values, one table for every program (see README.md). */
enum {
	EXIT_FOUND = 1,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_UNAVAILABLE = 69,
	EXIT_SOFTWARE = 70,
	EXIT_OSERR = 71,
	EXIT_IOERR = 74,
	EXIT_CONFIG = 78
};

extern const char *progname;

/* Subcommands: argv[0] is the subcommand's name. */
int cmd_domain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_variants(int argc, char **argv);
int cmd_scan(int argc, char **argv);

/* Prints "typoguard: CMD: message" to stderr. */
void cli_warn(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Exit status for a failure of the library's start-up (tg_ctx_new). */
int cli_exit_for(int tg_code);

/* Output: stdout through stdio with a large buffer; out_finish() flushes
 * and reports a write error (disk full, closed pipe) as EXIT_IOERR. */
void out_start(void);
int out_finish(const char *cmd);

/*
 * An output buffer in front of a FILE: the escaping writers below fill it
 * with plain stores and it goes to the FILE with one fwrite() when full or
 * at ob_flush().  Batch commands keep one for stdout so that a line costs
 * no stdio call per field (stdio's per-call cost showed as half of a fast
 * batch run's profile); out_json_str() and out_text() use a small one on
 * the stack.  Nothing else may write to fp between two ob_flush() calls.
 */
struct obuf {
	FILE *fp;
	size_t n, size;
	char *buf;
};

void ob_drain(struct obuf *o);           /* writes what is pending */
void ob_write(struct obuf *o, const void *p, size_t n);

static inline void
ob_putc(struct obuf *o, int c)
{
	if (o->n == o->size)
		ob_drain(o);
	o->buf[o->n++] = (char)c;
}

static inline void
ob_puts(struct obuf *o, const char *s)
{
	ob_write(o, s, strlen(s));
}

/* Writes what is pending and flushes fp. */
void ob_flush(struct obuf *o);
/* s[0..len) as a JSON string, quotes included; invalid UTF-8 becomes
 * U+FFFD, controls are escaped. */
void ob_json_str(struct obuf *o, const char *s, size_t len);
/* s[0..len) for a human: valid UTF-8 kept, control characters and invalid
 * bytes as \xHH, backslash doubled. */
void ob_text(struct obuf *o, const char *s, size_t len);
/* v, clamped to [0, 1], with 2 or 3 decimals, rounded half up. */
void ob_fixed(struct obuf *o, double v, int digits);
/* An unsigned number in decimal. */
void ob_ulong(struct obuf *o, unsigned long v);

/* The same escaping writers, straight to a FILE. */
void out_json_str(FILE *fp, const char *s, size_t len);
void out_text(FILE *fp, const char *s, size_t len);
void out_fixed(FILE *fp, double v, int digits);

/* A bounded line reader: memory stays under its limit whatever the input. */
#define LINE_MAX_BYTES 16384

struct lines;
struct lines *lines_open(FILE *fp);
/*
 * Next line without its "\n" or "\r\n".  Returns 1 with *line and *len set,
 * 0 at end of input, -1 on a read error (errno set).  A line longer than
 * LINE_MAX_BYTES is returned cut to that length with *full set to its
 * whole length; otherwise *full == *len.
 */
int lines_next(struct lines *r, const char **line, size_t *len,
    size_t *full);
unsigned long lines_number(const struct lines *r);
void lines_close(struct lines *r);

/* Blank-trimmed view of s[0..*len): returns the new start, sets *len. */
const char *trim(const char *s, size_t *len);

/* The bundled lists (data/), found with datafile_find(). */
#define BUNDLED_PROTECTED "protected-default.list"
#define BUNDLED_LEGIT "legit-domains.txt"

/* One list source from the command line, in command-line order. */
struct ix_src {
	enum tg_list list;
	int is_file;         /* arg is a list file; else one entry */
	const char *arg;
};

/* What check and variants build their index from (setup.c). */
struct ix_setup {
	const char *cmd;                   /* for messages */
	const char *psl;                   /* --psl, or NULL */
	const struct tg_index_opts *opts;  /* may be NULL */
	const struct ix_src *srcs;
	size_t nsrcs;
	int default_protected;             /* load the bundled default set */
	int legit;                         /* load the bundled legit list */
};

/*
 * Creates the context and a sealed index.  Bad lines of list files and
 * bad -P entries are each reported (FILE:LINE:COLUMN: message) and make
 * the call fail with EXIT_DATAERR once every source has been read.
 * Returns 0, or an exit status after printing why.
 */
int ix_build(const struct ix_setup *s, tg_ctx **ctx, tg_index **ix);

#endif
