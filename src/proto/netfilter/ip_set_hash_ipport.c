// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:ip,port: an address, a protocol and a port
 * (net/netfilter/ipset/ip_set_hash_ipport.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_ipport_type = {
	.name = "hash:ip,port",
	.rev_min = 0,
	.rev_max = 7,
	.rev_max_since = 602, /* bitmask support */
	.features = IPS_FEAT_IP | IPS_FEAT_PORT,
	.feature = "IP_SET_HASH_IPPORT",
	.port = true,
	IPS_HASH_OPS,
};
