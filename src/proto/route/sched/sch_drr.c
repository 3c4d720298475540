// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * drr (net/sched/sch_drr.c): Deficit Round Robin over classes the user
 * makes (RTM_NEWTCLASS), each with a quantum (the device's MTU and
 * header when not given, clamped to [256, 1 MiB]) and a pfifo leaf.
 * Classes have no parent of their own: they are all the qdisc's.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

struct drr_class {
	struct rtnl_leaf_class leaf; /* first: the walk's cookie */
	uint32_t quantum;
};

struct drr_sched {
	struct rtnl_class_hash clhash; /* first: rtnl_leaf_class_* */
};
_Static_assert(offsetof(struct drr_sched, clhash) == 0, "rtnl_leaf_class_*");

static const struct unl_nla_policy drr_policy[TCA_DRR_MAX + 1] = {
	[TCA_DRR_QUANTUM] = { .type = UNL_NLA_U32 },
};

/* drr_change_class() */
static int drr_change_class(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parentid, const struct nlattr **tca,
			    unsigned long *arg, struct unl_ext_ack *extack)
{
	struct drr_class *cl = (struct drr_class *)*arg;
	const struct nlattr *opt = tca[TCA_OPTIONS];
	const struct nlattr *tb[TCA_DRR_MAX + 1];
	struct rtnl_tc_est est;
	uint32_t quantum;
	int err;

	(void)parentid;
	if (!opt) {
		UNL_SET_ERR_MSG(extack, "DRR options are required for this operation");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_DRR_MAX, opt, drr_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (tb[TCA_DRR_QUANTUM]) {
		quantum = unl_nla_get_u32(tb[TCA_DRR_QUANTUM]);
		if (!quantum) {
			UNL_SET_ERR_MSG(extack, "Specified DRR quantum cannot be zero");
			return -EINVAL;
		}
	} else {
		quantum = rtnl_psched_mtu(sch->dev);
	}
	quantum = rtnl_clamp_u32(quantum, 256, 1 << 20);
	/* the class's estimator, or a new class's (made only with it) */
	est = cl ? cl->leaf.est : (struct rtnl_tc_est){ 0 };
	if (tca[TCA_RATE] && rtnl_tc_est_set(&est, tca[TCA_RATE])) {
		UNL_SET_ERR_MSG(extack, "Failed to replace estimator");
		return -EINVAL;
	}
	if (cl) {
		cl->leaf.est = est;
		if (tb[TCA_DRR_QUANTUM])
			cl->quantum = quantum;
		return 0;
	}
	cl = (struct drr_class *)rtnl_leaf_class_new(sch, classid, sizeof(*cl));
	if (!cl)
		return -ENOBUFS;
	cl->leaf.est = est;
	cl->quantum = quantum;
	*arg = (unsigned long)cl;
	return 0;
}

static int drr_delete_class(struct rtnl_qdisc *sch, unsigned long arg,
			    struct unl_ext_ack *extack)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);
	struct drr_class *cl = (struct drr_class *)arg;

	if (rtnl_tcf_class_in_use(sch, cl->leaf.common.classid)) {
		UNL_SET_ERR_MSG(extack, "DRR class is in use");
		return -EBUSY;
	}
	rtnl_class_hash_remove(&q->clhash, &cl->leaf.common);
	rtnl_leaf_class_free(&cl->leaf);
	return 0;
}

static int drr_dump_class(struct rtnl_qdisc *sch, unsigned long arg,
			  struct unl_skb *skb, struct tcmsg *tcm)
{
	struct drr_class *cl = (struct drr_class *)arg;
	struct nlattr *nest;

	(void)sch;
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle = cl->leaf.common.classid;
	tcm->tcm_info = cl->leaf.qdisc ? cl->leaf.qdisc->handle : 0;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest || unl_nla_put_u32(skb, TCA_DRR_QUANTUM, cl->quantum))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* drr_dump_class_stats(): no backlog, so no deficit shown */
static int drr_dump_class_stats(struct rtnl_qdisc *sch, unsigned long arg,
				void *buf)
{
	struct tc_drr_stats xstats;

	(void)sch;
	(void)arg;
	memset(&xstats, 0, sizeof(xstats));
	memcpy(buf, &xstats, sizeof(xstats));
	return sizeof(xstats);
}

/* drr_tcf_block(): the qdisc's filters only, said so of a class */
static bool drr_tcf_block(struct rtnl_qdisc *q, unsigned long cl,
			  struct unl_ext_ack *extack)
{
	(void)q;
	return rtnl_qdisc_block_on_qdisc_said(cl, extack,
					      "DRR classid must be zero");
}

static const struct rtnl_qdisc_class_ops drr_class_ops = {
	.change = drr_change_class,
	.delete = drr_delete_class,
	.find = rtnl_leaf_class_find,
	.tcf_block = drr_tcf_block,
	.graft = rtnl_leaf_class_graft,
	.leaf = rtnl_leaf_class_leaf,
	.dump = drr_dump_class,
	.dump_stats = drr_dump_class_stats,
	.walk = rtnl_leaf_class_walk,
	.rate_est = rtnl_leaf_class_rate_est,
};

const struct rtnl_qdisc_ops rtnl_drr_qdisc_ops = {
	.id = "drr",
	.priv_size = sizeof(struct drr_sched),
	.cl_ops = &drr_class_ops,
	.init = rtnl_leaf_classes_init,
	.destroy = rtnl_leaf_classes_destroy,
};
