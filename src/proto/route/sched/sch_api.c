// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Traffic control's front end (net/sched/sch_api.c): RTM_NEWQDISC,
 * RTM_DELQDISC, RTM_GETQDISC and the class messages, handles and
 * parents, grafting, the notifications of RTNLGRP_TC; and what
 * sch_generic.c does to a device (the default qdiscs attached when it
 * comes up, all of them gone when it goes).  The kinds live in a file
 * each and are found in qdisc_kinds[], the one place that says which
 * exist; the net's kernel profile says which it offers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/if_arp.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"
#include "proto/route/sched/cls.h"
#include "proto/route/sched/sched.h"

#define TCQ_F_BUILTIN 0x1

/* noop_qdisc: what a device has before its first up, and what a
 * position left empty holds; never counted, dumped or freed. */
static const struct rtnl_qdisc_ops noop_qdisc_ops = { .id = "noop" };
static struct rtnl_qdisc noop_qdisc = {
	.ops = &noop_qdisc_ops,
	.flags = TCQ_F_BUILTIN,
	.refcnt = 1,
};

/* The kinds this code knows; `builtin` ones are registered by
 * pktsched_init() whenever NET_SCHED is there, the others are modules
 * the profile lists (by `module` when the kind's name is not the
 * module's), from Linux `since` (major * 100 + minor) on. */
static const struct {
	const struct rtnl_qdisc_ops *ops;
	bool builtin;
	const char *module;
	int since;
} qdisc_kinds[] = {
	{ &rtnl_pfifo_fast_ops, true },
	{ &rtnl_pfifo_qdisc_ops, true },
	{ &rtnl_bfifo_qdisc_ops, true },
	{ &rtnl_pfifo_head_drop_qdisc_ops, true },
	{ &rtnl_mq_qdisc_ops, true },
	{ &rtnl_noqueue_qdisc_ops, true },
	{ &rtnl_ingress_qdisc_ops, false },
	{ &rtnl_clsact_qdisc_ops, false },
	{ &rtnl_tbf_qdisc_ops, false },
	{ &rtnl_htb_qdisc_ops, false },
	{ &rtnl_prio_qdisc_ops, false },
	{ &rtnl_fq_codel_qdisc_ops, false },
	{ &rtnl_codel_qdisc_ops, false },
	{ &rtnl_plug_qdisc_ops, false },
	{ &rtnl_sfq_qdisc_ops, false },
	{ &rtnl_netem_qdisc_ops, false },
	{ &rtnl_skbprio_qdisc_ops, false },
	{ &rtnl_multiq_qdisc_ops, false },
	{ &rtnl_red_qdisc_ops, false },
	{ &rtnl_choke_qdisc_ops, false },
	{ &rtnl_pie_qdisc_ops, false },
	{ &rtnl_fq_pie_qdisc_ops, false },
	{ &rtnl_drr_qdisc_ops, false },
	{ &rtnl_qfq_qdisc_ops, false },
	{ &rtnl_hfsc_qdisc_ops, false },
	{ &rtnl_fq_qdisc_ops, false },
	{ &rtnl_mqprio_qdisc_ops, false },
	{ &rtnl_cake_qdisc_ops, false },
	{ &rtnl_ets_qdisc_ops, false },
	{ &rtnl_cbs_qdisc_ops, false },
	{ &rtnl_etf_qdisc_ops, false },
	{ &rtnl_hhf_qdisc_ops, false },
	{ &rtnl_sfb_qdisc_ops, false },
	{ &rtnl_gred_qdisc_ops, false },
	{ &rtnl_taprio_qdisc_ops, false },
	{ &rtnl_teql_qdisc_ops, false, "teql", 0 },
	{ &rtnl_dualpi2_qdisc_ops, false, NULL, 617 },
};

/* nla_strcmp() == 0 */
static bool tc_kind_is(const struct nlattr *a, const char *s)
{
	int len = unl_nla_len(a);
	const char *d = unl_nla_data(a);

	if (len > 0 && d[len - 1] == '\0')
		len--;
	return (size_t)len == strlen(s) && !memcmp(d, s, (size_t)len);
}

/* qdisc_lookup_ops() */
static const struct rtnl_qdisc_ops *qdisc_lookup_ops(struct rtnl_net *rn,
						     const struct nlattr *kind)
{
	const struct unl_profile *p = unl_net_profile(rn->net);

	if (!kind)
		return NULL;
	for (size_t i = 0; i < sizeof(qdisc_kinds) / sizeof(qdisc_kinds[0]);
	     i++) {
		const char *module = qdisc_kinds[i].module
					     ? qdisc_kinds[i].module
					     : qdisc_kinds[i].ops->id;

		if (!tc_kind_is(kind, qdisc_kinds[i].ops->id))
			continue;
		if (qdisc_kinds[i].builtin ||
		    (unl_profile_has(p, UNL_PROFILE_QDISC, module) &&
		     unl_profile_at_least(p, qdisc_kinds[i].since)))
			return qdisc_kinds[i].ops;
	}
	return NULL;
}

/* ---- the device's side ---- */

static struct rtnl_tc_dev *tc_dev(struct rtnl_link *l)
{
	if (!l->tc) {
		struct rtnl_tc_dev *td = calloc(1, sizeof(*td));

		if (!td)
			return NULL;
		td->root = &noop_qdisc;
		td->ingress = &noop_qdisc;
		l->tc = td;
	}
	return l->tc;
}

static struct rtnl_qdisc *dev_root(const struct rtnl_link *l)
{
	return l->tc ? l->tc->root : &noop_qdisc;
}

uint32_t rtnl_psched_mtu(const struct rtnl_link *dev)
{
	uint32_t hh = 0;

	if (dev->type == ARPHRD_ETHER || dev->type == ARPHRD_LOOPBACK)
		hh = 14; /* ETH_HLEN */
	return dev->mtu + hh;
}

uint32_t rtnl_qdisc_real_txq(const struct rtnl_link *dev)
{
	return dev->real_num_tx_queues ? dev->real_num_tx_queues
				       : dev->num_tx_queues;
}

static bool dev_no_queue(const struct rtnl_link *dev)
{
	return !dev->ops->tx_queue;
}

/* default_qdisc_ops, or pfifo_fast past the queues in use (mq's
 * get_default_qdisc_ops()) */
const struct rtnl_qdisc_ops *rtnl_qdisc_default_ops(struct rtnl_link *dev,
						    uint32_t txq)
{
	const char *name;

	if (txq >= rtnl_qdisc_real_txq(dev))
		return &rtnl_pfifo_fast_ops;
	name = unl_profile_sysctl(unl_net_profile(dev->rn->net),
				  "net.core.default_qdisc");
	if (name)
		for (size_t i = 0;
		     i < sizeof(qdisc_kinds) / sizeof(qdisc_kinds[0]); i++)
			if (!strcmp(qdisc_kinds[i].ops->id, name))
				return qdisc_kinds[i].ops;
	return &rtnl_pfifo_fast_ops;
}

/* hash_min(handle, 4) */
static unsigned int qdisc_hash_bucket(uint32_t handle)
{
	return (handle * 0x61C88647u) >> (32 - RTNL_QDISC_HASH_BITS);
}

