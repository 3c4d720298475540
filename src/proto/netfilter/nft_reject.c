// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reject expression (net/netfilter/nft_reject.c and its family
 * variants): answer with a TCP reset or an ICMP error.  It is allowed in
 * base chains of the input, forward, output and prerouting hooks only,
 * which the ruleset's validation checks.
 */
#include <errno.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

struct nft_reject {
	uint32_t type;
	uint8_t icmp_code;
};

static const struct unl_nla_policy nft_reject_policy[NFTA_REJECT_MAX + 1] = {
	[NFTA_REJECT_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_REJECT_ICMP_CODE] = { .type = UNL_NLA_U8 },
};

static int reject_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_reject *r = nft_expr_priv(expr);

	(void)ctx;
	if (!tb[NFTA_REJECT_TYPE])
		return -EINVAL;
	r->type = nft_get_be32(tb[NFTA_REJECT_TYPE]);
	switch (r->type) {
	case NFT_REJECT_ICMP_UNREACH:
	case NFT_REJECT_ICMPX_UNREACH:
		if (!tb[NFTA_REJECT_ICMP_CODE])
			return -EINVAL;
		r->icmp_code = unl_nla_get_u8(tb[NFTA_REJECT_ICMP_CODE]);
		if (r->type == NFT_REJECT_ICMPX_UNREACH &&
		    r->icmp_code > NFT_REJECT_ICMPX_MAX)
			return -EINVAL;
		return 0;
	case NFT_REJECT_TCP_RST:
		return 0;
	default:
		return -EINVAL;
	}
}

/* nft_reject_validate(): only where a packet can be answered. */
static int reject_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	(void)expr;
	(void)level;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_LOCAL_IN) |
					(1u << NF_INET_FORWARD) |
					(1u << NF_INET_LOCAL_OUT) |
					(1u << NF_INET_PRE_ROUTING));
}

static int reject_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_reject *r = nft_expr_priv(expr);

	(void)reset;
	if (nft_put_be32(skb, NFTA_REJECT_TYPE, r->type))
		return -1;
	if ((r->type == NFT_REJECT_ICMP_UNREACH ||
	     r->type == NFT_REJECT_ICMPX_UNREACH) &&
	    unl_nla_put_u8(skb, NFTA_REJECT_ICMP_CODE, r->icmp_code))
		return -1;
	return 0;
}

const struct nft_expr_ops nft_reject_ops = {
	.name = "reject",
	.policy = nft_reject_policy,
	.maxattr = NFTA_REJECT_MAX,
	.size = sizeof(struct nft_reject),
	.families = (1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) |
		    (1u << NFPROTO_INET) | (1u << NFPROTO_BRIDGE) |
		    (1u << NFPROTO_NETDEV),
	.init = reject_init,
	.dump = reject_dump,
	.validate = reject_validate,
};
