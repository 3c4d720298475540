// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Policy routing rules: RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE
 * (net/core/fib_rules.c with fib4_rules.c and fib6_rules.c), from the
 * defaults a namespace starts with: IPv4 0 local, 32766 main,
 * 32767 default; IPv6 0 local, 32766 main; and the multicast routing
 * families' single rules (ipmr 32767 default, ip6mr 32767 main).
 *
 * Rules are kept in one list, by family (in the order the families
 * registered their rule ops) and then by priority, a new rule after
 * those of its priority.  rtnl_rules_lookup() walks a family's rules as
 * fib_rules_lookup() does; the table lookups are lookup.c's.
 *
 * Each family exists only when the kernel profile builds it in
 * (IP_MULTIPLE_TABLES, IPV6_MULTIPLE_TABLES, IP_MROUTE_MULTIPLE_TABLES,
 * IPV6_MROUTE_MULTIPLE_TABLES); without any, there are no rule messages
 * at all (no CONFIG_FIB_RULES).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fib_rules.h>
#include <linux/in.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

/* nla_total_size() */
#define NLA_TOTAL(n) NLA_ALIGN(NLA_HDRLEN + (n))

/* INET_DSCP_MASK >> 2: the six DSCP bits of FRA_DSCP. */
#define RULE_DSCP_MAX 63
/* IPTOS_TOS_MASK: the only TOS bits an IPv4 rule may match. */
#define RULE_TOS_MASK 0x1e
/* INET_DSCP_LEGACY_TOS_MASK */
#define RULE_LEGACY_TOS_MASK 0x1c
/* IPV6_FLOWLABEL_MASK, host order */
#define RULE_FLOWLABEL_MASK 0x000fffffu

/* fib_rule_policy: shared by every family; FRA_SRC and FRA_DST are
 * checked against the family's address size by rule_from_msg(). */
static const struct unl_nla_policy fra_policy[RTNL_FRA_MAX + 1] = {
	[FRA_UNSPEC] = { .strict_start_type = FRA_DPORT_RANGE + 1 },
	[FRA_IIFNAME] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[FRA_OIFNAME] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[FRA_PRIORITY] = { .type = UNL_NLA_U32 },
	[FRA_FWMARK] = { .type = UNL_NLA_U32 },
	[FRA_FLOW] = { .type = UNL_NLA_U32 },
	[FRA_TUN_ID] = { .type = UNL_NLA_U64 },
	[FRA_FWMASK] = { .type = UNL_NLA_U32 },
	[FRA_TABLE] = { .type = UNL_NLA_U32 },
	[FRA_SUPPRESS_PREFIXLEN] = { .type = UNL_NLA_U32 },
	[FRA_SUPPRESS_IFGROUP] = { .type = UNL_NLA_U32 },
	[FRA_GOTO] = { .type = UNL_NLA_U32 },
	[FRA_L3MDEV] = { .type = UNL_NLA_U8 },
	[FRA_UID_RANGE] = { .len = sizeof(struct fib_rule_uid_range) },
	[FRA_PROTOCOL] = { .type = UNL_NLA_U8 },
	[FRA_IP_PROTO] = { .type = UNL_NLA_U8 },
	[FRA_SPORT_RANGE] = { .len = sizeof(struct fib_rule_port_range) },
	[FRA_DPORT_RANGE] = { .len = sizeof(struct fib_rule_port_range) },
	[RTNL_FRA_DSCP] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, RULE_DSCP_MAX),
	[RTNL_FRA_FLOWLABEL] = { .type = UNL_NLA_BE32 },
	[RTNL_FRA_FLOWLABEL_MASK] = { .type = UNL_NLA_BE32 },
	[RTNL_FRA_SPORT_MASK] = { .type = UNL_NLA_U16 },
	[RTNL_FRA_DPORT_MASK] = { .type = UNL_NLA_U16 },
	[RTNL_FRA_DSCP_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_U8, RULE_DSCP_MAX),
};

/* The families with rule ops (fib_rules_register), in registration
 * order, which AF_UNSPEC dumps follow; -1 for a family without. */
static int rule_family_rank(int family)
{
	switch (family) {
	case AF_INET:
		return 0;
	case RTNL_FAMILY_IPMR:
		return 1;
	case RTNL_FAMILY_IP6MR:
		return 2;
	case AF_INET6:
		return 3;
	default:
		return -1;
	}
}

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

/* ops->addr_size */
static int rule_addr_size(int family)
{
	return family == AF_INET || family == RTNL_FAMILY_IPMR ? 4 : 16;
}

static bool rule_is_inet(int family)
{
	return family == AF_INET || family == AF_INET6;
}

/* fib_rule_port_range_set() */
static bool port_range_set(uint16_t start, uint16_t end)
{
	return start && end;
}

/* fib_rule_requires_fldissect(): a rule that looks at the L4 header,
 * unless it is for locally made traffic only. */
static bool rule_needs_ports(const struct rtnl_rule *r)
{
	return strcmp(r->iifname, "lo") &&
	       (r->ip_proto || port_range_set(r->sport_start, r->sport_end) ||
		port_range_set(r->dport_start, r->dport_end));
}

bool rtnl_rules_need_ports(struct rtnl_net *rn, int family)
{
	for (const struct rtnl_rule *r = rn->rules; r; r = r->next)
		if (r->family == family && rule_needs_ports(r))
			return true;
	return false;
}

/* ---- messages ---- */

/* fib4_rule_fill(), fib6_rule_fill(), ipmr_rule_fill(). */
static int rule_fill_family(struct unl_skb *skb, const struct rtnl_rule *r,
			    struct fib_rule_hdr *frh)
{
	int n = rule_addr_size(r->family);

