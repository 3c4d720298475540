// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qfq (net/sched/sch_qfq.c): Quick Fair Queueing over classes the user
 * makes, each with a weight (1 to 1024, kept as ONE_FP / (ONE_FP / w),
 * which is w itself in that range) and an lmax (512 to 64 KiB; the
 * device's MTU and header when not given, refused outside that range).
 * The weights of all classes may sum to 64 KiB at most.  Linux groups
 * classes of the same weight and lmax in aggregates; what a dump shows
 * is each class's weight and lmax, which is what is kept here.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

#define QFQ_MAX_WEIGHT (1 << 10)
#define QFQ_MAX_WSUM (64 * QFQ_MAX_WEIGHT)
#define QFQ_MIN_LMAX 512
#define QFQ_MAX_LMAX (1u << 16)
#define QFQ_ONE_FP (1u << 30)

struct qfq_class {
	struct rtnl_leaf_class leaf; /* first: the walk's cookie */
	uint32_t weight, lmax;
};

struct qfq_sched {
	struct rtnl_class_hash clhash; /* first: rtnl_leaf_class_* */
	uint32_t wsum;
};
_Static_assert(offsetof(struct qfq_sched, clhash) == 0, "rtnl_leaf_class_*");

static const struct unl_nla_policy qfq_policy[TCA_QFQ_MAX + 1] = {
	[TCA_QFQ_WEIGHT] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, QFQ_MAX_WEIGHT),
	[TCA_QFQ_LMAX] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, QFQ_MIN_LMAX,
					      QFQ_MAX_LMAX),
};

/* Linux 6.4 reworked the parsing of a class's parameters: policy
 * ranges for weight and lmax, and extended-ACK messages for the other
 * refusals, which were plain errnos with a line in the kernel's log.
 * 6.1's stable releases took the ranges but not the messages (Debian's
 * 6.1.192: tc-kinds.6.1.expected), so only the messages follow the
 * profile's release. */
static bool qfq_has_param_messages(const struct rtnl_qdisc *sch)
{
	return unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 604);
}

/* Linux 6.2 gave a class's delete an extended ACK */
static bool qfq_has_delete_message(const struct rtnl_qdisc *sch)
{
	return unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 602);
}

/* weight and lmax of a request: 0 or -errno */
static int qfq_class_params(struct rtnl_qdisc *sch, const struct nlattr **tca,
			    uint32_t *weight, uint32_t *lmax,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_QFQ_MAX + 1];
	int err;

	if (!tca[TCA_OPTIONS]) {
		if (qfq_has_param_messages(sch)) {
			UNL_SET_ERR_ATTR_MISS(extack, NULL, TCA_OPTIONS);
			UNL_SET_ERR_MSG(extack, "sch_qfq: missing options");
		}
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_QFQ_MAX, tca[TCA_OPTIONS],
				   qfq_policy, UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	*weight = tb[TCA_QFQ_WEIGHT] ? unl_nla_get_u32(tb[TCA_QFQ_WEIGHT]) : 1;
	if (tb[TCA_QFQ_LMAX]) {
		*lmax = unl_nla_get_u32(tb[TCA_QFQ_LMAX]);
	} else {
		*lmax = rtnl_psched_mtu(sch->dev);
		if (*lmax < QFQ_MIN_LMAX || *lmax > QFQ_MAX_LMAX) {
			if (qfq_has_param_messages(sch))
				UNL_SET_ERR_MSG(extack, "sch_qfq: MTU size out of bounds for qfq");
			return -EINVAL;
		}
	}
	*weight = QFQ_ONE_FP / (QFQ_ONE_FP / *weight);
	return 0;
}

