// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gred (net/sched/sch_gred.c): Generic RED, up to 16 virtual queues
 * (DPs) each with red's parameters.  A request sets either the table
 * (how many VQs, the default one, grio, the RED flags, the byte limit)
 * or one VQ (its tc_gred_qopt with a table, and per-VQ flags in a
 * VQ_LIST), never both; creation sets only the table.  In RIO mode
 * (grio) a VQ without a priority takes the default VQ's, and VQs that
 * share a priority put the qdisc in WRED mode.  Dumps give the table,
 * every VQ's max_P, the limit, the 16 VQs as the old all-in-one array
 * (an absent one marked by DP 16 + i) and the VQs again as a list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/sched/red.h"
#include "proto/route/sched/sched.h"

#define MAX_DPs 16
#define GRED_DEF_PRIO (MAX_DPs / 2)
#define GRED_VQ_RED_FLAGS (TC_RED_ECN | TC_RED_HARDDROP)

struct gred_vq {
	uint32_t limit;
	uint32_t DP;
	uint32_t red_flags;
	uint8_t prio;
	struct rtnl_red_parms parms;
};

struct gred_sched {
	struct gred_vq *tab[MAX_DPs];
	bool wred, rio;
	uint32_t red_flags;
	uint32_t DPs, def;
};

