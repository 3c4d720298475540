// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Filters and chains of traffic control (net/sched/cls_api.c): the
 * blocks of filters of each qdisc and class, shared blocks by index,
 * their chains (made by a filter or by RTM_NEWCHAIN), the filters of a
 * chain by priority and protocol (struct tcf_proto), and the messages
 * RTM_{NEW,DEL,GET}TFILTER and RTM_{NEW,DEL,GET}CHAIN with their events
 * to RTNLGRP_TC.  The classifier kinds are the cls_*.c files; a kind
 * the profile has but this model lacks is refused as not modelled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"

#define TC_MSG_SIZE 8192 /* NLMSG_GOODSIZE */
#define TCF_NOT_MODELLED "unetlink: this tc filter kind is not modelled"

/* The classifier kinds modelled; the profile says which a net has. */
static const struct rtnl_tcf_proto_ops *const cls_kinds[] = {
	&rtnl_cls_u32_ops,
	&rtnl_cls_bpf_ops,
	&rtnl_cls_matchall_ops,
	&rtnl_cls_flower_ops,
	&rtnl_cls_basic_ops,
	&rtnl_cls_fw_ops,
	&rtnl_cls_route_ops,
	&rtnl_cls_cgroup_ops,
	&rtnl_cls_flow_ops,
};

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

static const struct unl_nla_policy tcf_tfilter_dump_policy[TCA_MAX + 1] = {
	[TCA_CHAIN] = { .type = UNL_NLA_U32 },
	[TCA_DUMP_FLAGS] = UNL_NLA_POLICY_BITFIELD32(TCA_DUMP_FLAGS_TERSE),
};

static int tcf_parse(const struct nlmsghdr *n, const struct nlattr **tca,
		     struct unl_ext_ack *extack)
{
	return unl_nlmsg_parse(n, sizeof(struct tcmsg), tca, TCA_MAX,
			       rtm_tca_policy, UNL_VALIDATE_LIBERAL, extack);
}

struct rtnl_tcf_net *rtnl_tcf_net(struct rtnl_net *rn)
{
	if (!rn->tcf)
		rn->tcf = calloc(1, sizeof(*rn->tcf));
	return rn->tcf;
}

/* tcf_proto_lookup_ops(): 0, -ENOENT for a kind the net lacks, or
 * -EOPNOTSUPP for one it has that is not modelled */
static int cls_lookup_ops(struct rtnl_net *rn, const char *kind,
			  const struct rtnl_tcf_proto_ops **ops,
			  struct unl_ext_ack *extack)
{
	*ops = NULL;
	if (!unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_CLS, kind)) {
		UNL_SET_ERR_MSG(extack, "TC classifier not found");
		return -ENOENT;
	}
	for (size_t i = 0; i < sizeof(cls_kinds) / sizeof(cls_kinds[0]); i++)
		if (!strcmp(cls_kinds[i]->kind, kind)) {
			*ops = cls_kinds[i];
			return 0;
		}
	UNL_SET_ERR_MSG(extack, TCF_NOT_MODELLED);
	return -EOPNOTSUPP;
}

/* tcf_proto_check_kind(): the name, or -EINVAL when too long */
static int tcf_kind(const struct nlattr *a, char *name)
{
	name[0] = 0;
	if (!a)
		return 0;
	if (strnlen(unl_nla_data(a), (size_t)unl_nla_len(a)) >= IFNAMSIZ)
		return -EINVAL;
	unl_nla_strscpy(name, a, IFNAMSIZ);
	return 0;
}

static bool kind_is(const struct nlattr *a, const char *kind)
{
	char name[IFNAMSIZ];

	return !tcf_kind(a, name) && !strcmp(name, kind);
}

/* ---- blocks ---- */

/* ingress has one block whatever the class (ingress_tcf_block()) */
static unsigned long block_cl(const struct rtnl_qdisc *q, unsigned long cl)
{
	return q->ops == &rtnl_ingress_qdisc_ops ? 0 : cl;
}

static struct rtnl_tcf_block *block_alloc(struct rtnl_net *rn,
					  struct rtnl_tcf_net *tn)
{
	struct rtnl_tcf_block *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->rn = rn;
	b->next = tn->blocks;
	tn->blocks = b;
	return b;
}

/* tcf_block_lookup(): the shared block of index */
static struct rtnl_tcf_block *block_lookup(struct rtnl_net *rn,
					   uint32_t index)
{
	struct rtnl_tcf_net *tn = rn->tcf;

	for (struct rtnl_tcf_block *b = tn ? tn->blocks : NULL; b; b = b->next)
		if (b->index == index && index)
			return b;
	return NULL;
}

static struct rtnl_tcf_owner *owner_of(struct rtnl_tcf_net *tn,
				       const struct rtnl_qdisc *q,
				       unsigned long cl)
{
	for (struct rtnl_tcf_owner *o = tn ? tn->owners : NULL; o; o = o->next)
		if (o->q == q && o->cl == cl)
			return o;
	return NULL;
}

/* cops->tcf_block(): the block of q's class cl (made on first use) */
static struct rtnl_tcf_block *qdisc_block(struct rtnl_net *rn,
					  struct rtnl_qdisc *q,
					  unsigned long cl, bool create)
{
	struct rtnl_tcf_net *tn = create ? rtnl_tcf_net(rn) : rn->tcf;
	struct rtnl_tcf_owner *o;
	struct rtnl_tcf_block *b;

	cl = block_cl(q, cl);
	o = owner_of(tn, q, cl);
	if (o)
		return o->block;
	for (b = tn ? tn->blocks : NULL; b; b = b->next)
		if (!b->index && b->q == q && b->cl == cl)
			return b;
	if (!create || !tn)
		return NULL;
	b = block_alloc(rn, tn);
	if (b) {
		b->q = q;
		b->cl = cl;
		b->refcnt = 1;
	}
	return b;
}

static void chain_flush(struct rtnl_tcf_chain *chain);
static void chain_put(struct rtnl_tcf_chain *chain, bool by_act,
		      bool explicitly_created);
static bool chain_held_by_acts_only(const struct rtnl_tcf_chain *c);