	if (!rule_is_inet(r->family))
		return 0;
	frh->dst_len = r->dst_len;
	frh->src_len = r->src_len;
	frh->tos = r->dscp_full ? 0 : r->dscp;
	if (r->dscp_full &&
	    (unl_nla_put_u8(skb, RTNL_FRA_DSCP, r->dscp >> 2) ||
	     unl_nla_put_u8(skb, RTNL_FRA_DSCP_MASK, r->dscp_mask >> 2)))
		return -EMSGSIZE;
	if (r->family == AF_INET6 && r->flowlabel_mask) {
		uint32_t fl = htonl(r->flowlabel), mask = htonl(r->flowlabel_mask);

		if (unl_nla_put(skb, RTNL_FRA_FLOWLABEL, 4, &fl) ||
		    unl_nla_put(skb, RTNL_FRA_FLOWLABEL_MASK, 4, &mask))
			return -EMSGSIZE;
	}
	if ((r->dst_len && unl_nla_put(skb, FRA_DST, n, r->dst)) ||
	    (r->src_len && unl_nla_put(skb, FRA_SRC, n, r->src)))
		return -EMSGSIZE;
	if (r->family == AF_INET && r->tclassid &&
	    unl_nla_put_u32(skb, FRA_FLOW, r->tclassid))
		return -EMSGSIZE;
	return 0;
}

static int put_port_range(struct unl_skb *skb, int type, uint16_t start,
			  uint16_t end)
{
	struct fib_rule_port_range pr = { .start = start, .end = end };

	return unl_nla_put(skb, type, sizeof(pr), &pr);
}

/* The attributes fib_nl_fill_rule() writes after the priority. */
static int rule_fill_match(struct unl_skb *skb, const struct rtnl_rule *r)
{
	struct fib_rule_uid_range ur = { r->uid_start, r->uid_end };

	if ((r->tun_id && unl_nla_put_u64(skb, FRA_TUN_ID, r->tun_id, FRA_PAD)) ||
	    (r->l3mdev && unl_nla_put_u8(skb, FRA_L3MDEV, r->l3mdev)) ||
	    (r->suppress_ifgroup != -1 &&
	     unl_nla_put_u32(skb, FRA_SUPPRESS_IFGROUP,
			     (uint32_t)r->suppress_ifgroup)) ||
	    (r->uid_set && unl_nla_put(skb, FRA_UID_RANGE, sizeof(ur), &ur)) ||
	    (port_range_set(r->sport_start, r->sport_end) &&
	     put_port_range(skb, FRA_SPORT_RANGE, r->sport_start,
			    r->sport_end)) ||
	    (r->sport_mask &&
	     unl_nla_put_u16(skb, RTNL_FRA_SPORT_MASK, r->sport_mask)) ||
	    (port_range_set(r->dport_start, r->dport_end) &&
	     put_port_range(skb, FRA_DPORT_RANGE, r->dport_start,
			    r->dport_end)) ||
	    (r->dport_mask &&
	     unl_nla_put_u16(skb, RTNL_FRA_DPORT_MASK, r->dport_mask)) ||
	    (r->ip_proto && unl_nla_put_u8(skb, FRA_IP_PROTO, r->ip_proto)))
		return -EMSGSIZE;
	return 0;
}

