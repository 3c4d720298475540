// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NFNL_SUBSYS_IPSET: the sets of a net as net/netfilter/ipset/
 * ip_set_core.c serves them to the ipset tool, for the types hash:ip,
 * hash:net, hash:ip,port, hash:net,port, hash:ip,port,ip and
 * hash:ip,port,net (IPv4 and IPv6), bitmap:port and bitmap:ip (their
 * elements the ports or IPv4 addresses of a range, listed in order); each but the first two when the
 * profile has its Kconfig symbol.  A set is a name, a type at a revision, a
 * family, the hash parameters it reports (hashsize, maxelem, bucketsize,
 * initval) and its elements, in an index table of IPSET_MAX slots.
 *
 * No packet is ever matched, so the elements are an array in the order
 * they came, with an index (open addressing) that finds one in constant
 * time, as the kernel's hash does: a range of 65536 addresses is added
 * in linear time.  What the kernel's hash
 * makes of its memory (IPSET_ATTR_MEMSIZE) and the order of a dump are
 * the kernel's own (docs/conformance.md).  The extensions (timeout,
 * counters, comment, skbinfo, forceadd) are kept per element; an element
 * whose timeout ran out goes when the set is next looked at.  Netmask
 * and nomatch are not modelled: refused with EOPNOTSUPP rather than
 * dropped.  Rules of iptables-nft hold sets by index (ip_set.h: the xt
 * set match and SET target of nft_compat.c, and getsockopt(SO_IP_SET),
 * which names them); a set held is neither destroyed nor renamed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/ipset/ip_set_bitmap.h>
#include <linux/netfilter/ipset/ip_set_hash.h>
#include <linux/netfilter/nfnetlink.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "proto/netfilter/ip_set.h"
#include "proto/netfilter/nfnetlink.h"

#define IPS_MAX_SETS 256 /* CONFIG_IP_SET_MAX */
#define IPS_NAME_LEN 32  /* IPSET_MAXNAMELEN */
#define IPS_PROTO 7      /* IPSET_PROTOCOL */
#define IPS_PROTO_MIN 6  /* IPSET_PROTOCOL_MIN */
#define IPS_HASH_MIN 64  /* IPSET_MIMINAL_HASHSIZE */
#define IPS_BUCKET_DEFAULT 12 /* AHASH_MAX_SIZE */
#define IPS_MAX_RANGE 0x0000FFFFu /* IPSET_BITMAP_MAX_RANGE */

/* struct ip_set_type, those modelled. */
struct ips_type {
	const char *name;
	uint8_t rev_min, rev_max;
	bool net;  /* hash:net*: elements carry a prefix length */
	bool port; /* *,port*: a protocol and a port */
	bool ip2;  /* hash:ip,port,ip|net: a second address */
	const char *feature; /* its module's Kconfig symbol; NULL: always */
	bool net2; /* hash:ip,port,net: the second one a network */
	bool bitmap_port; /* bitmap:port: ports of a range, of no family */
	bool bitmap_ip;   /* bitmap:ip: IPv4 addresses (or networks) of a range */
};

static const struct ips_type ips_types[] = {
	{ "hash:ip", 0, 6, false, false, false, NULL },
	{ "hash:net", 0, 7, true, false, false, NULL },
	{ "hash:ip,port", 0, 7, false, true, false, "IP_SET_HASH_IPPORT" },
	{ "hash:net,port", 0, 8, true, true, false, "IP_SET_HASH_NETPORT" },
	{ "hash:ip,port,ip", 0, 6, false, true, true, "IP_SET_HASH_IPPORTIP" },
	{ "hash:ip,port,net", 0, 8, false, true, true, "IP_SET_HASH_IPPORTNET",
	  true },
	{ "bitmap:port", 0, 3, false, false, false, "IP_SET_BITMAP_PORT",
	  false, true },
	{ "bitmap:ip", 0, 3, false, false, false, "IP_SET_BITMAP_IP", false,
	  false, true },
};

/* An element: its key (what its type lacks stays 0), then the values
 * of the set's extensions, which the key's hash and equality ignore. */
struct ips_elem {
	uint8_t addr[16];
	uint8_t cidr;
	uint8_t proto;
	uint16_t port; /* network order */
	uint8_t addr2[16];
	uint8_t cidr2; /* of addr2, for hash:ip,port,net */
	/* timeout: when it expires (ms of the net's clock), 0 never */
	int64_t expires_ms;
	uint64_t bytes, packets;
	char *comment;
	uint32_t skbmark, skbmarkmask, skbprio;
	uint16_t skbqueue;
};

/* What an add gives an element besides its key (struct ip_set_ext):
 * the counters only when given. */
struct ips_ext {
	bool has_timeout, has_bytes, has_packets;
	uint32_t timeout;
	uint64_t bytes, packets;
	const char *comment;
	uint32_t skbmark, skbmarkmask, skbprio;
	uint16_t skbqueue;
};

/* IPSET_MAX_TIMEOUT: what fits in jiffies of HZ 250 */
#define IPS_MAX_TIMEOUT (0x7fffffffu / 250)
#define IPS_CADT_WITH_ (IPSET_FLAG_WITH_COUNTERS | IPSET_FLAG_WITH_COMMENT | \
			IPSET_FLAG_WITH_SKBINFO | IPSET_FLAG_WITH_FORCEADD)

struct ips_net;

struct ips_set {
	char name[IPS_NAME_LEN];
	const struct ips_type *type;
	struct ips_net *in;
	uint8_t family, revision, bucketsize;
	uint32_t hashsize, maxelem, initval;
	/* the kernel components holding it (struct ip_set's ref): the
	 * set match and SET target of iptables rules */
	uint32_t ref;
	/* extensions: a default timeout (with_timeout), and the
	 * IPSET_FLAG_WITH_* of its creation */
	bool with_timeout;
	uint32_t timeout;
	uint32_t cadt_with;
	/* bitmap:port: its range (host order) */
	uint16_t first_port, last_port;
	/* bitmap:ip: its range (host order), and the addresses each
	 * element covers (netmask) */
	uint32_t first_ip, last_ip, hosts;
	uint8_t netmask;
	/* the extensions of the add under way, for each element it makes */
	const struct ips_ext *ext;
	struct ips_elem *elems;
	uint32_t n, cap;
	/* The index: a power of two of slots, each 0 (empty), IPS_TOMB (a
	 * deleted one) or an element's position + 1. */
	uint32_t *slot;
	uint32_t nslot, used; /* used: slots not empty, tombstones too */
};

#define IPS_TOMB UINT32_MAX

struct ips_net {
	struct unl_net *net;
	struct ips_set *sets[IPS_MAX_SETS];
	uint32_t seed; /* initvals: get_random_u32() there */
};

static struct ips_net *ips_net_of(const struct nfnl_info *info)
{
	return info->priv;
}

static size_t ips_alen(uint8_t family)
{
	return family == NFPROTO_IPV6 ? 16 : 4;
}

static uint8_t ips_host_mask(uint8_t family)
{
	return family == NFPROTO_IPV6 ? 128 : 32;
}

/* ---- policies ---- */

#define NETORDER(a) (((a)->nla_type & NLA_F_NET_BYTEORDER) != 0)

static const struct unl_nla_policy ips_cmd_policy[IPSET_ATTR_CMD_MAX + 1] = {
	[IPSET_ATTR_PROTOCOL] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_SETNAME] = { .type = UNL_NLA_NUL_STRING,
				 .len = IPS_NAME_LEN - 1 },
	[IPSET_ATTR_TYPENAME] = { .type = UNL_NLA_NUL_STRING,
				  .len = IPS_NAME_LEN - 1 },
	[IPSET_ATTR_REVISION] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_FAMILY] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_FLAGS] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_DATA] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_ADT] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_LINENO] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_INDEX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	ips_create_policy[IPSET_ATTR_CREATE_MAX + 1] = {
	[IPSET_ATTR_HASHSIZE] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_MAXELEM] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[IPSET_ATTR_PORT_TO] = { .type = UNL_NLA_U16 },
	[IPSET_ATTR_NETMASK] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_BUCKETSIZE] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_RESIZE] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_TIMEOUT] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_CADT_FLAGS] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_MARKMASK] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_INITVAL] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy ips_adt_policy[IPSET_ATTR_ADT_MAX + 1] = {
	[IPSET_ATTR_IP] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_IP_TO] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_CIDR] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[IPSET_ATTR_PORT_TO] = { .type = UNL_NLA_U16 },
	[IPSET_ATTR_PROTO] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_IP2] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_CIDR2] = { .type = UNL_NLA_U8 },
	[IPSET_ATTR_IP2_TO] = { .type = UNL_NLA_NESTED },
	[IPSET_ATTR_TIMEOUT] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_CADT_FLAGS] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_LINENO] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_BYTES] = { .type = UNL_NLA_U64 },
	[IPSET_ATTR_PACKETS] = { .type = UNL_NLA_U64 },
	[IPSET_ATTR_COMMENT] = { .type = UNL_NLA_NUL_STRING, .len = 255 },
	[IPSET_ATTR_SKBMARK] = { .type = UNL_NLA_U64 },
	[IPSET_ATTR_SKBPRIO] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_SKBQUEUE] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	ips_ipaddr_policy[IPSET_ATTR_IPADDR_MAX + 1] = {
	[IPSET_ATTR_IPADDR_IPV4] = { .type = UNL_NLA_U32 },
	[IPSET_ATTR_IPADDR_IPV6] = { .type = UNL_NLA_BINARY, .len = 16 },
};

