// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bitmap:ip,mac (net/netfilter/ipset/ip_set_bitmap_ipmac.c): the IPv4
 * addresses of a range, each with the MAC address it was given or
 * later learnt (an add with a MAC fills in one added without), listed
 * in order.  The MAC is a value of the element, not part of its key: a
 * del names the address alone, a test with a MAC compares it.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_bitmap.h>

#include "proto/netfilter/ip_set_private.h"

#define IPMAC_ETH_ALEN 6

/* bitmap_ipmac_create(): a range of at most 65536 addresses */
static int bitmap_ipmac_create(struct ips_set *s,
			       const struct nlattr *const tb[])
{
	uint32_t first, last;
	int err;

	err = ips_bitmap_v4_range(tb, &first, &last);
	if (err < 0)
		return err;
	if ((uint64_t)last - first + 1 > IPS_MAX_RANGE + 1)
		return -IPSET_ERR_BITMAP_RANGE_SIZE;
	s->first_ip = first;
	s->last_ip = last;
	s->hosts = 1;
	s->maxelem = last - first + 1;
	ips_create_ext(s, tb);
	return 0;
}

/* bitmap_ipmac_do_add(): an address already there takes a MAC it
 * lacked; one with a MAC takes another only with -exist */
static int bitmap_ipmac_add(struct ips_set *s, const struct ips_elem *e,
			    bool exist_ok)
{
	struct ips_elem *x = ips_elem_find(s, e);

	if (!x)
		return ips_elem_new(s, e);
	if (!x->has_vmac && e->has_vmac) {
		memcpy(x->vmac, e->vmac, IPMAC_ETH_ALEN);
		x->has_vmac = true;
		return 0;
	}
	if (!exist_ok)
		return -IPSET_ERR_EXIST;
	if (e->has_vmac)
		memcpy(x->vmac, e->vmac, IPMAC_ETH_ALEN);
	return ips_elem_set_ext(s, x, false);
}

/* bitmap_ipmac_uadt() with its do_add, do_del and do_test */
static int bitmap_ipmac_uadt(struct ips_set *s, int cmd,
			     const struct nlattr *const tb[], bool exist_ok,
			     struct ips_ext *ext)
{
	struct ips_elem e = { .cidr = 32 }, *x;
	uint8_t a[16];
	uint32_t ip;
	int err;

	if (!tb[IPSET_ATTR_IP] || !ips_ext_netorder_ok(tb))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], NFPROTO_IPV4, a);
	if (err < 0)
		return err;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	ip = ips_v4(a);
	if (ip < s->first_ip || ip > s->last_ip)
		return -IPSET_ERR_BITMAP_RANGE;
	ips_set_v4(e.addr, ip);
	if (tb[IPSET_ATTR_ETHER]) {
		if (unl_nla_len(tb[IPSET_ATTR_ETHER]) != IPMAC_ETH_ALEN)
			return -IPSET_ERR_PROTOCOL;
		memcpy(e.vmac, unl_nla_data(tb[IPSET_ATTR_ETHER]),
		       IPMAC_ETH_ALEN);
		e.has_vmac = true;
	}
	switch (cmd) {
	case IPSET_CMD_TEST:
		/* without a MAC to compare, the address is enough */
		x = ips_elem_find(s, &e);
		if (!x)
			return 0;
		return e.has_vmac && x->has_vmac
			       ? !memcmp(e.vmac, x->vmac, IPMAC_ETH_ALEN)
			       : 1;
	case IPSET_CMD_ADD:
		err = bitmap_ipmac_add(s, &e, exist_ok);
		return err == -IPSET_ERR_EXIST && exist_ok ? 0 : err;
	}
	return ips_adt_one(s, cmd, &e, exist_ok);
}

/* bitmap_ipmac_head(): the range */
static int bitmap_ipmac_head(struct unl_skb *skb, const struct ips_set *s)
{
	uint8_t a[16];

	ips_set_v4(a, s->first_ip);
	if (ips_put_addr(skb, IPSET_ATTR_IP, NFPROTO_IPV4, a))
		return -1;
	ips_set_v4(a, s->last_ip);
	return ips_put_addr(skb, IPSET_ATTR_IP_TO, NFPROTO_IPV4, a);
}

/* bitmap_ipmac_do_list(): the address, and its MAC when it has one */
static int bitmap_ipmac_elem(struct unl_skb *skb, const struct ips_set *s,
			     const struct ips_elem *e)
{
	(void)s;
	if (ips_put_addr(skb, IPSET_ATTR_IP, NFPROTO_IPV4, e->addr))
		return -1;
	return e->has_vmac && unl_nla_put(skb, IPSET_ATTR_ETHER,
					  IPMAC_ETH_ALEN, e->vmac)
		       ? -1
		       : 0;
}

/* struct bitmap_ipmac, and an element (MAC and filled flag) each */
static uint32_t bitmap_ipmac_memsize(const struct ips_set *s)
{
	return ips_bitmap_memsize(80, s->maxelem, 8);
}

static uint32_t bitmap_ipmac_total(const struct ips_set *s)
{
	return s->maxelem;
}

static struct ips_elem *bitmap_ipmac_at(struct ips_set *s, uint32_t i)
{
	struct ips_elem key = { .cidr = 32 };

	ips_set_v4(key.addr, s->first_ip + i);
	return ips_elem_find(s, &key);
}

static bool bitmap_ipmac_same(const struct ips_set *a,
			      const struct ips_set *b)
{
	return a->first_ip == b->first_ip && a->last_ip == b->last_ip;
}

const struct ips_type ip_set_bitmap_ipmac_type = {
	.name = "bitmap:ip,mac",
	.rev_min = 0,
	.rev_max = 3,
	.family = NFPROTO_IPV4,
	.features = IPS_FEAT_IP | IPS_FEAT_MAC,
	.feature = "IP_SET_BITMAP_IPMAC",
	.create = bitmap_ipmac_create,
	.uadt = bitmap_ipmac_uadt,
	.head = bitmap_ipmac_head,
	.elem = bitmap_ipmac_elem,
	.memsize = bitmap_ipmac_memsize,
	.list_total = bitmap_ipmac_total,
	.list_at = bitmap_ipmac_at,
	.same = bitmap_ipmac_same,
};
