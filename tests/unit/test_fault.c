// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fault injection in the library (include/unetlink/fault.h): the text
 * form (parsed, refused with a reason, formatted back to the same rule),
 * and each action at its place in the core on a net of the `full`
 * profile: a request's error with its extended ACK, nth, a dump's
 * NLM_F_DUMP_INTR, a notification dropped or overrun, a message cut,
 * socket() and bind(), a rule removed, the log.
 */
#include "rtnl_helpers.h"

static void test_parse_format(void **state)
{
	static const char *const good[] = {
		"family=route type=16 error=EBUSY msg=it is busy, really",
		"family=generic nth=3 dump-intr",
		"pid=42 net=7 flags=0x600 drop",
		"family=route type=20 prob=0.25 seed=9 overrun",
		"truncate=20",
		"family=netfilter socket-error=EMFILE",
		"bind-error=98",
		"family=route type=RTM_NEWLINK delay=250",
		"family=generic timeout",
		"family=generic pid=7 timeout=300",
	};
	char text[256], again[256], why[128];
	struct unl_fault f, g;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(unl_fault_parse(good[i], &f, why, sizeof(why)),
				 0);
		assert_int_equal(unl_fault_format(&f, text, sizeof(text)), 0);
		assert_int_equal(unl_fault_parse(text, &g, why, sizeof(why)),
				 0);
		assert_int_equal(unl_fault_format(&g, again, sizeof(again)),
				 0);
		assert_string_equal(text, again);
		assert_memory_equal(&f, &g, sizeof(f));
	}
	assert_int_equal(unl_fault_parse("family=route type=RTM_NEWLINK "
					 "error=EBUSY msg=x y", &f, why,
					 sizeof(why)),
			 0);
	assert_int_equal(f.type, RTM_NEWLINK);
	assert_int_equal(f.error, EBUSY);
	assert_string_equal(f.msg, "x y");
}

static void test_parse_refused(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "", "no action (error=, dump-intr, drop, overrun, "
		      "truncate=, socket-error=, bind-error=, delay=, "
		      "timeout)" },
		{ "family=route", "no action (error=, dump-intr, drop, "
				  "overrun, truncate=, socket-error=, "
				  "bind-error=, delay=, timeout)" },
		{ "delay=0", "delay: bad value" },
		{ "delay=60001", "delay: bad value" },
		{ "delay", "delay: unknown word" },
		{ "timeout=x", "timeout: bad value" },
		{ "timeout delay=5", "delay: more than one action" },
		{ "bogus", "bogus: unknown word" },
		{ "drop overrun", "overrun: more than one action" },
		{ "error=ENOTANERRNO", "error: unknown errno" },
		{ "prob=1.5 drop", "prob: bad value" },
		{ "family=nosuch drop", "family: bad value" },
		{ "type=70000 drop", "type: bad value" },
		{ "truncate=x", "truncate: bad value" },
	};
	char why[128];
	struct unl_fault f;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(unl_fault_parse(bad[i].text, &f, why,
						 sizeof(why)),
				 -EINVAL);
		assert_string_equal(why, bad[i].why);
	}
}

static int add(struct fx *f, const char *text)
{
	struct unl_fault r;

	assert_int_equal(unl_fault_parse(text, &r, NULL, 0), 0);
	return unl_world_fault_add(unl_net_world(f->net), &r);
}

static void bridge_req(struct req *r, const char *name)
{
	req_init(r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		 sizeof(struct ifinfomsg));
	req_str(r, IFLA_IFNAME, name);
	req_nest(r, IFLA_LINKINFO);
	req_str(r, IFLA_INFO_KIND, "bridge");
	req_end(r);
}

static int fired;
static void count_fired(struct unl_net *net, int id, const struct unl_fault *r,
			void *user)
{
	(void)net;
	(void)id;
	(void)r;
	(void)user;
	fired++;
}

static void test_request_error(void **state)
{
	struct fx *f = *state;
	struct req r;
	int id, one = 1;

	fired = 0;
	assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK,
					&one, sizeof(one)),
			 0);
	unl_world_set_fault_log(unl_net_world(f->net), count_fired, NULL);
	id = add(f, "family=route type=RTM_NEWLINK nth=2 error=EBUSY "
		    "msg=injected");
	assert_true(id > 0);
	bridge_req(&r, "br0");
	check_req(f, &r, 0, "");
	bridge_req(&r, "br1");
	check_req(f, &r, -EBUSY, "injected");
	bridge_req(&r, "br2");
	check_req(f, &r, 0, "");
	/* lo, br0 and br2: br1 was never made */
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 3);
	assert_int_equal(fired, 1);
	assert_int_equal(unl_world_fault_del(unl_net_world(f->net), id), 0);
	assert_int_equal(unl_world_fault_del(unl_net_world(f->net), id),
			 -ENOENT);
}

static void test_dump_intr(void **state)
{
	struct fx *f = *state;
	struct req r;
	ssize_t n;
	struct nlmsghdr *nlh;

	assert_true(add(f, "family=route type=RTM_GETLINK nth=1 dump-intr") > 0);
	for (int round = 0; round < 2; round++) {
		req_init(&r, RTM_GETLINK, NLM_F_DUMP,
			 sizeof(struct ifinfomsg));
		xsend(f, &r);
		n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL);
		assert_true(n > 0);
		nlh = (struct nlmsghdr *)rbuf;
		/* the first dump only: nth=1 */
		assert_int_equal(!!(nlh->nlmsg_flags & NLM_F_DUMP_INTR),
				 round == 0);
		while (unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				    NULL, NULL) > 0)
			;
	}
}

static void test_notify_drop_overrun(void **state)
{
	struct fx *f = *state;
	struct req r;
	ssize_t n;

	assert_true(add(f, "family=route type=RTM_NEWLINK nth=1 drop") > 0);
	bridge_req(&r, "br0");
	check_req(f, &r, 0, "");
	/* the listener heard nothing of br0 */
	assert_int_equal(collect(f->mon), 0);
	assert_true(add(f, "family=route type=RTM_NEWLINK nth=1 overrun") > 0);
	bridge_req(&r, "br1");
	check_req(f, &r, 0, "");
	n = unl_recvfrom(f->mon, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL, NULL);
	assert_int_equal(n, -ENOBUFS);
	/* and hears what comes next */
	bridge_req(&r, "br2");
	check_req(f, &r, 0, "");
	assert_true(collect(f->mon) > 0);
}

static void test_truncate_socket_bind(void **state)
{
	struct fx *f = *state;
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct unl_sock *sk;
	struct req r;

	assert_true(add(f, "family=route type=RTM_NEWLINK truncate=20") > 0);
	assert_true(add(f, "family=generic socket-error=EMFILE") > 0);
	assert_true(add(f, "family=route nth=1 bind-error=EADDRINUSE") > 0);
	req_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	((struct ifinfomsg *)NLMSG_DATA(r.nlh))->ifi_index = 1;
	xsend(f, &r);
	assert_int_equal(unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				      NULL, NULL),
			 20);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_GENERIC, &root,
				    &sk),
			 -EMFILE);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &sk),
			 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&sa, sizeof(sa)),
			 -EADDRINUSE);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&sa, sizeof(sa)), 0);
	unl_close(sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test_setup_teardown(test_request_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dump_intr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_notify_drop_overrun,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_socket_bind,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
