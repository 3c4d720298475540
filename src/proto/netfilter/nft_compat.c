// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nft_compat (net/netfilter/nft_compat.c): the xtables extensions of
 * iptables-nft inside nf_tables.  NFNL_SUBSYS_NFT_COMPAT answers which
 * revisions of a match or target the kernel has (nfnl_compat_get_rcu);
 * the "match" and "target" expressions carry an extension's name,
 * revision and its struct as iptables built it, checked as
 * xt_check_match()/xt_check_target() and the extension's checkentry
 * check it, and dumped back as nft_extension_dump_info() does.
 *
 * The catalogue holds one row per registered (name, revision, family)
 * of the extensions iptables-nft commonly emits, each with the Kconfig
 * symbol of its module: a kernel whose profile lacks the symbol lacks
 * the extension (ENOENT), as does every extension not catalogued
 * (docs/conformance.md).  No packet flows: nothing is evaluated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_LOG.h>
#include <linux/netfilter/xt_TCPMSS.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_connmark.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_policy.h>
#include <linux/netfilter/xt_set.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/netfilter_ipv6/ip6t_REJECT.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/ip_set.h"
#include "proto/netfilter/nft_compat.h"
#include "proto/netfilter/nft_extra.h"
#include "proto/netfilter/x_tables.h"

#define NFT_COMPAT_NAME_MAX_ 32

/* ---- the extensions' checkentry ---- */

/* tcp_mt_check(), udp_mt_check(), icmp_checkentry() */
static int tcp_check(const struct xt_check *par)
{
	const struct xt_tcp *i = par->info;

	return i->invflags & ~XT_TCP_INV_MASK ? -EINVAL : 0;
}

static int udp_check(const struct xt_check *par)
{
	const struct xt_udp *i = par->info;

	return i->invflags & ~XT_UDP_INV_MASK ? -EINVAL : 0;
}

static int icmp_check(const struct xt_check *par)
{
	const struct ipt_icmp *i = par->info;

	return i->invflags & ~IPT_ICMP_INV ? -EINVAL : 0;
}

static int icmp6_check(const struct xt_check *par)
{
	const struct ip6t_icmp *i = par->info;

	return i->invflags & ~IP6T_ICMP_INV ? -EINVAL : 0;
}

/* multiport_mt_check(): a protocol with ports, not inverted */
static int multiport_check(const struct xt_check *par)
{
	const struct xt_multiport_v1 *i = par->info;

	switch (par->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		break;
	default:
		return -EINVAL;
	}
	if (par->inv)
		return -EINVAL;
	if (i->flags != XT_MULTIPORT_SOURCE &&
	    i->flags != XT_MULTIPORT_DESTINATION &&
	    i->flags != XT_MULTIPORT_EITHER)
		return -EINVAL;
	return i->count > XT_MULTI_PORTS ? -EINVAL : 0;
}

/* policy_mt_check(): a direction, one that the hooks can see, and at
 * most XT_POLICY_MAX_ELEM elements */
static int policy_check(const struct xt_check *par)
{
	const struct xt_policy_info *i = par->info;
	const uint32_t in = HOOK(PRE_ROUTING) | HOOK(LOCAL_IN);
	const uint32_t out = HOOK(POST_ROUTING) | HOOK(LOCAL_OUT);

	if (!(i->flags & (XT_POLICY_MATCH_IN | XT_POLICY_MATCH_OUT)))
		return -EINVAL;
	if ((par->hook_mask & in) && (i->flags & XT_POLICY_MATCH_OUT))
		return -EINVAL;
	if ((par->hook_mask & out) && (i->flags & XT_POLICY_MATCH_IN))
		return -EINVAL;
	return i->len > XT_POLICY_MAX_ELEM ? -EINVAL : 0;
}

/* addrtype_mt_checkentry_v1() */
static int addrtype_v1_check(const struct xt_check *par)
{
	const struct xt_addrtype_info_v1 *i = par->info;
	const uint32_t in = HOOK(PRE_ROUTING) | HOOK(LOCAL_IN);
	const uint32_t out = HOOK(POST_ROUTING) | HOOK(LOCAL_OUT);
	uint32_t types = i->source | i->dest;

	if ((i->flags & XT_ADDRTYPE_LIMIT_IFACE_IN) &&
	    (i->flags & XT_ADDRTYPE_LIMIT_IFACE_OUT))
		return -EINVAL;
	if ((par->hook_mask & in) && (i->flags & XT_ADDRTYPE_LIMIT_IFACE_OUT))
		return -EINVAL;
	if ((par->hook_mask & out) && (i->flags & XT_ADDRTYPE_LIMIT_IFACE_IN))
		return -EINVAL;
	if (par->family == NFPROTO_IPV6 &&
	    ((types & XT_ADDRTYPE_BLACKHOLE) || types >= XT_ADDRTYPE_PROHIBIT ||
	     (types & XT_ADDRTYPE_BROADCAST)))
		return -EINVAL;
	return 0;
}

/* limit_mt_check(): the burst's credit must not overflow */
static uint32_t limit_user2credits(uint32_t user, uint32_t hz)
{
	uint64_t cpj = 0xFFFFFFFFu / ((uint64_t)hz * 60 * 60 * 24), p2 = 1;

	/* CREDITS_PER_JIFFY: the power of two at or below MAX_CPJ */
	while (p2 * 2 <= cpj)
		p2 *= 2;
	return (uint32_t)((uint64_t)user * hz * p2 / XT_LIMIT_SCALE);
}

