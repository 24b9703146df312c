/*
 * pdf.c - the text of a PDF, read by typoguard-pdftext in a process of its
 * own (extract_int.h; the program: src/libexec/pdftext.c).
 *
 * The library never parses a PDF: PDF readers have a long record of
 * memory-safety bugs.  It runs the helper, which limits its address
 * space, CPU time, files and system calls before it reads anything, and
 * talks to it over three descriptors: the PDF goes in on standard input,
 * text comes back on standard output, standard error is drained and
 * dropped.  Safe in a threaded host (the milter):
 *   - posix_spawn (vfork-like, no code of ours between fork and exec), no
 *     shell, an empty environment, default signal dispositions and an
 *     empty mask in the child, every other descriptor closed;
 *   - our ends are close-on-exec, so a process another thread starts
 *     meanwhile cannot hold them open;
 *   - input goes through a socket written with MSG_NOSIGNAL: a helper
 *     that stops reading gives EPIPE, never SIGPIPE, and the host's
 *     signal dispositions and masks are left alone;
 *   - one poll() loop writes and reads at once (no deadlock on large
 *     input or output) until max_ms; then SIGKILL, and the child is
 *     always reaped with waitpid() before we return.
 * The host must not set SIGCHLD to SIG_IGN (children would be reaped by
 * the kernel and their status lost) nor reap children it did not start.
 *
 * What comes back is untrusted too: at most max_out bytes are read, and
 * they are cleaned to valid UTF-8 (bad bytes U+FFFD, controls but tab,
 * line feed and form feed spaces) before they reach out.
 */
/* posix_spawn_file_actions_addclosefrom_np, secure_getenv */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc_int.h"
#include "extract_int.h"
#include "text_int.h"
#include "typoguard.h"

#include "../libexec/pdftext.h"

/* Bytes given to one send(): the socket buffer takes about this much. */
#define CHUNK ((size_t)64 << 10)
/* Standard error of the helper kept for nothing: read and dropped. */
#define ERRBUF 512

struct child {
	pid_t pid;
	int pidfd;	/* -1 when the kernel has no pidfd_open */
	int in, out, err; /* our ends; -1 once closed */
	int killed;	/* we sent SIGKILL */
};

static void
close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* Whether path belongs to root or to us and nobody else may write to
 * it. */
static int
trusted(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && (st.st_uid == 0 ||
	    st.st_uid == geteuid()) && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * The helper's path in buf: in $TYPOGUARD_LIBEXECDIR when that is set,
 * else in the installed libexec directory, else (an uninstalled build) in
 * this build tree.  secure_getenv: a set-user-ID host ignores the
 * variable.  The build tree is a path of the build machine: its program
 * is run only when it and its directory are root's or ours and writable
 * by nobody else, so an installed library never runs a program a local
 * user put at that path.  Returns 0, or -1 when no executable helper is
 * there.
 */
static int
helper_path(char *buf, size_t size)
{
	const char *dirs[2];
	const char *env = secure_getenv("TYPOGUARD_LIBEXECDIR");
	size_t n = 0, i;
	int w;

	if (env != NULL && env[0] != '\0') {
		dirs[n++] = env;
	} else {
		dirs[n++] = TG_LIBEXECDIR;
#ifdef TG_HAVE_PDF
		dirs[n++] = TG_BUILD_LIBEXECDIR;
#endif
	}
	for (i = 0; i < n; i++) {
		w = snprintf(buf, size, "%s/%s", dirs[i], PDFTEXT_NAME);
		if (w <= 0 || (size_t)w >= size || access(buf, X_OK) != 0)
			continue;
		if (i == 1 && (!trusted(buf) || !trusted(dirs[i])))
			continue;
		return 0;
	}
	return -1;
}

static int
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/*
 * Starts the helper with the limits in args.  Returns 0, or an errno
 * value (nothing left open).
 */
static int
start(struct child *c, const char *path, char *const argv[])
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	char *const envp[] = { NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int rc;

	c->pid = -1;
	c->pidfd = c->in = c->out = c->err = -1;
	c->killed = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
	    pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
		rc = errno;
		goto fail;
	}
	if (nonblock(in[0]) != 0 || nonblock(out[0]) != 0 ||
	    nonblock(err[0]) != 0) {
		rc = errno;
		goto fail;
	}
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		goto fail;
	if ((rc = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto fail;
	}
	sigemptyset(&none);
	sigfillset(&all);
	/* dup2 clears close-on-exec on the copies; the originals close */
	if ((rc = posix_spawn_file_actions_adddup2(&fa, in[1], 0)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out[1], 1)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, err[1], 2)) == 0 &&
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	    /* the helper closes them too, but only once it runs */
	    (rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0 &&
#endif
	    (rc = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (rc = posix_spawnattr_setsigdefault(&at, &all)) == 0 &&
	    (rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF)) == 0)
		rc = posix_spawn(&c->pid, path, &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		c->pid = -1;
		goto fail;
	}
#ifdef SYS_pidfd_open
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	if (c->pidfd >= 0)
		(void)fcntl(c->pidfd, F_SETFD, FD_CLOEXEC);
#endif
	close(in[1]);
	close(out[1]);
	close(err[1]);
	c->in = in[0];
	c->out = out[0];
	c->err = err[0];
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		close_fd(&in[i]);
		close_fd(&out[i]);
		close_fd(&err[i]);
	}
	return rc;
}

