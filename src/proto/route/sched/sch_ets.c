// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ets (net/sched/sch_ets.c): 802.1Qaz's Enhanced Transmission
 * Selection, prio's strict bands followed by drr's sharing ones.  The
 * bands are fixed by the qdisc's options (1 to 16 of them, the first
 * nstrict strict); each is a class whose leaf is a pfifo to start
 * with, and only a sharing band's quantum is changed through its class.
 * Quanta are clamped to 256 .. 1 MiB; bands without one get the
 * device's MTU, clamped the same way.
 */
#include <errno.h>
#include <string.h>

#include "proto/route/sched/sched.h"

struct ets_class {
	struct rtnl_qdisc *qdisc;
	uint32_t quantum;
};

struct ets_sched {
	unsigned int nbands, nstrict;
	uint8_t prio2band[TC_PRIO_MAX + 1];
	struct ets_class classes[TCQ_ETS_MAX_BANDS];
};

static const struct unl_nla_policy ets_policy[TCA_ETS_MAX + 1] = {
	[TCA_ETS_NBANDS] = { .type = UNL_NLA_U8 },
	[TCA_ETS_NSTRICT] = { .type = UNL_NLA_U8 },
	[TCA_ETS_QUANTA] = { .type = UNL_NLA_NESTED },
	[TCA_ETS_PRIOMAP] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy ets_priomap_policy[TCA_ETS_MAX + 1] = {
	[TCA_ETS_PRIOMAP_BAND] = { .type = UNL_NLA_U8 },
};

/* the quanta's and a class's: both TCA_ETS_QUANTA_BAND */
static const struct unl_nla_policy ets_quanta_policy[TCA_ETS_MAX + 1] = {
	[TCA_ETS_QUANTA_BAND] = { .type = UNL_NLA_U32 },
};

/* ets_quantum_parse(): clamped to 256 .. 1 MiB, never refused */
static uint32_t ets_quantum_parse(const struct nlattr *a)
{
	return rtnl_clamp_u32(unl_nla_get_u32(a), 256, 1u << 20);
}

/* ets_class_from_arg(): NULL for a band the qdisc does not have */
static struct ets_class *ets_class_from_arg(struct rtnl_qdisc *sch,
					    unsigned long cl)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);

	if (cl == 0 || cl > q->nbands)
		return NULL;
	return &q->classes[cl - 1];
}

static bool ets_band_is_strict(const struct ets_sched *q, unsigned long cl)
{
	return cl - 1 < q->nstrict;
}

