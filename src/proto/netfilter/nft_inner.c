// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Two expressions of tunnels (net/netfilter/nft_inner.c, nft_tunnel.c):
 * inner, a payload or meta load from the packet a vxlan or geneve
 * tunnel carries (Linux 6.2, part of nf_tables itself), and tunnel, the
 * tunnel metadata of a netdev packet (path or id).  No packet flows:
 * each is checked as Linux checks it and dumped back.
 */
#include <errno.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"
#include "proto/netfilter/nft_extra.h"

/* ---- inner ---- */

/* What the uapi headers of an older system lack (Linux 6.2); the
 * numbers are the kernel's. */
enum {
	NFTA_INNER_NUM_ = 1,
	NFTA_INNER_TYPE_,
	NFTA_INNER_FLAGS_,
	NFTA_INNER_HDRSIZE_,
	NFTA_INNER_EXPR_,
};
#define NFTA_INNER_MAX_ NFTA_INNER_EXPR_
#define NFT_INNER_HDRSIZE_ 0x1
#define NFT_INNER_MASK_ 0xf /* HDRSIZE, LL, NH, TH */
#define NFT_INNER_HDRSIZE_MAX_ 64

/* The wrapped payload or meta: an expression of its own, its state
 * right after its ops as in a rule. */
struct nft_inner {
	uint8_t flags, hdrsize, type;
	union {
		struct nft_expr expr;
		uint64_t room[(sizeof(struct nft_expr) + 8) / 8];
	} inner;
};

static const struct unl_nla_policy nft_inner_policy[NFTA_INNER_MAX_ + 1] = {
	[NFTA_INNER_NUM_] = { .type = UNL_NLA_U32 },
	[NFTA_INNER_TYPE_] = { .type = UNL_NLA_U32 },
	[NFTA_INNER_FLAGS_] = { .type = UNL_NLA_U32 },
	[NFTA_INNER_HDRSIZE_] = { .type = UNL_NLA_U32 },
	[NFTA_INNER_EXPR_] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy nft_inner_expr_policy[NFTA_EXPR_MAX + 1] = {
	[NFTA_EXPR_NAME] = { .type = UNL_NLA_STRING,
			     .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_EXPR_DATA] = { .type = UNL_NLA_NESTED },
};

/* nft_expr_inner_parse(): an expression the kernel has, of the types
 * that have an inner variant (payload, meta), made in place. */
static int inner_expr_init(const struct nft_ctx *ctx, struct nft_expr *e,
			   const struct nlattr *nla)
{
	const struct nlattr *tb[NFTA_EXPR_MAX + 1];
	const struct nft_expr_ops *type, *ops;
	int err;

	err = unl_nla_parse_nested(tb, NFTA_EXPR_MAX, nla,
				   nft_inner_expr_policy, UNL_VALIDATE_LIBERAL,
				   NULL);
	if (err < 0)
		return err;
	if (!tb[NFTA_EXPR_DATA] || !tb[NFTA_EXPR_NAME])
		return -EINVAL;
	type = nft_expr_type_get(ctx->nft, ctx->family, tb[NFTA_EXPR_NAME]);
	if (!type)
		return -ENOENT;
	if (!strcmp(type->name, "payload"))
		ops = &nft_payload_inner_ops;
	else if (!strcmp(type->name, "meta"))
		ops = &nft_meta_inner_ops;
	else
		return -EOPNOTSUPP;
	{
		const struct nlattr *data[ops->maxattr + 1];

		err = unl_nla_parse_nested(data, ops->maxattr,
					   tb[NFTA_EXPR_DATA], ops->policy,
					   UNL_VALIDATE_LIBERAL, NULL);
		if (err < 0)
			return err;
		e->ops = ops;
		return ops->init(ctx, e, data);
	}
}

static int inner_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		      const struct nlattr *const tb[])
{
	struct nft_inner *in = nft_expr_priv(expr);
	uint32_t flags, hdrsize, type;

	_Static_assert(sizeof(in->inner) >= sizeof(struct nft_expr) + 8,
		       "room for payload and meta");
	if (!tb[NFTA_INNER_FLAGS_] || !tb[NFTA_INNER_NUM_] ||
	    !tb[NFTA_INNER_HDRSIZE_] || !tb[NFTA_INNER_TYPE_] ||
	    !tb[NFTA_INNER_EXPR_])
		return -EINVAL;
	flags = nft_get_be32(tb[NFTA_INNER_FLAGS_]);
	if (flags & ~(uint32_t)NFT_INNER_MASK_)
		return -EOPNOTSUPP;
	/* one level of encapsulation only */
	if (nft_get_be32(tb[NFTA_INNER_NUM_]) != 0)
		return -EOPNOTSUPP;
	hdrsize = nft_get_be32(tb[NFTA_INNER_HDRSIZE_]);
	type = nft_get_be32(tb[NFTA_INNER_TYPE_]);
	if (type > UINT8_MAX)
		return -EINVAL;
	if ((flags & NFT_INNER_HDRSIZE_) &&
	    (hdrsize == 0 || hdrsize > NFT_INNER_HDRSIZE_MAX_))
		return -EOPNOTSUPP;
	in->flags = (uint8_t)flags;
	/* a byte in Linux too: what is given without the flag is cut */
	in->hdrsize = (uint8_t)hdrsize;
	in->type = (uint8_t)type;
	return inner_expr_init(ctx, &in->inner.expr, tb[NFTA_INNER_EXPR_]);
}

