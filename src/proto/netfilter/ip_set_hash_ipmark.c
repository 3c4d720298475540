// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hash:ip,mark: an address and a mark, the mark cut to the set's
 * markmask (net/netfilter/ipset/ip_set_hash_ipmark.c); the hash
 * parameters, the markmask, the extensions and the dump are
 * ip_set_hash_gen.c's.
 */
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_hash.h>

#include "proto/netfilter/ip_set_private.h"

/* hash_ipmark{4,6}_uadt(): IPv4 takes a range or a network of
 * addresses, each added with the same mark; IPv6 one address. */
static int hash_ipmark_uadt(struct ips_set *s, int cmd,
			    const struct nlattr *const tb[], bool exist_ok,
			    struct ips_ext *ext)
{
	bool v6 = s->family == NFPROTO_IPV6;
	struct ips_elem e = { .cidr = ips_host_mask(s->family) };
	uint32_t ip, ip_to;
	int err;

	if (!tb[IPSET_ATTR_IP] || !tb[IPSET_ATTR_MARK] ||
	    !NETORDER(tb[IPSET_ATTR_MARK]) || !ips_ext_netorder_ok(tb) ||
	    (v6 && (tb[IPSET_ATTR_IP_TO] || tb[IPSET_ATTR_CIDR])))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], s->family, e.addr);
	if (err < 0)
		return err;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	e.mark = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_MARK])) & s->markmask;
	if (v6 || cmd == IPSET_CMD_TEST ||
	    !(tb[IPSET_ATTR_IP_TO] || tb[IPSET_ATTR_CIDR]))
		return ips_adt_one(s, cmd, &e, exist_ok);
	ip = ip_to = ips_v4(e.addr);
	if (tb[IPSET_ATTR_IP_TO]) {
		uint8_t to[16];

		err = ips_get_addr(tb[IPSET_ATTR_IP_TO], s->family, to);
		if (err < 0)
			return err;
		ip_to = ips_v4(to);
		if (ip > ip_to) {
			uint32_t t = ip;

			ip = ip_to;
			ip_to = t;
		}
	} else {
		uint8_t cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);

		if (!cidr || cidr > 32)
			return -IPSET_ERR_INVALID_CIDR;
		ip &= ~(uint32_t)0 << (32 - cidr);
		ip_to = ip | (cidr < 32 ? ~(uint32_t)0 >> cidr : 0);
	}
	/* any number of addresses: maxelem ends it (IPSET_ERR_HASH_FULL) */
	for (;;) {
		ips_set_v4(e.addr, ip);
		err = ips_adt_one(s, cmd, &e, exist_ok);
		if (ips_range_stop(err, exist_ok))
			return err;
		if (ip == ip_to)
			return 0;
		ip++;
	}
}

const struct ips_type ip_set_hash_ipmark_type = {
	.name = "hash:ip,mark",
	.rev_min = 0,
	.rev_max = 3,
	.features = IPS_FEAT_IP | IPS_FEAT_MARK,
	.feature = "IP_SET_HASH_IPMARK",
	.mark = true,
	.create = ips_hash_create,
	.uadt = hash_ipmark_uadt,
	.head = ips_hash_head,
	.elem = ips_hash_elem,
	.memsize = ips_hash_memsize,
	.test = ips_hash_test,
	.same = ips_hash_same,
};
