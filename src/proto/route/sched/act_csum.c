// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * csum (net/sched/act_csum.c): which checksums (TCA_CSUM_UPDATE_FLAG_*)
 * to recompute.  Kept and dumped; no packet passes.
 */
#include <errno.h>

#include <linux/tc_act/tc_csum.h>

#include "proto/route/sched/cls.h"

struct csum {
	uint32_t update_flags;
};

static const struct unl_nla_policy csum_policy[TCA_CSUM_MAX + 1] = {
	[TCA_CSUM_PARMS] = { .len = sizeof(struct tc_csum) },
};

/* tcf_csum_init(): its parse tells no message (NULL extack) */
static int csum_init(struct rtnl_net *rn, const struct nlattr *nla,
		     const struct nlattr *est, struct rtnl_tc_action **a,
		     struct rtnl_tcf_proto *tp,
		     uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_CSUM_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_csum *parm;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_CSUM_MAX, nla, csum_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_CSUM_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_CSUM_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_csum_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	((struct csum *)rtnl_tc_action_priv(*a))->update_flags = parm->update_flags;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

/* tcf_csum_dump() */
static int csum_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		     int ref)
{
	const struct csum *c = rtnl_tc_action_priv(a);
	struct tc_csum opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
		.update_flags = c->update_flags,
	};
	struct tcf_t t;

	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_CSUM_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_CSUM_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_csum_ops = {
	.kind = "csum",
	.id = TCA_ID_CSUM,
	.priv_size = sizeof(struct csum),
	.init = csum_init,
	.dump = csum_dump,
	.offload_setup = rtnl_tcf_offload_setup_any,
};