void rtnl_qdisc_hash_add(struct rtnl_qdisc *q, bool invisible)
{
	struct rtnl_tc_dev *td = q->dev->tc;
	unsigned int b;

	if (q->parent == TC_H_ROOT || (q->flags & RTNL_TCQ_INGRESS) || !td ||
	    q->hashed)
		return;
	b = qdisc_hash_bucket(q->handle);
	q->hash_next = td->hash[b];
	td->hash[b] = q;
	q->hashed = true;
	if (invisible)
		q->flags |= RTNL_TCQ_INVISIBLE;
}

static void qdisc_hash_del(struct rtnl_qdisc *q)
{
	struct rtnl_tc_dev *td = q->dev->tc;

	if (!q->hashed || !td)
		return;
	for (struct rtnl_qdisc **pp = &td->hash[qdisc_hash_bucket(q->handle)];
	     *pp; pp = &(*pp)->hash_next)
		if (*pp == q) {
			*pp = q->hash_next;
			break;
		}
	q->hashed = false;
}

static struct rtnl_qdisc *qdisc_alloc(struct rtnl_link *dev,
				      const struct rtnl_qdisc_ops *ops,
				      uint32_t txq)
{
	struct rtnl_qdisc *q = calloc(1, sizeof(*q) + ops->priv_size);

	if (!q)
		return NULL;
	q->ops = ops;
	q->dev = dev;
	q->flags = ops->static_flags;
	q->refcnt = 1;
	q->dev_queue = txq;
	return q;
}

static void qdisc_free(struct rtnl_qdisc *q)
{
	rtnl_tcf_qdisc_destroy(q);
	if (q->ops->destroy)
		q->ops->destroy(q);
	qdisc_hash_del(q);
	free(q);
}

void rtnl_qdisc_put(struct rtnl_qdisc *q)
{
	if (!q || (q->flags & TCQ_F_BUILTIN))
		return;
	if (--q->refcnt == 0)
		qdisc_free(q);
}

struct rtnl_qdisc *rtnl_qdisc_create_dflt(struct rtnl_link *dev,
					  const struct rtnl_qdisc_ops *ops,
					  uint32_t parent, uint32_t txq)
{
	struct rtnl_qdisc *q = qdisc_alloc(dev, ops, txq);

	if (!q)
		return NULL;
	q->parent = parent;
	if (ops->init && ops->init(q, NULL, NULL)) {
		qdisc_free(q);
		return NULL;
	}
	return q;
}

/* The references a root qdisc has from the tx queues (td->root_qrefs)
 * go one by one; dev->qdisc's own is the last, put by the caller. */
static void root_put_queues(struct rtnl_tc_dev *td, struct rtnl_qdisc *old)
{
	for (; td->root_qrefs; td->root_qrefs--)
		if (!(old->flags & TCQ_F_BUILTIN) && old->refcnt > 1)
			old->refcnt--;
}

static void root_release(struct rtnl_tc_dev *td)
{
	struct rtnl_qdisc *old = td->root;

	root_put_queues(td, old);
	td->root = &noop_qdisc;
	rtnl_qdisc_put(old);
}

/* attach_default_qdiscs(): a qdisc per tx queue (noqueue without a
 * queue, the default kind), dev->qdisc queue 0's; mq over them on a
 * multiqueue device with a queue. */
static void attach_default_qdiscs(struct rtnl_link *l)
{
	struct rtnl_tc_dev *td = tc_dev(l);
	const struct rtnl_qdisc_ops *ops;
	struct rtnl_qdisc *q;

	if (!td)
		return;
	if (l->num_tx_queues > 1 && !dev_no_queue(l) && l->txqlen) {
		q = rtnl_qdisc_create_dflt(l, &rtnl_mq_qdisc_ops, TC_H_ROOT,
					   0);
		if (q) {
			td->root = q;
			q->ops->attach(q, &td->root_qrefs);
			return;
		}
	}
	ops = dev_no_queue(l) || !l->txqlen ? &rtnl_noqueue_qdisc_ops
					    : rtnl_qdisc_default_ops(l, 0);
	q = rtnl_qdisc_create_dflt(l, ops, TC_H_ROOT, 0);
	if (!q)
		return;
	if (l->num_tx_queues <= 1)
		q->flags |= RTNL_TCQ_ONETXQUEUE | RTNL_TCQ_NOPARENT;
	/* queue 0's reference, and dev->qdisc's */
	q->refcnt++;
	td->root = q;
	td->root_qrefs = 1;
}

/* dev_activate(): the defaults, unless a qdisc is there already. */
void rtnl_tc_dev_activate(struct rtnl_link *l)
{
	if (dev_root(l) == &noop_qdisc)
		attach_default_qdiscs(l);
}

/* dev_shutdown(): every qdisc of the device goes, without a word. */
void rtnl_tc_dev_shutdown(struct rtnl_link *l)
{
	struct rtnl_tc_dev *td = l->tc;

	if (!td)
		return;
	root_release(td);
	rtnl_qdisc_put(td->ingress);
	td->ingress = &noop_qdisc;
	/* nothing should be left; what is, goes */
	for (unsigned int b = 0; b < (1u << RTNL_QDISC_HASH_BITS); b++)
		while (td->hash[b]) {
			struct rtnl_qdisc *q = td->hash[b];

			td->hash[b] = q->hash_next;
			q->hashed = false;
			q->refcnt = 1;
			rtnl_qdisc_put(q);
		}
	free(td);
	l->tc = NULL;
}

const char *rtnl_tc_root_kind(const struct rtnl_link *l)
{
	return dev_root(l)->ops->id;
}

/* ---- lookups ---- */

static struct rtnl_qdisc *match_from_root(struct rtnl_qdisc *root,
					  uint32_t handle)
{
	struct rtnl_tc_dev *td;

	if (!root->dev)
		return root->handle == handle ? root : NULL;
	if (!(root->flags & TCQ_F_BUILTIN) && root->handle == handle)
		return root;
	td = root->dev->tc;
	for (struct rtnl_qdisc *q = td ? td->hash[qdisc_hash_bucket(handle)]
				      : NULL;
	     q; q = q->hash_next)
		if (q->handle == handle)
			return q;
	return NULL;
}

/* qdisc_lookup() */
static struct rtnl_qdisc *qdisc_lookup(struct rtnl_link *l, uint32_t handle)
{
	struct rtnl_qdisc *q = match_from_root(dev_root(l), handle);

	if (!q && l->tc && l->tc->ingress_queue)
		q = match_from_root(l->tc->ingress, handle);
	return q;
}

struct rtnl_qdisc *rtnl_qdisc_lookup(struct rtnl_link *dev, uint32_t handle)
{
	return qdisc_lookup(dev, handle);
}

struct rtnl_qdisc *rtnl_tc_dev_root(const struct rtnl_link *dev)
{
	return dev_root(dev);
}

bool rtnl_qdisc_is_noop(const struct rtnl_qdisc *q)
{
	return q == &noop_qdisc;
}

/* qdisc_leaf(): 0 with *leaf the class's qdisc (NULL for none), or
 * -errno when p has no such class */
static int qdisc_leaf(struct rtnl_qdisc *p, uint32_t classid,
		      struct rtnl_qdisc **leaf, struct unl_ext_ack *extack)
{
	const struct rtnl_qdisc_class_ops *cops = p->ops->cl_ops;
	unsigned long cl;

