// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's conntrack helpers (net/netfilter/nf_conntrack_ftp.c,
 * _tftp.c, _sip.c, ...): what each module registers in the helper hash,
 * by name, layer 3 protocol and layer 4 protocol, for
 * __nf_conntrack_helper_find() to find when ctnetlink's CTA_HELP names
 * one, and for nf_conntrack_helper_try_module_get() when nf_tables' ct
 * helper objects and tc's act_ct do, before the userspace helpers of
 * nfnetlink_cthelper.c (which may not take a kernel helper's name): one
 * table for all of them.  A module is there when the profile has its
 * Kconfig symbol, and so is the NAT module a helper names (nf_nat_ftp
 * ...).  No packet flows, so a helper only shows as its name.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <netinet/in.h>
#include <linux/netfilter.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nf_conntrack_helper.h"

struct nf_ct_kernel_helper {
	struct nf_ct_helper head; /* user: false */
	const char *name;
	uint8_t l3num; /* NFPROTO_UNSPEC: either */
	uint8_t l4num;
	const char *feature;
	/* the Kconfig symbol of the NAT module its nat_mod_name names
	 * (nf_ct_helper_init() gives each "nf_nat_NAME"), NULL when none
	 * registers (sane, snmp's own, netbios-ns, H.323's and pptp's
	 * helpers, which set none) */
	const char *nat;
};

/* Each module's nf_ct_helper_init() calls, one line a name, family and
 * protocol (the ports it registers for do not matter to a lookup);
 * nf_nat_snmp_basic registers snmp_trap itself. */
static const struct nf_ct_kernel_helper nf_ct_kernel_helpers[] = {
	{ { false }, "ftp", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_FTP", "NF_NAT_FTP" },
	{ { false }, "ftp", NFPROTO_IPV6, IPPROTO_TCP,
	  "NF_CONNTRACK_FTP", "NF_NAT_FTP" },
	{ { false }, "tftp", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_TFTP", "NF_NAT_TFTP" },
	{ { false }, "tftp", NFPROTO_IPV6, IPPROTO_UDP,
	  "NF_CONNTRACK_TFTP", "NF_NAT_TFTP" },
	{ { false }, "sip", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_SIP", "NF_NAT_SIP" },
	{ { false }, "sip", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_SIP", "NF_NAT_SIP" },
	{ { false }, "sip", NFPROTO_IPV6, IPPROTO_UDP,
	  "NF_CONNTRACK_SIP", "NF_NAT_SIP" },
	{ { false }, "sip", NFPROTO_IPV6, IPPROTO_TCP,
	  "NF_CONNTRACK_SIP", "NF_NAT_SIP" },
	{ { false }, "irc", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_IRC", "NF_NAT_IRC" },
	{ { false }, "amanda", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_AMANDA", "NF_NAT_AMANDA" },
	{ { false }, "amanda", NFPROTO_IPV6, IPPROTO_UDP,
	  "NF_CONNTRACK_AMANDA", "NF_NAT_AMANDA" },
	{ { false }, "RAS", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_H323", NULL },
	{ { false }, "RAS", NFPROTO_IPV6, IPPROTO_UDP,
	  "NF_CONNTRACK_H323", NULL },
	{ { false }, "Q.931", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_H323", NULL },
	{ { false }, "Q.931", NFPROTO_IPV6, IPPROTO_TCP,
	  "NF_CONNTRACK_H323", NULL },
	{ { false }, "pptp", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_PPTP", NULL },
	{ { false }, "sane", NFPROTO_IPV4, IPPROTO_TCP,
	  "NF_CONNTRACK_SANE", NULL },
	{ { false }, "sane", NFPROTO_IPV6, IPPROTO_TCP,
	  "NF_CONNTRACK_SANE", NULL },
	{ { false }, "snmp", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_SNMP", NULL },
	{ { false }, "netbios-ns", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_NETBIOS_NS", NULL },
	{ { false }, "snmp_trap", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_NAT_SNMP_BASIC", NULL },
};
static const struct nf_ct_kernel_helper *
nf_ct_kernel_helper_lookup(const struct unl_profile *p, const char *name,
			   uint8_t l3num, uint8_t l4num)
{
	for (size_t i = 0; i < sizeof(nf_ct_kernel_helpers) /
				   sizeof(nf_ct_kernel_helpers[0]);
	     i++) {
		const struct nf_ct_kernel_helper *h = &nf_ct_kernel_helpers[i];

		if (!strcmp(h->name, name) &&
		    (h->l3num == NFPROTO_UNSPEC || h->l3num == l3num) &&
		    h->l4num == l4num &&
		    unl_profile_has(p, UNL_PROFILE_FEATURE, h->feature))
			return h;
	}
	return NULL;
}

const char *nf_ct_kernel_helper_find(const struct unl_profile *p,
				     const char *name, uint8_t l3num,
				     uint8_t l4num)
{
	const struct nf_ct_kernel_helper *h =
		nf_ct_kernel_helper_lookup(p, name, l3num, l4num);

	return h ? h->name : NULL;
}

struct nf_ct_helper *nf_ct_helper_try_get(struct unl_net *net,
					  const char *name, uint16_t l3num,
					  uint8_t l4num)
{
	const struct nf_ct_kernel_helper *k;

	if (l3num > UINT8_MAX)
		return NULL;
	k = nf_ct_kernel_helper_lookup(unl_net_profile(net), name,
				       (uint8_t)l3num, l4num);
	/* never written through: a kernel helper holds no count */
	if (k)
		return (struct nf_ct_helper *)(uintptr_t)&k->head;
	return nfnl_cthelper_try_get(net, name, l3num, l4num);
}

void nf_ct_helper_put(struct nf_ct_helper *helper)
{
	if (helper && helper->user)
		nfnl_cthelper_put(helper);
}

void nf_ct_helper_describe(const struct nf_ct_helper *helper,
			   const char **name, uint16_t *l3num, uint8_t *l4num)
{
	const struct nf_ct_kernel_helper *k;

	if (helper->user) {
		nfnl_cthelper_describe(helper, name, l3num, l4num);
		return;
	}
	k = (const struct nf_ct_kernel_helper *)helper;
	*name = k->name;
	*l3num = k->l3num;
	*l4num = k->l4num;
}

int nf_nat_helper_try_get(struct unl_net *net,
			  const struct nf_ct_helper *helper)
{
	const struct nf_ct_kernel_helper *k =
		(const struct nf_ct_kernel_helper *)helper;

	if (helper->user || !k->nat ||
	    !unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     k->nat))
		return -ENOENT;
	return 0;
}

bool nf_ct_kernel_helper_taken(const struct unl_profile *p, const char *name,
			       uint16_t l3num, uint8_t l4num)
{
	return l3num <= UINT8_MAX &&
	       nf_ct_kernel_helper_lookup(p, name, (uint8_t)l3num, l4num);
}

/* Each helper module's expect_policy (their module parameters'
 * defaults: irc's max_dcc_channels 8 and dcc_timeout 300, snmp's and
 * netbios-ns' timeout 30 and 3); sip's four classes, the others' one. */
static const struct nf_ct_expect_policy sip_exp_policy[] = {
	{ 1, 3 * 60, "signalling" },
	{ 4, 3 * 60, "audio" },
	{ 4, 3 * 60, "video" },
	{ 2, 3 * 60, "image" },
};

static const struct {
	const char *name;
	struct nf_ct_expect_policy policy;
} nf_ct_expect_policies[] = {
	{ "ftp", { 1, 5 * 60, "" } },	  { "tftp", { 1, 5 * 60, "" } },
	{ "irc", { 8, 300, "" } },	  { "amanda", { 4, 180, "" } },
	{ "RAS", { 32, 240, "" } },	  { "Q.931", { 4 * 4 + 4, 240, "" } },
	{ "pptp", { 2, 5 * 60, "" } },	  { "sane", { 1, 5 * 60, "" } },
	{ "snmp", { 1, 30, "" } },	  { "netbios-ns", { 1, 3, "" } },
	{ "snmp_trap", { 0, 180, "" } },
};

const struct nf_ct_expect_policy *nf_ct_helper_expect_policy(const char *helper,
							     uint32_t class)
{
	if (!strcmp(helper, "sip"))
		return class < sizeof(sip_exp_policy) / sizeof(sip_exp_policy[0])
			       ? &sip_exp_policy[class]
			       : NULL;
	for (size_t i = 0; i < sizeof(nf_ct_expect_policies) /
				   sizeof(nf_ct_expect_policies[0]);
	     i++)
		if (!strcmp(nf_ct_expect_policies[i].name, helper))
			return class ? NULL : &nf_ct_expect_policies[i].policy;
	return NULL;
}
