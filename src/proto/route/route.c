// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Routes: RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE for IPv4
 * (net/ipv4/fib_frontend.c, fib_trie.c, fib_semantics.c) and IPv6
 * (net/ipv6/route.c), and the longest-prefix-match lookup behind
 * `ip route get`.
 *
 * One list per net holds every table, kept in the order the kernel's
 * dumps walk it: IPv4 by table hash bucket, then key, then prefix length
 * (longest first); IPv6 by table, then prefix as fib6_walk() visits its
 * tree: a node after its children (the prefixes under it), a 0 bit before
 * a 1 bit, so ::/0 comes last.  A route through a
 * device without carrier is reported with RTNH_F_LINKDOWN, computed when
 * it is written rather than stored.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "core/internal.h"
#include "core/vec.h"
#include "proto/route/route-private.h"

#include <unetlink/profile.h>

/* nla_total_size() */
#define NLA_TOTAL(n) NLA_ALIGN(NLA_HDRLEN + (n))
/* TCP_CA_NAME_MAX: RTAX_CC_ALGO's room */
#define ROUTE_CA_NAME_MAX 16
/* RTAX_FEATURE_MASK of Linux 6.18: ECN, SACK, TIMESTAMP, ALLFRAG and
 * TCP_USEC_TS (newer than some uapi headers) */
#define ROUTE_FEATURE_MASK 0x1fu
/* DST_FEATURE_ECN_CA: the congestion control wants ECN (dctcp); kept
 * with the features, never reported */
#define ROUTE_FEATURE_ECN_CA (1u << 31)

