// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cake (net/sched/sch_cake.c): Common Applications Kept Enhanced.  Its
 * options are kept as given (a change keeps what it does not name);
 * from them the tins are configured as cake_reconfigure() does (each
 * tin's rate, CoDel target and interval and flow quantum, the memory
 * limit), which is what its statistics show: TCA_STATS_APP is a nest
 * of its own, without the TCA_XSTATS copy.  Its classes are the flows
 * that hold packets: none here.  NAT flow hashing needs conntrack,
 * which the profile's kernels have.  The smallest packet lengths seen
 * start at ~0 of a u16: 65535.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

#define CAKE_MAX_TINS 8
#define CAKE_FLOW_MASK 63
#define CAKE_FLOW_NAT_FLAG 64

enum {
	CAKE_FLAG_OVERHEAD = 1 << 0,
	CAKE_FLAG_AUTORATE_INGRESS = 1 << 1,
	CAKE_FLAG_INGRESS = 1 << 2,
	CAKE_FLAG_WASH = 1 << 3,
	CAKE_FLAG_SPLIT_GSO = 1 << 4,
};

/* the parts of struct cake_tin_data its statistics show */
struct cake_tin {
	uint64_t tin_rate_bps;
	uint64_t tin_rate_ns;
	uint8_t tin_rate_shft;
	uint16_t flow_quantum;
	uint64_t target, interval; /* ns */
};

struct cake_sched {
	uint64_t rate_bps, avg_peak_bandwidth;
	uint32_t tin_mode, atm_mode, ack_filter;
	int32_t rate_overhead;
	uint32_t rate_mpu, interval, target; /* us */
	uint32_t buffer_config_limit, buffer_limit;
	uint32_t fwmark_mask;
	uint16_t rate_flags;
	uint8_t flow_mode;
	bool tins_made;
	uint8_t tin_cnt;
	const uint8_t *tin_order;
	struct cake_tin tins[CAKE_MAX_TINS];
};

static const uint8_t normal_order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const uint8_t bulk_order[] = { 1, 0, 2, 3 };

static const struct unl_nla_policy cake_policy[TCA_CAKE_MAX + 1] = {
	[TCA_CAKE_BASE_RATE64] = { .type = UNL_NLA_U64 },
	[TCA_CAKE_DIFFSERV_MODE] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_ATM] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_FLOW_MODE] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_OVERHEAD] = { .type = UNL_NLA_S32 },
	[TCA_CAKE_RTT] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_TARGET] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_AUTORATE] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_MEMORY] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_NAT] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_RAW] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_WASH] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_MPU] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_INGRESS] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_ACK_FILTER] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_SPLIT_GSO] = { .type = UNL_NLA_U32 },
	[TCA_CAKE_FWMARK] = { .type = UNL_NLA_U32 },
};

/* cake_set_rate(): time per byte of the rate, and CoDel's parameters
 * stretched to a packet of the MTU at that rate */
static void cake_set_rate(struct cake_tin *b, uint64_t rate, uint32_t mtu,
			  uint64_t target_ns, uint64_t rtt_est_ns)
{
	uint64_t rate_ns = 0, byte_target_ns, t;
	uint8_t rate_shft = 0;

	b->flow_quantum = 1514;
	if (rate) {
		uint64_t q = rate >> 12;

		b->flow_quantum = (uint16_t)(q > 1514 ? 1514 : q < 300 ? 300 : q);
		rate_shft = 34;
		rate_ns = (1000000000ull << rate_shft) / (rate > 64 ? rate : 64);
		while (rate_ns >> 34) {
			rate_ns >>= 1;
			rate_shft--;
		}
	}
	b->tin_rate_bps = rate;
	b->tin_rate_ns = rate_ns;
	b->tin_rate_shft = rate_shft;
	byte_target_ns = ((uint64_t)mtu * rate_ns) >> rate_shft;
	t = byte_target_ns * 3 / 2;
	b->target = t > target_ns ? t : target_ns;
	t = rtt_est_ns + b->target - target_ns;
	b->interval = t > b->target * 2 ? t : b->target * 2;
}

