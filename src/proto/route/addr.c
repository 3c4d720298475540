// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Addresses: RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR for IPv4
 * (net/ipv4/devinet.c) and IPv6 (net/ipv6/addrconf.c), with their
 * routes (fib_add_ifaddr, addrconf_prefix_route) and the addresses a
 * device gets by itself: 127.0.0.1/8 and ::1 when lo comes up, an EUI-64
 * link-local when any other device gets carrier.
 *
 * As in Linux, IPv4 addresses outlive a device going down (their local
 * routes too) while IPv6 addresses are removed with it.  Duplicate
 * address detection is not modelled: an IPv6 address is tentative while
 * its device has no carrier and final as soon as it has.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/route/route-private.h"

#define INFINITY_LIFE_TIME 0xffffffffu
#define ADDR_MSG_SIZE 256

/* The attributes each family's requests are checked against
 * (ifa_ipv4_policy, ifa_ipv6_policy): IPv6 takes its addresses at least
 * 16 bytes long, IPv4 as u32s. */
static const struct unl_nla_policy ifa_ipv4_policy[IFA_MAX + 1] = {
	[IFA_LOCAL] = { .type = UNL_NLA_U32 },
	[IFA_ADDRESS] = { .type = UNL_NLA_U32 },
	[IFA_BROADCAST] = { .type = UNL_NLA_U32 },
	[IFA_LABEL] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFA_CACHEINFO] = { .len = sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { .type = UNL_NLA_U32 },
	[IFA_RT_PRIORITY] = { .type = UNL_NLA_U32 },
	[IFA_TARGET_NETNSID] = { .type = UNL_NLA_S32 },
	[IFA_PROTO] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy ifa_ipv6_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { .len = 16 },
	[IFA_LOCAL] = { .len = 16 },
	[IFA_CACHEINFO] = { .len = sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { .len = sizeof(uint32_t) },
	[IFA_RT_PRIORITY] = { .len = sizeof(uint32_t) },
	[IFA_TARGET_NETNSID] = { .type = UNL_NLA_S32 },
	[IFA_PROTO] = { .type = UNL_NLA_U8 },
};


static int alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void prefix_of(int family, const uint8_t *a, int plen, uint8_t *out)
{
	int n = alen(family);

	memset(out, 0, 16);
	for (int i = 0; i < n; i++) {
		int bits = plen - i * 8;

		if (bits >= 8)
			out[i] = a[i];
		else if (bits > 0)
			out[i] = (uint8_t)(a[i] & (0xff << (8 - bits)));
	}
}

static bool same_prefix(int family, const uint8_t *a, const uint8_t *b,
			int plen)
{
	uint8_t pa[16], pb[16];

	prefix_of(family, a, plen, pa);
	prefix_of(family, b, plen, pb);
	return !memcmp(pa, pb, (size_t)alen(family));
}

/* The addresses of device ifindex, in the net's order (dev_next). */
static struct rtnl_addr *addrs_of(struct rtnl_net *rn, int ifindex)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, ifindex);

	return l ? l->addrs : NULL;
}

const struct rtnl_addr *rtnl_addr_primary4(struct rtnl_net *rn, int ifindex,
					   uint8_t max_scope)
{
	for (struct rtnl_addr *a = addrs_of(rn, ifindex); a; a = a->dev_next)
		if (a->family == AF_INET &&
		    !(a->flags & IFA_F_SECONDARY) && a->scope <= max_scope)
			return a;
	return NULL;
}

const struct rtnl_addr *rtnl_addr_connected4(struct rtnl_net *rn,
					     const uint8_t *gw, int ifindex)
{
	for (struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		struct rtnl_link *l;

		if (a->family != AF_INET || (ifindex && a->ifindex != ifindex) ||
		    (a->flags & (IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE)) ||
		    a->prefixlen >= 31 || !same_prefix(AF_INET, a->address, gw,
						       a->prefixlen))
			continue;
		l = rtnl_link_by_index(rn, a->ifindex);
		if (l && rtnl_link_running(l))
			return a;
	}
	return NULL;
}

const struct rtnl_addr *rtnl_addr_find_local(struct rtnl_net *rn,
					     int family, const void *addr)
{
	for (struct rtnl_addr *a = rn->addrs; a; a = a->next)
		if (a->family == family &&
		    !memcmp(a->local, addr, (size_t)alen(family)))
			return a;
	return NULL;
}

/* ---- lifetimes ---- */

#define SEC UNL_NSEC_PER_SEC
/* addrconf's and check_lifetime()'s timing, from jiffies to time:
 * ADDR_CHECK_FREQUENCY (120 HZ), ADDRCONF_TIMER_FUZZ_MINUS (HZ / 50),
 * ADDRCONF_TIMER_FUZZ (HZ / 4) and ADDRCONF_TIMER_FUZZ_MAX (HZ). */
#define ADDR_CHECK_FREQUENCY (120 * SEC)
#define ADDR_FUZZ_MINUS (20 * UNL_NSEC_PER_MSEC)
#define ADDR_FUZZ (SEC / 4)
#define ADDR_FUZZ_MAX SEC

static bool lft_finite(uint32_t lft)
{
	return lft != INFINITY_LIFE_TIME;
}

/* Lifetimes count from now: tstamp (jiffies in Linux) moves, and the
 * reported centisecond stamps with it. */
static void addr_stamp(struct rtnl_net *rn, struct rtnl_addr *a)
{
	a->lft_stamp = unl_net_now(rn->net);
	a->tstamp = (uint32_t)(a->lft_stamp / (10 * UNL_NSEC_PER_MSEC));
}

/* Whole seconds since the lifetimes started, in jiffies as the kernel
 * counts (plus ahead, in jiffies). */
static int64_t addr_age(struct rtnl_net *rn, const struct rtnl_addr *a,
			int64_t now, int64_t ahead)
{
	int64_t tick = rtnl_tick_ns(rn);

	return (rtnl_jiffies(rn, now) - rtnl_jiffies(rn, a->lft_stamp) +
		ahead / tick) *
	       tick / SEC;
}

/* Lifetimes that do not count down: IPv4 skips every permanent address
 * (infinite valid lifetime: check_lifetime(), inet_fill_ifaddr()), IPv6
 * only those whose preferred lifetime is infinite too. */
static bool addr_lft_fixed(const struct rtnl_addr *a)
{
	if (!(a->flags & IFA_F_PERMANENT))
		return false;
	return a->family == AF_INET || !lft_finite(a->preferred_lft);
}

/* What IFA_CACHEINFO reports: the seconds left of each lifetime, whole
 * seconds gone counted off (inet_fill_ifaddr, inet6_fill_ifaddr). */
static void addr_lft_left(struct rtnl_net *rn, const struct rtnl_addr *a,
			  uint32_t *preferred, uint32_t *valid)
{
	int64_t gone;

	*preferred = *valid = INFINITY_LIFE_TIME;
	if (addr_lft_fixed(a))
		return;
	*preferred = a->preferred_lft;
	*valid = a->valid_lft;
	if (!lft_finite(*preferred))
		return;
	gone = addr_age(rn, a, unl_net_now(rn->net), 0);
	*preferred = *preferred > gone ? *preferred - (uint32_t)gone : 0;
	if (lft_finite(*valid))
		*valid = *valid > gone ? *valid - (uint32_t)gone : 0;
}

/* set_ifa_lifetime(), and what inet6_rtm_newaddr() derives from a
 * request's lifetimes: an infinite valid lifetime is IFA_F_PERMANENT,
 * a preferred lifetime of 0 IFA_F_DEPRECATED; they count from now. */
static void addr_set_lft(struct rtnl_net *rn, struct rtnl_addr *a,
			 uint32_t valid, uint32_t preferred)
{
	a->flags &= ~(IFA_F_PERMANENT | IFA_F_DEPRECATED);
	if (!lft_finite(valid))
		a->flags |= IFA_F_PERMANENT;
	if (!preferred)
		a->flags |= IFA_F_DEPRECATED;
	a->valid_lft = valid;
	a->preferred_lft = preferred;
	addr_stamp(rn, a);
}

/* ---- messages ---- */

/* inet_fill_ifaddr() / inet6_fill_ifaddr(); netnsid (>= 0) is the id
 * the asking net gives the address's, when it asked for another net
 * (IFA_TARGET_NETNSID). */
static int addr_fill_ns(struct rtnl_net *rn, struct unl_skb *skb,
			const struct rtnl_addr *a, int type, uint32_t pid,
			uint32_t seq, int flags, int netnsid)
{
	struct ifa_cacheinfo ci = {
		.cstamp = a->cstamp,
		.tstamp = a->tstamp,
	};
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifm;
	int n = alen(a->family);

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifa_family = (uint8_t)a->family;
	ifm->ifa_prefixlen = a->prefixlen;
	ifm->ifa_flags = (uint8_t)a->flags;
	ifm->ifa_scope = a->scope;
	ifm->ifa_index = (uint32_t)a->ifindex;
	addr_lft_left(rn, a, &ci.ifa_prefered, &ci.ifa_valid);
	if (netnsid >= 0 &&
	    unl_nla_put_u32(skb, IFA_TARGET_NETNSID, (uint32_t)netnsid))
		goto fail;

	if (a->family == AF_INET) {
		if (unl_nla_put(skb, IFA_ADDRESS, n, a->address) ||
		    unl_nla_put(skb, IFA_LOCAL, n, a->local) ||
		    (a->has_broadcast &&
		     unl_nla_put(skb, IFA_BROADCAST, 4, a->broadcast)) ||
		    (a->label[0] &&
		     unl_nla_put_string(skb, IFA_LABEL, a->label)) ||
		    (a->proto && unl_nla_put_u8(skb, IFA_PROTO, a->proto)) ||
		    unl_nla_put_u32(skb, IFA_FLAGS, a->flags) ||
		    (a->rt_priority &&
		     unl_nla_put_u32(skb, IFA_RT_PRIORITY, a->rt_priority)) ||
		    unl_nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci))
			goto fail;
	} else {
		if (memcmp(a->address, a->local, 16)) {
			if (unl_nla_put(skb, IFA_LOCAL, n, a->local) ||
			    unl_nla_put(skb, IFA_ADDRESS, n, a->address))
				goto fail;
		} else if (unl_nla_put(skb, IFA_ADDRESS, n, a->local)) {
			goto fail;
		}
		if ((a->rt_priority &&
		     unl_nla_put_u32(skb, IFA_RT_PRIORITY, a->rt_priority)) ||
		    unl_nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci) ||
		    unl_nla_put_u32(skb, IFA_FLAGS, a->flags) ||
		    (a->proto && unl_nla_put_u8(skb, IFA_PROTO, a->proto)))
			goto fail;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

static int addr_fill(struct rtnl_net *rn, struct unl_skb *skb,
		     const struct rtnl_addr *a, int type, uint32_t pid,
		     uint32_t seq, int flags)
{
	return addr_fill_ns(rn, skb, a, type, pid, seq, flags, -1);
}

static void addr_notify(struct rtnl_net *rn, const struct rtnl_addr *a,
			int type, struct unl_skb *req,
			const struct nlmsghdr *nlh)
{
	unsigned int group = a->family == AF_INET ? RTNLGRP_IPV4_IFADDR
						  : RTNLGRP_IPV6_IFADDR;
	struct unl_skb *skb;

	rn->addr_seq++;
	skb = unl_nlmsg_new(ADDR_MSG_SIZE);
	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (addr_fill(rn, skb, a, type, req ? rtnl_req_portid(req) : 0,
		      nlh ? nlh->nlmsg_seq : 0, 0)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, group, nlh);
}

/* ---- the routes an address brings ---- */

/* A kernel route of an address: in the table of the device's L3
 * master (l3mdev_fib_table()), when it has one. */
void rtnl_kernel_route_for(struct rtnl_net *rn, struct rtnl_route *rt, int family,
		      uint32_t table, uint8_t type, uint8_t scope,
		      const uint8_t *dst, uint8_t dst_len, int ifindex)
{
	uint32_t l3mdev_table = rtnl_l3mdev_fib_table(rn, ifindex);

	rtnl_route_init(rt);
	rt->family = (uint8_t)family;
	rt->table = l3mdev_table ? l3mdev_table : table;
	rt->type = type;
	rt->scope = scope;
	rt->protocol = RTPROT_KERNEL;
	memcpy(rt->dst, dst, (size_t)alen(family));
	rt->dst_len = dst_len;
	rt->nnh = 1;
	rt->nh[0].ifindex = ifindex;
	rt->pref = 0; /* ICMPV6_ROUTER_PREF_MEDIUM */
}

static void addr4_prefix_route(struct rtnl_net *rn, const struct rtnl_addr *a,
			       const struct rtnl_addr *prim,
			       const struct rtnl_link *l, const uint8_t *pfx,
			       int (*op)(struct rtnl_net *,
					 const struct rtnl_route *))
{
	bool lo = l->flags & IFF_LOOPBACK;
	struct rtnl_route rt;

	rtnl_kernel_route_for(rn, &rt, AF_INET, lo ? RT_TABLE_LOCAL : RT_TABLE_MAIN,
		  lo ? RTN_LOCAL : RTN_UNICAST,
		  lo ? RT_SCOPE_HOST : RT_SCOPE_LINK, pfx, a->prefixlen,
		  a->ifindex);
	memcpy(rt.prefsrc, prim->local, 4);
	rt.has_prefsrc = true;
	rt.priority = a->rt_priority;
	op(rn, &rt);
}

static void addr4_routes_up(struct rtnl_net *rn, const struct rtnl_addr *a,
			    const struct rtnl_addr *prim,
			    const struct rtnl_link *l,
			    int (*op)(struct rtnl_net *,
				      const struct rtnl_route *),
			    bool add);

/* fib_add_ifaddr() / fib_del_ifaddr(): local, broadcast and prefix
 * routes of an IPv4 address; only the local one while the device is
 * down. */
