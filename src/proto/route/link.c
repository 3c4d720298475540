// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Links: RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK and RTNLGRP_LINK
 * (net/core/rtnetlink.c, with what net/core/dev.c does to a device).
 * What differs by kind is in the kind's struct rtnl_link_ops, one file
 * each under link/ (drivers/net/{loopback,dummy,veth}.c, net/bridge,
 * net/8021q reduced to their control plane); the table of kinds is
 * link_kinds[] below.
 *
 * Operational state follows the kernel's rules: a device reports DOWN
 * while it is not up; an up device without carrier is DOWN, or
 * LOWERLAYERDOWN when its iflink (a veth's peer) has no carrier either;
 * a device whose driver never signals carrier (lo, dummy) stays UNKNOWN.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/if_arp.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/net_namespace.h>
#include <linux/veth.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"

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
	struct rtnl_link *l;

	/* no memory ever came for the index: the list has them all */
	if (!rn->by_index) {
		for (l = rn->links; l && l->ifindex != ifindex; l = l->next)
			;
		return l;
	}
	for (l = rn->by_index[(uint32_t)ifindex & rn->index_mask]; l;
	     l = l->index_next)
		if (l->ifindex == ifindex)
			return l;
	return NULL;
}

/* FNV-1a of a device name: its bucket in rn->by_name. */
static uint32_t link_name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

static void link_index_push(struct rtnl_net *rn, struct rtnl_link *l)
{
	uint32_t b = (uint32_t)l->ifindex & rn->index_mask;

	l->index_next = rn->by_index[b];
	rn->by_index[b] = l;
	b = link_name_hash(l->name) & rn->index_mask;
	l->name_next = rn->by_name[b];
	rn->by_name[b] = l;
}

static void link_name_unindex(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link **pp;

	if (!rn->by_name)
		return;
	for (pp = &rn->by_name[link_name_hash(l->name) & rn->index_mask]; *pp;
	     pp = &(*pp)->name_next)
		if (*pp == l) {
			*pp = l->name_next;
			break;
		}
	l->name_next = NULL;
}

static void link_name_index(struct rtnl_net *rn, struct rtnl_link *l)
{
	uint32_t b;

	if (!rn->by_name)
		return;
	b = link_name_hash(l->name) & rn->index_mask;
	l->name_next = rn->by_name[b];
	rn->by_name[b] = l;
}

/* Both indexes with twice the buckets (8 at first), every device of
 * the list in them.  Without memory they stay as they are, their
 * chains longer. */
static int link_index_grow(struct rtnl_net *rn)
{
	uint32_t nsize = rn->by_index ? (rn->index_mask + 1) * 2 : 8;
	struct rtnl_link **ni, **nn;

	if (!nsize)
		return -ENOMEM;
	ni = calloc(nsize, sizeof(*ni));
	nn = calloc(nsize, sizeof(*nn));
	if (!ni || !nn) {
		free(ni);
		free(nn);
		return -ENOMEM;
	}
	free(rn->by_index);
	free(rn->by_name);
	rn->by_index = ni;
	rn->by_name = nn;
	rn->index_mask = nsize - 1;
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		link_index_push(rn, l);
	return 0;
}

/* A device with a carrier rule joins rn->carrier_links, in ifindex
 * order (at the end, usually, as new indexes are the highest). */
static void link_carrier_list_add(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link *prev = rn->carrier_tail;

	while (prev && prev->ifindex > l->ifindex)
		prev = prev->carrier_prev;
	l->carrier_prev = prev;
	l->carrier_next = prev ? prev->carrier_next : rn->carrier_links;
	if (prev)
		prev->carrier_next = l;
	else
		rn->carrier_links = l;
	if (l->carrier_next)
		l->carrier_next->carrier_prev = l;
	else
		rn->carrier_tail = l;
}

static void link_carrier_list_del(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (!(l->carrier_prev ? l->carrier_prev->carrier_next == l
			      : rn->carrier_links == l))
		return;
	if (l->carrier_prev)
		l->carrier_prev->carrier_next = l->carrier_next;
	else
		rn->carrier_links = l->carrier_next;
	if (l->carrier_next)
		l->carrier_next->carrier_prev = l->carrier_prev;
	else
		rn->carrier_tail = l->carrier_prev;
	l->carrier_next = l->carrier_prev = NULL;
}

/* The device joins rn's list, in ifindex order (at the end, as new
 * indexes are the highest, in one step), and its indexes. */
static void link_dev_add(struct rtnl_net *rn, struct rtnl_link *l)
{
	struct rtnl_link **pp = &rn->links, *prev = NULL;

	if (rn->links_tail && rn->links_tail->ifindex < l->ifindex) {
		prev = rn->links_tail;
		pp = &prev->next;
	}
	while (*pp && (*pp)->ifindex < l->ifindex) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	l->next = *pp;
	l->prev = prev;
	*pp = l;
	if (l->next)
		l->next->prev = l;
	else
		rn->links_tail = l;
	rn->nlinks++;
	if (l->ops->carrier)
		link_carrier_list_add(rn, l);
	if (l->naltnames)
		rn->had_altnames = true;
	/* a new table takes in all of the list, l too */
	if ((!rn->by_index || rn->nlinks > rn->index_mask + 1) &&
	    !link_index_grow(rn))
		return;
	if (rn->by_index)
		link_index_push(rn, l);
}

/* The device leaves rn's list and indexes. */
static void link_dev_del(struct rtnl_net *rn, struct rtnl_link *l)
{
	if (l->prev ? l->prev->next == l : rn->links == l) {
		if (l->prev)
			l->prev->next = l->next;
		else
			rn->links = l->next;
		if (l->next)
			l->next->prev = l->prev;
		else
			rn->links_tail = l->prev;
		rn->nlinks--;
		link_carrier_list_del(rn, l);
	}
	for (struct rtnl_link **pp = rn->by_index
					     ? &rn->by_index[(uint32_t)l->ifindex &
							     rn->index_mask]
					     : NULL;
	     pp && *pp; pp = &(*pp)->index_next)
		if (*pp == l) {
			*pp = l->index_next;
			break;
		}
	link_name_unindex(rn, l);
	l->next = l->prev = l->index_next = NULL;
}

/* A device renamed in place: its bucket in the name index follows. */
static void link_rename(struct rtnl_net *rn, struct rtnl_link *l,
			const char *name)
{
	link_name_unindex(rn, l);
	memcpy(l->name, name, sizeof(l->name));
	link_name_index(rn, l);
}

/* dev_change_name(): renamed, then NETDEV_CHANGENAME with the old name
 * (device_rename()'s "move" uevent needs it). */
static void link_rename_notify(struct rtnl_net *rn, struct rtnl_link *l,
			       const char *name)
{
	char old[IFNAMSIZ];

	memcpy(old, l->name, sizeof(old));
	link_rename(rn, l, name);
	rtnl_netdev_notify(rn, RTNL_NETDEV_CHANGENAME,
			   &(struct rtnl_netdev_info){ .dev = l,
						       .old_name = old });
}

/* __dev_get_by_name() and the altname lookup: names and altnames are
 * unique together in a net, so the name index answers unless the net
 * ever had altnames, which are not in it. */
struct rtnl_link *rtnl_link_by_name(struct rtnl_net *rn, const char *name)
{
	struct rtnl_link *l;

	if (rn->by_name) {
		for (l = rn->by_name[link_name_hash(name) & rn->index_mask];
		     l; l = l->name_next)
			if (!strcmp(l->name, name))
				return l;
		if (!rn->had_altnames)
			return NULL;
	}
	for (l = rn->links; l; l = l->next)
		if (!strcmp(l->name, name) || rtnl_link_has_altname(l, name))
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

/* dev_get_iflink(): the device a virtual one sits on (a veth's peer, a
 * vlan's lower device), else the device itself. */
static int link_iflink(const struct rtnl_link *l)
{
	return l->ops->get_iflink ? l->ops->get_iflink(l) : l->ifindex;
}

/* default_operstate() */
static uint8_t link_default_operstate(struct rtnl_link *l)
{
	struct rtnl_link *peer;
	int iflink = link_iflink(l);

	if (!l->carrier) {
		if (iflink == l->ifindex)
			return IF_OPER_DOWN;
		peer = rtnl_link_by_index(l->rn, iflink);
		if (!peer)
			return IF_OPER_DOWN;
		return peer->carrier ? IF_OPER_DOWN : IF_OPER_LOWERLAYERDOWN;
	}
	return IF_OPER_UP;
}


void rtnl_link_list_init(struct rtnl_link_list *list)
{
	list->first = NULL;
	list->tail = &list->first;
}

/* Appends l to list, threaded through l's own *next (lw_next or
 * kill_next). */
static void link_list_add(struct rtnl_link_list *list, struct rtnl_link *l,
			  struct rtnl_link **next)
{
	*next = NULL;
	*list->tail = l;
	list->tail = next;
}

/* linkwatch_fire_event(): the device is looked at again once the request
 * that changed it is done, as the kernel's linkwatch work runs after it;
 * a device already queued keeps its place. */
static void linkwatch_fire(struct rtnl_link *l)
{
	struct rtnl_link_list *q = &l->rn->world->linkwatch;

	if (l->lw_queued)
		return;
	l->lw_queued = true;
	l->lw_prev = q->tail == &q->first
			     ? NULL
			     : (struct rtnl_link *)((char *)q->tail -
						    offsetof(struct rtnl_link,
							     lw_next));
	link_list_add(q, l, &l->lw_next);
}

/* linkwatch_forget_dev(): a device that goes leaves the queue. */
static void linkwatch_forget(struct rtnl_link *l)
{
	struct rtnl_link_list *q = &l->rn->world->linkwatch;

	struct rtnl_link **pp;

	if (!l->lw_queued)
		return;
	/* still waiting, not taken by a run already (linked back to) */
	pp = l->lw_prev ? &l->lw_prev->lw_next : &q->first;
	if (*pp == l) {
		*pp = l->lw_next;
		if (l->lw_next)
			l->lw_next->lw_prev = l->lw_prev;
		else
			q->tail = pp;
	}
	l->lw_prev = NULL;
	l->lw_queued = false;
}

bool rtnl_link_oper_up(const struct rtnl_link *l)
{
	return l->operstate == IF_OPER_UP || l->operstate == IF_OPER_UNKNOWN;
}

/* netif_carrier_on() / netif_carrier_off() */
void rtnl_link_carrier_set(struct rtnl_link *l, bool on)
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

/* What the driver does to the carrier when something changed (the
 * kind's carrier rule); lo and dummy always have it. */
static void link_update_carrier(struct rtnl_net *rn, struct rtnl_link *l)
{
	int want = l->ops->carrier ? l->ops->carrier(l) : -1;

	if (want >= 0)
		rtnl_link_carrier_set(l, want);
}

static struct rtnl_net *link_net_of(const struct rtnl_link *l);

/* first (may be NULL) is the device that changed: its driver sets its
 * own carrier before its peer's (veth_open, veth_close), and linkwatch
 * handles the events in that order; a peer in another net follows
 * before this net's other devices. */
static void link_update_carriers_from(struct rtnl_net *rn,
				      struct rtnl_link *first)
{
	if (first) {
		/* A carrier rule (veth's) reads the device and its link,
		 * nothing else: only those two can have moved. */
		struct rtnl_link *peer = NULL;

		if (first->ops->get_iflink) {
			int idx = first->ops->get_iflink(first);

			if (idx)
				peer = rtnl_link_by_index(link_net_of(first),
							  idx);
		}
		link_update_carrier(rn, first);
		if (peer && peer != first)
			link_update_carrier(peer->rn, peer);
		return;
	}
	/* the others' carriers are left alone (link_update_carrier()) */
	for (struct rtnl_link *l = rn->carrier_links; l; l = l->carrier_next)
		link_update_carrier(rn, l);
}

static void link_update_carriers(struct rtnl_net *rn)
{
	link_update_carriers_from(rn, NULL);
}

/* A set of nets whose devices' carriers are to be looked at once a
 * change that spans nets is done (threaded through the nets). */
static void link_nets_add(struct rtnl_net **set, struct rtnl_net *rn)
{
	if (rn->carrier_queued)
		return;
	rn->carrier_queued = true;
	rn->carrier_next = *set;
	*set = rn;
}

/* A device's net and its link's (a veth peer's). */
static void link_nets_add_dev(struct rtnl_net **set, const struct rtnl_link *l)
{
	link_nets_add(set, l->rn);
	link_nets_add(set, link_net_of(l));
}

static void link_nets_update_carriers(struct rtnl_net *set)
{
	while (set) {
		struct rtnl_net *rn = set;

		set = rn->carrier_next;
		rn->carrier_queued = false;
		link_update_carriers(rn);
	}
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

/* netdev_state_change(): NETDEV_CHANGE, then RTM_NEWLINK, for a device
 * that is up.  linkwatch: the change is a carrier change. */
static void link_state_change(struct rtnl_link *l, bool linkwatch)
{
	struct rtnl_netdev_info info = { .dev = l, .linkwatch = linkwatch };

	if (!rtnl_link_running(l))
		return;
	rtnl_netdev_notify(l->rn, RTNL_NETDEV_CHANGE, &info);
	rtnl_link_notify(l, RTM_NEWLINK, 0, NULL, NULL);
}

/* linkwatch_do_dev() for every device fired, in any net, in order:
 * operational state, then netdev_state_change() (routes, the ARP
 * table, addresses, the neighbour discovery table follow the carrier).
 * A device done in this run is not queued again by the events it
 * causes. */
void rtnl_linkwatch_run(struct rtnl_world *rw)
{
	struct rtnl_link_list *q = &rw->linkwatch;
	struct rtnl_link *done = NULL;

	while (q->first) {
		struct rtnl_link *l = q->first;

		q->first = l->lw_next;
		if (q->first)
			q->first->lw_prev = NULL;
		else
			q->tail = &q->first;
		l->lw_prev = NULL;
		l->lw_next = done;
		done = l;
		link_update_operstate(l);
		link_state_change(l, true);
		/* a port's state moves its bridge's carrier (bridge_port.c
		 * sets it); no carrier rule reads a port's state */
	}
	for (struct rtnl_link *l = done, *next; l; l = next) {
		next = l->lw_next;
		l->lw_next = NULL;
		l->lw_queued = false;
	}
}

/* dev_get_flags().  IFF_DORMANT would be a driver's netif_dormant(),
 * which no kind here sets: an operational state of DORMANT, from the
 * link mode or the user, does not make it. */
unsigned int rtnl_link_ifi_flags(const struct rtnl_link *l)
{
	unsigned int f = l->flags & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT);

	if (rtnl_link_running(l)) {
		if (l->operstate == IF_OPER_UP || l->operstate == IF_OPER_UNKNOWN)
			f |= IFF_RUNNING;
		if (l->carrier)
			f |= IFF_LOWER_UP;
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
	for (const struct rtnl_addr *a = l->addrs; a; a = a->dev_next)
		if (a->family == AF_INET6 && a->scope == RT_SCOPE_LINK &&
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
	ci.retrans_time = rtnl_jiffies_to_msecs(
		l->rn, l->nparms[1].v[RTNL_NV_RETRANS_TIME]);
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

/* rtnl_link_info_fill(): the kind and what its driver reports. */
static int put_kind_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct nlattr *data;

	if (unl_nla_put_string(skb, IFLA_INFO_KIND, l->ops->kind))
		return -EMSGSIZE;
	if (!l->ops->fill_info)
		return 0;
	data = rtnl_nest_start(skb, IFLA_INFO_DATA);
	if (!data || l->ops->fill_info(skb, l))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, data);
	return 0;
}

/* rtnl_link_slave_info_fill(): the master's kind and what it reports
 * of this port. */
static int put_slave_info(struct unl_skb *skb, const struct rtnl_link *l,
			  const struct rtnl_link *m)
{
	struct nlattr *sd;

	if (unl_nla_put_string(skb, IFLA_INFO_SLAVE_KIND, m->ops->kind))
		return -EMSGSIZE;
	if (!m->ops->fill_slave_info)
		return 0;
	sd = rtnl_nest_start(skb, IFLA_INFO_SLAVE_DATA);
	if (!sd || m->ops->fill_slave_info(skb, m, l))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, sd);
	return 0;
}

/* rtnl_link_fill() */
static int put_linkinfo(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct nlattr *li;
	const struct rtnl_link *m;

	m = l->master ? rtnl_link_by_index(l->rn, l->master) : NULL;
	if (!l->ops->kind && !(m && m->ops->kind))
		return 0;
	li = rtnl_nest_start(skb, IFLA_LINKINFO);
	if (!li)
		return -EMSGSIZE;
	if (l->ops->kind && put_kind_info(skb, l))
		return -EMSGSIZE;
	if (m && m->ops->kind && put_slave_info(skb, l, m))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, li);
	return 0;
}