/* rtm_ipv4_policy (fib_frontend.c) */
const struct unl_nla_policy rtnl_rtm_ipv4_policy[RTNL_RTA_MAX + 1] = {
	[RTA_UNSPEC] = { .strict_start_type = RTA_DPORT + 1 },
	[RTA_DST] = { .type = UNL_NLA_U32 },
	[RTA_SRC] = { .type = UNL_NLA_U32 },
	[RTA_IIF] = { .type = UNL_NLA_U32 },
	[RTA_OIF] = { .type = UNL_NLA_U32 },
	[RTA_GATEWAY] = { .type = UNL_NLA_U32 },
	[RTA_PRIORITY] = { .type = UNL_NLA_U32 },
	[RTA_PREFSRC] = { .type = UNL_NLA_U32 },
	[RTA_METRICS] = { .type = UNL_NLA_NESTED },
	[RTA_MULTIPATH] = { .len = sizeof(struct rtnexthop) },
	[RTA_FLOW] = { .type = UNL_NLA_U32 },
	[RTA_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[RTA_ENCAP] = { .type = UNL_NLA_NESTED },
	[RTA_UID] = { .type = UNL_NLA_U32 },
	[RTA_MARK] = { .type = UNL_NLA_U32 },
	[RTA_TABLE] = { .type = UNL_NLA_U32 },
	[RTA_IP_PROTO] = { .type = UNL_NLA_U8 },
	[RTA_SPORT] = { .type = UNL_NLA_U16 },
	[RTA_DPORT] = { .type = UNL_NLA_U16 },
	[RTA_NH_ID] = { .type = UNL_NLA_U32 },
	/* RTA_FLOWLABEL has no entry: validated strictly (it is past
	 * strict_start_type), it is an unsupported attribute */
};

/* rtm_ipv6_policy (ipv6/route.c): addresses are checked by hand. */
const struct unl_nla_policy rtnl_rtm_ipv6_policy[RTNL_RTA_MAX + 1] = {
	[RTA_UNSPEC] = { .strict_start_type = RTA_DPORT + 1 },
	[RTA_GATEWAY] = { .len = 16 },
	[RTA_PREFSRC] = { .len = 16 },
	[RTA_OIF] = { .type = UNL_NLA_U32 },
	[RTA_IIF] = { .type = UNL_NLA_U32 },
	[RTA_PRIORITY] = { .type = UNL_NLA_U32 },
	[RTA_METRICS] = { .type = UNL_NLA_NESTED },
	[RTA_MULTIPATH] = { .len = sizeof(struct rtnexthop) },
	[RTA_PREF] = { .type = UNL_NLA_U8 },
	[RTA_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[RTA_ENCAP] = { .type = UNL_NLA_NESTED },
	[RTA_EXPIRES] = { .type = UNL_NLA_U32 },
	[RTA_UID] = { .type = UNL_NLA_U32 },
	[RTA_MARK] = { .type = UNL_NLA_U32 },
	[RTA_TABLE] = { .type = UNL_NLA_U32 },
	[RTA_IP_PROTO] = { .type = UNL_NLA_U8 },
	[RTA_SPORT] = { .type = UNL_NLA_U16 },
	[RTA_DPORT] = { .type = UNL_NLA_U16 },
	[RTA_NH_ID] = { .type = UNL_NLA_U32 },
	[RTNL_RTA_FLOWLABEL] = { .type = UNL_NLA_BE32 },
};

static int alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

#define prefix_match rtnl_prefix_match

static void prefix_mask(uint8_t *a, int n, int plen)
{
	for (int i = 0; i < n; i++) {
		int b = plen - i * 8;

		if (b <= 0)
			a[i] = 0;
		else if (b < 8)
			a[i] &= (uint8_t)(0xff << (8 - b));
	}
}

static bool prefix_has_host_bits(const uint8_t *a, int n, int plen)
{
	uint8_t m[16];

	memcpy(m, a, (size_t)n);
	prefix_mask(m, n, plen);
	return memcmp(m, a, (size_t)n) != 0;
}

/* fib6_walk()'s order of two IPv6 prefixes: where they differ within
 * the shorter length, the 0 bit first; else the longer one, which lies
 * under the shorter one, first. */
static int prefix6_cmp(const uint8_t *a, int alen, const uint8_t *b,
		       int blen)
{
	int m = alen < blen ? alen : blen;
	int i;

	for (i = 0; i < m / 8; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	if (m % 8) {
		uint8_t mask = (uint8_t)(0xff << (8 - m % 8));

		if ((a[i] ^ b[i]) & mask)
			return (a[i] & mask) < (b[i] & mask) ? -1 : 1;
	}
	if (alen != blen)
		return alen > blen ? -1 : 1;
	return 0;
}

/* How recent a table is among those of its family: the kernel's table
 * hash chains put the newest first.  IPv6's main and local come with the
 * namespace. */
static unsigned int table_age(struct rtnl_net *rn, int family, uint32_t id)
{
	const struct rtnl_table_set *ts = family == AF_INET ? &rn->tables4
							    : &rn->tables6;

	for (unsigned int i = 0; i < ts->n; i++)
		if (ts->ids[i] == id)
			return i + 2;
	return id == RT_TABLE_LOCAL ? 1 : 0;
}

/* The dump order of route.c's single list: by family, table hash
 * bucket (the id's low byte), the newest table of a bucket first, then
 * prefix as each family's tree walk visits it. */
static int route_cmp(struct rtnl_net *rn, const struct rtnl_route *a,
		     const struct rtnl_route *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->table != b->table) {
		uint32_t ha = a->table & 0xff, hb = b->table & 0xff;

		if (ha != hb)
			return ha < hb ? -1 : 1;
		return table_age(rn, a->family, a->table) >
				       table_age(rn, b->family, b->table)
			       ? -1
			       : 1;
	}
	if (a->family == AF_INET) {
		c = memcmp(a->dst, b->dst, 4);
		if (c)
			return c;
		if (a->dst_len != b->dst_len)
			return a->dst_len > b->dst_len ? -1 : 1;
	} else {
		c = prefix6_cmp(a->dst, a->dst_len, b->dst, b->dst_len);
		if (c)
			return c;
	}
	if (a->tos != b->tos)
		return a->tos > b->tos ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return 0;
}

/* The same route key (what NLM_F_EXCL and REPLACE compare). */
static bool route_same_key(const struct rtnl_route *a,
			   const struct rtnl_route *b)
{
	return a->family == b->family && a->table == b->table &&
	       a->dst_len == b->dst_len && a->tos == b->tos &&
	       a->priority == b->priority &&
	       !memcmp(a->dst, b->dst, (size_t)alen(a->family));
}

static bool nh_uses_dev(const struct rtnl_route *rt, int ifindex)
{
	for (int i = 0; i < rt->nnh; i++)
		if (rt->nh[i].ifindex == ifindex)
			return true;
	return false;
}

/* ---- messages ---- */

/* RTNH_F_LINKDOWN is state, as in the kernel: set when the route is made
 * through a device without carrier, then moved by NETDEV_CHANGE only
 * (so a route deleted with its device going down never had it). */
static uint8_t nh_flags(struct rtnl_net *rn, const struct rtnl_route *rt,
			const struct rtnl_nh *nh)
{
	(void)rn;
	(void)rt;
	/* fib_nexthop_info() does not report RTNH_F_PERVASIVE */
	return nh->flags & (uint8_t)~RTNH_F_PERVASIVE;
}

static void nh_set_linkdown(struct rtnl_net *rn, struct rtnl_route *rt)
{
	/* fib6_nh_init() and fib6_ifdown() leave RTF_LOCAL and RTF_ANYCAST
	 * routes alone */
	if (rt->type == RTN_LOCAL || rt->type == RTN_ANYCAST || rt->nh_id)
		return;
	for (int i = 0; i < rt->nnh; i++) {
		struct rtnl_link *l = rt->nh[i].ifindex
					      ? rtnl_link_by_index(rn, rt->nh[i].ifindex)
					      : NULL;

		if (l && !l->carrier)
			rt->nh[i].flags |= RTNH_F_LINKDOWN;
		else
			rt->nh[i].flags &= (uint8_t)~RTNH_F_LINKDOWN;
	}
}

static bool nh_same(const struct rtnl_nh *a, const struct rtnl_nh *b)
{
	return a->ifindex == b->ifindex && a->has_gw == b->has_gw &&
	       !memcmp(a->gw, b->gw, sizeof(a->gw)) && a->hops == b->hops &&
	       a->tclassid == b->tclassid;
}

static int put_nh(struct unl_skb *skb, const struct rtnl_route *rt,
		  const struct rtnl_nh *nh)
{
	if (nh->has_gw &&
	    unl_nla_put(skb, RTA_GATEWAY, alen(rt->family), nh->gw))
		return -EMSGSIZE;
	if (nh->ifindex && unl_nla_put_u32(skb, RTA_OIF, (uint32_t)nh->ifindex))
		return -EMSGSIZE;
	/* fib_dump_info(): the path's realms after it */
	if (nh->tclassid && unl_nla_put_u32(skb, RTA_FLOW, nh->tclassid))
		return -EMSGSIZE;
	return 0;
}

/* tcp_ca_get_key_by_name(): a congestion control the profile offers is
 * kept as its place in the profile's sorted list, plus one (0: none). */
static uint32_t cc_key(const struct rtnl_net *rn, const char *name)
{
	const struct unl_profile *p = unl_net_profile(rn->net);
	const char *n;

	for (size_t i = 0;
	     (n = unl_profile_name_at(p, UNL_PROFILE_TCPCONG, i)); i++)
		if (!strcmp(n, name))
			return (uint32_t)i + 1;
	return 0;
}

/* tcp_ca_get_name_by_key() */
static const char *cc_name(const struct rtnl_net *rn, uint32_t key)
{
	return key ? unl_profile_name_at(unl_net_profile(rn->net),
				      UNL_PROFILE_TCPCONG, key - 1)
		   : NULL;
}

/* One metric as rtnetlink_put_metrics() reports it: the congestion
 * control by name, the features the user may set, the rest as stored. */
static int put_metric(struct unl_skb *skb, const struct rtnl_net *rn, int i,
		      uint32_t v)
{
	const char *name;

	switch (i) {
	case RTAX_CC_ALGO:
		name = cc_name(rn, v);
		return name ? unl_nla_put_string(skb, i, name) : 0;
	case RTAX_FEATURES:
		v &= ROUTE_FEATURE_MASK;
		return v ? unl_nla_put_u32(skb, i, v) : 0;
	default:
		return unl_nla_put_u32(skb, i, v);
	}
}

/* rtnetlink_put_metrics(): the nonzero ones, no nest when none is. */
int rtnl_put_metrics(struct unl_skb *skb, const struct rtnl_net *rn,
		     const uint32_t *metrics)
{
	struct nlattr *mx;
	bool any = false;

	if (!metrics)
		return 0;
	mx = rtnl_nest_start(skb, RTA_METRICS);
	if (!mx)
		return -EMSGSIZE;
	for (int i = 1; i <= RTNL_METRIC_MAX; i++) {
		if (!metrics[i])
			continue;
		if (put_metric(skb, rn, i, metrics[i]))
			return -EMSGSIZE;
		any = true;
	}
	if (any)
		unl_nla_nest_end(skb, mx);
	else
		unl_nla_nest_cancel(skb, mx);
	return 0;
}

static int put_metrics(struct unl_skb *skb, const struct rtnl_net *rn,
		       const struct rtnl_route *rt)
{
	return rtnl_put_metrics(skb, rn, rt->metrics);
}

/* fib_nexthop_info() for a path of a nexthop object: an IPv6 gateway
 * of an IPv4 route is an RTA_VIA. */
static int put_nh_object_path(struct unl_skb *skb, int family,
			      const struct rtnl_nexthop *p, bool skip_oif,
			      uint8_t *flags)
{
	*flags |= p->nh.flags & RTNH_F_ONLINK;
	if (p->nh.has_gw) {
		if (p->family == family || p->family == AF_INET) {
			if (unl_nla_put(skb, RTA_GATEWAY, alen(p->family),
					p->nh.gw))
				return -EMSGSIZE;
		} else {
			struct {
				uint16_t family;
				uint8_t addr[16];
			} __attribute__((packed)) via = { AF_INET6, { 0 } };

			memcpy(via.addr, p->nh.gw, 16);
			if (unl_nla_put(skb, RTA_VIA, sizeof(via), &via))
				return -EMSGSIZE;
		}
	}
	if (!skip_oif && !p->fdb && p->nh.ifindex &&
	    unl_nla_put_u32(skb, RTA_OIF, (uint32_t)p->nh.ifindex))
		return -EMSGSIZE;
	return 0;
}

/* The nexthop object of a route, as fib_dump_info() and rt6_fill_node()
 * describe it in compat mode: RTA_NH_ID, then its paths. */
static int put_nh_object(struct rtnl_net *rn, struct unl_skb *skb,
			 const struct rtnl_route *rt, uint8_t *rtm_flags,
			 uint8_t *rtm_type)
{
	const struct rtnl_nexthop *nh = rtnl_nexthop_find(rn, rt->nh_id);
	struct nlattr *mp;
	int n;

	if (unl_nla_put_u32(skb, RTA_NH_ID, rt->nh_id))
		return -EMSGSIZE;
	if (!nh)
		return 0;
	if (rtnl_nexthop_is_blackhole(rn, nh))
		*rtm_type = RTN_BLACKHOLE;
	n = rtnl_nexthop_num_path(rn, nh);
	/* IPv4 writes one path plainly, IPv6 a group as multipath */
	if (rt->family == AF_INET ? n == 1 : !nh->is_group) {
		const struct rtnl_nexthop *p = rtnl_nexthop_path(rn, nh, 0,
								   NULL);

		return p ? put_nh_object_path(skb, rt->family, p, false,
					      rtm_flags)
			 : 0;
	}
	mp = rtnl_nest_start(skb, RTA_MULTIPATH);
	if (!mp)
		return -EMSGSIZE;
	for (int i = 0; i < n; i++) {
		int weight = 1;
		const struct rtnl_nexthop *p = rtnl_nexthop_path(rn, nh, i,
								   &weight);
		struct rtnexthop *rtnh;
		size_t start = unl_skb_len(skb);
		uint8_t f = 0;

		if (!p)
			continue;
		rtnh = unl_skb_put(skb, sizeof(*rtnh));
		if (!rtnh)
			return -EMSGSIZE;
		if (put_nh_object_path(skb, rt->family, p, true, &f))
			return -EMSGSIZE;
		rtnh = (struct rtnexthop *)((uint8_t *)unl_skb_data(skb) + start);
		rtnh->rtnh_flags = f;
		rtnh->rtnh_hops = (uint8_t)(weight - 1);
		rtnh->rtnh_ifindex = p->fdb ? 0 : p->nh.ifindex;
		rtnh->rtnh_len = (unsigned short)(unl_skb_len(skb) - start);
	}
	unl_nla_nest_end(skb, mp);
	return 0;
}

static int put_nexthops(struct rtnl_net *rn, struct unl_skb *skb,
			const struct rtnl_route *rt, uint8_t *rtm_flags)
{
	struct nlattr *mp;

	if (!rt->multipath) {
		*rtm_flags |= nh_flags(rn, rt, &rt->nh[0]);
		return rt->nnh ? put_nh(skb, rt, &rt->nh[0]) : 0;
	}
	/* fib_info's fib_flags: an IPv4 route whose every path is down
	 * says so itself (fib_create_info, fib_sync_down_dev) */
	if (rt->family == AF_INET) {
		uint8_t all = RTNH_F_LINKDOWN | RTNH_F_DEAD;

		for (int i = 0; i < rt->nnh; i++)
			all &= rt->nh[i].flags;
		*rtm_flags |= all;
	}
	mp = rtnl_nest_start(skb, RTA_MULTIPATH);
	if (!mp)
		return -EMSGSIZE;
	for (int i = 0; i < rt->nnh; i++) {
		struct rtnexthop *rtnh = unl_skb_put(skb, sizeof(*rtnh));
		size_t start = unl_skb_len(skb) - sizeof(*rtnh);

		if (!rtnh)
			return -EMSGSIZE;
		rtnh->rtnh_flags = nh_flags(rn, rt, &rt->nh[i]);
		rtnh->rtnh_hops = rt->nh[i].hops;
		rtnh->rtnh_ifindex = rt->nh[i].ifindex;
		if (rt->nh[i].has_gw &&
		    unl_nla_put(skb, RTA_GATEWAY, alen(rt->family),
				rt->nh[i].gw))
			return -EMSGSIZE;
		if (rt->nh[i].tclassid &&
		    unl_nla_put_u32(skb, RTA_FLOW, rt->nh[i].tclassid))
			return -EMSGSIZE;
		rtnh->rtnh_len = (unsigned short)(unl_skb_len(skb) - start);
	}
	unl_nla_nest_end(skb, mp);
	return 0;
}

/* ---- expiry (IPv6: RTF_EXPIRES) ---- */

#define FIB6_GC_INTERVAL (30 * UNL_NSEC_PER_SEC) /* ip6_rt_gc_interval */
#define USER_HZ_NS (10 * UNL_NSEC_PER_MSEC)

bool rtnl_route_expired(struct rtnl_net *rn, const struct rtnl_route *rt)
{
	return rt->has_expires && unl_net_now(rn->net) > rt->expires;
}

/* rtnl_put_cacheinfo()'s rta_expires: the jiffies left in clock ticks
 * (USER_HZ), negative once past, at most INT_MAX either way. */
static int32_t route_expires_ticks(struct rtnl_net *rn,
				   const struct rtnl_route *rt)
{
	int64_t left;

	if (!rt->has_expires)
		return 0;
	left = rtnl_jiffies(rn, rt->expires) -
	       rtnl_jiffies(rn, unl_net_now(rn->net));
	left = left * rtnl_tick_ns(rn) / USER_HZ_NS;
	if (left > INT32_MAX)
		return INT32_MAX;
	if (left < -INT32_MAX)
		return -INT32_MAX;
	return (int32_t)left;
}

/* fib6_add_gc_list(): a route joins the collector's list once. */
static void route_gc_join(struct rtnl_net *rn, struct rtnl_route *rt)
{
	if (!rt->gc_seq)
		rt->gc_seq = ++rn->gc_seq;
}

/* fib6_start_gc(): a route that expires, added, starts the collector
 * unless it is already due. */
static void route_gc_start(struct rtnl_net *rn, struct rtnl_route *rt)
{
	if (!rt->has_expires)
		return;
	rt->gc_seq = 0;
	route_gc_join(rn, rt);
	if (!unl_timer_pending(rn->fib6_gc))
		unl_timer_mod(rn->fib6_gc,
			      unl_net_now(rn->net) + FIB6_GC_INTERVAL);
}

void rtnl_route_set_expires(struct rtnl_net *rn, struct rtnl_route *rt,
			    bool has, int64_t expires)
{
	rt->has_expires = has;
	if (!has)
		return;
	rt->expires = expires;
	route_gc_join(rn, rt);
}

/* fib6_add_rt2node() on a route that is there already (not exclusive,
 * not a replace): it takes the new one's expiry, or loses its own, if
 * it had one; either way the add fails. */
static int route_dup6(struct rtnl_net *rn, struct rtnl_route *old,
		      const struct rtnl_route *tmpl)
{
	if (old->has_expires)
		rtnl_route_set_expires(rn, old, tmpl->has_expires,
				       tmpl->expires);
	return -EEXIST;
}

/* The order of the collector's walk: table by table in hash order, each
 * table's list newest first. */
static int route_gc_cmp(const void *a, const void *b)
{
	const struct rtnl_route *x = *(struct rtnl_route *const *)a;
	const struct rtnl_route *y = *(struct rtnl_route *const *)b;

	if ((x->table & 0xff) != (y->table & 0xff))
		return (x->table & 0xff) < (y->table & 0xff) ? -1 : 1;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->gc_seq > y->gc_seq ? -1 : x->gc_seq < y->gc_seq;
}

static void route_remove(struct rtnl_net *rn, struct rtnl_route *rt,
			 struct unl_skb *req, const struct nlmsghdr *nlh);

/* fib6_run_gc() from ip6_fib_timer: every expired route goes, each
 * announced; while others are still to expire, again in an interval
 * (rounded to a whole second), else the collector stops. */
static void fib6_gc_timer(struct unl_timer *t, void *data)
{
	struct rtnl_net *rn = data;
	int64_t now = unl_net_now(rn->net);
	struct rtnl_route **dead = NULL;
	size_t n = 0, cap = 0;
	bool more = false;

	(void)t;
	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (rt->family != AF_INET6 || !rt->has_expires)
			continue;
		if (now <= rt->expires) {
			more = true;
			continue;
		}
		if (unl_vec_reserve(&dead, &cap, n + 1, sizeof(*dead))) {
			/* the rest waits for the next run */
			more = true;
			break;
		}
		dead[n++] = rt;
	}
	if (n > 1)
		qsort(dead, n, sizeof(*dead), route_gc_cmp);
	for (size_t i = 0; i < n; i++)
		route_remove(rn, dead[i], NULL, NULL);
	free(dead);
	if (more)
		unl_timer_mod(rn->fib6_gc,
			      rtnl_round_sec(now + FIB6_GC_INTERVAL));
	rtnl_deferred_run(rn);
}

int rtnl_route_net_init(struct rtnl_net *rn)
{
	return unl_timer_new(rn->net, fib6_gc_timer, rn, &rn->fib6_gc);
}

/* How a route is described: in which table, as which type, and (IPv6)
 * for which input device; a lookup's answer may differ from the route
 * (struct fib_rt_info). */
struct route_as {
	uint32_t table;
	uint8_t type;
	int iif;
};

/* fib_dump_info() and rt6_fill_node() */
static int route_fill_as(struct rtnl_net *rn, struct unl_skb *skb,
			 const struct rtnl_route *rt,
			 const struct route_as *as, int type, uint32_t pid,
			 uint32_t seq, int flags)
{
	uint32_t table = as->table;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint8_t f = 0;
	int n = alen(rt->family);

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*rtm), flags);
	if (!nlh)
		return -EMSGSIZE;
	rtm = NLMSG_DATA(nlh);
	rtm->rtm_family = (uint8_t)rt->family;
	rtm->rtm_dst_len = rt->dst_len;
	rtm->rtm_src_len = rt->src_len;
	rtm->rtm_tos = rt->tos;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_COMPAT;
	rtm->rtm_type = as->type;
	rtm->rtm_protocol = rt->protocol;
	rtm->rtm_scope = rt->family == AF_INET ? rt->scope : RT_SCOPE_UNIVERSE;

	if (unl_nla_put_u32(skb, RTA_TABLE, table))
		goto fail;
	if (rt->dst_len && unl_nla_put(skb, RTA_DST, n, rt->dst))
		goto fail;
	if (rt->family == AF_INET) {
		if ((rt->priority &&
		     unl_nla_put_u32(skb, RTA_PRIORITY, rt->priority)) ||
		    put_metrics(skb, rn, rt) ||
		    (rt->has_prefsrc &&
		     unl_nla_put(skb, RTA_PREFSRC, n, rt->prefsrc)) ||
		    (rt->nh_id ? put_nh_object(rn, skb, rt, &f, &rtm->rtm_type)
			       : put_nexthops(rn, skb, rt, &f)))
			goto fail;
	} else {
		struct rta_cacheinfo ci = { 0 };

		/* The deletion reports no expiry (as Linux 6.18 does, for
		 * a user's delete and the collector's alike). */
		if (type != RTM_DELROUTE)
			ci.rta_expires = route_expires_ticks(rn, rt);
		if ((rt->src_len && unl_nla_put(skb, RTA_SRC, n, rt->src)) ||
		    (as->iif && unl_nla_put_u32(skb, RTA_IIF, (uint32_t)as->iif)) ||
		    (rt->has_prefsrc &&
		     unl_nla_put(skb, RTA_PREFSRC, n, rt->prefsrc)) ||
		    put_metrics(skb, rn, rt) ||
		    unl_nla_put_u32(skb, RTA_PRIORITY, rt->priority) ||
		    (rt->nh_id ? put_nh_object(rn, skb, rt, &f, &rtm->rtm_type)
			       : put_nexthops(rn, skb, rt, &f)) ||
		    unl_nla_put(skb, RTA_CACHEINFO, sizeof(ci), &ci) ||
		    unl_nla_put_u8(skb, RTA_PREF, rt->pref))
			goto fail;
	}
	rtm->rtm_flags = f;
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

static int route_fill(struct rtnl_net *rn, struct unl_skb *skb,
		      const struct rtnl_route *rt, int type, uint32_t pid,
		      uint32_t seq, int flags)
{
	struct route_as as = { rt->table, rt->type, 0 };

	return route_fill_as(rn, skb, rt, &as, type, pid, seq, flags);
}

int rtnl_route_fill_match(struct rtnl_net *rn, struct unl_skb *skb,
			  const struct rtnl_route *rt, uint32_t table,
			  uint8_t type, int iif, uint32_t pid, uint32_t seq)
{
	struct route_as as = { table, type, iif };

	return route_fill_as(rn, skb, rt, &as, RTM_NEWROUTE, pid, seq, 0);
}

