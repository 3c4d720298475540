// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seccomp front end against the shim and the kernel: the same
 * system calls, one run, ratios printed (docs/seccomp.md).  The program
 * measures the kernel itself, then runs itself again under `unetlink run
 * --private --preload` and under `unetlink run --private --seccomp`.
 *
 *   ack-rtt     request -> ACK round trip (NETLINK_ROUTE NLMSG_NOOP with
 *               NLM_F_ACK: a sendto to the kernel's address and a recv):
 *               goal <= 5x the kernel; and the same with sendmsg and
 *               recvmsg with a name, as iproute2 and libnl make it
 *   dump        an RTM_GETROUTE dump of 100,000 blackhole routes read with
 *               a 32 KiB buffer, best of 3 (needs root): goal >= 0.5x
 *   flood       100,000 USERSOCK datagrams from a sender process to one
 *               reader, flow-controlled (bench-shim's flood)
 *   trap        ioctl(FIONREAD) on a netlink socket, which netlink
 *               refuses (ENOTTY) without asking the daemon: under
 *               seccomp, the cost of the trap alone (notification,
 *               pidfd, descriptor lookup, answer).  A send and a receive
 *               each pay it.
 *   poll        poll() of a pipe with a byte in it: what every program
 *               under seccomp pays for the POLLERR of netlink sockets
 *               (the filter traps every poll and ppoll)
 *   poll-nl     the same while the process holds a netlink socket: the
 *               supervisor reads the set then, for a socket of ours
 *               watched for no POLLIN (a wait it serves itself)
 *   unix-msg    a datagram sent over a unix socket pair and received with
 *               recvmsg(), without and with room for control data: the
 *               filter traps every recvmsg (a socket of ours passed with
 *               SCM_RIGHTS, scm.c); the first continues after a look at
 *               the header, the second after the socket's domain and a
 *               peek at the datagram too
 *
 * Beside the table, the floor of the other design (docs/seccomp.md,
 * "Why every send and receive traps"): a round trip over a
 * SOCK_SEQPACKET pair between two processes, which a send and a receive
 * carried natively on the data socket would still cost.  And that
 * design's send half, measured: a fourth run under --seccomp with
 * UNETLINK_SC_NATIVE_SEND=1 (send() without an address runs in the
 * kernel on the data socket, the daemon reads it there), compared with
 * the trapping design on send()+recv(), with how often an ACK is not
 * yet readable to a select() right after the send ("A native send,
 * measured").  Then what poll() of a data socket's client end shows for
 * each way the daemon could raise an error on it (docs/seccomp.md,
 * "Readiness natively?").
 *
 *   plain       send() without an address and recv(): the calls a
 *               native send carries
 *   early       per cent of send()s whose ACK a select() with a zero
 *               timeout right after does not find (Linux: none)
 *
 *   bench-seccomp [--cli PATH-TO-unetlink] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "bench-common.h"

/* src/seccomp/seccomp.h: the native-send design, measured */
#define UNL_SC_ENV_NATIVE_SEND "UNETLINK_SC_NATIVE_SEND"

#define CHILD_FLAG "--measure"
#define DUMP_ROUTES 100000
#define FLOOD_MSGS 100000
#define FLOOD_SIZE 256

static bool quick;

static int max_calls(void)
{
	return quick ? 20000 : 300000;
}

static int trap_once(int fd, int i)
{
	int n;

	(void)i;
	return ioctl(fd, FIONREAD, &n) < 0 && errno == ENOTTY ? 0 : -1;
}

/* The round trip as iproute2's libnetlink and libnl make it: sendmsg()
 * with the kernel's address, recvmsg() with a name and an 8 KiB
 * buffer. */
static int ack_msg_once(int fd, int i)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = (uint32_t)i };
	struct sockaddr_nl to = { .nl_family = AF_NETLINK }, from;
	static char buf[8192];
	struct iovec out = { &req, sizeof(req) }, in = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &to, .msg_namelen = sizeof(to),
			    .msg_iov = &out, .msg_iovlen = 1 };

	if (sendmsg(fd, &m, 0) < 0)
		return -1;
	m = (struct msghdr){ .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &in, .msg_iovlen = 1 };
	return recvmsg(fd, &m, 0) < 0 ? -1 : 0;
}