static void
kill_child(struct child *c)
{
	if (c->killed)
		return;
	c->killed = 1;
#ifdef SYS_pidfd_send_signal
	if (c->pidfd >= 0 &&
	    syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0) == 0)
		return;
#endif
	kill(c->pid, SIGKILL);
}

/* Reaps the child; returns its wait status, or -1 (none to be had). */
static int
reap(struct child *c)
{
	int st;
	pid_t r;

	do
		r = waitpid(c->pid, &st, 0);
	while (r < 0 && errno == EINTR);
	close_fd(&c->pidfd);
	return r == c->pid ? st : -1;
}

/* What the helper's end says, as TG_EXTRACT_* bits. */
static unsigned
status_flags(const struct child *c, int st)
{
	if (st == -1)
		return TG_EXTRACT_FAILED;
	if (WIFSIGNALED(st)) {
		if (c->killed || WTERMSIG(st) == SIGXCPU)
			return TG_EXTRACT_LATE;
		return TG_EXTRACT_FAILED;	/* a crash, SIGXFSZ, ... */
	}
	switch (WEXITSTATUS(st)) {
	case PDFTEXT_OK:
		return 0;
	case PDFTEXT_CUT:
		return TG_EXTRACT_CUT;
	case PDFTEXT_ENCRYPTED:
		return TG_EXTRACT_UNSUPPORTED;
	case PDFTEXT_MALFORMED:
		return TG_EXTRACT_MALFORMED;
	case PDFTEXT_NOMEM:
		return TG_EXTRACT_NOMEM;
	default:
		return TG_EXTRACT_FAILED;
	}
}

/*
 * Appends s[0..n) to out as valid UTF-8: tab, line feed and form feed
 * kept, CR LF becomes LF, other controls spaces, bad bytes U+FFFD.
 */
static void
add_clean(struct tg__textbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t' ||
		    p[i] == '\n' || p[i] == '\f') {
			i++;
			continue;
		}
		if (p[i] >= 0x80 && (k = tg__utf8_decode(p + i, n - i, &cp)) >
		    0) {
			i += k;
			continue;
		}
		if (tg__textbuf_add(out, s + start, i - start) != 0)
			return;
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			/* dropped */
		} else if (p[i] < 0x80) {
			if (tg__textbuf_add(out, " ", 1) != 0)
				return;
		} else if (tg__textbuf_add(out, "\xef\xbf\xbd", 3) != 0) {
			return;
		}
		start = ++i;
	}
	tg__textbuf_add(out, s + start, n - start);
}

/*
 * Feeds data to the child and collects up to cap bytes of its output in
 * *raw (tg__malloc'd) until it closes its output and exits, or the
 * deadline.  Sets TG_EXTRACT_* bits of what went wrong in *fl.  Returns
 * the wait status as reap() does, or -2 when out of memory (the child is
 * reaped all the same).
 */