static void route_notify_flags(struct rtnl_net *rn,
			       const struct rtnl_route *rt, int type,
			       struct unl_skb *req, const struct nlmsghdr *nlh,
			       int nlflags);

static void route_notify(struct rtnl_net *rn, const struct rtnl_route *rt,
			 int type, struct unl_skb *req,
			 const struct nlmsghdr *nlh)
{
	route_notify_flags(rn, rt, type, req, nlh, 0);
}

/* fib_nlmsg_size() / rt6_nlmsg_size(): what a notification of rt is
 * allocated for, so that it always fits and is charged as in Linux. */
static size_t route_nlmsg_size(const struct rtnl_route *rt)
{
	size_t size, nhs = rt->nnh;

	if (rt->family == AF_INET) {
		size = NLMSG_ALIGN(sizeof(struct rtmsg)) + 4 * NLA_TOTAL(4) +
		       NLA_TOTAL(ROUTE_CA_NAME_MAX) +
		       NLA_TOTAL(RTAX_MAX * NLA_TOTAL(4));
		if (rt->nh_id)
			size += NLA_TOTAL(4);
		if (nhs)
			size += NLA_TOTAL(nhs * (NLA_TOTAL(sizeof(struct rtnexthop)) +
						 2 * NLA_TOTAL(4)));
		return size;
	}
	size = NLMSG_ALIGN(sizeof(struct rtmsg)) + 4 * NLA_TOTAL(16) +
	       4 * NLA_TOTAL(4) + RTAX_MAX * NLA_TOTAL(4) +
	       NLA_TOTAL(sizeof(struct rta_cacheinfo)) +
	       NLA_TOTAL(ROUTE_CA_NAME_MAX) + NLA_TOTAL(1);
	/* each path of a multipath route or nexthop object */
	if (rt->nh_id || rt->multipath)
		size += (rt->nh_id ? NLA_TOTAL(4) : 0) +
			nhs * (NLA_TOTAL(0) + NLA_ALIGN(sizeof(struct rtnexthop)) +
			       NLA_TOTAL(16));
	return size;
}

static void route_notify_flags(struct rtnl_net *rn,
			       const struct rtnl_route *rt, int type,
			       struct unl_skb *req, const struct nlmsghdr *nlh,
			       int nlflags)
{
	unsigned int group = rt->family == AF_INET ? RTNLGRP_IPV4_ROUTE
						   : RTNLGRP_IPV6_ROUTE;
	struct unl_skb *skb;

	rn->route_seq++;
	skb = unl_nlmsg_new(route_nlmsg_size(rt));
	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (route_fill(rn, skb, rt, type, req ? rtnl_req_portid(req) : 0,
		       nlh ? nlh->nlmsg_seq : 0, nlflags)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, group, nlh);
}

/* ---- the table ---- */

/* The index of the first run not ordered before rt; *found when that
 * run has rt's key. */
static size_t run_search(struct rtnl_net *rn, const struct rtnl_route *rt,
			 bool *found)
{
	size_t lo = 0, hi = rn->nruns;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = route_cmp(rn, rn->runs[mid], rt);

		if (c < 0) {
			lo = mid + 1;
		} else {
			if (!c)
				*found = true;
			hi = mid;
		}
	}
	if (*found && (lo == rn->nruns || route_cmp(rn, rn->runs[lo], rt)))
		*found = false;
	return lo;
}

/* The first route not ordered before rt (with append, the first one
 * ordered after it), or NULL for the end; *before gets its predecessor. */
static struct rtnl_route *route_seek(struct rtnl_net *rn,
				     const struct rtnl_route *rt, bool append,
				     struct rtnl_route **before)
{
	struct rtnl_route *prev = NULL, *at = rn->routes;
	bool found;
	size_t i;

	if (rn->runs_lost) {
		for (; at; prev = at, at = at->next) {
			int c = route_cmp(rn, at, rt);

			if (c > 0 || (c == 0 && !append))
				break;
		}
		*before = prev;
		return at;
	}
	i = run_search(rn, rt, &found);
	if (found && append) {
		prev = rn->runs[i]->run_last;
		at = prev->next;
	} else if (i < rn->nruns) {
		at = rn->runs[i];
		prev = at->prev;
	} else {
		prev = rn->nruns ? rn->runs[rn->nruns - 1]->run_last : NULL;
		at = NULL;
	}
	*before = prev;
	return at;
}

/* rt, just linked into the list, into the runs: the first of a new run,
 * the new first of its run, or within it (perhaps its new last). */
static void run_link(struct rtnl_net *rn, struct rtnl_route *rt)
{
	bool found;
	size_t i;

	rt->run_last = NULL;
	if (rn->runs_lost)
		return;
	i = run_search(rn, rt, &found);
	if (found) {
		struct rtnl_route *first = rn->runs[i];

		if (first == rt->next) {
			rt->run_last = first->run_last;
			first->run_last = NULL;
			rn->runs[i] = rt;
		} else if (first->run_last == rt->prev) {
			first->run_last = rt;
		}
		return;
	}
	if (rn->nruns == rn->capruns) {
		size_t cap = rn->capruns ? rn->capruns * 2 : 64;
		struct rtnl_route **v = realloc(rn->runs, cap * sizeof(*v));

		if (!v) {
			/* walk the list from now on */
			free(rn->runs);
			rn->runs = NULL;
			rn->nruns = rn->capruns = 0;
			rn->runs_lost = true;
			return;
		}
		rn->runs = v;
		rn->capruns = cap;
	}
	memmove(&rn->runs[i + 1], &rn->runs[i],
		(rn->nruns - i) * sizeof(*rn->runs));
	rn->runs[i] = rt;
	rn->nruns++;
	rt->run_last = rt;
}

/* rt, still in the list, out of the runs. */
static void run_unlink(struct rtnl_net *rn, struct rtnl_route *rt)
{
	struct rtnl_route *first;
	bool found;
	size_t i;

	if (rn->runs_lost)
		return;
	i = run_search(rn, rt, &found);
	if (!found)
		return;
	first = rn->runs[i];
	if (first == rt) {
		if (rt->run_last != rt) {
			rt->next->run_last = rt->run_last;
			rn->runs[i] = rt->next;
		} else {
			memmove(&rn->runs[i], &rn->runs[i + 1],
				(rn->nruns - i - 1) * sizeof(*rn->runs));
			rn->nruns--;
		}
	} else if (first->run_last == rt) {
		first->run_last = rt->prev;
	}
	rt->run_last = NULL;
}

/* ---- the index by device ---- */

/* The device a route goes through when it has one path and no nexthop
 * object; -1 otherwise. */
static int route_dev_key(const struct rtnl_route *rt)
{
	return rt->nnh == 1 && !rt->nh_id ? rt->nh[0].ifindex : -1;
}

static struct rtnl_route **route_dev_head(struct rtnl_net *rn,
					  const struct rtnl_route *rt)
{
	if (rt->dev_key < 0)
		return &rn->routes_multi;
	return &rn->by_dev[(uint32_t)rt->dev_key & rn->by_dev_mask];
}

static void route_dev_push(struct rtnl_route **head, struct rtnl_route *rt)
{
	rt->dev_prev = NULL;
	rt->dev_next = *head;
	if (*head)
		(*head)->dev_prev = rt;
	*head = rt;
}

/* Twice the buckets (16 at first), every indexed route moved over: the
 * list has them all.  -ENOMEM leaves the index as it was. */
static int route_dev_grow(struct rtnl_net *rn)
{
	uint32_t nsize = rn->by_dev ? (rn->by_dev_mask + 1) * 2 : 16;
	struct rtnl_route **nb;

	if (!nsize)
		return -ENOMEM;
	nb = calloc(nsize, sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	free(rn->by_dev);
	rn->by_dev = nb;
	rn->by_dev_mask = nsize - 1;
	rn->by_dev_count = 0;
	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (rt->dev_key < 0)
			continue;
		route_dev_push(route_dev_head(rn, rt), rt);
		rt->dev_indexed = true;
		rn->by_dev_count++;
	}
	return 0;
}

/* A route in the list joins the index (its key as it is now). */
static void route_dev_index(struct rtnl_net *rn, struct rtnl_route *rt)
{
	rt->dev_key = route_dev_key(rt);
	rt->dev_indexed = false;
	if (rt->dev_key < 0) {
		route_dev_push(&rn->routes_multi, rt);
		return;
	}
	/* a new table takes in every route of the list, rt too */
	if ((!rn->by_dev || rn->by_dev_count > rn->by_dev_mask) &&
	    !route_dev_grow(rn))
		return;
	if (!rn->by_dev)
		return;
	route_dev_push(route_dev_head(rn, rt), rt);
	rt->dev_indexed = true;
	rn->by_dev_count++;
}

static void route_dev_unindex(struct rtnl_net *rn, struct rtnl_route *rt)
{
	if (rt->dev_key >= 0 && !rt->dev_indexed)
		return;
	if (rt->dev_prev)
		rt->dev_prev->dev_next = rt->dev_next;
	else
		*route_dev_head(rn, rt) = rt->dev_next;
	if (rt->dev_next)
		rt->dev_next->dev_prev = rt->dev_prev;
	rt->dev_next = rt->dev_prev = NULL;
	if (rt->dev_indexed)
		rn->by_dev_count--;
	rt->dev_indexed = false;
}

/* List order of two routes: by key, then, for one key, by their place
 * in its run (walked: two routes of one key through one device are
 * rare). */
static int route_list_cmp(const void *pa, const void *pb, void *user)
{
	const struct rtnl_route *a = *(const struct rtnl_route *const *)pa;
	const struct rtnl_route *b = *(const struct rtnl_route *const *)pb;
	int c = route_cmp(user, a, b);

	if (c || a == b)
		return c;
	for (const struct rtnl_route *r = a->next; r && route_same_key(r, a);
	     r = r->next)
		if (r == b)
			return -1;
	return 1;
}

/*
 * The routes that may go through device ifindex, in list order: its
 * bucket of the index by device, and the routes with paths or a nexthop
 * object (every route when there is no index).  *out is an array the
 * caller frees; returns how many, or -ENOMEM.
 */
static int route_dev_routes(struct rtnl_net *rn, int ifindex,
			    struct rtnl_route ***out)
{
	struct rtnl_route **v = NULL, *rt;
	size_t n = 0, cap = 0;
	int pass;

	*out = NULL;
	for (pass = 0; pass < 2; pass++) {
		if (!rn->by_dev)
			rt = pass ? NULL : rn->routes;
		else
			rt = pass ? rn->routes_multi
				  : rn->by_dev[(uint32_t)ifindex &
					       rn->by_dev_mask];
		for (; rt; rt = rn->by_dev ? rt->dev_next : rt->next) {
			if (!nh_uses_dev(rt, ifindex))
				continue;
			if (unl_vec_reserve((void **)&v, &cap, n + 1,
					    sizeof(*v))) {
				free(v);
				return -ENOMEM;
			}
			v[n++] = rt;
		}
	}
	if (rn->by_dev && n > 1)
		qsort_r(v, n, sizeof(*v), route_list_cmp, rn);
	*out = v;
	return (int)n;
}

static void route_link_after(struct rtnl_net *rn, struct rtnl_route *prev,
			     struct rtnl_route *rt)
{
	rn->route_list_gen++;
	rt->prev = prev;
	rt->next = prev ? prev->next : rn->routes;
	if (rt->next)
		rt->next->prev = rt;
	if (prev)
		prev->next = rt;
	else
		rn->routes = rt;
	run_link(rn, rt);
	route_dev_index(rn, rt);
}

/* An IPv4 route goes: logged for /proc/net/fib_trie (fibtrie.c). */
static void fib4_gone_log(struct rtnl_net *rn, const struct rtnl_route *rt)
{
	uint32_t key;

	if (rn->fib4_gone_lost)
		return;
	if (rn->fib4_gone_n == rn->fib4_gone_cap) {
		uint32_t cap = rn->fib4_gone_cap ? 2 * rn->fib4_gone_cap : 64;
		struct rtnl_fib4_gone *v = cap > RTNL_FIB4_GONE_MAX ? NULL :
			realloc(rn->fib4_gone, cap * sizeof(*v));

		if (!v) {
			free(rn->fib4_gone);
			rn->fib4_gone = NULL;
			rn->fib4_gone_n = rn->fib4_gone_cap = 0;
			rn->fib4_gone_lost = true;
			return;
		}
		rn->fib4_gone = v;
		rn->fib4_gone_cap = cap;
	}
	memcpy(&key, rt->dst, 4);
	rn->fib4_gone[rn->fib4_gone_n++] = (struct rtnl_fib4_gone){
		.born = rt->born,
		.death = rn->route_born,
		.key = ntohl(key),
		.table = rtnl_fib_table_alias(rn, AF_INET, rt->table),
	};
}

static void route_unlink(struct rtnl_net *rn, struct rtnl_route *rt)
{
	if (rt->family == AF_INET)
		fib4_gone_log(rn, rt);
	route_dev_unindex(rn, rt);
	run_unlink(rn, rt);
	if (rt->prev)
		rt->prev->next = rt->next;
	else
		rn->routes = rt->next;
	if (rt->next)
		rt->next->prev = rt->prev;
	rn->route_list_gen++;
}

/* ---- tables ---- */

static struct rtnl_table_set *table_set(struct rtnl_net *rn, int family)
{
	return family == AF_INET ? &rn->tables4 : &rn->tables6;
}

