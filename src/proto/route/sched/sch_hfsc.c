// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hfsc (net/sched/sch_hfsc.c): Hierarchical Fair Service Curve.  The
 * qdisc has a root class (its own handle) and the user's classes below
 * it, each with a real-time, a link-sharing and an upper-limit curve
 * (rsc, fsc, usc; a curve of two zero slopes is none).  Curves are kept
 * as Linux keeps them (slopes in bytes per psched tick << SM_SHIFT,
 * delays in ticks), so what is dumped back is what that rounding
 * leaves.  A leaf (level 0) has a pfifo; an inner class has none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

#define HFSC_RSC 0x1
#define HFSC_FSC 0x2
#define HFSC_USC 0x4

#define PSCHED_TICKS_PER_SEC (1000000000ull >> 6)
#define SM_SHIFT (30 - 6)

/* a curve as kept: the parts a dump converts back */
struct hfsc_isc {
	uint64_t sm1, dx, sm2;
};

struct hfsc_class {
	struct rtnl_class_common common; /* first: the walk's cookie */
	struct hfsc_class *parent;       /* NULL: the root class */
	unsigned int level;
	int flags;
	struct hfsc_isc rsc, fsc, usc;
	struct rtnl_qdisc *qdisc; /* NULL: noop */
	struct rtnl_tc_est est;
};

struct hfsc_sched {
	uint16_t defcls;
	struct hfsc_class root;
	struct rtnl_class_hash clhash;
};

static const struct unl_nla_policy hfsc_policy[TCA_HFSC_MAX + 1] = {
	[TCA_HFSC_RSC] = { .len = sizeof(struct tc_service_curve) },
	[TCA_HFSC_FSC] = { .len = sizeof(struct tc_service_curve) },
	[TCA_HFSC_USC] = { .len = sizeof(struct tc_service_curve) },
};

/* m2sm(), d2dx(), sm2m(), dx2d() */
static void sc2isc(const struct tc_service_curve *sc, struct hfsc_isc *isc)
{
	isc->sm1 = (((uint64_t)sc->m1 << SM_SHIFT) + PSCHED_TICKS_PER_SEC - 1) /
		   PSCHED_TICKS_PER_SEC;
	isc->dx = ((uint64_t)sc->d * PSCHED_TICKS_PER_SEC + 1000000 - 1) /
		  1000000;
	isc->sm2 = (((uint64_t)sc->m2 << SM_SHIFT) + PSCHED_TICKS_PER_SEC - 1) /
		   PSCHED_TICKS_PER_SEC;
}

static void isc2sc(const struct hfsc_isc *isc, struct tc_service_curve *sc)
{
	sc->m1 = (uint32_t)((isc->sm1 * PSCHED_TICKS_PER_SEC) >> SM_SHIFT);
	sc->d = (uint32_t)(isc->dx * 1000000 / PSCHED_TICKS_PER_SEC);
	sc->m2 = (uint32_t)((isc->sm2 * PSCHED_TICKS_PER_SEC) >> SM_SHIFT);
}

static struct hfsc_class *hfsc_find_class(uint32_t classid,
					  struct rtnl_qdisc *sch)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	return (struct hfsc_class *)rtnl_class_hash_find(&q->clhash, classid);
}

/* hfsc_adjust_levels(): one above the highest child, up to the root */
static void hfsc_adjust_levels(struct rtnl_qdisc *sch, struct hfsc_class *cl)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	do {
		unsigned int level = 0;

		for (unsigned int i = 0; i < q->clhash.hashsize; i++)
			for (struct rtnl_class_common *c = q->clhash.hash[i];
			     c; c = c->hnext) {
				struct hfsc_class *p = (struct hfsc_class *)c;

				if (p->parent == cl && p->level >= level)
					level = p->level + 1;
			}
		cl->level = level;
	} while ((cl = cl->parent) != NULL);
}

static struct rtnl_qdisc *hfsc_dflt_leaf(struct rtnl_qdisc *sch,
					 uint32_t parent)
{
	struct rtnl_qdisc *leaf = rtnl_qdisc_create_dflt(
		sch->dev, &rtnl_pfifo_qdisc_ops, parent, sch->dev_queue);

	if (leaf)
		rtnl_qdisc_hash_add(leaf, true);
	return leaf;
}

/* a curve of the request, NULL when absent or of two zero slopes */
static const struct tc_service_curve *hfsc_curve(const struct nlattr *a)
{
	const struct tc_service_curve *sc;

	if (!a)
		return NULL;
	sc = unl_nla_data(a);
	return sc->m1 == 0 && sc->m2 == 0 ? NULL : sc;
}

static void hfsc_set_curves(struct hfsc_class *cl,
			    const struct tc_service_curve *rsc,
			    const struct tc_service_curve *fsc,
			    const struct tc_service_curve *usc)
{
	if (rsc) {
		sc2isc(rsc, &cl->rsc);
		cl->flags |= HFSC_RSC;
	}
	if (fsc) {
		sc2isc(fsc, &cl->fsc);
		cl->flags |= HFSC_FSC;
	}
	if (usc) {
		sc2isc(usc, &cl->usc);
		cl->flags |= HFSC_USC;
	}
}

