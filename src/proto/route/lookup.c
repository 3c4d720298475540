// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Route lookups: RTM_GETROUTE's doit (`ip route get`) and
 * NETLINK_FIB_LOOKUP.  A request becomes a flow; the flow goes through
 * the policy rules (rule.c) or, while none was added, the tables main
 * and local merged into one (IPv4) or local then main (IPv6); the FIB
 * entry found becomes the route Linux would make for the flow (the
 * routing cache's struct rtable, IPv6's rt6_info), described as
 * rt_fill_info() and rt6_fill_node() describe it.
 *
 *   net/ipv4/route.c      inet_rtm_getroute, ip_route_output_key_hash_rcu,
 *                         ip_route_input_slow, rt_fill_info
 *   net/ipv4/fib_trie.c   fib_table_lookup
 *   net/ipv4/fib_frontend.c  fib_validate_source, nl_fib_lookup
 *   net/ipv4/devinet.c    inet_select_addr
 *   net/ipv6/route.c      inet6_rtm_getroute, ip6_pol_route, rt6_fill_node
 *   net/ipv6/addrconf.c   ipv6_dev_get_saddr
 *
 * No packet is ever routed: only the control-plane answer is modelled.
 * Where Linux hashes a flow over several paths with a random seed, the
 * first usable path answers (docs/conformance.md).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <linux/if_arp.h>
#include <linux/in.h>
#include <linux/in_route.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* inet_rtm_getroute() and inet6_rtm_getroute() answer in an skb of
 * NLMSG_GOODSIZE (a page less its shared info on x86-64). */
#define LOOKUP_MSG_SIZE 3776
#define LOOPBACK_IFINDEX 1
/* INET_DSCP_LEGACY_TOS_MASK: the DS bits an IPv4 route's tos matches */
#define DSCP_LEGACY_TOS_MASK 0x1c

/* ---- IPv4 addresses ---- */

static bool v4_multicast(const uint8_t *a)
{
	return (a[0] & 0xf0) == 0xe0;
}

static bool v4_local_multicast(const uint8_t *a)
{
	return a[0] == 224 && !a[1] && !a[2];
}

static bool v4_lbcast(const uint8_t *a)
{
	return a[0] == 0xff && a[1] == 0xff && a[2] == 0xff && a[3] == 0xff;
}

static bool v4_zeronet(const uint8_t *a)
{
	return a[0] == 0;
}

static bool v4_loopback(const uint8_t *a)
{
	return a[0] == 127;
}

static bool v4_any(const uint8_t *a)
{
	return !a[0] && !a[1] && !a[2] && !a[3];
}

/* A device's IPv4 setting as the IN_DEV_* macro of each reads it: the
 * device's own (IN_DEV_CONF_GET), or combined with "all" (ORCONF,
 * ANDCONF, MAXCONF). */
enum { CONF_DEV, CONF_OR, CONF_AND, CONF_MAX };

static int32_t in_dev_conf(const struct rtnl_link *l, int which, int how)
{
	int32_t dev = l ? l->cnf4[which - 1] : 0;
	int32_t all = l ? l->rn->cnf4_all[which - 1] : 0;

	switch (how) {
	case CONF_OR:
		return all || dev;
	case CONF_AND:
		return all && dev;
	case CONF_MAX:
		return all > dev ? all : dev;
	default:
		return dev;
	}
}

/* The way each setting read here combines. */
static int32_t devconf4(const struct rtnl_link *l, int which)
{
	switch (which) {
	case IPV4_DEVCONF_RP_FILTER:
	case IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN:
		return in_dev_conf(l, which, CONF_MAX);
	case IPV4_DEVCONF_SEND_REDIRECTS:
		return in_dev_conf(l, which, CONF_AND);
	case IPV4_DEVCONF_ACCEPT_LOCAL:
	case IPV4_DEVCONF_ROUTE_LOCALNET:
	case IPV4_DEVCONF_SRC_VMARK:
		return in_dev_conf(l, which, CONF_OR);
	default:
		return in_dev_conf(l, which, CONF_DEV);
	}
}

/* ip_check_mc_rcu(): a device that is up has joined all-hosts. */
static bool mc_joined(const struct rtnl_link *l, const uint8_t *group)
{
	static const uint8_t all_hosts[4] = { 224, 0, 0, 1 };

	return l && rtnl_link_running(l) && !memcmp(group, all_hosts, 4);
}

/* The first primary address of ifindex no wider than scope, in the
 * order of the device's address list (wider scopes first); with dst,
 * preferably one whose subnet holds dst. */
static const struct rtnl_addr *dev_addr4(struct rtnl_net *rn, int ifindex,
					 const uint8_t *dst, uint8_t scope,
					 bool no_link)
{
	const struct rtnl_addr *first = NULL, *match = NULL;

	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		if (a->family != AF_INET || a->ifindex != ifindex ||
		    (a->flags & IFA_F_SECONDARY) || a->scope > scope ||
		    (no_link && a->scope == RT_SCOPE_LINK))
			continue;
		if (!first || a->scope > first->scope)
			first = a;
		if (dst && rtnl_prefix_match(AF_INET, a->address, a->prefixlen,
					     dst) &&
		    (!match || a->scope > match->scope))
			match = a;
	}
	return match ? match : first;
}

/* inet_select_addr(): the device's own address, else the first other
 * device's that is not link-scoped.  NULL when there is none. */
static const uint8_t *select_addr4(struct rtnl_net *rn, int ifindex,
				   const uint8_t *dst, uint8_t scope)
{
	const struct rtnl_addr *a = dev_addr4(rn, ifindex, dst, scope, false);

	for (const struct rtnl_link *l = rn->links; !a && l; l = l->next)
		a = dev_addr4(rn, l->ifindex, NULL, scope, true);
	return a ? a->local : NULL;
}

static void set_addr4(uint8_t *to, const uint8_t *from)
{
	if (from)
		memcpy(to, from, 4);
	else
		memset(to, 0, 4);
}

/* ---- IPv4 tables (fib_table_lookup) ---- */

/* The tables a lookup in table id sees, in the trie's order: while no
 * rule was added, local is an alias of main (one trie, local's entries
 * first among those of a prefix).  Returns how many. */
static int fib4_trie(struct rtnl_net *rn, uint32_t id, uint32_t tables[2])
{
	id = rtnl_fib_table_alias(rn, AF_INET, id);
	if (!rn->fib4_custom_rules &&
	    (id == RT_TABLE_MAIN || id == RT_TABLE_LOCAL)) {
		tables[0] = RT_TABLE_LOCAL;
		tables[1] = RT_TABLE_MAIN;
		return 2;
	}
	tables[0] = id;
	return 1;
}

static bool fib4_candidate(const struct rtnl_route *rt, uint32_t table,
			   const struct rtnl_flow *fl)
{
	return rt->family == AF_INET && rt->table == table &&
	       rtnl_prefix_match(AF_INET, rt->dst, rt->dst_len, fl->dst);
}

/* l3mdev_update_flow() resets an output device that is an L3 master:
 * the lookup goes to its table (the l3mdev rule), through any
 * device. */
static bool oif_is_l3_master(struct rtnl_net *rn, const struct rtnl_flow *fl)
{
	return fl->oif && rtnl_link_is_l3_master(rtnl_link_by_index(rn, fl->oif));
}

/* fib_lookup_good_nhc() */
static bool fib4_good_nh(struct rtnl_net *rn, const struct rtnl_nh *nh,
			 const struct rtnl_flow *fl)
{
	if (nh->flags & RTNH_F_DEAD)
		return false;
	if ((nh->flags & RTNH_F_LINKDOWN) &&
	    !(fl->flags & RTNL_FLOW_IGNORE_LINKSTATE) &&
	    devconf4(rtnl_link_by_index(rn, nh->ifindex),
		     IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN))
		return false;
	/* l3mdev_update_flow(): a flow through an L3 master (`ip route
	 * get ... vrf NAME`) looks in its table with no device */
	return !fl->oif || fl->oif == nh->ifindex || oif_is_l3_master(rn, fl);
}

/* One FIB entry against the flow: 0 and res filled when it answers,
 * -EAGAIN to look further, or its type's error. */
static int fib4_try(struct rtnl_net *rn, const struct rtnl_route *rt,
		    uint32_t id, const struct rtnl_flow *fl,
		    struct rtnl_fib_res *res)
{
	int err;

	if (rt->tos && rt->tos != (fl->dscp & DSCP_LEGACY_TOS_MASK))
		return -EAGAIN;
	if (rt->scope < fl->scope)
		return -EAGAIN;
	err = rtnl_fib_type_error(AF_INET, rt->type);
	if (err < 0)
		return err;
	if (rt->nh_id) {
		const struct rtnl_nexthop *nh = rtnl_nexthop_find(rn, rt->nh_id);

		if (nh && rtnl_nexthop_is_blackhole(rn, nh))
			return rtnl_fib_type_error(AF_INET, RTN_BLACKHOLE);
	}
	for (int i = 0; i < rt->nnh; i++) {
		if (!fib4_good_nh(rn, &rt->nh[i], fl))
			continue;
		*res = (struct rtnl_fib_res){ .rt = rt, .nh_sel = i, .table = id,
					      .type = rt->type,
					      .prefixlen = rt->dst_len,
					      .dev = rt->nh[0].ifindex };
		return 0;
	}
	return -EAGAIN;
}

