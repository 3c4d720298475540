// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The daemon as a real process: started in a child on a temporary socket
 * path, driven by a raw wire client (no shim), as root and, when the test
 * runs as root, as unprivileged uids too.  Each check prints both sides.
 * The whole test is bounded by alarm().
 */
#include <sched.h>
#include <sys/syscall.h>

#include <linux/rtnetlink.h>

#include "wire_client.h"

/* ---- the checks ---- */

static void test_basic(int fd, pid_t dpid)
{
	struct unl_wire_dgram dg;
	struct csock a, b;
	char msg[64];
	uint32_t pa;

	cur = "hello";
	CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			 UNL_WIRE_VERSION, 0, NULL, 0), dpid);
	CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC, 99, 0,
			 NULL, 0), -EPROTO);

	cur = "create";
	CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &a), 0);
	CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &b), 0);
	CHECK(a.id != b.id);
	CHECK_EQ(cl_call(fd, UNL_OP_CREATE, 0, SOCK_RAW, 99, 0, NULL, 0),
		 -EPROTONOSUPPORT);
	CHECK_EQ(cl_call(fd, UNL_OP_CREATE, 0, SOCK_STREAM, 0, 0, NULL, 0),
		 -ESOCKTNOSUPPORT);

	cur = "bind";
	CHECK_EQ(cl_bind(fd, &a, 0, 0), 0);
	pa = cl_portid(fd, &a);
	CHECK(pa != 0);
	CHECK_EQ(cl_bind(fd, &b, 4242, 0), 0);
	CHECK_EQ(cl_portid(fd, &b), 4242);
	CHECK_EQ(cl_call(fd, UNL_OP_BIND, 9999, 0, 0, 0, NULL, 0), -EBADF);

	cur = "sendmsg and receive";
	CHECK_EQ(cl_sendto(fd, &a, 4242, 0, "hello", 5, MSG_DONTWAIT), 5);
	/* The contract: readable before the reply came. */
	memset(msg, 0, sizeof(msg));
	CHECK_EQ(data_next(&b, &dg, msg, sizeof(msg)), sizeof(dg) + 5);
	CHECK_EQ(dg.kind, UNL_DGRAM_DATA);
	CHECK_EQ(dg.hdrlen, sizeof(dg));
	CHECK_EQ(dg.portid, pa);
	CHECK_EQ(dg.pid, getpid());
	CHECK(!memcmp(msg, "hello", 5));

	cur = "consume";
	CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, b.id, 1, 4096, 1, NULL, 0), 1);
	CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, b.id, 1, 4096, 1, NULL, 0), 0);

	cur = "sendmsg in pieces (CONT)";
	{
		struct sockaddr_nl to = { .nl_family = AF_NETLINK,
					  .nl_pid = 4242 };
		char big[3000];

		memset(big, 'x', sizeof(big));
		cl_send(fd, UNL_OP_SENDMSG, a.id, MSG_DONTWAIT, sizeof(to), 0,
			sizeof(big), &to, sizeof(to), NULL, 0);
		cl_send(fd, UNL_OP_CONT, a.id, 0, 0, 0, 0, big, 1000, NULL, 0);
		cl_send(fd, UNL_OP_CONT, a.id, 0, 0, 0, 0, big + 1000, 2000,
			NULL, 0);
		CHECK_EQ(cl_reply(fd, NULL, NULL, NULL, NULL), sizeof(big));
		CHECK_EQ(data_next(&b, &dg, NULL, 0), sizeof(dg) + sizeof(big));
		CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, b.id, 1, 4096, 1, NULL, 0),
			 1);
	}

	cur = "full receiver: EAGAIN, parked sender, timeout";
	{
		int zero = 0, k = 0, ret;
		struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
		int64_t t0;

		CHECK_EQ(cl_setopt(fd, &b, SOL_SOCKET, SO_RCVBUF, &zero,
				   sizeof(zero)), 0);
		while ((ret = cl_sendto(fd, &a, 4242, 0, "0123456789", 10,
					MSG_DONTWAIT)) == 10 && k < 100)
			k++;
		CHECK_EQ(ret, -EAGAIN);
		CHECK(k >= 1);
		/* Past half the rcvbuf: every recvmsg must be reported. */
		CHECK(b.shm->flags & UNL_SHM_REPORT_NOW);

		CHECK_EQ(cl_setopt(fd, &a, SOL_SOCKET, SO_SNDTIMEO, &tv,
				   sizeof(tv)), 0);
		t0 = now_ms();
		CHECK_EQ(cl_sendto(fd, &a, 4242, 0, "0123456789", 10, 0),
			 -EAGAIN);
		CHECK(now_ms() - t0 >= 150);

		/* Blocked again; a CONSUME makes room and the reply comes. */
		cl_sendto_req(fd, &a, 4242, 0, "abcdefghij", 10, 0);
		usleep(50000);
		cl_send(fd, UNL_OP_CONSUME, b.id, k, 4096, 0, 0, NULL, 0, NULL,
			0);
		CHECK_EQ(cl_reply(fd, NULL, NULL, NULL, NULL), 10);
		for (int i = 0; i < k; i++)
			CHECK_EQ(data_next(&b, &dg, NULL, 0), sizeof(dg) + 10);
		memset(msg, 0, sizeof(msg));
		CHECK_EQ(data_next(&b, &dg, msg, sizeof(msg)), sizeof(dg) + 10);
		CHECK(!memcmp(msg, "abcdefghij", 10));
		CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, b.id, 1, 4096, 1, NULL, 0),
			 1);
		CHECK_EQ(data_next(&b, &dg, NULL, 0), -1);
	}

	cur = "a parked send to a group and a portid reaches the group once";
	{
		struct csock g;
		int k = 0, ret, copies = 0;

		REQUIRE(cl_create(fd, NETLINK_USERSOCK, &g) == 0);
		CHECK_EQ(cl_bind(fd, &g, 0, 0x1), 0);
		while ((ret = cl_sendto(fd, &a, 4242, 0, "0123456789", 10,
					MSG_DONTWAIT)) == 10 && k < 100)
			k++;
		CHECK_EQ(ret, -EAGAIN);
		/* Blocking: parked, and retried every 50 ms meanwhile. */
		cl_sendto_req(fd, &a, 4242, 0x1, "both legs!", 10, 0);
		usleep(170000);
		cl_send(fd, UNL_OP_CONSUME, b.id, k, 4096, 0, 0, NULL, 0, NULL,
			0);
		CHECK_EQ(cl_reply(fd, NULL, NULL, NULL, NULL), 10);
		while (data_next(&g, &dg, msg, sizeof(msg)) > 0)
			copies++;
		CHECK_EQ(copies, 1);
		for (int i = 0; i <= k; i++)
			CHECK_EQ(data_next(&b, &dg, NULL, 0), sizeof(dg) + 10);
		/* The first k were taken by the CONSUME above. */
		CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, b.id, 1, 4096, 1, NULL, 0),
			 1);
		cl_close(&g);
	}

	cur = "overrun: ENOBUFS on the status page, WAKE record";
	{
		struct csock c;
		int zero = 0, wakes = 0, datas = 0;
		ssize_t n;

		CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &c), 0);
		CHECK_EQ(cl_setopt(fd, &c, SOL_SOCKET, SO_RCVBUF, &zero,
				   sizeof(zero)), 0);
		CHECK_EQ(cl_bind(fd, &c, 0, 1), 0);
		for (int i = 0; i < 10; i++)
			cl_sendto(fd, &a, 0, 1, "broadcast!", 10, MSG_DONTWAIT);
		CHECK_EQ(c.shm->err, ENOBUFS);
		while ((n = data_next(&c, &dg, NULL, 0)) > 0) {
			if (dg.kind == UNL_DGRAM_WAKE)
				wakes++;
			else
				datas++;
		}
		CHECK(wakes >= 1);
		CHECK(datas >= 1);
		cl_close(&c);
	}

	cur = "status";
	{
		int count = 0;

		CHECK_EQ(status_owner(fd, NETLINK_USERSOCK, 4242, &count),
			 getpid());
		CHECK_EQ(status_owner(fd, NETLINK_USERSOCK, pa, NULL), getpid());
		CHECK(count >= 2);
	}

	cur = "attach from another connection";
	{
		int fd2 = cl_connect(), memfd = -1, nfds = 0, ret;
		uint32_t pid2;

		CHECK_EQ(cl_call(fd2, UNL_OP_GETSOCKNAME, a.id, 0, 0, 0, NULL,
				 0), -EBADF);
		struct unl_wire_slot ws, ws2;
		size_t wl = sizeof(ws);

		cl_send(fd2, UNL_OP_ATTACH, 0, 0, 0, 0, 0, NULL, 0, &a.data, 1);
		ret = cl_reply(fd2, &ws, &wl, &memfd, &nfds);
		CHECK_EQ(ret, a.id);
		/* a connection's first slot: its pool comes with it */
		CHECK_EQ(nfds, 1);
		CHECK_EQ(wl, sizeof(ws));
		pid2 = cl_portid(fd2, &a);
		CHECK_EQ(pid2, pa);
		/* the same user, another connection: a pool of its own,
		 * which no one but the daemon can write */
		{
			struct stat st1, st2;
			const volatile struct unl_wire_shm *sl;

			CHECK(fstat(memfd, &st1) == 0 && fstat(a.memfd, &st2) == 0 &&
			      st1.st_ino != st2.st_ino);
			CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
				   memfd, 0) == MAP_FAILED);
			CHECK(write(memfd, "x", 1) < 0 && errno == EPERM);
			CHECK(ftruncate(memfd, 0) < 0 && errno == EPERM);
			sl = mmap(NULL, 4096, PROT_READ, MAP_SHARED, memfd, 0);
			REQUIRE(sl != MAP_FAILED);
			/* its only slot shows the socket */
			CHECK_EQ(ws.slot, 0);
			CHECK_EQ(sl[ws.slot].magic, UNL_WIRE_MAGIC);
			CHECK_EQ(sl[ws.slot].sock_id_hint, a.id);
			/* asked again on the same connection: the same slot,
			 * the pool not sent again */
			nfds = 0;
			wl = sizeof(ws2);
			cl_send(fd2, UNL_OP_ATTACH, 0, 0, 0, 0, 0, NULL, 0,
				&a.data, 1);
			CHECK_EQ(cl_reply(fd2, &ws2, &wl, NULL, &nfds), a.id);
			CHECK_EQ(nfds, 0);
			CHECK_EQ(ws2.slot, ws.slot);
			/* CLOSE: that connection forgets it, the socket stays,
			 * and its slot there shows nothing any more */
			cl_send(fd2, UNL_OP_CLOSE, a.id, 0, 0, 0, 0, NULL, 0,
				NULL, 0);
			CHECK_EQ(cl_call(fd2, UNL_OP_GETSOCKNAME, a.id, 0, 0, 0,
					 NULL, 0), -EBADF);
			CHECK_EQ(sl[ws.slot].magic, 0);
			CHECK_EQ(a.shm->magic, UNL_WIRE_MAGIC);
			munmap((void *)sl, 4096);
		}
		close(memfd);
		CHECK_EQ(cl_portid(fd, &a), pa);
		close(fd2);
	}

	cur = "last client end closed: the socket goes";
	{
		int i;

		/* Closed, then CLOSE: gone before the next request. */
		cl_close(&b);
		cl_send(fd, UNL_OP_CLOSE, b.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
		CHECK_EQ(cl_sendto(fd, &a, 4242, 0, "x", 1, MSG_DONTWAIT),
			 -ECONNREFUSED);
		CHECK_EQ(status_owner(fd, NETLINK_USERSOCK, 4242, NULL), 0);

		/* Without CLOSE, the hang-up alone closes it, soon. */
		CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &b), 0);
		CHECK_EQ(cl_bind(fd, &b, 4243, 0), 0);
		cl_close(&b);
		for (i = 0; i < 200; i++) {
			if (!status_owner(fd, NETLINK_USERSOCK, 4243, NULL))
				break;
			usleep(10000);
		}
		CHECK(i < 200);
		/* The portid is free again. */
		CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &b), 0);
		CHECK_EQ(cl_bind(fd, &b, 4242, 0), 0);
		cl_close(&b);
	}

	cur = "status page flags follow socket options";
	{
		int one = 1, zero = 0;

		CHECK_EQ(cl_setopt(fd, &a, SOL_NETLINK, NETLINK_PKTINFO, &one,
				   sizeof(one)), 0);
		CHECK_EQ(cl_setopt(fd, &a, SOL_SOCKET, SO_PASSCRED, &one,
				   sizeof(one)), 0);
		CHECK_EQ(a.shm->flags & (UNL_SHM_RECV_PKTINFO | UNL_SHM_PASSCRED),
			 UNL_SHM_RECV_PKTINFO | UNL_SHM_PASSCRED);
		CHECK_EQ(cl_setopt(fd, &a, SOL_NETLINK, NETLINK_PKTINFO, &zero,
				   sizeof(zero)), 0);
		CHECK_EQ(a.shm->flags & UNL_SHM_RECV_PKTINFO, 0);
	}

	cur = "admin: SO_RCVBUFFORCE";
	{
		int v = 1 << 20;

		/* Root, or the owner of a private daemon. */
		CHECK_EQ(cl_setopt(fd, &a, SOL_SOCKET, SO_RCVBUFFORCE, &v,
				   sizeof(v)), 0);
	}
	cl_close(&a);
}

