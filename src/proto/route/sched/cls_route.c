// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * route (net/sched/cls_route.c): filters by the realms of a packet's
 * route (to, and from or the input device), their handle built from
 * those, in Linux's buckets: 257 "to" buckets of 33 "from" chains
 * each, sorted by handle.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "proto/route/sched/cls.h"

struct route4_filter {
	struct rtnl_tcf_result res; /* first: rtnl_tcf_result_* */
	struct route4_filter *next;
	uint32_t id, handle;
	int iif;
	struct rtnl_tcf_exts exts;
};
_Static_assert(offsetof(struct route4_filter, res) == 0, "rtnl_tcf_result_*");

struct route4_bucket {
	struct route4_filter *ht[16 + 16 + 1];
};

struct route4_head {
	struct route4_bucket *table[256 + 1];
};

static const struct unl_nla_policy route4_policy[TCA_ROUTE4_MAX + 1] = {
	[TCA_ROUTE4_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_ROUTE4_TO] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 0xff),
	[TCA_ROUTE4_FROM] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 0xff),
	[TCA_ROUTE4_IIF] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 0x7fff),
};

static unsigned int to_hash(uint32_t id)
{
	unsigned int h = id & 0xff;

	return id & 0x8000 ? h + 256 : h;
}

static unsigned int from_hash(uint32_t id)
{
	id &= 0xffff;
	if (id == 0xffff)
		return 32;
	if (!(id & 0x8000))
		return id > 255 ? 256 : id & 0xf;
	return 16 + (id & 0xf);
}

static int route4_init(struct rtnl_tcf_proto *tp)
{
	tp->root = calloc(1, sizeof(struct route4_head));
	return tp->root ? 0 : -ENOBUFS;
}

static void route4_free(struct route4_filter *f)
{
	rtnl_tcf_exts_destroy(&f->exts);
	free(f);
}

static void route4_destroy(struct rtnl_tcf_proto *tp)
{
	struct route4_head *head = tp->root;

	if (!head)
		return;
	for (int h1 = 0; h1 <= 256; h1++) {
		struct route4_bucket *b = head->table[h1];

		if (!b)
			continue;
		for (int h2 = 0; h2 <= 32; h2++)
			while (b->ht[h2]) {
				struct route4_filter *f = b->ht[h2];

				b->ht[h2] = f->next;
				route4_free(f);
			}
		free(b);
	}
	free(head);
	tp->root = NULL;
}

static void *route4_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	struct route4_head *head = tp->root;
	unsigned int h1 = to_hash(handle), h2 = from_hash(handle >> 16);

	if (h1 > 256 || h2 > 32 || !head->table[h1])
		return NULL;
	for (struct route4_filter *f = head->table[h1]->ht[h2]; f; f = f->next)
		if (f->handle == handle)
			return f;
	return NULL;
}

/* route4_set_parms(): the handle the realms make, checked */
static int route4_set_parms(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			    struct route4_filter *f, uint32_t handle, bool new,
			    const struct nlattr **tb, const struct nlattr *est,
			    uint32_t flags, struct unl_ext_ack *extack)
{
	struct route4_head *head = tp->root;
	uint32_t id = 0, to = 0, nhandle = 0x8000;
	struct route4_bucket *b;
	unsigned int h1;
	int err = rtnl_tcf_exts_validate(rn, tp, tb, est, &f->exts, flags, 0,
					 extack);

	if (err)
		return err;
	if (tb[TCA_ROUTE4_TO]) {
		if (new && handle & 0x8000) {
			UNL_SET_ERR_MSG(extack, "Invalid handle");
			return -EINVAL;
		}
		to = unl_nla_get_u32(tb[TCA_ROUTE4_TO]);
		nhandle = to;
	}
	if (tb[TCA_ROUTE4_FROM] && tb[TCA_ROUTE4_IIF]) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_ROUTE4_FROM],
				     "'from' and 'fromif' are mutually exclusive");
		return -EINVAL;
	}
	if (tb[TCA_ROUTE4_FROM]) {
		id = unl_nla_get_u32(tb[TCA_ROUTE4_FROM]);
		nhandle |= id << 16;
	} else if (tb[TCA_ROUTE4_IIF]) {
		id = unl_nla_get_u32(tb[TCA_ROUTE4_IIF]);
		nhandle |= (id | 0x8000) << 16;
	} else {
		nhandle |= 0xffffu << 16;
	}
	if (handle && new) {
		nhandle |= handle & 0x7f00;
		if (nhandle != handle) {
			rtnl_tc_err_fmt(extack, "Handle mismatch constructed: %x (expected: %x)",
					handle, nhandle);
			return -EINVAL;
		}
	}
	if (!nhandle) {
		UNL_SET_ERR_MSG(extack, "Replacing with handle of 0 is invalid");
		return -EINVAL;
	}
	h1 = to_hash(nhandle);
	b = head->table[h1];
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b)
			return -ENOBUFS;
		head->table[h1] = b;
	} else {
		for (struct route4_filter *fp = b->ht[from_hash(nhandle >> 16)];
		     fp; fp = fp->next)
			if (fp->handle == f->handle)
				return -EEXIST;
	}
	if (tb[TCA_ROUTE4_TO])
		f->id = to;
	if (tb[TCA_ROUTE4_FROM])
		f->id = to | id << 16;
	else if (tb[TCA_ROUTE4_IIF])
		f->iif = (int)id;
	f->handle = nhandle;
	if (tb[TCA_ROUTE4_CLASSID])
		rtnl_tcf_result_set(tp, &f->res, tb[TCA_ROUTE4_CLASSID]);
	return 0;
}

