// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stateful objects of net/netfilter/nft_ct.c (ct helper, ct timeout,
 * ct expectation) and nft_meta.c's secmark: what a rule's `ct helper
 * set`, `ct timeout set`, `ct expectation set` and `meta secmark set`
 * name.  Each is the state of an nf_tables object (nf_tables_obj.c),
 * made from NFTA_OBJ_DATA with its type's policy and dumped back into
 * it.  No packet flows: what is kept is what Linux checks and dumps.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nf_conntrack_helper.h"
#include "proto/netfilter/nft_extra.h"

#define NF_CT_HELPER_NAME_LEN_ 16

int nft_ct_netns_get(const struct nft_ctx *ctx)
{
	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_INET:
		return 0;
	case NFPROTO_BRIDGE:
		/* nf_conntrack_bridge, when the kernel has it */
		return unl_profile_has(ctx->nft->profile, UNL_PROFILE_FEATURE,
				       "NF_CONNTRACK_BRIDGE")
			       ? 0
			       : -EPROTO;
	default:
		return -EPROTO;
	}
}

static uint16_t nft_get_be16_(const struct nlattr *a)
{
	return ntohs(unl_nla_get_u16(a));
}

/* ---- ct helper ---- */

struct nft_ct_helper_obj {
	struct nf_ct_helper *helper4, *helper6;
	uint8_t l4proto;
};

static const struct unl_nla_policy
	nft_ct_helper_policy[NFTA_CT_HELPER_MAX + 1] = {
	[NFTA_CT_HELPER_NAME] = { .type = UNL_NLA_STRING,
				  .len = NF_CT_HELPER_NAME_LEN_ - 1 },
	[NFTA_CT_HELPER_L3PROTO] = { .type = UNL_NLA_U16 },
	[NFTA_CT_HELPER_L4PROTO] = { .type = UNL_NLA_U8 },
};

static void ct_helper_obj_put(struct nft_ct_helper_obj *h)
{
	nf_ct_helper_put(h->helper4);
	nf_ct_helper_put(h->helper6);
	h->helper4 = h->helper6 = NULL;
}

/* nft_ct_helper_obj_init(): the helper of each family the object is
 * for (an inet object takes either, and needs one of them) */
static int ct_helper_obj_init(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      const struct nlattr *const tb[])
{
	struct nft_ct_helper_obj *h = nft_expr_priv(expr);
	struct unl_net *net = ctx->nft->net;
	char name[NF_CT_HELPER_NAME_LEN_];
	uint16_t family = ctx->family;
	int err;

	if (!tb[NFTA_CT_HELPER_NAME] || !tb[NFTA_CT_HELPER_L4PROTO])
		return -EINVAL;
	h->l4proto = unl_nla_get_u8(tb[NFTA_CT_HELPER_L4PROTO]);
	if (!h->l4proto)
		return -ENOENT;
	unl_nla_strscpy(name, tb[NFTA_CT_HELPER_NAME], sizeof(name));
	if (tb[NFTA_CT_HELPER_L3PROTO])
		family = nft_get_be16_(tb[NFTA_CT_HELPER_L3PROTO]);
	switch (family) {
	case NFPROTO_IPV4:
		if (ctx->family == NFPROTO_IPV6)
			return -EINVAL;
		h->helper4 = nf_ct_helper_try_get(net, name, family,
						  h->l4proto);
		break;
	case NFPROTO_IPV6:
		if (ctx->family == NFPROTO_IPV4)
			return -EINVAL;
		h->helper6 = nf_ct_helper_try_get(net, name, family,
						  h->l4proto);
		break;
	case NFPROTO_NETDEV:
	case NFPROTO_BRIDGE:
	case NFPROTO_INET:
		h->helper4 = nf_ct_helper_try_get(net, name, NFPROTO_IPV4,
						  h->l4proto);
		h->helper6 = nf_ct_helper_try_get(net, name, NFPROTO_IPV6,
						  h->l4proto);
		break;
	default:
		return -EAFNOSUPPORT;
	}
	if (!h->helper4 && !h->helper6)
		return -ENOENT;
	err = nft_ct_netns_get(ctx);
	if (err < 0)
		ct_helper_obj_put(h);
	return err;
}

static void ct_helper_obj_destroy(const struct nft_ctx *ctx,
				  const struct nft_expr *expr)
{
	(void)ctx;
	ct_helper_obj_put(nft_expr_priv(expr));
}

