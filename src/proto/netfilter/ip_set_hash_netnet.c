// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:net,net: two networks, nomatch ones excluding what they hold,
 * both cut to the set's bitmask or netmask (revision 4)
 * (net/netfilter/ipset/ip_set_hash_netnet.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_netnet_type = {
	.name = "hash:net,net",
	.rev_min = 0,
	.rev_max = 4, /* 4: a bitmask (or a netmask) cuts both networks */
	.features = IPS_FEAT_IP | IPS_FEAT_IP2 | IPS_FEAT_NOMATCH,
	.feature = "IP_SET_HASH_NETNET",
	.net = true,
	.ip2 = true,
	.net2 = true,
	.netmask = true,
	IPS_HASH_OPS,
};
