// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seccomp front end against the shim and the kernel: the same
 * system calls, one run, ratios printed (docs/seccomp.md).  The program
 * measures the kernel itself, then runs itself again under `unetlink run
 * --private --preload` and under `unetlink run --private --seccomp`.
 *
 *   ack-rtt     request -> ACK round trip (NETLINK_ROUTE NLMSG_NOOP with
 *               NLM_F_ACK: a sendto and a recv): goal <= 5x the kernel
 *   dump        an RTM_GETROUTE dump of 100,000 blackhole routes read with
 *               a 32 KiB buffer, best of 3 (needs root): goal >= 0.5x
 *   trap        ioctl(FIONREAD) on a netlink socket, which netlink
 *               refuses (ENOTTY) without asking the daemon: under
 *               seccomp, the cost of the trap alone (notification,
 *               pidfd, descriptor lookup, answer).  Every send and
 *               receive pays it twice today; it is what carrying them
 *               natively on the data socket would save.
 *
 *   bench-seccomp [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"
#define DUMP_ROUTES 100000

static bool quick;

/* At most ~2 s a workload, whatever the speed: microseconds per call of
 * fn(fd, i), which returns < 0 on failure. */
static double per_call_us(int fd, int (*fn)(int, int))
{
	const int max = quick ? 20000 : 300000;
	double t0 = now();
	int i;

	for (i = 0; i < max; i++) {
		if (fn(fd, i) < 0)
			return -1;
		if ((i & 1023) == 1023 && now() - t0 > 2.0) {
			i++;
			break;
		}
	}
	return (now() - t0) / i * 1e6;
}

static int ack_once(int fd, int i)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = (uint32_t)i };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	uint8_t buf[256];

	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&k,
		   sizeof(k)) < 0 ||
	    recv(fd, buf, sizeof(buf), 0) < 0)
		return -1;
	return 0;
}

static int trap_once(int fd, int i)
{
	int n;

	(void)i;
	return ioctl(fd, FIONREAD, &n) < 0 && errno == ENOTTY ? 0 : -1;
}

static double w_calls(int (*fn)(int, int))
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	double r;

	if (fd < 0)
		return -1;
	r = per_call_us(fd, fn);
	close(fd);
	return r;
}

struct route_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	struct rtattr dst_hdr;
	uint32_t dst;
};

static int add_routes(int fd, int n)
{
	enum { BATCH = 256 };
	static struct route_req b[BATCH];
	char ack[8192];

	for (int i = 0; i < n; i += BATCH) {
		int k = n - i < BATCH ? n - i : BATCH;

		memset(b, 0, sizeof(b));
		for (int j = 0; j < k; j++) {
			b[j].nh.nlmsg_len = sizeof(b[j]);
			b[j].nh.nlmsg_type = RTM_NEWROUTE;
			/* No ACK unless it fails. */
			b[j].nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE |
					      NLM_F_EXCL;
			b[j].nh.nlmsg_seq = (uint32_t)(i + j + 1);
			b[j].rt.rtm_family = AF_INET;
			b[j].rt.rtm_dst_len = 32;
			b[j].rt.rtm_table = RT_TABLE_MAIN;
			b[j].rt.rtm_protocol = RTPROT_STATIC;
			b[j].rt.rtm_type = RTN_BLACKHOLE;
			b[j].dst_hdr.rta_len = RTA_LENGTH(4);
			b[j].dst_hdr.rta_type = RTA_DST;
			b[j].dst = htonl(0x0a000000u + (uint32_t)(i + j));
		}
		if (send(fd, b, (size_t)k * sizeof(b[0]), 0) < 0)
			return -errno;
		if (recv(fd, ack, sizeof(ack), MSG_DONTWAIT) > 0)
			return -EINVAL; /* an error came back */
	}
	return 0;
}

/* Messages per second; the kernel side in a namespace of its own. */
static double dump_in_child(void)
{
	int n = quick ? DUMP_ROUTES / 10 : DUMP_ROUTES, fd, sz = 4 << 20;
	long count = 0;
	double best = -1;

	if (!getenv("UNETLINK_SOCKET") && unshare(CLONE_NEWNET) < 0)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	if (add_routes(fd, n) < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		double t = dump_once(fd, (uint32_t)(1000000 + i), &count);

		if (t <= 0)
			return -1;
		if (best < 0 || count / t > best)
			best = count / t;
	}
	close(fd);
	return count >= n ? best : -1;
}