/* nft_ct_helper_obj_dump(): inet when it has both */
static int ct_helper_obj_dump(struct unl_skb *skb, const struct nft_expr *expr,
			      bool reset)
{
	const struct nft_ct_helper_obj *h = nft_expr_priv(expr);
	const struct nf_ct_helper *helper = h->helper4 ? h->helper4
						       : h->helper6;
	uint16_t family = NFPROTO_IPV4, l3num;
	const char *name;
	uint8_t l4num;

	(void)reset;
	if (h->helper4 && h->helper6)
		family = NFPROTO_INET;
	else if (h->helper6)
		family = NFPROTO_IPV6;
	nf_ct_helper_describe(helper, &name, &l3num, &l4num);
	return unl_nla_put_string(skb, NFTA_CT_HELPER_NAME, name) ||
			       unl_nla_put_u8(skb, NFTA_CT_HELPER_L4PROTO,
					      h->l4proto) ||
			       unl_nla_put_u16(skb, NFTA_CT_HELPER_L3PROTO,
					       htons(family))
		       ? -1
		       : 0;
}

const struct nft_expr_ops nft_ct_helper_obj_ops = {
	.name = "ct helper",
	.module = "ct",
	.policy = nft_ct_helper_policy,
	.maxattr = NFTA_CT_HELPER_MAX,
	.size = sizeof(struct nft_ct_helper_obj),
	.init = ct_helper_obj_init,
	.destroy = ct_helper_obj_destroy,
	.dump = ct_helper_obj_dump,
};

/* ---- ct timeout ---- */

struct nft_ct_timeout_obj {
	uint16_t l3num;
	struct nf_ct_timeout_vals vals;
	struct nfnl_net *nn; /* whose defaults it started from */
};

static const struct unl_nla_policy
	nft_ct_timeout_policy[NFTA_CT_TIMEOUT_MAX + 1] = {
	[NFTA_CT_TIMEOUT_L3PROTO] = { .type = UNL_NLA_U16 },
	[NFTA_CT_TIMEOUT_L4PROTO] = { .type = UNL_NLA_U8 },
	[NFTA_CT_TIMEOUT_DATA] = { .type = UNL_NLA_NESTED },
};

/* nft_ct_timeout_obj_init(): the protocol's states, from the net's
 * defaults; the layer 3 protocol is kept as said */
static int ct_timeout_obj_init(const struct nft_ctx *ctx,
			       const struct nft_expr *expr,
			       const struct nlattr *const tb[])
{
	struct nft_ct_timeout_obj *t = nft_expr_priv(expr);
	int err;

	if (!tb[NFTA_CT_TIMEOUT_L4PROTO] || !tb[NFTA_CT_TIMEOUT_DATA])
		return -EINVAL;
	t->l3num = ctx->family;
	if (tb[NFTA_CT_TIMEOUT_L3PROTO])
		t->l3num = nft_get_be16_(tb[NFTA_CT_TIMEOUT_L3PROTO]);
	t->nn = ctx->nft->nn;
	err = nf_ct_timeout_vals_parse(t->nn,
				       unl_nla_get_u8(tb[NFTA_CT_TIMEOUT_L4PROTO]),
				       tb[NFTA_CT_TIMEOUT_DATA], &t->vals);
	if (err < 0)
		return err;
	return nft_ct_netns_get(ctx);
}

static int ct_timeout_obj_dump(struct unl_skb *skb,
			       const struct nft_expr *expr, bool reset)
{
	const struct nft_ct_timeout_obj *t = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_u8(skb, NFTA_CT_TIMEOUT_L4PROTO,
			      nf_ct_timeout_vals_l4num(&t->vals)) ||
			       unl_nla_put_u16(skb, NFTA_CT_TIMEOUT_L3PROTO,
					       htons(t->l3num)) ||
			       nf_ct_timeout_vals_put(skb, t->nn,
						      NFTA_CT_TIMEOUT_DATA,
						      &t->vals)
		       ? -1
		       : 0;
}

const struct nft_expr_ops nft_ct_timeout_obj_ops = {
	.name = "ct timeout",
	.module = "ct",
	.policy = nft_ct_timeout_policy,
	.maxattr = NFTA_CT_TIMEOUT_MAX,
	.size = sizeof(struct nft_ct_timeout_obj),
	.init = ct_timeout_obj_init,
	.dump = ct_timeout_obj_dump,
};

/* ---- ct expectation ---- */

struct nft_ct_expect_obj {
	uint16_t l3num;
	uint16_t dport; /* network order */
	uint8_t l4proto;
	uint8_t size;
	uint32_t timeout;
};

