// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ipvlan (drivers/net/ipvlan/ipvlan_main.c): devices that share the
 * MAC address of a lower Ethernet device and are told apart by their
 * IP addresses.  The lower device holds them in a port (struct
 * ipvl_port, its rx_handler_data), made with the first and freed with
 * the last; the mode (l2, l3, l3s) and the flags (bridge, private,
 * vepa) are the port's, so the last request to set them wins for every
 * device on it.  In l3 and l3s modes the devices do not ARP.  Each
 * device gets a 16-bit dev_id of its own on the port, which takes the
 * place of ff:fe in its EUI-64 link-local address.  The reference
 * kernel has no ipvlan module: this follows Linux's source, and
 * tests/clients/ip-kinds.sh checks it under the `full` profile.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "proto/route/link/kinds.h"

/* IDs 1..0xfffd go to the devices; 0xfffe stands for the lower one. */
#define IPVLAN_DEV_ID_END 0xfffe

/* struct ipvl_port */
struct ipvlan_port {
	struct rtnl_link *dev;          /* the lower device */
	struct rtnl_link *first, *last; /* its ipvlans, oldest first */
	unsigned int count;
	uint16_t mode;  /* IPVLAN_MODE_* */
	uint16_t flags; /* IPVLAN_F_* */
	uint16_t dev_id_start;
	uint8_t ids[IPVLAN_DEV_ID_END / 8 + 1]; /* the dev_ids taken */
};

/* struct ipvl_dev */
struct ipvlan_priv {
	struct rtnl_link *lower;
	struct ipvlan_port *port;
	struct rtnl_link *next, *prev; /* in the port's list */
	bool linked;
	bool upper_linked; /* netdev_upper_dev_link() done */
};

static struct ipvlan_priv *ipv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static struct ipvlan_port *port_of(const struct rtnl_link *lower)
{
	return lower->ipvlan_port;
}

/* ---- the port ---- */

/* ipvlan_port_create(): mode l3, no flags, dev_ids from 1. */
static struct ipvlan_port *port_create(struct rtnl_link *lower)
{
	struct ipvlan_port *port = calloc(1, sizeof(*port));

	if (!port)
		return NULL;
	port->dev = lower;
	port->mode = IPVLAN_MODE_L3;
	port->dev_id_start = 1;
	lower->ipvlan_port = port;
	return port;
}

static void port_put(struct ipvlan_port *port)
{
	if (port->count || port->first)
		return;
	port->dev->ipvlan_port = NULL;
	free(port);
}

static bool id_taken(const struct ipvlan_port *port, unsigned int id)
{
	return port->ids[id / 8] & (1u << (id % 8));
}

static void id_mark(struct ipvlan_port *port, unsigned int id, bool taken)
{
	if (taken)
		port->ids[id / 8] |= (uint8_t)(1u << (id % 8));
	else
		port->ids[id / 8] &= (uint8_t)~(1u << (id % 8));
}

/* ida_simple_get() in [from, to): the lowest free one, or -ENOSPC. */
static int id_get(struct ipvlan_port *port, unsigned int from,
		  unsigned int to)
{
	for (unsigned int id = from; id < to; id++)
		if (!id_taken(port, id)) {
			id_mark(port, id, true);
			return (int)id;
		}
	return -ENOSPC;
}

/* ipvlan_link_new()'s dev_id: from where the last one ended, wrapping
 * to 1, so that a busy port does not hand the same ID out again soon. */
static int port_take_id(struct ipvlan_port *port)
{
	int id;

	if (port->dev_id_start == IPVLAN_DEV_ID_END)
		port->dev_id_start = 1;
	id = id_get(port, port->dev_id_start, IPVLAN_DEV_ID_END);
	if (id < 0)
		id = id_get(port, 1, port->dev_id_start);
	if (id < 0)
		return id;
	port->dev_id_start = (uint16_t)(id + 1);
	return id;
}

static void port_link(struct ipvlan_port *port, struct rtnl_link *l)
{
	ipv(l)->prev = port->last;
	ipv(l)->next = NULL;
	if (port->last)
		ipv(port->last)->next = l;
	else
		port->first = l;
	port->last = l;
	ipv(l)->linked = true;
}

