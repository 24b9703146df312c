/*
 * lockdown.h - a process limits itself before it reads hostile input.
 */
#ifndef TG_LOCKDOWN_H
#define TG_LOCKDOWN_H

#include <stddef.h>

/*
 * Resource limits, soft and hard alike so they cannot be raised again:
 * address space max_mem bytes, CPU time cpu_s seconds (SIGXCPU, then
 * SIGKILL one second later), no core files, file size 0 (a write to a
 * regular file fails with EFBIG), descriptors below 16, no new processes
 * (ignored for root); and every descriptor above 2 is closed.  Returns 0,
 * or -1 with errno set.
 */
int lockdown_limits(size_t max_mem, unsigned long cpu_s);

/*
 * A seccomp filter: only the system calls a reader of memory needs, files
 * opened read-only, writes only to descriptors 1 and 2; anything else
 * fails with EPERM.  Also sets no_new_privs.  Returns 0, 1 when built
 * without libseccomp (nothing done), or -1 on failure.
 */
int lockdown_syscalls(void);

#endif
