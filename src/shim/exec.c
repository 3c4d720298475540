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
 *
 * A program the shim cannot serve (elf-kind.h) is not exec'd bare: a
 * static or Go one goes through `unetlink seccomp-exec` (the tool `run`
 * names in $UNETLINK_SECCOMP_EXEC), which execs it in this process
 * under the seccomp front end; a 32-bit one fails with ENOEXEC, as on a
 * kernel without 32-bit emulation.  Both would otherwise reach the
 * kernel (docs/seccomp.md, "Choosing the front end").
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/elf-kind.h"
#include "wire/wire.h"

extern char **environ;

/* As `run` left them for this program (the program may change its
 * environment before it execs): the tool, and the daemon's socket. */
static char sc_tool[PATH_MAX], sc_socket[PATH_MAX];

__attribute__((constructor)) static void exec_init(void)
{
	const char *t = getenv(UNL_ENV_SECCOMP_EXEC);
	const char *p = getenv(UNL_ENV_SOCKET);

	if (t && t[0] == '/' && strlen(t) < sizeof(sc_tool))
		strcpy(sc_tool, t);
	if (p && *p && strlen(p) < sizeof(sc_socket))
		strcpy(sc_socket, p);
}

/* Where execvp() finds file, as glibc searches $PATH (its default when
 * unset): the first candidate that is executable.  false when none is
 * (the real execvp() then says why).  No allocation: a vfork() child
 * may call this. */
static bool search_path(const char *file, char *out, size_t len)
{
	const char *p = getenv("PATH"), *d, *end;
	size_t fl = strlen(file);

	if (strchr(file, '/')) {
		if (fl >= len)
			return false;
		memcpy(out, file, fl + 1);
		return true;
	}
	if (!p)
		p = "/bin:/usr/bin";
	for (d = p;; d = end + 1) {
		size_t dl;

		end = strchrnul(d, ':');
		dl = (size_t)(end - d);
		if (dl + 2 + fl < len) {
			if (!dl) { /* an empty entry is the working directory */
				d = ".";
				dl = 1;
			}
			memcpy(out, d, dl);
			out[dl] = '/';
			memcpy(out + dl + 1, file, fl + 1);
			if (syscall(SYS_faccessat, AT_FDCWD, out, X_OK) == 0)
				return true;
		}
		if (!*end)
			return false;
	}
}

/* The arguments that exec the tool on path with argv (n entries), into
 * args (room for n + 8): the tool, seccomp-exec, --socket PATH, --, the
 * file, argv (an empty one gives the program an argv[0] of the file's),
 * NULL. */
static void tool_args(char **args, const char *path, char *const argv[],
		      size_t n)
{
	size_t k = 0;

	args[k++] = sc_tool;
	args[k++] = (char *)"seccomp-exec";
	if (sc_socket[0]) {
		args[k++] = (char *)"--socket";
		args[k++] = sc_socket;
	}
	args[k++] = (char *)"--";
	args[k++] = (char *)path;
	args[k++] = n ? argv[0] : (char *)path;
	for (size_t i = 1; i < n; i++)
		args[k++] = argv[i];
	args[k] = NULL;
}

static size_t argv_len(char *const argv[])
{
	size_t n = 0;

	while (argv && argv[n])
		n++;
	return n;
}

int shim_exec_kind(const char *file, bool search, char *path, size_t len)
{
	int kind;

	if (search ? !search_path(file, path, len)
		   : strlen(file) >= len)
		return UNL_ELF_LIBC;
	if (!search)
		strcpy(path, file);
	kind = unl_elf_kind(path);
	if (kind == UNL_ELF_RAW && !sc_tool[0])
		return UNL_ELF_LIBC; /* run --preload: its warning said so */
	return kind < 0 ? UNL_ELF_LIBC : kind;
}

char **shim_exec_tool_argv(const char *path, char *const argv[])
{
	size_t n = argv_len(argv);
	char **args = malloc((n + 8) * sizeof(*args));

	if (args)
		tool_args(args, path, argv, n);
	return args;
}

/*
 * The exec of path (searched already) when the shim cannot serve the
 * program: returns only when it failed (-1, errno), or 1 when it is
 * none of that kind, and the caller's own exec goes on.
 */
static int exec_unserved(const char *path, char *const argv[],
			 char *const envp[])
{
	char buf[PATH_MAX];
	size_t n = argv_len(argv);
	int kind = shim_exec_kind(path, false, buf, sizeof(buf));

	if (kind == UNL_ELF_32BIT) {
		errno = ENOEXEC;
		return -1;
	}
	if (kind != UNL_ELF_RAW)
		return 1;
	{
		char *args[n + 8];

		tool_args(args, path, argv, n);
		return shim_real.execve(sc_tool, args, envp);
	}
}

SHIM_EXPORT int execve(const char *path, char *const argv[],
		       char *const envp[])
{
	struct shim_exec_swap x;
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = exec_unserved(path, argv, envp);
	if (r > 0)
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
	r = exec_unserved(path, argv, environ);
	if (r > 0)
		r = shim_real.execv(path, argv);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int execvp(const char *file, char *const argv[])
{
	struct shim_exec_swap x;
	char path[PATH_MAX];
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = search_path(file, path, sizeof(path))
		    ? exec_unserved(path, argv, environ)
		    : 1;
	if (r > 0)
		r = shim_real.execvp(file, argv);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int execvpe(const char *file, char *const argv[],
			char *const envp[])
{
	struct shim_exec_swap x;
	char path[PATH_MAX];
	int r;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	r = search_path(file, path, sizeof(path))
		    ? exec_unserved(path, argv, envp)
		    : 1;
	if (r > 0)
		r = shim_real.execvpe(file, argv, envp);
	shim_ns_exec_undo(&x);
	return r;
}

SHIM_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	struct shim_exec_swap x;
	int r;

	char self[32];
	int fl;

	shim_real_ensure();
	shim_ns_exec_swap(&x);
	/* the tool can exec the file through its descriptor only if the
	 * descriptor survives the tool's own exec */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	fl = shim_real.fcntl(fd, F_GETFD);
	r = fl >= 0 && !(fl & FD_CLOEXEC)
		    ? exec_unserved(self, argv, envp)
		    : unl_elf_kind(self) == UNL_ELF_32BIT ? (errno = ENOEXEC, -1)
							  : 1;
	if (r > 0)
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
