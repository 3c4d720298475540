/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The bridge (net/bridge) as its three files share it: the device and
 * its options (bridge.c), its ports, their spanning-tree state and the
 * AF_BRIDGE messages (bridge_port.c), its VLAN database (bridge_vlan.c).
 *
 * Times are kept in jiffies of the net's tick rate, as Linux keeps them,
 * so that what is reported is what Linux reports (jiffies_to_clock_t()
 * of clock_t_to_jiffies() of what was asked); the spanning tree's
 * timers run on the net's clock.
 */
#ifndef UNETLINK_ROUTE_LINK_BRIDGE_H
#define UNETLINK_ROUTE_LINK_BRIDGE_H

#include <linux/if_bridge.h>

#include "proto/route/link/kinds.h"

/* Attributes and values newer than the uapi headers this builds against
 * (numbers from Linux 6.18's include/uapi/linux/if_link.h and
 * if_bridge.h). */
#define BR_IFLA_BR_MCAST_QUERIER_STATE 47
#define BR_IFLA_BR_FDB_N_LEARNED 48
#define BR_IFLA_BR_FDB_MAX_LEARNED 49
#define BR_IFLA_BR_MAX 49
#define BR_IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT 37
#define BR_IFLA_BRPORT_MCAST_EHT_HOSTS_CNT 38
#define BR_IFLA_BRPORT_LOCKED 39
#define BR_IFLA_BRPORT_MAB 40
#define BR_IFLA_BRPORT_MCAST_N_GROUPS 41
#define BR_IFLA_BRPORT_MCAST_MAX_GROUPS 42
#define BR_IFLA_BRPORT_NEIGH_VLAN_SUPPRESS 43
#define BR_IFLA_BRPORT_BACKUP_NHID 44
#define BR_IFLA_BRPORT_MAX 44
#define BR_BRIDGE_QUERIER_IP_ADDRESS 1
#define BR_BRIDGE_QUERIER_IPV6_ADDRESS 5
#define BR_BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS 7
#define BR_BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS 8
#define BR_BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS 9
#define BR_BRIDGE_VLANDB_ENTRY_MAX 9

/* The boolean options of IFLA_BR_MULTI_BOOLOPT (enum br_boolopt_id). */
enum {
	BR_BOOL_NO_LL_LEARN,
	BR_BOOL_MCAST_VLAN_SNOOPING,
	BR_BOOL_MST_ENABLE,
	BR_BOOL_MDB_OFFLOAD_FAIL_NOTIFICATION,
	BR_BOOL_FDB_LOCAL_VLAN_0,
	BR_BOOL_MAX
};

/* The bridge's own options (enum net_bridge_opts). */
enum {
	BROPT_VLAN_ENABLED = 1u << 0,
	BROPT_VLAN_STATS_ENABLED = 1u << 1,
	BROPT_VLAN_STATS_PER_PORT = 1u << 2,
	BROPT_NF_CALL_IPTABLES = 1u << 3,
	BROPT_NF_CALL_IP6TABLES = 1u << 4,
	BROPT_NF_CALL_ARPTABLES = 1u << 5,
	BROPT_GROUP_ADDR_SET = 1u << 6,
	BROPT_MULTICAST_ENABLED = 1u << 7,
	BROPT_MULTICAST_QUERY_USE_IFADDR = 1u << 8,
	BROPT_MULTICAST_STATS_ENABLED = 1u << 9,
	BROPT_NO_LL_LEARN = 1u << 10,
	BROPT_MCAST_VLAN_SNOOPING = 1u << 11,
	BROPT_MST_ENABLED = 1u << 12,
	BROPT_MDB_OFFLOAD_FAIL_NOTIFICATION = 1u << 13,
	BROPT_FDB_LOCAL_VLAN_0 = 1u << 14,
	BROPT_MTU_SET_BY_USER = 1u << 15,
};

