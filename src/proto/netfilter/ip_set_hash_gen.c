// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the hash types share, as Linux's ip_set_hash_gen.h does for
 * them: the create parameters (hashsize, maxelem, bucketsize, initval,
 * and hash:ip's netmask or bitmask), the add/del/test data of every
 * key layout (an address or network, a protocol and port, a second
 * address or network; IPv4 ranges walked element by element, as the
 * kernel adds them), the test of a host against the networks of a set
 * (most specific first, nomatch excluding), the header and the
 * elements' keys in a dump.  Each type is a table entry in a file of
 * its own (ip_set_hash_ip.c, ...).
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <netinet/in.h>
#include <linux/netfilter/ipset/ip_set_hash.h>

#include "proto/netfilter/ip_set_private.h"

static void ips_and(uint8_t *addr, const uint8_t *mask, size_t alen)
{
	for (size_t i = 0; i < alen; i++)
		addr[i] &= mask[i];
}

/* IPSET_ATTR_NETMASK (1 to the host mask) or IPSET_ATTR_BITMASK (an
 * address, not zero), not both: the mask every element is cut to */
static int ips_hash_create_netmask(struct ips_set *s,
				   const struct nlattr *const tb[])
{
	size_t alen = ips_alen(s->family);

	if (tb[IPSET_ATTR_NETMASK]) {
		uint8_t m = unl_nla_get_u8(tb[IPSET_ATTR_NETMASK]);

		if (!m || m > ips_host_mask(s->family))
			return -IPSET_ERR_INVALID_NETMASK;
		s->netmask = m;
		ips_mask(s->bitmask, m, alen);
	}
	if (tb[IPSET_ATTR_BITMASK]) {
		if (tb[IPSET_ATTR_NETMASK])
			return -IPS_ERR_BITMASK_NETMASK_EXCL;
		if (ips_get_addr(tb[IPSET_ATTR_BITMASK], s->family,
				 s->bitmask) < 0 ||
		    ips_is_zero(s->bitmask, alen))
			return -IPSET_ERR_INVALID_NETMASK;
		/* an IPv4 set's mask is the first four bytes of all ones */
		if (alen == 4)
			memset(s->bitmask + 4, 0xff, 12);
	}
	return 0;
}

/* hash_*_create(): the hash parameters, and for hash:ip its netmask
 * or bitmask (IP_SET_HASH_WITH_NETMASK; the other types ignore
 * them, as Linux does) */
int ips_hash_create(struct ips_set *s, const struct nlattr *const tb[])
{
	uint32_t hashsize = 1024, size;
	uint8_t host = ips_host_mask(s->family);

	if ((tb[IPSET_ATTR_HASHSIZE] && !NETORDER(tb[IPSET_ATTR_HASHSIZE])) ||
	    (tb[IPSET_ATTR_MAXELEM] && !NETORDER(tb[IPSET_ATTR_MAXELEM])) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	/* IP_SET_HASH_WITH_MARKMASK: in network order, not 0 */
	s->markmask = UINT32_MAX;
	if (s->type->mark && tb[IPSET_ATTR_MARKMASK]) {
		if (!NETORDER(tb[IPSET_ATTR_MARKMASK]))
			return -IPSET_ERR_PROTOCOL;
		s->markmask = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_MARKMASK]));
		if (!s->markmask)
			return -IPSET_ERR_INVALID_MARKMASK;
	}
	s->netmask = host;
	memset(s->bitmask, 0xff, sizeof(s->bitmask));
	if (s->type->netmask) {
		int err = ips_hash_create_netmask(s, tb);

		if (err < 0)
			return err;
	}
	/* the extensions: what else CADT_FLAGS holds is ignored */
	ips_create_ext(s, tb);
	if (tb[IPSET_ATTR_HASHSIZE]) {
		hashsize = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_HASHSIZE]));
		if (hashsize < IPS_HASH_MIN)
			hashsize = IPS_HASH_MIN;
	}
	/* htable_bits(): the power of two that holds it */
	for (size = 1; size < hashsize && size < (1u << 31); size <<= 1)
		;
	s->hashsize = size;
	s->maxelem = tb[IPSET_ATTR_MAXELEM]
			     ? ntohl(unl_nla_get_u32(tb[IPSET_ATTR_MAXELEM]))
			     : 65536;
	s->bucketsize = IPS_BUCKET_DEFAULT;
	if (tb[IPSET_ATTR_BUCKETSIZE]) {
		uint8_t b = unl_nla_get_u8(tb[IPSET_ATTR_BUCKETSIZE]);

		/* at least AHASH_INIT_SIZE, even, at most AHASH_MAX_TUNED */
		if (b < 2)
			b = 2;
		if (b % 2)
			b++;
		s->bucketsize = b > 64 ? 64 : b;
	}
	if (tb[IPSET_ATTR_INITVAL])
		s->initval = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_INITVAL]));
	return 0;
}