/* UNL_OP_IOCTL: an argument, and one with a pointer the daemon points
 * at its copy of the indirect buffer; bad layouts refused. */
static void test_ioctl(int fd)
{
	struct {
		struct unl_wire_ioctl h;
		struct ifreq ifr;
		struct ethtool_value v;
	} rq;
	unsigned char rep[sizeof(struct ifreq) + sizeof(struct ethtool_value)];
	size_t len = sizeof(rep);
	struct ifreq out;
	struct ethtool_value v;

	cur = "ioctl";
	memset(&rq, 0, sizeof(rq));
	rq.h = (struct unl_wire_ioctl){ .arg_len = sizeof(rq.ifr),
					.ptr_off = UNL_WIRE_IOCTL_NO_PTR };
	strcpy(rq.ifr.ifr_name, "lo");
	cl_send(fd, UNL_OP_IOCTL, 0, AF_INET, SIOCGIFFLAGS, 0, 0, &rq,
		sizeof(rq.h) + sizeof(rq.ifr), NULL, 0);
	CHECK_EQ(cl_reply(fd, rep, &len, NULL, NULL), 0);
	CHECK_EQ(len, sizeof(struct ifreq));
	memcpy(&out, rep, sizeof(out));
	CHECK_EQ(out.ifr_flags & IFF_LOOPBACK, IFF_LOOPBACK);
	/* ethtool's buffer through the pointer: lo's link, down */
	rq.h.ptr_off = offsetof(struct ifreq, ifr_data);
	rq.h.ind_len = rq.h.ind_cap = sizeof(rq.v);
	rq.v.cmd = ETHTOOL_GLINK;
	rq.v.data = 7;
	len = sizeof(rep);
	cl_send(fd, UNL_OP_IOCTL, 0, AF_INET, SIOCETHTOOL, 0, 0, &rq,
		sizeof(rq), NULL, 0);
	CHECK_EQ(cl_reply(fd, rep, &len, NULL, NULL), 0);
	CHECK_EQ(len, sizeof(rep));
	memcpy(&v, rep + sizeof(struct ifreq), sizeof(v));
	CHECK_EQ(v.cmd, ETHTOOL_GLINK);
	CHECK_EQ(v.data, 0);
	/* a pointer outside the argument, a buffer larger than said */
	rq.h.ptr_off = sizeof(rq.ifr);
	CHECK_EQ(cl_call(fd, UNL_OP_IOCTL, 0, AF_INET, SIOCETHTOOL, 0, &rq,
			 sizeof(rq)), -EINVAL);
	rq.h.ptr_off = offsetof(struct ifreq, ifr_data);
	rq.h.ind_cap = 2;
	CHECK_EQ(cl_call(fd, UNL_OP_IOCTL, 0, AF_INET, SIOCETHTOOL, 0, &rq,
			 sizeof(rq)), -EINVAL);
	CHECK_EQ(cl_call(fd, UNL_OP_IOCTL, 0, AF_INET, SIOCGIFFLAGS, 0, &rq, 3),
		 -EINVAL);
	/* a tun request names its file */
	CHECK_EQ(cl_call(fd, UNL_OP_TUN_IOCTL, 0, (int32_t)TUNGETFEATURES, 0,
			 0, &v, sizeof(int)), -EBADF);
}

