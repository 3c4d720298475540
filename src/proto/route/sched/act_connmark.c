// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * connmark (net/sched/act_connmark.c): the packet's mark from its
 * conntrack entry's, in a conntrack zone.  Kept and dumped; no packet
 * passes, no driver is told.
 */
#include <errno.h>

#include <linux/tc_act/tc_connmark.h>

#include "proto/route/sched/cls.h"

struct connmark {
	uint16_t zone;
};

static const struct unl_nla_policy connmark_policy[TCA_CONNMARK_MAX + 1] = {
	[TCA_CONNMARK_PARMS] = { .len = sizeof(struct tc_connmark) },
};

_Static_assert(TCA_CONNMARK_MAX <= RTNL_TCF_PARM_MAXTYPE, "connmark's attributes fit");

static void connmark_store(struct rtnl_tc_action *a, const void *parm)
{
	const struct tc_connmark *p = parm;

	((struct connmark *)rtnl_tc_action_priv(a))->zone = p->zone;
}

static const struct rtnl_tcf_parm_kind connmark_kind = {
	.ops = &rtnl_act_connmark_ops,
	.policy = connmark_policy,
	.maxtype = TCA_CONNMARK_MAX,
	.parms = TCA_CONNMARK_PARMS,
	.store = connmark_store,
};

/* tcf_connmark_init() */
static int connmark_init(struct rtnl_net *rn, const struct nlattr *nla,
			 const struct nlattr *est, struct rtnl_tc_action **a,
			 struct rtnl_tcf_proto *tp,
			 uint32_t flags, struct unl_ext_ack *extack)
{
	return rtnl_tcf_parm_init(rn, &connmark_kind, nla, est, a, tp, flags,
				  extack);
}

/* tcf_connmark_dump() */
static int connmark_dump(struct unl_skb *skb, struct rtnl_tc_action *a,
			 int bind, int ref)
{
	const struct connmark *c = rtnl_tc_action_priv(a);
	struct tc_connmark opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
		.zone = c->zone,
	};
	struct tcf_t t;

	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_CONNMARK_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_CONNMARK_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_connmark_ops = {
	.kind = "connmark",
	.id = TCA_ID_CONNMARK,
	.priv_size = sizeof(struct connmark),
	.init = connmark_init,
	.dump = connmark_dump,
};
