/*
 * lockdown.c - a process limits itself before it reads hostile input
 * (lockdown.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef TG_HAVE_SECCOMP
#include <seccomp.h>
#endif

#include "lockdown.h"

#define NOFILE 16

static int
limit(int what, rlim_t soft, rlim_t hard)
{
	struct rlimit r = { soft, hard };

	return setrlimit(what, &r);
}

/* Every descriptor above stderr, whatever the parent left open. */
static void
close_above_stderr(void)
{
	struct rlimit r;
	long fd, max = 1024;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
#endif
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
		max = r.rlim_cur < 65536 ? (long)r.rlim_cur : 65536;
	for (fd = 3; fd < max; fd++)
		close((int)fd);
}

int
lockdown_limits(size_t max_mem, unsigned long cpu_s)
{
	close_above_stderr();
	if (limit(RLIMIT_CORE, 0, 0) != 0 ||
	    limit(RLIMIT_FSIZE, 0, 0) != 0 ||
	    limit(RLIMIT_NOFILE, NOFILE, NOFILE) != 0 ||
	    limit(RLIMIT_NPROC, 0, 0) != 0 ||
	    limit(RLIMIT_MEMLOCK, 0, 0) != 0 ||
	    limit(RLIMIT_AS, (rlim_t)max_mem, (rlim_t)max_mem) != 0 ||
	    limit(RLIMIT_CPU, (rlim_t)cpu_s, (rlim_t)cpu_s + 1) != 0)
		return -1;
	return 0;
}

#ifdef TG_HAVE_SECCOMP
/* Allowed as they are: memory, reading, time, leaving. */
static const int plain[] = {
	SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(readv),
	SCMP_SYS(close), SCMP_SYS(lseek),
	SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(statx),
	SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(access),
	SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
	SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(getdents64),
	SCMP_SYS(fcntl), SCMP_SYS(getcwd),
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(mprotect), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(sched_yield), SCMP_SYS(getrandom),
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getuid),
	SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid),
	SCMP_SYS(uname), SCMP_SYS(sysinfo),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(rt_sigaction), SCMP_SYS(sigaltstack),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
};

/* Flags that would let open() create or change a file. */
#define OPEN_WRITE ((scmp_datum_t)(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | \
    O_APPEND))

int
lockdown_syscalls(void)
{
	scmp_filter_ctx f;
	size_t i;
	int rc = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	/* Not allowed: fails with EPERM, so that a library that probes
	 * (isatty, a cache file) carries on. */
	f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (f == NULL)
		return -1;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]) && rc == 0; i++) {
		/* a name unknown on this architecture is negative: skip */
		if (plain[i] >= 0)
			rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, plain[i], 0);
	}
	/* output: standard output and standard error only */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
		    SCMP_A0(SCMP_CMP_LE, 2));
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(writev), 1,
		    SCMP_A0(SCMP_CMP_LE, 2));
	/* files: read-only (data files of the PDF library) */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, OPEN_WRITE, 0));
	if (rc == 0 && SCMP_SYS(open) >= 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
		    SCMP_A1(SCMP_CMP_MASKED_EQ, OPEN_WRITE, 0));
	/* abort() signals its own thread, nobody else */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	/* reading limits, never setting them */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
		    SCMP_A2(SCMP_CMP_EQ, 0));
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc == 0 ? 0 : -1;
}
#else
int
lockdown_syscalls(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return 1;
}
#endif