/* the tins of each diffserv mode: their count, order and rates */
static void cake_config_tins(struct rtnl_qdisc *sch)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	uint32_t mtu = rtnl_psched_mtu(sch->dev);
	uint64_t rate = q->rate_bps;
	uint64_t tgt = q->target * 1000ull, rtt = q->interval * 1000ull;

	switch (q->tin_mode) {
	case CAKE_DIFFSERV_BESTEFFORT:
		q->tin_cnt = 1;
		q->tin_order = normal_order;
		cake_set_rate(&q->tins[0], rate, mtu, tgt, rtt);
		break;
	case CAKE_DIFFSERV_PRECEDENCE:
	case CAKE_DIFFSERV_DIFFSERV8:
		q->tin_cnt = 8;
		q->tin_order = normal_order;
		for (int i = 0; i < 8; i++) {
			cake_set_rate(&q->tins[i], rate, mtu, tgt, rtt);
			rate = (rate * 7) >> 3;
		}
		break;
	case CAKE_DIFFSERV_DIFFSERV4:
		q->tin_cnt = 4;
		q->tin_order = bulk_order;
		cake_set_rate(&q->tins[0], rate, mtu, tgt, rtt);
		cake_set_rate(&q->tins[1], rate >> 4, mtu, tgt, rtt);
		cake_set_rate(&q->tins[2], rate >> 1, mtu, tgt, rtt);
		cake_set_rate(&q->tins[3], rate >> 2, mtu, tgt, rtt);
		break;
	case CAKE_DIFFSERV_DIFFSERV3:
	default:
		q->tin_cnt = 3;
		q->tin_order = bulk_order;
		cake_set_rate(&q->tins[0], rate, mtu, tgt, rtt);
		cake_set_rate(&q->tins[1], rate >> 4, mtu, tgt, rtt);
		cake_set_rate(&q->tins[2], rate >> 2, mtu, tgt, rtt);
		break;
	}
}

/* cake_reconfigure(): the tins, then the memory limit */
static void cake_reconfigure(struct rtnl_qdisc *sch)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	uint32_t by_limit;

	cake_config_tins(sch);
	if (q->buffer_config_limit) {
		q->buffer_limit = q->buffer_config_limit;
	} else if (q->rate_bps) {
		uint64_t t = q->rate_bps * q->interval / (1000000 / 4);

		q->buffer_limit = (uint32_t)t > (4u << 20) ? (uint32_t)t
							   : 4u << 20;
	} else {
		q->buffer_limit = ~0u;
	}
	by_limit = sch->limit * rtnl_psched_mtu(sch->dev);
	if (by_limit < q->buffer_config_limit)
		by_limit = q->buffer_config_limit;
	if (q->buffer_limit > by_limit)
		q->buffer_limit = by_limit;
}

static uint32_t get(const struct nlattr *a)
{
	return unl_nla_get_u32(a);
}

static void cake_flag(uint16_t *flags, uint16_t flag, const struct nlattr *a)
{
	if (!a)
		return;
	if (get(a))
		*flags |= flag;
	else
		*flags &= (uint16_t)~flag;
}

static int cake_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_CAKE_MAX + 1];
	uint16_t rate_flags;
	uint8_t flow_mode;
	int err = unl_nla_parse_nested(tb, TCA_CAKE_MAX, opt, cake_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	flow_mode = q->flow_mode;
	if (tb[TCA_CAKE_NAT]) {
		flow_mode &= (uint8_t)~CAKE_FLOW_NAT_FLAG;
		if (get(tb[TCA_CAKE_NAT]))
			flow_mode |= CAKE_FLOW_NAT_FLAG;
	}
	if (tb[TCA_CAKE_BASE_RATE64])
		q->rate_bps = unl_nla_get_u64(tb[TCA_CAKE_BASE_RATE64]);
	if (tb[TCA_CAKE_DIFFSERV_MODE])
		q->tin_mode = get(tb[TCA_CAKE_DIFFSERV_MODE]);
	rate_flags = q->rate_flags;
	cake_flag(&rate_flags, CAKE_FLAG_WASH, tb[TCA_CAKE_WASH]);
	if (tb[TCA_CAKE_FLOW_MODE])
		flow_mode = (uint8_t)((flow_mode & CAKE_FLOW_NAT_FLAG) |
				      (get(tb[TCA_CAKE_FLOW_MODE]) &
				       CAKE_FLOW_MASK));
	if (tb[TCA_CAKE_ATM])
		q->atm_mode = get(tb[TCA_CAKE_ATM]);
	if (tb[TCA_CAKE_OVERHEAD]) {
		q->rate_overhead = (int32_t)get(tb[TCA_CAKE_OVERHEAD]);
		rate_flags |= CAKE_FLAG_OVERHEAD;
	}
	if (tb[TCA_CAKE_RAW])
		rate_flags &= (uint16_t)~CAKE_FLAG_OVERHEAD;
	if (tb[TCA_CAKE_MPU])
		q->rate_mpu = get(tb[TCA_CAKE_MPU]);
	if (tb[TCA_CAKE_RTT]) {
		uint32_t v = get(tb[TCA_CAKE_RTT]);

		q->interval = v ? v : 1;
	}
	if (tb[TCA_CAKE_TARGET]) {
		uint32_t v = get(tb[TCA_CAKE_TARGET]);

		q->target = v ? v : 1;
	}
	cake_flag(&rate_flags, CAKE_FLAG_AUTORATE_INGRESS,
		  tb[TCA_CAKE_AUTORATE]);
	cake_flag(&rate_flags, CAKE_FLAG_INGRESS, tb[TCA_CAKE_INGRESS]);
	if (tb[TCA_CAKE_ACK_FILTER])
		q->ack_filter = get(tb[TCA_CAKE_ACK_FILTER]);
	if (tb[TCA_CAKE_MEMORY])
		q->buffer_config_limit = get(tb[TCA_CAKE_MEMORY]);
	cake_flag(&rate_flags, CAKE_FLAG_SPLIT_GSO, tb[TCA_CAKE_SPLIT_GSO]);
	if (tb[TCA_CAKE_FWMARK])
		q->fwmark_mask = get(tb[TCA_CAKE_FWMARK]);
	q->rate_flags = rate_flags;
	q->flow_mode = flow_mode;
	if (q->tins_made)
		cake_reconfigure(sch);
	return 0;
}

