// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bridge (net/bridge/br_device.c, br_netlink.c): the device and its
 * options.  Every IFLA_BR_* Linux 6.18 stores is stored, checked as
 * br_policy and br_changelink() check it, and reported as br_fill_info()
 * reports it; what a kernel built without VLAN filtering, IGMP snooping
 * or bridge netfilter leaves out, the net's profile leaves out too.  The
 * ports are in bridge_port.c, the VLANs in bridge_vlan.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>

#include "proto/route/link/bridge.h"

#define BR_DEFAULT_HASH_MAX 4096
#define BR_HASH_ELASTICITY 16 /* RHT_ELASTICITY: reported, never stored */
#define BR_MCAST_DEFAULT_EHT_HOSTS_LIMIT 512
/* BR_GROUPFWD_RESTRICTED: the group addresses a bridge never forwards
 * (STP, MAC pause, LACP). */
#define BR_GROUPFWD_RESTRICTED 0x0007u

/* ---- time ---- */

/* clock_t_to_jiffies() with USER_HZ 100. */
uint64_t br_clock_to_jiffies(const struct rtnl_link *l, uint64_t clock)
{
	unsigned int hz = l->rn->hz;

	if (hz % 100 == 0)
		return clock * (hz / 100);
	return clock * hz / 100;
}

/* jiffies_to_clock_t(): exact when a tick is a whole number of
 * centiseconds' fractions, else truncated through TICK_NSEC as Linux
 * computes it. */
uint64_t br_jiffies_to_clock(const struct rtnl_link *l, uint64_t jiffies)
{
	unsigned int hz = l->rn->hz;
	uint64_t tick_nsec = (1000000000ull + hz / 2) / hz;

	if (tick_nsec % 10000000ull == 0)
		return hz < 100 ? jiffies * (100 / hz) : jiffies / (hz / 100);
	return jiffies * tick_nsec / 10000000ull;
}

void br_timer_arm(const struct rtnl_link *l, struct unl_timer *t,
		  uint64_t delta, bool round)
{
	struct rtnl_net *rn = l->rn;
	int64_t tick = rtnl_tick_ns(rn);
	int64_t at = (rtnl_jiffies(rn, unl_net_now(rn->net)) + (int64_t)delta) *
		     tick;

	unl_timer_mod(t, round ? rtnl_round_sec(at) : at);
}

uint64_t br_timer_value(const struct rtnl_link *l, const struct unl_timer *t)
{
	struct rtnl_net *rn = l->rn;
	int64_t left;

	if (!t || !unl_timer_pending(t))
		return 0;
	left = rtnl_jiffies(rn, unl_timer_expires(t)) -
	       rtnl_jiffies(rn, unl_net_now(rn->net));
	return left > 0 ? br_jiffies_to_clock(l, (uint64_t)left) : 0;
}

/* ---- multicast options ---- */

void br_mcast_init(const struct rtnl_link *l, struct br_mcast *m)
{
	uint64_t hz = l->rn->hz;

	*m = (struct br_mcast){
		.router = MDB_RTR_TYPE_TEMP_QUERY,
		.igmp_version = 2,
		.mld_version = 1,
		.last_member_count = 2,
		.startup_query_count = 2,
		.last_member_interval = hz,
		.query_response_interval = 10 * hz,
		.startup_query_interval = 125 * hz / 4,
		.query_interval = 125 * hz,
		.querier_interval = 255 * hz,
		.membership_interval = 260 * hz,
	};
}

/* br_multicast_set_router(): a bridge is never a temporary router. */
int br_mcast_set_router(struct br_mcast *m, unsigned long val)
{
	if (val != MDB_RTR_TYPE_DISABLED && val != MDB_RTR_TYPE_TEMP_QUERY &&
	    val != MDB_RTR_TYPE_PERM)
		return -EINVAL;
	m->router = (uint8_t)val;
	return 0;
}

int br_mcast_set_igmp_version(struct br_mcast *m, unsigned long val)
{
	if (val != 2 && val != 3)
		return -EINVAL;
	m->igmp_version = (uint8_t)val;
	return 0;
}

int br_mcast_set_mld_version(struct br_mcast *m, unsigned long val)
{
	if (val != 1 && val != 2)
		return -EINVAL;
	m->mld_version = (uint8_t)val;
	return 0;
}

/* br_multicast_set_query_intvl() and the startup one: clamped to one
 * second and one day. */
static uint64_t br_mcast_clamp(const struct rtnl_link *l, uint64_t clock)
{
	uint64_t j = br_clock_to_jiffies(l, clock);
	uint64_t hz = l->rn->hz;

	if (j < hz)
		return hz;
	if (j > 86400 * hz)
		return 86400 * hz;
	return j;
}

void br_mcast_set_query_intvl(const struct rtnl_link *l, struct br_mcast *m,
			      uint64_t clock)
{
	m->query_interval = br_mcast_clamp(l, clock);
}

void br_mcast_set_startup_query_intvl(const struct rtnl_link *l,
				      struct br_mcast *m, uint64_t clock)
{
	m->startup_query_interval = br_mcast_clamp(l, clock);
}

