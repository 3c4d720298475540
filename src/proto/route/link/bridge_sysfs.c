// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's files under /sys/devices/virtual/net (sysfs.c asks):
 * bridge/ (net/bridge/br_sysfs_br.c), brif/ and brforward of a bridge,
 * brport/ of a port (br_sysfs_if.c), read from the state bridge.c and
 * bridge_port.c keep, in their formats.  A write is the rtnetlink
 * request that sets the same option (the stores call the functions
 * br_changelink() and br_setport() call), run as from the kernel.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include <unetlink/files.h>

#include "proto/route/link/bridge.h"
#include "proto/route/route-private.h"

typedef int (*br_show_fn)(const struct rtnl_link *l, FILE *out);

struct br_attr {
	const char *name;
	unsigned int mode;
	br_show_fn show; /* NULL: write-only (flush) */
	/* built only with this feature of the profile's kernel */
	enum { BR_ANY, BR_SNOOPING, BR_NETFILTER, BR_VLAN } needs;
};

/* br_show_bridge_id() */
static void put_id(FILE *out, const struct br_id *id)
{
	fprintf(out, "%.2x%.2x.%.2x%.2x%.2x%.2x%.2x%.2x\n", id->prio[0],
		id->prio[1], id->addr[0], id->addr[1], id->addr[2],
		id->addr[3], id->addr[4], id->addr[5]);
}

#define BR(l) br_priv(l)
#define CLOCK(l, j) ((unsigned long)br_jiffies_to_clock(l, j))
#define BR_SHOW(name, fmt, expr)                                           \
	static int brs_##name(const struct rtnl_link *l, FILE *out)        \
	{                                                                  \
		fprintf(out, fmt "\n", expr);                              \
		return 0;                                                  \
	}

BR_SHOW(ageing_time, "%lu", CLOCK(l, BR(l)->ageing_time))
BR_SHOW(forward_delay, "%lu", CLOCK(l, BR(l)->forward_delay))
BR_SHOW(hello_time, "%lu", CLOCK(l, BR(l)->hello_time))
BR_SHOW(max_age, "%lu", CLOCK(l, BR(l)->max_age))
BR_SHOW(gc_timer, "%lu",
	(unsigned long)br_timer_value(l, BR(l)->gc_timer))
BR_SHOW(hello_timer, "%lu",
	(unsigned long)br_timer_value(l, BR(l)->hello_timer))
BR_SHOW(topology_change_timer, "%lu",
	(unsigned long)br_timer_value(l, BR(l)->tc_timer))
BR_SHOW(tcn_timer, "%d", 0)
/* the kernel's "%#x" writes 0 as 0x0 */
BR_SHOW(group_fwd_mask, "0x%x", BR(l)->group_fwd_mask)
BR_SHOW(hash_elasticity, "%u", 16u)
BR_SHOW(hash_max, "%u", BR(l)->hash_max)
BR_SHOW(mc_igmp_version, "%u", BR(l)->mcast.igmp_version)
BR_SHOW(mc_mld_version, "%u", BR(l)->mcast.mld_version)
BR_SHOW(mc_last_member_count, "%u", BR(l)->mcast.last_member_count)
BR_SHOW(mc_startup_query_count, "%u", BR(l)->mcast.startup_query_count)
BR_SHOW(mc_last_member_interval, "%lu",
	CLOCK(l, BR(l)->mcast.last_member_interval))
BR_SHOW(mc_membership_interval, "%lu",
	CLOCK(l, BR(l)->mcast.membership_interval))
BR_SHOW(mc_querier_interval, "%lu", CLOCK(l, BR(l)->mcast.querier_interval))
BR_SHOW(mc_query_interval, "%lu", CLOCK(l, BR(l)->mcast.query_interval))
BR_SHOW(mc_query_response_interval, "%lu",
	CLOCK(l, BR(l)->mcast.query_response_interval))
BR_SHOW(mc_startup_query_interval, "%lu",
	CLOCK(l, BR(l)->mcast.startup_query_interval))
