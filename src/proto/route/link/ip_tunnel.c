// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IPv4 tunnels built on net/ipv4/ip_tunnel.c: ipip (ipip.c), gre,
 * gretap and erspan (ip_gre.c), vti (ip_vti.c).  Each kind has a
 * table of its tunnels per net (struct ip_tunnel_net), looked up as
 * ip_tunnel_find() looks (one hash bucket of key and remote; local,
 * remote, link, type and key must match), so that no two devices of a
 * kind carry the same traffic.
 *
 * Their modules make a fallback device (gre0, gretap0, erspan0, tunl0,
 * ip_vti0) in every net when they load, unless
 * net.core.fb_tunnels_only_for_init_net says otherwise: every net of
 * the model is another than the initial one, so they have one when the
 * sysctl is 0.  A module is loaded from the start when the profile
 * lists it under "module" (the host's /sys/module), else by the first
 * request that creates one of its kinds (rtnl_link_module_load()).
 * The fallback device holds the tunnel that matches what no other
 * does (no addresses, no key): another such device is EEXIST.  It
 * cannot be changed (EINVAL), moved (netns-local) or deleted (the
 * request succeeds and nothing happens).
 *
 * The model has no packets: what is kept is what the kernel reports
 * (IFLA_GRE_*, IFLA_IPTUN_*, IFLA_VTI_*), the MTU it derives from the
 * headers and the device toward the remote, and the flags.  Encap
 * types other than none need the fou module, which the model does not
 * have (EINVAL, as without it).  The reference kernel has none of these
 * modules: this follows Linux 6.18's source, and
 * tests/clients/ip-tunnels.sh checks it under the `full` profile against
 * what Linux 6.12 printed (tunnels-record.sh ip4).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/sockios.h>

#include <unetlink/profile.h>

#include "proto/route/link/tunnel.h"

#define IP_MAX_MTU 0xffffu
#define IPV4_MIN_MTU 68
#define IPV4_HLEN 20
#define ETH_DATA_LEN_ 1500
#define IP_DF_BIT htons(0x4000)
#define IP_TNL_HASH_BITS 7
#define GOLDEN_RATIO_32 0x61C88647u
/* ERSPAN (net/erspan.h): a 10-bit session ID in the key, a 20-bit
 * index (v1), a direction bit and a 6-bit hardware ID (v2) */
#define ERSPAN_ID_MASK 0x3ffu
#define ERSPAN_INDEX_MASK 0xfffffu
#define ERSPAN_DIR_MAX 1u
#define ERSPAN_HWID_MAX 0x3fu
/* The GRE header's flags gre_flags_to_tnl_flags() keeps (the
 * recursion and version fields as one flag each). */
#define GRE_FLAG_BITS (GRE_CSUM | GRE_ROUTING | GRE_KEY | GRE_SEQ | GRE_STRICT)

enum tnl_class { TNL_IPIP, TNL_GRE, TNL_GRETAP, TNL_ERSPAN, TNL_VTI };

/* struct ip_tunnel with its ip_tunnel_parm_kern: addresses, keys and
 * flags in network order as the attributes carry them. */
struct ip_tunnel {
	struct rtnl_tnl_parm parms; /* flags GRE_* (vti: none) */
	bool is_vti;                /* IP_TUNNEL_VTI_BIT in i_flags */
	uint32_t fwmark;
	uint16_t encap_type, encap_flags, encap_sport, encap_dport;
	bool collect_md, ignore_df;
	uint8_t erspan_ver, dir;
	uint32_t index;
	uint16_t hwid;
	int tun_hlen, hlen;        /* the tunnel's header, and with encap */
	bool fb;                   /* the net's fallback device */
};

static struct ip_tunnel *tnl(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static enum tnl_class tnl_class(const struct rtnl_link *l)
{
	if (l->ops == &rtnl_ipip_ops)
		return TNL_IPIP;
	if (l->ops == &rtnl_gre_ops)
		return TNL_GRE;
	if (l->ops == &rtnl_gretap_ops)
		return TNL_GRETAP;
	if (l->ops == &rtnl_erspan_ops)
		return TNL_ERSPAN;
	return TNL_VTI;
}

static bool is_multicast4(uint32_t addr)
{
	return (ntohl(addr) & 0xf0000000u) == 0xe0000000u;
}

/* ---- the table of a kind's tunnels ---- */

/* ip_bucket(): the key (none for a vti without one) and a unicast
 * remote, hashed as hash_32() does. */
static unsigned int tnl_bucket(const struct ip_tunnel *p)
{
	uint32_t remote = p->parms.daddr && !is_multicast4(p->parms.daddr) ? p->parms.daddr : 0;
	uint32_t key = p->parms.i_key;

	if (!(p->parms.i_flags & GRE_KEY) && p->is_vti)
		key = 0;
	return ((key ^ remote) * GOLDEN_RATIO_32) >> (32 - IP_TNL_HASH_BITS);
}

/* ip_tunnel_key_match() */
static bool tnl_key_match(const struct ip_tunnel *t, uint16_t flags,
			  uint32_t key)
{
	if (t->parms.i_flags & GRE_KEY)
		return (flags & GRE_KEY) && key == t->parms.i_key;
	return !(flags & GRE_KEY);
}

/* ip_tunnel_find(): the device of kind ops and type that carries p's
 * traffic (the fallback device too). */
static struct rtnl_link *tnl_find(struct rtnl_net *rn,
				  const struct rtnl_link_ops *ops,
				  const struct ip_tunnel *p, uint16_t type)
{
	unsigned int b = tnl_bucket(p);

	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct ip_tunnel *t;

		if (l->ops != ops || l->unregistering)
			continue;
		t = tnl(l);
		if (tnl_bucket(t) == b && t->parms.saddr == p->parms.saddr &&
		    t->parms.daddr == p->parms.daddr && t->parms.link == p->parms.link &&
		    l->type == type && tnl_key_match(t, p->parms.i_flags, p->parms.i_key))
			return l;
	}
	return NULL;
}

/* itn->collect_md_tun: the kind's one externally controlled device */
static bool tnl_md_taken(struct rtnl_net *rn, const struct rtnl_link_ops *ops)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops == ops && !l->unregistering && tnl(l)->collect_md)
			return true;
	return false;
}

/* ---- what ip_tunnel.c does to a device ---- */

/* ip_tunnel_bind_dev(): the MTU the device toward the remote (or the
 * tunnel's link) leaves after the headers; a remote makes a layer 3
 * tunnel point-to-point. */
