// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctnetlink on its clock, in process, with time moved by hand (the test
 * clock hook): an entry expires at its timeout with a DESTROY event to
 * those who listen, an update moves the expiry, the timeout counts down
 * in dumps, and an entry made while nobody listened has no events (the
 * default nf_conntrack_events=2).  On the kernel the garbage collector
 * finds expired entries some time later, so tests/ct-diff compares only
 * what a listing shows after the expiry.
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
#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <netinet/in.h>

#include <unetlink/files.h>
#include <unetlink/unetlink.h>

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

#define SEC UNL_NSEC_PER_SEC
#define CT_TYPE(msg) ((NFNL_SUBSYS_CTNETLINK << 8) | (msg))

static struct unl_net *g_net;
static struct unl_sock *g_sk;  /* requests */
static struct unl_sock *g_mon; /* the conntrack groups, when joined */
static int64_t g_now, g_t0;

static int64_t fake_clock(void *user)
{
	(void)user;
	return g_now;
}

static void clock_at(int64_t at)
{
	g_now = g_t0 + at;
}

/* ---- requests ---- */

struct req {
	uint8_t buf[1024] __attribute__((aligned(4)));
	size_t len;
	struct nlmsghdr *nlh;
};

static uint32_t g_seq;

static void req_msg(struct req *r, int msg, uint16_t flags, uint8_t family)
{
	struct nfgenmsg *nfg;

	memset(r, 0, sizeof(*r));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_type = (uint16_t)CT_TYPE(msg);
	r->nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	r->nlh->nlmsg_seq = ++g_seq;
	r->nlh->nlmsg_len = NLMSG_LENGTH(sizeof(*nfg));
	nfg = NLMSG_DATA(r->nlh);
	nfg->nfgen_family = family;
	r->len = NLMSG_SPACE(sizeof(*nfg));
}

static struct nlattr *req_attr(struct req *r, uint16_t type, const void *d,
			       size_t n)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	if (n)
		memcpy((uint8_t *)a + NLA_HDRLEN, d, n);
	r->len += NLA_ALIGN(a->nla_len);
	r->nlh->nlmsg_len = (uint32_t)r->len;
	return a;
}

static void req_nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (uint16_t)((r->buf + r->len) - (uint8_t *)a);
}

/* A UDP tuple src:sport -> dst:dport. */
static void req_tuple(struct req *r, int type, const char *src,
		      const char *dst, uint16_t sport, uint16_t dport)
{
	struct nlattr *t = req_attr(r, (uint16_t)(type | NLA_F_NESTED), NULL, 0);
	struct nlattr *n = req_attr(r, CTA_TUPLE_IP | NLA_F_NESTED, NULL, 0);
	struct in_addr a;
	uint8_t proto = IPPROTO_UDP;

	inet_pton(AF_INET, src, &a);
	req_attr(r, CTA_IP_V4_SRC, &a, 4);
	inet_pton(AF_INET, dst, &a);
	req_attr(r, CTA_IP_V4_DST, &a, 4);
	req_nest_end(r, n);
	n = req_attr(r, CTA_TUPLE_PROTO | NLA_F_NESTED, NULL, 0);
	req_attr(r, CTA_PROTO_NUM, &proto, 1);
	sport = htons(sport);
	dport = htons(dport);
	req_attr(r, CTA_PROTO_SRC_PORT, &sport, 2);
	req_attr(r, CTA_PROTO_DST_PORT, &dport, 2);
	req_nest_end(r, n);
	req_nest_end(r, t);
}

/* 10.0.0.1:port -> 10.0.0.2:53, timeout secs: a new entry (flags
 * NLM_F_CREATE | NLM_F_EXCL) or an update of it (0). */
