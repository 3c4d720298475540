// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter, chain and action messages of traffic control
 * (net/sched/cls_api.c, act_api.c) as far as this model goes: no
 * filter, chain or action is ever made, so the dumps are empty, and
 * the requests are checked as Linux checks them (device, parent qdisc,
 * class, block, chain) up to the point where one would be made, where
 * a kind the profile lacks is refused as Linux refuses it and one it
 * has is refused as not modelled (docs/conformance.md).
 */
#include <errno.h>
#include <string.h>

#include <linux/pkt_cls.h>

#include <unetlink/profile.h>

#include "proto/route/sched/sched.h"

#define TCF_NOT_MODELLED "unetlink: tc filters, chains and actions are not modelled"

static const struct unl_nla_policy tc_filter_policy[TCA_MAX + 1] = {
	[TCA_KIND] = { .type = UNL_NLA_STRING },
	[TCA_RATE] = { .type = UNL_NLA_BINARY,
		       .len = sizeof(struct tc_estimator) },
	[TCA_STAB] = { .type = UNL_NLA_NESTED },
	[TCA_DUMP_INVISIBLE] = { .type = UNL_NLA_FLAG },
	[TCA_CHAIN] = { .type = UNL_NLA_U32 },
	[TCA_INGRESS_BLOCK] = { .type = UNL_NLA_U32 },
	[TCA_EGRESS_BLOCK] = { .type = UNL_NLA_U32 },
};

static int tcf_parse(const struct nlmsghdr *n, const struct nlattr **tca,
		     struct unl_ext_ack *extack)
{
	return unl_nlmsg_parse(n, sizeof(struct tcmsg), tca, TCA_MAX,
			       tc_filter_policy, UNL_VALIDATE_LIBERAL, extack);
}

/* __tcf_qdisc_find(): the qdisc a request names (*qp NULL for a shared
 * block); 0, or -errno with Linux's message. */
static int tcf_qdisc_find(struct rtnl_net *rn, const struct tcmsg *t,
			  struct rtnl_qdisc **qp, struct unl_ext_ack *extack)
{
	uint32_t parent = t->tcm_parent;
	struct rtnl_link *dev;
	struct rtnl_qdisc *q;

	*qp = NULL;
	if ((uint32_t)t->tcm_ifindex == TCM_IFINDEX_MAGIC_BLOCK)
		return 0;
	dev = rtnl_link_by_index(rn, t->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	q = parent ? rtnl_qdisc_lookup(dev, TC_H_MAJ(parent))
		   : rtnl_tc_dev_root(dev);
	/* qdisc_refcount_inc_nz() fails on noop, which counts nothing */
	if (!q || rtnl_qdisc_is_noop(q)) {
		UNL_SET_ERR_MSG(extack, "Parent Qdisc doesn't exists");
		return -EINVAL;
	}
	if (!q->ops->cl_ops) {
		UNL_SET_ERR_MSG(extack, "Qdisc not classful");
		return -EINVAL;
	}
	if (!q->ops->cl_ops->tcf_block) {
		UNL_SET_ERR_MSG(extack, "Class doesn't support blocks");
		return -EOPNOTSUPP;
	}
	*qp = q;
	return 0;
}

/* __tcf_qdisc_cl_find() and __tcf_block_find(): the class and block of
 * q; no block is ever shared here. */
static int tcf_block_find(struct rtnl_qdisc *q, const struct tcmsg *t,
			  struct unl_ext_ack *extack)
{
	const struct rtnl_qdisc_class_ops *cops;
	uint32_t parent = t->tcm_parent;
	unsigned long cl = 0;