static int limit_check(const struct xt_check *par)
{
	const struct xt_rateinfo *r = par->info;
	const struct unl_net *net = par->net;
	/* em_ipt's checks have no net: a tick of 250 Hz then */
	uint32_t hz = net && net->hz > 0 ? (uint32_t)net->hz : 250;

	if (r->burst == 0 || limit_user2credits(r->avg * r->burst, hz) <
				     limit_user2credits(r->avg, hz))
		return -ERANGE;
	return 0;
}

/* masquerade_tg_check(), masquerade_tg6_checkentry() */
static int masq4_check(const struct xt_check *par)
{
	const struct nf_nat_ipv4_multi_range_compat *mr = par->info;

	if (mr->range[0].flags & NF_NAT_RANGE_MAP_IPS)
		return -EINVAL;
	return mr->rangesize != 1 ? -EINVAL : 0;
}

static int masq6_check(const struct xt_check *par)
{
	const struct nf_nat_range *r = par->info;

	return r->flags & NF_NAT_RANGE_MAP_IPS ? -EINVAL : 0;
}

/* xt_nat_checkentry_v0(): one range only */
static int nat_v0_check(const struct xt_check *par)
{
	const struct nf_nat_ipv4_multi_range_compat *mr = par->info;

	return mr->rangesize != 1 ? -EINVAL : 0;
}

/* log_tg_check(): a level syslog has, a terminated prefix, a logger */
static int log_check(const struct xt_check *par)
{
	const struct xt_log_info *l = par->info;

	if (par->family != NFPROTO_IPV4 && par->family != NFPROTO_IPV6)
		return -EINVAL;
	if (l->level >= 8)
		return -EINVAL;
	if (l->prefix[sizeof(l->prefix) - 1] != '\0')
		return -EINVAL;
	if (!unl_profile_has(par->profile, UNL_PROFILE_FEATURE,
			     "NF_LOG_SYSLOG"))
		return -ENOENT;
	return 0;
}

/* reject_tg_check(), reject_tg6_check(): no echo reply, and a TCP
 * reset only for TCP */
static int reject_common(bool echo_reply, bool tcp_reset,
			 const struct xt_check *par)
{
	if (echo_reply)
		return -EINVAL;
	if (tcp_reset && (par->proto != IPPROTO_TCP || par->inv))
		return -EINVAL;
	return 0;
}

static int reject4_check(const struct xt_check *par)
{
	const struct ipt_reject_info *r = par->info;

	return reject_common(r->with == IPT_ICMP_ECHOREPLY,
			     r->with == IPT_TCP_RESET, par);
}

static int reject6_check(const struct xt_check *par)
{
	const struct ip6t_reject_info *r = par->info;

	return reject_common(r->with == IP6T_ICMP6_ECHOREPLY,
			     r->with == IP6T_TCP_RESET, par);
}

/* tcpmss_tg4_check(): the path MTU is known once routed */
static int tcpmss_check(const struct xt_check *par)
{
	const struct xt_tcpmss_info *i = par->info;

	if (i->mss == XT_TCPMSS_CLAMP_PMTU &&
	    (par->hook_mask &
	     ~(HOOK(FORWARD) | HOOK(LOCAL_OUT) | HOOK(POST_ROUTING))))
		return -EINVAL;
	return 0;
}

/* xt_set: each set a rule names is held by index while the rule
 * lives (ip_set_nfnl_get_byindex), so that it cannot be destroyed or
 * renamed under it. */

/* The sets of a match or target info: their indexes, and their
 * dimensions (v0: the last flag word must be clear) */
struct xt_set_refs {
	uint16_t index[3];
	bool over[3];
	int n;
};

static void xt_set_refs_of(const char *name, uint8_t rev, const void *info,
			   struct xt_set_refs *r)
{
	memset(r, 0, sizeof(*r));
	if (!strcmp(name, "set")) {
		r->n = 1;
		if (rev == 0) {
			const struct xt_set_info_match_v0 *m = info;

			r->index[0] = m->match_set.index;
			r->over[0] = m->match_set.u.flags[IPSET_DIM_MAX - 1] != 0;
		} else {
			/* v1 to v4 open with the same struct xt_set_info */
			const struct xt_set_info_match_v1 *m = info;

			r->index[0] = m->match_set.index;
			r->over[0] = m->match_set.dim > IPSET_DIM_MAX;
		}
		return;
	}
	if (rev == 0) {
		const struct xt_set_info_target_v0 *t = info;

		r->n = 2;
		r->index[0] = t->add_set.index;
		r->index[1] = t->del_set.index;
		r->over[0] = t->add_set.u.flags[IPSET_DIM_MAX - 1] != 0;
		r->over[1] = t->del_set.u.flags[IPSET_DIM_MAX - 1] != 0;
		return;
	}
	/* v1 to v3 open with add_set and del_set, v3 adds map_set */
	{
		const struct xt_set_info_target_v3 *t = info;

		r->n = rev == 3 ? 3 : 2;
		r->index[0] = t->add_set.index;
		r->index[1] = t->del_set.index;
		r->over[0] = t->add_set.dim > IPSET_DIM_MAX;
		r->over[1] = t->del_set.dim > IPSET_DIM_MAX;
		if (rev == 3) {
			r->index[2] = t->map_set.index;
			r->over[2] = t->map_set.dim > IPSET_DIM_MAX;
		}
	}
}

static void xt_set_put_all(struct unl_net *net, const struct xt_set_refs *r,
			   int upto)
{
	for (int i = 0; i < upto; i++)
		if (r->index[i] != IPSET_INVALID_ID)
			ip_set_nfnl_put(net, r->index[i]);
}

