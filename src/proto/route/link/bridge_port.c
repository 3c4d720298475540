// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Bridge ports (net/bridge/br_if.c, br_stp.c, br_stp_if.c, the port part
 * of br_netlink.c and br.c's netdevice notifier): joining and leaving a
 * bridge with the events Linux sends, the port options (IFLA_BRPORT_*)
 * set through IFLA_INFO_SLAVE_DATA or an AF_BRIDGE RTM_SETLINK, the
 * spanning tree's port states, and the AF_BRIDGE link messages.
 *
 * No BPDU is ever sent or heard, so the bridge is the root and every
 * port its designated port; with the kernel's STP a port listens, then
 * learns, a forward delay each, on the port's timer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <sys/socket.h>

#include "proto/route/link/bridge.h"

#define BR_PORT_BITS 10
#define BR_MAX_PORTS (1 << BR_PORT_BITS)
#define BR_MAX_PORT_PRIORITY ((uint16_t)~0 >> BR_PORT_BITS)
#define BR_GROUPFWD_MACPAUSE (1u << 1)
#define BR_MCAST_DEFAULT_EHT_HOSTS_LIMIT 512
#define BR_TSO_MAX_SIZE 524280 /* TSO_MAX_SIZE */

/* br_port_policy */
const struct unl_nla_policy br_port_policy[BR_IFLA_BRPORT_MAX + 1] = {
	[IFLA_BRPORT_UNSPEC] = { .strict_start_type =
					 BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT + 1 },
	[IFLA_BRPORT_STATE] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_COST] = { .type = UNL_NLA_U32 },
	[IFLA_BRPORT_PRIORITY] = { .type = UNL_NLA_U16 },
	[IFLA_BRPORT_MODE] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_GUARD] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_PROTECT] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_FAST_LEAVE] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_LEARNING] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_UNICAST_FLOOD] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_PROXYARP] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_PROXYARP_WIFI] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_MULTICAST_ROUTER] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_MCAST_TO_UCAST] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_MCAST_FLOOD] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_BCAST_FLOOD] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_VLAN_TUNNEL] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_GROUP_FWD_MASK] = { .type = UNL_NLA_U16 },
	[IFLA_BRPORT_NEIGH_SUPPRESS] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_ISOLATED] = { .type = UNL_NLA_U8 },
	[BR_IFLA_BRPORT_LOCKED] = { .type = UNL_NLA_U8 },
	[BR_IFLA_BRPORT_MAB] = { .type = UNL_NLA_U8 },
	[IFLA_BRPORT_BACKUP_PORT] = { .type = UNL_NLA_U32 },
	[BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT] = { .type = UNL_NLA_U32 },
	[BR_IFLA_BRPORT_MCAST_N_GROUPS] = { .type = UNL_NLA_REJECT },
	[BR_IFLA_BRPORT_MCAST_MAX_GROUPS] = { .type = UNL_NLA_U32 },
	[BR_IFLA_BRPORT_NEIGH_VLAN_SUPPRESS] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[BR_IFLA_BRPORT_BACKUP_NHID] = { .type = UNL_NLA_U32 },
};

/* ---- the spanning tree: the bridge is the root, every port designated
 * (br_stp.c, br_stp_if.c) ---- */

static bool br_id_eq(const struct br_id *a, const struct br_id *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static uint16_t br_make_port_id(uint16_t prio, uint16_t port_no)
{
	return (uint16_t)((prio << BR_PORT_BITS) | (port_no & (BR_MAX_PORTS - 1)));
}

static bool br_is_designated_port(const struct br_port *p)
{
	return br_id_eq(&p->designated_bridge, &br_priv(p->br)->bridge_id) &&
	       p->designated_port == p->port_id;
}

static void br_become_designated_port(struct br_port *p)
{
	struct br_priv *br = br_priv(p->br);

	p->designated_root = br->designated_root;
	p->designated_cost = br->root_path_cost;
	p->designated_bridge = br->bridge_id;
	p->designated_port = p->port_id;
}

/* br_should_become_designated_port() */
static bool br_should_become_designated(const struct br_port *p)
{
	const struct br_priv *br = br_priv(p->br);
	int t;

	if (br_is_designated_port(p) ||
	    !br_id_eq(&p->designated_root, &br->designated_root) ||
	    br->root_path_cost < p->designated_cost)
		return true;
	if (br->root_path_cost > p->designated_cost)
		return false;
	t = memcmp(&br->bridge_id, &p->designated_bridge, sizeof(br->bridge_id));
	if (t)
		return t < 0;
	return p->port_id < p->designated_port;
}

/* br_configuration_update(): no better root is ever heard, so the
 * bridge is the root and designates its enabled ports. */
static void br_configuration_update(struct br_priv *br)
{
	br->root_port = 0;
	br->designated_root = br->bridge_id;
	br->root_path_cost = 0;
	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->state != BR_STATE_DISABLED &&
		    br_should_become_designated(p))
			br_become_designated_port(p);
}

/* br_init_port() */
static void br_set_state(struct br_port *p, uint8_t state);

static void br_init_port(struct br_port *p)
{
	p->port_id = br_make_port_id(p->priority, p->port_no);
	br_become_designated_port(p);
	br_set_state(p, BR_STATE_BLOCKING);
	p->topology_change_ack = 0;
	p->config_pending = 0;
}

/* br_set_state(): with MST on, the port's VLANs of the common tree
 * follow. */
static void br_set_state(struct br_port *p, uint8_t state)
{
	p->state = state;
	/* the STP counters count the kernel's STP's transitions only */
	if (br_priv(p->br)->stp_enabled == BR_KERNEL_STP) {
		if (state == BR_STATE_FORWARDING)
			p->stp_xstats.transition_fwd++;
		else if (state == BR_STATE_BLOCKING)
			p->stp_xstats.transition_blk++;
	}
	if (br_opt(br_priv(p->br), BROPT_MST_ENABLED))
		br_mst_set_state(p, 0, state);
}

/* __br_set_topology_change(): during a topology change the kernel's STP
 * ages entries out after twice the forward delay. */
static void br_set_topology_change(struct br_priv *br, uint8_t val)
{
	if (br->stp_enabled == BR_KERNEL_STP && br->topology_change != val)
		br->ageing_time = val ? 2 * br->forward_delay
				      : br->bridge_ageing_time;
	br->topology_change = val;
}

/* br_topology_change_detection(): the root (always this bridge, no
 * BPDU being heard) propagates it for a forward delay and a max age. */
