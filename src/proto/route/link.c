// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Links: RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK and RTNLGRP_LINK
 * (net/core/rtnetlink.c with the link kinds of drivers/net/{loopback,
 * dummy,veth}.c, net/bridge and net/8021q reduced to their control
 * plane).
 *
 * Operational state follows the kernel's rules: a device reports DOWN
 * while it is not up; an up device without carrier is DOWN, or
 * LOWERLAYERDOWN when its iflink (a veth's peer) has no carrier either;
 * a device whose driver never signals carrier (lo, dummy) stays UNKNOWN.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_arp.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/veth.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/route/route-private.h"

/* idev->if_flags once addrconf has configured a device (net/if_inet6.h) */
#define IF_READY 0x80000000u
#define IF_RS_SENT 0x10
#define DEVCONF6_FORWARDING 0
#define DEVCONF6_MTU6 2
#define DEVCONF6_ACCEPT_RA 3
#define DEVCONF6_RTR_SOLICITS 7
#define DEVCONF6_USE_TEMPADDR 10
#define DEVCONF6_ACCEPT_DAD 27
#define DEVCONF6_ADDR_GEN_MODE 47

/* IFLA_INFO_DATA of a new bridge (br_fill_info) with its defaults: a
 * run of attributes kept as bytes, since only their values matter. */
static const uint8_t bridge_info_data[] = {
	0x0c, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, /* hello_timer */
	0x0c, 0x00, 0x11, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, /* tcn_timer */
	0x0c, 0x00, 0x12, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x13, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
	0x08, 0x00, 0x01, 0x00, 0xdc, 0x05, 0, 0, /* forward_delay 1500 */
	0x08, 0x00, 0x02, 0x00, 0xc8, 0, 0, 0,    /* hello_time 200 */
	0x08, 0x00, 0x03, 0x00, 0xd0, 0x07, 0, 0, /* max_age 2000 */
	0x08, 0x00, 0x04, 0x00, 0x30, 0x75, 0, 0, /* ageing_time 30000 */
	0x08, 0x00, 0x05, 0x00, 0, 0, 0, 0,       /* stp_state */
	0x06, 0x00, 0x06, 0x00, 0x00, 0x80, 0, 0, /* priority 32768 */
	0x05, 0x00, 0x07, 0x00, 0, 0, 0, 0,       /* vlan_filtering */
	0x06, 0x00, 0x09, 0x00, 0, 0, 0, 0,       /* group_fwd_mask */
	0x0c, 0x00, 0x0b, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, /* bridge_id */
	0x0c, 0x00, 0x0a, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, /* root_id */
	0x06, 0x00, 0x0c, 0x00, 0, 0, 0, 0,       /* root_port */
	0x08, 0x00, 0x0d, 0x00, 0, 0, 0, 0,       /* root_path_cost */
	0x05, 0x00, 0x0e, 0x00, 0, 0, 0, 0,       /* topology_change */
	0x05, 0x00, 0x0f, 0x00, 0, 0, 0, 0,
	0x0a, 0x00, 0x14, 0x00, 0x01, 0x80, 0xc2, 0, 0, 0, 0, 0, /* group_addr */
	0x0c, 0x00, 0x2e, 0x00, 0, 0, 0, 0, 0x1f, 0, 0, 0, /* multi_boolopt */
	0x08, 0x00, 0x30, 0x00, 0, 0, 0, 0,
	0x08, 0x00, 0x31, 0x00, 0, 0, 0, 0,
	0x05, 0x00, 0x16, 0x00, 0x01, 0, 0, 0, /* mcast_router */
	0x05, 0x00, 0x17, 0x00, 0x01, 0, 0, 0, /* mcast_snooping */
	0x05, 0x00, 0x18, 0x00, 0, 0, 0, 0,
	0x05, 0x00, 0x19, 0x00, 0, 0, 0, 0,
	0x05, 0x00, 0x2a, 0x00, 0, 0, 0, 0,
	0x08, 0x00, 0x1a, 0x00, 0x10, 0, 0, 0,    /* hash_elasticity */
	0x08, 0x00, 0x1b, 0x00, 0, 0x10, 0, 0,    /* hash_max */
	0x08, 0x00, 0x1c, 0x00, 0x02, 0, 0, 0,
	0x08, 0x00, 0x1d, 0x00, 0x02, 0, 0, 0,
	0x05, 0x00, 0x2b, 0x00, 0x02, 0, 0, 0,    /* igmp_version */
	0x05, 0x00, 0x2c, 0x00, 0x01, 0, 0, 0,    /* mld_version */
	0x0c, 0x00, 0x1e, 0x00, 0x64, 0, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x1f, 0x00, 0x90, 0x65, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x20, 0x00, 0x9c, 0x63, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x21, 0x00, 0xd4, 0x30, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x22, 0x00, 0xe8, 0x03, 0, 0, 0, 0, 0, 0,
	0x0c, 0x00, 0x23, 0x00, 0x34, 0x0c, 0, 0, 0, 0, 0, 0,
	0x05, 0x00, 0x24, 0x00, 0, 0, 0, 0,
	0x05, 0x00, 0x25, 0x00, 0, 0, 0, 0,
	0x05, 0x00, 0x26, 0x00, 0, 0, 0, 0,
};

/* IFLA_INFO_SLAVE_DATA of a bridge port (br_port_fill_attrs) with the
 * defaults: type, payload length, payload.  State, ids and port numbers
 * are patched in by put_brport(). */
static const struct {
	uint8_t type, len;
	uint8_t v[8];
} brport_attrs[] = {
	{ IFLA_BRPORT_STATE, 1, { 0 } },
	{ IFLA_BRPORT_PRIORITY, 2, { 0x20 } },
	{ IFLA_BRPORT_COST, 4, { 2 } },
	{ IFLA_BRPORT_MODE, 1, { 0 } },
	{ IFLA_BRPORT_GUARD, 1, { 0 } },
	{ IFLA_BRPORT_PROTECT, 1, { 0 } },
	{ IFLA_BRPORT_FAST_LEAVE, 1, { 0 } },
	{ IFLA_BRPORT_MCAST_TO_UCAST, 1, { 0 } },
	{ IFLA_BRPORT_LEARNING, 1, { 1 } },
	{ IFLA_BRPORT_UNICAST_FLOOD, 1, { 1 } },
	{ IFLA_BRPORT_MCAST_FLOOD, 1, { 1 } },
	{ IFLA_BRPORT_BCAST_FLOOD, 1, { 1 } },
	{ IFLA_BRPORT_PROXYARP, 1, { 0 } },
	{ IFLA_BRPORT_PROXYARP_WIFI, 1, { 0 } },
	{ IFLA_BRPORT_ROOT_ID, 8, { 0x80 } },
	{ IFLA_BRPORT_BRIDGE_ID, 8, { 0x80 } },
	{ IFLA_BRPORT_DESIGNATED_PORT, 2, { 0 } },
	{ IFLA_BRPORT_DESIGNATED_COST, 2, { 0 } },
	{ IFLA_BRPORT_ID, 2, { 0 } },
	{ IFLA_BRPORT_NO, 2, { 0 } },
	{ IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, 1, { 0 } },
	{ IFLA_BRPORT_CONFIG_PENDING, 1, { 0 } },
	{ IFLA_BRPORT_VLAN_TUNNEL, 1, { 0 } },
	{ IFLA_BRPORT_GROUP_FWD_MASK, 2, { 0 } },
	{ IFLA_BRPORT_NEIGH_SUPPRESS, 1, { 0 } },
	{ 35 /* MRP_RING_OPEN */, 1, { 0 } },
	{ 36 /* MRP_IN_OPEN */, 1, { 0 } },
	{ IFLA_BRPORT_ISOLATED, 1, { 0 } },
	{ 39 /* LOCKED */, 1, { 0 } },
	{ 40 /* MAB */, 1, { 0 } },
	{ 43 /* NEIGH_VLAN_SUPPRESS */, 1, { 0 } },
	{ IFLA_BRPORT_MESSAGE_AGE_TIMER, 8, { 0 } },
	{ IFLA_BRPORT_FORWARD_DELAY_TIMER, 8, { 0 } },
	{ IFLA_BRPORT_HOLD_TIMER, 8, { 0 } },
	{ IFLA_BRPORT_MULTICAST_ROUTER, 1, { 1 } },
	{ 37 /* MCAST_EHT_HOSTS_LIMIT */, 4, { 0, 2 } },
	{ 38 /* MCAST_EHT_HOSTS_CNT */, 4, { 0 } },
	{ 41 /* MCAST_N_GROUPS */, 4, { 0 } },
	{ 42 /* MCAST_MAX_GROUPS */, 4, { 0 } },
};

static const char *const kind_names[] = {
	[RTNL_KIND_LOOPBACK] = "",
	[RTNL_KIND_DUMMY] = "dummy",
	[RTNL_KIND_VETH] = "veth",
	[RTNL_KIND_BRIDGE] = "bridge",
	[RTNL_KIND_VLAN] = "vlan",
};

static const struct unl_nla_policy ifla_info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = UNL_NLA_STRING },
	[IFLA_INFO_DATA] = { .type = UNL_NLA_NESTED },
	[IFLA_INFO_SLAVE_KIND] = { .type = UNL_NLA_STRING },
	[IFLA_INFO_SLAVE_DATA] = { .type = UNL_NLA_NESTED },
};