/* The round trip a native send can carry: send() without an address
 * and recv(), the only calls the filter can let through on a socket of
 * ours (registers only). */
static int plain_once(int fd, int i)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = (uint32_t)i };
	char buf[256];

	if (send(fd, &req, sizeof(req), 0) < 0 ||
	    recv(fd, buf, sizeof(buf), 0) < 0)
		return -1;
	return 0;
}

/* Per cent of send()s whose ACK is not readable yet to a select() with a
 * zero timeout right after it (not trapped: the kernel's own look at
 * the data socket).  Linux queues the ACK before send() returns: 0. */
static double early_select_pct(void)
{
	int fd = bench_nl_open(NETLINK_ROUTE, 0, 0), n = quick ? 2000 : 10000;
	int late = 0, i;

	if (fd < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
					.nlmsg_type = NLMSG_NOOP,
					.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
					.nlmsg_seq = (uint32_t)i };
		struct timeval tv = { 0, 0 };
		char buf[256];
		fd_set r;

		FD_ZERO(&r);
		FD_SET(fd, &r);
		if (send(fd, &req, sizeof(req), 0) < 0)
			break;
		if (select(fd + 1, &r, NULL, NULL, &tv) != 1)
			late++;
		if (recv(fd, buf, sizeof(buf), 0) < 0)
			break;
	}
	close(fd);
	return i == n ? 100.0 * late / n : -1;
}

static int pipe_fds[2] = { -1, -1 };

static int poll_once(int fd, int i)
{
	struct pollfd p = { .fd = pipe_fds[0], .events = POLLIN };

	(void)fd;
	(void)i;
	return poll(&p, 1, 0) == 1 ? 0 : -1;
}

static double w_poll(bool holding_netlink)
{
	int nl = holding_netlink
			 ? socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)
			 : -1;
	double r = -1;

	if (pipe(pipe_fds) < 0 || (holding_netlink && nl < 0)) {
		if (nl >= 0)
			close(nl);
		return -1;
	}
	if (write(pipe_fds[1], "x", 1) == 1)
		r = bench_per_call_us(poll_once, max_calls());
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	if (nl >= 0)
		close(nl);
	return r;
}

static int unix_pair[2] = { -1, -1 };
static bool unix_with_control;

static int unix_msg_once(int fd, int i)
{
	char b[8], control[CMSG_SPACE(sizeof(int))];
	struct iovec v = { b, sizeof(b) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

	(void)fd;
	(void)i;
	if (unix_with_control) {
		m.msg_control = control;
		m.msg_controllen = sizeof(control);
	}
	if (send(unix_pair[0], "x", 1, 0) != 1)
		return -1;
	return recvmsg(unix_pair[1], &m, 0) == 1 ? 0 : -1;
}

static double w_unix_msg(bool with_control)
{
	double r = -1;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, unix_pair) < 0)
		return -1;
	unix_with_control = with_control;
	r = bench_per_call_us(unix_msg_once, max_calls());
	close(unix_pair[0]);
	close(unix_pair[1]);
	return r;
}

/* The floor of a data socket carried natively: microseconds per round
 * trip of a small record over a SOCK_SEQPACKET pair to a process that
 * answers each with a 36-byte one (an ACK's size). */
static double seqpacket_rtt(int max)
{
	char b[256] = { 0 };
	int sv[2], i, status;
	double t0, el;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(sv[0]);
		while (recv(sv[1], b, sizeof(b), 0) > 0)
			if (send(sv[1], b, 36, 0) < 0)
				break;
		_exit(0);
	}
	close(sv[1]);
	t0 = now();
	for (i = 0; i < max; i++) {
		if (send(sv[0], b, 16, 0) < 0 || recv(sv[0], b, sizeof(b), 0) < 0)
			break;
		if ((i & 1023) == 1023 && now() - t0 > 2.0) {
			i++;
			break;
		}
	}
	el = now() - t0;
	close(sv[0]);
	waitpid(pid, &status, 0);
	return i ? el / i * 1e6 : -1;
}

/* A floor: the best of three runs (the machine's other work only ever
 * adds to it). */
static double w_seqpacket_floor(void)
{
	double best = -1;

	for (int k = 0; k < 3; k++) {
		double v = seqpacket_rtt(max_calls() / 3);

		if (v > 0 && (best < 0 || v < best))
			best = v;
	}
	return best;
}

