// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The core's behaviour that the kernel cannot be asked about directly:
 * the kernel-side API (kernel sockets, input, ACKs, dumps, group
 * callbacks), threads, readiness callbacks, taps and release notifiers.
 * What a user socket sees is checked against the kernel itself by the
 * conformance harness.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

#define TEST_PROTO 25 /* unused by Linux: ours to register */
#define TEST_DUMP_TYPE 0x30
#define TEST_ECHO_TYPE 0x31
/* Fails with an extended ACK whose attribute pointers are placed by the
 * first payload byte (test_ext_ack_pointer_bounds). */
#define TEST_POINTER_TYPE 0x32
#define TEST_GROUPS 1024

struct fixture {
	struct unl_net *net;
	struct unl_sock *ksk;
	int dump_total;   /* messages a dump produces */
	int done_calls;   /* dump done callbacks run */
	int bind_calls[TEST_GROUPS + 1];
	int unbind_calls[TEST_GROUPS + 1];
	int refuse_group; /* bind callback refuses this group */
	int dump_seq_after; /* cb->seq the dump reports after its first pass */
	int dump_later_at; /* the dump has nothing yet here once (a part
			      starting at this message or past it) */
	int dump_held_at;  /* ... the message it had nothing yet at */
};

static struct fixture *g_fx; /* for the callbacks, which get no user data */

static struct unl_cred root_cred(void)
{
	struct unl_cred c = { .pid = getpid(), .caps = UNL_CAP(CAP_NET_ADMIN) };
	return c;
}

static struct unl_cred user_cred(void)
{
	struct unl_cred c = { .pid = getpid(), .uid = 65534, .gid = 65534 };
	return c;
}

static int test_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	int i;

	/* The state being dumped changes after the first buffer. */
	cb->seq = cb->args[0] ? (unsigned int)g_fx->dump_seq_after : 1;
	if (g_fx->dump_later_at && cb->args[0] >= g_fx->dump_later_at &&
	    !cb->args[1]) {
		cb->args[1] = 1;
		g_fx->dump_held_at = (int)cb->args[0];
		cb->later = true;
		return 1;
	}

	for (i = (int)cb->args[0]; i < g_fx->dump_total; i++) {
		struct nlmsghdr *nlh = unl_nlmsg_put_answer(
			skb, cb, TEST_DUMP_TYPE, sizeof(uint32_t), NLM_F_MULTI);

		if (!nlh)
			break;
		unl_dump_check_consistent(cb, nlh);
		memcpy(NLMSG_DATA(nlh), &i, sizeof(i));
	}
	cb->args[0] = i;
	return i < g_fx->dump_total ? (int)unl_skb_len(skb) : 0;
}

static int test_done(struct unl_callback *cb)
{
	(void)cb;
	g_fx->done_calls++;
	return 0;
}

static int test_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			struct unl_ext_ack *extack)
{
	if (nlh->nlmsg_type == TEST_DUMP_TYPE) {
		struct unl_dump_control c = { .dump = test_dump,
					      .done = test_done };

		return unl_dump_start(unl_net_kernel_sock(g_fx->net, TEST_PROTO),
				      skb, nlh, &c);
	}
	if (nlh->nlmsg_type == TEST_ECHO_TYPE) {
		struct unl_skb *r = unl_nlmsg_new(nlh->nlmsg_len - NLMSG_HDRLEN);
		struct nlmsghdr *rep;

		assert_non_null(r);
		rep = unl_nlmsg_put(r, unl_skb_cb(skb)->portid, nlh->nlmsg_seq,
				    TEST_ECHO_TYPE,
				    (int)(nlh->nlmsg_len - NLMSG_HDRLEN), 0);
		memcpy(NLMSG_DATA(rep), NLMSG_DATA(nlh),
		       nlh->nlmsg_len - NLMSG_HDRLEN);
		return unl_unicast(g_fx->ksk, r, unl_skb_cb(skb)->portid, true) < 0
			       ? -ENOBUFS
			       : 0;
	}
	if (nlh->nlmsg_type == TEST_POINTER_TYPE) {
		const uint8_t *data = NLMSG_DATA(nlh);
		const uint8_t *end = (const uint8_t *)nlh + nlh->nlmsg_len;

		/* 0: the header and one past the end, outside the payload;
		 * 1: the payload's first and last bytes, inside it */
		extack->bad_attr = data[0] ? (const void *)data
					   : (const void *)nlh;
		extack->miss_nest = data[0] ? (const void *)(end - 1)
					    : (const void *)end;
		extack->miss_type = 7;
		return -EINVAL;
	}
	UNL_SET_ERR_MSG(extack, "Unknown test message");
	return -EOPNOTSUPP;
}

