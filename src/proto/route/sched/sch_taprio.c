// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * taprio (net/sched/sch_taprio.c): 802.1Qbv's time-aware shaper, the
 * root of a multiqueue device.  Like mqprio it maps priorities to
 * traffic classes and classes to tx queues (the device's mapping), and
 * has a class per tx queue holding a pfifo to start with; over them a
 * gate schedule (entries of gate masks and intervals, a base time and
 * a cycle) read on the clock the request names.
 *
 * A new schedule is the administrative one until it starts: at its base
 * time, or at the next cycle of it when the base time is past.  Linux
 * switches it to the operational one from an hrtimer; nothing here
 * depends on when that happens but the dumps, so it is done when a
 * dump or a change looks (taprio_sync()).  In txtime-assist mode the
 * first schedule is operational at once and later ones stay
 * administrative (only traffic switches them).  Full offload needs a
 * driver, which no device here has.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/ethtool.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"
#include "proto/route/sched/sched.h"

#define ENOTSUPP 524 /* the kernel's own, which reaches user space */
#define ETH_ZLEN 60
#define ETH_HLEN 14
#define TAPRIO_FLAGS_INVALID UINT32_MAX
#define TAPRIO_PICOS_PER_BYTE_MIN 17
#define TXTIME_ASSIST(f) ((f) & TCA_TAPRIO_ATTR_FLAG_TXTIME_ASSIST)
#define FULL_OFFLOAD(f) ((f) & TCA_TAPRIO_ATTR_FLAG_FULL_OFFLOAD)
/* Newer than some uapi headers (Linux 6.3, 6.4). */
#define RTNL_TCA_TAPRIO_TC_ENTRY_FP 3
#define RTNL_TCA_TAPRIO_TC_ENTRY_MAX RTNL_TCA_TAPRIO_TC_ENTRY_FP
#define RTNL_TC_FP_EXPRESS 1
#define RTNL_TC_FP_PREEMPTIBLE 2

struct taprio_entry {
	uint32_t index, gate_mask, interval;
	uint8_t command;
	uint64_t gate_duration[TC_QOPT_MAX_QUEUE];
};

struct taprio_schedule {
	int64_t base_time, cycle_time, cycle_time_extension;
	int64_t start; /* when it becomes operational, on the clock */
	uint32_t num_entries;
	struct taprio_entry *entries;
	uint64_t max_open_gate_duration[TC_QOPT_MAX_QUEUE];
	uint32_t max_sdu[TC_QOPT_MAX_QUEUE];
};

struct taprio_sched {
	struct rtnl_qdisc **qdiscs; /* each tx queue's, NULL: noop */
	uint32_t n;
	int32_t clockid;
	uint32_t flags;
	uint32_t txtime_delay;
	uint64_t picos_per_byte;
	uint32_t max_sdu[TC_QOPT_MAX_QUEUE];
	uint32_t fp[TC_QOPT_MAX_QUEUE];
	struct taprio_schedule *oper, *admin;
};

static const struct unl_nla_policy
	entry_policy[TCA_TAPRIO_SCHED_ENTRY_MAX + 1] = {
	[TCA_TAPRIO_SCHED_ENTRY_INDEX] = { .type = UNL_NLA_U32 },
	[TCA_TAPRIO_SCHED_ENTRY_CMD] = { .type = UNL_NLA_U8 },
	[TCA_TAPRIO_SCHED_ENTRY_GATE_MASK] = { .type = UNL_NLA_U32 },
	[TCA_TAPRIO_SCHED_ENTRY_INTERVAL] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	taprio_tc_policy[RTNL_TCA_TAPRIO_TC_ENTRY_MAX + 1] = {
	[TCA_TAPRIO_TC_ENTRY_INDEX] = UNL_NLA_POLICY_MAX(UNL_NLA_U32,
							 TC_QOPT_MAX_QUEUE),
	[TCA_TAPRIO_TC_ENTRY_MAX_SDU] = { .type = UNL_NLA_U32 },
	[RTNL_TCA_TAPRIO_TC_ENTRY_FP] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_U32, RTNL_TC_FP_EXPRESS,
				     RTNL_TC_FP_PREEMPTIBLE),
};

/* a traffic class entry's last attribute: frame preemption came with
 * Linux 6.5 (Debian's 6.1.192 neither takes nor dumps it) */
static int taprio_tc_entry_max(const struct rtnl_qdisc *sch)
{
	return unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 605)
		       ? RTNL_TCA_TAPRIO_TC_ENTRY_FP
		       : TCA_TAPRIO_TC_ENTRY_MAX_SDU;
}

