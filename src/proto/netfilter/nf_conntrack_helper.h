/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The conntrack helpers as the rest of the kernel finds them
 * (net/netfilter/nf_conntrack_helper.c's lookup, for tc's act_ct): the
 * world's helpers of nfnetlink_cthelper.c, the only ones unetlink has
 * (no helper module is loadable).  Not installed.
 */
#ifndef UNETLINK_PROTO_NF_CONNTRACK_HELPER_H
#define UNETLINK_PROTO_NF_CONNTRACK_HELPER_H

#include <stdint.h>

#include <unetlink/kernel.h>

struct nf_ct_helper;

/* nf_conntrack_helper_try_module_get(): a reference on the helper
 * named name for layer 3 protocol l3num and layer 4 l4num, which is
 * returned; NULL when there is none.  A helper held is not deleted
 * (EBUSY). */
struct nf_ct_helper *nf_ct_helper_try_get(struct unl_net *net,
					  const char *name, uint16_t l3num,
					  uint8_t l4num);
/* nf_conntrack_helper_put(): that reference dropped */
void nf_ct_helper_put(struct nf_ct_helper *helper);
/* what a dump shows of it (nf_conntrack_helper's name, nfproto and
 * l4proto) */
void nf_ct_helper_describe(const struct nf_ct_helper *helper,
			   const char **name, uint16_t *l3num, uint8_t *l4num);

#endif