/* ip_set_proto_with_ports() */
bool ips_proto_with_ports(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_SCTP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		return true;
	}
	return false;
}

/* The networks of hash:ip,port,net's second range ip2..ip2_to, for
 * one address and port. */
static int ips_adt_ip2_range(struct ips_set *s, int cmd, struct ips_elem *e,
			     uint32_t ip2, uint32_t ip2_to, bool exist_ok)
{
	for (;;) {
		uint32_t last = ip2;
		int err;

		if (s->type->net2) {
			e->cidr2 = ips_range_cidr(ip2, ip2_to, &last);
			ips_set_v4(e->addr2, ip2);
		}
		err = ips_adt_one(s, cmd, e, exist_ok);
		if (ips_range_stop(err, exist_ok))
			return err;
		if (last >= ip2_to)
			return 0;
		ip2 = last + 1;
	}
}

static int ips_adt_port_range(struct ips_set *s, int cmd, struct ips_elem *e,
			      uint32_t ip, uint32_t ip_to, uint16_t port,
			      uint16_t port_to, uint32_t ip2, uint32_t ip2_to,
			      bool exist_ok)
{
	for (;;) {
		uint32_t last = ip;

		if (s->type->net)
			e->cidr = ips_range_cidr(ip, ip_to, &last);
		ips_set_v4(e->addr, ip);
		for (uint32_t p = port; p <= port_to; p++) {
			int err;

			e->port = htons((uint16_t)p);
			err = ips_adt_ip2_range(s, cmd, e, ip2, ip2_to,
						exist_ok);
			if (err < 0)
				return err;
		}
		if (last >= ip_to)
			return 0;
		ip = last + 1;
	}
}

/* hash_ipport{4,6}_uadt, hash_netport{4,6}_uadt, hash_ipportip{4,6}_uadt
 * after the address and the extensions: the second address, the
 * protocol and port, and the ranges of addresses and ports. */
