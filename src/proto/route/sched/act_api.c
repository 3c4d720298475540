// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tc actions (net/sched/act_api.c): each kind's table of actions by
 * index (struct tcf_idrinfo) in every net, the actions a filter binds
 * (struct tcf_exts), and RTM_NEWACTION, RTM_DELACTION, RTM_GETACTION.
 * No packet is ever acted on: statistics stay zero, and "installed" and
 * "used" are the time since the action was made.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gen_stats.h>
#include <linux/tc_act/tc_gact.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"

/* The kinds modelled; the profile says which a net has. */
static const struct rtnl_tc_action_ops *const act_kinds[] = {
	&rtnl_act_mirred_ops,
	&rtnl_act_gact_ops,
	&rtnl_act_skbedit_ops,
	&rtnl_act_police_ops,
	&rtnl_act_vlan_ops,
	&rtnl_act_csum_ops,
	&rtnl_act_nat_ops,
	&rtnl_act_tunnel_key_ops,
	&rtnl_act_pedit_ops,
	&rtnl_act_connmark_ops,
	&rtnl_act_sample_ops,
	&rtnl_act_gate_ops,
	&rtnl_act_ct_ops,
};
#define ACT_KINDS_N (sizeof(act_kinds) / sizeof(act_kinds[0]))

_Static_assert(ACT_KINDS_N <= sizeof(((struct rtnl_tcf_net *)0)->acts) /
				      sizeof(struct rtnl_tc_action *),
	       "one table per action kind");

#define TC_COOKIE_MAX_SIZE 16

static const struct unl_nla_policy tcf_action_policy[TCA_ACT_MAX + 1] = {
	[TCA_ACT_KIND] = { .type = UNL_NLA_STRING },
	[TCA_ACT_INDEX] = { .type = UNL_NLA_U32 },
	[TCA_ACT_COOKIE] = { .type = UNL_NLA_BINARY,
			     .len = TC_COOKIE_MAX_SIZE },
	[TCA_ACT_OPTIONS] = { .type = UNL_NLA_NESTED },
	[TCA_ACT_FLAGS] = UNL_NLA_POLICY_BITFIELD32(TCA_ACT_FLAGS_NO_PERCPU_STATS |
						    TCA_ACT_FLAGS_SKIP_HW |
						    TCA_ACT_FLAGS_SKIP_SW),
	[TCA_ACT_HW_STATS] = UNL_NLA_POLICY_BITFIELD32(TCA_ACT_HW_STATS_ANY),
};

static unsigned int act_slot(const struct rtnl_tc_action_ops *ops)
{
	for (unsigned int i = 0; i < ACT_KINDS_N; i++)
		if (act_kinds[i] == ops)
			return i;
	return 0;
}

static struct rtnl_tc_action **act_table(struct rtnl_net *rn,
					 const struct rtnl_tc_action_ops *ops)
{
	struct rtnl_tcf_net *tn = rtnl_tcf_net(rn);

	return tn ? &tn->acts[act_slot(ops)] : NULL;
}

const struct rtnl_tc_action_ops *rtnl_tc_action_lookup(struct rtnl_net *rn,
							const char *kind)
{
	if (!unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_ACT, kind))
		return NULL;
	for (unsigned int i = 0; i < ACT_KINDS_N; i++)
		if (!strcmp(act_kinds[i]->kind, kind))
			return act_kinds[i];
	return NULL;
}

/* tc_action_load_ops(): the kind the net has, or the error Linux gives
 * for one it lacks; a kind the profile has but this model does not is
 * refused, never ignored. */
static int act_load_ops(struct rtnl_net *rn, const char *kind,
			const struct rtnl_tc_action_ops **ops,
			struct unl_ext_ack *extack)
{
	*ops = rtnl_tc_action_lookup(rn, kind);
	if (*ops)
		return 0;
	if (unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_ACT, kind)) {
		UNL_SET_ERR_MSG(extack, "unetlink: this tc action kind is not modelled");
		return -EOPNOTSUPP;
	}
	UNL_SET_ERR_MSG(extack, "Failed to load TC action module");
	return -ENOENT;
}

/* ---- the tables (struct tcf_idrinfo) ---- */

static struct rtnl_tc_action *idr_find(struct rtnl_tc_action *head,
				       uint32_t index)
{
	for (; head && head->index <= index; head = head->next)
		if (head->index == index)
			return head;
	return NULL;
}

/* idr_alloc_u32() from 1: the lowest index free */
static uint32_t idr_lowest_free(const struct rtnl_tc_action *head)
{
	uint32_t want = 1;

	for (; head; head = head->next) {
		if (head->index > want)
			break;
		want = head->index + 1;
	}
	return want;
}

int rtnl_tcf_idr_check_alloc(struct rtnl_net *rn,
			     const struct rtnl_tc_action_ops *ops,
			     uint32_t *index, struct rtnl_tc_action **a,
			     bool bind)
{
	struct rtnl_tc_action **tbl = act_table(rn, ops);
	struct rtnl_tc_action *p;

	if (!tbl)
		return -ENOMEM;
	if (!*index) {
		*index = idr_lowest_free(*tbl);
		return *index ? 0 : -ENOSPC;
	}
	p = idr_find(*tbl, *index);
	if (!p)
		return 0;
	p->refcnt++;
	if (bind)
		p->bindcnt++;
	*a = p;
	return 1;
}

