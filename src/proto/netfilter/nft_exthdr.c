// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The exthdr expression (net/netfilter/nft_exthdr.c): a field of an
 * IPv6 extension header, an IPv4 option, a TCP option or an SCTP chunk
 * loaded into a register; a TCP option written from one (`tcp option
 * maxseg size set 1400`) or stripped (`reset tcp option sack-perm`).
 * Which of these a message asks for follows from NFTA_EXTHDR_OP and the
 * registers it names, as the kernel's select_ops does.
 */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/ip.h>

#include "proto/netfilter/nft_extra.h"

enum exthdr_kind { EXTHDR_GET, EXTHDR_SET, EXTHDR_STRIP };

struct nft_exthdr {
	uint8_t type, reg;
	uint32_t offset, len, flags, op;
	enum exthdr_kind kind;
};

static const struct unl_nla_policy nft_exthdr_policy[NFTA_EXTHDR_MAX + 1] = {
	[NFTA_EXTHDR_DREG] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, NFT_REG_MAX),
	[NFTA_EXTHDR_TYPE] = { .type = UNL_NLA_U8 },
	[NFTA_EXTHDR_OFFSET] = { .type = UNL_NLA_U32 },
	[NFTA_EXTHDR_LEN] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_EXTHDR_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
						  NFT_EXTHDR_F_PRESENT),
	[NFTA_EXTHDR_OP] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_EXTHDR_SREG] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, NFT_REG_MAX),
};

/* The offset, length and op every kind but strip carries. */
static int exthdr_parse_common(struct nft_exthdr *e,
			       const struct nlattr *const tb[])
{
	int err;

	err = nft_parse_u32_check(tb[NFTA_EXTHDR_OFFSET], 255, &e->offset);
	if (!err)
		err = nft_parse_u32_check(tb[NFTA_EXTHDR_LEN], 255, &e->len);
	return err;
}

/* nft_exthdr_init() and its IPv4 and DCCP variants */
static int exthdr_get_init(const struct nft_ctx *ctx, struct nft_exthdr *e,
			   const struct nlattr *const tb[])
{
	int err;

	if (!tb[NFTA_EXTHDR_DREG] || !tb[NFTA_EXTHDR_TYPE] ||
	    !tb[NFTA_EXTHDR_OFFSET] || !tb[NFTA_EXTHDR_LEN])
		return -EINVAL;
	err = exthdr_parse_common(e, tb);
	if (err < 0)
		return err;
	if (tb[NFTA_EXTHDR_FLAGS]) {
		err = nft_parse_u32_check(tb[NFTA_EXTHDR_FLAGS], 255, &e->flags);
		if (err < 0)
			return err;
		if (e->flags & ~NFT_EXTHDR_F_PRESENT)
			return -EINVAL;
	}
	if (tb[NFTA_EXTHDR_OP]) {
		err = nft_parse_u32_check(tb[NFTA_EXTHDR_OP], 255, &e->op);
		if (err < 0)
			return err;
	}
	e->type = unl_nla_get_u8(tb[NFTA_EXTHDR_TYPE]);
	e->kind = EXTHDR_GET;
	err = nft_parse_register_store(ctx, tb[NFTA_EXTHDR_DREG], &e->reg,
				       NFT_DATA_VALUE, e->len);
	if (err < 0)
		return err;
	if (e->op == NFT_EXTHDR_OP_IPV4) {
		switch (e->type) {
		case IPOPT_SSRR:
		case IPOPT_LSRR:
		case IPOPT_RR:
		case IPOPT_RA:
			break;
		default:
			return -EOPNOTSUPP;
		}
	}
	if (e->op == NFT_EXTHDR_OP_DCCP && !(e->flags & NFT_EXTHDR_F_PRESENT))
		return -EOPNOTSUPP;
	return 0;
}