static int ips_uadt_port(struct ips_set *s, int cmd,
			 const struct nlattr *const tb[], struct ips_elem *e,
			 bool exist_ok)
{
	bool v6 = s->family == NFPROTO_IPV6, with_ports;
	uint8_t host = ips_host_mask(s->family);
	uint32_t ip, ip_to, ip2, ip2_to;
	uint16_t port, port_to;
	int err;

	if (s->type->ip2) {
		err = ips_get_addr(tb[IPSET_ATTR_IP2], s->family, e->addr2);
		if (err < 0)
			return err;
	}
	if (s->type->net2) {
		e->cidr2 = host;
		if (tb[IPSET_ATTR_CIDR2]) {
			e->cidr2 = unl_nla_get_u8(tb[IPSET_ATTR_CIDR2]);
			if (!e->cidr2 || e->cidr2 > host)
				return -IPSET_ERR_INVALID_CIDR;
		}
	}
	if (s->type->net && tb[IPSET_ATTR_CIDR]) {
		e->cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);
		if (!e->cidr || e->cidr > host)
			return -IPSET_ERR_INVALID_CIDR;
	}
	with_ports = false;
	if (s->type->port) {
		e->port = unl_nla_get_u16(tb[IPSET_ATTR_PORT]);
		if (!tb[IPSET_ATTR_PROTO])
			return -IPSET_ERR_MISSING_PROTO;
		e->proto = unl_nla_get_u8(tb[IPSET_ATTR_PROTO]);
		if (!e->proto)
			return -IPSET_ERR_INVALID_PROTO;
		with_ports = ips_proto_with_ports(e->proto);
		/* ICMP keeps its type and code in the port */
		if (!with_ports &&
		    e->proto != (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP))
			e->port = 0;
		with_ports = with_ports && tb[IPSET_ATTR_PORT_TO];
	}
	if (v6) {
		if (tb[IPSET_ATTR_IP_TO] || tb[IPSET_ATTR_IP2_TO])
			return -IPSET_ERR_HASH_RANGE_UNSUPPORTED;
		if (!s->type->net && tb[IPSET_ATTR_CIDR] &&
		    unl_nla_get_u8(tb[IPSET_ATTR_CIDR]) != host)
			return -IPSET_ERR_INVALID_CIDR;
	}
	if (s->type->net)
		ips_mask(e->addr, e->cidr, ips_alen(s->family));
	if (s->type->net2)
		ips_mask(e->addr2, e->cidr2, ips_alen(s->family));
	if (cmd == IPSET_CMD_TEST ||
	    !(with_ports ||
	      (!v6 && (tb[IPSET_ATTR_IP_TO] || tb[IPSET_ATTR_IP2_TO] ||
		       (!s->type->net && tb[IPSET_ATTR_CIDR]))))) {
		/* hash:net,net's bitmask cuts both networks of one element
		 * (a range's are not cut); an IPv6 host :: is no element */
		if (s->type->netmask && s->type->net2) {
			ips_and(e->addr, s->bitmask, ips_alen(s->family));
			ips_and(e->addr2, s->bitmask, ips_alen(s->family));
			if (v6 && e->cidr == host &&
			    ips_is_zero(e->addr, ips_alen(s->family)))
				return -IPSET_ERR_HASH_ELEM;
		}
		return ips_adt_one(s, cmd, e, exist_ok);
	}
	port = port_to = ntohs(e->port);
	if (with_ports) {
		port_to = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT_TO]));
		if (port > port_to) {
			uint16_t t = port;

			port = port_to;
			port_to = t;
		}
	}
	if (v6) {
		for (uint32_t p = port; p <= port_to; p++) {
			e->port = htons((uint16_t)p);
			err = ips_adt_one(s, cmd, e, exist_ok);
			if (ips_range_stop(err, exist_ok))
				return err;
		}
		return 0;
	}
	ip = ips_v4(e->addr);
	ip_to = ip;
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
		if (s->type->net && ip == 0 && ip_to == UINT32_MAX)
			return -IPSET_ERR_HASH_RANGE;
	} else {
		uint8_t cidr = s->type->net ? e->cidr : host;

		if (!s->type->net && tb[IPSET_ATTR_CIDR]) {
			cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);
			if (!cidr || cidr > host)
				return -IPSET_ERR_INVALID_CIDR;
		}
		ip &= cidr ? ~(uint32_t)0 << (32 - cidr) : 0;
		ip_to = ip | (cidr < 32 ? ~(uint32_t)0 >> cidr : 0);
	}
	if (!s->type->net)
		e->cidr = host;
	ip2 = ip2_to = ips_v4(e->addr2);
	if (s->type->net2 && tb[IPSET_ATTR_IP2_TO]) {
		uint8_t to[16];

		err = ips_get_addr(tb[IPSET_ATTR_IP2_TO], s->family, to);
		if (err < 0)
			return err;
		ip2_to = ips_v4(to);
		if (ip2 > ip2_to) {
			uint32_t t = ip2;

			ip2 = ip2_to;
			ip2_to = t;
		}
		if (ip2 == 0 && ip2_to == UINT32_MAX)
			return -IPSET_ERR_HASH_RANGE;
	} else if (s->type->net2) {
		ip2_to = ip2 | (e->cidr2 < 32 ? ~(uint32_t)0 >> e->cidr2 : 0);
	}
	return ips_adt_port_range(s, cmd, e, ip, ip_to, port, port_to, ip2,
				  ip2_to, exist_ok);
}

