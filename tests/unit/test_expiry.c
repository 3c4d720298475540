// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What rtnetlink does on its clock, in process, with time moved by hand
 * (the test clock hook): address lifetimes (deprecated, then deleted,
 * with Linux's events and its timing), the lifetimes reported counting
 * down, IPv6 routes that expire and the collector that removes them,
 * and the address requests around them.  The same behaviour against
 * the real kernel, on the real clock, is in tests/rtnl-diff (addr*-lft-*,
 * route6-expires).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <unetlink/unetlink.h>

#include "rtnl_helpers.h"

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

#define SEC UNL_NSEC_PER_SEC
#define MS UNL_NSEC_PER_MSEC
#define FOREVER 0xffffffffu
/* The fixture's veth: lo is 1, v1 (the peer) 2, v0 3. */
#define V0 3

static int64_t fake_clock(void *user)
{
	return ((struct fx *)user)->now;
}

/* Move the clock to t0 + at. */
static void clock_at(struct fx *f, int64_t at)
{
	f->now = f->t0 + at;
}

/* ---- requests ---- */

/* An RTM_NEWADDR (or DELADDR) for a/plen on ifindex; lifetimes unless
 * valid is 0. */
static void addr_req(struct req *r, int type, int flags, const char *a,
		     int plen, int ifindex, uint32_t ifa_flags,
		     uint32_t valid, uint32_t preferred)
{
	struct ifaddrmsg *ifa = req_init(r, type, flags, sizeof(*ifa));
	int family = strchr(a, ':') ? AF_INET6 : AF_INET;
	uint8_t bin[16];

	inet_pton(family, a, bin);
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	req_put(r, IFA_LOCAL, bin, family == AF_INET ? 4 : 16);
	req_put(r, IFA_ADDRESS, bin, family == AF_INET ? 4 : 16);
	if (ifa_flags)
		req_put(r, IFA_FLAGS, &ifa_flags, 4);
	if (valid) {
		struct ifa_cacheinfo ci = { .ifa_prefered = preferred,
					    .ifa_valid = valid };

		req_put(r, IFA_CACHEINFO, &ci, sizeof(ci));
	}
}

static int addr_add(struct fx *f, const char *a, int plen, uint32_t flags,
		    uint32_t valid, uint32_t preferred)
{
	struct req r;

	addr_req(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, a, plen, V0,
		 flags, valid, preferred);
	return do_req(f, &r);
}

/* `ip addr change`: NLM_F_REPLACE. */
static int addr_change(struct fx *f, const char *a, int plen, uint32_t flags,
		       uint32_t valid, uint32_t preferred)
{
	struct req r;

	addr_req(&r, RTM_NEWADDR, NLM_F_REPLACE, a, plen, V0, flags, valid,
		 preferred);
	return do_req(f, &r);
}

/* An IPv6 route to dst/plen through v0, expiring in expires seconds
 * unless it is 0. */
static int route6_add(struct fx *f, const char *dst, int plen, int flags,
		      uint32_t expires)
{
	struct req r;
	struct rtmsg *rtm = req_init(&r, RTM_NEWROUTE, flags, sizeof(*rtm));
	struct in6_addr in;
	uint32_t oif = (uint32_t)V0;

	inet_pton(AF_INET6, dst, &in);
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = (uint8_t)plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_type = RTN_UNICAST;
	req_put(&r, RTA_DST, &in, 16);
	req_put(&r, RTA_OIF, &oif, 4);
	if (expires)
		req_put(&r, RTA_EXPIRES, &expires, 4);
	return do_req(f, &r);
}

/* ---- what comes back ---- */

struct msg {
	int type;
	uint8_t flags; /* ifa_flags / rtm_flags */
	uint32_t ifa_flags;
	char addr[INET6_ADDRSTRLEN]; /* IFA_ADDRESS or RTA_DST, "" if none */
	int plen;
	uint8_t rt_table;
	bool has_ci;
	struct ifa_cacheinfo ci;  /* addresses */
	int32_t rta_expires;      /* IPv6 routes */
	int proto;                /* IFA_PROTO, -1 when absent */
};

static void parse_msg(const struct nlmsghdr *nlh, struct msg *m)
{
	bool addr = nlh->nlmsg_type == RTM_NEWADDR ||
		    nlh->nlmsg_type == RTM_DELADDR;
	size_t hdr = addr ? sizeof(struct ifaddrmsg) : sizeof(struct rtmsg);
	const uint8_t *h = NLMSG_DATA(nlh);
	int family = h[0];
	const struct nlattr *a;
	int rem;

	memset(m, 0, sizeof(*m));
	m->type = nlh->nlmsg_type;
	m->proto = -1;
	a = (const struct nlattr *)(h + NLMSG_ALIGN(hdr));
	rem = (int)(nlh->nlmsg_len - NLMSG_LENGTH(hdr));
	if (addr) {
		const struct ifaddrmsg *ifa = (const void *)h;

		m->flags = ifa->ifa_flags;
		m->plen = ifa->ifa_prefixlen;
	} else {
		const struct rtmsg *rtm = (const void *)h;

		m->flags = (uint8_t)rtm->rtm_flags;
		m->plen = rtm->rtm_dst_len;
		m->rt_table = rtm->rtm_table;
	}
	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const uint8_t *)a + NLA_ALIGN(a->nla_len))) {
		int t = a->nla_type & NLA_TYPE_MASK;

		if ((addr && t == IFA_ADDRESS) || (!addr && t == RTA_DST))
			inet_ntop(family, unl_nla_data(a), m->addr,
				  sizeof(m->addr));
		else if (addr && t == IFA_FLAGS)
			m->ifa_flags = unl_nla_get_u32(a);
		else if (addr && t == IFA_PROTO)
			m->proto = unl_nla_get_u8(a);
		else if (addr && t == IFA_CACHEINFO) {
			memcpy(&m->ci, unl_nla_data(a), sizeof(m->ci));
			m->has_ci = true;
		} else if (!addr && t == RTA_CACHEINFO) {
			const struct rta_cacheinfo *ci = unl_nla_data(a);

			m->rta_expires = ci->rta_expires;
			m->has_ci = true;
		}
	}
}