	if (!cops) {
		UNL_SET_ERR_MSG(extack, "Parent qdisc is not classful");
		return -EOPNOTSUPP;
	}
	cl = cops->find(p, classid);
	if (!cl) {
		UNL_SET_ERR_MSG(extack, "Specified class not found");
		return -ENOENT;
	}
	*leaf = cops->leaf(p, cl);
	return 0;
}

/* ---- messages ---- */

/* gnet_stats_start_copy_compat() .. gnet_stats_finish_copy() of a
 * qdisc or class that never saw a packet:
 *
 *   TCA_STATS2 { [APP] BASIC [RATE_EST] QUEUE [APP] } TCA_STATS [TCA_XSTATS]
 *
 * (a qdisc's dump_stats comes before the counters, a class's after;
 * a class without dump_stats has no counters; a qdisc whose kind
 * writes its APP as a nest, nest_of, has no TCA_XSTATS) */
static int tc_put_stats(struct unl_skb *skb, const void *app, int applen,
			bool app_first, unsigned int counters,
			struct rtnl_qdisc *nest_of)
{
	struct gnet_stats_basic basic = { 0 };
	struct gnet_stats_queue queue = { 0 };
	struct gnet_stats_rate_est rate = { 0 };
	struct tc_stats compat = { 0 };
	struct nlattr *st = rtnl_nest_start(skb, TCA_STATS2);

	if (!st)
		return -EMSGSIZE;
	if (nest_of && nest_of->ops->dump_stats_nest(nest_of, skb))
		return -EMSGSIZE;
	if (applen && app_first &&
	    unl_nla_put(skb, TCA_STATS_APP, applen, app))
		return -EMSGSIZE;
	if ((counters & RTNL_TC_STATS_BASIC) &&
	    unl_nla_put(skb, TCA_STATS_BASIC, sizeof(basic), &basic))
		return -EMSGSIZE;
	if ((counters & RTNL_TC_STATS_RATE_EST) &&
	    unl_nla_put(skb, TCA_STATS_RATE_EST, sizeof(rate), &rate))
		return -EMSGSIZE;
	if ((counters & RTNL_TC_STATS_QUEUE) &&
	    unl_nla_put(skb, TCA_STATS_QUEUE, sizeof(queue), &queue))
		return -EMSGSIZE;
	if (applen && !app_first &&
	    unl_nla_put(skb, TCA_STATS_APP, applen, app))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, st);
	if (unl_nla_put(skb, TCA_STATS, sizeof(compat), &compat))
		return -EMSGSIZE;
	if (applen && unl_nla_put(skb, TCA_XSTATS, applen, app))
		return -EMSGSIZE;
	return 0;
}

static bool qdisc_dump_ignore(const struct rtnl_qdisc *q, bool invisible)
{
	if (q->flags & TCQ_F_BUILTIN)
		return true;
	return (q->flags & RTNL_TCQ_INVISIBLE) && !invisible;
}

/* qdisc_dump_stab(): the spec alone */
static int qdisc_dump_stab(struct unl_skb *skb, const struct rtnl_qdisc *q)
{
	struct nlattr *nest;

	if (!q->has_stab)
		return 0;
	nest = rtnl_nest_start(skb, TCA_STAB);
	if (!nest ||
	    unl_nla_put(skb, TCA_STAB_BASE, sizeof(q->stab), &q->stab))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* tc_fill_qdisc() */
static int qdisc_fill(struct unl_skb *skb, struct rtnl_qdisc *q, uint32_t clid,
		      uint32_t portid, uint32_t seq, int flags, int event,
		      const struct unl_ext_ack *extack)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, event,
					     sizeof(struct tcmsg), flags);
	uint8_t app[RTNL_TC_XSTATS_MAX];
	struct tcmsg *tcm;
	int applen = 0;

	if (!nlh)
		return -EMSGSIZE;
	tcm = NLMSG_DATA(nlh);
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = q->dev->ifindex;
	tcm->tcm_parent = clid;
	tcm->tcm_handle = q->handle;
	tcm->tcm_info = q->refcnt;
	if (q->ops->xstats)
		applen = q->ops->xstats(q, app);
	if (unl_nla_put_string(skb, TCA_KIND, q->ops->id) ||
	    rtnl_tcf_qdisc_dump_blocks(q, skb) ||
	    (q->ops->dump && q->ops->dump(q, skb) < 0) ||
	    unl_nla_put_u8(skb, TCA_HW_OFFLOAD, 0) ||
	    qdisc_dump_stab(skb, q) ||
	    tc_put_stats(skb, app, applen, true,
			 RTNL_TC_STATS_BASIC | RTNL_TC_STATS_QUEUE |
				 (q->est.on ? RTNL_TC_STATS_RATE_EST : 0),
			 q->ops->dump_stats_nest ? q : NULL) ||
	    (extack && extack->msg &&
	     unl_nla_put_string(skb, RTNL_TCA_EXT_WARN_MSG, extack->msg))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

#define TC_MSG_SIZE 8192 /* NLMSG_GOODSIZE */

/* qdisc_notify(): old's RTM_DELQDISC and new's RTM_NEWQDISC in one
 * buffer, to RTNLGRP_TC (and the requester with NLM_F_ECHO). */
static void qdisc_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			 const struct nlmsghdr *n, uint32_t clid,
			 struct rtnl_qdisc *old, struct rtnl_qdisc *new,
			 const struct unl_ext_ack *extack)
{
	uint32_t portid = oskb ? rtnl_req_portid(oskb) : 0;
	struct unl_skb *skb = unl_nlmsg_new(TC_MSG_SIZE);

	if (!skb)
		return;
	if (old && !qdisc_dump_ignore(old, false) &&
	    qdisc_fill(skb, old, clid, portid, n->nlmsg_seq, 0, RTM_DELQDISC,
		       extack))
		goto fail;
	if (new && !qdisc_dump_ignore(new, false) &&
	    qdisc_fill(skb, new, clid, portid, n->nlmsg_seq,
		       old ? NLM_F_REPLACE : 0, RTM_NEWQDISC, extack))
		goto fail;
	if (unl_skb_len(skb)) {
		rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
		return;
	}
fail:
	unl_skb_free(skb);
}

static void notify_and_destroy(struct rtnl_net *rn, struct unl_skb *skb,
			       const struct nlmsghdr *n, uint32_t clid,
			       struct rtnl_qdisc *old, struct rtnl_qdisc *new,
			       const struct unl_ext_ack *extack)
{
	if (new || old)
		qdisc_notify(rn, skb, n, clid, old, new, extack);
}

/* qdisc_graft(): new (NULL: none) in place of what the device or class
 * clid of parent holds; the old one is announced and put. */
static int qdisc_graft(struct rtnl_net *rn, struct rtnl_link *dev,
		       struct rtnl_qdisc *parent, struct unl_skb *skb,
		       const struct nlmsghdr *n, uint32_t classid,
		       struct rtnl_qdisc *new, struct rtnl_qdisc *old,
		       struct unl_ext_ack *extack)
{
	struct rtnl_tc_dev *td = tc_dev(dev);
	uint32_t old_qrefs;