/* fib_nl_fill_rule() */
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
	if (r->action == FR_ACT_GOTO && !r->ctarget)
		frh->flags |= FIB_RULE_UNRESOLVED;
	/* a rule naming a device that does not exist (yet) is detached */
	if (r->iifname[0] && !rtnl_link_by_name(rn, r->iifname))
		frh->flags |= FIB_RULE_IIF_DETACHED;
	if (r->oifname[0] && !rtnl_link_by_name(rn, r->oifname))
		frh->flags |= FIB_RULE_OIF_DETACHED;
	if (unl_nla_put_u32(skb, FRA_TABLE, r->table) ||
	    unl_nla_put_u32(skb, FRA_SUPPRESS_PREFIXLEN,
			    (uint32_t)r->suppress_prefixlen) ||
	    unl_nla_put_u8(skb, FRA_PROTOCOL, r->protocol) ||
	    (r->iifname[0] && unl_nla_put_string(skb, FRA_IIFNAME, r->iifname)) ||
	    (r->oifname[0] && unl_nla_put_string(skb, FRA_OIFNAME, r->oifname)) ||
	    (r->priority && unl_nla_put_u32(skb, FRA_PRIORITY, r->priority)) ||
	    (r->mark && unl_nla_put_u32(skb, FRA_FWMARK, r->mark)) ||
	    ((r->mark_mask || r->mark) &&
	     unl_nla_put_u32(skb, FRA_FWMASK, r->mark_mask)) ||
	    (r->goto_target && unl_nla_put_u32(skb, FRA_GOTO, r->goto_target)) ||
	    rule_fill_match(skb, r) || rule_fill_family(skb, r, frh)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* fib_rule_nlmsg_size() with the family's nlmsg_payload(): what an
 * event is allocated for (and charged as). */
static size_t rule_nlmsg_size(int family)
{
	size_t size = NLMSG_ALIGN(sizeof(struct fib_rule_hdr)) +
		      2 * NLA_TOTAL(IFNAMSIZ) + 6 * NLA_TOTAL(4) +
		      NLA_TOTAL(8) + /* FRA_TUN_ID (no pad on x86-64) */
		      NLA_TOTAL(sizeof(struct fib_rule_uid_range)) +
		      2 * NLA_TOTAL(1) +
		      2 * NLA_TOTAL(sizeof(struct fib_rule_port_range)) +
		      2 * NLA_TOTAL(2);

	switch (family) {
	case AF_INET: /* dst, src, flow, dscp, dscp mask */
		return size + 3 * NLA_TOTAL(4) + 2 * NLA_TOTAL(1);
	case AF_INET6: /* dst, src, dscp, dscp mask, flow label, mask */
		return size + 2 * NLA_TOTAL(16) + 2 * NLA_TOTAL(1) +
		       2 * NLA_TOTAL(4);
	default:
		return size;
	}
}

/* notify_rule_change() */
static void rule_notify(struct rtnl_net *rn, const struct rtnl_rule *r, int type,
			struct unl_skb *req, const struct nlmsghdr *nlh)
{
	unsigned int group;
	uint32_t pid = req ? rtnl_req_portid(req) : 0;
	struct unl_skb *skb;

	switch (r->family) {
	case AF_INET:
		group = RTNLGRP_IPV4_RULE;
		break;
	case AF_INET6:
		group = RTNLGRP_IPV6_RULE;
		break;
	default:
		/* the multicast routing families have no rule group */
		group = r->family == RTNL_FAMILY_IPMR ? RTNLGRP_IPV4_RULE
						      : RTNLGRP_IPV6_RULE;
		break;
	}
	skb = unl_nlmsg_new(rule_nlmsg_size(r->family));
	if (!skb) {
		rtnl_set_sk_err(rn, group, -ENOBUFS);
		return;
	}
	if (rule_fill(rn, skb, r, type, pid, nlh ? nlh->nlmsg_seq : 0, 0)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, pid, group, nlh);
}

/* ---- the list ---- */

/* A new rule goes after those of its family with a priority not above
 * its own. */
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

static struct rtnl_rule *rule_first(struct rtnl_net *rn, int family)
{
	struct rtnl_rule *r = rn->rules;

	while (r && r->family != family)
		r = r->next;
	return r;
}

static struct rtnl_rule *rule_next(struct rtnl_rule *r)
{
	return r->next && r->next->family == r->family ? r->next : NULL;
}

int rtnl_rule_add_l3mdev(struct rtnl_net *rn, int family)
{
	struct rtnl_rule *r;

	if (!rule_family_known(rn, family))
		return 0;
	for (r = rule_first(rn, family); r; r = rule_next(r))
		if (r->l3mdev && r->priority == RTNL_RULE_L3MDEV_PREF &&
		    r->action == FR_ACT_TO_TBL && !r->table &&
		    r->protocol == RTPROT_KERNEL)
			return 0; /* fib_newrule()'s -EEXIST, taken as done */
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->family = (uint8_t)family;
	r->priority = RTNL_RULE_L3MDEV_PREF;
	r->l3mdev = 1;
	r->action = FR_ACT_TO_TBL;
	r->protocol = RTPROT_KERNEL;
	r->suppress_prefixlen = -1;
	r->suppress_ifgroup = -1;
	r->uid_end = RTNL_UID_INVALID;
	/* what fib4_rule_configure() and fib6_rule_configure() do */
	if (family == AF_INET)
		rtnl_fib4_unmerge(rn);
	else if (family == AF_INET6)
		rn->fib6_custom_rules = true;
	rule_link(rn, r);
	rn->rule_seq++;
	rule_notify(rn, r, RTM_NEWRULE, NULL, NULL);
	return 0;
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
	r->suppress_prefixlen = -1;
	r->suppress_ifgroup = -1;
	r->uid_end = RTNL_UID_INVALID;
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
	return rn->fib4_custom_rules;
}

void rtnl_rule_fini(struct rtnl_net *rn)
{
	while (rn->rules) {
		struct rtnl_rule *r = rn->rules;

		rn->rules = r->next;
		free(r);
	}
}

/* ---- parsing a request (fib_nl2rule) ---- */

/* What the request names, besides the rule it describes: which
 * attributes were there, for rule_find() and the family's compare. */
struct rule_req {
	const struct nlattr *tb[RTNL_FRA_MAX + 1];
	const struct fib_rule_hdr *frh;
	bool user_priority;
	bool realms; /* IP_ROUTE_CLASSID: FRA_FLOW counts */
};

/* nla_get_port_range(): fib_rule_port_range_valid() */
static int port_range_get(const struct nlattr *a, uint16_t *start,
			  uint16_t *end)
{
	const struct fib_rule_port_range *pr = unl_nla_data(a);

	if (!pr->start || !pr->end || pr->end == 0xffff || pr->start > pr->end)
		return -EINVAL;
	*start = pr->start;
	*end = pr->end;
	return 0;
}

/* fib_nl2rule_port_mask() */
static int port_mask_get(const struct nlattr *a, uint16_t start, uint16_t end,
			 uint16_t *mask, struct unl_ext_ack *extack)
{
	uint16_t m = unl_nla_get_u16(a);

	if (!start || !end || end == 0xffff || start > end) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Cannot specify port mask without port value");
		return -EINVAL;
	}
	if (start != end) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Cannot specify port mask for port range");
		return -EINVAL;
	}
	if (start & ~m) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Invalid port mask");
		return -EINVAL;
	}
	*mask = m;
	return 0;
}

/* A port and its mask: a single port is matched whole. */
static int rule_ports(const struct nlattr *range, const struct nlattr *mask,
		      uint16_t *start, uint16_t *end, uint16_t *m,
		      const char *msg, struct unl_ext_ack *extack)
{
	if (range) {
		if (port_range_get(range, start, end)) {
			UNL_SET_ERR_MSG(extack, msg);
			return -EINVAL;
		}
		if (*start == *end)
			*m = 0xffff;
	}
	return mask ? port_mask_get(mask, *start, *end, m, extack) : 0;
}

