/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nft_compat's catalogue of xtables extensions (struct xt_match and
 * xt_target as registered), shared by nft_compat.c and the extensions
 * of nft_compat_ext.c.  Not installed.
 */
#ifndef UNETLINK_PROTO_NFT_COMPAT_H
#define UNETLINK_PROTO_NFT_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netfilter.h>

#include "proto/netfilter/nf_tables.h"
#include "proto/netfilter/nfnetlink.h"

#define FAM(f) (1u << (f))
#define F4 FAM(NFPROTO_IPV4)
#define F6 FAM(NFPROTO_IPV6)
#define FARP FAM(NFPROTO_ARP)
/* registered for NFPROTO_UNSPEC: found from every family */
#define FALL FAM(NFPROTO_UNSPEC)

#define HOOK(h) (1u << NF_INET_##h)

/* What an extension's checkentry sees (struct xt_mtchk_param and
 * xt_tgchk_param, and the entry's protocol). */
struct xt_check {
	void *info; /* a checkentry may complete it (xt_set's v0) */
	uint8_t family;
	uint32_t hook_mask;
	uint16_t proto;
	bool inv;
	uint32_t size; /* of the info as given (a variable one) */
	struct unl_net *net;
	const struct unl_profile *profile;
	const char *table;
};

/* One registered match or target revision (struct xt_match,
 * xt_target). */
struct xt_ext {
	const char *name;
	bool target;
	uint8_t rev;
	uint32_t families;
	const char *feature; /* its module's Kconfig symbol; NULL: x_tables */
	uint16_t size;       /* matchsize, targetsize */
	uint16_t usersize;   /* what a dump shows of it; 0: all */
	const char *table;   /* only in this table */
	uint32_t hooks;      /* only from these hooks; 0: any */
	uint8_t proto;       /* only for this protocol; 0: any */
	int (*check)(const struct xt_check *par);
	/* what check took, given back (xt_mtdtor_param's destroy) */
	void (*destroy)(struct unl_net *net, const void *info,
			uint8_t family);
	bool variable; /* of any size its check accepts (matchsize -1) */
};

#define MATCH(n, r, fam, feat, sz, ...)                                    \
	{ .name = (n), .rev = (r), .families = (fam), .feature = (feat),   \
	  .size = (uint16_t)(sz), __VA_ARGS__ }
#define TARGET(n, r, fam, feat, sz, ...)                                   \
	{ .name = (n), .target = true, .rev = (r), .families = (fam),      \
	  .feature = (feat), .size = (uint16_t)(sz), __VA_ARGS__ }

/* nft_compat_ext.c: physdev, hashlimit, recent; ebtables' and
 * arptables' extensions */
extern const struct xt_ext xt_catalogue_ext[];
extern const size_t xt_catalogue_ext_count;
/* nft_compat's per-net state: recent's and hashlimit's tables */
int xt_ext_net_init(struct nfnl_net *nn, void **priv);
void xt_ext_net_exit(void *priv);

#endif
