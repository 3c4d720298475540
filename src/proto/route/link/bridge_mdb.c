// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's multicast database as users fill it (net/bridge/br_mdb.c
 * and the group bookkeeping of br_multicast.c): groups (IPv4, IPv6 or
 * L2, with a VLAN, with a source for an (S, G) entry), each joined by
 * the bridge itself (host_joined) and by ports (permanent, or temporary
 * for a membership interval), added, replaced, deleted and looked up
 * with RTM_NEWMDB, RTM_DELMDB and RTM_GETMDB, dumped bridge by bridge
 * and announced to RTNLGRP_MDB.  No IGMP or MLD report is ever seen:
 * nothing is learnt.  A kernel without CONFIG_BRIDGE_IGMP_SNOOPING (the
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

/* MDB_PG_FLAGS_PERMANENT of br_private.h */
#define BR_MDB_PG_PERMANENT 0x01

/* A group's key (struct br_ip). */
struct br_mdb_key {
	uint16_t proto; /* network order; 0: L2 */
	uint16_t vid;
	uint8_t dst[16], src[16];
};

/* A port's membership (struct net_bridge_port_group). */
struct br_mdb_pg {
	struct br_mdb_pg *next;
	struct br_port *port;
	uint8_t flags, rt_protocol, filter_mode;
	int64_t expires; /* jiffies; 0: no timer */
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
		    (srcs_mode && unl_nla_put_u8(skb, MDBA_MDB_EATTR_GROUP_MODE,
						 pg->filter_mode)))
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
	skb = unl_nlmsg_new(256);
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

/* The group goes once no one is in it (its timer expires at once). */
static void br_mdb_put(struct br_priv *br, struct br_mdb *mp)
{
	if (mp->ports || mp->host_joined)
		return;
	for (struct br_mdb **pp = br_mdb_head(br); *pp; pp = &(*pp)->next)
		if (*pp == mp) {
			*pp = mp->next;
			break;
		}
	free(mp);
}

/* br_multicast_del_pg() */
static void br_mdb_del_pg(struct br_priv *br, struct br_mdb *mp,
			  struct br_mdb_pg **pp)
{
	struct br_mdb_pg *pg = *pp;

	*pp = pg->next;
	br_mdb_notify(br, mp, pg, RTM_DELMDB);
	free(pg);
}

/* A port's memberships go (all, or the temporary ones), newest group
 * first, each announced. */
void br_mdb_del_port(struct br_port *p, bool permanent_too)
{
	struct br_priv *br = br_priv(p->br);
	struct br_mdb *mp, *next;

	for (mp = *br_mdb_head(br); mp; mp = next) {
		next = mp->next;
		for (struct br_mdb_pg **pp = &mp->ports; *pp;) {
			if ((*pp)->port != p ||
			    (!permanent_too &&
			     ((*pp)->flags & BR_MDB_PG_PERMANENT))) {
				pp = &(*pp)->next;
				continue;
			}
			br_mdb_del_pg(br, mp, pp);
		}
		br_mdb_put(br, mp);
	}
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

/* Temporary memberships whose membership interval ran out. */
void br_mdb_expire(struct br_priv *br)
{
	int64_t now = br_mdb_now(br);
	struct br_mdb *mp, *next;

	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->mc_router_listed && p->mc_router_expires &&
		    p->mc_router_expires <= now)
			br_rport_del(p);
	for (mp = *br_mdb_head(br); mp; mp = next) {
		next = mp->next;
		for (struct br_mdb_pg **pp = &mp->ports; *pp;) {
			if ((*pp)->expires && (*pp)->expires <= now)
				br_mdb_del_pg(br, mp, pp);
			else
				pp = &(*pp)->next;
		}
		if (mp->host_joined && mp->host_expires &&
		    mp->host_expires <= now) {
			mp->host_joined = false;
			br_mdb_notify(br, mp, NULL, RTM_DELMDB);
		}
		br_mdb_put(br, mp);
	}
}

void br_mdb_destroy(struct br_priv *br)
{
	while (*br_mdb_head(br)) {
		struct br_mdb *mp = *br_mdb_head(br);

		*br_mdb_head(br) = mp->next;
		while (mp->ports) {
			struct br_mdb_pg *pg = mp->ports;

			mp->ports = pg->next;
			free(pg);
		}
		free(mp);
	}
}

/* ---- RTM_NEWMDB / RTM_DELMDB ---- */

static const struct unl_nla_policy br_mdbe_attrs_pol[BR_MDBE_ATTR_MAX + 1] = {
	[BR_MDBE_ATTR_SOURCE] = UNL_NLA_POLICY_RANGE(UNL_NLA_BINARY, 4, 16),
	[BR_MDBE_ATTR_GROUP_MODE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, MCAST_EXCLUDE,
						      MCAST_INCLUDE),
	[BR_MDBE_ATTR_SRC_LIST] = { .type = UNL_NLA_NESTED },
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

static bool br_mdb_star_g(const struct br_mdb_key *k)
{
	static const uint8_t zero[16];

	return !memcmp(k->src, zero, sizeof(zero));
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
		/* the sources of a (*, G) entry and the (S, G) entries
		 * they install are not modelled (docs/conformance.md) */
		UNL_SET_ERR_MSG(extack,
				"bridge: Source lists are not supported");
		return -EOPNOTSUPP;
	}
	if (cfg->filter_mode == MCAST_INCLUDE) {
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

/* br_mdb_add_group(): the host joins, or a port does (a new membership
 * in port order, or the one there replaced with NLM_F_REPLACE). */
static int br_mdb_add_group(struct br_mdb_cfg *cfg, struct unl_ext_ack *extack)
{
	struct br_priv *br = cfg->br;
	int64_t interval = (int64_t)br->mcast.membership_interval;
	uint8_t flags = cfg->entry.state == MDB_PERMANENT ? BR_MDB_PG_PERMANENT
							 : 0;
	struct br_mdb_pg **pp, *pg;
	struct br_mdb *mp;
	bool star = br_mdb_star_g(&cfg->group);

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
		mp->host_joined = true;
		mp->host_expires = br_mdb_now(br) + interval;
		br_mdb_notify(br, mp, NULL, RTM_NEWMDB);
		return 0;
	}
	for (pp = &mp->ports; (pg = *pp); pp = &pg->next) {
		if (pg->port == cfg->p) {
			if (!(cfg->nlflags & NLM_F_REPLACE)) {
				UNL_SET_ERR_MSG(extack,
						star ? "bridge: (*, G) group is already joined by port"
						     : "bridge: (S, G) group is already joined by port");
				return -EEXIST;
			}
			goto set;
		}
		if (pg->port->port_no > cfg->p->port_no)
			break;
	}
	pg = calloc(1, sizeof(*pg));
	if (!pg) {
		br_mdb_put(br, mp);
		return -ENOMEM;
	}
	pg->port = cfg->p;
	pg->next = *pp;
	*pp = pg;
set:
	pg->flags = flags;
	pg->rt_protocol = cfg->rt_protocol;
	pg->filter_mode = star ? cfg->filter_mode : MCAST_INCLUDE;
	pg->expires = (flags & BR_MDB_PG_PERMANENT) ||
			      (star && cfg->filter_mode != MCAST_EXCLUDE)
			      ? 0
			      : br_mdb_now(br) + interval;
	br_mdb_notify(br, mp, pg, RTM_NEWMDB);
	return 0;
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
	return br_mdb_each_vlan(&cfg, br_mdb_add_group, true, extack);
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
		mp->host_joined = false;
		br_mdb_notify(br, mp, NULL, RTM_DELMDB);
		br_mdb_put(br, mp);
		return 0;
	}
	for (struct br_mdb_pg **pp = &mp->ports; *pp; pp = &(*pp)->next)
		if ((*pp)->port->dev->ifindex == (int)cfg->entry.ifindex) {
			br_mdb_del_pg(br, mp, pp);
			br_mdb_put(br, mp);
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
	return br_mdb_each_vlan(&cfg, br_mdb_del_one, false, extack);
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
	br_mdb_notify(br, mp, NULL, RTM_DELMDB);
}

/* br_mdb_flush_pgs(): the ports' memberships that match */
static void br_mdb_flush_pgs(struct br_priv *br, struct br_mdb *mp,
			     const struct br_mdb_flush *d)
{
	for (struct br_mdb_pg **pp = &mp->ports; *pp;) {
		struct br_mdb_pg *p = *pp;
		uint8_t state = p->flags & BR_MDB_PG_PERMANENT ? MDB_PERMANENT
							       : 0;

		if ((d->port_ifindex &&
		     d->port_ifindex != p->port->dev->ifindex) ||
		    (d->rt_protocol && d->rt_protocol != p->rt_protocol) ||
		    (d->state_mask && (state & d->state_mask) != d->state)) {
			pp = &p->next;
			continue;
		}
		br_mdb_del_pg(br, mp, pp);
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
		br_mdb_put(br, mp);
	}
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