static const struct unl_nla_policy
	nft_ct_expect_policy[NFTA_CT_EXPECT_MAX + 1] = {
	[NFTA_CT_EXPECT_L3PROTO] = { .type = UNL_NLA_U16 },
	[NFTA_CT_EXPECT_L4PROTO] = { .type = UNL_NLA_U8 },
	[NFTA_CT_EXPECT_DPORT] = { .type = UNL_NLA_U16 },
	[NFTA_CT_EXPECT_TIMEOUT] = { .type = UNL_NLA_U32 },
	[NFTA_CT_EXPECT_SIZE] = { .type = UNL_NLA_U8 },
};

/* nft_ct_expect_obj_init(): an expectation of IPv4 or IPv6 (of the
 * table's family, or either in inet), for a protocol with ports */
static int ct_expect_obj_init(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      const struct nlattr *const tb[])
{
	struct nft_ct_expect_obj *e = nft_expr_priv(expr);

	if (!tb[NFTA_CT_EXPECT_L4PROTO] || !tb[NFTA_CT_EXPECT_DPORT] ||
	    !tb[NFTA_CT_EXPECT_TIMEOUT] || !tb[NFTA_CT_EXPECT_SIZE])
		return -EINVAL;
	e->l3num = ctx->family;
	if (tb[NFTA_CT_EXPECT_L3PROTO])
		e->l3num = nft_get_be16_(tb[NFTA_CT_EXPECT_L3PROTO]);
	switch (e->l3num) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
		if (e->l3num != ctx->family && ctx->family != NFPROTO_INET)
			return -EINVAL;
		break;
	default: /* inet too: a tuple is of one family */
		return -EAFNOSUPPORT;
	}
	e->l4proto = unl_nla_get_u8(tb[NFTA_CT_EXPECT_L4PROTO]);
	switch (e->l4proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_DCCP:
	case IPPROTO_SCTP:
		break;
	default:
		return -EOPNOTSUPP;
	}
	memcpy(&e->dport, unl_nla_data(tb[NFTA_CT_EXPECT_DPORT]), 2);
	e->timeout = unl_nla_get_u32(tb[NFTA_CT_EXPECT_TIMEOUT]);
	e->size = unl_nla_get_u8(tb[NFTA_CT_EXPECT_SIZE]);
	return nft_ct_netns_get(ctx);
}

static int ct_expect_obj_dump(struct unl_skb *skb, const struct nft_expr *expr,
			      bool reset)
{
	const struct nft_ct_expect_obj *e = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_u16(skb, NFTA_CT_EXPECT_L3PROTO, htons(e->l3num)) ||
			       unl_nla_put_u8(skb, NFTA_CT_EXPECT_L4PROTO,
					      e->l4proto) ||
			       unl_nla_put_u16(skb, NFTA_CT_EXPECT_DPORT,
					       e->dport) ||
			       unl_nla_put_u32(skb, NFTA_CT_EXPECT_TIMEOUT,
					       e->timeout) ||
			       unl_nla_put_u8(skb, NFTA_CT_EXPECT_SIZE, e->size)
		       ? -1
		       : 0;
}

const struct nft_expr_ops nft_ct_expect_obj_ops = {
	.name = "ct expectation",
	.module = "ct",
	.policy = nft_ct_expect_policy,
	.maxattr = NFTA_CT_EXPECT_MAX,
	.size = sizeof(struct nft_ct_expect_obj),
	.init = ct_expect_obj_init,
	.dump = ct_expect_obj_dump,
};

/* ---- secmark ---- */

static const struct unl_nla_policy nft_secmark_policy[NFTA_SECMARK_MAX + 1] = {
	[NFTA_SECMARK_CTX] = { .type = UNL_NLA_STRING,
			       .len = NFT_SECMARK_CTX_MAXLEN },
};

/* nft_secmark_obj_init(): the context's secid, which
 * security_secctx_to_secid() finds with an LSM that labels packets.
 * unetlink has none, as a kernel booted without one: no context has a
 * secid (0), and that is ENOENT. */
static int secmark_obj_init(const struct nft_ctx *ctx,
			    const struct nft_expr *expr,
			    const struct nlattr *const tb[])
{
	(void)ctx;
	(void)expr;
	if (!tb[NFTA_SECMARK_CTX])
		return -EINVAL;
	return -ENOENT;
}

static int secmark_obj_dump(struct unl_skb *skb, const struct nft_expr *expr,
			    bool reset)
{
	(void)skb;
	(void)expr;
	(void)reset;
	return -1; /* never made */
}

const struct nft_expr_ops nft_secmark_obj_ops = {
	.name = "secmark",
	.module = "meta",
	.policy = nft_secmark_policy,
	.maxattr = NFTA_SECMARK_MAX,
	.size = 0,
	.init = secmark_obj_init,
	.dump = secmark_obj_dump,
};
