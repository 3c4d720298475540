// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bitmap:port (net/netfilter/ipset/ip_set_bitmap_port.c): the ports of
 * a range, of no family, listed in order.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_bitmap.h>

#include "proto/netfilter/ip_set_private.h"

/* bitmap_port_create(): the range, either way round */
static int bitmap_port_create(struct ips_set *s,
			      const struct nlattr *const tb[])
{
	uint16_t a, b;

	if (!tb[IPSET_ATTR_PORT] || !NETORDER(tb[IPSET_ATTR_PORT]) ||
	    !tb[IPSET_ATTR_PORT_TO] || !NETORDER(tb[IPSET_ATTR_PORT_TO]) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	a = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT]));
	b = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT_TO]));
	s->first_port = a < b ? a : b;
	s->last_port = a < b ? b : a;
	s->maxelem = (uint32_t)s->last_port - s->first_port + 1;
	ips_create_ext(s, tb);
	return 0;
}

/* bitmap_port_uadt(): ports of the set's range */
static int bitmap_port_uadt(struct ips_set *s, int cmd,
			    const struct nlattr *const tb[], bool exist_ok,
			    struct ips_ext *ext)
{
	struct ips_elem e = { .proto = 0 };
	uint32_t port, port_to;
	int err;

	if (!tb[IPSET_ATTR_PORT] || !NETORDER(tb[IPSET_ATTR_PORT]) ||
	    (tb[IPSET_ATTR_PORT_TO] && !NETORDER(tb[IPSET_ATTR_PORT_TO])) ||
	    !ips_ext_netorder_ok(tb))
		return -IPSET_ERR_PROTOCOL;
	port = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT]));
	if (port < s->first_port || port > s->last_port)
		return -IPSET_ERR_BITMAP_RANGE;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	if (cmd == IPSET_CMD_TEST) {
		e.port = htons((uint16_t)port);
		return ips_adt_one(s, cmd, &e, exist_ok);
	}
	port_to = port;
	if (tb[IPSET_ATTR_PORT_TO]) {
		port_to = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT_TO]));
		if (port > port_to) {
			uint32_t t = port;

			port = port_to;
			port_to = t;
			if (port < s->first_port)
				return -IPSET_ERR_BITMAP_RANGE;
		}
		if (port_to > s->last_port)
			return -IPSET_ERR_BITMAP_RANGE;
	}
	for (; port <= port_to; port++) {
		e.port = htons((uint16_t)port);
		err = ips_adt_one(s, cmd, &e, exist_ok);
		if (ips_range_stop(err, exist_ok))
			return err;
	}
	return 0;
}

/* bitmap_port_do_head(): the range */
static int bitmap_port_head(struct unl_skb *skb, const struct ips_set *s)
{
	return unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER,
			       htons(s->first_port)) ||
			       unl_nla_put_u16(skb,
					       IPSET_ATTR_PORT_TO |
						       NLA_F_NET_BYTEORDER,
					       htons(s->last_port))
		       ? -1
		       : 0;
}

/* bitmap_port_do_list(): the port alone */
static int bitmap_port_elem(struct unl_skb *skb, const struct ips_set *s,
			    const struct ips_elem *e)
{
	(void)s;
	return unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER,
			       e->port)
		       ? -1
		       : 0;
}

static uint32_t bitmap_port_memsize(const struct ips_set *s)
{
	uint32_t elements = (uint32_t)s->last_port - s->first_port + 1;

	return ips_bitmap_memsize(80, elements, 0);
}

/* in the order of the range */
static uint32_t bitmap_port_total(const struct ips_set *s)
{
	return (uint32_t)s->last_port - s->first_port + 1;
}

static struct ips_elem *bitmap_port_at(struct ips_set *s, uint32_t i)
{
	struct ips_elem key = { .port = htons((uint16_t)(s->first_port + i)) };

	return ips_elem_find(s, &key);
}

static bool bitmap_port_same(const struct ips_set *a, const struct ips_set *b)
{
	return a->first_port == b->first_port && a->last_port == b->last_port;
}

const struct ips_type ip_set_bitmap_port_type = {
	.name = "bitmap:port",
	.rev_min = 0,
	.rev_max = 3,
	.no_family = true,
	.features = IPS_FEAT_PORT,
	.feature = "IP_SET_BITMAP_PORT",
	.create = bitmap_port_create,
	.uadt = bitmap_port_uadt,
	.head = bitmap_port_head,
	.elem = bitmap_port_elem,
	.memsize = bitmap_port_memsize,
	.list_total = bitmap_port_total,
	.list_at = bitmap_port_at,
	.same = bitmap_port_same,
};
