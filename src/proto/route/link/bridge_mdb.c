// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's multicast database as users fill it (net/bridge/br_mdb.c
 * and the group bookkeeping of br_multicast.c): groups (IPv4, IPv6 or
 * L2, with a VLAN, with a source for an (S, G) entry), each joined by
 * the bridge itself (host_joined) and by ports (permanent, or temporary
 * for a membership interval), added, replaced, deleted and looked up
 * with RTM_NEWMDB, RTM_DELMDB and RTM_GETMDB, dumped bridge by bridge
 * and announced to RTNLGRP_MDB.  With IGMPv3 or MLDv2 a port's (*, G)
 * entry has a filter mode and a source list, each source installing the
 * (S, G) entry that forwards it (br_mdb_add_group_srcs()), and the
 * (*, G) EXCLUDE ports are added to every (S, G) entry of their group
 * (MDB_PG_FLAGS_STAR_EXCL, br_multicast_star_g_handle_mode()).  No IGMP
 * or MLD report is ever seen: nothing is learnt.  A kernel without CONFIG_BRIDGE_IGMP_SNOOPING (the
 * net's profile) has none of it.
 *
 * The groups are on mdb_list, the newest first (hlist_add_head_rcu());
 * a group's ports in the order of their numbers (Linux orders them by
 * the address of their port structure, the highest first, which is the
 * older port as a bridge's ports are usually allocated).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/bridge.h"

/* MDB_PG_FLAGS_* of br_private.h */
#define BR_MDB_PG_PERMANENT 0x01
#define BR_MDB_PG_FAST_LEAVE 0x04
#define BR_MDB_PG_STAR_EXCL 0x08
#define BR_MDB_PG_BLOCKED 0x10
/* BR_SGRP_F_* of a source */
#define BR_SGRP_DELETE 0x01
#define BR_SGRP_INSTALLED 0x04
#define BR_SGRP_USER_ADDED 0x08
/* PG_SRC_ENT_LIMIT: sources per port group */
#define BR_PG_SRC_LIMIT 32
/* the source list's attributes (uapi's MDBE_SRC_LIST_ENTRY,
 * MDBE_SRCATTR_ADDRESS), which older headers lack */
#define BR_MDBE_SRC_LIST_ENTRY 1
#define BR_MDBE_SRC_LIST_MAX 1
#define BR_MDBE_SRCATTR_ADDRESS 1
#define BR_MDBE_SRCATTR_MAX 1

/* A group's key (struct br_ip). */
struct br_mdb_key {
	uint16_t proto; /* network order; 0: L2 */
	uint16_t vid;
	uint8_t dst[16], src[16];
};

/* A source of a port's (*, G) entry (struct net_bridge_group_src). */
struct br_mdb_src {
	struct br_mdb_src *next;
	uint8_t addr[16];
	uint8_t flags;   /* BR_SGRP_* */
	int64_t expires; /* jiffies; 0: no timer */
};

/* A port's membership (struct net_bridge_port_group). */
struct br_mdb_pg {
	struct br_mdb_pg *next;
	struct br_port *port;
	uint8_t flags, rt_protocol, filter_mode;
	int64_t expires; /* jiffies; 0: no timer */
	struct br_mdb_src *srcs; /* the newest first */
	unsigned int n_srcs;
};

/* struct net_bridge_mdb_entry */
struct br_mdb {
	struct br_mdb *next;
	struct br_mdb_key key;
	bool host_joined;
	int64_t host_expires;
	struct br_mdb_pg *ports;
};

static struct br_mdb **br_mdb_head(struct br_priv *br)
{
	return &br->mdb_first;
}

static int64_t br_mdb_now(const struct br_priv *br)
{
	struct rtnl_net *rn = br->dev->rn;

	return rtnl_jiffies(rn, unl_net_now(rn->net));
}

static uint32_t br_mdb_timer(const struct br_priv *br, int64_t expires)
{
	int64_t left = expires - br_mdb_now(br);

	if (!expires || left <= 0)
		return 0;
	return (uint32_t)br_jiffies_to_clock(br->dev, (uint64_t)left);
}

static struct br_mdb *br_mdb_find(struct br_priv *br,
				  const struct br_mdb_key *k)
{
	for (struct br_mdb *mp = *br_mdb_head(br); mp; mp = mp->next)
		if (!memcmp(&mp->key, k, sizeof(*k)))
			return mp;
	return NULL;
}

/* __mdb_entry_fill_flags() */
static uint8_t br_mdb_entry_flags(uint8_t pg_flags)
{
	return (pg_flags & BR_MDB_PG_FAST_LEAVE ? MDB_FLAGS_FAST_LEAVE : 0) |
	       (pg_flags & BR_MDB_PG_STAR_EXCL ? MDB_FLAGS_STAR_EXCL : 0) |
	       (pg_flags & BR_MDB_PG_BLOCKED ? MDB_FLAGS_BLOCKED : 0);
}

static size_t br_mdb_addr_len(uint16_t proto)
{
	return proto == htons(ETH_P_IP) ? 4 : 16;
}

/* __mdb_fill_srcs(): MDBA_MDB_EATTR_SRC_LIST, when there are sources */
static int br_mdb_fill_srcs(struct unl_skb *skb, struct br_priv *br,
			    const struct br_mdb *mp, const struct br_mdb_pg *pg)
{
	struct nlattr *list, *ent;

	if (!pg->srcs)
		return 0;
	list = unl_nla_nest_start(skb, MDBA_MDB_EATTR_SRC_LIST);
	if (!list)
		return -EMSGSIZE;
	for (const struct br_mdb_src *s = pg->srcs; s; s = s->next) {
		ent = unl_nla_nest_start(skb, MDBA_MDB_SRCLIST_ENTRY);
		if (!ent ||
		    unl_nla_put(skb, MDBA_MDB_SRCATTR_ADDRESS,
				(int)br_mdb_addr_len(mp->key.proto), s->addr) ||
		    unl_nla_put_u32(skb, MDBA_MDB_SRCATTR_TIMER,
				    br_mdb_timer(br, s->expires))) {
			unl_nla_nest_cancel(skb, list);
			return -EMSGSIZE;
		}
		unl_nla_nest_end(skb, ent);
	}
	unl_nla_nest_end(skb, list);
	return 0;
}

/* __mdb_fill_info(): one membership in MDBA_MDB_ENTRY_INFO, its entry
 * without an attribute header, then the timer and the rest. */
static int br_mdb_fill_one(struct unl_skb *skb, struct br_priv *br,
			   const struct br_mdb *mp, const struct br_mdb_pg *pg)
{
	struct br_mdb_entry e;
	struct nlattr *nest;
	void *raw;

	memset(&e, 0, sizeof(e));
	e.ifindex = (uint32_t)(pg ? pg->port->dev->ifindex : br->dev->ifindex);
	e.state = pg ? pg->flags & BR_MDB_PG_PERMANENT : 0;
	e.flags = pg ? br_mdb_entry_flags(pg->flags) : 0;
	e.vid = mp->key.vid;
	e.addr.proto = mp->key.proto;
	if (mp->key.proto == htons(ETH_P_IP))
		memcpy(&e.addr.u.ip4, mp->key.dst, 4);
	else if (mp->key.proto == htons(ETH_P_IPV6))
		memcpy(&e.addr.u.ip6, mp->key.dst, 16);
	else {
		memcpy(e.addr.u.mac_addr, mp->key.dst, ETH_ALEN);
		e.state = MDB_PERMANENT;
	}
	nest = rtnl_nest_start(skb, MDBA_MDB_ENTRY_INFO);
	if (!nest)
		return -EMSGSIZE;
	raw = unl_skb_tailroom(skb) >= NLA_ALIGN(sizeof(e))
		      ? unl_skb_put(skb, NLA_ALIGN(sizeof(e)))
		      : NULL;
	if (!raw)
		goto fail;
	memset(raw, 0, NLA_ALIGN(sizeof(e)));
	memcpy(raw, &e, sizeof(e));
	if (unl_nla_put_u32(skb, MDBA_MDB_EATTR_TIMER,
			    br_mdb_timer(br, pg ? pg->expires
						: mp->host_expires)))
		goto fail;
	if (mp->key.proto == htons(ETH_P_IP)) {
		static const uint8_t zero[4];

		if (memcmp(mp->key.src, zero, 4) &&
		    unl_nla_put(skb, MDBA_MDB_EATTR_SOURCE, 4, mp->key.src))
			goto fail;
	} else if (mp->key.proto == htons(ETH_P_IPV6)) {
		static const uint8_t zero[16];

		if (memcmp(mp->key.src, zero, 16) &&
		    unl_nla_put(skb, MDBA_MDB_EATTR_SOURCE, 16, mp->key.src))
			goto fail;
	}
	if (pg) {
		bool srcs_mode = (mp->key.proto == htons(ETH_P_IP) &&
				  br->mcast.igmp_version == 3) ||
				 (mp->key.proto == htons(ETH_P_IPV6) &&
				  br->mcast.mld_version == 2);

		if (unl_nla_put_u8(skb, MDBA_MDB_EATTR_RTPROT, pg->rt_protocol) ||
		    (srcs_mode &&
		     (br_mdb_fill_srcs(skb, br, mp, pg) ||
		      unl_nla_put_u8(skb, MDBA_MDB_EATTR_GROUP_MODE,
				     pg->filter_mode))))
			goto fail;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
fail:
	unl_nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* br_mdb_notify(): RTM_NEWMDB or RTM_DELMDB of one membership. */
static void br_mdb_notify(struct br_priv *br, const struct br_mdb *mp,
			  const struct br_mdb_pg *pg, int type)
{
	struct rtnl_net *rn = br->dev->rn;
	struct nlattr *mdb, *ent;
	struct br_port_msg *bpm;
	struct nlmsghdr *nlh;
	struct unl_skb *skb;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_MDB))
		return;
	/* rtnl_mdb_nlmsg_size(): room for a full source list */
	skb = unl_nlmsg_new(256 + BR_PG_SRC_LIMIT * 40);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_MDB, -ENOBUFS);
		return;
	}
	nlh = unl_nlmsg_put(skb, 0, 0, type, sizeof(*bpm), 0);
	if (!nlh)
		goto fail;
	bpm = NLMSG_DATA(nlh);
	memset(bpm, 0, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)br->dev->ifindex;
	mdb = rtnl_nest_start(skb, MDBA_MDB);
	ent = mdb ? rtnl_nest_start(skb, MDBA_MDB_ENTRY) : NULL;
	if (!ent || br_mdb_fill_one(skb, br, mp, pg))
		goto fail;
	unl_nla_nest_end(skb, ent);
	unl_nla_nest_end(skb, mdb);
	unl_nlmsg_end(skb, nlh);
	rtnl_notify(rn, skb, 0, RTNLGRP_MDB, NULL);
	return;