/* What rtnl_fill_ifinfo() is asked to write besides the device. */
struct link_fill_args {
	int type;
	uint32_t pid, seq;
	unsigned int change;
	int flags;
	uint32_t ext_mask, event;
	/* The net that asks: its nsids name the others (src_net). */
	struct rtnl_net *src;
	int tgt_netnsid;     /* IFLA_TARGET_NETNSID, or -1 */
	const int *new_nsid; /* a move's DELLINK: IFLA_NEW_NETNSID */
	int new_ifindex;     /* and IFLA_NEW_IFINDEX, 0 for none */
};

/* The net a device's link (a veth's peer, a vlan's lower device) lives
 * in: its kind's get_link_net, else its own. */
static struct rtnl_net *link_net_of(const struct rtnl_link *l)
{
	return l->ops->get_link_net ? l->ops->get_link_net(l) : l->rn;
}

/* rtnl_fill_link_netnsid()'s id: what src calls the net of l's link,
 * given one now if it has none (peernet2id_alloc(), announced);
 * NETNSA_NSID_NOT_ASSIGNED when the link is in l's own net, or *other
 * false then. */
static int link_netnsid(struct rtnl_net *src, const struct rtnl_link *l,
			bool *other)
{
	struct rtnl_net *ln = link_net_of(l);

	*other = ln != l->rn;
	if (!*other)
		return NETNSA_NSID_NOT_ASSIGNED;
	return unl_net_peer_id_alloc(src->net, ln->net);
}

/* rtnl_fill_link_netnsid() with nla_put_iflink(): IFLA_LINK whenever
 * the link is in another net, else only when it differs from the
 * device (0 for a veth not, or no longer, paired). */
static int put_link_netnsid(struct unl_skb *skb, const struct rtnl_link *l,
			    struct rtnl_net *src)
{
	bool other;
	int id = link_netnsid(src, l, &other);
	int iflink = link_iflink(l);

	if (other && unl_nla_put_u32(skb, IFLA_LINK_NETNSID, (uint32_t)id))
		return -EMSGSIZE;
	if ((other || iflink != l->ifindex) &&
	    unl_nla_put_u32(skb, IFLA_LINK, (uint32_t)iflink))
		return -EMSGSIZE;
	return 0;
}

static int put_link_head(struct unl_skb *skb, const struct rtnl_link *l,
			 const struct link_fill_args *a)
{
	bool running = rtnl_link_running(l);

	if ((a->tgt_netnsid >= 0 &&
	     unl_nla_put_u32(skb, IFLA_TARGET_NETNSID,
			     (uint32_t)a->tgt_netnsid)) ||
	    unl_nla_put_string(skb, IFLA_IFNAME, l->name) ||
	    unl_nla_put_u32(skb, IFLA_TXQLEN, l->txqlen) ||
	    unl_nla_put_u8(skb, IFLA_OPERSTATE,
			   running ? l->operstate : IF_OPER_DOWN) ||
	    unl_nla_put_u8(skb, IFLA_LINKMODE, l->linkmode) ||
	    unl_nla_put_u8(skb, RTNL_IFLA_NETNS_IMMUTABLE,
			   l->netns_immutable) ||
	    unl_nla_put_u32(skb, IFLA_MTU, l->mtu) ||
	    unl_nla_put_u32(skb, IFLA_MIN_MTU, l->min_mtu) ||
	    unl_nla_put_u32(skb, IFLA_MAX_MTU, l->max_mtu) ||
	    unl_nla_put_u32(skb, IFLA_GROUP, l->group) ||
	    unl_nla_put_u32(skb, IFLA_PROMISCUITY, l->promiscuity) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_ALLMULTI, l->allmulti) ||
	    unl_nla_put_u32(skb, IFLA_NUM_TX_QUEUES, l->num_tx_queues) ||
	    unl_nla_put_u32(skb, IFLA_GSO_MAX_SEGS, l->gso_max_segs) ||
	    unl_nla_put_u32(skb, IFLA_GSO_MAX_SIZE, l->gso_max_size) ||
	    unl_nla_put_u32(skb, IFLA_GRO_MAX_SIZE, l->gro_max_size) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_GSO_IPV4_MAX_SIZE,
			    l->gso_ipv4_max_size) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_GRO_IPV4_MAX_SIZE,
			    l->gro_ipv4_max_size) ||
	    unl_nla_put_u32(skb, IFLA_TSO_MAX_SIZE, l->tso_max_size) ||
	    unl_nla_put_u32(skb, IFLA_TSO_MAX_SEGS, 65535) ||
	    unl_nla_put_u32(skb, RTNL_IFLA_MAX_PACING_OFFLOAD_HORIZON, 0) ||
	    unl_nla_put_u32(skb, IFLA_NUM_RX_QUEUES, l->num_rx_queues))
		return -EMSGSIZE;
	if (l->master && unl_nla_put_u32(skb, IFLA_MASTER, (uint32_t)l->master))
		return -EMSGSIZE;
	if (unl_nla_put_u8(skb, IFLA_CARRIER, l->carrier))
		return -EMSGSIZE;
	if (l->alias && unl_nla_put_string(skb, IFLA_IFALIAS, l->alias))
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, IFLA_CARRIER_CHANGES, l->carrier_changes) ||
	    unl_nla_put_u32(skb, IFLA_CARRIER_UP_COUNT, l->carrier_up) ||
	    unl_nla_put_u32(skb, IFLA_CARRIER_DOWN_COUNT, l->carrier_down) ||
	    unl_nla_put_u16(skb, RTNL_IFLA_HEADROOM, 0) ||
	    unl_nla_put_u16(skb, RTNL_IFLA_TAILROOM, 0) ||
	    unl_nla_put_u8(skb, IFLA_PROTO_DOWN, 0))
		return -EMSGSIZE;
	if (a->event && unl_nla_put_u32(skb, IFLA_EVENT, a->event))
		return -EMSGSIZE;
	if (l->addr_len &&
	    (unl_nla_put(skb, IFLA_ADDRESS, l->addr_len, l->addr) ||
	     unl_nla_put(skb, IFLA_BROADCAST, l->addr_len, l->broadcast)))
		return -EMSGSIZE;
	return 0;
}

void rtnl_link_get_stats64(const struct rtnl_link *l,
			   struct rtnl_link_stats64 *s)
{
	memset(s, 0, sizeof(*s));
	if (l->ops->get_stats64)
		l->ops->get_stats64(l, s);
	s->rx_dropped += l->core_rx_dropped;
	s->tx_dropped += l->core_tx_dropped;
}

struct rtnl_link *rtnl_link_xmit_frame(struct rtnl_link *l, unsigned int len)
{
	if (!(l->flags & IFF_UP)) {
		l->core_tx_dropped++;
		return NULL;
	}
	return l->ops->xmit_frame ? l->ops->xmit_frame(l, len) : NULL;
}

/* How deep frames the model makes may go through devices that hand
 * them on at once (a bridge floods, a veth delivers).  Linux queues a
 * veth's frame (netif_rx()) and a loop of bridges circulates it for
 * ever; the model runs the hops as calls, so a loop stops here. */
#define RTNL_FRAME_HOPS_MAX 16

static unsigned int rtnl_frame_hops;

void rtnl_link_send_frame(struct rtnl_link *l, const struct rtnl_frame *f)
{
	struct rtnl_link *rcv = rtnl_link_xmit_frame(l, f->len);

	if (!rcv || rtnl_frame_hops >= RTNL_FRAME_HOPS_MAX)
		return;
	rtnl_frame_hops++;
	rtnl_link_receive_frame(rcv, f);
	rtnl_frame_hops--;
}

void rtnl_link_receive_frame(struct rtnl_link *l, const struct rtnl_frame *f)
{
	for (;;) {
		struct rtnl_link *m = l->master
			? rtnl_link_by_index(l->rn, l->master) : NULL;

		if (!m || !l->port || !m->ops->rx_frame)
			break;
		switch (m->ops->rx_frame(m, l, f)) {
		case RTNL_RX_CONSUMED:
			return;
		case RTNL_RX_ANOTHER:
			l = m;
			continue;
		case RTNL_RX_PASS:
			break;
		}
		break;
	}
	l->core_rx_dropped++;
}

/* Statistics (always there: RTEXT_FILTER_SKIP_STATS only drops the
 * per-family ones; x86-64 needs no IFLA_PAD before them) and XDP. */
static int put_link_stats_xdp(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct rtnl_link_stats64 s64 = { 0 };
	struct rtnl_link_stats s32 = { 0 };
	struct nlattr *xdp;

	/* dev_get_stats(): the driver's counters, copy_rtnl_link_stats()'s
	 * 32-bit truncation */
	rtnl_link_get_stats64(l, &s64);
	s32.rx_packets = (uint32_t)s64.rx_packets;
	s32.tx_packets = (uint32_t)s64.tx_packets;
	s32.rx_bytes = (uint32_t)s64.rx_bytes;
	s32.tx_bytes = (uint32_t)s64.tx_bytes;
	s32.rx_errors = (uint32_t)s64.rx_errors;
	s32.tx_errors = (uint32_t)s64.tx_errors;
	s32.rx_dropped = (uint32_t)s64.rx_dropped;
	s32.tx_dropped = (uint32_t)s64.tx_dropped;
	s32.multicast = (uint32_t)s64.multicast;
	s32.collisions = (uint32_t)s64.collisions;
	s32.rx_length_errors = (uint32_t)s64.rx_length_errors;
	s32.rx_over_errors = (uint32_t)s64.rx_over_errors;
	s32.rx_crc_errors = (uint32_t)s64.rx_crc_errors;
	s32.rx_frame_errors = (uint32_t)s64.rx_frame_errors;
	s32.rx_fifo_errors = (uint32_t)s64.rx_fifo_errors;
	s32.rx_missed_errors = (uint32_t)s64.rx_missed_errors;
	s32.tx_aborted_errors = (uint32_t)s64.tx_aborted_errors;
	s32.tx_carrier_errors = (uint32_t)s64.tx_carrier_errors;
	s32.tx_fifo_errors = (uint32_t)s64.tx_fifo_errors;
	s32.tx_heartbeat_errors = (uint32_t)s64.tx_heartbeat_errors;
	s32.tx_window_errors = (uint32_t)s64.tx_window_errors;
	s32.rx_compressed = (uint32_t)s64.rx_compressed;
	s32.tx_compressed = (uint32_t)s64.tx_compressed;
	s32.rx_nohandler = (uint32_t)s64.rx_nohandler;

	if (unl_nla_put(skb, IFLA_STATS64, sizeof(s64), &s64) ||
	    unl_nla_put(skb, IFLA_STATS, sizeof(s32), &s32))
		return -EMSGSIZE;
	xdp = rtnl_nest_start(skb, IFLA_XDP);
	if (!xdp || unl_nla_put_u8(skb, IFLA_XDP_ATTACHED, 0))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, xdp);
	return 0;
}

/* The root qdisc (sched/sch_api.c): noop before the first up, then
 * what dev_activate() attached or tc put there. */
static const char *link_qdisc(const struct rtnl_link *l)
{
	return rtnl_tc_root_kind(l);
}

/* memchr_inv(dev->perm_addr, 0, addr_len): a driver gave one */
static bool link_has_perm_addr(const struct rtnl_link *l)
{
	for (unsigned int i = 0; i < l->addr_len; i++)
		if (l->perm_addr[i])
			return true;
	return false;
}

static int put_link_tail(struct unl_skb *skb, const struct rtnl_link *l,
			 const struct link_fill_args *a)
{
	struct rtnl_link_ifmap map = { 0 };
	struct nlattr *n;

	if (a->new_nsid &&
	    unl_nla_put_u32(skb, IFLA_NEW_NETNSID, (uint32_t)*a->new_nsid))
		return -EMSGSIZE;
	if (a->new_ifindex &&
	    unl_nla_put_u32(skb, IFLA_NEW_IFINDEX, (uint32_t)a->new_ifindex))
		return -EMSGSIZE;
	if (link_has_perm_addr(l) &&
	    unl_nla_put(skb, IFLA_PERM_ADDRESS, l->addr_len, l->perm_addr))
		return -EMSGSIZE;
	if (put_link_netnsid(skb, l, a->src) ||
	    unl_nla_put_string(skb, IFLA_QDISC, link_qdisc(l)) ||
	    put_af_spec(skb, l, a->ext_mask) ||
	    unl_nla_put(skb, IFLA_MAP, sizeof(map), &map) ||
	    rtnl_link_put_prop_list(skb, l))
		return -EMSGSIZE;
	n = unl_nla_nest_start(skb, RTNL_IFLA_DEVLINK_PORT);
	if (!n)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, n);
	n = unl_nla_nest_start(skb, RTNL_IFLA_DPLL_PIN);
	if (!n)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* rtnl_fill_ifinfo(), attributes in the kernel's order. */
