// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:net,iface: a network (from /0) and an interface, or with
 * physdev a bridge port (net/netfilter/ipset/ip_set_hash_netiface.c);
 * the rest is ip_set_hash_gen.c's.
 */
#include <linux/netfilter.h>

#include "proto/netfilter/ip_set_private.h"

const struct ips_type ip_set_hash_netiface_type = {
	.name = "hash:net,iface",
	.rev_min = 0,
	.rev_max = 8,
	.features = IPS_FEAT_IP | IPS_FEAT_IFACE | IPS_FEAT_NOMATCH,
	.feature = "IP_SET_HASH_NETIFACE",
	.net = true,
	.iface = true,
	IPS_HASH_OPS,
};
