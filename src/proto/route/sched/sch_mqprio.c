// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mqprio (net/sched/sch_mqprio.c): the root of a multiqueue device that
 * maps priorities to traffic classes and traffic classes to ranges of
 * tx queues.  As mq, one class per tx queue holding that queue's qdisc;
 * besides, one class per traffic class (minor ffe0 and up) above its
 * queues.  The model's devices have no hardware offload, so only the
 * software mapping (hw 0) is taken, and with it no attribute after the
 * struct tc_mqprio_qopt.  The mapping is the device's (struct
 * rtnl_tc_dev): an mqprio that fails to be made, or goes, leaves the
 * device with no traffic class, even under another mqprio.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/sched.h"

/* Newer than some uapi headers (Linux 6.4). */
#define RTNL_TCA_MQPRIO_TC_ENTRY 5
#define RTNL_TCA_MQPRIO_MAX RTNL_TCA_MQPRIO_TC_ENTRY
#define RTNL_TCA_MQPRIO_TC_ENTRY_INDEX 1
#define RTNL_TCA_MQPRIO_TC_ENTRY_FP 2
#define RTNL_TC_FP_EXPRESS 1

struct mqprio_sched {
	uint32_t n;
	struct rtnl_qdisc **qdiscs; /* each tx queue's qdisc */
	uint32_t fp[TC_QOPT_MAX_QUEUE];
};

static const struct unl_nla_policy mqprio_policy[RTNL_TCA_MQPRIO_MAX + 1] = {
	[TCA_MQPRIO_MODE] = { .len = sizeof(uint16_t) },
	[TCA_MQPRIO_SHAPER] = { .len = sizeof(uint16_t) },
	[TCA_MQPRIO_MIN_RATE64] = { .type = UNL_NLA_NESTED },
	[TCA_MQPRIO_MAX_RATE64] = { .type = UNL_NLA_NESTED },
	[RTNL_TCA_MQPRIO_TC_ENTRY] = { .type = UNL_NLA_NESTED },
};

/* mqprio_parse_opt() with mqprio_validate_qopt(): a device without
 * ndo_setup_tc reports no capabilities and takes no offload.  Its
 * refusals have messages from Linux 6.3 (mqprio_lib); before, a bare
 * EINVAL (Debian's 6.1.192: tc-kinds.6.1.expected). */
static int mqprio_parse_opt(const struct rtnl_link *dev,
			    const struct tc_mqprio_qopt *qopt,
			    struct unl_ext_ack *extack)
{
	int err;

	if (!unl_profile_at_least(unl_net_profile(dev->rn->net), 603))
		extack = NULL;
	err = rtnl_mqprio_validate_qopt(dev, qopt, !qopt->hw, false, extack);

	if (err)
		return err;
	if (qopt->hw) {
		UNL_SET_ERR_MSG(extack, "Device does not support hardware offload");
		return -EINVAL;
	}
	return 0;
}

/* mqprio_parse_nlattr(): attributes after the struct, which only the
 * hardware mode takes */
static int mqprio_parse_nlattr(const struct nlattr *opt,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_TCA_MQPRIO_MAX + 1];
	const uint8_t *data = unl_nla_data(opt);
	int off = NLA_ALIGN(sizeof(struct tc_mqprio_qopt));
	int len = unl_nla_len(opt) - off;

	if (len >= NLA_HDRLEN) {
		int err = unl_nla_parse(tb, RTNL_TCA_MQPRIO_MAX,
					(const struct nlattr *)(data + off), len,
					mqprio_policy, UNL_VALIDATE_LIBERAL,
					NULL);

		if (err)
			return err;
	}
	UNL_SET_ERR_MSG(extack, "mqprio TCA_OPTIONS can only contain netlink attributes in hardware mode");
	return -EINVAL;
}

static void mqprio_destroy(struct rtnl_qdisc *sch)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);

	for (uint32_t i = 0; priv->qdiscs && i < priv->n; i++)
		rtnl_qdisc_put(priv->qdiscs[i]);
	free(priv->qdiscs);
	priv->qdiscs = NULL;
	/* netdev_set_num_tc(dev, 0) */
	if (sch->dev->tc)
		sch->dev->tc->num_tc = 0;
}

