/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the tunnel kinds share (ip_tunnel.c: ipip, gre, gretap, erspan,
 * vti; sit.c; ip6_tunnel.c: ip6tnl, vti6, ip6gre, ip6gretap,
 * ip6erspan): their attributes' raw values, the GRE and ERSPAN header
 * lengths, the inner protocols a kind takes, whether a net gets the
 * modules' fallback devices, and an ioctl's unregister.
 */
#ifndef UNETLINK_ROUTE_LINK_TUNNEL_H
#define UNETLINK_ROUTE_LINK_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

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

/* unregister_netdevice() of tunnel l, as SIOCDELTUNNEL does it */
void rtnl_tnl_unregister(struct rtnl_link *l);

#endif
