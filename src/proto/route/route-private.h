/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NETLINK_ROUTE: what the rtnetlink objects share.  A struct rtnl_net is
 * one network namespace's control plane (links, addresses, routes,
 * neighbours, rules); nothing forwards packets.  One file per object,
 * as net/core/rtnetlink.c, net/ipv4/devinet.c, net/ipv6/addrconf.c,
 * net/ipv4/fib_*.c, net/core/neighbour.c and net/core/fib_rules.c split
 * them, each with a handler table registered by rtnetlink.c.
 *
 * Every function here runs with the net locked (kernel.h), which plays
 * the part of the RTNL lock.
 */
#ifndef UNETLINK_ROUTE_PRIVATE_H
#define UNETLINK_ROUTE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <sys/socket.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <unetlink/kernel.h>

/* Attributes newer than the uapi headers this builds against (numbers
 * from Linux 6.18's include/uapi/linux/if_link.h). */
#define RTNL_IFLA_ALLMULTI 61
#define RTNL_IFLA_DEVLINK_PORT 62
#define RTNL_IFLA_GSO_IPV4_MAX_SIZE 63
#define RTNL_IFLA_GRO_IPV4_MAX_SIZE 64
#define RTNL_IFLA_DPLL_PIN 65
#define RTNL_IFLA_MAX_PACING_OFFLOAD_HORIZON 66
#define RTNL_IFLA_NETNS_IMMUTABLE 67
#define RTNL_IFLA_HEADROOM 68
#define RTNL_IFLA_TAILROOM 69
#define RTNL_IFLA_MAX 69

/* Entries of the per-device configuration blobs in IFLA_AF_SPEC. */
#define RTNL_IPV4_DEVCONF_N 33
#define RTNL_IPV6_DEVCONF_N 60
/* IPv6's per-device sysctls outside the blob (struct ipv6_devconf's
 * fields that ipv6_store_devconf() does not report). */
enum {
	RTNL_CNF6X_RA_HONOR_PIO_LIFE,
	RTNL_CNF6X_RA_HONOR_PIO_PFLAG,
	RTNL_CNF6X_REGEN_MIN_ADVANCE,
	RTNL_CNF6X_N
};
extern const char *const rtnl_cnf6x_name[RTNL_CNF6X_N];

/* How rtnl_fill_ifinfo is asked to fill (IFLA_EXT_MASK bits). */
#define RTNL_EXT_SKIP_STATS RTEXT_FILTER_SKIP_STATS

struct rtnl_net;
struct rtnl_addrlabel;
struct rtnl_link;
struct rtnl_link_ops; /* link/kinds.h */
struct rtnl_tc_dev;   /* sched/sched.h */

/* Devices threaded through themselves (a kill list): adding never
 * fails, and a device is on at most one such list at a time. */
struct rtnl_link_list {
	struct rtnl_link *first;
	struct rtnl_link **tail;
};

/* One net_device. */
struct rtnl_fib4_gone {
	uint64_t born, death;
	uint32_t key;   /* host order */
	uint32_t table; /* rtnl_fib_table_alias()'s */
};
#define RTNL_FIB4_GONE_MAX 65536u

/* The variables of a struct neigh_parms (NEIGH_VAR_*), in Linux's
 * order; times are in jiffies of the net's HZ, as Linux keeps them. */
enum {
	RTNL_NV_MCAST_PROBES,
	RTNL_NV_UCAST_PROBES,
	RTNL_NV_APP_PROBES,
	RTNL_NV_MCAST_REPROBES,
	RTNL_NV_RETRANS_TIME,
	RTNL_NV_BASE_REACHABLE_TIME,
	RTNL_NV_DELAY_PROBE_TIME,
	RTNL_NV_INTERVAL_PROBE_TIME_MS,
	RTNL_NV_GC_STALETIME,
	RTNL_NV_QUEUE_LEN_BYTES,
	RTNL_NV_PROXY_QLEN,
	RTNL_NV_ANYCAST_DELAY,
	RTNL_NV_PROXY_DELAY,
	RTNL_NV_LOCKTIME,
	RTNL_NV_N
};

/* A device's parameters in one neighbour table (in_device's arp_parms,
 * inet6_dev's nd_parms). */
struct rtnl_neigh_parms {
	int32_t v[RTNL_NV_N];
	uint32_t reachable_ms; /* neigh_rand_reach_time() of the base */
	/* when it was made (rn->nparms_seq): tbl->parms_list holds the
	 * newest first */
	uint64_t seq;
};

/* One address of a device's unicast or multicast list (struct
 * netdev_hw_addr): its users, whether one of them is the global user
 * (SIOCADDMULTI, an exclusive add), and when it was first added (in
 * rn->mc_seq's order).  A negative refcount on the multicast list
 * takes users away from an address the stack joined. */
struct rtnl_hw_addr {
	uint8_t addr[6];
	bool global;
	int refcount;
	uint64_t seq;
};

struct rtnl_link {
	struct rtnl_link *next, *prev; /* in ifindex order */
	struct rtnl_link *index_next; /* rn->by_index chain */
	/* rn->carrier_links, in ifindex order: a kind with a carrier rule */
	struct rtnl_link *carrier_next, *carrier_prev;
	struct rtnl_link *name_next;  /* rn->by_name chain */
	struct rtnl_net *rn;
	const struct rtnl_link_ops *ops; /* its kind */
	int ifindex;
	char name[IFNAMSIZ];
	uint16_t type;     /* ARPHRD_* */
	unsigned int flags; /* IFF_* as set by the user (UP, PROMISC...) */
	bool carrier;
	uint8_t operstate; /* dev->operstate; reported DOWN when not up */
	uint8_t linkmode;
	uint32_t mtu, min_mtu, max_mtu;
	uint32_t txqlen;
	/* the sysfs NAPI knobs (gro_flush_timeout, napi_defer_hard_irqs):
	 * kept for the NAPI instances a device would have */
	uint64_t gro_flush_timeout;
	uint32_t napi_defer_hard_irqs;
	uint32_t group;
	uint32_t promiscuity, allmulti;
	/* The unicast addresses others put on the device's list (dev->uc,
	 * dev_uc_add()), and whether they made it promiscuous, as a device
	 * without IFF_UNICAST_FLT must be (dev->uc_promisc). */
	uint32_t uc_count;
	bool uc_promisc;
	/* L3 offload statistics requested (RTM_SETSTATS; stats.c) */
	bool offload_l3_stats;
	/* Those unicast addresses (dev->uc), and the multicast ones added
	 * beside the stack's own joins (dev_mc_add_excl() of an FDB entry,
	 * SIOCADDMULTI): hwaddr.c, mcast.c merges the second with the
	 * stack's. */
	struct rtnl_hw_list {
		struct rtnl_hw_addr *v;
		size_t n, cap;
	} uc, mc;
	uint32_t num_tx_queues, num_rx_queues;
	/* real_num_tx_queues, real_num_rx_queues: the queues in use, each
	 * a kobject (queues/tx-N); 0 until set means all of them */
	uint32_t real_num_tx_queues, real_num_rx_queues;
	uint32_t tso_max_size;
	/* What the stack may hand the device at once (IFLA_GSO_*, GRO_*) */
	uint32_t gso_max_size, gso_max_segs, gro_max_size;
	uint32_t gso_ipv4_max_size, gro_ipv4_max_size;
	uint32_t carrier_changes, carrier_up, carrier_down;
	/* The link-layer address and broadcast, addr_len bytes of
	 * MAX_ADDR_LEN: 6 for Ethernet, 4 for an IPv4 tunnel, 16 for an
	 * IPv6 one (its endpoints); and the permanent address
	 * (perm_addr, IFLA_PERM_ADDRESS when not all zero). */
	uint8_t addr[32], broadcast[32], perm_addr[32];
	uint8_t addr_len;
	uint8_t addr_assign_type; /* NET_ADDR_*: how the MAC was chosen */
	char *alias;
	char **altnames;  /* alternative names, oldest first (altname.c) */
	size_t naltnames;
	int master;    /* ifindex of the bridge, 0 */
	/* What the master's kind keeps about this device as its port
	 * (a bridge port), owned by that kind. */
	void *port;
	/* 8021q's state of a lower device (dev->vlan_info): its VLANs,
	 * in any net of the world, owned by the vlan kind. */
	void *vlan_info;
	/* macvlan's port on a lower device (its rx_handler_data): the
	 * macvlans and macvtaps on it, owned by the macvlan kind. */
	void *macvlan_port;
	/* ipvlan's port on a lower device: the ipvlans on it, owned by
	 * the ipvlan kind. */
	void *ipvlan_port;
	/* IFF_NO_ADDRCONF: IPv6 leaves the device alone (a bond's
	 * port) */
	bool no_addrconf;
	/* dev->core_stats: the frames the core dropped on the device (a
	 * LACPDU nothing took, one sent while down), which
	 * rtnl_link_get_stats64() adds to the driver's counters */
	uint64_t core_rx_dropped, core_tx_dropped;
	/* dev->dev_id: tells apart devices that share one MAC (ipvlans);
	 * it replaces ff:fe in an EUI-64 interface identifier. */
	uint16_t dev_id;
	bool netns_immutable; /* lo, a bridge: never moves to another net */
	bool isatap;          /* IFF_ISATAP: a sit device made for ISATAP */
	uint8_t addr_gen_mode;   /* IN6_ADDR_GEN_MODE_*, also in cnf6 */
	uint8_t token[8];        /* IFLA_INET6_TOKEN: its interface id */
	/* The secret of stable-privacy link-locals: set by the first
	 * address made in mode random (there is no sysctl here). */
	bool stable_secret_set;
	uint8_t stable_secret[16];
	int32_t cnf4[RTNL_IPV4_DEVCONF_N];
	/* The IPv4 entries written since the device came (cnf.state): a
	 * write to "default" no longer reaches them. */
	uint64_t cnf4_set;
	int32_t cnf6[RTNL_IPV6_DEVCONF_N];
	int32_t cnf6x[RTNL_CNF6X_N];
	uint32_t inet6_tstamp;   /* IFLA_INET6_CACHEINFO.tstamp */
	uint32_t reachable_time; /* ms, drawn as Linux draws it */
	/* its neighbour parameters: [0] ARP, [1] ND (neighparms.c); ND's
	 * reachable time is reachable_time above */
	struct rtnl_neigh_parms nparms[2];
	bool ipv6_up;            /* addrconf has configured it */
	/* No inet6_dev: the MTU is below IPv6's minimum (1280), so the
	 * device has no IPv6 addresses, routes, netconf or AF_SPEC. */
	bool no_inet6;
	bool activated;          /* up once: its qdisc is noqueue from then */
	/* The driver has signalled carrier at least once (linkwatch then
	 * computes operstate); lo, dummy and a bridge that never had a
	 * port stay UNKNOWN. */
	bool carrier_managed;
	/* NETREG_UNREGISTERING: on its way out, announced only by its
	 * RTM_DELLINK */
	bool unregistering;
	bool closing; /* in dev_close_many(): stopped, not yet announced */
	/* When (rn->mc_seq) the device joined multicast groups: IPv6's
	 * all-nodes with its inet6_dev, IPv4's all-hosts when it last came
	 * up, IPv6's all-routers when forwarding was last turned on (0:
	 * off).  mcast.c makes the membership lists from them. */
	uint64_t mc6_seq, mc4_seq, fwd6_seq;
	/* ... and when a bridge joined the all-snoopers groups
	 * (224.0.0.106, ff02::6a: br_multicast_join_snoopers(); 0: it
	 * has not, or left them) */
	uint64_t snoop_seq;
	/* ... and when it last came up (__dev_open()'s dev_set_rx_mode():
	 * a vlan, macvlan or ipvlan then syncs its multicast list to its
	 * lower device) */
	uint64_t rx_up_seq;
	/* How many of its unicast addresses it synced to its lower device
	 * (dev_uc_sync() while up, hwaddr.c); they count on the lower's
	 * list. */
	uint32_t uc_synced;
	/* ... and when IPv6 last withdrew its groups from the device
	 * (ipv6_mc_down(): it went down ready) and put them back
	 * (ipv6_mc_up(): ready again). */
	uint64_t mc6_down_seq, mc6_up_seq;
	/* RTNL_LINK_INITIALIZED: its first RTM_NEWLINK went out (one
	 * whose creation fails before goes without RTM_DELLINK) */
	bool configured;
	/* Linkwatch's queue (lweventlist) and the kill list of an
	 * unregistration (unreg_list). */
	struct rtnl_link *lw_next, *kill_next, *close_next;
	struct rtnl_link *lw_prev; /* in the queue, NULL: its first */
	/* Its addresses, in the net's order (addr.c keeps it). */
	struct rtnl_addr *addrs;
	bool lw_queued, kill_queued;
	/* Its qdiscs (sched/sch_api.c), NULL before any. */
	struct rtnl_tc_dev *tc;
	/* Its offloads (hw_features, wanted_features, features) once
	 * ethtool changed them (feat_own); until then the kind's defaults
	 * (ops->ethtool->features).  ethtool.c keeps them. */
	bool feat_own;
	uint64_t feat_hw, feat_wanted, feat_active;
	/* NETIF_MSG_* classes a driver with set_msglevel logs (tun) */
	uint32_t msglevel;
	/* What its driver offers XDP (dev->xdp_features, NETDEV_XDP_ACT_*),
	 * and its NAPI instances (a veth receiving with GRO): netdev_genl.c
	 * keeps them. */
	uint64_t xdp_features;
	struct rtnl_napi *napi;
	uint32_t n_napi;
	/* the groups last announced to RTNLGRP_*_MCADDR/ACADDR (mcnotify.c) */
	struct rtnl_mc_seen *mc_seen;
	/* The kind's private area (netdev_priv()), ops->priv_size bytes. */
	uint64_t priv[];
};