/* The generic part of fib_nl2rule(), after the address checks. */
static int rule_from_attrs(struct rtnl_rule *r, const struct nlattr **tb,
			   struct unl_ext_ack *extack)
{
	/* a device named is looked up when the rule is used: an empty
	 * name never matches (the rule stays detached) */
	r->has_iif = tb[FRA_IIFNAME] != NULL;
	r->has_oif = tb[FRA_OIFNAME] != NULL;
	if (tb[FRA_IIFNAME])
		unl_nla_strscpy(r->iifname, tb[FRA_IIFNAME], IFNAMSIZ);
	if (tb[FRA_OIFNAME])
		unl_nla_strscpy(r->oifname, tb[FRA_OIFNAME], IFNAMSIZ);
	if (tb[FRA_FWMARK]) {
		r->mark = unl_nla_get_u32(tb[FRA_FWMARK]);
		/* a nonzero mark is compared whole unless masked */
		if (r->mark)
			r->mark_mask = 0xffffffff;
	}
	if (tb[FRA_FWMASK])
		r->mark_mask = unl_nla_get_u32(tb[FRA_FWMASK]);
	if (tb[FRA_TUN_ID])
		memcpy(&r->tun_id, unl_nla_data(tb[FRA_TUN_ID]), 8);
	if (tb[FRA_L3MDEV]) {
		r->l3mdev = unl_nla_get_u8(tb[FRA_L3MDEV]);
		if (r->l3mdev != 1) {
			UNL_SET_ERR_MSG(extack, "Invalid l3mdev attribute");
			return -EINVAL;
		}
	}
	r->suppress_prefixlen = tb[FRA_SUPPRESS_PREFIXLEN]
					? (int32_t)unl_nla_get_u32(tb[FRA_SUPPRESS_PREFIXLEN])
					: -1;
	r->suppress_ifgroup = tb[FRA_SUPPRESS_IFGROUP]
				      ? (int32_t)unl_nla_get_u32(tb[FRA_SUPPRESS_IFGROUP])
				      : -1;
	if (tb[FRA_GOTO]) {
		if (r->action != FR_ACT_GOTO) {
			UNL_SET_ERR_MSG(extack, "Unexpected goto");
			return -EINVAL;
		}
		r->goto_target = unl_nla_get_u32(tb[FRA_GOTO]);
	} else if (r->action == FR_ACT_GOTO) {
		UNL_SET_ERR_MSG(extack, "Missing goto target for action goto");
		return -EINVAL;
	}
	if (r->l3mdev && r->table) {
		UNL_SET_ERR_MSG(extack, "l3mdev and table are mutually exclusive");
		return -EINVAL;
	}
	r->uid_end = RTNL_UID_INVALID;
	if (tb[FRA_UID_RANGE]) {
		const struct fib_rule_uid_range *ur = unl_nla_data(tb[FRA_UID_RANGE]);

		/* uid_range_set(): both ends valid uids, in order */
		if (ur->start == RTNL_UID_INVALID || ur->end == RTNL_UID_INVALID ||
		    ur->start > ur->end) {
			UNL_SET_ERR_MSG(extack, "Invalid uid range");
			return -EINVAL;
		}
		r->uid_set = true;
		r->uid_start = ur->start;
		r->uid_end = ur->end;
	}
	if (tb[FRA_IP_PROTO])
		r->ip_proto = unl_nla_get_u8(tb[FRA_IP_PROTO]);
	if (rule_ports(tb[FRA_SPORT_RANGE], tb[RTNL_FRA_SPORT_MASK],
		       &r->sport_start, &r->sport_end, &r->sport_mask,
		       "Invalid sport range", extack) ||
	    rule_ports(tb[FRA_DPORT_RANGE], tb[RTNL_FRA_DPORT_MASK],
		       &r->dport_start, &r->dport_end, &r->dport_mask,
		       "Invalid dport range", extack))
		return -EINVAL;
	return 0;
}

/* fib_default_rule_pref(): just before the family's second rule. */
static uint32_t rule_default_pref(struct rtnl_net *rn, int family)
{
	struct rtnl_rule *first = rule_first(rn, family);
	struct rtnl_rule *second = first ? rule_next(first) : NULL;

	return second && second->priority ? second->priority - 1 : 0;
}

/* fib_newrule()/fib_delrule() up to the rule itself: the header and
 * attributes checked (fib_nl2rule, fib_nl2rule_rtnl) into r. */
static int rule_from_msg(struct rtnl_net *rn, struct nlmsghdr *nlh,
			 struct rtnl_rule *r, struct rule_req *req,
			 struct unl_ext_ack *extack)
{
	const struct fib_rule_hdr *frh;
	const struct nlattr **tb = req->tb;
	int n, err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*frh))) {
		UNL_SET_ERR_MSG(extack, "Invalid msg length");
		return -EINVAL;
	}
	frh = NLMSG_DATA(nlh);
	req->frh = frh;
	/* the family's rule ops, before its policy parses anything */
	if (!rule_family_known(rn, frh->family)) {
		UNL_SET_ERR_MSG(extack, "Rule family not supported");
		return -EAFNOSUPPORT;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*frh), tb, RTNL_FRA_MAX, fra_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err) {
		UNL_SET_ERR_MSG(extack, "Error parsing msg");
		return err;
	}
	n = rule_addr_size(frh->family);
	if (frh->src_len &&
	    (!tb[FRA_SRC] || frh->src_len > n * 8 ||
	     unl_nla_len(tb[FRA_SRC]) != n)) {
		UNL_SET_ERR_MSG(extack, "Invalid source address");
		return -EINVAL;
	}
	if (frh->dst_len &&
	    (!tb[FRA_DST] || frh->dst_len > n * 8 ||
	     unl_nla_len(tb[FRA_DST]) != n)) {
		UNL_SET_ERR_MSG(extack, "Invalid dst address");
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->family = frh->family;
	r->action = frh->action;
	r->flags = frh->flags;
	r->table = tb[FRA_TABLE] ? unl_nla_get_u32(tb[FRA_TABLE]) : frh->table;
	req->user_priority = tb[FRA_PRIORITY] != NULL;
	if (tb[FRA_PRIORITY])
		r->priority = unl_nla_get_u32(tb[FRA_PRIORITY]);
	r->protocol = tb[FRA_PROTOCOL] ? unl_nla_get_u8(tb[FRA_PROTOCOL])
				       : RTPROT_UNSPEC;
	err = rule_from_attrs(r, tb, extack);
	if (err)
		return err;
	/* fib_nl2rule_rtnl() */
	if (!tb[FRA_PRIORITY])
		r->priority = rule_default_pref(rn, r->family);
	if (tb[FRA_GOTO] && r->goto_target <= r->priority) {
		UNL_SET_ERR_MSG(extack, "Backward goto not supported");
		return -EINVAL;
	}
	return 0;
}

