// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sit, IPv6 (or IPv4, MPLS, either: its mode) over IPv4
 * (net/ipv6/sit.c): the IPv4 endpoints are the device's 4-byte address
 * and broadcast, a remote makes it point-to-point, ISATAP is asked at
 * creation (IFF_ISATAP) and 6rd carries a prefix and a relay prefix,
 * 2002::/16 (6to4) until told otherwise.
 *
 * The module's tunnels per net are looked up as ipip6_tunnel_locate()
 * looks: local, remote and link.  Its fallback device sit0 holds the
 * tunnel without endpoints; it is made in every net when the module
 * loads unless net.core.fb_tunnels_only_for_init_net says otherwise,
 * takes no change (EINVAL), stays when deleted and never moves.
 *
 * A change keeps the mode and the ISATAP flag (ipip6_tunnel_update()
 * copies neither), and must not turn a point-to-point tunnel into one
 * without a remote or back.  Encapsulations other than none need the
 * fou module (EINVAL, as without it).  The reference kernel has no sit
 * module: this follows Linux's source and a recording from Linux 6.12
 * (tests/clients/ip6-tunnels.sh).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"

#define IP6_MAX_MTU (0xffffu + 40u)
#define IPV4_HLEN 20
#define IPV6_MIN_MTU 1280
#define ETH_DATA_LEN_ 1500
#define IP_DF_BIT htons(0x4000)
#define IPPROTO_MPLS_ 137

/* struct ip_tunnel as sit uses it: addresses and flags in network
 * order, as the attributes carry them */
struct sit_tunnel {
	uint32_t link;
	uint32_t saddr, daddr;
	uint8_t ttl, tos, proto;
	uint16_t frag_off;
	uint16_t i_flags;        /* SIT_ISATAP */
	uint32_t fwmark;
	uint16_t encap_type, encap_flags, encap_sport, encap_dport;
	/* struct ip_tunnel_6rd */
	uint8_t prefix6rd[16];
	uint32_t relay_prefix;
	uint16_t prefixlen, relay_prefixlen;
	bool fb;
};

static struct sit_tunnel *sit(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static uint32_t get_be32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, unl_nla_data(a), 4);
	return v;
}

static uint16_t get_be16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, unl_nla_data(a), 2);
	return v;
}

/* ipip6_tunnel_locate() without creating: the device with p's
 * endpoints and link (the fallback device too) */
static struct rtnl_link *sit_find(struct rtnl_net *rn,
				  const struct rtnl_link *self,
				  const struct sit_tunnel *p)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct sit_tunnel *t;

		if (l->ops != &rtnl_sit_ops || l->unregistering || l == self)
			continue;
		t = sit(l);
		if (t->saddr == p->saddr && t->daddr == p->daddr &&
		    t->link == p->link)
			return l;
	}
	return NULL;
}

/* ipip6_tunnel_bind_dev(): a remote makes the tunnel point-to-point;
 * the MTU is what the device toward it (or the link) leaves */
static void sit_bind_dev(struct rtnl_link *l)
{
	struct sit_tunnel *t = sit(l);
	struct rtnl_link *tdev = NULL;

	if (t->daddr) {
		int idx = rtnl_route_output_dev(l->rn, AF_INET,
						(const uint8_t *)&t->daddr);

		tdev = idx ? rtnl_link_by_index(l->rn, idx) : NULL;
		l->flags |= IFF_POINTOPOINT;
	}
	if (!tdev && t->link)
		tdev = rtnl_link_by_index(l->rn, (int)t->link);
	if (tdev && !rtnl_link_is_l3_master(tdev)) {
		int64_t mtu = (int64_t)tdev->mtu - IPV4_HLEN;

		rtnl_link_set_mtu(l, mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU
							: (uint32_t)mtu,
				  NULL);
	}
}

/* ipip6_tunnel_clone_6rd(): 6to4's prefix (sit0 keeps its own, which
 * netlink cannot change) */
static void sit_6rd_default(struct sit_tunnel *t)
{
	memset(t->prefix6rd, 0, 16);
	t->prefix6rd[0] = 0x20;
	t->prefix6rd[1] = 0x02;
	t->relay_prefix = 0;
	t->prefixlen = 16;
	t->relay_prefixlen = 0;
}

/* The 6rd attributes, if any (ipip6_netlink_6rd_parms()) */
static bool sit_6rd_parms(const struct nlattr *const *data,
			  struct sit_tunnel *p)
{
	bool any = false;

