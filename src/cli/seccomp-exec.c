// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `unetlink seccomp-exec`: how a program the shim serves starts one it
 * cannot serve.  The shim's exec() wrappers (src/shim/exec.c) turn an
 * exec of a static or Go program into an exec of this, in the same
 * process: it forks a supervisor that is not its child (so the program's
 * wait() never sees it), installs the seccomp filter, and execs the
 * program, which so keeps the pid, parent, descriptors and net the
 * caller's exec would have given it (docs/seccomp.md, "Choosing the
 * front end").
 *
 *     unetlink seccomp-exec [--socket PATH] -- FILE ARGV0 [ARG...]
 *
 * The net is the one whose carrier the exec passed on (the only handle
 * of the daemon's not close-on-exec: src/shim/exec.c makes it so), else
 * the daemon's first.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "cli/cli.h"
#include "seccomp/seccomp.h"

/* Is fd a carrier of the daemon's (wire.h: the address of its end)? */
static bool is_carrier(int fd)
{
	struct sockaddr_un sa;
	socklen_t l = sizeof(sa);
	const char *name = sa.sun_path + 1, *kind;
	size_t plen = sizeof(UNL_NS_ADDR_PREFIX) - 1;

	memset(&sa, 0, sizeof(sa));
	if (getpeername(fd, (struct sockaddr *)&sa, &l) < 0 ||
	    sa.sun_family != AF_UNIX || sa.sun_path[0] != '\0' ||
	    strncmp(name, UNL_NS_ADDR_PREFIX, plen))
		return false;
	kind = strchr(name + plen, '/');
	return kind && kind[1] == 'c' && kind[2] == '/';
}

/* The carrier this process inherited across exec, or -1. */
static int inherited_carrier(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = -1;

	while (d && found < 0 && (e = readdir(d))) {
		int fd = atoi(e->d_name), fl;

		if (fd <= 2 || fd == dirfd(d))
			continue;
		fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && !(fl & FD_CLOEXEC) && is_carrier(fd))
			found = fd;
	}
	if (d)
		closedir(d);
	return found;
}

/* In the grandchild: the supervisor, out of the terminal's reach (^C is
 * for the program) and parented by whoever adopts orphans. */
static void __attribute__((noreturn)) supervise(int chan, int net_fd,
						pid_t first)
{
	int listener, conn, base, err;

	setsid();
	signal(SIGHUP, SIG_IGN);
	err = unl_sc_parent_receive(chan, &listener, &conn, &base);
	close(chan);
	if (err < 0)
		_exit(1);
	err = unl_sc_serve_detached(listener, conn, base, net_fd, first);
	if (err < 0)
		warnx_("the seccomp supervisor failed: %s", strerror(-err));
	_exit(err < 0 ? 1 : 0);
}

/* A supervisor whose parent is gone at once: 0, or -errno. */
static int start_supervisor(int chan[2], int net_fd)
{
	pid_t first = getpid(), mid;
	int status;

	mid = fork();
	if (mid < 0)
		return -errno;
	if (mid == 0) {
		pid_t sup = fork();

		if (sup == 0) {
			close(chan[1]);
			supervise(chan[0], net_fd, first);
		}
		_exit(sup < 0 ? 1 : 0);
	}
	while (waitpid(mid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EAGAIN;
}

int cmd_seccomp_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = getenv(UNL_ENV_SOCKET);
	int c, net_fd = inherited_carrier(), chan[2], conn, err;

	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c == OPT_SOCKET) {
			path = optarg;
		} else {
			bad_option(c, argv);
		}
	}
	if (argc - optind < 2)
		usage_error("missing FILE and ARGV0");
	if (!path)
		path = default_path();
	/* The program's programs are served by the filter it passes on;
	 * the shim would serve them a second time. */
	unsetenv("LD_PRELOAD");
	unsetenv(UNL_ENV_SECCOMP_EXEC);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chan) < 0) {
		warnx_("cannot make a socket pair: %s", strerror(errno));
		return 126;
	}
	err = start_supervisor(chan, net_fd);
	close(chan[0]);
	if (err < 0) {
		warnx_("cannot start the seccomp supervisor: %s", strerror(-err));
		return 126;
	}
	conn = path ? daemon_connect(path, NULL) : -ENOENT;
	if (conn < 0) {
		warnx_("cannot connect to %s: %s", path ? path : "the daemon",
		       strerror(-conn));
		return 126;
	}
	err = unl_sc_child_install(conn, chan[1]);
	close(conn);
	close(chan[1]);
	/* EBUSY: a listener serves this process already (a shim loaded
	 * again under the filter, LD_PRELOAD set by the program itself):
	 * that supervisor serves the program too, ours goes with chan */
	if (err < 0 && err != -EBUSY) {
		warnx_("cannot install the seccomp filter: %s", strerror(-err));
		return 126;
	}
	/* the system call itself: the shim in this process would send the
	 * program here again */
	syscall(SYS_execve, argv[optind], argv + optind + 1, environ);
	err = errno;
	warnx_("%s: %s", argv[optind], strerror(err));
	return err == ENOENT ? 127 : 126;
}