static int link_fill(struct unl_skb *skb, const struct rtnl_link *l,
		     const struct link_fill_args *a)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;

	nlh = unl_nlmsg_put(skb, a->pid, a->seq, a->type, sizeof(*ifm),
			    a->flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = rtnl_link_ifi_flags(l);
	ifm->ifi_change = a->change;
	if (put_link_head(skb, l, a) || put_link_stats_xdp(skb, l) ||
	    put_linkinfo(skb, l) || put_link_tail(skb, l, a)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static void link_notify_event(struct rtnl_link *l, int type,
			      unsigned int change, struct unl_skb *req,
			      const struct nlmsghdr *nlh, uint32_t event);

/* rtnetlink_event(): the events a device is announced again for. */
int rtnl_link_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info)
{
	switch (event) {
	case RTNL_NETDEV_CHANGEMTU:
	case RTNL_NETDEV_CHANGEADDR:
	case RTNL_NETDEV_CHANGENAME:
	case RTNL_NETDEV_CHANGEUPPER:
	case RTNL_NETDEV_CHANGE_TX_QUEUE_LEN:
		rtnl_link_notify(info->dev, RTM_NEWLINK, 0, NULL, NULL);
		break;
	case RTNL_NETDEV_FEAT_CHANGE:
		link_notify_event(info->dev, RTM_NEWLINK, 0, NULL, NULL,
				  IFLA_EVENT_FEATURES);
		break;
	default:
		break;
	}
	return 0;
}

/* if_nlmsg_size(): generous; the exact size does not show. */
#define LINK_MSG_SIZE 4096

void rtnl_link_notify(struct rtnl_link *l, int type, unsigned int change,
		      struct unl_skb *req, const struct nlmsghdr *nlh)
{
	link_notify_event(l, type, change, req, nlh, 0);
}

/* rtmsg_ifinfo_build_skb() and rtmsg_ifinfo_send(): a device being
 * unregistered is announced only by its RTM_DELLINK.  The message is
 * built whether anyone listens or not, so the nsid its link needs is
 * given (and announced) even then. */
static void link_notify_args(struct rtnl_link *l, struct link_fill_args *a,
			     struct unl_skb *req, const struct nlmsghdr *nlh)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;
	bool other;

	if (l->unregistering && a->type == RTM_NEWLINK)
		return;
	rn->dev_base_seq++;
	a->src = rn;
	a->seq = nlh ? nlh->nlmsg_seq : 0;
	a->tgt_netnsid = -1;
	link_netnsid(rn, l, &other);
	if (!unl_has_listeners(rn->ksk, RTNLGRP_LINK) &&
	    !(nlh && (nlh->nlmsg_flags & NLM_F_ECHO)))
		return;
	skb = unl_nlmsg_new(LINK_MSG_SIZE + rtnl_link_prop_list_size(l));
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -ENOBUFS);
		return;
	}
	if (link_fill(skb, l, a)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, RTNLGRP_LINK,
		    nlh);
}

static void link_notify_event(struct rtnl_link *l, int type,
			      unsigned int change, struct unl_skb *req,
			      const struct nlmsghdr *nlh, uint32_t event)
{
	struct link_fill_args a = { .type = type, .change = change,
				    .event = event };

	link_notify_args(l, &a, req, nlh);
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

/* dev_get_valid_name(): the name a request asks for (even empty) or
 * the kind's default, "%d" patterns filled in.  Linux says nothing but
 * the errno. */
static int link_pick_name(struct rtnl_net *rn, const char *pat, char *out)
{
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

/* ether_setup() with a random address (eth_hw_addr_random()). */
bool rtnl_link_valid_ether(const uint8_t *addr)
{
	static const uint8_t zero[ETH_ALEN];

	return !(addr[0] & 1) && memcmp(addr, zero, ETH_ALEN);
}

int rtnl_link_validate_ether(const struct nlattr *a)
{
	if (!a)
		return 0;
	if (unl_nla_len(a) != ETH_ALEN)
		return -EINVAL;
	return rtnl_link_valid_ether(unl_nla_data(a)) ? 0 : -EADDRNOTAVAIL;
}

void rtnl_link_ether_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_ETHER;
	l->flags = IFF_BROADCAST | IFF_MULTICAST;
	l->mtu = 1500;
	l->min_mtu = ETH_MIN_MTU;
	l->max_mtu = ETH_MAX_MTU;
	l->addr_len = ETH_ALEN;
	memset(l->broadcast, 0xff, ETH_ALEN);
	link_random_mac(l->rn, l->addr);
	l->addr_assign_type = NET_ADDR_RANDOM;
}

/* lo's IPv4 and IPv6 configuration differ from other devices': no
 * xfrm and no policy, no temporary addresses and no DAD. */
void rtnl_link_lo_devconf(struct rtnl_link *l)
{
	l->cnf4[RTNL_DEVCONF4_NOXFRM] = 1;
	l->cnf4[RTNL_DEVCONF4_NOPOLICY] = 1;
	l->cnf6[DEVCONF6_USE_TEMPADDR] = -1;
	l->cnf6[DEVCONF6_ACCEPT_DAD] = -1;
}

/* ipv6_add_dev()'s joins: all-nodes, and all-routers when the new
 * device forwards (mcast.c reads the times). */
static void link_mc6_join(struct rtnl_net *rn, struct rtnl_link *l)
{
	l->mc6_seq = rtnl_mc_tick(rn);
	l->fwd6_seq = l->cnf6[RTNL_DEVCONF6_FORWARDING] > 0 ? l->mc6_seq : 0;
}

/* alloc_netdev(): the defaults every device has, then the kind's
 * setup; the kind's private area follows the device. */
struct rtnl_link *rtnl_link_alloc(struct rtnl_net *rn,
				  const struct rtnl_link_ops *ops)
{
	struct rtnl_link *l = calloc(1, sizeof(*l) + ops->priv_size);

	if (!l)
		return NULL;
	l->rn = rn;
	l->ops = ops;
	l->txqlen = 1000;
	l->num_tx_queues = l->num_rx_queues = 1;
	l->tso_max_size = 524280;
	/* GSO_LEGACY_MAX_SIZE, GSO_MAX_SEGS, GRO_LEGACY_MAX_SIZE */
	l->gso_max_size = l->gso_ipv4_max_size = 65536;
	l->gso_max_segs = 65535;
	l->gro_max_size = l->gro_ipv4_max_size = 65536;
	l->linkmode = IF_LINK_MODE_DEFAULT;
	l->operstate = IF_OPER_UNKNOWN;
	l->carrier = true;
	/* inetdev_init() and ipv6_add_dev(): the namespace's defaults */
	memcpy(l->cnf4, rn->cnf4_dflt, sizeof(l->cnf4));
	memcpy(l->cnf6, rn->cnf6_dflt, sizeof(l->cnf6));
	memcpy(l->cnf6x, rn->cnf6x_dflt, sizeof(l->cnf6x));
	link_mc6_join(rn, l);
	l->addr_gen_mode = (uint8_t)l->cnf6[DEVCONF6_ADDR_GEN_MODE];
	l->inet6_tstamp = rtnl_cstamp_now();
	/* neigh_rand_reach_time(): half to one and a half of 30 s */
	l->reachable_time = 15000 + rtnl_random(rn) % 30000;
	/* ipv6_add_dev() copies the default's stable secret too */
	l->stable_secret_set = rn->stable_secret_dflt_set;
	memcpy(l->stable_secret, rn->stable_secret_dflt, 16);
	if (l->stable_secret_set) {
		l->cnf6[DEVCONF6_ADDR_GEN_MODE] = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
	}
	rtnl_neigh_parms_init(rn, l, AF_INET);
	rtnl_neigh_parms_init(rn, l, AF_INET6);
	if (ops->setup)
		ops->setup(l);
	return l;
}

/* ipv6_add_dev(): no DAD on a device that does no ARP (ifb, dummy,
 * tun) or loops back. */
static void link_inet6_dad_default(struct rtnl_link *l)
{
	if (l->flags & (IFF_NOARP | IFF_LOOPBACK))
		l->cnf6[DEVCONF6_ACCEPT_DAD] = -1;
}

void rtnl_link_inet6_reset(struct rtnl_net *rn, struct rtnl_link *l)
{
	memcpy(l->cnf6, rn->cnf6_dflt, sizeof(l->cnf6));
	memcpy(l->cnf6x, rn->cnf6x_dflt, sizeof(l->cnf6x));
	link_mc6_join(rn, l);
	link_inet6_dad_default(l);
	l->cnf6[DEVCONF6_MTU6] = (int32_t)l->mtu;
	l->addr_gen_mode = (uint8_t)l->cnf6[DEVCONF6_ADDR_GEN_MODE];
	memset(l->token, 0, sizeof(l->token));
	l->stable_secret_set = rn->stable_secret_dflt_set;
	memcpy(l->stable_secret, rn->stable_secret_dflt, 16);
	if (l->stable_secret_set) {
		l->cnf6[DEVCONF6_ADDR_GEN_MODE] = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
	}
	l->inet6_tstamp = rtnl_cstamp_now();
	l->reachable_time = 15000 + rtnl_random(rn) % 30000;
	rtnl_neigh_parms_init(rn, l, AF_INET6);
}

/* register_netdevice(): into the list, in ifindex order. */
static void link_register(struct rtnl_net *rn, struct rtnl_link *l)
{
	link_dev_add(rn, l);
	l->cnf6[DEVCONF6_MTU6] = (int32_t)l->mtu;
	/* ipv6_add_dev() refuses a device whose MTU is too small */
	l->no_inet6 = l->type != ARPHRD_LOOPBACK && l->mtu < RTNL_IPV6_MIN_MTU;
	/* inetdev_init() and ipv6_add_dev() put its neighbour parameters
	 * at the head of their tables' lists */
	l->nparms[0].seq = ++rn->nparms_seq;
	l->nparms[1].seq = ++rn->nparms_seq;
	rn->dev_base_seq++;
}

/* register_netdevice(): the name l->name asks for (a "%d" pattern is
 * filled in), then the index, then into the list, without NETDEV_REGISTER
 * (lo is there before anything listens). */
static int link_register_named(struct rtnl_link *l, int ifindex)
{
	struct rtnl_net *rn = l->rn;
	char name[IFNAMSIZ];
	int err;

	memcpy(name, l->name, sizeof(name));
	err = link_pick_name(rn, name, l->name);
	if (err)
		return err;
	if (ifindex > 0) {
		if (rtnl_link_by_index(rn, ifindex))
			return -EBUSY;
		l->ifindex = ifindex;
	} else {
		l->ifindex = link_alloc_ifindex(rn);
	}
	link_register(rn, l);
	return 0;
}

uint32_t rtnl_link_real_tx(const struct rtnl_link *l)
{
	return l->real_num_tx_queues ? l->real_num_tx_queues
				     : l->num_tx_queues;
}

uint32_t rtnl_link_real_rx(const struct rtnl_link *l)
{
	return l->real_num_rx_queues ? l->real_num_rx_queues
				     : l->num_rx_queues;
}

void rtnl_link_set_real_queues(struct rtnl_link *l, uint32_t tx, uint32_t rx)
{
	struct rtnl_netdev_info info = { .dev = l,
					 .old_real_tx = rtnl_link_real_tx(l),
					 .old_real_rx = rtnl_link_real_rx(l) };

	l->real_num_tx_queues = tx;
	l->real_num_rx_queues = rx;
	rtnl_netdev_notify(l->rn, RTNL_NETDEV_REAL_QUEUES, &info);
}

int rtnl_link_register(struct rtnl_link *l, int ifindex)
{
	int err;

	link_inet6_dad_default(l);
	err = link_register_named(l, ifindex);

	if (!err)
		rtnl_netdev_event(l, RTNL_NETDEV_REGISTER);
	return err;
}

/* NL_SET_ERR_MSG_FMT(): a message made for this request. */
static void __attribute__((format(printf, 2, 3)))
link_err_fmt(struct unl_ext_ack *extack, const char *fmt, ...)
{
	va_list ap;

	if (!extack)
		return;
	va_start(ap, fmt);
	vsnprintf(extack->msg_buf, sizeof(extack->msg_buf), fmt, ap);
	va_end(ap);
	extack->msg = extack->msg_buf;
}

/* The checks of __dev_change_net_namespace() before anything moves:
 * the name l can have in to (new_name empty: its own), and its index
 * there. */
static int link_change_net_check(struct rtnl_link *l, struct rtnl_net *to,
				 const char *pat, int *new_ifindex,
				 char *new_name, struct unl_ext_ack *extack)
{
	int err;

	if (rtnl_link_by_name(to, l->name)) {
		if (!pat) {
			UNL_SET_ERR_MSG(extack, "An interface with the same name exists in the target netns");
			return -EEXIST;
		}
		/* dev_prep_valid_name() */
		err = link_name_valid(pat) ? link_pick_name(to, pat, new_name)
					   : -EINVAL;
		if (err) {
			link_err_fmt(extack, "Unable to use '%s' for the new interface name in the target netns",
				     pat);
			return err;
		}
	}
	/* dev_index_reserve(): the one asked for, else its own unless
	 * taken there */
	if (*new_ifindex) {
		if (rtnl_link_by_index(to, *new_ifindex)) {
			link_err_fmt(extack, "The ifindex %d is not available in the target netns",
				     *new_ifindex);
			return -EBUSY;
		}
	} else if (rtnl_link_by_index(to, l->ifindex)) {
		*new_ifindex = link_alloc_ifindex(to);
	} else {
		*new_ifindex = l->ifindex;
	}
	return 0;
}

/* Out of its net as unregister_netdevice() takes a device out, but
 * still registered: closed (RTM_NEWLINK, NETDEV_DOWN), its qdisc shut
 * down, NETDEV_UNREGISTER (addresses, routes, neighbours, netconf, its
 * place in a bridge; upper devices such as vlans stay), then
 * RTM_DELLINK with where it goes (the nsid its net gives the other,
 * announced first when new), and out of the list. */
static void link_leave_net(struct rtnl_link *l, struct rtnl_net *to,
			   int new_ifindex)
{
	struct rtnl_net *from = l->rn;
	struct link_fill_args del = { .type = RTM_DELLINK, .change = ~0u,
				      .new_ifindex = new_ifindex };
	struct rtnl_link_list close;
	int new_nsid;

	if (rtnl_link_running(l)) {
		rtnl_link_list_init(&close);
		rtnl_link_close_add(&close, l, false);
		rtnl_link_close_many(from, &close);
	}
	l->activated = false;
	rtnl_tc_dev_shutdown(l);
	rtnl_netdev_notify(from, RTNL_NETDEV_UNREGISTER,
			   &(struct rtnl_netdev_info){ .dev = l,
						       .netns_change = true });
	new_nsid = unl_net_peer_id_alloc(from->net, to->net);
	del.new_nsid = &new_nsid;
	link_notify_args(l, &del, NULL, NULL);
	link_dev_del(from, l);
	from->dev_base_seq++;
}

/* __dev_change_net_namespace(): l goes to the net to, where it is new
 * to the protocols (NETDEV_REGISTER: IPv4 and IPv6 start from to's
 * default configuration) and announced (RTM_NEWLINK).  lo and bridges
 * never move; a name or index taken in to gets Linux's errors, or a
 * new one (pat, a name or a "%d" pattern; a free index). */
int rtnl_link_change_net(struct rtnl_link *l, struct rtnl_net *to,
			 const char *pat, int new_ifindex,
			 struct unl_ext_ack *extack)
{
	char new_name[IFNAMSIZ] = "";
	int err;

	if (l->netns_immutable) {
		UNL_SET_ERR_MSG(extack, "The interface netns is immutable");
		return -EINVAL;
	}
	if (to == l->rn)
		return 0;
	err = link_change_net_check(l, to, pat, &new_ifindex, new_name,
				    extack);
	if (err)
		return err;
	link_leave_net(l, to, new_ifindex);
	l->rn = to;
	l->ifindex = new_ifindex;
	if (new_name[0])
		memcpy(l->name, new_name, sizeof(l->name));
	/* inetdev_init() and ipv6_add_dev() in the new net */
	memcpy(l->cnf4, to->cnf4_dflt, sizeof(l->cnf4));
	l->ipv6_up = false;
	rtnl_link_inet6_reset(to, l);
	link_register(to, l);
	rtnl_netdev_notify(to, RTNL_NETDEV_REGISTER,
			   &(struct rtnl_netdev_info){ .dev = l,
						       .netns_change = true });
	rtnl_link_notify(l, RTM_NEWLINK, ~0u, NULL, NULL);
	return 0;
}

/* netif_carrier_off() of a new device: the operational state stays
 * IF_OPER_UNKNOWN until linkwatch runs (rtnl_link_configure() fires
 * it), so a device asked to be up at creation is announced UNKNOWN. */
void rtnl_link_carrier_init_off(struct rtnl_link *l)
{
	l->carrier = false;
	l->carrier_managed = true;
	l->carrier_changes = l->carrier_down = 1;
}

/* What every device holds, after its kind let go of its own. */
static void link_release(struct rtnl_link *l)
{
	linkwatch_forget(l);
	rtnl_tc_dev_shutdown(l);
	free(l->alias);
	rtnl_link_altnames_free(l);
	rtnl_dev_addr_lists_free(l);
	rtnl_mc_seen_free(l);
	free(l->napi);
	free(l);
}

void rtnl_link_free(struct rtnl_link *l)
{
	if (l->ops->destructor)
		l->ops->destructor(l);
	link_release(l);
}

int rtnl_link_init(struct rtnl_net *rn)
{
	struct rtnl_link *lo;
	int err;

	lo = rtnl_link_alloc(rn, &rtnl_lo_ops);
	if (!lo)
		return -ENOMEM;
	memcpy(lo->name, "lo", 3);
	err = link_register_named(lo, 0);
	if (err)
		rtnl_link_free(lo);
	else
		lo->configured = true;
	return err;
}

/* The net goes: every kind lets go of its own state first (a bridge of
 * its ports'), then the devices go, announcing nothing. */
void rtnl_link_fini(struct rtnl_net *rn)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops->destructor)
			l->ops->destructor(l);
	while (rn->links) {
		struct rtnl_link *l = rn->links;

		rn->links = l->next;
		link_release(l);
	}
	rn->links_tail = NULL;
	rn->carrier_links = rn->carrier_tail = NULL;
	rn->nlinks = 0;
	free(rn->by_index);
	rn->by_index = NULL;
	free(rn->by_name);
	rn->by_name = NULL;
	rn->index_mask = 0;
}

