// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The expressions that send a copy of the packet, or the packet itself,
 * elsewhere: dup (net/ipv4/netfilter/nft_dup_ipv4.c, its IPv6 twin and
 * net/netfilter/nft_dup_netdev.c: a copy to an address or a device) and
 * fwd (net/netfilter/nft_fwd_netdev.c: the packet out of a device,
 * to a neighbour when an address is given).  Each family has its own
 * module, with its own attributes.  No packet flows: registers,
 * families and hooks are checked as Linux checks them.
 */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

/* ---- dup of ip and ip6 ---- */

struct nft_dup_ip {
	uint8_t sreg_addr, sreg_dev;
};

static const struct unl_nla_policy nft_dup_policy[NFTA_DUP_MAX + 1] = {
	[NFTA_DUP_SREG_ADDR] = { .type = UNL_NLA_U32 },
	[NFTA_DUP_SREG_DEV] = { .type = UNL_NLA_U32 },
};

static int dup_ip_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_dup_ip *d = nft_expr_priv(expr);
	uint32_t alen = ctx->family == NFPROTO_IPV6 ? 16 : 4;
	int err;

	if (!tb[NFTA_DUP_SREG_ADDR])
		return -EINVAL;
	err = nft_parse_register_load(ctx, tb[NFTA_DUP_SREG_ADDR], &d->sreg_addr,
				      alen);
	if (err < 0)
		return err;
	if (tb[NFTA_DUP_SREG_DEV])
		err = nft_parse_register_load(ctx, tb[NFTA_DUP_SREG_DEV],
					      &d->sreg_dev, 4);
	return err;
}

static int dup_ip_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_dup_ip *d = nft_expr_priv(expr);

	(void)reset;
	if (nft_dump_register(skb, NFTA_DUP_SREG_ADDR, d->sreg_addr))
		return -1;
	if (d->sreg_dev && nft_dump_register(skb, NFTA_DUP_SREG_DEV, d->sreg_dev))
		return -1;
	return 0;
}

const struct nft_expr_ops nft_dup_ipv4_ops = {
	.name = "dup",
	.policy = nft_dup_policy,
	.maxattr = NFTA_DUP_MAX,
	.size = sizeof(struct nft_dup_ip),
	.families = NFT_FAM_(NFPROTO_IPV4),
	.init = dup_ip_init,
	.dump = dup_ip_dump,
};

const struct nft_expr_ops nft_dup_ipv6_ops = {
	.name = "dup",
	.policy = nft_dup_policy,
	.maxattr = NFTA_DUP_MAX,
	.size = sizeof(struct nft_dup_ip),
	.families = NFT_FAM_(NFPROTO_IPV6),
	.init = dup_ip_init,
	.dump = dup_ip_dump,
};

/* ---- dup and fwd of netdev ---- */

struct nft_netdev_out {
	uint8_t sreg_dev, sreg_addr;
	uint32_t nfproto;
	bool neigh; /* fwd to an address */
};

static int dup_netdev_init(const struct nft_ctx *ctx,
			   const struct nft_expr *expr,
			   const struct nlattr *const tb[])
{
	struct nft_netdev_out *d = nft_expr_priv(expr);

	(void)ctx;
	if (!tb[NFTA_DUP_SREG_DEV])
		return -EINVAL;
	return nft_parse_register_load(ctx, tb[NFTA_DUP_SREG_DEV], &d->sreg_dev, 4);
}

static int dup_netdev_dump(struct unl_skb *skb, const struct nft_expr *expr,
			   bool reset)
{
	const struct nft_netdev_out *d = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_DUP_SREG_DEV, d->sreg_dev) ? -1 : 0;
}

const struct nft_expr_ops nft_dup_netdev_ops = {
	.name = "dup",
	.policy = nft_dup_policy,
	.maxattr = NFTA_DUP_MAX,
	.size = sizeof(struct nft_netdev_out),
	.families = NFT_FAM_(NFPROTO_NETDEV),
	.init = dup_netdev_init,
	.dump = dup_netdev_dump,
};

static const struct unl_nla_policy nft_fwd_policy[NFTA_FWD_MAX + 1] = {
	[NFTA_FWD_SREG_DEV] = { .type = UNL_NLA_U32 },
	[NFTA_FWD_SREG_ADDR] = { .type = UNL_NLA_U32 },
	[NFTA_FWD_NFPROTO] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
};

/* nft_fwd_select_ops(): a device alone, or a device and a neighbour */
static int fwd_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_netdev_out *f = nft_expr_priv(expr);
	uint32_t alen;
	int err;

	(void)ctx;
	if (!tb[NFTA_FWD_SREG_ADDR]) {
		if (!tb[NFTA_FWD_SREG_DEV])
			return -EOPNOTSUPP;
		return nft_parse_register_load(ctx, tb[NFTA_FWD_SREG_DEV],
					       &f->sreg_dev, 4);
	}
	f->neigh = true;
	if (!tb[NFTA_FWD_SREG_DEV] || !tb[NFTA_FWD_NFPROTO])
		return -EINVAL;
	f->nfproto = nft_get_be32(tb[NFTA_FWD_NFPROTO]);
	switch (f->nfproto) {
	case NFPROTO_IPV4:
		alen = 4;
		break;
	case NFPROTO_IPV6:
		alen = 16;
		break;
	default:
		return -EOPNOTSUPP;
	}
	err = nft_parse_register_load(ctx, tb[NFTA_FWD_SREG_DEV], &f->sreg_dev, 4);
	if (err < 0)
		return err;
	return nft_parse_register_load(ctx, tb[NFTA_FWD_SREG_ADDR], &f->sreg_addr,
				       alen);
}

static int fwd_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_netdev_out *f = nft_expr_priv(expr);

	(void)reset;
	if (nft_dump_register(skb, NFTA_FWD_SREG_DEV, f->sreg_dev))
		return -1;
	if (!f->neigh)
		return 0;
	return nft_dump_register(skb, NFTA_FWD_SREG_ADDR, f->sreg_addr) ||
	       nft_put_be32(skb, NFTA_FWD_NFPROTO, f->nfproto) ? -1 : 0;
}

/* nft_fwd_validate(): out of the device, from ingress or egress */
static int fwd_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
			unsigned int level)
{
	(void)expr;
	(void)level;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_NETDEV_INGRESS) |
						(1u << NF_NETDEV_EGRESS));
}

const struct nft_expr_ops nft_fwd_netdev_ops = {
	.name = "fwd",
	.policy = nft_fwd_policy,
	.maxattr = NFTA_FWD_MAX,
	.size = sizeof(struct nft_netdev_out),
	.families = NFT_FAM_(NFPROTO_NETDEV),
	.init = fwd_init,
	.dump = fwd_dump,
	.validate = fwd_validate,
};
