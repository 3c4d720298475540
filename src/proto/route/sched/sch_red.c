// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * red (net/sched/sch_red.c): Random Early Detection over a bfifo child
 * of the limit's bytes (noop with limit 0), one class holding it.  The
 * flags come in the tc_red_qopt (historic ones: ecn, harddrop,
 * adaptative, with any other bits kept as the user's) or as a bitfield
 * (TCA_RED_FLAGS: those and nodrop), never both.  The qevent blocks
 * (TCA_RED_EARLY_DROP_BLOCK, TCA_RED_MARK_BLOCK) bind shared filter
 * blocks, which this model does not keep: refused, unless 0 (none).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "proto/route/sched/red.h"
#include "proto/route/sched/sched.h"

#define RED_HISTORIC_FLAGS (TC_RED_ECN | TC_RED_HARDDROP | TC_RED_ADAPTATIVE)
#define RED_SUPPORTED_FLAGS (RED_HISTORIC_FLAGS | TC_RED_NODROP)

struct red_sched {
	struct rtnl_qdisc *qdisc; /* first (rtnl_one_child_*); NULL: noop */
	uint32_t limit;
	unsigned char flags, userbits;
	struct rtnl_red_parms parms;
};
_Static_assert(offsetof(struct red_sched, qdisc) == 0, "rtnl_one_child_*");

static const struct unl_nla_policy red_policy[TCA_RED_MAX + 1] = {
	[TCA_RED_UNSPEC] = { .strict_start_type = TCA_RED_FLAGS },
	[TCA_RED_PARMS] = { .len = sizeof(struct tc_red_qopt) },
	[TCA_RED_STAB] = { .len = RTNL_RED_STAB_SIZE },
	[TCA_RED_MAX_P] = { .type = UNL_NLA_U32 },
	[TCA_RED_FLAGS] = UNL_NLA_POLICY_BITFIELD32(RED_SUPPORTED_FLAGS),
	[TCA_RED_EARLY_DROP_BLOCK] = { .type = UNL_NLA_U32 },
	[TCA_RED_MARK_BLOCK] = { .type = UNL_NLA_U32 },
};

/* red_get_flags(): selector and value, and the user's other bits */
static int red_get_flags(unsigned char qopt_flags, const struct nlattr *attr,
			 struct nla_bitfield32 *bf, unsigned char *userbits,
			 struct unl_ext_ack *extack)
{
	if (qopt_flags && attr) {
		UNL_SET_ERR_MSG(extack, "sch_red: flags should be passed either through qopt, or through a dedicated attribute");
		return -EINVAL;
	}
	if (attr) {
		memcpy(bf, unl_nla_data(attr), sizeof(*bf));
	} else {
		bf->selector = RED_HISTORIC_FLAGS;
		bf->value = qopt_flags & RED_HISTORIC_FLAGS;
	}
	*userbits = qopt_flags & ~RED_HISTORIC_FLAGS;
	return 0;
}

/* tcf_qevent_init() / tcf_qevent_validate_change(): a block index of 0
 * is none */
static int red_qevents(const struct nlattr **tb, struct unl_ext_ack *extack)
{
	static const int attrs[] = { TCA_RED_EARLY_DROP_BLOCK,
				     TCA_RED_MARK_BLOCK };

	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (tb[attrs[i]] && unl_nla_get_u32(tb[attrs[i]])) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[attrs[i]],
					     "unetlink: qevent blocks are not modelled");
			return -EOPNOTSUPP;
		}
	return 0;
}

/* __red_change() */
static int red_apply(struct rtnl_qdisc *sch, const struct nlattr **tb,
		     struct unl_ext_ack *extack)
{
	struct red_sched *q = rtnl_qdisc_priv(sch);
	struct rtnl_qdisc *child = NULL;
	const struct tc_red_qopt *ctl;
	struct nla_bitfield32 bf;
	unsigned char userbits, flags;
	uint32_t max_P;
	int err;

