// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Malformed input through every entry point: it must get Linux's answer
 * and never crash, hang or leak (this test is what the ASan/UBSan run
 * exercises).  Garbage goes to NETLINK_ROUTE's generic front door and to a
 * protocol of the test's own that parses attributes against a nested
 * policy, as every real family does.
 */
#include <errno.h>
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
#include <linux/rtnetlink.h>

#include <unetlink/unetlink.h>

#define FUZZ_PROTO 26

enum { A_UNSPEC, A_U32, A_STR, A_NEST, A_BIN, __A_MAX };
#define A_MAX (__A_MAX - 1)

static const struct unl_nla_policy fuzz_policy[A_MAX + 1];
static const struct unl_nla_policy fuzz_policy[A_MAX + 1] = {
	[A_U32] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 100),
	[A_STR] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
	[A_NEST] = UNL_NLA_POLICY_NESTED(fuzz_policy, A_MAX),
	[A_BIN] = { .type = UNL_NLA_BINARY, .len = 64 },
};

static int parsed_ok;

static int fuzz_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			struct unl_ext_ack *extack)
{
	const struct nlattr *tb[A_MAX + 1];
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, 4, tb, A_MAX, fuzz_policy,
			      nlh->nlmsg_type & 1 ? UNL_VALIDATE_STRICT
						  : UNL_VALIDATE_LIBERAL,
			      extack);
	if (!err)
		parsed_ok++;
	return err;
}

static void fuzz_input(struct unl_skb *skb)
{
	unl_rcv_skb(skb, fuzz_rcv_msg);
}

struct env {
	struct unl_net *net;
	struct unl_sock *ksk;
};

static int setup(void **state)
{
	static struct env e;
	struct unl_kernel_cfg cfg = { .input = fuzz_input };

	assert_int_equal(unl_net_new(&e.net), 0);
	unl_net_lock(e.net);
	assert_int_equal(unl_kernel_create(e.net, FUZZ_PROTO, &cfg, &e.ksk), 0);
	unl_net_unlock(e.net);
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	unl_net_free(e->net);
	return 0;
}

static ssize_t to_kernel(struct unl_sock *sk, const void *buf, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	return unl_sendto(sk, buf, len, 0, (struct sockaddr *)&k, sizeof(k));
}

/* Every reply must be a whole NLMSG_ERROR: walk what came back. */
static int drain_check(struct unl_sock *sk)
{
	static uint8_t buf[1 << 17];
	int replies = 0;
	ssize_t n;

	while ((n = unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				 NULL)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int rem = (int)n;

		assert_true(NLMSG_OK(nlh, rem));
		for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			struct nlmsgerr *e = NLMSG_DATA(nlh);

			/* A garbled GET may still name an object rtnetlink
			 * has (lo): its answer or dump is whole too. */
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type >= RTM_BASE)
				continue;
			assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
			assert_true(nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*e));
			assert_true(e->error <= 0 && e->error > -4096);
			replies++;
		}
		assert_int_equal(rem, 0);
	}
	assert_true(n == -EAGAIN || n == -ENOBUFS);
	return replies;
}

static uint32_t rnd_state = 0x12345678;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Build a plausible message, then damage it. */
static size_t make_message(uint8_t *buf, size_t cap)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t off = NLMSG_HDRLEN + 4;

	memset(buf, 0, cap);
	while (off + 8 < cap / 2 && rnd() % 4) {
		struct nlattr *a = (struct nlattr *)(buf + off);
		uint16_t plen = (uint16_t)(rnd() % 24);

		a->nla_type = (uint16_t)(rnd() % 7);
		if (rnd() % 3 == 0)
			a->nla_type |= NLA_F_NESTED;
		a->nla_len = (uint16_t)(NLA_HDRLEN + plen);
		for (uint16_t i = 0; i < plen; i++)
			buf[off + NLA_HDRLEN + i] = (uint8_t)(rnd() % 3 ? 'a' : 0);
		off += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = (uint16_t)(NLMSG_MIN_TYPE + rnd() % 4);
	nlh->nlmsg_flags = NLM_F_REQUEST | (rnd() % 2 ? NLM_F_ACK : 0);
	nlh->nlmsg_seq = rnd();

	switch (rnd() % 8) {
	case 0: /* nlmsg_len beyond the buffer */
		nlh->nlmsg_len = (uint32_t)off + 1 + rnd() % 1000;
		break;
	case 1: /* below the header size */
		nlh->nlmsg_len = rnd() % NLMSG_HDRLEN;
		break;
	case 2: /* misaligned */
		nlh->nlmsg_len = (uint32_t)off - 1 - rnd() % 3;
		break;
	case 3: /* an attribute running past its container */
		if (off > NLMSG_HDRLEN + 8)
			((struct nlattr *)(buf + NLMSG_HDRLEN + 4))->nla_len = 0xfff0;
		break;
	case 4: /* random bytes anywhere */
		for (int i = 0; i < 8; i++)
			buf[rnd() % off] = (uint8_t)rnd();
		break;
	default:
		break;
	}
	/* Sometimes a truncated header: cut the datagram short. */
	if (rnd() % 10 == 0)
		return rnd() % NLMSG_HDRLEN;
	return off;
}

