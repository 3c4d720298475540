/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the tunnel kinds share (ip_tunnel.c: ipip, gre, gretap, erspan,
 * vti; sit.c; ip6_tunnel.c: ip6tnl, vti6, ip6gre, ip6gretap,
 * ip6erspan): their attributes' raw values, the GRE and ERSPAN header
 * lengths, the inner protocols a kind takes, whether a net gets the
 * modules' fallback devices, the IPv4 tunnels' parameters as the
 * ioctls carry them, and an ioctl's unregister.
 */
#ifndef UNETLINK_ROUTE_LINK_TUNNEL_H
#define UNETLINK_ROUTE_LINK_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/if.h>
#include <linux/if_tunnel.h>

#include "proto/route/link/kinds.h"

/* IPPROTO_MPLS, which older libc headers lack */
#define RTNL_IPPROTO_MPLS 137

/* An attribute's 4 or 2 bytes as they stand (network order), or its
 * 16-byte IPv6 address into dst. */
uint32_t rtnl_tnl_get_be32(const struct nlattr *a);
uint16_t rtnl_tnl_get_be16(const struct nlattr *a);
void rtnl_tnl_get_in6(uint8_t *dst, const struct nlattr *a);

/* The validate() part every IP tunnel has: IFLA_IPTUN_PROTO, when
 * given, one of the n protocols a kind carries inside (EINVAL else). */
int rtnl_tnl_validate_proto(const struct nlattr *const *data,
			    const uint8_t *protos, size_t n);

/* The GRE flags check of ipgre_tunnel_validate() and
 * ip6gre_tunnel_validate(): no version, no routing in IFLA_GRE_IFLAGS
 * or IFLA_GRE_OFLAGS (data may be NULL); 0 or -EINVAL. */
int rtnl_gre_validate_flags(const struct nlattr *const *data);
/* gre_calc_hlen(): the GRE header the output flags make */
int rtnl_gre_calc_hlen(uint16_t o_flags);
/* erspan_hdr_len(): ERSPAN's base header and the version's metadata */
int rtnl_erspan_hdr_len(uint8_t ver);

/* net_has_fallback_tunnels(): every net of the model is another than
 * the initial one, so it has them unless the profile sets
 * net.core.fb_tunnels_only_for_init_net. */
bool rtnl_tnl_has_fallback(struct rtnl_net *rn);

/* What struct ip_tunnel_parm says of an IPv4 tunnel (Linux's
 * ip_tunnel_parm_kern, parms of struct ip_tunnel), which ip_tunnel.c's
 * kinds and sit keep alike: addresses and keys in network order, as
 * they stand in the headers. */
struct rtnl_tnl_parm {
	/* the device's name when it registered (ndo_init) */
	char name[IFNAMSIZ];
	uint32_t link;
	uint16_t i_flags, o_flags;
	uint32_t i_key, o_key;
	uint32_t saddr, daddr;
	uint8_t ttl, tos, proto;
	uint16_t frag_off;
	/* the IPv4 header's fields SIOCADDTUNNEL took as given and
	 * SIOCGETTUNNEL gives back (netlink leaves them 0) */
	uint16_t iph_tot_len, iph_id, iph_check;
};

/* p as SIOCGETTUNNEL gives it: every byte of u written, the IPv4
 * header a version 4 one of five words. */
void rtnl_tnl_parm_to_user(const struct rtnl_tnl_parm *p,
			   struct ip_tunnel_parm *u);
/* The parameters of u, as ip_tunnel_ctl() and ipip6_tunnel_ctl() take
 * them, into p; not the name, which is the device's. */
void rtnl_tnl_parm_from_user(const struct ip_tunnel_parm *u,
			     struct rtnl_tnl_parm *p);

/* unregister_netdevice() of tunnel l, as SIOCDELTUNNEL does it */
void rtnl_tnl_unregister(struct rtnl_link *l);

#endif