static void br_topology_change_detection(struct br_priv *br)
{
	if (br->stp_enabled != BR_KERNEL_STP)
		return;
	br_set_topology_change(br, 1);
	br_timer_arm(br->dev, br->tc_timer, br->forward_delay + br->max_age,
		     false);
	br->topology_change_detected = 1;
}

/* br_make_forwarding(): a blocking port forwards at once without STP,
 * listens with the kernel's; the forward delay timer runs either way. */
static void br_make_forwarding(struct br_port *p)
{
	struct br_priv *br = br_priv(p->br);

	if (p->state != BR_STATE_BLOCKING)
		return;
	if (br->stp_enabled == BR_NO_STP || !br->forward_delay) {
		br_set_state(p, BR_STATE_FORWARDING);
		br_topology_change_detection(br);
		unl_timer_del(p->forward_delay_timer);
	} else {
		br_set_state(p, BR_STATE_LISTENING);
	}
	br_ifinfo_notify(RTM_NEWLINK, NULL, p);
	if (br->forward_delay)
		br_timer_arm(br->dev, p->forward_delay_timer, br->forward_delay,
			     false);
}

/* br_forward_delay_timer_expired(): listening, then learning, then
 * forwarding, when the bridge gets its carrier. */
static void br_forward_delay_expired(struct unl_timer *t, void *data)
{
	struct br_port *p = data;
	struct br_priv *br = br_priv(p->br);

	(void)t;
	if (p->state == BR_STATE_LISTENING) {
		br_set_state(p, BR_STATE_LEARNING);
		br_timer_arm(br->dev, p->forward_delay_timer, br->forward_delay,
			     false);
	} else if (p->state == BR_STATE_LEARNING) {
		br_set_state(p, BR_STATE_FORWARDING);
		/* the root designates every enabled port */
		br_topology_change_detection(br);
		rtnl_link_carrier_set(br->dev, true);
	}
	br_ifinfo_notify(RTM_NEWLINK, NULL, p);
	rtnl_deferred_run(br->dev->rn);
}

/* br_hello_timer_expired(): a configuration BPDU would go out on the
 * designated ports; the next hello while the kernel's STP runs. */
static void br_hello_expired(struct unl_timer *t, void *data)
{
	struct br_priv *br = data;

	if ((br->dev->flags & IFF_UP) && br->stp_enabled == BR_KERNEL_STP)
		br_timer_arm(br->dev, t, br->hello_time, true);
}

/* br_topology_change_timer_expired() */
static void br_tc_expired(struct unl_timer *t, void *data)
{
	struct br_priv *br = data;

	(void)t;
	br->topology_change_detected = 0;
	br_set_topology_change(br, 0);
}

/* br_fdb_cleanup(): the dynamic entries that aged out go; it comes back
 * when the next would, an ageing time later at most. */
static void br_gc_expired(struct unl_timer *t, void *data)
{
	struct br_priv *br = data;

	br_mdb_expire(br);
	br_timer_arm(br->dev, t, br_fdb_cleanup(br), false);
}

int br_timers_init(struct br_priv *br)
{
	struct unl_net *net = br->dev->rn->net;

	if (unl_timer_new(net, br_hello_expired, br, &br->hello_timer) ||
	    unl_timer_new(net, br_tc_expired, br, &br->tc_timer) ||
	    unl_timer_new(net, br_gc_expired, br, &br->gc_timer))
		return -ENOMEM;
	return 0;
}

/* br_set_ageing_time(): the FDB's garbage collector runs at once. */
void br_set_ageing_time(struct br_priv *br, uint64_t clock)
{
	uint64_t t = br_clock_to_jiffies(br->dev, clock);

	br->bridge_ageing_time = br->ageing_time = t;
	br_timer_arm(br->dev, br->gc_timer, 0, false);
}

/* br_port_state_selection(): every enabled port is designated, so it
 * goes forwarding; the bridge has carrier while a port forwards. */
void br_port_state_selection(struct br_priv *br)
{
	unsigned int live = 0;

	for (struct br_port *p = br->ports; p; p = p->next) {
		if (p->state == BR_STATE_DISABLED)
			continue;
		p->config_pending = 0;
		p->topology_change_ack = 0;
		br_make_forwarding(p);
		if (p->state == BR_STATE_FORWARDING)
			live++;
	}
	rtnl_link_carrier_set(br->dev, live != 0);
}

/* br_stp_enable_port() */
static void br_stp_enable_port(struct br_port *p)
{
	br_init_port(p);
	br_port_state_selection(br_priv(p->br));
	br_ifinfo_notify(RTM_NEWLINK, NULL, p);
	br_mdb_port_router_enable(p);
}

/* br_stp_disable_port() */
static void br_stp_disable_port(struct br_port *p)
{
	struct br_priv *br = br_priv(p->br);

	br_become_designated_port(p);
	br_set_state(p, BR_STATE_DISABLED);
	p->topology_change_ack = 0;
	p->config_pending = 0;
	br_ifinfo_notify(RTM_NEWLINK, NULL, p);
	unl_timer_del(p->forward_delay_timer);
	if (!p->backup_port)
		br_fdb_delete_by_port(br, p, 0, false);
	br_mdb_del_port(p, false);
	br_mdb_port_router_disable(p);
	br_configuration_update(br);
	br_port_state_selection(br);
}

/* br_stp_enable_bridge(): hellos with the kernel's STP, the FDB's
 * garbage collector, the ports that can forward. */
void br_stp_enable_bridge(struct br_priv *br)
{
	if (br->stp_enabled == BR_KERNEL_STP)
		br_timer_arm(br->dev, br->hello_timer, br->hello_time, false);
	br_timer_arm(br->dev, br->gc_timer, (br->dev->rn->hz + 9) / 10, false);
	for (struct br_port *p = br->ports; p; p = p->next)
		if (rtnl_link_running(p->dev) && rtnl_link_oper_up(p->dev))
			br_stp_enable_port(p);
}

/* br_stp_disable_bridge(): the ports, then the bridge's timers stop. */
void br_stp_disable_bridge(struct br_priv *br)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->state != BR_STATE_DISABLED)
			br_stp_disable_port(p);
	br_set_topology_change(br, 0);
	br->topology_change_detected = 0;
	unl_timer_del(br->hello_timer);
	unl_timer_del(br->tc_timer);
	unl_timer_del(br->gc_timer);
}

/* br_stp_change_bridge_id(): the bridge's address and the ports that
 * named the old one. */