/* The elements of one ADT data nest (hash_ip{4,6}_uadt,
 * hash_net{4,6}_uadt, and with ips_uadt_port() the types with a port),
 * each passed to ips_adt_one(). */
int ips_hash_uadt(struct ips_set *s, int cmd, const struct nlattr *const tb[],
		  bool exist_ok, struct ips_ext *ext)
{
	uint8_t host = ips_host_mask(s->family);
	size_t alen = ips_alen(s->family);
	struct ips_elem e = { .cidr = host };
	uint32_t ip, ip_to;
	int err;

	if (!tb[IPSET_ATTR_IP] ||
	    (s->type->port &&
	     (!tb[IPSET_ATTR_PORT] || !NETORDER(tb[IPSET_ATTR_PORT]) ||
	      (tb[IPSET_ATTR_PORT_TO] && !NETORDER(tb[IPSET_ATTR_PORT_TO])))) ||
	    (s->type->ip2 && !tb[IPSET_ATTR_IP2]) ||
	    (s->type->iface && !tb[IPSET_ATTR_IFACE]) ||
	    (s->type->mac && (!tb[IPSET_ATTR_ETHER] ||
			      unl_nla_len(tb[IPSET_ATTR_ETHER]) != 6)) ||
	    !ips_ext_netorder_ok(tb))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], s->family, e.addr);
	if (err < 0)
		return err;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	/* of CADT_FLAGS, a type with nomatch reads that flag alone */
	if ((s->type->features & IPS_FEAT_NOMATCH) &&
	    tb[IPSET_ATTR_CADT_FLAGS] &&
	    (ntohl(unl_nla_get_u32(tb[IPSET_ATTR_CADT_FLAGS])) &
	     IPSET_FLAG_NOMATCH))
		s->nomatch = true;
	/* hash:ip,mac: an address and a MAC, not zero; no ranges */
	if (s->type->mac) {
		static const uint8_t zero[6];

		memcpy(e.mac, unl_nla_data(tb[IPSET_ATTR_ETHER]), 6);
		if (!memcmp(e.mac, zero, 6))
			return -IPSET_ERR_HASH_ELEM;
		return ips_adt_one(s, cmd, &e, exist_ok);
	}
	/* a port or a second address (hash:net,net): the rest there */
	if (s->type->port || s->type->ip2)
		return ips_uadt_port(s, cmd, tb, &e, exist_ok);
	if (s->type->net && tb[IPSET_ATTR_CIDR]) {
		e.cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);
		/* hash:net,iface takes /0 */
		if ((!e.cidr && !s->type->iface) || e.cidr > host)
			return -IPSET_ERR_INVALID_CIDR;
	}
	if (s->type->iface) {
		unl_nla_strscpy(e.iface, tb[IPSET_ATTR_IFACE], IFNAMSIZ);
		e.physdev = tb[IPSET_ATTR_CADT_FLAGS] &&
			    (ntohl(unl_nla_get_u32(tb[IPSET_ATTR_CADT_FLAGS])) &
			     IPSET_FLAG_PHYSDEV);
	}
	if (s->family == NFPROTO_IPV6) {
		if (tb[IPSET_ATTR_IP_TO])
			return -IPSET_ERR_HASH_RANGE_UNSUPPORTED;
		if (!s->type->net && tb[IPSET_ATTR_CIDR] &&
		    unl_nla_get_u8(tb[IPSET_ATTR_CIDR]) != host)
			return -IPSET_ERR_INVALID_CIDR;
		ips_mask(e.addr, e.cidr, alen);
		ips_and(e.addr, s->bitmask, alen);
		if (!s->type->net && ips_is_zero(e.addr, alen))
			return -IPSET_ERR_HASH_ELEM;
		return ips_adt_one(s, cmd, &e, exist_ok);
	}
	ip = ips_v4(e.addr);
	if (s->type->net) {
		if (cmd == IPSET_CMD_TEST || !tb[IPSET_ATTR_IP_TO]) {
			ips_mask(e.addr, e.cidr, alen);
			return ips_adt_one(s, cmd, &e, exist_ok);
		}
	} else {
		ip &= ips_v4(s->bitmask);
		ips_set_v4(e.addr, ip);
		if (!ip)
			return -IPSET_ERR_HASH_ELEM;
		if (cmd == IPSET_CMD_TEST)
			return ips_adt_one(s, cmd, &e, exist_ok);
	}
	ip_to = ip;
	if (tb[IPSET_ATTR_IP_TO]) {
		uint8_t to[16];

		err = ips_get_addr(tb[IPSET_ATTR_IP_TO], s->family, to);
		if (err < 0)
			return err;
		ip_to = ips_v4(to);
		if (ip > ip_to) {
			if (!s->type->net && !ip_to)
				return -IPSET_ERR_HASH_ELEM;
			uint32_t t = ip;
			ip = ip_to;
			ip_to = t;
		}
		if (s->type->net && ip == 0 && ip_to == UINT32_MAX)
			return -IPSET_ERR_HASH_RANGE;
	} else if (tb[IPSET_ATTR_CIDR]) {
		uint8_t cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);

		if (!cidr || cidr > 32)
			return -IPSET_ERR_INVALID_CIDR;
		ip &= cidr ? ~(uint32_t)0 << (32 - cidr) : 0;
		ip_to = ip | (cidr < 32 ? ~(uint32_t)0 >> cidr : 0);
	}
	/* Linux 6.18 takes a range of any size: maxelem ends it
	 * (IPSET_ERR_HASH_FULL) */
	for (;;) {
		uint32_t last = ip;

		if (s->type->net)
			e.cidr = ips_range_cidr(ip, ip_to, &last);
		else if (s->netmask < 32) /* a network of the netmask each */
			last = ip + ((uint32_t)1 << (32 - s->netmask)) - 1;
		ips_set_v4(e.addr, ip & ips_v4(s->bitmask));
		err = ips_adt_one(s, cmd, &e, exist_ok);
		if (ips_range_stop(err, exist_ok))
			return err;
		if (last >= ip_to)
			return 0;
		ip = last + 1;
	}
}