static const struct unl_nla_policy gred_vq_policy[TCA_GRED_VQ_MAX + 1] = {
	[TCA_GRED_VQ_DP] = { .type = UNL_NLA_U32 },
	[TCA_GRED_VQ_FLAGS] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	gred_vqe_policy[TCA_GRED_VQ_ENTRY_MAX + 1] = {
	[TCA_GRED_VQ_ENTRY] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy gred_policy[TCA_GRED_MAX + 1] = {
	[TCA_GRED_PARMS] = { .len = sizeof(struct tc_gred_qopt) },
	[TCA_GRED_STAB] = { .len = RTNL_RED_STAB_SIZE },
	[TCA_GRED_DPS] = { .len = sizeof(struct tc_gred_sopt) },
	[TCA_GRED_MAX_P] = { .type = UNL_NLA_U32 },
	[TCA_GRED_LIMIT] = { .type = UNL_NLA_U32 },
	[TCA_GRED_VQ_LIST] = { .type = UNL_NLA_NESTED },
};

/* gred_wred_mode_check(): two VQs share a priority */
static bool gred_prios_shared(const struct gred_sched *t)
{
	for (uint32_t i = 0; i < t->DPs; i++)
		for (uint32_t n = i + 1; t->tab[i] && n < t->DPs; n++)
			if (t->tab[n] && t->tab[n]->prio == t->tab[i]->prio)
				return true;
	return false;
}

/* per-VQ flags can only have been set while the qdisc's were 0 */
static bool gred_per_vq_red_flags_used(const struct gred_sched *t)
{
	if (t->red_flags)
		return false;
	for (int i = 0; i < MAX_DPs; i++)
		if (t->tab[i] && t->tab[i]->red_flags)
			return true;
	return false;
}

/* gred_change_table_def(): VQs past the new count go */
static int gred_change_table_def(struct rtnl_qdisc *sch,
				 const struct nlattr *dps,
				 struct unl_ext_ack *extack)
{
	struct gred_sched *t = rtnl_qdisc_priv(sch);
	const struct tc_gred_sopt *sopt;
	bool flags_changed;

	if (!dps)
		return -EINVAL;
	sopt = unl_nla_data(dps);
	if (sopt->DPs > MAX_DPs) {
		UNL_SET_ERR_MSG(extack, "sch_gred: number of virtual queues too high");
		return -EINVAL;
	}
	if (sopt->DPs == 0) {
		UNL_SET_ERR_MSG(extack, "sch_gred: number of virtual queues can't be 0");
		return -EINVAL;
	}
	if (sopt->def_DP >= sopt->DPs) {
		UNL_SET_ERR_MSG(extack, "sch_gred: default virtual queue above virtual queue count");
		return -EINVAL;
	}
	if (sopt->flags && gred_per_vq_red_flags_used(t)) {
		UNL_SET_ERR_MSG(extack, "sch_gred: can't set per-Qdisc RED flags when per-virtual queue flags are used");
		return -EINVAL;
	}
	t->DPs = sopt->DPs;
	t->def = sopt->def_DP;
	flags_changed = t->red_flags != sopt->flags;
	t->red_flags = sopt->flags;
	t->rio = sopt->grio != 0;
	t->wred = t->rio && gred_prios_shared(t);
	for (uint32_t i = 0; flags_changed && i < t->DPs; i++)
		if (t->tab[i])
			t->tab[i]->red_flags = t->red_flags & GRED_VQ_RED_FLAGS;
	for (int i = (int)t->DPs; i < MAX_DPs; i++) {
		free(t->tab[i]);
		t->tab[i] = NULL;
	}
	return 0;
}

/* gred_vq_validate(): one TCA_GRED_VQ_ENTRY; cdp is the VQ the request
 * sets, which may not exist yet */
static int gred_vq_validate(const struct gred_sched *t, uint32_t cdp,
			    const struct nlattr *entry,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_GRED_VQ_MAX + 1];
	uint32_t dp;
	int err = unl_nla_parse_nested(tb, TCA_GRED_VQ_MAX, entry,
				       gred_vq_policy, UNL_VALIDATE_LIBERAL,
				       extack);

	if (err)
		return err;
	if (!tb[TCA_GRED_VQ_DP]) {
		UNL_SET_ERR_MSG(extack, "sch_gred: Virtual queue with no index specified");
		return -EINVAL;
	}
	dp = unl_nla_get_u32(tb[TCA_GRED_VQ_DP]);
	if (dp >= t->DPs) {
		UNL_SET_ERR_MSG(extack, "sch_gred: Virtual queue with index out of bounds");
		return -EINVAL;
	}
	if (dp != cdp && !t->tab[dp]) {
		UNL_SET_ERR_MSG(extack, "sch_gred: Virtual queue not yet instantiated");
		return -EINVAL;
	}
	if (tb[TCA_GRED_VQ_FLAGS]) {
		uint32_t flags = unl_nla_get_u32(tb[TCA_GRED_VQ_FLAGS]);

		if (t->red_flags && t->red_flags != flags) {
			UNL_SET_ERR_MSG(extack, "sch_gred: can't change per-virtual queue RED flags when per-Qdisc flags are used");
			return -EINVAL;
		}
		if (flags & ~GRED_VQ_RED_FLAGS) {
			UNL_SET_ERR_MSG(extack, "sch_gred: invalid RED flags specified");
			return -EINVAL;
		}
	}
	return 0;
}

static int gred_vqs_validate(const struct gred_sched *t, uint32_t cdp,
			     const struct nlattr *vqs,
			     struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;
	int err = unl_nla_validate(unl_nla_data(vqs), unl_nla_len(vqs),
				   TCA_GRED_VQ_ENTRY_MAX, gred_vqe_policy,
				   UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	unl_nla_for_each_nested(a, vqs, rem) {
		if (unl_nla_type(a) != TCA_GRED_VQ_ENTRY) {
			UNL_SET_ERR_MSG(extack, "sch_gred: GRED_VQ_LIST can contain only entry attributes");
			return -EINVAL;
		}
		err = gred_vq_validate(t, cdp, a, extack);
		if (err)
			return err;
	}
	if (rem > 0) {
		UNL_SET_ERR_MSG(extack, "sch_gred: Trailing data after parsing virtual queue list");
		return -EINVAL;
	}
	return 0;
}

/* gred_vqs_apply(): after validation, the per-VQ flags */
static void gred_vqs_apply(struct gred_sched *t, const struct nlattr *vqs)
{
	const struct nlattr *a;
	int rem;

	unl_nla_for_each_nested(a, vqs, rem) {
		const struct nlattr *tb[TCA_GRED_VQ_MAX + 1];

		if (unl_nla_type(a) != TCA_GRED_VQ_ENTRY ||
		    unl_nla_parse_nested(tb, TCA_GRED_VQ_MAX, a, gred_vq_policy,
					 UNL_VALIDATE_LIBERAL, NULL))
			continue;
		if (tb[TCA_GRED_VQ_FLAGS])
			t->tab[unl_nla_get_u32(tb[TCA_GRED_VQ_DP])]->red_flags =
				unl_nla_get_u32(tb[TCA_GRED_VQ_FLAGS]);
	}
}

/* gred_change_vq(): a VQ's limit is at most the qdisc's */
static int gred_change_vq(struct rtnl_qdisc *sch,
			  const struct tc_gred_qopt *ctl,
			  int prio, const uint8_t *stab, uint32_t max_P,
			  struct unl_ext_ack *extack)
{
	struct gred_sched *t = rtnl_qdisc_priv(sch);
	struct gred_vq *q = t->tab[ctl->DP];
	struct tc_red_qopt red = {
		.qth_min = ctl->qth_min,
		.qth_max = ctl->qth_max,
		.Wlog = ctl->Wlog,
		.Plog = ctl->Plog,
		.Scell_log = ctl->Scell_log,
	};

	if (!rtnl_red_check_params(ctl->qth_min, ctl->qth_max, ctl->Wlog,
				   ctl->Scell_log, stab)) {
		UNL_SET_ERR_MSG(extack, "sch_gred: invalid RED parameters");
		return -EINVAL;
	}
	if (!q) {
		q = calloc(1, sizeof(*q));
		if (!q)
			return -ENOMEM;
		t->tab[ctl->DP] = q;
		q->red_flags = t->red_flags & GRED_VQ_RED_FLAGS;
	}
	q->DP = ctl->DP;
	q->prio = (uint8_t)prio;
	q->limit = ctl->limit > sch->limit ? sch->limit : ctl->limit;
	rtnl_red_set_parms(&q->parms, &red, max_P);
	return 0;
}

static int gred_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct gred_sched *t = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_GRED_MAX + 1];
	const struct tc_gred_qopt *ctl;
	int prio = GRED_DEF_PRIO;
	uint32_t max_P;
	int err = unl_nla_parse_nested(tb, TCA_GRED_MAX, opt, gred_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_GRED_PARMS] && !tb[TCA_GRED_STAB]) {
		if (tb[TCA_GRED_LIMIT])
			sch->limit = unl_nla_get_u32(tb[TCA_GRED_LIMIT]);
		return gred_change_table_def(sch, tb[TCA_GRED_DPS], extack);
	}
	if (!tb[TCA_GRED_PARMS] || !tb[TCA_GRED_STAB] || tb[TCA_GRED_LIMIT]) {
		UNL_SET_ERR_MSG(extack, "sch_gred: can't configure Qdisc and virtual queue at the same time");
		return -EINVAL;
	}
	max_P = tb[TCA_GRED_MAX_P] ? unl_nla_get_u32(tb[TCA_GRED_MAX_P]) : 0;
	ctl = unl_nla_data(tb[TCA_GRED_PARMS]);
	if (ctl->DP >= t->DPs) {
		UNL_SET_ERR_MSG(extack, "sch_gred: virtual queue index above virtual queue count");
		return -EINVAL;
	}
	if (tb[TCA_GRED_VQ_LIST]) {
		err = gred_vqs_validate(t, ctl->DP, tb[TCA_GRED_VQ_LIST],
					extack);
		if (err)
			return err;
	}
	if (t->rio) {
		if (ctl->prio)
			prio = ctl->prio;
		else if (t->tab[t->def])
			prio = t->tab[t->def]->prio;
	}
	err = gred_change_vq(sch, ctl, prio, unl_nla_data(tb[TCA_GRED_STAB]),
			     max_P, extack);
	if (err)
		return err;
	if (tb[TCA_GRED_VQ_LIST])
		gred_vqs_apply(t, tb[TCA_GRED_VQ_LIST]);
	if (t->rio)
		t->wred = gred_prios_shared(t);
	return 0;
}

