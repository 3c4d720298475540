// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NFNL_SUBSYS_IPSET: the sets of a net as net/netfilter/ipset/
 * ip_set_core.c serves them to the ipset tool.  Each type is an ops
 * table in a file of its own (struct ips_type in ip_set_private.h, as
 * Linux's struct ip_set_type with its variant; the list is ips_types[]
 * below), offered when the profile has its Kconfig symbol.  A set is a
 * name, a type at a revision, a family, the type's parameters and its
 * elements, in an index table of IPSET_MAX slots.
 *
 * No packet is ever matched, so the elements are an array in the order
 * they came, with an index (open addressing) that finds one in constant
 * time, as the kernel's hash does: a range of 65536 addresses is added
 * in linear time.  What the kernel's hash
 * makes of its memory (IPSET_ATTR_MEMSIZE) and the order of a dump are
 * the kernel's own (docs/conformance.md).  The extensions (timeout,
 * counters, comment, skbinfo, forceadd) and nomatch are kept per
 * element; an element whose timeout ran out goes when the set is next
 * looked at.  Rules of iptables-nft hold sets by index (ip_set.h: the
 * xt set match and SET target of nft_compat.c, and
 * getsockopt(SO_IP_SET), which names them); a set held is neither
 * destroyed nor renamed.
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
#include "proto/netfilter/ip_set_private.h"
#include "proto/netfilter/nfnetlink.h"

/* The types, each in a file of its own (ip_set_private.h). */
static const struct ips_type *const ips_types[] = {
	&ip_set_hash_ip_type,
	&ip_set_hash_net_type,
	&ip_set_hash_ipport_type,
	&ip_set_hash_netport_type,
	&ip_set_hash_ipportip_type,
	&ip_set_hash_ipportnet_type,
	&ip_set_bitmap_port_type,
	&ip_set_bitmap_ip_type,
	&ip_set_bitmap_ipmac_type,
	&ip_set_hash_netiface_type,
	&ip_set_list_set_type,
	&ip_set_hash_netnet_type,
	&ip_set_hash_netportnet_type,
	&ip_set_hash_ipmac_type,
	&ip_set_hash_mac_type,
	&ip_set_hash_ipmark_type,
};

static struct ips_net *ips_net_of(const struct nfnl_info *info)
{
	return info->priv;
}

size_t ips_alen(uint8_t family)
{
	return family == NFPROTO_IPV6 ? 16 : 4;
}

uint8_t ips_host_mask(uint8_t family)
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
	[IPSET_ATTR_BITMASK] = { .type = UNL_NLA_NESTED },
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
	/* the types' own: bitmap:ip,mac, hash:net,iface, list:set */
	[IPSET_ATTR_ETHER] = { .type = UNL_NLA_BINARY, .len = 6 },
	[IPSET_ATTR_IFACE] = { .type = UNL_NLA_NUL_STRING,
			       .len = IFNAMSIZ - 1 },
	[IPSET_ATTR_NAME] = { .type = UNL_NLA_STRING, .len = IPS_NAME_LEN },
	[IPSET_ATTR_NAMEREF] = { .type = UNL_NLA_STRING,
				 .len = IPS_NAME_LEN },
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

struct ips_set *ips_find_name(struct ips_net *in, const char *name,
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
		if (!strcmp(ips_types[i]->name, name) &&
		    (!ips_types[i]->feature ||
		     unl_profile_has(p, UNL_PROFILE_FEATURE,
				     ips_types[i]->feature)))
			return ips_types[i];
	return NULL;
}

int64_t ips_now_ms(const struct ips_set *s)
{
	return unl_net_now(s->in->net) / 1000000;
}

static void ips_set_free(struct ips_set *s)
{
	if (s) {
		for (uint32_t i = 0; i < s->n; i++) {
			if (s->type->release)
				s->type->release(s, &s->elems[i]);
			free(s->elems[i].comment);
		}
		free(s->elems);
		free(s->slot);
		free(s);
	}
}