static void test_garbage(int fd)
{
	char junk[3] = { 1, 2, 3 };
	int g;
	char c;
	struct pollfd pfd;

	cur = "garbage closes only that connection";
	g = cl_connect();
	REQUIRE(send(g, junk, sizeof(junk), 0) == 3);
	pfd.fd = g;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(recv(g, &c, 1, 0), 0);
	close(g);

	g = cl_connect();
	cl_send(g, 777, 0, 0, 0, 0, 0, NULL, 0, NULL, 0);
	pfd.fd = g;
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(recv(g, &c, 1, 0), 0);
	close(g);

	g = cl_connect();
	cl_send(g, UNL_OP_CONT, 1, 0, 0, 0, 0, "x", 1, NULL, 0);
	pfd.fd = g;
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(recv(g, &c, 1, 0), 0);
	close(g);

	CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			 UNL_WIRE_VERSION, 0, NULL, 0) > 0, 1);

	cur = "a client that floods and never reads stalls only itself";
	{
		struct unl_wire_req req = { .op = UNL_OP_HELLO,
					    .a0 = (int32_t)UNL_WIRE_MAGIC,
					    .a1 = UNL_WIRE_VERSION };
		int sent = 0;

		g = cl_connect();
		while (sent < 100000 &&
		       send(g, &req, sizeof(req), MSG_DONTWAIT) == sizeof(req))
			sent++;
		CHECK(sent < 100000); /* the daemon stopped reading it */
		CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
				 UNL_WIRE_VERSION, 0, NULL, 0) > 0, 1);
		close(g);
		CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
				 UNL_WIRE_VERSION, 0, NULL, 0) > 0, 1);
	}
}

/* UNL_OP_CRED with this effective set, for the first thread. */
static void cl_cred(int fd, uint64_t effective)
{
	struct unl_wire_cred wc = { .effective = effective };

	cl_send(fd, UNL_OP_CRED, 0, 0, 0, 0, 0, &wc, sizeof(wc), NULL, 0);
}

/* Whether SO_RCVBUFFORCE (CAP_NET_ADMIN) is allowed now. */
static bool cl_admin_now(int fd, const struct csock *s)
{
	int v = 1 << 16;

	return cl_setopt(fd, s, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) ==
	       0;
}

/*
 * UNL_OP_CRED lowers rights, never raises them: a process that says it
 * holds nothing is judged so even when the kernel says more, and says
 * more in vain.  The emulated rights of a private daemon's owner (when
 * not root) stay: the kernel gives that process nothing to drop.
 */
static void test_cred(void)
{
	int fd = cl_connect();
	struct csock s;
	bool root = geteuid() == 0;

	cur = "UNL_OP_CRED";
	CHECK(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
		      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
	CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &s), 0);
	CHECK(cl_admin_now(fd, &s));
	cl_cred(fd, 0);
	CHECK_EQ(cl_admin_now(fd, &s), !root);
	cl_cred(fd, ~UINT64_C(0));
	CHECK(cl_admin_now(fd, &s));
	cl_close(&s);
	/* A record of the wrong size is garbage. */
	cl_send(fd, UNL_OP_CRED, 0, 0, 0, 0, 0, "x", 1, NULL, 0);
	{
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char c;

		CHECK_EQ(poll(&pfd, 1, 5000), 1);
		CHECK_EQ(recv(fd, &c, 1, 0), 0);
	}
	close(fd);
}

/* A child that waits until its pipe closes; as uid 65534 when drop. */
static pid_t waiting_child(int *wfd, bool drop)
{
	int p[2], r[2];
	pid_t pid;
	char c;

	REQUIRE(pipe(p) == 0 && pipe(r) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		close(r[0]);
		if (drop && (setresgid(65534, 65534, 65534) < 0 ||
			     setresuid(65534, 65534, 65534) < 0))
			_exit(1);
		(void)!write(r[1], "r", 1);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	close(r[1]);
	REQUIRE(read(r[0], &c, 1) == 1);
	close(r[0]);
	*wfd = p[1];
	return pid;
}

/* A process made with CLONE_PARENT (a bare clone(), as a static program
 * may make one): this process's sibling, which waits until its pipe
 * closes; its parent, not this process, reaps it. */
static pid_t waiting_sibling(int *wfd)
{
	int p[2], r[2];
	pid_t pid;
	char c;

	REQUIRE(pipe(p) == 0 && pipe(r) == 0);
	/* no stack of its own: a copy of this one, as fork() gives */
	pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		close(r[0]);
		(void)!write(r[1], "r", 1);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	close(r[1]);
	REQUIRE(read(r[0], &c, 1) == 1);
	close(r[0]);
	*wfd = p[1];
	return pid;
}

/*
 * UNL_OP_ACT_FOR: the connection may act for the process that made it
 * and its descendants (and the siblings it made with CLONE_PARENT), each
 * with its own pid (autobind) and rights, never for another process; a
 * descendant with other ids only when the
 * connecting process could set ids.
 */
static void test_act_for(void)
{
	int fd = cl_connect(), w;
	bool root = geteuid() == 0;
	struct csock s;
	pid_t pid;

	cur = "UNL_OP_ACT_FOR";
	CHECK(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
		      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL, 0), 0);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, 1, 0, 0, NULL, 0), -EPERM);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getppid(), 0, 0, NULL, 0),
		 -EPERM);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, -5, 0, 0, NULL, 0), -EINVAL);

	/* a child: its own pid for autobind */
	pid = waiting_child(&w, false);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, pid, 0, 0, NULL, 0), 0);
	CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &s), 0);
	CHECK_EQ(cl_bind(fd, &s, 0, 0), 0);
	CHECK_EQ(cl_portid(fd, &s), (uint32_t)pid);
	cl_close(&s);
	close(w);
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	/* gone: not believed, and the connection acts as before */
	CHECK(cl_call(fd, UNL_OP_ACT_FOR, 0, pid, 0, 0, NULL, 0) < 0);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL, 0), 0);

	/* a process it made with CLONE_PARENT is its sibling, which /proc
	 * cannot tell from any other child of its parent: not when the
	 * connecting process asks itself (test_act_for_siblings()) */
	pid = waiting_sibling(&w);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, pid, 0, 0, NULL, 0), -EPERM);
	close(w);
	CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL, 0), 0);

	/* a child that gave up root is judged so, its parent is not */
	if (root) {
		pid = waiting_child(&w, true);
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, pid, 0, 0, NULL, 0),
			 0);
		CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &s), 0);
		CHECK(!cl_admin_now(fd, &s));
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL,
				 0), 0);
		CHECK(cl_admin_now(fd, &s));
		cl_close(&s);
		close(w);
		CHECK_EQ(waitpid(pid, NULL, 0), pid);
	}
	close(fd);
}