	if (!q) {
		UNL_SET_ERR_MSG(extack, "Block of given index was not found");
		return -EINVAL;
	}
	cops = q->ops->cl_ops;
	if (TC_H_MIN(parent)) {
		cl = cops->find(q, parent);
		if (!cl) {
			UNL_SET_ERR_MSG(extack, "Specified class doesn't exist");
			return -ENOENT;
		}
	}
	/* __tcf_block_find() */
	return cops->tcf_block(q, cl) ? 0 : -EINVAL;
}

static int tcf_kind_check(const struct nlattr **tca,
			  struct unl_ext_ack *extack)
{
	/* tcf_proto_check_kind() */
	if (tca[TCA_KIND] && unl_nla_len(tca[TCA_KIND]) > IFNAMSIZ) {
		const char *s = unl_nla_data(tca[TCA_KIND]);

		if (strnlen(s, (size_t)unl_nla_len(tca[TCA_KIND])) >= IFNAMSIZ) {
			UNL_SET_ERR_MSG(extack, "Specified TC filter name too long");
			return -EINVAL;
		}
	}
	return 0;
}

static int tcf_chain_index(const struct nlattr **tca,
			   struct unl_ext_ack *extack)
{
	if (tca[TCA_CHAIN] &&
	    unl_nla_get_u32(tca[TCA_CHAIN]) > TC_ACT_EXT_VAL_MASK) {
		UNL_SET_ERR_MSG(extack, "Specified chain index exceeds upper limit");
		return -EINVAL;
	}
	return 0;
}

/* tc_new_tfilter(): up to tcf_proto_create()'s lookup of the kind */
static int tc_new_tfilter(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	uint32_t protocol, prio;
	struct rtnl_qdisc *q;
	char kind[IFNAMSIZ];
	int err = tcf_parse(n, tca, extack);

	(void)skb;
	if (err)
		return err;
	protocol = TC_H_MIN(t->tcm_info);
	prio = TC_H_MAJ(t->tcm_info);
	if (!prio && !(n->nlmsg_flags & NLM_F_CREATE)) {
		UNL_SET_ERR_MSG(extack, "Invalid filter command with priority of zero");
		return -ENOENT;
	}
	err = tcf_qdisc_find(rn, t, &q, extack);
	if (!err)
		err = tcf_kind_check(tca, extack);
	if (!err)
		err = tcf_block_find(q, t, extack);
	if (!err)
		err = tcf_chain_index(tca, extack);
	if (err)
		return err;
	/* no filter exists: this one would be new */
	if (!tca[TCA_KIND] || !protocol) {
		UNL_SET_ERR_MSG(extack, "Filter kind and protocol must be specified");
		return -EINVAL;
	}
	if (!(n->nlmsg_flags & NLM_F_CREATE)) {
		UNL_SET_ERR_MSG(extack, "Need both RTM_NEWTFILTER and NLM_F_CREATE to create a new filter");
		return -ENOENT;
	}
	unl_nla_strscpy(kind, tca[TCA_KIND], sizeof(kind));
	if (!unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_CLS,
			     kind)) {
		UNL_SET_ERR_MSG(extack, "TC classifier not found");
		return -ENOENT;
	}
	UNL_SET_ERR_MSG(extack, TCF_NOT_MODELLED);
	return -EOPNOTSUPP;
}

/* tc_del_tfilter() and tc_get_tfilter(): no chain exists */
static int tc_delget_tfilter(struct rtnl_net *rn, struct unl_skb *skb,
			     struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	bool del = n->nlmsg_type == RTM_DELTFILTER;
	struct rtnl_qdisc *q;
	uint32_t protocol, prio;
	int err = tcf_parse(n, tca, extack);

	(void)skb;
	if (err)
		return err;
	protocol = TC_H_MIN(t->tcm_info);
	prio = TC_H_MAJ(t->tcm_info);
	if (del && !prio && (protocol || t->tcm_handle || tca[TCA_KIND])) {
		UNL_SET_ERR_MSG(extack, "Cannot flush filters with protocol, handle or kind set");
		return -ENOENT;
	}
	if (!del && !prio) {
		UNL_SET_ERR_MSG(extack, "Invalid filter command with priority of zero");
		return -ENOENT;
	}
	err = tcf_qdisc_find(rn, t, &q, extack);
	if (!err)
		err = tcf_kind_check(tca, extack);
	if (!err)
		err = tcf_block_find(q, t, extack);
	if (!err)
		err = tcf_chain_index(tca, extack);
	if (err)
		return err;
	/* a flush of a chain that does not exist has nothing to do */
	if (del && !prio)
		return 0;
	UNL_SET_ERR_MSG(extack, "Cannot find specified filter chain");
	return del ? -ENOENT : -EINVAL;
}