/* Every element gone; the index keeps its size. */
static void ips_flush(struct ips_set *s)
{
	for (uint32_t i = 0; i < s->n; i++) {
		if (s->type->release)
			s->type->release(s, &s->elems[i]);
		free(s->elems[i].comment);
	}
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

/* The newest revision of a type in the kernel of the net's profile:
 * the bitmask revisions of hash:ip and hash:ip,port came with 6.2. */
static uint8_t ips_type_rev_max(const struct nfnl_info *info,
				const struct ips_type *t)
{
	if (t->rev_max_since &&
	    !unl_profile_at_least(unl_net_profile(info->net), t->rev_max_since))
		return (uint8_t)(t->rev_max - 1);
	return t->rev_max;
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
	if (t->family == NFPROTO_IPV4 && family != NFPROTO_IPV4)
		return -IPSET_ERR_FIND_TYPE;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	nlh = ips_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			  0, IPSET_CMD_TYPE, info->nfmsg->nfgen_family);
	if (!nlh || unl_nla_put_u8(skb2, IPSET_ATTR_PROTOCOL, IPS_PROTO) ||
	    unl_nla_put_string(skb2, IPSET_ATTR_TYPENAME, t->name) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_FAMILY, family) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_REVISION,
			   ips_type_rev_max(info, t)) ||
	    unl_nla_put_u8(skb2, IPSET_ATTR_REVISION_MIN, t->rev_min)) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb2, nlh);
	return ips_reply(info, skb, skb2);
}

/* The extensions a create asks for (timeout, CADT_FLAGS' WITH_*). */
void ips_create_ext(struct ips_set *s, const struct nlattr *const tb[])
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


/* range_to_mask(): the mask of the network from..to is, if any */
uint32_t ips_range_to_mask(uint32_t from, uint32_t to, uint8_t *bits)
{
	uint32_t mask = 0xFFFFFFFE;

	*bits = 32;
	while (--(*bits) > 0 && mask && (to & mask) != from)
		mask <<= 1;
	return mask;
}

uint32_t ips_hostmask(uint8_t cidr)
{
	return cidr ? ~(uint32_t)0 << (32 - cidr) : 0;
}

int ips_bitmap_v4_range(const struct nlattr *const tb[], uint32_t *first,
			uint32_t *last)
{
	uint8_t a[16];
	int err;

	if (!tb[IPSET_ATTR_IP] ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	err = ips_get_addr(tb[IPSET_ATTR_IP], NFPROTO_IPV4, a);
	if (err < 0)
		return err;
	*first = ips_v4(a);
	if (tb[IPSET_ATTR_IP_TO]) {
		err = ips_get_addr(tb[IPSET_ATTR_IP_TO], NFPROTO_IPV4, a);
		if (err < 0)
			return err;
		*last = ips_v4(a);
		if (*first > *last) {
			uint32_t t = *first;

			*first = *last;
			*last = t;
		}
	} else if (tb[IPSET_ATTR_CIDR]) {
		uint8_t cidr = unl_nla_get_u8(tb[IPSET_ATTR_CIDR]);

		if (cidr >= 32)
			return -IPSET_ERR_INVALID_CIDR;
		*first &= ips_hostmask(cidr);
		*last = *first | ~ips_hostmask(cidr);
	} else {
		return -IPSET_ERR_PROTOCOL;
	}
	return 0;
}

/* The create data, parsed, to the type's create. */
static int ips_create_data(struct ips_set *s, const struct nlattr *data,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IPSET_ATTR_CREATE_MAX + 1];

	memset(tb, 0, sizeof(tb));
	if (data && unl_nla_parse_nested(tb, IPSET_ATTR_CREATE_MAX, data,
					 ips_create_policy,
					 UNL_VALIDATE_LIBERAL, extack) < 0)
		return -IPSET_ERR_PROTOCOL;
	return s->type->create(s, tb);
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
	       (!a->type->same || a->type->same(a, b));
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
	if (!s->type || rev < s->type->rev_min ||
	    rev > ips_type_rev_max(info, s->type))
		goto fail;
	err = -IPSET_ERR_INVALID_FAMILY;
	if (s->type->proto_undef) {
		if (s->family != NFPROTO_UNSPEC)
			goto fail;
	} else if (s->type->no_family)
		s->family = NFPROTO_UNSPEC; /* a port has none */
	else if (s->type->family == NFPROTO_IPV4 &&
		 s->family != NFPROTO_IPV4)
		err = -IPSET_ERR_FIND_TYPE; /* registered for IPv4 only */
	if (!s->type->no_family && !s->type->proto_undef &&
	    s->family != NFPROTO_IPV4 && s->family != NFPROTO_IPV6)
		goto fail;
	if (s->type->family == NFPROTO_IPV4 && s->family != NFPROTO_IPV4)
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
	if (a->type->features != b->type->features || a->family != b->family)
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
int ips_get_addr(const struct nlattr *nla, uint8_t family, uint8_t *addr)
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

void ips_mask(uint8_t *addr, uint8_t cidr, size_t alen)
{
	for (size_t i = 0; i < alen; i++) {
		int bits = (int)cidr - (int)(i * 8);

		if (bits <= 0)
			addr[i] = 0;
		else if (bits < 8)
			addr[i] &= (uint8_t)(0xff << (8 - bits));
	}
}

bool ips_is_zero(const uint8_t *addr, size_t alen)
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
	for (int i = 0; i < 6; i++)
		h = (h ^ e->mac[i]) * 16777619u;
	for (int i = 0; i < IFNAMSIZ && e->iface[i]; i++)
		h = (h ^ (uint8_t)e->iface[i]) * 16777619u;
	h = (h ^ e->physdev ^ ((uint32_t)e->ref << 8)) * 16777619u;
	h = (h ^ e->mark) * 16777619u;
	return (h ^ e->port) * 16777619u;
}