/* The DS field of fib4_rule_configure() / fib6_rule_configure(). */
static int rule_config_dscp(struct rtnl_rule *r, const struct rule_req *req,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *dscp = req->tb[RTNL_FRA_DSCP];
	const struct nlattr *mask = req->tb[RTNL_FRA_DSCP_MASK];
	uint8_t tos = req->frh->tos;

	if (tos & 0x3) {
		UNL_SET_ERR_MSG(extack, "Invalid dsfield (tos): ECN bits must be 0");
		return -EINVAL;
	}
	/* IPv4 matches the TOS byte's legacy bits only */
	if (r->family == AF_INET && (tos & ~RULE_TOS_MASK)) {
		UNL_SET_ERR_MSG(extack, "Invalid tos");
		return -EINVAL;
	}
	r->dscp = tos;
	if (mask && !dscp) {
		UNL_SET_ERR_MSG_ATTR(extack, mask, "Cannot specify DSCP mask without DSCP value");
		return -EINVAL;
	}
	if (dscp) {
		if (tos) {
			UNL_SET_ERR_MSG(extack, "Cannot specify both TOS and DSCP");
			return -EINVAL;
		}
		r->dscp = (uint8_t)(unl_nla_get_u8(dscp) << 2);
		r->dscp_mask = 0xfc;
		r->dscp_full = true;
	}
	if (mask) {
		uint8_t m = (uint8_t)(unl_nla_get_u8(mask) << 2);

		if (r->dscp & ~m) {
			UNL_SET_ERR_MSG_ATTR(extack, mask, "Invalid DSCP mask");
			return -EINVAL;
		}
		r->dscp_mask = m;
	}
	return 0;
}

/* fib6_nl2rule_flowlabel() */
static int rule_config_flowlabel(struct rtnl_rule *r, const struct rule_req *req,
				 struct unl_ext_ack *extack)
{
	const struct nlattr *fl = req->tb[RTNL_FRA_FLOWLABEL];
	const struct nlattr *mask = req->tb[RTNL_FRA_FLOWLABEL_MASK];
	uint32_t v, m = RULE_FLOWLABEL_MASK;

	if (mask && !fl) {
		/* the value is reported missing, without a message */
		UNL_SET_ERR_ATTR_MISS(extack, NULL, RTNL_FRA_FLOWLABEL);
		return -EINVAL;
	}
	if (!fl)
		return 0;
	v = ntohl(*(const uint32_t *)unl_nla_data(fl));
	if (mask)
		m = ntohl(*(const uint32_t *)unl_nla_data(mask));
	if (m & ~RULE_FLOWLABEL_MASK) {
		UNL_SET_ERR_MSG_ATTR(extack, mask, "Invalid flow label mask");
		return -EINVAL;
	}
	if (v & ~m) {
		UNL_SET_ERR_MSG(extack, "Flow label and mask do not match");
		return -EINVAL;
	}
	r->flowlabel = v;
	r->flowlabel_mask = m;
	return 0;
}

/* fib4_rule_configure() */
static int rule_config4(struct rtnl_net *rn, struct rtnl_rule *r,
			const struct rule_req *req, struct unl_ext_ack *extack)
{
	int err;

	if (req->tb[RTNL_FRA_FLOWLABEL] || req->tb[RTNL_FRA_FLOWLABEL_MASK]) {
		UNL_SET_ERR_MSG(extack, "Flow label cannot be specified for IPv4 FIB rules");
		return -EINVAL;
	}
	err = rule_config_dscp(r, req, extack);
	if (err)
		return err;
	if (!r->table && !r->l3mdev && r->action == FR_ACT_TO_TBL) {
		/* fib_empty_table(): the first id no table has */
		r->table = rtnl_fib_table_empty(rn);
		if (!r->table)
			return -ENOBUFS;
	}
	/* realms only with IP_ROUTE_CLASSID (fib4_rule_configure) */
	if (req->tb[FRA_FLOW] && rn->feat.route_classid)
		r->tclassid = unl_nla_get_u32(req->tb[FRA_FLOW]);
	rtnl_fib4_unmerge(rn);
	return 0;
}

/* fib6_rule_configure() */
static int rule_config6(struct rtnl_net *rn, struct rtnl_rule *r,
			const struct rule_req *req, struct unl_ext_ack *extack)
{
	int err = rule_config_dscp(r, req, extack);

	if (!err)
		err = rule_config_flowlabel(r, req, extack);
	if (err)
		return err;
	if (r->action == FR_ACT_TO_TBL && !r->l3mdev) {
		if (!r->table) {
			UNL_SET_ERR_MSG(extack, "Invalid table");
			return -EINVAL;
		}
		if (rtnl_fib_table_new(rn, AF_INET6, r->table))
			return -ENOBUFS;
	}
	rn->fib6_custom_rules = true;
	return 0;
}

