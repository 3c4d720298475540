/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon tests' raw wire client (no shim): connecting, records and
 * their replies, sockets and their data sockets, the daemon started in
 * a child on a temporary socket path, and the checks' reporting.
 * Included by one test program each (tests/daemon/test_*.c).
 */
#ifndef UNETLINK_TESTS_WIRE_CLIENT_H
#define UNETLINK_TESTS_WIRE_CLIENT_H

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>

#include "daemon/daemon.h"
#include "wire/wire.h"

static int failures;
static const char *cur = "";

#define CHECK(c)                                                           \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, \
				__LINE__, cur, #c);                        \
			failures++;                                        \
		}                                                          \
	} while (0)
#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		long long va_ = (long long)(a), vb_ = (long long)(b);      \
		if (va_ != vb_) {                                          \
			fprintf(stderr,                                    \
				"FAIL %s:%d [%s]: %s == %s: %lld != %lld\n",  \
				__FILE__, __LINE__, cur, #a, #b, va_, vb_);   \
			failures++;                                        \
		}                                                          \
	} while (0)
#define REQUIRE(c)                                                         \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "FATAL %s:%d [%s]: %s (errno %s)\n", \
				__FILE__, __LINE__, cur, #c,               \
				strerror(errno));                          \
			exit(1);                                           \
		}                                                          \
	} while (0)

static char sock_path[108];
/* The daemon watches the read end: if this test dies, so does it. */
static int lifeline[2];
static const uid_t admin_uids[] = { 65533 };

/* ---- a raw wire client ---- */

static inline int cl_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	REQUIRE(fd >= 0);
	strcpy(sa.sun_path, sock_path);
	REQUIRE(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	return fd;
}

static inline void cl_send(int fd, uint32_t op, uint32_t sock, int32_t a0,
		    int32_t a1, int32_t a2, int32_t a3, const void *pl,
		    size_t plen, const int *fds, int nfds)
{
	struct unl_wire_req req = {
		.op = op, .sock = sock, .a0 = a0, .a1 = a1, .a2 = a2,
		.a3 = a3, .len = (uint32_t)plen,
	};
	struct iovec iov[2] = {
		{ .iov_base = &req, .iov_len = sizeof(req) },
		{ .iov_base = (void *)pl, .iov_len = plen },
	};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} ctl;
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };

	if (nfds) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
	}
	REQUIRE(sendmsg(fd, &msg, MSG_NOSIGNAL) >= 0);
}

/* One reply: its ret; payload into rbuf (*rlen in: room, out: length);
 * received descriptors into rfds. */
static inline int cl_reply(int fd, void *rbuf, size_t *rlen, int *rfds, int *nrfds)
{
	unsigned char buf[UNL_WIRE_MAX_RECORD];
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct unl_wire_rep rep;
	struct cmsghdr *cm;
	ssize_t n;

	REQUIRE(poll(&pfd, 1, 5000) == 1);
	n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	REQUIRE(n >= (ssize_t)sizeof(rep));
	memcpy(&rep, buf, sizeof(rep));
	CHECK_EQ(rep.len, (size_t)n - sizeof(rep));
	if (rlen) {
		size_t c = rep.len < *rlen ? rep.len : *rlen;

		memcpy(rbuf, buf + sizeof(rep), c);
		*rlen = rep.len;
	}
	if (nrfds)
		*nrfds = 0;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		int k = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		REQUIRE(rfds && k <= 2);
		memcpy(rfds, CMSG_DATA(cm), k * sizeof(int));
		*nrfds = k;
	}
	return rep.ret;
}

static inline int cl_call(int fd, uint32_t op, uint32_t sock, int32_t a0,
		   int32_t a1, int32_t a2, const void *pl, size_t plen)
{
	cl_send(fd, op, sock, a0, a1, a2, 0, pl, plen, NULL, 0);
	return cl_reply(fd, NULL, NULL, NULL, NULL);
}

struct csock {
	uint32_t id;
	int data;
	int memfd; /* its connection's status pool (cl_pools': not owned) */
	volatile struct unl_wire_shm *shm; /* its slot */
	void *map; /* the pool's page that holds it, read-only */
	uint32_t slot;
};

/* The status pool each connection got with its first slot (wire.h,
 * "Status slots"), by the connection's descriptor, plus one. */
static int cl_pools[1 << 16];

/* memfd (owned) came with a slot on connection fd: its pool from now on
 * (a connection that reused a closed one's number gets its own). */
static inline void cl_pool_note(int fd, int memfd)
{
	REQUIRE(fd >= 0 && fd < (int)(sizeof(cl_pools) / sizeof(cl_pools[0])));
	if (cl_pools[fd])
		close(cl_pools[fd] - 1);
	cl_pools[fd] = memfd + 1;
}