static void addr4_routes(struct rtnl_net *rn, const struct rtnl_addr *a,
			 bool add, bool local_too)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	const struct rtnl_addr *prim = a;
	struct rtnl_route rt;
	int (*op)(struct rtnl_net *, const struct rtnl_route *) =
		add ? rtnl_route_kernel_add : rtnl_route_kernel_del;

	if (!l)
		return;
	if (a->flags & IFA_F_SECONDARY) {
		prim = NULL;
		for (struct rtnl_addr *p = l->addrs; p; p = p->dev_next)
			if (p->family == AF_INET &&
			    !(p->flags & IFA_F_SECONDARY) &&
			    p->prefixlen == a->prefixlen &&
			    same_prefix(AF_INET, p->local, a->local,
					a->prefixlen)) {
				prim = p;
				break;
			}
		/* Its primary already gone: only its own local route is
		 * left to remove. */
		if (!prim && add)
			return;
		if (!prim) {
			prim = a;
			local_too = true;
		}
	}
	/* fib_add_ifaddr() starts with the local route, fib_del_ifaddr()
	 * ends with it. */
	if (local_too && add) {
		rtnl_kernel_route_for(rn, &rt, AF_INET, RT_TABLE_LOCAL, RTN_LOCAL,
			  RT_SCOPE_HOST, a->local, 32, a->ifindex);
		memcpy(rt.prefsrc, prim->local, 4);
		rt.has_prefsrc = true;
		op(rn, &rt);
	}
	if (rtnl_link_running(l) || !add)
		addr4_routes_up(rn, a, prim, l, op, add);
	if (local_too && !add) {
		rtnl_kernel_route_for(rn, &rt, AF_INET, RT_TABLE_LOCAL, RTN_LOCAL,
			  RT_SCOPE_HOST, a->local, 32, a->ifindex);
		memcpy(rt.prefsrc, prim->local, 4);
		rt.has_prefsrc = true;
		op(rn, &rt);
	}
}

/* The routes an IPv4 address has while its device is up: the explicit
 * broadcast, the prefix and the subnet broadcast (adding), or the prefix
 * then the broadcasts (deleting). */
static void addr4_routes_up(struct rtnl_net *rn, const struct rtnl_addr *a,
			    const struct rtnl_addr *prim,
			    const struct rtnl_link *l,
			    int (*op)(struct rtnl_net *,
				      const struct rtnl_route *),
			    bool add)
{
	struct rtnl_route rt;
	uint8_t pfx[16], bc[16] = { 0 };
	bool subnet;
	uint32_t p, m;

	prefix_of(AF_INET, a->address, a->prefixlen, pfx);
	subnet = pfx[0] != 0 && !(a->flags & IFA_F_SECONDARY) &&
		 (memcmp(pfx, a->local, 4) || a->prefixlen < 32);
	if (!add && subnet && !(a->flags & IFA_F_NOPREFIXROUTE))
		addr4_prefix_route(rn, a, prim, l, pfx, op);
	if (a->has_broadcast && memcmp(a->broadcast, "\xff\xff\xff\xff", 4)) {
		memcpy(bc, a->broadcast, 4);
		rtnl_kernel_route_for(rn, &rt, AF_INET, RT_TABLE_LOCAL, RTN_BROADCAST,
			  RT_SCOPE_LINK, bc, 32, a->ifindex);
		memcpy(rt.prefsrc, prim->local, 4);
		rt.has_prefsrc = true;
		op(rn, &rt);
	}
	if (!subnet)
		return;
	if (add && !(a->flags & IFA_F_NOPREFIXROUTE))
		addr4_prefix_route(rn, a, prim, l, pfx, op);
	if (a->prefixlen < 31) {
		m = a->prefixlen ? ~0u << (32 - a->prefixlen) : 0;
		memcpy(&p, pfx, 4);
		p = htonl(ntohl(p) | ~m);
		memcpy(bc, &p, 4);
		rtnl_kernel_route_for(rn, &rt, AF_INET, RT_TABLE_LOCAL, RTN_BROADCAST,
			  RT_SCOPE_LINK, bc, 32, a->ifindex);
		memcpy(rt.prefsrc, prim->local, 4);
		rt.has_prefsrc = true;
		op(rn, &rt);
	}
}

/* addrconf_prefix_route(): an IPv6 address's prefix, once its device is
 * up (a /128 too: its route is in main beside the local one).  With a
 * finite valid lifetime it expires when the address does; if it is
 * there already, it takes that expiry (or loses its own). */
static void addr6_prefix_route(struct rtnl_net *rn, const struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	struct rtnl_route rt;
	uint8_t pfx[16];

	if (!l || (a->flags & IFA_F_NOPREFIXROUTE) || !rtnl_link_running(l))
		return;
	prefix_of(AF_INET6, a->local, a->prefixlen, pfx);
	rtnl_kernel_route_for(rn, &rt, AF_INET6, RT_TABLE_MAIN, RTN_UNICAST,
		  RT_SCOPE_UNIVERSE, pfx, a->prefixlen, a->ifindex);
	rt.priority = a->rt_priority ? a->rt_priority : 256;
	if (lft_finite(a->valid_lft)) {
		rt.has_expires = true;
		rt.expires = a->lft_stamp + (int64_t)a->valid_lft * SEC;
	}
	rtnl_route_kernel_add(rn, &rt);
}

/* The route addrconf_get_prefix_route() finds for a's prefix. */
static struct rtnl_route *addr6_find_prefix_route(struct rtnl_net *rn,
						  const struct rtnl_addr *a)
{
	uint8_t pfx[16];

	prefix_of(AF_INET6, a->local, a->prefixlen, pfx);
	return rtnl_route_prefix6(rn, pfx, a->prefixlen, a->ifindex);
}

/* check_cleanup_prefix_route() and cleanup_prefix_route(), for a
 * permanent address with a prefix route that is going or giving up its
 * route: the route goes too, unless another address of the prefix
 * needs it.  One that is permanent or has no prefix route of its own
 * keeps it as it is; dynamic ones make it expire with the last of them
 * (silently, and without starting the collector).  The prefix route of
 * a dynamic address stays until it expires. */
static void addr6_prefix_cleanup(struct rtnl_net *rn,
				 const struct rtnl_addr *a)
{
	int64_t expires = unl_net_now(rn->net);
	struct rtnl_route *rt;
	bool del = true;

	for (const struct rtnl_addr *o = rn->addrs; o; o = o->next) {
		int64_t end;

		if (o == a || o->family != AF_INET6 ||
		    o->ifindex != a->ifindex || o->prefixlen != a->prefixlen ||
		    !same_prefix(AF_INET6, o->local, a->local, a->prefixlen))
			continue;
		if (o->flags & (IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE))
			return;
		del = false;
		end = o->lft_stamp + (int64_t)o->valid_lft * SEC;
		if (end > expires)
			expires = end;
	}
	rt = addr6_find_prefix_route(rn, a);
	if (!rt)
		return;
	if (del)
		rtnl_route_kernel_del(rn, rt);
	else if (!rt->has_expires)
		rtnl_route_set_expires(rn, rt, true, expires);
}

/* The local route of an IPv6 address, once DAD is done, and its
 * subnet-router anycast on a forwarding device (anycast.c). */
static void addr6_local_route(struct rtnl_net *rn, const struct rtnl_addr *a,
			      bool add)
{
	struct rtnl_route rt;

	rtnl_kernel_route_for(rn, &rt, AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL,
		  RT_SCOPE_UNIVERSE, a->local, 128, a->ifindex);
	if (add) {
		rtnl_route_kernel_add(rn, &rt);
		rtnl_ac6_join(rn, a);
	} else {
		rtnl_ac6_leave(rn, a);
		rtnl_route_kernel_del(rn, &rt);
	}
}

/* The routes that go with an address being deleted (ipv6_del_addr):
 * IPv6 loses its local route, then maybe its prefix route. */
static void addr_routes_del(struct rtnl_net *rn, const struct rtnl_addr *a)
{
	if (a->family == AF_INET) {
		addr4_routes(rn, a, false, true);
		return;
	}
	addr6_local_route(rn, a, false);
	if ((a->flags & IFA_F_PERMANENT) && !(a->flags & IFA_F_NOPREFIXROUTE))
		addr6_prefix_cleanup(rn, a);
}

/* ---- inserting and deleting ---- */

/* ipv6_addr_src_scope() reduced to what is modelled: global 14, site 5,
 * link 2, host (loopback) 1. */
static int addr6_src_scope(const struct rtnl_addr *a)
{
	switch (a->scope) {
	case RT_SCOPE_HOST:
		return 1;
	case RT_SCOPE_LINK:
		return 2;
	case RT_SCOPE_SITE:
		return 5;
	default:
		return 14;
	}
}

/* The net's list slot that points at a (&rn->addrs for the first). */
static struct rtnl_addr **addr_pp(struct rtnl_net *rn, struct rtnl_addr *a)
{
	return a->prev ? &a->prev->next : &rn->addrs;
}

/* a into the net's list at *pp, and into its device's after dprev (its
 * head when NULL). */
static void addr_link_at(struct rtnl_net *rn, struct rtnl_link *l,
			 struct rtnl_addr *a, struct rtnl_addr **pp,
			 struct rtnl_addr *dprev)
{
	a->next = *pp;
	a->prev = pp == &rn->addrs
			  ? NULL
			  : (struct rtnl_addr *)((char *)pp -
						 offsetof(struct rtnl_addr, next));
	*pp = a;
	if (a->next)
		a->next->prev = a;
	else
		rn->addrs_tail = a;
	a->linked = true;
	a->dev_prev = dprev;
	a->dev_next = NULL;
	if (!l)
		return;
	a->dev_next = dprev ? dprev->dev_next : l->addrs;
	if (a->dev_next)
		a->dev_next->dev_prev = a;
	if (dprev)
		dprev->dev_next = a;
	else
		l->addrs = a;
}

/* IPv4 primaries go after the device's primaries of a scope no
 * narrower (__inet_insert_ifa; at the head of the device's IPv4
 * addresses when there is none), secondaries at the end; IPv6
 * addresses go before the first address of the device with a scope no
 * wider (ipv6_link_dev_addr), so that the newest of a scope comes
 * first. */
static void addr_link(struct rtnl_net *rn, struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	struct rtnl_addr **pp = NULL, *dprev = NULL, *o;

	for (o = l ? l->addrs : NULL; o; o = o->dev_next) {
		if (a->family == AF_INET && o->family == AF_INET &&
		    !(a->flags & IFA_F_SECONDARY)) {
			if (!pp) {
				pp = addr_pp(rn, o);
				dprev = o->dev_prev;
			}
			if (!(o->flags & IFA_F_SECONDARY) &&
			    a->scope <= o->scope) {
				pp = &o->next;
				dprev = o;
			}
		} else if (a->family == AF_INET6 && o->family == AF_INET6 &&
			   addr6_src_scope(a) >= addr6_src_scope(o)) {
			pp = addr_pp(rn, o);
			dprev = o->dev_prev;
			break;
		}
		if (!o->dev_next && !pp)
			dprev = o; /* appended: after the device's last */
	}
	if (!pp)
		pp = rn->addrs_tail ? &rn->addrs_tail->next : &rn->addrs;
	addr_link_at(rn, l, a, pp, dprev);
}

/* Off the list of addresses waiting for DAD, if on it. */
static void addr_dad_forget(struct rtnl_net *rn, struct rtnl_addr *a)
{
	struct rtnl_addr *prev = NULL;

	if (!a->dad_seq)
		return;
	a->dad_seq = 0;
	for (struct rtnl_addr **pp = &rn->dad_head; *pp;
	     prev = *pp, pp = &(*pp)->dad_next)
		if (*pp == a) {
			*pp = a->dad_next;
			if (rn->dad_tail == a)
				rn->dad_tail = prev;
			a->dad_next = NULL;
			return;
		}
}

/* DAD for a, after every address already waiting. */
static void addr_dad_queue(struct rtnl_net *rn, struct rtnl_addr *a)
{
	addr_dad_forget(rn, a);
	a->dad_seq = ++rn->dad_next;
	a->dad_next = NULL;
	if (rn->dad_tail)
		rn->dad_tail->dad_next = a;
	else
		rn->dad_head = a;
	rn->dad_tail = a;
	rtnl_dad_queue(rn);
}

static void addr_unlink(struct rtnl_net *rn, struct rtnl_addr *a)
{
	addr_dad_forget(rn, a);
	if (!a->linked)
		return;
	a->linked = false;
	*addr_pp(rn, a) = a->next;
	if (a->next)
		a->next->prev = a->prev;
	else
		rn->addrs_tail = a->prev;
	if (a->dev_prev) {
		a->dev_prev->dev_next = a->dev_next;
	} else {
		struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);

		if (l && l->addrs == a)
			l->addrs = a->dev_next;
	}
	if (a->dev_next)
		a->dev_next->dev_prev = a->dev_prev;
	a->next = a->prev = a->dev_next = a->dev_prev = NULL;
}

/* addrconf_dad_start(): a tentative address waits for DAD, which needs
 * the device to be ready (IF_READY: it had carrier since it came up; a
 * carrier lost since does not stop DAD); an address without DAD is
 * final at once, with its local route, whether the device is up or not
 * (addrconf_dad_begin() completes it before asking whether the device
 * is ready; fixup_permanent_addr() puts the route back at NETDEV_UP if
 * it went). */
static void addr6_start(struct rtnl_net *rn, struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);

	if (!(a->flags & IFA_F_TENTATIVE) && !a->predad) {
		addr6_local_route(rn, a, true);
		return;
	}
	if (l && rtnl_link_running(l) && l->ipv6_up && !a->dad_seq) {
		addr_dad_queue(rn, a);
	}
}

