// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The preload shim, seen from an ordinary program.
 *
 * This file is both the driver and the program under test.  Run without
 * --child, it starts a daemon (`unetlink daemon --socket PATH`) and runs
 * every case below in its own process, re-executing itself with the shim
 * in LD_PRELOAD and a timeout, and prints TAP.  It links nothing of
 * unetlink: what it sees is what any program sees.
 *
 * Built with _FORTIFY_SOURCE (when optimizing), as Debian builds
 * iproute2, so that read() and recv() into arrays of known size go
 * through __read_chk and __recv_chk.
 *
 *   test_shim SHIM CLI           driver
 *   test_shim --child NAME ...   one case (under LD_PRELOAD)
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <net/if_arp.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define CASE_TIMEOUT_S 10

static const char *self;

#define FAIL(...)                                                          \
	do {                                                               \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);            \
		fprintf(stderr, __VA_ARGS__);                              \
		fprintf(stderr, "\n");                                     \
		return 1;                                                  \
	} while (0)

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			FAIL("%s is false (errno %d: %s)", #cond, errno,   \
			     strerror(errno));                             \
	} while (0)

#define CHECK_EQ(got, want)                                                \
	do {                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);   \
		if (g_ != w_)                                              \
			FAIL("%s = %lld, expected %s = %lld (errno %d: %s)", \
			     #got, g_, #want, w_, errno, strerror(errno)); \
	} while (0)

#define CHECK_ERR(call, err)                                               \
	do {                                                               \
		errno = 0;                                                 \
		long long r_ = (long long)(call);                          \
		if (r_ != -1 || errno != (err))                            \
			FAIL("%s = %lld errno %d (%s), expected -1 errno %s", \
			     #call, r_, errno, strerror(errno), #err);     \
	} while (0)

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int nl_socket(int flags)
{
	return socket(AF_NETLINK, SOCK_RAW | flags, NETLINK_USERSOCK);
}

/* Autobind through bind(pid 0), and return the portid. */
static uint32_t nl_bind_auto(int fd)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);

	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 0;
	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 0;
	return a.nl_pid;
}

static uint32_t nl_portid(int fd)
{
	struct sockaddr_nl a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 0;
	return a.nl_pid;
}

static ssize_t nl_send_to(int fd, uint32_t portid, const void *buf,
			  size_t len)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = portid };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&a, sizeof(a));
}

/* ---- the cases ----------------------------------------------------- */

static int t_basic(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	uint32_t pa, pb;
	char buf[64];

	CHECK(a >= 0);
	CHECK(b >= 0);
	pa = nl_bind_auto(a);
	CHECK(pa != 0);
	CHECK_EQ(nl_send_to(b, pa, "hello", 5), 5);
	pb = nl_portid(b); /* autobound by the send */
	CHECK(pb != 0);
	memset(&from, 0xaa, sizeof(from));
	CHECK_EQ(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			  &fromlen),
		 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(fromlen, sizeof(struct sockaddr_nl));
	CHECK_EQ(from.nl_family, AF_NETLINK);
	CHECK_EQ(from.nl_pid, pb);
	CHECK_EQ(from.nl_groups, 0);
	CHECK_EQ(close(a), 0);
	CHECK_EQ(close(b), 0);
	return 0;
}

static int t_poll(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	struct pollfd p;
	uint32_t pa;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	p = (struct pollfd){ .fd = a, .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 0), 0);
	CHECK_EQ(nl_send_to(b, pa, "x", 1), 1);
	p.revents = 0;
	CHECK_EQ(poll(&p, 1, 2000), 1);
	CHECK(p.revents & POLLIN);
	return 0;
}

static int t_nonblock(void)
{
	int a = nl_socket(SOCK_NONBLOCK), b = nl_socket(0);
	char buf[16];

	CHECK(a >= 0 && b >= 0);
	CHECK(fcntl(a, F_GETFL) & O_NONBLOCK);
	CHECK_ERR(recv(a, buf, sizeof(buf), 0), EAGAIN);
	CHECK_ERR(recv(b, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* O_NONBLOCK set later, through fcntl, is seen too. */
	CHECK_EQ(fcntl(b, F_SETFL, fcntl(b, F_GETFL) | O_NONBLOCK), 0);
	CHECK_ERR(read(b, buf, sizeof(buf)), EAGAIN);
	return 0;
}

static int t_rcvtimeo(void)
{
	int a = nl_socket(0);
	struct timeval tv = { .tv_usec = 200000 }, got;
	socklen_t len = sizeof(got);
	int64_t t0, dt;
	char buf[16];

	CHECK(a >= 0);
	CHECK_EQ(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &got, &len), 0);
	CHECK_EQ(len, sizeof(got));
	CHECK(got.tv_sec == 0 && got.tv_usec >= 190000 &&
	      got.tv_usec <= 210000);
	t0 = now_ms();
	CHECK_ERR(recv(a, buf, sizeof(buf), 0), EAGAIN);
	dt = now_ms() - t0;
	if (dt < 150 || dt > 3000)
		FAIL("recv returned after %lld ms, expected about 200",
		     (long long)dt);
	return 0;
}

static int t_peek_trunc(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	char big[100], buf[10];
	struct iovec v = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
	uint32_t pa;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	for (int i = 0; i < 100; i++)
		big[i] = (char)i;
	CHECK_EQ(nl_send_to(b, pa, big, 100), 100);
	CHECK_EQ(nl_send_to(b, pa, big, 100), 100);
	/* The true length with no buffer at all. */
	CHECK_EQ(recv(a, NULL, 0, MSG_PEEK | MSG_TRUNC), 100);
	CHECK_EQ(recv(a, buf, sizeof(buf), MSG_PEEK), 10);
	CHECK(!memcmp(buf, big, 10));
	CHECK_EQ(recvmsg(a, &m, 0), 10);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK(!memcmp(buf, big, 10));
	/* The first datagram is gone, cut or not: one per delivery. */
	CHECK_EQ(recv(a, buf, sizeof(buf), MSG_TRUNC), 100);
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	return 0;
}

static int t_ack(void)
{
	int r = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0),
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = 4711,
	};
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	char buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n;

	CHECK(r >= 0);
	CHECK_EQ(sendto(r, &req, req.nlmsg_len, 0, (struct sockaddr *)&k,
			sizeof(k)),
		 req.nlmsg_len);
	/* The answer is queued before sendto() returns, as in Linux. */
	n = recvfrom(r, buf, sizeof(buf), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &fromlen);
	CHECK(n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	CHECK_EQ(h->nlmsg_type, NLMSG_ERROR);
	CHECK_EQ(h->nlmsg_seq, 4711);
	CHECK_EQ(from.nl_pid, 0); /* from the kernel */
	return 0;
}

static int t_dup(void)
{
	int a = nl_socket(0), b = nl_socket(0), d, d2, d3;
	struct sockaddr_nl s;
	socklen_t len = sizeof(s);
	uint32_t pa;
	char buf[16];

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	d = dup(a);
	CHECK(d >= 0);
	CHECK_EQ(close(a), 0);
	/* The other copy still is the socket. */
	CHECK_EQ(getsockname(d, (struct sockaddr *)&s, &len), 0);
	CHECK_EQ(s.nl_pid, pa);
	CHECK_EQ(nl_send_to(b, pa, "dup", 3), 3);
	CHECK_EQ(recv(d, buf, sizeof(buf), 0), 3);
	d2 = dup2(d, 200);
	CHECK_EQ(d2, 200);
	d3 = fcntl(d, F_DUPFD_CLOEXEC, 300);
	CHECK(d3 >= 300);
	CHECK_EQ(close(d), 0);
	CHECK_EQ(close(d2), 0);
	CHECK_EQ(nl_send_to(b, pa, "dup3", 4), 4);
	CHECK_EQ(recv(d3, buf, sizeof(buf), 0), 4);
	CHECK_EQ(close(d3), 0);
	/* All copies gone: the portid is free again.  The daemon learns
	 * of the last close from its end of the data socket, which may take
	 * a moment (a known difference: close() is synchronous in Linux). */
	for (int i = 0; i < 200; i++) {
		errno = 0;
		if (nl_send_to(b, pa, "x", 1) < 0)
			break;
		usleep(10000);
	}
	CHECK_EQ(errno, ECONNREFUSED);
	return 0;
}

/* How many mappings of a status pool (wire.h) this process has. */
static int status_pools_mapped(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "unetlink-status") != NULL;
	fclose(f);
	return n;
}

