// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pie (net/sched/sch_pie.c): Proportional Integral controller Enhanced
 * on one queue.  Options are each optional; what is not given keeps its
 * value (pie_params_init()'s at first).
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/pie.h"
#include "proto/route/sched/sched.h"

struct pie_sched {
	struct rtnl_pie_params params;
};

static const struct unl_nla_policy pie_policy[TCA_PIE_MAX + 1] = {
	[TCA_PIE_TARGET] = { .type = UNL_NLA_U32 },
	[TCA_PIE_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_PIE_TUPDATE] = { .type = UNL_NLA_U32 },
	[TCA_PIE_ALPHA] = { .type = UNL_NLA_U32 },
	[TCA_PIE_BETA] = { .type = UNL_NLA_U32 },
	[TCA_PIE_ECN] = { .type = UNL_NLA_U32 },
	[TCA_PIE_BYTEMODE] = { .type = UNL_NLA_U32 },
	[TCA_PIE_DQ_RATE_ESTIMATOR] = { .type = UNL_NLA_U32 },
};

/* pie_change(): parsed without an extended ACK, as Linux does */
static int pie_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct pie_sched *q = rtnl_qdisc_priv(sch);
	struct rtnl_pie_params *p = &q->params;
	const struct nlattr *tb[TCA_PIE_MAX + 1];
	int err = unl_nla_parse_nested(tb, TCA_PIE_MAX, opt, pie_policy,
				       UNL_VALIDATE_LIBERAL, NULL);

	(void)extack;
	if (err)
		return err;
	if (tb[TCA_PIE_TARGET])
		p->target = rtnl_pie_us_to_target(
			unl_nla_get_u32(tb[TCA_PIE_TARGET]));
	if (tb[TCA_PIE_TUPDATE])
		p->tupdate = rtnl_tc_usecs_to_jiffies(
			sch, unl_nla_get_u32(tb[TCA_PIE_TUPDATE]));
	if (tb[TCA_PIE_LIMIT]) {
		p->limit = unl_nla_get_u32(tb[TCA_PIE_LIMIT]);
		sch->limit = p->limit;
	}
	if (tb[TCA_PIE_ALPHA])
		p->alpha = unl_nla_get_u32(tb[TCA_PIE_ALPHA]);
	if (tb[TCA_PIE_BETA])
		p->beta = unl_nla_get_u32(tb[TCA_PIE_BETA]);
	if (tb[TCA_PIE_ECN])
		p->ecn = rtnl_pie_bool(unl_nla_get_u32(tb[TCA_PIE_ECN]));
	if (tb[TCA_PIE_BYTEMODE])
		p->bytemode =
			rtnl_pie_bool(unl_nla_get_u32(tb[TCA_PIE_BYTEMODE]));
	if (tb[TCA_PIE_DQ_RATE_ESTIMATOR])
		p->dq_rate_estimator = rtnl_pie_bool(
			unl_nla_get_u32(tb[TCA_PIE_DQ_RATE_ESTIMATOR]));
	return 0;
}

static int pie_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct pie_sched *q = rtnl_qdisc_priv(sch);

	rtnl_pie_params_init(&q->params, sch);
	sch->limit = q->params.limit;
	return opt ? pie_change(sch, opt, extack) : 0;
}

static int pie_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct pie_sched *q = rtnl_qdisc_priv(sch);
	const struct rtnl_pie_params *p = &q->params;
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest ||
	    unl_nla_put_u32(skb, TCA_PIE_TARGET,
			    rtnl_pie_target_to_us(p->target)) ||
	    unl_nla_put_u32(skb, TCA_PIE_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_PIE_TUPDATE,
			    rtnl_tc_jiffies_to_usecs(sch, p->tupdate)) ||
	    unl_nla_put_u32(skb, TCA_PIE_ALPHA, p->alpha) ||
	    unl_nla_put_u32(skb, TCA_PIE_BETA, p->beta) ||
	    unl_nla_put_u32(skb, TCA_PIE_ECN, p->ecn) ||
	    unl_nla_put_u32(skb, TCA_PIE_BYTEMODE, p->bytemode) ||
	    unl_nla_put_u32(skb, TCA_PIE_DQ_RATE_ESTIMATOR,
			    p->dq_rate_estimator))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* pie_dump_stats(): nothing seen; dq_rate_estimating says the setting */
static int pie_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct pie_sched *q = rtnl_qdisc_priv(sch);
	struct tc_pie_xstats st;

	memset(&st, 0, sizeof(st));
	st.dq_rate_estimating = q->params.dq_rate_estimator;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_pie_qdisc_ops = {
	.id = "pie",
	.priv_size = sizeof(struct pie_sched),
	.init = pie_init,
	.change = pie_change,
	.dump = pie_dump,
	.xstats = pie_xstats,
};
