// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_CRYPTO in process, under profiles of our own: it exists only
 * with CRYPTO_USER, its dump lists the profile's algorithms it can
 * describe (and nothing else), a GETALG answers as the dump does, the
 * privileged calls need CAP_NET_ADMIN, and a short request is refused
 * with Linux's extended ACK.  tests/clients/crypto-user.sh runs a real
 * client through the daemon.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/cryptouser.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

#include "util.h"

static uint8_t rbuf[65536] __attribute__((aligned(8)));

static struct unl_sock *crypto_sock(struct unl_net *net, uint64_t caps)
{
	struct unl_cred who = { .pid = getpid(), .caps = caps };
	struct unl_sock *sk;
	int one = 1;

	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_CRYPTO, &who, &sk),
			 0);
	unl_setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return sk;
}

static void send_req(struct unl_sock *sk, int type, int flags,
		     const void *data, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	uint8_t buf[512] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	nlh->nlmsg_len = (uint32_t)NLMSG_LENGTH(len);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	nlh->nlmsg_seq = 7;
	memcpy(NLMSG_DATA(nlh), data, len);
	assert_int_equal(unl_sendto(sk, buf, nlh->nlmsg_len, 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 nlh->nlmsg_len);
}

/* The names the answers to the last request carry, space-separated
 * (the dump's or a GETALG's), and its error (0 for DONE or an ACK). */
static int answers(struct unl_sock *sk, char *names, size_t size)
{
	names[0] = 0;
	for (;;) {
		ssize_t n = unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
					 NULL, NULL);
		size_t left;

		assert_true(n > 0);
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
		     NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			assert_int_equal(h->nlmsg_type, CRYPTO_MSG_GETALG);
			const struct crypto_user_alg *a = NLMSG_DATA(h);
			size_t used = strlen(names);
			snprintf(names + used, size - used, "%s%s",
				 used ? " " : "", a->cru_name);
		}
	}
}

static struct crypto_user_alg by_name(const char *name, const char *driver)
{
	struct crypto_user_alg a;

	memset(&a, 0, sizeof(a));
	snprintf(a.cru_name, sizeof(a.cru_name), "%s", name);
	snprintf(a.cru_driver_name, sizeof(a.cru_driver_name), "%s", driver);
	return a;
}

static void test_absent_without_crypto_user(void **state)
{
	struct unl_net *net = net_with_profile("algo hmac(sha256)\n");
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_sock *sk;

	(void)state;
	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_CRYPTO, &root, &sk),
			 -EPROTONOSUPPORT);
	unl_net_free(net);
}

static void test_dump_is_the_profile(void **state)
{
	/* lzs has no crypto implementation and foo is no template: not
	 * listed; the order is the profile's */
	struct unl_net *net = net_with_profile("feature CRYPTO_USER\n"
				       "algo hmac(sha256) cbc(aes) lzs foo(aes)\n"
				       "algo rfc4106(gcm(aes)) deflate\n");
	struct unl_sock *sk = crypto_sock(net, 0);
	struct crypto_user_alg a = by_name("", "");
	char names[512];

	(void)state;
	send_req(sk, CRYPTO_MSG_GETALG, NLM_F_DUMP, &a, sizeof(a));
	assert_int_equal(answers(sk, names, sizeof(names)), 0);
	assert_string_equal(names,
			    "cbc(aes) deflate hmac(sha256) rfc4106(gcm(aes))");
	/* by driver name, as the dump named it */
	a = by_name("", "rfc4106(gcm_base(ctr(aes-generic),ghash-generic))");
	send_req(sk, CRYPTO_MSG_GETALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(sk, names, sizeof(names)), 0);
	assert_string_equal(names, "rfc4106(gcm(aes))");
	a = by_name("lzs", "");
	send_req(sk, CRYPTO_MSG_GETALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(sk, names, sizeof(names)), -ENOENT);
	unl_close(sk);
	unl_net_free(net);
}

static void test_privileged_calls(void **state)
{
	struct unl_net *net = net_with_profile("feature CRYPTO_USER\n"
				       "algo cbc(aes) digest_null\n");
	struct unl_sock *user = crypto_sock(net, 0);
	struct unl_sock *admin = crypto_sock(net, UNL_CAP(CAP_NET_ADMIN));
	struct crypto_user_alg a = by_name("", "cbc(ecb(aes-generic))");
	char names[256];

	(void)state;
	send_req(user, CRYPTO_MSG_DELALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(user, names, sizeof(names)), -EPERM);
	send_req(admin, CRYPTO_MSG_DELALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(admin, names, sizeof(names)), 0);
	send_req(user, CRYPTO_MSG_GETALG, NLM_F_DUMP, &a, sizeof(a));
	assert_int_equal(answers(user, names, sizeof(names)), 0);
	assert_string_equal(names, "digest_null");
	send_req(admin, CRYPTO_MSG_NEWALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(admin, names, sizeof(names)), 0);
	send_req(admin, CRYPTO_MSG_NEWALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(admin, names, sizeof(names)), -EEXIST);
	/* a base algorithm is no instance */
	a = by_name("", "digest_null-generic");
	send_req(admin, CRYPTO_MSG_DELALG, NLM_F_ACK, &a, sizeof(a));
	assert_int_equal(answers(admin, names, sizeof(names)), -EINVAL);
	unl_close(user);
	unl_close(admin);
	unl_net_free(net);
}

static void test_short_request(void **state)
{
	struct unl_net *net = net_with_profile("feature CRYPTO_USER\nalgo cbc(aes)\n");
	struct unl_sock *sk = crypto_sock(net, 0);
	char names[64];
	uint32_t junk = 0;

	(void)state;
	send_req(sk, CRYPTO_MSG_GETALG, NLM_F_ACK, &junk, sizeof(junk));
	assert_int_equal(answers(sk, names, sizeof(names)), -EINVAL);
	unl_close(sk);
	unl_net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absent_without_crypto_user),
		cmocka_unit_test(test_dump_is_the_profile),
		cmocka_unit_test(test_privileged_calls),
		cmocka_unit_test(test_short_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
