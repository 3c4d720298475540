// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mirred (net/sched/act_mirred.c): redirect or mirror to a device.  The
 * device is kept by ifindex; one that is gone shows as 0, as Linux
 * forgets the device it held when that one unregisters.
 */
#include <errno.h>

#include <linux/tc_act/tc_mirred.h>

#include "proto/route/sched/cls.h"

/* TCA_MIRRED_BLOCKID, newer than some uapi headers (6.10) */
#define RTNL_TCA_MIRRED_BLOCKID 4

struct mirred {
	int eaction;
	int ifindex;
};

static const struct unl_nla_policy mirred_policy[RTNL_TCA_MIRRED_BLOCKID + 1] = {
	[TCA_MIRRED_PARMS] = { .len = sizeof(struct tc_mirred) },
	[RTNL_TCA_MIRRED_BLOCKID] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
};

static bool mirred_eaction_valid(int eaction)
{
	return eaction == TCA_EGRESS_REDIR || eaction == TCA_EGRESS_MIRROR ||
	       eaction == TCA_INGRESS_REDIR || eaction == TCA_INGRESS_MIRROR;
}

/* what tcf_mirred_init() checks before the action is made or taken */
static int mirred_check(const struct nlattr **tb, const struct tc_mirred *parm,
			struct unl_ext_ack *extack)
{
	if (tb[RTNL_TCA_MIRRED_BLOCKID] && parm->ifindex) {
		UNL_SET_ERR_MSG(extack, "act_mirred: Cannot specify Block ID and dev simultaneously");
		return -EINVAL;
	}
	if (!mirred_eaction_valid(parm->eaction)) {
		UNL_SET_ERR_MSG(extack, "act_mirred: Unknown mirred option");
		return -EINVAL;
	}
	return 0;
}

/* tcf_mirred_init() */
static int mirred_init(struct rtnl_net *rn, const struct nlattr *nla,
		       const struct nlattr *est, struct rtnl_tc_action **a,
		       struct rtnl_tcf_proto *tp,
		       uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_TCA_MIRRED_BLOCKID + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	const struct tc_mirred *parm;
	uint32_t index;
	int exists, ret = RTNL_ACT_P_BOUND, err;
	struct mirred *m;

	if (!nla) {
		UNL_SET_ERR_MSG(extack, "act_mirred: Mirred requires attributes to be passed");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, RTNL_TCA_MIRRED_BLOCKID, nla,
				   mirred_policy, UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[TCA_MIRRED_PARMS]) {
		UNL_SET_ERR_MSG(extack, "act_mirred: Missing required mirred parameters");
		return -EINVAL;
	}
	parm = unl_nla_data(tb[TCA_MIRRED_PARMS]);
	index = parm->index;
	exists = rtnl_tcf_idr_check_alloc(rn, &rtnl_act_mirred_ops, &index, a,
					  bind);
	if (exists < 0)
		return exists;
	if (exists && bind)
		return RTNL_ACT_P_BOUND;
	err = mirred_check(tb, parm, extack);
	if (err) {
		if (exists)
			rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	if (tb[RTNL_TCA_MIRRED_BLOCKID]) {
		if (exists)
			rtnl_tcf_idr_release(*a, bind);
		UNL_SET_ERR_MSG(extack, "unetlink: mirred to a block is not modelled");
		return -EOPNOTSUPP;
	}
	if (!exists) {
		if (!parm->ifindex) {
			UNL_SET_ERR_MSG(extack, "act_mirred: Must specify device or block");
			return -EINVAL;
		}
		err = rtnl_tcf_idr_create(rn, &rtnl_act_mirred_ops, index, est, a,
					  bind, flags);
		if (err)
			return err;
		ret = RTNL_ACT_P_CREATED;
	} else if (!(flags & RTNL_TCA_ACT_FLAGS_REPLACE)) {
		rtnl_tcf_idr_release(*a, bind);
		return -EEXIST;
	}
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (!err && parm->ifindex && !rtnl_link_by_index(rn, parm->ifindex))
		err = -ENODEV;
	if (err) {
		if (goto_ch)
			rtnl_tcf_chain_put_by_act(goto_ch);
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	m = rtnl_tc_action_priv(*a);
	if (parm->ifindex)
		m->ifindex = parm->ifindex;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	m->eaction = parm->eaction;
	return ret;
}

/* tcf_mirred_dump() */
static int mirred_dump(struct unl_skb *skb, struct rtnl_tc_action *a,
		       int bind, int ref)
{
	struct mirred *m = rtnl_tc_action_priv(a);
	struct tc_mirred opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
		.eaction = m->eaction,
	};
	struct tcf_t t;

	if (m->ifindex && rtnl_link_by_index(a->rn, m->ifindex))
		opt.ifindex = (uint32_t)m->ifindex;
	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_MIRRED_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_MIRRED_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_mirred_ops = {
	.kind = "mirred",
	.id = TCA_ID_MIRRED,
	.priv_size = sizeof(struct mirred),
	.init = mirred_init,
	.dump = mirred_dump,
	.offload_setup = rtnl_tcf_offload_setup_any,
};