/* protocol_min_failed() */
static bool ips_protocol_failed(const struct nlattr *const attr[])
{
	uint8_t p;

	if (!attr[IPSET_ATTR_PROTOCOL])
		return true;
	p = unl_nla_get_u8(attr[IPSET_ATTR_PROTOCOL]);
	return p < IPS_PROTO_MIN || p > IPS_PROTO;
}

static bool ips_nested(const struct nlattr *a)
{
	return a->nla_type & NLA_F_NESTED;
}

/* ---- the set table ---- */

static struct ips_set *ips_find_name(struct ips_net *in, const char *name,
				     uint16_t *index)
{
	for (uint16_t i = 0; i < IPS_MAX_SETS; i++)
		if (in->sets[i] && !strcmp(in->sets[i]->name, name)) {
			if (index)
				*index = i;
			return in->sets[i];
		}
	return NULL;
}

static struct ips_set *ips_find(struct ips_net *in, const struct nlattr *a,
				uint16_t *index)
{
	char name[IPS_NAME_LEN];

	unl_nla_strscpy(name, a, sizeof(name));
	return ips_find_name(in, name, index);
}

/* find_set_type(): a type the kernel of the net's profile has */
static const struct ips_type *ips_type_find(const struct nfnl_info *info,
					   const struct nlattr *a)
{
	const struct unl_profile *p = unl_net_profile(info->net);
	char name[IPS_NAME_LEN];

	unl_nla_strscpy(name, a, sizeof(name));
	for (size_t i = 0; i < sizeof(ips_types) / sizeof(ips_types[0]); i++)
		if (!strcmp(ips_types[i].name, name) &&
		    (!ips_types[i].feature ||
		     unl_profile_has(p, UNL_PROFILE_FEATURE,
				     ips_types[i].feature)))
			return &ips_types[i];
	return NULL;
}

static int64_t ips_now_ms(const struct ips_set *s)
{
	return unl_net_now(s->in->net) / 1000000;
}

static void ips_set_free(struct ips_set *s)
{
	if (s) {
		for (uint32_t i = 0; i < s->n; i++)
			free(s->elems[i].comment);
		free(s->elems);
		free(s->slot);
		free(s);
	}
}

/* Every element gone; the index keeps its size. */
static void ips_flush(struct ips_set *s)
{
	for (uint32_t i = 0; i < s->n; i++)
		free(s->elems[i].comment);
	s->n = 0;
	s->used = 0;
	if (s->slot)
		memset(s->slot, 0, s->nslot * sizeof(*s->slot));
}

/* start_msg(): whatever the request's family, the answer's is
 * NFPROTO_IPV4 */
static struct nlmsghdr *ips_msg_put(struct unl_skb *skb, uint32_t portid,
				    uint32_t seq, uint16_t flags, int cmd,
				    uint8_t family)
{
	(void)family;
	return nfnl_msg_put(skb, portid, seq,
			    (uint16_t)(NFNL_SUBSYS_IPSET << 8 | cmd), flags,
			    NFPROTO_IPV4, NFNETLINK_V0, 0);
}

static int ips_reply(const struct nfnl_info *info, struct unl_skb *skb,
		     struct unl_skb *skb2)
{
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* ---- commands ---- */

/* ip_set_protocol() */
static int ips_protocol(struct unl_skb *skb, const struct nfnl_info *info,
			const struct nlattr *const attr[])
{
	struct unl_skb *skb2;
	struct nlmsghdr *nlh;

	if (!attr[IPSET_ATTR_PROTOCOL])
		return -IPSET_ERR_PROTOCOL;
	skb2 = unl_nlmsg_new(128);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_PROTOCOL, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL_MIN, IPS_PROTO_MIN)) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* ip_set_type(): the revisions of a type the kernel has. */
static int ips_type(struct unl_skb *skb, const struct nfnl_info *info,
		    const struct nlattr *const attr[])
{
	const struct ips_type *t;
	struct unl_skb *skb2;
	struct nlmsghdr *nlh;
	uint8_t family;

	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_TYPENAME] ||
	    !attr[IPSET_ATTR_FAMILY])
		return -IPSET_ERR_PROTOCOL;
	family = unl_nla_get_u8(attr[IPSET_ATTR_FAMILY]);
	t = ips_type_find(info, attr[IPSET_ATTR_TYPENAME]);
	if (!t || (family != NFPROTO_IPV4 && family != NFPROTO_IPV6 &&
		   family != NFPROTO_UNSPEC))
		return -IPSET_ERR_FIND_TYPE;
	/* bitmap:ip is registered for IPv4 alone */
	if (t->bitmap_ip && family != NFPROTO_IPV4)
		return -IPSET_ERR_FIND_TYPE;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_TYPE, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_string(skb2, IPSET_ATTR_TYPENAME, t->name) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_FAMILY, family) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_REVISION, t->rev_max) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_REVISION_MIN, t->rev_min)) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* The extensions a create asks for (timeout, CADT_FLAGS' WITH_*). */
static void ips_create_ext(struct ips_set *s, const struct nlattr *const tb[])
{
	if (tb[IPSET_ATTR_TIMEOUT]) {
		s->with_timeout = true;
		s->timeout = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_TIMEOUT]));
		if (s->timeout > IPS_MAX_TIMEOUT)
			s->timeout = IPS_MAX_TIMEOUT;
	}
	if (tb[IPSET_ATTR_CADT_FLAGS])
		s->cadt_with = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_CADT_FLAGS])) &
			       IPS_CADT_WITH_;
}

/* bitmap_port_create(): the range, either way round */
static int ips_create_bitmap_port(struct ips_set *s,
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

static int ips_get_addr(const struct nlattr *nla, uint8_t family,
			uint8_t *addr);
static uint32_t ips_v4(const uint8_t *a);

/* range_to_mask(): the mask of the network from..to is, if any */
static uint32_t ips_range_to_mask(uint32_t from, uint32_t to, uint8_t *bits)
{
	uint32_t mask = 0xFFFFFFFE;

	*bits = 32;
	while (--(*bits) > 0 && mask && (to & mask) != from)
		mask <<= 1;
	return mask;
}

static uint32_t ips_hostmask(uint8_t cidr)
{
	return cidr ? ~(uint32_t)0 << (32 - cidr) : 0;
}

/* bitmap_ip_create(): a range of at most 65536 elements, each one
 * address or, with a netmask, one network of it */
static int ips_create_bitmap_ip(struct ips_set *s,
				const struct nlattr *const tb[])
{
	uint8_t a[16], netmask = 32, mask_bits;
	uint64_t elements;
	uint32_t first, last;
	int err;

	if (!tb[IPSET_ATTR_IP] ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], NFPROTO_IPV4, a);
	if (err < 0)
		return err;
	first = ips_v4(a);
	if (tb[IPSET_ATTR_IP_TO]) {
		err = ips_get_addr(tb[IPSET_ATTR_IP_TO], NFPROTO_IPV4, a);
		if (err < 0)
			return err;
		last = ips_v4(a);
		if (first > last) {
			uint32_t t = first;

			first = last;
			last = t;
		}
	} else if (tb[IPSET_ATTR_CIDR]) {
		uint8_t cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);

		if (cidr >= 32)
			return -IPSET_ERR_INVALID_CIDR;
		first &= ips_hostmask(cidr);
		last = first | ~ips_hostmask(cidr);
	} else {
		return -IPSET_ERR_PROTOCOL;
	}
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

/* hash_*_create(): the hash parameters; what is not modelled is
 * refused. */