/* The longest prefix below bound that holds the destination, -1 when
 * none. */
static int fib4_next_len(struct rtnl_net *rn, const uint32_t *tables, int nt,
			 const struct rtnl_flow *fl, int bound)
{
	int best = -1;

	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next)
		for (int t = 0; t < nt; t++)
			if (rt->dst_len < bound && rt->dst_len > best &&
			    fib4_candidate(rt, tables[t], fl))
				best = rt->dst_len;
	return best;
}

/* fib_table_lookup(): prefixes from the longest; within one, the
 * entries in the trie's order (the list keeps tos, priority and age).
 * 0, -EAGAIN for no match, or the error of the route type found. */
int rtnl_fib4_table_lookup(struct rtnl_net *rn, uint32_t id,
			   const struct rtnl_flow *fl, struct rtnl_fib_res *res)
{
	uint32_t tables[2];
	int nt = fib4_trie(rn, id, tables);

	for (int len = fib4_next_len(rn, tables, nt, fl, 33); len >= 0;
	     len = fib4_next_len(rn, tables, nt, fl, len)) {
		for (int t = 0; t < nt; t++) {
			for (const struct rtnl_route *rt = rn->routes; rt;
			     rt = rt->next) {
				int err;

				if (rt->dst_len != len ||
				    !fib4_candidate(rt, tables[t], fl))
					continue;
				err = fib4_try(rn, rt, id, fl, res);
				if (err != -EAGAIN)
					return err;
			}
		}
	}
	return -EAGAIN;
}

/* fib4_rule_action()'s table lookup */
static int fib4_rule_table(struct rtnl_net *rn, const struct rtnl_rule *r,
			   uint32_t table, struct rtnl_flow *fl,
			   struct rtnl_fib_res *res)
{
	(void)r;
	if (!rtnl_fib_table_exists(rn, AF_INET, table))
		return -EAGAIN;
	return rtnl_fib4_table_lookup(rn, table, fl, res);
}

/* fib_lookup(): the rules once one was added, else main (with local)
 * and then default. */
int rtnl_fib4_lookup(struct rtnl_net *rn, struct rtnl_flow *fl,
		     struct rtnl_fib_res *res)
{
	int err = -ENETUNREACH;

	*res = (struct rtnl_fib_res){ 0 };
	if (rn->fib4_custom_rules) {
		err = rtnl_rules_lookup(rn, fl, fib4_rule_table, res);
		return err == -ESRCH ? -ENETUNREACH : err;
	}
	if (rtnl_fib_table_exists(rn, AF_INET, RT_TABLE_MAIN))
		err = rtnl_fib4_table_lookup(rn, RT_TABLE_MAIN, fl, res);
	/* the default table only with IP_MULTIPLE_TABLES */
	if (err && rn->feat.fib4_rules &&
	    rtnl_fib_table_exists(rn, AF_INET, RT_TABLE_DEFAULT))
		err = rtnl_fib4_table_lookup(rn, RT_TABLE_DEFAULT, fl, res);
	return err == -EAGAIN ? -ENETUNREACH : err;
}

/* __inet_dev_addr_type(): what addr is in table (for dev only, when
 * given): broadcast and multicast by their form, else the type of the
 * route there, unicast when none. */
int rtnl_inet_addr_type(struct rtnl_net *rn, int dev, const uint8_t *addr,
			uint32_t table)
{
	struct rtnl_flow fl = { .family = AF_INET };
	struct rtnl_fib_res res;

	if (v4_zeronet(addr) || v4_lbcast(addr))
		return RTN_BROADCAST;
	if (v4_multicast(addr))
		return RTN_MULTICAST;
	if (!rtnl_fib_table_exists(rn, AF_INET, table))
		return RTN_BROADCAST;
	memcpy(fl.dst, addr, 4);
	if (!rtnl_fib4_table_lookup(rn, table, &fl, &res) &&
	    (!dev || res.rt->nh[0].ifindex == dev))
		return res.type;
	return RTN_UNICAST;
}

/* ---- IPv4 routes (struct rtable) ---- */

/* What rt_fill_info() reports of the route made for a flow. */
struct dst4 {
	uint8_t type;
	uint32_t flags;   /* RTCF_* */
	int dev;
	bool uses_gw;
	uint8_t gw[4];
	const uint32_t *metrics; /* the FIB entry's, or NULL */
	bool input;
	bool redirect;    /* IPSKB_DOREDIRECT */
	/* References held: the caller's, and the routing cache's when the
	 * route is kept there (an input route found in the cache is only
	 * the cache's) */
	uint32_t clntref;
	uint32_t tclassid; /* dst.tclassid: realms (RTA_FLOW) */
};

/* set_class_tag(): the halves of the realms still unset take tag's. */
static void dst4_class_tag(struct dst4 *d, uint32_t tag)
{
	if (!(d->tclassid & 0xffff))
		d->tclassid |= tag & 0xffff;
	if (!(d->tclassid & 0xffff0000))
		d->tclassid |= tag & 0xffff0000;
}

/* rt_cache_flush() moves the generation with every route or rule
 * change: cached routes of an older one are not used. */
static unsigned int rt_genid(struct rtnl_net *rn)
{
	return rn->route_seq + rn->rule_seq + 1;
}

/* rt_cache_route() for an input route made from the entry: the first
 * one is held by the cache and the caller, one found there by the
 * cache alone. */
static uint32_t input_cache_ref(struct rtnl_net *rn,
				const struct rtnl_route *rt)
{
	struct rtnl_route *cached = (struct rtnl_route *)rt;

	if (cached->input_genid == rt_genid(rn))
		return 1;
	cached->input_genid = rt_genid(rn);
	return 2;
}

/* __ip_dev_find(): the device of a local address, or (for a loopback
 * subnet) of the local route holding it; 0 for none. */
static int dev_find4(struct rtnl_net *rn, const uint8_t *addr)
{
	const struct rtnl_addr *a = rtnl_addr_find_local(rn, AF_INET, addr);
	struct rtnl_flow fl = { .family = AF_INET };
	struct rtnl_fib_res res;

	if (a)
		return a->ifindex;
	memcpy(fl.dst, addr, 4);
	if (rtnl_fib_table_exists(rn, AF_INET, RT_TABLE_LOCAL) &&
	    !rtnl_fib4_table_lookup(rn, RT_TABLE_LOCAL, &fl, &res) &&
	    res.type == RTN_LOCAL)
		return res.rt->nh[res.nh_sel].ifindex;
	return 0;
}

/* fib_result_prefsrc(): the entry's source, else the best address of
 * its device for its gateway and scope. */
static const uint8_t *res_prefsrc4(struct rtnl_net *rn,
				   const struct rtnl_fib_res *res)
{
	const struct rtnl_route *rt = res->rt;
	const struct rtnl_nh *nh = &rt->nh[res->nh_sel];

	if (rt->has_prefsrc)
		return rt->prefsrc;
	return select_addr4(rn, nh->ifindex, nh->has_gw ? nh->gw : NULL,
			    rt->scope);
}

/* Whether a flow may use 127/8 through dev (IN_DEV_ROUTE_LOCALNET). */
static bool localnet_ok(struct rtnl_net *rn, int dev)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, dev);

	return (l && l->type == ARPHRD_LOOPBACK) ||
	       devconf4(l, IPV4_DEVCONF_ROUTE_LOCALNET);
}

/* rt_set_nexthop(): the gateway, metrics and realms of the entry, if
 * any, then the rule's realms and the source check's (itag). */
static void dst4_set_nh(struct dst4 *d, const struct rtnl_fib_res *res,
			uint32_t itag)
{
	const struct rtnl_route *rt = res->rt;
	const struct rtnl_nh *nh;

	if (rt) {
		nh = &rt->nh[res->nh_sel];
		d->metrics = rt->metrics;
		if (rt->nnh && nh->has_gw) {
			d->uses_gw = true;
			memcpy(d->gw, nh->gw, 4);
		}
		if (rt->nnh)
			d->tclassid = nh->tclassid;
	}
	dst4_class_tag(d, res->tclassid);
	dst4_class_tag(d, itag);
}