	if (!data)
		return false;
	if (data[IFLA_IPTUN_6RD_PREFIX]) {
		memcpy(p->prefix6rd, unl_nla_data(data[IFLA_IPTUN_6RD_PREFIX]),
		       16);
		any = true;
	}
	if (data[IFLA_IPTUN_6RD_RELAY_PREFIX]) {
		p->relay_prefix = get_be32(data[IFLA_IPTUN_6RD_RELAY_PREFIX]);
		any = true;
	}
	if (data[IFLA_IPTUN_6RD_PREFIXLEN]) {
		p->prefixlen = unl_nla_get_u16(data[IFLA_IPTUN_6RD_PREFIXLEN]);
		any = true;
	}
	if (data[IFLA_IPTUN_6RD_RELAY_PREFIXLEN]) {
		p->relay_prefixlen =
			unl_nla_get_u16(data[IFLA_IPTUN_6RD_RELAY_PREFIXLEN]);
		any = true;
	}
	return any;
}

/* ipip6_tunnel_update_6rd(): prefixes no longer than they say, and
 * room for the IPv4 bits in the first 64 */
static int sit_update_6rd(struct rtnl_link *l, const struct sit_tunnel *p)
{
	struct sit_tunnel *t = sit(l);
	uint32_t relay = 0;

	if (p->relay_prefixlen > 32 ||
	    p->prefixlen + (32 - p->relay_prefixlen) > 64)
		return -EINVAL;
	for (unsigned int i = 0; i < 16; i++) {
		unsigned int bits = p->prefixlen > 8 * i
					    ? p->prefixlen - 8 * i : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);

		if (p->prefix6rd[i] & ~mask)
			return -EINVAL;
	}
	if (p->relay_prefixlen)
		relay = p->relay_prefix &
			htonl(0xffffffffu << (32 - p->relay_prefixlen));
	if (relay != p->relay_prefix)
		return -EINVAL;
	memcpy(t->prefix6rd, p->prefix6rd, 16);
	t->relay_prefix = relay;
	t->prefixlen = p->prefixlen;
	t->relay_prefixlen = p->relay_prefixlen;
	rtnl_link_state_change(l);
	return 0;
}

static const struct unl_nla_policy sit_policy[IFLA_IPTUN_MAX + 1] = {
	[IFLA_IPTUN_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_LOCAL] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_REMOTE] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_TOS] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_PMTUDISC] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_PROTO] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_6RD_PREFIX] = { .len = 16 },
	[IFLA_IPTUN_6RD_RELAY_PREFIX] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_6RD_PREFIXLEN] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_6RD_RELAY_PREFIXLEN] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_SPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_DPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_FWMARK] = { .type = UNL_NLA_U32 },
};

/* ipip6_validate(): IPv6, IPv4, MPLS or any inside */
static int sit_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack)
{
	uint8_t proto;

	(void)rn;
	(void)tb;
	(void)extack;
	if (!data || !data[IFLA_IPTUN_PROTO])
		return 0;
	proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	if (proto != IPPROTO_IPV6 && proto != IPPROTO_IPIP &&
	    proto != IPPROTO_MPLS_ && proto != 0)
		return -EINVAL;
	return 0;
}

/* ipip6_netlink_parms() with ip_tunnel_netlink_parms(): from zero, a
 * TTL of 64 and IPv6 inside unless told; a TTL means don't fragment */
static void sit_parms(const struct nlattr *const *data, struct sit_tunnel *p)
{
	p->proto = IPPROTO_IPV6;
	p->ttl = 64;
	if (!data)
		return;
	if (data[IFLA_IPTUN_LINK])
		p->link = unl_nla_get_u32(data[IFLA_IPTUN_LINK]);
	if (data[IFLA_IPTUN_LOCAL])
		p->saddr = get_be32(data[IFLA_IPTUN_LOCAL]);
	if (data[IFLA_IPTUN_REMOTE])
		p->daddr = get_be32(data[IFLA_IPTUN_REMOTE]);
	if (data[IFLA_IPTUN_TTL]) {
		p->ttl = unl_nla_get_u8(data[IFLA_IPTUN_TTL]);
		if (p->ttl)
			p->frag_off = IP_DF_BIT;
	}
	if (data[IFLA_IPTUN_TOS])
		p->tos = unl_nla_get_u8(data[IFLA_IPTUN_TOS]);
	if (!data[IFLA_IPTUN_PMTUDISC] ||
	    unl_nla_get_u8(data[IFLA_IPTUN_PMTUDISC]))
		p->frag_off = IP_DF_BIT;
	if (data[IFLA_IPTUN_PROTO])
		p->proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	if (data[IFLA_IPTUN_FLAGS])
		p->i_flags = get_be16(data[IFLA_IPTUN_FLAGS]);
	if (data[IFLA_IPTUN_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_IPTUN_FWMARK]);
}

