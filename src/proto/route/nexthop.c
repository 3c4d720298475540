// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Nexthop objects: RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP
 * (net/ipv4/nexthop.c).  A nexthop is a device with or without a
 * gateway, a blackhole, an FDB gateway, or a hash-threshold group of
 * such nexthops; routes name one with RTA_NH_ID (route.c).
 *
 * Objects are kept in one list by id, the order of the kernel's
 * red-black tree and of its dumps.  What the kernel orders by list
 * insertion (a device's hash chain, the groups a nexthop belongs to)
 * is ordered here by stamps from one counter, newest first.
 *
 * Resilient groups are refused (EOPNOTSUPP, docs/conformance.md): their
 * buckets migrate on timers, which nothing here runs.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

/* Attributes newer than the uapi headers this builds against (Linux
 * 6.18's include/uapi/linux/nexthop.h): they follow NHA_RES_BUCKET. */
#define RTNL_NHA_OP_FLAGS (NHA_RES_BUCKET + 1)
#define RTNL_NHA_GROUP_STATS (NHA_RES_BUCKET + 2)
#define RTNL_NHA_HW_STATS_ENABLE (NHA_RES_BUCKET + 3)
#define RTNL_NHA_HW_STATS_USED (NHA_RES_BUCKET + 4)
_Static_assert(NHA_RES_BUCKET == 13, "NHA_* numbering");
#define RTNL_NHA_OP_FLAGS_DUMP_STATS 0x1
#define RTNL_NHA_OP_FLAGS_DUMP_HW_STATS 0x2
#define RTNL_NHA_OP_FLAGS_DUMP_ALL 0x3
/* NHA_OP_FLAG_RESP_GRP_RESVD_0: a group's answer says its reserved
 * fields are cleared */
#define RTNL_NHA_OP_FLAG_RESP_GRP_RESVD_0 0x80000000u
#define RTNL_NHA_GROUP_STATS_ENTRY 1
#define RTNL_NHA_GROUP_STATS_ENTRY_ID 1
#define RTNL_NHA_GROUP_STATS_ENTRY_PACKETS 2
#define RTNL_NHA_GROUP_STATS_ENTRY_PACKETS_HW 3

/* NEXTHOP_VALID_USER_FLAGS */
#define NH_VALID_USER_FLAGS RTNH_F_ONLINK

#define NH_MSG_SIZE 256

/* struct nexthop_grp as Linux 6.18 has it: weight_high where older
 * headers say resvd1. */
struct nh_grp_wire {
	uint32_t id;
	uint8_t weight;
	uint8_t weight_high;
	uint16_t resvd2;
};

static const struct unl_nla_policy nh_policy_new[RTNL_NHA_HW_STATS_ENABLE + 1] = {
	[NHA_ID] = { .type = UNL_NLA_U32 },
	[NHA_GROUP] = { .type = UNL_NLA_BINARY },
	[NHA_GROUP_TYPE] = { .type = UNL_NLA_U16 },
	[NHA_BLACKHOLE] = { .type = UNL_NLA_FLAG },
	[NHA_OIF] = { .type = UNL_NLA_U32 },
	[NHA_GATEWAY] = { .type = UNL_NLA_BINARY },
	[NHA_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[NHA_ENCAP] = { .type = UNL_NLA_NESTED },
	[NHA_FDB] = { .type = UNL_NLA_FLAG },
	[NHA_RES_GROUP] = { .type = UNL_NLA_NESTED },
	[RTNL_NHA_HW_STATS_ENABLE] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy nh_policy_get[RTNL_NHA_OP_FLAGS + 1] = {
	[NHA_ID] = { .type = UNL_NLA_U32 },
	[RTNL_NHA_OP_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_U32,
						  RTNL_NHA_OP_FLAGS_DUMP_ALL),
};

static const struct unl_nla_policy nh_policy_del[NHA_ID + 1] = {
	[NHA_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy nh_policy_dump[RTNL_NHA_OP_FLAGS + 1] = {
	[NHA_OIF] = { .type = UNL_NLA_U32 },
	[NHA_GROUPS] = { .type = UNL_NLA_FLAG },
	[NHA_MASTER] = { .type = UNL_NLA_U32 },
	[NHA_FDB] = { .type = UNL_NLA_FLAG },
	[RTNL_NHA_OP_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_U32,
						  RTNL_NHA_OP_FLAGS_DUMP_ALL),
};

static const struct unl_nla_policy nh_res_policy_new[NHA_RES_GROUP_UNBALANCED_TIMER + 1] = {
	[NHA_RES_GROUP_BUCKETS] = { .type = UNL_NLA_U16 },
	[NHA_RES_GROUP_IDLE_TIMER] = { .type = UNL_NLA_U32 },
	[NHA_RES_GROUP_UNBALANCED_TIMER] = { .type = UNL_NLA_U32 },
};

struct rtnl_nexthop *rtnl_nexthop_find(struct rtnl_net *rn, uint32_t id)
{
	for (struct rtnl_nexthop *nh = rn->nexthops; nh && nh->id <= id;
	     nh = nh->next)
		if (nh->id == id)
			return nh;
	return NULL;
}

static void nh_free(struct rtnl_nexthop *nh)
{
	if (nh) {
		free(nh->grp);
		free(nh);
	}
}

/* nh_base_seq_inc(): never 0, which dumps read as "no sequence" */
static void nh_seq_inc(struct rtnl_net *rn)
{
	while (++rn->nh_seq == 0)
		;
}

/* ---- paths, as routes see them ---- */

int rtnl_nexthop_num_path(struct rtnl_net *rn, const struct rtnl_nexthop *nh)
{
	(void)rn;
	return nh->is_group ? nh->ngrp : 1;
}

const struct rtnl_nexthop *rtnl_nexthop_path(struct rtnl_net *rn,
					     const struct rtnl_nexthop *nh,
					     int i, int *weight)
{
	if (!nh->is_group) {
		if (weight)
			*weight = 1;
		return nh;
	}
	if (i >= nh->ngrp)
		return NULL;
	if (weight)
		*weight = nh->grp[i].weight;
	return rtnl_nexthop_find(rn, nh->grp[i].id);
}

bool rtnl_nexthop_is_blackhole(struct rtnl_net *rn,
			       const struct rtnl_nexthop *nh)
{
	if (nh->is_group) {
		if (nh->ngrp > 1)
			return false;
		nh = rtnl_nexthop_find(rn, nh->grp[0].id);
	}
	return nh && nh->blackhole;
}

static bool nh_group_has_v4(struct rtnl_net *rn, const struct rtnl_nexthop *g)
{
	for (int i = 0; i < g->ngrp; i++) {
		const struct rtnl_nexthop *m = rtnl_nexthop_find(rn, g->grp[i].id);

		if (m && m->family == AF_INET)
			return true;
	}
	return false;
}

/* nexthop_check_scope() */
static int nh_check_scope(const struct rtnl_nexthop *nh, uint8_t scope,
			  struct unl_ext_ack *extack)
{
	if (scope == RT_SCOPE_HOST && nh->nh.has_gw) {
		UNL_SET_ERR_MSG(extack, "Route with host scope can not have a gateway");
		return -EINVAL;
	}
	if ((nh->flags & RTNH_F_ONLINK) && scope >= RT_SCOPE_LINK) {
		UNL_SET_ERR_MSG(extack, "Scope mismatch with nexthop");
		return -EINVAL;
	}
	return 0;
}

int rtnl_nexthop_check_route(struct rtnl_net *rn,
			     const struct rtnl_nexthop *nh, int family,
			     uint8_t scope, struct unl_ext_ack *extack)
{
	if (family == AF_INET6) {
		bool v4 = nh->is_group ? nh_group_has_v4(rn, nh)
				       : nh->family == AF_INET;

		if (v4) {
			UNL_SET_ERR_MSG(extack, "IPv6 routes can not use an IPv4 nexthop");
			return -EINVAL;
		}
		if (nh->fdb) {
			UNL_SET_ERR_MSG(extack, "Route cannot point to a fdb nexthop");
			return -EINVAL;
		}
		return 0;
	}
	if (nh->fdb) {
		UNL_SET_ERR_MSG(extack, "Route cannot point to a fdb nexthop");
		return -EINVAL;
	}
	if (nh->is_group) {
		const struct rtnl_nexthop *first;

		if (scope == RT_SCOPE_HOST) {
			UNL_SET_ERR_MSG(extack, "Route with host scope can not have multiple nexthops");
			return -EINVAL;
		}
		/* every member of a group has the scope of the first */
		first = rtnl_nexthop_find(rn, nh->grp[0].id);
		return first ? nh_check_scope(first, scope, extack) : 0;
	}
	return nh_check_scope(nh, scope, extack);
}

/* ---- messages ---- */

/* nla_put_nh_group_stats(): whether hardware statistics are enabled,
 * whether they are used (when asked; no device offloads here), and
 * each member's use count, 0 as nothing forwards. */
static int nh_fill_group_stats(struct unl_skb *skb,
			       const struct rtnl_nexthop *nh, uint32_t op_flags)
{
	bool hw = op_flags & RTNL_NHA_OP_FLAGS_DUMP_HW_STATS;
	struct nlattr *st, *e;

	if (unl_nla_put_u32(skb, RTNL_NHA_HW_STATS_ENABLE, nh->hw_stats) ||
	    (hw && nh->hw_stats &&
	     unl_nla_put_u32(skb, RTNL_NHA_HW_STATS_USED, 0)))
		return -EMSGSIZE;
	st = unl_nla_nest_start(skb, RTNL_NHA_GROUP_STATS);
	if (!st)
		return -EMSGSIZE;
	for (int i = 0; i < nh->ngrp; i++) {
		e = unl_nla_nest_start(skb, RTNL_NHA_GROUP_STATS_ENTRY);
		if (!e ||
		    unl_nla_put_u32(skb, RTNL_NHA_GROUP_STATS_ENTRY_ID,
				    nh->grp[i].id) ||
		    unl_nla_put_u32(skb, RTNL_NHA_GROUP_STATS_ENTRY_PACKETS, 0) ||
		    (hw && unl_nla_put_u32(skb,
					   RTNL_NHA_GROUP_STATS_ENTRY_PACKETS_HW,
					   0)))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, e);
	}
	unl_nla_nest_end(skb, st);
	return 0;
}

/*
 * nh_fill_node():
 *
 *   struct nhmsg | NHA_ID | group: [NHA_FDB] NHA_GROUP_TYPE NHA_GROUP
 *                |        |        [NHA_HW_STATS_ENABLE [NHA_HW_STATS_USED]
 *                |        |         NHA_GROUP_STATS] NHA_OP_FLAGS
 *                |        | single: NHA_BLACKHOLE, or NHA_FDB / NHA_OIF,
 *                |        |         then NHA_GATEWAY
 */
static int nh_fill(struct unl_skb *skb, const struct rtnl_nexthop *nh,
		   int type, uint32_t pid, uint32_t seq, int flags,
		   uint32_t op_flags)
{
	struct nlmsghdr *nlh;
	struct nhmsg *nhm;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*nhm), flags);
	if (!nlh)
		return -EMSGSIZE;
	nhm = NLMSG_DATA(nlh);
	nhm->nh_family = AF_UNSPEC;
	nhm->nh_flags = nh->flags;
	nhm->nh_protocol = nh->protocol;
	if (unl_nla_put_u32(skb, NHA_ID, nh->id))
		goto fail;
	if (nh->is_group) {
		struct nh_grp_wire *p;
		int err;
		size_t len = (size_t)nh->ngrp * sizeof(*p);

		if ((nh->fdb && unl_nla_put_flag(skb, NHA_FDB)) ||
		    unl_nla_put_u16(skb, NHA_GROUP_TYPE, nh->grp_type))
			goto fail;
		p = calloc(1, len);
		if (!p)
			goto fail;
		for (int i = 0; i < nh->ngrp; i++) {
			p[i].id = nh->grp[i].id;
			p[i].weight = (uint8_t)((nh->grp[i].weight - 1) & 0xff);
			p[i].weight_high = (uint8_t)((nh->grp[i].weight - 1) >> 8);
		}
		err = unl_nla_put(skb, NHA_GROUP, (int)len, p);
		free(p);
		if (err)
			goto fail;
		if (((op_flags & RTNL_NHA_OP_FLAGS_DUMP_STATS) &&
		     nh_fill_group_stats(skb, nh, op_flags)) ||
		    unl_nla_put_u32(skb, RTNL_NHA_OP_FLAGS,
				    RTNL_NHA_OP_FLAG_RESP_GRP_RESVD_0))
			goto fail;
		goto out;
	}
	nhm->nh_family = nh->family;
	if (nh->blackhole) {
		if (unl_nla_put_flag(skb, NHA_BLACKHOLE))
			goto fail;
		goto out;
	}
	if (nh->fdb) {
		if (unl_nla_put_flag(skb, NHA_FDB))
			goto fail;
	} else if (nh->nh.ifindex &&
		   unl_nla_put_u32(skb, NHA_OIF, (uint32_t)nh->nh.ifindex)) {
		goto fail;
	}
	nhm->nh_scope = nh->scope;
	if (nh->nh.has_gw &&
	    unl_nla_put(skb, NHA_GATEWAY, nh->family == AF_INET ? 4 : 16,
			nh->nh.gw))
		goto fail;
out:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* nexthop_notify(): the request's own flags and sequence go out with
 * the event. */
static void nh_notify(struct rtnl_net *rn, const struct rtnl_nexthop *nh,
		      int type, struct unl_skb *req,
		      const struct nlmsghdr *nlh)
{
	uint32_t pid = req ? rtnl_req_portid(req) : 0;
	struct unl_skb *skb = unl_nlmsg_new(NH_MSG_SIZE +
					    (size_t)nh->ngrp *
						    sizeof(struct nh_grp_wire));

	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEXTHOP, -ENOBUFS);
		return;
	}
	if (nh_fill(skb, nh, type, pid, nlh ? nlh->nlmsg_seq : 0,
		    nlh ? nlh->nlmsg_flags : 0, 0)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_NEXTHOP, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, pid, RTNLGRP_NEXTHOP, nlh);
}

/* ---- removal ---- */

static int nh_grp_index(const struct rtnl_nexthop *g, uint32_t id)
{
	for (int i = 0; i < g->ngrp; i++)
		if (g->grp[i].id == id)
			return i;
	return -1;
}

/* The groups id belongs to, in the order of its group list (the
 * newest membership first); *n gets their number.  Caller frees. */
static uint32_t *nh_parents(struct rtnl_net *rn, uint32_t id, int *n)
{
	uint32_t *ids = NULL;
	uint64_t *stamps = NULL;
	int cnt = 0, cap = 0;

	for (struct rtnl_nexthop *g = rn->nexthops; g; g = g->next) {
		int i;

		if (!g->is_group || (i = nh_grp_index(g, id)) < 0)
			continue;
		if (cnt == cap) {
			int ncap = cap ? cap * 2 : 8;
			uint32_t *ni = realloc(ids, (size_t)ncap * sizeof(*ni));
			uint64_t *ns;

			if (!ni)
				break;
			ids = ni;
			ns = realloc(stamps, (size_t)ncap * sizeof(*ns));
			if (!ns)
				break;
			stamps = ns;
			cap = ncap;
		}
		ids[cnt] = g->id;
		stamps[cnt++] = g->grp[i].stamp;
	}
	/* few groups share a member: insertion sort, newest first */
	for (int i = 1; i < cnt; i++)
		for (int j = i; j > 0 && stamps[j - 1] < stamps[j]; j--) {
			uint64_t s = stamps[j];
			uint32_t t = ids[j];

			stamps[j] = stamps[j - 1];
			ids[j] = ids[j - 1];
			stamps[j - 1] = s;
			ids[j - 1] = t;
		}
	free(stamps);
	*n = cnt;
	return ids;
}

static void nh_remove(struct rtnl_net *rn, struct rtnl_nexthop *nh,
		      struct unl_skb *req, const struct nlmsghdr *nlh,
		      bool notify);

/* remove_nh_grp_entry(): the last member takes its group along; the
 * others are copied into a new array, which moves the group to the
 * head of each remaining member's list. */
static void nh_grp_remove_entry(struct rtnl_net *rn, struct rtnl_nexthop *g,
				uint32_t id, struct unl_skb *req,
				const struct nlmsghdr *nlh, bool notify)
{
	int i = nh_grp_index(g, id), j = 0;

	if (i < 0)
		return;
	if (g->ngrp == 1) {
		nh_remove(rn, g, req, nlh, notify);
		return;
	}
	for (int k = 0; k < g->ngrp; k++) {
		if (k == i)
			continue;
		g->grp[j] = g->grp[k];
		g->grp[j++].stamp = ++rn->nh_stamp;
	}
	g->ngrp = j;
	rtnl_route_nexthop_sync(rn);
	if (notify)
		nh_notify(rn, g, RTM_NEWNEXTHOP, req, nlh);
}

/* remove_nexthop(): the event first, then its routes, then its place
 * in groups.  Frees nh. */
static void nh_remove(struct rtnl_net *rn, struct rtnl_nexthop *nh,
		      struct unl_skb *req, const struct nlmsghdr *nlh,
		      bool notify)
{
	rtnl_link_nexthop_del(rn, nh->id);
	if (notify)
		nh_notify(rn, nh, RTM_DELNEXTHOP, req, nlh);
	/* routes announced as they go still describe it, and a group
	 * losing its last member still shows that member */
	rtnl_route_nexthop_removed(rn, nh->id);
	if (!nh->is_group) {
		int n = 0;
		uint32_t *parents = nh_parents(rn, nh->id, &n);

		for (int i = 0; i < n; i++) {
			struct rtnl_nexthop *g = rtnl_nexthop_find(rn, parents[i]);

			if (g)
				nh_grp_remove_entry(rn, g, nh->id, req, nlh,
						    notify);
		}
		free(parents);
	}
	for (struct rtnl_nexthop **pp = &rn->nexthops; *pp; pp = &(*pp)->next)
		if (*pp == nh) {
			*pp = nh->next;
			break;
		}
	nh_seq_inc(rn);
	nh_free(nh);
}

/* nh_netdev_event(): a device's nexthops go when it goes down, loses
 * its carrier or goes away. */
int rtnl_nexthop_netdev_event(struct rtnl_net *rn,
			      enum rtnl_netdev_event event,
			      const struct rtnl_netdev_info *info)
{
	switch (event) {
	case RTNL_NETDEV_CHANGE:
		if (info->dev->carrier)
			break;
		/* fall through */
	case RTNL_NETDEV_DOWN:
		rtnl_nexthop_flush_dev(rn, info->dev->ifindex, false);
		break;
	case RTNL_NETDEV_UNREGISTER:
		rtnl_nexthop_flush_dev(rn, info->dev->ifindex, true);
		break;
	default:
		break;
	}
	return 0;
}

void rtnl_nexthop_flush_dev(struct rtnl_net *rn, int ifindex, bool unregister)
{
	for (;;) {
		struct rtnl_nexthop *victim = NULL;

		/* the device's hash chain, newest first */
		for (struct rtnl_nexthop *nh = rn->nexthops; nh; nh = nh->next) {
			if (nh->is_group || nh->fdb || nh->nh.ifindex != ifindex)
				continue;
			if (nh->blackhole && !unregister)
				continue;
			if (!victim || nh->stamp > victim->stamp)
				victim = nh;
		}
		if (!victim)
			return;
		nh_remove(rn, victim, NULL, NULL, false);
	}
}

void rtnl_nexthop_fini(struct rtnl_net *rn)
{
	while (rn->nexthops) {
		struct rtnl_nexthop *nh = rn->nexthops;

		rn->nexthops = nh->next;
		nh_free(nh);
	}
}

/* ---- NEWNEXTHOP ---- */

struct nh_config {
	uint32_t id;
	uint8_t family, protocol;
	uint32_t flags;
	uint32_t nlflags;
	bool fdb, blackhole;
	int ifindex;
	bool has_gw;
	uint8_t gw[16];
	const struct nlattr *grp;
	uint16_t grp_type;
	bool res_has_buckets;
	bool hw_stats;
};

/* nh_check_attr_group(): what the attribute itself says. */
static int nh_check_attr_group(const struct nlattr **tb, uint16_t grp_type,
			       struct unl_ext_ack *extack)
{
	int len = unl_nla_len(tb[NHA_GROUP]);
	const struct nh_grp_wire *g = unl_nla_data(tb[NHA_GROUP]);

	if (!len || len % (int)sizeof(*g)) {
		UNL_SET_ERR_MSG(extack, "Invalid length for nexthop group attribute");
		return -EINVAL;
	}
	len /= (int)sizeof(*g);
	for (int i = 0; i < len; i++) {
		if (g[i].resvd2) {
			UNL_SET_ERR_MSG(extack, "Reserved field in nexthop_grp must be 0");
			return -EINVAL;
		}
		if (g[i].weight == 0xff && g[i].weight_high == 0xff) {
			UNL_SET_ERR_MSG(extack, "Invalid value for weight");
			return -EINVAL;
		}
		for (int j = i + 1; j < len; j++)
			if (g[i].id == g[j].id) {
				UNL_SET_ERR_MSG(extack, "Nexthop id can not be used twice in a group");
				return -EINVAL;
			}
	}
	for (int i = NHA_GROUP_TYPE + 1; i <= RTNL_NHA_HW_STATS_ENABLE; i++) {
		if (!tb[i])
			continue;
		if (i == NHA_FDB || i == RTNL_NHA_HW_STATS_ENABLE)
			continue;
		if (i == NHA_RES_GROUP && grp_type == NEXTHOP_GRP_TYPE_RES)
			continue;
		UNL_SET_ERR_MSG(extack, "No other attributes can be set in nexthop groups");
		return -EINVAL;
	}
	return 0;
}

/* nh_check_attr_group_rtnl(): the members exist and may be members. */
static int nh_check_group_members(struct rtnl_net *rn,
				  const struct nh_config *cfg,
				  struct unl_ext_ack *extack)
{
	const struct nh_grp_wire *g = unl_nla_data(cfg->grp);
	int len = unl_nla_len(cfg->grp) / (int)sizeof(*g);
	uint8_t family = AF_UNSPEC;

	for (int i = 0; i < len; i++) {
		const struct rtnl_nexthop *m = rtnl_nexthop_find(rn, g[i].id);
		bool is_fdb;

		if (!m) {
			UNL_SET_ERR_MSG(extack, "Invalid nexthop id");
			return -EINVAL;
		}
		if (m->is_group) {
			UNL_SET_ERR_MSG(extack, m->grp_type == NEXTHOP_GRP_TYPE_MPATH
						? "Hash-threshold group can not be a nexthop within a group"
						: "Resilient group can not be a nexthop within a group");
			return -EINVAL;
		}
		if (m->blackhole && len > 1) {
			UNL_SET_ERR_MSG(extack, "Blackhole nexthop can not be used in a group with more than 1 path");
			return -EINVAL;
		}
		is_fdb = m->fdb;
		if (cfg->fdb) {
			if (!m->fdb) {
				UNL_SET_ERR_MSG(extack, "FDB nexthop group can only have fdb nexthops");
				return -EINVAL;
			}
			if (family == AF_UNSPEC) {
				family = m->family;
			} else if (family != m->family) {
				UNL_SET_ERR_MSG(extack, "FDB nexthop group cannot have mixed family nexthops");
				return -EINVAL;
			}
		}
		if (!cfg->fdb && is_fdb) {
			UNL_SET_ERR_MSG(extack, "Non FDB nexthop group cannot have fdb nexthops");
			return -EINVAL;
		}
	}
	return 0;
}

/* rtm_to_nh_config(): everything that needs no other object. */
static int nh_config_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
			   struct nh_config *cfg, struct unl_ext_ack *extack)
{
	const struct nhmsg *nhm;
	int err;