/* ifla_policy, for the attributes modelled here. */
static const struct unl_nla_policy ifla_policy[RTNL_IFLA_MAX + 1] = {
	[IFLA_UNSPEC] = { .strict_start_type = RTNL_IFLA_DPLL_PIN },
	[IFLA_IFNAME] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFLA_ADDRESS] = { .type = UNL_NLA_BINARY, .len = 32 },
	[IFLA_BROADCAST] = { .type = UNL_NLA_BINARY, .len = 32 },
	[IFLA_MAP] = UNL_NLA_POLICY_MIN_LEN(sizeof(struct rtnl_link_ifmap)),
	[IFLA_MTU] = { .type = UNL_NLA_U32 },
	[IFLA_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_MASTER] = { .type = UNL_NLA_U32 },
	[IFLA_CARRIER] = { .type = UNL_NLA_U8 },
	[IFLA_TXQLEN] = { .type = UNL_NLA_U32 },
	[IFLA_WEIGHT] = { .type = UNL_NLA_U32 },
	[IFLA_OPERSTATE] = { .type = UNL_NLA_U8 },
	[IFLA_LINKMODE] = { .type = UNL_NLA_U8 },
	[IFLA_LINKINFO] = { .type = UNL_NLA_NESTED },
	[IFLA_NET_NS_PID] = { .type = UNL_NLA_U32 },
	[IFLA_NET_NS_FD] = { .type = UNL_NLA_U32 },
	[IFLA_IFALIAS] = { .type = UNL_NLA_STRING, .len = IFALIASZ - 1 },
	[IFLA_VFINFO_LIST] = { .type = UNL_NLA_NESTED },
	[IFLA_VF_PORTS] = { .type = UNL_NLA_NESTED },
	[IFLA_PORT_SELF] = { .type = UNL_NLA_NESTED },
	[IFLA_AF_SPEC] = { .type = UNL_NLA_NESTED },
	[IFLA_EXT_MASK] = { .type = UNL_NLA_U32 },
	[IFLA_PROMISCUITY] = { .type = UNL_NLA_U32 },
	[IFLA_NUM_TX_QUEUES] = { .type = UNL_NLA_U32 },
	[IFLA_NUM_RX_QUEUES] = { .type = UNL_NLA_U32 },
	[IFLA_GSO_MAX_SEGS] = { .type = UNL_NLA_U32 },
	[IFLA_GSO_MAX_SIZE] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[IFLA_PHYS_PORT_ID] = { .type = UNL_NLA_BINARY, .len = 32 },
	[IFLA_CARRIER_CHANGES] = { .type = UNL_NLA_U32 },
	[IFLA_PHYS_SWITCH_ID] = { .type = UNL_NLA_BINARY, .len = 32 },
	[IFLA_LINK_NETNSID] = { .type = UNL_NLA_S32 },
	[IFLA_PROTO_DOWN] = { .type = UNL_NLA_U8 },
	[IFLA_XDP] = { .type = UNL_NLA_NESTED },
	[IFLA_EVENT] = { .type = UNL_NLA_U32 },
	[IFLA_GROUP] = { .type = UNL_NLA_U32 },
	[IFLA_TARGET_NETNSID] = { .type = UNL_NLA_S32 },
	[IFLA_CARRIER_UP_COUNT] = { .type = UNL_NLA_REJECT },
	[IFLA_CARRIER_DOWN_COUNT] = { .type = UNL_NLA_REJECT },
	[IFLA_MIN_MTU] = { .type = UNL_NLA_U32 },
	[IFLA_MAX_MTU] = { .type = UNL_NLA_U32 },
	[IFLA_PROP_LIST] = { .type = UNL_NLA_NESTED },
	[IFLA_ALT_IFNAME] = { .type = UNL_NLA_STRING, .len = ALTIFNAMSIZ - 1 },
	[IFLA_PERM_ADDRESS] = { .type = UNL_NLA_REJECT },
	[IFLA_PROTO_DOWN_REASON] = { .type = UNL_NLA_NESTED },
	[IFLA_NEW_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_S32, 1),
	[IFLA_PARENT_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[IFLA_GRO_MAX_SIZE] = { .type = UNL_NLA_U32 },
	[IFLA_TSO_MAX_SIZE] = { .type = UNL_NLA_REJECT },
	[IFLA_TSO_MAX_SEGS] = { .type = UNL_NLA_REJECT },
	[RTNL_IFLA_ALLMULTI] = { .type = UNL_NLA_REJECT },
	[RTNL_IFLA_GSO_IPV4_MAX_SIZE] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[RTNL_IFLA_GRO_IPV4_MAX_SIZE] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[RTNL_IFLA_NETNS_IMMUTABLE] = { .type = UNL_NLA_REJECT },
	[RTNL_IFLA_HEADROOM] = { .type = UNL_NLA_REJECT },
	[RTNL_IFLA_TAILROOM] = { .type = UNL_NLA_REJECT },
};

/* ---- lookups and state ---- */

struct rtnl_link *rtnl_link_by_index(struct rtnl_net *rn, int ifindex)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ifindex == ifindex)
			return l;
	return NULL;
}

struct rtnl_link *rtnl_link_by_name(struct rtnl_net *rn, const char *name)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (!strcmp(l->name, name))
			return l;
	return NULL;
}

bool rtnl_link_running(const struct rtnl_link *l)
{
	return l->flags & IFF_UP;
}

bool rtnl_link_up(const struct rtnl_link *l)
{
	return rtnl_link_running(l) && l->carrier;
}

/* default_operstate() */
static uint8_t link_default_operstate(struct rtnl_link *l)
{
	struct rtnl_link *peer;

	if (!l->carrier) {
		if (l->iflink == l->ifindex)
			return IF_OPER_DOWN;
		peer = rtnl_link_by_index(l->rn, l->iflink);
		if (!peer)
			return IF_OPER_DOWN;
		return peer->carrier ? IF_OPER_DOWN : IF_OPER_LOWERLAYERDOWN;
	}
	return IF_OPER_UP;
}

static void link_notify(struct rtnl_link *l, int type, unsigned int change,
			struct unl_skb *req, const struct nlmsghdr *nlh);

/* linkwatch_fire_event(): the device is looked at again once the request
 * that changed it is done, as the kernel's linkwatch work runs after it. */
static void linkwatch_fire(struct rtnl_link *l)
{
	struct rtnl_net *rn = l->rn;

	for (unsigned int i = 0; i < rn->lw_n; i++)
		if (rn->lw[i] == l->ifindex)
			return;
	if (rn->lw_n < sizeof(rn->lw) / sizeof(rn->lw[0]))
		rn->lw[rn->lw_n++] = l->ifindex;
}

/* netif_carrier_on() / netif_carrier_off() */
static void link_carrier_set(struct rtnl_link *l, bool on)
{
	if (l->carrier == on)
		return;
	l->carrier = on;
	l->carrier_managed = true;
	l->carrier_changes++;
	if (on)
		l->carrier_up++;
	else
		l->carrier_down++;
	linkwatch_fire(l);
}

/* What the drivers do to the carrier when something changed: a veth has
 * it while both ends are up; a bridge, once it has had ports, while one
 * of them is up (no STP: a port forwards at once); a vlan while its
 * lower device is up.  lo and dummy always have it. */
static void link_update_carrier(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link *o;
	bool want;

	switch (l->kind) {
	case RTNL_KIND_VETH:
		o = rtnl_link_by_index(rn, l->peer);
		want = rtnl_link_running(l) && o && rtnl_link_running(o);
		break;
	case RTNL_KIND_BRIDGE:
		if (!l->bridge_had_ports)
			return;
		want = false;
		for (o = rn->links; o && rtnl_link_running(l); o = o->next)
			if (o->master == l->ifindex && rtnl_link_up(o))
				want = true;
		break;
	case RTNL_KIND_VLAN:
		o = rtnl_link_by_index(rn, l->iflink);
		want = o && rtnl_link_up(o);
		break;
	default:
		return;
	}
	link_carrier_set(l, want);
}

/* first (may be NULL) is the device that changed: its driver sets its
 * own carrier before its peer's (veth_open, veth_close), and linkwatch
 * handles the events in that order. */
static void link_update_carriers_from(struct rtnl_net *rn,
				      struct rtnl_link *first)
{
	if (first)
		link_update_carrier(rn, first);
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		link_update_carrier(rn, l);
}

static void link_update_carriers(struct rtnl_net *rn)
{
	link_update_carriers_from(rn, NULL);
}

/* rfc2863_policy() */
static void link_update_operstate(struct rtnl_link *l)
{
	uint8_t op;

	if (!l->carrier_managed)
		return;
	op = link_default_operstate(l);
	if (l->linkmode == IF_LINK_MODE_DORMANT && op == IF_OPER_UP)
		op = IF_OPER_DORMANT;
	l->operstate = op;
}

/* What NETDEV_CHANGE does to one neighbour table (arp_netdev_event,
 * ndisc_netdev_event), whatever changed: a move of IFF_NOARP empties it
 * (what was resolved one way may not hold the other), and a device
 * without carrier, be it a carrier loss or any flag or attribute change
 * while it lasts, loses every entry but the permanent ones. */
static void link_neigh_change(struct rtnl_net *rn, struct rtnl_link *l,
			      int family, unsigned int changes)
{
	if (changes & IFF_NOARP)
		rtnl_neigh_flush_dev(rn, family, l->ifindex, false);
	if (!l->carrier)
		rtnl_neigh_flush_dev(rn, family, l->ifindex, true);
}

/* linkwatch_do_dev() for every device fired, in order: operational
 * state, then NETDEV_CHANGE (routes, the ARP table, addresses, the
 * neighbour discovery table follow the carrier, in the notifiers'
 * order), then RTM_NEWLINK, for devices that are up. */
void rtnl_linkwatch_run(struct rtnl_net *rn)
{
	for (unsigned int i = 0; i < rn->lw_n; i++) {
		struct rtnl_link *l = rtnl_link_by_index(rn, rn->lw[i]);

		if (!l)
			continue;
		link_update_operstate(l);
		if (rtnl_link_running(l)) {
			rtnl_route_link_change(rn, l);
			link_neigh_change(rn, l, AF_INET, 0);
			rtnl_addr_link_change(rn, l);
			link_neigh_change(rn, l, AF_INET6, 0);
			link_notify(l, RTM_NEWLINK, 0, NULL, NULL);
		}
		/* a port's state moves its bridge's carrier */
		link_update_carriers(rn);
	}
	rn->lw_n = 0;
}

/* dev_get_flags() */
static unsigned int link_ifi_flags(const struct rtnl_link *l)
{
	unsigned int f = l->flags & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT);

	if (rtnl_link_running(l)) {
		if (l->operstate == IF_OPER_UP || l->operstate == IF_OPER_UNKNOWN)
			f |= IFF_RUNNING;
		if (l->carrier)
			f |= IFF_LOWER_UP;
		if (l->operstate == IF_OPER_DORMANT)
			f |= IFF_DORMANT;
	}
	return f;
}

/* ---- filling RTM_NEWLINK ---- */

/* idev->if_flags.  addrconf_dad_completed() sends a router solicitation
 * once the first link-local address is ready on a device that accepts
 * RAs, and the flag stays until the device goes down.  No flag is kept:
 * it is read from the addresses, so deleting that address (or turning
 * accept_ra off) afterwards clears it here and not in Linux. */
static uint32_t inet6_if_flags(const struct rtnl_link *l)
{
	const int32_t *c = l->cnf6;
	bool accept_ra = c[DEVCONF6_FORWARDING] ? c[DEVCONF6_ACCEPT_RA] == 2
						: c[DEVCONF6_ACCEPT_RA] != 0;

	if (!l->ipv6_up)
		return 0;
	if (!accept_ra || !c[DEVCONF6_RTR_SOLICITS] ||
	    (l->flags & IFF_LOOPBACK))
		return IF_READY;
	for (const struct rtnl_addr *a = l->rn->addrs; a; a = a->next)
		if (a->family == AF_INET6 && a->ifindex == l->ifindex &&
		    a->scope == RT_SCOPE_LINK &&
		    !(a->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)))
			return IF_READY | IF_RS_SENT;
	return IF_READY;
}

/* inet6_fill_ifla6_attrs(): IPv6's view of a device, in AF_SPEC of a
 * link message and in IFLA_PROTINFO of an AF_INET6 link dump. */
static int put_inet6_attrs(struct unl_skb *skb, const struct rtnl_link *l,
			   uint32_t ext_mask)
{
	struct ifla_cacheinfo ci;
	uint8_t token[16] = { 0 };

	memcpy(token + 8, l->token, sizeof(l->token));
	if (unl_nla_put_u32(skb, IFLA_INET6_FLAGS, inet6_if_flags(l)))
		return -EMSGSIZE;
	ci.max_reasm_len = 65535;
	ci.tstamp = l->inet6_tstamp;
	ci.reachable_time = l->reachable_time;
	ci.retrans_time = 1000;
	if (unl_nla_put(skb, IFLA_INET6_CACHEINFO, sizeof(ci), &ci) ||
	    unl_nla_put(skb, IFLA_INET6_CONF, sizeof(l->cnf6), l->cnf6))
		return -EMSGSIZE;
	if (!(ext_mask & RTNL_EXT_SKIP_STATS)) {
		uint64_t st[38] = { 38 }, ic[7] = { 7 };

		/* The counts head the blobs; no packet ever moves here. */
		if (unl_nla_put(skb, IFLA_INET6_STATS, sizeof(st), st) ||
		    unl_nla_put(skb, IFLA_INET6_ICMP6STATS, sizeof(ic), ic))
			return -EMSGSIZE;
	}
	if (unl_nla_put(skb, IFLA_INET6_TOKEN, sizeof(token), token) ||
	    unl_nla_put_u8(skb, IFLA_INET6_ADDR_GEN_MODE, l->addr_gen_mode))
		return -EMSGSIZE;
	return 0;
}

