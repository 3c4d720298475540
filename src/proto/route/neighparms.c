// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net/ipv{4,6}/neigh/DEV: the parameters of the neighbour
 * tables (net/core/neighbour.c's neigh_sysctl_register(), called for
 * each device by devinet.c and addrconf.c).  A namespace other than the
 * initial one has no "default" directory there, only its devices', each
 * holding a copy of the table's defaults made when the device came
 * (neigh_parms_alloc()).
 *
 * Each device keeps its parameters (struct rtnl_neigh_parms, in jiffies
 * as Linux keeps them); the files read and write them through the
 * conversions of their proc_handlers, and RTM_GETNEIGHTBL reports the
 * same values (neightbl.c).  The table's defaults are the profile's
 * net.ipv{4,6}.neigh.default.* when it sets them (the host profile
 * does), else Linux's built-in ones (arp_tbl, nd_tbl).  Nothing resolves
 * neighbours here, so the values change no timer (docs/conformance.md).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <unetlink/files.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* SKB_TRUESIZE(ETH_FRAME_LEN) on x86-64: unres_qlen counts packets of
 * this size in unres_qlen_bytes. */
#define NEIGH_QLEN_TRUESIZE 2090

/* How a file shows its variable (the proc_handler): */
enum neigh_conv {
	NC_INT,    /* proc_dointvec_minmax, 0 to INT_MAX */
	NC_QLEN,   /* unres_qlen: unres_qlen_bytes in packets */
	NC_SECS,   /* proc_dointvec_jiffies: seconds */
	NC_USERHZ, /* proc_dointvec_userhz_jiffies: USER_HZ ticks */
	NC_MS,     /* proc_dointvec_ms_jiffies: milliseconds */
	NC_MS_POS, /* the same, at least one jiffy */
	NC_PLAIN,  /* proc_dointvec: the jiffies themselves */
};

/* IPv6's retrans_time is in the kernel's own ticks (ndisc's handler
 * takes it with plain proc_dointvec), so its default is HZ. */
#define HZ_TICKS (-1)

/* The files of a device's directory, in the order Linux lists them
 * (alphabetical, as the model lists every directory): the variable, the
 * conversion for IPv4 and IPv6, and Linux's defaults in the file's unit.
 * primary: the file the defaults are taken from (the others are other
 * views of the same variable). */
static const struct neigh_param {
	const char *name;
	int var;
	enum neigh_conv conv4, conv6;
	long v4, v6;
	bool primary;
} neigh_params[] = {
	{ "anycast_delay", RTNL_NV_ANYCAST_DELAY, NC_USERHZ, NC_USERHZ, 100,
	  100, true },
	{ "app_solicit", RTNL_NV_APP_PROBES, NC_INT, NC_INT, 0, 0, true },
	{ "base_reachable_time", RTNL_NV_BASE_REACHABLE_TIME, NC_SECS,
	  NC_SECS, 30, 30, true },
	{ "base_reachable_time_ms", RTNL_NV_BASE_REACHABLE_TIME, NC_MS, NC_MS,
	  30000, 30000, false },
	{ "delay_first_probe_time", RTNL_NV_DELAY_PROBE_TIME, NC_SECS, NC_SECS,
	  5, 5, true },
	{ "gc_stale_time", RTNL_NV_GC_STALETIME, NC_SECS, NC_SECS, 60, 60,
	  true },
	{ "interval_probe_time_ms", RTNL_NV_INTERVAL_PROBE_TIME_MS, NC_MS_POS,
	  NC_MS_POS, 5000, 5000, true },
	{ "locktime", RTNL_NV_LOCKTIME, NC_USERHZ, NC_USERHZ, 100, 0, true },
	{ "mcast_resolicit", RTNL_NV_MCAST_REPROBES, NC_INT, NC_INT, 0, 0,
	  true },
	{ "mcast_solicit", RTNL_NV_MCAST_PROBES, NC_INT, NC_INT, 3, 3, true },
	{ "proxy_delay", RTNL_NV_PROXY_DELAY, NC_USERHZ, NC_USERHZ, 80, 80,
	  true },
	{ "proxy_qlen", RTNL_NV_PROXY_QLEN, NC_INT, NC_INT, 64, 64, true },
	{ "retrans_time", RTNL_NV_RETRANS_TIME, NC_USERHZ, NC_PLAIN, 100,
	  HZ_TICKS, true },
	{ "retrans_time_ms", RTNL_NV_RETRANS_TIME, NC_MS, NC_MS, 1000, 1000,
	  false },
	{ "ucast_solicit", RTNL_NV_UCAST_PROBES, NC_INT, NC_INT, 3, 3, true },
	{ "unres_qlen", RTNL_NV_QUEUE_LEN_BYTES, NC_QLEN, NC_QLEN, 101, 101,
	  false },
	{ "unres_qlen_bytes", RTNL_NV_QUEUE_LEN_BYTES, NC_INT, NC_INT, 212992,
	  212992, true },
};