static int addr_insert(struct rtnl_net *rn, struct rtnl_addr *a,
		       struct unl_skb *req, const struct nlmsghdr *nlh)
{
	if (a->family == AF_INET) {
		/* __inet_insert_ifa(): a second address in a subnet is
		 * secondary */
		for (struct rtnl_addr *p = addrs_of(rn, a->ifindex); p;
		     p = p->dev_next)
			if (p->family == AF_INET &&
			    p->prefixlen == a->prefixlen &&
			    same_prefix(AF_INET, p->local, a->local,
					a->prefixlen) &&
			    p->scope == a->scope) {
				a->flags |= IFA_F_SECONDARY;
				break;
			}
	}
	addr_link(rn, a);
	if (a->family == AF_INET) {
		addr_notify(rn, a, RTM_NEWADDR, req, nlh);
		addr4_routes(rn, a, true, true);
		return 0;
	}
	/* inet6_addr_add(): the prefix route, the address (tentative until
	 * DAD), and its local route once DAD is done. */
	addr6_prefix_route(rn, a);
	addr_notify(rn, a, RTM_NEWADDR, req, nlh);
	addr6_start(rn, a);
	return 0;
}

static bool addr4_any(struct rtnl_net *rn, int ifindex)
{
	for (const struct rtnl_addr *a = addrs_of(rn, ifindex); a;
	     a = a->dev_next)
		if (a->family == AF_INET)
			return true;
	return false;
}

static void addr_delete(struct rtnl_net *rn, struct rtnl_addr *a,
			struct unl_skb *req, const struct nlmsghdr *nlh)
{
	addr_unlink(rn, a);
	if (a->family == AF_INET && !(a->flags & IFA_F_SECONDARY)) {
		/* The primary takes its secondaries with it (no
		 * promote_secondaries by default). */
		for (struct rtnl_addr *p = addrs_of(rn, a->ifindex), *next; p;
		     p = next) {
			next = p->dev_next;
			if (p->family == AF_INET &&
			    (p->flags & IFA_F_SECONDARY) &&
			    p->prefixlen == a->prefixlen &&
			    same_prefix(AF_INET, p->local, a->local,
					a->prefixlen)) {
				addr_unlink(rn, p);
				addr_notify(rn, p, RTM_DELADDR, NULL, NULL);
				addr_routes_del(rn, p);
				free(p);
			}
		}
	}
	addr_notify(rn, a, RTM_DELADDR, req, nlh);
	addr_routes_del(rn, a);
	if (a->family == AF_INET && !addr4_any(rn, a->ifindex)) {
		/* fib_disable_ip(), forced: without IPv4 addresses every
		 * IPv4 route through the device goes, silently, and the
		 * ARP table is emptied, permanent entries too */
		rtnl_route_flush_dev(rn, AF_INET, a->ifindex, false);
		rtnl_neigh_flush_dev(rn, AF_INET, a->ifindex, false);
	}
	free(a);
}

/* addrconf_join_solict() with a new IPv6 address (not on a loopback or
 * NOARP device: mc_seq stays 0); final at once without DAD.  mcast.c
 * reads when. */
static void addr6_mc_join(struct rtnl_net *rn, struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	uint64_t now = rtnl_mc_tick(rn);

	if (a->family != AF_INET6)
		return;
	if (l && !(l->flags & (IFF_LOOPBACK | IFF_NOARP)))
		a->mc_seq = now;
	a->final_seq = (a->flags & IFA_F_TENTATIVE) ? 0 : now;
}

static struct rtnl_addr *addr_new(struct rtnl_net *rn, int family,
				  int ifindex, const uint8_t *local,
				  uint8_t plen, uint8_t scope, uint32_t flags)
{
	struct rtnl_addr *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->family = family;
	a->ifindex = ifindex;
	memcpy(a->local, local, (size_t)alen(family));
	memcpy(a->address, local, (size_t)alen(family));
	a->prefixlen = plen;
	a->scope = scope;
	a->flags = flags;
	a->valid_lft = a->preferred_lft = INFINITY_LIFE_TIME;
	addr_stamp(rn, a);
	a->cstamp = a->tstamp;
	addr6_mc_join(rn, a);
	return a;
}

/* ---- lifetimes ending (check_lifetime, addrconf_verify_rtnl) ---- */

/*
 * One family's addresses whose lifetimes ended: past its preferred
 * lifetime an address is deprecated (RTM_NEWADDR), past its valid one
 * deleted as a user would delete it (RTM_DELADDR, then its routes).  The
 * age is counted a little ahead (ADDR_FUZZ_MINUS) so that addresses
 * ending together go in one run.  Then the next run is set for the
 * earliest end to come, on a whole second when that is close enough
 * (ADDR_FUZZ), and a second from now at the earliest.  Linux walks its
 * address hash, whose order is the namespace's random salt; this walks
 * the addresses in order.  Linux also looks every two minutes when no
 * lifetime is running, which changes nothing: here the timer is then
 * idle.
 */
static void addr_verify(struct rtnl_net *rn, int family)
{
	struct unl_timer *timer = family == AF_INET ? rn->addr_chk4
						    : rn->addr_chk6;
	int64_t now = unl_net_now(rn->net);
	int64_t next = rtnl_round_sec_up(now + ADDR_CHECK_FREQUENCY);
	int64_t next_sec, sched;
	bool running = false;
	struct rtnl_addr *a;

restart:
	for (a = rn->addrs; a; a = a->next) {
		int64_t age, end;

		if (a->family != family || addr_lft_fixed(a))
			continue;
		age = addr_age(rn, a, now, ADDR_FUZZ_MINUS);
		if (lft_finite(a->valid_lft) && age >= a->valid_lft) {
			addr_delete(rn, a, NULL, NULL);
			goto restart;
		}
		if (!lft_finite(a->preferred_lft))
			continue;
		if (age < a->preferred_lft) {
			end = a->lft_stamp + (int64_t)a->preferred_lft * SEC;
		} else {
			end = lft_finite(a->valid_lft)
				      ? a->lft_stamp +
						(int64_t)a->valid_lft * SEC
				      : INT64_MAX;
			if (!(a->flags & IFA_F_DEPRECATED)) {
				a->flags |= IFA_F_DEPRECATED;
				addr_notify(rn, a, RTM_NEWADDR, NULL, NULL);
			}
		}
		if (end < next)
			next = end;
		running = running || end != INT64_MAX;
	}
	if (!running) {
		unl_timer_del(timer);
		return;
	}
	next_sec = rtnl_round_sec_up(next);
	sched = next_sec < next + ADDR_FUZZ ? next_sec : next;
	now = unl_net_now(rn->net);
	if (sched < now + ADDR_FUZZ_MAX)
		sched = now + ADDR_FUZZ_MAX;
	unl_timer_mod(timer, sched);
}

static void addr_chk4_timer(struct unl_timer *t, void *data)
{
	struct rtnl_net *rn = data;

	(void)t;
	addr_verify(rn, AF_INET);
	rtnl_deferred_run(rn);
}

static void addr_chk6_timer(struct unl_timer *t, void *data)
{
	struct rtnl_net *rn = data;

	(void)t;
	addr_verify(rn, AF_INET6);
	rtnl_deferred_run(rn);
}

int rtnl_addr_init(struct rtnl_net *rn)
{
	int err = unl_timer_new(rn->net, addr_chk4_timer, rn, &rn->addr_chk4);

	if (!err)
		err = unl_timer_new(rn->net, addr_chk6_timer, rn,
				    &rn->addr_chk6);
	return err;
}

/* ---- device events ---- */

/* An address addrconf makes by itself (::1, a link-local): lo's is
 * final at once and has no prefix route, a link-local waits for DAD and
 * is not announced before. */
static void addr6_add_auto(struct rtnl_net *rn, struct rtnl_link *l,
			   const uint8_t *addr, uint8_t plen, uint8_t scope,
			   uint32_t flags)
{
	struct rtnl_addr *a;
	bool lo = l->flags & IFF_LOOPBACK;

	for (a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6 && !memcmp(a->local, addr, 16))
			return;
	a = addr_new(rn, AF_INET6, l->ifindex, addr, plen, scope,
		     IFA_F_PERMANENT | flags | (lo ? 0 : IFA_F_TENTATIVE));
	if (!a)
		return;
	a->proto = lo ? IFAPROT_KERNEL_LO : IFAPROT_KERNEL_LL;
	addr_link(rn, a);
	if (lo)
		addr_notify(rn, a, RTM_NEWADDR, NULL, NULL);
	else
		addr6_prefix_route(rn, a);
	addr6_start(rn, a);
}

#define ADDR6_REQ_FLAGS                                                    \
	(IFA_F_NODAD | IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN |           \
	 IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR | IFA_F_OPTIMISTIC)

/* ipv6_allow_optimistic_dad(): optimistic DAD on the device or on all. */
static bool addr6_optimistic_dad(const struct rtnl_net *rn,
				 const struct rtnl_link *l)
{
	return rn->cnf6_all[RTNL_DEVCONF6_OPTIMISTIC_DAD] > 0 ||
	       l->cnf6[RTNL_DEVCONF6_OPTIMISTIC_DAD] > 0;
}

/* inet6_rtm_newaddr(): what is left of a request's flags once the
 * device is known; OPTIMISTIC is dropped where optimistic DAD is off and
 * excludes NODAD. */
static int addr6_req_flags(const struct rtnl_net *rn,
			   const struct rtnl_link *l, uint32_t *flags,
			   struct unl_ext_ack *extack)
{
	*flags &= ADDR6_REQ_FLAGS;
	if (!addr6_optimistic_dad(rn, l))
		*flags &= ~IFA_F_OPTIMISTIC;
	if ((*flags & IFA_F_NODAD) && (*flags & IFA_F_OPTIMISTIC)) {
		UNL_SET_ERR_MSG(extack, "IFA_F_NODAD and IFA_F_OPTIMISTIC are mutually exclusive");
		return -EINVAL;
	}
	return 0;
}

/* addrconf_add_mroute(): ff00::/8 in table local, for every device but
 * lo, whether it does multicast or not.  Made when an address is added
 * to an up device (carrier or not) and when the carrier comes; gone with
 * the device's other IPv6 routes when it goes down. */
static void addr6_mroute(struct rtnl_net *rn, const struct rtnl_link *l)
{
	static const uint8_t mc[16] = { 0xff };
	struct rtnl_route rt;

	if (l->flags & IFF_LOOPBACK)
		return;
	rtnl_kernel_route_for(rn, &rt, AF_INET6, RT_TABLE_LOCAL, RTN_MULTICAST,
		  RT_SCOPE_UNIVERSE, mc, 8, l->ifindex);
	rt.priority = 256;
	rtnl_route_kernel_add(rn, &rt); /* EEXIST: already there */
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* An interface id that is reserved (RFC 5453) or all zero is not used:
 * the subnet-router anycast, the reserved anycast ids, ISATAP's. */
static bool iid_reserved(const uint8_t *id)
{
	static const uint8_t anycast[7] = { 0xfd, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff };
	static const uint8_t isatap[4] = { 0x02, 0x00, 0x5e, 0xfe };
	static const uint8_t zero[8];

	return !memcmp(id, zero, 8) ||
	       (!memcmp(id, anycast, 7) && id[7] >= 0x80) ||
	       !memcmp(id, isatap, 4);
}

/* A stable-privacy interface id (RFC 7217): a function of the secret,
 * the prefix and the MAC, so the same device gets the same address
 * each time it comes up.  Linux uses SHA-1 and no one can predict its
 * result without the secret, so any good mixing does; the differential
 * test normalises link-local addresses it cannot derive from a MAC. */
static void addr6_stable_iid(const struct rtnl_link *l,
			     const uint8_t *secret, const uint8_t *pfx,
			     uint8_t *id)
{
	uint64_t h = 0, w;

	for (uint32_t dad = 0;; dad++) {
		for (int i = 0; i < 2; i++) {
			memcpy(&w, secret + 8 * i, 8);
			h = mix64(h ^ w);
		}
		memcpy(&w, pfx, 8);
		h = mix64(h ^ w);
		w = 0;
		memcpy(&w, l->addr, l->addr_len < 8 ? l->addr_len : 8);
		h = mix64(h ^ w ^ ((uint64_t)dad << 56));
		for (int i = 0; i < 8; i++)
			id[i] = (uint8_t)(h >> (8 * i));
		if (!iid_reserved(id))
			return;
	}
}

static void addrconf_addr_gen(struct rtnl_net *rn, struct rtnl_link *l);
static void addr6_dev_add(struct rtnl_net *rn, struct rtnl_link *l);
static void addrconf_sit_config(struct rtnl_net *rn, struct rtnl_link *l);
static void add_v4_addrs(struct rtnl_net *rn, struct rtnl_link *l);

/* addrconf_dev_config(): a device with carrier gets the multicast route
 * and a link-local address made as its addr_gen_mode says (none: no
 * address and no fe80::/64 either). */
static void addrconf_dev_config(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->ipv6_up || l->no_inet6 || l->cnf6[DEVCONF_DISABLE_IPV6])
		return;
	/* IFF_NO_ADDRCONF: not even ready */
	if (l->no_addrconf)
		return;
	/* IF_READY */
	l->ipv6_up = true;
	/* addrconf_add_dev()'s ipv6_find_idev(): ipv6_mc_up() */
	l->mc6_up_seq = rtnl_mc_tick(rn);
	/* addrconf_sit_config(): sit has its own */
	if (l->type == ARPHRD_SIT) {
		addrconf_sit_config(rn, l);
		return;
	}
	/* Autoconfiguration is for the types Linux lists (lo has its
	 * own); the others, nlmon's ARPHRD_NETLINK, get none. */
	if (l->type != ARPHRD_ETHER && l->type != ARPHRD_NONE &&
	    l->type != ARPHRD_LOOPBACK && l->type != ARPHRD_IPGRE &&
	    l->type != ARPHRD_TUNNEL && l->type != ARPHRD_TUNNEL6 &&
	    l->type != ARPHRD_IP6GRE)
		return;
	/* no EUI-64 without a hardware address: random link-locals */
	if (l->type == ARPHRD_NONE &&
	    l->addr_gen_mode == IN6_ADDR_GEN_MODE_EUI64) {
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_RANDOM;
		l->cnf6[DEVCONF_ADDR_GEN_MODE] = IN6_ADDR_GEN_MODE_RANDOM;
	}
	addr6_mroute(rn, l);
	/* addrconf_gre_config(): an IPv4 GRE device without a local
	 * address has no EUI-64 interface id: the IPv4 addresses instead */
	if (l->type == ARPHRD_IPGRE && !memcmp(l->addr, "\0\0\0\0", 4) &&
	    l->addr_gen_mode == IN6_ADDR_GEN_MODE_EUI64) {
		add_v4_addrs(rn, l);
		return;
	}
	addrconf_addr_gen(rn, l);
}

