// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fq (net/sched/sch_fq.c): Fair Queue packet scheduler, per-flow pacing
 * over three priority bands.  A change applies every option it can
 * even when one is bad (an out-of-range bucket log or rate_enable), and
 * then fails, as Linux's does; the bucket log, priomap and weights only
 * take when nothing was bad.  Times are kept as Linux keeps them (the
 * refill delay in jiffies, ce_threshold and horizon in ns).  From
 * Linux 6.13 (the profile's kernel) it has a pacing offload horizon,
 * which the model's devices, offloading nothing, only take as 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/sched.h"

/* Newer than some uapi headers (Linux 6.7). */
#define RTNL_TCA_FQ_PRIOMAP 19
#define RTNL_TCA_FQ_WEIGHTS 20
#define RTNL_TCA_FQ_OFFLOAD_HORIZON 21 /* Linux 6.13 */
#define RTNL_TCA_FQ_MAX RTNL_TCA_FQ_OFFLOAD_HORIZON
#define FQ_NBANDS 3
#define FQ_MIN_WEIGHT 16384

/* struct tc_fq_qd_stats as Linux 6.7 and later have it */
struct fq_qd_stats {
	uint64_t gc_flows, highprio_packets, tcp_retrans, throttled;
	uint64_t flows_plimit, pkts_too_long, allocation_errors;
	int64_t time_next_delayed_flow;
	uint32_t flows, inactive_flows, throttled_flows;
	uint32_t unthrottle_latency_ns;
	uint64_t ce_mark, horizon_drops, horizon_caps, fastpath_packets;
	uint64_t band_drops[FQ_NBANDS];
	uint32_t band_pkt_count[FQ_NBANDS];
	uint32_t pad;
};

/* sch_default_prio2band */
static const uint8_t fq_default_prio2band[TC_PRIO_MAX + 1] = {
	1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1
};

struct fq_sched {
	uint32_t flow_plimit, quantum, initial_quantum;
	uint64_t flow_refill_delay; /* jiffies */
	uint64_t flow_max_rate;
	uint32_t rate_enable, fq_trees_log, orphan_mask;
	uint32_t low_rate_threshold, timer_slack;
	uint64_t ce_threshold, horizon; /* ns */
	uint8_t horizon_drop;
	uint8_t prio2band[TC_PRIO_MAX + 1];
	int32_t weights[FQ_NBANDS];
	uint64_t offload_horizon; /* ns */
};

static const struct unl_nla_policy fq_policy[RTNL_TCA_FQ_MAX + 1] = {
	[TCA_FQ_UNSPEC] = { .strict_start_type = TCA_FQ_TIMER_SLACK },
	[TCA_FQ_PLIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_FLOW_PLIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_QUANTUM] = { .type = UNL_NLA_U32 },
	/* at most 1 MB from Linux 6.12 (fq_clamps_quantum()) */
	[TCA_FQ_INITIAL_QUANTUM] = { .type = UNL_NLA_U32 },
	[TCA_FQ_RATE_ENABLE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_FLOW_DEFAULT_RATE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_FLOW_MAX_RATE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_BUCKETS_LOG] = { .type = UNL_NLA_U32 },
	[TCA_FQ_FLOW_REFILL_DELAY] = { .type = UNL_NLA_U32 },
	[TCA_FQ_ORPHAN_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FQ_LOW_RATE_THRESHOLD] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CE_THRESHOLD] = { .type = UNL_NLA_U32 },
	[TCA_FQ_TIMER_SLACK] = { .type = UNL_NLA_U32 },
	[TCA_FQ_HORIZON] = { .type = UNL_NLA_U32 },
	[TCA_FQ_HORIZON_DROP] = { .type = UNL_NLA_U8 },
	[RTNL_TCA_FQ_PRIOMAP] =
		UNL_NLA_POLICY_EXACT_LEN(sizeof(struct tc_prio_qopt)),
	[RTNL_TCA_FQ_WEIGHTS] =
		UNL_NLA_POLICY_EXACT_LEN(FQ_NBANDS * sizeof(int32_t)),
	[RTNL_TCA_FQ_OFFLOAD_HORIZON] = { .type = UNL_NLA_U32 },
};