#define N_PARAMS (sizeof(neigh_params) / sizeof(neigh_params[0]))

uint32_t rtnl_jiffies_to_msecs(const struct rtnl_net *rn, int64_t j)
{
	int64_t hz = rn->net->hz > 0 ? rn->net->hz : 1000;

	return (uint32_t)((j * 1000 + hz - 1) / hz);
}

int64_t rtnl_msecs_to_jiffies(const struct rtnl_net *rn, int64_t ms)
{
	int64_t hz = rn->net->hz > 0 ? rn->net->hz : 1000;

	return (ms * hz + 999) / 1000;
}

static int64_t hz_of(const struct rtnl_net *rn)
{
	return rn->net->hz > 0 ? rn->net->hz : 1000;
}

/* What the file shows for a variable holding j. */
static long conv_show(const struct rtnl_net *rn, enum neigh_conv c,
		      int32_t j)
{
	switch (c) {
	case NC_QLEN:
		return j / NEIGH_QLEN_TRUESIZE;
	case NC_SECS:
		return j / hz_of(rn);
	case NC_USERHZ:
		return (long)((int64_t)j * 100 / hz_of(rn));
	case NC_MS:
	case NC_MS_POS:
		return j < 0 ? -(long)rtnl_jiffies_to_msecs(rn, -(int64_t)j)
			     : (long)rtnl_jiffies_to_msecs(rn, j);
	default:
		return j;
	}
}

/* The variable a write of v makes, as each handler converts and checks
 * it: 0 or -EINVAL. */
static int conv_store(const struct rtnl_net *rn, enum neigh_conv c, long v,
		      int32_t *j)
{
	int64_t hz = hz_of(rn), r;

	switch (c) {
	case NC_INT:
		if (v < 0 || v > INT_MAX)
			return -EINVAL;
		r = v;
		break;
	case NC_QLEN:
		if (v < 0 || v > INT_MAX / NEIGH_QLEN_TRUESIZE)
			return -EINVAL;
		r = (int64_t)v * NEIGH_QLEN_TRUESIZE;
		break;
	case NC_SECS:
		if (v > INT_MAX / hz || v < -(INT_MAX / hz))
			return -EINVAL;
		r = (int64_t)v * hz;
		break;
	case NC_USERHZ:
		if (v > INT_MAX || v < INT_MIN)
			return -EINVAL;
		r = (int64_t)v * hz / 100;
		if (r > INT_MAX || r < INT_MIN)
			return -EINVAL;
		break;
	case NC_MS:
	case NC_MS_POS:
		/* msecs_to_jiffies() takes an unsigned int */
		if (v > (long)UINT32_MAX || v < -(long)UINT32_MAX)
			return -EINVAL;
		r = v < 0 ? -rtnl_msecs_to_jiffies(rn, -(int64_t)v)
			  : rtnl_msecs_to_jiffies(rn, v);
		if (r > INT_MAX || r < INT_MIN || (c == NC_MS_POS && r < 1))
			return -EINVAL;
		break;
	default:
		if (v < INT_MIN || v > INT_MAX)
			return -EINVAL;
		r = v;
		break;
	}
	*j = (int32_t)r;
	return 0;
}

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

static enum neigh_conv conv_of(const struct neigh_param *p, int family)
{
	return family == AF_INET ? p->conv4 : p->conv6;
}

