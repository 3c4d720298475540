// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The qdiscs of net/sched/sch_generic.c a device gets by default:
 * noqueue (a device without a queue) and pfifo_fast (three bands by
 * the packet's priority); and its rates (psched_ratecfg), which tbf and
 * htb keep as the kernel does.
 */
#include <string.h>

#include "proto/route/sched/sched.h"

/* noqueue: no options, nothing to dump */
const struct rtnl_qdisc_ops rtnl_noqueue_qdisc_ops = {
	.id = "noqueue",
};

/* sch_default_prio2band */
static const uint8_t prio2band[TC_PRIO_MAX + 1] = {
	1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1
};

/* pfifo_fast_dump(): a struct tc_prio_qopt, not a nest */
static int pfifo_fast_dump(struct rtnl_qdisc *q, struct unl_skb *skb)
{
	struct tc_prio_qopt opt = { .bands = 3 };

	(void)q;
	for (int i = 0; i <= TC_PRIO_MAX; i++)
		opt.priomap[i] = prio2band[i];
	return unl_nla_put(skb, TCA_OPTIONS, sizeof(opt), &opt);
}

/* pfifo_fast_init() ignores its options */
static int pfifo_fast_init(struct rtnl_qdisc *q, const struct nlattr *opt,
			   struct unl_ext_ack *extack)
{
	(void)q;
	(void)opt;
	(void)extack;
	return 0;
}

const struct rtnl_qdisc_ops rtnl_pfifo_fast_ops = {
	.id = "pfifo_fast",
	.init = pfifo_fast_init,
	.dump = pfifo_fast_dump,
};

/* ---- rates (psched_ratecfg) ---- */

/* __detect_linklayer(): a table whose two cells about one ATM cell
 * (48 bytes) above the MPU cost the same was made for ATM */
static uint8_t detect_linklayer(const struct tc_ratespec *r,
			       const uint32_t *rtab)
{
	int low = (r->mpu + 47) / 48 * 48;
	int high = (low + 1 + 47) / 48 * 48;
	int cell_low = low >> r->cell_log;
	int cell_high = (high >> r->cell_log) - 1;

	if (r->rate > 100000000 / 8 || rtab[0] == 0)
		return TC_LINKLAYER_ETHERNET;
	if (cell_high > cell_low && cell_high < 256 &&
	    rtab[cell_low] == rtab[cell_high])
		return TC_LINKLAYER_ATM;
	return TC_LINKLAYER_ETHERNET;
}

void rtnl_ratespec_detect_linklayer(struct tc_ratespec *r,
				    const struct nlattr *tab)
{
	uint32_t rtab[TC_RTAB_SIZE / sizeof(uint32_t)];

	if (r->linklayer != TC_LINKLAYER_UNAWARE || !tab || !r->rate ||
	    r->cell_log == 0 || r->cell_log >= 32 ||
	    unl_nla_len(tab) != TC_RTAB_SIZE)
		return;
	memcpy(rtab, unl_nla_data(tab), sizeof(rtab));
	r->linklayer = detect_linklayer(r, rtab);
}

void rtnl_ratecfg_precompute(struct rtnl_ratecfg *r,
			     const struct tc_ratespec *conf, uint64_t rate64)
{
	uint64_t factor = 1000000000ULL;

	memset(r, 0, sizeof(*r));
	r->overhead = conf->overhead;
	r->mpu = conf->mpu;
	r->rate_bytes_ps = conf->rate > rate64 ? conf->rate : rate64;
	r->linklayer = conf->linklayer & TC_LINKLAYER_MASK;
	r->mult = 1;
	if (!r->rate_bytes_ps)
		return;
	for (;;) {
		r->mult = (uint32_t)(factor / r->rate_bytes_ps);
		if ((r->mult & (1U << 31)) || (factor & (1ULL << 63)))
			break;
		factor <<= 1;
		r->shift++;
	}
}

void rtnl_ratecfg_getrate(struct tc_ratespec *res,
			  const struct rtnl_ratecfg *r)
{
	memset(res, 0, sizeof(*res));
	res->rate = r->rate_bytes_ps > 0xffffffffULL ? 0xffffffffU
						     : (uint32_t)r->rate_bytes_ps;
	res->overhead = r->overhead;
	res->mpu = r->mpu;
	res->linklayer = r->linklayer & TC_LINKLAYER_MASK;
}

uint64_t rtnl_ratecfg_l2t_ns(const struct rtnl_ratecfg *r, unsigned int len)
{
	len += r->overhead;
	if (len < r->mpu)
		len = r->mpu;
	if (r->linklayer == TC_LINKLAYER_ATM)
		return ((uint64_t)((len + 47) / 48 * 53) * r->mult) >> r->shift;
	return ((uint64_t)len * r->mult) >> r->shift;
}

/* psched_ns_t2l(): the bytes sent in time_ns, in 64 bits as the
 * kernel multiplies them */
uint64_t rtnl_ratecfg_t2l(const struct rtnl_ratecfg *r, uint64_t time_ns)
{
	uint64_t len = time_ns * r->rate_bytes_ps / 1000000000ULL;

	if (r->linklayer == TC_LINKLAYER_ATM)
		len = len / 53 * 48;
	return len > r->overhead ? len - r->overhead : 0;
}