/* __ipv6_isatap_ifid()'s first byte: 0 for an address that is not
 * globally unique (private, loopback, link-local, test, 6to4 anycast,
 * multicast, broadcast), else the universal bit. */
static uint8_t isatap_ifid_u(const uint8_t *a)
{
	uint32_t v = ((uint32_t)a[0] << 24) | ((uint32_t)a[1] << 16) |
		     ((uint32_t)a[2] << 8) | a[3];

	if (a[0] == 0 || a[0] == 10 || a[0] == 127 ||
	    (v & 0xffff0000u) == 0xa9fe0000u ||  /* 169.254/16 */
	    (v & 0xfff00000u) == 0xac100000u ||  /* 172.16/12 */
	    (v & 0xffffff00u) == 0xc0000200u ||  /* 192.0.2/24 */
	    (v & 0xffffff00u) == 0xc0586300u ||  /* 192.88.99/24 */
	    (v & 0xffff0000u) == 0xc0a80000u ||  /* 192.168/16 */
	    (v & 0xfffe0000u) == 0xc6120000u ||  /* 198.18/15 */
	    (v & 0xf0000000u) == 0xe0000000u || v == 0xffffffffu)
		return 0x00;
	return 0x02;
}

/* The secret of stable-privacy addresses: the device's, else the
 * namespace's default (ipv6_generate_stable_address()). */
static const uint8_t *addr6_secret(const struct rtnl_net *rn,
				   const struct rtnl_link *l)
{
	if (l->stable_secret_set)
		return l->stable_secret;
	return rn->stable_secret_dflt_set ? rn->stable_secret_dflt : NULL;
}

/* addrconf_addr_gen(): the link-local its addr_gen_mode makes. */
static void addrconf_addr_gen(struct rtnl_net *rn, struct rtnl_link *l)
{
	uint8_t ll[16] = { 0xfe, 0x80 };
	const uint8_t *secret;
	uint32_t flags = 0;

	/* no link-local on an L3 master (a VRF) */
	if (rtnl_link_is_l3_master(l))
		return;
	/* addrconf_add_linklocal(): optimistic where optimistic DAD is
	 * on and the net does not forward */
	if (addr6_optimistic_dad(rn, l) && rn->cnf6_all[RTNL_DEVCONF6_FORWARDING] <= 0)
		flags = IFA_F_OPTIMISTIC;
	switch (l->addr_gen_mode) {
	case IN6_ADDR_GEN_MODE_EUI64:
		if (l->type == ARPHRD_IPGRE || l->type == ARPHRD_TUNNEL) {
			/* addrconf_ifid_gre(): ISATAP's form of the
			 * local IPv4 address, none without one */
			if (!memcmp(l->addr, "\0\0\0\0", 4))
				break;
			ll[8] = isatap_ifid_u(l->addr);
			ll[10] = 0x5e;
			ll[11] = 0xfe;
			memcpy(ll + 12, l->addr, 4);
			addr6_add_auto(rn, l, ll, 64, RT_SCOPE_LINK, flags);
			break;
		}
		if (l->type == ARPHRD_TUNNEL6 || l->type == ARPHRD_IP6GRE) {
			/* addrconf_ifid_ip6tnl(): EUI-64 of the random
			 * permanent address */
			ll[8] = l->perm_addr[0] ^ 0x02;
			ll[9] = l->perm_addr[1];
			ll[10] = l->perm_addr[2];
			ll[11] = 0xff;
			ll[12] = 0xfe;
			memcpy(ll + 13, l->perm_addr + 3, 3);
			addr6_add_auto(rn, l, ll, 64, RT_SCOPE_LINK, flags);
			break;
		}
		if (l->type == ARPHRD_SIT) {
			/* addrconf_ifid_sit(): ISATAP's form of a local
			 * address, none without one */
			if (!memcmp(l->addr, "\0\0\0\0", 4))
				break;
			ll[8] = isatap_ifid_u(l->addr);
			ll[10] = 0x5e;
			ll[11] = 0xfe;
			memcpy(ll + 12, l->addr, 4);
			addr6_add_auto(rn, l, ll, 64, RT_SCOPE_LINK, flags);
			break;
		}
		/* addrconf_ifid_eui48(): a dev_id stands in for ff:fe,
		 * and the universal bit then stays as it is */
		ll[8] = l->dev_id ? l->addr[0] : l->addr[0] ^ 0x02;
		ll[9] = l->addr[1];
		ll[10] = l->addr[2];
		ll[11] = l->dev_id ? (uint8_t)(l->dev_id >> 8) : 0xff;
		ll[12] = l->dev_id ? (uint8_t)l->dev_id : 0xfe;
		ll[13] = l->addr[3];
		ll[14] = l->addr[4];
		ll[15] = l->addr[5];
		addr6_add_auto(rn, l, ll, 64, RT_SCOPE_LINK, flags);
		break;
	case IN6_ADDR_GEN_MODE_RANDOM:
		/* a secret is drawn once; stable-privacy then uses it too */
		if (!l->stable_secret_set) {
			for (size_t i = 0; i < sizeof(l->stable_secret); i += 4) {
				uint32_t r = rtnl_random(rn);

				memcpy(l->stable_secret + i, &r, 4);
			}
			l->stable_secret_set = true;
		}
		/* fall through */
	case IN6_ADDR_GEN_MODE_STABLE_PRIVACY:
		secret = addr6_secret(rn, l);
		if (!secret)
			break;
		addr6_stable_iid(l, secret, ll, ll + 8);
		addr6_add_auto(rn, l, ll, 64, RT_SCOPE_LINK,
			       flags | IFA_F_STABLE_PRIVACY);
		break;
	default:
		break;
	}
}

/* add_addr(): an address of add_v4_addrs(), final at once, made by
 * the kernel without a protocol */
static void addr6_add_v4(struct rtnl_net *rn, struct rtnl_link *l,
			 const uint8_t *addr, uint8_t plen, uint8_t scope)
{
	struct rtnl_addr *a;

	for (a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6 && !memcmp(a->local, addr, 16))
			return;
	a = addr_new(rn, AF_INET6, l->ifindex, addr, plen, scope,
		     IFA_F_PERMANENT);
	if (!a)
		return;
	addr_link(rn, a);
	addr_notify(rn, a, RTM_NEWADDR, NULL, NULL);
	addr6_start(rn, a);
	addr6_prefix_route(rn, a);
}

/* add_v4_addrs(): the IPv4 address of the tunnel (the last 4 bytes of
 * an IPv6 one) in an IPv6 one, else each of the net's IPv4 addresses
 * on devices that are up; ::a.b.c.d/96 on a sit that is not
 * point-to-point, fe80::a.b.c.d/64 on the others (not in mode none).
 * Host addresses count only where there is no peer. */
static void add_v4_addrs(struct rtnl_net *rn, struct rtnl_link *l)
{
	bool p2p = l->flags & IFF_POINTOPOINT;
	bool compat = !p2p && l->type == ARPHRD_SIT;
	uint8_t a6[16] = { 0 };
	uint8_t plen = compat ? 96 : 64;
	uint8_t scope = compat ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;

	memcpy(a6 + 12, l->addr + (l->addr_len == 16 ? 12 : 0), 4);
	if (!compat) {
		if (l->addr_gen_mode == IN6_ADDR_GEN_MODE_NONE)
			return;
		a6[0] = 0xfe;
		a6[1] = 0x80;
	}
	if (memcmp(a6 + 12, "\0\0\0\0", 4)) {
		addr6_add_v4(rn, l, a6, plen, scope);
		return;
	}
	for (struct rtnl_link *d = rn->links; d; d = d->next) {
		uint8_t sc = scope;

		if (!(d->flags & IFF_UP))
			continue;
		for (struct rtnl_addr *a = d->addrs; a; a = a->dev_next) {
			if (a->family != AF_INET || a->scope == RT_SCOPE_LINK)
				continue;
			if (a->scope >= RT_SCOPE_HOST) {
				if (p2p)
					continue;
				sc = RT_SCOPE_HOST;
			}
			memcpy(a6 + 12, a->local, 4);
			addr6_add_v4(rn, l, a6, plen, sc);
		}
	}
}

/* addrconf_sit_config(): an ISATAP interface makes its link-local as
 * the mode says; another takes the IPv4 addresses, and the multicast
 * route when point-to-point */
static void addrconf_sit_config(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->isatap) {
		addrconf_addr_gen(rn, l);
		return;
	}
	add_v4_addrs(rn, l);
	if (l->flags & IFF_POINTOPOINT)
		addr6_mroute(rn, l);
}

/* NETDEV_UP: inetdev_event (lo's 127.0.0.1), fib_netdev_event (every
 * IPv4 address's routes), addrconf_notify (::1, or the device's IPv6
 * configuration when it has carrier). */
void rtnl_addr_link_up(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->flags & IFF_LOOPBACK) {
		static const uint8_t lo4[4] = { 127, 0, 0, 1 };

		if (!rtnl_addr_find_local(rn, AF_INET, lo4)) {
			struct rtnl_addr *a = addr_new(rn, AF_INET,
						       l->ifindex, lo4, 8,
						       RT_SCOPE_HOST,
						       IFA_F_PERMANENT);

			if (a) {
				memcpy(a->label, l->name, IFNAMSIZ);
				addr_insert(rn, a, NULL, NULL);
			}
		}
	}
	for (struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET)
			addr4_routes(rn, a, true, true);

	/* addrconf_notify(NETDEV_UP): a device whose MTU was set large
	 * enough without a NETDEV_CHANGEMTU (a tunnel's fallback device)
	 * gets its inet6_dev now */
	if (l->no_inet6 && !(l->flags & IFF_LOOPBACK) &&
	    l->mtu >= RTNL_IPV6_MIN_MTU)
		addr6_dev_add(rn, l);
	/* nothing for IPv6 while disabled */
	if (l->cnf6[DEVCONF_DISABLE_IPV6])
		return;
	/* addresses given while the device was down get their prefix */
	for (struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6)
			addr6_prefix_route(rn, a);
	if (l->flags & IFF_LOOPBACK) {
		static const uint8_t lo6[16] = { [15] = 1 };

		l->ipv6_up = true;
		addr6_add_auto(rn, l, lo6, 128, RT_SCOPE_HOST, 0);
	} else if (l->carrier) {
		addrconf_dev_config(rn, l);
	}
	for (struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6)
			addr6_start(rn, a);
	/* ::1 is made, and goes at once when lo's MTU is too small */
	if ((l->flags & IFF_LOOPBACK) && l->mtu < RTNL_IPV6_MIN_MTU)
		rtnl_addr_link_mtu(rn, l);
}

/* NETDEV_CHANGE of a running device (linkwatch): IPv6 starts when the
 * carrier comes. */
void rtnl_addr_link_change(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (!l->carrier || (l->flags & IFF_LOOPBACK))
		return;
	addrconf_dev_config(rn, l);
	for (struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6)
			addr6_start(rn, a);
}

/* NETDEV_CHANGE for a flag change (addrconf_notify): a device that is
 * ready for IPv6 does DAD again for every address when IFF_NOARP moved
 * (addrconf_dad_run with restart), since a device that resolves
 * addresses must join the solicited-node groups and make sure its
 * addresses are still its own.  An address that is no longer tentative
 * completes at once: it is announced again, and its local route comes
 * back if a user deleted it.  A device without carrier is not ready:
 * nothing happens to its addresses. */
void rtnl_addr_link_flags(struct rtnl_net *rn, struct rtnl_link *l,
			  unsigned int changes)
{
	if (!(changes & IFF_NOARP) || !rtnl_link_up(l) || !l->ipv6_up ||
	    l->no_inet6)
		return;
	for (struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6)
			addr_dad_queue(rn, a);
}

void rtnl_addr_dad_run(struct rtnl_net *rn)
{
	while (rn->dad_head) {
		struct rtnl_addr *next = rn->dad_head;

		addr_dad_forget(rn, next);
		/* DAD leaves the timestamps alone: tstamp moves only when
		 * the user changes the address (inet6_addr_modify) */
		next->flags &= ~(IFA_F_TENTATIVE | IFA_F_OPTIMISTIC);
		next->predad = false;
		next->final_seq = rtnl_mc_tick(rn);
		addr_notify(rn, next, RTM_NEWADDR, NULL, NULL);
		addr6_local_route(rn, next, true);
	}
}

/* Every IPv6 address of the device goes, but with keep those given
 * for good that are not link-local: they stay, silently, to wait for
 * DAD again when the device comes back (keep_addr_on_down). */
static void addr6_flush_dev(struct rtnl_net *rn, struct rtnl_link *l,
			    bool keep)
{
	for (struct rtnl_addr *a = l->addrs, *next; a; a = next) {
		next = a->dev_next;
		if (a->family != AF_INET6)
			continue;
		if (keep && (a->flags & IFA_F_PERMANENT) &&
		    a->scope != RT_SCOPE_LINK && a->scope != RT_SCOPE_HOST) {
			if (!(a->flags & IFA_F_NODAD))
				a->flags |= IFA_F_TENTATIVE;
			a->predad = true;
			continue;
		}
		addr_unlink(rn, a);
		addr_notify(rn, a, RTM_DELADDR, NULL, NULL);
		free(a);
	}
}

