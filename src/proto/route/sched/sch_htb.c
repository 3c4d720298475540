// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * htb (net/sched/sch_htb.c): a hierarchy of classes with a rate and a
 * ceiling each; leaves hold a qdisc (pfifo by default, unlisted unless
 * invisible ones are asked for) and a quantum derived from the rate and
 * the qdisc's r2q.  Classes live in sch_api.c's class hash
 * (qdisc_class_hash: 4 buckets to start, doubled past a load of 3/4),
 * which is the order they are listed in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

#define HTB_VER 0x30011
#define HTB_MAXDEPTH 8   /* TC_HTB_MAXDEPTH */
#define HTB_NUMPRIO 8    /* TC_HTB_NUMPRIO */

struct htb_class {
	struct htb_class *hnext; /* in its hash bucket */
	struct htb_class *parent;
	uint32_t classid;
	int children;
	int level; /* 0: a leaf */
	int prio;
	int32_t quantum;
	uint64_t buffer, cbuffer; /* ns */
	int64_t tokens, ctokens;  /* ns */
	struct rtnl_ratecfg rate, ceil;
	struct rtnl_qdisc *leaf; /* leaves only; NULL: noop */
	struct rtnl_tc_est est;
};

struct htb_sched {
	struct htb_class **hash;
	unsigned int hashsize, hashelems;
	uint32_t rate2quantum;
	uint32_t defcls;
	uint32_t direct_qlen;
};

static const struct unl_nla_policy htb_policy[TCA_HTB_MAX + 1] = {
	[TCA_HTB_PARMS] = { .len = sizeof(struct tc_htb_opt) },
	[TCA_HTB_INIT] = { .len = sizeof(struct tc_htb_glob) },
	[TCA_HTB_CTAB] = { .type = UNL_NLA_BINARY, .len = TC_RTAB_SIZE },
	[TCA_HTB_RTAB] = { .type = UNL_NLA_BINARY, .len = TC_RTAB_SIZE },
	[TCA_HTB_DIRECT_QLEN] = { .type = UNL_NLA_U32 },
	[TCA_HTB_RATE64] = { .type = UNL_NLA_U64 },
	[TCA_HTB_CEIL64] = { .type = UNL_NLA_U64 },
	[TCA_HTB_OFFLOAD] = { .type = UNL_NLA_FLAG },
};

/* qdisc_class_hash() */
static unsigned int class_hash(uint32_t id, unsigned int mask)
{
	id ^= id >> 8;
	id ^= id >> 4;
	return id & mask;
}

static struct htb_class *htb_find_class(struct htb_sched *q, uint32_t id)
{
	if (!q->hash)
		return NULL;
	for (struct htb_class *cl = q->hash[class_hash(id, q->hashsize - 1)];
	     cl; cl = cl->hnext)
		if (cl->classid == id)
			return cl;
	return NULL;
}

static void class_hash_insert(struct htb_sched *q, struct htb_class *cl)
{
	unsigned int h = class_hash(cl->classid, q->hashsize - 1);

	cl->hnext = q->hash[h];
	q->hash[h] = cl;
	q->hashelems++;
}

static void class_hash_remove(struct htb_sched *q, struct htb_class *cl)
{
	for (struct htb_class **pp =
		     &q->hash[class_hash(cl->classid, q->hashsize - 1)];
	     *pp; pp = &(*pp)->hnext)
		if (*pp == cl) {
			*pp = cl->hnext;
			q->hashelems--;
			return;
		}
}

/* qdisc_class_hash_grow(): each old bucket's chain, head first, onto
 * the heads of the new buckets */
static void class_hash_grow(struct htb_sched *q)
{
	unsigned int nsize = q->hashsize * 2;
	struct htb_class **nhash;

	if (q->hashelems * 4 <= q->hashsize * 3)
		return;
	nhash = calloc(nsize, sizeof(*nhash));
	if (!nhash)
		return;
	for (unsigned int i = 0; i < q->hashsize; i++) {
		struct htb_class *cl = q->hash[i], *next;

		for (; cl; cl = next) {
			unsigned int h = class_hash(cl->classid, nsize - 1);

			next = cl->hnext;
			cl->hnext = nhash[h];
			nhash[h] = cl;
		}
	}
	free(q->hash);
	q->hash = nhash;
	q->hashsize = nsize;
}

