// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fw (net/sched/cls_fw.c): filters by firewall mark (the handle) under
 * the one mask of their tp, with a class, an input device and actions,
 * in Linux's 256 buckets (the newest first in each).  A tp made
 * without options (the old way: the mark is the class) has no table;
 * a dump stops at it, as Linux's does.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "proto/route/sched/cls.h"

#define FW_HTSIZE 256

struct fw_filter {
	struct rtnl_tcf_result res; /* first: rtnl_tcf_result_* */
	struct fw_filter *next;
	uint32_t id;
	int ifindex;
	struct rtnl_tcf_exts exts;
};
_Static_assert(offsetof(struct fw_filter, res) == 0, "rtnl_tcf_result_*");

struct fw_head {
	uint32_t mask;
	struct fw_filter *ht[FW_HTSIZE];
};

static const struct unl_nla_policy fw_policy[TCA_FW_MAX + 1] = {
	[TCA_FW_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_FW_INDEV] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ },
	[TCA_FW_MASK] = { .type = UNL_NLA_U32 },
};

static unsigned int fw_hash(uint32_t handle)
{
	handle ^= handle >> 16;
	handle ^= handle >> 8;
	return handle % FW_HTSIZE;
}

/* no table until a filter is made (the old way needs none) */
static int fw_init(struct rtnl_tcf_proto *tp)
{
	tp->root = NULL;
	return 0;
}

static void fw_free(struct fw_filter *f)
{
	rtnl_tcf_exts_destroy(&f->exts);
	free(f);
}

static void fw_destroy(struct rtnl_tcf_proto *tp)
{
	struct fw_head *head = tp->root;

	if (!head)
		return;
	for (int h = 0; h < FW_HTSIZE; h++)
		while (head->ht[h]) {
			struct fw_filter *f = head->ht[h];

			head->ht[h] = f->next;
			fw_free(f);
		}
	free(head);
	tp->root = NULL;
}

static void *fw_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	struct fw_head *head = tp->root;

	if (!head)
		return NULL;
	for (struct fw_filter *f = head->ht[fw_hash(handle)]; f; f = f->next)
		if (f->id == handle)
			return f;
	return NULL;
}

/* fw_set_parms(): the mask must be the table's */
static int fw_set_parms(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			struct fw_filter *f, const struct nlattr **tb,
			const struct nlattr *est, uint32_t flags,
			struct unl_ext_ack *extack)
{
	struct fw_head *head = tp->root;
	int err = rtnl_tcf_exts_validate(rn, tp, tb, est, &f->exts, flags, 0,
					 extack);

	if (err)
		return err;
	if (tb[TCA_FW_INDEV]) {
		int ifindex = rtnl_tcf_change_indev(rn, tb[TCA_FW_INDEV], extack);

		if (ifindex < 0)
			return ifindex;
		f->ifindex = ifindex;
	}
	if (tb[TCA_FW_MASK] ? unl_nla_get_u32(tb[TCA_FW_MASK]) != head->mask
			    : head->mask != 0xffffffff)
		return -EINVAL;
	if (tb[TCA_FW_CLASSID])
		rtnl_tcf_result_set(tp, &f->res, tb[TCA_FW_CLASSID]);
	return 0;
}

/* fw_change() */
static int fw_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		     unsigned long base, uint32_t handle,
		     const struct nlattr **tca, void **arg, uint32_t flags,
		     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FW_MAX + 1];
	struct fw_head *head = tp->root;
	struct fw_filter *fold = *arg, *f, **pp;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS])
		return handle ? -EINVAL : 0; /* the old way */
	err = unl_nla_parse_nested(tb, TCA_FW_MAX, tca[TCA_OPTIONS], fw_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (fold && handle && fold->id != handle)
		return -EINVAL;
	if (!fold && !handle)
		return -EINVAL;
	if (!head) {
		head = calloc(1, sizeof(*head));
		if (!head)
			return -ENOBUFS;
		head->mask = tb[TCA_FW_MASK] ? unl_nla_get_u32(tb[TCA_FW_MASK])
					     : 0xffffffff;
		tp->root = head;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&f->exts, TCA_FW_ACT, TCA_FW_POLICE);
	f->id = fold ? fold->id : handle;
	f->ifindex = fold ? fold->ifindex : 0;
	err = fw_set_parms(rn, tp, f, tb, tca[TCA_RATE], flags, extack);
	if (err) {
		fw_free(f);
		return err;
	}
	pp = &head->ht[fw_hash(f->id)];
	if (fold) {
		while (*pp != fold)
			pp = &(*pp)->next;
		f->next = fold->next;
		*pp = f;
		fw_free(fold);
	} else {
		f->next = *pp;
		*pp = f;
	}
	*arg = f;
	return 0;
}

static int fw_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		     struct unl_ext_ack *extack)
{
	struct fw_head *head = tp->root;
	struct fw_filter *f = fh, **pp;

	(void)extack;
	if (!head || !f)
		return -EINVAL;
	for (pp = &head->ht[fw_hash(f->id)]; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			fw_free(f);
			break;
		}
	*last = true;
	for (int h = 0; h < FW_HTSIZE; h++)
		if (head->ht[h])
			*last = false;
	return 0;
}

static void fw_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	struct fw_head *head = tp->root;

	if (!head)
		w->stop = true;
	if (w->stop)
		return;
	for (int h = 0; h < FW_HTSIZE; h++)
		for (struct fw_filter *f = head->ht[h]; f; f = f->next)
			if (!rtnl_tcf_walk_one(tp, f, w))
				return;
}

/* fw_dump(): no options for a filter of neither class nor actions */
static int fw_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		   struct tcmsg *t)
{
	struct fw_head *head = tp->root;
	struct fw_filter *f = fh;
	struct rtnl_link *dev;
	struct nlattr *nest;

	t->tcm_handle = f->id;
	if (!f->res.classid && !f->exts.nr_actions)
		return 0;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    rtnl_tcf_result_dump(skb, TCA_FW_CLASSID, &f->res))
		return -EMSGSIZE;
	dev = f->ifindex ? rtnl_link_by_index(tp->chain->block->rn, f->ifindex)
			 : NULL;
	if ((dev && unl_nla_put_string(skb, TCA_FW_INDEV, dev->name)) ||
	    (head->mask != 0xffffffff &&
	     unl_nla_put_u32(skb, TCA_FW_MASK, head->mask)) ||
	    rtnl_tcf_exts_dump(skb, &f->exts))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &f->exts);
}

const struct rtnl_tcf_proto_ops rtnl_cls_fw_ops = {
	.kind = "fw",
	.init = fw_init,
	.destroy = fw_destroy,
	.get = fw_get,
	.change = fw_change,
	.delete = fw_delete,
	.walk = fw_walk,
	.dump = fw_dump,
	.bind_class = rtnl_tcf_result_bind_class,
	.class_bound = rtnl_tcf_result_class_bound,
};
