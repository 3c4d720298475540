// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ct (net/sched/act_ct.c): send a packet through connection tracking
 * in a zone, committing it with a mark and labels, with NAT of a range
 * of addresses and ports, or clear its conntrack entry.  Kept and
 * dumped as Linux keeps it; no packet passes.  The conntrack helpers
 * are the world's of nfnetlink_cthelper (`nfct add helper`), held by
 * the action as Linux holds them; no helper module is loadable, so a
 * helper for NAT, which would need one, is not found.
 */
#include <errno.h>
#include <string.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/tc_act/tc_ct.h>

#include "proto/netfilter/nf_conntrack_helper.h"
#include "proto/route/sched/cls.h"

/* Linux 5.14's attributes, after the uapi header of 6.1 */
#define CT_HELPER_NAME (TCA_CT_PAD + 1)
#define CT_HELPER_FAMILY (TCA_CT_PAD + 2)
#define CT_HELPER_PROTO (TCA_CT_PAD + 3)
#define CT_MAX CT_HELPER_PROTO

/* NF_NAT_RANGE_MAP_IPS, NF_NAT_RANGE_PROTO_SPECIFIED */
#define CT_RANGE_MAP_IPS (1 << 0)
#define CT_RANGE_PROTO_SPECIFIED (1 << 1)

struct ct {
	uint16_t ct_action, zone;
	uint32_t mark, mark_mask;
	uint32_t labels[4], labels_mask[4];
	unsigned int range_flags;
	bool ipv4_range;
	uint8_t min_addr[16], max_addr[16];
	uint16_t min_port, max_port; /* network order */
	struct nf_ct_helper *helper; /* a reference, or NULL */
};

static const struct unl_nla_policy ct_policy[CT_MAX + 1] = {
	[TCA_CT_ACTION] = { .type = UNL_NLA_U16 },
	[TCA_CT_PARMS] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct tc_ct)),
	[TCA_CT_ZONE] = { .type = UNL_NLA_U16 },
	[TCA_CT_MARK] = { .type = UNL_NLA_U32 },
	[TCA_CT_MARK_MASK] = { .type = UNL_NLA_U32 },
	[TCA_CT_LABELS] = { .type = UNL_NLA_BINARY, .len = 16 },
	[TCA_CT_LABELS_MASK] = { .type = UNL_NLA_BINARY, .len = 16 },
	[TCA_CT_NAT_IPV4_MIN] = { .type = UNL_NLA_U32 },
	[TCA_CT_NAT_IPV4_MAX] = { .type = UNL_NLA_U32 },
	[TCA_CT_NAT_IPV6_MIN] = UNL_NLA_POLICY_EXACT_LEN(16),
	[TCA_CT_NAT_IPV6_MAX] = UNL_NLA_POLICY_EXACT_LEN(16),
	[TCA_CT_NAT_PORT_MIN] = { .type = UNL_NLA_U16 },
	[TCA_CT_NAT_PORT_MAX] = { .type = UNL_NLA_U16 },
	[CT_HELPER_NAME] = { .type = UNL_NLA_STRING, .len = 16 },
	[CT_HELPER_FAMILY] = { .type = UNL_NLA_U8 },
	[CT_HELPER_PROTO] = { .type = UNL_NLA_U8 },
};

/* nla_memcpy() */
static void ct_memcpy(void *dst, const struct nlattr *a, size_t len)
{
	size_t have = (size_t)unl_nla_len(a);

	memset(dst, 0, len);
	memcpy(dst, unl_nla_data(a), have < len ? have : len);
}

/* tcf_ct_set_key_val(): the mask all ones without its attribute */
static void ct_set(const struct nlattr **tb, void *val, int type, void *mask,
		   int mask_type, size_t len)
{
	if (!tb[type])
		return;
	ct_memcpy(val, tb[type], len);
	if (!mask)
		return;
	if (!tb[mask_type])
		memset(mask, 0xff, len);
	else
		ct_memcpy(mask, tb[mask_type], len);
}

/* tcf_ct_fill_params_nat() */
static int ct_nat(const struct nlattr **tb, struct ct *p,
		  struct unl_ext_ack *extack)
{
	int min = TCA_CT_NAT_IPV4_MIN, max = TCA_CT_NAT_IPV4_MAX;
	size_t len = 4;