/* The offload horizon came with Linux 6.13: an older profile's kernel
 * does not know the attribute. */
static bool fq_has_offload_horizon(const struct rtnl_qdisc *sch)
{
	return unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 613);
}

/* Debian's 6.12 (the recording tc-kinds.expected) clamps quantum into
 * 256 B..1 MB and refuses an initial quantum over 1 MB with ERANGE;
 * Debian's 6.1 (tc-kinds.6.1.expected) refuses a quantum of 0 or over
 * 1 MB with "invalid quantum" and takes any initial quantum. */
static bool fq_clamps_quantum(const struct rtnl_qdisc *sch)
{
	return unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 612);
}

/* the quantum of a change: 0 or -EINVAL, as the profile's release
 * checks it */
static int fq_set_quantum(struct rtnl_qdisc *sch, struct fq_sched *q,
			  uint32_t quantum, struct unl_ext_ack *extack)
{
	if (fq_clamps_quantum(sch)) {
		q->quantum = rtnl_clamp_u32(quantum, 256, 1 << 20);
		return 0;
	}
	if (quantum == 0 || quantum > 1 << 20) {
		UNL_SET_ERR_MSG(extack, "sch_fq: invalid quantum");
		return -EINVAL;
	}
	q->quantum = quantum;
	return 0;
}

/* fq_load_weights() */
static int fq_load_weights(struct fq_sched *q, const struct nlattr *attr,
			   struct unl_ext_ack *extack)
{
	int32_t w[FQ_NBANDS];

	memcpy(w, unl_nla_data(attr), sizeof(w));
	for (int i = 0; i < FQ_NBANDS; i++)
		if (w[i] < FQ_MIN_WEIGHT) {
			rtnl_tc_err_fmt(extack,
				   "sch_fq: Weight %d less that minimum allowed %d",
				   w[i], FQ_MIN_WEIGHT);
			return -EINVAL;
		}
	memcpy(q->weights, w, sizeof(w));
	return 0;
}

/* fq_load_priomap() */
static int fq_load_priomap(struct fq_sched *q, const struct nlattr *attr,
			   struct unl_ext_ack *extack)
{
	const struct tc_prio_qopt *map = unl_nla_data(attr);

	if (map->bands != FQ_NBANDS) {
		UNL_SET_ERR_MSG(extack, "sch_fq: FQ only supports 3 bands");
		return -EINVAL;
	}
	for (int i = 0; i <= TC_PRIO_MAX; i++)
		if (map->priomap[i] >= FQ_NBANDS) {
			rtnl_tc_err_fmt(extack,
				   "sch_fq: FQ priomap field %d maps to a too high band %d",
				   i, map->priomap[i]);
			return -EINVAL;
		}
	memcpy(q->prio2band, map->priomap, sizeof(q->prio2band));
	return 0;
}

static uint32_t get(const struct nlattr *a)
{
	return unl_nla_get_u32(a);
}