/* ops->configure(): the family's own fields; the addresses, which the
 * header's lengths have been checked for. */
static int rule_configure(struct rtnl_net *rn, struct rtnl_rule *r,
			  const struct rule_req *req,
			  struct unl_ext_ack *extack)
{
	int n = rule_addr_size(r->family);
	int err = 0;

	if (r->family == AF_INET)
		err = rule_config4(rn, r, req, extack);
	else if (r->family == AF_INET6)
		err = rule_config6(rn, r, req, extack);
	if (err || !rule_is_inet(r->family))
		return err;
	r->src_len = req->frh->src_len;
	r->dst_len = req->frh->dst_len;
	if (r->src_len)
		memcpy(r->src, unl_nla_data(req->tb[FRA_SRC]), (size_t)n);
	if (r->dst_len)
		memcpy(r->dst, unl_nla_data(req->tb[FRA_DST]), (size_t)n);
	return 0;
}

/* ops->compare(): the family's fields the request gives. */
static bool rule_compare(const struct rtnl_rule *r, const struct rule_req *req)
{
	const struct fib_rule_hdr *frh = req->frh;
	const struct nlattr *const *tb = req->tb;
	int n = rule_addr_size(r->family);

	if (!rule_is_inet(r->family))
		return true;
	if ((frh->src_len && r->src_len != frh->src_len) ||
	    (frh->dst_len && r->dst_len != frh->dst_len))
		return false;
	if (frh->tos && (r->dscp_full || r->dscp != frh->tos))
		return false;
	if (tb[RTNL_FRA_DSCP] &&
	    (!r->dscp_full || r->dscp != (uint8_t)(unl_nla_get_u8(tb[RTNL_FRA_DSCP]) << 2)))
		return false;
	if (tb[RTNL_FRA_DSCP_MASK] &&
	    (!r->dscp_full ||
	     r->dscp_mask != (uint8_t)(unl_nla_get_u8(tb[RTNL_FRA_DSCP_MASK]) << 2)))
		return false;
	if (r->family == AF_INET && tb[FRA_FLOW] && req->realms &&
	    r->tclassid != unl_nla_get_u32(tb[FRA_FLOW]))
		return false;
	if (r->family == AF_INET6 && tb[RTNL_FRA_FLOWLABEL] &&
	    r->flowlabel != ntohl(*(const uint32_t *)unl_nla_data(tb[RTNL_FRA_FLOWLABEL])))
		return false;
	if (r->family == AF_INET6 && tb[RTNL_FRA_FLOWLABEL_MASK] &&
	    r->flowlabel_mask != ntohl(*(const uint32_t *)unl_nla_data(tb[RTNL_FRA_FLOWLABEL_MASK])))
		return false;
	if ((frh->src_len && memcmp(r->src, unl_nla_data(tb[FRA_SRC]), (size_t)n)) ||
	    (frh->dst_len && memcmp(r->dst, unl_nla_data(tb[FRA_DST]), (size_t)n)))
		return false;
	return true;
}

/* rule_exists(): the same rule, every generic field equal. */
static bool rule_same(const struct rtnl_rule *a, const struct rtnl_rule *b)
{
	return a->action == b->action && a->table == b->table &&
	       a->priority == b->priority &&
	       !strcmp(a->iifname, b->iifname) &&
	       !strcmp(a->oifname, b->oifname) && a->mark == b->mark &&
	       a->suppress_ifgroup == b->suppress_ifgroup &&
	       a->suppress_prefixlen == b->suppress_prefixlen &&
	       a->mark_mask == b->mark_mask && a->tun_id == b->tun_id &&
	       a->l3mdev == b->l3mdev && a->uid_start == b->uid_start &&
	       a->uid_end == b->uid_end && a->ip_proto == b->ip_proto &&
	       a->protocol == b->protocol &&
	       a->sport_start == b->sport_start &&
	       a->sport_end == b->sport_end &&
	       a->sport_mask == b->sport_mask &&
	       a->dport_start == b->dport_start &&
	       a->dport_end == b->dport_end && a->dport_mask == b->dport_mask;
}

static bool rule_exists(struct rtnl_net *rn, const struct rtnl_rule *k,
			const struct rule_req *req)
{
	for (struct rtnl_rule *r = rule_first(rn, k->family); r; r = rule_next(r))
		if (rule_same(r, k) && rule_compare(r, req))
			return true;
	return false;
}

/* rule_find(): only what the request gives has to match. */
static bool rule_matches_key(const struct rtnl_rule *r,
			     const struct rtnl_rule *k,
			     const struct rule_req *req)
{
	return (!k->action || r->action == k->action) &&
	       (!k->table || r->table == k->table) &&
	       (!req->user_priority || r->priority == k->priority) &&
	       (!k->iifname[0] || !strcmp(r->iifname, k->iifname)) &&
	       (!k->oifname[0] || !strcmp(r->oifname, k->oifname)) &&
	       (!k->mark || r->mark == k->mark) &&
	       (k->suppress_ifgroup == -1 ||
		r->suppress_ifgroup == k->suppress_ifgroup) &&
	       (k->suppress_prefixlen == -1 ||
		r->suppress_prefixlen == k->suppress_prefixlen) &&
	       (!k->mark_mask || r->mark_mask == k->mark_mask) &&
	       (!k->tun_id || r->tun_id == k->tun_id) &&
	       (!k->l3mdev || r->l3mdev == k->l3mdev) &&
	       (!k->uid_set || (r->uid_start == k->uid_start &&
				r->uid_end == k->uid_end)) &&
	       (!k->ip_proto || r->ip_proto == k->ip_proto) &&
	       (!k->protocol || r->protocol == k->protocol) &&
	       (!port_range_set(k->sport_start, k->sport_end) ||
		(r->sport_start == k->sport_start &&
		 r->sport_end == k->sport_end)) &&
	       (!k->sport_mask || r->sport_mask == k->sport_mask) &&
	       (!port_range_set(k->dport_start, k->dport_end) ||
		(r->dport_start == k->dport_start &&
		 r->dport_end == k->dport_end)) &&
	       (!k->dport_mask || r->dport_mask == k->dport_mask) &&
	       rule_compare(r, req);
}

