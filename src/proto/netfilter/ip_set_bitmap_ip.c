// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bitmap:ip (net/netfilter/ipset/ip_set_bitmap_ip.c): the IPv4
 * addresses of a range, or with a netmask its networks of that size,
 * listed in order.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_bitmap.h>

#include "proto/netfilter/ip_set_private.h"

/* bitmap_ip_create(): a range of at most 65536 elements, each one
 * address or, with a netmask, one network of it */
static int bitmap_ip_create(struct ips_set *s,
			    const struct nlattr *const tb[])
{
	uint8_t netmask = 32, mask_bits;
	uint64_t elements;
	uint32_t first, last;
	int err;

	err = ips_bitmap_v4_range(tb, &first, &last);
	if (err < 0)
		return err;
	if (tb[IPSET_ATTR_NETMASK]) {
		netmask = unl_nla_get_u8(tb[IPSET_ATTR_NETMASK]);
		if (netmask > 32)
			return -IPSET_ERR_INVALID_NETMASK;
		first &= ips_hostmask(netmask);
		last |= ~ips_hostmask(netmask);
	}
	if (netmask == 32) {
		s->hosts = 1;
		elements = (uint64_t)last - first + 1;
	} else {
		uint32_t mask = ips_range_to_mask(first, last, &mask_bits);

		if ((!mask && (first || last != 0xFFFFFFFF)) ||
		    netmask <= mask_bits)
			return -IPSET_ERR_BITMAP_RANGE;
		s->hosts = 2u << (32 - netmask - 1);
		elements = (uint64_t)2 << (netmask - mask_bits - 1);
	}
	if (elements > IPS_MAX_RANGE + 1)
		return -IPSET_ERR_BITMAP_RANGE_SIZE;
	s->first_ip = first;
	s->last_ip = last;
	s->netmask = netmask;
	s->maxelem = (uint32_t)elements;
	ips_create_ext(s, tb);
	return 0;
}

/* bitmap_ip_uadt(): addresses of the set's range, each counted as the
 * network of the netmask it falls in */
static int bitmap_ip_uadt(struct ips_set *s, int cmd,
			  const struct nlattr *const tb[], bool exist_ok,
			  struct ips_ext *ext)
{
	struct ips_elem e = { .cidr = 32 };
	uint32_t ip, ip_to;
	uint8_t a[16];
	int err;

	if (!tb[IPSET_ATTR_IP] ||
	    !ips_ext_netorder_ok(tb))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], NFPROTO_IPV4, a);
	if (err < 0)
		return err;
	ip = ips_v4(a);
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	if (ip < s->first_ip || ip > s->last_ip)
		return -IPSET_ERR_BITMAP_RANGE;
	if (cmd == IPSET_CMD_TEST) {
		ips_set_v4(e.addr, ip & ips_hostmask(s->netmask));
		return ips_adt_one(s, cmd, &e, exist_ok);
	}
	if (tb[IPSET_ATTR_IP_TO]) {
		err = ips_get_addr(tb[IPSET_ATTR_IP_TO], NFPROTO_IPV4, a);
		if (err < 0)
			return err;
		ip_to = ips_v4(a);
		if (ip > ip_to) {
			uint32_t t = ip;

			ip = ip_to;
			ip_to = t;
			if (ip < s->first_ip)
				return -IPSET_ERR_BITMAP_RANGE;
		}
	} else if (tb[IPSET_ATTR_CIDR]) {
		uint8_t cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);

		if (!cidr || cidr > 32)
			return -IPSET_ERR_INVALID_CIDR;
		ip &= ips_hostmask(cidr);
		ip_to = ip | ~ips_hostmask(cidr);
	} else {
		ip_to = ip;
	}
	if (ip_to > s->last_ip)
		return -IPSET_ERR_BITMAP_RANGE;
	for (uint64_t x = ip; x <= ip_to; x += s->hosts) {
		ips_set_v4(e.addr, (uint32_t)x & ips_hostmask(s->netmask));
		err = ips_adt_one(s, cmd, &e, exist_ok);
		if (ips_range_stop(err, exist_ok))
			return err;
	}
	return 0;
}

/* bitmap_ip_do_head(): the range, and the netmask when not 32 */
static int bitmap_ip_head(struct unl_skb *skb, const struct ips_set *s)
{
	uint8_t a[16];

	ips_set_v4(a, s->first_ip);
	if (ips_put_addr(skb, IPSET_ATTR_IP, NFPROTO_IPV4, a))
		return -1;
	ips_set_v4(a, s->last_ip);
	if (ips_put_addr(skb, IPSET_ATTR_IP_TO, NFPROTO_IPV4, a))
		return -1;
	if (s->netmask != 32 &&
	    unl_nla_put_u8(skb, IPSET_ATTR_NETMASK, s->netmask))
		return -1;
	return 0;
}

/* bitmap_ip_do_list(): the address alone */
static int bitmap_ip_elem(struct unl_skb *skb, const struct ips_set *s,
			  const struct ips_elem *e)
{
	(void)s;
	return ips_put_addr(skb, IPSET_ATTR_IP, NFPROTO_IPV4, e->addr);
}

static uint32_t bitmap_ip_memsize(const struct ips_set *s)
{
	return ips_bitmap_memsize(88, s->maxelem, 0);
}

/* in the order of the range */
static uint32_t bitmap_ip_total(const struct ips_set *s)
{
	return s->maxelem;
}

static struct ips_elem *bitmap_ip_at(struct ips_set *s, uint32_t i)
{
	struct ips_elem key = { .cidr = 32 };

	ips_set_v4(key.addr, s->first_ip + i * s->hosts);
	return ips_elem_find(s, &key);
}

static bool bitmap_ip_same(const struct ips_set *a, const struct ips_set *b)
{
	return a->first_ip == b->first_ip && a->last_ip == b->last_ip &&
	       a->netmask == b->netmask;
}

const struct ips_type ip_set_bitmap_ip_type = {
	.name = "bitmap:ip",
	.rev_min = 0,
	.rev_max = 3,
	.family = NFPROTO_IPV4,
	.features = IPS_FEAT_IP,
	.feature = "IP_SET_BITMAP_IP",
	.create = bitmap_ip_create,
	.uadt = bitmap_ip_uadt,
	.head = bitmap_ip_head,
	.elem = bitmap_ip_elem,
	.memsize = bitmap_ip_memsize,
	.list_total = bitmap_ip_total,
	.list_at = bitmap_ip_at,
	.same = bitmap_ip_same,
};