uint32_t rtnl_fib_table_alias(const struct rtnl_net *rn, int family,
			       uint32_t id)
{
	if (family == AF_INET && !rn->feat.fib4_rules)
		return id == RT_TABLE_LOCAL ? id : RT_TABLE_MAIN;
	if (family == AF_INET6 && !rn->feat.fib6_rules)
		return RT_TABLE_MAIN;
	return id;
}

bool rtnl_fib_table_exists(struct rtnl_net *rn, int family, uint32_t id)
{
	const struct rtnl_table_set *ts = table_set(rn, family);

	id = rtnl_fib_table_alias(rn, family, id);

	/* fib6_net_init() makes main and local with the namespace */
	if (family == AF_INET6 &&
	    (id == RT_TABLE_MAIN || id == RT_TABLE_LOCAL))
		return true;
	for (unsigned int i = 0; i < ts->n; i++)
		if (ts->ids[i] == id)
			return true;
	return false;
}

int rtnl_fib_table_new(struct rtnl_net *rn, int family, uint32_t id)
{
	struct rtnl_table_set *ts = table_set(rn, family);

	id = rtnl_fib_table_alias(rn, family, id);

	if (rtnl_fib_table_exists(rn, family, id))
		return 0;
	/* fib_new_table(): local made while the tables are merged is an
	 * alias of main, made first */
	if (family == AF_INET && id == RT_TABLE_LOCAL && !rn->fib4_custom_rules &&
	    rtnl_fib_table_new(rn, AF_INET, RT_TABLE_MAIN))
		return -ENOMEM;
	if (ts->n == ts->cap) {
		unsigned int cap = ts->cap ? ts->cap * 2 : 8;
		uint32_t *ids = realloc(ts->ids, cap * sizeof(*ids));

		if (!ids)
			return -ENOMEM;
		ts->ids = ids;
		ts->cap = cap;
	}
	ts->ids[ts->n++] = id;
	return 0;
}

/* fib_unmerge(): local and main stay apart from now on */
void rtnl_fib4_unmerge(struct rtnl_net *rn)
{
	if (rn->fib4_custom_rules)
		return;
	rn->fib4_custom_rules = true;
	rn->fib4_unmerge_born = rn->route_born;
}

uint32_t rtnl_fib_table_empty(struct rtnl_net *rn)
{
	for (uint32_t id = 1; id != 0; id++)
		if (!rtnl_fib_table_exists(rn, AF_INET, id))
			return rtnl_fib_table_new(rn, AF_INET, id) ? 0 : id;
	return 0;
}

static void table_set_free(struct rtnl_table_set *ts)
{
	free(ts->ids);
	*ts = (struct rtnl_table_set){ 0 };
}

/* The arrays a route owns (a multipath array, its metrics). */
static void route_release(struct rtnl_route *rt)
{
	if (rt->nh != &rt->nh1)
		free(rt->nh);
	rt->nh = &rt->nh1;
	free(rt->metrics);
	rt->metrics = NULL;
}

static void route_free(struct rtnl_route *rt)
{
	route_release(rt);
	free(rt);
}

/* dst (initialised, possibly owning arrays) becomes a copy of src with
 * arrays of its own; its place in the list stays.  0 or -ENOMEM, dst
 * unchanged then. */
static int route_copy(struct rtnl_route *dst, const struct rtnl_route *src)
{
	struct rtnl_route *next = dst->next, *prev = dst->prev;
	struct rtnl_route *run_last = dst->run_last;
	struct rtnl_nh *nh = NULL;
	uint32_t *mx = NULL;

	if (src->nh != &src->nh1) {
		nh = malloc(src->nnh * sizeof(*nh));
		if (!nh)
			return -ENOMEM;
		memcpy(nh, src->nh, src->nnh * sizeof(*nh));
	}
	if (src->metrics) {
		mx = malloc((RTNL_METRIC_MAX + 1) * sizeof(*mx));
		if (!mx) {
			free(nh);
			return -ENOMEM;
		}
		memcpy(mx, src->metrics, (RTNL_METRIC_MAX + 1) * sizeof(*mx));
	}
	route_release(dst);
	*dst = *src;
	dst->next = next;
	dst->prev = prev;
	dst->run_last = run_last;
	dst->nh = nh ? nh : &dst->nh1;
	dst->metrics = mx;
	return 0;
}

/* Room for n paths: the inline one, or an array (contents undefined);
 * 0 or -ENOMEM, the paths unchanged then. */
static int route_nh_resize(struct rtnl_route *rt, int n)
{
	struct rtnl_nh *nh = &rt->nh1;

	if (n > 1) {
		nh = calloc((size_t)n, sizeof(*nh));
		if (!nh)
			return -ENOMEM;
	}
	if (rt->nh != &rt->nh1)
		free(rt->nh);
	rt->nh = nh;
	return 0;
}

static bool route6_same_path(const struct rtnl_route *rt,
			     const struct rtnl_route *tmpl)
{
	return (rt->nh_id || tmpl->nh_id)
		       ? rt->nh_id == tmpl->nh_id
		       : rt->nh[0].ifindex == tmpl->nh[0].ifindex &&
				 rt->nh[0].has_gw == tmpl->nh[0].has_gw &&
				 !memcmp(rt->nh[0].gw, tmpl->nh[0].gw, 16);
}

/* The first route of tmpl's key (whose run starts at first) through
 * tmpl's device and gateway, or its nexthop object.  A run can hold a
 * route per port of a bridge: a path through a device is looked for
 * among that device's routes. */
static struct rtnl_route *route6_same_dev(struct rtnl_net *rn,
					 struct rtnl_route *first,
					 const struct rtnl_route *tmpl)
{
	struct rtnl_route **v, *found = NULL;
	int n = -1;

	if (!tmpl->nh_id && tmpl->nnh)
		n = route_dev_routes(rn, tmpl->nh[0].ifindex, &v);
	if (n < 0) {
		for (struct rtnl_route *rt = first;
		     rt && route_same_key(rt, tmpl); rt = rt->next)
			if (route6_same_path(rt, tmpl))
				return rt;
		return NULL;
	}
	for (int i = 0; i < n && !found; i++)
		if (route_same_key(v[i], tmpl) &&
		    route6_same_path(v[i], tmpl))
			found = v[i];
	free(v);
	return found;
}

/* Not a netlink flag: an IPv6 route given as RTA_MULTIPATH, announced
 * as ip6_route_mpath_notify() does. */
#define ROUTE_F_MPATH6 0x80000000u

static int route_insert(struct rtnl_net *rn, const struct rtnl_route *tmpl,
			unsigned int nlflags, struct unl_skb *req,
			const struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	struct rtnl_route *rt, *prev, *old;

	/* fib_new_table() / fib6_new_table(): the table is made even when
	 * the route then is not */
	if (rtnl_fib_table_new(rn, tmpl->family, tmpl->table))
		return -ENOMEM;
	/* Routes with one key are adjacent: the first is where a new one
	 * would go. */
	old = route_seek(rn, tmpl, false, &prev);
	if (old && !route_same_key(old, tmpl))
		old = NULL;
	if (old) {
		if (nlflags & NLM_F_EXCL)
			return -EEXIST;
		if (nlflags & NLM_F_REPLACE) {
			int err;

			/* its paths may change, and with them its device */
			uint64_t born = old->born;

			route_dev_unindex(rn, old);
			err = route_copy(old, tmpl);
			old->born = born;
			route_dev_index(rn, old);
			if (err)
				return err;
			nh_set_linkdown(rn, old);
			if (old->nh_id)
				old->nh_stamp = ++rn->nh_stamp;
			route_gc_start(rn, old);
			route_notify_flags(rn, old, RTM_NEWROUTE, req, nlh,
					   NLM_F_REPLACE);
			return 0;
		}
		if (!(nlflags & NLM_F_APPEND) && tmpl->family == AF_INET) {
			/* The same route twice is refused even without
			 * EXCL. */
			for (rt = old; rt && route_same_key(rt, tmpl);
			     rt = rt->next)
				if (rt->type == tmpl->type &&
				    rt->nh_id == tmpl->nh_id &&
				    (rt->nh_id ||
				     (rt->nnh == tmpl->nnh &&
				      (!rt->nnh ||
				       nh_same(&rt->nh[0], &tmpl->nh[0])))))
					return -EEXIST;
		}
		if (tmpl->family == AF_INET6) {
			/* fib6_add_rt2node(): the same metric through another
			 * device is another route; through the same one it
			 * exists. */
			rt = route6_same_dev(rn, old, tmpl);
			if (rt)
				return route_dup6(rn, rt, tmpl);
		}
	} else if (!(nlflags & NLM_F_CREATE)) {
		/* fib_table_insert() wants NLM_F_CREATE; IPv6 only warns,
		 * unless asked to replace (fib6_add_rt2node) */
		if (tmpl->family == AF_INET)
			return -ENOENT;
		if (nlflags & NLM_F_REPLACE) {
			UNL_SET_ERR_MSG(extack, "Can not replace route - no match found");
			return -ENOENT;
		}
	}
	rt = malloc(sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	rtnl_route_init(rt);
	if (route_copy(rt, tmpl)) {
		free(rt);
		return -ENOMEM;
	}
	rt->born = ++rn->route_born;
	nh_set_linkdown(rn, rt);
	if (rt->nh_id)
		rt->nh_stamp = ++rn->nh_stamp;
	if (nlflags & NLM_F_APPEND)
		route_seek(rn, rt, true, &prev);
	route_link_after(rn, prev, rt);
	route_gc_start(rn, rt);
	/* rtmsg_fib() tells listeners how the route went in: created, and
	 * exclusive when nothing had its prefix, or appended. */
	route_notify_flags(rn, rt, RTM_NEWROUTE, req, nlh,
			   NLM_F_CREATE |
				   (old || (nlflags & ROUTE_F_MPATH6)
					    ? (nlflags & NLM_F_APPEND)
					    : NLM_F_EXCL));
	return 0;
}

static void route_remove(struct rtnl_net *rn, struct rtnl_route *rt,
			 struct unl_skb *req, const struct nlmsghdr *nlh)
{
	route_unlink(rn, rt);
	route_notify(rn, rt, RTM_DELROUTE, req, nlh);
	route_free(rt);
}

/* The route the kernel made as rt (its key, type and device), or
 * NULL: among the device's routes, as a run may hold one per port. */
static struct rtnl_route *route_kernel_find(struct rtnl_net *rn,
					    const struct rtnl_route *rt)
{
	struct rtnl_route **v, *prev, *found = NULL;
	int n = route_dev_routes(rn, rt->nh[0].ifindex, &v);

	if (n < 0) {
		for (struct rtnl_route *o = route_seek(rn, rt, false, &prev);
		     o && route_same_key(o, rt); o = o->next)
			if (o->type == rt->type &&
			    o->nh[0].ifindex == rt->nh[0].ifindex)
				return o;
		return NULL;
	}
	for (int i = 0; i < n && !found; i++)
		if (route_same_key(v[i], rt) && v[i]->type == rt->type &&
		    v[i]->nh[0].ifindex == rt->nh[0].ifindex)
			found = v[i];
	free(v);
	return found;
}

int rtnl_route_kernel_add(struct rtnl_net *rn, const struct rtnl_route *tmpl)
{
	struct rtnl_route t = *tmpl, *rt = &t, *o;

	t.table = rtnl_fib_table_alias(rn, t.family, t.table);
	o = route_kernel_find(rn, rt);
	if (o)
		return rt->family == AF_INET6 ? route_dup6(rn, o, rt)
					      : -EEXIST;
	return route_insert(rn, rt, NLM_F_CREATE | NLM_F_APPEND, NULL, NULL,
			    NULL);
}

static bool route_is_prefix6(const struct rtnl_route *rt, uint32_t table,
			     const uint8_t *pfx, uint8_t plen, int ifindex)
{
	return rt->family == AF_INET6 && rt->table == table &&
	       rt->dst_len == plen && !memcmp(rt->dst, pfx, 16) &&
	       !rt->nh_id && rt->nnh == 1 && rt->nh[0].ifindex == ifindex &&
	       !rt->nh[0].has_gw;
}

struct rtnl_route *rtnl_route_prefix6(struct rtnl_net *rn,
				      const uint8_t *pfx, uint8_t plen,
				      int ifindex)
{
	struct rtnl_route **v, *found = NULL;
	int n = route_dev_routes(rn, ifindex, &v);
	/* the table of the device's L3 master, else main */
	uint32_t table = rtnl_l3mdev_fib_table(rn, ifindex);

	if (!table)
		table = RT_TABLE_MAIN;
	if (n < 0) {
		for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next)
			if (route_is_prefix6(rt, table, pfx, plen, ifindex))
				return rt;
		return NULL;
	}
	for (int i = 0; i < n && !found; i++)
		if (route_is_prefix6(v[i], table, pfx, plen, ifindex))
			found = v[i];
	free(v);
	return found;
}

int rtnl_route_kernel_del(struct rtnl_net *rn, const struct rtnl_route *tmpl)
{
	struct rtnl_route t = *tmpl, *o;

	t.table = rtnl_fib_table_alias(rn, t.family, t.table);
	o = route_kernel_find(rn, &t);
	if (!o)
		return -ESRCH;
	route_remove(rn, o, NULL, NULL);
	return 0;
}

