// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vrf (drivers/net/vrf.c): an L3 master device bound to a routing
 * table.  Its ports (IFLA_MASTER) and the VRF itself have their kernel
 * routes in that table (l3mdev_fib_table(), which addr.c asks), and the
 * first VRF of a net adds the rules "1000: from all lookup
 * [l3mdev-table]" that send the lookups of a flow through a VRF's
 * device to its table.  A port joining or leaving loses its routes and
 * IPv6 addresses (route.c and addr.c on NETDEV_CHANGEUPPER) and is
 * cycled down and up, so that they come back in the right table.
 * The reference kernel has no vrf module: this follows Linux's source,
 * and tests/clients/ip-kinds.sh checks it under the `full` profile.
 */
#include <errno.h>
#include <stddef.h>

#include <linux/fib_rules.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "proto/route/link/kinds.h"

#define IP6_MAX_MTU (65535 + 40)

struct vrf_priv {
	uint32_t tb_id;
};

static struct vrf_priv *vrf(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* vrf_setup() with vrf_dev_init(): Ethernet with a random address, no
 * queue, master without ARP, an MTU as large as IPv6 allows; its
 * operational state is up whenever it is. */
static void vrf_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->flags = IFF_MASTER | IFF_NOARP;
	l->min_mtu = 1280;
	l->max_mtu = IP6_MAX_MTU;
	l->mtu = IP6_MAX_MTU;
	l->netns_immutable = true;
	l->operstate = IF_OPER_UP;
}

static const struct unl_nla_policy vrf_policy[IFLA_VRF_MAX + 1] = {
	[IFLA_VRF_TABLE] = { .type = UNL_NLA_U32 },
};

/* vrf_validate() */
static int vrf_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack)
{
	(void)rn;
	(void)data;
	if (!tb[IFLA_ADDRESS])
		return 0;
	if (unl_nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
		UNL_SET_ERR_MSG(extack, "Invalid hardware address");
		return -EINVAL;
	}
	if (!rtnl_link_valid_ether(unl_nla_data(tb[IFLA_ADDRESS]))) {
		UNL_SET_ERR_MSG(extack, "Invalid hardware address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* Whether the net had a VRF before (netns_vrf's add_fib_rules goes
 * false with the first and stays so). */
static bool vrf_rules_added(const struct rtnl_link *self)
{
	for (const struct rtnl_link *l = self->rn->links; l; l = l->next)
		if (l != self && l->ops == &rtnl_vrf_ops)
			return true;
	return self->rn->vrf_rules_added;
}

/* Another VRF of the net on table tb_id (the vrf_map's users). */
static bool vrf_table_shared(struct rtnl_net *rn, uint32_t tb_id,
			     const struct rtnl_link *self)
{
	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		if (l != self && l->ops == &rtnl_vrf_ops && !l->unregistering &&
		    vrf(l)->tb_id == tb_id)
			return true;
	return false;
}

/* vrf_map's shared_tables: whether any table has two VRFs. */
static bool vrf_any_shared(struct rtnl_net *rn)
{
	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops == &rtnl_vrf_ops && !l->unregistering &&
		    vrf_table_shared(rn, vrf(l)->tb_id, l))
			return true;
	return false;
}

/* vrf_shared_table_handler(): 0 or 1; strict mode cannot come while
 * two VRFs share a table (EBUSY). */
static int vrf_strict_mode_handler(struct unl_net *net,
				   const struct unl_ctl_table *t, void *data,
				   const char *write, char *buf, size_t len)
{
	struct rtnl_net *rn = rtnl_net_get(net);
	int mode = *(int *)data;
	int err = unl_proc_dointvec_minmax(net, t, &mode, write, buf, len);

	if (err || !write)
		return err;
	if (mode && !rn->vrf_strict_mode && vrf_any_shared(rn))
		return -EBUSY;
	*(int *)data = mode;
	return 0;
}

static const struct unl_ctl_table vrf_sysctl[] = {
	{ .procname = "strict_mode", .mode = 0644,
	  .offset = offsetof(struct rtnl_net, vrf_strict_mode),
	  .proc_handler = vrf_strict_mode_handler, .min = 0, .max = 1 },
};

/* vrf_netns_init(): the net's net/vrf sysctls, once the module is
 * loaded. */
static void vrf_net_init(struct rtnl_net *rn, bool announce)
{
	(void)announce;
	unl_register_net_sysctl(rn->net, "vrf", vrf_sysctl,
				sizeof(vrf_sysctl) / sizeof(vrf_sysctl[0]), rn);
}

const struct rtnl_link_module rtnl_vrf_module = {
	.name = "vrf",
	.id = 3,
	.net_init = vrf_net_init,
};

/* vrf_newlink(): a table is required; the first VRF of the net adds
 * the l3mdev rules of each family that has rules. */
static int vrf_newlink(struct rtnl_link *l, const struct rtnl_newlink_params *p,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *const *data = p->data;
	static const int families[] = { AF_INET, AF_INET6, RTNL_FAMILY_IPMR,
					RTNL_FAMILY_IP6MR };
	int err;

	if (!data || !data[IFLA_VRF_TABLE]) {
		UNL_SET_ERR_MSG(extack, "VRF table id is missing");
		return -EINVAL;
	}
	vrf(l)->tb_id = unl_nla_get_u32(data[IFLA_VRF_TABLE]);
	if (vrf(l)->tb_id == RT_TABLE_UNSPEC) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VRF_TABLE],
				     "Invalid VRF table id");
		return -EINVAL;
	}
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err)
		return err;
	/* vrf_map_register_dev() */
	if (l->rn->vrf_strict_mode && vrf_table_shared(l->rn, vrf(l)->tb_id, l)) {
		UNL_SET_ERR_MSG(extack, "Table is used by another VRF");
		return -EBUSY;
	}
	if (vrf_rules_added(l))
		return 0;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		err = rtnl_rule_add_l3mdev(l->rn, families[i]);
		if (err)
			return err;
	}
	l->rn->vrf_rules_added = true;
	return 0;
}