static const struct unl_nla_policy taprio_policy[TCA_TAPRIO_ATTR_MAX + 1] = {
	[TCA_TAPRIO_ATTR_PRIOMAP] = { .len = sizeof(struct tc_mqprio_qopt) },
	[TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST] = { .type = UNL_NLA_NESTED },
	[TCA_TAPRIO_ATTR_SCHED_BASE_TIME] = { .type = UNL_NLA_S64 },
	[TCA_TAPRIO_ATTR_SCHED_SINGLE_ENTRY] = { .type = UNL_NLA_NESTED },
	[TCA_TAPRIO_ATTR_SCHED_CLOCKID] = { .type = UNL_NLA_S32 },
	[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_S64, 0, INT_MAX),
	[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION] = { .type = UNL_NLA_S64 },
	[TCA_TAPRIO_ATTR_FLAGS] =
		UNL_NLA_POLICY_MASK(UNL_NLA_U32,
				    TCA_TAPRIO_ATTR_FLAG_TXTIME_ASSIST |
					    TCA_TAPRIO_ATTR_FLAG_FULL_OFFLOAD),
	[TCA_TAPRIO_ATTR_TXTIME_DELAY] = { .type = UNL_NLA_U32 },
	[TCA_TAPRIO_ATTR_TC_ENTRY] = { .type = UNL_NLA_NESTED },
};

static void schedule_free(struct taprio_schedule *s)
{
	if (s)
		free(s->entries);
	free(s);
}

static uint8_t taprio_num_tc(const struct rtnl_qdisc *sch)
{
	return sch->dev->tc ? sch->dev->tc->num_tc : 0;
}

/* The request's clock now: the net's monotonic clock moved by what the
 * host's clocks differ by (taprio_mono_to_any()). */
static int64_t taprio_now(const struct rtnl_qdisc *sch, int32_t clockid)
{
	struct timespec mono, other;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	if (clock_gettime(clockid, &other))
		other = mono;
	return unl_net_now(sch->dev->rn->net) +
	       (other.tv_sec - mono.tv_sec) * UNL_NSEC_PER_SEC +
	       (other.tv_nsec - mono.tv_nsec);
}

/* The schedules as the hrtimer would have left them by now. */
static void taprio_sync(struct rtnl_qdisc *sch)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);

	if (!q->admin || TXTIME_ASSIST(q->flags) || q->clockid < 0 ||
	    taprio_now(sch, q->clockid) < q->admin->start)
		return;
	schedule_free(q->oper);
	q->oper = q->admin;
	q->admin = NULL;
}

/* taprio_set_picos_per_byte(): from the link speed, 10 Mb/s when the
 * device has none */
static void taprio_set_picos_per_byte(struct rtnl_qdisc *sch,
				      struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	const struct rtnl_ethtool *et = sch->dev->ops->ethtool;
	uint32_t speed = SPEED_10, s;
	uint8_t duplex, port;

	if (et && et->ksettings && !et->ksettings(sch->dev, &s, &duplex, &port) &&
	    s && s != (uint32_t)SPEED_UNKNOWN)
		speed = s;
	q->picos_per_byte = (1000000ull * 8) / speed;
	if (q->picos_per_byte < TAPRIO_PICOS_PER_BYTE_MIN) {
		rtnl_tc_err_fmt(extack, "sch_taprio: Link speed %u is too high. Schedule may be inaccurate.",
				speed);
		q->picos_per_byte = TAPRIO_PICOS_PER_BYTE_MIN;
	}
}

static int64_t length_to_duration(const struct taprio_sched *q, int len)
{
	return (int64_t)((uint64_t)len * q->picos_per_byte / 1000);
}

static uint32_t duration_to_length(const struct taprio_sched *q,
				   uint64_t duration)
{
	return (uint32_t)(duration * 1000 / q->picos_per_byte);
}

/* taprio_calculate_gate_durations(): how long each class's gate stays
 * open from each entry on, and the longest */
static void taprio_gate_durations(struct rtnl_qdisc *sch,
				  struct taprio_schedule *s)
{
	int num_tc = taprio_num_tc(sch);