/* ip_tunnel_encap_setup(): only "none" without the fou module */
static int sit_encap(struct sit_tunnel *t, const struct nlattr *const *data)
{
	if (!data || (!data[IFLA_IPTUN_ENCAP_TYPE] &&
		      !data[IFLA_IPTUN_ENCAP_FLAGS] &&
		      !data[IFLA_IPTUN_ENCAP_SPORT] &&
		      !data[IFLA_IPTUN_ENCAP_DPORT]))
		return 0;
	t->encap_type = t->encap_flags = t->encap_sport = t->encap_dport = 0;
	if (data[IFLA_IPTUN_ENCAP_TYPE] &&
	    unl_nla_get_u16(data[IFLA_IPTUN_ENCAP_TYPE]) != TUNNEL_ENCAP_NONE)
		return -EINVAL;
	if (data[IFLA_IPTUN_ENCAP_FLAGS])
		t->encap_flags = unl_nla_get_u16(data[IFLA_IPTUN_ENCAP_FLAGS]);
	if (data[IFLA_IPTUN_ENCAP_SPORT])
		t->encap_sport = get_be16(data[IFLA_IPTUN_ENCAP_SPORT]);
	if (data[IFLA_IPTUN_ENCAP_DPORT])
		t->encap_dport = get_be16(data[IFLA_IPTUN_ENCAP_DPORT]);
	return 0;
}

/* ipip6_tunnel_init(): the MTU before the device is known */
static void sit_dev_init(struct rtnl_link *l)
{
	struct sit_tunnel *t = sit(l);

	memcpy(l->addr, &t->saddr, 4);
	memcpy(l->broadcast, &t->daddr, 4);
	sit_bind_dev(l);
}

/* ipip6_newlink(): one device per endpoints and link; a 6rd that does
 * not hold undoes the device made */
static int sit_newlink(struct rtnl_link *l, const struct rtnl_newlink_params *np,
		       struct unl_ext_ack *extack)
{
	struct sit_tunnel *t = sit(l), rd = { 0 };
	int err;

	(void)extack;
	err = sit_encap(t, np->data);
	if (err)
		return err;
	sit_parms(np->data, t);
	if (sit_find(l->rn, l, t))
		return -EEXIST;
	sit_dev_init(l);
	l->isatap = t->i_flags & SIT_ISATAP;
	err = rtnl_link_register(l, np->ifm->ifi_index);
	if (err)
		return err;
	sit_6rd_default(t);
	if (np->tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(np->tb[IFLA_MTU]);

		if (mtu >= IPV6_MIN_MTU && mtu <= IP6_MAX_MTU)
			rtnl_link_set_mtu(l, mtu, NULL);
	}
	if (sit_6rd_parms(np->data, &rd))
		return sit_update_6rd(l, &rd);
	return 0;
}

/* ipip6_changelink(): not sit0; endpoints, TTL, TOS, don't-fragment,
 * link and mark, then 6rd */
static int sit_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack)
{
	struct sit_tunnel *t = sit(l), p = { 0 }, rd = { 0 };
	bool p2p = l->flags & IFF_POINTOPOINT;
	int err;

	(void)tb;
	(void)extack;
	if (t->fb)
		return -EINVAL;
	err = sit_encap(t, data);
	if (err)
		return err;
	p.fwmark = t->fwmark;
	sit_parms(data, &p);
	if ((p2p && !p.daddr) || (!p2p && p.daddr))
		return -EINVAL;
	if (sit_find(l->rn, l, &p))
		return -EEXIST;
	/* ipip6_tunnel_update() */
	t->saddr = p.saddr;
	t->daddr = p.daddr;
	memcpy(l->addr, &t->saddr, 4);
	memcpy(l->broadcast, &t->daddr, 4);
	t->ttl = p.ttl;
	t->tos = p.tos;
	t->frag_off = p.frag_off;
	if (t->link != p.link || t->fwmark != p.fwmark) {
		t->link = p.link;
		t->fwmark = p.fwmark;
		sit_bind_dev(l);
	}
	rtnl_link_state_change(l);
	if (sit_6rd_parms(data, &rd))
		return sit_update_6rd(l, &rd);
	return 0;
}