/* Connection fd's pool. */
static inline int cl_pool_of(int fd)
{
	REQUIRE(fd >= 0 && fd < (int)(sizeof(cl_pools) / sizeof(cl_pools[0])) &&
		cl_pools[fd]);
	return cl_pools[fd] - 1;
}

/* A fork child: the parent's pools are not its own. */
static inline void cl_pools_forget(void)
{
	for (size_t i = 0; i < sizeof(cl_pools) / sizeof(cl_pools[0]); i++)
		if (cl_pools[i]) {
			close(cl_pools[i] - 1);
			cl_pools[i] = 0;
		}
}

/* Close connection fd and its pool. */
static inline void cl_conn_close(int fd)
{
	if (fd >= 0 && fd < (int)(sizeof(cl_pools) / sizeof(cl_pools[0])) &&
	    cl_pools[fd]) {
		close(cl_pools[fd] - 1);
		cl_pools[fd] = 0;
	}
	close(fd);
}

/* Map the page of the pool memfd that holds slot into s. */
static inline void cl_map_slot(struct csock *s, const struct unl_wire_slot *ws)
{
	const size_t per = 4096 / sizeof(struct unl_wire_shm);

	s->map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, s->memfd,
		      (off_t)(ws->slot / per) * 4096);
	REQUIRE(s->map != MAP_FAILED);
	s->slot = ws->slot;
	s->shm = (volatile struct unl_wire_shm *)s->map + ws->slot % per;
	CHECK_EQ(s->shm->magic, UNL_WIRE_MAGIC);
	CHECK_EQ(s->shm->sock_id_hint, s->id);
}

/* The answer to a CREATE or ATTACH on connection fd, for s: 0 or the
 * error; the pool comes with the connection's first slot only. */
static inline int cl_slot_reply(int fd, struct csock *s, int nfds_sock)
{
	struct unl_wire_slot ws;
	size_t wl = sizeof(ws);
	int fds[2] = { -1, -1 }, nfds = 0, ret;

	ret = cl_reply(fd, &ws, &wl, fds, &nfds);
	if (ret < 0)
		return ret;
	CHECK(nfds == nfds_sock || nfds == nfds_sock + 1);
	REQUIRE(nfds == nfds_sock || nfds == nfds_sock + 1);
	CHECK_EQ(wl, sizeof(ws));
	if (nfds > nfds_sock)
		cl_pool_note(fd, fds[nfds_sock]);
	s->id = (uint32_t)ret;
	s->data = nfds_sock ? fds[0] : -1;
	s->memfd = cl_pool_of(fd);
	cl_map_slot(s, &ws);
	return 0;
}

/* CREATE. */
static inline int cl_create(int fd, int protocol, struct csock *s)
{
	cl_send(fd, UNL_OP_CREATE, 0, SOCK_RAW, protocol, 0, 0, NULL, 0,
		NULL, 0);
	return cl_slot_reply(fd, s, 1);
}

static inline int cl_bind(int fd, const struct csock *s, uint32_t portid,
		   uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = portid,
				 .nl_groups = groups };

	return cl_call(fd, UNL_OP_BIND, s->id, 0, 0, 0, &a, sizeof(a));
}

/* CREATE of a protocol socket on fd, then BIND to portid (0: the
 * daemon picks one) and groups: 0, or the error of the first that
 * failed (a CREATE that failed is not followed by a BIND). */
static inline int cl_create_bound(int fd, int protocol, struct csock *s,
				  uint32_t portid, uint32_t groups)
{
	int ret = cl_create(fd, protocol, s);

	return ret ? ret : cl_bind(fd, s, portid, groups);
}

static inline uint32_t cl_portid(int fd, const struct csock *s)
{
	struct sockaddr_nl a;
	size_t len = sizeof(a);
	int ret;

	memset(&a, 0, sizeof(a));
	cl_send(fd, UNL_OP_GETSOCKNAME, s->id, 0, 0, 0, 0, NULL, 0, NULL, 0);
	ret = cl_reply(fd, &a, &len, NULL, NULL);
	CHECK_EQ(ret, 0);
	CHECK_EQ(len, sizeof(a));
	return a.nl_pid;
}

static inline int cl_setopt(int fd, const struct csock *s, int level, int name,
		     const void *v, size_t len)
{
	return cl_call(fd, UNL_OP_SETSOCKOPT, s->id, level, name, 0, v, len);
}

