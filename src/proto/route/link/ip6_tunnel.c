// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IPv6 tunnels: ip6tnl (net/ipv6/ip6_tunnel.c: ip6ip6, ipip6 or
 * both), vti6 (ip6_vti.c), and ip6gre, ip6gretap and ip6erspan
 * (ip6_gre.c).  They share Linux's struct ip6_tnl: IPv6 endpoints, a
 * hop limit, an encapsulation limit, a flow label and traffic class,
 * and the IP6_TNL_F_* flags, among which the capabilities
 * ip6_tnl_get_cap() derives from the endpoints (dumped with the rest).
 *
 * Each module has its tunnels per net, looked up as its locate()
 * does: ip6tnl by endpoints and link, vti6 by endpoints alone, the GRE
 * kinds by endpoints, input key, link and device type (one table for
 * the three).  Its fallback device (ip6tnl0, ip6_vti0, ip6gre0) holds
 * the tunnel without endpoints; it is made in every net when the
 * module loads, unless net.core.fb_tunnels_only_for_init_net says
 * otherwise (every net of the model is another than the initial one),
 * takes no change (EINVAL), stays when deleted and never moves.
 * ip6_gre and ip6_vti need ip6_tunnel: loading them loads it first.
 *
 * A device's address and broadcast are its local and remote endpoints
 * (16 bytes); its permanent address is drawn at random (the EUI-64
 * interface id of its link-local address).  The Ethernet kinds have a
 * MAC address instead.  The MTU follows from the headers and the device
 * toward the remote where Linux looks it up.
 *
 * No packets: encapsulations other than none need the fou6 module,
 * which the model does not have (EINVAL, as without it).  The
 * reference kernel has none of these modules: this follows Linux's
 * source and a recording from Linux 6.12 (tests/clients/ip6-tunnels.sh).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/sockios.h>

#include <unetlink/profile.h>

#include "proto/route/link/tunnel.h"

#define IP6_MAX_MTU (0xffffu + 40u)
#define IP_MAX_MTU 0xffffu
#define IPV6_HLEN 40
#define IPV6_MIN_MTU 1280
#define IPV4_MIN_MTU 68
#define ETH_DATA_LEN_ 1500
#define LL_MAX_HEADER 128
/* include/net/ip6_tunnel.h: what ip6_tnl_get_cap() finds */
#define IP6_TNL_F_CAP_XMIT 0x10000u
#define IP6_TNL_F_CAP_RCV 0x20000u
#define IP6_TNL_F_CAP_PER_PACKET 0x40000u
#define IP6_TNL_F_CAPS \
	(IP6_TNL_F_CAP_XMIT | IP6_TNL_F_CAP_RCV | IP6_TNL_F_CAP_PER_PACKET)
/* ERSPAN (net/erspan.h) */
#define ERSPAN_ID_MASK 0x3ffu
#define ERSPAN_INDEX_MASK 0xfffffu
#define ERSPAN_DIR_MAX 1u
#define ERSPAN_HWID_MAX 0x3fu
#define GRE_FLAG_BITS (GRE_CSUM | GRE_ROUTING | GRE_KEY | GRE_SEQ | \
		       GRE_STRICT | GRE_REC | GRE_VERSION)
/* ipv6_addr_type() bits */
#define A6_UNICAST 0x0001u
#define A6_MULTICAST 0x0002u
#define A6_LOOPBACK 0x0010u
#define A6_LINKLOCAL 0x0020u

enum t6_class { T6_TNL, T6_VTI, T6_GRE, T6_GRETAP, T6_ERSPAN };

/* struct ip6_tnl with its __ip6_tnl_parm: the attributes' values, in
 * network order where the attributes carry them so. */
struct ip6_tnl {
	uint32_t link;
	uint8_t laddr[16], raddr[16];
	uint8_t hop_limit, encap_limit, proto;
	uint32_t flowinfo;
	uint32_t flags;            /* IP6_TNL_F_* and the capabilities */
	uint32_t fwmark;
	bool collect_md;
	uint16_t i_flags, o_flags; /* GRE_* */
	uint32_t i_key, o_key;
	uint8_t erspan_ver, dir;
	uint32_t index;
	uint16_t hwid;
	uint16_t encap_type, encap_flags, encap_sport, encap_dport;
	int hlen;                  /* the tunnel's header (and encap's) */
	int hard_header_len;
	bool header_ops;           /* ip6gre without a remote */
	bool fb;
	/* parms.name: the device's name when it registered */
	char name[IFNAMSIZ];
};

