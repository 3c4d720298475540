// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fq_codel (net/sched/sch_fq_codel.c): flows hashed to buckets, each
 * under CoDel.  Times are kept as CoDel keeps them (nanoseconds shifted
 * right by CODEL_SHIFT), so what comes back in microseconds is what
 * that rounding leaves (5000 us is dumped as 4999).  Its classes are
 * the flows with packets: none here.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

#define CODEL_SHIFT 10
#define CODEL_DISABLED_THRESHOLD 0x7fffffffu /* INT_MAX */
#ifndef FQ_CODEL_QUANTUM_MAX
#define FQ_CODEL_QUANTUM_MAX (1u << 20)
#endif

struct fq_codel_sched {
	uint32_t flows_cnt;
	bool flows; /* the flow table exists: its size is fixed */
	uint32_t quantum;
	uint32_t drop_batch_size;
	uint32_t memory_limit;
	uint32_t target, interval, ce_threshold; /* codel_time_t */
	uint8_t ce_threshold_selector, ce_threshold_mask;
	bool ecn;
};

static uint32_t us_to_codel(uint64_t us)
{
	return (uint32_t)((us * 1000) >> CODEL_SHIFT);
}

/* codel_time_to_us() */
static uint32_t codel_to_us(uint32_t t)
{
	return (uint32_t)(((uint64_t)t << CODEL_SHIFT) / 1000);
}

static const struct unl_nla_policy fq_codel_policy[TCA_FQ_CODEL_MAX + 1] = {
	[TCA_FQ_CODEL_TARGET] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_INTERVAL] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_ECN] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_FLOWS] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_QUANTUM] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_CE_THRESHOLD] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_DROP_BATCH_SIZE] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_MEMORY_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR] = { .type = UNL_NLA_U8 },
	[TCA_FQ_CODEL_CE_THRESHOLD_MASK] = { .type = UNL_NLA_U8 },
};

static uint32_t get(const struct nlattr *a)
{
	return unl_nla_get_u32(a);
}

/* fq_codel_change() */
static int fq_codel_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			   struct unl_ext_ack *extack)
{
	struct fq_codel_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_FQ_CODEL_MAX + 1];
	uint32_t quantum = 0;
	int err = unl_nla_parse_nested(tb, TCA_FQ_CODEL_MAX, opt,
				       fq_codel_policy, UNL_VALIDATE_LIBERAL,
				       NULL);

	if (err)
		return err;
	if (tb[TCA_FQ_CODEL_FLOWS]) {
		if (q->flows)
			return -EINVAL;
		q->flows_cnt = get(tb[TCA_FQ_CODEL_FLOWS]);
		if (!q->flows_cnt || q->flows_cnt > 65536)
			return -EINVAL;
	}
	if (tb[TCA_FQ_CODEL_QUANTUM]) {
		quantum = get(tb[TCA_FQ_CODEL_QUANTUM]);
		if (quantum < 256)
			quantum = 256;
		if (quantum > FQ_CODEL_QUANTUM_MAX) {
			UNL_SET_ERR_MSG(extack, "Invalid quantum");
			return -EINVAL;
		}
	}
	if (tb[TCA_FQ_CODEL_TARGET])
		q->target = us_to_codel(get(tb[TCA_FQ_CODEL_TARGET]));
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD])
		q->ce_threshold =
			us_to_codel(get(tb[TCA_FQ_CODEL_CE_THRESHOLD]));
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR])
		q->ce_threshold_selector =
			unl_nla_get_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR]);
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK])
		q->ce_threshold_mask =
			unl_nla_get_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK]);
	if (tb[TCA_FQ_CODEL_INTERVAL])
		q->interval = us_to_codel(get(tb[TCA_FQ_CODEL_INTERVAL]));
	if (tb[TCA_FQ_CODEL_LIMIT])
		sch->limit = get(tb[TCA_FQ_CODEL_LIMIT]);
	if (tb[TCA_FQ_CODEL_ECN])
		q->ecn = get(tb[TCA_FQ_CODEL_ECN]) != 0;
	if (quantum)
		q->quantum = quantum;
	if (tb[TCA_FQ_CODEL_DROP_BATCH_SIZE]) {
		uint32_t v = get(tb[TCA_FQ_CODEL_DROP_BATCH_SIZE]);

		q->drop_batch_size = v < 1 ? 1 : v;
	}
	if (tb[TCA_FQ_CODEL_MEMORY_LIMIT]) {
		uint32_t v = get(tb[TCA_FQ_CODEL_MEMORY_LIMIT]);

		q->memory_limit = v > (1u << 31) ? 1u << 31 : v;
	}
	return 0;
}

