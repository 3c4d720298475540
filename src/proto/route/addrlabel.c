// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IPv6 address labels: RTM_NEWADDRLABEL, RTM_DELADDRLABEL and
 * RTM_GETADDRLABEL (net/ipv6/addrlabel.c), the policy table of source
 * address selection (RFC 6724).  A namespace starts with Linux's
 * default table; the table's sequence number counts successful
 * additions and replacements, and every entry reports it.  Nothing is
 * announced, and entries outlive the devices they name, as in Linux.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addrlabel.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

#define ADDRLABEL_MSG_SIZE 64
/* IPV6_ADDR_LABEL_DEFAULT: the label of no entry, never a valid one */
#define ADDRLABEL_DEFAULT 0xffffffffu

/* The address types labels tell apart (ipv6_addr_type() bits). */
#define IPV6_ADDR_ANY 0x0000
#define IPV6_ADDR_UNICAST 0x0001
#define IPV6_ADDR_MULTICAST 0x0002
#define IPV6_ADDR_LOOPBACK 0x0010
#define IPV6_ADDR_LINKLOCAL 0x0020
#define IPV6_ADDR_SITELOCAL 0x0040
#define IPV6_ADDR_COMPATV4 0x0080
#define IPV6_ADDR_MAPPED 0x1000
#define ADDRLABEL_TYPES (IPV6_ADDR_MAPPED | IPV6_ADDR_COMPATV4 | IPV6_ADDR_LOOPBACK)

/* One entry (struct ip6addrlbl_entry). */
struct rtnl_addrlabel {
	struct rtnl_addrlabel *next;
	uint8_t prefix[16];
	int prefixlen;
	int ifindex;
	int addrtype;
	uint32_t label;
};

/* ip6addrlbl_init_table[], in its order: added one by one, they sort
 * themselves into the table's order (longest prefixes first). */
static const struct {
	uint8_t prefix[16];
	int prefixlen;
	uint32_t label;
} addrlabel_defaults[] = {
	{ { 0 }, 0, 1 },                                  /* ::/0 */
	{ { 0xfc }, 7, 5 },                               /* fc00::/7 */
	{ { 0xfe, 0xc0 }, 10, 11 },                       /* fec0::/10 */
	{ { 0x20, 0x02 }, 16, 2 },                        /* 2002::/16 */
	{ { 0x3f, 0xfe }, 16, 12 },                       /* 3ffe::/16 */
	{ { 0x20, 0x01 }, 32, 6 },                        /* 2001::/32 */
	{ { 0x20, 0x01, 0x00, 0x10 }, 28, 7 },            /* 2001:10::/28 */
	{ { [10] = 0xff, [11] = 0xff }, 96, 4 },          /* ::ffff:0:0/96 */
	{ { 0 }, 96, 3 },                                 /* ::/96 */
	{ { [15] = 1 }, 128, 0 },                         /* ::1/128 */
};

static const struct unl_nla_policy ifal_policy[IFAL_MAX + 1] = {
	[IFAL_ADDRESS] = { .len = 16 },
	[IFAL_LABEL] = { .len = sizeof(uint32_t) },
};

/* ipv6_addr_type() & 0xffff: the class of an address, as far as labels
 * and their lookups look at it (a multicast address's scope bits are
 * left out: no label entry can name them). */
static int ipv6_addr_type(const uint8_t *a)
{
	static const uint8_t zero[12];

	if ((a[0] & 0xe0) != 0 && (a[0] & 0xe0) != 0xe0)
		return IPV6_ADDR_UNICAST;
	if (a[0] == 0xff)
		return IPV6_ADDR_MULTICAST;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST;
	if ((a[0] & 0xfe) == 0xfc)
		return IPV6_ADDR_UNICAST;
	if (!memcmp(a, zero, 8)) {
		if (!memcmp(a + 8, zero, 4)) {
			static const uint8_t one[4] = { 0, 0, 0, 1 };

			if (!memcmp(a + 12, zero, 4))
				return IPV6_ADDR_ANY;
			if (!memcmp(a + 12, one, 4))
				return IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST;
			return IPV6_ADDR_COMPATV4 | IPV6_ADDR_UNICAST;
		}
		if (a[8] == 0 && a[9] == 0 && a[10] == 0xff && a[11] == 0xff)
			return IPV6_ADDR_MAPPED;
	}
	return IPV6_ADDR_UNICAST;
}