static struct ip6_tnl *t6(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static enum t6_class t6_class(const struct rtnl_link *l)
{
	if (l->ops == &rtnl_ip6tnl_ops)
		return T6_TNL;
	if (l->ops == &rtnl_vti6_ops)
		return T6_VTI;
	if (l->ops == &rtnl_ip6gre_ops)
		return T6_GRE;
	if (l->ops == &rtnl_ip6gretap_ops)
		return T6_GRETAP;
	return T6_ERSPAN;
}

static bool t6_is_gre_ops(const struct rtnl_link_ops *ops)
{
	return ops == &rtnl_ip6gre_ops || ops == &rtnl_ip6gretap_ops ||
	       ops == &rtnl_ip6erspan_ops;
}

static const uint8_t any6[16];

static bool addr6_any(const uint8_t *a)
{
	return !memcmp(a, any6, 16);
}

/* __ipv6_addr_type(), the bits the tunnels look at */
static unsigned int addr6_type(const uint8_t *a)
{
	static const uint8_t lo[16] = { [15] = 1 };

	if ((a[0] & 0xe0) != 0 && (a[0] & 0xe0) != 0xe0)
		return A6_UNICAST;
	if (a[0] == 0xff) {
		unsigned int scope = a[1] & 0x0f;

		return A6_MULTICAST | (scope == 1   ? A6_LOOPBACK
				       : scope == 2 ? A6_LINKLOCAL
						    : 0);
	}
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return A6_LINKLOCAL | A6_UNICAST;
	if ((a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0))
		return A6_UNICAST;
	if (!memcmp(a, any6, 8)) {
		if (!memcmp(a + 8, any6, 4)) {
			if (addr6_any(a))
				return 0;
			return A6_UNICAST | (memcmp(a, lo, 16) ? 0 : A6_LOOPBACK);
		}
		if (a[8] == 0 && a[9] == 0 && a[10] == 0xff && a[11] == 0xff)
			return 0; /* IPV6_ADDR_MAPPED */
	}
	return A6_UNICAST;
}

/* ip6_tnl_get_cap(): whether the tunnel can send and receive as its
 * endpoints stand, or decides per packet without one */
static uint32_t t6_get_cap(const struct ip6_tnl *t)
{
	unsigned int lt = addr6_type(t->laddr), rt = addr6_type(t->raddr);
	uint32_t flags = 0;

	if (addr6_any(t->laddr) || addr6_any(t->raddr))
		return IP6_TNL_F_CAP_PER_PACKET;
	if ((lt & (A6_UNICAST | A6_MULTICAST)) &&
	    (rt & (A6_UNICAST | A6_MULTICAST)) &&
	    !((lt | rt) & A6_LOOPBACK) &&
	    (!((lt | rt) & A6_LINKLOCAL) || t->link)) {
		if (lt & A6_UNICAST)
			flags |= IP6_TNL_F_CAP_XMIT;
		if (rt & A6_UNICAST)
			flags |= IP6_TNL_F_CAP_RCV;
	}
	return flags;
}

/* The device toward the remote (rt6_lookup()) */
static struct rtnl_link *t6_route_dev(struct rtnl_link *l)
{
	int idx = rtnl_route_output_dev(l->rn, AF_INET6, t6(l)->raddr);

	return idx ? rtnl_link_by_index(l->rn, idx) : NULL;
}

/* ... when the tunnel sends (route), else the tunnel's link */
static struct rtnl_link *t6_tdev(struct rtnl_link *l, bool route)
{
	struct ip6_tnl *t = t6(l);
	struct rtnl_link *tdev = route ? t6_route_dev(l) : NULL;

	if (!tdev && t->link)
		tdev = rtnl_link_by_index(l->rn, (int)t->link);
	return tdev;
}

/* The endpoints as the device's addresses, the capabilities, and
 * point-to-point when the tunnel sends and receives (link_config's
 * common part). */
static void t6_config_addrs(struct rtnl_link *l)
{
	struct ip6_tnl *t = t6(l);

	if (l->type != ARPHRD_ETHER) {
		memcpy(l->addr, t->laddr, 16);
		memcpy(l->broadcast, t->raddr, 16);
	}
	t->flags &= ~IP6_TNL_F_CAPS;
	t->flags |= t6_get_cap(t);
	if ((t->flags & IP6_TNL_F_CAP_XMIT) && (t->flags & IP6_TNL_F_CAP_RCV) &&
	    l->type != ARPHRD_ETHER)
		l->flags |= IFF_POINTOPOINT;
	else
		l->flags &= ~IFF_POINTOPOINT;
}

static int t6_encap_limit_len(const struct ip6_tnl *t)
{
	return (t->flags & IP6_TNL_F_IGN_ENCAP_LIMIT) ? 0 : 8;
}

static void t6_set_mtu(struct rtnl_link *l, int64_t mtu, int64_t min)
{
	rtnl_link_set_mtu(l, (uint32_t)(mtu < min ? min : mtu), NULL);
}

/* ip6_tnl_link_config() */
static void ip6tnl_link_config(struct rtnl_link *l)
{
	struct ip6_tnl *t = t6(l);
	struct rtnl_link *tdev;
	int t_hlen = t->hlen + IPV6_HLEN;

	t6_config_addrs(l);
	if (!(t->flags & IP6_TNL_F_CAP_XMIT))
		return;
	tdev = t6_tdev(l, true);
	if (tdev) {
		int64_t mtu = tdev->mtu < IP6_MAX_MTU ? tdev->mtu : IP6_MAX_MTU;

		t6_set_mtu(l, mtu - t_hlen - t6_encap_limit_len(t),
			   IPV6_MIN_MTU);
	}
}

/* ip6_tnl_dev_init_gen() and ip6_tnl_dev_init() */
static void ip6tnl_dev_init(struct rtnl_link *l)
{
	struct ip6_tnl *t = t6(l);
	int t_hlen = t->hlen + IPV6_HLEN;

	l->mtu = (uint32_t)(ETH_DATA_LEN_ - t_hlen - t6_encap_limit_len(t));
	l->min_mtu = ETH_MIN_MTU;
	l->max_mtu = IP6_MAX_MTU - (uint32_t)(t->hard_header_len + t_hlen);
	ip6tnl_link_config(l);
}

/* ip6_tnl_change_mtu(): ip6ip6 needs IPv6's minimum; ipip6 stays
 * within an IPv4 packet */
static int ip6tnl_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	struct ip6_tnl *t = t6(l);
	int64_t t_hlen = t->hlen + IPV6_HLEN, max;

	if (mtu < (t->proto == IPPROTO_IPV6 ? IPV6_MIN_MTU : ETH_MIN_MTU))
		return -EINVAL;
	max = (t->proto == IPPROTO_IPV6 || t->proto == 0) ? IP6_MAX_MTU
							   : IP_MAX_MTU;
	if ((int64_t)mtu > max - t->hard_header_len - t_hlen)
		return -EINVAL;
	return 0;
}

/* vti6_link_config(): the MTU asked for (keep_mtu) within the device's
 * bounds, else the one the device toward the remote leaves */
static void vti6_link_config(struct rtnl_link *l, bool keep_mtu)
{
	struct ip6_tnl *t = t6(l);
	struct rtnl_link *tdev;
	int64_t mtu;

	t6_config_addrs(l);
	if (keep_mtu && l->mtu) {
		mtu = l->mtu < l->min_mtu ? l->min_mtu
		      : l->mtu > l->max_mtu ? l->max_mtu : l->mtu;
		rtnl_link_set_mtu(l, (uint32_t)mtu, NULL);
		return;
	}
	tdev = t6_tdev(l, t->flags & IP6_TNL_F_CAP_XMIT);
	mtu = tdev ? (int64_t)tdev->mtu - IPV6_HLEN
		   : ETH_DATA_LEN_ - LL_MAX_HEADER - IPV6_HLEN;
	t6_set_mtu(l, mtu, IPV4_MIN_MTU);
}

/* ip6gre_calc_hlen() and ip6erspan_calc_hlen(): the headers (6.12
 * leaves the link-layer header length alone here, later kernels give
 * a device with header_ops LL_MAX_HEADER more) */
static int ip6gre_calc_hlen(struct rtnl_link *l)
{
	struct ip6_tnl *t = t6(l);

	if (t6_class(l) == T6_ERSPAN)
		t->hlen = 8 + rtnl_erspan_hdr_len(t->erspan_ver);
	else
		t->hlen = rtnl_gre_calc_hlen(t->o_flags);
	return t->hlen + IPV6_HLEN;
}

/* ip6gre_tnl_link_config(): the common part, the headers, then the
 * device toward the remote (its header and, with set_mtu, the MTU) */
static void ip6gre_link_config(struct rtnl_link *l, bool set_mtu)
{
	struct ip6_tnl *t = t6(l);
	struct rtnl_link *tdev;
	int t_hlen, mtu;

	t6_config_addrs(l);
	t_hlen = ip6gre_calc_hlen(l);
	if (!(t->flags & IP6_TNL_F_CAP_XMIT))
		return;
	tdev = t6_route_dev(l);
	if (!tdev)
		return;
	if (t->header_ops)
		t->hard_header_len = (tdev->type == ARPHRD_ETHER ||
				      tdev->type == ARPHRD_LOOPBACK
					      ? ETH_HLEN
					      : 0) +
				     t_hlen;
	if (!set_mtu)
		return;
	mtu = (int)tdev->mtu - t_hlen - t6_encap_limit_len(t);
	if (l->type == ARPHRD_ETHER)
		mtu -= ETH_HLEN;
	t6_set_mtu(l, mtu, IPV6_MIN_MTU);
}

/* ip6gre_tunnel_init_common(), ip6gre_tunnel_init(), ip6gre_tap_init()
 * and ip6erspan_tap_init() */
