// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The core against the kernel, same workload, one run, ratios printed.
 *
 *   unicast     user-to-user NETLINK_USERSOCK messages per second
 *   ack-rtt     request -> ACK round trips per second (NETLINK_ROUTE,
 *               NLMSG_NOOP with NLM_F_ACK: the generic path of a kernel
 *               protocol, handled identically by both)
 *   broadcast   one send to a group with 64 listeners, all 64 received
 *   bind        creating and binding 100,000 sockets; memory per socket
 *   lookup      portid lookups with 1k .. 1M sockets bound (core only:
 *               shows the lookup stays O(1))
 *
 * The kernel side needs root for groups and for 100k descriptors; what
 * it cannot run is reported as skipped.  No thresholds: numbers only.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "bench-common.h"

#include <unetlink/unetlink.h>

#include "core/internal.h"

/* One interface over the two, so each workload is written once. */
struct target {
	const char *name;
	void *(*open)(struct target *t, int proto);
	int (*bind)(void *s, uint32_t pid, uint32_t groups);
	uint32_t (*portid)(void *s);
	ssize_t (*sendto)(void *s, const void *b, size_t n, uint32_t pid,
			  uint32_t groups);
	ssize_t (*recv)(void *s, void *b, size_t n);
	int (*setopt)(void *s, int level, int name, int val);
	void (*close)(void *s);
	struct unl_net *net;
};

/* ---- kernel ---- */
static void *k_open(struct target *t, int proto)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	(void)t;
	return fd < 0 ? NULL : (void *)(intptr_t)(fd + 1);
}
static int kfd(void *s)
{
	return (int)(intptr_t)s - 1;
}
static int k_bind(void *s, uint32_t pid, uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	return bind(kfd(s), (struct sockaddr *)&a, sizeof(a)) ? -errno : 0;
}
static uint32_t k_portid(void *s)
{
	struct sockaddr_nl a;
	socklen_t l = sizeof(a);

	getsockname(kfd(s), (struct sockaddr *)&a, &l);
	return a.nl_pid;
}
static ssize_t k_sendto(void *s, const void *b, size_t n, uint32_t pid,
			uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	ssize_t r = sendto(kfd(s), b, n, 0, (struct sockaddr *)&a, sizeof(a));
	return r < 0 ? -errno : r;
}
static ssize_t k_recv(void *s, void *b, size_t n)
{
	ssize_t r = recv(kfd(s), b, n, 0);
	return r < 0 ? -errno : r;
}
static int k_setopt(void *s, int level, int name, int val)
{
	return setsockopt(kfd(s), level, name, &val, sizeof(val)) ? -errno : 0;
}
static void k_close(void *s)
{
	close(kfd(s));
}

/* ---- unetlink core ---- */
static void *u_open(struct target *t, int proto)
{
	struct unl_sock *sk;

	return unl_socket(t->net, SOCK_RAW, proto, NULL, &sk) ? NULL : sk;
}
static int u_bind(void *s, uint32_t pid, uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	return unl_bind(s, (struct sockaddr *)&a, sizeof(a));
}
static uint32_t u_portid(void *s)
{
	struct sockaddr_nl a;
	socklen_t l = sizeof(a);

	unl_getsockname(s, (struct sockaddr *)&a, &l);
	return a.nl_pid;
}
static ssize_t u_sendto(void *s, const void *b, size_t n, uint32_t pid,
			uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	return unl_sendto(s, b, n, 0, (struct sockaddr *)&a, sizeof(a));
}
static ssize_t u_recv(void *s, void *b, size_t n)
{
	return unl_recvfrom(s, b, n, 0, NULL, NULL);
}
static int u_setopt(void *s, int level, int name, int val)
{
	return unl_setsockopt(s, level, name, &val, sizeof(val));
}
static void u_close(void *s)
{
	unl_close(s);
}

static struct target kernel_t = { "kernel", k_open, k_bind, k_portid,
				  k_sendto, k_recv, k_setopt, k_close, NULL };
static struct target unl_t = { "unetlink", u_open, u_bind, u_portid,
			       u_sendto, u_recv, u_setopt, u_close, NULL };

