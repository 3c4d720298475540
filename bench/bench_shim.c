// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Shim + daemon against the kernel: the same system calls, one run,
 * ratios printed.  The program measures the kernel itself, then runs
 * itself again under `unetlink run --private` (its own daemon, the shim
 * preloaded) and reads that run's numbers.
 *
 *   ack-rtt     request -> ACK round trip latency (NETLINK_ROUTE
 *               NLMSG_NOOP|NLM_F_ACK, as bench-core): target <= 3x
 *   dump        a dump of 100,000 messages (100,000 routes): target >=
 *               0.7x
 *   flood       100,000 NETLINK_USERSOCK datagrams from a sender process
 *               to one reader, flow-controlled as netlink is (a full
 *               receiver blocks the sender): one round trip each
 *   broadcast   one send to a USERSOCK group with 64 listeners, all 64
 *               received (needs root on both sides)
 *
 *   bench-shim [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"
#define FLOOD_MSGS 100000
#define FLOOD_SIZE 256
#define LISTENERS 64

static bool quick;


static int nl_open(int proto, uint32_t pid, uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static uint32_t nl_portid(int fd)
{
	struct sockaddr_nl a = { 0 };
	socklen_t l = sizeof(a);

	getsockname(fd, (struct sockaddr *)&a, &l);
	return a.nl_pid;
}

static ssize_t nl_sendto(int fd, const void *b, size_t n, uint32_t pid,
			 uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	ssize_t r = sendto(fd, b, n, 0, (struct sockaddr *)&a, sizeof(a));

	return r < 0 ? -errno : r;
}

/* Microseconds per request -> ACK round trip; < 0 when it cannot run. */
static double w_ack_rtt(void)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK };
	const int max = quick ? 20000 : 300000;
	double t0, el = 0;
	uint8_t buf[256];
	int fd = nl_open(NETLINK_ROUTE, 0, 0), i;

	if (fd < 0)
		return -1;
	t0 = now();
	for (i = 0; i < max; i++) {
		req.nlmsg_seq = (uint32_t)i;
		if (nl_sendto(fd, &req, sizeof(req), 0, 0) < 0 ||
		    recv(fd, buf, sizeof(buf), 0) < 0) {
			close(fd);
			return -1;
		}
		/* At most ~2 s a side, whatever the speed. */
		if ((i & 1023) == 1023 && (el = now() - t0) > 2.0) {
			i++;
			break;
		}
	}
	el = now() - t0;
	close(fd);
	return el / i * 1e6;
}

/* Messages per second: FLOOD_MSGS datagrams, a sender process to one
 * reader.  The sender opens its socket after fork(). */
static double w_flood(void)
{
	uint8_t buf[FLOOD_SIZE * 2];
	int rx = nl_open(NETLINK_USERSOCK, 0, 0), status, got = 0;
	uint32_t dst;
	double t0, el;
	pid_t pid;

	if (rx < 0)
		return -1;
	dst = nl_portid(rx);
	t0 = now();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		uint8_t msg[FLOOD_SIZE] = { 0 };
		struct nlmsghdr *h = (struct nlmsghdr *)msg;
		int tx = nl_open(NETLINK_USERSOCK, 0, 0);

		if (tx < 0)
			_exit(1);
		h->nlmsg_len = sizeof(msg);
		h->nlmsg_type = NLMSG_MIN_TYPE;
		for (int i = 0; i < FLOOD_MSGS; i++) {
			h->nlmsg_seq = (uint32_t)i;
			/* Blocks while the reader's queue is full. */
			if (nl_sendto(tx, msg, sizeof(msg), dst, 0) < 0)
				_exit(2);
		}
		_exit(0);
	}
	while (got < FLOOD_MSGS) {
		ssize_t n = recv(rx, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS)
			continue; /* counted as lost below */
		if (n <= 0)
			break;
		got++;
	}
	el = now() - t0;
	waitpid(pid, &status, 0);
	close(rx);
	if (got < FLOOD_MSGS || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return got / el;
}

/* Broadcasts per second with every one of the listeners receiving. */
static double w_broadcast(void)
{
	int ls[LISTENERS], tx = nl_open(NETLINK_USERSOCK, 0, 0), n = 0;
	uint8_t msg[64] = { 0 }, buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	const int max = quick ? 2000 : 20000;
	double t0, el = -1;
	int i, k;

	if (tx < 0)
		return -1;
	h->nlmsg_len = sizeof(msg);
	for (k = 0; k < LISTENERS; k++) {
		ls[k] = nl_open(NETLINK_USERSOCK, 0, 1);
		if (ls[k] < 0)
			goto out;
	}
	t0 = now();
	for (i = 0; i < max; i++) {
		/* USERSOCK has no kernel socket: the unicast leg to portid 0
		 * is refused after the broadcast went out, as on Linux. */
		nl_sendto(tx, msg, sizeof(msg), 0, 1);
		for (int j = 0; j < LISTENERS; j++)
			if (recv(ls[j], buf, sizeof(buf), 0) < 0)
				goto out;
		n++;
		if ((i & 255) == 255 && now() - t0 > 2.0)
			break;
	}
	el = n / (now() - t0);
out:
	while (k-- > 0)
		close(ls[k]);
	close(tx);
	return el;
}

/*
 * A dump of 100,000 messages: 100,000 IPv4 blackhole routes (they need no
 * device), added in batches, then RTM_GETROUTE dumps of the main table
 * read with a 32 KiB buffer.  Messages per second of the best of three
 * dumps.  The kernel side runs in a fresh network namespace of a child;
 * under the shim the child's private daemon is fresh anyway.  Needs
 * CAP_NET_ADMIN (root) on both sides.
 */
#define DUMP_ROUTES 100000

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

		for (int j = 0; j < k; j++) {
			uint32_t a = 0x0a000000u + (uint32_t)(i + j);

			memset(&b[j], 0, sizeof(b[j]));
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
			b[j].rt.rtm_scope = RT_SCOPE_UNIVERSE;
			b[j].rt.rtm_type = RTN_BLACKHOLE;
			b[j].dst_hdr.rta_len = RTA_LENGTH(4);
			b[j].dst_hdr.rta_type = RTA_DST;
			b[j].dst = htonl(a);
		}
		if (send(fd, b, (size_t)k * sizeof(b[0]), 0) < 0)
			return -errno;
		if (recv(fd, ack, sizeof(ack), MSG_DONTWAIT) > 0)
			return -EINVAL; /* an error came back */
	}
	return 0;
}


static double dump_in_child(void)
{
	int fd, sz = 4 << 20;
	long count = 0;
	double best = -1;

	if (!getenv("UNETLINK_SOCKET") && unshare(CLONE_NEWNET) < 0)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	if (add_routes(fd, quick ? DUMP_ROUTES / 10 : DUMP_ROUTES) < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		double t = dump_once(fd, (uint32_t)(1000000 + i), &count);

		if (t <= 0)
			return -1;
		if (best < 0 || count / t > best)
			best = count / t;
	}
	close(fd);
	return count >= (quick ? DUMP_ROUTES / 10 : DUMP_ROUTES) ? best : -1;
}

/* In a child, so that the kernel side's namespace goes with it. */
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

		if (write(fds[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
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
	double rtt_us, flood, bcast, dump;
};

/* The results as the run under the shim sends them back. */
static const struct bench_field result_fields[] = {
	{ "rtt_us", offsetof(struct results, rtt_us) },
	{ "flood", offsetof(struct results, flood) },
	{ "bcast", offsetof(struct results, bcast) },
	{ "dump", offsetof(struct results, dump) },
	{ NULL, 0 },
};

static void measure(struct results *r)
{
	r->rtt_us = w_ack_rtt();
	r->flood = w_flood();
	r->bcast = w_broadcast();
	r->dump = w_dump();
}

/* The shim side: this program again under `unetlink run`, its numbers
 * read back from its stdout. */
static int measure_shim(const char *cli, const char *self, struct results *r)
{
	const char *argv[] = { cli, "run", "--private", "--", self, CHILD_FLAG,
			       quick ? "quick" : "full", NULL };

	return bench_rerun(argv, result_fields, r);
}

/* The ratio is always shim/kernel: for a latency, how many times slower;
 * for a throughput, the fraction kept. */
static void row(const char *name, double k, double u, const char *note)
{
	bench_row(28, 14, name, k, u, note);
}

int main(int argc, char **argv)
{
	struct results k = { -1, -1, -1, -1 }, u = { -1, -1, -1, -1 };
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	const char *cli = NULL;

	if (argc == 3 && !strcmp(argv[1], CHILD_FLAG)) {
		quick = !strcmp(argv[2], "quick");
		if (!getenv("UNETLINK_SOCKET")) {
			fprintf(stderr, "bench-shim: %s outside unetlink run\n",
				CHILD_FLAG);
			return 1;
		}
		measure(&u);
		bench_put(result_fields, &u);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else {
			fprintf(stderr, "usage: bench-shim [--cli PATH] [--quick]\n");
			return 2;
		}
	}
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-shim: /proc/self/exe");
		return 1;
	}

	measure(&k);
	if (measure_shim(cli, self, &u) < 0)
		fprintf(stderr, "bench-shim: the shim run failed; its rows are "
				"skipped\n");

	printf("%-28s %14s %14s %8s\n", "workload", "kernel", "shim+daemon",
	       "ratio");
	row("request->ACK rtt (us)", k.rtt_us, u.rtt_us,
	    "(shim/kernel latency; target <= 3x)");
	row("dump 100k routes (msg/s)", k.dump, u.dump,
	    "(shim/kernel throughput; target >= 0.7x)");
	row("flood 100k msgs (msg/s)", k.flood, u.flood,
	    "(shim/kernel throughput)");
	row("broadcast x64 (/s)", k.bcast, u.bcast,
	    "(shim/kernel throughput)");
	printf("\ndump: %d blackhole routes, RTM_GETROUTE dump read with a "
	       "32 KiB buffer, best of 3\n(needs root and the route model).\n"
	       "flood: %d USERSOCK datagrams of %d bytes, one sender process "
	       "to one reader,\nflow-controlled: one round trip per datagram.\n"
	       "broadcast needs root (USERSOCK groups) on both sides.\n",
	       DUMP_ROUTES, FLOOD_MSGS, FLOOD_SIZE);
	return 0;
}