/* ---- changing ---- */

/* __dev_set_promiscuity() and __dev_set_allmulti(): a counter of users
 * of the flag; the driver hears when the flag itself moves. */
static void link_count_rx_flag(struct rtnl_link *l, uint32_t *count,
			       unsigned int flag, int inc)
{
	bool was = *count != 0;

	*count += (uint32_t)inc;
	if (was != (*count != 0) && l->ops->change_rx_flags)
		l->ops->change_rx_flags(l, flag);
}

void rtnl_link_set_promiscuity(struct rtnl_link *l, int inc)
{
	link_count_rx_flag(l, &l->promiscuity, IFF_PROMISC, inc);
	rtnl_link_notify(l, RTM_NEWLINK, IFF_PROMISC, NULL, NULL);
}

void rtnl_link_set_allmulti(struct rtnl_link *l, int inc)
{
	link_count_rx_flag(l, &l->allmulti, IFF_ALLMULTI, inc);
}

/* __dev_set_rx_mode(): a device that is up and cannot filter unicast
 * addresses is promiscuous while its list holds any (not announced). */
static void link_set_rx_mode(struct rtnl_link *l)
{
	bool want = l->uc_count != 0;

	if (!(l->flags & IFF_UP) || l->ops->unicast_flt || want == l->uc_promisc)
		return;
	link_count_rx_flag(l, &l->promiscuity, IFF_PROMISC, want ? 1 : -1);
	l->uc_promisc = want;
}

void rtnl_link_uc_add(struct rtnl_link *l, int inc)
{
	l->uc_count += (uint32_t)inc;
	link_set_rx_mode(l);
}

/* __dev_change_flags(): what the user may set, and IFF_UP with the
 * driver's part (ndo_open or ndo_stop, the carrier).  0, or the
 * driver's -errno when it refuses to open: the other flags are set
 * then. */
static int link_flags_apply(struct rtnl_net *rn, struct rtnl_link *l,
			    unsigned int want, struct unl_ext_ack *extack)
{
	const unsigned int user = IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP |
				  IFF_DYNAMIC | IFF_MULTICAST | IFF_PORTSEL |
				  IFF_AUTOMEDIA | IFF_PROMISC | IFF_ALLMULTI;
	unsigned int old = l->flags;
	int err;

	l->flags = (l->flags & ~user) | (want & user);
	/* dev_set_promiscuity() / dev_set_allmulti(): the user's flag is one
	 * more reference on the counters */
	if ((old ^ l->flags) & IFF_PROMISC)
		link_count_rx_flag(l, &l->promiscuity, IFF_PROMISC,
				   (l->flags & IFF_PROMISC) ? 1 : -1);
	if ((old ^ l->flags) & IFF_ALLMULTI)
		link_count_rx_flag(l, &l->allmulti, IFF_ALLMULTI,
				   (l->flags & IFF_ALLMULTI) ? 1 : -1);
	if ((old ^ want) & IFF_UP) {
		if (want & IFF_UP) {
			/* __dev_open(): the driver may refuse */
			err = l->ops->open ? l->ops->open(l, extack) : 0;
			if (err)
				return err;
			l->flags |= IFF_UP;
			l->activated = true;
			rtnl_tc_dev_activate(l);
			l->rx_up_seq = rtnl_mc_tick(rn);
			link_set_rx_mode(l);
			rtnl_dev_uc_sync_update(l);
			/* ip_mc_up(): all-hosts */
			l->mc4_seq = rtnl_mc_tick(rn);
		} else {
			l->flags &= ~IFF_UP;
			if (l->ops->stop)
				l->ops->stop(l);
			rtnl_dev_uc_sync_update(l);
		}
		link_update_carriers_from(rn, l);
	}
	return 0;
}

/* __dev_notify_flags(): RTM_NEWLINK with the changes the caller names
 * (all of them for a new device), then, for the flags that moved since
 * old, NETDEV_UP or NETDEV_DOWN, then, for a device that is up,
 * NETDEV_CHANGE when a flag other than those and the ones the driver
 * owns moved. */
static void link_flags_notify(struct rtnl_net *rn, struct rtnl_link *l,
			      unsigned int old, unsigned int gchanges,
			      struct unl_skb *req, const struct nlmsghdr *nlh)
{
	unsigned int changes = old ^ l->flags;

	if (gchanges)
		rtnl_link_notify(l, RTM_NEWLINK, gchanges, req, nlh);
	if (changes & IFF_UP)
		rtnl_netdev_event(l, (l->flags & IFF_UP) ? RTNL_NETDEV_UP
							  : RTNL_NETDEV_DOWN);
	if ((l->flags & IFF_UP) &&
	    (changes & ~(IFF_UP | IFF_PROMISC | IFF_ALLMULTI | IFF_VOLATILE))) {
		struct rtnl_netdev_info info = { .dev = l,
						 .flags_changed = changes };

		rtnl_netdev_notify(rn, RTNL_NETDEV_CHANGE, &info);
	}
}

/* dev_change_flags(): the change, then its events, unless nothing
 * moved. */
static int link_change_flags(struct rtnl_net *rn, struct rtnl_link *l,
			     unsigned int want, struct unl_skb *req,
			     struct unl_ext_ack *extack)
{
	unsigned int old = l->flags;
	int err = link_flags_apply(rn, l, want, extack);

	if (err)
		return err;
	if (old ^ l->flags)
		link_flags_notify(rn, l, old, old ^ l->flags, req, NULL);
	return 0;
}

/* rtnl_dev_combine_flags(): ifi_change says which of ifi_flags count
 * (0: all of them). */
static unsigned int link_combine_flags(const struct rtnl_link *l,
				       const struct ifinfomsg *ifm)
{
	if (!ifm->ifi_change)
		return ifm->ifi_flags;
	return (ifm->ifi_flags & ifm->ifi_change) |
	       (l->flags & ~ifm->ifi_change);
}

/* rtnl_configure_link(): the request's flags (ifm may be NULL) apply
 * first, unannounced, then the one RTM_NEWLINK of the new device, with
 * every change (the device is RTNL_LINK_INITIALIZED from now on), and
 * the notifiers for the flags that moved; then linkwatch for a driver
 * that manages its carrier.  A driver that refuses to open leaves the
 * device unannounced: the caller unregisters it. */
int rtnl_link_configure(struct rtnl_link *l, const struct ifinfomsg *ifm,
			struct unl_skb *req, const struct nlmsghdr *nlh)
{
	unsigned int old = l->flags;
	int err;

	if (ifm && (ifm->ifi_flags || ifm->ifi_change)) {
		err = link_flags_apply(l->rn, l, link_combine_flags(l, ifm),
				       NULL);
		if (err)
			return err;
	}
	l->configured = true;
	link_flags_notify(l->rn, l, old, ~0u, req, nlh);
	if (l->carrier_managed)
		linkwatch_fire(l);
	return 0;
}

int rtnl_link_change_flags(struct rtnl_link *l, unsigned int flags,
			   struct unl_ext_ack *extack)
{
	return link_change_flags(l->rn, l, flags, NULL, extack);
}

int rtnl_link_set_mtu(struct rtnl_link *l, uint32_t mtu,
		      struct unl_ext_ack *extack)
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

/* dev_set_mtu_ext(): the device's limits, then its driver
 * (ndo_change_mtu), then NETDEV_CHANGEMTU. */
static int link_dev_set_mtu(struct rtnl_link *l, uint32_t mtu,
			    struct unl_ext_ack *extack)
{
	uint32_t old = l->mtu;
	int err;

	if (mtu == l->mtu)
		return 0;
	err = rtnl_link_set_mtu(l, mtu, extack);
	if (err)
		return err;
	err = l->ops->change_mtu ? l->ops->change_mtu(l, mtu) : 0;
	if (err) {
		rtnl_link_set_mtu(l, old, NULL);
		return err;
	}
	rtnl_netdev_event(l, RTNL_NETDEV_CHANGEMTU);
	return 0;
}

int rtnl_link_dev_set_mtu(struct rtnl_link *l, uint32_t mtu)
{
	return link_dev_set_mtu(l, mtu, NULL);
}

static const struct rtnl_link *lower_of(const struct rtnl_link *l)
{
	return l->ops->lower_dev ? l->ops->lower_dev(l) : NULL;
}

int rtnl_link_lower_ksettings(const struct rtnl_link *l, uint32_t *speed,
			      uint8_t *duplex, uint8_t *port)
{
	const struct rtnl_link *lower = lower_of(l);
	const struct rtnl_ethtool *et = lower ? lower->ops->ethtool : NULL;

	if (!et || !et->ksettings)
		return -EOPNOTSUPP;
	return et->ksettings(lower, speed, duplex, port);
}

uint32_t rtnl_link_lower_speed(const struct rtnl_link *l)
{
	const struct rtnl_link *lower = lower_of(l);

	return lower && lower->ops->speed ? lower->ops->speed(lower) : 0;
}

void rtnl_link_dev_addr_set(struct rtnl_link *l, const uint8_t *addr)
{
	memcpy(l->addr, addr, l->addr_len);
}

/* eth_mac_addr(): an Ethernet device takes any address it is given. */
int rtnl_link_eth_mac_addr(struct rtnl_link *l, const uint8_t *addr,
			   struct unl_ext_ack *extack)
{
	/* eth_prepare_mac_addr_change(): is_valid_ether_addr() */
	if (l->addr_len == ETH_ALEN && !rtnl_link_valid_ether(addr))
		return -EADDRNOTAVAIL;
	memcpy(l->addr, addr, l->addr_len);
	l->addr_assign_type = NET_ADDR_SET;
	return 0;
}

/* A device leaves its master (netdev_upper_dev_unlink() by the
 * master's ndo_del_slave). */
static void link_release_master(struct rtnl_link *l)
{
	struct rtnl_link *m = rtnl_link_by_index(l->rn, l->master);

	if (m && m->ops->del_slave)
		m->ops->del_slave(m, l);
	l->master = 0;
}

/* do_set_master(): the old master lets go, then the new one, whose kind
 * must take ports (ndo_add_slave), takes the device; each announces the
 * link (NETDEV_CHANGEUPPER) as netdev_upper_dev_link() does. */
