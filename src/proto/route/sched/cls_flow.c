// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * flow (net/sched/cls_flow.c): filters that make a class from packet
 * keys, by hash (with a perturbation period) or by map (mask, xor,
 * shift, addend), with ematches and actions; in creation order.
 * Nothing is classified; the hash's random seed is not kept, as it
 * is never shown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/sched/ematch.h"

struct flow_filter {
	struct flow_filter *next;
	uint32_t handle, keymask, mode, mask, xor, rshift, addend, divisor;
	uint32_t baseclass, perturb_period; /* the period in jiffies */
	unsigned int nkeys;
	struct rtnl_tcf_exts exts;
	struct rtnl_em_tree ematches;
};

static const struct unl_nla_policy flow_policy[TCA_FLOW_MAX + 1] = {
	[TCA_FLOW_KEYS] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_MODE] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_BASECLASS] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_RSHIFT] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_ADDEND] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_XOR] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_DIVISOR] = { .type = UNL_NLA_U32 },
	[TCA_FLOW_ACT] = { .type = UNL_NLA_NESTED },
	[TCA_FLOW_POLICE] = { .type = UNL_NLA_NESTED },
	[TCA_FLOW_EMATCHES] = { .type = UNL_NLA_NESTED },
	[TCA_FLOW_PERTURB] = { .type = UNL_NLA_U32 },
};

static int flow_init(struct rtnl_tcf_proto *tp)
{
	tp->root = NULL;
	return 0;
}

static void flow_free(struct flow_filter *f)
{
	rtnl_tcf_exts_destroy(&f->exts);
	rtnl_em_tree_destroy(&f->ematches);
	free(f);
}

static void flow_destroy(struct rtnl_tcf_proto *tp)
{
	while (tp->root) {
		struct flow_filter *f = tp->root;

		tp->root = f->next;
		flow_free(f);
	}
}

static void *flow_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	for (struct flow_filter *f = tp->root; f; f = f->next)
		if (f->handle == handle)
			return f;
	return NULL;
}

static unsigned int flow_hz(struct rtnl_tcf_proto *tp)
{
	return (unsigned int)unl_net_hz(tp->chain->block->rn->net);
}

/* the mode and period a filter gets: fold's unless tb says */
static int flow_mode(struct rtnl_tcf_proto *tp, const struct nlattr **tb,
		     const struct flow_filter *fold, unsigned int nkeys,
		     uint32_t *mode, uint32_t *period)
{
	*mode = fold ? fold->mode : FLOW_MODE_MAP;
	if (tb[TCA_FLOW_MODE])
		*mode = unl_nla_get_u32(tb[TCA_FLOW_MODE]);
	if (*mode != FLOW_MODE_HASH && nkeys > 1)
		return -EINVAL;
	*period = fold && *mode == FLOW_MODE_HASH ? fold->perturb_period : 0;
	if (tb[TCA_FLOW_PERTURB]) {
		if (*mode != FLOW_MODE_HASH)
			return -EINVAL;
		*period = unl_nla_get_u32(tb[TCA_FLOW_PERTURB]) * flow_hz(tp);
	}
	return 0;
}

/* the keys of tb: their mask and count, checked */
static int flow_keys(const struct nlattr **tb, uint32_t *keymask,
		     unsigned int *nkeys)
{
	*keymask = 0;
	*nkeys = 0;
	if (!tb[TCA_FLOW_KEYS])
		return 0;
	*keymask = unl_nla_get_u32(tb[TCA_FLOW_KEYS]);
	*nkeys = (unsigned int)__builtin_popcount(*keymask);
	if (!*nkeys)
		return -EINVAL;
	if (31 - __builtin_clz(*keymask) > FLOW_KEY_MAX)
		return -EOPNOTSUPP;
	return 0;
}

/* what a new filter (fold NULL) or a changed one has */
static int flow_set(struct rtnl_tcf_proto *tp, struct flow_filter *fnew,
		    const struct flow_filter *fold, const struct nlattr **tb,
		    uint32_t handle, uint32_t baseclass, uint32_t keymask,
		    unsigned int nkeys)
{
	uint32_t mode, period;
	int err;

	if (fold) {
		if (fold->handle != handle && handle)
			return -EINVAL;
		*fnew = *fold;
		fnew->next = NULL;
		rtnl_tcf_exts_init(&fnew->exts, TCA_FLOW_ACT, TCA_FLOW_POLICE);
		memset(&fnew->ematches, 0, sizeof(fnew->ematches));
	} else {
		if (!handle || !tb[TCA_FLOW_KEYS])
			return -EINVAL;
		fnew->handle = handle;
		fnew->mask = ~0u;
	}
	err = flow_mode(tp, tb, fold, nkeys, &mode, &period);
	if (err)
		return err;
	if (!fold) {
		if (!TC_H_MAJ(baseclass))
			baseclass = TC_H_MAKE(tp->chain->block->q->handle, baseclass);
		if (!TC_H_MIN(baseclass))
			baseclass = TC_H_MAKE(baseclass, 1);
	}
	if (tb[TCA_FLOW_KEYS]) {
		fnew->keymask = keymask;
		fnew->nkeys = nkeys;
	}
	fnew->mode = mode;
	if (tb[TCA_FLOW_MASK])
		fnew->mask = unl_nla_get_u32(tb[TCA_FLOW_MASK]);
	if (tb[TCA_FLOW_XOR])
		fnew->xor = unl_nla_get_u32(tb[TCA_FLOW_XOR]);
	if (tb[TCA_FLOW_RSHIFT])
		fnew->rshift = unl_nla_get_u32(tb[TCA_FLOW_RSHIFT]);
	if (tb[TCA_FLOW_ADDEND])
		fnew->addend = unl_nla_get_u32(tb[TCA_FLOW_ADDEND]);
	if (tb[TCA_FLOW_DIVISOR])
		fnew->divisor = unl_nla_get_u32(tb[TCA_FLOW_DIVISOR]);
	if (baseclass)
		fnew->baseclass = baseclass;
	fnew->perturb_period = period;
	return 0;
}

