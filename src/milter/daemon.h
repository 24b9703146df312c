/*
 * daemon.h - process set-up: detaching, the pid file, dropping root.
 */
#ifndef TGM_DAEMON_H
#define TGM_DAEMON_H

#include <sys/types.h>

/* sysexits(3) codes, as every typoguard program uses them. */
enum {
	EXIT_USAGE = 64,
	EXIT_NOUSER = 67,
	EXIT_SOFTWARE = 70,
	EXIT_OSERR = 71,
	EXIT_CANTCREAT = 73,
	EXIT_CONFIG = 78
};

/* The account to run as. */
struct daemon_user {
	int drop;        /* started as root: switch to uid/gid */
	uid_t uid;
	gid_t gid;
	char name[64];
};

/*
 * Resolves the user to run as: nothing to do when not root (drop = 0);
 * else name, or "nobody" with a warning when name does not exist.
 * Returns 0, or an exit code after logging why.
 */
int daemon_user(const char *name, struct daemon_user *u);

/*
 * Detaches: forks, the parent waits until the child calls
 * daemon_ready() and exits 0 (or 71 when the child dies first); the child
 * starts a session and points stdin, stdout and stderr at /dev/null.
 * Returns 0 in the child, or an exit code when fork fails.
 */
int daemon_detach(void);
/* Tells the waiting parent that the daemon serves. */
void daemon_ready(void);

/* Whether the pid file names a running process (then an exit code). */
int daemon_pidfile_check(const char *path);

/* Writes the pid file (created with O_EXCL after removing a stale one
 * whose process is gone).  Returns 0 or an exit code. */
int daemon_pidfile(const char *path);

/* setgroups + setresgid + setresuid, each checked, then proof that root
 * cannot come back.  Returns 0 or an exit code. */
int daemon_drop(const struct daemon_user *u);

#endif