static int htb_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
		    struct unl_ext_ack *extack)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	const struct tc_htb_glob *gopt;
	int err;

	(void)extack;
	if (!opt)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_HTB_MAX, opt, htb_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_HTB_INIT])
		return -EINVAL;
	gopt = unl_nla_data(tb[TCA_HTB_INIT]);
	if (gopt->version != HTB_VER >> 16)
		return -EINVAL;
	if (tb[TCA_HTB_OFFLOAD]) {
		if (sch->parent != TC_H_ROOT) {
			UNL_SET_ERR_MSG(extack, "HTB must be the root qdisc to use offload");
			return -EOPNOTSUPP;
		}
		UNL_SET_ERR_MSG(extack, "hw-tc-offload ethtool feature flag must be on");
		return -EOPNOTSUPP;
	}
	q->hash = calloc(4, sizeof(*q->hash));
	if (!q->hash)
		return -ENOMEM;
	q->hashsize = 4;
	q->direct_qlen = tb[TCA_HTB_DIRECT_QLEN]
				 ? unl_nla_get_u32(tb[TCA_HTB_DIRECT_QLEN])
				 : sch->dev->txqlen;
	q->rate2quantum = gopt->rate2quantum < 1 ? 1 : gopt->rate2quantum;
	q->defcls = gopt->defcls;
	return 0;
}

static void htb_destroy_class(struct htb_class *cl)
{
	if (!cl->level)
		rtnl_qdisc_put(cl->leaf);
	free(cl);
}

static void htb_destroy(struct rtnl_qdisc *sch)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);

	for (unsigned int i = 0; q->hash && i < q->hashsize; i++)
		while (q->hash[i]) {
			struct htb_class *cl = q->hash[i];

			q->hash[i] = cl->hnext;
			htb_destroy_class(cl);
		}
	free(q->hash);
	q->hash = NULL;
}

/* htb_attach_software(): every tx queue takes the qdisc itself */
static void htb_attach(struct rtnl_qdisc *sch, uint32_t *qrefs)
{
	*qrefs = sch->dev->num_tx_queues;
	sch->refcnt += *qrefs;
}

static int htb_dump(struct rtnl_qdisc *sch, struct unl_skb *skb)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);
	struct tc_htb_glob gopt = {
		.version = HTB_VER,
		.rate2quantum = q->rate2quantum,
		.defcls = q->defcls,
	};
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest || unl_nla_put(skb, TCA_HTB_INIT, sizeof(gopt), &gopt) ||
	    unl_nla_put_u32(skb, TCA_HTB_DIRECT_QLEN, q->direct_qlen))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- classes ---- */

static unsigned long htb_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	return (unsigned long)htb_find_class(rtnl_qdisc_priv(sch), classid);
}

static struct rtnl_qdisc *htb_leaf(struct rtnl_qdisc *sch, unsigned long arg)
{
	struct htb_class *cl = (struct htb_class *)arg;

	(void)sch;
	return !cl->level ? cl->leaf : NULL;
}

static int htb_graft(struct rtnl_qdisc *sch, unsigned long arg,
		     struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		     struct unl_ext_ack *extack)
{
	struct htb_class *cl = (struct htb_class *)arg;

	(void)extack;
	if (cl->level)
		return -EINVAL;
	if (!new) {
		new = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					     cl->classid, sch->dev_queue);
		if (!new)
			return -ENOBUFS;
	}
	*old = cl->leaf;
	cl->leaf = new;
	return 0;
}