static int t_fork(void)
{
	int a = nl_socket(0), b = nl_socket(0), status, one = 1;
	uint32_t pa, pb;
	char buf[16];
	pid_t pid;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	pb = nl_bind_auto(b);
	CHECK_EQ(setsockopt(a, SOL_NETLINK, NETLINK_PKTINFO, &one, sizeof(one)),
		 0);
	CHECK_EQ(nl_send_to(b, pa, "parent", 6), 6);
	CHECK_EQ(status_pools_mapped(), 1);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct sockaddr_nl s;
		socklen_t len = sizeof(s);
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(struct nl_pktinfo))];
		} cb;
		struct iovec v = { buf, sizeof(buf) };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cb.buf,
				    .msg_controllen = sizeof(cb.buf) };
		struct cmsghdr *c;

		/* The parent's status pool is not the child's to read: the
		 * sockets it makes after the fork are none of ours. */
		if (status_pools_mapped() != 0)
			_exit(13);
		/* The child uses the parent's sockets, with their options
		 * (read from a slot of its own). */
		if (recvmsg(a, &m, 0) != 6 || memcmp(buf, "parent", 6))
			_exit(10);
		c = CMSG_FIRSTHDR(&m);
		if (!c || c->cmsg_level != SOL_NETLINK ||
		    c->cmsg_type != NETLINK_PKTINFO)
			_exit(14);
		if (status_pools_mapped() != 1)
			_exit(15);
		if (getsockname(a, (struct sockaddr *)&s, &len) < 0 ||
		    s.nl_pid != pa)
			_exit(11);
		if (nl_send_to(a, pb, "child", 5) != 5)
			_exit(12);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_EQ(recv(b, buf, sizeof(buf), 0), 5);
	CHECK(!memcmp(buf, "child", 5));
	/* And the parent's connection survived the child. */
	CHECK_EQ(nl_send_to(b, pa, "again", 5), 5);
	CHECK_EQ(recv(a, buf, sizeof(buf), 0), 5);
	return 0;
}

static int t_exec(void)
{
	int a = nl_socket(0), b = nl_socket(0), status;
	char fdarg[16], portarg[16];
	uint32_t pa;
	pid_t pid;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	CHECK_EQ(nl_send_to(b, pa, "before-exec", 11), 11);
	snprintf(fdarg, sizeof(fdarg), "%d", a);
	snprintf(portarg, sizeof(portarg), "%u", pa);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		execl(self, self, "--child", "exec-image", fdarg, portarg,
		      (char *)NULL);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	return 0;
}

/* The new image of t_exec: the socket came through exec. */
static int t_exec_image(int argc, char **argv)
{
	int fd;
	uint32_t port;
	struct sockaddr_nl s;
	socklen_t len = sizeof(s);
	char buf[32];
	int type;
	socklen_t tlen = sizeof(type);

	if (argc < 2)
		FAIL("usage: exec-image FD PORTID");
	fd = atoi(argv[0]);
	port = (uint32_t)strtoul(argv[1], NULL, 10);
	CHECK_EQ(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &type, &tlen), 0);
	CHECK_EQ(type, AF_NETLINK);
	CHECK_EQ(getsockname(fd, (struct sockaddr *)&s, &len), 0);
	CHECK_EQ(s.nl_pid, port);
	CHECK_EQ(recv(fd, buf, sizeof(buf), 0), 11);
	CHECK(!memcmp(buf, "before-exec", 11));
	CHECK_EQ(nl_send_to(fd, port, "self", 4), 4);
	CHECK_EQ(recv(fd, buf, sizeof(buf), 0), 4);
	return 0;
}

static int t_plain_fds(void)
{
	int p[2], sv[2], type, n = -1, nl;
	socklen_t len = sizeof(type);
	char buf[8];

	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(ioctl(p[0], FIONREAD, &n), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(send(sv[0], "de", 2, 0), 2);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 2);
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len), 0);
	CHECK_EQ(type, SOCK_STREAM);
	CHECK_EQ(shutdown(sv[0], SHUT_WR), 0);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 0);
	CHECK_ERR(socketpair(AF_NETLINK, SOCK_RAW, 0, sv), EOPNOTSUPP);
	CHECK_EQ(close(p[0]), 0);
	CHECK_EQ(close(p[1]), 0);
	/* What netlink refuses. */
	nl = nl_socket(0);
	CHECK(nl >= 0);
	CHECK_ERR(ioctl(nl, FIONREAD, &n), ENOTTY);
	CHECK_ERR(shutdown(nl, SHUT_RDWR), EOPNOTSUPP);
	CHECK_ERR(listen(nl, 1), EOPNOTSUPP);
	CHECK_ERR(recv(nl, buf, sizeof(buf), MSG_OOB), EOPNOTSUPP);
	CHECK_ERR(socket(AF_NETLINK, SOCK_STREAM, NETLINK_USERSOCK),
		  ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 99), EPROTONOSUPPORT);
	return 0;
}

static int t_sockopt(void)
{
	int a = nl_socket(0), b = nl_socket(0), v, one = 1;
	socklen_t len;
	uint32_t pa;
	char data[8];
	union {
		struct cmsghdr h;
		char buf[256];
	} cb;
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	struct ucred cr;

	CHECK(a >= 0 && b >= 0);
	len = sizeof(v);
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(v, SOCK_RAW);
	len = sizeof(v);
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_PROTOCOL, &v, &len), 0);
	CHECK_EQ(v, NETLINK_USERSOCK);
	len = sizeof(v);
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_DOMAIN, &v, &len), 0);
	CHECK_EQ(v, AF_NETLINK);
	len = 2; /* sk_getsockopt() cuts to the caller's length */
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_RCVBUF, &v, &len), 0);
	CHECK_EQ(len, 2);

	pa = nl_bind_auto(a);
	CHECK_EQ(setsockopt(a, SOL_NETLINK, NETLINK_PKTINFO, &one, sizeof(one)),
		 0);
	CHECK_EQ(setsockopt(a, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)), 0);
	CHECK_EQ(nl_send_to(b, pa, "cred", 4), 4);
	CHECK_EQ(nl_send_to(b, pa, "cred", 4), 4);
	m.msg_control = cb.buf;
	m.msg_controllen = sizeof(cb.buf);
	CHECK_EQ(recvmsg(a, &m, 0), 4);
	CHECK_EQ(m.msg_flags, 0);
	/* netlink_recvmsg()'s order: NETLINK_PKTINFO, then credentials. */
	c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL);
	CHECK_EQ(c->cmsg_level, SOL_NETLINK);
	CHECK_EQ(c->cmsg_type, NETLINK_PKTINFO);
	c = CMSG_NXTHDR(&m, c);
	CHECK(c != NULL);
	CHECK_EQ(c->cmsg_level, SOL_SOCKET);
	CHECK_EQ(c->cmsg_type, SCM_CREDENTIALS);
	memcpy(&cr, CMSG_DATA(c), sizeof(cr));
	CHECK_EQ(cr.pid, getpid());
	CHECK_EQ(cr.uid, geteuid());
	CHECK_EQ(m.msg_controllen,
		 CMSG_SPACE(sizeof(struct nl_pktinfo)) +
			 CMSG_SPACE(sizeof(struct ucred)));
	/* No room for the credentials: cut, and said so. */
	m.msg_controllen = CMSG_SPACE(sizeof(struct nl_pktinfo)) + 4;
	CHECK_EQ(recvmsg(a, &m, 0), 4);
	CHECK(m.msg_flags & MSG_CTRUNC);
	return 0;
}

static int t_enobufs(void)
{
	int a = nl_socket(0), b = nl_socket(0), one = 1, small = 1;
	struct sockaddr_nl g = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct pollfd p;
	char msg[1000] = { 0 }, buf[1000];
	bool seen = false;

	CHECK(a >= 0 && b >= 0);
	/* Bound first (bind() would reset the groups): do_one_broadcast()
	 * skips a receiver whose portid equals the destination's (0). */
	CHECK_EQ(nl_bind_auto(a) != 0, 1);
	CHECK_EQ(setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)),
		 0);
	CHECK_EQ(setsockopt(a, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &one,
			    sizeof(one)),
		 0);
	/* Broadcasts past a full receive buffer are dropped and leave
	 * ENOBUFS on the socket (netlink_overrun()).  The unicast part, to
	 * a kernel socket NETLINK_USERSOCK lacks, is refused, as on Linux. */
	for (int i = 0; i < 20; i++)
		CHECK_ERR(sendto(b, msg, sizeof(msg), 0, (struct sockaddr *)&g,
				 sizeof(g)),
			  ECONNREFUSED);
	p = (struct pollfd){ .fd = a, .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 1000), 1);
	for (int i = 0; i < 40; i++) {
		errno = 0;
		if (recv(a, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
			continue;
		if (errno == ENOBUFS) {
			seen = true;
			continue;
		}
		CHECK_EQ(errno, EAGAIN);
		break;
	}
	CHECK(seen);
	/* Taken once: the next receive has no error to report. */
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	return 0;
}

static int t_big(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	const size_t n = 100000;
	char *out = malloc(n), *in = malloc(n + 16);
	struct iovec v[3];
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 3 };
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	CHECK(a >= 0 && b >= 0 && out && in);
	to.nl_pid = nl_bind_auto(a);
	m.msg_name = &to;
	m.msg_namelen = sizeof(to);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(i * 7);
	/* More than one wire record: continued in CONT records. */
	v[0] = (struct iovec){ out, 10 };
	v[1] = (struct iovec){ out + 10, 70000 };
	v[2] = (struct iovec){ out + 70010, n - 70010 };
	CHECK_EQ(sendmsg(b, &m, 0), n);
	CHECK_EQ(recv(a, in, n + 16, 0), n);
	CHECK(!memcmp(in, out, n));
	free(out);
	free(in);
	return 0;
}

