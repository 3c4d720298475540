// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * RTM_GETSTATS and RTM_SETSTATS (rtnl_stats_get(), rtnl_stats_dump()
 * and rtnl_stats_set() of net/core/rtnetlink.c): a device's counters
 * by group, as `ip stats` and `ip link xstats|afstats` ask for them.
 *
 * The groups: IFLA_STATS_LINK_64 (the driver's counters, the ones
 * IFLA_STATS64 reports), the extended statistics of the device's kind
 * and of its master's (a bridge's per-VLAN, multicast and STP
 * counters), the offload statistics (no device here offloads, so only
 * the L3 statistics' request and use are reported, the request being
 * what RTM_SETSTATS set) and the per-family ones (only MPLS has any in
 * Linux; none here).  No packet crosses a device of the model, so the
 * counters are what the drivers count (tun's) or zero.
 */
#include <errno.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/kinds.h"

#define STATS_OFFLOAD_VALID ((1u << (IFLA_OFFLOAD_XSTATS_MAX + 1)) - 1)

/* rtnl_stats_dump_filters: mask[0] the groups, mask[i] the parts of
 * group i that are nests. */
struct stats_filters {
	uint32_t mask[IFLA_STATS_MAX + 1];
};

static const struct unl_nla_policy stats_filters_policy[IFLA_STATS_MAX + 1] = {
	[IFLA_STATS_LINK_OFFLOAD_XSTATS] =
		UNL_NLA_POLICY_MASK(UNL_NLA_U32, STATS_OFFLOAD_VALID),
};

static const struct unl_nla_policy stats_get_policy[IFLA_STATS_GETSET_MAX + 1] = {
	[IFLA_STATS_GET_FILTERS] =
		UNL_NLA_POLICY_NESTED(stats_filters_policy, IFLA_STATS_MAX),
};

static const struct unl_nla_policy stats_set_policy[IFLA_STATS_GETSET_MAX + 1] = {
	[IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};

static bool stats_wanted(uint32_t mask, int attr, int idxattr)
{
	return (mask & IFLA_STATS_FILTER_BIT(attr)) &&
	       (!idxattr || idxattr == attr);
}

/* rtnl_offload_xstats_fill(): no device has CPU-hit counters (no
 * ndo_has_offload_stats); the L3 statistics' request and use, and the
 * (zero) L3 statistics once requested.  -ENODATA: nothing to say. */
static int stats_offload_fill(struct unl_skb *skb, const struct rtnl_link *l,
			      uint32_t mask)
{
	bool have = false;

	if (mask & IFLA_STATS_FILTER_BIT(IFLA_OFFLOAD_XSTATS_HW_S_INFO)) {
		struct nlattr *info, *l3;

		info = unl_nla_nest_start(skb, IFLA_OFFLOAD_XSTATS_HW_S_INFO);
		if (!info)
			return -EMSGSIZE;
		l3 = unl_nla_nest_start(skb, IFLA_OFFLOAD_XSTATS_L3_STATS);
		if (!l3 ||
		    unl_nla_put_u8(skb, IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST,
				   l->offload_l3_stats) ||
		    unl_nla_put_u8(skb, IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED, 0))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, l3);
		unl_nla_nest_end(skb, info);
		have = true;
	}
	if ((mask & IFLA_STATS_FILTER_BIT(IFLA_OFFLOAD_XSTATS_L3_STATS)) &&
	    l->offload_l3_stats) {
		struct rtnl_hw_stats64 hw = { 0 };

		if (unl_nla_put(skb, IFLA_OFFLOAD_XSTATS_L3_STATS, sizeof(hw),
				&hw))
			return -EMSGSIZE;
		have = true;
	}
	return have ? 0 : -ENODATA;
}

/* The kind's extended statistics (fill_linkxstats) in a nest of type
 * attr: the device's own kind, or its master's for a port. */
static int stats_xstats(struct unl_skb *skb, const struct rtnl_link *l,
			const struct rtnl_link_ops *ops, int attr,
			int *prividx)
{
	struct nlattr *nest;
	int err;

	if (!ops || !ops->fill_linkxstats)
		return 0;
	nest = rtnl_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	err = ops->fill_linkxstats(skb, l, prividx, attr);
	unl_nla_nest_end(skb, nest);
	return err;
}

/* rtnl_fill_statsinfo(): the groups' nests without NLA_F_NESTED, the
 * offload ones' inner nests with it, as Linux makes them. */
static int stats_fill(struct unl_skb *skb, const struct rtnl_link *l,
		      int type, uint32_t pid, uint32_t seq, int flags,
		      const struct stats_filters *f, int *idxattr,
		      int *prividx)
{
	uint32_t mask = f->mask[0];
	int s_prividx = *prividx;
	struct if_stats_msg *ifsm;
	struct nlmsghdr *nlh;
	int err = 0;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ifsm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifsm = NLMSG_DATA(nlh);
	memset(ifsm, 0, sizeof(*ifsm));
	ifsm->family = PF_UNSPEC;
	ifsm->ifindex = (uint32_t)l->ifindex;
	ifsm->filter_mask = mask;
	if (stats_wanted(mask, IFLA_STATS_LINK_64, *idxattr)) {
		struct rtnl_link_stats64 s;

		rtnl_link_get_stats64(l, &s);
		if (unl_nla_put(skb, IFLA_STATS_LINK_64, sizeof(s), &s)) {
			err = -EMSGSIZE;
			goto fail;
		}
	}
	if (stats_wanted(mask, IFLA_STATS_LINK_XSTATS, *idxattr) &&
	    l->ops->fill_linkxstats) {
		*idxattr = IFLA_STATS_LINK_XSTATS;
		err = stats_xstats(skb, l, l->ops, IFLA_STATS_LINK_XSTATS,
				   prividx);
		if (err)
			goto fail;
		*idxattr = 0;
	}
	if (stats_wanted(mask, IFLA_STATS_LINK_XSTATS_SLAVE, *idxattr)) {
		const struct rtnl_link *m =
			l->master ? rtnl_link_by_index(l->rn, l->master) : NULL;

		if (m && m->ops->fill_linkxstats) {
			*idxattr = IFLA_STATS_LINK_XSTATS_SLAVE;
			err = stats_xstats(skb, l, m->ops,
					   IFLA_STATS_LINK_XSTATS_SLAVE,
					   prividx);
			if (err)
				goto fail;
			*idxattr = 0;
		}
	}
	if (stats_wanted(mask, IFLA_STATS_LINK_OFFLOAD_XSTATS, *idxattr)) {
		struct nlattr *nest;

		*idxattr = IFLA_STATS_LINK_OFFLOAD_XSTATS;
		nest = rtnl_nest_start(skb, IFLA_STATS_LINK_OFFLOAD_XSTATS);
		if (!nest) {
			err = -EMSGSIZE;
			goto fail;
		}
		err = stats_offload_fill(
			skb, l, f->mask[IFLA_STATS_LINK_OFFLOAD_XSTATS]);
		if (err == -ENODATA)
			unl_nla_nest_cancel(skb, nest);
		else
			unl_nla_nest_end(skb, nest);
		if (err && err != -ENODATA)
			goto fail;
		err = 0;
		*idxattr = 0;
	}
	if (stats_wanted(mask, IFLA_STATS_AF_SPEC, *idxattr)) {
		/* no family of the model keeps per-device statistics
		 * (MPLS would) */
		struct nlattr *nest = rtnl_nest_start(skb, IFLA_STATS_AF_SPEC);

		if (!nest) {
			err = -EMSGSIZE;
			goto fail;
		}
		unl_nla_nest_end(skb, nest);
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	/* a part of a multipart message that made progress is kept */
	if (!(flags & NLM_F_MULTI) || s_prividx == *prividx)
		unl_nlmsg_cancel(skb, nlh);
	else
		unl_nlmsg_end(skb, nlh);
	return err;
}

/* rtnl_stats_get_parse() */
static int stats_parse(const struct nlmsghdr *nlh, uint32_t filter_mask,
		       struct stats_filters *f, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFLA_STATS_GETSET_MAX + 1];
	const struct nlattr *ftb[IFLA_STATS_MAX + 1];
	int err;

	f->mask[0] = filter_mask;
	for (int i = 1; i <= IFLA_STATS_MAX; i++)
		f->mask[i] = UINT32_MAX;
	err = unl_nlmsg_parse(nlh, sizeof(struct if_stats_msg), tb,
			      IFLA_STATS_GETSET_MAX, stats_get_policy,
			      UNL_VALIDATE_STRICT, extack);
	if (err || !tb[IFLA_STATS_GET_FILTERS])
		return err;
	err = unl_nla_parse_nested(ftb, IFLA_STATS_MAX,
				   tb[IFLA_STATS_GET_FILTERS],
				   stats_filters_policy, UNL_VALIDATE_STRICT,
				   extack);
	if (err)
		return err;
	for (int at = 1; at <= IFLA_STATS_MAX; at++) {
		if (!ftb[at])
			continue;
		if (!(f->mask[0] & IFLA_STATS_FILTER_BIT(at))) {
			UNL_SET_ERR_MSG(extack,
					"Filtered attribute not enabled in filter_mask");
			return -EINVAL;
		}
		f->mask[at] = unl_nla_get_u32(ftb[at]);
	}
	return 0;
}

/* rtnl_valid_stats_req() */
static int stats_valid_req(const struct nlmsghdr *nlh, bool strict,
			   bool dump, struct unl_ext_ack *extack)
{
	const struct if_stats_msg *ifsm;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifsm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for stats dump");
		return -EINVAL;
	}
	if (!strict)
		return 0;
	ifsm = NLMSG_DATA(nlh);
	if (ifsm->pad1 || ifsm->pad2 || (dump && ifsm->ifindex)) {
		UNL_SET_ERR_MSG(extack,
				"Invalid values in header for stats dump request");
		return -EINVAL;
	}
	if (ifsm->filter_mask >= IFLA_STATS_FILTER_BIT(IFLA_STATS_MAX + 1)) {
		UNL_SET_ERR_MSG(extack,
				"Invalid stats requested through filter mask");
		return -EINVAL;
	}
	return 0;
}