/* cake_init(): 10240 packets, diffserv3, triple-isolate, unlimited,
 * 100 ms and 5 ms, GSO split */
static int cake_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	int err;

	sch->limit = 10240;
	q->tin_mode = CAKE_DIFFSERV_DIFFSERV3;
	q->flow_mode = CAKE_FLOW_TRIPLE;
	q->interval = 100000;
	q->target = 5000;
	q->rate_flags |= CAKE_FLAG_SPLIT_GSO;
	if (opt) {
		err = cake_change(sch, opt, extack);
		if (err)
			return err;
	}
	q->tins_made = true;
	cake_reconfigure(sch);
	q->avg_peak_bandwidth = q->rate_bps;
	return 0;
}

static int cake_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);
	const struct {
		int type;
		uint32_t v;
	} u32s[] = {
		{ TCA_CAKE_FLOW_MODE, q->flow_mode & CAKE_FLOW_MASK },
		{ TCA_CAKE_RTT, q->interval },
		{ TCA_CAKE_TARGET, q->target },
		{ TCA_CAKE_MEMORY, q->buffer_config_limit },
		{ TCA_CAKE_AUTORATE,
		  !!(q->rate_flags & CAKE_FLAG_AUTORATE_INGRESS) },
		{ TCA_CAKE_INGRESS, !!(q->rate_flags & CAKE_FLAG_INGRESS) },
		{ TCA_CAKE_ACK_FILTER, q->ack_filter },
		{ TCA_CAKE_NAT, !!(q->flow_mode & CAKE_FLOW_NAT_FLAG) },
		{ TCA_CAKE_DIFFSERV_MODE, q->tin_mode },
		{ TCA_CAKE_WASH, !!(q->rate_flags & CAKE_FLAG_WASH) },
		{ TCA_CAKE_OVERHEAD, (uint32_t)q->rate_overhead },
	};

	if (!nest || unl_nla_put_u64(skb, TCA_CAKE_BASE_RATE64, q->rate_bps,
				     TCA_CAKE_PAD))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (unl_nla_put_u32(skb, u32s[i].type, u32s[i].v))
			return -EMSGSIZE;
	if (!(q->rate_flags & CAKE_FLAG_OVERHEAD) &&
	    unl_nla_put_u32(skb, TCA_CAKE_RAW, 0))
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, TCA_CAKE_ATM, q->atm_mode) ||
	    unl_nla_put_u32(skb, TCA_CAKE_MPU, q->rate_mpu) ||
	    unl_nla_put_u32(skb, TCA_CAKE_SPLIT_GSO,
			    !!(q->rate_flags & CAKE_FLAG_SPLIT_GSO)) ||
	    unl_nla_put_u32(skb, TCA_CAKE_FWMARK, q->fwmark_mask))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* one tin's statistics: its configuration, nothing seen */