	for (uint32_t e = 0; e < s->num_entries; e++) {
		struct taprio_entry *entry = &s->entries[e];
		uint32_t open = entry->gate_mask;
		uint32_t cur = e;

		do {
			const struct taprio_entry *c = &s->entries[cur];

			if (!open)
				break;
			for (int tc = 0; tc < num_tc; tc++) {
				if (!(open & (1u << tc)))
					continue;
				if (c->gate_mask & (1u << tc))
					entry->gate_duration[tc] += c->interval;
				else
					open &= ~(1u << tc);
			}
			cur = (cur + 1) % s->num_entries;
		} while (cur != e);
		for (int tc = 0; tc < num_tc; tc++)
			if (entry->gate_duration[tc] &&
			    s->max_open_gate_duration[tc] < entry->gate_duration[tc])
				s->max_open_gate_duration[tc] =
					entry->gate_duration[tc];
	}
}

/* taprio_update_queue_max_sdu(): the user's limit or what the longest
 * open gate lets through at the link's speed, whichever is smaller
 * (0: none); there is never a size table */
static void taprio_update_queue_max_sdu(struct rtnl_qdisc *sch,
					struct taprio_schedule *s)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	int num_tc = taprio_num_tc(sch);

	for (int tc = 0; tc < num_tc; tc++) {
		uint32_t user = q->max_sdu[tc] ? q->max_sdu[tc] : UINT32_MAX;
		uint32_t dynamic = UINT32_MAX, max_sdu;

		/* the limit from the gates came with Linux 6.4; 6.1 has the
		 * user's alone (Debian's 6.1.192: tc-kinds.6.1.expected) */
		if (s->max_open_gate_duration[tc] != (uint64_t)s->cycle_time &&
		    unl_profile_at_least(unl_net_profile(sch->dev->rn->net),
					 604)) {
			dynamic = duration_to_length(
					  q, s->max_open_gate_duration[tc]) -
				  ETH_HLEN;
			if (dynamic > sch->dev->max_mtu)
				dynamic = UINT32_MAX;
		}
		max_sdu = dynamic < user ? dynamic : user;
		s->max_sdu[tc] = max_sdu == UINT32_MAX ? 0 : max_sdu;
	}
}

/* parse_sched_list(): entries numbered in order; anything else is
 * skipped (with a message) */
static int parse_sched_list(struct taprio_sched *q, const struct nlattr *list,
			    struct taprio_schedule *s,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *n;
	int rem, count = 0;

	unl_nla_for_each_nested(n, list, rem)
		count++;
	s->entries = calloc(count ? (size_t)count : 1, sizeof(*s->entries));
	if (!s->entries)
		return -ENOMEM;
	unl_nla_for_each_nested(n, list, rem) {
		const struct nlattr *tb[TCA_TAPRIO_SCHED_ENTRY_MAX + 1];
		struct taprio_entry *e = &s->entries[s->num_entries];
		uint32_t interval = 0;

		if (unl_nla_type(n) != TCA_TAPRIO_SCHED_ENTRY) {
			UNL_SET_ERR_MSG(extack, "Attribute is not of type 'entry'");
			continue;
		}
		if (unl_nla_parse_nested(tb, TCA_TAPRIO_SCHED_ENTRY_MAX, n,
					 entry_policy, UNL_VALIDATE_LIBERAL,
					 NULL)) {
			UNL_SET_ERR_MSG(extack, "Could not parse nested entry");
			return -EINVAL;
		}
		e->index = s->num_entries;
		if (tb[TCA_TAPRIO_SCHED_ENTRY_CMD])
			e->command = unl_nla_get_u8(tb[TCA_TAPRIO_SCHED_ENTRY_CMD]);
		if (tb[TCA_TAPRIO_SCHED_ENTRY_GATE_MASK])
			e->gate_mask = unl_nla_get_u32(
				tb[TCA_TAPRIO_SCHED_ENTRY_GATE_MASK]);
		if (tb[TCA_TAPRIO_SCHED_ENTRY_INTERVAL])
			interval = unl_nla_get_u32(
				tb[TCA_TAPRIO_SCHED_ENTRY_INTERVAL]);
		/* at least the shortest frame must fit */
		if (interval < length_to_duration(q, ETH_ZLEN)) {
			UNL_SET_ERR_MSG(extack, "Invalid interval for schedule entry");
			return -EINVAL;
		}
		e->interval = interval;
		s->num_entries++;
	}
	return 0;
}

