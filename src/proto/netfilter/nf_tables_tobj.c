// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What tables, chains, sets, stateful objects and flowtables share: a
 * name and a handle in a list, two generations, the transactions that
 * make and delete them, their events and their dumps.  Linux repeats
 * this per kind in nf_tables_api.c (nft_chain_lookup, nft_set_lookup,
 * nft_obj_lookup, nft_flowtable_lookup, their _byhandle twins,
 * nft_trans_*_add, nft_del*, nf_tables_dump_*); here it is written once
 * and each kind gives a struct nft_tobj_ops (nf_tables.h).
 */
#include <errno.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>

#include "proto/netfilter/nf_tables.h"

static bool nft_tobj_matches(const struct nft_tobj *o,
			     const struct nft_tobj_ops *ops, uint32_t key,
			     uint8_t genmask)
{
	return nft_active_genmask(o->genmask, genmask) &&
	       (!ops->match || ops->match(o, key));
}

struct nft_tobj *nft_tobj_lookup(const struct nft_list *head,
				 const struct nft_tobj_ops *ops,
				 const struct nlattr *name, uint32_t key,
				 uint8_t genmask)
{
	const struct nft_list *p;

	if (!name)
		return NFT_ERR(-EINVAL);
	nft_list_for_each(p, head) {
		struct nft_tobj *o = nft_container_of(p, struct nft_tobj, list);

		if (nft_tobj_matches(o, ops, key, genmask) &&
		    nft_nla_streq(name, o->name))
			return o;
	}
	return NFT_ERR(-ENOENT);
}

struct nft_tobj *nft_tobj_lookup_byhandle(const struct nft_list *head,
					  const struct nft_tobj_ops *ops,
					  uint64_t handle, uint32_t key,
					  uint8_t genmask)
{
	const struct nft_list *p;

	nft_list_for_each(p, head) {
		struct nft_tobj *o = nft_container_of(p, struct nft_tobj, list);

		if (o->handle == handle &&
		    nft_tobj_matches(o, ops, key, genmask))
			return o;
	}
	return NFT_ERR(-ENOENT);
}

static struct nft_list *nft_tobj_head(struct nft_net *nft,
				      const struct nft_tobj_ops *ops,
				      struct nft_table *table)
{
	return ops->list ? ops->list(table) : &nft->tables;
}

static struct nft_trans *nft_tobj_trans(struct nft_ctx *ctx, int msg_type,
					const struct nft_tobj_ops *ops,
					struct nft_tobj *o)
{
	struct nft_trans *t = nft_trans_alloc(ctx, msg_type);

	if (!t)
		return NULL;
	t->tops = ops;
	t->tobj = o;
	return t;
}

struct nft_trans *nft_tobj_trans_new(struct nft_ctx *ctx,
				     const struct nft_tobj_ops *ops,
				     struct nft_tobj *o)
{
	struct nft_trans *t = nft_tobj_trans(ctx, ops->msg_new, ops, o);

	if (!t)
		return NULL;
	nft_activate_next(ctx->nft, o);
	nft_list_add_tail(&o->list, nft_tobj_head(ctx->nft, ops, o->table));
	if (o->table)
		o->table->use++;
	return t;
}

struct nft_trans *nft_tobj_trans_update(struct nft_ctx *ctx,
					const struct nft_tobj_ops *ops,
					struct nft_tobj *o)
{
	struct nft_trans *t = nft_tobj_trans(ctx, ops->msg_new, ops, o);

	if (t)
		t->update = true;
	return t;
}

struct nft_trans *nft_tobj_trans_del(struct nft_ctx *ctx,
				     const struct nft_tobj_ops *ops,
				     struct nft_tobj *o)
{
	struct nft_trans *t = nft_tobj_trans(ctx, ops->msg_del, ops, o);

	if (!t)
		return NULL;
	nft_deactivate_next(ctx->nft, o);
	if (o->table)
		o->table->use--;
	return t;
}

void nft_tobj_notify(struct nft_net *nft, const struct nft_trans *t,
		     const struct nft_tobj_ops *ops,
		     const struct nft_tobj *o, int event)
{
	uint16_t flags = t->flags & (NLM_F_CREATE | NLM_F_EXCL);
	struct unl_skb *skb;

	if (!t->report && !nfnl_has_listeners(nft->nn, NFNLGRP_NFTABLES))
		return;
	skb = unl_nlmsg_new(4096);
	if (!skb ||
	    (ops->fill_trans && o == t->tobj
		     ? ops->fill_trans(skb, nft, t, event, flags)
		     : ops->fill(skb, nft, t->portid, t->seq, event, flags,
				 o)) < 0) {
		unl_skb_free(skb);
		nfnl_set_err(nft->nn, t->portid, NFNLGRP_NFTABLES, -ENOBUFS);
		return;
	}
	nft_notify(nft, skb, t->portid, t->report);
}