static int inner_dump(struct unl_skb *skb, const struct nft_expr *expr,
		      bool reset)
{
	const struct nft_inner *in = nft_expr_priv(expr);

	if (nft_put_be32(skb, NFTA_INNER_NUM_, 0) ||
	    nft_put_be32(skb, NFTA_INNER_TYPE_, in->type) ||
	    nft_put_be32(skb, NFTA_INNER_FLAGS_, in->flags) ||
	    nft_put_be32(skb, NFTA_INNER_HDRSIZE_, in->hdrsize))
		return -1;
	return nft_expr_dump(skb, NFTA_INNER_EXPR_, &in->inner.expr, reset);
}

const struct nft_expr_ops nft_inner_ops = {
	.name = "inner",
	.since = 602, /* Linux 6.2 */
	.policy = nft_inner_policy,
	.maxattr = NFTA_INNER_MAX_,
	.size = sizeof(struct nft_inner),
	.init = inner_init,
	.dump = inner_dump,
};

/* ---- tunnel ---- */

struct nft_tunnel {
	uint8_t key, dreg, mode;
};

static const struct unl_nla_policy nft_tunnel_policy[NFTA_TUNNEL_MAX + 1] = {
	[NFTA_TUNNEL_KEY] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_TUNNEL_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_TUNNEL_MODE] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
};

/* nft_tunnel_get_init() */
static int tunnel_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_tunnel *t = nft_expr_priv(expr);
	uint32_t len, mode = NFT_TUNNEL_MODE_NONE;

	(void)ctx;
	if (!tb[NFTA_TUNNEL_KEY] || !tb[NFTA_TUNNEL_DREG])
		return -EINVAL;
	/* the policy held the key and the mode to a byte */
	t->key = (uint8_t)nft_get_be32(tb[NFTA_TUNNEL_KEY]);
	switch (t->key) {
	case NFT_TUNNEL_PATH:
		len = 1;
		break;
	case NFT_TUNNEL_ID:
		len = 4;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (tb[NFTA_TUNNEL_MODE]) {
		mode = nft_get_be32(tb[NFTA_TUNNEL_MODE]);
		if (mode > NFT_TUNNEL_MODE_MAX)
			return -EOPNOTSUPP;
	}
	t->mode = (uint8_t)mode;
	return nft_parse_register_store(ctx, tb[NFTA_TUNNEL_DREG], &t->dreg,
					NFT_DATA_VALUE, len);
}

static int tunnel_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_tunnel *t = nft_expr_priv(expr);

	(void)reset;
	return nft_put_be32(skb, NFTA_TUNNEL_KEY, t->key) ||
	       nft_dump_register(skb, NFTA_TUNNEL_DREG, t->dreg) ||
	       nft_put_be32(skb, NFTA_TUNNEL_MODE, t->mode) ? -1 : 0;
}

const struct nft_expr_ops nft_tunnel_ops = {
	.name = "tunnel",
	.policy = nft_tunnel_policy,
	.maxattr = NFTA_TUNNEL_MAX,
	.size = sizeof(struct nft_tunnel),
	/* nft_tunnel.c registers it for netdev only */
	.families = NFT_FAM_(NFPROTO_NETDEV),
	.init = tunnel_init,
	.dump = tunnel_dump,
};