static int ips_create_data(struct ips_set *s, const struct nlattr *data,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IPSET_ATTR_CREATE_MAX + 1];
	uint32_t hashsize = 1024, size;
	int err;

	memset(tb, 0, sizeof(tb));
	if (data) {
		err = unl_nla_parse_nested(tb, IPSET_ATTR_CREATE_MAX, data,
					   ips_create_policy,
					   UNL_VALIDATE_LIBERAL, extack);
		if (err < 0)
			return -IPSET_ERR_PROTOCOL;
	}
	if (s->type->bitmap_port)
		return ips_create_bitmap_port(s, tb);
	if (s->type->bitmap_ip)
		return ips_create_bitmap_ip(s, tb);
	if ((tb[IPSET_ATTR_HASHSIZE] && !NETORDER(tb[IPSET_ATTR_HASHSIZE])) ||
	    (tb[IPSET_ATTR_MAXELEM] && !NETORDER(tb[IPSET_ATTR_MAXELEM])) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	if (tb[IPSET_ATTR_NETMASK] || tb[IPSET_ATTR_MARKMASK])
		return -EOPNOTSUPP;
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

/* The same set, for a create with -exist: the same type (its name, and
 * so its revisions), then mtype_same_set(), which looks at maxelem and
 * what is not modelled (timeout, netmask, extensions) but not at the
 * hash size or the family. */
static bool ips_same(const struct ips_set *a, const struct ips_set *b)
{
	return a->type == b->type && a->maxelem == b->maxelem &&
	       a->with_timeout == b->with_timeout &&
	       a->timeout == b->timeout && a->cadt_with == b->cadt_with &&
	       a->first_port == b->first_port && a->last_port == b->last_port &&
	       a->first_ip == b->first_ip && a->last_ip == b->last_ip &&
	       a->netmask == b->netmask;
}

/* ip_set_create() */
static int ips_create(struct unl_skb *skb, const struct nfnl_info *info,
		      const struct nlattr *const attr[])
{
	struct ips_net *in = ips_net_of(info);
	struct ips_set *s, *clash;
	uint16_t slot = IPS_MAX_SETS;
	uint8_t rev;
	int err;

	(void)skb;
	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_SETNAME] ||
	    !attr[IPSET_ATTR_TYPENAME] || !attr[IPSET_ATTR_REVISION] ||
	    !attr[IPSET_ATTR_FAMILY] ||
	    (attr[IPSET_ATTR_DATA] && !ips_nested(attr[IPSET_ATTR_DATA])))
		return -IPSET_ERR_PROTOCOL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	unl_nla_strscpy(s->name, attr[IPSET_ATTR_SETNAME], sizeof(s->name));
	s->family = unl_nla_get_u8(attr[IPSET_ATTR_FAMILY]);
	rev = unl_nla_get_u8(attr[IPSET_ATTR_REVISION]);
	s->type = ips_type_find(info, attr[IPSET_ATTR_TYPENAME]);
	s->revision = rev;
	err = -IPSET_ERR_FIND_TYPE;
	if (!s->type || rev < s->type->rev_min || rev > s->type->rev_max)
		goto fail;
	err = -IPSET_ERR_INVALID_FAMILY;
	if (s->type->bitmap_port)
		s->family = NFPROTO_UNSPEC; /* a port has none */
	else if (s->type->bitmap_ip && s->family != NFPROTO_IPV4)
		err = -IPSET_ERR_FIND_TYPE; /* registered for IPv4 only */
	if (s->type->bitmap_ip && s->family != NFPROTO_IPV4)
		goto fail;
	if (!s->type->bitmap_port && s->family != NFPROTO_IPV4 &&
	    s->family != NFPROTO_IPV6)
		goto fail;
	s->initval = ++in->seed * 2654435761u;
	s->in = in;
	err = ips_create_data(s, attr[IPSET_ATTR_DATA], info->extack);
	if (err < 0)
		goto fail;
	clash = ips_find(in, attr[IPSET_ATTR_SETNAME], NULL);
	if (clash) {
		/* -exist (no NLM_F_EXCL) takes the same set again */
		err = !(info->nlh->nlmsg_flags & NLM_F_EXCL) &&
				      ips_same(clash, s)
			      ? 0
			      : -EEXIST;
		goto fail;
	}
	for (uint16_t i = 0; i < IPS_MAX_SETS && slot == IPS_MAX_SETS; i++)
		if (!in->sets[i])
			slot = i;
	err = -IPSET_ERR_MAX_SETS;
	if (slot == IPS_MAX_SETS)
		goto fail;
	in->sets[slot] = s;
	return 0;
fail:
	ips_set_free(s);
	return err;
}

/* ip_set_destroy(), ip_set_flush(): one set by name, or all. */
static int ips_destroy_or_flush(struct unl_skb *skb,
				const struct nfnl_info *info,
				const struct nlattr *const attr[])
{
	bool destroy = NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
		       IPSET_CMD_DESTROY;
	struct ips_net *in = ips_net_of(info);
	uint16_t i;

	(void)skb;
	if (ips_protocol_failed(attr))
		return -IPSET_ERR_PROTOCOL;
	if (attr[IPSET_ATTR_SETNAME]) {
		struct ips_set *s = ips_find(in, attr[IPSET_ATTR_SETNAME], &i);

		if (!s)
			return -ENOENT;
		if (destroy && s->ref)
			return -IPSET_ERR_BUSY;
		if (destroy) {
			ips_set_free(s);
			in->sets[i] = NULL;
		} else {
			ips_flush(s);
		}
		return 0;
	}
	/* all or none: one set in use keeps every one */
	for (i = 0; destroy && i < IPS_MAX_SETS; i++)
		if (in->sets[i] && in->sets[i]->ref)
			return -IPSET_ERR_BUSY;
	for (i = 0; i < IPS_MAX_SETS; i++) {
		if (!in->sets[i])
			continue;
		if (destroy) {
			ips_set_free(in->sets[i]);
			in->sets[i] = NULL;
		} else {
			ips_flush(in->sets[i]);
		}
	}
	return 0;
}

/* ip_set_rename() */
static int ips_rename(struct unl_skb *skb, const struct nfnl_info *info,
		      const struct nlattr *const attr[])
{
	struct ips_net *in = ips_net_of(info);
	struct ips_set *s;

	(void)skb;
	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_SETNAME] ||
	    !attr[IPSET_ATTR_SETNAME2])
		return -IPSET_ERR_PROTOCOL;
	s = ips_find(in, attr[IPSET_ATTR_SETNAME], NULL);
	if (!s)
		return -ENOENT;
	/* a rule names it by index, and lists it by name */
	if (s->ref)
		return -IPSET_ERR_REFERENCED;
	if (ips_find(in, attr[IPSET_ATTR_SETNAME2], NULL))
		return -IPSET_ERR_EXIST_SETNAME2;
	unl_nla_strscpy(s->name, attr[IPSET_ATTR_SETNAME2], sizeof(s->name));
	return 0;
}

/* ip_set_swap(): the names and the references stay where they are
 * (rules hold an index), the rest trades places. */
static int ips_swap(struct unl_skb *skb, const struct nfnl_info *info,
		    const struct nlattr *const attr[])
{
	struct ips_net *in = ips_net_of(info);
	struct ips_set *a, *b, tmp;
	char na[IPS_NAME_LEN], nb[IPS_NAME_LEN];

	(void)skb;
	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_SETNAME] ||
	    !attr[IPSET_ATTR_SETNAME2])
		return -IPSET_ERR_PROTOCOL;
	a = ips_find(in, attr[IPSET_ATTR_SETNAME], NULL);
	if (!a)
		return -ENOENT;
	b = ips_find(in, attr[IPSET_ATTR_SETNAME2], NULL);
	if (!b)
		return -IPSET_ERR_EXIST_SETNAME2;
	if (a->type != b->type || a->family != b->family)
		return -IPSET_ERR_TYPE_MISMATCH;
	memcpy(na, a->name, sizeof(na));
	memcpy(nb, b->name, sizeof(nb));
	tmp = *a;
	*a = *b;
	*b = tmp;
	memcpy(a->name, na, sizeof(na));
	memcpy(b->name, nb, sizeof(nb));
	tmp.ref = a->ref;
	a->ref = b->ref;
	b->ref = tmp.ref;
	return 0;
}

/* ip_set_header() */
static int ips_header(struct unl_skb *skb, const struct nfnl_info *info,
		      const struct nlattr *const attr[])
{
	struct ips_set *s;
	struct unl_skb *skb2;
	struct nlmsghdr *nlh;

	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_SETNAME])
		return -IPSET_ERR_PROTOCOL;
	s = ips_find(ips_net_of(info), attr[IPSET_ATTR_SETNAME], NULL);
	if (!s)
		return -ENOENT;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_HEADER, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_string(skb2, IPSET_ATTR_SETNAME, s->name) ||
	    unl_nla_put_string(skb2, IPSET_ATTR_TYPENAME, s->type->name) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_FAMILY, s->family) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_REVISION, s->revision)) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* ---- elements ---- */

/* ip_set_get_ipaddr4/6(): a nest holding the address in network order
 * (NLA_F_NET_BYTEORDER). */
static int ips_get_addr(const struct nlattr *nla, uint8_t family,
			uint8_t *addr)
{
	const struct nlattr *tb[IPSET_ATTR_IPADDR_MAX + 1];
	int type = family == NFPROTO_IPV6 ? IPSET_ATTR_IPADDR_IPV6
					  : IPSET_ATTR_IPADDR_IPV4;

	if (!ips_nested(nla))
		return -IPSET_ERR_PROTOCOL;
	if (unl_nla_parse_nested(tb, IPSET_ATTR_IPADDR_MAX, nla,
				 ips_ipaddr_policy, UNL_VALIDATE_LIBERAL,
				 NULL) < 0)
		return -IPSET_ERR_PROTOCOL;
	if (!tb[type] || !NETORDER(tb[type]) ||
	    (size_t)unl_nla_len(tb[type]) < ips_alen(family))
		return -IPSET_ERR_PROTOCOL;
	memset(addr, 0, 16);
	memcpy(addr, unl_nla_data(tb[type]), ips_alen(family));
	return 0;
}

static void ips_mask(uint8_t *addr, uint8_t cidr, size_t alen)
{
	for (size_t i = 0; i < alen; i++) {
		int bits = (int)cidr - (int)(i * 8);

		if (bits <= 0)
			addr[i] = 0;
		else if (bits < 8)
			addr[i] &= (uint8_t)(0xff << (8 - bits));
	}
}

static bool ips_is_zero(const uint8_t *addr, size_t alen)
{
	for (size_t i = 0; i < alen; i++)
		if (addr[i])
			return false;
	return true;
}

/* FNV-1a of every part of the element. */
static uint32_t ips_hash(const struct ips_elem *e)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 16; i++)
		h = (h ^ e->addr[i] ^ ((uint32_t)e->addr2[i] << 8)) * 16777619u;
	h = (h ^ e->cidr ^ ((uint32_t)e->cidr2 << 8)) * 16777619u;
	h = (h ^ e->proto) * 16777619u;
	return (h ^ e->port) * 16777619u;
}

static bool ips_elem_eq(const struct ips_elem *a, const struct ips_elem *b)
{
	return a->cidr == b->cidr && a->cidr2 == b->cidr2 &&
	       a->proto == b->proto &&
	       a->port == b->port && !memcmp(a->addr, b->addr, 16) &&
	       !memcmp(a->addr2, b->addr2, 16);
}

/* The slot that holds e, or NULL. */
static uint32_t *ips_slot_of(struct ips_set *s, const struct ips_elem *e)
{
	uint32_t mask = s->nslot - 1;

	if (!s->nslot)
		return NULL;
	for (uint32_t i = ips_hash(e) & mask;; i = (i + 1) & mask) {
		uint32_t v = s->slot[i];

		if (!v)
			return NULL;
		if (v != IPS_TOMB && ips_elem_eq(&s->elems[v - 1], e))
			return &s->slot[i];
	}
}

static void ips_slot_put(struct ips_set *s, uint32_t pos)
{
	uint32_t mask = s->nslot - 1, i;

	for (i = ips_hash(&s->elems[pos]) & mask; s->slot[i];
	     i = (i + 1) & mask)
		;
	s->slot[i] = pos + 1;
	s->used++;
}

/* A fresh index of n slots (a power of two above twice the elements). */
static int ips_index_rebuild(struct ips_set *s, uint32_t n)
{
	uint32_t *slot = calloc(n, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	free(s->slot);
	s->slot = slot;
	s->nslot = n;
	s->used = 0;
	for (uint32_t i = 0; i < s->n; i++)
		ips_slot_put(s, i);
	return 0;
}

static struct ips_elem *ips_elem_find(struct ips_set *s,
				      const struct ips_elem *e)
{
	uint32_t *slot = ips_slot_of(s, e);

	return slot ? &s->elems[*slot - 1] : NULL;
}

/* Swap-remove the element at pos, and point the moved one's slot at
 * its new place. */
static void ips_elem_del(struct ips_set *s, uint32_t pos)
{
	uint32_t *slot = ips_slot_of(s, &s->elems[pos]);

	free(s->elems[pos].comment);
	*slot = IPS_TOMB;
	if (pos != s->n - 1) {
		s->elems[pos] = s->elems[s->n - 1];
		*ips_slot_of(s, &s->elems[pos]) = pos + 1;
	}
	s->n--;
}

static int ips_elem_add(struct ips_set *s, const struct ips_elem *e)
{
	if (s->n == s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 16;
		struct ips_elem *n = realloc(s->elems, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->elems = n;
		s->cap = cap;
	}
	if ((uint64_t)(s->used + 1) * 2 > s->nslot) {
		uint32_t n = 64;

		while ((uint64_t)n < (uint64_t)(s->n + 1) * 4)
			n <<= 1;
		if (ips_index_rebuild(s, n) < 0)
			return -ENOMEM;
	}
	s->elems[s->n] = *e;
	ips_slot_put(s, s->n);
	s->n++;
	return 0;
}

/* hash:net's test of a host: any network of the set holding it
 * (mtype_test_cidrs). */
static bool ips_elem_covers(const struct ips_set *s, const struct ips_elem *e)
{
	size_t alen = ips_alen(s->family);

	for (uint32_t i = 0; i < s->n; i++) {
		const struct ips_elem *x = &s->elems[i];
		uint8_t a[16];

		if (x->proto != e->proto || x->port != e->port)
			continue;
		if (s->type->net2) {
			/* hash:ip,port,net: the first address exact */
			if (memcmp(e->addr, x->addr, 16))
				continue;
			memcpy(a, e->addr2, 16);
			ips_mask(a, x->cidr2, alen);
			if (!memcmp(a, x->addr2, 16))
				return true;
			continue;
		}
		memcpy(a, e->addr, 16);
		ips_mask(a, x->cidr, alen);
		if (!memcmp(a, x->addr, 16))
			return true;
	}
	return false;
}

/* mtype_add / mtype_del / mtype_test for one element: 1 or 0 for a
 * test, else 0 or -errno. */
/* ip_set_init_*(): the extensions an add gives el; a fresh element
 * starts from zero, an existing one keeps counters not given. */
static int ips_elem_set_ext(struct ips_set *s, struct ips_elem *el,
			    bool fresh)
{
	const struct ips_ext *x = s->ext;
	char *comment = NULL;

	if (!x)
		return 0;
	if ((s->cadt_with & IPSET_FLAG_WITH_COMMENT) && x->comment &&
	    *x->comment) {
		comment = strdup(x->comment);
		if (!comment)
			return -ENOMEM;
	}
	if (s->with_timeout) {
		uint32_t t = x->has_timeout ? x->timeout : s->timeout;

		el->expires_ms = t ? ips_now_ms(s) + (int64_t)t * 1000 : 0;
	}
	if (fresh)
		el->bytes = el->packets = 0;
	if (s->cadt_with & IPSET_FLAG_WITH_COUNTERS) {
		if (x->has_bytes)
			el->bytes = x->bytes;
		if (x->has_packets)
			el->packets = x->packets;
	}
	if (s->cadt_with & IPSET_FLAG_WITH_COMMENT) {
		if (!fresh)
			free(el->comment);
		el->comment = comment;
	}
	if (s->cadt_with & IPSET_FLAG_WITH_SKBINFO) {
		el->skbmark = x->skbmark;
		el->skbmarkmask = x->skbmarkmask;
		el->skbprio = x->skbprio;
		el->skbqueue = x->skbqueue;
	}
	return 0;
}

/* The elements whose timeout ran out are gone (the kernel's garbage
 * collector, run whenever the set is looked at). */
static void ips_expire(struct ips_set *s)
{
	int64_t now;

	if (!s->with_timeout)
		return;
	now = ips_now_ms(s);
	for (uint32_t i = s->n; i-- > 0;)
		if (s->elems[i].expires_ms && s->elems[i].expires_ms <= now)
			ips_elem_del(s, i);
}

static int ips_adt_one(struct ips_set *s, int cmd, const struct ips_elem *e,
		       bool exist_ok)
{
	struct ips_elem *found;
	int err;

	if (cmd == IPSET_CMD_TEST) {
		if ((s->type->net && e->cidr == ips_host_mask(s->family)) ||
		    (s->type->net2 && e->cidr2 == ips_host_mask(s->family)))
			return ips_elem_covers(s, e);
		return ips_elem_find(s, e) != NULL;
	}
	found = ips_elem_find(s, e);
	if (cmd == IPSET_CMD_DEL) {
		if (!found)
			return exist_ok ? 0 : -IPSET_ERR_EXIST;
		ips_elem_del(s, (uint32_t)(found - s->elems));
		return 0;
	}
	/* -exist gives an existing element the add's extensions */
	if (found)
		return exist_ok ? ips_elem_set_ext(s, found, false)
				: -IPSET_ERR_EXIST;
	if (s->n >= s->maxelem) {
		/* forceadd makes room: Linux drops one of the bucket,
		 * here the oldest (docs/conformance.md) */
		if (!(s->cadt_with & IPSET_FLAG_WITH_FORCEADD) || !s->n)
			return -IPSET_ERR_HASH_FULL;
		ips_elem_del(s, 0);
	}
	err = ips_elem_add(s, e);
	if (err < 0)
		return err;
	return ips_elem_set_ext(s, &s->elems[s->n - 1], true);
}

static uint32_t ips_v4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	       (uint32_t)a[2] << 8 | a[3];
}

static void ips_set_v4(uint8_t *a, uint32_t v)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)(v >> 24);
	a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8);
	a[3] = (uint8_t)v;
}

