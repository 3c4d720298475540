// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * netem (net/sched/sch_netem.c): delay, jitter, loss, duplication,
 * reordering, corruption, a rate and slots, as netem_change() keeps
 * them, dumped back as netem_dump() writes them: a struct tc_netem_qopt
 * in TCA_OPTIONS followed by attributes inside it, the 64-bit latency
 * and jitter, the correlations, the loss model, and the generator's
 * seed (drawn when not given: the kernel draws it at random, the model
 * from the net's seeded generator).  Delay and slot distribution tables
 * are kept, as Linux keeps them, without being dumped.  One class, 1,
 * whose leaf is a child qdisc when one was grafted.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/sched/sched.h"

/* Linux 6.18's attributes past the uapi headers this builds with */
#define RTNL_TCA_NETEM_PRNG_SEED (TCA_NETEM_SLOT_DIST + 1)
#define RTNL_TCA_NETEM_MAX RTNL_TCA_NETEM_PRNG_SEED

enum { CLG_RANDOM, CLG_4_STATES, CLG_GILB_ELL };

struct netem_sched {
	struct rtnl_qdisc *qdisc; /* first (rtnl_one_child_*); NULL: none */
	int64_t latency, jitter; /* ns */
	uint32_t limit, loss, gap, duplicate, reorder, corrupt;
	uint32_t delay_corr, loss_corr, dup_corr, reorder_corr, corrupt_corr;
	uint64_t rate;
	int32_t packet_overhead, cell_overhead;
	uint32_t cell_size;
	uint32_t ecn;
	int loss_model;
	uint32_t clg[5]; /* a1..a5 */
	struct tc_netem_slot slot;
	size_t delay_dist, slot_dist; /* entries of the tables kept */
	uint64_t seed;
};
_Static_assert(offsetof(struct netem_sched, qdisc) == 0, "rtnl_one_child_*");

static const struct unl_nla_policy netem_policy[RTNL_TCA_NETEM_MAX + 1] = {
	[TCA_NETEM_CORR] = { .len = sizeof(struct tc_netem_corr) },
	[TCA_NETEM_REORDER] = { .len = sizeof(struct tc_netem_reorder) },
	[TCA_NETEM_CORRUPT] = { .len = sizeof(struct tc_netem_corrupt) },
	[TCA_NETEM_RATE] = { .len = sizeof(struct tc_netem_rate) },
	[TCA_NETEM_LOSS] = { .type = UNL_NLA_NESTED },
	[TCA_NETEM_ECN] = { .type = UNL_NLA_U32 },
	[TCA_NETEM_RATE64] = { .type = UNL_NLA_U64 },
	[TCA_NETEM_LATENCY64] = { .type = UNL_NLA_S64 },
	[TCA_NETEM_JITTER64] = { .type = UNL_NLA_S64 },
	[TCA_NETEM_SLOT] = { .len = sizeof(struct tc_netem_slot) },
	[RTNL_TCA_NETEM_PRNG_SEED] = { .type = UNL_NLA_U64 },
};

/* parse_attr(): the attributes after the struct, inside TCA_OPTIONS */
static int netem_parse(const struct nlattr **tb, const struct nlattr *nla)
{
	int nested = unl_nla_len(nla) - NLA_ALIGN(sizeof(struct tc_netem_qopt));

	if (nested < 0)
		return -EINVAL;
	if (nested >= NLA_HDRLEN)
		return unl_nla_parse(tb, RTNL_TCA_NETEM_MAX,
				     (const struct nlattr *)((const char *)
					     unl_nla_data(nla) +
					     NLA_ALIGN(sizeof(struct tc_netem_qopt))),
				     nested, netem_policy,
				     UNL_VALIDATE_LIBERAL, NULL);
	memset(tb, 0, sizeof(*tb) * (RTNL_TCA_NETEM_MAX + 1));
	return 0;
}

/* get_dist_table()'s check: the entries of a table, or -EINVAL */
static int dist_entries(const struct nlattr *a, size_t *n)
{
	*n = (size_t)unl_nla_len(a) / sizeof(int16_t);
	return !*n || *n > NETEM_DIST_MAX ? -EINVAL : 0;
}

/* get_loss_clg(): the 4-state or Gilbert-Elliott model */
static int netem_loss_model(struct netem_sched *q, const struct nlattr *attr)
{
	const struct nlattr *la;
	int rem;

	unl_nla_for_each_nested(la, attr, rem) {
		switch (unl_nla_type(la)) {
		case NETEM_LOSS_GI: {
			const struct tc_netem_gimodel *gi = unl_nla_data(la);

			if (unl_nla_len(la) < (int)sizeof(*gi))
				return -EINVAL;
			q->loss_model = CLG_4_STATES;
			q->clg[0] = gi->p13;
			q->clg[1] = gi->p31;
			q->clg[2] = gi->p32;
			q->clg[3] = gi->p14;
			q->clg[4] = gi->p23;
			break;
		}
		case NETEM_LOSS_GE: {
			const struct tc_netem_gemodel *ge = unl_nla_data(la);

			if (unl_nla_len(la) < (int)sizeof(*ge))
				return -EINVAL;
			q->loss_model = CLG_GILB_ELL;
			q->clg[0] = ge->p;
			q->clg[1] = ge->r;
			q->clg[2] = ge->h;
			q->clg[3] = ge->k1;
			break;
		}
		default:
			return -EINVAL;
		}
	}
	return 0;
}

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* a 64-bit latency or jitter below zero is refused (the 6.12 kernel
 * recorded for tc-sched.expected does: a fix its stable releases took) */
static int netem_check_delays(const struct nlattr *const *tb,
			      struct unl_ext_ack *extack)
{
	if (tb[TCA_NETEM_LATENCY64] &&
	    (int64_t)unl_nla_get_u64(tb[TCA_NETEM_LATENCY64]) < 0) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_NETEM_LATENCY64],
				     "negative latency");
		return -EINVAL;
	}
	if (tb[TCA_NETEM_JITTER64] &&
	    (int64_t)unl_nla_get_u64(tb[TCA_NETEM_JITTER64]) < 0) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_NETEM_JITTER64],
				     "negative jitter");
		return -EINVAL;
	}
	return 0;
}