/* keep_addr_on_down: the net's "all" when set, else the device's. */
static bool addr6_keep_on_down(const struct rtnl_net *rn,
			       const struct rtnl_link *l)
{
	int32_t k = rn->cnf6_all[DEVCONF_KEEP_ADDR_ON_DOWN];

	if (!k)
		k = l->cnf6[DEVCONF_KEEP_ADDR_ON_DOWN];
	return k > 0 && !l->cnf6[DEVCONF_DISABLE_IPV6];
}

/* addrconf_ifdown(): IPv6 routes through the device go, then its
 * neighbour discovery table, permanent entries too (rt6_disable_ip),
 * then its IPv6 addresses (all of them when the device goes away). */
static void addr6_ifdown_keep(struct rtnl_net *rn, struct rtnl_link *l,
			      bool keep)
{
	rtnl_route_flush_dev(rn, AF_INET6, l->ifindex, false);
	rtnl_neigh_flush_dev(rn, AF_INET6, l->ifindex, false);
	addr6_flush_dev(rn, l, keep);
	/* ipv6_mc_down() of a device that was ready */
	if (l->ipv6_up)
		l->mc6_down_seq = rtnl_mc_tick(rn);
	l->ipv6_up = false;
}

static void addr6_ifdown(struct rtnl_net *rn, struct rtnl_link *l)
{
	addr6_ifdown_keep(rn, l, false);
}

/* NETDEV_DOWN: IPv4 routes through the device go silently, except the
 * local ones of its addresses (fib_disable_ip, which also empties the
 * ARP table: the caller does), then IPv6 goes (addrconf_ifdown). */
void rtnl_addr_link_down(struct rtnl_net *rn, struct rtnl_link *l)
{
	rtnl_route_flush_dev(rn, AF_INET, l->ifindex, true);
	addr6_ifdown_keep(rn, l, addr6_keep_on_down(rn, l));
}

/* ipv6_add_dev() for a device that had none: the default
 * configuration, and its netconf. */
static void addr6_dev_add(struct rtnl_net *rn, struct rtnl_link *l)
{
	l->no_inet6 = false;
	rtnl_link_inet6_reset(rn, l);
	rtnl_netconf_notify6(rn, l, RTM_NEWNETCONF);
}

/* NETDEV_CHANGEMTU (addrconf_notify): below IPv6's minimum the device
 * loses its inet6_dev as on NETDEV_UNREGISTER (routes, neighbours,
 * addresses, then its netconf); back at the minimum it gets a fresh
 * one, with the default configuration, and is configured as on
 * NETDEV_UP. */
void rtnl_addr_link_mtu(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->flags & IFF_LOOPBACK) {
		/* lo keeps its inet6_dev: ::1 and its routes go, until
		 * lo goes up again with a large enough MTU */
		if (l->mtu < RTNL_IPV6_MIN_MTU)
			addr6_ifdown(rn, l);
		return;
	}
	if (l->mtu < RTNL_IPV6_MIN_MTU) {
		if (l->no_inet6)
			return;
		addr6_ifdown(rn, l);
		rtnl_netconf_notify6(rn, l, RTM_DELNETCONF);
		l->no_inet6 = true;
		return;
	}
	if (!l->no_inet6)
		return;
	addr6_dev_add(rn, l);
	if (rtnl_link_running(l) && l->carrier)
		addrconf_dev_config(rn, l);
}

/* dev_disable_change(): disable_ipv6 turned on takes IPv6 down as
 * NETDEV_DOWN does; turned off, IPv6 starts as on NETDEV_UP when the
 * device is ready. */
void rtnl_addr6_disable_change(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->no_inet6)
		return;
	if (l->cnf6[DEVCONF_DISABLE_IPV6]) {
		addr6_ifdown(rn, l);
		return;
	}
	if (!rtnl_link_running(l))
		return;
	if (l->flags & IFF_LOOPBACK) {
		static const uint8_t lo6[16] = { [15] = 1 };

		/* init_loopback() */
		l->ipv6_up = true;
		addr6_add_auto(rn, l, lo6, 128, RT_SCOPE_HOST, 0);
	} else if (l->carrier) {
		addrconf_dev_config(rn, l);
	}
}

/* addrconf_init_auto_addrs() after addr_gen_mode changed: the link-local
 * of the new mode joins the others, up or down (none while disabled). */
void rtnl_addr6_gen_mode_change(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->no_inet6 || l->cnf6[DEVCONF_DISABLE_IPV6])
		return;
	if (l->flags & IFF_LOOPBACK) {
		static const uint8_t lo6[16] = { [15] = 1 };

		/* init_loopback(), up or down */
		addr6_add_auto(rn, l, lo6, 128, RT_SCOPE_HOST, 0);
		return;
	}
	if (rtnl_link_running(l))
		addr6_mroute(rn, l);
	/* addrconf_gre_config(): an IPv4 GRE device without a local
	 * address has no EUI-64 interface id: the IPv4 addresses instead */
	if (l->type == ARPHRD_IPGRE && !memcmp(l->addr, "\0\0\0\0", 4) &&
	    l->addr_gen_mode == IN6_ADDR_GEN_MODE_EUI64) {
		add_v4_addrs(rn, l);
		return;
	}
	addrconf_addr_gen(rn, l);
}

static void netconf_notify_one(struct rtnl_net *rn, const struct rtnl_link *l,
			       int family, int type);

/* inetdev_destroy(): every IPv4 address goes as a user would delete
 * it, with its routes, then the ARP table, then IPv4's netconf. */
static void inetdev_destroy(struct rtnl_net *rn, struct rtnl_link *l)
{
	for (;;) {
		struct rtnl_addr *a;

		for (a = l->addrs; a; a = a->dev_next)
			if (a->family == AF_INET)
				break;
		if (!a)
			break;
		addr_delete(rn, a, NULL, NULL);
	}
	rtnl_neigh_flush_dev(rn, AF_INET, l->ifindex, false);
	netconf_notify_one(rn, l, AF_INET, RTM_DELNETCONF);
}

/* inetdev_event(): netconf comes with the device (both families: the
 * notifiers between here and addrconf's have nothing to say then) and
 * is renamed with it; IPv4 and IPv6 addresses and their routes are made
 * when it comes up (fib_netdev_event()'s and addrconf_notify()'s part
 * too); IPv4 goes when the device goes away. */
/* inetdev_changename(): the IPv4 labels follow the new name, each
 * announced.  The first address takes the bare name; the others keep
 * their ":suffix", or get ":N" (N their position) when they had none;
 * a suffix that no longer fits overwrites the name's end. */
static void inetdev_changename(struct rtnl_net *rn, const struct rtnl_link *l)
{
	int named = 0;

	for (struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		char old[IFNAMSIZ + 12];
		const char *dot;
		size_t nlen = strlen(l->name), dlen;

		if (a->family != AF_INET || a->ifindex != l->ifindex)
			continue;
		memcpy(old, a->label, IFNAMSIZ);
		old[IFNAMSIZ - 1] = '\0';
		memcpy(a->label, l->name, IFNAMSIZ);
		if (named++ > 0) {
			dot = strchr(old, ':');
			if (!dot) {
				snprintf(old, sizeof(old), ":%d", named);
				dot = old;
			}
			dlen = strlen(dot);
			if (dlen + nlen < IFNAMSIZ)
				memcpy(a->label + nlen, dot, dlen + 1);
			else if (dlen < IFNAMSIZ)
				memcpy(a->label + (IFNAMSIZ - dlen - 1), dot,
				       dlen + 1);
		}
		addr_notify(rn, a, RTM_NEWADDR, NULL, NULL);
	}
}

int rtnl_inet_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info)
{
	struct rtnl_link *l = info->dev;

	switch (event) {
	case RTNL_NETDEV_REGISTER:
		rtnl_netconf_notify(rn, l, RTM_NEWNETCONF);
		break;
	case RTNL_NETDEV_UP:
		rtnl_addr_link_up(rn, l);
		break;
	case RTNL_NETDEV_CHANGENAME:
		inetdev_changename(rn, l);
		rtnl_netconf_rename(rn, l);
		break;
	case RTNL_NETDEV_UNREGISTER:
		inetdev_destroy(rn, l);
		break;
	default:
		break;
	}
	return 0;
}

/* addrconf_notify(): IPv6 follows the device down, its carrier, flags
 * and MTU; when it goes away, addrconf_ifdown() takes IPv6's routes,
 * neighbours and addresses, then its netconf. */
int rtnl_addrconf_netdev_event(struct rtnl_net *rn,
			       enum rtnl_netdev_event event,
			       const struct rtnl_netdev_info *info)
{
	struct rtnl_link *l = info->dev;

	switch (event) {
	case RTNL_NETDEV_DOWN:
		rtnl_addr_link_down(rn, l);
		break;
	case RTNL_NETDEV_CHANGE:
		if (info->linkwatch)
			rtnl_addr_link_change(rn, l);
		else
			rtnl_addr_link_flags(rn, l, info->flags_changed);
		break;
	case RTNL_NETDEV_CHANGEMTU:
		rtnl_addr_link_mtu(rn, l);
		break;
	case RTNL_NETDEV_CHANGEUPPER:
		/* linked to or unlinked from an L3 master: IPv6 goes down
		 * as on NETDEV_DOWN */
		if (rtnl_link_is_l3_master(info->upper) && !l->no_inet6)
			addr6_ifdown_keep(rn, l, addr6_keep_on_down(rn, l));
		break;
	case RTNL_NETDEV_UNREGISTER:
		addr6_ifdown(rn, l);
		if (!l->no_inet6)
			rtnl_netconf_notify6(rn, l, RTM_DELNETCONF);
		break;
	default:
		break;
	}
	return 0;
}

void rtnl_addr_fini(struct rtnl_net *rn)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		l->addrs = NULL;
	while (rn->addrs) {
		struct rtnl_addr *a = rn->addrs;

		rn->addrs = a->next;
		free(a);
	}
	rn->addrs_tail = NULL;
	rn->dad_head = rn->dad_tail = NULL;
}

/* ---- requests ---- */

/* nlmsg_parse_deprecated() with the family's policy; a family without
 * address handlers never gets here (rtnetlink answers EOPNOTSUPP). */
static int addr_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
		      struct unl_ext_ack *extack)
{
	const struct ifaddrmsg *ifm = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm)))
		return -EINVAL;
	return unl_nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX,
			       ifm->ifa_family == AF_INET6 ? ifa_ipv6_policy
							   : ifa_ipv4_policy,
			       UNL_VALIDATE_LIBERAL, extack);
}

/* A request's lifetimes: infinite without IFA_CACHEINFO; a valid
 * lifetime of 0, or one shorter than the preferred, is refused. */
static int addr_req_lft(const struct nlattr **tb, int family,
			uint32_t *valid, uint32_t *preferred,
			struct unl_ext_ack *extack)
{
	const struct ifa_cacheinfo *ci;

	*valid = *preferred = INFINITY_LIFE_TIME;
	if (!tb[IFA_CACHEINFO])
		return 0;
	ci = unl_nla_data(tb[IFA_CACHEINFO]);
	if (!ci->ifa_valid || ci->ifa_prefered > ci->ifa_valid) {
		UNL_SET_ERR_MSG(extack, family == AF_INET
					? "ipv4: address lifetime invalid"
					: "ipv6: address lifetime invalid");
		return -EINVAL;
	}
	*valid = ci->ifa_valid;
	*preferred = ci->ifa_prefered;
	return 0;
}

/* The flags a request may set on an IPv6 address (inet6_rtm_newaddr). */

/* inet_rtm_newaddr() on an address that exists, with NLM_F_REPLACE:
 * new lifetimes (set_ifa_lifetime) and protocol; its flags stay. */
/* fib_modify_prefix_metric(): the prefix route of a primary address on
 * a device that is up moves to the new metric, the new route first. */
static void addr4_prefix_metric(struct rtnl_net *rn, struct rtnl_addr *a,
				uint32_t metric)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	uint32_t old = a->rt_priority;
	uint8_t pfx[16] = { 0 };

	prefix_of(AF_INET, a->address, a->prefixlen, pfx);
	if (!l || !rtnl_link_running(l) ||
	    (a->flags & (IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE)) || !pfx[0] ||
	    (!memcmp(pfx, a->local, 4) && a->prefixlen == 32))
		return;
	a->rt_priority = metric;
	addr4_prefix_route(rn, a, a, l, pfx, rtnl_route_kernel_add);
	a->rt_priority = old;
	addr4_prefix_route(rn, a, a, l, pfx, rtnl_route_kernel_del);
}

/* inet_rtm_newaddr() replacing an address: its metric (0 when the
 * request gives none), protocol and lifetimes, then RTM_NEWADDR. */
static int addr4_modify(struct rtnl_net *rn, struct rtnl_addr *a,
			const struct nlattr **tb, uint32_t valid,
			uint32_t preferred, struct unl_skb *skb,
			struct nlmsghdr *nlh)
{
	uint32_t metric = tb[IFA_RT_PRIORITY]
				  ? unl_nla_get_u32(tb[IFA_RT_PRIORITY])
				  : 0;

	if (metric != a->rt_priority) {
		addr4_prefix_metric(rn, a, metric);
		a->rt_priority = metric;
	}
	a->proto = tb[IFA_PROTO] ? unl_nla_get_u8(tb[IFA_PROTO]) : 0;
	addr_set_lft(rn, a, valid, preferred);
	/* check_lifetime() is queued to run at once, after the answer */
	unl_timer_mod(rn->addr_chk4, unl_net_now(rn->net));
	addr_notify(rn, a, RTM_NEWADDR, skb, nlh);
	return 0;
}