static int ets_priomap_parse(const struct nlattr *attr, unsigned int nbands,
			     uint8_t *priomap, struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int prio = 0, rem;
	int err = unl_nla_validate(unl_nla_data(attr), unl_nla_len(attr),
				   TCA_ETS_MAX, ets_priomap_policy,
				   UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	unl_nla_for_each_nested(a, attr, rem) {
		uint8_t band;

		if (prio > TC_PRIO_MAX) {
			UNL_SET_ERR_MSG(extack, "sch_ets: Too many priorities in ETS priomap");
			return -EINVAL;
		}
		band = unl_nla_get_u8(a);
		if (band >= nbands) {
			UNL_SET_ERR_MSG(extack, "sch_ets: Invalid band number in ETS priomap");
			return -EINVAL;
		}
		priomap[prio++] = band;
	}
	return 0;
}

/* the sharing bands' quanta, in order from the first after the strict */
static int ets_quanta_parse(const struct nlattr *attr, unsigned int nbands,
			    unsigned int nstrict, uint32_t *quanta,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	unsigned int band = nstrict;
	int rem;
	int err = unl_nla_validate(unl_nla_data(attr), unl_nla_len(attr),
				   TCA_ETS_MAX, ets_quanta_policy,
				   UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	unl_nla_for_each_nested(a, attr, rem) {
		if (band >= nbands) {
			UNL_SET_ERR_MSG(extack, "sch_ets: ETS quanta has more values than bands");
			return -EINVAL;
		}
		quanta[band++] = ets_quantum_parse(a);
	}
	return 0;
}

/* ets_qdisc_change(): everything checked before anything changes; new
 * bands get a pfifo each, bands gone lose theirs */
static int ets_change(struct rtnl_qdisc *sch, const struct nlattr *opt,
		      struct unl_ext_ack *extack)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);
	uint32_t quanta[TCQ_ETS_MAX_BANDS] = { 0 };
	struct rtnl_qdisc *queues[TCQ_ETS_MAX_BANDS];
	const struct nlattr *tb[TCA_ETS_MAX + 1];
	unsigned int oldbands = q->nbands, nstrict = 0, nbands;
	uint8_t priomap[TC_PRIO_MAX + 1];
	int err = unl_nla_parse_nested(tb, TCA_ETS_MAX, opt, ets_policy,
				       UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	if (!tb[TCA_ETS_NBANDS]) {
		UNL_SET_ERR_MSG(extack, "sch_ets: Number of bands is a required argument");
		return -EINVAL;
	}
	nbands = unl_nla_get_u8(tb[TCA_ETS_NBANDS]);
	if (nbands < 1 || nbands > TCQ_ETS_MAX_BANDS) {
		UNL_SET_ERR_MSG(extack, "sch_ets: Invalid number of bands");
		return -EINVAL;
	}
	/* what no priomap names goes to the last band */
	memset(priomap, (int)(nbands - 1), sizeof(priomap));
	if (tb[TCA_ETS_NSTRICT]) {
		nstrict = unl_nla_get_u8(tb[TCA_ETS_NSTRICT]);
		if (nstrict > nbands) {
			UNL_SET_ERR_MSG(extack, "sch_ets: Invalid number of strict bands");
			return -EINVAL;
		}
	}
	if (tb[TCA_ETS_PRIOMAP]) {
		err = ets_priomap_parse(tb[TCA_ETS_PRIOMAP], nbands, priomap,
					extack);
		if (err)
			return err;
	}
	if (tb[TCA_ETS_QUANTA]) {
		err = ets_quanta_parse(tb[TCA_ETS_QUANTA], nbands, nstrict,
				       quanta, extack);
		if (err)
			return err;
	}
	for (unsigned int i = nstrict; i < nbands; i++)
		if (!quanta[i])
			quanta[i] = rtnl_clamp_u32(rtnl_psched_mtu(sch->dev),
						   256, 1u << 20);
	if (rtnl_bands_create(sch, queues, oldbands, nbands))
		return -ENOMEM;
	q->nbands = nbands;
	q->nstrict = nstrict;
	memcpy(q->prio2band, priomap, sizeof(priomap));
	for (unsigned int i = 0; i < nbands; i++)
		q->classes[i].quantum = quanta[i];
	for (unsigned int i = oldbands; i < nbands; i++) {
		q->classes[i].qdisc = queues[i];
		rtnl_qdisc_hash_add(queues[i], true);
	}
	for (unsigned int i = nbands; i < oldbands; i++) {
		rtnl_qdisc_put(q->classes[i].qdisc);
		q->classes[i].qdisc = NULL;
		q->classes[i].quantum = 0;
	}
	return 0;
}

static int ets_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	if (!opt)
		return -EINVAL;
	return ets_change(sch, opt, extack);
}

static void ets_destroy(struct rtnl_qdisc *sch)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);

	for (unsigned int i = 0; i < q->nbands; i++)
		rtnl_qdisc_put(q->classes[i].qdisc);
	q->nbands = 0;
}

/* nbands, nstrict when there are strict bands, the sharing bands'
 * quanta when there are any, and the whole priomap (nests flagged) */
static int ets_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);
	struct nlattr *opts = rtnl_nest_start(skb, TCA_OPTIONS), *nest;

	if (!opts || unl_nla_put_u8(skb, TCA_ETS_NBANDS, (uint8_t)q->nbands) ||
	    (q->nstrict &&
	     unl_nla_put_u8(skb, TCA_ETS_NSTRICT, (uint8_t)q->nstrict)))
		return -EMSGSIZE;
	if (q->nbands > q->nstrict) {
		nest = unl_nla_nest_start(skb, TCA_ETS_QUANTA);
		if (!nest)
			return -EMSGSIZE;
		for (unsigned int b = q->nstrict; b < q->nbands; b++)
			if (unl_nla_put_u32(skb, TCA_ETS_QUANTA_BAND,
					    q->classes[b].quantum))
				return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
	}
	nest = unl_nla_nest_start(skb, TCA_ETS_PRIOMAP);
	if (!nest)
		return -EMSGSIZE;
	for (int prio = 0; prio <= TC_PRIO_MAX; prio++)
		if (unl_nla_put_u8(skb, TCA_ETS_PRIOMAP_BAND,
				   q->prio2band[prio]))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	unl_nla_nest_end(skb, opts);
	return 0;
}

