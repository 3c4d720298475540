// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net/ipv4/vs (net/netfilter/ipvs/ip_vs_ctl.c's vs_vars and
 * ip_vs_control_net_init_sysctl()): IPVS's sysctls, per net, where the
 * profile has ip_vs (the same condition as its generic netlink family
 * and /proc/net files); without it the directory is missing, never the
 * host's.  Each entry has Linux's default, mode and write checks.  What
 * they tune is the forwarding of packets, which the model has none of,
 * so a value is stored and read back; the one visible effect is the
 * defence modes' (drop_entry, drop_packet, secure_tcp), which move
 * between 1 and 2 as free memory falls below amemthresh or rises again
 * (update_defense_level(), which Linux runs each second and after a
 * write: here after a write and at each read).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <unetlink/files.h>
#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

#define VS_CPU_WORDS 16 /* 1024 CPUs */

/* struct netns_ipvs's sysctl_* fields */
struct ipvs_sysctls {
	int am_droprate, amemthresh, backup_only, cache_bypass;
	int conn_reuse_mode, conntrack, drop_entry, drop_packet;
	int est_nice, expire_nodest_conn, expire_quiescent_template;
	int ignore_tunneled, nat_icmp_send, pmtu_disc, run_estimation;
	int schedule_icmp, secure_tcp, sloppy_sctp, sloppy_tcp;
	int snat_reroute, sync_persist_mode, sync_ports;
	unsigned long sync_qlen_max;
	int sync_refresh_period; /* jiffies */
	int sync_retries, sync_sock_size, sync_threshold[2], sync_ver;
	/* est_cpulist: none written yet reads the housekeeping CPUs */
	bool est_cpulist_valid;
	unsigned long long est_cpulist[VS_CPU_WORDS];
};

#define VS(f) offsetof(struct ipvs_sysctls, f)

static int vs_defense(struct unl_net *net, const struct unl_ctl_table *t,
		      void *data, const char *write, char *buf, size_t len);
static int vs_sync_ports(struct unl_net *net, const struct unl_ctl_table *t,
			 void *data, const char *write, char *buf, size_t len);
static int vs_sync_threshold(struct unl_net *net,
			     const struct unl_ctl_table *t, void *data,
			     const char *write, char *buf, size_t len);
static int vs_est_nice(struct unl_net *net, const struct unl_ctl_table *t,
		       void *data, const char *write, char *buf, size_t len);
static int vs_est_cpulist(struct unl_net *net, const struct unl_ctl_table *t,
			  void *data, const char *write, char *buf,
			  size_t len);

#define INT(name) { #name, 0644, VS(name), unl_proc_dointvec, 0, 0, 0 }

/* vs_vars, in the order the directory lists them (by name); arg is the
 * kernel release that has the entry (602: 6.2), 0 for all */
static const struct unl_ctl_table vs_vars[] = {
	INT(am_droprate),
	INT(amemthresh),
	INT(backup_only),
	INT(cache_bypass),
	INT(conn_reuse_mode),
	INT(conntrack),
	{ "drop_entry", 0644, VS(drop_entry), vs_defense, 0, 0, 0 },
	{ "drop_packet", 0644, VS(drop_packet), vs_defense, 0, 0, 0 },
	{ "est_cpulist", 0644, 0, vs_est_cpulist, 0, 0, 602 },
	{ "est_nice", 0644, VS(est_nice), vs_est_nice, 0, 0, 602 },
	INT(expire_nodest_conn),
	INT(expire_quiescent_template),
	INT(ignore_tunneled),
	INT(nat_icmp_send),
	INT(pmtu_disc),
	INT(run_estimation),
	INT(schedule_icmp),
	{ "secure_tcp", 0644, VS(secure_tcp), vs_defense, 0, 0, 0 },
	INT(sloppy_sctp),
	INT(sloppy_tcp),
	INT(snat_reroute),
	INT(sync_persist_mode),
	{ "sync_ports", 0644, VS(sync_ports), vs_sync_ports, 0, 0, 0 },
	{ "sync_qlen_max", 0644, VS(sync_qlen_max), unl_proc_doulongvec_minmax,
	  0, 0, 0 },
	{ "sync_refresh_period", 0644, VS(sync_refresh_period),
	  unl_proc_dointvec_jiffies, 0, 0, 0 },
	{ "sync_retries", 0644, VS(sync_retries), unl_proc_dointvec_minmax, 0,
	  3, 0 },
	INT(sync_sock_size),
	{ "sync_threshold", 0644, VS(sync_threshold), vs_sync_threshold, 0, 0,
	  0 },
	{ "sync_version", 0644, VS(sync_ver), unl_proc_dointvec_minmax, 0, 1,
	  0 },
};

