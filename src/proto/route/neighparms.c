// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net/ipv{4,6}/neigh/DEV: the parameters of the neighbour
 * tables (net/core/neighbour.c's neigh_sysctl_register(), called for
 * each device by devinet.c and addrconf.c).  A namespace other than the
 * initial one has no "default" directory there, only its devices', each
 * holding a copy of the table's defaults made when the device came.
 *
 * The model has no neighbour table parameters (no RTM_*NEIGHTBL), so a
 * device's read the defaults: the profile's net.ipv{4,6}.neigh.default.*
 * when it sets them (the host profile does), else Linux's built-in ones
 * (arp_tbl, nd_tbl).  Writes are refused with EOPNOTSUPP, never stored
 * without their effect on the table (docs/conformance.md).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <unetlink/files.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* NEIGH_VAR_* as the files show them: seconds, milliseconds, counts, or
 * USER_HZ ticks (centiseconds) for the proc_dointvec_userhz_jiffies
 * ones.  HZ_TICKS: IPv6's retrans_time, in the kernel's own ticks
 * (ndisc_ifinfo_sysctl_change() takes it with proc_dointvec_jiffies's
 * sibling), so its default is HZ. */
#define HZ_TICKS (-1)

static const struct neigh_param {
	const char *name;
	long v4, v6; /* Linux's defaults for arp_tbl and nd_tbl */
} neigh_params[] = {
	{ "anycast_delay", 100, 100 },
	{ "app_solicit", 0, 0 },
	{ "base_reachable_time", 30, 30 },
	{ "base_reachable_time_ms", 30000, 30000 },
	{ "delay_first_probe_time", 5, 5 },
	{ "gc_stale_time", 60, 60 },
	{ "interval_probe_time_ms", 5000, 5000 },
	{ "locktime", 100, 0 },
	{ "mcast_resolicit", 0, 0 },
	{ "mcast_solicit", 3, 3 },
	{ "proxy_delay", 80, 80 },
	{ "proxy_qlen", 64, 64 },
	{ "retrans_time", 100, HZ_TICKS },
	{ "retrans_time_ms", 1000, 1000 },
	{ "ucast_solicit", 3, 3 },
	{ "unres_qlen", 101, 101 },
	{ "unres_qlen_bytes", 212992, 212992 },
};

#define N_PARAMS (sizeof(neigh_params) / sizeof(neigh_params[0]))

/* "ipv4/neigh/..." or "ipv6/neigh/...": what follows, and the family. */
static const char *neigh_path(const char *rest, int *family)
{
	const char *p;

	if ((p = rtnl_path_after(rest, "ipv4/neigh"))) {
		*family = AF_INET;
		return p;
	}
	if ((p = rtnl_path_after(rest, "ipv6/neigh"))) {
		*family = AF_INET6;
		return p;
	}
	return NULL;
}

/* The device whose directory name (n bytes) is: devinet registers one
 * for every device, addrconf for those with an inet6_dev. */
static struct rtnl_link *neigh_dev(struct rtnl_net *rn, int family,
				   const char *name, size_t n)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (strlen(l->name) == n && !strncmp(l->name, name, n))
			return family == AF_INET6 && l->no_inet6 ? NULL : l;
	return NULL;
}

static const struct neigh_param *param_of(const char *name)
{
	for (size_t i = 0; i < N_PARAMS; i++)
		if (!strcmp(neigh_params[i].name, name))
			return &neigh_params[i];
	return NULL;
}

static long param_value(const struct rtnl_net *rn, int family,
			const struct neigh_param *p)
{
	char key[96];
	long v;

	snprintf(key, sizeof(key), "net.%s.neigh.default.%s",
		 family == AF_INET ? "ipv4" : "ipv6", p->name);
	if (!unl_profile_sysctl_int(rn->net->profile, key, &v))
		return v;
	v = family == AF_INET ? p->v4 : p->v6;
	return v == HZ_TICKS ? rn->net->hz : v;
}

/* Resolve "DEV" or "DEV/NAME" to the device and the parameter (NULL
 * for the directory itself): 0 or -ENOENT. */
static int neigh_split(struct rtnl_net *rn, int family, const char *p,
		       const struct neigh_param **param)
{
	const char *slash = strchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : strlen(p);

	*param = NULL;
	if (!neigh_dev(rn, family, p, n))
		return -ENOENT;
	if (!slash)
		return 0;
	*param = param_of(slash + 1);
	return *param ? 0 : -ENOENT;
}

int rtnl_neigh_sysctl_get(struct rtnl_net *rn, const char *rest,
			  struct rtnl_file_out *o)
{
	const struct neigh_param *param;
	const char *p;
	int family, err;

	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	if (*p && (err = neigh_split(rn, family, p, &param)))
		return err;
	if (*p && param) {
		err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
		if (!err)
			fprintf(o->out, "%ld\n", param_value(rn, family, param));
		return err;
	}
	err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);
	if (err)
		return err;
	if (*p) {
		for (size_t i = 0; i < N_PARAMS; i++)
			rtnl_dir_add(o, DT_REG, neigh_params[i].name);
		return 0;
	}
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (family == AF_INET || !l->no_inet6)
			rtnl_dir_add(o, DT_DIR, l->name);
	return 0;
}

/* 1: a parameter's file (0644, root's), 0: another neigh path, -EXDEV:
 * not under neigh. */
int rtnl_neigh_sysctl_writable(struct rtnl_net *rn, const char *rest)
{
	const struct neigh_param *param;
	const char *p;
	int family;

	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	return *p && !neigh_split(rn, family, p, &param) && param;
}

/* The model keeps no neighbour table parameters: a write that Linux
 * would store (and act on: probe timers, queue lengths) is refused. */
int rtnl_neigh_sysctl_write(struct rtnl_net *rn, const char *rest,
			    const char *val)
{
	const struct neigh_param *param;
	const char *p;
	int family, err;

	(void)val;
	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	err = *p ? neigh_split(rn, family, p, &param) : -EISDIR;
	if (err)
		return err;
	return param ? -EOPNOTSUPP : -EISDIR;
}