static uint32_t tnl_bind_dev(struct rtnl_link *l)
{
	struct ip_tunnel *t = tnl(l);
	struct rtnl_link *tdev = NULL;
	int64_t mtu = ETH_DATA_LEN_;
	int t_hlen = t->hlen + IPV4_HLEN;

	if (t->parms.daddr) {
		int idx = rtnl_route_output_dev(l->rn, AF_INET,
						(const uint8_t *)&t->parms.daddr);

		tdev = idx ? rtnl_link_by_index(l->rn, idx) : NULL;
		if (l->type != ARPHRD_ETHER)
			l->flags |= IFF_POINTOPOINT;
	}
	if (!tdev && t->parms.link)
		tdev = rtnl_link_by_index(l->rn, (int)t->parms.link);
	if (tdev)
		mtu = tdev->mtu < IP_MAX_MTU ? tdev->mtu : IP_MAX_MTU;
	mtu -= t_hlen + (l->type == ARPHRD_ETHER ? ETH_HLEN : 0);
	return mtu < IPV4_MIN_MTU ? IPV4_MIN_MTU : (uint32_t)mtu;
}

/* __ip_tunnel_change_mtu(), strict */
static int tnl_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	int64_t max = (int64_t)IP_MAX_MTU - (tnl(l)->hlen + IPV4_HLEN);

	if (l->type == ARPHRD_ETHER)
		max -= ETH_HLEN;
	if (mtu < ETH_MIN_MTU || mtu > max)
		return -EINVAL;
	return 0;
}

static int tnl_get_iflink(const struct rtnl_link *l)
{
	return (int)tnl(l)->parms.link;
}

/* The ndo_init of each kind, at registration: header lengths, the
 * device's address (a layer 3 tunnel's is its local address), flags. */
static int tnl_dev_init(struct rtnl_link *l)
{
	struct ip_tunnel *t = tnl(l);
	enum tnl_class c = tnl_class(l);

	switch (c) {
	case TNL_IPIP:
	case TNL_VTI:
		t->tun_hlen = 0;
		break;
	case TNL_GRE:
	case TNL_GRETAP:
		t->tun_hlen = rtnl_gre_calc_hlen(t->parms.o_flags);
		break;
	case TNL_ERSPAN:
		t->tun_hlen = t->erspan_ver == 0 ? 4 : 8;
		break;
	}
	t->hlen = t->tun_hlen + rtnl_erspan_hdr_len(c == TNL_ERSPAN ? t->erspan_ver
								: 0);
	if (l->type == ARPHRD_ETHER)
		return 0;
	memcpy(l->addr, &t->parms.saddr, 4);
	memcpy(l->broadcast, &t->parms.daddr, 4);
	l->flags = IFF_NOARP;
	if (c != TNL_GRE || t->collect_md)
		return 0;
	/* ipgre_tunnel_init(): a GRE device to a multicast remote needs
	 * a local address, and broadcasts */
	if (t->parms.daddr && is_multicast4(t->parms.daddr)) {
		if (!t->parms.saddr)
			return -EINVAL;
		l->flags = IFF_BROADCAST;
	}
	return 0;
}

/* The kinds' setups: layer 3 tunnels have no link layer but their
 * IPv4 addresses (and no transmit queue: IFF_NO_QUEUE), the
 * Ethernet ones Ethernet's, with no MTU bound of their own. */
static void tnl_l3_setup(struct rtnl_link *l, uint16_t type)
{
	l->type = type;
	l->addr_len = 4;
	l->flags = IFF_NOARP;
	l->tso_max_size = 65536; /* TSO_LEGACY_MAX_SIZE, never raised */
}

static void ipip_setup(struct rtnl_link *l)
{
	tnl_l3_setup(l, ARPHRD_TUNNEL);
}

static void gre_setup(struct rtnl_link *l)
{
	tnl_l3_setup(l, ARPHRD_IPGRE);
}

static void vti_setup(struct rtnl_link *l)
{
	tnl_l3_setup(l, ARPHRD_TUNNEL);
}

static void gretap_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->max_mtu = 0;
	l->tso_max_size = 65536;
}

/* eth_validate_addr() before ndo_open: gretap0's all-zero address
 * keeps it down */
static int gretap_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	(void)extack;
	return rtnl_link_valid_ether(l->addr) ? 0 : -EADDRNOTAVAIL;
}

static void erspan_setup(struct rtnl_link *l)
{
	gretap_setup(l);
	tnl(l)->erspan_ver = 1;
}

/* ---- the attributes of each kind ---- */

/* ip_tunnel_encap_setup(): only "none" without the fou module */
static int tnl_encap_setup(struct ip_tunnel *t, const struct nlattr *type,
			   const struct nlattr *flags,
			   const struct nlattr *sport,
			   const struct nlattr *dport)
{
	if (!type && !flags && !sport && !dport)
		return 0;
	t->encap_type = type ? unl_nla_get_u16(type) : 0;
	t->encap_flags = flags ? unl_nla_get_u16(flags) : 0;
	t->encap_sport = sport ? unl_nla_get_u16(sport) : 0;
	t->encap_dport = dport ? unl_nla_get_u16(dport) : 0;
	if (t->encap_type != TUNNEL_ENCAP_NONE) {
		t->encap_type = t->encap_flags = 0;
		t->encap_sport = t->encap_dport = 0;
		return -EINVAL;
	}
	/* encap_hlen 0; an ERSPAN header is left out, as Linux leaves
	 * it (its ndo_init counts it again at creation) */
	t->hlen = t->tun_hlen;
	return 0;
}

static const struct unl_nla_policy iptun_policy[IFLA_IPTUN_MAX + 1] = {
	[IFLA_IPTUN_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_LOCAL] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_REMOTE] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_TOS] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_PROTO] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_PMTUDISC] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_SPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_DPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
	[IFLA_IPTUN_FWMARK] = { .type = UNL_NLA_U32 },
};

/* ipip_tunnel_validate(): IPv4, MPLS or any inside */
static int ipip_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct unl_ext_ack *extack)
{
	static const uint8_t protos[] = { IPPROTO_IPIP, RTNL_IPPROTO_MPLS, 0 };

	(void)rn;
	(void)tb;
	(void)extack;
	return rtnl_tnl_validate_proto(data, protos, sizeof(protos));
}

