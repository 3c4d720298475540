// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net: the per-device configuration of IPv4 and IPv6
 * (net/ipv4/devinet.c's devinet_sysctl, net/ipv6/addrconf.c's
 * addrconf_sysctl) read from the blobs the model keeps (devconf.c), and
 * net.ipv4.ip_forward.  Writes go through the proc_handlers' effects:
 * forwarding moves netconf and announces it (devinet_sysctl_forward(),
 * addrconf_sysctl_forward()).  An entry whose effect needs traffic
 * (use_tempaddr, the MLD intervals, ...) is stored and reported, which
 * is all Linux visibly does (docs/conformance.md).  Other protocols'
 * trees are registered tables (src/core/sysctl.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/ipv6.h>
#include <linux/netconf.h>

#include <unetlink/files.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* IPv6's sysctls outside the blob (addrconf_sysctl): the index of
 * name among rtnl_cnf6x_name, or -1; stable_secret reads EIO until set. */
static int extra6_of(const char *name)
{
	for (int i = 0; i < RTNL_CNF6X_N; i++)
		if (!strcmp(rtnl_cnf6x_name[i], name))
			return i;
	return -1;
}

/* A conf directory: "all", "default" or a device's. */
struct conf_dir {
	int family;
	int32_t *cnf;          /* the blob */
	int32_t *cnfx;         /* IPv6's entries outside it */
	struct rtnl_link *dev; /* NULL for all and default */
	int ifindex;           /* NETCONFA_IFINDEX_* for those */
};

static int conf_dir_of(struct rtnl_net *rn, int family, const char *name,
		       size_t n, struct conf_dir *cd)
{
	bool v4 = family == AF_INET;

	cd->family = family;
	cd->dev = NULL;
	if (n == 3 && !strncmp(name, "all", 3)) {
		cd->cnf = v4 ? rn->cnf4_all : rn->cnf6_all;
		cd->cnfx = rn->cnf6x_all;
		cd->ifindex = NETCONFA_IFINDEX_ALL;
		return 0;
	}
	if (n == 7 && !strncmp(name, "default", 7)) {
		cd->cnf = v4 ? rn->cnf4_dflt : rn->cnf6_dflt;
		cd->cnfx = rn->cnf6x_dflt;
		cd->ifindex = NETCONFA_IFINDEX_DEFAULT;
		return 0;
	}
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (strlen(l->name) != n || strncmp(l->name, name, n))
			continue;
		/* no inet6_dev, no ipv6/conf/DEV */
		if (!v4 && l->no_inet6)
			return -ENOENT;
		cd->cnf = v4 ? l->cnf4 : l->cnf6;
		cd->cnfx = l->cnf6x;
		cd->dev = l;
		cd->ifindex = l->ifindex;
		return 0;
	}
	return -ENOENT;
}

static int n_entries(int family)
{
	return family == AF_INET ? RTNL_IPV4_DEVCONF_N : RTNL_IPV6_DEVCONF_N;
}

/* The blob's entry a sysctl names, or -1. */
static int entry_of(const struct rtnl_net *rn, int family, const char *name)
{
	for (int i = 0; i < n_entries(family); i++) {
		bool sec;
		const char *e = rtnl_devconf_name(rn, family, i, &sec);

		if (e && !strcmp(e, name))
			return i;
	}
	return -1;
}

static int conf_listing(struct rtnl_net *rn, int family,
			struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);

	if (err)
		return err;
	rtnl_dir_add(o, DT_DIR, "all");
	rtnl_dir_add(o, DT_DIR, "default");
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (family == AF_INET || !l->no_inet6)
			rtnl_dir_add(o, DT_DIR, l->name);
	return 0;
}

static int entries_listing(const struct rtnl_net *rn, int family,
			   struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);

	if (err)
		return err;
	for (int i = 0; i < n_entries(family); i++) {
		bool sec;
		const char *e = rtnl_devconf_name(rn, family, i, &sec);

		if (e)
			rtnl_dir_add(o, DT_REG, e);
	}
	if (family == AF_INET6) {
		for (int i = 0; i < RTNL_CNF6X_N; i++)
			rtnl_dir_add(o, DT_REG, rtnl_cnf6x_name[i]);
		rtnl_dir_add(o, DT_REG, "stable_secret");
	}
	return 0;
}