	if (!td)
		return -ENOMEM;
	if (!parent) {
		bool ingress = (old && (old->flags & RTNL_TCQ_INGRESS)) ||
			       (new && (new->flags & RTNL_TCQ_INGRESS));

		if (ingress) {
			if (!td->ingress_queue) {
				UNL_SET_ERR_MSG(extack, "Device does not have an ingress queue");
				return -ENOENT;
			}
			old = td->ingress;
			/* qdisc_refcount_dec_if_one(): announced at 0 */
			if (!(old->flags & TCQ_F_BUILTIN)) {
				if (old->refcnt != 1) {
					UNL_SET_ERR_MSG(extack, "Current ingress or clsact Qdisc has ongoing filter requests");
					return -EBUSY;
				}
				old->refcnt = 0;
			}
			td->ingress = &noop_qdisc;
			qdisc_notify(rn, skb, n, classid, old, new, extack);
			if (!(old->flags & TCQ_F_BUILTIN))
				qdisc_free(old);
			if (new)
				td->ingress = new;
			return 0;
		}
		/* each tx queue takes new, unless new takes them itself
		 * (attach) once it is dev->qdisc */
		old = td->root;
		if (!new || !new->ops->attach) {
			root_put_queues(td, old);
			if (new) {
				new->refcnt += dev->num_tx_queues - 1;
				new->refcnt++; /* dev->qdisc's */
			}
			old_qrefs = 0;
		} else {
			old_qrefs = td->root_qrefs;
		}
		td->root = new ? new : &noop_qdisc;
		td->root_qrefs = new && !new->ops->attach ? dev->num_tx_queues
							  : 0;
		notify_and_destroy(rn, skb, n, classid, old, new, extack);
		/* what the queues still hold of old goes with attach() */
		if (old_qrefs && !(old->flags & TCQ_F_BUILTIN))
			old->refcnt -= old_qrefs < old->refcnt ? old_qrefs : 0;
		rtnl_qdisc_put(old);
		if (new && new->ops->attach)
			new->ops->attach(new, &td->root_qrefs);
		if (dev->flags & IFF_UP)
			rtnl_tc_dev_activate(dev);
		return 0;
	}
	{
		const struct rtnl_qdisc_class_ops *cops = parent->ops->cl_ops;
		unsigned long cl;
		int err;

		if (!cops || !cops->graft)
			return -EOPNOTSUPP;
		cl = cops->find(parent, classid);
		if (!cl) {
			UNL_SET_ERR_MSG(extack, "Specified class not found");
			return -ENOENT;
		}
		if (new && new->ops == &rtnl_noqueue_qdisc_ops) {
			UNL_SET_ERR_MSG(extack, "Cannot assign noqueue to a class");
			return -EINVAL;
		}
		err = cops->graft(parent, cl, new, &old, extack);
		if (err)
			return err;
		notify_and_destroy(rn, skb, n, classid, old, new, extack);
		rtnl_qdisc_put(old);
	}
	return 0;
}

/* qdisc_alloc_handle(): from the machine's one counter. */
static uint32_t qdisc_alloc_handle(struct rtnl_net *rn, struct rtnl_link *dev)
{
	uint32_t *autohandle = &rn->world->tc_autohandle;

	if (!*autohandle)
		*autohandle = TC_H_MAKE(0x80000000U, 0);
	for (int i = 0x8000; i > 0; i--) {
		*autohandle += TC_H_MAKE(0x10000U, 0);
		if (*autohandle == TC_H_MAKE(TC_H_ROOT, 0))
			*autohandle = TC_H_MAKE(0x80000000U, 0);
		if (!qdisc_lookup(dev, *autohandle))
			return *autohandle;
	}
	return 0;
}

static const struct unl_nla_policy rtm_tca_policy[TCA_MAX + 1] = {
	[TCA_KIND] = { .type = UNL_NLA_STRING },
	[TCA_RATE] = { .type = UNL_NLA_BINARY,
		       .len = sizeof(struct tc_estimator) },
	[TCA_STAB] = { .type = UNL_NLA_NESTED },
	[TCA_DUMP_INVISIBLE] = { .type = UNL_NLA_FLAG },
	[TCA_CHAIN] = { .type = UNL_NLA_U32 },
	[TCA_INGRESS_BLOCK] = { .type = UNL_NLA_U32 },
	[TCA_EGRESS_BLOCK] = { .type = UNL_NLA_U32 },
};

int rtnl_tc_est_set(struct rtnl_tc_est *est, const struct nlattr *rate)
{
	struct tc_estimator parm;

	if (unl_nla_len(rate) < (int)sizeof(parm))
		return -EINVAL;
	memcpy(&parm, unl_nla_data(rate), sizeof(parm));
	if (parm.interval < -2 || parm.interval > 3)
		return -EINVAL;
	if (parm.ewma_log == 0 || parm.ewma_log >= 31)
		return -EINVAL;
	est->on = true;
	est->parm = parm;
	return 0;
}

static const struct unl_nla_policy stab_policy[TCA_STAB_MAX + 1] = {
	[TCA_STAB_BASE] = { .len = sizeof(struct tc_sizespec) },
	[TCA_STAB_DATA] = { .type = UNL_NLA_BINARY },
};

#define STAB_SIZE_LOG_MAX 30

/* qdisc_get_stab(): a size table's spec, its table as long as it says */
static int qdisc_get_stab(const struct nlattr *opt, struct tc_sizespec *spec,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_STAB_MAX + 1];
	unsigned int tsize = 0;
	int err;

	err = unl_nla_parse_nested(tb, TCA_STAB_MAX, opt, stab_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[TCA_STAB_BASE]) {
		UNL_SET_ERR_MSG(extack, "Size table base attribute is missing");
		return -EINVAL;
	}
	memcpy(spec, unl_nla_data(tb[TCA_STAB_BASE]), sizeof(*spec));
	if (spec->tsize > 0) {
		if (!tb[TCA_STAB_DATA]) {
			UNL_SET_ERR_MSG(extack, "Size table data attribute is missing");
			return -EINVAL;
		}
		tsize = (unsigned int)unl_nla_len(tb[TCA_STAB_DATA]) /
			sizeof(uint16_t);
	}
	if (tsize != spec->tsize) {
		UNL_SET_ERR_MSG(extack, "Invalid size of size table");
		return -EINVAL;
	}
	if (spec->size_log > STAB_SIZE_LOG_MAX ||
	    spec->cell_log > STAB_SIZE_LOG_MAX) {
		UNL_SET_ERR_MSG(extack, "Invalid logarithmic size of size table");
		return -EINVAL;
	}
	return 0;
}

/* qdisc_create()'s estimator, after the kind's init */
static int qdisc_create_est(struct rtnl_qdisc *q, const struct nlattr *rate,
			    struct unl_ext_ack *extack)
{
	if (!rate)
		return 0;
	if (q->flags & RTNL_TCQ_MQROOT) {
		UNL_SET_ERR_MSG(extack, "Cannot attach rate estimator to a multi-queue root qdisc");
		return -EOPNOTSUPP;
	}
	if (rtnl_tc_est_set(&q->est, rate)) {
		UNL_SET_ERR_MSG(extack, "Failed to generate new estimator");
		return -EINVAL;
	}
	return 0;
}