/* ipv6_addr_prefix() */
static void prefix_mask(uint8_t *dst, const uint8_t *a, int plen)
{
	memset(dst, 0, 16);
	memcpy(dst, a, (size_t)plen / 8);
	if (plen % 8)
		dst[plen / 8] = a[plen / 8] & (uint8_t)(0xff << (8 - plen % 8));
}

static bool prefix_equal(const uint8_t *a, const uint8_t *p, int plen)
{
	uint8_t m[16];

	prefix_mask(m, a, plen);
	return !memcmp(m, p, 16);
}

/* __ipv6_addr_label(): the first entry, longest prefix first, that
 * matches the address, its type and the device. */
static const struct rtnl_addrlabel *addrlabel_match(struct rtnl_net *rn,
						    const uint8_t *a, int type,
						    int ifindex)
{
	for (const struct rtnl_addrlabel *p = rn->addrlabels; p; p = p->next) {
		if (p->ifindex && p->ifindex != ifindex)
			continue;
		if (p->addrtype && p->addrtype != type)
			continue;
		if (prefix_equal(a, p->prefix, p->prefixlen))
			return p;
	}
	return NULL;
}

/* ip6addrlbl_alloc(): the prefix is masked; a mapped, compatible or
 * loopback prefix keeps its type only at its full length (a mapped one
 * longer than 96 bits is refused). */
static int addrlabel_alloc(const uint8_t *prefix, int prefixlen, int ifindex,
			   uint32_t label, struct rtnl_addrlabel **pp)
{
	int type = ipv6_addr_type(prefix) & ADDRLABEL_TYPES;
	struct rtnl_addrlabel *p;

	if ((type == IPV6_ADDR_MAPPED && prefixlen > 96))
		return -EINVAL;
	if ((type == IPV6_ADDR_MAPPED && prefixlen < 96) ||
	    (type == IPV6_ADDR_COMPATV4 && prefixlen != 96) ||
	    (type == IPV6_ADDR_LOOPBACK && prefixlen != 128))
		type = 0;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	prefix_mask(p->prefix, prefix, prefixlen);
	p->prefixlen = prefixlen;
	p->ifindex = ifindex;
	p->addrtype = type;
	p->label = label;
	*pp = p;
	return 0;
}

/* __ip6addrlbl_add(): the same prefix and device is replaced (or
 * EEXIST); otherwise the entry goes before the first one with a shorter
 * prefix, or with the same prefix length and no device. */
static int addrlabel_insert(struct rtnl_net *rn, struct rtnl_addrlabel *n,
			    bool replace)
{
	struct rtnl_addrlabel **pp;

	for (pp = &rn->addrlabels; *pp; pp = &(*pp)->next) {
		struct rtnl_addrlabel *p = *pp;

		if (p->prefixlen == n->prefixlen && p->ifindex == n->ifindex &&
		    !memcmp(p->prefix, n->prefix, 16)) {
			if (!replace)
				return -EEXIST;
			n->next = p->next;
			*pp = n;
			free(p);
			rn->addrlabel_seq++;
			return 0;
		}
		if ((p->prefixlen == n->prefixlen && !p->ifindex) ||
		    p->prefixlen < n->prefixlen)
			break;
	}
	n->next = *pp;
	*pp = n;
	rn->addrlabel_seq++;
	return 0;
}

/* ip6addrlbl_add() */
static int addrlabel_add(struct rtnl_net *rn, const uint8_t *prefix,
			 int prefixlen, int ifindex, uint32_t label,
			 bool replace)
{
	struct rtnl_addrlabel *n;
	int err = addrlabel_alloc(prefix, prefixlen, ifindex, label, &n);

	if (err)
		return err;
	err = addrlabel_insert(rn, n, replace);
	if (err)
		free(n);
	return err;
}

/* ip6addrlbl_del(): by masked prefix, length and device. */
static int addrlabel_del(struct rtnl_net *rn, const uint8_t *prefix,
			 int prefixlen, int ifindex)
{
	uint8_t m[16];

	prefix_mask(m, prefix, prefixlen);
	for (struct rtnl_addrlabel **pp = &rn->addrlabels; *pp;
	     pp = &(*pp)->next) {
		struct rtnl_addrlabel *p = *pp;

		if (p->prefixlen == prefixlen && p->ifindex == ifindex &&
		    !memcmp(p->prefix, m, 16)) {
			*pp = p->next;
			free(p);
			return 0;
		}
	}
	return -ESRCH;
}