struct results {
	double rtt_us, dump, flood, trap_us, poll_us, rtt_msg_us, poll_nl_us;
	double unix_msg_us, unix_cmsg_us, rtt_plain_us, early_pct;
};

static const struct bench_field result_fields[] = {
	{ "rtt_us", offsetof(struct results, rtt_us) },
	{ "dump", offsetof(struct results, dump) },
	{ "flood", offsetof(struct results, flood) },
	{ "trap_us", offsetof(struct results, trap_us) },
	{ "poll_us", offsetof(struct results, poll_us) },
	{ "rtt_msg_us", offsetof(struct results, rtt_msg_us) },
	{ "poll_nl_us", offsetof(struct results, poll_nl_us) },
	{ "unix_msg_us", offsetof(struct results, unix_msg_us) },
	{ "unix_cmsg_us", offsetof(struct results, unix_cmsg_us) },
	{ "rtt_plain_us", offsetof(struct results, rtt_plain_us) },
	{ "early_pct", offsetof(struct results, early_pct) },
	{ NULL, 0 },
};

static void measure(struct results *r)
{
	r->rtt_us = bench_per_call_us(bench_ack_once, max_calls());
	r->rtt_msg_us = bench_per_call_us(ack_msg_once, max_calls());
	r->rtt_plain_us = bench_per_call_us(plain_once, max_calls());
	r->early_pct = early_select_pct();
	/* The native-send run compares the round trips alone: the dump
	 * and the flood send from forked processes, whose native send()s
	 * the daemon drops (docs/seccomp.md, "Only one sender"). */
	if (getenv(UNL_SC_ENV_NATIVE_SEND))
		return;
	r->trap_us = bench_per_call_us(trap_once, max_calls());
	r->poll_us = w_poll(false);
	r->poll_nl_us = w_poll(true);
	r->unix_msg_us = w_unix_msg(false);
	r->unix_cmsg_us = w_unix_msg(true);
	r->flood = bench_flood(quick ? FLOOD_MSGS / 10 : FLOOD_MSGS,
			       FLOOD_SIZE);
	r->dump = bench_dump(quick ? DUMP_ROUTES / 10 : DUMP_ROUTES);
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

/* Issue 13's goals, met or not, in this run; and the floor of a
 * trapping design: a round trip is two traps, whatever else is cut. */
static void verdicts(const struct results *k, const struct results *s,
		     double floor_us)
{
	if (k->rtt_us > 0 && s->rtt_us > 0)
		printf("\nround trip: %.1fx the kernel's, goal 5x: %s\n",
		       s->rtt_us / k->rtt_us,
		       s->rtt_us <= 5 * k->rtt_us ? "met" : "NOT met");
	if (k->rtt_us > 0 && s->trap_us > 0)
		printf("  two traps alone (a send and a receive) take %.1f us, "
		       "%.1fx the kernel's round trip%s\n",
		       2 * s->trap_us, 2 * s->trap_us / k->rtt_us,
		       2 * s->trap_us > 5 * k->rtt_us
			       ? ": no trapping design meets the goal here"
			       : "");
	if (k->rtt_us > 0 && floor_us > 0)
		printf("  a native data socket could not go below %.1fx "
		       "(its send half measured below)\n",
		       floor_us / k->rtt_us);
	if (k->dump > 0 && s->dump > 0)
		printf("dump: %.2fx the kernel's rate, goal 0.5x: %s\n",
		       s->dump / k->dump,
		       s->dump >= 0.5 * k->dump ? "met" : "NOT met");
}

/*
 * Readiness without a trap (docs/seccomp.md, "Readiness natively?"):
 * what the kernel's poll() reports on the client end of a unix pair
 * (the data socket) for each way its other end, the daemon's, can act
 * on it.  Linux shows a netlink socket's pending error as POLLERR and
 * nothing else; a data socket that could show it so would let poll()
 * and the epoll waits run untrapped.
 */
static const char *revents_of(int fd)
{
	static char b[64];
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP };

	if (poll(&p, 1, 0) < 0)
		return "poll failed";
	snprintf(b, sizeof(b), "%s%s%s%s%s", p.revents & POLLIN ? " IN" : "",
		 p.revents & POLLOUT ? " OUT" : "",
		 p.revents & POLLERR ? " ERR" : "",
		 p.revents & POLLHUP ? " HUP" : "",
		 p.revents & POLLRDHUP ? " RDHUP" : "");
	return b;
}