static int t_mmsg(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	char bufs[3][8], out[] = "m0m1m2";
	struct iovec v[3];
	struct mmsghdr mm[3];

	CHECK(a >= 0 && b >= 0);
	to.nl_pid = nl_bind_auto(a);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		v[i] = (struct iovec){ out + 2 * i, 2 };
		mm[i].msg_hdr.msg_iov = &v[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &to;
		mm[i].msg_hdr.msg_namelen = sizeof(to);
	}
	CHECK_EQ(sendmmsg(b, mm, 3, 0), 3);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		v[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
		mm[i].msg_hdr.msg_iov = &v[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK_EQ(recvmmsg(a, mm, 3, MSG_DONTWAIT, NULL), 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(mm[i].msg_len, 2);
		CHECK_EQ(bufs[i][1], '0' + i);
	}
	return 0;
}

static int t_close_range(void)
{
	int a = nl_socket(0), b;
	uint32_t pb;

	CHECK(a >= 0);
	CHECK_EQ(close_range((unsigned int)a, (unsigned int)a, 0), 0);
	CHECK_ERR(fcntl(a, F_GETFD), EBADF);
	/* The number comes back for a new socket, which must work. */
	b = nl_socket(0);
	CHECK(b >= 0);
	pb = nl_bind_auto(b);
	CHECK(pb != 0);
	/* And for a plain file, which must not be taken for the old one. */
	CHECK_EQ(close(b), 0);
	b = open("/dev/null", O_RDWR);
	CHECK(b >= 0);
	CHECK_EQ(write(b, "x", 1), 1);
	return 0;
}

static int t_ifaddrs(void)
{
	struct ifaddrs *ifa = (struct ifaddrs *)1;
	struct if_nameindex *ni;
	unsigned int idx;
	char name[IF_NAMESIZE];

	/* Whatever the stack knows of links today: no error, no crash. */
	CHECK_EQ(getifaddrs(&ifa), 0);
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next)
		CHECK(i->ifa_name != NULL);
	freeifaddrs(ifa);
	/* The stack's lo, at index 1 as in a fresh namespace. */
	idx = if_nametoindex("lo");
	CHECK_EQ(idx, 1);
	CHECK(if_indextoname(idx, name) != NULL);
	CHECK(!strcmp(name, "lo"));
	CHECK(if_indextoname(0x7fffffff, name) == NULL);
	CHECK_EQ(errno, ENXIO);
	ni = if_nameindex();
	CHECK(ni != NULL);
	for (struct if_nameindex *i = ni; i->if_index; i++)
		CHECK(i->if_name != NULL);
	if_freenameindex(ni);
	return 0;
}

/* A host interface the stack does not have, or "" when there is none. */
static void host_only_link(char *out)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;

	out[0] = '\0';
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= IF_NAMESIZE ||
		    !strcmp(e->d_name, "lo"))
			continue;
		if (if_nametoindex(e->d_name) == 0) {
			strcpy(out, e->d_name);
			break;
		}
	}
	if (d)
		closedir(d);
}

static int t_ifioctl(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), p[2];
	char other[IF_NAMESIZE];
	struct ifreq ifr;

	CHECK(fd >= 0);
	/* Answered by the stack: its lo, whatever the kernel's says. */
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_EQ(ioctl(fd, SIOCGIFINDEX, &ifr), 0);
	CHECK_EQ(ifr.ifr_ifindex, 1);
	CHECK_EQ(ioctl(fd, SIOCGIFMTU, &ifr), 0);
	CHECK_EQ(ifr.ifr_mtu, 65536);
	CHECK_EQ(ioctl(fd, SIOCGIFTXQLEN, &ifr), 0);
	CHECK_EQ(ifr.ifr_qlen, 1000);
	CHECK_EQ(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	CHECK(ifr.ifr_flags & IFF_LOOPBACK);
	CHECK_EQ(ioctl(fd, SIOCGIFHWADDR, &ifr), 0);
	CHECK_EQ(ifr.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = 1;
	CHECK_EQ(ioctl(fd, SIOCGIFNAME, &ifr), 0);
	CHECK(!strcmp(ifr.ifr_name, "lo"));
	ifr.ifr_ifindex = 0x7fffffff;
	CHECK_ERR(ioctl(fd, SIOCGIFNAME, &ifr), ENODEV);
	/* A device only the kernel has is not there. */
	host_only_link(other);
	if (other[0]) {
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, other);
		CHECK_ERR(ioctl(fd, SIOCGIFINDEX, &ifr), ENODEV);
	}
	close(fd);
	/* On a netlink socket too (Linux asks dev_ioctl after the
	 * protocol): the stack's answer, not the kernel's. */
	fd = nl_socket(0);
	CHECK(fd >= 0);
	if (other[0]) {
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, other);
		CHECK_ERR(ioctl(fd, SIOCGIFINDEX, &ifr), ENODEV);
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_EQ(ioctl(fd, SIOCGIFINDEX, &ifr), 0);
	CHECK_EQ(ifr.ifr_ifindex, 1);
	close(fd);
	/* Not a socket: the kernel's answer. */
	CHECK_EQ(pipe(p), 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_ERR(ioctl(p[0], SIOCGIFINDEX, &ifr), ENOTTY);
	close(p[0]);
	close(p[1]);
	return 0;
}

/* A vfork() child (posix_spawn, Python's subprocess) shares our memory:
 * the descriptors it closes before exec must stay ours. */
static int t_vfork_close(void)
{
	int a = nl_socket(0), b = nl_socket(0), st = -1;
	uint32_t pa;
	char buf[64];
	pid_t pid;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	pid = vfork();
	if (pid == 0) {
		close_range(3, ~0u, 0);
		close(a);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Still a netlink socket here: the datagram, not a wire record. */
	CHECK_EQ(nl_send_to(b, pa, "after", 5), 5);
	CHECK_EQ(recv(a, buf, sizeof(buf), 0), 5);
	CHECK(!memcmp(buf, "after", 5));
	return 0;
}

static int t_fortify(int argc, char **argv)
{
	int a = nl_socket(0), b = nl_socket(0);
	char buf[32];
	/* Not known at compile time: the _chk variants are called. */
	size_t n = (size_t)argc + sizeof(buf) - 1;
	uint32_t pa;

	(void)argv;
	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	CHECK_EQ(nl_send_to(b, pa, "one", 3), 3);
	CHECK_EQ(nl_send_to(b, pa, "two", 3), 3);
	CHECK_EQ(recv(a, buf, n, 0), 3);
	CHECK_EQ(read(a, buf, n), 3);
	CHECK(!memcmp(buf, "two", 3));
	return 0;
}

static void *sender(void *arg)
{
	int *fds = arg;

	usleep(100000);
	nl_send_to(fds[1], (uint32_t)fds[2], "late", 4);
	return NULL;
}

static int t_threads(void)
{
	int fds[3];
	pthread_t t;
	char buf[8];

	fds[0] = nl_socket(0);
	fds[1] = nl_socket(0);
	CHECK(fds[0] >= 0 && fds[1] >= 0);
	fds[2] = (int)nl_bind_auto(fds[0]);
	/* A blocking recv() must not keep another thread from sending. */
	CHECK_EQ(pthread_create(&t, NULL, sender, fds), 0);
	CHECK_EQ(recv(fds[0], buf, sizeof(buf), 0), 4);
	pthread_join(t, NULL);
	return 0;
}

/* ---- inline answers (src/wire/wire.h) ------------------------------ *
 * An answer to a request may reach the shim in the call page instead of
 * the data socket.  Whatever happens next, the program must see what a
 * kernel socket shows: readable at once, each message exactly once, in
 * order, to whichever thread or process reads. */

static int route_socket(void)
{
	return socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
}

/* NLMSG_NOOP with NLM_F_ACK: the kernel side answers with an ACK. */
static int send_noop(int fd, uint32_t seq)
{
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0),
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = seq,
	};
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	return (int)sendto(fd, &req, req.nlmsg_len, 0, (struct sockaddr *)&k,
			   sizeof(k));
}