/* fq_change(): parsed without an extended ACK, as Linux does */
static int fq_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	struct fq_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[RTNL_TCA_FQ_MAX + 1];
	int maxtype = fq_has_offload_horizon(sch) ? RTNL_TCA_FQ_MAX
						  : RTNL_TCA_FQ_WEIGHTS;
	uint32_t fq_log;
	int err = unl_nla_parse_nested(tb, maxtype, opt, fq_policy,
				       UNL_VALIDATE_LIBERAL, NULL);

	if (err)
		return err;
	if (maxtype < RTNL_TCA_FQ_MAX)
		tb[RTNL_TCA_FQ_OFFLOAD_HORIZON] = NULL;
	/* the policy's range of the releases that have it */
	if (tb[TCA_FQ_INITIAL_QUANTUM] && fq_clamps_quantum(sch) &&
	    get(tb[TCA_FQ_INITIAL_QUANTUM]) > 1 << 20)
		return -ERANGE;
	fq_log = q->fq_trees_log;
	if (tb[TCA_FQ_BUCKETS_LOG]) {
		uint32_t nval = get(tb[TCA_FQ_BUCKETS_LOG]);

		if (nval >= 1 && nval <= 18) /* ilog2(256 * 1024) */
			fq_log = nval;
		else
			err = -EINVAL;
	}
	if (tb[TCA_FQ_PLIMIT])
		sch->limit = get(tb[TCA_FQ_PLIMIT]);
	if (tb[TCA_FQ_FLOW_PLIMIT])
		q->flow_plimit = get(tb[TCA_FQ_FLOW_PLIMIT]);
	if (tb[TCA_FQ_QUANTUM] &&
	    fq_set_quantum(sch, q, get(tb[TCA_FQ_QUANTUM]), extack))
		err = -EINVAL;
	if (tb[TCA_FQ_INITIAL_QUANTUM])
		q->initial_quantum = get(tb[TCA_FQ_INITIAL_QUANTUM]);
	/* TCA_FQ_FLOW_DEFAULT_RATE: ignored with a warning in the kernel's
	 * log, as Linux does */
	if (tb[TCA_FQ_FLOW_MAX_RATE]) {
		uint32_t rate = get(tb[TCA_FQ_FLOW_MAX_RATE]);

		q->flow_max_rate = rate == ~0u ? ~0ull : rate;
	}
	if (tb[TCA_FQ_LOW_RATE_THRESHOLD])
		q->low_rate_threshold = get(tb[TCA_FQ_LOW_RATE_THRESHOLD]);
	if (tb[TCA_FQ_RATE_ENABLE]) {
		uint32_t enable = get(tb[TCA_FQ_RATE_ENABLE]);

		if (enable <= 1)
			q->rate_enable = enable;
		else
			err = -EINVAL;
	}
	if (tb[TCA_FQ_FLOW_REFILL_DELAY])
		q->flow_refill_delay = rtnl_tc_usecs_to_jiffies(
			sch, get(tb[TCA_FQ_FLOW_REFILL_DELAY]));
	if (!err && tb[RTNL_TCA_FQ_PRIOMAP])
		err = fq_load_priomap(q, tb[RTNL_TCA_FQ_PRIOMAP], extack);
	if (!err && tb[RTNL_TCA_FQ_WEIGHTS])
		err = fq_load_weights(q, tb[RTNL_TCA_FQ_WEIGHTS], extack);
	if (tb[TCA_FQ_ORPHAN_MASK])
		q->orphan_mask = get(tb[TCA_FQ_ORPHAN_MASK]);
	if (tb[TCA_FQ_CE_THRESHOLD])
		q->ce_threshold = 1000ull * get(tb[TCA_FQ_CE_THRESHOLD]);
	if (tb[TCA_FQ_TIMER_SLACK])
		q->timer_slack = get(tb[TCA_FQ_TIMER_SLACK]);
	if (tb[TCA_FQ_HORIZON])
		q->horizon = 1000ull * get(tb[TCA_FQ_HORIZON]);
	if (tb[TCA_FQ_HORIZON_DROP])
		q->horizon_drop = unl_nla_get_u8(tb[TCA_FQ_HORIZON_DROP]);
	if (tb[RTNL_TCA_FQ_OFFLOAD_HORIZON]) {
		uint64_t h = 1000ull * get(tb[RTNL_TCA_FQ_OFFLOAD_HORIZON]);

		/* dev->max_pacing_offload_horizon: 0 on every device here */
		if (h == 0) {
			q->offload_horizon = h;
		} else {
			UNL_SET_ERR_MSG(extack, "sch_fq: invalid offload_horizon");
			err = -EINVAL;
		}
	}
	if (!err)
		q->fq_trees_log = fq_log; /* fq_resize() */
	return err;
}

/* fq_init(): 10000 packets, 100 a flow, quanta of two and ten MTUs,
 * 1024 buckets, pacing on, a 10 s horizon that drops */