static void req_entry(struct req *r, uint16_t flags, uint16_t port,
		      uint32_t secs)
{
	uint32_t t = htonl(secs);

	req_msg(r, IPCTNL_MSG_CT_NEW, NLM_F_ACK | flags, NFPROTO_IPV4);
	req_tuple(r, CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", port, 53);
	req_tuple(r, CTA_TUPLE_REPLY, "10.0.0.2", "10.0.0.1", 53, port);
	req_attr(r, CTA_TIMEOUT, &t, 4);
}

/* ---- talking ---- */

static uint8_t g_rbuf[65536];

/* Send r, read its ACK: the error. */
static int do_req(struct req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)g_rbuf;
	ssize_t n;

	assert_int_equal(unl_sendto(g_sk, r->buf, r->len, 0,
				    (struct sockaddr *)&sa, sizeof(sa)),
			 (ssize_t)r->len);
	n = unl_recvfrom(g_sk, g_rbuf, sizeof(g_rbuf), MSG_DONTWAIT, NULL,
			 NULL);
	assert_true(n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
}

/* The type of the next event on the monitor (-1: none), and the source
 * port of its original tuple in *sport. */
static int next_event(uint16_t *sport)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)g_rbuf;
	const struct nlattr *orig, *proto, *port;
	ssize_t n;

	n = unl_recvfrom(g_mon, g_rbuf, sizeof(g_rbuf), MSG_DONTWAIT, NULL,
			 NULL);
	if (n <= 0)
		return -1;
	orig = unl_nla_find(
		(const struct nlattr *)((uint8_t *)NLMSG_DATA(nlh) +
					NLMSG_ALIGN(sizeof(struct nfgenmsg))),
		(int)(nlh->nlmsg_len - NLMSG_SPACE(sizeof(struct nfgenmsg))),
		CTA_TUPLE_ORIG);
	assert_non_null(orig);
	proto = unl_nla_find(unl_nla_data(orig), unl_nla_len(orig),
			     CTA_TUPLE_PROTO);
	assert_non_null(proto);
	port = unl_nla_find(unl_nla_data(proto), unl_nla_len(proto),
			    CTA_PROTO_SRC_PORT);
	assert_non_null(port);
	*sport = ntohs(unl_nla_get_u16(port));
	return nlh->nlmsg_type & 0xff;
}

/* The timeout a GET of the entry from port reports, or -errno. */
static long get_timeout(uint16_t port)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)g_rbuf;
	const struct nlattr *t;
	struct req r;
	ssize_t n;

	req_msg(&r, IPCTNL_MSG_CT_GET, 0, NFPROTO_IPV4);
	req_tuple(&r, CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", port, 53);
	assert_int_equal(unl_sendto(g_sk, r.buf, r.len, 0,
				    (struct sockaddr *)&sa, sizeof(sa)),
			 (ssize_t)r.len);
	n = unl_recvfrom(g_sk, g_rbuf, sizeof(g_rbuf), MSG_DONTWAIT, NULL,
			 NULL);
	assert_true(n > 0);
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	t = unl_nla_find((const struct nlattr *)((uint8_t *)NLMSG_DATA(nlh) +
						 NLMSG_ALIGN(
							 sizeof(struct nfgenmsg))),
			 (int)(nlh->nlmsg_len -
			       NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 CTA_TIMEOUT);
	assert_non_null(t);
	return (long)ntohl(unl_nla_get_u32(t));
}

static void join(struct unl_sock *sk, int group)
{
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &group,
					sizeof(group)),
			 0);
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	struct unl_net_config cfg = { 0 };
	struct unl_cred cred;

	(void)state;
	assert_int_equal(unl_profile_load("full", &cfg.profile, NULL, 0), 0);
	assert_int_equal(unl_net_new_config(&g_net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	g_t0 = g_now = 1000 * SEC;
	unl_debug_set_clock(g_net, fake_clock, NULL);
	unl_cred_from_process(&cred);
	cred.caps |= UNL_CAP(CAP_NET_ADMIN);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &cred,
				    &g_sk),
			 0);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &cred,
				    &g_mon),
			 0);
	{
		/* bound, as conntrack -E's socket is */
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

		assert_int_equal(unl_bind(g_mon, (struct sockaddr *)&sa,
					  sizeof(sa)),
				 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unl_close(g_mon);
	unl_close(g_sk);
	unl_net_free(g_net);
	return 0;
}

/* ---- tests ---- */

/* An entry lives exactly its timeout: counted down in a GET, then gone
 * with a DESTROY event when the timer runs. */
static void test_expiry_event(void **state)
{
	struct req r;
	uint16_t port = 0;

	(void)state;
	join(g_mon, NFNLGRP_CONNTRACK_NEW);
	join(g_mon, NFNLGRP_CONNTRACK_DESTROY);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 1000, 10);
	assert_int_equal(do_req(&r), 0);
	assert_int_equal(next_event(&port), IPCTNL_MSG_CT_NEW);
	assert_int_equal(port, 1000);
	assert_int_equal(get_timeout(1000), 10);
	clock_at(4 * SEC + SEC / 2);
	assert_int_equal(get_timeout(1000), 5);
	clock_at(10 * SEC - SEC / 100);
	assert_int_equal(unl_net_run_timers(g_net), 0);
	assert_int_equal(next_event(&port), -1);
	assert_int_equal(get_timeout(1000), 0);
	clock_at(10 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 1);
	assert_int_equal(next_event(&port), IPCTNL_MSG_CT_DELETE);
	assert_int_equal(port, 1000);
	assert_int_equal(next_event(&port), -1);
	assert_int_equal(get_timeout(1000), -ENOENT);
}