int rtnl_tcf_idr_create(struct rtnl_net *rn,
			const struct rtnl_tc_action_ops *ops, uint32_t index,
			const struct nlattr *est, struct rtnl_tc_action **a,
			bool bind, uint32_t flags)
{
	struct rtnl_tc_action **tbl = act_table(rn, ops), **pp;
	struct rtnl_tc_est rate_est = { 0 };
	struct rtnl_tc_action *p;

	if (!tbl)
		return -ENOMEM;
	if (est && rtnl_tc_est_set(&rate_est, est))
		return -EINVAL;
	p = calloc(1, sizeof(*p) + ops->priv_size);
	if (!p)
		return -ENOMEM;
	p->ops = ops;
	p->rn = rn;
	p->index = index;
	p->refcnt = 1;
	p->bindcnt = bind ? 1 : 0;
	p->flags = flags;
	p->hw_stats = TCA_ACT_HW_STATS_ANY;
	p->est = rate_est;
	p->install = p->lastuse = unl_net_now(rn->net);
	for (pp = tbl; *pp && (*pp)->index < index; pp = &(*pp)->next)
		;
	p->next = *pp;
	*pp = p;
	*a = p;
	return 0;
}

int rtnl_tcf_idr_start(struct rtnl_net *rn,
		       const struct rtnl_tc_action_ops *ops, uint32_t index,
		       const struct nlattr *est, struct rtnl_tc_action **a,
		       uint32_t flags, int *ret)
{
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	int err = rtnl_tcf_idr_check_alloc(rn, ops, &index, a, bind);

	if (err < 0) {
		*ret = err;
		return 1;
	}
	if (!err) {
		err = rtnl_tcf_idr_create(rn, ops, index, est, a, bind, flags);
		*ret = err ? err : RTNL_ACT_P_CREATED;
		return err != 0;
	}
	*ret = RTNL_ACT_P_BOUND;
	if (bind)
		return 1;
	if (!(flags & RTNL_TCA_ACT_FLAGS_REPLACE)) {
		rtnl_tcf_idr_release(*a, bind);
		*ret = -EEXIST;
		return 1;
	}
	return 0;
}

int rtnl_tcf_parm_init(struct rtnl_net *rn, const struct rtnl_tcf_parm_kind *k,
		       const struct nlattr *nla, const struct nlattr *est,
		       struct rtnl_tc_action **a, struct rtnl_tcf_proto *tp,
		       uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_TCF_PARM_MAXTYPE + 1];
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_gact *gen; /* struct tc_gen's fields, and only them */

	if (!nla)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, k->maxtype, nla, k->policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[k->parms])
		return -EINVAL;
	gen = unl_nla_data(tb[k->parms]);
	if (rtnl_tcf_idr_start(rn, k->ops, gen->index, est, a, flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(gen->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, flags & RTNL_TCA_ACT_FLAGS_BIND);
		return err;
	}
	k->store(*a, gen);
	rtnl_tcf_action_set_ctrlact(*a, gen->action, goto_ch);
	return ret;
}

int rtnl_tcf_offload_setup_any(struct rtnl_tc_action *a, bool bind,
			       struct unl_ext_ack *extack)
{
	(void)a;
	(void)bind;
	(void)extack;
	return 0;
}

static void act_free(struct rtnl_tc_action *a)
{
	struct rtnl_tc_action **pp = act_table(a->rn, a->ops);

	for (; pp && *pp; pp = &(*pp)->next)
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	if (a->ops->cleanup)
		a->ops->cleanup(a);
	if (a->goto_chain)
		rtnl_tcf_chain_put_by_act(a->goto_chain);
	free(a->cookie);
	free(a);
}

void rtnl_tcf_idr_release(struct rtnl_tc_action *a, bool bind)
{
	if (!a)
		return;
	if (bind && a->bindcnt)
		a->bindcnt--;
	if (--a->refcnt == 0)
		act_free(a);
}

void rtnl_act_net_fini(struct rtnl_net *rn)
{
	struct rtnl_tcf_net *tn = rn->tcf;

	if (!tn)
		return;
	for (unsigned int i = 0; i < ACT_KINDS_N; i++)
		while (tn->acts[i]) {
			struct rtnl_tc_action *a = tn->acts[i];

			a->refcnt = 1;
			a->bindcnt = 0;
			rtnl_tcf_idr_release(a, false);
		}
}

/* ---- control actions ---- */

int rtnl_tcf_action_check_ctrlact(int action, struct rtnl_tcf_proto *tp,
				  struct rtnl_tcf_chain **newchain,
				  struct unl_ext_ack *extack)
{
	int opcode = TC_ACT_EXT_OPCODE(action);
	bool valid;

