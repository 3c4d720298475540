// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bridge (net/bridge): a device with ports.  A bridge whose MAC was
 * not given takes the lowest of its ports'; once it has had a port it
 * has carrier while one of them is up (no STP: a port forwards as soon
 * as it is up).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>

#include "proto/route/link/kinds.h"

struct br_priv {
	bool had_ports;
};

/* What the bridge keeps about a port (struct net_bridge_port), on the
 * port's l->port. */
struct br_port {
	uint16_t port_no; /* from 1 */
};

static struct br_priv *br_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

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

/* br_dev_setup() */
static void br_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->tso_max_size = 65536;
}

/* br_fill_info(): bridge_id and root_id carry the priority, then the
 * bridge's MAC once it has had ports. */
static int br_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	uint8_t *p = unl_skb_put(skb, sizeof(bridge_info_data));

	if (!p)
		return -EMSGSIZE;
	memcpy(p, bridge_info_data, sizeof(bridge_info_data));
	for (size_t off = 0; off + 4 <= sizeof(bridge_info_data);
	     off += NLA_ALIGN(p[off] | p[off + 1] << 8)) {
		int t = p[off + 2] | p[off + 3] << 8;

		if ((t == IFLA_BR_BRIDGE_ID || t == IFLA_BR_ROOT_ID) &&
		    br_priv(l)->had_ports)
			memcpy(p + off + 6, l->addr, ETH_ALEN);
	}
	return 0;
}

/* br_port_fill_attrs(): a port of bridge m, in IFLA_INFO_SLAVE_DATA and
 * in IFLA_PROTINFO of an AF_BRIDGE link dump. */
static int br_port_fill_attrs(struct unl_skb *skb,
			      const struct rtnl_link *m,
			      const struct rtnl_link *l)
{
	const struct br_port *p = l->port;

	for (size_t i = 0; i < sizeof(brport_attrs) / sizeof(brport_attrs[0]);
	     i++) {
		uint8_t v[8];
		uint16_t id = (uint16_t)(0x8000 | p->port_no);

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
			memcpy(v, &p->port_no, 2);
			break;
		}
		if (unl_nla_put(skb, brport_attrs[i].type, brport_attrs[i].len,
				v))
			return -EMSGSIZE;
	}
	return 0;
}

/* br_stp_recalculate_bridge_id(): a bridge whose MAC was not given
 * takes the lowest of its ports', or none when it has none left. */
static void br_recalc_addr(struct rtnl_link *br)
{
	uint8_t best[ETH_ALEN];
	bool any = false;

	if (br->addr_assign_type == NET_ADDR_SET)
		return;
	for (struct rtnl_link *o = br->rn->links; o; o = o->next)
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

/* find_portno(): the lowest free port number. */
static uint16_t br_find_portno(const struct rtnl_link *br)
{
	for (uint16_t no = 1;; no++) {
		const struct rtnl_link *o;

		for (o = br->rn->links; o; o = o->next)
			if (o->master == br->ifindex && o->port &&
			    ((const struct br_port *)o->port)->port_no == no)
				break;
		if (!o)
			return no;
	}
}

/* br_add_if(): do_set_master() and br_add_if() say nothing but the
 * errno for loopback; a bridge made its own master fails as any bridge
 * under a bridge. */
static int br_add_slave(struct rtnl_link *br, struct rtnl_link *l,
			struct unl_ext_ack *extack)
{
	struct br_port *p;

	if (l->flags & IFF_LOOPBACK)
		return -EINVAL;
	if (l->ops == &rtnl_bridge_ops) {
		UNL_SET_ERR_MSG(extack, "Can not enslave a bridge to a bridge");
		return -ELOOP;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->port_no = br_find_portno(br);
	l->master = br->ifindex;
	l->port = p;
	l->promiscuity++;
	l->allmulti++;
	br_priv(br)->had_ports = true;
	br->tso_max_size = 524280;
	br_recalc_addr(br);
	return 0;
}

/* br_del_if() */
static void br_del_slave(struct rtnl_link *br, struct rtnl_link *l)
{
	l->master = 0;
	free(l->port);
	l->port = NULL;
	if (l->promiscuity)
		l->promiscuity--;
	if (l->allmulti)
		l->allmulti--;
	br_recalc_addr(br);
}

/* Once it has had ports, carrier while one of them is up. */
static int br_carrier(const struct rtnl_link *l)
{
	if (!br_priv(l)->had_ports)
		return -1;
	if (!rtnl_link_running(l))
		return 0;
	for (const struct rtnl_link *o = l->rn->links; o; o = o->next)
		if (o->master == l->ifindex && rtnl_link_up(o))
			return 1;
	return 0;
}

const struct rtnl_link_ops rtnl_bridge_ops = {
	.kind = "bridge",
	.priv_size = sizeof(struct br_priv),
	.setup = br_setup,
	.changelink = rtnl_link_changelink_ignored,
	.dellink = rtnl_link_queue_kill,
	.fill_info = br_fill_info,
	.fill_slave_info = br_port_fill_attrs,
	.add_slave = br_add_slave,
	.del_slave = br_del_slave,
	.carrier = br_carrier,
	.set_mac_address = rtnl_link_eth_mac_addr,
};
