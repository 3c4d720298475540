// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtnetlink in process: links, addresses, routes, rules and neighbours
 * of a fresh net, driven through user sockets, with the replies and
 * notifications checked field by field.  What the kernel can be asked
 * the same question about is compared with it byte for byte by the
 * conformance scenarios (rtnl-*.scn).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/netconf.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <unetlink/unetlink.h>

#include "rtnl_helpers.h"

/* ---- fixtures ---- */

static int setup_minimal(void **state)
{
	return setup_profile(state, "minimal");
}

/* A profile written as a file of its own, as a user would. */
static int setup_profile_text(void **state, const char *text)
{
	char path[] = "/tmp/unetlink-test-XXXXXX.profile";
	int fd = mkstemps(path, 8), ret;
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	ret = setup_profile(state, path);
	unlink(path);
	return ret;
}

/* "full" without routing tables */
static int setup_no_tables(void **state)
{
	return setup_profile_text(state, "name no-tables\n"
					 "base full\n"
					 "feature -IP_MULTIPLE_TABLES\n"
					 "feature -IPV6_MULTIPLE_TABLES\n");
}

/* "full" whose new devices do optimistic DAD */
static int setup_optimistic_dad(void **state)
{
	return setup_profile_text(
		state, "name optimistic\n"
		       "base full\n"
		       "sysctl net.ipv6.conf.default.optimistic_dad = 1\n");
}

/* ---- helpers for common requests ---- */

static int addr4_add(struct fx *f, int ifindex, const char *a, int plen)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_NEWADDR,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifa));
	struct in_addr in;

	inet_pton(AF_INET, a, &in);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	req_put(&r, IFA_LOCAL, &in, 4);
	req_put(&r, IFA_ADDRESS, &in, 4);
	return do_req(f, &r);
}

/* An IPv4 RTM_NEWROUTE (CREATE|EXCL) to dst/plen in main, RTA_DST its
 * first attribute. */
static void route4_req(struct req *r, const char *dst, int plen, int protocol,
		       int type)
{
	struct rtmsg *rtm = req_init(r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
				     sizeof(*rtm));
	struct in_addr in;

	inet_pton(AF_INET, dst, &in);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = (uint8_t)plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = (uint8_t)protocol;
	rtm->rtm_type = (uint8_t)type;
	req_put(r, RTA_DST, &in, 4);
}

static int dump(struct fx *f, int type, int family, size_t hdrlen)
{
	struct req r;
	uint8_t *h = req_init(&r, type, NLM_F_DUMP, hdrlen);

	h[0] = (uint8_t)family;
	xsend(f, &r);
	return collect(f->sk);
}

/* A dump's result: the error its NLMSG_DONE carries (0 when it
 * ended well). */
static int dump_result(struct fx *f, int type, int family, size_t hdrlen)
{
	struct req r;
	uint8_t *h = req_init(&r, type, NLM_F_DUMP, hdrlen);
	ssize_t n;

	h[0] = (uint8_t)family;
	xsend(f, &r);
	while ((n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
		int rem = (int)n;

		for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem))
			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
	}
	fail_msg("no NLMSG_DONE");
	return 0;
}

/* Whether the IPv6 netconf of a device reports mc_forwarding. */
static bool netconf6_has_mc_forwarding(struct fx *f, int ifindex)
{
	struct req r;
	struct netconfmsg *ncm = req_init(&r, RTM_GETNETCONF, 0,
					  sizeof(*ncm));

	ncm->ncm_family = AF_INET6;
	req_u32(&r, NETCONFA_IFINDEX, (uint32_t)ifindex);
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWNETCONF);
	return attr(collected_msg(0), sizeof(*ncm), NETCONFA_MC_FORWARDING);
}

/* ---- tests ---- */

/* A fresh net has lo, down, as `unshare -n` shows it. */
static void test_lo_fresh(void **state)
{
	struct fx *f = *state;
	const struct nlmsghdr *nlh;
	const struct ifinfomsg *ifm;
	const struct nlattr *a;

	assert_int_equal(getlink(f, 1, NULL), 1);
	nlh = collected_msg(0);
	ifm = NLMSG_DATA(nlh);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(ifm->ifi_type, 772); /* ARPHRD_LOOPBACK */
	assert_int_equal(ifm->ifi_flags, IFF_LOOPBACK);
	a = attr(nlh, sizeof(*ifm), IFLA_IFNAME);
	assert_string_equal(unl_nla_data(a), "lo");
	assert_int_equal(unl_nla_get_u32(attr(nlh, sizeof(*ifm), IFLA_MTU)),
			 65536);
	assert_int_equal(unl_nla_get_u32(attr(nlh, sizeof(*ifm), IFLA_TXQLEN)),
			 1000);
	assert_int_equal(unl_nla_get_u8(attr(nlh, sizeof(*ifm),
					     IFLA_OPERSTATE)),
			 IF_OPER_DOWN);
	assert_string_equal(unl_nla_data(attr(nlh, sizeof(*ifm), IFLA_QDISC)),
			    "noop");
	/* by name, too */
	assert_int_equal(getlink(f, 0, "lo"), 1);
	assert_int_equal(getlink(f, 0, "nope"), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(((struct nlmsgerr *)NLMSG_DATA(collected_msg(0)))
				 ->error,
			 -ENODEV);
	/* no addresses, no routes; three IPv4 rules, two IPv6 ones, and
	 * AF_UNSPEC adds the multicast families' one each */
	assert_int_equal(dump(f, RTM_GETADDR, AF_UNSPEC,
			      sizeof(struct ifaddrmsg)),
			 0);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_UNSPEC, sizeof(struct rtmsg)),
			 0);
	assert_int_equal(dump(f, RTM_GETRULE, AF_INET,
			      sizeof(struct fib_rule_hdr)),
			 3);
	assert_int_equal(dump(f, RTM_GETRULE, AF_INET6,
			      sizeof(struct fib_rule_hdr)),
			 2);
	assert_int_equal(dump(f, RTM_GETRULE, AF_UNSPEC,
			      sizeof(struct fib_rule_hdr)),
			 7);
}

/* What a kernel built without what "minimal" leaves out answers, from
 * Linux's source: no such link kind ("Unknown device type"), no rules
 * of the multicast routing families (EAFNOSUPPORT, "Rule family not
 * supported"), no mc_forwarding in IPv6 netconf (IPV6_MROUTE). */
static void test_minimal_kernel(void **state)
{
	struct fx *f = *state;
	static const char *const absent[] = { "bridge", "dummy", "vlan" };
	struct fib_rule_hdr *frh;
	struct req r;
	int one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
			 sizeof(struct ifinfomsg));
		req_nest(&r, IFLA_LINKINFO);
		req_str(&r, IFLA_INFO_KIND, absent[i]);
		req_end(&r);
		check_req(f, &r, -EOPNOTSUPP, "Unknown device type");
	}
	req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		 sizeof(struct ifinfomsg));
	req_nest(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "veth");
	req_end(&r);
	check_req(f, &r, 0, "");

	assert_int_equal(dump(f, RTM_GETRULE, AF_UNSPEC,
			      sizeof(struct fib_rule_hdr)),
			 5);
	assert_int_equal(dump_result(f, RTM_GETRULE, RTNL_FAMILY_IPMR,
				     sizeof(struct fib_rule_hdr)),
			 -EAFNOSUPPORT);
	frh = req_init(&r, RTM_NEWRULE, NLM_F_CREATE, sizeof(*frh));
	frh->family = RTNL_FAMILY_IP6MR;
	frh->action = FR_ACT_TO_TBL;
	frh->table = 10;
	check_req(f, &r, -EAFNOSUPPORT, "Rule family not supported");

	assert_false(netconf6_has_mc_forwarding(f, 1));

	/* no IPV6_SUBTREES: an IPv6 route with a source prefix is refused */
	{
		struct rtmsg *rtm = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE,
					     sizeof(*rtm));
		uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8 };
		uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };

		rtm->rtm_family = AF_INET6;
		rtm->rtm_dst_len = 64;
		rtm->rtm_src_len = 64;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_type = RTN_UNICAST;
		req_put(&r, RTA_DST, dst, sizeof(dst));
		req_put(&r, RTA_SRC, src, sizeof(src));
		req_u32(&r, RTA_OIF, 1);
		check_req(f, &r, -EINVAL,
			  "Specifying source address requires IPV6_SUBTREES to be enabled");
	}
}