/* ipip_netlink_parms() with ip_tunnel_netlink_parms() */
static void ipip_parms(const struct nlattr *const *data, struct ip_tunnel *p,
		       bool *collect_md)
{
	p->parms.proto = IPPROTO_IPIP;
	*collect_md = false;
	if (!data)
		return;
	if (data[IFLA_IPTUN_LINK])
		p->parms.link = unl_nla_get_u32(data[IFLA_IPTUN_LINK]);
	if (data[IFLA_IPTUN_LOCAL])
		p->parms.saddr = rtnl_tnl_get_be32(data[IFLA_IPTUN_LOCAL]);
	if (data[IFLA_IPTUN_REMOTE])
		p->parms.daddr = rtnl_tnl_get_be32(data[IFLA_IPTUN_REMOTE]);
	if (data[IFLA_IPTUN_TTL])
		p->parms.ttl = unl_nla_get_u8(data[IFLA_IPTUN_TTL]);
	if (data[IFLA_IPTUN_TOS])
		p->parms.tos = unl_nla_get_u8(data[IFLA_IPTUN_TOS]);
	if (data[IFLA_IPTUN_PROTO])
		p->parms.proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	if (!data[IFLA_IPTUN_PMTUDISC] ||
	    unl_nla_get_u8(data[IFLA_IPTUN_PMTUDISC]))
		p->parms.frag_off = IP_DF_BIT;
	if (data[IFLA_IPTUN_COLLECT_METADATA])
		*collect_md = true;
	if (data[IFLA_IPTUN_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_IPTUN_FWMARK]);
}

static int ipip_encap(struct ip_tunnel *t, const struct nlattr *const *data)
{
	if (!data)
		return 0;
	return tnl_encap_setup(t, data[IFLA_IPTUN_ENCAP_TYPE],
			       data[IFLA_IPTUN_ENCAP_FLAGS],
			       data[IFLA_IPTUN_ENCAP_SPORT],
			       data[IFLA_IPTUN_ENCAP_DPORT]);
}

static const struct unl_nla_policy gre_policy[IFLA_GRE_MAX + 1] = {
	[IFLA_GRE_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_IFLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_OFLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_IKEY] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_OKEY] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_LOCAL] = { .len = 4 },
	[IFLA_GRE_REMOTE] = { .len = 4 },
	[IFLA_GRE_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_TOS] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_PMTUDISC] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_SPORT] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_DPORT] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
	[IFLA_GRE_IGNORE_DF] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_FWMARK] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_ERSPAN_INDEX] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_ERSPAN_VER] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ERSPAN_DIR] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ERSPAN_HWID] = { .type = UNL_NLA_U16 },
};

/* ipgre_tunnel_validate(): no version, no routing; no encapsulation
 * for an external device */
static int gre_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack)
{
	(void)rn;
	(void)tb;
	(void)extack;
	if (rtnl_gre_validate_flags(data))
		return -EINVAL;
	if (data && data[IFLA_GRE_COLLECT_METADATA] &&
	    data[IFLA_GRE_ENCAP_TYPE] &&
	    unl_nla_get_u16(data[IFLA_GRE_ENCAP_TYPE]) != TUNNEL_ENCAP_NONE)
		return -EINVAL;
	return 0;
}

/* ipgre_tap_validate(): an Ethernet address a station may have, a
 * remote that is not 0.0.0.0 */
static int gretap_validate(struct rtnl_net *rn,
			   const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err)
		return err;
	if (data && data[IFLA_GRE_REMOTE] && !rtnl_tnl_get_be32(data[IFLA_GRE_REMOTE]))
		return -EINVAL;
	return gre_validate(rn, tb, data, extack);
}

/* erspan_validate(): types II and III carry a sequence number and a
 * key, the key a 10-bit session ID */
static int erspan_validate(struct rtnl_net *rn,
			   const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	uint16_t flags = 0;
	int err;

	if (!data)
		return 0;
	err = gretap_validate(rn, tb, data, extack);
	if (err)
		return err;
	if (data[IFLA_GRE_ERSPAN_VER] &&
	    unl_nla_get_u8(data[IFLA_GRE_ERSPAN_VER]) == 0)
		return 0;
	if (data[IFLA_GRE_OFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_OFLAGS]);
	if (data[IFLA_GRE_IFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_IFLAGS]);
	if (!data[IFLA_GRE_COLLECT_METADATA] && flags != (GRE_SEQ | GRE_KEY))
		return -EINVAL;
	if (data[IFLA_GRE_IKEY] &&
	    (ntohl(rtnl_tnl_get_be32(data[IFLA_GRE_IKEY])) & ~ERSPAN_ID_MASK))
		return -EINVAL;
	if (data[IFLA_GRE_OKEY] &&
	    (ntohl(rtnl_tnl_get_be32(data[IFLA_GRE_OKEY])) & ~ERSPAN_ID_MASK))
		return -EINVAL;
	return 0;
}

/* gre_flags_to_tnl_flags() and back: the flags a tunnel keeps */
static uint16_t gre_flags_kept(uint16_t f)
{
	uint16_t out = f & GRE_FLAG_BITS;

	if (f & GRE_REC)
		out |= GRE_REC;
	if (f & GRE_VERSION)
		out |= GRE_VERSION;
	return out;
}

/* ipgre_netlink_parms(): into p, and the device's own external and
 * ignore-df settings (changed in place, as Linux changes them) */
static int gre_parms(struct rtnl_link *l, const struct nlattr *const *data,
		     struct ip_tunnel *p)
{
	struct ip_tunnel *t = tnl(l);

	p->parms.proto = IPPROTO_GRE;
	if (!data)
		return 0;
	if (data[IFLA_GRE_LINK])
		p->parms.link = unl_nla_get_u32(data[IFLA_GRE_LINK]);
	if (data[IFLA_GRE_IFLAGS])
		p->parms.i_flags = gre_flags_kept(rtnl_tnl_get_be16(data[IFLA_GRE_IFLAGS]));
	if (data[IFLA_GRE_OFLAGS])
		p->parms.o_flags = gre_flags_kept(rtnl_tnl_get_be16(data[IFLA_GRE_OFLAGS]));
	if (data[IFLA_GRE_IKEY])
		p->parms.i_key = rtnl_tnl_get_be32(data[IFLA_GRE_IKEY]);
	if (data[IFLA_GRE_OKEY])
		p->parms.o_key = rtnl_tnl_get_be32(data[IFLA_GRE_OKEY]);
	if (data[IFLA_GRE_LOCAL])
		p->parms.saddr = rtnl_tnl_get_be32(data[IFLA_GRE_LOCAL]);
	if (data[IFLA_GRE_REMOTE])
		p->parms.daddr = rtnl_tnl_get_be32(data[IFLA_GRE_REMOTE]);
	if (data[IFLA_GRE_TTL])
		p->parms.ttl = unl_nla_get_u8(data[IFLA_GRE_TTL]);
	if (data[IFLA_GRE_TOS])
		p->parms.tos = unl_nla_get_u8(data[IFLA_GRE_TOS]);
	if (!data[IFLA_GRE_PMTUDISC] || unl_nla_get_u8(data[IFLA_GRE_PMTUDISC])) {
		if (t->ignore_df)
			return -EINVAL;
		p->parms.frag_off = IP_DF_BIT;
	}
	if (data[IFLA_GRE_COLLECT_METADATA]) {
		t->collect_md = true;
		if (l->type == ARPHRD_IPGRE)
			l->type = ARPHRD_NONE;
	}
	if (data[IFLA_GRE_IGNORE_DF]) {
		if (unl_nla_get_u8(data[IFLA_GRE_IGNORE_DF]) &&
		    (p->parms.frag_off & IP_DF_BIT))
			return -EINVAL;
		t->ignore_df = !!unl_nla_get_u8(data[IFLA_GRE_IGNORE_DF]);
	}
	if (data[IFLA_GRE_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_GRE_FWMARK]);
	return 0;
}

