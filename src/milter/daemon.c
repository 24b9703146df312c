/*
 * daemon.c - detaching, pid file, privilege drop (daemon.h).
 *
 * Root is needed only to bind the socket and read files root alone may
 * read; main.c does both before daemon_drop().  What a reload reads later
 * (the config, the lists, the public suffix list) must be readable by the
 * user the daemon runs as.
 */
#define _GNU_SOURCE 1   /* setresuid, setresgid */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

static int ready_fd = -1;

int
daemon_user(const char *name, struct daemon_user *u)
{
	struct passwd *pw;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0) {
		/* Not root: run as we are. */
		return 0;
	}
	pw = getpwnam(name);
	if (pw == NULL) {
		mlog(MLOG_WARN, "user \"%s\" does not exist: running as "
		    "nobody (create the user, or set UserID or -u)", name);
		pw = getpwnam("nobody");
		if (pw == NULL) {
			mlog(MLOG_ERR, "neither \"%s\" nor nobody exists",
			    name);
			return EXIT_NOUSER;
		}
	}
	if (pw->pw_uid == 0) {
		mlog(MLOG_WARN, "UserID %s is root: the daemon keeps every "
		    "privilege", pw->pw_name);
		return 0;
	}
	u->drop = 1;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	return 0;
}

int
daemon_detach(void)
{
	int fds[2], fd, status;
	pid_t pid;
	char c;
	ssize_t n;

	if (pipe(fds) != 0) {
		mlog_errno(MLOG_ERR, "pipe");
		return EXIT_OSERR;
	}
	pid = fork();
	if (pid < 0) {
		mlog_errno(MLOG_ERR, "fork");
		return EXIT_OSERR;
	}
	if (pid > 0) {
		/* The parent exits when the daemon serves, so that a
		 * service manager sees the socket ready. */
		close(fds[1]);
		do
			n = read(fds[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1)
			_exit(0);
		/* The child closed the pipe without a word: it is exiting. */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			_exit(WEXITSTATUS(status));
		_exit(EXIT_OSERR);
	}
	close(fds[0]);
	ready_fd = fds[1];
	if (setsid() < 0) {
		mlog_errno(MLOG_ERR, "setsid");
		return EXIT_OSERR;
	}
	if (chdir("/") != 0) {
		mlog_errno(MLOG_ERR, "chdir /");
		return EXIT_OSERR;
	}
	fd = open("/dev/null", O_RDWR);
	if (fd < 0) {
		mlog_errno(MLOG_ERR, "/dev/null");
		return EXIT_OSERR;
	}
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		mlog_errno(MLOG_ERR, "dup2");
		return EXIT_OSERR;
	}
	if (fd > 2)
		close(fd);
	return 0;
}

void
daemon_ready(void)
{
	if (ready_fd < 0)
		return;
	if (write(ready_fd, "r", 1) != 1)
		mlog_errno(MLOG_WARN, "telling the parent");
	close(ready_fd);
	ready_fd = -1;
}

int
daemon_pidfile_check(const char *path)
{
	char buf[32];
	long old;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	old = strtol(buf, NULL, 10);
	if (old > 0 && old != (long)getpid() &&
	    (kill((pid_t)old, 0) == 0 || errno == EPERM)) {
		mlog(MLOG_ERR, "%s: process %ld is running", path, old);
		return EXIT_CANTCREAT;
	}
	return 0;
}

int
daemon_pidfile(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd, rc;

	if ((rc = daemon_pidfile_check(path)) != 0)
		return rc;
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd >= 0) {
		/* Stale: its process is gone. */
		close(fd);
		unlink(path);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (fd < 0) {
		mlog_errno(MLOG_ERR, "cannot create pid file %s", path);
		return EXIT_CANTCREAT;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n || close(fd) != 0) {
		mlog_errno(MLOG_ERR, "cannot write pid file %s", path);
		unlink(path);
		return EXIT_CANTCREAT;
	}
	return 0;
}

int
daemon_drop(const struct daemon_user *u)
{
	if (!u->drop)
		return 0;
	if (initgroups(u->name, u->gid) != 0 &&
	    setgroups(1, &u->gid) != 0) {
		mlog_errno(MLOG_ERR, "setgroups");
		return EXIT_OSERR;
	}
	if (setresgid(u->gid, u->gid, u->gid) != 0) {
		mlog_errno(MLOG_ERR, "setresgid %ld", (long)u->gid);
		return EXIT_OSERR;
	}
	if (setresuid(u->uid, u->uid, u->uid) != 0) {
		mlog_errno(MLOG_ERR, "setresuid %ld", (long)u->uid);
		return EXIT_OSERR;
	}
	if (setuid(0) == 0 || geteuid() != u->uid || getegid() != u->gid) {
		mlog(MLOG_ERR, "dropping privileges did not hold");
		return EXIT_OSERR;
	}
	return 0;
}
