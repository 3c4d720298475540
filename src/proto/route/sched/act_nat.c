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

_Static_assert(TCA_NAT_MAX <= RTNL_TCF_PARM_MAXTYPE, "nat's attributes fit");

static void nat_store(struct rtnl_tc_action *a, const void *parm)
{
	const struct tc_nat *p = parm;
	struct nat *n = rtnl_tc_action_priv(a);

	n->old_addr = p->old_addr;
	n->new_addr = p->new_addr;
	n->mask = p->mask;
	n->flags = p->flags;
}

static const struct rtnl_tcf_parm_kind nat_kind = {
	.ops = &rtnl_act_nat_ops,
	.policy = nat_policy,
	.maxtype = TCA_NAT_MAX,
	.parms = TCA_NAT_PARMS,
	.store = nat_store,
};

/* tcf_nat_init() */
static int nat_init(struct rtnl_net *rn, const struct nlattr *nla,
		    const struct nlattr *est, struct rtnl_tc_action **a,
		    struct rtnl_tcf_proto *tp,
		    uint32_t flags, struct unl_ext_ack *extack)
{
	return rtnl_tcf_parm_init(rn, &nat_kind, nla, est, a, tp, flags,
				  extack);
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