#define N_VARS (sizeof(vs_vars) / sizeof(vs_vars[0]))

/* nr_free_buffer_pages(), near enough: the machine's pages */
static unsigned long free_buffer_pages(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);

	return pages > 0 ? (unsigned long)pages : 0;
}

/* ip_vs_control_net_init_sysctl()'s defaults */
static struct ipvs_sysctls *vs_sysctls(struct rtnl_net *rn)
{
	struct ipvs_sysctls *v = rn->ipvs_sysctls;

	if (v)
		return v;
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->amemthresh = 1024;
	v->am_droprate = 10;
	v->snat_reroute = 1;
	v->sync_ver = 1;
	v->sync_ports = 1;
	v->sync_qlen_max = free_buffer_pages() / 32;
	v->sync_threshold[0] = 3;  /* DEFAULT_SYNC_THRESHOLD */
	v->sync_threshold[1] = 50; /* DEFAULT_SYNC_PERIOD */
	v->pmtu_disc = 1;
	v->conn_reuse_mode = 1;
	v->run_estimation = 1;
	rn->ipvs_sysctls = v;
	return v;
}

void rtnl_ipvs_sysctl_fini(struct rtnl_net *rn)
{
	free(rn->ipvs_sysctls);
	rn->ipvs_sysctls = NULL;
}

/* ---- the handlers ---- */

static struct ipvs_sysctls *vs_of(struct unl_net *net)
{
	struct rtnl_net *rn = rtnl_net_of(net);

	return rn ? rn->ipvs_sysctls : NULL;
}

/* update_defense_level(): mode 1 turns to 2 while free memory (free
 * and buffer pages) is below amemthresh, 2 back to 1 above it; 0 and 3
 * stay */
static void update_defense_level(struct ipvs_sysctls *v)
{
	int *modes[3] = { &v->drop_entry, &v->drop_packet, &v->secure_tcp };
	unsigned long long avail = 0;
	struct sysinfo si;
	bool nomem;

	if (!sysinfo(&si))
		avail = ((unsigned long long)si.freeram + si.bufferram) *
			si.mem_unit / (unsigned long long)sysconf(_SC_PAGESIZE);
	nomem = avail < (unsigned long long)(v->amemthresh > 0 ? v->amemthresh
							       : 0);
	for (int i = 0; i < 3; i++) {
		if (*modes[i] == 1 && nomem)
			*modes[i] = 2;
		else if (*modes[i] == 2 && !nomem)
			*modes[i] = 1;
	}
}

/* an int parsed as proc_dointvec() parses it */
static int parse_int(struct unl_net *net, const char *write, int *val)
{
	static const struct unl_ctl_table t = { .procname = "" };

	return unl_proc_dointvec(net, &t, val, write, NULL, 0);
}

/* proc_do_defense_mode(): a change to 0..3 */
static int vs_defense(struct unl_net *net, const struct unl_ctl_table *t,
		      void *data, const char *write, char *buf, size_t len)
{
	struct ipvs_sysctls *v = vs_of(net);
	int *valp = data, val = *valp, err;

	if (!write) {
		if (v)
			update_defense_level(v);
		return unl_proc_dointvec(net, t, data, NULL, buf, len);
	}
	err = parse_int(net, write, &val);
	if (err || val == *valp)
		return err;
	if (val < 0 || val > 3)
		return -EINVAL;
	*valp = val;
	if (v)
		update_defense_level(v);
	return 0;
}