/* br_multicast_dump_querier_state(): with snooping on and the bridge
 * as querier, the querier's addresses, all zero here (no query is ever
 * sent nor heard). */
int br_mcast_put_querier_state(struct unl_skb *skb, const struct br_priv *br,
			       const struct br_mcast *m, bool disabled,
			       int type)
{
	static const uint8_t zero[16];
	struct nlattr *nest;

	if (!br_opt(br, BROPT_MULTICAST_ENABLED) || disabled || !m->querier)
		return 0;
	nest = unl_nla_nest_start(skb, type);
	if (!nest ||
	    unl_nla_put(skb, BR_BRIDGE_QUERIER_IP_ADDRESS, 4, zero) ||
	    unl_nla_put(skb, BR_BRIDGE_QUERIER_IPV6_ADDRESS, 16, zero))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- the device ---- */

/* br_dev_setup(), br_stp_timer_init(), br_multicast_init(),
 * br_vlan_init(): a bridge as Linux makes it. */
static void br_setup(struct rtnl_link *l)
{
	struct br_priv *br = br_priv(l);
	uint64_t hz = l->rn->hz;

	rtnl_link_ether_setup(l);
	l->tso_max_size = 65536;
	/* a bridge stays in its net (dev->netns_immutable) */
	l->netns_immutable = true;
	br->dev = l;
	br->bridge_id.prio[0] = 0x80;
	br->designated_root = br->bridge_id;
	br->forward_delay = 15 * hz;
	br->hello_time = 2 * hz;
	br->max_age = 20 * hz;
	br->ageing_time = br->bridge_ageing_time = 300 * hz;
	br->group_addr[0] = 0x01;
	br->group_addr[1] = 0x80;
	br->group_addr[2] = 0xc2;
	br->hash_max = BR_DEFAULT_HASH_MAX;
	br->opts = BROPT_MULTICAST_ENABLED;
	br_mcast_init(l, &br->mcast);
	br_vlan_init(br);
}

/* br_policy */
static const struct unl_nla_policy br_policy[BR_IFLA_BR_MAX + 1] = {
	[IFLA_BR_UNSPEC] = { .strict_start_type = BR_IFLA_BR_FDB_N_LEARNED },
	[IFLA_BR_FORWARD_DELAY] = { .type = UNL_NLA_U32 },
	[IFLA_BR_HELLO_TIME] = { .type = UNL_NLA_U32 },
	[IFLA_BR_MAX_AGE] = { .type = UNL_NLA_U32 },
	[IFLA_BR_AGEING_TIME] = { .type = UNL_NLA_U32 },
	[IFLA_BR_STP_STATE] = { .type = UNL_NLA_U32 },
	[IFLA_BR_PRIORITY] = { .type = UNL_NLA_U16 },
	[IFLA_BR_VLAN_FILTERING] = { .type = UNL_NLA_U8 },
	[IFLA_BR_VLAN_PROTOCOL] = { .type = UNL_NLA_U16 },
	[IFLA_BR_GROUP_FWD_MASK] = { .type = UNL_NLA_U16 },
	[IFLA_BR_GROUP_ADDR] = { .type = UNL_NLA_BINARY, .len = ETH_ALEN },
	[IFLA_BR_MCAST_ROUTER] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_SNOOPING] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_QUERY_USE_IFADDR] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_QUERIER] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_HASH_ELASTICITY] = { .type = UNL_NLA_U32 },
	[IFLA_BR_MCAST_HASH_MAX] = { .type = UNL_NLA_U32 },
	[IFLA_BR_MCAST_LAST_MEMBER_CNT] = { .type = UNL_NLA_U32 },
	[IFLA_BR_MCAST_STARTUP_QUERY_CNT] = { .type = UNL_NLA_U32 },
	[IFLA_BR_MCAST_LAST_MEMBER_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_MCAST_MEMBERSHIP_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_MCAST_QUERIER_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_MCAST_QUERY_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_MCAST_QUERY_RESPONSE_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_MCAST_STARTUP_QUERY_INTVL] = { .type = UNL_NLA_U64 },
	[IFLA_BR_NF_CALL_IPTABLES] = { .type = UNL_NLA_U8 },
	[IFLA_BR_NF_CALL_IP6TABLES] = { .type = UNL_NLA_U8 },
	[IFLA_BR_NF_CALL_ARPTABLES] = { .type = UNL_NLA_U8 },
	[IFLA_BR_VLAN_DEFAULT_PVID] = { .type = UNL_NLA_U16 },
	[IFLA_BR_VLAN_STATS_ENABLED] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_STATS_ENABLED] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_IGMP_VERSION] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MCAST_MLD_VERSION] = { .type = UNL_NLA_U8 },
	[IFLA_BR_VLAN_STATS_PER_PORT] = { .type = UNL_NLA_U8 },
	[IFLA_BR_MULTI_BOOLOPT] =
		UNL_NLA_POLICY_EXACT_LEN(sizeof(struct br_boolopt_multi)),
	[BR_IFLA_BR_FDB_N_LEARNED] = { .type = UNL_NLA_REJECT },
	[BR_IFLA_BR_FDB_MAX_LEARNED] = { .type = UNL_NLA_U32 },
};