/* erspan_netlink_parms(): the version and its fields, on the device */
static int erspan_parms(struct rtnl_link *l, const struct nlattr *const *data,
			struct ip_tunnel *p)
{
	struct ip_tunnel *t = tnl(l);
	int err = gre_parms(l, data, p);

	if (err || !data)
		return err;
	if (data[IFLA_GRE_ERSPAN_VER]) {
		t->erspan_ver = unl_nla_get_u8(data[IFLA_GRE_ERSPAN_VER]);
		if (t->erspan_ver > 2)
			return -EINVAL;
	}
	if (t->erspan_ver == 1 && data[IFLA_GRE_ERSPAN_INDEX]) {
		t->index = unl_nla_get_u32(data[IFLA_GRE_ERSPAN_INDEX]);
		if (t->index & ~ERSPAN_INDEX_MASK)
			return -EINVAL;
	} else if (t->erspan_ver == 2) {
		if (data[IFLA_GRE_ERSPAN_DIR]) {
			t->dir = unl_nla_get_u8(data[IFLA_GRE_ERSPAN_DIR]);
			if (t->dir > ERSPAN_DIR_MAX)
				return -EINVAL;
		}
		if (data[IFLA_GRE_ERSPAN_HWID]) {
			t->hwid = unl_nla_get_u16(data[IFLA_GRE_ERSPAN_HWID]);
			if (t->hwid > ERSPAN_HWID_MAX)
				return -EINVAL;
		}
	}
	return 0;
}

static int gre_encap(struct ip_tunnel *t, const struct nlattr *const *data)
{
	if (!data)
		return 0;
	return tnl_encap_setup(t, data[IFLA_GRE_ENCAP_TYPE],
			       data[IFLA_GRE_ENCAP_FLAGS],
			       data[IFLA_GRE_ENCAP_SPORT],
			       data[IFLA_GRE_ENCAP_DPORT]);
}

static const struct unl_nla_policy vti_policy[IFLA_VTI_MAX + 1] = {
	[IFLA_VTI_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_IKEY] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_OKEY] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_LOCAL] = { .len = 4 },
	[IFLA_VTI_REMOTE] = { .len = 4 },
	[IFLA_VTI_FWMARK] = { .type = UNL_NLA_U32 },
};

/* vti_netlink_parms() */
static void vti_parms(const struct nlattr *const *data, struct ip_tunnel *p)
{
	p->parms.proto = IPPROTO_IPIP;
	if (!data)
		return;
	p->is_vti = true;
	if (data[IFLA_VTI_LINK])
		p->parms.link = unl_nla_get_u32(data[IFLA_VTI_LINK]);
	if (data[IFLA_VTI_IKEY])
		p->parms.i_key = rtnl_tnl_get_be32(data[IFLA_VTI_IKEY]);
	if (data[IFLA_VTI_OKEY])
		p->parms.o_key = rtnl_tnl_get_be32(data[IFLA_VTI_OKEY]);
	if (data[IFLA_VTI_LOCAL])
		p->parms.saddr = rtnl_tnl_get_be32(data[IFLA_VTI_LOCAL]);
	if (data[IFLA_VTI_REMOTE])
		p->parms.daddr = rtnl_tnl_get_be32(data[IFLA_VTI_REMOTE]);
	if (data[IFLA_VTI_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_VTI_FWMARK]);
}

/* The request's parameters over a device's (newlink: a fresh one's;
 * changelink: from zero, as Linux parses them), with the kind's own
 * state changed on the device where Linux changes it. */
static int tnl_parms(struct rtnl_link *l, const struct nlattr *const *data,
		     struct ip_tunnel *p, bool *collect_md)
{
	*collect_md = tnl(l)->collect_md;
	switch (tnl_class(l)) {
	case TNL_IPIP:
		ipip_parms(data, p, collect_md);
		return 0;
	case TNL_GRE:
	case TNL_GRETAP: {
		int err = gre_parms(l, data, p);

		*collect_md = tnl(l)->collect_md;
		return err;
	}
	case TNL_ERSPAN: {
		int err = erspan_parms(l, data, p);

		*collect_md = tnl(l)->collect_md;
		return err;
	}
	case TNL_VTI:
		vti_parms(data, p);
		return 0;
	}
	return 0;
}

static int tnl_encap(struct rtnl_link *l, const struct nlattr *const *data)
{
	switch (tnl_class(l)) {
	case TNL_IPIP:
		return ipip_encap(tnl(l), data);
	case TNL_GRE:
	case TNL_GRETAP:
	case TNL_ERSPAN:
		return gre_encap(tnl(l), data);
	case TNL_VTI:
		break;
	}
	return 0;
}

/* The parameters ip_tunnel_newlink() and ip_tunnel_update() take. */
static void tnl_parms_set(struct ip_tunnel *t, const struct ip_tunnel *p)
{
	t->parms.saddr = p->parms.saddr;
	t->parms.daddr = p->parms.daddr;
	t->parms.i_key = p->parms.i_key;
	t->parms.o_key = p->parms.o_key;
	t->parms.ttl = p->parms.ttl;
	t->parms.tos = p->parms.tos;
	t->parms.frag_off = p->parms.frag_off;
}

/* ip_tunnel_newlink(): one device per tunnel (one external device per
 * kind), registered, its MTU from the headers and the device toward
 * the remote, or the one asked within what the headers leave. */
static int tnl_newlink(struct rtnl_link *l, const struct rtnl_newlink_params *np,
		       struct unl_ext_ack *extack)
{
	struct ip_tunnel *t = tnl(l), p = { 0 };
	bool collect_md;
	uint32_t mtu;
	int err;