/* compat_flags(): v0's dimension and direction bits, from its flags */
static void xt_set_compat_flags(struct xt_set_info_v0 *i)
{
	i->u.compat.dim = IPSET_DIM_ZERO;
	if (i->u.flags[0] & IPSET_MATCH_INV)
		i->u.compat.flags |= IPSET_INV_MATCH;
	for (int d = 0; d < IPSET_DIM_MAX - 1 && i->u.flags[d]; d++) {
		i->u.compat.dim++;
		if (i->u.flags[d] & IPSET_SRC)
			i->u.compat.flags |= (uint8_t)(1 << i->u.compat.dim);
	}
}

/* --map-set: only from mangle, and its prio or queue only from the
 * hooks after routing */
static bool xt_set_map_ok(const struct xt_check *par)
{
	const struct xt_set_info_target_v3 *t = par->info;

	if (strcmp(par->table, "mangle"))
		return false;
	return !(t->flags & (IPSET_FLAG_MAP_SKBPRIO | IPSET_FLAG_MAP_SKBQUEUE)) ||
	       (par->hook_mask &
		(HOOK(FORWARD) | HOOK(LOCAL_OUT) | HOOK(POST_ROUTING)));
}

/* set_match_v*_checkentry(), set_target_v*_checkentry(): every set
 * named must exist (ENOENT), a map set only from mangle, its prio or
 * queue only from the hooks after routing, and no dimension past the
 * limit (ERANGE); what was taken is let go on failure. */
static int xt_set_check_common(const struct xt_check *par, const char *name,
			       uint8_t rev)
{
	struct unl_net *net = par->net;
	struct xt_set_refs r;

	xt_set_refs_of(name, rev, par->info, &r);
	for (int i = 0; i < r.n; i++) {
		/* a target's sets are optional, the match's one is not */
		if (r.index[i] == IPSET_INVALID_ID && r.n > 1)
			continue;
		if (i == 2 && !xt_set_map_ok(par)) {
			xt_set_put_all(net, &r, i);
			return -EINVAL;
		}
		if (ip_set_nfnl_get_byindex(net, r.index[i]) ==
		    IPSET_INVALID_ID) {
			xt_set_put_all(net, &r, i);
			return -ENOENT;
		}
	}
	for (int i = 0; i < r.n; i++)
		if (r.over[i]) {
			xt_set_put_all(net, &r, r.n);
			return -ERANGE;
		}
	if (rev == 0) {
		if (!strcmp(name, "set")) {
			struct xt_set_info_match_v0 *m = par->info;

			xt_set_compat_flags(&m->match_set);
		} else {
			struct xt_set_info_target_v0 *t = par->info;

			xt_set_compat_flags(&t->add_set);
			xt_set_compat_flags(&t->del_set);
		}
	}
	return 0;
}

#define XT_SET_FNS(kind, nm, rev)                                          \
	static int xt_##kind##_v##rev##_check(const struct xt_check *par)    \
	{                                                                    \
		return xt_set_check_common(par, nm, rev);                    \
	}                                                                    \
	static void xt_##kind##_v##rev##_destroy(struct unl_net *net,        \
						 const void *info,           \
						 uint8_t family)             \
	{                                                                    \
		struct xt_set_refs r;                                        \
                                                                             \
		xt_set_refs_of(nm, rev, info, &r);                           \
		xt_set_put_all(net, &r, r.n);                                \
	}

XT_SET_FNS(set, "set", 0)
XT_SET_FNS(set, "set", 1)
XT_SET_FNS(set, "set", 3)
XT_SET_FNS(set, "set", 4)
XT_SET_FNS(SET, "SET", 0)
XT_SET_FNS(SET, "SET", 1)
XT_SET_FNS(SET, "SET", 3)

/* ---- the catalogue ---- */

#define XT_NAT_ "NETFILTER_XT_NAT"