/* ip_set_range_to_cidr(): the largest network at from within to. */
static uint8_t ips_range_cidr(uint32_t from, uint32_t to, uint32_t *last)
{
	uint8_t cidr;

	for (cidr = 0; cidr < 32; cidr++) {
		uint32_t size = cidr ? (uint32_t)1 << (32 - cidr) : 0;
		uint32_t end = from + size - 1;

		if (cidr && (from & (size - 1)) == 0 && end >= from &&
		    end <= to)
			break;
	}
	*last = cidr == 32 ? from : from + ((uint32_t)1 << (32 - cidr)) - 1;
	return cidr;
}

/* ip_set_get_extensions(): what the set was made with may be given */
static int ips_get_ext(const struct ips_set *s,
		       const struct nlattr *const tb[], struct ips_ext *x)
{
	memset(x, 0, sizeof(*x));
	if (tb[IPSET_ATTR_TIMEOUT]) {
		if (!s->with_timeout)
			return -IPSET_ERR_TIMEOUT;
		x->has_timeout = true;
		x->timeout = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_TIMEOUT]));
		if (x->timeout > IPS_MAX_TIMEOUT)
			x->timeout = IPS_MAX_TIMEOUT;
	}
	if (tb[IPSET_ATTR_BYTES] || tb[IPSET_ATTR_PACKETS]) {
		if (!(s->cadt_with & IPSET_FLAG_WITH_COUNTERS))
			return -IPSET_ERR_COUNTER;
		if (tb[IPSET_ATTR_BYTES]) {
			x->has_bytes = true;
			x->bytes = be64toh(unl_nla_get_u64(tb[IPSET_ATTR_BYTES]));
		}
		if (tb[IPSET_ATTR_PACKETS]) {
			x->has_packets = true;
			x->packets =
				be64toh(unl_nla_get_u64(tb[IPSET_ATTR_PACKETS]));
		}
	}
	if (tb[IPSET_ATTR_COMMENT]) {
		if (!(s->cadt_with & IPSET_FLAG_WITH_COMMENT))
			return -IPSET_ERR_COMMENT;
		x->comment = unl_nla_data(tb[IPSET_ATTR_COMMENT]);
	}
	if (tb[IPSET_ATTR_SKBMARK] || tb[IPSET_ATTR_SKBPRIO] ||
	    tb[IPSET_ATTR_SKBQUEUE]) {
		if (!(s->cadt_with & IPSET_FLAG_WITH_SKBINFO))
			return -IPSET_ERR_SKBINFO;
		if (tb[IPSET_ATTR_SKBMARK]) {
			uint64_t m =
				be64toh(unl_nla_get_u64(tb[IPSET_ATTR_SKBMARK]));

			x->skbmark = (uint32_t)(m >> 32);
			x->skbmarkmask = (uint32_t)m;
		}
		if (tb[IPSET_ATTR_SKBPRIO])
			x->skbprio = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_SKBPRIO]));
		if (tb[IPSET_ATTR_SKBQUEUE])
			x->skbqueue =
				ntohs(unl_nla_get_u16(tb[IPSET_ATTR_SKBQUEUE]));
	}
	return 0;
}

/* ip_set_proto_with_ports() */
static bool ips_proto_with_ports(uint8_t proto)
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

/* Add, delete or test e for every address of ip..ip_to (networks for
 * hash:net,port) and port of port..port_to (host order). */
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
		if (err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok))
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
	e->port = unl_nla_get_u16(tb[IPSET_ATTR_PORT]);
	if (!tb[IPSET_ATTR_PROTO])
		return -IPSET_ERR_MISSING_PROTO;
	e->proto = unl_nla_get_u8(tb[IPSET_ATTR_PROTO]);
	if (!e->proto)
		return -IPSET_ERR_INVALID_PROTO;
	with_ports = ips_proto_with_ports(e->proto);
	/* ICMP keeps its type and code in the port */
	if (!with_ports && e->proto != (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP))
		e->port = 0;
	with_ports = with_ports && tb[IPSET_ATTR_PORT_TO];
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
		       (!s->type->net && tb[IPSET_ATTR_CIDR])))))
		return ips_adt_one(s, cmd, e, exist_ok);
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
			if (err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok))
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

/* bitmap_port_uadt(): ports of the set's range */
static int ips_uadt_bitmap_port(struct ips_set *s, int cmd,
				const struct nlattr *const tb[], bool exist_ok,
				struct ips_ext *ext)
{
	struct ips_elem e = { .proto = 0 };
	uint32_t port, port_to;
	int err;

	if (!tb[IPSET_ATTR_PORT] || !NETORDER(tb[IPSET_ATTR_PORT]) ||
	    (tb[IPSET_ATTR_PORT_TO] && !NETORDER(tb[IPSET_ATTR_PORT_TO])) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])) ||
	    (tb[IPSET_ATTR_PACKETS] && !NETORDER(tb[IPSET_ATTR_PACKETS])) ||
	    (tb[IPSET_ATTR_BYTES] && !NETORDER(tb[IPSET_ATTR_BYTES])) ||
	    (tb[IPSET_ATTR_SKBMARK] && !NETORDER(tb[IPSET_ATTR_SKBMARK])) ||
	    (tb[IPSET_ATTR_SKBPRIO] && !NETORDER(tb[IPSET_ATTR_SKBPRIO])) ||
	    (tb[IPSET_ATTR_SKBQUEUE] && !NETORDER(tb[IPSET_ATTR_SKBQUEUE])))
		return -IPSET_ERR_PROTOCOL;
	port = ntohs(unl_nla_get_u16(tb[IPSET_ATTR_PORT]));
	if (port < s->first_port || port > s->last_port)
		return -IPSET_ERR_BITMAP_RANGE;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	s->ext = ext;
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
		if (err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok))
			return err;
	}
	return 0;
}

/* bitmap_ip_uadt(): addresses of the set's range, each counted as the
 * network of the netmask it falls in */
static int ips_uadt_bitmap_ip(struct ips_set *s, int cmd,
			      const struct nlattr *const tb[], bool exist_ok,
			      struct ips_ext *ext)
{
	struct ips_elem e = { .cidr = 32 };
	uint32_t ip, ip_to;
	uint8_t a[16];
	int err;

	if (!tb[IPSET_ATTR_IP] ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])) ||
	    (tb[IPSET_ATTR_PACKETS] && !NETORDER(tb[IPSET_ATTR_PACKETS])) ||
	    (tb[IPSET_ATTR_BYTES] && !NETORDER(tb[IPSET_ATTR_BYTES])) ||
	    (tb[IPSET_ATTR_SKBMARK] && !NETORDER(tb[IPSET_ATTR_SKBMARK])) ||
	    (tb[IPSET_ATTR_SKBPRIO] && !NETORDER(tb[IPSET_ATTR_SKBPRIO])) ||
	    (tb[IPSET_ATTR_SKBQUEUE] && !NETORDER(tb[IPSET_ATTR_SKBQUEUE])))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], NFPROTO_IPV4, a);
	if (err < 0)
		return err;
	ip = ips_v4(a);
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	s->ext = ext;
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
		if (err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok))
			return err;
	}
	return 0;
}

/* The elements of one ADT data nest (hash_ip{4,6}_uadt,
 * hash_net{4,6}_uadt), each passed to ips_adt_one(). */
static int ips_uadt(struct ips_set *s, int cmd, const struct nlattr *data,
		    bool exist_ok, struct unl_ext_ack *extack,
		    struct ips_ext *ext)
{
	const struct nlattr *tb[IPSET_ATTR_ADT_MAX + 1];
	uint8_t host = ips_host_mask(s->family);
	size_t alen = ips_alen(s->family);
	struct ips_elem e = { .cidr = host };
	uint32_t ip, ip_to;
	int err;