/* A NAPI instance (struct napi_struct) and its settings, which start
 * from the device's sysfs knobs (netif_napi_add()). */
struct rtnl_napi {
	uint32_t id;
	uint32_t defer_hard_irqs;
	uint64_t gro_flush_timeout, irq_suspend_timeout;
};

/* An address (struct in_ifaddr / struct inet6_ifaddr). */
struct rtnl_addr {
	struct rtnl_addr *next; /* per net, per family, in creation order */
	struct rtnl_addr *prev;
	/* Its device's addresses, in the same order (rtnl_link.addrs):
	 * what a device's change does to its addresses looks at those. */
	struct rtnl_addr *dev_next, *dev_prev;
	bool linked;
	int family;
	int ifindex;
	uint8_t prefixlen;
	uint8_t scope;
	uint32_t flags; /* IFA_F_* */
	uint8_t local[16];
	uint8_t address[16]; /* the peer, = local unless given */
	uint8_t broadcast[4];
	bool has_broadcast;
	char label[IFNAMSIZ];
	uint32_t valid_lft, preferred_lft; /* INFINITY_LIFE_TIME: forever */
	uint32_t cstamp, tstamp;           /* centiseconds since boot */
	int64_t lft_stamp; /* when the lifetimes started (ifa->tstamp) */
	uint32_t rt_priority;
	uint8_t proto;
	uint32_t dad_seq; /* > 0: DAD to finish, in this order */
	/* kept over a down (keep_addr_on_down): DAD again, announced as
	 * it ends, NODAD or not (INET6_IFADDR_STATE_PREDAD) */
	bool predad;
	struct rtnl_addr *dad_next; /* rn->dad_head, in dad_seq order */
	/* IPv6: when its solicited-node group was joined (its creation),
	 * and when it became final (the anycast groups of a router). */
	uint64_t mc_seq, final_seq;
};

/* A next hop of a route. */
struct rtnl_nh {
	int ifindex;
	uint8_t gw[16];
	bool has_gw;
	uint8_t flags; /* RTNH_F_* */
	uint8_t hops;  /* weight - 1 */
	uint32_t tclassid; /* IPv4 realms (RTA_FLOW), IP_ROUTE_CLASSID */
};

#define RTNL_METRIC_MAX RTAX_MAX

/* Route attributes newer than the uapi headers (Linux 6.18's
 * include/uapi/linux/rtnetlink.h). */
#define RTNL_RTA_FLOWLABEL 31
#define RTNL_RTA_MAX 31

/* Rule attributes newer than the uapi headers (Linux 6.18's
 * include/uapi/linux/fib_rules.h). */
#define RTNL_FRA_DSCP 25
#define RTNL_FRA_FLOWLABEL 26
#define RTNL_FRA_FLOWLABEL_MASK 27
#define RTNL_FRA_SPORT_MASK 28
#define RTNL_FRA_DPORT_MASK 29
#define RTNL_FRA_DSCP_MASK 30
#define RTNL_FRA_MAX 30

/* A route (struct fib_alias + fib_info, or struct fib6_info).  Most
 * routes have one path and no metrics, so that is what is inline:
 * nh points at nh1 unless the route has several paths, in an array of
 * its own; metrics is NULL unless one was given.  A route made on the
 * stack (a template) starts with rtnl_route_init() and may own those
 * arrays too; route.c copies them when it stores a route. */
struct rtnl_route {
	struct rtnl_route *next, *prev;
	/* The routes of one key are adjacent in the list, a run; its first
	 * one knows its last (route.c's runs index), NULL in the others. */
	struct rtnl_route *run_last;
	/* Its place in rn's index by device (route.c): a chain of one
	 * bucket (dev_key, one path through that device) or the list of
	 * the others (-1: paths, a nexthop object). */
	struct rtnl_route *dev_next, *dev_prev;
	int dev_key;
	bool dev_indexed;
	struct rtnl_nh *nh;     /* nnh paths: &nh1 or an array */
	uint32_t *metrics;      /* RTNL_METRIC_MAX + 1 values, or NULL */
	uint64_t nh_stamp;      /* when it joined its nexthop's route list */
	/* RTF_EXPIRES (IPv6): when, on the net's clock.  gc_seq orders
	 * the garbage collector's list (fib6 gc_link): newest first. */
	int64_t expires;
	uint32_t gc_seq;
	uint32_t table;
	uint32_t priority;
	/* A nexthop object (RTA_NH_ID), 0 for none: nh then only mirrors
	 * its first paths for lookups, and messages describe the object
	 * itself. */
	uint32_t nh_id;
	/* The routing cache's input route made from this entry is valid
	 * while route_seq + rule_seq is this (+ 1; 0: none was made). */
	unsigned int input_genid;
	uint8_t family;
	uint8_t dst_len, src_len;
	uint8_t tos, protocol, scope, type;
	uint8_t pref; /* IPv6 router preference */
	/* RTA_MULTIPATH is at most 64 KiB, so at most 8190 paths */
	uint16_t nnh;
	bool multipath; /* given as RTA_MULTIPATH */
	bool has_prefsrc;
	bool has_expires;
	uint8_t dst[16];
	uint8_t src[16];
	uint8_t prefsrc[16];
	struct rtnl_nh nh1;
	/* When it was made (rn->route_born): /proc/net/fib_trie replays
	 * the insertions in this order (fibtrie.c). */
	uint64_t born;
};

/* An empty route whose one path is the inline one. */
static inline void rtnl_route_init(struct rtnl_route *rt)
{
	*rt = (struct rtnl_route){ 0 };
	rt->nh = &rt->nh1;
}

/* A neighbour entry (struct neighbour).  lladdr holds the device's
 * addr_len bytes and means something while state is NUD_VALID. */
struct rtnl_neigh {
	struct rtnl_neigh *next; /* newest first, as a device's list */
	int family;
	int ifindex;
	uint8_t dst[16];
	uint8_t lladdr[32]; /* MAX_ADDR_LEN */
	uint8_t state;      /* NUD_* */
	uint32_t flags;     /* NTF_* below bit 8, NDA_FLAGS_EXT's above */
	uint8_t type;       /* RTN_*, from the constructor */
	uint8_t protocol;
	/* Linux would have a timer running (it holds a reference, which
	 * ndm_refcnt shows); nothing runs it here. */
	bool timer;
	uint32_t probes;
	uint32_t used, confirmed, updated; /* milliseconds since boot */
};

/* A proxy entry (struct pneigh_entry): answered for, never resolved. */
struct rtnl_pneigh {
	struct rtnl_pneigh *next; /* in its hash bucket, newest first */
	int family;
	int ifindex; /* 0: on every device */
	uint8_t key[16];
	uint32_t flags;
	uint8_t protocol;
	bool permanent;
	/* pndisc_constructor()'s join of the solicited-node group of an
	 * IPv6 entry on its device (rn->mc_seq), 0: none */
	uint64_t mc_seq;
};

