// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables flowtables (the flowtable part of nf_tables_api.c, and
 * nft_flow_offload.c): a named fast path of a table, hooked at ingress
 * of a list of devices, that `flow add @ft` rules of a forward chain
 * offload connections to.  No packet flows here, so a flowtable is its
 * control plane only: its hook, priority, flags and devices, the rules
 * that use it, the transactions that make, grow, shrink and delete it,
 * their events and dumps.  The devices are names as given, which need
 * not exist from Linux 6.16 on (earlier ones are looked up: ENOENT), as
 * a netdev chain's.
 *
 * The named-object part (lookups, generations, the transactions of a
 * new and a deleted flowtable, dumps) is nf_tables_tobj.c's; what a
 * flowtable adds is that an update gains devices (NEWFLOWTABLE) or
 * loses some (DELFLOWTABLE with a hook), and that the event of either
 * names only those devices.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "proto/netfilter/nf_tables.h"

/* NFT_FLOWTABLE_MASK */
#define NFT_FLOWTABLE_MASK_ (NFT_FLOWTABLE_HW_OFFLOAD | NFT_FLOWTABLE_COUNTER)
#define NFT_NETDEVICE_MAX_ 256

struct nft_flowtable {
	NFT_TOBJ_HEAD;
	uint32_t hooknum;
	int32_t priority;
	uint32_t flags;
	struct nft_hook_dev *devs;
	uint32_t ndevs;
};
_Static_assert(offsetof(struct nft_flowtable, tobj) == 0, "tobj first");

static const struct nft_tobj_ops nft_flowtable_ops;

const struct unl_nla_policy nft_flowtable_policy[NFTA_FLOWTABLE_MAX + 1] = {
	[NFTA_FLOWTABLE_TABLE] = { .type = UNL_NLA_STRING,
				   .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_FLOWTABLE_NAME] = { .type = UNL_NLA_STRING,
				  .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_FLOWTABLE_HOOK] = { .type = UNL_NLA_NESTED },
	[NFTA_FLOWTABLE_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_FLOWTABLE_FLAGS] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	nft_flowtable_hook_policy[NFTA_FLOWTABLE_HOOK_MAX + 1] = {
	[NFTA_FLOWTABLE_HOOK_NUM] = { .type = UNL_NLA_U32 },
	[NFTA_FLOWTABLE_HOOK_PRIORITY] = { .type = UNL_NLA_U32 },
	[NFTA_FLOWTABLE_HOOK_DEVS] = { .type = UNL_NLA_NESTED },
};

static struct nft_flowtable *nft_ft_of(const struct nft_tobj *o)
{
	return nft_container_of(o, struct nft_flowtable, tobj);
}

static struct nft_flowtable *nft_flowtable_lookup(const struct nft_table *t,
						  const struct nlattr *nla,
						  uint8_t genmask)
{
	return (struct nft_flowtable *)nft_tobj_lookup(
		&t->flowtables, &nft_flowtable_ops, nla, 0, genmask);
}

static void nft_flowtable_free(struct nft_flowtable *ft)
{
	free(ft->devs);
	free(ft->name);
	free(ft);
}

/* nf_tables_fill_flowtable_info(): a deletion of the whole flowtable
 * names it only; otherwise its state, with the devices devs (those an
 * update gains or loses, or all of them). */
static int nft_fill_flowtable(struct unl_skb *skb, const struct nft_net *nft,
			      uint32_t portid, uint32_t seq, int event,
			      uint16_t flags, const struct nft_flowtable *ft,
			      const struct nft_hook_dev *devs, uint32_t ndevs,
			      bool whole)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, ft->table->family, NFNETLINK_V0, nft_base_seq(nft));
	struct nlattr *hook, *list;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_FLOWTABLE_TABLE, ft->table->name) ||
	    unl_nla_put_string(skb, NFTA_FLOWTABLE_NAME, ft->name) ||
	    nft_put_be64(skb, NFTA_FLOWTABLE_HANDLE, ft->handle,
			 NFTA_FLOWTABLE_PAD))
		goto fail;
	if (event == NFT_MSG_DELFLOWTABLE && whole &&
	    nft_del_event_short(nft))
		goto end;
	if (nft_put_be32(skb, NFTA_FLOWTABLE_USE, ft->use) ||
	    nft_put_be32(skb, NFTA_FLOWTABLE_FLAGS, ft->flags))
		goto fail;
	hook = nft_nest_start(skb, NFTA_FLOWTABLE_HOOK);
	if (!hook ||
	    nft_put_be32(skb, NFTA_FLOWTABLE_HOOK_NUM, ft->hooknum) ||
	    nft_put_be32(skb, NFTA_FLOWTABLE_HOOK_PRIORITY,
			 (uint32_t)ft->priority))
		goto fail;
	list = nft_nest_start(skb, NFTA_FLOWTABLE_HOOK_DEVS);
	if (!list)
		goto fail;
	for (uint32_t i = 0; i < ndevs; i++)
		if (unl_nla_put(skb, NFTA_DEVICE_NAME, devs[i].len,
				devs[i].name))
			goto fail;
	unl_nla_nest_end(skb, list);
	unl_nla_nest_end(skb, hook);
end:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

static struct nft_list *nft_table_flowtables(struct nft_table *table)
{
	return &table->flowtables;
}

static int nft_flowtable_fill(struct unl_skb *skb, struct nft_net *nft,
			      uint32_t portid, uint32_t seq, int event,
			      uint16_t flags, const struct nft_tobj *o)
{
	const struct nft_flowtable *ft = nft_ft_of(o);

	return nft_fill_flowtable(skb, nft, portid, seq, event, flags, ft,
				  ft->devs, ft->ndevs, true);
}

/* nf_tables_flowtable_notify(): an update's event names the devices it
 * gains or loses, and is sent before they join or leave. */
static int nft_flowtable_fill_trans(struct unl_skb *skb, struct nft_net *nft,
				    const struct nft_trans *t, int event,
				    uint16_t flags)
{
	const struct nft_flowtable *ft = nft_ft_of(t->tobj);

	if (!t->update)
		return nft_flowtable_fill(skb, nft, t->portid, t->seq, event,
					  flags, t->tobj);
	return nft_fill_flowtable(skb, nft, t->portid, t->seq, event, flags,
				  ft, t->devs, t->ndevs, false);
}

static void nft_flowtable_tobj_free(struct nft_tobj *o)
{
	nft_flowtable_free(nft_ft_of(o));
}

static bool nft_devs_find(const struct nft_hook_dev *devs, uint32_t n,
			  const struct nft_hook_dev *d, uint32_t *at)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strncmp(devs[i].name, d->name, NFT_IFNAMSIZ)) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}

/* A committed update: a NEW's devices join (list_splice: first), its
 * flags take effect; a DEL's devices leave. */
static void nft_flowtable_commit_update(struct nft_net *nft,
					struct nft_trans *t)
{
	struct nft_flowtable *ft = nft_ft_of(t->tobj);
	uint32_t at;

	(void)nft;
	if (t->msg_type == NFT_MSG_DELFLOWTABLE) {
		for (uint32_t i = 0; i < t->ndevs; i++)
			if (nft_devs_find(ft->devs, ft->ndevs, &t->devs[i],
					  &at))
				memmove(&ft->devs[at], &ft->devs[at + 1],
					(--ft->ndevs - at) * sizeof(*ft->devs));
		return;
	}
	ft->flags = t->ft_flags;
	if (t->ndevs) {
		struct nft_hook_dev *v = realloc(
			ft->devs, (ft->ndevs + t->ndevs) * sizeof(*v));

		if (!v)
			return;
		memmove(v + t->ndevs, v, ft->ndevs * sizeof(*v));
		memcpy(v, t->devs, t->ndevs * sizeof(*v));
		ft->devs = v;
		ft->ndevs += t->ndevs;
	}
}

static const struct nft_tobj_ops nft_flowtable_ops = {
	.name = "flowtable",
	.msg_new = NFT_MSG_NEWFLOWTABLE,
	.msg_del = NFT_MSG_DELFLOWTABLE,
	.list = nft_table_flowtables,
	.fill = nft_flowtable_fill,
	.fill_trans = nft_flowtable_fill_trans,
	.free = nft_flowtable_tobj_free,
	.commit_update = nft_flowtable_commit_update,
};