static bool route_flushed(const struct rtnl_route *rt, int family,
			  int ifindex, bool keep_local)
{
	if (keep_local && rt->scope == RT_SCOPE_HOST)
		return false;
	/* routes through nexthop objects go with the object */
	if (rt->nh_id)
		return false;
	return (!family || rt->family == family) && nh_uses_dev(rt, ifindex);
}

static void route_flush_one(struct rtnl_net *rn, struct rtnl_route *rt)
{
	/* fib_flush() tells nobody; IPv6 announces each route */
	if (rt->family == AF_INET) {
		route_unlink(rn, rt);
		rn->route_seq++;
		route_free(rt);
	} else {
		route_remove(rn, rt, NULL, NULL);
	}
}

/* The device's routes, in list order: only they are looked at, as a net
 * going flushes each of its devices in turn. */
void rtnl_route_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			  bool keep_local)
{
	struct rtnl_route **v;
	int n = route_dev_routes(rn, ifindex, &v);

	if (n < 0) {
		for (struct rtnl_route *rt = rn->routes, *next; rt;
		     rt = next) {
			next = rt->next;
			if (route_flushed(rt, family, ifindex, keep_local))
				route_flush_one(rn, rt);
		}
		return;
	}
	for (int i = 0; i < n; i++)
		if (route_flushed(v[i], family, ifindex, keep_local))
			route_flush_one(rn, v[i]);
	free(v);
}

/* fib_sync_down_dev / fib_sync_up and rt6_sync_*_dev for NETDEV_CHANGE:
 * the routes through l follow its carrier, silently. */
void rtnl_route_link_change(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_route *rt;

	/* the routes through l: those of its bucket and those with paths;
	 * in any order, as each only changes its own flags */
	if (!rn->by_dev) {
		for (rt = rn->routes; rt; rt = rt->next)
			if (nh_uses_dev(rt, l->ifindex))
				nh_set_linkdown(rn, rt);
	} else {
		for (rt = rn->by_dev[(uint32_t)l->ifindex & rn->by_dev_mask];
		     rt; rt = rt->dev_next)
			if (nh_uses_dev(rt, l->ifindex))
				nh_set_linkdown(rn, rt);
		for (rt = rn->routes_multi; rt; rt = rt->dev_next)
			if (nh_uses_dev(rt, l->ifindex))
				nh_set_linkdown(rn, rt);
	}
	rn->route_seq++;
}

/* fib_netdev_event(): routes follow a device's carrier; when it goes
 * down or away, fib_disable_ip() removes its IPv4 routes, silently, and
 * empties the ARP table (its IPv6 routes are addrconf's). */
int rtnl_route_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info)
{
	int ifindex = info->dev->ifindex;

	switch (event) {
	case RTNL_NETDEV_CHANGE:
		rtnl_route_link_change(rn, info->dev);
		break;
	case RTNL_NETDEV_DOWN:
		rtnl_neigh_flush_dev(rn, AF_INET, ifindex, false);
		break;
	case RTNL_NETDEV_UNREGISTER:
		rtnl_route_flush_dev(rn, AF_INET, ifindex, false);
		rtnl_neigh_flush_dev(rn, AF_INET, ifindex, false);
		break;
	case RTNL_NETDEV_CHANGEUPPER:
		/* linked to or unlinked from an L3 master: all its routes
		 * go, local ones too (fib_disable_ip() with force); they
		 * come back in the right table when it is up again */
		if (!rtnl_link_is_l3_master(info->upper))
			break;
		rtnl_route_flush_dev(rn, AF_INET, ifindex, false);
		rtnl_neigh_flush_dev(rn, AF_INET, ifindex, false);
		break;
	default:
		break;
	}
	return 0;
}

void rtnl_route_fini(struct rtnl_net *rn)
{
	while (rn->routes) {
		struct rtnl_route *rt = rn->routes;

		rn->routes = rt->next;
		route_free(rt);
	}
	free(rn->runs);
	rn->runs = NULL;
	rn->nruns = rn->capruns = 0;
	rn->runs_lost = false;
	free(rn->by_dev);
	rn->by_dev = NULL;
	rn->by_dev_mask = rn->by_dev_count = 0;
	rn->routes_multi = NULL;
	table_set_free(&rn->tables4);
	table_set_free(&rn->tables6);
	free(rn->fib4_gone);
	rn->fib4_gone = NULL;
	rn->fib4_gone_n = rn->fib4_gone_cap = 0;
}

/* ---- requests ---- */

/* The path flags a request sets: IPv4 keeps PERVASIVE too (for
 * fib_check_nh() to refuse), IPv6 only ONLINK. */
static uint8_t nh_flags_kept(int family)
{
	return family == AF_INET ? RTNH_F_ONLINK | RTNH_F_PERVASIVE
				 : RTNH_F_ONLINK;
}

/* rtnh_ok() */
static bool rtnh_ok(const struct rtnexthop *rtnh, int rem)
{
	return rem >= (int)sizeof(*rtnh) && rtnh->rtnh_len >= sizeof(*rtnh) &&
	       rtnh->rtnh_len <= rem;
}

static const struct rtnexthop *rtnh_next(const struct rtnexthop *rtnh,
					 int *rem)
{
	int len = (int)RTNH_ALIGN(rtnh->rtnh_len);

	*rem -= len;
	return (const struct rtnexthop *)((const uint8_t *)rtnh + len);
}

/* How many paths RTA_MULTIPATH holds: fib_count_nexthops() for IPv4
 * (data after the last one voids them all), every well-formed one for
 * IPv6 (ip6_route_multipath_add). */
static int mp_count(int family, const struct nlattr *mp,
		    struct unl_ext_ack *extack)
{
	const struct rtnexthop *rtnh = unl_nla_data(mp);
	int rem = unl_nla_len(mp), n = 0;

	for (; rtnh_ok(rtnh, rem); rtnh = rtnh_next(rtnh, &rem))
		n++;
	if (family == AF_INET && rem > 0) {
		UNL_SET_ERR_MSG(extack, "Invalid nexthop configuration - extra data after nexthops");
		return 0;
	}
	return n;
}

/* The realms of an IPv4 path (RTA_FLOW), kept where the kernel has
 * IP_ROUTE_CLASSID and ignored where it has not, as Linux does. */
static uint32_t path_realms(struct rtnl_net *rn, int family,
			    const struct nlattr *flow)
{
	return flow && family == AF_INET && rn->feat.route_classid
		       ? unl_nla_get_u32(flow)
		       : 0;
}

/* One path of RTA_MULTIPATH (fib_get_nhs() / ip6_route_multipath_add()). */
static int mp_path(struct rtnl_net *rn, int family,
		   const struct rtnexthop *rtnh, struct rtnl_nh *nh,
		   struct unl_ext_ack *extack)
{
	int attrlen = rtnh->rtnh_len - (int)sizeof(*rtnh);
	const struct nlattr *attrs = (const void *)(rtnh + 1);
	const struct nlattr *gw = NULL;
	int n = alen(family);

	if (family == AF_INET &&
	    (rtnh->rtnh_flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN))) {
		UNL_SET_ERR_MSG(extack, "Invalid flags for nexthop - can not contain DEAD or LINKDOWN");
		return -EINVAL;
	}
	if (attrlen > 0) {
		gw = unl_nla_find(attrs, attrlen, RTA_GATEWAY);
		if (family == AF_INET && gw && unl_nla_find(attrs, attrlen, RTA_VIA)) {
			UNL_SET_ERR_MSG(extack, "Nexthop configuration can not contain both GATEWAY and VIA");
			return -EINVAL;
		}
	}
	*nh = (struct rtnl_nh){
		.ifindex = rtnh->rtnh_ifindex,
		.hops = rtnh->rtnh_hops,
		.flags = rtnh->rtnh_flags & nh_flags_kept(family),
		.tclassid = attrlen > 0
				    ? path_realms(rn, family,
						  unl_nla_find(attrs, attrlen,
							       RTA_FLOW))
				    : 0,
	};
	if (gw && unl_nla_len(gw) >= n) {
		memcpy(nh->gw, unl_nla_data(gw), (size_t)n);
		/* IPv4 takes 0.0.0.0 as no gateway */
		nh->has_gw = family == AF_INET6 || memcmp(nh->gw, "\0\0\0", 4);
	}
	return 0;
}

/* RTA_MULTIPATH into rt's paths: as many as the request holds. */
static int route_parse_multipath(struct rtnl_net *rn, struct rtnl_route *rt,
				 const struct nlattr *mp,
				 struct unl_ext_ack *extack)
{
	const struct rtnexthop *rtnh = unl_nla_data(mp);
	int rem = unl_nla_len(mp);
	int n = mp_count(rt->family, mp, extack), err;

	if (!n) {
		if (rt->family == AF_INET6)
			UNL_SET_ERR_MSG(extack, "Invalid nexthop configuration - no valid nexthops");
		return -EINVAL;
	}
	err = route_nh_resize(rt, n);
	if (err)
		return err;
	for (int i = 0; i < n; i++, rtnh = rtnh_next(rtnh, &rem)) {
		err = mp_path(rn, rt->family, rtnh, &rt->nh[i], extack);
		if (err)
			return err;
	}
	rt->nnh = (uint16_t)n;
	rt->multipath = n > 1;
	return 0;
}

/* ip_metrics_convert(): one metric's value as it is kept: a congestion
 * control by key, values beyond what TCP can use cut down. */
static int metric_value(const struct rtnl_net *rn, const struct nlattr *m,
			uint32_t *v, bool *ecn_ca, struct unl_ext_ack *extack)
{
	int t = unl_nla_type(m);

	if (t > RTNL_METRIC_MAX) {
		UNL_SET_ERR_MSG(extack, "Invalid metric type");
		return -EINVAL;
	}
	if (t == RTAX_CC_ALGO) {
		char name[ROUTE_CA_NAME_MAX];

		unl_nla_strscpy(name, m, sizeof(name));
		*v = cc_key(rn, name);
		if (!*v) {
			UNL_SET_ERR_MSG(extack, "Unknown tcp congestion algorithm");
			return -EINVAL;
		}
		/* dctcp's module sets TCP_CONG_NEEDS_ECN */
		*ecn_ca |= !strcmp(name, "dctcp");
		return 0;
	}
	if (unl_nla_len(m) != sizeof(uint32_t)) {
		UNL_SET_ERR_MSG_ATTR(extack, m, "Invalid attribute in metrics");
		return -EINVAL;
	}
	*v = unl_nla_get_u32(m);
	if (t == RTAX_ADVMSS && *v > 65535 - 40)
		*v = 65535 - 40;
	if (t == RTAX_MTU && *v > 65535 - 15)
		*v = 65535 - 15;
	if (t == RTAX_HOPLIMIT && *v > 255)
		*v = 255;
	if (t == RTAX_FEATURES && (*v & ~ROUTE_FEATURE_MASK)) {
		UNL_SET_ERR_MSG(extack, "Unknown flag set in feature mask in metrics attribute");
		return -EINVAL;
	}
	return 0;
}

static int route_parse_metrics(const struct rtnl_net *rn,
			       struct rtnl_route *rt, const struct nlattr *mx,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *m;
	bool ecn_ca = false;
	uint32_t v;
	int rem, err;

	unl_nla_for_each_nested(m, mx, rem) {
		int t = unl_nla_type(m);

		if (!t)
			continue;
		err = metric_value(rn, m, &v, &ecn_ca, extack);
		if (err)
			return err;
		if (!rt->metrics) {
			rt->metrics = calloc(RTNL_METRIC_MAX + 1,
					     sizeof(*rt->metrics));
			if (!rt->metrics)
				return -ENOMEM;
		}
		rt->metrics[t] = v;
	}
	if (ecn_ca)
		rt->metrics[RTAX_FEATURES] |= ROUTE_FEATURE_ECN_CA;
	return 0;
}

/* The header checks of rtm_to_fib_config() and rtm_to_fib6_config() with
 * ip6_route_info_create()'s. */
static int route_check_header(const struct rtmsg *rtm, bool del,
			      struct unl_ext_ack *extack)
{
	int n = alen(rtm->rtm_family);

	if (rtm->rtm_family == AF_INET6) {
		if (rtm->rtm_tos) {
			UNL_SET_ERR_MSG(extack, "Invalid dsfield (tos): option not available for IPv6");
			return -EINVAL;
		}
		/* RTF_CACHE: a cached route may only be deleted */
		if (!del && (rtm->rtm_flags & RTM_F_CLONED)) {
			UNL_SET_ERR_MSG(extack, "Userspace can not set RTF_CACHE");
			return -EINVAL;
		}
	} else if (rtm->rtm_tos & 0x3) {
		UNL_SET_ERR_MSG(extack, "Invalid dsfield (tos): ECN bits must be 0");
		return -EINVAL;
	}
	if (rtm->rtm_type > RTN_MAX) {
		UNL_SET_ERR_MSG(extack, "Invalid route type");
		return -EINVAL;
	}
	if (rtm->rtm_dst_len > n * 8) {
		UNL_SET_ERR_MSG(extack, "Invalid prefix length");
		return -EINVAL;
	}
	if (rtm->rtm_src_len > n * 8) {
		UNL_SET_ERR_MSG(extack, rtm->rtm_family == AF_INET
						? "Invalid source prefix length"
						: "Invalid source address length");
		return -EINVAL;
	}
	if (rtm->rtm_family == AF_INET && rtm->rtm_src_len) {
		UNL_SET_ERR_MSG(extack, "Invalid source prefix length");
		return -EINVAL;
	}
	return 0;
}

