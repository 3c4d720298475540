// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:ip: addresses (hash_ip{4,6}), cut to a netmask or bitmask when the set has one
 * (net/netfilter/ipset/ip_set_hash_ip.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_ip_type = {
	.name = "hash:ip",
	.rev_min = 0,
	.rev_max = 6,
	.rev_max_since = 602, /* bitmask support */
	.features = IPS_FEAT_IP,
	.feature = NULL,
	.netmask = true,
	IPS_HASH_OPS,
};