/* A descriptor over a unix socket, and one int beside it. */
static void pass_fd(int chan, int fd, int value)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct iovec v = { &value, sizeof(value) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };

	memset(&cm, 0, sizeof(cm));
	cm.h.cmsg_level = SOL_SOCKET;
	cm.h.cmsg_type = SCM_RIGHTS;
	cm.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&cm.h), &fd, sizeof(fd));
	REQUIRE(sendmsg(chan, &m, 0) == (ssize_t)sizeof(value));
}

static int take_fd(int chan, int *value)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct iovec v = { value, sizeof(*value) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	int fd = -1;

	REQUIRE(recvmsg(chan, &m, MSG_CMSG_CLOEXEC) == (ssize_t)sizeof(*value));
	REQUIRE(CMSG_FIRSTHDR(&m) != NULL);
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(fd));
	return fd;
}

/*
 * The sibling rule of UNL_OP_ACT_FOR, as the seccomp supervisor uses it
 * and as a hostile client would: this process plays the supervisor (the
 * parent of the connecting process, to which the connection is passed),
 * a child "cmd" connects, makes a CLONE_PARENT sibling and hands the
 * connection over.  The sibling is named in a record this process
 * writes (its SCM_CREDENTIALS pid is cmd's parent); cmd itself may not
 * name it, nor any other child of its parent (a shell's next command,
 * init's every process: the processes /proc cannot tell from a
 * sibling), nor one older than it; and none once cmd is gone.
 */
static void test_act_for_siblings(void)
{
	int ch[2], older_w, later_w, sib_w, conn, sib, n;
	pid_t older, later, cmd;
	struct csock s;
	char c = 0;

	cur = "UNL_OP_ACT_FOR: siblings";
	REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ch) == 0);
	older = waiting_child(&older_w, false);
	/* start times count in clock ticks (USER_HZ, 100 a second): two
	 * ticks apart, the older one is older */
	{
		struct timespec ts = { 0, 25 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	cmd = fork();
	REQUIRE(cmd >= 0);
	if (cmd == 0) {
		int fd = cl_connect(), later_pid = 0, w;
		pid_t mine;

		failures = 0;
		close(ch[0]);
		CHECK(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
		mine = waiting_sibling(&w);
		REQUIRE(read(ch[1], &later_pid, sizeof(later_pid)) ==
			sizeof(later_pid));
		/* asking for itself: no sibling counts */
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, mine, 0, 0, NULL, 0),
			 -EPERM);
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, later_pid, 0, 0, NULL,
				 0), -EPERM);
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getppid(), 0, 0, NULL,
				 0), -EPERM);
		CHECK_EQ(cl_call(fd, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL,
				 0), 0);
		pass_fd(ch[1], fd, (int)mine);
		close(fd);
		pass_fd(ch[1], w, failures);
		close(w);
		/* alive until told */
		(void)!read(ch[1], &c, 1);
		_exit(0);
	}
	close(ch[1]);
	later = waiting_child(&later_w, false);
	REQUIRE(write(ch[0], &later, sizeof(later)) == sizeof(later));
	conn = take_fd(ch[0], &sib);
	sib_w = take_fd(ch[0], &n);
	CHECK_EQ(n, 0); /* cmd's own checks */
	/* written by cmd's parent: cmd's CLONE_PARENT sibling is its own,
	 * with its own pid for autobind */
	CHECK_EQ(cl_call(conn, UNL_OP_ACT_FOR, 0, sib, 0, 0, NULL, 0), 0);
	CHECK_EQ(cl_create(conn, NETLINK_USERSOCK, &s), 0);
	CHECK_EQ(cl_bind(conn, &s, 0, 0), 0);
	CHECK_EQ(cl_portid(conn, &s), (uint32_t)sib);
	cl_close(&s);
	/* the parent's own later child: made by the writer itself */
	CHECK_EQ(cl_call(conn, UNL_OP_ACT_FOR, 0, later, 0, 0, NULL, 0), 0);
	/* older than cmd: no sibling of its making */
	CHECK_EQ(cl_call(conn, UNL_OP_ACT_FOR, 0, older, 0, 0, NULL, 0),
		 -EPERM);
	/* the writer itself is no process of cmd's */
	CHECK_EQ(cl_call(conn, UNL_OP_ACT_FOR, 0, getpid(), 0, 0, NULL, 0),
		 -EPERM);
	CHECK_EQ(cl_call(conn, UNL_OP_ACT_FOR, 0, cmd, 0, 0, NULL, 0), 0);
	/* cmd gone: nothing of its tree is named any more */
	REQUIRE(write(ch[0], "x", 1) == 1);
	CHECK_EQ(waitpid(cmd, NULL, 0), cmd);
	CHECK(cl_call(conn, UNL_OP_ACT_FOR, 0, sib, 0, 0, NULL, 0) < 0);
	CHECK(cl_call(conn, UNL_OP_ACT_FOR, 0, later, 0, 0, NULL, 0) < 0);
	close(sib_w);
	close(later_w);
	close(older_w);
	CHECK_EQ(waitpid(sib, NULL, 0), sib);
	CHECK_EQ(waitpid(later, NULL, 0), later);
	CHECK_EQ(waitpid(older, NULL, 0), older);
	close(conn);
	close(ch[0]);
}

/* As uid, without capabilities: the core's EPERM paths, or an admin's
 * success for a listed uid.  Runs in a child; returns its failures. */
