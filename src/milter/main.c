/*
 * main.c - typoguard-milter: options, start-up, reload, shutdown.
 *
 *   typoguard-milter [-c FILE] [-p SOCKET] [-u USER] [-P PIDFILE] [-f]
 *       [-n] [-V] [-h]
 *
 * Start-up, in this order: read the config and every list (as root if
 * started as root), bind the socket, detach, write the pid file, drop to
 * the configured user, start the reload thread, serve.  Any failure
 * before serving exits with a sysexits(3) code.
 *
 * Signals: SIGUSR1 reloads (SIGHUP is libmilter's: its signal thread
 * stops the filter on SIGHUP, SIGTERM and SIGINT).  SIGUSR1 is blocked in
 * every thread and taken by one thread in sigwait(), so a reload never
 * runs in a signal handler.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "callbacks.h"
#include "conf.h"
#include "daemon.h"
#include "datafile.h"
#include "log.h"
#include "snap.h"

#ifndef TG_VERSION_STRING
#define TG_VERSION_STRING "unknown"
#endif

struct opts {
	const char *config;
	const char *socket;
	const char *user;
	const char *pidfile;
	int foreground;
	int check;
};

/* The config file, for reloads. */
static char config_path[DATAFILE_PATH_MAX];
static atomic_int stopping;

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: typoguard-milter [-c FILE] [-p SOCKET] [-u USER] "
	    "[-P PIDFILE] [-f] [-n] [-V] [-h]\n"
	    "  -c FILE     configuration file (default: the bundled %s)\n"
	    "  -p SOCKET   socket, overrides Socket: inet:PORT@HOST, "
	    "inet6:PORT@HOST, unix:PATH\n"
	    "  -u USER     user to run as when started as root (UserID)\n"
	    "  -P PIDFILE  pid file (PidFile)\n"
	    "  -f          stay in the foreground and log to stderr\n"
	    "  -n          check the configuration and its lists, then exit "
	    "(0 good, 78 not)\n"
	    "  -V          print the version\n"
	    "  -h          this help, and the configuration keys\n"
	    "Signals: SIGUSR1 reloads the configuration; SIGTERM or SIGINT "
	    "stop.\n", CONF_BUNDLED);
}

/* Problems while checking go to stderr as FILE:LINE: message. */
static void
print_problem(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s\n", msg);
}

static void
log_problem(void *arg, const char *msg)
{
	(void)arg;
	mlog(MLOG_ERR, "%s", msg);
}

/* A reload's problems: the first is kept for the one log line. */
struct first_problem {
	char msg[512];
};

static void
keep_problem(void *arg, const char *msg)
{
	struct first_problem *fp = arg;

	if (fp->msg[0] == '\0')
		snprintf(fp->msg, sizeof(fp->msg), "%s", msg);
	mlog(MLOG_DEBUG, "reload: %s", msg);
}

