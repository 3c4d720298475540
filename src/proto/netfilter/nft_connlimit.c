// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Two stateful expressions: connlimit (net/netfilter/nft_connlimit.c:
 * matches while the connections counted stay at most a limit, or above
 * it when inverted) and last (net/netfilter/nft_last.c: when a rule
 * last matched).  No packet flows, so no connection is counted and no
 * rule ever matches: `last` stays "never" unless a client restores a
 * time.
 */
#include <time.h>

#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

/* ---- connlimit ---- */

struct nft_connlimit {
	uint32_t limit;
	bool invert;
};

static const struct unl_nla_policy nft_connlimit_policy[NFTA_CONNLIMIT_MAX + 1] = {
	[NFTA_CONNLIMIT_COUNT] = { .type = UNL_NLA_U32 },
	[NFTA_CONNLIMIT_FLAGS] = { .type = UNL_NLA_U32 },
};

static int connlimit_init(const struct nft_ctx *ctx,
			  const struct nft_expr *expr,
			  const struct nlattr *const tb[])
{
	struct nft_connlimit *c = nft_expr_priv(expr);
	uint32_t flags = 0;

	(void)ctx;
	if (!tb[NFTA_CONNLIMIT_COUNT])
		return -EINVAL;
	c->limit = nft_get_be32(tb[NFTA_CONNLIMIT_COUNT]);
	if (tb[NFTA_CONNLIMIT_FLAGS]) {
		flags = nft_get_be32(tb[NFTA_CONNLIMIT_FLAGS]);
		if (flags & ~NFT_CONNLIMIT_F_INV)
			return -EOPNOTSUPP;
	}
	c->invert = flags & NFT_CONNLIMIT_F_INV;
	return 0;
}

static int connlimit_dump(struct unl_skb *skb, const struct nft_expr *expr,
			  bool reset)
{
	const struct nft_connlimit *c = nft_expr_priv(expr);

	(void)reset;
	return nft_put_be32(skb, NFTA_CONNLIMIT_COUNT, c->limit) ||
	       nft_put_be32(skb, NFTA_CONNLIMIT_FLAGS,
			    c->invert ? NFT_CONNLIMIT_F_INV : 0) ? -1 : 0;
}

const struct nft_expr_ops nft_connlimit_ops = {
	.name = "connlimit",
	.policy = nft_connlimit_policy,
	.maxattr = NFTA_CONNLIMIT_MAX,
	.size = sizeof(struct nft_connlimit),
	.init = connlimit_init,
	.dump = connlimit_dump,
};

/* ---- last ---- */

struct nft_last {
	uint32_t set; /* dumped back as given */
	uint64_t when_ms; /* CLOCK_MONOTONIC, of the last match */
};

static const struct unl_nla_policy nft_last_policy[NFTA_LAST_MAX + 1] = {
	[NFTA_LAST_SET] = { .type = UNL_NLA_U32 },
	[NFTA_LAST_MSECS] = { .type = UNL_NLA_U64 },
};

static uint64_t last_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* nft_last_init(): a restored ruleset says how long ago it matched */
static int last_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		     const struct nlattr *const tb[])
{
	struct nft_last *l = nft_expr_priv(expr);
	uint64_t ago, now = last_now_ms();

	(void)ctx;
	if (tb[NFTA_LAST_SET])
		l->set = nft_get_be32(tb[NFTA_LAST_SET]);
	if (l->set && tb[NFTA_LAST_MSECS]) {
		ago = be64toh(unl_nla_get_u64(tb[NFTA_LAST_MSECS]));
		l->when_ms = ago < now ? now - ago : 0;
	} else {
		l->when_ms = now;
	}
	return 0;
}

static int last_dump(struct unl_skb *skb, const struct nft_expr *expr,
		     bool reset)
{
	const struct nft_last *l = nft_expr_priv(expr);
	uint64_t now = last_now_ms(), ms = 0;

	(void)reset;
	if (l->set && now > l->when_ms)
		ms = now - l->when_ms;
	return nft_put_be32(skb, NFTA_LAST_SET, l->set) ||
	       nft_put_be64(skb, NFTA_LAST_MSECS, ms, NFTA_LAST_PAD) ? -1 : 0;
}

const struct nft_expr_ops nft_last_ops = {
	.name = "last",
	.policy = nft_last_policy,
	.maxattr = NFTA_LAST_MAX,
	.size = sizeof(struct nft_last),
	.init = last_init,
	.dump = last_dump,
};