void br_stp_change_bridge_id(struct br_priv *br, const uint8_t *addr)
{
	uint8_t old[ETH_ALEN];

	br_fdb_change_mac_address(br, addr);
	memcpy(old, br->bridge_id.addr, ETH_ALEN);
	memcpy(br->bridge_id.addr, addr, ETH_ALEN);
	rtnl_link_dev_addr_set(br->dev, addr);
	for (struct br_port *p = br->ports; p; p = p->next) {
		if (!memcmp(p->designated_bridge.addr, old, ETH_ALEN))
			memcpy(p->designated_bridge.addr, addr, ETH_ALEN);
		if (!memcmp(p->designated_root.addr, old, ETH_ALEN))
			memcpy(p->designated_root.addr, addr, ETH_ALEN);
	}
	br_configuration_update(br);
	br_port_state_selection(br);
}

/* br_stp_recalculate_bridge_id(): a bridge whose address was not set
 * takes its ports' lowest, or none when it has no port. */
bool br_stp_recalculate_bridge_id(struct br_priv *br)
{
	static const uint8_t zero[ETH_ALEN];
	const uint8_t *addr = zero;

	if (br->dev->addr_assign_type == NET_ADDR_SET)
		return false;
	for (struct br_port *p = br->ports; p; p = p->next)
		if (addr == zero || memcmp(p->dev->addr, addr, ETH_ALEN) < 0)
			addr = p->dev->addr;
	if (!memcmp(br->bridge_id.addr, addr, ETH_ALEN))
		return false;
	br_stp_change_bridge_id(br, addr);
	return true;
}

/* br_stp_set_bridge_priority(): enabled ports that the bridge designates
 * take the new priority at once, the others when next enabled. */
void br_stp_set_bridge_priority(struct br_priv *br, uint16_t prio)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->state != BR_STATE_DISABLED && br_is_designated_port(p)) {
			p->designated_bridge.prio[0] = (uint8_t)(prio >> 8);
			p->designated_bridge.prio[1] = (uint8_t)prio;
		}
	br->bridge_id.prio[0] = (uint8_t)(prio >> 8);
	br->bridge_id.prio[1] = (uint8_t)prio;
	br_configuration_update(br);
	br_port_state_selection(br);
}

/* br_stp_set_enabled(): a namespace other than the initial one has no
 * userspace STP helper, so STP on is the kernel's (BR_KERNEL_STP), with
 * a forward delay within its limits and hellos while the bridge is up. */
int br_stp_set_enabled(struct br_priv *br, unsigned long val)
{
	uint64_t hz = br->dev->rn->hz;

	if (!val) {
		/* br_stp_stop(): the timers run out by themselves */
		br->stp_enabled = BR_NO_STP;
		return 0;
	}
	if (br->stp_enabled != BR_NO_STP)
		return 0;
	/* br_stp_start() */
	if (br->forward_delay < 2 * hz)
		br->forward_delay = 2 * hz;
	else if (br->forward_delay > 30 * hz)
		br->forward_delay = 30 * hz;
	br->stp_enabled = BR_KERNEL_STP;
	if (br->dev->flags & IFF_UP)
		br_timer_arm(br->dev, br->hello_timer, br->hello_time, false);
	br_port_state_selection(br);
	return 0;
}

/* br_set_port_state(): what userspace STP may do, with the kernel's STP
 * off, to a port that is up. */
static int br_set_port_state(struct br_port *p, uint8_t state)
{
	if (state > BR_STATE_BLOCKING)
		return -EINVAL;
	if (br_priv(p->br)->stp_enabled == BR_KERNEL_STP)
		return -EBUSY;
	if (!rtnl_link_running(p->dev) ||
	    (!rtnl_link_oper_up(p->dev) && state != BR_STATE_DISABLED))
		return -ENETDOWN;
	br_set_state(p, state);
	br_port_state_selection(br_priv(p->br));
	return 0;
}

/* br_stp_set_path_cost() */
static int br_set_path_cost(struct br_port *p, uint32_t cost)
{
	if (cost < 1 || cost > 65535)
		return -ERANGE;
	p->flags |= BRP_ADMIN_COST;
	p->path_cost = cost;
	br_configuration_update(br_priv(p->br));
	br_port_state_selection(br_priv(p->br));
	return 0;
}

/* br_stp_set_port_priority() */
static int br_set_port_priority(struct br_port *p, uint16_t prio)
{
	uint16_t id;

	if (prio > BR_MAX_PORT_PRIORITY)
		return -ERANGE;
	id = br_make_port_id(prio, p->port_no);
	if (br_is_designated_port(p))
		p->designated_port = id;
	p->port_id = id;
	p->priority = prio;
	if (br_id_eq(&br_priv(p->br)->bridge_id, &p->designated_bridge) &&
	    p->port_id < p->designated_port) {
		br_become_designated_port(p);
		br_port_state_selection(br_priv(p->br));
	}
	return 0;
}

/* ---- promiscuity, MTU, offloads ---- */

static void br_port_set_promisc(struct br_port *p, bool on)
{
	struct br_priv *br = br_priv(p->br);

	if (!(p->flags & BRP_PROMISC) == !on)
		return;
	/* the static entries' addresses leave the port's unicast list
	 * once it is promiscuous, and are put there before it is not */
	if (on) {
		rtnl_link_set_promiscuity(p->dev, 1);
		br_fdb_unsync_static(br, p);
	} else {
		br_fdb_sync_static(br, p);
		rtnl_link_set_promiscuity(p->dev, -1);
	}
	p->flags ^= BRP_PROMISC;
}

/* br_manage_promisc(): ports are promiscuous, but with VLAN filtering
 * on a port that filters unicast addresses itself is not, when at most
 * one port (this one) learns and floods. */
void br_manage_promisc(struct br_priv *br)
{
	bool all = br->dev->promiscuity || !br_opt(br, BROPT_VLAN_ENABLED);

	for (struct br_port *p = br->ports; p; p = p->next) {
		bool autop = p->flags & BRP_AUTO_MASK;

		br_port_set_promisc(p, all || !p->dev->ops->unicast_flt ||
					       !(br->auto_cnt == 0 ||
						 (br->auto_cnt == 1 && autop)));
	}
}

/* nbp_update_port_count() */
static void br_update_port_count(struct br_priv *br)
{
	unsigned int cnt = 0;

	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->flags & BRP_AUTO_MASK)
			cnt++;
	if (br->auto_cnt != cnt) {
		br->auto_cnt = cnt;
		br_manage_promisc(br);
	}
}

/* br_mtu_auto_adjust(): the smallest of the ports' MTUs, 1500 without
 * ports, unless the user chose the bridge's. */
