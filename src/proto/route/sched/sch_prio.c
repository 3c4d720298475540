// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * prio (net/sched/sch_prio.c): 2 to 16 bands, each a class whose leaf
 * is a pfifo to start with (listed only with invisible ones), and a
 * map from the packet's priority to a band.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

struct prio_sched {
	int bands;
	uint8_t prio2band[TC_PRIO_MAX + 1];
	struct rtnl_qdisc *queues[TCQ_PRIO_BANDS];
};

static void prio_destroy(struct rtnl_qdisc *sch)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);

	for (int i = 0; i < q->bands; i++)
		rtnl_qdisc_put(q->queues[i]);
	q->bands = 0;
}

/* prio_tune(): new bands get a pfifo each, bands gone lose theirs */
static int prio_tune(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);
	struct rtnl_qdisc *queues[TCQ_PRIO_BANDS];
	const struct tc_prio_qopt *qopt;
	int oldbands = q->bands;

	(void)extack;
	if (unl_nla_len(opt) < (int)sizeof(*qopt))
		return -EINVAL;
	qopt = unl_nla_data(opt);
	if (qopt->bands > TCQ_PRIO_BANDS || qopt->bands < TCQ_MIN_PRIO_BANDS)
		return -EINVAL;
	for (int i = 0; i <= TC_PRIO_MAX; i++)
		if (qopt->priomap[i] >= qopt->bands)
			return -EINVAL;
	if (rtnl_bands_create(sch, queues, (unsigned int)oldbands,
			      (unsigned int)qopt->bands))
		return -ENOMEM;
	q->bands = qopt->bands;
	memcpy(q->prio2band, qopt->priomap, TC_PRIO_MAX + 1);
	for (int i = oldbands; i < q->bands; i++) {
		q->queues[i] = queues[i];
		rtnl_qdisc_hash_add(q->queues[i], true);
	}
	for (int i = q->bands; i < oldbands; i++) {
		rtnl_qdisc_put(q->queues[i]);
		q->queues[i] = NULL;
	}
	return 0;
}

static int prio_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	if (!opt)
		return -EINVAL;
	return prio_tune(sch, opt, extack);
}

/* prio_dump(): a struct tc_prio_qopt, not a nest */
static int prio_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);
	struct tc_prio_qopt opt = { .bands = q->bands };

	memcpy(opt.priomap, q->prio2band, TC_PRIO_MAX + 1);
	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

static unsigned long prio_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_band_find(classid, (unsigned int)q->bands);
}

static struct rtnl_qdisc *prio_leaf(struct rtnl_qdisc *sch, unsigned long cl)
{
	return ((struct prio_sched *)rtnl_qdisc_priv(sch))->queues[cl - 1];
}

static int prio_graft(struct rtnl_qdisc *sch, unsigned long cl,
		      struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		      struct unl_ext_ack *extack)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	rtnl_band_graft(sch, cl, &q->queues[cl - 1], new, old);
	return 0;
}

static int prio_walk(struct rtnl_qdisc *sch, long skip, long *count,
		     int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		     void *arg)
{
	struct prio_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_bands_walk(sch, (unsigned int)q->bands, skip, count, fn,
			       arg);
}

static int prio_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			   struct unl_skb *skb, struct tcmsg *tcm)
{
	struct rtnl_qdisc *leaf = prio_leaf(sch, cl);

	(void)skb;
	tcm->tcm_handle |= TC_H_MIN(cl);
	tcm->tcm_info = leaf ? leaf->handle : 0;
	return 0;
}

static const struct rtnl_qdisc_class_ops prio_class_ops = {
	.find = prio_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.leaf = prio_leaf,
	.graft = prio_graft,
	.walk = prio_walk,
	.dump = prio_dump_class,
	.dump_stats = rtnl_band_dump_stats,
};

const struct rtnl_qdisc_ops rtnl_prio_qdisc_ops = {
	.id = "prio",
	.priv_size = sizeof(struct prio_sched),
	.cl_ops = &prio_class_ops,
	.init = prio_init,
	.change = prio_tune,
	.destroy = prio_destroy,
	.dump = prio_dump,
};
