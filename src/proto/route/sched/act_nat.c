// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nat (net/sched/act_nat.c): stateless address translation of one
 * prefix to another, at ingress (destination) or egress (source).
 * Kept and dumped; no driver is ever told of it.
 */
#include <errno.h>

#include <linux/tc_act/tc_nat.h>

#include "proto/route/sched/cls.h"

struct nat {
	uint32_t old_addr, new_addr, mask, flags;
};

static const struct unl_nla_policy nat_policy[TCA_NAT_MAX + 1] = {
	[TCA_NAT_PARMS] = { .len = sizeof(struct tc_nat) },
};

/* tcf_nat_init(): its parse tells no message (NULL extack) */
static int nat_init(struct rtnl_net *rn, const struct nlattr *nla,
		    const struct nlattr *est, struct rtnl_tc_action **a,
		    struct rtnl_tcf_proto *tp,
		    uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_NAT_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_nat *parm;
	struct nat *p;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_NAT_MAX, nla, nat_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_NAT_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_NAT_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_nat_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	p = rtnl_tc_action_priv(*a);
	p->old_addr = parm->old_addr;
	p->new_addr = parm->new_addr;
	p->mask = parm->mask;
	p->flags = parm->flags;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

/* tcf_nat_dump() */
static int nat_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		    int ref)
{
	const struct nat *p = rtnl_tc_action_priv(a);
	struct tc_nat opt = {
		.old_addr = p->old_addr,
		.new_addr = p->new_addr,
		.mask = p->mask,
		.flags = p->flags,
		.index = a->index,
		.action = a->tcfa_action,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
	};
	struct tcf_t t;

	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_NAT_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_NAT_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_nat_ops = {
	.kind = "nat",
	.id = TCA_ID_NAT,
	.priv_size = sizeof(struct nat),
	.init = nat_init,
	.dump = nat_dump,
};
