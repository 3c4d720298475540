// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gact (net/sched/act_gact.c): pass, drop, ok, reclassify, pipe,
 * continue, trap, goto chain, and the random choice of another
 * (CONFIG_GACT_PROB) that no packet ever meets here.
 */
#include <errno.h>

#include <linux/tc_act/tc_gact.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"

struct gact {
	uint16_t ptype, pval;
	int paction;
};

static const struct unl_nla_policy gact_policy[TCA_GACT_MAX + 1] = {
	[TCA_GACT_PARMS] = { .len = sizeof(struct tc_gact) },
	[TCA_GACT_PROB] = { .len = sizeof(struct tc_gact_p) },
};

/* tcf_gact_init(): its parse tells no message (NULL extack) */
static int gact_init(struct rtnl_net *rn, const struct nlattr *nla,
		     const struct nlattr *est, struct rtnl_tc_action **a,
		     struct rtnl_tcf_proto *tp,
		     uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_GACT_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	const struct tc_gact_p *p_parm = NULL;
	const struct tc_gact *parm;
	uint32_t index;
	int ret = RTNL_ACT_P_BOUND, err;
	struct gact *g;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_GACT_MAX, nla, gact_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_GACT_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_GACT_PARMS]);
	index = parm->index;
	if (tb[TCA_GACT_PROB] &&
	    !unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_FEATURE,
			     "GACT_PROB"))
		return -EOPNOTSUPP;
	if (tb[TCA_GACT_PROB]) {
		p_parm = unl_nla_data(tb[TCA_GACT_PROB]);
		if (p_parm->ptype > PGACT_DETERM)
			return -EINVAL;
		if (TC_ACT_EXT_CMP(p_parm->paction, TC_ACT_GOTO_CHAIN)) {
			UNL_SET_ERR_MSG(extack, "goto chain not allowed on fallback");
			return -EINVAL;
		}
	}
	if (rtnl_tcf_idr_start(rn, &rtnl_act_gact_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	g = rtnl_tc_action_priv(*a);
	if (p_parm) {
		g->paction = p_parm->paction;
		g->pval = p_parm->pval ? p_parm->pval : 1;
		g->ptype = p_parm->ptype;
	}
	return ret;
}

/* tcf_gact_dump() */
static int gact_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		     int ref)
{
	struct gact *g = rtnl_tc_action_priv(a);
	struct tc_gact opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
	};
	struct tc_gact_p p_opt = {
		.paction = g->paction,
		.pval = g->pval,
		.ptype = g->ptype,
	};
	struct tcf_t t;

	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_GACT_PARMS, sizeof(opt), &opt) ||
	    (g->ptype &&
	     unl_nla_put(skb, TCA_GACT_PROB, sizeof(p_opt), &p_opt)) ||
	    unl_nla_put(skb, TCA_GACT_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

/* tcf_gact_offload_act_setup(): pass, drop, trap and goto chain */
static int gact_offload_setup(struct rtnl_tc_action *a, bool bind,
			      struct unl_ext_ack *extack)
{
	int act = a->tcfa_action;

	(void)bind;
	(void)extack;
	if (act == TC_ACT_OK || act == TC_ACT_SHOT || act == TC_ACT_TRAP ||
	    TC_ACT_EXT_CMP(act, TC_ACT_GOTO_CHAIN))
		return 0;
	return -EOPNOTSUPP;
}

const struct rtnl_tc_action_ops rtnl_act_gact_ops = {
	.kind = "gact",
	.id = TCA_ID_GACT,
	.priv_size = sizeof(struct gact),
	.init = gact_init,
	.dump = gact_dump,
	.offload_setup = gact_offload_setup,
};