/* br_validate(): Linux says nothing but the errno.  The VLAN checks are
 * there only when VLAN filtering was built. */
static int br_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
		       const struct nlattr *const *data,
		       struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err)
		return err;
	if (!data || !rn->feat.br_vlan_filtering)
		return 0;
	if (data[IFLA_BR_VLAN_PROTOCOL]) {
		uint16_t proto = ntohs(unl_nla_get_u16(data[IFLA_BR_VLAN_PROTOCOL]));

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			return -EPROTONOSUPPORT;
	}
	if (data[IFLA_BR_VLAN_DEFAULT_PVID] &&
	    unl_nla_get_u16(data[IFLA_BR_VLAN_DEFAULT_PVID]) >= 4095)
		return -EINVAL;
	return 0;
}

/* br_set_forward_delay(), br_set_hello_time(), br_set_max_age(): the
 * spanning tree's limits, in seconds (the forward delay only bound
 * while STP runs). */
static int br_set_time(struct rtnl_link *l, uint64_t *field, uint32_t clock,
		       unsigned int min_s, unsigned int max_s, bool check)
{
	uint64_t j = br_clock_to_jiffies(l, clock), hz = l->rn->hz;

	if (check && (j < min_s * hz || j > max_s * hz))
		return -ERANGE;
	*field = j;
	return 0;
}

static int br_change_stp_times(struct rtnl_link *l,
			       const struct nlattr *const *data)
{
	struct br_priv *br = br_priv(l);
	int err = 0;

	if (data[IFLA_BR_FORWARD_DELAY])
		err = br_set_time(l, &br->forward_delay,
				  unl_nla_get_u32(data[IFLA_BR_FORWARD_DELAY]),
				  2, 30, br->stp_enabled != BR_NO_STP);
	if (!err && data[IFLA_BR_HELLO_TIME])
		err = br_set_time(l, &br->hello_time,
				  unl_nla_get_u32(data[IFLA_BR_HELLO_TIME]), 1,
				  10, true);
	if (!err && data[IFLA_BR_MAX_AGE])
		err = br_set_time(l, &br->max_age,
				  unl_nla_get_u32(data[IFLA_BR_MAX_AGE]), 6, 40,
				  true);
	/* any value (0: entries never age) */
	if (!err && data[IFLA_BR_AGEING_TIME])
		br_set_ageing_time(br, unl_nla_get_u32(data[IFLA_BR_AGEING_TIME]));
	if (!err && data[IFLA_BR_STP_STATE])
		err = br_stp_set_enabled(
			br, unl_nla_get_u32(data[IFLA_BR_STP_STATE]));
	if (!err && data[IFLA_BR_PRIORITY])
		br_stp_set_bridge_priority(
			br, unl_nla_get_u16(data[IFLA_BR_PRIORITY]));
	return err;
}

/* The VLAN options, which only a kernel with VLAN filtering looks at
 * (vlan_filtering alone is refused without it). */
static int br_change_vlan(struct rtnl_link *l,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(l);
	int err = 0;

	if (data[IFLA_BR_VLAN_FILTERING]) {
		err = br_vlan_filter_toggle(
			br, unl_nla_get_u8(data[IFLA_BR_VLAN_FILTERING]),
			extack);
		if (err)
			return err;
	}
	if (!br_vlan_built(l))
		return 0;
	if (data[IFLA_BR_VLAN_PROTOCOL])
		err = br_vlan_set_proto(br,
					unl_nla_get_u16(data[IFLA_BR_VLAN_PROTOCOL]));
	if (!err && data[IFLA_BR_VLAN_DEFAULT_PVID])
		err = br_vlan_set_default_pvid(
			br, unl_nla_get_u16(data[IFLA_BR_VLAN_DEFAULT_PVID]),
			extack);
	if (!err && data[IFLA_BR_VLAN_STATS_ENABLED])
		err = br_vlan_set_stats(
			br, unl_nla_get_u8(data[IFLA_BR_VLAN_STATS_ENABLED]));
	if (!err && data[IFLA_BR_VLAN_STATS_PER_PORT])
		err = br_vlan_set_stats_per_port(
			br, unl_nla_get_u8(data[IFLA_BR_VLAN_STATS_PER_PORT]));
	return err;
}

/* recalculate_group_addr() and the group_addr attribute: a link-local
 * address other than 802.3x pause, slow protocols and 802.1X. */
static int br_set_group_addr(struct br_priv *br, const struct nlattr *a)
{
	static const uint8_t ll[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };
	const uint8_t *addr = unl_nla_data(a);

	if (unl_nla_len(a) != ETH_ALEN)
		return -EINVAL;
	if (memcmp(addr, ll, 5) || (addr[5] & 0xf0) || addr[5] == 1 ||
	    addr[5] == 2 || addr[5] == 3)
		return -EINVAL;
	memcpy(br->group_addr, addr, ETH_ALEN);
	br_opt_toggle(br, BROPT_GROUP_ADDR_SET, true);
	return 0;
}