/* ip6addrlbl_net_init() */
uint32_t rtnl_addrlabel_get(struct rtnl_net *rn, const uint8_t *addr,
			    int ifindex)
{
	int type = ipv6_addr_type(addr) &
		   (IPV6_ADDR_MAPPED | IPV6_ADDR_COMPATV4 | IPV6_ADDR_LOOPBACK);
	const struct rtnl_addrlabel *p = addrlabel_match(rn, addr, type,
							 ifindex);

	return p ? p->label : ADDRLABEL_DEFAULT;
}

int rtnl_addrlabel_init(struct rtnl_net *rn)
{
	for (size_t i = 0; i < sizeof(addrlabel_defaults) /
				       sizeof(addrlabel_defaults[0]);
	     i++) {
		int err = addrlabel_add(rn, addrlabel_defaults[i].prefix,
					addrlabel_defaults[i].prefixlen, 0,
					addrlabel_defaults[i].label, false);

		if (err)
			return err;
	}
	return 0;
}

void rtnl_addrlabel_fini(struct rtnl_net *rn)
{
	while (rn->addrlabels) {
		struct rtnl_addrlabel *p = rn->addrlabels;

		rn->addrlabels = p->next;
		free(p);
	}
}

/* ip6addrlbl_newdel(): errors without messages, as Linux gives them. */
static int rtnl_newdeladdrlabel(struct rtnl_net *rn, struct unl_skb *skb,
				struct nlmsghdr *nlh,
				struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFAL_MAX + 1];
	const struct ifaddrlblmsg *ifal;
	uint32_t label;
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(*ifal), tb, IFAL_MAX, ifal_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	ifal = NLMSG_DATA(nlh);
	if (ifal->ifal_family != AF_INET6 || ifal->ifal_prefixlen > 128)
		return -EINVAL;
	if (!tb[IFAL_ADDRESS] || !tb[IFAL_LABEL])
		return -EINVAL;
	label = unl_nla_get_u32(tb[IFAL_LABEL]);
	if (label == ADDRLABEL_DEFAULT)
		return -EINVAL;
	if (nlh->nlmsg_type == RTM_DELADDRLABEL)
		return addrlabel_del(rn, unl_nla_data(tb[IFAL_ADDRESS]),
				     ifal->ifal_prefixlen,
				     (int)ifal->ifal_index);
	if (ifal->ifal_index &&
	    !rtnl_link_by_index(rn, (int)ifal->ifal_index))
		return -EINVAL;
	return addrlabel_add(rn, unl_nla_data(tb[IFAL_ADDRESS]),
			     ifal->ifal_prefixlen, (int)ifal->ifal_index, label,
			     nlh->nlmsg_flags & NLM_F_REPLACE);
}

/* ip6addrlbl_fill():
 *
 *   ifaddrlblmsg (family, 0, prefixlen, 0, ifindex, table seq) |
 *   IFAL_ADDRESS | IFAL_LABEL
 */
static int addrlabel_fill(struct unl_skb *skb, const struct rtnl_addrlabel *p,
			  uint32_t lseq, uint32_t pid, uint32_t seq, int flags)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, pid, seq, RTM_NEWADDRLABEL,
					     sizeof(struct ifaddrlblmsg),
					     flags);
	struct ifaddrlblmsg *ifal;

	if (!nlh)
		return -EMSGSIZE;
	ifal = NLMSG_DATA(nlh);
	ifal->ifal_family = AF_INET6;
	ifal->ifal_prefixlen = (uint8_t)p->prefixlen;
	ifal->ifal_index = (uint32_t)p->ifindex;
	ifal->ifal_seq = lseq;
	if (unl_nla_put(skb, IFAL_ADDRESS, 16, p->prefix) ||
	    unl_nla_put_u32(skb, IFAL_LABEL, p->label)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ip6addrlbl_valid_dump_req(): a bare header of zeros. */
static int addrlabel_valid_dump_req(const struct nlmsghdr *nlh,
				    struct unl_ext_ack *extack)
{
	const struct ifaddrlblmsg *ifal = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifal))) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid header for address label dump request");
		return -EINVAL;
	}
	if (ifal->__ifal_reserved || ifal->ifal_prefixlen ||
	    ifal->ifal_flags || ifal->ifal_index || ifal->ifal_seq) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid values in header for address label dump request");
		return -EINVAL;
	}
	if (nlh->nlmsg_len != NLMSG_LENGTH(sizeof(*ifal))) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid data after header for address label dump request");
		return -EINVAL;
	}
	return 0;
}