BR_SHOW(mc_querier, "%d", BR(l)->mcast.querier)
BR_SHOW(mc_router, "%d", BR(l)->mcast.router)
BR_SHOW(mc_snooping, "%d", br_opt(BR(l), BROPT_MULTICAST_ENABLED))
BR_SHOW(mc_query_use_ifaddr, "%d",
	br_opt(BR(l), BROPT_MULTICAST_QUERY_USE_IFADDR))
BR_SHOW(mc_stats_enabled, "%d", br_opt(BR(l), BROPT_MULTICAST_STATS_ENABLED))
BR_SHOW(nf_call_arptables, "%u", br_opt(BR(l), BROPT_NF_CALL_ARPTABLES))
BR_SHOW(nf_call_ip6tables, "%u", br_opt(BR(l), BROPT_NF_CALL_IP6TABLES))
BR_SHOW(nf_call_iptables, "%u", br_opt(BR(l), BROPT_NF_CALL_IPTABLES))
BR_SHOW(no_linklocal_learn, "%d", br_opt(BR(l), BROPT_NO_LL_LEARN))
BR_SHOW(priority, "%d",
	BR(l)->bridge_id.prio[0] << 8 | BR(l)->bridge_id.prio[1])
BR_SHOW(root_path_cost, "%u", BR(l)->root_path_cost)
BR_SHOW(root_port, "%d", BR(l)->root_port)
BR_SHOW(stp_state, "%u", BR(l)->stp_enabled)
BR_SHOW(topology_change, "%d", BR(l)->topology_change)
BR_SHOW(topology_change_detected, "%d", BR(l)->topology_change_detected)
BR_SHOW(vlan_filtering, "%d", br_opt(BR(l), BROPT_VLAN_ENABLED))
BR_SHOW(vlan_protocol, "0x%04x", ntohs(BR(l)->vlan_proto))
BR_SHOW(default_pvid, "%d", BR(l)->default_pvid)
BR_SHOW(vlan_stats_enabled, "%u", br_opt(BR(l), BROPT_VLAN_STATS_ENABLED))
BR_SHOW(vlan_stats_per_port, "%u", br_opt(BR(l), BROPT_VLAN_STATS_PER_PORT))

static int brs_bridge_id(const struct rtnl_link *l, FILE *out)
{
	put_id(out, &BR(l)->bridge_id);
	return 0;
}

static int brs_root_id(const struct rtnl_link *l, FILE *out)
{
	put_id(out, &BR(l)->designated_root);
	return 0;
}

static int brs_group_addr(const struct rtnl_link *l, FILE *out)
{
	const uint8_t *a = BR(l)->group_addr;

	fprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x\n", a[0], a[1], a[2],
		a[3], a[4], a[5]);
	return 0;
}

/* bridge_attrs[] of br_sysfs_br.c, in the order ls shows them. */
static const struct br_attr bridge_attrs[] = {
	{ "ageing_time", 0644, brs_ageing_time, BR_ANY },
	{ "bridge_id", 0444, brs_bridge_id, BR_ANY },
	{ "default_pvid", 0644, brs_default_pvid, BR_VLAN },
	{ "flush", 0200, NULL, BR_ANY },
	{ "forward_delay", 0644, brs_forward_delay, BR_ANY },
	{ "gc_timer", 0444, brs_gc_timer, BR_ANY },
	{ "group_addr", 0644, brs_group_addr, BR_ANY },
	{ "group_fwd_mask", 0644, brs_group_fwd_mask, BR_ANY },
	{ "hash_elasticity", 0644, brs_hash_elasticity, BR_SNOOPING },
	{ "hash_max", 0644, brs_hash_max, BR_SNOOPING },
	{ "hello_time", 0644, brs_hello_time, BR_ANY },
	{ "hello_timer", 0444, brs_hello_timer, BR_ANY },
	{ "max_age", 0644, brs_max_age, BR_ANY },
	{ "multicast_igmp_version", 0644, brs_mc_igmp_version, BR_SNOOPING },
	{ "multicast_last_member_count", 0644, brs_mc_last_member_count,
	  BR_SNOOPING },
	{ "multicast_last_member_interval", 0644, brs_mc_last_member_interval,
	  BR_SNOOPING },
	{ "multicast_membership_interval", 0644, brs_mc_membership_interval,
	  BR_SNOOPING },
	{ "multicast_mld_version", 0644, brs_mc_mld_version, BR_SNOOPING },
	{ "multicast_querier", 0644, brs_mc_querier, BR_SNOOPING },
	{ "multicast_querier_interval", 0644, brs_mc_querier_interval,
	  BR_SNOOPING },
	{ "multicast_query_interval", 0644, brs_mc_query_interval,
	  BR_SNOOPING },
	{ "multicast_query_response_interval", 0644,
	  brs_mc_query_response_interval, BR_SNOOPING },
	{ "multicast_query_use_ifaddr", 0644, brs_mc_query_use_ifaddr,
	  BR_SNOOPING },
	{ "multicast_router", 0644, brs_mc_router, BR_SNOOPING },
	{ "multicast_snooping", 0644, brs_mc_snooping, BR_SNOOPING },
	{ "multicast_startup_query_count", 0644, brs_mc_startup_query_count,
	  BR_SNOOPING },
	{ "multicast_startup_query_interval", 0644,
	  brs_mc_startup_query_interval, BR_SNOOPING },
	{ "multicast_stats_enabled", 0644, brs_mc_stats_enabled, BR_SNOOPING },
	{ "nf_call_arptables", 0644, brs_nf_call_arptables, BR_NETFILTER },
	{ "nf_call_ip6tables", 0644, brs_nf_call_ip6tables, BR_NETFILTER },
	{ "nf_call_iptables", 0644, brs_nf_call_iptables, BR_NETFILTER },
	{ "no_linklocal_learn", 0644, brs_no_linklocal_learn, BR_ANY },
	{ "priority", 0644, brs_priority, BR_ANY },
	{ "root_id", 0444, brs_root_id, BR_ANY },
	{ "root_path_cost", 0444, brs_root_path_cost, BR_ANY },
	{ "root_port", 0444, brs_root_port, BR_ANY },
	{ "stp_state", 0644, brs_stp_state, BR_ANY },
	{ "tcn_timer", 0444, brs_tcn_timer, BR_ANY },
	{ "topology_change", 0444, brs_topology_change, BR_ANY },
	{ "topology_change_detected", 0444, brs_topology_change_detected,
	  BR_ANY },
	{ "topology_change_timer", 0444, brs_topology_change_timer, BR_ANY },
	{ "vlan_filtering", 0644, brs_vlan_filtering, BR_VLAN },
	{ "vlan_protocol", 0644, brs_vlan_protocol, BR_VLAN },
	{ "vlan_stats_enabled", 0644, brs_vlan_stats_enabled, BR_VLAN },
	{ "vlan_stats_per_port", 0644, brs_vlan_stats_per_port, BR_VLAN },
};

/* ---- a port's ---- */

#define PORT(l) br_port_of(l)
#define PORT_FLAG(name, flag)                                              \
	BR_SHOW(name, "%d", !!(PORT(l)->flags & (flag)))

BR_SHOW(path_cost, "%u", PORT(l)->path_cost)
BR_SHOW(port_priority, "%d", PORT(l)->priority)
BR_SHOW(designated_port, "%d", PORT(l)->designated_port)
BR_SHOW(designated_cost, "%u", PORT(l)->designated_cost)
BR_SHOW(port_id, "0x%x", PORT(l)->port_id)
BR_SHOW(port_no, "0x%x", PORT(l)->port_no)
BR_SHOW(change_ack, "%d", PORT(l)->topology_change_ack)
BR_SHOW(config_pending, "%d", PORT(l)->config_pending)
BR_SHOW(state, "%d", PORT(l)->state)
BR_SHOW(message_age_timer, "%d", 0)
BR_SHOW(hold_timer, "%d", 0)
BR_SHOW(forward_delay_timer, "%lu",
	(unsigned long)br_timer_value(l, PORT(l)->forward_delay_timer))
BR_SHOW(port_group_fwd_mask, "0x%x", PORT(l)->group_fwd_mask)
BR_SHOW(port_mc_router, "%d", PORT(l)->mcast_router)
PORT_FLAG(hairpin_mode, BRP_HAIRPIN_MODE)
PORT_FLAG(bpdu_guard, BRP_BPDU_GUARD)
PORT_FLAG(root_block, BRP_ROOT_BLOCK)
PORT_FLAG(learning, BRP_LEARNING)
PORT_FLAG(unicast_flood, BRP_FLOOD)
PORT_FLAG(mc_fast_leave, BRP_MULTICAST_FAST_LEAVE)
PORT_FLAG(mc_to_unicast, BRP_MULTICAST_TO_UNICAST)
PORT_FLAG(proxyarp, BRP_PROXYARP)
PORT_FLAG(proxyarp_wifi, BRP_PROXYARP_WIFI)
PORT_FLAG(mc_flood, BRP_MCAST_FLOOD)
PORT_FLAG(broadcast_flood, BRP_BCAST_FLOOD)
PORT_FLAG(neigh_suppress, BRP_NEIGH_SUPPRESS)
PORT_FLAG(isolated, BRP_ISOLATED)

static int brs_designated_root(const struct rtnl_link *l, FILE *out)
{
	put_id(out, &PORT(l)->designated_root);
	return 0;
}

static int brs_designated_bridge(const struct rtnl_link *l, FILE *out)
{
	put_id(out, &PORT(l)->designated_bridge);
	return 0;
}

/* show_backup_port(): the name, or nothing */
static int brs_backup_port(const struct rtnl_link *l, FILE *out)
{
	const struct rtnl_link *b =
		PORT(l)->backup_port
			? rtnl_link_by_index(l->rn, PORT(l)->backup_port)
			: NULL;

	if (b)
		fprintf(out, "%s\n", b->name);
	return 0;
}

