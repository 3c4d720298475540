// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cbs (net/sched/sch_cbs.c): 802.1Q's Credit Based Shaper over one
 * child, a pfifo to start with that is parented by the qdisc itself
 * (X:0, not a class) and listed with the others.  Its slopes travel in
 * kbit/s and are kept in bytes/s, so a dump gives back what division
 * by 125 leaves of them.  Offload needs a driver's ndo_setup_tc, which
 * no device here has.
 */
#include <errno.h>
#include <stddef.h>

#include "proto/route/sched/sched.h"

#define BYTES_PER_KBIT (1000LL / 8)

struct cbs_sched {
	struct rtnl_qdisc *qdisc; /* first (rtnl_one_child_*); NULL: noop */
	bool offload;
	int32_t hicredit, locredit;
	int64_t idleslope, sendslope; /* bytes/s */
};
_Static_assert(offsetof(struct cbs_sched, qdisc) == 0, "rtnl_one_child_*");

static const struct unl_nla_policy cbs_policy[TCA_CBS_MAX + 1] = {
	[TCA_CBS_PARMS] = { .len = sizeof(struct tc_cbs_qopt) },
};

/* cbs_change(): all or nothing */
static int cbs_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct cbs_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_CBS_MAX + 1];
	const struct tc_cbs_qopt *qopt;
	int err = unl_nla_parse_nested(tb, TCA_CBS_MAX, opt, cbs_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_CBS_PARMS]) {
		UNL_SET_ERR_MSG(extack, "Missing CBS parameter which are mandatory");
		return -EINVAL;
	}
	qopt = unl_nla_data(tb[TCA_CBS_PARMS]);
	if (qopt->offload) {
		/* cbs_enable_offload() without ndo_setup_tc */
		UNL_SET_ERR_MSG(extack, "Specified device does not support cbs offload");
		return -EOPNOTSUPP;
	}
	q->hicredit = qopt->hicredit;
	q->locredit = qopt->locredit;
	q->idleslope = qopt->idleslope * BYTES_PER_KBIT;
	q->sendslope = qopt->sendslope * BYTES_PER_KBIT;
	q->offload = false;
	return 0;
}

static int cbs_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct cbs_sched *q = rtnl_qdisc_priv(sch);

	if (!opt) {
		UNL_SET_ERR_MSG(extack, "Missing CBS qdisc options  which are mandatory");
		return -EINVAL;
	}
	q->qdisc = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					  sch->handle, sch->dev_queue);
	if (!q->qdisc)
		return -ENOMEM;
	rtnl_qdisc_hash_add(q->qdisc, false);
	return cbs_change(sch, opt, extack);
}

static void cbs_destroy(struct rtnl_qdisc *sch)
{
	struct cbs_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->qdisc);
	q->qdisc = NULL;
}

static int cbs_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct cbs_sched *q = rtnl_qdisc_priv(sch);
	struct tc_cbs_qopt opt = {
		.offload = q->offload,
		.hicredit = q->hicredit,
		.locredit = q->locredit,
		.idleslope = (int32_t)(q->idleslope / BYTES_PER_KBIT),
		.sendslope = (int32_t)(q->sendslope / BYTES_PER_KBIT),
	};
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest || unl_nla_put(skb, TCA_CBS_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* cbs_graft(): none puts a pfifo back, which no dump lists */
static int cbs_graft(struct rtnl_qdisc *sch, unsigned long cl,
		     struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		     struct unl_ext_ack *extack)
{
	struct cbs_sched *q = rtnl_qdisc_priv(sch);

	(void)cl;
	(void)extack;
	if (!new)
		new = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					     sch->handle, sch->dev_queue);
	*old = q->qdisc;
	q->qdisc = new;
	return 0;
}

static const struct rtnl_qdisc_class_ops cbs_class_ops = {
	.find = rtnl_one_child_find,
	.leaf = rtnl_one_child_leaf,
	.graft = cbs_graft,
	.walk = rtnl_one_child_walk,
	.dump = rtnl_one_child_dump_if_child,
};

const struct rtnl_qdisc_ops rtnl_cbs_qdisc_ops = {
	.id = "cbs",
	.priv_size = sizeof(struct cbs_sched),
	.cl_ops = &cbs_class_ops,
	.init = cbs_init,
	.change = cbs_change,
	.destroy = cbs_destroy,
	.dump = cbs_dump,
};