/* ---- the hook ---- */

struct nft_flowtable_hook {
	uint32_t num;
	int32_t priority;
	struct nft_hook_dev *devs; /* malloc'ed; the caller frees it */
	uint32_t ndevs;
};

/* nf_tables_parse_netdev_hooks(): NFTA_DEVICE_NAMEs, none twice, at
 * most NFT_NETDEVICE_MAX. */
static int nft_flowtable_parse_devs(const struct nft_net *nft,
				    const struct nlattr *attr,
				    struct nft_flowtable_hook *h,
				    struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	unl_nla_for_each_nested(a, attr, rem) {
		struct nft_hook_dev d = { .len = 0 };
		struct nft_hook_dev *v;
		size_t len = (size_t)unl_nla_len(a);

		if (unl_nla_type(a) != NFTA_DEVICE_NAME)
			return -EINVAL;
		if (len > NFT_IFNAMSIZ) {
			UNL_SET_BAD_ATTR(extack, a);
			return -ERANGE;
		}
		if (nft_hook_dev_missing(nft, a)) {
			UNL_SET_BAD_ATTR(extack, a);
			return -ENOENT;
		}
		d.len = (uint16_t)len;
		memcpy(d.name, unl_nla_data(a), len);
		if (nft_devs_find(h->devs, h->ndevs, &d, NULL)) {
			UNL_SET_BAD_ATTR(extack, a);
			return -EEXIST;
		}
		v = realloc(h->devs, (h->ndevs + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		h->devs = v;
		h->devs[h->ndevs++] = d;
		if (h->ndevs == NFT_NETDEVICE_MAX_)
			return -EFBIG;
	}
	return 0;
}

/* nft_flowtable_parse_hook(): a new flowtable needs its hook number
 * (ingress, the only one) and priority; an update may repeat them but
 * not change them. */
static int nft_flowtable_parse_hook(const struct nft_net *nft,
				    const struct nlattr *const nla[],
				    const struct nft_flowtable *ft,
				    struct nft_flowtable_hook *h,
				    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NFTA_FLOWTABLE_HOOK_MAX + 1];
	int err;

	err = unl_nla_parse_nested(tb, NFTA_FLOWTABLE_HOOK_MAX,
				   nla[NFTA_FLOWTABLE_HOOK],
				   nft_flowtable_hook_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (!ft) {
		if (!tb[NFTA_FLOWTABLE_HOOK_NUM] ||
		    !tb[NFTA_FLOWTABLE_HOOK_PRIORITY]) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_FLOWTABLE_NAME]);
			return -ENOENT;
		}
		h->num = nft_get_be32(tb[NFTA_FLOWTABLE_HOOK_NUM]);
		if (h->num != NF_NETDEV_INGRESS)
			return -EOPNOTSUPP;
		h->priority =
			(int32_t)nft_get_be32(tb[NFTA_FLOWTABLE_HOOK_PRIORITY]);
	} else {
		if (tb[NFTA_FLOWTABLE_HOOK_NUM] &&
		    nft_get_be32(tb[NFTA_FLOWTABLE_HOOK_NUM]) != ft->hooknum)
			return -EOPNOTSUPP;
		if (tb[NFTA_FLOWTABLE_HOOK_PRIORITY] &&
		    (int32_t)nft_get_be32(tb[NFTA_FLOWTABLE_HOOK_PRIORITY]) !=
			    ft->priority)
			return -EOPNOTSUPP;
		h->num = ft->hooknum;
		h->priority = ft->priority;
	}
	if (tb[NFTA_FLOWTABLE_HOOK_DEVS])
		return nft_flowtable_parse_devs(nft, tb[NFTA_FLOWTABLE_HOOK_DEVS], h,
						extack);
	return 0;
}

/* nft_register_flowtable_net_hooks(): a device is in one flowtable of a
 * table at most; with hardware offload it must offer it, which no
 * device of ours does. */