/* ip6addrlbl_dump(): in table order, resuming at the index that did not
 * fit. */
static int rtnl_dump_addrlabel(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	long idx = 0;

	if (cb->strict_check) {
		int err = addrlabel_valid_dump_req(cb->nlh, cb->extack);

		if (err)
			return err;
	}
	for (const struct rtnl_addrlabel *p = rn->addrlabels; p;
	     p = p->next, idx++) {
		if (idx < cb->args[0])
			continue;
		if (addrlabel_fill(skb, p, rn->addrlabel_seq,
				   rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
				   NLM_F_MULTI)) {
			cb->args[0] = idx;
			return -EMSGSIZE;
		}
	}
	cb->args[0] = idx;
	return 0;
}

/* ip6addrlbl_valid_get_req() */
static int addrlabel_valid_get_req(struct unl_skb *skb,
				   const struct nlmsghdr *nlh,
				   const struct nlattr **tb,
				   struct unl_ext_ack *extack)
{
	const struct ifaddrlblmsg *ifal = NLMSG_DATA(nlh);
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifal))) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid header for addrlabel get request");
		return -EINVAL;
	}
	if (!unl_skb_strict_check(skb))
		return unl_nlmsg_parse(nlh, sizeof(*ifal), tb, IFAL_MAX,
				       ifal_policy, UNL_VALIDATE_LIBERAL,
				       extack);
	if (ifal->__ifal_reserved || ifal->ifal_flags || ifal->ifal_seq) {
		UNL_SET_ERR_MSG(extack, "ipv6: Invalid values in header for addrlabel get request");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ifal), tb, IFAL_MAX, ifal_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	for (int i = 0; i <= IFAL_MAX; i++)
		if (tb[i] && i != IFAL_ADDRESS) {
			UNL_SET_ERR_MSG(extack, "ipv6: Unsupported attribute in addrlabel get request");
			return -EINVAL;
		}
	return 0;
}

/* ip6addrlbl_get(): the entry an address (a /128) would get. */
static int rtnl_getaddrlabel(struct rtnl_net *rn, struct unl_skb *skb,
			     struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[IFAL_MAX + 1];
	const struct ifaddrlblmsg *ifal;
	const struct rtnl_addrlabel *p;
	const uint8_t *addr;
	struct unl_skb *nskb;
	int err = addrlabel_valid_get_req(skb, nlh, tb, extack);

	if (err)
		return err;
	ifal = NLMSG_DATA(nlh);
	if (ifal->ifal_family != AF_INET6 || ifal->ifal_prefixlen != 128)
		return -EINVAL;
	if (ifal->ifal_index &&
	    !rtnl_link_by_index(rn, (int)ifal->ifal_index))
		return -EINVAL;
	if (!tb[IFAL_ADDRESS])
		return -EINVAL;
	addr = unl_nla_data(tb[IFAL_ADDRESS]);
	/* unlike a source address selection, the type is not narrowed to
	 * the three label types: ::1 does not find ::1/128 */
	p = addrlabel_match(rn, addr, ipv6_addr_type(addr),
			    (int)ifal->ifal_index);
	if (!p)
		return -ESRCH;
	nskb = unl_nlmsg_new(ADDRLABEL_MSG_SIZE);
	if (!nskb)
		return -ENOBUFS;
	err = addrlabel_fill(nskb, p, rn->addrlabel_seq, rtnl_req_portid(skb),
			     nlh->nlmsg_seq, 0);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	err = unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

const struct rtnl_msg_handler rtnl_addrlabel_handlers[] = {
	{ PF_INET6, RTM_NEWADDRLABEL, rtnl_newdeladdrlabel, NULL, 0 },
	{ PF_INET6, RTM_DELADDRLABEL, rtnl_newdeladdrlabel, NULL, 0 },
	{ PF_INET6, RTM_GETADDRLABEL, rtnl_getaddrlabel, rtnl_dump_addrlabel,
	  0 },
};
const unsigned int rtnl_addrlabel_handlers_n =
	sizeof(rtnl_addrlabel_handlers) / sizeof(rtnl_addrlabel_handlers[0]);