void br_mtu_auto_adjust(struct br_priv *br)
{
	uint32_t mtu = 0;

	if (br_opt(br, BROPT_MTU_SET_BY_USER))
		return;
	for (struct br_port *p = br->ports; p; p = p->next)
		if (!mtu || p->dev->mtu < mtu)
			mtu = p->dev->mtu;
	rtnl_link_dev_set_mtu(br->dev, mtu ? mtu : ETH_DATA_LEN);
	br_opt_toggle(br, BROPT_MTU_SET_BY_USER, false);
}

/* br_set_gso_limits() */
static void br_set_gso_limits(struct br_priv *br)
{
	uint32_t tso = BR_TSO_MAX_SIZE;

	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->dev->tso_max_size < tso)
			tso = p->dev->tso_max_size;
	br->dev->tso_max_size = tso;
}

/* netdev_update_features(): what the bridge offloads is what its ports
 * all do, so it changes with the first port and the last. */
static void br_update_features(struct br_priv *br)
{
	if (br->had_port == (br->ports != NULL))
		return;
	br->had_port = br->ports != NULL;
	rtnl_netdev_event(br->dev, RTNL_NETDEV_FEAT_CHANGE);
}

/* port_cost(): 802.1D's cost of the link speed, 100 when unknown. */
static uint32_t br_port_cost(const struct rtnl_link *dev)
{
	uint32_t speed = dev->ops->speed ? dev->ops->speed(dev) : 0;

	if (speed == 10000)
		return 2;
	if (speed == 5000)
		return 3;
	if (speed == 2500 || speed == 1000)
		return 4;
	if (speed == 100)
		return 19;
	if (speed > 10000)
		return 1;
	return 100;
}

/* ---- joining and leaving ---- */

/* find_portno(): the lowest number no port has, from a map of the
 * numbers taken (one walk of the ports, not one per number). */
static int br_find_portno(const struct br_priv *br)
{
	uint8_t used[BR_MAX_PORTS / 8] = { 0 };

	for (const struct br_port *p = br->ports; p; p = p->next)
		used[p->port_no / 8] |= (uint8_t)(1u << (p->port_no % 8));
	for (int no = 1; no < BR_MAX_PORTS; no++)
		if (!(used[no / 8] & (1u << (no % 8))))
			return no;
	return -EXFULL;
}

/* new_nbp(): a disabled port with the defaults. */
static struct br_port *br_new_port(struct br_priv *br, struct rtnl_link *dev,
				   int *err)
{
	struct br_port *p;
	int no = br_find_portno(br);

	if (no < 0) {
		*err = no;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p && unl_timer_new(br->dev->rn->net, br_forward_delay_expired, p,
			       &p->forward_delay_timer)) {
		free(p);
		p = NULL;
	}
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->br = br->dev;
	p->dev = dev;
	p->port_no = (uint16_t)no;
	p->priority = 0x20;
	p->path_cost = br_port_cost(dev);
	p->flags = BRP_LEARNING | BRP_FLOOD | BRP_MCAST_FLOOD | BRP_BCAST_FLOOD;
	p->mcast_router = MDB_RTR_TYPE_TEMP_QUERY;
	p->mcast_eht_hosts_limit = BR_MCAST_DEFAULT_EHT_HOSTS_LIMIT;
	br_init_port(p);
	br_set_state(p, BR_STATE_DISABLED);
	return p;
}

/* br_add_if(): the device's checks, then the port joins: NETDEV_JOIN,
 * all-multicast, the master link (NETDEV_CHANGEUPPER), promiscuity,
 * offloads, the default VLAN, the bridge id, the port enabled when it
 * can forward, its AF_BRIDGE announcement, the bridge's new address,
 * MTU and offload limits. */
int br_add_if(struct rtnl_link *brdev, struct rtnl_link *dev,
	      struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(brdev);
	struct br_port *p;
	bool changed_addr;
	int err;

	if ((dev->flags & IFF_LOOPBACK) || dev->type != ARPHRD_ETHER ||
	    dev->addr_len != ETH_ALEN)
		return -EINVAL;
	if (dev->ops == &rtnl_bridge_ops) {
		UNL_SET_ERR_MSG(extack, "Can not enslave a bridge to a bridge");
		return -ELOOP;
	}
	if (dev->master || rtnl_link_rx_handler_busy(dev))
		return -EBUSY;
	p = br_new_port(br, dev, &err);
	if (!p)
		return err;
	rtnl_link_set_allmulti(dev, 1);
	dev->master = brdev->ifindex;
	dev->port = p;
	{
		struct rtnl_netdev_info info = { .dev = dev, .upper = brdev,
						 .linking = true };

		rtnl_netdev_notify(dev->rn, RTNL_NETDEV_CHANGEUPPER, &info);
	}
	p->next = br->ports;
	br->ports = p;
	br_update_port_count(br);
	/* a new port that stays out of promiscuous mode gets the static
	 * entries' addresses */
	if (!(p->flags & BRP_PROMISC) && dev->ops->unicast_flt)
		br_fdb_sync_static(br, p);
	br_update_features(br);
	br_fdb_add_local(br, p, dev->addr, 0);
	err = nbp_vlan_init(p, extack);
	if (err) {
		br_del_if(brdev, dev);
		return err;
	}
	changed_addr = br_stp_recalculate_bridge_id(br);
	if (rtnl_link_running(dev) && rtnl_link_oper_up(dev) &&
	    rtnl_link_running(brdev))
		br_stp_enable_port(p);
	br_ifinfo_notify(RTM_NEWLINK, NULL, p);
	if (changed_addr)
		rtnl_netdev_event(brdev, RTNL_NETDEV_CHANGEADDR);
	br_mtu_auto_adjust(br);
	br_set_gso_limits(br);
	return 0;
}

/* del_nbp(): promiscuity goes, the port is disabled and announced gone
 * (AF_BRIDGE RTM_DELLINK), its VLANs go, the master link goes
 * (NETDEV_CHANGEUPPER). */
