// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Neighbours: RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH
 * (net/core/neighbour.c with the ARP and ND constructors of
 * net/ipv4/arp.c and net/ipv6/ndisc.c), and proxy entries.
 *
 * Entries are what a user installs, in whatever state the request
 * gives.  Nothing resolves addresses here, so what Linux's timers do
 * afterwards (REACHABLE going STALE, INCOMPLETE, DELAY and PROBE
 * ending in FAILED) does not happen: an entry keeps the state its last
 * request left it in (docs/conformance.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

#define NEIGH_MSG_SIZE 256

/* include/net/neighbour.h: states with a usable link-layer address, the
 * states a timer runs in, and those that need no confirmation. */
#define NUD_VALID                                                          \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | \
	 NUD_DELAY)
#define NUD_IN_TIMER (NUD_INCOMPLETE | NUD_REACHABLE | NUD_DELAY | NUD_PROBE)
#define NUD_CONNECTED (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE)

/* The flag word of an entry: ndm_flags in the low byte, NDA_FLAGS_EXT
 * shifted above it (NTF_EXT_SHIFT).  NTF_EXT_EXT_VALIDATED is newer than
 * the uapi headers this builds against (Linux 6.16). */
#define NTF_OLD_MASK 0xffu
#define NTF_EXT_SHIFT 8
#define RTNL_NTF_EXT_EXT_VALIDATED (1u << 2)
#define NTF_EXT_MASK (NTF_EXT_MANAGED | RTNL_NTF_EXT_EXT_VALIDATED)
#define NTF_MANAGED ((uint32_t)NTF_EXT_MANAGED << NTF_EXT_SHIFT)
#define NTF_EXT_VALIDATED ((uint32_t)RTNL_NTF_EXT_EXT_VALIDATED << NTF_EXT_SHIFT)

/* __neigh_update()'s flags (NEIGH_UPDATE_F_*). */
#define NEIGH_F_OVERRIDE (1u << 0)
#define NEIGH_F_OVERRIDE_ISROUTER (1u << 2)
#define NEIGH_F_USE (1u << 3)
#define NEIGH_F_MANAGED (1u << 4)
#define NEIGH_F_EXT_LEARNED (1u << 5)
#define NEIGH_F_ISROUTER (1u << 6)
#define NEIGH_F_ADMIN (1u << 7)
#define NEIGH_F_EXT_VALIDATED (1u << 8)

/* Both tables' parameters: a base reachable time of 30 s, three
 * unicast probes (arp_tbl, nd_tbl). */
#define NEIGH_BASE_REACHABLE_MS 30000u
#define NEIGH_UCAST_PROBES 3u

static const struct unl_nla_policy nda_policy[NDA_MAX + 1] = {
	[NDA_UNSPEC] = { .strict_start_type = NDA_NH_ID },
	[NDA_DST] = { .type = UNL_NLA_BINARY, .len = 32 },
	[NDA_LLADDR] = { .type = UNL_NLA_BINARY, .len = 32 },
	[NDA_CACHEINFO] = { .len = sizeof(struct nda_cacheinfo) },
	[NDA_PROBES] = { .type = UNL_NLA_U32 },
	[NDA_VLAN] = { .type = UNL_NLA_U16 },
	[NDA_PORT] = { .type = UNL_NLA_U16 },
	[NDA_VNI] = { .type = UNL_NLA_U32 },
	[NDA_IFINDEX] = { .type = UNL_NLA_U32 },
	[NDA_MASTER] = { .type = UNL_NLA_U32 },
	[NDA_PROTOCOL] = { .type = UNL_NLA_U8 },
	[NDA_NH_ID] = { .type = UNL_NLA_U32 },
	[NDA_FLAGS_EXT] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, NTF_EXT_MASK),
	[NDA_FDB_EXT_ATTRS] = { .type = UNL_NLA_NESTED },
};

/* An entry's clock, in milliseconds since boot (as jiffies would be):
 * its ages are reported in clock ticks of whole elapsed 10 ms, as
 * jiffies_to_clock_t() truncates them. */
static uint32_t neigh_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint32_t)ts.tv_sec * 1000u + (uint32_t)(ts.tv_nsec / 1000000);
}

static uint32_t neigh_age_ticks(uint32_t now, uint32_t then)
{
	return (now - then) / 10u;
}

/* neigh_find_table(): the key length of family's table, 0 for none. */
static int neigh_key_len(int family)
{
	switch (family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	}
	return 0;
}

/* ---- messages ---- */

/*
 * __neigh_fill_info().  held: the caller holds a reference of its own
 * (a request being answered), which ndm_refcnt counts, as it counts a
 * running timer's.
 *
 *   ndmsg | NDA_DST | NDA_LLADDR (valid states) | NDA_PROBES |
 *   NDA_CACHEINFO | NDA_PROTOCOL (if set) | NDA_FLAGS_EXT (if any)
 */