/* The ACK for seq, and nothing else; 0 or a message. */
static int expect_ack(int fd, uint32_t seq, int flags)
{
	char buf[256];
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	ssize_t n = recv(fd, buf, sizeof(buf), flags);

	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		FAIL("recv: %zd (%s)", n, strerror(errno));
	if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != seq)
		FAIL("got type %u seq %u, want the ACK of %u", h->nlmsg_type,
		     h->nlmsg_seq, seq);
	return 0;
}

static int t_inline_ready(void)
{
	int r = route_socket(), ep;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct pollfd p;
	char buf[256];

	CHECK(r >= 0);
	/* Read without waiting for readiness: true length with a
	 * zero-length buffer, then the message, once. */
	CHECK_EQ(send_noop(r, 1), NLMSG_LENGTH(0));
	CHECK_EQ(recv(r, NULL, 0, MSG_PEEK | MSG_TRUNC),
		 NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	CHECK_EQ(expect_ack(r, 1, MSG_DONTWAIT), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* Readable the moment sendto() returns, whoever asks first. */
	CHECK_EQ(send_noop(r, 2), NLMSG_LENGTH(0));
	p = (struct pollfd){ .fd = r, .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK(p.revents & POLLIN);
	CHECK_EQ(expect_ack(r, 2, MSG_DONTWAIT), 0);
	p.revents = 0;
	CHECK_EQ(poll(&p, 1, 0), 0);
	close(r);

	r = route_socket();
	CHECK(r >= 0);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	CHECK_EQ(send_noop(r, 3), NLMSG_LENGTH(0));
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev), 0);
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 1);
	CHECK_EQ(expect_ack(r, 3, MSG_DONTWAIT), 0);
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
	CHECK_EQ(send_noop(r, 4), NLMSG_LENGTH(0));
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 1);
	CHECK_EQ(expect_ack(r, 4, MSG_DONTWAIT), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(ep);
	return 0;
}

