// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tunnel_key (net/sched/act_tunnel_key.c): release a packet's tunnel
 * metadata, or set it (outer addresses, key id, port, tos, ttl, the
 * checksum and don't-fragment flags, and geneve, vxlan or erspan
 * options).  The metadata is kept as Linux dumps it back.
 */
#include <errno.h>
#include <string.h>

#include <linux/tc_act/tc_tunnel_key.h>

#include "proto/route/sched/cls.h"

#define TUN_OPTS_MAX 255

/* Linux 6.10's attribute, after the uapi header of 6.1 */
#define TK_NO_FRAG (TCA_TUNNEL_KEY_ENC_TTL + 1)
#define TK_MAX TK_NO_FRAG

/* the option kinds (IP_TUNNEL_*_OPT_BIT) */
enum { TUN_OPT_GENEVE = 1, TUN_OPT_VXLAN, TUN_OPT_ERSPAN };

struct tunnel_key {
	int t_action;
	int family; /* AF_INET or AF_INET6 */
	uint8_t src[16], dst[16];
	bool has_key, csum, no_frag;
	uint32_t key_id; /* network order */
	uint16_t dst_port;
	uint8_t tos, ttl;
	int opt_type;
	uint8_t opts_len;
	uint8_t opts[TUN_OPTS_MAX];
};

static const struct unl_nla_policy tunnel_key_policy[TK_MAX + 1] = {
	[TCA_TUNNEL_KEY_PARMS] = { .len = sizeof(struct tc_tunnel_key) },
	[TCA_TUNNEL_KEY_ENC_IPV4_SRC] = { .type = UNL_NLA_U32 },
	[TCA_TUNNEL_KEY_ENC_IPV4_DST] = { .type = UNL_NLA_U32 },
	[TCA_TUNNEL_KEY_ENC_IPV6_SRC] = { .len = 16 },
	[TCA_TUNNEL_KEY_ENC_IPV6_DST] = { .len = 16 },
	[TCA_TUNNEL_KEY_ENC_KEY_ID] = { .type = UNL_NLA_U32 },
	[TCA_TUNNEL_KEY_ENC_DST_PORT] = { .type = UNL_NLA_U16 },
	[TCA_TUNNEL_KEY_NO_CSUM] = { .type = UNL_NLA_U8 },
	[TCA_TUNNEL_KEY_ENC_OPTS] = { .type = UNL_NLA_NESTED },
	[TCA_TUNNEL_KEY_ENC_TOS] = { .type = UNL_NLA_U8 },
	[TCA_TUNNEL_KEY_ENC_TTL] = { .type = UNL_NLA_U8 },
	[TK_NO_FRAG] = { .type = UNL_NLA_FLAG },
};

static const struct unl_nla_policy
	opts_policy[TCA_TUNNEL_KEY_ENC_OPTS_MAX + 1] = {
		[0] = { .strict_start_type = TCA_TUNNEL_KEY_ENC_OPTS_VXLAN },
		[TCA_TUNNEL_KEY_ENC_OPTS_GENEVE] = { .type = UNL_NLA_NESTED },
		[TCA_TUNNEL_KEY_ENC_OPTS_VXLAN] = { .type = UNL_NLA_NESTED },
		[TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN] = { .type = UNL_NLA_NESTED },
	};

static const struct unl_nla_policy
	geneve_policy[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_MAX + 1] = {
		[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS] = { .type = UNL_NLA_U16 },
		[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE] = { .type = UNL_NLA_U8 },
		[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA] = { .type = UNL_NLA_BINARY,
							 .len = 128 },
	};

static const struct unl_nla_policy
	vxlan_policy[TCA_TUNNEL_KEY_ENC_OPT_VXLAN_MAX + 1] = {
		[TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP] = { .type = UNL_NLA_U32 },
	};

static const struct unl_nla_policy
	erspan_policy[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_MAX + 1] = {
		[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER] = { .type = UNL_NLA_U8 },
		[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX] = { .type = UNL_NLA_U32 },
		[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR] = { .type = UNL_NLA_U8 },
		[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID] = { .type = UNL_NLA_U8 },
	};

