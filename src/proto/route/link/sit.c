// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sit, IPv6 (or IPv4, MPLS, either: its mode) over IPv4
 * (net/ipv6/sit.c): the IPv4 endpoints are the device's 4-byte address
 * and broadcast, a remote makes it point-to-point, ISATAP is asked at
 * creation (IFF_ISATAP) and 6rd carries a prefix and a relay prefix,
 * a new tunnel sit0's (2002::/16, 6to4, until SIOCADD6RD changes it).
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
 * fou module (EINVAL, as without it).
 *
 * The ioctls (ipip6_tunnel_siocdevprivate()) act on the same tunnels:
 * SIOC*TUNNEL with struct ip_tunnel_parm (through sit0, on the tunnel
 * the struct names), the ISATAP potential router list (SIOC*PRL: kept,
 * reported, no packets to act on) and 6rd (SIOC*6RD).  The reference
 * kernel has no sit module: this follows Linux's source and recordings
 * from Linux 6.12 (tests/clients/ip6-tunnels.sh, ip-tunnel-ioctl.sh).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/sockios.h>

#include <unetlink/profile.h>

#include "proto/route/link/tunnel.h"

#define IP6_MAX_MTU (0xffffu + 40u)
#define IPV4_HLEN 20
#define IPV6_MIN_MTU 1280
#define ETH_DATA_LEN_ 1500
#define IP_DF_BIT htons(0x4000)

/* SIOCGETPRL's entries answered at most: what the front ends carry
 * (wire/ioctl-shape.c) */
#define PRL_ROOM_MAX 3000u

/* struct ip_tunnel_prl_entry */
struct sit_prl {
	uint32_t addr;
	uint16_t flags;
};

/* struct ip_tunnel as sit uses it: addresses and flags in network
 * order, as the attributes carry them */
struct sit_tunnel {
	/* i_flags SIT_ISATAP; the output flags and keys only the ioctls
	 * see */
	struct rtnl_tnl_parm parms;
	uint32_t fwmark;
	uint16_t encap_type, encap_flags, encap_sport, encap_dport;
	/* struct ip_tunnel_6rd */
	uint8_t prefix6rd[16];
	uint32_t relay_prefix;
	uint16_t prefixlen, relay_prefixlen;
	bool fb;
	/* the ISATAP potential router list, newest first */
	struct sit_prl *prl;
	size_t prl_count, prl_cap;
};

static struct sit_tunnel *sit(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
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
		if (t->parms.saddr == p->parms.saddr && t->parms.daddr == p->parms.daddr &&
		    t->parms.link == p->parms.link)
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

	if (t->parms.daddr) {
		int idx = rtnl_route_output_dev(l->rn, AF_INET,
						(const uint8_t *)&t->parms.daddr);

		tdev = idx ? rtnl_link_by_index(l->rn, idx) : NULL;
		l->flags |= IFF_POINTOPOINT;
	}
	if (!tdev && t->parms.link)
		tdev = rtnl_link_by_index(l->rn, (int)t->parms.link);
	if (tdev && !rtnl_link_is_l3_master(tdev)) {
		int64_t mtu = (int64_t)tdev->mtu - IPV4_HLEN;

		rtnl_link_set_mtu(l, mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU
							: (uint32_t)mtu,
				  NULL);
	}
}

/* 6to4's prefix, sit0's from the start */
static void sit_6rd_default(struct sit_tunnel *t)
{
	memset(t->prefix6rd, 0, 16);
	t->prefix6rd[0] = 0x20;
	t->prefix6rd[1] = 0x02;
	t->relay_prefix = 0;
	t->prefixlen = 16;
	t->relay_prefixlen = 0;
}

/* the fallback device of l's net, if any */
static struct rtnl_link *sit_fb(struct rtnl_net *rn)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops == &rtnl_sit_ops && sit(l)->fb)
			return l;
	return NULL;
}

/* ipip6_tunnel_clone_6rd(): a new tunnel takes sit0's 6rd, sit0 (and
 * every tunnel of a net without it) 6to4's */