static double w_dump(void)
{
	int fds[2], status;
	double v = -1;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		double r = dump_in_child();

		_exit(write(fds[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &v, sizeof(v)) != sizeof(v))
		v = -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return v;
}

struct results {
	double rtt_us, dump, trap_us;
};

static const struct bench_field result_fields[] = {
	{ "rtt_us", offsetof(struct results, rtt_us) },
	{ "dump", offsetof(struct results, dump) },
	{ "trap_us", offsetof(struct results, trap_us) },
	{ NULL, 0 },
};

static void measure(struct results *r)
{
	r->rtt_us = w_calls(ack_once);
	r->trap_us = w_calls(trap_once);
	r->dump = w_dump();
}

static int measure_under(const char *cli, const char *self,
			 const char *frontend, struct results *r)
{
	const char *argv[] = { cli, "run", "--private", frontend, "--", self,
			       CHILD_FLAG, quick ? "quick" : "full", NULL };

	return bench_rerun(argv, result_fields, r);
}

static void cell(char *buf, size_t len, double v)
{
	snprintf(buf, len, v > 0 ? "%.2f" : "skipped", v);
}

static void ratio(char *buf, size_t len, double a, double b)
{
	if (a > 0 && b > 0)
		snprintf(buf, len, "%.2fx", a / b);
	else
		snprintf(buf, len, "-");
}

/* kernel, shim, seccomp; seccomp/kernel and seccomp/shim. */
static void row(const char *name, double k, double p, double s,
		const char *note)
{
	char ks[32], ps[32], ss[32], rk[32], rp[32];

	cell(ks, sizeof(ks), k);
	cell(ps, sizeof(ps), p);
	cell(ss, sizeof(ss), s);
	ratio(rk, sizeof(rk), s, k);
	ratio(rp, sizeof(rp), s, p);
	printf("%-26s %11s %11s %11s %9s %9s  %s\n", name, ks, ps, ss, rk, rp,
	       note);
}

int main(int argc, char **argv)
{
	struct results k = { -1, -1, -1 }, p = { -1, -1, -1 },
		       s = { -1, -1, -1 };
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	const char *cli = NULL;

	if (argc == 3 && !strcmp(argv[1], CHILD_FLAG)) {
		quick = !strcmp(argv[2], "quick");
		if (!getenv("UNETLINK_SOCKET")) {
			fprintf(stderr, "bench-seccomp: %s outside unetlink "
					"run\n", CHILD_FLAG);
			return 1;
		}
		measure(&s);
		bench_put(result_fields, &s);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else {
			fprintf(stderr, "usage: bench-seccomp [--cli PATH] "
					"[--quick]\n");
			return 2;
		}
	}
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-seccomp: /proc/self/exe");
		return 1;
	}
	measure(&k);
	if (measure_under(cli, self, "--preload", &p) < 0)
		fprintf(stderr, "bench-seccomp: the shim run failed; its "
				"column is skipped\n");
	if (measure_under(cli, self, "--seccomp", &s) < 0)
		fprintf(stderr, "bench-seccomp: the seccomp run failed; its "
				"column is skipped\n");

	printf("%-26s %11s %11s %11s %9s %9s\n", "workload", "kernel",
	       "shim", "seccomp", "/kernel", "/shim");
	row("request->ACK rtt (us)", k.rtt_us, p.rtt_us, s.rtt_us,
	    "(latency; goal <= 5x kernel)");
	row("dump routes (msg/s)", k.dump, p.dump, s.dump,
	    "(throughput; goal >= 0.5x kernel)");
	row("trapped call (us)", k.trap_us, p.trap_us, s.trap_us,
	    "(ioctl FIONREAD: the trap alone)");
	printf("\ndump: %d blackhole routes, read with a 32 KiB buffer, best "
	       "of 3 (needs root).\n", quick ? DUMP_ROUTES / 10 : DUMP_ROUTES);
	return 0;
}