/* hfsc_change_class(): parsed without an extended ACK, as Linux does */
static int hfsc_change_class(struct rtnl_qdisc *sch, uint32_t classid,
			     uint32_t parentid, const struct nlattr **tca,
			     unsigned long *arg, struct unl_ext_ack *extack)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);
	struct hfsc_class *cl = (struct hfsc_class *)*arg, *parent;
	const struct tc_service_curve *rsc, *fsc, *usc;
	const struct nlattr *tb[TCA_HFSC_MAX + 1];
	struct rtnl_tc_est est = { 0 };
	int err;

	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_HFSC_MAX, tca[TCA_OPTIONS],
				   hfsc_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	rsc = hfsc_curve(tb[TCA_HFSC_RSC]);
	fsc = hfsc_curve(tb[TCA_HFSC_FSC]);
	usc = hfsc_curve(tb[TCA_HFSC_USC]);
	if (cl) {
		if (parentid) {
			if (cl->parent && cl->parent->common.classid != parentid)
				return -EINVAL;
			if (!cl->parent && parentid != TC_H_ROOT)
				return -EINVAL;
		}
		if (tca[TCA_RATE] && rtnl_tc_est_set(&cl->est, tca[TCA_RATE]))
			return -EINVAL;
		hfsc_set_curves(cl, rsc, fsc, usc);
		return 0;
	}
	if (parentid == TC_H_ROOT)
		return -EEXIST;
	parent = &q->root;
	if (parentid) {
		parent = hfsc_find_class(parentid, sch);
		if (!parent)
			return -ENOENT;
	}
	if (classid == 0 || TC_H_MAJ(classid ^ sch->handle) != 0)
		return -EINVAL;
	if (hfsc_find_class(classid, sch))
		return -EEXIST;
	if (!rsc && !fsc)
		return -EINVAL;
	if (tca[TCA_RATE] && rtnl_tc_est_set(&est, tca[TCA_RATE]))
		return -EINVAL;
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return -ENOBUFS;
	cl->est = est;
	hfsc_set_curves(cl, rsc, fsc, usc);
	cl->common.classid = classid;
	cl->parent = parent;
	cl->qdisc = hfsc_dflt_leaf(sch, classid);
	/* hfsc_upgrade_rt(): an inner class needs a link-sharing curve */
	if (!(parent->flags & HFSC_FSC) && parent != &q->root) {
		UNL_SET_ERR_MSG(extack, "Forced curve change on parent 'rt' to 'sc'");
		parent->fsc = parent->rsc;
		parent->flags |= HFSC_FSC;
	}
	rtnl_class_hash_insert(&q->clhash, &cl->common);
	hfsc_adjust_levels(sch, parent);
	rtnl_class_hash_grow(&q->clhash);
	*arg = (unsigned long)cl;
	return 0;
}

static void hfsc_destroy_class(struct rtnl_qdisc *sch, struct hfsc_class *cl)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(cl->qdisc);
	cl->qdisc = NULL;
	if (cl != &q->root)
		free(cl);
}

static int hfsc_delete_class(struct rtnl_qdisc *sch, unsigned long arg,
			     struct unl_ext_ack *extack)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);
	struct hfsc_class *cl = (struct hfsc_class *)arg;

	if (cl->level > 0 || cl == &q->root ||
	    rtnl_tcf_class_in_use(sch, cl->common.classid)) {
		/* with a message from Linux 6.2, which gave a class's
		 * delete an extended ACK (Debian's 6.1 has none) */
		if (unl_profile_at_least(unl_net_profile(sch->dev->rn->net),
					 602))
			UNL_SET_ERR_MSG(extack, "HFSC class in use");
		return -EBUSY;
	}
	rtnl_class_hash_remove(&q->clhash, &cl->common);
	hfsc_adjust_levels(sch, cl->parent);
	hfsc_destroy_class(sch, cl);
	return 0;
}

static unsigned long hfsc_search_class(struct rtnl_qdisc *sch,
				       uint32_t classid)
{
	return (unsigned long)hfsc_find_class(classid, sch);
}

/* every class has a block of its own */
static bool hfsc_tcf_block(struct rtnl_qdisc *sch, unsigned long cl,
			   struct unl_ext_ack *extack)
{
	(void)extack;
	(void)sch;
	(void)cl;
	return true;
}

static int hfsc_graft_class(struct rtnl_qdisc *sch, unsigned long arg,
			    struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			    struct unl_ext_ack *extack)
{
	struct hfsc_class *cl = (struct hfsc_class *)arg;

	(void)extack;
	if (cl->level > 0)
		return -EINVAL;
	/* a default pfifo that, unlike the class's first, is not put in
	 * the device's hash: Linux lists it nowhere */
	if (!new)
		new = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					     cl->common.classid, sch->dev_queue);
	*old = cl->qdisc;
	cl->qdisc = new;
	return 0;
}

static struct rtnl_qdisc *hfsc_class_leaf(struct rtnl_qdisc *sch,
					  unsigned long arg)
{
	struct hfsc_class *cl = (struct hfsc_class *)arg;

	(void)sch;
	return cl->level == 0 ? cl->qdisc : NULL;
}