	err = unl_nlmsg_parse(nlh, sizeof(*nhm), tb, RTNL_NHA_HW_STATS_ENABLE,
			      nh_policy_new, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	nhm = NLMSG_DATA(nlh);
	if (nhm->resvd || nhm->nh_scope) {
		UNL_SET_ERR_MSG(extack, "Invalid values in ancillary header");
		return -EINVAL;
	}
	if (nhm->nh_flags & ~NH_VALID_USER_FLAGS) {
		UNL_SET_ERR_MSG(extack, "Invalid nexthop flags in ancillary header");
		return -EINVAL;
	}
	switch (nhm->nh_family) {
	case AF_INET:
	case AF_INET6:
		break;
	case AF_UNSPEC:
		if (tb[NHA_GROUP])
			break;
		/* fall through */
	default:
		UNL_SET_ERR_MSG(extack, "Invalid address family");
		return -EINVAL;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->nlflags = nlh->nlmsg_flags;
	cfg->family = nhm->nh_family;
	cfg->protocol = nhm->nh_protocol;
	cfg->flags = nhm->nh_flags;
	if (tb[NHA_ID])
		cfg->id = unl_nla_get_u32(tb[NHA_ID]);
	if (tb[NHA_FDB]) {
		if (tb[NHA_OIF] || tb[NHA_BLACKHOLE] || tb[NHA_ENCAP] ||
		    tb[NHA_ENCAP_TYPE]) {
			UNL_SET_ERR_MSG(extack, "Fdb attribute can not be used with encap, oif or blackhole");
			return -EINVAL;
		}
		if (nhm->nh_flags) {
			UNL_SET_ERR_MSG(extack, "Unsupported nexthop flags in ancillary header");
			return -EINVAL;
		}
		cfg->fdb = true;
	}
	if (tb[NHA_GROUP]) {
		if (nhm->nh_family != AF_UNSPEC) {
			UNL_SET_ERR_MSG(extack, "Invalid family for group");
			return -EINVAL;
		}
		cfg->grp = tb[NHA_GROUP];
		cfg->grp_type = tb[NHA_GROUP_TYPE]
					? unl_nla_get_u16(tb[NHA_GROUP_TYPE])
					: NEXTHOP_GRP_TYPE_MPATH;
		if (cfg->grp_type > NEXTHOP_GRP_TYPE_RES) {
			UNL_SET_ERR_MSG(extack, "Invalid group type");
			return -EINVAL;
		}
		err = nh_check_attr_group(tb, cfg->grp_type, extack);
		if (err)
			return err;
		if (tb[RTNL_NHA_HW_STATS_ENABLE])
			cfg->hw_stats = unl_nla_get_u32(tb[RTNL_NHA_HW_STATS_ENABLE]);
		if (cfg->grp_type == NEXTHOP_GRP_TYPE_RES && tb[NHA_RES_GROUP]) {
			const struct nlattr *rtb[NHA_RES_GROUP_UNBALANCED_TIMER + 1];

			err = unl_nla_parse_nested(rtb, NHA_RES_GROUP_UNBALANCED_TIMER,
						   tb[NHA_RES_GROUP],
						   nh_res_policy_new,
						   UNL_VALIDATE_STRICT, extack);
			if (err)
				return err;
			if (rtb[NHA_RES_GROUP_BUCKETS]) {
				cfg->res_has_buckets = true;
				if (!unl_nla_get_u16(rtb[NHA_RES_GROUP_BUCKETS])) {
					UNL_SET_ERR_MSG(extack, "Number of buckets needs to be non-0");
					return -EINVAL;
				}
			}
		}
		return 0;
	}
	if (tb[NHA_BLACKHOLE]) {
		if (tb[NHA_GATEWAY] || tb[NHA_OIF] || tb[NHA_ENCAP] ||
		    tb[NHA_ENCAP_TYPE] || tb[NHA_FDB]) {
			UNL_SET_ERR_MSG(extack, "Blackhole attribute can not be used with gateway, oif, encap or fdb");
			return -EINVAL;
		}
		cfg->blackhole = true;
		return 0;
	}
	if (!cfg->fdb && !tb[NHA_OIF]) {
		UNL_SET_ERR_MSG(extack, "Device attribute required for non-blackhole and non-fdb nexthops");
		return -EINVAL;
	}
	if (!cfg->fdb && tb[NHA_OIF])
		cfg->ifindex = (int)unl_nla_get_u32(tb[NHA_OIF]);
	if (tb[NHA_GATEWAY]) {
		int n = cfg->family == AF_INET ? 4 : 16;

		if (unl_nla_len(tb[NHA_GATEWAY]) != n) {
			UNL_SET_ERR_MSG(extack, "Invalid gateway");
			return -EINVAL;
		}
		memcpy(cfg->gw, unl_nla_data(tb[NHA_GATEWAY]), (size_t)n);
		cfg->has_gw = true;
	} else if (cfg->flags & RTNH_F_ONLINK) {
		UNL_SET_ERR_MSG(extack, "ONLINK flag can not be set for nexthop without a gateway");
		return -EINVAL;
	}
	if (tb[NHA_ENCAP]) {
		if (!tb[NHA_ENCAP_TYPE]) {
			UNL_SET_ERR_MSG(extack, "LWT encapsulation type is missing");
			return -EINVAL;
		}
		/* lwtunnel_valid_encap_type(): no encapsulation is built in */
		UNL_SET_ERR_MSG(extack, "LWT encapsulation type not supported");
		return -EOPNOTSUPP;
	} else if (tb[NHA_ENCAP_TYPE]) {
		UNL_SET_ERR_MSG(extack, "LWT encapsulation attribute is missing");
		return -EINVAL;
	}
	if (tb[RTNL_NHA_HW_STATS_ENABLE]) {
		UNL_SET_ERR_MSG(extack, "Cannot enable nexthop hardware statistics for non-group nexthops");
		return -EINVAL;
	}
	return 0;
}

/* rtm_to_nh_config_rtnl(): the members of a group, the device. */
static int nh_config_objects(struct rtnl_net *rn, struct nh_config *cfg,
			     struct unl_ext_ack *extack)
{
	struct rtnl_link *l;

	if (cfg->grp)
		return nh_check_group_members(rn, cfg, extack);
	if (!cfg->ifindex)
		return cfg->fdb || cfg->blackhole ? 0 : -EINVAL;
	l = cfg->ifindex > 0 ? rtnl_link_by_index(rn, cfg->ifindex) : NULL;
	if (!l) {
		UNL_SET_ERR_MSG(extack, "Invalid device index");
		return -EINVAL;
	}
	if (!(l->flags & IFF_UP)) {
		UNL_SET_ERR_MSG(extack, "Nexthop device is not up");
		return -ENETDOWN;
	}
	if (!l->carrier) {
		UNL_SET_ERR_MSG(extack, "Carrier for nexthop device is down");
		return -ENETDOWN;
	}
	return 0;
}

static bool ip6_is_linklocal(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* ip6_validate_gw() for a nexthop: the device is given and up. */
static int nh_check_gw6(struct rtnl_net *rn, struct rtnl_nexthop *nh,
			struct unl_ext_ack *extack)
{
	const uint8_t *gw = nh->nh.gw;
	bool ll = ip6_is_linklocal(gw);
	struct rtnl_link *l = rtnl_link_by_index(rn, nh->nh.ifindex);

	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next)
		if (a->family == AF_INET6 && !memcmp(a->local, gw, 16) &&
		    (!ll || a->ifindex == nh->nh.ifindex)) {
			UNL_SET_ERR_MSG(extack, "Gateway can not be a local address");
			return -EINVAL;
		}
	if (!ll) {
		bool found = false;

		/* multicast, unspecified and loopback are no gateways */
		if (gw[0] == 0xff) {
			UNL_SET_ERR_MSG(extack, "Invalid gateway address");
			return -EINVAL;
		}
		/* ip6_route_check_nh(): a connected route through the
		 * device must cover it */
		for (const struct rtnl_route *rt = rn->routes; rt && !found;
		     rt = rt->next) {
			int plen = rt->dst_len, k;

			if (rt->family != AF_INET6 || rt->nh_id ||
			    (rt->table != RT_TABLE_MAIN &&
			     rt->table != RT_TABLE_LOCAL) ||
			    rt->type != RTN_UNICAST || !rt->nnh ||
			    rt->nh[0].has_gw ||
			    rt->nh[0].ifindex != nh->nh.ifindex)
				continue;
			for (k = 0; k < 16 && plen > 0; k++, plen -= 8) {
				uint8_t m = plen >= 8 ? 0xff
						      : (uint8_t)(0xff << (8 - plen));

				if ((rt->dst[k] ^ gw[k]) & m)
					break;
			}
			if (k == 16 || plen <= 0)
				found = true;
		}
		if (!found)
			return -EHOSTUNREACH;
	}
	if (l && (l->flags & IFF_LOOPBACK)) {
		UNL_SET_ERR_MSG(extack, "Egress device can not be loopback device for this route");
		return -EINVAL;
	}
	return 0;
}

/* nexthop_create(): a single nexthop, checked as fib_check_nh() and
 * fib6_nh_init() check one.  *out is the caller's to free. */
static int nh_create(struct rtnl_net *rn, const struct nh_config *cfg,
		     struct rtnl_nexthop **out, struct unl_ext_ack *extack)
{
	struct rtnl_nexthop *nh = calloc(1, sizeof(*nh));
	int err = 0;

	if (!nh)
		return -ENOMEM;
	nh->family = cfg->family;
	nh->flags = cfg->flags;
	nh->scope = RT_SCOPE_LINK;
	nh->fdb = cfg->fdb;
	nh->blackhole = cfg->blackhole;
	nh->nh.ifindex = cfg->ifindex;
	nh->nh.has_gw = cfg->has_gw;
	nh->nh.flags = (uint8_t)cfg->flags;
	memcpy(nh->nh.gw, cfg->gw, sizeof(nh->nh.gw));
	if (nh->blackhole) {
		/* the loopback device carries it, and must be up */
		struct rtnl_link *lo = rtnl_link_by_index(rn, 1);

		nh->nh.ifindex = 1;
		if (!lo || !(lo->flags & IFF_UP)) {
			UNL_SET_ERR_MSG(extack, nh->family == AF_INET
						? "Device for nexthop is not up"
						: "Nexthop device is not up");
			err = -ENETDOWN;
		} else if (nh->family == AF_INET) {
			nh->scope = RT_SCOPE_HOST;
		}
	} else if (nh->fdb) {
		/* an FDB nexthop is a gateway only */
	} else if (nh->family == AF_INET) {
		if (nh->nh.has_gw) {
			err = rtnl_route_check_gw4(rn, &nh->nh, extack);
			nh->scope = RT_SCOPE_LINK;
		} else {
			nh->scope = RT_SCOPE_HOST;
		}
	} else if (nh->nh.has_gw) {
		err = nh_check_gw6(rn, nh, extack);
	}
	if (err) {
		nh_free(nh);
		return err;
	}
	nh->stamp = ++rn->nh_stamp;
	*out = nh;
	return 0;
}

/* nexthop_create_group() */
static int nh_create_group(struct rtnl_net *rn, const struct nh_config *cfg,
			   struct rtnl_nexthop **out)
{
	const struct nh_grp_wire *g = unl_nla_data(cfg->grp);
	int n = unl_nla_len(cfg->grp) / (int)sizeof(*g);
	struct rtnl_nexthop *nh = calloc(1, sizeof(*nh));

	if (!nh)
		return -ENOMEM;
	nh->grp = calloc((size_t)n, sizeof(*nh->grp));
	if (!nh->grp) {
		free(nh);
		return -ENOMEM;
	}
	nh->is_group = true;
	nh->family = AF_UNSPEC;
	nh->grp_type = cfg->grp_type;
	nh->fdb = cfg->fdb;
	nh->hw_stats = cfg->hw_stats;
	nh->ngrp = n;
	for (int i = 0; i < n; i++) {
		nh->grp[i].id = g[i].id;
		nh->grp[i].weight = (uint16_t)(((g[i].weight_high << 8) |
						g[i].weight) + 1);
		nh->grp[i].stamp = ++rn->nh_stamp;
	}
	*out = nh;
	return 0;
}

/* nh_find_unused_id(): the next id after the last one handed out,
 * wrapping, skipping ids in use; 0 when every one is. */
static uint32_t nh_unused_id(struct rtnl_net *rn)
{
	uint32_t start = rn->nh_last_id;

	for (;;) {
		rn->nh_last_id++;
		if (rn->nh_last_id == start)
			return 0;
		if (rn->nh_last_id && !rtnl_nexthop_find(rn, rn->nh_last_id))
			return rn->nh_last_id;
	}
}

static void nh_link(struct rtnl_net *rn, struct rtnl_nexthop *nh)
{
	struct rtnl_nexthop **pp = &rn->nexthops;

	while (*pp && (*pp)->id < nh->id)
		pp = &(*pp)->next;
	nh->next = *pp;
	*pp = nh;
}

/* replace_nexthop(): old keeps its id and place and takes new's
 * definition; the routes through it (and through its groups) must
 * accept the new one first.  Consumes new on success. */
static int nh_replace(struct rtnl_net *rn, struct rtnl_nexthop *old,
		      struct rtnl_nexthop *new, struct unl_ext_ack *extack)
{
	uint32_t *parents;
	int n = 0, err;

	err = rtnl_route_nexthop_check_list(rn, old->id, new, extack);
	if (err)
		return err;
	parents = nh_parents(rn, old->id, &n);
	for (int i = 0; i < n; i++) {
		const struct rtnl_nexthop *g = rtnl_nexthop_find(rn, parents[i]);

		if (!g)
			continue;
		if (new->blackhole && rtnl_nexthop_num_path(rn, g) > 1) {
			UNL_SET_ERR_MSG(extack, "Blackhole nexthop can not be a member of a group with more than one path");
			err = -EINVAL;
			break;
		}
		err = rtnl_route_nexthop_check_list(rn, g->id, new, extack);
		if (err)
			break;
	}
	free(parents);
	if (err)
		return err;
	if (old->is_group) {
		if (!new->is_group) {
			UNL_SET_ERR_MSG(extack, "Can not replace a nexthop group with a nexthop.");
			return -EINVAL;
		}
		if (new->grp_type != old->grp_type) {
			UNL_SET_ERR_MSG(extack, "Can not replace a nexthop group with one of a different type.");
			return -EINVAL;
		}
		free(old->grp);
		old->grp = new->grp;
		old->ngrp = new->ngrp;
		old->fdb = new->fdb;
		old->hw_stats = new->hw_stats;
		new->grp = NULL;
	} else {
		if (new->is_group) {
			UNL_SET_ERR_MSG(extack, "Can not replace a nexthop with a nexthop group.");
			return -EINVAL;
		}
		old->family = new->family;
		old->scope = new->scope;
		old->blackhole = new->blackhole;
		old->fdb = new->fdb;
		old->nh = new->nh;
		old->stamp = new->stamp;
		old->flags = new->flags;
	}
	old->protocol = new->protocol;
	nh_free(new);
	rtnl_route_nexthop_sync(rn);
	return 0;
}

/* nexthop_replace_notify(): the routes through nh, then those through
 * each group it belongs to. */
static void nh_replace_notify(struct rtnl_net *rn, struct rtnl_nexthop *nh,
			      struct unl_skb *req, const struct nlmsghdr *nlh)
{
	uint32_t *parents;
	int n = 0;

	rtnl_route_nexthop_notify(rn, nh->id, req, nlh);
	if (nh->is_group)
		return;
	parents = nh_parents(rn, nh->id, &n);
	for (int i = 0; i < n; i++)
		rtnl_route_nexthop_notify(rn, parents[i], req, nlh);
	free(parents);
}

static int rtnl_newnexthop(struct rtnl_net *rn, struct unl_skb *skb,
			   struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_NHA_HW_STATS_ENABLE + 1];
	struct rtnl_nexthop *nh = NULL, *old;
	struct nh_config cfg;
	int err;

	err = nh_config_parse(nlh, tb, &cfg, extack);
	if (err)
		return err;
	if ((cfg.nlflags & NLM_F_REPLACE) && !cfg.id) {
		UNL_SET_ERR_MSG(extack, "Replace requires nexthop id");
		return -EINVAL;
	}
	err = nh_config_objects(rn, &cfg, extack);
	if (err)
		return err;
	/* nexthop_add() */
	if (!cfg.id) {
		cfg.id = nh_unused_id(rn);
		if (!cfg.id) {
			UNL_SET_ERR_MSG(extack, "No unused id");
			return -EINVAL;
		}
	}
	err = cfg.grp ? nh_create_group(rn, &cfg, &nh)
		      : nh_create(rn, &cfg, &nh, extack);
	if (err)
		return err;
	nh->id = cfg.id;
	nh->protocol = cfg.protocol;
	/* insert_nexthop() */
	old = rtnl_nexthop_find(rn, cfg.id);
	if (old) {
		if (!(cfg.nlflags & NLM_F_REPLACE)) {
			nh_free(nh);
			return -EEXIST;
		}
		err = nh_replace(rn, old, nh, extack);
		if (err) {
			nh_free(nh);
			return err;
		}
		nh_seq_inc(rn);
		nh_notify(rn, old, RTM_NEWNEXTHOP, skb, nlh);
		nh_replace_notify(rn, old, skb, nlh);
		return 0;
	}
	if ((cfg.nlflags & NLM_F_REPLACE) && !(cfg.nlflags & NLM_F_CREATE)) {
		UNL_SET_ERR_MSG(extack, "Replace specified without create and no entry exists");
		nh_free(nh);
		return -ENOENT;
	}
	if (nh->is_group && nh->grp_type == NEXTHOP_GRP_TYPE_RES) {
		nh_free(nh);
		if (!cfg.res_has_buckets) {
			UNL_SET_ERR_MSG(extack, "Number of buckets not specified for nexthop group insertion");
			return -EINVAL;
		}
		UNL_SET_ERR_MSG(extack, "Resilient nexthop groups are not supported");
		return -EOPNOTSUPP;
	}
	nh_link(rn, nh);
	nh_seq_inc(rn);
	nh_notify(rn, nh, RTM_NEWNEXTHOP, skb, nlh);
	return 0;
}

/* ---- DELNEXTHOP, GETNEXTHOP ---- */

/* nh_valid_get_del_req(), after the request parsed: a get takes
 * NHA_ID and NHA_OP_FLAGS (rtm_nh_policy_get), a delete NHA_ID alone
 * (rtm_nh_policy_del, op_flags NULL). */
static int nh_valid_get_del_req(struct nlmsghdr *nlh, uint32_t *id,
				uint32_t *op_flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_NHA_OP_FLAGS + 1] = { 0 };
	const struct nhmsg *nhm;
	int err;

