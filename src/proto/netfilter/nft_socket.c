// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The expressions about the local socket a packet belongs to or is
 * steered to: socket (net/netfilter/nft_socket.c: transparent, mark,
 * wildcard, cgroup v2 of the matching socket), osf
 * (net/netfilter/nft_osf.c: the passive OS fingerprint of a SYN) and
 * tproxy (net/netfilter/nft_tproxy.c: divert to a local socket).  No
 * packet flows; keys, registers, families and hooks are checked as
 * Linux checks them.
 */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

/* ---- socket ---- */

struct nft_socket {
	uint32_t key, level;
	uint8_t dreg;
};

static const struct unl_nla_policy nft_socket_policy[NFTA_SOCKET_MAX + 1] = {
	[NFTA_SOCKET_KEY] = { .type = UNL_NLA_U32 },
	[NFTA_SOCKET_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_SOCKET_LEVEL] = { .type = UNL_NLA_U32 },
};

static int socket_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_socket *s = nft_expr_priv(expr);
	uint32_t len;

	if (!tb[NFTA_SOCKET_DREG] || !tb[NFTA_SOCKET_KEY])
		return -EINVAL;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	s->key = nft_get_be32(tb[NFTA_SOCKET_KEY]);
	switch (s->key) {
	case NFT_SOCKET_TRANSPARENT:
	case NFT_SOCKET_WILDCARD:
		len = 1;
		break;
	case NFT_SOCKET_MARK:
		len = 4;
		break;
	case NFT_SOCKET_CGROUPV2:
		if (!tb[NFTA_SOCKET_LEVEL])
			return -EINVAL;
		s->level = nft_get_be32(tb[NFTA_SOCKET_LEVEL]);
		if (s->level > 255)
			return -EOPNOTSUPP;
		len = 8;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_parse_register_store(ctx, tb[NFTA_SOCKET_DREG], &s->dreg,
					NFT_DATA_VALUE, len);
}

static int socket_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_socket *s = nft_expr_priv(expr);

	(void)reset;
	if (nft_put_be32(skb, NFTA_SOCKET_KEY, s->key) ||
	    nft_dump_register(skb, NFTA_SOCKET_DREG, s->dreg))
		return -1;
	if (s->key == NFT_SOCKET_CGROUPV2 &&
	    nft_put_be32(skb, NFTA_SOCKET_LEVEL, s->level))
		return -1;
	return 0;
}

/* nft_socket_validate(): the socket lookup needs a packet to or from
 * this host */
static int socket_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	(void)expr;
	(void)level;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_PRE_ROUTING) |
						(1u << NF_INET_LOCAL_IN) |
						(1u << NF_INET_LOCAL_OUT));
}

const struct nft_expr_ops nft_socket_ops = {
	.name = "socket",
	.policy = nft_socket_policy,
	.maxattr = NFTA_SOCKET_MAX,
	.size = sizeof(struct nft_socket),
	.init = socket_init,
	.dump = socket_dump,
	.validate = socket_validate,
};

/* ---- osf ---- */

struct nft_osf {
	uint8_t dreg, ttl;
	uint32_t flags;
};

static const struct unl_nla_policy nft_osf_policy[NFTA_OSF_MAX + 1] = {
	[NFTA_OSF_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_OSF_TTL] = { .type = UNL_NLA_U8 },
	[NFTA_OSF_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32, NFT_OSF_F_VERSION),
};

static int osf_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_osf *o = nft_expr_priv(expr);

	(void)ctx;
	if (!tb[NFTA_OSF_DREG])
		return -EINVAL;
	if (tb[NFTA_OSF_TTL]) {
		o->ttl = unl_nla_get_u8(tb[NFTA_OSF_TTL]);
		if (o->ttl > 2)
			return -EINVAL;
	}
	if (tb[NFTA_OSF_FLAGS]) {
		o->flags = nft_get_be32(tb[NFTA_OSF_FLAGS]);
		if (o->flags != NFT_OSF_F_VERSION)
			return -EINVAL;
	}
	return nft_parse_register_store(ctx, tb[NFTA_OSF_DREG], &o->dreg,
					NFT_DATA_VALUE, NFT_OSF_MAXGENRELEN);
}