/* The secret a conf directory holds, or NULL while unset (all: never). */
static const uint8_t *stable_secret_of(const struct rtnl_net *rn,
				       const struct conf_dir *cd)
{
	if (cd->dev)
		return cd->dev->stable_secret_set ? cd->dev->stable_secret
						  : NULL;
	if (cd->ifindex == NETCONFA_IFINDEX_DEFAULT)
		return rn->stable_secret_dflt_set ? rn->stable_secret_dflt
						  : NULL;
	return NULL;
}

/* mc_forwarding belongs to the multicast routing daemon: 0444. */
static bool entry_read_only(int family, const char *name)
{
	(void)family;
	return !strcmp(name, "mc_forwarding");
}

static bool is_mld_interval(const char *name)
{
	return !strcmp(name, "mldv1_unsolicited_report_interval") ||
	       !strcmp(name, "mldv2_unsolicited_report_interval");
}

static int entry_read(const struct rtnl_net *rn, const struct conf_dir *cd,
		      const char *name, struct rtnl_file_out *o)
{
	int i = entry_of(rn, cd->family, name);
	bool sec = false;
	int err;

	if (cd->family == AF_INET6 && !strcmp(name, "stable_secret")) {
		const uint8_t *secret = stable_secret_of(rn, cd);

		err = rtnl_file_begin(o, UNL_FILE_REG, 0600);
		/* addrconf_sysctl_stable_secret(): EIO while unset, and
		 * always for "all"; %pI6, every group of four digits */
		if (err || !secret)
			return err ? err : -EIO;
		for (int k = 0; k < 16; k += 2)
			fprintf(o->out, "%s%02x%02x", k ? ":" : "", secret[k],
				secret[k + 1]);
		fputc('\n', o->out);
		return 0;
	}
	if (i < 0 && cd->family == AF_INET6 && extra6_of(name) >= 0) {
		err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
		if (!err)
			fprintf(o->out, "%d\n", cd->cnfx[extra6_of(name)]);
		return err;
	}
	if (i < 0)
		return -ENOENT;
	rtnl_devconf_name(rn, cd->family, i, &sec);
	err = rtnl_file_begin(o, UNL_FILE_REG,
			      entry_read_only(cd->family, name) ? 0444 : 0644);
	if (err)
		return err;
	/* proc_douintvec(): the one u32 of the blob; the MLD intervals
	 * are jiffies_to_msecs(), unsigned */
	if (!strcmp(name, "ioam6_id_wide") || is_mld_interval(name))
		fprintf(o->out, "%u\n", (uint32_t)cd->cnf[i]);
	else
		fprintf(o->out, "%d\n", sec ? cd->cnf[i] / 1000 : cd->cnf[i]);
	return 0;
}

/* "ipv4/conf/..." and "ipv6/conf/...": the family and what follows. */
static const char *conf_path(const char *rest, int *family)
{
	const char *p;

	if ((p = rtnl_path_after(rest, "ipv4/conf"))) {
		*family = AF_INET;
		return p;
	}
	if ((p = rtnl_path_after(rest, "ipv6/conf"))) {
		*family = AF_INET6;
		return p;
	}
	return NULL;
}

/* Split "DIR/ENTRY" (ENTRY "" when absent). */
static int conf_split(struct rtnl_net *rn, int family, const char *p,
		      struct conf_dir *cd, const char **entry)
{
	const char *slash = strchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : strlen(p);

	*entry = slash ? slash + 1 : p + n;
	if (strchr(*entry, '/'))
		return -ENOENT;
	return conf_dir_of(rn, family, p, n, cd);
}

int rtnl_sysctl_get(struct rtnl_net *rn, const char *rest,
		    struct rtnl_file_out *o)
{
	struct conf_dir cd;
	const char *p, *entry;
	int family, err;

	if ((err = rtnl_neigh_sysctl_get(rn, rest, o)) != -EXDEV)
		return err;
	if ((err = rtnl_ipvs_sysctl_get(rn, rest, o)) != -EXDEV)
		return err;
	if (!strcmp(rest, "ipv4/ip_forward")) {
		err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
		if (!err)
			fprintf(o->out, "%d\n",
				rn->cnf4_all[RTNL_DEVCONF4_FORWARDING]);
		return err;
	}
	p = conf_path(rest, &family);
	if (!p)
		return -EXDEV;
	if (!*p)
		return conf_listing(rn, family, o);
	err = conf_split(rn, family, p, &cd, &entry);
	if (err)
		return err;
	if (!*entry)
		return entries_listing(rn, family, o);
	return entry_read(rn, &cd, entry, o);
}

