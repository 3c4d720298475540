// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What trapping every open costs under the seccomp front end
 * (docs/seccomp.md, "Paths"): the filter cannot read a path, so each
 * open, openat and openat2 of every process of the tree is a round trip
 * to the supervisor, which reads the path and lets the kernel run it
 * (CONTINUE) unless it is a namespace path or a file of a net.  One
 * run, three columns: the kernel, the shim (which interposes libc's
 * open and compares the path in the process) and seccomp.
 *
 *   open-other   open()+close() of a regular file (this program):
 *                every program's opens, continued in the kernel
 *   stat-other   stat() of it: trapped and continued too, since stat
 *                of a file of a net is served (src/seccomp/stat.c)
 *   open-net     open()+read()+close() of /proc/sys/net/ipv4/ip_forward:
 *                a file of a net, which the daemon serves
 *
 *   bench-sc-open [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"

static bool quick;
static char self[BENCH_PATH_MAX];

struct results {
	double open_us, stat_us, net_us;
};

static const struct bench_field result_fields[] = {
	{ "open_us", offsetof(struct results, open_us) },
	{ "stat_us", offsetof(struct results, stat_us) },
	{ "net_us", offsetof(struct results, net_us) },
	{ NULL, 0 },
};

static int open_other(void)
{
	int fd = open(self, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -1 : close(fd);
}

static int stat_other(void)
{
	struct stat st;

	return stat(self, &st);
}

static int open_net(void)
{
	char buf[16];
	int fd = open("/proc/sys/net/ipv4/ip_forward", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? 0 : -1;
}

/* Microseconds per call, at most ~1 s of calls; -1 on a failure. */
static double per_call_us(int (*fn)(void))
{
	const int max = quick ? 10000 : 200000;
	double t0 = now();
	int i;

	for (i = 0; i < max; i++) {
		if (fn() < 0)
			return -1;
		if ((i & 255) == 255 && now() - t0 > 1.0) {
			i++;
			break;
		}
	}
	return (now() - t0) * 1e6 / i;
}

static void measure(struct results *r)
{
	r->open_us = per_call_us(open_other);
	r->stat_us = per_call_us(stat_other);
	r->net_us = per_call_us(open_net);
}

/* measure() for bench_three_sides() */
static void measure_results(void *r)
{
	measure(r);
}

int main(int argc, char **argv)
{
	struct results k, p, s;
	int st = bench_three_sides("bench-sc-open", argc, argv, self, CHILD_FLAG, &quick,
				   measure_results, result_fields, &k, &p, &s);

	if (st >= 0)
		return st;
	printf("%-22s %9s %9s %9s %9s\n", "workload (us per call)", "kernel",
	       "shim", "seccomp", "/kernel");
	bench_row3(22, "open+close, any file", k.open_us, p.open_us,
		   s.open_us, "(trapped, continued)");
	bench_row3(22, "stat, any file", k.stat_us, p.stat_us,
		   s.stat_us, "(trapped, continued)");
	bench_row3(22, "open+read+close net", k.net_us, p.net_us,
		   s.net_us, "(ip_forward: served)");
	return 0;
}