static void sit_clone_6rd(struct rtnl_link *l)
{
	struct rtnl_link *fb = sit_fb(l->rn);
	struct sit_tunnel *t = sit(l), *t0;

	if (!fb || fb == l) {
		sit_6rd_default(t);
		return;
	}
	t0 = sit(fb);
	memcpy(t->prefix6rd, t0->prefix6rd, 16);
	t->relay_prefix = t0->relay_prefix;
	t->prefixlen = t0->prefixlen;
	t->relay_prefixlen = t0->relay_prefixlen;
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
		p->relay_prefix = rtnl_tnl_get_be32(data[IFLA_IPTUN_6RD_RELAY_PREFIX]);
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
	static const uint8_t protos[] = { IPPROTO_IPV6, IPPROTO_IPIP,
					  RTNL_IPPROTO_MPLS, 0 };

	(void)rn;
	(void)tb;
	(void)extack;
	return rtnl_tnl_validate_proto(data, protos, sizeof(protos));
}

/* ipip6_netlink_parms() with ip_tunnel_netlink_parms(): from zero, a
 * TTL of 64 and IPv6 inside unless told; a TTL means don't fragment */
static void sit_parms(const struct nlattr *const *data, struct sit_tunnel *p)
{
	p->parms.proto = IPPROTO_IPV6;
	p->parms.ttl = 64;
	if (!data)
		return;
	if (data[IFLA_IPTUN_LINK])
		p->parms.link = unl_nla_get_u32(data[IFLA_IPTUN_LINK]);
	if (data[IFLA_IPTUN_LOCAL])
		p->parms.saddr = rtnl_tnl_get_be32(data[IFLA_IPTUN_LOCAL]);
	if (data[IFLA_IPTUN_REMOTE])
		p->parms.daddr = rtnl_tnl_get_be32(data[IFLA_IPTUN_REMOTE]);
	if (data[IFLA_IPTUN_TTL]) {
		p->parms.ttl = unl_nla_get_u8(data[IFLA_IPTUN_TTL]);
		if (p->parms.ttl)
			p->parms.frag_off = IP_DF_BIT;
	}
	if (data[IFLA_IPTUN_TOS])
		p->parms.tos = unl_nla_get_u8(data[IFLA_IPTUN_TOS]);
	if (!data[IFLA_IPTUN_PMTUDISC] ||
	    unl_nla_get_u8(data[IFLA_IPTUN_PMTUDISC]))
		p->parms.frag_off = IP_DF_BIT;
	if (data[IFLA_IPTUN_PROTO])
		p->parms.proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	if (data[IFLA_IPTUN_FLAGS])
		p->parms.i_flags = rtnl_tnl_get_be16(data[IFLA_IPTUN_FLAGS]);
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
		t->encap_sport = rtnl_tnl_get_be16(data[IFLA_IPTUN_ENCAP_SPORT]);
	if (data[IFLA_IPTUN_ENCAP_DPORT])
		t->encap_dport = rtnl_tnl_get_be16(data[IFLA_IPTUN_ENCAP_DPORT]);
	return 0;
}

/* ipip6_tunnel_init(): the MTU before the device is known */
static void sit_dev_init(struct rtnl_link *l)
{
	struct sit_tunnel *t = sit(l);

	memcpy(l->addr, &t->parms.saddr, 4);
	memcpy(l->broadcast, &t->parms.daddr, 4);
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
	l->isatap = t->parms.i_flags & SIT_ISATAP;
	err = rtnl_link_register(l, np->ifm->ifi_index);
	if (err)
		return err;
	memcpy(t->parms.name, l->name, IFNAMSIZ);
	sit_clone_6rd(l);
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
	if ((p2p && !p.parms.daddr) || (!p2p && p.parms.daddr))
		return -EINVAL;
	if (sit_find(l->rn, l, &p))
		return -EEXIST;
	/* ipip6_tunnel_update() */
	t->parms.saddr = p.parms.saddr;
	t->parms.daddr = p.parms.daddr;
	memcpy(l->addr, &t->parms.saddr, 4);
	memcpy(l->broadcast, &t->parms.daddr, 4);
	t->parms.ttl = p.parms.ttl;
	t->parms.tos = p.parms.tos;
	t->parms.frag_off = p.parms.frag_off;
	if (t->parms.link != p.parms.link || t->fwmark != p.fwmark) {
		t->parms.link = p.parms.link;
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
	return (int)sit(l)->parms.link;
}

/* ipip6_fill_info() */
static int sit_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct sit_tunnel *t = sit(l);

	if (unl_nla_put_u32(skb, IFLA_IPTUN_LINK, t->parms.link) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_LOCAL, t->parms.saddr) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_REMOTE, t->parms.daddr) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TTL, t->parms.ttl) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TOS, t->parms.tos) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PMTUDISC,
			   !!(t->parms.frag_off & IP_DF_BIT)) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PROTO, t->parms.proto) ||
	    unl_nla_put_be16(skb, IFLA_IPTUN_FLAGS, t->parms.i_flags) ||
	    unl_nla_put_u32(skb, IFLA_IPTUN_FWMARK, t->fwmark) ||
	    unl_nla_put(skb, IFLA_IPTUN_6RD_PREFIX, 16, t->prefix6rd) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_6RD_RELAY_PREFIX, t->relay_prefix) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_6RD_PREFIXLEN, t->prefixlen) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_6RD_RELAY_PREFIXLEN,
			    t->relay_prefixlen) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_TYPE, t->encap_type) ||
	    unl_nla_put_be16(skb, IFLA_IPTUN_ENCAP_SPORT, t->encap_sport) ||
	    unl_nla_put_be16(skb, IFLA_IPTUN_ENCAP_DPORT, t->encap_dport) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_FLAGS, t->encap_flags))
		return -EMSGSIZE;
	return 0;
}