static int put_af_spec(struct unl_skb *skb, const struct rtnl_link *l,
		       uint32_t ext_mask)
{
	struct nlattr *af, *fam;

	af = rtnl_nest_start(skb, IFLA_AF_SPEC);
	if (!af)
		return -EMSGSIZE;
	fam = rtnl_nest_start(skb, AF_INET);
	if (!fam || unl_nla_put(skb, IFLA_INET_CONF, sizeof(l->cnf4), l->cnf4))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, fam);

	if (!l->no_inet6) {
		fam = rtnl_nest_start(skb, AF_INET6);
		if (!fam || put_inet6_attrs(skb, l, ext_mask))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, fam);
	}
	unl_nla_nest_end(skb, af);
	return 0;
}

/* br_port_fill_attrs(): a port of bridge m, in IFLA_INFO_SLAVE_DATA and
 * in IFLA_PROTINFO of an AF_BRIDGE link dump. */
static int put_brport_attrs(struct unl_skb *skb, const struct rtnl_link *l,
			    const struct rtnl_link *m)
{
	for (size_t i = 0; i < sizeof(brport_attrs) / sizeof(brport_attrs[0]);
	     i++) {
		uint8_t v[8];
		uint16_t id = (uint16_t)(0x8000 | l->brport_no);

		memcpy(v, brport_attrs[i].v, sizeof(v));
		switch (brport_attrs[i].type) {
		case IFLA_BRPORT_STATE:
			/* no STP: forwarding as soon as it is up */
			v[0] = rtnl_link_up(l) && rtnl_link_running(m)
				       ? BR_STATE_FORWARDING
				       : BR_STATE_DISABLED;
			break;
		case IFLA_BRPORT_ROOT_ID:
		case IFLA_BRPORT_BRIDGE_ID:
			memcpy(v + 2, m->addr, ETH_ALEN);
			break;
		case IFLA_BRPORT_DESIGNATED_PORT:
		case IFLA_BRPORT_ID:
			memcpy(v, &id, 2);
			break;
		case IFLA_BRPORT_NO:
			memcpy(v, &l->brport_no, 2);
			break;
		}
		if (unl_nla_put(skb, brport_attrs[i].type, brport_attrs[i].len,
				v))
			return -EMSGSIZE;
	}
	return 0;
}

static int put_linkinfo(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct nlattr *li, *data;
	const struct rtnl_link *m;

	m = l->master ? rtnl_link_by_index(l->rn, l->master) : NULL;
	if (l->kind == RTNL_KIND_LOOPBACK && !m)
		return 0;
	li = rtnl_nest_start(skb, IFLA_LINKINFO);
	if (!li)
		return -EMSGSIZE;
	if (l->kind != RTNL_KIND_LOOPBACK &&
	    unl_nla_put_string(skb, IFLA_INFO_KIND, kind_names[l->kind]))
		return -EMSGSIZE;
	if (l->kind == RTNL_KIND_BRIDGE) {
		data = rtnl_nest_start(skb, IFLA_INFO_DATA);
		uint8_t *p = unl_skb_put(skb, sizeof(bridge_info_data));

		if (!data || !p)
			return -EMSGSIZE;
		memcpy(p, bridge_info_data, sizeof(bridge_info_data));
		/* bridge_id and root_id: priority, then the bridge's MAC
		 * once it has had ports */
		for (size_t off = 0; off + 4 <= sizeof(bridge_info_data);
		     off += NLA_ALIGN(p[off] | p[off + 1] << 8)) {
			int t = p[off + 2] | p[off + 3] << 8;

			if ((t == IFLA_BR_BRIDGE_ID || t == IFLA_BR_ROOT_ID) &&
			    l->bridge_had_ports)
				memcpy(p + off + 6, l->addr, ETH_ALEN);
		}
		unl_nla_nest_end(skb, data);
	} else if (l->kind == RTNL_KIND_VLAN) {
		struct ifla_vlan_flags vf = { .flags = 1, .mask = 0xffffffff };

		data = rtnl_nest_start(skb, IFLA_INFO_DATA);
		if (!data ||
		    unl_nla_put(skb, IFLA_VLAN_PROTOCOL, 2, &l->vlan_proto) ||
		    unl_nla_put_u16(skb, IFLA_VLAN_ID, l->vlan_id) ||
		    unl_nla_put(skb, IFLA_VLAN_FLAGS, sizeof(vf), &vf))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, data);
	}
	if (m) {
		struct nlattr *sd;

		if (unl_nla_put_string(skb, IFLA_INFO_SLAVE_KIND, "bridge"))
			return -EMSGSIZE;
		sd = rtnl_nest_start(skb, IFLA_INFO_SLAVE_DATA);
		if (!sd || put_brport_attrs(skb, l, m))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, sd);
	}
	unl_nla_nest_end(skb, li);
	return 0;
}

/* rtnl_fill_ifinfo(), attributes in the kernel's order. */
static int link_fill(struct unl_skb *skb, const struct rtnl_link *l, int type,
		     uint32_t pid, uint32_t seq, unsigned int change,
		     int flags, uint32_t ext_mask)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	bool running = rtnl_link_running(l);
	struct rtnl_link_ifmap map = { 0 };

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = link_ifi_flags(l);
	ifm->ifi_change = change;

	if (unl_nla_put_string(skb, IFLA_IFNAME, l->name) ||
	    unl_nla_put_u32(skb, IFLA_TXQLEN, l->txqlen) ||
	    unl_nla_put_u8(skb, IFLA_OPERSTATE,
			   running ? l->operstate : IF_OPER_DOWN) ||
	    unl_nla_put_u8(skb, IFLA_LINKMODE, l->linkmode) ||
	    unl_nla_put_u8(skb, RTNL_IFLA_NETNS_IMMUTABLE,
			   l->kind == RTNL_KIND_LOOPBACK) ||
	    unl_nla_put_u32(skb, IFLA_MTU, l->mtu) ||
	    unl_nla_put_u32(skb, IFLA_MIN_MTU, l->min_mtu) ||
	    unl_nla_put_u32(skb, IFLA_MAX_MTU, l->max_mtu) ||
	    unl_nla_put_u32(skb, IFLA_GROUP, l->group) ||
	    unl_nla_put_u32(skb, IFLA_PROMISCUITY, l->promiscuity) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_ALLMULTI, l->allmulti) ||
	    unl_nla_put_u32(skb, IFLA_NUM_TX_QUEUES, l->num_tx_queues) ||
	    unl_nla_put_u32(skb, IFLA_GSO_MAX_SEGS, 65535) ||
	    unl_nla_put_u32(skb, IFLA_GSO_MAX_SIZE, 65536) ||
	    unl_nla_put_u32(skb, IFLA_GRO_MAX_SIZE, 65536) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_GSO_IPV4_MAX_SIZE, 65536) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_GRO_IPV4_MAX_SIZE, 65536) ||
	    unl_nla_put_u32(skb, IFLA_TSO_MAX_SIZE, l->tso_max_size) ||
	    unl_nla_put_u32(skb, IFLA_TSO_MAX_SEGS, 65535) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_MAX_PACING_OFFLOAD_HORIZON, 0) ||
	    unl_nla_put_u32(skb, IFLA_NUM_RX_QUEUES, l->num_rx_queues))
		goto fail;
	if (l->master && unl_nla_put_u32(skb, IFLA_MASTER, (uint32_t)l->master))
		goto fail;
	if (unl_nla_put_u8(skb, IFLA_CARRIER, l->carrier))
		goto fail;
	if (l->alias && unl_nla_put_string(skb, IFLA_IFALIAS, l->alias))
		goto fail;
	if (unl_nla_put_u32(skb, IFLA_CARRIER_CHANGES, l->carrier_changes) ||
	    unl_nla_put_u32(skb, IFLA_CARRIER_UP_COUNT, l->carrier_up) ||
	    unl_nla_put_u32(skb, IFLA_CARRIER_DOWN_COUNT, l->carrier_down) ||
	    unl_nla_put_u16(skb, RTNL_IFLA_HEADROOM, 0) ||
	    unl_nla_put_u16(skb, RTNL_IFLA_TAILROOM, 0) ||
	    unl_nla_put_u8(skb, IFLA_PROTO_DOWN, 0))
		goto fail;
	if (l->addr_len &&
	    (unl_nla_put(skb, IFLA_ADDRESS, l->addr_len, l->addr) ||
	     unl_nla_put(skb, IFLA_BROADCAST, l->addr_len, l->broadcast)))
		goto fail;
	{
		struct rtnl_link_stats64 s64 = { 0 };
		struct rtnl_link_stats s32 = { 0 };

		/* Always there (RTEXT_FILTER_SKIP_STATS only drops the
		 * per-family ones); x86-64 needs no IFLA_PAD before it. */
		if (unl_nla_put(skb, IFLA_STATS64, sizeof(s64), &s64) ||
		    unl_nla_put(skb, IFLA_STATS, sizeof(s32), &s32))
			goto fail;
	}
	{
		struct nlattr *xdp = rtnl_nest_start(skb, IFLA_XDP);

		if (!xdp || unl_nla_put_u8(skb, IFLA_XDP_ATTACHED, 0))
			goto fail;
		unl_nla_nest_end(skb, xdp);
	}
	if (put_linkinfo(skb, l))
		goto fail;
	/* dev_get_iflink(): 0 for a veth not (yet) paired, which differs
	 * from its index and so is reported */
	if ((l->iflink_none ? 0 : l->iflink) != l->ifindex &&
	    unl_nla_put_u32(skb, IFLA_LINK,
			    l->iflink_none ? 0 : (uint32_t)l->iflink))
		goto fail;
	if (unl_nla_put_string(skb, IFLA_QDISC,
				       l->activated ? "noqueue" : "noop"))
		goto fail;
	if (put_af_spec(skb, l, ext_mask))
		goto fail;
	if (unl_nla_put(skb, IFLA_MAP, sizeof(map), &map))
		goto fail;
	{
		struct nlattr *n = unl_nla_nest_start(skb, RTNL_IFLA_DEVLINK_PORT);

		if (!n)
			goto fail;
		unl_nla_nest_end(skb, n);
		n = unl_nla_nest_start(skb, RTNL_IFLA_DPLL_PIN);
		if (!n)
			goto fail;
		unl_nla_nest_end(skb, n);
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* if_nlmsg_size(): generous; the exact size does not show. */
#define LINK_MSG_SIZE 4096

static void link_notify(struct rtnl_link *l, int type, unsigned int change,
			struct unl_skb *req, const struct nlmsghdr *nlh)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;

	rn->dev_base_seq++;
	if (!unl_has_listeners(rn->ksk, RTNLGRP_LINK) &&
	    !(nlh && (nlh->nlmsg_flags & NLM_F_ECHO)))
		return;
	skb = unl_nlmsg_new(LINK_MSG_SIZE);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -ENOBUFS);
		return;
	}
	if (link_fill(skb, l, type, 0, nlh ? nlh->nlmsg_seq : 0, change, 0,
		      0)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, RTNLGRP_LINK,
		    nlh);
}

/* ---- creating and deleting ---- */

/* eth_hw_addr_random(): locally administered unicast, from the net's
 * seeded generator. */
static void link_random_mac(struct rtnl_net *rn, uint8_t *mac)
{
	uint32_t a = rtnl_random(rn), b = rtnl_random(rn);

	mac[0] = (uint8_t)((a & 0xfe) | 0x02);
	mac[1] = (uint8_t)(a >> 8);
	mac[2] = (uint8_t)(a >> 16);
	mac[3] = (uint8_t)b;
	mac[4] = (uint8_t)(b >> 8);
	mac[5] = (uint8_t)(b >> 16);
}

