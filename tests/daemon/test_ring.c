// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Receive rings at the wire (wire.h, "Receive rings"): each transition of
 * the table there, driven by a raw client that plays the shim's part by
 * hand (takes with a compare-and-swap, sleepers, wake_sent, room_wanted),
 * and what a client that writes nonsense into its ring gets.
 */
#include "wire_client.h"

struct cring {
	struct unl_wire_ring *r;
	uint64_t taken; /* datagrams taken */
};

static int ring_ask(int fd, const struct csock *s, struct cring *cr)
{
	int fds[2], nfds = 0, ret;

	cl_send(fd, UNL_OP_RING, s->id, 0, 0, 0, 0, NULL, 0, NULL, 0);
	ret = cl_reply(fd, NULL, NULL, fds, &nfds);
	if (ret < 0) {
		CHECK_EQ(nfds, 0);
		return ret;
	}
	REQUIRE(nfds == 1);
	cr->r = mmap(NULL, sizeof(*cr->r), PROT_READ | PROT_WRITE, MAP_SHARED,
		     fds[0], 0);
	REQUIRE(cr->r != MAP_FAILED);
	cur = "ring: the memfd is sealed against shrinking";
	CHECK(ftruncate(fds[0], 4096) < 0 && errno == EPERM);
	close(fds[0]);
	cr->taken = 0;
	return ret;
}

static uint32_t state(const struct cring *cr)
{
	return __atomic_load_n(&cr->r->state, __ATOMIC_ACQUIRE);
}

static uint64_t entries_bytes(const struct cring *cr)
{
	return __atomic_load_n(&cr->r->prod, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&cr->r->cons, __ATOMIC_ACQUIRE);
}

/* Take the next datagram as the shim does: its message's nlmsg_seq, -1
 * when the ring has none.  PAD entries are skipped. */