static void test_input(struct unl_skb *skb)
{
	unl_rcv_skb(skb, test_rcv_msg);
}

static int test_bind(struct unl_net *net, int group)
{
	(void)net;
	if (group == g_fx->refuse_group)
		return -EPERM;
	g_fx->bind_calls[group]++;
	return 0;
}

static void test_unbind(struct unl_net *net, int group)
{
	(void)net;
	g_fx->unbind_calls[group]++;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct unl_kernel_cfg cfg = {
		.groups = TEST_GROUPS,
		.flags = UNL_CFG_F_NONROOT_RECV,
		.input = test_input,
		.bind = test_bind,
		.unbind = test_unbind,
	};

	assert_non_null(fx);
	g_fx = fx;
	assert_int_equal(unl_net_new(&fx->net), 0);
	unl_net_lock(fx->net);
	assert_int_equal(unl_kernel_create(fx->net, TEST_PROTO, &cfg, &fx->ksk), 0);
	unl_net_unlock(fx->net);
	fx->dump_total = 1000;
	fx->dump_seq_after = 1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	unl_net_free(fx->net);
	free(fx);
	g_fx = NULL;
	return 0;
}

static struct unl_sock *open_sock(struct fixture *fx, int proto,
				  struct unl_cred cred)
{
	struct unl_sock *sk = NULL;

	assert_int_equal(unl_socket(fx->net, SOCK_RAW, proto, &cred, &sk), 0);
	return sk;
}

static ssize_t send_req(struct unl_sock *sk, uint16_t type, uint16_t flags,
			uint32_t seq, const void *payload, size_t plen)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };

	assert_true(plen + NLMSG_HDRLEN <= sizeof(buf));
	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + plen);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	if (plen)
		memcpy(NLMSG_DATA(nlh), payload, plen);
	return unl_sendto(sk, buf, nlh->nlmsg_len, 0,
			  (struct sockaddr *)&dst, sizeof(dst));
}

/* A kernel protocol answers a request and acknowledges it. */
static void test_kernel_echo_and_ack(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	uint8_t buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e;
	uint32_t word = 0xdeadbeef;

	assert_int_equal(send_req(sk, TEST_ECHO_TYPE, NLM_F_REQUEST | NLM_F_ACK,
				  7, &word, 4), NLMSG_HDRLEN + 4);
	/* The reply and the ACK are queued before sendmsg returns. */
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), NLMSG_HDRLEN + 4);
	assert_int_equal(nlh->nlmsg_type, TEST_ECHO_TYPE);
	assert_int_equal(nlh->nlmsg_seq, 7);
	assert_memory_equal(NLMSG_DATA(nlh), &word, 4);
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), NLMSG_HDRLEN + sizeof(*e));
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_CAPPED);
	e = NLMSG_DATA(nlh);
	assert_int_equal(e->error, 0);
	assert_int_equal(e->msg.nlmsg_seq, 7);
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), -EAGAIN);
	unl_close(sk);
}

/* An error carries the extended-ACK message when asked for. */
static void test_kernel_ext_ack(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	uint8_t buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	int one = 1;
	const struct nlattr *a;

	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one,
					sizeof(one)), 0);
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_CAP_ACK, &one,
					sizeof(one)), 0);
	assert_true(send_req(sk, 0x40, NLM_F_REQUEST, 9, NULL, 0) > 0);
	assert_true(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				 NULL) > 0);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	assert_int_equal(e->error, -EOPNOTSUPP);
	a = (const struct nlattr *)(e + 1);
	assert_int_equal(a->nla_type, NLMSGERR_ATTR_MSG);
	assert_string_equal((const char *)(a + 1), "Unknown test message");
	assert_int_equal(nlh->nlmsg_len,
			 NLMSG_HDRLEN + sizeof(*e) +
				 NLA_ALIGN(NLA_HDRLEN + sizeof("Unknown test message")));
	unl_close(sk);
}

/* netlink_ack_tlv_fill() reports an attribute's offset and a missing
 * nest's only when they point into the request's payload,
 * [nlmsg_data(nlh), nlh + nlmsg_len) (nlmsg_check_in_payload). */