/* A port's flags (BR_* of include/linux/if_bridge.h). */
enum {
	BRP_HAIRPIN_MODE = 1u << 0,
	BRP_BPDU_GUARD = 1u << 1,
	BRP_ROOT_BLOCK = 1u << 2,
	BRP_MULTICAST_FAST_LEAVE = 1u << 3,
	BRP_ADMIN_COST = 1u << 4,
	BRP_LEARNING = 1u << 5,
	BRP_FLOOD = 1u << 6,
	BRP_PROMISC = 1u << 7,
	BRP_PROXYARP = 1u << 8,
	BRP_PROXYARP_WIFI = 1u << 9,
	BRP_MCAST_FLOOD = 1u << 10,
	BRP_MULTICAST_TO_UNICAST = 1u << 11,
	BRP_VLAN_TUNNEL = 1u << 12,
	BRP_BCAST_FLOOD = 1u << 13,
	BRP_NEIGH_SUPPRESS = 1u << 14,
	BRP_ISOLATED = 1u << 15,
	BRP_MRP_LOST_CONT = 1u << 16,
	BRP_MRP_LOST_IN_CONT = 1u << 17,
	BRP_PORT_LOCKED = 1u << 18,
	BRP_PORT_MAB = 1u << 19,
	BRP_NEIGH_VLAN_SUPPRESS = 1u << 20,
};
/* The flags that make a port "auto" (br_auto_port()). */
#define BRP_AUTO_MASK (BRP_FLOOD | BRP_LEARNING)

#define BR_NO_STP 0
#define BR_KERNEL_STP 1

/* struct bridge_id: priority (big-endian) and MAC, as IFLA_BR_BRIDGE_ID
 * carries it. */
struct br_id {
	uint8_t prio[2];
	uint8_t addr[6];
};

/* The multicast options of the bridge or of one of its VLANs (struct
 * net_bridge_mcast); intervals in jiffies. */
struct br_mcast {
	uint8_t router;  /* MDB_RTR_TYPE_* */
	uint8_t querier;
	uint8_t igmp_version, mld_version;
	uint32_t last_member_count, startup_query_count;
	uint64_t last_member_interval, membership_interval;
	uint64_t querier_interval, query_interval;
	uint64_t query_response_interval, startup_query_interval;
};

/* A VLAN of the bridge or of a port (struct net_bridge_vlan).  A bridge
 * VLAN without BRIDGE_VLAN_INFO_BRENTRY only holds the global options of
 * the ports' VLANs: it is not used, nor shown. */
struct br_vlan {
	struct br_vlan *next; /* by vid */
	uint16_t vid;
	uint16_t flags;       /* BRIDGE_VLAN_INFO_MASTER, BRENTRY, UNTAGGED */
	unsigned int refcnt;  /* bridge VLANs: its ports' and its own */
	uint8_t state;        /* BR_STATE_* */
	bool neigh_suppress;
	bool mcast_enabled;        /* BR_VLFLAG_MCAST_ENABLED */
	bool global_mcast_enabled; /* BR_VLFLAG_GLOBAL_MCAST_ENABLED */
	uint32_t tunnel_id;        /* 0: none */
	uint16_t msti;
	uint8_t port_mcast_router; /* a port VLAN's multicast router */
	uint32_t mcast_max_groups;
	struct br_mcast mcast;     /* a bridge VLAN's multicast context */
};

struct br_vlan_group {
	struct br_vlan *vlans;
	uint16_t pvid;
	uint16_t num_vlans; /* the ones used */
};

struct br_port;
struct br_mdb;

struct br_priv {
	struct rtnl_link *dev;
	struct br_port *ports; /* port_list: the newest first */
	unsigned int auto_cnt;
	uint32_t opts;         /* BROPT_* */
	struct br_id bridge_id, designated_root;
	uint32_t root_path_cost;
	uint16_t root_port;
	uint32_t stp_enabled;
	uint64_t forward_delay, hello_time, max_age;
	/* ageing_time is bridge_ageing_time but during a topology change
	 * (twice the forward delay then) */
	uint64_t ageing_time, bridge_ageing_time;
	uint8_t topology_change, topology_change_detected;
	/* hello_timer, topology_change_timer, gc_work's timer */
	struct unl_timer *hello_timer, *tc_timer, *gc_timer;
	uint16_t group_fwd_mask;
	uint8_t group_addr[6];
	uint32_t hash_max;
	uint32_t fdb_max_learned;
	uint32_t fdb_n_learned; /* the entries with BR_FDB_DYNAMIC_LEARNED */
	/* what the bridge device received (br_pass_frame_up(): the port's
	 * frames handed up, less their Ethernet header) and the multicast
	 * ones among them (dev->stats.multicast) */
	uint64_t rx_packets, rx_bytes, multicast;
	struct br_mcast mcast;
	uint16_t vlan_proto; /* network order */
	uint16_t default_pvid;
	struct br_vlan_group vg;
	bool had_port; /* for the features recomputed on the first port */
	/* The forwarding database (bridge_fdb.c): fdb_list, the newest
	 * first, and a hash of the entries by address and VLAN. */
	struct br_fdb *fdb_first;
	struct br_fdb **fdb_hash;
	size_t fdb_hash_mask, fdb_n;
	/* The multicast database (bridge_mdb.c): mdb_list, the newest
	 * first. */
	struct br_mdb *mdb_first;
};