static int link_set_master(struct rtnl_net *rn, struct rtnl_link *l,
			   int ifindex, struct unl_ext_ack *extack)
{
	struct rtnl_link *m;
	int err;

	if (ifindex == l->master)
		return 0;
	/* A port joining or leaving opens or closes nothing: the bridge
	 * sets its own carrier, and the carrier rules (veth's) read
	 * whether the device and its link are up only. */
	if (rtnl_link_by_index(rn, l->master)) {
		link_release_master(l);
		link_update_carriers_from(rn, l);
	}
	if (!ifindex)
		return 0;
	m = rtnl_link_by_index(rn, ifindex);
	if (!m)
		return -EINVAL;
	if (!m->ops->add_slave)
		return -EOPNOTSUPP;
	err = m->ops->add_slave(m, l, extack);
	if (err)
		return err;
	link_update_carriers_from(rn, l);
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
			uint32_t pid, uint32_t seq, uint16_t flags);

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
void rtnl_inet6_ifinfo_notify(struct rtnl_link *l)
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
	if (link_fill_af(skb, l, 0, 0, 0)) {
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
	rtnl_inet6_ifinfo_notify(l);
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
			/* ipv4_devconf_set(): the entry counts as set */
			unl_nla_for_each_nested(a, tb4[IFLA_INET_CONF], rem2) {
				l->cnf4[unl_nla_type(a) - 1] =
					(int32_t)unl_nla_get_u32(a);
				l->cnf4_set |= UINT64_C(1)
					       << (unl_nla_type(a) - 1);
			}
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

/* Limits of what the stack hands a device at once: GSO_MAX_SEGS, and
 * GRO_MAX_SIZE (8 * 65535); GSO_LEGACY_MAX_SIZE and GRO_LEGACY_MAX_SIZE
 * are where the IPv4 limits stop following the general ones. */
#define LINK_GSO_MAX_SEGS 65535u
#define LINK_GRO_MAX_SIZE 524280u
#define LINK_GSO_LEGACY_MAX_SIZE 65536u

/* validate_linkmsg()'s offload limits, against the device's. */
static int link_validate_offload(const struct rtnl_link *l,
				 const struct nlattr *const *tb,
				 struct unl_ext_ack *extack)
{
	static const struct {
		int type;
		const char *msg;
	} checks[] = {
		{ IFLA_GSO_MAX_SIZE, "too big gso_max_size" },
		{ IFLA_GSO_MAX_SEGS, "too big gso_max_segs" },
		{ IFLA_GRO_MAX_SIZE, "too big gro_max_size" },
		{ RTNL_IFLA_GSO_IPV4_MAX_SIZE, "too big gso_ipv4_max_size" },
		{ RTNL_IFLA_GRO_IPV4_MAX_SIZE, "too big gro_ipv4_max_size" },
	};

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct nlattr *a = tb[checks[i].type];
		uint32_t v, max;

		if (!a)
			continue;
		v = unl_nla_get_u32(a);
		switch (checks[i].type) {
		case IFLA_GSO_MAX_SEGS:
			max = LINK_GSO_MAX_SEGS; /* = tso_max_segs here */
			break;
		case IFLA_GRO_MAX_SIZE:
		case RTNL_IFLA_GRO_IPV4_MAX_SIZE:
			max = LINK_GRO_MAX_SIZE;
			break;
		default:
			max = l->tso_max_size;
		}
		if (v > max) {
			UNL_SET_ERR_MSG(extack, checks[i].msg);
			return -EINVAL;
		}
	}
	return 0;
}

/* netif_set_gso_max_size() and friends: below the legacy sizes the IPv4
 * limits follow the general ones.  True when anything moved. */
static bool link_set_offload(struct rtnl_link *l,
			     const struct nlattr *const *tb)
{
	uint32_t before[5] = { l->gso_max_size, l->gso_max_segs,
			       l->gro_max_size, l->gso_ipv4_max_size,
			       l->gro_ipv4_max_size };
	uint32_t after[5];

	if (tb[IFLA_GSO_MAX_SIZE]) {
		l->gso_max_size = unl_nla_get_u32(tb[IFLA_GSO_MAX_SIZE]);
		if (l->gso_max_size < LINK_GSO_LEGACY_MAX_SIZE)
			l->gso_ipv4_max_size = l->gso_max_size;
	}
	if (tb[IFLA_GSO_MAX_SEGS])
		l->gso_max_segs = unl_nla_get_u32(tb[IFLA_GSO_MAX_SEGS]);
	if (tb[IFLA_GRO_MAX_SIZE]) {
		l->gro_max_size = unl_nla_get_u32(tb[IFLA_GRO_MAX_SIZE]);
		if (l->gro_max_size < LINK_GSO_LEGACY_MAX_SIZE)
			l->gro_ipv4_max_size = l->gro_max_size;
	}
	if (tb[RTNL_IFLA_GSO_IPV4_MAX_SIZE])
		l->gso_ipv4_max_size =
			unl_nla_get_u32(tb[RTNL_IFLA_GSO_IPV4_MAX_SIZE]);
	if (tb[RTNL_IFLA_GRO_IPV4_MAX_SIZE])
		l->gro_ipv4_max_size =
			unl_nla_get_u32(tb[RTNL_IFLA_GRO_IPV4_MAX_SIZE]);
	after[0] = l->gso_max_size;
	after[1] = l->gso_max_segs;
	after[2] = l->gro_max_size;
	after[3] = l->gso_ipv4_max_size;
	after[4] = l->gro_ipv4_max_size;
	return memcmp(before, after, sizeof(before)) != 0;
}

/* set_operstate(): what a user may say of a running device's
 * operational state (a supplicant that authenticated it: up; one that
 * has not yet: dormant).  True when it moved. */
static bool link_set_operstate(struct rtnl_link *l, uint8_t transition)
{
	uint8_t op = l->operstate;
	bool oper_up = op == IF_OPER_UP || op == IF_OPER_UNKNOWN;

	switch (transition) {
	case IF_OPER_UP:
		if (op == IF_OPER_DORMANT || op == IF_OPER_TESTING ||
		    op == IF_OPER_UNKNOWN)
			op = IF_OPER_UP;
		break;
	case IF_OPER_TESTING:
	case IF_OPER_DORMANT:
		if (oper_up)
			op = transition;
		break;
	}
	if (op == l->operstate)
		return false;
	l->operstate = op;
	return true;
}

/* dev_change_carrier() and do_set_proto_down(): only drivers that can
 * do them take them; none of the kinds here can go protodown. */
static int link_set_carrier_protodown(struct rtnl_link *l,
				      const struct nlattr *const *tb,
				      struct unl_ext_ack *extack, bool carrier)
{
	if (carrier) {
		if (!l->ops->change_carrier)
			return -EOPNOTSUPP;
		return l->ops->change_carrier(l,
					      unl_nla_get_u8(tb[IFLA_CARRIER]));
	}
	UNL_SET_ERR_MSG(extack, "Protodown not supported by device");
	return -EOPNOTSUPP;
}

/* do_setlink()'s virtual functions: an empty IFLA_VFINFO_LIST asks
 * nothing; each entry must be an IFLA_VF_INFO naming something to set
 * (do_setvfinfo()), which no kind here can (no ndo_set_vf_*), nor port
 * profiles (ndo_set_vf_port). */
static int link_set_vfs(const struct nlattr *const *tb)
{
	const struct nlattr *vf;
	int rem;

	if (tb[IFLA_VF_PORTS] || tb[IFLA_PORT_SELF])
		return -EOPNOTSUPP;
	if (!tb[IFLA_VFINFO_LIST])
		return 0;
	unl_nla_for_each_nested(vf, tb[IFLA_VFINFO_LIST], rem) {
		const struct nlattr *a;
		int arem;

		if (unl_nla_type(vf) != IFLA_VF_INFO ||
		    unl_nla_len(vf) < NLA_HDRLEN)
			return -EINVAL;
		unl_nla_for_each_nested(a, vf, arem)
			if (unl_nla_type(a) >= IFLA_VF_MAC &&
			    unl_nla_type(a) <= IFLA_VF_MAX)
				return -EOPNOTSUPP;
		return -EINVAL;
	}
	return 0;
}

/* do_setlink()'s IFLA_XDP: status attributes are refused, as are flags
 * beyond XDP_FLAGS_MASK or two modes; detaching (fd -1) when nothing is
 * attached is a no-op.  No program can run here, so none attaches. */
static int link_set_xdp(const struct nlattr *xdp, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFLA_XDP_MAX + 1];
	uint32_t flags = 0;
	int err;

	err = unl_nla_parse_nested(tb, IFLA_XDP_MAX, xdp, NULL,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (tb[IFLA_XDP_ATTACHED] || tb[IFLA_XDP_PROG_ID] ||
	    tb[IFLA_XDP_DRV_PROG_ID] || tb[IFLA_XDP_SKB_PROG_ID] ||
	    tb[IFLA_XDP_HW_PROG_ID])
		return -EINVAL;
	for (int i = IFLA_XDP_FD; i <= IFLA_XDP_MAX; i++)
		if (tb[i] && unl_nla_len(tb[i]) < 4)
			return -EINVAL;
	if (tb[IFLA_XDP_FLAGS]) {
		flags = unl_nla_get_u32(tb[IFLA_XDP_FLAGS]);
		if ((flags & ~XDP_FLAGS_MASK) ||
		    __builtin_popcount(flags & XDP_FLAGS_MODES) > 1)
			return -EINVAL;
	}
	if (!tb[IFLA_XDP_FD] || (int32_t)unl_nla_get_u32(tb[IFLA_XDP_FD]) < 0)
		return 0;
	UNL_SET_ERR_MSG(extack, "unetlink: XDP programs cannot be attached");
	return -EOPNOTSUPP;
}

/* do_setlink()'s first step: a device asked to be in another net (tgt)
 * moves there, under the name IFLA_IFNAME gives when its own is taken
 * there, at IFLA_NEW_IFINDEX when given; the rest of the request then
 * applies to it there. */
static int link_setlink_net(struct rtnl_net *tgt, struct rtnl_link *l,
			    const struct nlattr **tb,
			    struct unl_ext_ack *extack)
{
	char pat[IFNAMSIZ] = "";
	int new_ifindex = 0;

	if (tgt == l->rn)
		return 0;
	if (tb[IFLA_IFNAME])
		unl_nla_strscpy(pat, tb[IFLA_IFNAME], sizeof(pat));
	if (tb[IFLA_NEW_IFINDEX])
		new_ifindex = (int32_t)unl_nla_get_u32(tb[IFLA_NEW_IFINDEX]);
	return rtnl_link_change_net(l, tgt, pat[0] ? pat : NULL, new_ifindex,
				    extack);
}

static int link_do_setlink(struct rtnl_net *tgt, struct rtnl_link *l,
			   const struct ifinfomsg *ifm,
			   const struct nlattr **tb, struct unl_ext_ack *extack,
			   struct unl_skb *req, bool notify)
{
	struct rtnl_net *rn;
	int err;

	err = link_validate_offload(l, tb, extack);
	if (!err)
		err = link_af_validate(l, tb[IFLA_AF_SPEC], extack);
	if (!err)
		err = link_setlink_net(tgt, l, tb, extack);
	if (err)
		return err;
	rn = l->rn;
	if (tb[IFLA_ADDRESS]) {
		if (unl_nla_len(tb[IFLA_ADDRESS]) < l->addr_len)
			return -EINVAL;
		if (memcmp(l->addr, unl_nla_data(tb[IFLA_ADDRESS]),
			   l->addr_len)) {
			/* dev_set_mac_address() */
			if (!l->ops->set_mac_address)
				return -EOPNOTSUPP;
			err = l->ops->set_mac_address(
				l, unl_nla_data(tb[IFLA_ADDRESS]), extack);
			if (err)
				return err;
			rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
		}
	}
	if (tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(tb[IFLA_MTU]);

		err = link_dev_set_mtu(l, mtu, extack);
		if (err)
			return err;
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

			err = link_pick_name(rn, name, out);
			if (err)
				return err;
			link_rename_notify(rn, l, out);
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
		rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
	}
	if (ifm->ifi_flags || ifm->ifi_change) {
		err = link_change_flags(rn, l, link_combine_flags(l, ifm), req,
					extack);
		if (err)
			return err;
	}
	if (tb[IFLA_MASTER]) {
		int m = (int)unl_nla_get_u32(tb[IFLA_MASTER]);

		if (m != l->master) {
			/* the master's kind links the two
			 * (NETDEV_CHANGEUPPER) */
			err = link_set_master(rn, l, m, extack);
			if (err)
				return err;
		}
	}
	if (tb[IFLA_CARRIER]) {
		err = link_set_carrier_protodown(l, tb, extack, true);
		if (err)
			return err;
	}
	if (tb[IFLA_TXQLEN]) {
		uint32_t q = unl_nla_get_u32(tb[IFLA_TXQLEN]);

		if (q != l->txqlen) {
			l->txqlen = q;
			rtnl_netdev_event(l, RTNL_NETDEV_CHANGE_TX_QUEUE_LEN);
		}
	}
	/* offload limits change quietly (DO_SETLINK_MODIFIED only) */
	link_set_offload(l, tb);
	if (tb[IFLA_OPERSTATE] &&
	    link_set_operstate(l, unl_nla_get_u8(tb[IFLA_OPERSTATE])))
		notify = true;
	if (tb[IFLA_LINKMODE]) {
		uint8_t mode = unl_nla_get_u8(tb[IFLA_LINKMODE]);

		if (mode != l->linkmode)
			notify = true;
		l->linkmode = mode;
	}
	err = link_set_vfs(tb);
	if (err)
		goto out;
	if (tb[IFLA_AF_SPEC]) {
		err = link_af_set(l, tb[IFLA_AF_SPEC], extack);
		if (err < 0)
			goto out;
		if (err)
			notify = true;
		err = 0;
	}
	if (tb[IFLA_PROTO_DOWN] || tb[IFLA_PROTO_DOWN_REASON]) {
		err = link_set_carrier_protodown(l, tb, extack, false);
		if (err)
			goto out;
	}
	if (tb[IFLA_XDP])
		err = link_set_xdp(tb[IFLA_XDP], extack);
out:
	/* what was changed before a failure is announced all the same */
	if (notify)
		link_state_change(l, false);
	return err;
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
				     const struct nlattr *const *tb)
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

/* The kinds a request can create, in the order Linux's modules would
 * register them. */
static const struct rtnl_link_ops *const link_kinds[] = {
	&rtnl_dummy_ops,
	&rtnl_veth_ops,
	&rtnl_bridge_ops,
	&rtnl_vlan_ops,
	&rtnl_tun_ops,
	&rtnl_xfrm_ops,
	&rtnl_macvlan_ops,
	&rtnl_macvtap_ops,
	&rtnl_ifb_ops,
	&rtnl_vxlan_ops,
	&rtnl_ipvlan_ops,
	&rtnl_wireguard_ops,
	&rtnl_geneve_ops,
	&rtnl_vrf_ops,
	&rtnl_nlmon_ops,
	&rtnl_bond_ops,
	&rtnl_ipip_ops,
	&rtnl_gre_ops,
	&rtnl_gretap_ops,
	&rtnl_erspan_ops,
	&rtnl_vti_ops,
	&rtnl_sit_ops,
	&rtnl_ip6tnl_ops,
	&rtnl_ip6gre_ops,
	&rtnl_ip6gretap_ops,
	&rtnl_ip6erspan_ops,
	&rtnl_vti6_ops,
};

/* The modules that do more than register their kinds, in the order
 * their pernet inits run for a new net. */
static const struct rtnl_link_module *const link_modules[] = {
	&rtnl_ip_gre_module,
	&rtnl_ipip_module,
	&rtnl_ip_vti_module,
	&rtnl_vrf_module,
	&rtnl_sit_module,
	&rtnl_ip6_tunnel_module,
	&rtnl_ip6_gre_module,
	&rtnl_ip6_vti_module,
	&rtnl_bond_module,
};

#define N_LINK_MODULES (sizeof(link_modules) / sizeof(link_modules[0]))

uint32_t rtnl_link_modules_loaded(const struct unl_profile *p)
{
	uint32_t bits = 0;

	for (size_t i = 0; i < N_LINK_MODULES; i++)
		if (unl_profile_has(p, UNL_PROFILE_MODULE,
				    link_modules[i]->name))
			for (const struct rtnl_link_module *m = link_modules[i];
			     m; m = m->depends)
				bits |= 1u << m->id;
	return bits;
}

