// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The fib expression (net/netfilter/nft_fib.c and its family parts): a
 * route lookup for the packet's address, giving the output interface or
 * the address type.  Validation (which hooks each result is allowed on)
 * and the dump are modelled; no lookup is made, as no packet flows.
 */
#include <errno.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

#define NFTA_FIB_F_ALL_                                                    \
	(NFTA_FIB_F_SADDR | NFTA_FIB_F_DADDR | NFTA_FIB_F_MARK |          \
	 NFTA_FIB_F_IIF | NFTA_FIB_F_OIF | NFTA_FIB_F_PRESENT)

struct nft_fib {
	uint32_t result, flags;
	uint8_t dreg;
};

static const struct unl_nla_policy nft_fib_policy[NFTA_FIB_MAX + 1] = {
	[NFTA_FIB_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_FIB_RESULT] = { .type = UNL_NLA_U32 },
	[NFTA_FIB_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32, NFTA_FIB_F_ALL_),
};

static int fib_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_fib *f = nft_expr_priv(expr);
	uint32_t len;

	(void)ctx;
	if (!tb[NFTA_FIB_DREG] || !tb[NFTA_FIB_RESULT] || !tb[NFTA_FIB_FLAGS])
		return -EINVAL;
	f->flags = nft_get_be32(tb[NFTA_FIB_FLAGS]);
	if (f->flags == 0 || (f->flags & ~NFTA_FIB_F_ALL_))
		return -EINVAL;
	if ((f->flags & (NFTA_FIB_F_SADDR | NFTA_FIB_F_DADDR)) ==
		    (NFTA_FIB_F_SADDR | NFTA_FIB_F_DADDR) ||
	    (f->flags & (NFTA_FIB_F_IIF | NFTA_FIB_F_OIF)) ==
		    (NFTA_FIB_F_IIF | NFTA_FIB_F_OIF) ||
	    !(f->flags & (NFTA_FIB_F_SADDR | NFTA_FIB_F_DADDR)))
		return -EINVAL;
	f->result = nft_get_be32(tb[NFTA_FIB_RESULT]);
	switch (f->result) {
	case NFT_FIB_RESULT_OIF:
		if (f->flags & NFTA_FIB_F_OIF)
			return -EINVAL;
		len = 4;
		break;
	case NFT_FIB_RESULT_OIFNAME:
		if (f->flags & NFTA_FIB_F_OIF)
			return -EINVAL;
		len = 16;
		break;
	case NFT_FIB_RESULT_ADDRTYPE:
		len = 4;
		break;
	default:
		return -EINVAL;
	}
	return nft_parse_register_store(ctx, tb[NFTA_FIB_DREG], &f->dreg,
					NFT_DATA_VALUE, len);
}

/* nft_fib_validate() */
static int fib_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
			unsigned int level)
{
	const struct nft_fib *f = nft_expr_priv(expr);
	const uint32_t in = (1u << NF_INET_PRE_ROUTING) |
			    (1u << NF_INET_LOCAL_IN) | (1u << NF_INET_FORWARD);
	const uint32_t out = (1u << NF_INET_LOCAL_OUT) |
			     (1u << NF_INET_POST_ROUTING) |
			     (1u << NF_INET_FORWARD);

	(void)level;
	if (f->result != NFT_FIB_RESULT_ADDRTYPE)
		return nft_chain_validate_hooks(ctx->chain, in);
	if (f->flags & NFTA_FIB_F_IIF)
		return nft_chain_validate_hooks(ctx->chain, in);
	if (f->flags & NFTA_FIB_F_OIF)
		return nft_chain_validate_hooks(ctx->chain, out);
	return 0;
}

static int fib_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_fib *f = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_FIB_DREG, f->dreg) ||
	       nft_put_be32(skb, NFTA_FIB_RESULT, f->result) ||
	       nft_put_be32(skb, NFTA_FIB_FLAGS, f->flags) ? -1 : 0;
}

const struct nft_expr_ops nft_fib_ops = {
	.name = "fib",
	.policy = nft_fib_policy,
	.maxattr = NFTA_FIB_MAX,
	.size = sizeof(struct nft_fib),
	.families = (1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) |
		    (1u << NFPROTO_INET) | (1u << NFPROTO_NETDEV),
	.init = fib_init,
	.dump = fib_dump,
	.validate = fib_validate,
};