/* The next message queued on sk, parsed; false when there is none. */
static bool next_msg(struct unl_sock *sk, struct msg *m)
{
	static uint8_t buf[65536] __attribute__((aligned(4)));
	static size_t len, off;
	const struct nlmsghdr *nlh;

	if (off >= len) {
		ssize_t n = unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL);

		len = off = 0;
		if (n <= 0)
			return false;
		len = (size_t)n;
	}
	nlh = (const struct nlmsghdr *)(buf + off);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	parse_msg(nlh, m);
	return true;
}

/* The next notification must be of type about addr (with "/plen" for a
 * route's destination). */
static void expect(struct fx *f, int type, const char *addr, struct msg *m)
{
	assert_true(next_msg(f->mon, m));
	assert_int_equal(m->type, type);
	assert_string_equal(m->addr, addr);
}

static void expect_none(struct fx *f)
{
	struct msg m;

	assert_false(next_msg(f->mon, &m));
}

/* Dump type (RTM_GETADDR, RTM_GETROUTE) of family into out; the
 * message about addr, or NULL. */
static struct msg *dump_find(struct fx *f, int type, int family,
			     const char *addr, int table)
{
	static struct msg found;
	struct req r;
	uint8_t *h = req_init(&r, type, NLM_F_DUMP,
			      type == RTM_GETADDR ? sizeof(struct ifaddrmsg)
						  : sizeof(struct rtmsg));
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct msg m;
	bool hit = false, done = false;

	h[0] = (uint8_t)family;
	r.nlh->nlmsg_seq = ++f->seq;
	assert_int_equal(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 r.nlh->nlmsg_len);
	while (!done) {
		ssize_t n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf),
					 MSG_DONTWAIT, NULL, NULL);
		struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
		int rem = (int)n;

		assert_true(n > 0);
		for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			parse_msg(nlh, &m);
			if (!hit && !strcmp(m.addr, addr) &&
			    (!table || m.rt_table == table)) {
				found = m;
				hit = true;
			}
		}
	}
	return hit ? &found : NULL;
}