/* ---- requests ---- */

/* The goto rules waiting for a rule of r's priority jump to r. */
static void rule_resolve_gotos(struct rtnl_net *rn, struct rtnl_rule *r)
{
	for (struct rtnl_rule *g = rule_first(rn, r->family); g; g = rule_next(g))
		if (g->action == FR_ACT_GOTO && !g->ctarget &&
		    g->goto_target == r->priority)
			g->ctarget = r;
}

/* fib_newrule() */
static int rtnl_newrule(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	struct rule_req req = { .realms = rn->feat.route_classid };
	struct rtnl_rule k, *r;
	int err = rule_from_msg(rn, nlh, &k, &req, extack);

	if (err)
		return err;
	if ((nlh->nlmsg_flags & NLM_F_EXCL) && rule_exists(rn, &k, &req))
		return -EEXIST;
	err = rule_configure(rn, &k, &req, extack);
	if (err)
		return err;
	if (k.action == FR_ACT_GOTO)
		for (r = rule_first(rn, k.family); r && !k.ctarget; r = rule_next(r))
			if (r->priority == k.goto_target)
				k.ctarget = r;
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	*r = k;
	rule_link(rn, r);
	rule_resolve_gotos(rn, r);
	rn->rule_seq++;
	rule_notify(rn, r, RTM_NEWRULE, skb, nlh);
	return 0;
}

/* A rule goes: the gotos that jumped to it jump to the next rule of
 * the same priority, or wait. */
static void rule_unlink(struct rtnl_net *rn, struct rtnl_rule **pp)
{
	struct rtnl_rule *r = *pp;
	struct rtnl_rule *n = rule_next(r);

	if (n && n->priority != r->priority)
		n = NULL;
	*pp = r->next;
	for (struct rtnl_rule *g = rule_first(rn, r->family); g; g = rule_next(g))
		if (g->ctarget == r)
			g->ctarget = n;
}

/* fib_delrule() */
static int rtnl_delrule(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	struct rule_req req = { .realms = rn->feat.route_classid };
	struct rtnl_rule k;
	int err = rule_from_msg(rn, nlh, &k, &req, extack);

	if (err)
		return err;
	for (struct rtnl_rule **pp = &rn->rules; *pp; pp = &(*pp)->next) {
		struct rtnl_rule *r = *pp;

		if (r->family != k.family || !rule_matches_key(r, &k, &req))
			continue;
		if (r->flags & FIB_RULE_PERMANENT)
			return -EPERM;
		/* fib4_rule_delete() unmerges local and main too */
		if (r->family == AF_INET)
			rtnl_fib4_unmerge(rn);
		rule_unlink(rn, pp);
		rn->rule_seq++;
		rule_notify(rn, r, RTM_DELRULE, skb, nlh);
		free(r);
		return 0;
	}
	return -ENOENT;
}

/* fib_valid_dumprule_req() */
static int rule_dump_valid(const struct nlmsghdr *nlh,
			   struct unl_ext_ack *extack)
{
	const struct fib_rule_hdr *frh = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*frh))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for fib rule dump request");
		return -EINVAL;
	}
	if (frh->dst_len || frh->src_len || frh->tos || frh->table ||
	    frh->res1 || frh->res2 || frh->action || frh->flags) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header for fib rule dump request");
		return -EINVAL;
	}
	if (nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*frh))) {
		UNL_SET_ERR_MSG(extack, "Invalid data after header in fib rule dump request");
		return -EINVAL;
	}
	return 0;
}