/* An update with CTA_TIMEOUT starts the timeout anew from now. */
static void test_update_moves_expiry(void **state)
{
	struct req r;
	uint16_t port = 0;

	(void)state;
	join(g_mon, NFNLGRP_CONNTRACK_DESTROY);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 2000, 10);
	assert_int_equal(do_req(&r), 0);
	clock_at(5 * SEC);
	req_entry(&r, 0, 2000, 20);
	assert_int_equal(do_req(&r), 0);
	clock_at(10 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 0);
	assert_int_equal(get_timeout(2000), 15);
	clock_at(25 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 1);
	assert_int_equal(next_event(&port), IPCTNL_MSG_CT_DELETE);
	assert_int_equal(port, 2000);
}

/* Made while nobody listened: no event cache, so no DESTROY event even
 * for a listener that came later; the entry still expires. */
static void test_no_listener_no_events(void **state)
{
	struct req r;
	uint16_t port = 0;

	(void)state;
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 3000, 10);
	assert_int_equal(do_req(&r), 0);
	join(g_mon, NFNLGRP_CONNTRACK_DESTROY);
	clock_at(10 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 1);
	assert_int_equal(next_event(&port), -1);
	assert_int_equal(get_timeout(3000), -ENOENT);
}

/* A second insert of the same tuple is EEXIST; an update of one that
 * does not exist ENOENT; no timeout on insert EINVAL. */
static void test_insert_errors(void **state)
{
	struct req r;

	(void)state;
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 4000, 10);
	assert_int_equal(do_req(&r), 0);
	assert_int_equal(do_req(&r), -EEXIST);
	req_entry(&r, 0, 4001, 10);
	assert_int_equal(do_req(&r), -ENOENT);
	req_msg(&r, IPCTNL_MSG_CT_NEW, NLM_F_ACK | NLM_F_CREATE, NFPROTO_IPV4);
	req_tuple(&r, CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", 4002, 53);
	req_tuple(&r, CTA_TUPLE_REPLY, "10.0.0.2", "10.0.0.1", 53, 4002);
	assert_int_equal(do_req(&r), -EINVAL);
}

/* The attribute type of a GET of the entry from port, or NULL. */
static const struct nlattr *get_attr(uint16_t port, int type)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)g_rbuf;
	struct req r;

	req_msg(&r, IPCTNL_MSG_CT_GET, 0, NFPROTO_IPV4);
	req_tuple(&r, CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", port, 53);
	assert_int_equal(unl_sendto(g_sk, r.buf, r.len, 0,
				    (struct sockaddr *)&sa, sizeof(sa)),
			 (ssize_t)r.len);
	assert_true(unl_recvfrom(g_sk, g_rbuf, sizeof(g_rbuf), MSG_DONTWAIT,
				 NULL, NULL) > 0);
	assert_int_equal(nlh->nlmsg_type, CT_TYPE(IPCTNL_MSG_CT_NEW));
	return unl_nla_find((const struct nlattr *)((uint8_t *)NLMSG_DATA(nlh) +
						    NLMSG_ALIGN(sizeof(
							    struct nfgenmsg))),
			    (int)(nlh->nlmsg_len -
				  NLMSG_SPACE(sizeof(struct nfgenmsg))),
			    type);
}

/* nf_conntrack_acct and nf_conntrack_timestamp: the entries made while
 * they are on carry counters (0: no packet passes) and a start time;
 * those made before do not. */
static void test_acct_timestamp_sysctls(void **state)
{
	struct unl_cred admin;
	const struct nlattr *a;
	struct req r;

	(void)state;
	unl_cred_from_process(&admin);
	admin.caps |= UNL_CAP(CAP_NET_ADMIN);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 7000, 10);
	assert_int_equal(do_req(&r), 0);
	assert_int_equal(unl_net_file_write(g_net, &admin,
					    "/proc/sys/net/netfilter/nf_conntrack_acct",
					    "1", 1),
			 1);
	assert_int_equal(unl_net_file_write(g_net, &admin,
					    "/proc/sys/net/netfilter/nf_conntrack_timestamp",
					    "1", 1),
			 1);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 7001, 10);
	assert_int_equal(do_req(&r), 0);
	assert_null(get_attr(7000, CTA_COUNTERS_ORIG));
	assert_null(get_attr(7000, CTA_TIMESTAMP));
	a = get_attr(7001, CTA_COUNTERS_REPLY);
	assert_non_null(a);
	a = unl_nla_find(unl_nla_data(a), unl_nla_len(a), CTA_COUNTERS_PACKETS);
	assert_non_null(a);
	assert_int_equal(unl_nla_len(a), 8);
	a = get_attr(7001, CTA_TIMESTAMP);
	assert_non_null(a);
	assert_non_null(unl_nla_find(unl_nla_data(a), unl_nla_len(a),
				     CTA_TIMESTAMP_START));
	assert_null(unl_nla_find(unl_nla_data(a), unl_nla_len(a),
				 CTA_TIMESTAMP_STOP));
}

/* nf_conntrack_events: 0, entries made now have no events even with a
 * listener; 1, an entry made while nobody listened has them later. */