static long ring_take(struct cring *cr)
{
	struct unl_wire_ring *r = cr->r;

	for (;;) {
		uint64_t c = __atomic_load_n(&r->cons, __ATOMIC_ACQUIRE);
		uint64_t p = __atomic_load_n(&r->prod, __ATOMIC_ACQUIRE);
		uint64_t off = c & (UNL_WIRE_RING_BYTES - 1);
		struct unl_wire_ring_rec h;
		struct nlmsghdr nh;

		if (c == p)
			return -1;
		memcpy(&h, r->data + off, sizeof(h));
		if (!__atomic_compare_exchange_n(
			    &r->cons, &c, c + sizeof(h) + UNL_RING_ALIGN(h.len),
			    false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			continue;
		if (h.flags & UNL_RING_REC_PAD)
			continue;
		memcpy(&nh, r->data + off + sizeof(h) +
				    sizeof(struct unl_wire_dgram),
		       sizeof(nh));
		cr->taken++;
		return nh.nlmsg_seq;
	}
}

/* A USERSOCK message of len bytes with sequence number seq. */
static int send_seq(int fd, const struct csock *from, uint32_t to,
		    uint32_t groups, uint32_t seq, size_t len)
{
	unsigned char m[4096] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)m;

	h->nlmsg_len = (uint32_t)len;
	h->nlmsg_type = NLMSG_MIN_TYPE;
	h->nlmsg_seq = seq;
	return cl_sendto(fd, from, to, groups, m, len, MSG_DONTWAIT);
}

/* The next data record's nlmsg_seq, or -1 (WAKE records: -2). */
static long data_seq(const struct csock *s)
{
	struct unl_wire_dgram dg;
	struct nlmsghdr nh;
	ssize_t n = data_next(s, &dg, &nh, sizeof(nh));

	if (n < 0)
		return -1;
	if (dg.kind == UNL_DGRAM_WAKE)
		return -2;
	return nh.nlmsg_seq;
}

/* rmem of the user socket with portid, as STATUS lists it. */
static long status_rmem(int fd, uint32_t portid)
{
	struct unl_wire_sockinfo v[1800];
	size_t len = sizeof(v);
	long rmem = -1;

	cl_send(fd, UNL_OP_STATUS, 0, 0, 0, 0, 0, NULL, 0, NULL, 0);
	CHECK(cl_reply(fd, v, &len, NULL, NULL) >= 0);
	for (size_t i = 0; i < len / sizeof(v[0]); i++)
		if (v[i].protocol == NETLINK_USERSOCK &&
		    v[i].portid == portid && !v[i].kernel)
			rmem = v[i].rmem;
	return rmem;
}

static void open_pair(int fd, struct csock *rx, uint32_t *port)
{
	REQUIRE(cl_create(fd, NETLINK_USERSOCK, rx) == 0);
	REQUIRE(cl_bind(fd, rx, 0, 0) == 0);
	*port = cl_portid(fd, rx);
}

static void test_start_and_take(int fd)
{
	struct csock rx;
	struct cring cr;
	uint32_t port;

	open_pair(fd, &rx, &port);

	cur = "RING: -EBADF for a socket the connection does not name";
	CHECK_EQ(cl_call(fd, UNL_OP_RING, 999999, 0, 0, 0, NULL, 0), -EBADF);

	cur = "RING: -EBUSY while a datagram is unread on the data socket";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 1, 32), 32);
	CHECK_EQ(ring_ask(fd, &rx, &cr), -EBUSY);
	CHECK_EQ(data_seq(&rx), 1);
	cl_call(fd, UNL_OP_CONSUME, rx.id, 1, 4096, 1, NULL, 0);

	cur = "RING: granted once it is read: ON, empty";
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	CHECK_EQ(cr.r->magic, UNL_WIRE_MAGIC);
	CHECK_EQ(cr.r->size, UNL_WIRE_RING_BYTES);
	CHECK_EQ(state(&cr), UNL_RING_ON);
	CHECK_EQ(entries_bytes(&cr), 0);

	cur = "ring: a datagram goes to the ring, not the data socket";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 2, 48), 48);
	CHECK(entries_bytes(&cr) > 0);
	CHECK_EQ(data_seq(&rx), -1);
	CHECK(status_rmem(fd, port) > 0);

	cur = "ring: cons past it (a take) gives its rcvbuf charge back "
	      "without a CONSUME per datagram";
	CHECK_EQ(ring_take(&cr), 2);
	CHECK_EQ(status_rmem(fd, port), 0);

	cur = "ring: order kept across many, and across the end of the ring";
	for (uint32_t round = 0; round < 40; round++) {
		for (uint32_t i = 0; i < 8; i++)
			CHECK_EQ(send_seq(fd, &rx, port, 0, 100 + i, 1500),
				 1500);
		for (uint32_t i = 0; i < 8; i++)
			CHECK_EQ(ring_take(&cr), 100 + i);
	}
	CHECK_EQ(ring_take(&cr), -1);
	CHECK_EQ(data_seq(&rx), -1);

	cur = "ring: emptied after a burst, its pages past the first give "
	      "their memory back (read as zeros)";
	for (uint32_t i = 0; i < 8; i++)
		CHECK_EQ(send_seq(fd, &rx, port, 0, 200 + i, 3000), 3000);
	{
		/* the entries' headers are there (their bodies are zeros) */
		bool seen = false;

		for (size_t i = 16384; i < 24000 && !seen; i++)
			seen = cr.r->data[i] != 0;
		CHECK(seen);
	}
	for (uint32_t i = 0; i < 8; i++)
		CHECK_EQ(ring_take(&cr), 200 + i);
	CHECK_EQ(status_rmem(fd, port), 0); /* a look at the ring */
	for (size_t i = 8192; i < 24000; i++)
		if (cr.r->data[i]) {
			CHECK(!"a page was kept");
			break;
		}
	cur = "ring: and it serves on from the front";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 210, 3000), 3000);
	CHECK_EQ(ring_take(&cr), 210);

	cur = "ring: sleepers = 0, no WAKE record";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 3, 32), 32);
	CHECK_EQ(data_seq(&rx), -1);
	CHECK_EQ(__atomic_load_n(&cr.r->wake_sent, __ATOMIC_ACQUIRE), 0);
	CHECK_EQ(ring_take(&cr), 3);

	cur = "ring: sleepers > 0: one WAKE record, wake_sent 1";
	__atomic_store_n(&cr.r->sleepers, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 4, 32), 32);
	CHECK_EQ(__atomic_load_n(&cr.r->wake_sent, __ATOMIC_ACQUIRE), 1);
	cur = "ring: wake_sent 1: no second WAKE";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 5, 32), 32);
	CHECK_EQ(data_seq(&rx), -2);
	CHECK_EQ(data_seq(&rx), -1);
	cur = "ring: the client read the WAKE (wake_sent 0): the next one "
	      "wakes again";
	__atomic_store_n(&cr.r->wake_sent, 0, __ATOMIC_SEQ_CST);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 6, 32), 32);
	CHECK_EQ(data_seq(&rx), -2);
	__atomic_store_n(&cr.r->wake_sent, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&cr.r->sleepers, 0, __ATOMIC_SEQ_CST);
	CHECK_EQ(ring_take(&cr), 4);
	CHECK_EQ(ring_take(&cr), 5);
	CHECK_EQ(ring_take(&cr), 6);

	cur = "RING_OFF: unread entries move to the data socket in order";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 7, 32), 32);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 8, 32), 32);
	CHECK_EQ(ring_take(&cr), 7);
	/* a client's rewritten header changes nothing the daemon moves */
	{
		uint64_t c = __atomic_load_n(&cr.r->cons, __ATOMIC_ACQUIRE);
		struct unl_wire_ring_rec junk = { .len = 5, .flags = 0 };

		memcpy(cr.r->data + (c & (UNL_WIRE_RING_BYTES - 1)), &junk,
		       sizeof(junk));
	}
	CHECK_EQ(cl_call(fd, UNL_OP_RING_OFF, rx.id, 0, 0, 0, NULL, 0), 0);
	CHECK_EQ(state(&cr), UNL_RING_OFF);
	CHECK_EQ(entries_bytes(&cr), 0);
	cur = "RING_OFF: a take fails after it (cons == prod)";
	CHECK_EQ(ring_take(&cr), -1);
	CHECK_EQ(data_seq(&rx), 8);
	cur = "ring OFF: later datagrams go to the data socket";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 9, 32), 32);
	CHECK_EQ(data_seq(&rx), 9);
	CHECK_EQ(entries_bytes(&cr), 0);
	cur = "ring OFF: not started again";
	CHECK(cl_call(fd, UNL_OP_CONSUME, rx.id, 2, 4096, 1, NULL, 0) >= 0);
	CHECK(ring_ask(fd, &rx, &cr) < 0);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
}