static void test_ext_ack_pointer_bounds(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	uint8_t buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	int one = 1;

	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one,
					sizeof(one)), 0);
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_CAP_ACK, &one,
					sizeof(one)), 0);
	for (uint8_t inside = 0; inside < 2; inside++) {
		uint8_t payload[8] = { inside };
		const struct nlattr *offs, *nest;
		int rem;

		assert_true(send_req(sk, TEST_POINTER_TYPE, NLM_F_REQUEST, 1,
				     payload, sizeof(payload)) > 0);
		assert_true(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL) > 0);
		assert_int_equal(e->error, -EINVAL);
		rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - sizeof(*e));
		offs = unl_nla_find((const struct nlattr *)(e + 1), rem,
				    NLMSGERR_ATTR_OFFS);
		nest = unl_nla_find((const struct nlattr *)(e + 1), rem,
				    NLMSGERR_ATTR_MISS_NEST);
		assert_non_null(unl_nla_find((const struct nlattr *)(e + 1), rem,
					     NLMSGERR_ATTR_MISS_TYPE));
		if (!inside) {
			assert_null(offs);
			assert_null(nest);
			continue;
		}
		assert_non_null(offs);
		assert_non_null(nest);
		assert_int_equal(unl_nla_get_u32(offs), NLMSG_HDRLEN);
		assert_int_equal(unl_nla_get_u32(nest),
				 NLMSG_HDRLEN + sizeof(payload) - 1);
	}
	unl_close(sk);
}

/* A dump continues as the reader drains and ends with NLMSG_DONE. */
static void test_dump_continuation(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	static uint8_t buf[65536];
	int seen = 0, datagrams = 0;
	bool done = false;

	assert_true(send_req(sk, TEST_DUMP_TYPE, NLM_F_REQUEST | NLM_F_DUMP, 3,
			     NULL, 0) > 0);
	/* A second dump on the same socket is refused while one runs. */
	assert_true(send_req(sk, TEST_DUMP_TYPE, NLM_F_REQUEST | NLM_F_DUMP, 4,
			     NULL, 0) > 0);
	while (!done) {
		ssize_t n = unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL);
		int rem = (int)n;

		assert_true(n > 0);
		datagrams++;
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				assert_int_equal(nlh->nlmsg_seq, 4);
				assert_int_equal(e->error, -EBUSY);
				continue;
			}
			assert_int_equal(nlh->nlmsg_seq, 3);
			assert_true(nlh->nlmsg_flags & NLM_F_MULTI);
			if (nlh->nlmsg_type == NLMSG_DONE) {
				assert_int_equal(*(int *)NLMSG_DATA(nlh), 0);
				done = true;
				break;
			}
			assert_int_equal(*(uint32_t *)NLMSG_DATA(nlh), seen);
			seen++;
		}
	}
	assert_int_equal(seen, 1000);
	assert_true(datagrams > 2);
	assert_int_equal(fx->done_calls, 1);
	unl_close(sk);
}

/* Closing a socket in the middle of a dump ends it. */
static void test_close_during_dump(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());

	fx->dump_total = 100000;
	assert_true(send_req(sk, TEST_DUMP_TYPE, NLM_F_REQUEST | NLM_F_DUMP, 1,
			     NULL, 0) > 0);
	assert_int_equal(fx->done_calls, 0);
	unl_close(sk);
	assert_int_equal(fx->done_calls, 1);
}

/* A dump with nothing yet (cb->later) queues nothing and waits: the
 * reader finds its queue empty, no NLMSG_DONE, until unl_dump_resume()
 * goes on; every message comes once, in order. */
