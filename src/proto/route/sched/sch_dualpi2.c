// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dualpi2 (net/sched/sch_dualpi2.c, Linux 6.17): RFC 9332's DualQ
 * Coupled AQM, a classic queue under PI2 and a low-latency one (L4S)
 * under a step threshold.  Options are optional at creation and each
 * change keeps what it does not name; times travel in microseconds and
 * are kept in nanoseconds, alpha and beta (in 1/256 Hz) are kept scaled
 * to the probability's range, so a dump gives back what the two
 * conversions leave.  The step threshold is in packets or in time,
 * never both.  The two queues are classes for filters only: none can
 * be listed, changed or grafted.  Checked against Linux's source only:
 * no kernel at hand has the module.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

/* The uapi of Linux 6.17, newer than the system's headers. */
enum {
	RTNL_TCA_DUALPI2_UNSPEC,
	RTNL_TCA_DUALPI2_LIMIT,
	RTNL_TCA_DUALPI2_MEMORY_LIMIT,
	RTNL_TCA_DUALPI2_TARGET,
	RTNL_TCA_DUALPI2_TUPDATE,
	RTNL_TCA_DUALPI2_ALPHA,
	RTNL_TCA_DUALPI2_BETA,
	RTNL_TCA_DUALPI2_STEP_THRESH_PKTS,
	RTNL_TCA_DUALPI2_STEP_THRESH_US,
	RTNL_TCA_DUALPI2_MIN_QLEN_STEP,
	RTNL_TCA_DUALPI2_COUPLING,
	RTNL_TCA_DUALPI2_DROP_OVERLOAD,
	RTNL_TCA_DUALPI2_DROP_EARLY,
	RTNL_TCA_DUALPI2_C_PROTECTION,
	RTNL_TCA_DUALPI2_ECN_MASK,
	RTNL_TCA_DUALPI2_SPLIT_GSO,
	RTNL_TCA_DUALPI2_PAD,
	RTNL_TCA_DUALPI2_MAX = RTNL_TCA_DUALPI2_PAD,
};

struct rtnl_tc_dualpi2_xstats {
	uint32_t prob, delay_c, delay_l, packets_in_c, packets_in_l, maxq;
	uint32_t ecn_mark, step_marks;
	int32_t credit;
	uint32_t memory_used, max_memory_used, memory_limit;
};

#define MAX_PROB UINT32_MAX
#define ALPHA_BETA_MAX ((1u << 31) - 1)
#define ALPHA_BETA_SCALING (8 - 6) /* 1/256 Hz in, units of 64 ns kept */
#define MAX_WC 100
#define ECN_MASK_L4S_ECT 1
#define ECN_MASK_ANY_ECT 3
#define NSEC_PER_USEC 1000u

struct dualpi2_sched {
	struct rtnl_qdisc *l_queue; /* a pfifo, never listed */
	uint64_t pi2_target;        /* ns */
	uint32_t pi2_tupdate;       /* ns */
	uint32_t pi2_alpha, pi2_beta;
	uint32_t step_thresh; /* packets or ns */
	bool step_in_packets;
	int32_t c_protection_init;
	uint8_t c_protection_wc;
	uint32_t memory_limit;
	uint8_t coupling_factor, ecn_mask;
	uint32_t min_qlen_step;
	bool drop_early, drop_overload, split_gso;
};

static const struct unl_nla_range dualpi2_alpha_beta_range = {
	.min = 1,
	.max = ALPHA_BETA_MAX,
};

static const struct unl_nla_policy dualpi2_policy[RTNL_TCA_DUALPI2_MAX + 1] = {
	[RTNL_TCA_DUALPI2_LIMIT] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[RTNL_TCA_DUALPI2_MEMORY_LIMIT] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[RTNL_TCA_DUALPI2_TARGET] = { .type = UNL_NLA_U32 },
	[RTNL_TCA_DUALPI2_TUPDATE] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[RTNL_TCA_DUALPI2_ALPHA] = {
		.type = UNL_NLA_U32,
		.validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
		.range = &dualpi2_alpha_beta_range,
	},
	[RTNL_TCA_DUALPI2_BETA] = {
		.type = UNL_NLA_U32,
		.validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
		.range = &dualpi2_alpha_beta_range,
	},
	[RTNL_TCA_DUALPI2_STEP_THRESH_PKTS] = { .type = UNL_NLA_U32 },
	[RTNL_TCA_DUALPI2_STEP_THRESH_US] = { .type = UNL_NLA_U32 },
	[RTNL_TCA_DUALPI2_MIN_QLEN_STEP] = { .type = UNL_NLA_U32 },
	[RTNL_TCA_DUALPI2_COUPLING] = UNL_NLA_POLICY_MIN(UNL_NLA_U8, 1),
	[RTNL_TCA_DUALPI2_DROP_OVERLOAD] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[RTNL_TCA_DUALPI2_DROP_EARLY] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[RTNL_TCA_DUALPI2_C_PROTECTION] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_U8, 0, MAX_WC),
	[RTNL_TCA_DUALPI2_ECN_MASK] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_U8, ECN_MASK_L4S_ECT,
				     ECN_MASK_ANY_ECT),
	[RTNL_TCA_DUALPI2_SPLIT_GSO] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};

