// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The per-net sysctls of the socket layer: /proc/sys/net/core as
 * net/core/sysctl_net_core.c registers its netns_core_table for a net
 * other than the initial one (the socket buffer sizes read-only there),
 * and /proc/sys/net/unix (net/unix/sysctl_net_unix.c).  A net of the
 * model is never the initial one, so the machine-wide entries of the
 * initial net (netdev_budget, bpf_jit_*, ...) are not in the directory,
 * as they are not in `unshare -n`.
 *
 * Each value is kept per net and reads back what was written; xfrm
 * follows the xfrm_* ones (unl_net_core_sysctl()).  What needs traffic
 * to show (somaxconn, optmem_max, txrehash, max_dgram_qlen) is stored
 * and reported only (docs/conformance.md).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"

#define CORE(f) offsetof(struct unl_net, f)

/* ---- rps_default_mask: a cpumask of nr_cpu_ids bits --------------- */

int unl_possible_cpus(void)
{
	static _Atomic int cached;
	FILE *f;
	int n = 1;

	if (cached)
		return cached;
	f = fopen("/sys/devices/system/cpu/possible", "re");
	if (f) {
		char line[256], *last;

		if (fgets(line, sizeof(line), f)) {
			last = strrchr(line, '-');
			if (!last)
				last = strrchr(line, ',');
			n = atoi(last ? last + 1 : line) + 1;
		}
		fclose(f);
	}
	cached = n < 1 ? 1 : n;
	return cached;
}

/* nr_cpu_ids: the possible CPUs, at most the bits the model keeps. */
static int nr_cpu_ids(void)
{
	int n = unl_possible_cpus();

	return n > UNL_CPUMASK_WORDS * 32 ? UNL_CPUMASK_WORDS * 32 : n;
}

/* What bitmap_parse() stops a region at. */
static bool end_of_region(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r' || c == ',';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One 32-bit chunk read backwards from s[*end] (bitmap_get_x32_reverse()):
 * at most eight hex digits; *end is left before the chunk (-1 at the
 * start). */
static int chunk_reverse(const char *s, ptrdiff_t *end, uint32_t *num)
{
	uint32_t v = 0;

	for (int i = 0; i < 32; i += 4) {
		int c = hex_value(s[*end]);

		if (c < 0)
			return -EINVAL;
		v |= (uint32_t)c << i;
		(*end)--;
		if (*end < 0 || end_of_region(s[*end])) {
			*num = v;
			return 0;
		}
	}
	return hex_value(s[*end]) >= 0 ? -EOVERFLOW : -EINVAL;
}

/* bitmap_parse(): chunks of 32 bits from the right, separated by commas
 * or blanks; the mask is written chunk by chunk as the kernel writes it,
 * so a chunk too many leaves the ones before it in place. */
static int cpumask_parse(const char *s, uint32_t *mask, int nbits)
{
	ptrdiff_t end = (ptrdiff_t)strcspn(s, "\n") - 1;
	int words = (nbits + 31) / 32, left = words, unset;

	for (int chunk = 0;; chunk++) {
		int err;

		while (end >= 0 && end_of_region(s[end]))
			end--;
		if (end < 0)
			break;
		if (!left--)
			return -EOVERFLOW;
		err = chunk_reverse(s, &end, &mask[chunk]);
		if (err)
			return err;
	}
	unset = (words - left) * 32;
	if (unset < nbits) {
		for (int b = unset; b < nbits; b++)
			mask[b / 32] &= ~(UINT32_C(1) << (b % 32));
		return 0;
	}
	/* a bit past the last CPU */
	for (int b = nbits; b < unset; b++)
		if (mask[b / 32] & (UINT32_C(1) << (b % 32)))
			return -EOVERFLOW;
	return 0;
}

/* "%*pb": 32-bit chunks from the top, the first as wide as its bits
 * need, the others eight digits, comma-separated. */
static int cpumask_show(const uint32_t *mask, int nbits, char *buf,
			size_t len)
{
	int size = nbits % 32 ? nbits % 32 : 32, n = 0;

	for (int i = (nbits + 31) / 32 - 1; i >= 0; i--) {
		uint32_t v = mask[i];
		int k;

		if (size < 32)
			v &= (UINT32_C(1) << size) - 1;
		k = snprintf(buf + n, len - (size_t)n, "%s%0*x", n ? "," : "",
			     (size + 3) / 4, v);
		if (k < 0 || (size_t)k >= len - (size_t)n)
			return -EINVAL;
		n += k;
		size = 32;
	}
	if ((size_t)n + 1 >= len)
		return -EINVAL;
	buf[n] = '\n';
	buf[n + 1] = '\0';
	return 0;
}

/* rps_default_mask_sysctl() (without RPS's housekeeping CPUs: every
 * CPU of the model is one) */
static int proc_rps_default_mask(struct unl_net *net,
				 const struct unl_ctl_table *t, void *data,
				 const char *write, char *buf, size_t len)
{
	uint32_t *mask = data;

	(void)net;
	(void)t;
	if (!write)
		return cpumask_show(mask, nr_cpu_ids(), buf, len);
	return cpumask_parse(write, mask, nr_cpu_ids());
}

/* ---- the tables ---------------------------------------------------- */

/* Sorted by name, the order the kernel's directory lists them in. */
static const struct unl_ctl_table netns_core_table[] = {
	{ "optmem_max", 0644, CORE(core.optmem_max), unl_proc_dointvec_minmax,
	  0, INT_MAX, 0 },
	{ "rmem_default", 0444, CORE(rmem_default), unl_proc_douintvec, 0, 0,
	  0 },
	{ "rmem_max", 0444, CORE(rmem_max), unl_proc_douintvec, 0, 0, 0 },
	{ "rps_default_mask", 0644, CORE(core.rps_default_mask),
	  proc_rps_default_mask, 0, 0, 0 },
	{ "somaxconn", 0644, CORE(core.somaxconn), unl_proc_dointvec_minmax, 0,
	  INT_MAX, 0 },
	{ "tstamp_allow_data", 0644, CORE(core.tstamp_allow_data),
	  unl_proc_dou8vec_minmax, 0, 1, 0 },
	{ "txrehash", 0644, CORE(core.txrehash), unl_proc_dou8vec_minmax, 0, 1,
	  0 },
	{ "wmem_default", 0444, CORE(wmem_default), unl_proc_douintvec, 0, 0,
	  0 },
	{ "wmem_max", 0444, CORE(wmem_max), unl_proc_douintvec, 0, 0, 0 },
	{ "xfrm_acq_expires", 0644, CORE(core.xfrm_acq_expires),
	  unl_proc_dointvec, 0, 0, 0 },
	{ "xfrm_aevent_etime", 0644, CORE(core.xfrm_aevent_etime),
	  unl_proc_douintvec, 0, 0, 0 },
	{ "xfrm_aevent_rseqth", 0644, CORE(core.xfrm_aevent_rseqth),
	  unl_proc_douintvec, 0, 0, 0 },
	{ "xfrm_larval_drop", 0644, CORE(core.xfrm_larval_drop),
	  unl_proc_dointvec, 0, 0, 0 },
};

static const struct unl_ctl_table unix_table[] = {
	{ "max_dgram_qlen", 0644, CORE(core.unix_max_dgram_qlen),
	  unl_proc_dointvec, 0, 0, 0 },
};

/* A fresh net's value: the profile's (what the probe read in a fresh
 * namespace), or Linux's. */
static long profile_or(const struct unl_net *net, const char *name, long dflt,
		       long max)
{
	long v;

	if (!net->profile || unl_profile_sysctl_int(net->profile, name, &v) ||
	    v < 0 || v > max)
		return dflt;
	return v;
}

/* sysctl_core_net_init(), net_defaults_init_net(), xfrm_sysctl_init()
 * and unix_net_init() for one net. */
int nl_sysctl_core_init(struct unl_net *net)
{
	struct nl_core_sysctls *c = &net->core;
	int err;

	c->somaxconn = (int)profile_or(net, "net.core.somaxconn", 4096, INT_MAX);
	c->optmem_max =
		(int)profile_or(net, "net.core.optmem_max", 131072, INT_MAX);
	c->tstamp_allow_data =
		(uint8_t)profile_or(net, "net.core.tstamp_allow_data", 1, 1);
	c->txrehash = (uint8_t)profile_or(net, "net.core.txrehash", 1, 1);
	c->xfrm_aevent_etime = 10; /* XFRM_AE_ETIME */
	c->xfrm_aevent_rseqth = 2; /* XFRM_AE_SEQT_SIZE */
	c->xfrm_larval_drop = 1;
	c->xfrm_acq_expires = 30;
	c->unix_max_dgram_qlen = 10;
	err = unl_register_net_sysctl(net, "core", netns_core_table,
				      sizeof(netns_core_table) /
					      sizeof(netns_core_table[0]),
				      net);
	if (!err)
		err = unl_register_net_sysctl(net, "unix", unix_table, 1, net);
	return err;
}

long unl_net_core_sysctl(const struct unl_net *net, enum unl_core_sysctl which)
{
	const struct nl_core_sysctls *c = &net->core;

	switch (which) {
	case UNL_CORE_XFRM_AEVENT_ETIME:
		return c->xfrm_aevent_etime;
	case UNL_CORE_XFRM_AEVENT_RSEQTH:
		return c->xfrm_aevent_rseqth;
	case UNL_CORE_XFRM_ACQ_EXPIRES:
		return c->xfrm_acq_expires;
	case UNL_CORE_XFRM_LARVAL_DROP:
		return c->xfrm_larval_drop;
	case UNL_CORE_SOMAXCONN:
		return c->somaxconn;
	}
	return 0;
}