/* tc_dump_tfilter() and tc_dump_chain(): nothing to list */
static int tc_dump_empty(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct nlattr *tca[TCA_MAX + 1];
	int err;

	if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct tcmsg)))
		return (int)unl_skb_len(skb);
	err = tcf_parse(cb->nlh, tca, cb->extack);
	return err ? err : (int)unl_skb_len(skb);
}

/* tc_ctl_chain(): RTM_NEWCHAIN, RTM_DELCHAIN, RTM_GETCHAIN */
static int tc_ctl_chain(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *n, struct unl_ext_ack *extack)
{
	const struct nlattr *tca[TCA_MAX + 1];
	const struct tcmsg *t = NLMSG_DATA(n);
	struct rtnl_qdisc *q;
	int err = tcf_parse(n, tca, extack);

	(void)skb;
	if (err)
		return err;
	err = tcf_qdisc_find(rn, t, &q, extack);
	if (!err)
		err = tcf_block_find(q, t, extack);
	if (!err)
		err = tcf_chain_index(tca, extack);
	if (err)
		return err;
	if (n->nlmsg_type == RTM_NEWCHAIN) {
		if (!(n->nlmsg_flags & NLM_F_CREATE)) {
			UNL_SET_ERR_MSG(extack, "Need both RTM_NEWCHAIN and NLM_F_CREATE to create a new chain");
			return -ENOENT;
		}
		UNL_SET_ERR_MSG(extack, TCF_NOT_MODELLED);
		return -EOPNOTSUPP;
	}
	UNL_SET_ERR_MSG(extack, "Cannot find specified filter chain");
	return -EINVAL;
}

static const struct unl_nla_policy tcaa_policy[TCA_ROOT_MAX + 1] = {
	[TCA_ROOT_FLAGS] = UNL_NLA_POLICY_BITFIELD32(TCA_ACT_FLAG_LARGE_DUMP_ON |
						     TCA_ACT_FLAG_TERSE_DUMP),
	[TCA_ROOT_TIME_DELTA] = { .type = UNL_NLA_U32 },
};

/* tc_dump_action(): no action of any kind exists */
static int tc_dump_action(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct nlattr *tb[TCA_ROOT_MAX + 1];
	int err = unl_nlmsg_parse(cb->nlh, sizeof(struct tcamsg), tb,
				  TCA_ROOT_MAX, tcaa_policy,
				  UNL_VALIDATE_LIBERAL, cb->extack);

	(void)skb;
	return err;
}

const struct rtnl_msg_handler rtnl_tcf_handlers[] = {
	{ PF_UNSPEC, RTM_NEWTFILTER, tc_new_tfilter, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_DELTFILTER, tc_delget_tfilter, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_GETTFILTER, tc_delget_tfilter, tc_dump_empty, 0,
	  NULL },
	{ PF_UNSPEC, RTM_NEWCHAIN, tc_ctl_chain, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_DELCHAIN, tc_ctl_chain, NULL, 0, NULL },
	{ PF_UNSPEC, RTM_GETCHAIN, tc_ctl_chain, tc_dump_empty, 0, NULL },
	{ PF_UNSPEC, RTM_GETACTION, NULL, tc_dump_action, 0, NULL },
};
const unsigned int rtnl_tcf_handlers_n =
	sizeof(rtnl_tcf_handlers) / sizeof(rtnl_tcf_handlers[0]);