static int neigh_fill(struct unl_skb *skb, const struct rtnl_neigh *n,
		      const struct rtnl_link *l, int type, uint32_t pid,
		      uint32_t seq, int flags, bool held)
{
	struct nda_cacheinfo ci = { 0 };
	uint32_t now = neigh_now();
	uint32_t ext = n->flags >> NTF_EXT_SHIFT;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	ndm->ndm_family = (uint8_t)n->family;
	ndm->ndm_flags = (uint8_t)(n->flags & NTF_OLD_MASK);
	ndm->ndm_type = n->type;
	ndm->ndm_ifindex = n->ifindex;
	ndm->ndm_state = n->state;
	ci.ndm_used = neigh_age_ticks(now, n->used);
	ci.ndm_confirmed = neigh_age_ticks(now, n->confirmed);
	ci.ndm_updated = neigh_age_ticks(now, n->updated);
	ci.ndm_refcnt = (held ? 1u : 0u) + (n->timer ? 1u : 0u);
	if (unl_nla_put(skb, NDA_DST, neigh_key_len(n->family), n->dst) ||
	    ((n->state & NUD_VALID) &&
	     unl_nla_put(skb, NDA_LLADDR, l->addr_len, n->lladdr)) ||
	    unl_nla_put_u32(skb, NDA_PROBES, n->probes) ||
	    unl_nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci) ||
	    (n->protocol && unl_nla_put_u8(skb, NDA_PROTOCOL, n->protocol)) ||
	    (ext && unl_nla_put_u32(skb, NDA_FLAGS_EXT, ext))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* __neigh_notify(): to RTNLGRP_NEIGH, the requester's portid (0 for
 * the kernel's own changes) in the header, sequence 0, never echoed. */
static void neigh_notify(struct rtnl_net *rn, const struct rtnl_neigh *n,
			 int type, uint32_t pid, bool held)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, n->ifindex);
	struct unl_skb *skb = unl_nlmsg_new(NEIGH_MSG_SIZE);

	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	if (!l || neigh_fill(skb, n, l, type, pid, 0, 0, held)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_NEIGH, NULL);
}

/* pneigh_fill_info(): a proxy entry has no state, no address and no
 * cache information. */
static int pneigh_fill(struct unl_skb *skb, const struct rtnl_pneigh *pn,
		       int type, uint32_t pid, uint32_t seq, int flags)
{
	uint32_t ext = pn->flags >> NTF_EXT_SHIFT;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	ndm->ndm_family = (uint8_t)pn->family;
	ndm->ndm_flags = (uint8_t)((pn->flags & NTF_OLD_MASK) | NTF_PROXY);
	ndm->ndm_type = RTN_UNICAST;
	ndm->ndm_ifindex = pn->ifindex;
	ndm->ndm_state = NUD_NONE;
	if (unl_nla_put(skb, NDA_DST, neigh_key_len(pn->family), pn->key) ||
	    (pn->protocol && unl_nla_put_u8(skb, NDA_PROTOCOL, pn->protocol)) ||
	    (ext && unl_nla_put_u32(skb, NDA_FLAGS_EXT, ext))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ---- proxy entries (pneigh_*) ---- */

static struct rtnl_pneigh **pneigh_table(struct rtnl_net *rn, int family)
{
	return rn->pneighs[family == AF_INET6];
}

/* pneigh_hash(): the last four bytes of the address, folded to a
 * bucket, read in host order as Linux reads them. */
static unsigned int pneigh_hash(const uint8_t *key, int key_len)
{
	uint32_t h;

	memcpy(&h, key + key_len - 4, sizeof(h));
	h ^= h >> 16;
	h ^= h >> 8;
	h ^= h >> 4;
	return h & (RTNL_PNEIGH_BUCKETS - 1);
}

/* pneigh_lookup(): an entry for the address on ifindex, or on every
 * device. */
static struct rtnl_pneigh *pneigh_lookup(struct rtnl_net *rn, int family,
					 const uint8_t *key, int ifindex)
{
	int len = neigh_key_len(family);
	struct rtnl_pneigh *pn = pneigh_table(rn, family)[pneigh_hash(key, len)];

	for (; pn; pn = pn->next)
		if (!memcmp(pn->key, key, (size_t)len) &&
		    (pn->ifindex == ifindex || !pn->ifindex))
			return pn;
	return NULL;
}

/* pneigh_create(): add or update, whatever NLM_F_* say; nothing is
 * announced.  pndisc_constructor() refuses an IPv6 entry without a
 * device, which pneigh_create() reports as ENOBUFS. */
static int pneigh_create(struct rtnl_net *rn, int family, const uint8_t *key,
			 int ifindex, uint32_t flags, uint8_t protocol,
			 bool permanent)
{
	int len = neigh_key_len(family);
	struct rtnl_pneigh *pn = pneigh_lookup(rn, family, key, ifindex);

	if (!pn) {
		struct rtnl_pneigh **head;

		if (family == AF_INET6 && !ifindex)
			return -ENOBUFS;
		pn = calloc(1, sizeof(*pn));
		if (!pn)
			return -ENOBUFS;
		pn->family = family;
		pn->ifindex = ifindex;
		memcpy(pn->key, key, (size_t)len);
		/* pndisc_constructor(): ipv6_dev_mc_inc() of its
		 * solicited-node group, left with the entry */
		if (family == AF_INET6)
			pn->mc_seq = rtnl_mc_tick(rn);
		head = &pneigh_table(rn, family)[pneigh_hash(key, len)];
		pn->next = *head;
		*head = pn;
	}
	pn->flags = flags;
	pn->permanent = permanent;
	if (protocol)
		pn->protocol = protocol;
	return 0;
}

/* pneigh_delete(): the entry of exactly that device (0: the one for
 * every device). */
static int pneigh_delete(struct rtnl_net *rn, int family, const uint8_t *key,
			 int ifindex)
{
	int len = neigh_key_len(family);
	struct rtnl_pneigh **pp = &pneigh_table(rn, family)[pneigh_hash(key, len)];

	for (; *pp; pp = &(*pp)->next) {
		struct rtnl_pneigh *pn = *pp;

		if (memcmp(pn->key, key, (size_t)len) || pn->ifindex != ifindex)
			continue;
		*pp = pn->next;
		free(pn);
		return 0;
	}
	return -ENOENT;
}

/* pneigh_ifdown(): the device's proxy entries go (but the permanent
 * ones when only its carrier went); those for every device stay. */
static void pneigh_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			     bool skip_perm)
{
	struct rtnl_pneigh **tbl = pneigh_table(rn, family);

	for (int h = 0; h < RTNL_PNEIGH_BUCKETS; h++)
		for (struct rtnl_pneigh **pp = &tbl[h]; *pp;) {
			struct rtnl_pneigh *pn = *pp;

			if (pn->ifindex != ifindex ||
			    (skip_perm && pn->permanent)) {
				pp = &pn->next;
				continue;
			}
			*pp = pn->next;
			free(pn);
		}
}

/* ---- entries ---- */

/* neigh_flush_dev(): the device's entries of family's table (0: both)
 * go, announced, newest first as Linux walks the device's list;
 * skip_perm (a carrier loss) spares the permanent and externally
 * validated ones: what a user pinned outlives the cable, what was
 * learnt or typed in another state does not. */
static void neigh_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			    bool skip_perm)
{
	for (struct rtnl_neigh **pp = &rn->neighs; *pp;) {
		struct rtnl_neigh *n = *pp;

		if (n->ifindex != ifindex || (family && n->family != family) ||
		    (skip_perm && ((n->state & NUD_PERMANENT) ||
				   (n->flags & NTF_EXT_VALIDATED)))) {
			pp = &n->next;
			continue;
		}
		*pp = n->next;
		neigh_notify(rn, n, RTM_DELNEIGH, 0, false);
		free(n);
	}
}

/* neigh_ifdown() and neigh_carrier_down(): a device going down or away
 * takes its entries and its proxy entries with it; a carrier loss keeps
 * the permanent ones of both. */
void rtnl_neigh_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			  bool skip_perm)
{
	neigh_flush_dev(rn, family, ifindex, skip_perm);
	if (family != AF_INET6)
		pneigh_flush_dev(rn, AF_INET, ifindex, skip_perm);
	if (family != AF_INET)
		pneigh_flush_dev(rn, AF_INET6, ifindex, skip_perm);
}

/* neigh_changeaddr(): a new link-layer address, or IFF_NOARP moving,
 * empties the device's entries, permanent ones too, but leaves its
 * proxy entries. */
void rtnl_neigh_changeaddr(struct rtnl_net *rn, int family, int ifindex)
{
	neigh_flush_dev(rn, family, ifindex, false);
}

/* What NETDEV_CHANGE does to one table, whatever changed: a move of
 * IFF_NOARP empties it (neigh_changeaddr(): what was resolved one way
 * may not hold the other), and a device without carrier, be it a
 * carrier loss or any flag or attribute change while it lasts, loses
 * every entry and proxy entry but the permanent ones
 * (neigh_carrier_down()).  A new MAC or broadcast address empties it
 * (neigh_changeaddr()). */
static void neigh_netdev_event(struct rtnl_net *rn, int family,
			       enum rtnl_netdev_event event,
			       const struct rtnl_netdev_info *info)
{
	const struct rtnl_link *l = info->dev;

	switch (event) {
	case RTNL_NETDEV_CHANGE:
		if (info->flags_changed & IFF_NOARP)
			rtnl_neigh_changeaddr(rn, family, l->ifindex);
		if (!l->carrier)
			rtnl_neigh_flush_dev(rn, family, l->ifindex, true);
		break;
	case RTNL_NETDEV_CHANGEADDR:
		rtnl_neigh_changeaddr(rn, family, l->ifindex);
		break;
	default:
		break;
	}
}

/* arp_netdev_event(); the ARP table goes with IPv4's routes when the
 * device goes down (fib_disable_ip()) and with its IPv4 addresses when
 * it goes away (inetdev_destroy()). */
int rtnl_arp_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			  const struct rtnl_netdev_info *info)
{
	neigh_netdev_event(rn, AF_INET, event, info);
	return 0;
}

/* ndisc_netdev_event(); the ND table goes with IPv6's routes when the
 * device goes down or away, in addrconf_ifdown(). */
int rtnl_ndisc_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info)
{
	neigh_netdev_event(rn, AF_INET6, event, info);
	return 0;
}

void rtnl_neigh_fini(struct rtnl_net *rn)
{
	while (rn->neighs) {
		struct rtnl_neigh *n = rn->neighs;

		rn->neighs = n->next;
		free(n);
	}
	for (int t = 0; t < 2; t++)
		for (int h = 0; h < RTNL_PNEIGH_BUCKETS; h++)
			while (rn->pneighs[t][h]) {
				struct rtnl_pneigh *pn = rn->pneighs[t][h];

				rn->pneighs[t][h] = pn->next;
				free(pn);
			}
}

/* neigh_lookup() */
static struct rtnl_neigh *neigh_find(struct rtnl_net *rn, int family,
				     int ifindex, const void *dst)
{
	for (struct rtnl_neigh *n = rn->neighs; n; n = n->next)
		if (n->family == family && n->ifindex == ifindex &&
		    !memcmp(n->dst, dst, (size_t)neigh_key_len(family)))
			return n;
	return NULL;
}

static bool route4_covers(const struct rtnl_route *rt, const uint8_t *a)
{
	uint32_t addr, net, mask;

	if (rt->family != AF_INET || rt->tos)
		return false;
	memcpy(&addr, a, 4);
	memcpy(&net, rt->dst, 4);
	mask = rt->dst_len ? htonl(~0u << (32 - rt->dst_len)) : 0;
	return !((addr ^ net) & mask);
}

/* The route types whose lookup ends in an error (fib_props[].error). */
static bool route_type_rejects(uint8_t type)
{
	return type == RTN_BLACKHOLE || type == RTN_UNREACHABLE ||
	       type == RTN_PROHIBIT || type == RTN_THROW;
}

/*
 * inet_addr_type_dev_table() for the ARP constructor: what the local
 * table says the address is.  Without a local table (no IPv4 address
 * or local route yet) every address counts as broadcast; a lookup that
 * finds nothing, or an error route, makes it unicast.  As long as no
 * rule was added local and main are one trie, which the lookup sees
 * whole.
 */