static void port_unlink(struct ipvlan_port *port, struct rtnl_link *l)
{
	struct ipvlan_priv *v = ipv(l);

	if (!v->linked)
		return;
	if (v->prev)
		ipv(v->prev)->next = v->next;
	else
		port->first = v->next;
	if (v->next)
		ipv(v->next)->prev = v->prev;
	else
		port->last = v->prev;
	v->next = v->prev = NULL;
	v->linked = false;
}

/* ipvlan_uninit(): out of the port, its dev_id free again; the port
 * goes with the last. */
static void ipvlan_leave_port(struct rtnl_link *l)
{
	struct ipvlan_port *port = ipv(l)->port;

	if (!port)
		return;
	port_unlink(port, l);
	if (l->dev_id)
		id_mark(port, l->dev_id, false);
	port->count--;
	ipv(l)->port = NULL;
	port_put(port);
}

static bool mode_noarp(uint16_t mode)
{
	return mode == IPVLAN_MODE_L3 || mode == IPVLAN_MODE_L3S;
}

/* ipvlan_set_port_mode(): every device on the port takes or drops
 * IFF_NOARP as dev_change_flags() does it (announced), undone on the
 * ones already changed if one refuses. */
static int port_set_mode(struct ipvlan_port *port, uint16_t mode,
			 struct unl_ext_ack *extack)
{
	struct rtnl_link *l, *done;
	int err = 0;

	if (port->mode == mode)
		return 0;
	for (l = port->first; l; l = ipv(l)->next) {
		unsigned int flags = l->flags & ~(unsigned int)IFF_NOARP;

		err = rtnl_link_change_flags(
			l, flags | (mode_noarp(mode) ? IFF_NOARP : 0), extack);
		if (err)
			break;
	}
	if (!err) {
		port->mode = mode;
		return 0;
	}
	for (done = port->first; done != l; done = ipv(done)->next) {
		unsigned int flags = done->flags & ~(unsigned int)IFF_NOARP;

		rtnl_link_change_flags(
			done, flags | (mode_noarp(port->mode) ? IFF_NOARP : 0),
			NULL);
	}
	return err;
}

/* netdev_upper_dev_link() / _unlink() as the lower device sees it. */
static void ipvlan_upper_change(struct rtnl_link *lower, struct rtnl_link *l,
				bool linking)
{
	struct rtnl_netdev_info info = { .dev = lower, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(lower->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* ---- creating and changing ---- */

/* ipvlan_link_setup(): Ethernet without a queue, filtering unicast;
 * the address is the lower device's, not a random one. */
static void ipvlan_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->addr_assign_type = NET_ADDR_PERM;
}

static const struct unl_nla_policy ipvlan_policy[IFLA_IPVLAN_MAX + 1] = {
	[IFLA_IPVLAN_MODE] = { .type = UNL_NLA_U16 },
	[IFLA_IPVLAN_FLAGS] = { .type = UNL_NLA_U16 },
};

/* ipvlan_nl_validate(): a known mode; private and vepa, not both.  No
 * messages, as the driver gives none. */
static int ipvlan_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	const uint16_t both = IPVLAN_F_PRIVATE | IPVLAN_F_VEPA;

	(void)rn;
	(void)tb;
	(void)extack;
	if (!data)
		return 0;
	if (data[IFLA_IPVLAN_MODE] &&
	    unl_nla_get_u16(data[IFLA_IPVLAN_MODE]) >= IPVLAN_MODE_MAX)
		return -EINVAL;
	if (data[IFLA_IPVLAN_FLAGS]) {
		uint16_t flags = unl_nla_get_u16(data[IFLA_IPVLAN_FLAGS]);

		if ((flags & ~both) || (flags & both) == both)
			return -EINVAL;
	}
	return 0;
}

/* ipvlan_link_new(): the lower device (beneath an ipvlan, the real
 * one), which must be Ethernet, not lo, and free of other drivers;
 * its MTU unless one was asked, its address; registered, given a
 * dev_id, linked above the lower device; then the port's flags and
 * mode, and the lower device's carrier. */
static int ipvlan_newlink(struct rtnl_link *l,
			  const struct rtnl_newlink_params *p,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *const *data = p->data;
	struct ipvlan_port *port;
	struct rtnl_link *lower;
	uint16_t mode = IPVLAN_MODE_L3;
	bool created = false;
	int err, id;

	if (!p->tb[IFLA_LINK])
		return -EINVAL;
	lower = rtnl_link_by_index(rtnl_newlink_link_net(p),
				   (int)unl_nla_get_u32(p->tb[IFLA_LINK]));
	if (!lower)
		return -ENODEV;
	if (lower->ops == &rtnl_ipvlan_ops) {
		lower = ipv(lower)->lower;
	} else if (!port_of(lower)) {
		if (lower->type != ARPHRD_ETHER ||
		    (lower->flags & IFF_LOOPBACK))
			return -EINVAL;
		if (rtnl_link_rx_handler_busy(lower))
			return -EBUSY;
	}
	if (!p->tb[IFLA_MTU])
		l->mtu = lower->mtu;
	memcpy(l->addr, lower->addr, ETH_ALEN);
	/* ipvlan_init(): the port if there is none yet, the carrier */
	port = port_of(lower);
	if (!port) {
		port = port_create(lower);
		if (!port)
			return -ENOMEM;
		created = true;
	}
	l->carrier = lower->carrier;
	l->carrier_managed = true;
	ipv(l)->lower = lower;
	ipv(l)->port = port;
	port->count++;
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err) {
		port->count--;
		ipv(l)->port = NULL;
		if (created)
			port_put(port);
		return err;
	}
	id = port_take_id(port);
	if (id < 0)
		return id; /* the caller unregisters it; uninit frees */
	l->dev_id = (uint16_t)id;
	ipvlan_upper_change(lower, l, true);
	ipv(l)->upper_linked = true;
	if (data && data[IFLA_IPVLAN_FLAGS])
		port->flags = unl_nla_get_u16(data[IFLA_IPVLAN_FLAGS]);
	if (data && data[IFLA_IPVLAN_MODE])
		mode = unl_nla_get_u16(data[IFLA_IPVLAN_MODE]);
	err = port_set_mode(port, mode, extack);
	if (err)
		return err; /* undone by dellink, as Linux unwinds */
	port_link(port, l);
	rtnl_link_carrier_set(l, lower->carrier);
	return 0;
}

