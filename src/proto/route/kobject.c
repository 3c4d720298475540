// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kobject uevents of net devices and their queues, as the driver
 * core and net-sysfs send them (net/core/net-sysfs.c's
 * netdev_register_kobject(), netdev_unregister_kobject(),
 * register_queue_kobjects(), netdev_queue_update_kobjects(),
 * net_rx_queue_update_kobjects(); drivers/base/core.c's device_rename();
 * __dev_change_net_namespace()).  They are tagged with the device's net,
 * so they go to that net's NETLINK_KOBJECT_UEVENT sockets only
 * (proto/uevent/uevent.h).  Everything learns of devices from the
 * netdevice notifier chain (dev.c), and so does this file.
 *
 * What a device's uevent carries, in dev_uevent()'s order:
 *   ACTION, DEVPATH, SUBSYSTEM=net, [DEVPATH_OLD,] [DEVTYPE,]
 *   INTERFACE, IFINDEX, SEQNUM
 * and a queue's: ACTION, DEVPATH (.../queues/rx-N), SUBSYSTEM=queues.
 */
#include <stdio.h>

#include "proto/route/link/kinds.h"
#include "proto/uevent/uevent.h"

/* Virtual devices live under /devices/virtual/net. */
static void dev_devpath(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "/devices/virtual/net/%s", name);
}

/* KOBJ_ADD, KOBJ_REMOVE or KOBJ_MOVE (old_name) of the device itself. */
static int dev_uevent(struct rtnl_link *l, const char *action,
		      const char *old_name)
{
	char path[64], old[96], ifname[32], ifindex[32], devtype[64];
	const char *env[4];
	size_t n = 0;

	dev_devpath(path, sizeof(path), l->name);
	if (old_name) {
		snprintf(old, sizeof(old), "DEVPATH_OLD=/devices/virtual/net/%s",
			 old_name);
		env[n++] = old;
	}
	if (l->ops->devtype) {
		snprintf(devtype, sizeof(devtype), "DEVTYPE=%s",
			 l->ops->devtype);
		env[n++] = devtype;
	}
	snprintf(ifname, sizeof(ifname), "INTERFACE=%s", l->name);
	snprintf(ifindex, sizeof(ifindex), "IFINDEX=%d", l->ifindex);
	env[n++] = ifname;
	env[n++] = ifindex;
	return kobject_uevent_net(l->rn->net, action, path, "net", env, n);
}

static int queue_uevent(struct rtnl_link *l, const char *action,
			const char *dir, uint32_t i)
{
	char path[96];

	snprintf(path, sizeof(path), "/devices/virtual/net/%s/queues/%s-%u",
		 l->name, dir, i);
	return kobject_uevent_net(l->rn->net, action, path, "queues", NULL, 0);
}

/* The queues from..to-1 come (from < to), or go from from-1 down to to. */
static void queues_update(struct rtnl_link *l, const char *dir,
			  uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		queue_uevent(l, "add", dir, i);
	for (uint32_t i = from; i > to; i--)
		queue_uevent(l, "remove", dir, i - 1);
}

/* netdev_register_kobject(): the device, then rx-N and tx-N. */
static void dev_register(struct rtnl_link *l)
{
	dev_uevent(l, "add", NULL);
	queues_update(l, "rx", 0, rtnl_link_real_rx(l));
	queues_update(l, "tx", 0, rtnl_link_real_tx(l));
}

/* netdev_unregister_kobject(): the queues, then the device. */
static void dev_unregister(struct rtnl_link *l)
{
	queues_update(l, "rx", rtnl_link_real_rx(l), 0);
	queues_update(l, "tx", rtnl_link_real_tx(l), 0);
	dev_uevent(l, "remove", NULL);
}

int rtnl_kobject_netdev_event(struct rtnl_net *rn,
			      enum rtnl_netdev_event event,
			      const struct rtnl_netdev_info *info)
{
	struct rtnl_link *l = info->dev;

	(void)rn;
	switch (event) {
	case RTNL_NETDEV_REGISTER:
		/* a device that changes nets is only announced there */
		if (info->netns_change)
			dev_uevent(l, "add", NULL);
		else
			dev_register(l);
		break;
	case RTNL_NETDEV_UNREGISTER:
		if (info->netns_change)
			dev_uevent(l, "remove", NULL);
		else
			dev_unregister(l);
		break;
	case RTNL_NETDEV_CHANGENAME:
		dev_uevent(l, "move", info->old_name);
		break;
	case RTNL_NETDEV_REAL_QUEUES:
		queues_update(l, "tx", info->old_real_tx, rtnl_link_real_tx(l));
		queues_update(l, "rx", info->old_real_rx, rtnl_link_real_rx(l));
		break;
	default:
		break;
	}
	return 0;
}
