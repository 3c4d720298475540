// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The netfilter hooks of a net, as net->nf.hooks_* and each device's
 * ingress and egress lists hold them in Linux, for nfnetlink_hook
 * (`nft list hooks`).  No packet crosses a hook here, so nothing keeps
 * the lists: they are read off the ruleset when asked.
 *
 * What sits on a hook:
 *  - every base chain of a table that is not dormant (nf_tables_
 *    register_hook), by the function of its type and family; an inet
 *    chain on both the IPv4 and the IPv6 hook, or on its devices'
 *    ingress; a nat chain not itself but the NAT core's hooks of its
 *    family (nf_nat_register_fn: four, while one nat chain is there);
 *  - every flowtable, on the ingress of each of its devices;
 *  - conntrack's hooks (nf_ct_netns_get) with defragmentation's, while
 *    an expression or stateful object of the family needs them: ct,
 *    nat, masq, redir, connlimit, synproxy, flow_offload, the ct
 *    helper, timeout and expectation objects, the xtables extensions
 *    that track connections; defragmentation's alone for tproxy
 *    (nf_defrag_ipv4_enable/_ipv6); synproxy's with synproxy;
 *  - AppArmor's, in every net, when it is the machine's LSM (profile
 *    feature SECURITY_APPARMOR).
 * Linux inserts a hook before the first one of the same or a higher
 * priority: among equals the one registered last comes first.  The
 * order of registration is a stamp: a chain's and a flowtable's from
 * the commit that made it (or woke its table), the core hooks' from the
 * commit that first needed them (a nat core's that of its first nat
 * chain, which registered it).
 *
 * Function names are those of Linux 6.12 and 6.18 (the same there);
 * modules as a distribution builds them (everything a module).  From
 * Linux 6.17 a flowtable's hook says whose it is
 * (NFNL_HOOK_TYPE_NFT_FLOWTABLE).
 */
#include <limits.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink_hook.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>

#include "proto/netfilter/nf_tables.h"

#ifndef NFNL_HOOK_TYPE_NFT_FLOWTABLE
#define NFNL_HOOK_TYPE_NFT_FLOWTABLE 3
#endif

/* The hook sets Linux registers itself (nft_net.core_stamp's slots). */
enum nf_core {
	NF_CORE_DEFRAG4,
	NF_CORE_DEFRAG6,
	NF_CORE_CT4,
	NF_CORE_CT6,
	NF_CORE_CT_BRIDGE,
	NF_CORE_SYNPROXY4,
	NF_CORE_SYNPROXY6,
	NF_CORE_NAT4,
	NF_CORE_NAT6,
	NF_CORE_COUNT,
};
_Static_assert(NF_CORE_COUNT <= sizeof(((struct nft_net *)0)->core_stamp) /
					 sizeof(uint64_t),
	       "core_stamp has a slot for each");

/* One hook of a core set: where, at which priority, by what. */
struct nf_core_hook {
	uint8_t core;
	uint8_t pf;
	uint8_t hooknum;
	int32_t priority;
	const char *func;
	const char *module;
};

