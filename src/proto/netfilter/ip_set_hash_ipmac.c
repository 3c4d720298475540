// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:ip,mac: an address and a MAC address (not zero)
 * (net/netfilter/ipset/ip_set_hash_ipmac.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_ipmac_type = {
	.name = "hash:ip,mac",
	.rev_min = 0,
	.rev_max = 1,
	.features = IPS_FEAT_IP | IPS_FEAT_MAC,
	.feature = "IP_SET_HASH_IPMAC",
	.mac = true,
	IPS_HASH_OPS,
};