/* The destination and source prefixes: IPv4 takes four bytes and
 * refuses host bits, IPv6 what the prefix length covers, masked. */
static int route_parse_prefix(struct rtnl_route *rt, const struct nlattr **tb,
			      struct unl_ext_ack *extack)
{
	int n = alen(rt->family);

	if (rt->family == AF_INET) {
		if (tb[RTA_DST])
			memcpy(rt->dst, unl_nla_data(tb[RTA_DST]), 4);
		if (prefix_has_host_bits(rt->dst, n, rt->dst_len)) {
			UNL_SET_ERR_MSG(extack, "Invalid prefix for given prefix length");
			return -EINVAL;
		}
		return 0;
	}
	if (tb[RTA_DST]) {
		int plen = (rt->dst_len + 7) / 8;

		if (unl_nla_len(tb[RTA_DST]) < plen)
			return -EINVAL;
		memcpy(rt->dst, unl_nla_data(tb[RTA_DST]), (size_t)plen);
	}
	if (tb[RTA_SRC]) {
		int plen = (rt->src_len + 7) / 8;

		if (unl_nla_len(tb[RTA_SRC]) < plen)
			return -EINVAL;
		memcpy(rt->src, unl_nla_data(tb[RTA_SRC]), (size_t)plen);
	}
	prefix_mask(rt->dst, n, rt->dst_len);
	prefix_mask(rt->src, n, rt->src_len);
	return 0;
}

/* The route's one path from RTA_OIF, RTA_GATEWAY and RTA_FLOW. */
static int route_parse_path(struct rtnl_net *rn, struct rtnl_route *rt,
			    const struct rtmsg *rtm, const struct nlattr **tb)
{
	int n = alen(rt->family);

	rt->nnh = 1;
	if (tb[RTA_OIF])
		rt->nh[0].ifindex = (int)unl_nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_GATEWAY]) {
		if (unl_nla_len(tb[RTA_GATEWAY]) < n)
			return -EINVAL;
		memcpy(rt->nh[0].gw, unl_nla_data(tb[RTA_GATEWAY]), (size_t)n);
		rt->nh[0].has_gw = rt->family == AF_INET6 ||
				   memcmp(rt->nh[0].gw, "\0\0\0", 4);
	}
	rt->nh[0].flags = rtm->rtm_flags & nh_flags_kept(rt->family);
	rt->nh[0].tclassid = path_realms(rn, rt->family, tb[RTA_FLOW]);
	return 0;
}

/* rtm_to_fib_config() / rtm_to_fib6_config() */
static int route_from_msg(struct rtnl_net *rn, struct nlmsghdr *nlh,
			  struct rtnl_route *rt, const struct nlattr **tb,
			  bool del, struct unl_ext_ack *extack)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct unl_nla_policy *pol = rtnl_rtm_ipv4_policy;
	int err, n;

	rtnl_route_init(rt);
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*rtm)) &&
	    rtm->rtm_family == AF_INET6)
		pol = rtnl_rtm_ipv6_policy;
	err = unl_nlmsg_parse(nlh, sizeof(*rtm), tb, RTNL_RTA_MAX, pol,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	err = route_check_header(rtm, del, extack);
	if (err)
		return err;
	rt->family = rtm->rtm_family;
	n = alen(rt->family);
	rt->dst_len = rtm->rtm_dst_len;
	rt->src_len = rtm->rtm_src_len;
	rt->tos = rtm->rtm_tos;
	rt->table = tb[RTA_TABLE] ? unl_nla_get_u32(tb[RTA_TABLE])
				  : rtm->rtm_table;
	if (rt->table == RT_TABLE_UNSPEC && !del)
		rt->table = RT_TABLE_MAIN;
	if (rt->table)
		rt->table = rtnl_fib_table_alias(rn, rt->family, rt->table);
	rt->protocol = rtm->rtm_protocol;
	rt->scope = rtm->rtm_scope;
	rt->type = rtm->rtm_type;
	if (rt->family == AF_INET6 && tb[RTA_VIA]) {
		UNL_SET_ERR_MSG(extack, "IPv6 does not support RTA_VIA attribute");
		return -EINVAL;
	}
	if (rt->family == AF_INET && tb[RTA_GATEWAY] && tb[RTA_VIA]) {
		UNL_SET_ERR_MSG(extack, "Nexthop configuration can not contain both GATEWAY and VIA");
		return -EINVAL;
	}
	err = route_parse_prefix(rt, tb, extack);
	if (err)
		return err;
	if (tb[RTA_PRIORITY])
		rt->priority = unl_nla_get_u32(tb[RTA_PRIORITY]);
	else if (rt->family == AF_INET6 && !del)
		rt->priority = 1024; /* IP6_RT_PRIO_USER */
	if (tb[RTA_PREFSRC] && unl_nla_len(tb[RTA_PREFSRC]) >= n) {
		memcpy(rt->prefsrc, unl_nla_data(tb[RTA_PREFSRC]), (size_t)n);
		rt->has_prefsrc = true;
	}
	if (tb[RTA_PREF]) {
		/* anything but low and high is medium */
		rt->pref = unl_nla_get_u8(tb[RTA_PREF]);
		if (rt->pref != ICMPV6_ROUTER_PREF_LOW &&
		    rt->pref != ICMPV6_ROUTER_PREF_HIGH)
			rt->pref = ICMPV6_ROUTER_PREF_MEDIUM;
	}
	/* rtm_to_fib6_config(): a lifetime but infinity makes the route
	 * expire; IPv4 routes do not, and ignore it */
	if (tb[RTA_EXPIRES] && rt->family == AF_INET6 && !del &&
	    unl_nla_get_u32(tb[RTA_EXPIRES]) != UINT32_MAX) {
		rt->has_expires = true;
		rt->expires = unl_net_now(rn->net) +
			      (int64_t)unl_nla_get_u32(tb[RTA_EXPIRES]) *
				      UNL_NSEC_PER_SEC;
	}
	if (tb[RTA_METRICS]) {
		err = route_parse_metrics(rn, rt, tb[RTA_METRICS], extack);
		if (err)
			return err;
	}
	if (tb[RTA_MULTIPATH]) {
		err = route_parse_multipath(rn, rt, tb[RTA_MULTIPATH], extack);
		if (err)
			return err;
	} else if (tb[RTA_OIF] || tb[RTA_GATEWAY] || tb[RTA_FLOW]) {
		err = route_parse_path(rn, rt, rtm, tb);
		if (err)
			return err;
	}
	if (tb[RTA_NH_ID]) {
		/* rtm_to_fib_config() ignores an IPv4 encap here; IPv6
		 * refuses it with the rest */
		if (tb[RTA_OIF] || tb[RTA_GATEWAY] || tb[RTA_MULTIPATH] ||
		    (rt->family == AF_INET6 && tb[RTA_ENCAP])) {
			UNL_SET_ERR_MSG(extack, "Nexthop specification and nexthop id are mutually exclusive");
			return -EINVAL;
		}
		rt->nh_id = unl_nla_get_u32(tb[RTA_NH_ID]);
	}
	return 0;
}

/* A route's mirror of its nexthop object's first paths, for lookups. */
static void route_nh_mirror(struct rtnl_net *rn, struct rtnl_route *rt)
{
	const struct rtnl_nexthop *nh = rtnl_nexthop_find(rn, rt->nh_id);
	int n = nh ? rtnl_nexthop_num_path(rn, nh) : 0;

	/* without memory for them all, the first path alone */
	if (route_nh_resize(rt, n))
		n = 1;
	rt->nnh = 0;
	rt->multipath = nh && nh->is_group;
	for (int i = 0; i < n; i++) {
		int weight = 1;
		const struct rtnl_nexthop *p = rtnl_nexthop_path(rn, nh, i,
								   &weight);

		if (!p)
			continue;
		rt->nh[rt->nnh] = p->nh;
		if (p->fdb)
			rt->nh[rt->nnh].ifindex = 0;
		rt->nh[rt->nnh++].hops = (uint8_t)(weight - 1);
	}
}

void rtnl_route_nexthop_sync(struct rtnl_net *rn)
{
	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next)
		if (rt->nh_id)
			route_nh_mirror(rn, rt);
	rn->route_seq++;
}

/* The IPv6 routes through id, newest first (the nexthop's f6i_list);
 * *n gets their number.  Caller frees. */
static struct rtnl_route **route_nh_list6(struct rtnl_net *rn, uint32_t id,
					  int *n)
{
	struct rtnl_route **v = NULL;
	int cnt = 0;

	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		struct rtnl_route **nv;

		if (rt->family != AF_INET6 || rt->nh_id != id)
			continue;
		nv = realloc(v, (size_t)(cnt + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[cnt++] = rt;
	}
	for (int i = 1; i < cnt; i++)
		for (int j = i; j > 0 && v[j - 1]->nh_stamp < v[j]->nh_stamp;
		     j--) {
			struct rtnl_route *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	*n = cnt;
	return v;
}

void rtnl_route_nexthop_removed(struct rtnl_net *rn, uint32_t id)
{
	struct rtnl_route **v;
	int n = 0;

	/* fib_flush(): silent */
	for (struct rtnl_route *rt = rn->routes, *next; rt; rt = next) {
		next = rt->next;
		if (rt->family == AF_INET && rt->nh_id == id) {
			route_unlink(rn, rt);
			rn->route_seq++;
			route_free(rt);
		}
	}
	v = route_nh_list6(rn, id, &n);
	for (int i = 0; i < n; i++)
		route_remove(rn, v[i], NULL, NULL);
	free(v);
}

void rtnl_route_nexthop_notify(struct rtnl_net *rn, uint32_t id,
			       struct unl_skb *req, const struct nlmsghdr *nlh)
{
	struct rtnl_route **v;
	int n = 0;

	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next)
		if (rt->family == AF_INET && rt->nh_id == id)
			route_notify_flags(rn, rt, RTM_NEWROUTE, req, nlh,
					   NLM_F_REPLACE);
	v = route_nh_list6(rn, id, &n);
	for (int i = 0; i < n; i++)
		route_notify_flags(rn, v[i], RTM_NEWROUTE, req, nlh,
				   NLM_F_REPLACE);
	free(v);
}

int rtnl_route_nexthop_check_list(struct rtnl_net *rn, uint32_t id,
				  const struct rtnl_nexthop *nh,
				  struct unl_ext_ack *extack)
{
	bool v6 = false;

	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		int err;

		if (rt->nh_id != id)
			continue;
		if (rt->family == AF_INET6) {
			v6 = true;
			continue;
		}
		err = rtnl_nexthop_check_route(rn, nh, AF_INET, rt->scope,
					       extack);
		if (err)
			return err;
	}
	return v6 ? rtnl_nexthop_check_route(rn, nh, AF_INET6, 0, extack)
		  : 0;
}

/* fib_check_nh_nongw(): a device that is up. */
static int check_nh4_dev(struct rtnl_net *rn, const struct rtnl_nh *nh,
			 struct unl_ext_ack *extack)
{
	const struct rtnl_link *l;

	if (nh->flags & (RTNH_F_PERVASIVE | RTNH_F_ONLINK)) {
		UNL_SET_ERR_MSG(extack, "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
		return -EINVAL;
	}
	l = nh->ifindex ? rtnl_link_by_index(rn, nh->ifindex) : NULL;
	if (!l)
		return -ENODEV;
	if (!rtnl_link_running(l)) {
		UNL_SET_ERR_MSG(extack, "Device for nexthop is not up");
		return -ENETDOWN;
	}
	return 0;
}

/* fib_check_nh_v4_gw() for an onlink gateway: the device's unicast
 * neighbour. */
static int check_nh4_onlink(struct rtnl_net *rn, const struct rtnl_nh *nh,
			    uint8_t scope, struct unl_ext_ack *extack)
{
	const struct rtnl_link *l;

	if (scope >= RT_SCOPE_LINK) {
		UNL_SET_ERR_MSG(extack, "Nexthop has invalid scope");
		return -EINVAL;
	}
	l = nh->ifindex ? rtnl_link_by_index(rn, nh->ifindex) : NULL;
	if (!l) {
		UNL_SET_ERR_MSG(extack, "Nexthop device required for onlink");
		return -ENODEV;
	}
	if (!rtnl_link_running(l)) {
		UNL_SET_ERR_MSG(extack, "Nexthop device is not up");
		return -ENETDOWN;
	}
	if (rtnl_inet_addr_type(rn, l->ifindex, nh->gw, RT_TABLE_LOCAL) !=
	    RTN_UNICAST) {
		UNL_SET_ERR_MSG(extack, "Nexthop has invalid gateway");
		return -EINVAL;
	}
	return 0;
}

/* fib_check_nh_v4_gw(): the gateway is reached by a route of a narrower
 * scope than the new one's (its own table first), which gives the
 * device when none was named. */
static int check_nh4_gw(struct rtnl_net *rn, struct rtnl_nh *nh,
			uint32_t table, uint8_t scope,
			struct unl_ext_ack *extack)
{
	struct rtnl_flow fl = { .family = AF_INET, .oif = nh->ifindex,
				.iif = 1, .flags = RTNL_FLOW_IGNORE_LINKSTATE,
				.scope = scope + 1 < RT_SCOPE_LINK
						 ? RT_SCOPE_LINK : scope + 1 };
	struct rtnl_fib_res res;
	const struct rtnl_link *l;
	int err = -EAGAIN;

