// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/net: the seq_files of net/core/net-procfs.c, net/ipv6/addrconf.c,
 * net/ipv4/fib_trie.c, net/ipv6/ip6_fib.c and net/ipv4/arp.c, made from
 * the model in their formats.  Counters are 0: nothing moves packets.
 * procfs-dir.c has /proc/net itself and the names this table lacks.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/neighbour.h>
#include <linux/route.h>

#include <unetlink/files.h>

#include "core/internal.h"
#include "proto/route/link/kinds.h"
#include "proto/route/route-private.h"

/* Flags of struct rt6_info (include/uapi/linux/ipv6_route.h), which
 * glibc's headers do not carry. */
#define PROC_RTF_NONEXTHOP 0x00200000u
#define PROC_RTF_LOCAL 0x80000000u
#define PROC_RTF_ANYCAST 0x00100000u
#define PROC_RTF_EXPIRES 0x00400000u
/* NUD_VALID of include/net/neighbour.h */
#define PROC_NUD_VALID                                                     \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | \
	 NUD_DELAY)

static const char *dev_name(struct rtnl_net *rn, int ifindex)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, ifindex);

	return l ? l->name : NULL;
}

/* dev_seq_show() and dev_seq_printf_stats(): no traffic, so zeros. */
static int proc_dev(struct rtnl_net *rn, FILE *out)
{
	fputs("Inter-|   Receive                                                "
	      "|  Transmit\n"
	      " face |bytes    packets errs drop fifo frame compressed "
	      "multicast|bytes    packets errs drop fifo colls carrier "
	      "compressed\n",
	      out);
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		struct rtnl_link_stats64 s;

		/* dev_seq_printf_stats() */
		rtnl_link_get_stats64(l, &s);
		fprintf(out,
			"%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu "
			"%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n",
			l->name, (unsigned long long)s.rx_bytes,
			(unsigned long long)s.rx_packets,
			(unsigned long long)s.rx_errors,
			(unsigned long long)(s.rx_dropped + s.rx_missed_errors),
			(unsigned long long)s.rx_fifo_errors,
			(unsigned long long)(s.rx_length_errors +
					     s.rx_over_errors +
					     s.rx_crc_errors +
					     s.rx_frame_errors),
			(unsigned long long)s.rx_compressed,
			(unsigned long long)s.multicast,
			(unsigned long long)s.tx_bytes,
			(unsigned long long)s.tx_packets,
			(unsigned long long)s.tx_errors,
			(unsigned long long)s.tx_dropped,
			(unsigned long long)s.tx_fifo_errors,
			(unsigned long long)s.collisions,
			(unsigned long long)(s.tx_carrier_errors +
					     s.tx_aborted_errors +
					     s.tx_window_errors +
					     s.tx_heartbeat_errors),
			(unsigned long long)s.tx_compressed);
	}
	return 0;
}

static void put_hex(FILE *out, const uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", a[i]);
}

/* ipv6_addr_scope() as ifp->scope holds it (IFA_HOST, IFA_LINK ...). */
static unsigned int if6_scope(uint8_t rt_scope)
{
	switch (rt_scope) {
	case RT_SCOPE_HOST:
		return 0x10;
	case RT_SCOPE_LINK:
		return 0x20;
	case RT_SCOPE_SITE:
		return 0x40;
	default:
		return 0;
	}
}

/* if6_seq_show(): the kernel walks its address hash, whose order
 * depends on the namespace's address: ours is the creation order. */
static int proc_if_inet6(struct rtnl_net *rn, FILE *out)
{
	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		const char *name = dev_name(rn, a->ifindex);

		if (a->family != AF_INET6 || !name)
			continue;
		put_hex(out, a->local, 16);
		fprintf(out, " %02x %02x %02x %02x %8s\n", a->ifindex,
			a->prefixlen, if6_scope(a->scope), a->flags & 0xffu,
			name);
	}
	return 0;
}

static uint32_t metric(const struct rtnl_route *rt, int i)
{
	return rt->metrics ? rt->metrics[i] : 0;
}