static int mqprio_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	struct rtnl_link *dev = sch->dev;
	const struct tc_mqprio_qopt *qopt;
	int err;

	if (sch->parent != TC_H_ROOT || dev->num_tx_queues <= 1)
		return -EOPNOTSUPP;
	if (dev->num_tx_queues >= TC_H_MIN_PRIORITY)
		return -ENOMEM;
	if (!opt || unl_nla_len(opt) < (int)sizeof(*qopt))
		return -EINVAL;
	for (int tc = 0; tc < TC_QOPT_MAX_QUEUE; tc++)
		priv->fp[tc] = RTNL_TC_FP_EXPRESS;
	qopt = unl_nla_data(opt);
	if (mqprio_parse_opt(dev, qopt, extack))
		return -EINVAL;
	if (unl_nla_len(opt) - (int)NLA_ALIGN(sizeof(*qopt)) > 0) {
		err = mqprio_parse_nlattr(opt, extack);
		if (err)
			return err;
	}
	priv->qdiscs = calloc(dev->num_tx_queues, sizeof(*priv->qdiscs));
	if (!priv->qdiscs)
		return -ENOMEM;
	priv->n = dev->num_tx_queues;
	for (uint32_t i = 0; i < priv->n; i++) {
		struct rtnl_qdisc *c = rtnl_qdisc_create_dflt(
			dev, rtnl_qdisc_default_ops(dev, i),
			TC_H_MAKE(TC_H_MAJ(sch->handle), TC_H_MIN(i + 1)), i);

		if (!c)
			return -ENOMEM;
		c->flags |= RTNL_TCQ_ONETXQUEUE | RTNL_TCQ_NOPARENT;
		priv->qdiscs[i] = c;
	}
	if (!dev->tc)
		return -ENOMEM;
	dev->tc->num_tc = qopt->num_tc;
	for (int i = 0; i < qopt->num_tc; i++) {
		dev->tc->tc_to_txq[i].count = qopt->count[i];
		dev->tc->tc_to_txq[i].offset = qopt->offset[i];
	}
	memcpy(dev->tc->prio_tc_map, qopt->prio_tc_map,
	       sizeof(dev->tc->prio_tc_map));
	sch->flags |= RTNL_TCQ_MQROOT;
	return 0;
}

/* mqprio_attach(): the queues in use list theirs */
static void mqprio_attach(struct rtnl_qdisc *sch, uint32_t *qrefs)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	uint32_t real = rtnl_qdisc_real_txq(sch->dev);

	*qrefs = 0;
	for (uint32_t i = 0; i < priv->n && i < real; i++)
		if (priv->qdiscs[i])
			rtnl_qdisc_hash_add(priv->qdiscs[i], false);
}

/* mqprio_dump(): the struct rebuilt from the mapping, then the
 * frame-preemption entry of every traffic class, all in TCA_OPTIONS */
static int mqprio_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	const struct rtnl_tc_dev *td = sch->dev->tc;
	struct tc_mqprio_qopt opt;
	size_t start = unl_skb_len(skb);

	/* mqprio_qopt_reconstruct() */
	memset(&opt, 0, sizeof(opt));
	if (td) {
		opt.num_tc = td->num_tc;
		memcpy(opt.prio_tc_map, td->prio_tc_map,
		       sizeof(opt.prio_tc_map));
		for (int tc = 0; tc < td->num_tc; tc++) {
			opt.count[tc] = td->tc_to_txq[tc].count;
			opt.offset[tc] = td->tc_to_txq[tc].offset;
		}
	}
	if (unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt))
		return -EMSGSIZE;
	/* the per-class entries came with frame preemption, Linux 6.5 */
	for (uint32_t tc = 0;
	     unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 605) &&
	     tc < TC_QOPT_MAX_QUEUE;
	     tc++) {
		struct nlattr *n = unl_nla_nest_start(skb,
						      RTNL_TCA_MQPRIO_TC_ENTRY);

		if (!n ||
		    unl_nla_put_u32(skb, RTNL_TCA_MQPRIO_TC_ENTRY_INDEX, tc) ||
		    unl_nla_put_u32(skb, RTNL_TCA_MQPRIO_TC_ENTRY_FP,
				    priv->fp[tc]))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, n);
	}
	unl_nla_nest_end(skb,
			 (struct nlattr *)(unl_skb_data(skb) + start));
	return 0;
}

/* netdev_get_num_tc() */
static uint8_t mqprio_num_tc(const struct rtnl_qdisc *sch)
{
	return sch->dev->tc ? sch->dev->tc->num_tc : 0;
}