static int
talk(struct child *c, const unsigned char *data, size_t len, size_t cap,
    unsigned long long deadline, char **raw, size_t *rawlen, unsigned *fl)
{
	struct pollfd pf[4];
	size_t sent = 0, got = 0, size = 0;
	char *buf = NULL, *nb, errbuf[ERRBUF];
	int n, r, ipf, iout, ierr, ipid, nomem = 0, st;
	unsigned long long t;
	ssize_t k;

	*raw = NULL;
	*rawlen = 0;
	for (;;) {
		n = 0;
		ipf = iout = ierr = ipid = -1;
		if (c->in >= 0) {
			pf[n].fd = c->in;
			pf[n].events = POLLOUT;
			ipf = n++;
		}
		if (c->out >= 0) {
			pf[n].fd = c->out;
			pf[n].events = POLLIN;
			iout = n++;
		}
		if (c->err >= 0) {
			pf[n].fd = c->err;
			pf[n].events = POLLIN;
			ierr = n++;
		}
		/* with both outputs closed, wait for the exit itself */
		if (c->out < 0 && c->err < 0) {
			if (c->pidfd < 0)
				break;	/* no pidfd: waitpid() below */
			pf[n].fd = c->pidfd;
			pf[n].events = POLLIN;
			ipid = n++;
		}
		t = tg__extract_now_ms();
		if (t >= deadline) {
			*fl |= TG_EXTRACT_LATE;
			kill_child(c);
			break;
		}
		r = poll(pf, (nfds_t)n, (int)(deadline - t < 60000 ?
		    deadline - t : 60000));
		if (r < 0 && errno != EINTR) {
			*fl |= TG_EXTRACT_FAILED;
			kill_child(c);
			break;
		}
		if (r <= 0)
			continue;
		if (ipf >= 0 && pf[ipf].revents != 0) {
			size_t want = len - sent < CHUNK ? len - sent : CHUNK;

			k = send(c->in, data + sent, want, MSG_NOSIGNAL);
			if (k > 0)
				sent += (size_t)k;
			else if (k < 0 && errno != EINTR && errno != EAGAIN)
				sent = len;	/* EPIPE: it stopped reading */
			if (sent == len)
				close_fd(&c->in);
		}
		if (iout >= 0 && pf[iout].revents != 0 && got == size) {
			/* room for what comes: grows by doubling to cap + 1 */
			size = size == 0 ? CHUNK : size * 2;
			if (size > cap + 1 || size < got)
				size = cap + 1;
			if ((nb = tg__realloc(buf, size)) == NULL) {
				nomem = 1;
				kill_child(c);
				break;
			}
			buf = nb;
		}
		if (iout >= 0 && pf[iout].revents != 0) {
			k = read(c->out, buf + got, size - got);
			if (k > 0) {
				got += (size_t)k;
				if (got > cap) {
					/* more than it may write: stop it */
					got = cap;
					*fl |= TG_EXTRACT_CUT;
					kill_child(c);
					close_fd(&c->out);
				}
			} else if (k == 0 || (errno != EINTR &&
			    errno != EAGAIN)) {
				close_fd(&c->out);
			}
		}
		if (ierr >= 0 && pf[ierr].revents != 0) {
			k = read(c->err, errbuf, sizeof(errbuf));
			if (k == 0 || (k < 0 && errno != EINTR &&
			    errno != EAGAIN))
				close_fd(&c->err);
		}
		if (ipid >= 0 && pf[ipid].revents != 0)
			break;	/* exited */
	}
	close_fd(&c->in);
	close_fd(&c->out);
	close_fd(&c->err);
	st = reap(c);
	if (nomem) {
		tg__free(buf);
		return -2;
	}
	*raw = buf;
	*rawlen = got;
	return st;
}

int
tg__pdf_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags)
{
	struct tg__extract_limits l;
	struct child c;
	char path[4096], a_in[32], a_out[32], a_mem[32], a_cpu[32];
	char *argv[] = { (char *)PDFTEXT_NAME, (char *)"-i", a_in,
	    (char *)"-o", a_out, (char *)"-m", a_mem, (char *)"-t", a_cpu,
	    NULL };
	unsigned long long deadline = tg__extract_now_ms(), cpu;
	size_t cap, rawlen, mem;
	unsigned fl = 0;
	char *raw;
	int st;

	tg__extract_limits_fill(&l, lim);
	deadline += l.max_ms;
	if (helper_path(path, sizeof(path)) != 0)
		return 0;	/* no reader: not extracted */
	/* the text that fits: max_out and what is left of out */
	cap = l.max_out;
	if (out->max >= out->len && out->max - out->len < cap)
		cap = out->max - out->len;
	if (cap > SIZE_MAX / 4)	/* -o takes up to SIZE_MAX / 2 */
		cap = SIZE_MAX / 4;
	snprintf(a_in, sizeof(a_in), "%zu", len > 0 ? len : 1);
	snprintf(a_out, sizeof(a_out), "%zu", cap);
	/* within what the helper accepts (pdftext.c) */
	mem = l.max_mem < ((size_t)1 << 20) ? (size_t)1 << 20 :
	    l.max_mem > SIZE_MAX / 2 ? SIZE_MAX / 2 : l.max_mem;
	snprintf(a_mem, sizeof(a_mem), "%zu", mem);
	/* CPU seconds: the wall-time budget, rounded up */
	cpu = ((unsigned long long)l.max_ms + 999) / 1000;
	snprintf(a_cpu, sizeof(a_cpu), "%llu",
	    cpu < PDFTEXT_MAX_CPU ? cpu : PDFTEXT_MAX_CPU);
	if ((st = start(&c, path, argv)) != 0) {
		/* gone between access() and exec: as if never there */
		if (st == ENOENT || st == EACCES || st == ENOEXEC)
			return 0;
		*flags |= TG_EXTRACT_FAILED;
		return 1;
	}
	st = talk(&c, data, len, cap, deadline, &raw, &rawlen, &fl);
	if (st == -2) {
		*flags |= fl | TG_EXTRACT_NOMEM;
		return TG_ENOMEM;
	}
	/* the time is up, or our own cut: those say more than the status */
	if (!(fl & (TG_EXTRACT_LATE | TG_EXTRACT_CUT)))
		fl |= status_flags(&c, st);
	else if (st != -1 && WIFEXITED(st))
		fl |= status_flags(&c, st);
	if (rawlen > 0)
		add_clean(out, raw, rawlen);
	tg__free(raw);
	if (out->full)
		fl |= TG_EXTRACT_CUT;
	if (out->nomem)
		fl |= TG_EXTRACT_NOMEM;
	*flags |= fl;
	return 1;
}