/* __mkroute_output() */
static int mkroute_output4(struct rtnl_net *rn, const struct rtnl_flow *fl,
			   const struct rtnl_fib_res *res, int orig_oif,
			   int dev_out, uint32_t flags, struct dst4 *d)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, dev_out);
	const struct rtnl_route *fi = res->rt;
	uint8_t type = res->type;
	bool cache = true;

	if (!l)
		return -EINVAL;
	if (v4_loopback(fl->src) && !localnet_ok(rn, dev_out))
		return -EINVAL;
	if (v4_lbcast(fl->dst)) {
		type = RTN_BROADCAST;
		fi = NULL;
	} else if (v4_multicast(fl->dst)) {
		type = RTN_MULTICAST;
	} else if (v4_zeronet(fl->dst)) {
		return -EINVAL;
	}
	if (l->type == ARPHRD_LOOPBACK)
		flags |= RTCF_LOCAL;
	if (type == RTN_BROADCAST) {
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
	} else if (type == RTN_MULTICAST) {
		flags |= RTCF_MULTICAST | RTCF_LOCAL;
		/* a group joined is not cached */
		if (!mc_joined(l, fl->dst))
			flags &= ~RTCF_LOCAL;
		else
			cache = false;
		/* a default route carries multicast, without its gateway */
		if (fi && res->prefixlen < 4)
			fi = NULL;
	} else if (type == RTN_LOCAL && orig_oif && orig_oif != dev_out) {
		cache = false;
	}
	*d = (struct dst4){ .type = type, .flags = flags, .dev = dev_out,
			    .clntref = fi && cache ? 2 : 1 };
	dst4_set_nh(d, res, 0);
	return 0;
}

/* The checks of a given source (ip_route_output_key_hash_rcu): 1 when
 * the route is made at once through its device, 0 to go on, or -errno. */
static int output4_saddr(struct rtnl_net *rn, struct rtnl_flow *fl,
			 int *dev_out)
{
	if (v4_any(fl->src))
		return 0;
	if (v4_multicast(fl->src) || v4_lbcast(fl->src) || v4_zeronet(fl->src))
		return -EINVAL;
	if (!fl->oif && (v4_multicast(fl->dst) || v4_lbcast(fl->dst))) {
		/* multicast and limited broadcast leave through the
		 * device of their source */
		*dev_out = dev_find4(rn, fl->src);
		if (!*dev_out)
			return -ENETUNREACH;
		fl->oif = *dev_out;
		return 1;
	}
	return dev_find4(rn, fl->src) ? 0 : -ENETUNREACH;
}

/* The output device given (ip_route_output_key_hash_rcu): 1 when the
 * route is made at once, 0 to go on, or -errno. */
static int output4_oif(struct rtnl_net *rn, struct rtnl_flow *fl,
		       int *dev_out)
{
	const struct rtnl_link *l;

	if (!fl->oif)
		return 0;
	l = rtnl_link_by_index(rn, fl->oif);
	if (!l)
		return -ENODEV;
	if (!rtnl_link_running(l))
		return -ENETUNREACH;
	*dev_out = fl->oif;
	if (v4_local_multicast(fl->dst) || v4_lbcast(fl->dst) ||
	    fl->proto == IPPROTO_IGMP) {
		if (v4_any(fl->src))
			set_addr4(fl->src, select_addr4(rn, *dev_out, NULL,
							RT_SCOPE_LINK));
		return 1;
	}
	if (v4_any(fl->src)) {
		if (v4_multicast(fl->dst))
			set_addr4(fl->src, select_addr4(rn, *dev_out, NULL,
							fl->scope));
		else if (v4_any(fl->dst))
			set_addr4(fl->src, select_addr4(rn, *dev_out, NULL,
							RT_SCOPE_HOST));
	}
	return 0;
}

/* ip_route_output_key_hash_rcu(): fl's source is filled in. */
static int route_output4(struct rtnl_net *rn, struct rtnl_flow *fl,
			 struct rtnl_fib_res *res, struct dst4 *d)
{
	static const uint8_t loopback[4] = { 127, 0, 0, 1 };
	int dev_out = 0, orig_oif = fl->oif, err;
	uint32_t flags = 0;

	*res = (struct rtnl_fib_res){ 0 };
	err = output4_saddr(rn, fl, &dev_out);
	if (!err)
		err = output4_oif(rn, fl, &dev_out);
	if (err < 0)
		return err;
	if (err)
		goto make_route;
	if (v4_any(fl->dst)) {
		memcpy(fl->dst, v4_any(fl->src) ? loopback : fl->src, 4);
		memcpy(fl->src, fl->dst, 4);
		dev_out = fl->oif = LOOPBACK_IFINDEX;
		res->type = RTN_LOCAL;
		flags |= RTCF_LOCAL;
		goto make_route;
	}
	err = rtnl_fib4_lookup(rn, fl, res);
	if (err) {
		*res = (struct rtnl_fib_res){ 0 };
		/* with a device given, the destination is taken to be on
		 * its link, unless the device is an L3 master (reset by
		 * l3mdev_update_flow()) or, for a unicast destination, in
		 * one (flowi4_l3mdev) */
		if (!fl->oif || oif_is_l3_master(rn, fl) ||
		    (!v4_multicast(fl->dst) && rtnl_l3mdev_fib_table(rn, fl->oif)))
			return err;
		if (v4_any(fl->src))
			set_addr4(fl->src, select_addr4(rn, dev_out, NULL,
							RT_SCOPE_LINK));
		res->type = RTN_UNICAST;
		goto make_route;
	}
	if (res->type == RTN_LOCAL) {
		if (v4_any(fl->src))
			memcpy(fl->src, res->rt->has_prefsrc ? res->rt->prefsrc
							     : fl->dst, 4);
		/* the device of the entry, though it leaves through lo */
		orig_oif = res->rt->nh[res->nh_sel].ifindex;
		dev_out = fl->oif = LOOPBACK_IFINDEX;
		flags |= RTCF_LOCAL;
		goto make_route;
	}
	/* fib_select_path() */
	if (v4_any(fl->src))
		set_addr4(fl->src, res_prefsrc4(rn, res));
	dev_out = res->rt->nh[res->nh_sel].ifindex;
make_route:
	return mkroute_output4(rn, fl, res, orig_oif, dev_out, flags, d);
}

/* The flow of a reverse lookup toward a source (__fib_validate_source). */
static void validate_flow4(struct rtnl_net *rn, const struct rtnl_flow *in,
			   const uint8_t *dst, int oif,
			   const struct rtnl_link *dev, struct rtnl_flow *fl)
{
	*fl = (struct rtnl_flow){ .family = AF_INET,
				  .iif = oif ? oif : LOOPBACK_IFINDEX,
				  .dscp = in->dscp };
	memcpy(fl->dst, in->src, 4);
	set_addr4(fl->src, dst);
	if (devconf4(dev, IPV4_DEVCONF_SRC_VMARK))
		fl->mark = in->mark;
	if (rtnl_rules_need_ports(rn, AF_INET)) {
		fl->proto = in->proto;
		fl->sport = in->dport;
		fl->dport = in->sport;
	}
}

/* Whether route rt goes through ifindex. */
static bool route_uses_dev(const struct rtnl_route *rt, int ifindex)
{
	for (int i = 0; i < rt->nnh; i++)
		if (rt->nh[i].ifindex == ifindex)
			return true;
	return false;
}

static bool dev_has_addr4(struct rtnl_net *rn, int ifindex)
{
	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next)
		if (a->family == AF_INET && a->ifindex == ifindex)
			return true;
	return false;
}

/* fib_combine_itag(): the realms the route back to the source gives a
 * route coming in: its path's as the source realm, else its rule's. */
static uint32_t combine_itag(struct rtnl_net *rn,
			     const struct rtnl_fib_res *res)
{
	uint32_t itag = 0;

	if (res->rt && res->rt->nnh)
		itag = res->rt->nh[res->nh_sel].tclassid << 16;
	if (rn->feat.fib4_rules) {
		if (!itag)
			itag = res->tclassid << 16;
		itag |= res->tclassid >> 16;
	}
	return itag;
}

/* __fib_validate_source(): the route back to the source must be a
 * unicast one; 1 when it leaves through dev directly, 0, or -errno.
 * *itag gets the realms it gives. */
static int validate_source_full(struct rtnl_net *rn, const struct rtnl_flow *in,
				const uint8_t *dst, int oif,
				const struct rtnl_link *dev, int rpf,
				uint32_t *itag)
{
	struct rtnl_flow fl;
	struct rtnl_fib_res res;

	validate_flow4(rn, in, dst, oif, dev, &fl);
	if (rtnl_fib4_lookup(rn, &fl, &res))
		return rpf ? -EXDEV : 0;
	if (res.type != RTN_UNICAST &&
	    (res.type != RTN_LOCAL ||
	     !devconf4(dev, IPV4_DEVCONF_ACCEPT_LOCAL)))
		return -EINVAL;
	*itag = combine_itag(rn, &res);
	if (route_uses_dev(res.rt, dev->ifindex) ||
	    (res.type == RTN_LOCAL && dev->type == ARPHRD_LOOPBACK))
		return !res.rt->nh[res.nh_sel].has_gw;
	if (!dev_has_addr4(rn, dev->ifindex))
		return rpf ? -EXDEV : 0;
	if (rpf == 1)
		return -EXDEV;
	fl.oif = dev->ifindex;
	fl.flags |= RTNL_FLOW_IGNORE_LINKSTATE;
	if (!rtnl_fib4_lookup(rn, &fl, &res) && res.type == RTN_UNICAST)
		return !res.rt->nh[res.nh_sel].has_gw;
	return 0;
}

/* fib_num_tclassid_users(): IPv4 rules and paths with realms. */
static bool realms_in_use(struct rtnl_net *rn)
{
	for (const struct rtnl_rule *r = rn->rules; r; r = r->next)
		if (r->family == AF_INET && r->tclassid)
			return true;
	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next)
		for (int i = 0; rt->family == AF_INET && i < rt->nnh; i++)
			if (rt->nh[i].tclassid)
				return true;
	return false;
}