static void ip6gre_dev_init(struct rtnl_link *l)
{
	struct ip6_tnl *t = t6(l);
	int t_hlen = ip6gre_calc_hlen(l);

	l->mtu = (uint32_t)(ETH_DATA_LEN_ - t_hlen -
			    (l->type == ARPHRD_ETHER ? ETH_HLEN : 0) -
			    t6_encap_limit_len(t));
	if (t6_class(l) == T6_ERSPAN) {
		ip6gre_link_config(l, true);
		return;
	}
	if (l->type == ARPHRD_ETHER || t->collect_md)
		return;
	memcpy(l->addr, t->laddr, 16);
	memcpy(l->broadcast, t->raddr, 16);
	if (addr6_any(t->raddr))
		t->header_ops = true;
}

/* ---- the tables: locate(), find() ---- */

/* Whether device o is of self's module and carries p's traffic, as
 * ip6_tnl_locate(), vti6_locate() and ip6gre_tunnel_find() match. */
static bool t6_match(const struct rtnl_link *self, const struct rtnl_link *o,
		     const struct ip6_tnl *p, uint16_t gre_type)
{
	enum t6_class c = t6_class(self);
	const struct ip6_tnl *t;

	if (o->unregistering)
		return false;
	if (c == T6_TNL || c == T6_VTI) {
		if (o->ops != self->ops)
			return false;
	} else if (!t6_is_gre_ops(o->ops)) {
		return false;
	}
	t = t6(o);
	if (memcmp(t->laddr, p->laddr, 16) || memcmp(t->raddr, p->raddr, 16))
		return false;
	if (c == T6_TNL && t->link != p->link)
		return false;
	if (c != T6_TNL && c != T6_VTI &&
	    (t->i_key != p->i_key || t->link != p->link ||
	     o->type != gre_type))
		return false;
	return true;
}

/* The device of the module that carries p's traffic (the fallback
 * device too), other than self. */
static struct rtnl_link *t6_find(struct rtnl_net *rn,
				 const struct rtnl_link *self,
				 const struct ip6_tnl *p, uint16_t gre_type)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l != self && t6_match(self, l, p, gre_type))
			return l;
	return NULL;
}

/* The module's externally controlled device (collect_md_tun): one for
 * ip6tnl, one for ip6gre and ip6gretap together, one for ip6erspan. */
static bool t6_md_taken(struct rtnl_net *rn, const struct rtnl_link *self)
{
	bool erspan = t6_class(self) == T6_ERSPAN;

	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		bool same_table = t6_class(self) == T6_TNL
					  ? l->ops == self->ops
					  : t6_is_gre_ops(l->ops) &&
						    (t6_class(l) == T6_ERSPAN) ==
							    erspan;

		if (same_table && !l->unregistering && l != self &&
		    t6(l)->collect_md)
			return true;
	}
	return false;
}

/* ---- the attributes ---- */

/* ip6_tnl_encap_setup(): only "none" without the fou6 module; the
 * device's encapsulation is reset first, as Linux resets it */
static int t6_encap_setup(struct ip6_tnl *t, const struct nlattr *type,
			  const struct nlattr *flags,
			  const struct nlattr *sport,
			  const struct nlattr *dport)
{
	if (!type && !flags && !sport && !dport)
		return 0;
	t->encap_type = t->encap_flags = t->encap_sport = t->encap_dport = 0;
	if (type && unl_nla_get_u16(type) != TUNNEL_ENCAP_NONE)
		return -EINVAL;
	t->encap_flags = flags ? unl_nla_get_u16(flags) : 0;
	t->encap_sport = sport ? rtnl_tnl_get_be16(sport) : 0;
	t->encap_dport = dport ? rtnl_tnl_get_be16(dport) : 0;
	return 0;
}

static const struct unl_nla_policy ip6tnl_policy[IFLA_IPTUN_MAX + 1] = {
	[IFLA_IPTUN_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_LOCAL] = { .len = 16 },
	[IFLA_IPTUN_REMOTE] = { .len = 16 },
	[IFLA_IPTUN_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_ENCAP_LIMIT] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_FLOWINFO] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_FLAGS] = { .type = UNL_NLA_U32 },
	[IFLA_IPTUN_PROTO] = { .type = UNL_NLA_U8 },
	[IFLA_IPTUN_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_SPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_ENCAP_DPORT] = { .type = UNL_NLA_U16 },
	[IFLA_IPTUN_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
	[IFLA_IPTUN_FWMARK] = { .type = UNL_NLA_U32 },
};

/* ip6_tnl_validate(): IPv6, IPv4 or either inside */
static int ip6tnl_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	static const uint8_t protos[] = { IPPROTO_IPV6, IPPROTO_IPIP, 0 };

	(void)rn;
	(void)tb;
	(void)extack;
	return rtnl_tnl_validate_proto(data, protos, sizeof(protos));
}

/* ip6_tnl_netlink_parms(), from zero */
static void ip6tnl_parms(const struct nlattr *const *data, struct ip6_tnl *p)
{
	if (!data)
		return;
	if (data[IFLA_IPTUN_LINK])
		p->link = unl_nla_get_u32(data[IFLA_IPTUN_LINK]);
	if (data[IFLA_IPTUN_LOCAL])
		rtnl_tnl_get_in6(p->laddr, data[IFLA_IPTUN_LOCAL]);
	if (data[IFLA_IPTUN_REMOTE])
		rtnl_tnl_get_in6(p->raddr, data[IFLA_IPTUN_REMOTE]);
	if (data[IFLA_IPTUN_TTL])
		p->hop_limit = unl_nla_get_u8(data[IFLA_IPTUN_TTL]);
	if (data[IFLA_IPTUN_ENCAP_LIMIT])
		p->encap_limit = unl_nla_get_u8(data[IFLA_IPTUN_ENCAP_LIMIT]);
	if (data[IFLA_IPTUN_FLOWINFO])
		p->flowinfo = rtnl_tnl_get_be32(data[IFLA_IPTUN_FLOWINFO]);
	if (data[IFLA_IPTUN_FLAGS])
		p->flags = unl_nla_get_u32(data[IFLA_IPTUN_FLAGS]);
	if (data[IFLA_IPTUN_PROTO])
		p->proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	if (data[IFLA_IPTUN_COLLECT_METADATA])
		p->collect_md = true;
	if (data[IFLA_IPTUN_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_IPTUN_FWMARK]);
}

static int ip6tnl_encap(struct ip6_tnl *t, const struct nlattr *const *data)
{
	if (!data)
		return 0;
	return t6_encap_setup(t, data[IFLA_IPTUN_ENCAP_TYPE],
			      data[IFLA_IPTUN_ENCAP_FLAGS],
			      data[IFLA_IPTUN_ENCAP_SPORT],
			      data[IFLA_IPTUN_ENCAP_DPORT]);
}

static const struct unl_nla_policy vti6_policy[IFLA_VTI_MAX + 1] = {
	[IFLA_VTI_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_LOCAL] = { .len = 16 },
	[IFLA_VTI_REMOTE] = { .len = 16 },
	[IFLA_VTI_IKEY] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_OKEY] = { .type = UNL_NLA_U32 },
	[IFLA_VTI_FWMARK] = { .type = UNL_NLA_U32 },
};