static int osf_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_osf *o = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_u8(skb, NFTA_OSF_TTL, o->ttl) ||
	       nft_put_be32(skb, NFTA_OSF_FLAGS, o->flags) ||
	       nft_dump_register(skb, NFTA_OSF_DREG, o->dreg) ? -1 : 0;
}

/* nft_osf_validate(): a SYN on its way in, of IPv4 */
static int osf_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
			unsigned int level)
{
	(void)expr;
	(void)level;
	if (ctx->family != NFPROTO_IPV4 && ctx->family != NFPROTO_INET)
		return -EOPNOTSUPP;
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_LOCAL_IN) |
						(1u << NF_INET_PRE_ROUTING) |
						(1u << NF_INET_FORWARD));
}

const struct nft_expr_ops nft_osf_ops = {
	.name = "osf",
	.policy = nft_osf_policy,
	.maxattr = NFTA_OSF_MAX,
	.size = sizeof(struct nft_osf),
	.init = osf_init,
	.dump = osf_dump,
	.validate = osf_validate,
};

/* ---- tproxy ---- */

struct nft_tproxy {
	uint32_t family;
	uint8_t sreg_addr, sreg_port;
};

static const struct unl_nla_policy nft_tproxy_policy[NFTA_TPROXY_MAX + 1] = {
	[NFTA_TPROXY_FAMILY] = { .type = UNL_NLA_U32 },
	[NFTA_TPROXY_REG_ADDR] = { .type = UNL_NLA_U32 },
	[NFTA_TPROXY_REG_PORT] = { .type = UNL_NLA_U32 },
};

static int tproxy_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_tproxy *t = nft_expr_priv(expr);
	uint32_t alen;
	int err;

	if (!tb[NFTA_TPROXY_FAMILY] ||
	    (!tb[NFTA_TPROXY_REG_ADDR] && !tb[NFTA_TPROXY_REG_PORT]))
		return -EINVAL;
	t->family = nft_get_be32(tb[NFTA_TPROXY_FAMILY]);
	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
		if (t->family != ctx->family)
			return -EINVAL;
		break;
	case NFPROTO_INET:
		break;
	default:
		return -EOPNOTSUPP;
	}
	/* an address needs to know its family */
	if (t->family == NFPROTO_UNSPEC && tb[NFTA_TPROXY_REG_ADDR])
		return -EINVAL;
	switch (t->family) {
	case NFPROTO_IPV4:
		alen = 4;
		break;
	case NFPROTO_IPV6:
		alen = 16;
		break;
	case NFPROTO_UNSPEC:
		alen = 0;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (tb[NFTA_TPROXY_REG_ADDR]) {
		err = nft_parse_register_load(ctx, tb[NFTA_TPROXY_REG_ADDR],
					      &t->sreg_addr, alen);
		if (err < 0)
			return err;
	}
	if (tb[NFTA_TPROXY_REG_PORT]) {
		err = nft_parse_register_load(ctx, tb[NFTA_TPROXY_REG_PORT],
					      &t->sreg_port, 2);
		if (err < 0)
			return err;
	}
	return 0;
}

static int tproxy_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_tproxy *t = nft_expr_priv(expr);

	(void)reset;
	if (nft_put_be32(skb, NFTA_TPROXY_FAMILY, t->family))
		return -1;
	if (t->sreg_addr &&
	    nft_dump_register(skb, NFTA_TPROXY_REG_ADDR, t->sreg_addr))
		return -1;
	if (t->sreg_port &&
	    nft_dump_register(skb, NFTA_TPROXY_REG_PORT, t->sreg_port))
		return -1;
	return 0;
}

/* nft_tproxy_validate(): a packet is diverted before routing only */
static int tproxy_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	(void)expr;
	(void)level;
	if (!(NFT_FAMS_IP_ & NFT_FAM_(ctx->family)))
		return -EOPNOTSUPP;
	return nft_chain_validate_hooks(ctx->chain, 1u << NF_INET_PRE_ROUTING);
}

const struct nft_expr_ops nft_tproxy_ops = {
	.name = "tproxy",
	.policy = nft_tproxy_policy,
	.maxattr = NFTA_TPROXY_MAX,
	.size = sizeof(struct nft_tproxy),
	.init = tproxy_init,
	.dump = tproxy_dump,
	.validate = tproxy_validate,
};

uint32_t nft_tproxy_family(const struct nft_expr *expr)
{
	const struct nft_tproxy *t = nft_expr_priv(expr);

	return t->family;
}