	if (nh->flags & RTNH_F_ONLINK)
		return check_nh4_onlink(rn, nh, scope, extack);
	memcpy(fl.dst, nh->gw, 4);
	if (table && table != RT_TABLE_MAIN &&
	    rtnl_fib_table_exists(rn, AF_INET, table))
		err = rtnl_fib4_table_lookup(rn, table, &fl, &res);
	if (err)
		err = rtnl_fib4_lookup(rn, &fl, &res);
	if (!err && res.type != RTN_UNICAST && res.type != RTN_LOCAL)
		err = -EINVAL;
	if (err) {
		UNL_SET_ERR_MSG(extack, "Nexthop has invalid gateway");
		return err;
	}
	nh->ifindex = res.rt->nh[res.nh_sel].ifindex;
	l = rtnl_link_by_index(rn, nh->ifindex);
	return l && rtnl_link_running(l) ? 0 : -ENETDOWN;
}

/* fib_check_nh() */
static int check_nh4(struct rtnl_net *rn, struct rtnl_nh *nh, uint32_t table,
		     uint8_t scope, struct unl_ext_ack *extack)
{
	return nh->has_gw ? check_nh4_gw(rn, nh, table, scope, extack)
			  : check_nh4_dev(rn, nh, extack);
}

int rtnl_route_check_gw4(struct rtnl_net *rn, struct rtnl_nh *nh,
			 struct unl_ext_ack *extack)
{
	return check_nh4_gw(rn, nh, RT_TABLE_MAIN, RT_SCOPE_UNIVERSE, extack);
}

/* An address of ours on dev (or any device when any_dev), as
 * ipv6_chk_addr_and_flags() looks for one. */
static bool local_addr6(struct rtnl_net *rn, const uint8_t *a, int dev,
			bool any_dev)
{
	for (const struct rtnl_addr *ifa = rn->addrs; ifa; ifa = ifa->next)
		if (ifa->family == AF_INET6 && !memcmp(ifa->local, a, 16) &&
		    (any_dev || ifa->ifindex == dev))
			return true;
	return false;
}

/* ip6_validate_gw(): a link-local gateway needs its device; any other
 * a direct route to it, which names the device.  Neither may be ours. */
static int check_nh6_gw(struct rtnl_net *rn, struct rtnl_nh *nh,
			uint32_t table, struct unl_ext_ack *extack)
{
	bool linklocal = nh->gw[0] == 0xfe && (nh->gw[1] & 0xc0) == 0x80;
	const struct rtnl_link *l;
	int dev = nh->ifindex;

	if (dev && local_addr6(rn, nh->gw, dev, !linklocal)) {
		UNL_SET_ERR_MSG(extack, "Gateway can not be a local address");
		return -EINVAL;
	}
	if (!linklocal) {
		if (nh->gw[0] == 0xff || !memcmp(nh->gw, (uint8_t[16]){ 0 }, 16)) {
			UNL_SET_ERR_MSG(extack, "Invalid gateway address");
			return -EINVAL;
		}
		if (!(nh->flags & RTNH_F_ONLINK) &&
		    rtnl_fib6_check_gw(rn, table, nh->ifindex, nh->gw, &dev))
			return -EHOSTUNREACH;
	}
	l = dev ? rtnl_link_by_index(rn, dev) : NULL;
	if (!l) {
		UNL_SET_ERR_MSG(extack, "Egress device not specified");
		return -EINVAL;
	}
	if (l->type == ARPHRD_LOOPBACK) {
		UNL_SET_ERR_MSG(extack, "Egress device can not be loopback device for this route");
		return -EINVAL;
	}
	if (!nh->ifindex && local_addr6(rn, nh->gw, dev, !linklocal)) {
		UNL_SET_ERR_MSG(extack, "Gateway can not be a local address");
		return -EINVAL;
	}
	nh->ifindex = dev;
	return 0;
}

/* fib6_nh_init(): the device, an onlink one up, a gateway. */
static int check_nh6(struct rtnl_net *rn, struct rtnl_route *rt,
		     struct rtnl_nh *nh, struct unl_ext_ack *extack)
{
	const struct rtnl_link *l = NULL;
	int err;

	if (nh->ifindex) {
		l = rtnl_link_by_index(rn, nh->ifindex);
		if (!l || l->no_inet6)
			return -ENODEV;
	}
	if (nh->flags & RTNH_F_ONLINK) {
		if (!l) {
			UNL_SET_ERR_MSG(extack, "Nexthop device required for onlink");
			return -ENODEV;
		}
		if (!rtnl_link_running(l)) {
			UNL_SET_ERR_MSG(extack, "Nexthop device is not up");
			return -ENETDOWN;
		}
	}
	if (nh->has_gw) {
		err = check_nh6_gw(rn, nh, rt->table, extack);
		if (err)
			return err;
		l = rtnl_link_by_index(rn, nh->ifindex);
	}
	if (!l)
		return -ENODEV;
	if (l->cnf6[DEVCONF_DISABLE_IPV6]) {
		UNL_SET_ERR_MSG(extack, "IPv6 is disabled on nexthop device");
		return -EACCES;
	}
	if (!rtnl_link_running(l)) {
		UNL_SET_ERR_MSG(extack, "Nexthop device is not up");
		return -ENETDOWN;
	}
	return 0;
}

/* fib_props[type].scope: the widest scope a route of the type may have */
static uint8_t type_scope4(uint8_t type)
{
	switch (type) {
	case RTN_LOCAL:
		return RT_SCOPE_HOST;
	case RTN_BROADCAST:
	case RTN_ANYCAST:
		return RT_SCOPE_LINK;
	case RTN_NAT:
	case RTN_XRESOLVE:
		return RT_SCOPE_NOWHERE;
	default:
		return RT_SCOPE_UNIVERSE;
	}
}

/* fib_valid_prefsrc(): a source must be one of our addresses (a local
 * route's own destination aside). */
static bool route_prefsrc_ok4(struct rtnl_net *rn, const struct rtnl_route *rt)
{
	uint32_t table = rt->table == RT_TABLE_MAIN ? RT_TABLE_LOCAL : rt->table;

	if (rt->type == RTN_LOCAL && rt->dst_len &&
	    !memcmp(rt->prefsrc, rt->dst, 4))
		return true;
	if (rtnl_inet_addr_type(rn, 0, rt->prefsrc, table) == RTN_LOCAL)
		return true;
	return table != RT_TABLE_LOCAL &&
	       rtnl_inet_addr_type(rn, 0, rt->prefsrc, RT_TABLE_LOCAL) ==
		       RTN_LOCAL;
}

/* The paths of fib_create_info(): host-scoped routes through one device
 * alone, others checked by fib_check_nh(). */
static int route_check_paths4(struct rtnl_net *rn, struct rtnl_route *rt,
			      struct unl_ext_ack *extack)
{
	int err;

	if (rt->scope > RT_SCOPE_HOST) {
		UNL_SET_ERR_MSG(extack, "Invalid scope");
		return -EINVAL;
	}
	if (rt->scope == RT_SCOPE_HOST) {
		if (rt->nnh > 1) {
			UNL_SET_ERR_MSG(extack, "Route with host scope can not have multiple nexthops");
			return -EINVAL;
		}
		if (rt->nnh && rt->nh[0].has_gw) {
			UNL_SET_ERR_MSG(extack, "Route with host scope can not have a gateway");
			return -EINVAL;
		}
		return rt->nnh && rtnl_link_by_index(rn, rt->nh[0].ifindex)
			       ? 0 : -ENODEV;
	}
	if (!rt->nnh)
		return -ENODEV;
	for (int i = 0; i < rt->nnh; i++) {
		err = check_nh4(rn, &rt->nh[i], rt->table, rt->scope, extack);
		if (err)
			return err;
	}
	return 0;
}

/* fib_create_info()'s checks of a route without a nexthop object. */
/* fib_create_info() after fib_get_nhs(): RTA_OIF, RTA_GATEWAY and
 * RTA_FLOW given beside RTA_MULTIPATH must describe its first path. */
static int route_mp_top_check4(struct rtnl_net *rn,
			       const struct rtnl_route *rt,
			       const struct nlattr **tb,
			       struct unl_ext_ack *extack)
{
	const struct rtnl_nh *nh = &rt->nh[0];
	uint32_t flow = path_realms(rn, AF_INET, tb[RTA_FLOW]);
	uint32_t gw = 0;

	if (!tb[RTA_MULTIPATH])
		return 0;
	if (tb[RTA_OIF] && unl_nla_get_u32(tb[RTA_OIF]) &&
	    (int)unl_nla_get_u32(tb[RTA_OIF]) != nh->ifindex) {
		UNL_SET_ERR_MSG(extack, "Nexthop device index does not match RTA_OIF");
		return -EINVAL;
	}
	if (tb[RTA_GATEWAY] && unl_nla_len(tb[RTA_GATEWAY]) >= 4)
		memcpy(&gw, unl_nla_data(tb[RTA_GATEWAY]), 4);
	if (gw && (!nh->has_gw || memcmp(&gw, nh->gw, 4))) {
		UNL_SET_ERR_MSG(extack, "Nexthop gateway does not match RTA_GATEWAY or RTA_VIA");
		return -EINVAL;
	}
	if (flow && flow != nh->tclassid) {
		UNL_SET_ERR_MSG(extack, "Nexthop class id does not match RTA_FLOW");
		return -EINVAL;
	}
	return 0;
}

static int route_check4(struct rtnl_net *rn, struct rtnl_route *rt,
			uint32_t rtm_flags, const struct nlattr **tb,
			struct unl_ext_ack *extack)
{
	int err;

	if (type_scope4(rt->type) > rt->scope) {
		UNL_SET_ERR_MSG(extack, "Invalid scope");
		return -EINVAL;
	}
	if (rtm_flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN)) {
		UNL_SET_ERR_MSG(extack, "Invalid rtm_flags - can not contain DEAD or LINKDOWN");
		return -EINVAL;
	}
	err = route_mp_top_check4(rn, rt, tb, extack);
	if (err)
		return err;
	if (rtnl_fib_type_error(AF_INET, rt->type)) {
		if (rt->nnh) {
			UNL_SET_ERR_MSG(extack, "Gateway, device and multipath can not be specified for this route type");
			return -EINVAL;
		}
		return 0;
	}
	switch (rt->type) {
	case RTN_UNICAST:
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_ANYCAST:
	case RTN_MULTICAST:
		break;
	default:
		UNL_SET_ERR_MSG(extack, "Invalid route type");
		return -EINVAL;
	}
	err = route_check_paths4(rn, rt, extack);
	if (err)
		return err;
	if (rt->has_prefsrc && !route_prefsrc_ok4(rn, rt)) {
		UNL_SET_ERR_MSG(extack, "Invalid prefsrc address");
		return -EINVAL;
	}
	return 0;
}

/* ip6_route_info_create() and fib6_nh_init()'s checks of a route
 * without a nexthop object; reject routes go through lo. */
/* ip6_route_info_create() for each path; a route given as RTA_MULTIPATH
 * (mpath) takes only paths through a gateway (ip6_route_multipath_add,
 * rt6_qualify_for_ecmp). */
static int route_check6(struct rtnl_net *rn, struct rtnl_route *rt,
			bool mpath, struct unl_ext_ack *extack)
{
	int err;

	if (rt->type == RTN_UNREACHABLE || rt->type == RTN_BLACKHOLE ||
	    rt->type == RTN_PROHIBIT || rt->type == RTN_THROW) {
		rt->nnh = 1;
		rt->nh[0] = (struct rtnl_nh){ .ifindex = 1 };
		return 0;
	}
	if (!rt->nnh)
		return -ENODEV;
	for (int i = 0; i < rt->nnh; i++) {
		err = check_nh6(rn, rt, &rt->nh[i], extack);
		if (err)
			return err;
		if (mpath && !rt->nh[i].has_gw) {
			UNL_SET_ERR_MSG(extack, "Device only routes can not be added for IPv6 using the multipath API.");
			return -EINVAL;
		}
	}
	if (rt->has_prefsrc &&
	    !local_addr6(rn, rt->prefsrc, rt->nh[0].ifindex, true)) {
		UNL_SET_ERR_MSG(extack, "Invalid source address");
		return -EINVAL;
	}
	return 0;
}

/* The parsed request of rtnl_newroute(): checked, then inserted. */
static int route_new(struct rtnl_net *rn, struct unl_skb *skb,
		     struct nlmsghdr *nlh, struct rtnl_route *rt,
		     const struct nlattr **tb, unsigned int nlflags,
		     struct unl_ext_ack *extack)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	int err;

	/* ip6_route_info_create(): source routes live in subtrees */
	if (rt->family == AF_INET6 && rt->src_len && !rn->feat.ip6_subtrees) {
		UNL_SET_ERR_MSG(extack, "Specifying source address requires IPV6_SUBTREES to be enabled");
		return -EINVAL;
	}
	if (rt->nh_id) {
		/* fib_create_info() / ip6_route_info_create() */
		const struct rtnl_nexthop *nh = rtnl_nexthop_find(rn, rt->nh_id);

		if (!nh) {
			UNL_SET_ERR_MSG(extack, "Nexthop id does not exist");
			return -EINVAL;
		}
		if (rt->family == AF_INET6 && rt->src_len) {
			UNL_SET_ERR_MSG(extack, "IPv6 routes using source address can not use nexthop objects");
			return -EINVAL;
		}
		err = rtnl_nexthop_check_route(rn, nh, rt->family, rt->scope,
					       extack);
		if (err)
			return err;
		route_nh_mirror(rn, rt);
	} else {
		err = rt->family == AF_INET
			      ? route_check4(rn, rt, rtm->rtm_flags, tb, extack)
			      : route_check6(rn, rt, nlflags & ROUTE_F_MPATH6,
					     extack);
		if (err)
			return err;
	}
	if (rt->family == AF_INET6) {
		rt->protocol = rt->protocol ? rt->protocol : RTPROT_BOOT;
		if (rt->type == RTN_LOCAL && !rt->nh_id)
			rt->table = rt->table ? rt->table : RT_TABLE_LOCAL;
	}
	return route_insert(rn, rt, nlflags, skb, nlh, extack);
}