static int link_alloc_ifindex(struct rtnl_net *rn)
{
	/* dev_index_reserve(): cyclic from the last one handed out */
	for (int i = rn->ifindex_next;; i++) {
		if (i <= 0)
			i = 1;
		if (!rtnl_link_by_index(rn, i)) {
			rn->ifindex_next = i + 1;
			return i;
		}
	}
}

/* dev_alloc_name(): the first free number for a "%d" pattern. */
static int link_alloc_name(struct rtnl_net *rn, const char *pat, char *out)
{
	const char *pct = strstr(pat, "%d");

	for (int i = 0; i < 32768; i++) {
		char buf[64];

		/* the pattern has exactly one %d (link_pick_name checked) */
		snprintf(buf, sizeof(buf), "%.*s%d%s", (int)(pct - pat), pat, i,
			 pct + 2);
		if (strlen(buf) >= IFNAMSIZ)
			return -EINVAL;
		if (!rtnl_link_by_name(rn, buf)) {
			memcpy(out, buf, strlen(buf) + 1);
			return 0;
		}
	}
	return -ENFILE;
}

/* dev_valid_name() */
static bool link_name_valid(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':' || *name == ' ' ||
		    *name == '\t' || *name == '\n')
			return false;
	return true;
}

/* dev_get_valid_name(): the name a request asks for (want, even empty,
 * or dflt when it asks for none), "%d" patterns filled in.  Linux says
 * nothing but the errno. */
static int link_pick_name(struct rtnl_net *rn, const char *want,
			  const char *dflt, char *out)
{
	const char *pat = want ? want : dflt;

	if (strchr(pat, '%')) {
		const char *p = strchr(pat, '%');

		if (p[1] != 'd' || strchr(p + 2, '%'))
			return -EINVAL;
		return link_alloc_name(rn, pat, out);
	}
	if (!link_name_valid(pat))
		return -EINVAL;
	if (rtnl_link_by_name(rn, pat))
		return -EEXIST;
	memcpy(out, pat, strlen(pat) + 1);
	return 0;
}

static struct rtnl_link *link_new(struct rtnl_net *rn,
				  enum rtnl_link_kind kind)
{
	struct rtnl_link *l = calloc(1, sizeof(*l));
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	if (!l)
		return NULL;
	l->rn = rn;
	l->kind = kind;
	l->txqlen = 1000;
	l->num_tx_queues = l->num_rx_queues = 1;
	l->tso_max_size = 524280;
	l->linkmode = IF_LINK_MODE_DEFAULT;
	l->operstate = IF_OPER_UNKNOWN;
	l->carrier = true;
	/* inetdev_init() and ipv6_add_dev(): the namespace's defaults */
	memcpy(l->cnf4, rn->cnf4_dflt, sizeof(l->cnf4));
	memcpy(l->cnf6, rn->cnf6_dflt, sizeof(l->cnf6));
	l->addr_gen_mode = (uint8_t)l->cnf6[DEVCONF6_ADDR_GEN_MODE];
	l->inet6_tstamp = rtnl_cstamp_now();
	/* neigh_rand_reach_time(): half to one and a half of 30 s */
	l->reachable_time = 15000 + rtnl_random(rn) % 30000;

	switch (kind) {
	case RTNL_KIND_LOOPBACK:
		l->type = ARPHRD_LOOPBACK;
		l->flags = IFF_LOOPBACK;
		l->mtu = 65536;
		l->addr_len = ETH_ALEN;
		/* loopback takes no xfrm and no policy, no temporary
		 * addresses and no DAD */
		l->cnf4[RTNL_DEVCONF4_NOXFRM] = 1;
		l->cnf4[RTNL_DEVCONF4_NOPOLICY] = 1;
		l->cnf6[DEVCONF6_USE_TEMPADDR] = -1;
		l->cnf6[DEVCONF6_ACCEPT_DAD] = -1;
		break;
	case RTNL_KIND_DUMMY:
		l->type = ARPHRD_ETHER;
		l->flags = IFF_BROADCAST | IFF_NOARP;
		l->mtu = 1500;
		l->addr_len = ETH_ALEN;
		break;
	case RTNL_KIND_VETH:
	case RTNL_KIND_BRIDGE:
	case RTNL_KIND_VLAN:
		l->type = ARPHRD_ETHER;
		l->flags = IFF_BROADCAST | IFF_MULTICAST;
		l->mtu = 1500;
		l->min_mtu = ETH_MIN_MTU;
		l->max_mtu = ETH_MAX_MTU;
		l->addr_len = ETH_ALEN;
		if (kind == RTNL_KIND_VETH)
			l->num_tx_queues = l->num_rx_queues =
				ncpu > 0 ? (uint32_t)ncpu : 1;
		if (kind == RTNL_KIND_BRIDGE)
			l->tso_max_size = 65536;
		break;
	}
	if (kind != RTNL_KIND_LOOPBACK) {
		memset(l->broadcast, 0xff, ETH_ALEN);
		link_random_mac(rn, l->addr);
	}
	return l;
}

void rtnl_link_inet6_reset(struct rtnl_net *rn, struct rtnl_link *l)
{
	memcpy(l->cnf6, rn->cnf6_dflt, sizeof(l->cnf6));
	l->cnf6[DEVCONF6_MTU6] = (int32_t)l->mtu;
	l->addr_gen_mode = (uint8_t)l->cnf6[DEVCONF6_ADDR_GEN_MODE];
	memset(l->token, 0, sizeof(l->token));
	l->stable_secret_set = false;
	l->inet6_tstamp = rtnl_cstamp_now();
	l->reachable_time = 15000 + rtnl_random(rn) % 30000;
}

/* register_netdevice(): into the list, in ifindex order. */
static void link_register(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link **pp = &rn->links;

	if (!l->iflink)
		l->iflink = l->ifindex;
	while (*pp && (*pp)->ifindex < l->ifindex)
		pp = &(*pp)->next;
	l->next = *pp;
	*pp = l;
	l->cnf6[DEVCONF6_MTU6] = (int32_t)l->mtu;
	/* ipv6_add_dev() refuses a device whose MTU is too small */
	l->no_inet6 = l->type != ARPHRD_LOOPBACK && l->mtu < RTNL_IPV6_MIN_MTU;
	rn->dev_base_seq++;
}

static void link_free(struct rtnl_link *l)
{
	free(l->alias);
	free(l);
}

int rtnl_link_init(struct rtnl_net *rn)
{
	struct rtnl_link *lo = link_new(rn, RTNL_KIND_LOOPBACK);

	if (!lo)
		return -ENOMEM;
	lo->ifindex = link_alloc_ifindex(rn);
	memcpy(lo->name, "lo", 3);
	link_register(rn, lo);
	return 0;
}

void rtnl_link_fini(struct rtnl_net *rn)
{
	while (rn->links) {
		struct rtnl_link *l = rn->links;

		rn->links = l->next;
		link_free(l);
	}
}

/* ---- changing ---- */

/* NETDEV_CHANGE of __dev_notify_flags() and netdev_state_change() (a
 * flag or attribute change of a device that is up; changes: the flags
 * that moved): the notifier chain in its order of registration and
 * priority.  Nexthops and IPv4 routes follow the carrier as on a
 * linkwatch event; the ARP table follows the change; a change of
 * IFF_NOARP makes addrconf run DAD again; the neighbour discovery table,
 * whose notifier comes last, follows the change. */
static void link_netdev_change(struct rtnl_net *rn, struct rtnl_link *l,
			       unsigned int changes)
{
	rtnl_route_link_change(rn, l);
	link_neigh_change(rn, l, AF_INET, changes);
	rtnl_addr_link_flags(rn, l, changes);
	link_neigh_change(rn, l, AF_INET6, changes);
}

/* dev_change_flags(): what the user may set, and IFF_UP with its side
 * effects in the kernel's order: the driver (carrier), RTM_NEWLINK with
 * the changes, then NETDEV_UP or NETDEV_DOWN for the address families,
 * then, for a device that is up, NETDEV_CHANGE when a flag other than
 * those and the ones the driver owns moved.  Returns the flags that
 * changed. */
static unsigned int link_change_flags(struct rtnl_net *rn,
				      struct rtnl_link *l, unsigned int want,
				      struct unl_skb *req)
{
	const unsigned int user = IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP |
				  IFF_DYNAMIC | IFF_MULTICAST | IFF_PORTSEL |
				  IFF_AUTOMEDIA | IFF_PROMISC | IFF_ALLMULTI;
	unsigned int old = l->flags, changes;

	l->flags = (l->flags & ~user) | (want & user);
	/* dev_set_promiscuity() / dev_set_allmulti(): the user's flag is one
	 * more reference on the counters */
	if ((old ^ l->flags) & IFF_PROMISC)
		l->promiscuity += (l->flags & IFF_PROMISC) ? 1u : (uint32_t)-1;
	if ((old ^ l->flags) & IFF_ALLMULTI)
		l->allmulti += (l->flags & IFF_ALLMULTI) ? 1u : (uint32_t)-1;
	if ((old ^ want) & IFF_UP) {
		if (want & IFF_UP) {
			l->flags |= IFF_UP;
			l->activated = true;
		} else {
			l->flags &= ~IFF_UP;
		}
		link_update_carriers_from(rn, l);
	}
	changes = old ^ l->flags;
	if (!changes)
		return 0;
	link_notify(l, RTM_NEWLINK, changes, req, NULL);
	if (changes & IFF_UP) {
		if (l->flags & IFF_UP) {
			rtnl_addr_link_up(rn, l);
		} else {
			/* the ARP table goes with IPv4 (fib_disable_ip);
			 * the IPv6 one with IPv6's routes, in
			 * rtnl_addr_link_down() */
			rtnl_nexthop_flush_dev(rn, l->ifindex, false);
			rtnl_neigh_flush_dev(rn, AF_INET, l->ifindex, false);
			rtnl_addr_link_down(rn, l);
		}
	}
	if ((l->flags & IFF_UP) &&
	    (changes & ~(IFF_UP | IFF_PROMISC | IFF_ALLMULTI | IFF_VOLATILE)))
		link_netdev_change(rn, l, changes);
	return changes;
}

static int link_set_mtu(struct rtnl_link *l, uint32_t mtu,
			const struct nlattr *attr, struct unl_ext_ack *extack)
{
	if (l->min_mtu && mtu < l->min_mtu) {
		UNL_SET_ERR_MSG(extack, "mtu less than device minimum");
		return -EINVAL;
	}
	if (l->max_mtu && mtu > l->max_mtu) {
		UNL_SET_ERR_MSG(extack, "mtu greater than device maximum");
		return -EINVAL;
	}
	l->mtu = mtu;
	l->cnf6[DEVCONF6_MTU6] = (int32_t)mtu;
	return 0;
}

/* br_stp_recalculate_bridge_id(): a bridge whose MAC was not given
 * takes the lowest of its ports', or none when it has none left. */
static void bridge_recalc_addr(struct rtnl_net *rn, struct rtnl_link *br)
{
	uint8_t best[ETH_ALEN];
	bool any = false;

	if (!br || br->addr_user_set)
		return;
	for (struct rtnl_link *o = rn->links; o; o = o->next)
		if (o->master == br->ifindex &&
		    (!any || memcmp(o->addr, best, ETH_ALEN) < 0)) {
			memcpy(best, o->addr, ETH_ALEN);
			any = true;
		}
	if (any)
		memcpy(br->addr, best, ETH_ALEN);
	else
		memset(br->addr, 0, ETH_ALEN);
}

