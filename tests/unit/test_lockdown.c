/*
 * test_lockdown.c - what typoguard-pdftext can no longer do once it has
 * limited itself (src/libexec/lockdown.c).
 *
 * Each test forks a child that locks itself down exactly as the helper
 * does and then tries what hostile input might make a PDF reader do:
 * write a file, allocate past the limit, open a socket, start a program,
 * signal another process.  The child reports each outcome in its exit
 * status; the parent checks it.  Built without sanitizers, whose shadow
 * memory cannot live under an address-space limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lockdown.h"

#define MEM ((size_t)64 << 20)

/* in the working directory (the build tree under meson test) */
static char tmpdir[] = "tg-lockdown-XXXXXX";

/* Runs fn in a child after the limits (and the filter when filter is
 * set); returns its exit status, or -1 when it died of a signal. */
static int
in_child(int (*fn)(void), int filter)
{
	pid_t pid;
	int st;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* SIGXFSZ would end the child: see the EFBIG instead */
		signal(SIGXFSZ, SIG_IGN);
		if (lockdown_limits(MEM, 5) != 0)
			_exit(100);
		if (filter && lockdown_syscalls() != 0)
			_exit(101);
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ------------------------------------------------------------------ */

static int
try_write_file(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/out", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return errno == EPERM ? 2 : 3;
	if (write(fd, "x", 1) == 1)
		return 0;	/* written: the limit failed */
	return errno == EFBIG ? 1 : 4;
}

static void
test_no_file_write(void **state)
{
	char path[64];
	FILE *f;

	(void)state;
	/* limits alone: the file may appear, it stays empty (FSIZE 0) */
	assert_int_equal(in_child(try_write_file, 0), 1);
	snprintf(path, sizeof(path), "%s/out", tmpdir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fgetc(f), EOF);
	fclose(f);
	unlink(path);
	/* with the filter: not even opened */
	assert_int_equal(in_child(try_write_file, 1), 2);
	assert_int_equal(access(path, F_OK), -1);
}

static int
try_allocate(void)
{
	void *p = malloc(MEM * 2);

	if (p == NULL)
		return 1;
	memset(p, 1, MEM * 2);
	return 0;
}

static void
test_no_memory_past_limit(void **state)
{
	(void)state;
	assert_int_equal(in_child(try_allocate, 0), 1);
	assert_int_equal(in_child(try_allocate, 1), 1);
}

static int
try_core_and_files(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_CORE, &r) != 0 || r.rlim_cur != 0 ||
	    r.rlim_max != 0)
		return 2;
	/* the hard limits went down too: no way back up */
	r.rlim_cur = r.rlim_max = 1 << 20;
	if (setrlimit(RLIMIT_FSIZE, &r) == 0 && geteuid() != 0)
		return 3;
	if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_max > 64)
		return 4;
	return 1;
}

static void
test_limits_stick(void **state)
{
	(void)state;
	assert_int_equal(in_child(try_core_and_files, 0), 1);
}

static int inherited = -1;

static int
try_descriptors(void)
{
	int fd, n = 0;

	/* what the parent left open is closed */
	if (fcntl(inherited, F_GETFD) != -1 || errno != EBADF)
		return 2;
	/* and few can be opened */
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		if (++n > 64)
			return 3;
	return errno == EMFILE && n < 16 ? 1 : 4;
}

static void
test_descriptors(void **state)
{
	(void)state;
	inherited = open("/dev/null", O_RDONLY);	/* no O_CLOEXEC */
	assert_true(inherited > 2);
	assert_int_equal(in_child(try_descriptors, 0), 1);
	close(inherited);
}

static int
try_network(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s >= 0)
		return 0;
	return errno == EPERM ? 1 : 2;
}

static int
try_exec(void)
{
	char *argv[] = { (char *)"true", NULL };
	char *envp[] = { NULL };

	execve("/bin/true", argv, envp);
	return errno == EPERM ? 1 : 2;
}

static int
try_fork(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	if (p > 0)
		return 0;
	return 1;
}

static int
try_signal_parent(void)
{
	if (kill(getppid(), 0) == 0)
		return 0;
	return errno == EPERM ? 1 : 2;
}

static int
try_read_only(void)
{
	char b[16];
	int fd = open("/dev/null", O_RDONLY);

	/* reading stays possible, and writing to stdout */
	if (fd < 0 || read(fd, b, sizeof(b)) != 0)
		return 2;
	close(fd);
	if (write(1, "", 0) != 0)
		return 3;
	return 1;
}

static void
test_filter(void **state)
{
	(void)state;
	assert_int_equal(in_child(try_network, 1), 1);
	assert_int_equal(in_child(try_exec, 1), 1);
	assert_int_equal(in_child(try_fork, 1), 1);
	assert_int_equal(in_child(try_signal_parent, 1), 1);
	assert_int_equal(in_child(try_read_only, 1), 1);
	/* and without the filter these did work: the filter is the cause */
	assert_int_equal(in_child(try_network, 0), 0);
	assert_int_equal(in_child(try_signal_parent, 0), 0);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/out", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_file_write),
		cmocka_unit_test(test_no_memory_past_limit),
		cmocka_unit_test(test_limits_stick),
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_filter),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("lockdown", tests, setup,
	    teardown);
}
