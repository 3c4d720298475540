// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * clone_run CMD [ARG...]: run CMD in a child made by libc's clone() with
 * CLONE_NEWNET (the flags in a register, as Go's SysProcAttr.Cloneflags
 * and util-linux make them), and exit with its status; 126 when clone()
 * fails.  The clone() twin of clone3_run.c, for seccomp-clone.sh.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (256 * 1024)

static int child(void *p)
{
	char **argv = p;

	execvp(argv[0], argv);
	_exit(127);
}

int main(int argc, char **argv)
{
	char *stack;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: clone_run CMD [ARG...]\n");
		return 2;
	}
	stack = malloc(STACK_SIZE);
	if (!stack)
		return 126;
	pid = clone(child, stack + STACK_SIZE, CLONE_NEWNET | SIGCHLD,
		    argv + 1);
	if (pid < 0) {
		fprintf(stderr, "clone: %s\n", strerror(errno));
		free(stack);
		return 126;
	}
	if (waitpid(pid, &status, 0) < 0)
		status = 126 << 8;
	free(stack);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