/* fib_nl_dumprule(): one family, or every one for AF_UNSPEC */
static int rtnl_dump_rules(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	int family = ((const struct rtgenmsg *)NLMSG_DATA(cb->nlh))->rtgen_family;
	long idx = 0;

	if (cb->strict_check) {
		int err = rule_dump_valid(cb->nlh, cb->extack);

		if (err)
			return err;
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

/* ---- lookups (fib_rules_lookup) ---- */

/* fib_rule_port_match() */
static bool port_match(uint16_t start, uint16_t end, uint16_t mask,
		       uint16_t port)
{
	if (mask)
		return (port & mask) == start;
	return !port_range_set(start, end) || (port >= start && port <= end);
}

/* The interface a rule names: 0 for any, -1 while detached. */
static int rule_ifindex(struct rtnl_net *rn, const char *name, bool given)
{
	const struct rtnl_link *l;

	if (!given)
		return 0;
	l = rtnl_link_by_name(rn, name);
	return l ? l->ifindex : -1;
}

/* fib4_rule_match() */
static bool rule_match4(const struct rtnl_rule *r, const struct rtnl_flow *fl)
{
	if (!rtnl_prefix_match(AF_INET, r->src, r->src_len, fl->src) ||
	    !rtnl_prefix_match(AF_INET, r->dst, r->dst_len, fl->dst))
		return false;
	if (r->dscp_full ? ((r->dscp ^ fl->dscp) & r->dscp_mask) != 0
			 : r->dscp && r->dscp != (fl->dscp & RULE_LEGACY_TOS_MASK))
		return false;
	return true;
}

/* fib6_rule_match(): a source prefix needs the flow's source, unless
 * the rule may find one (FIB_RULE_FIND_SADDR, checked after the table
 * lookup). */
static bool rule_match6(const struct rtnl_rule *r, const struct rtnl_flow *fl)
{
	uint8_t dscp = fl->dscp;

	if (!rtnl_prefix_match(AF_INET6, r->dst, r->dst_len, fl->dst))
		return false;
	if (r->src_len) {
		if (fl->flags & RTNL_FLOW_HAS_SADDR) {
			if (!rtnl_prefix_match(AF_INET6, r->src, r->src_len,
					       fl->src))
				return false;
		} else if (!(r->flags & FIB_RULE_FIND_SADDR)) {
			return false;
		}
	}
	if (r->dscp_full ? ((r->dscp ^ dscp) & r->dscp_mask) != 0
			 : r->dscp && r->dscp != dscp)
		return false;
	if ((r->flowlabel ^ fl->flowlabel) & r->flowlabel_mask)
		return false;
	return true;
}

/* l3mdev_update_flow() and l3mdev_fib_rule_match(): the table of the
 * L3 master of the flow's output device, else of its input device
 * (0: neither is a VRF or in one). */
static uint32_t rule_l3mdev_table(struct rtnl_net *rn,
				  const struct rtnl_flow *fl)
{
	uint32_t table = fl->oif ? rtnl_l3mdev_fib_table(rn, fl->oif) : 0;

	if (!table && fl->iif > 1 /* LOOPBACK_IFINDEX */)
		table = rtnl_l3mdev_fib_table(rn, fl->iif);
	return table;
}

/* fib_rule_match() */
static bool rule_match(struct rtnl_net *rn, const struct rtnl_rule *r,
		       const struct rtnl_flow *fl)
{
	int iif = rule_ifindex(rn, r->iifname, r->has_iif);
	int oif = rule_ifindex(rn, r->oifname, r->has_oif);
	bool ret = false;

	if ((iif && iif != fl->iif) || (oif && oif != fl->oif))
		goto out;
	if ((r->mark ^ fl->mark) & r->mark_mask)
		goto out;
	/* no flow here carries a tunnel id */
	if (r->tun_id)
		goto out;
	if (r->l3mdev && !rule_l3mdev_table(rn, fl))
		goto out;
	if (fl->uid < r->uid_start || fl->uid > r->uid_end)
		goto out;
	if (r->ip_proto && r->ip_proto != fl->proto)
		goto out;
	if (!port_match(r->sport_start, r->sport_end, r->sport_mask, fl->sport) ||
	    !port_match(r->dport_start, r->dport_end, r->dport_mask, fl->dport))
		goto out;
	ret = fl->family == AF_INET ? rule_match4(r, fl) : rule_match6(r, fl);
out:
	return (r->flags & FIB_RULE_INVERT) ? !ret : ret;
}

/* ops->action(): the verdict of a rule that does not send to a table. */
static int rule_action(struct rtnl_net *rn, const struct rtnl_rule *r,
		       struct rtnl_flow *fl, rtnl_rule_table_fn lookup,
		       struct rtnl_fib_res *res)
{
	switch (r->action) {
	case FR_ACT_TO_TBL:
		/* fib_rule_get_table(): an l3mdev rule's is the VRF's */
		return lookup(rn, r,
			      r->l3mdev ? rule_l3mdev_table(rn, fl) : r->table,
			      fl, res);
	case FR_ACT_UNREACHABLE:
		return -ENETUNREACH;
	case FR_ACT_PROHIBIT:
		return -EACCES;
	default:
		return -EINVAL;
	}
}

/* ops->suppress(): an answer the rule refuses to give. */
static bool rule_suppress(struct rtnl_net *rn, const struct rtnl_rule *r,
			  const struct rtnl_fib_res *res)
{
	const struct rtnl_link *l;

	if (!res->rt)
		return false;
	if ((int)res->prefixlen <= r->suppress_prefixlen)
		return true;
	l = res->dev ? rtnl_link_by_index(rn, res->dev) : NULL;
	return r->suppress_ifgroup != -1 && l &&
	       l->group == (uint32_t)r->suppress_ifgroup;
}

int rtnl_rules_lookup(struct rtnl_net *rn, struct rtnl_flow *fl,
		      rtnl_rule_table_fn lookup, struct rtnl_fib_res *res)
{
	for (struct rtnl_rule *r = rule_first(rn, fl->family); r;
	     r = rule_next(r)) {
		int err;

jumped:
		if (!rule_match(rn, r, fl))
			continue;
		if (r->action == FR_ACT_GOTO) {
			if (!r->ctarget)
				continue;
			r = r->ctarget;
			goto jumped;
		}
		if (r->action == FR_ACT_NOP)
			continue;
		*res = (struct rtnl_fib_res){ 0 };
		err = rule_action(rn, r, fl, lookup, res);
		if (!err && rule_suppress(rn, r, res))
			continue;
		/* __fib_lookup(): the answering rule's realms */
		res->tclassid = r->family == AF_INET ? r->tclassid : 0;
		if (err != -EAGAIN)
			return err;
	}
	*res = (struct rtnl_fib_res){ 0 };
	return -ESRCH;
}

const struct rtnl_msg_handler rtnl_rule_handlers[] = {
	{ PF_UNSPEC, RTM_NEWRULE, rtnl_newrule, NULL, 0, rule_registered },
	{ PF_UNSPEC, RTM_DELRULE, rtnl_delrule, NULL, 0, rule_registered },
	{ PF_UNSPEC, RTM_GETRULE, NULL, rtnl_dump_rules, 0,
	  rule_registered },
};
const unsigned int rtnl_rule_handlers_n =
	sizeof(rtnl_rule_handlers) / sizeof(rtnl_rule_handlers[0]);