/* Messages per second, sender to receiver in batches of 64. */
static double w_unicast(struct target *t)
{
	void *rx = t->open(t, NETLINK_USERSOCK), *tx = t->open(t, NETLINK_USERSOCK);
	uint8_t msg[64] = { 0 }, buf[256];
	const int rounds = 20000, batch = 64;
	uint32_t dst;
	double t0, el;

	if (!rx || !tx || t->bind(rx, 0, 0) || t->bind(tx, 0, 0))
		return -1;
	dst = t->portid(rx);
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < batch; i++)
			if (t->sendto(tx, msg, sizeof(msg), dst, 0) < 0)
				return -1;
		for (int i = 0; i < batch; i++)
			if (t->recv(rx, buf, sizeof(buf)) < 0)
				return -1;
	}
	el = now() - t0;
	t->close(rx);
	t->close(tx);
	return rounds * batch / el;
}

static double w_ack_rtt(struct target *t)
{
	void *s = t->open(t, NETLINK_ROUTE);
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK };
	uint8_t buf[256];
	const int n = 300000;
	double t0, el;

	if (!s || t->bind(s, 0, 0))
		return -1;
	t0 = now();
	for (int i = 0; i < n; i++) {
		req.nlmsg_seq = (uint32_t)i;
		if (t->sendto(s, &req, sizeof(req), 0, 0) < 0 ||
		    t->recv(s, buf, sizeof(buf)) < 0)
			return -1;
	}
	el = now() - t0;
	t->close(s);
	return n / el;
}

/* Broadcasts per second with every one of 64 listeners receiving. */
static double w_broadcast(struct target *t)
{
	enum { L = 64 };
	void *ls[L], *tx = t->open(t, NETLINK_USERSOCK);
	uint8_t msg[64] = { 0 }, buf[256];
	const int n = 20000;
	double t0, el;

	if (!tx || t->bind(tx, 0, 0))
		return -1;
	for (int i = 0; i < L; i++) {
		ls[i] = t->open(t, NETLINK_USERSOCK);
		if (!ls[i] || t->bind(ls[i], 0, 1))
			return -1;
	}
	t0 = now();
	for (int i = 0; i < n; i++) {
		/* USERSOCK has no kernel socket: the unicast leg to portid 0
		 * is refused after the broadcast went out, as on Linux. */
		t->sendto(tx, msg, sizeof(msg), 0, 1);
		for (int j = 0; j < L; j++)
			if (t->recv(ls[j], buf, sizeof(buf)) < 0)
				return -1;
	}
	el = now() - t0;
	for (int i = 0; i < L; i++)
		t->close(ls[i]);
	t->close(tx);
	return n / el;
}

static long mem_available_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

/*
 * The kernel side of the bind workload: descriptors are capped per
 * process (RLIMIT_NOFILE, often 20,000 here without CAP_SYS_RESOURCE), so
 * children bind 15,000 each and hold them until every one is done; memory
 * is what the machine lost meanwhile.
 */
static double w_bind_kernel(int n, double *bytes)
{
	enum { CHUNK = 15000 };
	int nchild = (n + CHUNK - 1) / CHUNK, hold[2];
	pid_t pids[128];
	long kb0 = mem_available_kb();
	double total = 0;

	if (nchild > 128 || pipe(hold))
		return -1;
	for (int c = 0; c < nchild; c++) {
		int res[2];
		double el = -1;

		if (pipe(res))
			return -1;
		pids[c] = fork();
		if (pids[c] == 0) {
			int lo = c * CHUNK, hi = lo + CHUNK < n ? lo + CHUNK : n;
			double t0 = now();
			char x;

			close(hold[1]);
			for (int i = lo; i < hi; i++) {
				void *s = k_open(NULL, NETLINK_USERSOCK);

				if (!s || k_bind(s, (uint32_t)i + 1, 0))
					_exit(1);
			}
			el = now() - t0;
			if (write(res[1], &el, sizeof(el)) != sizeof(el))
				_exit(1);
			/* Hold the sockets until the parent has measured. */
			if (read(hold[0], &x, 1) < 0)
				_exit(1);
			_exit(0);
		}
		close(res[1]);
		if (read(res[0], &el, sizeof(el)) != sizeof(el) || el < 0)
			total = -1e9;
		close(res[0]);
		total += el;
	}
	*bytes = (double)(kb0 - mem_available_kb()) * 1024.0 / n;
	close(hold[1]);
	close(hold[0]);
	for (int c = 0; c < nchild; c++)
		waitpid(pids[c], NULL, 0);
	return total > 0 ? total : -1;
}

