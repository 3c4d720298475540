// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * basic (net/sched/cls_basic.c): filters that match a tree of extended
 * matches (ematch.c), with a class and actions; the newest first, as
 * Linux lists them.  Their counters (TCA_BASIC_PCNT) stay zero.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "proto/route/sched/ematch.h"

struct basic_filter {
	struct rtnl_tcf_result res; /* first: rtnl_tcf_result_* */
	struct basic_filter *next; /* the newest first */
	uint32_t handle;
	struct rtnl_tcf_exts exts;
	struct rtnl_em_tree ematches;
};
_Static_assert(offsetof(struct basic_filter, res) == 0, "rtnl_tcf_result_*");

static const struct unl_nla_policy basic_policy[TCA_BASIC_MAX + 1] = {
	[TCA_BASIC_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_BASIC_EMATCHES] = { .type = UNL_NLA_NESTED },
};

static int basic_init(struct rtnl_tcf_proto *tp)
{
	tp->root = NULL;
	return 0;
}

static void basic_free(struct basic_filter *f)
{
	rtnl_tcf_exts_destroy(&f->exts);
	rtnl_em_tree_destroy(&f->ematches);
	free(f);
}

static void basic_destroy(struct rtnl_tcf_proto *tp)
{
	while (tp->root) {
		struct basic_filter *f = tp->root;

		tp->root = f->next;
		basic_free(f);
	}
}

static void *basic_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	for (struct basic_filter *f = tp->root; f; f = f->next)
		if (f->handle == handle)
			return f;
	return NULL;
}

static bool basic_handle_taken(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	return basic_get(tp, handle) != NULL;
}

/* idr_alloc_u32() from 1 to INT_MAX: the lowest free */
static uint32_t basic_free_handle(struct rtnl_tcf_proto *tp)
{
	uint32_t h = 1;

	while (basic_handle_taken(tp, h))
		h++;
	return h;
}

/* basic_change() */
static int basic_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			unsigned long base, uint32_t handle,
			const struct nlattr **tca, void **arg, uint32_t flags,
			struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_BASIC_MAX + 1];
	struct basic_filter *fold = *arg, *fnew, **pp;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_BASIC_MAX, tca[TCA_OPTIONS],
				   basic_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (fold && handle && fold->handle != handle)
		return -EINVAL;
	fnew = calloc(1, sizeof(*fnew));
	if (!fnew)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&fnew->exts, TCA_BASIC_ACT, TCA_BASIC_POLICE);
	fnew->handle = fold ? fold->handle : handle ? handle : basic_free_handle(tp);
	err = rtnl_tcf_exts_validate(rn, tp, tb, tca[TCA_RATE], &fnew->exts, flags, 0, extack);
	if (!err)
		err = rtnl_em_tree_validate(rn, tb[TCA_BASIC_EMATCHES], &fnew->ematches);
	if (err) {
		basic_free(fnew);
		return err;
	}
	if (tb[TCA_BASIC_CLASSID])
		rtnl_tcf_result_set(tp, &fnew->res, tb[TCA_BASIC_CLASSID]);
	if (fold) {
		for (pp = (struct basic_filter **)&tp->root; *pp != fold;
		     pp = &(*pp)->next)
			;
		fnew->next = fold->next;
		*pp = fnew;
		basic_free(fold);
	} else {
		fnew->next = tp->root;
		tp->root = fnew;
	}
	*arg = fnew;
	return 0;
}

static int basic_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
			struct unl_ext_ack *extack)
{
	struct basic_filter **pp;

	(void)extack;
	for (pp = (struct basic_filter **)&tp->root; *pp != fh; pp = &(*pp)->next)
		;
	*pp = ((struct basic_filter *)fh)->next;
	basic_free(fh);
	*last = !tp->root;
	return 0;
}

static void basic_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	for (struct basic_filter *f = tp->root; f; f = f->next)
		if (!rtnl_tcf_walk_one(tp, f, w))
			return;
}

/* basic_dump() */
static int basic_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		      struct tcmsg *t)
{
	struct tc_basic_pcnt pcnt = { 0 };
	struct basic_filter *f = fh;
	struct nlattr *nest;

	(void)tp;
	t->tcm_handle = f->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    rtnl_tcf_result_dump(skb, TCA_BASIC_CLASSID, &f->res) ||
	    unl_nla_put(skb, TCA_BASIC_PCNT, sizeof(pcnt), &pcnt) ||
	    rtnl_tcf_exts_dump(skb, &f->exts) ||
	    rtnl_em_tree_dump(skb, &f->ematches, TCA_BASIC_EMATCHES))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &f->exts);
}

const struct rtnl_tcf_proto_ops rtnl_cls_basic_ops = {
	.kind = "basic",
	.init = basic_init,
	.destroy = basic_destroy,
	.get = basic_get,
	.change = basic_change,
	.delete = basic_delete,
	.walk = basic_walk,
	.dump = basic_dump,
	.bind_class = rtnl_tcf_result_bind_class,
	.class_bound = rtnl_tcf_result_class_bound,
};
