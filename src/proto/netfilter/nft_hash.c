// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The expressions that make a number for load balancing: hash
 * (net/netfilter/nft_hash.c: jhash of a register, or the symmetric
 * hash of the flow) and numgen (net/netfilter/nft_numgen.c: a counter
 * or a random number), each taken modulo a bound plus an offset.
 */
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

/* ---- hash ---- */

struct nft_hash {
	uint32_t type, len, modulus, seed, offset;
	bool autogen_seed;
	uint8_t sreg, dreg;
};

static const struct unl_nla_policy nft_hash_policy[NFTA_HASH_MAX + 1] = {
	[NFTA_HASH_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_HASH_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_HASH_LEN] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_HASH_MODULUS] = { .type = UNL_NLA_U32 },
	[NFTA_HASH_SEED] = { .type = UNL_NLA_U32 },
	[NFTA_HASH_OFFSET] = { .type = UNL_NLA_U32 },
	[NFTA_HASH_TYPE] = { .type = UNL_NLA_U32 },
};

/* The bound and offset both kinds share: values must not wrap. */
static int hash_parse_range(struct nft_hash *h,
			    const struct nlattr *const tb[])
{
	h->modulus = nft_get_be32(tb[NFTA_HASH_MODULUS]);
	if (h->modulus < 1)
		return -ERANGE;
	if (h->offset + h->modulus - 1 < h->offset)
		return -EOVERFLOW;
	return 0;
}

/* nft_jhash_init() */
static int jhash_init(const struct nft_ctx *ctx, struct nft_hash *h,
		      const struct nlattr *const tb[])
{
	int err;

	if (!tb[NFTA_HASH_SREG] || !tb[NFTA_HASH_DREG] || !tb[NFTA_HASH_LEN] ||
	    !tb[NFTA_HASH_MODULUS])
		return -EINVAL;
	if (tb[NFTA_HASH_OFFSET])
		h->offset = nft_get_be32(tb[NFTA_HASH_OFFSET]);
	err = nft_parse_u32_check(tb[NFTA_HASH_LEN], 255, &h->len);
	if (err < 0)
		return err;
	if (h->len == 0)
		return -ERANGE;
	err = nft_parse_register_load(ctx, tb[NFTA_HASH_SREG], &h->sreg, h->len);
	if (err < 0)
		return err;
	err = hash_parse_range(h, tb);
	if (err < 0)
		return err;
	/* Linux draws a random seed, which it never dumps. */
	if (tb[NFTA_HASH_SEED])
		h->seed = nft_get_be32(tb[NFTA_HASH_SEED]);
	else
		h->autogen_seed = true;
	return nft_parse_register_store(ctx, tb[NFTA_HASH_DREG], &h->dreg,
					NFT_DATA_VALUE, 4);
}

/* nft_symhash_init() */
static int symhash_init(const struct nft_ctx *ctx, struct nft_hash *h,
			const struct nlattr *const tb[])
{
	int err;

	if (!tb[NFTA_HASH_DREG] || !tb[NFTA_HASH_MODULUS])
		return -EINVAL;
	if (tb[NFTA_HASH_OFFSET])
		h->offset = nft_get_be32(tb[NFTA_HASH_OFFSET]);
	err = hash_parse_range(h, tb);
	if (err < 0)
		return err;
	return nft_parse_register_store(ctx, tb[NFTA_HASH_DREG], &h->dreg,
					NFT_DATA_VALUE, 4);
}

static int hash_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		     const struct nlattr *const tb[])
{
	struct nft_hash *h = nft_expr_priv(expr);

	h->type = tb[NFTA_HASH_TYPE] ? nft_get_be32(tb[NFTA_HASH_TYPE])
				     : NFT_HASH_JENKINS;
	switch (h->type) {
	case NFT_HASH_JENKINS:
		return jhash_init(ctx, h, tb);
	case NFT_HASH_SYM:
		return symhash_init(ctx, h, tb);
	default:
		return -EOPNOTSUPP;
	}
}

static int hash_dump(struct unl_skb *skb, const struct nft_expr *expr,
		     bool reset)
{
	const struct nft_hash *h = nft_expr_priv(expr);

	(void)reset;
	if (h->type == NFT_HASH_JENKINS &&
	    nft_dump_register(skb, NFTA_HASH_SREG, h->sreg))
		return -1;
	if (nft_dump_register(skb, NFTA_HASH_DREG, h->dreg))
		return -1;
	if (h->type == NFT_HASH_JENKINS &&
	    nft_put_be32(skb, NFTA_HASH_LEN, h->len))
		return -1;
	if (nft_put_be32(skb, NFTA_HASH_MODULUS, h->modulus))
		return -1;
	if (h->type == NFT_HASH_JENKINS && !h->autogen_seed &&
	    nft_put_be32(skb, NFTA_HASH_SEED, h->seed))
		return -1;
	if (h->offset && nft_put_be32(skb, NFTA_HASH_OFFSET, h->offset))
		return -1;
	return nft_put_be32(skb, NFTA_HASH_TYPE, h->type) ? -1 : 0;
}

const struct nft_expr_ops nft_hash_ops = {
	.name = "hash",
	.policy = nft_hash_policy,
	.maxattr = NFTA_HASH_MAX,
	.size = sizeof(struct nft_hash),
	.init = hash_init,
	.dump = hash_dump,
};

/* ---- numgen ---- */

struct nft_numgen {
	uint32_t type, modulus, offset;
	uint8_t dreg;
};

static const struct unl_nla_policy nft_ng_policy[NFTA_NG_MAX + 1] = {
	[NFTA_NG_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_NG_MODULUS] = { .type = UNL_NLA_U32 },
	[NFTA_NG_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_NG_OFFSET] = { .type = UNL_NLA_U32 },
};

static int numgen_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_numgen *n = nft_expr_priv(expr);

	/* nft_ng_select_ops() */
	if (!tb[NFTA_NG_DREG] || !tb[NFTA_NG_MODULUS] || !tb[NFTA_NG_TYPE])
		return -EINVAL;
	n->type = nft_get_be32(tb[NFTA_NG_TYPE]);
	if (n->type != NFT_NG_INCREMENTAL && n->type != NFT_NG_RANDOM)
		return -EINVAL;
	/* nft_ng_inc_init(), nft_ng_random_init() */
	if (tb[NFTA_NG_OFFSET])
		n->offset = nft_get_be32(tb[NFTA_NG_OFFSET]);
	n->modulus = nft_get_be32(tb[NFTA_NG_MODULUS]);
	if (n->modulus == 0)
		return -ERANGE;
	if (n->offset + n->modulus - 1 < n->offset)
		return -EOVERFLOW;
	return nft_parse_register_store(ctx, tb[NFTA_NG_DREG], &n->dreg,
					NFT_DATA_VALUE, 4);
}

static int numgen_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_numgen *n = nft_expr_priv(expr);

	(void)reset;
	return nft_dump_register(skb, NFTA_NG_DREG, n->dreg) ||
	       nft_put_be32(skb, NFTA_NG_MODULUS, n->modulus) ||
	       nft_put_be32(skb, NFTA_NG_TYPE, n->type) ||
	       nft_put_be32(skb, NFTA_NG_OFFSET, n->offset) ? -1 : 0;
}

const struct nft_expr_ops nft_numgen_ops = {
	.name = "numgen",
	.policy = nft_ng_policy,
	.maxattr = NFTA_NG_MAX,
	.size = sizeof(struct nft_numgen),
	.init = numgen_init,
	.dump = numgen_dump,
};