static uint8_t neigh_addr_type4(struct rtnl_net *rn, const uint8_t *a)
{
	bool merged = !rtnl_rule_custom(rn);
	const struct rtnl_route *best = NULL;
	bool local_exists = false;
	uint32_t addr;

	memcpy(&addr, a, 4);
	if (!addr || addr == 0xffffffffu)
		return RTN_BROADCAST;
	if ((a[0] & 0xf0) == 0xe0)
		return RTN_MULTICAST;
	local_exists = rtnl_fib_table_exists(rn, AF_INET, RT_TABLE_LOCAL);
	if (!local_exists)
		return RTN_BROADCAST;
	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (rt->table != RT_TABLE_LOCAL &&
		    !(merged && rt->table == RT_TABLE_MAIN))
			continue;
		if (!route4_covers(rt, a))
			continue;
		if (!best || rt->dst_len > best->dst_len)
			best = rt;
	}
	if (!best || route_type_rejects(best->type) ||
	    (best->nh_id &&
	     rtnl_nexthop_is_blackhole(rn, rtnl_nexthop_find(rn, best->nh_id))))
		return RTN_UNICAST;
	return best->type;
}

/* arp_mc_map() and ndisc_mc_map() for Ethernet: 01:00:5e and the low
 * 23 bits of an IPv4 group, 33:33 and the low 32 bits of an IPv6 one. */
static void neigh_mc_map(struct rtnl_neigh *n)
{
	if (n->family == AF_INET) {
		static const uint8_t prefix[3] = { 0x01, 0x00, 0x5e };

		memcpy(n->lladdr, prefix, 3);
		n->lladdr[3] = n->dst[1] & 0x7f;
		memcpy(n->lladdr + 4, n->dst + 2, 2);
	} else {
		n->lladdr[0] = n->lladdr[1] = 0x33;
		memcpy(n->lladdr + 2, n->dst + 12, 4);
	}
}

/* arp_constructor() and ndisc_constructor(): the entry's type, and the
 * entries that need no resolution (NUD_NOARP) with their address.  An
 * IPv4 key on lo becomes 0.0.0.0. */
static int neigh_construct(struct rtnl_net *rn, struct rtnl_neigh *n,
			   const struct rtnl_link *l)
{
	bool mcast;

	if (n->family == AF_INET) {
		if (l->flags & (IFF_LOOPBACK | IFF_POINTOPOINT))
			memset(n->dst, 0, 4);
		n->type = neigh_addr_type4(rn, n->dst);
		mcast = n->type == RTN_MULTICAST;
	} else {
		if (l->no_inet6)
			return -EINVAL;
		mcast = n->dst[0] == 0xff;
		n->type = mcast ? RTN_MULTICAST : RTN_UNICAST;
	}
	if (mcast) {
		n->state = NUD_NOARP;
		neigh_mc_map(n);
	} else if (l->flags & (IFF_NOARP | IFF_LOOPBACK)) {
		n->state = NUD_NOARP;
		memcpy(n->lladdr, l->addr, l->addr_len);
		if (n->family == AF_INET6 && (l->flags & IFF_LOOPBACK))
			n->type = RTN_LOCAL;
	} else if ((n->family == AF_INET && n->type == RTN_BROADCAST) ||
		   (l->flags & IFF_POINTOPOINT)) {
		n->state = NUD_NOARP;
		memcpy(n->lladdr, l->broadcast, l->addr_len);
	}
	return 0;
}

/* ___neigh_create(): a new entry, or the one the constructor's key
 * names already (an IPv4 entry on lo).  *np is set either way. */
static int neigh_create(struct rtnl_net *rn, int family, const uint8_t *dst,
			const struct rtnl_link *l, uint32_t flags,
			struct rtnl_neigh **np)
{
	uint32_t now = neigh_now();
	struct rtnl_neigh *n = calloc(1, sizeof(*n)), *old;
	int err;

	if (!n)
		return -ENOBUFS;
	n->family = family;
	n->ifindex = l->ifindex;
	memcpy(n->dst, dst, (size_t)neigh_key_len(family));
	n->flags = flags;
	n->used = n->updated = now;
	err = neigh_construct(rn, n, l);
	if (err) {
		free(n);
		return err;
	}
	n->confirmed = now - 2 * NEIGH_BASE_REACHABLE_MS;
	old = neigh_find(rn, family, l->ifindex, n->dst);
	if (old) {
		free(n);
		*np = old;
		return 0;
	}
	n->next = rn->neighs;
	rn->neighs = n;
	*np = n;
	return 0;
}

/* neigh_update_flags(): an administrative update sets or clears the
 * externally learned, managed and validated flags as it gives them. */
static bool neigh_update_flags(struct rtnl_neigh *n, uint32_t flags)
{
	uint32_t want = 0, mask = NTF_EXT_LEARNED | NTF_MANAGED |
				  NTF_EXT_VALIDATED;
	uint32_t old = n->flags;

	if (flags & NEIGH_F_EXT_LEARNED)
		want |= NTF_EXT_LEARNED;
	if (flags & NEIGH_F_MANAGED)
		want |= NTF_MANAGED;
	if (flags & NEIGH_F_EXT_VALIDATED)
		want |= NTF_EXT_VALIDATED;
	n->flags = (n->flags & ~mask) | want;
	return n->flags != old;
}

/* neigh_update_is_router() */
static bool neigh_update_is_router(struct rtnl_neigh *n, uint32_t flags)
{
	uint32_t want = (flags & NEIGH_F_ISROUTER) ? NTF_ROUTER : 0;

	if ((n->flags & NTF_ROUTER) == want)
		return false;
	n->flags = (n->flags & ~(uint32_t)NTF_ROUTER) | want;
	return true;
}

/*
 * __neigh_update() for administrative updates (every update here is
 * one).  lladdr is NULL when none was given.  Announces the entry with
 * the requester's portid when anything a dump shows moved.
 */
static int neigh_update(struct rtnl_net *rn, struct rtnl_neigh *n,
			const struct rtnl_link *l, const uint8_t *lladdr,
			uint8_t new, uint32_t flags, uint32_t pid,
			struct unl_ext_ack *extack)
{
	uint8_t old = n->state;
	uint32_t now = neigh_now();
	bool notify, changed_addr, update_isrouter = false;
	int err = 0;

	notify = neigh_update_flags(n, flags);
	if (flags & (NEIGH_F_USE | NEIGH_F_MANAGED)) {
		n->state = old & (uint8_t)~NUD_PERMANENT;
		goto out;
	}
	if (!(new & NUD_VALID)) {
		n->timer = false;
		n->state = new;
		notify = old & NUD_VALID;
		if ((old & (NUD_INCOMPLETE | NUD_PROBE)) && (new & NUD_FAILED))
			notify = true; /* neigh_invalidate() */
		goto out;
	}
	if (lladdr && (old & NUD_VALID) &&
	    !memcmp(lladdr, n->lladdr, l->addr_len))
		lladdr = NULL;
	else if (!lladdr && !(old & NUD_VALID)) {
		UNL_SET_ERR_MSG(extack, "No link layer address given");
		err = -EINVAL;
		goto out;
	}
	changed_addr = lladdr != NULL;
	if (new & NUD_CONNECTED)
		n->confirmed = now;
	update_isrouter = flags & NEIGH_F_OVERRIDE_ISROUTER;
	if ((old & NUD_VALID) && changed_addr && !(flags & NEIGH_F_OVERRIDE)) {
		update_isrouter = false;
		goto out;
	}
	if (new != old || changed_addr)
		n->updated = now;
	if (new != old) {
		if (new & NUD_PROBE)
			n->probes = 0;
		/* neigh_add_timer(): used is never before confirmed */
		n->timer = new & NUD_IN_TIMER;
		if (n->timer && (int32_t)(n->used - n->confirmed) < 0)
			n->used = n->confirmed;
		n->state = new;
		notify = true;
	}
	if (changed_addr) {
		memcpy(n->lladdr, lladdr, l->addr_len);
		if (!(new & NUD_CONNECTED))
			n->confirmed = now - 2 * NEIGH_BASE_REACHABLE_MS;
		notify = true;
	}
out:
	if (update_isrouter && neigh_update_is_router(n, flags))
		notify = true;
	if (notify)
		neigh_notify(rn, n, RTM_NEWNEIGH, pid, true);
	return err;
}

/* neigh_event_send(), as NTF_USE and managed entries call it: an entry
 * that is not usable starts resolution (INCOMPLETE, with the first
 * probe sent), a stale one waits for confirmation (DELAY).  Nothing is
 * announced; Linux's timers would take it on from here. */
static void neigh_event_send(struct rtnl_neigh *n)
{
	uint32_t now = neigh_now();

	n->used = now;
	if (n->state & (NUD_CONNECTED | NUD_DELAY | NUD_PROBE))
		return;
	if (n->state == NUD_STALE) {
		n->state = NUD_DELAY;
		n->updated = now;
		n->timer = true;
		return;
	}
	if (n->state & NUD_INCOMPLETE)
		return;
	n->probes = NEIGH_UCAST_PROBES + 1;
	n->state = NUD_INCOMPLETE;
	n->updated = now;
	n->timer = true;
}

/* ---- RTM_NEWNEIGH, RTM_DELNEIGH ---- */

/* What neigh_add() read from a request. */
struct neigh_req {
	const struct ndmsg *ndm;
	uint32_t flags; /* ndm_flags | NDA_FLAGS_EXT << NTF_EXT_SHIFT */
	const uint8_t *dst, *lladdr;
	uint8_t protocol;
	const struct rtnl_link *l;
};

/* neigh_add()'s checks up to the table: 0, or -errno with Linux's
 * message. */