/* qdisc_create() */
static struct rtnl_qdisc *qdisc_create(struct rtnl_net *rn,
				       struct rtnl_link *dev, uint32_t txq,
				       uint32_t parent, uint32_t handle,
				       const struct nlattr **tca, int *errp,
				       struct unl_ext_ack *extack)
{
	const struct rtnl_qdisc_ops *ops = qdisc_lookup_ops(rn, tca[TCA_KIND]);
	struct rtnl_qdisc *q;
	int err;

	if (!ops) {
		UNL_SET_ERR_MSG(extack, "Specified qdisc kind is unknown");
		*errp = -ENOENT;
		return NULL;
	}
	q = qdisc_alloc(dev, ops, txq);
	if (!q) {
		*errp = -ENOBUFS;
		return NULL;
	}
	q->parent = parent;
	if (handle == TC_H_INGRESS) {
		if (!(q->flags & RTNL_TCQ_INGRESS)) {
			UNL_SET_ERR_MSG(extack, "Specified parent ID is reserved for ingress and clsact Qdiscs");
			err = -EINVAL;
			goto fail;
		}
		handle = TC_H_MAKE(TC_H_INGRESS, 0);
	} else {
		if (!handle) {
			handle = qdisc_alloc_handle(rn, dev);
			if (!handle) {
				UNL_SET_ERR_MSG(extack, "Maximum number of qdisc handles was exceeded");
				err = -ENOSPC;
				goto fail;
			}
		}
		if (dev->num_tx_queues <= 1)
			q->flags |= RTNL_TCQ_ONETXQUEUE;
	}
	q->handle = handle;
	/* the loophole of tx_queue_len 0 on a device without a queue */
	if (dev_no_queue(dev) && !dev->txqlen)
		dev->txqlen = 1000;
	err = rtnl_tcf_qdisc_block_indexes_set(q, tca, extack);
	if (!err && tca[TCA_STAB]) {
		err = qdisc_get_stab(tca[TCA_STAB], &q->stab, extack);
		q->has_stab = !err;
	}
	if (!err && ops->init)
		err = ops->init(q, tca[TCA_OPTIONS], extack);
	if (!err)
		err = qdisc_create_est(q, tca[TCA_RATE], extack);
	if (err)
		goto fail;
	rtnl_qdisc_hash_add(q, false);
	return q;
fail:
	*errp = err;
	rtnl_tcf_qdisc_destroy(q);
	if (ops->destroy)
		ops->destroy(q);
	free(q);
	return NULL;
}

/* qdisc_change() */
static int qdisc_change(struct rtnl_qdisc *q, const struct nlattr **tca,
			struct unl_ext_ack *extack)
{
	struct tc_sizespec stab;
	int err;

	if (tca[TCA_OPTIONS]) {
		if (!q->ops->change) {
			UNL_SET_ERR_MSG(extack, "Change operation not supported by specified qdisc");
			return -EINVAL;
		}
		if (tca[TCA_INGRESS_BLOCK] || tca[TCA_EGRESS_BLOCK]) {
			UNL_SET_ERR_MSG(extack, "Change of blocks is not supported");
			return -EOPNOTSUPP;
		}
		err = q->ops->change(q, tca[TCA_OPTIONS], extack);
		if (err)
			return err;
	}
	/* a change without a size table takes the qdisc's away */
	if (tca[TCA_STAB]) {
		err = qdisc_get_stab(tca[TCA_STAB], &stab, extack);
		if (err)
			return err;
		q->stab = stab;
	}
	q->has_stab = tca[TCA_STAB] != NULL;
	/* Linux ignores a bad estimator here: the change cannot be undone
	 * (the old one stays) */
	if (tca[TCA_RATE] && !(q->flags & RTNL_TCQ_MQROOT))
		(void)rtnl_tc_est_set(&q->est, tca[TCA_RATE]);
	return 0;
}

/* check_loop(): p may not be below q. */
static int check_loop_fn(struct rtnl_qdisc *q, unsigned long cl, void *arg);
struct check_loop_arg {
	struct rtnl_qdisc *p;
	int depth;
};

static int check_loop(struct rtnl_qdisc *q, struct rtnl_qdisc *p, int depth)
{
	struct check_loop_arg a = { p, depth };
	long count = 0;

	if (!q->ops->cl_ops)
		return 0;
	return q->ops->cl_ops->walk(q, 0, &count, check_loop_fn, &a) ? -ELOOP
								      : 0;
}

static int check_loop_fn(struct rtnl_qdisc *q, unsigned long cl, void *arg)
{
	struct check_loop_arg *a = arg;
	struct rtnl_qdisc *leaf = q->ops->cl_ops->leaf(q, cl);

	if (!leaf)
		return 0;
	if (leaf == a->p || a->depth > 7)
		return -ELOOP;
	return check_loop(leaf, a->p, a->depth + 1);
}

static int tc_parse(const struct nlmsghdr *n, const struct nlattr **tca,
		    struct unl_ext_ack *extack)
{
	return unl_nlmsg_parse(n, sizeof(struct tcmsg), tca, TCA_MAX,
			       rtm_tca_policy, UNL_VALIDATE_LIBERAL, extack);
}

/* tc_get_qdisc(): RTM_DELQDISC and RTM_GETQDISC's doit. */
/* A request's kind that is not q's: Linux 6.14 said more of it */
static int qdisc_kind_mismatch(const struct rtnl_qdisc *q,
			       struct unl_ext_ack *extack)
{
	if (unl_profile_at_least(unl_net_profile(q->dev->rn->net), 614))
		UNL_SET_ERR_MSG(extack, "Invalid qdisc name: must match existing qdisc");
	else
		UNL_SET_ERR_MSG(extack, "Invalid qdisc name");
	return -EINVAL;
}