bool rtnl_sysctl_writable(struct rtnl_net *rn, const char *rest)
{
	struct conf_dir cd;
	const char *p, *entry;
	int family;

	if (!strcmp(rest, "ipv4/ip_forward"))
		return true;
	if ((family = rtnl_neigh_sysctl_writable(rn, rest)) != -EXDEV)
		return family == 1;
	if ((family = rtnl_ipvs_sysctl_writable(rn, rest)) != -EXDEV)
		return family == 1;
	p = conf_path(rest, &family);
	if (!p || conf_split(rn, family, p, &cd, &entry) || !*entry)
		return false;
	return !entry_read_only(family, entry);
}

/* inet_forward_change(): "all" takes default and every device along,
 * each announced; all's accept_redirects follows the opposite way. */
static void forward4_all(struct rtnl_net *rn, int on)
{
	rn->cnf4_all[3 /* ACCEPT_REDIRECTS */] = !on;
	rn->cnf4_dflt[RTNL_DEVCONF4_FORWARDING] = on;
	rtnl_netconf_notify_attr(rn, AF_INET, NETCONFA_FORWARDING,
				 NETCONFA_IFINDEX_ALL, NULL);
	rtnl_netconf_notify_attr(rn, AF_INET, NETCONFA_FORWARDING,
				 NETCONFA_IFINDEX_DEFAULT, NULL);
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		l->cnf4[RTNL_DEVCONF4_FORWARDING] = on;
		rtnl_netconf_notify_attr(rn, AF_INET, NETCONFA_FORWARDING,
					 l->ifindex, l);
	}
}

/* devinet_sysctl_forward() */
static void forward4(struct rtnl_net *rn, const struct conf_dir *cd, int v)
{
	if (cd->cnf[RTNL_DEVCONF4_FORWARDING] == v)
		return;
	cd->cnf[RTNL_DEVCONF4_FORWARDING] = v;
	if (cd->ifindex == NETCONFA_IFINDEX_ALL)
		forward4_all(rn, v);
	else
		rtnl_netconf_notify_attr(rn, AF_INET, NETCONFA_FORWARDING,
					 cd->ifindex, cd->dev);
}

/* dev_forward_change(): the all-routers groups are joined or left
 * (mcast.c reads when), so are the subnet-router anycast addresses,
 * and netconf tells. */
static void dev_forward_change(struct rtnl_net *rn, struct rtnl_link *l,
			       int v)
{
	if (!v)
		rtnl_ac6_forward_change(rn, l, false);
	l->fwd6_seq = v ? rtnl_mc_tick(rn) : 0;
	if (v)
		rtnl_ac6_forward_change(rn, l, true);
	rtnl_netconf_notify_attr(rn, AF_INET6, NETCONFA_FORWARDING, l->ifindex,
				 l);
}

/* addrconf_fixup_forwarding() with addrconf_forward_change() and
 * dev_forward_change()'s announcement. */
static void forward6(struct rtnl_net *rn, const struct conf_dir *cd, int v)
{
	int old = cd->cnf[RTNL_DEVCONF6_FORWARDING];
	int old_dflt = rn->cnf6_dflt[RTNL_DEVCONF6_FORWARDING];

	cd->cnf[RTNL_DEVCONF6_FORWARDING] = v;
	if (cd->ifindex == NETCONFA_IFINDEX_DEFAULT) {
		if (old != v)
			rtnl_netconf_notify_attr(rn, AF_INET6,
						 NETCONFA_FORWARDING,
						 cd->ifindex, NULL);
		return;
	}
	if (cd->ifindex != NETCONFA_IFINDEX_ALL) {
		if (!old != !v)
			dev_forward_change(rn, cd->dev, v);
		return;
	}
	rn->cnf6_dflt[RTNL_DEVCONF6_FORWARDING] = v;
	if (!v != !old_dflt)
		rtnl_netconf_notify_attr(rn, AF_INET6, NETCONFA_FORWARDING,
					 NETCONFA_IFINDEX_DEFAULT, NULL);
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		bool changed = !l->cnf6[RTNL_DEVCONF6_FORWARDING] != !v;

		if (l->no_inet6)
			continue;
		/* addrconf_forward_change(): turning forwarding off turns
		 * every device's force_forwarding off, silently */
		if (!v)
			l->cnf6[RTNL_DEVCONF6_FORCE_FORWARDING] = 0;
		l->cnf6[RTNL_DEVCONF6_FORWARDING] = v;
		if (changed)
			dev_forward_change(rn, l, v);
	}
	if (!v != !old)
		rtnl_netconf_notify_attr(rn, AF_INET6, NETCONFA_FORWARDING,
					 NETCONFA_IFINDEX_ALL, NULL);
}