/* fib_validate_source(): without reverse-path filtering, a source that
 * is one of our addresses is refused, unless rules or hand-made local
 * routes ask for the full check.  *itag gets the realms it gives. */
static int validate_source4(struct rtnl_net *rn, const struct rtnl_flow *in,
			    const uint8_t *dst, int oif,
			    const struct rtnl_link *dev, uint32_t *itag)
{
	int rpf = devconf4(dev, IPV4_DEVCONF_RP_FILTER);

	*itag = 0;
	if (!rpf && !realms_in_use(rn) &&
	    (dev->ifindex != oif ||
	     !devconf4(dev, IPV4_DEVCONF_SEND_REDIRECTS))) {
		if (devconf4(dev, IPV4_DEVCONF_ACCEPT_LOCAL))
			return 0;
		if (!rn->fib4_custom_local_routes && !rn->fib4_custom_rules)
			return rtnl_addr_find_local(rn, AF_INET, in->src)
				       ? -EINVAL : 0;
	}
	return validate_source_full(rn, in, dst, oif, dev, rpf, itag);
}

/* ip_route_input_mc() with ip_mc_validate_source() */
static int route_input4_mc(struct rtnl_net *rn, const struct rtnl_flow *fl,
			   const struct rtnl_link *dev, bool our,
			   struct dst4 *d)
{
	if (v4_multicast(fl->src) || v4_lbcast(fl->src))
		return -EINVAL;
	if (v4_loopback(fl->src) &&
	    !devconf4(dev, IPV4_DEVCONF_ROUTE_LOCALNET))
		return -EINVAL;
	uint32_t itag = 0;

	if (v4_zeronet(fl->src)) {
		if (!v4_local_multicast(fl->dst) && fl->proto != IPPROTO_IGMP)
			return -EINVAL;
	} else if (validate_source4(rn, fl, NULL, 0, dev, &itag) < 0) {
		return -EINVAL;
	}
	*d = (struct dst4){ .type = RTN_MULTICAST, .dev = LOOPBACK_IFINDEX,
			    .flags = RTCF_MULTICAST | (our ? RTCF_LOCAL : 0),
			    .input = true, .clntref = 1, .tclassid = itag };
	return 0;
}

/* __mkroute_input(): forwarded out of the entry's device. */
static int mkroute_input4(struct rtnl_net *rn, const struct rtnl_flow *fl,
			  const struct rtnl_fib_res *res,
			  const struct rtnl_link *dev, struct dst4 *d)
{
	const struct rtnl_nh *nh = &res->rt->nh[res->nh_sel];
	const struct rtnl_link *out = rtnl_link_by_index(rn, nh->ifindex);
	uint32_t itag;
	int err = validate_source4(rn, fl, fl->dst, nh->ifindex, dev, &itag);

	if (err < 0)
		return -EINVAL;
	*d = (struct dst4){ .type = res->type, .dev = nh->ifindex,
			    .input = true,
			    .clntref = input_cache_ref(rn, res->rt) };
	/* back out of the device it came from, to a directly connected
	 * source: the sender is told of the better hop */
	d->redirect = out == dev && err > 0 &&
		      devconf4(out, IPV4_DEVCONF_SEND_REDIRECTS);
	dst4_set_nh(d, res, itag);
	return 0;
}

/* The input route to this host (local_input): through lo, cached when
 * an entry made it; its realms are the source check's. */
static int input4_local(struct rtnl_net *rn, struct rtnl_fib_res *res,
			uint32_t flags, uint32_t itag, struct dst4 *d)
{
	*d = (struct dst4){ .type = res->type, .dev = LOOPBACK_IFINDEX,
			    .flags = flags | RTCF_LOCAL, .input = true,
			    .clntref = res->rt ? input_cache_ref(rn, res->rt)
					       : 1,
			    .tclassid = itag };
	return 0;
}

/* brd_input */
static int input4_broadcast(struct rtnl_net *rn, const struct rtnl_flow *fl,
			    const struct rtnl_link *dev,
			    struct rtnl_fib_res *res, struct dst4 *d)
{
	uint32_t itag = 0;

	if (!v4_zeronet(fl->src) &&
	    validate_source4(rn, fl, NULL, 0, dev, &itag) < 0)
		return -EINVAL;
	res->type = RTN_BROADCAST;
	return input4_local(rn, res, RTCF_BROADCAST, itag, d);
}

/* The flow ip_route_input_slow() looks up: the device's, uid 0, and the
 * L4 fields only when a rule wants them. */
static void input4_flow(struct rtnl_net *rn, const struct rtnl_flow *in,
			struct rtnl_flow *fl)
{
	*fl = *in;
	fl->oif = 0;
	fl->uid = 0;
	fl->scope = RT_SCOPE_UNIVERSE;
	if (!rtnl_rules_need_ports(rn, AF_INET)) {
		fl->proto = 0;
		fl->sport = fl->dport = 0;
	}
}

/* ip_route_input_slow(): martians are -EINVAL; a destination no route
 * leads to is the lookup's error, EHOSTUNREACH when not forwarding. */
static int route_input4_slow(struct rtnl_net *rn, const struct rtnl_flow *in,
			     const struct rtnl_link *dev,
			     struct rtnl_fib_res *res, struct dst4 *d)
{
	bool localnet = devconf4(dev, IPV4_DEVCONF_ROUTE_LOCALNET);
	bool forward = devconf4(dev, IPV4_DEVCONF_FORWARDING);
	struct rtnl_flow fl;
	int err;

	*res = (struct rtnl_fib_res){ 0 };
	if (v4_multicast(in->src) || v4_lbcast(in->src))
		return -EINVAL;
	if (v4_lbcast(in->dst) || (v4_any(in->src) && v4_any(in->dst)))
		return input4_broadcast(rn, in, dev, res, d);
	if (v4_zeronet(in->src) || v4_zeronet(in->dst))
		return -EINVAL;
	if ((v4_loopback(in->dst) || v4_loopback(in->src)) && !localnet)
		return -EINVAL;
	input4_flow(rn, in, &fl);
	err = rtnl_fib4_lookup(rn, &fl, res);
	if (err)
		return forward ? err : -EHOSTUNREACH;
	if (res->type == RTN_BROADCAST)
		return input4_broadcast(rn, in, dev, res, d);
	if (res->type == RTN_LOCAL) {
		uint32_t itag;

		if (validate_source4(rn, in, in->dst, 0, dev, &itag) < 0)
			return -EINVAL;
		return input4_local(rn, res, 0, itag, d);
	}
	if (!forward)
		return -EHOSTUNREACH;
	if (res->type != RTN_UNICAST)
		return -EINVAL;
	return mkroute_input4(rn, in, res, dev, d);
}

/* ip_route_input_rcu() */
static int route_input4(struct rtnl_net *rn, const struct rtnl_flow *fl,
			struct rtnl_fib_res *res, struct dst4 *d)
{
	const struct rtnl_link *dev = rtnl_link_by_index(rn, fl->iif);

	*res = (struct rtnl_fib_res){ 0 };
	if (v4_multicast(fl->dst)) {
		bool our = mc_joined(dev, fl->dst);

		/* no multicast routing: other groups are dropped */
		return our ? route_input4_mc(rn, fl, dev, our, d) : -EINVAL;
	}
	return route_input4_slow(rn, fl, dev, res, d);
}

/* rt_fill_info(): the route made for the flow, for the request's own
 * destination and source (src NULL when none was given); table and tos
 * are the FIB entry's. */
