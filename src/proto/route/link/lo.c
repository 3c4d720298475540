// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lo (drivers/net/loopback.c): made with the net, never by a request,
 * never deleted; its address cannot change.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>

#include "proto/route/link/kinds.h"

/* loopback_setup() */
static void lo_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_LOOPBACK;
	l->flags = IFF_LOOPBACK;
	l->mtu = 65536;
	l->addr_len = ETH_ALEN;
	l->netns_immutable = true;
	rtnl_link_lo_devconf(l);
}

/* loopback's offloads, as Linux 6.18 reports them for a new device */
static const struct rtnl_ethtool_features lo_ethtool_features = {
	.hw = UINT64_C(0x0a00000e401d4800),
	.wanted = UINT64_C(0x0000000e401d4800),
	.active = UINT64_C(0x0000052e401d4c69),
};

/* No kind (loopback has no rtnl_link_ops), no dellink, no
 * ndo_set_mac_address. */
/* loopback_ethtool_ops: always_on and the timestamping info only */
static const struct rtnl_ethtool lo_ethtool = {
	.get_link = true,
	.always_on = true,
	.ts_info = true,
	.features = &lo_ethtool_features,
};

const struct rtnl_link_ops rtnl_lo_ops = {
	.setup = lo_setup,
	.ethtool = &lo_ethtool,
	.no_rx_mode = true,
};