static int as_user(uid_t uid, bool admin)
{
	pid_t pid = fork();
	int st;

	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct csock s, r;
		int fd, v = 1 << 20;

		/* Its exit status speaks for its own checks only. */
		failures = 0;
		REQUIRE(setgroups(0, NULL) == 0);
		REQUIRE(setresgid(65534, 65534, 65534) == 0);
		REQUIRE(setresuid(uid, uid, uid) == 0);
		cur = admin ? "listed admin uid" : "unprivileged uid";
		fd = cl_connect();
		CHECK(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
		CHECK_EQ(cl_create(fd, NETLINK_USERSOCK, &s), 0);
		/* Only the privileged listen to usersock groups. */
		CHECK_EQ(cl_bind(fd, &s, 0, 1), admin ? 0 : -EPERM);
		CHECK_EQ(cl_setopt(fd, &s, SOL_SOCKET, SO_RCVBUFFORCE, &v,
				   sizeof(v)), admin ? 0 : -EPERM);
		CHECK_EQ(cl_create(fd, NETLINK_ROUTE, &r), 0);
		/* rtnetlink has no NONROOT_SEND: unicast to a user socket
		 * needs CAP_NET_ADMIN. */
		CHECK_EQ(cl_sendto(fd, &r, 12345, 0, "0123456789abcdef", 16,
				   MSG_DONTWAIT), admin ? -ECONNREFUSED : -EPERM);
		/* Claiming every capability raises nothing. */
		cl_cred(fd, ~UINT64_C(0));
		CHECK_EQ(cl_admin_now(fd, &s), admin);
		_exit(failures ? 1 : 0);
	}
	st = wait_for(pid, 20000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/*
 * A socket named by two users (root made it, a child that became nobody
 * ATTACHes it): a slot in each connection's pool, which is another
 * file, and both show the same; a pending error shows in both, and taken on one
 * connection it is gone from both (wire.h, "Status slots").
 */
static void test_slots_of_two_users(int fd)
{
	struct csock a, t;
	struct stat st0;
	int to_child[2], to_parent[2], one = 1, zero = 0, w;
	char b;
	pid_t pid;

	cur = "status slots of two users";
	REQUIRE(cl_create(fd, NETLINK_USERSOCK, &a) == 0);
	CHECK_EQ(cl_setopt(fd, &a, SOL_NETLINK, NETLINK_PKTINFO, &one,
			   sizeof(one)), 0);
	CHECK_EQ(cl_setopt(fd, &a, SOL_SOCKET, SO_RCVBUF, &zero, sizeof(zero)),
		 0);
	CHECK_EQ(cl_bind(fd, &a, 0, 1), 0);
	REQUIRE(fstat(a.memfd, &st0) == 0);
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct unl_wire_slot ws;
		size_t wl = sizeof(ws);
		struct csock c = { .id = 0 };
		struct stat st1;
		int c_fd, nfds = 0, ret;

		failures = 0;
		REQUIRE(setgroups(0, NULL) == 0);
		REQUIRE(setresgid(65534, 65534, 65534) == 0);
		REQUIRE(setresuid(65534, 65534, 65534) == 0);
		c_fd = cl_connect();
		cl_send(c_fd, UNL_OP_ATTACH, 0, 1, 0, 0, 0, NULL, 0, &a.data, 1);
		ret = cl_reply(c_fd, &ws, &wl, &c.memfd, &nfds);
		CHECK_EQ(ret, (int)a.id);
		REQUIRE(nfds == 1 && wl == sizeof(ws));
		c.id = (uint32_t)ret;
		cl_map_slot(&c, &ws);
		REQUIRE(fstat(c.memfd, &st1) == 0);
		CHECK(st1.st_ino != st0.st_ino);
		CHECK(c.shm->flags & UNL_SHM_RECV_PKTINFO);
		REQUIRE(write(to_parent[1], "a", 1) == 1);
		REQUIRE(read(to_child[0], &b, 1) == 1);
		/* the overrun the parent made shows here too */
		CHECK_EQ(c.shm->err, ENOBUFS);
		CHECK_EQ(cl_call(c_fd, UNL_OP_SOCK_ERROR, c.id, 0, 0, 0, NULL, 0),
			 ENOBUFS);
		CHECK_EQ(c.shm->err, 0);
		munmap(c.map, 4096);
		close(c.memfd);
		close(c_fd);
		_exit(failures ? 1 : 0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	REQUIRE(read(to_parent[0], &b, 1) == 1);
	REQUIRE(cl_create(fd, NETLINK_USERSOCK, &t) == 0);
	for (int i = 0; i < 10; i++)
		cl_sendto(fd, &t, 0, 1, "broadcast!", 10, MSG_DONTWAIT);
	cl_close(&t);
	CHECK_EQ(a.shm->err, ENOBUFS);
	REQUIRE(write(to_child[1], "g", 1) == 1);
	w = wait_for(pid, 20000);
	CHECK(w != -1 && WIFEXITED(w) && WEXITSTATUS(w) == 0);
	/* taken by the other user's connection: gone here as well */
	CHECK_EQ(a.shm->err, 0);
	CHECK_EQ(cl_call(fd, UNL_OP_SOCK_ERROR, a.id, 0, 0, 0, NULL, 0), 0);
	/* kept for the next call (recvmmsg), shown, then taken */
	CHECK_EQ(cl_call(fd, UNL_OP_SOCK_ERROR, a.id, EINTR, 0, 0, NULL, 0), 0);
	CHECK_EQ(a.shm->err, EINTR);
	CHECK_EQ(cl_call(fd, UNL_OP_SOCK_ERROR, a.id, 0, 0, 0, NULL, 0), EINTR);
	close(to_child[1]);
	close(to_parent[0]);
	cl_close(&a);
}

/* More sockets than one STATUS record holds: the listing comes in pages. */
/* ---- call pages (wire.h, "The call page") ---- */

struct cpage {
	int fd; /* the control connection */
	volatile struct unl_wire_call *p;
	size_t len;
	uint32_t seq;
	uint32_t records;
};

static void cp_open(struct cpage *cp)
{
	int rfd = -1, nrfds = 0, ret;
	struct stat st;

	memset(cp, 0, sizeof(*cp));
	cp->fd = cl_connect();
	cl_send(cp->fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
		UNL_WIRE_VERSION, 1, 0, NULL, 0, NULL, 0);
	ret = cl_reply(cp->fd, NULL, NULL, &rfd, &nrfds);
	CHECK(ret > 0);
	REQUIRE(nrfds == 1);
	REQUIRE(fstat(rfd, &st) == 0);
	cp->len = (size_t)st.st_size;
	CHECK(cp->len >= sizeof(struct unl_wire_call));
	/* Sealed: the client cannot shrink it under the daemon. */
	CHECK(ftruncate(rfd, 4096) < 0 && errno == EPERM);
	cp->p = mmap(NULL, cp->len, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	REQUIRE(cp->p != MAP_FAILED);
	close(rfd);
	CHECK_EQ(cp->p->magic, UNL_WIRE_MAGIC);
	CHECK_EQ(cp->p->cap, UNL_WIRE_MAX_RECORD);
}

static void cp_close(struct cpage *cp)
{
	munmap((void *)cp->p, cp->len);
	close(cp->fd);
}

/* A record on the control connection, counted as the shim counts it. */
static void cp_record(struct cpage *cp, uint32_t op, uint32_t sock,
		      int32_t a0)
{
	cl_send(cp->fd, op, sock, a0, 0, 0, 0, NULL, 0, NULL, 0);
	__atomic_fetch_add(&cp->p->records, 1, __ATOMIC_RELEASE);
	cp->records++;
}

/* Write a request into the page; KICK when the daemon does not watch. */
static void cp_post(struct cpage *cp, uint32_t op, uint32_t sock, int32_t a0,
		    int32_t a1, int32_t a2, int32_t a3, const void *pl,
		    size_t plen, bool kick)
{
	struct unl_wire_req req = {
		.op = op, .sock = sock, .a0 = a0, .a1 = a1, .a2 = a2,
		.a3 = a3, .len = (uint32_t)plen,
	};

	if (plen)
		memcpy((void *)cp->p->data, pl, plen);
	memcpy((void *)&cp->p->req, &req, sizeof(req));
	cp->seq++;
	__atomic_store_n(&cp->p->req_seq, cp->seq, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (kick || !__atomic_load_n(&cp->p->watched, __ATOMIC_RELAXED))
		cp_record(cp, UNL_OP_KICK, 0, 0);
}

/* Wait for the answer by sleeping (waiting = 1): the daemon must send a
 * WAKE record.  Returns ret; the payload stays in the page. */
/*
 * Wait for the answer to the last posted call.  With woken NULL the
 * client never says it sleeps, so no WAKE record can come.  Otherwise
 * the caller set waiting before posting, and the daemon owes one WAKE
 * record: it may land after rep_seq, so wait for both, or a late WAKE
 * would be read as the reply to the next socket record.
 */
static int cp_wait(struct cpage *cp, bool *woken)
{
	int64_t deadline = 5000;
	bool got_wake = false;

	for (;;) {
		bool answered = __atomic_load_n(&cp->p->rep_seq,
						__ATOMIC_ACQUIRE) == cp->seq;
		struct pollfd pfd = { .fd = cp->fd, .events = POLLIN };
		struct unl_wire_rep rep;

		if (answered && (woken == NULL || got_wake))
			break;
		REQUIRE(deadline-- > 0);
		if (poll(&pfd, 1, 1) == 1) {
			ssize_t n = recv(cp->fd, &rep, sizeof(rep),
					 MSG_DONTWAIT);

			REQUIRE(n == (ssize_t)sizeof(rep));
			CHECK_EQ(rep.ret, UNL_WIRE_REP_WAKE);
			got_wake = true;
		}
	}
	if (woken != NULL) {
		*woken = got_wake;
		__atomic_store_n(&cp->p->waiting, 0, __ATOMIC_RELAXED);
	}
	return cp->p->rep.ret;
}

/* The daemon closed the connection (recv returns 0 within 5 s). */
static bool cp_closed_by_daemon(struct cpage *cp)
{
	struct pollfd pfd = { .fd = cp->fd, .events = POLLIN };
	unsigned char b[64];

	for (int i = 0; i < 50; i++) {
		if (poll(&pfd, 1, 100) == 1) {
			ssize_t n = recv(cp->fd, b, sizeof(b), MSG_DONTWAIT);

			if (n == 0)
				return true;
		}
	}
	return false;
}

static void test_call_page(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = 7001 };
	struct cpage cp;
	struct csock s1, s2;
	struct unl_wire_dgram dg;
	unsigned char msg[64];
	bool woken;
	int fds[2], nfds, ret;

	cur = "call page: HELLO gives a sealed page";
	cp_open(&cp);

	cur = "call page: bind and getsockname answered in the page";
	REQUIRE(cl_create(cp.fd, NETLINK_USERSOCK, &s1) == 0);
	__atomic_fetch_add(&cp.p->records, 1, __ATOMIC_RELEASE);
	cp_post(&cp, UNL_OP_BIND, s1.id, 0, 0, 0, 0, &a, sizeof(a), true);
	CHECK_EQ(cp_wait(&cp, NULL), 0);
	cp_post(&cp, UNL_OP_GETSOCKNAME, s1.id, 0, 0, 0, 0, NULL, 0, false);
	CHECK_EQ(cp_wait(&cp, NULL), 0);
	CHECK_EQ(cp.p->rep.len, sizeof(struct sockaddr_nl));
	{
		struct sockaddr_nl got;

		memcpy(&got, (const void *)cp.p->rdata, sizeof(got));
		CHECK_EQ(got.nl_pid, 7001);
	}

	cur = "call page: a sleeping client is woken by a WAKE record";
	/* Waiting is set before the request: the daemon must wake us. */
	__atomic_store_n(&cp.p->waiting, 1, __ATOMIC_RELAXED);
	{
		struct nlmsghdr h = { .nlmsg_len = 16, .nlmsg_type = 16 };

		memcpy(msg, &a, sizeof(a));
		memcpy(msg + sizeof(a), &h, sizeof(h));
		cp_post(&cp, UNL_OP_SENDMSG, s1.id, 0, sizeof(a), 0,
			sizeof(h), msg, sizeof(a) + sizeof(h), false);
	}
	CHECK_EQ(cp_wait(&cp, &woken), 16);
	CHECK(woken);
	/* sendmsg's contract: the datagram is there when it answers. */
	CHECK(data_next(&s1, &dg, msg, sizeof(msg)) > 0);

	cur = "call page: a CLOSE record sent before a call is applied first";
	cl_send(cp.fd, UNL_OP_CREATE, 0, SOCK_RAW, NETLINK_USERSOCK, 0, 0,
		NULL, 0, NULL, 0);
	__atomic_fetch_add(&cp.p->records, 1, __ATOMIC_RELEASE);
	nfds = 0;
	ret = cl_reply(cp.fd, NULL, NULL, fds, &nfds);
	REQUIRE(ret > 0 && nfds >= 1);
	s2.id = (uint32_t)ret;
	s2.data = fds[0];
	if (nfds == 2)
		close(fds[1]);
	cl_close(&s1);
	cp_record(&cp, UNL_OP_CLOSE, s1.id, 0);
	/* At once: 7001 must be free for s2. */
	cp_post(&cp, UNL_OP_BIND, s2.id, 0, 0, 0, 0, &a, sizeof(a), false);
	CHECK_EQ(cp_wait(&cp, NULL), 0);

	cur = "call page: an op a page may not carry closes the connection";
	cp_post(&cp, UNL_OP_CREATE, 0, SOCK_RAW, NETLINK_USERSOCK, 0, 0, NULL,
		0, true);
	CHECK(cp_closed_by_daemon(&cp));
	close(s2.data);
	cp_close(&cp);

	cur = "call page: a length beyond the page closes the connection";
	cp_open(&cp);
	{
		struct unl_wire_req req = { .op = UNL_OP_GETSOCKNAME,
					    .len = UNL_WIRE_MAX_RECORD };

		memcpy((void *)&cp.p->req, &req, sizeof(req));
		__atomic_store_n(&cp.p->req_seq, ++cp.seq, __ATOMIC_RELEASE);
		cp_record(&cp, UNL_OP_KICK, 0, 0);
	}
	CHECK(cp_closed_by_daemon(&cp));
	cp_close(&cp);

	cur = "call page: records counted but never sent close the connection";
	cp_open(&cp);
	REQUIRE(cl_create(cp.fd, NETLINK_USERSOCK, &s1) == 0);
	/* The CREATE, and two more that were never sent: ahead of what the
	 * daemon can read whether or not it has seen the KICK yet. */
	__atomic_fetch_add(&cp.p->records, 3, __ATOMIC_RELEASE);
	cp_post(&cp, UNL_OP_GETSOCKNAME, s1.id, 0, 0, 0, 0, NULL, 0, true);
	CHECK(cp_closed_by_daemon(&cp));
	cl_close(&s1);
	cp_close(&cp);

	cur = "call page: a second HELLO on one connection gets no second page";
	cp_open(&cp);
	{
		int rfds[2] = { -1, -1 }, n = -1;

		cl_send(cp.fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			UNL_WIRE_VERSION, 1, 0, NULL, 0, NULL, 0);
		CHECK(cl_reply(cp.fd, NULL, NULL, rfds, &n) > 0);
		CHECK_EQ(n, 0);
	}
	cp_close(&cp);
}

/* ---- inline answers (wire.h): each transition of the call page's
 * `owed` word ---- */

/* A USERSOCK socket bound to portid, on page cp. */
static void inline_sock(struct cpage *cp, uint32_t portid, struct csock *s)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = portid };

	REQUIRE(cl_create(cp->fd, NETLINK_USERSOCK, s) == 0);
	__atomic_fetch_add(&cp->p->records, 1, __ATOMIC_RELEASE);
	cp_post(cp, UNL_OP_BIND, s->id, 0, 0, 0, 0, &a, sizeof(a), true);
	REQUIRE(cp_wait(cp, NULL) == 0);
}

/* A SENDMSG asking for an inline answer: n messages of type 16 from s
 * to itself (portid), each a datagram the same socket receives. */
static int inline_send(struct cpage *cp, const struct csock *s,
		       uint32_t portid, int n)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = portid };
	unsigned char msg[sizeof(a) + 4 * 16] = { 0 };

	memcpy(msg, &a, sizeof(a));
	for (int i = 0; i < n; i++) {
		struct nlmsghdr h = { .nlmsg_len = 16, .nlmsg_type = 16,
				      .nlmsg_seq = (uint32_t)i + 1 };

		memcpy(msg + sizeof(a) + 16 * i, &h, sizeof(h));
	}
	cp_post(cp, UNL_OP_SENDMSG | UNL_OP_F_INLINE, s->id, 0, sizeof(a), 0,
		16 * n, msg, sizeof(a) + 16 * (size_t)n, false);
	return cp_wait(cp, NULL);
}