/* PNEIGH_HASHMASK + 1: proxy entries are dumped bucket by bucket. */
#define RTNL_PNEIGH_BUCKETS 16

/* RTA_NH_ID's object (struct nexthop with its nh_info or nh_group). */
struct rtnl_nh_grp_entry {
	uint32_t id;
	uint16_t weight; /* the user's weight + 1: 1..65535 */
	uint64_t stamp;  /* newest first in the member's group list */
};

struct rtnl_nexthop {
	struct rtnl_nexthop *next; /* by id */
	uint32_t id;
	uint8_t family; /* AF_INET, AF_INET6; AF_UNSPEC for a group */
	uint8_t protocol;
	uint8_t scope;
	uint32_t flags; /* nh_flags: RTNH_F_ONLINK */
	bool blackhole, fdb;
	/* Where it sits in its device's hash chain (newest first). */
	uint64_t stamp;
	struct rtnl_nh nh; /* a single nexthop's device and gateway */
	bool is_group;
	bool hw_stats;
	uint16_t grp_type;
	int ngrp;
	struct rtnl_nh_grp_entry *grp;
};

/* A policy rule (struct fib_rule with its fib4_rule / fib6_rule part),
 * as fib_nl2rule() and the family's configure() made it. */
struct rtnl_rule {
	struct rtnl_rule *next; /* by family, then priority */
	/* FR_ACT_GOTO: the rule jumped to (ctarget), NULL while no rule
	 * has the target priority. */
	struct rtnl_rule *ctarget;
	int family;
	uint32_t priority;
	uint32_t table;
	uint8_t action;
	uint32_t flags;    /* FIB_RULE_* as given (INVERT, FIND_SADDR...) */
	uint8_t protocol;
	uint8_t dst_len, src_len;
	uint8_t dst[16], src[16];
	/* The DS field matched: the TOS byte of the header (legacy, whose
	 * upper DSCP bits IPv4 ignores), or FRA_DSCP with its mask. */
	uint8_t dscp, dscp_mask;
	bool dscp_full;
	char iifname[IFNAMSIZ], oifname[IFNAMSIZ];
	bool has_iif, has_oif; /* FRA_IIFNAME, FRA_OIFNAME given */
	uint32_t mark, mark_mask;
	uint64_t tun_id;   /* as on the wire (big endian) */
	uint8_t l3mdev;
	bool uid_set;
	uint32_t uid_start, uid_end;
	uint8_t ip_proto;
	uint16_t sport_start, sport_end, sport_mask;
	uint16_t dport_start, dport_end, dport_mask;
	uint32_t goto_target;
	int32_t suppress_prefixlen, suppress_ifgroup; /* -1: none */
	uint32_t tclassid;  /* IPv4 FRA_FLOW */
	uint32_t flowlabel, flowlabel_mask; /* IPv6, host order */
};

/* A flow (struct flowi4, struct flowi6) as the rules and the tables see
 * it.  Ports and the flow label in host order. */
#define RTNL_UID_INVALID 0xffffffffu
struct rtnl_flow {
	uint8_t family;
	uint8_t dst[16], src[16];
	int iif, oif;
	uint32_t mark;
	uint32_t uid;
	uint8_t dscp;  /* the DS field without its ECN bits */
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t flowlabel;
	uint8_t scope; /* IPv4: routes of a narrower scope do not match */
	unsigned int flags; /* RTNL_FLOW_* */
};
#define RTNL_FLOW_HAS_SADDR 0x1 /* RT6_LOOKUP_F_HAS_SADDR */
#define RTNL_FLOW_IFACE 0x2     /* RT6_LOOKUP_F_IFACE */
#define RTNL_FLOW_IGNORE_LINKSTATE 0x4 /* FIB_LOOKUP_IGNORE_LINKSTATE */

/* What a table lookup found (struct fib_result, fib6_result). */
struct rtnl_fib_res {
	const struct rtnl_route *rt; /* NULL: nothing (IPv6 null entry) */
	int nh_sel;
	uint32_t table; /* the table that answered, 0 for none */
	uint8_t type;
	uint8_t prefixlen;
	int dev;        /* the device suppress_ifgroup looks at */
	uint32_t tclassid; /* the realms of the rule that answered */
};

/* A set of FIB table ids (fib_new_table() adds, nothing removes). */
struct rtnl_table_set {
	uint32_t *ids;
	unsigned int n, cap;
};

/* What the net's kernel profile offers that changes answers
 * (include/unetlink/profile.h), read once when the net is made. */
struct rtnl_features {
	bool ip_mroute, ip6_mroute;	   /* IP_MROUTE, IPV6_MROUTE */
	/* BRIDGE_VLAN_FILTERING, BRIDGE_IGMP_SNOOPING, BRIDGE_NETFILTER */
	bool br_vlan_filtering, br_igmp_snooping, br_netfilter;
	bool ipmr_rules, ip6mr_rules;	   /* IP(V6)_MROUTE_MULTIPLE_TABLES */
	bool fib4_rules, fib6_rules;	   /* IP(V6)_MULTIPLE_TABLES */
	bool ip6_subtrees;		   /* IPV6_SUBTREES */
	bool route_classid;		   /* IP_ROUTE_CLASSID: realms */
};

/* What rtnetlink keeps for the whole world, as Linux keeps it for the
 * machine: the linkwatch queue (lweventlist) of every net's devices in
 * the order they fired, and the nets with duplicate address detection
 * to finish (a request in one net may start it in another). */
struct rtnl_world {
	struct rtnl_link_list linkwatch;
	struct rtnl_net *dad_nets;
	/* qdisc_alloc_handle()'s counter, one per machine (0: unused) */
	uint32_t tc_autohandle;
	/* the link modules loaded (struct rtnl_link_module's bits) */
	uint32_t modules;
	/* napi_hash_add()'s napi_gen_id: the last NAPI id given */
	uint32_t napi_gen_id;
};

struct rtnl_net {
	struct unl_net *net;
	struct rtnl_world *world;
	/* SRv6's tunnel source (seg6.c; "::" until set) */
	uint8_t seg6_tunsrc[16];
	/* the in-kernel MPTCP path manager (mptcp_pm.c), made on first use */
	struct mptcp_pm_net *mptcp;
	/* IPv6 IOAM namespaces and schemas (ioam6.c), made on first use */
	struct ioam6_net *ioam6;
	/* IPVS's services and settings (netfilter/ip_vs_ctl.c), made on
	 * first use */
	struct ipvs_net *ipvs;
	struct ipvs_sysctls *ipvs_sysctls; /* ip_vs_sysctl.c */
	struct rtnl_net *dad_net_next; /* in world->dad_nets */
	bool dad_queued;
	/* in a set of nets whose carriers a change that spans nets is to
	 * look at (link.c) */
	struct rtnl_net *carrier_next;
	bool carrier_queued;
	struct unl_sock *ksk;
	struct rtnl_features feat;
	unsigned int hz; /* the kernel's tick rate: bridge times are in it */
	/* The namespace's "all" and "default" device configuration; a new
	 * device starts from the defaults (devconf.c). */
	int32_t cnf4_all[RTNL_IPV4_DEVCONF_N], cnf4_dflt[RTNL_IPV4_DEVCONF_N];
	int32_t cnf6_all[RTNL_IPV6_DEVCONF_N], cnf6_dflt[RTNL_IPV6_DEVCONF_N];
	int32_t cnf6x_all[RTNL_CNF6X_N], cnf6x_dflt[RTNL_CNF6X_N];
	struct rtnl_link *links, *links_tail;
	/* The devices whose kind has a carrier rule (ops->carrier), in
	 * ifindex order: all a carrier update has to look at. */
	struct rtnl_link *carrier_links, *carrier_tail;
	/* The devices by ifindex (dev_index_head) and by name
	 * (dev_name_head): chains from tables of index_mask + 1 buckets,
	 * doubled as devices come.  Altnames are not in them: once a
	 * device of the net had one, a name not found is looked for
	 * among every device's. */
	struct rtnl_link **by_index, **by_name;
	uint32_t index_mask, nlinks;
	bool had_altnames;
	int ifindex_next;
	unsigned int dev_base_seq; /* moves on every link change */
	unsigned int addr_seq, route_seq;
	/* Bumped whenever a route joins or leaves the list: a dump's saved
	 * position stays valid while it is unchanged. */
	unsigned int route_list_gen;
	/* The routes by device, for what a device's change does to its
	 * routes (NETDEV_CHANGE): buckets by the ifindex of a route's one
	 * path (NULL until the first route, or without memory: then every
	 * route is looked at), and the routes with paths or a nexthop
	 * object, which are looked at every time. */
	struct rtnl_route **by_dev;
	uint32_t by_dev_mask, by_dev_count;
	struct rtnl_route *routes_multi;
	uint64_t rand; /* the seeded generator behind MACs and timers */
	/* DAD to finish after a request: addresses in this order, and
	 * the ones waiting (a list, so that a request in a net of 10,000
	 * addresses does not look at each to find none). */
	uint32_t dad_next;
	struct rtnl_addr *dad_head, *dad_tail;
	/* orders the multicast joins (mcast.c): rtnl_mc_tick() */
	uint64_t mc_seq;
	struct rtnl_addr *addrs, *addrs_tail;
	struct rtnl_route *routes;
	/* The first route of each run of one key, sorted as the list is:
	 * where a route goes is a binary search, not a walk (10,000 ports
	 * of a bridge make 10,000 link-local routes of one key, and as
	 * many local ones).  runs_lost: no memory once, the list is walked
	 * from then on. */
	struct rtnl_route **runs;
	size_t nruns, capruns;
	bool runs_lost;
	/* Routes made so far, and how many when local and main came
	 * apart (fib_unmerge(): fibtrie.c rebuilds local's trie from
	 * that moment). */
	uint64_t route_born, fib4_unmerge_born;
	/* The IPv4 routes gone, for fibtrie.c to replay the trie's
	 * deletions too: when each was made and went (rn->route_born
	 * then), its key and table; at most RTNL_FIB4_GONE_MAX, past
	 * which the log is dropped for good (fib4_gone_lost) and the trie
	 * is grown from the routes there are. */
	struct rtnl_fib4_gone *fib4_gone;
	uint32_t fib4_gone_n, fib4_gone_cap;
	bool fib4_gone_lost;
	uint64_t nparms_seq; /* orders the devices' neighbour parameters */
	/* net.ipv6.conf.default.stable_secret, which new devices copy */
	bool stable_secret_dflt_set;
	uint8_t stable_secret_dflt[16];
	/* The tables that exist: IPv4 ones are made on first use
	 * (fib_new_table) and stay; IPv6 has main and local from the start
	 * and makes others as IPv4 does (fib6_new_table). */
	struct rtnl_table_set tables4, tables6;
	/* An IPv4 rule was added or deleted (fib_has_custom_rules): from
	 * then on lookups follow the rules and local and main are separate
	 * tables (fib_unmerge); it never goes back.  IPv6 alike. */
	bool fib4_custom_rules, fib6_custom_rules;
	/* vrf's netns_vrf: the first VRF of the net added its l3mdev
	 * rules (they are not added again, even if deleted) */
	bool vrf_rules_added;
	/* net.vrf.strict_mode (vrf.c): no two VRFs share a table */
	int vrf_strict_mode;
	/* A route of type local was added by hand (IPv4). */
	bool fib4_custom_local_routes;
	struct rtnl_neigh *neighs;
	/* Per table (ARP, then ND), by pneigh_hash() of the address. */
	struct rtnl_pneigh *pneighs[2][RTNL_PNEIGH_BUCKETS];
	struct rtnl_rule *rules;
	unsigned int rule_seq; /* moves with every rule added or deleted */
	struct rtnl_nexthop *nexthops;
	/* IPv6 address labels (addrlabel.c), in table order, and the
	 * table's sequence number. */
	struct rtnl_addrlabel *addrlabels;
	uint32_t addrlabel_seq;
	uint32_t nh_last_id; /* net->nexthop.last_id_allocated */
	uint64_t nh_stamp;   /* orders hash chains and member lists */
	unsigned int nh_seq;
	/* What the kernel does on its clock: the address lifetime checks
	 * of each family (check_lifetime, addrconf_verify) and the IPv6
	 * route garbage collector (ip6_fib_timer). */
	struct unl_timer *addr_chk4, *addr_chk6;
	struct unl_timer *fib6_gc;
	uint32_t gc_seq;
	/* traffic control filters, blocks and actions (sched/cls.h), made
	 * on first use */
	struct rtnl_tcf_net *tcf;
	/* mcnotify.c: the devices' mc_seen are not what was announced (no
	 * listener since): taken again, silently, when one binds */
	bool mc_seen_stale;
};

