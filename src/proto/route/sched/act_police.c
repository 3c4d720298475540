// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * police (net/sched/act_police.c): a token bucket in bytes (rate,
 * burst, peakrate, mtu) or in packets (pkts_rate, pkts_burst), its
 * exceed action (the action's own) and conform result.  Nothing is
 * policed here; the rates are kept as Linux keeps them
 * (psched_ratecfg) and dumped back as it does.  An average rate needs
 * a rate estimator, which no police action made here has.
 */
#include <errno.h>
#include <string.h>


#include "proto/route/sched/cls.h"

struct police {
	bool rate_present, peak_present, pps_present;
	struct rtnl_ratecfg rate, peak;
	uint64_t pps_rate, pps_burst; /* packets/s, psched ticks */
	uint32_t mtu, burst, ewma_rate;
	int result;
};

/* struct tc_police before refcnt, bindcnt and capab */
#define POLICE_COMPAT_LEN offsetof(struct tc_police, refcnt)

static const struct unl_nla_policy police_policy[TCA_POLICE_MAX + 1] = {
	[TCA_POLICE_RATE] = { .len = TC_RTAB_SIZE },
	[TCA_POLICE_PEAKRATE] = { .len = TC_RTAB_SIZE },
	[TCA_POLICE_AVRATE] = { .type = UNL_NLA_U32 },
	[TCA_POLICE_RESULT] = { .type = UNL_NLA_U32 },
	[TCA_POLICE_RATE64] = { .type = UNL_NLA_U64 },
	[TCA_POLICE_PEAKRATE64] = { .type = UNL_NLA_U64 },
	[TCA_POLICE_PKTRATE64] = UNL_NLA_POLICY_MIN(UNL_NLA_U64, 1),
	[TCA_POLICE_PKTBURST64] = { .type = UNL_NLA_U64 },
};

/* qdisc_get_rtab(): a rate with a table Linux can search */
static bool police_rtab(struct tc_ratespec *r, const struct nlattr *tab)
{
	if (!tab || !r->rate || !r->cell_log || r->cell_log >= 32 ||
	    unl_nla_len(tab) != TC_RTAB_SIZE)
		return false;
	rtnl_ratespec_detect_linklayer(r, tab);
	return true;
}

/* tcf_action_valid() */
static bool police_result_valid(int action)
{
	if (TC_ACT_EXT_OPCODE(action) && action & ~TC_ACT_EXT_OPCODE_MAX)
		return false;
	return action <= TC_ACT_VALUE_MAX;
}

/* the parameters of tb, checked, in *p (police's "new"); the
 * estimator of the filter that makes or replaces action a (est) goes
 * to a at once: Linux's is not undone when a later check fails */
static int police_params(const struct nlattr **tb, const struct tc_police *parm,
			 const struct nlattr *est, struct rtnl_tc_action *a,
			 bool created, struct police *p,
			 struct unl_ext_ack *extack)
{
	struct tc_ratespec rate = parm->rate, peak = parm->peakrate;
	bool have_rate = false, have_peak = false;

	if (rate.rate) {
		if (!police_rtab(&rate, tb[TCA_POLICE_RATE]))
			return -ENOMEM;
		have_rate = true;
		if (peak.rate) {
			if (!police_rtab(&peak, tb[TCA_POLICE_PEAKRATE]))
				return -ENOMEM;
			have_peak = true;
		}
	}
	/* an average rate needs an estimator: the filter's, or one the
	 * action already has */
	if (est) {
		if (rtnl_tc_est_set(&a->est, est))
			return -EINVAL;
	} else if (tb[TCA_POLICE_AVRATE] && (created || !a->est.on)) {
		return -EINVAL;
	}
	p->result = TC_ACT_OK;
	if (tb[TCA_POLICE_RESULT]) {
		p->result = (int)unl_nla_get_u32(tb[TCA_POLICE_RESULT]);
		if (!police_result_valid(p->result)) {
			UNL_SET_ERR_MSG(extack, "invalid fallback control action");
			return -EINVAL;
		}
		if (TC_ACT_EXT_CMP(p->result, TC_ACT_GOTO_CHAIN)) {
			UNL_SET_ERR_MSG(extack, "goto chain not allowed on fallback");
			return -EINVAL;
		}
	}
	if (!tb[TCA_POLICE_PKTRATE64] != !tb[TCA_POLICE_PKTBURST64]) {
		UNL_SET_ERR_MSG(extack, "Both or neither packet-per-second burst and rate must be provided");
		return -EINVAL;
	}
	if (tb[TCA_POLICE_PKTRATE64] && have_rate) {
		UNL_SET_ERR_MSG(extack, "packet-per-second and byte-per-second rate limits not allowed in same action");
		return -EINVAL;
	}
	p->mtu = parm->mtu;
	if (!p->mtu)
		p->mtu = have_rate ? 255u << rate.cell_log : ~0u;
	p->rate_present = have_rate;
	if (have_rate)
		rtnl_ratecfg_precompute(&p->rate, &rate,
					tb[TCA_POLICE_RATE64] ?
						unl_nla_get_u64(tb[TCA_POLICE_RATE64]) : 0);
	p->peak_present = have_peak;
	if (have_peak)
		rtnl_ratecfg_precompute(&p->peak, &peak,
					tb[TCA_POLICE_PEAKRATE64] ?
						unl_nla_get_u64(tb[TCA_POLICE_PEAKRATE64]) : 0);
	p->burst = parm->burst;
	if (tb[TCA_POLICE_AVRATE])
		p->ewma_rate = unl_nla_get_u32(tb[TCA_POLICE_AVRATE]);
	p->pps_present = tb[TCA_POLICE_PKTRATE64];
	if (p->pps_present) {
		p->pps_rate = unl_nla_get_u64(tb[TCA_POLICE_PKTRATE64]);
		p->pps_burst = unl_nla_get_u64(tb[TCA_POLICE_PKTBURST64]);
	}
	return 0;
}

/* tcf_police_init(): its parse tells no message (NULL extack) */
static int police_init(struct rtnl_net *rn, const struct nlattr *nla,
		       const struct nlattr *est, struct rtnl_tc_action **a,
		       struct rtnl_tcf_proto *tp,
		       uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_POLICE_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	struct tc_police parm = { 0 };
	int ret = RTNL_ACT_P_BOUND, err, size;
	struct police p = { 0 };
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_POLICE_MAX, nla, police_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_POLICE_TBF])
		return -EINVAL;
	size = unl_nla_len(tb[TCA_POLICE_TBF]);
	if (size != sizeof(parm) && size != POLICE_COMPAT_LEN)
		return -EINVAL;
	memcpy(&parm, unl_nla_data(tb[TCA_POLICE_TBF]), (size_t)size);
	index = parm.index;
	/* made without the filter's estimator, which is taken below */
	if (rtnl_tcf_idr_start(rn, &rtnl_act_police_ops, index, NULL, a, flags,
			       &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm.action, tp, &goto_ch, extack);
	if (!err)
		err = police_params(tb, &parm, est, *a,
				    ret == RTNL_ACT_P_CREATED, &p, extack);
	if (err) {
		if (goto_ch)
			rtnl_tcf_chain_put_by_act(goto_ch);
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	*(struct police *)rtnl_tc_action_priv(*a) = p;
	rtnl_tcf_action_set_ctrlact(*a, parm.action, goto_ch);
	return ret;
}

/* tcf_police_dump() */
static int police_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		       int ref)
{
	const struct police *p = rtnl_tc_action_priv(a);
	struct tc_police opt = {
		.index = a->index,
		.action = a->tcfa_action,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.mtu = p->mtu,
		.burst = p->burst,
	};
	struct tcf_t t;

	if (p->rate_present) {
		rtnl_ratecfg_getrate(&opt.rate, &p->rate);
		if (p->rate.rate_bytes_ps >= (1ull << 32) &&
		    unl_nla_put_u64(skb, TCA_POLICE_RATE64, p->rate.rate_bytes_ps, TCA_POLICE_PAD))
			return -EMSGSIZE;
	}
	if (p->peak_present) {
		rtnl_ratecfg_getrate(&opt.peakrate, &p->peak);
		if (p->peak.rate_bytes_ps >= (1ull << 32) &&
		    unl_nla_put_u64(skb, TCA_POLICE_PEAKRATE64, p->peak.rate_bytes_ps, TCA_POLICE_PAD))
			return -EMSGSIZE;
	}
	if (p->pps_present &&
	    (unl_nla_put_u64(skb, TCA_POLICE_PKTRATE64, p->pps_rate, TCA_POLICE_PAD) ||
	     unl_nla_put_u64(skb, TCA_POLICE_PKTBURST64, p->pps_burst, TCA_POLICE_PAD)))
		return -EMSGSIZE;
	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_POLICE_TBF, sizeof(opt), &opt) ||
	    (p->result && unl_nla_put_u32(skb, TCA_POLICE_RESULT, (uint32_t)p->result)) ||
	    (p->ewma_rate && unl_nla_put_u32(skb, TCA_POLICE_AVRATE, p->ewma_rate)) ||
	    unl_nla_put(skb, TCA_POLICE_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

/* tcf_police_act_to_flow_act(): what a driver could do on exceed or
 * conform */
static int police_flow_act(int act, struct unl_ext_ack *extack)
{
	if (act == TC_ACT_OK || act == TC_ACT_SHOT || act == TC_ACT_PIPE ||
	    act == TC_ACT_UNSPEC ||
	    TC_ACT_EXT_CMP(act, TC_ACT_JUMP) ||
	    TC_ACT_EXT_CMP(act, TC_ACT_GOTO_CHAIN))
		return 0;
	if (act == TC_ACT_RECLASSIFY)
		UNL_SET_ERR_MSG(extack, "Offload not supported when conform/exceed action is \"reclassify\"");
	else
		UNL_SET_ERR_MSG(extack, "Unsupported conform/exceed action offload");
	return -EOPNOTSUPP;
}

/* tcf_police_offload_act_setup() */
static int police_offload_setup(struct rtnl_tc_action *a, bool bind,
				struct unl_ext_ack *extack)
{
	const struct police *p = rtnl_tc_action_priv(a);

	if (!bind)
		return 0;
	if (police_flow_act(a->tcfa_action, extack) ||
	    police_flow_act(p->result, extack))
		return -EOPNOTSUPP;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_police_ops = {
	.kind = "police",
	.id = TCA_ID_POLICE,
	.priv_size = sizeof(struct police),
	.init = police_init,
	.dump = police_dump,
	.offload_setup = police_offload_setup,
};
