// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ifb (drivers/net/ifb.c): the Intermediate Functional Block, an
 * Ethernet device traffic is redirected to so that a qdisc shapes it.
 * No ARP, no multicast, a short transmit queue; its driver never
 * touches the carrier, so it reports UNKNOWN when up, as dummy does.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>

#include "proto/route/link/kinds.h"

/* ifb.c's TX_Q_LIMIT */
#define IFB_TXQLEN 32

/* ifb_setup(): a random address, no MTU limits. */
static void ifb_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->txqlen = IFB_TXQLEN;
	l->flags = (l->flags | IFF_NOARP) & ~IFF_MULTICAST;
	l->min_mtu = 0;
	l->max_mtu = 0;
}

/* ifb_validate(): an address given must be a station's. */
static int ifb_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack)
{
	return rtnl_link_validate_ether(tb[IFLA_ADDRESS]);
}

/* ifb_get_sset_count(): packets and bytes of each receive and each
 * transmit queue. */
static uint32_t ifb_n_stats(const struct rtnl_link *l)
{
	return 2 * l->num_rx_queues + 2 * l->num_tx_queues;
}

/* ifb_ethtool_ops: no get_drvinfo (the kind's name answers), stats */
static const struct rtnl_ethtool ifb_ethtool = {
	.n_stats = ifb_n_stats,
};

const struct rtnl_link_ops rtnl_ifb_ops = {
	.kind = "ifb",
	.setup = ifb_setup,
	.validate = ifb_validate,
	.dellink = rtnl_link_queue_kill,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.tx_queue = true,
	.ethtool = &ifb_ethtool,
	.no_rx_mode = true,
};
