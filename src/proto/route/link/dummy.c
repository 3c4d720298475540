// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dummy (drivers/net/dummy.c): an Ethernet device that drops what it
 * is given.  Its driver never touches the carrier, so it reports
 * UNKNOWN when up, as lo does.  The reference kernel has no dummy
 * module: this follows Linux's source.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>

#include "proto/route/link/kinds.h"

/* dummy_setup(): no ARP, no multicast, no MTU limits. */
static void dummy_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->flags = IFF_BROADCAST | IFF_NOARP;
	l->min_mtu = 0;
	l->max_mtu = 0;
}

/* dummy_change_carrier(): the user says whether there is a carrier. */
static int dummy_change_carrier(struct rtnl_link *l, bool on)
{
	rtnl_link_carrier_set(l, on);
	return 0;
}

/* dummy_ethtool_ops: its name, the kernel's release as version */
static const struct rtnl_ethtool dummy_ethtool = {
	.driver = "dummy",
	.ts_info = true,
};

const struct rtnl_link_ops rtnl_dummy_ops = {
	.kind = "dummy",
	.setup = dummy_setup,
	.dellink = rtnl_link_queue_kill,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.change_carrier = dummy_change_carrier,
	.ethtool = &dummy_ethtool,
};
