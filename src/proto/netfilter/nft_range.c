// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The range expression (net/netfilter/nft_range.c): a register compared
 * with an inclusive range of values, as `ip saddr 10.0.0.1-10.0.0.9`
 * makes.
 */
#include <errno.h>

#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

struct nft_range {
	struct nft_data from, to;
	uint8_t sreg;
	uint32_t op;
};

static const struct unl_nla_policy nft_range_policy[NFTA_RANGE_MAX + 1] = {
	[NFTA_RANGE_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_RANGE_OP] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_RANGE_FROM_DATA] = { .type = UNL_NLA_NESTED },
	[NFTA_RANGE_TO_DATA] = { .type = UNL_NLA_NESTED },
};

static int range_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		      const struct nlattr *const tb[])
{
	struct nft_range *r = nft_expr_priv(expr);
	int err;

	(void)ctx;
	if (!tb[NFTA_RANGE_SREG] || !tb[NFTA_RANGE_OP] ||
	    !tb[NFTA_RANGE_FROM_DATA] || !tb[NFTA_RANGE_TO_DATA])
		return -EINVAL;
	err = nft_data_init(NULL, &r->from, 16, tb[NFTA_RANGE_FROM_DATA]);
	if (!err)
		err = nft_data_init(NULL, &r->to, 16, tb[NFTA_RANGE_TO_DATA]);
	if (err < 0)
		return err;
	if (r->from.len != r->to.len)
		return -EINVAL;
	err = nft_parse_register_load(ctx, tb[NFTA_RANGE_SREG], &r->sreg,
				      r->from.len);
	if (err < 0)
		return err;
	r->op = nft_get_be32(tb[NFTA_RANGE_OP]);
	if (r->op > 255)
		return -ERANGE;
	return r->op == NFT_RANGE_EQ || r->op == NFT_RANGE_NEQ ? 0 : -EINVAL;
}

static int range_dump(struct unl_skb *skb, const struct nft_expr *expr,
		      bool reset)
{
	const struct nft_range *r = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_RANGE_SREG, r->sreg) ||
	       nft_put_be32(skb, NFTA_RANGE_OP, r->op) ||
	       nft_data_dump(skb, NFTA_RANGE_FROM_DATA, &r->from) ||
	       nft_data_dump(skb, NFTA_RANGE_TO_DATA, &r->to) ? -1 : 0;
}

const struct nft_expr_ops nft_range_ops = {
	.name = "range",
	.policy = nft_range_policy,
	.maxattr = NFTA_RANGE_MAX,
	.size = sizeof(struct nft_range),
	.init = range_init,
	.dump = range_dump,
};