	if (!ips_nested(data))
		return -IPSET_ERR_PROTOCOL;
	err = unl_nla_parse_nested(tb, IPSET_ATTR_ADT_MAX, data, ips_adt_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return -IPSET_ERR_PROTOCOL;
	if (s->type->bitmap_port)
		return ips_uadt_bitmap_port(s, cmd, tb, exist_ok, ext);
	if (s->type->bitmap_ip)
		return ips_uadt_bitmap_ip(s, cmd, tb, exist_ok, ext);
	if (!tb[IPSET_ATTR_IP] ||
	    (s->type->port &&
	     (!tb[IPSET_ATTR_PORT] || !NETORDER(tb[IPSET_ATTR_PORT]) ||
	      (tb[IPSET_ATTR_PORT_TO] && !NETORDER(tb[IPSET_ATTR_PORT_TO])))) ||
	    (s->type->ip2 && !tb[IPSET_ATTR_IP2]) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])) ||
	    (tb[IPSET_ATTR_PACKETS] && !NETORDER(tb[IPSET_ATTR_PACKETS])) ||
	    (tb[IPSET_ATTR_BYTES] && !NETORDER(tb[IPSET_ATTR_BYTES])) ||
	    (tb[IPSET_ATTR_SKBMARK] && !NETORDER(tb[IPSET_ATTR_SKBMARK])) ||
	    (tb[IPSET_ATTR_SKBPRIO] && !NETORDER(tb[IPSET_ATTR_SKBPRIO])) ||
	    (tb[IPSET_ATTR_SKBQUEUE] && !NETORDER(tb[IPSET_ATTR_SKBQUEUE])))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], s->family, e.addr);
	if (err < 0)
		return err;
	err = ips_get_ext(s, tb, ext);
	if (err < 0)
		return err;
	s->ext = ext;
	if (tb[IPSET_ATTR_CADT_FLAGS] &&
	    ntohl(unl_nla_get_u32(tb[IPSET_ATTR_CADT_FLAGS])))
		return -EOPNOTSUPP; /* nomatch: not modelled */
	if (s->type->port)
		return ips_uadt_port(s, cmd, tb, &e, exist_ok);
	if (s->type->net && tb[IPSET_ATTR_CIDR]) {
		e.cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);
		if (!e.cidr || e.cidr > host)
			return -IPSET_ERR_INVALID_CIDR;
	}
	if (s->family == NFPROTO_IPV6) {
		if (tb[IPSET_ATTR_IP_TO])
			return -IPSET_ERR_HASH_RANGE_UNSUPPORTED;
		if (!s->type->net && tb[IPSET_ATTR_CIDR] &&
		    unl_nla_get_u8(tb[IPSET_ATTR_CIDR]) != host)
			return -IPSET_ERR_INVALID_CIDR;
		ips_mask(e.addr, e.cidr, alen);
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
		ips_set_v4(e.addr, ip);
		err = ips_adt_one(s, cmd, &e, exist_ok);
		if (err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok))
			return err;
		if (last >= ip_to)
			return 0;
		ip = last + 1;
	}
}

/* ip_set_ad() and ip_set_utest() */
static int ips_adt(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const attr[])
{
	int cmd = NFNL_MSG_TYPE(info->nlh->nlmsg_type);
	bool exist_ok = !(info->nlh->nlmsg_flags & NLM_F_EXCL);
	struct ips_set *s;
	const struct nlattr *nla;
	struct ips_ext ext;
	int rem, err = 0;

	(void)skb;
	if (ips_protocol_failed(attr) || !attr[IPSET_ATTR_SETNAME] ||
	    !((attr[IPSET_ATTR_DATA] != NULL) ^ (attr[IPSET_ATTR_ADT] != NULL)) ||
	    (attr[IPSET_ATTR_DATA] && !ips_nested(attr[IPSET_ATTR_DATA])) ||
	    (attr[IPSET_ATTR_ADT] && (!ips_nested(attr[IPSET_ATTR_ADT]) ||
				      !attr[IPSET_ATTR_LINENO])))
		return -IPSET_ERR_PROTOCOL;
	s = ips_find(ips_net_of(info), attr[IPSET_ATTR_SETNAME], NULL);
	if (!s)
		return -ENOENT;
	ips_expire(s);
	if (cmd == IPSET_CMD_TEST) {
		if (!attr[IPSET_ATTR_DATA])
			return -IPSET_ERR_PROTOCOL;
		err = ips_uadt(s, cmd, attr[IPSET_ATTR_DATA], false,
			       info->extack, &ext);
		s->ext = NULL;
		return err > 0 ? 0 : -IPSET_ERR_EXIST;
	}
	if (attr[IPSET_ATTR_DATA]) {
		err = ips_uadt(s, cmd, attr[IPSET_ATTR_DATA], exist_ok,
			       info->extack, &ext);
	} else {
		unl_nla_for_each_nested(nla, attr[IPSET_ATTR_ADT], rem) {
			err = ips_uadt(s, cmd, nla, exist_ok, info->extack,
				       &ext);
			if (err < 0)
				break;
		}
	}
	s->ext = NULL;
	return err < 0 ? err : 0;
}

/* ---- dumps: LIST and SAVE ---- */

/* The memory a kernel's hash of this size would take: its table of
 * bucket pointers and the buckets in use (mtype_ahash_memsize), with
 * struct sizes of x86_64. */
static uint32_t ips_memsize(const struct ips_set *s)
{
	bool v6 = s->family == NFPROTO_IPV6;
	/* sizeof(struct hash_*{4,6}_elem) */
	uint32_t dsize = s->type->net2	    ? (v6 ? 40 : 16)
			 : s->type->ip2	    ? (v6 ? 36 : 12)
			 : s->type->port    ? (v6 ? 20 : 8)
			 : s->type->net	    ? (v6 ? 20 : 8)
					    : (v6 ? 16 : 4);
	uint32_t buckets = s->n < s->hashsize ? s->n : s->hashsize;

	return 88 + 8 * s->hashsize / 64 + buckets * 24 +
	       s->n * dsize;
}

/* ip_set_put_extensions(): the seconds left (1 at least; 0: none),
 * the counters, the comment, the non-zero skbinfo */
static int ips_put_ext(struct unl_skb *skb, const struct ips_set *s,
		       const struct ips_elem *e)
{
	if (s->with_timeout) {
		int64_t left = e->expires_ms ? e->expires_ms - ips_now_ms(s) : 0;
		uint32_t t = e->expires_ms ? (uint32_t)(left / 1000) : 0;

		if (e->expires_ms && !t)
			t = 1;
		if (unl_nla_put_u32(skb, IPSET_ATTR_TIMEOUT | NLA_F_NET_BYTEORDER,
				    htonl(t)))
			return -1;
	}
	if ((s->cadt_with & IPSET_FLAG_WITH_COUNTERS) &&
	    (unl_nla_put_u64(skb, IPSET_ATTR_BYTES | NLA_F_NET_BYTEORDER,
			     htobe64(e->bytes), IPSET_ATTR_PAD) ||
	     unl_nla_put_u64(skb, IPSET_ATTR_PACKETS | NLA_F_NET_BYTEORDER,
			     htobe64(e->packets), IPSET_ATTR_PAD)))
		return -1;
	if ((s->cadt_with & IPSET_FLAG_WITH_COMMENT) && e->comment &&
	    unl_nla_put_string(skb, IPSET_ATTR_COMMENT, e->comment))
		return -1;
	if (!(s->cadt_with & IPSET_FLAG_WITH_SKBINFO))
		return 0;
	if ((e->skbmark || e->skbmarkmask) &&
	    unl_nla_put_u64(skb, IPSET_ATTR_SKBMARK | NLA_F_NET_BYTEORDER,
			    htobe64((uint64_t)e->skbmark << 32 | e->skbmarkmask),
			    IPSET_ATTR_PAD))
		return -1;
	if (e->skbprio &&
	    unl_nla_put_u32(skb, IPSET_ATTR_SKBPRIO | NLA_F_NET_BYTEORDER,
			    htonl(e->skbprio)))
		return -1;
	if (e->skbqueue &&
	    unl_nla_put_u16(skb, IPSET_ATTR_SKBQUEUE | NLA_F_NET_BYTEORDER,
			    htons(e->skbqueue)))
		return -1;
	return 0;
}

