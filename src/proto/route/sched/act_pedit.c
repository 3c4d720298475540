// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pedit (net/sched/act_pedit.c): keys that rewrite 32-bit words of a
 * packet (at an offset, under a mask), each with a header type and a
 * command (set or add) when given the extended way.  Kept and dumped
 * as Linux keeps them: the key's shift bounded, offsets checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tc_act/tc_pedit.h>

#include "proto/route/sched/cls.h"

struct pedit_key_ex {
	uint16_t htype, cmd;
};

struct pedit {
	uint8_t nkeys, flags;
	struct tc_pedit_key *keys;
	struct pedit_key_ex *keys_ex; /* NULL: the old way */
};

static const struct unl_nla_policy pedit_policy[TCA_PEDIT_MAX + 1] = {
	[TCA_PEDIT_PARMS] = { .len = sizeof(struct tc_pedit) },
	[TCA_PEDIT_PARMS_EX] = { .len = sizeof(struct tc_pedit) },
	[TCA_PEDIT_KEYS_EX] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy key_ex_policy[TCA_PEDIT_KEY_EX_MAX + 1] = {
	[TCA_PEDIT_KEY_EX_HTYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U16,
						      TCA_PEDIT_HDR_TYPE_MAX),
	[TCA_PEDIT_KEY_EX_CMD] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, TCA_PEDIT_CMD_MAX),
};

/* tcf_pedit_keys_ex_parse(): n keys, neither more nor fewer */
static int pedit_keys_ex(const struct nlattr *nla, unsigned int n,
			 struct pedit_key_ex **out, struct unl_ext_ack *extack)
{
	struct pedit_key_ex *keys, *k;
	const struct nlattr *ka;
	int rem, err;

	*out = NULL;
	if (!nla)
		return 0;
	keys = calloc(n ? n : 1, sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	k = keys;
	unl_nla_for_each_nested(ka, nla, rem) {
		const struct nlattr *tb[TCA_PEDIT_KEY_EX_MAX + 1];

		err = -EINVAL;
		if (!n) {
			UNL_SET_ERR_MSG(extack, "act_pedit: Can't parse more extended keys than requested");
			goto fail;
		}
		n--;
		if (unl_nla_type(ka) != TCA_PEDIT_KEY_EX) {
			UNL_SET_ERR_MSG_ATTR(extack, ka, "Unknown attribute, expected extended key");
			goto fail;
		}
		err = unl_nla_parse_nested(tb, TCA_PEDIT_KEY_EX_MAX, ka,
					   key_ex_policy, UNL_VALIDATE_LIBERAL,
					   NULL);
		if (err)
			goto fail;
		err = -EINVAL;
		if (!tb[TCA_PEDIT_KEY_EX_HTYPE] || !tb[TCA_PEDIT_KEY_EX_CMD]) {
			UNL_SET_ERR_MSG(extack, "Missing required attribute");
			goto fail;
		}
		k->htype = unl_nla_get_u16(tb[TCA_PEDIT_KEY_EX_HTYPE]);
		k->cmd = unl_nla_get_u16(tb[TCA_PEDIT_KEY_EX_CMD]);
		k++;
	}
	if (n) {
		UNL_SET_ERR_MSG(extack, "act_pedit: Not enough extended keys to parse");
		err = -EINVAL;
		goto fail;
	}
	*out = keys;
	return 0;
fail:
	free(keys);
	return err;
}

/* the keys of parm, checked, in *p */
static int pedit_params(const struct nlattr **tb, const struct nlattr *pattr,
			struct pedit *p, struct unl_ext_ack *extack)
{
	const struct tc_pedit *parm = unl_nla_data(pattr);
	size_t ksize = parm->nkeys * sizeof(struct tc_pedit_key);
	int err;

	if (!parm->nkeys) {
		UNL_SET_ERR_MSG(extack, "act_pedit: Pedit requires keys to be passed");
		return -EINVAL;
	}
	if ((size_t)unl_nla_len(pattr) < sizeof(*parm) + ksize) {
		UNL_SET_ERR_MSG_ATTR(extack, pattr, "Length of TCA_PEDIT_PARMS or TCA_PEDIT_PARMS_EX pedit attribute is invalid");
		return -EINVAL;
	}
	err = pedit_keys_ex(tb[TCA_PEDIT_KEYS_EX], parm->nkeys, &p->keys_ex,
			    extack);
	if (err)
		return err;
	p->keys = malloc(ksize);
	if (!p->keys) {
		free(p->keys_ex);
		return -ENOMEM;
	}
	memcpy(p->keys, parm->keys, ksize);
	p->nkeys = parm->nkeys;
	p->flags = parm->flags;
	for (unsigned int i = 0; i < p->nkeys; i++) {
		if (!p->keys[i].offmask && p->keys[i].off % 4) {
			UNL_SET_ERR_MSG(extack, "act_pedit: Offsets must be on 32bit boundaries");
			free(p->keys);
			free(p->keys_ex);
			return -EINVAL;
		}
		if (p->keys[i].shift > 31)
			p->keys[i].shift = 31;
	}
	return 0;
}

static void pedit_free(struct pedit *p)
{
	free(p->keys);
	free(p->keys_ex);
	p->keys = NULL;
	p->keys_ex = NULL;
}

/* tcf_pedit_init(): its parse tells no message (NULL extack) */
static int pedit_init(struct rtnl_net *rn, const struct nlattr *nla,
		      const struct nlattr *est, struct rtnl_tc_action **a,
		      struct rtnl_tcf_proto *tp,
		      uint32_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_PEDIT_MAX + 1], *pattr;
	bool bind = flags & RTNL_TCA_ACT_FLAGS_BIND;
	struct rtnl_tcf_chain *goto_ch = NULL;
	int ret = RTNL_ACT_P_BOUND, err;
	const struct tc_pedit *parm;
	struct pedit p = { 0 };
	uint32_t index;