/* ---- the ioctls (ipip6_tunnel_siocdevprivate()) ---- */

/* struct ip_tunnel_parm of tunnel l (memcpy() of its parms) */
static void sit_parm_to_user(const struct rtnl_link *l,
			     struct ip_tunnel_parm *u)
{
	rtnl_tnl_parm_to_user(&sit(l)->parms, u);
}

static void sit_parm_from_user(const struct ip_tunnel_parm *u,
			       struct sit_tunnel *p)
{
	memset(p, 0, sizeof(*p));
	rtnl_tnl_parm_from_user(u, &p->parms);
}

/* ipip6_tunnel_locate() creating: a device named as asked (else
 * "sit%d") with every parameter of p, sit0's 6rd; any failure is
 * ENOBUFS.  *name gets the name it took when none was asked. */
static int sit_ioctl_create(struct rtnl_net *rn, const struct sit_tunnel *p,
			    char *name)
{
	struct rtnl_link *l;
	struct sit_tunnel *t;

	if (sit_find(rn, NULL, p))
		return -ENOBUFS;
	l = rtnl_link_alloc(rn, &rtnl_sit_ops);
	if (!l)
		return -ENOBUFS;
	t = sit(l);
	*t = *p;
	snprintf(l->name, sizeof(l->name), "%s", name[0] ? name : "sit%d");
	sit_dev_init(l);
	l->isatap = t->parms.i_flags & SIT_ISATAP;
	if (rtnl_link_register(l, 0)) {
		rtnl_link_free(l);
		return -ENOBUFS;
	}
	memcpy(t->parms.name, l->name, IFNAMSIZ);
	rtnl_link_configure(l, NULL, NULL, NULL);
	sit_clone_6rd(l);
	if (!name[0])
		memcpy(name, l->name, IFNAMSIZ);
	return 0;
}

/* ipip6_tunnel_update(): endpoints, TTL, TOS, don't-fragment, and the
 * device toward the remote again when the link or the mark moved */
static void sit_update(struct rtnl_link *l, const struct sit_tunnel *p,
		       uint32_t fwmark)
{
	struct sit_tunnel *t = sit(l);

	t->parms.saddr = p->parms.saddr;
	t->parms.daddr = p->parms.daddr;
	memcpy(l->addr, &t->parms.saddr, 4);
	memcpy(l->broadcast, &t->parms.daddr, 4);
	t->parms.ttl = p->parms.ttl;
	t->parms.tos = p->parms.tos;
	t->parms.frag_off = p->parms.frag_off;
	if (t->parms.link != p->parms.link || t->fwmark != fwmark) {
		t->parms.link = p->parms.link;
		t->fwmark = fwmark;
		sit_bind_dev(l);
	}
	rtnl_link_state_change(l);
}

/* ipip6_tunnel_ctl(): SIOC*TUNNEL on device l; the caller's u is
 * checked (__ipip6_tunnel_ioctl_validate()) and may be adjusted */