/* SENDMSG with a destination address; flags as the client would pass. */
static inline void cl_sendto_req(int fd, const struct csock *s, uint32_t portid,
			  uint32_t groups, const void *data, size_t len,
			  int flags)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = portid,
				 .nl_groups = groups };
	unsigned char buf[4096];

	memcpy(buf, &a, sizeof(a));
	memcpy(buf + sizeof(a), data, len);
	cl_send(fd, UNL_OP_SENDMSG, s->id, flags, sizeof(a), 0, (int32_t)len,
		buf, sizeof(a) + len, NULL, 0);
}

static inline int cl_sendto(int fd, const struct csock *s, uint32_t portid,
		     uint32_t groups, const void *data, size_t len, int flags)
{
	cl_sendto_req(fd, s, portid, groups, data, len, flags);
	return cl_reply(fd, NULL, NULL, NULL, NULL);
}

/* The next record on a data socket, without waiting: its length (header
 * included) or -1. */
static inline ssize_t data_next(const struct csock *s, struct unl_wire_dgram *dg,
			 void *msg, size_t room)
{
	unsigned char buf[70000];
	ssize_t n = recv(s->data, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < (ssize_t)sizeof(*dg))
		return -1;
	memcpy(dg, buf, sizeof(*dg));
	if (msg)
		memcpy(msg, buf + sizeof(*dg),
		       (size_t)n - sizeof(*dg) < room ? (size_t)n - sizeof(*dg)
						      : room);
	return n;
}

static inline void cl_close(struct csock *s)
{
	munmap(s->map, 4096);
	if (s->data >= 0)
		close(s->data);
}

/* ---- the daemon in a child ---- */

/* In a child: run the daemon on sock_path; never returns. */
static inline void daemon_child(int ready_fd, int idle_exit_ms)
{
	struct unl_daemon_config cfg;

	unl_daemon_config_init(&cfg);
	cfg.socket_path = sock_path;
	/* Root serves other uids (shared); a user's private daemon makes
	 * that user admin. */
	cfg.shared = geteuid() == 0;
	cfg.admin_uids = admin_uids;
	cfg.n_admin_uids = 1;
	cfg.verbosity = 1;
	cfg.ready_fd = ready_fd;
	cfg.idle_exit_ms = idle_exit_ms;
	cfg.watch_fd = lifeline[0];
	/* The call-page tests take inline answers by hand: give them half
	 * a second rather than the client's millisecond. */
	cfg.owed_ns = 500000000;
	exit(unl_daemon_run(&cfg) == 0 ? 0 : 3);
}

static inline pid_t start_daemon(int idle_exit_ms)
{
	int p[2];
	char c;
	pid_t pid;
	struct pollfd pfd;

	REQUIRE(pipe2(p, O_CLOEXEC) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		daemon_child(p[1], idle_exit_ms);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	REQUIRE(poll(&pfd, 1, 10000) == 1);
	REQUIRE(read(p[0], &c, 1) == 1);
	close(p[0]);
	return pid;
}

/* Wait up to ms for pid; its wait status, or -1 on timeout. */
static inline int wait_for(pid_t pid, int ms)
{
	int st;

	for (int i = 0; i < ms / 10; i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return st;
		usleep(10000);
	}
	return -1;
}

static inline int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Is a socket with this protocol and portid listed by STATUS?  Its
 * owner pid, 0 when absent. */
static inline int status_owner(int fd, int protocol, uint32_t portid, int *count)
{
	struct unl_wire_sockinfo v[1800];
	size_t len = sizeof(v);
	int ret, owner = 0;

	cl_send(fd, UNL_OP_STATUS, 0, 0, 0, 0, 0, NULL, 0, NULL, 0);
	ret = cl_reply(fd, v, &len, NULL, NULL);
	CHECK(ret >= 0);
	CHECK_EQ(len % sizeof(v[0]), 0);
	if (count)
		*count = ret;
	for (size_t i = 0; i < len / sizeof(v[0]); i++)
		if (v[i].protocol == protocol && v[i].portid == portid &&
		    !v[i].kernel)
			owner = v[i].owner_pid;
	return owner;
}

/* Remove what a daemon leaves in the test's directory dir (its lock,
 * its subdirectory d/), then dir. */
static inline void daemon_dir_cleanup(const char *dir)
{
	char lock[sizeof(sock_path) + 8], sub[PATH_MAX];

	snprintf(lock, sizeof(lock), "%s.lock", sock_path);
	unlink(lock);
	snprintf(sub, sizeof(sub), "%s/d", dir);
	rmdir(sub);
	rmdir(dir);
}

/* The test's exit status, with one line for the reader. */
static inline int checks_done(const char *name)
{
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif
