// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The netdevice notifier chain (call_netdevice_notifiers() of
 * net/core/dev.c): where Linux's objects learn that a device came up,
 * went down, changed or went away.  The objects never call each other
 * for that; each subscribes with one function, and the chain calls them
 * in the order Linux registers its notifiers: rtnetlink_event first
 * (core), netdev_genl_netdevice_event (subsys), nh_netdev_event, then inet_init()'s arp_netdev_event,
 * inetdev_event and fib_netdev_event, then inet6_init()'s
 * addrconf_notify and ndisc_netdev_event, and last the link kinds that
 * watch other devices (br_device_event, vlan_device_event), in the
 * order of the table of kinds; then the other families' (nf_tables'),
 * through unl_netdev_notify().
 */
#include "proto/route/link/kinds.h"

static const rtnl_netdev_notifier_fn netdev_chain[] = {
	/* not a notifier in Linux: the driver core's uevents, which
	 * register_netdevice() sends before its NETDEV_REGISTER */
	rtnl_kobject_netdev_event,
	rtnl_link_netdev_event,     /* rtnetlink_event */
	rtnl_netdev_genl_event,     /* netdev_genl_netdevice_event */
	rtnl_nexthop_netdev_event,  /* nh_netdev_event */
	rtnl_arp_netdev_event,      /* arp_netdev_event */
	rtnl_inet_netdev_event,     /* inetdev_event */
	rtnl_route_netdev_event,    /* fib_netdev_event */
	rtnl_addrconf_netdev_event, /* addrconf_notify */
	rtnl_ndisc_netdev_event,    /* ndisc_netdev_event */
	rtnl_ethnl_netdev_event,    /* ethnl_netdev_event */
	/* not a notifier of its own in Linux: the joins and leaves that
	 * inetdev_event and addrconf_notify announced (mcnotify.c) */
	rtnl_mc_notify_netdev_event,
};

int rtnl_netdev_notify(struct rtnl_net *rn, enum rtnl_netdev_event event,
		       const struct rtnl_netdev_info *info)
{
	const struct rtnl_link_ops *ops;
	int err;

	for (size_t i = 0; i < sizeof(netdev_chain) / sizeof(netdev_chain[0]);
	     i++) {
		err = netdev_chain[i](rn, event, info);
		if (err)
			return err;
	}
	for (size_t i = 0; (ops = rtnl_link_kind_at(rn, i)); i++) {
		if (!ops->netdev_event)
			continue;
		err = ops->netdev_event(rn, event, info);
		if (err)
			return err;
	}
	/* the other families' notifiers (nf_tables'), modules' in Linux */
	if (event == RTNL_NETDEV_UNREGISTER)
		unl_netdev_notify(rn->net, UNL_NETDEV_UNREGISTER,
				  info->dev->ifindex, info->dev->name);
	else if (event == RTNL_NETDEV_CHANGENAME)
		unl_netdev_notify(rn->net, UNL_NETDEV_CHANGENAME,
				  info->dev->ifindex, info->old_name);
	return 0;
}

int rtnl_netdev_event(struct rtnl_link *l, enum rtnl_netdev_event event)
{
	struct rtnl_netdev_info info = { .dev = l };

	return rtnl_netdev_notify(l->rn, event, &info);
}

int unl_dev_ifindex(struct unl_net *net, const char *name)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	struct rtnl_link *l = rn ? rtnl_link_by_name(rn, name) : NULL;

	return l ? l->ifindex : 0;
}

const char *unl_dev_name(struct unl_net *net, int ifindex)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	struct rtnl_link *l = rn ? rtnl_link_by_index(rn, ifindex) : NULL;

	return l ? l->name : NULL;
}