	(void)extack;
	err = tnl_encap(l, np->data);
	if (!err)
		err = tnl_parms(l, np->data, &p, &collect_md);
	if (err)
		return err;
	t->collect_md = collect_md;
	if (collect_md ? tnl_md_taken(l->rn, l->ops)
		       : tnl_find(l->rn, l->ops, &p, l->type) != NULL)
		return -EEXIST;
	tnl_parms_set(t, &p);
	t->parms.link = p.parms.link;
	t->parms.i_flags = p.parms.i_flags;
	t->parms.o_flags = p.parms.o_flags;
	t->is_vti = p.is_vti;
	t->parms.proto = p.parms.proto;
	t->fwmark = p.fwmark;
	err = tnl_dev_init(l);
	if (!err)
		err = rtnl_link_register(l, np->ifm->ifi_index);
	if (err)
		return err;
	memcpy(t->parms.name, l->name, IFNAMSIZ);
	mtu = tnl_bind_dev(l);
	if (np->tb[IFLA_MTU]) {
		uint32_t max = IP_MAX_MTU - (uint32_t)(t->hlen + IPV4_HLEN);

		if (l->type == ARPHRD_ETHER)
			max -= ETH_HLEN;
		mtu = l->mtu < ETH_MIN_MTU ? ETH_MIN_MTU
					   : l->mtu > max ? max : l->mtu;
	}
	return rtnl_link_dev_set_mtu(l, mtu);
}

/* ipgre_link_update(): the GRE header follows the output flags */
static void gre_link_update(struct rtnl_link *l, bool set_mtu)
{
	struct ip_tunnel *t = tnl(l);
	int len = t->tun_hlen;

	t->tun_hlen = rtnl_gre_calc_hlen(t->parms.o_flags);
	len = t->tun_hlen - len;
	t->hlen += len;
	if (set_mtu) {
		int64_t mtu = (int64_t)l->mtu - len;

		l->mtu = mtu < IPV4_MIN_MTU ? IPV4_MIN_MTU : (uint32_t)mtu;
	}
}

/* ip_tunnel_update(): the new addresses and keys in the table of
 * tunnel tl, the MTU again when the link or mark moved; the addresses,
 * MTU and announcement are those of device l (tl's own but for an
 * ioctl through the fallback device, which Linux lets change another
 * device's tunnel and then updates itself) */
static void tnl_update(struct rtnl_link *l, struct rtnl_link *tl,
		       const struct ip_tunnel *p, bool set_mtu)
{
	struct ip_tunnel *t = tnl(tl);

	tnl_parms_set(t, p);
	if (l->type != ARPHRD_ETHER) {
		memcpy(l->addr, &p->parms.saddr, 4);
		memcpy(l->broadcast, &p->parms.daddr, 4);
	}
	if (t->parms.link != p->parms.link || t->fwmark != p->fwmark) {
		uint32_t mtu;

		t->parms.link = p->parms.link;
		t->fwmark = p->fwmark;
		mtu = tnl_bind_dev(l);
		if (set_mtu)
			l->mtu = mtu;
	}
	rtnl_link_state_change(l);
}

/* ip_tunnel_changelink(): not the fallback device; the tunnel may not
 * become another device's, nor change between point-to-point and
 * broadcast. */
static int tnl_changelink_common(struct rtnl_link *l,
				 const struct nlattr *const *tb,
				 const struct ip_tunnel *p)
{
	struct rtnl_link *o;

	if (tnl(l)->fb)
		return -EINVAL;
	o = tnl_find(l->rn, l->ops, p, l->type);
	if (o && o != l)
		return -EEXIST;
	if (!o && l->type != ARPHRD_ETHER) {
		unsigned int nflags = 0;

		if (is_multicast4(p->parms.daddr))
			nflags = IFF_BROADCAST;
		else if (p->parms.daddr)
			nflags = IFF_POINTOPOINT;
		if ((l->flags ^ nflags) & (IFF_POINTOPOINT | IFF_BROADCAST))
			return -EINVAL;
	}
	tnl_update(l, l, p, !tb[IFLA_MTU]);
	return 0;
}

static int tnl_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack)
{
	struct ip_tunnel *t = tnl(l), p = { 0 };
	enum tnl_class c = tnl_class(l);
	bool collect_md;
	int err;

	(void)extack;
	p.fwmark = t->fwmark;
	err = tnl_encap(l, data);
	if (!err)
		err = tnl_parms(l, data, &p, &collect_md);
	if (err)
		return err;
	if (c == TNL_IPIP) {
		/* ipip_changelink(): not to external, nor across
		 * point-to-point */
		bool p2p = l->flags & IFF_POINTOPOINT;

		if (collect_md || (p2p && !p.parms.daddr) || (!p2p && p.parms.daddr))
			return -EINVAL;
	}
	err = tnl_changelink_common(l, tb, &p);
	if (err || (c != TNL_GRE && c != TNL_GRETAP && c != TNL_ERSPAN))
		return err;
	t->parms.i_flags = p.parms.i_flags;
	t->parms.o_flags = p.parms.o_flags;
	if (c != TNL_ERSPAN)
		gre_link_update(l, !tb[IFLA_MTU]);
	return 0;
}

/* ip_tunnel_dellink(): the fallback device stays */
static void tnl_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	if (!tnl(l)->fb)
		rtnl_link_queue_kill(l, kill);
}

/* ---- what the kernel reports ---- */

/* ipip_fill_info() */
static int ipip_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip_tunnel *t = tnl(l);

	if (unl_nla_put_u32(skb, IFLA_IPTUN_LINK, t->parms.link) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_LOCAL, t->parms.saddr) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_REMOTE, t->parms.daddr) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TTL, t->parms.ttl) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TOS, t->parms.tos) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PROTO, t->parms.proto) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PMTUDISC,
			   !!(t->parms.frag_off & IP_DF_BIT)) ||
	    unl_nla_put_u32(skb, IFLA_IPTUN_FWMARK, t->fwmark) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_TYPE, t->encap_type) ||
	    unl_nla_put_be16(skb, IFLA_IPTUN_ENCAP_SPORT, t->encap_sport) ||
	    unl_nla_put_be16(skb, IFLA_IPTUN_ENCAP_DPORT, t->encap_dport) ||
	    unl_nla_put_u16(skb, IFLA_IPTUN_ENCAP_FLAGS, t->encap_flags) ||
	    (t->collect_md &&
	     unl_nla_put_flag(skb, IFLA_IPTUN_COLLECT_METADATA)))
		return -EMSGSIZE;
	return 0;
}