void rtnl_link_modules_net_init(struct rtnl_net *rn)
{
	for (size_t i = 0; i < N_LINK_MODULES; i++)
		if (rn->world->modules & (1u << link_modules[i]->id))
			link_modules[i]->net_init(rn, false);
}

void rtnl_link_module_load(struct rtnl_net *rn,
			   const struct rtnl_link_module *m)
{
	struct unl_world *w = unl_net_world(rn->net);

	if (rn->world->modules & (1u << m->id))
		return;
	/* modprobe loads what it depends on first */
	if (m->depends)
		rtnl_link_module_load(rn, m->depends);
	rn->world->modules |= 1u << m->id;
	/* register_pernet_device(): its init for every net there is */
	for (struct unl_net *net = unl_world_net_next(w, NULL); net;
	     net = unl_world_net_next(w, net)) {
		struct rtnl_net *o = net == rn->net ? rn : rtnl_net_get(net);

		if (o)
			m->net_init(o, true);
	}
}

void rtnl_link_nexthop_del(struct rtnl_net *rn, uint32_t id)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops->nexthop_del)
			l->ops->nexthop_del(l, id);
}

const struct rtnl_link_module *rtnl_link_module_class_at(struct rtnl_net *rn,
							 size_t i)
{
	for (size_t k = 0; k < N_LINK_MODULES; k++) {
		const struct rtnl_link_module *m = link_modules[k];

		if (!(rn->world->modules & (1u << m->id)) || !m->class_file)
			continue;
		if (!i--)
			return m;
	}
	return NULL;
}

const struct rtnl_link_module *rtnl_link_module_class(struct rtnl_net *rn,
						      const char *name)
{
	const struct rtnl_link_module *m;

	for (size_t i = 0; (m = rtnl_link_module_class_at(rn, i)); i++)
		if (!strcmp(m->class_file, name))
			return m;
	return NULL;
}

const struct rtnl_link_ops *rtnl_link_kind_at(struct rtnl_net *rn, size_t i)
{
	return i < sizeof(link_kinds) / sizeof(link_kinds[0]) ? link_kinds[i]
							      : NULL;
}

/* rtnl_link_ops_get(): the one place that says which kinds this net
 * offers, which its profile says; NULL for any other name (lo has
 * none). */
const struct rtnl_link_ops *rtnl_link_ops_find(struct rtnl_net *rn,
					       const char *kind)
{
	const struct unl_profile *p = unl_net_profile(rn->net);
	const struct rtnl_link_ops *ops;

	/* a kernel without the module knows no such kind */
	if (!unl_profile_has(p, UNL_PROFILE_LINK, kind))
		return NULL;
	for (size_t i = 0; (ops = rtnl_link_kind_at(rn, i)); i++)
		if (!strcmp(kind, ops->kind))
			return ops;
	return NULL;
}

/* validate_linkmsg() for a device rtnl_create_link() has just made:
 * addresses at least as long as its kind's (6 for Ethernet, 4 or 16
 * for an IP tunnel), then the per-family parts, which a new device
 * does not take. */
int rtnl_link_validate_new(const struct rtnl_link *l,
			   const struct nlattr *const *tb,
			   struct unl_ext_ack *extack)
{
	if ((tb[IFLA_ADDRESS] &&
	     unl_nla_len(tb[IFLA_ADDRESS]) < l->addr_len) ||
	    (tb[IFLA_BROADCAST] &&
	     unl_nla_len(tb[IFLA_BROADCAST]) < l->addr_len))
		return -EINVAL;
	return link_af_validate(NULL, tb[IFLA_AF_SPEC], extack);
}

/* rtnl_create_link(): the queues a request asks for, else the kind's
 * (as its setup left them); 1 to 4096 of each. */
static int link_create_queues(struct rtnl_link *l,
			      const struct nlattr *const *tb,
			      struct unl_ext_ack *extack)
{
	if (tb[IFLA_NUM_TX_QUEUES])
		l->num_tx_queues = unl_nla_get_u32(tb[IFLA_NUM_TX_QUEUES]);
	if (tb[IFLA_NUM_RX_QUEUES])
		l->num_rx_queues = unl_nla_get_u32(tb[IFLA_NUM_RX_QUEUES]);
	if (l->num_tx_queues < 1 || l->num_tx_queues > 4096) {
		UNL_SET_ERR_MSG(extack, "Invalid number of transmit queues");
		return -EINVAL;
	}
	if (l->num_rx_queues < 1 || l->num_rx_queues > 4096) {
		UNL_SET_ERR_MSG(extack, "Invalid number of receive queues");
		return -EINVAL;
	}
	return 0;
}

/* rtnl_create_link(): a device of the kind with what the request gives
 * it (the address only when take_address), not registered yet. */
int rtnl_create_link(struct rtnl_net *rn, const struct rtnl_link_ops *ops,
		     const struct nlattr *const *tb, bool take_address,
		     struct rtnl_link **out, struct unl_ext_ack *extack)
{
	struct rtnl_link *l = rtnl_link_alloc(rn, ops);
	int err;

	if (!l)
		return -ENOMEM;
	err = link_create_queues(l, tb, extack);
	if (!err)
		err = rtnl_link_validate_new(l, tb, extack);
	if (!err)
		err = link_validate_offload(l, tb, extack);
	if (err) {
		rtnl_link_free(l);
		return err;
	}
	/* __dev_addr_set() of what was given (at most MAX_ADDR_LEN, as
	 * the policy has it) */
	if (take_address && tb[IFLA_ADDRESS]) {
		size_t n = (size_t)unl_nla_len(tb[IFLA_ADDRESS]);

		memcpy(l->addr, unl_nla_data(tb[IFLA_ADDRESS]),
		       n < sizeof(l->addr) ? n : sizeof(l->addr));
		l->addr_assign_type = NET_ADDR_SET;
	}
	if (tb[IFLA_MTU]) {
		err = rtnl_link_set_mtu(l, unl_nla_get_u32(tb[IFLA_MTU]),
					extack);
		if (err) {
			rtnl_link_free(l);
			return err;
		}
	}
	if (tb[IFLA_TXQLEN])
		l->txqlen = unl_nla_get_u32(tb[IFLA_TXQLEN]);
	if (tb[IFLA_OPERSTATE])
		link_set_operstate(l, unl_nla_get_u8(tb[IFLA_OPERSTATE]));
	if (tb[IFLA_LINKMODE])
		l->linkmode = unl_nla_get_u8(tb[IFLA_LINKMODE]);
	if (tb[IFLA_GROUP])
		l->group = unl_nla_get_u32(tb[IFLA_GROUP]);
	link_set_offload(l, tb);
	*out = l;
	return 0;
}

/* A device being created that failed: freed when it was not registered
 * yet, unregistered (with its events) when it was, as
 * rtnl_newlink_create() does at out_unregister. */
static void link_create_undo(struct rtnl_link *l)
{
	struct rtnl_link_list kill;

	if (rtnl_link_by_index(l->rn, l->ifindex) != l) {
		rtnl_link_free(l);
		return;
	}
	rtnl_link_list_init(&kill);
	if (l->ops->dellink)
		l->ops->dellink(l, &kill);
	else
		rtnl_link_queue_kill(l, &kill);
	rtnl_link_unregister_many(l->rn, &kill);
}

/* rtnl_newlink_create(): the device as rtnl_create_link() makes it
 * (named as asked, or after its kind), then the kind's newlink (which
 * registers it), then rtnl_configure_link() (the flags, and the
 * device's one RTM_NEWLINK), then the master and the alias. */
static int link_create(struct rtnl_net *rn, const struct rtnl_link_ops *ops,
		       const struct rtnl_newlink_params *p,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *const *tb = p->tb;
	struct rtnl_link *l;
	int err;

	if (p->ifm->ifi_index > 0 && rtnl_link_by_index(rn, p->ifm->ifi_index))
		return -EBUSY;
	err = rtnl_create_link(rn, ops, tb, true, &l, extack);
	if (err)
		return err;
	if (tb[IFLA_IFNAME])
		unl_nla_strscpy(l->name, tb[IFLA_IFNAME], sizeof(l->name));
	else
		snprintf(l->name, sizeof(l->name), "%s%%d", ops->kind);
	if (ops->newlink)
		err = ops->newlink(l, p, extack);
	else
		err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err) {
		link_create_undo(l);
		return err;
	}
	err = rtnl_link_configure(l, p->ifm, p->skb, p->nlh);
	if (!err && ops->configured)
		ops->configured(l);
	if (!err && (tb[IFLA_MASTER] || tb[IFLA_IFALIAS])) {
		struct ifinfomsg m = { .ifi_family = p->ifm->ifi_family };
		const struct nlattr *rest[RTNL_IFLA_MAX + 1] = { 0 };

		rest[IFLA_MASTER] = tb[IFLA_MASTER];
		rest[IFLA_IFALIAS] = tb[IFLA_IFALIAS];
		err = link_do_setlink(rn, l, &m, rest, extack, p->skb, false);
	}
	if (err)
		link_create_undo(l);
	return err;
}

void rtnl_link_queue_kill(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	if (l->kill_queued)
		return;
	l->kill_queued = true;
	link_list_add(kill, l, &l->kill_next);
}

/* The device leaves the list of devices and is freed. */
static void link_unlink_free(struct rtnl_link *l)
{
	link_dev_del(l->rn, l);
	rtnl_link_free(l);
}

void rtnl_link_close_add(struct rtnl_link_list *list, struct rtnl_link *l,
			 bool at_head)
{
	if (!at_head) {
		link_list_add(list, l, &l->close_next);
		return;
	}
	l->close_next = list->first;
	if (list->tail == &list->first)
		list->tail = &l->close_next;
	list->first = l;
}

void rtnl_link_close_many(struct rtnl_net *rn, struct rtnl_link_list *list)
{
	struct rtnl_net *nets = NULL;

	link_nets_add(&nets, rn);
	for (struct rtnl_link *l = list->first; l; l = l->close_next) {
		link_nets_add_dev(&nets, l);
		if (!rtnl_link_running(l))
			continue;
		l->flags &= ~IFF_UP;
		l->closing = true;
		if (l->ops->stop)
			l->ops->stop(l);
	}
	link_nets_update_carriers(nets);
	for (struct rtnl_link *l = list->first; l; l = l->close_next) {
		if (!l->closing)
			continue;
		l->closing = false;
		rtnl_link_notify(l, RTM_NEWLINK, IFF_UP | IFF_RUNNING, NULL,
				 NULL);
		rtnl_netdev_event(l, RTNL_NETDEV_DOWN);
	}
}

/* unregister_netdevice_many(): every device is closed first (each with
 * its RTM_NEWLINK and NETDEV_DOWN), then marked as going, then each goes:
 * NETDEV_UNREGISTER (its addresses, routes, neighbours, netconf, its
 * place in a bridge), RTM_DELLINK, each in its own net (a veth's peer
 * may be in another).  skb and nlh are the request that deleted the
 * first device, echoed to with NLM_F_ECHO. */
static void link_unregister_many(struct rtnl_net *rn,
				 struct rtnl_link_list *kill,
				 struct unl_skb *skb,
				 const struct nlmsghdr *nlh)
{
	struct rtnl_link *first = kill->first;
	struct rtnl_link_list close;
	struct rtnl_net *nets = NULL;

	rtnl_link_list_init(&close);
	for (struct rtnl_link *l = first; l; l = l->kill_next)
		if (rtnl_link_running(l))
			rtnl_link_close_add(&close, l, false);
	rtnl_link_close_many(rn, &close);
	link_nets_add(&nets, rn);
	for (struct rtnl_link *l = first; l; l = l->kill_next) {
		l->unregistering = true;
		link_nets_add_dev(&nets, l);
	}
	while (kill->first) {
		struct rtnl_link *l = kill->first;

		kill->first = l->kill_next;
		/* the notifiers detach it from its master (a bridge's
		 * ports left it in the bridge's dellink) */
		rtnl_netdev_event(l, RTNL_NETDEV_UNREGISTER);
		/* dev_shutdown(): the qdisc is gone by now */
		l->activated = false;
		rtnl_tc_dev_shutdown(l);
		/* a device whose creation failed was never announced */
		if (l->configured)
			rtnl_link_notify(l, RTM_DELLINK, ~0u,
					 l == first ? skb : NULL,
					 l == first ? nlh : NULL);
		link_unlink_free(l);
	}
	kill->tail = &kill->first;
	link_nets_update_carriers(nets);
}

void rtnl_link_unregister_many(struct rtnl_net *rn,
			       struct rtnl_link_list *kill)
{
	link_unregister_many(rn, kill, NULL, NULL);
}

/* unregister_netdevice_queue() of a device already queued: to the end
 * of the list (list_move_tail()). */
static void link_kill_move_tail(struct rtnl_link_list *kill,
				struct rtnl_link *l)
{
	for (struct rtnl_link **pp = &kill->first; *pp; pp = &(*pp)->kill_next)
		if (*pp == l) {
			*pp = l->kill_next;
			if (kill->tail == &l->kill_next)
				kill->tail = pp;
			break;
		}
	link_list_add(kill, l, &l->kill_next);
}

/* default_device_exit_batch(): a net that goes deletes its devices,
 * last first, each as its kind deletes it (a veth with its peer, which
 * may live in another net and go there with its events), the others
 * (lo) unregistered; devices queued already go to the end of the list,
 * as Linux moves them.  Nothing is left for rtnl_link_fini() but lo. */
void rtnl_link_net_exit(struct rtnl_net *rn)
{
	struct rtnl_link_list kill;
	struct rtnl_link *rev = NULL, *next;

	rtnl_link_list_init(&kill);
	/* for_each_netdev_reverse(), through close_next, unused here */
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		l->close_next = rev;
		rev = l;
	}
	for (struct rtnl_link *l = rev; l; l = next) {
		next = l->close_next;
		l->close_next = NULL;
		if (!l->ops->dellink)
			continue; /* lo goes with the net, unseen */
		if (l->kill_queued)
			link_kill_move_tail(&kill, l);
		else
			l->ops->dellink(l, &kill);
	}
	link_unregister_many(rn, &kill, NULL, NULL);
}

/* IFLA_INFO_DATA with the kind's policy, the kind's checks, and the
 * peer's header and attributes for a kind that has one (veth), each as
 * rtnl_newlink() and rtnl_get_peer_net() do before the device is
 * looked up. */
