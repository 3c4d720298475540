// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Policy routing rules: RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE
 * (net/core/fib_rules.c with fib4_rules.c and fib6_rules.c), from the
 * defaults a namespace starts with: IPv4 0 local, 32766 main,
 * 32767 default; IPv6 0 local, 32766 main; and the multicast routing
 * families' single rules (ipmr 32767 default, ip6mr 32767 main).
 * Each family exists only when the kernel profile builds it in
 * (IP_MULTIPLE_TABLES, IPV6_MULTIPLE_TABLES, IP_MROUTE_MULTIPLE_TABLES,
 * IPV6_MROUTE_MULTIPLE_TABLES); without any, there are no rule messages
 * at all (no CONFIG_FIB_RULES).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

#define RULE_MSG_SIZE 256

static const struct unl_nla_policy fra_policy[FRA_MAX + 1] = {
	[FRA_IIFNAME] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[FRA_OIFNAME] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[FRA_PRIORITY] = { .type = UNL_NLA_U32 },
	[FRA_FWMARK] = { .type = UNL_NLA_U32 },
	[FRA_TUN_ID] = { .type = UNL_NLA_U64 },
	[FRA_FWMASK] = { .type = UNL_NLA_U32 },
	[FRA_TABLE] = { .type = UNL_NLA_U32 },
	[FRA_SUPPRESS_PREFIXLEN] = { .type = UNL_NLA_U32 },
	[FRA_SUPPRESS_IFGROUP] = { .type = UNL_NLA_U32 },
	[FRA_GOTO] = { .type = UNL_NLA_U32 },
	[FRA_L3MDEV] = { .type = UNL_NLA_U8 },
	[FRA_UID_RANGE] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct fib_rule_uid_range)),
	[FRA_PROTOCOL] = { .type = UNL_NLA_U8 },
	[FRA_IP_PROTO] = { .type = UNL_NLA_U8 },
	[FRA_SPORT_RANGE] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct fib_rule_port_range)),
	[FRA_DPORT_RANGE] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct fib_rule_port_range)),
	[FRA_DST] = { .type = UNL_NLA_BINARY, .len = 16 },
	[FRA_SRC] = { .type = UNL_NLA_BINARY, .len = 16 },
	[FRA_FLOW] = { .type = UNL_NLA_U32 },
};

/* lookup_rules_ops(): does this kernel have rules of the family? */
static bool rule_family_known(const struct rtnl_net *rn, int family)
{
	switch (family) {
	case AF_INET:
		return rn->feat.fib4_rules;
	case AF_INET6:
		return rn->feat.fib6_rules;
	case RTNL_FAMILY_IPMR:
		return rn->feat.ipmr_rules;
	case RTNL_FAMILY_IP6MR:
		return rn->feat.ip6mr_rules;
	}
	return false;
}

/* CONFIG_FIB_RULES: some family has rules. */
static bool rule_registered(const struct rtnl_net *rn)
{
	return rn->feat.fib4_rules || rn->feat.fib6_rules ||
	       rn->feat.ipmr_rules || rn->feat.ip6mr_rules;
}

static int alen(int family)
{
	return family == AF_INET || family == RTNL_FAMILY_IPMR ? 4 : 16;
}