static uint32_t dualpi2_scale_alpha_beta(uint32_t param)
{
	return (uint32_t)(((uint64_t)param * MAX_PROB >> ALPHA_BETA_SCALING) /
			  1000000000u);
}

static uint32_t dualpi2_unscale_alpha_beta(uint32_t param)
{
	return (uint32_t)(((uint64_t)param * 1000000000u
			   << ALPHA_BETA_SCALING) / MAX_PROB);
}

/* the limit's worth of MTU-sized packets, counted twice for overhead */
static uint32_t get_memory_limit(const struct rtnl_qdisc *sch, uint32_t limit)
{
	uint64_t m = (uint64_t)limit * 2 * rtnl_psched_mtu(sch->dev);

	return m >> 32 ? UINT32_MAX : (uint32_t)m;
}

static uint32_t us_to_ns(uint32_t us)
{
	uint64_t ns = (uint64_t)us * NSEC_PER_USEC;

	return ns >> 32 ? UINT32_MAX : (uint32_t)ns;
}

static uint32_t ns_to_us(uint64_t ns)
{
	ns /= NSEC_PER_USEC;
	return ns >> 32 ? UINT32_MAX : (uint32_t)ns;
}

/* dualpi2_calculate_c_protection(): the weights and the credit the
 * scheduler starts from */
static void dualpi2_c_protection(struct rtnl_qdisc *sch, uint32_t wc)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);

	q->c_protection_wc = (uint8_t)wc;
	q->c_protection_init = (int32_t)rtnl_psched_mtu(sch->dev) *
			       ((int)wc - (int)(MAX_WC - wc));
}

static uint8_t get_u8(const struct nlattr *a)
{
	return unl_nla_get_u8(a);
}

static int dualpi2_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			  struct unl_ext_ack *extack)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[RTNL_TCA_DUALPI2_MAX + 1];
	int err;

	if (!opt || !unl_nla_len(opt)) {
		UNL_SET_ERR_MSG(extack, "sch_dualpi2: Dualpi2 options are required");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, RTNL_TCA_DUALPI2_MAX, opt,
				   dualpi2_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (tb[RTNL_TCA_DUALPI2_STEP_THRESH_PKTS] &&
	    tb[RTNL_TCA_DUALPI2_STEP_THRESH_US]) {
		UNL_SET_ERR_MSG(extack, "sch_dualpi2: multiple step thresh attributes");
		return -EINVAL;
	}
	if (tb[RTNL_TCA_DUALPI2_LIMIT]) {
		sch->limit = unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_LIMIT]);
		q->memory_limit = get_memory_limit(sch, sch->limit);
	}
	if (tb[RTNL_TCA_DUALPI2_MEMORY_LIMIT])
		q->memory_limit = unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_MEMORY_LIMIT]);
	if (tb[RTNL_TCA_DUALPI2_TARGET])
		q->pi2_target = (uint64_t)unl_nla_get_u32(
					tb[RTNL_TCA_DUALPI2_TARGET]) *
				NSEC_PER_USEC;
	if (tb[RTNL_TCA_DUALPI2_TUPDATE])
		q->pi2_tupdate =
			us_to_ns(unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_TUPDATE]));
	if (tb[RTNL_TCA_DUALPI2_ALPHA])
		q->pi2_alpha = dualpi2_scale_alpha_beta(
			unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_ALPHA]));
	if (tb[RTNL_TCA_DUALPI2_BETA])
		q->pi2_beta = dualpi2_scale_alpha_beta(
			unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_BETA]));
	if (tb[RTNL_TCA_DUALPI2_STEP_THRESH_PKTS]) {
		q->step_in_packets = true;
		q->step_thresh =
			unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_STEP_THRESH_PKTS]);
	} else if (tb[RTNL_TCA_DUALPI2_STEP_THRESH_US]) {
		q->step_in_packets = false;
		q->step_thresh = us_to_ns(
			unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_STEP_THRESH_US]));
	}
	if (tb[RTNL_TCA_DUALPI2_MIN_QLEN_STEP])
		q->min_qlen_step =
			unl_nla_get_u32(tb[RTNL_TCA_DUALPI2_MIN_QLEN_STEP]);
	if (tb[RTNL_TCA_DUALPI2_COUPLING])
		q->coupling_factor = get_u8(tb[RTNL_TCA_DUALPI2_COUPLING]);
	if (tb[RTNL_TCA_DUALPI2_DROP_OVERLOAD])
		q->drop_overload = get_u8(tb[RTNL_TCA_DUALPI2_DROP_OVERLOAD]);
	if (tb[RTNL_TCA_DUALPI2_DROP_EARLY])
		q->drop_early = get_u8(tb[RTNL_TCA_DUALPI2_DROP_EARLY]);
	if (tb[RTNL_TCA_DUALPI2_C_PROTECTION])
		dualpi2_c_protection(sch,
				     get_u8(tb[RTNL_TCA_DUALPI2_C_PROTECTION]));
	if (tb[RTNL_TCA_DUALPI2_ECN_MASK])
		q->ecn_mask = get_u8(tb[RTNL_TCA_DUALPI2_ECN_MASK]);
	if (tb[RTNL_TCA_DUALPI2_SPLIT_GSO])
		q->split_gso = get_u8(tb[RTNL_TCA_DUALPI2_SPLIT_GSO]);
	return 0;
}

