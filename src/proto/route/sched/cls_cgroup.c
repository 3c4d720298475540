// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup (net/sched/cls_cgroup.c): one filter per tp, the class being
 * the net_cls class of the sending task, with ematches and actions.
 * Its handle is set when made; a change replaces it whole.  Like
 * Linux, it cannot be looked up nor deleted by handle, and the event
 * of its change carries no options.
 */
#include <errno.h>
#include <stdlib.h>

#include "proto/route/sched/ematch.h"

struct cgroup_head {
	uint32_t handle;
	struct rtnl_tcf_exts exts;
	struct rtnl_em_tree ematches;
};

static const struct unl_nla_policy cgroup_policy[TCA_CGROUP_MAX + 1] = {
	[TCA_CGROUP_EMATCHES] = { .type = UNL_NLA_NESTED },
};

static int cgroup_init(struct rtnl_tcf_proto *tp)
{
	tp->root = NULL;
	return 0;
}

static void cgroup_free(struct cgroup_head *h)
{
	rtnl_tcf_exts_destroy(&h->exts);
	rtnl_em_tree_destroy(&h->ematches);
	free(h);
}

static void cgroup_destroy(struct rtnl_tcf_proto *tp)
{
	if (tp->root)
		cgroup_free(tp->root);
	tp->root = NULL;
}

static void *cgroup_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	(void)tp;
	(void)handle;
	return NULL;
}

/* cls_cgroup_change() */
static int cgroup_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			 unsigned long base, uint32_t handle,
			 const struct nlattr **tca, void **arg, uint32_t flags,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_CGROUP_MAX + 1];
	struct cgroup_head *head = tp->root, *new;
	int err;

	(void)base;
	(void)arg;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	if (!head && !handle)
		return -EINVAL;
	if (head && handle != head->handle)
		return -ENOENT;
	new = calloc(1, sizeof(*new));
	if (!new)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&new->exts, TCA_CGROUP_ACT, TCA_CGROUP_POLICE);
	new->handle = handle;
	err = unl_nla_parse_nested(tb, TCA_CGROUP_MAX, tca[TCA_OPTIONS],
				   cgroup_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (!err)
		err = rtnl_tcf_exts_validate(rn, tp, tb, tca[TCA_RATE], &new->exts, flags, 0,
					     extack);
	if (!err)
		err = rtnl_em_tree_validate(rn, tb[TCA_CGROUP_EMATCHES],
					    &new->ematches);
	if (err) {
		cgroup_free(new);
		return err;
	}
	tp->root = new;
	if (head)
		cgroup_free(head);
	return 0;
}

static int cgroup_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
			 struct unl_ext_ack *extack)
{
	(void)tp;
	(void)fh;
	(void)last;
	(void)extack;
	return -EOPNOTSUPP;
}

static void cgroup_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	if (w->count < w->skip) {
		w->count++;
		return;
	}
	if (tp->root)
		rtnl_tcf_walk_one(tp, tp->root, w);
}

static int cgroup_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		       struct tcmsg *t)
{
	struct cgroup_head *head = tp->root;
	struct nlattr *nest;

	(void)fh;
	t->tcm_handle = head->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest || rtnl_tcf_exts_dump(skb, &head->exts) ||
	    rtnl_em_tree_dump(skb, &head->ematches, TCA_CGROUP_EMATCHES))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &head->exts);
}

static bool cgroup_class_bound(void *fh, uint32_t classid)
{
	(void)fh;
	(void)classid;
	return false;
}

const struct rtnl_tcf_proto_ops rtnl_cls_cgroup_ops = {
	.kind = "cgroup",
	.init = cgroup_init,
	.destroy = cgroup_destroy,
	.get = cgroup_get,
	.change = cgroup_change,
	.delete = cgroup_delete,
	.walk = cgroup_walk,
	.dump = cgroup_dump,
	.class_bound = cgroup_class_bound,
};
