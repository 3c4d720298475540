// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sfb (net/sched/sch_sfb.c): Stochastic Fair Blue in front of one
 * child.  Each change sets every option (the defaults when the request
 * has none) and puts a new pfifo of the limit (the device's queue
 * length when 0) in place of whatever child there was.  Its one class
 * is there for grafting and filters but cannot be dumped, made or
 * deleted (ENOSYS).  The times travel in milliseconds and are kept in
 * jiffies.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "proto/route/sched/sched.h"

struct sfb_sched {
	struct rtnl_qdisc *qdisc; /* first (rtnl_one_child_*); NULL: noop */
	uint64_t rehash_interval, warmup_time; /* jiffies */
	struct tc_sfb_qopt parms; /* limit, max, bins, slopes, penalty */
};
_Static_assert(offsetof(struct sfb_sched, qdisc) == 0, "rtnl_one_child_*");

static const struct unl_nla_policy sfb_policy[TCA_SFB_MAX + 1] = {
	[TCA_SFB_PARMS] = { .len = sizeof(struct tc_sfb_qopt) },
};

/* sfb_default_ops */
static const struct tc_sfb_qopt sfb_default = {
	.rehash_interval = 600 * 1000,
	.warmup_time = 60 * 1000,
	.limit = 0,
	.max = 25,
	.bin_size = 20,
	.increment = (SFB_MAX_PROB + 500) / 1000,
	.decrement = (SFB_MAX_PROB + 3000) / 6000,
	.penalty_rate = 10,
	.penalty_burst = 20,
};

/* MAX_JIFFY_OFFSET on a 64-bit kernel */
#define SFB_MAX_JIFFY_OFFSET ((uint64_t)((0x7fffffffffffffffULL >> 1) - 1))

/* jiffies_to_msecs(), an unsigned int */
static uint32_t sfb_jiffies_to_msecs(const struct rtnl_qdisc *sch, uint64_t j)
{
	return (uint32_t)((1000u / rtnl_tc_hz(sch)) * j);
}

/* msecs_to_jiffies(), rounding up */
static uint64_t sfb_msecs_to_jiffies(const struct rtnl_qdisc *sch, uint32_t m)
{
	uint32_t per = 1000u / rtnl_tc_hz(sch);

	if ((int32_t)m < 0)
		return SFB_MAX_JIFFY_OFFSET;
	return ((uint64_t)m + per - 1) / per;
}

/* sfb_change(): a parse error is EINVAL, without a message */
static int sfb_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct sfb_sched *q = rtnl_qdisc_priv(sch);
	const struct tc_sfb_qopt *ctl = &sfb_default;
	const struct nlattr *tb[TCA_SFB_MAX + 1];
	struct rtnl_qdisc *child;
	uint32_t limit;

	(void)extack;
	if (opt) {
		if (unl_nla_parse_nested(tb, TCA_SFB_MAX, opt, sfb_policy,
					 UNL_VALIDATE_LIBERAL, NULL) ||
		    !tb[TCA_SFB_PARMS])
			return -EINVAL;
		ctl = unl_nla_data(tb[TCA_SFB_PARMS]);
	}
	limit = ctl->limit ? ctl->limit : sch->dev->txqlen;
	child = rtnl_fifo_create_dflt(sch, &rtnl_pfifo_qdisc_ops, limit);
	if (!child)
		return -ENOMEM;
	rtnl_qdisc_hash_add(child, true);
	rtnl_qdisc_put(q->qdisc);
	q->qdisc = child;
	q->rehash_interval = sfb_msecs_to_jiffies(sch, ctl->rehash_interval);
	q->warmup_time = sfb_msecs_to_jiffies(sch, ctl->warmup_time);
	q->parms = *ctl;
	q->parms.limit = limit;
	return 0;
}

static int sfb_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	return sfb_change(sch, opt, extack);
}

static void sfb_destroy(struct rtnl_qdisc *sch)
{
	struct sfb_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->qdisc);
	q->qdisc = NULL;
}

static int sfb_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct sfb_sched *q = rtnl_qdisc_priv(sch);
	struct tc_sfb_qopt opt = q->parms;
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	opt.rehash_interval = sfb_jiffies_to_msecs(sch, q->rehash_interval);
	opt.warmup_time = sfb_jiffies_to_msecs(sch, q->warmup_time);
	if (!nest || unl_nla_put(skb, TCA_SFB_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* every bin empty: no drop, no mark, probabilities 0 */
static int sfb_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_sfb_xstats st = { 0 };

	(void)sch;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

static int sfb_class_change(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parent, const struct nlattr **tca,
			    unsigned long *cl, struct unl_ext_ack *extack)
{
	(void)sch;
	(void)classid;
	(void)parent;
	(void)tca;
	(void)cl;
	(void)extack;
	return -ENOSYS;
}

static int sfb_class_delete(struct rtnl_qdisc *sch, unsigned long cl,
			    struct unl_ext_ack *extack)
{
	(void)sch;
	(void)cl;
	(void)extack;
	return -ENOSYS;
}

/* sfb_dump_class(): the class is never dumped */
static int sfb_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			  struct unl_skb *skb, struct tcmsg *tcm)
{
	(void)sch;
	(void)cl;
	(void)skb;
	(void)tcm;
	return -ENOSYS;
}

static const struct rtnl_qdisc_class_ops sfb_class_ops = {
	.find = rtnl_one_child_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.leaf = rtnl_one_child_leaf,
	.graft = rtnl_one_child_graft,
	.change = sfb_class_change,
	.delete = sfb_class_delete,
	.walk = rtnl_one_child_walk,
	.dump = sfb_dump_class,
};

const struct rtnl_qdisc_ops rtnl_sfb_qdisc_ops = {
	.id = "sfb",
	.priv_size = sizeof(struct sfb_sched),
	.cl_ops = &sfb_class_ops,
	.init = sfb_init,
	.change = sfb_change,
	.destroy = sfb_destroy,
	.dump = sfb_dump,
	.xstats = sfb_xstats,
};