/* The records of the answer in the page: how many there are. */
static int inline_records(struct cpage *cp)
{
	size_t off = 0, len = cp->p->rep.len;
	int n = 0;

	while (off + 4 <= len) {
		uint32_t rl;

		memcpy(&rl, (const void *)(cp->p->rdata + off), 4);
		REQUIRE(rl >= sizeof(struct unl_wire_dgram) &&
			off + 4 + rl <= len);
		off += (4 + rl + 3) & ~(size_t)3;
		n++;
	}
	return n;
}

/* The client takes record i: owed goes from (key, i) to (key, i + 1),
 * or to 0 for the last; false when the daemon is paying or paid. */
static bool inline_take(struct cpage *cp, uint32_t i, bool last)
{
	uint64_t key = UNL_OWED_KEY(cp->seq);
	uint64_t want = UNL_OWED(key, i);
	uint64_t next = last ? 0 : UNL_OWED(key, i + 1);

	return __atomic_compare_exchange_n(&cp->p->owed, &want, next, false,
					   __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* The owed word once the daemon is done paying (PAYING is passing). */
static uint64_t owed_settled(struct cpage *cp)
{
	uint64_t v;

	for (int i = 0; i < 5000; i++) {
		v = __atomic_load_n(&cp->p->owed, __ATOMIC_ACQUIRE);
		if (v != UNL_OWED_PAYING)
			return v;
		usleep(1000);
	}
	return v;
}

/* A SENDMSG asking for an inline answer of RTM_GETLINK for lo with an
 * ACK: two datagrams for the route socket r. */
static int inline_getlink(struct cpage *cp, const struct csock *r)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		       .nlmsg_seq = 9 },
		.i = { .ifi_index = 1 },
	};
	unsigned char msg[sizeof(a) + sizeof(req)];

	memcpy(msg, &a, sizeof(a));
	memcpy(msg + sizeof(a), &req, sizeof(req));
	cp_post(cp, UNL_OP_SENDMSG | UNL_OP_F_INLINE, r->id, 0, sizeof(a), 0,
		sizeof(req), msg, sizeof(msg), false);
	return cp_wait(cp, NULL);
}