/* ipgre_fill_info(), with o_flags as the caller has them */
static int gre_fill(struct unl_skb *skb, const struct ip_tunnel *t,
		    uint16_t o_flags)
{
	if (unl_nla_put_u32(skb, IFLA_GRE_LINK, t->parms.link) ||
	    unl_nla_put_be16(skb, IFLA_GRE_IFLAGS, t->parms.i_flags) ||
	    unl_nla_put_be16(skb, IFLA_GRE_OFLAGS, o_flags) ||
	    unl_nla_put_be32(skb, IFLA_GRE_IKEY, t->parms.i_key) ||
	    unl_nla_put_be32(skb, IFLA_GRE_OKEY, t->parms.o_key) ||
	    unl_nla_put_be32(skb, IFLA_GRE_LOCAL, t->parms.saddr) ||
	    unl_nla_put_be32(skb, IFLA_GRE_REMOTE, t->parms.daddr) ||
	    unl_nla_put_u8(skb, IFLA_GRE_TTL, t->parms.ttl) ||
	    unl_nla_put_u8(skb, IFLA_GRE_TOS, t->parms.tos) ||
	    unl_nla_put_u8(skb, IFLA_GRE_PMTUDISC,
			   !!(t->parms.frag_off & IP_DF_BIT)) ||
	    unl_nla_put_u32(skb, IFLA_GRE_FWMARK, t->fwmark) ||
	    unl_nla_put_u16(skb, IFLA_GRE_ENCAP_TYPE, t->encap_type) ||
	    unl_nla_put_be16(skb, IFLA_GRE_ENCAP_SPORT, t->encap_sport) ||
	    unl_nla_put_be16(skb, IFLA_GRE_ENCAP_DPORT, t->encap_dport) ||
	    unl_nla_put_u16(skb, IFLA_GRE_ENCAP_FLAGS, t->encap_flags) ||
	    unl_nla_put_u8(skb, IFLA_GRE_IGNORE_DF, t->ignore_df) ||
	    (t->collect_md &&
	     unl_nla_put_flag(skb, IFLA_GRE_COLLECT_METADATA)))
		return -EMSGSIZE;
	return 0;
}

static int gre_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	return gre_fill(skb, tnl(l), tnl(l)->parms.o_flags);
}

/* erspan_fill_info(): the version's fields first; types II and III
 * report the key flag they use */
static int erspan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip_tunnel *t = tnl(l);
	uint16_t o_flags = t->parms.o_flags;

	if (t->erspan_ver <= 2) {
		if (t->erspan_ver != 0 && !t->collect_md)
			o_flags |= GRE_KEY;
		if (unl_nla_put_u8(skb, IFLA_GRE_ERSPAN_VER, t->erspan_ver))
			return -EMSGSIZE;
		if (t->erspan_ver == 1 &&
		    unl_nla_put_u32(skb, IFLA_GRE_ERSPAN_INDEX, t->index))
			return -EMSGSIZE;
		if (t->erspan_ver == 2 &&
		    (unl_nla_put_u8(skb, IFLA_GRE_ERSPAN_DIR, t->dir) ||
		     unl_nla_put_u16(skb, IFLA_GRE_ERSPAN_HWID, t->hwid)))
			return -EMSGSIZE;
	}
	return gre_fill(skb, t, o_flags);
}

/* vti_fill_info() */
static int vti_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip_tunnel *t = tnl(l);

	if (unl_nla_put_u32(skb, IFLA_VTI_LINK, t->parms.link) ||
	    unl_nla_put_be32(skb, IFLA_VTI_IKEY, t->parms.i_key) ||
	    unl_nla_put_be32(skb, IFLA_VTI_OKEY, t->parms.o_key) ||
	    unl_nla_put_be32(skb, IFLA_VTI_LOCAL, t->parms.saddr) ||
	    unl_nla_put_be32(skb, IFLA_VTI_REMOTE, t->parms.daddr) ||
	    unl_nla_put_u32(skb, IFLA_VTI_FWMARK, t->fwmark))
		return -EMSGSIZE;
	return 0;
}

/* ---- the ioctls (ip_tunnel_siocdevprivate(), each kind's tunnel_ctl) ---- */

/* struct ip_tunnel_parm as SIOCGETTUNNEL gives tunnel l's: the GRE
 * flags as the GRE header has them, a vti's with the key flag */
static void tnl_parm_to_user(const struct rtnl_link *l,
			     struct ip_tunnel_parm *u)
{
	const struct ip_tunnel *t = tnl(l);
	enum tnl_class c = tnl_class(l);

	rtnl_tnl_parm_to_user(&t->parms, u);
	if (c == TNL_VTI) {
		/* vti_tunnel_ctl() adds the key flag; a vti tunnel's own
		 * flag (not ip_vti0's) says what it is */
		u->i_flags = t->parms.i_flags | GRE_KEY |
			     (t->is_vti ? VTI_ISVTI : 0);
		u->o_flags = t->parms.o_flags | GRE_KEY;
	}
	/* __gre_tunnel_init() sets GRE's, whatever was asked */
	if (c == TNL_GRE)
		u->iph.protocol = IPPROTO_GRE;
}

/* The parameters of u as ip_tunnel_ctl() takes them. */
static void tnl_parm_from_user(const struct ip_tunnel_parm *u,
			       struct ip_tunnel *p)
{
	memset(p, 0, sizeof(*p));
	rtnl_tnl_parm_from_user(u, &p->parms);
}

/* What ip_tunnel_ctl() changed in p goes back to u (the caller gets
 * its request back, so adjusted). */
static void tnl_parm_back(const struct ip_tunnel *p, struct ip_tunnel_parm *u)
{
	u->i_flags = p->parms.i_flags;
	u->o_flags = p->parms.o_flags;
	u->i_key = p->parms.i_key;
	u->o_key = p->parms.o_key;
	u->iph.frag_off = p->parms.frag_off;
}

/* The kind's fallback device type (itn->type), whatever an external
 * device of it has. */
static uint16_t tnl_kind_type(const struct rtnl_link_ops *ops)
{
	return ops == &rtnl_gre_ops ? ARPHRD_IPGRE : ARPHRD_TUNNEL;
}

/* ip_tunnel_create() with __ip_tunnel_create(): a device of the kind
 * named as asked, else the kind's name and a number, registered (and
 * announced) before its MTU is set from the device toward the remote. */
