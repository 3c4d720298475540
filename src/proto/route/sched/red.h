/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What red and choke share of include/net/red.h: the checks of a
 * struct tc_red_qopt with its table, and the parameters as red_set_parms()
 * keeps them (thresholds scaled by Wlog, max_P derived from Plog when
 * not given), which is what their dumps give back.
 */
#ifndef UNETLINK_ROUTE_SCHED_RED_H
#define UNETLINK_ROUTE_SCHED_RED_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/pkt_sched.h>

#define RTNL_RED_STAB_SIZE 256

struct rtnl_red_parms {
	uint32_t qth_min, qth_max; /* << Wlog */
	uint32_t max_P;
	uint8_t Wlog, Plog, Scell_log;
};

/* fls() */
static inline int rtnl_red_fls(uint32_t x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* red_check_params() */
static inline bool rtnl_red_check_params(uint32_t qth_min, uint32_t qth_max,
					 uint8_t Wlog, uint8_t Scell_log,
					 const uint8_t *stab)
{
	if (rtnl_red_fls(qth_min) + Wlog >= 32 ||
	    rtnl_red_fls(qth_max) + Wlog >= 32 || Scell_log >= 32 ||
	    qth_max < qth_min)
		return false;
	for (int i = 0; stab && i < RTNL_RED_STAB_SIZE; i++)
		if (stab[i] >= 32)
			return false;
	return true;
}

/* red_set_parms(): only what is dumped */
static inline void rtnl_red_set_parms(struct rtnl_red_parms *p,
				      const struct tc_red_qopt *ctl,
				      uint32_t max_P)
{
	int delta = (int)(ctl->qth_max - ctl->qth_min);

	p->qth_min = ctl->qth_min << ctl->Wlog;
	p->qth_max = ctl->qth_max << ctl->Wlog;
	p->Wlog = ctl->Wlog;
	p->Plog = ctl->Plog;
	p->Scell_log = ctl->Scell_log;
	if (delta <= 0)
		delta = 1;
	if (!max_P) {
		max_P = ctl->Plog < 32 ? ~0u >> ctl->Plog : ~0u;
		max_P *= (uint32_t)delta;
	}
	p->max_P = max_P;
}

/* the tc_red_qopt a dump gives back */
static inline void rtnl_red_fill_qopt(struct tc_red_qopt *opt,
				      const struct rtnl_red_parms *p,
				      uint32_t limit, unsigned char flags)
{
	opt->limit = limit;
	opt->flags = flags;
	opt->qth_min = p->qth_min >> p->Wlog;
	opt->qth_max = p->qth_max >> p->Wlog;
	opt->Wlog = p->Wlog;
	opt->Plog = p->Plog;
	opt->Scell_log = p->Scell_log;
}

#endif