	if (!nla) {
		UNL_SET_ERR_MSG(extack, "act_pedit: Pedit requires attributes to be passed");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_PEDIT_MAX, nla, pedit_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	pattr = tb[TCA_PEDIT_PARMS] ? tb[TCA_PEDIT_PARMS] : tb[TCA_PEDIT_PARMS_EX];
	if (!pattr) {
		UNL_SET_ERR_MSG(extack, "act_pedit: Missing required TCA_PEDIT_PARMS or TCA_PEDIT_PARMS_EX pedit attribute");
		return -EINVAL;
	}
	parm = unl_nla_data(pattr);
	index = parm->index;
	if (rtnl_tcf_idr_start(rn, &rtnl_act_pedit_ops, index, est, a,
			       flags, &ret))
		return ret;
	err = pedit_params(tb, pattr, &p, extack);
	if (!err) {
		err = rtnl_tcf_action_check_ctrlact(parm->action, tp, &goto_ch,
						    extack);
		if (err)
			pedit_free(&p);
	}
	if (err) {
		rtnl_tcf_idr_release(*a, bind);
		return err;
	}
	pedit_free(rtnl_tc_action_priv(*a));
	*(struct pedit *)rtnl_tc_action_priv(*a) = p;
	rtnl_tcf_action_set_ctrlact(*a, parm->action, goto_ch);
	return ret;
}

static void pedit_cleanup(struct rtnl_tc_action *a)
{
	pedit_free(rtnl_tc_action_priv(a));
}

/* tcf_pedit_key_ex_dump() */
static int pedit_dump_keys_ex(struct unl_skb *skb, const struct pedit *p)
{
	struct nlattr *keys = rtnl_nest_start(skb, TCA_PEDIT_KEYS_EX), *key;

	if (!keys)
		return -EMSGSIZE;
	for (unsigned int i = 0; i < p->nkeys; i++) {
		key = rtnl_nest_start(skb, TCA_PEDIT_KEY_EX);
		if (!key ||
		    unl_nla_put_u16(skb, TCA_PEDIT_KEY_EX_HTYPE, p->keys_ex[i].htype) ||
		    unl_nla_put_u16(skb, TCA_PEDIT_KEY_EX_CMD, p->keys_ex[i].cmd))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, key);
	}
	unl_nla_nest_end(skb, keys);
	return 0;
}

/* tcf_pedit_dump() */
static int pedit_dump(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		      int ref)
{
	const struct pedit *p = rtnl_tc_action_priv(a);
	size_t s = sizeof(struct tc_pedit) + p->nkeys * sizeof(struct tc_pedit_key);
	struct tc_pedit *opt = calloc(1, s);
	struct tcf_t t;
	int err = -EMSGSIZE;

	if (!opt)
		return -ENOBUFS;
	memcpy(opt->keys, p->keys, p->nkeys * sizeof(struct tc_pedit_key));
	opt->index = a->index;
	opt->nkeys = p->nkeys;
	opt->flags = p->flags;
	opt->action = a->tcfa_action;
	opt->refcnt = (int)a->refcnt - ref;
	opt->bindcnt = (int)a->bindcnt - bind;
	rtnl_tcf_tm_dump(&t, a);
	if (p->keys_ex ? pedit_dump_keys_ex(skb, p) ||
				 unl_nla_put(skb, TCA_PEDIT_PARMS_EX, (int)s, opt) :
			 unl_nla_put(skb, TCA_PEDIT_PARMS, (int)s, opt))
		goto out;
	if (!unl_nla_put(skb, TCA_PEDIT_TM, sizeof(t), &t))
		err = 0;
out:
	free(opt);
	return err;
}

/* tcf_pedit_cmd(): the old way has no command a driver knows */
static int pedit_cmd(const struct pedit *p, unsigned int k)
{
	return p->keys_ex ? p->keys_ex[k].cmd : __PEDIT_CMD_MAX;
}

/* tcf_pedit_offload_act_setup(): every key set, or every key add */
static int pedit_offload_setup(struct rtnl_tc_action *a, bool bind,
			       struct unl_ext_ack *extack)
{
	const struct pedit *p = rtnl_tc_action_priv(a);
	int cmd = pedit_cmd(p, 0);

	for (unsigned int k = 0; k < p->nkeys; k++) {
		int c = pedit_cmd(p, k);

		if ((c != TCA_PEDIT_KEY_EX_CMD_SET && c != TCA_PEDIT_KEY_EX_CMD_ADD) ||
		    (!bind && c != cmd)) {
			UNL_SET_ERR_MSG(extack, "act_pedit: Unsupported pedit command offload");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

const struct rtnl_tc_action_ops rtnl_act_pedit_ops = {
	.kind = "pedit",
	.id = TCA_ID_PEDIT,
	.priv_size = sizeof(struct pedit),
	.init = pedit_init,
	.dump = pedit_dump,
	.cleanup = pedit_cleanup,
	.offload_setup = pedit_offload_setup,
};