static void bridge_port_release(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link *br = rtnl_link_by_index(rn, l->master);

	l->master = 0;
	if (l->promiscuity)
		l->promiscuity--;
	if (l->allmulti)
		l->allmulti--;
	bridge_recalc_addr(rn, br);
}

static int link_set_master(struct rtnl_net *rn, struct rtnl_link *l,
			   int ifindex, struct unl_ext_ack *extack)
{
	struct rtnl_link *m;
	struct rtnl_link *old = rtnl_link_by_index(rn, l->master);

	if (ifindex == l->master)
		return 0;
	if (old) {
		bridge_port_release(rn, l);
		link_update_carriers(rn);
	}
	if (!ifindex)
		return 0;
	m = rtnl_link_by_index(rn, ifindex);
	if (!m)
		return -EINVAL;
	/* do_set_master() and br_add_if() say nothing but the errno for a
	 * master without ndo_add_slave and for loopback; a bridge made its
	 * own master fails as any bridge under a bridge. */
	if (m->kind != RTNL_KIND_BRIDGE)
		return -EOPNOTSUPP;
	if (l->kind == RTNL_KIND_LOOPBACK)
		return -EINVAL;
	if (l->kind == RTNL_KIND_BRIDGE) {
		UNL_SET_ERR_MSG(extack,
				"Can not enslave a bridge to a bridge");
		return -ELOOP;
	}
	l->master = ifindex;
	/* find_portno(): the lowest free port number */
	for (l->brport_no = 1;; l->brport_no++) {
		struct rtnl_link *o;

		for (o = rn->links; o; o = o->next)
			if (o != l && o->master == ifindex &&
			    o->brport_no == l->brport_no)
				break;
		if (!o)
			break;
	}
	l->promiscuity++;
	l->allmulti++;
	m->bridge_had_ports = true;
	m->tso_max_size = 524280;
	bridge_recalc_addr(rn, m);
	link_update_carriers(rn);
	return 0;
}

/* do_setlink(): the changes in the kernel's order, each announced as
 * its netdevice event announces it: a NEWLINK for the MAC, the MTU, the
 * name (with netconf going and coming back), the broadcast address, the
 * master and the queue length; alias, group, link mode and the
 * per-family parts only through netdev_state_change() at the end, which
 * says nothing about a device that is down. */
/* ---- IFLA_AF_SPEC: the per-family parts of a device ---- */

static int link_fill_af(struct unl_skb *skb, const struct rtnl_link *l,
			int family, uint32_t pid, uint32_t seq, uint16_t flags);

static const struct unl_nla_policy inet_af_policy[IFLA_INET_MAX + 1] = {
	[IFLA_INET_CONF] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy inet6_af_policy[IFLA_INET6_MAX + 1] = {
	[IFLA_INET6_ADDR_GEN_MODE] = { .type = UNL_NLA_U8 },
	[IFLA_INET6_TOKEN] = { .type = UNL_NLA_UNSPEC, .len = 16 },
};

/* inet_validate_link_af(): IFLA_INET_CONF entries are devconf values,
 * typed by their index from 1. */
static int inet_af_validate(const struct nlattr *af,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFLA_INET_MAX + 1];
	const struct nlattr *a;
	int err, rem;

	err = unl_nla_parse_nested(tb, IFLA_INET_MAX, af, inet_af_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[IFLA_INET_CONF])
		return 0;
	unl_nla_for_each_nested(a, tb[IFLA_INET_CONF], rem) {
		int id = unl_nla_type(a);

		if (unl_nla_len(a) < 4 || id <= 0 || id > RTNL_IPV4_DEVCONF_N)
			return -EINVAL;
	}
	return 0;
}

/* inet6_validate_link_af(): a token, an address generation mode, or
 * both; stable-privacy needs a secret. */
static int inet6_af_validate(const struct rtnl_link *l,
			     const struct nlattr *af,
			     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFLA_INET6_MAX + 1];
	int err;

	if (l->no_inet6)
		return -EAFNOSUPPORT;
	err = unl_nla_parse_nested(tb, IFLA_INET6_MAX, af, inet6_af_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[IFLA_INET6_TOKEN] && !tb[IFLA_INET6_ADDR_GEN_MODE])
		return -EINVAL;
	if (tb[IFLA_INET6_ADDR_GEN_MODE]) {
		uint8_t mode = unl_nla_get_u8(tb[IFLA_INET6_ADDR_GEN_MODE]);

		if (mode > IN6_ADDR_GEN_MODE_RANDOM)
			return -EINVAL;
		if (mode == IN6_ADDR_GEN_MODE_STABLE_PRIVACY &&
		    !l->stable_secret_set)
			return -EINVAL;
	}
	return 0;
}

/* validate_linkmsg()'s IFLA_AF_SPEC part: every family is checked
 * before anything changes.  l is NULL for a device being created, which
 * takes no per-family part.  Only AF_INET and AF_INET6 can be set;
 * AF_BRIDGE is known but has nothing to set. */
static int link_af_validate(const struct rtnl_link *l,
			    const struct nlattr *spec,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *af;
	int err, rem;

	if (!spec)
		return 0;
	unl_nla_for_each_nested(af, spec, rem) {
		switch (unl_nla_type(af)) {
		case AF_INET:
			err = l ? inet_af_validate(af, extack) : -EAFNOSUPPORT;
			break;
		case AF_INET6:
			err = l ? inet6_af_validate(l, af, extack)
				: -EAFNOSUPPORT;
			break;
		case AF_BRIDGE:
			err = -EOPNOTSUPP;
			break;
		default:
			err = -EAFNOSUPPORT;
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

/* inet6_ifinfo_notify(): IPv6's view of the device to
 * RTNLGRP_IPV6_IFINFO. */
static void inet6_ifinfo_notify(struct rtnl_link *l)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_IPV6_IFINFO))
		return;
	skb = unl_nlmsg_new(LINK_MSG_SIZE);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_IPV6_IFINFO, -ENOBUFS);
		return;
	}
	if (link_fill_af(skb, l, PF_INET6, 0, 0, 0)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_IPV6_IFINFO, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_IPV6_IFINFO, NULL);
}

/* inet6_set_iftoken(): only the interface id is kept.  A device must do
 * neighbour discovery and accept router advertisements (a token only
 * matters for addresses made from them). */
static int inet6_set_token(struct rtnl_link *l, const uint8_t *token,
			   struct unl_ext_ack *extack)
{
	const int32_t *c = l->cnf6;
	bool accept_ra = c[DEVCONF6_FORWARDING] ? c[DEVCONF6_ACCEPT_RA] == 2
						: c[DEVCONF6_ACCEPT_RA] != 0;

	if (l->flags & IFF_LOOPBACK) {
		UNL_SET_ERR_MSG(extack, "ipv6: Device is loopback");
		return -EINVAL;
	}
	if (l->flags & IFF_NOARP) {
		UNL_SET_ERR_MSG(extack,
				"ipv6: Device does not do neighbour discovery");
		return -EINVAL;
	}
	if (!accept_ra) {
		UNL_SET_ERR_MSG(extack,
				"ipv6: Router advertisement is disabled on device");
		return -EINVAL;
	}
	if (!c[DEVCONF6_RTR_SOLICITS]) {
		UNL_SET_ERR_MSG(extack,
				"Router solicitation is disabled on device");
		return -EINVAL;
	}
	memcpy(l->token, token + 8, sizeof(l->token));
	/* no address was made from a router advertisement, so none is
	 * tokenized and none expires here */
	inet6_ifinfo_notify(l);
	return 0;
}

/* do_setlink()'s IFLA_AF_SPEC, validated by link_af_validate(): each
 * family's part in turn.  Returns how many families were set (the
 * device is then announced), or -errno; what was set before an error
 * stays. */
static int link_af_set(struct rtnl_link *l, const struct nlattr *spec,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *af;
	int err, rem, n = 0;

	unl_nla_for_each_nested(af, spec, rem) {
		const struct nlattr *tb[IFLA_INET6_MAX + 1];
		const struct nlattr *a;
		int rem2;

		if (unl_nla_type(af) == AF_INET) {
			const struct nlattr *tb4[IFLA_INET_MAX + 1];

			if (unl_nla_parse_nested(tb4, IFLA_INET_MAX, af,
						 inet_af_policy,
						 UNL_VALIDATE_LIBERAL, NULL))
				return -EINVAL;
			n++;
			if (!tb4[IFLA_INET_CONF])
				continue;
			unl_nla_for_each_nested(a, tb4[IFLA_INET_CONF], rem2)
				l->cnf4[unl_nla_type(a) - 1] =
					(int32_t)unl_nla_get_u32(a);
			continue;
		}
		if (unl_nla_parse_nested(tb, IFLA_INET6_MAX, af,
					 inet6_af_policy, UNL_VALIDATE_LIBERAL,
					 NULL))
			return -EINVAL;
		if (tb[IFLA_INET6_TOKEN]) {
			err = inet6_set_token(l, unl_nla_data(tb[IFLA_INET6_TOKEN]),
					      extack);
			if (err)
				return err;
		}
		if (tb[IFLA_INET6_ADDR_GEN_MODE]) {
			/* the next link-local is made in that mode; none
			 * is made or removed now */
			l->addr_gen_mode =
				unl_nla_get_u8(tb[IFLA_INET6_ADDR_GEN_MODE]);
			l->cnf6[DEVCONF6_ADDR_GEN_MODE] = l->addr_gen_mode;
		}
		n++;
	}
	return n;
}

/* NETDEV_CHANGEADDR (a new MAC or broadcast address), after its
 * RTM_NEWLINK: both neighbour tables are emptied, permanent entries
 * too, as entries resolved for the old addresses may not hold
 * (neigh_changeaddr); ARP's notifier comes first. */
static void link_changeaddr(struct rtnl_net *rn, struct rtnl_link *l)
{
	rtnl_neigh_flush_dev(rn, AF_INET, l->ifindex, false);
	rtnl_neigh_flush_dev(rn, AF_INET6, l->ifindex, false);
}

static int link_do_setlink(struct rtnl_net *rn, struct rtnl_link *l,
			   const struct ifinfomsg *ifm,
			   const struct nlattr **tb, struct unl_ext_ack *extack,
			   struct unl_skb *req)
{
	bool notify = false;
	int err;