/* vti6_netlink_parms(), from zero */
static void vti6_parms(const struct nlattr *const *data, struct ip6_tnl *p)
{
	if (!data)
		return;
	if (data[IFLA_VTI_LINK])
		p->link = unl_nla_get_u32(data[IFLA_VTI_LINK]);
	if (data[IFLA_VTI_LOCAL])
		rtnl_tnl_get_in6(p->laddr, data[IFLA_VTI_LOCAL]);
	if (data[IFLA_VTI_REMOTE])
		rtnl_tnl_get_in6(p->raddr, data[IFLA_VTI_REMOTE]);
	if (data[IFLA_VTI_IKEY])
		p->i_key = rtnl_tnl_get_be32(data[IFLA_VTI_IKEY]);
	if (data[IFLA_VTI_OKEY])
		p->o_key = rtnl_tnl_get_be32(data[IFLA_VTI_OKEY]);
	if (data[IFLA_VTI_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_VTI_FWMARK]);
}

static const struct unl_nla_policy ip6gre_policy[IFLA_GRE_MAX + 1] = {
	[IFLA_GRE_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_IFLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_OFLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_IKEY] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_OKEY] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_LOCAL] = { .len = 16 },
	[IFLA_GRE_REMOTE] = { .len = 16 },
	[IFLA_GRE_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ENCAP_LIMIT] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_FLOWINFO] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_FLAGS] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_ENCAP_TYPE] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_SPORT] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_ENCAP_DPORT] = { .type = UNL_NLA_U16 },
	[IFLA_GRE_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
	[IFLA_GRE_FWMARK] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_ERSPAN_INDEX] = { .type = UNL_NLA_U32 },
	[IFLA_GRE_ERSPAN_VER] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ERSPAN_DIR] = { .type = UNL_NLA_U8 },
	[IFLA_GRE_ERSPAN_HWID] = { .type = UNL_NLA_U16 },
};

/* ip6gre_tunnel_validate(): no version, no routing */
static int ip6gre_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	(void)rn;
	(void)tb;
	(void)extack;
	return rtnl_gre_validate_flags(data);
}

/* ip6gre_tap_validate(): an address a station may have, a remote */
static int ip6gretap_validate(struct rtnl_net *rn,
			      const struct nlattr *const *tb,
			      const struct nlattr *const *data,
			      struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err)
		return err;
	if (data && data[IFLA_GRE_REMOTE]) {
		uint8_t a[16];

		rtnl_tnl_get_in6(a, data[IFLA_GRE_REMOTE]);
		if (addr6_any(a))
			return -EINVAL;
	}
	return ip6gre_validate(rn, tb, data, extack);
}

/* ip6erspan_tap_validate(): a sequence number and a key (a 10-bit
 * session ID) unless external, version 1 or 2 and its fields */
static int ip6erspan_validate(struct rtnl_net *rn,
			      const struct nlattr *const *tb,
			      const struct nlattr *const *data,
			      struct unl_ext_ack *extack)
{
	uint16_t flags = 0;
	uint8_t ver = 0;
	int err;

	if (!data)
		return 0;
	err = ip6gretap_validate(rn, tb, data, extack);
	if (err)
		return err;
	if (data[IFLA_GRE_OFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_OFLAGS]);
	if (data[IFLA_GRE_IFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_IFLAGS]);
	if (!data[IFLA_GRE_COLLECT_METADATA] && flags != (GRE_SEQ | GRE_KEY))
		return -EINVAL;
	if ((data[IFLA_GRE_IKEY] &&
	     (ntohl(rtnl_tnl_get_be32(data[IFLA_GRE_IKEY])) & ~ERSPAN_ID_MASK)) ||
	    (data[IFLA_GRE_OKEY] &&
	     (ntohl(rtnl_tnl_get_be32(data[IFLA_GRE_OKEY])) & ~ERSPAN_ID_MASK)))
		return -EINVAL;
	if (data[IFLA_GRE_ERSPAN_VER]) {
		ver = unl_nla_get_u8(data[IFLA_GRE_ERSPAN_VER]);
		if (ver != 1 && ver != 2)
			return -EINVAL;
	}
	if (ver == 1 && data[IFLA_GRE_ERSPAN_INDEX] &&
	    (unl_nla_get_u32(data[IFLA_GRE_ERSPAN_INDEX]) & ~ERSPAN_INDEX_MASK))
		return -EINVAL;
	if (ver == 2 &&
	    ((data[IFLA_GRE_ERSPAN_DIR] &&
	      unl_nla_get_u8(data[IFLA_GRE_ERSPAN_DIR]) > ERSPAN_DIR_MAX) ||
	     (data[IFLA_GRE_ERSPAN_HWID] &&
	      unl_nla_get_u16(data[IFLA_GRE_ERSPAN_HWID]) > ERSPAN_HWID_MAX)))
		return -EINVAL;
	return 0;
}

/* ip6gre_netlink_parms(), from zero; the GRE flags as
 * gre_flags_to_tnl_flags() keeps them */
static void ip6gre_parms(const struct nlattr *const *data, struct ip6_tnl *p)
{
	if (!data)
		return;
	if (data[IFLA_GRE_LINK])
		p->link = unl_nla_get_u32(data[IFLA_GRE_LINK]);
	if (data[IFLA_GRE_IFLAGS])
		p->i_flags = rtnl_tnl_get_be16(data[IFLA_GRE_IFLAGS]) & GRE_FLAG_BITS;
	if (data[IFLA_GRE_OFLAGS])
		p->o_flags = rtnl_tnl_get_be16(data[IFLA_GRE_OFLAGS]) & GRE_FLAG_BITS;
	if (data[IFLA_GRE_IKEY])
		p->i_key = rtnl_tnl_get_be32(data[IFLA_GRE_IKEY]);
	if (data[IFLA_GRE_OKEY])
		p->o_key = rtnl_tnl_get_be32(data[IFLA_GRE_OKEY]);
	if (data[IFLA_GRE_LOCAL])
		rtnl_tnl_get_in6(p->laddr, data[IFLA_GRE_LOCAL]);
	if (data[IFLA_GRE_REMOTE])
		rtnl_tnl_get_in6(p->raddr, data[IFLA_GRE_REMOTE]);
	if (data[IFLA_GRE_TTL])
		p->hop_limit = unl_nla_get_u8(data[IFLA_GRE_TTL]);
	if (data[IFLA_GRE_ENCAP_LIMIT])
		p->encap_limit = unl_nla_get_u8(data[IFLA_GRE_ENCAP_LIMIT]);
	if (data[IFLA_GRE_FLOWINFO])
		p->flowinfo = rtnl_tnl_get_be32(data[IFLA_GRE_FLOWINFO]);
	if (data[IFLA_GRE_FLAGS])
		p->flags = unl_nla_get_u32(data[IFLA_GRE_FLAGS]);
	if (data[IFLA_GRE_FWMARK])
		p->fwmark = unl_nla_get_u32(data[IFLA_GRE_FWMARK]);
	if (data[IFLA_GRE_COLLECT_METADATA])
		p->collect_md = true;
}