/* devinet_conf_ifindex() */
static int conf_ifindex(const struct conf_dir *cd)
{
	return cd->dev ? cd->dev->ifindex : cd->ifindex;
}

/* devinet_copy_dflt_conf(): a default reaches the devices that never
 * had entry i written (their bit in cnf4_set clear). */
static void copy_dflt4(struct rtnl_net *rn, int i)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (!(l->cnf4_set & (UINT64_C(1) << i)))
			l->cnf4[i] = rn->cnf4_dflt[i];
}

/* devinet_conf_proc(): any int; the entry counts as set on the device
 * from now on; netconf tells of rp_filter, proxy_arp and
 * ignore_routes_with_linkdown when they move. */
static int conf4_write(struct rtnl_net *rn, const struct conf_dir *cd,
		       int i, int v)
{
	int old = cd->cnf[i];
	int attr = i == RTNL_DEVCONF4_RP_FILTER ? NETCONFA_RP_FILTER
		   : i == RTNL_DEVCONF4_PROXY_ARP ? NETCONFA_PROXY_NEIGH
		   : i == RTNL_DEVCONF4_IGNORE_LINKDOWN
			   ? NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN
			   : 0;

	cd->cnf[i] = v;
	if (cd->dev)
		cd->dev->cnf4_set |= UINT64_C(1) << i;
	if (cd->ifindex == NETCONFA_IFINDEX_DEFAULT)
		copy_dflt4(rn, i);
	if (attr && old != v)
		rtnl_netconf_notify_attr(rn, AF_INET, attr, conf_ifindex(cd),
					 cd->dev);
	return 0;
}

/* addrconf_sysctl_proxy_ndp(), addrconf_fixup_linkdown(): netconf
 * tells; "all" takes every device and the default along for
 * ignore_routes_with_linkdown. */
static int conf6_netconf(struct rtnl_net *rn, const struct conf_dir *cd,
			 int i, int v, int attr)
{
	int old = cd->cnf[i];

	cd->cnf[i] = v;
	if (attr == NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN &&
	    cd->ifindex == NETCONFA_IFINDEX_ALL) {
		rn->cnf6_dflt[i] = v;
		for (struct rtnl_link *l = rn->links; l; l = l->next) {
			bool changed = l->cnf6[i] != v;

			if (l->no_inet6)
				continue;
			l->cnf6[i] = v;
			if (changed)
				rtnl_netconf_notify_attr(rn, AF_INET6, attr,
							 l->ifindex, l);
		}
	}
	if (old != v)
		rtnl_netconf_notify_attr(rn, AF_INET6, attr, conf_ifindex(cd),
					 cd->dev);
	return 0;
}

/* The IPv6 entries a write only stores (proc_dointvec, and
 * proc_dointvec_jiffies for the intervals kept in milliseconds), and
 * those with a range (proc_dointvec_minmax, addrconf_sysctl_mtu).
 * Anything else has effects not modelled: EOPNOTSUPP. */