static const struct nf_core_hook nf_core_hooks[] = {
	{ NF_CORE_DEFRAG4, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
	  NF_IP_PRI_CONNTRACK_DEFRAG, "ipv4_conntrack_defrag",
	  "nf_defrag_ipv4" },
	{ NF_CORE_DEFRAG4, NFPROTO_IPV4, NF_INET_LOCAL_OUT,
	  NF_IP_PRI_CONNTRACK_DEFRAG, "ipv4_conntrack_defrag",
	  "nf_defrag_ipv4" },
	{ NF_CORE_DEFRAG6, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
	  NF_IP6_PRI_CONNTRACK_DEFRAG, "ipv6_defrag", "nf_defrag_ipv6" },
	{ NF_CORE_DEFRAG6, NFPROTO_IPV6, NF_INET_LOCAL_OUT,
	  NF_IP6_PRI_CONNTRACK_DEFRAG, "ipv6_defrag", "nf_defrag_ipv6" },
	{ NF_CORE_CT4, NFPROTO_IPV4, NF_INET_PRE_ROUTING, NF_IP_PRI_CONNTRACK,
	  "ipv4_conntrack_in", "nf_conntrack" },
	{ NF_CORE_CT4, NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_CONNTRACK,
	  "ipv4_conntrack_local", "nf_conntrack" },
	{ NF_CORE_CT4, NFPROTO_IPV4, NF_INET_POST_ROUTING,
	  NF_IP_PRI_CONNTRACK_CONFIRM, "nf_confirm", "nf_conntrack" },
	{ NF_CORE_CT4, NFPROTO_IPV4, NF_INET_LOCAL_IN,
	  NF_IP_PRI_CONNTRACK_CONFIRM, "nf_confirm", "nf_conntrack" },
	{ NF_CORE_CT6, NFPROTO_IPV6, NF_INET_PRE_ROUTING, NF_IP6_PRI_CONNTRACK,
	  "ipv6_conntrack_in", "nf_conntrack" },
	{ NF_CORE_CT6, NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_CONNTRACK,
	  "ipv6_conntrack_local", "nf_conntrack" },
	{ NF_CORE_CT6, NFPROTO_IPV6, NF_INET_POST_ROUTING, NF_IP6_PRI_LAST,
	  "nf_confirm", "nf_conntrack" },
	/* one below the last, as Linux has it */
	{ NF_CORE_CT6, NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_LAST - 1,
	  "nf_confirm", "nf_conntrack" },
	{ NF_CORE_CT_BRIDGE, NFPROTO_BRIDGE, NF_BR_PRE_ROUTING,
	  NF_IP_PRI_CONNTRACK, "nf_ct_bridge_pre", "nf_conntrack_bridge" },
	{ NF_CORE_CT_BRIDGE, NFPROTO_BRIDGE, NF_BR_LOCAL_IN,
	  NF_IP_PRI_CONNTRACK_CONFIRM, "nf_ct_bridge_in",
	  "nf_conntrack_bridge" },
	{ NF_CORE_CT_BRIDGE, NFPROTO_BRIDGE, NF_BR_POST_ROUTING,
	  NF_IP_PRI_CONNTRACK_CONFIRM, "nf_ct_bridge_post",
	  "nf_conntrack_bridge" },
	{ NF_CORE_SYNPROXY4, NFPROTO_IPV4, NF_INET_LOCAL_IN,
	  NF_IP_PRI_CONNTRACK_CONFIRM - 1, "ipv4_synproxy_hook",
	  "nf_synproxy_core" },
	{ NF_CORE_SYNPROXY4, NFPROTO_IPV4, NF_INET_POST_ROUTING,
	  NF_IP_PRI_CONNTRACK_CONFIRM - 1, "ipv4_synproxy_hook",
	  "nf_synproxy_core" },
	{ NF_CORE_SYNPROXY6, NFPROTO_IPV6, NF_INET_LOCAL_IN,
	  NF_IP6_PRI_LAST - 1, "ipv6_synproxy_hook", "nf_synproxy_core" },
	{ NF_CORE_SYNPROXY6, NFPROTO_IPV6, NF_INET_POST_ROUTING,
	  NF_IP6_PRI_LAST - 1, "ipv6_synproxy_hook", "nf_synproxy_core" },
	{ NF_CORE_NAT4, NFPROTO_IPV4, NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST,
	  "nf_nat_ipv4_pre_routing", "nf_nat" },
	{ NF_CORE_NAT4, NFPROTO_IPV4, NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC,
	  "nf_nat_ipv4_out", "nf_nat" },
	{ NF_CORE_NAT4, NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST,
	  "nf_nat_ipv4_local_fn", "nf_nat" },
	{ NF_CORE_NAT4, NFPROTO_IPV4, NF_INET_LOCAL_IN, NF_IP_PRI_NAT_SRC,
	  "nf_nat_ipv4_local_in", "nf_nat" },
	{ NF_CORE_NAT6, NFPROTO_IPV6, NF_INET_PRE_ROUTING, NF_IP6_PRI_NAT_DST,
	  "nf_nat_ipv6_in", "nf_nat" },
	{ NF_CORE_NAT6, NFPROTO_IPV6, NF_INET_POST_ROUTING, NF_IP6_PRI_NAT_SRC,
	  "nf_nat_ipv6_out", "nf_nat" },
	{ NF_CORE_NAT6, NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_NAT_DST,
	  "nf_nat_ipv6_local_fn", "nf_nat" },
	{ NF_CORE_NAT6, NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_NAT_SRC,
	  "nf_nat_ipv6_local_in", "nf_nat" },
};