static int
load(const char *path, struct conf_diag *d, struct snap **out)
{
	struct conf c;
	unsigned long bad;

	/* The lists are read even after a problem in the file, so that one
	 * run names every problem. */
	bad = conf_load(&c, path, d);
	if (snap_build(&c, out, d) != 0)
		return -1;
	if (bad != 0) {
		snap_unref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static void
reload(void)
{
	struct first_problem fp = { "" };
	struct conf_diag d = { keep_problem, &fp, 0 };
	struct snap *s, *old;
	char keys[256];

	if (load(config_path, &d, &s) != 0) {
		mlog(MLOG_ERR, "reload failed, the running configuration "
		    "stays: %s%s", fp.msg, d.count > 1 ? " (and more; "
		    "typoguard-milter -n lists them all)" : "");
		return;
	}
	old = snap_acquire();
	if (old != NULL && conf_restart_keys(&old->conf, &s->conf, keys,
	    sizeof(keys)))
		mlog(MLOG_WARN, "reload: %s changed: that takes a restart; "
		    "the running value stays", keys);
	snap_unref(old);
	mlog_set_level((enum mlog_level)s->conf.log_level);
	snap_publish(s);
	mlog(MLOG_INFO, "reloaded config=%s generation=%lu protected=%zu",
	    config_path, s->generation, tg_index_count(s->ix,
	    TG_LIST_PROTECTED));
}

static void *
reloader(void *arg)
{
	sigset_t set;
	int sig;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (atomic_load(&stopping))
			break;
		reload();
	}
	return NULL;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	char err[256];
	int ch;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((ch = getopt(argc, argv, ":c:p:u:P:fnVh")) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'p':
			if (conf_socket_check(optarg, err, sizeof(err)) != 0) {
				fprintf(stderr, "typoguard-milter: -p: %s\n",
				    err);
				return EXIT_USAGE;
			}
			o->socket = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'P':
			if (optarg[0] == '\0') {
				fprintf(stderr, "typoguard-milter: -P needs a "
				    "file\n");
				return EXIT_USAGE;
			}
			o->pidfile = optarg;
			break;
		case 'f':
			o->foreground = 1;
			break;
		case 'n':
			o->check = 1;
			break;
		case 'V':
			printf("typoguard-milter %s (libtypoguard %s)\n",
			    TG_VERSION_STRING, tg_version());
			exit(0);
		case 'h':
			usage(stdout);
			printf("\nConfiguration keys (typoguard.conf(5)):\n");
			conf_print_keys(stdout);
			exit(0);
		case ':':
			fprintf(stderr, "typoguard-milter: -%c needs an "
			    "argument\n", optopt);
			usage(stderr);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "typoguard-milter: unknown option "
			    "-%c\n", optopt);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "typoguard-milter: unexpected argument "
		    "\"%s\"\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return 0;
}

/* Gives the unix socket to the daemon's user, so that it can remove it
 * at exit, and lets the MTA in through the group (UMask). */
static int
own_socket(const char *spec, const struct daemon_user *u)
{
	const char *path;

	if (strncmp(spec, "unix:", 5) == 0)
		path = spec + 5;
	else if (strncmp(spec, "local:", 6) == 0)
		path = spec + 6;
	else
		return 0;
	if (u->drop && chown(path, u->uid, u->gid) != 0) {
		mlog_errno(MLOG_ERR, "chown %s", path);
		return EXIT_OSERR;
	}
	return 0;
}

/* Takes s over.  Returns the exit status. */
static int
serve(const struct opts *o, struct snap *s)
{
	const struct conf *c = &s->conf;
	char sock[DATAFILE_PATH_MAX], pidfile[DATAFILE_PATH_MAX];
	struct daemon_user u;
	pthread_t tid;
	sigset_t set;
	mode_t old;
	size_t nprot;
	int rc, mrc;

	/* Copies: a reload may free this snapshot while we serve. */
	snprintf(sock, sizeof(sock), "%s", o->socket != NULL ? o->socket :
	    c->socket);
	snprintf(pidfile, sizeof(pidfile), "%s", o->pidfile != NULL ?
	    o->pidfile : o->foreground || c->pidfile == NULL ? "" :
	    c->pidfile);
	if ((rc = daemon_user(o->user != NULL ? o->user : c->user, &u)) != 0)
		goto fail;
	/* Before binding, while errors still reach the terminal. */
	if (pidfile[0] != '\0' && (rc = daemon_pidfile_check(pidfile)) != 0)
		goto fail;
	if (smfi_setconn(sock) != MI_SUCCESS ||
	    smfi_register(cb_filter) != MI_SUCCESS) {
		mlog(MLOG_ERR, "libmilter refused socket %s", sock);
		rc = EXIT_SOFTWARE;
		goto fail;
	}
	old = umask((mode_t)c->umask);
	mrc = smfi_opensocket(1);
	umask(old);
	if (mrc != MI_SUCCESS) {
		mlog(MLOG_ERR, "cannot listen on %s (in use, or no "
		    "permission?)", sock);
		rc = EXIT_OSERR;
		goto fail;
	}
	if ((rc = own_socket(sock, &u)) != 0)
		goto fail;
	if (!o->foreground) {
		if ((rc = daemon_detach()) != 0)
			goto fail;
		/* Detached: stderr is /dev/null from here on. */
		mlog_open(c->syslog, c->facility, (enum mlog_level)c->log_level);
	}
	if (pidfile[0] != '\0' && (rc = daemon_pidfile(pidfile)) != 0)
		goto fail;
	if ((rc = daemon_drop(&u)) != 0)
		goto fail;

	/* Blocked here, before any thread starts, so that every thread
	 * inherits it: SIGUSR1 is the reloader's, SIGHUP, SIGINT and
	 * SIGTERM libmilter's signal thread's (both sigwait()). */
	nprot = tg_index_count(s->ix, TG_LIST_PROTECTED);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		mlog(MLOG_ERR, "cannot block signals");
		rc = EXIT_OSERR;
		goto fail;
	}
	snap_publish(s);
	if (pthread_create(&tid, NULL, reloader, NULL) != 0) {
		mlog(MLOG_ERR, "cannot start the reload thread");
		snap_publish(NULL);
		return EXIT_OSERR;
	}
	mlog(MLOG_INFO, "ready socket=%s config=%s protected=%zu user=%s "
	    "version=%s", sock, config_path, nprot, u.drop ? u.name :
	    "unchanged", TG_VERSION_STRING);
	daemon_ready();

	mrc = smfi_main();

	atomic_store(&stopping, 1);
	pthread_kill(tid, SIGUSR1);
	pthread_join(tid, NULL);
	snap_publish(NULL);
	if (pidfile[0] != '\0' && unlink(pidfile) != 0 && errno != ENOENT)
		mlog_errno(MLOG_DEBUG, "removing %s", pidfile);
	mlog(MLOG_INFO, "stopped");
	return mrc == MI_SUCCESS ? 0 : EXIT_SOFTWARE;
fail:
	snap_unref(s);
	return rc;
}

