// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * clone3_run CMD [ARG...]: run CMD in a child made by the clone3()
 * system call with CLONE_NEWNET (as a runtime that spawns a container
 * does, through syscall() since libc has no clone3() of its own), and
 * exit with its status.  netns-inner.sh checks that the child is in a
 * new net under `unetlink run`.  Exits 77 when the kernel has no
 * clone3() (ENOSYS), 126 when clone3() fails otherwise.
 */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct clone_args args;
	int status;
	long pid;

	if (argc < 2) {
		fprintf(stderr, "usage: clone3_run CMD [ARG...]\n");
		return 2;
	}
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWNET;
	args.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0) {
		fprintf(stderr, "clone3: %s\n", strerror(errno));
		return errno == ENOSYS ? 77 : 126;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid((pid_t)pid, &status, 0) < 0)
		return 126;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