/* gred_init(): the table only; the limit defaults to a queue's worth
 * of MTU-sized packets */
static int gred_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_GRED_MAX + 1];
	int err;

	if (!opt)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_GRED_MAX, opt, gred_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (tb[TCA_GRED_PARMS] || tb[TCA_GRED_STAB]) {
		UNL_SET_ERR_MSG(extack, "sch_gred: virtual queue configuration can't be specified at initialization time");
		return -EINVAL;
	}
	if (tb[TCA_GRED_LIMIT])
		sch->limit = unl_nla_get_u32(tb[TCA_GRED_LIMIT]);
	else
		sch->limit = sch->dev->txqlen * rtnl_psched_mtu(sch->dev);
	return gred_change_table_def(sch, tb[TCA_GRED_DPS], extack);
}

static void gred_destroy(struct rtnl_qdisc *sch)
{
	struct gred_sched *t = rtnl_qdisc_priv(sch);

	for (int i = 0; i < MAX_DPs; i++) {
		free(t->tab[i]);
		t->tab[i] = NULL;
	}
}

/* the old all-in-one array: 16 raw tc_gred_qopt, counters all 0 */
static int gred_dump_parms(const struct gred_sched *t, struct unl_skb *skb)
{
	struct nlattr *parms = rtnl_nest_start(skb, TCA_GRED_PARMS);

	if (!parms)
		return -EMSGSIZE;
	for (uint32_t i = 0; i < MAX_DPs; i++) {
		const struct gred_vq *q = t->tab[i];
		struct tc_gred_qopt opt = { .DP = MAX_DPs + i };
		void *p;

		if (q) {
			opt.limit = q->limit;
			opt.DP = q->DP;
			opt.prio = q->prio;
			opt.qth_min = q->parms.qth_min >> q->parms.Wlog;
			opt.qth_max = q->parms.qth_max >> q->parms.Wlog;
			opt.Wlog = q->parms.Wlog;
			opt.Plog = q->parms.Plog;
			opt.Scell_log = q->parms.Scell_log;
		}
		p = unl_skb_put(skb, sizeof(opt));
		if (!p)
			return -EMSGSIZE;
		memcpy(p, &opt, sizeof(opt));
	}
	unl_nla_nest_end(skb, parms);
	return 0;
}