static int t_inline_order(void)
{
	int r = route_socket();
	char buf[256];

	CHECK(r >= 0);
	/* Answers nobody read yet: the next ones queue behind them. */
	for (uint32_t seq = 1; seq <= 5; seq++)
		CHECK_EQ(send_noop(r, seq), NLMSG_LENGTH(0));
	for (uint32_t seq = 1; seq <= 5; seq++)
		CHECK_EQ(expect_ack(r, seq, MSG_DONTWAIT), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	return 0;
}

struct waiter {
	int fd, ep;
	int got; /* 1: the ACK arrived */
};

static void *recv_waiter(void *arg)
{
	struct waiter *w = arg;

	w->got = expect_ack(w->fd, 7, 0) == 0;
	return NULL;
}

static void *epoll_waiter(void *arg)
{
	struct waiter *w = arg;
	struct epoll_event out;

	w->got = epoll_wait(w->ep, &out, 1, 5000) == 1;
	return NULL;
}

/* Another thread sleeps in recv() or epoll_wait() on the socket while
 * this one sends: it wakes with the answer. */
static int t_inline_threads(void)
{
	struct waiter w = { .fd = route_socket() };
	struct epoll_event ev = { .events = EPOLLIN };
	char buf[256];
	pthread_t t;

	CHECK(w.fd >= 0);
	CHECK_EQ(pthread_create(&t, NULL, recv_waiter, &w), 0);
	usleep(100000); /* asleep in recvmsg() by now */
	CHECK_EQ(send_noop(w.fd, 7), NLMSG_LENGTH(0));
	pthread_join(t, NULL);
	CHECK_EQ(w.got, 1);
	CHECK_ERR(recv(w.fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);

	w.ep = epoll_create1(0);
	CHECK(w.ep >= 0);
	CHECK_EQ(epoll_ctl(w.ep, EPOLL_CTL_ADD, w.fd, &ev), 0);
	w.got = 0;
	CHECK_EQ(pthread_create(&t, NULL, epoll_waiter, &w), 0);
	usleep(100000);
	CHECK_EQ(send_noop(w.fd, 8), NLMSG_LENGTH(0));
	pthread_join(t, NULL);
	CHECK_EQ(w.got, 1);
	CHECK_EQ(expect_ack(w.fd, 8, MSG_DONTWAIT), 0);
	close(w.ep);
	return 0;
}

/* n NOOP|ACK requests in one datagram: n ACKs in one answer. */
static int send_noops(int fd, uint32_t seq, int n)
{
	struct nlmsghdr req[4];
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	for (int i = 0; i < n; i++)
		req[i] = (struct nlmsghdr){
			.nlmsg_len = NLMSG_LENGTH(0),
			.nlmsg_type = NLMSG_NOOP,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = seq + (uint32_t)i,
		};
	return (int)sendto(fd, req, (size_t)n * sizeof(req[0]), 0,
			   (struct sockaddr *)&k, sizeof(k));
}

/* Part of an answer read, or only peeked at: the rest is still readable
 * for every way of waiting, here and in a fork child. */
static int t_inline_partial(void)
{
	struct pollfd p;
	int r = route_socket(), ep, status;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	char buf[256];
	pid_t pid;

	CHECK(r >= 0);
	CHECK_EQ(send_noops(r, 100, 2), 2 * NLMSG_LENGTH(0));
	CHECK_EQ(expect_ack(r, 100, MSG_DONTWAIT), 0);
	p = (struct pollfd){ .fd = r, .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 2000), 1);
	CHECK_EQ(expect_ack(r, 101, MSG_DONTWAIT), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);

	/* A new socket: the one above is watched by poll() now. */
	close(r);
	r = route_socket();
	CHECK(r >= 0);
	CHECK_EQ(send_noop(r, 200), NLMSG_LENGTH(0));
	CHECK_EQ(recv(r, NULL, 0, MSG_PEEK | MSG_TRUNC),
		 NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev), 0);
	CHECK_EQ(epoll_wait(ep, &out, 1, 2000), 1);
	CHECK_EQ(expect_ack(r, 200, MSG_DONTWAIT), 0);
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
	close(ep);

	close(r);
	r = route_socket();
	CHECK(r >= 0);
	CHECK_EQ(send_noops(r, 300, 2), 2 * NLMSG_LENGTH(0));
	CHECK_EQ(expect_ack(r, 300, MSG_DONTWAIT), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct pollfd q = { .fd = r, .events = POLLIN };

		if (poll(&q, 1, 5000) != 1)
			_exit(10);
		_exit(expect_ack(r, 301, MSG_DONTWAIT) ? 11 : 0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	return 0;
}

static int peek_reader_fd;

static void *peek_reader(void *arg)
{
	int *got = arg;

	*got = expect_ack(peek_reader_fd, 100, 0) == 0;
	return NULL;
}

/* What the kernel shows when other parties read or ask first: a peek
 * after another thread took the first of two answers sees the second;
 * SIGIO is raised by the time sendmsg() returns; a fork child finds the
 * answer without waiting; closing a socket with an unread answer leaves
 * nothing for later waits to wait for. */
static int t_inline_others(void)
{
	char buf[256];
	sigset_t io;
	struct timespec zero = { 0, 0 };
	int64_t t0;
	pthread_t t;
	int got = 0, r, status;
	pid_t pid;

	peek_reader_fd = route_socket();
	CHECK(peek_reader_fd >= 0);
	CHECK_EQ(pthread_create(&t, NULL, peek_reader, &got), 0);
	usleep(100000); /* asleep in recvmsg() by now */
	CHECK_EQ(send_noops(peek_reader_fd, 100, 2), 2 * NLMSG_LENGTH(0));
	pthread_join(t, NULL);
	CHECK_EQ(got, 1);
	CHECK_EQ(expect_ack(peek_reader_fd, 101, MSG_PEEK | MSG_DONTWAIT), 0);
	CHECK_EQ(expect_ack(peek_reader_fd, 101, MSG_DONTWAIT), 0);
	CHECK_ERR(recv(peek_reader_fd, buf, sizeof(buf), MSG_DONTWAIT),
		  EAGAIN);
	close(peek_reader_fd);

	r = route_socket();
	CHECK(r >= 0);
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &io, NULL), 0);
	CHECK_EQ(fcntl(r, F_SETOWN, getpid()), 0);
	CHECK_EQ(fcntl(r, F_SETFL, fcntl(r, F_GETFL) | O_ASYNC), 0);
	CHECK_EQ(send_noop(r, 5), NLMSG_LENGTH(0));
	CHECK_EQ(sigtimedwait(&io, NULL, &zero), SIGIO);
	CHECK_EQ(expect_ack(r, 5, MSG_DONTWAIT), 0);
	close(r);
	CHECK_EQ(sigprocmask(SIG_UNBLOCK, &io, NULL), 0);

	r = route_socket();
	CHECK(r >= 0);
	CHECK_EQ(send_noop(r, 6), NLMSG_LENGTH(0));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(expect_ack(r, 6, MSG_DONTWAIT) ? 10 : 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(r);

	r = route_socket();
	CHECK(r >= 0);
	CHECK_EQ(send_noop(r, 7), NLMSG_LENGTH(0));
	close(r);
	t0 = now_ms();
	CHECK_EQ(poll(NULL, 0, 0), 0);
	/* Not a timing test: the bug this guards against waited 5 s. */
	if (now_ms() - t0 > 2000)
		FAIL("poll(NULL, 0, 0) took %lld ms", (long long)(now_ms() - t0));
	return 0;
}

/* A child reads the answer to its parent's request: the parent's copy
 * is paid to the data socket, and nobody gets it twice. */
static int t_inline_fork(void)
{
	int r = route_socket(), status;
	char buf[256];
	pid_t pid;

	CHECK(r >= 0);
	CHECK_EQ(send_noop(r, 9), NLMSG_LENGTH(0));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct pollfd p = { .fd = r, .events = POLLIN };

		if (poll(&p, 1, 5000) != 1)
			_exit(10);
		_exit(expect_ack(r, 9, MSG_DONTWAIT) ? 11 : 0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* And the parent goes on as before. */
	CHECK_EQ(send_noop(r, 10), NLMSG_LENGTH(0));
	CHECK_EQ(expect_ack(r, 10, 0), 0);
	return 0;
}

/* A fork bomb of shim users (issue 18): 2^FORK_LEVELS processes made by
 * forks in a tree, all alive at once, each connecting to the daemon with
 * its first netlink call after its fork: it names the socket it
 * inherited (an ATTACH of it) and asks on a socket of its own.  Every one
 * must be answered, and the inherited socket is the same in all. */
#define FORK_LEVELS 8

static int fork_bomb_one(int inherited, uint32_t portid, uint32_t seq)
{
	struct sockaddr_nl a;
	socklen_t l = sizeof(a);
	int r;

	if (getsockname(inherited, (struct sockaddr *)&a, &l) ||
	    a.nl_pid != portid)
		return 1;
	r = route_socket();
	if (r < 0 || send_noop(r, seq) != (int)NLMSG_LENGTH(0) ||
	    expect_ack(r, seq, 0))
		return 1;
	close(r);
	return 0;
}

static int t_fork_bomb(void)
{
	int inherited = route_socket(), go[2], failed = 0, status, nk = 0;
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t l = sizeof(a);
	pid_t kids[FORK_LEVELS];
	bool root = true;
	char c;

	CHECK(inherited >= 0);
	CHECK_EQ(bind(inherited, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(getsockname(inherited, (struct sockaddr *)&a, &l), 0);
	CHECK_EQ(pipe(go), 0);
	for (int level = 0; level < FORK_LEVELS; level++) {
		pid_t p = fork();

		if (p < 0) {
			failed = 1;
			break;
		}
		if (p == 0) {
			root = false;
			nk = 0;
			continue;
		}
		kids[nk++] = p;
	}
	/* all made before any asks: read() ends when every process has
	 * closed its copy of the write end */
	close(go[1]);
	if (read(go[0], &c, 1) != 0)
		failed = 1;
	failed |= fork_bomb_one(inherited, a.nl_pid,
				(uint32_t)getpid());
	for (int i = 0; i < nk; i++)
		if (waitpid(kids[i], &status, 0) != kids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	if (!root)
		_exit(failed);
	if (failed)
		FAIL("a process of the %d did not get its answers",
		     1 << FORK_LEVELS);
	return 0;
}

static int t_nodaemon(void)
{
	int64_t t0 = now_ms();
	int sv[2];

	CHECK_ERR(nl_socket(0), ECONNREFUSED);
	CHECK_ERR(nl_socket(0), ECONNREFUSED);
	if (now_ms() - t0 > 3000)
		FAIL("socket() took %lld ms", (long long)(now_ms() - t0));
	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	CHECK_EQ(send(sv[0], "x", 1, 0), 1);
	return 0;
}

/* Start a daemon at path; its pid, or -1. */
static pid_t daemon_start(const char *cli, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		unsetenv("LD_PRELOAD");
		execl(cli, cli, "daemon", "--socket", path, (char *)NULL);
		_exit(127);
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	for (int i = 0; i < 500; i++) {
		int fd = (int)syscall(SYS_socket, AF_UNIX,
				      SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
		int ok = fd >= 0 && syscall(SYS_connect, fd, &sun,
					    sizeof(sun)) == 0;

		if (fd >= 0)
			syscall(SYS_close, fd);
		if (ok)
			return pid;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* A call blocked in another thread when the daemon goes. */
struct blocked_call {
	int fd;
	uint32_t to; /* 0: a blocking recv; else a send to this portid */
	ssize_t ret;
	int err;
};

static void *blocked_call_run(void *arg)
{
	struct blocked_call *c = arg;
	char buf[8];

	errno = 0;
	c->ret = c->to ? nl_send_to(c->fd, c->to, "y", 1)
		       : recv(c->fd, buf, sizeof(buf), 0);
	c->err = errno;
	return NULL;
}

static bool connection_error(int e)
{
	return e == ECONNRESET || e == ECONNREFUSED || e == EPIPE;
}

/*
 * The daemon dies: every call on its sockets ends with an error, those
 * already blocked in other threads included (a recv waiting for data, a
 * send waiting for the stopped daemon's answer), never a hang.  A new
 * daemon at the same path serves new sockets; the old ones stay dead
 * (their portids, groups and queues died with the first daemon, as a
 * socket's state dies with its kernel).
 */
static int t_daemon_dies(void)
{
	const char *cli = getenv("UNL_TEST_CLI");
	char dir[] = "/tmp/unl-shim-dies-XXXXXX", path[128];
	struct blocked_call rc, sc;
	pthread_t rt, st;
	int a, b, c, e;
	uint32_t pa, pc;
	pid_t d;
	int64_t t0;
	char buf[8];

	CHECK(cli != NULL);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/socket", dir);
	/* A private daemon: this process's own connection goes with it. */
	d = daemon_start(cli, path);
	CHECK(d > 0);
	setenv("UNETLINK_SOCKET", path, 1);
	a = nl_socket(0);
	b = nl_socket(0);
	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	CHECK(pa != 0);
	CHECK(nl_bind_auto(b) != 0);

	/* Stopped, the daemon answers nothing: both calls block. */
	kill(d, SIGSTOP);
	rc = (struct blocked_call){ .fd = a };
	sc = (struct blocked_call){ .fd = b, .to = pa };
	CHECK_EQ(pthread_create(&rt, NULL, blocked_call_run, &rc), 0);
	CHECK_EQ(pthread_create(&st, NULL, blocked_call_run, &sc), 0);
	usleep(200000);
	kill(d, SIGKILL);
	waitpid(d, NULL, 0);
	t0 = now_ms();
	pthread_join(rt, NULL);
	pthread_join(st, NULL);
	if (now_ms() - t0 > 5000)
		FAIL("blocked calls took %lld ms to end",
		     (long long)(now_ms() - t0));
	CHECK_EQ(rc.ret, -1);
	CHECK_EQ(rc.err, ECONNRESET);
	CHECK_EQ(sc.ret, -1);
	if (!connection_error(sc.err))
		FAIL("a send blocked on the dying daemon: errno %d (%s)",
		     sc.err, strerror(sc.err));

	/* Later calls end at once. */
	CHECK_ERR(recv(a, buf, sizeof(buf), 0), ECONNRESET);
	errno = 0;
	CHECK_EQ(nl_send_to(b, pa, "x", 1), -1);
	e = errno;
	if (!connection_error(e))
		FAIL("send after the daemon died: errno %d (%s)", e,
		     strerror(e));

	/* A new daemon at the same path: new sockets work, old stay dead. */
	d = daemon_start(cli, path);
	CHECK(d > 0);
	c = nl_socket(0);
	CHECK(c >= 0);
	pc = nl_bind_auto(c);
	CHECK(pc != 0);
	CHECK_EQ(nl_send_to(c, pc, "z", 1), 1);
	CHECK_EQ(recv(c, buf, sizeof(buf), 0), 1);
	CHECK_EQ(buf[0], 'z');
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), ECONNRESET);
	close(a);
	close(b);
	close(c);
	kill(d, SIGTERM);
	waitpid(d, NULL, 0);
	unlink(path);
	rmdir(dir);
	return 0;
}

/* ---- capabilities -------------------------------------------------- */

extern int capget(cap_user_header_t hdr, cap_user_data_t data);
extern int capset(cap_user_header_t hdr, const cap_user_data_t data);

/* The calling thread's capability cap in or out of its effective set. */
static int cap_effective(int cap, bool on)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (capget(&h, d) < 0)
		return -1;
	if (on)
		d[cap / 32].effective |= 1u << (cap % 32);
	else
		d[cap / 32].effective &= ~(1u << (cap % 32));
	return capset(&h, d);
}

/* RTM_SETLINK of lo, up: the error of its ACK. */
static int setlink_lo(int fd, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_SETLINK,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		       .nlmsg_seq = seq },
		.i = { .ifi_index = 1, .ifi_flags = IFF_UP,
		       .ifi_change = IFF_UP },
	};
	char buf[512];
	const struct nlmsgerr *e = NLMSG_DATA(buf);

	if (send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req) ||
	    recv(fd, buf, sizeof(buf), 0) < (ssize_t)NLMSG_LENGTH(sizeof(*e)))
		return 1;
	return e->error;
}

struct cap_thread {
	int fd;
	pthread_barrier_t *step;
	int before, after;
};

/* Another thread, created while the first held CAP_NET_ADMIN: it still
 * holds it after the first dropped it.  When it changes its own
 * capabilities (here an unrelated one), its requests are judged by its
 * capabilities, as Linux judges each thread by its own. */
static void *cap_thread(void *arg)
{
	struct cap_thread *t = arg;

	pthread_barrier_wait(t->step); /* the first thread dropped it */
	t->before = cap_effective(CAP_SYS_BOOT, false);
	t->after = setlink_lo(t->fd, 3);
	return NULL;
}

static int t_capset_threads(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	pthread_barrier_t step;
	struct cap_thread t = { .step = &step };
	pthread_t th;
	int fd = route_socket();

	if (capget(&h, d) < 0 ||
	    !(d[0].effective & (1u << CAP_NET_ADMIN)) ||
	    !(d[0].effective & (1u << CAP_SYS_BOOT)))
		return 77; /* needs CAP_NET_ADMIN and CAP_SYS_BOOT */
	CHECK(fd >= 0);
	t.fd = fd;
	CHECK_EQ(setlink_lo(fd, 1), 0);
	CHECK_EQ(pthread_barrier_init(&step, NULL, 2), 0);
	CHECK_EQ(pthread_create(&th, NULL, cap_thread, &t), 0);
	CHECK_EQ(cap_effective(CAP_NET_ADMIN, false), 0);
	CHECK_EQ(setlink_lo(fd, 2), -EPERM);
	pthread_barrier_wait(&step);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(t.before, 0);
	CHECK_EQ(t.after, 0);
	return 0;
}

/* ---- splice and sendfile (also run against the kernel) ------------- */

/* a sends to b (connected); b's receive buffer holds everything here. */
static int splice_pair(int *a, int *b)
{
	int big = 1 << 20;

	*a = nl_socket(0);
	*b = nl_socket(0);
	if (*a < 0 || *b < 0 || !nl_bind_auto(*b) || !nl_bind_auto(*a))
		return -1;
	setsockopt(*b, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(*a, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	struct sockaddr_nl to = { .nl_family = AF_NETLINK,
				  .nl_pid = nl_portid(*b) };

	return connect(*a, (struct sockaddr *)&to, sizeof(to));
}

/* The size of the next datagram on fd (taken), or -1 when none. */
static ssize_t next_dgram(int fd)
{
	static char buf[1 << 18];

	return recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
}

static char filler[200000];

/* splice() from a pipe into a netlink socket: one datagram per batch of
 * at most 16 pipe buffers, waiting only for the first; the pipe's
 * O_NONBLOCK, not the socket's, says whether to wait. */
static int t_splice_in(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	loff_t off = 0;
	int a, b, p[2], q[2], fl;

	CHECK_EQ(splice_pair(&a, &b), 0);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(write(p[1], filler, 100), 100);
	CHECK_EQ(write(p[1], filler, 200), 200);
	CHECK_EQ(splice(p[0], NULL, a, NULL, 1000, 0), 300);
	CHECK_EQ(next_dgram(b), 300);
	CHECK_EQ(next_dgram(b), -1);
	CHECK_EQ(write(p[1], filler, 5000), 5000);
	CHECK_EQ(splice(p[0], NULL, a, NULL, 1000, 0), 1000);
	CHECK_EQ(next_dgram(b), 1000);
	CHECK_EQ(splice(p[0], NULL, a, NULL, 10000, 0), 4000);
	CHECK_EQ(next_dgram(b), 4000);
	/* A bigger pipe: 16 buffers a datagram. */
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) > 0);
	CHECK_EQ(write(p[1], filler, 100000), 100000);
	CHECK_EQ(splice(p[0], NULL, a, NULL, 200000, 0), 100000);
	CHECK_EQ(next_dgram(b), 16 * pg);
	CHECK_EQ(next_dgram(b), 100000 - 16 * pg);
	CHECK_EQ(next_dgram(b), -1);
	/* Nothing in the pipe. */
	CHECK_ERR(splice(p[0], NULL, a, NULL, 100, SPLICE_F_NONBLOCK), EAGAIN);
	fl = fcntl(p[0], F_GETFL);
	CHECK_EQ(fcntl(p[0], F_SETFL, fl | O_NONBLOCK), 0);
	CHECK_ERR(splice(p[0], NULL, a, NULL, 100, 0), EAGAIN);
	CHECK_EQ(fcntl(p[0], F_SETFL, fl), 0);
	CHECK_EQ(pipe(q), 0);
	CHECK_EQ(close(q[1]), 0);
	CHECK_EQ(splice(q[0], NULL, a, NULL, 100, 0), 0);
	/* The checks before any data moves. */
	CHECK_EQ(splice(p[0], NULL, a, NULL, 0, 0), 0);
	CHECK_ERR(splice(p[0], NULL, a, NULL, 10, 0x100), EINVAL);
	CHECK_ERR(splice(p[0], NULL, a, &off, 10, 0), EINVAL);
	CHECK_ERR(splice(p[0], &off, a, NULL, 10, 0), ESPIPE);
	CHECK_ERR(splice(p[1], NULL, a, NULL, 10, 0), EBADF);
	CHECK_ERR(splice(a, NULL, b, NULL, 10, 0), EINVAL);
	/* A refused send leaves the data in the pipe. */
	CHECK_EQ(write(p[1], filler, 10), 10);
	CHECK_EQ(close(b), 0);
	CHECK_ERR(splice(p[0], NULL, a, NULL, 10, 0), ECONNREFUSED);
	CHECK_EQ(read(p[0], filler, sizeof(filler)), 10);
	return 0;
}

/* splice() from a netlink socket into a pipe: one datagram, cut to the
 * pipe's free room (the rest dropped); a full pipe or one without
 * readers takes nothing off the socket. */
static int t_splice_out(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	static char buf[1 << 17];
	loff_t off = 0;
	int a, b, p[2], fl;

	CHECK_EQ(splice_pair(&a, &b), 0);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(send(a, filler, 3000, 0), 3000);
	CHECK_EQ(send(a, filler, 500, 0), 500);
	CHECK_EQ(splice(b, NULL, p[1], NULL, 65536, 0), 3000);
	CHECK_EQ(splice(b, NULL, p[1], NULL, 100, 0), 100);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3100);
	CHECK_EQ(next_dgram(b), -1);
	/* Nothing to read: the socket's O_NONBLOCK says so. */
	fl = fcntl(b, F_GETFL);
	CHECK_EQ(fcntl(b, F_SETFL, fl | O_NONBLOCK), 0);
	CHECK_ERR(splice(b, NULL, p[1], NULL, 100, 0), EAGAIN);
	CHECK_EQ(fcntl(b, F_SETFL, fl), 0);
	/* One free page left: the datagram is cut there. */
	CHECK_EQ(write(p[1], filler, 15 * pg), 15 * pg);
	CHECK_EQ(send(a, filler, 8000, 0), 8000);
	CHECK_EQ(splice(b, NULL, p[1], NULL, 10000, 0), pg < 8000 ? pg : 8000);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 16 * pg);
	/* A full pipe. */
	CHECK_EQ(fcntl(p[1], F_SETFL, O_NONBLOCK), 0);
	while (write(p[1], filler, pg) > 0)
		;
	CHECK_EQ(send(a, filler, 10, 0), 10);
	CHECK_ERR(splice(b, NULL, p[1], NULL, 10, 0), EAGAIN);
	CHECK_EQ(fcntl(p[1], F_SETFL, 0), 0);
	CHECK_ERR(splice(b, NULL, p[1], NULL, 10, SPLICE_F_NONBLOCK), EAGAIN);
	/* No reader. */
	signal(SIGPIPE, SIG_IGN);
	CHECK_EQ(close(p[0]), 0);
	CHECK_ERR(splice(b, NULL, p[1], NULL, 10, 0), EPIPE);
	CHECK_EQ(next_dgram(b), 10);
	CHECK_EQ(close(p[1]), 0);
	/* Offsets, and the wrong end of a pipe. */
	CHECK_EQ(pipe(p), 0);
	CHECK_ERR(splice(b, &off, p[1], NULL, 10, 0), EINVAL);
	CHECK_ERR(splice(b, NULL, p[1], &off, 10, 0), ESPIPE);
	CHECK_ERR(splice(b, NULL, p[0], NULL, 10, 0), EBADF);
	/* sendfile() out of a socket: into a pipe only. */
	CHECK_EQ(send(a, filler, 700, 0), 700);
	CHECK_EQ(sendfile(p[1], b, NULL, 65536), 700);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 700);
	CHECK_ERR(sendfile(p[1], b, &off, 10), ESPIPE);
	CHECK_ERR(sendfile(a, b, NULL, 10), EINVAL);
	return 0;
}

