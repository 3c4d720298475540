// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * clone_run CMD [ARG...]: run CMD in a child made by libc's clone() with
 * CLONE_NEWNET (the flags in a register, as Go's SysProcAttr.Cloneflags
 * and util-linux make them), and exit with its status; 126 when clone()
 * fails.  The clone() twin of clone3_run.c, for seccomp-clone.sh.
 * With CLONE_RUN_USER=1 in the environment the child also gets a user
 * namespace (CLONE_NEWUSER | CLONE_NEWNET, which needs no privilege),
 * where the parent maps it to root, as `unshare -r` does.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (256 * 1024)

static int sync_pipe[2] = { -1, -1 };

static int child(void *p)
{
	char **argv = p;
	char c;

	/* the parent has written our maps (or given up) */
	if (sync_pipe[0] >= 0) {
		close(sync_pipe[1]);
		if (read(sync_pipe[0], &c, 1) != 1)
			_exit(126);
		close(sync_pipe[0]);
	}
	execvp(argv[0], argv);
	_exit(127);
}

static int write_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The child's uid and gid 0 are ours. */
static int map_root(pid_t pid)
{
	char line[64];

	if (write_file(pid, "setgroups", "deny"))
		return -1;
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned int)getuid());
	if (write_file(pid, "uid_map", line))
		return -1;
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned int)getgid());
	return write_file(pid, "gid_map", line);
}

int main(int argc, char **argv)
{
	char *stack;
	bool user;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: clone_run CMD [ARG...]\n");
		return 2;
	}
	stack = malloc(STACK_SIZE);
	if (!stack)
		return 126;
	user = getenv("CLONE_RUN_USER") && !strcmp(getenv("CLONE_RUN_USER"), "1");
	if (user && pipe(sync_pipe) < 0)
		return 126;
	pid = clone(child, stack + STACK_SIZE,
		    CLONE_NEWNET | (user ? CLONE_NEWUSER : 0) | SIGCHLD,
		    argv + 1);
	if (pid < 0) {
		fprintf(stderr, "clone: %s\n", strerror(errno));
		free(stack);
		return 126;
	}
	if (user) {
		close(sync_pipe[0]);
		if (map_root(pid))
			fprintf(stderr, "map: %s\n", strerror(errno));
		else if (write(sync_pipe[1], "x", 1) != 1)
			fprintf(stderr, "sync: %s\n", strerror(errno));
		close(sync_pipe[1]);
	}
	if (waitpid(pid, &status, 0) < 0)
		status = 126 << 8;
	free(stack);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
