/*
 * conf.h - typoguard-milter's configuration file.
 *
 * "Key value" lines, '#' comments (at the start of a line or after a
 * blank), keys case-insensitive.  Every key is one row of the table in
 * conf.c: name, type, default, bounds, whether it repeats, whether a
 * reload can change it.  The parser reads into a fresh struct conf and
 * reports every problem as FILE:LINE: message; nothing is published until
 * the whole file (and then every list it names, snap.c) is good.
 *
 * The parser reads no file but the one it is given: list paths are
 * checked when the snapshot is built (snap.c), so that the parser alone
 * can be fuzzed.
 */
#ifndef TGM_CONF_H
#define TGM_CONF_H

#include <stddef.h>
#include <stdio.h>

#include "hosts.h"
#include "log.h"
#include "policy.h"

/* Ceilings. */
#define CONF_FILE_MAX (1024u * 1024u)   /* bytes of the config file */
#define CONF_LINE_MAX 4096              /* bytes of one line */
#define CONF_ERRORS_MAX 50              /* problems reported, then stop */
#define CONF_ITEMS_MAX 10000            /* entries of a repeatable key */
/* ContentMaxBytes: from 64 KiB to the classifier's own byte limit. */
#define CONF_CONTENT_MIN (64u * 1024u)
#define CONF_CONTENT_MAX (64u * 1024u * 1024u)

/* The bundled default configuration (a file of the data directory). */
#define CONF_BUNDLED "typoguard-milter.conf"

/* A list file: ProtectedList (with its action) or AllowList. */
struct conf_list {
	enum pol_action action;
	char *path;            /* absolute, or relative to the working
	                          directory; a bare name when bundled */
	int bundled;           /* written without '/': a file of the data
	                          directory (datafile_find()) */
	unsigned long line;    /* where the config names it */
};

/* One domain of a Protect line. */
struct conf_protect {
	enum pol_action action;
	char *entry;
	unsigned long line;
};

struct conf {
	char *file;                  /* the file parsed, for messages */
	char *socket;
	char *user;
	char *pidfile;               /* NULL: none */
	int syslog;
	int facility;
	int log_level;               /* enum mlog_level */
	unsigned umask;
	int auth_internal;
	double threshold;
	char *tag_header;
	int local_submission;        /* POL_REJECT or POL_HOLD */
	char *psl;                   /* NULL: the system's, else bundled */
	char *contact;
	int legit;                   /* load the known-legitimate list */
	struct hosts internal;
	struct conf_list *plist;
	size_t nplist;
	struct conf_protect *protect;
	size_t nprotect;
	struct conf_list *allow;
	size_t nallow;
	/* Content (SeverityAction, ClassifyAll, ContentMaxBytes). */
	struct pol_severity sev;
	unsigned long sev_line[TG_SEVERITY_COUNT];  /* where each rule is */
	int classify_all;
	size_t content_max;          /* bytes of a message buffered */
};

/* Problems go to fn, one line each ("FILE:LINE: message"). */
struct conf_diag {
	void (*fn)(void *arg, const char *msg);
	void *arg;
	unsigned long count;
};

/* Reports "FILE:LINE: ..." (line 0: "FILE: ..."). */
void conf_report(struct conf_diag *d, const char *file, unsigned long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Parses buf[0..len) as the file named file into c (which is initialised
 * first; conf_free() it in every case).  Returns the number of problems
 * (0: c is complete and valid), each reported through d.
 */
unsigned long conf_parse(struct conf *c, const char *file, const char *buf,
    size_t len, struct conf_diag *d);

/* Reads the file (within CONF_FILE_MAX) and parses it.  Returns as
 * conf_parse(); a file that cannot be read is one problem. */
unsigned long conf_load(struct conf *c, const char *file,
    struct conf_diag *d);

void conf_free(struct conf *c);

/*
 * Checks a libmilter socket spec: unix:/PATH or local:/PATH,
 * inet:PORT[@HOST], inet6:PORT[@HOST].  Returns 0, or -1 with why in err.
 */
int conf_socket_check(const char *spec, char *err, size_t errsize);

/*
 * Keys a reload cannot change (the socket, the user, logging ...): when
 * the new file changes one, names it in buf and returns 1, else 0.
 */
int conf_restart_keys(const struct conf *old, const struct conf *new,
    char *buf, size_t size);

/* Prints the key table (name, type, default, description) to fp. */
void conf_print_keys(FILE *fp);

#endif
