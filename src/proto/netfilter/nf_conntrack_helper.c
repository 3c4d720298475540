// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's conntrack helpers (net/netfilter/nf_conntrack_ftp.c,
 * _tftp.c, _sip.c, ...): what each module registers in the helper hash,
 * by name, layer 3 protocol and layer 4 protocol, for
 * __nf_conntrack_helper_find() to find when ctnetlink's CTA_HELP names
 * one.  A module is there when the profile has its Kconfig symbol.  No
 * packet flows, so a helper only shows as its name on an entry.
 */
#include <string.h>

#include <netinet/in.h>
#include <linux/netfilter.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_conntrack.h"

struct nf_ct_kernel_helper {
	const char *name;
	uint8_t l3num; /* NFPROTO_UNSPEC: either */
	uint8_t l4num;
	const char *feature;
};

/* Each module's nf_ct_helper_init() calls, one line a name, family and
 * protocol (the ports it registers for do not matter to a lookup). */
static const struct nf_ct_kernel_helper nf_ct_kernel_helpers[] = {
	{ "ftp", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_FTP" },
	{ "ftp", NFPROTO_IPV6, IPPROTO_TCP, "NF_CONNTRACK_FTP" },
	{ "tftp", NFPROTO_IPV4, IPPROTO_UDP, "NF_CONNTRACK_TFTP" },
	{ "tftp", NFPROTO_IPV6, IPPROTO_UDP, "NF_CONNTRACK_TFTP" },
	{ "sip", NFPROTO_IPV4, IPPROTO_UDP, "NF_CONNTRACK_SIP" },
	{ "sip", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_SIP" },
	{ "sip", NFPROTO_IPV6, IPPROTO_UDP, "NF_CONNTRACK_SIP" },
	{ "sip", NFPROTO_IPV6, IPPROTO_TCP, "NF_CONNTRACK_SIP" },
	{ "irc", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_IRC" },
	{ "amanda", NFPROTO_IPV4, IPPROTO_UDP, "NF_CONNTRACK_AMANDA" },
	{ "amanda", NFPROTO_IPV6, IPPROTO_UDP, "NF_CONNTRACK_AMANDA" },
	{ "RAS", NFPROTO_IPV4, IPPROTO_UDP, "NF_CONNTRACK_H323" },
	{ "RAS", NFPROTO_IPV6, IPPROTO_UDP, "NF_CONNTRACK_H323" },
	{ "Q.931", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_H323" },
	{ "Q.931", NFPROTO_IPV6, IPPROTO_TCP, "NF_CONNTRACK_H323" },
	{ "pptp", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_PPTP" },
	{ "sane", NFPROTO_IPV4, IPPROTO_TCP, "NF_CONNTRACK_SANE" },
	{ "sane", NFPROTO_IPV6, IPPROTO_TCP, "NF_CONNTRACK_SANE" },
	{ "snmp", NFPROTO_IPV4, IPPROTO_UDP, "NF_CONNTRACK_SNMP" },
	{ "netbios-ns", NFPROTO_IPV4, IPPROTO_UDP,
	  "NF_CONNTRACK_NETBIOS_NS" },
};

const char *nf_ct_kernel_helper_find(const struct unl_profile *p,
				     const char *name, uint8_t l3num,
				     uint8_t l4num)
{
	for (size_t i = 0; i < sizeof(nf_ct_kernel_helpers) /
				   sizeof(nf_ct_kernel_helpers[0]);
	     i++) {
		const struct nf_ct_kernel_helper *h = &nf_ct_kernel_helpers[i];

		if (!strcmp(h->name, name) &&
		    (h->l3num == NFPROTO_UNSPEC || h->l3num == l3num) &&
		    h->l4num == l4num &&
		    unl_profile_has(p, UNL_PROFILE_FEATURE, h->feature))
			return h->name;
	}
	return NULL;
}