/* ipvlan_nl_changelink(): the port's mode, then its flags (given, they
 * replace the old ones; bridge is no flag at all). */
static int ipvlan_changelink(struct rtnl_link *l,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack)
{
	struct ipvlan_port *port = ipv(l)->port;
	int err = 0;

	(void)tb;
	if (!data || !port)
		return 0;
	if (data[IFLA_IPVLAN_MODE])
		err = port_set_mode(
			port, unl_nla_get_u16(data[IFLA_IPVLAN_MODE]), extack);
	if (!err && data[IFLA_IPVLAN_FLAGS])
		port->flags = unl_nla_get_u16(data[IFLA_IPVLAN_FLAGS]);
	return err;
}

/* ipvlan_link_delete(): queued, unlinked from the lower device; it
 * leaves the port as it goes (ipvlan_uninit()). */
static void ipvlan_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	struct rtnl_link *lower = ipv(l)->lower;
	struct ipvlan_port *port = ipv(l)->port;

	if (port)
		port_unlink(port, l);
	rtnl_link_queue_kill(l, kill);
	if (lower && ipv(l)->upper_linked) {
		ipv(l)->upper_linked = false;
		ipvlan_upper_change(lower, l, false);
	}
}

static void ipvlan_destructor(struct rtnl_link *l)
{
	ipvlan_leave_port(l);
}

/* ipvlan_nl_fillinfo(): the port's mode and flags. */
static int ipvlan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ipvlan_port *port = ipv(l)->port;

	if (!port)
		return -EINVAL;
	if (unl_nla_put_u16(skb, IFLA_IPVLAN_MODE, port->mode) ||
	    unl_nla_put_u16(skb, IFLA_IPVLAN_FLAGS, port->flags))
		return -EMSGSIZE;
	return 0;
}

static int ipvlan_get_iflink(const struct rtnl_link *l)
{
	return ipv(l)->lower ? ipv(l)->lower->ifindex : 0;
}

static struct rtnl_net *ipvlan_get_link_net(const struct rtnl_link *l)
{
	return ipv(l)->lower ? ipv(l)->lower->rn : l->rn;
}

/* ---- the driver ---- */

/* ipvlan_open(): no ARP in the l3 modes.  The flag moves silently, as
 * the driver sets dev->flags itself. */
static int ipvlan_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	(void)extack;
	if (!ipv(l)->port)
		return -ENODEV;
	if (mode_noarp(ipv(l)->port->mode))
		l->flags |= IFF_NOARP;
	else
		l->flags &= ~(unsigned int)IFF_NOARP;
	return 0;
}