/* A port (struct net_bridge_port), on the port device's l->port. */
struct br_port {
	struct br_port *next;
	struct rtnl_link *br, *dev;
	uint16_t port_no, port_id, priority;
	uint8_t state;
	uint32_t path_cost;
	uint32_t flags; /* BRP_* */
	struct br_id designated_root, designated_bridge;
	uint32_t designated_cost;
	uint16_t designated_port;
	uint8_t topology_change_ack, config_pending;
	struct unl_timer *forward_delay_timer;
	uint16_t group_fwd_mask;
	uint8_t mcast_router;
	uint32_t mcast_eht_hosts_limit;
	uint32_t mcast_max_groups;
	int backup_port; /* ifindex, 0 */
	uint32_t backup_nhid;
	struct br_vlan_group vg;
	/* the STP counters: transitions to blocking and forwarding (no
	 * BPDU is ever sent or received) */
	struct bridge_stp_xstats stp_xstats;
	/* on the bridge's multicast router lists (ip4_rlist, ip6_rlist),
	 * until mc_router_expires for a temporary router (jiffies) */
	bool mc_router_listed;
	int64_t mc_router_expires;
};

static inline struct br_priv *br_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static inline struct br_port *br_port_of(const struct rtnl_link *l)
{
	return l->port;
}

static inline bool br_opt(const struct br_priv *br, uint32_t opt)
{
	return br->opts & opt;
}

static inline void br_opt_toggle(struct br_priv *br, uint32_t opt, bool on)
{
	if (on)
		br->opts |= opt;
	else
		br->opts &= ~opt;
}

/* clock_t_to_jiffies() and jiffies_to_clock_t() at the net's HZ. */
uint64_t br_clock_to_jiffies(const struct rtnl_link *l, uint64_t clock);
uint64_t br_jiffies_to_clock(const struct rtnl_link *l, uint64_t jiffies);
/* mod_timer(t, jiffies + delta) on the net's clock; round: to a whole
 * second as round_jiffies() does. */
void br_timer_arm(const struct rtnl_link *l, struct unl_timer *t,
		  uint64_t delta, bool round);
/* br_timer_value(): the time left, in clock_t, 0 when not pending. */
uint64_t br_timer_value(const struct rtnl_link *l, const struct unl_timer *t);

/* ---- bridge.c ---- */
/* A multicast context's defaults (br_multicast_ctx_init()). */
void br_mcast_init(const struct rtnl_link *l, struct br_mcast *m);
int br_mcast_set_router(struct br_mcast *m, unsigned long val);
int br_mcast_set_igmp_version(struct br_mcast *m, unsigned long val);
int br_mcast_set_mld_version(struct br_mcast *m, unsigned long val);
void br_mcast_set_query_intvl(const struct rtnl_link *l, struct br_mcast *m,
			      uint64_t clock);
void br_mcast_set_startup_query_intvl(const struct rtnl_link *l,
				      struct br_mcast *m, uint64_t clock);
/* br_multicast_dump_querier_state() */
int br_mcast_put_querier_state(struct unl_skb *skb, const struct br_priv *br,
			       const struct br_mcast *m, bool disabled,
			       int type);

/* ---- bridge_port.c ---- */
extern const struct unl_nla_policy br_port_policy[BR_IFLA_BRPORT_MAX + 1];
int br_add_if(struct rtnl_link *brdev, struct rtnl_link *dev,
	      struct unl_ext_ack *extack);