static int link_kind_parse(struct rtnl_net *rn,
			   const struct rtnl_link_ops *ops,
			   const struct nlattr *const *tb,
			   const struct nlattr **linfo,
			   const struct nlattr **data, bool *data_given,
			   struct ifinfomsg *peer_ifm,
			   const struct nlattr **peer_tb, bool *peer_given,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *p;
	int err;

	if (ops->maxtype && linfo[IFLA_INFO_DATA]) {
		err = unl_nla_parse_nested(data, (int)ops->maxtype,
					   linfo[IFLA_INFO_DATA], ops->policy,
					   UNL_VALIDATE_LIBERAL, extack);
		if (err)
			return err;
		*data_given = true;
	}
	if (ops->validate) {
		err = ops->validate(rn, tb, *data_given ? data : NULL, extack);
		if (err)
			return err;
	}
	if (!ops->peer_type || !*data_given || !data[ops->peer_type])
		return 0;
	/*
	 * the peer attribute:
	 * +------------------+-----------------------------+
	 * | struct ifinfomsg | the peer's IFLA_* attributes |
	 * +------------------+-----------------------------+
	 */
	p = data[ops->peer_type];
	memcpy(peer_ifm, unl_nla_data(p), sizeof(*peer_ifm));
	*peer_given = true;
	err = unl_nla_parse(peer_tb, RTNL_IFLA_MAX,
			    (const struct nlattr *)((const uint8_t *)
							    unl_nla_data(p) +
						    sizeof(*peer_ifm)),
			    unl_nla_len(p) - (int)sizeof(*peer_ifm), ifla_policy,
			    UNL_VALIDATE_LIBERAL, extack);
	if (err || !ops->validate)
		return err;
	return ops->validate(rn, peer_tb, NULL, extack);
}

/* IFLA_INFO_SLAVE_DATA: the master's kind parses it with its slave
 * policy and changes the port; a device without a master, or whose
 * master's kind has no slave_changelink, refuses it. */
static int link_slave_changelink(struct rtnl_link *l,
				 const struct nlattr *sd,
				 const struct nlattr *const *tb,
				 struct unl_ext_ack *extack)
{
	const struct nlattr *data[RTNL_KIND_SLAVE_MAX_TYPE + 1] = { 0 };
	struct rtnl_link *m = rtnl_link_by_index(l->rn, l->master);
	const struct rtnl_link_ops *m_ops = m ? m->ops : NULL;
	int err;

	if (!m_ops || !m_ops->slave_changelink)
		return -EOPNOTSUPP;
	if (m_ops->slave_maxtype > RTNL_KIND_SLAVE_MAX_TYPE)
		return -EINVAL;
	if (m_ops->slave_maxtype) {
		err = unl_nla_parse_nested(data, (int)m_ops->slave_maxtype, sd,
					   m_ops->slave_policy,
					   UNL_VALIDATE_LIBERAL, extack);
		if (err)
			return err;
	}
	return m_ops->slave_changelink(m, l, tb,
				       m_ops->slave_maxtype ? data : NULL,
				       extack);
}

/* rtnl_changelink(): a request for a device that exists.  The kind
 * changes what IFLA_INFO_DATA asks for (a kind without changelink, as
 * veth and dummy, refuses it), the master what IFLA_INFO_SLAVE_DATA asks
 * for, then do_setlink() the rest, announcing the device at the end as
 * it would for any attribute change (DO_SETLINK_NOTIFY). */
static int link_changelink(struct rtnl_net *rn, struct rtnl_link *l,
			   const struct rtnl_link_ops *ops,
			   const struct rtnl_newlink_params *p,
			   struct unl_ext_ack *extack)
{
	bool notify = false;
	int err;

	if (p->nlh->nlmsg_flags & NLM_F_EXCL)
		return -EEXIST;
	if (p->nlh->nlmsg_flags & NLM_F_REPLACE)
		return -EOPNOTSUPP;
	if (p->linfo[IFLA_INFO_DATA]) {
		if (!ops || ops != l->ops || !ops->changelink)
			return -EOPNOTSUPP;
		err = ops->changelink(l, p->tb, p->data, extack);
		if (err)
			return err;
		notify = true;
	}
	if (p->linfo[IFLA_INFO_SLAVE_DATA]) {
		err = link_slave_changelink(l, p->linfo[IFLA_INFO_SLAVE_DATA],
					    p->tb, extack);
		if (err)
			return err;
		notify = true;
	}
	return link_do_setlink(rn, l, p->ifm, (const struct nlattr **)p->tb,
			       extack, p->skb, notify);
}

/* rtnl_ensure_unique_netns(): one way to name a net at most; a request
 * that can only read another net (id_only) names it by id. */
static int link_unique_netns(const struct nlattr *const *tb, bool id_only,
			     struct unl_ext_ack *extack)
{
	int n = !!tb[IFLA_NET_NS_PID] + !!tb[IFLA_NET_NS_FD] +
		!!tb[IFLA_TARGET_NETNSID];

	if (id_only && (tb[IFLA_NET_NS_PID] || tb[IFLA_NET_NS_FD])) {
		UNL_SET_ERR_MSG(extack, "specified netns attribute not supported");
		return -EOPNOTSUPP;
	}
	if (n > 1) {
		UNL_SET_ERR_MSG(extack, "multiple netns identifying attributes specified");
		return -EINVAL;
	}
	return 0;
}

/* IFLA_TARGET_NETNSID of a request that reads or deletes: the net it
 * names (rtnl_get_net_ns_capable()), or rn without one; NULL with *err. */
static struct rtnl_net *link_target_net(struct rtnl_net *rn,
					const struct unl_skb *skb,
					const struct nlattr *const *tb,
					int *netnsid, int *err)
{
	*netnsid = -1;
	if (!tb[IFLA_TARGET_NETNSID])
		return rn;
	*netnsid = (int32_t)unl_nla_get_u32(tb[IFLA_TARGET_NETNSID]);
	return rtnl_get_net_ns_capable(rn, skb, *netnsid, err);
}

/* rtnl_link_get_net_ifla(): the net IFLA_NET_NS_PID or IFLA_NET_NS_FD
 * names; NULL with *err 0 when neither is there, or the errno of the
 * lookup. */
static struct rtnl_net *link_net_ifla(struct rtnl_net *rn,
				      const struct nlattr *const *tb,
				      int *err)
{
	struct unl_net *net;
	struct rtnl_net *found;

	*err = 0;
	if (tb[IFLA_NET_NS_PID])
		net = unl_net_by_pid(rn->net,
				     unl_nla_get_u32(tb[IFLA_NET_NS_PID]), err);
	else if (tb[IFLA_NET_NS_FD])
		net = unl_net_by_fd(rn->net, unl_nla_get_u32(tb[IFLA_NET_NS_FD]),
				    err);
	else
		return NULL;
	if (!net)
		return NULL;
	found = rtnl_net_of(net);
	*err = found ? 0 : -ENOMEM;
	return found;
}

/* rtnl_link_get_net_capable(): the net a request that may change
 * devices names (IFLA_NET_NS_PID, IFLA_NET_NS_FD, IFLA_TARGET_NETNSID,
 * else rn), when the sender may administer it; NULL with *err. */
static struct rtnl_net *link_get_net_capable(struct rtnl_net *rn,
					     const struct unl_skb *skb,
					     const struct nlattr *const *tb,
					     int *err)
{
	struct rtnl_net *net = link_net_ifla(rn, tb, err);

	if (*err)
		return NULL;
	if (!net && tb[IFLA_TARGET_NETNSID])
		net = rtnl_net_of(unl_net_peer_by_id(
			rn->net, (int)unl_nla_get_u32(tb[IFLA_TARGET_NETNSID])));
	else if (!net)
		net = rn;
	if (!net) {
		*err = -EINVAL;
		return NULL;
	}
	if (!rtnl_capable_in(skb, net, CAP_NET_ADMIN)) {
		*err = -EPERM;
		return NULL;
	}
	return net;
}

/* rtnl_get_peer_net(): a kind with a peer makes it in the net the
 * peer's own IFLA_NET_NS_PID/FD name or, without peer attributes, the
 * device's; NULL (*err 0) when they name none. */
static struct rtnl_net *link_peer_net(struct rtnl_net *rn,
				      const struct rtnl_newlink_params *p,
				      int *err)
{
	return link_net_ifla(rn, p->peer_given ? p->peer_tb : p->tb, err);
}

/* The nets of an RTM_NEWLINK (rtnl_newlink()): the peer's, the
 * target's, then IFLA_LINK_NETNSID's, which the target names. */
static int link_newlink_nets(struct rtnl_net *rn,
			     const struct rtnl_link_ops *ops,
			     struct rtnl_newlink_params *p,
			     struct rtnl_net **tgt, struct unl_ext_ack *extack)
{
	const struct nlattr *const *tb = p->tb;
	int err = 0;