/* parse_taprio_schedule(): a cycle of 0 is the sum of the intervals */
static int parse_taprio_schedule(struct rtnl_qdisc *sch,
				 const struct nlattr **tb,
				 struct taprio_schedule *s,
				 struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	int err;

	if (tb[TCA_TAPRIO_ATTR_SCHED_SINGLE_ENTRY]) {
		UNL_SET_ERR_MSG(extack, "Adding a single entry is not supported");
		return -ENOTSUPP;
	}
	if (tb[TCA_TAPRIO_ATTR_SCHED_BASE_TIME])
		s->base_time = (int64_t)unl_nla_get_u64(
			tb[TCA_TAPRIO_ATTR_SCHED_BASE_TIME]);
	if (tb[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION])
		s->cycle_time_extension = (int64_t)unl_nla_get_u64(
			tb[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION]);
	if (tb[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME])
		s->cycle_time = (int64_t)unl_nla_get_u64(
			tb[TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME]);
	if (tb[TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST]) {
		err = parse_sched_list(q, tb[TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST],
				       s, extack);
		if (err)
			return err;
	}
	if (!s->cycle_time) {
		int64_t cycle = 0;

		for (uint32_t i = 0; i < s->num_entries; i++)
			cycle += s->entries[i].interval;
		if (cycle < 0 || cycle > INT_MAX) {
			UNL_SET_ERR_MSG(extack, "'cycle_time' is too big");
			return -EINVAL;
		}
		s->cycle_time = cycle;
	}
	if (s->cycle_time <
	    (int64_t)s->num_entries * length_to_duration(q, ETH_ZLEN)) {
		UNL_SET_ERR_MSG(extack, "'cycle_time' is too small");
		return -EINVAL;
	}
	taprio_gate_durations(sch, s);
	return 0;
}

/* taprio_parse_clockid(): set once; full offload takes the device's
 * PTP clock, which no device here has */
static int taprio_parse_clockid(struct rtnl_qdisc *sch,
				const struct nlattr **tb,
				struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	int32_t clockid;

	if (FULL_OFFLOAD(q->flags)) {
		if (tb[TCA_TAPRIO_ATTR_SCHED_CLOCKID]) {
			UNL_SET_ERR_MSG(extack, "The 'clockid' cannot be specified for full offload");
			return -EINVAL;
		}
		UNL_SET_ERR_MSG(extack, "Device does not have a PTP clock");
		return -ENOTSUPP;
	}
	if (!tb[TCA_TAPRIO_ATTR_SCHED_CLOCKID]) {
		UNL_SET_ERR_MSG(extack, "Specifying a 'clockid' is mandatory");
		return -EINVAL;
	}
	clockid = (int32_t)unl_nla_get_u32(tb[TCA_TAPRIO_ATTR_SCHED_CLOCKID]);
	if (clockid < 0 || (q->clockid != -1 && q->clockid != clockid)) {
		UNL_SET_ERR_MSG(extack, "Changing the 'clockid' of a running schedule is not supported");
		return -ENOTSUPP;
	}
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC &&
	    clockid != CLOCK_BOOTTIME && clockid != CLOCK_TAI) {
		UNL_SET_ERR_MSG(extack, "Invalid 'clockid'");
		return -EINVAL;
	}
	q->clockid = clockid;
	return 0;
}

/* taprio_parse_tc_entries(): max SDU and frame preemption per class;
 * preemption needs full offload */
