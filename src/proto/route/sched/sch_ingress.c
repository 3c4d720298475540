// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ingress and clsact (net/sched/sch_ingress.c): the qdiscs of the
 * ingress queue, handle ffff:, parent ffff:fff1; classes without
 * leaves that filters point at, none of them listed.
 */
#include <errno.h>

#include "proto/route/sched/sched.h"

static unsigned long ingress_find(struct rtnl_qdisc *q, uint32_t classid)
{
	(void)q;
	return TC_H_MIN(classid) + 1;
}

static struct rtnl_qdisc *ingress_leaf(struct rtnl_qdisc *q,
				       unsigned long cl)
{
	(void)q;
	(void)cl;
	return NULL;
}

static int ingress_walk(struct rtnl_qdisc *q, long skip, long *count,
			int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			void *arg)
{
	(void)q;
	(void)skip;
	(void)count;
	(void)fn;
	(void)arg;
	return 0;
}

/* ingress_tcf_block(): one block, whatever the class */
static bool ingress_tcf_block(struct rtnl_qdisc *q, unsigned long cl,
			      struct unl_ext_ack *extack)
{
	(void)extack;
	(void)q;
	(void)cl;
	return true;
}

static const struct rtnl_qdisc_class_ops ingress_class_ops = {
	.find = ingress_find,
	.leaf = ingress_leaf,
	.walk = ingress_walk,
	.tcf_block = ingress_tcf_block,
};

/* clsact_find(): its two classes, ingress (fff2) and egress (fff3) */
static unsigned long clsact_find(struct rtnl_qdisc *q, uint32_t classid)
{
	(void)q;
	switch (TC_H_MIN(classid)) {
	case TC_H_MIN(TC_H_MIN_INGRESS):
	case TC_H_MIN(TC_H_MIN_EGRESS):
		return TC_H_MIN(classid);
	default:
		return 0;
	}
}

/* clsact_tcf_block(): a block for each of its classes */
static bool clsact_tcf_block(struct rtnl_qdisc *q, unsigned long cl,
			     struct unl_ext_ack *extack)
{
	(void)extack;
	(void)q;
	return cl == TC_H_MIN(TC_H_MIN_INGRESS) ||
	       cl == TC_H_MIN(TC_H_MIN_EGRESS);
}

static const struct rtnl_qdisc_class_ops clsact_class_ops = {
	.find = clsact_find,
	.leaf = ingress_leaf,
	.walk = ingress_walk,
	.tcf_block = clsact_tcf_block,
};

static int ingress_init(struct rtnl_qdisc *q, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	(void)opt;
	(void)extack;
	return q->parent == TC_H_INGRESS ? 0 : -EOPNOTSUPP;
}

/* an empty TCA_OPTIONS nest */
static int ingress_dump(struct rtnl_qdisc *q, struct unl_skb *skb)
{
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	(void)q;
	if (!nest)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

const struct rtnl_qdisc_ops rtnl_ingress_qdisc_ops = {
	.id = "ingress",
	.static_flags = RTNL_TCQ_INGRESS,
	.cl_ops = &ingress_class_ops,
	.init = ingress_init,
	.dump = ingress_dump,
};

/* TC_H_CLSACT is TC_H_INGRESS */
const struct rtnl_qdisc_ops rtnl_clsact_qdisc_ops = {
	.id = "clsact",
	.static_flags = RTNL_TCQ_INGRESS,
	.cl_ops = &clsact_class_ops,
	.init = ingress_init,
	.dump = ingress_dump,
};