/* tunnel_key_copy_geneve_opt(): class, type, length, data */
static int tk_geneve_opt(const struct nlattr *nla, uint8_t *dst, int room,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_MAX + 1];
	int data_len, err = unl_nla_parse_nested(tb, TCA_TUNNEL_KEY_ENC_OPT_GENEVE_MAX,
						 nla, geneve_policy,
						 UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS] ||
	    !tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE] ||
	    !tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key geneve option class, type or data");
		return -EINVAL;
	}
	data_len = unl_nla_len(tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA]);
	if (data_len < 4) {
		UNL_SET_ERR_MSG(extack, "Tunnel key geneve option data is less than 4 bytes long");
		return -ERANGE;
	}
	if (data_len % 4) {
		UNL_SET_ERR_MSG(extack, "Tunnel key geneve option data is not a multiple of 4 bytes long");
		return -ERANGE;
	}
	if (dst) {
		if (4 + data_len > room)
			return -EINVAL;
		memcpy(dst, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS]), 2);
		dst[2] = unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE]);
		dst[3] = (uint8_t)(data_len / 4);
		memcpy(dst + 4, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA]),
		       (size_t)data_len);
	}
	return 4 + data_len;
}

/* tunnel_key_copy_vxlan_opt(): the group policy id */
static int tk_vxlan_opt(const struct nlattr *nla, uint8_t *dst, int room,
			struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_TUNNEL_KEY_ENC_OPT_VXLAN_MAX + 1];
	uint32_t gbp;
	int err = unl_nla_parse_nested(tb, TCA_TUNNEL_KEY_ENC_OPT_VXLAN_MAX, nla,
				       vxlan_policy, UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	if (!tb[TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key vxlan option gbp");
		return -EINVAL;
	}
	if (dst) {
		if (room < 4)
			return -EINVAL;
		gbp = unl_nla_get_u32(tb[TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP]) & 0x0048ffffu;
		memcpy(dst, &gbp, 4);
	}
	return 4;
}

/* tunnel_key_copy_erspan_opt(): struct erspan_metadata (version, then
 * the index or the direction and hardware id) */
static int tk_erspan_opt(const struct nlattr *nla, uint8_t *dst, int room,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_MAX + 1];
	int32_t ver;
	uint8_t hwid;
	int err = unl_nla_parse_nested(tb, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_MAX, nla,
				       erspan_policy, UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	if (!tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option ver");
		return -EINVAL;
	}
	ver = unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER]);
	if (ver == 1) {
		if (!tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX]) {
			UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option index");
			return -EINVAL;
		}
	} else if (ver == 2) {
		if (!tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR] ||
		    !tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID]) {
			UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option dir or hwid");
			return -EINVAL;
		}
	} else {
		UNL_SET_ERR_MSG(extack, "Tunnel key erspan option ver is incorrect");
		return -EINVAL;
	}
	if (dst) {
		if (room < 12)
			return -EINVAL;
		memset(dst, 0, 12);
		memcpy(dst, &ver, 4);
		if (ver == 1) {
			memcpy(dst + 4, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX]), 4);
		} else {
			hwid = unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID]);
			dst[11] = (uint8_t)(((unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR]) & 1) << 3) |
					    ((hwid & 0xf) << 4));
			dst[10] = (uint8_t)((hwid >> 4) & 3);
		}
	}
	return 12;
}

/* tunnel_key_get_opts_len() and tunnel_key_opts_set(): with dst NULL
 * only the length, else the options in dst */
