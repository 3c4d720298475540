// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The quota expression (net/netfilter/nft_quota.c): matches until a
 * number of bytes has passed (or, inverted, after).  Nothing ever
 * passes, so what was consumed stays what the rule was given.
 */
#include <errno.h>
#include <stdint.h>

#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

struct nft_quota {
	uint64_t quota, consumed;
	uint32_t flags;
};

static const struct unl_nla_policy nft_quota_policy[NFTA_QUOTA_MAX + 1] = {
	[NFTA_QUOTA_BYTES] = { .type = UNL_NLA_U64 },
	[NFTA_QUOTA_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_QUOTA_CONSUMED] = { .type = UNL_NLA_U64 },
};

static int quota_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		      const struct nlattr *const tb[])
{
	struct nft_quota *q = nft_expr_priv(expr);

	(void)ctx;
	if (!tb[NFTA_QUOTA_BYTES])
		return -EINVAL;
	q->quota = nft_get_be64(tb[NFTA_QUOTA_BYTES]);
	if (q->quota > INT64_MAX)
		return -EOVERFLOW;
	if (tb[NFTA_QUOTA_CONSUMED]) {
		q->consumed = nft_get_be64(tb[NFTA_QUOTA_CONSUMED]);
		if (q->consumed > q->quota)
			return -EINVAL;
	}
	if (tb[NFTA_QUOTA_FLAGS]) {
		q->flags = nft_get_be32(tb[NFTA_QUOTA_FLAGS]);
		if (q->flags & ~NFT_QUOTA_F_INV)
			return -EINVAL;
	}
	return 0;
}

/* nft_quota_do_dump(): a used-up quota says so in its flags. */
static int quota_dump(struct unl_skb *skb, const struct nft_expr *expr,
		      bool reset)
{
	const struct nft_quota *q = nft_expr_priv(expr);
	uint32_t flags = q->flags;
	uint64_t consumed = q->consumed;

	(void)reset;
	if (consumed >= q->quota) {
		consumed = q->quota;
		flags |= NFT_QUOTA_F_DEPLETED;
	}
	return nft_put_be64(skb, NFTA_QUOTA_BYTES, q->quota, NFTA_QUOTA_PAD) ||
	       nft_put_be64(skb, NFTA_QUOTA_CONSUMED, consumed,
			    NFTA_QUOTA_PAD) ||
	       nft_put_be32(skb, NFTA_QUOTA_FLAGS, flags) ? -1 : 0;
}

const struct nft_expr_ops nft_quota_ops = {
	.name = "quota",
	.policy = nft_quota_policy,
	.maxattr = NFTA_QUOTA_MAX,
	.size = sizeof(struct nft_quota),
	.init = quota_init,
	.dump = quota_dump,
	.stateful = true,
};