static void br_del_port(struct br_priv *br, struct br_port *p)
{
	struct rtnl_link *dev = p->dev;

	rtnl_link_set_allmulti(dev, -1);
	if (p->flags & BRP_PROMISC)
		rtnl_link_set_promiscuity(dev, -1);
	else
		br_fdb_unsync_static(br, p);
	br_stp_disable_port(p);
	br_ifinfo_notify(RTM_DELLINK, NULL, p);
	for (struct br_port **pp = &br->ports; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	nbp_vlan_flush(p);
	br_fdb_delete_by_port(br, p, 0, true);
	br_mdb_del_port(p, true);
	for (struct br_port *o = br->ports; o; o = o->next)
		if (o->backup_port == dev->ifindex)
			o->backup_port = 0;
	br_update_port_count(br);
	dev->master = 0;
	dev->port = NULL;
	{
		struct rtnl_netdev_info info = { .dev = dev, .upper = br->dev };

		rtnl_netdev_notify(dev->rn, RTNL_NETDEV_CHANGEUPPER, &info);
	}
	unl_timer_free(p->forward_delay_timer);
	free(p);
}

/* br_del_if(): then the bridge's MTU, offload limits and address follow
 * the ports left. */
void br_del_if(struct rtnl_link *brdev, struct rtnl_link *dev)
{
	struct br_priv *br = br_priv(brdev);
	struct br_port *p = br_port_of(dev);

	if (!p)
		return;
	br_del_port(br, p);
	br_mtu_auto_adjust(br);
	br_set_gso_limits(br);
	if (br_stp_recalculate_bridge_id(br))
		rtnl_netdev_event(brdev, RTNL_NETDEV_CHANGEADDR);
	br_update_features(br);
}

void br_del_all_ports(struct rtnl_link *brdev)
{
	struct br_priv *br = br_priv(brdev);

	while (br->ports)
		br_del_port(br, br->ports);
}

/* ---- port options ---- */

static const struct {
	int attr;
	uint32_t flag;
} br_port_flag_attrs[] = {
	{ IFLA_BRPORT_MODE, BRP_HAIRPIN_MODE },
	{ IFLA_BRPORT_GUARD, BRP_BPDU_GUARD },
	{ IFLA_BRPORT_FAST_LEAVE, BRP_MULTICAST_FAST_LEAVE },
	{ IFLA_BRPORT_PROTECT, BRP_ROOT_BLOCK },
	{ IFLA_BRPORT_LEARNING, BRP_LEARNING },
	{ IFLA_BRPORT_UNICAST_FLOOD, BRP_FLOOD },
	{ IFLA_BRPORT_MCAST_FLOOD, BRP_MCAST_FLOOD },
	{ IFLA_BRPORT_MCAST_TO_UCAST, BRP_MULTICAST_TO_UNICAST },
	{ IFLA_BRPORT_BCAST_FLOOD, BRP_BCAST_FLOOD },
	{ IFLA_BRPORT_PROXYARP, BRP_PROXYARP },
	{ IFLA_BRPORT_PROXYARP_WIFI, BRP_PROXYARP_WIFI },
	{ IFLA_BRPORT_VLAN_TUNNEL, BRP_VLAN_TUNNEL },
	{ IFLA_BRPORT_NEIGH_SUPPRESS, BRP_NEIGH_SUPPRESS },
	{ IFLA_BRPORT_ISOLATED, BRP_ISOLATED },
	{ BR_IFLA_BRPORT_LOCKED, BRP_PORT_LOCKED },
	{ BR_IFLA_BRPORT_MAB, BRP_PORT_MAB },
	{ BR_IFLA_BRPORT_NEIGH_VLAN_SUPPRESS, BRP_NEIGH_VLAN_SUPPRESS },
};

/* The flags of br_setport(), checked together: MAB needs a locked port
 * that learns. */
static int br_set_port_flags(struct br_port *p, const struct nlattr *const *tb,
			     struct unl_ext_ack *extack)
{
	uint32_t old = p->flags;

	for (size_t i = 0;
	     i < sizeof(br_port_flag_attrs) / sizeof(br_port_flag_attrs[0]); i++) {
		const struct nlattr *a = tb[br_port_flag_attrs[i].attr];

		if (!a)
			continue;
		if (unl_nla_get_u8(a))
			p->flags |= br_port_flag_attrs[i].flag;
		else
			p->flags &= ~br_port_flag_attrs[i].flag;
	}
	if ((p->flags & BRP_PORT_MAB) &&
	    (!(p->flags & BRP_PORT_LOCKED) || !(p->flags & BRP_LEARNING))) {
		UNL_SET_ERR_MSG(extack, "Bridge port must be locked and have learning enabled when MAB is enabled");
		p->flags = old;
		return -EINVAL;
	}
	if ((old ^ p->flags) & BRP_AUTO_MASK)
		br_update_port_count(br_priv(p->br));
	return 0;
}

/* The multicast options of a port (CONFIG_BRIDGE_IGMP_SNOOPING). */
static int br_set_port_mcast(struct br_port *p, const struct nlattr *const *tb)
{
	if (tb[IFLA_BRPORT_MULTICAST_ROUTER]) {
		uint8_t r = unl_nla_get_u8(tb[IFLA_BRPORT_MULTICAST_ROUTER]);

		int err = br_mdb_set_port_router(p, r);

		if (err)
			return err;
	}
	if (tb[BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT]) {
		uint32_t lim =
			unl_nla_get_u32(tb[BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT]);

		if (!lim)
			return -EINVAL;
		p->mcast_eht_hosts_limit = lim;
	}
	if (tb[BR_IFLA_BRPORT_MCAST_MAX_GROUPS])
		p->mcast_max_groups =
			unl_nla_get_u32(tb[BR_IFLA_BRPORT_MCAST_MAX_GROUPS]);
	return 0;
}

/* br_setport(), in its order. */
/* nbp_backup_change(): another port of the same bridge, or none (0). */
static int br_set_backup_port(struct br_port *p, uint32_t ifindex)
{
	struct rtnl_link *b = ifindex ? rtnl_link_by_index(p->br->rn,
							   (int)ifindex)
				      : NULL;

	if (ifindex && (!b || !b->port))
		return -ENOENT;
	if (b && (br_port_of(b)->br != p->br || b == p->dev))
		return -EINVAL;
	p->backup_port = (int)ifindex;
	return 0;
}

static int br_setport(struct br_port *p, const struct nlattr *const *tb,
		      struct unl_ext_ack *extack)
{
	bool tunnel = p->flags & BRP_VLAN_TUNNEL;
	int err;

	err = br_set_port_flags(p, tb, extack);
	if (err)
		return err;
	if (tunnel && !(p->flags & BRP_VLAN_TUNNEL))
		for (struct br_vlan *v = p->vg.vlans; v; v = v->next)
			v->tunnel_id = 0;
	if (tb[IFLA_BRPORT_COST]) {
		err = br_set_path_cost(p, unl_nla_get_u32(tb[IFLA_BRPORT_COST]));
		if (err)
			return err;
	}
	if (tb[IFLA_BRPORT_PRIORITY]) {
		err = br_set_port_priority(p,
					   unl_nla_get_u16(tb[IFLA_BRPORT_PRIORITY]));
		if (err)
			return err;
	}
	if (tb[IFLA_BRPORT_STATE]) {
		err = br_set_port_state(p, unl_nla_get_u8(tb[IFLA_BRPORT_STATE]));
		if (err)
			return err;
	}
	if (tb[IFLA_BRPORT_FLUSH])
		br_fdb_delete_by_port(br_priv(p->br), p, 0, false);
	if (p->br->rn->feat.br_igmp_snooping) {
		err = br_set_port_mcast(p, tb);
		if (err)
			return err;
	}
	if (tb[IFLA_BRPORT_GROUP_FWD_MASK]) {
		uint16_t mask = unl_nla_get_u16(tb[IFLA_BRPORT_GROUP_FWD_MASK]);

		if (mask & BR_GROUPFWD_MACPAUSE)
			return -EINVAL;
		p->group_fwd_mask = mask;
	}
	if (tb[IFLA_BRPORT_BACKUP_PORT]) {
		err = br_set_backup_port(
			p, unl_nla_get_u32(tb[IFLA_BRPORT_BACKUP_PORT]));
		if (err)
			return err;
	}
	if (tb[BR_IFLA_BRPORT_BACKUP_NHID])
		p->backup_nhid = unl_nla_get_u32(tb[BR_IFLA_BRPORT_BACKUP_NHID]);
	return 0;
}

/* br_port_slave_changelink() */
int br_port_slave_changelink(struct rtnl_link *brdev, struct rtnl_link *dev,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack)
{
	if (!data || !dev->port)
		return 0;
	return br_setport(br_port_of(dev), data, extack);
}

static int br_put_port_flags(struct unl_skb *skb, const struct br_port *p)
{
	static const struct {
		int attr;
		uint32_t flag;
	} order[] = {
		{ IFLA_BRPORT_MODE, BRP_HAIRPIN_MODE },
		{ IFLA_BRPORT_GUARD, BRP_BPDU_GUARD },
		{ IFLA_BRPORT_PROTECT, BRP_ROOT_BLOCK },
		{ IFLA_BRPORT_FAST_LEAVE, BRP_MULTICAST_FAST_LEAVE },
		{ IFLA_BRPORT_MCAST_TO_UCAST, BRP_MULTICAST_TO_UNICAST },
		{ IFLA_BRPORT_LEARNING, BRP_LEARNING },
		{ IFLA_BRPORT_UNICAST_FLOOD, BRP_FLOOD },
		{ IFLA_BRPORT_MCAST_FLOOD, BRP_MCAST_FLOOD },
		{ IFLA_BRPORT_BCAST_FLOOD, BRP_BCAST_FLOOD },
		{ IFLA_BRPORT_PROXYARP, BRP_PROXYARP },
		{ IFLA_BRPORT_PROXYARP_WIFI, BRP_PROXYARP_WIFI },
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (unl_nla_put_u8(skb, order[i].attr,
				   !!(p->flags & order[i].flag)))
			return -EMSGSIZE;
	return 0;
}

static int br_put_port_stp(struct unl_skb *skb, const struct br_port *p)
{
	if (unl_nla_put(skb, IFLA_BRPORT_ROOT_ID, sizeof(p->designated_root),
			&p->designated_root) ||
	    unl_nla_put(skb, IFLA_BRPORT_BRIDGE_ID,
			sizeof(p->designated_bridge), &p->designated_bridge) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_DESIGNATED_PORT,
			    p->designated_port) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_DESIGNATED_COST,
			    (uint16_t)p->designated_cost) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_ID, p->port_id) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_NO, p->port_no) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_TOPOLOGY_CHANGE_ACK,
			   p->topology_change_ack) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_CONFIG_PENDING, p->config_pending))
		return -EMSGSIZE;
	return 0;
}