static int tnl_ioctl_create(struct rtnl_net *rn,
			    const struct rtnl_link_ops *ops,
			    const char *name, const struct ip_tunnel *p)
{
	struct rtnl_link *l = rtnl_link_alloc(rn, ops);
	struct ip_tunnel *t;
	int err;

	if (!l)
		return -ENOMEM;
	t = tnl(l);
	tnl_parms_set(t, p);
	t->parms.link = p->parms.link;
	t->parms.i_flags = p->parms.i_flags;
	t->parms.o_flags = p->parms.o_flags;
	t->is_vti = p->is_vti;
	t->parms.proto = p->parms.proto;
	t->parms.iph_tot_len = p->parms.iph_tot_len;
	t->parms.iph_id = p->parms.iph_id;
	t->parms.iph_check = p->parms.iph_check;
	if (name[0])
		snprintf(l->name, sizeof(l->name), "%s", name);
	else
		snprintf(l->name, sizeof(l->name), "%s%%d", ops->kind);
	err = tnl_dev_init(l);
	if (!err)
		err = rtnl_link_register(l, 0);
	if (err) {
		rtnl_link_free(l);
		return err;
	}
	memcpy(t->parms.name, l->name, IFNAMSIZ);
	rtnl_link_configure(l, NULL, NULL, NULL);
	err = rtnl_link_dev_set_mtu(l, tnl_bind_dev(l));
	if (err) {
		rtnl_tnl_unregister(l);
		return err;
	}
	/* bounds netlink's ip_tunnel_newlink() leaves unset */
	l->min_mtu = ETH_MIN_MTU;
	l->max_mtu = IP_MAX_MTU - (uint32_t)(t->hlen + IPV4_HLEN);
	if (l->type == ARPHRD_ETHER)
		l->max_mtu -= ETH_HLEN;
	return 0;
}

/* ip_tunnel_ctl()'s SIOCCHGTUNNEL on device l: the tunnel p names, or
 * l's own when none has p's endpoints and key, unless that moves l
 * between point-to-point and broadcast; through the fallback device
 * only a tunnel p names. */
static int tnl_ioctl_change(struct rtnl_link *l, struct ip_tunnel *p)
{
	struct rtnl_link *o = tnl_find(l->rn, l->ops, p,
				       tnl_kind_type(l->ops));

	if (!tnl(l)->fb) {
		if (o && o != l)
			return -EEXIST;
		if (!o) {
			unsigned int nflags = 0;

			if (is_multicast4(p->parms.daddr))
				nflags = IFF_BROADCAST;
			else if (p->parms.daddr)
				nflags = IFF_POINTOPOINT;
			if ((l->flags ^ nflags) &
			    (IFF_POINTOPOINT | IFF_BROADCAST))
				return -EINVAL;
			o = l;
		}
	}
	if (!o)
		return -ENOENT;
	/* an ioctl leaves no mark */
	p->fwmark = 0;
	tnl_update(l, o, p, true);
	return 0;
}

/* ip_tunnel_ctl(): cmd on device l with the caller's u */
static int tnl_ctl(struct rtnl_link *l, struct ip_tunnel *p,
		   const char *name, unsigned int cmd)
{
	uint16_t type = tnl_kind_type(l->ops);
	struct rtnl_link *o;

	switch (cmd) {
	case SIOCGETTUNNEL:
		return 0; /* the caller reads the device's */
	case SIOCADDTUNNEL:
	case SIOCCHGTUNNEL:
		if (!unl_net_capable(l->rn->net, CAP_NET_ADMIN))
			return -EPERM;
		if (p->parms.ttl)
			p->parms.frag_off |= IP_DF_BIT;
		if (!p->is_vti) {
			if (!(p->parms.i_flags & GRE_KEY))
				p->parms.i_key = 0;
			if (!(p->parms.o_flags & GRE_KEY))
				p->parms.o_key = 0;
		}
		if (cmd == SIOCCHGTUNNEL)
			return tnl_ioctl_change(l, p);
		if (tnl_find(l->rn, l->ops, p, type))
			return -EEXIST;
		return tnl_ioctl_create(l->rn, l->ops, name, p);
	case SIOCDELTUNNEL:
		if (!unl_net_capable(l->rn->net, CAP_NET_ADMIN))
			return -EPERM;
		if (tnl(l)->fb) {
			o = tnl_find(l->rn, l->ops, p, type);
			if (!o)
				return -ENOENT;
			if (tnl(o)->fb)
				return -EPERM;
			l = o;
		}
		rtnl_tnl_unregister(l);
		return 0;
	}
	return -EINVAL;
}

/* The kind's checks and conversions around ip_tunnel_ctl()
 * (ipip_tunnel_ctl(), ipgre_tunnel_ctl(), vti_tunnel_ctl()). */
static int tnl_kind_ctl(struct rtnl_link *l, struct ip_tunnel_parm *u,
			unsigned int cmd)
{
	bool set = cmd == SIOCADDTUNNEL || cmd == SIOCCHGTUNNEL;
	enum tnl_class c = tnl_class(l);
	uint8_t want = c == TNL_GRE ? IPPROTO_GRE : IPPROTO_IPIP;
	struct ip_tunnel p;
	int err;

	if (set && (u->iph.version != 4 || u->iph.ihl != 5 ||
		    (c == TNL_IPIP ? u->iph.protocol != IPPROTO_IPIP &&
					     u->iph.protocol != RTNL_IPPROTO_MPLS &&
					     u->iph.protocol != 0
				   : u->iph.protocol != want) ||
		    (c != TNL_VTI && (u->iph.frag_off & ~IP_DF_BIT)) ||
		    (c == TNL_GRE &&
		     ((u->i_flags | u->o_flags) & (GRE_VERSION | GRE_ROUTING)))))
		return -EINVAL;
	tnl_parm_from_user(u, &p);
	if (c == TNL_IPIP) {
		p.parms.i_key = p.parms.o_key = 0;
		p.parms.i_flags = p.parms.o_flags = 0;
	} else if (c == TNL_GRE) {
		p.parms.i_flags = gre_flags_kept(p.parms.i_flags);
		p.parms.o_flags = gre_flags_kept(p.parms.o_flags);
	} else {
		if (!(p.parms.i_flags & GRE_KEY))
			p.parms.i_key = 0;
		if (!(p.parms.o_flags & GRE_KEY))
			p.parms.o_key = 0;
		p.parms.i_flags = 0;
		p.is_vti = true;
	}
	err = tnl_ctl(l, &p, u->name, cmd);
	if (err)
		return err;
	if (c == TNL_GRE && cmd == SIOCCHGTUNNEL) {
		/* the device the request named takes the flags */
		tnl(l)->parms.i_flags = p.parms.i_flags;
		tnl(l)->parms.o_flags = p.parms.o_flags;
		gre_link_update(l, true);
	}
	if (c == TNL_VTI && cmd != SIOCDELTUNNEL) {
		p.parms.i_flags |= GRE_KEY;
		p.parms.o_flags |= GRE_KEY;
	}
	tnl_parm_back(&p, u);
	return 0;
}

