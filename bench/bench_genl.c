// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic netlink request/response round trips, as ratios against the
 * kernel's nlctrl:
 *
 *   kernel      CTRL_CMD_GETFAMILY "nlctrl" on a real AF_NETLINK socket
 *   in-process  the same through unl_sendto/unl_recvfrom on a unl_net
 *   shim        the same from a program under `unetlink run` (shim +
 *               daemon)
 *   served      a do request to a family served from userspace through
 *               the daemon (registered here with unl_service_register:
 *               the kvstore example's path, with a handler that only
 *               replies), from a program under `unetlink run`
 *   2 processes a request to another process and its answer back over a
 *               socketpair, kernel only, both on one CPU: the two context
 *               switches a served request costs at least on two CPUs
 *
 * Each is one request (no ACK) and its one reply, sent and read by the
 * same thread.  The program measures the kernel and in-process cases,
 * starts a daemon and the served family, then runs itself under the shim
 * (--measure) for the rest.
 *
 *   bench-genl [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "bench-common.h"

#include <unetlink/service.h>
#include <unetlink/unetlink.h>

#define CHILD_FLAG "--measure"
#define BENCH_FAMILY "unl_bench"

static int iters = 20000;

/* What the run under the shim measures, in ns, and sends back. */
struct shim_rtt {
	double nlctrl, served;
};

static const struct bench_field shim_fields[] = {
	{ "nlctrl", offsetof(struct shim_rtt, nlctrl) },
	{ "served", offsetof(struct shim_rtt, served) },
	{ NULL, 0 },
};

/* A genl request: cmd to family type, with an optional string attr. */
static size_t build(uint8_t *buf, uint16_t type, uint8_t cmd, int attr,
		    const char *s)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(buf, 0, 256);
	g->cmd = cmd;
	g->version = 1;
	if (s) {
		struct nlattr *a = (struct nlattr *)(buf + len);

		a->nla_type = (uint16_t)attr;
		a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(s) + 1);
		memcpy(a + 1, s, strlen(s) + 1);
		len += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = (uint32_t)len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	return len;
}

/* The family id in a GETFAMILY reply. */
static int reply_family_id(const uint8_t *buf, ssize_t n)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlattr *a;
	int rem;

	if (n < (ssize_t)NLMSG_HDRLEN || nlh->nlmsg_type != GENL_ID_CTRL)
		return -ENOENT;
	a = (const struct nlattr *)(buf + NLMSG_HDRLEN + GENL_HDRLEN);
	rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(const uint16_t *)(a + 1);
		rem -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const uint8_t *)a +
					    NLA_ALIGN(a->nla_len));
	}
	return -ENOENT;
}