/* A SOCK_DGRAM pair's one way to an error on the client end c that
 * leaves it usable: the daemon's end d, bound, disconnects with a
 * datagram of a third socket e queued, then connects back to c (bound
 * too): unix_dgram_disconnected() sets ECONNRESET on c.  0 or -1. */
static int dgram_raise(int d, int e, const struct sockaddr_un *da,
		       socklen_t dal, const struct sockaddr_un *ca,
		       socklen_t cal)
{
	struct sockaddr uns = { .sa_family = AF_UNSPEC };

	if (connect(d, &uns, sizeof(uns)) < 0 ||
	    sendto(e, "d", 1, 0, (const struct sockaddr *)da, dal) != 1 ||
	    connect(d, (const struct sockaddr *)ca, cal) < 0 ||
	    connect(d, &uns, sizeof(uns)) < 0 ||
	    connect(d, (const struct sockaddr *)ca, cal) < 0)
		return -1;
	return 0;
}

static void readiness_probe(void)
{
	struct sockaddr_un any = { .sun_family = AF_UNIX }, ca, da;
	socklen_t cal = sizeof(ca), dal = sizeof(da);
	int sv[2], e, err, n = quick ? 2000 : 20000, i;
	socklen_t el = sizeof(err);
	double t0;

	printf("\nreadiness natively? poll() of a data socket's client end "
	       "(Linux: ERR alone marks a netlink socket's error)\n");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return;
	shutdown(sv[0], SHUT_RD);
	printf("  seqpacket, daemon end SHUT_RD:         %s\n",
	       revents_of(sv[1]));
	shutdown(sv[0], SHUT_WR);
	printf("  seqpacket, daemon end SHUT_WR:         %s (for good)\n",
	       revents_of(sv[1]));
	close(sv[0]);
	close(sv[1]);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return;
	if (send(sv[1], "x", 1, 0) == 1)
		close(sv[0]);
	printf("  seqpacket, daemon end closed, unread:  %s (the pair is "
	       "dead)\n", revents_of(sv[1]));
	close(sv[1]);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return;
	e = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (e < 0 ||
	    bind(sv[1], (struct sockaddr *)&any, sizeof(sa_family_t)) < 0 ||
	    bind(sv[0], (struct sockaddr *)&any, sizeof(sa_family_t)) < 0 ||
	    getsockname(sv[1], (struct sockaddr *)&ca, &cal) < 0 ||
	    getsockname(sv[0], (struct sockaddr *)&da, &dal) < 0 ||
	    dgram_raise(sv[0], e, &da, dal, &ca, cal) < 0) {
		printf("  dgram: %s\n", strerror(errno));
		goto out;
	}
	printf("  dgram, disconnect and reconnect:       %s\n",
	       revents_of(sv[1]));
	getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &el);
	printf("  ... after SO_ERROR (%s):    %s\n", strerror(err),
	       revents_of(sv[1]));
	t0 = now();
	for (i = 0; i < n; i++)
		if (dgram_raise(sv[0], e, &da, dal, &ca, cal) < 0 ||
		    getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &el) < 0)
			break;
	printf("  ... raised and cleared:               %.2f us each\n",
	       i ? (now() - t0) / i * 1e6 : -1.0);
	close(sv[1]);
	sv[1] = -1;
	printf("  dgram, daemon end after the client's closed: %s (no "
	       "hang-up: the last close goes unseen)\n", revents_of(sv[0]));
out:
	if (e >= 0)
		close(e);
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
}

/* Both designs against the kernel in this run (docs/seccomp.md, "A
 * native send, measured"). */