/* br_multicast_join_snoopers() and br_multicast_leave_snoopers(): the
 * bridge device in the all-snoopers groups, where routers' multicast
 * router discovery goes */
static void br_snoopers(struct br_priv *br, bool join)
{
	struct rtnl_link *l = br->dev;

	l->snoop_seq = join && l->rn->feat.br_igmp_snooping ? rtnl_mc_tick(l->rn)
							   : 0;
}

/* br_multicast_toggle(): snooping on or off; a running bridge joins
 * or leaves the snoopers' groups. */
static int br_mcast_toggle(struct br_priv *br, unsigned long val)
{
	if (br_opt(br, BROPT_MULTICAST_ENABLED) == (val != 0))
		return 0;
	br_opt_toggle(br, BROPT_MULTICAST_ENABLED, val != 0);
	if (!val || (br->dev->flags & IFF_UP))
		br_snoopers(br, val != 0);
	return 0;
}

/* The multicast options (CONFIG_BRIDGE_IGMP_SNOOPING), in
 * br_changelink()'s order. */
static int br_change_mcast(struct rtnl_link *l,
			   const struct nlattr *const *data)
{
	struct br_priv *br = br_priv(l);
	struct br_mcast *m = &br->mcast;
	int err = 0;

	if (data[IFLA_BR_MCAST_ROUTER])
		err = br_mcast_set_router(m,
					  unl_nla_get_u8(data[IFLA_BR_MCAST_ROUTER]));
	if (!err && data[IFLA_BR_MCAST_SNOOPING])
		err = br_mcast_toggle(br,
				      unl_nla_get_u8(data[IFLA_BR_MCAST_SNOOPING]));
	if (err)
		return err;
	if (data[IFLA_BR_MCAST_QUERY_USE_IFADDR])
		br_opt_toggle(br, BROPT_MULTICAST_QUERY_USE_IFADDR,
			      unl_nla_get_u8(data[IFLA_BR_MCAST_QUERY_USE_IFADDR]));
	if (data[IFLA_BR_MCAST_QUERIER])
		m->querier = unl_nla_get_u8(data[IFLA_BR_MCAST_QUERIER]) != 0;
	/* IFLA_BR_MCAST_HASH_ELASTICITY is deprecated: always 16 */
	if (data[IFLA_BR_MCAST_HASH_MAX])
		br->hash_max = unl_nla_get_u32(data[IFLA_BR_MCAST_HASH_MAX]);
	if (data[IFLA_BR_MCAST_LAST_MEMBER_CNT])
		m->last_member_count =
			unl_nla_get_u32(data[IFLA_BR_MCAST_LAST_MEMBER_CNT]);
	if (data[IFLA_BR_MCAST_STARTUP_QUERY_CNT])
		m->startup_query_count =
			unl_nla_get_u32(data[IFLA_BR_MCAST_STARTUP_QUERY_CNT]);
	if (data[IFLA_BR_MCAST_LAST_MEMBER_INTVL])
		m->last_member_interval = br_clock_to_jiffies(
			l, unl_nla_get_u64(data[IFLA_BR_MCAST_LAST_MEMBER_INTVL]));
	if (data[IFLA_BR_MCAST_MEMBERSHIP_INTVL])
		m->membership_interval = br_clock_to_jiffies(
			l, unl_nla_get_u64(data[IFLA_BR_MCAST_MEMBERSHIP_INTVL]));
	if (data[IFLA_BR_MCAST_QUERIER_INTVL])
		m->querier_interval = br_clock_to_jiffies(
			l, unl_nla_get_u64(data[IFLA_BR_MCAST_QUERIER_INTVL]));
	if (data[IFLA_BR_MCAST_QUERY_INTVL])
		br_mcast_set_query_intvl(
			l, m, unl_nla_get_u64(data[IFLA_BR_MCAST_QUERY_INTVL]));
	if (data[IFLA_BR_MCAST_QUERY_RESPONSE_INTVL])
		m->query_response_interval = br_clock_to_jiffies(
			l,
			unl_nla_get_u64(data[IFLA_BR_MCAST_QUERY_RESPONSE_INTVL]));
	if (data[IFLA_BR_MCAST_STARTUP_QUERY_INTVL])
		br_mcast_set_startup_query_intvl(
			l, m,
			unl_nla_get_u64(data[IFLA_BR_MCAST_STARTUP_QUERY_INTVL]));
	if (data[IFLA_BR_MCAST_STATS_ENABLED])
		br_opt_toggle(br, BROPT_MULTICAST_STATS_ENABLED,
			      unl_nla_get_u8(data[IFLA_BR_MCAST_STATS_ENABLED]));
	if (data[IFLA_BR_MCAST_IGMP_VERSION])
		err = br_mcast_set_igmp_version(
			m, unl_nla_get_u8(data[IFLA_BR_MCAST_IGMP_VERSION]));
	if (!err && data[IFLA_BR_MCAST_MLD_VERSION])
		err = br_mcast_set_mld_version(
			m, unl_nla_get_u8(data[IFLA_BR_MCAST_MLD_VERSION]));
	return err;
}

