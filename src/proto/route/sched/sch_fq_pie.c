// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fq_pie (net/sched/sch_fq_pie.c): flows hashed to buckets, each under
 * PIE.  Its options are parsed strictly (a nest flagged NLA_F_NESTED,
 * no unknown attribute); the number of flows is fixed once the flows
 * exist.  A change applies what comes before a bad flow count, as
 * Linux's does.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/pie.h"
#include "proto/route/sched/sched.h"

struct fq_pie_sched {
	struct rtnl_pie_params p;
	uint32_t flows_cnt, quantum, memory_limit, ecn_prob;
	bool flows; /* the flow table exists */
};

static const struct unl_nla_policy fq_pie_policy[TCA_FQ_PIE_MAX + 1] = {
	[TCA_FQ_PIE_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_FLOWS] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_TARGET] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_TUPDATE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_ALPHA] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_BETA] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_QUANTUM] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 1 << 20),
	[TCA_FQ_PIE_MEMORY_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_ECN_PROB] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_ECN] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_BYTEMODE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_PIE_DQ_RATE_ESTIMATOR] = { .type = UNL_NLA_U32 },
};

static uint32_t get(const struct nlattr *a)
{
	return unl_nla_get_u32(a);
}

static int fq_pie_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			 struct unl_ext_ack *extack)
{
	struct fq_pie_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_FQ_PIE_MAX + 1];
	int err = unl_nla_parse_nested(tb, TCA_FQ_PIE_MAX, opt, fq_pie_policy,
				       UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	if (tb[TCA_FQ_PIE_LIMIT]) {
		q->p.limit = get(tb[TCA_FQ_PIE_LIMIT]);
		sch->limit = q->p.limit;
	}
	if (tb[TCA_FQ_PIE_FLOWS]) {
		if (q->flows) {
			UNL_SET_ERR_MSG(extack, "sch_fq_pie: Number of flows cannot be changed");
			return -EINVAL;
		}
		q->flows_cnt = get(tb[TCA_FQ_PIE_FLOWS]);
		if (!q->flows_cnt || q->flows_cnt > 65536) {
			UNL_SET_ERR_MSG(extack, "sch_fq_pie: Number of flows must range in [1..65536]");
			return -EINVAL;
		}
	}
	if (tb[TCA_FQ_PIE_TARGET])
		q->p.target = rtnl_pie_us_to_target(get(tb[TCA_FQ_PIE_TARGET]));
	if (tb[TCA_FQ_PIE_TUPDATE])
		q->p.tupdate =
			rtnl_tc_usecs_to_jiffies(sch, get(tb[TCA_FQ_PIE_TUPDATE]));
	if (tb[TCA_FQ_PIE_ALPHA])
		q->p.alpha = get(tb[TCA_FQ_PIE_ALPHA]);
	if (tb[TCA_FQ_PIE_BETA])
		q->p.beta = get(tb[TCA_FQ_PIE_BETA]);
	if (tb[TCA_FQ_PIE_QUANTUM]) {
		uint32_t v = get(tb[TCA_FQ_PIE_QUANTUM]);

		q->quantum = v < 256 ? 256 : v;
	}
	if (tb[TCA_FQ_PIE_MEMORY_LIMIT])
		q->memory_limit = get(tb[TCA_FQ_PIE_MEMORY_LIMIT]);
	if (tb[TCA_FQ_PIE_ECN_PROB])
		q->ecn_prob = get(tb[TCA_FQ_PIE_ECN_PROB]);
	if (tb[TCA_FQ_PIE_ECN])
		q->p.ecn = rtnl_pie_bool(get(tb[TCA_FQ_PIE_ECN]));
	if (tb[TCA_FQ_PIE_BYTEMODE])
		q->p.bytemode = rtnl_pie_bool(get(tb[TCA_FQ_PIE_BYTEMODE]));
	if (tb[TCA_FQ_PIE_DQ_RATE_ESTIMATOR])
		q->p.dq_rate_estimator =
			rtnl_pie_bool(get(tb[TCA_FQ_PIE_DQ_RATE_ESTIMATOR]));
	return 0;
}

/* fq_pie_init(): 10240 packets, 1024 flows, 32 MiB, a quantum of the
 * device's MTU and header, ECN above 10% */
static int fq_pie_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct fq_pie_sched *q = rtnl_qdisc_priv(sch);
	int err;

	rtnl_pie_params_init(&q->p, sch);
	sch->limit = 10 * 1024;
	q->p.limit = sch->limit;
	q->quantum = rtnl_clamp_u32(rtnl_psched_mtu(sch->dev), 256, 1 << 20);
	q->ecn_prob = 10;
	q->flows_cnt = 1024;
	q->memory_limit = 32 << 20;
	if (opt) {
		err = fq_pie_change(sch, opt, extack);
		if (err)
			return err;
	}
	q->flows = true;
	return 0;
}

static int fq_pie_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct fq_pie_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = unl_nla_nest_start(skb, TCA_OPTIONS);

	if (!nest || unl_nla_put_u32(skb, TCA_FQ_PIE_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_FLOWS, q->flows_cnt) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_TARGET,
			    rtnl_pie_target_to_us(q->p.target)) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_TUPDATE,
			    rtnl_tc_jiffies_to_usecs(sch, q->p.tupdate)) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_ALPHA, q->p.alpha) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_BETA, q->p.beta) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_QUANTUM, q->quantum) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_MEMORY_LIMIT, q->memory_limit) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_ECN_PROB, q->ecn_prob) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_ECN, q->p.ecn) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_BYTEMODE, q->p.bytemode) ||
	    unl_nla_put_u32(skb, TCA_FQ_PIE_DQ_RATE_ESTIMATOR,
			    q->p.dq_rate_estimator))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int fq_pie_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_fq_pie_xstats st;

	(void)sch;
	memset(&st, 0, sizeof(st));
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_fq_pie_qdisc_ops = {
	.id = "fq_pie",
	.priv_size = sizeof(struct fq_pie_sched),
	.init = fq_pie_init,
	.change = fq_pie_change,
	.dump = fq_pie_dump,
	.xstats = fq_pie_xstats,
};