	if (op_flags)
		err = unl_nlmsg_parse(nlh, sizeof(*nhm), tb, RTNL_NHA_OP_FLAGS,
				      nh_policy_get, UNL_VALIDATE_STRICT,
				      extack);
	else
		err = unl_nlmsg_parse(nlh, sizeof(*nhm), tb, NHA_ID,
				      nh_policy_del, UNL_VALIDATE_STRICT,
				      extack);
	if (err)
		return err;
	nhm = NLMSG_DATA(nlh);
	if (nhm->nh_protocol || nhm->resvd || nhm->nh_scope || nhm->nh_flags) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header");
		return -EINVAL;
	}
	if (!tb[NHA_ID]) {
		UNL_SET_ERR_MSG(extack, "Nexthop id is missing");
		return -EINVAL;
	}
	*id = unl_nla_get_u32(tb[NHA_ID]);
	if (!*id) {
		UNL_SET_ERR_MSG(extack, "Invalid nexthop id");
		return -EINVAL;
	}
	if (op_flags)
		*op_flags = tb[RTNL_NHA_OP_FLAGS]
				    ? unl_nla_get_u32(tb[RTNL_NHA_OP_FLAGS])
				    : 0;
	return 0;
}

static int rtnl_delnexthop(struct rtnl_net *rn, struct unl_skb *skb,
			   struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	struct rtnl_nexthop *nh;
	uint32_t id;
	int err = nh_valid_get_del_req(nlh, &id, NULL, extack);

	if (err)
		return err;
	nh = rtnl_nexthop_find(rn, id);
	if (!nh)
		return -ENOENT;
	nh_remove(rn, nh, skb, nlh, true);
	return 0;
}