static int taprio_parse_tc_entries(struct rtnl_qdisc *sch,
				   const struct nlattr *opt,
				   struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	uint32_t max_sdu[TC_QOPT_MAX_QUEUE], fp[TC_QOPT_MAX_QUEUE];
	bool preemption = false;
	uint32_t seen = 0;
	const struct nlattr *n;
	int rem;

	memcpy(max_sdu, q->max_sdu, sizeof(max_sdu));
	memcpy(fp, q->fp, sizeof(fp));
	unl_nla_for_each_nested(n, opt, rem) {
		const struct nlattr *tb[RTNL_TCA_TAPRIO_TC_ENTRY_MAX + 1];
		uint32_t tc;
		int err;

		if (unl_nla_type(n) != TCA_TAPRIO_ATTR_TC_ENTRY)
			continue;
		err = unl_nla_parse_nested(tb, taprio_tc_entry_max(sch), n,
					   taprio_tc_policy,
					   UNL_VALIDATE_STRICT, extack);
		if (err)
			return err;
		if (!tb[TCA_TAPRIO_TC_ENTRY_INDEX]) {
			UNL_SET_ERR_MSG(extack, "sch_taprio: TC entry index missing");
			return -EINVAL;
		}
		tc = unl_nla_get_u32(tb[TCA_TAPRIO_TC_ENTRY_INDEX]);
		if (tc >= TC_QOPT_MAX_QUEUE) {
			UNL_SET_ERR_MSG(extack, "sch_taprio: TC entry index out of range");
			return -ERANGE;
		}
		if (seen & (1u << tc)) {
			UNL_SET_ERR_MSG(extack, "sch_taprio: Duplicate TC entry");
			return -EINVAL;
		}
		seen |= 1u << tc;
		if (tb[TCA_TAPRIO_TC_ENTRY_MAX_SDU]) {
			uint32_t v = unl_nla_get_u32(tb[TCA_TAPRIO_TC_ENTRY_MAX_SDU]);

			if (v > sch->dev->max_mtu) {
				UNL_SET_ERR_MSG(extack, "sch_taprio: TC max SDU exceeds device max MTU");
				return -ERANGE;
			}
			max_sdu[tc] = v;
		}
		if (taprio_tc_entry_max(sch) == RTNL_TCA_TAPRIO_TC_ENTRY_FP &&
		    tb[RTNL_TCA_TAPRIO_TC_ENTRY_FP])
			fp[tc] = unl_nla_get_u32(tb[RTNL_TCA_TAPRIO_TC_ENTRY_FP]);
	}
	for (int tc = 0; tc < TC_QOPT_MAX_QUEUE; tc++) {
		q->max_sdu[tc] = max_sdu[tc];
		q->fp[tc] = fp[tc];
		if (fp[tc] != RTNL_TC_FP_EXPRESS)
			preemption = true;
	}
	if (preemption) {
		/* never full offload here */
		UNL_SET_ERR_MSG(extack, "Preemption only supported with full offload");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* taprio_mqprio_cmp(): the request's mapping is the device's */
static bool taprio_mqprio_same(const struct rtnl_qdisc *sch,
			       const struct tc_mqprio_qopt *m)
{
	const struct rtnl_tc_dev *td = sch->dev->tc;

	if (!m || !td || m->num_tc != td->num_tc)
		return false;
	for (int i = 0; i < m->num_tc; i++)
		if (td->tc_to_txq[i].count != m->count[i] ||
		    td->tc_to_txq[i].offset != m->offset[i])
			return false;
	return !memcmp(td->prio_tc_map, m->prio_tc_map,
		       sizeof(td->prio_tc_map));
}

static void taprio_set_mapping(struct rtnl_qdisc *sch,
			       const struct tc_mqprio_qopt *m)
{
	struct rtnl_tc_dev *td = sch->dev->tc;

	if (!td)
		return;
	td->num_tc = m->num_tc;
	for (int i = 0; i < m->num_tc; i++) {
		td->tc_to_txq[i].count = m->count[i];
		td->tc_to_txq[i].offset = m->offset[i];
	}
	memcpy(td->prio_tc_map, m->prio_tc_map, sizeof(td->prio_tc_map));
}

/* taprio_get_start_time(): the base time, or the next cycle of it */
static int64_t taprio_start_time(struct rtnl_qdisc *sch,
				 const struct taprio_schedule *s)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	int64_t now = taprio_now(sch, q->clockid);

	if (s->base_time > now)
		return s->base_time;
	return s->base_time + ((now - s->base_time) / s->cycle_time + 1) *
				      s->cycle_time;
}

/* taprio_check_mqprio(): the mapping the request brings, or the
 * device's when it brings none */
static int taprio_check_mqprio(struct rtnl_qdisc *sch,
			       const struct tc_mqprio_qopt *m, uint32_t flags,
			       struct unl_ext_ack *extack)
{
	if (!m) {
		if (!taprio_num_tc(sch)) {
			UNL_SET_ERR_MSG(extack, "'mqprio' configuration is necessary");
			return -EINVAL;
		}
		return 0;
	}
	if (m->num_tc > sch->dev->num_tx_queues) {
		UNL_SET_ERR_MSG(extack, "Number of traffic classes is greater than number of HW queues");
		return -EINVAL;
	}
	/* txtime-assist lets the classes' queues overlap */
	return rtnl_mqprio_validate_qopt(sch->dev, m, true,
					 TXTIME_ASSIST(flags), extack);
}

/* taprio_change(): checked in Linux's order; a new schedule replaces
 * the administrative one */
static int taprio_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			 struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_TAPRIO_ATTR_MAX + 1];
	const struct tc_mqprio_qopt *mqprio = NULL;
	struct taprio_schedule *s;
	uint32_t flags;
	int err = unl_nla_parse_nested(tb, TCA_TAPRIO_ATTR_MAX, opt,
				       taprio_policy, UNL_VALIDATE_LIBERAL,
				       extack);

	if (err)
		return err;
	taprio_sync(sch);
	if (tb[TCA_TAPRIO_ATTR_PRIOMAP])
		mqprio = unl_nla_data(tb[TCA_TAPRIO_ATTR_PRIOMAP]);
	/* no flags is flags 0, and a running schedule keeps its own */
	flags = tb[TCA_TAPRIO_ATTR_FLAGS]
			? unl_nla_get_u32(tb[TCA_TAPRIO_ATTR_FLAGS]) : 0;
	if (TXTIME_ASSIST(flags) && FULL_OFFLOAD(flags)) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_TAPRIO_ATTR_FLAGS],
				     "TXTIME_ASSIST and FULL_OFFLOAD are mutually exclusive");
		return -EINVAL;
	}
	if (q->flags != TAPRIO_FLAGS_INVALID && q->flags != flags) {
		UNL_SET_ERR_MSG(extack, "sch_taprio: Changing 'flags' of a running schedule is not supported");
		return -EOPNOTSUPP;
	}
	q->flags = flags;
	taprio_set_picos_per_byte(sch, extack);
	err = taprio_check_mqprio(sch, mqprio, flags, extack);
	if (!err)
		err = taprio_parse_tc_entries(sch, opt, extack);
	if (err)
		return err;
	if (taprio_mqprio_same(sch, mqprio))
		mqprio = NULL;
	if (mqprio && (q->oper || q->admin)) {
		UNL_SET_ERR_MSG(extack, "Changing the traffic mapping of a running schedule is not supported");
		return -ENOTSUPP;
	}
	if (mqprio)
		taprio_set_mapping(sch, mqprio);
	s = calloc(1, sizeof(*s));
	if (!s) {
		UNL_SET_ERR_MSG(extack, "Not enough memory for a new schedule");
		return -ENOMEM;
	}
	err = parse_taprio_schedule(sch, tb, s, extack);
	if (!err && !s->num_entries) {
		UNL_SET_ERR_MSG(extack, "There should be at least one entry in the schedule");
		err = -EINVAL;
	}
	if (!err)
		err = taprio_parse_clockid(sch, tb, extack);
	if (!err && tb[TCA_TAPRIO_ATTR_TXTIME_DELAY] && !TXTIME_ASSIST(q->flags)) {
		UNL_SET_ERR_MSG(extack, "sch_taprio: txtime-delay can only be set when txtime-assist mode is enabled");
		err = -EINVAL;
	}
	if (err) {
		schedule_free(s);
		return err;
	}
	taprio_update_queue_max_sdu(sch, s);
	if (tb[TCA_TAPRIO_ATTR_TXTIME_DELAY])
		q->txtime_delay = unl_nla_get_u32(tb[TCA_TAPRIO_ATTR_TXTIME_DELAY]);
	s->start = taprio_start_time(sch, s);
	if (TXTIME_ASSIST(q->flags) && !q->oper) {
		/* operational at once, and without a word */
		q->oper = s;
		return 0;
	} else {
		schedule_free(q->admin);
		q->admin = s;
		/* an hrtimer due before this start switches it then */
		if (q->oper && !TXTIME_ASSIST(q->flags) &&
		    s->base_time <= taprio_now(sch, q->clockid))
			s->start = taprio_now(sch, q->clockid);
	}
	/* there is never a size table (they are refused); the warning
	 * came after 6.1 (Debian's 6.1.192 gives none:
	 * tc-kinds.6.1.expected), with Linux 6.4's taprio work */
	if (unl_profile_at_least(unl_net_profile(sch->dev->rn->net), 604))
		UNL_SET_ERR_MSG(extack, "sch_taprio: Size table not specified, frame length estimations may be inaccurate");
	return 0;
}