	err = link_af_validate(l, tb[IFLA_AF_SPEC], extack);
	if (err)
		return err;
	/* One net is one namespace: there is nowhere to move a device to. */
	if (tb[IFLA_NET_NS_PID] || tb[IFLA_NET_NS_FD]) {
		UNL_SET_ERR_MSG(extack, "Moving a device to another namespace is not supported");
		return -EOPNOTSUPP;
	}
	if (tb[IFLA_ADDRESS]) {
		if (unl_nla_len(tb[IFLA_ADDRESS]) < l->addr_len)
			return -EINVAL;
		if (memcmp(l->addr, unl_nla_data(tb[IFLA_ADDRESS]),
			   l->addr_len)) {
			if (l->kind == RTNL_KIND_LOOPBACK)
				return -EOPNOTSUPP;
			memcpy(l->addr, unl_nla_data(tb[IFLA_ADDRESS]),
			       l->addr_len);
			l->addr_user_set = true;
			link_notify(l, RTM_NEWLINK, 0, req, NULL);
			link_changeaddr(rn, l);
		}
	}
	if (tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(tb[IFLA_MTU]);

		if (mtu != l->mtu) {
			err = link_set_mtu(l, mtu, tb[IFLA_MTU], extack);
			if (err)
				return err;
			link_notify(l, RTM_NEWLINK, 0, req, NULL);
			rtnl_addr_link_mtu(rn, l);
		}
	}
	if (tb[IFLA_GROUP]) {
		l->group = unl_nla_get_u32(tb[IFLA_GROUP]);
		notify = true;
	}
	if (ifm->ifi_index > 0 && tb[IFLA_IFNAME]) {
		char name[IFNAMSIZ];

		unl_nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name));
		if (strcmp(name, l->name)) {
			char out[IFNAMSIZ];

			err = link_pick_name(rn, name, name, out);
			if (err)
				return err;
			memcpy(l->name, out, sizeof(out));
			link_notify(l, RTM_NEWLINK, 0, req, NULL);
			/* the sysctl directories are renamed: netconf goes
			 * and comes back, per family */
			rtnl_netconf_rename(rn, l);
		}
	}
	if (tb[IFLA_IFALIAS]) {
		char buf[IFALIASZ];
		size_t n = unl_nla_strscpy(buf, tb[IFLA_IFALIAS], sizeof(buf));

		free(l->alias);
		l->alias = n ? strdup(buf) : NULL;
		if (n && !l->alias)
			return -ENOMEM;
		notify = true;
	}
	if (tb[IFLA_BROADCAST]) {
		if (unl_nla_len(tb[IFLA_BROADCAST]) < l->addr_len)
			return -EINVAL;
		memcpy(l->broadcast, unl_nla_data(tb[IFLA_BROADCAST]),
		       l->addr_len);
		link_notify(l, RTM_NEWLINK, 0, req, NULL);
		link_changeaddr(rn, l);
	}
	if (ifm->ifi_flags || ifm->ifi_change) {
		unsigned int want = ifm->ifi_flags;

		/* rtnl_dev_combine_flags() */
		if (ifm->ifi_change)
			want = (want & ifm->ifi_change) |
			       (l->flags & ~ifm->ifi_change);
		link_change_flags(rn, l, want, req);
	}
	if (tb[IFLA_MASTER]) {
		int m = (int)unl_nla_get_u32(tb[IFLA_MASTER]);

		if (m != l->master) {
			err = link_set_master(rn, l, m, extack);
			if (err)
				return err;
			link_notify(l, RTM_NEWLINK, 0, req, NULL);
		}
	}
	if (tb[IFLA_TXQLEN]) {
		uint32_t q = unl_nla_get_u32(tb[IFLA_TXQLEN]);

		if (q != l->txqlen) {
			l->txqlen = q;
			link_notify(l, RTM_NEWLINK, 0, req, NULL);
		}
	}
	if (tb[IFLA_LINKMODE]) {
		l->linkmode = unl_nla_get_u8(tb[IFLA_LINKMODE]);
		notify = true;
	}
	if (tb[IFLA_AF_SPEC]) {
		err = link_af_set(l, tb[IFLA_AF_SPEC], extack);
		if (err < 0)
			return err;
		if (err)
			notify = true;
	}
	if (notify && rtnl_link_running(l)) {
		link_netdev_change(rn, l, 0);
		link_notify(l, RTM_NEWLINK, 0, req, NULL);
	}
	return 0;
}

/* ---- requests ---- */

static int link_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
		      struct unl_ext_ack *extack)
{
	return unl_nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, RTNL_IFLA_MAX,
			       ifla_policy, UNL_VALIDATE_LIBERAL,
			       extack);
}

static struct rtnl_link *link_lookup(struct rtnl_net *rn,
				     const struct ifinfomsg *ifm,
				     const struct nlattr **tb)
{
	char name[ALTIFNAMSIZ];

	if (ifm->ifi_index > 0)
		return rtnl_link_by_index(rn, ifm->ifi_index);
	if (tb[IFLA_IFNAME]) {
		unl_nla_strscpy(name, tb[IFLA_IFNAME], IFNAMSIZ);
		return rtnl_link_by_name(rn, name);
	}
	if (tb[IFLA_ALT_IFNAME]) {
		unl_nla_strscpy(name, tb[IFLA_ALT_IFNAME], sizeof(name));
		return rtnl_link_by_name(rn, name);
	}
	return NULL;
}

/* rtnl_link_ops_get(): the kinds this kernel has, which the net's
 * profile says (a kernel without the module knows no such kind). */
static int link_kind_of(struct rtnl_net *rn, const char *kind,
			enum rtnl_link_kind *k)
{
	const struct unl_profile *p = unl_net_profile(rn->net);

	if (!unl_profile_has(p, UNL_PROFILE_LINK, kind))
		return -EOPNOTSUPP;
	for (unsigned int i = RTNL_KIND_DUMMY;
	     i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (!strcmp(kind, kind_names[i])) {
			*k = (enum rtnl_link_kind)i;
			return 0;
		}
	return -EOPNOTSUPP;
}

/* validate_linkmsg() for a device rtnl_create_link() has just made:
 * addresses as long as its kind's (Ethernet, for every kind made here),
 * then the per-family parts, which a new device does not take. */
static int link_new_validate(const struct nlattr *const *tb,
			     struct unl_ext_ack *extack)
{
	if ((tb[IFLA_ADDRESS] && unl_nla_len(tb[IFLA_ADDRESS]) < ETH_ALEN) ||
	    (tb[IFLA_BROADCAST] && unl_nla_len(tb[IFLA_BROADCAST]) < ETH_ALEN))
		return -EINVAL;
	return link_af_validate(NULL, tb[IFLA_AF_SPEC], extack);
}

/* A veth's VETH_INFO_PEER: the peer's own ifinfomsg and attributes. */
struct veth_peer {
	bool given;
	struct ifinfomsg ifm;
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
};

/* veth's IFLA_INFO_DATA, parsed with the request as rtnl_newlink() does
 * with the driver's policy, and the peer's part as rtnl_get_peer_net()
 * parses it. */
static int veth_parse(const struct nlattr **linfo, struct veth_peer *vp,
		      struct unl_ext_ack *extack)
{
	static const struct unl_nla_policy veth_policy[VETH_INFO_MAX + 1] = {
		[VETH_INFO_PEER] =
			UNL_NLA_POLICY_MIN_LEN(sizeof(struct ifinfomsg)),
	};
	const struct nlattr *vtb[VETH_INFO_MAX + 1] = { 0 };
	const struct nlattr *p;
	int err;

	*vp = (struct veth_peer){ 0 };
	if (!linfo[IFLA_INFO_DATA])
		return 0;
	err = unl_nla_parse_nested(vtb, VETH_INFO_MAX, linfo[IFLA_INFO_DATA],
				   veth_policy, 0, extack);
	if (err || !vtb[VETH_INFO_PEER])
		return err;
	/*
	 * VETH_INFO_PEER:
	 * +------------------+-----------------------------+
	 * | struct ifinfomsg | the peer's IFLA_* attributes |
	 * +------------------+-----------------------------+
	 */
	p = vtb[VETH_INFO_PEER];
	memcpy(&vp->ifm, unl_nla_data(p), sizeof(vp->ifm));
	vp->given = true;
	return unl_nla_parse(vp->tb, RTNL_IFLA_MAX,
			     (const struct nlattr *)((const uint8_t *)
							     unl_nla_data(p) +
						     sizeof(vp->ifm)),
			     unl_nla_len(p) - (int)sizeof(vp->ifm), ifla_policy,
			     0, extack);
}

/* veth_validate(), for the device's attributes and then the peer's: an
 * Ethernet address that can be a station's, an MTU Ethernet can carry.
 * The driver gives no message. */
static int veth_validate(const struct nlattr **tb)
{
	if (tb[IFLA_ADDRESS]) {
		const uint8_t *a = unl_nla_data(tb[IFLA_ADDRESS]);
		static const uint8_t zero[ETH_ALEN];

		if (unl_nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN)
			return -EINVAL;
		/* is_valid_ether_addr(): not multicast, not all zero */
		if ((a[0] & 1) || !memcmp(a, zero, ETH_ALEN))
			return -EADDRNOTAVAIL;
	}
	if (tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(tb[IFLA_MTU]);

		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU)
			return -EINVAL;
	}
	return 0;
}

static void link_unregister_many(struct rtnl_net *rn, struct rtnl_link **devs,
				 int n, struct unl_skb *skb,
				 const struct nlmsghdr *nlh);

/* rtnl_create_link() + the driver's newlink for the modelled kinds, in
 * the kernel's order: what rtnl_create_link() checks of the device (the
 * caller validated its IFLA_AF_SPEC; the MTU is checked here), then the
 * driver, then register_netdevice(), the first to judge the name:
 * EINVAL, with no message, for one dev_valid_name() refuses, EEXIST for
 * one taken.  A veth registers its peer before that (the peer takes the
 * first free name and the lower index), and the peer goes again, with
 * its events, when the device's own name is refused. */
static int link_create(struct rtnl_net *rn, struct unl_skb *skb,
		       struct nlmsghdr *nlh, const struct ifinfomsg *ifm,
		       const struct nlattr **tb, enum rtnl_link_kind kind,
		       const struct nlattr **linfo, const struct veth_peer *vp,
		       struct unl_ext_ack *extack)
{
	struct rtnl_link *l, *peer = NULL, *lower = NULL;
	char name[IFNAMSIZ] = "", pname[IFNAMSIZ] = "";
	char pat[IFNAMSIZ + 4];
	int err;

