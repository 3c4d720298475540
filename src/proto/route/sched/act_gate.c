// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gate (net/sched/act_gate.c): a time schedule of open and closed
 * intervals (IEEE 802.1Qci), on a clock, with a base time and a cycle.
 * Kept and dumped as Linux keeps it; no timer runs and no packet
 * passes.  A replaced gate's new entries follow its old ones, numbered
 * from 0 again, as in Linux.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/tc_act/tc_gate.h>

#include "proto/route/sched/cls.h"

struct gate_entry {
	struct gate_entry *next;
	uint32_t index, interval;
	bool open;
	int32_t ipv, maxoctets;
};

struct gate {
	int32_t priority, clockid;
	uint32_t flags;
	uint64_t basetime, cycletime, cycletime_ext;
	struct gate_entry *entries;
};

static const struct unl_nla_policy entry_policy[TCA_GATE_ENTRY_MAX + 1] = {
	[TCA_GATE_ENTRY_INDEX] = { .type = UNL_NLA_U32 },
	[TCA_GATE_ENTRY_GATE] = { .type = UNL_NLA_FLAG },
	[TCA_GATE_ENTRY_INTERVAL] = { .type = UNL_NLA_U32 },
	[TCA_GATE_ENTRY_IPV] = { .type = UNL_NLA_S32 },
	[TCA_GATE_ENTRY_MAX_OCTETS] = { .type = UNL_NLA_S32 },
};

static const struct unl_nla_policy gate_policy[TCA_GATE_MAX + 1] = {
	[TCA_GATE_PARMS] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct tc_gate)),
	[TCA_GATE_PRIORITY] = { .type = UNL_NLA_S32 },
	[TCA_GATE_ENTRY_LIST] = { .type = UNL_NLA_NESTED },
	[TCA_GATE_BASE_TIME] = { .type = UNL_NLA_U64 },
	[TCA_GATE_CYCLE_TIME] = { .type = UNL_NLA_U64 },
	[TCA_GATE_CYCLE_TIME_EXT] = { .type = UNL_NLA_U64 },
	[TCA_GATE_FLAGS] = { .type = UNL_NLA_U32 },
	[TCA_GATE_CLOCKID] = { .type = UNL_NLA_S32 },
};

static void gate_free_entries(struct gate_entry *e)
{
	while (e) {
		struct gate_entry *next = e->next;

		free(e);
		e = next;
	}
}

/* parse_gate_entry() and fill_gate_entry() */
static int gate_entry(const struct nlattr *n, uint32_t index,
		      struct gate_entry **out, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_GATE_ENTRY_MAX + 1];
	struct gate_entry *e;
	uint32_t interval = 0;

	if (unl_nla_parse_nested(tb, TCA_GATE_ENTRY_MAX, n, entry_policy,
				 UNL_VALIDATE_STRICT, extack)) {
		UNL_SET_ERR_MSG(extack, "Could not parse nested entry");
		return -EINVAL;
	}
	if (tb[TCA_GATE_ENTRY_INTERVAL])
		interval = unl_nla_get_u32(tb[TCA_GATE_ENTRY_INTERVAL]);
	if (!interval) {
		UNL_SET_ERR_MSG(extack, "Invalid interval for schedule entry");
		return -EINVAL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		UNL_SET_ERR_MSG(extack, "Not enough memory for entry");
		return -ENOMEM;
	}
	e->index = index;
	e->open = tb[TCA_GATE_ENTRY_GATE];
	e->interval = interval;
	e->ipv = tb[TCA_GATE_ENTRY_IPV] ?
			 (int32_t)unl_nla_get_u32(tb[TCA_GATE_ENTRY_IPV]) : -1;
	e->maxoctets = tb[TCA_GATE_ENTRY_MAX_OCTETS] ?
			       (int32_t)unl_nla_get_u32(tb[TCA_GATE_ENTRY_MAX_OCTETS]) :
			       -1;
	*out = e;
	return 0;
}

/* parse_gate_list(): the entries, appended to *list */
static int gate_list(const struct nlattr *list, struct gate_entry **head,
		     struct unl_ext_ack *extack)
{
	struct gate_entry *added = NULL, **tail = &added, **end;
	const struct nlattr *n;
	uint32_t i = 0;
	int rem, err;

	unl_nla_for_each_nested(n, list, rem) {
		if (unl_nla_type(n) != TCA_GATE_ONE_ENTRY) {
			UNL_SET_ERR_MSG(extack, "Attribute isn't type 'entry'");
			continue;
		}
		err = gate_entry(n, i, tail, extack);
		if (err) {
			gate_free_entries(added);
			return err;
		}
		tail = &(*tail)->next;
		i++;
	}
	for (end = head; *end; end = &(*end)->next)
		;
	*end = added;
	return 0;
}

/* the clock of tb: TAI unless one of four is named */
static int gate_clockid(const struct nlattr **tb, int32_t *clockid,
			struct unl_ext_ack *extack)
{
	*clockid = CLOCK_TAI;
	if (!tb[TCA_GATE_CLOCKID])
		return 0;
	*clockid = (int32_t)unl_nla_get_u32(tb[TCA_GATE_CLOCKID]);
	switch (*clockid) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return 0;
	}
	UNL_SET_ERR_MSG(extack, "Invalid 'clockid'");
	return -EINVAL;
}

