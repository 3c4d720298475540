/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ebtables.c: the legacy bridge tables of a net (ebtables-legacy), kept
 * with netfilter's per-net state (nfnetlink.c) and reached through the
 * socket options of nf_sockopt.c.  Not installed.
 */
#ifndef UNETLINK_PROTO_EBT_TABLES_H
#define UNETLINK_PROTO_EBT_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unetlink/kernel.h>

/* One ebtables option (EBT_SO_*), the net locked and its caller
 * current: buf holds plen bytes, the struct ebt_replace of optval then
 * (UNL_EBT_DATA) the block it points at, with cap bytes of room;
 * flags are unl_ebt_sockopt()'s.  On success *out_len bytes of buf
 * are the answer: GET_INFO's replace; GET_ENTRIES' counters then
 * entries; SET_ENTRIES' old counters.  -ENOBUFS (*out_len: the room
 * needed, nothing changed) when it is longer than cap. */
int ebt_sockopt(struct unl_net *net, bool set, int opt, unsigned int flags,
		void *buf, size_t plen, size_t cap, int32_t optlen,
		uint32_t *out_len);
int ebt_net_init(struct unl_net *net, void **priv);
void ebt_net_exit(struct unl_net *net, void *priv);

#endif