/* netem_change(), in its order: a failure past the loss model leaves
 * what came before it changed, as there */
static int netem_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
			struct unl_ext_ack *extack)
{
	struct netem_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[RTNL_TCA_NETEM_MAX + 1];
	const struct tc_netem_qopt *qopt = unl_nla_data(opt);
	size_t delay_dist = 0, slot_dist = 0;
	int old_model = q->loss_model;
	uint32_t old_clg[5];
	int err = netem_parse(tb, opt);

	if (err)
		return err;
	err = netem_check_delays(tb, extack);
	if (err)
		return err;
	if (tb[TCA_NETEM_DELAY_DIST] &&
	    dist_entries(tb[TCA_NETEM_DELAY_DIST], &delay_dist))
		return -EINVAL;
	if (tb[TCA_NETEM_SLOT_DIST] &&
	    dist_entries(tb[TCA_NETEM_SLOT_DIST], &slot_dist))
		return -EINVAL;
	memcpy(old_clg, q->clg, sizeof(old_clg));
	if (tb[TCA_NETEM_LOSS]) {
		err = netem_loss_model(q, tb[TCA_NETEM_LOSS]);
		if (err) {
			q->loss_model = old_model;
			memcpy(q->clg, old_clg, sizeof(old_clg));
			return err;
		}
	} else {
		q->loss_model = CLG_RANDOM;
	}
	if (delay_dist)
		q->delay_dist = delay_dist;
	if (slot_dist)
		q->slot_dist = slot_dist;
	sch->limit = qopt->limit;
	q->latency = (int64_t)RTNL_PSCHED_TICKS2NS(qopt->latency);
	q->jitter = (int64_t)RTNL_PSCHED_TICKS2NS(qopt->jitter);
	q->limit = qopt->limit;
	q->gap = qopt->gap;
	q->loss = qopt->loss;
	q->duplicate = qopt->duplicate;
	/* a gap means reordering with certainty, for old tools */
	if (q->gap)
		q->reorder = ~0u;
	if (tb[TCA_NETEM_CORR]) {
		const struct tc_netem_corr *c = unl_nla_data(tb[TCA_NETEM_CORR]);

		q->delay_corr = c->delay_corr;
		q->loss_corr = c->loss_corr;
		q->dup_corr = c->dup_corr;
	}
	if (tb[TCA_NETEM_REORDER]) {
		const struct tc_netem_reorder *r =
			unl_nla_data(tb[TCA_NETEM_REORDER]);

		q->reorder = r->probability;
		q->reorder_corr = r->correlation;
	}
	if (tb[TCA_NETEM_CORRUPT]) {
		const struct tc_netem_corrupt *r =
			unl_nla_data(tb[TCA_NETEM_CORRUPT]);

		q->corrupt = r->probability;
		q->corrupt_corr = r->correlation;
	}
	if (tb[TCA_NETEM_RATE]) {
		const struct tc_netem_rate *r = unl_nla_data(tb[TCA_NETEM_RATE]);

		q->rate = r->rate;
		q->packet_overhead = r->packet_overhead;
		q->cell_size = r->cell_size;
		q->cell_overhead = r->cell_overhead;
	}
	if (tb[TCA_NETEM_RATE64]) {
		uint64_t r = unl_nla_get_u64(tb[TCA_NETEM_RATE64]);

		q->rate = q->rate > r ? q->rate : r;
	}
	if (tb[TCA_NETEM_LATENCY64])
		q->latency = (int64_t)unl_nla_get_u64(tb[TCA_NETEM_LATENCY64]);
	if (tb[TCA_NETEM_JITTER64])
		q->jitter = (int64_t)unl_nla_get_u64(tb[TCA_NETEM_JITTER64]);
	if (tb[TCA_NETEM_ECN])
		q->ecn = unl_nla_get_u32(tb[TCA_NETEM_ECN]);
	if (tb[TCA_NETEM_SLOT]) {
		memcpy(&q->slot, unl_nla_data(tb[TCA_NETEM_SLOT]),
		       sizeof(q->slot));
		if (!q->slot.max_packets)
			q->slot.max_packets = 0x7fffffff;
		if (!q->slot.max_bytes)
			q->slot.max_bytes = 0x7fffffff;
		q->slot.dist_jitter = abs64(q->slot.dist_jitter);
		if (q->slot.dist_jitter > 0x7fffffff)
			q->slot.dist_jitter = 0x7fffffff;
	}
	q->jitter = abs64(q->jitter);
	if (q->jitter > 0x7fffffff)
		q->jitter = 0x7fffffff;
	if (tb[RTNL_TCA_NETEM_PRNG_SEED])
		q->seed = unl_nla_get_u64(tb[RTNL_TCA_NETEM_PRNG_SEED]);
	else
		q->seed = (uint64_t)rtnl_random(sch->dev->rn) << 32 |
			  rtnl_random(sch->dev->rn);
	return 0;
}