/* brport_attrs[] of br_sysfs_if.c; "bridge" is a link (below). */
static const struct br_attr port_attrs[] = {
	{ "backup_port", 0644, brs_backup_port, BR_ANY },
	{ "bpdu_guard", 0644, brs_bpdu_guard, BR_ANY },
	{ "broadcast_flood", 0644, brs_broadcast_flood, BR_ANY },
	{ "change_ack", 0444, brs_change_ack, BR_ANY },
	{ "config_pending", 0444, brs_config_pending, BR_ANY },
	{ "designated_bridge", 0444, brs_designated_bridge, BR_ANY },
	{ "designated_cost", 0444, brs_designated_cost, BR_ANY },
	{ "designated_port", 0444, brs_designated_port, BR_ANY },
	{ "designated_root", 0444, brs_designated_root, BR_ANY },
	{ "flush", 0200, NULL, BR_ANY },
	{ "forward_delay_timer", 0444, brs_forward_delay_timer, BR_ANY },
	{ "group_fwd_mask", 0644, brs_port_group_fwd_mask, BR_ANY },
	{ "hairpin_mode", 0644, brs_hairpin_mode, BR_ANY },
	{ "hold_timer", 0444, brs_hold_timer, BR_ANY },
	{ "isolated", 0644, brs_isolated, BR_ANY },
	{ "learning", 0644, brs_learning, BR_ANY },
	{ "message_age_timer", 0444, brs_message_age_timer, BR_ANY },
	{ "multicast_fast_leave", 0644, brs_mc_fast_leave, BR_SNOOPING },
	{ "multicast_flood", 0644, brs_mc_flood, BR_ANY },
	{ "multicast_router", 0644, brs_port_mc_router, BR_SNOOPING },
	{ "multicast_to_unicast", 0644, brs_mc_to_unicast, BR_SNOOPING },
	{ "neigh_suppress", 0644, brs_neigh_suppress, BR_ANY },
	{ "path_cost", 0644, brs_path_cost, BR_ANY },
	{ "port_id", 0444, brs_port_id, BR_ANY },
	{ "port_no", 0444, brs_port_no, BR_ANY },
	{ "priority", 0644, brs_port_priority, BR_ANY },
	{ "proxyarp", 0644, brs_proxyarp, BR_ANY },
	{ "proxyarp_wifi", 0644, brs_proxyarp_wifi, BR_ANY },
	{ "root_block", 0644, brs_root_block, BR_ANY },
	{ "state", 0444, brs_state, BR_ANY },
	{ "unicast_flood", 0644, brs_unicast_flood, BR_ANY },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bool built(const struct rtnl_link *l, const struct br_attr *a)
{
	const struct rtnl_features *f = &l->rn->feat;

	switch (a->needs) {
	case BR_SNOOPING:
		return f->br_igmp_snooping;
	case BR_NETFILTER:
		return f->br_netfilter;
	case BR_VLAN:
		return br_vlan_built(l);
	default:
		return true;
	}
}

static int attr_dir(const struct rtnl_link *l, const struct br_attr *tab,
		    size_t n, struct rtnl_file_out *o, bool bridge_link)
{
	int err = rtnl_file_begin(o, UNL_FILE_DIR, 0755);

	for (size_t i = 0; !err && i < n; i++) {
		if (bridge_link && strcmp(tab[i].name, "bridge") > 0) {
			rtnl_dir_add(o, DT_LNK, "bridge");
			bridge_link = false;
		}
		if (built(l, &tab[i]))
			rtnl_dir_add(o, DT_REG, tab[i].name);
	}
	return err;
}

/* One attribute: a show() that may not fail, or kernfs' EACCES for the
 * write-only flush. */
static int attr_file(const struct rtnl_link *l, const struct br_attr *tab,
		     size_t n, const char *name, struct rtnl_file_out *o)
{
	for (size_t i = 0; i < n; i++) {
		int err;

		if (strcmp(tab[i].name, name) || !built(l, &tab[i]))
			continue;
		if (!tab[i].show)
			return -EACCES;
		err = rtnl_file_begin(o, UNL_FILE_REG, tab[i].mode);
		if (err)
			return err;
		o->f->size = 4096;
		return tab[i].show(l, o->out);
	}
	return -ENOENT;
}

static int link_to(struct rtnl_file_out *o, const char *a, const char *b)
{
	int err = rtnl_file_begin(o, UNL_FILE_LNK, 0777);

	if (!err)
		fprintf(o->out, "%s%s%c", a, b, '\0');
	return err;
}

/* brif/: a link per port to its brport directory (newest port last,
 * ls sorts anyway). */
static int brif(const struct rtnl_link *l, const char *rest,
		struct rtnl_file_out *o)
{
	const struct br_port *p;
	int err;

	if (*rest) {
		for (p = BR(l)->ports; p; p = p->next)
			if (!strcmp(p->dev->name, rest))
				break;
		if (!p || !p->dev)
			return -ENOENT;
		err = rtnl_file_begin(o, UNL_FILE_LNK, 0777);
		if (!err)
			fprintf(o->out, "../../%s/brport%c", p->dev->name, '\0');
		return err;
	}
	err = rtnl_file_begin(o, UNL_FILE_DIR, 0755);
	for (p = BR(l)->ports; !err && p; p = p->next)
		rtnl_dir_add(o, DT_LNK, p->dev->name);
	return err;
}

/* brforward: br_fdb_fillbuf()'s struct __fdb_entry for the entries
 * with a port (bridge_fdb.c). */
static int brforward(const struct rtnl_link *l, struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_REG, 0444);

	if (!err)
		br_fdb_fillbuf(BR(l), o->out);
	return err;
}

/* The bridge's files in its directory (br_sysfs_addbr()). */
void br_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o)
{
	rtnl_dir_add(o, DT_REG, "brforward");
	rtnl_dir_add(o, DT_DIR, "bridge");
	rtnl_dir_add(o, DT_DIR, "brif");
}

int br_sysfs_get(const struct rtnl_link *l, const char *rest,
		 struct rtnl_file_out *o)
{
	const char *sub;

	if ((sub = rtnl_path_after(rest, "bridge")))
		return *sub ? attr_file(l, bridge_attrs, N_OF(bridge_attrs),
					sub, o)
			    : attr_dir(l, bridge_attrs, N_OF(bridge_attrs), o,
				       false);
	if ((sub = rtnl_path_after(rest, "brif")))
		return brif(l, sub, o);
	if (!strcmp(rest, "brforward"))
		return brforward(l, o);
	return -ENOENT;
}

/* A port's brport directory (br_sysfs_addif()); l is the port. */
void br_port_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o)
{
	rtnl_dir_add(o, DT_DIR, "brport");
}