static void taprio_destroy(struct rtnl_qdisc *sch)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);

	for (uint32_t i = 0; q->qdiscs && i < q->n; i++)
		rtnl_qdisc_put(q->qdiscs[i]);
	free(q->qdiscs);
	q->qdiscs = NULL;
	rtnl_netdev_reset_tc(sch->dev);
	schedule_free(q->oper);
	schedule_free(q->admin);
	q->oper = q->admin = NULL;
}

/* taprio_init(): the root of a multiqueue device only, a pfifo per tx
 * queue (listed for those in use) */
static int taprio_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		       struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	struct rtnl_link *dev = sch->dev;

	q->clockid = -1;
	q->flags = TAPRIO_FLAGS_INVALID;
	if (sch->parent != TC_H_ROOT) {
		UNL_SET_ERR_MSG(extack, "sch_taprio: Can only be attached as root qdisc");
		return -EOPNOTSUPP;
	}
	if (dev->num_tx_queues <= 1) {
		UNL_SET_ERR_MSG(extack, "sch_taprio: Multi-queue device is required");
		return -EOPNOTSUPP;
	}
	q->qdiscs = calloc(dev->num_tx_queues, sizeof(*q->qdiscs));
	if (!q->qdiscs)
		return -ENOMEM;
	q->n = dev->num_tx_queues;
	if (!opt)
		return -EINVAL;
	for (uint32_t i = 0; i < q->n; i++) {
		struct rtnl_qdisc *c = rtnl_qdisc_create_dflt(
			dev, &rtnl_pfifo_qdisc_ops,
			TC_H_MAKE(TC_H_MAJ(sch->handle), TC_H_MIN(i + 1)), i);

		if (!c)
			return -ENOMEM;
		if (i < rtnl_qdisc_real_txq(dev))
			rtnl_qdisc_hash_add(c, false);
		q->qdiscs[i] = c;
	}
	for (int tc = 0; tc < TC_QOPT_MAX_QUEUE; tc++)
		q->fp[tc] = RTNL_TC_FP_EXPRESS;
	return taprio_change(sch, opt, extack);
}

