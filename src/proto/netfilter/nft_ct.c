// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ct expression (net/netfilter/nft_ct.c): loading a field of the
 * packet's conntrack entry into a register, or setting one (mark,
 * secmark, labels, event mask, zone).  No packet flows, so only the
 * validation and the dump are modelled.
 */
#include <errno.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

#define IP_CT_DIR_ORIGINAL 0
#define IP_CT_DIR_REPLY 1
#define IP_CT_DIR_MAX 2

struct nft_ct {
	uint32_t key;
	uint8_t dir;
	uint8_t reg;
	bool set;
};

static const struct unl_nla_policy nft_ct_policy[NFTA_CT_MAX + 1] = {
	[NFTA_CT_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_CT_KEY] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_CT_DIRECTION] = { .type = UNL_NLA_U8 },
	[NFTA_CT_SREG] = { .type = UNL_NLA_U32 },
};

/* How many bytes a key loads, 0 for one that takes no direction but got
 * one, -errno for what Linux refuses (nft_ct_get_init()). */
static int ct_get_len(uint32_t key, bool has_dir, uint8_t family)
{
	switch (key) {
	case NFT_CT_DIRECTION:
		return has_dir ? -EINVAL : 1;
	case NFT_CT_STATE:
	case NFT_CT_STATUS:
	case NFT_CT_MARK:
	case NFT_CT_SECMARK:
	case NFT_CT_EXPIRATION:
	case NFT_CT_ID:
		return has_dir ? -EINVAL : 4;
	case NFT_CT_LABELS:
	case NFT_CT_HELPER:
		return has_dir ? -EINVAL : 16;
	case NFT_CT_L3PROTOCOL:
	case NFT_CT_PROTOCOL:
		return 1; /* a direction is tolerated, for old nft */
	case NFT_CT_SRC:
	case NFT_CT_DST:
		if (!has_dir)
			return -EINVAL;
		switch (family) {
		case NFPROTO_IPV4:
			return 4;
		case NFPROTO_IPV6:
		case NFPROTO_INET:
			return 16;
		default:
			return -EAFNOSUPPORT;
		}
	case NFT_CT_SRC_IP:
	case NFT_CT_DST_IP:
		return has_dir ? 4 : -EINVAL;
	case NFT_CT_SRC_IP6:
	case NFT_CT_DST_IP6:
		return has_dir ? 16 : -EINVAL;
	case NFT_CT_PROTO_SRC:
	case NFT_CT_PROTO_DST:
		return has_dir ? 2 : -EINVAL;
	case NFT_CT_BYTES:
	case NFT_CT_PKTS:
	case NFT_CT_AVGPKT:
		return 8;
	case NFT_CT_ZONE:
		return 2;
	default:
		return -EOPNOTSUPP;
	}
}

/* nft_ct_set_init(): what a key stores. */
static int ct_set_len(uint32_t key, bool has_dir)
{
	switch (key) {
	case NFT_CT_MARK:
	case NFT_CT_SECMARK:
	case NFT_CT_EVENTMASK:
		return has_dir ? -EINVAL : 4;
	case NFT_CT_LABELS:
		return has_dir ? -EINVAL : 16;
	case NFT_CT_ZONE:
		return 2;
	default:
		return -EOPNOTSUPP;
	}
}

static int ct_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		   const struct nlattr *const tb[])
{
	struct nft_ct *ct = nft_expr_priv(expr);
	bool has_dir = tb[NFTA_CT_DIRECTION] != NULL;
	int len, err;

	/* nft_ct_select_ops() */
	if (!tb[NFTA_CT_KEY])
		return -EINVAL;
	if (tb[NFTA_CT_DREG] && tb[NFTA_CT_SREG])
		return -EINVAL;
	if (!tb[NFTA_CT_DREG] && !tb[NFTA_CT_SREG])
		return -EINVAL;
	ct->key = nft_get_be32(tb[NFTA_CT_KEY]);
	ct->set = tb[NFTA_CT_SREG] != NULL;
	len = ct->set ? ct_set_len(ct->key, has_dir)
		      : ct_get_len(ct->key, has_dir, ctx->family);
	if (len < 0)
		return len;
	ct->dir = IP_CT_DIR_MAX;
	if (has_dir) {
		ct->dir = unl_nla_get_u8(tb[NFTA_CT_DIRECTION]);
		if (ct->dir != IP_CT_DIR_ORIGINAL && ct->dir != IP_CT_DIR_REPLY)
			return -EINVAL;
	}
	if (ct->set)
		err = nft_parse_register_load(ctx, tb[NFTA_CT_SREG], &ct->reg,
					      (uint32_t)len);
	else
		err = nft_parse_register_store(ctx, tb[NFTA_CT_DREG], &ct->reg,
					       NFT_DATA_VALUE, (uint32_t)len);
	/* then conntrack for the table's family: none in arp, netdev */
	return err < 0 ? err : nft_ct_netns_get(ctx);
}

/* The keys whose dump names their direction. */
static bool ct_dump_dir(const struct nft_ct *ct)
{
	switch (ct->key) {
	case NFT_CT_SRC:
	case NFT_CT_DST:
	case NFT_CT_SRC_IP:
	case NFT_CT_DST_IP:
	case NFT_CT_SRC_IP6:
	case NFT_CT_DST_IP6:
	case NFT_CT_PROTO_SRC:
	case NFT_CT_PROTO_DST:
		return !ct->set;
	case NFT_CT_BYTES:
	case NFT_CT_PKTS:
	case NFT_CT_AVGPKT:
	case NFT_CT_ZONE:
		return ct->dir < IP_CT_DIR_MAX;
	default:
		return false;
	}
}

static int ct_dump(struct unl_skb *skb, const struct nft_expr *expr,
		   bool reset)
{
	const struct nft_ct *ct = nft_expr_priv(expr);

	(void)reset;
	if (ct->set) {
		if (nft_dump_register(skb, NFTA_CT_SREG, ct->reg) ||
		    nft_put_be32(skb, NFTA_CT_KEY, ct->key))
			return -1;
	} else if (nft_dump_register(skb, NFTA_CT_DREG, ct->reg) ||
		   nft_put_be32(skb, NFTA_CT_KEY, ct->key)) {
		return -1;
	}
	if (ct_dump_dir(ct) && unl_nla_put_u8(skb, NFTA_CT_DIRECTION, ct->dir))
		return -1;
	return 0;
}

/* notrack: no conntrack entry for the packet (nft_notrack_ops); it has
 * no attributes, and Linux accepts it on any hook. */
const struct nft_expr_ops nft_notrack_ops = {
	.name = "notrack",
	.module = "ct",
};

const struct nft_expr_ops nft_ct_ops = {
	.name = "ct",
	.policy = nft_ct_policy,
	.maxattr = NFTA_CT_MAX,
	.size = sizeof(struct nft_ct),
	.init = ct_init,
	.dump = ct_dump,
};