/* ip6erspan_set_version(): version 1 unless told, and its fields */
static void ip6erspan_set_version(const struct nlattr *const *data,
				  struct ip6_tnl *p)
{
	if (!data)
		return;
	p->erspan_ver = data[IFLA_GRE_ERSPAN_VER]
				? unl_nla_get_u8(data[IFLA_GRE_ERSPAN_VER])
				: 1;
	if (p->erspan_ver == 1 && data[IFLA_GRE_ERSPAN_INDEX])
		p->index = unl_nla_get_u32(data[IFLA_GRE_ERSPAN_INDEX]);
	if (p->erspan_ver == 2) {
		if (data[IFLA_GRE_ERSPAN_DIR])
			p->dir = unl_nla_get_u8(data[IFLA_GRE_ERSPAN_DIR]);
		if (data[IFLA_GRE_ERSPAN_HWID])
			p->hwid = unl_nla_get_u16(data[IFLA_GRE_ERSPAN_HWID]);
	}
}

static int ip6gre_encap(struct ip6_tnl *t, const struct nlattr *const *data)
{
	if (!data)
		return 0;
	return t6_encap_setup(t, data[IFLA_GRE_ENCAP_TYPE],
			      data[IFLA_GRE_ENCAP_FLAGS],
			      data[IFLA_GRE_ENCAP_SPORT],
			      data[IFLA_GRE_ENCAP_DPORT]);
}

/* The parameters a change copies (ip6_tnl_change(), vti6_tnl_change(),
 * ip6gre_tnl_copy_tnl_parm()). */
static void t6_parms_copy(struct ip6_tnl *t, const struct ip6_tnl *p)
{
	memcpy(t->laddr, p->laddr, 16);
	memcpy(t->raddr, p->raddr, 16);
	t->link = p->link;
	t->proto = p->proto;
	t->fwmark = p->fwmark;
	t->i_key = p->i_key;
	t->o_key = p->o_key;
	t->flags = p->flags;
	t->hop_limit = p->hop_limit;
	t->encap_limit = p->encap_limit;
	t->flowinfo = p->flowinfo;
	t->i_flags = p->i_flags;
	t->o_flags = p->o_flags;
	t->erspan_ver = p->erspan_ver;
	t->index = p->index;
	t->dir = p->dir;
	t->hwid = p->hwid;
}

/* ---- newlink, changelink, dellink ---- */

static int t6_register(struct rtnl_link *l, const struct rtnl_newlink_params *np)
{
	int err = rtnl_link_register(l, np->ifm->ifi_index);

	if (!err)
		memcpy(t6(l)->name, l->name, IFNAMSIZ);
	return err;
}

/* ip6_tnl_newlink() */
static int ip6tnl_newlink(struct rtnl_link *l,
			  const struct rtnl_newlink_params *np,
			  struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l);
	int err;

	(void)extack;
	err = ip6tnl_encap(t, np->data);
	if (err)
		return err;
	ip6tnl_parms(np->data, t);
	if (t->collect_md ? t6_md_taken(l->rn, l)
			  : t6_find(l->rn, l, t, 0) != NULL)
		return -EEXIST;
	ip6tnl_dev_init(l);
	err = t6_register(l, np);
	if (err)
		return err;
	if (np->tb[IFLA_MTU] &&
	    !ip6tnl_change_mtu(l, unl_nla_get_u32(np->tb[IFLA_MTU])))
		rtnl_link_set_mtu(l, unl_nla_get_u32(np->tb[IFLA_MTU]), NULL);
	return 0;
}

/* vti6_newlink(): its MTU is the one asked for, if any */
static int vti6_newlink(struct rtnl_link *l,
			const struct rtnl_newlink_params *np,
			struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l);

	(void)extack;
	vti6_parms(np->data, t);
	t->proto = IPPROTO_IPV6;
	if (t6_find(l->rn, l, t, 0))
		return -EEXIST;
	vti6_link_config(l, true);
	return t6_register(l, np);
}

/* ip6gre_newlink() and ip6erspan_newlink() with
 * ip6gre_newlink_common() */
static int ip6gre_newlink(struct rtnl_link *l,
			  const struct rtnl_newlink_params *np,
			  struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l);
	int err;

	(void)extack;
	ip6gre_parms(np->data, t);
	if (t6_class(l) == T6_ERSPAN)
		ip6erspan_set_version(np->data, t);
	if (t->collect_md ? t6_md_taken(l->rn, l)
			  : t6_find(l->rn, l, t, l->type) != NULL)
		return -EEXIST;
	err = ip6gre_encap(t, np->data);
	if (err)
		return err;
	ip6gre_dev_init(l);
	err = t6_register(l, np);
	if (err)
		return err;
	if (np->tb[IFLA_MTU] &&
	    !ip6tnl_change_mtu(l, unl_nla_get_u32(np->tb[IFLA_MTU])))
		rtnl_link_set_mtu(l, unl_nla_get_u32(np->tb[IFLA_MTU]), NULL);
	ip6gre_link_config(l, !np->tb[IFLA_MTU]);
	return 0;
}

/* ip6_tnl_changelink(): not the fallback device, not to external,
 * not another device's tunnel */
static int ip6tnl_changelink(struct rtnl_link *l,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l), p = { 0 };
	int err;

	(void)tb;
	(void)extack;
	if (t->fb)
		return -EINVAL;
	err = ip6tnl_encap(t, data);
	if (err)
		return err;
	ip6tnl_parms(data, &p);
	if (p.collect_md)
		return -EINVAL;
	if (t6_find(l->rn, l, &p, 0))
		return -EEXIST;
	t6_parms_copy(t, &p);
	ip6tnl_link_config(l);
	rtnl_link_state_change(l);
	return 0;
}

/* vti6_changelink(): the MTU found again unless one is asked for */
static int vti6_changelink(struct rtnl_link *l,
			   const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l), p = { 0 };

	(void)extack;
	if (t->fb)
		return -EINVAL;
	vti6_parms(data, &p);
	if (t6_find(l->rn, l, &p, 0))
		return -EEXIST;
	p.flags = t->flags;
	p.hop_limit = t->hop_limit;
	p.encap_limit = t->encap_limit;
	p.flowinfo = t->flowinfo;
	t6_parms_copy(t, &p);
	vti6_link_config(l, tb && tb[IFLA_MTU]);
	rtnl_link_state_change(l);
	return 0;
}

/* ip6gre_changelink() and ip6erspan_changelink(): the tunnel found
 * among the layer 3 ones (ip6gre_tunnel_locate() looks at no other) */
static int ip6gre_changelink(struct rtnl_link *l,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack)
{
	struct ip6_tnl *t = t6(l), p = { 0 };
	int err;

	(void)extack;
	if (t->fb)
		return -EINVAL;
	err = ip6gre_encap(t, data);
	if (err)
		return err;
	ip6gre_parms(data, &p);
	if (t6_find(l->rn, l, &p, ARPHRD_IP6GRE))
		return -EEXIST;
	if (t6_class(l) == T6_ERSPAN)
		ip6erspan_set_version(data, &p);
	t6_parms_copy(t, &p);
	ip6gre_link_config(l, !tb[IFLA_MTU]);
	return 0;
}

/* The fallback device stays. */
static void t6_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	if (!t6(l)->fb)
		rtnl_link_queue_kill(l, kill);
}

static int t6_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	return t6_class(l) == T6_VTI ? 0 : ip6tnl_change_mtu(l, mtu);
}

static int t6_get_iflink(const struct rtnl_link *l)
{
	return (int)t6(l)->link;
}

/* ---- what the kernel reports ---- */