/* A kernel without multiple tables has one main table for every id
 * but IPv4's local (fib_get_table, fib6_get_table): routes given table
 * 100 land in main and say so; IPv6's local routes too. */
static void test_no_multiple_tables(void **state)
{
	struct fx *f = *state;
	struct rtmsg *rtm;
	struct req r;

	route4_req(&r, "10.9.0.0", 16, RTPROT_BOOT, RTN_BLACKHOLE);
	((struct rtmsg *)NLMSG_DATA(r.nlh))->rtm_table = 100;
	check_req(f, &r, 0, NULL);
	rtm = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 16;
	rtm->rtm_table = 100;
	rtm->rtm_type = RTN_BLACKHOLE;
	{
		uint8_t dst[16] = { 0x20, 0x01 };

		req_put(&r, RTA_DST, dst, sizeof(dst));
	}
	check_req(f, &r, 0, NULL);
	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);

	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 4);
	assert_int_equal(((struct rtmsg *)NLMSG_DATA(collected_msg(0)))
				 ->rtm_table,
			 RT_TABLE_MAIN);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET6,
			      sizeof(struct rtmsg)),
			 2);
	for (int i = 0; i < 2; i++)
		assert_int_equal(unl_nla_get_u32(attr(collected_msg(i),
						      sizeof(struct rtmsg),
						      RTA_TABLE)),
				 RT_TABLE_MAIN);
}

/* The same questions of the "full" kernel. */
static void test_full_kernel(void **state)
{
	struct fx *f = *state;

	assert_int_equal(dump(f, RTM_GETRULE, RTNL_FAMILY_IPMR,
			      sizeof(struct fib_rule_hdr)),
			 1);
	assert_int_equal(dump(f, RTM_GETRULE, RTNL_FAMILY_IP6MR,
			      sizeof(struct fib_rule_hdr)),
			 1);
	assert_true(netconf6_has_mc_forwarding(f, 1));
}

/* The link dump's NLMSG_DONE comes in a datagram of its own. */
static void test_link_dump_split_done(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	ssize_t n;

	req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	xsend(f, &r);
	n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL, NULL);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(n, NLMSG_ALIGN(nlh->nlmsg_len));
	n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL, NULL);
	assert_int_equal(n, NLMSG_LENGTH(4));
	assert_int_equal(nlh->nlmsg_type, NLMSG_DONE);
}

/* Bringing lo up gives it 127.0.0.1/8 and ::1, and their routes. */
static void test_lo_up(void **state)
{
	struct fx *f = *state;
	int routes4 = 0, routes6 = 0;

	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	assert_int_equal(link_operstate(f, 1), IF_OPER_UNKNOWN);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET,
			      sizeof(struct ifaddrmsg)),
			 1);
	{
		const struct nlmsghdr *nlh = collected_msg(0);
		const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

		assert_int_equal(ifa->ifa_prefixlen, 8);
		assert_int_equal(ifa->ifa_scope, RT_SCOPE_HOST);
		assert_memory_equal(unl_nla_data(attr(nlh, sizeof(*ifa),
						      IFA_LOCAL)),
				    "\x7f\0\0\x01", 4);
		assert_string_equal(unl_nla_data(attr(nlh, sizeof(*ifa),
						      IFA_LABEL)),
				    "lo");
	}
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6,
			      sizeof(struct ifaddrmsg)),
			 1);
	routes4 = dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg));
	/* local 127.0.0.0/8, local 127.0.0.1, broadcast 127.255.255.255 */
	assert_int_equal(routes4, 3);
	{
		const struct rtmsg *rtm = NLMSG_DATA(collected_msg(0));

		assert_int_equal(rtm->rtm_type, RTN_LOCAL);
		assert_int_equal(rtm->rtm_dst_len, 8);
		assert_int_equal(rtm->rtm_table, RT_TABLE_LOCAL);
		rtm = NLMSG_DATA(collected_msg(2));
		assert_int_equal(rtm->rtm_type, RTN_BROADCAST);
	}
	routes6 = dump(f, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg));
	assert_int_equal(routes6, 1);
	/* down: IPv4 keeps its address and local routes, IPv6 loses all */
	assert_int_equal(link_set_flags(f, 1, 0), 0);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET,
			      sizeof(struct ifaddrmsg)),
			 1);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6,
			      sizeof(struct ifaddrmsg)),
			 0);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 2);
}

/* A veth pair: the peer comes first; carrier needs both ends up. */
static void test_veth(void **state)
{
	struct fx *f = *state;
	int n;

	collect(f->mon);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	n = collect(f->mon);
	assert_int_equal(n, 2);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))
				 ->ifi_index,
			 2);
	assert_int_equal(getlink(f, 0, "v0"), 1);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))
				 ->ifi_index,
			 3);
	assert_int_equal(unl_nla_get_u32(attr(collected_msg(0),
					      sizeof(struct ifinfomsg),
					      IFLA_LINK)),
			 2);
	assert_int_equal(veth_add(f, "v0", "v9"), -EEXIST);

	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(link_operstate(f, 3), IF_OPER_LOWERLAYERDOWN);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_operstate(f, 3), IF_OPER_UP);
	assert_int_equal(link_operstate(f, 2), IF_OPER_UP);
	/* both up with carrier: each has a link-local address */
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6,
			      sizeof(struct ifaddrmsg)),
			 2);
	/* deleting one end deletes both */
	{
		struct req r;
		struct ifinfomsg *ifm = req_init(&r, RTM_DELLINK, 0,
						 sizeof(*ifm));

		ifm->ifi_index = 3;
		assert_int_equal(do_req(f, &r), 0);
	}
	assert_int_equal(dump(f, RTM_GETLINK, AF_UNSPEC,
			      sizeof(struct ifinfomsg)),
			 1);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6,
			      sizeof(struct ifaddrmsg)),
			 0);
}

/* NEWLINK's errors, with Linux's extended ACK where it gives one. */
static void test_newlink_errors(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ifinfomsg *ifm;
	int one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	ifm = req_init(&r, RTM_NEWLINK, NLM_F_CREATE, sizeof(*ifm));
	req_str(&r, IFLA_IFNAME, "x0");
	req_nest(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "nosuchkind");
	req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "Unknown device type");
	/* a change to a device that does not exist */
	ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 77;
	assert_int_equal(do_req(f, &r), -ENODEV);
	/* lo exists: EXCL refuses */
	ifm = req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*ifm));
	req_str(&r, IFLA_IFNAME, "lo");
	assert_int_equal(do_req(f, &r), -EEXIST);
	/* mtu outside the device's range */
	assert_int_equal(veth_add(f, "a0", "a1"), 0);
	ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));
	req_str(&r, IFLA_IFNAME, "a0");
	req_u32(&r, IFLA_MTU, 10);
	assert_int_equal(do_req(f, &r), -EINVAL);
}

/* Without CAP_NET_ADMIN, changes are refused and reading works. */
static void test_unprivileged(void **state)
{
	struct fx *f = *state;
	struct unl_cred user = { .pid = getpid(), .uid = 65534, .gid = 65534 };
	struct unl_sock *root = f->sk;
	struct req r;

	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &user,
				    &f->sk),
			 0);
	req_init(&r, RTM_NEWLINK, NLM_F_CREATE, sizeof(struct ifinfomsg));
	assert_int_equal(do_req(f, &r), -EPERM);
	assert_int_equal(getlink(f, 1, NULL), 1);
	unl_close(f->sk);
	f->sk = root;
}

/* lo up, sent with or without naming the kernel as destination: the
 * ACK's error. */
static int set_lo_up(struct fx *f, bool dst)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct ifinfomsg *ifi;
	struct req r;
	char msg[128];

	ifi = req_init(&r, RTM_SETLINK, NLM_F_ACK, sizeof(*ifi));
	ifi->ifi_index = 1;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	r.nlh->nlmsg_seq = ++f->seq;
	assert_int_equal(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
				    dst ? (struct sockaddr *)&k : NULL,
				    dst ? sizeof(k) : 0),
			 r.nlh->nlmsg_len);
	return ack_msg(f, msg, sizeof(msg));
}