static void native_table(const struct results *k, const struct results *s,
			 const struct results *n)
{
	char ks[32], ss[32], ns[32], rs[32], rn[32];

	printf("\n%-26s %11s %11s %11s %9s %9s\n", "both designs", "kernel",
	       "trapping", "native send", "/kernel", "/kernel");
	cell(ks, sizeof(ks), k->rtt_plain_us);
	cell(ss, sizeof(ss), s->rtt_plain_us);
	cell(ns, sizeof(ns), n->rtt_plain_us);
	ratio(rs, sizeof(rs), s->rtt_plain_us, k->rtt_plain_us);
	ratio(rn, sizeof(rn), n->rtt_plain_us, k->rtt_plain_us);
	printf("%-26s %11s %11s %11s %9s %9s  %s\n", "send()+recv() rtt (us)",
	       ks, ss, ns, rs, rn, "(the calls a native send carries)");
	cell(ks, sizeof(ks), k->rtt_us);
	cell(ss, sizeof(ss), s->rtt_us);
	cell(ns, sizeof(ns), n->rtt_us);
	ratio(rs, sizeof(rs), s->rtt_us, k->rtt_us);
	ratio(rn, sizeof(rn), n->rtt_us, k->rtt_us);
	printf("%-26s %11s %11s %11s %9s %9s  %s\n", "sendto(addr)+recv (us)",
	       ks, ss, ns, rs, rn, "(traps in both: an address)");
	printf("%-26s %10.2f%% %10.2f%% %10.2f%%  %s\n",
	       "ACK not ready at select", k->early_pct, s->early_pct,
	       n->early_pct, "(send(), select() 0 s: Linux 0%)");
}

int main(int argc, char **argv)
{
	struct results k = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 },
		       p = k, s = k, n = k;
	double floor_us;
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
	floor_us = w_seqpacket_floor();
	if (measure_under(cli, self, "--preload", &p) < 0)
		fprintf(stderr, "bench-seccomp: the shim run failed; its "
				"column is skipped\n");
	if (measure_under(cli, self, "--seccomp", &s) < 0)
		fprintf(stderr, "bench-seccomp: the seccomp run failed; its "
				"column is skipped\n");
	/* the other design, measured: send() natively on the data socket */
	setenv(UNL_SC_ENV_NATIVE_SEND, "1", 1);
	if (measure_under(cli, self, "--seccomp", &n) < 0)
		fprintf(stderr, "bench-seccomp: the native-send run failed; "
				"its column is skipped\n");
	unsetenv(UNL_SC_ENV_NATIVE_SEND);

	printf("%-26s %11s %11s %11s %9s %9s\n", "workload", "kernel",
	       "shim", "seccomp", "/kernel", "/shim");
	row("request->ACK rtt (us)", k.rtt_us, p.rtt_us, s.rtt_us,
	    "(latency; goal <= 5x kernel)");
	row("sendmsg/recvmsg rtt (us)", k.rtt_msg_us, p.rtt_msg_us,
	    s.rtt_msg_us, "(iproute2's and libnl's calls)");
	row("dump routes (msg/s)", k.dump, p.dump, s.dump,
	    "(throughput; goal >= 0.5x kernel)");
	row("USERSOCK flood (msg/s)", k.flood, p.flood, s.flood,
	    "(throughput)");
	row("trapped call (us)", k.trap_us, p.trap_us, s.trap_us,
	    "(ioctl FIONREAD: the trap alone)");
	row("poll() of a pipe (us)", k.poll_us, p.poll_us, s.poll_us,
	    "(what any poll() pays under seccomp)");
	row("... holding netlink (us)", k.poll_nl_us, p.poll_nl_us,
	    s.poll_nl_us, "(the set read: a socket watched for no POLLIN?)");
	row("unix send+recvmsg (us)", k.unix_msg_us, p.unix_msg_us,
	    s.unix_msg_us, "(every recvmsg traps: SCM_RIGHTS)");
	row("... room for control (us)", k.unix_cmsg_us, p.unix_cmsg_us,
	    s.unix_cmsg_us, "(received by the supervisor)");
	verdicts(&k, &s, floor_us);
	native_table(&k, &s, &n);
	readiness_probe();
	printf("\nnative data-socket floor: %.2f us a round trip over a "
	       "SOCK_SEQPACKET pair\nbetween two processes, best of 3 "
	       "(%.2fx the kernel's request->ACK).\n",
	       floor_us, floor_us > 0 && k.rtt_us > 0 ? floor_us / k.rtt_us : 0);
	printf("dump: %d blackhole routes, read with a 32 KiB buffer, best "
	       "of 3 (needs root).\nflood: %d USERSOCK datagrams of %d bytes, "
	       "one sender process to one reader.\n",
	       quick ? DUMP_ROUTES / 10 : DUMP_ROUTES,
	       quick ? FLOOD_MSGS / 10 : FLOOD_MSGS, FLOOD_SIZE);
	return 0;
}
