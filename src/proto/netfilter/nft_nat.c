// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The NAT expressions: nat (snat, dnat), masq and redir
 * (net/netfilter/nft_nat.c, nft_masq.c, nft_redir.c).  They belong in
 * chains of the nat type, on the hooks their direction allows, which
 * the ruleset's validation checks; the registers they read hold the
 * addresses and ports.  Nothing is translated, as no packet flows.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

#define NAT_FAMILIES                                                       \
	((1u << NFPROTO_IPV4) | (1u << NFPROTO_IPV6) | (1u << NFPROTO_INET))

/* nft_chain_validate_dependency(chain, NFT_CHAIN_T_NAT) */
static int nat_chain_dependency(const struct nft_chain *chain)
{
	if (chain && (chain->flags & NFT_CHAIN_BASE) &&
	    strcmp(chain->type, "nat"))
		return -EOPNOTSUPP;
	return 0;
}

/* ---- nat ---- */

struct nft_nat {
	uint32_t type; /* NFT_NAT_SNAT, NFT_NAT_DNAT */
	uint32_t family, flags;
	uint8_t addr_min, addr_max, proto_min, proto_max;
};

static const struct unl_nla_policy nft_nat_policy[NFTA_NAT_MAX + 1] = {
	[NFTA_NAT_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_FAMILY] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_REG_ADDR_MIN] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_REG_ADDR_MAX] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_REG_PROTO_MIN] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_REG_PROTO_MAX] = { .type = UNL_NLA_U32 },
	[NFTA_NAT_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32, NF_NAT_RANGE_MASK),
};

/* A register pair: max defaults to min. */
static int nat_regs(const struct nft_ctx *ctx, const struct nlattr *min,
		    const struct nlattr *max, uint8_t *rmin, uint8_t *rmax,
		    uint32_t len)
{
	int err = nft_parse_register_load(ctx, min, rmin, len);

	if (err < 0)
		return err;
	if (!max) {
		*rmax = *rmin;
		return 0;
	}
	return nft_parse_register_load(ctx, max, rmax, len);
}

static int nat_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_nat *n = nft_expr_priv(expr);
	uint32_t alen = 0;
	int err;

	if (!tb[NFTA_NAT_TYPE] ||
	    (!tb[NFTA_NAT_REG_ADDR_MIN] && !tb[NFTA_NAT_REG_PROTO_MIN]))
		return -EINVAL;
	n->type = nft_get_be32(tb[NFTA_NAT_TYPE]);
	if (n->type != NFT_NAT_SNAT && n->type != NFT_NAT_DNAT)
		return -EOPNOTSUPP;
	if (!tb[NFTA_NAT_FAMILY])
		return -EINVAL;
	n->family = nft_get_be32(tb[NFTA_NAT_FAMILY]);
	if (ctx->family != NFPROTO_INET && ctx->family != n->family)
		return -EOPNOTSUPP;
	switch (n->family) {
	case NFPROTO_IPV4:
		alen = 4;
		break;
	case NFPROTO_IPV6:
		alen = 16;
		break;
	default:
		if (tb[NFTA_NAT_REG_ADDR_MIN])
			return -EAFNOSUPPORT;
		break;
	}
	if (tb[NFTA_NAT_REG_ADDR_MIN]) {
		err = nat_regs(ctx, tb[NFTA_NAT_REG_ADDR_MIN],
			       tb[NFTA_NAT_REG_ADDR_MAX], &n->addr_min,
			       &n->addr_max, alen);
		if (err < 0)
			return err;
		n->flags |= NF_NAT_RANGE_MAP_IPS;
	}
	if (tb[NFTA_NAT_REG_PROTO_MIN]) {
		err = nat_regs(ctx, tb[NFTA_NAT_REG_PROTO_MIN],
			       tb[NFTA_NAT_REG_PROTO_MAX], &n->proto_min,
			       &n->proto_max, 2);
		if (err < 0)
			return err;
		n->flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
	}
	if (tb[NFTA_NAT_FLAGS])
		n->flags |= nft_get_be32(tb[NFTA_NAT_FLAGS]);
	return 0;
}

static int nat_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
			unsigned int level)
{
	const struct nft_nat *n = nft_expr_priv(expr);
	int err = nat_chain_dependency(ctx->chain);

	(void)level;
	if (err < 0)
		return err;
	if (n->type == NFT_NAT_SNAT)
		return nft_chain_validate_hooks(ctx->chain,
						(1u << NF_INET_POST_ROUTING) |
						(1u << NF_INET_LOCAL_IN));
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_PRE_ROUTING) |
					(1u << NF_INET_LOCAL_OUT));
}