	if (tb[IFLA_IFNAME])
		unl_nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name));
	if (ifm->ifi_index > 0 && rtnl_link_by_index(rn, ifm->ifi_index))
		return -EBUSY;

	if (kind == RTNL_KIND_VLAN) {
		const struct nlattr *vtb[IFLA_VLAN_MAX + 1] = { 0 };
		static const struct unl_nla_policy vlan_policy[IFLA_VLAN_MAX + 1] = {
			[IFLA_VLAN_ID] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 4094),
			[IFLA_VLAN_FLAGS] = UNL_NLA_POLICY_EXACT_LEN(
				sizeof(struct ifla_vlan_flags)),
			[IFLA_VLAN_PROTOCOL] = { .type = UNL_NLA_U16 },
		};

		if (!tb[IFLA_LINK]) {
			UNL_SET_ERR_MSG(extack,
					"link not specified");
			return -EINVAL;
		}
		lower = rtnl_link_by_index(rn, (int)unl_nla_get_u32(tb[IFLA_LINK]));
		if (!lower) {
			UNL_SET_ERR_MSG(extack, "link does not exist");
			return -ENODEV;
		}
		if (linfo[IFLA_INFO_DATA]) {
			err = unl_nla_parse_nested(vtb, IFLA_VLAN_MAX,
						   linfo[IFLA_INFO_DATA],
						   vlan_policy, 0, extack);
			if (err)
				return err;
		}
		if (!vtb[IFLA_VLAN_ID]) {
			UNL_SET_ERR_MSG(extack, "VLAN id not specified");
			return -EINVAL;
		}
		snprintf(pat, sizeof(pat), "%.*s.%u", IFNAMSIZ - 7, lower->name,
			 unl_nla_get_u16(vtb[IFLA_VLAN_ID]));
		l = link_new(rn, kind);
		if (!l)
			return -ENOMEM;
		l->vlan_id = unl_nla_get_u16(vtb[IFLA_VLAN_ID]);
		l->vlan_proto = htons(ETH_P_8021Q);
		l->mtu = lower->mtu;
		memcpy(l->addr, lower->addr, ETH_ALEN);
		l->iflink = lower->ifindex;
	} else {
		snprintf(pat, sizeof(pat), "%s%%d", kind_names[kind]);
		l = link_new(rn, kind);
		if (!l)
			return -ENOMEM;
	}

	/* rtnl_create_link() */
	if (tb[IFLA_ADDRESS] && unl_nla_len(tb[IFLA_ADDRESS]) >= ETH_ALEN) {
		memcpy(l->addr, unl_nla_data(tb[IFLA_ADDRESS]), ETH_ALEN);
		l->addr_user_set = true;
	}
	if (tb[IFLA_MTU]) {
		err = link_set_mtu(l, unl_nla_get_u32(tb[IFLA_MTU]),
				   tb[IFLA_MTU], extack);
		if (err)
			goto fail;
	}
	if (tb[IFLA_TXQLEN])
		l->txqlen = unl_nla_get_u32(tb[IFLA_TXQLEN]);

	if (kind == RTNL_KIND_VETH) {
		/* veth_newlink(): the peer as rtnl_create_link() makes it,
		 * from its own attributes or, when none were given, from
		 * the device's (but for the name and the address), then
		 * registered and announced before the device (its own peer
		 * not yet known: IFLA_LINK 0) */
		const struct nlattr *const *ptb = vp->given ? vp->tb : tb;

		err = link_new_validate(ptb, extack);
		if (err)
			goto fail;
		peer = link_new(rn, kind);
		if (!peer) {
			err = -ENOMEM;
			goto fail;
		}
		if (vp->given && ptb[IFLA_ADDRESS])
			memcpy(peer->addr, unl_nla_data(ptb[IFLA_ADDRESS]),
			       ETH_ALEN);
		if (ptb[IFLA_MTU]) {
			err = link_set_mtu(peer, unl_nla_get_u32(ptb[IFLA_MTU]),
					   ptb[IFLA_MTU], extack);
			if (err)
				goto fail;
		}
		if (ptb[IFLA_TXQLEN])
			peer->txqlen = unl_nla_get_u32(ptb[IFLA_TXQLEN]);
		if (vp->given && ptb[IFLA_IFNAME])
			unl_nla_strscpy(pname, ptb[IFLA_IFNAME], sizeof(pname));
		err = link_pick_name(rn,
				     vp->given && ptb[IFLA_IFNAME] ? pname : NULL,
				     "veth%d", peer->name);
		if (err)
			goto fail;
		if (vp->ifm.ifi_index > 0) {
			if (rtnl_link_by_index(rn, vp->ifm.ifi_index)) {
				err = -EBUSY;
				goto fail;
			}
			peer->ifindex = vp->ifm.ifi_index;
		} else {
			peer->ifindex = link_alloc_ifindex(rn);
		}
		peer->carrier = false;
		peer->carrier_managed = true;
		peer->carrier_changes = peer->carrier_down = 1;
		peer->operstate = IF_OPER_DOWN;
		peer->iflink_none = true;
		link_register(rn, peer);
		rtnl_netconf_notify(rn, peer, RTM_NEWNETCONF);
		link_notify(peer, RTM_NEWLINK, ~0u, skb, NULL);
		linkwatch_fire(peer);
	}

	/* register_netdevice() */
	err = link_pick_name(rn, tb[IFLA_IFNAME] ? name : NULL, pat, l->name);
	if (err) {
		if (peer) {
			/* veth_newlink()'s way out: the peer is
			 * unregistered, never paired */
			link_unregister_many(rn, &peer, 1, NULL, NULL);
			peer = NULL;
		}
		goto fail;
	}
	if (kind == RTNL_KIND_VETH || kind == RTNL_KIND_VLAN) {
		/* Drivers that start without carrier (netif_carrier_off at
		 * creation) count it as a change. */
		l->carrier = false;
		l->carrier_managed = true;
		l->carrier_changes = l->carrier_down = 1;
		l->operstate = IF_OPER_DOWN;
	}
	l->ifindex = ifm->ifi_index > 0 ? ifm->ifi_index
					: link_alloc_ifindex(rn);
	if (peer) {
		l->peer = peer->ifindex;
		l->iflink = peer->ifindex;
		peer->peer = l->ifindex;
		peer->iflink = l->ifindex;
		peer->iflink_none = false;
	}
	/* NETDEV_REGISTER (netconf), then the RTM_NEWLINK of
	 * rtnl_configure_link() */
	link_register(rn, l);
	rtnl_netconf_notify(rn, l, RTM_NEWNETCONF);
	link_notify(l, RTM_NEWLINK, ~0u, skb, nlh);
	if (l->carrier_managed)
		linkwatch_fire(l);

	/* rtnl_configure_link(): the flags and the rest of the request */
	if (tb[IFLA_MASTER] || ifm->ifi_flags || tb[IFLA_IFALIAS]) {
		struct ifinfomsg m = *ifm;
		const struct nlattr *rest[RTNL_IFLA_MAX + 1] = { 0 };

		m.ifi_index = 0;
		rest[IFLA_MASTER] = tb[IFLA_MASTER];
		rest[IFLA_IFALIAS] = tb[IFLA_IFALIAS];
		return link_do_setlink(rn, l, &m, rest, extack, skb);
	}
	return 0;
fail:
	if (peer)
		link_free(peer);
	link_free(l);
	return err;
}

/* unregister_netdevice_many(): every device is closed first (each with
 * its RTM_NEWLINK and NETDEV_DOWN), then each goes: its IPv4 addresses,
 * NETDEV_UNREGISTER's netconf, RTM_DELLINK.  skb and nlh are the request
 * that deleted devs[0], echoed to with NLM_F_ECHO. */
static void link_unregister_many(struct rtnl_net *rn, struct rtnl_link **devs,
				 int n, struct unl_skb *skb,
				 const struct nlmsghdr *nlh)
{
	for (int i = 0; i < n; i++)
		if (rtnl_link_running(devs[i]))
			link_change_flags(rn, devs[i],
					  devs[i]->flags & ~IFF_UP, NULL);
	for (int i = 0; i < n; i++) {
		struct rtnl_link *l = devs[i], **pp;

		for (struct rtnl_link *o = rn->links; o; o = o->next)
			if (o->master == l->ifindex) {
				bridge_port_release(rn, o);
				link_notify(o, RTM_NEWLINK, 0, NULL, NULL);
			}
		if (l->master)
			bridge_port_release(rn, l);
		rtnl_nexthop_flush_dev(rn, l->ifindex, true);
		rtnl_addr_link_delete(rn, l);
		rtnl_route_flush_dev(rn, 0, l->ifindex, false);
		rtnl_neigh_flush_dev(rn, 0, l->ifindex, false);
		rtnl_netconf_notify(rn, l, RTM_DELNETCONF);
		/* dev_shutdown(): the qdisc is gone by now */
		l->activated = false;
		link_notify(l, RTM_DELLINK, ~0u, i ? NULL : skb,
			    i ? NULL : nlh);
		for (pp = &rn->links; *pp; pp = &(*pp)->next)
			if (*pp == l) {
				*pp = l->next;
				break;
			}
		link_free(l);
	}
	link_update_carriers(rn);
}

static int rtnl_newlink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	const struct nlattr *linfo[IFLA_INFO_MAX + 1] = { 0 };
	struct veth_peer vp = { 0 };
	struct ifinfomsg *ifm;
	struct rtnl_link *l;
	enum rtnl_link_kind kind = RTNL_KIND_LOOPBACK;
	bool have_kind = false;
	char kstr[64];
	int err;

	err = link_parse(nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	/* The name is judged where Linux judges it, when a device is
	 * registered (link_create) or renamed (link_do_setlink): every
	 * other check of the request comes first. */
	if (tb[IFLA_LINKINFO]) {
		err = unl_nla_parse_nested(linfo, IFLA_INFO_MAX,
					   tb[IFLA_LINKINFO], ifla_info_policy,
					   0, extack);
		if (err)
			return err;
	}
	if (linfo[IFLA_INFO_KIND]) {
		unl_nla_strscpy(kstr, linfo[IFLA_INFO_KIND], sizeof(kstr));
		have_kind = !link_kind_of(rn, kstr, &kind);
	} else {
		kstr[0] = '\0';
	}
	/* The driver's checks come before the device is looked up: a
	 * veth's, of the device and then of its peer. */
	if (have_kind && kind == RTNL_KIND_VETH) {
		err = veth_parse(linfo, &vp, extack);
		if (!err)
			err = veth_validate(tb);
		if (!err && vp.given)
			err = veth_validate(vp.tb);
		if (err)
			return err;
	}

	l = link_lookup(rn, ifm, tb);
	if (l) {

		if (nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		if (linfo[IFLA_INFO_DATA] &&
		    (!have_kind || kind != l->kind)) {
			return -EOPNOTSUPP;
		}
		return link_do_setlink(rn, l, ifm, tb, extack, skb);
	}
	if (!(nlh->nlmsg_flags & NLM_F_CREATE)) {
		return -ENODEV;
	}
	if (tb[IFLA_MAP] || tb[IFLA_PROTINFO])
		return -EOPNOTSUPP;
	if (!have_kind) {
		UNL_SET_ERR_MSG(extack, "Unknown device type");
		return -EOPNOTSUPP;
	}
	err = link_new_validate(tb, extack);
	if (err)
		return err;
	return link_create(rn, skb, nlh, ifm, tb, kind, linfo, &vp, extack);
}

/* rtnl_setlink(): changes only, to a device that exists. */
static int rtnl_setlink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct ifinfomsg *ifm;
	struct rtnl_link *l;
	int err;

	err = link_parse(nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifi_index <= 0 && !tb[IFLA_IFNAME] && !tb[IFLA_ALT_IFNAME])
		return -EINVAL;
	l = link_lookup(rn, ifm, tb);
	if (!l)
		return -ENODEV;
	return link_do_setlink(rn, l, ifm, tb, extack, skb);
}

static int rtnl_dellink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct ifinfomsg *ifm;
	struct rtnl_link *l, *peer;
	int err;

	err = link_parse(nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifi_index > 0 || tb[IFLA_IFNAME] || tb[IFLA_ALT_IFNAME])
		l = link_lookup(rn, ifm, tb);
	else
		return -EINVAL;
	if (!l)
		return -ENODEV;
	if (l->kind == RTNL_KIND_LOOPBACK)
		return -EOPNOTSUPP;
	{
		struct rtnl_link *devs[64];
		int n = 0;

		devs[n++] = l;
		peer = l->kind == RTNL_KIND_VETH
			       ? rtnl_link_by_index(rn, l->peer)
			       : NULL;
		/* veth_dellink(): the pair is unlinked, then both go */
		if (peer) {
			devs[n++] = peer;
			l->iflink_none = peer->iflink_none = true;
		}
		/* vlans on top go with their lower device */
		for (struct rtnl_link *o = rn->links; o && n < 64; o = o->next)
			if (o->kind == RTNL_KIND_VLAN && o->iflink == l->ifindex)
				devs[n++] = o;
		link_unregister_many(rn, devs, n, skb, nlh);
	}
	return 0;
}

/* rtnl_valid_getlink_req() */
static int link_valid_get_req(struct unl_skb *skb, struct nlmsghdr *nlh,
			      const struct nlattr **tb,
			      struct unl_ext_ack *extack)
{
	struct ifinfomsg *ifm;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for get link");
		return -EINVAL;
	}
	if (!unl_skb_strict_check(skb))
		return link_parse(nlh, tb, extack);
	ifm = NLMSG_DATA(nlh);
	if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags ||
	    ifm->ifi_change) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header for get link request");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ifm), tb, RTNL_IFLA_MAX, ifla_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= RTNL_IFLA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case IFLA_IFNAME:
		case IFLA_ALT_IFNAME:
		case IFLA_EXT_MASK:
		case IFLA_TARGET_NETNSID:
			break;
		default:
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in get link request");
			return -EINVAL;
		}
	}
	return 0;
}