/* proc_do_sync_ports(): a change to a power of 2 */
static int vs_sync_ports(struct unl_net *net, const struct unl_ctl_table *t,
			 void *data, const char *write, char *buf, size_t len)
{
	int *valp = data, val = *valp, err;

	if (!write)
		return unl_proc_dointvec(net, t, data, NULL, buf, len);
	err = parse_int(net, write, &val);
	if (err || val == *valp)
		return err;
	if (val < 1 || (val & (val - 1)))
		return -EINVAL;
	*valp = val;
	return 0;
}

/* ipvs_proc_est_nice(): MIN_NICE..MAX_NICE */
static int vs_est_nice(struct unl_net *net, const struct unl_ctl_table *t,
		       void *data, const char *write, char *buf, size_t len)
{
	int val, err;

	if (!write)
		return unl_proc_dointvec(net, t, data, NULL, buf, len);
	err = parse_int(net, write, &val);
	if (err)
		return err;
	if (val < -20 || val > 19)
		return -EINVAL;
	*(int *)data = val;
	return 0;
}

/* proc_do_sync_threshold(): two ints (a write of one leaves the
 * second), both >= 0, the first below the second unless that is 0 */
static int vs_sync_threshold(struct unl_net *net,
			     const struct unl_ctl_table *t, void *data,
			     const char *write, char *buf, size_t len)
{
	int *valp = data, val[2] = { valp[0], valp[1] }, n = 0;
	const char *p = write;

	(void)net;
	(void)t;
	if (!write) {
		int w = snprintf(buf, len, "%d\t%d\n", valp[0], valp[1]);

		return w < 0 || (size_t)w >= len ? -EINVAL : 0;
	}
	while (n < 2) {
		char *end;
		long long x;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if ((*p < '0' || *p > '9') && *p != '-')
			return -EINVAL;
		errno = 0;
		x = strtoll(p, &end, 0);
		if (errno || end == p || x < INT_MIN || x > INT_MAX ||
		    (*end && !strchr(" \t\n", *end)))
			return -EINVAL;
		val[n++] = (int)x;
		p = end;
	}
	if (!n)
		return -EINVAL;
	if (val[0] < 0 || val[1] < 0 || (val[0] >= val[1] && val[1]))
		return -EINVAL;
	valp[0] = val[0];
	valp[1] = val[1];
	return 0;
}

/* ---- est_cpulist: a list of CPUs (cpulist_parse(), "%*pbl") ---- */

/* the CPUs /sys/devices/system/cpu/possible lists: every one counts as
 * a housekeeping CPU, and the writer may run on each */
static int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	char line[256], *last;
	int n = 1;

	if (f) {
		if (fgets(line, sizeof(line), f)) {
			last = strrchr(line, '-');
			if (!last)
				last = strrchr(line, ',');
			n = atoi(last ? last + 1 : line) + 1;
		}
		fclose(f);
	}
	return n < 1 ? 1 : n > VS_CPU_WORDS * 64 ? VS_CPU_WORDS * 64 : n;
}

static bool cpu_isset(const unsigned long long *m, int cpu)
{
	return m[cpu / 64] >> (cpu % 64) & 1;
}

/* bitmap_parselist(): "A", "A-B" and "A-B:U/G" regions, by commas */
static int cpulist_parse(const char *s, unsigned long long *m, int nbits)
{
	memset(m, 0, VS_CPU_WORDS * sizeof(*m));
	while (*s && *s != '\n') {
		char *end;
		long a, b, used, group;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		a = b = strtol(s, &end, 10);
		used = group = 1;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return -EINVAL;
			b = strtol(end + 1, &end, 10);
			if (*end == ':') {
				used = strtol(end + 1, &end, 10);
				if (*end != '/')
					return -EINVAL;
				group = strtol(end + 1, &end, 10);
				if (used < 1 || group < 1 || used > group)
					return -EINVAL;
			}
		}
		if (a > b)
			return -EINVAL;
		if (b >= nbits)
			return -ERANGE;
		for (long c = a; c <= b; c++)
			if ((c - a) % group < used)
				m[c / 64] |= 1ull << (c % 64);
		s = end;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -EINVAL;
	}
	return 0;
}