/* nft_exthdr_tcp_set_init(): a 2- or 4-byte field past kind and len */
static int exthdr_set_init(const struct nft_ctx *ctx, struct nft_exthdr *e,
			   const struct nlattr *const tb[])
{
	int err;

	if (!tb[NFTA_EXTHDR_SREG] || !tb[NFTA_EXTHDR_TYPE] ||
	    !tb[NFTA_EXTHDR_OFFSET] || !tb[NFTA_EXTHDR_LEN])
		return -EINVAL;
	if (tb[NFTA_EXTHDR_DREG] || tb[NFTA_EXTHDR_FLAGS])
		return -EINVAL;
	err = exthdr_parse_common(e, tb);
	if (err < 0)
		return err;
	if (e->offset < 2)
		return -EOPNOTSUPP;
	if (e->len != 2 && e->len != 4)
		return -EOPNOTSUPP;
	err = nft_parse_u32_check(tb[NFTA_EXTHDR_OP], 255, &e->op);
	if (err < 0)
		return err;
	e->type = unl_nla_get_u8(tb[NFTA_EXTHDR_TYPE]);
	e->kind = EXTHDR_SET;
	return nft_parse_register_load(ctx, tb[NFTA_EXTHDR_SREG], &e->reg,
				       e->len);
}

/* nft_exthdr_tcp_strip_init() */
static int exthdr_strip_init(struct nft_exthdr *e,
			     const struct nlattr *const tb[])
{
	if (tb[NFTA_EXTHDR_SREG] || tb[NFTA_EXTHDR_DREG] ||
	    tb[NFTA_EXTHDR_FLAGS] || tb[NFTA_EXTHDR_OFFSET] ||
	    tb[NFTA_EXTHDR_LEN])
		return -EINVAL;
	if (!tb[NFTA_EXTHDR_TYPE])
		return -EINVAL;
	e->type = unl_nla_get_u8(tb[NFTA_EXTHDR_TYPE]);
	e->op = NFT_EXTHDR_OP_TCPOPT;
	e->kind = EXTHDR_STRIP;
	return 0;
}

static int exthdr_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_exthdr *e = nft_expr_priv(expr);
	uint32_t op;

	/* nft_exthdr_select_ops() */
	if (!tb[NFTA_EXTHDR_OP])
		return exthdr_get_init(ctx, e, tb);
	if (tb[NFTA_EXTHDR_SREG] && tb[NFTA_EXTHDR_DREG])
		return -EOPNOTSUPP;
	op = nft_get_be32(tb[NFTA_EXTHDR_OP]);
	switch (op) {
	case NFT_EXTHDR_OP_TCPOPT:
		if (tb[NFTA_EXTHDR_SREG])
			return exthdr_set_init(ctx, e, tb);
		if (tb[NFTA_EXTHDR_DREG])
			return exthdr_get_init(ctx, e, tb);
		return exthdr_strip_init(e, tb);
	case NFT_EXTHDR_OP_IPV6:
	case NFT_EXTHDR_OP_SCTP:
	case NFT_EXTHDR_OP_DCCP:
		if (tb[NFTA_EXTHDR_DREG])
			return exthdr_get_init(ctx, e, tb);
		break;
	case NFT_EXTHDR_OP_IPV4:
		if (ctx->family != NFPROTO_IPV6 && tb[NFTA_EXTHDR_DREG])
			return exthdr_get_init(ctx, e, tb);
		break;
	}
	return -EOPNOTSUPP;
}

static int exthdr_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_exthdr *e = nft_expr_priv(expr);

	(void)reset;
	if (e->kind == EXTHDR_GET &&
	    nft_dump_register(skb, NFTA_EXTHDR_DREG, e->reg))
		return -1;
	if (e->kind == EXTHDR_SET &&
	    nft_dump_register(skb, NFTA_EXTHDR_SREG, e->reg))
		return -1;
	return unl_nla_put_u8(skb, NFTA_EXTHDR_TYPE, e->type) ||
	       nft_put_be32(skb, NFTA_EXTHDR_OFFSET, e->offset) ||
	       nft_put_be32(skb, NFTA_EXTHDR_LEN, e->len) ||
	       nft_put_be32(skb, NFTA_EXTHDR_FLAGS, e->flags) ||
	       nft_put_be32(skb, NFTA_EXTHDR_OP, e->op) ? -1 : 0;
}

const struct nft_expr_ops nft_exthdr_ops = {
	.name = "exthdr",
	.policy = nft_exthdr_policy,
	.maxattr = NFTA_EXTHDR_MAX,
	.size = sizeof(struct nft_exthdr),
	.init = exthdr_init,
	.dump = exthdr_dump,
};