	if (!(p->ct_action & TCA_CT_ACT_NAT) ||
	    !(p->ct_action & (TCA_CT_ACT_NAT_SRC | TCA_CT_ACT_NAT_DST)))
		return 0;
	if ((p->ct_action & TCA_CT_ACT_NAT_SRC) &&
	    (p->ct_action & TCA_CT_ACT_NAT_DST)) {
		UNL_SET_ERR_MSG(extack, "act_ct: dnat and snat can't be enabled at the same time");
		return -EOPNOTSUPP;
	}
	p->ipv4_range = true;
	if (!tb[min]) {
		min = TCA_CT_NAT_IPV6_MIN;
		max = TCA_CT_NAT_IPV6_MAX;
		len = 16;
		p->ipv4_range = false;
	}
	if (tb[min]) {
		p->range_flags |= CT_RANGE_MAP_IPS;
		memcpy(p->min_addr, unl_nla_data(tb[min]), len);
		memcpy(p->max_addr, unl_nla_data(tb[max] ? tb[max] : tb[min]), len);
	}
	if (tb[TCA_CT_NAT_PORT_MIN]) {
		p->range_flags |= CT_RANGE_PROTO_SPECIFIED;
		memcpy(&p->min_port, unl_nla_data(tb[TCA_CT_NAT_PORT_MIN]), 2);
		memcpy(&p->max_port,
		       unl_nla_data(tb[TCA_CT_NAT_PORT_MAX] ? tb[TCA_CT_NAT_PORT_MAX]
							    : tb[TCA_CT_NAT_PORT_MIN]),
		       2);
	}
	return 0;
}

/* nf_ct_add_helper(): the helper of family and proto named by the
 * attribute (a kernel module's or a userspace one), and for NAT its
 * NAT helper (nf_nat_helper_try_module_get(): ENOENT without one) */
static int ct_add_helper(struct rtnl_net *rn, const struct nlattr **tb,
			 struct ct *p)
{
	uint8_t family = tb[CT_HELPER_FAMILY]
				 ? unl_nla_get_u8(tb[CT_HELPER_FAMILY])
				 : AF_INET;
	uint8_t proto = tb[CT_HELPER_PROTO] ? unl_nla_get_u8(tb[CT_HELPER_PROTO])
					    : IPPROTO_TCP;
	int err;

	p->helper = nf_ct_helper_try_get(rn->net, unl_nla_data(tb[CT_HELPER_NAME]),
					 family, proto);
	if (!p->helper)
		return -EINVAL;
	if (p->ct_action & TCA_CT_ACT_NAT) {
		err = nf_nat_helper_try_get(rn->net, p->helper);
		if (err) {
			nf_ct_helper_put(p->helper);
			p->helper = NULL;
			return err;
		}
	}
	return 0;
}

/* tcf_ct_fill_params() */
static int ct_params(struct rtnl_net *rn, const struct nlattr **tb,
		     struct ct *p, struct unl_ext_ack *extack)
{
	const char *name;
	int len, err;

	memset(p, 0, sizeof(*p));
	ct_set(tb, &p->ct_action, TCA_CT_ACTION, NULL, 0, sizeof(p->ct_action));
	if (p->ct_action & TCA_CT_ACT_CLEAR)
		return 0;
	err = ct_nat(tb, p, extack);
	if (err)
		return err;
	ct_set(tb, &p->mark, TCA_CT_MARK, &p->mark_mask, TCA_CT_MARK_MASK,
	       sizeof(p->mark));
	ct_set(tb, p->labels, TCA_CT_LABELS, p->labels_mask, TCA_CT_LABELS_MASK,
	       sizeof(p->labels));
	ct_set(tb, &p->zone, TCA_CT_ZONE, NULL, 0, sizeof(p->zone));
	if (!tb[CT_HELPER_NAME])
		return 0;
	name = unl_nla_data(tb[CT_HELPER_NAME]);
	len = unl_nla_len(tb[CT_HELPER_NAME]);
	if (len > 16 || !len || name[len - 1] != '\0') {
		UNL_SET_ERR_MSG(extack, "act_ct: Failed to parse helper name.");
		return -EINVAL;
	}
	err = ct_add_helper(rn, tb, p);
	if (err)
		UNL_SET_ERR_MSG(extack, "act_ct: Failed to add helper");
	return err;
}

/* tcf_ct_init() */
static int ct_init(struct rtnl_net *rn, const struct nlattr *nla,
		   const struct nlattr *est, struct rtnl_tc_action **a,
		   struct rtnl_tcf_proto *tp,
		   uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CT_MAX + 1];
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_ct *parm;
	struct ct p;
	uint32_t index;

	if (!nla) {
		UNL_SET_ERR_MSG(extack, "act_ct: Ct requires attributes to be passed");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, CT_MAX, nla, ct_policy,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!tb[TCA_CT_PARMS]) {
		UNL_SET_ERR_MSG(extack, "act_ct: Missing required ct parameters");
		return -EINVAL;
	}
	parm = unl_nla_data(tb[TCA_CT_PARMS]);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_ct_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch, extack);
	if (!err) {
		err = ct_params(rn, tb, &p, extack);
		if (err && goto_ch)
			rtnl_tcf_chain_put_by_act(goto_ch);
	}
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	if (ret != RTNL_ACT_P_CREATED)
		nf_ct_helper_put(((struct ct *)rtnl_tc_action_priv(*a))->helper);
	*(struct ct *)rtnl_tc_action_priv(*a) = p;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