/*
 * Linux checks the caller's capabilities now and the opener's at
 * socket() (netlink_ns_capable), the latter only when the message does
 * not name its destination: a socket whose process dropped CAP_NET_ADMIN
 * is refused at once, and one opened without it stays refused when its
 * process regains it, except through an explicit address.
 */
static void test_cap_current_and_opener(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .pid = getpid(),
				  .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_cred none = { .pid = getpid() };
	struct unl_sock *root = f->sk;

	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &admin,
				    &f->sk),
			 0);
	assert_int_equal(set_lo_up(f, false), 0);
	unl_sock_set_cred(f->sk, &none);
	assert_int_equal(set_lo_up(f, false), -EPERM);
	assert_int_equal(set_lo_up(f, true), -EPERM);
	unl_close(f->sk);

	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &none,
				    &f->sk),
			 0);
	unl_sock_set_cred(f->sk, &admin);
	assert_int_equal(set_lo_up(f, false), -EPERM);
	assert_int_equal(set_lo_up(f, true), 0);
	unl_close(f->sk);
	f->sk = root;
}

/* Addresses bring routes; `ip route get` finds the longest prefix. */
static void test_addr_routes_get(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct rtmsg *rtm;
	struct in_addr dst, gw;
	uint32_t oif;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(addr4_add(f, 3, "10.0.0.1", 24), 0);
	assert_int_equal(addr4_add(f, 3, "10.0.0.1", 24), -EEXIST);
	assert_int_equal(addr4_add(f, 3, "10.0.0.2", 24), 0);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET,
			      sizeof(struct ifaddrmsg)),
			 2);
	assert_true(((struct ifaddrmsg *)NLMSG_DATA(collected_msg(1)))
			    ->ifa_flags &
		    IFA_F_SECONDARY);
	/* main: 10.0.0.0/24; local: 10.0.0.1, 10.0.0.2, 10.0.0.255 */
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 4);

	/* a gateway route, then the same again: EEXIST with EXCL */
	route4_req(&r, "192.168.0.0", 16, RTPROT_BOOT, RTN_UNICAST);
	inet_pton(AF_INET, "10.0.0.254", &gw);
	req_put(&r, RTA_GATEWAY, &gw, 4);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(do_req(f, &r), -EEXIST);
	/* an unreachable gateway */
	inet_pton(AF_INET, "172.16.0.0", &dst);
	inet_pton(AF_INET, "172.16.0.1", &gw);
	memcpy((uint8_t *)r.nlh + NLMSG_LENGTH(sizeof(*rtm)) + NLA_HDRLEN,
	       &dst, 4);
	memcpy((uint8_t *)r.nlh + NLMSG_LENGTH(sizeof(*rtm)) + 2 * NLA_HDRLEN +
		       4,
	       &gw, 4);
	assert_int_equal(do_req(f, &r), -ENETUNREACH);

	/* route get 192.168.3.4: through v0 by the gateway route */
	rtm = req_init(&r, RTM_GETROUTE, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	inet_pton(AF_INET, "192.168.3.4", &dst);
	req_put(&r, RTA_DST, &dst, 4);
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	rtm = NLMSG_DATA(collected_msg(0));
	assert_int_equal(rtm->rtm_dst_len, 32);
	assert_true(rtm->rtm_flags & RTM_F_CLONED);
	oif = unl_nla_get_u32(attr(collected_msg(0), sizeof(*rtm), RTA_OIF));
	assert_int_equal(oif, 3);
	assert_memory_equal(unl_nla_data(attr(collected_msg(0), sizeof(*rtm),
					      RTA_PREFSRC)),
			    "\x0a\0\0\x01", 4);
	/* nothing for 8.8.8.8 */
	rtm = req_init(&r, RTM_GETROUTE, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	inet_pton(AF_INET, "8.8.8.8", &dst);
	req_put(&r, RTA_DST, &dst, 4);
	assert_int_equal(do_req(f, &r), -ENETUNREACH);

	/* link down: the prefix route and the gateway route go */
	assert_int_equal(link_set_flags(f, 3, 0), 0);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 2);
}

/* Notifications: a monitor sees the address and its routes. */
static void test_notifications(void **state)
{
	struct fx *f = *state;
	int n, addrs = 0, routes = 0;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	collect(f->mon);
	assert_int_equal(addr4_add(f, 3, "10.1.0.1", 24), 0);
	n = collect(f->mon);
	for (int i = 0; i < n; i++) {
		int t = collected_msg(i)->nlmsg_type;

		addrs += t == RTM_NEWADDR;
		routes += t == RTM_NEWROUTE;
	}
	assert_int_equal(addrs, 1);
	/* the device is down: only the local route */
	assert_int_equal(routes, 1);
}

/* Strict checking refuses what old tools could send. */
static void test_strict_dump(void **state)
{
	struct fx *f = *state;
	int one = 1;
	struct req r;
	struct ifinfomsg *ifm;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		       sizeof(one));
	ifm = req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(*ifm));
	ifm->ifi_index = 1;
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 0);
	assert_int_equal(*(int *)NLMSG_DATA((struct nlmsghdr *)rbuf), -EINVAL);
}

/* Rules: add one, see it, delete it. */
static void test_rules(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct fib_rule_hdr *frh;

	frh = req_init(&r, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*frh));
	frh->family = AF_INET;
	frh->action = FR_ACT_TO_TBL;
	req_u32(&r, FRA_TABLE, 100);
	req_u32(&r, FRA_PRIORITY, 100);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(dump(f, RTM_GETRULE, AF_INET,
			      sizeof(struct fib_rule_hdr)),
			 4);
	frh = req_init(&r, RTM_DELRULE, 0, sizeof(*frh));
	frh->family = AF_INET;
	req_u32(&r, FRA_PRIORITY, 100);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(do_req(f, &r), -ENOENT);
}

/* Neighbours: a permanent entry. */
static void test_neigh(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ndmsg *ndm;
	struct in_addr a;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	ndm = req_init(&r, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*ndm));
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = 3;
	ndm->ndm_state = NUD_PERMANENT;
	inet_pton(AF_INET, "10.0.0.9", &a);
	req_put(&r, NDA_DST, &a, 4);
	req_put(&r, NDA_LLADDR, "\x02\0\0\0\0\x09", 6);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(do_req(f, &r), -EEXIST);
	assert_int_equal(dump(f, RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg)),
			 1);
}

/* A neighbour request on v0 (ifindex 3) for dst, with ndm_flags. */
static struct ndmsg *neigh_req(struct req *r, int type, int flags, int family,
			       int ifindex, uint8_t ndm_flags, const char *dst)
{
	struct ndmsg *ndm = req_init(r, type, flags, sizeof(*ndm));
	uint8_t a[16];

	ndm->ndm_family = (uint8_t)family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_flags = ndm_flags;
	assert_int_equal(inet_pton(family, dst, a), 1);
	req_put(r, NDA_DST, a, family == AF_INET ? 4 : 16);
	return ndm;
}

/* Proxy entries: added without an announcement, found by RTM_GETNEIGH
 * on any device when they have none, refused for IPv6 without one. */