/* qfq_change_class() */
static int qfq_change_class(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parentid, const struct nlattr **tca,
			    unsigned long *arg, struct unl_ext_ack *extack)
{
	struct qfq_sched *q = rtnl_qdisc_priv(sch);
	struct qfq_class *cl = (struct qfq_class *)*arg;
	struct rtnl_tc_est est;
	uint32_t weight, lmax;
	int delta_w, err;

	(void)parentid;
	err = qfq_class_params(sch, tca, &weight, &lmax, extack);
	if (err)
		return err;
	if (cl && lmax == cl->lmax && weight == cl->weight)
		return 0;
	delta_w = (int)weight - (int)(cl ? cl->weight : 0);
	if ((int64_t)q->wsum + delta_w > QFQ_MAX_WSUM) {
		if (qfq_has_param_messages(sch))
			rtnl_tc_err_fmt(extack,
					"sch_qfq: total weight out of range (%d + %u)\n",
					delta_w, q->wsum);
		return -EINVAL;
	}
	/* (an unchanged weight and lmax returned above: an estimator
	 * with them is ignored, as Linux ignores it) */
	est = cl ? cl->leaf.est : (struct rtnl_tc_est){ 0 };
	if (tca[TCA_RATE] && rtnl_tc_est_set(&est, tca[TCA_RATE]))
		return -EINVAL;
	if (!cl) {
		cl = (struct qfq_class *)rtnl_leaf_class_new(sch, classid,
							     sizeof(*cl));
		if (!cl)
			return -ENOBUFS;
	}
	cl->leaf.est = est;
	q->wsum = (uint32_t)((int)q->wsum + delta_w);
	cl->weight = weight;
	cl->lmax = lmax;
	*arg = (unsigned long)cl;
	return 0;
}

static int qfq_delete_class(struct rtnl_qdisc *sch, unsigned long arg,
			    struct unl_ext_ack *extack)
{
	struct qfq_sched *q = rtnl_qdisc_priv(sch);
	struct qfq_class *cl = (struct qfq_class *)arg;

	if (rtnl_tcf_class_in_use(sch, cl->leaf.common.classid)) {
		if (qfq_has_delete_message(sch))
			UNL_SET_ERR_MSG(extack, "sch_qfq: QFQ class in use");
		return -EBUSY;
	}
	rtnl_class_hash_remove(&q->clhash, &cl->leaf.common);
	q->wsum -= cl->weight;
	rtnl_leaf_class_free(&cl->leaf);
	return 0;
}

static int qfq_dump_class(struct rtnl_qdisc *sch, unsigned long arg,
			  struct unl_skb *skb, struct tcmsg *tcm)
{
	struct qfq_class *cl = (struct qfq_class *)arg;
	struct nlattr *nest;

	(void)sch;
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle = cl->leaf.common.classid;
	tcm->tcm_info = cl->leaf.qdisc ? cl->leaf.qdisc->handle : 0;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest || unl_nla_put_u32(skb, TCA_QFQ_WEIGHT, cl->weight) ||
	    unl_nla_put_u32(skb, TCA_QFQ_LMAX, cl->lmax))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int qfq_dump_class_stats(struct rtnl_qdisc *sch, unsigned long arg,
				void *buf)
{
	struct qfq_class *cl = (struct qfq_class *)arg;
	struct tc_qfq_stats xstats;

	(void)sch;
	memset(&xstats, 0, sizeof(xstats));
	xstats.weight = cl->weight;
	xstats.lmax = cl->lmax;
	memcpy(buf, &xstats, sizeof(xstats));
	return sizeof(xstats);
}

static const struct rtnl_qdisc_class_ops qfq_class_ops = {
	.change = qfq_change_class,
	.delete = qfq_delete_class,
	.find = rtnl_leaf_class_find,
	.tcf_block = rtnl_qdisc_block_on_qdisc,
	.graft = rtnl_leaf_class_graft,
	.leaf = rtnl_leaf_class_leaf,
	.dump = qfq_dump_class,
	.dump_stats = qfq_dump_class_stats,
	.walk = rtnl_leaf_class_walk,
	.rate_est = rtnl_leaf_class_rate_est,
};

const struct rtnl_qdisc_ops rtnl_qfq_qdisc_ops = {
	.id = "qfq",
	.priv_size = sizeof(struct qfq_sched),
	.cl_ops = &qfq_class_ops,
	.init = rtnl_leaf_classes_init,
	.destroy = rtnl_leaf_classes_destroy,
};