void br_del_if(struct rtnl_link *brdev, struct rtnl_link *dev);
/* br_dev_delete(): every port leaves, before the bridge goes. */
void br_del_all_ports(struct rtnl_link *brdev);
int br_port_slave_changelink(struct rtnl_link *brdev, struct rtnl_link *dev,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack);
int br_port_fill_slave_info(struct unl_skb *skb, const struct rtnl_link *brdev,
			    const struct rtnl_link *dev);
int br_device_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
		    const struct rtnl_netdev_info *info);
/* The spanning tree (br_stp.c, br_stp_if.c) */
void br_stp_change_bridge_id(struct br_priv *br, const uint8_t *addr);
bool br_stp_recalculate_bridge_id(struct br_priv *br);
void br_stp_set_bridge_priority(struct br_priv *br, uint16_t prio);
int br_stp_set_enabled(struct br_priv *br, unsigned long val);
void br_stp_enable_bridge(struct br_priv *br);
void br_stp_disable_bridge(struct br_priv *br);
void br_port_state_selection(struct br_priv *br);
/* br_set_ageing_time() */
void br_set_ageing_time(struct br_priv *br, uint64_t clock);
/* The bridge's timers, made with it (0 or -ENOMEM). */
int br_timers_init(struct br_priv *br);
/* br_manage_promisc() */
void br_manage_promisc(struct br_priv *br);
/* br_mtu_auto_adjust() */
void br_mtu_auto_adjust(struct br_priv *br);
/* The AF_BRIDGE messages (br_getlink, br_setlink, br_dellink,
 * br_ifinfo_notify). */
int br_getlink(struct unl_skb *skb, uint32_t pid, uint32_t seq,
	       struct rtnl_link *dev, uint32_t filter_mask, int nlflags);
int br_setlink(struct rtnl_link *dev, const struct nlmsghdr *nlh,
	       uint16_t flags, struct unl_ext_ack *extack);
int br_dellink(struct rtnl_link *dev, const struct nlmsghdr *nlh,
	       uint16_t flags);
void br_ifinfo_notify(int type, struct br_priv *br, struct br_port *p);
/* br_fill_linkxstats(): the bridge's or a port's extended statistics. */
int br_fill_linkxstats(struct unl_skb *skb, const struct rtnl_link *l,
		       int *prividx, int attr);

/* ---- bridge_vlan.c ---- */
/* Without CONFIG_BRIDGE_VLAN_FILTERING, Linux's VLAN calls answer
 * EOPNOTSUPP; br_vlan_built() says whether this net's kernel has it. */
bool br_vlan_built(const struct rtnl_link *brdev);
/* The VLAN vid of a group, or NULL (br_vlan_find()). */
const struct br_vlan *br_vlan_lookup(const struct br_vlan_group *vg,
				     uint16_t vid);
int br_vlan_init(struct br_priv *br);
int br_vlan_bridge_register(struct br_priv *br);
void br_vlan_bridge_unregister(struct br_priv *br);
void br_vlan_flush(struct br_priv *br);
/* Every VLAN of the bridge and its ports goes, unannounced (the bridge
 * is freed). */
void br_vlan_destroy(struct br_priv *br);
int nbp_vlan_init(struct br_port *p, struct unl_ext_ack *extack);
void nbp_vlan_flush(struct br_port *p);
int br_vlan_filter_toggle(struct br_priv *br, unsigned long val,
			  struct unl_ext_ack *extack);
int br_vlan_set_proto(struct br_priv *br, uint16_t proto);
int br_vlan_set_default_pvid(struct br_priv *br, unsigned long val,
			     struct unl_ext_ack *extack);
int br_vlan_set_stats(struct br_priv *br, unsigned long val);
int br_vlan_set_stats_per_port(struct br_priv *br, unsigned long val);
int br_vlan_toggle_mcast_snooping(struct br_priv *br, bool on,
				  struct unl_ext_ack *extack);
int br_mst_set_enabled(struct br_priv *br, bool on,
		       struct unl_ext_ack *extack);
/* br_mst_set_state(): the port's VLANs of tree msti take state. */
void br_mst_set_state(struct br_port *p, uint16_t msti, uint8_t state);
/* IFLA_AF_SPEC of an AF_BRIDGE setlink or dellink (br_afspec()). */
int br_afspec(struct br_priv *br, struct br_port *p,
	      const struct nlattr *af_spec, int cmd, bool *changed,
	      struct unl_ext_ack *extack);
