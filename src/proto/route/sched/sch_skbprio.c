// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * skbprio (net/sched/sch_skbprio.c): one queue per skb->priority, 64 of
 * them, shown as 64 classes with no qdisc of their own (not found by
 * classid, so nothing can be grafted there); its only option is the
 * limit in packets.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

/* skbprio_change(): a struct tc_skbprio_qopt, exactly */
static int skbprio_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			  struct unl_ext_ack *extack)
{
	const struct tc_skbprio_qopt *ctl = unl_nla_data(opt);

	(void)extack;
	if (unl_nla_len(opt) != (int)sizeof(*ctl))
		return -EINVAL;
	sch->limit = ctl->limit;
	return 0;
}

/* skbprio_init(): 64 packets */
static int skbprio_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	sch->limit = 64;
	return opt ? skbprio_change(sch, opt, extack) : 0;
}

static int skbprio_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct tc_skbprio_qopt opt = { .limit = sch->limit };

	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

static unsigned long skbprio_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 0;
}

static struct rtnl_qdisc *skbprio_leaf(struct rtnl_qdisc *sch,
				       unsigned long cl)
{
	(void)sch;
	(void)cl;
	return NULL;
}

static int skbprio_walk(struct rtnl_qdisc *sch, long skip, long *count,
			int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			void *arg)
{
	for (unsigned long i = 0; i < SKBPRIO_MAX_PRIORITY; i++)
		if (rtnl_qdisc_walk_one(sch, i + 1, skip, count, fn, arg))
			return -1;
	return 0;
}

static int skbprio_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			      struct unl_skb *skb, struct tcmsg *tcm)
{
	(void)sch;
	(void)skb;
	tcm->tcm_handle |= TC_H_MIN(cl);
	return 0;
}

/* the priority's queue counters, no basic ones */
static int skbprio_dump_class_stats(struct rtnl_qdisc *sch, unsigned long cl,
				    void *buf)
{
	(void)sch;
	(void)cl;
	(void)buf;
	return 0;
}

static const struct rtnl_qdisc_class_ops skbprio_class_ops = {
	.find = skbprio_find,
	.leaf = skbprio_leaf,
	.walk = skbprio_walk,
	.dump = skbprio_dump_class,
	.dump_stats = skbprio_dump_class_stats,
	.dump_counters = RTNL_TC_STATS_QUEUE,
};

const struct rtnl_qdisc_ops rtnl_skbprio_qdisc_ops = {
	.id = "skbprio",
	.cl_ops = &skbprio_class_ops,
	.init = skbprio_init,
	.change = skbprio_change,
	.dump = skbprio_dump,
};