/* taprio_attach() in software mode: every tx queue takes the qdisc */
static void taprio_attach(struct rtnl_qdisc *sch, uint32_t *qrefs)
{
	*qrefs = sch->dev->num_tx_queues;
	sch->refcnt += *qrefs;
}

static int dump_schedule(struct unl_skb *skb, const struct taprio_schedule *s)
{
	struct nlattr *list;

	if (unl_nla_put_u64(skb, TCA_TAPRIO_ATTR_SCHED_BASE_TIME,
			    (uint64_t)s->base_time, TCA_TAPRIO_PAD) ||
	    unl_nla_put_u64(skb, TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME,
			    (uint64_t)s->cycle_time, TCA_TAPRIO_PAD) ||
	    unl_nla_put_u64(skb, TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION,
			    (uint64_t)s->cycle_time_extension, TCA_TAPRIO_PAD))
		return -EMSGSIZE;
	list = rtnl_nest_start(skb, TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST);
	if (!list)
		return -EMSGSIZE;
	for (uint32_t i = 0; i < s->num_entries; i++) {
		const struct taprio_entry *e = &s->entries[i];
		struct nlattr *item = rtnl_nest_start(skb, TCA_TAPRIO_SCHED_ENTRY);

		if (!item ||
		    unl_nla_put_u32(skb, TCA_TAPRIO_SCHED_ENTRY_INDEX, e->index) ||
		    unl_nla_put_u8(skb, TCA_TAPRIO_SCHED_ENTRY_CMD, e->command) ||
		    unl_nla_put_u32(skb, TCA_TAPRIO_SCHED_ENTRY_GATE_MASK,
				    e->gate_mask) ||
		    unl_nla_put_u32(skb, TCA_TAPRIO_SCHED_ENTRY_INTERVAL,
				    e->interval))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, item);
	}
	unl_nla_nest_end(skb, list);
	return 0;
}

/* every traffic class's max SDU (the operational schedule's) and frame
 * preemption (when the release has it), in flagged nests */
static int dump_tc_entries(struct unl_skb *skb, const struct rtnl_qdisc *sch,
			   const struct taprio_sched *q,
			   const struct taprio_schedule *s)
{
	bool fp = taprio_tc_entry_max(sch) == RTNL_TCA_TAPRIO_TC_ENTRY_FP;

	for (uint32_t tc = 0; tc < TC_QOPT_MAX_QUEUE; tc++) {
		struct nlattr *n = unl_nla_nest_start(skb, TCA_TAPRIO_ATTR_TC_ENTRY);

		if (!n || unl_nla_put_u32(skb, TCA_TAPRIO_TC_ENTRY_INDEX, tc) ||
		    unl_nla_put_u32(skb, TCA_TAPRIO_TC_ENTRY_MAX_SDU,
				    s->max_sdu[tc]) ||
		    (fp && unl_nla_put_u32(skb, RTNL_TCA_TAPRIO_TC_ENTRY_FP,
					   q->fp[tc])))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, n);
	}
	return 0;
}