static void test_neigh_proxy_get(void **state)
{
	int one = 1, group = RTNLGRP_NEIGH;
	struct fx *f = *state;
	struct req r;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(unl_setsockopt(f->mon, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &group,
					sizeof(group)),
			 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	collect(f->mon);
	neigh_req(&r, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, AF_INET, 0,
		  NTF_PROXY, "10.0.0.6");
	check_req(f, &r, 0, NULL);
	assert_int_equal(collect(f->mon), 0);
	neigh_req(&r, RTM_GETNEIGH, 0, AF_INET, 3, NTF_PROXY, "10.0.0.6");
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	assert_int_equal(((struct ndmsg *)NLMSG_DATA(collected_msg(0)))->ndm_flags,
			 NTF_PROXY);
	assert_int_equal(((struct ndmsg *)NLMSG_DATA(collected_msg(0)))->ndm_ifindex,
			 0);
	neigh_req(&r, RTM_GETNEIGH, 0, AF_INET, 3, NTF_PROXY, "10.0.0.7");
	check_req(f, &r, -ENOENT, "Proxy neighbour entry not found");
	neigh_req(&r, RTM_GETNEIGH, 0, AF_INET, 0, 0, "10.0.0.6");
	check_req(f, &r, -EINVAL, "No device specified");
	neigh_req(&r, RTM_NEWNEIGH, NLM_F_CREATE, AF_INET6, 0, NTF_PROXY,
		  "2001:db8::6");
	check_req(f, &r, -ENOBUFS, "");
	/* a delete names the device exactly */
	neigh_req(&r, RTM_DELNEIGH, 0, AF_INET, 3, NTF_PROXY, "10.0.0.6");
	check_req(f, &r, -ENOENT, "");
	neigh_req(&r, RTM_DELNEIGH, 0, AF_INET, 0, NTF_PROXY, "10.0.0.6");
	check_req(f, &r, 0, "");
}

/* NTF_EXT_VALIDATED (NDA_FLAGS_EXT): only in a valid state, and kept
 * through a carrier loss that takes a plain reachable entry. */
static void test_neigh_ext_validated(void **state)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	const uint32_t ext_validated = 1u << 2; /* NTF_EXT_EXT_VALIDATED */
	struct fx *f = *state;
	struct ndmsg *ndm;
	int one = 1;
	struct req r;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	ndm = neigh_req(&r, RTM_NEWNEIGH, NLM_F_CREATE, AF_INET, 3, 0,
			"10.0.0.9");
	ndm->ndm_state = NUD_INCOMPLETE;
	req_u32(&r, NDA_FLAGS_EXT, ext_validated);
	check_req(f, &r, -EINVAL,
		  "Cannot create externally validated neighbor with an invalid state");
	ndm = neigh_req(&r, RTM_NEWNEIGH, NLM_F_CREATE, AF_INET, 3, 0,
			"10.0.0.9");
	ndm->ndm_state = NUD_REACHABLE;
	req_put(&r, NDA_LLADDR, mac, sizeof(mac));
	req_u32(&r, NDA_FLAGS_EXT, ext_validated);
	check_req(f, &r, 0, "");
	ndm = neigh_req(&r, RTM_NEWNEIGH, NLM_F_CREATE, AF_INET, 3, 0,
			"10.0.0.8");
	ndm->ndm_state = NUD_REACHABLE;
	req_put(&r, NDA_LLADDR, mac, sizeof(mac));
	check_req(f, &r, 0, "");
	/* the peer goes down: v0 loses its carrier */
	assert_int_equal(link_set_flags(f, 2, 0), 0);
	neigh_req(&r, RTM_GETNEIGH, 0, AF_INET, 3, 0, "10.0.0.8");
	check_req(f, &r, -ENOENT, "Neighbour entry not found");
	neigh_req(&r, RTM_GETNEIGH, 0, AF_INET, 3, 0, "10.0.0.9");
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	assert_non_null(attr(collected_msg(0), sizeof(struct ndmsg),
			     NDA_FLAGS_EXT));
}

/* The route notifications of an address, byte for byte as Linux 6.18
 * sends them (captured from the kernel: see rtnl-addr-routes.scn). */
static void test_route_notification_bytes(void **state)
{
	static const uint8_t local[] = {
		0x3c, 0, 0, 0, 0x18, 0, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0,
		0x02, 0x20, 0x00, 0x00, 0xff, 0x02, 0xfe, 0x02, 0, 0, 0, 0,
		0x08, 0x00, 0x0f, 0x00, 0xff, 0, 0, 0,
		0x08, 0x00, 0x01, 0x00, 0x0a, 0, 0, 0x01,
		0x08, 0x00, 0x07, 0x00, 0x0a, 0, 0, 0x01,
		0x08, 0x00, 0x04, 0x00, 0x03, 0, 0, 0,
	};
	struct fx *f = *state;
	int n;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	collect(f->mon);
	assert_int_equal(addr4_add(f, 3, "10.0.0.1", 24), 0);
	n = collect(f->mon);
	/* NEWADDR, then the local route: the device is down */
	assert_int_equal(n, 2);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWADDR);
	assert_int_equal(collected_msg(1)->nlmsg_len, sizeof(local));
	assert_memory_equal(collected_msg(1), local, sizeof(local));
}

/* lo's events in the kernel's order when it comes up: the link, then
 * 127.0.0.1 and its three routes, then ::1 and its route. */
static void test_lo_up_events(void **state)
{
	static const int want[] = { RTM_NEWLINK,  RTM_NEWADDR,  RTM_NEWROUTE,
				    RTM_NEWROUTE, RTM_NEWROUTE, RTM_NEWADDR,
				    RTM_NEWROUTE };
	struct fx *f = *state;
	int n;

	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	n = collect(f->mon);
	assert_int_equal(n, (int)(sizeof(want) / sizeof(want[0])));
	for (int i = 0; i < n; i++)
		assert_int_equal(collected_msg(i)->nlmsg_type, want[i]);
	assert_int_equal(((struct ifaddrmsg *)NLMSG_DATA(collected_msg(5)))
				 ->ifa_family,
			 AF_INET6);
}

/* Linkwatch and DAD run after the request is answered: the second end
 * of a veth coming up gives its own NEWLINK first, then the IPv6 routes
 * and NEWLINKs of both ends, then the two link-local addresses. */
static void test_veth_up_events(void **state)
{
	struct fx *f = *state;
	int n, links = 0, addrs = 0, first_addr = -1, last_link = -1;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	collect(f->mon);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	n = collect(f->mon);
	for (int i = 0; i < n; i++) {
		const struct nlmsghdr *nlh = collected_msg(i);

		if (nlh->nlmsg_type == RTM_NEWLINK) {
			links++;
			last_link = i;
		}
		if (nlh->nlmsg_type == RTM_NEWADDR) {
			addrs++;
			if (first_addr < 0)
				first_addr = i;
			/* announced once DAD is done: not tentative */
			assert_false(((struct ifaddrmsg *)NLMSG_DATA(nlh))
					     ->ifa_flags &
				     IFA_F_TENTATIVE);
		}
	}
	/* v1's flags change, then linkwatch for v1 and v0 */
	assert_int_equal(links, 3);
	assert_int_equal(addrs, 2);
	assert_true(first_addr > last_link);
	assert_int_equal(link_operstate(f, 2), IF_OPER_UP);
}

/* NETLINK_FIB_LOOKUP answers from the same FIB. */
struct fib_result_nl_t {
	uint32_t fl_addr, fl_mark;
	uint8_t fl_tos, fl_scope, tb_id_in, tb_id, prefixlen, nh_sel, type,
		scope;
	int32_t err;
};

/* One NETLINK_FIB_LOOKUP round trip on fs; the answer, as long as the
 * request, is left in rbuf. */
static void fib_ask(struct unl_sock *fs, const void *req, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	assert_int_equal(unl_sendto(fs, req, len, 0, (struct sockaddr *)&k,
				    sizeof(k)),
			 len);
	assert_int_equal(unl_recvfrom(fs, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				      NULL, NULL),
			 len);
}

static void test_fib_lookup(void **state)
{
	struct fx *f = *state;
	struct unl_sock *fs;
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct {
		struct nlmsghdr nlh;
		struct fib_result_nl_t frn;
	} req = { .nlh = { .nlmsg_len = sizeof(req),
			   .nlmsg_flags = NLM_F_REQUEST } };
	struct fib_result_nl_t *frn;
	struct req r;

	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_FIB_LOOKUP, &root,
				    &fs),
			 0);
	inet_pton(AF_INET, "127.0.0.5", &req.frn.fl_addr);
	fib_ask(fs, &req, sizeof(req));
	frn = NLMSG_DATA((struct nlmsghdr *)rbuf);
	assert_int_equal(frn->err, -ENOENT); /* no table yet */

	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	fib_ask(fs, &req, sizeof(req));
	assert_int_equal(frn->err, 0);
	assert_int_equal(frn->tb_id, RT_TABLE_MAIN); /* local merged in */
	assert_int_equal(frn->prefixlen, 8);
	assert_int_equal(frn->type, RTN_LOCAL);
	assert_int_equal(frn->scope, RT_SCOPE_HOST);

	/* ... and main into local: a blackhole of main, seen through 255 */
	route4_req(&r, "198.18.0.0", 15, RTPROT_BOOT, RTN_BLACKHOLE);
	assert_int_equal(do_req(f, &r), 0);
	inet_pton(AF_INET, "198.18.1.1", &req.frn.fl_addr);
	for (int i = 0; i < 2; i++) {
		req.frn.tb_id_in = i ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
		fib_ask(fs, &req, sizeof(req));
		assert_int_equal(frn->err, -EINVAL);
		assert_int_equal(frn->tb_id, req.frn.tb_id_in);
	}
	/* 127.0.0.5 in main: the local table's route */
	inet_pton(AF_INET, "127.0.0.5", &req.frn.fl_addr);
	req.frn.tb_id_in = RT_TABLE_MAIN;
	fib_ask(fs, &req, sizeof(req));
	assert_int_equal(frn->err, 0);
	assert_int_equal(frn->type, RTN_LOCAL);
	unl_close(fs);
}

