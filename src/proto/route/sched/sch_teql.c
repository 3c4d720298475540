// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * teql (net/sched/sch_teql.c): the True link EQuaLizer.  Loading the
 * module makes a master device, teql0, in the initial namespace and a
 * qdisc kind of the same name; a device whose root qdisc is teql0 is
 * one of the master's slaves.  Every net here stands for a fresh
 * namespace (docs/conformance.md), where the master is not seen; it is
 * taken as never up, so that any device may join, and nothing else of
 * it shows.  The qdisc has no options and no counters of its own.
 */
#include <errno.h>

#include "proto/route/sched/sched.h"

/* teql_qdisc_init(): the root only */
static int teql_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		     struct unl_ext_ack *extack)
{
	(void)opt;
	if (sch->parent != TC_H_ROOT) {
		UNL_SET_ERR_MSG(extack, "sch_teql: teql can only be used as root");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* max_equalizers=1: one master, teql0 */
const struct rtnl_qdisc_ops rtnl_teql_qdisc_ops = {
	.id = "teql0",
	.init = teql_init,
};