static int rtnl_getnexthop(struct rtnl_net *rn, struct unl_skb *skb,
			   struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct rtnl_nexthop *nh;
	struct unl_skb *nskb;
	uint32_t id, op_flags;
	int err = nh_valid_get_del_req(nlh, &id, &op_flags, extack);

	if (err)
		return err;
	nh = rtnl_nexthop_find(rn, id);
	if (!nh)
		return -ENOENT;
	nskb = unl_nlmsg_new(NH_MSG_SIZE + (size_t)nh->ngrp * 32);
	if (!nskb)
		return -ENOBUFS;
	err = nh_fill(nskb, nh, RTM_NEWNEXTHOP, rtnl_req_portid(skb),
		      nlh->nlmsg_seq, 0, op_flags);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

struct nh_dump_ctx {
	uint32_t idx; /* the id to resume at */
	int dev_idx, master_idx;
	bool group_filter, fdb_filter, parsed;
	uint32_t op_flags;
};

/* nh_valid_dump_req() */
static int nh_dump_parse(struct unl_callback *cb, struct nh_dump_ctx *c)
{
	const struct nlattr *tb[RTNL_NHA_OP_FLAGS + 1];
	const struct nhmsg *nhm;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(*nhm), tb, RTNL_NHA_OP_FLAGS,
			      nh_policy_dump, UNL_VALIDATE_STRICT, cb->extack);
	if (err)
		return err;
	if (tb[NHA_OIF]) {
		uint32_t idx = unl_nla_get_u32(tb[NHA_OIF]);

		if (idx > INT_MAX) {
			UNL_SET_ERR_MSG(cb->extack, "Invalid device index");
			return -EINVAL;
		}
		c->dev_idx = (int)idx;
	}
	if (tb[NHA_MASTER]) {
		uint32_t idx = unl_nla_get_u32(tb[NHA_MASTER]);

		if (idx > INT_MAX) {
			UNL_SET_ERR_MSG(cb->extack, "Invalid master device index");
			return -EINVAL;
		}
		c->master_idx = (int)idx;
	}
	c->group_filter = tb[NHA_GROUPS] != NULL;
	c->fdb_filter = tb[NHA_FDB] != NULL;
	if (tb[RTNL_NHA_OP_FLAGS])
		c->op_flags = unl_nla_get_u32(tb[RTNL_NHA_OP_FLAGS]);
	nhm = NLMSG_DATA(cb->nlh);
	if (nhm->nh_protocol || nhm->resvd || nhm->nh_scope || nhm->nh_flags) {
		UNL_SET_ERR_MSG(cb->extack, "Invalid values in header for nexthop dump request");
		return -EINVAL;
	}
	return 0;
}

