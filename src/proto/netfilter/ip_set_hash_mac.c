// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:mac: MAC addresses (not zero), in sets of no family
 * (net/netfilter/ipset/ip_set_hash_mac.c); the hash parameters, the
 * extensions and the dump are ip_set_hash_gen.c's.
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_hash.h>

#include "proto/netfilter/ip_set_private.h"

/* hash_mac4_uadt(): one MAC, no ranges */
static int hash_mac_uadt(struct ips_set *s, int cmd,
			 const struct nlattr *const tb[], bool exist_ok,
			 struct ips_ext *ext)
{
	static const uint8_t zero[6];
	struct ips_elem e = { .cidr = 0 };
	int err;

	if (!tb[IPSET_ATTR_ETHER] || unl_nla_len(tb[IPSET_ATTR_ETHER]) != 6)
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	memcpy(e.mac, unl_nla_data(tb[IPSET_ATTR_ETHER]), 6);
	if (!memcmp(e.mac, zero, 6))
		return -IPSET_ERR_HASH_ELEM;
	return ips_adt_one(s, cmd, &e, exist_ok);
}

/* hash_mac4_data_list(): the MAC alone */
static int hash_mac_elem(struct unl_skb *skb, const struct ips_set *s,
			 const struct ips_elem *e)
{
	(void)s;
	return unl_nla_put(skb, IPSET_ATTR_ETHER, 6, e->mac) ? -1 : 0;
}

const struct ips_type ip_set_hash_mac_type = {
	.name = "hash:mac",
	.rev_min = 0,
	.rev_max = 1,
	.features = IPS_FEAT_MAC,
	.feature = "IP_SET_HASH_MAC",
	.proto_undef = true,
	.create = ips_hash_create,
	.uadt = hash_mac_uadt,
	.head = ips_hash_head,
	.elem = hash_mac_elem,
	.memsize = ips_hash_memsize,
	.test = ips_hash_test,
	.same = ips_hash_same,
};
