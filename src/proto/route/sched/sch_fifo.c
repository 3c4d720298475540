// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pfifo, bfifo and pfifo_head_drop (net/sched/sch_fifo.c): a limit in
 * packets or bytes, by default the device's queue length (times its
 * MTU and link-layer header for bfifo).
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

/* __fifo_init(), which change is too */
static int fifo_init(struct rtnl_qdisc *q, const struct nlattr *opt,
		     bool bytes)
{
	if (!opt) {
		uint32_t limit = q->dev->txqlen;

		if (bytes)
			limit *= rtnl_psched_mtu(q->dev);
		q->limit = limit;
		return 0;
	}
	if (unl_nla_len(opt) < (int)sizeof(struct tc_fifo_qopt))
		return -EINVAL;
	q->limit = ((const struct tc_fifo_qopt *)unl_nla_data(opt))->limit;
	return 0;
}

static int pfifo_init(struct rtnl_qdisc *q, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	(void)extack;
	return fifo_init(q, opt, false);
}

static int bfifo_init(struct rtnl_qdisc *q, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	(void)extack;
	return fifo_init(q, opt, true);
}

/* fifo_dump(): TCA_OPTIONS is the struct itself, not a nest */
static int fifo_dump(struct rtnl_qdisc *q, struct unl_skb *skb)
{
	struct tc_fifo_qopt opt = { .limit = q->limit };

	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

const struct rtnl_qdisc_ops rtnl_pfifo_qdisc_ops = {
	.id = "pfifo",
	.init = pfifo_init,
	.change = pfifo_init,
	.dump = fifo_dump,
};

const struct rtnl_qdisc_ops rtnl_bfifo_qdisc_ops = {
	.id = "bfifo",
	.init = bfifo_init,
	.change = bfifo_init,
	.dump = fifo_dump,
};

const struct rtnl_qdisc_ops rtnl_pfifo_head_drop_qdisc_ops = {
	.id = "pfifo_head_drop",
	.init = pfifo_init,
	.change = pfifo_init,
	.dump = fifo_dump,
};

/* fifo_create_dflt(): a fifo child of sch on its class 1 with a limit
 * (fifo_set_limit()). */
struct rtnl_qdisc *rtnl_fifo_create_dflt(struct rtnl_qdisc *sch,
					 const struct rtnl_qdisc_ops *ops,
					 uint32_t limit)
{
	struct rtnl_qdisc *q = rtnl_qdisc_create_dflt(
		sch->dev, ops, TC_H_MAKE(sch->handle, 1), sch->dev_queue);

	if (q)
		q->limit = limit;
	return q;
}