/* br_boolopt_toggle(): one boolean option. */
static int br_boolopt_toggle(struct br_priv *br, int opt, bool on,
			     struct unl_ext_ack *extack)
{
	switch (opt) {
	case BR_BOOL_NO_LL_LEARN:
		br_opt_toggle(br, BROPT_NO_LL_LEARN, on);
		return 0;
	case BR_BOOL_MCAST_VLAN_SNOOPING:
		return br_vlan_toggle_mcast_snooping(br, on, extack);
	case BR_BOOL_MST_ENABLE:
		return br_mst_set_enabled(br, on, extack);
	case BR_BOOL_MDB_OFFLOAD_FAIL_NOTIFICATION:
		br_opt_toggle(br, BROPT_MDB_OFFLOAD_FAIL_NOTIFICATION, on);
		return 0;
	default: /* BR_BOOL_FDB_LOCAL_VLAN_0 */
		br_opt_toggle(br, BROPT_FDB_LOCAL_VLAN_0, on);
		return 0;
	}
}

/* br_boolopt_multi_toggle(): unknown options are refused before any is
 * changed; the known ones change in order, up to the first error. */
static int br_boolopt_multi(struct br_priv *br,
			    const struct br_boolopt_multi *bm,
			    struct unl_ext_ack *extack)
{
	int err;

	for (int opt = BR_BOOL_MAX; opt < 32; opt++)
		if (bm->optmask & (1u << opt)) {
			if (extack) {
				snprintf(extack->msg_buf,
					 sizeof(extack->msg_buf),
					 "bridge: Unknown boolean option %d",
					 opt);
				extack->msg = extack->msg_buf;
			}
			return -EINVAL;
		}
	for (int opt = 0; opt < BR_BOOL_MAX; opt++) {
		if (!(bm->optmask & (1u << opt)))
			continue;
		err = br_boolopt_toggle(br, opt, bm->optval & (1u << opt),
					extack);
		if (err)
			return err;
	}
	return 0;
}

static int br_boolopt_get(const struct br_priv *br, int opt)
{
	static const uint32_t map[BR_BOOL_MAX] = {
		[BR_BOOL_NO_LL_LEARN] = BROPT_NO_LL_LEARN,
		[BR_BOOL_MCAST_VLAN_SNOOPING] = BROPT_MCAST_VLAN_SNOOPING,
		[BR_BOOL_MST_ENABLE] = BROPT_MST_ENABLED,
		[BR_BOOL_MDB_OFFLOAD_FAIL_NOTIFICATION] =
			BROPT_MDB_OFFLOAD_FAIL_NOTIFICATION,
		[BR_BOOL_FDB_LOCAL_VLAN_0] = BROPT_FDB_LOCAL_VLAN_0,
	};

	return br_opt(br, map[opt]);
}

/* br_changelink(), in its order; what a kernel without IGMP snooping or
 * bridge netfilter lacks is not looked at. */
static int br_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(l);
	int err;

	if (!data)
		return 0;
	err = br_change_stp_times(l, data);
	if (!err)
		err = br_change_vlan(l, data, extack);
	if (err)
		return err;
	if (data[IFLA_BR_GROUP_FWD_MASK]) {
		uint16_t mask = unl_nla_get_u16(data[IFLA_BR_GROUP_FWD_MASK]);

		if (mask & BR_GROUPFWD_RESTRICTED)
			return -EINVAL;
		br->group_fwd_mask = mask;
	}
	if (data[IFLA_BR_GROUP_ADDR]) {
		err = br_set_group_addr(br, data[IFLA_BR_GROUP_ADDR]);
		if (err)
			return err;
	}
	if (data[IFLA_BR_FDB_FLUSH])
		br_fdb_flush_dynamic(br);
	if (l->rn->feat.br_igmp_snooping) {
		err = br_change_mcast(l, data);
		if (err)
			return err;
	}
	if (l->rn->feat.br_netfilter) {
		if (data[IFLA_BR_NF_CALL_IPTABLES])
			br_opt_toggle(br, BROPT_NF_CALL_IPTABLES,
				      unl_nla_get_u8(data[IFLA_BR_NF_CALL_IPTABLES]));
		if (data[IFLA_BR_NF_CALL_IP6TABLES])
			br_opt_toggle(br, BROPT_NF_CALL_IP6TABLES,
				      unl_nla_get_u8(data[IFLA_BR_NF_CALL_IP6TABLES]));
		if (data[IFLA_BR_NF_CALL_ARPTABLES])
			br_opt_toggle(br, BROPT_NF_CALL_ARPTABLES,
				      unl_nla_get_u8(data[IFLA_BR_NF_CALL_ARPTABLES]));
	}
	if (data[IFLA_BR_MULTI_BOOLOPT]) {
		err = br_boolopt_multi(br, unl_nla_data(data[IFLA_BR_MULTI_BOOLOPT]),
				       extack);
		if (err)
			return err;
	}
	if (data[BR_IFLA_BR_FDB_MAX_LEARNED])
		br->fdb_max_learned =
			unl_nla_get_u32(data[BR_IFLA_BR_FDB_MAX_LEARNED]);
	return 0;
}