/* htb_change_class(): a new class, or new rates for one there */
static int htb_change_class(struct rtnl_qdisc *sch, uint32_t classid,
			    uint32_t parentid, const struct nlattr **tca,
			    unsigned long *arg, struct unl_ext_ack *extack)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);
	struct htb_class *cl = (struct htb_class *)*arg, *parent;
	const struct nlattr *opt = tca[TCA_OPTIONS];
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	const struct tc_htb_opt *hopt;
	struct tc_ratespec rate, ceil;
	struct rtnl_qdisc *parent_qdisc = NULL;
	struct rtnl_tc_est est = { 0 };
	uint64_t rate64, ceil64;
	int warn = 0, err;

	if (!opt)
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_HTB_MAX, opt, htb_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[TCA_HTB_PARMS])
		return -EINVAL;
	parent = parentid == TC_H_ROOT ? NULL : htb_find_class(q, parentid);
	hopt = unl_nla_data(tb[TCA_HTB_PARMS]);
	if (!hopt->rate.rate || !hopt->ceil.rate)
		return -EINVAL;
	/* rate-table tc's classes: the link layer from the tables */
	rate = hopt->rate;
	ceil = hopt->ceil;
	rtnl_ratespec_detect_linklayer(&rate, tb[TCA_HTB_RTAB]);
	rtnl_ratespec_detect_linklayer(&ceil, tb[TCA_HTB_CTAB]);
	rate64 = tb[TCA_HTB_RATE64] ? unl_nla_get_u64(tb[TCA_HTB_RATE64]) : 0;
	ceil64 = tb[TCA_HTB_CEIL64] ? unl_nla_get_u64(tb[TCA_HTB_CEIL64]) : 0;
	if (!cl) {
		struct rtnl_qdisc *new_q;

		if (!classid || TC_H_MAJ(classid ^ sch->handle) ||
		    htb_find_class(q, classid))
			return -EINVAL;
		if (parent && parent->parent && parent->parent->level < 2) {
			UNL_SET_ERR_MSG(extack, "sch_htb: tree is too deep");
			return -EINVAL;
		}
		/* (the module's htb_rate_est, a default estimator for every
		 * class, is 0 unless the machine's administrator set it) */
		if (tca[TCA_RATE] && rtnl_tc_est_set(&est, tca[TCA_RATE]))
			return -EINVAL;
		cl = calloc(1, sizeof(*cl));
		if (!cl)
			return -ENOBUFS;
		cl->est = est;
		new_q = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					       classid, sch->dev_queue);
		if (parent && !parent->level) {
			/* the parent becomes an inner node */
			parent_qdisc = parent->leaf;
			parent->leaf = NULL;
			parent->level = (parent->parent ? parent->parent->level
							: HTB_MAXDEPTH) - 1;
		}
		cl->leaf = new_q;
		cl->classid = classid;
		cl->parent = parent;
		cl->tokens = (int64_t)RTNL_PSCHED_TICKS2NS(hopt->buffer);
		cl->ctokens = (int64_t)RTNL_PSCHED_TICKS2NS(hopt->cbuffer);
		class_hash_insert(q, cl);
		if (parent)
			parent->children++;
		if (cl->leaf)
			rtnl_qdisc_hash_add(cl->leaf, true);
	} else if (tca[TCA_RATE] && rtnl_tc_est_set(&cl->est, tca[TCA_RATE])) {
		return -EINVAL;
	}
	rtnl_ratecfg_precompute(&cl->rate, &rate, rate64);
	rtnl_ratecfg_precompute(&cl->ceil, &ceil, ceil64);
	if (!cl->level) {
		uint64_t quantum = cl->rate.rate_bytes_ps / q->rate2quantum;

		cl->quantum = quantum > 0x7fffffff ? 0x7fffffff
						   : (int32_t)quantum;
		if (!hopt->quantum && cl->quantum < 1000) {
			warn = -1;
			cl->quantum = 1000;
		}
		if (!hopt->quantum && cl->quantum > 200000) {
			warn = 1;
			cl->quantum = 200000;
		}
		if (hopt->quantum)
			cl->quantum = (int32_t)hopt->quantum;
		cl->prio = hopt->prio >= HTB_NUMPRIO ? HTB_NUMPRIO - 1
						     : (int)hopt->prio;
	}
	cl->buffer = RTNL_PSCHED_TICKS2NS(hopt->buffer);
	cl->cbuffer = RTNL_PSCHED_TICKS2NS(hopt->cbuffer);
	rtnl_qdisc_put(parent_qdisc);
	if (warn && extack) {
		snprintf(extack->msg_buf, sizeof(extack->msg_buf),
			 "sch_htb: quantum of class %X is %s. Consider r2q change.",
			 cl->classid, warn == -1 ? "small" : "big");
		extack->msg = extack->msg_buf;
	}
	class_hash_grow(q);
	*arg = (unsigned long)cl;
	return 0;
}

/* htb_delete(): a leaf, or an inner class without children; the last
 * child gone, its parent is a leaf again with a new pfifo */
static int htb_delete(struct rtnl_qdisc *sch, unsigned long arg,
		      struct unl_ext_ack *extack)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);
	struct htb_class *cl = (struct htb_class *)arg;
	struct rtnl_qdisc *new_q = NULL;
	bool last_child;

	if (cl->children || rtnl_tcf_class_in_use(sch, cl->classid)) {
		UNL_SET_ERR_MSG(extack, "HTB class in use");
		return -EBUSY;
	}
	last_child = !cl->level && cl->parent && cl->parent->children <= 1;
	if (last_child)
		new_q = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					       cl->parent->classid,
					       sch->dev_queue);
	class_hash_remove(q, cl);
	if (cl->parent)
		cl->parent->children--;
	if (last_child) {
		struct htb_class *p = cl->parent;

		p->level = 0;
		p->leaf = new_q;
		p->tokens = (int64_t)p->buffer;
		p->ctokens = (int64_t)p->cbuffer;
	}
	htb_destroy_class(cl);
	return 0;
}