/* sendfile() from a file into a netlink socket: one datagram per chunk
 * that ends at a 16-page boundary of the file. */
static int t_sendfile_in(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), first = 16 * pg - 17;
	char path[] = "/tmp/unl-sendfile-XXXXXX";
	int a, b, f, p[2];
	off_t off = 5;

	CHECK_EQ(splice_pair(&a, &b), 0);
	f = mkstemp(path);
	CHECK(f >= 0);
	unlink(path);
	CHECK_EQ(write(f, filler, 150000), 150000);
	CHECK_EQ(lseek(f, 17, SEEK_SET), 17);
	CHECK_EQ(sendfile(a, f, NULL, 150000), 150000 - 17);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 150000);
	for (size_t left = 150000 - 17, n = first; left; n = 16 * pg) {
		n = left < n ? left : n;
		CHECK_EQ(next_dgram(b), n);
		left -= n;
	}
	CHECK_EQ(next_dgram(b), -1);
	CHECK_EQ(sendfile(a, f, &off, 10), 10);
	CHECK_EQ(off, 15);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 150000);
	CHECK_EQ(next_dgram(b), 10);
	off = 200000;
	CHECK_EQ(sendfile(a, f, &off, 10), 0);
	CHECK_EQ(sendfile(a, f, NULL, 0), 0);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(write(p[1], filler, 10), 10);
	CHECK_ERR(sendfile(a, p[0], NULL, 10), EINVAL);
	CHECK_ERR(sendfile(a, p[0], &off, 10), ESPIPE);
	return 0;
}

