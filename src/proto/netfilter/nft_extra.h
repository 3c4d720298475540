/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The expressions of the nft_*.c files that came after the first ones
 * (byteorder, exthdr, rt, socket, osf, tproxy, synproxy, hash, numgen,
 * connlimit, last, xfrm, dup, fwd, queue), and what they share.  Kept
 * apart from nf_tables.h so that they grow without touching it.
 * Not installed.
 */
#ifndef UNETLINK_PROTO_NFT_EXTRA_H
#define UNETLINK_PROTO_NFT_EXTRA_H

#include <errno.h>

#include "proto/netfilter/nf_tables.h"

/* nft_parse_u32_check(): a be32 no greater than max, else -ERANGE. */
static inline int nft_parse_u32_check(const struct nlattr *a, uint32_t max,
				      uint32_t *v)
{
	uint32_t x = nft_get_be32(a);

	if (x > max)
		return -ERANGE;
	*v = x;
	return 0;
}

/* A bit per NFPROTO_* for nft_expr_ops.families */
#define NFT_FAM_(f) (1u << (f))
/* The families of the IP modules (nft_*_ipv4/ipv6 and inet) */
#define NFT_FAMS_IP_ (NFT_FAM_(NFPROTO_IPV4) | NFT_FAM_(NFPROTO_IPV6) | \
		      NFT_FAM_(NFPROTO_INET))

extern const struct nft_expr_ops nft_byteorder_ops;
extern const struct nft_expr_ops nft_exthdr_ops;
extern const struct nft_expr_ops nft_rt_ops;
extern const struct nft_expr_ops nft_xfrm_ops;
extern const struct nft_expr_ops nft_socket_ops;
extern const struct nft_expr_ops nft_osf_ops;
extern const struct nft_expr_ops nft_tproxy_ops;
extern const struct nft_expr_ops nft_synproxy_ops;
extern const struct nft_expr_ops nft_hash_ops;
extern const struct nft_expr_ops nft_numgen_ops;
extern const struct nft_expr_ops nft_connlimit_ops;
extern const struct nft_expr_ops nft_last_ops;
extern const struct nft_expr_ops nft_dup_ipv4_ops;
extern const struct nft_expr_ops nft_dup_ipv6_ops;
extern const struct nft_expr_ops nft_dup_netdev_ops;
extern const struct nft_expr_ops nft_fwd_netdev_ops;
extern const struct nft_expr_ops nft_queue_ops;
/* nft_inner.c: inner (Linux 6.2) and tunnel; the payload and meta
 * that inner wraps (nft_expr.c) */
extern const struct nft_expr_ops nft_inner_ops;
extern const struct nft_expr_ops nft_tunnel_ops;
extern const struct nft_expr_ops nft_payload_inner_ops;
extern const struct nft_expr_ops nft_meta_inner_ops;
/* What the uapi headers of an older system may lack (Linux 6.2 added
 * them); the numbers are the kernel's. */
#define NFT_PAYLOAD_TUN_HEADER_ 4
/* nft_expr_type_get(): the expression type called name that the net's
 * kernel has for family, or NULL. */
const struct nft_expr_ops *nft_expr_type_get(const struct nft_net *nft,
					     uint8_t family,
					     const struct nlattr *name);
/* nft_compat.c: xtables extensions */
extern const struct nft_expr_ops nft_match_ops;
extern const struct nft_expr_ops nft_target_ops;

/* The state of the stateful object types beyond counter, quota and
 * limit (nf_tables_obj.c): nft_ct_obj.c's and nft_synproxy.c's. */
extern const struct nft_expr_ops nft_ct_helper_obj_ops;
extern const struct nft_expr_ops nft_ct_timeout_obj_ops;
extern const struct nft_expr_ops nft_ct_expect_obj_ops;
extern const struct nft_expr_ops nft_secmark_obj_ops;
extern const struct nft_expr_ops nft_synproxy_obj_ops;
/* nf_ct_netns_get(): conntrack for the table's family; -EPROTO where
 * there is none (arp, netdev, and bridge without nf_conntrack_bridge) */
int nft_ct_netns_get(const struct nft_ctx *ctx);

#endif
