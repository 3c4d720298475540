// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables stateful objects (the object part of nf_tables_api.c, and
 * nft_objref.c): named counters, quotas and limits that rules refer to
 * by name.  An object's state is the state of the expression of the same
 * kind (nft_counter, nft_quota, nft_limit), whose attributes it shares:
 * the object holds one such expression, made from NFTA_OBJ_DATA and
 * dumped back into it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nft_extra.h"

#define NFT_OBJ_MAXNAMELEN_ 256

struct nft_object {
	NFT_TOBJ_HEAD;
	uint32_t type;
	struct nft_expr *state;
};
_Static_assert(offsetof(struct nft_object, tobj) == 0, "tobj first");

static const struct nft_tobj_ops nft_obj_ops;

/* The object types modelled, and the expression that is their state
 * (struct nft_object_type).  A type is there when the profile has its
 * module (ops->module, else ops->name) and the Kconfig symbol, if any,
 * that it also needs. */
static const struct {
	uint32_t type;
	const struct nft_expr_ops *ops;
	bool update; /* a quota may be changed in place */
	const char *feature;
} nft_obj_types[] = {
	{ NFT_OBJECT_COUNTER, &nft_counter_ops, false, NULL },
	{ NFT_OBJECT_QUOTA, &nft_quota_ops, true, NULL },
	{ NFT_OBJECT_LIMIT, &nft_limit_ops, false, NULL },
	{ NFT_OBJECT_CT_HELPER, &nft_ct_helper_obj_ops, false, NULL },
	{ NFT_OBJECT_CT_TIMEOUT, &nft_ct_timeout_obj_ops, false,
	  "NF_CONNTRACK_TIMEOUT" },
	{ NFT_OBJECT_CT_EXPECT, &nft_ct_expect_obj_ops, false, NULL },
	{ NFT_OBJECT_SYNPROXY, &nft_synproxy_obj_ops, true, NULL },
	{ NFT_OBJECT_SECMARK, &nft_secmark_obj_ops, false,
	  "NETWORK_SECMARK" },
};

/* nft_obj_type_get(): -ENOENT for a type the kernel lacks. */
static int nft_obj_type_get(const struct nft_net *nft, uint32_t type,
			    size_t *idx)
{
	for (size_t i = 0; i < sizeof(nft_obj_types) / sizeof(nft_obj_types[0]);
	     i++) {
		const struct nft_expr_ops *ops = nft_obj_types[i].ops;
		const char *feature = nft_obj_types[i].feature;

		if (nft_obj_types[i].type != type)
			continue;
		if (!unl_profile_has(nft->profile, UNL_PROFILE_NFT,
				     ops->module ? ops->module : ops->name) ||
		    (feature && !unl_profile_has(nft->profile,
						 UNL_PROFILE_FEATURE, feature)))
			break;
		*idx = i;
		return 0;
	}
	return -ENOENT;
}

const struct unl_nla_policy nft_obj_policy[NFTA_OBJ_MAX + 1] = {
	[NFTA_OBJ_TABLE] = { .type = UNL_NLA_STRING,
			     .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_OBJ_NAME] = { .type = UNL_NLA_STRING,
			    .len = NFT_OBJ_MAXNAMELEN_ - 1 },
	[NFTA_OBJ_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_OBJ_DATA] = { .type = UNL_NLA_NESTED },
	[NFTA_OBJ_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_OBJ_USERDATA] = { .type = UNL_NLA_BINARY,
				.len = NFT_USERDATA_MAXLEN },
};

static struct nft_object *nft_obj_lookup(const struct nft_table *table,
					 const struct nlattr *nla,
					 uint32_t type, uint8_t genmask)
{
	return (struct nft_object *)nft_tobj_lookup(&table->objects,
						    &nft_obj_ops, nla, type,
						    genmask);
}

