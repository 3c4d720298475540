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
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "shim/shim.h"

/* The arguments of execl() and its kin as an array (on the stack: exec
 * never returns on success, and a vfork() child must not allocate). */
#define EXEC_ARGS_MAX 4096

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

/* The list after arg0 up to its NULL into argv; with envp, the pointer
 * after the NULL.  -1 (E2BIG) when it does not fit. */
static int list_args(const char *arg0, va_list ap, char **argv,
		     char ***envp)
{
	size_t n = 0;

	argv[n++] = (char *)arg0;
	while (arg0 && (argv[n] = va_arg(ap, char *)) != NULL)
		if (++n == EXEC_ARGS_MAX) {
			errno = E2BIG;
			return -1;
		}
	argv[n] = NULL;
	if (envp)
		*envp = va_arg(ap, char **);
	return 0;
}

SHIM_EXPORT int execl(const char *path, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX + 1];
	va_list ap;
	int r;

	va_start(ap, arg0);
	r = list_args(arg0, ap, argv, NULL);
	va_end(ap);
	return r < 0 ? r : execv(path, argv);
}

SHIM_EXPORT int execlp(const char *file, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX + 1];
	va_list ap;
	int r;

	va_start(ap, arg0);
	r = list_args(arg0, ap, argv, NULL);
	va_end(ap);
	return r < 0 ? r : execvp(file, argv);
}

SHIM_EXPORT int execle(const char *path, const char *arg0, ...)
{
	char *argv[EXEC_ARGS_MAX + 1], **envp = NULL;
	va_list ap;
	int r;

	va_start(ap, arg0);
	r = list_args(arg0, ap, argv, &envp);
	va_end(ap);
	return r < 0 ? r : execve(path, argv, envp);
}