/* Netdevice events (enum netdev_cmd): what happened to a device, told to
 * every subscriber of the chain in turn, as call_netdevice_notifiers()
 * tells the netdevice notifiers. */
enum rtnl_netdev_event {
	RTNL_NETDEV_UP,
	RTNL_NETDEV_DOWN,
	RTNL_NETDEV_CHANGE,     /* carrier, flags or attributes moved */
	RTNL_NETDEV_REGISTER,
	RTNL_NETDEV_UNREGISTER,
	RTNL_NETDEV_CHANGEMTU,
	RTNL_NETDEV_CHANGEADDR, /* MAC or broadcast address */
	RTNL_NETDEV_CHANGENAME,
	RTNL_NETDEV_CHANGEUPPER, /* joined or left a master */
	RTNL_NETDEV_CHANGE_TX_QUEUE_LEN,
	RTNL_NETDEV_FEAT_CHANGE, /* what the device offloads changed */
	/* netif_set_real_num_{tx,rx}_queues() moved the counts of queues
	 * in use, where net-sysfs adds or removes their kobjects (no
	 * notifier of Linux: the chain carries it to kobject.c) */
	RTNL_NETDEV_REAL_QUEUES,
	/* what the device offers XDP (xdp_features) changed
	 * (NETDEV_XDP_FEAT_CHANGE) */
	RTNL_NETDEV_XDP_FEAT_CHANGE,
};

/* What comes with an event (struct netdev_notifier_info and its
 * change_info and changeupper_info). */
struct rtnl_netdev_info {
	struct rtnl_link *dev;
	/* NETDEV_CHANGE: the flags that moved (0 for a state change);
	 * linkwatch: the change is a carrier change found by linkwatch
	 * (Linux's addrconf tells the two apart by IF_READY). */
	unsigned int flags_changed;
	bool linkwatch;
	/* NETDEV_CHANGEUPPER: the master, and whether it was joined */
	struct rtnl_link *upper;
	bool linking;
	/* NETDEV_CHANGENAME: the name it had */
	const char *old_name;
	/* NETDEV_UNREGISTER and NETDEV_REGISTER of a device moving to
	 * another net (__dev_change_net_namespace()) */
	bool netns_change;
	/* RTNL_NETDEV_REAL_QUEUES: the counts before */
	uint32_t old_real_tx, old_real_rx;
	struct unl_ext_ack *extack;
};

/* A subscriber of the chain (a struct notifier_block's call): 0, or
 * -errno to stop the chain (notifier_from_errno()). */
typedef int (*rtnl_netdev_notifier_fn)(struct rtnl_net *rn,
				       enum rtnl_netdev_event event,
				       const struct rtnl_netdev_info *info);

/* A request handler: the parsed header is in nlh, attributes are parsed
 * by the handler against its own policy. */
typedef int (*rtnl_doit_fn)(struct rtnl_net *rn, struct unl_skb *skb,
			    struct nlmsghdr *nlh, struct unl_ext_ack *extack);
typedef int (*rtnl_dumpit_fn)(struct unl_skb *skb, struct unl_callback *cb);

/* Dumps whose NLMSG_DONE goes in a buffer of its own, as Linux's
 * RTNL_FLAG_DUMP_SPLIT_NLM_DONE. */
#define RTNL_FLAG_DUMP_SPLIT_NLM_DONE 0x1
#define RTNL_FLAG_BULK_DEL_SUPPORTED 0x2

/* One entry of rtnl_register_many()'s table. */
struct rtnl_msg_handler {
	int protocol; /* PF_* */
	int msgtype;
	rtnl_doit_fn doit;
	rtnl_dumpit_fn dumpit;
	unsigned int flags;
	/* NULL, or whether this kernel registers the handler at all (its
	 * code may be left out by the net's profile); when not, the
	 * request is answered as for a type nobody registered. */
	bool (*registered)(const struct rtnl_net *rn);
};

/* ---- rtnetlink.c ---- */
struct rtnl_net *rtnl_net_get(struct unl_net *net);
/* Another net of the world, with rtnetlink loaded when it was not yet
 * (NULL for NULL, or when that fails). */
struct rtnl_net *rtnl_net_of(struct unl_net *net);
/* The rtnl_net of a running dump. */
struct rtnl_net *rtnl_cb_net(const struct unl_callback *cb);
/* rtnl_notify(): to group, and to the requester with NLM_F_ECHO.
 * Consumes skb. */
void rtnl_notify(struct rtnl_net *rn, struct unl_skb *skb, uint32_t pid,
		 unsigned int group, const struct nlmsghdr *nlh);
/* Report a failed notification allocation to the group (rtnl_set_sk_err). */
void rtnl_set_sk_err(struct rtnl_net *rn, unsigned int group, int err);
uint32_t rtnl_random(struct rtnl_net *rn);
/* Centiseconds since boot, as the kernel's cstamp/tstamp. */
uint32_t rtnl_cstamp_now(void);
/* The next moment of rn->mc_seq, later than all before it: the time in
 * centiseconds (as addresses' stamps) in the bits above
 * RTNL_MC_TICK_SHIFT, a count below for joins of one centisecond.  A
 * group's moment is thus both its order and its creation stamp
 * (rtnl_mc_cstamp(): the dumps' IFA_CACHEINFO). */
#define RTNL_MC_TICK_SHIFT 20
uint64_t rtnl_mc_tick(struct rtnl_net *rn);
static inline uint32_t rtnl_mc_cstamp(uint64_t seq)
{
	return (uint32_t)(seq >> RTNL_MC_TICK_SHIFT);
}
/* The work rtnetlink_rcv() does after each request (linkwatch, DAD),
 * in every net of the world that has some: a timer callback that
 * changed objects ends with it too. */
void rtnl_deferred_run(struct rtnl_net *rn);
/* rn has addresses in DAD (their dad_seq set): the next deferred run
 * finishes them, whichever net it runs for. */
void rtnl_dad_queue(struct rtnl_net *rn);
/* The length of a jiffy (TICK_NSEC), and the jiffies from the clock's
 * 0 to t: the kernel subtracts jiffies, so a difference of these is
 * what it sees between two times. */
int64_t rtnl_tick_ns(struct rtnl_net *rn);
int64_t rtnl_jiffies(struct rtnl_net *rn, int64_t t);
/* Where the net's clock (ns) was when the kernel's jiffies counter
 * read j: for a kernel that mixes the two up. */
int64_t rtnl_jiffies_to_ns(struct rtnl_net *rn, uint64_t j);
/* Rounding of a deadline (ns) as round_jiffies() and
 * round_jiffies_up() round theirs: to a whole second. */
int64_t rtnl_round_sec(int64_t t);
int64_t rtnl_round_sec_up(int64_t t);
/* The requester's portid and sequence, for notifications. */
uint32_t rtnl_req_portid(struct unl_skb *skb);
int rtnl_kernel_doit(struct rtnl_net *rn, const struct unl_cred *who,
		     struct unl_skb *skb);
/* ioctl.c: unl_kernel_cfg.ioctl of NETLINK_ROUTE (sock_ioctl()) */
int rtnl_ioctl(struct unl_sock *ksk, const struct unl_cred *who, int family,
	       unsigned long cmd, void *arg);
/* The sender's right to cap in another net of the world (Linux asks
 * the user namespace that owns it): netlink_ns_capable() and, for the
 * socket's opener as well, sk_ns_capable(). */
bool rtnl_capable_in(const struct unl_skb *skb, const struct rtnl_net *net,
		     int cap);
bool rtnl_sk_capable_in(const struct unl_skb *skb,
			const struct rtnl_net *net, int cap);