static int htb_walk(struct rtnl_qdisc *sch, long skip, long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg)
{
	struct htb_sched *q = rtnl_qdisc_priv(sch);

	for (unsigned int i = 0; q->hash && i < q->hashsize; i++)
		for (struct htb_class *cl = q->hash[i]; cl; cl = cl->hnext)
			if (rtnl_qdisc_walk_one(sch, (unsigned long)cl, skip,
						count, fn, arg))
				return -1;
	return 0;
}

static int htb_dump_class(struct rtnl_qdisc *sch, unsigned long arg,
			  struct unl_skb *skb, struct tcmsg *tcm)
{
	struct htb_class *cl = (struct htb_class *)arg;
	struct tc_htb_opt opt = { 0 };
	struct nlattr *nest;

	(void)sch;
	tcm->tcm_parent = cl->parent ? cl->parent->classid : TC_H_ROOT;
	tcm->tcm_handle = cl->classid;
	if (!cl->level && cl->leaf)
		tcm->tcm_info = cl->leaf->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest)
		return -EMSGSIZE;
	rtnl_ratecfg_getrate(&opt.rate, &cl->rate);
	opt.buffer = (uint32_t)RTNL_PSCHED_NS2TICKS(cl->buffer);
	rtnl_ratecfg_getrate(&opt.ceil, &cl->ceil);
	opt.cbuffer = (uint32_t)RTNL_PSCHED_NS2TICKS(cl->cbuffer);
	opt.quantum = (uint32_t)cl->quantum;
	opt.prio = (uint32_t)cl->prio;
	opt.level = (uint32_t)cl->level;
	if (unl_nla_put(skb, TCA_HTB_PARMS, sizeof(opt), &opt))
		return -EMSGSIZE;
	if (cl->rate.rate_bytes_ps >= (1ULL << 32) &&
	    unl_nla_put_u64(skb, TCA_HTB_RATE64, cl->rate.rate_bytes_ps,
			    TCA_HTB_PAD))
		return -EMSGSIZE;
	if (cl->ceil.rate_bytes_ps >= (1ULL << 32) &&
	    unl_nla_put_u64(skb, TCA_HTB_CEIL64, cl->ceil.rate_bytes_ps,
			    TCA_HTB_PAD))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int64_t clamp_int(int64_t v)
{
	return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
}

/* htb_dump_class_stats()'s TCA_STATS_APP */
static int htb_class_xstats(struct rtnl_qdisc *sch, unsigned long arg,
			    void *buf)
{
	struct htb_class *cl = (struct htb_class *)arg;
	struct tc_htb_xstats x = {
		.tokens = (int32_t)clamp_int(cl->tokens >> 6),
		.ctokens = (int32_t)clamp_int(cl->ctokens >> 6),
	};

	(void)sch;
	memcpy(buf, &x, sizeof(x));
	return sizeof(x);
}

/* htb_tcf_block(): the qdisc's, and each class's */
static bool htb_tcf_block(struct rtnl_qdisc *q, unsigned long cl,
			  struct unl_ext_ack *extack)
{
	(void)extack;
	(void)q;
	(void)cl;
	return true;
}

static const struct rtnl_tc_est *htb_rate_est(struct rtnl_qdisc *sch,
					      unsigned long arg)
{
	(void)sch;
	return &((struct htb_class *)arg)->est;
}

static const struct rtnl_qdisc_class_ops htb_class_ops = {
	.find = htb_find,
	.tcf_block = htb_tcf_block,
	.leaf = htb_leaf,
	.graft = htb_graft,
	.change = htb_change_class,
	.delete = htb_delete,
	.walk = htb_walk,
	.dump = htb_dump_class,
	.dump_stats = htb_class_xstats,
	.rate_est = htb_rate_est,
};

const struct rtnl_qdisc_ops rtnl_htb_qdisc_ops = {
	.id = "htb",
	.priv_size = sizeof(struct htb_sched),
	.cl_ops = &htb_class_ops,
	.init = htb_init,
	.attach = htb_attach,
	.destroy = htb_destroy,
	.dump = htb_dump,
};
