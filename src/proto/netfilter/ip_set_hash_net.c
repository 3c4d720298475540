// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:net: networks, nomatch ones excluding what they hold
 * (net/netfilter/ipset/ip_set_hash_net.c); the rest is
 * ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_net_type = {
	.name = "hash:net",
	.rev_min = 0,
	.rev_max = 7,
	.features = IPS_FEAT_IP | IPS_FEAT_NOMATCH,
	.feature = NULL,
	.net = true,
	IPS_HASH_OPS,
};
