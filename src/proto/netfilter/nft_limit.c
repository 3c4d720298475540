// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The limit expression (net/netfilter/nft_limit.c): a token bucket of
 * packets or bytes per unit of time.  Its arithmetic is checked for
 * overflow as Linux checks it; the bucket itself never drains, as no
 * packet flows.
 */
#include <errno.h>

#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

#define NFT_LIMIT_PKT_BURST_DEFAULT 5
#define NSEC_PER_SEC_ 1000000000ULL

struct nft_limit {
	uint64_t rate, nsecs;
	uint32_t burst, type;
	bool invert;
};

static const struct unl_nla_policy nft_limit_policy[NFTA_LIMIT_MAX + 1] = {
	[NFTA_LIMIT_RATE] = { .type = UNL_NLA_U64 },
	[NFTA_LIMIT_UNIT] = { .type = UNL_NLA_U64 },
	[NFTA_LIMIT_BURST] = { .type = UNL_NLA_U32 },
	[NFTA_LIMIT_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_LIMIT_FLAGS] = { .type = UNL_NLA_U32 },
};

/* nft_limit_init() */
static int limit_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		      const struct nlattr *const tb[])
{
	struct nft_limit *l = nft_expr_priv(expr);
	uint64_t unit, with_burst, tokens;
	bool pkts;

	(void)ctx;
	/* nft_limit_select_ops() */
	l->type = tb[NFTA_LIMIT_TYPE] ? nft_get_be32(tb[NFTA_LIMIT_TYPE])
				      : NFT_LIMIT_PKTS;
	if (l->type != NFT_LIMIT_PKTS && l->type != NFT_LIMIT_PKT_BYTES)
		return -EOPNOTSUPP;
	pkts = l->type == NFT_LIMIT_PKTS;
	if (!tb[NFTA_LIMIT_RATE] || !tb[NFTA_LIMIT_UNIT])
		return -EINVAL;
	l->rate = nft_get_be64(tb[NFTA_LIMIT_RATE]);
	if (l->rate == 0)
		return -EINVAL;
	unit = nft_get_be64(tb[NFTA_LIMIT_UNIT]);
	if (__builtin_mul_overflow(unit, NSEC_PER_SEC_, &l->nsecs))
		return -EOVERFLOW;
	if (tb[NFTA_LIMIT_BURST])
		l->burst = nft_get_be32(tb[NFTA_LIMIT_BURST]);
	if (pkts && l->burst == 0)
		l->burst = NFT_LIMIT_PKT_BURST_DEFAULT;
	if (__builtin_add_overflow(l->rate, (uint64_t)l->burst, &with_burst))
		return -EOVERFLOW;
	if (pkts) {
		if (__builtin_mul_overflow(l->nsecs / l->rate,
					   (uint64_t)l->burst, &tokens))
			return -EOVERFLOW;
	} else if (__builtin_mul_overflow(l->nsecs, with_burst, &tokens)) {
		return -EOVERFLOW;
	}
	if (tb[NFTA_LIMIT_FLAGS]) {
		uint32_t flags = nft_get_be32(tb[NFTA_LIMIT_FLAGS]);

		if (flags & ~NFT_LIMIT_F_INV)
			return -EOPNOTSUPP;
		l->invert = flags & NFT_LIMIT_F_INV;
	}
	return 0;
}

static int limit_dump(struct unl_skb *skb, const struct nft_expr *expr,
		      bool reset)
{
	const struct nft_limit *l = nft_expr_priv(expr);

	(void)reset;
	return nft_put_be64(skb, NFTA_LIMIT_RATE, l->rate, NFTA_LIMIT_PAD) ||
	       nft_put_be64(skb, NFTA_LIMIT_UNIT, l->nsecs / NSEC_PER_SEC_,
			    NFTA_LIMIT_PAD) ||
	       nft_put_be32(skb, NFTA_LIMIT_BURST, l->burst) ||
	       nft_put_be32(skb, NFTA_LIMIT_TYPE, l->type) ||
	       nft_put_be32(skb, NFTA_LIMIT_FLAGS,
			    l->invert ? NFT_LIMIT_F_INV : 0) ? -1 : 0;
}

const struct nft_expr_ops nft_limit_ops = {
	.name = "limit",
	.policy = nft_limit_policy,
	.maxattr = NFTA_LIMIT_MAX,
	.size = sizeof(struct nft_limit),
	.init = limit_init,
	.dump = limit_dump,
	.stateful = true,
};
