/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What pie and fq_pie share of include/net/pie.h: the parameters as
 * pie_params_init() sets them and as they are kept (target in psched
 * ticks, tupdate in jiffies), so the microseconds dumped back are what
 * that rounding leaves.
 */
#ifndef UNETLINK_ROUTE_SCHED_PIE_H
#define UNETLINK_ROUTE_SCHED_PIE_H

#include <stdbool.h>
#include <stdint.h>

#include "proto/route/sched/sched.h"

struct rtnl_pie_params {
	uint64_t target;  /* psched ticks */
	uint64_t tupdate; /* jiffies */
	uint32_t limit, alpha, beta;
	uint32_t ecn, bytemode, dq_rate_estimator; /* bool in Linux */
};

/* pie_params_init(): 15 ms, 15 ms, 1000 packets, alpha 2, beta 20 */
static inline void rtnl_pie_params_init(struct rtnl_pie_params *p,
					const struct rtnl_qdisc *q)
{
	p->target = RTNL_PSCHED_NS2TICKS(15ull * 1000 * 1000);
	p->tupdate = rtnl_tc_usecs_to_jiffies(q, 15 * 1000);
	p->limit = 1000;
	p->alpha = 2;
	p->beta = 20;
	p->ecn = p->bytemode = p->dq_rate_estimator = 0;
}

static inline uint64_t rtnl_pie_us_to_target(uint32_t us)
{
	return RTNL_PSCHED_NS2TICKS((uint64_t)us * 1000);
}

static inline uint32_t rtnl_pie_target_to_us(uint64_t target)
{
	return (uint32_t)RTNL_PSCHED_TICKS2NS(target) / 1000;
}

/* a bool set from a u32 */
static inline uint32_t rtnl_pie_bool(uint32_t v)
{
	return v != 0;
}

#endif