/* A multipath route takes as many paths as RTA_MULTIPATH holds (8190
 * without gateways, the most its 16-bit length allows; Linux 6.18 takes
 * them all), and is announced whole. */
static void test_multipath_many(void **state)
{
	static uint8_t big[NLMSG_LENGTH(sizeof(struct rtmsg)) + 8 + 65536]
		__attribute__((aligned(4)));
	struct fx *f = *state;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)big;
	struct rtmsg *rtm = NLMSG_DATA(nlh);
	struct nlattr *a = (struct nlattr *)((uint8_t *)rtm + sizeof(*rtm));
	struct nlattr *mp;
	const struct nlattr *got;
	struct rtnexthop *rtnh;
	char msg[128];
	int paths[] = { 1000, 8190 };

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	collect(f->mon);
	for (int t = 0; t < 2; t++) {
		memset(big, 0, sizeof(big));
		rtm->rtm_family = AF_INET;
		rtm->rtm_dst_len = 16;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_type = RTN_UNICAST;
		a->nla_type = RTA_DST;
		a->nla_len = 8;
		memcpy(a + 1, t ? "\x0a\x09\0\0" : "\x0a\x08\0\0", 4);
		mp = (struct nlattr *)((uint8_t *)a + 8);
		mp->nla_type = RTA_MULTIPATH;
		rtnh = (struct rtnexthop *)(mp + 1);
		for (int i = 0; i < paths[t]; i++, rtnh++) {
			rtnh->rtnh_len = sizeof(*rtnh);
			rtnh->rtnh_ifindex = 2;
		}
		mp->nla_len = (uint16_t)((uint8_t *)rtnh - (uint8_t *)mp);
		nlh->nlmsg_len = (uint32_t)((uint8_t *)rtnh - big);
		nlh->nlmsg_type = RTM_NEWROUTE;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
				   NLM_F_EXCL;
		nlh->nlmsg_seq = ++f->seq;
		assert_int_equal(unl_sendto(f->sk, big, nlh->nlmsg_len, 0,
					    (struct sockaddr *)&k, sizeof(k)),
				 nlh->nlmsg_len);
		assert_int_equal(ack_msg(f, msg, sizeof(msg)), 0);
		if (t)
			break;
		/* the 1000-path route's event lists every path (the
		 * 8190-path one would not fit a listener's buffer) */
		assert_int_equal(collect(f->mon), 1);
		got = attr(collected_msg(0), sizeof(struct rtmsg),
			   RTA_MULTIPATH);
		assert_non_null(got);
		assert_int_equal(unl_nla_len(got),
				 1000 * (int)sizeof(struct rtnexthop));
	}
}

/* Any number of tables: routes in a hundred of them; a rule without a
 * table gets the first free one (fib_empty_table). */
static void test_tables_many(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct rtmsg *rtm;
	struct fib_rule_hdr *frh;
	int n;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	for (uint32_t t = 1; t <= 100; t++) {
		route4_req(&r, "10.0.0.0", 8, RTPROT_BOOT, RTN_UNICAST);
		req_u32(&r, RTA_TABLE, 1000 + t);
		req_u32(&r, RTA_OIF, 2);
		assert_int_equal(do_req(f, &r), 0);
	}
	rtm = req_init(&r, RTM_GETROUTE, NLM_F_DUMP, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	xsend(f, &r);
	n = collect(f->sk);
	assert_int_equal(n, 100);
	frh = req_init(&r, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*frh));
	frh->family = AF_INET;
	frh->action = FR_ACT_TO_TBL;
	req_u32(&r, FRA_PRIORITY, 100);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(dump(f, RTM_GETRULE, AF_INET,
			      sizeof(struct fib_rule_hdr)),
			 4);
	assert_int_equal(unl_nla_get_u32(attr(collected_msg(1),
					      sizeof(struct fib_rule_hdr),
					      FRA_TABLE)),
			 1);
}

/* `ip route get` without RTA_UID matches uid rules with the requester's
 * own uid (current_uid()), and reports it. */
static void test_route_get_uid(void **state)
{
	struct fx *f = *state;
	struct unl_cred user = { .pid = getpid(), .uid = 1500 };
	struct unl_sock *sk;
	struct req r;
	struct rtmsg *rtm;
	struct fib_rule_hdr *frh;
	struct fib_rule_uid_range ur = { 1000, 2000 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct in_addr dst;
	const struct nlattr *a;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(addr4_add(f, 2, "10.1.0.1", 24), 0);
	route4_req(&r, "0.0.0.0", 0, RTPROT_BOOT, RTN_UNREACHABLE);
	req_u32(&r, RTA_TABLE, 100);
	assert_int_equal(do_req(f, &r), 0);
	frh = req_init(&r, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*frh));
	frh->family = AF_INET;
	frh->action = FR_ACT_TO_TBL;
	req_u32(&r, FRA_TABLE, 100);
	req_put(&r, FRA_UID_RANGE, &ur, sizeof(ur));
	assert_int_equal(do_req(f, &r), 0);

	rtm = req_init(&r, RTM_GETROUTE, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	inet_pton(AF_INET, "10.1.0.9", &dst);
	req_put(&r, RTA_DST, &dst, 4);
	/* root (uid 0) is outside the range */
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	a = attr(collected_msg(0), sizeof(struct rtmsg), RTA_UID);
	assert_non_null(a);
	assert_int_equal(unl_nla_get_u32(a), 0);
	/* uid 1500 meets the unreachable default of table 100 */
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &user,
				    &sk),
			 0);
	r.nlh->nlmsg_flags |= NLM_F_ACK;
	assert_int_equal(unl_sendto(sk, r.buf, r.nlh->nlmsg_len, 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 r.nlh->nlmsg_len);
	assert_true(unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL) > 0);
	assert_int_equal(((struct nlmsgerr *)NLMSG_DATA(rbuf))->error,
			 -EHOSTUNREACH);
	unl_close(sk);
}

/* dummy: no carrier management, so up means UNKNOWN, as for lo. */
static void test_dummy(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifm));

	(void)ifm;
	req_nest(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "dummy");
	req_end(&r);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(getlink(f, 0, "dummy0"), 1);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))
				 ->ifi_flags,
			 IFF_BROADCAST | IFF_NOARP);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_operstate(f, 2), IF_OPER_UNKNOWN);
}

/* ---- nexthop objects ---- */

static struct nhmsg *nh_req(struct req *r, int type, int flags, int family,
			    uint32_t id)
{
	struct nhmsg *nhm = req_init(r, type, flags, sizeof(*nhm));

	nhm->nh_family = (uint8_t)family;
	if (id)
		req_u32(r, NHA_ID, id);
	return nhm;
}

static int nh_add_dev(struct fx *f, uint32_t id, int ifindex)
{
	struct req r;

	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, AF_INET, id);
	req_u32(&r, NHA_OIF, (uint32_t)ifindex);
	return do_req(f, &r);
}

/* Two veth ends, up with carrier, and extended ACKs on. */
static void nh_setup(struct fx *f)
{
	int one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
}