/* The fallback device stays. */
static void sit_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	if (!sit(l)->fb)
		rtnl_link_queue_kill(l, kill);
}

static int sit_get_iflink(const struct rtnl_link *l)
{
	return (int)sit(l)->link;
}

static int put_be32(struct unl_skb *skb, int type, uint32_t v)
{
	return unl_nla_put(skb, type, 4, &v);
}

static int put_be16(struct unl_skb *skb, int type, uint16_t v)
{
	return unl_nla_put(skb, type, 2, &v);
}

/* ipip6_fill_info() */
static int sit_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct sit_tunnel *t = sit(l);

	if (unl_nla_put_u32(skb, IFLA_IPTUN_LINK, t->link) ||
	    put_be32(skb, IFLA_IPTUN_LOCAL, t->saddr) ||
	    put_be32(skb, IFLA_IPTUN_REMOTE, t->daddr) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TTL, t->ttl) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TOS, t->tos) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PMTUDISC,
			   !!(t->frag_off & IP_DF_BIT)) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PROTO, t->proto) ||
	    put_be16(skb, IFLA_IPTUN_FLAGS, t->i_flags) ||
	    unl_nla_put_u32(skb, IFLA_IPTUN_FWMARK, t->fwmark) ||
	    unl_nla_put(skb, IFLA_IPTUN_6RD_PREFIX, 16, t->prefix6rd) ||
	    put_be32(skb, IFLA_IPTUN_6RD_RELAY_PREFIX, t->relay_prefix) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_6RD_PREFIXLEN, t->prefixlen) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_6RD_RELAY_PREFIXLEN,
			    t->relay_prefixlen) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_TYPE, t->encap_type) ||
	    put_be16(skb, IFLA_IPTUN_ENCAP_SPORT, t->encap_sport) ||
	    put_be16(skb, IFLA_IPTUN_ENCAP_DPORT, t->encap_dport) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_FLAGS, t->encap_flags))
		return -EMSGSIZE;
	return 0;
}

/* ipip6_tunnel_setup(): IPv4 addresses, IPv6's minimum MTU */
static void sit_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_SIT;
	l->flags = IFF_NOARP;
	l->addr_len = 4;
	l->mtu = ETH_DATA_LEN_ - IPV4_HLEN;
	l->min_mtu = IPV6_MIN_MTU;
	l->max_mtu = IP6_MAX_MTU - IPV4_HLEN;
	l->tso_max_size = 65536;
}

/* net_has_fallback_tunnels(): every net here is another than the
 * initial one */
static bool net_has_fallback_tunnels(struct rtnl_net *rn)
{
	long v = 0;

	if (unl_profile_sysctl_int(unl_net_profile(rn->net),
				   "net.core.fb_tunnels_only_for_init_net",
				   &v))
		v = 0;
	return v == 0;
}

/* sit_init_net(): sit0, with ipip6_fb_tunnel_init()'s TTL and mode */
static void sit_net_init(struct rtnl_net *rn, bool announce)
{
	struct rtnl_link *l;
	struct sit_tunnel *t;

	if (!net_has_fallback_tunnels(rn))
		return;
	l = rtnl_link_alloc(rn, &rtnl_sit_ops);
	if (!l)
		return;
	t = sit(l);
	t->fb = true;
	snprintf(l->name, sizeof(l->name), "sit0");
	if (rtnl_link_register(l, 0)) {
		rtnl_link_free(l);
		return;
	}
	sit_6rd_default(t);
	t->proto = IPPROTO_IPV6;
	t->ttl = 64;
	l->netns_immutable = true;
	if (announce)
		rtnl_link_configure(l, NULL, NULL, NULL);
	else
		l->configured = true;
}

const struct rtnl_link_module rtnl_sit_module = {
	.name = "sit",
	.id = 4,
	.net_init = sit_net_init,
};

const struct rtnl_link_ops rtnl_sit_ops = {
	.kind = "sit",
	.setup = sit_setup,
	.priv_size = sizeof(struct sit_tunnel),
	.maxtype = IFLA_IPTUN_MAX,
	.policy = sit_policy,
	.validate = sit_validate,
	.newlink = sit_newlink,
	.changelink = sit_changelink,
	.dellink = sit_dellink,
	.fill_info = sit_fill_info,
	.get_iflink = sit_get_iflink,
	.module = &rtnl_sit_module,
};
