// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the seccomp front end's process and file traps cost the calls
 * every program makes (docs/seccomp.md, "Nets" and "Paths").  One run,
 * three columns: the kernel, the shim and seccomp.
 *
 *   thread       pthread_create()+pthread_join(): glibc 2.34 and later
 *                make a thread with clone3(), whose flags are in memory,
 *                so every clone3 traps and is continued
 *   fork         fork()+waitpid(): glibc's fork is clone(), whose flags
 *                the filter reads (no CLONE_NEWNET: not trapped)
 *   stat         stat() of a regular file: trapped and continued, as
 *                the filter cannot read the path
 *   fstat        fstat() of an open file: newfstatat(fd, "",
 *                AT_EMPTY_PATH) in glibc, not trapped below the range
 *
 *   bench-sc-thread [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"

static bool quick;
static char self[BENCH_PATH_MAX];
static int self_fd = -1;

struct results {
	double thread_us, fork_us, stat_us, fstat_us;
};

static const struct bench_field result_fields[] = {
	{ "thread_us", offsetof(struct results, thread_us) },
	{ "fork_us", offsetof(struct results, fork_us) },
	{ "stat_us", offsetof(struct results, stat_us) },
	{ "fstat_us", offsetof(struct results, fstat_us) },
	{ NULL, 0 },
};

static void *nothing(void *arg)
{
	return arg;
}

static int one_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, nothing, NULL))
		return -1;
	return pthread_join(t, NULL) ? -1 : 0;
}

static int one_fork(void)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid)
		_exit(0);
	return waitpid(pid, &st, 0) == pid ? 0 : -1;
}

static int stat_file(void)
{
	struct stat st;

	return stat(self, &st);
}

static int fstat_file(void)
{
	struct stat st;

	return fstat(self_fd, &st);
}

/* Microseconds per call, at most ~1 s of calls; -1 on a failure. */
static double per_call_us(int (*fn)(void), int max)
{
	double t0 = now();
	int i;

	if (quick)
		max /= 20;
	for (i = 0; i < max; i++) {
		if (fn() < 0)
			return -1;
		if ((i & 63) == 63 && now() - t0 > 1.0) {
			i++;
			break;
		}
	}
	return (now() - t0) * 1e6 / i;
}

static void measure(struct results *r)
{
	self_fd = open(self, O_RDONLY | O_CLOEXEC);
	r->thread_us = per_call_us(one_thread, 20000);
	r->fork_us = per_call_us(one_fork, 5000);
	r->stat_us = per_call_us(stat_file, 200000);
	r->fstat_us = self_fd < 0 ? -1 : per_call_us(fstat_file, 200000);
	if (self_fd >= 0)
		close(self_fd);
}

/* measure() for bench_three_sides() */
static void measure_results(void *r)
{
	measure(r);
}

int main(int argc, char **argv)
{
	struct results k, p, s;
	int st = bench_three_sides("bench-sc-thread", argc, argv, self, CHILD_FLAG, &quick,
				   measure_results, result_fields, &k, &p, &s);

	if (st >= 0)
		return st;
	printf("%-24s %9s %9s %9s %9s\n", "workload (us per call)", "kernel",
	       "shim", "seccomp", "/kernel");
	bench_row3(24, "pthread_create+join", k.thread_us, p.thread_us,
		   s.thread_us, "(clone3: trapped, continued)");
	bench_row3(24, "fork+waitpid", k.fork_us, p.fork_us,
		   s.fork_us, "(clone: not trapped)");
	bench_row3(24, "stat, any file", k.stat_us, p.stat_us,
		   s.stat_us, "(trapped, continued)");
	bench_row3(24, "fstat", k.fstat_us, p.fstat_us,
		   s.fstat_us, "(AT_EMPTY_PATH: not trapped)");
	return 0;
}
