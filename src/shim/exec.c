// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * exec() by a thread whose net is its own (it moved alone), or by a
 * vfork() child of such a thread: in Linux the new program is in that
 * thread's net, and the other threads are gone.  The carrier that goes
 * across exec is the process's (the first thread's), so a carrier of
 * the thread's net is made for the new program and the process's is
 * made close-on-exec meanwhile (netns.c, shim_ns_exec_swap()); if exec
 * fails, both are as they were.  libc's own exec inside posix_spawn()
 * and system() does not come here: posix_spawn() is served in netns.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "shim/shim.h"

SHIM_EXPORT int execve(const char *path, char *const argv[],
		       char *const envp[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = shim_real.execve(path, argv, envp);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int execv(const char *path, char *const argv[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = shim_real.execv(path, argv);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int execvp(const char *file, char *const argv[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = shim_real.execvp(file, argv);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int execvpe(const char *file, char *const argv[],
			char *const envp[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = shim_real.execvpe(file, argv, envp);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = shim_real.fexecve(fd, argv, envp);
	shim_ns_exec_undo(&x);
	return r;
}

/* The number of arguments of an execl()-like list, arg0 and the NULL
 * that ends it included (glibc's limit: what fits in an int). */
static long list_count(const char *arg0, va_list ap)
{
	long n = 1;

	if (!arg0)
		return 1;
	while (va_arg(ap, char *) != NULL)
		if (++n == INT_MAX - 1)
			return -1;
	return n + 1;
}

/* The list after arg0 up to its NULL into argv (n entries, the NULL
 * included); with envp, the pointer after the NULL. */
static void list_args(const char *arg0, va_list ap, char **argv, long n,
		      char ***envp)
{
	argv[0] = (char *)arg0;
	for (long i = 1; i < n; i++)
		argv[i] = va_arg(ap, char *);
	if (envp)
		*envp = va_arg(ap, char **);
}

/* The arrays live on the stack, sized to the list as glibc's own are:
 * exec never returns on success, and a vfork() child must not
 * allocate. */
#define EXEC_LIST(arg0, last, envp_out, call)                                \
	do {                                                                 \
		va_list ap, cp;                                              \
		long n;                                                      \
                                                                             \
		va_start(ap, last);                                          \
		va_copy(cp, ap);                                             \
		n = list_count(arg0, cp);                                    \
		va_end(cp);                                                  \
		if (n < 0) {                                                 \
			va_end(ap);                                          \
			errno = E2BIG;                                       \
			return -1;                                           \
		}                                                            \
		{                                                            \
			char *argv[n];                                       \
                                                                             \
			list_args(arg0, ap, argv, n, envp_out);              \
			va_end(ap);                                          \
			return call;                                         \
		}                                                            \
	} while (0)

SHIM_EXPORT int execl(const char *path, const char *arg0, ...)
{
	EXEC_LIST(arg0, arg0, NULL, execv(path, argv));
}

SHIM_EXPORT int execlp(const char *file, const char *arg0, ...)
{
	EXEC_LIST(arg0, arg0, NULL, execvp(file, argv));
}

SHIM_EXPORT int execle(const char *path, const char *arg0, ...)
{
	char **envp = NULL;

	EXEC_LIST(arg0, arg0, &envp, execve(path, argv, envp));
}