static int cake_dump_tin(struct unl_skb *skb, int idx, const struct cake_tin *b)
{
	struct nlattr *ts = rtnl_nest_start(skb, idx);
	const struct {
		int type;
		uint32_t v;
	} u32s[] = {
		{ TCA_CAKE_TIN_STATS_BACKLOG_BYTES, 0 },
		{ TCA_CAKE_TIN_STATS_TARGET_US, (uint32_t)(b->target / 1000) },
		{ TCA_CAKE_TIN_STATS_INTERVAL_US,
		  (uint32_t)(b->interval / 1000) },
		{ TCA_CAKE_TIN_STATS_SENT_PACKETS, 0 },
		{ TCA_CAKE_TIN_STATS_DROPPED_PACKETS, 0 },
		{ TCA_CAKE_TIN_STATS_ECN_MARKED_PACKETS, 0 },
		{ TCA_CAKE_TIN_STATS_ACKS_DROPPED_PACKETS, 0 },
		{ TCA_CAKE_TIN_STATS_PEAK_DELAY_US, 0 },
		{ TCA_CAKE_TIN_STATS_AVG_DELAY_US, 0 },
		{ TCA_CAKE_TIN_STATS_BASE_DELAY_US, 0 },
		{ TCA_CAKE_TIN_STATS_WAY_INDIRECT_HITS, 0 },
		{ TCA_CAKE_TIN_STATS_WAY_MISSES, 0 },
		{ TCA_CAKE_TIN_STATS_WAY_COLLISIONS, 0 },
		{ TCA_CAKE_TIN_STATS_SPARSE_FLOWS, 0 },
		{ TCA_CAKE_TIN_STATS_BULK_FLOWS, 0 },
		{ TCA_CAKE_TIN_STATS_UNRESPONSIVE_FLOWS, 0 },
		{ TCA_CAKE_TIN_STATS_MAX_SKBLEN, 0 },
		{ TCA_CAKE_TIN_STATS_FLOW_QUANTUM, b->flow_quantum },
	};

	if (!ts ||
	    unl_nla_put_u64(skb, TCA_CAKE_TIN_STATS_THRESHOLD_RATE64,
			    b->tin_rate_bps, TCA_CAKE_TIN_STATS_PAD) ||
	    unl_nla_put_u64(skb, TCA_CAKE_TIN_STATS_SENT_BYTES64, 0,
			    TCA_CAKE_TIN_STATS_PAD))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (unl_nla_put_u32(skb, u32s[i].type, u32s[i].v))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, ts);
	return 0;
}

/* cake_dump_stats() */
static int cake_dump_stats(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct cake_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *stats = rtnl_nest_start(skb, TCA_STATS_APP);
	struct nlattr *tstats;

	if (!stats ||
	    unl_nla_put_u64(skb, TCA_CAKE_STATS_CAPACITY_ESTIMATE64,
			    q->avg_peak_bandwidth, TCA_CAKE_STATS_PAD) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MEMORY_LIMIT,
			    q->buffer_limit) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MEMORY_USED, 0) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_AVG_NETOFF, 0) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MAX_NETLEN, 0) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MAX_ADJLEN, 0) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MIN_NETLEN, 0xffff) ||
	    unl_nla_put_u32(skb, TCA_CAKE_STATS_MIN_ADJLEN, 0xffff))
		return -EMSGSIZE;
	tstats = rtnl_nest_start(skb, TCA_CAKE_STATS_TIN_STATS);
	if (!tstats)
		return -EMSGSIZE;
	for (int i = 0; i < q->tin_cnt; i++)
		if (cake_dump_tin(skb, i + 1, &q->tins[q->tin_order[i]]))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, tstats);
	unl_nla_nest_end(skb, stats);
	return 0;
}

static unsigned long cake_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 0;
}

static struct rtnl_qdisc *cake_leaf(struct rtnl_qdisc *sch, unsigned long cl)
{
	(void)sch;
	(void)cl;
	return NULL;
}

/* cake_walk(): only flows with packets are listed */
static int cake_walk(struct rtnl_qdisc *sch, long skip, long *count,
		     int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		     void *arg)
{
	(void)sch;
	(void)skip;
	(void)count;
	(void)fn;
	(void)arg;
	return 0;
}

static const struct rtnl_qdisc_class_ops cake_class_ops = {
	.leaf = cake_leaf,
	.find = cake_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.walk = cake_walk,
};

const struct rtnl_qdisc_ops rtnl_cake_qdisc_ops = {
	.id = "cake",
	.priv_size = sizeof(struct cake_sched),
	.cl_ops = &cake_class_ops,
	.init = cake_init,
	.change = cake_change,
	.dump = cake_dump,
	.dump_stats_nest = cake_dump_stats,
};