/* Creation, EXCL, auto ids, the events on RTNLGRP_NEXTHOP, dumps. */
static void test_nexthop_add(void **state)
{
	struct fx *f = *state;
	struct unl_sock *mon;
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	int grp = RTNLGRP_NEXTHOP;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nexthop_grp g[2] = { { .id = 1 }, { .id = 2, .weight = 4 } };
	struct req r;
	const struct nlmsghdr *nlh;

	nh_setup(f);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &mon),
			 0);
	/* bound: a socket with portid 0 gets no broadcasts */
	assert_int_equal(unl_bind(mon, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(unl_setsockopt(mon, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &grp,
					sizeof(grp)),
			 0);
	assert_int_equal(nh_add_dev(f, 1, 3), 0);
	assert_int_equal(nh_add_dev(f, 1, 3), -EEXIST);
	/* no id: the next free one */
	assert_int_equal(nh_add_dev(f, 0, 2), 0);
	assert_int_equal(collect(mon), 2);
	nlh = collected_msg(1);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWNEXTHOP);
	/* the event carries the request's flags */
	assert_true(nlh->nlmsg_flags & NLM_F_EXCL);
	assert_int_equal(unl_nla_get_u32(attr(nlh, sizeof(struct nhmsg),
					      NHA_ID)),
			 2);
	assert_int_equal(((struct nhmsg *)NLMSG_DATA(nlh))->nh_scope,
			 RT_SCOPE_HOST);
	/* a group of both, weights as given */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, AF_UNSPEC, 10);
	req_put(&r, NHA_GROUP, g, sizeof(g));
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(dump(f, RTM_GETNEXTHOP, AF_UNSPEC,
			      sizeof(struct nhmsg)),
			 3);
	nlh = collected_msg(2);
	assert_memory_equal(unl_nla_data(attr(nlh, sizeof(struct nhmsg),
					      NHA_GROUP)),
			    g, sizeof(g));
	/* deleting a member: the event, then the group's new shape */
	collect(mon);
	nh_req(&r, RTM_DELNEXTHOP, 0, AF_UNSPEC, 1);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(collect(mon), 2);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_DELNEXTHOP);
	assert_int_equal(collected_msg(1)->nlmsg_type, RTM_NEWNEXTHOP);
	assert_int_equal(unl_nla_len(attr(collected_msg(1),
					  sizeof(struct nhmsg), NHA_GROUP)),
			 sizeof(struct nexthop_grp));
	/* the device going down takes its nexthop, and the group, along,
	 * without events */
	assert_int_equal(link_set_flags(f, 2, 0), 0);
	assert_int_equal(dump(f, RTM_GETNEXTHOP, AF_UNSPEC,
			      sizeof(struct nhmsg)),
			 0);
	assert_int_equal(collect(mon), 0);
	unl_close(mon);
}

/* The errors, with Linux's extended ACK messages. */
static void test_nexthop_errors(void **state)
{
	struct fx *f = *state;
	struct unl_cred user = { .pid = getpid(), .uid = 65534, .gid = 65534 };
	struct unl_sock *root;
	struct nexthop_grp g[2] = { { .id = 1 }, { .id = 99 } };
	struct req r;

	nh_setup(f);
	assert_int_equal(nh_add_dev(f, 1, 3), 0);

	/* neither device nor blackhole */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE, AF_INET, 2);
	check_req(f, &r, -EINVAL,
		  "Device attribute required for non-blackhole and non-fdb nexthops");
	/* a family only groups may omit */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE, AF_UNSPEC, 2);
	req_u32(&r, NHA_OIF, 3);
	check_req(f, &r, -EINVAL, "Invalid address family");
	/* a device that does not exist */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE, AF_INET, 2);
	req_u32(&r, NHA_OIF, 77);
	check_req(f, &r, -EINVAL, "Invalid device index");
	/* a member that does not exist */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE, AF_UNSPEC, 2);
	req_put(&r, NHA_GROUP, g, sizeof(g));
	check_req(f, &r, -EINVAL, "Invalid nexthop id");
	/* the same member twice */
	g[1].id = 1;
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE, AF_UNSPEC, 2);
	req_put(&r, NHA_GROUP, g, sizeof(g));
	check_req(f, &r, -EINVAL,
		  "Nexthop id can not be used twice in a group");
	/* replace needs an id, and an entry unless CREATE */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_REPLACE, AF_INET, 0);
	req_u32(&r, NHA_OIF, 3);
	check_req(f, &r, -EINVAL, "Replace requires nexthop id");
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_REPLACE, AF_INET, 5);
	req_u32(&r, NHA_OIF, 3);
	check_req(f, &r, -ENOENT,
		  "Replace specified without create and no entry exists");
	/* a single nexthop does not become a group */
	nh_req(&r, RTM_NEWNEXTHOP, NLM_F_REPLACE, AF_UNSPEC, 1);
	req_put(&r, NHA_GROUP, g, sizeof(g[0]));
	check_req(f, &r, -EINVAL,
		  "Can not replace a nexthop with a nexthop group.");
	/* DEL and GET: an id, and one that exists */
	nh_req(&r, RTM_DELNEXTHOP, 0, AF_UNSPEC, 0);
	check_req(f, &r, -EINVAL, "Nexthop id is missing");
	nh_req(&r, RTM_DELNEXTHOP, 0, AF_UNSPEC, 42);
	assert_int_equal(do_req(f, &r), -ENOENT);
	nh_req(&r, RTM_GETNEXTHOP, 0, AF_UNSPEC, 42);
	assert_int_equal(do_req(f, &r), -ENOENT);
	/* a dump with a header field set */
	{
		struct nhmsg *nhm = nh_req(&r, RTM_GETNEXTHOP, NLM_F_DUMP,
					   AF_UNSPEC, 0);

		nhm->nh_protocol = RTPROT_STATIC;
		xsend(f, &r);
		assert_int_equal(collect(f->sk), 0);
		assert_int_equal(*(int *)NLMSG_DATA((struct nlmsghdr *)rbuf),
				 -EINVAL);
	}
	/* a route through a nexthop that does not exist */
	route4_req(&r, "10.9.0.0", 24, RTPROT_UNSPEC, RTN_UNICAST);
	req_u32(&r, RTA_NH_ID, 99);
	check_req(f, &r, -EINVAL, "Nexthop id does not exist");
	/* ... and with a device as well */
	req_u32(&r, RTA_OIF, 3);
	check_req(f, &r, -EINVAL,
		  "Nexthop specification and nexthop id are mutually exclusive");

	/* without CAP_NET_ADMIN: EPERM, reading works */
	root = f->sk;
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &user,
				    &f->sk),
			 0);
	assert_int_equal(nh_add_dev(f, 3, 3), -EPERM);
	nh_req(&r, RTM_DELNEXTHOP, 0, AF_UNSPEC, 1);
	assert_int_equal(do_req(f, &r), -EPERM);
	assert_int_equal(dump(f, RTM_GETNEXTHOP, AF_UNSPEC,
			      sizeof(struct nhmsg)),
			 1);
	unl_close(f->sk);
	f->sk = root;
}

/* A route through a nexthop shows RTA_NH_ID and the nexthop's device,
 * and goes with it. */
static void test_nexthop_route(void **state)
{
	struct fx *f = *state;
	struct req r;

	nh_setup(f);
	assert_int_equal(nh_add_dev(f, 5, 3), 0);
	route4_req(&r, "10.9.0.0", 24, RTPROT_BOOT, RTN_UNICAST);
	req_u32(&r, RTA_NH_ID, 5);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(do_req(f, &r), -EEXIST);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 1);
	assert_int_equal(unl_nla_get_u32(attr(collected_msg(0),
					      sizeof(struct rtmsg), RTA_NH_ID)),
			 5);
	assert_int_equal(unl_nla_get_u32(attr(collected_msg(0),
					      sizeof(struct rtmsg), RTA_OIF)),
			 3);
	nh_req(&r, RTM_DELNEXTHOP, 0, AF_UNSPEC, 5);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)),
			 0);
}

/* ---- IFLA_AF_SPEC and IPv6 routes of devices without carrier ---- */

/* A setlink of v0 (ifindex 3) with IFLA_AF_SPEC holding one family's
 * nest of one attribute (type < 0: an empty nest). */
static void af_req(struct req *r, int family, int type, const void *data,
		   size_t len)
{
	struct ifinfomsg *ifm = req_init(r, RTM_SETLINK, 0, sizeof(*ifm));

	ifm->ifi_index = 3;
	req_nest(r, IFLA_AF_SPEC);
	req_nest(r, family);
	if (type >= 0)
		req_put(r, type, data, len);
	req_end(r);
	req_end(r);
}

