// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The per-device configuration a new namespace starts with: IPv4's
 * ipv4_devconf / ipv4_devconf_dflt and IPv6's ipv6_devconf /
 * ipv6_devconf_dflt, as the IFLA_INET_CONF and IFLA_INET6_CONF blobs
 * and netconf report them, taken from the net's kernel profile.
 *
 * Each entry of a blob is one sysctl of net.ipv4.conf.* or
 * net.ipv6.conf.*.  Its value is the profile's when the profile sets it
 * (the host profile sets every sysctl its kernel has), else the kernel's
 * built-in default; an entry whose feature the kernel lacks is 0, as
 * Linux leaves what it does not fill in the blob.
 */
#include <stdio.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/route-private.h"

/* How a sysctl's value becomes the blob's: some sysctls count seconds
 * where the blob counts milliseconds. */
enum { DC_PLAIN, DC_SEC_TO_MS };

struct devconf_entry {
	const char *name;    /* the sysctl, under net.ipvN.conf.X. */
	int32_t dflt;        /* ipvN_devconf_dflt's value */
	int32_t all;         /* ipvN_devconf's ("all") value */
	const char *feature; /* built only with this Kconfig symbol */
	uint8_t unit;
	int since; /* the kernel version that has it (617: 6.17), 0: all */
};

/* Indexed by IPV4_DEVCONF_* - 1. */
static const struct devconf_entry devconf4[RTNL_IPV4_DEVCONF_N] = {
	{ "forwarding", 0, 0, NULL, DC_PLAIN },
	{ "mc_forwarding", 0, 0, NULL, DC_PLAIN },
	{ "proxy_arp", 0, 0, NULL, DC_PLAIN },
	{ "accept_redirects", 1, 1, NULL, DC_PLAIN },
	{ "secure_redirects", 1, 1, NULL, DC_PLAIN },
	{ "send_redirects", 1, 1, NULL, DC_PLAIN },
	{ "shared_media", 1, 1, NULL, DC_PLAIN },
	{ "rp_filter", 0, 0, NULL, DC_PLAIN },
	{ "accept_source_route", 1, 0, NULL, DC_PLAIN },
	{ "bootp_relay", 0, 0, NULL, DC_PLAIN },
	{ "log_martians", 0, 0, NULL, DC_PLAIN },
	{ "tag", 0, 0, NULL, DC_PLAIN },
	{ "arp_filter", 0, 0, NULL, DC_PLAIN },
	{ "medium_id", 0, 0, NULL, DC_PLAIN },
	{ "disable_xfrm", 0, 0, NULL, DC_PLAIN },
	{ "disable_policy", 0, 0, NULL, DC_PLAIN },
	{ "force_igmp_version", 0, 0, NULL, DC_PLAIN },
	{ "arp_announce", 0, 0, NULL, DC_PLAIN },
	{ "arp_ignore", 0, 0, NULL, DC_PLAIN },
	{ "promote_secondaries", 0, 0, NULL, DC_PLAIN },
	{ "arp_accept", 0, 0, NULL, DC_PLAIN },
	{ "arp_notify", 0, 0, NULL, DC_PLAIN },
	{ "accept_local", 0, 0, NULL, DC_PLAIN },
	{ "src_valid_mark", 0, 0, NULL, DC_PLAIN },
	{ "proxy_arp_pvlan", 0, 0, NULL, DC_PLAIN },
	{ "route_localnet", 0, 0, NULL, DC_PLAIN },
	{ "igmpv2_unsolicited_report_interval", 10000, 10000, NULL, DC_PLAIN },
	{ "igmpv3_unsolicited_report_interval", 1000, 1000, NULL, DC_PLAIN },
	{ "ignore_routes_with_linkdown", 0, 0, NULL, DC_PLAIN },
	{ "drop_unicast_in_l2_multicast", 0, 0, NULL, DC_PLAIN },
	{ "drop_gratuitous_arp", 0, 0, NULL, DC_PLAIN },
	{ "bc_forwarding", 0, 0, NULL, DC_PLAIN },
	{ "arp_evict_nocarrier", 1, 1, NULL, DC_PLAIN },
};