static int nft_flowtable_hooks_free(const struct nft_table *table,
				    const struct nft_flowtable_hook *h,
				    uint32_t flags, const struct nft_net *nft)
{
	const struct nft_list *p;

	for (uint32_t i = 0; i < h->ndevs; i++) {
		nft_list_for_each(p, &table->flowtables) {
			const struct nft_flowtable *o =
				nft_container_of(p, struct nft_flowtable, list);

			if (nft_is_active_next(nft, o) &&
			    nft_devs_find(o->devs, o->ndevs, &h->devs[i],
					  NULL))
				return -EEXIST;
		}
		if (flags & NFT_FLOWTABLE_HW_OFFLOAD)
			return -EOPNOTSUPP;
	}
	return 0;
}

/* ---- NEWFLOWTABLE ---- */

/* nft_flowtable_update(): the devices it lacks join at commit (those
 * it has are dropped from the request); the flags may change, but not
 * hardware offload. */
static int nft_flowtable_update(struct nft_ctx *ctx, struct nft_flowtable *ft,
				const struct nlattr *const nla[],
				struct unl_ext_ack *extack)
{
	struct nft_flowtable_hook h = { .devs = NULL };
	struct nft_trans *trans;
	uint32_t flags = ft->flags, n = 0;
	int err;

	err = nft_flowtable_parse_hook(ctx->nft, nla, ft, &h, extack);
	if (err < 0)
		goto out;
	for (uint32_t i = 0; i < h.ndevs; i++)
		if (!nft_devs_find(ft->devs, ft->ndevs, &h.devs[i], NULL))
			h.devs[n++] = h.devs[i];
	h.ndevs = n;
	if (nla[NFTA_FLOWTABLE_FLAGS]) {
		flags = nft_get_be32(nla[NFTA_FLOWTABLE_FLAGS]);
		err = -EOPNOTSUPP;
		if ((flags & ~(uint32_t)NFT_FLOWTABLE_MASK_) ||
		    ((ft->flags ^ flags) & NFT_FLOWTABLE_HW_OFFLOAD))
			goto out;
	}
	err = nft_flowtable_hooks_free(ctx->table, &h, flags, ctx->nft);
	if (err < 0)
		goto out;
	trans = nft_tobj_trans_update(ctx, &nft_flowtable_ops, &ft->tobj);
	err = -ENOMEM;
	if (!trans)
		goto out;
	trans->ft_flags = flags;
	trans->devs = h.devs;
	trans->ndevs = h.ndevs;
	return 0;
out:
	free(h.devs);
	return err;
}

int nf_tables_newflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	struct nft_flowtable_hook h = { .devs = NULL };
	struct nft_flowtable *ft;
	struct nft_table *table;
	struct nft_trans *trans;
	struct nft_ctx ctx;
	int err;

	if (!nla[NFTA_FLOWTABLE_TABLE] || !nla[NFTA_FLOWTABLE_NAME] ||
	    !nla[NFTA_FLOWTABLE_HOOK])
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_FLOWTABLE_TABLE], family,
				 genmask, unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_FLOWTABLE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	ft = nft_flowtable_lookup(table, nla[NFTA_FLOWTABLE_NAME], genmask);
	if (!NFT_IS_ERR(ft)) {
		if (info->nlh->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_FLOWTABLE_NAME]);
			return -EEXIST;
		}
		return nft_flowtable_update(&ctx, ft, nla, extack);
	}
	if (table->use == UINT32_MAX)
		return -EMFILE;
	/* the handle is taken (used up, as in Linux) whatever comes next */
	table->hgenerator++;
	if (nla[NFTA_FLOWTABLE_FLAGS] &&
	    (nft_get_be32(nla[NFTA_FLOWTABLE_FLAGS]) &
	     ~(uint32_t)NFT_FLOWTABLE_MASK_))
		return -EOPNOTSUPP;
	/* nft_flowtable_type_get(): nf_flow_table_inet, whose types are
	 * of inet, ip and ip6 only */
	if (!unl_profile_has(nft->profile, UNL_PROFILE_NFT, "flowtable") ||
	    (family != NFPROTO_INET && family != NFPROTO_IPV4 &&
	     family != NFPROTO_IPV6))
		return -ENOENT;
	err = nft_flowtable_parse_hook(nft, nla, NULL, &h, extack);
	if (err < 0)
		goto fail;
	err = nft_flowtable_hooks_free(
		table, &h,
		nla[NFTA_FLOWTABLE_FLAGS] ? nft_get_be32(nla[NFTA_FLOWTABLE_FLAGS])
					  : 0,
		nft);
	if (err < 0)
		goto fail;
	err = -ENOMEM;
	ft = calloc(1, sizeof(*ft));
	if (!ft)
		goto fail;
	ft->table = table;
	ft->handle = table->hgenerator;
	ft->hooknum = h.num;
	ft->priority = h.priority;
	ft->devs = h.devs;
	ft->ndevs = h.ndevs;
	h.devs = NULL;
	if (nla[NFTA_FLOWTABLE_FLAGS])
		ft->flags = nft_get_be32(nla[NFTA_FLOWTABLE_FLAGS]);
	ft->name = nft_nla_strdup(nla[NFTA_FLOWTABLE_NAME]);
	trans = ft->name ? nft_tobj_trans_new(&ctx, &nft_flowtable_ops,
					      &ft->tobj)
			 : NULL;
	if (!trans) {
		nft_flowtable_free(ft);
		return -ENOMEM;
	}
	return 0;