static const struct xt_ext xt_catalogue[] = {
	/* x_tables, ip_tables, ip6_tables */
	MATCH("tcp", 0, F4 | F6, NULL, sizeof(struct xt_tcp),
	      .proto = IPPROTO_TCP, .check = tcp_check),
	MATCH("udp", 0, F4 | F6, NULL, sizeof(struct xt_udp),
	      .proto = IPPROTO_UDP, .check = udp_check),
	MATCH("udplite", 0, F4 | F6, NULL, sizeof(struct xt_udp),
	      .proto = IPPROTO_UDPLITE, .check = udp_check),
	MATCH("icmp", 0, F4, NULL, sizeof(struct ipt_icmp),
	      .proto = IPPROTO_ICMP, .check = icmp_check),
	MATCH("icmp6", 0, F6, NULL, sizeof(struct ip6t_icmp),
	      .proto = IPPROTO_ICMPV6, .check = icmp6_check),
	TARGET("", 0, F4 | F6 | FARP, NULL, sizeof(int)),
	TARGET("ERROR", 0, F4 | F6 | FARP, NULL, XT_FUNCTION_MAXNAMELEN),
	/* matches */
	MATCH("conntrack", 1, FALL, "NETFILTER_XT_MATCH_CONNTRACK",
	      sizeof(struct xt_conntrack_mtinfo1)),
	MATCH("conntrack", 2, FALL, "NETFILTER_XT_MATCH_CONNTRACK",
	      sizeof(struct xt_conntrack_mtinfo2)),
	MATCH("conntrack", 3, FALL, "NETFILTER_XT_MATCH_CONNTRACK",
	      sizeof(struct xt_conntrack_mtinfo3)),
	MATCH("state", 0, FALL, "NETFILTER_XT_MATCH_STATE",
	      sizeof(struct xt_state_info)),
	MATCH("multiport", 1, F4 | F6, "NETFILTER_XT_MATCH_MULTIPORT",
	      sizeof(struct xt_multiport_v1), .check = multiport_check),
	MATCH("comment", 0, FALL, "NETFILTER_XT_MATCH_COMMENT",
	      sizeof(struct xt_comment_info)),
	MATCH("addrtype", 0, F4, "NETFILTER_XT_MATCH_ADDRTYPE",
	      sizeof(struct xt_addrtype_info)),
	MATCH("addrtype", 1, F4 | F6, "NETFILTER_XT_MATCH_ADDRTYPE",
	      sizeof(struct xt_addrtype_info_v1), .check = addrtype_v1_check),
	MATCH("policy", 0, F4 | F6, "NETFILTER_XT_MATCH_POLICY",
	      sizeof(struct xt_policy_info), .check = policy_check),
	MATCH("mark", 1, FALL, "NETFILTER_XT_MATCH_MARK",
	      sizeof(struct xt_mark_mtinfo1)),
	MATCH("connmark", 1, FALL, "NETFILTER_XT_MATCH_CONNMARK",
	      sizeof(struct xt_connmark_mtinfo1)),
	MATCH("limit", 0, FALL, "NETFILTER_XT_MATCH_LIMIT",
	      sizeof(struct xt_rateinfo),
	      .usersize = offsetof(struct xt_rateinfo, prev),
	      .check = limit_check),
	/* xt_set */
	MATCH("set", 0, F4, "NETFILTER_XT_SET",
	      sizeof(struct xt_set_info_match_v0), .check = xt_set_v0_check,
	      .destroy = xt_set_v0_destroy),
	MATCH("set", 1, F4 | F6, "NETFILTER_XT_SET",
	      sizeof(struct xt_set_info_match_v1), .check = xt_set_v1_check,
	      .destroy = xt_set_v1_destroy),
	/* --return-nomatch: v1's struct */
	MATCH("set", 2, F4 | F6, "NETFILTER_XT_SET",
	      sizeof(struct xt_set_info_match_v1), .check = xt_set_v1_check,
	      .destroy = xt_set_v1_destroy),
	MATCH("set", 3, F4 | F6, "NETFILTER_XT_SET",
	      sizeof(struct xt_set_info_match_v3), .check = xt_set_v3_check,
	      .destroy = xt_set_v3_destroy),
	MATCH("set", 4, F4 | F6, "NETFILTER_XT_SET",
	      sizeof(struct xt_set_info_match_v4), .check = xt_set_v4_check,
	      .destroy = xt_set_v4_destroy),
	TARGET("SET", 0, F4, "NETFILTER_XT_SET",
	       sizeof(struct xt_set_info_target_v0), .check = xt_SET_v0_check,
	       .destroy = xt_SET_v0_destroy),
	TARGET("SET", 1, F4 | F6, "NETFILTER_XT_SET",
	       sizeof(struct xt_set_info_target_v1), .check = xt_SET_v1_check,
	       .destroy = xt_SET_v1_destroy),
	/* --timeout and --exist: v1's sets, then flags and a timeout */
	TARGET("SET", 2, F4 | F6, "NETFILTER_XT_SET",
	       sizeof(struct xt_set_info_target_v2), .check = xt_SET_v1_check,
	       .destroy = xt_SET_v1_destroy),
	TARGET("SET", 3, F4 | F6, "NETFILTER_XT_SET",
	       sizeof(struct xt_set_info_target_v3), .check = xt_SET_v3_check,
	       .destroy = xt_SET_v3_destroy),
	/* targets */
	TARGET("MARK", 2, F4 | F6 | FARP, "NETFILTER_XT_TARGET_MARK",
	       sizeof(struct xt_mark_tginfo2)),
	TARGET("CONNMARK", 1, F4 | F6, "NETFILTER_XT_TARGET_CONNMARK",
	       sizeof(struct xt_connmark_tginfo1)),
	TARGET("CONNMARK", 2, F4 | F6, "NETFILTER_XT_TARGET_CONNMARK",
	       sizeof(struct xt_connmark_tginfo2)),
	TARGET("MASQUERADE", 0, F4, "NETFILTER_XT_TARGET_MASQUERADE",
	       sizeof(struct nf_nat_ipv4_multi_range_compat), .table = "nat",
	       .hooks = HOOK(POST_ROUTING), .check = masq4_check),
	TARGET("MASQUERADE", 0, F6, "NETFILTER_XT_TARGET_MASQUERADE",
	       sizeof(struct nf_nat_range), .table = "nat",
	       .hooks = HOOK(POST_ROUTING), .check = masq6_check),
	TARGET("SNAT", 0, F4, XT_NAT_,
	       sizeof(struct nf_nat_ipv4_multi_range_compat), .table = "nat",
	       .hooks = HOOK(POST_ROUTING) | HOOK(LOCAL_IN),
	       .check = nat_v0_check),
	TARGET("DNAT", 0, F4, XT_NAT_,
	       sizeof(struct nf_nat_ipv4_multi_range_compat), .table = "nat",
	       .hooks = HOOK(PRE_ROUTING) | HOOK(LOCAL_OUT),
	       .check = nat_v0_check),
	TARGET("SNAT", 1, FALL, XT_NAT_, sizeof(struct nf_nat_range),
	       .table = "nat", .hooks = HOOK(POST_ROUTING) | HOOK(LOCAL_IN)),
	TARGET("DNAT", 1, FALL, XT_NAT_, sizeof(struct nf_nat_range),
	       .table = "nat", .hooks = HOOK(PRE_ROUTING) | HOOK(LOCAL_OUT)),
	TARGET("SNAT", 2, FALL, XT_NAT_, sizeof(struct nf_nat_range2),
	       .table = "nat", .hooks = HOOK(POST_ROUTING) | HOOK(LOCAL_IN)),
	TARGET("DNAT", 2, FALL, XT_NAT_, sizeof(struct nf_nat_range2),
	       .table = "nat", .hooks = HOOK(PRE_ROUTING) | HOOK(LOCAL_OUT)),
	TARGET("LOG", 0, F4 | F6, "NETFILTER_XT_TARGET_LOG",
	       sizeof(struct xt_log_info), .check = log_check),
	TARGET("REJECT", 0, F4, "IP_NF_TARGET_REJECT",
	       sizeof(struct ipt_reject_info), .table = "filter",
	       .hooks = HOOK(LOCAL_IN) | HOOK(FORWARD) | HOOK(LOCAL_OUT),
	       .check = reject4_check),
	TARGET("REJECT", 0, F6, "IP6_NF_TARGET_REJECT",
	       sizeof(struct ip6t_reject_info), .table = "filter",
	       .hooks = HOOK(LOCAL_IN) | HOOK(FORWARD) | HOOK(LOCAL_OUT),
	       .check = reject6_check),
	TARGET("TCPMSS", 0, F4 | F6, "NETFILTER_XT_TARGET_TCPMSS",
	       sizeof(struct xt_tcpmss_info), .proto = IPPROTO_TCP,
	       .check = tcpmss_check),
};