/* ip6_tnl_fill_info() */
static int ip6tnl_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip6_tnl *t = t6(l);

	if (unl_nla_put_u32(skb, IFLA_IPTUN_LINK, t->link) ||
	    unl_nla_put(skb, IFLA_IPTUN_LOCAL, 16, t->laddr) ||
	    unl_nla_put(skb, IFLA_IPTUN_REMOTE, 16, t->raddr) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_TTL, t->hop_limit) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_ENCAP_LIMIT, t->encap_limit) ||
	    unl_nla_put_be32(skb, IFLA_IPTUN_FLOWINFO, t->flowinfo) ||
	    unl_nla_put_u32(skb, IFLA_IPTUN_FLAGS, t->flags) ||
	    unl_nla_put_u8(skb, IFLA_IPTUN_PROTO, t->proto) ||
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

/* vti6_fill_info() */
static int vti6_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip6_tnl *t = t6(l);

	if (unl_nla_put_u32(skb, IFLA_VTI_LINK, t->link) ||
	    unl_nla_put(skb, IFLA_VTI_LOCAL, 16, t->laddr) ||
	    unl_nla_put(skb, IFLA_VTI_REMOTE, 16, t->raddr) ||
	    unl_nla_put_be32(skb, IFLA_VTI_IKEY, t->i_key) ||
	    unl_nla_put_be32(skb, IFLA_VTI_OKEY, t->o_key) ||
	    unl_nla_put_u32(skb, IFLA_VTI_FWMARK, t->fwmark))
		return -EMSGSIZE;
	return 0;
}

/* ip6gre_fill_info(): ERSPAN's version and fields first; versions 1
 * and 2 report the key flag they use */
static int ip6gre_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct ip6_tnl *t = t6(l);
	uint16_t o_flags = t->o_flags;

	if (t->erspan_ver == 1 || t->erspan_ver == 2) {
		if (!t->collect_md)
			o_flags |= GRE_KEY;
		if (unl_nla_put_u8(skb, IFLA_GRE_ERSPAN_VER, t->erspan_ver))
			return -EMSGSIZE;
		if (t->erspan_ver == 1
			    ? unl_nla_put_u32(skb, IFLA_GRE_ERSPAN_INDEX,
					      t->index)
			    : (unl_nla_put_u8(skb, IFLA_GRE_ERSPAN_DIR, t->dir) ||
			       unl_nla_put_u16(skb, IFLA_GRE_ERSPAN_HWID,
					       t->hwid)))
			return -EMSGSIZE;
	}
	if (unl_nla_put_u32(skb, IFLA_GRE_LINK, t->link) ||
	    unl_nla_put_be16(skb, IFLA_GRE_IFLAGS, t->i_flags) ||
	    unl_nla_put_be16(skb, IFLA_GRE_OFLAGS, o_flags) ||
	    unl_nla_put_be32(skb, IFLA_GRE_IKEY, t->i_key) ||
	    unl_nla_put_be32(skb, IFLA_GRE_OKEY, t->o_key) ||
	    unl_nla_put(skb, IFLA_GRE_LOCAL, 16, t->laddr) ||
	    unl_nla_put(skb, IFLA_GRE_REMOTE, 16, t->raddr) ||
	    unl_nla_put_u8(skb, IFLA_GRE_TTL, t->hop_limit) ||
	    unl_nla_put_u8(skb, IFLA_GRE_ENCAP_LIMIT, t->encap_limit) ||
	    unl_nla_put_be32(skb, IFLA_GRE_FLOWINFO, t->flowinfo) ||
	    unl_nla_put_u32(skb, IFLA_GRE_FLAGS, t->flags) ||
	    unl_nla_put_u32(skb, IFLA_GRE_FWMARK, t->fwmark) ||
	    unl_nla_put_u16(skb, IFLA_GRE_ENCAP_TYPE, t->encap_type) ||
	    unl_nla_put_be16(skb, IFLA_GRE_ENCAP_SPORT, t->encap_sport) ||
	    unl_nla_put_be16(skb, IFLA_GRE_ENCAP_DPORT, t->encap_dport) ||
	    unl_nla_put_u16(skb, IFLA_GRE_ENCAP_FLAGS, t->encap_flags) ||
	    (t->collect_md && unl_nla_put_flag(skb, IFLA_GRE_COLLECT_METADATA)))
		return -EMSGSIZE;
	return 0;
}

/* ---- the ioctls (ip6_tnl_siocdevprivate(), vti6_siocdevprivate(),
 * ip6gre_tunnel_siocdevprivate()) ---- */

/* The parameters of u as the kind's parm_from_user() takes them: all
 * of struct ip6_tnl_parm for ip6tnl, the GRE flags and keys too for
 * ip6gre, endpoints, link, keys and mode alone for vti6. */
static void t6_parm_from_user(enum t6_class c, const struct ip6_tnl_parm2 *u,
			      struct ip6_tnl *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->laddr, &u->laddr, 16);
	memcpy(p->raddr, &u->raddr, 16);
	p->link = (uint32_t)u->link;
	p->proto = u->proto;
	if (c == T6_VTI) {
		p->i_key = u->i_key;
		p->o_key = u->o_key;
		return;
	}
	p->encap_limit = u->encap_limit;
	p->hop_limit = u->hop_limit;
	p->flowinfo = u->flowinfo;
	p->flags = u->flags;
	if (c == T6_GRE) {
		p->i_flags = u->i_flags & GRE_FLAG_BITS;
		p->o_flags = u->o_flags & GRE_FLAG_BITS;
		p->i_key = u->i_key;
		p->o_key = u->o_key;
	}
}

/* ... and back (parm_to_user()), over what u holds: vti6 sets the key
 * flag of a key it has, and leaves the rest as it was */
static void t6_parm_to_user(const struct rtnl_link *l,
			    struct ip6_tnl_parm2 *u)
{
	const struct ip6_tnl *t = t6(l);
	enum t6_class c = t6_class(l);

	memcpy(u->name, t->name, IFNAMSIZ);
	u->link = (int)t->link;
	/* an ip6gre tunnel is GRE's, whatever was asked */
	u->proto = c == T6_GRE ? IPPROTO_GRE : t->proto;
	memcpy(&u->laddr, t->laddr, 16);
	memcpy(&u->raddr, t->raddr, 16);
	if (c == T6_VTI) {
		u->i_key = t->i_key;
		u->o_key = t->o_key;
		if (t->i_key)
			u->i_flags |= GRE_KEY;
		if (t->o_key)
			u->o_flags |= GRE_KEY;
		return;
	}
	u->encap_limit = t->encap_limit;
	u->hop_limit = t->hop_limit;
	u->flowinfo = t->flowinfo;
	u->flags = t->flags;
	if (c == T6_GRE) {
		u->i_flags = t->i_flags;
		u->o_flags = t->o_flags;
		u->i_key = t->i_key;
		u->o_key = t->o_key;
	}
}

/* The size of the kind's struct: ip6tnl's has no GRE fields. */
static size_t t6_parm_size(enum t6_class c)
{
	return c == T6_TNL ? sizeof(struct ip6_tnl_parm)
			   : sizeof(struct ip6_tnl_parm2);
}

/* ip6_tnl_create(), vti6_tnl_create(), ip6gre_tunnel_locate()'s
 * creation: named as asked or the kind's pattern, registered and
 * announced; ip6gre configures its link after. */