/* netdev_txq_to_tc(): every entry is looked at, in use or not */
static int mqprio_txq_to_tc(const struct rtnl_tc_dev *td, uint32_t txq)
{
	if (!td || !td->num_tc)
		return 0;
	for (int i = 0; i < TC_QOPT_MAX_QUEUE; i++)
		if (txq - td->tc_to_txq[i].offset <
		    td->tc_to_txq[i].count)
			return i;
	return -1;
}

static unsigned long mqprio_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	uint32_t ntx = TC_H_MIN(classid);

	if (ntx < TC_H_MIN_PRIORITY)
		return ntx <= priv->n ? ntx : 0;
	return ntx - TC_H_MIN_PRIORITY < mqprio_num_tc(sch) ? ntx : 0;
}

static struct rtnl_qdisc *mqprio_leaf(struct rtnl_qdisc *sch,
				      unsigned long cl)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);

	if (cl - 1 >= priv->n)
		return NULL;
	return priv->qdiscs[cl - 1];
}

/* mqprio_graft(): a queue's; a traffic class has no qdisc */
static int mqprio_graft(struct rtnl_qdisc *sch, unsigned long cl,
			struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			struct unl_ext_ack *extack)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);

	(void)extack;
	if (cl - 1 >= priv->n)
		return -EINVAL;
	*old = priv->qdiscs[cl - 1];
	priv->qdiscs[cl - 1] = new;
	if (new)
		new->flags |= RTNL_TCQ_ONETXQUEUE | RTNL_TCQ_NOPARENT;
	return 0;
}

/* mqprio_walk(): the traffic classes (indexes 0-15), then the queues
 * (16 and up) */
static int mqprio_walk(struct rtnl_qdisc *sch, long skip, long *count,
		       int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		       void *arg)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	unsigned long ntx;

	*count = skip;
	for (ntx = (unsigned long)skip; ntx < mqprio_num_tc(sch); ntx++) {
		if (fn(sch, ntx + TC_H_MIN_PRIORITY, arg) < 0)
			return -1;
		(*count)++;
	}
	if (ntx < TC_QOPT_MAX_QUEUE) {
		*count = TC_QOPT_MAX_QUEUE;
		ntx = TC_QOPT_MAX_QUEUE;
	}
	for (ntx -= TC_QOPT_MAX_QUEUE; ntx < priv->n; ntx++) {
		if (fn(sch, ntx + 1, arg) < 0)
			return -1;
		(*count)++;
	}
	return 0;
}

static int mqprio_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			     struct unl_skb *skb, struct tcmsg *tcm)
{
	(void)skb;
	if (cl < TC_H_MIN_PRIORITY) {
		struct rtnl_qdisc *leaf = mqprio_leaf(sch, cl);
		int tc = mqprio_txq_to_tc(sch->dev->tc, (uint32_t)cl - 1);

		tcm->tcm_parent =
			tc < 0 ? 0
			       : TC_H_MAKE(TC_H_MAJ(sch->handle),
					   TC_H_MIN((uint32_t)tc +
						    TC_H_MIN_PRIORITY));
		tcm->tcm_info = leaf ? leaf->handle : 0;
	} else {
		tcm->tcm_parent = TC_H_ROOT;
		tcm->tcm_info = 0;
	}
	tcm->tcm_handle |= TC_H_MIN(cl);
	return 0;
}

/* a traffic class sums its queues' counters, a queue has its qdisc's:
 * zero either way */
static int mqprio_dump_class_stats(struct rtnl_qdisc *sch, unsigned long cl,
				   void *buf)
{
	(void)sch;
	(void)cl;
	(void)buf;
	return 0;
}

static uint32_t mqprio_select_queue(struct rtnl_qdisc *sch, uint32_t parent)
{
	struct mqprio_sched *priv = rtnl_qdisc_priv(sch);
	uint32_t cl = TC_H_MIN(parent);

	return cl - 1 < priv->n ? cl - 1 : 0;
}

static const struct rtnl_qdisc_class_ops mqprio_class_ops = {
	.graft = mqprio_graft,
	.leaf = mqprio_leaf,
	.find = mqprio_find,
	.walk = mqprio_walk,
	.dump = mqprio_dump_class,
	.dump_stats = mqprio_dump_class_stats,
	.select_queue = mqprio_select_queue,
};

const struct rtnl_qdisc_ops rtnl_mqprio_qdisc_ops = {
	.id = "mqprio",
	.priv_size = sizeof(struct mqprio_sched),
	.cl_ops = &mqprio_class_ops,
	.init = mqprio_init,
	.attach = mqprio_attach,
	.destroy = mqprio_destroy,
	.dump = mqprio_dump,
};