/* ---- sched/sch_api.c: traffic control ---- */
extern const struct rtnl_msg_handler rtnl_tc_handlers[];
extern const unsigned int rtnl_tc_handlers_n;
/* sched/cls_api.c: filters, chains, actions */
extern const struct rtnl_msg_handler rtnl_tcf_handlers[];
extern const unsigned int rtnl_tcf_handlers_n;
/* dev_activate(): the default qdiscs when the device has none */
void rtnl_tc_dev_activate(struct rtnl_link *l);
/* dev_shutdown(): all its qdiscs go, unannounced */
void rtnl_tc_dev_shutdown(struct rtnl_link *l);
/* IFLA_QDISC: the root qdisc's kind ("noop" for none) */
const char *rtnl_tc_root_kind(const struct rtnl_link *l);
/* sched/cls_api.c: the net's filters, blocks and actions go, before
 * its devices */
void rtnl_tcf_net_fini(struct rtnl_net *rn);

/* ---- nsid.c ---- */
extern const struct rtnl_msg_handler rtnl_nsid_handlers[];
extern const unsigned int rtnl_nsid_handlers_n;
/* RTM_NEWNSID and RTM_DELNSID to RTNLGRP_NSID for the ids the net
 * gives and loses by itself. */
int rtnl_nsid_init(struct rtnl_net *rn);
/* rtnl_get_net_ns_capable(): the net rn calls nsid, if the sender of
 * skb may administer it; NULL with *err -EINVAL or -EACCES. */
struct rtnl_net *rtnl_get_net_ns_capable(struct rtnl_net *rn,
					 const struct unl_skb *skb, int nsid,
					 int *err);

/* ---- devconf.c ---- */
/* The "all" and "default" configurations from the net's profile. */
void rtnl_devconf_init(struct rtnl_net *rn);
/* Indexes into the blobs (IPV4_DEVCONF_* - 1, DEVCONF_*). */
#define RTNL_DEVCONF4_FORWARDING 0
#define RTNL_DEVCONF4_MC_FORWARDING 1
#define RTNL_DEVCONF4_PROXY_ARP 2
#define RTNL_DEVCONF4_RP_FILTER 7
#define RTNL_DEVCONF4_NOXFRM 14
#define RTNL_DEVCONF4_NOPOLICY 15
#define RTNL_DEVCONF4_IGNORE_LINKDOWN 28
#define RTNL_DEVCONF4_BC_FORWARDING 31
#define RTNL_DEVCONF6_FORWARDING 0
#define RTNL_DEVCONF6_PROXY_NDP 22
#define RTNL_DEVCONF6_OPTIMISTIC_DAD 23
#define RTNL_DEVCONF6_MC_FORWARDING 25
#define RTNL_DEVCONF6_IGNORE_LINKDOWN 39
#define RTNL_DEVCONF6_FORCE_FORWARDING 59 /* DEVCONF_FORCE_FORWARDING, 6.17 */
#define RTNL_NETCONFA_FORCE_FORWARDING 9  /* NETCONFA_FORCE_FORWARDING */

/* ---- dev.c ---- */
/* call_netdevice_notifiers_info(): every subscriber in Linux's order of
 * registration (rtnetlink, nexthops, ARP, IPv4, IPv4 routes, IPv6, ND),
 * then the kinds' own (bridge, 8021q).  0 or the first subscriber's
 * -errno. */
int rtnl_netdev_notify(struct rtnl_net *rn, enum rtnl_netdev_event event,
		       const struct rtnl_netdev_info *info);
/* call_netdevice_notifiers(): an event with nothing but the device. */
int rtnl_netdev_event(struct rtnl_link *l, enum rtnl_netdev_event event);
/* dev_get_stats(): the driver's counters (get_stats64) and the core's
 * drops; what every statistics reader shows. */
void rtnl_link_get_stats64(const struct rtnl_link *l,
			   struct rtnl_link_stats64 *s);
/* dev_queue_xmit() of a frame of len bytes the model makes on l: a
 * device that is down drops it (tx_dropped), else its kind's
 * xmit_frame.  The device that receives it, or NULL. */
struct rtnl_link *rtnl_link_xmit_frame(struct rtnl_link *l, unsigned int len);
/* A frame the model makes (a LACPDU) as it travels: its Ethernet
 * header, its length on the wire (header and any VLAN tag included)
 * and what follows the header in the form its maker and taker share
 * (struct ad_lacpdu for ETH_P_SLOW). */
struct rtnl_frame {
	uint8_t dest[6], source[6];
	uint16_t proto;   /* ETH_P_*, host order */
	unsigned int len;
	const void *payload;
};
/* What a master's rx_frame did with a frame on its port
 * (rx_handler_result_t): took it (or dropped it), passes it on to the
 * master (skb->dev = master: RX_HANDLER_ANOTHER), or leaves it to the
 * port's own stack (RX_HANDLER_PASS, RX_HANDLER_EXACT). */
enum rtnl_rx_result {
	RTNL_RX_CONSUMED,
	RTNL_RX_ANOTHER,
	RTNL_RX_PASS,
};
/* dev_queue_xmit() of f on l, then netif_receive_skb() on the device
 * it reaches (rtnl_link_receive_frame()). */
void rtnl_link_send_frame(struct rtnl_link *l, const struct rtnl_frame *f);
/* __netif_receive_skb_core() of f arriving on l: the rx_frame of the
 * master l is a port of (a bond, a bridge), again on the master while
 * that passes it up; nothing takes a frame the model makes otherwise,
 * so it is dropped on the device it reached (rx_dropped). */
void rtnl_link_receive_frame(struct rtnl_link *l, const struct rtnl_frame *f);
/* The queues in use (real_num_*_queues). */
uint32_t rtnl_link_real_tx(const struct rtnl_link *l);
uint32_t rtnl_link_real_rx(const struct rtnl_link *l);
/* netif_set_real_num_tx_queues() then _rx_(), announced on the chain. */
void rtnl_link_set_real_queues(struct rtnl_link *l, uint32_t tx, uint32_t rx);
/* mptcp_pm.c: the net's endpoints go */
void rtnl_mptcp_fini(struct rtnl_net *rn);
/* netfilter/ip_vs_ctl.c: the net's virtual services go */
void rtnl_ipvs_fini(struct rtnl_net *rn);
/* IPVS's files of /proc/net where the profile has it (-ENOENT for a
 * name not its own), and their names in a listing. */
struct rtnl_file_out;
int rtnl_ipvs_proc(struct rtnl_net *rn, const char *rest,
		   struct rtnl_file_out *o);
void rtnl_ipvs_proc_list(struct rtnl_net *rn, struct rtnl_file_out *o);
/* IPVS's socket options (IP_VS_SO_SET_*, IP_VS_SO_GET_* at SOL_IP) on
 * buf, which holds what optval held (len bytes for a set, the head of
 * a get) and cap bytes of room: 0 or -errno, *out the bytes of the
 * answer that land at optval from its start (-ENOBUFS when more than
 * cap; the caller grows buf and asks again).  ENOPROTOOPT where the
 * profile has no ip_vs. */
/* Whether the net's profile has ip_vs (genl IPVS). */
bool rtnl_ipvs_offered(struct rtnl_net *rn);
/* ip_vs_sysctl.c: /proc/sys/net/ipv4/vs, -EXDEV for another path (as
 * rtnl_sysctl_get() and the rest); writable: 1, 0 or -EXDEV. */
int rtnl_ipvs_sysctl_get(struct rtnl_net *rn, const char *rest,
			 struct rtnl_file_out *o);
int rtnl_ipvs_sysctl_writable(struct rtnl_net *rn, const char *rest);
int rtnl_ipvs_sysctl_write(struct rtnl_net *rn, const char *rest,
			   const char *val);
void rtnl_ipvs_sysctl_fini(struct rtnl_net *rn);
int rtnl_ipvs_sockopt(struct unl_net *net, bool set, int opt,
		      unsigned char *buf, size_t cap, uint32_t len,
		      uint32_t *out);
/* ioam6.c: the net's namespaces and schemas go */
void rtnl_ioam6_fini(struct rtnl_net *rn);
/* SIOCETHTOOL's SMSGLVL announced as DEBUG_NTF (ethnl.c). */
void rtnl_ethnl_notify_debug(struct rtnl_link *l);
/* ethtool_notify() of LINKINFO_NTF and LINKMODES_NTF: the link settings
 * changed (SIOCETHTOOL SSET, SLINKSETTINGS). */
void rtnl_ethnl_notify_ksettings(struct rtnl_link *l);
/* ethtool's notifications of a device's changes (ethnl.c). */
int rtnl_ethnl_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info);
/* ---- netdev_genl.c: the "netdev" family, XDP features, NAPI ---- */
/* xdp_set_features_flag(): announced (NETDEV_XDP_FEAT_CHANGE) when it
 * changes a registered device's. */
void rtnl_xdp_set_features(struct rtnl_link *l, uint64_t val);
/* netif_napi_add() until the device has n instances (one per receive
 * queue; fewer: the last ones go), new ids from the world's counter;
 * and netif_napi_del() of all of them. */
int rtnl_napi_add(struct rtnl_link *l, uint32_t n);
void rtnl_napi_del(struct rtnl_link *l);
/* netdev_genl_netdevice_event(): DEV_ADD_NTF, DEV_DEL_NTF and
 * DEV_CHANGE_NTF to the family's "mgmt" group. */
int rtnl_netdev_genl_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info);
/* The sysfs NAPI knobs reach every instance the device has. */
void rtnl_napi_set_device_defaults(struct rtnl_link *l);
/* The kobject uevents of net devices and their queues (kobject.c). */
int rtnl_kobject_netdev_event(struct rtnl_net *rn,
			      enum rtnl_netdev_event event,
			      const struct rtnl_netdev_info *info);

/* ---- link.c ---- */
extern const struct rtnl_msg_handler rtnl_link_handlers[];
extern const unsigned int rtnl_link_handlers_n;
/* link/bridge_vlan.c: RTM_NEWVLAN, RTM_DELVLAN, RTM_GETVLAN */
extern const struct rtnl_msg_handler rtnl_br_vlan_handlers[];
extern const unsigned int rtnl_br_vlan_handlers_n;
/* mdb.c: RTM_NEWMDB, RTM_DELMDB, RTM_GETMDB */
extern const struct rtnl_msg_handler rtnl_mdb_handlers[];
extern const unsigned int rtnl_mdb_handlers_n;
/* stats.c: RTM_GETSTATS, RTM_SETSTATS */
extern const struct rtnl_msg_handler rtnl_stats_handlers[];
extern const unsigned int rtnl_stats_handlers_n;
/* fdb.c: RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH of PF_BRIDGE */
extern const struct rtnl_msg_handler rtnl_fdb_handlers[];
extern const unsigned int rtnl_fdb_handlers_n;
/* link/vxlan_vnifilter.c: RTM_NEWTUNNEL, RTM_DELTUNNEL, RTM_GETTUNNEL */
extern const struct rtnl_msg_handler rtnl_vxlan_vni_handlers[];
extern const unsigned int rtnl_vxlan_vni_handlers_n;
int rtnl_link_init(struct rtnl_net *rn);
void rtnl_link_fini(struct rtnl_net *rn);
/* default_device_exit_batch(): the net goes; its devices are deleted
 * with their events (a veth's peer in another net too). */
