// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * skbedit (net/sched/act_skbedit.c): set a packet's priority, queue
 * (or a range hashed over), mark under a mask, packet type, or take the
 * priority from the DS field; kept and reported, never applied.
 */
#include <errno.h>
#include <string.h>

#include <linux/if_packet.h>
#include <linux/tc_act/tc_skbedit.h>

#include "proto/route/sched/cls.h"

struct skbedit {
	uint32_t flags; /* SKBEDIT_F_* */
	uint32_t priority, mark, mask;
	uint16_t queue_mapping, mapping_mod, ptype;
};

static const struct unl_nla_policy skbedit_policy[TCA_SKBEDIT_MAX + 1] = {
	[TCA_SKBEDIT_PARMS] = { .len = sizeof(struct tc_skbedit) },
	[TCA_SKBEDIT_PRIORITY] = { .len = sizeof(uint32_t) },
	[TCA_SKBEDIT_QUEUE_MAPPING] = { .len = sizeof(uint16_t) },
	[TCA_SKBEDIT_MARK] = { .len = sizeof(uint32_t) },
	[TCA_SKBEDIT_PTYPE] = { .len = sizeof(uint16_t) },
	[TCA_SKBEDIT_MASK] = { .len = sizeof(uint32_t) },
	[TCA_SKBEDIT_FLAGS] = { .len = sizeof(uint64_t) },
	[TCA_SKBEDIT_QUEUE_MAPPING_MAX] = { .len = sizeof(uint16_t) },
};

static uint16_t get16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, unl_nla_data(a), sizeof(v));
	return v;
}

static uint32_t get32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, unl_nla_data(a), sizeof(v));
	return v;
}

/* what tcf_skbedit_init() reads before the index: the parameters in
 * *p, or -EINVAL with Linux's message */
static int skbedit_parse(const struct nlattr **tb, struct skbedit *p,
			 struct unl_ext_ack *extack)
{
	memset(p, 0, sizeof(*p));
	p->mapping_mod = 1;
	p->mask = 0xffffffff;
	if (tb[TCA_SKBEDIT_PRIORITY]) {
		p->flags |= SKBEDIT_F_PRIORITY;
		p->priority = get32(tb[TCA_SKBEDIT_PRIORITY]);
	}
	if (tb[TCA_SKBEDIT_QUEUE_MAPPING]) {
		p->flags |= SKBEDIT_F_QUEUE_MAPPING;
		p->queue_mapping = get16(tb[TCA_SKBEDIT_QUEUE_MAPPING]);
	}
	if (tb[TCA_SKBEDIT_PTYPE]) {
		p->ptype = get16(tb[TCA_SKBEDIT_PTYPE]);
		/* skb_pkt_type_ok() */
		if (p->ptype > PACKET_OTHERHOST)
			return -EINVAL;
		p->flags |= SKBEDIT_F_PTYPE;
	}
	if (tb[TCA_SKBEDIT_MARK]) {
		p->flags |= SKBEDIT_F_MARK;
		p->mark = get32(tb[TCA_SKBEDIT_MARK]);
	}
	if (tb[TCA_SKBEDIT_MASK]) {
		p->flags |= SKBEDIT_F_MASK;
		p->mask = get32(tb[TCA_SKBEDIT_MASK]);
	}
	if (tb[TCA_SKBEDIT_FLAGS]) {
		uint64_t pure;

		memcpy(&pure, unl_nla_data(tb[TCA_SKBEDIT_FLAGS]), sizeof(pure));
		if (pure & SKBEDIT_F_TXQ_SKBHASH) {
			uint16_t max;

			if (!tb[TCA_SKBEDIT_QUEUE_MAPPING] ||
			    !tb[TCA_SKBEDIT_QUEUE_MAPPING_MAX]) {
				UNL_SET_ERR_MSG(extack, "act_skbedit: Missing required range of queue_mapping.");
				return -EINVAL;
			}
			max = get16(tb[TCA_SKBEDIT_QUEUE_MAPPING_MAX]);
			if (max < p->queue_mapping) {
				UNL_SET_ERR_MSG(extack, "act_skbedit: The range of queue_mapping is invalid, max < min.");
				return -EINVAL;
			}
			p->mapping_mod = (uint16_t)(max - p->queue_mapping + 1);
			p->flags |= SKBEDIT_F_TXQ_SKBHASH;
		}
		if (pure & SKBEDIT_F_INHERITDSFIELD)
			p->flags |= SKBEDIT_F_INHERITDSFIELD;
	}
	return 0;
}