static int tc_get_qdisc(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	struct tcmsg *tcm = NLMSG_DATA(n);
	struct rtnl_qdisc *q = NULL, *p = NULL;
	struct rtnl_link *dev;
	uint32_t clid;
	int err = tc_parse(n, tca, extack);

	if (err)
		return err;
	dev = rtnl_link_by_index(rn, tcm->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	clid = tcm->tcm_parent;
	if (clid) {
		if (clid != TC_H_ROOT) {
			if (TC_H_MAJ(clid) != TC_H_MAJ(TC_H_INGRESS)) {
				p = qdisc_lookup(dev, TC_H_MAJ(clid));
				if (!p) {
					UNL_SET_ERR_MSG(extack, "Failed to find qdisc with specified classid");
					return -ENOENT;
				}
				err = qdisc_leaf(p, clid, &q, extack);
				if (err)
					return err;
			} else if (dev->tc && dev->tc->ingress_queue) {
				q = dev->tc->ingress;
			}
		} else {
			q = dev_root(dev);
		}
		if (!q) {
			UNL_SET_ERR_MSG(extack, "Cannot find specified qdisc on specified device");
			return -ENOENT;
		}
		if (tcm->tcm_handle && q->handle != tcm->tcm_handle) {
			UNL_SET_ERR_MSG(extack, "Invalid handle");
			return -EINVAL;
		}
	} else {
		q = qdisc_lookup(dev, tcm->tcm_handle);
		if (!q) {
			UNL_SET_ERR_MSG(extack, "Failed to find qdisc with specified handle");
			return -ENOENT;
		}
	}
	if (tca[TCA_KIND] && !tc_kind_is(tca[TCA_KIND], q->ops->id)) {
		return qdisc_kind_mismatch(q, extack);
	}
	if (n->nlmsg_type == RTM_DELQDISC) {
		if (!clid) {
			UNL_SET_ERR_MSG(extack, "Classid cannot be zero");
			return -EINVAL;
		}
		if (q->handle == 0) {
			UNL_SET_ERR_MSG(extack, "Cannot delete qdisc with handle of zero");
			return -ENOENT;
		}
		return qdisc_graft(rn, dev, p, skb, n, clid, NULL, q, extack);
	}
	qdisc_notify(rn, skb, n, clid, NULL, q, NULL);
	return 0;
}

static bool req_create_or_replace(const struct nlmsghdr *n)
{
	return (n->nlmsg_flags & NLM_F_CREATE) &&
	       (n->nlmsg_flags & NLM_F_REPLACE);
}

static bool req_create_exclusive(const struct nlmsghdr *n)
{
	return (n->nlmsg_flags & NLM_F_CREATE) &&
	       (n->nlmsg_flags & NLM_F_EXCL);
}

static bool req_change(const struct nlmsghdr *n)
{
	return !(n->nlmsg_flags &
		 (NLM_F_CREATE | NLM_F_REPLACE | NLM_F_EXCL));
}

/* What tc_modify_qdisc() decided to do with the request. */
enum modify_action { MODIFY_CHANGE, MODIFY_CREATE, MODIFY_CREATE2,
		     MODIFY_GRAFT };

/* tc_modify_qdisc()'s choice when the request names a parent: change
 * q, create a qdisc, or graft q (an existing one) there. */
static int modify_choose(struct rtnl_link *dev, const struct nlmsghdr *n,
			 const struct tcmsg *tcm, const struct nlattr **tca,
			 struct rtnl_qdisc *p, struct rtnl_qdisc **qp,
			 struct unl_ext_ack *extack)
{
	struct rtnl_qdisc *q = *qp;
	uint32_t clid = tcm->tcm_parent;

	/* it may be a default qdisc: ignore it */
	if (q && q->handle == 0)
		q = NULL;
	*qp = q;
	if (q && tcm->tcm_handle && q->handle == tcm->tcm_handle)
		return MODIFY_CHANGE;
	if (tcm->tcm_handle) {
		if (q && !(n->nlmsg_flags & NLM_F_REPLACE)) {
			UNL_SET_ERR_MSG(extack, "NLM_F_REPLACE needed to override");
			return -EEXIST;
		}
		if (TC_H_MIN(tcm->tcm_handle)) {
			UNL_SET_ERR_MSG(extack, "Invalid minor handle");
			return -EINVAL;
		}
		q = qdisc_lookup(dev, tcm->tcm_handle);
		*qp = q;
		if (!q)
			return MODIFY_CREATE;
		if (q->parent != tcm->tcm_parent) {
			UNL_SET_ERR_MSG(extack, "Cannot move an existing qdisc to a different parent");
			return -EINVAL;
		}
		if (n->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_ERR_MSG(extack, "Exclusivity flag on, cannot override");
			return -EEXIST;
		}
		if (tca[TCA_KIND] && !tc_kind_is(tca[TCA_KIND], q->ops->id)) {
			return qdisc_kind_mismatch(q, extack);
		}
		if (q->flags & RTNL_TCQ_INGRESS) {
			UNL_SET_ERR_MSG(extack, "Cannot regraft ingress or clsact Qdiscs");
			return -EINVAL;
		}
		if (q == p || (p && check_loop(q, p, 0))) {
			UNL_SET_ERR_MSG(extack, "Qdisc parent/child loop detected");
			return -ELOOP;
		}
		if (clid == TC_H_INGRESS) {
			UNL_SET_ERR_MSG(extack, "Ingress cannot graft directly");
			return -EINVAL;
		}
		return MODIFY_GRAFT;
	}
	if (!q)
		return MODIFY_CREATE;
	/* the same kind is a change of the one there; another kind is a
	 * new one when the request may create, or asks nothing */
	if (tca[TCA_KIND] && !tc_kind_is(tca[TCA_KIND], q->ops->id)) {
		if (req_create_or_replace(n) || req_create_exclusive(n))
			return MODIFY_CREATE;
		if (req_change(n))
			return MODIFY_CREATE2;
	}
	return MODIFY_CHANGE;
}

/* tc_modify_qdisc(): RTM_NEWQDISC. */
static int tc_modify_qdisc(struct rtnl_net *rn, struct unl_skb *skb,
			   struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	struct tcmsg *tcm = NLMSG_DATA(n);
	struct rtnl_qdisc *q = NULL, *p = NULL;
	struct rtnl_link *dev;
	struct rtnl_tc_dev *td;
	uint32_t clid, txq = 0;
	int err = tc_parse(n, tca, extack);
	int act = MODIFY_CHANGE;

	if (err)
		return err;
	clid = tcm->tcm_parent;
	dev = rtnl_link_by_index(rn, tcm->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	td = tc_dev(dev);
	if (!td)
		return -ENOMEM;
	if (clid) {
		if (clid != TC_H_ROOT) {
			if (clid != TC_H_INGRESS) {
				p = qdisc_lookup(dev, TC_H_MAJ(clid));
				if (!p) {
					UNL_SET_ERR_MSG(extack, "Failed to find specified qdisc");
					return -ENOENT;
				}
				if (p->flags & RTNL_TCQ_INGRESS) {
					UNL_SET_ERR_MSG(extack, "Cannot add children to ingress/clsact qdisc");
					return -EOPNOTSUPP;
				}
				err = qdisc_leaf(p, clid, &q, extack);
				if (err)
					return err;
			} else {
				/* dev_ingress_queue_create() */
				td->ingress_queue = true;
				q = td->ingress;
			}
		} else {
			q = td->root;
		}
		act = modify_choose(dev, n, tcm, tca, p, &q, extack);
		if (act < 0)
			return act;
	} else {
		if (!tcm->tcm_handle) {
			UNL_SET_ERR_MSG(extack, "Handle cannot be zero");
			return -EINVAL;
		}
		q = qdisc_lookup(dev, tcm->tcm_handle);
	}

	if (act == MODIFY_CHANGE) {
		if (!q) {
			UNL_SET_ERR_MSG(extack, "Specified qdisc not found");
			return -ENOENT;
		}
		if (n->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_ERR_MSG(extack, "Exclusivity flag on, cannot modify");
			return -EEXIST;
		}
		if (tca[TCA_KIND] && !tc_kind_is(tca[TCA_KIND], q->ops->id)) {
			return qdisc_kind_mismatch(q, extack);
		}
		err = qdisc_change(q, tca, extack);
		if (!err)
			qdisc_notify(rn, skb, n, clid, NULL, q, extack);
		return err;
	}
	if (act == MODIFY_GRAFT) {
		q->refcnt++;
		goto graft;
	}
	if (act == MODIFY_CREATE && !(n->nlmsg_flags & NLM_F_CREATE)) {
		UNL_SET_ERR_MSG(extack, "Qdisc not found. To create specify NLM_F_CREATE flag");
		return -ENOENT;
	}
	if (clid == TC_H_INGRESS) {
		q = qdisc_create(rn, dev, 0, tcm->tcm_parent, tcm->tcm_parent,
				 tca, &err, extack);
	} else {
		if (p && p->ops->cl_ops && p->ops->cl_ops->select_queue)
			txq = p->ops->cl_ops->select_queue(p, tcm->tcm_parent);
		else if (p)
			txq = p->dev_queue;
		q = qdisc_create(rn, dev, txq, tcm->tcm_parent,
				 tcm->tcm_handle, tca, &err, extack);
	}
	if (!q)
		return err;
graft:
	err = qdisc_graft(rn, dev, p, skb, n, clid, q, NULL, extack);
	if (err)
		rtnl_qdisc_put(q);
	return err;
}

/* tc_dump_qdisc_root(): the root (or ingress) qdisc, then, for the
 * root, the device's hash, bucket by bucket. */
static int dump_qdisc_root(struct rtnl_qdisc *root, struct unl_skb *skb,
			   struct unl_callback *cb, long *q_idx, long s_q_idx,
			   bool recur, bool invisible)
{
	struct rtnl_tc_dev *td;

	if (*q_idx >= s_q_idx && !qdisc_dump_ignore(root, invisible) &&
	    qdisc_fill(skb, root, root->parent, rtnl_req_portid(cb->skb),
		       cb->nlh->nlmsg_seq, NLM_F_MULTI, RTM_NEWQDISC, NULL))
		return -1;
	(*q_idx)++;
	if (!root->dev || !recur || !(td = root->dev->tc))
		return 0;
	for (unsigned int b = 0; b < (1u << RTNL_QDISC_HASH_BITS); b++)
		for (struct rtnl_qdisc *q = td->hash[b]; q; q = q->hash_next) {
			if (*q_idx >= s_q_idx && !qdisc_dump_ignore(q, invisible) &&
			    qdisc_fill(skb, q, q->parent,
				       rtnl_req_portid(cb->skb),
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       RTM_NEWQDISC, NULL))
				return -1;
			(*q_idx)++;
		}
	return 0;
}

/* tc_dump_qdisc(): every device's, whatever the request names. */
static int tc_dump_qdisc(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct nlattr *tca[TCA_MAX + 1];
	long s_idx = cb->args[0], s_q_idx = cb->args[1], idx = 0, q_idx = 0;
	bool invisible;
	int err = tc_parse(cb->nlh, tca, cb->extack);

	if (err)
		return err;
	invisible = tca[TCA_DUMP_INVISIBLE] != NULL;
	for (struct rtnl_link *l = rn->links; l; l = l->next, idx++) {
		if (idx < s_idx)
			continue;
		if (idx > s_idx)
			s_q_idx = 0;
		q_idx = 0;
		if (dump_qdisc_root(dev_root(l), skb, cb, &q_idx, s_q_idx, true,
				    invisible) < 0)
			break;
		if (l->tc && l->tc->ingress_queue &&
		    dump_qdisc_root(l->tc->ingress, skb, cb, &q_idx, s_q_idx,
				    false, invisible) < 0)
			break;
	}
	cb->args[0] = idx;
	cb->args[1] = q_idx;
	return (int)unl_skb_len(skb);
}

/* ---- classes ---- */

/* what class cl's dump_stats copies besides its TCA_STATS_APP */
static unsigned int tclass_counters(struct rtnl_qdisc *q, unsigned long cl)
{
	const struct rtnl_qdisc_class_ops *cops = q->ops->cl_ops;
	const struct rtnl_tc_est *est =
		cops->rate_est ? cops->rate_est(q, cl) : NULL;
	unsigned int counters;

	if (!cops->dump_stats)
		return 0;
	counters = cops->dump_counters ? cops->dump_counters
				       : RTNL_TC_STATS_BASIC |
						 RTNL_TC_STATS_QUEUE;
	return counters | (est && est->on ? RTNL_TC_STATS_RATE_EST : 0);
}

/* tc_fill_tclass() */
static int tclass_fill(struct unl_skb *skb, struct rtnl_qdisc *q,
		       unsigned long cl, uint32_t portid, uint32_t seq,
		       int flags, int event, const struct unl_ext_ack *extack)
{
	const struct rtnl_qdisc_class_ops *cops = q->ops->cl_ops;
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, event,
					     sizeof(struct tcmsg), flags);
	uint8_t app[RTNL_TC_XSTATS_MAX];
	struct tcmsg *tcm;
	int applen = 0;

	if (!nlh)
		return -EMSGSIZE;
	tcm = NLMSG_DATA(nlh);
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = q->dev->ifindex;
	tcm->tcm_parent = q->handle;
	tcm->tcm_handle = q->handle;
	tcm->tcm_info = 0;
	if (cops->dump_stats)
		applen = cops->dump_stats(q, cl, app);
	if (unl_nla_put_string(skb, TCA_KIND, q->ops->id) ||
	    (cops->dump && cops->dump(q, cl, skb, tcm) < 0) ||
	    tc_put_stats(skb, app, applen, false, tclass_counters(q, cl),
			 NULL) ||
	    (extack && extack->msg &&
	     unl_nla_put_string(skb, RTNL_TCA_EXT_WARN_MSG, extack->msg))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int tclass_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			 const struct nlmsghdr *n, struct rtnl_qdisc *q,
			 unsigned long cl, int event,
			 const struct unl_ext_ack *extack)
{
	uint32_t portid = oskb ? rtnl_req_portid(oskb) : 0;
	struct unl_skb *skb = unl_nlmsg_new(TC_MSG_SIZE);

	if (!skb)
		return -ENOBUFS;
	if (tclass_fill(skb, q, cl, portid, n->nlmsg_seq, 0, event, extack)) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tclass_del_notify(): the message is made before the class goes. */
static int tclass_del_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			     const struct nlmsghdr *n, struct rtnl_qdisc *q,
			     unsigned long cl, struct unl_ext_ack *extack)
{
	uint32_t portid = oskb ? rtnl_req_portid(oskb) : 0;
	struct unl_skb *skb;
	int err;

	if (!q->ops->cl_ops->delete)
		return -EOPNOTSUPP;
	/* rtnl_notify_needed(), from Linux 6.8: a class that cannot be
	 * dumped (sfb's) fails only when someone would hear of it; before,
	 * the message was always made, and such a delete always failed
	 * with EINVAL (Debian's 6.1: tc-kinds.6.1.expected) */
	skb = NULL;
	if (!unl_profile_at_least(unl_net_profile(rn->net), 608) ||
	    unl_has_listeners(rn->ksk, RTNLGRP_TC) ||
	    (n->nlmsg_flags & NLM_F_ECHO)) {
		skb = unl_nlmsg_new(TC_MSG_SIZE);
		if (!skb)
			return -ENOBUFS;
		if (tclass_fill(skb, q, cl, portid, n->nlmsg_seq, 0,
				RTM_DELTCLASS, extack)) {
			unl_skb_free(skb);
			return -EINVAL;
		}
	}
	err = q->ops->cl_ops->delete(q, cl, extack);
	if (err) {
		if (skb)
			unl_skb_free(skb);
		return err;
	}
	rtnl_tcf_class_destroy(q, cl);
	if (skb)
		rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tc_ctl_tclass(): RTM_NEWTCLASS, RTM_DELTCLASS, RTM_GETTCLASS. */
static int tc_ctl_tclass(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	struct tcmsg *tcm = NLMSG_DATA(n);
	const struct rtnl_qdisc_class_ops *cops;
	struct rtnl_link *dev;
	struct rtnl_qdisc *q;
	unsigned long cl = 0, new_cl;
	uint32_t portid, clid, qid;
	int err = tc_parse(n, tca, extack);

	if (err)
		return err;
	dev = rtnl_link_by_index(rn, tcm->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	/* the qdisc X:0 of the parent and the class, each maybe 0:Y */
	portid = tcm->tcm_parent;
	clid = tcm->tcm_handle;
	qid = TC_H_MAJ(clid);
	if (portid != TC_H_ROOT) {
		uint32_t qid1 = TC_H_MAJ(portid);

		if (qid && qid1) {
			if (qid != qid1)
				return -EINVAL;
		} else if (qid1) {
			qid = qid1;
		} else if (qid == 0) {
			qid = dev_root(dev)->handle;
		}
		if (portid)
			portid = TC_H_MAKE(qid, portid);
	} else if (qid == 0) {
		qid = dev_root(dev)->handle;
	}
	q = qdisc_lookup(dev, qid);
	if (!q)
		return -ENOENT;
	cops = q->ops->cl_ops;
	if (!cops)
		return -EINVAL;
	if (clid == 0) {
		if (portid == TC_H_ROOT)
			clid = qid;
	} else {
		clid = TC_H_MAKE(qid, clid);
	}
	if (clid)
		cl = cops->find(q, clid);
	if (!cl) {
		if (n->nlmsg_type != RTM_NEWTCLASS ||
		    !(n->nlmsg_flags & NLM_F_CREATE))
			return -ENOENT;
	} else {
		switch (n->nlmsg_type) {
		case RTM_NEWTCLASS:
			if (n->nlmsg_flags & NLM_F_EXCL)
				return -EEXIST;
			break;
		case RTM_DELTCLASS:
			err = tclass_del_notify(rn, skb, n, q, cl, extack);
			/* tc_bind_tclass(): filters let go of it, gone or not */
			rtnl_tcf_bind_tclass(q, clid, false);
			return err;
		case RTM_GETTCLASS:
			return tclass_notify(rn, skb, n, q, cl, RTM_NEWTCLASS,
					     extack);
		default:
			return -EINVAL;
		}
	}
	if (tca[TCA_INGRESS_BLOCK] || tca[TCA_EGRESS_BLOCK]) {
		UNL_SET_ERR_MSG(extack, "Shared blocks are not supported for classes");
		return -EOPNOTSUPP;
	}
	new_cl = cl;
	err = -EOPNOTSUPP;
	if (cops->change)
		err = cops->change(q, clid, portid, tca, &new_cl, extack);
	if (!err) {
		tclass_notify(rn, skb, n, q, new_cl, RTM_NEWTCLASS, extack);
		/* a new class: the filters that name it bind it */
		if (cl != new_cl)
			rtnl_tcf_bind_tclass(q, clid, true);
	}
	return err;
}

struct tclass_dump_arg {
	struct unl_skb *skb;
	struct unl_callback *cb;
};

static int tclass_dump_one(struct rtnl_qdisc *q, unsigned long cl, void *arg)
{
	struct tclass_dump_arg *a = arg;

	return tclass_fill(a->skb, q, cl, rtnl_req_portid(a->cb->skb),
			   a->cb->nlh->nlmsg_seq, NLM_F_MULTI, RTM_NEWTCLASS,
			   NULL);
}

/* tc_dump_tclass_qdisc(): cb->args[0] counts qdiscs, [1] classes. */
static int dump_tclass_qdisc(struct rtnl_qdisc *q, struct unl_skb *skb,
			     const struct tcmsg *tcm, struct unl_callback *cb,
			     long *t, long s_t)
{
	struct tclass_dump_arg a = { skb, cb };
	long count = 0;

	if (qdisc_dump_ignore(q, false) || *t < s_t || !q->ops->cl_ops ||
	    (tcm->tcm_parent && TC_H_MAJ(tcm->tcm_parent) != q->handle)) {
		(*t)++;
		return 0;
	}
	if (*t > s_t)
		memset(&cb->args[1], 0, sizeof(cb->args) - sizeof(cb->args[0]));
	if (q->ops->cl_ops->walk(q, cb->args[1], &count, tclass_dump_one,
				 &a)) {
		cb->args[1] = count;
		return -1;
	}
	cb->args[1] = count;
	(*t)++;
	return 0;
}

static int dump_tclass_root(struct rtnl_qdisc *root, struct unl_skb *skb,
			    const struct tcmsg *tcm, struct unl_callback *cb,
			    long *t, long s_t, bool recur)
{
	struct rtnl_tc_dev *td;

	if (dump_tclass_qdisc(root, skb, tcm, cb, t, s_t) < 0)
		return -1;
	if (!root->dev || !recur || !(td = root->dev->tc))
		return 0;
	if (tcm->tcm_parent) {
		struct rtnl_qdisc *q =
			match_from_root(root, TC_H_MAJ(tcm->tcm_parent));

		if (q && q != root &&
		    dump_tclass_qdisc(q, skb, tcm, cb, t, s_t) < 0)
			return -1;
		return 0;
	}
	for (unsigned int b = 0; b < (1u << RTNL_QDISC_HASH_BITS); b++)
		for (struct rtnl_qdisc *q = td->hash[b]; q; q = q->hash_next)
			if (dump_tclass_qdisc(q, skb, tcm, cb, t, s_t) < 0)
				return -1;
	return 0;
}

/* tc_dump_tclass(): the classes of one device. */
static int tc_dump_tclass(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct tcmsg *tcm = NLMSG_DATA(cb->nlh);
	struct rtnl_link *dev;
	long t = 0, s_t = cb->args[0];

	if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*tcm)))
		return 0;
	dev = rtnl_link_by_index(rn, tcm->tcm_ifindex);
	if (!dev)
		return 0;
	if (dump_tclass_root(dev_root(dev), skb, tcm, cb, &t, s_t, true) < 0)
		goto done;
	if (dev->tc && dev->tc->ingress_queue)
		dump_tclass_root(dev->tc->ingress, skb, tcm, cb, &t, s_t,
				 false);
done:
	cb->args[0] = t;
	return (int)unl_skb_len(skb);
}

/* ---- registration ---- */

static bool tc_registered(const struct rtnl_net *rn)
{
	(void)rn;
	return true;
}

const struct rtnl_msg_handler rtnl_tc_handlers[] = {
	{ PF_UNSPEC, RTM_NEWQDISC, tc_modify_qdisc, NULL, 0, tc_registered },
	{ PF_UNSPEC, RTM_DELQDISC, tc_get_qdisc, NULL, 0, tc_registered },
	{ PF_UNSPEC, RTM_GETQDISC, tc_get_qdisc, tc_dump_qdisc, 0,
	  tc_registered },
	{ PF_UNSPEC, RTM_NEWTCLASS, tc_ctl_tclass, NULL, 0, tc_registered },
	{ PF_UNSPEC, RTM_DELTCLASS, tc_ctl_tclass, NULL, 0, tc_registered },
	{ PF_UNSPEC, RTM_GETTCLASS, tc_ctl_tclass, tc_dump_tclass, 0,
	  tc_registered },
};
const unsigned int rtnl_tc_handlers_n =
	sizeof(rtnl_tc_handlers) / sizeof(rtnl_tc_handlers[0]);