/* ---- fixture: v0 and v1 up, a monitor, the clock at 1000 s ---- */

static int setup_clock(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msg m;
	int one = 1;

	assert_non_null(f);
	assert_int_equal(unl_net_new(&f->net), 0);
	f->t0 = f->now = 1000 * SEC;
	unl_debug_set_clock(f->net, fake_clock, f);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &f->sk),
			 0);
	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 2, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, V0, IFF_UP), 0);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &f->mon),
			 0);
	sa.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
		       RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;
	assert_int_equal(unl_bind(f->mon, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	while (next_msg(f->mon, &m))
		;
	*state = f;
	return 0;
}

/* ---- IPv6 ---- */

/* addrconf_verify: deprecated when the preferred lifetime ends, deleted
 * with its local route when the valid one does; the prefix route of a
 * dynamic address stays, expired, until the collector runs 30 s after it
 * was made. */
static void test_addr6_expiry(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 3, 1),
			 0);
	expect(f, RTM_NEWROUTE, "2001:db8::", &m);
	assert_int_equal(m.rta_expires, 300);
	expect(f, RTM_NEWADDR, "2001:db8::1", &m);
	assert_int_equal(m.ci.ifa_valid, 3);
	assert_int_equal(m.ci.ifa_prefered, 1);
	assert_false(m.ifa_flags & (IFA_F_PERMANENT | IFA_F_DEPRECATED));
	expect(f, RTM_NEWROUTE, "2001:db8::1", &m);
	expect_none(f);

	/* 0.99 s: the lifetimes count down in whole seconds, and nothing
	 * has run yet */
	clock_at(f, 990 * MS);
	assert_int_equal(unl_net_run_timers(f->net), 0);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_int_equal(m.ci.ifa_prefered, 1);

	/* 1 s: deprecated, with the lifetimes left */
	clock_at(f, 1000 * MS);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_NEWADDR, "2001:db8::1", &m);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	assert_int_equal(m.ci.ifa_prefered, 0);
	assert_int_equal(m.ci.ifa_valid, 2);
	expect_none(f);

	/* 2.5 s: counting down */
	clock_at(f, 2500 * MS);
	assert_int_equal(unl_net_run_timers(f->net), 0);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_int_equal(m.ci.ifa_valid, 1);

	/* 3 s: deleted, then its local route */
	clock_at(f, 3000 * MS);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_DELADDR, "2001:db8::1", &m);
	assert_int_equal(m.ci.ifa_valid, 0);
	assert_int_equal(m.ci.ifa_prefered, 0);
	expect(f, RTM_DELROUTE, "2001:db8::1", &m);
	expect_none(f);
	assert_null(dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0));

	/* the prefix route is listed, its expiry past */
	clock_at(f, 10 * SEC);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, -700);

	/* 30 s after it was made, the collector removes it */
	clock_at(f, 30 * SEC - 1);
	assert_int_equal(unl_net_run_timers(f->net), 0);
	clock_at(f, 30 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_DELROUTE, "2001:db8::", &m);
	assert_int_equal(m.rta_expires, 0);
	expect_none(f);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
}

/* A call on the net sees what the clock did, with nothing else run:
 * the dump after the valid lifetime does not list the address. */
static void test_addr6_lazy(void **state)
{
	struct fx *f = *state;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 2, 2),
			 0);
	clock_at(f, 2 * SEC);
	assert_null(dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0));
}