fail:
	free(h.devs);
	return err;
}

/* ---- DELFLOWTABLE ---- */

/* nft_delflowtable_hook(): devices leave, each one it has. */
static int nft_delflowtable_hook(struct nft_ctx *ctx, struct nft_flowtable *ft,
				 const struct nlattr *const nla[],
				 struct unl_ext_ack *extack)
{
	struct nft_flowtable_hook h = { .devs = NULL };
	struct nft_trans *trans;
	int err;

	err = nft_flowtable_parse_hook(ctx->nft, nla, ft, &h, extack);
	if (err < 0)
		goto out;
	err = -ENOENT;
	for (uint32_t i = 0; i < h.ndevs; i++)
		if (!nft_devs_find(ft->devs, ft->ndevs, &h.devs[i], NULL))
			goto out;
	trans = nft_tobj_trans_update(ctx, &nft_flowtable_ops, &ft->tobj);
	err = -ENOMEM;
	if (!trans)
		goto out;
	trans->msg_type = NFT_MSG_DELFLOWTABLE;
	trans->devs = h.devs;
	trans->ndevs = h.ndevs;
	return 0;
out:
	free(h.devs);
	return err;
}

static int nft_delflowtable(struct nft_ctx *ctx, struct nft_flowtable *ft)
{
	return nft_tobj_trans_del(ctx, &nft_flowtable_ops, &ft->tobj)
		       ? 0
		       : -ENOMEM;
}

int nf_tables_delflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	struct nft_flowtable *ft;
	struct nft_table *table;
	struct nft_ctx ctx;

	if (!nla[NFTA_FLOWTABLE_TABLE] ||
	    (!nla[NFTA_FLOWTABLE_NAME] && !nla[NFTA_FLOWTABLE_HANDLE]))
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_FLOWTABLE_TABLE], family,
				 genmask, unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_FLOWTABLE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	if (nla[NFTA_FLOWTABLE_HANDLE]) {
		attr = nla[NFTA_FLOWTABLE_HANDLE];
		ft = (struct nft_flowtable *)nft_tobj_lookup_byhandle(
			&table->flowtables, &nft_flowtable_ops,
			nft_get_be64(attr), 0, genmask);
	} else {
		attr = nla[NFTA_FLOWTABLE_NAME];
		ft = nft_flowtable_lookup(table, attr, genmask);
	}
	if (NFT_IS_ERR(ft)) {
		if (NFT_PTR_ERR(ft) == -ENOENT &&
		    NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
			    NFT_MSG_DESTROYFLOWTABLE_)
			return 0;
		UNL_SET_BAD_ATTR(extack, attr);
		return NFT_PTR_ERR(ft);
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	if (nla[NFTA_FLOWTABLE_HOOK])
		return nft_delflowtable_hook(&ctx, ft, nla, extack);
	if (ft->use > 0) {
		UNL_SET_BAD_ATTR(extack, attr);
		return -EBUSY;
	}
	return nft_delflowtable(&ctx, ft);
}