/* IFLA_AF_SPEC of an AF_BRIDGE link message: the VLANs of the bridge or
 * of port p, listed or as ranges, and p's MST states. */
int br_fill_vlans(struct unl_skb *skb, const struct br_priv *br,
		  const struct br_port *p, uint32_t filter_mask);
/* The group of the bridge or of a port. */
static inline struct br_vlan_group *br_vg(struct br_priv *br,
					  struct br_port *p)
{
	return p ? &p->vg : &br->vg;
}

/* ---- bridge_fdb.c: the forwarding database ---- */
/* NTF_EXT_LOCKED of include/uapi/linux/neighbour.h (Linux 6.2) */
#define BR_NTF_EXT_LOCKED (1u << 1)
/* BR_FDB_* of net/bridge/br_private.h, as bits */
enum {
	BR_FDB_LOCAL = 1u << 0,
	BR_FDB_STATIC = 1u << 1,
	BR_FDB_STICKY = 1u << 2,
	BR_FDB_ADDED_BY_USER = 1u << 3,
	BR_FDB_ADDED_BY_EXT_LEARN = 1u << 4,
	BR_FDB_OFFLOADED = 1u << 5,
	BR_FDB_NOTIFY = 1u << 6,
	BR_FDB_NOTIFY_INACTIVE = 1u << 7,
	BR_FDB_LOCKED = 1u << 8,
	BR_FDB_DYNAMIC_LEARNED = 1u << 9,
};

/* struct net_bridge_fdb_entry; dst NULL: the bridge's own. */
struct br_fdb {
	struct br_fdb *next, *prev; /* fdb_list */
	struct br_fdb *hnext;
	uint8_t addr[ETH_ALEN];
	uint16_t vid;
	struct br_port *dst;
	uint32_t flags; /* BR_FDB_* */
	int64_t updated, used; /* jiffies */
};

void br_fdb_change_mac_address(struct br_priv *br, const uint8_t *addr);
int br_fdb_add_local(struct br_priv *br, struct br_port *p,
		     const uint8_t *addr, uint16_t vid);
void br_fdb_find_delete_local(struct br_priv *br, const struct br_port *p,
			      const uint8_t *addr, uint16_t vid);
void br_fdb_changeaddr(struct br_port *p, const uint8_t *addr);
/* br_fdb_delete_by_port(): p's entries (p NULL: the bridge's own) of
 * vid (0: any), the static ones too when do_all. */
void br_fdb_delete_by_port(struct br_priv *br, const struct br_port *p,
			   uint16_t vid, bool do_all);
/* br_fdb_flush() of every entry but the static ones
 * (IFLA_BR_FDB_FLUSH). */
void br_fdb_flush_dynamic(struct br_priv *br);
/* br_fdb_update(): a frame from addr seen on p (flags: BR_FDB_* the
 * entry takes, BR_FDB_ADDED_BY_USER for NTF_USE, BR_FDB_LOCKED);
 * whether it announced a change. */
bool br_fdb_update(struct br_priv *br, struct br_port *p, const uint8_t *addr,
		   uint16_t vid, uint32_t flags);
/* A locked port's check of a frame's source: -1 no entry, 0 an entry
 * elsewhere or the bridge's own, 1 the port's own (its flags in
 * *flags). */
int br_fdb_source_match(struct br_priv *br, const struct br_port *p,
			const uint8_t *addr, uint16_t vid, uint32_t *flags);

/* ---- bridge_input.c ---- */
/* br_handle_frame(): the rx_handler of the bridge l's port dev. */
enum rtnl_rx_result br_handle_frame(struct rtnl_link *l, struct rtnl_link *dev,
				    const struct rtnl_frame *f);
int br_fdb_sync_static(struct br_priv *br, struct br_port *p);
void br_fdb_unsync_static(struct br_priv *br, struct br_port *p);
/* br_fdb_cleanup(): the dynamic entries that aged out go; the delay to
 * the next look, in jiffies. */
