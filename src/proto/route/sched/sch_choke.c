// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * choke (net/sched/sch_choke.c): CHOose and Keep/Kill over RED's
 * parameters (a struct tc_red_qopt and its table, as red takes them),
 * at most CHOKE_MAX_QUEUE packets; options are required, and each
 * change replaces them all.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/red.h"
#include "proto/route/sched/sched.h"

#define CHOKE_MAX_QUEUE (128 * 1024 - 1)

struct choke_sched {
	uint32_t limit;
	unsigned char flags;
	struct rtnl_red_parms parms;
};

static const struct unl_nla_policy choke_policy[TCA_CHOKE_MAX + 1] = {
	[TCA_CHOKE_PARMS] = { .len = sizeof(struct tc_red_qopt) },
	[TCA_CHOKE_STAB] = { .len = RTNL_RED_STAB_SIZE },
	[TCA_CHOKE_MAX_P] = { .type = UNL_NLA_U32 },
};

/* choke_change(): parsed without an extended ACK, as Linux does */
static int choke_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	struct choke_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_CHOKE_MAX + 1];
	const struct tc_red_qopt *ctl;
	uint32_t max_P;
	int err;

	(void)extack;
	if (!opt)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_CHOKE_MAX, opt, choke_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_CHOKE_PARMS] || !tb[TCA_CHOKE_STAB])
		return -EINVAL;
	max_P = tb[TCA_CHOKE_MAX_P] ? unl_nla_get_u32(tb[TCA_CHOKE_MAX_P])
				    : 0;
	ctl = unl_nla_data(tb[TCA_CHOKE_PARMS]);
	if (!rtnl_red_check_params(ctl->qth_min, ctl->qth_max, ctl->Wlog,
				   ctl->Scell_log,
				   unl_nla_data(tb[TCA_CHOKE_STAB])))
		return -EINVAL;
	if (ctl->limit > CHOKE_MAX_QUEUE)
		return -EINVAL;
	q->flags = ctl->flags;
	q->limit = ctl->limit;
	rtnl_red_set_parms(&q->parms, ctl, max_P);
	return 0;
}

static int choke_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct choke_sched *q = rtnl_qdisc_priv(sch);
	struct tc_red_qopt opt = { 0 };
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	rtnl_red_fill_qopt(&opt, &q->parms, q->limit, q->flags);
	if (!nest || unl_nla_put(skb, TCA_CHOKE_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put_u32(skb, TCA_CHOKE_MAX_P, q->parms.max_P))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int choke_xstats(struct rtnl_qdisc *sch, void *buf)
{
	struct tc_choke_xstats st = { 0 };

	(void)sch;
	memcpy(buf, &st, sizeof(st));
	return sizeof(st);
}

const struct rtnl_qdisc_ops rtnl_choke_qdisc_ops = {
	.id = "choke",
	.priv_size = sizeof(struct choke_sched),
	.init = choke_change,
	.change = choke_change,
	.dump = choke_dump,
	.xstats = choke_xstats,
};
