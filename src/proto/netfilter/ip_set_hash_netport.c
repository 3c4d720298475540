// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:net,port: a network, a protocol and a port
 * (net/netfilter/ipset/ip_set_hash_netport.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_netport_type = {
	.name = "hash:net,port",
	.rev_min = 0,
	.rev_max = 8,
	.features = IPS_FEAT_IP | IPS_FEAT_PORT | IPS_FEAT_NOMATCH,
	.feature = "IP_SET_HASH_NETPORT",
	.net = true,
	.port = true,
	IPS_HASH_OPS,
};