/* br_port_fill_attrs(), in its order; no timer ever runs. */
static int br_port_fill_attrs(struct unl_skb *skb, const struct br_port *p)
{
	const struct rtnl_net *rn = p->br->rn;

	if (unl_nla_put_u8(skb, IFLA_BRPORT_STATE, p->state) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_PRIORITY, p->priority) ||
	    unl_nla_put_u32(skb, IFLA_BRPORT_COST, p->path_cost) ||
	    br_put_port_flags(skb, p) || br_put_port_stp(skb, p) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_VLAN_TUNNEL,
			   !!(p->flags & BRP_VLAN_TUNNEL)) ||
	    unl_nla_put_u16(skb, IFLA_BRPORT_GROUP_FWD_MASK,
			    p->group_fwd_mask) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_NEIGH_SUPPRESS,
			   !!(p->flags & BRP_NEIGH_SUPPRESS)) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_MRP_RING_OPEN,
			   !!(p->flags & BRP_MRP_LOST_CONT)) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_MRP_IN_OPEN,
			   !!(p->flags & BRP_MRP_LOST_IN_CONT)) ||
	    unl_nla_put_u8(skb, IFLA_BRPORT_ISOLATED,
			   !!(p->flags & BRP_ISOLATED)) ||
	    unl_nla_put_u8(skb, BR_IFLA_BRPORT_LOCKED,
			   !!(p->flags & BRP_PORT_LOCKED)) ||
	    unl_nla_put_u8(skb, BR_IFLA_BRPORT_MAB,
			   !!(p->flags & BRP_PORT_MAB)) ||
	    unl_nla_put_u8(skb, BR_IFLA_BRPORT_NEIGH_VLAN_SUPPRESS,
			   !!(p->flags & BRP_NEIGH_VLAN_SUPPRESS)) ||
	    unl_nla_put_u64(skb, IFLA_BRPORT_MESSAGE_AGE_TIMER, 0,
			    IFLA_BRPORT_PAD) ||
	    unl_nla_put_u64(skb, IFLA_BRPORT_FORWARD_DELAY_TIMER,
			    br_timer_value(p->br, p->forward_delay_timer),
			    IFLA_BRPORT_PAD) ||
	    unl_nla_put_u64(skb, IFLA_BRPORT_HOLD_TIMER, 0, IFLA_BRPORT_PAD))
		return -EMSGSIZE;
	if (rn->feat.br_igmp_snooping &&
	    (unl_nla_put_u8(skb, IFLA_BRPORT_MULTICAST_ROUTER,
			    p->mcast_router) ||
	     unl_nla_put_u32(skb, BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT,
			     p->mcast_eht_hosts_limit) ||
	     unl_nla_put_u32(skb, BR_IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, 0) ||
	     unl_nla_put_u32(skb, BR_IFLA_BRPORT_MCAST_N_GROUPS, 0) ||
	     unl_nla_put_u32(skb, BR_IFLA_BRPORT_MCAST_MAX_GROUPS,
			     p->mcast_max_groups)))
		return -EMSGSIZE;
	if (p->backup_port &&
	    unl_nla_put_u32(skb, IFLA_BRPORT_BACKUP_PORT,
			    (uint32_t)p->backup_port))
		return -EMSGSIZE;
	if (p->backup_nhid &&
	    unl_nla_put_u32(skb, BR_IFLA_BRPORT_BACKUP_NHID, p->backup_nhid))
		return -EMSGSIZE;
	return 0;
}