/* Seconds to create and bind n sockets; *bytes gets memory per socket. */
static double w_bind(struct target *t, int n, double *bytes)
{
	void **s = calloc((size_t)n, sizeof(*s));
	size_t heap0 = mallinfo2().uordblks;
	double t0 = now(), el;

	if (!s)
		return -1;
	for (int i = 0; i < n; i++) {
		s[i] = t->open(t, NETLINK_USERSOCK);
		if (!s[i] || t->bind(s[i], (uint32_t)i + 1, 0)) {
			for (int j = 0; j <= i && s[j]; j++)
				t->close(s[j]);
			free(s);
			return -1;
		}
	}
	el = now() - t0;
	*bytes = (double)(mallinfo2().uordblks - heap0) / n;
	for (int i = 0; i < n; i++)
		t->close(s[i]);
	free(s);
	return el;
}

/* Nanoseconds per unicast to a random bound portid among n sockets. */
static double w_lookup(struct unl_net *net, int n, double *probes)
{
	struct unl_sock **s = calloc((size_t)n, sizeof(*s)), *tx;
	const int ops = 200000;
	uint8_t b[16] = { 0 }, buf[64];
	uint32_t x = 12345;
	double t0, el;

	if (!s || unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, NULL, &tx))
		return -1;
	for (int i = 0; i < n; i++) {
		struct sockaddr_nl a = { .nl_family = AF_NETLINK,
					 .nl_pid = (uint32_t)i + 1 };

		if (unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, NULL, &s[i]) ||
		    unl_bind(s[i], (struct sockaddr *)&a, sizeof(a)))
			return -1;
	}
	t0 = now();
	for (int i = 0; i < ops; i++) {
		struct sockaddr_nl a = { .nl_family = AF_NETLINK };
		uint32_t idx;

		x = x * 1103515245u + 12345u;
		idx = (x >> 8) % (uint32_t)n;
		a.nl_pid = idx + 1;
		unl_sendto(tx, b, sizeof(b), MSG_DONTWAIT, (struct sockaddr *)&a,
			   sizeof(a));
		unl_recvfrom(s[idx], buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	}
	el = now() - t0;
	*probes = unl_debug_hash_probes(net, NETLINK_USERSOCK);
	for (int i = 0; i < n; i++)
		unl_close(s[i]);
	unl_close(tx);
	free(s);
	return el / ops * 1e9;
}

static void row(const char *name, const char *unit, double k, double u,
		bool higher_better)
{
	if (k <= 0 && u <= 0) {
		printf("%-22s %14s %14s %10s\n", name, "skipped", "skipped", "-");
	} else if (k <= 0) {
		printf("%-22s %14s %14.1f %10s  %s\n", name, "skipped", u, "-", unit);
	} else {
		double ratio = higher_better ? u / k : k / u;

		printf("%-22s %14.1f %14.1f %9.2fx  %s\n", name, k, u, ratio, unit);
	}
}

int main(int argc, char **argv)
{
	double kb = 0, ub = 0, k, u, probes = 0;
	int nbind = argc > 1 ? atoi(argv[1]) : 100000;

	if (unl_net_new(&unl_t.net))
		return 1;

	printf("%-22s %14s %14s %10s\n", "workload", "kernel", "unetlink",
	       "ratio");
	row("unicast msg/s", "(unetlink/kernel)", w_unicast(&kernel_t),
	    w_unicast(&unl_t), true);
	row("request->ACK rtt/s", "(unetlink/kernel)", w_ack_rtt(&kernel_t),
	    w_ack_rtt(&unl_t), true);
	row("broadcast x64 /s", "(unetlink/kernel)", w_broadcast(&kernel_t),
	    w_broadcast(&unl_t), true);
	k = w_bind_kernel(nbind, &kb);
	u = w_bind(&unl_t, nbind, &ub);
	row("bind 100k sockets s", "(kernel/unetlink)", k, u, false);
	row("bytes per socket", "(kernel/unetlink)", k > 0 ? kb : -1, ub, false);

	printf("\nportid lookup, unetlink only: chain probes stay flat (O(1));\n"
	       "time grows only with cache misses over a larger heap\n");
	for (int n = 1000; n <= 1000000; n *= 10) {
		double ns = w_lookup(unl_t.net, n, &probes);

		printf("  %8d sockets: %6.2f probes per lookup, %7.1f ns per "
		       "send+recv\n", n, probes, ns);
	}
	unl_net_free(unl_t.net);
	return 0;
}
