// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * drr (net/sched/sch_drr.c): Deficit Round Robin over classes the user
 * makes (RTM_NEWTCLASS), each with a quantum (the device's MTU and
 * header when not given, clamped to [256, 1 MiB]) and a pfifo leaf.
 * Classes have no parent of their own: they are all the qdisc's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

struct drr_class {
	struct rtnl_leaf_class leaf; /* first: the walk's cookie */
	uint32_t quantum;
};

struct drr_sched {
	struct rtnl_class_hash clhash;
};

static const struct unl_nla_policy drr_policy[TCA_DRR_MAX + 1] = {
	[TCA_DRR_QUANTUM] = { .type = UNL_NLA_U32 },
};

static struct drr_class *drr_find_class(struct rtnl_qdisc *sch,
					uint32_t classid)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);

	return (struct drr_class *)rtnl_class_hash_find(&q->clhash, classid);
}

static struct rtnl_qdisc *drr_dflt_leaf(struct rtnl_qdisc *sch,
					uint32_t classid)
{
	struct rtnl_qdisc *leaf = rtnl_qdisc_create_dflt(
		sch->dev, &rtnl_pfifo_qdisc_ops, classid, sch->dev_queue);

	if (leaf)
		rtnl_qdisc_hash_add(leaf, true);
	return leaf;
}

/* drr_change_class() */
static int drr_change_class(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parentid, const struct nlattr **tca,
			    unsigned long *arg, struct unl_ext_ack *extack)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);
	struct drr_class *cl = (struct drr_class *)*arg;
	const struct nlattr *opt = tca[TCA_OPTIONS];
	const struct nlattr *tb[TCA_DRR_MAX + 1];
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
	if (tca[TCA_RATE]) {
		UNL_SET_ERR_MSG_ATTR(extack, tca[TCA_RATE],
				     "unetlink: size tables and rate estimators are not modelled");
		return -EOPNOTSUPP;
	}
	if (cl) {
		if (tb[TCA_DRR_QUANTUM])
			cl->quantum = quantum;
		return 0;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return -ENOBUFS;
	cl->leaf.common.classid = classid;
	cl->quantum = quantum;
	cl->leaf.qdisc = drr_dflt_leaf(sch, classid);
	rtnl_class_hash_insert(&q->clhash, &cl->leaf.common);
	rtnl_class_hash_grow(&q->clhash);
	*arg = (unsigned long)cl;
	return 0;
}

static void drr_destroy_class(struct drr_class *cl)
{
	rtnl_qdisc_put(cl->leaf.qdisc);
	free(cl);
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
	drr_destroy_class(cl);
	return 0;
}

static unsigned long drr_search_class(struct rtnl_qdisc *sch,
				      uint32_t classid)
{
	return (unsigned long)drr_find_class(sch, classid);
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

static int drr_walk(struct rtnl_qdisc *sch, long skip, long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_class_hash_walk(sch, &q->clhash, skip, count, fn, arg);
}

static int drr_init_qdisc(struct rtnl_qdisc *sch, const struct nlattr *opt,
			  struct unl_ext_ack *extack)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);

	(void)opt;
	(void)extack;
	return rtnl_class_hash_init(&q->clhash);
}

/* rtnl_class_hash_destroy_all()'s destroy */
static void drr_class_gone(struct rtnl_class_common *cl, void *sch)
{
	(void)sch;
	drr_destroy_class((struct drr_class *)cl);
}

static void drr_destroy_qdisc(struct rtnl_qdisc *sch)
{
	struct drr_sched *q = rtnl_qdisc_priv(sch);

	rtnl_class_hash_destroy_all(&q->clhash, drr_class_gone, sch);
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
	.find = drr_search_class,
	.tcf_block = drr_tcf_block,
	.graft = rtnl_leaf_class_graft,
	.leaf = rtnl_leaf_class_leaf,
	.dump = drr_dump_class,
	.dump_stats = drr_dump_class_stats,
	.walk = drr_walk,
};

const struct rtnl_qdisc_ops rtnl_drr_qdisc_ops = {
	.id = "drr",
	.priv_size = sizeof(struct drr_sched),
	.cl_ops = &drr_class_ops,
	.init = drr_init_qdisc,
	.destroy = drr_destroy_qdisc,
};