static void test_fuzz_protocols(void **state)
{
	struct env *e = *state;
	struct unl_cred cred = { .pid = getpid(), .uid = 1000, .gid = 1000 };
	struct unl_sock *rt, *fz;
	uint8_t buf[512];
	int one = 1, replies = 0;

	assert_int_equal(unl_socket(e->net, SOCK_RAW, NETLINK_ROUTE, &cred, &rt), 0);
	assert_int_equal(unl_socket(e->net, SOCK_RAW, FUZZ_PROTO, &cred, &fz), 0);
	unl_setsockopt(fz, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	unl_setsockopt(rt, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	for (int i = 0; i < 20000; i++) {
		size_t len = make_message(buf, sizeof(buf));
		ssize_t r;

		r = to_kernel(i % 2 ? rt : fz, buf, len);
		/* Linux accepts any non-empty datagram for a kernel socket. */
		assert_int_equal(r, len ? (ssize_t)len : -ENODATA);
		if (i % 64 == 0) {
			replies += drain_check(rt);
			replies += drain_check(fz);
		}
	}
	replies += drain_check(rt) + drain_check(fz);
	assert_true(replies > 1000);
	assert_true(parsed_ok > 0);
	unl_close(rt);
	unl_close(fz);
}

/* Nesting deeper than the policy recursion limit is refused, not
 * recursed into. */
static void test_deep_nesting(void **state)
{
	struct env *e = *state;
	struct unl_cred cred = { .pid = getpid(), .uid = 1000, .gid = 1000 };
	static uint8_t buf[4096];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct unl_sock *fz;
	const int depth = 200;
	size_t off = NLMSG_HDRLEN + 4;
	struct nlmsgerr *err;
	int one = 1;

	memset(buf, 0, sizeof(buf));
	for (int d = 0; d < depth; d++) {
		struct nlattr *a = (struct nlattr *)(buf + off);

		a->nla_type = A_NEST | NLA_F_NESTED;
		a->nla_len = (uint16_t)((depth - d) * NLA_HDRLEN);
		off += NLA_HDRLEN;
	}
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = NLMSG_MIN_TYPE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 77;
	assert_int_equal(unl_socket(e->net, SOCK_RAW, FUZZ_PROTO, &cred, &fz), 0);
	unl_setsockopt(fz, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	assert_int_equal(to_kernel(fz, buf, off), (ssize_t)off);
	assert_true(unl_recvfrom(fz, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				 NULL) > 0);
	err = NLMSG_DATA(nlh);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(err->error, -EINVAL);
	unl_close(fz);
}

/* Huge messages: refused above sndbuf - 32, accepted and answered below
 * it once the sender may raise sndbuf. */
static void test_huge_messages(void **state)
{
	struct env *e = *state;
	struct unl_cred root = { .pid = getpid(), .caps = UNL_CAP(CAP_NET_ADMIN) };
	size_t big = 8u << 20;
	uint8_t *buf = calloc(1, big);
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct unl_sock *rt;
	int sz = (int)big;
	socklen_t l = sizeof(sz);

	assert_non_null(buf);
	assert_int_equal(unl_socket(e->net, SOCK_RAW, NETLINK_ROUTE, &root, &rt), 0);
	nlh->nlmsg_len = (uint32_t)big;
	nlh->nlmsg_type = 200;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	assert_int_equal(to_kernel(rt, buf, big), -EMSGSIZE);
	assert_int_equal(unl_setsockopt(rt, SOL_SOCKET, SO_SNDBUFFORCE, &sz,
					sizeof(sz)), 0);
	assert_int_equal(unl_setsockopt(rt, SOL_SOCKET, SO_RCVBUFFORCE, &sz,
					sizeof(sz)), 0);
	assert_int_equal(unl_getsockopt(rt, SOL_SOCKET, SO_SNDBUF, &sz, &l), 0);
	assert_int_equal(sz, (int)big * 2);
	assert_int_equal(to_kernel(rt, buf, big), (ssize_t)big);
	/* The error echoes the whole request. */
	assert_int_equal(unl_recvfrom(rt, NULL, 0, MSG_DONTWAIT | MSG_TRUNC,
				      NULL, NULL),
			 (ssize_t)(NLMSG_HDRLEN + sizeof(struct nlmsgerr) + big -
				   NLMSG_HDRLEN));
	unl_close(rt);
	free(buf);
}

/* Bad arguments to the socket calls themselves. */
static void test_bad_arguments(void **state)
{
	struct env *e = *state;
	struct unl_sock *sk;
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t l = (socklen_t)-1;
	struct msghdr m = { .msg_iovlen = 2000 };
	int v;

	assert_int_equal(unl_socket(e->net, SOCK_RAW, NETLINK_USERSOCK, NULL, &sk), 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, (socklen_t)-1), -EINVAL);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, 4096), -EINVAL);
	assert_int_equal(unl_getsockname(sk, (struct sockaddr *)&a, &l), -EINVAL);
	assert_int_equal(unl_sendmsg(sk, &m, 0), -EMSGSIZE);
	assert_int_equal(unl_recvmsg(sk, &m, 0), -EMSGSIZE);
	assert_int_equal(unl_setsockopt(sk, SOL_SOCKET, SO_RCVBUF, &v,
					(socklen_t)-1), -EINVAL);
	assert_int_equal(unl_setsockopt(sk, 999, 1, &v, sizeof(v)), -ENOPROTOOPT);
	assert_int_equal(unl_close(sk), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_protocols),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_messages),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests_name("badinput", tests, setup, teardown);
}