/* Linux batches: the check runs on a whole second when that is within a
 * quarter second of the end, and counts what ends within 20 ms after it
 * as ended. */
static void test_addr6_timing(void **state)
{
	struct fx *f = *state;
	struct msg m;

	/* preferred until 1002.01 s: checked then */
	clock_at(f, 10 * MS);
	assert_int_equal(addr_add(f, "2001:db8::2", 64, IFA_F_NODAD, 5, 2),
			 0);
	assert_int_equal(unl_net_timer_timeout(f->net), 2000 * MS);
	/* preferred until 1001.8 s: checked at 1002.0 s instead */
	clock_at(f, 800 * MS);
	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 5, 1),
			 0);
	assert_int_equal(unl_net_timer_timeout(f->net), 1200 * MS);
	while (next_msg(f->mon, &m))
		;
	clock_at(f, 2 * SEC - 1);
	assert_int_equal(unl_net_run_timers(f->net), 0);
	clock_at(f, 2 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_NEWADDR, "2001:db8::1", &m);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	expect(f, RTM_NEWADDR, "2001:db8::2", &m);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	expect_none(f);
}

/* valid forever, preferred 1: permanent, deprecated when the preferred
 * lifetime ends, never deleted; preferred 0: deprecated at once. */
static void test_addr6_permanent_preferred(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, FOREVER,
				  1),
			 0);
	assert_int_equal(addr_add(f, "2001:db8:1::1", 64, IFA_F_NODAD, 100,
				  0),
			 0);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8:1::1", 0);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_true(m.ifa_flags & IFA_F_PERMANENT);
	assert_int_equal(m.ci.ifa_prefered, 1);
	assert_int_equal(m.ci.ifa_valid, FOREVER);
	clock_at(f, 200 * SEC);
	unl_net_run_timers(f->net);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	assert_int_equal(m.ci.ifa_prefered, 0);
	assert_int_equal(m.ci.ifa_valid, FOREVER);
	assert_null(dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8:1::1", 0));
}

/* ip -6 addr change: new lifetimes count from now; forever makes the
 * address and its prefix route permanent again. */
static void test_addr6_change(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 10, 5),
			 0);
	clock_at(f, 4 * SEC);
	assert_int_equal(addr_change(f, "2001:db8::1", 64, IFA_F_NODAD, 10, 5),
			 0);
	clock_at(f, 8 * SEC);
	unl_net_run_timers(f->net);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_false(m.ifa_flags & IFA_F_DEPRECATED);
	assert_int_equal(m.ci.ifa_prefered, 1);
	assert_int_equal(m.ci.ifa_valid, 6);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, 600);

	assert_int_equal(addr_change(f, "2001:db8::1", 64, IFA_F_NODAD, 0, 0),
			 0);
	clock_at(f, 100 * SEC);
	unl_net_run_timers(f->net);
	m = *dump_find(f, RTM_GETADDR, AF_INET6, "2001:db8::1", 0);
	assert_true(m.ifa_flags & IFA_F_PERMANENT);
	assert_int_equal(m.ci.ifa_valid, FOREVER);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, 0);
}

/* A permanent address changed to a finite lifetime: Linux gives its
 * prefix route an expiry in the distant past (modify_prefix_route), so
 * the route is listed as long expired and no longer used. */
static void test_addr6_change_permanent_route(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct rtmsg *rtm;
	struct in6_addr in;
	struct msg *m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 0, 0), 0);
	assert_int_equal(addr_change(f, "2001:db8::1", 64, IFA_F_NODAD, 100,
				     100),
			 0);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_non_null(m);
	assert_true(m->rta_expires < -100000000);

	rtm = req_init(&r, RTM_GETROUTE, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	inet_pton(AF_INET6, "2001:db8::2", &in);
	req_put(&r, RTA_DST, &in, 16);
	assert_int_not_equal(do_req(f, &r), 0);
}