/* ---- GETFLOWTABLE ---- */

struct nft_flowtable_dump_ctx {
	struct nft_net *nft;
	char *table;
	uint8_t family;
};

static int nft_dump_flowtables(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nft_flowtable_dump_ctx *d =
		*(struct nft_flowtable_dump_ctx **)cb->ctx;
	struct nft_tobj_filter f = { .family = d->family, .table = d->table };

	return nft_tobj_dump(skb, cb, d->nft, &nft_flowtable_ops, &f);
}

/* nf_tables_dump_flowtable_start(): a dump may name a table */
static int nft_dump_flowtables_start(struct unl_callback *cb)
{
	const struct nlattr *nla[NFTA_FLOWTABLE_MAX + 1];
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	struct nft_flowtable_dump_ctx *d;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), nla,
			      NFTA_FLOWTABLE_MAX, nft_flowtable_policy,
			      UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->nft = cb->data;
	d->family = nfmsg->nfgen_family;
	if (nla[NFTA_FLOWTABLE_TABLE] &&
	    !(d->table = nft_nla_strdup(nla[NFTA_FLOWTABLE_TABLE]))) {
		free(d);
		return -ENOMEM;
	}
	*(struct nft_flowtable_dump_ctx **)cb->ctx = d;
	return 0;
}

static int nft_dump_flowtables_done(struct unl_callback *cb)
{
	struct nft_flowtable_dump_ctx *d =
		*(struct nft_flowtable_dump_ctx **)cb->ctx;

	if (d) {
		free(d->table);
		free(d);
	}
	return 0;
}

int nf_tables_getflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_cur(nft);
	struct nft_flowtable *ft;
	struct nft_table *table;
	struct unl_skb *skb2;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nft_dump_flowtables_start,
			.dump = nft_dump_flowtables,
			.done = nft_dump_flowtables_done,
			.data = nft,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!nla[NFTA_FLOWTABLE_NAME])
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_FLOWTABLE_TABLE],
				 info->nfmsg->nfgen_family, genmask, 0);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_FLOWTABLE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	ft = nft_flowtable_lookup(table, nla[NFTA_FLOWTABLE_NAME], genmask);
	if (NFT_IS_ERR(ft)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_FLOWTABLE_NAME]);
		return NFT_PTR_ERR(ft);
	}
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_flowtable(skb2, nft, unl_skb_cb(skb)->portid,
			       info->nlh->nlmsg_seq, NFT_MSG_NEWFLOWTABLE, 0,
			       ft, ft->devs, ft->ndevs, true) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* ---- a table's flowtables ---- */

int nft_flush_table_flowtables(struct nft_ctx *ctx)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &ctx->table->flowtables) {
		struct nft_flowtable *ft =
			nft_container_of(p, struct nft_flowtable, list);

		if (!nft_is_active_next(ctx->nft, ft))
			continue;
		err = nft_delflowtable(ctx, ft);
		if (err < 0)
			return err;
	}
	return 0;
}

void nft_table_flowtables_destroy(struct nft_table *table)
{
	nft_tobj_destroy_all(table, &nft_flowtable_ops);
}

void nft_flowtables_dev_gone(struct nft_net *nft, const char *name)
{
	struct nft_list *p, *q;

	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		nft_list_for_each(q, &t->flowtables) {
			struct nft_flowtable *ft =
				nft_container_of(q, struct nft_flowtable, list);

			nft_hook_devs_drop(ft->devs, &ft->ndevs, name);
		}
	}
}

void nft_flowtables_dev_renamed(struct nft_net *nft, const char *old_name,
				const char *new_name)
{
	struct nft_list *p, *q;

	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		nft_list_for_each(q, &t->flowtables) {
			struct nft_flowtable *ft =
				nft_container_of(q, struct nft_flowtable, list);

			nft_hook_devs_rename(ft->devs, ft->ndevs, old_name,
					     new_name);
		}
	}
}

/* ---- flow_offload: `flow add @ft` ---- */