static int t6_ioctl_create(struct rtnl_net *rn,
			   const struct rtnl_link_ops *ops,
			   const struct ip6_tnl *p, const char *name,
			   const char *pattern, struct rtnl_link **out)
{
	struct rtnl_link *l = rtnl_link_alloc(rn, ops);
	struct ip6_tnl *t;
	int err;

	if (!l)
		return -ENOMEM;
	t = t6(l);
	t6_parms_copy(t, p);
	snprintf(l->name, sizeof(l->name), "%s", name[0] ? name : pattern);
	switch (t6_class(l)) {
	case T6_TNL:
		ip6tnl_dev_init(l);
		break;
	case T6_VTI:
		vti6_link_config(l, true);
		break;
	default:
		ip6gre_dev_init(l);
		break;
	}
	err = rtnl_link_register(l, 0);
	if (err) {
		rtnl_link_free(l);
		return err;
	}
	memcpy(t->name, l->name, IFNAMSIZ);
	rtnl_link_configure(l, NULL, NULL, NULL);
	if (t6_class(l) == T6_GRE)
		ip6gre_link_config(l, true);
	*out = l;
	return 0;
}

/* locate() without creating: the tunnel p names among the module's
 * (l itself and the fallback device too), or NULL */
static struct rtnl_link *t6_locate(struct rtnl_link *l,
				   const struct ip6_tnl *p)
{
	for (struct rtnl_link *o = l->rn->links; o; o = o->next)
		if (t6_match(l, o, p, ARPHRD_IP6GRE))
			return o;
	return NULL;
}

/* SIOCCHGTUNNEL on device l (not the fallback device) to p: each
 * kind's own change */
static void t6_ioctl_change(struct rtnl_link *l, struct ip6_tnl *p)
{
	struct ip6_tnl *t = t6(l);

	switch (t6_class(l)) {
	case T6_TNL:
		/* ip6_tnl_update() with ip6_tnl_change() */
		t6_parms_copy(t, p);
		ip6tnl_link_config(l);
		break;
	case T6_VTI:
		/* vti6_update() with vti6_tnl_change() */
		p->flags = t->flags;
		p->hop_limit = t->hop_limit;
		p->encap_limit = t->encap_limit;
		p->flowinfo = t->flowinfo;
		t6_parms_copy(t, p);
		vti6_link_config(l, false);
		break;
	default:
		/* ip6gre_tnl_change() */
		t6_parms_copy(t, p);
		ip6gre_link_config(l, true);
		break;
	}
	rtnl_link_state_change(l);
}

/* SIOCADDTUNNEL and SIOCCHGTUNNEL: the kind's checks, the tunnel p
 * names created, or changed (through the fallback device: ip6tnl0
 * takes a new mode, the others stay); *out the tunnel to report */
static int t6_ioctl_set(struct rtnl_link *l, struct ip6_tnl_parm2 *u,
			unsigned int cmd, struct rtnl_link **out)
{
	static const char *const pattern[] = { [T6_TNL] = "ip6tnl%d",
					       [T6_VTI] = "ip6_vti%d",
					       [T6_GRE] = "ip6gre%d" };
	enum t6_class c = t6_class(l);
	struct rtnl_link *o;
	struct ip6_tnl p;
	int err;

	if (c == T6_TNL && u->proto != IPPROTO_IPV6 &&
	    u->proto != IPPROTO_IPIP && u->proto != 0)
		return -EINVAL;
	if (c == T6_VTI && u->proto != IPPROTO_IPV6 && u->proto != 0)
		return -EINVAL;
	if (c == T6_GRE) {
		if ((u->i_flags | u->o_flags) & (GRE_VERSION | GRE_ROUTING))
			return -EINVAL;
		if (!(u->i_flags & GRE_KEY))
			u->i_key = 0;
		if (!(u->o_flags & GRE_KEY))
			u->o_key = 0;
	}
	t6_parm_from_user(c, u, &p);
	o = t6_locate(l, &p);
	if (cmd == SIOCADDTUNNEL) {
		/* ip6tnl says the tunnel exists; the others have no
		 * buffers, as their locate() gives nothing either way */
		if (o)
			return c == T6_TNL ? -EEXIST : -ENOBUFS;
		err = t6_ioctl_create(l->rn, l->ops, &p, u->name, pattern[c],
				      out);
		return err && c != T6_TNL ? -ENOBUFS : err;
	}
	if (o && o != l)
		return -EEXIST;
	if (t6(l)->fb) {
		if (c == T6_TNL) {
			/* ip6_tnl0_update(): the mode alone */
			t6(l)->proto = p.proto;
			rtnl_link_state_change(l);
			o = l;
		}
		if (!o)
			return -ENOENT;
		*out = o;
		return 0;
	}
	/* ip6gre changes a tunnel only when p names none */
	if (c != T6_GRE || !o)
		t6_ioctl_change(l, &p);
	*out = l;
	return 0;
}

/* The request on device l, with the caller's struct u (copied in for
 * every request but a GET or DEL on another device than the fallback
 * one). */
static int t6_ctl(struct rtnl_link *l, struct ip6_tnl_parm2 *u,
		  unsigned int cmd)
{
	enum t6_class c = t6_class(l);
	struct rtnl_link *o = l;
	struct ip6_tnl p;
	int err;

	switch (cmd) {
	case SIOCGETTUNNEL:
		if (t6(l)->fb) {
			t6_parm_from_user(c, u, &p);
			o = t6_locate(l, &p);
			if (!o)
				o = l;
		}
		if (!t6(l)->fb || c == T6_GRE)
			memset(u, 0, sizeof(*u));
		t6_parm_to_user(o, u);
		return 0;
	case SIOCADDTUNNEL:
	case SIOCCHGTUNNEL:
		err = t6_ioctl_set(l, u, cmd, &o);
		if (err)
			return err;
		if (c == T6_GRE)
			memset(u, 0, sizeof(*u));
		t6_parm_to_user(o, u);
		return 0;
	case SIOCDELTUNNEL:
		if (t6(l)->fb) {
			t6_parm_from_user(c, u, &p);
			o = t6_locate(l, &p);
			if (!o)
				return -ENOENT;
			if (t6(o)->fb)
				return -EPERM;
		}
		rtnl_tnl_unregister(o);
		return 0;
	}
	return -EINVAL;
}

/* The kind's siocdevprivate: the rights of a change first, then the
 * copy in (what the request reads), then the request, then the copy
 * out after one that worked and answers. */
static int t6_siocdevprivate(struct rtnl_link *l, void *data,
			     unsigned int cmd)
{
	size_t size = t6_parm_size(t6_class(l));
	bool set = cmd == SIOCADDTUNNEL || cmd == SIOCCHGTUNNEL;
	bool copy_in = set || ((cmd == SIOCGETTUNNEL ||
				cmd == SIOCDELTUNNEL) && t6(l)->fb);
	struct ip6_tnl_parm2 u;
	int err;

	if (cmd > SIOCCHGTUNNEL)
		return -EINVAL;
	if ((set || cmd == SIOCDELTUNNEL) &&
	    !unl_net_capable(l->rn->net, CAP_NET_ADMIN))
		return -EPERM;
	if ((copy_in || cmd == SIOCGETTUNNEL) && !data)
		return -EFAULT;
	memset(&u, 0, sizeof(u));
	if (copy_in)
		memcpy(&u, data, size);
	err = t6_ctl(l, &u, cmd);
	if (!err && cmd != SIOCDELTUNNEL)
		memcpy(data, &u, size);
	return err;
}