/* What a recvmsg() tells the daemon after it read n datagrams, from
 * the data socket or from an answer (the core's queue moves on). */
static void inline_consumed(struct cpage *cp, const struct csock *s, int n)
{
	if (cp && n > 0)
		cp_record(cp, UNL_OP_CONSUME, s->id, n);
}

/* Datagrams that reach the data socket within three seconds, read
 * and consumed (cp NULL: the connection is gone). */
static int data_count(struct cpage *cp, const struct csock *s, int want)
{
	struct unl_wire_dgram dg;
	int n = 0;

	for (int i = 0; i < 300 && n < want; i++) {
		struct pollfd pfd = { .fd = s->data, .events = POLLIN };

		if (poll(&pfd, 1, 10) == 1 && data_next(s, &dg, NULL, 0) > 0)
			n++;
	}
	/* and nothing more (each once) */
	if (data_next(s, &dg, NULL, 0) > 0)
		n++;
	inline_consumed(cp, s, n);
	return n;
}

static void test_inline_answers(void)
{
	struct cpage cp;
	struct csock s;

	cp_open(&cp);
	inline_sock(&cp, 7101, &s);

	cur = "inline: the answer carries the datagram, owed (key, 0)";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	CHECK(cp.p->rep.len > 0);
	CHECK_EQ(inline_records(&cp), 1);
	CHECK_EQ(__atomic_load_n(&cp.p->owed, __ATOMIC_ACQUIRE),
		 UNL_OWED(UNL_OWED_KEY(cp.seq), 0));

	cur = "inline: taken by the client (to 0), never on the data socket";
	CHECK(inline_take(&cp, 0, true));
	inline_consumed(&cp, &s, 1);
	CHECK_EQ(data_count(&cp, &s, 0), 0);

	cur = "inline: not taken, UNL_OP_PAY writes it to the data socket";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	REQUIRE(cp.p->rep.len > 0);
	cp_record(&cp, UNL_OP_PAY, 0, 0);
	CHECK_EQ(data_count(&cp, &s, 1), 1);
	CHECK_EQ(owed_settled(&cp), 0);
	cur = "inline: a take after the daemon paid fails";
	CHECK(!inline_take(&cp, 0, true));

	cur = "inline: not taken, the next call pays it first";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	REQUIRE(cp.p->rep.len > 0);
	cp_post(&cp, UNL_OP_GETSOCKNAME, s.id, 0, 0, 0, 0, NULL, 0, false);
	CHECK_EQ(cp_wait(&cp, NULL), 0);
	CHECK_EQ(data_count(&cp, &s, 1), 1);

	cur = "inline: not taken, the daemon pays it by itself in time";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	REQUIRE(cp.p->rep.len > 0);
	CHECK_EQ(data_count(&cp, &s, 1), 1);
	CHECK_EQ(owed_settled(&cp), 0);

	cur = "inline: two records, the first taken (key, 1), the rest paid";
	{
		struct csock r;

		REQUIRE(cl_create(cp.fd, NETLINK_ROUTE, &r) == 0);
		__atomic_fetch_add(&cp.p->records, 1, __ATOMIC_RELEASE);
		CHECK(inline_getlink(&cp, &r) > 0);
		CHECK_EQ(inline_records(&cp), 2);
		CHECK(inline_take(&cp, 0, false));
		inline_consumed(&cp, &r, 1);
		CHECK_EQ(__atomic_load_n(&cp.p->owed, __ATOMIC_ACQUIRE),
			 UNL_OWED(UNL_OWED_KEY(cp.seq), 1));
		cp_record(&cp, UNL_OP_PAY, 0, 0);
		/* the ACK alone reaches the data socket */
		CHECK_EQ(data_count(&cp, &r, 1), 1);
		CHECK_EQ(owed_settled(&cp), 0);
		cl_close(&r);
		cp_record(&cp, UNL_OP_CLOSE, r.id, 0);
	}

	cur = "inline: none while the data socket holds an unread datagram";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	REQUIRE(cp.p->rep.len > 0);
	cp_record(&cp, UNL_OP_PAY, 0, 0);
	{
		/* paid, not read: the next answer must queue behind it */
		struct pollfd pfd = { .fd = s.data, .events = POLLIN };

		CHECK_EQ(poll(&pfd, 1, 1000), 1);
	}
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	CHECK_EQ(cp.p->rep.len, 0);
	CHECK_EQ(__atomic_load_n(&cp.p->owed, __ATOMIC_ACQUIRE), 0);
	CHECK_EQ(data_count(&cp, &s, 2), 2);

	cur = "inline: not taken, the connection closing pays it";
	CHECK_EQ(inline_send(&cp, &s, 7101, 1), 16);
	REQUIRE(cp.p->rep.len > 0);
	cp_close(&cp);
	CHECK_EQ(data_count(NULL, &s, 1), 1);
	cl_close(&s);
}

static void test_status_pages(int fd)
{
	enum { N = 1900 };
	static struct csock s[N];
	static struct unl_wire_sockinfo v[2 * N];
	struct rlimit rl;
	size_t got = 0;
	int total = -1, mine = 0;

	cur = "STATUS in pages";
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_max < 2 * N + 100) {
		printf("skip: RLIMIT_NOFILE too low for %d sockets\n", N);
		return;
	}
	rl.rlim_cur = rl.rlim_max;
	REQUIRE(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	for (int i = 0; i < N; i++) {
		REQUIRE(cl_create(fd, NETLINK_USERSOCK, &s[i]) == 0);
		REQUIRE(cl_bind(fd, &s[i], 100000 + (uint32_t)i, 0) == 0);
	}
	do {
		size_t len = sizeof(v) - got * sizeof(v[0]);
		int ret;

		cl_send(fd, UNL_OP_STATUS, 0, (int32_t)got, 0, 0, 0, NULL, 0,
			NULL, 0);
		ret = cl_reply(fd, v + got, &len, NULL, NULL);
		REQUIRE(ret >= 0 && len % sizeof(v[0]) == 0);
		CHECK(len <= UNL_WIRE_MAX_RECORD);
		CHECK(total < 0 || ret == total);
		total = ret;
		if (!len)
			break;
		got += len / sizeof(v[0]);
	} while ((int)got < total);
	CHECK_EQ(got, total);
	for (size_t i = 0; i < got; i++)
		if (v[i].portid >= 100000 && v[i].portid < 100000 + N &&
		    v[i].owner_pid == getpid())
			mine++;
	CHECK_EQ(mine, N);
	for (int i = 0; i < N; i++)
		cl_close(&s[i]);
}

