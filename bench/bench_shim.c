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

/* Microseconds per request -> ACK round trip; < 0 when it cannot run. */
static double w_ack_rtt(void)
{
	return bench_per_call_us(bench_ack_once, quick ? 20000 : 300000);
}

static double w_flood(void)
{
	return bench_flood(FLOOD_MSGS, FLOOD_SIZE);
}

/* Broadcasts per second with every one of the listeners receiving. */
static double w_broadcast(void)
{
	int ls[LISTENERS], tx = bench_nl_open(NETLINK_USERSOCK, 0, 0), n = 0;
	uint8_t msg[64] = { 0 }, buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	const int max = quick ? 2000 : 20000;
	double t0, el = -1;
	int i, k;

	if (tx < 0)
		return -1;
	h->nlmsg_len = sizeof(msg);
	for (k = 0; k < LISTENERS; k++) {
		ls[k] = bench_nl_open(NETLINK_USERSOCK, 0, 1);
		if (ls[k] < 0)
			goto out;
	}
	t0 = now();
	for (i = 0; i < max; i++) {
		/* USERSOCK has no kernel socket: the unicast leg to portid 0
		 * is refused after the broadcast went out, as on Linux. */
		bench_nl_sendto(tx, msg, sizeof(msg), 0, 1);
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

/* A dump of 100,000 messages (bench_dump()). */
#define DUMP_ROUTES 100000

static double w_dump(void)
{
	return bench_dump(quick ? DUMP_ROUTES / 10 : DUMP_ROUTES);
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