static int fq_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		   struct unl_ext_ack *extack)
{
	struct fq_sched *q = rtnl_qdisc_priv(sch);
	uint32_t mtu = rtnl_clamp_u32(rtnl_psched_mtu(sch->dev), 1, 1 << 20);

	sch->limit = 10000;
	q->flow_plimit = 100;
	q->quantum = rtnl_clamp_u32(2 * mtu, 256, 1 << 20);
	q->initial_quantum = 10 * mtu < (1u << 20) ? 10 * mtu : 1u << 20;
	q->flow_refill_delay = rtnl_tc_usecs_to_jiffies(sch, 40 * 1000);
	q->flow_max_rate = ~0ull;
	q->rate_enable = 1;
	q->weights[0] = 9 << 16;
	q->weights[1] = 3 << 16;
	q->weights[2] = 1 << 16;
	q->fq_trees_log = 10;
	q->orphan_mask = 1024 - 1;
	q->low_rate_threshold = 550000 / 8;
	q->timer_slack = 10 * 1000;
	q->horizon = 10ull * 1000 * 1000 * 1000;
	q->horizon_drop = 1;
	q->ce_threshold = 1000ull * ~0u;
	memcpy(q->prio2band, fq_default_prio2band, sizeof(q->prio2band));
	return opt ? fq_change(sch, opt, extack) : 0;
}

static int fq_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct fq_sched *q = rtnl_qdisc_priv(sch);
	struct tc_prio_qopt prio = { .bands = FQ_NBANDS };
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	memcpy(prio.priomap, q->prio2band, sizeof(prio.priomap));
	if (!nest || unl_nla_put_u32(skb, TCA_FQ_PLIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_FQ_FLOW_PLIMIT, q->flow_plimit) ||
	    unl_nla_put_u32(skb, TCA_FQ_QUANTUM, q->quantum) ||
	    unl_nla_put_u32(skb, TCA_FQ_INITIAL_QUANTUM, q->initial_quantum) ||
	    unl_nla_put_u32(skb, TCA_FQ_RATE_ENABLE, q->rate_enable) ||
	    unl_nla_put_u32(skb, TCA_FQ_FLOW_MAX_RATE,
			    q->flow_max_rate > ~0u ? ~0u
						   : (uint32_t)q->flow_max_rate) ||
	    unl_nla_put_u32(skb, TCA_FQ_FLOW_REFILL_DELAY,
			    rtnl_tc_jiffies_to_usecs(sch, q->flow_refill_delay)) ||
	    unl_nla_put_u32(skb, TCA_FQ_ORPHAN_MASK, q->orphan_mask) ||
	    unl_nla_put_u32(skb, TCA_FQ_LOW_RATE_THRESHOLD,
			    q->low_rate_threshold) ||
	    unl_nla_put_u32(skb, TCA_FQ_CE_THRESHOLD,
			    (uint32_t)(q->ce_threshold / 1000)) ||
	    unl_nla_put_u32(skb, TCA_FQ_BUCKETS_LOG, q->fq_trees_log) ||
	    unl_nla_put_u32(skb, TCA_FQ_TIMER_SLACK, q->timer_slack) ||
	    unl_nla_put_u32(skb, TCA_FQ_HORIZON,
			    (uint32_t)(q->horizon / 1000)) ||
	    (fq_has_offload_horizon(sch) &&
	     unl_nla_put_u32(skb, RTNL_TCA_FQ_OFFLOAD_HORIZON,
			     (uint32_t)(q->offload_horizon / 1000))) ||
	    unl_nla_put_u8(skb, TCA_FQ_HORIZON_DROP, q->horizon_drop) ||
	    unl_nla_put(skb, RTNL_TCA_FQ_PRIOMAP, sizeof(prio), &prio) ||
	    unl_nla_put(skb, RTNL_TCA_FQ_WEIGHTS, sizeof(q->weights),
			q->weights))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* fq_dump_stats(): no flows; no delayed flow, whose time of ~0 plus the
 * slack, less now, Linux reports as it is */
static int fq_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct fq_sched *q = rtnl_qdisc_priv(sch);
	struct fq_qd_stats st;

	memset(&st, 0, sizeof(st));
	st.time_next_delayed_flow =
		(int64_t)(~0ull + q->timer_slack -
			  (uint64_t)unl_net_now(sch->dev->rn->net));
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_fq_qdisc_ops = {
	.id = "fq",
	.priv_size = sizeof(struct fq_sched),
	.init = fq_init,
	.change = fq_change,
	.dump = fq_dump,
	.xstats = fq_xstats,
};