static int rtnl_stats_get(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct if_stats_msg *ifsm = NLMSG_DATA(nlh);
	int idxattr = 0, prividx = 0;
	struct stats_filters f;
	struct rtnl_link *l;
	struct unl_skb *nskb;
	int err;

	err = stats_valid_req(nlh, unl_skb_strict_check(skb), false, extack);
	if (err)
		return err;
	if ((int32_t)ifsm->ifindex <= 0)
		return -EINVAL;
	l = rtnl_link_by_index(rn, (int)ifsm->ifindex);
	if (!l)
		return -ENODEV;
	if (!ifsm->filter_mask) {
		UNL_SET_ERR_MSG(extack, "Filter mask must be set for stats get");
		return -EINVAL;
	}
	err = stats_parse(nlh, ifsm->filter_mask, &f, extack);
	if (err)
		return err;
	nskb = unl_nlmsg_new(8192);
	if (!nskb)
		return -ENOBUFS;
	err = stats_fill(nskb, l, RTM_NEWSTATS, rtnl_req_portid(skb),
			 nlh->nlmsg_seq, 0, &f, &idxattr, &prividx);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	return unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
}

/* The dump's place: the device (an ifindex) and, within a device cut
 * short, the group and the kind's own place. */
struct stats_dump_ctx {
	long ifindex;
	int idxattr, prividx;
};