/* ipvlan_change_rx_flags(): all-multicast is handed down. */
static void ipvlan_change_rx_flags(struct rtnl_link *l, unsigned int changes)
{
	if (ipv(l)->lower && (changes & IFF_ALLMULTI))
		rtnl_link_set_allmulti(ipv(l)->lower,
				       l->flags & IFF_ALLMULTI ? 1 : -1);
}

/* ipvlan_addr4_validator_event(), ipvlan_addr6_validator_event(): an
 * address another ipvlan of the port has is refused. */
static int ipvlan_addr_validate(const struct rtnl_link *l, int family,
				const uint8_t *addr, struct unl_ext_ack *extack)
{
	const struct ipvlan_port *port = ipv(l)->port;
	size_t len = family == AF_INET ? 4 : 16;

	if (!port)
		return 0;
	for (const struct rtnl_link *o = port->first; o; o = ipv(o)->next)
		for (const struct rtnl_addr *a = o->addrs; a; a = a->dev_next) {
			if (a->family != family || memcmp(a->local, addr, len))
				continue;
			UNL_SET_ERR_MSG(extack,
					"Address already assigned to an ipvlan device");
			return -EADDRINUSE;
		}
	return 0;
}

/* ---- what happens to the lower device (ipvlan_device_event()) ---- */

static void lower_unregister(struct rtnl_link *lower)
{
	struct rtnl_link_list kill;
	struct ipvlan_port *port;

	rtnl_link_list_init(&kill);
	while ((port = port_of(lower)) && port->first)
		port->first->ops->dellink(port->first, &kill);
	rtnl_link_unregister_many(lower->rn, &kill);
}

static int ipvlan_device_event(struct rtnl_net *rn,
			       enum rtnl_netdev_event event,
			       const struct rtnl_netdev_info *info)
{
	struct rtnl_link *lower = info->dev, *l;
	struct ipvlan_port *port = port_of(lower);

	(void)rn;
	if (!port)
		return 0;
	switch (event) {
	case RTNL_NETDEV_UP:
	case RTNL_NETDEV_CHANGE:
		for (l = port->first; l; l = ipv(l)->next)
			rtnl_link_carrier_set(l, lower->carrier);
		break;
	case RTNL_NETDEV_CHANGEMTU:
		/* ipvlan_adjust_mtu(): set, not announced */
		for (l = port->first; l; l = ipv(l)->next)
			l->mtu = lower->mtu;
		break;
	case RTNL_NETDEV_CHANGEADDR:
		for (l = port->first; l; l = ipv(l)->next) {
			rtnl_link_dev_addr_set(l, lower->addr);
			rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
		}
		break;
	case RTNL_NETDEV_UNREGISTER:
		if (lower->unregistering)
			lower_unregister(lower);
		break;
	default:
		break;
	}
	return 0;
}

static struct rtnl_link *ipvlan_lower_dev(const struct rtnl_link *l)
{
	return ipv(l)->lower;
}

static const struct rtnl_ethtool ipvlan_ethtool = {
	.driver = "ipvlan",
	.version = "0.1",
	.get_link = true,
	.ksettings = rtnl_link_lower_ksettings,
	.msglevel = true,
};

/* No ndo_set_mac_address and no ndo_change_mtu: the address is the
 * lower device's, the MTU anything within Ethernet's limits. */
const struct rtnl_link_ops rtnl_ipvlan_ops = {
	.kind = "ipvlan",
	.priv_size = sizeof(struct ipvlan_priv),
	.setup = ipvlan_setup,
	.maxtype = IFLA_IPVLAN_MAX,
	.policy = ipvlan_policy,
	.validate = ipvlan_validate,
	.newlink = ipvlan_newlink,
	.changelink = ipvlan_changelink,
	.dellink = ipvlan_dellink,
	.fill_info = ipvlan_fill_info,
	.get_iflink = ipvlan_get_iflink,
	.get_link_net = ipvlan_get_link_net,
	.open = ipvlan_open,
	.change_rx_flags = ipvlan_change_rx_flags,
	.speed = rtnl_link_lower_speed,
	.unicast_flt = true,
	.no_rx_handler = true,
	.destructor = ipvlan_destructor,
	.netdev_event = ipvlan_device_event,
	.ethtool = &ipvlan_ethtool,
	.lower_dev = ipvlan_lower_dev,
	.mc_sync = true,
	.addr_validate = ipvlan_addr_validate,
};