static void test_events_sysctl(void **state)
{
	static const char path[] = "/proc/sys/net/netfilter/nf_conntrack_events";
	struct unl_cred admin;
	struct req r;
	uint16_t port = 0;

	(void)state;
	unl_cred_from_process(&admin);
	admin.caps |= UNL_CAP(CAP_NET_ADMIN);
	assert_int_equal(unl_net_file_write(g_net, &admin, path, "0\n", 2), 2);
	join(g_mon, NFNLGRP_CONNTRACK_NEW);
	join(g_mon, NFNLGRP_CONNTRACK_DESTROY);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 6000, 10);
	assert_int_equal(do_req(&r), 0);
	assert_int_equal(next_event(&port), -1);
	clock_at(10 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 1);
	assert_int_equal(next_event(&port), -1);
	/* 1: every entry; this one's listener comes after it */
	assert_int_equal(unl_net_file_write(g_net, &admin, path, "1", 1), 1);
	for (int g = NFNLGRP_CONNTRACK_NEW; g <= NFNLGRP_CONNTRACK_DESTROY;
	     g++)
		assert_int_equal(unl_setsockopt(g_mon, SOL_NETLINK,
						NETLINK_DROP_MEMBERSHIP, &g,
						sizeof(g)),
				 0);
	req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, 6001, 10);
	assert_int_equal(do_req(&r), 0);
	join(g_mon, NFNLGRP_CONNTRACK_DESTROY);
	clock_at(20 * SEC);
	assert_int_equal(unl_net_run_timers(g_net), 1);
	assert_int_equal(next_event(&port), IPCTNL_MSG_CT_DELETE);
	assert_int_equal(port, 6001);
}

/* nf_conntrack_max, the machine's (read-only here: the profile gives
 * it), bounds the table: an insert past it is ENOMEM, as
 * __nf_conntrack_alloc() fails; /proc/sys/net/netfilter shows the
 * count and the limit, and takes the net's own settings. */
static void test_max_and_sysctls(void **state)
{
	static const char text[] = "base full\n"
				   "sysctl net.netfilter.nf_conntrack_max = 2\n";
	struct unl_net_config cfg = { 0 };
	struct unl_cred admin;
	struct unl_file f;
	struct req r;

	(void)state;
	teardown(NULL);
	assert_int_equal(unl_profile_parse(text, sizeof(text) - 1, "test",
					   &cfg.profile, NULL, 0),
			 0);
	assert_int_equal(unl_net_new_config(&g_net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	unl_debug_set_clock(g_net, fake_clock, NULL);
	unl_cred_from_process(&admin);
	admin.caps |= UNL_CAP(CAP_NET_ADMIN);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &admin,
				    &g_sk),
			 0);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &admin,
				    &g_mon),
			 0);
	for (int i = 0; i < 3; i++) {
		req_entry(&r, NLM_F_CREATE | NLM_F_EXCL, (uint16_t)(5000 + i),
			  10);
		assert_int_equal(do_req(&r), i < 2 ? 0 : -ENOMEM);
	}
	assert_int_equal(unl_net_file_get(g_net,
					  "/proc/sys/net/netfilter/nf_conntrack_count",
					  &f),
			 0);
	assert_int_equal(f.mode, 0444);
	assert_memory_equal(f.data, "2\n", 2);
	unl_file_release(&f);
	assert_int_equal(unl_net_file_get(g_net,
					  "/proc/sys/net/netfilter/nf_conntrack_max",
					  &f),
			 0);
	assert_memory_equal(f.data, "2\n", 2);
	unl_file_release(&f);
	/* read-only outside the initial namespace; the net's own written
	 * through their handlers */
	assert_int_equal(unl_net_file_write(g_net, &admin,
					    "/proc/sys/net/netfilter/nf_conntrack_max",
					    "9", 1),
			 -EACCES);
	assert_int_equal(unl_net_file_write(g_net, &admin,
					    "/proc/sys/net/netfilter/nf_conntrack_events",
					    "3", 1),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(g_net, &admin,
					    "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_close",
					    "17\n", 3),
			 3);
	assert_int_equal(unl_net_file_get(g_net,
					  "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_close",
					  &f),
			 0);
	assert_memory_equal(f.data, "17\n", 3);
	unl_file_release(&f);
	assert_int_equal(unl_net_file_get(g_net, "/proc/sys/net/netfilter/nosuch",
					  &f),
			 -ENOENT);
	/* a sysctl the model does not make: never written */
	assert_int_equal(unl_net_file_may_write(g_net, &admin,
						"/proc/sys/net/ipv4/tcp_syncookies"),
			 -EOPNOTSUPP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_expiry_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_update_moves_expiry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_listener_no_events,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_max_and_sysctls, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_events_sysctl, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_acct_timestamp_sysctls,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