static int rule_fill(struct rtnl_net *rn, struct unl_skb *skb,
		     const struct rtnl_rule *r, int type,
		     uint32_t pid, uint32_t seq, int flags)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*frh), flags);
	if (!nlh)
		return -EMSGSIZE;
	frh = NLMSG_DATA(nlh);
	frh->family = (uint8_t)r->family;
	frh->table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_COMPAT;
	frh->action = r->action;
	frh->flags = r->flags;
	/* a rule naming a device that does not exist (yet) is detached */
	if (r->iifname[0] && !rtnl_link_by_name(rn, r->iifname))
		frh->flags |= FIB_RULE_IIF_DETACHED;
	if (r->oifname[0] && !rtnl_link_by_name(rn, r->oifname))
		frh->flags |= FIB_RULE_OIF_DETACHED;
	frh->dst_len = r->dst_len;
	frh->src_len = r->src_len;
	frh->tos = r->tos;
	if (unl_nla_put_u32(skb, FRA_TABLE, r->table) ||
	    unl_nla_put_u32(skb, FRA_SUPPRESS_PREFIXLEN, r->suppress_prefixlen) ||
	    unl_nla_put_u8(skb, FRA_PROTOCOL, r->protocol) ||
	    (r->iifname[0] && unl_nla_put_string(skb, FRA_IIFNAME, r->iifname)) ||
	    (r->oifname[0] && unl_nla_put_string(skb, FRA_OIFNAME, r->oifname)) ||
	    (r->priority && unl_nla_put_u32(skb, FRA_PRIORITY, r->priority)) ||
	    (r->has_fwmark && unl_nla_put_u32(skb, FRA_FWMARK, r->fwmark)) ||
	    (r->has_fwmask && unl_nla_put_u32(skb, FRA_FWMASK, r->fwmask)) ||
	    (r->goto_target && unl_nla_put_u32(skb, FRA_GOTO, r->goto_target)) ||
	    (r->dst_len && unl_nla_put(skb, FRA_DST, alen(r->family), r->dst)) ||
	    (r->src_len && unl_nla_put(skb, FRA_SRC, alen(r->family), r->src))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static void rule_notify(struct rtnl_net *rn, const struct rtnl_rule *r, int type,
			struct unl_skb *req, const struct nlmsghdr *nlh)
{
	unsigned int group = r->family == AF_INET ? RTNLGRP_IPV4_RULE
						  : RTNLGRP_IPV6_RULE;
	struct unl_skb *skb = unl_nlmsg_new(RULE_MSG_SIZE);

	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (rule_fill(rn, skb, r, type, 0, nlh ? nlh->nlmsg_seq : 0, 0)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, group, nlh);
}

/* The order the families registered their rule ops in (IPv4 and the
 * multicast families at boot, IPv6 later), which AF_UNSPEC dumps follow. */
static int rule_family_rank(int family)
{
	switch (family) {
	case AF_INET:
		return 0;
	case RTNL_FAMILY_IPMR:
		return 1;
	case RTNL_FAMILY_IP6MR:
		return 2;
	default:
		return 3;
	}
}

/* Rules are kept by family then priority; a new rule goes after those
 * of the same priority. */
static void rule_link(struct rtnl_net *rn, struct rtnl_rule *r)
{
	struct rtnl_rule **pp = &rn->rules;
	int rank = rule_family_rank(r->family);

	while (*pp && (rule_family_rank((*pp)->family) < rank ||
		       (rule_family_rank((*pp)->family) == rank &&
			(*pp)->priority <= r->priority)))
		pp = &(*pp)->next;
	r->next = *pp;
	*pp = r;
}

static int rule_add_default(struct rtnl_net *rn, int family, uint32_t prio,
			    uint32_t table)
{
	struct rtnl_rule *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->family = family;
	r->priority = prio;
	r->table = table;
	r->action = FR_ACT_TO_TBL;
	r->protocol = RTPROT_KERNEL;
	r->suppress_prefixlen = 0xffffffff;
	rule_link(rn, r);
	return 0;
}

/* The default rules of each family this kernel has (fib_default_rules_
 * init, fib6_rules_net_init, ipmr_rules_init, ip6mr_rules_init). */
int rtnl_rule_init(struct rtnl_net *rn)
{
	static const struct {
		int family;
		uint32_t prio, table;
	} dflt[] = {
		{ AF_INET, 0, RT_TABLE_LOCAL },
		{ AF_INET, 32766, RT_TABLE_MAIN },
		{ AF_INET, 32767, RT_TABLE_DEFAULT },
		{ AF_INET6, 0, RT_TABLE_LOCAL },
		{ AF_INET6, 32766, RT_TABLE_MAIN },
		{ RTNL_FAMILY_IPMR, 32767, RT_TABLE_DEFAULT },
		{ RTNL_FAMILY_IP6MR, 32767, RT_TABLE_MAIN },
	};

	for (size_t i = 0; i < sizeof(dflt) / sizeof(dflt[0]); i++)
		if (rule_family_known(rn, dflt[i].family) &&
		    rule_add_default(rn, dflt[i].family, dflt[i].prio,
				     dflt[i].table))
			return -ENOMEM;
	return 0;
}

bool rtnl_rule_custom(struct rtnl_net *rn)
{
	for (struct rtnl_rule *r = rn->rules; r; r = r->next)
		if (r->family == AF_INET && r->protocol != RTPROT_KERNEL)
			return true;
	return false;
}

void rtnl_rule_fini(struct rtnl_net *rn)
{
	while (rn->rules) {
		struct rtnl_rule *r = rn->rules;

		rn->rules = r->next;
		free(r);
	}
}

static int rule_from_msg(struct rtnl_net *rn, struct nlmsghdr *nlh,
			 struct rtnl_rule *r, const struct nlattr **tb,
			 struct unl_ext_ack *extack)
{
	struct fib_rule_hdr *frh;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*frh))) {
		UNL_SET_ERR_MSG(extack, "Invalid msg length");
		return -EINVAL;
	}
	/* the family's rule ops, before its policy parses anything */
	if (!rule_family_known(rn, ((struct fib_rule_hdr *)NLMSG_DATA(nlh))
					   ->family)) {
		UNL_SET_ERR_MSG(extack, "Rule family not supported");
		return -EAFNOSUPPORT;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*frh), tb, FRA_MAX, fra_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	frh = NLMSG_DATA(nlh);
	memset(r, 0, sizeof(*r));
	r->family = frh->family;
	r->action = frh->action;
	r->flags = frh->flags;
	r->table = tb[FRA_TABLE] ? unl_nla_get_u32(tb[FRA_TABLE]) : frh->table;
	r->dst_len = frh->dst_len;
	r->src_len = frh->src_len;
	r->tos = frh->tos;
	r->priority = tb[FRA_PRIORITY] ? unl_nla_get_u32(tb[FRA_PRIORITY]) : 0;
	r->protocol = tb[FRA_PROTOCOL] ? unl_nla_get_u8(tb[FRA_PROTOCOL])
				       : RTPROT_UNSPEC;
	r->suppress_prefixlen = tb[FRA_SUPPRESS_PREFIXLEN]
					? unl_nla_get_u32(tb[FRA_SUPPRESS_PREFIXLEN])
					: 0xffffffff;
	if (tb[FRA_IIFNAME])
		unl_nla_strscpy(r->iifname, tb[FRA_IIFNAME], IFNAMSIZ);
	if (tb[FRA_OIFNAME])
		unl_nla_strscpy(r->oifname, tb[FRA_OIFNAME], IFNAMSIZ);
	if (tb[FRA_FWMARK]) {
		r->fwmark = unl_nla_get_u32(tb[FRA_FWMARK]);
		r->has_fwmark = true;
	}
	if (tb[FRA_FWMASK]) {
		r->fwmask = unl_nla_get_u32(tb[FRA_FWMASK]);
		r->has_fwmask = true;
	}
	if (tb[FRA_GOTO])
		r->goto_target = unl_nla_get_u32(tb[FRA_GOTO]);
	if (tb[FRA_DST] && unl_nla_len(tb[FRA_DST]) >= alen(r->family))
		memcpy(r->dst, unl_nla_data(tb[FRA_DST]), (size_t)alen(r->family));
	if (tb[FRA_SRC] && unl_nla_len(tb[FRA_SRC]) >= alen(r->family))
		memcpy(r->src, unl_nla_data(tb[FRA_SRC]), (size_t)alen(r->family));
	return 0;
}