/* ---- the kinds' setups ---- */

/* eth_random_addr() into perm_addr: the interface id of the
 * link-local address */
static void t6_random_perm_addr(struct rtnl_link *l)
{
	for (int i = 0; i < 6; i++)
		l->perm_addr[i] = (uint8_t)rtnl_random(l->rn);
	l->perm_addr[0] = (uint8_t)((l->perm_addr[0] & 0xfe) | 0x02);
}

static void t6_l3_setup(struct rtnl_link *l, uint16_t type)
{
	l->type = type;
	l->flags = IFF_NOARP;
	l->addr_len = 16;
	l->addr_assign_type = NET_ADDR_RANDOM;
	l->tso_max_size = 65536;
	t6_random_perm_addr(l);
}

static void ip6tnl_setup(struct rtnl_link *l)
{
	t6_l3_setup(l, ARPHRD_TUNNEL6);
}

static void vti6_setup(struct rtnl_link *l)
{
	t6_l3_setup(l, ARPHRD_TUNNEL6);
	l->min_mtu = IPV4_MIN_MTU;
	l->max_mtu = IP_MAX_MTU - IPV6_HLEN;
}

static void ip6gre_setup(struct rtnl_link *l)
{
	t6_l3_setup(l, ARPHRD_IP6GRE);
}

/* ether_setup() with no MTU bound of its own; eth_header_ops */
static void ip6gretap_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->max_mtu = 0;
	l->tso_max_size = 65536;
	t6(l)->header_ops = true;
	t6(l)->hard_header_len = ETH_HLEN;
}

/* eth_validate_addr() before ndo_open */
static int ip6gretap_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	(void)extack;
	return rtnl_link_valid_ether(l->addr) ? 0 : -EADDRNOTAVAIL;
}

/* ---- the modules and their fallback devices ---- */

/* The module's fallback device: no endpoints, registered without a
 * word when the net is being made. */
static void t6_fb_create(struct rtnl_net *rn, const struct rtnl_link_ops *ops,
			 const char *name, bool announce)
{
	struct rtnl_link *l;
	struct ip6_tnl *t;

	if (!rtnl_tnl_has_fallback(rn))
		return;
	l = rtnl_link_alloc(rn, ops);
	if (!l)
		return;
	t = t6(l);
	t->fb = true;
	snprintf(l->name, sizeof(l->name), "%s", name);
	switch (t6_class(l)) {
	case T6_TNL:
		t->proto = IPPROTO_IPV6; /* ip6_fb_tnl_dev_init() */
		ip6tnl_dev_init(l);
		break;
	case T6_VTI:
		t->proto = IPPROTO_IPV6; /* vti6_fb_tnl_dev_init() */
		vti6_link_config(l, true);
		break;
	default:
		t->proto = IPPROTO_GRE; /* ip6gre_fb_tunnel_init() */
		ip6gre_dev_init(l);
		break;
	}
	if (rtnl_link_register(l, 0)) {
		rtnl_link_free(l);
		return;
	}
	memcpy(t->name, l->name, IFNAMSIZ);
	l->netns_immutable = true;
	if (announce)
		rtnl_link_configure(l, NULL, NULL, NULL);
	else
		l->configured = true;
}

static void ip6_tunnel_net_init(struct rtnl_net *rn, bool announce)
{
	t6_fb_create(rn, &rtnl_ip6tnl_ops, "ip6tnl0", announce);
}

static void ip6_gre_net_init(struct rtnl_net *rn, bool announce)
{
	t6_fb_create(rn, &rtnl_ip6gre_ops, "ip6gre0", announce);
}

static void ip6_vti_net_init(struct rtnl_net *rn, bool announce)
{
	t6_fb_create(rn, &rtnl_vti6_ops, "ip6_vti0", announce);
}

const struct rtnl_link_module rtnl_ip6_tunnel_module = {
	.name = "ip6_tunnel",
	.id = 5,
	.net_init = ip6_tunnel_net_init,
};

const struct rtnl_link_module rtnl_ip6_gre_module = {
	.name = "ip6_gre",
	.id = 6,
	.net_init = ip6_gre_net_init,
	.depends = &rtnl_ip6_tunnel_module,
};

const struct rtnl_link_module rtnl_ip6_vti_module = {
	.name = "ip6_vti",
	.id = 7,
	.net_init = ip6_vti_net_init,
	.depends = &rtnl_ip6_tunnel_module,
};

#define T6_OPS                                                         \
	.priv_size = sizeof(struct ip6_tnl), .dellink = t6_dellink,    \
	.change_mtu = t6_change_mtu, .get_iflink = t6_get_iflink

const struct rtnl_link_ops rtnl_ip6tnl_ops = {
	.kind = "ip6tnl",
	.setup = ip6tnl_setup,
	.maxtype = IFLA_IPTUN_MAX,
	.policy = ip6tnl_policy,
	.validate = ip6tnl_validate,
	.newlink = ip6tnl_newlink,
	.changelink = ip6tnl_changelink,
	.fill_info = ip6tnl_fill_info,
	.module = &rtnl_ip6_tunnel_module,
	.siocdevprivate = t6_siocdevprivate,
	T6_OPS,
};

const struct rtnl_link_ops rtnl_vti6_ops = {
	.kind = "vti6",
	.setup = vti6_setup,
	.maxtype = IFLA_VTI_MAX,
	.policy = vti6_policy,
	.newlink = vti6_newlink,
	.changelink = vti6_changelink,
	.fill_info = vti6_fill_info,
	.module = &rtnl_ip6_vti_module,
	.siocdevprivate = t6_siocdevprivate,
	T6_OPS,
};

const struct rtnl_link_ops rtnl_ip6gre_ops = {
	.kind = "ip6gre",
	.setup = ip6gre_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = ip6gre_policy,
	.validate = ip6gre_validate,
	.newlink = ip6gre_newlink,
	.changelink = ip6gre_changelink,
	.fill_info = ip6gre_fill_info,
	.module = &rtnl_ip6_gre_module,
	.siocdevprivate = t6_siocdevprivate,
	T6_OPS,
};

const struct rtnl_link_ops rtnl_ip6gretap_ops = {
	.kind = "ip6gretap",
	.setup = ip6gretap_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = ip6gre_policy,
	.validate = ip6gretap_validate,
	.newlink = ip6gre_newlink,
	.changelink = ip6gre_changelink,
	.fill_info = ip6gre_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.open = ip6gretap_open,
	.tx_queue = true,
	.module = &rtnl_ip6_gre_module,
	T6_OPS,
};

const struct rtnl_link_ops rtnl_ip6erspan_ops = {
	.kind = "ip6erspan",
	.setup = ip6gretap_setup,
	.maxtype = IFLA_GRE_MAX,
	.policy = ip6gre_policy,
	.validate = ip6erspan_validate,
	.newlink = ip6gre_newlink,
	.changelink = ip6gre_changelink,
	.fill_info = ip6gre_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.open = ip6gretap_open,
	.tx_queue = true,
	.module = &rtnl_ip6_gre_module,
	T6_OPS,
};