/* The memory a kernel's hash of this size would take: its table of
 * bucket pointers and the buckets in use (mtype_ahash_memsize), with
 * struct sizes of x86_64. */
uint32_t ips_hash_memsize(const struct ips_set *s)
{
	bool v6 = s->family == NFPROTO_IPV6;
	/* sizeof(struct hash_*{4,6}_elem) */
	uint32_t dsize = s->type->mark ? (v6 ? 20 : 8)
			 : s->type->proto_undef ? 8
			 : s->type->net2	    ? (v6 ? 40 : 16)
			 : s->type->ip2	    ? (v6 ? 36 : 12)
			 : s->type->port    ? (v6 ? 20 : 8)
			 : s->type->net	    ? (v6 ? 20 : 8)
					    : (v6 ? 16 : 4);
	uint32_t buckets = s->n < s->hashsize ? s->n : s->hashsize;

	return 88 + 8 * s->hashsize / 64 + buckets * 24 +
	       s->n * dsize;
}


/* mtype_test_cidrs(): a host (or a host's second address) is in the
 * set when the most specific network holding it is, and not nomatch */
int ips_hash_test(struct ips_set *s, const struct ips_elem *e)
{
	uint8_t host = ips_host_mask(s->family);
	size_t alen = ips_alen(s->family);
	bool first = s->type->net && e->cidr == host;
	bool second = s->type->net2 && e->cidr2 == host;
	/* hash:net,iface keeps /0 networks, which Linux's test of an IPv4
	 * host never reaches (its list of prefixes ends at one of 0) but
	 * an IPv6 host's does */
	int least = s->type->iface && s->family == NFPROTO_IPV6 ? 0 : 1;
	struct ips_elem k = *e;

	for (int c = first ? host : e->cidr; c >= (first ? least : e->cidr);
	     c--) {
		for (int c2 = second ? host : e->cidr2;
		     c2 >= (second ? 1 : e->cidr2); c2--) {
			const struct ips_elem *x;

			memcpy(k.addr, e->addr, 16);
			memcpy(k.addr2, e->addr2, 16);
			if (s->type->net) {
				k.cidr = (uint8_t)c;
				ips_mask(k.addr, k.cidr, alen);
			}
			if (s->type->net2) {
				k.cidr2 = (uint8_t)c2;
				ips_mask(k.addr2, k.cidr2, alen);
			}
			x = ips_elem_find(s, &k);
			if (x)
				return x->nomatch ? -ENOTEMPTY : 1;
		}
	}
	return 0;
}