/* Send af_req()'s setlink and check its ACK as check_req() does. */
static void check_af_set(struct fx *f, int family, int type, const void *data,
			 size_t len, int err, const char *want)
{
	struct req r;

	af_req(&r, family, type, data, len);
	check_req(f, &r, err, want);
}

/* IFLA_INET6_ADDR_GEN_MODE and IFLA_INET6_TOKEN as a link shows them. */
static const struct nlattr *link_inet6_attr(struct fx *f, int ifindex,
					    int type)
{
	const struct nlattr *spec, *in6;

	assert_int_equal(getlink(f, ifindex, NULL), 1);
	spec = attr(collected_msg(0), sizeof(struct ifinfomsg), IFLA_AF_SPEC);
	assert_non_null(spec);
	in6 = unl_nla_find(unl_nla_data(spec), unl_nla_len(spec), AF_INET6);
	assert_non_null(in6);
	return unl_nla_find(unl_nla_data(in6), unl_nla_len(in6), type);
}

static uint8_t link_addr_gen_mode(struct fx *f, int ifindex)
{
	return unl_nla_get_u8(link_inet6_attr(f, ifindex,
					      IFLA_INET6_ADDR_GEN_MODE));
}

/* validate_linkmsg()'s errors, as Linux 6.18 gives them: nothing is
 * changed when one family's part is wrong. */
static void test_af_spec_errors(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ifinfomsg *ifm;
	uint8_t mode, token[16] = { [15] = 1 };
	uint32_t one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);

	/* neither a token nor a mode */
	check_af_set(f, AF_INET6, -1, NULL, 0, -EINVAL, "");
	check_af_set(f, AF_INET6, IFLA_INET6_FLAGS, &one, 4, -EINVAL, NULL);
	/* modes beyond random; stable-privacy without a secret */
	mode = 4;
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, &mode, 1, -EINVAL,
		     NULL);
	mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, &mode, 1, -EINVAL,
		     "");
	/* the policy: a u8 and at least 16 bytes */
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, NULL, 0, -ERANGE,
		     "Attribute failed policy validation");
	check_af_set(f, AF_INET6, IFLA_INET6_TOKEN, token, 8, -ERANGE,
		     "Attribute failed policy validation");
	/* families: unknown, or known without anything to set */
	check_af_set(f, 99, -1, NULL, 0, -EAFNOSUPPORT, NULL);
	check_af_set(f, AF_BRIDGE, -1, NULL, 0, -EOPNOTSUPP, NULL);
	/* IFLA_INET_CONF: devconf indexes from 1 to 33, 4-byte values */
	{
		uint8_t conf[8] = { 8, 0, 0, 0, 1, 0, 0, 0 };

		check_af_set(f, AF_INET, IFLA_INET_CONF, conf, 8, -EINVAL,
			     NULL);
		conf[2] = 34;
		check_af_set(f, AF_INET, IFLA_INET_CONF, conf, 8, -EINVAL,
			     NULL);
		conf[0] = 5;
		conf[2] = 3;
		check_af_set(f, AF_INET, IFLA_INET_CONF, conf, 8, -EINVAL,
			     NULL);
		conf[0] = 8;
		check_af_set(f, AF_INET, IFLA_INET_CONF, conf, 8, 0, NULL);
	}
	/* every family is checked before anything is set */
	ifm = req_init(&r, RTM_SETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 3;
	mode = IN6_ADDR_GEN_MODE_NONE;
	req_nest(&r, IFLA_AF_SPEC);
	req_nest(&r, AF_INET6);
	req_put(&r, IFLA_INET6_ADDR_GEN_MODE, &mode, 1);
	req_end(&r);
	req_nest(&r, 99);
	req_end(&r);
	req_end(&r);
	assert_int_equal(do_req(f, &r), -EAFNOSUPPORT);
	assert_int_equal(link_addr_gen_mode(f, 3), IN6_ADDR_GEN_MODE_EUI64);
	/* ... and before the MTU, whose error has a message */
	ifm = req_init(&r, RTM_SETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 3;
	req_u32(&r, IFLA_MTU, 10);
	mode = 9;
	req_nest(&r, IFLA_AF_SPEC);
	req_nest(&r, AF_INET6);
	req_put(&r, IFLA_INET6_ADDR_GEN_MODE, &mode, 1);
	req_end(&r);
	req_end(&r);
	check_req(f, &r, -EINVAL, "");
	/* the token: not on lo, not without neighbour discovery */
	ifm = req_init(&r, RTM_SETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 1;
	req_nest(&r, IFLA_AF_SPEC);
	req_nest(&r, AF_INET6);
	req_put(&r, IFLA_INET6_TOKEN, token, 16);
	req_end(&r);
	req_end(&r);
	check_req(f, &r, -EINVAL, "ipv6: Device is loopback");
	ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 3;
	ifm->ifi_flags = IFF_NOARP;
	ifm->ifi_change = IFF_NOARP;
	assert_int_equal(do_req(f, &r), 0);
	check_af_set(f, AF_INET6, IFLA_INET6_TOKEN, token, 16, -EINVAL,
		     "ipv6: Device does not do neighbour discovery");
	/* a device whose MTU is too small for IPv6 has no inet6 part */
	ifm = req_init(&r, RTM_SETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 3;
	req_u32(&r, IFLA_MTU, 1200);
	assert_int_equal(do_req(f, &r), 0);
	check_af_set(f, AF_INET6, -1, NULL, 0, -EAFNOSUPPORT, NULL);
	/* a device being created takes no per-family part */
	for (int fam = 0; fam < 3; fam++) {
		ifm = req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
			       sizeof(*ifm));
		req_str(&r, IFLA_IFNAME, "br0");
		req_nest(&r, IFLA_LINKINFO);
		req_str(&r, IFLA_INFO_KIND, "bridge");
		req_end(&r);
		req_nest(&r, IFLA_AF_SPEC);
		if (fam < 2) {
			req_nest(&r, fam ? AF_BRIDGE : AF_INET6);
			req_end(&r);
		}
		req_end(&r);
		assert_int_equal(do_req(f, &r),
				 fam == 0 ? -EAFNOSUPPORT :
				 fam == 1 ? -EOPNOTSUPP : 0);
	}
}

/* addrgenmode: set at once, announced only while the device is up, used
 * when the device is next configured; the token is announced to
 * RTNLGRP_IPV6_IFINFO. */
static void test_addrgenmode_token(void **state)
{
	struct fx *f = *state;
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = 1u << (RTNLGRP_IPV6_IFINFO - 1) };
	struct unl_sock *mon6;
	uint8_t mode = IN6_ADDR_GEN_MODE_NONE, token[16] = { 0x20, 0x01 };
	const struct nlattr *t;
	int n;

	token[15] = 7;
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &mon6),
			 0);
	assert_int_equal(unl_bind(mon6, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	collect(f->mon);
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, &mode, 1, 0, NULL);
	assert_int_equal(collect(f->mon), 0);
	assert_int_equal(link_addr_gen_mode(f, 3), IN6_ADDR_GEN_MODE_NONE);
	/* up with carrier: ff00::/8 only, no link-local nor fe80::/64 */
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6, sizeof(struct ifaddrmsg)),
			 1); /* v1's link-local */
	assert_int_equal(((struct ifaddrmsg *)NLMSG_DATA(collected_msg(0)))
				 ->ifa_index,
			 2);
	n = dump(f, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg));
	assert_int_equal(n, 4); /* v1: fe80::/64, local, ff00::/8; v0: ff00 */
	collect(f->mon);
	/* up: one RTM_NEWLINK */
	mode = IN6_ADDR_GEN_MODE_RANDOM;
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, &mode, 1, 0, NULL);
	assert_int_equal(collect(f->mon), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(link_addr_gen_mode(f, 3), IN6_ADDR_GEN_MODE_RANDOM);
	/* the token keeps its interface id; IPV6_IFINFO, then the link */
	check_af_set(f, AF_INET6, IFLA_INET6_TOKEN, token, 16, 0, NULL);
	assert_int_equal(collect(mon6), 1);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))
				 ->ifi_family,
			 AF_INET6);
	assert_int_equal(collected_msg(0)->nlmsg_flags, 0);
	assert_int_equal(collect(f->mon), 1);
	t = link_inet6_attr(f, 3, IFLA_INET6_TOKEN);
	assert_int_equal(unl_nla_len(t), 16);
	assert_int_equal(((const uint8_t *)unl_nla_data(t))[0], 0);
	assert_int_equal(((const uint8_t *)unl_nla_data(t))[15], 7);
	/* down and up: a stable-privacy link-local now */
	assert_int_equal(link_set_flags(f, 3, 0), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(dump(f, RTM_GETADDR, AF_INET6, sizeof(struct ifaddrmsg)),
			 2);
	for (int i = 0; i < 2; i++) {
		struct ifaddrmsg *ifa = NLMSG_DATA(collected_msg(i));
		const struct nlattr *fl = attr(collected_msg(i), sizeof(*ifa),
					       IFA_FLAGS);

		if (ifa->ifa_index == 3)
			assert_true(unl_nla_get_u32(fl) & IFA_F_STABLE_PRIVACY);
	}
	/* the secret drawn for random allows stable-privacy */
	mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
	check_af_set(f, AF_INET6, IFLA_INET6_ADDR_GEN_MODE, &mode, 1, 0, NULL);
	unl_close(mon6);
}