	/* tcf_action_valid(): opcode is an int, so any negative action
	 * passes as Linux lets it pass */
	if (!opcode)
		valid = action <= TC_ACT_VALUE_MAX;
	else
		valid = opcode <= TC_ACT_EXT_OPCODE_MAX || action == TC_ACT_UNSPEC;
	if (!valid) {
		UNL_SET_ERR_MSG(extack, "invalid control action");
		return -EINVAL;
	}
	if (TC_ACT_EXT_CMP(action, TC_ACT_GOTO_CHAIN)) {
		if (!tp || !newchain) {
			UNL_SET_ERR_MSG(extack, "can't goto NULL proto/chain");
			return -EINVAL;
		}
		*newchain = rtnl_tcf_chain_get_by_act(tp->chain->block,
						      (uint32_t)action &
							      TC_ACT_EXT_VAL_MASK);
		if (!*newchain) {
			UNL_SET_ERR_MSG(extack, "can't allocate goto_chain");
			return -ENOMEM;
		}
	}
	return 0;
}

void rtnl_tcf_action_set_ctrlact(struct rtnl_tc_action *a, int action,
				 struct rtnl_tcf_chain *goto_chain)
{
	struct rtnl_tcf_chain *old = a->goto_chain;

	a->tcfa_action = action;
	a->goto_chain = goto_chain;
	if (old)
		rtnl_tcf_chain_put_by_act(old);
}

/* jiffies_to_clock_t() of the jiffies since t */
static uint64_t since_clock_t(struct rtnl_net *rn, int64_t t)
{
	int64_t now = unl_net_now(rn->net);
	int64_t j = rtnl_jiffies(rn, now) - rtnl_jiffies(rn, t);

	return (uint64_t)(j * rtnl_tick_ns(rn) / (UNL_NSEC_PER_SEC / 100));
}

void rtnl_tcf_tm_dump(struct tcf_t *t, const struct rtnl_tc_action *a)
{
	memset(t, 0, sizeof(*t));
	t->install = since_clock_t(a->rn, a->install);
	t->lastuse = since_clock_t(a->rn, a->lastuse);
}

/* ---- dumps ---- */

/* tcf_action_copy_stats(): TCA_ACT_STATS, all zero; the rates of an
 * estimator (0) when the action has one */
static int act_put_stats(struct unl_skb *skb, const struct rtnl_tc_action *a)
{
	struct gnet_stats_basic basic = { 0 };
	struct gnet_stats_queue queue = { 0 };
	struct gnet_stats_rate_est rate = { 0 };
	struct nlattr *st = rtnl_nest_start(skb, TCA_ACT_STATS);

	if (!st || unl_nla_put(skb, TCA_STATS_BASIC, sizeof(basic), &basic) ||
	    unl_nla_put(skb, TCA_STATS_BASIC_HW, sizeof(basic), &basic) ||
	    (a->est.on &&
	     unl_nla_put(skb, TCA_STATS_RATE_EST, sizeof(rate), &rate)) ||
	    unl_nla_put(skb, TCA_STATS_QUEUE, sizeof(queue), &queue))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, st);
	return 0;
}

/* tcf_action_dump_terse() */
static int act_dump_terse(struct unl_skb *skb, struct rtnl_tc_action *a,
			  bool from_act)
{
	if (unl_nla_put_string(skb, TCA_ACT_KIND, a->ops->kind) ||
	    act_put_stats(skb, a) ||
	    (from_act && unl_nla_put_u32(skb, TCA_ACT_INDEX, a->index)) ||
	    (a->cookie &&
	     unl_nla_put(skb, TCA_ACT_COOKIE, (int)a->cookie_len, a->cookie)))
		return -EMSGSIZE;
	return 0;
}

static int put_bitfield32(struct unl_skb *skb, int type, uint32_t value,
			  uint32_t selector)
{
	struct nla_bitfield32 bf = { .value = value, .selector = selector };

	return unl_nla_put(skb, type, sizeof(bf), &bf);
}