#define XT_NCATALOGUE (sizeof(xt_catalogue) / sizeof(xt_catalogue[0]))

/* The i-th registration of both catalogues (this file's and
 * nft_compat_ext.c's), NULL past the end. */
static const struct xt_ext *xt_nth(size_t i)
{
	if (i < XT_NCATALOGUE)
		return &xt_catalogue[i];
	i -= XT_NCATALOGUE;
	return i < xt_catalogue_ext_count ? &xt_catalogue_ext[i] : NULL;
}

/* Whether the kernel of profile p registered x for family. */
static bool xt_registered(const struct unl_profile *p, const struct xt_ext *x,
			  uint8_t family)
{
	if (!(x->families & (FAM(family) | FALL)))
		return false;
	return !x->feature ||
	       unl_profile_has(p, UNL_PROFILE_FEATURE, x->feature);
}

/* xt_find_match(), xt_find_target(): NULL when the name or the
 * revision is unknown for family.  The family's own registrations
 * first, then NFPROTO_UNSPEC's (CLASSIFY has both, unlike each other). */
static const struct xt_ext *xt_find(const struct unl_profile *p,
				    uint8_t family, const char *name,
				    uint32_t rev, bool target)
{
	const struct xt_ext *x;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; (x = xt_nth(i)) != NULL; i++)
			if (x->target == target && (uint32_t)x->rev == rev &&
			    !strcmp(x->name, name) &&
			    (x->families & (pass ? FALL : FAM(family))) &&
			    xt_registered(p, x, family))
				return x;
	return NULL;
}

/* match_revfn(), target_revfn(): the revisions registered for list
 * (a family's own, or FALL: NFPROTO_UNSPEC's); whether rev is one. */
static bool xt_revfn(const struct unl_profile *p, uint32_t list,
		     const char *name, uint32_t rev, bool target, int *best)
{
	bool have = false;

	const struct xt_ext *x;

	for (size_t i = 0; (x = xt_nth(i)) != NULL; i++) {

		if (x->target != target || strcmp(x->name, name) ||
		    !(x->families & list) ||
		    (x->feature &&
		     !unl_profile_has(p, UNL_PROFILE_FEATURE, x->feature)))
			continue;
		if (x->rev > *best)
			*best = x->rev;
		if ((uint32_t)x->rev == rev)
			have = true;
	}
	return have;
}

/* xt_find_revision(): 0 and the best revision in *best, -ENOENT for
 * an unknown extension, -EPROTONOSUPPORT for a revision it lacks.  The
 * family's own list is searched first, the generic one only when the
 * revision is not there: which best revision comes back depends on it,
 * as in Linux. */
static int xt_find_revision(const struct unl_profile *p, uint8_t family,
			    const char *name, uint32_t rev, bool target,
			    int *best)
{
	bool have;

	*best = -1;
	have = xt_revfn(p, FAM(family), name, rev, target, best);
	if (!have)
		have = xt_revfn(p, FALL, name, rev, target, best);
	if (*best < 0)
		return -ENOENT;
	return have ? 0 : -EPROTONOSUPPORT;
}

/* ---- NFNL_SUBSYS_NFT_COMPAT ---- */

static const struct unl_nla_policy nfnl_compat_policy[NFTA_COMPAT_MAX + 1] = {
	[NFTA_COMPAT_NAME] = { .type = UNL_NLA_NUL_STRING,
			       .len = NFT_COMPAT_NAME_MAX_ - 1 },
	[NFTA_COMPAT_REV] = { .type = UNL_NLA_U32 },
	[NFTA_COMPAT_TYPE] = { .type = UNL_NLA_U32 },
};