static int rtnl_newroute(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_RTA_MAX + 1];
	struct rtnl_route rt;
	int err;

	err = route_from_msg(rn, nlh, &rt, tb, false, extack);
	if (!err)
		err = route_new(rn, skb, nlh, &rt, tb,
				nlh->nlmsg_flags |
					(rt.family == AF_INET6 && tb[RTA_MULTIPATH]
						 ? ROUTE_F_MPATH6 : 0),
				extack);
	/* ip6_route_multipath_add() rewrites the request's flags once a
	 * path went in, which the ACK then echoes */
	if (!err && rt.family == AF_INET6 && tb[RTA_MULTIPATH])
		nlh->nlmsg_flags = (uint16_t)((nlh->nlmsg_flags &
					       ~(NLM_F_EXCL | NLM_F_REPLACE)) |
					      NLM_F_CREATE);
	/* inet_rtm_newroute(): source checks can no longer trust the
	 * address list alone */
	if (!err && rt.family == AF_INET && rt.type == RTN_LOCAL)
		rn->fib4_custom_local_routes = true;
	route_release(&rt);
	return err;
}

/* fib_nh_match(): the paths of an IPv4 route against a delete's.  A
 * path given plainly (RTA_OIF, RTA_GATEWAY) is held against the route's
 * first, realms too; RTA_MULTIPATH against each in turn. */
static bool fib_nh_match(struct rtnl_net *rn, const struct rtnl_route *rt,
			 const struct rtnl_route *key, const struct nlattr **tb)
{
	uint32_t oif = tb[RTA_OIF] ? unl_nla_get_u32(tb[RTA_OIF]) : 0;
	uint32_t flow = path_realms(rn, AF_INET, tb[RTA_FLOW]);
	uint32_t gw = 0;
	const struct rtnl_nh *nh = &rt->nh[0];

	if (tb[RTA_GATEWAY] && unl_nla_len(tb[RTA_GATEWAY]) >= 4)
		memcpy(&gw, unl_nla_data(tb[RTA_GATEWAY]), 4);
	if (oif || gw) {
		return (!flow || flow == nh->tclassid) &&
		       (!oif || (int)oif == nh->ifindex) &&
		       (!gw || (nh->has_gw && !memcmp(&gw, nh->gw, 4)));
	}
	if (!tb[RTA_MULTIPATH])
		return true;
	/* a request with fewer paths than the route fails rtnh_ok() */
	if (key->nnh < rt->nnh)
		return false;
	for (int i = 0; i < rt->nnh; i++) {
		const struct rtnl_nh *k = &key->nh[i];

		nh = &rt->nh[i];
		if ((k->ifindex && k->ifindex != nh->ifindex) ||
		    (k->has_gw && (!nh->has_gw || memcmp(k->gw, nh->gw, 4))) ||
		    (k->tclassid && k->tclassid != nh->tclassid))
			return false;
	}
	return true;
}

/* ip6_route_del(): a device or gateway given must be the route's. */
static bool route_nh_match6(const struct rtnl_route *rt,
			    const struct rtnl_route *key)
{
	if (!key->nnh || key->multipath)
		return true;
	if (key->nh[0].ifindex && !nh_uses_dev(rt, key->nh[0].ifindex))
		return false;
	return !key->nh[0].has_gw ||
	       (rt->nh[0].has_gw && !memcmp(rt->nh[0].gw, key->nh[0].gw, 16));
}

/* fib_table_delete(): the first route matching every given field of
 * the parsed request key. */
static int route_del(struct rtnl_net *rn, struct unl_skb *skb,
		     struct nlmsghdr *nlh, const struct rtnl_route *key,
		     const struct nlattr **tb, struct unl_ext_ack *extack)
{
	/* fib_get_table() / fib6_get_table(): 0 is main */
	if (!rtnl_fib_table_exists(rn, key->family,
				   key->table ? key->table : RT_TABLE_MAIN)) {
		UNL_SET_ERR_MSG(extack, "FIB table does not exist");
		return -ESRCH;
	}
	for (struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (rt->family != key->family || rt->dst_len != key->dst_len ||
		    memcmp(rt->dst, key->dst, (size_t)alen(key->family)))
			continue;
		if (key->table && rt->table != key->table)
			continue;
		if (!key->table && key->family == AF_INET &&
		    rt->table != RT_TABLE_MAIN)
			continue;
		if (!key->table && key->family == AF_INET6 &&
		    rt->table != RT_TABLE_MAIN)
			continue;
		if (key->tos && rt->tos != key->tos)
			continue;
		if (tb[RTA_PRIORITY] && rt->priority != key->priority)
			continue;
		if (key->type && rt->type != key->type)
			continue;
		if (key->protocol && rt->protocol != key->protocol)
			continue;
		if (key->family == AF_INET && key->scope != RT_SCOPE_NOWHERE &&
		    rt->scope != key->scope && key->scope)
			continue;
		/* fib_nh_match(), ip6_route_del() */
		if (key->nh_id && rt->nh_id != key->nh_id)
			continue;
		if (rt->nh_id && !key->nh_id && key->family == AF_INET &&
		    key->nnh)
			continue;
		if (rt->nh_id) {
			route_remove(rn, rt, skb, nlh);
			return 0;
		}
		if (key->family == AF_INET ? !fib_nh_match(rn, rt, key, tb)
					   : !route_nh_match6(rt, key))
			continue;
		route_remove(rn, rt, skb, nlh);
		return 0;
	}
	return -ESRCH;
}

static int rtnl_delroute(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_RTA_MAX + 1];
	struct rtnl_route key;
	int err;

	err = route_from_msg(rn, nlh, &key, tb, true, extack);
	if (!err)
		err = route_del(rn, skb, nlh, &key, tb, extack);
	route_release(&key);
	return err;
}

struct route_dump_ctx {
	unsigned int skip;
	/* Where the last pass stopped, valid while route_list_gen is what
	 * it was then: resuming there keeps a dump linear. */
	unsigned int resume_gen;
	const struct rtnl_route *resume;
	/* struct fib_dump_filter */
	uint32_t table;
	int dev;
	uint8_t protocol, type;
	bool filter_set;
	/* RTM_F_CLONED asks for the cached exceptions only, and
	 * RTM_F_PREFIX for prefix routes from router advertisements:
	 * neither exists here. */
	bool empty;
};

/* ip_valid_fib_dump_req()'s attributes: a table and a device. */
static int route_dump_attrs(struct rtnl_net *rn, const struct nlmsghdr *nlh,
			    struct route_dump_ctx *c, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_RTA_MAX + 1];
	int err = unl_nlmsg_parse(nlh, sizeof(struct rtmsg), tb, RTNL_RTA_MAX,
				  rtnl_rtm_ipv4_policy,
				  UNL_VALIDATE_DEPRECATED_STRICT, extack);

	if (err)
		return err;
	for (int i = 0; i <= RTNL_RTA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case RTA_TABLE:
			c->table = unl_nla_get_u32(tb[i]);
			break;
		case RTA_OIF:
			c->dev = (int)unl_nla_get_u32(tb[i]);
			if (!rtnl_link_by_index(rn, c->dev))
				return -ENODEV;
			break;
		default:
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in dump request");
			return -EINVAL;
		}
	}
	return 0;
}

/* ip_valid_fib_dump_req(), for IPv4 and IPv6 alike */
static int route_dump_valid(struct rtnl_net *rn, struct unl_callback *cb,
			    struct route_dump_ctx *c)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	struct unl_ext_ack *extack = cb->extack;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for FIB dump request");
		return -EINVAL;
	}
	if (rtm->rtm_dst_len || rtm->rtm_src_len || rtm->rtm_tos ||
	    rtm->rtm_scope) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header for FIB dump request");
		return -EINVAL;
	}
	if (rtm->rtm_flags & ~(RTM_F_CLONED | RTM_F_PREFIX)) {
		UNL_SET_ERR_MSG(extack, "Invalid flags for FIB dump request");
		return -EINVAL;
	}
	c->empty = rtm->rtm_flags != 0;
	c->protocol = rtm->rtm_protocol;
	c->type = rtm->rtm_type;
	c->table = rtm->rtm_table;
	err = route_dump_attrs(rn, nlh, c, extack);
	if (err)
		return err;
	if (rtm->rtm_flags || c->protocol || c->type || c->table || c->dev) {
		c->filter_set = true;
		cb->answer_flags = NLM_F_DUMP_FILTERED;
	}
	return 0;
}

/* inet_dump_fib() / inet6_dump_fib() up to the walk: the filter, and
 * whether the table asked for exists. */
static int route_dump_start(struct rtnl_net *rn, struct unl_callback *cb,
			    struct route_dump_ctx *c, int family)
{
	const struct nlmsghdr *nlh = cb->nlh;
	int err;

	if (cb->strict_check) {
		err = route_dump_valid(rn, cb, c);
		if (err)
			return err;
	} else if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct rtmsg))) {
		const struct rtmsg *rtm = NLMSG_DATA(nlh);

		/* unchecked, only a prefix-route dump filters */
		c->empty = rtm->rtm_flags & RTM_F_PREFIX;
	}
	if (c->table && !rtnl_fib_table_exists(rn, family, c->table)) {
		c->empty = true;
		/* an AF_UNSPEC dump skips the family */
		if (((const struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family ==
		    family) {
			UNL_SET_ERR_MSG(cb->extack, family == AF_INET
						    ? "ipv4: FIB table does not exist"
						    : "ipv6: FIB table does not exist");
			return -ENOENT;
		}
	}
	/* the table fib_get_table() gives for the id */
	if (c->table)
		c->table = rtnl_fib_table_alias(rn, family, c->table);
	return 0;
}

/* The filter of fn_trie_dump_leaf() / rt6_dump_route(). */
static bool route_dump_match(const struct route_dump_ctx *c,
			     const struct rtnl_route *rt)
{
	if (c->table && rt->table != c->table)
		return false;
	if (!c->filter_set)
		return true;
	return (!c->type || rt->type == c->type) &&
	       (!c->protocol || rt->protocol == c->protocol) &&
	       (!c->dev || nh_uses_dev(rt, c->dev));
}

static int rtnl_dump_route(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct route_dump_ctx *c = RTNL_CB_CTX(cb, struct route_dump_ctx);
	int family = (int)cb->args[4];
	const struct rtnl_route *rt = rn->routes;
	unsigned int idx = 0;
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = route_dump_start(rn, cb, c, family);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	if (c->empty)
		return 0;
	cb->seq = rn->route_seq;
	if (c->resume && c->resume_gen == rn->route_list_gen) {
		rt = c->resume;
		idx = c->skip;
	}
	for (; rt; rt = rt->next) {
		if (rt->family != family || !route_dump_match(c, rt))
			continue;
		if (idx++ < c->skip)
			continue;
		if (route_fill(rn, skb, rt, RTM_NEWROUTE,
			       rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
			       NLM_F_MULTI | cb->answer_flags)) {
			/* a route bigger than a whole buffer ends the dump
			 * with EMSGSIZE, as fib_table_dump() does */
			if (!unl_skb_len(skb))
				return -EMSGSIZE;
			c->skip = idx - 1;
			c->resume = rt;
			c->resume_gen = rn->route_list_gen;
			return (int)unl_skb_len(skb);
		}
	}
	c->skip = idx;
	c->resume = NULL;
	return 0;
}

const struct rtnl_msg_handler rtnl_route_handlers[] = {
	{ PF_INET, RTM_NEWROUTE, rtnl_newroute, NULL, 0 },
	{ PF_INET, RTM_DELROUTE, rtnl_delroute, NULL, 0 },
	{ PF_INET, RTM_GETROUTE, rtnl_getroute, rtnl_dump_route,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_INET6, RTM_NEWROUTE, rtnl_newroute, NULL, 0 },
	{ PF_INET6, RTM_DELROUTE, rtnl_delroute, NULL, 0 },
	{ PF_INET6, RTM_GETROUTE, rtnl_getroute, rtnl_dump_route,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
};
const unsigned int rtnl_route_handlers_n =
	sizeof(rtnl_route_handlers) / sizeof(rtnl_route_handlers[0]);

/* fib_props[type].error and fib6_prop[type]: what a lookup ending on a
 * route of each type reports. */
int rtnl_fib_type_error(int family, uint8_t type)
{
	switch (type) {
	case RTN_BROADCAST:
		return family == AF_INET6 ? -EINVAL : 0;
	case RTN_BLACKHOLE:
	case RTN_NAT:
	case RTN_XRESOLVE:
		return -EINVAL;
	case RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case RTN_PROHIBIT:
		return -EACCES;
	case RTN_THROW:
		return -EAGAIN;
	default:
		return 0;
	}
}