static const struct {
	const char *name;
	long min, max;
} conf6_plain[] = {
	{ "accept_dad", INT32_MIN, INT32_MAX },
	{ "accept_ra", INT32_MIN, INT32_MAX },
	{ "accept_ra_defrtr", INT32_MIN, INT32_MAX },
	{ "accept_ra_from_local", INT32_MIN, INT32_MAX },
	{ "accept_ra_min_hop_limit", INT32_MIN, INT32_MAX },
	{ "accept_ra_min_lft", INT32_MIN, INT32_MAX },
	{ "accept_ra_mtu", INT32_MIN, INT32_MAX },
	{ "accept_ra_pinfo", INT32_MIN, INT32_MAX },
	{ "accept_ra_rt_info_max_plen", INT32_MIN, INT32_MAX },
	{ "accept_ra_rt_info_min_plen", INT32_MIN, INT32_MAX },
	{ "accept_ra_rtr_pref", INT32_MIN, INT32_MAX },
	{ "accept_redirects", INT32_MIN, INT32_MAX },
	{ "accept_source_route", INT32_MIN, INT32_MAX },
	{ "accept_untracked_na", 0, 2 },
	{ "autoconf", INT32_MIN, INT32_MAX },
	{ "dad_transmits", INT32_MIN, INT32_MAX },
	{ "drop_unicast_in_l2_multicast", INT32_MIN, INT32_MAX },
	{ "drop_unsolicited_na", INT32_MIN, INT32_MAX },
	{ "enhanced_dad", INT32_MIN, INT32_MAX },
	{ "force_mld_version", INT32_MIN, INT32_MAX },
	{ "force_tllao", INT32_MIN, INT32_MAX },
	{ "hop_limit", 1, 255 },
	{ "keep_addr_on_down", INT32_MIN, INT32_MAX },
	{ "ioam6_enabled", 0, 1 },
	{ "ioam6_id", 0, 65535 },
	{ "ioam6_id_wide", 0, UINT32_MAX },
	{ "max_addresses", INT32_MIN, INT32_MAX },
	{ "max_desync_factor", INT32_MIN, INT32_MAX },
	{ "ndisc_evict_nocarrier", 0, 1 },
	{ "ndisc_notify", INT32_MIN, INT32_MAX },
	{ "ndisc_tclass", 0, 255 },
	{ "optimistic_dad", INT32_MIN, INT32_MAX },
	{ "ra_defrtr_metric", 1, INT32_MAX },
	{ "regen_max_retry", INT32_MIN, INT32_MAX },
	{ "router_probe_interval", INT32_MIN / 1000, INT32_MAX / 1000 },
	{ "router_solicitation_delay", INT32_MIN / 1000, INT32_MAX / 1000 },
	{ "router_solicitation_interval", INT32_MIN / 1000, INT32_MAX / 1000 },
	{ "router_solicitation_max_interval", INT32_MIN / 1000,
	  INT32_MAX / 1000 },
	{ "router_solicitations", -1, INT32_MAX },
	{ "rpl_seg_enabled", 0, 1 },
	{ "seg6_enabled", INT32_MIN, INT32_MAX },
	{ "suppress_frag_ndisc", INT32_MIN, INT32_MAX },
	{ "temp_prefered_lft", INT32_MIN, INT32_MAX },
	{ "temp_valid_lft", INT32_MIN, INT32_MAX },
	{ "use_oif_addrs_only", INT32_MIN, INT32_MAX },
	{ "use_optimistic", INT32_MIN, INT32_MAX },
	/* temporary addresses come from router advertisements, and the
	 * policy lookups a route skips with disable_policy from packets:
	 * what Linux visibly does is store them */
	{ "use_tempaddr", INT32_MIN, INT32_MAX },
	{ "disable_policy", INT32_MIN, INT32_MAX },
	{ "seg6_require_hmac", INT32_MIN, INT32_MAX },
};

/* addrconf_sysctl_force_forwarding(): 0 or 1, announced with
 * NETCONFA_FORCE_FORWARDING when it changes; "all" takes every device
 * along, each announced when it changes. */
static int conf6_force_forwarding(struct rtnl_net *rn,
				  const struct conf_dir *cd, int i, long v)
{
	if (v < 0 || v > 1)
		return -EINVAL;
	if (cd->cnf[i] == v)
		return 0;
	cd->cnf[i] = (int32_t)v;
	rtnl_netconf_notify_attr(rn, AF_INET6, RTNL_NETCONFA_FORCE_FORWARDING,
				 conf_ifindex(cd), cd->dev);
	if (cd->dev || cd->ifindex != NETCONFA_IFINDEX_ALL)
		return 0;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		bool changed = !l->cnf6[i] != !v;

		if (l->no_inet6)
			continue;
		l->cnf6[i] = (int32_t)v;
		if (changed)
			rtnl_netconf_notify_attr(rn, AF_INET6,
						 RTNL_NETCONFA_FORCE_FORWARDING,
						 l->ifindex, l);
	}
	return 0;
}

/* The MLD report intervals (proc_dointvec_ms_jiffies): milliseconds
 * kept as jiffies, so a value reads back rounded up to a tick.  As
 * msecs_to_jiffies() takes them: cut to 32 bits, "negative" ones
 * refused. */