static int netem_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	if (!opt)
		return -EINVAL;
	return netem_change(sch, opt, extack);
}

static void netem_destroy(struct rtnl_qdisc *sch)
{
	struct netem_sched *q = rtnl_qdisc_priv(sch);

	rtnl_qdisc_put(q->qdisc);
	q->qdisc = NULL;
}

static int netem_dump_loss(const struct netem_sched *q, struct unl_skb *skb)
{
	struct nlattr *nest;

	if (q->loss_model == CLG_RANDOM)
		return 0;
	nest = rtnl_nest_start(skb, TCA_NETEM_LOSS);
	if (!nest)
		return -EMSGSIZE;
	if (q->loss_model == CLG_4_STATES) {
		struct tc_netem_gimodel gi = {
			.p13 = q->clg[0], .p31 = q->clg[1], .p32 = q->clg[2],
			.p14 = q->clg[3], .p23 = q->clg[4],
		};

		if (unl_nla_put(skb, NETEM_LOSS_GI, sizeof(gi), &gi))
			return -EMSGSIZE;
	} else {
		struct tc_netem_gemodel ge = {
			.p = q->clg[0], .r = q->clg[1], .h = q->clg[2],
			.k1 = q->clg[3],
		};

		if (unl_nla_put(skb, NETEM_LOSS_GE, sizeof(ge), &ge))
			return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* netem_dump():
 *
 *   TCA_OPTIONS { struct tc_netem_qopt | LATENCY64 JITTER64 CORR
 *                 REORDER CORRUPT [RATE64] RATE [ECN] [LOSS] [SLOT]
 *                 PRNG_SEED }
 */
static int netem_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct netem_sched *q = rtnl_qdisc_priv(sch);
	struct tc_netem_qopt qopt = { 0 };
	struct tc_netem_corr cor = { q->delay_corr, q->loss_corr, q->dup_corr };
	struct tc_netem_reorder reorder = { q->reorder, q->reorder_corr };
	struct tc_netem_corrupt corrupt = { q->corrupt, q->corrupt_corr };
	struct tc_netem_rate rate = { 0 };
	uint64_t lat = RTNL_PSCHED_NS2TICKS((uint64_t)q->latency);
	uint64_t jit = RTNL_PSCHED_NS2TICKS((uint64_t)q->jitter);
	struct nlattr *nla;

	qopt.latency = lat > 0xffffffffu ? 0xffffffffu : (uint32_t)lat;
	qopt.jitter = jit > 0xffffffffu ? 0xffffffffu : (uint32_t)jit;
	qopt.limit = q->limit;
	qopt.loss = q->loss;
	qopt.gap = q->gap;
	qopt.duplicate = q->duplicate;
	/* the struct is TCA_OPTIONS, which then grows over what follows */
	nla = (struct nlattr *)(unl_skb_data(skb) + unl_skb_len(skb));
	if (unl_nla_put(skb, TCA_OPTIONS, sizeof(qopt), &qopt) ||
	    unl_nla_put(skb, TCA_NETEM_LATENCY64, sizeof(q->latency),
			&q->latency) ||
	    unl_nla_put(skb, TCA_NETEM_JITTER64, sizeof(q->jitter),
			&q->jitter) ||
	    unl_nla_put(skb, TCA_NETEM_CORR, sizeof(cor), &cor) ||
	    unl_nla_put(skb, TCA_NETEM_REORDER, sizeof(reorder), &reorder) ||
	    unl_nla_put(skb, TCA_NETEM_CORRUPT, sizeof(corrupt), &corrupt))
		return -EMSGSIZE;
	if (q->rate >= (1ULL << 32)) {
		if (unl_nla_put_u64(skb, TCA_NETEM_RATE64, q->rate,
				    TCA_NETEM_PAD))
			return -EMSGSIZE;
		rate.rate = ~0u;
	} else {
		rate.rate = (uint32_t)q->rate;
	}
	rate.packet_overhead = q->packet_overhead;
	rate.cell_size = q->cell_size;
	rate.cell_overhead = q->cell_overhead;
	if (unl_nla_put(skb, TCA_NETEM_RATE, sizeof(rate), &rate) ||
	    (q->ecn && unl_nla_put_u32(skb, TCA_NETEM_ECN, q->ecn)) ||
	    netem_dump_loss(q, skb))
		return -EMSGSIZE;
	if (q->slot.min_delay | q->slot.max_delay | q->slot.dist_jitter) {
		struct tc_netem_slot slot = q->slot;

		if (slot.max_packets == 0x7fffffff)
			slot.max_packets = 0;
		if (slot.max_bytes == 0x7fffffff)
			slot.max_bytes = 0;
		if (unl_nla_put(skb, TCA_NETEM_SLOT, sizeof(slot), &slot))
			return -EMSGSIZE;
	}
	if (unl_nla_put_u64(skb, RTNL_TCA_NETEM_PRNG_SEED, q->seed,
			    TCA_NETEM_PAD))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nla);
	return 0;
}

static const struct rtnl_qdisc_class_ops netem_class_ops = {
	.find = rtnl_one_child_find,
	.leaf = rtnl_one_child_leaf,
	.graft = rtnl_one_child_graft,
	.walk = rtnl_one_child_walk,
	.dump = rtnl_one_child_dump_if_child,
};

const struct rtnl_qdisc_ops rtnl_netem_qdisc_ops = {
	.id = "netem",
	.priv_size = sizeof(struct netem_sched),
	.cl_ops = &netem_class_ops,
	.init = netem_init,
	.change = netem_change,
	.destroy = netem_destroy,
	.dump = netem_dump,
};