static bool ips_elem_eq(const struct ips_elem *a, const struct ips_elem *b)
{
	return a->cidr == b->cidr && a->cidr2 == b->cidr2 &&
	       a->proto == b->proto &&
	       a->port == b->port && !memcmp(a->addr, b->addr, 16) &&
	       !memcmp(a->addr2, b->addr2, 16) &&
	       !memcmp(a->mac, b->mac, 6) && a->physdev == b->physdev &&
	       !strncmp(a->iface, b->iface, IFNAMSIZ) && a->ref == b->ref &&
	       a->mark == b->mark;
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

struct ips_elem *ips_elem_find(struct ips_set *s,
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

	if (s->type->release)
		s->type->release(s, &s->elems[pos]);
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

/* mtype_add / mtype_del / mtype_test for one element: 1 or 0 for a
 * test, else 0 or -errno. */
/* ip_set_init_*(): the extensions an add gives el; a fresh element
 * starts from zero, an existing one keeps counters not given. */
int ips_elem_set_ext(struct ips_set *s, struct ips_elem *el, bool fresh)
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
	el->nomatch = s->nomatch;
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

int ips_elem_new(struct ips_set *s, const struct ips_elem *e)
{
	int err = ips_elem_add(s, e);

	return err < 0 ? err : ips_elem_set_ext(s, &s->elems[s->n - 1], true);
}

void ips_elem_remove(struct ips_set *s, struct ips_elem *e)
{
	ips_elem_del(s, (uint32_t)(e - s->elems));
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

int ips_adt_one(struct ips_set *s, int cmd, const struct ips_elem *e,
		       bool exist_ok)
{
	struct ips_elem *found;
	int err;

	if (cmd == IPSET_CMD_TEST) {
		if (s->type->test) {
			int r = s->type->test(s, e);

			/* ip_set_enomatch(): a test that says nomatch
			 * finds a nomatch element */
			return r == -ENOTEMPTY ? s->nomatch : r;
		}
		found = ips_elem_find(s, e);
		/* ip_set_enomatch(): a test that says nomatch finds one */
		return found && (!found->nomatch || s->nomatch);
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

uint32_t ips_v4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	       (uint32_t)a[2] << 8 | a[3];
}

void ips_set_v4(uint8_t *a, uint32_t v)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)(v >> 24);
	a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8);
	a[3] = (uint8_t)v;
}

/* ip_set_range_to_cidr(): the largest network at from within to. */
uint8_t ips_range_cidr(uint32_t from, uint32_t to, uint32_t *last)
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

bool ips_ext_netorder_ok(const struct nlattr *const tb[])
{
	static const int net[] = { IPSET_ATTR_TIMEOUT, IPSET_ATTR_CADT_FLAGS,
				   IPSET_ATTR_PACKETS, IPSET_ATTR_BYTES,
				   IPSET_ATTR_SKBMARK, IPSET_ATTR_SKBPRIO,
				   IPSET_ATTR_SKBQUEUE };

	for (size_t i = 0; i < sizeof(net) / sizeof(net[0]); i++)
		if (tb[net[i]] && !NETORDER(tb[net[i]]))
			return false;
	return true;
}

int ips_put_addr(struct unl_skb *skb, int type, uint8_t family,
		 const uint8_t *addr)
{
	struct nlattr *n = unl_nla_nest_start(skb, type | NLA_F_NESTED);

	if (!n || unl_nla_put(skb,
			      /* nla_put_in_addr(): no NLA_F_NET_BYTEORDER
			       * in what Linux writes, though it wants
			       * the flag in what it is sent */
			      family == NFPROTO_IPV6 ? IPSET_ATTR_IPADDR_IPV6
						     : IPSET_ATTR_IPADDR_IPV4,
			      (int)ips_alen(family), addr))
		return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* ip_set_get_extensions(): what the set was made with may be given */
int ips_get_ext(struct ips_set *s, const struct nlattr *const tb[],
		struct ips_ext *x)
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
	s->ext = x;
	return 0;
}

/* Add, delete or test e for every address of ip..ip_to (networks for
 * hash:net,port) and port of port..port_to (host order). */

/* One data nest, parsed with the ADT policy, to the type's uadt. */
static int ips_uadt(struct ips_set *s, int cmd, const struct nlattr *data,
		    bool exist_ok, struct unl_ext_ack *extack,
		    struct ips_ext *ext)
{
	const struct nlattr *tb[IPSET_ATTR_ADT_MAX + 1];

	if (!ips_nested(data))
		return -IPSET_ERR_PROTOCOL;
	if (unl_nla_parse_nested(tb, IPSET_ATTR_ADT_MAX, data, ips_adt_policy,
				 UNL_VALIDATE_LIBERAL, extack) < 0)
		return -IPSET_ERR_PROTOCOL;
	memset(ext, 0, sizeof(*ext));
	s->nomatch = false;
	return s->type->uadt(s, cmd, tb, exist_ok, ext);
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

uint32_t ips_bitmap_memsize(uint32_t base, uint32_t elements,
			    uint32_t per_elem)
{
	return base + (elements + 63) / 64 * 8 + elements * per_elem;
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

/* One element: its key (the type's), then its extensions. */
static int ips_put_elem(struct unl_skb *skb, const struct ips_set *s,
			const struct ips_elem *e)
{
	struct nlattr *d = unl_nla_nest_start(skb, IPSET_ATTR_DATA |
							  NLA_F_NESTED);

	if (!d || s->type->elem(skb, s, e) || ips_put_ext(skb, s, e))
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
	if (!d || s->type->head(skb, s))
		return -1;
	if (unl_nla_put_u32(skb, IPSET_ATTR_REFERENCES | NLA_F_NET_BYTEORDER,
			    htonl(s->ref)) ||
	    unl_nla_put_u32(skb, IPSET_ATTR_MEMSIZE | NLA_F_NET_BYTEORDER,
			    htonl(s->type->memsize(s))) ||
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

again:
	for (; cb->args[0] < IPS_MAX_SETS; cb->args[0]++, cb->args[1] = 0) {
		uint16_t idx = (uint16_t)cb->args[0];
		struct ips_set *s = in->sets[idx];
		struct nlmsghdr *nlh;
		struct nlattr *adt;
		uint32_t i, total;

		if (!s || (cb->args[2] && cb->args[2] != idx + 1))
			continue;
		/* every set, then the lists of sets (args[5]: which) */
		if (!cb->args[2] &&
		    !(s->type->features & IPS_FEAT_DUMP_LAST) != !cb->args[5])
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
		total = s->type->list_total ? s->type->list_total(s) : s->n;
		for (i = cb->args[1] ? (uint32_t)cb->args[1] - 1 : 0; i < total;
		     i++) {
			size_t len = unl_skb_len(skb);
			const struct ips_elem *e =
				s->type->list_at ? s->type->list_at(s, i)
						 : &s->elems[i];

			if (!e)
				continue;
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
	if (cb->args[0] == IPS_MAX_SETS && !cb->args[2] && !cb->args[5]) {
		cb->args[5] = 1;
		cb->args[0] = 0;
		goto again;
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

	/* each gone from the table as it goes: a list:set lets go of
	 * the members still there */
	for (int i = 0; i < IPS_MAX_SETS; i++) {
		struct ips_set *s = in->sets[i];

		in->sets[i] = NULL;
		ips_set_free(s);
	}
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
