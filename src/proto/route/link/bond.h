/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The bond's state (include/net/bonding.h), shared by bond.c (the
 * driver and its options) and bond_sysfs.c (/proc/net/bonding and the
 * bonding sysfs files).
 */
#ifndef UNL_ROUTE_LINK_BOND_H
#define UNL_ROUTE_LINK_BOND_H

#include <stdio.h>

#include <linux/if_bonding.h>
#include <linux/if_ether.h>

#include "proto/route/link/bond_3ad.h"
#include "proto/route/link/kinds.h"

#define BOND_MAX_ARP_TARGETS 16
#define BOND_MAX_NS_TARGETS BOND_MAX_ARP_TARGETS
#define BOND_DEFAULT_MIIMON 100
#define BOND_DEFAULT_TX_QUEUES 16
/* include/net/bonding.h's values */
#define BOND_PRI_RESELECT_FAILURE 2
#define BOND_FOM_ACTIVE 1

/* enum bond_link states of a port */
#define BOND_LINK_UP 0
#define BOND_LINK_FAIL 1
#define BOND_LINK_DOWN 2
#define BOND_LINK_BACK 3

#define MODE_BIT(m) (1u << (m))
#define ALL_MODES 0x7fu
#define ALL_EX(bits) (ALL_MODES & ~(bits))
#define MODES_NO_ARP                                                    \
	(MODE_BIT(BOND_MODE_8023AD) | MODE_BIT(BOND_MODE_TLB) |         \
	 MODE_BIT(BOND_MODE_ALB))
#define MODES_PRIMARY                                                   \
	(MODE_BIT(BOND_MODE_ACTIVEBACKUP) | MODE_BIT(BOND_MODE_TLB) |   \
	 MODE_BIT(BOND_MODE_ALB))

struct bond_params {
	int mode, miimon, updelay, downdelay, peer_notif_delay;
	int use_carrier, arp_interval, arp_validate, arp_all_targets;
	uint32_t arp_targets[BOND_MAX_ARP_TARGETS]; /* network order */
	uint8_t ns_targets[BOND_MAX_NS_TARGETS][16];
	char primary[IFNAMSIZ];
	int primary_reselect, fail_over_mac, xmit_policy, resend_igmp;
	int num_peer_notif, all_slaves_active, min_links, lp_interval;
	int packets_per_slave, lacp_active, lacp_fast, ad_select;
	int tlb_dynamic_lb, missed_max, coupled_control;
	int ad_actor_sys_prio, ad_user_port_key;
	uint8_t ad_actor_system[ETH_ALEN];
};

/* struct slave, hanging off the port's l->port */
struct bond_slave {
	struct rtnl_link *dev;
	struct bond_slave *next;
	int link;      /* BOND_LINK_* */
	bool backup;   /* not the active one */
	uint32_t link_failure_count;
	uint8_t perm_hwaddr[ETH_ALEN];
	uint32_t original_mtu;
	uint16_t queue_id;
	int32_t prio;
	/* 802.3ad: its port, its aggregator, and SLAVE_AD_INFO()->id */
	struct ad_port ad;
	struct ad_agg agg;
	uint16_t ad_id;
	/* SLAVE_AD_INFO()->stats: from the port's joining on */
	struct ad_stats ad_stats;
	/* slave->slave_stats: the device's counters when it joined */
	struct rtnl_link_stats64 joined_stats;
};

/* struct bonding */
struct bond_priv {
	struct bond_params params;
	struct bond_slave *slaves; /* in the order they came */
	struct bond_slave *curr_active, *primary_slave;
	bool force_primary;
	/* BOND_AD_INFO(bond).system: what LACP would announce, set when
	 * the actor settings change and when an 802.3ad bond opens */
	int ad_sys_prio;
	uint8_t ad_sys_mac[ETH_ALEN];
	struct ad_bond ad;
	/* the name of its /proc/net/bonding file ("": none) */
	char proc_name[IFNAMSIZ];
	/* bond->bond_stats: what ports that left counted while ports */
	struct rtnl_link_stats64 left_stats;
};

static inline struct bond_priv *bond(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static inline struct bond_slave *slave_of(const struct rtnl_link *port)
{
	return port->port;
}

/* bond_uses_primary(): active-backup, tlb and alb */
static inline bool bond_uses_primary(const struct bond_priv *b)
{
	return MODE_BIT(b->params.mode) & MODES_PRIMARY;
}

/* bond.c: the name of value v of the option called name (bond_opt_get_val()),
 * or NULL. */
const char *bond_opt_value_name(const char *name, int64_t v);
/* bond_opt_tryset_rtnl() of a sysfs store: the option called name set
 * from the text val as bond_opt_parse() reads it, 0 or -errno; on
 * success the bond's change is announced (NETDEV_CHANGEINFODATA). */
int bond_opt_store(struct rtnl_link *l, const char *name, const char *val);
/* bond_3ad_update_ad_actor_settings(): the system LACP announces (the
 * bond's MAC unless ad_actor_system is set), the ports' too */
void bond_ad_update_system(struct rtnl_link *l);
/* bond_set_slave_inactive_flags() / active_flags(): announced */
void bond_slave_set_backup(struct bond_slave *s, bool backup);
/* The bond whose port the device is, or NULL (bond_get_bond_by_slave()) */
struct rtnl_link *bond_port_master(const struct rtnl_link *port);
/* The bond's 802.3ad system (BOND_AD_INFO(bond).system) */
void bond_ad_system(const struct rtnl_link *l, int *prio, uint8_t mac[ETH_ALEN]);

/* bond_sysfs.c */
void bond_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o);
int bond_sysfs_get(const struct rtnl_link *l, const char *rest,
		   struct rtnl_file_out *o);
int bond_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
		     const char *rest, const char *val);
void bond_port_sysfs_list(const struct rtnl_link *port,
			  struct rtnl_file_out *o);
int bond_port_sysfs_get(const struct rtnl_link *port, const char *rest,
			struct rtnl_file_out *o);
/* /proc/net/bonding/NAME for l, made or removed (bond_create_proc_entry(),
 * bond_remove_proc_entry()); the directory with the module, per net. */
void bond_proc_create(struct rtnl_link *l);
void bond_proc_remove(struct rtnl_link *l);
void bond_proc_dir_create(struct rtnl_net *rn);
/* /sys/class/net/bonding_masters: the net's bonds; "+NAME" makes one,
 * "-NAME" deletes it (bonding_store_bonds()). */
int bond_masters_show(struct rtnl_net *rn, FILE *out);
int bond_masters_store(struct rtnl_net *rn, const struct unl_cred *who,
		       const char *val);

#endif