static int neigh_add_parse(struct rtnl_net *rn, struct nlmsghdr *nlh,
			   struct neigh_req *r, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	int err = unl_nlmsg_parse(nlh, sizeof(struct ndmsg), tb, NDA_MAX,
				  nda_policy, UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (!tb[NDA_DST]) {
		UNL_SET_ERR_MSG(extack, "Network address not specified");
		return -EINVAL;
	}
	r->ndm = NLMSG_DATA(nlh);
	r->flags = r->ndm->ndm_flags;
	if (tb[NDA_FLAGS_EXT])
		r->flags |= unl_nla_get_u32(tb[NDA_FLAGS_EXT]) << NTF_EXT_SHIFT;
	if (r->ndm->ndm_ifindex) {
		r->l = rtnl_link_by_index(rn, r->ndm->ndm_ifindex);
		if (!r->l)
			return -ENODEV;
		if (tb[NDA_LLADDR] &&
		    unl_nla_len(tb[NDA_LLADDR]) < r->l->addr_len) {
			UNL_SET_ERR_MSG(extack, "Invalid link address");
			return -EINVAL;
		}
	}
	if (!neigh_key_len(r->ndm->ndm_family))
		return -EAFNOSUPPORT;
	if (unl_nla_len(tb[NDA_DST]) < neigh_key_len(r->ndm->ndm_family)) {
		UNL_SET_ERR_MSG(extack, "Invalid network address");
		return -EINVAL;
	}
	r->dst = unl_nla_data(tb[NDA_DST]);
	r->lladdr = tb[NDA_LLADDR] ? unl_nla_data(tb[NDA_LLADDR]) : NULL;
	r->protocol = tb[NDA_PROTOCOL] ? unl_nla_get_u8(tb[NDA_PROTOCOL]) : 0;
	return 0;
}

/* The state an externally validated entry would be left in must be a
 * valid one: NTF_USE and managed entries keep what they have (a new
 * one has nothing), less NUD_PERMANENT. */
static bool neigh_ext_validated_ok(const struct neigh_req *r,
				   const struct rtnl_neigh *n)
{
	uint8_t state = (uint8_t)r->ndm->ndm_state;

	if (r->flags & (NTF_USE | NTF_MANAGED))
		state = n ? n->state & (uint8_t)~NUD_PERMANENT : NUD_NONE;
	return state & NUD_VALID;
}

/* neigh_add() past the proxy case: find or create the entry, with the
 * checks of each case. */
static int neigh_add_entry(struct rtnl_net *rn, struct nlmsghdr *nlh,
			   const struct neigh_req *r, uint32_t *uflags,
			   struct rtnl_neigh **np, struct unl_ext_ack *extack)
{
	struct rtnl_neigh *n = neigh_find(rn, r->ndm->ndm_family,
					  r->l->ifindex, r->dst);

	if (!n) {
		if (!(nlh->nlmsg_flags & NLM_F_CREATE))
			return -ENOENT;
		if ((r->ndm->ndm_state & NUD_PERMANENT) &&
		    (r->flags & NTF_MANAGED)) {
			UNL_SET_ERR_MSG(extack, "Invalid NTF_* flag for permanent entry");
			return -EINVAL;
		}
		if ((r->flags & NTF_EXT_VALIDATED) &&
		    !neigh_ext_validated_ok(r, NULL)) {
			UNL_SET_ERR_MSG(extack, "Cannot create externally validated neighbor with an invalid state");
			return -EINVAL;
		}
		return neigh_create(rn, r->ndm->ndm_family, r->dst, r->l,
				    r->flags & (NTF_EXT_LEARNED | NTF_MANAGED |
						NTF_EXT_VALIDATED),
				    np);
	}
	if (nlh->nlmsg_flags & NLM_F_EXCL)
		return -EEXIST;
	if ((r->flags & NTF_EXT_VALIDATED) && !neigh_ext_validated_ok(r, n)) {
		UNL_SET_ERR_MSG(extack, "Cannot mark neighbor as externally validated with an invalid state");
		return -EINVAL;
	}
	if (!(nlh->nlmsg_flags & NLM_F_REPLACE))
		*uflags &= ~(NEIGH_F_OVERRIDE | NEIGH_F_OVERRIDE_ISROUTER);
	*np = n;
	return 0;
}

/* neigh_add() */
static int rtnl_newneigh(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	uint32_t uflags = NEIGH_F_ADMIN | NEIGH_F_OVERRIDE |
			  NEIGH_F_OVERRIDE_ISROUTER;
	struct neigh_req r = { 0 };
	struct rtnl_neigh *n;
	int err = neigh_add_parse(rn, nlh, &r, extack);

	if (err)
		return err;
	if (r.flags & NTF_PROXY) {
		if (r.flags & (NTF_MANAGED | NTF_EXT_VALIDATED)) {
			UNL_SET_ERR_MSG(extack, "Invalid NTF_* flag combination");
			return -EINVAL;
		}
		return pneigh_create(rn, r.ndm->ndm_family, r.dst,
				     r.l ? r.l->ifindex : 0, r.flags,
				     r.protocol,
				     r.ndm->ndm_state & NUD_PERMANENT);
	}
	if (!r.l) {
		UNL_SET_ERR_MSG(extack, "Device not specified");
		return -EINVAL;
	}
	/* ndisc_allow_add() */
	if (r.ndm->ndm_family == AF_INET6 && r.l->no_inet6) {
		UNL_SET_ERR_MSG(extack, "IPv6 is disabled on this device");
		return -EINVAL;
	}
	err = neigh_add_entry(rn, nlh, &r, &uflags, &n, extack);
	if (err)
		return err;
	if (r.protocol)
		n->protocol = r.protocol;
	if (r.flags & NTF_EXT_LEARNED)
		uflags |= NEIGH_F_EXT_LEARNED;
	if (r.flags & NTF_ROUTER)
		uflags |= NEIGH_F_ISROUTER;
	if (r.flags & NTF_MANAGED)
		uflags |= NEIGH_F_MANAGED;
	if (r.flags & NTF_USE)
		uflags |= NEIGH_F_USE;
	if (r.flags & NTF_EXT_VALIDATED)
		uflags |= NEIGH_F_EXT_VALIDATED;
	err = neigh_update(rn, n, r.l, r.lladdr, (uint8_t)r.ndm->ndm_state,
			   uflags, rtnl_req_portid(skb), extack);
	if (!err && (r.flags & (NTF_USE | NTF_MANAGED)))
		neigh_event_send(n);
	return err;
}

/* neigh_remove_one(): the entry leaves the table, announced. */
static void neigh_remove(struct rtnl_net *rn, struct rtnl_neigh *n)
{
	for (struct rtnl_neigh **pp = &rn->neighs; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	neigh_notify(rn, n, RTM_DELNEIGH, 0, false);
	free(n);
}

/* neigh_delete(): only NDA_DST is looked at, unvalidated. */
static int rtnl_delneigh(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct rtnl_link *l = NULL;
	const struct nlattr *dst;
	const struct ndmsg *ndm;
	struct rtnl_neigh *n;
	int key_len;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)))
		return -EINVAL;
	dst = unl_nla_find((const struct nlattr *)((uint8_t *)NLMSG_DATA(nlh) +
						   NLMSG_ALIGN(sizeof(*ndm))),
			   (int)(nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*ndm)))),
			   NDA_DST);
	if (!dst) {
		UNL_SET_ERR_MSG(extack, "Network address not specified");
		return -EINVAL;
	}
	ndm = NLMSG_DATA(nlh);
	if (ndm->ndm_ifindex) {
		l = rtnl_link_by_index(rn, ndm->ndm_ifindex);
		if (!l)
			return -ENODEV;
	}
	key_len = neigh_key_len(ndm->ndm_family);
	if (!key_len)
		return -EAFNOSUPPORT;
	if (unl_nla_len(dst) < key_len) {
		UNL_SET_ERR_MSG(extack, "Invalid network address");
		return -EINVAL;
	}
	if (ndm->ndm_flags & NTF_PROXY)
		return pneigh_delete(rn, ndm->ndm_family, unl_nla_data(dst),
				     ndm->ndm_ifindex);
	if (!l)
		return -EINVAL;
	n = neigh_find(rn, ndm->ndm_family, l->ifindex, unl_nla_data(dst));
	if (!n)
		return -ENOENT;
	neigh_update(rn, n, l, NULL, NUD_FAILED,
		     NEIGH_F_OVERRIDE | NEIGH_F_ADMIN, rtnl_req_portid(skb),
		     extack);
	neigh_remove(rn, n);
	return 0;
}

