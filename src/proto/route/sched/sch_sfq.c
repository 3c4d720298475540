// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sfq (net/sched/sch_sfq.c): stochastic fairness queueing, flows hashed
 * into divisor buckets, at most depth packets each.  Its options are
 * one struct (tc_sfq_qopt, or tc_sfq_qopt_v1 with depth, head drop and
 * RED), dumped back as tc_sfq_qopt_v1 with the values sfq_change()
 * settled on, given only when the qdisc is made (no change op).  RED
 * on the flows (qth_min) is not modelled: refused.
 * Its classes are the flows that hold packets: none here.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

#define SFQ_MAX_DEPTH 127
#define SFQ_DEFAULT_FLOWS 128
#define SFQ_MAX_FLOWS (0x10000 - SFQ_MAX_DEPTH - 1)
#define SFQ_DEFAULT_HASH_DIVISOR 1024

struct sfq_sched {
	uint32_t limit, divisor, maxflows, maxdepth, quantum;
	int perturb_period; /* jiffies */
	unsigned int headdrop;
	uint8_t flags;
};

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static unsigned int net_hz(const struct rtnl_qdisc *sch)
{
	return sch->dev->rn->hz ? sch->dev->rn->hz : 250;
}

/* sfq_change(): validated first, then committed at once */
static int sfq_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct sfq_sched *q = rtnl_qdisc_priv(sch);
	const struct tc_sfq_qopt_v1 *ctl_v1 = NULL;
	const struct tc_sfq_qopt *ctl;
	uint32_t limit, divisor, maxdepth, maxflows, quantum;
	unsigned int headdrop, hz = net_hz(sch);
	uint8_t flags;

	if (opt->nla_len < NLA_HDRLEN + sizeof(*ctl))
		return -EINVAL;
	ctl = unl_nla_data(opt);
	if (opt->nla_len >= NLA_HDRLEN + sizeof(*ctl_v1))
		ctl_v1 = unl_nla_data(opt);
	if (ctl->divisor &&
	    ((ctl->divisor & (ctl->divisor - 1)) || ctl->divisor > 65536))
		return -EINVAL;
	if ((int)ctl->quantum < 0) {
		UNL_SET_ERR_MSG(extack, "sch_sfq: invalid quantum");
		return -EINVAL;
	}
	if (ctl->perturb_period < 0 ||
	    ctl->perturb_period > (int)(0x7fffffff / hz)) {
		UNL_SET_ERR_MSG(extack, "sch_sfq: invalid perturb period");
		return -EINVAL;
	}
	if (ctl_v1 && ctl_v1->qth_min) {
		UNL_SET_ERR_MSG(extack, "unetlink: sfq's RED is not modelled");
		return -EOPNOTSUPP;
	}
	limit = q->limit;
	divisor = q->divisor;
	headdrop = q->headdrop;
	maxdepth = q->maxdepth;
	maxflows = q->maxflows;
	quantum = q->quantum;
	flags = q->flags;
	if (ctl->quantum)
		quantum = ctl->quantum;
	if (ctl->flows)
		maxflows = min_u32(ctl->flows, SFQ_MAX_FLOWS);
	if (ctl->divisor) {
		divisor = ctl->divisor;
		maxflows = min_u32(maxflows, divisor);
	}
	if (ctl_v1) {
		if (ctl_v1->depth)
			maxdepth = min_u32(ctl_v1->depth, SFQ_MAX_DEPTH);
		flags = ctl_v1->flags;
		headdrop = ctl_v1->headdrop;
	}
	if (ctl->limit) {
		limit = min_u32(ctl->limit, maxdepth * maxflows);
		maxflows = min_u32(maxflows, limit);
	}
	if (limit == 1) {
		UNL_SET_ERR_MSG(extack, "sch_sfq: invalid limit");
		return -EINVAL;
	}
	q->limit = limit;
	q->divisor = divisor;
	q->headdrop = headdrop;
	q->maxdepth = maxdepth;
	q->maxflows = maxflows;
	q->perturb_period = ctl->perturb_period * (int)hz;
	q->quantum = quantum;
	q->flags = flags;
	return 0;
}

/* sfq_init(): 127 packets, 1024 buckets, 128 flows, a quantum of the
 * device's MTU and header, no perturbation */
static int sfq_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct sfq_sched *q = rtnl_qdisc_priv(sch);

	q->limit = SFQ_MAX_DEPTH;
	q->maxdepth = SFQ_MAX_DEPTH;
	q->divisor = SFQ_DEFAULT_HASH_DIVISOR;
	q->maxflows = SFQ_DEFAULT_FLOWS;
	q->quantum = rtnl_psched_mtu(sch->dev);
	q->perturb_period = 0;
	return opt ? sfq_change(sch, opt, extack) : 0;
}

/* sfq_dump(): a struct tc_sfq_qopt_v1, not a nest */
static int sfq_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct sfq_sched *q = rtnl_qdisc_priv(sch);
	struct tc_sfq_qopt_v1 opt;

	memset(&opt, 0, sizeof(opt));
	opt.v0.quantum = q->quantum;
	opt.v0.perturb_period = q->perturb_period / (int)net_hz(sch);
	opt.v0.limit = q->limit;
	opt.v0.divisor = q->divisor;
	opt.v0.flows = q->maxflows;
	opt.depth = q->maxdepth;
	opt.headdrop = q->headdrop;
	opt.flags = q->flags;
	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

static unsigned long sfq_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 0;
}

static struct rtnl_qdisc *sfq_leaf(struct rtnl_qdisc *sch, unsigned long cl)
{
	(void)sch;
	(void)cl;
	return NULL;
}

/* the buckets that hold packets: none */
static int sfq_walk(struct rtnl_qdisc *sch, long skip, long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg)
{
	struct sfq_sched *q = rtnl_qdisc_priv(sch);

	(void)skip;
	(void)fn;
	(void)arg;
	*count += q->divisor;
	return 0;
}

static const struct rtnl_qdisc_class_ops sfq_class_ops = {
	.find = sfq_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.leaf = sfq_leaf,
	.walk = sfq_walk,
};

const struct rtnl_qdisc_ops rtnl_sfq_qdisc_ops = {
	.id = "sfq",
	.priv_size = sizeof(struct sfq_sched),
	.cl_ops = &sfq_class_ops,
	.init = sfq_init,
	/* no change: Linux's sfq takes its options only when made */
	.dump = sfq_dump,
};