static void test_room_wanted(int fd)
{
	struct csock rx;
	struct cring cr;
	uint32_t port, n = 0;
	int big = 4 << 20;
	long first;

	open_pair(fd, &rx, &port);
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	cur = "ring: a datagram that does not fit waits, room_wanted 1";
	/* a receive buffer larger than the ring */
	CHECK_EQ(cl_setopt(fd, &rx, SOL_SOCKET, SO_RCVBUFFORCE, &big,
			   sizeof(big)),
		 0);
	while (!__atomic_load_n(&cr.r->room_wanted, __ATOMIC_ACQUIRE) &&
	       n < 200) {
		CHECK_EQ(send_seq(fd, &rx, port, 0, n, 4000), 4000);
		n++;
	}
	CHECK(n < 200);
	CHECK_EQ(state(&cr), UNL_RING_ON);
	CHECK_EQ(data_seq(&rx), -1);
	cur = "ring: a take and a CONSUME (a0 = 0) let it in, in order";
	first = ring_take(&cr);
	CHECK_EQ(first, 0);
	__atomic_store_n(&cr.r->room_wanted, 0, __ATOMIC_SEQ_CST);
	CHECK_EQ(cl_call(fd, UNL_OP_CONSUME, rx.id, 0, 4096, 1, NULL, 0), 0);
	for (uint32_t i = 1; i < n; i++)
		CHECK_EQ(ring_take(&cr), i);
	CHECK_EQ(ring_take(&cr), -1);
	CHECK_EQ(status_rmem(fd, port), 0);

	cur = "ring: one too large for it stops the ring, in order";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 50, 32), 32);
	{
		/* SENDMSG, then CONT records: one record holds 64 KiB */
		static unsigned char m[UNL_WIRE_RING_BYTES / 2 + 64];
		const size_t room = UNL_WIRE_MAX_RECORD -
				    sizeof(struct unl_wire_req);
		struct nlmsghdr *h = (struct nlmsghdr *)m;
		struct sockaddr_nl a = { .nl_family = AF_NETLINK,
					 .nl_pid = port };
		static unsigned char buf[UNL_WIRE_MAX_RECORD];
		size_t off = room - sizeof(a);

		h->nlmsg_len = sizeof(m);
		h->nlmsg_type = NLMSG_MIN_TYPE;
		h->nlmsg_seq = 51;
		memcpy(buf, &a, sizeof(a));
		memcpy(buf + sizeof(a), m, off);
		cl_send(fd, UNL_OP_SENDMSG, rx.id, MSG_DONTWAIT, sizeof(a), 0,
			sizeof(m), buf, room, NULL, 0);
		while (off < sizeof(m)) {
			size_t k = sizeof(m) - off < room ? sizeof(m) - off
							  : room;

			cl_send(fd, UNL_OP_CONT, rx.id, 0, 0, 0, 0, m + off, k,
				NULL, 0);
			off += k;
		}
		CHECK_EQ(cl_reply(fd, NULL, NULL, NULL, NULL), (int)sizeof(m));
	}
	CHECK_EQ(state(&cr), UNL_RING_OFF);
	CHECK_EQ(data_seq(&rx), 50);
	CHECK_EQ(data_seq(&rx), 51);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
}