struct nft_flow_offload {
	struct nft_flowtable *flowtable;
};

static const struct unl_nla_policy nft_flow_offload_policy[NFTA_FLOW_MAX + 1] = {
	[NFTA_FLOW_TABLE_NAME] = { .type = UNL_NLA_STRING,
				   .len = NFT_TABLE_MAXNAMELEN_ - 1 },
};

static int flow_offload_init(const struct nft_ctx *ctx,
			     const struct nft_expr *expr,
			     const struct nlattr *const tb[])
{
	struct nft_flow_offload *priv = nft_expr_priv(expr);
	struct nft_flowtable *ft;

	if (!tb[NFTA_FLOW_TABLE_NAME])
		return -EINVAL;
	ft = nft_flowtable_lookup(ctx->table, tb[NFTA_FLOW_TABLE_NAME],
				  nft_genmask_next(ctx->nft));
	if (NFT_IS_ERR(ft))
		return NFT_PTR_ERR(ft);
	if (ft->use == UINT32_MAX)
		return -EMFILE;
	ft->use++;
	priv->flowtable = ft;
	return 0;
}

static int flow_offload_dump(struct unl_skb *skb, const struct nft_expr *expr,
			     bool reset)
{
	const struct nft_flow_offload *priv = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_string(skb, NFTA_FLOW_TABLE_NAME,
				  priv->flowtable->name)
		       ? -1
		       : 0;
}

/* nft_flow_offload_validate(): forwarded packets of IP */
static int flow_offload_validate(const struct nft_ctx *ctx,
				 const struct nft_expr *expr,
				 unsigned int level)
{
	(void)expr;
	(void)level;
	if (ctx->family != NFPROTO_IPV4 && ctx->family != NFPROTO_IPV6 &&
	    ctx->family != NFPROTO_INET)
		return -EOPNOTSUPP;
	return nft_chain_validate_hooks(ctx->chain, 1u << NF_INET_FORWARD);
}

static void flow_offload_activate(const struct nft_ctx *ctx,
				  const struct nft_expr *expr)
{
	(void)ctx;
	((struct nft_flow_offload *)nft_expr_priv(expr))->flowtable->use++;
}

/* nf_tables_deactivate_flowtable() */
static void flow_offload_deactivate(const struct nft_ctx *ctx,
				    const struct nft_expr *expr,
				    enum nft_trans_phase phase)
{
	(void)ctx;
	if (phase == NFT_TRANS_COMMIT)
		return;
	((struct nft_flow_offload *)nft_expr_priv(expr))->flowtable->use--;
}

const struct nft_expr_ops nft_flow_offload_ops = {
	.name = "flow_offload",
	.policy = nft_flow_offload_policy,
	.maxattr = NFTA_FLOW_MAX,
	.size = sizeof(struct nft_flow_offload),
	.init = flow_offload_init,
	.dump = flow_offload_dump,
	.validate = flow_offload_validate,
	.activate = flow_offload_activate,
	.deactivate = flow_offload_deactivate,
};

/* A flowtable's hooks: one on each of its devices, at ingress, whatever
 * its table's dormancy (Linux leaves them registered), by the function
 * of its family's flowtable type (nf_flow_table_inet.c). */
int nft_flowtable_hooks_visit(struct nft_net *nft, const char *dev,
			      nf_hook_visit_fn fn, void *arg)
{
	struct nft_list *p, *q;

	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		nft_list_for_each(q, &t->flowtables) {
			struct nft_flowtable *ft =
				nft_container_of(q, struct nft_flowtable, list);
			struct nf_hook_desc d = {
				.priority = ft->priority,
				.stamp = ft->hook_stamp,
				.table = t->name,
				.name = ft->name,
				.family = t->family,
			};
			bool on_dev = false;
			int err;

			if (!nft_is_active(nft, ft))
				continue;
			for (uint32_t i = 0; i < ft->ndevs; i++)
				on_dev |= nft_hook_dev_is(&ft->devs[i], dev);
			if (!on_dev)
				continue;
			nft_flowtable_hook_func(nft, t->family, &d);
			err = fn(&d, arg);
			if (err)
				return err;
		}
	}
	return 0;
}