/* the VQs again, each with its flags and (zero) counters */
static int gred_dump_vqs(const struct gred_sched *t, struct unl_skb *skb)
{
	static const int zero_u32[] = {
		TCA_GRED_VQ_STAT_PACKETS,     TCA_GRED_VQ_STAT_BACKLOG,
		TCA_GRED_VQ_STAT_PROB_DROP,   TCA_GRED_VQ_STAT_PROB_MARK,
		TCA_GRED_VQ_STAT_FORCED_DROP, TCA_GRED_VQ_STAT_FORCED_MARK,
		TCA_GRED_VQ_STAT_PDROP,
	};
	struct nlattr *vqs = rtnl_nest_start(skb, TCA_GRED_VQ_LIST);

	if (!vqs)
		return -EMSGSIZE;
	for (int i = 0; i < MAX_DPs; i++) {
		const struct gred_vq *q = t->tab[i];
		struct nlattr *vq;

		if (!q)
			continue;
		vq = rtnl_nest_start(skb, TCA_GRED_VQ_ENTRY);
		if (!vq || unl_nla_put_u32(skb, TCA_GRED_VQ_DP, q->DP) ||
		    unl_nla_put_u32(skb, TCA_GRED_VQ_FLAGS, q->red_flags) ||
		    unl_nla_put_u64(skb, TCA_GRED_VQ_STAT_BYTES, 0,
				    TCA_GRED_VQ_PAD))
			return -EMSGSIZE;
		for (size_t k = 0; k < sizeof(zero_u32) / sizeof(zero_u32[0]);
		     k++)
			if (unl_nla_put_u32(skb, zero_u32[k], 0))
				return -EMSGSIZE;
		unl_nla_nest_end(skb, vq);
	}
	unl_nla_nest_end(skb, vqs);
	return 0;
}

static int gred_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct gred_sched *t = rtnl_qdisc_priv(sch);
	struct tc_gred_sopt sopt = {
		.DPs = t->DPs,
		.def_DP = t->def,
		.grio = t->rio,
		.flags = (uint8_t)t->red_flags,
	};
	uint32_t max_p[MAX_DPs];
	struct nlattr *opts = rtnl_nest_start(skb, TCA_OPTIONS);

	for (int i = 0; i < MAX_DPs; i++)
		max_p[i] = t->tab[i] ? t->tab[i]->parms.max_P : 0;
	if (!opts || unl_nla_put(skb, TCA_GRED_DPS, sizeof(sopt), &sopt) ||
	    unl_nla_put(skb, TCA_GRED_MAX_P, sizeof(max_p), max_p) ||
	    unl_nla_put_u32(skb, TCA_GRED_LIMIT, sch->limit) ||
	    gred_dump_parms(t, skb) || gred_dump_vqs(t, skb))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, opts);
	return 0;
}

const struct rtnl_qdisc_ops rtnl_gred_qdisc_ops = {
	.id = "gred",
	.priv_size = sizeof(struct gred_sched),
	.init = gred_init,
	.change = gred_change,
	.destroy = gred_destroy,
	.dump = gred_dump,
};