static void test_second_process(int fd)
{
	struct csock rx;
	struct cring cr;
	uint32_t port;
	int fd2, fds[2], nfds = 0;

	open_pair(fd, &rx, &port);
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 1, 32), 32);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 2, 32), 32);
	CHECK_EQ(ring_take(&cr), 1);

	cur = "another client cannot reach the ring by the socket's id";
	fd2 = cl_connect();
	CHECK(cl_call(fd2, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
		      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
	CHECK_EQ(cl_call(fd2, UNL_OP_RING, rx.id, 0, 0, 0, NULL, 0), -EBADF);
	CHECK_EQ(cl_call(fd2, UNL_OP_RING_OFF, rx.id, 0, 0, 0, NULL, 0),
		 -EBADF);
	CHECK_EQ(state(&cr), UNL_RING_ON);

	cur = "ATTACH by another connection stops the ring: its unread "
	      "entries on the data socket, which that process reads";
	cl_send(fd2, UNL_OP_ATTACH, 0, 0, 0, 0, 0, NULL, 0, &rx.data, 1);
	CHECK(cl_reply(fd2, NULL, NULL, fds, &nfds) > 0);
	CHECK_EQ(state(&cr), UNL_RING_OFF);
	CHECK_EQ(data_seq(&rx), 2);
	cur = "a second connection naming it gets no ring";
	CHECK_EQ(cl_call(fd, UNL_OP_RING, rx.id, 0, 0, 0, NULL, 0),
		 -EOPNOTSUPP);
	close(fd2);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);

	cur = "a socket an ATTACH named before gets no ring (an exec'd "
	      "image may watch it with an epoll set it inherited)";
	{
		int fd4 = cl_connect();

		CHECK(cl_call(fd4, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
		open_pair(fd, &rx, &port);
		cl_send(fd4, UNL_OP_ATTACH, 0, 0, 0, 0, 0, NULL, 0, &rx.data,
			1);
		CHECK(cl_reply(fd4, NULL, NULL, fds, &nfds) > 0);
		close(fd4);
		CHECK_EQ(cl_call(fd, UNL_OP_RING, rx.id, 0, 0, 0, NULL, 0),
			 -EOPNOTSUPP);
		cl_close(&rx);
		cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
	}

	cur = "RING twice: -EALREADY";
	open_pair(fd, &rx, &port);
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	CHECK_EQ(cl_call(fd, UNL_OP_RING, rx.id, 0, 0, 0, NULL, 0), -EALREADY);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);

	cur = "the owner's connection closing stops the ring (exec)";
	{
		int fd3 = cl_connect();

		CHECK(cl_call(fd3, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			      UNL_WIRE_VERSION, 0, NULL, 0) > 0);
		open_pair(fd3, &rx, &port);
		REQUIRE(ring_ask(fd3, &rx, &cr) == 0);
		CHECK_EQ(send_seq(fd3, &rx, port, 0, 3, 32), 32);
		close(fd3);
		/* the daemon sees the hang-up in its own time */
		for (int i = 0; i < 500 && state(&cr) != UNL_RING_OFF; i++)
			usleep(2000);
		CHECK_EQ(state(&cr), UNL_RING_OFF);
		CHECK_EQ(data_seq(&rx), 3);
		cl_close(&rx);
	}
}

static void test_nonsense(int fd)
{
	struct csock rx;
	struct cring cr;
	uint32_t port;

	open_pair(fd, &rx, &port);
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 1, 32), 32);

	cur = "nonsense: cons past prod stops the ring, counted as read";
	__atomic_store_n(&cr.r->cons, 1ull << 40, __ATOMIC_SEQ_CST);
	CHECK_EQ(send_seq(fd, &rx, port, 0, 2, 32), 32);
	CHECK_EQ(state(&cr), UNL_RING_OFF);
	CHECK_EQ(data_seq(&rx), 2);
	CHECK_EQ(data_seq(&rx), -1);
	cl_call(fd, UNL_OP_CONSUME, rx.id, 1, 4096, 1, NULL, 0);
	CHECK_EQ(status_rmem(fd, port), 0);

	cur = "nonsense: the daemon serves on";
	CHECK_EQ(send_seq(fd, &rx, port, 0, 3, 32), 32);
	CHECK_EQ(data_seq(&rx), 3);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);

	cur = "nonsense: sleepers and wake_sent rewritten: at most one WAKE "
	      "per datagram, the socket's buffer bounds them";
	open_pair(fd, &rx, &port);
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);
	for (uint32_t i = 0; i < 3000; i++) {
		__atomic_store_n(&cr.r->sleepers, 7, __ATOMIC_SEQ_CST);
		__atomic_store_n(&cr.r->wake_sent, 0, __ATOMIC_SEQ_CST);
		CHECK_EQ(send_seq(fd, &rx, port, 0, i, 32), 32);
		ring_take(&cr);
	}
	CHECK_EQ(cl_call(fd, UNL_OP_GETSOCKNAME, rx.id, 0, 0, 0, NULL, 0), 0);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
}