	if (!tb[TCA_RED_PARMS] || !tb[TCA_RED_STAB])
		return -EINVAL;
	max_P = tb[TCA_RED_MAX_P] ? unl_nla_get_u32(tb[TCA_RED_MAX_P]) : 0;
	ctl = unl_nla_data(tb[TCA_RED_PARMS]);
	if (!rtnl_red_check_params(ctl->qth_min, ctl->qth_max, ctl->Wlog,
				   ctl->Scell_log,
				   unl_nla_data(tb[TCA_RED_STAB])))
		return -EINVAL;
	err = red_get_flags(ctl->flags, tb[TCA_RED_FLAGS], &bf, &userbits,
			    extack);
	if (err)
		return err;
	if (ctl->limit > 0) {
		child = rtnl_fifo_create_dflt(sch, &rtnl_bfifo_qdisc_ops,
					      ctl->limit);
		if (!child)
			return -ENOMEM;
		rtnl_qdisc_hash_add(child, true);
	}
	flags = (unsigned char)((q->flags & ~bf.selector) | bf.value);
	if ((flags & TC_RED_NODROP) && !(flags & TC_RED_ECN)) {
		UNL_SET_ERR_MSG(extack, "sch_red: nodrop mode is only meaningful with ECN");
		rtnl_qdisc_put(child);
		return -EINVAL;
	}
	q->flags = flags;
	q->userbits = userbits;
	q->limit = ctl->limit;
	if (child) {
		rtnl_qdisc_put(q->qdisc);
		q->qdisc = child;
	}
	rtnl_red_set_parms(&q->parms, ctl, max_P);
	return 0;
}

static int red_parse(const struct nlattr *opt, const struct nlattr **tb,
		     struct unl_ext_ack *extack)
{
	return unl_nla_parse_nested(tb, TCA_RED_MAX, opt, red_policy,
				    UNL_VALIDATE_LIBERAL, extack);
}

static int red_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_RED_MAX + 1];
	int err;

	if (!opt)
		return -EINVAL;
	err = red_parse(opt, tb, extack);
	if (!err)
		err = red_apply(sch, tb, extack);
	if (!err)
		err = red_qevents(tb, extack);
	return err;
}

static int red_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_RED_MAX + 1];
	int err = red_parse(opt, tb, extack);

	if (!err)
		err = red_qevents(tb, extack);
	if (!err)
		err = red_apply(sch, tb, extack);
	return err;
}

static void red_destroy(struct rtnl_qdisc *sch)
{
	struct red_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->qdisc);
	q->qdisc = NULL;
}

static int red_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct red_sched *q = rtnl_qdisc_priv(sch);
	struct nla_bitfield32 bf = { .value = q->flags,
				     .selector = RED_SUPPORTED_FLAGS };
	struct tc_red_qopt opt = { 0 };
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	rtnl_red_fill_qopt(&opt, &q->parms, q->limit,
			   (unsigned char)((q->flags & RED_HISTORIC_FLAGS) |
					   q->userbits));
	if (!nest || unl_nla_put(skb, TCA_RED_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put_u32(skb, TCA_RED_MAX_P, q->parms.max_P) ||
	    unl_nla_put(skb, TCA_RED_FLAGS, sizeof(bf), &bf))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int red_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_red_xstats st = { 0 };

	(void)sch;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

static const struct rtnl_qdisc_class_ops red_class_ops = {
	.find = rtnl_one_child_find,
	.leaf = rtnl_one_child_leaf,
	.graft = rtnl_one_child_graft,
	.walk = rtnl_one_child_walk,
	.dump = rtnl_one_child_dump,
};

const struct rtnl_qdisc_ops rtnl_red_qdisc_ops = {
	.id = "red",
	.priv_size = sizeof(struct red_sched),
	.cl_ops = &red_class_ops,
	.init = red_init,
	.change = red_change,
	.destroy = red_destroy,
	.dump = red_dump,
	.xstats = red_xstats,
};