/* a bucket left without filters goes */
static void route4_drop_empty(struct route4_head *head, unsigned int h1)
{
	struct route4_bucket *b = head->table[h1];

	if (!b)
		return;
	for (int i = 0; i <= 32; i++)
		if (b->ht[i])
			return;
	free(b);
	head->table[h1] = NULL;
}

static void route4_unlink(struct route4_head *head, struct route4_filter *f)
{
	struct route4_bucket *b = head->table[to_hash(f->handle)];
	struct route4_filter **pp;

	if (!b)
		return;
	for (pp = &b->ht[from_hash(f->handle >> 16)]; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
}

/* route4_change() */
static int route4_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			 unsigned long base, uint32_t handle,
			 const struct nlattr **tca, void **arg, uint32_t flags,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_ROUTE4_MAX + 1];
	struct route4_head *head = tp->root;
	struct route4_filter *fold = *arg, *f, **pp;
	int err;

	(void)base;
	if (!handle) {
		UNL_SET_ERR_MSG(extack, "Creating with handle of 0 is invalid");
		return -EINVAL;
	}
	if (!tca[TCA_OPTIONS]) {
		UNL_SET_ERR_MSG(extack, "cls_route: Missing options");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_ROUTE4_MAX, tca[TCA_OPTIONS],
				   route4_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (fold && fold->handle != handle)
		return -EINVAL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOBUFS;
	rtnl_tcf_exts_init(&f->exts, TCA_ROUTE4_ACT, TCA_ROUTE4_POLICE);
	if (fold) {
		f->id = fold->id;
		f->iif = fold->iif;
		f->handle = fold->handle;
	}
	err = route4_set_parms(rn, tp, f, handle, !fold, tb, tca[TCA_RATE],
			       flags, extack);
	if (err) {
		route4_free(f);
		return err;
	}
	if (fold)
		route4_unlink(head, fold);
	for (pp = &head->table[to_hash(f->handle)]->ht[from_hash(f->handle >> 16)];
	     *pp && (*pp)->handle <= f->handle; pp = &(*pp)->next)
		;
	f->next = *pp;
	*pp = f;
	if (fold)
		route4_free(fold);
	*arg = f;
	return 0;
}

static int route4_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
			 struct unl_ext_ack *extack)
{
	struct route4_head *head = tp->root;
	struct route4_filter *f = fh;
	unsigned int h1 = to_hash(f->handle);

	(void)extack;
	route4_unlink(head, f);
	route4_free(f);
	route4_drop_empty(head, h1);
	*last = true;
	for (int h = 0; h <= 256; h++)
		if (head->table[h])
			*last = false;
	return 0;
}

static void route4_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	struct route4_head *head = tp->root;

	if (!head || w->stop)
		return;
	for (int h = 0; h <= 256; h++) {
		struct route4_bucket *b = head->table[h];

		for (int h1 = 0; b && h1 <= 32; h1++)
			for (struct route4_filter *f = b->ht[h1]; f; f = f->next)
				if (!rtnl_tcf_walk_one(tp, f, w))
					return;
	}
}

/* route4_dump() */
static int route4_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		       struct tcmsg *t)
{
	struct route4_filter *f = fh;
	struct nlattr *nest;

	(void)tp;
	t->tcm_handle = f->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    (!(f->handle & 0x8000) &&
	     unl_nla_put_u32(skb, TCA_ROUTE4_TO, f->id & 0xff)))
		return -EMSGSIZE;
	if (f->handle & 0x80000000) {
		if ((f->handle >> 16) != 0xffff &&
		    unl_nla_put_u32(skb, TCA_ROUTE4_IIF, (uint32_t)f->iif))
			return -EMSGSIZE;
	} else if (unl_nla_put_u32(skb, TCA_ROUTE4_FROM, f->id >> 16)) {
		return -EMSGSIZE;
	}
	if (rtnl_tcf_result_dump(skb, TCA_ROUTE4_CLASSID, &f->res) ||
	    rtnl_tcf_exts_dump(skb, &f->exts))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &f->exts);
}

const struct rtnl_tcf_proto_ops rtnl_cls_route_ops = {
	.kind = "route",
	.init = route4_init,
	.destroy = route4_destroy,
	.get = route4_get,
	.change = route4_change,
	.delete = route4_delete,
	.walk = route4_walk,
	.dump = route4_dump,
	.bind_class = rtnl_tcf_result_bind_class,
	.class_bound = rtnl_tcf_result_class_bound,
};
