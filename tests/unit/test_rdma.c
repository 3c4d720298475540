// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_RDMA's operations by the profile's kernel release: 6.18's
 * nldev_cb_table has SRQ_GET_RAW, NEWDEV and DELDEV (CAP_NET_ADMIN
 * first, then no device: EINVAL) and no entry for MONITOR (EINVAL), and
 * lets any user join the groups (the monitor's); a 6.3 kernel has none
 * of these operations (EINVAL for anyone) and keeps the groups to
 * CAP_NET_ADMIN.  The host's kernel is compared in
 * tests/conformance/scenarios/family-rdma-ops.scn, where it has ib_core.
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
#include <linux/netlink.h>
#include <rdma/rdma_netlink.h>

#include <unetlink/unetlink.h>

#include "util.h"

/* Linux's numbers (include/uapi/rdma/rdma_netlink.h of 6.18) */
enum { SRQ_GET_RAW = 25, NEWDEV = 26, DELDEV = 27, MONITOR = 28,
       GROUP_NOTIFY = 4 };

static uint8_t rbuf[8192] __attribute__((aligned(8)));

static struct unl_net *net_of(const char *release)
{
	char text[128];

	snprintf(text, sizeof(text), "kernel %s\nfeature INFINIBAND\n",
		 release);
	return net_with_profile(text);
}

static struct unl_sock *rdma_sock(struct unl_net *net, uint64_t caps)
{
	struct unl_cred who = { .pid = getpid(), .caps = caps };
	struct unl_sock *sk;

	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_RDMA, &who, &sk),
			 0);
	return sk;
}

/* The error of NLDEV operation op with a device index (0 for an ACK or
 * the dump's DONE). */
static int nldev_call(struct unl_sock *sk, int op, int flags)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr h;
		struct nlattr a;
		uint32_t index;
	} req = {
		.h = { .nlmsg_len = sizeof(req),
		       .nlmsg_type = RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, op),
		       .nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK |
						 flags),
		       .nlmsg_seq = 1 },
		.a = { .nla_len = 8, .nla_type = RDMA_NLDEV_ATTR_DEV_INDEX },
	};
	struct nlmsghdr *h = (struct nlmsghdr *)rbuf;

	assert_int_equal(unl_sendto(sk, &req, sizeof(req), 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 sizeof(req));
	assert_true(unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL) >= (ssize_t)NLMSG_HDRLEN);
	assert_true(h->nlmsg_type == NLMSG_ERROR ||
		    h->nlmsg_type == NLMSG_DONE);
	return *(int32_t *)NLMSG_DATA(h);
}

static int join(struct unl_sock *sk, int group)
{
	return unl_setsockopt(sk, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			      sizeof(group));
}

static void test_ops_of_6_18(void **state)
{
	struct unl_net *net = net_of("6.18");
	struct unl_sock *user = rdma_sock(net, 0);
	struct unl_sock *admin = rdma_sock(net, UNL_CAP(CAP_NET_ADMIN));

	(void)state;
	assert_int_equal(nldev_call(user, NEWDEV, 0), -EPERM);
	assert_int_equal(nldev_call(user, DELDEV, 0), -EPERM);
	assert_int_equal(nldev_call(user, SRQ_GET_RAW, NLM_F_DUMP), -EPERM);
	assert_int_equal(nldev_call(admin, NEWDEV, 0), -EINVAL);
	assert_int_equal(nldev_call(admin, DELDEV, 0), -EINVAL);
	assert_int_equal(nldev_call(admin, SRQ_GET_RAW, 0), -EINVAL);
	/* the monitor's events' type: no operation */
	assert_int_equal(nldev_call(user, MONITOR, 0), -EINVAL);
	assert_int_equal(nldev_call(admin, MONITOR, NLM_F_DUMP), -EINVAL);
	assert_int_equal(nldev_call(user, MONITOR + 1, 0), -EINVAL);
	assert_int_equal(join(user, GROUP_NOTIFY), 0);
	unl_close(user);
	unl_close(admin);
	unl_net_free(net);
}

static void test_ops_of_6_3(void **state)
{
	struct unl_net *net = net_of("6.3");
	struct unl_sock *user = rdma_sock(net, 0);
	struct unl_sock *admin = rdma_sock(net, UNL_CAP(CAP_NET_ADMIN));

	(void)state;
	assert_int_equal(nldev_call(user, NEWDEV, 0), -EINVAL);
	assert_int_equal(nldev_call(user, SRQ_GET_RAW, NLM_F_DUMP), -EINVAL);
	assert_int_equal(nldev_call(admin, DELDEV, 0), -EINVAL);
	assert_int_equal(join(user, GROUP_NOTIFY), -EPERM);
	assert_int_equal(join(admin, GROUP_NOTIFY), 0);
	unl_close(user);
	unl_close(admin);
	unl_net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_of_6_18),
		cmocka_unit_test(test_ops_of_6_3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