static void test_overrun(int fd)
{
	struct csock rx, tx;
	struct cring cr;
	uint32_t port, n;
	int one = 1, sent = 0;

	open_pair(fd, &rx, &port);
	REQUIRE(cl_create(fd, NETLINK_USERSOCK, &tx) == 0);
	REQUIRE(cl_bind(fd, &tx, 0, 0) == 0);
	if (cl_bind(fd, &rx, port, 1) != 0) {
		printf("skip: ring overrun: joining a USERSOCK group needs "
		       "root\n");
		goto out;
	}
	REQUIRE(ring_ask(fd, &rx, &cr) == 0);

	cur = "overrun: a listener that does not read gets ENOBUFS, and a "
	      "WAKE on its data socket";
	for (n = 0; n < 2000 && !rx.shm->err; n++)
		sent += send_seq(fd, &tx, 0, 1, n, 1000) < 0;
	CHECK_EQ(rx.shm->err, ENOBUFS);
	CHECK_EQ(data_seq(&rx), -2);
	CHECK_EQ(cl_call(fd, UNL_OP_SOCK_ERROR, rx.id, 0, 0, 0, NULL, 0),
		 ENOBUFS);
	cur = "overrun: what got in is in the ring, in order";
	for (uint32_t i = 0; i < n - 1; i++)
		if (ring_take(&cr) != (long)i) {
			CHECK(!"out of order");
			break;
		}
	while (ring_take(&cr) >= 0)
		;
	CHECK(cl_call(fd, UNL_OP_CONSUME, rx.id, 0, 4096, 1, NULL, 0) >= 0);
	CHECK_EQ(status_rmem(fd, port), 0);

	cur = "overrun: NETLINK_NO_ENOBUFS: dropped without an error";
	CHECK_EQ(cl_setopt(fd, &rx, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one,
			   sizeof(one)),
		 0);
	for (n = 0; n < 600; n++)
		send_seq(fd, &tx, 0, 1, n, 1000);
	CHECK_EQ(rx.shm->err, 0);
	CHECK(ring_take(&cr) == 0);
	(void)sent;
out:
	cl_close(&tx);
	cl_close(&rx);
	cl_send(fd, UNL_OP_CLOSE, tx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
	cl_send(fd, UNL_OP_CLOSE, rx.id, 0, 0, 0, 0, NULL, 0, NULL, 0);
}

int main(void)
{
	char dir[] = "/tmp/unetlink-ring-test-XXXXXX";
	pid_t dpid;
	int fd, st;

	alarm(50);
	REQUIRE(pipe2(lifeline, O_CLOEXEC) == 0);
	REQUIRE(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/d/socket", dir);
	dpid = start_daemon(-1);
	fd = cl_connect();
	REQUIRE(cl_call(fd, UNL_OP_HELLO, 0, (int32_t)UNL_WIRE_MAGIC,
			UNL_WIRE_VERSION, 0, NULL, 0) > 0);

	test_start_and_take(fd);
	test_room_wanted(fd);
	test_second_process(fd);
	test_nonsense(fd);
	test_overrun(fd);

	cur = "the daemon is alive and exits cleanly";
	close(fd);
	REQUIRE(kill(dpid, SIGTERM) == 0);
	st = wait_for(dpid, 10000);
	if (st != -1 && WIFSIGNALED(st))
		fprintf(stderr, "daemon: signal %d\n", WTERMSIG(st));
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	daemon_dir_cleanup(dir);
	return checks_done("ring");
}