/* fq_codel_init(): 10240 packets, 1024 flows, 32 MiB, a quantum of the
 * device's MTU and header, CoDel's 5 ms and 100 ms, ECN */
static int fq_codel_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
			 struct unl_ext_ack *extack)
{
	struct fq_codel_sched *q = rtnl_qdisc_priv(sch);
	uint32_t mtu = rtnl_psched_mtu(sch->dev);
	int err;

	if (mtu < 256)
		mtu = 256;
	if (mtu > FQ_CODEL_QUANTUM_MAX)
		mtu = FQ_CODEL_QUANTUM_MAX;
	sch->limit = 10 * 1024;
	q->flows_cnt = 1024;
	q->memory_limit = 32 << 20;
	q->drop_batch_size = 64;
	q->quantum = mtu;
	q->target = us_to_codel(5000);
	q->interval = us_to_codel(100000);
	q->ce_threshold = CODEL_DISABLED_THRESHOLD;
	q->ecn = true;
	if (opt) {
		err = fq_codel_change(sch, opt, extack);
		if (err) {
			q->flows_cnt = 0;
			return err;
		}
	}
	q->flows = true;
	return 0;
}

static int fq_codel_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct fq_codel_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_TARGET, codel_to_us(q->target)) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_LIMIT, sch->limit) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_INTERVAL,
			    codel_to_us(q->interval)) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_ECN, q->ecn) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_QUANTUM, q->quantum) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_DROP_BATCH_SIZE,
			    q->drop_batch_size) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_MEMORY_LIMIT, q->memory_limit) ||
	    unl_nla_put_u32(skb, TCA_FQ_CODEL_FLOWS, q->flows_cnt))
		return -EMSGSIZE;
	if (q->ce_threshold != CODEL_DISABLED_THRESHOLD &&
	    (unl_nla_put_u32(skb, TCA_FQ_CODEL_CE_THRESHOLD,
			     codel_to_us(q->ce_threshold)) ||
	     unl_nla_put_u8(skb, TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR,
			    q->ce_threshold_selector) ||
	     unl_nla_put_u8(skb, TCA_FQ_CODEL_CE_THRESHOLD_MASK,
			    q->ce_threshold_mask)))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* fq_codel_dump_stats(): the qdisc's counters, all zero */
static int fq_codel_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_fq_codel_xstats st;

	(void)sch;
	memset(&st, 0, sizeof(st));
	st.type = TCA_FQ_CODEL_XSTATS_QDISC;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

static unsigned long fq_codel_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 0;
}

static struct rtnl_qdisc *fq_codel_leaf(struct rtnl_qdisc *sch,
					unsigned long cl)
{
	(void)sch;
	(void)cl;
	return NULL;
}

/* the flows that hold packets: none */
static int fq_codel_walk(struct rtnl_qdisc *sch, long skip, long *count,
			 int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			 void *arg)
{
	struct fq_codel_sched *q = rtnl_qdisc_priv(sch);

	(void)skip;
	(void)fn;
	(void)arg;
	*count += q->flows_cnt;
	return 0;
}

static const struct rtnl_qdisc_class_ops fq_codel_class_ops = {
	.find = fq_codel_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.leaf = fq_codel_leaf,
	.walk = fq_codel_walk,
};

const struct rtnl_qdisc_ops rtnl_fq_codel_qdisc_ops = {
	.id = "fq_codel",
	.priv_size = sizeof(struct fq_codel_sched),
	.cl_ops = &fq_codel_class_ops,
	.init = fq_codel_init,
	.change = fq_codel_change,
	.dump = fq_codel_dump,
	.xstats = fq_codel_xstats,
};