static unsigned long ets_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_band_find(classid, q->nbands);
}

static struct rtnl_qdisc *ets_leaf(struct rtnl_qdisc *sch, unsigned long cl)
{
	return ets_class_from_arg(sch, cl)->qdisc;
}

static int ets_graft(struct rtnl_qdisc *sch, unsigned long cl,
		     struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		     struct unl_ext_ack *extack)
{
	(void)extack;
	rtnl_band_graft(sch, cl, &ets_class_from_arg(sch, cl)->qdisc, new, old);
	return 0;
}

/* ets_class_change(): classes come and go with the qdisc's options;
 * only a sharing band's quantum changes here */
static int ets_class_change(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parent, const struct nlattr **tca,
			    unsigned long *arg, struct unl_ext_ack *extack)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);
	struct ets_class *c = ets_class_from_arg(sch, *arg);
	const struct nlattr *tb[TCA_ETS_MAX + 1];
	int err;

	(void)classid;
	(void)parent;
	if (!c) {
		UNL_SET_ERR_MSG(extack, "Fine-grained class addition and removal is not supported");
		return -EOPNOTSUPP;
	}
	if (!tca[TCA_OPTIONS]) {
		UNL_SET_ERR_MSG(extack, "ETS options are required for this operation");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_ETS_MAX, tca[TCA_OPTIONS],
				   ets_quanta_policy, UNL_VALIDATE_STRICT,
				   extack);
	if (err)
		return err;
	if (!tb[TCA_ETS_QUANTA_BAND])
		return 0;
	if (ets_band_is_strict(q, *arg)) {
		UNL_SET_ERR_MSG(extack, "Strict bands do not have a configurable quantum");
		return -EINVAL;
	}
	c->quantum = ets_quantum_parse(tb[TCA_ETS_QUANTA_BAND]);
	return 0;
}

static int ets_walk(struct rtnl_qdisc *sch, long skip, long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);

	return rtnl_bands_walk(sch, q->nbands, skip, count, fn, arg);
}

/* ets_class_dump(): parented by the root whatever the qdisc's parent,
 * with the band's quantum unless it is strict */
static int ets_dump_class(struct rtnl_qdisc *sch, unsigned long cl,
			  struct unl_skb *skb, struct tcmsg *tcm)
{
	struct ets_sched *q = rtnl_qdisc_priv(sch);
	struct ets_class *c = ets_class_from_arg(sch, cl);
	struct nlattr *nest;

	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle = TC_H_MAKE(sch->handle, (uint32_t)cl);
	tcm->tcm_info = c->qdisc ? c->qdisc->handle : 0;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest)
		return -EMSGSIZE;
	if (!ets_band_is_strict(q, cl) &&
	    unl_nla_put_u32(skb, TCA_ETS_QUANTA_BAND, c->quantum))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ets_qdisc_tcf_block(): the qdisc's filters only, said so of a class */
static bool ets_tcf_block(struct rtnl_qdisc *q, unsigned long cl,
			  struct unl_ext_ack *extack)
{
	(void)q;
	return rtnl_qdisc_block_on_qdisc_said(cl, extack,
					      "ETS classid must be zero");
}

static const struct rtnl_qdisc_class_ops ets_class_ops = {
	.find = ets_find,
	.tcf_block = ets_tcf_block,
	.leaf = ets_leaf,
	.graft = ets_graft,
	.change = ets_class_change,
	.walk = ets_walk,
	.dump = ets_dump_class,
	.dump_stats = rtnl_band_dump_stats,
};

const struct rtnl_qdisc_ops rtnl_ets_qdisc_ops = {
	.id = "ets",
	.priv_size = sizeof(struct ets_sched),
	.cl_ops = &ets_class_ops,
	.init = ets_init,
	.change = ets_change,
	.destroy = ets_destroy,
	.dump = ets_dump,
};