/* nh_dump_filtered() */
static bool nh_dump_filtered(struct rtnl_net *rn, const struct rtnl_nexthop *nh,
			     const struct nh_dump_ctx *c, uint8_t family)
{
	const struct rtnl_link *dev;

	/* NHA_FDB is accepted in a dump request and, as in Linux, filters
	 * nothing */
	if (c->group_filter && !nh->is_group)
		return true;
	if (!c->dev_idx && !c->master_idx && !family)
		return false;
	if (nh->is_group)
		return true;
	if (family && nh->family != family)
		return true;
	dev = nh->fdb ? NULL : rtnl_link_by_index(rn, nh->nh.ifindex);
	if (c->dev_idx && (!dev || dev->ifindex != c->dev_idx))
		return true;
	if (c->master_idx && (!dev || dev->master != c->master_idx))
		return true;
	return false;
}

/* rtm_dump_nexthop(): by id, resuming at the id that did not fit. */
static int rtnl_dump_nexthop(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct nh_dump_ctx *c = RTNL_CB_CTX(cb, struct nh_dump_ctx);
	uint8_t family = ((const struct nhmsg *)NLMSG_DATA(cb->nlh))->nh_family;
	int err = 0;

	if (!c->parsed) {
		err = nh_dump_parse(cb, c);
		if (err)
			return err;
		c->parsed = true;
	}
	for (const struct rtnl_nexthop *nh = rn->nexthops; nh; nh = nh->next) {
		if (nh->id < c->idx)
			continue;
		c->idx = nh->id;
		if (nh_dump_filtered(rn, nh, c, family))
			continue;
		err = nh_fill(skb, nh, RTM_NEWNEXTHOP, rtnl_req_portid(cb->skb),
			      cb->nlh->nlmsg_seq, NLM_F_MULTI, c->op_flags);
		if (err)
			break;
	}
	if (!err)
		c->idx++;
	cb->seq = rn->nh_seq;
	if (err && !unl_skb_len(skb))
		return err;
	return err ? (int)unl_skb_len(skb) : 0;
}

const struct rtnl_msg_handler rtnl_nexthop_handlers[] = {
	{ PF_UNSPEC, RTM_NEWNEXTHOP, rtnl_newnexthop, NULL, 0 },
	{ PF_UNSPEC, RTM_DELNEXTHOP, rtnl_delnexthop, NULL, 0 },
	{ PF_UNSPEC, RTM_GETNEXTHOP, rtnl_getnexthop, rtnl_dump_nexthop, 0 },
	{ PF_INET, RTM_NEWNEXTHOP, rtnl_newnexthop, NULL, 0 },
	{ PF_INET, RTM_GETNEXTHOP, NULL, rtnl_dump_nexthop, 0 },
	{ PF_INET6, RTM_NEWNEXTHOP, rtnl_newnexthop, NULL, 0 },
	{ PF_INET6, RTM_GETNEXTHOP, NULL, rtnl_dump_nexthop, 0 },
};
const unsigned int rtnl_nexthop_handlers_n =
	sizeof(rtnl_nexthop_handlers) / sizeof(rtnl_nexthop_handlers[0]);