	p->src = rn;
	if (ops && ops->peer_type) {
		p->peer_net = link_peer_net(rn, p, &err);
		if (err)
			return err;
	}
	*tgt = link_get_net_capable(rn, p->skb, tb, &err);
	if (!*tgt)
		return err;
	if (!tb[IFLA_LINK_NETNSID])
		return 0;
	p->link_net = rtnl_net_of(unl_net_peer_by_id(
		(*tgt)->net, (int32_t)unl_nla_get_u32(tb[IFLA_LINK_NETNSID])));
	if (!p->link_net) {
		UNL_SET_ERR_MSG(extack, "Unknown network namespace id");
		return -EINVAL;
	}
	if (!rtnl_capable_in(p->skb, p->link_net, CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

/* __rtnl_newlink(): the device is looked up in the requester's net, or
 * in the target for a creation that must be new (NLM_F_CREATE with
 * NLM_F_EXCL); one that exists is changed (and moved to the target),
 * else made in the target. */
static int link_newlink_do(struct rtnl_net *rn, struct rtnl_net *tgt,
			   const struct rtnl_link_ops *ops,
			   const struct rtnl_newlink_params *p,
			   struct unl_ext_ack *extack)
{
	const uint16_t excl = NLM_F_CREATE | NLM_F_EXCL;
	const struct nlattr *const *tb = p->tb;
	struct rtnl_link *l;

	if (p->ifm->ifi_index < 0) {
		UNL_SET_ERR_MSG(extack, "ifindex can't be negative");
		return -EINVAL;
	}
	l = link_lookup((p->nlh->nlmsg_flags & excl) == excl ? tgt : rn,
			p->ifm, tb);
	if (l)
		return link_changelink(tgt, l, ops, p, extack);
	if (!(p->nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENODEV;
	if (tb[IFLA_MAP] || tb[IFLA_PROTINFO])
		return -EOPNOTSUPP;
	if (!ops) {
		UNL_SET_ERR_MSG(extack, "Unknown device type");
		return -EOPNOTSUPP;
	}
	return link_create(tgt, ops, p, extack);
}

static int rtnl_newlink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	const struct nlattr *linfo[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *data[RTNL_KIND_MAX_TYPE + 1] = { 0 };
	const struct nlattr *peer_tb[RTNL_IFLA_MAX + 1] = { 0 };
	struct ifinfomsg peer_ifm = { 0 };
	bool data_given = false, peer_given = false;
	const struct rtnl_link_ops *ops = NULL;
	struct rtnl_newlink_params p;
	struct rtnl_net *tgt;
	int err;

	err = link_parse(nlh, tb, extack);
	if (!err)
		err = link_unique_netns(tb, false, extack);
	if (err)
		return err;
	/* The name is judged where Linux judges it, when a device is
	 * registered or renamed: every other check of the request comes
	 * first. */
	if (tb[IFLA_LINKINFO]) {
		err = unl_nla_parse_nested(linfo, IFLA_INFO_MAX,
					   tb[IFLA_LINKINFO], ifla_info_policy,
					   0, extack);
		if (err)
			return err;
	}
	if (linfo[IFLA_INFO_KIND]) {
		char kind[64];

		unl_nla_strscpy(kind, linfo[IFLA_INFO_KIND], sizeof(kind));
		ops = rtnl_link_ops_find(rn, kind);
		if (ops && ops->module)
			rtnl_link_module_load(rn, ops->module);
	}
	/* The driver's checks come before the device is looked up: a
	 * veth's, of the device and then of its peer. */
	if (ops) {
		err = link_kind_parse(rn, ops, tb, linfo, data, &data_given,
				      &peer_ifm, peer_tb, &peer_given, extack);
		if (err)
			return err;
	}
	p = (struct rtnl_newlink_params){
		.skb = skb,
		.nlh = nlh,
		.ifm = NLMSG_DATA(nlh),
		.tb = tb,
		.data = data_given ? data : NULL,
		.linfo = linfo,
		.peer_given = peer_given,
		.peer_ifm = &peer_ifm,
		.peer_tb = peer_tb,
	};
	err = link_newlink_nets(rn, ops, &p, &tgt, extack);
	if (err)
		return err;
	return link_newlink_do(rn, tgt, ops, &p, extack);
}

/* rtnl_setlink(): changes only, to a device of the requester's net,
 * which moves to the net IFLA_NET_NS_PID, IFLA_NET_NS_FD or
 * IFLA_TARGET_NETNSID names. */
static int rtnl_setlink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct ifinfomsg *ifm;
	struct rtnl_net *tgt;
	struct rtnl_link *l;
	int err;

	err = link_parse(nlh, tb, extack);
	if (!err)
		err = link_unique_netns(tb, false, extack);
	if (err)
		return err;
	tgt = link_get_net_capable(rn, skb, tb, &err);
	if (!tgt)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifi_index <= 0 && !tb[IFLA_IFNAME] && !tb[IFLA_ALT_IFNAME])
		return -EINVAL;
	l = link_lookup(rn, ifm, tb);
	if (!l)
		return -ENODEV;
	return link_do_setlink(tgt, l, ifm, tb, extack, skb, false);
}

/* rtnl_dellink(): a device of the requester's net, or of the one
 * IFLA_TARGET_NETNSID names. */
static int rtnl_dellink(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct rtnl_link_list kill;
	struct ifinfomsg *ifm;
	struct rtnl_net *tgt;
	struct rtnl_link *l;
	int netnsid, err;

	err = link_parse(nlh, tb, extack);
	if (!err)
		err = link_unique_netns(tb, true, extack);
	if (err)
		return err;
	tgt = link_target_net(rn, skb, tb, &netnsid, &err);
	if (!tgt)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifi_index > 0 || tb[IFLA_IFNAME] || tb[IFLA_ALT_IFNAME])
		l = link_lookup(tgt, ifm, tb);
	else
		return -EINVAL;
	if (!l)
		return -ENODEV;
	if (!l->ops->dellink)
		return -EOPNOTSUPP;
	rtnl_link_list_init(&kill);
	l->ops->dellink(l, &kill);
	link_unregister_many(tgt, &kill, skb, nlh);
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
	struct link_fill_args args = { .type = RTM_NEWLINK,
				       .pid = rtnl_req_portid(skb),
				       .seq = nlh->nlmsg_seq, .src = rn };
	struct rtnl_net *tgt;
	struct ifinfomsg *ifm;
	struct rtnl_link *l;
	struct unl_skb *nskb;
	int err;

	err = link_valid_get_req(skb, nlh, tb, extack);
	if (!err)
		err = link_unique_netns(tb, true, extack);
	if (err)
		return err;
	tgt = link_target_net(rn, skb, tb, &args.tgt_netnsid, &err);
	if (!tgt)
		return err;
	ifm = NLMSG_DATA(nlh);
	if (tb[IFLA_EXT_MASK])
		args.ext_mask = unl_nla_get_u32(tb[IFLA_EXT_MASK]);
	if (ifm->ifi_index > 0 || tb[IFLA_IFNAME] || tb[IFLA_ALT_IFNAME])
		l = link_lookup(tgt, ifm, tb);
	else
		return -EINVAL;
	if (!l)
		return -ENODEV;
	nskb = unl_nlmsg_new(LINK_MSG_SIZE + rtnl_link_prop_list_size(l));
	if (!nskb)
		return -ENOBUFS;
	err = link_fill(nskb, l, &args);
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
	int netnsid; /* IFLA_TARGET_NETNSID, -1 for the asking net */
	/* A kind filter: NULL for any, or the kind */
	const struct rtnl_link_ops *kind_ops;
	bool filtered;
};

/* The net a link dump walks: the target, looked up again for every
 * buffer as Linux parses the request again each time. */
static struct rtnl_net *link_dump_net(struct unl_callback *cb,
				      const struct link_dump_ctx *c, int *err)
{
	struct rtnl_net *rn = rtnl_cb_net(cb), *tgt;

	if (c->netnsid < 0)
		return rn;
	tgt = rtnl_get_net_ns_capable(rn, cb->skb, c->netnsid, err);
	if (!tgt)
		UNL_SET_ERR_MSG(cb->extack, "Invalid target network namespace id");
	return tgt;
}

/* valid_dump_ifinfo_req() and the filters of rtnl_dump_ifinfo(). */
static int link_dump_parse(struct unl_callback *cb, struct link_dump_ctx *c)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	struct unl_ext_ack *extack = cb->extack;
	int err;

	c->netnsid = -1;
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
			c->netnsid = (int32_t)unl_nla_get_u32(tb[i]);
			if (!link_dump_net(cb, c, &err))
				return err;
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
			char ks[32];

			if (!unl_nla_parse_nested(li, IFLA_INFO_MAX, tb[i],
						  ifla_info_policy, 0,
						  extack) &&
			    li[IFLA_INFO_KIND]) {
				unl_nla_strscpy(ks, li[IFLA_INFO_KIND],
						sizeof(ks));
				/* a kind the kernel does not know
				 * filters nothing (kind_ops NULL) */
				c->kind_ops = rtnl_link_ops_find(rtnl_cb_net(cb),
								 ks);
				if (c->kind_ops)
					c->filtered = true;
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

/* rtnl_dump_ifinfo(): the devices of the net (or of the target), each
 * as the asking net names the nets of their links. */
static int rtnl_dump_ifinfo(struct unl_skb *skb, struct unl_callback *cb)
{
	struct link_dump_ctx *c = RTNL_CB_CTX(cb, struct link_dump_ctx);
	struct link_fill_args args = { .type = RTM_NEWLINK,
				       .pid = rtnl_req_portid(cb->skb),
				       .seq = cb->nlh->nlmsg_seq,
				       .flags = NLM_F_MULTI,
				       .src = rtnl_cb_net(cb) };
	struct rtnl_net *tgt;
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = link_dump_parse(cb, c);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	tgt = link_dump_net(cb, c, &err);
	if (!tgt)
		return err;
	args.ext_mask = c->ext_mask;
	args.tgt_netnsid = c->netnsid;
	cb->seq = tgt->dev_base_seq;
	for (struct rtnl_link *l = tgt->links; l; l = l->next) {
		if (l->ifindex < c->next_ifindex)
			continue;
		if (c->master_idx && l->master != c->master_idx)
			continue;
		if (c->kind_ops && l->ops != c->kind_ops)
			continue;
		if (link_fill(skb, l, &args)) {
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

/* inet6_fill_ifinfo(): the short link message of an AF_INET6 dump. */
static int link_fill_af(struct unl_skb *skb, const struct rtnl_link *l,
			uint32_t pid, uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nlattr *pi;
	uint8_t operstate = rtnl_link_running(l) ? l->operstate : IF_OPER_DOWN;
	uint32_t iflink = (uint32_t)link_iflink(l);

	nlh = unl_nlmsg_put(skb, pid, seq, RTM_NEWLINK, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = PF_INET6;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = rtnl_link_ifi_flags(l);
	ifm->ifi_change = 0;
	if (unl_nla_put_string(skb, IFLA_IFNAME, l->name) ||
	    (l->addr_len &&
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
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* inet6_dump_ifinfo(): the devices that have an inet6_dev, resumable
 * by ifindex as the full dump is. */
static int inet6_dump_ifinfo(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct link_dump_ctx *c = RTNL_CB_CTX(cb, struct link_dump_ctx);
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = link_af_dump_parse(cb, PF_INET6, &c->ext_mask);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	cb->seq = rn->dev_base_seq;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->ifindex < c->next_ifindex || l->no_inet6)
			continue;
		if (link_fill_af(skb, l, rtnl_req_portid(cb->skb),
				 cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			if (!unl_skb_len(skb))
				return -EMSGSIZE;
			return (int)unl_skb_len(skb);
		}
		c->next_ifindex = l->ifindex + 1;
	}
	return 0;
}

/* The master's kind answers for a port (ndo_bridge_getlink of the
 * master), the device's own kind for itself. */
static const struct rtnl_link_ops *link_master_ops(struct rtnl_link *l,
						   struct rtnl_link **m)
{
	*m = l->master ? rtnl_link_by_index(l->rn, l->master) : NULL;
	return *m ? (*m)->ops : NULL;
}

/* rtnl_bridge_getlink(): each device's part from its master's kind,
 * then from its own; resumable by ifindex (no kind answers twice for
 * one device). */
static int rtnl_bridge_getlink(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct link_dump_ctx *c = RTNL_CB_CTX(cb, struct link_dump_ctx);
	uint32_t pid = rtnl_req_portid(cb->skb), seq = cb->nlh->nlmsg_seq;
	int err;

	if (!cb->args[0]) {
		memset(c, 0, sizeof(*c));
		err = link_af_dump_parse(cb, PF_BRIDGE, &c->ext_mask);
		if (err)
			return err;
		cb->args[0] = 1;
	}
	cb->seq = rn->dev_base_seq;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct rtnl_link_ops *mops;
		struct rtnl_link *m;

		if (l->ifindex < c->next_ifindex)
			continue;
		mops = link_master_ops(l, &m);
		err = 0;
		if (mops && mops->bridge_getlink)
			err = mops->bridge_getlink(skb, pid, seq, l,
						   c->ext_mask, NLM_F_MULTI);
		if (!err && l->ops->bridge_getlink)
			err = l->ops->bridge_getlink(skb, pid, seq, l,
						     c->ext_mask, NLM_F_MULTI);
		if (err < 0 && err != -EOPNOTSUPP) {
			if (!unl_skb_len(skb))
				return err;
			return (int)unl_skb_len(skb);
		}
		c->next_ifindex = l->ifindex + 1;
	}
	return 0;
}

/* nlmsg_find_attr() after the ifinfomsg */
const struct nlattr *rtnl_link_msg_attr(const struct nlmsghdr *nlh, int type)
{
	int len = (int)nlh->nlmsg_len - NLMSG_LENGTH(sizeof(struct ifinfomsg));

	if (len < 0)
		return NULL;
	return unl_nla_find((const struct nlattr *)((const uint8_t *)NLMSG_DATA(nlh) +
						    NLMSG_ALIGN(sizeof(struct ifinfomsg))),
			    len, type);
}

/* rtnl_bridge_notify(): the device's own AF_BRIDGE view after a change
 * made with BRIDGE_FLAGS_SELF (nothing for a bridge itself, which
 * reports itself only when asked for its VLANs). */
static int link_bridge_notify(struct rtnl_link *l)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;
	int err;

	if (!l->ops->bridge_getlink)
		return 0;
	skb = unl_nlmsg_new(4096);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -ENOMEM);
		return -ENOMEM;
	}
	err = l->ops->bridge_getlink(skb, 0, 0, l, 0, 0);
	if (err < 0 || !unl_skb_len(skb)) {
		unl_skb_free(skb);
		if (err < 0)
			rtnl_set_sk_err(rn, RTNLGRP_LINK, err);
		return err < 0 ? err : 0;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_LINK, NULL);
	return 0;
}

/* The device and IFLA_BRIDGE_FLAGS of an AF_BRIDGE RTM_SETLINK or
 * RTM_DELLINK; with_mode: IFLA_BRIDGE_MODE is checked too (setlink). */
static int link_bridge_req(struct rtnl_net *rn, const struct nlmsghdr *nlh,
			   bool with_mode, struct rtnl_link **dev,
			   uint16_t *flags, struct unl_ext_ack *extack)
{
	const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
	const struct nlattr *spec, *attr;
	int rem;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm)))
		return -EINVAL;
	if (ifm->ifi_family != AF_BRIDGE)
		return -EPFNOSUPPORT;
	*dev = rtnl_link_by_index(rn, ifm->ifi_index);
	if (!*dev) {
		UNL_SET_ERR_MSG(extack, "unknown ifindex");
		return -ENODEV;
	}
	*flags = 0;
	spec = rtnl_link_msg_attr(nlh, IFLA_AF_SPEC);
	if (!spec)
		return 0;
	unl_nla_for_each_nested(attr, spec, rem) {
		int type = unl_nla_type(attr);

		if (type == IFLA_BRIDGE_FLAGS) {
			if (unl_nla_len(attr) < (int)sizeof(uint16_t))
				return -EINVAL;
			*flags = unl_nla_get_u16(attr);
			if (!with_mode)
				break;
		}
		if (with_mode && type == IFLA_BRIDGE_MODE &&
		    unl_nla_len(attr) < (int)sizeof(uint16_t))
			return -EINVAL;
	}
	return 0;
}

/* ndo_bridge_setlink or ndo_bridge_dellink of ops for dev; EOPNOTSUPP
 * when the kind has none. */
static int link_bridge_call(const struct rtnl_link_ops *ops,
			    struct rtnl_link *dev, struct nlmsghdr *nlh,
			    uint16_t flags, bool set, struct unl_ext_ack *extack)
{
	if (set)
		return ops && ops->bridge_setlink
			       ? ops->bridge_setlink(dev, nlh, flags, extack)
			       : -EOPNOTSUPP;
	return ops && ops->bridge_dellink ? ops->bridge_dellink(dev, nlh, flags)
					  : -EOPNOTSUPP;
}

/* rtnl_bridge_setlink() and rtnl_bridge_dellink(): to the master's kind
 * (no flags, or BRIDGE_FLAGS_MASTER), then to the device's own with
 * BRIDGE_FLAGS_SELF, which is announced. */
static int link_bridge_do(struct rtnl_net *rn, struct nlmsghdr *nlh,
			  bool set, struct unl_ext_ack *extack)
{
	struct rtnl_link *dev, *m;
	uint16_t flags;
	int err;

	err = link_bridge_req(rn, nlh, set, &dev, &flags, extack);
	if (err)
		return err;
	if (!flags || (flags & BRIDGE_FLAGS_MASTER)) {
		err = link_bridge_call(link_master_ops(dev, &m), dev, nlh, flags,
				       set, extack);
		if (err)
			return err;
		flags &= (uint16_t)~BRIDGE_FLAGS_MASTER;
	}
	if (flags & BRIDGE_FLAGS_SELF) {
		err = link_bridge_call(dev->ops, dev, nlh, flags, set, extack);
		if (!err)
			err = link_bridge_notify(dev);
	}
	return err;
}

static int rtnl_bridge_setlink(struct rtnl_net *rn, struct unl_skb *skb,
			       struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	return link_bridge_do(rn, nlh, true, extack);
}

static int rtnl_bridge_dellink(struct rtnl_net *rn, struct unl_skb *skb,
			       struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	return link_bridge_do(rn, nlh, false, extack);
}

const struct rtnl_msg_handler rtnl_link_handlers[] = {
	{ PF_UNSPEC, RTM_NEWLINK, rtnl_newlink, NULL, 0 },
	{ PF_UNSPEC, RTM_DELLINK, rtnl_dellink, NULL, 0 },
	{ PF_UNSPEC, RTM_GETLINK, rtnl_getlink, rtnl_dump_ifinfo,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_UNSPEC, RTM_SETLINK, rtnl_setlink, NULL, 0 },
	{ PF_INET6, RTM_GETLINK, NULL, inet6_dump_ifinfo, 0 },
	{ PF_BRIDGE, RTM_GETLINK, NULL, rtnl_bridge_getlink, 0 },
	{ PF_BRIDGE, RTM_SETLINK, rtnl_bridge_setlink, NULL, 0 },
	{ PF_BRIDGE, RTM_DELLINK, rtnl_bridge_dellink, NULL, 0 },
};
const unsigned int rtnl_link_handlers_n =
	sizeof(rtnl_link_handlers) / sizeof(rtnl_link_handlers[0]);

int rtnl_link_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
		    struct unl_ext_ack *extack)
{
	return link_parse(nlh, tb, extack);
}

struct rtnl_link *rtnl_link_lookup(struct rtnl_net *rn,
				   const struct ifinfomsg *ifm,
				   const struct nlattr **tb)
{
	return link_lookup(rn, ifm, tb);
}

void rtnl_link_state_change(struct rtnl_link *l)
{
	link_state_change(l, false);
}

uint32_t rtnl_link_max_msg_size(struct rtnl_net *rn)
{
	size_t max = 0;

	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		if (rtnl_link_prop_list_size(l) > max)
			max = rtnl_link_prop_list_size(l);
	return (uint32_t)(NLMSG_ALIGN(NLMSG_HDRLEN + LINK_MSG_SIZE) + max);
}

bool rtnl_link_is_l3_master(const struct rtnl_link *l)
{
	return l && l->ops->l3mdev_fib_table;
}

uint32_t rtnl_l3mdev_fib_table(struct rtnl_net *rn, int ifindex)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, ifindex);

	if (!l)
		return 0;
	if (!rtnl_link_is_l3_master(l) && l->master)
		l = rtnl_link_by_index(rn, l->master);
	return rtnl_link_is_l3_master(l) ? l->ops->l3mdev_fib_table(l) : 0;
}

int rtnl_l3mdev_master_ifindex(struct rtnl_net *rn, int ifindex)
{
	const struct rtnl_link *l = rtnl_link_by_index(rn, ifindex);

	if (!l)
		return 0;
	if (rtnl_link_is_l3_master(l))
		return l->ifindex;
	l = l->master ? rtnl_link_by_index(rn, l->master) : NULL;
	return rtnl_link_is_l3_master(l) ? l->ifindex : 0;
}

int rtnl_link_addr_validate(const struct rtnl_link *l, int family,
			    const uint8_t *addr, struct unl_ext_ack *extack)
{
	return l->ops->addr_validate
		       ? l->ops->addr_validate(l, family, addr, extack)
		       : 0;
}

void rtnl_link_ether_random_addr(struct rtnl_link *l)
{
	link_random_mac(l->rn, l->addr);
	l->addr_assign_type = NET_ADDR_RANDOM;
}
