// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mq (net/sched/sch_mq.c): the root of a multiqueue device, one class
 * per tx queue, each holding that queue's qdisc (the default kind for
 * the queues in use, pfifo_fast for the others); only the queues in use
 * have theirs listed.
 */
#include <errno.h>
#include <stdlib.h>

#include "proto/route/sched/sched.h"

struct mq_sched {
	uint32_t n;
	struct rtnl_qdisc **qdiscs; /* each tx queue's qdisc */
};

static void mq_destroy(struct rtnl_qdisc *q)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);

	for (uint32_t i = 0; m->qdiscs && i < m->n; i++)
		rtnl_qdisc_put(m->qdiscs[i]);
	free(m->qdiscs);
	m->qdiscs = NULL;
}

/* mq_init() */
static int mq_init(struct rtnl_qdisc *q, const struct nlattr *opt,
		   struct unl_ext_ack *extack)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);
	struct rtnl_link *dev = q->dev;

	(void)opt;
	(void)extack;
	if (q->parent != TC_H_ROOT)
		return -EOPNOTSUPP;
	if (dev->num_tx_queues <= 1)
		return -EOPNOTSUPP;
	m->qdiscs = calloc(dev->num_tx_queues, sizeof(*m->qdiscs));
	if (!m->qdiscs)
		return -ENOMEM;
	m->n = dev->num_tx_queues;
	for (uint32_t ntx = 0; ntx < m->n; ntx++) {
		struct rtnl_qdisc *c = rtnl_qdisc_create_dflt(
			dev, rtnl_qdisc_default_ops(dev, ntx),
			TC_H_MAKE(TC_H_MAJ(q->handle), TC_H_MIN(ntx + 1)), ntx);

		if (!c)
			return -ENOMEM;
		c->flags |= RTNL_TCQ_ONETXQUEUE | RTNL_TCQ_NOPARENT;
		m->qdiscs[ntx] = c;
	}
	q->flags |= RTNL_TCQ_MQROOT;
	return 0;
}

/* mq_attach(): the queues in use list theirs */
static void mq_attach(struct rtnl_qdisc *q, uint32_t *qrefs)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);
	uint32_t real = rtnl_qdisc_real_txq(q->dev);

	*qrefs = 0;
	for (uint32_t ntx = 0; ntx < m->n && ntx < real; ntx++)
		if (m->qdiscs[ntx])
			rtnl_qdisc_hash_add(m->qdiscs[ntx], false);
}

static unsigned long mq_find(struct rtnl_qdisc *q, uint32_t classid)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);
	uint32_t ntx = TC_H_MIN(classid) - 1;

	return ntx >= m->n ? 0 : ntx + 1;
}

static struct rtnl_qdisc *mq_leaf(struct rtnl_qdisc *q, unsigned long cl)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);
	struct rtnl_qdisc *leaf = m->qdiscs[cl - 1];

	return leaf;
}

/* mq_graft(): NULL leaves the queue with noop, which is not listed */
static int mq_graft(struct rtnl_qdisc *q, unsigned long cl,
		    struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		    struct unl_ext_ack *extack)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);

	(void)extack;
	*old = m->qdiscs[cl - 1];
	m->qdiscs[cl - 1] = new;
	if (new)
		new->flags |= RTNL_TCQ_ONETXQUEUE;
	return 0;
}

static int mq_walk(struct rtnl_qdisc *q, long skip, long *count,
		   int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		   void *arg)
{
	struct mq_sched *m = rtnl_qdisc_priv(q);

	for (uint32_t ntx = 0; ntx < m->n; ntx++)
		if (rtnl_qdisc_walk_one(q, ntx + 1, skip, count, fn, arg))
			return -1;
	return 0;
}

/* mq_dump_class(): a root class with the queue's qdisc as leaf */
static int mq_dump_class(struct rtnl_qdisc *q, unsigned long cl,
			 struct unl_skb *skb, struct tcmsg *tcm)
{
	struct rtnl_qdisc *leaf = mq_leaf(q, cl);

	(void)skb;
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle |= TC_H_MIN(cl);
	tcm->tcm_info = leaf ? leaf->handle : 0;
	return 0;
}

/* mq_dump_class_stats(): the queue's qdisc's counters, no more */
static int mq_dump_class_stats(struct rtnl_qdisc *q, unsigned long cl,
			       void *buf)
{
	(void)q;
	(void)cl;
	(void)buf;
	return 0;
}

static uint32_t mq_select_queue(struct rtnl_qdisc *q, uint32_t parent)
{
	unsigned long cl = mq_find(q, parent);

	return cl ? (uint32_t)cl - 1 : 0;
}

static const struct rtnl_qdisc_class_ops mq_class_ops = {
	.find = mq_find,
	.leaf = mq_leaf,
	.graft = mq_graft,
	.walk = mq_walk,
	.dump = mq_dump_class,
	.dump_stats = mq_dump_class_stats,
	.select_queue = mq_select_queue,
};

const struct rtnl_qdisc_ops rtnl_mq_qdisc_ops = {
	.id = "mq",
	.priv_size = sizeof(struct mq_sched),
	.cl_ops = &mq_class_ops,
	.init = mq_init,
	.attach = mq_attach,
	.destroy = mq_destroy,
};