static int sit_tunnel_ctl(struct rtnl_link *l, struct ip_tunnel_parm *u,
			  unsigned int cmd)
{
	struct rtnl_link *o;
	struct sit_tunnel p;
	uint8_t proto = u->iph.protocol;

	sit_parm_from_user(u, &p);
	o = sit_find(l->rn, NULL, &p);
	if (cmd == SIOCGETTUNNEL) {
		sit_parm_to_user(sit(l)->fb && o ? o : l, u);
		return 0;
	}
	if (cmd != SIOCADDTUNNEL && cmd != SIOCCHGTUNNEL &&
	    cmd != SIOCDELTUNNEL)
		return -EINVAL;
	if (!unl_net_capable(l->rn->net, CAP_NET_ADMIN))
		return -EPERM;
	if (cmd == SIOCDELTUNNEL) {
		if (sit(l)->fb) {
			if (!o)
				return -ENOENT;
			if (sit(o)->fb)
				return -EPERM;
			l = o;
		}
		rtnl_tnl_unregister(l);
		return 0;
	}
	if ((proto != IPPROTO_IPV6 && proto != IPPROTO_IPIP &&
	     proto != RTNL_IPPROTO_MPLS && proto != 0) ||
	    u->iph.version != 4 || u->iph.ihl != 5 ||
	    (u->iph.frag_off & ~IP_DF_BIT))
		return -EINVAL;
	if (u->iph.ttl)
		u->iph.frag_off |= IP_DF_BIT;
	p.parms.frag_off = u->iph.frag_off;
	if (cmd == SIOCADDTUNNEL)
		return sit_ioctl_create(l->rn, &p, u->name);
	if (sit(l)->fb)
		return o ? 0 : -ENOENT;
	if (o && o != l)
		return -EEXIST;
	if (!o && (!!(l->flags & IFF_POINTOPOINT) != !!p.parms.daddr))
		return -EINVAL;
	sit_update(l, &p, sit(l)->fwmark);
	return 0;
}

/* The potential routers of l: the entry for addr, if any. */
static struct sit_prl *sit_prl_find(struct sit_tunnel *t, uint32_t addr)
{
	for (size_t i = 0; i < t->prl_count; i++)
		if (t->prl[i].addr == addr)
			return &t->prl[i];
	return NULL;
}

/* ipip6_tunnel_add_prl(): newest first */
static int sit_prl_add(struct sit_tunnel *t, const struct ip_tunnel_prl *a,
		       bool chg)
{
	struct sit_prl *e;

	if (a->addr == htonl(INADDR_ANY))
		return -EINVAL;
	e = sit_prl_find(t, a->addr);
	if (e) {
		if (!chg)
			return -EEXIST;
		e->flags = a->flags;
		return 0;
	}
	if (chg)
		return -ENXIO;
	if (t->prl_count == t->prl_cap) {
		size_t cap = t->prl_cap ? 2 * t->prl_cap : 4;
		struct sit_prl *n = realloc(t->prl, cap * sizeof(*n));

		if (!n)
			return -ENOBUFS;
		t->prl = n;
		t->prl_cap = cap;
	}
	memmove(t->prl + 1, t->prl, t->prl_count * sizeof(*t->prl));
	t->prl[0] = (struct sit_prl){ .addr = a->addr, .flags = a->flags };
	t->prl_count++;
	return 0;
}

/* ipip6_tunnel_del_prl(): one entry, or every one for INADDR_ANY */
static int sit_prl_del(struct sit_tunnel *t, const struct ip_tunnel_prl *a)
{
	struct sit_prl *e;

	if (a->addr == htonl(INADDR_ANY)) {
		t->prl_count = 0;
		return 0;
	}
	e = sit_prl_find(t, a->addr);
	if (!e)
		return -ENXIO;
	memmove(e, e + 1, (size_t)(t->prl + t->prl_count - (e + 1)) *
				  sizeof(*e));
	t->prl_count--;
	return 0;
}

/* ipip6_tunnel_get_prl(): the entry asked for, or as many as datalen
 * holds (at most PRL_ROOM_MAX: the front ends carry no more) after the
 * header, whose datalen then says how many bytes they took */
static int sit_prl_get(struct rtnl_link *l, void *data)
{
	struct sit_tunnel *t = sit(l);
	struct ip_tunnel_prl k, e;
	unsigned char *out = data;
	uint32_t cmax, c = 0;

	if (t->fb)
		return -EINVAL;
	if (!data)
		return -EFAULT;
	memcpy(&k, data, sizeof(k));
	cmax = k.datalen / sizeof(k);
	if (cmax > 1 && k.addr != htonl(INADDR_ANY))
		cmax = 1;
	if (cmax > PRL_ROOM_MAX)
		cmax = PRL_ROOM_MAX;
	for (size_t i = 0; i < t->prl_count && c < cmax; i++) {
		if (k.addr != htonl(INADDR_ANY) && t->prl[i].addr != k.addr)
			continue;
		memset(&e, 0, sizeof(e));
		e.addr = t->prl[i].addr;
		e.flags = t->prl[i].flags;
		memcpy(out + (c + 1) * sizeof(e), &e, sizeof(e));
		c++;
		if (k.addr != htonl(INADDR_ANY))
			break;
	}
	k.datalen = c * (uint32_t)sizeof(e);
	memcpy(out + offsetof(struct ip_tunnel_prl, datalen), &k.datalen,
	       sizeof(k.datalen));
	return 0;
}