int br_port_sysfs_get(const struct rtnl_link *l, const char *rest,
		      struct rtnl_file_out *o)
{
	const char *sub = rtnl_path_after(rest, "brport");

	if (!sub || !PORT(l))
		return -ENOENT;
	if (!strcmp(sub, "bridge"))
		return link_to(o, "../../", PORT(l)->br->name);
	return *sub ? attr_file(l, port_attrs, N_OF(port_attrs), sub, o)
		    : attr_dir(l, port_attrs, N_OF(port_attrs), o, true);
}

/* ---- writes ---- */

/* How a store's value becomes the netlink attribute that sets the same
 * option (br_sysfs_br.c's set_* and br_sysfs_if.c's store_* call the
 * functions br_changelink() and br_setport() call). */
enum br_store_kind {
	BS_U8,
	BS_U16,
	BS_U32,
	BS_U64,
	BS_BOOL,    /* a port flag: any value but 0 sets it */
	BS_FLAG,    /* flush: whatever is written */
	BS_BE16,    /* vlan_protocol: the value in network order */
	BS_MAC,     /* group_addr: xx:xx:xx:xx:xx:xx */
	BS_BOOLOPT, /* no_linklocal_learn: IFLA_BR_MULTI_BOOLOPT */
	BS_IFNAME,  /* backup_port: a device's name, or nothing */
};

struct br_store {
	const char *name;
	int attr;
	enum br_store_kind kind;
};

static const struct br_store bridge_stores[] = {
	{ "ageing_time", IFLA_BR_AGEING_TIME, BS_U32 },
	{ "default_pvid", IFLA_BR_VLAN_DEFAULT_PVID, BS_U16 },
	{ "flush", IFLA_BR_FDB_FLUSH, BS_FLAG },
	{ "forward_delay", IFLA_BR_FORWARD_DELAY, BS_U32 },
	{ "group_addr", IFLA_BR_GROUP_ADDR, BS_MAC },
	{ "group_fwd_mask", IFLA_BR_GROUP_FWD_MASK, BS_U16 },
	{ "hash_elasticity", IFLA_BR_MCAST_HASH_ELASTICITY, BS_U32 },
	{ "hash_max", IFLA_BR_MCAST_HASH_MAX, BS_U32 },
	{ "hello_time", IFLA_BR_HELLO_TIME, BS_U32 },
	{ "max_age", IFLA_BR_MAX_AGE, BS_U32 },
	{ "multicast_igmp_version", IFLA_BR_MCAST_IGMP_VERSION, BS_U8 },
	{ "multicast_last_member_count", IFLA_BR_MCAST_LAST_MEMBER_CNT,
	  BS_U32 },
	{ "multicast_last_member_interval", IFLA_BR_MCAST_LAST_MEMBER_INTVL,
	  BS_U64 },
	{ "multicast_membership_interval", IFLA_BR_MCAST_MEMBERSHIP_INTVL,
	  BS_U64 },
	{ "multicast_mld_version", IFLA_BR_MCAST_MLD_VERSION, BS_U8 },
	{ "multicast_querier", IFLA_BR_MCAST_QUERIER, BS_U8 },
	{ "multicast_querier_interval", IFLA_BR_MCAST_QUERIER_INTVL, BS_U64 },
	{ "multicast_query_interval", IFLA_BR_MCAST_QUERY_INTVL, BS_U64 },
	{ "multicast_query_response_interval",
	  IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, BS_U64 },
	{ "multicast_query_use_ifaddr", IFLA_BR_MCAST_QUERY_USE_IFADDR,
	  BS_U8 },
	{ "multicast_router", IFLA_BR_MCAST_ROUTER, BS_U8 },
	{ "multicast_snooping", IFLA_BR_MCAST_SNOOPING, BS_U8 },
	{ "multicast_startup_query_count", IFLA_BR_MCAST_STARTUP_QUERY_CNT,
	  BS_U32 },
	{ "multicast_startup_query_interval",
	  IFLA_BR_MCAST_STARTUP_QUERY_INTVL, BS_U64 },
	{ "multicast_stats_enabled", IFLA_BR_MCAST_STATS_ENABLED, BS_U8 },
	{ "nf_call_arptables", IFLA_BR_NF_CALL_ARPTABLES, BS_U8 },
	{ "nf_call_ip6tables", IFLA_BR_NF_CALL_IP6TABLES, BS_U8 },
	{ "nf_call_iptables", IFLA_BR_NF_CALL_IPTABLES, BS_U8 },
	{ "no_linklocal_learn", IFLA_BR_MULTI_BOOLOPT, BS_BOOLOPT },
	{ "priority", IFLA_BR_PRIORITY, BS_U16 },
	{ "stp_state", IFLA_BR_STP_STATE, BS_U32 },
	{ "vlan_filtering", IFLA_BR_VLAN_FILTERING, BS_U8 },
	{ "vlan_protocol", IFLA_BR_VLAN_PROTOCOL, BS_BE16 },
	{ "vlan_stats_enabled", IFLA_BR_VLAN_STATS_ENABLED, BS_U8 },
	{ "vlan_stats_per_port", IFLA_BR_VLAN_STATS_PER_PORT, BS_U8 },
};