static int rt_fill_info4(const struct rtnl_net *rn, struct unl_skb *skb,
			 const struct dst4 *d,
			 const struct rtnl_flow *fl, const uint8_t *dst,
			 const uint8_t *src, uint32_t table, uint8_t tos,
			 uint32_t uid, bool notify, uint32_t pid, uint32_t seq)
{
	struct rta_cacheinfo ci = { .rta_clntref = d->clntref };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint32_t flags = d->flags | (notify ? RTCF_NOTIFY : 0);

	nlh = unl_nlmsg_put(skb, pid, seq, RTM_NEWROUTE, sizeof(*rtm), 0);
	if (!nlh)
		return -EMSGSIZE;
	rtm = NLMSG_DATA(nlh);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_src_len = src ? 32 : 0;
	rtm->rtm_tos = tos;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_COMPAT;
	rtm->rtm_type = d->type;
	rtm->rtm_flags = (flags & ~0xffffu) | RTM_F_CLONED |
			 (notify ? RTM_F_NOTIFY : 0) |
			 (d->redirect ? RTCF_DOREDIRECT : 0);
	if (unl_nla_put_u32(skb, RTA_TABLE, table) ||
	    unl_nla_put(skb, RTA_DST, 4, dst) ||
	    (src && unl_nla_put(skb, RTA_SRC, 4, src)) ||
	    unl_nla_put_u32(skb, RTA_OIF, (uint32_t)d->dev) ||
	    (d->tclassid && unl_nla_put_u32(skb, RTA_FLOW, d->tclassid)) ||
	    /* the source chosen, when it is not the one asked for */
	    (!d->input && memcmp(fl->src, src ? src : (const uint8_t *)"\0\0\0",
				 4) &&
	     unl_nla_put(skb, RTA_PREFSRC, 4, fl->src)) ||
	    (d->uses_gw && unl_nla_put(skb, RTA_GATEWAY, 4, d->gw)) ||
	    rtnl_put_metrics(skb, rn, d->metrics) ||
	    (fl->mark && unl_nla_put_u32(skb, RTA_MARK, fl->mark)) ||
	    (uid != RTNL_UID_INVALID && unl_nla_put_u32(skb, RTA_UID, uid)) ||
	    (d->input && unl_nla_put_u32(skb, RTA_IIF, (uint32_t)fl->iif)) ||
	    unl_nla_put(skb, RTA_CACHEINFO, sizeof(ci), &ci)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ---- RTM_GETROUTE: the request ---- */

/* What inet_rtm_getroute() and inet6_rtm_getroute() take from a
 * request. */
struct route_req {
	const struct rtmsg *rtm;
	const uint8_t *dst, *src; /* NULL when not given */
	int iif, oif;
	uint32_t mark;
	uint32_t uid;
	bool has_uid;
	uint8_t proto;
	bool has_proto;
	uint16_t sport, dport;
	uint32_t flowlabel;
};

/* The messages of the two families' checks. */
struct route_get_msgs {
	const char *header, *values, *flags, *lens, *attr;
};

static const struct route_get_msgs get_msgs4 = {
	"ipv4: Invalid header for route get request",
	"ipv4: Invalid values in header for route get request",
	"ipv4: Unsupported rtm_flags for route get request",
	"ipv4: rtm_src_len and rtm_dst_len must be 32 for IPv4",
	"ipv4: Unsupported attribute in route get request",
};

static const struct route_get_msgs get_msgs6 = {
	"ipv6: Invalid header for get route request",
	"ipv6: Invalid values in header for get route request",
	"ipv6: Invalid flags for get route request",
	"ipv6: rtm_src_len and rtm_dst_len must be 128 for IPv6",
	"ipv6: Unsupported attribute in get route request",
};

static bool get_attr_allowed(int type, int family)
{
	switch (type) {
	case RTA_IIF:
	case RTA_OIF:
	case RTA_SRC:
	case RTA_DST:
	case RTA_IP_PROTO:
	case RTA_SPORT:
	case RTA_DPORT:
	case RTA_MARK:
	case RTA_UID:
		return true;
	case RTNL_RTA_FLOWLABEL:
		return family == AF_INET6;
	default:
		return false;
	}
}

/* The strict part of inet_rtm_valid_getroute_req() and
 * inet6_rtm_valid_getroute_req(). */
static int route_get_strict(const struct nlmsghdr *nlh,
			    const struct nlattr **tb,
			    const struct route_get_msgs *m,
			    struct unl_ext_ack *extack)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	bool v4 = rtm->rtm_family == AF_INET;
	uint8_t full = v4 ? 32 : 128;
	uint32_t allowed = v4 ? RTM_F_NOTIFY | RTM_F_LOOKUP_TABLE | RTM_F_FIB_MATCH
			      : RTM_F_FIB_MATCH;
	int err;

	if ((rtm->rtm_src_len && rtm->rtm_src_len != full) ||
	    (rtm->rtm_dst_len && rtm->rtm_dst_len != full) ||
	    rtm->rtm_table || rtm->rtm_protocol || rtm->rtm_scope ||
	    rtm->rtm_type) {
		UNL_SET_ERR_MSG(extack, m->values);
		return -EINVAL;
	}
	if (rtm->rtm_flags & ~allowed) {
		UNL_SET_ERR_MSG(extack, m->flags);
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*rtm), tb, RTNL_RTA_MAX,
			      v4 ? rtnl_rtm_ipv4_policy : rtnl_rtm_ipv6_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	if ((tb[RTA_SRC] && !rtm->rtm_src_len) ||
	    (tb[RTA_DST] && !rtm->rtm_dst_len)) {
		UNL_SET_ERR_MSG(extack, m->lens);
		return -EINVAL;
	}
	for (int i = 0; i <= RTNL_RTA_MAX; i++) {
		if (!tb[i])
			continue;
		if (!get_attr_allowed(i, rtm->rtm_family)) {
			UNL_SET_ERR_MSG(extack, m->attr);
			return -EINVAL;
		}
		if (i == RTNL_RTA_FLOWLABEL &&
		    (ntohl(*(const uint32_t *)unl_nla_data(tb[i])) & ~0xfffffu)) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[i], "Invalid flow label");
			return -EINVAL;
		}
	}
	return 0;
}

/* inet_rtm_valid_getroute_req() / inet6_rtm_valid_getroute_req() */
static int route_get_valid(struct unl_skb *skb, const struct nlmsghdr *nlh,
			   const struct nlattr **tb,
			   struct unl_ext_ack *extack)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	bool v4 = rtm->rtm_family == AF_INET;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm))) {
		UNL_SET_ERR_MSG(extack, v4 ? get_msgs4.header : get_msgs6.header);
		return -EINVAL;
	}
	if (unl_skb_strict_check(skb))
		return route_get_strict(nlh, tb, v4 ? &get_msgs4 : &get_msgs6,
					extack);
	return unl_nlmsg_parse(nlh, sizeof(*rtm), tb, RTNL_RTA_MAX,
			       v4 ? rtnl_rtm_ipv4_policy : rtnl_rtm_ipv6_policy,
			       UNL_VALIDATE_LIBERAL, extack);
}

/* rtm_getroute_parse_ip_proto() */
static int route_get_proto(const struct nlattr *a, int family, uint8_t *proto,
			   struct unl_ext_ack *extack)
{
	*proto = unl_nla_get_u8(a);
	switch (*proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		return 0;
	case IPPROTO_ICMP:
		if (family == AF_INET)
			return 0;
		break;
	case IPPROTO_ICMPV6:
		if (family == AF_INET6)
			return 0;
		break;
	}
	UNL_SET_ERR_MSG(extack, "Unsupported ip proto");
	return -EOPNOTSUPP;
}

/* The fields of the request; IPv6 addresses must be whole. */
static int route_req_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
			   struct route_req *rq, struct unl_ext_ack *extack)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	int n = rtm->rtm_family == AF_INET ? 4 : 16;

	*rq = (struct route_req){ .rtm = rtm, .proto = IPPROTO_UDP };
	if (rtm->rtm_family == AF_INET6 &&
	    ((tb[RTA_SRC] && unl_nla_len(tb[RTA_SRC]) < n) ||
	     (tb[RTA_DST] && unl_nla_len(tb[RTA_DST]) < n)))
		return -EINVAL;
	rq->src = tb[RTA_SRC] ? unl_nla_data(tb[RTA_SRC]) : NULL;
	rq->dst = tb[RTA_DST] ? unl_nla_data(tb[RTA_DST]) : NULL;
	rq->iif = tb[RTA_IIF] ? (int)unl_nla_get_u32(tb[RTA_IIF]) : 0;
	rq->oif = tb[RTA_OIF] ? (int)unl_nla_get_u32(tb[RTA_OIF]) : 0;
	rq->mark = tb[RTA_MARK] ? unl_nla_get_u32(tb[RTA_MARK]) : 0;
	rq->has_uid = tb[RTA_UID] != NULL;
	rq->uid = rq->has_uid ? unl_nla_get_u32(tb[RTA_UID]) : 0;
	if (tb[RTA_SPORT])
		rq->sport = ntohs(*(const uint16_t *)unl_nla_data(tb[RTA_SPORT]));
	if (tb[RTA_DPORT])
		rq->dport = ntohs(*(const uint16_t *)unl_nla_data(tb[RTA_DPORT]));
	if (tb[RTNL_RTA_FLOWLABEL])
		rq->flowlabel = ntohl(*(const uint32_t *)unl_nla_data(tb[RTNL_RTA_FLOWLABEL]));
	if (rtm->rtm_family == AF_INET6)
		rq->proto = 0;
	if (tb[RTA_IP_PROTO]) {
		rq->has_proto = true;
		return route_get_proto(tb[RTA_IP_PROTO], rtm->rtm_family,
				       &rq->proto, extack);
	}
	return 0;
}

