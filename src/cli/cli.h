/*
 * cli.h - shared pieces of the typoguard command-line program.
 */
#ifndef TG_CLI_H
#define TG_CLI_H

#include <stdio.h>

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

/* Prints "typoguard: CMD: message" to stderr. */
void cli_warn(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Exit status for a failure of the library's start-up (tg_ctx_new). */
int cli_exit_for(int tg_code);

/* Output: stdout through stdio with a large buffer; out_finish() flushes
 * and reports a write error (disk full, closed pipe) as EXIT_IOERR. */
void out_start(void);
int out_finish(const char *cmd);

/* Writes s[0..len) as a JSON string, quotes included; invalid UTF-8
 * becomes U+FFFD, controls are escaped. */
void out_json_str(FILE *fp, const char *s, size_t len);
/* Writes s[0..len) for a human: valid UTF-8 kept, control characters and
 * invalid bytes as \xHH, backslash doubled. */
void out_text(FILE *fp, const char *s, size_t len);

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

#endif
