// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:ip,port,ip: an address, a protocol and port, a second address
 * (net/netfilter/ipset/ip_set_hash_ipportip.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_ipportip_type = {
	.name = "hash:ip,port,ip",
	.rev_min = 0,
	.rev_max = 6,
	.features = IPS_FEAT_IP | IPS_FEAT_PORT | IPS_FEAT_IP2,
	.feature = "IP_SET_HASH_IPPORTIP",
	.port = true,
	.ip2 = true,
	IPS_HASH_OPS,
};