static struct nft_object *nft_obj_lookup_byhandle(const struct nft_table *t,
						  const struct nlattr *nla,
						  uint32_t type,
						  uint8_t genmask)
{
	return (struct nft_object *)nft_tobj_lookup_byhandle(
		&t->objects, &nft_obj_ops, nft_get_be64(nla), type, genmask);
}

/* nft_obj_init(): the state, from NFTA_OBJ_DATA with the type's
 * policy. */
static int nft_obj_state_new(const struct nft_ctx *ctx, size_t idx,
			     const struct nlattr *attr, struct nft_expr **out)
{
	const struct nft_expr_ops *ops = nft_obj_types[idx].ops;
	const struct nlattr *tb[ops->maxattr + 1];
	struct nft_expr *e;
	int err;

	err = unl_nla_parse_nested(tb, ops->maxattr, attr, ops->policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	e = calloc(1, sizeof(*e) + ops->size);
	if (!e)
		return -ENOMEM;
	e->ops = ops;
	err = ops->init(ctx, e, tb);
	if (err < 0) {
		free(e);
		return err;
	}
	*out = e;
	return 0;
}

static void nft_obj_state_free(const struct nft_ctx *ctx, struct nft_expr *e)
{
	if (!e)
		return;
	if (e->ops->destroy)
		e->ops->destroy(ctx, e);
	free(e);
}

static void nft_obj_free(struct nft_object *o)
{
	nft_obj_state_free(NULL, o->state);
	free(o->name);
	free(o->udata);
	free(o);
}

/* nf_tables_fill_obj_info() */
static int nft_fill_obj(struct unl_skb *skb, const struct nft_net *nft,
			uint32_t portid, uint32_t seq, int event,
			uint16_t flags, uint8_t family,
			const struct nft_object *o)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, family, NFNETLINK_V0, nft_base_seq(nft));
	struct nlattr *data;

	if (!nlh)
		return -1;
	/* Linux 6.18 puts the type before the handle, and in a deletion,
	 * which names the object only; earlier releases the handle first
	 * (tests/nft-diff delete-events-raw, against 6.12 too). */
	if (unl_nla_put_string(skb, NFTA_OBJ_TABLE, o->table->name) ||
	    unl_nla_put_string(skb, NFTA_OBJ_NAME, o->name))
		goto fail;
	if (nft_del_event_short(nft)) {
		if (nft_put_be32(skb, NFTA_OBJ_TYPE, o->type) ||
		    nft_put_be64(skb, NFTA_OBJ_HANDLE, o->handle, NFTA_OBJ_PAD))
			goto fail;
		if (event == NFT_MSG_DELOBJ)
			goto end;
	} else if (nft_put_be64(skb, NFTA_OBJ_HANDLE, o->handle,
				NFTA_OBJ_PAD) ||
		   nft_put_be32(skb, NFTA_OBJ_TYPE, o->type)) {
		goto fail;
	}
	if (nft_put_be32(skb, NFTA_OBJ_USE, o->use))
		goto fail;
	data = nft_nest_start(skb, NFTA_OBJ_DATA);
	if (!data || o->state->ops->dump(skb, o->state, false) < 0)
		goto fail;
	unl_nla_nest_end(skb, data);
	if (o->udata &&
	    unl_nla_put(skb, NFTA_OBJ_USERDATA, (int)o->udlen, o->udata))
		goto fail;
end:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

static struct nft_list *nft_table_objs(struct nft_table *table)
{
	return &table->objects;
}

static bool nft_obj_match(const struct nft_tobj *o, uint32_t type)
{
	return nft_container_of(o, struct nft_object, tobj)->type == type;
}

static int nft_obj_fill(struct unl_skb *skb, struct nft_net *nft,
			uint32_t portid, uint32_t seq, int event,
			uint16_t flags, const struct nft_tobj *o)
{
	return nft_fill_obj(skb, nft, portid, seq, event, flags,
			    o->table->family,
			    nft_container_of(o, struct nft_object, tobj));
}