/* rule_find(): only what the request gives has to match. */
static bool rule_matches(const struct rtnl_rule *r, const struct rtnl_rule *k,
			 const struct nlattr **tb)
{
	int n = alen(k->family);

	return r->family == k->family &&
	       (!k->action || r->action == k->action) &&
	       (!k->table || r->table == k->table) &&
	       (!tb[FRA_PRIORITY] || r->priority == k->priority) &&
	       (!k->iifname[0] || !strcmp(r->iifname, k->iifname)) &&
	       (!k->oifname[0] || !strcmp(r->oifname, k->oifname)) &&
	       (!tb[FRA_FWMARK] || r->fwmark == k->fwmark) &&
	       (!tb[FRA_FWMASK] || r->fwmask == k->fwmask) &&
	       (!tb[FRA_GOTO] || r->goto_target == k->goto_target) &&
	       (!k->dst_len || (r->dst_len == k->dst_len &&
				!memcmp(r->dst, k->dst, (size_t)n))) &&
	       (!k->src_len || (r->src_len == k->src_len &&
				!memcmp(r->src, k->src, (size_t)n))) &&
	       (!k->tos || r->tos == k->tos);
}

static int rtnl_newrule(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[FRA_MAX + 1];
	struct rtnl_rule k, *r;
	int err = rule_from_msg(rn, nlh, &k, tb, extack);

	if (err)
		return err;
	if (k.action == FR_ACT_TO_TBL && !k.table) {
		UNL_SET_ERR_MSG(extack, "Invalid table");
		return -EINVAL;
	}
	if (!tb[FRA_PRIORITY]) {
		/* fib_default_rule_pref(): just before the second rule */
		struct rtnl_rule *first = NULL;

		for (r = rn->rules; r; r = r->next)
			if (r->family == k.family) {
				if (first && r->priority) {
					k.priority = r->priority - 1;
					break;
				}
				first = r;
			}
	}
	if (nlh->nlmsg_flags & NLM_F_EXCL)
		for (r = rn->rules; r; r = r->next)
			if (rule_matches(r, &k, tb) && r->priority == k.priority &&
			    r->protocol == k.protocol)
				return -EEXIST;
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	*r = k;
	rule_link(rn, r);
	rule_notify(rn, r, RTM_NEWRULE, skb, nlh);
	return 0;
}