/* ip_tunnel_siocdevprivate(): the struct is copied in whatever the
 * request, and out after one that worked; SIOCGETTUNNEL on the
 * fallback device answers for the tunnel the caller's struct names,
 * if any. */
static int tnl_siocdevprivate(struct rtnl_link *l, void *data,
			      unsigned int cmd)
{
	struct ip_tunnel_parm u;
	struct ip_tunnel p;
	struct rtnl_link *o;
	int err;

	if (!data)
		return -EFAULT;
	memcpy(&u, data, sizeof(u));
	if (cmd == SIOCGETTUNNEL) {
		if (tnl(l)->fb) {
			tnl_parm_from_user(&u, &p);
			if (tnl_class(l) == TNL_IPIP)
				p.parms.i_key = p.parms.i_flags = 0;
			else if (tnl_class(l) == TNL_GRE)
				p.parms.i_flags = gre_flags_kept(p.parms.i_flags);
			else
				p.parms.i_flags = 0, p.is_vti = true;
			o = tnl_find(l->rn, l->ops, &p,
				     tnl_kind_type(l->ops));
			if (o)
				l = o;
		}
		tnl_parm_to_user(l, &u);
		memcpy(data, &u, sizeof(u));
		return 0;
	}
	err = tnl_kind_ctl(l, &u, cmd);
	if (!err)
		memcpy(data, &u, sizeof(u));
	return err;
}

/* ---- the modules and their fallback devices ---- */

/* ip_tunnel_init_net(): the fallback device, named as given (a "%d"
 * pattern takes the first free number), no addresses, no key, its MTU
 * set without a word; an Ethernet one keeps an all-zero address. */
static void tnl_fb_create(struct rtnl_net *rn, const struct rtnl_link_ops *ops,
			  const char *name, bool announce)
{
	struct rtnl_link *l;

	if (!rtnl_tnl_has_fallback(rn))
		return;
	l = rtnl_link_alloc(rn, ops);
	if (!l)
		return;
	tnl(l)->fb = true;
	if (ops == &rtnl_vti_ops)
		tnl(l)->parms.proto = IPPROTO_IPIP; /* vti_fb_tunnel_init() */
	if (l->type == ARPHRD_ETHER) {
		memset(l->addr, 0, ETH_ALEN);
		l->addr_assign_type = NET_ADDR_PERM;
	}
	snprintf(l->name, sizeof(l->name), "%s", name);
	if (tnl_dev_init(l) || rtnl_link_register(l, 0)) {
		rtnl_link_free(l);
		return;
	}
	memcpy(tnl(l)->parms.name, l->name, IFNAMSIZ);
	l->netns_immutable = true;
	rtnl_link_set_mtu(l, tnl_bind_dev(l), NULL);
	if (announce)
		rtnl_link_configure(l, NULL, NULL, NULL);
	else
		l->configured = true;
}

static void ip_gre_net_init(struct rtnl_net *rn, bool announce)
{
	tnl_fb_create(rn, &rtnl_gre_ops, "gre%d", announce);
	tnl_fb_create(rn, &rtnl_gretap_ops, "gretap0", announce);
	tnl_fb_create(rn, &rtnl_erspan_ops, "erspan0", announce);
}

static void ipip_net_init(struct rtnl_net *rn, bool announce)
{
	tnl_fb_create(rn, &rtnl_ipip_ops, "tunl0", announce);
}

static void ip_vti_net_init(struct rtnl_net *rn, bool announce)
{
	tnl_fb_create(rn, &rtnl_vti_ops, "ip_vti0", announce);
}

const struct rtnl_link_module rtnl_ip_gre_module = {
	.name = "ip_gre",
	.id = 0,
	.net_init = ip_gre_net_init,
};

const struct rtnl_link_module rtnl_ipip_module = {
	.name = "ipip",
	.id = 1,
	.net_init = ipip_net_init,
};

const struct rtnl_link_module rtnl_ip_vti_module = {
	.name = "ip_vti",
	.id = 2,
	.net_init = ip_vti_net_init,
};

/* The common part of every kind's ops. */
#define TNL_OPS                                                     \
	.priv_size = sizeof(struct ip_tunnel), .newlink = tnl_newlink,  \
	.changelink = tnl_changelink, .dellink = tnl_dellink,           \
	.change_mtu = tnl_change_mtu, .get_iflink = tnl_get_iflink

const struct rtnl_link_ops rtnl_ipip_ops = {
	.kind = "ipip",
	.setup = ipip_setup,
	.maxtype = IFLA_IPTUN_MAX,
	.policy = iptun_policy,
	.validate = ipip_validate,
	.fill_info = ipip_fill_info,
	.module = &rtnl_ipip_module,
	.siocdevprivate = tnl_siocdevprivate,
	TNL_OPS,
};

const struct rtnl_link_ops rtnl_gre_ops = {
	.kind = "gre",
	.setup = gre_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = gre_policy,
	.validate = gre_validate,
	.fill_info = gre_fill_info,
	.module = &rtnl_ip_gre_module,
	.siocdevprivate = tnl_siocdevprivate,
	TNL_OPS,
};

const struct rtnl_link_ops rtnl_gretap_ops = {
	.kind = "gretap",
	.setup = gretap_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = gre_policy,
	.validate = gretap_validate,
	.fill_info = gre_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.tx_queue = true,
	.open = gretap_open,
	.module = &rtnl_ip_gre_module,
	TNL_OPS,
};

const struct rtnl_link_ops rtnl_erspan_ops = {
	.kind = "erspan",
	.setup = erspan_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = gre_policy,
	.validate = erspan_validate,
	.fill_info = erspan_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.tx_queue = true,
	.open = gretap_open,
	.module = &rtnl_ip_gre_module,
	TNL_OPS,
};

const struct rtnl_link_ops rtnl_vti_ops = {
	.kind = "vti",
	.setup = vti_setup,
	.maxtype = IFLA_VTI_MAX,
	.policy = vti_policy,
	.fill_info = vti_fill_info,
	.module = &rtnl_ip_vti_module,
	.siocdevprivate = tnl_siocdevprivate,
	TNL_OPS,
};