static const struct br_store port_stores[] = {
	{ "backup_port", IFLA_BRPORT_BACKUP_PORT, BS_IFNAME },
	{ "bpdu_guard", IFLA_BRPORT_GUARD, BS_BOOL },
	{ "broadcast_flood", IFLA_BRPORT_BCAST_FLOOD, BS_BOOL },
	{ "flush", IFLA_BRPORT_FLUSH, BS_FLAG },
	{ "group_fwd_mask", IFLA_BRPORT_GROUP_FWD_MASK, BS_U16 },
	{ "hairpin_mode", IFLA_BRPORT_MODE, BS_BOOL },
	{ "isolated", IFLA_BRPORT_ISOLATED, BS_BOOL },
	{ "learning", IFLA_BRPORT_LEARNING, BS_BOOL },
	{ "multicast_fast_leave", IFLA_BRPORT_FAST_LEAVE, BS_BOOL },
	{ "multicast_flood", IFLA_BRPORT_MCAST_FLOOD, BS_BOOL },
	{ "multicast_router", IFLA_BRPORT_MULTICAST_ROUTER, BS_U8 },
	{ "multicast_to_unicast", IFLA_BRPORT_MCAST_TO_UCAST, BS_BOOL },
	{ "neigh_suppress", IFLA_BRPORT_NEIGH_SUPPRESS, BS_BOOL },
	{ "path_cost", IFLA_BRPORT_COST, BS_U32 },
	{ "priority", IFLA_BRPORT_PRIORITY, BS_U16 },
	{ "proxyarp", IFLA_BRPORT_PROXYARP, BS_BOOL },
	{ "proxyarp_wifi", IFLA_BRPORT_PROXYARP_WIFI, BS_BOOL },
	{ "root_block", IFLA_BRPORT_PROTECT, BS_BOOL },
	{ "unicast_flood", IFLA_BRPORT_UNICAST_FLOOD, BS_BOOL },
};

static const struct br_store *store_find(const struct rtnl_link *l,
					 const struct br_store *st, size_t n,
					 const struct br_attr *tab, size_t nt,
					 const char *name)
{
	for (size_t i = 0; i < nt; i++)
		if (!strcmp(tab[i].name, name) && !built(l, &tab[i]))
			return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(st[i].name, name))
			return &st[i];
	return NULL;
}

/* The attribute for val: 0, or the errno the store gives for a value
 * it cannot read (kstrtoul(), sscanf() of a MAC, a name). */