/* ---- base chains ---- */

static bool nft_chain_is_nat(const struct nft_chain *c)
{
	return strcmp(c->type, "nat") == 0;
}

/* The function a base chain of family and type hooks with
 * (nft_chain_filter.c, nft_chain_route.c: nf_tables itself). */
static const char *nft_chain_func(uint8_t family, const struct nft_chain *c)
{
	bool route = strcmp(c->type, "route") == 0;

	switch (family) {
	case NFPROTO_IPV4:
		return route ? "nf_route_table_hook4" : "nft_do_chain_ipv4";
	case NFPROTO_IPV6:
		return route ? "nf_route_table_hook6" : "nft_do_chain_ipv6";
	case NFPROTO_INET:
		if (c->hooknum == NF_INET_INGRESS)
			return "nft_do_chain_inet_ingress";
		return route ? "nf_route_table_inet" : "nft_do_chain_inet";
	case NFPROTO_ARP:
		return "nft_do_chain_arp";
	case NFPROTO_BRIDGE:
		return "nft_do_chain_bridge";
	default:
		return "nft_do_chain_netdev";
	}
}

/* Whether chain c of a table of family sits on hook hooknum of pf (dev
 * for NFPROTO_NETDEV). */
static bool nft_chain_on(const struct nft_chain *c, uint8_t family,
			 uint8_t pf, uint32_t hooknum, const char *dev)
{
	bool ingress = family == NFPROTO_INET && c->hooknum == NF_INET_INGRESS;

	if (pf == NFPROTO_NETDEV) {
		if (family != NFPROTO_NETDEV && !ingress)
			return false;
		if ((ingress ? NF_NETDEV_INGRESS : c->hooknum) != hooknum)
			return false;
		for (uint32_t i = 0; i < c->ndevs; i++)
			if (nft_hook_dev_is(&c->devs[i], dev))
				return true;
		return false;
	}
	if (ingress || c->hooknum != hooknum)
		return false;
	return family == pf ||
	       (family == NFPROTO_INET &&
		(pf == NFPROTO_IPV4 || pf == NFPROTO_IPV6));
}

static int nft_chains_visit(struct nft_net *nft, uint8_t pf,
			    uint32_t hooknum, const char *dev,
			    nf_hook_visit_fn fn, void *arg)
{
	struct nft_list *p, *q;
	int err;

	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (!nft_is_active(nft, t) || (t->flags & NFT_TABLE_F_DORMANT))
			continue;
		nft_list_for_each(q, &t->chains) {
			struct nft_chain *c =
				nft_container_of(q, struct nft_chain, list);
			struct nf_hook_desc d = {
				.priority = c->priority,
				.stamp = c->hook_stamp,
				.module = "nf_tables",
				.info_type = NFNL_HOOK_TYPE_NFTABLES,
				.table = t->name,
				.name = c->name,
				.family = t->family,
			};

			if (!(c->flags & NFT_CHAIN_BASE) ||
			    !nft_is_active(nft, c) || nft_chain_is_nat(c) ||
			    !nft_chain_on(c, t->family, pf, hooknum, dev))
				continue;
			d.func = nft_chain_func(t->family, c);
			err = fn(&d, arg);
			if (err)
				return err;
		}
	}
	return 0;
}

void nft_flowtable_hook_func(const struct nft_net *nft, uint8_t family,
			     struct nf_hook_desc *d)
{
	switch (family) {
	case NFPROTO_IPV4:
		d->func = "nf_flow_offload_ip_hook";
		d->module = "nf_flow_table";
		break;
	case NFPROTO_IPV6:
		d->func = "nf_flow_offload_ipv6_hook";
		d->module = "nf_flow_table";
		break;
	default:
		d->func = "nf_flow_offload_inet_hook";
		d->module = "nf_flow_table_inet";
		break;
	}
	d->info_type = nft_kernel_at_least(nft, 6, 17)
			       ? NFNL_HOOK_TYPE_NFT_FLOWTABLE
			       : 0;
}

/* ---- the core's hooks ---- */