static int nat_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_nat *n = nft_expr_priv(expr);

	(void)reset;
	if (nft_put_be32(skb, NFTA_NAT_TYPE, n->type) ||
	    nft_put_be32(skb, NFTA_NAT_FAMILY, n->family))
		return -1;
	if (n->addr_min &&
	    (nft_dump_register(skb, NFTA_NAT_REG_ADDR_MIN, n->addr_min) ||
	     nft_dump_register(skb, NFTA_NAT_REG_ADDR_MAX, n->addr_max)))
		return -1;
	if (n->proto_min &&
	    (nft_dump_register(skb, NFTA_NAT_REG_PROTO_MIN, n->proto_min) ||
	     nft_dump_register(skb, NFTA_NAT_REG_PROTO_MAX, n->proto_max)))
		return -1;
	if (n->flags && nft_put_be32(skb, NFTA_NAT_FLAGS, n->flags))
		return -1;
	return 0;
}

const struct nft_expr_ops nft_nat_ops = {
	.name = "nat",
	.policy = nft_nat_policy,
	.maxattr = NFTA_NAT_MAX,
	.size = sizeof(struct nft_nat),
	.families = NAT_FAMILIES,
	.init = nat_init,
	.dump = nat_dump,
	.validate = nat_validate,
};

/* ---- masq and redir: the same shape ---- */

struct nft_masq {
	uint32_t flags;
	uint8_t proto_min, proto_max;
};

/* NFTA_MASQ_* and NFTA_REDIR_* have the same numbers. */
static const struct unl_nla_policy nft_masq_policy[NFTA_MASQ_MAX + 1] = {
	[NFTA_MASQ_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32, NF_NAT_RANGE_MASK),
	[NFTA_MASQ_REG_PROTO_MIN] = { .type = UNL_NLA_U32 },
	[NFTA_MASQ_REG_PROTO_MAX] = { .type = UNL_NLA_U32 },
};

static int masq_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		     const struct nlattr *const tb[])
{
	struct nft_masq *m = nft_expr_priv(expr);

	(void)ctx;
	if (tb[NFTA_MASQ_FLAGS])
		m->flags = nft_get_be32(tb[NFTA_MASQ_FLAGS]);
	if (tb[NFTA_MASQ_REG_PROTO_MIN])
		return nat_regs(ctx, tb[NFTA_MASQ_REG_PROTO_MIN],
				tb[NFTA_MASQ_REG_PROTO_MAX], &m->proto_min,
				&m->proto_max, 2);
	return 0;
}

static int masq_dump(struct unl_skb *skb, const struct nft_expr *expr,
		     bool reset)
{
	const struct nft_masq *m = nft_expr_priv(expr);

	(void)reset;
	if (m->flags && nft_put_be32(skb, NFTA_MASQ_FLAGS, m->flags))
		return -1;
	if (m->proto_min &&
	    (nft_dump_register(skb, NFTA_MASQ_REG_PROTO_MIN, m->proto_min) ||
	     nft_dump_register(skb, NFTA_MASQ_REG_PROTO_MAX, m->proto_max)))
		return -1;
	return 0;
}

static int masq_validate(const struct nft_ctx *ctx,
			 const struct nft_expr *expr, unsigned int level)
{
	int err = nat_chain_dependency(ctx->chain);

	(void)expr;
	(void)level;
	if (err < 0)
		return err;
	return nft_chain_validate_hooks(ctx->chain, 1u << NF_INET_POST_ROUTING);
}

static int redir_validate(const struct nft_ctx *ctx,
			  const struct nft_expr *expr, unsigned int level)
{
	int err = nat_chain_dependency(ctx->chain);

	(void)expr;
	(void)level;
	if (err < 0)
		return err;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_PRE_ROUTING) |
					(1u << NF_INET_LOCAL_OUT));
}

const struct nft_expr_ops nft_masq_ops = {
	.name = "masq",
	.policy = nft_masq_policy,
	.maxattr = NFTA_MASQ_MAX,
	.size = sizeof(struct nft_masq),
	.families = NAT_FAMILIES,
	.init = masq_init,
	.dump = masq_dump,
	.validate = masq_validate,
};

const struct nft_expr_ops nft_redir_ops = {
	.name = "redir",
	.policy = nft_masq_policy,
	.maxattr = NFTA_MASQ_MAX,
	.size = sizeof(struct nft_masq),
	.families = NAT_FAMILIES,
	.init = masq_init,
	.dump = masq_dump,
	.validate = redir_validate,
};