/* cycle_netdev(): a running port goes down and up again, for its
 * routes to be made again in the right table. */
static void vrf_cycle(struct rtnl_link *port, struct unl_ext_ack *extack)
{
	unsigned int flags = port->flags;

	if (!(flags & IFF_UP))
		return;
	if (rtnl_link_change_flags(port, flags & ~(unsigned int)IFF_UP,
				   extack) >= 0)
		rtnl_link_change_flags(port, flags, extack);
}

static void vrf_upper_change(struct rtnl_link *port, struct rtnl_link *l,
			     bool linking)
{
	struct rtnl_netdev_info info = { .dev = port, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(port->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* vrf_add_slave(): not another L3 master, not one of another VRF, not
 * lo (the VRF is the loopback of its domain). */
static int vrf_add_slave(struct rtnl_link *l, struct rtnl_link *port,
			 struct unl_ext_ack *extack)
{
	if (rtnl_link_is_l3_master(port)) {
		UNL_SET_ERR_MSG(extack,
				"Can not enslave an L3 master device to a VRF");
		return -EINVAL;
	}
	if (port->master)
		return -EINVAL;
	if (port->flags & IFF_LOOPBACK) {
		UNL_SET_ERR_MSG(extack,
				"Can not enslave loopback device to a VRF");
		return -EOPNOTSUPP;
	}
	port->master = l->ifindex;
	vrf_upper_change(port, l, true);
	vrf_cycle(port, extack);
	return 0;
}

/* vrf_del_slave() */
static void vrf_del_slave(struct rtnl_link *l, struct rtnl_link *port)
{
	port->master = 0;
	vrf_upper_change(port, l, false);
	vrf_cycle(port, NULL);
}

/* vrf_dellink(): its ports leave first. */
static void vrf_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	for (struct rtnl_link *p = l->rn->links; p; p = p->next)
		if (p->master == l->ifindex)
			vrf_del_slave(l, p);
	rtnl_link_queue_kill(l, kill);
}

static int vrf_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	return unl_nla_put_u32(skb, IFLA_VRF_TABLE, vrf(l)->tb_id) ? -EMSGSIZE
								    : 0;
}

/* vrf_fill_slave_info(): a port reports its VRF's table. */
static int vrf_fill_slave_info(struct unl_skb *skb,
			       const struct rtnl_link *master,
			       const struct rtnl_link *l)
{
	(void)l;
	return unl_nla_put_u32(skb, IFLA_VRF_PORT_TABLE, vrf(master)->tb_id)
		       ? -EMSGSIZE
		       : 0;
}

static uint32_t vrf_fib_table(const struct rtnl_link *l)
{
	return vrf(l)->tb_id;
}

static const struct rtnl_ethtool vrf_ethtool = {
	.driver = "vrf",
	.version = "1.1",
	.get_link = true,
};

const struct rtnl_link_ops rtnl_vrf_ops = {
	.kind = "vrf",
	.priv_size = sizeof(struct vrf_priv),
	.setup = vrf_setup,
	.maxtype = IFLA_VRF_MAX,
	.policy = vrf_policy,
	.validate = vrf_validate,
	.newlink = vrf_newlink,
	.dellink = vrf_dellink,
	.fill_info = vrf_fill_info,
	.fill_slave_info = vrf_fill_slave_info,
	.add_slave = vrf_add_slave,
	.del_slave = vrf_del_slave,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.no_rx_handler = true,
	.l3mdev_fib_table = vrf_fib_table,
	.ethtool = &vrf_ethtool,
	.module = &rtnl_vrf_module,
};