/* A system call that succeeds leaves errno as it was, in Linux; the
 * shim's own waits (a spin that sees EAGAIN, a poll) must not show
 * there (nfct prints errno after a success).  Many rounds of a dump
 * read a part at a time, its DONE made while the reader waits. */
static int t_errno_kept(void)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		  .g = { .rtgen_family = AF_UNSPEC } };
	char buf[8192];

	for (int i = 0; i < 200; i++) {
		int fd;

		errno = ENOTTY;
		fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
		CHECK(fd >= 0);
		CHECK_EQ(errno, ENOTTY);
		CHECK(nl_bind_auto(fd) != 0);
		CHECK_EQ(errno, ENOTTY);
		req.h.nlmsg_seq = (uint32_t)i + 1;
		CHECK_EQ(send(fd, &req, sizeof(req), 0), (ssize_t)sizeof(req));
		CHECK_EQ(errno, ENOTTY);
		for (;;) {
			ssize_t n = recv(fd, buf, sizeof(buf), 0);
			const struct nlmsghdr *h = (const void *)buf;

			CHECK(n > 0);
			CHECK_EQ(errno, ENOTTY);
			if (h->nlmsg_type == NLMSG_DONE)
				break;
		}
		CHECK_EQ(close(fd), 0);
		CHECK_EQ(errno, ENOTTY);
	}
	return 0;
}

/* ---- receive rings (wire.h) --------------------------------------- */

static bool ring_mapped(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "unetlink-ring") != NULL;
	fclose(f);
	return found;
}

struct ring_reader {
	int fd;
	uint32_t got;
	ssize_t n;
};

static void *ring_reader_run(void *arg)
{
	struct ring_reader *r = arg;

	r->n = recv(r->fd, &r->got, sizeof(r->got), 0);
	return NULL;
}

static ssize_t send_u32(int fd, uint32_t to, uint32_t v)
{
	return nl_send_to(fd, to, &v, sizeof(v));
}

/*
 * A socket read often gets a ring under the shim; what its reader sees
 * stays Linux's (the same checks run on the kernel's sockets): order,
 * MSG_PEEK and MSG_TRUNC, EAGAIN, SO_RCVTIMEO, blocked readers woken (two
 * at once), a fork child's read, and poll() readiness, with nothing
 * readable once it is all read.
 */
static int t_ring(void)
{
	int a = nl_socket(0), b = nl_socket(0), st;
	struct timeval tv = { 0, 50000 }, none = { 0, 0 };
	char big[200], buf[300];
	struct iovec v = { buf, 10 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
	struct ring_reader rd[2];
	pthread_t th[2];
	struct pollfd pfd;
	uint32_t pa, x;
	pid_t pid;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	CHECK(pa != 0);
	for (uint32_t i = 0; i < 40; i++) {
		CHECK_EQ(send_u32(b, pa, i), 4);
		CHECK_EQ(recv(a, &x, sizeof(x), 0), 4);
		CHECK_EQ(x, i);
	}
	if (getenv("LD_PRELOAD"))
		CHECK(ring_mapped());

	for (int i = 0; i < 200; i++)
		big[i] = (char)i;
	CHECK_EQ(nl_send_to(b, pa, big, 200), 200);
	CHECK_EQ(send_u32(b, pa, 7), 4);
	CHECK_EQ(recv(a, NULL, 0, MSG_PEEK | MSG_TRUNC), 200);
	CHECK_EQ(recvmsg(a, &m, 0), 10);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK(!memcmp(buf, big, 10));
	CHECK_EQ(recv(a, &x, sizeof(x), 0), 4);
	CHECK_EQ(x, 7);
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);

	CHECK(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	CHECK_ERR(recv(a, buf, sizeof(buf), 0), EAGAIN);
	CHECK(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none)) ==
	      0);

	/* Two readers asleep, two datagrams: both wake. */
	for (int i = 0; i < 2; i++) {
		rd[i] = (struct ring_reader){ .fd = a };
		CHECK(pthread_create(&th[i], NULL, ring_reader_run, &rd[i]) ==
		      0);
	}
	usleep(30000);
	CHECK_EQ(send_u32(b, pa, 100), 4);
	CHECK_EQ(send_u32(b, pa, 101), 4);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(rd[0].n, 4);
	CHECK_EQ(rd[1].n, 4);
	CHECK_EQ(rd[0].got + rd[1].got, 201);

	/* A fork child reads what was queued before; the parent the
	 * next. */
	CHECK_EQ(send_u32(b, pa, 300), 4);
	CHECK_EQ(send_u32(b, pa, 301), 4);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(recv(a, &x, sizeof(x), 0) == 4 && x == 300 ? 0 : 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ(recv(a, &x, sizeof(x), MSG_DONTWAIT), 4);
	CHECK_EQ(x, 301);

	/* poll(): readable with one queued, not once it is read. */
	CHECK_EQ(send_u32(b, pa, 400), 4);
	pfd = (struct pollfd){ .fd = a, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 2000), 1);
	CHECK_EQ(recv(a, &x, sizeof(x), 0), 4);
	CHECK_EQ(x, 400);
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	close(a);
	close(b);
	return 0;
}

/* A socket with a ring, then watched by poll(): what the ring held is
 * readable, in order, and poll() says so. */
static int t_ring_then_poll(void)
{
	int a = nl_socket(0), b = nl_socket(0);
	struct pollfd pfd;
	uint32_t pa, x;

	CHECK(a >= 0 && b >= 0);
	pa = nl_bind_auto(a);
	for (uint32_t i = 0; i < 40; i++) {
		CHECK_EQ(send_u32(b, pa, i), 4);
		CHECK_EQ(recv(a, &x, sizeof(x), 0), 4);
	}
	if (getenv("LD_PRELOAD"))
		CHECK(ring_mapped());
	for (uint32_t i = 0; i < 3; i++)
		CHECK_EQ(send_u32(b, pa, 500 + i), 4);
	pfd = (struct pollfd){ .fd = a, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 2000), 1);
	CHECK(pfd.revents & POLLIN);
	for (uint32_t i = 0; i < 3; i++) {
		CHECK_EQ(recv(a, &x, sizeof(x), MSG_DONTWAIT), 4);
		CHECK_EQ(x, 500 + i);
	}
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_ERR(recv(a, &x, sizeof(x), MSG_DONTWAIT), EAGAIN);
	close(a);
	close(b);
	return 0;
}