/* ---- RTM_GETNEIGH ---- */

/* neigh_valid_get_req(): always checked strictly. */
static int neigh_valid_get_req(const struct nlmsghdr *nlh,
			       const struct nlattr **tb,
			       struct unl_ext_ack *extack)
{
	const struct ndmsg *ndm = NLMSG_DATA(nlh);
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for neighbor get request");
		return -EINVAL;
	}
	if (ndm->ndm_pad1 || ndm->ndm_pad2 || ndm->ndm_state ||
	    ndm->ndm_type) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header for neighbor get request");
		return -EINVAL;
	}
	if (ndm->ndm_flags & ~NTF_PROXY) {
		UNL_SET_ERR_MSG(extack, "Invalid flags in header for neighbor get request");
		return -EINVAL;
	}
	if (!(ndm->ndm_flags & NTF_PROXY) && !ndm->ndm_ifindex) {
		UNL_SET_ERR_MSG(extack, "No device specified");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, nda_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	if (!tb[NDA_DST]) {
		UNL_SET_ERR_ATTR_MISS(extack, NULL, NDA_DST);
		return -EINVAL;
	}
	for (int i = 0; i <= NDA_MAX; i++)
		if (tb[i] && i != NDA_DST) {
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in neighbor get request");
			return -EINVAL;
		}
	return 0;
}

/* neigh_get()'s answer: the proxy entry or the entry asked for. */
static int neigh_get_fill(struct rtnl_net *rn, struct unl_skb *nskb,
			  const struct ndmsg *ndm, const uint8_t *dst,
			  const struct rtnl_link *l, uint32_t pid, uint32_t seq,
			  struct unl_ext_ack *extack)
{
	const struct rtnl_neigh *n;

	if (ndm->ndm_flags & NTF_PROXY) {
		const struct rtnl_pneigh *pn =
			pneigh_lookup(rn, ndm->ndm_family, dst,
				      l ? l->ifindex : 0);

		if (!pn) {
			UNL_SET_ERR_MSG(extack, "Proxy neighbour entry not found");
			return -ENOENT;
		}
		return pneigh_fill(nskb, pn, RTM_NEWNEIGH, pid, seq, 0);
	}
	n = neigh_find(rn, ndm->ndm_family, l->ifindex, dst);
	if (!n) {
		UNL_SET_ERR_MSG(extack, "Neighbour entry not found");
		return -ENOENT;
	}
	return neigh_fill(nskb, n, l, RTM_NEWNEIGH, pid, seq, 0, true);
}

/* neigh_get() */
static int rtnl_getneigh(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	const struct rtnl_link *l = NULL;
	const struct ndmsg *ndm;
	struct unl_skb *nskb;
	int err = neigh_valid_get_req(nlh, tb, extack);

	if (err)
		return err;
	ndm = NLMSG_DATA(nlh);
	if (!neigh_key_len(ndm->ndm_family)) {
		UNL_SET_ERR_MSG(extack, "Unsupported family in header for neighbor get request");
		return -EAFNOSUPPORT;
	}
	if (unl_nla_len(tb[NDA_DST]) != neigh_key_len(ndm->ndm_family)) {
		UNL_SET_ERR_MSG(extack, "Invalid network address in neighbor get request");
		return -EINVAL;
	}
	if (ndm->ndm_ifindex) {
		l = rtnl_link_by_index(rn, ndm->ndm_ifindex);
		if (!l) {
			UNL_SET_ERR_MSG(extack, "Unknown device ifindex");
			return -ENODEV;
		}
	}
	nskb = unl_nlmsg_new(NEIGH_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	err = neigh_get_fill(rn, nskb, ndm, unl_nla_data(tb[NDA_DST]), l,
			     rtnl_req_portid(skb), nlh->nlmsg_seq, extack);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

/* ---- dumps ---- */

struct neigh_dump_filter {
	int dev_idx;
	int master_idx; /* -1: devices without a master */
};

/* neigh_valid_dump_req().  Without strict checking a request that does
 * not parse is dumped unfiltered (the caller ignores the error). */
static int neigh_valid_dump_req(const struct unl_callback *cb,
				struct neigh_dump_filter *f)
{
	const struct nlmsghdr *nlh = cb->nlh;
	struct unl_ext_ack *extack = cb->extack;
	const struct nlattr *tb[NDA_MAX + 1];
	int err;

	if (cb->strict_check) {
		const struct ndmsg *ndm = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm))) {
			UNL_SET_ERR_MSG(extack, "Invalid header for neighbor dump request");
			return -EINVAL;
		}
		if (ndm->ndm_pad1 || ndm->ndm_pad2 || ndm->ndm_ifindex ||
		    ndm->ndm_state || ndm->ndm_type) {
			UNL_SET_ERR_MSG(extack, "Invalid values in header for neighbor dump request");
			return -EINVAL;
		}
		if (ndm->ndm_flags & ~NTF_PROXY) {
			UNL_SET_ERR_MSG(extack, "Invalid flags in header for neighbor dump request");
			return -EINVAL;
		}
	}
	err = unl_nlmsg_parse(nlh, sizeof(struct ndmsg), tb, NDA_MAX,
			      nda_policy,
			      cb->strict_check ? UNL_VALIDATE_DEPRECATED_STRICT
					       : UNL_VALIDATE_LIBERAL,
			      extack);
	if (err)
		return err;
	for (int i = 0; i <= NDA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == NDA_IFINDEX) {
			f->dev_idx = (int)unl_nla_get_u32(tb[i]);
		} else if (i == NDA_MASTER) {
			f->master_idx = (int)unl_nla_get_u32(tb[i]);
		} else if (cb->strict_check) {
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in neighbor dump request");
			return -EINVAL;
		}
	}
	return 0;
}

