// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What mqprio and taprio share (net/sched/sch_mqprio_lib.c): the checks
 * of a struct tc_mqprio_qopt against the device's tx queues, and the
 * struct rebuilt from the device's traffic classes for a dump.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

/* mqprio_validate_queue_counts(): each class some queues in use, no two
 * overlapping unless the caller allows it */
static int mqprio_validate_queue_counts(const struct rtnl_link *dev,
					const struct tc_mqprio_qopt *qopt,
					bool allow_overlap,
					struct unl_ext_ack *extack)
{
	uint32_t real = rtnl_qdisc_real_txq(dev);

	for (int i = 0; i < qopt->num_tc; i++) {
		int last = qopt->offset[i] + qopt->count[i];

		if (!qopt->count[i]) {
			rtnl_tc_err_fmt(extack, "sch_mqprio_lib: No queues for TC %d",
					i);
			return -EINVAL;
		}
		if (qopt->offset[i] >= real || (uint32_t)last > real) {
			rtnl_tc_err_fmt(extack,
					"sch_mqprio_lib: Queues %d:%d for TC %d exceed the %d TX queues available",
					qopt->count[i], qopt->offset[i], i,
					(int)real);
			return -EINVAL;
		}
		if (allow_overlap)
			continue;
		for (int j = i + 1; j < qopt->num_tc; j++) {
			int end = qopt->offset[j] + qopt->count[j];
			int l = qopt->offset[i] > qopt->offset[j]
					? qopt->offset[i] : qopt->offset[j];
			int r = last < end ? last : end;

			if (l < r) {
				rtnl_tc_err_fmt(extack,
						"sch_mqprio_lib: TC %d queues %d@%d overlap with TC %d queues %d@%d",
						i, qopt->count[i], qopt->offset[i],
						j, qopt->count[j], qopt->offset[j]);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int rtnl_mqprio_validate_qopt(const struct rtnl_link *dev,
			      const struct tc_mqprio_qopt *qopt,
			      bool validate_queue_counts, bool allow_overlap,
			      struct unl_ext_ack *extack)
{
	if (qopt->num_tc > TC_QOPT_MAX_QUEUE) {
		UNL_SET_ERR_MSG(extack, "Number of traffic classes is outside valid range");
		return -EINVAL;
	}
	for (int i = 0; i <= TC_QOPT_BITMASK; i++)
		if (qopt->prio_tc_map[i] >= qopt->num_tc) {
			UNL_SET_ERR_MSG(extack, "Invalid traffic class in priority to traffic class mapping");
			return -EINVAL;
		}
	if (validate_queue_counts)
		return mqprio_validate_queue_counts(dev, qopt, allow_overlap,
						    extack);
	return 0;
}

void rtnl_mqprio_qopt_reconstruct(const struct rtnl_link *dev,
				  struct tc_mqprio_qopt *opt)
{
	const struct rtnl_tc_dev *td = dev->tc;

	memset(opt, 0, sizeof(*opt));
	if (!td)
		return;
	opt->num_tc = td->num_tc;
	memcpy(opt->prio_tc_map, td->prio_tc_map, sizeof(opt->prio_tc_map));
	for (int tc = 0; tc < td->num_tc; tc++) {
		opt->count[tc] = td->tc_to_txq[tc].count;
		opt->offset[tc] = td->tc_to_txq[tc].offset;
	}
}

void rtnl_netdev_reset_tc(struct rtnl_link *dev)
{
	struct rtnl_tc_dev *td = dev->tc;

	if (!td)
		return;
	td->num_tc = 0;
	memset(td->tc_to_txq, 0, sizeof(td->tc_to_txq));
	memset(td->prio_tc_map, 0, sizeof(td->prio_tc_map));
}
