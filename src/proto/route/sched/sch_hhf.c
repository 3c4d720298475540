// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hhf (net/sched/sch_hhf.c): Heavy-Hitter Filter, two weighted DRR
 * buckets.  Options are optional and each change keeps what it does
 * not name; the timeouts travel in microseconds and are kept in
 * jiffies, so a dump gives back what the net's HZ leaves of them.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "proto/route/sched/sched.h"

#define HH_FLOWS_CNT 1024

struct hhf_sched {
	uint32_t quantum;
	uint32_t hh_flows_limit;
	uint64_t reset_timeout, evict_timeout; /* jiffies */
	uint32_t admit_bytes;
	uint32_t non_hh_weight;
};

static const struct unl_nla_policy hhf_policy[TCA_HHF_MAX + 1] = {
	[TCA_HHF_BACKLOG_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_HHF_QUANTUM] = { .type = UNL_NLA_U32 },
	[TCA_HHF_HH_FLOWS_LIMIT] = UNL_NLA_POLICY_MAX(UNL_NLA_U32,
						      2 * HH_FLOWS_CNT),
	[TCA_HHF_RESET_TIMEOUT] = { .type = UNL_NLA_U32 },
	[TCA_HHF_ADMIT_BYTES] = { .type = UNL_NLA_U32 },
	[TCA_HHF_EVICT_TIMEOUT] = { .type = UNL_NLA_U32 },
	[TCA_HHF_NON_HH_WEIGHT] = { .type = UNL_NLA_U32 },
};

/* hhf_change(): the quantum (at least 256) times the non-heavy-hitter
 * weight must be a positive int before anything changes */
static int hhf_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct hhf_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_HHF_MAX + 1];
	uint32_t quantum = q->quantum, weight = q->non_hh_weight;
	uint64_t non_hh_quantum;
	int err = unl_nla_parse_nested(tb, TCA_HHF_MAX, opt, hhf_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (tb[TCA_HHF_QUANTUM]) {
		quantum = unl_nla_get_u32(tb[TCA_HHF_QUANTUM]);
		if (quantum < 256)
			quantum = 256;
	}
	if (tb[TCA_HHF_NON_HH_WEIGHT])
		weight = unl_nla_get_u32(tb[TCA_HHF_NON_HH_WEIGHT]);
	non_hh_quantum = (uint64_t)quantum * weight;
	if (non_hh_quantum == 0 || non_hh_quantum > INT_MAX)
		return -EINVAL;
	if (tb[TCA_HHF_BACKLOG_LIMIT])
		sch->limit = unl_nla_get_u32(tb[TCA_HHF_BACKLOG_LIMIT]);
	q->quantum = quantum;
	q->non_hh_weight = weight;
	if (tb[TCA_HHF_HH_FLOWS_LIMIT])
		q->hh_flows_limit = unl_nla_get_u32(tb[TCA_HHF_HH_FLOWS_LIMIT]);
	if (tb[TCA_HHF_RESET_TIMEOUT])
		q->reset_timeout = rtnl_tc_usecs_to_jiffies(
			sch, unl_nla_get_u32(tb[TCA_HHF_RESET_TIMEOUT]));
	if (tb[TCA_HHF_ADMIT_BYTES])
		q->admit_bytes = unl_nla_get_u32(tb[TCA_HHF_ADMIT_BYTES]);
	if (tb[TCA_HHF_EVICT_TIMEOUT])
		q->evict_timeout = rtnl_tc_usecs_to_jiffies(
			sch, unl_nla_get_u32(tb[TCA_HHF_EVICT_TIMEOUT]));
	return 0;
}

/* hhf_init(): 1000 packets, a quantum of the MTU, 40 ms to reset, 128
 * KiB to admit, a second to evict, weight 2, 2048 heavy hitters */
static int hhf_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct hhf_sched *q = rtnl_qdisc_priv(sch);
	unsigned int hz = rtnl_tc_hz(sch);

	sch->limit = 1000;
	q->quantum = rtnl_clamp_u32(rtnl_psched_mtu(sch->dev), 256, 1u << 20);
	q->reset_timeout = hz / 25;
	q->admit_bytes = 131072;
	q->evict_timeout = hz;
	q->non_hh_weight = 2;
	q->hh_flows_limit = 2 * HH_FLOWS_CNT;
	return opt ? hhf_change(sch, opt, extack) : 0;
}

static int hhf_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct hhf_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest || unl_nla_put_u32(skb, TCA_HHF_BACKLOG_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_HHF_QUANTUM, q->quantum) ||
	    unl_nla_put_u32(skb, TCA_HHF_HH_FLOWS_LIMIT, q->hh_flows_limit) ||
	    unl_nla_put_u32(skb, TCA_HHF_RESET_TIMEOUT,
			    rtnl_tc_jiffies_to_usecs(sch, q->reset_timeout)) ||
	    unl_nla_put_u32(skb, TCA_HHF_ADMIT_BYTES, q->admit_bytes) ||
	    unl_nla_put_u32(skb, TCA_HHF_EVICT_TIMEOUT,
			    rtnl_tc_jiffies_to_usecs(sch, q->evict_timeout)) ||
	    unl_nla_put_u32(skb, TCA_HHF_NON_HH_WEIGHT, q->non_hh_weight))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* nothing dropped, no heavy hitter seen */
static int hhf_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_hhf_xstats st = { 0 };

	(void)sch;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_hhf_qdisc_ops = {
	.id = "hhf",
	.priv_size = sizeof(struct hhf_sched),
	.init = hhf_init,
	.change = hhf_change,
	.dump = hhf_dump,
	.xstats = hhf_xstats,
};