void rtnl_link_net_exit(struct rtnl_net *rn);
struct rtnl_link *rtnl_link_by_index(struct rtnl_net *rn, int ifindex);
/* The device a name names: its name or one of its altnames. */
struct rtnl_link *rtnl_link_by_name(struct rtnl_net *rn, const char *name);
/* A link request parsed with ifla_policy, and the device it names (by
 * index, IFLA_IFNAME or IFLA_ALT_IFNAME; rtnl_dev_get()), or NULL. */
int rtnl_link_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
		    struct unl_ext_ack *extack);
struct rtnl_link *rtnl_link_lookup(struct rtnl_net *rn,
				   const struct ifinfomsg *ifm,
				   const struct nlattr **tb);
/* rtnl_calcit(): room for the biggest link message of the net. */
uint32_t rtnl_link_max_msg_size(struct rtnl_net *rn);
/* netdev_state_change(): NETDEV_CHANGE and an RTM_NEWLINK, for an up
 * device. */
void rtnl_link_state_change(struct rtnl_link *l);

/* ---- altname.c: RTM_NEWLINKPROP, RTM_DELLINKPROP ---- */
extern const struct rtnl_msg_handler rtnl_altname_handlers[];
extern const unsigned int rtnl_altname_handlers_n;
bool rtnl_link_has_altname(const struct rtnl_link *l, const char *name);
/* What IFLA_PROP_LIST takes in a message (0 without altnames). */
size_t rtnl_link_prop_list_size(const struct rtnl_link *l);
int rtnl_link_put_prop_list(struct unl_skb *skb, const struct rtnl_link *l);
void rtnl_link_altnames_free(struct rtnl_link *l);
/* netif_running() && netif_carrier_ok() */
bool rtnl_link_up(const struct rtnl_link *l);
bool rtnl_link_running(const struct rtnl_link *l);
/* A new inet6_dev (ipv6_add_dev): the default IPv6 configuration,
 * timestamp and reachable time. */
void rtnl_link_inet6_reset(struct rtnl_net *rn, struct rtnl_link *l);
/* dev_change_net_namespace(): l moves to the net to (pat: its name
 * there when its own is taken, a name or a "%d" pattern; new_ifindex:
 * its index there, 0 for its own when free).  0 or -errno with Linux's
 * extended ACK. */
int rtnl_link_change_net(struct rtnl_link *l, struct rtnl_net *to,
			 const char *pat, int new_ifindex,
			 struct unl_ext_ack *extack);
/* The linkwatch work queued in the world, in the order it fired. */
void rtnl_linkwatch_run(struct rtnl_world *rw);
/* rtnetlink_event(): the RTM_NEWLINK some events make. */
int rtnl_link_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info);

/* ---- addr.c ---- */
extern const struct rtnl_msg_handler rtnl_addr_handlers[];
extern const unsigned int rtnl_addr_handlers_n;
int rtnl_addr_init(struct rtnl_net *rn);
void rtnl_addr_fini(struct rtnl_net *rn);
/* inetdev_event() and addrconf_notify(): the netdevice events of the
 * address families, which call the hooks below. */
int rtnl_inet_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info);
int rtnl_addrconf_netdev_event(struct rtnl_net *rn,
			       enum rtnl_netdev_event event,
			       const struct rtnl_netdev_info *info);
void rtnl_addr_link_up(struct rtnl_net *rn, struct rtnl_link *l);
void rtnl_addr_link_down(struct rtnl_net *rn, struct rtnl_link *l);
/* NETDEV_CHANGEMTU: below 1280 the device loses its IPv6 state, at
 * 1280 or above it gets it back (addrconf_notify). */
void rtnl_addr_link_mtu(struct rtnl_net *rn, struct rtnl_link *l);
/* The IPv6 minimum MTU (IPV6_MIN_MTU). */
#define RTNL_IPV6_MIN_MTU 1280
/* NETDEV_CHANGE: the carrier of a running device moved. */
void rtnl_addr_link_change(struct rtnl_net *rn, struct rtnl_link *l);
/* NETDEV_CHANGE for a flag change of an up device (changes: the flags
 * that moved): IFF_NOARP makes every IPv6 address do DAD again. */
void rtnl_addr_link_flags(struct rtnl_net *rn, struct rtnl_link *l,
			  unsigned int changes);
/* Finish duplicate address detection of every address queued for it:
 * tentative ones whose device has carrier, and final ones whose DAD
 * was restarted (instantly: no packets here). */
void rtnl_addr_dad_run(struct rtnl_net *rn);
/* RTM_NEWNETCONF / RTM_DELNETCONF of a device, IPv4 then IPv6. */
void rtnl_netconf_notify(struct rtnl_net *rn, const struct rtnl_link *l,
			 int type);
/* The IPv6 netconf of a device alone (its inet6_dev comes or goes). */
void rtnl_netconf_notify6(struct rtnl_net *rn, const struct rtnl_link *l,
			  int type);
/* A rename: each family's netconf goes and comes back. */
void rtnl_netconf_rename(struct rtnl_net *rn, const struct rtnl_link *l);
/* The primary IPv4 address of a link, for source selection. */
const struct rtnl_addr *rtnl_addr_primary4(struct rtnl_net *rn, int ifindex,
					   uint8_t max_scope);
/* An IPv4 address whose subnet holds gw, on a device that is up (its
 * prefix route exists), through ifindex if given. */
const struct rtnl_addr *rtnl_addr_connected4(struct rtnl_net *rn,
					     const uint8_t *gw, int ifindex);
const struct rtnl_addr *rtnl_addr_find_local(struct rtnl_net *rn,
					     int family, const void *a);

/* ---- route.c ---- */
extern const struct rtnl_msg_handler rtnl_route_handlers[];
extern const unsigned int rtnl_route_handlers_n;
int rtnl_route_net_init(struct rtnl_net *rn);
void rtnl_route_fini(struct rtnl_net *rn);
/* fib_netdev_event() */
int rtnl_route_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info);
/* Install or remove a kernel route (protocol kernel); 0 or -errno.
 * Used by addr.c for local, broadcast and prefix routes.  An IPv6
 * route that is there already takes the new one's expiry if it had one
 * (fib6_add_rt2node()), and the add fails with -EEXIST. */
int rtnl_route_kernel_add(struct rtnl_net *rn, const struct rtnl_route *rt);
/* addr.c: a kernel route of an address's (protocol kernel, one hop
 * through ifindex), in the device's L3 master's table if it has one */
void rtnl_kernel_route_for(struct rtnl_net *rn, struct rtnl_route *rt,
			   int family, uint32_t table, uint8_t type,
			   uint8_t scope, const uint8_t *dst, uint8_t dst_len,
			   int ifindex);

/* ---- anycast.c: the subnet-router anycast addresses ---- */
/* a's subnet-router anycast address into pfx; false when it has none
 * (not IPv6, a /127 or longer, or ::) */
bool rtnl_ac6_prefix(const struct rtnl_addr *a, uint8_t *pfx);
/* a (of l) is joined to its anycast address now */
bool rtnl_ac6_joined(const struct rtnl_link *l, const struct rtnl_addr *a);
/* a became final, or goes (a out of its device's list or not) */
void rtnl_ac6_join(struct rtnl_net *rn, const struct rtnl_addr *a);
void rtnl_ac6_leave(struct rtnl_net *rn, const struct rtnl_addr *a);
/* l's forwarding goes on (after fwd6_seq is set) or off (before) */
void rtnl_ac6_forward_change(struct rtnl_net *rn, struct rtnl_link *l,
			     bool on);
/* /proc/net/anycast6 */
int rtnl_proc_anycast6(struct rtnl_net *rn, FILE *out);

/* A group (or anycast address) of device l: its address (4 or 16
 * bytes) and the moment it was made (rn->mc_seq); nonzero stops. */
typedef int rtnl_group_fn(void *arg, const struct rtnl_link *l,
			  const uint8_t *addr, uint64_t seq);
/* l's IPv6 anycast addresses (anycast.c), IPv4 and IPv6 multicast
 * groups (mcast.c), each newest first as Linux's lists: fn's first
 * nonzero answer, or 0 (-ENOMEM) */
int rtnl_ac6_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg);
int rtnl_mc4_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg);
int rtnl_mc6_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg);

/* One IPv6 multicast group (Linux's ifmcaddr6) or anycast address
 * (ifacaddr6) of a device, as its list shows it: the address, the
 * moment it was first joined and its place among the joins of that
 * moment, its users. */
struct rtnl_in6_group {
	uint8_t addr[16];
	uint64_t seq;
	unsigned int sub, users;
};

/* A device's list of them, built for a dump or a /proc file and freed
 * by its builder (free(v)). */
struct rtnl_in6_groups {
	struct rtnl_in6_group *v;
	size_t n, cap;
};

/* addr's entry with one user more, or a new one (seq, sub, one user)
 * at the end.  NULL: no memory. */
struct rtnl_in6_group *rtnl_in6_groups_inc(struct rtnl_in6_groups *gl,
					   const uint8_t *addr, uint64_t seq,
					   unsigned int sub);
/* The list oldest first: by seq, then sub. */
void rtnl_in6_groups_sort(struct rtnl_in6_groups *gl);
int rtnl_route_kernel_del(struct rtnl_net *rn, const struct rtnl_route *rt);
/* addrconf_get_prefix_route(): the first IPv6 route of table main to
 * pfx/plen through ifindex without a gateway, whatever its metric. */
struct rtnl_route *rtnl_route_prefix6(struct rtnl_net *rn,
				      const uint8_t *pfx, uint8_t plen,
				      int ifindex);
/* fib6_check_expired(): past its expiry, an IPv6 route is no longer
 * used, though it stays listed until the garbage collector takes it. */
