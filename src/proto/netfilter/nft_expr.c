// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables expressions: registers and data (nf_tables_api.c's
 * nft_parse_register_*, nft_data_init), and one ops table per
 * expression (nft_payload.c, nft_meta.c, nft_cmp.c, nft_immediate.c,
 * nft_counter.c, nft_bitwise.c).  Nothing is evaluated, as no packet
 * flows; each expression keeps what it was given, checked as Linux
 * checks it, and dumps it back as Linux dumps it.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "proto/netfilter/nf_tables.h"
#include "proto/netfilter/nft_extra.h"

#define NFT_REG_SIZE_ 16
#define NFT_REG32_SIZE_ 4

static uint32_t be32_of(const struct nlattr *a)
{
	return ntohl(unl_nla_get_u32(a));
}

static int put_be32(struct unl_skb *skb, int type, uint32_t v)
{
	return unl_nla_put_u32(skb, type, htonl(v));
}

static struct nlattr *nest_start(struct unl_skb *skb, int type)
{
	struct nlattr *a =
		(struct nlattr *)(unl_skb_data(skb) + unl_skb_len(skb));

	return unl_nla_put(skb, type, 0, NULL) ? NULL : a;
}

/* nft_parse_u32_check(): a be32 no greater than max. */
static int parse_u32_check(const struct nlattr *a, uint32_t max, uint32_t *v)
{
	uint32_t x = be32_of(a);

	if (x > max)
		return -ERANGE;
	*v = x;
	return 0;
}

/* ---- registers ---- */

/* nft_parse_register(): NFT_REG_1..4 are 16 bytes each, NFT_REG32_*
 * 4 bytes; both become an index of 32-bit words. */
static int parse_register(const struct nlattr *attr, uint32_t *reg)
{
	uint32_t r = be32_of(attr);

	if (r <= NFT_REG_4)
		*reg = r * NFT_REG_SIZE_ / NFT_REG32_SIZE_;
	else if (r <= NFT_REG32_15)
		*reg = r + NFT_REG_SIZE_ / NFT_REG32_SIZE_ - NFT_REG32_00;
	else
		return -ERANGE;
	return 0;
}

int nft_dump_register(struct unl_skb *skb, int attr, uint8_t reg)
{
	uint32_t r;

	if (reg % (NFT_REG_SIZE_ / NFT_REG32_SIZE_) == 0)
		r = reg / (NFT_REG_SIZE_ / NFT_REG32_SIZE_);
	else
		r = reg - NFT_REG_SIZE_ / NFT_REG32_SIZE_ + NFT_REG32_00;
	return put_be32(skb, attr, r);
}

/* Linux 6.12 on (nft_ctx's reg_inited): the 32-bit registers an
 * earlier expression of the rule stored to. */
static bool nft_regs_stored(const struct nft_ctx *ctx, uint32_t reg,
			    uint32_t len)
{
	uint32_t n = (len + NFT_REG32_SIZE_ - 1) / NFT_REG32_SIZE_;
	uint32_t span = ((1u << n) - 1) << reg;

	if (!nft_kernel_at_least(ctx->nft, 6, 12))
		return true;
	return (ctx->reg_inited & span) == span;
}

/* The record of stores is the one part of the rule's context an
 * expression changes (Linux casts the const away as well). */
static void nft_saw_register_store(const struct nft_ctx *ctx, uint32_t reg,
				   uint32_t len)
{
	uint32_t n = (len + NFT_REG32_SIZE_ - 1) / NFT_REG32_SIZE_;

	((struct nft_ctx *)ctx)->reg_inited |= ((1u << n) - 1) << reg;
}

int nft_parse_register_load(const struct nft_ctx *ctx,
			    const struct nlattr *attr, uint8_t *sreg,
			    uint32_t len)
{
	uint32_t reg;
	int err = parse_register(attr, &reg);

	if (err < 0)
		return err;
	/* nft_validate_register_load() */
	if (reg < NFT_REG_1 * NFT_REG_SIZE_ / NFT_REG32_SIZE_)
		return -EINVAL;
	if (len == 0)
		return -EINVAL;
	if (reg * NFT_REG32_SIZE_ + len > NFT_REGS_DATA_LEN)
		return -ERANGE;
	/* a register no earlier expression of the rule wrote */
	if (!nft_regs_stored(ctx, reg, len))
		return -ENODATA;
	*sreg = (uint8_t)reg;
	return 0;
}

int nft_parse_register_store(const struct nft_ctx *ctx,
			     const struct nlattr *attr, uint8_t *dreg,
			     enum nft_data_types type, uint32_t len)
{
	uint32_t reg;
	int err = parse_register(attr, &reg);

	if (err < 0)
		return err;
	/* nft_validate_register_store(): the type first */
	if (reg == NFT_REG_VERDICT) {
		if (type != NFT_DATA_VERDICT)
			return -EINVAL;
	} else {
		if (type != NFT_DATA_VALUE)
			return -EINVAL;
		if (reg < NFT_REG_1 * NFT_REG_SIZE_ / NFT_REG32_SIZE_)
			return -EINVAL;
		if (len == 0)
			return -EINVAL;
		if (reg * NFT_REG32_SIZE_ + len > NFT_REGS_DATA_LEN)
			return -ERANGE;
		/* the verdict's is no load's: only data registers count */
		nft_saw_register_store(ctx, reg, len);
	}
	*dreg = (uint8_t)reg;
	return 0;
}

/* ---- data ---- */