static int taprio_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	struct tc_mqprio_qopt opt;
	struct nlattr *nest, *admin;

	taprio_sync(sch);
	rtnl_mqprio_qopt_reconstruct(sch->dev, &opt);
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    unl_nla_put(skb, TCA_TAPRIO_ATTR_PRIOMAP, sizeof(opt), &opt) ||
	    unl_nla_put_u32(skb, TCA_TAPRIO_ATTR_SCHED_CLOCKID,
			    (uint32_t)q->clockid) ||
	    (q->flags &&
	     unl_nla_put_u32(skb, TCA_TAPRIO_ATTR_FLAGS, q->flags)) ||
	    (q->txtime_delay &&
	     unl_nla_put_u32(skb, TCA_TAPRIO_ATTR_TXTIME_DELAY,
			     q->txtime_delay)))
		return -EMSGSIZE;
	if (q->oper &&
	    (dump_tc_entries(skb, sch, q, q->oper) || dump_schedule(skb, q->oper)))
		return -EMSGSIZE;
	if (q->admin) {
		admin = rtnl_nest_start(skb, TCA_TAPRIO_ATTR_ADMIN_SCHED);
		if (!admin || dump_schedule(skb, q->admin))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, admin);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

static unsigned long taprio_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	uint32_t ntx = TC_H_MIN(classid);

	return ntx - 1 < q->n ? ntx : 0;
}

static struct rtnl_qdisc *taprio_leaf(struct rtnl_qdisc *sch,
				      unsigned long cl)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);

	return cl - 1 < q->n ? q->qdiscs[cl - 1] : NULL;
}

/* taprio_graft(): none leaves noop; the new one sits on its queue */
static int taprio_graft(struct rtnl_qdisc *sch, unsigned long cl,
			struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			struct unl_ext_ack *extack)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);

	(void)extack;
	if (cl - 1 >= q->n)
		return -EINVAL;
	*old = q->qdiscs[cl - 1];
	q->qdiscs[cl - 1] = new;
	if (new)
		new->flags |= RTNL_TCQ_ONETXQUEUE | RTNL_TCQ_NOPARENT;
	return 0;
}

/* taprio_walk(): every tx queue, in use or not */
static int taprio_walk(struct rtnl_qdisc *sch, long skip, long *count,
		       int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		       void *arg)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);

	for (unsigned long cl = 1; cl <= q->n; cl++)
		if (rtnl_qdisc_walk_one(sch, cl, skip, count, fn, arg))
			return -1;
	return 0;
}

static int taprio_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			     struct unl_skb *skb, struct tcmsg *tcm)
{
	struct rtnl_qdisc *child = taprio_leaf(sch, cl);

	(void)skb;
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle |= TC_H_MIN(cl);
	tcm->tcm_info = child ? child->handle : 0;
	return 0;
}

/* the queue's qdisc's counters; no driver reports more */
static int taprio_dump_class_stats(struct rtnl_qdisc *sch, unsigned long cl,
				   void *buf)
{
	(void)sch;
	(void)cl;
	(void)buf;
	return 0;
}

static uint32_t taprio_select_queue(struct rtnl_qdisc *sch, uint32_t parent)
{
	struct taprio_sched *q = rtnl_qdisc_priv(sch);
	uint32_t cl = TC_H_MIN(parent);

	return cl - 1 < q->n ? cl - 1 : 0;
}

static const struct rtnl_qdisc_class_ops taprio_class_ops = {
	.find = taprio_find,
	.leaf = taprio_leaf,
	.graft = taprio_graft,
	.walk = taprio_walk,
	.dump = taprio_dump_class,
	.dump_stats = taprio_dump_class_stats,
	.select_queue = taprio_select_queue,
};

const struct rtnl_qdisc_ops rtnl_taprio_qdisc_ops = {
	.id = "taprio",
	.priv_size = sizeof(struct taprio_sched),
	.cl_ops = &taprio_class_ops,
	.init = taprio_init,
	.change = taprio_change,
	.attach = taprio_attach,
	.destroy = taprio_destroy,
	.dump = taprio_dump,
};
