// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rt expression (net/netfilter/nft_rt.c): a property of the
 * packet's route (realm, next hop, path TCP MSS, whether IPsec
 * transforms it) loaded into a register, and the xfrm expression
 * (net/netfilter/nft_xfrm.c): a field of the IPsec state the packet
 * came in by or will go out by.  No packet flows: their keys, registers
 * and the hooks they may sit on are checked as Linux checks them.
 */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/xfrm.h>

#include "proto/netfilter/nft_extra.h"

/* how many transforms a secpath holds (include/net/xfrm.h) */
#define XFRM_MAX_DEPTH_ 6

/* ---- rt ---- */

struct nft_rt {
	uint32_t key;
	uint8_t dreg;
};

static const struct unl_nla_policy nft_rt_policy[NFTA_RT_MAX + 1] = {
	[NFTA_RT_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_RT_KEY] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
};

static int rt_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		   const struct nlattr *const tb[])
{
	struct nft_rt *r = nft_expr_priv(expr);
	uint32_t len;

	(void)ctx;
	if (!tb[NFTA_RT_KEY] || !tb[NFTA_RT_DREG])
		return -EINVAL;
	r->key = nft_get_be32(tb[NFTA_RT_KEY]);
	switch (r->key) {
	case NFT_RT_CLASSID:
	case NFT_RT_NEXTHOP4:
		len = 4;
		break;
	case NFT_RT_NEXTHOP6:
		len = 16;
		break;
	case NFT_RT_TCPMSS:
		len = 2;
		break;
	case NFT_RT_XFRM:
		len = 1;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_parse_register_store(ctx, tb[NFTA_RT_DREG], &r->dreg,
					NFT_DATA_VALUE, len);
}

static int rt_dump(struct unl_skb *skb, const struct nft_expr *expr,
		   bool reset)
{
	const struct nft_rt *r = nft_expr_priv(expr);

	(void)reset;
	return nft_put_be32(skb, NFTA_RT_KEY, r->key) ||
	       nft_dump_register(skb, NFTA_RT_DREG, r->dreg) ? -1 : 0;
}

/* nft_rt_validate(): the path MSS is known once a route is chosen */
static int rt_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       unsigned int level)
{
	const struct nft_rt *r = nft_expr_priv(expr);

	(void)level;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	if (r->key != NFT_RT_TCPMSS)
		return 0;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_FORWARD) |
						(1u << NF_INET_LOCAL_OUT) |
						(1u << NF_INET_POST_ROUTING));
}

const struct nft_expr_ops nft_rt_ops = {
	.name = "rt",
	.policy = nft_rt_policy,
	.maxattr = NFTA_RT_MAX,
	.size = sizeof(struct nft_rt),
	.init = rt_init,
	.dump = rt_dump,
	.validate = rt_validate,
};

/* ---- xfrm ---- */

struct nft_xfrm {
	uint32_t key, spnum;
	uint8_t dir, dreg;
};

static const struct unl_nla_policy nft_xfrm_policy[NFTA_XFRM_MAX + 1] = {
	[NFTA_XFRM_KEY] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_XFRM_DIR] = { .type = UNL_NLA_U8 },
	[NFTA_XFRM_SPNUM] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_XFRM_DREG] = { .type = UNL_NLA_U32 },
};

static int xfrm_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		     const struct nlattr *const tb[])
{
	struct nft_xfrm *x = nft_expr_priv(expr);
	uint32_t len;

	if (!tb[NFTA_XFRM_KEY] || !tb[NFTA_XFRM_DIR] || !tb[NFTA_XFRM_DREG])
		return -EINVAL;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	x->key = nft_get_be32(tb[NFTA_XFRM_KEY]);
	switch (x->key) {
	case NFT_XFRM_KEY_REQID:
	case NFT_XFRM_KEY_SPI:
	case NFT_XFRM_KEY_DADDR_IP4:
	case NFT_XFRM_KEY_SADDR_IP4:
		len = 4;
		break;
	case NFT_XFRM_KEY_DADDR_IP6:
	case NFT_XFRM_KEY_SADDR_IP6:
		len = 16;
		break;
	default:
		return -EINVAL;
	}
	x->dir = unl_nla_get_u8(tb[NFTA_XFRM_DIR]);
	if (x->dir != XFRM_POLICY_IN && x->dir != XFRM_POLICY_OUT)
		return -EINVAL;
	if (tb[NFTA_XFRM_SPNUM]) {
		x->spnum = nft_get_be32(tb[NFTA_XFRM_SPNUM]);
		if (x->spnum >= XFRM_MAX_DEPTH_)
			return -ERANGE;
	}
	return nft_parse_register_store(ctx, tb[NFTA_XFRM_DREG], &x->dreg,
					NFT_DATA_VALUE, len);
}

static int xfrm_dump(struct unl_skb *skb, const struct nft_expr *expr,
		     bool reset)
{
	const struct nft_xfrm *x = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_XFRM_DREG, x->dreg) ||
	       nft_put_be32(skb, NFTA_XFRM_KEY, x->key) ||
	       unl_nla_put_u8(skb, NFTA_XFRM_DIR, x->dir) ||
	       nft_put_be32(skb, NFTA_XFRM_SPNUM, x->spnum) ? -1 : 0;
}

/* nft_xfrm_validate(): the state a packet came by is known on the way
 * in, the one it leaves by on the way out. */
static int xfrm_validate(const struct nft_ctx *ctx,
			 const struct nft_expr *expr, unsigned int level)
{
	const struct nft_xfrm *x = nft_expr_priv(expr);
	uint32_t hooks;

	(void)level;
	if (x->dir == XFRM_POLICY_IN)
		hooks = (1u << NF_INET_FORWARD) | (1u << NF_INET_LOCAL_IN) |
			(1u << NF_INET_PRE_ROUTING);
	else
		hooks = (1u << NF_INET_FORWARD) | (1u << NF_INET_LOCAL_OUT) |
			(1u << NF_INET_POST_ROUTING);
	return nft_chain_validate_hooks(ctx->chain, hooks);
}

const struct nft_expr_ops nft_xfrm_ops = {
	.name = "xfrm",
	.policy = nft_xfrm_policy,
	.maxattr = NFTA_XFRM_MAX,
	.size = sizeof(struct nft_xfrm),
	.init = xfrm_init,
	.dump = xfrm_dump,
	.validate = xfrm_validate,
};