static bool ct_nonzero(const void *m, size_t len)
{
	const uint8_t *p = m;

	for (size_t i = 0; i < len; i++)
		if (p[i])
			return true;
	return false;
}

/* tcf_ct_dump_nat() */
static int ct_dump_nat(struct unl_skb *skb, const struct ct *p)
{
	int len = p->ipv4_range ? 4 : 16;

	if (!(p->ct_action & TCA_CT_ACT_NAT) ||
	    !(p->ct_action & (TCA_CT_ACT_NAT_SRC | TCA_CT_ACT_NAT_DST)))
		return 0;
	if ((p->range_flags & CT_RANGE_MAP_IPS) &&
	    (unl_nla_put(skb, p->ipv4_range ? TCA_CT_NAT_IPV4_MIN : TCA_CT_NAT_IPV6_MIN,
			 len, p->min_addr) ||
	     unl_nla_put(skb, p->ipv4_range ? TCA_CT_NAT_IPV4_MAX : TCA_CT_NAT_IPV6_MAX,
			 len, p->max_addr)))
		return -EMSGSIZE;
	if ((p->range_flags & CT_RANGE_PROTO_SPECIFIED) &&
	    (unl_nla_put(skb, TCA_CT_NAT_PORT_MIN, 2, &p->min_port) ||
	     unl_nla_put(skb, TCA_CT_NAT_PORT_MAX, 2, &p->max_port)))
		return -EMSGSIZE;
	return 0;
}

/* tcf_ct_dump_helper() */
static int ct_dump_helper(struct unl_skb *skb, const struct ct *p)
{
	const char *name;
	uint16_t l3num;
	uint8_t l4num;

	if (!p->helper)
		return 0;
	nf_ct_helper_describe(p->helper, &name, &l3num, &l4num);
	if (unl_nla_put_string(skb, CT_HELPER_NAME, name) ||
	    unl_nla_put_u8(skb, CT_HELPER_FAMILY, (uint8_t)l3num) ||
	    unl_nla_put_u8(skb, CT_HELPER_PROTO, l4num))
		return -EMSGSIZE;
	return 0;
}

/* tcf_ct_offload_act_setup(): a flow rule cannot say a helper */
static int ct_offload_setup(struct rtnl_tc_action *a, bool bind,
			    struct unl_ext_ack *extack)
{
	(void)extack;
	if (bind && ((struct ct *)rtnl_tc_action_priv(a))->helper)
		return -EOPNOTSUPP;
	return 0;
}

/* tcf_ct_cleanup(): the helper let go */
static void ct_cleanup(struct rtnl_tc_action *a)
{
	nf_ct_helper_put(((struct ct *)rtnl_tc_action_priv(a))->helper);
}

/* tcf_ct_dump() */
static int ct_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		   int ref)
{
	const struct ct *p = rtnl_tc_action_priv(a);
	struct tc_ct opt = {
		.index = a->index,
		.refcnt = (int)a->refcnt - ref,
		.bindcnt = (int)a->bindcnt - bind,
		.action = a->tcfa_action,
	};
	struct tcf_t t;

	if (unl_nla_put_u16(skb, TCA_CT_ACTION, p->ct_action))
		return -EMSGSIZE;
	if (!(p->ct_action & TCA_CT_ACT_CLEAR) &&
	    ((ct_nonzero(&p->mark_mask, 4) &&
	      (unl_nla_put_u32(skb, TCA_CT_MARK, p->mark) ||
	       unl_nla_put_u32(skb, TCA_CT_MARK_MASK, p->mark_mask))) ||
	     (ct_nonzero(p->labels_mask, 16) &&
	      (unl_nla_put(skb, TCA_CT_LABELS, 16, p->labels) ||
	       unl_nla_put(skb, TCA_CT_LABELS_MASK, 16, p->labels_mask))) ||
	     unl_nla_put_u16(skb, TCA_CT_ZONE, p->zone) || ct_dump_nat(skb, p) ||
	     ct_dump_helper(skb, p)))
		return -EMSGSIZE;
	rtnl_tcf_tm_dump(&t, a);
	if (unl_nla_put(skb, TCA_CT_PARMS, sizeof(opt), &opt) ||
	    unl_nla_put(skb, TCA_CT_TM, sizeof(t), &t))
		return -EMSGSIZE;
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_ct_ops = {
	.kind = "ct",
	.id = TCA_ID_CT,
	.priv_size = sizeof(struct ct),
	.init = ct_init,
	.dump = ct_dump,
	.cleanup = ct_cleanup,
	.offload_setup = ct_offload_setup,
};