/* flow_change() */
static int flow_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		       unsigned long base, uint32_t handle,
		       const struct nlattr **tca, void **arg, uint32_t flags,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOW_MAX + 1];
	struct flow_filter *fold = *arg, *fnew, **pp;
	uint32_t baseclass = 0, keymask;
	unsigned int nkeys;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_FLOW_MAX, tca[TCA_OPTIONS],
				   flow_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (tb[TCA_FLOW_BASECLASS]) {
		baseclass = unl_nla_get_u32(tb[TCA_FLOW_BASECLASS]);
		if (!TC_H_MIN(baseclass))
			return -EINVAL;
	}
	err = flow_keys(tb, &keymask, &nkeys);
	if (err)
		return err;
	fnew = calloc(1, sizeof(*fnew));
	if (!fnew)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&fnew->exts, TCA_FLOW_ACT, TCA_FLOW_POLICE);
	err = rtnl_em_tree_validate(rn, tb[TCA_FLOW_EMATCHES], &fnew->ematches);
	if (!err) {
		struct rtnl_em_tree em = fnew->ematches;
		struct rtnl_tcf_exts ex;

		rtnl_tcf_exts_init(&ex, TCA_FLOW_ACT, TCA_FLOW_POLICE);
		err = rtnl_tcf_exts_validate(rn, tp, tb, tca[TCA_RATE], &ex, flags, 0, extack);
		if (!err)
			err = flow_set(tp, fnew, fold, tb, handle, baseclass,
				       keymask, nkeys);
		fnew->ematches = em;
		fnew->exts = ex;
	}
	if (err) {
		flow_free(fnew);
		return err;
	}
	for (pp = (struct flow_filter **)&tp->root; *pp && *pp != fold;
	     pp = &(*pp)->next)
		;
	fnew->next = fold ? fold->next : NULL;
	*pp = fnew;
	if (fold)
		flow_free(fold);
	*arg = fnew;
	return 0;
}

static int flow_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		       struct unl_ext_ack *extack)
{
	struct flow_filter **pp;

	(void)extack;
	for (pp = (struct flow_filter **)&tp->root; *pp != fh; pp = &(*pp)->next)
		;
	*pp = ((struct flow_filter *)fh)->next;
	flow_free(fh);
	*last = !tp->root;
	return 0;
}

static void flow_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	for (struct flow_filter *f = tp->root; f; f = f->next)
		if (!rtnl_tcf_walk_one(tp, f, w))
			return;
}

/* flow_dump() */
static int flow_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		     struct tcmsg *t)
{
	struct flow_filter *f = fh;
	struct nlattr *nest;

	t->tcm_handle = f->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest || unl_nla_put_u32(skb, TCA_FLOW_KEYS, f->keymask) ||
	    unl_nla_put_u32(skb, TCA_FLOW_MODE, f->mode) ||
	    ((f->mask != ~0u || f->xor) &&
	     (unl_nla_put_u32(skb, TCA_FLOW_MASK, f->mask) ||
	      unl_nla_put_u32(skb, TCA_FLOW_XOR, f->xor))) ||
	    (f->rshift && unl_nla_put_u32(skb, TCA_FLOW_RSHIFT, f->rshift)) ||
	    (f->addend && unl_nla_put_u32(skb, TCA_FLOW_ADDEND, f->addend)) ||
	    (f->divisor && unl_nla_put_u32(skb, TCA_FLOW_DIVISOR, f->divisor)) ||
	    (f->baseclass && unl_nla_put_u32(skb, TCA_FLOW_BASECLASS, f->baseclass)) ||
	    (f->perturb_period &&
	     unl_nla_put_u32(skb, TCA_FLOW_PERTURB, f->perturb_period / flow_hz(tp))) ||
	    rtnl_tcf_exts_dump(skb, &f->exts) ||
	    (f->ematches.hdr.nmatches &&
	     rtnl_em_tree_dump(skb, &f->ematches, TCA_FLOW_EMATCHES)))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &f->exts);
}

static bool flow_class_bound(void *fh, uint32_t classid)
{
	(void)fh;
	(void)classid;
	return false;
}

const struct rtnl_tcf_proto_ops rtnl_cls_flow_ops = {
	.kind = "flow",
	.init = flow_init,
	.destroy = flow_destroy,
	.get = flow_get,
	.change = flow_change,
	.delete = flow_delete,
	.walk = flow_walk,
	.dump = flow_dump,
	.class_bound = flow_class_bound,
};