static void nft_obj_tobj_free(struct nft_tobj *o)
{
	nft_obj_free(nft_container_of(o, struct nft_object, tobj));
}

/* nft_obj_commit_update(): the new state replaces the old. */
static void nft_obj_commit_update(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	nft_obj_state_free(NULL, t->obj->state);
	t->obj->state = t->obj_state;
	t->obj_state = NULL;
}

static void nft_obj_abort_update(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	nft_obj_state_free(NULL, t->obj_state);
	t->obj_state = NULL;
}

static const struct nft_tobj_ops nft_obj_ops = {
	.name = "object",
	.msg_new = NFT_MSG_NEWOBJ,
	.msg_del = NFT_MSG_DELOBJ,
	.list = nft_table_objs,
	.match = nft_obj_match,
	.fill = nft_obj_fill,
	.free = nft_obj_tobj_free,
	.commit_update = nft_obj_commit_update,
	.abort_update = nft_obj_abort_update,
};

int nf_tables_newobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	struct nft_table *table;
	struct nft_object *o;
	struct nft_trans *trans;
	struct nft_expr *state;
	struct nft_ctx ctx;
	size_t idx;
	uint32_t type;
	int err;

	if (!nla[NFTA_OBJ_TYPE] || !nla[NFTA_OBJ_NAME] || !nla[NFTA_OBJ_DATA])
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_OBJ_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_OBJ_TABLE]);
		return NFT_PTR_ERR(table);
	}
	type = nft_get_be32(nla[NFTA_OBJ_TYPE]);
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	o = nft_obj_lookup(table, nla[NFTA_OBJ_NAME], type, genmask);
	if (!NFT_IS_ERR(o)) {
		if (info->nlh->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_OBJ_NAME]);
			return -EEXIST;
		}
		if (info->nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		err = nft_obj_type_get(nft, type, &idx);
		if (err < 0 || !nft_obj_types[idx].update)
			return 0;
		/* nf_tables_updobj(): the new state takes over at commit */
		err = nft_obj_state_new(&ctx, idx, nla[NFTA_OBJ_DATA], &state);
		if (err < 0)
			return err;
		trans = nft_tobj_trans_update(&ctx, &nft_obj_ops, &o->tobj);
		if (!trans) {
			nft_obj_state_free(&ctx, state);
			return -ENOMEM;
		}
		trans->obj = o;
		trans->obj_state = state;
		return 0;
	}
	if (table->use == UINT32_MAX)
		return -EMFILE;
	err = nft_obj_type_get(nft, type, &idx);
	if (err < 0)
		return err;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	err = nft_obj_state_new(&ctx, idx, nla[NFTA_OBJ_DATA], &o->state);
	if (err < 0) {
		free(o);
		return err;
	}
	o->table = table;
	o->type = type;
	o->name = nft_nla_strdup(nla[NFTA_OBJ_NAME]);
	if (!o->name ||
	    (nla[NFTA_OBJ_USERDATA] &&
	     nft_udata_dup(nla[NFTA_OBJ_USERDATA], &o->udata, &o->udlen))) {
		nft_obj_free(o);
		return -ENOMEM;
	}
	o->handle = ++table->hgenerator;
	trans = nft_tobj_trans_new(&ctx, &nft_obj_ops, &o->tobj);
	if (!trans) {
		nft_obj_free(o);
		return -ENOMEM;
	}
	trans->obj = o;
	return 0;
}

static int nft_obj_del(struct nft_ctx *ctx, struct nft_object *o)
{
	struct nft_trans *trans = nft_tobj_trans_del(ctx, &nft_obj_ops,
						     &o->tobj);

	if (!trans)
		return -ENOMEM;
	trans->obj = o;
	return 0;
}