/* dualpi2_reset_default(): 10000 packets, 15 ms target updated every
 * 16 ms, alpha 0.16 Hz and beta 3.2 Hz, a 1 ms step, 10% for the
 * classic queue, coupling 2, drop on overload at dequeue, GSO split */
static void dualpi2_reset_default(struct rtnl_qdisc *sch)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);

	sch->limit = 10000;
	q->memory_limit = get_memory_limit(sch, sch->limit);
	q->pi2_target = 15 * 1000000ull;
	q->pi2_tupdate = 16 * 1000000u;
	q->pi2_alpha = dualpi2_scale_alpha_beta(41);
	q->pi2_beta = dualpi2_scale_alpha_beta(819);
	q->step_thresh = 1000000u;
	q->step_in_packets = false;
	dualpi2_c_protection(sch, 10);
	q->ecn_mask = ECN_MASK_L4S_ECT;
	q->min_qlen_step = 0;
	q->coupling_factor = 2;
	q->drop_overload = true;
	q->drop_early = false;
	q->split_gso = true;
}

static int dualpi2_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);

	q->l_queue = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					    TC_H_MAKE(sch->handle, 1),
					    sch->dev_queue);
	if (!q->l_queue)
		return -ENOMEM;
	dualpi2_reset_default(sch);
	if (opt && unl_nla_len(opt))
		return dualpi2_change(sch, opt, extack);
	return 0;
}

static void dualpi2_destroy(struct rtnl_qdisc *sch)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->l_queue);
	q->l_queue = NULL;
}

/* dualpi2_dump(): the step threshold as it was given, in packets or in
 * microseconds */
static int dualpi2_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest || unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_MEMORY_LIMIT,
			    q->memory_limit) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_TARGET,
			    ns_to_us(q->pi2_target)) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_TUPDATE,
			    ns_to_us(q->pi2_tupdate)) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_ALPHA,
			    dualpi2_unscale_alpha_beta(q->pi2_alpha)) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_BETA,
			    dualpi2_unscale_alpha_beta(q->pi2_beta)) ||
	    (q->step_in_packets
		     ? unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_STEP_THRESH_PKTS,
				       q->step_thresh)
		     : unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_STEP_THRESH_US,
				       ns_to_us(q->step_thresh))) ||
	    unl_nla_put_u32(skb, RTNL_TCA_DUALPI2_MIN_QLEN_STEP,
			    q->min_qlen_step) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_COUPLING, q->coupling_factor) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_DROP_OVERLOAD,
			   q->drop_overload) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_DROP_EARLY, q->drop_early) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_C_PROTECTION,
			   q->c_protection_wc) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_ECN_MASK, q->ecn_mask) ||
	    unl_nla_put_u8(skb, RTNL_TCA_DUALPI2_SPLIT_GSO, q->split_gso))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* idle: probability 0 (the PI2 update only lowers it), no delay, the
 * credit where it starts, nothing in memory */
static int dualpi2_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct dualpi2_sched *q = rtnl_qdisc_priv(sch);
	struct rtnl_tc_dualpi2_xstats st = {
		.credit = q->c_protection_init,
		.memory_limit = q->memory_limit,
	};

	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

/* the queues are classes for filters only */
static unsigned long dualpi2_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 0;
}

static struct rtnl_qdisc *dualpi2_leaf(struct rtnl_qdisc *sch,
				       unsigned long cl)
{
	(void)sch;
	(void)cl;
	return NULL;
}

static int dualpi2_walk(struct rtnl_qdisc *sch, long skip, long *count,
			int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			void *arg)
{
	for (unsigned long cl = 1; cl <= 2; cl++)
		if (rtnl_qdisc_walk_one(sch, cl, skip, count, fn, arg))
			return -1;
	return 0;
}

static const struct rtnl_qdisc_class_ops dualpi2_class_ops = {
	.find = dualpi2_find,
	.leaf = dualpi2_leaf,
	.walk = dualpi2_walk,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
};

const struct rtnl_qdisc_ops rtnl_dualpi2_qdisc_ops = {
	.id = "dualpi2",
	.priv_size = sizeof(struct dualpi2_sched),
	.cl_ops = &dualpi2_class_ops,
	.init = dualpi2_init,
	.change = dualpi2_change,
	.destroy = dualpi2_destroy,
	.dump = dualpi2_dump,
	.xstats = dualpi2_xstats,
};