static void test_dump_later(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	struct sockaddr_nl a;
	socklen_t alen = sizeof(a);
	static uint8_t buf[65536];
	int seen = 0;
	bool done = false, resumed = false;

	fx->dump_later_at = 1;
	assert_int_equal(unl_dump_resume(fx->ksk, 12345), -ENOENT);
	assert_true(send_req(sk, TEST_DUMP_TYPE, NLM_F_REQUEST | NLM_F_DUMP, 3,
			     NULL, 0) > 0);
	assert_int_equal(unl_getsockname(sk, (struct sockaddr *)&a, &alen), 0);
	while (!done) {
		ssize_t n = unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL);
		int rem = (int)n;

		if (n == -EAGAIN && !resumed) {
			/* held at the second part, none of it sent */
			assert_true(fx->dump_held_at > 0 &&
				    fx->dump_held_at < 1000);
			assert_int_equal(seen, fx->dump_held_at);
			assert_int_equal(fx->done_calls, 0);
			assert_int_equal(unl_dump_resume(fx->ksk, a.nl_pid), 0);
			resumed = true;
			continue;
		}
		assert_true(n > 0);
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			assert_int_equal(*(uint32_t *)NLMSG_DATA(nlh), seen);
			seen++;
		}
	}
	assert_true(resumed);
	assert_int_equal(seen, 1000);
	assert_int_equal(fx->done_calls, 1);
	assert_int_equal(unl_dump_resume(fx->ksk, a.nl_pid), -ENOENT);
	unl_close(sk);
}

/* Group bind callbacks run per group and are undone on refusal. */
static void test_bind_callbacks_undo(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 0x7 };

	fx->refuse_group = 3;
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, sizeof(a)), -EPERM);
	assert_int_equal(fx->bind_calls[1], 1);
	assert_int_equal(fx->bind_calls[2], 1);
	assert_int_equal(fx->unbind_calls[1], 1);
	assert_int_equal(fx->unbind_calls[2], 1);
	assert_int_equal(fx->unbind_calls[3], 0);
	fx->refuse_group = 0;
	a.nl_groups = 0x5;
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, sizeof(a)), 0);
	unl_close(sk);
	/* Release leaves every group, with the unbind callback. */
	assert_int_equal(fx->unbind_calls[1], 2);
	assert_int_equal(fx->unbind_calls[3], 1);
}

/* Groups beyond the first 32 are reached with ADD_MEMBERSHIP. */
static void test_many_groups(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	struct unl_sock *tx = open_sock(fx, TEST_PROTO, root_cred());
	uint32_t bits[TEST_GROUPS / 32];
	socklen_t len = sizeof(bits);
	int g = TEST_GROUPS, bad = TEST_GROUPS + 1;
	uint8_t buf[64];
	struct sockaddr_nl from;
	socklen_t flen = sizeof(from);
	struct unl_skb *skb;
	struct nlmsghdr *nlh;

	struct sockaddr_nl me = { .nl_family = AF_NETLINK };

	/* Bound first: as on Linux, an unbound member has portid 0, which a
	 * kernel broadcast excludes (checked on Linux 6.18 with RTNLGRP_LINK). */
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&me, sizeof(me)), 0);
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					&g, sizeof(g)), 0);
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					&bad, sizeof(bad)), -EINVAL);
	assert_int_equal(fx->bind_calls[TEST_GROUPS], 1);
	memset(bits, 0, sizeof(bits));
	assert_int_equal(unl_getsockopt(sk, SOL_NETLINK,
					NETLINK_LIST_MEMBERSHIPS, bits, &len), 0);
	assert_int_equal(len, TEST_GROUPS / 8);
	assert_int_equal(bits[TEST_GROUPS / 32 - 1], 0x80000000u);

	/* A kernel-side broadcast to group 1024 reaches it. */
	unl_net_lock(fx->net);
	assert_true(unl_has_listeners(fx->ksk, TEST_GROUPS));
	assert_false(unl_has_listeners(fx->ksk, 5));
	skb = unl_nlmsg_new(0);
	nlh = unl_nlmsg_put(skb, 0, 0, 0x50, 0, 0);
	assert_non_null(nlh);
	assert_int_equal(unl_broadcast(fx->ksk, skb, 0, TEST_GROUPS), 0);
	unl_net_unlock(fx->net);
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
				      (struct sockaddr *)&from, &flen),
			 NLMSG_HDRLEN);
	assert_int_equal(from.nl_pid, 0);
	/* A group above 32 has no bit in nl_groups (netlink_group_mask();
	 * seen on Linux 6.18 with RTNLGRP_TUNNEL, 35). */
	assert_int_equal(from.nl_groups, 0);
	unl_close(sk);
	unl_close(tx);
}

struct waiter {
	struct unl_sock *sk;
	ssize_t got;
	uint8_t buf[64];
};

static void *blocking_recv(void *arg)
{
	struct waiter *w = arg;

	w->got = unl_recvfrom(w->sk, w->buf, sizeof(w->buf), 0, NULL, NULL);
	return NULL;
}