int br_port_fill_slave_info(struct unl_skb *skb, const struct rtnl_link *brdev,
			    const struct rtnl_link *dev)
{
	return br_port_fill_attrs(skb, br_port_of(dev));
}

/* ---- the notifier (br_device_event()) ---- */

/* br_port_carrier_check(): a port follows its device's carrier (and
 * its cost the device's speed, unless set). */
static bool br_port_carrier_check(struct br_port *p)
{
	struct rtnl_link *dev = p->dev;
	bool up = rtnl_link_running(dev) && rtnl_link_oper_up(dev);

	if (!(p->flags & BRP_ADMIN_COST) && up)
		p->path_cost = br_port_cost(dev);
	if (!rtnl_link_running(p->br))
		return false;
	if (up && p->state == BR_STATE_DISABLED) {
		br_stp_enable_port(p);
		return true;
	}
	if (!up && p->state != BR_STATE_DISABLED) {
		br_stp_disable_port(p);
		return true;
	}
	return false;
}

/* What a port's events do to its bridge; those that may move the
 * spanning tree announce the port when nothing else did. */
static void br_port_event(struct br_port *p, enum rtnl_netdev_event event)
{
	struct br_priv *br = br_priv(p->br);
	bool notified = false;

	switch (event) {
	case RTNL_NETDEV_CHANGEMTU:
		br_mtu_auto_adjust(br);
		break;
	case RTNL_NETDEV_CHANGEADDR:
		br_fdb_changeaddr(p, p->dev->addr);
		if (br_stp_recalculate_bridge_id(br))
			rtnl_netdev_event(br->dev, RTNL_NETDEV_CHANGEADDR);
		break;
	case RTNL_NETDEV_CHANGE:
		notified = br_port_carrier_check(p);
		break;
	case RTNL_NETDEV_DOWN:
		if (rtnl_link_running(br->dev)) {
			br_stp_disable_port(p);
			notified = true;
		}
		break;
	case RTNL_NETDEV_UP:
		if (rtnl_link_running(br->dev) && rtnl_link_oper_up(p->dev)) {
			br_stp_enable_port(p);
			notified = true;
		}
		break;
	case RTNL_NETDEV_UNREGISTER:
		br_del_if(br->dev, p->dev);
		return;
	default:
		break;
	}
	if (!notified &&
	    (event == RTNL_NETDEV_CHANGEADDR || event == RTNL_NETDEV_UP ||
	     event == RTNL_NETDEV_CHANGE || event == RTNL_NETDEV_DOWN))
		br_ifinfo_notify(RTM_NEWLINK, NULL, p);
}

/* br_device_event(): the bridge's own registration (its default VLAN),
 * then what happens to its ports. */
int br_device_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
		    const struct rtnl_netdev_info *info)
{
	struct rtnl_link *dev = info->dev;
	struct rtnl_link *m;

	if (dev->ops == &rtnl_bridge_ops) {
		if (event == RTNL_NETDEV_REGISTER) {
			br_fdb_change_mac_address(br_priv(dev), dev->addr);
			return br_vlan_bridge_register(br_priv(dev));
		}
		if (event == RTNL_NETDEV_UNREGISTER)
			br_vlan_bridge_unregister(br_priv(dev));
		return 0;
	}
	m = dev->port ? rtnl_link_by_index(rn, dev->master) : NULL;
	if (!m || m->ops != &rtnl_bridge_ops)
		return 0;
	br_port_event(br_port_of(dev), event);
	return 0;
}

/* ---- AF_BRIDGE link messages ---- */

/* br_fill_ifinfo(): a port (with its attributes in RTM_NEWLINK) or the
 * bridge itself, and the VLANs asked for by the filter. */
static int br_fill_ifinfo(struct unl_skb *skb, struct br_priv *br,
			  const struct br_port *p, uint32_t pid, uint32_t seq,
			  int event, int flags, uint32_t filter_mask,
			  const struct rtnl_link *dev)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nlattr *af = NULL;
	int iflink = dev->ops->get_iflink ? dev->ops->get_iflink(dev)
					  : dev->ifindex;

	nlh = unl_nlmsg_put(skb, pid, seq, event, sizeof(*ifm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_type = dev->type;
	ifm->ifi_index = dev->ifindex;
	ifm->ifi_flags = rtnl_link_ifi_flags(dev);
	if (unl_nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    unl_nla_put_u32(skb, IFLA_MASTER, (uint32_t)br->dev->ifindex) ||
	    unl_nla_put_u32(skb, IFLA_MTU, dev->mtu) ||
	    unl_nla_put_u8(skb, IFLA_OPERSTATE, rtnl_link_running(dev)
							? dev->operstate
							: IF_OPER_DOWN) ||
	    (dev->addr_len &&
	     unl_nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->addr)) ||
	    (iflink != dev->ifindex &&
	     unl_nla_put_u32(skb, IFLA_LINK, (uint32_t)iflink)))
		goto fail;
	if (event == RTM_NEWLINK && p) {
		struct nlattr *pi = unl_nla_nest_start(skb, IFLA_PROTINFO);

		if (!pi || br_port_fill_attrs(skb, p))
			goto fail;
		unl_nla_nest_end(skb, pi);
	}
	if (filter_mask & (RTEXT_FILTER_BRVLAN | RTEXT_FILTER_BRVLAN_COMPRESSED |
			   RTEXT_FILTER_MRP | RTEXT_FILTER_CFM_CONFIG |
			   RTEXT_FILTER_CFM_STATUS | RTEXT_FILTER_MST)) {
		size_t start;

		af = rtnl_nest_start(skb, IFLA_AF_SPEC);
		start = unl_skb_len(skb);
		if (!af || br_fill_vlans(skb, br, p, filter_mask))
			goto fail;
		/* an empty nest is left out */
		if (unl_skb_len(skb) > start)
			unl_nla_nest_end(skb, af);
		else
			unl_nla_nest_cancel(skb, af);
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* br_getlink(): a port always, the bridge itself only when its VLANs or
 * other parts are asked for. */
int br_getlink(struct unl_skb *skb, uint32_t pid, uint32_t seq,
	       struct rtnl_link *dev, uint32_t filter_mask, int nlflags)
{
	struct br_port *p = dev->ops == &rtnl_bridge_ops ? NULL
							 : br_port_of(dev);
	struct br_priv *br;

	if (!p && !(filter_mask & (RTEXT_FILTER_BRVLAN |
				   RTEXT_FILTER_BRVLAN_COMPRESSED |
				   RTEXT_FILTER_MRP | RTEXT_FILTER_CFM_CONFIG |
				   RTEXT_FILTER_CFM_STATUS)))
		return 0;
	br = p ? br_priv(p->br) : br_priv(dev);
	return br_fill_ifinfo(skb, br, p, pid, seq, RTM_NEWLINK, nlflags,
			      filter_mask, dev);
}

/* br_ifinfo_notify(): to RTNLGRP_LINK, with the compressed VLANs. */
void br_ifinfo_notify(int type, struct br_priv *br, struct br_port *p)
{
	struct rtnl_link *dev = p ? p->dev : br->dev;
	struct rtnl_net *rn = dev->rn;
	struct unl_skb *skb;

	if (p)
		br = br_priv(p->br);
	if (!unl_has_listeners(rn->ksk, RTNLGRP_LINK))
		return;
	skb = unl_nlmsg_new(4096);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -ENOBUFS);
		return;
	}
	if (br_fill_ifinfo(skb, br, p, 0, 0, type, 0,
			   RTEXT_FILTER_BRVLAN_COMPRESSED, dev)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_LINK, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_LINK, NULL);
}