/*
 * Send grants (wire.h): after the first send to a portid, the shim
 * answers the next ones itself and the daemon runs them later.  What a
 * program sees stays Linux's (the same checks run on the kernel's
 * sockets): every datagram there, in order, for a non-blocking read and
 * a zero-timeout poll() right after the sends; ECONNREFUSED at once
 * after the receiver's close; and a sender process that exits right
 * after its sends loses none of them.
 */
static int t_grant(void)
{
	int a = nl_socket(0), b = nl_socket(0), c = nl_socket(0), st;
	struct timeval tv = { 5, 0 };
	struct pollfd pfd;
	uint32_t pb, pc, x;
	pid_t pid;

	CHECK(a >= 0 && b >= 0 && c >= 0);
	pb = nl_bind_auto(b);
	pc = nl_bind_auto(c);
	CHECK(pb != 0 && pc != 0);
	for (int round = 0; round < 20; round++) {
		for (uint32_t i = 0; i < 20; i++)
			CHECK_EQ(send_u32(a, pb, round * 100 + i), 4);
		for (uint32_t i = 0; i < 20; i++) {
			CHECK_EQ(recv(b, &x, sizeof(x), MSG_DONTWAIT), 4);
			CHECK_EQ(x, round * 100 + i);
		}
		CHECK_ERR(recv(b, &x, sizeof(x), MSG_DONTWAIT), EAGAIN);
		CHECK_EQ(send_u32(a, pb, 1), 4);
		pfd = (struct pollfd){ .fd = b, .events = POLLIN };
		CHECK_EQ(poll(&pfd, 1, 0), 1);
		CHECK_EQ(recv(b, &x, sizeof(x), MSG_DONTWAIT), 4);
	}
	for (int round = 0; round < 20; round++) {
		int d = nl_socket(0);
		uint32_t pd = nl_bind_auto(d);

		CHECK(d >= 0 && pd != 0);
		for (uint32_t i = 0; i < 5; i++)
			CHECK_EQ(send_u32(a, pd, i), 4);
		close(d);
		CHECK_ERR(send_u32(a, pd, 9), ECONNREFUSED);
	}
	/* A sender that exits at once: the reader gets all of it. */
	CHECK(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int s = nl_socket(0);

		for (uint32_t i = 0; i < 2000; i++)
			if (send_u32(s, pc, i) != 4)
				_exit(1);
		_exit(0);
	}
	for (uint32_t i = 0; i < 2000; i++) {
		CHECK_EQ(recv(c, &x, sizeof(x), 0), 4);
		CHECK_EQ(x, i);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_ERR(recv(c, &x, sizeof(x), MSG_DONTWAIT), EAGAIN);
	close(a);
	close(b);
	close(c);
	return 0;
}

struct test_case {
	const char *name;
	int (*fn)(void);
	int (*fn_args)(int argc, char **argv);
	bool no_daemon;
	bool kernel_too; /* also run without the shim, on the kernel's
			    sockets: the assertions are Linux's behaviour */
};

static const struct test_case cases[] = {
	{ "basic", t_basic },
	{ "poll", t_poll },
	{ "nonblock", t_nonblock },
	{ "rcvtimeo", t_rcvtimeo },
	{ "peek-trunc", t_peek_trunc },
	{ "ack-after-send", t_ack },
	{ "dup", t_dup },
	{ "fork", t_fork },
	{ "exec", t_exec },
	{ "plain-fds", t_plain_fds },
	{ "sockopt-cmsg", t_sockopt },
	{ "enobufs", t_enobufs },
	{ "big-sendmsg", t_big },
	{ "mmsg", t_mmsg },
	{ "close-range", t_close_range },
	{ "ifaddrs", t_ifaddrs },
	{ "ifioctl", t_ifioctl },
	{ "vfork-close", t_vfork_close },
	{ "fortify", NULL, t_fortify },
	{ "threads", t_threads },
	{ "inline-ready", t_inline_ready },
	{ "inline-order", t_inline_order },
	{ "inline-threads", t_inline_threads },
	{ "inline-fork", t_inline_fork },
	{ "inline-partial", t_inline_partial },
	{ "inline-others", t_inline_others },
	{ "no-daemon", t_nodaemon, NULL, true },
	{ "daemon-dies", t_daemon_dies, NULL, true },
	{ "capset-threads", t_capset_threads },
	{ "splice-in", t_splice_in, NULL, false, true },
	{ "splice-out", t_splice_out, NULL, false, true },
	{ "sendfile-in", t_sendfile_in, NULL, false, true },
	{ "exec-image", NULL, t_exec_image, false },
	{ "fork-bomb", t_fork_bomb, NULL, false, true },
	{ "errno-kept", t_errno_kept, NULL, false, true },
	{ "ring", t_ring, NULL, false, true },
	{ "ring-then-poll", t_ring_then_poll, NULL, false, true },
	{ "grant", t_grant, NULL, false, true },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static int run_child(int argc, char **argv)
{
	for (size_t i = 0; i < NCASES; i++) {
		if (strcmp(cases[i].name, argv[0]))
			continue;
		if (!getenv("LD_PRELOAD") &&
		    !(cases[i].kernel_too && getenv("UNL_TEST_KERNEL"))) {
			fprintf(stderr, "not under LD_PRELOAD\n");
			return 1;
		}
		return cases[i].fn ? cases[i].fn()
				   : cases[i].fn_args(argc - 1, argv + 1);
	}
	fprintf(stderr, "no case %s\n", argv[0]);
	return 2;
}

/* One case in a child process under the shim; its exit status, or -1
 * on a timeout. */
static int run_case(const struct test_case *t, const char *shim,
		    const char *sock, bool kernel)
{
	int64_t end = now_ms() + CASE_TIMEOUT_S * 1000;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (kernel) {
			unsetenv("LD_PRELOAD");
			setenv("UNL_TEST_KERNEL", "1", 1);
		} else {
			setenv("LD_PRELOAD", shim, 1);
		}
		setenv("UNETLINK_SOCKET",
		       t->no_daemon ? "/nonexistent/unetlink/socket" : sock, 1);
		execl(self, self, "--child", t->name, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(5000);
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "killed by signal %d\n", WTERMSIG(status));
		return 1;
	}
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/unl-shim-XXXXXX", sock[128];
	const char *shim, *cli;
	int failed = 0, n = 0;
	struct stat st;
	pid_t d;

	self = argv[0];
	if (argc >= 3 && !strcmp(argv[1], "--child"))
		return run_child(argc - 2, argv + 2);
	if (argc != 3) {
		fprintf(stderr, "usage: %s SHIM CLI\n", argv[0]);
		return 2;
	}
	shim = argv[1];
	cli = argv[2];
	if (stat(cli, &st) < 0 || stat(shim, &st) < 0) {
		printf("1..0 # SKIP the daemon (%s) or the shim (%s) is not "
		       "built\n",
		       cli, shim);
		return 77;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("UNL_TEST_CLI", cli, 1);
	d = daemon_start(cli, sock);
	if (d < 0) {
		printf("Bail out! the daemon did not start at %s\n", sock);
		rmdir(dir);
		return 1;
	}
	for (size_t i = 0; i < NCASES; i++)
		n += 1 + cases[i].kernel_too;
	printf("1..%d\n", n - 1);
	n = 0;
	for (size_t i = 0; i < NCASES * 2; i++) {
		const struct test_case *t = &cases[i / 2];
		bool kernel = i % 2;
		int r;

		if (!strcmp(t->name, "exec-image") || (kernel && !t->kernel_too))
			continue;
		fflush(stdout);
		r = run_case(t, shim, sock, kernel);
		n++;
		if (r == 0)
			printf("ok %d - %s%s\n", n, t->name,
			       kernel ? " (kernel)" : "");
		else if (r == 77)
			printf("ok %d - %s # SKIP\n", n, t->name);
		else {
			printf("not ok %d - %s%s%s\n", n, t->name,
			       kernel ? " (kernel)" : "",
			       r < 0 ? " (timeout)" : "");
			failed++;
		}
	}
	kill(d, SIGTERM);
	waitpid(d, NULL, 0);
	unlink(sock);
	rmdir(dir);
	return failed ? 1 : 0;
}
