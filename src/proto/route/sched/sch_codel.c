// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * codel (net/sched/sch_codel.c): one queue under CoDel.  Times are
 * kept as CoDel keeps them (nanoseconds shifted right by CODEL_SHIFT),
 * so what comes back in microseconds is what that rounding leaves.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

#define CODEL_SHIFT 10
#define CODEL_DISABLED_THRESHOLD 0x7fffffffu /* INT_MAX */
#define DEFAULT_CODEL_LIMIT 1000

struct codel_sched {
	uint32_t target, interval, ce_threshold; /* codel_time_t */
	bool ecn;
};

static uint32_t us_to_codel(uint64_t us)
{
	return (uint32_t)((us * 1000) >> CODEL_SHIFT);
}

static uint32_t codel_to_us(uint32_t t)
{
	return (uint32_t)(((uint64_t)t << CODEL_SHIFT) / 1000);
}

static const struct unl_nla_policy codel_policy[TCA_CODEL_MAX + 1] = {
	[TCA_CODEL_TARGET] = { .type = UNL_NLA_U32 },
	[TCA_CODEL_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_CODEL_INTERVAL] = { .type = UNL_NLA_U32 },
	[TCA_CODEL_ECN] = { .type = UNL_NLA_U32 },
	[TCA_CODEL_CE_THRESHOLD] = { .type = UNL_NLA_U32 },
};

static int codel_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	struct codel_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_CODEL_MAX + 1];
	int err;

	(void)extack;
	if (!opt)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_CODEL_MAX, opt, codel_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (tb[TCA_CODEL_TARGET])
		q->target = us_to_codel(unl_nla_get_u32(tb[TCA_CODEL_TARGET]));
	if (tb[TCA_CODEL_CE_THRESHOLD])
		q->ce_threshold =
			us_to_codel(unl_nla_get_u32(tb[TCA_CODEL_CE_THRESHOLD]));
	if (tb[TCA_CODEL_INTERVAL])
		q->interval =
			us_to_codel(unl_nla_get_u32(tb[TCA_CODEL_INTERVAL]));
	if (tb[TCA_CODEL_LIMIT])
		sch->limit = unl_nla_get_u32(tb[TCA_CODEL_LIMIT]);
	if (tb[TCA_CODEL_ECN])
		q->ecn = unl_nla_get_u32(tb[TCA_CODEL_ECN]) != 0;
	return 0;
}

/* codel_init(): 1000 packets, 5 ms, 100 ms, no ECN */
static int codel_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct codel_sched *q = rtnl_qdisc_priv(sch);

	sch->limit = DEFAULT_CODEL_LIMIT;
	q->target = us_to_codel(5000);
	q->interval = us_to_codel(100000);
	q->ce_threshold = CODEL_DISABLED_THRESHOLD;
	q->ecn = false;
	return opt ? codel_change(sch, opt, extack) : 0;
}

static int codel_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct codel_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest ||
	    unl_nla_put_u32(skb, TCA_CODEL_TARGET, codel_to_us(q->target)) ||
	    unl_nla_put_u32(skb, TCA_CODEL_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_CODEL_INTERVAL,
			    codel_to_us(q->interval)) ||
	    unl_nla_put_u32(skb, TCA_CODEL_ECN, q->ecn))
		return -EMSGSIZE;
	if (q->ce_threshold != CODEL_DISABLED_THRESHOLD &&
	    unl_nla_put_u32(skb, TCA_CODEL_CE_THRESHOLD,
			    codel_to_us(q->ce_threshold)))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* codel_dump_stats(): counters of a queue that saw nothing */
static int codel_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_codel_xstats st;

	(void)sch;
	memset(&st, 0, sizeof(st));
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_codel_qdisc_ops = {
	.id = "codel",
	.priv_size = sizeof(struct codel_sched),
	.init = codel_init,
	.change = codel_change,
	.dump = codel_dump,
	.xstats = codel_xstats,
};