/* Send the one answer of a GET. */
static int route_get_reply(struct rtnl_net *rn, struct unl_skb *skb,
			   struct unl_skb *nskb, int err)
{
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

/* inet_rtm_getroute() after the checks */
static int route_get4(struct rtnl_net *rn, struct unl_skb *skb,
		      const struct nlmsghdr *nlh, const struct route_req *rq)
{
	const struct rtmsg *rtm = rq->rtm;
	uint8_t dst[4] = { 0 }, src[4] = { 0 };
	struct rtnl_flow fl = { .family = AF_INET, .mark = rq->mark,
				.dscp = rtm->rtm_tos & 0xfc, .proto = rq->proto,
				.sport = rq->sport, .dport = rq->dport };
	struct rtnl_fib_res res;
	struct dst4 d;
	struct unl_skb *nskb;
	uint32_t uid, table = RT_TABLE_MAIN;
	int err;

	if (rq->src)
		memcpy(src, rq->src, 4);
	if (rq->dst)
		memcpy(dst, rq->dst, 4);
	memcpy(fl.dst, dst, 4);
	memcpy(fl.src, src, 4);
	uid = rq->has_uid ? rq->uid
			  : rq->iif ? RTNL_UID_INVALID : unl_skb_cb(skb)->creds.uid;
	fl.uid = uid;
	if (rq->iif) {
		if (!rtnl_link_by_index(rn, rq->iif))
			return -ENODEV;
		fl.iif = rq->iif;
		err = route_input4(rn, &fl, &res, &d);
	} else {
		fl.iif = LOOPBACK_IFINDEX;
		fl.oif = rq->oif;
		err = route_output4(rn, &fl, &res, &d);
	}
	if (err)
		return err;
	if (rtm->rtm_flags & RTM_F_LOOKUP_TABLE)
		table = res.table;
	nskb = unl_skb_alloc(LOOKUP_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	if (rtm->rtm_flags & RTM_F_FIB_MATCH) {
		/* the FIB entry itself, which a route made without one has
		 * not got */
		if (!res.rt) {
			err = rtnl_fib_type_error(AF_INET, res.type);
			unl_skb_free(nskb);
			return err ? err : -EHOSTUNREACH;
		}
		err = rtnl_route_fill_match(rn, nskb, res.rt, table, d.type, 0,
					    rtnl_req_portid(skb),
					    nlh->nlmsg_seq);
	} else {
		err = rt_fill_info4(rn, nskb, &d, &fl, dst, v4_any(src) ? NULL : src,
				    table, res.rt ? res.rt->tos : 0, uid,
				    rtm->rtm_flags & RTM_F_NOTIFY,
				    rtnl_req_portid(skb), nlh->nlmsg_seq);
	}
	return route_get_reply(rn, skb, nskb, err);
}

/* ---- IPv6 addresses ---- */

#define SCOPE6_LINK 0x2
#define SCOPE6_SITE 0x5
#define SCOPE6_GLOBAL 0xe

static bool v6_any(const uint8_t *a)
{
	static const uint8_t zero[16];

	return !memcmp(a, zero, 16);
}

static bool v6_loopback(const uint8_t *a)
{
	static const uint8_t lo[16] = { [15] = 1 };

	return !memcmp(a, lo, 16);
}

static bool v6_multicast(const uint8_t *a)
{
	return a[0] == 0xff;
}

static bool v6_linklocal(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static bool v6_mapped_or_compat(const uint8_t *a)
{
	static const uint8_t zero[10];

	return !memcmp(a, zero, 10) &&
	       ((a[10] == 0xff && a[11] == 0xff) ||
		(!a[10] && !a[11] && !v6_any(a) && !v6_loopback(a)));
}

/* __ipv6_addr_src_scope(__ipv6_addr_type()): -1 for ::. */
static int v6_scope(const uint8_t *a)
{
	if (v6_any(a))
		return -1;
	if (v6_multicast(a))
		return a[1] & 0x0f;
	if (v6_linklocal(a) || v6_loopback(a))
		return SCOPE6_LINK;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return SCOPE6_SITE;
	return SCOPE6_GLOBAL;
}

/* rt6_need_strict(): such destinations are reached through the device
 * given only. */
static bool v6_need_strict(const uint8_t *a)
{
	return v6_multicast(a) || v6_linklocal(a) || v6_loopback(a);
}

static bool v6_orchid(const uint8_t *a)
{
	static const uint8_t orchid[16] = { 0x20, 0x01, 0x00, 0x10 };

	return rtnl_prefix_match(AF_INET6, orchid, 28, a);
}

static int v6_common_bits(const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < 16; i++)
		if (a[i] != b[i])
			return i * 8 + __builtin_clz((unsigned)(a[i] ^ b[i])) - 24;
	return 128;
}

/* What ipv6_dev_get_saddr() compares a candidate with. */
struct saddr6_dst {
	const uint8_t *addr;
	int ifindex, scope;
	uint32_t label;
	bool orchid;
};

#define SADDR6_RULES 9

/* The candidate's score by each rule of RFC 6724 section 5, as
 * ipv6_get_saddr_eval() rates them (no mobile IPv6: no home address
 * rule; temporary addresses are avoided, optimistic ones last). */
static void saddr6_score(struct rtnl_net *rn, const struct rtnl_addr *a,
			 const struct saddr6_dst *d, int *v)
{
	int scope = v6_scope(a->local);
	int prefix = v6_common_bits(a->local, d->addr);

	v[0] = !memcmp(a->local, d->addr, 16);
	v[1] = scope >= d->scope ? -scope : scope - 128;
	v[2] = v6_mapped_or_compat(a->local) || v6_loopback(a->local) ||
	       !(a->flags & (IFA_F_DEPRECATED | IFA_F_OPTIMISTIC));
	v[3] = !d->ifindex || d->ifindex == a->ifindex;
	v[4] = rtnl_addrlabel_get(rn, a->local, a->ifindex) == d->label;
	v[5] = !(a->flags & IFA_F_TEMPORARY);
	v[6] = v6_orchid(a->local) == d->orchid;
	v[7] = prefix > a->prefixlen ? a->prefixlen : prefix;
	v[8] = !(a->flags & IFA_F_OPTIMISTIC);
}

static bool saddr6_candidate(const struct rtnl_addr *a, int ifindex)
{
	return a->family == AF_INET6 && a->ifindex == ifindex &&
	       (!(a->flags & IFA_F_TENTATIVE) ||
		(a->flags & IFA_F_OPTIMISTIC)) &&
	       !v6_any(a->local) && !v6_multicast(a->local);
}

/* The device's candidates against the best so far. */
static const struct rtnl_addr *saddr6_dev(struct rtnl_net *rn, int ifindex,
					  const struct saddr6_dst *d,
					  const struct rtnl_addr *best,
					  int *hi)
{
	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		int v[SADDR6_RULES];

		if (!saddr6_candidate(a, ifindex))
			continue;
		saddr6_score(rn, a, d, v);
		/* the first rule that tells them apart decides; on a tie
		 * the earlier candidate stays */
		for (int i = 0; i < SADDR6_RULES; i++) {
			if (best && v[i] < hi[i])
				break;
			if (!best || v[i] > hi[i]) {
				best = a;
				memcpy(hi, v, sizeof(v));
				break;
			}
		}
	}
	return best;
}

/* ipv6_dev_get_saddr(): the source for dst leaving through dev (0 for
 * any); 0 and out filled, or -EADDRNOTAVAIL. */
static int saddr6_get(struct rtnl_net *rn, int dev, const uint8_t *dst,
		      uint8_t *out)
{
	const struct rtnl_link *l = dev ? rtnl_link_by_index(rn, dev) : NULL;
	struct saddr6_dst d = { .addr = dst, .ifindex = dev,
				.scope = v6_scope(dst),
				.label = rtnl_addrlabel_get(rn, dst, dev),
				.orchid = v6_orchid(dst) };
	const struct rtnl_addr *best = NULL;
	int hi[SADDR6_RULES];

	/* multicast and link-scoped destinations: the device's own
	 * addresses only */
	if (l && (v6_multicast(dst) || d.scope <= SCOPE6_LINK)) {
		if (!l->no_inet6)
			best = saddr6_dev(rn, dev, &d, NULL, hi);
	} else {
		for (l = rn->links; l; l = l->next)
			if (!l->no_inet6)
				best = saddr6_dev(rn, l->ifindex, &d, best, hi);
	}
	if (!best)
		return -EADDRNOTAVAIL;
	memcpy(out, best->local, 16);
	return 0;
}

/* ---- IPv6 tables (fib6_table_lookup, ip6_pol_route) ---- */

#define RT6_NUD_FAIL_HARD (-3)

/* rt6_score_route(): the device asked for, then the router
 * preference (neighbours are taken to be reachable). */
static int fib6_score(struct rtnl_net *rn, const struct rtnl_route *rt,
		      const struct rtnl_nh *nh, int oif, unsigned int strict)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, nh->ifindex);
	int m = 0;

	if (nh->flags & RTNH_F_DEAD)
		return RT6_NUD_FAIL_HARD;
	if ((nh->flags & RTNH_F_LINKDOWN) && l &&
	    !(strict & RTNL_FLOW_IGNORE_LINKSTATE) &&
	    l->cnf6[DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN])
		return RT6_NUD_FAIL_HARD;
	if (!oif || nh->ifindex == oif)
		m = 2;
	else if (strict & RTNL_FLOW_IFACE)
		return RT6_NUD_FAIL_HARD;
	/* IPV6_DECODE_PREF(): low 1, medium 2, high 3 */
	return m | ((rt->pref ^ 2) & 3) << 2;
}

/* find_rr_leaf() over the routes of one prefix: the best score among
 * those of the lowest metric, else among all the others. */