/* tcf_action_dump_1() */
static int act_dump_1(struct unl_skb *skb, struct rtnl_tc_action *a,
		      int bind, int ref)
{
	uint32_t flags = a->flags & RTNL_TCA_ACT_FLAGS_USER_MASK;
	struct nlattr *nest;

	if (act_dump_terse(skb, a, false) ||
	    (a->hw_stats != TCA_ACT_HW_STATS_ANY &&
	     put_bitfield32(skb, TCA_ACT_HW_STATS, a->hw_stats,
			    TCA_ACT_HW_STATS_ANY)) ||
	    (a->used_hw_stats_valid &&
	     put_bitfield32(skb, TCA_ACT_USED_HW_STATS, 0,
			    TCA_ACT_HW_STATS_ANY)) ||
	    (flags && put_bitfield32(skb, TCA_ACT_FLAGS, flags, flags)) ||
	    unl_nla_put_u32(skb, TCA_ACT_IN_HW_COUNT, 0))
		return -EMSGSIZE;
	nest = rtnl_nest_start(skb, TCA_ACT_OPTIONS);
	if (!nest || a->ops->dump(skb, a, bind, ref) < 0)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* tcf_action_dump(): the actions as nests 1, 2, ... */
static int act_dump(struct unl_skb *skb, struct rtnl_tc_action *const *acts,
		    int n, int bind, int ref)
{
	for (int i = 0; i < n && acts[i]; i++) {
		struct nlattr *nest = rtnl_nest_start(skb, i + 1);

		if (!nest || act_dump_1(skb, acts[i], bind, ref))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
	}
	return 0;
}

/* ---- a filter's actions (struct tcf_exts) ---- */

void rtnl_tcf_exts_init(struct rtnl_tcf_exts *e, int action, int police)
{
	memset(e, 0, sizeof(*e));
	e->action = action;
	e->police = police;
}

static void act_destroy_many(struct rtnl_tc_action **acts, int n, bool bind)
{
	for (int i = n - 1; i >= 0; i--) {
		rtnl_tcf_idr_release(acts[i], bind);
		acts[i] = NULL;
	}
}

void rtnl_tcf_exts_destroy(struct rtnl_tcf_exts *e)
{
	act_destroy_many(e->actions, e->nr_actions, true);
	e->nr_actions = 0;
}

int rtnl_tcf_exts_dump(struct unl_skb *skb, const struct rtnl_tcf_exts *e)
{
	struct nlattr *nest;

	if (!e->action || !e->nr_actions)
		return 0;
	if (e->old_compat) {
		nest = e->police ? rtnl_nest_start(skb, e->police) : NULL;
		if (!nest || e->actions[0]->ops->dump(skb, e->actions[0], 0, 0) < 0)
			return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
		return 0;
	}
	nest = rtnl_nest_start(skb, e->action);
	if (!nest || act_dump(skb, e->actions, e->nr_actions, 0, 0))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

void rtnl_tcf_exts_hw_stats_update(const struct rtnl_tcf_exts *e)
{
	for (int i = 0; i < e->nr_actions; i++)
		e->actions[i]->used_hw_stats_valid = false;
}

int rtnl_tcf_exts_dump_stats(struct unl_skb *skb, const struct rtnl_tcf_exts *e)
{
	/* struct tc_stats, 8-aligned as the kernel's */
	uint8_t stats[40] = { 0 };

	if (!e->old_compat || !e->nr_actions)
		return 0;
	return unl_nla_put(skb, TCA_STATS, sizeof(stats), stats) ? -EMSGSIZE : 0;
}

/* tcf_action_init_1(): one action of a request; *res the kind's
 * RTNL_ACT_P_* */
static int act_init_1(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		      const struct nlattr *nla, const struct nlattr *est,
		      const struct rtnl_tc_action_ops *ops, uint32_t flags,
		      struct rtnl_tc_action **a, int *res,
		      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	uint32_t userflags = 0, hw_stats = TCA_ACT_HW_STATS_ANY;
	int err = unl_nla_parse_nested(tb, TCA_ACT_MAX, nla, tcf_action_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (tb[TCA_ACT_HW_STATS])
		memcpy(&hw_stats, unl_nla_data(tb[TCA_ACT_HW_STATS]),
		       sizeof(hw_stats));
	if (tb[TCA_ACT_FLAGS]) {
		memcpy(&userflags, unl_nla_data(tb[TCA_ACT_FLAGS]),
		       sizeof(userflags));
		/* tc_act_flags_valid(): not both skip_sw and skip_hw */
		if ((userflags & (TCA_ACT_FLAGS_SKIP_HW | TCA_ACT_FLAGS_SKIP_SW)) ==
		    (TCA_ACT_FLAGS_SKIP_HW | TCA_ACT_FLAGS_SKIP_SW))
			return -EINVAL;
	}
	*a = NULL;
	err = ops->init(rn, tb[TCA_ACT_OPTIONS], est, a, tp, userflags | flags,
			extack);
	if (err < 0)
		return err;
	*res = err;
	if (tb[TCA_ACT_COOKIE]) {
		uint32_t len = (uint32_t)unl_nla_len(tb[TCA_ACT_COOKIE]);
		uint8_t *c = malloc(len ? len : 1);

		if (!c) {
			rtnl_tcf_idr_release(*a, flags & RTNL_TCA_ACT_FLAGS_BIND);
			return -ENOMEM;
		}
		memcpy(c, unl_nla_data(tb[TCA_ACT_COOKIE]), len);
		free((*a)->cookie);
		(*a)->cookie = c;
		(*a)->cookie_len = len;
	}
	(*a)->hw_stats = hw_stats;
	return 0;
}

/* tc_action_load_ops()'s parse: the kind of one action */
static int act_kind_of(struct rtnl_net *rn, const struct nlattr *nla,
		       const struct rtnl_tc_action_ops **ops,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	char name[IFNAMSIZ];
	int err = unl_nla_parse_nested(tb, TCA_ACT_MAX, nla, tcf_action_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_ACT_KIND]) {
		UNL_SET_ERR_MSG(extack, "TC action kind must be specified");
		return -EINVAL;
	}
	if (strnlen(unl_nla_data(tb[TCA_ACT_KIND]),
		    (size_t)unl_nla_len(tb[TCA_ACT_KIND])) >= IFNAMSIZ) {
		UNL_SET_ERR_MSG(extack, "TC action name too long");
		return -EINVAL;
	}
	unl_nla_strscpy(name, tb[TCA_ACT_KIND], sizeof(name));
	return act_load_ops(rn, name, ops, extack);
}

/* tcf_action_offload_add(): an action of its own is offered to the
 * drivers (there are none); what cannot be said of it in a flow rule
 * is told as a warning */
static void act_offload_add(struct rtnl_tc_action *a,
			    struct unl_ext_ack *extack)
{
	if ((a->flags & TCA_ACT_FLAGS_SKIP_HW) || !a->ops->offload_setup ||
	    a->ops->offload_setup(a, false, extack))
		return;
	if (a->ops->offload_setup(a, true, extack))
		UNL_SET_ERR_MSG(extack, "act_api: Failed to setup tc actions for offload");
}

/* tcf_action_init(): the actions of nla in acts, their count, or
 * -errno with none kept; res[i] says which were made */
static int act_init(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		    const struct nlattr *nla, const struct nlattr *est,
		    struct rtnl_tc_action **acts,
		    int *res, uint32_t flags, uint32_t fl_flags,
		    struct unl_ext_ack *extack)
{
	const struct rtnl_tc_action_ops *ops[TCA_ACT_MAX_PRIO];
	const struct nlattr *tb[TCA_ACT_MAX_PRIO + 2];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	int i, err = unl_nla_parse_nested(tb, TCA_ACT_MAX_PRIO + 1, nla, NULL,
					  UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (tb[TCA_ACT_MAX_PRIO + 1]) {
		UNL_SET_ERR_MSG(extack, "Only 32 actions supported per filter");
		return -EINVAL;
	}
	for (i = 1; i <= TCA_ACT_MAX_PRIO && tb[i]; i++) {
		err = act_kind_of(rn, tb[i], &ops[i - 1], extack);
		if (err)
			return err;
	}
	for (i = 1; i <= TCA_ACT_MAX_PRIO && tb[i]; i++) {
		struct rtnl_tc_action *a;

		err = act_init_1(rn, tp, tb[i], est, ops[i - 1], flags, &a,
				 &res[i - 1], extack);
		if (err)
			goto fail;
		acts[i - 1] = a;
		if (!bind) {
			act_offload_add(a, extack);
			continue;
		}
		/* an action made by the filter takes the filter's skip
		 * flags; one it binds must have them already */
		bool skip_sw = fl_flags & TCA_CLS_FLAGS_SKIP_SW;
		bool skip_hw = fl_flags & TCA_CLS_FLAGS_SKIP_HW;
		bool a_sw = a->flags & TCA_ACT_FLAGS_SKIP_SW;
		bool a_hw = a->flags & TCA_ACT_FLAGS_SKIP_HW;

		if (a->flags & RTNL_TCA_ACT_FLAGS_BIND) {
			if ((a_sw && !skip_sw) || (a_hw && !skip_hw)) {
				UNL_SET_ERR_MSG(extack, "Mismatch between action and filter offload flags");
				err = -EINVAL;
				i++;
				goto fail;
			}
			if (skip_sw)
				a->flags |= TCA_ACT_FLAGS_SKIP_SW;
			if (skip_hw)
				a->flags |= TCA_ACT_FLAGS_SKIP_HW;
		} else if (skip_sw != a_sw || skip_hw != a_hw) {
			UNL_SET_ERR_MSG(extack, "Mismatch between action and filter offload flags");
			err = -EINVAL;
			i++;
			goto fail;
		}
	}
	return i - 1;
fail:
	act_destroy_many(acts, i - 1, bind);
	return err;
}

int rtnl_tcf_exts_validate(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			   const struct nlattr **tb, const struct nlattr *est,
			   struct rtnl_tcf_exts *e,
			   uint32_t flags, uint32_t fl_flags,
			   struct unl_ext_ack *extack)
{
	int res[TCA_ACT_MAX_PRIO] = { 0 };
	const struct rtnl_tc_action_ops *ops;
	int n;

	if (e->police && tb[e->police]) {
		/* the old police attribute: the options of one police
		 * action, bound to the filter */
		struct rtnl_tc_action *a;
		int err = act_load_ops(rn, "police", &ops, extack);

		if (err)
			return err;
		err = ops->init(rn, tb[e->police], est, &a, tp,
				flags | RTNL_TCA_ACT_FLAGS_BIND |
					RTNL_TCA_ACT_FLAGS_POLICE,
				extack);
		if (err < 0)
			return err;
		/* tcf_action_init_1() asks no hardware statistics of it */
		a->hw_stats = 0;
		e->actions[0] = a;
		e->nr_actions = 1;
		e->old_compat = true;
		return 0;
	}
	if (!e->action || !tb[e->action])
		return 0;
	n = act_init(rn, tp, tb[e->action], est, e->actions, res,
		     flags | RTNL_TCA_ACT_FLAGS_BIND, fl_flags, extack);
	if (n < 0)
		return n;
	e->nr_actions = n;
	return 0;
}

/* ---- RTM_*ACTION ---- */

#define TC_MSG_SIZE 8192 /* NLMSG_GOODSIZE */

/* tca_get_fill() */
static int tca_get_fill(struct unl_skb *skb, struct rtnl_tc_action **acts,
			int n, uint32_t portid, uint32_t seq, int flags,
			int event, int bind, int ref)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, event,
					     sizeof(struct tcamsg), flags);
	struct nlattr *nest;

	if (!nlh)
		return -EMSGSIZE;
	nest = rtnl_nest_start(skb, TCA_ACT_TAB);
	if (!nest || act_dump(skb, acts, n, bind, ref)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static void act_put_many(struct rtnl_tc_action **acts, int n)
{
	for (int i = 0; i < n; i++)
		rtnl_tcf_idr_release(acts[i], false);
}

/* tcf_action_add() */
static int tcf_action_add(struct rtnl_net *rn, struct unl_skb *oskb,
			  const struct nlattr *nla, const struct nlmsghdr *n,
			  uint32_t flags, struct unl_ext_ack *extack)
{
	struct rtnl_tc_action *acts[TCA_ACT_MAX_PRIO] = { 0 };
	int res[TCA_ACT_MAX_PRIO] = { 0 };
	uint32_t portid = rtnl_req_portid(oskb);
	struct unl_skb *skb;
	/* actions of their own have no estimator: est is a filter's */
	int cnt = act_init(rn, NULL, nla, NULL, acts, res, flags, 0, extack);

	if (cnt < 0)
		return cnt;
	skb = unl_nlmsg_new(TC_MSG_SIZE);
	if (skb && !tca_get_fill(skb, acts, cnt, portid, n->nlmsg_seq,
				 n->nlmsg_flags, RTM_NEWACTION, 0, 0))
		rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	else
		unl_skb_free(skb);
	/* tca_put_bound_many(): the lookups of actions that existed */
	for (int i = 0; i < cnt; i++)
		if (res[i] != RTNL_ACT_P_CREATED)
			rtnl_tcf_idr_release(acts[i], false);
	return 0;
}

/* tcf_action_get_1(): the action nla names, one reference more */
static int tcf_action_get_1(struct rtnl_net *rn, const struct nlattr *nla,
			    struct rtnl_tc_action **a,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	const struct rtnl_tc_action_ops *ops = NULL;
	struct rtnl_tc_action **tbl;
	char name[IFNAMSIZ];
	int err = unl_nla_parse_nested(tb, TCA_ACT_MAX, nla, tcf_action_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_ACT_INDEX]) {
		UNL_SET_ERR_MSG(extack, "Invalid TC action index value");
		return -EINVAL;
	}
	if (tb[TCA_ACT_KIND]) {
		unl_nla_strscpy(name, tb[TCA_ACT_KIND], sizeof(name));
		ops = rtnl_tc_action_lookup(rn, name);
	}
	if (!ops) {
		UNL_SET_ERR_MSG(extack, "Specified TC action kind not found");
		return -EINVAL;
	}
	tbl = act_table(rn, ops);
	*a = tbl ? idr_find(*tbl, unl_nla_get_u32(tb[TCA_ACT_INDEX])) : NULL;
	if (!*a) {
		UNL_SET_ERR_MSG(extack, "TC action with specified index not found");
		return -ENOENT;
	}
	(*a)->refcnt++;
	return 0;
}

/* tcf_del_walker() and tca_action_flush(): every unbound action of the
 * kind goes, in index order, up to the first one bound */
static int tca_action_flush(struct rtnl_net *rn, struct unl_skb *oskb,
			    const struct nlattr *nla, const struct nlmsghdr *n,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	const struct rtnl_tc_action_ops *ops = NULL;
	uint32_t portid = rtnl_req_portid(oskb);
	struct rtnl_tc_action **tbl;
	struct nlmsghdr *nlh;
	struct nlattr *tab, *nest;
	struct unl_skb *skb;
	char name[IFNAMSIZ];
	uint32_t n_i = 0;
	int err = unl_nla_parse_nested(tb, TCA_ACT_MAX, nla, tcf_action_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (tb[TCA_ACT_KIND]) {
		unl_nla_strscpy(name, tb[TCA_ACT_KIND], sizeof(name));
		ops = rtnl_tc_action_lookup(rn, name);
	}
	if (!ops) {
		UNL_SET_ERR_MSG(extack, "Cannot flush unknown TC action");
		return -EINVAL;
	}
	tbl = act_table(rn, ops);
	skb = unl_nlmsg_new(TC_MSG_SIZE);
	if (!tbl || !skb) {
		unl_skb_free(skb);
		return -ENOBUFS;
	}
	nlh = unl_nlmsg_put(skb, portid, n->nlmsg_seq, RTM_DELACTION,
			    sizeof(struct tcamsg), 0);
	tab = nlh ? rtnl_nest_start(skb, TCA_ACT_TAB) : NULL;
	nest = tab ? rtnl_nest_start(skb, 0) : NULL;
	if (!nest || unl_nla_put_string(skb, TCA_ACT_KIND, ops->kind)) {
		unl_skb_free(skb);
		return -EMSGSIZE;
	}
	err = 0;
	while (*tbl) {
		struct rtnl_tc_action *a = *tbl;

		/* tcf_idr_release_unsafe() */
		if (a->bindcnt) {
			err = -EPERM;
			break;
		}
		rtnl_tcf_idr_release(a, false);
		if (*tbl == a) /* still referenced: the walk moves on */
			tbl = &a->next;
		n_i++;
	}
	if (err && !n_i) {
		unl_skb_free(skb);
		return err;
	}
	if (err)
		UNL_SET_ERR_MSG(extack, "Unable to flush all TC actions");
	if (!n_i) {
		unl_skb_free(skb);
		return 0;
	}
	if (unl_nla_put_u32(skb, TCA_FCNT, n_i)) {
		unl_skb_free(skb);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	unl_nla_nest_end(skb, tab);
	unl_nlmsg_end(skb, nlh);
	nlh->nlmsg_flags |= NLM_F_ROOT;
	rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tcf_del_notify(): the message first, then the deletion */
static int tcf_del_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			  const struct nlmsghdr *n,
			  struct rtnl_tc_action **acts, int cnt,
			  struct unl_ext_ack *extack)
{
	uint32_t portid = rtnl_req_portid(oskb);
	struct unl_skb *skb = unl_nlmsg_new(TC_MSG_SIZE);
	int i;

	if (!skb)
		return -ENOBUFS;
	if (tca_get_fill(skb, acts, cnt, portid, n->nlmsg_seq, 0,
			 RTM_DELACTION, 0, 2)) {
		UNL_SET_ERR_MSG(extack, "Failed to fill netlink TC action attributes");
		unl_skb_free(skb);
		return -EINVAL;
	}
	/* tcf_action_delete(): the lookup's reference goes first; an
	 * action still bound (or held) stays and stops the rest */
	for (i = 0; i < cnt; i++) {
		struct rtnl_tc_action *a = acts[i];

		a->refcnt--;
		acts[i] = NULL;
		if (a->bindcnt || a->refcnt != 1) {
			UNL_SET_ERR_MSG(extack, "Failed to delete TC action");
			act_put_many(acts + i + 1, cnt - i - 1);
			unl_skb_free(skb);
			return -EPERM;
		}
		rtnl_tcf_idr_release(a, false);
	}
	rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tca_action_gd(): RTM_GETACTION and RTM_DELACTION */
static int tca_action_gd(struct rtnl_net *rn, struct unl_skb *oskb,
			 const struct nlattr *nla, const struct nlmsghdr *n,
			 int event, struct unl_ext_ack *extack)
{
	struct rtnl_tc_action *acts[TCA_ACT_MAX_PRIO] = { 0 };
	const struct nlattr *tb[TCA_ACT_MAX_PRIO + 1];
	struct unl_skb *skb;
	int i, err = unl_nla_parse_nested(tb, TCA_ACT_MAX_PRIO, nla, NULL,
					  UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (event == RTM_DELACTION && (n->nlmsg_flags & NLM_F_ROOT)) {
		if (tb[1])
			return tca_action_flush(rn, oskb, tb[1], n, extack);
		UNL_SET_ERR_MSG(extack, "Invalid netlink attributes while flushing TC action");
		return -EINVAL;
	}
	for (i = 1; i <= TCA_ACT_MAX_PRIO && tb[i]; i++) {
		err = tcf_action_get_1(rn, tb[i], &acts[i - 1], extack);
		if (err) {
			act_put_many(acts, i - 1);
			return err;
		}
	}
	if (event == RTM_DELACTION)
		return tcf_del_notify(rn, oskb, n, acts, i - 1, extack);
	/* tcf_get_notify() */
	skb = unl_nlmsg_new(TC_MSG_SIZE);
	if (!skb) {
		err = -ENOBUFS;
	} else if (tca_get_fill(skb, acts, i - 1, rtnl_req_portid(oskb),
				n->nlmsg_seq, 0, event, 0, 1)) {
		UNL_SET_ERR_MSG(extack, "Failed to fill netlink attributes while adding TC action");
		unl_skb_free(skb);
		err = -EINVAL;
	} else {
		err = unl_unicast(rn->ksk, skb, rtnl_req_portid(oskb), true);
		err = err < 0 ? err : 0;
	}
	act_put_many(acts, i - 1);
	return err;
}

/* tc_ctl_action(): the attributes are not validated here (no policy),
 * only by each action's parse. */
int rtnl_tc_ctl_action(struct rtnl_net *rn, struct unl_skb *skb,
		       struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_ROOT_MAX + 1];
	int err = unl_nlmsg_parse(n, sizeof(struct tcamsg), tca, TCA_ROOT_MAX,
				  NULL, UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tca[TCA_ACT_TAB]) {
		UNL_SET_ERR_MSG(extack, "Netlink action attributes missing");
		return -EINVAL;
	}
	switch (n->nlmsg_type) {
	case RTM_NEWACTION:
		return tcf_action_add(rn, skb, tca[TCA_ACT_TAB], n,
				      (n->nlmsg_flags & NLM_F_REPLACE) ?
					      RTNL_TCA_ACT_FLAGS_REPLACE : 0,
				      extack);
	default:
		return tca_action_gd(rn, skb, tca[TCA_ACT_TAB], n,
				     n->nlmsg_type, extack);
	}
}

static const struct unl_nla_policy tcaa_policy[TCA_ROOT_MAX + 1] = {
	[TCA_ROOT_FLAGS] = UNL_NLA_POLICY_BITFIELD32(TCA_ACT_FLAG_LARGE_DUMP_ON |
						     TCA_ACT_FLAG_TERSE_DUMP),
	[TCA_ROOT_TIME_DELTA] = { .type = UNL_NLA_U32 },
};

/* find_dump_kind(): the kind of the request's first action */
static const struct rtnl_tc_action_ops *dump_kind(struct rtnl_net *rn,
						  const struct nlattr *tab)
{
	const struct nlattr *tb1[TCA_ACT_MAX_PRIO + 1];
	const struct nlattr *tb2[TCA_ACT_MAX + 1];
	char name[IFNAMSIZ];

	if (!tab || unl_nla_parse_nested(tb1, TCA_ACT_MAX_PRIO, tab, NULL,
					 UNL_VALIDATE_LIBERAL, NULL) ||
	    !tb1[1] ||
	    unl_nla_parse_nested(tb2, TCA_ACT_MAX, tb1[1], tcf_action_policy,
				 UNL_VALIDATE_LIBERAL, NULL) ||
	    !tb2[TCA_ACT_KIND])
		return NULL;
	unl_nla_strscpy(name, tb2[TCA_ACT_KIND], sizeof(name));
	return rtnl_tc_action_lookup(rn, name);
}

/* tc_dump_action() with tcf_dump_walker(): up to TCA_ACT_MAX_PRIO
 * actions a message unless the dump is large; cb->args[0] the next
 * position in the table */
int rtnl_tc_dump_action(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct nlattr *tb[TCA_ROOT_MAX + 1];
	const struct rtnl_tc_action_ops *ops;
	struct rtnl_tc_action **tbl;
	uint32_t act_flags = 0, msecs = 0, n_i = 0;
	int64_t since = 0;
	long index = -1;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	size_t count_off;
	bool hw_stats_asked;
	int err = unl_nlmsg_parse(cb->nlh, sizeof(struct tcamsg), tb,
				  TCA_ROOT_MAX, tcaa_policy,
				  UNL_VALIDATE_LIBERAL, cb->extack);

	if (err)
		return err;
	ops = dump_kind(rn, tb[TCA_ACT_TAB]);
	tbl = ops ? act_table(rn, ops) : NULL;
	if (!tbl)
		return 0;
	if (tb[TCA_ROOT_FLAGS])
		memcpy(&act_flags, unl_nla_data(tb[TCA_ROOT_FLAGS]),
		       sizeof(act_flags));
	if (tb[TCA_ROOT_TIME_DELTA])
		msecs = unl_nla_get_u32(tb[TCA_ROOT_TIME_DELTA]);
	if (msecs)
		since = unl_net_now(rn->net) - (int64_t)msecs * 1000000;
	hw_stats_asked = unl_profile_at_least(unl_net_profile(rn->net), 603);
	nlh = unl_nlmsg_put(skb, rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
			    cb->nlh->nlmsg_type, sizeof(struct tcamsg), 0);
	if (!nlh)
		return 0;
	/* TCA_ROOT_COUNT, filled in at the end (nla_reserve()) */
	count_off = unl_skb_len(skb);
	if (unl_nla_put_u32(skb, TCA_ROOT_COUNT, 0)) {
		unl_nlmsg_cancel(skb, nlh);
		return 0;
	}
	nest = rtnl_nest_start(skb, TCA_ACT_TAB);
	if (!nest) {
		unl_nlmsg_cancel(skb, nlh);
		return 0;
	}
	for (struct rtnl_tc_action *a = *tbl; a; a = a->next) {
		struct nlattr *one;

		index++;
		if (index < cb->args[0])
			continue;
		if (since && a->lastuse < since)
			continue;
		/* tcf_action_update_hw_stats(): asked the (absent) drivers,
		 * when the kind can say what to ask; before 6.3 ("support
		 * per action hw stats") only an action in hardware was
		 * asked, and none is */
		if (hw_stats_asked && a->ops->offload_setup &&
		    !a->ops->offload_setup(a, false, NULL))
			a->used_hw_stats_valid = true;
		one = rtnl_nest_start(skb, (int)n_i);
		if (!one ||
		    ((act_flags & TCA_ACT_FLAG_TERSE_DUMP) ?
			     act_dump_terse(skb, a, true) :
			     act_dump_1(skb, a, 0, 0))) {
			index--;
			if (one)
				unl_nla_nest_cancel(skb, one);
			break;
		}
		unl_nla_nest_end(skb, one);
		n_i++;
		if (!(act_flags & TCA_ACT_FLAG_LARGE_DUMP_ON) &&
		    n_i >= TCA_ACT_MAX_PRIO)
			break;
	}
	if (index >= 0)
		cb->args[0] = index + 1;
	if (!n_i) {
		unl_nlmsg_cancel(skb, nlh);
		return (int)unl_skb_len(skb);
	}
	unl_nla_nest_end(skb, nest);
	if (act_flags & TCA_ACT_FLAG_LARGE_DUMP_ON)
		memcpy(unl_skb_data(skb) + count_off + NLA_HDRLEN, &n_i,
		       sizeof(n_i));
	unl_nlmsg_end(skb, nlh);
	nlh->nlmsg_flags |= NLM_F_MULTI;
	return (int)unl_skb_len(skb);
}
