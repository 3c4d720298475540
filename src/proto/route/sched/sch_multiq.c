// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * multiq (net/sched/sch_multiq.c): a band per tx queue in use, on a
 * multiqueue device only; each band a class whose leaf is a pfifo to
 * start with (listed only with invisible ones).  The bands follow the
 * device's real queues whatever the request says; a band a qdisc was
 * deleted from holds noop (NULL here) until the next change.
 */
#include <errno.h>
#include <stdlib.h>

#include "proto/route/sched/sched.h"

struct multiq_sched {
	uint16_t bands, max_bands;
	struct rtnl_qdisc **queues; /* max_bands of them, NULL: noop */
};

/* multiq_tune() */
static int multiq_tune(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	if (sch->dev->num_tx_queues <= 1)
		return -EOPNOTSUPP;
	if (unl_nla_len(opt) < (int)sizeof(struct tc_multiq_qopt))
		return -EINVAL;
	q->bands = (uint16_t)rtnl_qdisc_real_txq(sch->dev);
	for (uint16_t i = q->bands; i < q->max_bands; i++) {
		rtnl_qdisc_put(q->queues[i]);
		q->queues[i] = NULL;
	}
	for (uint16_t i = 0; i < q->bands; i++) {
		struct rtnl_qdisc *child;

		if (q->queues[i])
			continue;
		child = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					       TC_H_MAKE(sch->handle,
							 (uint32_t)i + 1),
					       sch->dev_queue);
		if (child) {
			q->queues[i] = child;
			rtnl_qdisc_hash_add(child, true);
		}
	}
	return 0;
}

static int multiq_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);

	if (!opt)
		return -EINVAL;
	q->max_bands = (uint16_t)sch->dev->num_tx_queues;
	q->queues = calloc(q->max_bands ? q->max_bands : 1,
			   sizeof(*q->queues));
	if (!q->queues)
		return -ENOBUFS;
	return multiq_tune(sch, opt, extack);
}

static void multiq_destroy(struct rtnl_qdisc *sch)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);

	for (uint16_t i = 0; q->queues && i < q->max_bands; i++)
		rtnl_qdisc_put(q->queues[i]);
	free(q->queues);
	q->queues = NULL;
}

static int multiq_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);
	struct tc_multiq_qopt opt = { .bands = q->bands,
				      .max_bands = q->max_bands };

	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

static unsigned long multiq_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);
	unsigned long band = TC_H_MIN(classid);

	return band - 1 >= q->bands ? 0 : band;
}

static struct rtnl_qdisc *multiq_leaf(struct rtnl_qdisc *sch,
				      unsigned long cl)
{
	return ((struct multiq_sched *)rtnl_qdisc_priv(sch))->queues[cl - 1];
}

/* multiq_graft(): none leaves noop, not a new pfifo */
static int multiq_graft(struct rtnl_qdisc *sch, unsigned long cl,
			struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			struct unl_ext_ack *extack)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	*old = q->queues[cl - 1];
	q->queues[cl - 1] = new;
	return 0;
}

static int multiq_walk(struct rtnl_qdisc *sch, long skip, long *count,
		       int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		       void *arg)
{
	struct multiq_sched *q = rtnl_qdisc_priv(sch);

	for (unsigned long b = 0; b < q->bands; b++)
		if (rtnl_qdisc_walk_one(sch, b + 1, skip, count, fn, arg))
			return -1;
	return 0;
}

static int multiq_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			     struct unl_skb *skb, struct tcmsg *tcm)
{
	struct rtnl_qdisc *leaf = multiq_leaf(sch, cl);

	(void)skb;
	tcm->tcm_handle |= TC_H_MIN(cl);
	tcm->tcm_info = leaf ? leaf->handle : 0;
	return 0;
}

/* the band's qdisc's counters */
static int multiq_dump_class_stats(struct rtnl_qdisc *sch, unsigned long cl,
				   void *buf)
{
	(void)sch;
	(void)cl;
	(void)buf;
	return 0;
}

static const struct rtnl_qdisc_class_ops multiq_class_ops = {
	.find = multiq_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.leaf = multiq_leaf,
	.graft = multiq_graft,
	.walk = multiq_walk,
	.dump = multiq_dump_class,
	.dump_stats = multiq_dump_class_stats,
};

const struct rtnl_qdisc_ops rtnl_multiq_qdisc_ops = {
	.id = "multiq",
	.priv_size = sizeof(struct multiq_sched),
	.cl_ops = &multiq_class_ops,
	.init = multiq_init,
	.change = multiq_tune,
	.destroy = multiq_destroy,
	.dump = multiq_dump,
};