static const struct unl_nla_policy nft_verdict_policy[NFTA_VERDICT_MAX + 1] = {
	[NFTA_VERDICT_CODE] = { .type = UNL_NLA_U32 },
	[NFTA_VERDICT_CHAIN] = { .type = UNL_NLA_STRING, .len = 255 },
	[NFTA_VERDICT_CHAIN_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy nft_data_policy[NFTA_DATA_MAX + 1] = {
	[NFTA_DATA_VALUE] = { .type = UNL_NLA_BINARY,
			      .len = NFT_DATA_VALUE_MAXLEN },
	[NFTA_DATA_VERDICT] = { .type = UNL_NLA_NESTED },
};

void nft_data_hold(const struct nft_data *data)
{
	if (data->type == NFT_DATA_VERDICT && data->chain)
		data->chain->use++;
}

void nft_data_release(const struct nft_data *data)
{
	if (data->type == NFT_DATA_VERDICT && data->chain)
		data->chain->use--;
}

/* nft_verdict_init(); in_elem for a set element's data. */
static int verdict_init(const struct nft_ctx *ctx, struct nft_data *data,
			const struct nlattr *nla, bool in_elem)
{
	const struct nlattr *tb[NFTA_VERDICT_MAX + 1];
	struct nft_chain *chain;
	int err;

	err = unl_nla_parse_nested(tb, NFTA_VERDICT_MAX, nla,
				   nft_verdict_policy, UNL_VALIDATE_LIBERAL,
				   NULL);
	if (err < 0)
		return err;
	if (!tb[NFTA_VERDICT_CODE])
		return -EINVAL;
	data->type = NFT_DATA_VERDICT;
	data->code = (int32_t)be32_of(tb[NFTA_VERDICT_CODE]);
	switch (data->code) {
	case NF_ACCEPT:
	case NF_DROP:
	case NF_QUEUE:
	case NFT_CONTINUE:
	case NFT_BREAK:
	case NFT_RETURN:
		break;
	case NFT_JUMP:
	case NFT_GOTO:
		if (tb[NFTA_VERDICT_CHAIN])
			chain = nft_chain_lookup_next(ctx, tb[NFTA_VERDICT_CHAIN]);
		else if (tb[NFTA_VERDICT_CHAIN_ID])
			chain = nft_chain_lookup_byid_next(
				ctx, tb[NFTA_VERDICT_CHAIN_ID]);
		else
			return -EINVAL;
		if (NFT_IS_ERR(chain))
			return NFT_PTR_ERR(chain);
		if (chain->flags & NFT_CHAIN_BASE)
			return -EOPNOTSUPP;
		/* a binding chain has one rule jumping to it, and no
		 * element */
		if (nft_chain_is_bound(chain))
			return -EINVAL;
		if (in_elem && nft_chain_binding(chain))
			return -EINVAL;
		if (chain->use == UINT32_MAX)
			return -EMFILE;
		chain->use++;
		data->chain = chain;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int data_init(const struct nft_ctx *ctx, struct nft_data *data,
		     uint32_t size, const struct nlattr *nla, bool in_elem)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1];
	int err;

	memset(data, 0, sizeof(*data));
	err = unl_nla_parse_nested(tb, NFTA_DATA_MAX, nla, nft_data_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (tb[NFTA_DATA_VALUE]) {
		uint32_t len = (uint32_t)unl_nla_len(tb[NFTA_DATA_VALUE]);

		if (len == 0)
			return -EINVAL;
		if (len > size)
			return -EOVERFLOW;
		data->type = NFT_DATA_VALUE;
		data->len = len;
		memcpy(data->value, unl_nla_data(tb[NFTA_DATA_VALUE]), len);
		return 0;
	}
	if (tb[NFTA_DATA_VERDICT] && ctx)
		return verdict_init(ctx, data, tb[NFTA_DATA_VERDICT], in_elem);
	return -EINVAL;
}

int nft_data_init(const struct nft_ctx *ctx, struct nft_data *data,
		  uint32_t size, const struct nlattr *nla)
{
	return data_init(ctx, data, size, nla, false);
}

int nft_data_init_elem(const struct nft_ctx *ctx, struct nft_data *data,
		       uint32_t size, const struct nlattr *nla)
{
	return data_init(ctx, data, size, nla, true);
}

int nft_data_dump(struct unl_skb *skb, int attr, const struct nft_data *data)
{
	struct nlattr *nest = nest_start(skb, attr), *v;

	if (!nest)
		return -1;
	if (data->type == NFT_DATA_VALUE) {
		if (unl_nla_put(skb, NFTA_DATA_VALUE, (int)data->len,
				data->value))
			return -1;
	} else {
		v = nest_start(skb, NFTA_DATA_VERDICT);
		if (!v || put_be32(skb, NFTA_VERDICT_CODE, (uint32_t)data->code))
			return -1;
		if (data->chain && unl_nla_put_string(skb, NFTA_VERDICT_CHAIN,
						      data->chain->name))
			return -1;
		unl_nla_nest_end(skb, v);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- payload ---- */

/* Every field is checked to fit in a byte, as in Linux's.  A load
 * (nft_payload_load_ops) ends before the checksum fields, which only a
 * set of the payload has. */
struct nft_payload {
	uint16_t offset; /* a byte before Linux 6.18 */
	uint8_t base;
	uint8_t len;
	uint8_t reg; /* dreg, or sreg for a set */
	bool set;
	uint8_t csum_type, csum_offset, csum_flags;
};
#define NFT_PAYLOAD_LOAD_SIZE offsetof(struct nft_payload, csum_type)

static const struct unl_nla_policy nft_payload_policy[NFTA_PAYLOAD_MAX + 1] = {
	[NFTA_PAYLOAD_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_PAYLOAD_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_PAYLOAD_BASE] = { .type = UNL_NLA_U32 },
	/* Bounded by release in payload_offset_ok(); the inner payload
	 * of 6.18 takes any and keeps 16 bits, the plain one checks */
	[NFTA_PAYLOAD_OFFSET] = { .type = UNL_NLA_U32 },
	[NFTA_PAYLOAD_LEN] = { .type = UNL_NLA_U32 },
	[NFTA_PAYLOAD_CSUM_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_PAYLOAD_CSUM_OFFSET] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_PAYLOAD_CSUM_FLAGS] = { .type = UNL_NLA_U32 },
};

/*
 * Before Linux 6.18 the policy bounded NFTA_PAYLOAD_OFFSET to 255 for
 * every payload expression, inner ones too (ERANGE while parsing, before
 * any other check); 6.18 keeps 16 bits (commit "nft_payload: extend
 * offset to 65535 bytes").
 */
static bool payload_offset_ok(const struct nft_ctx *ctx,
			      const struct nlattr *const tb[])
{
	return !tb[NFTA_PAYLOAD_OFFSET] ||
	       nft_kernel_at_least(ctx->nft, 6, 18) ||
	       be32_of(tb[NFTA_PAYLOAD_OFFSET]) <= 255;
}

static int payload_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
			const struct nlattr *const tb[])
{
	struct nft_payload *p = nft_expr_priv(expr);
	uint32_t base, offset, len, csum;
	int err;

	if (!payload_offset_ok(ctx, tb))
		return -ERANGE;
	/* nft_payload_select_ops() */
	if (!tb[NFTA_PAYLOAD_BASE] || !tb[NFTA_PAYLOAD_OFFSET] ||
	    !tb[NFTA_PAYLOAD_LEN])
		return -EINVAL;
	base = be32_of(tb[NFTA_PAYLOAD_BASE]);
	switch (base) {
	case NFT_PAYLOAD_LL_HEADER:
	case NFT_PAYLOAD_NETWORK_HEADER:
	case NFT_PAYLOAD_TRANSPORT_HEADER:
	case NFT_PAYLOAD_INNER_HEADER:
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (tb[NFTA_PAYLOAD_SREG] && tb[NFTA_PAYLOAD_DREG])
		return -EINVAL;
	if (!tb[NFTA_PAYLOAD_SREG] && !tb[NFTA_PAYLOAD_DREG])
		return -EINVAL;
	err = parse_u32_check(tb[NFTA_PAYLOAD_OFFSET], 65535, &offset);
	if (!err)
		err = parse_u32_check(tb[NFTA_PAYLOAD_LEN], 255, &len);
	if (err < 0)
		return err;
	p->base = (uint8_t)base;
	p->offset = (uint16_t)offset;
	p->len = (uint8_t)len;
	if (tb[NFTA_PAYLOAD_DREG])
		return nft_parse_register_store(ctx, tb[NFTA_PAYLOAD_DREG], &p->reg,
						NFT_DATA_VALUE, p->len);
	/* nft_payload_set_init() */
	p->set = true;
	csum = tb[NFTA_PAYLOAD_CSUM_TYPE] ? be32_of(tb[NFTA_PAYLOAD_CSUM_TYPE])
					  : NFT_PAYLOAD_CSUM_NONE;
	if (tb[NFTA_PAYLOAD_CSUM_OFFSET]) {
		err = parse_u32_check(tb[NFTA_PAYLOAD_CSUM_OFFSET], 255,
				      &offset);
		if (err < 0)
			return err;
		p->csum_offset = (uint8_t)offset;
	}
	if (tb[NFTA_PAYLOAD_CSUM_FLAGS]) {
		uint32_t flags = be32_of(tb[NFTA_PAYLOAD_CSUM_FLAGS]);

		if (flags & ~NFT_PAYLOAD_L4CSUM_PSEUDOHDR)
			return -EINVAL;
		p->csum_flags = (uint8_t)flags;
	}
	switch (csum) {
	case NFT_PAYLOAD_CSUM_NONE:
	case NFT_PAYLOAD_CSUM_INET:
	case NFT_PAYLOAD_CSUM_SCTP:
		p->csum_type = (uint8_t)csum;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_parse_register_load(ctx, tb[NFTA_PAYLOAD_SREG], &p->reg, p->len);
}

static int payload_dump(struct unl_skb *skb, const struct nft_expr *expr,
			bool reset)
{
	const struct nft_payload *p = nft_expr_priv(expr);

	(void)reset;
	if (!p->set)
		return nft_dump_register(skb, NFTA_PAYLOAD_DREG, p->reg) ||
		       put_be32(skb, NFTA_PAYLOAD_BASE, p->base) ||
		       put_be32(skb, NFTA_PAYLOAD_OFFSET, p->offset) ||
		       put_be32(skb, NFTA_PAYLOAD_LEN, p->len) ? -1 : 0;
	return nft_dump_register(skb, NFTA_PAYLOAD_SREG, p->reg) ||
	       put_be32(skb, NFTA_PAYLOAD_BASE, p->base) ||
	       put_be32(skb, NFTA_PAYLOAD_OFFSET, p->offset) ||
	       put_be32(skb, NFTA_PAYLOAD_LEN, p->len) ||
	       put_be32(skb, NFTA_PAYLOAD_CSUM_TYPE, p->csum_type) ||
	       put_be32(skb, NFTA_PAYLOAD_CSUM_OFFSET, p->csum_offset) ||
	       put_be32(skb, NFTA_PAYLOAD_CSUM_FLAGS, p->csum_flags) ? -1 : 0;
}

static const struct nft_expr_ops *
payload_select(const struct nlattr *const tb[]);

static const struct nft_expr_ops nft_payload_ops = {
	.name = "payload",
	.policy = nft_payload_policy,
	.maxattr = NFTA_PAYLOAD_MAX,
	.size = sizeof(struct nft_payload),
	.init = payload_init,
	.dump = payload_dump,
	.select_ops = payload_select,
};

/* Without NFTA_PAYLOAD_SREG payload_init() never reaches the set's
 * fields: a load, or an error. */
static const struct nft_expr_ops nft_payload_load_ops = {
	.name = "payload",
	.policy = nft_payload_policy,
	.maxattr = NFTA_PAYLOAD_MAX,
	.size = NFT_PAYLOAD_LOAD_SIZE,
	.init = payload_init,
	.dump = payload_dump,
};

static const struct nft_expr_ops *
payload_select(const struct nlattr *const tb[])
{
	return tb[NFTA_PAYLOAD_SREG] ? &nft_payload_ops : &nft_payload_load_ops;
}

/* nft_payload_inner_init(): a load from the encapsulated packet, which
 * may also start at the tunnel header. */
static int payload_inner_init(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      const struct nlattr *const tb[])
{
	struct nft_payload *p = nft_expr_priv(expr);
	uint32_t base;

	if (!payload_offset_ok(ctx, tb))
		return -ERANGE;
	if (!tb[NFTA_PAYLOAD_BASE] || !tb[NFTA_PAYLOAD_OFFSET] ||
	    !tb[NFTA_PAYLOAD_LEN] || !tb[NFTA_PAYLOAD_DREG])
		return -EINVAL;
	base = be32_of(tb[NFTA_PAYLOAD_BASE]);
	switch (base) {
	case NFT_PAYLOAD_TUN_HEADER_:
	case NFT_PAYLOAD_LL_HEADER:
	case NFT_PAYLOAD_NETWORK_HEADER:
	case NFT_PAYLOAD_TRANSPORT_HEADER:
	case NFT_PAYLOAD_INNER_HEADER:
		break;
	default:
		return -EOPNOTSUPP;
	}
	/* as Linux keeps them, unchecked: 16 bits of the offset, a byte
	 * of the length */
	p->base = (uint8_t)base;
	p->offset = (uint16_t)be32_of(tb[NFTA_PAYLOAD_OFFSET]);
	p->len = (uint8_t)be32_of(tb[NFTA_PAYLOAD_LEN]);
	return nft_parse_register_store(ctx, tb[NFTA_PAYLOAD_DREG], &p->reg,
					NFT_DATA_VALUE, p->len);
}

const struct nft_expr_ops nft_payload_inner_ops = {
	.name = "payload",
	.policy = nft_payload_policy,
	.maxattr = NFTA_PAYLOAD_MAX,
	.size = NFT_PAYLOAD_LOAD_SIZE,
	.init = payload_inner_init,
	.dump = payload_dump,
};

/* ---- meta ---- */

struct nft_meta {
	uint32_t key;
	uint8_t reg;
	bool set;
};

static const struct unl_nla_policy nft_meta_policy[NFTA_META_MAX + 1] = {
	[NFTA_META_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_META_KEY] = { .type = UNL_NLA_U32 },
	[NFTA_META_SREG] = { .type = UNL_NLA_U32 },
};

/* The length of what a key loads (nft_meta_get_init()); 0 for a key
 * that cannot be read in this family. */
static uint32_t meta_get_len(uint32_t key, uint8_t family)
{
	switch (key) {
	case NFT_META_MARK: case NFT_META_IIF: case NFT_META_OIF:
	case NFT_META_SDIF: case NFT_META_SKUID: case NFT_META_SKGID:
	case NFT_META_IIFGROUP: case NFT_META_OIFGROUP: case NFT_META_CGROUP:
	case NFT_META_LEN: case NFT_META_PRIORITY: case NFT_META_SECMARK:
	case NFT_META_CPU: case NFT_META_PRANDOM: case NFT_META_TIME_HOUR:
	case NFT_META_RTCLASSID:
		return 4;
	case NFT_META_PROTOCOL: case NFT_META_IIFTYPE: case NFT_META_OIFTYPE:
		return 2;
	case NFT_META_NFPROTO: case NFT_META_L4PROTO: case NFT_META_PKTTYPE:
	case NFT_META_NFTRACE: case NFT_META_TIME_DAY:
		return 1;
	case NFT_META_IIFNAME: case NFT_META_OIFNAME: case NFT_META_IIFKIND:
	case NFT_META_OIFKIND: case NFT_META_SDIFNAME:
		return 16;
	case NFT_META_TIME_NS:
		return 8;
	case NFT_META_BRI_IIFNAME: case NFT_META_BRI_OIFNAME:
		return family == NFPROTO_BRIDGE ? 16 : 0;
	case NFT_META_BRI_IIFPVID: case NFT_META_BRI_IIFVPROTO:
		return family == NFPROTO_BRIDGE ? 2 : 0;
	default:
		return 0;
	}
}

static int meta_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		     const struct nlattr *const tb[])
{
	struct nft_meta *m = nft_expr_priv(expr);
	uint32_t len;

	/* nft_meta_select_ops() */
	if (!tb[NFTA_META_KEY])
		return -EINVAL;
	if (tb[NFTA_META_DREG] && tb[NFTA_META_SREG])
		return -EINVAL;
	m->key = be32_of(tb[NFTA_META_KEY]);
	if (tb[NFTA_META_DREG]) {
		len = meta_get_len(m->key, ctx->family);
		if (!len)
			return -EOPNOTSUPP;
		return nft_parse_register_store(ctx, tb[NFTA_META_DREG], &m->reg,
						NFT_DATA_VALUE, len);
	}
	if (!tb[NFTA_META_SREG])
		return -EINVAL;
	m->set = true;
	switch (m->key) {
	case NFT_META_MARK:
	case NFT_META_PRIORITY:
		len = 4;
		break;
	case NFT_META_NFTRACE:
	case NFT_META_PKTTYPE:
		len = 1;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_parse_register_load(ctx, tb[NFTA_META_SREG], &m->reg, len);
}

static int meta_dump(struct unl_skb *skb, const struct nft_expr *expr,
		     bool reset)
{
	const struct nft_meta *m = nft_expr_priv(expr);

	(void)reset;
	if (put_be32(skb, NFTA_META_KEY, m->key))
		return -1;
	return nft_dump_register(skb, m->set ? NFTA_META_SREG : NFTA_META_DREG,
				 m->reg) ? -1 : 0;
}

static const struct nft_expr_ops nft_meta_ops = {
	.name = "meta",
	.policy = nft_meta_policy,
	.maxattr = NFTA_META_MAX,
	.size = sizeof(struct nft_meta),
	.init = meta_init,
	.dump = meta_dump,
};

/* nft_meta_inner_init(): of the encapsulated packet, only its protocol
 * and its layer 4 protocol. */
static int meta_inner_init(const struct nft_ctx *ctx,
			   const struct nft_expr *expr,
			   const struct nlattr *const tb[])
{
	struct nft_meta *m = nft_expr_priv(expr);
	uint32_t len;

	(void)ctx;
	if (!tb[NFTA_META_KEY] || !tb[NFTA_META_DREG])
		return -EINVAL;
	m->key = be32_of(tb[NFTA_META_KEY]);
	switch (m->key) {
	case NFT_META_PROTOCOL:
		len = 2;
		break;
	case NFT_META_L4PROTO:
		len = 4;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return nft_parse_register_store(ctx, tb[NFTA_META_DREG], &m->reg,
					NFT_DATA_VALUE, len);
}

const struct nft_expr_ops nft_meta_inner_ops = {
	.name = "meta",
	.policy = nft_meta_policy,
	.maxattr = NFTA_META_MAX,
	.size = sizeof(struct nft_meta),
	.init = meta_inner_init,
	.dump = meta_dump,
};

/* ---- cmp ---- */

/* A value of at most a register's 16 bytes, the op checked to be one of
 * six.  The value has the room its ops give it: 16 bytes, or 4 for the
 * most common comparison, with 32 bits (the kernel's nft_cmp_fast). */
struct nft_cmp {
	uint8_t sreg, op, len;
	uint8_t value[];
};
#define NFT_CMP_SIZE(room) (offsetof(struct nft_cmp, value) + (room))

/* The room for a value that expr's ops give (the state after its
 * header). */
static uint32_t expr_room(const struct nft_expr *expr, size_t header)
{
	return (uint32_t)(expr->ops->size - header);
}

static const struct unl_nla_policy nft_cmp_policy[NFTA_CMP_MAX + 1] = {
	[NFTA_CMP_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_CMP_OP] = { .type = UNL_NLA_U32 },
	[NFTA_CMP_DATA] = { .type = UNL_NLA_NESTED },
};

static int cmp_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[])
{
	struct nft_cmp *c = nft_expr_priv(expr);
	struct nft_data d;
	uint32_t op;
	int err;

	(void)ctx;
	if (!tb[NFTA_CMP_SREG] || !tb[NFTA_CMP_OP] || !tb[NFTA_CMP_DATA])
		return -EINVAL;
	op = be32_of(tb[NFTA_CMP_OP]);
	switch (op) {
	case NFT_CMP_EQ: case NFT_CMP_NEQ: case NFT_CMP_LT:
	case NFT_CMP_LTE: case NFT_CMP_GT: case NFT_CMP_GTE:
		break;
	default:
		return -EINVAL;
	}
	c->op = (uint8_t)op;
	err = nft_data_init(NULL, &d, expr_room(expr, NFT_CMP_SIZE(0)),
			    tb[NFTA_CMP_DATA]);
	if (err < 0)
		return err;
	c->len = (uint8_t)d.len;
	memcpy(c->value, d.value, d.len);
	return nft_parse_register_load(ctx, tb[NFTA_CMP_SREG], &c->sreg, d.len);
}

static int cmp_dump(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset)
{
	const struct nft_cmp *c = nft_expr_priv(expr);
	struct nft_data d = { .type = NFT_DATA_VALUE, .len = c->len };

	(void)reset;
	memcpy(d.value, c->value, c->len);
	return nft_dump_register(skb, NFTA_CMP_SREG, c->sreg) ||
	       put_be32(skb, NFTA_CMP_OP, c->op) ||
	       nft_data_dump(skb, NFTA_CMP_DATA, &d) ? -1 : 0;
}

/* The last attribute of type in nest (as a parse keeps it), or NULL. */
static const struct nlattr *nest_last(const struct nlattr *nest, int type)
{
	const struct nlattr *a, *last = NULL;
	int rem;

	if (!nest)
		return NULL;
	unl_nla_for_each_nested(a, nest, rem)
		if (unl_nla_type(a) == type)
			last = a;
	return last;
}

static const struct nft_expr_ops *cmp_select(const struct nlattr *const tb[]);

static const struct nft_expr_ops nft_cmp_ops = {
	.name = "cmp",
	.policy = nft_cmp_policy,
	.maxattr = NFTA_CMP_MAX,
	.size = NFT_CMP_SIZE(16),
	.init = cmp_init,
	.dump = cmp_dump,
	.select_ops = cmp_select,
};

static const struct nft_expr_ops nft_cmp_fast_ops = {
	.name = "cmp",
	.policy = nft_cmp_policy,
	.maxattr = NFTA_CMP_MAX,
	.size = NFT_CMP_SIZE(4),
	.init = cmp_init,
	.dump = cmp_dump,
};

/* A value of at most 32 bits fits the small state; anything else, even
 * what init will refuse, gets the full room. */
static const struct nft_expr_ops *cmp_select(const struct nlattr *const tb[])
{
	const struct nlattr *v = nest_last(tb[NFTA_CMP_DATA], NFTA_DATA_VALUE);

	return v && unl_nla_len(v) <= 4 ? &nft_cmp_fast_ops : &nft_cmp_ops;
}

/* ---- immediate ---- */

/* A verdict (its chain for a jump or goto), or a value of at most a
 * register's 16 bytes: a jump's or goto's state ends after the chain
 * (nft_immediate_verdict_ops), any other verdict's before it
 * (nft_immediate_code_ops): u is read only for a value, a jump and a
 * goto. */
struct nft_immediate {
	int32_t code;
	uint8_t dreg, len;
	bool verdict;
	union {
		struct nft_chain *chain;
		uint8_t value[16];
	} u;
};
#define NFT_IMMEDIATE_VERDICT_SIZE                                         \
	(offsetof(struct nft_immediate, u) + sizeof(struct nft_chain *))
#define NFT_IMMEDIATE_CODE_SIZE offsetof(struct nft_immediate, u)

static bool verdict_has_chain(int32_t code)
{
	return code == NFT_JUMP || code == NFT_GOTO;
}

static struct nft_chain *im_chain(const struct nft_immediate *im)
{
	return im->verdict && verdict_has_chain(im->code) ? im->u.chain : NULL;
}

static const struct unl_nla_policy nft_immediate_policy[NFTA_IMMEDIATE_MAX + 1] = {
	[NFTA_IMMEDIATE_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_IMMEDIATE_DATA] = { .type = UNL_NLA_NESTED },
};

/* The chain a jump or goto names, NULL for any other data. */
static struct nft_chain *immediate_chain(const struct nft_expr *expr)
{
	return im_chain(nft_expr_priv(expr));
}

static void immediate_data(const struct nft_immediate *im, struct nft_data *d)
{
	memset(d, 0, sizeof(*d));
	if (im->verdict) {
		d->type = NFT_DATA_VERDICT;
		d->code = im->code;
		d->chain = im_chain(im);
	} else {
		d->type = NFT_DATA_VALUE;
		d->len = im->len;
		memcpy(d->value, im->u.value, im->len);
	}
}

static int immediate_init(const struct nft_ctx *ctx,
			  const struct nft_expr *expr,
			  const struct nlattr *const tb[])
{
	struct nft_immediate *im = nft_expr_priv(expr);
	struct nft_data d;
	int err;

	if (!tb[NFTA_IMMEDIATE_DREG] || !tb[NFTA_IMMEDIATE_DATA])
		return -EINVAL;
	err = nft_data_init(ctx, &d,
			    expr_room(expr, offsetof(struct nft_immediate, u)),
			    tb[NFTA_IMMEDIATE_DATA]);
	if (err < 0)
		return err;
	err = nft_parse_register_store(ctx, tb[NFTA_IMMEDIATE_DREG], &im->dreg,
				       d.type,
				       d.type == NFT_DATA_VALUE ? d.len : 16);
	/* a jump to a binding chain makes it this rule's */
	if (!err && d.chain)
		err = nft_chain_bind(ctx, d.chain);
	if (err < 0) {
		nft_data_release(&d);
		return err;
	}
	im->verdict = d.type == NFT_DATA_VERDICT;
	im->code = d.code;
	im->len = (uint8_t)d.len;
	if (d.chain) /* a jump or goto: never nft_immediate_code_ops */
		im->u.chain = d.chain;
	else if (!im->verdict)
		memcpy(im->u.value, d.value, d.len);
	return 0;
}

static int immediate_dump(struct unl_skb *skb, const struct nft_expr *expr,
			  bool reset)
{
	const struct nft_immediate *im = nft_expr_priv(expr);
	struct nft_data d;

	(void)reset;
	immediate_data(im, &d);
	return nft_dump_register(skb, NFTA_IMMEDIATE_DREG, im->dreg) ||
	       nft_data_dump(skb, NFTA_IMMEDIATE_DATA, &d) ? -1 : 0;
}

/* nft_immediate_validate(): a jump or goto goes one level deeper. */
static int immediate_validate(const struct nft_ctx *ctx,
			      const struct nft_expr *expr, unsigned int level)
{
	const struct nft_chain *chain = immediate_chain(expr);

	return chain ? nft_chain_validate(ctx, chain, level + 1) : 0;
}

/* A rule being deleted lets go of the chain it jumps to; an abort takes
 * it back.  A binding chain comes and goes with the rule. */
static void immediate_activate(const struct nft_ctx *ctx,
			       const struct nft_expr *expr)
{
	struct nft_chain *chain = immediate_chain(expr);

	if (chain) {
		nft_chain_binding_activate(ctx, chain);
		chain->use++;
	}
}

static void immediate_deactivate(const struct nft_ctx *ctx,
				 const struct nft_expr *expr,
				 enum nft_trans_phase phase)
{
	struct nft_chain *chain = immediate_chain(expr);

	if (!chain)
		return;
	nft_chain_binding_deactivate(ctx, chain, phase);
	/* a committed deletion let go already when it was prepared */
	if (phase != NFT_TRANS_COMMIT)
		chain->use--;
}

static void immediate_destroy(const struct nft_ctx *ctx,
			      const struct nft_expr *expr)
{
	if (immediate_chain(expr))
		nft_chain_binding_destroy(ctx, immediate_chain(expr));
}

static const struct nft_expr_ops *
immediate_select(const struct nlattr *const tb[]);

static const struct nft_expr_ops nft_immediate_ops = {
	.name = "immediate",
	.policy = nft_immediate_policy,
	.maxattr = NFTA_IMMEDIATE_MAX,
	.size = sizeof(struct nft_immediate),
	.init = immediate_init,
	.dump = immediate_dump,
	.validate = immediate_validate,
	.activate = immediate_activate,
	.deactivate = immediate_deactivate,
	.destroy = immediate_destroy,
	.select_ops = immediate_select,
};

static const struct nft_expr_ops nft_immediate_verdict_ops = {
	.name = "immediate",
	.policy = nft_immediate_policy,
	.maxattr = NFTA_IMMEDIATE_MAX,
	.size = NFT_IMMEDIATE_VERDICT_SIZE,
	.init = immediate_init,
	.dump = immediate_dump,
	.validate = immediate_validate,
	.activate = immediate_activate,
	.deactivate = immediate_deactivate,
	.destroy = immediate_destroy,
};

static const struct nft_expr_ops nft_immediate_code_ops = {
	.name = "immediate",
	.policy = nft_immediate_policy,
	.maxattr = NFTA_IMMEDIATE_MAX,
	.size = NFT_IMMEDIATE_CODE_SIZE,
	.init = immediate_init,
	.dump = immediate_dump,
	.validate = immediate_validate,
	.activate = immediate_activate,
	.deactivate = immediate_deactivate,
	.destroy = immediate_destroy,
};

/* nft_data_init() takes a value before a verdict: only data with a
 * verdict and no value is surely one; and only a verdict whose code (the
 * last, as the parse keeps it) is a jump or goto names a chain. */
static const struct nft_expr_ops *
immediate_select(const struct nlattr *const tb[])
{
	const struct nlattr *d = tb[NFTA_IMMEDIATE_DATA];
	const struct nlattr *v = nest_last(d, NFTA_DATA_VERDICT), *code;

	if (!v || nest_last(d, NFTA_DATA_VALUE))
		return &nft_immediate_ops;
	code = nest_last(v, NFTA_VERDICT_CODE);
	if (code && unl_nla_len(code) == sizeof(uint32_t) &&
	    !verdict_has_chain((int32_t)be32_of(code)))
		return &nft_immediate_code_ops;
	return &nft_immediate_verdict_ops;
}

/* ---- counter ---- */

struct nft_counter {
	uint64_t bytes, packets;
};

static const struct unl_nla_policy nft_counter_expr_policy[NFTA_COUNTER_MAX + 1] = {
	[NFTA_COUNTER_PACKETS] = { .type = UNL_NLA_U64 },
	[NFTA_COUNTER_BYTES] = { .type = UNL_NLA_U64 },
};

static int counter_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
			const struct nlattr *const tb[])
{
	struct nft_counter *c = nft_expr_priv(expr);

	(void)ctx;
	if (tb[NFTA_COUNTER_PACKETS])
		c->packets = be64toh(unl_nla_get_u64(tb[NFTA_COUNTER_PACKETS]));
	if (tb[NFTA_COUNTER_BYTES])
		c->bytes = be64toh(unl_nla_get_u64(tb[NFTA_COUNTER_BYTES]));
	return 0;
}

static int counter_dump(struct unl_skb *skb, const struct nft_expr *expr,
			bool reset)
{
	const struct nft_counter *c = nft_expr_priv(expr);

	(void)reset;
	return unl_nla_put_u64(skb, NFTA_COUNTER_BYTES, htobe64(c->bytes),
			       NFTA_COUNTER_PAD) ||
	       unl_nla_put_u64(skb, NFTA_COUNTER_PACKETS,
			       htobe64(c->packets), NFTA_COUNTER_PAD) ? -1 : 0;
}

const struct nft_expr_ops nft_counter_ops = {
	.name = "counter",
	.policy = nft_counter_expr_policy,
	.maxattr = NFTA_COUNTER_MAX,
	.size = sizeof(struct nft_counter),
	.init = counter_init,
	.dump = counter_dump,
	.stateful = true,
};

/* ---- bitwise ---- */

struct nft_bitwise {
	uint8_t sreg, dreg;
	uint32_t len, op;
	struct nft_data mask, xor, data;
};

static const struct unl_nla_policy nft_bitwise_policy[NFTA_BITWISE_MAX + 1] = {
	[NFTA_BITWISE_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_BITWISE_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_BITWISE_LEN] = { .type = UNL_NLA_U32 },
	[NFTA_BITWISE_MASK] = { .type = UNL_NLA_NESTED },
	[NFTA_BITWISE_XOR] = { .type = UNL_NLA_NESTED },
	[NFTA_BITWISE_OP] = UNL_NLA_POLICY_MAX(UNL_NLA_BE32, 255),
	[NFTA_BITWISE_DATA] = { .type = UNL_NLA_NESTED },
};

static int bitwise_init_bool(struct nft_bitwise *b,
			     const struct nlattr *const tb[])
{
	int err;

	if (!tb[NFTA_BITWISE_MASK] || !tb[NFTA_BITWISE_XOR])
		return -EINVAL;
	if (tb[NFTA_BITWISE_DATA])
		return -EINVAL;
	err = nft_data_init(NULL, &b->mask, 16, tb[NFTA_BITWISE_MASK]);
	if (err < 0)
		return err;
	if (b->mask.len != b->len)
		return -EINVAL;
	err = nft_data_init(NULL, &b->xor, 16, tb[NFTA_BITWISE_XOR]);
	if (err < 0)
		return err;
	return b->xor.len != b->len ? -EINVAL : 0;
}

static int bitwise_init_shift(struct nft_bitwise *b,
			      const struct nlattr *const tb[])
{
	uint32_t shift;
	int err;

	if (tb[NFTA_BITWISE_MASK] || tb[NFTA_BITWISE_XOR])
		return -EINVAL;
	if (!tb[NFTA_BITWISE_DATA])
		return -EINVAL;
	err = nft_data_init(NULL, &b->data, 4, tb[NFTA_BITWISE_DATA]);
	if (err < 0)
		return err;
	if (b->data.len != 4)
		return -EINVAL;
	memcpy(&shift, b->data.value, 4);
	return shift >= 32 ? -EINVAL : 0;
}

static int bitwise_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
			const struct nlattr *const tb[])
{
	struct nft_bitwise *b = nft_expr_priv(expr);
	int err;

	(void)ctx;
	if (!tb[NFTA_BITWISE_SREG] || !tb[NFTA_BITWISE_DREG] ||
	    !tb[NFTA_BITWISE_LEN])
		return -EINVAL;
	err = parse_u32_check(tb[NFTA_BITWISE_LEN], 255, &b->len);
	if (err < 0)
		return err;
	err = nft_parse_register_load(ctx, tb[NFTA_BITWISE_SREG], &b->sreg, b->len);
	if (err < 0)
		return err;
	err = nft_parse_register_store(ctx, tb[NFTA_BITWISE_DREG], &b->dreg,
				       NFT_DATA_VALUE, b->len);
	if (err < 0)
		return err;
	b->op = tb[NFTA_BITWISE_OP] ? be32_of(tb[NFTA_BITWISE_OP])
				    : NFT_BITWISE_BOOL;
	switch (b->op) {
	case NFT_BITWISE_BOOL:
		return bitwise_init_bool(b, tb);
	case NFT_BITWISE_LSHIFT:
	case NFT_BITWISE_RSHIFT:
		return bitwise_init_shift(b, tb);
	default:
		return -EOPNOTSUPP;
	}
}

static int bitwise_dump(struct unl_skb *skb, const struct nft_expr *expr,
			bool reset)
{
	const struct nft_bitwise *b = nft_expr_priv(expr);

	(void)reset;
	if (nft_dump_register(skb, NFTA_BITWISE_SREG, b->sreg) ||
	    nft_dump_register(skb, NFTA_BITWISE_DREG, b->dreg) ||
	    put_be32(skb, NFTA_BITWISE_LEN, b->len) ||
	    put_be32(skb, NFTA_BITWISE_OP, b->op))
		return -1;
	if (b->op == NFT_BITWISE_BOOL)
		return nft_data_dump(skb, NFTA_BITWISE_MASK, &b->mask) ||
		       nft_data_dump(skb, NFTA_BITWISE_XOR, &b->xor) ? -1 : 0;
	return nft_data_dump(skb, NFTA_BITWISE_DATA, &b->data) ? -1 : 0;
}

static const struct nft_expr_ops nft_bitwise_ops = {
	.name = "bitwise",
	.policy = nft_bitwise_policy,
	.maxattr = NFTA_BITWISE_MAX,
	.size = sizeof(struct nft_bitwise),
	.init = bitwise_init,
	.dump = bitwise_dump,
};

const struct nft_expr_ops *const nft_builtin_exprs[] = {
	&nft_payload_ops,
	&nft_meta_ops,
	&nft_cmp_ops,
	&nft_immediate_ops,
	&nft_counter_ops,
	&nft_bitwise_ops,
	&nft_lookup_ops,
	&nft_ct_ops,
	&nft_log_ops,
	&nft_limit_ops,
	&nft_reject_ops,
	&nft_nat_ops,
	&nft_masq_ops,
	&nft_redir_ops,
	&nft_fib_ops,
	&nft_range_ops,
	&nft_quota_ops,
	&nft_notrack_ops,
	&nft_objref_ops,
	&nft_byteorder_ops,
	&nft_exthdr_ops,
	&nft_rt_ops,
	&nft_xfrm_ops,
	&nft_socket_ops,
	&nft_osf_ops,
	&nft_tproxy_ops,
	&nft_synproxy_ops,
	&nft_hash_ops,
	&nft_numgen_ops,
	&nft_connlimit_ops,
	&nft_last_ops,
	&nft_dup_ipv4_ops,
	&nft_dup_ipv6_ops,
	&nft_dup_netdev_ops,
	&nft_fwd_netdev_ops,
	&nft_queue_ops,
	&nft_match_ops,
	&nft_target_ops,
	&nft_dynset_ops,
	&nft_inner_ops,
	&nft_tunnel_ops,
	&nft_flow_offload_ops,
	NULL,
};