/* br_dev_newlink(): registered first (the bridge's default VLAN comes
 * with NETDEV_REGISTER), then a given address becomes its bridge id,
 * then the options; a bridge whose options are refused goes again (the
 * caller unregisters it). */
static int br_newlink(struct rtnl_link *l, const struct rtnl_newlink_params *p,
		      struct unl_ext_ack *extack)
{
	int err;

	err = br_timers_init(br_priv(l));
	if (!err)
		err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err)
		return err;
	if (p->tb[IFLA_ADDRESS])
		br_stp_change_bridge_id(br_priv(l),
					unl_nla_data(p->tb[IFLA_ADDRESS]));
	return br_changelink(l, p->tb, p->data, extack);
}

/* br_dev_delete(): the ports leave before the bridge goes. */
static void br_dev_delete(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	br_del_all_ports(l);
	br_fdb_delete_by_port(br_priv(l), NULL, 0, true);
	rtnl_link_queue_kill(l, kill);
}

/* The timers: hello, tcn (only a bridge that is not the root sends
 * TCNs: never here), topology change, FDB garbage collection. */
static int br_put_timers(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct br_priv *br = br_priv(l);

	if (unl_nla_put_u64(skb, IFLA_BR_HELLO_TIMER,
			    br_timer_value(l, br->hello_timer), IFLA_BR_PAD) ||
	    unl_nla_put_u64(skb, IFLA_BR_TCN_TIMER, 0, IFLA_BR_PAD) ||
	    unl_nla_put_u64(skb, IFLA_BR_TOPOLOGY_CHANGE_TIMER,
			    br_timer_value(l, br->tc_timer), IFLA_BR_PAD) ||
	    unl_nla_put_u64(skb, IFLA_BR_GC_TIMER,
			    br_timer_value(l, br->gc_timer), IFLA_BR_PAD))
		return -EMSGSIZE;
	return 0;
}

static int br_put_stp(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct br_priv *br = br_priv(l);
	struct br_boolopt_multi bm = { .optmask = (1u << BR_BOOL_MAX) - 1 };

	for (int opt = 0; opt < BR_BOOL_MAX; opt++)
		bm.optval |= (uint32_t)br_boolopt_get(br, opt) << opt;
	if (unl_nla_put_u32(skb, IFLA_BR_FORWARD_DELAY,
			    (uint32_t)br_jiffies_to_clock(l, br->forward_delay)) ||
	    unl_nla_put_u32(skb, IFLA_BR_HELLO_TIME,
			    (uint32_t)br_jiffies_to_clock(l, br->hello_time)) ||
	    unl_nla_put_u32(skb, IFLA_BR_MAX_AGE,
			    (uint32_t)br_jiffies_to_clock(l, br->max_age)) ||
	    unl_nla_put_u32(skb, IFLA_BR_AGEING_TIME,
			    (uint32_t)br_jiffies_to_clock(l, br->ageing_time)) ||
	    unl_nla_put_u32(skb, IFLA_BR_STP_STATE, br->stp_enabled) ||
	    unl_nla_put_u16(skb, IFLA_BR_PRIORITY,
			    (uint16_t)(br->bridge_id.prio[0] << 8 |
				       br->bridge_id.prio[1])) ||
	    unl_nla_put_u8(skb, IFLA_BR_VLAN_FILTERING,
			   br_opt(br, BROPT_VLAN_ENABLED)) ||
	    unl_nla_put_u16(skb, IFLA_BR_GROUP_FWD_MASK, br->group_fwd_mask) ||
	    unl_nla_put(skb, IFLA_BR_BRIDGE_ID, sizeof(br->bridge_id),
			&br->bridge_id) ||
	    unl_nla_put(skb, IFLA_BR_ROOT_ID, sizeof(br->designated_root),
			&br->designated_root) ||
	    unl_nla_put_u16(skb, IFLA_BR_ROOT_PORT, br->root_port) ||
	    unl_nla_put_u32(skb, IFLA_BR_ROOT_PATH_COST, br->root_path_cost) ||
	    unl_nla_put_u8(skb, IFLA_BR_TOPOLOGY_CHANGE, br->topology_change) ||
	    unl_nla_put_u8(skb, IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
			   br->topology_change_detected) ||
	    unl_nla_put(skb, IFLA_BR_GROUP_ADDR, ETH_ALEN, br->group_addr) ||
	    unl_nla_put(skb, IFLA_BR_MULTI_BOOLOPT, sizeof(bm), &bm) ||
	    unl_nla_put_u32(skb, BR_IFLA_BR_FDB_N_LEARNED,
			    br->fdb_n_learned) ||
	    unl_nla_put_u32(skb, BR_IFLA_BR_FDB_MAX_LEARNED,
			    br->fdb_max_learned))
		return -EMSGSIZE;
	return 0;
}