static int conf6_mld_interval(const struct rtnl_net *rn,
			      const struct conf_dir *cd, int i, const char *val)
{
	uint64_t hz = rn->net->hz > 0 ? (uint64_t)rn->net->hz : 100, jif;
	long v;
	uint32_t m;

	if (rtnl_parse_long(val, &v))
		return -EINVAL;
	m = (uint32_t)v;
	if ((int32_t)m < 0)
		return -EINVAL;
	jif = ((uint64_t)m * hz + 999) / 1000;
	if (jif > INT32_MAX)
		return -EINVAL;
	cd->cnf[i] = (int32_t)(uint32_t)(jif * 1000 / hz);
	return 0;
}

/* ra_honor_pio_life and ra_honor_pio_pflag (proc_dou8vec_minmax, 0 or
 * 1), regen_min_advance (proc_dointvec): stored; they shape what router
 * advertisements make, and none come. */
static int conf6_extra_write(const struct conf_dir *cd, int k, const char *val)
{
	long v;

	if (rtnl_parse_long(val, &v) || v < INT32_MIN || v > INT32_MAX)
		return -EINVAL;
	if (k != RTNL_CNF6X_REGEN_MIN_ADVANCE && (v < 0 || v > 1))
		return -EINVAL;
	cd->cnfx[k] = (int32_t)v;
	return 0;
}

/* addrconf_sysctl_mtu(): from IPV6_MIN_MTU to the device's MTU
 * (IP6_MAX_MTU for all and default). */
static int conf6_mtu(const struct conf_dir *cd, int i, long v)
{
	long max = cd->dev ? (long)cd->dev->mtu : 65535 + 40;

	if (v < RTNL_IPV6_MIN_MTU || v > max)
		return -EINVAL;
	cd->cnf[i] = (int32_t)v;
	return 0;
}

/* addrconf_disable_ipv6(): a device whose value changes between zero
 * and not zero loses or regains IPv6 (dev_disable_change()); "all"
 * sets every device and "default" too, "default" alone only stores. */
static int conf6_disable(struct rtnl_net *rn, const struct conf_dir *cd,
			 int i, int v)
{
	int old = cd->cnf[i];

	cd->cnf[i] = v;
	if (cd->dev) {
		if (!old != !v)
			rtnl_addr6_disable_change(rn, cd->dev);
		return 0;
	}
	if (cd->ifindex != NETCONFA_IFINDEX_ALL)
		return 0;
	rn->cnf6_dflt[i] = v;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		bool changed = !l->cnf6[i] != !v;

		if (l->no_inet6)
			continue;
		l->cnf6[i] = v;
		if (changed)
			rtnl_addr6_disable_change(rn, l);
	}
	return 0;
}

static void gen_mode_set(struct rtnl_net *rn, struct rtnl_link *l, int i,
			 int v)
{
	if (l->cnf6[i] == v)
		return;
	l->cnf6[i] = v;
	l->addr_gen_mode = (uint8_t)v;
	rtnl_addr6_gen_mode_change(rn, l);
}

/* addrconf_sysctl_addr_gen_mode(): one of the four modes (stable
 * privacy only with a secret); a device that changes mode gets the
 * link-local of the new one (addrconf_init_auto_addrs()), "all"
 * changes every device and "default". */
static int conf6_addr_gen_mode(struct rtnl_net *rn, const struct conf_dir *cd,
			       int i, long v)
{
	if (v < 0 || v > UINT32_MAX || v > IN6_ADDR_GEN_MODE_RANDOM)
		return -EINVAL;
	if (cd->dev) {
		if (v == IN6_ADDR_GEN_MODE_STABLE_PRIVACY &&
		    !cd->dev->stable_secret_set && !rn->stable_secret_dflt_set)
			return -EINVAL;
		gen_mode_set(rn, cd->dev, i, (int)v);
		return 0;
	}
	if (cd->ifindex == NETCONFA_IFINDEX_ALL) {
		rn->cnf6_dflt[i] = (int32_t)v;
		for (struct rtnl_link *l = rn->links; l; l = l->next)
			if (!l->no_inet6)
				gen_mode_set(rn, l, i, (int)v);
	}
	cd->cnf[i] = (int32_t)v;
	return 0;
}

/* addrconf_sysctl_stable_secret(): an IPv6 address (EIO otherwise, and
 * for "all"); the device, or with "default" every device, turns to
 * stable privacy, without a new address until one is made. */
