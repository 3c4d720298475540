/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The conntrack helpers as the rest of the kernel finds them
 * (net/netfilter/nf_conntrack_helper.c's lookups, for nf_tables' ct
 * helper objects and tc's act_ct): one table, the kernel's helper
 * modules the profile has (nf_conntrack_helper.c) and the world's
 * userspace helpers (nfnetlink_cthelper.c).  Not installed.
 */
#ifndef UNETLINK_PROTO_NF_CONNTRACK_HELPER_H
#define UNETLINK_PROTO_NF_CONNTRACK_HELPER_H

#include <stdbool.h>
#include <stdint.h>

#include <unetlink/kernel.h>

struct unl_profile;

/* What either kind of helper starts with. */
struct nf_ct_helper {
	bool user; /* nfnetlink_cthelper's, else a kernel module's */
};

/* nf_conntrack_helper_try_module_get(): a reference on the helper
 * named name for layer 3 protocol l3num and layer 4 l4num, which is
 * returned; NULL when there is none.  A userspace helper held is not
 * deleted (EBUSY). */
struct nf_ct_helper *nf_ct_helper_try_get(struct unl_net *net,
					  const char *name, uint16_t l3num,
					  uint8_t l4num);
/* nf_conntrack_helper_put(): that reference dropped */
void nf_ct_helper_put(struct nf_ct_helper *helper);
/* what a dump shows of it (nf_conntrack_helper's name, nfproto and
 * l4proto) */
void nf_ct_helper_describe(const struct nf_ct_helper *helper,
			   const char **name, uint16_t *l3num, uint8_t *l4num);
/* nf_nat_helper_try_module_get(): 0 when the helper's NAT module is
 * there, else -ENOENT (a userspace helper names none). */
int nf_nat_helper_try_get(struct unl_net *net,
			  const struct nf_ct_helper *helper);
/* nf_conntrack_helper_register()'s check: a kernel helper of profile p
 * already has the name and protocols (EBUSY). */
bool nf_ct_kernel_helper_taken(const struct unl_profile *p, const char *name,
			       uint16_t l3num, uint8_t l4num);

/* nfnetlink_cthelper.c: the same for the world's userspace helpers */
struct nf_ct_helper *nfnl_cthelper_try_get(struct unl_net *net,
					   const char *name, uint16_t l3num,
					   uint8_t l4num);
void nfnl_cthelper_put(struct nf_ct_helper *helper);
void nfnl_cthelper_describe(const struct nf_ct_helper *helper,
			    const char **name, uint16_t *l3num,
			    uint8_t *l4num);
/* For ctnetlink's CTA_HELP: the userspace helper called name for the
 * protocols, as its birth (unique in the world, never 0), or 0; and
 * the name and private data size of the helper of that birth, or NULL
 * when it is gone. */
uint64_t nfnl_cthelper_find(struct unl_net *net, const char *name,
			    uint16_t l3num, uint8_t l4num);
const char *nfnl_cthelper_by_birth(struct unl_net *net, uint64_t born,
				   uint32_t *data_len);
/* The policy of class of the userspace helper of that birth (its name
 * the helper's, valid while it lives): false when the helper is gone
 * or has no such class (past its expect_class_max). */
struct nf_ct_expect_policy;
bool nfnl_cthelper_expect_policy(struct unl_net *net, uint64_t born,
				 uint32_t class,
				 struct nf_ct_expect_policy *out);

#endif