bool nft_tobj_trans_commit(struct nft_net *nft, struct nft_trans *t)
{
	const struct nft_tobj_ops *ops = t->tops;

	if (!ops)
		return false;
	if (t->update) {
		/* a NEW that changes o, or a DEL of a part of it */
		if (ops->commit_update)
			ops->commit_update(nft, t);
	} else if (t->msg_type == ops->msg_new) {
		nft_clear(nft, t->tobj);
		if (ops->committed)
			ops->committed(nft, t);
	}
	nft_tobj_notify(nft, t, ops, t->tobj, t->msg_type);
	return true;
}

bool nft_tobj_trans_release(struct nft_net *nft, struct nft_trans *t)
{
	const struct nft_tobj_ops *ops = t->tops;

	(void)nft;
	if (!ops)
		return false;
	if (t->msg_type == ops->msg_del && !t->update) {
		nft_list_del(&t->tobj->list);
		ops->free(t->tobj);
	}
	return true;
}

bool nft_tobj_trans_abort(struct nft_net *nft, struct nft_trans *t)
{
	const struct nft_tobj_ops *ops = t->tops;
	struct nft_tobj *o = t->tobj;

	if (!ops)
		return false;
	/* The table is the transaction's: o may be gone already (below). */
	if (t->msg_type == ops->msg_del && !t->update) {
		if (ops->list)
			t->table->use++;
		nft_clear(nft, o);
		return true;
	}
	if (t->update) {
		if (ops->abort_update)
			ops->abort_update(nft, t);
		return true;
	}
	if (ops->list)
		t->table->use--;
	/* What a rule of the batch bound went with that rule already (its
	 * abort, newer, ran first and freed it). */
	if (t->bound)
		return true;
	nft_list_del(&o->list);
	ops->free(o);
	return true;
}

static bool nft_tobj_table_shown(const struct nft_table *t,
				 const struct nft_tobj_filter *f)
{
	return (f->family == NFPROTO_UNSPEC || f->family == t->family) &&
	       (!f->table || !strcmp(f->table, t->name));
}

/* One object of a dump: 0 when it was passed or written, -1 when the
 * skb is full. */
static int nft_tobj_dump_one(struct unl_skb *skb, struct unl_callback *cb,
			     struct nft_net *nft,
			     const struct nft_tobj_ops *ops,
			     const struct nft_tobj_filter *f,
			     const struct nft_tobj *o, long *idx)
{
	if (*idx < cb->args[0] || !nft_is_active(nft, o) ||
	    (f->by_key && !ops->match(o, f->key)))
		goto cont;
	if (ops->fill(skb, nft, unl_skb_cb(cb->skb)->portid,
		      cb->nlh->nlmsg_seq, ops->msg_new, NLM_F_MULTI, o) < 0)
		return -1;
	unl_dump_check_consistent(cb, (struct nlmsghdr *)unl_skb_data(skb));
cont:
	(*idx)++;
	return 0;
}

int nft_tobj_dump(struct unl_skb *skb, struct unl_callback *cb,
		  struct nft_net *nft, const struct nft_tobj_ops *ops,
		  const struct nft_tobj_filter *f)
{
	struct nft_list *p, *q;
	long idx = 0;

	cb->seq = nft->base_seq;
	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t =
			nft_container_of(p, struct nft_table, list);

		if (!nft_tobj_table_shown(t, f))
			continue;
		if (!ops->list) {
			if (nft_tobj_dump_one(skb, cb, nft, ops, f, &t->tobj,
					      &idx) < 0)
				break;
			continue;
		}
		nft_list_for_each(q, ops->list(t)) {
			const struct nft_tobj *o =
				nft_container_of(q, struct nft_tobj, list);

			if (nft_tobj_dump_one(skb, cb, nft, ops, f, o,
					      &idx) < 0)
				goto done;
		}
	}
done:
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

void nft_tobj_destroy_all(struct nft_table *table,
			  const struct nft_tobj_ops *ops)
{
	struct nft_list *p, *n;

	nft_list_for_each_safe(p, n, ops->list(table)) {
		struct nft_tobj *o = nft_container_of(p, struct nft_tobj, list);

		nft_list_del(&o->list);
		ops->free(o);
	}
}