/* modify_prefix_route(): the prefix route of a permanent address whose
 * lifetimes changed follows its metric (replaced, announced) or its
 * expiry (silently).  Linux hands fib6_set_expires() the lifetime in
 * clock ticks where it takes a time in jiffies, so a route given a
 * finite lifetime this way expired long ago (its expiry lands in the
 * first days of the jiffies counter): reported with a hugely negative
 * expiry, it is used no more and goes when the collector next runs.
 * -ENOENT when there is no route. */
static int addr6_modify_prefix_route(struct rtnl_net *rn,
				     const struct rtnl_addr *a)
{
	struct rtnl_route *rt = addr6_find_prefix_route(rn, a);

	if (!rt)
		return -ENOENT;
	if (rt->priority != (a->rt_priority ? a->rt_priority : 256)) {
		rtnl_route_kernel_del(rn, rt);
		addr6_prefix_route(rn, a);
		return 0;
	}
	if (!lft_finite(a->valid_lft))
		rtnl_route_set_expires(rn, rt, false, 0);
	else
		rtnl_route_set_expires(rn, rt, true,
				       rtnl_jiffies_to_ns(rn, (uint64_t)a->valid_lft *
								      100));
	return 0;
}

/* inet6_addr_modify(): the request's lifetimes, flags (nodad, home,
 * mngtmpaddr, noprefixroute are replaced), protocol and metric; then the
 * prefix route follows: made or updated without noprefixroute, removed
 * with it (as on deletion). */
static int addr6_modify(struct rtnl_net *rn, struct rtnl_addr *a,
			const struct nlattr **tb, uint32_t flags,
			uint32_t valid, uint32_t preferred,
			struct unl_skb *skb, struct nlmsghdr *nlh)
{
	const uint32_t replaced = IFA_F_DEPRECATED | IFA_F_PERMANENT |
				  IFA_F_NODAD | IFA_F_HOMEADDRESS |
				  IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE;
	uint32_t rt_priority = tb[IFA_RT_PRIORITY]
				       ? unl_nla_get_u32(tb[IFA_RT_PRIORITY])
				       : 0;
	bool had_prefixroute;

	flags &= ADDR6_REQ_FLAGS;
	if ((flags & IFA_F_MANAGETEMPADDR) &&
	    ((a->flags & IFA_F_TEMPORARY) || a->prefixlen != 64))
		return -EINVAL;
	if (!(a->flags & IFA_F_TENTATIVE) || (a->flags & IFA_F_DADFAILED))
		flags &= ~IFA_F_OPTIMISTIC;
	had_prefixroute = (a->flags & IFA_F_PERMANENT) &&
			  !(a->flags & IFA_F_NOPREFIXROUTE);
	a->flags = (a->flags & ~replaced) | flags;
	addr_set_lft(rn, a, valid, preferred);
	a->proto = tb[IFA_PROTO] ? unl_nla_get_u8(tb[IFA_PROTO]) : 0;
	if (rt_priority)
		a->rt_priority = rt_priority;
	if (!(a->flags & IFA_F_TENTATIVE))
		addr_notify(rn, a, RTM_NEWADDR, skb, nlh);
	if (!(flags & IFA_F_NOPREFIXROUTE)) {
		if (!had_prefixroute ||
		    addr6_modify_prefix_route(rn, a) == -ENOENT)
			addr6_prefix_route(rn, a);
	} else if (had_prefixroute) {
		addr6_prefix_cleanup(rn, a);
	}
	addr_verify(rn, AF_INET6);
	return 0;
}

/* The address a new one would be: IPv4 by address and prefix length,
 * IPv6 by address. */
static struct rtnl_addr *addr_find(struct rtnl_net *rn,
				   const struct ifaddrmsg *ifm, int ifindex,
				   const uint8_t *local)
{
	for (struct rtnl_addr *a = rn->addrs; a; a = a->next)
		if (a->family == ifm->ifa_family && a->ifindex == ifindex &&
		    !memcmp(a->local, local, (size_t)alen(a->family)) &&
		    (a->family == AF_INET6 ||
		     a->prefixlen == ifm->ifa_prefixlen))
			return a;
	return NULL;
}

/* inet_rtm_newaddr() / inet6_addr_add() for an address that is not
 * there yet. */
static int addr_create(struct rtnl_net *rn, struct rtnl_link *l,
		       const struct ifaddrmsg *ifm, const struct nlattr **tb,
		       const uint8_t *local, uint32_t flags, uint32_t valid,
		       uint32_t preferred, struct unl_skb *skb,
		       struct nlmsghdr *nlh)
{
	int n = alen(ifm->ifa_family);
	struct rtnl_addr *a;
	int err;

	a = addr_new(rn, ifm->ifa_family, l->ifindex, local,
		     ifm->ifa_prefixlen, ifm->ifa_scope, 0);
	if (!a)
		return -ENOMEM;
	if (tb[IFA_ADDRESS] && unl_nla_len(tb[IFA_ADDRESS]) >= n)
		memcpy(a->address, unl_nla_data(tb[IFA_ADDRESS]), (size_t)n);
	if (tb[IFA_RT_PRIORITY])
		a->rt_priority = unl_nla_get_u32(tb[IFA_RT_PRIORITY]);
	if (tb[IFA_PROTO])
		a->proto = unl_nla_get_u8(tb[IFA_PROTO]);
	if (ifm->ifa_family == AF_INET) {
		a->flags = flags & (IFA_F_NODAD | IFA_F_NOPREFIXROUTE |
				    IFA_F_MCAUTOJOIN | IFA_F_HOMEADDRESS |
				    IFA_F_MANAGETEMPADDR);
		addr_set_lft(rn, a, valid, preferred);
		if (tb[IFA_BROADCAST]) {
			memcpy(a->broadcast, unl_nla_data(tb[IFA_BROADCAST]), 4);
			a->has_broadcast = true;
		}
		if (tb[IFA_LABEL])
			unl_nla_strscpy(a->label, tb[IFA_LABEL],
					sizeof(a->label));
		else
			memcpy(a->label, l->name, IFNAMSIZ);
		err = addr_insert(rn, a, skb, nlh);
		/* check_lifetime() is queued to run at once, after the
		 * answer */
		unl_timer_mod(rn->addr_chk4, unl_net_now(rn->net));
		return err;
	}

	/* addrconf_add_dev(): the multicast route comes first, on an up
	 * device even without carrier; a down device takes no route */
	if (rtnl_link_running(l))
		addr6_mroute(rn, l);
	a->flags = flags & ADDR6_REQ_FLAGS;
	addr_set_lft(rn, a, valid, preferred);
	if (local[0] == 0xfe && (local[1] & 0xc0) == 0x80)
		a->scope = RT_SCOPE_LINK;
	else if (!memcmp(local, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16))
		a->scope = RT_SCOPE_HOST;
	else
		a->scope = RT_SCOPE_UNIVERSE;
	/* accept_dad: tentative until DAD, which lo does not do */
	if (!(a->flags & IFA_F_NODAD) && !(l->flags & IFF_LOOPBACK))
		a->flags |= IFA_F_TENTATIVE;
	err = addr_insert(rn, a, skb, nlh);
	addr_verify(rn, AF_INET6);
	return err;
}

/* inet_validate_rtm(): an IPv4 request before anything is looked up.
 * Returns 1 for a local address of 0.0.0.0, which inet_rtm_newaddr()
 * accepts and ignores. */
static int addr4_req_check(const struct ifaddrmsg *ifm,
			   const struct nlattr **tb, uint32_t *valid,
			   uint32_t *preferred, struct unl_ext_ack *extack)
{
	static const uint8_t any[4];
	int err;

	if (ifm->ifa_prefixlen > 32) {
		UNL_SET_ERR_MSG(extack, "ipv4: Invalid prefix length");
		return -EINVAL;
	}
	if (!tb[IFA_LOCAL]) {
		UNL_SET_ERR_MSG(extack, "ipv4: Local address is not supplied");
		return -EINVAL;
	}
	err = addr_req_lft(tb, AF_INET, valid, preferred, extack);
	if (err)
		return err;
	return !memcmp(unl_nla_data(tb[IFA_LOCAL]), any, sizeof(any));
}

/* inet6_rtm_newaddr()'s checks before the device: the prefix length and
 * an address (the local one, else the peer's). */
static int addr6_req_check(const struct ifaddrmsg *ifm,
			   const struct nlattr **tb, struct unl_ext_ack *extack)
{
	if (ifm->ifa_prefixlen > 128) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid prefix length");
		return -EINVAL;
	}
	if (!tb[IFA_LOCAL] && !tb[IFA_ADDRESS]) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid address");
		return -EINVAL;
	}
	return 0;
}

static int rtnl_newaddr(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifm;
	struct rtnl_link *l;
	struct rtnl_addr *a;
	const struct nlattr *local;
	uint32_t flags, valid = 0, preferred = 0;
	int err;

	err = addr_parse(nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifa_family == AF_INET) {
		err = addr4_req_check(ifm, tb, &valid, &preferred, extack);
		if (err)
			return err < 0 ? err : 0;
	} else {
		err = addr6_req_check(ifm, tb, extack);
		if (err)
			return err;
	}
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	l = rtnl_link_by_index(rn, (int)ifm->ifa_index);
	if (!l) {
		UNL_SET_ERR_MSG(extack, ifm->ifa_family == AF_INET
						? "ipv4: Device not found"
						: "ipv6: Unable to find the device");
		return -ENODEV;
	}
	if (ifm->ifa_family == AF_INET6) {
		err = addr_req_lft(tb, AF_INET6, &valid, &preferred, extack);
		if (err)
			return err;
	}
	/* ipv6_find_idev() cannot make an inet6_dev for a small MTU */
	if (ifm->ifa_family == AF_INET6 && l->no_inet6)
		return -EINVAL;
	flags = tb[IFA_FLAGS] ? unl_nla_get_u32(tb[IFA_FLAGS]) : ifm->ifa_flags;
	if (ifm->ifa_family == AF_INET6) {
		err = addr6_req_flags(rn, l, &flags, extack);
		if (err)
			return err;
	}

	a = addr_find(rn, ifm, l->ifindex, unl_nla_data(local));
	if (a) {
		if ((nlh->nlmsg_flags & NLM_F_EXCL) ||
		    !(nlh->nlmsg_flags & NLM_F_REPLACE)) {
			UNL_SET_ERR_MSG(extack, ifm->ifa_family == AF_INET ?
					"ipv4: Address already assigned" :
					"ipv6: address already assigned");
			return -EEXIST;
		}
		if (ifm->ifa_family == AF_INET)
			return addr4_modify(rn, a, tb, valid, preferred, skb,
					    nlh);
		return addr6_modify(rn, a, tb, flags, valid, preferred, skb,
				    nlh);
	}

	if (ifm->ifa_family == AF_INET6 && (flags & IFA_F_MANAGETEMPADDR) &&
	    ifm->ifa_prefixlen != 64) {
		UNL_SET_ERR_MSG(extack,
				"ipv6: address with \"mngtmpaddr\" flag must have a prefix length of 64");
		return -EINVAL;
	}
	/* addrconf_add_dev() */
	if (ifm->ifa_family == AF_INET6 && l->cnf6[DEVCONF_DISABLE_IPV6]) {
		UNL_SET_ERR_MSG(extack, "ipv6: IPv6 is disabled on this device");
		return -EACCES;
	}
	err = rtnl_link_addr_validate(l, ifm->ifa_family, unl_nla_data(local),
				      extack);
	if (err)
		return err;
	return addr_create(rn, l, ifm, tb, unl_nla_data(local), flags, valid,
			   preferred, skb, nlh);
}

/* inet6_rtm_deladdr() and inet6_addr_del(), before the search: an
 * address, a prefix length, a device, and IPv6 on it. */
static int addr6_del_check(struct rtnl_net *rn, const struct ifaddrmsg *ifm,
			   const struct nlattr *local,
			   struct unl_ext_ack *extack)
{
	struct rtnl_link *l;

	if (!local)
		return -EINVAL;
	if (ifm->ifa_prefixlen > 128) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid prefix length");
		return -EINVAL;
	}
	l = rtnl_link_by_index(rn, (int)ifm->ifa_index);
	if (!l) {
		UNL_SET_ERR_MSG(extack, "ipv6: Unable to find the interface");
		return -ENODEV;
	}
	if (l->no_inet6) {
		UNL_SET_ERR_MSG(extack, "ipv6: IPv6 is disabled on this device");
		return -ENXIO;
	}
	return 0;
}

static int rtnl_deladdr(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifm;
	const struct nlattr *local;
	int err, n;

	err = addr_parse(nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifa_family != AF_INET && ifm->ifa_family != AF_INET6)
		return -EAFNOSUPPORT;
	n = alen(ifm->ifa_family);
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (local && unl_nla_len(local) < n)
		return -EINVAL;
	if (ifm->ifa_family == AF_INET6) {
		err = addr6_del_check(rn, ifm, local, extack);
		if (err)
			return err;
	}
	for (struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		if (a->family != ifm->ifa_family)
			continue;
		if (ifm->ifa_index && a->ifindex != (int)ifm->ifa_index)
			continue;
		if (local && memcmp(a->local, unl_nla_data(local), (size_t)n))
			continue;
		if (ifm->ifa_family == AF_INET) {
			if (tb[IFA_LABEL]) {
				char lb[IFNAMSIZ];

				unl_nla_strscpy(lb, tb[IFA_LABEL], sizeof(lb));
				if (strcmp(lb, a->label))
					continue;
			}
			if (tb[IFA_ADDRESS] &&
			    (ifm->ifa_prefixlen != a->prefixlen ||
			     !same_prefix(AF_INET, a->address,
					  unl_nla_data(tb[IFA_ADDRESS]),
					  a->prefixlen)))
				continue;
		} else if (ifm->ifa_prefixlen != a->prefixlen) {
			continue;
		}
		addr_delete(rn, a, skb, nlh);
		return 0;
	}
	UNL_SET_ERR_MSG(extack, ifm->ifa_family == AF_INET
					? "ipv4: Address not found"
					: "ipv6: address not found");
	return -EADDRNOTAVAIL;
}

