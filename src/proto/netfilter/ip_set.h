/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The sets of ip_set_core.c as the rest of netfilter uses them, like
 * the kernel interface of include/linux/netfilter/ipset/ip_set.h: the
 * xt "set" match and "SET" target hold a set by its index, and
 * iptables asks for names and indexes through getsockopt(SO_IP_SET).
 * Not installed.
 */
#ifndef UNETLINK_PROTO_IP_SET_H
#define UNETLINK_PROTO_IP_SET_H

#include <stdint.h>

#include <unetlink/kernel.h>

/* ip_set_nfnl_get_byindex(): a reference on the set at index of net,
 * which is returned; IPSET_INVALID_ID when there is none. */
uint16_t ip_set_nfnl_get_byindex(struct unl_net *net, uint16_t index);
/* ip_set_nfnl_put(): that reference dropped */
void ip_set_nfnl_put(struct unl_net *net, uint16_t index);
/* ip_set_sockfn_get(): one SO_IP_SET request of len bytes (what the
 * caller's optlen said) in data, answered in place; 0 or -errno
 * (-ENOPROTOOPT: the net's kernel has no ip_set). */
int ip_set_sockfn_get(struct unl_net *net, void *data, int len);

#endif