int
main(int argc, char **argv)
{
	struct conf_diag d = { print_problem, NULL, 0 };
	struct opts o;
	struct snap *s;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	if (o.config != NULL) {
		if (snprintf(config_path, sizeof(config_path), "%s",
		    o.config) >= (int)sizeof(config_path)) {
			fprintf(stderr, "typoguard-milter: -c: path too "
			    "long\n");
			return EXIT_USAGE;
		}
	} else if (datafile_find(CONF_BUNDLED, config_path,
	    sizeof(config_path)) != 0) {
		fprintf(stderr, "typoguard-milter: the bundled %s is not in "
		    "the data directory (looked for %s); give -c FILE\n",
		    CONF_BUNDLED, config_path);
		return EXIT_CONFIG;
	}
	/* A relative -c would name another file once detached. */
	if (config_path[0] != '/' && !o.check) {
		char *abs = realpath(config_path, NULL);

		if (abs == NULL || strlen(abs) >= sizeof(config_path)) {
			fprintf(stderr, "typoguard-milter: %s: %s\n",
			    config_path, abs == NULL ? strerror(errno) :
			    "path too long");
			free(abs);
			return EXIT_CONFIG;
		}
		strcpy(config_path, abs);
		free(abs);
	}
	if (!o.check)
		d.fn = log_problem;
	if (load(config_path, &d, &s) != 0)
		return EXIT_CONFIG;
	if (o.check) {
		snap_unref(s);
		return 0;
	}
	/* stderr until the daemon detaches (serve()). */
	mlog_open(0, s->conf.facility, (enum mlog_level)s->conf.log_level);
	rc = serve(&o, s);
	mlog_close();
	return rc;
}