static int br_put_vlan(struct unl_skb *skb, const struct br_priv *br)
{
	if (unl_nla_put(skb, IFLA_BR_VLAN_PROTOCOL, 2, &br->vlan_proto) ||
	    unl_nla_put_u16(skb, IFLA_BR_VLAN_DEFAULT_PVID, br->default_pvid) ||
	    unl_nla_put_u8(skb, IFLA_BR_VLAN_STATS_ENABLED,
			   br_opt(br, BROPT_VLAN_STATS_ENABLED)) ||
	    unl_nla_put_u8(skb, IFLA_BR_VLAN_STATS_PER_PORT,
			   br_opt(br, BROPT_VLAN_STATS_PER_PORT)))
		return -EMSGSIZE;
	return 0;
}

static int br_put_mcast(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct br_priv *br = br_priv(l);
	const struct br_mcast *m = &br->mcast;
	const uint64_t intvl[] = {
		m->last_member_interval, m->membership_interval,
		m->querier_interval, m->query_interval,
		m->query_response_interval, m->startup_query_interval,
	};

	if (unl_nla_put_u8(skb, IFLA_BR_MCAST_ROUTER, m->router) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_SNOOPING,
			   br_opt(br, BROPT_MULTICAST_ENABLED)) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_QUERY_USE_IFADDR,
			   br_opt(br, BROPT_MULTICAST_QUERY_USE_IFADDR)) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_QUERIER, m->querier) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_STATS_ENABLED,
			   br_opt(br, BROPT_MULTICAST_STATS_ENABLED)) ||
	    unl_nla_put_u32(skb, IFLA_BR_MCAST_HASH_ELASTICITY,
			    BR_HASH_ELASTICITY) ||
	    unl_nla_put_u32(skb, IFLA_BR_MCAST_HASH_MAX, br->hash_max) ||
	    unl_nla_put_u32(skb, IFLA_BR_MCAST_LAST_MEMBER_CNT,
			    m->last_member_count) ||
	    unl_nla_put_u32(skb, IFLA_BR_MCAST_STARTUP_QUERY_CNT,
			    m->startup_query_count) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_IGMP_VERSION, m->igmp_version) ||
	    br_mcast_put_querier_state(skb, br, m, false,
				       IFLA_BR_MCAST_QUERIER_STATE) ||
	    unl_nla_put_u8(skb, IFLA_BR_MCAST_MLD_VERSION, m->mld_version))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(intvl) / sizeof(intvl[0]); i++)
		if (unl_nla_put_u64(skb,
					  IFLA_BR_MCAST_LAST_MEMBER_INTVL + (int)i,
					  br_jiffies_to_clock(l, intvl[i]),
					  IFLA_BR_PAD))
			return -EMSGSIZE;
	return 0;
}

/* br_fill_info(), in its order. */
static int br_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct br_priv *br = br_priv(l);

	if (br_put_timers(skb, l) || br_put_stp(skb, l))
		return -EMSGSIZE;
	if (br_vlan_built(l) && br_put_vlan(skb, br))
		return -EMSGSIZE;
	if (l->rn->feat.br_igmp_snooping && br_put_mcast(skb, l))
		return -EMSGSIZE;
	if (l->rn->feat.br_netfilter &&
	    (unl_nla_put_u8(skb, IFLA_BR_NF_CALL_IPTABLES,
			    br_opt(br, BROPT_NF_CALL_IPTABLES)) ||
	     unl_nla_put_u8(skb, IFLA_BR_NF_CALL_IP6TABLES,
			    br_opt(br, BROPT_NF_CALL_IP6TABLES)) ||
	     unl_nla_put_u8(skb, IFLA_BR_NF_CALL_ARPTABLES,
			    br_opt(br, BROPT_NF_CALL_ARPTABLES))))
		return -EMSGSIZE;
	return 0;
}

/* br_set_mac_address(): the address becomes the bridge id too. */
static int br_set_mac_address(struct rtnl_link *l, const uint8_t *addr,
			      struct unl_ext_ack *extack)
{
	if (!rtnl_link_valid_ether(addr))
		return -EADDRNOTAVAIL;
	if (memcmp(l->addr, addr, ETH_ALEN))
		br_stp_change_bridge_id(br_priv(l), addr);
	l->addr_assign_type = NET_ADDR_SET;
	return 0;
}

/* br_change_mtu(): the bridge's MTU no longer follows its ports (the
 * automatic adjustment clears the flag again). */
static int br_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	br_opt_toggle(br_priv(l), BROPT_MTU_SET_BY_USER, true);
	return 0;
}

/* br_dev_change_rx_flags(): promiscuity decides the ports'. */
static void br_change_rx_flags(struct rtnl_link *l, unsigned int changes)
{
	if (changes & IFF_PROMISC)
		br_manage_promisc(br_priv(l));
}

/* br_dev_open() and br_dev_stop(). */
static int br_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	br_stp_enable_bridge(br_priv(l));
	if (br_opt(br_priv(l), BROPT_MULTICAST_ENABLED))
		br_snoopers(br_priv(l), true);
	return 0;
}