static void cpulist_print(const unsigned long long *m, int nbits, char *buf,
			  size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int c = 0; c < nbits; c++) {
		int e = c;

		if (!cpu_isset(m, c))
			continue;
		while (e + 1 < nbits && cpu_isset(m, e + 1))
			e++;
		at += (size_t)snprintf(buf + at, len - at,
				       e > c ? "%s%d-%d" : "%s%d",
				       at ? "," : "", c, e);
		if (at >= len)
			break;
		c = e;
	}
	if (at + 2 <= len) {
		buf[at] = '\n';
		buf[at + 1] = '\0';
	}
}

/* ipvs_proc_est_cpulist() */
static int vs_est_cpulist(struct unl_net *net, const struct unl_ctl_table *t,
			  void *data, const char *write, char *buf,
			  size_t len)
{
	struct ipvs_sysctls *v = data;
	int nbits = possible_cpus();
	unsigned long long m[VS_CPU_WORDS];
	int err;

	(void)net;
	(void)t;
	if (!write) {
		memset(m, 0, sizeof(m));
		for (int c = 0; c < nbits; c++)
			m[c / 64] |= 1ull << (c % 64);
		cpulist_print(v->est_cpulist_valid ? v->est_cpulist : m, nbits,
			      buf, len);
		return 0;
	}
	err = cpulist_parse(write, m, nbits);
	if (err)
		return err;
	memcpy(v->est_cpulist, m, sizeof(m));
	v->est_cpulist_valid = true;
	return 0;
}

/* ---- the files ---- */

/* The entry rest names under ipvs/vs ("" for the directory), NULL for
 * a path outside it */
static const char *vs_path(const char *rest)
{
	return rtnl_path_after(rest, "ipv4/vs");
}

static const struct unl_ctl_table *vs_entry(struct rtnl_net *rn,
					    const char *name)
{
	const struct unl_profile *p = unl_net_profile(rn->net);

	for (size_t i = 0; i < N_VARS; i++)
		if (!strcmp(vs_vars[i].procname, name) &&
		    (!vs_vars[i].arg || unl_profile_at_least(p, (int)vs_vars[i].arg)))
			return &vs_vars[i];
	return NULL;
}

int rtnl_ipvs_sysctl_get(struct rtnl_net *rn, const char *rest,
			 struct rtnl_file_out *o)
{
	const char *p = vs_path(rest);
	const struct unl_ctl_table *e;
	struct ipvs_sysctls *v;
	char buf[512];
	int err;

	if (!p)
		return -EXDEV;
	if (!rtnl_ipvs_offered(rn))
		return -ENOENT;
	if (!(v = vs_sysctls(rn)))
		return -ENOMEM;
	if (!*p) {
		err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);
		for (size_t i = 0; !err && i < N_VARS; i++)
			if (vs_entry(rn, vs_vars[i].procname))
				rtnl_dir_add(o, DT_REG, vs_vars[i].procname);
		return err;
	}
	if (!(e = vs_entry(rn, p)))
		return -ENOENT;
	err = e->proc_handler(rn->net, e, (char *)v + e->offset, NULL, buf,
			      sizeof(buf));
	if (err)
		return err;
	err = rtnl_file_begin(o, UNL_FILE_REG, e->mode);
	if (!err)
		fputs(buf, o->out);
	return err;
}

int rtnl_ipvs_sysctl_writable(struct rtnl_net *rn, const char *rest)
{
	const char *p = vs_path(rest);

	if (!p)
		return -EXDEV;
	return *p && rtnl_ipvs_offered(rn) && vs_entry(rn, p);
}

int rtnl_ipvs_sysctl_write(struct rtnl_net *rn, const char *rest,
			   const char *val)
{
	const char *p = vs_path(rest);
	const struct unl_ctl_table *e;
	struct ipvs_sysctls *v;

	if (!p)
		return -EXDEV;
	if (!rtnl_ipvs_offered(rn))
		return -ENOENT;
	if (!*p)
		return -EISDIR;
	if (!(e = vs_entry(rn, p)))
		return -ENOENT;
	if (!(v = vs_sysctls(rn)))
		return -ENOMEM;
	return e->proc_handler(rn->net, e, (char *)v + e->offset, val, NULL, 0);
}