static int rtnl_stats_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct stats_dump_ctx *ctx = (struct stats_dump_ctx *)cb->ctx;
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct if_stats_msg *ifsm;
	struct stats_filters f;
	int err;

	err = stats_valid_req(cb->nlh, cb->strict_check, true, cb->extack);
	if (err)
		return err;
	ifsm = NLMSG_DATA(cb->nlh);
	if (!ifsm->filter_mask) {
		UNL_SET_ERR_MSG(cb->extack,
				"Filter mask must be set for stats dump");
		return -EINVAL;
	}
	err = stats_parse(cb->nlh, ifsm->filter_mask, &f, cb->extack);
	if (err)
		return err;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->ifindex < ctx->ifindex)
			continue;
		ctx->ifindex = l->ifindex;
		err = stats_fill(skb, l, RTM_NEWSTATS, rtnl_req_portid(cb->skb),
				 cb->nlh->nlmsg_seq, NLM_F_MULTI, &f,
				 &ctx->idxattr, &ctx->prividx);
		if (err < 0)
			return unl_skb_len(skb) ? (int)unl_skb_len(skb) : err;
		ctx->idxattr = ctx->prividx = 0;
	}
	ctx->ifindex = INT32_MAX;
	return (int)unl_skb_len(skb);
}