static int rtnl_getlink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct ifinfomsg *ifm;
	struct rtnl_link *l;
	struct unl_skb *nskb;
	uint32_t ext_mask = 0;
	int err;

	err = link_valid_get_req(skb, nlh, tb, extack);
	if (err)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (tb[IFLA_EXT_MASK])
		ext_mask = unl_nla_get_u32(tb[IFLA_EXT_MASK]);
	if (ifm->ifi_index > 0 || tb[IFLA_IFNAME] || tb[IFLA_ALT_IFNAME])
		l = link_lookup(rn, ifm, tb);
	else
		return -EINVAL;
	if (!l)
		return -ENODEV;
	nskb = unl_nlmsg_new(LINK_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	err = link_fill(nskb, l, RTM_NEWLINK, rtnl_req_portid(skb),
			nlh->nlmsg_seq, 0, 0, ext_mask);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

struct link_dump_ctx {
	int next_ifindex;
	uint32_t ext_mask;
	int master_idx;
	int kind; /* -1: any */
	bool filtered;
};

/* valid_dump_ifinfo_req() and the filters of rtnl_dump_ifinfo(). */
static int link_dump_parse(struct unl_callback *cb, struct link_dump_ctx *c)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct unl_ext_ack *extack = cb->extack;
	int err;

	c->kind = -1;
	if (cb->strict_check) {
		const struct ifinfomsg *ifm;

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm))) {
			UNL_SET_ERR_MSG(extack, "Invalid header for link dump");
			return -EINVAL;
		}
		ifm = NLMSG_DATA(nlh);
		if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags ||
		    ifm->ifi_change) {
			UNL_SET_ERR_MSG(extack, "Invalid values in header for link dump request");
			return -EINVAL;
		}
		if (ifm->ifi_index) {
			UNL_SET_ERR_MSG(extack, "Filter by device index not supported for link dumps");
			return -EINVAL;
		}
		err = unl_nlmsg_parse(nlh, sizeof(*ifm), tb, RTNL_IFLA_MAX,
				      ifla_policy, UNL_VALIDATE_DEPRECATED_STRICT, extack);
		if (err)
			return err;
	} else {
		/* A bare rtgenmsg from old tools: no attributes. */
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
			return 0;
		err = unl_nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb,
				      RTNL_IFLA_MAX, ifla_policy, 0, extack);
		if (err)
			return 0;
	}
	for (int i = 0; i <= RTNL_IFLA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case IFLA_TARGET_NETNSID:
			break;
		case IFLA_EXT_MASK:
			c->ext_mask = unl_nla_get_u32(tb[i]);
			break;
		case IFLA_MASTER:
			c->master_idx = (int)unl_nla_get_u32(tb[i]);
			c->filtered = true;
			break;
		case IFLA_LINKINFO: {
			const struct nlattr *li[IFLA_INFO_MAX + 1] = { 0 };
			enum rtnl_link_kind k;
			char ks[32];

			if (!unl_nla_parse_nested(li, IFLA_INFO_MAX, tb[i],
						  ifla_info_policy, 0,
						  extack) &&
			    li[IFLA_INFO_KIND]) {
				unl_nla_strscpy(ks, li[IFLA_INFO_KIND],
						sizeof(ks));
				/* a kind the kernel does not know
				 * filters nothing (kind_ops NULL) */
				if (!link_kind_of(rtnl_cb_net(cb), ks, &k)) {
					c->kind = (int)k;
					c->filtered = true;
				}
			}
			break;
		}
		default:
			if (cb->strict_check) {
				UNL_SET_ERR_MSG(extack, "Unsupported attribute in link dump request");
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int rtnl_dump_ifinfo(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct link_dump_ctx *c = RTNL_CB_CTX(cb, struct link_dump_ctx);
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = link_dump_parse(cb, c);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	cb->seq = rn->dev_base_seq;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->ifindex < c->next_ifindex)
			continue;
		if (c->master_idx && l->master != c->master_idx)
			continue;
		if (c->kind != -1 && (int)l->kind != c->kind)
			continue;
		if (link_fill(skb, l, RTM_NEWLINK, rtnl_req_portid(cb->skb),
			      cb->nlh->nlmsg_seq, 0, NLM_F_MULTI,
			      c->ext_mask)) {
			if (!unl_skb_len(skb))
				return -EMSGSIZE;
			return (int)unl_skb_len(skb);
		}
		c->next_ifindex = l->ifindex + 1;
	}
	return 0;
}

/* inet6_valid_dump_ifinfo() when the request asks for strict checks,
 * and the parse of valid_bridge_getlink_req() (with its filter mask):
 * the two family-specific link dumps. */
static int link_af_dump_parse(struct unl_callback *cb, int family,
			      uint32_t *ext_mask)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
	struct unl_ext_ack *extack = cb->extack;
	bool bridge = family == PF_BRIDGE;
	int err;

	if (!cb->strict_check) {
		if (!bridge)
			return 0;
		/* Liberal: a short header or a bad filter mask is reported
		 * in the extended ACK and otherwise ignored. */
		if (!unl_nlmsg_parse(nlh, sizeof(*ifm), tb, RTNL_IFLA_MAX,
				     ifla_policy, 0, extack) &&
		    tb[IFLA_EXT_MASK])
			*ext_mask = unl_nla_get_u32(tb[IFLA_EXT_MASK]);
		return 0;
	}
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm))) {
		UNL_SET_ERR_MSG(extack, bridge ? "Invalid header for bridge link dump"
					       : "ipv6: Invalid header for link dump request");
		return -EINVAL;
	}
	if (!bridge && nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*ifm))) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid data after header");
		return -EINVAL;
	}
	if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags ||
	    ifm->ifi_change || ifm->ifi_index) {
		UNL_SET_ERR_MSG(extack, bridge ? "Invalid values in header for bridge link dump request"
					       : "ipv6: Invalid values in header for dump request");
		return -EINVAL;
	}
	if (!bridge)
		return 0;
	err = unl_nlmsg_parse(nlh, sizeof(*ifm), tb, RTNL_IFLA_MAX, ifla_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= RTNL_IFLA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i != IFLA_EXT_MASK) {
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in bridge link dump request");
			return -EINVAL;
		}
		*ext_mask = unl_nla_get_u32(tb[i]);
	}
	return 0;
}

/* inet6_fill_ifinfo() and br_fill_ifinfo(): the short link message of
 * an AF_INET6 or AF_BRIDGE dump.  A bridge port carries its port
 * attributes; a bridge reporting itself names itself as master. */
static int link_fill_af(struct unl_skb *skb, const struct rtnl_link *l,
			int family, uint32_t pid, uint32_t seq, uint16_t flags)
{
	const struct rtnl_link *m = NULL;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nlattr *pi;
	uint8_t operstate = rtnl_link_running(l) ? l->operstate : IF_OPER_DOWN;
	uint32_t iflink = l->iflink_none ? 0 : (uint32_t)l->iflink;

	nlh = unl_nlmsg_put(skb, pid, seq, RTM_NEWLINK, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = (uint8_t)family;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = link_ifi_flags(l);
	ifm->ifi_change = 0;
	if (unl_nla_put_string(skb, IFLA_IFNAME, l->name))
		goto fail;
	if (family == PF_INET6) {
		if ((l->addr_len &&
		     unl_nla_put(skb, IFLA_ADDRESS, l->addr_len, l->addr)) ||
		    unl_nla_put_u32(skb, IFLA_MTU, l->mtu) ||
		    (iflink != (uint32_t)l->ifindex &&
		     unl_nla_put_u32(skb, IFLA_LINK, iflink)) ||
		    unl_nla_put_u8(skb, IFLA_OPERSTATE, operstate))
			goto fail;
		pi = rtnl_nest_start(skb, IFLA_PROTINFO);
		if (!pi || put_inet6_attrs(skb, l, 0))
			goto fail;
		unl_nla_nest_end(skb, pi);
		unl_nlmsg_end(skb, nlh);
		return 0;
	}
	if (l->master)
		m = rtnl_link_by_index(l->rn, l->master);
	if (unl_nla_put_u32(skb, IFLA_MASTER,
			    (uint32_t)(m ? m->ifindex : l->ifindex)) ||
	    unl_nla_put_u32(skb, IFLA_MTU, l->mtu) ||
	    unl_nla_put_u8(skb, IFLA_OPERSTATE, operstate) ||
	    (l->addr_len &&
	     unl_nla_put(skb, IFLA_ADDRESS, l->addr_len, l->addr)) ||
	    (l->iflink != l->ifindex &&
	     unl_nla_put_u32(skb, IFLA_LINK, iflink)))
		goto fail;
	if (m) {
		pi = unl_nla_nest_start(skb, IFLA_PROTINFO);
		if (!pi || put_brport_attrs(skb, l, m))
			goto fail;
		unl_nla_nest_end(skb, pi);
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* The filter-mask bits for which br_getlink() reports the bridge
 * itself, besides its ports. */
#define BR_SELF_FILTERS                                                     \
	(RTEXT_FILTER_BRVLAN | RTEXT_FILTER_BRVLAN_COMPRESSED |             \
	 RTEXT_FILTER_MRP | RTEXT_FILTER_CFM_CONFIG | RTEXT_FILTER_CFM_STATUS)

/* inet6_dump_ifinfo() (the devices that have an inet6_dev) and
 * rtnl_bridge_getlink(): resumable by ifindex, as the full dump is. */
static int link_dump_af(struct unl_skb *skb, struct unl_callback *cb,
			int family)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct link_dump_ctx *c = RTNL_CB_CTX(cb, struct link_dump_ctx);
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = link_af_dump_parse(cb, family, &c->ext_mask);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	cb->seq = rn->dev_base_seq;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->ifindex < c->next_ifindex)
			continue;
		if (family == PF_INET6 && l->no_inet6)
			continue;
		if (family == PF_BRIDGE && !l->master &&
		    !(l->kind == RTNL_KIND_BRIDGE &&
		      (c->ext_mask & BR_SELF_FILTERS)))
			continue;
		if (link_fill_af(skb, l, family, rtnl_req_portid(cb->skb),
				 cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			if (!unl_skb_len(skb))
				return -EMSGSIZE;
			return (int)unl_skb_len(skb);
		}
		c->next_ifindex = l->ifindex + 1;
	}
	return 0;
}

static int inet6_dump_ifinfo(struct unl_skb *skb, struct unl_callback *cb)
{
	return link_dump_af(skb, cb, PF_INET6);
}

static int rtnl_bridge_getlink(struct unl_skb *skb, struct unl_callback *cb)
{
	return link_dump_af(skb, cb, PF_BRIDGE);
}

const struct rtnl_msg_handler rtnl_link_handlers[] = {
	{ PF_UNSPEC, RTM_NEWLINK, rtnl_newlink, NULL, 0 },
	{ PF_UNSPEC, RTM_DELLINK, rtnl_dellink, NULL, 0 },
	{ PF_UNSPEC, RTM_GETLINK, rtnl_getlink, rtnl_dump_ifinfo,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_UNSPEC, RTM_SETLINK, rtnl_setlink, NULL, 0 },
	{ PF_INET6, RTM_GETLINK, NULL, inet6_dump_ifinfo, 0 },
	{ PF_BRIDGE, RTM_GETLINK, NULL, rtnl_bridge_getlink, 0 },
};
const unsigned int rtnl_link_handlers_n =
	sizeof(rtnl_link_handlers) / sizeof(rtnl_link_handlers[0]);