/* noprefixroute moves with ip -6 addr change, and the prefix route with
 * it: removed (announced after the address), made again. */
static void test_addr6_noprefixroute_toggle(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 0, 0), 0);
	while (next_msg(f->mon, &m))
		;
	assert_int_equal(addr_change(f, "2001:db8::1", 64,
				     IFA_F_NODAD | IFA_F_NOPREFIXROUTE, 0, 0),
			 0);
	expect(f, RTM_NEWADDR, "2001:db8::1", &m);
	assert_true(m.ifa_flags & IFA_F_NOPREFIXROUTE);
	expect(f, RTM_DELROUTE, "2001:db8::", &m);
	expect_none(f);
	assert_null(dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::",
			      RT_TABLE_MAIN));

	assert_int_equal(addr_change(f, "2001:db8::1", 64, IFA_F_NODAD, 0, 0),
			 0);
	expect(f, RTM_NEWADDR, "2001:db8::1", &m);
	assert_false(m.ifa_flags & IFA_F_NOPREFIXROUTE);
	expect(f, RTM_NEWROUTE, "2001:db8::", &m);
	expect_none(f);
}

/* Deleting a permanent address whose prefix other dynamic addresses
 * share leaves the route to expire with the last of them; deleting a
 * dynamic address leaves its route alone. */
static void test_addr6_prefix_shared(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct msg m;

	assert_int_equal(addr_add(f, "2001:db8::1", 64, IFA_F_NODAD, 0, 0), 0);
	assert_int_equal(addr_add(f, "2001:db8::2", 64, IFA_F_NODAD, 50, 50),
			 0);
	assert_int_equal(addr_add(f, "2001:db8::3", 64, IFA_F_NODAD, 60, 50),
			 0);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, 0);
	addr_req(&r, RTM_DELADDR, 0, "2001:db8::1", 64, V0, 0, 0, 0);
	assert_int_equal(do_req(f, &r), 0);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::", RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, 6000);

	addr_req(&r, RTM_DELADDR, 0, "2001:db8::3", 64, V0, 0, 0, 0);
	assert_int_equal(do_req(f, &r), 0);
	assert_non_null(dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8::",
				  RT_TABLE_MAIN));
}

/* ip -6 addr del: Linux's errors and messages. */
static void test_addr6_del_errors(void **state)
{
	struct fx *f = *state;
	struct req r;

	addr_req(&r, RTM_DELADDR, 0, "2001:db8::1", 64, V0, 0, 0, 0);
	check_req(f, &r, -EADDRNOTAVAIL, "ipv6: address not found");
	addr_req(&r, RTM_DELADDR, 0, "2001:db8::1", 64, 99, 0, 0, 0);
	check_req(f, &r, -ENODEV, "ipv6: Unable to find the interface");
	addr_req(&r, RTM_DELADDR, 0, "2001:db8::1", 129, V0, 0, 0, 0);
	check_req(f, &r, -EINVAL, "ipv6: Invalid prefix length");
}

/* ---- IPv4 ---- */

/* check_lifetime: a primary deprecated, then deleted with its
 * secondary (the secondary first) and its routes. */
static void test_addr4_expiry(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "10.0.0.1", 24, 0, 3, 1), 0);
	assert_int_equal(addr_add(f, "10.0.0.2", 24, 0, 10, 10), 0);
	while (next_msg(f->mon, &m))
		;
	m = *dump_find(f, RTM_GETADDR, AF_INET, "10.0.0.1", 0);
	assert_false(m.ifa_flags & IFA_F_PERMANENT);
	assert_int_equal(m.ci.ifa_valid, 3);

	clock_at(f, 1 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_NEWADDR, "10.0.0.1", &m);
	assert_true(m.ifa_flags & IFA_F_DEPRECATED);
	assert_int_equal(m.ci.ifa_valid, 2);
	assert_int_equal(m.ci.ifa_prefered, 0);
	expect_none(f);

	clock_at(f, 3 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_DELADDR, "10.0.0.2", &m);
	expect(f, RTM_DELROUTE, "10.0.0.2", &m);
	expect(f, RTM_DELADDR, "10.0.0.1", &m);
	assert_int_equal(m.ci.ifa_valid, 0);
	expect(f, RTM_DELROUTE, "10.0.0.0", &m);
	expect(f, RTM_DELROUTE, "10.0.0.255", &m);
	expect(f, RTM_DELROUTE, "10.0.0.1", &m);
	expect_none(f);
}