/* devinet.c's messages start "ipv4: ", addrconf.c's (NL_SET_ERR_MSG_MOD)
 * "ipv6: ". */
#define ADDR_MSG(family, text)                                             \
	((family) == AF_INET6 ? "ipv6: " text : "ipv4: " text)

/* What an address dump lists (inet6_dump_addr()'s addr_type_t). */
enum addr_dump_kind {
	ADDR_DUMP_UNICAST,
	ADDR_DUMP_MULTICAST,
	ADDR_DUMP_ANYCAST,
};

struct addr_dump_ctx {
	int kind;
	int family;
	int ifindex;
	int netnsid; /* IFA_TARGET_NETNSID, -1 for the asking net */
	unsigned int skip; /* addresses already dumped */
};

/* The net an address dump walks: the target, looked up again for each
 * buffer as Linux parses the request again. */
static struct rtnl_net *addr_dump_net(struct unl_callback *cb,
				      const struct addr_dump_ctx *c, int *err)
{
	struct rtnl_net *rn = rtnl_cb_net(cb), *tgt;

	if (c->netnsid < 0)
		return rn;
	tgt = rtnl_get_net_ns_capable(rn, cb->skb, c->netnsid, err);
	if (!tgt)
		UNL_SET_ERR_MSG(cb->extack, ADDR_MSG(c->family, "Invalid target network namespace id"));
	return tgt;
}

/* inet_valid_dump_ifaddr_req() / inet6_valid_dump_ifaddr_req(), for
 * strict requests only: a header of zeros but the device (a filter,
 * NLM_F_DUMP_FILTERED), no attribute but a target namespace id. */
static int addr_dump_parse(struct unl_callback *cb, struct addr_dump_ctx *c)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct ifaddrmsg *ifm;
	const struct nlattr *tb[IFA_MAX + 1];
	struct unl_ext_ack *extack = cb->extack;
	int err;

	c->family = (int)cb->args[4];
	c->netnsid = -1;
	if (!cb->strict_check)
		return 0;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm))) {
		UNL_SET_ERR_MSG(extack, ADDR_MSG(c->family, "Invalid header for address dump request"));
		return -EINVAL;
	}
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifa_prefixlen || ifm->ifa_flags || ifm->ifa_scope) {
		UNL_SET_ERR_MSG(extack, ADDR_MSG(c->family, "Invalid values in header for address dump request"));
		return -EINVAL;
	}
	c->ifindex = (int)ifm->ifa_index;
	if (c->ifindex)
		cb->answer_flags |= NLM_F_DUMP_FILTERED;
	err = unl_nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX,
			      c->family == AF_INET6 ? ifa_ipv6_policy
						    : ifa_ipv4_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= IFA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == IFA_TARGET_NETNSID) {
			c->netnsid = (int32_t)unl_nla_get_u32(tb[i]);
			if (!addr_dump_net(cb, c, &err)) {
				c->netnsid = -1;
				return err;
			}
			continue;
		}
		UNL_SET_ERR_MSG(extack, ADDR_MSG(c->family, "Unsupported attribute in dump request"));
		return -EINVAL;
	}
	return 0;
}

/* A multicast or anycast dump's place: the buffer, the request. */
struct group_dump {
	struct unl_skb *skb;
	struct unl_callback *cb;
	struct addr_dump_ctx *c;
	int flags;
	unsigned int *idx;
};

/* ipv6_addr_scope() & IFA_SITE: a site-local multicast scope (5) or a
 * site-local unicast prefix (fec0::/10). */
static bool addr6_site(const uint8_t *a)
{
	if (a[0] == 0xff)
		return (a[1] & 0x0f) == 5;
	return a[0] == 0xfe && (a[1] & 0xc0) == 0xc0;
}

/* inet_fill_ifmcaddr(), inet6_fill_ifmcaddr(), inet6_fill_ifacaddr():
 * the group with its creation stamp and endless lifetimes. */
static int group_fill(void *arg, const struct rtnl_link *l,
		      const uint8_t *addr, uint64_t seq)
{
	struct group_dump *g = arg;
	struct addr_dump_ctx *c = g->c;
	bool mc = c->kind == ADDR_DUMP_MULTICAST;
	int n = alen(c->family);
	struct ifa_cacheinfo ci = {
		.ifa_prefered = INFINITY_LIFE_TIME,
		.ifa_valid = INFINITY_LIFE_TIME,
		.cstamp = rtnl_mc_cstamp(seq),
		.tstamp = rtnl_mc_cstamp(seq),
	};
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifm;

	if ((*g->idx)++ < c->skip)
		return 0;
	nlh = unl_nlmsg_put(g->skb, rtnl_req_portid(g->cb->skb),
			    g->cb->nlh->nlmsg_seq,
			    mc ? RTM_GETMULTICAST : RTM_GETANYCAST,
			    sizeof(*ifm), g->flags);
	if (!nlh)
		goto full;
	ifm = NLMSG_DATA(nlh);
	ifm->ifa_family = (uint8_t)c->family;
	ifm->ifa_prefixlen = (uint8_t)(8 * n);
	ifm->ifa_flags = IFA_F_PERMANENT;
	ifm->ifa_scope = c->family == AF_INET6 && addr6_site(addr)
				 ? RT_SCOPE_SITE
				 : RT_SCOPE_UNIVERSE;
	ifm->ifa_index = (uint32_t)l->ifindex;
	if ((c->netnsid >= 0 &&
	     unl_nla_put_u32(g->skb, IFA_TARGET_NETNSID,
			     (uint32_t)c->netnsid)) ||
	    unl_nla_put(g->skb, mc ? IFA_MULTICAST : IFA_ANYCAST, n, addr) ||
	    unl_nla_put(g->skb, IFA_CACHEINFO, sizeof(ci), &ci)) {
		unl_nlmsg_cancel(g->skb, nlh);
		goto full;
	}
	unl_nlmsg_end(g->skb, nlh);
	return 0;
full:
	c->skip = *g->idx - 1;
	return -EMSGSIZE;
}

/* in_dev_dump_ifmcaddr() / in6_dump_addrs() of the lists. */
static int addr_dump_groups(struct unl_skb *skb, struct unl_callback *cb,
			    struct rtnl_net *rn, const struct rtnl_link *l,
			    int flags, unsigned int *idx)
{
	struct addr_dump_ctx *c = RTNL_CB_CTX(cb, struct addr_dump_ctx);
	struct group_dump g = { skb, cb, c, flags, idx };

	if (c->kind == ADDR_DUMP_ANYCAST)
		return rtnl_ac6_for_each(rn, l, group_fill, &g);
	if (c->family == AF_INET6)
		return rtnl_mc6_for_each(rn, l, group_fill, &g);
	return rtnl_mc4_for_each(rn, l, group_fill, &g);
}

/* in_dev_dump_addr() / in6_dump_addrs(): one device's addresses of the
 * family (or its groups); -EMSGSIZE when the buffer filled, with
 * c->skip where to resume. */
static int addr_dump_dev(struct unl_skb *skb, struct unl_callback *cb,
			 struct rtnl_net *rn, const struct rtnl_link *l,
			 int flags, unsigned int *idx)
{
	struct addr_dump_ctx *c = RTNL_CB_CTX(cb, struct addr_dump_ctx);

	if (c->kind != ADDR_DUMP_UNICAST)
		return addr_dump_groups(skb, cb, rn, l, flags, idx);
	for (struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		if (a->ifindex != l->ifindex || a->family != c->family)
			continue;
		if ((*idx)++ < c->skip)
			continue;
		if (addr_fill_ns(rn, skb, a, RTM_NEWADDR,
				 rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
				 flags, c->netnsid)) {
			c->skip = *idx - 1;
			return -EMSGSIZE;
		}
	}
	return 0;
}

/* inet_dump_addr() / inet6_dump_addr(): every device in ifindex order,
 * as for_each_netdev_dump walks them, or the one a strict request
 * names (ENODEV when it does not exist), of the net or of the target. */
static int addr_dump(struct unl_skb *skb, struct unl_callback *cb,
		     int kind)
{
	struct rtnl_net *rn;
	struct addr_dump_ctx *c = RTNL_CB_CTX(cb, struct addr_dump_ctx);
	unsigned int idx = 0;
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		c->kind = kind;
		err = addr_dump_parse(cb, c);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	rn = addr_dump_net(cb, c, &err);
	if (!rn)
		return err;
	if (c->ifindex) {
		const struct rtnl_link *l = rtnl_link_by_index(rn, c->ifindex);

		if (!l)
			return -ENODEV;
		if (c->family == AF_INET6 && l->no_inet6)
			return 0;
		err = addr_dump_dev(skb, cb, rn, l,
				    NLM_F_MULTI | NLM_F_DUMP_FILTERED, &idx);
		return err ? (int)unl_skb_len(skb) : 0;
	}
	cb->seq = rn->addr_seq;
	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		if (addr_dump_dev(skb, cb, rn, l, NLM_F_MULTI, &idx))
			return (int)unl_skb_len(skb);
	c->skip = idx;
	return 0;
}

static int rtnl_dump_addr(struct unl_skb *skb, struct unl_callback *cb)
{
	return addr_dump(skb, cb, ADDR_DUMP_UNICAST);
}

/* inet_dump_ifmcaddr(), inet6_dump_ifmcaddr(): the multicast groups */
static int rtnl_dump_mcaddr(struct unl_skb *skb, struct unl_callback *cb)
{
	return addr_dump(skb, cb, ADDR_DUMP_MULTICAST);
}

/* inet6_dump_ifacaddr(): the anycast addresses */
static int rtnl_dump_acaddr(struct unl_skb *skb, struct unl_callback *cb)
{
	return addr_dump(skb, cb, ADDR_DUMP_ANYCAST);
}

/* IPv4's RTM_GETMULTICAST came with Linux 6.14 (IPv6's is older): its
 * last version was posted in January 2025, after 6.13's merge window. */
static bool mcaddr4_registered(const struct rtnl_net *rn)
{
	return unl_profile_at_least(unl_net_profile(rn->net), 614);
}

/* inet6_rtm_valid_getaddr_req() */
static int addr6_valid_get_req(struct unl_skb *skb, const struct nlmsghdr *nlh,
			       const struct nlattr **tb,
			       struct unl_ext_ack *extack)
{
	const struct ifaddrmsg *ifm = NLMSG_DATA(nlh);
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm))) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid header for get address request");
		return -EINVAL;
	}
	if (!unl_skb_strict_check(skb))
		return unl_nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX,
				       ifa_ipv6_policy, UNL_VALIDATE_LIBERAL,
				       extack);
	if (ifm->ifa_prefixlen || ifm->ifa_flags || ifm->ifa_scope) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid values in header for get address request");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ifm), tb, IFA_MAX, ifa_ipv6_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= IFA_MAX; i++) {
		if (!tb[i] || i == IFA_TARGET_NETNSID || i == IFA_ADDRESS ||
		    i == IFA_LOCAL)
			continue;
		UNL_SET_ERR_MSG(extack, "ipv6: Unsupported attribute in get address request");
		return -EINVAL;
	}
	return 0;
}

/* ipv6_get_ifaddr(strict): the newest address equal to addr, on the
 * device if one exists with the index given. */
static const struct rtnl_addr *addr6_get(struct rtnl_net *rn,
					 const uint8_t *addr, int ifindex)
{
	const struct rtnl_link *l = ifindex ? rtnl_link_by_index(rn, ifindex)
					    : NULL;
	const struct rtnl_addr *found = NULL;

	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next)
		if (a->family == AF_INET6 && !memcmp(a->local, addr, 16) &&
		    (!l || a->ifindex == l->ifindex))
			found = a;
	return found;
}

/* inet6_rtm_getaddr(): in the net, or in the one IFA_TARGET_NETNSID
 * names. */