/* Add an IPv6 address with IFA_FLAGS and check the ACK as check_req()
 * does. */
static void check_addr6_add(struct fx *f, int ifindex, const char *a,
			    int plen, uint32_t flags, int err, const char *want)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_NEWADDR,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifa));
	struct in6_addr in;

	inet_pton(AF_INET6, a, &in);
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	req_put(&r, IFA_LOCAL, &in, 16);
	req_u32(&r, IFA_FLAGS, flags);
	check_req(f, &r, err, want);
}

/* The flags of the IPv6 address of 2001:db8::N on ifindex. */
static uint32_t addr6_flags(struct fx *f, int ifindex, int n)
{
	int count = dump(f, RTM_GETADDR, AF_INET6, sizeof(struct ifaddrmsg));
	struct in6_addr want;
	char text[32];

	snprintf(text, sizeof(text), "2001:db8::%d", n);
	inet_pton(AF_INET6, text, &want);
	for (int i = 0; i < count; i++) {
		const struct nlmsghdr *nlh = collected_msg(i);
		const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

		if ((int)ifa->ifa_index == ifindex &&
		    !memcmp(unl_nla_data(attr(nlh, sizeof(*ifa), IFA_ADDRESS)),
			    &want, 16))
			return unl_nla_get_u32(attr(nlh, sizeof(*ifa),
						    IFA_FLAGS));
	}
	fail_msg("no address 2001:db8::%d on %d", n, ifindex);
	return 0;
}

/* inet6_rtm_newaddr(): without optimistic DAD the optimistic flag is
 * dropped, and nodad with it is no conflict. */
static void test_addr6_optimistic_off(void **state)
{
	struct fx *f = *state;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	check_addr6_add(f, 3, "2001:db8::1", 64, IFA_F_OPTIMISTIC, 0, NULL);
	assert_int_equal(addr6_flags(f, 3, 1) & IFA_F_OPTIMISTIC, 0);
	check_addr6_add(f, 3, "2001:db8::2", 64,
			IFA_F_OPTIMISTIC | IFA_F_NODAD, 0, NULL);
	assert_int_equal(addr6_flags(f, 3, 2) & IFA_F_OPTIMISTIC, 0);
}

/* With optimistic DAD on (a profile's sysctl), the flag stays while
 * DAD runs and goes with it; nodad excludes it. */
static void test_addr6_optimistic_on(void **state)
{
	struct fx *f = *state;
	uint32_t one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	check_addr6_add(f, 3, "2001:db8::1", 64, IFA_F_OPTIMISTIC, 0, NULL);
	assert_int_equal(addr6_flags(f, 3, 1) &
				 (IFA_F_OPTIMISTIC | IFA_F_TENTATIVE),
			 IFA_F_OPTIMISTIC | IFA_F_TENTATIVE);
	check_addr6_add(f, 3, "2001:db8::2", 64,
			IFA_F_OPTIMISTIC | IFA_F_NODAD, -EINVAL,
			"IFA_F_NODAD and IFA_F_OPTIMISTIC are mutually exclusive");
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	assert_int_equal(addr6_flags(f, 3, 1) &
				 (IFA_F_OPTIMISTIC | IFA_F_TENTATIVE),
			 0);
}

/* An IPv6 address on an up device without carrier brings ff00::/8 and
 * its prefix route (linkdown) but no link-local; the errors before them
 * change nothing. */
static void test_addr6_no_carrier(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ifaddrmsg *ifa;
	struct ifa_cacheinfo ci = { .ifa_prefered = 10, .ifa_valid = 5 };
	struct in6_addr in;
	uint32_t one = 1;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 3, IFF_UP), 0);
	collect(f->mon);
	check_addr6_add(f, 3, "2001:db8::1", 60, IFA_F_MANAGETEMPADDR, -EINVAL,
			"ipv6: address with \"mngtmpaddr\" flag must have a prefix length of 64");
	ifa = req_init(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
		       sizeof(*ifa));
	inet_pton(AF_INET6, "2001:db8::1", &in);
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 64;
	ifa->ifa_index = 3;
	req_put(&r, IFA_LOCAL, &in, 16);
	req_put(&r, IFA_CACHEINFO, &ci, sizeof(ci));
	check_req(f, &r, -EINVAL, "ipv6: address lifetime invalid");
	assert_int_equal(collect(f->mon), 0);
	assert_int_equal(dump(f, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg)),
			 0);

	/* ff00::/8, the prefix route, then the tentative address */
	check_addr6_add(f, 3, "2001:db8::1", 64, 0, 0, NULL);
	assert_int_equal(collect(f->mon), 3);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWROUTE);
	assert_int_equal(((struct rtmsg *)NLMSG_DATA(collected_msg(0)))
				 ->rtm_type,
			 RTN_MULTICAST);
	assert_int_equal(((struct rtmsg *)NLMSG_DATA(collected_msg(1)))
				 ->rtm_dst_len,
			 64);
	assert_true(((struct rtmsg *)NLMSG_DATA(collected_msg(1)))->rtm_flags &
		    RTNH_F_LINKDOWN);
	assert_int_equal(collected_msg(2)->nlmsg_type, RTM_NEWADDR);
	check_addr6_add(f, 3, "2001:db8::1", 64, 0, -EEXIST,
			"ipv6: address already assigned");
	/* a /128 has its own route in main; the multicast route is not
	 * made twice */
	check_addr6_add(f, 3, "2001:db8::5", 128, IFA_F_NODAD, 0, NULL);
	assert_int_equal(collect(f->mon), 3); /* route, address, local */
	assert_int_equal(((struct rtmsg *)NLMSG_DATA(collected_msg(0)))
				 ->rtm_dst_len,
			 128);
	assert_int_equal(((struct rtmsg *)NLMSG_DATA(collected_msg(0)))
				 ->rtm_table,
			 RT_TABLE_MAIN);
	/* a down device takes addresses but no route */
	check_addr6_add(f, 2, "2001:db8:1::1", 64, 0, 0, NULL);
	assert_int_equal(collect(f->mon), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWADDR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lo_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_kernel,
						setup_minimal, teardown),
		cmocka_unit_test_setup_teardown(test_full_kernel, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_multiple_tables,
						setup_no_tables, teardown),
		cmocka_unit_test_setup_teardown(test_link_dump_split_done,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_lo_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_veth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newlink_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cap_current_and_opener,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addr_routes_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_notifications, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_strict_dump, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_neigh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_neigh_proxy_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_neigh_ext_validated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_route_notification_bytes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_lo_up_events, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_veth_up_events, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fib_lookup, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_multipath_many, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tables_many, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_route_get_uid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dummy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nexthop_add, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nexthop_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nexthop_route, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_af_spec_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addrgenmode_token, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addr6_no_carrier, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addr6_optimistic_off,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_addr6_optimistic_on,
						setup_optimistic_dad,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