static void test_second_daemon(void)
{
	struct stat before, after;
	char lock[sizeof(sock_path) + 8];
	pid_t pid;
	int st;

	snprintf(lock, sizeof(lock), "%s.lock", sock_path);
	REQUIRE(stat(lock, &before) == 0);

	cur = "a second daemon on the same path refuses to start";
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct unl_daemon_config cfg;
		int devnull = open("/dev/null", O_WRONLY);

		unl_daemon_config_init(&cfg);
		cfg.socket_path = sock_path;
		cfg.log_fd = devnull;
		_exit(unl_daemon_run(&cfg) == -EADDRINUSE ? 0 : 1);
	}
	st = wait_for(pid, 10000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* The loser leaves the winner's lock where it was. */
	cur = "a refused daemon leaves the lock file";
	CHECK(stat(lock, &after) == 0 && after.st_ino == before.st_ino);
}

/* systemd socket activation: the listener arrives as fd 3, the path is
 * systemd's and stays when the daemon stops. */
static void test_activation(const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[108];
	int p[2], fd;
	pid_t pid;
	char c;

	cur = "socket activation";
	snprintf(path, sizeof(path), "%s/activated", dir);
	strcpy(sa.sun_path, path);
	REQUIRE(pipe2(p, O_CLOEXEC) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct unl_daemon_config cfg;
		int l, w, r;
		char num[16];

		/* Keep our pipes off fd 3. */
		w = fcntl(lifeline[0], F_DUPFD_CLOEXEC, 10);
		r = fcntl(p[1], F_DUPFD_CLOEXEC, 10);
		l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		REQUIRE(w >= 0 && r >= 0 && l >= 0);
		REQUIRE(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0);
		REQUIRE(listen(l, 16) == 0);
		REQUIRE(dup2(l, 3) == 3);
		snprintf(num, sizeof(num), "%d", (int)getpid());
		setenv("LISTEN_PID", num, 1);
		setenv("LISTEN_FDS", "1", 1);
		unl_daemon_config_init(&cfg);
		cfg.socket_path = sock_path; /* not used: fd 3 wins */
		cfg.ready_fd = r;
		cfg.watch_fd = w;
		exit(unl_daemon_run(&cfg) == 0 && !getenv("LISTEN_FDS") ? 0 : 3);
	}
	close(p[1]);
	REQUIRE(read(p[0], &c, 1) == 1);
	close(p[0]);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	REQUIRE(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK_EQ(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			 UNL_WIRE_VERSION, 0, NULL, 0), pid);
	close(fd);
	CHECK_EQ(access(sock_path, F_OK), -1);
	kill(pid, SIGTERM);
	fd = wait_for(pid, 10000);
	CHECK(fd != -1 && WIFEXITED(fd) && WEXITSTATUS(fd) == 0);
	CHECK_EQ(access(path, F_OK), 0);
	unlink(path);
}

/*
 * UNL_OP_DATA_SENDS (the native send bench-seccomp measures): a bare
 * request written on the client end is run as a send by the
 * connection's process (the send autobinds it), and once the client
 * end's send queue is empty (SIOCOUTQ 0) its ACK is readable there; what
 * another process writes there is taken off unrun.
 */
/* SIOCOUTQ of a data socket's client end once it reads 0 (the daemon
 * took every request written), or what it still reads after 5 s. */
static int outq_drained(int data)
{
	int q = -1;

	for (int i = 0; i < 5000; i++) {
		if (ioctl(data, SIOCOUTQ, &q) < 0 || q == 0)
			break;
		usleep(1000);
	}
	return q;
}

static void test_data_sends(int fd)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = 4321 };
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack;
	struct unl_wire_dgram dg;
	struct csock s;
	ssize_t n = -1;
	pid_t child;
	int st;

	cur = "DATA_SENDS: a request written on the data socket";
	CHECK_EQ(cl_call(fd, UNL_OP_DATA_SENDS, 999999, 1, 0, 0, NULL, 0),
		 -EBADF);
	REQUIRE(cl_create(fd, NETLINK_ROUTE, &s) == 0);
	CHECK_EQ(cl_call(fd, UNL_OP_DATA_SENDS, s.id, 1, 0, 0, NULL, 0), 0);

	cur = "DATA_SENDS: another process's request is dropped unrun";
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0)
		_exit(send(s.data, &req, sizeof(req), 0) == sizeof(req) ? 0 : 1);
	st = wait_for(child, 10000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ(outq_drained(s.data), 0);
	CHECK_EQ(data_next(&s, &dg, &ack, sizeof(ack)), -1);

	cur = "DATA_SENDS: a request written on the data socket";
	CHECK_EQ(send(s.data, &req, sizeof(req), 0), (ssize_t)sizeof(req));
	CHECK_EQ(outq_drained(s.data), 0);
	memset(&ack, 0, sizeof(ack));
	n = data_next(&s, &dg, &ack, sizeof(ack));
	CHECK_EQ(n, (ssize_t)(sizeof(dg) + sizeof(ack)));
	CHECK_EQ(ack.h.nlmsg_type, NLMSG_ERROR);
	CHECK_EQ(ack.h.nlmsg_seq, 4321);
	CHECK_EQ(ack.e.error, 0);
	/* the send autobound the socket, and the ACK names that portid */
	CHECK(cl_portid(fd, &s) != 0);
	CHECK_EQ(ack.h.nlmsg_pid, cl_portid(fd, &s));
	CHECK_EQ(cl_call(fd, UNL_OP_DATA_SENDS, s.id, 0, 0, 0, NULL, 0), 0);
	cl_close(&s);
	cl_send(fd, UNL_OP_CLOSE, s.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
}

int main(void)
{
	char dir[] = "/tmp/unetlink-daemon-test-XXXXXX";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	pid_t dpid;
	int fd, st, stale;

	alarm(50);
	REQUIRE(pipe2(lifeline, O_CLOEXEC) == 0);
	REQUIRE(mkdtemp(dir));
	/* Reachable by the unprivileged uids below. */
	REQUIRE(chmod(dir, 0755) == 0);
	snprintf(sock_path, sizeof(sock_path), "%s/d/socket", dir);

	dpid = start_daemon(-1);
	fd = cl_connect();

	cur = "file modes";
	{
		struct stat sb;
		char sub[sizeof(dir) + 4];
		bool shared = geteuid() == 0;

		snprintf(sub, sizeof(sub), "%s/d", dir);
		REQUIRE(stat(sub, &sb) == 0);
		CHECK_EQ(sb.st_mode & 07777, shared ? 0755 : 0700);
		REQUIRE(stat(sock_path, &sb) == 0);
		CHECK(S_ISSOCK(sb.st_mode));
		CHECK_EQ(sb.st_mode & 07777, shared ? 0666 : 0600);
	}
	test_basic(fd, dpid);
	test_ioctl(fd);
	test_garbage(fd);
	test_status_pages(fd);
	test_call_page();
	test_inline_answers();
	test_cred();
	test_act_for();
	test_act_for_siblings();
	if (geteuid() == 0) {
		as_user(65534, false);
		as_user(admin_uids[0], true);
		test_slots_of_two_users(fd);
	} else {
		printf("skip: not root, the unprivileged-uid checks need "
		       "setresuid\n");
	}
	test_second_daemon();
	test_data_sends(fd);

	cur = "SIGTERM: clean shutdown, socket and lock files removed";
	close(fd);
	REQUIRE(kill(dpid, SIGTERM) == 0);
	st = wait_for(dpid, 10000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ(access(sock_path, F_OK), -1);
	{
		char lock[sizeof(sock_path) + 8];

		snprintf(lock, sizeof(lock), "%s.lock", sock_path);
		CHECK_EQ(access(lock, F_OK), -1);
	}

	test_activation(dir);

	cur = "a stale socket file is replaced";
	stale = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	strcpy(sa.sun_path, sock_path);
	REQUIRE(bind(stale, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(stale);
	dpid = start_daemon(200);
	fd = cl_connect();
	CHECK(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
		      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
	close(fd);

	cur = "idle exit";
	st = wait_for(dpid, 5000);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ(access(sock_path, F_OK), -1);

	daemon_dir_cleanup(dir);
	return checks_done("daemon");
}