static int nfnl_compat_fill_info(struct unl_skb *skb, uint32_t portid,
				 uint32_t seq, uint8_t family,
				 const char *name, int rev, uint32_t target)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_NFT_COMPAT << 8 | NFNL_MSG_COMPAT_GET),
		portid ? NLM_F_MULTI : 0, family, NFNETLINK_V0, 0);

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_COMPAT_NAME, name) ||
	    unl_nla_put_u32(skb, NFTA_COMPAT_REV, htonl((uint32_t)rev)) ||
	    unl_nla_put_u32(skb, NFTA_COMPAT_TYPE, htonl(target))) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int nfnl_compat_get(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const tb[])
{
	uint8_t family = info->nfmsg->nfgen_family;
	char name[NFT_COMPAT_NAME_MAX_];
	uint32_t rev, target;
	struct unl_skb *skb2;
	int best = 0, err;

	if (!tb[NFTA_COMPAT_NAME] || !tb[NFTA_COMPAT_REV] ||
	    !tb[NFTA_COMPAT_TYPE])
		return -EINVAL;
	unl_nla_strscpy(name, tb[NFTA_COMPAT_NAME], sizeof(name));
	rev = ntohl(unl_nla_get_u32(tb[NFTA_COMPAT_REV]));
	target = ntohl(unl_nla_get_u32(tb[NFTA_COMPAT_TYPE]));
	switch (family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_BRIDGE:
	case NFPROTO_ARP:
		break;
	default:
		return -EINVAL;
	}
	err = xt_find_revision(unl_net_profile(info->net), family, name, rev,
			       target != 0, &best);
	if (err < 0)
		return err;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	if (nfnl_compat_fill_info(skb2, unl_skb_cb(skb)->portid,
				  info->nlh->nlmsg_seq, family, name, best,
				  target) < 0) {
		unl_skb_free(skb2);
		return -ENOSPC;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

static const struct nfnl_callback nfnl_nft_compat_cb[NFNL_MSG_COMPAT_MAX] = {
	[NFNL_MSG_COMPAT_GET] = { .call = nfnl_compat_get,
				  .type = NFNL_CB_RCU,
				  .attr_count = NFTA_COMPAT_MAX,
				  .policy = nfnl_compat_policy },
};

/* nft_compat comes with the match and target expressions. */
static bool nft_compat_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_TABLES") &&
	       unl_profile_has(p, UNL_PROFILE_NFT, "match");
}

const struct nfnl_subsystem nft_compat_subsys = {
	.name = "nft-compat",
	.subsys_id = NFNL_SUBSYS_NFT_COMPAT,
	.cb_count = NFNL_MSG_COMPAT_MAX,
	.cb = nfnl_nft_compat_cb,
	.offered = nft_compat_offered,
	.net_init = xt_ext_net_init,
	.net_exit = xt_ext_net_exit,
};

/* ---- the match and target expressions ---- */

struct nft_xt {
	const struct xt_ext *ext;
	uint32_t size; /* of info as the extension has it */
	uint8_t family; /* of its rule's table, for the destroy */
	uint8_t *info; /* XT_ALIGN(size) bytes, as given past size: 0 */
};

static const struct unl_nla_policy nft_rule_compat_policy[NFTA_RULE_COMPAT_MAX + 1] = {
	[NFTA_RULE_COMPAT_PROTO] = { .type = UNL_NLA_U32 },
	[NFTA_RULE_COMPAT_FLAGS] = { .type = UNL_NLA_U32 },
};

/* nft_parse_compat(): the protocol iptables' -p gave, and whether it
 * was inverted */
static int nft_parse_compat(const struct nlattr *attr, uint16_t *proto,
			    bool *inv)
{
	const struct nlattr *tb[NFTA_RULE_COMPAT_MAX + 1];
	uint32_t flags;
	int err;

	err = unl_nla_parse_nested(tb, NFTA_RULE_COMPAT_MAX, attr,
				   nft_rule_compat_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (!tb[NFTA_RULE_COMPAT_PROTO] || !tb[NFTA_RULE_COMPAT_FLAGS])
		return -EINVAL;
	flags = nft_get_be32(tb[NFTA_RULE_COMPAT_FLAGS]);
	if ((flags & NFT_RULE_COMPAT_F_UNUSED) ||
	    (flags & ~(uint32_t)NFT_RULE_COMPAT_F_MASK))
		return -EINVAL;
	*inv = flags & NFT_RULE_COMPAT_F_INV;
	*proto = (uint16_t)nft_get_be32(tb[NFTA_RULE_COMPAT_PROTO]);
	return 0;
}

static bool nft_base_chain_(const struct nft_chain *chain)
{
	return chain && (chain->flags & NFT_CHAIN_BASE);
}

/* xt_check_match(), xt_check_target() once par is filled: the size,
 * table, hooks and protocol the extension wants, then its checkentry */
static int xt_check_par(const struct xt_ext *x, struct xt_check *par,
			uint32_t size, const char *table)
{
	if (!x->variable && (uint32_t)XT_ALIGN(x->size) != size)
		return -EINVAL;
	par->size = size;
	par->table = table;
	if (x->table && strcmp(x->table, table))
		return -EINVAL;
	if (x->hooks && (par->hook_mask & ~x->hooks))
		return -EINVAL;
	if (x->proto && (x->proto != par->proto || par->inv))
		return -EINVAL;
	return x->check ? x->check(par) : 0;
}

/* the same for an expression of nft_ctx (its chain's hook, the rule's
 * protocol) */
static int xt_check_common(const struct nft_ctx *ctx, const struct xt_ext *x,
			   void *info, uint32_t size)
{
	struct xt_check par = {
		.info = info,
		.family = ctx->family,
		.net = ctx->nft->net,
		.profile = ctx->nft->profile,
		.table = ctx->table->name,
	};
	int err;

	if (ctx->nla[NFTA_RULE_COMPAT]) {
		err = nft_parse_compat(ctx->nla[NFTA_RULE_COMPAT], &par.proto,
				       &par.inv);
		if (err < 0)
			return err;
	}
	if (nft_base_chain_(ctx->chain))
		par.hook_mask = 1u << ctx->chain->hooknum;
	return xt_check_par(x, &par, size, ctx->table->name);
}

static const struct unl_nla_policy nft_match_policy[NFTA_MATCH_MAX + 1] = {
	[NFTA_MATCH_NAME] = { .type = UNL_NLA_NUL_STRING,
			      .len = XT_EXTENSION_MAXNAMELEN - 1 },
	[NFTA_MATCH_REV] = { .type = UNL_NLA_U32 },
	[NFTA_MATCH_INFO] = { .type = UNL_NLA_BINARY },
};

static const struct unl_nla_policy nft_target_policy[NFTA_TARGET_MAX + 1] = {
	[NFTA_TARGET_NAME] = { .type = UNL_NLA_NUL_STRING,
			       .len = XT_EXTENSION_MAXNAMELEN - 1 },
	[NFTA_TARGET_REV] = { .type = UNL_NLA_U32 },
	[NFTA_TARGET_INFO] = { .type = UNL_NLA_BINARY },
};

/* The attributes of a match and a target are numbered alike. */
_Static_assert((int)NFTA_MATCH_NAME == (int)NFTA_TARGET_NAME &&
		       (int)NFTA_MATCH_REV == (int)NFTA_TARGET_REV &&
		       (int)NFTA_MATCH_INFO == (int)NFTA_TARGET_INFO,
	       "match and target attributes");

/* nft_match_select_ops() + nft_match_init(), and the target's */
static int nft_xt_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[], bool target)
{
	struct nft_xt *priv = nft_expr_priv(expr);
	char name[XT_EXTENSION_MAXNAMELEN];
	const struct xt_ext *x;
	uint32_t len;
	int err;

	if (!tb[NFTA_MATCH_NAME] || !tb[NFTA_MATCH_REV] || !tb[NFTA_MATCH_INFO])
		return -EINVAL;
	unl_nla_strscpy(name, tb[NFTA_MATCH_NAME], sizeof(name));
	/* verdicts are nf_tables' own */
	if (target && (!strcmp(name, XT_ERROR_TARGET) ||
		       !strcmp(name, XT_STANDARD_TARGET) ||
		       !strcmp(name, "standard")))
		return -EINVAL;
	x = xt_find(ctx->nft->profile, ctx->family, name,
		    nft_get_be32(tb[NFTA_MATCH_REV]), target);
	if (!x)
		return -ENOENT;
	len = (uint32_t)unl_nla_len(tb[NFTA_MATCH_INFO]);
	if (x->size > len)
		return -EINVAL;
	/* match_compat_from_user(): the extension's size of it, or all
	 * of it for one of variable size (ebt_among) */
	priv->size = x->variable ? len : x->size;
	priv->family = ctx->family;
	priv->info = calloc(1, XT_ALIGN(priv->size) ? XT_ALIGN(priv->size)
						     : 1);
	if (!priv->info)
		return -ENOMEM;
	memcpy(priv->info, unl_nla_data(tb[NFTA_MATCH_INFO]), priv->size);
	err = xt_check_common(ctx, x, priv->info, XT_ALIGN(len));
	if (err < 0) {
		free(priv->info);
		priv->info = NULL;
		return err;
	}
	/* what the kernel keeps past usersize is its own: never shown */
	if (x->usersize)
		memset(priv->info + x->usersize, 0, x->size - x->usersize);
	priv->ext = x;
	return 0;
}

static int nft_match_init(const struct nft_ctx *ctx,
			  const struct nft_expr *expr,
			  const struct nlattr *const tb[])
{
	return nft_xt_init(ctx, expr, tb, false);
}

static int nft_target_init(const struct nft_ctx *ctx,
			   const struct nft_expr *expr,
			   const struct nlattr *const tb[])
{
	return nft_xt_init(ctx, expr, tb, true);
}

static void nft_xt_destroy(const struct nft_ctx *ctx,
			   const struct nft_expr *expr)
{
	struct nft_xt *priv = nft_expr_priv(expr);

	if (priv->ext && priv->ext->destroy && priv->info)
		priv->ext->destroy(ctx->nft->net, priv->info, priv->family);
	free(priv->info);
}

/* nft_match_dump(), nft_target_dump(): nft_extension_dump_info() */
static int nft_xt_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_xt *priv = nft_expr_priv(expr);
	const struct xt_ext *x = priv->ext;

	(void)reset;
	/* info is XT_ALIGN(size) bytes, zero past what may be shown */
	return unl_nla_put_string(skb, NFTA_MATCH_NAME, x->name) ||
	       nft_put_be32(skb, NFTA_MATCH_REV, x->rev) ||
	       unl_nla_put(skb, NFTA_MATCH_INFO, (int)XT_ALIGN(priv->size),
			   priv->info)
		       ? -1
		       : 0;
}