static int conf6_stable_secret(struct rtnl_net *rn, const struct conf_dir *cd,
			       const char *val)
{
	char buf[64];
	uint8_t secret[16];
	size_t n = strcspn(val, "\n");

	if (!cd->dev && cd->ifindex == NETCONFA_IFINDEX_ALL)
		return -EIO;
	if (n >= sizeof(buf))
		return -EIO;
	memcpy(buf, val, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, secret) != 1)
		return -EIO;
	if (cd->dev) {
		memcpy(cd->dev->stable_secret, secret, 16);
		cd->dev->stable_secret_set = true;
		cd->dev->addr_gen_mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
		cd->dev->cnf6[DEVCONF_ADDR_GEN_MODE] =
			IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
		return 0;
	}
	memcpy(rn->stable_secret_dflt, secret, 16);
	rn->stable_secret_dflt_set = true;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->no_inet6)
			continue;
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
		l->cnf6[DEVCONF_ADDR_GEN_MODE] =
			IN6_ADDR_GEN_MODE_STABLE_PRIVACY;
	}
	return 0;
}

static int conf6_write(struct rtnl_net *rn, const struct conf_dir *cd,
		       const char *entry, int i, long v)
{
	bool sec;

	if (!strcmp(entry, "disable_ipv6"))
		return conf6_disable(rn, cd, i, (int)v);
	if (!strcmp(entry, "addr_gen_mode"))
		return conf6_addr_gen_mode(rn, cd, i, v);
	if (!strcmp(entry, "mtu"))
		return conf6_mtu(cd, i, v);
	if (!strcmp(entry, "proxy_ndp"))
		return conf6_netconf(rn, cd, i, (int)v, NETCONFA_PROXY_NEIGH);
	if (!strcmp(entry, "ignore_routes_with_linkdown"))
		return conf6_netconf(rn, cd, i, (int)v,
				     NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN);
	if (i == RTNL_DEVCONF6_FORCE_FORWARDING)
		return conf6_force_forwarding(rn, cd, i, v);
	for (size_t k = 0; k < sizeof(conf6_plain) / sizeof(conf6_plain[0]);
	     k++) {
		if (strcmp(entry, conf6_plain[k].name))
			continue;
		if (v < conf6_plain[k].min || v > conf6_plain[k].max)
			return -EINVAL;
		rtnl_devconf_name(rn, AF_INET6, i, &sec);
		cd->cnf[i] = (int32_t)(sec ? v * 1000 : v);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* One write of a conf entry: the proc_handler of each. */
static int conf_write(struct rtnl_net *rn, const struct conf_dir *cd,
		      const char *entry, const char *val)
{
	int i = entry_of(rn, cd->family, entry);
	long v;

	if (cd->family == AF_INET6 && !strcmp(entry, "stable_secret"))
		return conf6_stable_secret(rn, cd, val);
	if (i < 0 && cd->family == AF_INET6 && extra6_of(entry) >= 0)
		return conf6_extra_write(cd, extra6_of(entry), val);
	if (i < 0)
		return -ENOENT;
	if (cd->family == AF_INET6 && is_mld_interval(entry))
		return conf6_mld_interval(rn, cd, i, val);
	if (rtnl_parse_long(val, &v) || v < INT32_MIN ||
	    (v > INT32_MAX && strcmp(entry, "ioam6_id_wide")) || v > UINT32_MAX)
		return -EINVAL;
	if (!strcmp(entry, "forwarding")) {
		if (cd->family == AF_INET)
			forward4(rn, cd, (int)v);
		else
			forward6(rn, cd, (int)v);
		return 0;
	}
	if (cd->family == AF_INET)
		return conf4_write(rn, cd, i, (int)v);
	return conf6_write(rn, cd, entry, i, v);
}

int rtnl_sysctl_write(struct rtnl_net *rn, const char *rest, const char *val)
{
	struct conf_dir cd;
	const char *p, *entry;
	int family, err;

	if (!strcmp(rest, "ipv4/ip_forward"))
		rest = "ipv4/conf/all/forwarding";
	if ((err = rtnl_neigh_sysctl_write(rn, rest, val)) != -EXDEV)
		return err;
	if ((err = rtnl_ipvs_sysctl_write(rn, rest, val)) != -EXDEV)
		return err;
	p = conf_path(rest, &family);
	if (!p)
		return -EXDEV;
	err = conf_split(rn, family, p, &cd, &entry);
	if (err)
		return err;
	return conf_write(rn, &cd, entry, val);
}
