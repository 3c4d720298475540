// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vlan (net/sched/act_vlan.c): pop, push or modify a vlan tag, or pop
 * or push an Ethernet header.  A pushed tag always has a priority (0
 * unless given).
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/tc_act/tc_vlan.h>

#include "proto/route/sched/cls.h"

struct vlan {
	int v_action;
	uint16_t vid, proto; /* proto in network order */
	uint8_t prio;
	bool prio_exists;
	uint8_t dst[ETH_ALEN], src[ETH_ALEN];
};

static const struct unl_nla_policy vlan_policy[TCA_VLAN_MAX + 1] = {
	[TCA_VLAN_PARMS] = { .len = sizeof(struct tc_vlan) },
	[TCA_VLAN_PUSH_VLAN_ID] = { .type = UNL_NLA_U16 },
	[TCA_VLAN_PUSH_VLAN_PROTOCOL] = { .type = UNL_NLA_U16 },
	[TCA_VLAN_PUSH_VLAN_PRIORITY] = { .type = UNL_NLA_U8 },
	[TCA_VLAN_PUSH_ETH_DST] = UNL_NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[TCA_VLAN_PUSH_ETH_SRC] = UNL_NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

/* the tag or header of v_action, checked, in *v */
static int vlan_params(const struct nlattr **tb, int v_action, struct vlan *v,
		       struct unl_ext_ack *extack)
{
	v->v_action = v_action;
	switch (v_action) {
	case TCA_VLAN_ACT_POP:
	case TCA_VLAN_ACT_POP_ETH:
		return 0;
	case TCA_VLAN_ACT_PUSH:
	case TCA_VLAN_ACT_MODIFY:
		if (!tb[TCA_VLAN_PUSH_VLAN_ID])
			return -EINVAL;
		v->vid = unl_nla_get_u16(tb[TCA_VLAN_PUSH_VLAN_ID]);
		if (v->vid >= 0xfff)
			return -ERANGE;
		v->proto = htons(ETH_P_8021Q);
		if (tb[TCA_VLAN_PUSH_VLAN_PROTOCOL]) {
			v->proto = unl_nla_get_u16(tb[TCA_VLAN_PUSH_VLAN_PROTOCOL]);
			if (v->proto != htons(ETH_P_8021Q) &&
			    v->proto != htons(ETH_P_8021AD))
				return -EPROTONOSUPPORT;
		}
		v->prio_exists = tb[TCA_VLAN_PUSH_VLAN_PRIORITY] ||
				 v_action == TCA_VLAN_ACT_PUSH;
		if (tb[TCA_VLAN_PUSH_VLAN_PRIORITY])
			v->prio = unl_nla_get_u8(tb[TCA_VLAN_PUSH_VLAN_PRIORITY]);
		return 0;
	case TCA_VLAN_ACT_PUSH_ETH:
		if (!tb[TCA_VLAN_PUSH_ETH_DST] || !tb[TCA_VLAN_PUSH_ETH_SRC]) {
			UNL_SET_ERR_MSG(extack, "act_vlan: Missing required destination or source MAC address");
			return -EINVAL;
		}
		memcpy(v->dst, unl_nla_data(tb[TCA_VLAN_PUSH_ETH_DST]), ETH_ALEN);
		memcpy(v->src, unl_nla_data(tb[TCA_VLAN_PUSH_ETH_SRC]), ETH_ALEN);
		return 0;
	}
	return -EINVAL;
}

/* tcf_vlan_init(): its parse tells no message (NULL extack) */
static int vlan_init(struct rtnl_net *rn, const struct nlattr *nla,
		     const struct nlattr *est, struct rtnl_tc_action **a,
		     struct rtnl_tcf_proto *tp,
		     uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_VLAN_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_vlan *parm;
	struct vlan v = { 0 };
	bool exists;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_VLAN_MAX, nla, vlan_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_VLAN_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_VLAN_PARMS]);
	index = parm->index;
	err = rtnl_tcf_idr_check_alloc(rn, &rtnl_act_vlan_ops, &index, a, bind);
	if (err < 0)
		return err;
	exists = err;
	if (exists && bind)
		return RTNL_ACT_P_BOUND;
	err = vlan_params(tb, parm->v_action, &v, extack);
	if (err) {
		if (exists)
			rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	if (!exists) {
		err = rtnl_tcf_idr_create(rn, &rtnl_act_vlan_ops, index, est, a, bind,
					  flags);
		if (err)
			return err;
		ret = RTNL_ACT_P_CREATED;
	} else if (!(flags & RTNL_TCA_ACT_FLAGS_REPLACE)) {
		rtnl_tcf_idr_release(*a, bind);
		return -EEXIST;
	}
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	*(struct vlan *)rtnl_tc_action_priv(*a) = v;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

/* tcf_vlan_dump() */
static int vlan_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		     int ref)
{
	const struct vlan *v = rtnl_tc_action_priv(a);
	struct tc_vlan opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
		.v_action = v->v_action,
	};
	struct tcf_t t;

	if (unl_nla_put(skb, TCA_VLAN_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	if ((v->v_action == TCA_VLAN_ACT_PUSH ||
	     v->v_action == TCA_VLAN_ACT_MODIFY) &&
	    (unl_nla_put_u16(skb, TCA_VLAN_PUSH_VLAN_ID, v->vid) ||
	     unl_nla_put(skb, TCA_VLAN_PUSH_VLAN_PROTOCOL, 2, &v->proto) ||
	     (v->prio_exists &&
	      unl_nla_put_u8(skb, TCA_VLAN_PUSH_VLAN_PRIORITY, v->prio))))
		return -EMSGSIZE;
	if (v->v_action == TCA_VLAN_ACT_PUSH_ETH &&
	    (unl_nla_put(skb, TCA_VLAN_PUSH_ETH_DST, ETH_ALEN, v->dst) ||
	     unl_nla_put(skb, TCA_VLAN_PUSH_ETH_SRC, ETH_ALEN, v->src)))
		return -EMSGSIZE;
	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_VLAN_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_vlan_ops = {
	.kind = "vlan",
	.id = TCA_ID_VLAN,
	.priv_size = sizeof(struct vlan),
	.init = vlan_init,
	.dump = vlan_dump,
	.offload_setup = rtnl_tcf_offload_setup_any,
};
