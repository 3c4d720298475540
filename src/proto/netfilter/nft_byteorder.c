// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The byteorder expression (net/netfilter/nft_byteorder.c): converts
 * the 2-, 4- or 8-byte words of a register between host and network
 * order, as nft emits for arithmetic on header fields.
 */
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

struct nft_byteorder {
	uint8_t sreg, dreg;
	uint32_t op, len, size;
};

static const struct unl_nla_policy nft_byteorder_policy[NFTA_BYTEORDER_MAX + 1] = {
	[NFTA_BYTEORDER_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_BYTEORDER_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_BYTEORDER_OP] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_BYTEORDER_LEN] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_BYTEORDER_SIZE] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
};

static int byteorder_init(const struct nft_ctx *ctx,
			  const struct nft_expr *expr,
			  const struct nlattr *const tb[])
{
	struct nft_byteorder *b = nft_expr_priv(expr);
	int err;

	(void)ctx;
	if (!tb[NFTA_BYTEORDER_SREG] || !tb[NFTA_BYTEORDER_DREG] ||
	    !tb[NFTA_BYTEORDER_LEN] || !tb[NFTA_BYTEORDER_SIZE] ||
	    !tb[NFTA_BYTEORDER_OP])
		return -EINVAL;
	b->op = nft_get_be32(tb[NFTA_BYTEORDER_OP]);
	if (b->op != NFT_BYTEORDER_NTOH && b->op != NFT_BYTEORDER_HTON)
		return -EINVAL;
	err = nft_parse_u32_check(tb[NFTA_BYTEORDER_SIZE], 255, &b->size);
	if (err < 0)
		return err;
	if (b->size != 2 && b->size != 4 && b->size != 8)
		return -EINVAL;
	err = nft_parse_u32_check(tb[NFTA_BYTEORDER_LEN], 255, &b->len);
	if (err < 0)
		return err;
	err = nft_parse_register_load(ctx, tb[NFTA_BYTEORDER_SREG], &b->sreg,
				      b->len);
	if (err < 0)
		return err;
	return nft_parse_register_store(ctx, tb[NFTA_BYTEORDER_DREG], &b->dreg,
					NFT_DATA_VALUE, b->len);
}

static int byteorder_dump(struct unl_skb *skb, const struct nft_expr *expr,
			  bool reset)
{
	const struct nft_byteorder *b = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_BYTEORDER_SREG, b->sreg) ||
	       nft_dump_register(skb, NFTA_BYTEORDER_DREG, b->dreg) ||
	       nft_put_be32(skb, NFTA_BYTEORDER_OP, b->op) ||
	       nft_put_be32(skb, NFTA_BYTEORDER_LEN, b->len) ||
	       nft_put_be32(skb, NFTA_BYTEORDER_SIZE, b->size) ? -1 : 0;
}

const struct nft_expr_ops nft_byteorder_ops = {
	.name = "byteorder",
	.policy = nft_byteorder_policy,
	.maxattr = NFTA_BYTEORDER_MAX,
	.size = sizeof(struct nft_byteorder),
	.init = byteorder_init,
	.dump = byteorder_dump,
};