static int hfsc_dump_sc(struct unl_skb *skb, int attr,
			const struct hfsc_isc *isc)
{
	struct tc_service_curve tsc;

	isc2sc(isc, &tsc);
	return unl_nla_put(skb, attr, sizeof(tsc), &tsc);
}

static int hfsc_dump_class(struct rtnl_qdisc *sch, unsigned long arg,
			   struct unl_skb *skb, struct tcmsg *tcm)
{
	struct hfsc_class *cl = (struct hfsc_class *)arg;
	struct nlattr *nest;

	(void)sch;
	tcm->tcm_parent = cl->parent ? cl->parent->common.classid : TC_H_ROOT;
	tcm->tcm_handle = cl->common.classid;
	if (cl->level == 0)
		tcm->tcm_info = cl->qdisc ? cl->qdisc->handle : 0;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    ((cl->flags & HFSC_RSC) &&
	     hfsc_dump_sc(skb, TCA_HFSC_RSC, &cl->rsc)) ||
	    ((cl->flags & HFSC_FSC) &&
	     hfsc_dump_sc(skb, TCA_HFSC_FSC, &cl->fsc)) ||
	    ((cl->flags & HFSC_USC) &&
	     hfsc_dump_sc(skb, TCA_HFSC_USC, &cl->usc)))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* nothing sent: no work, no period; the class's level */
static int hfsc_dump_class_stats(struct rtnl_qdisc *sch, unsigned long arg,
				 void *buf)
{
	struct hfsc_class *cl = (struct hfsc_class *)arg;
	struct tc_hfsc_stats xstats;

	(void)sch;
	memset(&xstats, 0, sizeof(xstats));
	xstats.level = cl->level;
	memcpy(buf, &xstats, sizeof(xstats));
	return sizeof(xstats);
}

static int hfsc_walk(struct rtnl_qdisc *sch, long skip, long *count,
		     int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		     void *arg)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_class_hash_walk(sch, &q->clhash, skip, count, fn, arg);
}

static int hfsc_init_qdisc(struct rtnl_qdisc *sch, const struct nlattr *opt,
			   struct unl_ext_ack *extack)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);
	int err;

	(void)extack;
	if (!opt || unl_nla_len(opt) < (int)sizeof(struct tc_hfsc_qopt))
		return -EINVAL;
	q->defcls = ((const struct tc_hfsc_qopt *)unl_nla_data(opt))->defcls;
	err = rtnl_class_hash_init(&q->clhash);
	if (err)
		return err;
	q->root.common.classid = sch->handle;
	q->root.qdisc = hfsc_dflt_leaf(sch, sch->handle);
	rtnl_class_hash_insert(&q->clhash, &q->root.common);
	rtnl_class_hash_grow(&q->clhash);
	return 0;
}

static int hfsc_change_qdisc(struct rtnl_qdisc *sch, const struct nlattr *opt,
			     struct unl_ext_ack *extack)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	if (unl_nla_len(opt) < (int)sizeof(struct tc_hfsc_qopt))
		return -EINVAL;
	q->defcls = ((const struct tc_hfsc_qopt *)unl_nla_data(opt))->defcls;
	return 0;
}

/* rtnl_class_hash_destroy_all()'s destroy */
static void hfsc_class_gone(struct rtnl_class_common *cl, void *sch)
{
	hfsc_destroy_class((struct rtnl_qdisc *)sch, (struct hfsc_class *)cl);
}

static void hfsc_destroy_qdisc(struct rtnl_qdisc *sch)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);

	rtnl_class_hash_destroy_all(&q->clhash, hfsc_class_gone, sch);
}

static int hfsc_dump_qdisc(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct hfsc_sched *q = rtnl_qdisc_priv(sch);
	struct tc_hfsc_qopt qopt = { .defcls = q->defcls };

	return unl_nla_put(skb, TCA_OPTIONS, sizeof(qopt), &qopt);
}

static const struct rtnl_tc_est *hfsc_rate_est(struct rtnl_qdisc *sch,
					       unsigned long arg)
{
	(void)sch;
	return &((struct hfsc_class *)arg)->est;
}

static const struct rtnl_qdisc_class_ops hfsc_class_ops = {
	.change = hfsc_change_class,
	.delete = hfsc_delete_class,
	.graft = hfsc_graft_class,
	.leaf = hfsc_class_leaf,
	.find = hfsc_search_class,
	.tcf_block = hfsc_tcf_block,
	.dump = hfsc_dump_class,
	.dump_stats = hfsc_dump_class_stats,
	.walk = hfsc_walk,
	.rate_est = hfsc_rate_est,
};

const struct rtnl_qdisc_ops rtnl_hfsc_qdisc_ops = {
	.id = "hfsc",
	.priv_size = sizeof(struct hfsc_sched),
	.cl_ops = &hfsc_class_ops,
	.init = hfsc_init_qdisc,
	.change = hfsc_change_qdisc,
	.destroy = hfsc_destroy_qdisc,
	.dump = hfsc_dump_qdisc,
};
