// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net: the per-device configuration of IPv4 and IPv6
 * (net/ipv4/devinet.c's devinet_sysctl, net/ipv6/addrconf.c's
 * addrconf_sysctl) read from the blobs the model keeps (devconf.c), and
 * net.ipv4.ip_forward.  Writes go through the proc_handlers' effects:
 * forwarding moves netconf and announces it (devinet_sysctl_forward(),
 * addrconf_sysctl_forward()).  Entries whose effects the model lacks
 * refuse writes with EOPNOTSUPP (docs/conformance.md).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netconf.h>

#include <unetlink/files.h>

#include "proto/route/route-private.h"

/* IPv6's sysctls outside the blob (addrconf_sysctl), with what a new
 * namespace reads there; stable_secret reads EIO until set. */
static const struct {
	const char *name;
	int value;
} extra6[] = {
	{ "ra_honor_pio_life", 0 },
	{ "ra_honor_pio_pflag", 0 },
	{ "regen_min_advance", 2 },
};

/* A conf directory: "all", "default" or a device's. */
struct conf_dir {
	int family;
	int32_t *cnf;          /* the blob */
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
		cd->ifindex = NETCONFA_IFINDEX_ALL;
		return 0;
	}
	if (n == 7 && !strncmp(name, "default", 7)) {
		cd->cnf = v4 ? rn->cnf4_dflt : rn->cnf6_dflt;
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
		for (size_t i = 0; i < sizeof(extra6) / sizeof(extra6[0]); i++)
			rtnl_dir_add(o, DT_REG, extra6[i].name);
		rtnl_dir_add(o, DT_REG, "stable_secret");
	}
	return 0;
}

static int entry_read(const struct rtnl_net *rn, const struct conf_dir *cd,
		      const char *name, struct rtnl_file_out *o)
{
	int i = entry_of(rn, cd->family, name);
	bool sec = false;
	int err;

	if (cd->family == AF_INET6 && !strcmp(name, "stable_secret")) {
		err = rtnl_file_begin(o, UNL_FILE_REG, 0600);
		/* addrconf_sysctl_stable_secret(): EIO while unset */
		return err ? err : -EIO;
	}
	if (i < 0 && cd->family == AF_INET6) {
		for (size_t k = 0; k < sizeof(extra6) / sizeof(extra6[0]); k++)
			if (!strcmp(extra6[k].name, name)) {
				err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
				if (!err)
					fprintf(o->out, "%d\n", extra6[k].value);
				return err;
			}
	}
	if (i < 0)
		return -ENOENT;
	rtnl_devconf_name(rn, cd->family, i, &sec);
	err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
	if (err)
		return err;
	/* proc_douintvec(): the one u32 of the blob */
	if (!strcmp(name, "ioam6_id_wide"))
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
	p = conf_path(rest, &family);
	if (!p || conf_split(rn, family, p, &cd, &entry) || !*entry)
		return false;
	return true;
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
 * (mcast.c reads when), and netconf tells. */
static void dev_forward_change(struct rtnl_net *rn, struct rtnl_link *l,
			       int v)
{
	l->fwd6_seq = v ? ++rn->mc_seq : 0;
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
		l->cnf6[RTNL_DEVCONF6_FORWARDING] = v;
		if (changed)
			dev_forward_change(rn, l, v);
	}
	if (!v != !old)
		rtnl_netconf_notify_attr(rn, AF_INET6, NETCONFA_FORWARDING,
					 NETCONFA_IFINDEX_ALL, NULL);
}

/* proc_dointvec() of a forwarding entry: an int, as given. */
static int conf_write(struct rtnl_net *rn, const struct conf_dir *cd,
		      const char *entry, const char *val)
{
	long v;

	if (strcmp(entry, "forwarding"))
		return entry_of(rn, cd->family, entry) >= 0 ? -EOPNOTSUPP
							: -ENOENT;
	if (rtnl_parse_long(val, &v) || v < INT32_MIN || v > INT32_MAX)
		return -EINVAL;
	if (cd->family == AF_INET)
		forward4(rn, cd, (int)v);
	else
		forward6(rn, cd, (int)v);
	return 0;
}

int rtnl_sysctl_write(struct rtnl_net *rn, const char *rest, const char *val)
{
	struct conf_dir cd;
	const char *p, *entry;
	int family, err;

	if (!strcmp(rest, "ipv4/ip_forward"))
		rest = "ipv4/conf/all/forwarding";
	p = conf_path(rest, &family);
	if (!p)
		return -EXDEV;
	err = conf_split(rn, family, p, &cd, &entry);
	if (err)
		return err;
	return conf_write(rn, &cd, entry, val);
}