/* A blocking receive waits for another thread's send. */
static void test_blocking_recv_threads(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *rx = open_sock(fx, NETLINK_USERSOCK, user_cred());
	struct unl_sock *tx = open_sock(fx, NETLINK_USERSOCK, user_cred());
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t alen = sizeof(a);
	struct waiter w = { .sk = rx, .got = -1 };
	pthread_t th;

	assert_int_equal(unl_bind(rx, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(unl_getsockname(rx, (struct sockaddr *)&a, &alen), 0);
	assert_int_equal(pthread_create(&th, NULL, blocking_recv, &w), 0);
	usleep(20000);
	assert_int_equal(w.got, -1);
	assert_int_equal(unl_sendto(tx, "hello", 5, 0, (struct sockaddr *)&a,
				    sizeof(a)), 5);
	pthread_join(th, NULL);
	assert_int_equal(w.got, 5);
	assert_memory_equal(w.buf, "hello", 5);
	unl_close(rx);
	unl_close(tx);
}

static void ready_cb(struct unl_sock *sk, void *user)
{
	uint8_t buf[16];

	/* Callbacks run unlocked: they may call back into the core. */
	if (unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL) > 0)
		(*(int *)user)++;
}

/* The readiness callback fires on delivery, for event loops. */
static void test_ready_callback(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *rx = open_sock(fx, NETLINK_USERSOCK, user_cred());
	struct unl_sock *tx = open_sock(fx, NETLINK_USERSOCK, user_cred());
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t alen = sizeof(a);
	int count = 0;

	assert_int_equal(unl_bind(rx, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(unl_getsockname(rx, (struct sockaddr *)&a, &alen), 0);
	unl_sock_set_ready_cb(rx, ready_cb, &count);
	assert_int_equal(unl_poll(rx) & POLLIN, 0);
	assert_int_equal(unl_sendto(tx, "x", 1, 0, (struct sockaddr *)&a,
				    sizeof(a)), 1);
	assert_int_equal(count, 1);
	assert_int_equal(unl_poll(rx) & POLLIN, 0);
	unl_close(rx);
	unl_close(tx);
}

struct tap_count {
	int to_kernel, to_user;
};

static void tap_fn(const struct unl_tap_msg *m, void *user)
{
	struct tap_count *c = user;

	if (m->to_kernel)
		c->to_kernel++;
	else
		c->to_user++;
}

static void release_fn(struct unl_net *net, int protocol, uint32_t portid,
		       void *user)
{
	(void)net;
	(void)portid;
	if (protocol == NETLINK_USERSOCK)
		(*(int *)user)++;
}

/* Taps see both directions; the release notifier sees bound closes. */
static void test_tap_and_release_notifier(void **state)
{
	struct fixture *fx = *state;
	struct tap_count c = { 0 };
	int released = 0;
	int tap = unl_tap_add(fx->net, tap_fn, &c);
	int rel = unl_release_notifier_add(fx->net, release_fn, &released);
	struct unl_sock *sk = open_sock(fx, NETLINK_ROUTE, user_cred());
	struct unl_sock *us = open_sock(fx, NETLINK_USERSOCK, user_cred());
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	uint8_t buf[256];

	assert_true(tap > 0 && rel > 0);
	assert_true(send_req(sk, 200, NLM_F_REQUEST, 1, NULL, 0) > 0);
	assert_true(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				 NULL) > 0);
	assert_int_equal(c.to_kernel, 1);
	assert_int_equal(c.to_user, 1);
	assert_int_equal(unl_tap_remove(fx->net, tap), 0);
	assert_int_equal(unl_tap_remove(fx->net, tap), -ENOENT);
	assert_int_equal(unl_bind(us, (struct sockaddr *)&a, sizeof(a)), 0);
	unl_close(us);
	assert_int_equal(released, 1);
	assert_int_equal(unl_release_notifier_remove(fx->net, rel), 0);
	unl_close(sk);
}

/* 100,000 sockets bind with distinct portids, and all can be found. */
static void test_many_sockets(void **state)
{
	struct fixture *fx = *state;
	enum { N = 100000 };
	struct unl_sock **sks = calloc(N, sizeof(*sks));
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	struct unl_cred cred = user_cred();

	assert_non_null(sks);
	for (int i = 0; i < N; i++) {
		sks[i] = open_sock(fx, NETLINK_USERSOCK, cred);
		a.nl_pid = (uint32_t)i + 1;
		assert_int_equal(unl_bind(sks[i], (struct sockaddr *)&a,
					  sizeof(a)), 0);
	}
	/* Every one is reachable by its portid. */
	for (int i = 0; i < N; i += 997) {
		a.nl_pid = (uint32_t)i + 1;
		assert_int_equal(unl_sendto(sks[0], "p", 1, MSG_DONTWAIT,
					    (struct sockaddr *)&a, sizeof(a)), 1);
	}
	for (int i = 0; i < N; i++)
		unl_close(sks[i]);
	free(sks);
}

/*
 * With no explicit credentials a socket acts as the calling process, so
 * this test answers differently as root and as an unprivileged user (the
 * unprivileged run of this program checks the other branch).
 */
static void test_process_credentials(void **state)
{
	struct fixture *fx = *state;
	struct unl_cred me;
	struct unl_sock *sk;
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int sz = 1 << 20, expect;

	unl_cred_from_process(&me);
	assert_int_equal(me.pid, getpid());
	assert_int_equal(me.uid, geteuid());
	expect = (me.caps & UNL_CAP(CAP_NET_ADMIN)) ? 0 : -EPERM;
	assert_int_equal(expect == 0, geteuid() == 0);
	assert_int_equal(unl_socket(fx->net, SOCK_RAW, NETLINK_USERSOCK, NULL, &sk),
			 0);
	/* USERSOCK lets only CAP_NET_ADMIN listen to groups. */
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, sizeof(a)), expect);
	assert_int_equal(unl_setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &sz,
					sizeof(sz)), expect);
	unl_close(sk);
}