/* fib_flag_trans() */
static unsigned int route4_flags(const struct rtnl_route *rt)
{
	unsigned int f = RTF_UP;

	if (rt->type == RTN_UNREACHABLE || rt->type == RTN_PROHIBIT)
		f |= RTF_REJECT;
	if (rt->nnh && rt->nh[0].has_gw)
		f |= RTF_GATEWAY;
	if (rt->dst_len == 32)
		f |= RTF_HOST;
	return f;
}

static uint32_t host_u32(const uint8_t *a)
{
	uint32_t v;

	memcpy(&v, a, 4);
	return v;
}

/* fib_route_seq_show(): table main, every line padded to 127. */
static void route4_line(struct rtnl_net *rn, FILE *out,
			const struct rtnl_route *rt)
{
	uint32_t mask = rt->dst_len ? htonl(~0u << (32 - rt->dst_len)) : 0;
	const char *name = rt->nnh ? dev_name(rn, rt->nh[0].ifindex) : NULL;
	uint32_t advmss = metric(rt, RTAX_ADVMSS);
	char line[160];

	snprintf(line, sizeof(line),
		 "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
		 name ? name : "*", host_u32(rt->dst),
		 rt->nnh && rt->nh[0].has_gw ? host_u32(rt->nh[0].gw) : 0,
		 route4_flags(rt), 0, 0u, (int)rt->priority, mask,
		 advmss ? (int)advmss + 40 : 0, metric(rt, RTAX_WINDOW),
		 metric(rt, RTAX_RTT) >> 3);
	fprintf(out, "%-127s\n", line);
}

static int proc_route(struct rtnl_net *rn, FILE *out)
{
	/* fib_route_seq_start(): nothing at all before table main exists
	 * (fib_new_table() makes it with the first route) */
	if (!rtnl_fib_table_exists(rn, AF_INET, RT_TABLE_MAIN))
		return 0;
	fprintf(out, "%-127s\n",
		"Iface\tDestination\tGateway "
		"\tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU"
		"\tWindow\tIRTT");
	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next) {
		if (rt->family != AF_INET ||
		    rtnl_fib_table_alias(rn, AF_INET, rt->table) !=
			    RT_TABLE_MAIN ||
		    rt->type == RTN_BROADCAST || rt->type == RTN_MULTICAST)
			continue;
		route4_line(rn, out, rt);
	}
	return 0;
}

/* rt6_info's flags as ipv6_route shows them. */
static unsigned int route6_flags(struct rtnl_net *rn,
				 const struct rtnl_route *rt)
{
	unsigned int f = RTF_UP;

	if (rt->type == RTN_LOCAL || rt->type == RTN_ANYCAST)
		f |= PROC_RTF_NONEXTHOP |
		     (rt->type == RTN_LOCAL ? PROC_RTF_LOCAL : PROC_RTF_ANYCAST);
	else if (rt->type != RTN_UNICAST && rt->type != RTN_MULTICAST)
		f |= RTF_REJECT;
	if (rt->nnh && rt->nh[0].has_gw)
		f |= RTF_GATEWAY;
	if (rt->has_expires && !rtnl_route_expired(rn, rt))
		f |= PROC_RTF_EXPIRES;
	return f;
}

/* ipv6_route_native_seq_show(): dst, src, gateway, metric, refcount,
 * use, flags, device.  The reference count is the kernel's own
 * bookkeeping: shown as 1 (docs/conformance.md). */
static void route6_line(FILE *out, const uint8_t *dst, int dst_len,
			const uint8_t *src, int src_len, const uint8_t *gw,
			uint32_t metric6, unsigned int flags, const char *dev)
{
	static const uint8_t zero[16];

	put_hex(out, dst, 16);
	fprintf(out, " %02x ", dst_len);
	put_hex(out, src, 16);
	fprintf(out, " %02x ", src_len);
	put_hex(out, gw ? gw : zero, 16);
	fprintf(out, " %08x %08x %08x %08x %8s\n", metric6, 1u, 0u, flags,
		dev);
}

