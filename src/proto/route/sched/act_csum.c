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

_Static_assert(TCA_CSUM_MAX <= RTNL_TCF_PARM_MAXTYPE, "csum's attributes fit");

static void csum_store(struct rtnl_tc_action *a, const void *parm)
{
	const struct tc_csum *p = parm;

	((struct csum *)rtnl_tc_action_priv(a))->update_flags = p->update_flags;
}

static const struct rtnl_tcf_parm_kind csum_kind = {
	.ops = &rtnl_act_csum_ops,
	.policy = csum_policy,
	.maxtype = TCA_CSUM_MAX,
	.parms = TCA_CSUM_PARMS,
	.store = csum_store,
};

/* tcf_csum_init() */
static int csum_init(struct rtnl_net *rn, const struct nlattr *nla,
		     const struct nlattr *est, struct rtnl_tc_action **a,
		     struct rtnl_tcf_proto *tp,
		     uint32_t flags, struct unl_ext_ack *extack)
{
	return rtnl_tcf_parm_init(rn, &csum_kind, nla, est, a, tp, flags,
				  extack);
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