static int ips_put_elem(struct unl_skb *skb, const struct ips_set *s,
			const struct ips_elem *e)
{
	struct nlattr *d = unl_nla_nest_start(skb, IPSET_ATTR_DATA |
							  NLA_F_NESTED);
	struct nlattr *ip;

	if (!d)
		return -1;
	/* bitmap_ip_do_list(): the address alone */
	if (s->type->bitmap_ip) {
		ip = unl_nla_nest_start(skb, IPSET_ATTR_IP | NLA_F_NESTED);
		if (!ip || unl_nla_put(skb, IPSET_ATTR_IPADDR_IPV4 |
						    NLA_F_NET_BYTEORDER,
				       4, e->addr))
			return -1;
		unl_nla_nest_end(skb, ip);
		if (ips_put_ext(skb, s, e))
			return -1;
		unl_nla_nest_end(skb, d);
		return 0;
	}
	/* bitmap_port_do_list(): the port alone */
	if (s->type->bitmap_port) {
		if (unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER,
				    e->port) ||
		    ips_put_ext(skb, s, e))
			return -1;
		unl_nla_nest_end(skb, d);
		return 0;
	}
	ip = unl_nla_nest_start(skb, IPSET_ATTR_IP | NLA_F_NESTED);
	if (!ip ||
	    unl_nla_put(skb,
			s->family == NFPROTO_IPV6 ? IPSET_ATTR_IPADDR_IPV6
						  : IPSET_ATTR_IPADDR_IPV4,
			(int)ips_alen(s->family), e->addr))
		return -1;
	unl_nla_nest_end(skb, ip);
	if (s->type->ip2) {
		ip = unl_nla_nest_start(skb, IPSET_ATTR_IP2 | NLA_F_NESTED);
		if (!ip ||
		    unl_nla_put(skb,
				s->family == NFPROTO_IPV6 ? IPSET_ATTR_IPADDR_IPV6
							  : IPSET_ATTR_IPADDR_IPV4,
				(int)ips_alen(s->family), e->addr2))
			return -1;
		unl_nla_nest_end(skb, ip);
	}
	if (s->type->net2 && unl_nla_put_u8(skb, IPSET_ATTR_CIDR2, e->cidr2))
		return -1;
	if (s->type->port &&
	    unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER, e->port))
		return -1;
	if (s->type->net && unl_nla_put_u8(skb, IPSET_ATTR_CIDR, e->cidr))
		return -1;
	if (s->type->port && unl_nla_put_u8(skb, IPSET_ATTR_PROTO, e->proto))
		return -1;
	if (ips_put_ext(skb, s, e))
		return -1;
	unl_nla_nest_end(skb, d);
	return 0;
}

static int ips_put_head(struct unl_skb *skb, const struct ips_set *s,
			uint16_t index, uint8_t proto)
{
	struct nlattr *d;

	if (unl_nla_put_string(skb, IPSET_ATTR_TYPENAME, s->type->name) ||
	    unl_nla_put_u8(skb, IPSET_ATTR_FAMILY, s->family) ||
	    unl_nla_put_u8(skb, IPSET_ATTR_REVISION, s->revision) ||
	    (proto > IPS_PROTO_MIN &&
	     unl_nla_put_u16(skb, IPSET_ATTR_INDEX | NLA_F_NET_BYTEORDER,
			     htons(index))))
		return -1;
	d = unl_nla_nest_start(skb, IPSET_ATTR_DATA | NLA_F_NESTED);
	if (d && s->type->bitmap_ip) {
		/* bitmap_ip_do_head() */
		uint8_t a[16];
		struct nlattr *n;

		ips_set_v4(a, s->first_ip);
		n = unl_nla_nest_start(skb, IPSET_ATTR_IP | NLA_F_NESTED);
		if (!n || unl_nla_put(skb, IPSET_ATTR_IPADDR_IPV4 |
						   NLA_F_NET_BYTEORDER, 4, a))
			return -1;
		unl_nla_nest_end(skb, n);
		ips_set_v4(a, s->last_ip);
		n = unl_nla_nest_start(skb, IPSET_ATTR_IP_TO | NLA_F_NESTED);
		if (!n || unl_nla_put(skb, IPSET_ATTR_IPADDR_IPV4 |
						   NLA_F_NET_BYTEORDER, 4, a))
			return -1;
		unl_nla_nest_end(skb, n);
		if (s->netmask != 32 &&
		    unl_nla_put_u8(skb, IPSET_ATTR_NETMASK, s->netmask))
			return -1;
		goto common;
	}
	if (d && s->type->bitmap_port) {
		/* bitmap_port_do_head() */
		if (unl_nla_put_u16(skb, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER,
				    htons(s->first_port)) ||
		    unl_nla_put_u16(skb, IPSET_ATTR_PORT_TO | NLA_F_NET_BYTEORDER,
				    htons(s->last_port)))
			return -1;
		goto common;
	}
	if (!d ||
	    unl_nla_put_u32(skb, IPSET_ATTR_HASHSIZE | NLA_F_NET_BYTEORDER,
			    htonl(s->hashsize)) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_MAXELEM | NLA_F_NET_BYTEORDER,
			    htonl(s->maxelem)) ||
	    unl_nla_put_u8(skb, IPSET_ATTR_BUCKETSIZE, s->bucketsize) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_INITVAL | NLA_F_NET_BYTEORDER,
			    htonl(s->initval)))
		return -1;
common:
	if (unl_nla_put_u32(skb, IPSET_ATTR_REFERENCES | NLA_F_NET_BYTEORDER,
			    htonl(s->ref)) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_MEMSIZE | NLA_F_NET_BYTEORDER,
			    htonl(ips_memsize(s))) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_ELEMENTS | NLA_F_NET_BYTEORDER,
			    htonl(s->n)))
		return -1;
	/* ip_set_put_flags() */
	if (s->with_timeout &&
	    unl_nla_put_u32(skb, IPSET_ATTR_TIMEOUT | NLA_F_NET_BYTEORDER,
			    htonl(s->timeout)))
		return -1;
	if (s->cadt_with &&
	    unl_nla_put_u32(skb, IPSET_ATTR_CADT_FLAGS | NLA_F_NET_BYTEORDER,
			    htonl(s->cadt_with)))
		return -1;
	unl_nla_nest_end(skb, d);
	return 0;
}

/* The dump's state: args[0] the set index, args[1] the next element + 1
 * (0: the header is still to come), args[2] one set only (its index
 * + 1), args[3] the request's flags, args[4] its protocol. */
static int ips_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct ips_net *in = cb->data;
	int cmd = NFNL_MSG_TYPE(cb->nlh->nlmsg_type);
	const struct nfgenmsg *nfg = NLMSG_DATA(cb->nlh);
	uint32_t flags = (uint32_t)cb->args[3];

	for (; cb->args[0] < IPS_MAX_SETS; cb->args[0]++, cb->args[1] = 0) {
		uint16_t idx = (uint16_t)cb->args[0];
		struct ips_set *s = in->sets[idx];
		struct nlmsghdr *nlh;
		struct nlattr *adt;
		uint32_t i, total;

		if (!s || (cb->args[2] && cb->args[2] != idx + 1))
			continue;
		if (cb->args[1] == 0)
			ips_expire(s);
		nlh = ips_msg_put(skb, unl_skb_cb(cb->skb)->portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd,
				  nfg->nfgen_family);
		if (!nlh)
			break;
		if (unl_nla_put_u8(skb, IPSET_ATTR_PROTOCOL,
				   (uint8_t)cb->args[4]) ||
		    unl_nla_put_string(skb, IPSET_ATTR_SETNAME, s->name)) {
			unl_nlmsg_cancel(skb, nlh);
			break;
		}
		if (flags & IPSET_FLAG_LIST_SETNAME) {
			unl_nlmsg_end(skb, nlh);
			continue;
		}
		if (cb->args[1] == 0 &&
		    ips_put_head(skb, s, idx, (uint8_t)cb->args[4])) {
			unl_nlmsg_cancel(skb, nlh);
			break;
		}
		if (flags & IPSET_FLAG_LIST_HEADER) {
			unl_nlmsg_end(skb, nlh);
			continue;
		}
		adt = unl_nla_nest_start(skb, IPSET_ATTR_ADT | NLA_F_NESTED);
		if (!adt) {
			unl_nlmsg_cancel(skb, nlh);
			break;
		}
		/* a bitmap lists its range in order */
		total = s->type->bitmap_port
				? (uint32_t)s->last_port - s->first_port + 1
			: s->type->bitmap_ip ? s->maxelem
					     : s->n;
		for (i = cb->args[1] ? (uint32_t)cb->args[1] - 1 : 0; i < total;
		     i++) {
			size_t len = unl_skb_len(skb);
			const struct ips_elem *e = &s->elems[i];

			if (s->type->bitmap_port) {
				struct ips_elem key = { .port = htons(
					(uint16_t)(s->first_port + i)) };

				e = ips_elem_find(s, &key);
				if (!e)
					continue;
			} else if (s->type->bitmap_ip) {
				struct ips_elem key = { .cidr = 32 };

				ips_set_v4(key.addr, s->first_ip + i * s->hosts);
				e = ips_elem_find(s, &key);
				if (!e)
					continue;
			}
			if (ips_put_elem(skb, s, e)) {
				/* drop the partial element, go on next time */
				unl_skb_trim(skb, len);
				break;
			}
		}
		unl_nla_nest_end(skb, adt);
		unl_nlmsg_end(skb, nlh);
		if (i < total) {
			cb->args[1] = i + 1;
			return (int)unl_skb_len(skb);
		}
	}
	return (int)unl_skb_len(skb);
}