/* mtype_head(): the hash parameters, the bitmask or netmask given */
int ips_hash_head(struct unl_skb *skb, const struct ips_set *s)
{
	size_t alen = ips_alen(s->family);
	static const uint8_t ones[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					  0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					  0xff, 0xff, 0xff, 0xff };

	if (unl_nla_put_u32(skb, IPSET_ATTR_HASHSIZE | NLA_F_NET_BYTEORDER,
			    htonl(s->hashsize)) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_MAXELEM | NLA_F_NET_BYTEORDER,
			    htonl(s->maxelem)))
		return -1;
	if (s->type->netmask && s->netmask == ips_host_mask(s->family) &&
	    memcmp(s->bitmask, ones, alen) &&
	    ips_put_addr(skb, IPSET_ATTR_BITMASK, s->family, s->bitmask))
		return -1;
	if (s->type->netmask && s->netmask != ips_host_mask(s->family) &&
	    unl_nla_put_u8(skb, IPSET_ATTR_NETMASK, s->netmask))
		return -1;
	/* the markmask alone goes in host order, without the flag */
	if (s->type->mark &&
	    unl_nla_put_u32(skb, IPSET_ATTR_MARKMASK, s->markmask))
		return -1;
	if (unl_nla_put_u8(skb, IPSET_ATTR_BUCKETSIZE, s->bucketsize) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_INITVAL | NLA_F_NET_BYTEORDER,
			    htonl(s->initval)))
		return -1;
	return 0;
}

/* hash_*_data_list(): the key, and the nomatch flag */
int ips_hash_elem(struct unl_skb *skb, const struct ips_set *s,
		  const struct ips_elem *e)
{
	if (ips_put_addr(skb, IPSET_ATTR_IP, s->family, e->addr))
		return -1;
	if (s->type->mark &&
	    unl_nla_put_u32(skb, IPSET_ATTR_MARK | NLA_F_NET_BYTEORDER,
			    htonl(e->mark)))
		return -1;
	if (s->type->ip2 &&
	    ips_put_addr(skb, IPSET_ATTR_IP2, s->family, e->addr2))
		return -1;
	if (s->type->net2 && unl_nla_put_u8(skb, IPSET_ATTR_CIDR2, e->cidr2))
		return -1;
	if (s->type->port &&
	    unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER, e->port))
		return -1;
	if (s->type->iface && unl_nla_put_string(skb, IPSET_ATTR_IFACE, e->iface))
		return -1;
	if (s->type->mac && unl_nla_put(skb, IPSET_ATTR_ETHER, 6, e->mac))
		return -1;
	if (s->type->net && unl_nla_put_u8(skb, IPSET_ATTR_CIDR, e->cidr))
		return -1;
	if (s->type->port && unl_nla_put_u8(skb, IPSET_ATTR_PROTO, e->proto))
		return -1;
	if ((e->nomatch || e->physdev) &&
	    unl_nla_put_u32(skb, IPSET_ATTR_CADT_FLAGS | NLA_F_NET_BYTEORDER,
			    htonl((e->nomatch ? IPSET_FLAG_NOMATCH : 0) |
				  (e->physdev ? IPSET_FLAG_PHYSDEV : 0))))
		return -1;
	return 0;
}

/* mtype_same_set() beyond the core's: the bitmask (a netmask's too),
 * all ones when none was given, whatever the family */
bool ips_hash_same(const struct ips_set *a, const struct ips_set *b)
{
	return !memcmp(a->bitmask, b->bitmask, sizeof(a->bitmask)) &&
	       a->markmask == b->markmask;
}