/* The device an AF_BRIDGE request is for: a port of this bridge, or the
 * bridge itself (with its IFLA_AF_SPEC). */
static struct br_port *br_af_port(struct rtnl_link *dev)
{
	return dev->ops == &rtnl_bridge_ops ? NULL : br_port_of(dev);
}

/* br_setlink(): IFLA_PROTINFO (nested: port options; a bare u8: the
 * state, as old RSTP daemons send it) for a port, IFLA_AF_SPEC (VLANs)
 * for a port or the bridge itself; the port is announced when anything
 * changed. */
int br_setlink(struct rtnl_link *dev, const struct nlmsghdr *nlh,
	       uint16_t flags, struct unl_ext_ack *extack)
{
	const struct nlattr *protinfo, *afspec;
	struct br_port *p = br_af_port(dev);
	struct br_priv *br;
	bool changed = false;
	int err = 0;

	protinfo = rtnl_link_msg_attr(nlh, IFLA_PROTINFO);
	afspec = rtnl_link_msg_attr(nlh, IFLA_AF_SPEC);
	if (!protinfo && !afspec)
		return 0;
	if (!p && !afspec)
		return -EINVAL;
	br = p ? br_priv(p->br) : br_priv(dev);
	if (p && protinfo) {
		if (protinfo->nla_type & NLA_F_NESTED) {
			const struct nlattr *tb[BR_IFLA_BRPORT_MAX + 1];

			err = unl_nla_parse_nested(tb, BR_IFLA_BRPORT_MAX,
						   protinfo, br_port_policy,
						   UNL_VALIDATE_LIBERAL, NULL);
			if (!err)
				err = br_setport(p, tb, extack);
		} else if (unl_nla_len(protinfo) < 1) {
			return -EINVAL;
		} else {
			err = br_set_port_state(p, unl_nla_get_u8(protinfo));
		}
		if (err)
			return err;
		changed = true;
	}
	if (afspec)
		err = br_afspec(br, p, afspec, RTM_SETLINK, &changed, extack);
	if (changed)
		br_ifinfo_notify(RTM_NEWLINK, br, p);
	return err;
}

/* br_dellink(): VLANs of a port or of the bridge go; RTM_NEWLINK tells
 * of it, as userspace expects. */
int br_dellink(struct rtnl_link *dev, const struct nlmsghdr *nlh,
	       uint16_t flags)
{
	const struct nlattr *afspec = rtnl_link_msg_attr(nlh, IFLA_AF_SPEC);
	struct br_port *p = br_af_port(dev);
	bool changed = false;
	struct br_priv *br;
	int err;

	if (!afspec)
		return 0;
	if (!p && dev->ops != &rtnl_bridge_ops)
		return -EINVAL;
	br = p ? br_priv(p->br) : br_priv(dev);
	err = br_afspec(br, p, afspec, RTM_DELLINK, &changed, NULL);
	if (changed)
		br_ifinfo_notify(RTM_NEWLINK, br, p);
	return err;
}

/* ---- RTM_GETSTATS ---- */

/* br_fill_linkxstats(): in LINK_XSTATS_TYPE_BRIDGE, each VLAN of the
 * group (placeholders too) with its (zero) counters, the multicast
 * counters when snooping is built, a port's STP counters. */
int br_fill_linkxstats(struct unl_skb *skb, const struct rtnl_link *l,
		       int *prividx, int attr)
{
	const struct br_vlan_group *vg;
	const struct br_port *p = NULL;
	struct nlattr *nest;
	int vl_idx = 0;

	if (attr == IFLA_STATS_LINK_XSTATS) {
		vg = &br_priv(l)->vg;
	} else if (attr == IFLA_STATS_LINK_XSTATS_SLAVE) {
		p = br_port_of(l);
		if (!p)
			return 0;
		vg = &p->vg;
	} else {
		return -EINVAL;
	}
	nest = rtnl_nest_start(skb, LINK_XSTATS_TYPE_BRIDGE);
	if (!nest)
		return -EMSGSIZE;
	for (const struct br_vlan *v = vg->vlans; v; v = v->next) {
		struct bridge_vlan_xstats vxi = { 0 };

		if (++vl_idx < *prividx)
			continue;
		vxi.vid = v->vid;
		vxi.flags = v->flags;
		if (v->vid == vg->pvid)
			vxi.flags |= BRIDGE_VLAN_INFO_PVID;
		if (unl_nla_put(skb, BRIDGE_XSTATS_VLAN, sizeof(vxi), &vxi))
			goto full;
	}
	if (l->rn->feat.br_igmp_snooping && ++vl_idx >= *prividx) {
		struct br_mcast_stats ms = { 0 };

		if (unl_nla_put(skb, BRIDGE_XSTATS_MCAST, sizeof(ms), &ms))
			goto full;
	}
	if (p && unl_nla_put(skb, BRIDGE_XSTATS_STP, sizeof(p->stp_xstats),
			     &p->stp_xstats))
		goto full;
	unl_nla_nest_end(skb, nest);
	*prividx = 0;
	return 0;
full:
	unl_nla_nest_end(skb, nest);
	*prividx = vl_idx;
	return -EMSGSIZE;
}