/* rtnl_offload_xstats_notify(): the L3 statistics' request changed. */
static void stats_offload_notify(struct rtnl_link *l)
{
	struct stats_filters f = { { 0 } };
	int idxattr = 0, prividx = 0;
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;

	f.mask[0] = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_OFFLOAD_XSTATS);
	f.mask[IFLA_STATS_LINK_OFFLOAD_XSTATS] =
		IFLA_STATS_FILTER_BIT(IFLA_OFFLOAD_XSTATS_HW_S_INFO);
	if (!unl_has_listeners(rn->ksk, RTNLGRP_STATS))
		return;
	skb = unl_nlmsg_new(256);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_STATS, -ENOBUFS);
		return;
	}
	if (stats_fill(skb, l, RTM_NEWSTATS, 0, 0, 0, &f, &idxattr,
		       &prividx)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_STATS, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_STATS, NULL);
}

/* rtnl_stats_set(): the L3 offload statistics on or off (no driver
 * offloads them: requested, never used). */
static int rtnl_stats_set(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFLA_STATS_GETSET_MAX + 1];
	const struct if_stats_msg *ifsm = NLMSG_DATA(nlh);
	struct rtnl_link *l;
	int err;

	err = stats_valid_req(nlh, unl_skb_strict_check(skb), false, extack);
	if (err)
		return err;
	if (ifsm->family != AF_UNSPEC) {
		UNL_SET_ERR_MSG(extack, "Address family should be AF_UNSPEC");
		return -EINVAL;
	}
	if ((int32_t)ifsm->ifindex <= 0)
		return -EINVAL;
	l = rtnl_link_by_index(rn, (int)ifsm->ifindex);
	if (!l)
		return -ENODEV;
	if (ifsm->filter_mask) {
		UNL_SET_ERR_MSG(extack, "Filter mask must be 0 for stats set");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ifsm), tb, IFLA_STATS_GETSET_MAX,
			      stats_set_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (tb[IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS]) {
		bool on = unl_nla_get_u8(tb[IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS]);

		if (on != l->offload_l3_stats) {
			l->offload_l3_stats = on;
			stats_offload_notify(l);
		}
	}
	return 0;
}

const struct rtnl_msg_handler rtnl_stats_handlers[] = {
	{ PF_UNSPEC, RTM_GETSTATS, rtnl_stats_get, rtnl_stats_dump, 0 },
	{ PF_UNSPEC, RTM_SETSTATS, rtnl_stats_set, NULL, 0 },
};
const unsigned int rtnl_stats_handlers_n =
	sizeof(rtnl_stats_handlers) / sizeof(rtnl_stats_handlers[0]);
