// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * etf (net/sched/sch_etf.c): Earliest TxTime First, for sockets that
 * set SO_TXTIME.  Its options are set once, at creation (the kind has
 * no change): CLOCK_TAI only, a delta that is not negative, the
 * deadline and skip_sock_check modes; offload needs a driver's
 * ndo_setup_tc, which no device here has.
 */
#include <errno.h>
#include <time.h>

#include "proto/route/sched/sched.h"

#define ENOTSUPP 524 /* the kernel's own, which reaches user space */
/* TC_ETF_SKIP_SOCK_CHECK, newer than some uapi headers */
#define RTNL_TC_ETF_SKIP_SOCK_CHECK (1 << 2)

struct etf_sched {
	bool deadline_mode;
	bool skip_sock_check;
	int32_t clockid;
	int32_t delta;
};

static const struct unl_nla_policy etf_policy[TCA_ETF_MAX + 1] = {
	[TCA_ETF_PARMS] = { .len = sizeof(struct tc_etf_qopt) },
};

/* validate_input_params() */
static int etf_check(const struct tc_etf_qopt *qopt,
		     struct unl_ext_ack *extack)
{
	if (qopt->clockid < 0) {
		UNL_SET_ERR_MSG(extack, "Dynamic clockids are not supported");
		return -ENOTSUPP;
	}
	if (qopt->clockid != CLOCK_TAI) {
		UNL_SET_ERR_MSG(extack, "Invalid clockid. CLOCK_TAI must be used");
		return -EINVAL;
	}
	if (qopt->delta < 0) {
		UNL_SET_ERR_MSG(extack, "Delta must be positive");
		return -EINVAL;
	}
	return 0;
}

static int etf_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct etf_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_ETF_MAX + 1];
	const struct tc_etf_qopt *qopt;
	int err;

	if (!opt) {
		UNL_SET_ERR_MSG(extack, "Missing ETF qdisc options which are mandatory");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_ETF_MAX, opt, etf_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[TCA_ETF_PARMS]) {
		UNL_SET_ERR_MSG(extack, "Missing mandatory ETF parameters");
		return -EINVAL;
	}
	qopt = unl_nla_data(tb[TCA_ETF_PARMS]);
	err = etf_check(qopt, extack);
	if (err)
		return err;
	if (qopt->flags & TC_ETF_OFFLOAD_ON) {
		/* etf_enable_offload() without ndo_setup_tc */
		UNL_SET_ERR_MSG(extack, "Specified device does not support ETF offload");
		return -EOPNOTSUPP;
	}
	q->delta = qopt->delta;
	q->clockid = qopt->clockid;
	q->deadline_mode = !!(qopt->flags & TC_ETF_DEADLINE_MODE_ON);
	q->skip_sock_check = !!(qopt->flags & RTNL_TC_ETF_SKIP_SOCK_CHECK);
	return 0;
}

static int etf_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct etf_sched *q = rtnl_qdisc_priv(sch);
	struct tc_etf_qopt opt = {
		.delta = q->delta,
		.clockid = q->clockid,
	};
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (q->deadline_mode)
		opt.flags |= TC_ETF_DEADLINE_MODE_ON;
	if (q->skip_sock_check)
		opt.flags |= RTNL_TC_ETF_SKIP_SOCK_CHECK;
	if (!nest || unl_nla_put(skb, TCA_ETF_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

const struct rtnl_qdisc_ops rtnl_etf_qdisc_ops = {
	.id = "etf",
	.priv_size = sizeof(struct etf_sched),
	.init = etf_init,
	.dump = etf_dump,
};