/* ns per round trip over a real (or shimmed) descriptor; -1 on error. */
static double rtt_fd(int fd, const uint8_t *req, size_t len)
{
	uint8_t buf[8192];
	double t0 = 0;

	for (int i = -iters / 10; i < iters; i++) {
		if (i == 0)
			t0 = now();
		if (send(fd, req, len, 0) < 0 || recv(fd, buf, sizeof(buf), 0) <= 0)
			return -1;
		if (((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR)
			return -1;
	}
	return (now() - t0) * 1e9 / iters;
}

static int fd_open(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	return fd;
}

static int resolve_fd(int fd, const char *name)
{
	uint8_t req[256], buf[8192];
	size_t len = build(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			   CTRL_ATTR_FAMILY_NAME, name);
	ssize_t n;

	if (send(fd, req, len, 0) < 0)
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	return reply_family_id(buf, n);
}

/* Under the shim: nlctrl, then the served family.  Prints ns each. */
static int measure_child(void)
{
	struct shim_rtt r;
	uint8_t req[256];
	int fd = fd_open(), id;

	if (fd < 0)
		return 1;
	r.nlctrl = rtt_fd(fd, req, build(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
					 CTRL_ATTR_FAMILY_NAME, "nlctrl"));
	id = resolve_fd(fd, BENCH_FAMILY);
	r.served = id < 0 ? -1 :
		   rtt_fd(fd, req, build(req, (uint16_t)id, 1, 0, NULL));
	bench_put(shim_fields, &r);
	return 0;
}

static double rtt_inproc(void)
{
	uint8_t req[256], buf[8192];
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	size_t len = build(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			   CTRL_ATTR_FAMILY_NAME, "nlctrl");
	struct unl_sock *sk;
	struct unl_net *net;
	double t0 = 0, r;

	if (unl_net_new(&net) || unl_socket(net, SOCK_RAW, NETLINK_GENERIC,
					    NULL, &sk))
		return -1;
	unl_bind(sk, (struct sockaddr *)&a, sizeof(a));
	for (int i = -iters / 10; i < iters; i++) {
		if (i == 0)
			t0 = now();
		if (unl_sendto(sk, req, len, 0, NULL, 0) < 0 ||
		    unl_recvfrom(sk, buf, sizeof(buf), 0, NULL, NULL) <= 0)
			return -1;
	}
	r = (now() - t0) * 1e9 / iters;
	unl_close(sk);
	unl_net_free(net);
	return r;
}

/*
 * The floor of a served family's round trip on two CPUs: a request of the
 * served case's size to a second process and its answer back, over a
 * SOCK_SEQPACKET socketpair, in the kernel alone (no netlink, no daemon),
 * both processes on one CPU.  Three parties (client, daemon, server) on
 * two CPUs leave two of them taking turns on one CPU, so a served
 * request costs at least these two context switches, whatever carries
 * the messages; with the client spinning on the other CPU that is what
 * it costs now (bench/README.md).
 */
static double rtt_two_processes(void)
{
	uint8_t buf[256] = { 0 };
	cpu_set_t all, one;
	bool pinned = false;
	double t0 = 0, r;
	int sv[2], st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	/* The child inherits the one CPU; ours is put back after. */
	if (sched_getaffinity(0, sizeof(all), &all) == 0) {
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
		pinned = sched_setaffinity(0, sizeof(one), &one) == 0;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(sv[0]);
		while (recv(sv[1], buf, sizeof(buf), 0) > 0)
			if (send(sv[1], buf, 36, 0) < 0)
				break;
		_exit(0);
	}
	close(sv[1]);
	for (int i = -iters / 10; i < iters; i++) {
		if (i == 0)
			t0 = now();
		if (send(sv[0], buf, 20 + 16, 0) < 0 ||
		    recv(sv[0], buf, sizeof(buf), 0) <= 0) {
			t0 = -1;
			break;
		}
	}
	r = t0 < 0 ? -1 : (now() - t0) * 1e9 / iters;
	close(sv[0]);
	waitpid(pid, &st, 0);
	if (pinned)
		sched_setaffinity(0, sizeof(all), &all);
	return r;
}

/* ---- the served family ---- */

static struct unl_genl_family bench_family;

static int bench_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct unl_skb *msg = unl_genlmsg_new(64);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, &bench_family, 0, 1);
	if (!hdr) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

static const struct unl_genl_ops bench_ops[] = {
	{ .cmd = 1, .doit = bench_doit },
};

static struct unl_genl_family bench_family = {
	.name = BENCH_FAMILY,
	.version = 1,
	.resv_start_op = 2,
	.ops = bench_ops,
	.n_ops = 1,
};

/* Child: serve the family; one byte on ready_fd once registered. */
static void serve(const char *path, int ready_fd)
{
	struct unl_service *svc;

	if (unl_service_connect(&svc, path) ||
	    unl_service_register(svc, &bench_family) < 0)
		_exit(1);
	if (write(ready_fd, "R", 1) != 1)
		_exit(1);
	close(ready_fd);
	unl_service_run(svc);
	_exit(0);
}

static bool connectable(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	bool ok;

	if (strlen(path) >= sizeof(sa.sun_path))
		return false;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void row(const char *what, double ns, double base)
{
	if (ns < 0)
		printf("  %-34s  failed\n", what);
	else
		printf("  %-34s %8.2f us  %6.2fx\n", what, ns / 1000,
		       base > 0 ? ns / base : 0);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench-genl-XXXXXX", path[4200];
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32], ready;
	const char *cli = NULL;
	pid_t daemon_pid, server_pid;
	double kernel = -1, inproc, floor;
	struct shim_rtt shim = { -1, -1 };
	int rfd[2], fd, st;

	/* Before --measure: the run under the shim counts as many. */
	if (getenv("BENCH_GENL_ITERS"))
		iters = atoi(getenv("BENCH_GENL_ITERS"));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], CHILD_FLAG))
			return measure_child();
		if (!strcmp(argv[i], "--quick"))
			iters = 2000;
		else if (!strcmp(argv[i], "--cli") && i + 1 < argc)
			cli = argv[++i];
	}
	if (bench_locate(self, &cli, cli_buf) < 0)
		return 1;

	fd = fd_open();
	if (fd >= 0) {
		uint8_t req[256];

		kernel = rtt_fd(fd, req, build(req, GENL_ID_CTRL,
					       CTRL_CMD_GETFAMILY,
					       CTRL_ATTR_FAMILY_NAME, "nlctrl"));
		close(fd);
	}
	inproc = rtt_inproc();
	floor = rtt_two_processes();

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/socket", dir);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		execl(cli, cli, "daemon", "--socket", path, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !connectable(path); i++)
		usleep(10000);
	if (pipe(rfd) < 0)
		return 1;
	server_pid = fork();
	if (server_pid == 0) {
		close(rfd[0]);
		serve(path, rfd[1]);
	}
	close(rfd[1]);
	if (read(rfd[0], &ready, 1) == 1) {
		const char *run[] = { cli, "run", "--socket", path, "--",
				      self, CHILD_FLAG, NULL };

		bench_rerun(run, shim_fields, &shim);
	} else {
		fprintf(stderr, "bench-genl: the served family did not start\n");
	}
	kill(server_pid, SIGTERM);
	waitpid(server_pid, &st, 0);
	kill(daemon_pid, SIGTERM);
	waitpid(daemon_pid, &st, 0);
	rmdir(dir);

	printf("genl request/response round trip (%d each), against the "
	       "kernel's nlctrl GETFAMILY:\n", iters);
	row("kernel nlctrl GETFAMILY", kernel, kernel);
	row("in-process nlctrl GETFAMILY", inproc, kernel);
	row("shim+daemon nlctrl GETFAMILY", shim.nlctrl, kernel);
	row("shim+daemon served family (do)", shim.served, kernel);
	row("kernel: 2 processes on 1 CPU", floor, kernel);
	if (floor > 0 && shim.served > 0)
		printf("  served family against 2 processes on 1 CPU: "
		       "%.2fx\n", shim.served / floor);
	return 0;
}