bool rtnl_route_expired(struct rtnl_net *rn, const struct rtnl_route *rt);
/* fib6_set_expires() with fib6_add_gc_list(), or fib6_clean_expires():
 * silently, and without starting the garbage collector. */
void rtnl_route_set_expires(struct rtnl_net *rn, struct rtnl_route *rt,
			    bool has, int64_t expires);
/* Remove every route through ifindex (family 0: both), notifying;
 * keep_local spares the host-scope routes, which outlive a device
 * going down in IPv4. */
void rtnl_route_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			  bool keep_local);
/* Link state moved: IPv6 routes get or lose RTNH_F_LINKDOWN. */
void rtnl_route_link_change(struct rtnl_net *rn, struct rtnl_link *l);
/* Nexthop objects (nexthop.c) and their routes: */
/* remove_nexthop's __remove_nexthop_fib(): the routes through id go,
 * IPv4 silently, IPv6 each announced. */
void rtnl_route_nexthop_removed(struct rtnl_net *rn, uint32_t id);
/* A nexthop object changed: every route through one mirrors it again. */
void rtnl_route_nexthop_sync(struct rtnl_net *rn);
/* nexthop_replace_notify() for the routes through id: RTM_NEWROUTE with
 * NLM_F_REPLACE, IPv4 in table order, then IPv6 newest first. */
void rtnl_route_nexthop_notify(struct rtnl_net *rn, uint32_t id,
			       struct unl_skb *req, const struct nlmsghdr *nlh);
/* fib_check_nh_list() and fib6_check_nh_list(): the routes through id
 * accept nh instead. */
int rtnl_route_nexthop_check_list(struct rtnl_net *rn, uint32_t id,
				  const struct rtnl_nexthop *nh,
				  struct unl_ext_ack *extack);
/* fib_check_nh() for an IPv4 gateway (the device given is up): 0 or
 * -errno with Linux's message; fills in the device when none. */
int rtnl_route_check_gw4(struct rtnl_net *rn, struct rtnl_nh *nh,
			 struct unl_ext_ack *extack);
/* rtm_ipv4_policy and rtm_ipv6_policy (RTNL_RTA_MAX + 1 entries). */
extern const struct unl_nla_policy rtnl_rtm_ipv4_policy[];
extern const struct unl_nla_policy rtnl_rtm_ipv6_policy[];
/* fib_get_table() / fib6_get_table(): whether table id exists. */
/* fib_get_table() and fib6_get_table() of a kernel built without
 * multiple tables (profile features IP_MULTIPLE_TABLES,
 * IPV6_MULTIPLE_TABLES): every table but IPv4's local is main. */
uint32_t rtnl_fib_table_alias(const struct rtnl_net *rn, int family,
			      uint32_t id);
bool rtnl_fib_table_exists(struct rtnl_net *rn, int family, uint32_t id);
/* fib_new_table() / fib6_new_table(): 0 or -ENOMEM. */
int rtnl_fib_table_new(struct rtnl_net *rn, int family, uint32_t id);
/* fib_empty_table(): the first unused IPv4 table id, made; 0 when every
 * id is taken or memory is short. */
uint32_t rtnl_fib_table_empty(struct rtnl_net *rn);
/* fib_props[type].error (IPv4) and fib6_prop[type] (IPv6). */
int rtnl_fib_type_error(int family, uint8_t type);
/* fib_dump_info() / rt6_fill_node() of rt as a table lookup reports it:
 * in table, with type as its type, and (IPv6) RTA_IIF iif when nonzero. */
int rtnl_route_fill_match(struct rtnl_net *rn, struct unl_skb *skb,
			  const struct rtnl_route *rt, uint32_t table,
			  uint8_t type, int iif, uint32_t pid, uint32_t seq);
/* rtnetlink_put_metrics(): RTA_METRICS with the nonzero values of
 * metrics (RTNL_METRIC_MAX + 1 of them, or NULL), or nothing. */
int rtnl_put_metrics(struct unl_skb *skb, const struct rtnl_net *rn,
		     const uint32_t *metrics);
/* pfx/plen holds a (the first bytes of family's address length). */
static inline bool rtnl_prefix_match(int family, const uint8_t *pfx,
				     int plen, const uint8_t *a)
{
	int n = family == AF_INET ? 4 : 16;

	for (int i = 0; i < n && plen > 0; i++, plen -= 8) {
		uint8_t m = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));

		if ((pfx[i] ^ a[i]) & m)
			return false;
	}
	return true;
}

/* ---- lookup.c ---- */
/* RTM_GETROUTE's doit (inet_rtm_getroute, inet6_rtm_getroute). */
int rtnl_getroute(struct rtnl_net *rn, struct unl_skb *skb,
		  struct nlmsghdr *nlh, struct unl_ext_ack *extack);
/* NETLINK_FIB_LOOKUP (nl_fib_lookup_init). */
int nl_fib_lookup_init(struct unl_net *net);
/* fib_table_lookup() on an existing table and fib_lookup(): 0 with res
 * filled, or -errno (-EAGAIN: nothing in the table). */
int rtnl_fib4_table_lookup(struct rtnl_net *rn, uint32_t table,
			   const struct rtnl_flow *fl, struct rtnl_fib_res *res);
int rtnl_fib4_lookup(struct rtnl_net *rn, struct rtnl_flow *fl,
		     struct rtnl_fib_res *res);
/* l3mdev (net/l3mdev/l3mdev.c): whether a device is an L3 master (a
 * VRF); the table of the device of that index, an L3 master's or its
 * port's (0: none, the main and local tables then); the index of that
 * master (0: none). */
bool rtnl_link_is_l3_master(const struct rtnl_link *l);
/* The address validator notifiers (inetaddr_validator_chain,
 * inet6addr_validator_chain) for an address about to be added to l:
 * 0, or the refusal of l's driver. */
int rtnl_link_addr_validate(const struct rtnl_link *l, int family,
			    const uint8_t *addr, struct unl_ext_ack *extack);
/* The kernel's rule "from all lookup [l3mdev-table]" of a family, at
 * FIB_RULE_PREF, as the first VRF of a net adds it (vrf_fib_rule());
 * nothing when there is one, or the net lacks the family's rules. */
#define RTNL_RULE_L3MDEV_PREF 1000
int rtnl_rule_add_l3mdev(struct rtnl_net *rn, int family);
uint32_t rtnl_l3mdev_fib_table(struct rtnl_net *rn, int ifindex);
int rtnl_l3mdev_master_ifindex(struct rtnl_net *rn, int ifindex);
/* The device a route toward dst (AF_INET or AF_INET6) goes out of, as
 * ip_route_output_key() and rt6_lookup() find it; 0 for none. */
int rtnl_route_output_dev(struct rtnl_net *rn, int family, const uint8_t *dst);
/* inet_addr_type_dev_table() (dev 0: any device): RTN_* */
int rtnl_inet_addr_type(struct rtnl_net *rn, int dev, const uint8_t *addr,
			uint32_t table);
/* ip6_route_check_nh(): the route to gateway gw (through oif, when
 * given) must be a direct one; 0 with *dev its device, or
 * -EHOSTUNREACH. */
int rtnl_fib6_check_gw(struct rtnl_net *rn, uint32_t table, int oif,
		       const uint8_t *gw, int *dev);

/* ---- neigh.c ---- */
extern const struct rtnl_msg_handler rtnl_neigh_handlers[];
extern const unsigned int rtnl_neigh_handlers_n;
void rtnl_neigh_fini(struct rtnl_net *rn);
/* arp_netdev_event() and ndisc_netdev_event() */
int rtnl_arp_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			  const struct rtnl_netdev_info *info);
int rtnl_ndisc_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info);
/* Every entry and proxy entry of ifindex in family's table (0: both),
 * the entries announced (neigh_ifdown); skip_perm spares permanent and
 * externally validated ones (a carrier loss, neigh_carrier_down). */
void rtnl_neigh_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			  bool skip_perm);
/* neigh_changeaddr(): the entries alone, proxies stay (NETDEV_CHANGEADDR,
 * an IFF_NOARP change). */
void rtnl_neigh_changeaddr(struct rtnl_net *rn, int family, int ifindex);

/* ---- nexthop.c ---- */
extern const struct rtnl_msg_handler rtnl_nexthop_handlers[];
extern const unsigned int rtnl_nexthop_handlers_n;
void rtnl_nexthop_fini(struct rtnl_net *rn);
/* nh_netdev_event() */
int rtnl_nexthop_netdev_event(struct rtnl_net *rn,
			      enum rtnl_netdev_event event,
			      const struct rtnl_netdev_info *info);
struct rtnl_nexthop *rtnl_nexthop_find(struct rtnl_net *rn, uint32_t id);
/* link.c: call_nexthop_notifiers(NEXTHOP_EVENT_DEL) for the devices
 * whose kind listens (rtnl_link_ops.nexthop_del: vxlan's FDB). */
void rtnl_link_nexthop_del(struct rtnl_net *rn, uint32_t id);
/* nexthop_flush_dev(): NETDEV_DOWN, a carrier loss (NETDEV_CHANGE) or
 * NETDEV_UNREGISTER of ifindex; blackholes only go with the device. */
void rtnl_nexthop_flush_dev(struct rtnl_net *rn, int ifindex,
			    bool unregister);
/* fib_check_nexthop() (AF_INET, with the route's scope) and
 * fib6_check_nexthop() (AF_INET6). */
int rtnl_nexthop_check_route(struct rtnl_net *rn,
			     const struct rtnl_nexthop *nh, int family,
			     uint8_t scope, struct unl_ext_ack *extack);
/* nexthop_num_path(), nexthop_is_blackhole(); path i of a nexthop (a
 * group's member, or the nexthop itself) and its weight. */
int rtnl_nexthop_num_path(struct rtnl_net *rn, const struct rtnl_nexthop *nh);
bool rtnl_nexthop_is_blackhole(struct rtnl_net *rn,
			       const struct rtnl_nexthop *nh);
const struct rtnl_nexthop *rtnl_nexthop_path(struct rtnl_net *rn,
					     const struct rtnl_nexthop *nh,
					     int i, int *weight);