/* A dump whose state changed between two passes flags NLM_F_DUMP_INTR on
 * the first message written after the change, as nl_dump_check_consistent
 * does (it compares with the previous message's sequence only). */
static void test_dump_interrupted(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *sk = open_sock(fx, TEST_PROTO, user_cred());
	static uint8_t buf[65536];
	int intr = 0, clean = 0;
	bool done = false;

	fx->dump_seq_after = 2;
	assert_true(send_req(sk, TEST_DUMP_TYPE, NLM_F_REQUEST | NLM_F_DUMP, 3,
			     NULL, 0) > 0);
	while (!done) {
		ssize_t n = unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL);
		int rem = (int)n;

		assert_true(n > 0);
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr++;
			else
				clean++;
			if (nlh->nlmsg_type == NLMSG_DONE)
				done = true;
		}
	}
	assert_true(clean > 1);
	assert_int_equal(intr, 1);
	unl_close(sk);
}

/* nlmsg_notify(): the group hears it, and with report the requester gets
 * it by unicast but not twice. */
static void test_notify_report(void **state)
{
	struct fixture *fx = *state;
	struct unl_sock *member = open_sock(fx, TEST_PROTO, user_cred());
	struct unl_sock *requester = open_sock(fx, TEST_PROTO, user_cred());
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	socklen_t alen = sizeof(a);
	uint8_t buf[64];
	struct unl_skb *skb;

	assert_int_equal(unl_bind(member, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(unl_bind(requester, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(unl_getsockname(requester, (struct sockaddr *)&a, &alen), 0);
	unl_net_lock(fx->net);
	skb = unl_nlmsg_new(0);
	assert_non_null(unl_nlmsg_put(skb, 0, 0, 0x60, 0, 0));
	assert_int_equal(unl_notify(fx->ksk, skb, a.nl_pid, 1, true), 0);
	unl_net_unlock(fx->net);
	assert_int_equal(unl_recvfrom(member, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), NLMSG_HDRLEN);
	assert_int_equal(unl_recvfrom(requester, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), NLMSG_HDRLEN);
	assert_int_equal(unl_recvfrom(requester, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), -EAGAIN);

	/* netlink_set_err(): every listener gets the error once. */
	unl_net_lock(fx->net);
	unl_set_err(fx->ksk, 0, 1, EIO);
	unl_net_unlock(fx->net);
	assert_int_equal(unl_recvfrom(member, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), -EIO);
	assert_int_equal(unl_recvfrom(member, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL), -EAGAIN);
	unl_close(member);
	unl_close(requester);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kernel_echo_and_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ext_ack_pointer_bounds,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_ext_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_during_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_callbacks_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocking_recv_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ready_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tap_and_release_notifier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_sockets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_credentials, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_report, setup, teardown),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