int nf_tables_delobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_object *o;
	struct nft_ctx ctx;
	uint32_t type;

	if (!nla[NFTA_OBJ_TYPE] ||
	    (!nla[NFTA_OBJ_NAME] && !nla[NFTA_OBJ_HANDLE]))
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_OBJ_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_OBJ_TABLE]);
		return NFT_PTR_ERR(table);
	}
	type = nft_get_be32(nla[NFTA_OBJ_TYPE]);
	if (nla[NFTA_OBJ_HANDLE]) {
		attr = nla[NFTA_OBJ_HANDLE];
		o = nft_obj_lookup_byhandle(table, attr, type, genmask);
	} else {
		attr = nla[NFTA_OBJ_NAME];
		o = nft_obj_lookup(table, attr, type, genmask);
	}
	if (NFT_IS_ERR(o)) {
		if (NFNL_MSG_TYPE(info->nlh->nlmsg_type) == NFT_MSG_DESTROYOBJ_)
			return 0;
		UNL_SET_BAD_ATTR(extack, attr);
		return NFT_PTR_ERR(o);
	}
	if (o->use > 0) {
		UNL_SET_BAD_ATTR(extack, attr);
		return -EBUSY;
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	return nft_obj_del(&ctx, o);
}

/* A dump may name a table and a type (nft list counters). */
struct nft_obj_dump_ctx {
	struct nft_net *nft;
	char *table;
	uint32_t type; /* NFT_OBJECT_UNSPEC: all */
	uint8_t family;
};

static int nft_dump_objs(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nft_obj_dump_ctx *d = *(struct nft_obj_dump_ctx **)cb->ctx;
	struct nft_tobj_filter f = {
		.family = d->family,
		.table = d->table,
		.by_key = d->type != NFT_OBJECT_UNSPEC,
		.key = d->type,
	};

	return nft_tobj_dump(skb, cb, d->nft, &nft_obj_ops, &f);
}

static int nft_dump_objs_start(struct unl_callback *cb)
{
	const struct nlattr *nla[NFTA_OBJ_MAX + 1];
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	struct nft_obj_dump_ctx *d;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), nla,
			      NFTA_OBJ_MAX, nft_obj_policy,
			      UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->nft = cb->data;
	d->family = nfmsg->nfgen_family;
	if (nla[NFTA_OBJ_TYPE])
		d->type = nft_get_be32(nla[NFTA_OBJ_TYPE]);
	if (nla[NFTA_OBJ_TABLE] && !(d->table = nft_nla_strdup(nla[NFTA_OBJ_TABLE]))) {
		free(d);
		return -ENOMEM;
	}
	*(struct nft_obj_dump_ctx **)cb->ctx = d;
	return 0;
}

static int nft_dump_objs_done(struct unl_callback *cb)
{
	struct nft_obj_dump_ctx *d = *(struct nft_obj_dump_ctx **)cb->ctx;

	if (d) {
		free(d->table);
		free(d);
	}
	return 0;
}

int nf_tables_getobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_cur(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct nft_table *table;
	struct nft_object *o;
	struct unl_skb *skb2;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nft_dump_objs_start,
			.dump = nft_dump_objs,
			.done = nft_dump_objs_done,
			.data = nft,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!nla[NFTA_OBJ_NAME] || !nla[NFTA_OBJ_TYPE])
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_OBJ_TABLE], family, genmask, 0);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_OBJ_TABLE]);
		return NFT_PTR_ERR(table);
	}
	o = nft_obj_lookup(table, nla[NFTA_OBJ_NAME],
			   nft_get_be32(nla[NFTA_OBJ_TYPE]), genmask);
	if (NFT_IS_ERR(o)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_OBJ_NAME]);
		return NFT_PTR_ERR(o);
	}
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_obj(skb2, nft, unl_skb_cb(skb)->portid,
			 info->nlh->nlmsg_seq, NFT_MSG_NEWOBJ, 0, family,
			 o) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

int nft_flush_table_objs(struct nft_ctx *ctx)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &ctx->table->objects) {
		struct nft_object *o = nft_container_of(p, struct nft_object, list);

		if (!nft_is_active_next(ctx->nft, o))
			continue;
		err = nft_obj_del(ctx, o);
		if (err < 0)
			return err;
	}
	return 0;
}

