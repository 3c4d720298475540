// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:net,port,net: a network, a protocol and port, a network
 * (net/netfilter/ipset/ip_set_hash_netportnet.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_netportnet_type = {
	.name = "hash:net,port,net",
	.rev_min = 0,
	.rev_max = 3,
	.features = IPS_FEAT_IP | IPS_FEAT_PORT | IPS_FEAT_IP2 | IPS_FEAT_NOMATCH,
	.feature = "IP_SET_HASH_NETPORTNET",
	.net = true,
	.port = true,
	.ip2 = true,
	.net2 = true,
	IPS_HASH_OPS,
};
