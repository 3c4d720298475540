// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tbf (net/sched/sch_tbf.c): a token bucket with an optional peak
 * rate.  The bucket (buffer) and the peak's (mtu) are kept in
 * nanoseconds as tbf_change() derives them (from TCA_TBF_BURST and
 * TCA_TBF_PBURST when given) and dumped back in ticks; a limit makes a
 * bfifo child on class 1, listed only with TCA_DUMP_INVISIBLE.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "proto/route/sched/sched.h"

struct tbf_sched {
	struct rtnl_qdisc *qdisc; /* first (rtnl_one_child_*); NULL: noop */
	uint32_t limit;
	uint64_t buffer, mtu; /* ns */
	uint32_t max_size;
	struct rtnl_ratecfg rate, peak;
};
_Static_assert(offsetof(struct tbf_sched, qdisc) == 0, "rtnl_one_child_*");

static const struct unl_nla_policy tbf_policy[TCA_TBF_MAX + 1] = {
	[TCA_TBF_PARMS] = { .len = sizeof(struct tc_tbf_qopt) },
	[TCA_TBF_RTAB] = { .type = UNL_NLA_BINARY, .len = TC_RTAB_SIZE },
	[TCA_TBF_PTAB] = { .type = UNL_NLA_BINARY, .len = TC_RTAB_SIZE },
	[TCA_TBF_RATE64] = { .type = UNL_NLA_U64 },
	[TCA_TBF_PRATE64] = { .type = UNL_NLA_U64 },
	[TCA_TBF_BURST] = { .type = UNL_NLA_U32 },
	[TCA_TBF_PBURST] = { .type = UNL_NLA_U32 },
};

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* tbf_change() */
static int tbf_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct tbf_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_TBF_MAX + 1];
	const struct tc_tbf_qopt *qopt;
	struct tc_ratespec rspec, pspec;
	struct rtnl_ratecfg rate, peak;
	uint64_t buffer, mtu, rate64 = 0, prate64 = 0;
	uint64_t max_size;
	int err = unl_nla_parse_nested(tb, TCA_TBF_MAX, opt, tbf_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_TBF_PARMS])
		return -EINVAL;
	qopt = unl_nla_data(tb[TCA_TBF_PARMS]);
	/* rate-table tc's rates: the link layer from the tables */
	rspec = qopt->rate;
	pspec = qopt->peakrate;
	rtnl_ratespec_detect_linklayer(&rspec, tb[TCA_TBF_RTAB]);
	rtnl_ratespec_detect_linklayer(&pspec, tb[TCA_TBF_PTAB]);
	buffer = min_u64(RTNL_PSCHED_TICKS2NS(qopt->buffer), ~0U);
	mtu = min_u64(RTNL_PSCHED_TICKS2NS(qopt->mtu), ~0U);
	if (tb[TCA_TBF_RATE64])
		rate64 = unl_nla_get_u64(tb[TCA_TBF_RATE64]);
	rtnl_ratecfg_precompute(&rate, &rspec, rate64);
	if (tb[TCA_TBF_BURST]) {
		max_size = unl_nla_get_u32(tb[TCA_TBF_BURST]);
		buffer = rtnl_ratecfg_l2t_ns(&rate, (unsigned int)max_size);
	} else {
		max_size = min_u64(rtnl_ratecfg_t2l(&rate, buffer), ~0U);
	}
	memset(&peak, 0, sizeof(peak));
	if (qopt->peakrate.rate) {
		if (tb[TCA_TBF_PRATE64])
			prate64 = unl_nla_get_u64(tb[TCA_TBF_PRATE64]);
		rtnl_ratecfg_precompute(&peak, &pspec, prate64);
		if (peak.rate_bytes_ps <= rate.rate_bytes_ps)
			return -EINVAL;
		if (tb[TCA_TBF_PBURST]) {
			uint32_t pburst = unl_nla_get_u32(tb[TCA_TBF_PBURST]);

			max_size = min_u64(max_size, pburst);
			mtu = rtnl_ratecfg_l2t_ns(&peak, pburst);
		} else {
			max_size = min_u64(max_size,
					   rtnl_ratecfg_t2l(&peak, mtu));
		}
	}
	if (max_size == 0)
		return -EINVAL;
	if (q->qdisc) {
		q->qdisc->limit = qopt->limit; /* fifo_set_limit() */
	} else if (qopt->limit > 0) {
		q->qdisc = rtnl_fifo_create_dflt(sch, &rtnl_bfifo_qdisc_ops,
						 qopt->limit);
		if (!q->qdisc)
			return -ENOMEM;
		rtnl_qdisc_hash_add(q->qdisc, true);
	}
	q->limit = qopt->limit;
	q->mtu = tb[TCA_TBF_PBURST] ? mtu : RTNL_PSCHED_TICKS2NS(qopt->mtu);
	q->max_size = (uint32_t)max_size;
	q->buffer = tb[TCA_TBF_BURST] ? buffer
				      : RTNL_PSCHED_TICKS2NS(qopt->buffer);
	q->rate = rate;
	q->peak = peak;
	return 0;
}

static int tbf_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	if (!opt)
		return -EINVAL;
	return tbf_change(sch, opt, extack);
}

static void tbf_destroy(struct rtnl_qdisc *sch)
{
	struct tbf_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->qdisc);
	q->qdisc = NULL;
}

/* tbf_dump(): PARMS, then the 64-bit rates past 32 bits */
static int tbf_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct tbf_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);
	struct tc_tbf_qopt opt = { 0 };

	if (!nest)
		return -EMSGSIZE;
	opt.limit = q->limit;
	rtnl_ratecfg_getrate(&opt.rate, &q->rate);
	if (q->peak.rate_bytes_ps)
		rtnl_ratecfg_getrate(&opt.peakrate, &q->peak);
	opt.mtu = (uint32_t)RTNL_PSCHED_NS2TICKS(q->mtu);
	opt.buffer = (uint32_t)RTNL_PSCHED_NS2TICKS(q->buffer);
	if (unl_nla_put(skb, TCA_TBF_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	if (q->rate.rate_bytes_ps >= (1ULL << 32) &&
	    unl_nla_put_u64(skb, TCA_TBF_RATE64, q->rate.rate_bytes_ps,
			    TCA_TBF_PAD))
		return -EMSGSIZE;
	if (q->peak.rate_bytes_ps >= (1ULL << 32) &&
	    unl_nla_put_u64(skb, TCA_TBF_PRATE64, q->peak.rate_bytes_ps,
			    TCA_TBF_PAD))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static const struct rtnl_qdisc_class_ops tbf_class_ops = {
	.find = rtnl_one_child_find,
	.leaf = rtnl_one_child_leaf,
	.graft = rtnl_one_child_graft,
	.walk = rtnl_one_child_walk,
	.dump = rtnl_one_child_dump,
};

const struct rtnl_qdisc_ops rtnl_tbf_qdisc_ops = {
	.id = "tbf",
	.priv_size = sizeof(struct tbf_sched),
	.cl_ops = &tbf_class_ops,
	.init = tbf_init,
	.change = tbf_change,
	.destroy = tbf_destroy,
	.dump = tbf_dump,
};