/* ipip6_tunnel_prl_ctl(): not on sit0; announced whatever the outcome */
static int sit_prl_ctl(struct rtnl_link *l, void *data, unsigned int cmd)
{
	struct ip_tunnel_prl a;
	int err;

	if (!unl_net_capable(l->rn->net, CAP_NET_ADMIN))
		return -EPERM;
	if (sit(l)->fb)
		return -EINVAL;
	if (!data)
		return -EFAULT;
	memcpy(&a, data, sizeof(a));
	err = cmd == SIOCDELPRL ? sit_prl_del(sit(l), &a)
				: sit_prl_add(sit(l), &a, cmd == SIOCCHGPRL);
	rtnl_link_state_change(l);
	return err;
}

/* ipip6_tunnel_6rdctl(): a reset takes sit0's again (sit0 6to4's) */
static int sit_6rd_ctl(struct rtnl_link *l, void *data, unsigned int cmd)
{
	struct sit_tunnel *t = sit(l), p;
	struct ip_tunnel_6rd rd;

	if (cmd == SIOCGET6RD) {
		if (!data)
			return -EFAULT;
		memset(&rd, 0, sizeof(rd));
		memcpy(&rd.prefix, t->prefix6rd, 16);
		rd.relay_prefix = t->relay_prefix;
		rd.prefixlen = t->prefixlen;
		rd.relay_prefixlen = t->relay_prefixlen;
		memcpy(data, &rd, sizeof(rd));
		return 0;
	}
	if (!unl_net_capable(l->rn->net, CAP_NET_ADMIN))
		return -EPERM;
	if (!data)
		return -EFAULT;
	memcpy(&rd, data, sizeof(rd));
	if (cmd != SIOCDEL6RD) {
		memcpy(p.prefix6rd, &rd.prefix, 16);
		p.relay_prefix = rd.relay_prefix;
		p.prefixlen = rd.prefixlen;
		p.relay_prefixlen = rd.relay_prefixlen;
		return sit_update_6rd(l, &p);
	}
	sit_clone_6rd(l);
	return 0;
}

static int sit_siocdevprivate(struct rtnl_link *l, void *data,
			      unsigned int cmd)
{
	struct ip_tunnel_parm u;
	int err;

	switch (cmd) {
	case SIOCGETTUNNEL:
	case SIOCADDTUNNEL:
	case SIOCCHGTUNNEL:
	case SIOCDELTUNNEL:
		/* ip_tunnel_siocdevprivate(): in, then out on success */
		if (!data)
			return -EFAULT;
		memcpy(&u, data, sizeof(u));
		err = sit_tunnel_ctl(l, &u, cmd);
		if (!err)
			memcpy(data, &u, sizeof(u));
		return err;
	case SIOCGETPRL:
		return sit_prl_get(l, data);
	case SIOCADDPRL:
	case SIOCDELPRL:
	case SIOCCHGPRL:
		return sit_prl_ctl(l, data, cmd);
	case SIOCGET6RD:
	case SIOCADD6RD:
	case SIOCDEL6RD:
	case SIOCCHG6RD:
		return sit_6rd_ctl(l, data, cmd);
	}
	return -EINVAL;
}

static void sit_destructor(struct rtnl_link *l)
{
	free(sit(l)->prl);
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

/* sit_init_net(): sit0, with ipip6_fb_tunnel_init()'s TTL and mode */
static void sit_net_init(struct rtnl_net *rn, bool announce)
{
	struct rtnl_link *l;
	struct sit_tunnel *t;

	if (!rtnl_tnl_has_fallback(rn))
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
	memcpy(t->parms.name, l->name, IFNAMSIZ);
	sit_6rd_default(t);
	t->parms.proto = IPPROTO_IPV6;
	t->parms.ttl = 64;
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
	.siocdevprivate = sit_siocdevprivate,
	.destructor = sit_destructor,
};