static void block_free_if_unused(struct rtnl_tcf_block *b)
{
	struct rtnl_tcf_net *tn = b->rn->tcf;
	struct rtnl_tcf_block **pp;

	if (b->refcnt || b->chains)
		return;
	for (pp = &tn->blocks; *pp; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	free(b);
}

/* __tcf_block_put(): the last owner gone, every chain (but those only
 * actions hold) is flushed and the chains made by RTM_NEWCHAIN let go,
 * in the block's order; each tells its going as its last reference
 * goes */
static void block_put(struct rtnl_tcf_block *b)
{
	struct rtnl_tcf_chain **held;
	size_t n = 0;

	if (--b->refcnt)
		return;
	/* the last chain to go frees the block (chain_put()) */
	if (!b->chains) {
		block_free_if_unused(b);
		return;
	}
	for (struct rtnl_tcf_chain *c = b->chains; c; c = c->next)
		n++;
	held = calloc(n ? n : 1, sizeof(*held));
	n = 0;
	for (struct rtnl_tcf_chain *c = b->chains; c && held; c = c->next)
		if (!chain_held_by_acts_only(c)) {
			c->refcnt++;
			held[n++] = c;
		}
	for (size_t i = 0; i < n; i++) {
		chain_put(held[i], false, true);
		chain_flush(held[i]);
		chain_put(held[i], false, false);
	}
	free(held);
}

void rtnl_tcf_qdisc_destroy(struct rtnl_qdisc *q)
{
	struct rtnl_net *rn = q->dev ? q->dev->rn : NULL;
	struct rtnl_tcf_net *tn = rn ? rn->tcf : NULL;
	struct rtnl_tcf_owner **op;
	struct rtnl_tcf_block **bp;

	if (!tn)
		return;
	for (op = &tn->owners; *op;) {
		struct rtnl_tcf_owner *o = *op;

		if (o->q != q) {
			op = &o->next;
			continue;
		}
		*op = o->next;
		block_put(o->block);
		free(o);
	}
	for (bp = &tn->blocks; *bp;) {
		struct rtnl_tcf_block *b = *bp;

		if (b->index || b->q != q || !b->refcnt) {
			bp = &b->next;
			continue;
		}
		block_put(b);
		/* b may be gone, and the list changed with it */
		bp = &tn->blocks;
	}
}

void rtnl_tcf_class_destroy(struct rtnl_qdisc *q, unsigned long cl)
{
	struct rtnl_net *rn = q->dev ? q->dev->rn : NULL;
	struct rtnl_tcf_block *b;

	if (!rn || !rn->tcf || !cl)
		return;
	b = qdisc_block(rn, q, cl, false);
	if (b && !b->index && b->refcnt)
		block_put(b);
}

/* tcf_block_get_ext() of a shared block: found by index or made */
static int block_bind_shared(struct rtnl_qdisc *q, unsigned long cl,
			     uint32_t index)
{
	struct rtnl_net *rn = q->dev->rn;
	struct rtnl_tcf_net *tn = rtnl_tcf_net(rn);
	struct rtnl_tcf_block *b = block_lookup(rn, index);
	struct rtnl_tcf_owner *o;

	if (!tn)
		return -ENOMEM;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	if (!b) {
		b = block_alloc(rn, tn);
		if (!b) {
			free(o);
			return -ENOMEM;
		}
		b->index = index;
	}
	b->refcnt++;
	o->q = q;
	o->cl = cl;
	o->block = b;
	o->next = tn->owners;
	tn->owners = o;
	return 0;
}

/* qdisc_block_indexes_set() with ingress's and clsact's
 * ingress_block_set/egress_block_set, then their tcf_block_get_ext() */
int rtnl_tcf_qdisc_block_indexes_set(struct rtnl_qdisc *q,
				     const struct nlattr **tca,
				     struct unl_ext_ack *extack)
{
	bool ingress = q->ops == &rtnl_ingress_qdisc_ops;
	bool clsact = q->ops == &rtnl_clsact_qdisc_ops;
	uint32_t in = 0, eg = 0;
	int err = 0;

	if (tca[TCA_INGRESS_BLOCK]) {
		in = unl_nla_get_u32(tca[TCA_INGRESS_BLOCK]);
		if (!in) {
			UNL_SET_ERR_MSG(extack, "Ingress block index cannot be 0");
			return -EINVAL;
		}
		if (!ingress && !clsact) {
			UNL_SET_ERR_MSG(extack, "Ingress block sharing is not supported");
			return -EOPNOTSUPP;
		}
	}
	if (tca[TCA_EGRESS_BLOCK]) {
		eg = unl_nla_get_u32(tca[TCA_EGRESS_BLOCK]);
		if (!eg) {
			UNL_SET_ERR_MSG(extack, "Egress block index cannot be 0");
			return -EINVAL;
		}
		if (!clsact) {
			UNL_SET_ERR_MSG(extack, "Egress block sharing is not supported");
			return -EOPNOTSUPP;
		}
	}
	if (in)
		err = block_bind_shared(q, clsact ? TC_H_MIN(TC_H_MIN_INGRESS) : 0,
					in);
	if (!err && eg)
		err = block_bind_shared(q, TC_H_MIN(TC_H_MIN_EGRESS), eg);
	return err;
}

int rtnl_tcf_qdisc_dump_blocks(struct rtnl_qdisc *q, struct unl_skb *skb)
{
	struct rtnl_tcf_net *tn = q->dev && q->dev->rn ? q->dev->rn->tcf : NULL;
	bool clsact = q->ops == &rtnl_clsact_qdisc_ops;
	struct rtnl_tcf_owner *in, *eg;

	if (!tn)
		return 0;
	in = owner_of(tn, q, clsact ? TC_H_MIN(TC_H_MIN_INGRESS) : 0);
	eg = clsact ? owner_of(tn, q, TC_H_MIN(TC_H_MIN_EGRESS)) : NULL;
	if ((in && unl_nla_put_u32(skb, TCA_INGRESS_BLOCK, in->block->index)) ||
	    (eg && unl_nla_put_u32(skb, TCA_EGRESS_BLOCK, eg->block->index)))
		return -EMSGSIZE;
	return 0;
}

/* ---- chains ---- */

static bool chain_held_by_acts_only(const struct rtnl_tcf_chain *c)
{
	return c->refcnt == c->action_refcnt;
}

static struct rtnl_tcf_chain *chain_lookup(struct rtnl_tcf_block *b,
					   uint32_t index)
{
	for (struct rtnl_tcf_chain *c = b->chains; c; c = c->next)
		if (c->index == index)
			return c;
	return NULL;
}

/* tcf_chain_create(): at the end of the block's list, one reference */
static struct rtnl_tcf_chain *chain_create(struct rtnl_tcf_block *b,
					   uint32_t index)
{
	struct rtnl_tcf_chain *c = calloc(1, sizeof(*c)), **pp;

	if (!c)
		return NULL;
	c->block = b;
	c->index = index;
	c->refcnt = 1;
	for (pp = &b->chains; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	return c;
}

/* the template's kind and options, as tc_chain_fill_node() has them */
static int chain_fill_tmplt(struct unl_skb *skb, struct rtnl_tcf_block *b,
			    uint32_t index)
{
	struct rtnl_tcf_chain *c = chain_lookup(b, index);

	if (!c || !c->tmplt_ops)
		return 0;
	if (unl_nla_put_string(skb, TCA_KIND, c->tmplt_ops->kind) ||
	    c->tmplt_ops->tmplt_dump(skb, b->rn, c->tmplt_priv) < 0)
		return -EMSGSIZE;
	return 0;
}

/* tc_chain_fill_node() */
static int chain_fill(struct unl_skb *skb, struct rtnl_tcf_block *b,
		      uint32_t index, uint32_t portid, uint32_t seq, int flags,
		      int event)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, event,
					     sizeof(struct tcmsg), flags);
	struct tcmsg *tcm;

	if (!nlh)
		return -EMSGSIZE;
	tcm = NLMSG_DATA(nlh);
	if (b->q) {
		tcm->tcm_ifindex = b->q->dev->ifindex;
		tcm->tcm_parent = b->q->handle;
	} else {
		tcm->tcm_ifindex = (int)TCM_IFINDEX_MAGIC_BLOCK;
		tcm->tcm_block_index = b->index;
	}
	if (unl_nla_put_u32(skb, TCA_CHAIN, index) ||
	    chain_fill_tmplt(skb, b, index)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* tc_chain_notify() and tc_chain_notify_delete(): an event to the
 * group, or the answer to a request (oskb) */
static int chain_notify(struct rtnl_tcf_block *b, uint32_t index,
			struct unl_skb *oskb, const struct nlmsghdr *n,
			int flags, int event, bool unicast)
{
	uint32_t portid = oskb ? rtnl_req_portid(oskb) : 0;
	struct unl_skb *skb;
	int err;

	if (b->rn->tcf && b->rn->tcf->quiet)
		return 0;
	skb = unl_nlmsg_new(TC_MSG_SIZE);
	if (!skb)
		return -ENOBUFS;
	if (chain_fill(skb, b, index, portid, n ? n->nlmsg_seq : 0, flags,
		       event)) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	if (unicast) {
		err = unl_unicast(b->rn->ksk, skb, portid, true);
		return err < 0 ? err : 0;
	}
	rtnl_notify(b->rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* __tcf_chain_get(): the first reference not from an action tells */
static struct rtnl_tcf_chain *chain_get(struct rtnl_tcf_block *b,
					uint32_t index, bool create,
					bool by_act)
{
	struct rtnl_tcf_chain *c = chain_lookup(b, index);

	if (c)
		c->refcnt++;
	else if (!create || !(c = chain_create(b, index)))
		return NULL;
	if (by_act)
		c->action_refcnt++;
	if (!by_act && c->refcnt - c->action_refcnt == 1)
		chain_notify(b, index, NULL, NULL, NLM_F_CREATE | NLM_F_EXCL,
			     RTM_NEWCHAIN, false);
	return c;
}

/* __tcf_chain_put(): the last reference not from an action tells */
static void chain_put(struct rtnl_tcf_chain *c, bool by_act,
		      bool explicitly_created)
{
	struct rtnl_tcf_block *b = c->block;
	struct rtnl_tcf_chain **pp;

	if (explicitly_created) {
		if (!c->explicitly_created)
			return;
		c->explicitly_created = false;
	}
	if (by_act)
		c->action_refcnt--;
	c->refcnt--;
	if (c->refcnt - c->action_refcnt == 0 && !by_act)
		chain_notify(b, c->index, NULL, NULL, 0, RTM_DELCHAIN, false);
	if (c->refcnt)
		return;
	/* tc_chain_tmplt_del() */
	if (c->tmplt_ops)
		c->tmplt_ops->tmplt_destroy(c->tmplt_priv);
	for (pp = &b->chains; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	free(c);
	block_free_if_unused(b);
}

struct rtnl_tcf_chain *rtnl_tcf_chain_get_by_act(struct rtnl_tcf_block *b,
						 uint32_t index)
{
	return chain_get(b, index, true, true);
}

void rtnl_tcf_chain_put_by_act(struct rtnl_tcf_chain *c)
{
	chain_put(c, true, false);
}

/* ---- tcf_proto ---- */

static struct rtnl_tcf_proto *tp_create(const struct rtnl_tcf_proto_ops *ops,
					uint16_t protocol, uint32_t prio,
					struct rtnl_tcf_chain *chain)
{
	struct rtnl_tcf_proto *tp = calloc(1, sizeof(*tp));

	if (!tp)
		return NULL;
	tp->ops = ops;
	tp->protocol = protocol;
	tp->prio = prio;
	tp->chain = chain;
	tp->refcnt = 1;
	if (ops->init(tp)) {
		free(tp);
		return NULL;
	}
	return tp;
}

/* tcf_proto_put(): gone at the last reference, with its chain's */
static void tp_put(struct rtnl_tcf_proto *tp)
{
	if (--tp->refcnt)
		return;
	tp->ops->destroy(tp);
	chain_put(tp->chain, false, false);
	free(tp);
}

/* tcf_chain_tp_find(): *pprev where a tp of prio is or would go */
static int tp_find(struct rtnl_tcf_chain *chain, uint16_t protocol,
		   uint32_t prio, bool prio_allocate,
		   struct rtnl_tcf_proto ***pprev, struct rtnl_tcf_proto **tpp,
		   struct unl_ext_ack *extack)
{
	struct rtnl_tcf_proto **pp, *tp = NULL;

	for (pp = &chain->filter_chain; *pp; pp = &(*pp)->next) {
		if ((*pp)->prio < prio)
			continue;
		if ((*pp)->prio == prio) {
			if (prio_allocate ||
			    ((*pp)->protocol != protocol && protocol)) {
				UNL_SET_ERR_MSG(extack, "Protocol mismatch for filter with specified priority");
				return -EINVAL;
			}
			tp = *pp;
		}
		break;
	}
	*pprev = pp;
	*tpp = tp;
	return 0;
}

static void tp_unlink(struct rtnl_tcf_chain *chain, struct rtnl_tcf_proto *tp)
{
	for (struct rtnl_tcf_proto **pp = &chain->filter_chain; *pp;
	     pp = &(*pp)->next)
		if (*pp == tp) {
			*pp = tp->next;
			tp->next = NULL;
			return;
		}
}

/* tcf_chain_flush(): every tp of the chain goes */
static void chain_flush(struct rtnl_tcf_chain *chain)
{
	struct rtnl_tcf_proto *tp = chain->filter_chain;

	chain->filter_chain = NULL;
	while (tp) {
		struct rtnl_tcf_proto *next = tp->next;

		tp_put(tp);
		tp = next;
	}
}

/* ---- classes filters name (tcf_bind_filter(), tc_bind_tclass()) ---- */

bool rtnl_tcf_bind_filter(const struct rtnl_tcf_proto *tp, uint32_t classid)
{
	struct rtnl_qdisc *q = tp->chain->block->q;

	return q && classid && q->ops->cl_ops && q->ops->cl_ops->find &&
	       q->ops->cl_ops->find(q, classid);
}

void rtnl_tcf_result_set(const struct rtnl_tcf_proto *tp,
			 struct rtnl_tcf_result *r, const struct nlattr *attr)
{
	r->classid = unl_nla_get_u32(attr);
	r->bound = rtnl_tcf_bind_filter(tp, r->classid);
}

int rtnl_tcf_result_dump(struct unl_skb *skb, int type,
			 const struct rtnl_tcf_result *r)
{
	return r->classid ? unl_nla_put_u32(skb, type, r->classid) : 0;
}

void rtnl_tcf_result_bind_class(void *fh, uint32_t classid, bool bind)
{
	struct rtnl_tcf_result *r = fh;

	if (r->classid == classid)
		r->bound = bind;
}

bool rtnl_tcf_result_class_bound(void *fh, uint32_t classid)
{
	const struct rtnl_tcf_result *r = fh;

	return r->bound && r->classid == classid;
}

struct bind_walk {
	struct rtnl_tcf_walker w;
	uint32_t classid;
	int mode; /* 0 unbind, 1 bind, 2 ask */
	bool found;
};

static int bind_walk_one(struct rtnl_tcf_proto *tp, void *fh,
			 struct rtnl_tcf_walker *w)
{
	struct bind_walk *b = (struct bind_walk *)w;

	if (b->mode == 2) {
		if (tp->ops->class_bound(fh, b->classid)) {
			b->found = true;
			return -1;
		}
		return 0;
	}
	tp->ops->bind_class(fh, b->classid, b->mode);
	return 0;
}

/* every filter of q's blocks (not shared ones); tc_bind_tclass() walks
 * the blocks of q's classes only, not q's own */
static bool walk_qdisc_filters(struct rtnl_qdisc *q, struct bind_walk *bw)
{
	struct rtnl_net *rn = q->dev ? q->dev->rn : NULL;

	bw->w.fn = bind_walk_one;
	for (struct rtnl_tcf_block *b = rn && rn->tcf ? rn->tcf->blocks : NULL;
	     b; b = b->next) {
		if (b->index || b->q != q || (bw->mode != 2 && !b->cl))
			continue;
		for (struct rtnl_tcf_chain *c = b->chains; c; c = c->next)
			for (struct rtnl_tcf_proto *tp = c->filter_chain; tp;
			     tp = tp->next) {
				if (!tp->ops->bind_class)
					continue;
				bw->w.skip = bw->w.count = 0;
				tp->ops->walk(tp, &bw->w);
				if (bw->found)
					return true;
			}
	}
	return false;
}

void rtnl_tcf_bind_tclass(struct rtnl_qdisc *q, uint32_t classid, bool bind)
{
	struct bind_walk bw = { .classid = classid, .mode = bind };

	walk_qdisc_filters(q, &bw);
}

bool rtnl_tcf_class_in_use(struct rtnl_qdisc *q, uint32_t classid)
{
	struct bind_walk bw = { .classid = classid, .mode = 2 };

	return walk_qdisc_filters(q, &bw);
}

/* ---- filter messages ---- */

/* Where a request points: the qdisc (NULL for a shared block named by
 * index), the parent, the class and the block. */
struct tcf_target {
	struct rtnl_qdisc *q;
	uint32_t parent;
	unsigned long cl;
	struct rtnl_tcf_block *block;
};

/* __tcf_qdisc_find() */
static int tcf_qdisc_find(struct rtnl_net *rn, const struct tcmsg *t,
			  struct tcf_target *tg, struct unl_ext_ack *extack)
{
	struct rtnl_link *dev;
	struct rtnl_qdisc *q;

	memset(tg, 0, sizeof(*tg));
	tg->parent = t->tcm_parent;
	if ((uint32_t)t->tcm_ifindex == TCM_IFINDEX_MAGIC_BLOCK)
		return 0;
	dev = rtnl_link_by_index(rn, t->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	q = tg->parent ? rtnl_qdisc_lookup(dev, TC_H_MAJ(tg->parent))
		       : rtnl_tc_dev_root(dev);
	/* qdisc_refcount_inc_nz() fails on noop, which counts nothing */
	if (!q || rtnl_qdisc_is_noop(q)) {
		UNL_SET_ERR_MSG(extack, "Parent Qdisc doesn't exists");
		return -EINVAL;
	}
	if (!tg->parent)
		tg->parent = q->handle;
	if (!q->ops->cl_ops) {
		UNL_SET_ERR_MSG(extack, "Qdisc not classful");
		return -EINVAL;
	}
	if (!q->ops->cl_ops->tcf_block) {
		UNL_SET_ERR_MSG(extack, "Class doesn't support blocks");
		return -EOPNOTSUPP;
	}
	tg->q = q;
	return 0;
}

/* __tcf_qdisc_cl_find() and __tcf_block_find() */
static int tcf_block_find(struct rtnl_net *rn, const struct tcmsg *t,
			  struct tcf_target *tg, struct unl_ext_ack *extack)
{
	const struct rtnl_qdisc_class_ops *cops;

	if ((uint32_t)t->tcm_ifindex == TCM_IFINDEX_MAGIC_BLOCK) {
		tg->block = block_lookup(rn, t->tcm_block_index);
		if (!tg->block) {
			UNL_SET_ERR_MSG(extack, "Block of given index was not found");
			return -EINVAL;
		}
		return 0;
	}
	cops = tg->q->ops->cl_ops;
	if (TC_H_MIN(tg->parent)) {
		tg->cl = cops->find(tg->q, tg->parent);
		if (!tg->cl) {
			UNL_SET_ERR_MSG(extack, "Specified class doesn't exist");
			return -ENOENT;
		}
	}
	if (!cops->tcf_block(tg->q, tg->cl, extack))
		return -EINVAL;
	tg->block = qdisc_block(rn, tg->q, tg->cl, true);
	if (!tg->block)
		return -ENOMEM;
	if (tg->block->index) {
		UNL_SET_ERR_MSG(extack, "This filter block is shared. Please use the block index to manipulate the filters");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* the checks every filter request makes before the chain */
static int tcf_find(struct rtnl_net *rn, const struct tcmsg *t,
		    const struct nlattr **tca, char *kind,
		    uint32_t *chain_index, struct tcf_target *tg,
		    struct unl_ext_ack *extack)
{
	int err = tcf_qdisc_find(rn, t, tg, extack);

	if (err)
		return err;
	if (tcf_kind(tca[TCA_KIND], kind)) {
		UNL_SET_ERR_MSG(extack, "Specified TC filter name too long");
		return -EINVAL;
	}
	err = tcf_block_find(rn, t, tg, extack);
	if (err)
		return err;
	*chain_index = tca[TCA_CHAIN] ? unl_nla_get_u32(tca[TCA_CHAIN]) : 0;
	if (*chain_index > TC_ACT_EXT_VAL_MASK) {
		UNL_SET_ERR_MSG(extack, "Specified chain index exceeds upper limit");
		return -EINVAL;
	}
	return 0;
}

/* tcf_fill_node() */
static int tcf_fill_node(struct unl_skb *skb, struct rtnl_tcf_proto *tp,
			 const struct tcf_target *tg, void *fh, uint32_t portid,
			 uint32_t seq, int flags, int event)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, event,
					     sizeof(struct tcmsg), flags);
	struct tcmsg *tcm;

	if (!nlh)
		return -EMSGSIZE;
	tcm = NLMSG_DATA(nlh);
	if (tg->q) {
		tcm->tcm_ifindex = tg->q->dev->ifindex;
		tcm->tcm_parent = tg->parent;
	} else {
		tcm->tcm_ifindex = (int)TCM_IFINDEX_MAGIC_BLOCK;
		tcm->tcm_block_index = tg->block->index;
	}
	tcm->tcm_info = TC_H_MAKE(tp->prio, tp->protocol);
	if (unl_nla_put_string(skb, TCA_KIND, tp->ops->kind) ||
	    unl_nla_put_u32(skb, TCA_CHAIN, tp->chain->index) ||
	    (fh && tp->ops->dump(tp, fh, skb, tcm) < 0)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* tfilter_notify(): the request's flags go with the event */
static int tfilter_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			  const struct nlmsghdr *n, struct rtnl_tcf_proto *tp,
			  const struct tcf_target *tg, void *fh, int event,
			  bool unicast)
{
	uint32_t portid = oskb ? rtnl_req_portid(oskb) : 0;
	struct unl_skb *skb = unl_nlmsg_new(TC_MSG_SIZE);
	int err;

	if (!skb)
		return -ENOBUFS;
	if (tcf_fill_node(skb, tp, tg, fh, portid, n->nlmsg_seq,
			  n->nlmsg_flags, event)) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	if (unicast) {
		err = unl_unicast(rn->ksk, skb, portid, true);
		return err < 0 ? err : 0;
	}
	rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tfilter_notify_chain(): a message for each tp of the chain */
static void tfilter_notify_chain(struct rtnl_net *rn, struct unl_skb *oskb,
				 const struct nlmsghdr *n,
				 const struct tcf_target *tg,
				 struct rtnl_tcf_chain *chain, int event)
{
	for (struct rtnl_tcf_proto *tp = chain->filter_chain; tp; tp = tp->next)
		tfilter_notify(rn, oskb, n, tp, tg, NULL, event, false);
}

/* tcf_auto_prio(): one below the first priority of the upper half */
static uint32_t tcf_auto_prio(struct rtnl_tcf_proto *next)
{
	return next ? TC_H_MAJ(next->prio - 1) : TC_H_MAKE(0xC0000000U, 0U);
}

/* tc_new_tfilter() once the chain is held: the tp of prio (made when
 * new) and the filter's change */
static int tfilter_change(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, const struct nlattr **tca,
			  const char *kind, struct tcf_target *tg,
			  struct rtnl_tcf_chain *chain, uint32_t prio,
			  bool prio_allocate, struct rtnl_tcf_proto **created,
			  struct unl_ext_ack *extack)
{
	const struct tcmsg *t = NLMSG_DATA(n);
	uint16_t protocol = (uint16_t)TC_H_MIN(t->tcm_info);
	const struct rtnl_tcf_proto_ops *ops;
	struct rtnl_tcf_proto **pprev, *tp;
	uint32_t flags = 0;
	void *fh;
	int err = tp_find(chain, protocol, prio, prio_allocate, &pprev, &tp,
			  extack);

	if (err)
		return err;
	if (!tp) {
		if (!tca[TCA_KIND] || !protocol) {
			UNL_SET_ERR_MSG(extack, "Filter kind and protocol must be specified");
			return -EINVAL;
		}
		if (!(n->nlmsg_flags & NLM_F_CREATE)) {
			UNL_SET_ERR_MSG(extack, "Need both RTM_NEWTFILTER and NLM_F_CREATE to create a new filter");
			return -ENOENT;
		}
		if (prio_allocate)
			prio = tcf_auto_prio(*pprev);
		err = cls_lookup_ops(rn, kind, &ops, extack);
		if (err)
			return err;
		tp = tp_create(ops, protocol, prio, chain);
		if (!tp)
			return -ENOBUFS;
		/* tcf_chain_tp_insert_unique(): before the first of a
		 * higher priority */
		for (pprev = &chain->filter_chain; *pprev && (*pprev)->prio < prio;
		     pprev = &(*pprev)->next)
			;
		tp->next = *pprev;
		*pprev = tp;
		*created = tp;
	}
	if (tca[TCA_KIND] && !kind_is(tca[TCA_KIND], tp->ops->kind)) {
		UNL_SET_ERR_MSG(extack, "Specified filter kind does not match existing one");
		return -EINVAL;
	}
	fh = tp->ops->get(tp, t->tcm_handle);
	if (!fh) {
		if (!(n->nlmsg_flags & NLM_F_CREATE)) {
			UNL_SET_ERR_MSG(extack, "Need both RTM_NEWTFILTER and NLM_F_CREATE to create a new filter");
			return -ENOENT;
		}
	} else if (n->nlmsg_flags & NLM_F_EXCL) {
		UNL_SET_ERR_MSG(extack, "Filter already exists");
		return -EEXIST;
	}
	if (chain->tmplt_ops && chain->tmplt_ops != tp->ops) {
		UNL_SET_ERR_MSG(extack, "Chain template is set to a different filter kind");
		return -EINVAL;
	}
	if (!(n->nlmsg_flags & NLM_F_CREATE))
		flags |= RTNL_TCA_ACT_FLAGS_REPLACE;
	if (tg->parent == TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS) ||
	    tg->parent == TC_H_MAKE(TC_H_INGRESS, 0))
		flags |= RTNL_TCA_ACT_FLAGS_AT_INGRESS;
	err = tp->ops->change(rn, tp, tg->cl, t->tcm_handle, tca, &fh, flags,
			      extack);
	if (!err)
		tfilter_notify(rn, skb, n, tp, tg, fh, RTM_NEWTFILTER, false);
	/* tfilter_put() */
	if (tp->ops->put)
		tp->ops->put(tp, fh);
	return err;
}

/* tc_new_tfilter() */
static int tc_new_tfilter(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	struct rtnl_tcf_chain *chain;
	struct tcf_target tg;
	char kind[IFNAMSIZ];
	struct rtnl_tcf_proto *created = NULL;
	bool prio_allocate = false;
	uint32_t prio, chain_index;
	int err = tcf_parse(n, tca, extack);

	if (err)
		return err;
	prio = TC_H_MAJ(t->tcm_info);
	if (!prio) {
		if (!(n->nlmsg_flags & NLM_F_CREATE)) {
			UNL_SET_ERR_MSG(extack, "Invalid filter command with priority of zero");
			return -ENOENT;
		}
		prio = TC_H_MAKE(0x80000000U, 0U);
		prio_allocate = true;
	}
	err = tcf_find(rn, t, tca, kind, &chain_index, &tg, extack);
	if (err)
		return err;
	if (tg.q)
		tg.block->classid = tg.parent;
	chain = chain_get(tg.block, chain_index, true, false);
	if (!chain) {
		UNL_SET_ERR_MSG(extack, "Cannot create specified filter chain");
		return -ENOMEM;
	}
	err = tfilter_change(rn, skb, n, tca, kind, &tg, chain, prio,
			     prio_allocate, &created, extack);
	if (err && created) {
		/* tcf_chain_tp_delete_empty(): the tp made for it goes,
		 * with the chain's reference it held */
		tp_unlink(chain, created);
		tp_put(created);
	} else if (!created) {
		chain_put(chain, false, false);
	}
	return err;
}

/* tfilter_del_notify(): the message is made before the filter goes */
static int tfilter_del_notify(struct rtnl_net *rn, struct unl_skb *oskb,
			      const struct nlmsghdr *n,
			      struct rtnl_tcf_proto *tp,
			      const struct tcf_target *tg, void *fh, bool *last,
			      struct unl_ext_ack *extack)
{
	uint32_t portid = rtnl_req_portid(oskb);
	struct unl_skb *skb = unl_nlmsg_new(TC_MSG_SIZE);
	int err;

	if (!skb)
		return -ENOBUFS;
	if (tcf_fill_node(skb, tp, tg, fh, portid, n->nlmsg_seq,
			  n->nlmsg_flags, RTM_DELTFILTER)) {
		UNL_SET_ERR_MSG(extack, "Failed to build del event notification");
		unl_skb_free(skb);
		return -EINVAL;
	}
	err = tp->ops->delete(tp, fh, last, extack);
	if (err) {
		unl_skb_free(skb);
		return err;
	}
	rtnl_notify(rn, skb, portid, RTNLGRP_TC, n);
	return 0;
}

/* tc_del_tfilter() with the chain held */
static int tfilter_delete(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, const struct nlattr **tca,
			  const struct tcf_target *tg,
			  struct rtnl_tcf_chain *chain,
			  struct unl_ext_ack *extack)
{
	const struct tcmsg *t = NLMSG_DATA(n);
	uint16_t protocol = (uint16_t)TC_H_MIN(t->tcm_info);
	uint32_t prio = TC_H_MAJ(t->tcm_info);
	struct rtnl_tcf_proto **pprev, *tp;
	bool last = false;
	void *fh;
	int err;

	if (!prio) {
		tfilter_notify_chain(rn, skb, n, tg, chain, RTM_DELTFILTER);
		chain_flush(chain);
		return 0;
	}
	err = tp_find(chain, protocol, prio, false, &pprev, &tp, extack);
	if (err)
		return err;
	if (!tp) {
		UNL_SET_ERR_MSG(extack, "Filter with specified priority/protocol not found");
		return -ENOENT;
	}
	if (tca[TCA_KIND] && !kind_is(tca[TCA_KIND], tp->ops->kind)) {
		UNL_SET_ERR_MSG(extack, "Specified filter kind does not match existing one");
		return -EINVAL;
	}
	if (!t->tcm_handle) {
		tp_unlink(chain, tp);
		tp->refcnt++;
		tp_put(tp);
		tfilter_notify(rn, skb, n, tp, tg, NULL, RTM_DELTFILTER, false);
		tp_put(tp);
		return 0;
	}
	fh = tp->ops->get(tp, t->tcm_handle);
	if (!fh) {
		UNL_SET_ERR_MSG(extack, "Specified filter handle not found");
		return -ENOENT;
	}
	err = tfilter_del_notify(rn, skb, n, tp, tg, fh, &last, extack);
	if (!err && last) {
		tp_unlink(chain, tp);
		tp_put(tp);
	}
	return err;
}

/* tc_del_tfilter() */
static int tc_del_tfilter(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	struct rtnl_tcf_chain *chain;
	struct tcf_target tg;
	char kind[IFNAMSIZ];
	uint32_t chain_index;
	int err = tcf_parse(n, tca, extack);

	if (err)
		return err;
	if (!TC_H_MAJ(t->tcm_info) &&
	    (TC_H_MIN(t->tcm_info) || t->tcm_handle || tca[TCA_KIND])) {
		UNL_SET_ERR_MSG(extack, "Cannot flush filters with protocol, handle or kind set");
		return -ENOENT;
	}
	err = tcf_find(rn, t, tca, kind, &chain_index, &tg, extack);
	if (err)
		return err;
	chain = chain_get(tg.block, chain_index, false, false);
	if (!chain) {
		/* a flush of a chain that does not exist has nothing to do */
		if (!TC_H_MAJ(t->tcm_info))
			return 0;
		UNL_SET_ERR_MSG(extack, "Cannot find specified filter chain");
		return -ENOENT;
	}
	err = tfilter_delete(rn, skb, n, tca, &tg, chain, extack);
	chain_put(chain, false, false);
	return err;
}

/* tc_get_tfilter() */
static int tc_get_tfilter(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	struct rtnl_tcf_proto **pprev, *tp = NULL;
	struct rtnl_tcf_chain *chain;
	struct tcf_target tg;
	char kind[IFNAMSIZ];
	uint32_t chain_index;
	void *fh;
	int err = tcf_parse(n, tca, extack);

	if (err)
		return err;
	if (!TC_H_MAJ(t->tcm_info)) {
		UNL_SET_ERR_MSG(extack, "Invalid filter command with priority of zero");
		return -ENOENT;
	}
	err = tcf_find(rn, t, tca, kind, &chain_index, &tg, extack);
	if (err)
		return err;
	chain = chain_get(tg.block, chain_index, false, false);
	if (!chain) {
		UNL_SET_ERR_MSG(extack, "Cannot find specified filter chain");
		return -EINVAL;
	}
	err = tp_find(chain, (uint16_t)TC_H_MIN(t->tcm_info),
		      TC_H_MAJ(t->tcm_info), false, &pprev, &tp, extack);
	if (err) {
		/* tcf_chain_tp_find()'s message stands */
	} else if (!tp) {
		UNL_SET_ERR_MSG(extack, "Filter with specified priority/protocol not found");
		err = -ENOENT;
	} else if (tca[TCA_KIND] && !kind_is(tca[TCA_KIND], tp->ops->kind)) {
		UNL_SET_ERR_MSG(extack, "Specified filter kind does not match existing one");
		err = -EINVAL;
	} else if (!(fh = tp->ops->get(tp, t->tcm_handle))) {
		UNL_SET_ERR_MSG(extack, "Specified filter handle not found");
		err = -ENOENT;
	} else {
		err = tfilter_notify(rn, skb, n, tp, &tg, fh, RTM_NEWTFILTER,
				     true);
		if (err < 0)
			UNL_SET_ERR_MSG(extack, "Failed to send filter notify message");
	}
	chain_put(chain, false, false);
	return err;
}

/* ---- filter dumps ---- */

struct tcf_dump_arg {
	struct rtnl_tcf_walker w;
	struct unl_skb *skb;
	struct unl_callback *cb;
	const struct tcf_target *tg;
};

/* tcf_node_dump() */
static int tcf_node_dump(struct rtnl_tcf_proto *tp, void *fh,
			 struct rtnl_tcf_walker *w)
{
	struct tcf_dump_arg *a = (struct tcf_dump_arg *)w;

	return tcf_fill_node(a->skb, tp, a->tg, fh, rtnl_req_portid(a->cb->skb),
			     a->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			     RTM_NEWTFILTER);
}

/* tcf_chain_dump(): cb->args[1] is 0 before the tp's own message, then
 * one more than the filters of it already sent */
static bool tcf_chain_dump(struct rtnl_tcf_chain *chain,
			   const struct tcf_target *tg, struct unl_skb *skb,
			   struct unl_callback *cb, long index_start,
			   long *p_index)
{
	const struct tcmsg *tcm = NLMSG_DATA(cb->nlh);

	for (struct rtnl_tcf_proto *tp = chain->filter_chain; tp;
	     tp = tp->next, (*p_index)++) {
		struct tcf_dump_arg arg;

		if (*p_index < index_start)
			continue;
		if (TC_H_MAJ(tcm->tcm_info) &&
		    TC_H_MAJ(tcm->tcm_info) != tp->prio)
			continue;
		if (TC_H_MIN(tcm->tcm_info) &&
		    TC_H_MIN(tcm->tcm_info) != tp->protocol)
			continue;
		if (*p_index > index_start)
			cb->args[1] = 0;
		if (cb->args[1] == 0) {
			if (tcf_fill_node(skb, tp, tg, NULL,
					  rtnl_req_portid(cb->skb),
					  cb->nlh->nlmsg_seq, NLM_F_MULTI,
					  RTM_NEWTFILTER))
				return false;
			cb->args[1] = 1;
		}
		memset(&arg, 0, sizeof(arg));
		arg.w.fn = tcf_node_dump;
		arg.w.skip = cb->args[1] - 1;
		arg.skb = skb;
		arg.cb = cb;
		arg.tg = tg;
		tp->ops->walk(tp, &arg.w);
		cb->args[1] = arg.w.count + 1;
		if (arg.w.stop)
			return false;
	}
	return true;
}

/* the block a dump names (tc_dump_tfilter()): NULL for none */
static struct rtnl_tcf_block *dump_block(struct rtnl_net *rn,
					 const struct tcmsg *tcm,
					 struct tcf_target *tg)
{
	const struct rtnl_qdisc_class_ops *cops;
	struct rtnl_link *dev;
	struct rtnl_qdisc *q;

	memset(tg, 0, sizeof(*tg));
	if ((uint32_t)tcm->tcm_ifindex == TCM_IFINDEX_MAGIC_BLOCK)
		return tg->block = block_lookup(rn, tcm->tcm_block_index);
	dev = rtnl_link_by_index(rn, tcm->tcm_ifindex);
	if (!dev)
		return NULL;
	q = tcm->tcm_parent ? rtnl_qdisc_lookup(dev, TC_H_MAJ(tcm->tcm_parent))
			    : rtnl_tc_dev_root(dev);
	if (!q || !(cops = q->ops->cl_ops) || !cops->tcf_block)
		return NULL;
	if (TC_H_MIN(tcm->tcm_parent)) {
		tg->cl = cops->find(q, tcm->tcm_parent);
		if (!tg->cl)
			return NULL;
	}
	if (!cops->tcf_block(q, tg->cl, NULL))
		return NULL;
	/* a block never used has nothing to show */
	tg->block = qdisc_block(rn, q, tg->cl, false);
	if (!tg->block)
		return NULL;
	tg->parent = tg->block->classid;
	tg->q = tg->block->index ? NULL : q;
	return tg->block;
}

/* tc_dump_tfilter(): cb->args[0] counts the tps of the block seen */
static int tc_dump_tfilter(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *tcm;
	struct rtnl_tcf_block *block;
	struct tcf_target tg;
	long index = 0;
	int err;

	if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct tcmsg)))
		return (int)unl_skb_len(skb);
	err = unl_nlmsg_parse(cb->nlh, sizeof(struct tcmsg), tca, TCA_MAX,
			      tcf_tfilter_dump_policy, UNL_VALIDATE_LIBERAL,
			      cb->extack);
	if (err)
		return err;
	if (tca[TCA_DUMP_FLAGS]) {
		UNL_SET_ERR_MSG(cb->extack, "unetlink: terse filter dumps are not modelled");
		return -EOPNOTSUPP;
	}
	tcm = NLMSG_DATA(cb->nlh);
	block = dump_block(rn, tcm, &tg);
	if (!block)
		return (int)unl_skb_len(skb);
	err = 0;
	for (struct rtnl_tcf_chain *c = block->chains; c; c = c->next) {
		if (chain_held_by_acts_only(c))
			continue;
		if (tca[TCA_CHAIN] && unl_nla_get_u32(tca[TCA_CHAIN]) != c->index)
			continue;
		if (!tcf_chain_dump(c, &tg, skb, cb, cb->args[0], &index)) {
			err = -EMSGSIZE;
			break;
		}
	}
	cb->args[0] = index;
	if (!unl_skb_len(skb) && err)
		return err;
	return (int)unl_skb_len(skb);
}

/* ---- chains ---- */

/* tc_chain_tmplt_add(): a template needs a kind that has them */
static int chain_tmplt_add(struct rtnl_net *rn, struct rtnl_tcf_chain *chain,
			   const struct nlattr **tca,
			   struct unl_ext_ack *extack)
{
	const struct rtnl_tcf_proto_ops *ops;
	char name[IFNAMSIZ];
	void *priv;
	int err;

	if (!tca[TCA_KIND])
		return 0;
	if (tcf_kind(tca[TCA_KIND], name)) {
		UNL_SET_ERR_MSG(extack, "Specified TC chain template name too long");
		return -EINVAL;
	}
	err = cls_lookup_ops(rn, name, &ops, extack);
	if (err)
		return err;
	if (!ops->tmplt_create) {
		UNL_SET_ERR_MSG(extack, "Chain templates are not supported with specified classifier");
		return -EOPNOTSUPP;
	}
	priv = ops->tmplt_create(rn, chain, tca, extack, &err);
	if (!priv)
		return err;
	chain->tmplt_ops = ops;
	chain->tmplt_priv = priv;
	return 0;
}

/* tc_ctl_chain()'s lookup: the chain held, made for RTM_NEWCHAIN */
static int chain_for_request(struct rtnl_tcf_block *b, uint32_t index,
			     const struct nlmsghdr *n,
			     struct rtnl_tcf_chain **cp,
			     struct unl_ext_ack *extack)
{
	struct rtnl_tcf_chain *c = chain_lookup(b, index);

	if (n->nlmsg_type != RTM_NEWCHAIN) {
		if (!c || chain_held_by_acts_only(c)) {
			UNL_SET_ERR_MSG(extack, "Cannot find specified filter chain");
			return -EINVAL;
		}
		c->refcnt++;
	} else if (c) {
		if (!chain_held_by_acts_only(c)) {
			UNL_SET_ERR_MSG(extack, "Filter chain already exists");
			return -EEXIST;
		}
		c->refcnt++;
	} else {
		if (!(n->nlmsg_flags & NLM_F_CREATE)) {
			UNL_SET_ERR_MSG(extack, "Need both RTM_NEWCHAIN and NLM_F_CREATE to create a new chain");
			return -ENOENT;
		}
		c = chain_create(b, index);
		if (!c) {
			UNL_SET_ERR_MSG(extack, "Failed to create filter chain");
			return -ENOMEM;
		}
	}
	*cp = c;
	return 0;
}

/* tc_ctl_chain(): RTM_NEWCHAIN, RTM_DELCHAIN, RTM_GETCHAIN */
static int tc_ctl_chain(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	struct rtnl_tcf_chain *chain;
	struct tcf_target tg;
	uint32_t chain_index;
	int err = tcf_parse(n, tca, extack);

	if (err)
		return err;
	err = tcf_qdisc_find(rn, t, &tg, extack);
	if (!err)
		err = tcf_block_find(rn, t, &tg, extack);
	if (err)
		return err;
	chain_index = tca[TCA_CHAIN] ? unl_nla_get_u32(tca[TCA_CHAIN]) : 0;
	if (chain_index > TC_ACT_EXT_VAL_MASK) {
		UNL_SET_ERR_MSG(extack, "Specified chain index exceeds upper limit");
		return -EINVAL;
	}
	err = chain_for_request(tg.block, chain_index, n, &chain, extack);
	if (err)
		return err;
	if (n->nlmsg_type == RTM_NEWCHAIN) {
		/* the reference of an explicitly made chain */
		chain->refcnt++;
		chain->explicitly_created = true;
	}
	switch (n->nlmsg_type) {
	case RTM_NEWCHAIN:
		err = chain_tmplt_add(rn, chain, tca, extack);
		if (err) {
			chain_put(chain, false, true);
			break;
		}
		chain_notify(tg.block, chain_index, NULL, NULL,
			     NLM_F_CREATE | NLM_F_EXCL, RTM_NEWCHAIN, false);
		break;
	case RTM_DELCHAIN:
		tfilter_notify_chain(rn, skb, n, &tg, chain, RTM_DELTFILTER);
		chain_flush(chain);
		chain_put(chain, false, true);
		break;
	case RTM_GETCHAIN:
		err = chain_notify(tg.block, chain_index, skb, n,
				   n->nlmsg_flags, n->nlmsg_type, true);
		if (err < 0)
			UNL_SET_ERR_MSG(extack, "Failed to send chain notify message");
		break;
	default:
		err = -EOPNOTSUPP;
		UNL_SET_ERR_MSG(extack, "Unsupported message type");
	}
	chain_put(chain, false, false);
	return err;
}

/* tc_dump_chain(): cb->args[0] the chains of the block already sent */
static int tc_dump_chain(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct nlattr *tca[TCA_MAX + 1];
	struct rtnl_tcf_block *block;
	struct tcf_target tg;
	long index = 0;
	int err;

	if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct tcmsg)))
		return (int)unl_skb_len(skb);
	err = tcf_parse(cb->nlh, tca, cb->extack);
	if (err)
		return err;
	block = dump_block(rn, NLMSG_DATA(cb->nlh), &tg);
	if (!block)
		return (int)unl_skb_len(skb);
	for (struct rtnl_tcf_chain *c = block->chains; c; c = c->next) {
		if (chain_held_by_acts_only(c))
			continue;
		if (index < cb->args[0]) {
			index++;
			continue;
		}
		if (tca[TCA_CHAIN] && unl_nla_get_u32(tca[TCA_CHAIN]) != c->index)
			continue;
		if (chain_fill(skb, block, c->index, rtnl_req_portid(cb->skb),
			       cb->nlh->nlmsg_seq, NLM_F_MULTI, RTM_NEWCHAIN))
			break;
		index++;
	}
	cb->args[0] = index;
	return (int)unl_skb_len(skb);
}

/* The net's end, before its devices go: every block and action goes,
 * unannounced. */
void rtnl_tcf_net_fini(struct rtnl_net *rn)
{
	struct rtnl_tcf_net *tn = rn->tcf;

	if (!tn)
		return;
	tn->quiet = true;
	while (tn->owners) {
		struct rtnl_tcf_owner *o = tn->owners;

		tn->owners = o->next;
		o->block->refcnt = 1;
		block_put(o->block);
		free(o);
	}
	for (;;) {
		struct rtnl_tcf_block *b = tn->blocks;

		while (b && !b->refcnt)
			b = b->next;
		if (!b)
			break;
		b->refcnt = 1;
		block_put(b);
	}
	rtnl_act_net_fini(rn);
	/* what only actions held: their chains went with them */
	while (tn->blocks) {
		struct rtnl_tcf_block *b = tn->blocks;

		tn->blocks = b->next;
		free(b);
	}
	free(tn);
	rn->tcf = NULL;
}

const struct rtnl_msg_handler rtnl_tcf_handlers[] = {
	{ PF_UNSPEC, RTM_NEWTFILTER, tc_new_tfilter, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_DELTFILTER, tc_del_tfilter, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_GETTFILTER, tc_get_tfilter, tc_dump_tfilter, 0,
	  NULL },
	{ PF_UNSPEC, RTM_NEWCHAIN, tc_ctl_chain, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_DELCHAIN, tc_ctl_chain, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_GETCHAIN, tc_ctl_chain, tc_dump_chain, 0, NULL },
	{ PF_UNSPEC, RTM_NEWACTION, rtnl_tc_ctl_action, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_DELACTION, rtnl_tc_ctl_action, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_GETACTION, rtnl_tc_ctl_action, rtnl_tc_dump_action,
	  0, NULL },
};
const unsigned int rtnl_tcf_handlers_n =
	sizeof(rtnl_tcf_handlers) / sizeof(rtnl_tcf_handlers[0]);

bool rtnl_tcf_flags_valid(uint32_t flags)
{
	if (flags & ~(TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW |
		      TCA_CLS_FLAGS_VERBOSE))
		return false;
	flags &= TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	return flags != (TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW);
}

int rtnl_tcf_change_indev(struct rtnl_net *rn, const struct nlattr *a,
			  struct unl_ext_ack *extack)
{
	char name[IFNAMSIZ];
	struct rtnl_link *dev;

	if (strnlen(unl_nla_data(a), (size_t)unl_nla_len(a)) >= IFNAMSIZ) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Interface name too long");
		return -EINVAL;
	}
	unl_nla_strscpy(name, a, sizeof(name));
	dev = rtnl_link_by_name(rn, name);
	if (!dev) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Network device not found");
		return -ENODEV;
	}
	return dev->ifindex;
}