static int tk_opts(const struct nlattr *nla, struct tunnel_key *p, bool copy,
		   struct unl_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem, len = 0, one, type = 0;
	int err = unl_nla_validate(unl_nla_data(nla), unl_nla_len(nla),
				   TCA_TUNNEL_KEY_ENC_OPTS_MAX, opts_policy,
				   UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	unl_nla_for_each_nested(attr, nla, rem) {
		uint8_t *dst = copy ? p->opts + len : NULL;

		switch (unl_nla_type(attr)) {
		case TCA_TUNNEL_KEY_ENC_OPTS_GENEVE:
			if (type && type != TUN_OPT_GENEVE) {
				UNL_SET_ERR_MSG(extack, "Duplicate type for geneve options");
				return -EINVAL;
			}
			type = TUN_OPT_GENEVE;
			one = tk_geneve_opt(attr, dst, TUN_OPTS_MAX - len, extack);
			break;
		case TCA_TUNNEL_KEY_ENC_OPTS_VXLAN:
			if (type) {
				UNL_SET_ERR_MSG(extack, "Duplicate type for vxlan options");
				return -EINVAL;
			}
			type = TUN_OPT_VXLAN;
			one = tk_vxlan_opt(attr, dst, TUN_OPTS_MAX - len, extack);
			break;
		case TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN:
			if (type) {
				UNL_SET_ERR_MSG(extack, "Duplicate type for erspan options");
				return -EINVAL;
			}
			type = TUN_OPT_ERSPAN;
			one = tk_erspan_opt(attr, dst, TUN_OPTS_MAX - len, extack);
			break;
		default:
			UNL_SET_ERR_MSG(extack, "Unknown tunnel option type");
			return -EINVAL;
		}
		if (one < 0)
			return one;
		len += one;
		if (len > TUN_OPTS_MAX) {
			UNL_SET_ERR_MSG(extack, "Tunnel options exceeds max size");
			return -EINVAL;
		}
	}
	if (!len) {
		UNL_SET_ERR_MSG(extack, "Empty list of tunnel options");
		return -EINVAL;
	}
	if (rem > 0) {
		UNL_SET_ERR_MSG(extack, "Trailing data after parsing tunnel key options attributes");
		return -EINVAL;
	}
	p->opt_type = type;
	p->opts_len = (uint8_t)len;
	return len;
}

/* the metadata of a "set", checked, in *p */
static int tk_set(const struct nlattr **tb, struct tunnel_key *p,
		  struct unl_ext_ack *extack)
{
	int err;

	if (tb[TCA_TUNNEL_KEY_ENC_KEY_ID]) {
		memcpy(&p->key_id, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_KEY_ID]), 4);
		p->has_key = true;
	}
	p->csum = !(tb[TCA_TUNNEL_KEY_NO_CSUM] &&
		    unl_nla_get_u8(tb[TCA_TUNNEL_KEY_NO_CSUM]));
	p->no_frag = tb[TK_NO_FRAG];
	if (tb[TCA_TUNNEL_KEY_ENC_DST_PORT])
		memcpy(&p->dst_port, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_DST_PORT]), 2);
	if (tb[TCA_TUNNEL_KEY_ENC_OPTS]) {
		err = tk_opts(tb[TCA_TUNNEL_KEY_ENC_OPTS], p, false, extack);
		if (err < 0)
			return err;
	}
	if (tb[TCA_TUNNEL_KEY_ENC_TOS])
		p->tos = unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_TOS]);
	if (tb[TCA_TUNNEL_KEY_ENC_TTL])
		p->ttl = unl_nla_get_u8(tb[TCA_TUNNEL_KEY_ENC_TTL]);
	if (tb[TCA_TUNNEL_KEY_ENC_IPV4_SRC] && tb[TCA_TUNNEL_KEY_ENC_IPV4_DST]) {
		p->family = AF_INET;
		memcpy(p->src, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_IPV4_SRC]), 4);
		memcpy(p->dst, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_IPV4_DST]), 4);
	} else if (tb[TCA_TUNNEL_KEY_ENC_IPV6_SRC] &&
		   tb[TCA_TUNNEL_KEY_ENC_IPV6_DST]) {
		p->family = AF_INET6;
		memcpy(p->src, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_IPV6_SRC]), 16);
		memcpy(p->dst, unl_nla_data(tb[TCA_TUNNEL_KEY_ENC_IPV6_DST]), 16);
	} else {
		UNL_SET_ERR_MSG(extack, "Missing either ipv4 or ipv6 src and dst");
		return -EINVAL;
	}
	if (tb[TCA_TUNNEL_KEY_ENC_OPTS]) {
		err = tk_opts(tb[TCA_TUNNEL_KEY_ENC_OPTS], p, true, extack);
		if (err < 0)
			return err;
	}
	return 0;
}