static int rtnl_delrule(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[FRA_MAX + 1];
	struct rtnl_rule k;
	int err = rule_from_msg(rn, nlh, &k, tb, extack);

	if (err)
		return err;
	for (struct rtnl_rule **pp = &rn->rules; *pp; pp = &(*pp)->next) {
		struct rtnl_rule *r = *pp;

		if (!rule_matches(r, &k, tb))
			continue;
		*pp = r->next;
		rule_notify(rn, r, RTM_DELRULE, skb, nlh);
		free(r);
		return 0;
	}
	return -ENOENT;
}

static int rtnl_dump_rules(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	/* fib_nl_dumprule(): one family, or every one for AF_UNSPEC */
	int family = ((const struct rtgenmsg *)NLMSG_DATA(cb->nlh))->rtgen_family;
	long idx = 0;

	if (cb->strict_check) {
		const struct fib_rule_hdr *frh = NLMSG_DATA(cb->nlh);

		if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*frh))) {
			UNL_SET_ERR_MSG(cb->extack, "Invalid header for fib rule dump request");
			return -EINVAL;
		}
		if (frh->dst_len || frh->src_len || frh->tos || frh->table ||
		    frh->res1 || frh->res2 || frh->action || frh->flags) {
			UNL_SET_ERR_MSG(cb->extack, "Invalid values in header for fib rule dump request");
			return -EINVAL;
		}
		if (cb->nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*frh))) {
			UNL_SET_ERR_MSG(cb->extack, "Invalid data after header in fib rule dump request");
			return -EINVAL;
		}
	}
	if (family && !rule_family_known(rn, family))
		return -EAFNOSUPPORT;
	for (struct rtnl_rule *r = rn->rules; r; r = r->next) {
		if (family && r->family != family)
			continue;
		if (idx++ < cb->args[1])
			continue;
		if (rule_fill(rn, skb, r, RTM_NEWRULE, rtnl_req_portid(cb->skb),
			      cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			cb->args[1] = idx - 1;
			return (int)unl_skb_len(skb);
		}
	}
	cb->args[1] = idx;
	return 0;
}

const struct rtnl_msg_handler rtnl_rule_handlers[] = {
	{ PF_UNSPEC, RTM_NEWRULE, rtnl_newrule, NULL, 0, rule_registered },
	{ PF_UNSPEC, RTM_DELRULE, rtnl_delrule, NULL, 0, rule_registered },
	{ PF_UNSPEC, RTM_GETRULE, NULL, rtnl_dump_rules, 0,
	  rule_registered },
};
const unsigned int rtnl_rule_handlers_n =
	sizeof(rtnl_rule_handlers) / sizeof(rtnl_rule_handlers[0]);
