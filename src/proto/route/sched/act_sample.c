// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sample (net/sched/act_sample.c): one packet in rate to a psample
 * group, truncated or not.  Kept and dumped; nothing is ever sampled.
 */
#include <errno.h>

#include <linux/tc_act/tc_sample.h>

#include "proto/route/sched/cls.h"

struct sample {
	uint32_t rate, group, trunc_size;
	bool truncate;
};

static const struct unl_nla_policy sample_policy[TCA_SAMPLE_MAX + 1] = {
	[TCA_SAMPLE_PARMS] = { .len = sizeof(struct tc_sample) },
	[TCA_SAMPLE_RATE] = { .type = UNL_NLA_U32 },
	[TCA_SAMPLE_TRUNC_SIZE] = { .type = UNL_NLA_U32 },
	[TCA_SAMPLE_PSAMPLE_GROUP] = { .type = UNL_NLA_U32 },
};

/* the rate and group of tb, checked, in *s */
static int sample_params(const struct nlattr **tb, struct sample *s,
			 struct unl_ext_ack *extack)
{
	if (!tb[TCA_SAMPLE_RATE] || !tb[TCA_SAMPLE_PSAMPLE_GROUP]) {
		UNL_SET_ERR_MSG(extack, "sample rate and group are required");
		return -EINVAL;
	}
	return 0;
}

/* tcf_sample_init(): its parse tells no message (NULL extack) */
static int sample_init(struct rtnl_net *rn, const struct nlattr *nla,
		       const struct nlattr *est, struct rtnl_tc_action **a,
		       struct rtnl_tcf_proto *tp,
		       uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_SAMPLE_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_sample *parm;
	struct sample *s;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_SAMPLE_MAX, nla, sample_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_SAMPLE_PARMS])
		return -EINVAL;
	parm = unl_nla_data(tb[TCA_SAMPLE_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_sample_ops, index, est, a,
			       flags, &ret))
		return ret;
	s = rtnl_tc_action_priv(*a);
	err = sample_params(tb, s, extack);
	if (!err)
		err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch,
						    extack);
	if (!err && !unl_nla_get_u32(tb[TCA_SAMPLE_RATE])) {
		UNL_SET_ERR_MSG(extack, "invalid sample rate");
		if (goto_ch)
			rtnl_tcf_chain_put_by_act(goto_ch);
		err = -EINVAL;
	}
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	s->rate = unl_nla_get_u32(tb[TCA_SAMPLE_RATE]);
	s->group = unl_nla_get_u32(tb[TCA_SAMPLE_PSAMPLE_GROUP]);
	if (tb[TCA_SAMPLE_TRUNC_SIZE]) {
		s->truncate = true;
		s->trunc_size = unl_nla_get_u32(tb[TCA_SAMPLE_TRUNC_SIZE]);
	}
	return ret;
}

/* tcf_sample_dump() */
static int sample_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		       int ref)
{
	const struct sample *s = rtnl_tc_action_priv(a);
	struct tc_sample opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
	};
	struct tcf_t t;

	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_SAMPLE_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_SAMPLE_TM, sizeof(t), &t) ||
	    unl_nla_put_u32(skb, TCA_SAMPLE_RATE, s->rate) ||
	    (s->truncate &&
	     unl_nla_put_u32(skb, TCA_SAMPLE_TRUNC_SIZE, s->trunc_size)) ||
	    unl_nla_put_u32(skb, TCA_SAMPLE_PSAMPLE_GROUP, s->group))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_sample_ops = {
	.kind = "sample",
	.id = TCA_ID_SAMPLE,
	.priv_size = sizeof(struct sample),
	.init = sample_init,
	.dump = sample_dump,
	.offload_setup = rtnl_tcf_offload_setup_any,
};