static void nft_core_visit(struct nft_net *nft, uint8_t pf, uint32_t hooknum,
			   nf_hook_visit_fn fn, void *arg, int *err)
{
	for (size_t i = 0;
	     !*err && i < sizeof(nf_core_hooks) / sizeof(nf_core_hooks[0]);
	     i++) {
		const struct nf_core_hook *h = &nf_core_hooks[i];
		struct nf_hook_desc d = {
			.priority = h->priority,
			.stamp = nft->core_stamp[h->core],
			.func = h->func,
			.module = h->module,
		};

		if (h->pf == pf && h->hooknum == hooknum && d.stamp)
			*err = fn(&d, arg);
	}
}

int nft_hooks_visit(struct nft_net *nft, uint8_t pf, uint32_t hooknum,
		    const char *dev, nf_hook_visit_fn fn, void *arg)
{
	int err = nft_chains_visit(nft, pf, hooknum, dev, fn, arg);

	if (!err && pf == NFPROTO_NETDEV && hooknum == NF_NETDEV_INGRESS)
		err = nft_flowtable_hooks_visit(nft, dev, fn, arg);
	if (!err && pf != NFPROTO_NETDEV)
		nft_core_visit(nft, pf, hooknum, fn, arg, &err);
	return err;
}

/* ---- what the ruleset needs of the core ---- */

static bool nft_ops_is(const struct nft_expr_ops *ops, const char *name)
{
	return strcmp(ops->name, name) == 0;
}

/* The expressions and object states whose init takes conntrack
 * (nf_ct_netns_get()). */