uint64_t br_fdb_cleanup(struct br_priv *br);
/* The bridge is freed: its entries go unannounced. */
void br_fdb_destroy(struct br_priv *br);
/* br_fdb_fillbuf() into the brforward file being made. */
void br_fdb_fillbuf(struct br_priv *br, FILE *out);
int br_fdb_add(struct rtnl_link *dev, const struct ndmsg *ndm,
	       const struct nlattr *const *tb, const uint8_t *addr,
	       uint16_t vid, uint16_t nlh_flags, bool *notified,
	       struct unl_ext_ack *extack);
int br_fdb_delete(struct rtnl_link *dev, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, bool *notified, struct unl_ext_ack *extack);
int br_fdb_delete_bulk(struct rtnl_link *dev, const struct nlmsghdr *nlh,
		       struct unl_ext_ack *extack);
int br_fdb_dump(struct unl_skb *skb, struct unl_callback *cb,
		struct rtnl_link *dev, struct rtnl_link *filter_dev,
		long *idx);
int br_fdb_get(struct unl_skb *skb, const struct nlattr *const *tb,
	       struct rtnl_link *dev, const uint8_t *addr, uint16_t vid,
	       uint32_t portid, uint32_t seq, struct unl_ext_ack *extack);
/* bridge_vlan.c: the VLAN of a group, and whether it is in use. */
bool br_vlan_in_use(const struct br_vlan_group *vg, uint16_t vid);
bool br_vlan_present(const struct br_vlan_group *vg, uint16_t vid);

/* ---- bridge_mdb.c: the multicast database ---- */
/* Attributes newer than the uapi headers this builds against (numbers
 * from Linux 6.18's include/uapi/linux/if_bridge.h). */
#define BR_MDBE_ATTR_SOURCE 1
#define BR_MDBE_ATTR_SRC_LIST 2
#define BR_MDBE_ATTR_GROUP_MODE 3
#define BR_MDBE_ATTR_RTPROT 4
#define BR_MDBE_ATTR_STATE_MASK 10
#define BR_MDBE_ATTR_MAX 10
#define BR_MDBA_GET_ENTRY 1
#define BR_MDBA_GET_ENTRY_ATTRS 2
#define BR_MDBA_GET_ENTRY_MAX 2
int br_mdb_add(struct rtnl_link *dev, const struct nlattr *const *tb,
	       uint16_t nlmsg_flags, struct unl_ext_ack *extack);
int br_mdb_del(struct rtnl_link *dev, const struct nlattr *const *tb,
	       struct unl_ext_ack *extack);
int br_mdb_dump(struct rtnl_link *dev, struct unl_skb *skb,
		struct unl_callback *cb);
/* br_mdb_del_bulk(): the memberships of a port, VLAN, state or
 * protocol go, announced (`bridge mdb flush`). */
int br_mdb_del_bulk(struct rtnl_link *dev, const struct nlattr *const *tb,
		    struct unl_ext_ack *extack);
int br_mdb_get(struct rtnl_link *dev, const struct nlattr *const *tb,
	       uint32_t portid, uint32_t seq, struct unl_ext_ack *extack);
/* br_multicast_del_port() (permanent_too) and
 * br_multicast_disable_port(): the port's memberships go, announced. */
void br_mdb_del_port(struct br_port *p, bool permanent_too);
/* br_multicast_set_port_router(): 0 or -EINVAL. */
int br_mdb_set_port_router(struct br_port *p, uint8_t val);
/* br_multicast_enable_port() and br_multicast_disable_port()'s router
 * part. */
void br_mdb_port_router_enable(struct br_port *p);
void br_mdb_port_router_disable(struct br_port *p);
/* The temporary memberships whose interval ran out go. */
void br_mdb_expire(struct br_priv *br);
/* The bridge is freed: its groups go unannounced. */
void br_mdb_destroy(struct br_priv *br);

/* ---- bridge_sysfs.c: bridge/, brif/, brforward and brport/ ---- */
void br_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o);
int br_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
		   const char *rest, const char *val);
int br_port_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
			const char *rest, const char *val);
int br_sysfs_get(const struct rtnl_link *l, const char *rest,
		 struct rtnl_file_out *o);
void br_port_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o);
int br_port_sysfs_get(const struct rtnl_link *l, const char *rest,
		      struct rtnl_file_out *o);

#endif