static void br_stop(struct rtnl_link *l)
{
	br_stp_disable_bridge(br_priv(l));
	br_snoopers(br_priv(l), false);
}

/* The bridge's own state; ports still attached (the net going away)
 * let go of theirs. */
static void br_destructor(struct rtnl_link *l)
{
	struct br_priv *br = br_priv(l);

	br_vlan_destroy(br);
	br_fdb_destroy(br);
	br_mdb_destroy(br);
	while (br->ports) {
		struct br_port *p = br->ports;

		br->ports = p->next;
		p->dev->port = NULL;
		p->dev->master = 0;
		unl_timer_free(p->forward_delay_timer);
		free(p);
	}
	unl_timer_free(br->hello_timer);
	unl_timer_free(br->tc_timer);
	unl_timer_free(br->gc_timer);
}

/* br_get_link_ksettings(): unknown, or the fastest port that is up
 * and running with a known speed; the duplex stays unknown, port
 * "other".
 * Ports are walked as br->port_list is, the newest first. */
static int br_ksettings(const struct rtnl_link *l, uint32_t *speed,
			uint8_t *duplex, uint8_t *port)
{
	const struct br_priv *br = rtnl_link_priv(l);

	*speed = UINT32_MAX;
	*duplex = 0xff;
	for (const struct br_port *p = br->ports; p; p = p->next) {
		const struct rtnl_ethtool *et = p->dev->ops->ethtool;
		uint32_t s;
		uint8_t d, po;

		if (!(p->dev->flags & IFF_UP) || !rtnl_link_oper_up(p->dev) ||
		    !et || !et->ksettings || et->ksettings(p->dev, &s, &d, &po))
			continue;
		if (s != UINT32_MAX && (*speed == UINT32_MAX || *speed < s))
			*speed = s;
	}
	*port = PORT_OTHER;
	return 0;
}

/* A bridge's offloads without ports, as Linux 6.18 reports them for
 * a new device */
static const struct rtnl_ethtool_features br_ethtool_features = {
	.hw = UINT64_C(0x0a00220fffff48e9),
	.wanted = UINT64_C(0x0000200fffff48e9),
	.active = UINT64_C(0x0000200fffff48e9),
};

static const struct rtnl_ethtool br_ethtool = {
	.driver = "bridge",
	.version = "2.3",
	.fw_version = "N/A",
	.bus_info = "N/A",
	.get_link = true,
	.ksettings = br_ksettings,
	.features = &br_ethtool_features,
};

/* br_get_stats64() (dev_get_tstats64()): what the bridge device
 * received, and dev->stats' multicast */
static void br_get_stats64(const struct rtnl_link *l,
			   struct rtnl_link_stats64 *s)
{
	const struct br_priv *br = br_priv(l);

	s->rx_packets = br->rx_packets;
	s->rx_bytes = br->rx_bytes;
	s->multicast = br->multicast;
}

const struct rtnl_link_ops rtnl_bridge_ops = {
	.kind = "bridge",
	.devtype = "bridge",
	.priv_size = sizeof(struct br_priv),
	.setup = br_setup,
	.maxtype = BR_IFLA_BR_MAX,
	.policy = br_policy,
	.validate = br_validate,
	.newlink = br_newlink,
	.changelink = br_changelink,
	.dellink = br_dev_delete,
	.fill_info = br_fill_info,
	.slave_maxtype = BR_IFLA_BRPORT_MAX,
	.slave_policy = br_port_policy,
	.slave_changelink = br_port_slave_changelink,
	.fill_slave_info = br_port_fill_slave_info,
	.sysfs_list = br_sysfs_list,
	.sysfs_get = br_sysfs_get,
	.port_sysfs_list = br_port_sysfs_list,
	.port_sysfs_get = br_port_sysfs_get,
	.sysfs_write = br_sysfs_write,
	.port_sysfs_write = br_port_sysfs_write,
	.add_slave = br_add_if,
	.del_slave = br_del_if,
	.set_mac_address = br_set_mac_address,
	.open = br_open,
	.stop = br_stop,
	.change_mtu = br_change_mtu,
	.change_rx_flags = br_change_rx_flags,
	.bridge_getlink = br_getlink,
	.bridge_setlink = br_setlink,
	.bridge_dellink = br_dellink,
	.destructor = br_destructor,
	.fdb_add = br_fdb_add, .fdb_del = br_fdb_delete,
	.fdb_del_bulk = br_fdb_delete_bulk, .fdb_dump = br_fdb_dump,
	.fdb_get = br_fdb_get, .fill_linkxstats = br_fill_linkxstats,
	.mdb_add = br_mdb_add, .mdb_del = br_mdb_del, .mdb_dump = br_mdb_dump,
	.mdb_get = br_mdb_get, .mdb_del_bulk = br_mdb_del_bulk,
	.netdev_event = br_device_event,
	.ethtool = &br_ethtool,
	.rx_frame = br_handle_frame,
	.get_stats64 = br_get_stats64,
};