/* neigh_ifindex_filtered() || neigh_master_filtered() */
static bool neigh_dev_filtered(struct rtnl_net *rn, int ifindex,
			       const struct neigh_dump_filter *f)
{
	const struct rtnl_link *l = ifindex ? rtnl_link_by_index(rn, ifindex)
					    : NULL;

	if (f->dev_idx && (!l || l->ifindex != f->dev_idx))
		return true;
	if (!f->master_idx)
		return false;
	if (f->master_idx == -1)
		return l && l->master;
	return !l || l->master != f->master_idx;
}

struct neigh_dump_ctx {
	int table; /* 0: ARP, 1: ND */
	long skip; /* entries of the table already dumped */
};

/* neigh_dump_table(): device by device, newest first on each. */
static int neigh_dump_table(struct rtnl_net *rn, struct unl_skb *skb,
			    struct unl_callback *cb, int family,
			    const struct neigh_dump_filter *f,
			    struct neigh_dump_ctx *c)
{
	int flags = NLM_F_MULTI;
	long idx = 0;

	if (f->dev_idx || f->master_idx)
		flags |= NLM_F_DUMP_FILTERED;
	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		for (const struct rtnl_neigh *n = rn->neighs; n; n = n->next) {
			if (n->ifindex != l->ifindex || n->family != family)
				continue;
			if (idx++ < c->skip ||
			    neigh_dev_filtered(rn, n->ifindex, f))
				continue;
			if (neigh_fill(skb, n, l, RTM_NEWNEIGH,
				       rtnl_req_portid(cb->skb),
				       cb->nlh->nlmsg_seq, flags, false)) {
				c->skip = idx - 1;
				return -EMSGSIZE;
			}
		}
	c->skip = idx;
	return 0;
}

/* pneigh_dump_table(): bucket by bucket. */
static int pneigh_dump_table(struct rtnl_net *rn, struct unl_skb *skb,
			     struct unl_callback *cb, int family,
			     const struct neigh_dump_filter *f,
			     struct neigh_dump_ctx *c)
{
	struct rtnl_pneigh **tbl = pneigh_table(rn, family);
	int flags = NLM_F_MULTI;
	long idx = 0;

	if (f->dev_idx || f->master_idx)
		flags |= NLM_F_DUMP_FILTERED;
	for (int h = 0; h < RTNL_PNEIGH_BUCKETS; h++)
		for (const struct rtnl_pneigh *pn = tbl[h]; pn; pn = pn->next) {
			if (idx++ < c->skip ||
			    neigh_dev_filtered(rn, pn->ifindex, f))
				continue;
			if (pneigh_fill(skb, pn, RTM_NEWNEIGH,
					rtnl_req_portid(cb->skb),
					cb->nlh->nlmsg_seq, flags)) {
				c->skip = idx - 1;
				return -EMSGSIZE;
			}
		}
	c->skip = idx;
	return 0;
}

/* neigh_dump_info(): the ARP table, then the ND table (family picks
 * one); proxy entries when ndm_flags is exactly NTF_PROXY.  The request
 * is checked again on every call, as Linux does. */
static int rtnl_dump_neigh(struct unl_skb *skb, struct unl_callback *cb)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct neigh_dump_ctx *c = RTNL_CB_CTX(cb, struct neigh_dump_ctx);
	const struct nlmsghdr *nlh = cb->nlh;
	int family = ((const struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family;
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct neigh_dump_filter f = { 0 };
	bool proxy = false;
	int err;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg)) &&
	    ((const struct ndmsg *)NLMSG_DATA(nlh))->ndm_flags == NTF_PROXY)
		proxy = true;
	err = neigh_valid_dump_req(cb, &f);
	if (err && cb->strict_check)
		return err;
	for (; c->table < 2; c->table++, c->skip = 0) {
		if (family && families[c->table] != family)
			continue;
		err = proxy ? pneigh_dump_table(rn, skb, cb, families[c->table],
						&f, c)
			    : neigh_dump_table(rn, skb, cb, families[c->table],
					       &f, c);
		if (err)
			return err;
	}
	return 0;
}

const struct rtnl_msg_handler rtnl_neigh_handlers[] = {
	{ PF_UNSPEC, RTM_NEWNEIGH, rtnl_newneigh, NULL, 0 },
	{ PF_UNSPEC, RTM_DELNEIGH, rtnl_delneigh, NULL, 0 },
	{ PF_UNSPEC, RTM_GETNEIGH, rtnl_getneigh, rtnl_dump_neigh, 0 },
};
const unsigned int rtnl_neigh_handlers_n =
	sizeof(rtnl_neigh_handlers) / sizeof(rtnl_neigh_handlers[0]);