/* Indexed by DEVCONF_* (uapi linux/ipv6.h; 6.18 has 60). */
static const struct devconf_entry devconf6[RTNL_IPV6_DEVCONF_N] = {
	{ "forwarding", 0, 0, NULL, DC_PLAIN },
	{ "hop_limit", 64, 64, NULL, DC_PLAIN },
	{ "mtu", 1280, 1280, NULL, DC_PLAIN },
	{ "accept_ra", 1, 1, NULL, DC_PLAIN },
	{ "accept_redirects", 1, 1, NULL, DC_PLAIN },
	{ "autoconf", 1, 1, NULL, DC_PLAIN },
	{ "dad_transmits", 1, 1, NULL, DC_PLAIN },
	{ "router_solicitations", -1, -1, NULL, DC_PLAIN },
	{ "router_solicitation_interval", 4000, 4000, NULL, DC_SEC_TO_MS },
	{ "router_solicitation_delay", 1000, 1000, NULL, DC_SEC_TO_MS },
	{ "use_tempaddr", 0, 0, NULL, DC_PLAIN },
	{ "temp_valid_lft", 604800, 604800, NULL, DC_PLAIN },
	{ "temp_prefered_lft", 86400, 86400, NULL, DC_PLAIN },
	{ "regen_max_retry", 3, 3, NULL, DC_PLAIN },
	{ "max_desync_factor", 600, 600, NULL, DC_PLAIN },
	{ "max_addresses", 16, 16, NULL, DC_PLAIN },
	{ "force_mld_version", 0, 0, NULL, DC_PLAIN },
	{ "accept_ra_defrtr", 1, 1, NULL, DC_PLAIN },
	{ "accept_ra_pinfo", 1, 1, NULL, DC_PLAIN },
	{ "accept_ra_rtr_pref", 1, 1, "IPV6_ROUTER_PREF", DC_PLAIN },
	{ "router_probe_interval", 60000, 60000, "IPV6_ROUTER_PREF",
	  DC_SEC_TO_MS },
	{ "accept_ra_rt_info_max_plen", 0, 0, "IPV6_ROUTE_INFO", DC_PLAIN },
	{ "proxy_ndp", 0, 0, NULL, DC_PLAIN },
	{ "optimistic_dad", 0, 0, "IPV6_OPTIMISTIC_DAD", DC_PLAIN },
	{ "accept_source_route", 0, 0, NULL, DC_PLAIN },
	{ "mc_forwarding", 0, 0, "IPV6_MROUTE", DC_PLAIN },
	{ "disable_ipv6", 0, 0, NULL, DC_PLAIN },
	{ "accept_dad", 1, 1, NULL, DC_PLAIN },
	{ "force_tllao", 0, 0, NULL, DC_PLAIN },
	{ "ndisc_notify", 0, 0, NULL, DC_PLAIN },
	{ "mldv1_unsolicited_report_interval", 10000, 10000, NULL, DC_PLAIN },
	{ "mldv2_unsolicited_report_interval", 1000, 1000, NULL, DC_PLAIN },
	{ "suppress_frag_ndisc", 1, 1, NULL, DC_PLAIN },
	{ "accept_ra_from_local", 0, 0, NULL, DC_PLAIN },
	{ "use_optimistic", 0, 0, "IPV6_OPTIMISTIC_DAD", DC_PLAIN },
	{ "accept_ra_mtu", 1, 1, NULL, DC_PLAIN },
	{ NULL, 0, 0, NULL, DC_PLAIN }, /* stable_secret: not in the blob */
	{ "use_oif_addrs_only", 0, 0, NULL, DC_PLAIN },
	{ "accept_ra_min_hop_limit", 1, 1, NULL, DC_PLAIN },
	{ "ignore_routes_with_linkdown", 0, 0, NULL, DC_PLAIN },
	{ "drop_unicast_in_l2_multicast", 0, 0, NULL, DC_PLAIN },
	{ "drop_unsolicited_na", 0, 0, NULL, DC_PLAIN },
	{ "keep_addr_on_down", 0, 0, NULL, DC_PLAIN },
	{ "router_solicitation_max_interval", 3600000, 3600000, NULL,
	  DC_SEC_TO_MS },
	{ "seg6_enabled", 0, 0, NULL, DC_PLAIN },
	{ "seg6_require_hmac", 0, 0, "IPV6_SEG6_HMAC", DC_PLAIN },
	{ "enhanced_dad", 1, 1, NULL, DC_PLAIN },
	{ "addr_gen_mode", 0, 0, NULL, DC_PLAIN },
	{ "disable_policy", 0, 0, NULL, DC_PLAIN },
	{ "accept_ra_rt_info_min_plen", 0, 0, "IPV6_ROUTE_INFO", DC_PLAIN },
	{ "ndisc_tclass", 0, 0, NULL, DC_PLAIN },
	{ "rpl_seg_enabled", 0, 0, NULL, DC_PLAIN },
	{ "ra_defrtr_metric", 1024, 1024, NULL, DC_PLAIN },
	{ "ioam6_enabled", 0, 0, NULL, DC_PLAIN },
	{ "ioam6_id", 65535, 65535, NULL, DC_PLAIN },
	{ "ioam6_id_wide", -1, -1, NULL, DC_PLAIN },
	{ "ndisc_evict_nocarrier", 1, 1, NULL, DC_PLAIN },
	{ "accept_untracked_na", 0, 0, NULL, DC_PLAIN },
	{ "accept_ra_min_lft", 0, 0, NULL, DC_PLAIN },
	{ "force_forwarding", 0, 0, NULL, DC_PLAIN, 617 },
};