/* tunnel_key_init() */
static int tk_init(struct rtnl_net *rn, const struct nlattr *nla,
		   const struct nlattr *est, struct rtnl_tc_action **a,
		   struct rtnl_tcf_proto *tp,
		   uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TK_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_tunnel_key *parm;
	struct tunnel_key p;
	bool exists;
	uint32_t index;

	if (!nla) {
		UNL_SET_ERR_MSG(extack, "Tunnel requires attributes to be passed");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TK_MAX, nla, tunnel_key_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err) {
		UNL_SET_ERR_MSG(extack, "Failed to parse nested tunnel key attributes");
		return err;
	}
	if (!tb[TCA_TUNNEL_KEY_PARMS]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key parameters");
		return -EINVAL;
	}
	parm = unl_nla_data(tb[TCA_TUNNEL_KEY_PARMS]);
	index = parm->index;
	err = rtnl_tcf_idr_check_alloc(rn, &rtnl_act_tunnel_key_ops, &index, a,
				       bind);
	if (err < 0)
		return err;
	exists = err;
	if (exists && bind)
		return RTNL_ACT_P_BOUND;
	memset(&p, 0, sizeof(p));
	p.t_action = parm->t_action;
	if (parm->t_action == TCA_TUNNEL_KEY_ACT_SET) {
		err = tk_set(tb, &p, extack);
	} else if (parm->t_action != TCA_TUNNEL_KEY_ACT_RELEASE) {
		UNL_SET_ERR_MSG(extack, "Unknown tunnel key action");
		err = -EINVAL;
	}
	if (err) {
		if (exists)
			rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	if (!exists) {
		err = rtnl_tcf_idr_create(rn, &rtnl_act_tunnel_key_ops, index, est, a,
					  bind, flags);
		if (err) {
			UNL_SET_ERR_MSG(extack, "Cannot create TC IDR");
			return err;
		}
		ret = RTNL_ACT_P_CREATED;
	} else if (!(flags & RTNL_TCA_ACT_FLAGS_REPLACE)) {
		UNL_SET_ERR_MSG(extack, "TC IDR already exists");
		rtnl_tcf_idr_release(*a, bind);
		return -EEXIST;
	}
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	memcpy(rtnl_tc_action_priv(*a), &p, sizeof(p));
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

/* tunnel_key_opts_dump() */
static int tk_dump_opts(struct unl_skb *skb, const struct tunnel_key *p)
{
	const uint8_t *d = p->opts;
	struct nlattr *start, *nest;
	int32_t ver;

	if (!p->opts_len)
		return 0;
	start = rtnl_nest_start(skb, TCA_TUNNEL_KEY_ENC_OPTS);
	if (!start)
		return -EMSGSIZE;
	switch (p->opt_type) {
	case TUN_OPT_GENEVE:
		/* one nest, the options one after the other within it */
		nest = rtnl_nest_start(skb, TCA_TUNNEL_KEY_ENC_OPTS_GENEVE);
		if (!nest)
			return -EMSGSIZE;
		for (int off = 0; off < p->opts_len; off += 4 + d[off + 3] * 4)
			if (unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS, 2, d + off) ||
			    unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE, d[off + 2]) ||
			    unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA, d[off + 3] * 4,
					d + off + 4))
				return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
		break;
	case TUN_OPT_VXLAN:
		nest = rtnl_nest_start(skb, TCA_TUNNEL_KEY_ENC_OPTS_VXLAN);
		if (!nest || unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP, 4, d))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
		break;
	default:
		memcpy(&ver, d, 4);
		nest = rtnl_nest_start(skb, TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN);
		if (!nest ||
		    unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER, (uint8_t)ver) ||
		    (ver == 1 &&
		     unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX, 4, d + 4)) ||
		    (ver == 2 &&
		     (unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR, (d[11] >> 3) & 1) ||
		      unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID,
				     (uint8_t)((d[11] >> 4) | ((d[10] & 3) << 4))))))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, nest);
	}
	unl_nla_nest_end(skb, start);
	return 0;
}

/* what tunnel_key_dump() says of a "set" */
static int tk_dump_set(struct unl_skb *skb, const struct tunnel_key *p)
{
	bool v4 = p->family == AF_INET;

	if ((p->has_key &&
	     unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_KEY_ID, 4, &p->key_id)) ||
	    unl_nla_put(skb, v4 ? TCA_TUNNEL_KEY_ENC_IPV4_SRC : TCA_TUNNEL_KEY_ENC_IPV6_SRC,
			v4 ? 4 : 16, p->src) ||
	    unl_nla_put(skb, v4 ? TCA_TUNNEL_KEY_ENC_IPV4_DST : TCA_TUNNEL_KEY_ENC_IPV6_DST,
			v4 ? 4 : 16, p->dst) ||
	    (p->dst_port &&
	     unl_nla_put(skb, TCA_TUNNEL_KEY_ENC_DST_PORT, 2, &p->dst_port)) ||
	    unl_nla_put_u8(skb, TCA_TUNNEL_KEY_NO_CSUM, !p->csum) ||
	    (p->no_frag && unl_nla_put_flag(skb, TK_NO_FRAG)) ||
	    tk_dump_opts(skb, p) ||
	    (p->tos && unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_TOS, p->tos)) ||
	    (p->ttl && unl_nla_put_u8(skb, TCA_TUNNEL_KEY_ENC_TTL, p->ttl)))
		return -EMSGSIZE;
	return 0;
}

/* tunnel_key_dump() */
static int tk_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		   int ref)
{
	const struct tunnel_key *p = rtnl_tc_action_priv(a);
	struct tc_tunnel_key opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
		.t_action = p->t_action,
	};
	struct tcf_t t;

	if (unl_nla_put(skb, TCA_TUNNEL_KEY_PARMS, sizeof(opt), &opt) ||
	    (p->t_action == TCA_TUNNEL_KEY_ACT_SET && tk_dump_set(skb, p)))
		return -EMSGSIZE;
	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_TUNNEL_KEY_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_tunnel_key_ops = {
	.kind = "tunnel_key",
	.id = TCA_ID_TUNNEL_KEY,
	.priv_size = sizeof(struct tunnel_key),
	.init = tk_init,
	.dump = tk_dump,
	.offload_setup = rtnl_tcf_offload_setup_any,
};
