/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ip_tables.c: the legacy xtables tables of a net (ip_tables,
 * ip6_tables, arp_tables), kept with netfilter's per-net state (nfnetlink.c) and
 * reached through the socket options of nf_sockopt.c.  Not installed.
 */
#ifndef UNETLINK_PROTO_XT_TABLES_H
#define UNETLINK_PROTO_XT_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unetlink/kernel.h>

/* One option of nfproto's tables (NFPROTO_IPV4, NFPROTO_IPV6,
 * NFPROTO_ARP), the net locked and its caller current: buf holds the
 * len bytes the option reads (cap of room); on success *out_len bytes
 * of it are the answer (a get's optval; SET_REPLACE's counters pointer
 * as 8 bytes, then the old counters).  0 or -errno, -ENOPROTOOPT when
 * the profile's kernel lacks the module. */
int xt_tables_sockopt(struct unl_net *net, int nfproto, bool set, int opt,
		      void *buf, size_t cap, uint32_t len, uint32_t *out_len);
/* The per-net state, and the /proc/net lists the profile's modules
 * make; exit frees the tables (and what their extensions hold). */
int xt_tables_net_init(struct unl_net *net, void **priv);
void xt_tables_net_exit(struct unl_net *net, void *priv);

#endif