/* nft_match_validate(), nft_target_validate(): the xt hooks only, the
 * extension's hooks, and a nat extension only in a nat chain */
static int nft_xt_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	const struct xt_ext *x =
		((const struct nft_xt *)nft_expr_priv(expr))->ext;
	uint32_t hook_mask;
	int err;

	(void)level;
	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_INET:
	case NFPROTO_BRIDGE:
	case NFPROTO_ARP:
		break;
	default:
		return -EOPNOTSUPP;
	}
	err = nft_chain_validate_hooks(ctx->chain,
				       HOOK(PRE_ROUTING) | HOOK(LOCAL_IN) |
					       HOOK(FORWARD) | HOOK(LOCAL_OUT) |
					       HOOK(POST_ROUTING));
	if (err < 0 || !nft_base_chain_(ctx->chain))
		return err;
	hook_mask = 1u << ctx->chain->hooknum;
	if (x->hooks && !(hook_mask & x->hooks))
		return -EINVAL;
	/* nft_compat_chain_validate_dependency() */
	if (x->table && !strcmp(x->table, "nat") &&
	    ctx->family != NFPROTO_BRIDGE &&
	    strcmp(ctx->chain->type ? ctx->chain->type : "filter", "nat"))
		return -EINVAL;
	return 0;
}