/* tcf_skbedit_init(): its parse tells no message (NULL extack) */
static int skbedit_init(struct rtnl_net *rn, const struct nlattr *nla,
			const struct nlattr *est, struct rtnl_tc_action **a,
			struct rtnl_tcf_proto *tp,
			uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_SKBEDIT_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	const struct tc_skbedit *parm;
	struct skbedit p;
	uint32_t index;
	int exists, ret = RTNL_ACT_P_BOUND, err;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_SKBEDIT_MAX, nla, skbedit_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_SKBEDIT_PARMS])
		return -EINVAL;
	err = skbedit_parse(tb, &p, extack);
	if (err)
		return err;
	parm = unl_nla_data(tb[TCA_SKBEDIT_PARMS]);
	index = parm->index;
	exists = rtnl_tcf_idr_check_alloc(rn, &rtnl_act_skbedit_ops, &index, a,
					  bind);
	if (exists < 0)
		return exists;
	if (exists && bind)
		return RTNL_ACT_P_BOUND;
	if (!p.flags) {
		if (exists)
			rtnl_tcf_idr_release(*a, bind);
		return -EINVAL;
	}
	if (!exists) {
		err = rtnl_tcf_idr_create(rn, &rtnl_act_skbedit_ops, index, est, a,
					  bind, flags);
		if (err)
			return err;
		ret = RTNL_ACT_P_CREATED;
	} else if (!(flags & RTNL_TCA_ACT_FLAGS_REPLACE)) {
		rtnl_tcf_idr_release(*a, bind);
		return -EEXIST;
	}
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	memcpy(rtnl_tc_action_priv(*a), &p, sizeof(p));
	return ret;
}

/* tcf_skbedit_dump() */
static int skbedit_dump(struct unl_skb *skb, struct rtnl_tc_action *a,
			int bind, int ref)
{
	const struct skbedit *p = rtnl_tc_action_priv(a);
	struct tc_skbedit opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
	};
	uint64_t pure = 0;
	struct tcf_t t;

	if (unl_nla_put(skb, TCA_SKBEDIT_PARMS, sizeof(opt), &opt) ||
	    ((p->flags & SKBEDIT_F_PRIORITY) &&
	     unl_nla_put_u32(skb, TCA_SKBEDIT_PRIORITY, p->priority)) ||
	    ((p->flags & SKBEDIT_F_QUEUE_MAPPING) &&
	     unl_nla_put_u16(skb, TCA_SKBEDIT_QUEUE_MAPPING, p->queue_mapping)) ||
	    ((p->flags & SKBEDIT_F_MARK) &&
	     unl_nla_put_u32(skb, TCA_SKBEDIT_MARK, p->mark)) ||
	    ((p->flags & SKBEDIT_F_PTYPE) &&
	     unl_nla_put_u16(skb, TCA_SKBEDIT_PTYPE, p->ptype)) ||
	    ((p->flags & SKBEDIT_F_MASK) &&
	     unl_nla_put_u32(skb, TCA_SKBEDIT_MASK, p->mask)))
		return -EMSGSIZE;
	if (p->flags & SKBEDIT_F_INHERITDSFIELD)
		pure |= SKBEDIT_F_INHERITDSFIELD;
	if (p->flags & SKBEDIT_F_TXQ_SKBHASH) {
		if (unl_nla_put_u16(skb, TCA_SKBEDIT_QUEUE_MAPPING_MAX,
				    (uint16_t)(p->queue_mapping +
					       p->mapping_mod - 1)))
			return -EMSGSIZE;
		pure |= SKBEDIT_F_TXQ_SKBHASH;
	}
	rtnl_tcf_tm_dump(&t, a);
	if ((pure && unl_nla_put(skb, TCA_SKBEDIT_FLAGS, sizeof(pure), &pure)) ||
	    unl_nla_put(skb, TCA_SKBEDIT_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

/* tcf_skbedit_offload_act_setup(): a mark, a packet type, a priority
 * or a queue mapping alone */
static int skbedit_offload_setup(struct rtnl_tc_action *a, bool bind,
				 struct unl_ext_ack *extack)
{
	const struct skbedit *p = rtnl_tc_action_priv(a);

	(void)bind;
	(void)extack;
	switch (p->flags) {
	case SKBEDIT_F_MARK:
	case SKBEDIT_F_PTYPE:
	case SKBEDIT_F_PRIORITY:
	case SKBEDIT_F_QUEUE_MAPPING:
		return 0;
	}
	return -EOPNOTSUPP;
}

const struct rtnl_tc_action_ops rtnl_act_skbedit_ops = {
	.kind = "skbedit",
	.id = TCA_ID_SKBEDIT,
	.priv_size = sizeof(struct skbedit),
	.init = skbedit_init,
	.dump = skbedit_dump,
	.offload_setup = skbedit_offload_setup,
};
