// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The synproxy expression (net/netfilter/nft_synproxy.c): answers a
 * SYN with a cookie before the server sees it, with the MSS, window
 * scale and TCP options it advertises.  No packet flows: the options
 * and the hooks it may sit on are checked as Linux checks them.
 */
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_synproxy.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

struct nft_synproxy {
	uint16_t mss;
	uint8_t wscale;
	uint32_t options;
};

static const struct unl_nla_policy nft_synproxy_policy[NFTA_SYNPROXY_MAX + 1] = {
	[NFTA_SYNPROXY_MSS] = { .type = UNL_NLA_U16 },
	[NFTA_SYNPROXY_WSCALE] = { .type = UNL_NLA_U8 },
	[NFTA_SYNPROXY_FLAGS] = { .type = UNL_NLA_U32 },
};

static int synproxy_init(const struct nft_ctx *ctx,
			 const struct nft_expr *expr,
			 const struct nlattr *const tb[])
{
	struct nft_synproxy *s = nft_expr_priv(expr);
	uint32_t flags;

	(void)ctx;
	if (tb[NFTA_SYNPROXY_MSS])
		s->mss = ntohs(unl_nla_get_u16(tb[NFTA_SYNPROXY_MSS]));
	if (tb[NFTA_SYNPROXY_WSCALE])
		s->wscale = unl_nla_get_u8(tb[NFTA_SYNPROXY_WSCALE]);
	if (tb[NFTA_SYNPROXY_FLAGS]) {
		flags = nft_get_be32(tb[NFTA_SYNPROXY_FLAGS]);
		if (flags & ~NF_SYNPROXY_OPT_MASK)
			return -EOPNOTSUPP;
		s->options = flags;
	}
	return 0;
}

static int synproxy_dump(struct unl_skb *skb, const struct nft_expr *expr,
			 bool reset)
{
	const struct nft_synproxy *s = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_u16(skb, NFTA_SYNPROXY_MSS, htons(s->mss)) ||
	       unl_nla_put_u8(skb, NFTA_SYNPROXY_WSCALE, s->wscale) ||
	       nft_put_be32(skb, NFTA_SYNPROXY_FLAGS, s->options) ? -1 : 0;
}

/* nft_synproxy_validate(): the SYN of a connection to or through us */
static int synproxy_validate(const struct nft_ctx *ctx,
			     const struct nft_expr *expr, unsigned int level)
{
	(void)expr;
	(void)level;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	return nft_chain_validate_hooks(ctx->chain, (1u << NF_INET_LOCAL_IN) |
							    (1u << NF_INET_FORWARD));
}

const struct nft_expr_ops nft_synproxy_ops = {
	.name = "synproxy",
	.policy = nft_synproxy_policy,
	.maxattr = NFTA_SYNPROXY_MAX,
	.size = sizeof(struct nft_synproxy),
	.init = synproxy_init,
	.dump = synproxy_dump,
	.validate = synproxy_validate,
};

/* The synproxy object (nft_synproxy_obj_type): the same options, and
 * conntrack for the table's family (nf_ct_netns_get()); a new
 * definition of an object replaces its options. */
static int synproxy_obj_init(const struct nft_ctx *ctx,
			     const struct nft_expr *expr,
			     const struct nlattr *const tb[])
{
	int err = synproxy_init(ctx, expr, tb);

	return err < 0 ? err : nft_ct_netns_get(ctx);
}

const struct nft_expr_ops nft_synproxy_obj_ops = {
	.name = "synproxy object",
	.module = "synproxy",
	.policy = nft_synproxy_policy,
	.maxattr = NFTA_SYNPROXY_MAX,
	.size = sizeof(struct nft_synproxy),
	.init = synproxy_obj_init,
	.dump = synproxy_dump,
	/* a rule's objref to it: the hooks the expression may sit on */
	.validate = synproxy_validate,
};