static const struct rtnl_route *fib6_select(struct rtnl_net *rn,
					    const struct rtnl_route **v, int n,
					    int oif, unsigned int strict,
					    int *nh_sel)
{
	const struct rtnl_route *best = NULL;
	int mpri = -1;

	for (int pass = 0; pass < 2 && !best; pass++) {
		for (int i = 0; i < n; i++) {
			bool first_metric = v[i]->priority == v[0]->priority;

			if (first_metric != (pass == 0))
				continue;
			/* find_match(): an expired route is passed over */
			if (rtnl_route_expired(rn, v[i]))
				continue;
			for (int k = 0; k < v[i]->nnh; k++) {
				int m = fib6_score(rn, v[i], &v[i]->nh[k], oif,
						   strict);

				if (m > mpri) {
					mpri = m;
					best = v[i];
					*nh_sel = k;
				}
			}
		}
	}
	return best;
}

static bool fib6_candidate(const struct rtnl_route *rt, uint32_t table,
			   const struct rtnl_flow *fl)
{
	return rt->family == AF_INET6 && rt->table == table &&
	       rtnl_prefix_match(AF_INET6, rt->dst, rt->dst_len, fl->dst) &&
	       rtnl_prefix_match(AF_INET6, rt->src, rt->src_len, fl->src);
}

/* The next node of the tree to look at: the most specific (destination,
 * source) prefix pair below (dlen, slen) in that order; false when none. */
static bool fib6_next_node(struct rtnl_net *rn, uint32_t table,
			   const struct rtnl_flow *fl, int *dlen, int *slen)
{
	int bd = -1, bs = -1;

	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (!fib6_candidate(rt, table, fl))
			continue;
		if (rt->dst_len > *dlen ||
		    (rt->dst_len == *dlen && rt->src_len >= *slen))
			continue;
		if (rt->dst_len > bd || (rt->dst_len == bd && rt->src_len > bs)) {
			bd = rt->dst_len;
			bs = rt->src_len;
		}
	}
	*dlen = bd;
	*slen = bs;
	return bd >= 0;
}

/* fib6_table_lookup(): the most specific node whose routes give a
 * match, backtracking toward the root. */
static const struct rtnl_route *fib6_table_lookup(struct rtnl_net *rn,
						  uint32_t table,
						  const struct rtnl_flow *fl,
						  int oif, int *nh_sel)
{
	const struct rtnl_route **v = NULL;
	const struct rtnl_route *found = NULL;
	int dlen = 129, slen = 0, cap = 0;

	while (!found && fib6_next_node(rn, table, fl, &dlen, &slen)) {
		int n = 0;

		for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
			if (!fib6_candidate(rt, table, fl) ||
			    rt->dst_len != dlen || rt->src_len != slen)
				continue;
			if (n == cap) {
				int nc = cap ? cap * 2 : 8;
				const struct rtnl_route **nv =
					realloc(v, (size_t)nc * sizeof(*v));

				if (!nv)
					break;
				v = nv;
				cap = nc;
			}
			v[n++] = rt;
		}
		found = fib6_select(rn, v, n, oif, fl->flags, nh_sel);
	}
	free(v);
	return found;
}

/* ip6_rt_get_dev_rcu(): local and anycast routes go through lo. */
static int fib6_dst_dev(const struct rtnl_route *rt, int nh_sel)
{
	if (rt->type == RTN_LOCAL || rt->type == RTN_ANYCAST)
		return LOOPBACK_IFINDEX;
	return rt->nh[nh_sel].ifindex;
}

/* ip6_pol_route() on one table: 0 with res filled, the route type's
 * error (res filled too), or -ENETUNREACH with res->rt NULL (the null
 * entry).  Input lookups prefer the input device. */
static int fib6_pol_route(struct rtnl_net *rn, uint32_t table,
			  const struct rtnl_flow *fl, struct rtnl_fib_res *res)
{
	int oif = fl->oif ? fl->oif : (fl->iif != LOOPBACK_IFINDEX ? fl->iif : 0);
	int nh = 0;

	/* l3mdev_update_flow(): an L3 master sends to its table, through
	 * any device */
	if (oif_is_l3_master(rn, fl))
		oif = 0;
	const struct rtnl_route *rt;

	*res = (struct rtnl_fib_res){ 0 };
	rt = fib6_table_lookup(rn, table, fl, oif, &nh);
	if (!rt)
		return -ENETUNREACH;
	*res = (struct rtnl_fib_res){ .rt = rt, .nh_sel = nh, .table = table,
				      .type = rt->type,
				      .prefixlen = rt->dst_len,
				      .dev = fib6_dst_dev(rt, nh) };
	return rtnl_fib_type_error(AF_INET6, rt->type);
}

/* __fib6_rule_action()'s table lookup, with fib6_rule_saddr(): a rule
 * that may find the source (FIB_RULE_FIND_SADDR) needs one in its
 * prefix from the route's device. */
static int fib6_rule_table(struct rtnl_net *rn, const struct rtnl_rule *r,
			   uint32_t table, struct rtnl_flow *fl,
			   struct rtnl_fib_res *res)
{
	int err;

	if (!rtnl_fib_table_exists(rn, AF_INET6, table))
		return -EAGAIN;
	err = fib6_pol_route(rn, table, fl, res);
	if (res->rt) {
		if ((r->flags & FIB_RULE_FIND_SADDR) && r->src_len &&
		    !(fl->flags & RTNL_FLOW_HAS_SADDR)) {
			uint8_t saddr[16];

			if (saddr6_get(rn, res->dev, fl->dst, saddr) ||
			    !rtnl_prefix_match(AF_INET6, r->src, r->src_len,
					       saddr))
				goto again;
			memcpy(fl->src, saddr, 16);
		}
		if (err != -EAGAIN)
			return err;
	}
again:
	*res = (struct rtnl_fib_res){ 0 };
	return -EAGAIN;
}

/* fib6_rule_lookup(): the rules once one was added, else local and
 * then main.  0 with res->rt, or the error of the entry found (a
 * rule's unreachable, prohibit or blackhole: ENETUNREACH, EACCES,
 * EINVAL; the null entry: ENETUNREACH). */
static int fib6_lookup(struct rtnl_net *rn, struct rtnl_flow *fl,
		       struct rtnl_fib_res *res)
{
	int err;

	if (rn->fib6_custom_rules) {
		err = rtnl_rules_lookup(rn, fl, fib6_rule_table, res);
		return err == -ESRCH ? -ENETUNREACH : err;
	}
	err = fib6_pol_route(rn, RT_TABLE_LOCAL, fl, res);
	if (res->rt && err != -EAGAIN)
		return err;
	err = fib6_pol_route(rn, RT_TABLE_MAIN, fl, res);
	return err == -EAGAIN ? -ENETUNREACH : err;
}

/* The route to an IPv6 gateway goes straight out of a device: no
 * reject type, no gateway of its own, through oif when given. */
static bool fib6_direct(const struct rtnl_fib_res *res, int err, int oif)
{
	const struct rtnl_nh *nh;

	if (err || !res->rt)
		return false;
	nh = &res->rt->nh[res->nh_sel];
	return !nh->has_gw && (!oif || nh->ifindex == oif);
}

int rtnl_fib6_check_gw(struct rtnl_net *rn, uint32_t table, int oif,
		       const uint8_t *gw, int *dev)
{
	struct rtnl_flow fl = { .family = AF_INET6, .oif = oif,
				.iif = LOOPBACK_IFINDEX,
				.flags = RTNL_FLOW_IFACE |
					 RTNL_FLOW_IGNORE_LINKSTATE };
	struct rtnl_fib_res res;
	int err = -EHOSTUNREACH;

	memcpy(fl.dst, gw, 16);
	/* ip6_nh_lookup_table(): the route's own table first */
	if (table && rtnl_fib_table_exists(rn, AF_INET6, table)) {
		err = fib6_pol_route(rn, table, &fl, &res);
		err = fib6_direct(&res, err, oif) ? 0 : -EHOSTUNREACH;
	}
	if (err) {
		fl.flags &= ~RTNL_FLOW_IGNORE_LINKSTATE;
		err = fib6_lookup(rn, &fl, &res);
		if (!fib6_direct(&res, err, 0))
			return -EHOSTUNREACH;
		if (oif && res.rt->nh[res.nh_sel].ifindex != oif)
			return -EHOSTUNREACH;
	}
	*dev = res.rt->nh[res.nh_sel].ifindex;
	return 0;
}

/* rt6_fill_node() for the route made for a flow: dst and src are the
 * flow's; an output route names the source it would use. */