const char *const rtnl_cnf6x_name[RTNL_CNF6X_N] = {
	[RTNL_CNF6X_RA_HONOR_PIO_LIFE] = "ra_honor_pio_life",
	[RTNL_CNF6X_RA_HONOR_PIO_PFLAG] = "ra_honor_pio_pflag",
	[RTNL_CNF6X_REGEN_MIN_ADVANCE] = "regen_min_advance",
};

/* ipv6_devconf's and ipv6_devconf_dflt's values of those */
static const int32_t cnf6x_default[RTNL_CNF6X_N] = {
	[RTNL_CNF6X_REGEN_MIN_ADVANCE] = 2, /* REGEN_MIN_ADVANCE */
};

static bool entry_offered(const struct unl_profile *p,
			  const struct devconf_entry *e)
{
	if (!e->name || !unl_profile_at_least(p, e->since))
		return false;
	return !e->feature || unl_profile_has(p, UNL_PROFILE_FEATURE, e->feature);
}

/* One blob: for each entry, the profile's value of
 * net.<proto>.conf.<which>.<name>, else the built-in one. */
static void devconf_fill(const struct unl_profile *p, const char *proto,
			 const char *which, const struct devconf_entry *tab,
			 int n, int32_t *out)
{
	for (int i = 0; i < n; i++) {
		const struct devconf_entry *e = &tab[i];
		char key[128];
		long v;

		out[i] = 0;
		if (!entry_offered(p, e))
			continue;
		out[i] = strcmp(which, "all") ? e->dflt : e->all;
		snprintf(key, sizeof(key), "net.%s.conf.%s.%s", proto, which,
			 e->name);
		if (unl_profile_sysctl_int(p, key, &v))
			continue;
		if (e->unit == DC_SEC_TO_MS)
			v *= 1000;
		/* u32 sysctls (ioam6_id_wide) are s32 in the blob */
		out[i] = (int32_t)(uint32_t)v;
	}
}

void rtnl_devconf_init(struct rtnl_net *rn)
{
	const struct unl_profile *p = unl_net_profile(rn->net);

	devconf_fill(p, "ipv4", "all", devconf4, RTNL_IPV4_DEVCONF_N,
		     rn->cnf4_all);
	devconf_fill(p, "ipv4", "default", devconf4, RTNL_IPV4_DEVCONF_N,
		     rn->cnf4_dflt);
	devconf_fill(p, "ipv6", "all", devconf6, RTNL_IPV6_DEVCONF_N,
		     rn->cnf6_all);
	devconf_fill(p, "ipv6", "default", devconf6, RTNL_IPV6_DEVCONF_N,
		     rn->cnf6_dflt);
	for (int i = 0; i < RTNL_CNF6X_N; i++) {
		char key[128];
		long v;

		rn->cnf6x_all[i] = rn->cnf6x_dflt[i] = cnf6x_default[i];
		snprintf(key, sizeof(key), "net.ipv6.conf.all.%s",
			 rtnl_cnf6x_name[i]);
		if (!unl_profile_sysctl_int(p, key, &v))
			rn->cnf6x_all[i] = (int32_t)v;
		snprintf(key, sizeof(key), "net.ipv6.conf.default.%s",
			 rtnl_cnf6x_name[i]);
		if (!unl_profile_sysctl_int(p, key, &v))
			rn->cnf6x_dflt[i] = (int32_t)v;
	}
}

/* The sysctl of entry i of a family's blob, and whether the sysctl
 * counts seconds where the blob counts milliseconds. */
const char *rtnl_devconf_name(const struct rtnl_net *rn, int family, int i,
			      bool *sec_to_ms)
{
	const struct unl_profile *p = unl_net_profile(rn->net);
	const struct devconf_entry *e;

	if (family == AF_INET && i >= 0 && i < RTNL_IPV4_DEVCONF_N)
		e = &devconf4[i];
	else if (family == AF_INET6 && i >= 0 && i < RTNL_IPV6_DEVCONF_N)
		e = &devconf6[i];
	else
		return NULL;
	*sec_to_ms = e->unit == DC_SEC_TO_MS;
	/* a kernel built without the feature, or older, has no such
	 * sysctl */
	return entry_offered(p, e) ? e->name : NULL;
}
