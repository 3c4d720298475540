// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The qdiscs of net/sched/sch_generic.c a device gets by default:
 * noqueue (a device without a queue) and pfifo_fast (three bands by
 * the packet's priority).
 */
#include "proto/route/sched/sched.h"

/* noqueue: no options, nothing to dump */
const struct rtnl_qdisc_ops rtnl_noqueue_qdisc_ops = {
	.id = "noqueue",
};

/* sch_default_prio2band */
static const uint8_t prio2band[TC_PRIO_MAX + 1] = {
	1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1
};

/* pfifo_fast_dump(): a struct tc_prio_qopt, not a nest */
static int pfifo_fast_dump(struct rtnl_qdisc *q, struct unl_skb *skb)
{
	struct tc_prio_qopt opt = { .bands = 3 };

	(void)q;
	for (int i = 0; i <= TC_PRIO_MAX; i++)
		opt.priomap[i] = prio2band[i];
	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

/* pfifo_fast_init() ignores its options */
static int pfifo_fast_init(struct rtnl_qdisc *q, const struct nlattr *opt,
			   struct unl_ext_ack *extack)
{
	(void)q;
	(void)opt;
	(void)extack;
	return 0;
}

const struct rtnl_qdisc_ops rtnl_pfifo_fast_ops = {
	.id = "pfifo_fast",
	.init = pfifo_fast_init,
	.dump = pfifo_fast_dump,
};
