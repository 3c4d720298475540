// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The queue expression (net/netfilter/nft_queue.c): hands the packet
 * to a userspace program through nfnetlink_queue, to a fixed queue
 * (spread over a range of them) or to one a register names.  No packet
 * flows: numbers, flags and hooks are checked as Linux checks them.
 */
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nft_extra.h"

struct nft_queue {
	uint16_t queuenum, queues_total, flags;
	uint8_t sreg_qnum; /* 0: a fixed queue */
};

static const struct unl_nla_policy nft_queue_policy[NFTA_QUEUE_MAX + 1] = {
	[NFTA_QUEUE_NUM] = { .type = UNL_NLA_U16 },
	[NFTA_QUEUE_TOTAL] = { .type = UNL_NLA_U16 },
	[NFTA_QUEUE_FLAGS] = { .type = UNL_NLA_U16 },
	[NFTA_QUEUE_SREG_QNUM] = { .type = UNL_NLA_U32 },
};

static uint16_t be16_of(const struct nlattr *a)
{
	return ntohs(unl_nla_get_u16(a));
}

/* nft_queue_init() */
static int queue_num_init(struct nft_queue *q, const struct nlattr *const tb[])
{
	uint32_t maxid;

	q->queuenum = be16_of(tb[NFTA_QUEUE_NUM]);
	q->queues_total = tb[NFTA_QUEUE_TOTAL] ? be16_of(tb[NFTA_QUEUE_TOTAL])
					       : 1;
	if (q->queues_total == 0)
		return -EINVAL;
	maxid = (uint32_t)q->queues_total - 1 + q->queuenum;
	if (maxid > UINT16_MAX)
		return -ERANGE;
	if (tb[NFTA_QUEUE_FLAGS]) {
		q->flags = be16_of(tb[NFTA_QUEUE_FLAGS]);
		if (q->flags & ~NFT_QUEUE_FLAG_MASK)
			return -EINVAL;
	}
	return 0;
}

/* nft_queue_sreg_init() */
static int queue_sreg_init(const struct nft_ctx *ctx, struct nft_queue *q,
			   const struct nlattr *const tb[])
{
	int err = nft_parse_register_load(ctx, tb[NFTA_QUEUE_SREG_QNUM],
					  &q->sreg_qnum, 4);

	if (err < 0)
		return err;
	if (tb[NFTA_QUEUE_FLAGS]) {
		q->flags = be16_of(tb[NFTA_QUEUE_FLAGS]);
		if (q->flags & ~NFT_QUEUE_FLAG_MASK)
			return -EINVAL;
		if (q->flags & NFT_QUEUE_FLAG_CPU_FANOUT)
			return -EOPNOTSUPP;
	}
	return 0;
}

static int queue_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		      const struct nlattr *const tb[])
{
	struct nft_queue *q = nft_expr_priv(expr);

	/* nft_queue_select_ops() */
	if (tb[NFTA_QUEUE_NUM] && tb[NFTA_QUEUE_SREG_QNUM])
		return -EINVAL;
	if (tb[NFTA_QUEUE_NUM])
		return queue_num_init(q, tb);
	if (tb[NFTA_QUEUE_SREG_QNUM])
		return queue_sreg_init(ctx, q, tb);
	return -EINVAL;
}

static int queue_dump(struct unl_skb *skb, const struct nft_expr *expr,
		      bool reset)
{
	const struct nft_queue *q = nft_expr_priv(expr);

	(void)reset;
	if (q->sreg_qnum)
		return nft_dump_register(skb, NFTA_QUEUE_SREG_QNUM,
					 q->sreg_qnum) ||
		       unl_nla_put_u16(skb, NFTA_QUEUE_FLAGS, htons(q->flags))
		       ? -1 : 0;
	return unl_nla_put_u16(skb, NFTA_QUEUE_NUM, htons(q->queuenum)) ||
	       unl_nla_put_u16(skb, NFTA_QUEUE_TOTAL,
			       htons(q->queues_total)) ||
	       unl_nla_put_u16(skb, NFTA_QUEUE_FLAGS, htons(q->flags)) ? -1
								       : 0;
}

/* nft_queue_validate(): the families whose hooks can reinject */
static int queue_validate(const struct nft_ctx *ctx,
			  const struct nft_expr *expr, unsigned int level)
{
	(void)expr;
	(void)level;
	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_INET:
	case NFPROTO_BRIDGE:
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_chain_validate_hooks(ctx->chain,
					(1u << NF_INET_PRE_ROUTING) |
						(1u << NF_INET_LOCAL_IN) |
						(1u << NF_INET_FORWARD) |
						(1u << NF_INET_LOCAL_OUT) |
						(1u << NF_INET_POST_ROUTING));
}

const struct nft_expr_ops nft_queue_ops = {
	.name = "queue",
	.policy = nft_queue_policy,
	.maxattr = NFTA_QUEUE_MAX,
	.size = sizeof(struct nft_queue),
	.init = queue_init,
	.dump = queue_dump,
	.validate = queue_validate,
};