/* The table's default for p, in the file's unit. */
static long param_default(const struct rtnl_net *rn, int family,
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

void rtnl_neigh_parms_init(struct rtnl_net *rn, struct rtnl_link *l,
			   int family)
{
	struct rtnl_neigh_parms *np = &l->nparms[family == AF_INET ? 0 : 1];

	memset(np, 0, sizeof(*np));
	for (size_t i = 0; i < N_PARAMS; i++) {
		const struct neigh_param *p = &neigh_params[i];

		if (p->primary &&
		    conv_store(rn, conv_of(p, family),
			       param_default(rn, family, p), &np->v[p->var]))
			np->v[p->var] = 0;
	}
	/* neigh_parms_alloc() draws the reachable time; ARP's shares
	 * the device's one draw (ND's), as the model draws once */
	np->reachable_ms = l->reachable_time;
	np->seq = ++rn->nparms_seq;
}

/* Resolve "DEV" or "DEV/NAME" to the device and the parameter (NULL
 * for the directory itself): 0 or -ENOENT. */
static int neigh_split(struct rtnl_net *rn, int family, const char *p,
		       struct rtnl_link **dev,
		       const struct neigh_param **param)
{
	const char *slash = strchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : strlen(p);

	*param = NULL;
	*dev = neigh_dev(rn, family, p, n);
	if (!*dev)
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
	struct rtnl_link *dev;
	const char *p;
	int family, err;

	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	if (*p && (err = neigh_split(rn, family, p, &dev, &param)))
		return err;
	if (*p && param) {
		const struct rtnl_neigh_parms *np =
			&dev->nparms[family == AF_INET ? 0 : 1];

		err = rtnl_file_begin(o, UNL_FILE_REG, 0644);
		if (!err)
			fprintf(o->out, "%ld\n",
				conv_show(rn, conv_of(param, family),
					  np->v[param->var]));
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
	struct rtnl_link *dev;
	const char *p;
	int family;

	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	return *p && !neigh_split(rn, family, p, &dev, &param) && param;
}

/* ndisc_ifinfo_sysctl_change(): the IPv6 times that announce the
 * device's IPv6 state again (a new reachable time drawn when the base
 * changed). */
static void ndisc_times_changed(struct rtnl_net *rn, struct rtnl_link *l,
				const struct neigh_param *param)
{
	if (strcmp(param->name, "retrans_time") &&
	    strcmp(param->name, "retrans_time_ms") &&
	    strcmp(param->name, "base_reachable_time") &&
	    strcmp(param->name, "base_reachable_time_ms"))
		return;
	if (param->var == RTNL_NV_BASE_REACHABLE_TIME) {
		int32_t base = l->nparms[1].v[RTNL_NV_BASE_REACHABLE_TIME];
		int64_t j = base > 0 ? (int64_t)(rtnl_random(rn) %
						 (uint32_t)base) + (base >> 1)
				     : 0;

		l->reachable_time = rtnl_jiffies_to_msecs(rn, j);
		l->nparms[1].reachable_ms = l->reachable_time;
	}
	l->inet6_tstamp = rtnl_cstamp_now();
	rtnl_inet6_ifinfo_notify(l);
}

/* A write stores the value as its handler converts it (the device's
 * parameters, read back by the file and by RTM_GETNEIGHTBL). */
int rtnl_neigh_sysctl_write(struct rtnl_net *rn, const char *rest,
			    const char *val)
{
	const struct neigh_param *param;
	struct rtnl_link *dev;
	const char *p;
	int family, err;
	int32_t j;
	long v;

	if (!(p = neigh_path(rest, &family)))
		return -EXDEV;
	err = *p ? neigh_split(rn, family, p, &dev, &param) : -EISDIR;
	if (err)
		return err;
	if (!param)
		return -EISDIR;
	if (rtnl_parse_long(val, &v) ||
	    conv_store(rn, conv_of(param, family), v, &j))
		return -EINVAL;
	dev->nparms[family == AF_INET ? 0 : 1].v[param->var] = j;
	if (family == AF_INET6)
		ndisc_times_changed(rn, dev, param);
	return 0;
}