fail:
	unl_skb_free(skb);
	rtnl_set_sk_err(rn, RTNLGRP_MDB, -EMSGSIZE);
}

/* The groups no one is in any more go (their timer expires at once in
 * Linux, after the request): none is freed while a request works on
 * the lists, so that a deletion that sets off others (an (S, G) entry
 * whose (*, G) EXCLUDE ports go with it) leaves no pointer dangling. */
static void br_mdb_sweep(struct br_priv *br)
{
	for (struct br_mdb **pp = br_mdb_head(br); *pp;) {
		struct br_mdb *mp = *pp;

		if (mp->ports || mp->host_joined) {
			pp = &mp->next;
			continue;
		}
		*pp = mp->next;
		free(mp);
	}
}

static bool br_mdb_star_g(const struct br_mdb_key *k)
{
	static const uint8_t zero[16];

	return !memcmp(k->src, zero, sizeof(zero));
}

/* br_multicast_new_group() */
static struct br_mdb *br_mdb_get_or_new(struct br_priv *br,
					const struct br_mdb_key *k)
{
	struct br_mdb *mp = br_mdb_find(br, k);

	if (mp)
		return mp;
	mp = calloc(1, sizeof(*mp));
	if (!mp)
		return NULL;
	mp->key = *k;
	mp->next = *br_mdb_head(br);
	*br_mdb_head(br) = mp;
	return mp;
}

/* br_multicast_should_handle_mode(): IGMPv3 and MLDv2 keep sources */
static bool br_mdb_handle_mode(const struct br_priv *br, uint16_t proto)
{
	return (proto == htons(ETH_P_IP) && br->mcast.igmp_version == 3) ||
	       (proto == htons(ETH_P_IPV6) && br->mcast.mld_version == 2);
}

/* The (S, G) key of a (*, G) key and a source. */
static struct br_mdb_key br_mdb_sg_key(const struct br_mdb_key *star,
				       const uint8_t *src)
{
	struct br_mdb_key k = *star;

	memcpy(k.src, src, br_mdb_addr_len(k.proto));
	return k;
}

static struct br_mdb_key br_mdb_star_key(const struct br_mdb_key *sg)
{
	struct br_mdb_key k = *sg;

	memset(k.src, 0, sizeof(k.src));
	return k;
}

/* br_sg_port_find(): the membership of port p in group k */
static struct br_mdb_pg *br_mdb_port_find(struct br_priv *br,
					  const struct br_mdb_key *k,
					  const struct br_port *p)
{
	struct br_mdb *mp = br_mdb_find(br, k);

	for (struct br_mdb_pg *pg = mp ? mp->ports : NULL; pg; pg = pg->next)
		if (pg->port == p)
			return pg;
	return NULL;
}

static void br_mdb_del_pg(struct br_priv *br, struct br_mdb *mp,
			  struct br_mdb_pg **pp);

/* br_multicast_find_del_pg() */
static void br_mdb_find_del_pg(struct br_priv *br, const struct br_mdb_key *k,
			       const struct br_mdb_pg *pg)
{
	struct br_mdb *mp = br_mdb_find(br, k);

	for (struct br_mdb_pg **pp = mp ? &mp->ports : NULL; pp && *pp;
	     pp = &(*pp)->next)
		if (*pp == pg) {
			br_mdb_del_pg(br, mp, pp);
			return;
		}
}

/* __br_multicast_add_group() for a port, as the kernel adds one: the
 * membership there, or a new one (RTPROT_KERNEL, no timer) announced;
 * NULL when the port may not join, or without memory. */
static struct br_mdb_pg *br_mdb_kernel_join(struct br_priv *br,
					    const struct br_mdb_key *k,
					    struct br_port *p, bool blocked)
{
	struct br_mdb_pg **pp, *pg;
	struct br_mdb *mp;

	/* br_multicast_ctx_should_use(): a running bridge, a port that is
	 * not disabled */
	if (!rtnl_link_running(br->dev) || p->state == BR_STATE_DISABLED)
		return NULL;
	mp = br_mdb_get_or_new(br, k);
	if (!mp)
		return NULL;
	for (pp = &mp->ports; (pg = *pp); pp = &pg->next) {
		if (pg->port == p)
			return pg;
		if (pg->port->port_no > p->port_no)
			break;
	}
	pg = calloc(1, sizeof(*pg));
	if (!pg)
		return NULL;
	pg->port = p;
	pg->rt_protocol = RTPROT_KERNEL;
	pg->filter_mode = MCAST_INCLUDE;
	pg->flags = blocked ? BR_MDB_PG_BLOCKED : 0;
	pg->next = *pp;
	*pp = pg;
	br_mdb_notify(br, mp, pg, RTM_NEWMDB);
	return pg;
}

/* __fwd_add_star_excl(): port p's (*, G) EXCLUDE joins (S, G) */
static void br_mdb_fwd_add_star_excl(struct br_priv *br, struct br_port *p,
				     const struct br_mdb_key *sg)
{
	struct br_mdb_pg *src_pg;

	if (br_mdb_port_find(br, sg, p))
		return;
	src_pg = br_mdb_kernel_join(br, sg, p, false);
	if (src_pg && src_pg->rt_protocol == RTPROT_KERNEL)
		src_pg->flags |= BR_MDB_PG_STAR_EXCL;
}

/* __fwd_del_star_excl() */
static void br_mdb_fwd_del_star_excl(struct br_priv *br,
				     const struct br_port *p,
				     const struct br_mdb_key *sg)
{
	struct br_mdb_pg *src_pg = br_mdb_port_find(br, sg, p);

	if (!src_pg || !(src_pg->flags & BR_MDB_PG_STAR_EXCL) ||
	    src_pg->rt_protocol != RTPROT_KERNEL)
		return;
	br_mdb_find_del_pg(br, sg, src_pg);
}

/* br_multicast_star_g_handle_mode(): port group pg of the (*, G) entry
 * mp now EXCLUDE (it joins every (S, G) the other ports installed) or
 * INCLUDE (it leaves those it joined that way). */
static void br_mdb_star_g_handle_mode(struct br_priv *br, struct br_mdb *mp,
				      const struct br_mdb_pg *pg,
				      uint8_t mode)
{
	for (struct br_mdb_pg *o = mp->ports; o; o = o->next) {
		if (o == pg)
			continue;
		for (struct br_mdb_src *s = o->srcs; s; s = s->next) {
			struct br_mdb_key sg;

			if (!(s->flags & BR_SGRP_INSTALLED))
				continue;
			sg = br_mdb_sg_key(&mp->key, s->addr);
			if (mode == MCAST_INCLUDE)
				br_mdb_fwd_del_star_excl(br, pg->port, &sg);
			else
				br_mdb_fwd_add_star_excl(br, pg->port, &sg);
		}
	}
}

/* br_multicast_star_g_host_state(): the (S, G) entries of a (*, G)
 * entry's installed sources are joined by the host as it is. */
static void br_mdb_star_g_host_state(struct br_priv *br, struct br_mdb *mp)
{
	for (struct br_mdb_pg *pg = mp->ports; pg; pg = pg->next)
		for (struct br_mdb_src *s = pg->srcs; s; s = s->next) {
			struct br_mdb_key sg;
			struct br_mdb *sg_mp;

			if (!(s->flags & BR_SGRP_INSTALLED))
				continue;
			sg = br_mdb_sg_key(&mp->key, s->addr);
			sg_mp = br_mdb_find(br, &sg);
			if (sg_mp)
				sg_mp->host_joined = mp->host_joined;
		}
}

/* br_multicast_sg_add_exclude_ports(): the (*, G) EXCLUDE ports join a
 * new (S, G) membership's group, and the host too if it joined (*, G). */
static void br_mdb_sg_add_exclude_ports(struct br_priv *br,
					struct br_mdb *star_mp,
					const struct br_mdb_key *sg)
{
	struct br_mdb *sg_mp = br_mdb_find(br, sg);

	if (star_mp->host_joined && sg_mp)
		sg_mp->host_joined = true;
	for (struct br_mdb_pg *pg = star_mp->ports; pg; pg = pg->next) {
		struct br_mdb_pg *src_pg;

		if (pg->filter_mode == MCAST_INCLUDE ||
		    br_mdb_port_find(br, sg, pg->port))
			continue;
		src_pg = br_mdb_kernel_join(br, sg, pg->port, false);
		if (src_pg && src_pg->rt_protocol == RTPROT_KERNEL)
			src_pg->flags |= BR_MDB_PG_STAR_EXCL;
	}
}

/* br_multicast_sg_del_exclude_ports(): once only (*, G) EXCLUDE ports
 * and permanent ones are left in an (S, G) entry, the former go, and
 * the host with them. */
static void br_mdb_sg_del_exclude_ports(struct br_priv *br, struct br_mdb *mp)
{
	for (struct br_mdb_pg *p = mp->ports; p; p = p->next)
		if (!(p->flags & (BR_MDB_PG_STAR_EXCL | BR_MDB_PG_PERMANENT)))
			return;
	mp->host_joined = false;
	for (struct br_mdb_pg **pp = &mp->ports; *pp;)
		if (!((*pp)->flags & BR_MDB_PG_PERMANENT))
			br_mdb_del_pg(br, mp, pp);
		else
			pp = &(*pp)->next;
}

/* br_multicast_fwd_src_remove(): the (S, G) membership a source
 * installed goes, but a permanent one the user added himself. */
static void br_mdb_fwd_src_remove(struct br_priv *br, const struct br_mdb *mp,
				  const struct br_mdb_pg *pg,
				  struct br_mdb_src *src)
{
	struct br_mdb_key sg = br_mdb_sg_key(&mp->key, src->addr);
	struct br_mdb *sg_mp = br_mdb_find(br, &sg);

	for (struct br_mdb_pg **pp = sg_mp ? &sg_mp->ports : NULL; pp && *pp;
	     pp = &(*pp)->next) {
		struct br_mdb_pg *p = *pp;

		if (p->port != pg->port)
			continue;
		if (p->rt_protocol != RTPROT_KERNEL &&
		    (p->flags & BR_MDB_PG_PERMANENT) &&
		    !(src->flags & BR_SGRP_USER_ADDED))
			break;
		br_mdb_del_pg(br, sg_mp, pp);
		break;
	}
	src->flags &= ~BR_SGRP_INSTALLED;
}

/* __br_multicast_del_group_src(): out of the list, no more */
static void br_mdb_src_unlink(struct br_mdb_pg *pg, struct br_mdb_src *src)
{
	for (struct br_mdb_src **sp = &pg->srcs; *sp; sp = &(*sp)->next)
		if (*sp == src) {
			*sp = src->next;
			pg->n_srcs--;
			free(src);
			return;
		}
}

/* br_multicast_del_group_src() */
static void br_mdb_del_src(struct br_priv *br, const struct br_mdb *mp,
			   struct br_mdb_pg *pg, struct br_mdb_src *src)
{
	br_mdb_fwd_src_remove(br, mp, pg, src);
	br_mdb_src_unlink(pg, src);
}

/* br_multicast_del_pg(): its sources (and what they installed) first,
 * then the membership, announced, with what it made elsewhere. */
static void br_mdb_del_pg(struct br_priv *br, struct br_mdb *mp,
			  struct br_mdb_pg **pp)
{
	struct br_mdb_pg *pg = *pp;

	*pp = pg->next;
	while (pg->srcs)
		br_mdb_del_src(br, mp, pg, pg->srcs);
	br_mdb_notify(br, mp, pg, RTM_DELMDB);
	if (!br_mdb_star_g(&mp->key))
		br_mdb_sg_del_exclude_ports(br, mp);
	else
		br_mdb_star_g_handle_mode(br, mp, pg, MCAST_INCLUDE);
	free(pg);
}

/* The first membership of port p (the temporary ones only unless
 * permanent_too), or NULL. */
static struct br_mdb_pg **br_mdb_port_next(struct br_priv *br,
					   const struct br_port *p,
					   bool permanent_too,
					   struct br_mdb **mpp)
{
	for (struct br_mdb *mp = *br_mdb_head(br); mp; mp = mp->next)
		for (struct br_mdb_pg **pp = &mp->ports; *pp;
		     pp = &(*pp)->next)
			if ((*pp)->port == p &&
			    (permanent_too ||
			     !((*pp)->flags & BR_MDB_PG_PERMANENT))) {
				*mpp = mp;
				return pp;
			}
	return NULL;
}

/* A port's memberships go (all, or the temporary ones), newest group
 * first, each announced; looked for afresh after each, as one may take
 * others with it. */
void br_mdb_del_port(struct br_port *p, bool permanent_too)
{
	struct br_priv *br = br_priv(p->br);
	struct br_mdb_pg **pp;
	struct br_mdb *mp;

	while ((pp = br_mdb_port_next(br, p, permanent_too, &mp)))
		br_mdb_del_pg(br, mp, pp);
	br_mdb_sweep(br);
}

/* ---- multicast router ports ---- */

/* br_rtr_notify(): a port joined (RTM_NEWMDB) or left (RTM_DELMDB) the
 * router lists. */
static void br_rtr_notify(struct br_priv *br, const struct br_port *p,
			  int type)
{
	struct rtnl_net *rn = br->dev->rn;
	struct nlattr *rtr, *port;
	struct br_port_msg *bpm;
	struct nlmsghdr *nlh;
	struct unl_skb *skb;
	uint32_t ifindex = (uint32_t)p->dev->ifindex;
	void *raw;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_MDB))
		return;
	skb = unl_nlmsg_new(128);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_MDB, -ENOBUFS);
		return;
	}
	nlh = unl_nlmsg_put(skb, 0, 0, type, sizeof(*bpm), 0);
	if (!nlh)
		goto fail;
	bpm = NLMSG_DATA(nlh);
	memset(bpm, 0, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)br->dev->ifindex;
	rtr = rtnl_nest_start(skb, MDBA_ROUTER);
	port = rtr ? rtnl_nest_start(skb, MDBA_ROUTER_PORT) : NULL;
	raw = port && unl_skb_tailroom(skb) >= sizeof(ifindex)
		      ? unl_skb_put(skb, sizeof(ifindex))
		      : NULL;
	if (!raw)
		goto fail;
	memcpy(raw, &ifindex, sizeof(ifindex));
	unl_nla_nest_end(skb, port);
	unl_nla_nest_end(skb, rtr);
	unl_nlmsg_end(skb, nlh);
	rtnl_notify(rn, skb, 0, RTNLGRP_MDB, NULL);
	return;
fail:
	unl_skb_free(skb);
	rtnl_set_sk_err(rn, RTNLGRP_MDB, -EMSGSIZE);
}

/* br_multicast_add_router() for both families: one event. */
static void br_rport_add(struct br_port *p, int64_t expires)
{
	p->mc_router_expires = expires;
	if (p->mc_router_listed)
		return;
	p->mc_router_listed = true;
	br_rtr_notify(br_priv(p->br), p, RTM_NEWMDB);
}

/* __del_port_router() */
static void br_rport_del(struct br_port *p)
{
	p->mc_router_expires = 0;
	if (!p->mc_router_listed)
		return;
	p->mc_router_listed = false;
	br_rtr_notify(br_priv(p->br), p, RTM_DELMDB);
}

int br_mdb_set_port_router(struct br_port *p, uint8_t val)
{
	struct br_priv *br = br_priv(p->br);

	if (p->mcast_router == val) {
		/* a temporary router's timer starts again */
		if (val == MDB_RTR_TYPE_TEMP && p->mc_router_listed)
			p->mc_router_expires =
				br_mdb_now(br) +
				(int64_t)br->mcast.querier_interval;
		return 0;
	}
	switch (val) {
	case MDB_RTR_TYPE_DISABLED:
	case MDB_RTR_TYPE_TEMP_QUERY:
		p->mcast_router = val;
		br_rport_del(p);
		return 0;
	case MDB_RTR_TYPE_PERM:
		p->mcast_router = val;
		br_rport_add(p, 0);
		return 0;
	case MDB_RTR_TYPE_TEMP:
		p->mcast_router = val;
		/* br_multicast_mark_router(): not on a stopped port */
		if (p->state != BR_STATE_DISABLED &&
		    p->state != BR_STATE_BLOCKING)
			br_rport_add(p, br_mdb_now(br) +
						(int64_t)br->mcast.querier_interval);
		return 0;
	default:
		return -EINVAL;
	}
}

void br_mdb_port_router_enable(struct br_port *p)
{
	if (rtnl_link_running(p->br) && p->mcast_router == MDB_RTR_TYPE_PERM)
		br_rport_add(p, 0);
}

void br_mdb_port_router_disable(struct br_port *p)
{
	br_rport_del(p);
}

/* br_rports_fill_info(): the router ports, when the bridge lets any
 * be one, with their timers and type. */
static int br_rports_fill(struct unl_skb *skb, struct br_priv *br)
{
	struct nlattr *nest;
	bool any = false;

	for (struct br_port *p = br->ports; p; p = p->next)
		any |= p->mc_router_listed;
	if (!br->mcast.router || !any)
		return 0;
	nest = rtnl_nest_start(skb, MDBA_ROUTER);
	if (!nest)
		return -EMSGSIZE;
	for (struct br_port *p = br->ports; p; p = p->next) {
		uint32_t ifindex = (uint32_t)p->dev->ifindex;
		uint32_t timer = br_mdb_timer(br, p->mc_router_expires);
		struct nlattr *port;
		void *raw;

		if (!p->mc_router_listed)
			continue;
		port = rtnl_nest_start(skb, MDBA_ROUTER_PORT);
		raw = port && unl_skb_tailroom(skb) >= sizeof(ifindex)
			      ? unl_skb_put(skb, sizeof(ifindex))
			      : NULL;
		if (!raw)
			goto fail;
		memcpy(raw, &ifindex, sizeof(ifindex));
		if (unl_nla_put_u32(skb, MDBA_ROUTER_PATTR_TIMER, timer) ||
		    unl_nla_put_u8(skb, MDBA_ROUTER_PATTR_TYPE,
				   p->mcast_router) ||
		    unl_nla_put_u32(skb, MDBA_ROUTER_PATTR_INET_TIMER, timer) ||
		    unl_nla_put_u32(skb, MDBA_ROUTER_PATTR_INET6_TIMER, timer))
			goto fail;
		unl_nla_nest_end(skb, port);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
fail:
	unl_nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* br_multicast_group_src_expired(): an INCLUDE group's source goes,
 * and the group with its last one. */
static bool br_mdb_expire_srcs(struct br_priv *br, struct br_mdb *mp,
			       struct br_mdb_pg **pp, int64_t now)
{
	struct br_mdb_pg *pg = *pp;

	if (pg->filter_mode != MCAST_INCLUDE)
		return false;
	for (struct br_mdb_src *s = pg->srcs; s; s = s->next)
		if (s->expires && s->expires <= now) {
			br_mdb_del_src(br, mp, pg, s);
			if (!pg->srcs)
				br_mdb_del_pg(br, mp, pp);
			return true;
		}
	return false;
}

/* br_multicast_port_group_expired(): an EXCLUDE group turns INCLUDE
 * and keeps the sources that have a timer; with none it goes. */
static void br_mdb_expire_pg(struct br_priv *br, struct br_mdb *mp,
			     struct br_mdb_pg **pp)
{
	struct br_mdb_pg *pg = *pp;
	bool changed = pg->filter_mode == MCAST_EXCLUDE;

	pg->expires = 0;
	pg->filter_mode = MCAST_INCLUDE;
	for (struct br_mdb_src *s = pg->srcs, *next; s; s = next) {
		next = s->next;
		if (!s->expires) {
			br_mdb_del_src(br, mp, pg, s);
			changed = true;
		}
	}
	if (!pg->srcs) {
		br_mdb_del_pg(br, mp, pp);
	} else if (changed) {
		if (br_mdb_star_g(&mp->key))
			br_mdb_star_g_handle_mode(br, mp, pg, MCAST_INCLUDE);
		br_mdb_notify(br, mp, pg, RTM_NEWMDB);
	}
}

/* One timer that has run out, handled: true, or false when none has. */
static bool br_mdb_expire_one(struct br_priv *br, int64_t now)
{
	for (struct br_mdb *mp = *br_mdb_head(br); mp; mp = mp->next) {
		for (struct br_mdb_pg **pp = &mp->ports; *pp;
		     pp = &(*pp)->next) {
			if (br_mdb_expire_srcs(br, mp, pp, now))
				return true;
			if ((*pp)->expires && (*pp)->expires <= now &&
			    !((*pp)->flags & BR_MDB_PG_PERMANENT)) {
				br_mdb_expire_pg(br, mp, pp);
				return true;
			}
		}
		if (mp->host_joined && mp->host_expires &&
		    mp->host_expires <= now) {
			/* br_multicast_host_leave() */
			mp->host_joined = false;
			mp->host_expires = 0;
			if (br_mdb_star_g(&mp->key))
				br_mdb_star_g_host_state(br, mp);
			br_mdb_notify(br, mp, NULL, RTM_DELMDB);
			return true;
		}
	}
	return false;
}

/* The timers that ran out since, one at a time (each may take others
 * with it). */
void br_mdb_expire(struct br_priv *br)
{
	int64_t now = br_mdb_now(br);

	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->mc_router_listed && p->mc_router_expires &&
		    p->mc_router_expires <= now)
			br_rport_del(p);
	while (br_mdb_expire_one(br, now))
		;
	br_mdb_sweep(br);
}

void br_mdb_destroy(struct br_priv *br)
{
	while (*br_mdb_head(br)) {
		struct br_mdb *mp = *br_mdb_head(br);

		*br_mdb_head(br) = mp->next;
		while (mp->ports) {
			struct br_mdb_pg *pg = mp->ports;

			mp->ports = pg->next;
			while (pg->srcs) {
				struct br_mdb_src *src = pg->srcs;

				pg->srcs = src->next;
				free(src);
			}
			free(pg);
		}
		free(mp);
	}
}

/* ---- RTM_NEWMDB / RTM_DELMDB ---- */

static const struct unl_nla_policy
	br_mdbe_src_entry_pol[BR_MDBE_SRCATTR_MAX + 1] = {
	[BR_MDBE_SRCATTR_ADDRESS] = UNL_NLA_POLICY_RANGE(UNL_NLA_BINARY, 4, 16),
};

static const struct unl_nla_policy
	br_mdbe_src_list_pol[BR_MDBE_SRC_LIST_MAX + 1] = {
	[BR_MDBE_SRC_LIST_ENTRY] = UNL_NLA_POLICY_NESTED(br_mdbe_src_entry_pol,
							 BR_MDBE_SRCATTR_MAX),
};

static const struct unl_nla_policy br_mdbe_attrs_pol[BR_MDBE_ATTR_MAX + 1] = {
	[BR_MDBE_ATTR_SOURCE] = UNL_NLA_POLICY_RANGE(UNL_NLA_BINARY, 4, 16),
	[BR_MDBE_ATTR_GROUP_MODE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, MCAST_EXCLUDE,
						      MCAST_INCLUDE),
	[BR_MDBE_ATTR_SRC_LIST] = UNL_NLA_POLICY_NESTED(br_mdbe_src_list_pol,
							BR_MDBE_SRC_LIST_MAX),
	[BR_MDBE_ATTR_RTPROT] = UNL_NLA_POLICY_MIN(UNL_NLA_U8, RTPROT_STATIC),
};

/* struct br_mdb_config */
struct br_mdb_cfg {
	struct br_priv *br;
	struct br_port *p;
	struct br_mdb_entry entry;
	struct br_mdb_key group;
	uint8_t filter_mode, rt_protocol;
	uint16_t nlflags;
	/* the source list (br_mdb_src_entry), and for an (S, G) entry a
	 * source installs, that it is one (no timer) */
	uint8_t srcs[BR_PG_SRC_LIMIT][16];
	unsigned int n_srcs;
	bool src_entry;
};

/* is_valid_mdb_source() */
static bool br_mdb_valid_source(const struct nlattr *attr, uint16_t proto,
				struct unl_ext_ack *extack)
{
	const uint8_t *a = unl_nla_data(attr);

	if (proto == htons(ETH_P_IP)) {
		if (unl_nla_len(attr) != 4) {
			UNL_SET_ERR_MSG(extack,
					"bridge: IPv4 invalid source address length");
			return false;
		}
		if ((a[0] & 0xf0) == 0xe0) {
			UNL_SET_ERR_MSG(extack,
					"bridge: IPv4 multicast source address is not allowed");
			return false;
		}
		return true;
	}
	if (proto == htons(ETH_P_IPV6)) {
		if (unl_nla_len(attr) != 16) {
			UNL_SET_ERR_MSG(extack,
					"bridge: IPv6 invalid source address length");
			return false;
		}
		if (a[0] == 0xff) {
			UNL_SET_ERR_MSG(extack,
					"bridge: IPv6 multicast source address is not allowed");
			return false;
		}
		return true;
	}
	UNL_SET_ERR_MSG(extack, "bridge: Invalid protocol used with source address");
	return false;
}

static void br_mdb_entry_key(const struct br_mdb_entry *e,
			     const struct nlattr *source, struct br_mdb_key *k)
{
	memset(k, 0, sizeof(*k));
	k->vid = e->vid;
	k->proto = e->addr.proto;
	if (k->proto == htons(ETH_P_IP))
		memcpy(k->dst, &e->addr.u.ip4, 4);
	else if (k->proto == htons(ETH_P_IPV6))
		memcpy(k->dst, &e->addr.u.ip6, 16);
	else
		memcpy(k->dst, e->addr.u.mac_addr, ETH_ALEN);
	if (source && k->proto)
		memcpy(k->src, unl_nla_data(source),
		       (size_t)unl_nla_len(source));
}

/* br_mdb_config_src_list_init(): at most PG_SRC_ENT_LIMIT - 1
 * entries, each with a valid unicast address of the group's family */
static int br_mdb_cfg_srcs(struct br_mdb_cfg *cfg, const struct nlattr *list,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *a, *tb[BR_MDBE_SRCATTR_MAX + 1];
	unsigned int n = 0;
	int rem, err;

	unl_nla_for_each_nested(a, list, rem)
		n++;
	if (n >= BR_PG_SRC_LIMIT) {
		if (extack) {
			snprintf(extack->msg_buf, sizeof(extack->msg_buf),
				 "bridge: Exceeded maximum number of source entries (%u)",
				 BR_PG_SRC_LIMIT - 1);
			extack->msg = extack->msg_buf;
		}
		return -EINVAL;
	}
	unl_nla_for_each_nested(a, list, rem) {
		err = unl_nla_parse_nested(tb, BR_MDBE_SRCATTR_MAX, a,
					   br_mdbe_src_entry_pol,
					   UNL_VALIDATE_STRICT, extack);
		if (err)
			return err;
		if (!tb[BR_MDBE_SRCATTR_ADDRESS]) {
			UNL_SET_ERR_ATTR_MISS(extack, a, BR_MDBE_SRCATTR_ADDRESS);
			return -EINVAL;
		}
		if (!br_mdb_valid_source(tb[BR_MDBE_SRCATTR_ADDRESS],
					 cfg->entry.addr.proto, extack))
			return -EINVAL;
		memset(cfg->srcs[cfg->n_srcs], 0, 16);
		memcpy(cfg->srcs[cfg->n_srcs],
		       unl_nla_data(tb[BR_MDBE_SRCATTR_ADDRESS]),
		       (size_t)unl_nla_len(tb[BR_MDBE_SRCATTR_ADDRESS]));
		cfg->n_srcs++;
	}
	return 0;
}

/* br_mdb_config_attrs_init() */
static int br_mdb_cfg_attrs(struct br_mdb_cfg *cfg, const struct nlattr *set,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[BR_MDBE_ATTR_MAX + 1];
	int err;

	err = unl_nla_parse_nested(tb, BR_MDBE_ATTR_MAX, set, br_mdbe_attrs_pol,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (tb[BR_MDBE_ATTR_SOURCE] &&
	    !br_mdb_valid_source(tb[BR_MDBE_ATTR_SOURCE], cfg->entry.addr.proto,
				 extack))
		return -EINVAL;
	br_mdb_entry_key(&cfg->entry, tb[BR_MDBE_ATTR_SOURCE], &cfg->group);
	if (tb[BR_MDBE_ATTR_GROUP_MODE]) {
		if (!cfg->p) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Filter mode cannot be set for host groups");
			return -EINVAL;
		}
		if (!br_mdb_star_g(&cfg->group)) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Filter mode can only be set for (*, G) entries");
			return -EINVAL;
		}
		cfg->filter_mode = unl_nla_get_u8(tb[BR_MDBE_ATTR_GROUP_MODE]);
	}
	if (tb[BR_MDBE_ATTR_SRC_LIST]) {
		if (!cfg->p) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Source list cannot be set for host groups");
			return -EINVAL;
		}
		if (!br_mdb_star_g(&cfg->group)) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Source list can only be set for (*, G) entries");
			return -EINVAL;
		}
		if (!tb[BR_MDBE_ATTR_GROUP_MODE]) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Source list cannot be set without filter mode");
			return -EINVAL;
		}
		err = br_mdb_cfg_srcs(cfg, tb[BR_MDBE_ATTR_SRC_LIST], extack);
		if (err)
			return err;
	}
	if (!cfg->n_srcs && cfg->filter_mode == MCAST_INCLUDE) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Cannot add (*, G) INCLUDE with an empty source list");
		return -EINVAL;
	}
	if (tb[BR_MDBE_ATTR_RTPROT]) {
		if (!cfg->p) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Protocol cannot be set for host groups");
			return -EINVAL;
		}
		cfg->rt_protocol = unl_nla_get_u8(tb[BR_MDBE_ATTR_RTPROT]);
	}
	return 0;
}

/* br_mdb_config_init() */
static int br_mdb_cfg_init(struct br_mdb_cfg *cfg, struct rtnl_link *dev,
			   const struct nlattr *const *tb, uint16_t nlflags,
			   struct unl_ext_ack *extack)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->filter_mode = MCAST_EXCLUDE;
	cfg->rt_protocol = RTPROT_STATIC;
	cfg->nlflags = nlflags;
	cfg->br = br_priv(dev);
	if (!rtnl_link_running(dev)) {
		UNL_SET_ERR_MSG(extack, "bridge: Bridge device is not running");
		return -EINVAL;
	}
	if (!br_opt(cfg->br, BROPT_MULTICAST_ENABLED)) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Bridge's multicast processing is disabled");
		return -EINVAL;
	}
	memcpy(&cfg->entry, unl_nla_data(tb[MDBA_SET_ENTRY]), sizeof(cfg->entry));
	if ((int)cfg->entry.ifindex != dev->ifindex) {
		struct rtnl_link *pdev =
			rtnl_link_by_index(dev->rn, (int)cfg->entry.ifindex);

		if (!pdev) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Port net device doesn't exist");
			return -ENODEV;
		}
		cfg->p = pdev->master ? br_port_of(pdev) : NULL;
		if (!cfg->p ||
		    rtnl_link_by_index(dev->rn, pdev->master)->ops !=
			    &rtnl_bridge_ops) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Net device is not a bridge port");
			return -EINVAL;
		}
		if (cfg->p->br != dev) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Port belongs to a different bridge device");
			return -EINVAL;
		}
	}
	if (cfg->entry.addr.proto == htons(ETH_P_IP) && !cfg->entry.addr.u.ip4) {
		UNL_SET_ERR_MSG(extack,
				"bridge: IPv4 entry group address 0.0.0.0 is not allowed");
		return -EINVAL;
	}
	if (tb[MDBA_SET_ENTRY_ATTRS])
		return br_mdb_cfg_attrs(cfg, tb[MDBA_SET_ENTRY_ATTRS], extack);
	br_mdb_entry_key(&cfg->entry, NULL, &cfg->group);
	return 0;
}

/* br_multicast_gmi(): the group membership interval with the RFC's
 * robustness of 2 */
static int64_t br_mdb_gmi(const struct br_priv *br)
{
	return 2 * (int64_t)br->mcast.query_interval +
	       (int64_t)br->mcast.query_response_interval;
}

/* br_multicast_host_join(): the host's membership and its timer; a
 * (*, G) group's (S, G) entries follow it. */
static void br_mdb_host_join(struct br_priv *br, struct br_mdb *mp)
{
	if (!mp->host_joined) {
		mp->host_joined = true;
		if (br_mdb_star_g(&mp->key))
			br_mdb_star_g_host_state(br, mp);
	}
	mp->host_expires =
		br_mdb_now(br) + (int64_t)br->mcast.membership_interval;
}

/* A new membership of port p, linked at pp. */
static struct br_mdb_pg *br_mdb_pg_new(struct br_mdb_pg **pp,
				       struct br_port *p)
{
	struct br_mdb_pg *pg = calloc(1, sizeof(*pg));

	if (!pg)
		return NULL;
	pg->port = p;
	pg->next = *pp;
	*pp = pg;
	return pg;
}

/* br_mdb_add_group_sg() and br_mdb_replace_group_sg(): a port's (S, G)
 * membership, the user's or one a source installs (no timer); the
 * (*, G) EXCLUDE ports join a new one. */
static int br_mdb_add_group_sg(struct br_mdb_cfg *cfg, struct br_mdb *mp,
			       uint8_t flags, struct unl_ext_ack *extack)
{
	struct br_priv *br = cfg->br;
	int64_t interval = (int64_t)br->mcast.membership_interval;
	struct br_mdb_pg **pp, *pg;
	bool replace = false;

	for (pp = &mp->ports; (pg = *pp); pp = &pg->next) {
		if (pg->port == cfg->p) {
			if (!(cfg->nlflags & NLM_F_REPLACE)) {
				UNL_SET_ERR_MSG(extack,
						"bridge: (S, G) group is already joined by port");
				return -EEXIST;
			}
			replace = true;
			break;
		}
		if (pg->port->port_no > cfg->p->port_no)
			break;
	}
	if (!replace) {
		pg = br_mdb_pg_new(pp, cfg->p);
		if (!pg)
			return -ENOMEM;
		pg->filter_mode = MCAST_INCLUDE;
	}
	pg->flags = flags;
	pg->rt_protocol = cfg->rt_protocol;
	pg->expires = !(flags & BR_MDB_PG_PERMANENT) && !cfg->src_entry
			      ? br_mdb_now(br) + interval
			      : 0;
	br_mdb_notify(br, mp, pg, RTM_NEWMDB);
	if (!replace && br_mdb_handle_mode(br, mp->key.proto)) {
		struct br_mdb_key star = br_mdb_star_key(&mp->key);
		struct br_mdb *star_mp = br_mdb_find(br, &star);

		if (star_mp)
			br_mdb_sg_add_exclude_ports(br, star_mp, &mp->key);
	}
	return 0;
}

/* br_mdb_add_group_src_fwd(): the (S, G) entry that forwards a source
 * of the port's (*, G) entry; blocked in EXCLUDE mode. */
static int br_mdb_add_src_fwd(const struct br_mdb_cfg *cfg, const uint8_t *src,
			      struct unl_ext_ack *extack)
{
	struct br_mdb_cfg sg_cfg = {
		.br = cfg->br, .p = cfg->p, .entry = cfg->entry,
		.group = br_mdb_sg_key(&cfg->group, src), .src_entry = true,
		.filter_mode = MCAST_INCLUDE, .rt_protocol = cfg->rt_protocol,
		.nlflags = cfg->nlflags,
	};
	struct br_mdb *sg_mp = br_mdb_get_or_new(cfg->br, &sg_cfg.group);
	uint8_t flags = 0;

	if (!sg_mp) {
		UNL_SET_ERR_MSG(extack, "bridge: Failed to add (S, G) MDB entry");
		return -ENOMEM;
	}
	if (cfg->entry.state == MDB_PERMANENT)
		flags |= BR_MDB_PG_PERMANENT;
	if (cfg->filter_mode == MCAST_EXCLUDE)
		flags |= BR_MDB_PG_BLOCKED;
	return br_mdb_add_group_sg(&sg_cfg, sg_mp, flags, extack);
}

/* br_multicast_new_group_src(): NULL when the group has all the
 * sources it may, or for a source no host may send from. */
static struct br_mdb_src *br_mdb_src_new(struct br_mdb_pg *pg, uint16_t proto,
					 const uint8_t *addr)
{
	static const uint8_t any[16];
	struct br_mdb_src *src;

	if (pg->n_srcs >= BR_PG_SRC_LIMIT)
		return NULL;
	/* ipv4_is_zeronet() is 0.0.0.0 alone now */
	if (proto == htons(ETH_P_IP) &&
	    (!memcmp(addr, any, 4) || (addr[0] & 0xf0) == 0xe0))
		return NULL;
	if (proto == htons(ETH_P_IPV6) &&
	    (!memcmp(addr, any, 16) || addr[0] == 0xff))
		return NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return NULL;
	memcpy(src->addr, addr, br_mdb_addr_len(proto));
	src->next = pg->srcs;
	pg->srcs = src;
	pg->n_srcs++;
	return src;
}

static struct br_mdb_src *br_mdb_src_find(const struct br_mdb_pg *pg,
					  uint16_t proto, const uint8_t *addr)
{
	for (struct br_mdb_src *s = pg->srcs; s; s = s->next)
		if (!memcmp(s->addr, addr, br_mdb_addr_len(proto)))
			return s;
	return NULL;
}

/* br_mdb_add_group_src(): the source (new, or replaced), its timer in
 * a temporary INCLUDE group, and its (S, G) entry. */
static int br_mdb_add_src(const struct br_mdb_cfg *cfg, struct br_mdb_pg *pg,
			  const uint8_t *addr, struct unl_ext_ack *extack)
{
	uint16_t proto = cfg->group.proto;
	struct br_mdb_src *src = br_mdb_src_find(pg, proto, addr);
	int err;

	if (!src) {
		src = br_mdb_src_new(pg, proto, addr);
		if (!src) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Failed to add new source entry");
			return -ENOSPC;
		}
	} else if (!(cfg->nlflags & NLM_F_REPLACE)) {
		UNL_SET_ERR_MSG(extack, "bridge: Source entry already exists");
		return -EEXIST;
	}
	src->expires = cfg->filter_mode == MCAST_INCLUDE &&
				       cfg->entry.state == MDB_TEMPORARY
			       ? br_mdb_now(cfg->br) + br_mdb_gmi(cfg->br)
			       : 0;
	err = br_mdb_add_src_fwd(cfg, addr, extack);
	if (err) {
		br_mdb_src_unlink(pg, src);
		return err;
	}
	src->flags = BR_SGRP_INSTALLED | BR_SGRP_USER_ADDED;
	return 0;
}

/* br_mdb_add_group_srcs(): all of them, or none (those added go). */
static int br_mdb_add_srcs(const struct br_mdb_cfg *cfg, struct br_mdb *mp,
			   struct br_mdb_pg *pg, struct unl_ext_ack *extack)
{
	for (unsigned int i = 0; i < cfg->n_srcs; i++) {
		int err = br_mdb_add_src(cfg, pg, cfg->srcs[i], extack);

		if (!err)
			continue;
		while (i--) {
			struct br_mdb_src *s = br_mdb_src_find(
				pg, cfg->group.proto, cfg->srcs[i]);

			if (s)
				br_mdb_del_src(cfg->br, mp, pg, s);
		}
		return err;
	}
	return 0;
}

/* br_mdb_replace_group_srcs(): the new list; the sources it lacks go. */
static int br_mdb_replace_srcs(const struct br_mdb_cfg *cfg, struct br_mdb *mp,
			       struct br_mdb_pg *pg,
			       struct unl_ext_ack *extack)
{
	struct br_mdb_src *s, *next;
	int err;

	for (s = pg->srcs; s; s = s->next)
		s->flags |= BR_SGRP_DELETE;
	err = br_mdb_add_srcs(cfg, mp, pg, extack);
	if (err) {
		for (s = pg->srcs; s; s = s->next)
			s->flags &= ~BR_SGRP_DELETE;
		return err;
	}
	for (s = pg->srcs; s; s = next) {
		next = s->next;
		if (s->flags & BR_SGRP_DELETE)
			br_mdb_del_src(cfg->br, mp, pg, s);
	}
	return 0;
}

/* The timer of a (*, G) membership: a temporary EXCLUDE one's. */
static int64_t br_mdb_star_expires(const struct br_mdb_cfg *cfg, uint8_t flags)
{
	return !(flags & BR_MDB_PG_PERMANENT) &&
			       cfg->filter_mode == MCAST_EXCLUDE
		       ? br_mdb_now(cfg->br) +
				 (int64_t)cfg->br->mcast.membership_interval
		       : 0;
}

/* br_mdb_replace_group_star_g() */
static int br_mdb_replace_star_g(struct br_mdb_cfg *cfg, struct br_mdb *mp,
				 struct br_mdb_pg *pg, uint8_t flags,
				 struct unl_ext_ack *extack)
{
	int err = br_mdb_replace_srcs(cfg, mp, pg, extack);

	if (err)
		return err;
	pg->flags = flags;
	pg->filter_mode = cfg->filter_mode;
	pg->rt_protocol = cfg->rt_protocol;
	pg->expires = br_mdb_star_expires(cfg, flags);
	br_mdb_notify(cfg->br, mp, pg, RTM_NEWMDB);
	if (br_mdb_handle_mode(cfg->br, mp->key.proto))
		br_mdb_star_g_handle_mode(cfg->br, mp, pg, cfg->filter_mode);
	return 0;
}

/* br_mdb_add_group_star_g(): the sources first (the membership is not
 * in the group yet), then the membership, announced; an EXCLUDE one
 * joins the group's (S, G) entries. */
static int br_mdb_add_star_g(struct br_mdb_cfg *cfg, struct br_mdb *mp,
			     uint8_t flags, struct unl_ext_ack *extack)
{
	struct br_mdb_pg **pp, *pg, *before;
	int err;

	for (pp = &mp->ports; (pg = *pp); pp = &pg->next) {
		if (pg->port == cfg->p) {
			if (!(cfg->nlflags & NLM_F_REPLACE)) {
				UNL_SET_ERR_MSG(extack,
						"bridge: (*, G) group is already joined by port");
				return -EEXIST;
			}
			return br_mdb_replace_star_g(cfg, mp, pg, flags,
						     extack);
		}
		if (pg->port->port_no > cfg->p->port_no)
			break;
	}
	before = *pp;
	pg = calloc(1, sizeof(*pg));
	if (!pg)
		return -ENOMEM;
	pg->port = cfg->p;
	pg->flags = flags;
	pg->filter_mode = cfg->filter_mode;
	pg->rt_protocol = cfg->rt_protocol;
	err = br_mdb_add_srcs(cfg, mp, pg, extack);
	if (err) {
		free(pg);
		return err;
	}
	/* the sources' (S, G) entries may have changed the list */
	for (pp = &mp->ports; *pp && *pp != before; pp = &(*pp)->next)
		;
	pg->next = *pp;
	*pp = pg;
	pg->expires = br_mdb_star_expires(cfg, flags);
	br_mdb_notify(cfg->br, mp, pg, RTM_NEWMDB);
	if (br_mdb_handle_mode(cfg->br, mp->key.proto) &&
	    cfg->filter_mode == MCAST_EXCLUDE)
		br_mdb_star_g_handle_mode(cfg->br, mp, pg, MCAST_EXCLUDE);
	return 0;
}

/* br_mdb_add_group(): the host joins, or a port does. */
static int br_mdb_add_group(struct br_mdb_cfg *cfg, struct unl_ext_ack *extack)
{
	struct br_priv *br = cfg->br;
	uint8_t flags = cfg->entry.state == MDB_PERMANENT ? BR_MDB_PG_PERMANENT
							 : 0;
	struct br_mdb *mp;

	/* __br_mdb_choose_context() */
	if (br_opt(br, BROPT_MCAST_VLAN_SNOOPING)) {
		if (!cfg->entry.vid) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Cannot add an entry without a vlan when vlan snooping is enabled");
			return -EINVAL;
		}
		if (!br_vlan_present(&br->vg, cfg->entry.vid)) {
			UNL_SET_ERR_MSG(extack, "bridge: Vlan is not configured");
			return -EINVAL;
		}
	}
	mp = br_mdb_get_or_new(br, &cfg->group);
	if (!mp)
		return -ENOMEM;
	if (!cfg->p) {
		if (mp->host_joined && !(cfg->nlflags & NLM_F_REPLACE)) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Group is already joined by host");
			return -EEXIST;
		}
		br_mdb_host_join(br, mp);
		br_mdb_notify(br, mp, NULL, RTM_NEWMDB);
		return 0;
	}
	if (br_mdb_star_g(&cfg->group))
		return br_mdb_add_star_g(cfg, mp, flags, extack);
	return br_mdb_add_group_sg(cfg, mp, flags, extack);
}

/* The VLANs an entry without one goes to when filtering is on. */
static int br_mdb_each_vlan(struct br_mdb_cfg *cfg,
			    int (*fn)(struct br_mdb_cfg *, struct unl_ext_ack *),
			    bool stop_on_error, struct unl_ext_ack *extack)
{
	const struct br_vlan_group *vg = cfg->p ? &cfg->p->vg : &cfg->br->vg;
	int err = 0;

	if (!br_opt(cfg->br, BROPT_VLAN_ENABLED) || cfg->entry.vid)
		return fn(cfg, extack);
	for (const struct br_vlan *v = vg->vlans; v; v = v->next) {
		cfg->entry.vid = cfg->group.vid = v->vid;
		err = fn(cfg, extack);
		if (err && stop_on_error)
			break;
	}
	return err;
}

int br_mdb_add(struct rtnl_link *dev, const struct nlattr *const *tb,
		      uint16_t nlmsg_flags, struct unl_ext_ack *extack)
{
	struct br_mdb_cfg cfg;
	int err;

	if (!dev->rn->feat.br_igmp_snooping) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	err = br_mdb_cfg_init(&cfg, dev, tb, nlmsg_flags, extack);
	if (err)
		return err;
	br_mdb_expire(cfg.br);
	if (!cfg.p && cfg.group.proto) {
		if (cfg.entry.state) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Flags are not allowed for host groups");
			return -EINVAL;
		}
		if (!br_mdb_star_g(&cfg.group)) {
			UNL_SET_ERR_MSG(extack,
					"bridge: Groups with sources cannot be manually host joined");
			return -EINVAL;
		}
	}
	if (!cfg.group.proto && cfg.entry.state != MDB_PERMANENT) {
		UNL_SET_ERR_MSG(extack, "bridge: Only permanent L2 entries allowed");
		return -EINVAL;
	}
	if (cfg.p && cfg.p->state == BR_STATE_DISABLED &&
	    cfg.entry.state != MDB_PERMANENT) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Port is in disabled state and entry is not permanent");
		return -EINVAL;
	}
	err = br_mdb_each_vlan(&cfg, br_mdb_add_group, true, extack);
	br_mdb_sweep(cfg.br);
	return err;
}

/* __br_mdb_del() */
static int br_mdb_del_one(struct br_mdb_cfg *cfg, struct unl_ext_ack *extack)
{
	struct br_priv *br = cfg->br;
	struct br_mdb *mp = br_mdb_find(br, &cfg->group);

	(void)extack;
	if (!mp)
		return -EINVAL;
	if ((int)cfg->entry.ifindex == br->dev->ifindex && mp->host_joined) {
		/* br_multicast_host_leave() */
		mp->host_joined = false;
		mp->host_expires = 0;
		if (br_mdb_star_g(&mp->key))
			br_mdb_star_g_host_state(br, mp);
		br_mdb_notify(br, mp, NULL, RTM_DELMDB);
		return 0;
	}
	for (struct br_mdb_pg **pp = &mp->ports; *pp; pp = &(*pp)->next)
		if ((*pp)->port->dev->ifindex == (int)cfg->entry.ifindex) {
			br_mdb_del_pg(br, mp, pp);
			return 0;
		}
	return -EINVAL;
}

int br_mdb_del(struct rtnl_link *dev, const struct nlattr *const *tb,
		      struct unl_ext_ack *extack)
{
	struct br_mdb_cfg cfg;
	int err;

	if (!dev->rn->feat.br_igmp_snooping) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	err = br_mdb_cfg_init(&cfg, dev, tb, 0, extack);
	if (err)
		return err;
	br_mdb_expire(cfg.br);
	err = br_mdb_each_vlan(&cfg, br_mdb_del_one, false, extack);
	br_mdb_sweep(cfg.br);
	return err;
}

/* struct br_mdb_flush_desc */
struct br_mdb_flush {
	int port_ifindex;
	uint16_t vid;
	uint8_t rt_protocol, state, state_mask;
};

static const struct unl_nla_policy br_mdbe_del_bulk_pol[BR_MDBE_ATTR_MAX + 1] = {
	[BR_MDBE_ATTR_RTPROT] = UNL_NLA_POLICY_MIN(UNL_NLA_U8, RTPROT_STATIC),
	[BR_MDBE_ATTR_STATE_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_U8, MDB_PERMANENT),
};

/* br_mdb_flush_host(): the bridge's own membership, unless a port or
 * a protocol is asked (only an L2 group's is permanent) */
static void br_mdb_flush_host(struct br_priv *br, struct br_mdb *mp,
			      const struct br_mdb_flush *d)
{
	uint8_t state = mp->key.proto == 0 ? MDB_PERMANENT : 0;

	if ((d->port_ifindex && d->port_ifindex != br->dev->ifindex) ||
	    d->rt_protocol || !mp->host_joined)
		return;
	if (d->state_mask && (state & d->state_mask) != d->state)
		return;
	mp->host_joined = false;
	mp->host_expires = 0;
	if (br_mdb_star_g(&mp->key))
		br_mdb_star_g_host_state(br, mp);
	br_mdb_notify(br, mp, NULL, RTM_DELMDB);
}

static bool br_mdb_flush_match(const struct br_mdb_pg *p,
			       const struct br_mdb_flush *d)
{
	uint8_t state = p->flags & BR_MDB_PG_PERMANENT ? MDB_PERMANENT : 0;

	return !((d->port_ifindex &&
		  d->port_ifindex != p->port->dev->ifindex) ||
		 (d->rt_protocol && d->rt_protocol != p->rt_protocol) ||
		 (d->state_mask && (state & d->state_mask) != d->state));
}

/* br_mdb_flush_pgs(): the ports' memberships that match, looked for
 * afresh after each deletion (one may take others with it) */
static void br_mdb_flush_pgs(struct br_priv *br, struct br_mdb *mp,
			     const struct br_mdb_flush *d)
{
	struct br_mdb_pg **pp = &mp->ports;

	while (*pp) {
		if (!br_mdb_flush_match(*pp, d)) {
			pp = &(*pp)->next;
			continue;
		}
		br_mdb_del_pg(br, mp, pp);
		pp = &mp->ports;
	}
}

int br_mdb_del_bulk(struct rtnl_link *dev, const struct nlattr *const *tb,
		    struct unl_ext_ack *extack)
{
	const struct br_mdb_entry *e = unl_nla_data(tb[MDBA_SET_ENTRY]);
	const struct nlattr *attrs[BR_MDBE_ATTR_MAX + 1];
	struct br_mdb_flush d = { .port_ifindex = (int)e->ifindex,
				  .vid = e->vid, .state = e->state };
	struct br_priv *br = br_priv(dev);
	struct br_mdb *mp, *next;
	int err;

	if (!dev->rn->feat.br_igmp_snooping) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB bulk deletion");
		return -EOPNOTSUPP;
	}
	if (tb[MDBA_SET_ENTRY_ATTRS]) {
		err = unl_nla_parse_nested(attrs, BR_MDBE_ATTR_MAX,
					   tb[MDBA_SET_ENTRY_ATTRS],
					   br_mdbe_del_bulk_pol,
					   UNL_VALIDATE_STRICT, extack);
		if (err)
			return err;
		if (attrs[BR_MDBE_ATTR_STATE_MASK])
			d.state_mask =
				unl_nla_get_u8(attrs[BR_MDBE_ATTR_STATE_MASK]);
		if (attrs[BR_MDBE_ATTR_RTPROT])
			d.rt_protocol = unl_nla_get_u8(attrs[BR_MDBE_ATTR_RTPROT]);
	}
	br_mdb_expire(br);
	for (mp = *br_mdb_head(br); mp; mp = next) {
		next = mp->next;
		if (d.vid && d.vid != mp->key.vid)
			continue;
		br_mdb_flush_host(br, mp, &d);
		br_mdb_flush_pgs(br, mp, &d);
	}
	br_mdb_sweep(br);
	return 0;
}

/* ---- dump and lookup ---- */

/* br_mdb_dump(): one RTM_GETMDB of the bridge with its groups (from
 * args[1], memberships from args[2]). */
int br_mdb_dump(struct rtnl_link *dev, struct unl_skb *skb,
		       struct unl_callback *cb)
{
	struct br_priv *br = br_priv(dev);
	long idx = 0, s_idx = cb->args[1], pidx = 0, s_pidx = cb->args[2];
	struct br_port_msg *bpm;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	int err = 0;

	if (!dev->rn->feat.br_igmp_snooping)
		return 0;
	br_mdb_expire(br);
	nlh = unl_nlmsg_put(skb, rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
			    RTM_GETMDB, sizeof(*bpm), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	bpm = NLMSG_DATA(nlh);
	memset(bpm, 0, sizeof(*bpm));
	bpm->ifindex = (uint32_t)dev->ifindex;
	nest = rtnl_nest_start(skb, MDBA_MDB);
	if (!nest) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	for (struct br_mdb *mp = *br_mdb_head(br); mp; mp = mp->next, idx++) {
		struct nlattr *ent;

		if (idx < s_idx)
			continue;
		ent = rtnl_nest_start(skb, MDBA_MDB_ENTRY);
		if (!ent) {
			err = -EMSGSIZE;
			break;
		}
		if (!s_pidx && mp->host_joined &&
		    (err = br_mdb_fill_one(skb, br, mp, NULL))) {
			unl_nla_nest_cancel(skb, ent);
			break;
		}
		for (struct br_mdb_pg *pg = mp->ports; pg; pg = pg->next) {
			if (pidx++ < s_pidx)
				continue;
			err = br_mdb_fill_one(skb, br, mp, pg);
			if (err) {
				pidx--;
				unl_nla_nest_end(skb, ent);
				goto out;
			}
		}
		pidx = s_pidx = 0;
		unl_nla_nest_end(skb, ent);
	}
out:
	cb->args[1] = idx;
	cb->args[2] = pidx;
	unl_nla_nest_end(skb, nest);
	if (!err)
		err = br_rports_fill(skb, br);
	unl_nlmsg_end(skb, nlh);
	return err;
}

static const struct unl_nla_policy br_mdbe_get_pol[BR_MDBE_ATTR_MAX + 1] = {
	[BR_MDBE_ATTR_SOURCE] = UNL_NLA_POLICY_RANGE(UNL_NLA_BINARY, 4, 16),
};

int br_mdb_get(struct rtnl_link *dev, const struct nlattr *const *tb,
		      uint32_t portid, uint32_t seq, struct unl_ext_ack *extack)
{
	const struct br_mdb_entry *e = unl_nla_data(tb[BR_MDBA_GET_ENTRY]);
	const struct nlattr *src = NULL;
	struct br_priv *br = br_priv(dev);
	struct nlattr *mdb, *ent;
	struct br_port_msg *bpm;
	struct nlmsghdr *nlh;
	struct br_mdb_key k;
	struct unl_skb *skb;
	struct br_mdb *mp;

	if (!dev->rn->feat.br_igmp_snooping) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	if (tb[BR_MDBA_GET_ENTRY_ATTRS]) {
		const struct nlattr *at[BR_MDBE_ATTR_MAX + 1];
		int err = unl_nla_parse_nested(at, BR_MDBE_ATTR_MAX,
					       tb[BR_MDBA_GET_ENTRY_ATTRS],
					       br_mdbe_get_pol,
					       UNL_VALIDATE_STRICT, extack);

		if (err)
			return err;
		src = at[BR_MDBE_ATTR_SOURCE];
		if (src && !br_mdb_valid_source(src, e->addr.proto, extack))
			return -EINVAL;
	}
	br_mdb_entry_key(e, src, &k);
	br_mdb_expire(br);
	mp = br_mdb_find(br, &k);
	if (!mp) {
		UNL_SET_ERR_MSG(extack, "bridge: MDB entry not found");
		return -ENOENT;
	}
	skb = unl_nlmsg_new(4096);
	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, portid, seq, RTM_NEWMDB, sizeof(*bpm), 0);
	if (!nlh)
		goto full;
	bpm = NLMSG_DATA(nlh);
	memset(bpm, 0, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)dev->ifindex;
	mdb = rtnl_nest_start(skb, MDBA_MDB);
	ent = mdb ? rtnl_nest_start(skb, MDBA_MDB_ENTRY) : NULL;
	if (!ent || (mp->host_joined && br_mdb_fill_one(skb, br, mp, NULL)))
		goto full;
	for (struct br_mdb_pg *pg = mp->ports; pg; pg = pg->next)
		if (br_mdb_fill_one(skb, br, mp, pg))
			goto full;
	unl_nla_nest_end(skb, ent);
	unl_nla_nest_end(skb, mdb);
	unl_nlmsg_end(skb, nlh);
	return unl_unicast(dev->rn->ksk, skb, portid, true);
full:
	unl_skb_free(skb);
	UNL_SET_ERR_MSG(extack, "bridge: Failed to fill MDB get reply");
	return -EMSGSIZE;
}