const struct nft_expr_ops nft_match_ops = {
	.name = "match",
	.policy = nft_match_policy,
	.maxattr = NFTA_MATCH_MAX,
	.size = sizeof(struct nft_xt),
	.init = nft_match_init,
	.destroy = nft_xt_destroy,
	.dump = nft_xt_dump,
	.validate = nft_xt_validate,
};

const struct nft_expr_ops nft_target_ops = {
	.name = "target",
	.policy = nft_target_policy,
	.maxattr = NFTA_TARGET_MAX,
	.size = sizeof(struct nft_xt),
	.init = nft_target_init,
	.destroy = nft_xt_destroy,
	.dump = nft_xt_dump,
	.validate = nft_xt_validate,
};

/* ---- x_tables for the rest of the kernel (x_tables.h) ---- */

const struct xt_ext *xt_request_find_match(const struct unl_profile *p,
					   uint8_t family, const char *name,
					   uint8_t rev, uint8_t *found_family)
{
	const struct xt_ext *x;

	if (family >= NFPROTO_NUMPROTO)
		return NULL;
	x = xt_find(p, family, name, rev, false);
	if (x)
		*found_family = (x->families & FAM(family)) ? family
							     : NFPROTO_UNSPEC;
	return x;
}

int xt_check_match_at(const struct xt_ext *x, uint8_t family,
		      const char *table, uint32_t hook_mask, void *info,
		      uint32_t size)
{
	struct xt_check par = {
		.info = info,
		.family = family,
		.hook_mask = hook_mask,
	};

	return xt_check_par(x, &par, size, table);
}

void xt_match_destroy(const struct xt_ext *x, struct unl_net *net,
		      const void *info, uint8_t family)
{
	if (x->destroy)
		x->destroy(net, info, family);
}

uint16_t xt_match_size(const struct xt_ext *x, bool user)
{
	return user && x->usersize ? x->usersize : x->size;
}

/* ---- x_tables for ip_tables.c ---- */

const struct xt_ext *xt_find_ext(const struct unl_profile *p, uint8_t family,
				 const char *name, uint8_t rev, bool target,
				 int *err)
{
	const struct xt_ext *x;

	if (strnlen(name, XT_EXTENSION_MAXNAMELEN) == XT_EXTENSION_MAXNAMELEN) {
		*err = -EINVAL;
		return NULL;
	}
	x = family < NFPROTO_NUMPROTO ? xt_find(p, family, name, rev, target)
				      : NULL;
	if (x)
		return x;
	/* xt_find_match() answers from the generic list last: another
	 * revision there is EPROTOTYPE, one of the family's is not */
	*err = -ENOENT;
	for (size_t i = 0; (x = xt_nth(i)) != NULL; i++)
		if (x->target == target && !strcmp(x->name, name) &&
		    (x->families & FALL) && xt_registered(p, x, family))
			*err = -EPROTOTYPE;
	return NULL;
}

int xt_check_ext(const struct xt_ext *x, struct xt_check *par, uint32_t size)
{
	return xt_check_par(x, par, size, par->table);
}

void xt_ext_destroy(const struct xt_ext *x, struct unl_net *net,
		    const void *info, uint8_t family)
{
	if (x->destroy)
		x->destroy(net, info, family);
}

int xt_ext_revision(const struct unl_profile *p, uint8_t family,
		    const char *name, uint8_t rev, bool target)
{
	int best;

	return xt_find_revision(p, family, name, rev, target, &best);
}

const struct xt_ext *xt_ext_nth(size_t i)
{
	return xt_nth(i);
}

bool xt_ext_listed(const struct unl_profile *p, const struct xt_ext *x,
		   uint8_t family, bool generic)
{
	return (x->families & (generic ? FALL : FAM(family))) &&
	       xt_registered(p, x, family);
}

uint16_t xt_ext_size(const struct xt_ext *x)
{
	return x->size;
}

uint16_t xt_ext_usersize(const struct xt_ext *x)
{
	return x->usersize ? x->usersize : x->size;
}

bool xt_ext_is_target(const struct xt_ext *x)
{
	return x->target;
}

const char *xt_ext_name(const struct xt_ext *x)
{
	return x->name;
}

const char *nft_xt_name(const struct nft_expr *expr)
{
	const struct nft_xt *xt = nft_expr_priv(expr);

	return xt->ext ? xt->ext->name : "";
}