void nft_table_objs_destroy(struct nft_table *table)
{
	nft_tobj_destroy_all(table, &nft_obj_ops);
}

/* ---- objref: a rule's reference to an object by name ---- */

struct nft_objref {
	struct nft_object *obj;
};

static const struct unl_nla_policy nft_objref_policy[NFTA_OBJREF_MAX + 1] = {
	[NFTA_OBJREF_IMM_NAME] = { .type = UNL_NLA_STRING,
				   .len = NFT_OBJ_MAXNAMELEN_ - 1 },
	[NFTA_OBJREF_IMM_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_OBJREF_SET_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_OBJREF_SET_NAME] = { .type = UNL_NLA_STRING,
				   .len = NFT_SET_MAXNAMELEN_ - 1 },
	[NFTA_OBJREF_SET_ID] = { .type = UNL_NLA_U32 },
};

static int objref_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_objref *r = nft_expr_priv(expr);
	struct nft_object *o;

	/* nft_objref_select_ops(): by name, or through an object map,
	 * which is not modelled yet */
	if (tb[NFTA_OBJREF_SET_SREG] &&
	    (tb[NFTA_OBJREF_SET_NAME] || tb[NFTA_OBJREF_SET_ID]))
		return -EOPNOTSUPP;
	if (!tb[NFTA_OBJREF_IMM_NAME] || !tb[NFTA_OBJREF_IMM_TYPE])
		return -EOPNOTSUPP;
	o = nft_obj_lookup(ctx->table, tb[NFTA_OBJREF_IMM_NAME],
			   nft_get_be32(tb[NFTA_OBJREF_IMM_TYPE]),
			   nft_genmask_next(ctx->nft));
	if (NFT_IS_ERR(o))
		return NFT_PTR_ERR(o);
	if (o->use == UINT32_MAX)
		return -EMFILE;
	o->use++;
	r->obj = o;
	return 0;
}

static int objref_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_objref *r = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_string(skb, NFTA_OBJREF_IMM_NAME, r->obj->name) ||
	       nft_put_be32(skb, NFTA_OBJREF_IMM_TYPE, r->obj->type) ? -1 : 0;
}

/* nft_objref_validate(): what the object's type checks of the rule's
 * chain (a synproxy's hooks) */
static int objref_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	const struct nft_expr *state =
		((const struct nft_objref *)nft_expr_priv(expr))->obj->state;

	return state->ops->validate ? state->ops->validate(ctx, state, level)
				    : 0;
}

static void objref_activate(const struct nft_ctx *ctx,
			    const struct nft_expr *expr)
{
	(void)ctx;
	((struct nft_objref *)nft_expr_priv(expr))->obj->use++;
}

static void objref_deactivate(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      enum nft_trans_phase phase)
{
	(void)ctx;
	if (phase == NFT_TRANS_COMMIT)
		return;
	((struct nft_objref *)nft_expr_priv(expr))->obj->use--;
}

const struct nft_expr_ops nft_objref_ops = {
	.name = "objref",
	.policy = nft_objref_policy,
	.maxattr = NFTA_OBJREF_MAX,
	.size = sizeof(struct nft_objref),
	.init = objref_init,
	.dump = objref_dump,
	.validate = objref_validate,
	.activate = objref_activate,
	.deactivate = objref_deactivate,
};

bool nft_table_objs_use(struct nft_net *nft, struct nft_table *table,
			bool (*pred)(const struct nft_expr_ops *ops))
{
	struct nft_list *p;

	nft_list_for_each(p, &table->objects) {
		struct nft_object *obj =
			nft_container_of(p, struct nft_object, list);

		if (nft_is_active(nft, obj) && obj->state &&
		    pred(obj->state->ops))
			return true;
	}
	return false;
}