static int ips_dump_start(struct unl_callback *cb)
{
	const struct nlattr *attr[IPSET_ATTR_CMD_MAX + 1];
	struct ips_net *in = cb->data;
	uint16_t idx;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), attr,
			      IPSET_ATTR_CMD_MAX, ips_cmd_policy,
			      UNL_VALIDATE_LIBERAL, cb->extack);
	if (err < 0)
		return err;
	if (ips_protocol_failed(attr))
		return -IPSET_ERR_PROTOCOL;
	cb->args[4] = unl_nla_get_u8(attr[IPSET_ATTR_PROTOCOL]);
	if (attr[IPSET_ATTR_FLAGS])
		cb->args[3] = ntohl(unl_nla_get_u32(attr[IPSET_ATTR_FLAGS]));
	if (attr[IPSET_ATTR_SETNAME]) {
		if (!ips_find(in, attr[IPSET_ATTR_SETNAME], &idx))
			return -ENOENT;
		cb->args[2] = idx + 1;
	}
	return 0;
}

static int ips_list(struct unl_skb *skb, const struct nfnl_info *info,
		    const struct nlattr *const attr[])
{
	struct unl_dump_control c = {
		.start = ips_dump_start,
		.dump = ips_dump,
		.data = info->priv,
		.extack = info->extack,
	};

	(void)attr;
	if (!(info->nlh->nlmsg_flags & NLM_F_DUMP))
		return -IPSET_ERR_PROTOCOL;
	return unl_dump_start(info->sk, skb, info->nlh, &c);
}

/* protocol_failed(): these commands want the current protocol
 * exactly */
static bool ips_protocol_not_current(const struct nlattr *const attr[])
{
	return !attr[IPSET_ATTR_PROTOCOL] ||
	       unl_nla_get_u8(attr[IPSET_ATTR_PROTOCOL]) != IPS_PROTO;
}

/* ip_set_byname(): a set's family and index */
static int ips_byname(struct unl_skb *skb, const struct nfnl_info *info,
		      const struct nlattr *const attr[])
{
	struct unl_skb *skb2;
	struct nlmsghdr *nlh;
	struct ips_set *s;
	uint16_t idx;

	if (ips_protocol_not_current(attr) || !attr[IPSET_ATTR_SETNAME])
		return -IPSET_ERR_PROTOCOL;
	s = ips_find(ips_net_of(info), attr[IPSET_ATTR_SETNAME], &idx);
	if (!s)
		return -ENOENT;
	skb2 = unl_nlmsg_new(128);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_GET_BYNAME, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_FAMILY, s->family) ||
	    unl_nla_put_u16(skb2, IPSET_ATTR_INDEX | NLA_F_NET_BYTEORDER,
			    htons(idx))) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* ip_set_byindex(): a set's name */
static int ips_byindex(struct unl_skb *skb, const struct nfnl_info *info,
		       const struct nlattr *const attr[])
{
	struct ips_net *in = ips_net_of(info);
	struct unl_skb *skb2;
	struct nlmsghdr *nlh;
	uint16_t idx;

	if (ips_protocol_not_current(attr) || !attr[IPSET_ATTR_INDEX])
		return -IPSET_ERR_PROTOCOL;
	idx = ntohs(unl_nla_get_u16(attr[IPSET_ATTR_INDEX]));
	if (idx >= IPS_MAX_SETS || !in->sets[idx])
		return -ENOENT;
	skb2 = unl_nlmsg_new(128);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_GET_BYINDEX, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_string(skb2, IPSET_ATTR_SETNAME, in->sets[idx]->name)) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* ---- what the rest of netfilter sees (include/linux/netfilter/ipset/
 * ip_set.h's kernel interface) ---- */

static struct ips_net *ips_net_of_net(struct unl_net *net)
{
	struct nfnl_net *nn = nfnl_net_of(net);

	return nn ? nfnl_subsys_priv(nn, NFNL_SUBSYS_IPSET) : NULL;
}

uint16_t ip_set_nfnl_get_byindex(struct unl_net *net, uint16_t index)
{
	struct ips_net *in = ips_net_of_net(net);

	if (!in || index >= IPS_MAX_SETS || !in->sets[index])
		return IPSET_INVALID_ID;
	in->sets[index]->ref++;
	return index;
}

void ip_set_nfnl_put(struct unl_net *net, uint16_t index)
{
	struct ips_net *in = ips_net_of_net(net);

	if (in && index < IPS_MAX_SETS && in->sets[index] &&
	    in->sets[index]->ref)
		in->sets[index]->ref--;
}

/* ip_set_sockfn_get(): the request is read into data (len bytes, what
 * the caller said), answered in place. */
int ip_set_sockfn_get(struct unl_net *net, void *data, int len)
{
	struct ips_net *in = ips_net_of_net(net);
	unsigned int op;
	uint16_t idx = IPSET_INVALID_ID;

	if (!in)
		return -ENOPROTOOPT;
	if (!unl_net_capable(net, CAP_NET_ADMIN))
		return -EPERM;
	if (len < (int)sizeof(op))
		return -EINVAL;
	memcpy(&op, data, sizeof(op));
	if (op < IP_SET_OP_VERSION) {
		struct ip_set_req_version v;

		if (len < (int)sizeof(v))
			return -EINVAL;
		memcpy(&v, data, sizeof(v));
		if (v.version < IPS_PROTO_MIN)
			return -EPROTO;
	}
	switch (op) {
	case IP_SET_OP_VERSION: {
		struct ip_set_req_version *v = data;

		if (len != (int)sizeof(*v))
			return -EINVAL;
		v->version = IPS_PROTO;
		return 0;
	}
	case IP_SET_OP_GET_BYNAME: {
		struct ip_set_req_get_set *r = data;

		if (len != (int)sizeof(*r))
			return -EINVAL;
		r->set.name[IPS_NAME_LEN - 1] = '\0';
		ips_find_name(in, r->set.name, &idx);
		r->set.index = idx;
		return 0;
	}
	case IP_SET_OP_GET_FNAME: {
		struct ip_set_req_get_set_family *r = data;
		struct ips_set *s;

		if (len != (int)sizeof(*r))
			return -EINVAL;
		r->set.name[IPS_NAME_LEN - 1] = '\0';
		s = ips_find_name(in, r->set.name, &idx);
		r->set.index = idx;
		if (s)
			r->family = s->family;
		return 0;
	}
	case IP_SET_OP_GET_BYINDEX: {
		struct ip_set_req_get_set *r = data;
		const char *name;

		if (len != (int)sizeof(*r) || r->set.index >= IPS_MAX_SETS)
			return -EINVAL;
		name = in->sets[r->set.index] ? in->sets[r->set.index]->name
					       : "";
		/* strscpy(): the name and its NUL, the rest as it came */
		memcpy(r->set.name, name, strlen(name) + 1);
		return 0;
	}
	}
	return -EBADMSG;
}

#define IPS_CB(fn)                                                           \
	{ .call = (fn), .type = NFNL_CB_MUTEX,                              \
	  .attr_count = IPSET_ATTR_CMD_MAX, .policy = ips_cmd_policy }

static const struct nfnl_callback ips_cb[IPSET_MSG_MAX] = {
	[IPSET_CMD_PROTOCOL] = IPS_CB(ips_protocol),
	[IPSET_CMD_CREATE] = IPS_CB(ips_create),
	[IPSET_CMD_DESTROY] = IPS_CB(ips_destroy_or_flush),
	[IPSET_CMD_FLUSH] = IPS_CB(ips_destroy_or_flush),
	[IPSET_CMD_RENAME] = IPS_CB(ips_rename),
	[IPSET_CMD_SWAP] = IPS_CB(ips_swap),
	[IPSET_CMD_LIST] = IPS_CB(ips_list),
	[IPSET_CMD_SAVE] = IPS_CB(ips_list),
	[IPSET_CMD_ADD] = IPS_CB(ips_adt),
	[IPSET_CMD_DEL] = IPS_CB(ips_adt),
	[IPSET_CMD_TEST] = IPS_CB(ips_adt),
	[IPSET_CMD_HEADER] = IPS_CB(ips_header),
	[IPSET_CMD_TYPE] = IPS_CB(ips_type),
	[IPSET_CMD_GET_BYNAME] = IPS_CB(ips_byname),
	[IPSET_CMD_GET_BYINDEX] = IPS_CB(ips_byindex),
};

/* ---- per net ---- */

static bool ips_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "IP_SET");
}

static int ips_net_init(struct nfnl_net *nn, void **priv)
{
	struct ips_net *in = calloc(1, sizeof(*in));

	if (!in)
		return -ENOMEM;
	in->net = nfnl_net_net(nn);
	*priv = in;
	return 0;
}

static void ips_net_exit(void *priv)
{
	struct ips_net *in = priv;

	for (int i = 0; i < IPS_MAX_SETS; i++)
		ips_set_free(in->sets[i]);
	free(in);
}

const struct nfnl_subsystem ipset_subsys = {
	.name = "ip_set",
	.subsys_id = NFNL_SUBSYS_IPSET,
	.cb_count = IPSET_MSG_MAX,
	.cb = ips_cb,
	.offered = ips_offered,
	.net_init = ips_net_init,
	.net_exit = ips_net_exit,
};
