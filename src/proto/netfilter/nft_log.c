// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The log expression (net/netfilter/nft_log.c): to the kernel log at a
 * level, or to an nfnetlink_log group.  Only validation and the dump are
 * modelled: nothing is ever logged, as no packet flows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter/nf_log.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"

#define NF_LOG_PREFIXLEN 128

struct nft_log {
	char *prefix; /* NULL: none given */
	bool ulog;    /* a group: NF_LOG_TYPE_ULOG */
	uint32_t level, flags, snaplen;
	uint16_t group, qthreshold;
	bool has_snaplen;
};

static const struct unl_nla_policy nft_log_policy[NFTA_LOG_MAX + 1] = {
	[NFTA_LOG_GROUP] = { .type = UNL_NLA_U16 },
	[NFTA_LOG_PREFIX] = { .type = UNL_NLA_STRING,
			      .len = NF_LOG_PREFIXLEN - 1 },
	[NFTA_LOG_SNAPLEN] = { .type = UNL_NLA_U32 },
	[NFTA_LOG_QTHRESHOLD] = { .type = UNL_NLA_U16 },
	[NFTA_LOG_LEVEL] = { .type = UNL_NLA_U32 },
	[NFTA_LOG_FLAGS] = { .type = UNL_NLA_U32 },
};

static int log_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_log *l = nft_expr_priv(expr);

	(void)ctx;
	if (tb[NFTA_LOG_LEVEL] && tb[NFTA_LOG_GROUP])
		return -EINVAL;
	if (tb[NFTA_LOG_GROUP]) {
		l->ulog = true;
		if (tb[NFTA_LOG_FLAGS])
			return -EINVAL;
	}
	l->level = tb[NFTA_LOG_LEVEL] ? nft_get_be32(tb[NFTA_LOG_LEVEL])
				      : NFT_LOGLEVEL_WARNING;
	if (l->level > NFT_LOGLEVEL_AUDIT)
		return -EINVAL;
	if (tb[NFTA_LOG_FLAGS]) {
		l->flags = nft_get_be32(tb[NFTA_LOG_FLAGS]);
		if (l->flags & ~NF_LOG_MASK)
			return -EINVAL;
	}
	if (l->ulog) {
		l->group = ntohs(unl_nla_get_u16(tb[NFTA_LOG_GROUP]));
		if (tb[NFTA_LOG_SNAPLEN]) {
			l->snaplen = nft_get_be32(tb[NFTA_LOG_SNAPLEN]);
			l->has_snaplen = true;
		}
		if (tb[NFTA_LOG_QTHRESHOLD])
			l->qthreshold =
				ntohs(unl_nla_get_u16(tb[NFTA_LOG_QTHRESHOLD]));
	}
	if (tb[NFTA_LOG_PREFIX]) {
		l->prefix = nft_nla_strdup(tb[NFTA_LOG_PREFIX]);
		if (!l->prefix)
			return -ENOMEM;
	}
	return 0;
}

static void log_destroy(const struct nft_ctx *ctx, const struct nft_expr *expr)
{
	(void)ctx;
	free(((struct nft_log *)nft_expr_priv(expr))->prefix);
}

static int log_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_log *l = nft_expr_priv(expr);

	(void)reset;
	if (l->prefix && unl_nla_put_string(skb, NFTA_LOG_PREFIX, l->prefix))
		return -1;
	if (!l->ulog)
		return nft_put_be32(skb, NFTA_LOG_LEVEL, l->level) ||
		       (l->flags && nft_put_be32(skb, NFTA_LOG_FLAGS, l->flags))
		       ? -1 : 0;
	if (unl_nla_put_u16(skb, NFTA_LOG_GROUP, htons(l->group)))
		return -1;
	if (l->has_snaplen && nft_put_be32(skb, NFTA_LOG_SNAPLEN, l->snaplen))
		return -1;
	if (l->qthreshold &&
	    unl_nla_put_u16(skb, NFTA_LOG_QTHRESHOLD, htons(l->qthreshold)))
		return -1;
	return 0;
}

const struct nft_expr_ops nft_log_ops = {
	.name = "log",
	.policy = nft_log_policy,
	.maxattr = NFTA_LOG_MAX,
	.size = sizeof(struct nft_log),
	.init = log_init,
	.destroy = log_destroy,
	.dump = log_dump,
};
