// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/net itself: its listing, and the names below it that no table
 * of procfs.c or the procnet registry (core/procnet.c) makes.
 *
 * A name of /proc/net is one of three kinds here:
 *  - the model's: procfs.c's files, dev_snmp6/, the few fixed files
 *    below, and what the protocols registered (netfilter/, bonding/);
 *  - the kernel's (kernel_files[]): tables of the program's own sockets
 *    and the machine's (tcp, unix, protocols, ptype, softnet_stat ...).
 *    The sockets are real kernel sockets of the program's network
 *    namespace, so the real file stands: -EXDEV, which the front ends
 *    open for real, and which the daemon adds to the listing when the
 *    requester's /proc/PID/net has it (src/daemon/files.c);
 *  - any other: not made (ENOENT), never the host's, which would show
 *    another namespace's devices and state (rt6_stats, stat/,
 *    nf_conntrack, xfrm_stat, wireless, vlan/ ...; docs/conformance.md).
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <unetlink/files.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* The kernel's own, left to the real file: sockets (each family's
 * table, the counts, the flow labels sockets hold, the packet taps),
 * the machine (psched's clock, softnet_stat's per-CPU queues).  The
 * legacy xtables lists (ip_tables_names and the rest) are the model's:
 * netfilter makes them (ip_tables.c). */
static const char *const kernel_files[] = {
	"tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw",
	"raw6", "unix", "packet", "icmp", "icmp6", "sockstat", "sockstat6",
	"protocols", "ptype", "ip6_flowlabel", "psched", "softnet_stat",
	"sctp", "pfkey", "tls_stat", "kcm", "kcm_stats", "llc", "can",
	"l2cap", "rfcomm", "sco", "hci", "bnep", "ax25", "nr", "rose",
	"x25", "atalk", "ipx", "phonet", "pppoe", "pppol2tp", "rxrpc",
};

/* The name's first component is one of kernel_files[]. */
static bool kernel_file(const char *rest)
{
	size_t len = strcspn(rest, "/");

	for (size_t i = 0; i < sizeof(kernel_files) / sizeof(*kernel_files);
	     i++)
		if (strlen(kernel_files[i]) == len &&
		    !strncmp(kernel_files[i], rest, len))
			return true;
	return false;
}

bool unl_net_file_is_kernel(const char *path)
{
	const char *rest = path ? rtnl_path_after(path, "/proc/net") : NULL;

	return rest && *rest && kernel_file(rest);
}

/* ---- files with nothing in them but their header ------------------- */

static bool always(const struct rtnl_net *rn)
{
	(void)rn;
	return true;
}

static bool ip_mroute(const struct rtnl_net *rn)
{
	return rn->feat.ip_mroute;
}

static bool ip6_mroute(const struct rtnl_net *rn)
{
	return rn->feat.ip6_mroute;
}

/* igmp_mcf_seq_show() and igmp6_mcf_seq_show(): source filters, which
 * only sockets set (none here); rt_cache_seq_show(): the IPv4 routing
 * cache, gone since Linux 3.6, its header padded to 127 columns; the
 * multicast routing tables' interfaces and caches, which only a
 * multicast routing daemon's socket fills. */
static const struct {
	const char *name;
	bool (*exists)(const struct rtnl_net *rn);
	const char *text;
} header_files[] = {
	{ "mcfilter", always,
	  "Idx Device        MCA        SRC    INC    EXC\n" },
	{ "mcfilter6", always,
	  "Idx Device                Multicast Address"
	  "                   Source Address    INC    EXC\n" },
	{ "rt_cache", always,
	  "Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\t"
	  "Source\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst"
	  "                          \n" },
	{ "ip_mr_vif", ip_mroute,
	  "Interface      BytesIn  PktsIn  BytesOut PktsOut Flags Local    "
	  "Remote\n" },
	{ "ip_mr_cache", ip_mroute,
	  "Group    Origin   Iif     Pkts    Bytes    Wrong Oifs\n" },
	{ "ip6_mr_vif", ip6_mroute,
	  "Interface      BytesIn  PktsIn  BytesOut PktsOut Flags\n" },
	{ "ip6_mr_cache", ip6_mroute,
	  "Group                            Origin                           "
	  "Iif      Pkts  Bytes     Wrong  Oifs\n" },
};

/* rt_acct: the per-realm counters of IP_ROUTE_CLASSID, 256 realms of
 * four 32-bit counters, all 0 (no packets). */
#define RT_ACCT_SIZE (256 * 4 * 4)

static int fixed_file(struct rtnl_net *rn, const char *rest,
		      struct rtnl_file_out *o)
{
	int err;

	for (size_t i = 0; i < sizeof(header_files) / sizeof(*header_files);
	     i++) {
		if (strcmp(rest, header_files[i].name) ||
		    !header_files[i].exists(rn))
			continue;
		err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
		if (!err)
			fputs(header_files[i].text, o->out);
		return err;
	}
	if (!strcmp(rest, "rt_acct") && rn->feat.route_classid) {
		err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
		for (int i = 0; !err && i < RT_ACCT_SIZE; i++)
			fputc(0, o->out);
		return err;
	}
	return rtnl_ipvs_proc(rn, rest, o);
}

/* ---- dev_snmp6/: a file per device with IPv6 ------------------------ */

static bool has_snmp6(const struct rtnl_link *l)
{
	return !l->no_inet6;
}

static int dev_snmp6(struct rtnl_net *rn, const char *name,
		     struct rtnl_file_out *o)
{
	int err;

	if (!*name) {
		err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);
		for (const struct rtnl_link *l = rn->links; !err && l;
		     l = l->next)
			if (has_snmp6(l))
				rtnl_dir_add(o, DT_REG, l->name);
		return err;
	}
	for (const struct rtnl_link *l = rn->links; l; l = l->next) {
		if (strcmp(l->name, name) || !has_snmp6(l))
			continue;
		err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
		return err ? err : rtnl_proc_dev_snmp6(rn, l, o->out);
	}
	return -ENOENT;
}

/* ---- the listing --------------------------------------------------- */

static int listing(struct rtnl_net *rn, struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_DIR, 0555);

	if (err)
		return err;
	rtnl_procfs_list(o);
	for (size_t i = 0; i < sizeof(header_files) / sizeof(*header_files);
	     i++)
		if (header_files[i].exists(rn))
			rtnl_dir_add(o, DT_REG, header_files[i].name);
	if (rn->feat.route_classid)
		rtnl_dir_add(o, DT_REG, "rt_acct");
	rtnl_dir_add(o, DT_DIR, "dev_snmp6");
	rtnl_ipvs_proc_list(rn, o);
	nl_procnet_list_top(rn->net, o->out);
	return 0;
}

int rtnl_procfs_other(struct rtnl_net *rn, const char *rest,
		      struct rtnl_file_out *o)
{
	const char *sub;

	if (!*rest)
		return listing(rn, o);
	if (kernel_file(rest))
		return -EXDEV;
	if ((sub = rtnl_path_after(rest, "dev_snmp6")))
		return dev_snmp6(rn, sub, o);
	return fixed_file(rn, rest, o);
}