/* ---- addrlabel.c ---- */
extern const struct rtnl_msg_handler rtnl_addrlabel_handlers[];
extern const unsigned int rtnl_addrlabel_handlers_n;
/* ip6addrlbl_net_init(): the default label table. */
int rtnl_addrlabel_init(struct rtnl_net *rn);
void rtnl_addrlabel_fini(struct rtnl_net *rn);
/* ipv6_addr_label(): the label source address selection gives addr on
 * ifindex (0xffffffff when no entry matches). */
uint32_t rtnl_addrlabel_get(struct rtnl_net *rn, const uint8_t *addr,
			    int ifindex);

/* ---- rule.c ---- */
extern const struct rtnl_msg_handler rtnl_rule_handlers[];
extern const unsigned int rtnl_rule_handlers_n;
int rtnl_rule_init(struct rtnl_net *rn);
void rtnl_rule_fini(struct rtnl_net *rn);
/* An IPv4 rule was ever added or deleted (fib_has_custom_rules): local
 * and main are apart. */
bool rtnl_rule_custom(struct rtnl_net *rn);
/* The table lookup of a rule that sends to table: 0 with res filled,
 * -EAGAIN to go on with the next rule, or the lookup's error. */
typedef int (*rtnl_rule_table_fn)(struct rtnl_net *rn,
				  const struct rtnl_rule *r, uint32_t table,
				  struct rtnl_flow *fl,
				  struct rtnl_fib_res *res);
/* fib_rules_lookup() over fl->family's rules: 0 with res filled, the
 * error of the rule that decided, or -ESRCH when none did. */
int rtnl_rules_lookup(struct rtnl_net *rn, struct rtnl_flow *fl,
		      rtnl_rule_table_fn lookup, struct rtnl_fib_res *res);
/* Whether some rule of family needs the L4 fields of a flow
 * (fib_rules_require_fldissect). */
bool rtnl_rules_need_ports(struct rtnl_net *rn, int family);

/* nla_nest_start_noflag(): rtnetlink's old nests carry no NLA_F_NESTED,
 * and tests compare bytes. */
static inline struct nlattr *rtnl_nest_start(struct unl_skb *skb, int type)
{
	struct nlattr *nest = unl_nla_nest_start(skb, type);

	if (nest)
		nest->nla_type &= (uint16_t)~NLA_F_NESTED;
	return nest;
}

/* Put a dump's progress in cb->ctx. */
#define RTNL_CB_CTX(cb, type)                                              \
	({                                                                 \
		_Static_assert(sizeof(type) <= sizeof((cb)->ctx),          \
			       "dump context too large");                  \
		(type *)(cb)->ctx;                                         \
	})

/* ---- files.c, procfs.c, mcast.c, sysfs.c, sysctl.c: include/unetlink/files.h ---- */
struct unl_file;
/* A file being made: its description and the stream its data goes to. */
struct rtnl_file_out {
	struct unl_file *f;
	FILE *out;
};
/* Start f as a file of type with permission bits mode: 0 or -ENOMEM. */
int rtnl_file_begin(struct rtnl_file_out *o, int type, unsigned int mode);
/* One entry of a directory being made. */
void rtnl_dir_add(struct rtnl_file_out *o, unsigned char dtype,
		  const char *name);
/* What follows prefix in path ("" for prefix itself), or NULL. */
const char *rtnl_path_after(const char *path, const char *prefix);
/* An integer as the kernel's kstrto*() and proc_dointvec() take it. */
int rtnl_parse_long(const char *s, long *v);
/* Each tree, given the path below its root: 0 or -errno. */
int rtnl_procfs_get(struct rtnl_net *rn, const char *rest,
		    struct rtnl_file_out *o);
/* hwaddr.c: the devices' unicast and multicast address lists
 * (net/core/dev_addr_lists.c), 0 or -errno as Linux's. */
int rtnl_dev_uc_add(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_uc_add_excl(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_uc_del(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_mc_add_excl(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_mc_add_global(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_mc_del(struct rtnl_link *l, const uint8_t *addr);
int rtnl_dev_mc_del_global(struct rtnl_link *l, const uint8_t *addr);
void rtnl_dev_addr_lists_free(struct rtnl_link *l);
/* The device's multicast list as netdev_for_each_mc_addr() walks it:
 * fn for each address with its users and global use, until fn
 * answers non-zero (answered).  mcast.c. */
typedef int (*rtnl_hw_walk_fn)(void *arg, const uint8_t *addr,
			       unsigned int users, bool global);
int rtnl_dev_mc_walk(struct rtnl_net *rn, const struct rtnl_link *l,
		     rtnl_hw_walk_fn fn, void *arg);
/* The unicast list likewise, with what uppers synced into it
 * (hwaddr.c). */
int rtnl_dev_uc_walk(const struct rtnl_link *l, rtnl_hw_walk_fn fn, void *arg);
/* dev_uc_sync() / dev_uc_unsync() of l to its lower device, as l's
 * state now asks (up or not, its list). */
void rtnl_dev_uc_sync_update(struct rtnl_link *l);

/* mcast.c: /proc/net/igmp, igmp6, dev_mcast. */
int rtnl_proc_igmp(struct rtnl_net *rn, FILE *out);
int rtnl_proc_igmp6(struct rtnl_net *rn, FILE *out);
int rtnl_proc_dev_mcast(struct rtnl_net *rn, FILE *out);
/* snmp.c: /proc/net/snmp, netstat, snmp6. */
int rtnl_proc_snmp(struct rtnl_net *rn, FILE *out);
int rtnl_proc_netstat(struct rtnl_net *rn, FILE *out);
int rtnl_proc_snmp6(struct rtnl_net *rn, FILE *out);
/* /proc/net/dev_snmp6/DEV: snmp6's Ip6 and Icmp6 counters of one
 * device (snmp6_seq_show_dev()) */
int rtnl_proc_dev_snmp6(struct rtnl_net *rn, const struct rtnl_link *l,
			FILE *out);
/* procfs.c's files, as entries of the listing */
void rtnl_procfs_list(struct rtnl_file_out *o);
/* procfs-dir.c: /proc/net's listing and the names procfs.c lacks:
 * -EXDEV for the kernel's own, else the file or -ENOENT */
int rtnl_procfs_other(struct rtnl_net *rn, const char *rest,
		      struct rtnl_file_out *o);
int rtnl_proc_fib_trie(struct rtnl_net *rn, FILE *out);
int rtnl_proc_fib_triestat(struct rtnl_net *rn, FILE *out);
void rtnl_fib4_unmerge(struct rtnl_net *rn);
/* neighparms.c: a device's parameters in the table of family, as the
 * table's defaults give them (neigh_parms_alloc()) */
void rtnl_neigh_parms_init(struct rtnl_net *rn, struct rtnl_link *l,
			   int family);
uint32_t rtnl_jiffies_to_msecs(const struct rtnl_net *rn, int64_t j);
int64_t rtnl_msecs_to_jiffies(const struct rtnl_net *rn, int64_t ms);
/* link.c: inet6_ifinfo_notify() */
void rtnl_inet6_ifinfo_notify(struct rtnl_link *l);
/* addr.c: what disable_ipv6 and addr_gen_mode do when they change */
void rtnl_addr6_disable_change(struct rtnl_net *rn, struct rtnl_link *l);
void rtnl_addr6_gen_mode_change(struct rtnl_net *rn, struct rtnl_link *l);
extern const struct rtnl_msg_handler rtnl_neightbl_handlers[];
extern const unsigned int rtnl_neightbl_handlers_n;
int rtnl_sysfs_class_get(struct rtnl_net *rn, const char *rest,
			 struct rtnl_file_out *o);
int rtnl_sysfs_get(struct rtnl_net *rn, const char *rest,
		   struct rtnl_file_out *o);
bool rtnl_sysfs_writable(struct rtnl_net *rn, const char *rest);
/* A module's file of /sys/class/net (rest: its name). */
bool rtnl_sysfs_class_writable(struct rtnl_net *rn, const char *rest);
int rtnl_sysfs_class_write(struct rtnl_net *rn, const struct unl_cred *who,
			   const char *rest, const char *val);
int rtnl_sysfs_write(struct rtnl_net *rn, const struct unl_cred *who,
		     const char *rest, const char *val);
int rtnl_sysctl_get(struct rtnl_net *rn, const char *rest,
		    struct rtnl_file_out *o);
bool rtnl_sysctl_writable(struct rtnl_net *rn, const char *rest);
int rtnl_sysctl_write(struct rtnl_net *rn, const char *rest, const char *val);
/* neighparms.c: /proc/sys/net/ipv{4,6}/neigh; -EXDEV for another path
 * (writable: 1 or 0 for a neigh path). */
int rtnl_neigh_sysctl_get(struct rtnl_net *rn, const char *rest,
			  struct rtnl_file_out *o);
int rtnl_neigh_sysctl_writable(struct rtnl_net *rn, const char *rest);
int rtnl_neigh_sysctl_write(struct rtnl_net *rn, const char *rest,
			    const char *val);
/* devconf.c: the sysctl of entry i of a family's blob (NULL: none, or
 * the kernel lacks its feature), and
 * whether it counts seconds where the blob counts milliseconds. */
const char *rtnl_devconf_name(const struct rtnl_net *rn, int family, int i,
			      bool *sec_to_ms);
/* addr.c: RTM_NEWNETCONF of one attribute (NETCONFA_*) of a device's
 * configuration, or of "all" / "default" (l NULL, ifindex
 * NETCONFA_IFINDEX_ALL / _DEFAULT): inet_netconf_notify_devconf(). */
void rtnl_netconf_notify_attr(struct rtnl_net *rn, int family, int attr,
			      int ifindex, const struct rtnl_link *l);
/* mcnotify.c: RTM_NEWMULTICAST/DELMULTICAST and RTM_NEWANYCAST/
 * DELANYCAST (Linux 6.14): every device's groups compared with what was
 * last announced, after each request and timer (rtnl_deferred_run()) */
void rtnl_mc_notify_all(struct rtnl_net *rn);
/* a listener binds to group: the lists are taken again if stale */
void rtnl_mc_notify_bind(struct rtnl_net *rn, int group);
int rtnl_mc_notify_netdev_event(struct rtnl_net *rn,
				enum rtnl_netdev_event event,
				const struct rtnl_netdev_info *info);
void rtnl_mc_seen_free(struct rtnl_link *l);
/* The number of RTNLGRP_* groups of the profile's release */
struct unl_profile;
unsigned int rtnl_groups_max(const struct unl_profile *p);

#endif