static int rt6_fill_dst(struct rtnl_net *rn, struct unl_skb *skb,
			const struct rtnl_fib_res *res,
			const struct rtnl_flow *fl, int iif, uint32_t pid,
			uint32_t seq)
{
	struct rta_cacheinfo ci = { .rta_clntref = 2 };
	const struct rtnl_route *rt = res->rt;
	const struct rtnl_nh *nh = &rt->nh[res->nh_sel];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint8_t saddr[16];
	bool has_saddr = false;

	if (!iif) {
		/* ip6_route_get_saddr(): the route's source, else one for
		 * its device */
		if (rt->has_prefsrc) {
			memcpy(saddr, rt->prefsrc, 16);
			has_saddr = true;
		} else {
			has_saddr = !saddr6_get(rn, nh->ifindex, fl->dst, saddr);
		}
	}
	nlh = unl_nlmsg_put(skb, pid, seq, RTM_NEWROUTE, sizeof(*rtm), 0);
	if (!nlh)
		return -EMSGSIZE;
	rtm = NLMSG_DATA(nlh);
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	rtm->rtm_src_len = rn->feat.ip6_subtrees ? 128 : 0;
	rtm->rtm_table = rt->table < 256 ? (uint8_t)rt->table : RT_TABLE_COMPAT;
	rtm->rtm_protocol = rt->protocol;
	rtm->rtm_type = rt->type;
	if (unl_nla_put_u32(skb, RTA_TABLE, rt->table) ||
	    unl_nla_put(skb, RTA_DST, 16, fl->dst) ||
	    /* the flow's source, with IPV6_SUBTREES */
	    (rn->feat.ip6_subtrees && unl_nla_put(skb, RTA_SRC, 16, fl->src)) ||
	    (iif && unl_nla_put_u32(skb, RTA_IIF, (uint32_t)iif)) ||
	    (has_saddr && unl_nla_put(skb, RTA_PREFSRC, 16, saddr)) ||
	    (rt->has_prefsrc && unl_nla_put(skb, RTA_PREFSRC, 16, rt->prefsrc)) ||
	    rtnl_put_metrics(skb, rn, rt->metrics) ||
	    unl_nla_put_u32(skb, RTA_PRIORITY, rt->priority) ||
	    (rt->nnh && nh->has_gw && unl_nla_put(skb, RTA_GATEWAY, 16, nh->gw)) ||
	    unl_nla_put_u32(skb, RTA_OIF, (uint32_t)res->dev) ||
	    unl_nla_put(skb, RTA_CACHEINFO, sizeof(ci), &ci) ||
	    unl_nla_put_u8(skb, RTA_PREF, rt->pref)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* inet6_rtm_getroute() after the checks */
static int route_get6(struct rtnl_net *rn, struct unl_skb *skb,
		      const struct nlmsghdr *nlh, const struct route_req *rq)
{
	const struct rtmsg *rtm = rq->rtm;
	/* ip6_make_flowinfo(): the traffic class above the flow label */
	uint32_t flowinfo = ((uint32_t)rtm->rtm_tos << 20) | rq->flowlabel;
	struct rtnl_flow fl = { .family = AF_INET6, .mark = rq->mark,
				.dscp = (uint8_t)((flowinfo >> 20) & 0xfc),
				.flowlabel = flowinfo & 0xfffff,
				.proto = rq->proto, .sport = rq->sport,
				.dport = rq->dport };
	struct rtnl_fib_res res;
	struct unl_skb *nskb;
	int err;

	if (rq->src)
		memcpy(fl.src, rq->src, 16);
	if (rq->dst)
		memcpy(fl.dst, rq->dst, 16);
	fl.uid = rq->has_uid ? rq->uid
			     : rq->iif ? RTNL_UID_INVALID
				       : unl_skb_cb(skb)->creds.uid;
	if (!v6_any(fl.src))
		fl.flags |= RTNL_FLOW_HAS_SADDR;
	if (rq->iif) {
		/* ip6_route_input_lookup() */
		if (!rtnl_link_by_index(rn, rq->iif))
			return -ENODEV;
		fl.iif = rq->iif;
		if (v6_need_strict(fl.dst))
			fl.flags |= RTNL_FLOW_IFACE;
	} else {
		/* ip6_route_output_flags() */
		fl.iif = LOOPBACK_IFINDEX;
		fl.oif = rq->oif;
		if (v6_need_strict(fl.dst) || (fl.oif && v6_any(fl.src)))
			fl.flags |= RTNL_FLOW_IFACE;
	}
	err = fib6_lookup(rn, &fl, &res);
	if (err)
		return err;
	nskb = unl_skb_alloc(LOOKUP_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	if (rtm->rtm_flags & RTM_F_FIB_MATCH)
		err = rtnl_route_fill_match(rn, nskb, res.rt, res.rt->table,
					    res.rt->type, rq->iif,
					    rtnl_req_portid(skb), nlh->nlmsg_seq);
	else
		err = rt6_fill_dst(rn, nskb, &res, &fl, rq->iif,
				   rtnl_req_portid(skb), nlh->nlmsg_seq);
	return route_get_reply(rn, skb, nskb, err);
}

int rtnl_getroute(struct rtnl_net *rn, struct unl_skb *skb,
		  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_RTA_MAX + 1];
	struct route_req rq;
	int err = route_get_valid(skb, nlh, tb, extack);

	if (!err)
		err = route_req_parse(nlh, tb, &rq, extack);
	if (err)
		return err;
	if (rq.rtm->rtm_family == AF_INET)
		return route_get4(rn, skb, nlh, &rq);
	return route_get6(rn, skb, nlh, &rq);
}

/* ---- NETLINK_FIB_LOOKUP ---- */

/* struct fib_result_nl (include/net/ip_fib.h): the request and, filled
 * in, the answer. */
struct fib_result_nl {
	uint32_t fl_addr; /* network order */
	uint32_t fl_mark;
	uint8_t fl_tos;
	uint8_t fl_scope;
	uint8_t tb_id_in;
	uint8_t tb_id;
	uint8_t prefixlen;
	uint8_t nh_sel;
	uint8_t type;
	uint8_t scope;
	int32_t err;
};

/* nl_fib_lookup(): the table asked for alone, without the rules (while
 * none was added, main and local are one trie there too). */
static void nl_fib_lookup(struct rtnl_net *rn, struct fib_result_nl *frn)
{
	uint32_t id = frn->tb_id_in ? frn->tb_id_in : RT_TABLE_MAIN;
	struct rtnl_flow fl = { .family = AF_INET, .mark = frn->fl_mark,
				.dscp = frn->fl_tos & 0xfc,
				.scope = frn->fl_scope };
	struct rtnl_fib_res res;

	memcpy(fl.dst, &frn->fl_addr, 4);
	frn->err = -ENOENT;
	if (!rtnl_fib_table_exists(rn, AF_INET, id))
		return;
	frn->tb_id = (uint8_t)id;
	frn->err = rtnl_fib4_table_lookup(rn, id, &fl, &res);
	if (frn->err)
		return;
	frn->prefixlen = res.prefixlen;
	frn->nh_sel = (uint8_t)res.nh_sel;
	frn->type = res.type;
	frn->scope = res.rt->scope;
}

/* nl_fib_input(): the request comes back, answered in place. */
static void nl_fib_input(struct unl_skb *skb)
{
	struct unl_sock *ssk = unl_skb_cb(skb)->sk;
	struct unl_net *net = ssk ? unl_sock_net(ssk) : NULL;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)unl_skb_data(skb);
	struct rtnl_net *rn;
	struct unl_skb *rep;
	uint8_t *p;

	if (!net || unl_skb_len(skb) < NLMSG_SPACE(sizeof(struct fib_result_nl)) ||
	    unl_skb_len(skb) < nlh->nlmsg_len ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct fib_result_nl)))
		return;
	rn = rtnl_net_get(net);
	if (!rn && !rtnetlink_init(net))
		rn = rtnl_net_get(net);
	rep = unl_skb_alloc(unl_skb_len(skb));
	if (!rep)
		return;
	p = unl_skb_put(rep, unl_skb_len(skb));
	memcpy(p, unl_skb_data(skb), unl_skb_len(skb));
	if (rn)
		nl_fib_lookup(rn, NLMSG_DATA((struct nlmsghdr *)p));
	unl_unicast(unl_net_kernel_sock(net, NETLINK_FIB_LOOKUP), rep,
		    unl_skb_cb(skb)->portid, false);
}

static void nl_fib_lookup_fini(struct unl_net *net)
{
	unl_kernel_release(unl_net_kernel_sock(net, NETLINK_FIB_LOOKUP));
}

int nl_fib_lookup_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = { .input = nl_fib_input };
	struct unl_sock *ksk;
	int err = unl_kernel_create(net, NETLINK_FIB_LOOKUP, &cfg, &ksk);

	if (err)
		return err;
	net_set_fini(net, NETLINK_FIB_LOOKUP, nl_fib_lookup_fini);
	return 0;
}

/* ip_route_output_key() / rt6_lookup() toward dst, as a driver asks
 * them for the device under a tunnel: its index, 0 when there is no
 * route.  A local destination goes out of lo in both families. */
int rtnl_route_output_dev(struct rtnl_net *rn, int family, const uint8_t *dst)
{
	struct rtnl_flow fl = { .family = (uint8_t)family,
				.iif = LOOPBACK_IFINDEX };
	struct rtnl_fib_res res;
	struct dst4 d;

	if (family == AF_INET) {
		memcpy(fl.dst, dst, 4);
		return route_output4(rn, &fl, &res, &d) ? 0 : d.dev;
	}
	memcpy(fl.dst, dst, 16);
	fl.iif = 0;
	if (fib6_lookup(rn, &fl, &res) || !res.rt)
		return 0;
	if (res.rt->type == RTN_LOCAL)
		return LOOPBACK_IFINDEX;
	return res.rt->nh[res.nh_sel].ifindex;
}