static bool nft_ops_need_ct(const struct nft_expr_ops *ops)
{
	static const char *const names[] = {
		"ct",	   "nat",      "masq",	       "redir",
		"connlimit", "synproxy", "flow_offload", "ct helper",
		"ct timeout", "ct expectation", "synproxy object",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (nft_ops_is(ops, names[i]))
			return true;
	return false;
}

/* What a table of family needs: conntrack of the family (the inet
 * family's is IPv4's and IPv6's; the bridge's takes those too), or
 * defragmentation of ip (1) and ip6 (2) alone. */
static void nft_need_ct(bool need[], uint8_t family)
{
	switch (family) {
	case NFPROTO_BRIDGE:
		need[NF_CORE_CT_BRIDGE] = true;
		/* fallthrough */
	case NFPROTO_INET:
		need[NF_CORE_CT4] = need[NF_CORE_CT6] = true;
		break;
	case NFPROTO_IPV4:
		need[NF_CORE_CT4] = true;
		break;
	case NFPROTO_IPV6:
		need[NF_CORE_CT6] = true;
		break;
	}
}

static void nft_need_defrag(bool need[], uint8_t family)
{
	if (family == NFPROTO_IPV4 || family == NFPROTO_INET ||
	    family == NFPROTO_UNSPEC)
		need[NF_CORE_DEFRAG4] = true;
	if (family == NFPROTO_IPV6 || family == NFPROTO_INET ||
	    family == NFPROTO_UNSPEC)
		need[NF_CORE_DEFRAG6] = true;
}

/* The xtables extensions whose checkentry takes conntrack (of those
 * nft_compat.c has). */
static bool nft_xt_need_ct(const struct nft_expr *e)
{
	static const char *const names[] = {
		"conntrack", "state", "connmark", "CONNMARK",
		"MASQUERADE", "SNAT",  "DNAT",
	};
	const char *name;

	if (!nft_ops_is(e->ops, "match") && !nft_ops_is(e->ops, "target"))
		return false;
	name = nft_xt_name(e);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* synproxy's own hooks (nf_synproxy_ipv4_init/_ipv6_init), besides
 * conntrack */
static void nft_need_synproxy(bool need[], uint8_t family)
{
	if (family == NFPROTO_IPV4 || family == NFPROTO_INET)
		need[NF_CORE_SYNPROXY4] = true;
	if (family == NFPROTO_IPV6 || family == NFPROTO_INET)
		need[NF_CORE_SYNPROXY6] = true;
}

static bool nft_ops_is_synproxy(const struct nft_expr_ops *ops)
{
	return nft_ops_is(ops, "synproxy") ||
	       nft_ops_is(ops, "synproxy object");
}

static void nft_rule_needs(const struct nft_rule *r, uint8_t family,
			   bool need[])
{
	const struct nft_expr *e;

	nft_rule_for_each_expr(e, r) {
		if (nft_ops_need_ct(e->ops) || nft_xt_need_ct(e))
			nft_need_ct(need, family);
		if (nft_ops_is(e->ops, "synproxy"))
			nft_need_synproxy(need, family);
		if (nft_ops_is(e->ops, "tproxy"))
			nft_need_defrag(need, (uint8_t)nft_tproxy_family(e));
	}
}

/* The stamp of the first nat chain of family (pf's NAT core): the one
 * that registered it. */
static void nft_nat_need(const struct nft_table *t, const struct nft_chain *c,
			 uint64_t nat_first[2])
{
	bool v4 = t->family == NFPROTO_IPV4 || t->family == NFPROTO_INET;
	bool v6 = t->family == NFPROTO_IPV6 || t->family == NFPROTO_INET;

	if (v4 && (!nat_first[0] || c->hook_stamp < nat_first[0]))
		nat_first[0] = c->hook_stamp;
	if (v6 && (!nat_first[1] || c->hook_stamp < nat_first[1]))
		nat_first[1] = c->hook_stamp;
}

static void nft_table_needs(struct nft_net *nft, struct nft_table *t,
			    bool need[], uint64_t nat_first[2])
{
	struct nft_list *q, *r;

	if (nft_table_objs_use(nft, t, nft_ops_need_ct))
		nft_need_ct(need, t->family);
	if (nft_table_objs_use(nft, t, nft_ops_is_synproxy))
		nft_need_synproxy(need, t->family);
	nft_list_for_each(q, &t->chains) {
		struct nft_chain *c = nft_container_of(q, struct nft_chain, list);

		if (!nft_is_active(nft, c))
			continue;
		if ((c->flags & NFT_CHAIN_BASE) && nft_chain_is_nat(c) &&
		    !(t->flags & NFT_TABLE_F_DORMANT))
			nft_nat_need(t, c, nat_first);
		nft_list_for_each(r, &c->rules) {
			struct nft_rule *rule =
				nft_container_of(r, struct nft_rule, list);

			if (nft_is_active(nft, rule))
				nft_rule_needs(rule, t->family, need);
		}
	}
}

void nft_hooks_commit_core(struct nft_net *nft)
{
	bool need[NF_CORE_COUNT] = { false };
	uint64_t nat_first[2] = { 0, 0 };
	struct nft_list *p;

	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (nft_is_active(nft, t))
			nft_table_needs(nft, t, need, nat_first);
	}
	/* conntrack enables defragmentation first (nf_ct_netns_do_get) */
	need[NF_CORE_DEFRAG4] |= need[NF_CORE_CT4];
	need[NF_CORE_DEFRAG6] |= need[NF_CORE_CT6];
	for (int i = 0; i < NF_CORE_NAT4; i++) {
		if (!need[i])
			nft->core_stamp[i] = 0;
		else if (!nft->core_stamp[i])
			nft->core_stamp[i] = ++nft->hook_stamp;
	}
	for (int i = 0; i < 2; i++) {
		uint64_t *s = &nft->core_stamp[NF_CORE_NAT4 + i];

		if (!nat_first[i])
			*s = 0;
		else if (!*s)
			*s = nat_first[i];
	}
}

/* A commit's new base chains and flowtables, and the base chains of the
 * tables it wakes, in the order of its messages. */
void nft_hooks_commit_stamp(struct nft_net *nft)
{
	struct nft_list *p, *q;

	nft_list_for_each(p, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		switch (t->msg_type) {
		case NFT_MSG_NEWCHAIN: {
			struct nft_chain *c =
				t->tobj ? nft_container_of(t->tobj,
							   struct nft_chain, tobj)
					: NULL;

			if (!t->update && c && (c->flags & NFT_CHAIN_BASE))
				c->hook_stamp = ++nft->hook_stamp;
			break;
		}
		case NFT_MSG_NEWFLOWTABLE:
			if (!t->update && t->tobj)
				t->tobj->hook_stamp = ++nft->hook_stamp;
			break;
		case NFT_MSG_NEWTABLE:
			if (!t->update ||
			    !(t->table->flags & NFT_TABLE_F_DORMANT) ||
			    (t->table_flags & NFT_TABLE_F_DORMANT))
				break;
			nft_list_for_each(q, &t->table->chains) {
				struct nft_chain *c = nft_container_of(
					q, struct nft_chain, list);

				if (c->flags & NFT_CHAIN_BASE)
					c->hook_stamp = ++nft->hook_stamp;
			}
			break;
		}
	}
}
