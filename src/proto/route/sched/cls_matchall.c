// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * matchall (net/sched/cls_matchall.c): one filter per tp that every
 * packet matches, with a class and actions.  Its event on creation
 * carries no options, as Linux's change hands back the (absent) old
 * head; its counter (TCA_MATCHALL_PCNT) stays zero.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "proto/route/sched/cls.h"

struct mall_head {
	struct rtnl_tcf_result res; /* first: rtnl_tcf_result_* */
	uint32_t handle, flags;
	bool deleting;
	struct rtnl_tcf_exts exts;
};
_Static_assert(offsetof(struct mall_head, res) == 0, "rtnl_tcf_result_*");

static const struct unl_nla_policy mall_policy[TCA_MATCHALL_MAX + 1] = {
	[TCA_MATCHALL_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_MATCHALL_FLAGS] = { .type = UNL_NLA_U32 },
};

static int mall_init(struct rtnl_tcf_proto *tp)
{
	tp->root = NULL;
	return 0;
}

static void mall_free(struct mall_head *head)
{
	rtnl_tcf_exts_destroy(&head->exts);
	free(head);
}

static void mall_destroy(struct rtnl_tcf_proto *tp)
{
	if (tp->root)
		mall_free(tp->root);
	tp->root = NULL;
}

static void *mall_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	struct mall_head *head = tp->root;

	return head && head->handle == handle ? head : NULL;
}

/* tc_flags_valid() */
static bool mall_flags_valid(uint32_t flags)
{
	if (flags & ~(TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW |
		      TCA_CLS_FLAGS_VERBOSE))
		return false;
	flags &= TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	return flags != (TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW);
}

/* mall_change(): its parse tells no message (NULL extack) */
static int mall_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		       unsigned long base, uint32_t handle,
		       const struct nlattr **tca, void **arg, uint32_t flags,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_MATCHALL_MAX + 1];
	struct mall_head *new;
	uint32_t userflags = 0;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	if (tp->root)
		return -EEXIST;
	err = unl_nla_parse_nested(tb, TCA_MATCHALL_MAX, tca[TCA_OPTIONS],
				   mall_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (tb[TCA_MATCHALL_FLAGS]) {
		userflags = unl_nla_get_u32(tb[TCA_MATCHALL_FLAGS]);
		if (!mall_flags_valid(userflags))
			return -EINVAL;
	}
	new = calloc(1, sizeof(*new));
	if (!new)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&new->exts, TCA_MATCHALL_ACT, 0);
	new->handle = handle ? handle : 1;
	new->flags = userflags;
	err = rtnl_tcf_exts_validate(rn, tp, tb, tca[TCA_RATE], &new->exts, flags, new->flags,
				     extack);
	if (err) {
		mall_free(new);
		return err;
	}
	if (tb[TCA_MATCHALL_CLASSID])
		rtnl_tcf_result_set(tp, &new->res, tb[TCA_MATCHALL_CLASSID]);
	/* mall_replace_hw_filter(): tc_setup_cb_add() refuses what must
	 * be in hardware on a block without an offloading device */
	if (!(new->flags & TCA_CLS_FLAGS_SKIP_HW) &&
	    (new->flags & TCA_CLS_FLAGS_SKIP_SW)) {
		mall_free(new);
		return -EOPNOTSUPP;
	}
	new->flags |= TCA_CLS_FLAGS_NOT_IN_HW;
	*arg = tp->root; /* the old head: none */
	tp->root = new;
	return 0;
}

static int mall_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		       struct unl_ext_ack *extack)
{
	struct mall_head *head = tp->root;

	(void)fh;
	(void)extack;
	head->deleting = true;
	*last = true;
	return 0;
}

static void mall_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	struct mall_head *head = tp->root;

	if (w->count < w->skip) {
		w->count++;
		return;
	}
	if (!head || head->deleting)
		return;
	rtnl_tcf_walk_one(tp, head, w);
}

static int mall_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		     struct tcmsg *t)
{
	struct tc_matchall_pcnt gpf = { 0 };
	struct mall_head *head = fh;
	struct nlattr *nest;

	(void)tp;
	t->tcm_handle = head->handle;
	/* mall_stats_hw_filter(): the drivers (none) report no stats */
	if (!(head->flags & TCA_CLS_FLAGS_SKIP_HW))
		rtnl_tcf_exts_hw_stats_update(&head->exts);
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    rtnl_tcf_result_dump(skb, TCA_MATCHALL_CLASSID, &head->res) ||
	    (head->flags && unl_nla_put_u32(skb, TCA_MATCHALL_FLAGS, head->flags)) ||
	    unl_nla_put(skb, TCA_MATCHALL_PCNT, sizeof(gpf), &gpf) ||
	    rtnl_tcf_exts_dump(skb, &head->exts))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &head->exts);
}

const struct rtnl_tcf_proto_ops rtnl_cls_matchall_ops = {
	.kind = "matchall",
	.init = mall_init,
	.destroy = mall_destroy,
	.get = mall_get,
	.change = mall_change,
	.delete = mall_delete,
	.walk = mall_walk,
	.dump = mall_dump,
	.bind_class = rtnl_tcf_result_bind_class,
	.class_bound = rtnl_tcf_result_class_bound,
};