/* The null entry that ends each table's walk (fib6_null_entry at the
 * root): ::/0, reject, through lo. */
static void route6_null(FILE *out)
{
	static const uint8_t zero[16];

	route6_line(out, zero, 0, zero, 0, NULL, 0xffffffffu,
		    RTF_REJECT | PROC_RTF_NONEXTHOP, "lo");
}

static void route6_one(struct rtnl_net *rn, FILE *out,
		       const struct rtnl_route *rt)
{
	const char *name = rt->nnh ? dev_name(rn, rt->nh[0].ifindex) : NULL;

	route6_line(out, rt->dst, rt->dst_len, rt->src, rt->src_len,
		    rt->nnh && rt->nh[0].has_gw ? rt->nh[0].gw : NULL,
		    rt->priority, route6_flags(rn, rt), name ? name : "lo");
}

/* How recent an IPv6 table is, as route.c orders them: the kernel's
 * table hash chains put the newest first; main and local come with the
 * namespace. */
static unsigned int table6_age(const struct rtnl_net *rn, uint32_t id)
{
	for (unsigned int i = 0; i < rn->tables6.n; i++)
		if (rn->tables6.ids[i] == id)
			return i + 2;
	return id == RT_TABLE_LOCAL ? 1 : 0;
}

/* Does table a come before b in fib6's walk of its table hash? */
static bool table6_before(const struct rtnl_net *rn, uint32_t a, uint32_t b)
{
	if ((a & 0xff) != (b & 0xff))
		return (a & 0xff) < (b & 0xff);
	return table6_age(rn, a) > table6_age(rn, b);
}

/* The next table after prev (UINT32_MAX: the first), or 0 for none. */
static uint32_t table6_next(const struct rtnl_net *rn, uint32_t prev,
			    bool first)
{
	uint32_t best = 0, cand[2] = { RT_TABLE_MAIN, RT_TABLE_LOCAL };

	for (unsigned int i = 0; i < rn->tables6.n + 2; i++) {
		uint32_t t = i < 2 ? cand[i] : rn->tables6.ids[i - 2];

		if (t == best || (!first && !table6_before(rn, prev, t)))
			continue;
		if (!best || table6_before(rn, t, best))
			best = t;
	}
	return best;
}

/* ipv6_route_seq_*(): each table in the order of fib6's table hash,
 * its routes as the tree walk visits them, then the null entry at its
 * root (an empty table shows only that). */
static int proc_ipv6_route(struct rtnl_net *rn, FILE *out)
{
	for (uint32_t t = table6_next(rn, 0, true); t;
	     t = table6_next(rn, t, false)) {
		for (const struct rtnl_route *rt = rn->routes; rt;
		     rt = rt->next)
			if (rt->family == AF_INET6 && rt->table == t)
				route6_one(rn, out, rt);
		route6_null(out);
	}
	return 0;
}

/* arp_state_to_flags() */
static unsigned int arp_flags(const struct rtnl_neigh *n)
{
	if (n->state & NUD_PERMANENT)
		return 0x4 | 0x2; /* ATF_PERM | ATF_COM */
	if (n->state & PROC_NUD_VALID)
		return 0x2;
	return 0;
}

/* arp_format_neigh_entry(), over the entries neigh_seq shows with
 * NEIGH_SEQ_SKIP_NOARP: any state but NOARP alone (and none). */
static void arp_line(struct rtnl_net *rn, FILE *out,
		     const struct rtnl_neigh *n)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, n->ifindex);
	char ip[INET_ADDRSTRLEN], hw[3 * 32] = "";
	size_t k = 0;

	if (!l)
		return;
	inet_ntop(AF_INET, n->dst, ip, sizeof(ip));
	for (int j = 0; j < l->addr_len && j < 32; j++)
		k += (size_t)snprintf(hw + k, sizeof(hw) - k, "%s%02x",
				      j ? ":" : "",
				      (n->state & PROC_NUD_VALID) ? n->lladdr[j]
							     : 0);
	fprintf(out, "%-16s 0x%-10x0x%-10x%-17s     %-8s %s\n", ip, l->type,
		arp_flags(n), hw, "*", l->name);
}