static int store_put(struct rtnl_net *rn, struct unl_skb *skb,
		     const struct br_store *s, const char *val)
{
	long v = 0;

	switch (s->kind) {
	case BS_FLAG:
		return unl_nla_put(skb, s->attr, 0, NULL);
	case BS_MAC: {
		unsigned char mac[6];

		if (sscanf(val, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0],
			   &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return -EINVAL;
		return unl_nla_put(skb, s->attr, 6, mac);
	}
	case BS_IFNAME: {
		char name[IFNAMSIZ + 1];
		size_t n = strcspn(val, "\n");
		const struct rtnl_link *b = NULL;

		if (n > IFNAMSIZ)
			return -ENOENT;
		memcpy(name, val, n);
		name[n] = '\0';
		if (n) {
			for (b = rn->links; b && strcmp(b->name, name);
			     b = b->next)
				;
			if (!b)
				return -ENOENT;
		}
		return unl_nla_put_u32(skb, s->attr,
				       b ? (uint32_t)b->ifindex : 0);
	}
	default:
		break;
	}
	if (rtnl_parse_long(val, &v) || v < 0)
		return -EINVAL;
	switch (s->kind) {
	case BS_U8:
		return unl_nla_put_u8(skb, s->attr, (uint8_t)v);
	case BS_BOOL:
		return unl_nla_put_u8(skb, s->attr, v ? 1 : 0);
	case BS_U16:
		return unl_nla_put_u16(skb, s->attr, (uint16_t)v);
	case BS_BE16:
		return unl_nla_put_u16(skb, s->attr, htons((uint16_t)v));
	case BS_U32:
		return unl_nla_put_u32(skb, s->attr, (uint32_t)v);
	case BS_U64:
		return unl_nla_put_u64(skb, s->attr, (uint64_t)v, IFLA_BR_PAD);
	case BS_BOOLOPT: {
		struct br_boolopt_multi bm = {
			.optval = v ? 1u << BR_BOOLOPT_NO_LL_LEARN : 0,
			.optmask = 1u << BR_BOOLOPT_NO_LL_LEARN,
		};

		return unl_nla_put(skb, s->attr, sizeof(bm), &bm);
	}
	default:
		return -EINVAL;
	}
}

/* The request a store makes: RTM_NEWLINK with the bridge's option in
 * IFLA_INFO_DATA (its changelink, then netdev_state_change() announces
 * the bridge, as store_bridge_parm() does), or AF_BRIDGE's RTM_SETLINK
 * with the port's in IFLA_PROTINFO (br_setport(), then the port's
 * AF_BRIDGE RTM_NEWLINK, as brport_store() does). */
static int store_run(struct rtnl_link *l, const struct unl_cred *who,
		     const struct br_store *s, const char *val, bool port)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb = unl_nlmsg_new(512);
	struct nlattr *outer, *inner = NULL;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	int err;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, 0, 0, port ? RTM_SETLINK : RTM_NEWLINK,
			    sizeof(*ifm), NLM_F_REQUEST);
	if (!nlh) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = port ? AF_BRIDGE : AF_UNSPEC;
	ifm->ifi_index = l->ifindex;
	if (port) {
		outer = unl_nla_nest_start(skb, IFLA_PROTINFO);
	} else {
		outer = unl_nla_nest_start(skb, IFLA_LINKINFO);
		if (outer && (unl_nla_put_string(skb, IFLA_INFO_KIND, "bridge") ||
			      !(inner = unl_nla_nest_start(skb, IFLA_INFO_DATA))))
			outer = NULL;
	}
	err = outer ? store_put(rn, skb, s, val) : -ENOMEM;
	if (err) {
		unl_skb_free(skb);
		return err;
	}
	if (inner)
		unl_nla_nest_end(skb, inner);
	unl_nla_nest_end(skb, outer);
	unl_nlmsg_end(skb, nlh);
	return rtnl_kernel_doit(rn, who, skb);
}

int br_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
		   const char *rest, const char *val)
{
	const char *sub = rtnl_path_after(rest, "bridge");
	const struct br_store *s;

	if (!sub || !*sub)
		return -ENOENT;
	s = store_find(l, bridge_stores, N_OF(bridge_stores), bridge_attrs,
		       N_OF(bridge_attrs), sub);
	return s ? store_run(l, who, s, val, false) : -ENOENT;
}

int br_port_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
			const char *rest, const char *val)
{
	const char *sub = rtnl_path_after(rest, "brport");
	const struct br_store *s;

	if (!sub || !*sub || !PORT(l))
		return -ENOENT;
	s = store_find(l, port_stores, N_OF(port_stores), port_attrs,
		       N_OF(port_attrs), sub);
	return s ? store_run(l, who, s, val, true) : -ENOENT;
}