/* An IPv4 address with an infinite valid lifetime is permanent: its
 * preferred lifetime is neither reported nor obeyed; a replace without
 * lifetimes makes any address permanent. */
static void test_addr4_permanent(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(addr_add(f, "10.0.0.1", 24, 0, FOREVER, 1), 0);
	assert_int_equal(addr_add(f, "10.0.1.1", 24, 0, 5, 5), 0);
	assert_int_equal(addr_change(f, "10.0.1.1", 24, 0, 0, 0), 0);
	clock_at(f, 100 * SEC);
	unl_net_run_timers(f->net);
	m = *dump_find(f, RTM_GETADDR, AF_INET, "10.0.0.1", 0);
	assert_true(m.ifa_flags & IFA_F_PERMANENT);
	assert_false(m.ifa_flags & IFA_F_DEPRECATED);
	assert_int_equal(m.ci.ifa_prefered, FOREVER);
	m = *dump_find(f, RTM_GETADDR, AF_INET, "10.0.1.1", 0);
	assert_true(m.ifa_flags & IFA_F_PERMANENT);
}

/* A replace sets the protocol too: the request's, or none. */
static void test_addr_replace_proto(void **state)
{
	struct fx *f = *state;
	static const char *const addrs[] = { "10.0.0.1", "2001:db8::1" };

	for (int i = 0; i < 2; i++) {
		int family = i ? AF_INET6 : AF_INET, plen = i ? 64 : 24;
		uint8_t proto = 5;
		struct req r;

		addr_req(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, addrs[i],
			 plen, V0, IFA_F_NODAD, 0, 0);
		req_put(&r, IFA_PROTO, &proto, 1);
		assert_int_equal(do_req(f, &r), 0);
		assert_int_equal(dump_find(f, RTM_GETADDR, family, addrs[i],
					   0)->proto,
				 5);
		assert_int_equal(addr_change(f, addrs[i], plen, IFA_F_NODAD, 0,
					     0),
				 0);
		assert_int_equal(dump_find(f, RTM_GETADDR, family, addrs[i],
					   0)->proto,
				 -1);
	}
}

/* A valid lifetime of 0, or shorter than the preferred one: refused. */
static void test_addr_lifetime_invalid(void **state)
{
	struct fx *f = *state;
	struct req r;

	addr_req(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "10.0.0.1", 24,
		 V0, 0, 5, 10);
	check_req(f, &r, -EINVAL, "ipv4: address lifetime invalid");
	assert_int_equal(addr_add(f, "10.0.0.1", 24, 0, 0, 0), 0);
	addr_req(&r, RTM_NEWADDR, NLM_F_REPLACE, "10.0.0.1", 24, V0, 0, 5,
		 10);
	check_req(f, &r, -EINVAL, "ipv4: address lifetime invalid");
	addr_req(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "2001:db8::1", 64,
		 V0, 0, 5, 10);
	check_req(f, &r, -EINVAL, "ipv6: address lifetime invalid");
}

/* ---- IPv6 routes ---- */

/* RTA_EXPIRES: reported counting down, negative once past; the route is
 * no longer used then, and the collector (30 s after the first such
 * route, then every 30 s while any is left) removes it, announced with
 * no expiry. */