static void parp_line(struct rtnl_net *rn, FILE *out,
		      const struct rtnl_pneigh *p)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, p->ifindex);
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, p->key, ip, sizeof(ip));
	fprintf(out, "%-16s 0x%-10x0x%-10x%s     *        %s\n", ip,
		l ? l->type : 0, 0x8 | 0x4 /* ATF_PUBL | ATF_PERM */,
		"00:00:00:00:00:00", l ? l->name : "*");
}

static int proc_arp(struct rtnl_net *rn, FILE *out)
{
	fputs("IP address       HW type     Flags       HW address            "
	      "Mask     Device\n",
	      out);
	for (const struct rtnl_neigh *n = rn->neighs; n; n = n->next)
		if (n->family == AF_INET && (n->state & ~NUD_NOARP))
			arp_line(rn, out, n);
	for (int b = 0; b < RTNL_PNEIGH_BUCKETS; b++)
		for (const struct rtnl_pneigh *p = rn->pneighs[0][b]; p;
		     p = p->next)
			parp_line(rn, out, p);
	return 0;
}

/* netlink_seq_show(): every socket of the net, by protocol.  The
 * socket's address (%pK, hashed) and inode number are the kernel's
 * own: a number per socket stands for each (docs/conformance.md). */
static int proc_netlink(struct rtnl_net *rn, FILE *out)
{
	const struct unl_net *net = rn->net;
	size_t n = 0;

	fputs("sk               Eth Pid        Groups   Rmem     Wmem     "
	      "Dump  Locks    Drops    Inode\n",
	      out);
	for (int p = 0; p < UNL_MAX_LINKS; p++)
		for (const struct unl_sock *sk = net->all; sk;
		     sk = sk->all_next, n++) {
			if (sk->protocol != p)
				continue;
			fprintf(out,
				"%016zx %-3d %-10u %08x %-8u %-8u %-5d %-8d "
				"%-8u %-8zu\n",
				n + 1, sk->protocol, sk->portid,
				sk->ngroups ? (uint32_t)sk->groups[0] : 0,
				sk->rmem_alloc, 0u, sk->cb_running ? 1 : 0, 2,
				sk->drops, n + 1);
		}
	return 0;
}

static const struct {
	const char *name;
	int (*show)(struct rtnl_net *rn, FILE *out);
} proc_files[] = {
	{ "anycast6", rtnl_proc_anycast6 },
	{ "arp", proc_arp },
	{ "dev", proc_dev },
	{ "dev_mcast", rtnl_proc_dev_mcast },
	{ "fib_trie", rtnl_proc_fib_trie },
	{ "fib_triestat", rtnl_proc_fib_triestat },
	{ "if_inet6", proc_if_inet6 },
	{ "igmp", rtnl_proc_igmp },
	{ "igmp6", rtnl_proc_igmp6 },
	{ "ipv6_route", proc_ipv6_route },
	{ "netlink", proc_netlink },
	{ "netstat", rtnl_proc_netstat },
	{ "route", proc_route },
	{ "snmp", rtnl_proc_snmp },
	{ "snmp6", rtnl_proc_snmp6 },
};

int rtnl_procfs_get(struct rtnl_net *rn, const char *rest,
		    struct rtnl_file_out *o)
{
	for (size_t i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]);
	     i++) {
		int err;

		if (strcmp(rest, proc_files[i].name))
			continue;
		err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
		return err ? err : proc_files[i].show(rn, o->out);
	}
	return rtnl_procfs_other(rn, rest, o);
}

void rtnl_procfs_list(struct rtnl_file_out *o)
{
	for (size_t i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]);
	     i++)
		rtnl_dir_add(o, DT_REG, proc_files[i].name);
}
