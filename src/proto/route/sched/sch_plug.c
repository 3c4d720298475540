// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plug (net/sched/sch_plug.c): a queue held back until released, for
 * output commit (Remus).  Its options are commands (buffer, release one
 * epoch, release indefinitely, set the limit in bytes); nothing of it is
 * dumped.
 */
#include <errno.h>

#include "proto/route/sched/sched.h"

struct plug_sched {
	uint32_t limit;    /* bytes */
	bool unplug_indefinite;
	uint32_t epochs;   /* buffer commands not yet released */
};

static int plug_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	struct plug_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	if (!opt) {
		q->limit = sch->dev->txqlen * rtnl_psched_mtu(sch->dev);
		return 0;
	}
	if (unl_nla_len(opt) < (int)sizeof(struct tc_plug_qopt))
		return -EINVAL;
	q->limit = ((const struct tc_plug_qopt *)unl_nla_data(opt))->limit;
	return 0;
}

/* plug_change(): one command */
static int plug_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct plug_sched *q = rtnl_qdisc_priv(sch);
	const struct tc_plug_qopt *msg;

	(void)extack;
	if (!opt || unl_nla_len(opt) < (int)sizeof(*msg))
		return -EINVAL;
	msg = unl_nla_data(opt);
	switch (msg->action) {
	case TCQ_PLUG_BUFFER:
		q->epochs++;
		q->unplug_indefinite = false;
		break;
	case TCQ_PLUG_RELEASE_ONE:
		if (q->epochs)
			q->epochs--;
		break;
	case TCQ_PLUG_RELEASE_INDEFINITE:
		q->unplug_indefinite = true;
		q->epochs = 0;
		break;
	case TCQ_PLUG_LIMIT:
		q->limit = msg->limit;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

const struct rtnl_qdisc_ops rtnl_plug_qdisc_ops = {
	.id = "plug",
	.priv_size = sizeof(struct plug_sched),
	.init = plug_init,
	.change = plug_change,
};