static void test_route6_expires(void **state)
{
	struct fx *f = *state;
	struct msg m;

	assert_int_equal(route6_add(f, "2001:db8:5::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, 2),
			 0);
	expect(f, RTM_NEWROUTE, "2001:db8:5::", &m);
	assert_int_equal(m.rta_expires, 200);
	assert_int_equal(route6_add(f, "2001:db8:6::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, 40),
			 0);
	assert_int_equal(route6_add(f, "2001:db8:7::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, FOREVER),
			 0);
	expect(f, RTM_NEWROUTE, "2001:db8:6::", &m);
	expect(f, RTM_NEWROUTE, "2001:db8:7::", &m);
	assert_int_equal(m.rta_expires, 0);

	clock_at(f, 2500 * MS);
	m = *dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:5::",
		       RT_TABLE_MAIN);
	assert_int_equal(m.rta_expires, -50);

	clock_at(f, 30 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_DELROUTE, "2001:db8:5::", &m);
	assert_int_equal(m.rta_expires, 0);
	expect_none(f);
	/* 2001:db8:6:: is left: again at 60 s, and then no more */
	assert_int_equal(unl_net_timer_timeout(f->net), 30 * SEC);
	clock_at(f, 60 * SEC);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	expect(f, RTM_DELROUTE, "2001:db8:6::", &m);
	expect_none(f);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
	assert_non_null(dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:7::",
				  RT_TABLE_MAIN));
}

/* The same route again without NLM_F_EXCL (ip route append) fails, but
 * takes the new expiry first if the route had one; a replace takes it
 * or drops it. */
static void test_route6_expires_update(void **state)
{
	struct fx *f = *state;
	struct msg *m;

	assert_int_equal(route6_add(f, "2001:db8:5::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, 20),
			 0);
	assert_int_equal(route6_add(f, "2001:db8:5::", 64,
				    NLM_F_CREATE | NLM_F_APPEND, 50),
			 -EEXIST);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:5::", RT_TABLE_MAIN);
	assert_int_equal(m->rta_expires, 5000);
	assert_int_equal(route6_add(f, "2001:db8:5::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, 70),
			 -EEXIST);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:5::", RT_TABLE_MAIN);
	assert_int_equal(m->rta_expires, 5000);

	assert_int_equal(route6_add(f, "2001:db8:6::", 64,
				    NLM_F_CREATE | NLM_F_EXCL, 0),
			 0);
	assert_int_equal(route6_add(f, "2001:db8:6::", 64,
				    NLM_F_CREATE | NLM_F_APPEND, 50),
			 -EEXIST);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:6::", RT_TABLE_MAIN);
	assert_int_equal(m->rta_expires, 0);
	assert_int_equal(route6_add(f, "2001:db8:6::", 64,
				    NLM_F_CREATE | NLM_F_REPLACE, 10),
			 0);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:6::", RT_TABLE_MAIN);
	assert_int_equal(m->rta_expires, 1000);
	assert_int_equal(route6_add(f, "2001:db8:6::", 64,
				    NLM_F_CREATE | NLM_F_REPLACE, 0),
			 0);
	m = dump_find(f, RTM_GETROUTE, AF_INET6, "2001:db8:6::", RT_TABLE_MAIN);
	assert_int_equal(m->rta_expires, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_clock, teardown)
	const struct CMUnitTest tests[] = {
		T(test_addr6_expiry),
		T(test_addr6_lazy),
		T(test_addr6_timing),
		T(test_addr6_permanent_preferred),
		T(test_addr6_change),
		T(test_addr6_change_permanent_route),
		T(test_addr6_noprefixroute_toggle),
		T(test_addr6_prefix_shared),
		T(test_addr6_del_errors),
		T(test_addr4_expiry),
		T(test_addr4_permanent),
		T(test_addr_lifetime_invalid),
		T(test_addr_replace_proto),
		T(test_route6_expires),
		T(test_route6_expires_update),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