static int rtnl_getaddr(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	int netnsid = -1;
	const struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifm = NLMSG_DATA(nlh);
	const struct nlattr *addr;
	const struct rtnl_addr *a;
	struct unl_skb *nskb;
	int err;

	err = addr6_valid_get_req(skb, nlh, tb, extack);
	if (err)
		return err;
	if (tb[IFA_TARGET_NETNSID]) {
		netnsid = (int32_t)unl_nla_get_u32(tb[IFA_TARGET_NETNSID]);
		rn = rtnl_get_net_ns_capable(rn, skb, netnsid, &err);
		if (!rn)
			return err;
	}
	addr = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!addr)
		return -EINVAL;
	a = addr6_get(rn, unl_nla_data(addr), (int)ifm->ifa_index);
	if (!a)
		return -EADDRNOTAVAIL;
	nskb = unl_nlmsg_new(ADDR_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	err = addr_fill_ns(rn, nskb, a, RTM_NEWADDR, rtnl_req_portid(skb),
			   nlh->nlmsg_seq, 0, netnsid);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	/* rtnl_unicast(skb, tgt_net, portid): to that portid in the
	 * target net, as Linux sends it (with a target, the asker gets
	 * the ACK only, or ECONNREFUSED when no socket there has it) */
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

/* ---- netconf (inet_netconf_*, inet6_netconf_*) ---- */

#define NETCONF_MSG_SIZE 128

/* The configuration netconf reports: a device's, or the namespace's
 * "all" (NETCONFA_IFINDEX_ALL) or "default" one. */
static const int32_t *netconf_cnf(const struct rtnl_net *rn,
				  const struct rtnl_link *l, int family,
				  int ifindex)
{
	bool v4 = family == AF_INET;

	if (l)
		return v4 ? l->cnf4 : l->cnf6;
	if (ifindex == NETCONFA_IFINDEX_ALL)
		return v4 ? rn->cnf4_all : rn->cnf6_all;
	return v4 ? rn->cnf4_dflt : rn->cnf6_dflt;
}

/* inet_netconf_fill_devconf() and inet6_netconf_fill_devconf(): one
 * device's (or "all"/"default"'s: l NULL, ifindex -1/-2) netconf; a
 * deletion names the device only.  IPv6 reports mc_forwarding only
 * when the kernel has IPv6 multicast routing. */
static int netconf_fill(const struct rtnl_net *rn, struct unl_skb *skb,
			int family, int ifindex, const struct rtnl_link *l,
			int type, uint32_t pid, uint32_t seq, int flags)
{
	const int32_t *c = netconf_cnf(rn, l, family, ifindex);
	struct nlmsghdr *nlh;
	int err = 0;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(struct netconfmsg),
			    flags);
	if (!nlh)
		return -EMSGSIZE;
	((struct netconfmsg *)NLMSG_DATA(nlh))->ncm_family = (uint8_t)family;
	err |= unl_nla_put_u32(skb, NETCONFA_IFINDEX, (uint32_t)ifindex);
	if (type == RTM_DELNETCONF)
		goto out;
	if (family == AF_INET) {
		err |= unl_nla_put_u32(skb, NETCONFA_FORWARDING,
				       (uint32_t)c[RTNL_DEVCONF4_FORWARDING]);
		err |= unl_nla_put_u32(skb, NETCONFA_RP_FILTER,
				       (uint32_t)c[RTNL_DEVCONF4_RP_FILTER]);
		err |= unl_nla_put_u32(skb, NETCONFA_MC_FORWARDING,
				       (uint32_t)c[RTNL_DEVCONF4_MC_FORWARDING]);
		err |= unl_nla_put_u32(skb, NETCONFA_BC_FORWARDING,
				       (uint32_t)c[RTNL_DEVCONF4_BC_FORWARDING]);
		err |= unl_nla_put_u32(skb, NETCONFA_PROXY_NEIGH,
				       (uint32_t)c[RTNL_DEVCONF4_PROXY_ARP]);
		err |= unl_nla_put_u32(skb, NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
				       (uint32_t)c[RTNL_DEVCONF4_IGNORE_LINKDOWN]);
	} else {
		err |= unl_nla_put_u32(skb, NETCONFA_FORWARDING,
				       (uint32_t)c[RTNL_DEVCONF6_FORWARDING]);
		if (rn->feat.ip6_mroute)
			err |= unl_nla_put_u32(skb, NETCONFA_MC_FORWARDING,
					       (uint32_t)c[RTNL_DEVCONF6_MC_FORWARDING]);
		err |= unl_nla_put_u32(skb, NETCONFA_PROXY_NEIGH,
				       (uint32_t)c[RTNL_DEVCONF6_PROXY_NDP]);
		err |= unl_nla_put_u32(skb, NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
				       (uint32_t)c[RTNL_DEVCONF6_IGNORE_LINKDOWN]);
	}
out:
	if (err) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static void netconf_notify_one(struct rtnl_net *rn, const struct rtnl_link *l,
			       int family, int type)
{
	unsigned int group = family == AF_INET ? RTNLGRP_IPV4_NETCONF
					       : RTNLGRP_IPV6_NETCONF;
	struct unl_skb *skb;

	if (family == AF_INET6 && l->no_inet6)
		return;
	skb = unl_nlmsg_new(NETCONF_MSG_SIZE);
	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (netconf_fill(rn, skb, family, l->ifindex, l, type, 0, 0, 0)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, 0, group, NULL);
}

void rtnl_netconf_notify(struct rtnl_net *rn, const struct rtnl_link *l,
			 int type)
{
	netconf_notify_one(rn, l, AF_INET, type);
	netconf_notify_one(rn, l, AF_INET6, type);
}

void rtnl_netconf_notify6(struct rtnl_net *rn, const struct rtnl_link *l,
			  int type)
{
	netconf_notify_one(rn, l, AF_INET6, type);
}

void rtnl_netconf_rename(struct rtnl_net *rn, const struct rtnl_link *l)
{
	netconf_notify_one(rn, l, AF_INET, RTM_DELNETCONF);
	netconf_notify_one(rn, l, AF_INET, RTM_NEWNETCONF);
	netconf_notify_one(rn, l, AF_INET6, RTM_DELNETCONF);
	netconf_notify_one(rn, l, AF_INET6, RTM_NEWNETCONF);
}

/* devconf_ipv4_policy, devconf_ipv6_policy: IPv6 has no rp_filter. */
static const struct unl_nla_policy netconf4_policy[NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = { .len = sizeof(int) },
	[NETCONFA_FORWARDING] = { .len = sizeof(int) },
	[NETCONFA_RP_FILTER] = { .len = sizeof(int) },
	[NETCONFA_PROXY_NEIGH] = { .len = sizeof(int) },
	[NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN] = { .len = sizeof(int) },
};

static const struct unl_nla_policy netconf6_policy[NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = { .len = sizeof(int) },
	[NETCONFA_FORWARDING] = { .len = sizeof(int) },
	[NETCONFA_PROXY_NEIGH] = { .len = sizeof(int) },
	[NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN] = { .len = sizeof(int) },
};

/* inet_netconf_valid_get_req() / inet6_netconf_valid_get_req(): only
 * NETCONFA_IFINDEX in a strict request. */
static int netconf_valid_get_req(struct unl_skb *skb,
				 const struct nlmsghdr *nlh, int family,
				 const struct nlattr **tb,
				 struct unl_ext_ack *extack)
{
	const struct unl_nla_policy *pol =
		family == AF_INET6 ? netconf6_policy : netconf4_policy;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netconfmsg))) {
		UNL_SET_ERR_MSG(extack, ADDR_MSG(family, "Invalid header for netconf get request"));
		return -EINVAL;
	}
	if (!unl_skb_strict_check(skb))
		return unl_nlmsg_parse(nlh, sizeof(struct netconfmsg), tb,
				       NETCONFA_MAX, pol, UNL_VALIDATE_LIBERAL,
				       extack);
	err = unl_nlmsg_parse(nlh, sizeof(struct netconfmsg), tb, NETCONFA_MAX,
			      pol, UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= NETCONFA_MAX; i++)
		if (tb[i] && i != NETCONFA_IFINDEX) {
			UNL_SET_ERR_MSG(extack, ADDR_MSG(family, "Unsupported attribute in netconf get request"));
			return -EINVAL;
		}
	return 0;
}

/* inet_netconf_get_devconf() / inet6_netconf_get_devconf(): a device
 * IPv4 does not know is ENODEV, one IPv6 does not know (or that has no
 * IPv6 state) EINVAL. */
static int rtnl_getnetconf(struct rtnl_net *rn, struct unl_skb *skb,
			   struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	int family = ((struct netconfmsg *)NLMSG_DATA(nlh))->ncm_family;
	const struct nlattr *tb[NETCONFA_MAX + 1];
	const struct rtnl_link *l = NULL;
	struct unl_skb *nskb;
	int ifindex, err;

	err = netconf_valid_get_req(skb, nlh, family, tb, extack);
	if (err)
		return err;
	if (!tb[NETCONFA_IFINDEX])
		return -EINVAL;
	ifindex = (int)unl_nla_get_u32(tb[NETCONFA_IFINDEX]);
	if (ifindex != NETCONFA_IFINDEX_ALL &&
	    ifindex != NETCONFA_IFINDEX_DEFAULT) {
		l = rtnl_link_by_index(rn, ifindex);
		if (family == AF_INET6 && (!l || l->no_inet6))
			return -EINVAL;
		if (!l)
			return -ENODEV;
	}
	nskb = unl_nlmsg_new(NETCONF_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	err = netconf_fill(rn, nskb, family, ifindex, l, RTM_NEWNETCONF,
			   rtnl_req_portid(skb), nlh->nlmsg_seq, 0);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

/* The strict check of a netconf dump request: a netconfmsg padded to 4
 * bytes and nothing after it. */
static int netconf_valid_dump_req(const struct unl_callback *cb, int family)
{
	const struct nlmsghdr *nlh = cb->nlh;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netconfmsg))) {
		UNL_SET_ERR_MSG(cb->extack, ADDR_MSG(family, "Invalid header for netconf dump request"));
		return -EINVAL;
	}
	if (nlh->nlmsg_len !=
	    NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct netconfmsg)))) {
		UNL_SET_ERR_MSG(cb->extack, ADDR_MSG(family, "Invalid data after header in netconf dump request"));
		return -EINVAL;
	}
	return 0;
}

/* inet_netconf_dump_devconf(): the devices, then "all" and "default". */
static int rtnl_dump_netconf(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	int family = (int)cb->args[4];
	long idx = 0;
	const struct rtnl_link *l;

	if (cb->strict_check) {
		int err = netconf_valid_dump_req(cb, family);

		if (err)
			return err;
	}
	for (l = rn->links;; l = l->next) {
		int ifindex = l ? l->ifindex : 0;

		if (!l) {
			/* the two pseudo entries after the devices */
			for (int k = 0; k < 2; k++) {
				if (idx++ < cb->args[1])
					continue;
				if (netconf_fill(rn, skb, family,
						 k ? NETCONFA_IFINDEX_DEFAULT
						   : NETCONFA_IFINDEX_ALL,
						 NULL, RTM_NEWNETCONF,
						 rtnl_req_portid(cb->skb),
						 cb->nlh->nlmsg_seq,
						 NLM_F_MULTI)) {
					cb->args[1] = idx - 1;
					return (int)unl_skb_len(skb);
				}
			}
			break;
		}
		if (family == AF_INET6 && l->no_inet6)
			continue;
		if (idx++ < cb->args[1])
			continue;
		if (netconf_fill(rn, skb, family, ifindex, l, RTM_NEWNETCONF,
				 rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
				 NLM_F_MULTI)) {
			cb->args[1] = idx - 1;
			return (int)unl_skb_len(skb);
		}
	}
	cb->args[1] = idx;
	return 0;
}

/* A family's own netconf dump ends with NLMSG_DONE in its last buffer;
 * only AF_UNSPEC's (rtnl_dump_all) puts it in one of its own. */
const struct rtnl_msg_handler rtnl_addr_handlers[] = {
	{ PF_INET, RTM_GETNETCONF, rtnl_getnetconf, rtnl_dump_netconf, 0 },
	{ PF_INET6, RTM_GETNETCONF, rtnl_getnetconf, rtnl_dump_netconf, 0 },
	{ PF_INET, RTM_NEWADDR, rtnl_newaddr, NULL, 0 },
	{ PF_INET, RTM_DELADDR, rtnl_deladdr, NULL, 0 },
	{ PF_INET, RTM_GETADDR, NULL, rtnl_dump_addr,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_INET6, RTM_NEWADDR, rtnl_newaddr, NULL, 0 },
	{ PF_INET6, RTM_DELADDR, rtnl_deladdr, NULL, 0 },
	{ PF_INET6, RTM_GETADDR, rtnl_getaddr, rtnl_dump_addr, 0 },
	{ PF_INET6, RTM_GETMULTICAST, NULL, rtnl_dump_mcaddr, 0 },
	{ PF_INET6, RTM_GETANYCAST, NULL, rtnl_dump_acaddr, 0 },
	{ PF_INET, RTM_GETMULTICAST, NULL, rtnl_dump_mcaddr, 0,
	  mcaddr4_registered },
};
const unsigned int rtnl_addr_handlers_n =
	sizeof(rtnl_addr_handlers) / sizeof(rtnl_addr_handlers[0]);

/* inet_netconf_notify_devconf() and inet6_netconf_notify_devconf() for
 * one attribute (a sysctl write): the message names the device (or
 * "all"/"default") and carries that attribute alone. */
void rtnl_netconf_notify_attr(struct rtnl_net *rn, int family, int attr,
			      int ifindex, const struct rtnl_link *l)
{
	unsigned int group = family == AF_INET ? RTNLGRP_IPV4_NETCONF
					       : RTNLGRP_IPV6_NETCONF;
	const int32_t *c = netconf_cnf(rn, l, family, ifindex);
	int idx = family == AF_INET ? RTNL_DEVCONF4_FORWARDING
				    : RTNL_DEVCONF6_FORWARDING;
	struct unl_skb *skb = unl_nlmsg_new(NETCONF_MSG_SIZE);
	struct nlmsghdr *nlh;

	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (attr == NETCONFA_RP_FILTER)
		idx = RTNL_DEVCONF4_RP_FILTER;
	else if (attr == NETCONFA_PROXY_NEIGH)
		idx = family == AF_INET ? RTNL_DEVCONF4_PROXY_ARP
					: RTNL_DEVCONF6_PROXY_NDP;
	else if (attr == NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN)
		idx = family == AF_INET ? RTNL_DEVCONF4_IGNORE_LINKDOWN
					: RTNL_DEVCONF6_IGNORE_LINKDOWN;
	else if (attr == RTNL_NETCONFA_FORCE_FORWARDING)
		idx = RTNL_DEVCONF6_FORCE_FORWARDING;
	nlh = unl_nlmsg_put(skb, 0, 0, RTM_NEWNETCONF,
			    sizeof(struct netconfmsg), 0);
	if (!nlh || unl_nla_put_u32(skb, NETCONFA_IFINDEX, (uint32_t)ifindex) ||
	    unl_nla_put_u32(skb, attr, (uint32_t)c[idx])) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, group, -EMSGSIZE);
		return;
	}
	((struct netconfmsg *)NLMSG_DATA(nlh))->ncm_family = (uint8_t)family;
	unl_nlmsg_end(skb, nlh);
	rtnl_notify(rn, skb, 0, group, NULL);
}
