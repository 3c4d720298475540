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

/* tcf_connmark_init(): its parse tells no message (NULL extack) */
static int connmark_init(struct rtnl_net *rn, const struct nlattr *nla,
			 const struct nlattr *est, struct rtnl_tc_action **a,
			 struct rtnl_tcf_proto *tp,
			 uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_CONNMARK_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_connmark *parm;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_CONNMARK_MAX, nla, connmark_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_CONNMARK_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_CONNMARK_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_connmark_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	((struct connmark *)rtnl_tc_action_priv(*a))->zone = parm->zone;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
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