/* what the schedule of tb makes of g, or -errno with g as it was */
static int gate_params(const struct nlattr **tb, struct gate *g,
		       int32_t clockid, struct unl_ext_ack *extack)
{
	struct gate n = *g;
	int err;

	n.priority = tb[TCA_GATE_PRIORITY] ?
			     (int32_t)unl_nla_get_u32(tb[TCA_GATE_PRIORITY]) : -1;
	n.basetime = tb[TCA_GATE_BASE_TIME] ? unl_nla_get_u64(tb[TCA_GATE_BASE_TIME]) : 0;
	n.flags = tb[TCA_GATE_FLAGS] ? unl_nla_get_u32(tb[TCA_GATE_FLAGS]) : 0;
	n.cycletime = tb[TCA_GATE_CYCLE_TIME] ? unl_nla_get_u64(tb[TCA_GATE_CYCLE_TIME]) : 0;
	if (tb[TCA_GATE_ENTRY_LIST]) {
		err = gate_list(tb[TCA_GATE_ENTRY_LIST], &g->entries, extack);
		if (err)
			return err;
		n.entries = g->entries;
	}
	if (!n.cycletime) {
		for (struct gate_entry *e = n.entries; e; e = e->next)
			n.cycletime += e->interval;
		if (!n.cycletime)
			return -EINVAL;
	}
	if (tb[TCA_GATE_CYCLE_TIME_EXT])
		n.cycletime_ext = unl_nla_get_u64(tb[TCA_GATE_CYCLE_TIME_EXT]);
	n.clockid = clockid;
	*g = n;
	return 0;
}

/* tcf_gate_init() */
static int gate_init(struct rtnl_net *rn, const struct nlattr *nla,
		     const struct nlattr *est, struct rtnl_tc_action **a,
		     struct rtnl_tcf_proto *tp,
		     uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_GATE_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_gate *parm;
	int32_t clockid;
	uint32_t index;

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_GATE_MAX, nla, gate_policy,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!tb[TCA_GATE_PARMS])
		return -EINVAL;
	err = gate_clockid(tb, &clockid, extack);
	if (err)
		return err;
	parm = unl_nla_data(tb[TCA_GATE_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_gate_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (!err) {
		err = gate_params(tb, rtnl_tc_action_priv(*a), clockid, extack);
		if (err && goto_ch)
			rtnl_tcf_chain_put_by_act(goto_ch);
	}
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

static void gate_cleanup(struct rtnl_tc_action *a)
{
	struct gate *g = rtnl_tc_action_priv(a);

	gate_free_entries(g->entries);
	g->entries = NULL;
}

static int gate_dump_entry(struct unl_skb *skb, const struct gate_entry *e)
{
	struct nlattr *item = rtnl_nest_start(skb, TCA_GATE_ONE_ENTRY);

	if (!item || unl_nla_put_u32(skb, TCA_GATE_ENTRY_INDEX, e->index) ||
	    (e->open && unl_nla_put_flag(skb, TCA_GATE_ENTRY_GATE)) ||
	    unl_nla_put_u32(skb, TCA_GATE_ENTRY_INTERVAL, e->interval) ||
	    unl_nla_put_u32(skb, TCA_GATE_ENTRY_MAX_OCTETS, (uint32_t)e->maxoctets) ||
	    unl_nla_put_u32(skb, TCA_GATE_ENTRY_IPV, (uint32_t)e->ipv))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, item);
	return 0;
}

/* tcf_gate_dump() */
static int gate_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		     int ref)
{
	const struct gate *g = rtnl_tc_action_priv(a);
	struct tc_gate opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
	};
	struct nlattr *list;
	struct tcf_t t;

	if (unl_nla_put(skb, TCA_GATE_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put_u64(skb, TCA_GATE_BASE_TIME, g->basetime, TCA_GATE_PAD) ||
	    unl_nla_put_u64(skb, TCA_GATE_CYCLE_TIME, g->cycletime, TCA_GATE_PAD) ||
	    unl_nla_put_u64(skb, TCA_GATE_CYCLE_TIME_EXT, g->cycletime_ext,
			    TCA_GATE_PAD) ||
	    unl_nla_put_u32(skb, TCA_GATE_CLOCKID, (uint32_t)g->clockid) ||
	    unl_nla_put_u32(skb, TCA_GATE_FLAGS, g->flags) ||
	    unl_nla_put_u32(skb, TCA_GATE_PRIORITY, (uint32_t)g->priority))
		return -EMSGSIZE;
	list = rtnl_nest_start(skb, TCA_GATE_ENTRY_LIST);
	if (!list)
		return -EMSGSIZE;
	for (const struct gate_entry *e = g->entries; e; e = e->next)
		if (gate_dump_entry(skb, e))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, list);
	rtnl_tcf_tm_dump(&t, a);
	return unl_nla_put(skb, TCA_GATE_TM, sizeof(t), &t) ? -EMSGSIZE : 0;
}

/* tcf_gate_offload_act_setup() */
static int gate_offload_setup(struct rtnl_tc_action *a, bool bind,
			      struct unl_ext_ack *extack)
{
	const struct gate *g = rtnl_tc_action_priv(a);

	(void)extack;
	return bind && !g->entries ? -EINVAL : 0;
}

const struct rtnl_tc_action_ops rtnl_act_gate_ops = {
	.kind = "gate",
	.id = TCA_ID_GATE,
	.priv_size = sizeof(struct gate),
	.init = gate_init,
	.dump = gate_dump,
	.cleanup = gate_cleanup,
	.offload_setup = gate_offload_setup,
};
