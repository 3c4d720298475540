/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Link kinds: what a driver tells rtnetlink about itself, as Linux's
 * struct rtnl_link_ops does (include/net/rtnetlink.h), with the few
 * net_device_ops the model needs.  Each kind lives in one file of this
 * directory and is one entry of the table in link.c; link.c knows no
 * kind by name.
 *
 * A device's kind-specific state is in its private area
 * (rtnl_link_priv(), netdev_priv() in Linux), sized by priv_size; the
 * state a master keeps about a port of its own (a bridge port) hangs
 * off the port's l->port, owned by the master's kind.
 *
 * Every function here runs with the net locked.
 */
#ifndef UNETLINK_ROUTE_LINK_KINDS_H
#define UNETLINK_ROUTE_LINK_KINDS_H

#include <linux/netdevice.h>
#include <linux/neighbour.h>

#include "proto/route/route-private.h"

/* The longest IFLA_INFO_DATA policy a kind may have (RTNL_MAX_TYPE). */
#define RTNL_KIND_MAX_TYPE 64
#define RTNL_KIND_SLAVE_MAX_TYPE 64

/* What rtnl_newlink() parsed for a device being created
 * (struct rtnl_newlink_params): the request's attributes, the kind's
 * IFLA_INFO_DATA parsed with its policy (NULL without one), and for a
 * kind with a peer (veth) the peer's header and attributes. */
struct rtnl_newlink_params {
	/* The nets: the requester's (src_net), the one IFLA_LINK_NETNSID
	 * names for a lower device (NULL: none given), the one the peer's
	 * IFLA_NET_NS_PID/FD name (NULL: none given). */
	struct rtnl_net *src, *link_net, *peer_net;
	struct unl_skb *skb;            /* the request */
	struct nlmsghdr *nlh;
	const struct ifinfomsg *ifm;
	const struct nlattr *const *tb;
	const struct nlattr *const *data;
	const struct nlattr *const *linfo; /* IFLA_LINKINFO's parts */
	bool peer_given;
	const struct ifinfomsg *peer_ifm;
	const struct nlattr *const *peer_tb;
};

/* What a driver's ethtool_ops answer, for dev_ethtool() (ethtool.c).
 * Every field may be left out, as an op a driver does not have. */
/* struct ethtool_link_ksettings, as set_link_ksettings() keeps it
 * (tun keeps all of it, even the reserved words SLINKSETTINGS brings):
 * the masks are bitmaps of ethtool_link_mode_bit_indices. */
#define RTNL_LINK_MODE_WORDS 4
struct rtnl_lsettings {
	uint32_t speed, lanes;
	uint8_t duplex, autoneg, port, phy_address, mdio_support;
	uint8_t eth_tp_mdix, eth_tp_mdix_ctrl, transceiver, rate_matching;
	uint32_t reserved[7];
	uint32_t supported[RTNL_LINK_MODE_WORDS];
	uint32_t advertising[RTNL_LINK_MODE_WORDS];
	uint32_t lp_advertising[RTNL_LINK_MODE_WORDS];
};

struct rtnl_ethtool {
	/* get_drvinfo(): the driver's name (NULL: no get_drvinfo, then
	 * the kind's name, or EOPNOTSUPP without one), its version (NULL:
	 * the kernel's release stays), firmware version and bus */
	const char *driver, *version, *fw_version, *bus_info;
	const char *(*bus_info_of)(const struct rtnl_link *l);
	/* get_link(): ethtool_op_get_link (the carrier), or always on */
	bool get_link, always_on;
	/* get_link_ksettings(): 0, or -EOPNOTSUPP without one */
	int (*ksettings)(const struct rtnl_link *l, uint32_t *speed,
			 uint8_t *duplex, uint8_t *port);
	/* get_msglevel(), set_msglevel(): the device's msglevel */
	bool msglevel, set_msglevel;
	/* The settings set_link_ksettings() keeps (tun), whole; and the
	 * setter, which takes what LINKMODES_SET, LINKINFO_SET, SSET and
	 * SLINKSETTINGS ask for (ksettings and linkinfo then report the
	 * same).  NULL: a driver without set_link_ksettings
	 * (autonegotiation off, no modes). */
	void (*lsettings)(const struct rtnl_link *l,
			  struct rtnl_lsettings *s);
	void (*set_lsettings)(struct rtnl_link *l,
			      const struct rtnl_lsettings *s);
	/* The link settings LINKINFO_SET changes, beyond ksettings'
	 * port: the PHY address and MDI-X control; NULL: 0 and
	 * ETH_TP_MDI_INVALID.  set_linkinfo() keeps all three. */
	void (*linkinfo)(const struct rtnl_link *l, uint8_t *phyaddr,
			 uint8_t *mdix_ctrl);
	void (*set_linkinfo)(struct rtnl_link *l, uint8_t port,
			     uint8_t phyaddr, uint8_t mdix_ctrl);
	/* get_sset_count(ETH_SS_STATS); NULL: none */
	uint32_t (*n_stats)(const struct rtnl_link *l);
	/* get_strings(ETH_SS_STATS), get_ethtool_stats(): statistic i's
	 * name, and every statistic's value (n_stats of them) */
	void (*stat_string)(const struct rtnl_link *l, uint32_t i,
			    char name[32]);
	void (*stat_values)(const struct rtnl_link *l, uint64_t *values);
	/* get_ts_info is ethtool_op_get_ts_info (software stamps sent
	 * too); false: none, the receive stamps every device has */
	bool ts_info;
	/* get_ts_info asks the lower device (vlan, macvlan:
	 * ethtool_get_ts_info_by_layer(real_dev)) */
	bool ts_info_lower;
	/* get_coalesce(), set_coalesce() of rx-frames alone (tun's
	 * rx_batched); NULL: no coalescing parameters */
	uint32_t (*coalesce_rx_frames)(const struct rtnl_link *l);
	void (*set_coalesce_rx_frames)(struct rtnl_link *l, uint32_t frames);
	/* get_channels(): the queues there are (max) and in use; NULL:
	 * none */
	void (*channels)(const struct rtnl_link *l, uint32_t *max_rx,
			 uint32_t *max_tx, uint32_t *rx, uint32_t *tx);
	/* get_channels()'s combined queues (tun): maximum and in use */
	void (*channels_combined)(const struct rtnl_link *l,
				  uint32_t *max, uint32_t *count);
	/* set_channels(): the queues to use, within the maximums; 0 or
	 * -errno; NULL: none */
	int (*set_channels)(struct rtnl_link *l, uint32_t rx, uint32_t tx);
	/* What a new device of the kind offloads (netdev_features_t):
	 * changeable (hw_features), asked for (wanted_features) and on
	 * (features); NULL: not modelled for the kind. */
	const struct rtnl_ethtool_features *features;
	/* ndo_fix_features(): what the driver takes of the features
	 * asked for, before Linux's own fix-ups; NULL: all of them */
	uint64_t (*fix_features)(const struct rtnl_link *l, uint64_t f);
};

struct rtnl_ethtool_features {
	uint64_t hw, wanted, active;
};

/* The device's offloads now: false when its kind models none. */
bool rtnl_link_features(const struct rtnl_link *l,
			struct rtnl_ethtool_features *f);
/* Ask for wanted (of the changeable bits in mask; the others stay) and
 * recompute what is on as __netdev_update_features() does; true when
 * that changed (the caller announces NETDEV_FEAT_CHANGE once it has
 * answered, as Linux's netdev_features_change() comes last). */
bool rtnl_link_want_features(struct rtnl_link *l, uint64_t wanted,
			     uint64_t mask);

/* __ethtool_get_ts_info(): the SOF_TIMESTAMPING_* bits of the device
 * (software stamps only), for TSINFO_GET and ETHTOOL_GET_TS_INFO. */
uint32_t rtnl_ethtool_ts_info(const struct rtnl_link *l);

/* __ethtool_get_link_ksettings(): all a driver says of its link
 * settings (what set_link_ksettings kept, else get_link_ksettings'
 * speed, duplex and port with get_linkinfo's PHY address and MDI-X
 * control, the rest 0); -EOPNOTSUPP without get_link_ksettings.  The
 * one reading SIOCETHTOOL (ethtool.c) and ethtool's netlink (ethnl.c)
 * share. */
int rtnl_ethtool_ksettings_get(const struct rtnl_link *l,
			       struct rtnl_lsettings *ls);
/* The common get_link_ksettings(): a fixed speed, full duplex, twisted
 * pair (veth, tun). */
int rtnl_ethtool_ksettings_10g(const struct rtnl_link *l, uint32_t *speed,
			       uint8_t *duplex, uint8_t *port);

struct rtnl_link_ops {
	/* IFLA_INFO_KIND; NULL for a kind no request can create (lo). */
	const char *kind;
	/* the device type's name (SET_NETDEV_DEVTYPE), DEVTYPE= in its
	 * uevents; NULL for none */
	const char *devtype;
	size_t priv_size;
	/* alloc_netdev()'s setup: type, flags, MTU, queues... */
	void (*setup)(struct rtnl_link *l);
	/* IFLA_INFO_DATA, parsed before the device is looked up */
	unsigned int maxtype;
	const struct unl_nla_policy *policy;
	/* A kind with a peer (veth): the attribute of IFLA_INFO_DATA that
	 * holds the peer's ifinfomsg and attributes. */
	unsigned int peer_type;
	/* Checks of the request's attributes and data (data NULL when
	 * none), before the device is looked up; also run on a peer's
	 * attributes with data NULL.  rn says what the net's kernel was
	 * built with (a check Linux compiles in or out). */
	int (*validate)(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack);
	/* Creates the device that rtnl_create_link() made: registers it
	 * (rtnl_link_register()) and whatever comes with it.  On error the
	 * caller frees l unless it was registered. */
	int (*newlink)(struct rtnl_link *l,
		       const struct rtnl_newlink_params *p,
		       struct unl_ext_ack *extack);
	/* IFLA_INFO_DATA of a device that exists; NULL: EOPNOTSUPP. */
	int (*changelink)(struct rtnl_link *l, const struct nlattr *const *tb,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack);
	/* RTM_DELLINK: queues l (and what goes with it) on the kill list;
	 * NULL: the device cannot be deleted (EOPNOTSUPP). */
	void (*dellink)(struct rtnl_link *l, struct rtnl_link_list *kill);
	/* IFLA_INFO_DATA of RTM_NEWLINK; NULL: none. */
	int (*fill_info)(struct unl_skb *skb, const struct rtnl_link *l);

	/* The master side: what a port's IFLA_INFO_SLAVE_DATA holds (its
	 * IFLA_INFO_SLAVE_KIND is the master's kind). */
	unsigned int slave_maxtype;
	const struct unl_nla_policy *slave_policy;
	int (*slave_changelink)(struct rtnl_link *master, struct rtnl_link *l,
				const struct nlattr *const *tb,
				const struct nlattr *const *data,
				struct unl_ext_ack *extack);
	int (*fill_slave_info)(struct unl_skb *skb,
			       const struct rtnl_link *master,
			       const struct rtnl_link *l);
	/* ndo_add_slave / ndo_del_slave: IFLA_MASTER.  add_slave NULL:
	 * the device cannot be a master (EOPNOTSUPP). */
	int (*add_slave)(struct rtnl_link *master, struct rtnl_link *l,
			 struct unl_ext_ack *extack);
	void (*del_slave)(struct rtnl_link *master, struct rtnl_link *l);

	/* ndo_set_mac_address(); NULL: the address cannot change
	 * (EOPNOTSUPP). */
	int (*set_mac_address)(struct rtnl_link *l, const uint8_t *addr,
			       struct unl_ext_ack *extack);
	/* ndo_open, before the device is announced up: 0 or -errno (the
	 * device stays down); ndo_stop, before it is announced down. */
	int (*open)(struct rtnl_link *l, struct unl_ext_ack *extack);
	void (*stop)(struct rtnl_link *l);
	/* ndo_change_mtu: a new MTU within the device's limits, before it
	 * is set; 0, or -errno to refuse it. */
	int (*change_mtu)(struct rtnl_link *l, uint32_t mtu);
	/* ndo_change_rx_flags: IFF_PROMISC or IFF_ALLMULTI moved. */
	void (*change_rx_flags)(struct rtnl_link *l, unsigned int changes);
	/* ndo_bridge_getlink, ndo_bridge_setlink, ndo_bridge_dellink: the
	 * AF_BRIDGE messages, for the device's master (port NULL: for the
	 * device itself, with BRIDGE_FLAGS_SELF). */
	int (*bridge_getlink)(struct unl_skb *skb, uint32_t pid, uint32_t seq,
			      struct rtnl_link *l, uint32_t filter_mask,
			      int nlflags);
	int (*bridge_setlink)(struct rtnl_link *l, const struct nlmsghdr *nlh,
			      uint16_t flags, struct unl_ext_ack *extack);
	int (*bridge_dellink)(struct rtnl_link *l, const struct nlmsghdr *nlh,
			      uint16_t flags);
	/* The link speed ethtool reports, in Mb/s; 0: none (a bridge port
	 * then costs 100, as an old 10 Mb/s device). */
	uint32_t (*speed)(const struct rtnl_link *l);
	/* IFF_UNICAST_FLT: the device filters unicast addresses (a bridge
	 * may then leave it out of promiscuous mode). */
	bool unicast_flt;
	/* The kind's own files in the device's sysfs directory (its
	 * sysfs groups, what br_sysfs_addbr() adds): list them into a
	 * directory being made, or make the one at rest (a path below the
	 * device's directory), 0 or -errno.  port_sysfs_* do the same for
	 * a master in its ports' directories (br_sysfs_addif()).  NULL:
	 * none. */
	void (*sysfs_list)(const struct rtnl_link *l,
			   struct rtnl_file_out *o);
	int (*sysfs_get)(const struct rtnl_link *l, const char *rest,
			 struct rtnl_file_out *o);
	void (*port_sysfs_list)(const struct rtnl_link *port,
				struct rtnl_file_out *o);
	int (*port_sysfs_get)(const struct rtnl_link *port, const char *rest,
			      struct rtnl_file_out *o);
	/* A write to one of those files by who (an administrator of the
	 * net), applied as its store applies it: 0 or -errno, -ENOENT
	 * when it is not the kind's.  NULL: none is written. */
	int (*sysfs_write)(struct rtnl_link *l, const struct unl_cred *who,
			   const char *rest, const char *val);
	int (*port_sysfs_write)(struct rtnl_link *port,
				const struct unl_cred *who, const char *rest,
				const char *val);
	/* The nexthop id is going (NEXTHOP_EVENT_DEL of the nexthop
	 * notifier chain, before anything is announced); NULL: the kind
	 * does not listen. */
	void (*nexthop_del)(struct rtnl_link *l, uint32_t id);
	/* ndo_get_iflink(); NULL: the device's own index. */
	int (*get_iflink)(const struct rtnl_link *l);
	/* get_link_net(): the net the device's link (iflink) lives in;
	 * NULL: the device's own.  Reported as IFLA_LINK_NETNSID. */
	struct rtnl_net *(*get_link_net)(const struct rtnl_link *l);
	/* The carrier the driver gives l as things stand: 1 or 0, or -1
	 * when it leaves the carrier alone (lo, dummy). */
	int (*carrier)(const struct rtnl_link *l);
	/* ndo_change_carrier: IFLA_CARRIER from the user; NULL:
	 * EOPNOTSUPP. */
	int (*change_carrier)(struct rtnl_link *l, bool on);
	/* The kind's own state goes (priv_destructor). */
	void (*destructor)(struct rtnl_link *l);
	/* The kind's netdevice notifier, for a kind that watches other
	 * devices (a bridge its ports, a vlan its lower device): called
	 * for every event of every device, after the protocols'. */
	rtnl_netdev_notifier_fn netdev_event;
	/* The device has a transmit queue (no IFF_NO_QUEUE): a qdisc is
	 * attached when it first goes up. */
	bool tx_queue;
	/* ndo_start_xmit() of a frame of len bytes the model makes (a
	 * LACPDU) on l, which is up: the driver counts it and returns the
	 * device that receives it (a veth's peer), or NULL when it dropped
	 * it.  NULL: the kind carries no frame (rtnl_link_xmit_frame()). */
	struct rtnl_link *(*xmit_frame)(struct rtnl_link *l, unsigned int len);
	/* The rx_handler a master sets on its ports: frame f arrived on
	 * its port dev.  NULL: the master takes no frame (rtnl_link_
	 * receive_frame()). */
	enum rtnl_rx_result (*rx_frame)(struct rtnl_link *l,
					struct rtnl_link *dev,
					const struct rtnl_frame *f);
	/* ndo_get_stats64(): the counters a driver keeps; NULL: none */
	void (*get_stats64)(const struct rtnl_link *l,
			    struct rtnl_link_stats64 *s);
	/* Its ethtool_ops; NULL: none at all. */
	const struct rtnl_ethtool *ethtool;
	/* The device it is stacked on (netdev_upper_dev_link(lower, dev)
	 * by a vlan, a macvlan, a vxlan with a device): the lower_ and
	 * upper_ links of their sysfs directories; NULL: none. */
	struct rtnl_link *(*lower_dev)(const struct rtnl_link *l);
	/* No ndo_set_rx_mode (lo, ifb): SIOCADDMULTI and SIOCDELMULTI are
	 * EINVAL. */
	bool no_rx_mode;
	/* ndo_fdb_add, ndo_fdb_del, ndo_fdb_del_bulk, ndo_fdb_dump and
	 * ndo_fdb_get: the kind's forwarding database (fdb.c calls them
	 * on a port's master for NTF_MASTER, on the device itself for
	 * NTF_SELF).  *notified: the kind announced the change itself.
	 * NULL: the default (the device's address lists), or EOPNOTSUPP
	 * for del_bulk and get. */
	int (*fdb_add)(struct rtnl_link *l, const struct ndmsg *ndm,
		       const struct nlattr *const *tb, const uint8_t *addr,
		       uint16_t vid, uint16_t nlh_flags, bool *notified,
		       struct unl_ext_ack *extack);
	int (*fdb_del)(struct rtnl_link *l, const struct ndmsg *ndm,
		       const struct nlattr *const *tb, const uint8_t *addr,
		       uint16_t vid, bool *notified,
		       struct unl_ext_ack *extack);
	int (*fdb_del_bulk)(struct rtnl_link *l, const struct nlmsghdr *nlh,
			    struct unl_ext_ack *extack);
	/* The entries of l (filter_dev NULL) or those towards its port
	 * filter_dev, counted in *idx from cb->args[2] on. */
	int (*fdb_dump)(struct unl_skb *skb, struct unl_callback *cb,
			struct rtnl_link *l, struct rtnl_link *filter_dev,
			long *idx);
	int (*fdb_get)(struct unl_skb *skb, const struct nlattr *const *tb,
		       struct rtnl_link *l, const uint8_t *addr, uint16_t vid,
		       uint32_t portid, uint32_t seq,
		       struct unl_ext_ack *extack);
	/* fill_linkxstats: the kind's extended statistics for RTM_GETSTATS,
	 * of the device itself (attr IFLA_STATS_LINK_XSTATS) or of a port
	 * of it (IFLA_STATS_LINK_XSTATS_SLAVE, l the port); *prividx: where
	 * a dump cut short goes on.  NULL: none. */
	int (*fill_linkxstats)(struct unl_skb *skb, const struct rtnl_link *l,
			       int *prividx, int attr);
	/* ndo_mdb_add, ndo_mdb_del, ndo_mdb_dump, ndo_mdb_get: the kind's
	 * multicast database (mdb.c checked the request's entry); NULL:
	 * EOPNOTSUPP, nothing dumped. */
	int (*mdb_add)(struct rtnl_link *l, const struct nlattr *const *tb,
		       uint16_t nlmsg_flags, struct unl_ext_ack *extack);
	int (*mdb_del)(struct rtnl_link *l, const struct nlattr *const *tb,
		       struct unl_ext_ack *extack);
	int (*mdb_dump)(struct rtnl_link *l, struct unl_skb *skb,
			struct unl_callback *cb);
	/* ndo_mdb_del_bulk: the entries the request's MDBA_SET_ENTRY and
	 * MDBA_SET_ENTRY_ATTRS match go (NLM_F_BULK); NULL: EOPNOTSUPP. */
	int (*mdb_del_bulk)(struct rtnl_link *l,
			    const struct nlattr *const *tb,
			    struct unl_ext_ack *extack);
	int (*mdb_get)(struct rtnl_link *l, const struct nlattr *const *tb,
		       uint32_t portid, uint32_t seq,
		       struct unl_ext_ack *extack);
	/* IFF_NO_RX_HANDLER: no other driver may take the device's frames
	 * (an ipvlan cannot be a bridge port or a macvlan's lower). */
	bool no_rx_handler;
	/* l3mdev_ops->l3mdev_fib_table: the device is an L3 master (a
	 * VRF), whose routes and its ports' are in this table. */
	uint32_t (*l3mdev_fib_table)(const struct rtnl_link *l);
	/* The inetaddr and inet6addr validator notifiers: an address of
	 * family about to be added to l, 0 or -errno to refuse it; NULL:
	 * nothing to check. */
	int (*addr_validate)(const struct rtnl_link *l, int family,
			     const uint8_t *addr, struct unl_ext_ack *extack);
	/* ndo_set_rx_mode() syncs the device's multicast list to its
	 * lower device (lower_dev) while it is up: dev_mc_sync() of a
	 * vlan, a macvlan, an ipvlan (mcast.c makes the lists). */
	bool mc_sync;
	/* ... and its unicast list (dev_uc_sync(): a vlan, a macvlan; not
	 * an ipvlan) */
	bool uc_sync;
	/* What the kind's newlink does once the device is announced
	 * (its own rtnl_configure_link() in Linux: a vxlan's default FDB
	 * entry); NULL: nothing. */
	void (*configured)(struct rtnl_link *l);
	/* The module the kind comes with, when loading it does more than
	 * register the kind (NULL: nothing more). */
	const struct rtnl_link_module *module;
	/* The XDP receive metadata its driver gives programs
	 * (xdp_metadata_ops, NETDEV_XDP_RX_METADATA_*). */
	uint64_t xdp_rx_metadata;
	/* ndo_siocdevprivate: SIOCDEVPRIVATE..SIOCDEVPRIVATE + 15 on the
	 * device (the tunnels' SIOC*TUNNEL, SIOC*PRL, SIOC*6RD), data the
	 * request's ifr_data (NULL when the caller gave none or it could
	 * not be read: -EFAULT where the driver copies), with room for
	 * what the request answers; 0 or -errno.  NULL: EOPNOTSUPP. */
	int (*siocdevprivate)(struct rtnl_link *l, void *data,
			      unsigned int cmd);
	/* ndo_get_peer_dev(): the device at the other end of l's link (a
	 * veth's peer, in any net), where a frame l sends arrives; NULL:
	 * none. */
	struct rtnl_link *(*get_peer_dev)(const struct rtnl_link *l);
};

/* A module whose loading makes devices in every net of the machine
 * (the IP tunnels' fallback devices, by their pernet init): its name
 * in /sys/module and the profile's "module" list, its bit in
 * rtnl_world.modules, and what it does to a net, once loaded, when the
 * net is made or the module loads. */
struct unl_profile;

struct rtnl_link_module {
	const char *name;
	unsigned int id;
	/* announce: RTM_NEWLINK for each device made (a net being made
	 * has nobody to tell) */
	void (*net_init)(struct rtnl_net *rn, bool announce);
	/* the module it needs, loaded before it (ip6_gre's ip6_tunnel);
	 * NULL: none that makes devices */
	const struct rtnl_link_module *depends;
	/* A file it adds to /sys/class/net of each net (bond_create_sysfs():
	 * bonding_masters), its show and its store (0 or -errno, as
	 * from who); NULL: none. */
	const char *class_file;
	int (*class_show)(struct rtnl_net *rn, FILE *out);
	int (*class_store)(struct rtnl_net *rn, const struct unl_cred *who,
			   const char *val);
};

/* The module loaded in rn's world whose class file is called name,
 * or NULL; the i-th loaded one with a class file (for listing). */
const struct rtnl_link_module *rtnl_link_module_class(struct rtnl_net *rn,
						      const char *name);
const struct rtnl_link_module *rtnl_link_module_class_at(struct rtnl_net *rn,
							 size_t i);

/* request_module() of a kind's module by rtnl_newlink(): loaded, it
 * goes through every net of the world (net_init). */
void rtnl_link_module_load(struct rtnl_net *rn,
			   const struct rtnl_link_module *m);
/* The pernet init of every module loaded, for a net being made. */
void rtnl_link_modules_net_init(struct rtnl_net *rn);
/* The profile's modules loaded from the start, as rtnl_world.modules. */
uint32_t rtnl_link_modules_loaded(const struct unl_profile *p);

/* fdb.c: ndo_dflt_fdb_dump(), the device's unicast then multicast
 * list as NTF_SELF permanent entries (a bridge's dump begins with
 * it). */
int rtnl_fdb_dflt_dump(struct unl_skb *skb, struct unl_callback *cb,
		       struct rtnl_link *l, long *idx);

/* The kinds (one file each). */
extern const struct rtnl_link_ops rtnl_lo_ops;
extern const struct rtnl_link_ops rtnl_dummy_ops;
extern const struct rtnl_link_ops rtnl_veth_ops;
extern const struct rtnl_link_ops rtnl_bridge_ops;
extern const struct rtnl_link_ops rtnl_vlan_ops;
extern const struct rtnl_link_ops rtnl_tun_ops;
extern const struct rtnl_link_ops rtnl_xfrm_ops;
extern const struct rtnl_link_ops rtnl_macvlan_ops;
extern const struct rtnl_link_ops rtnl_macvtap_ops;
extern const struct rtnl_link_ops rtnl_ifb_ops;
extern const struct rtnl_link_ops rtnl_vxlan_ops;
extern const struct rtnl_link_ops rtnl_ipvlan_ops;
extern const struct rtnl_link_ops rtnl_wireguard_ops;
extern const struct rtnl_link_ops rtnl_geneve_ops;
extern const struct rtnl_link_ops rtnl_vrf_ops;
extern const struct rtnl_link_ops rtnl_nlmon_ops;
extern const struct rtnl_link_ops rtnl_bond_ops;
extern const struct rtnl_link_ops rtnl_ipip_ops;
extern const struct rtnl_link_ops rtnl_gre_ops;
extern const struct rtnl_link_ops rtnl_gretap_ops;
extern const struct rtnl_link_ops rtnl_erspan_ops;
extern const struct rtnl_link_ops rtnl_vti_ops;
extern const struct rtnl_link_module rtnl_ip_gre_module;
extern const struct rtnl_link_module rtnl_ipip_module;
extern const struct rtnl_link_module rtnl_ip_vti_module;
extern const struct rtnl_link_module rtnl_vrf_module;
extern const struct rtnl_link_ops rtnl_sit_ops;
extern const struct rtnl_link_ops rtnl_ip6tnl_ops;
extern const struct rtnl_link_ops rtnl_vti6_ops;
extern const struct rtnl_link_ops rtnl_ip6gre_ops;
extern const struct rtnl_link_ops rtnl_ip6gretap_ops;
extern const struct rtnl_link_ops rtnl_ip6erspan_ops;
extern const struct rtnl_link_module rtnl_sit_module;
extern const struct rtnl_link_module rtnl_ip6_tunnel_module;
extern const struct rtnl_link_module rtnl_ip6_gre_module;
extern const struct rtnl_link_module rtnl_ip6_vti_module;
extern const struct rtnl_link_module rtnl_bond_module;
/* /dev/net/tun (link/tun.c) */
extern const struct unl_file_ops rtnl_tun_fops;

/* rtnl_link_ops_get(): the kind of that name this net offers, or NULL.
 * The one place that decides which kinds exist. */
const struct rtnl_link_ops *rtnl_link_ops_find(struct rtnl_net *rn,
					       const char *kind);

/* The kinds in the order of the table (for the notifier chain): the
 * i-th, or NULL past the last. */
const struct rtnl_link_ops *rtnl_link_kind_at(struct rtnl_net *rn,
					      size_t i);

/* rtnl_newlink_link_net(): where a lower device is looked up. */
static inline struct rtnl_net *
rtnl_newlink_link_net(const struct rtnl_newlink_params *p)
{
	return p->link_net ? p->link_net : p->src;
}

/* rtnl_newlink_peer_net(): where a peer is made. */
static inline struct rtnl_net *
rtnl_newlink_peer_net(const struct rtnl_newlink_params *p)
{
	return p->peer_net ? p->peer_net : rtnl_newlink_link_net(p);
}

/* netdev_priv() */
static inline void *rtnl_link_priv(const struct rtnl_link *l)
{
	return (void *)l->priv;
}

/* ---- what link.c offers the kinds ---- */

/* alloc_netdev(): defaults, then the kind's setup. */
struct rtnl_link *rtnl_link_alloc(struct rtnl_net *rn,
				  const struct rtnl_link_ops *ops);
/* rtnl_create_link() and validate_linkmsg() of a new device's
 * attributes (the address only when take_address). */
int rtnl_create_link(struct rtnl_net *rn, const struct rtnl_link_ops *ops,
		     const struct nlattr *const *tb, bool take_address,
		     struct rtnl_link **out, struct unl_ext_ack *extack);
int rtnl_link_validate_new(const struct rtnl_link *l,
			   const struct nlattr *const *tb,
			   struct unl_ext_ack *extack);
/* lo's own IPv4 and IPv6 configuration. */
void rtnl_link_lo_devconf(struct rtnl_link *l);
/* eth_mac_addr() */
int rtnl_link_eth_mac_addr(struct rtnl_link *l, const uint8_t *addr,
			   struct unl_ext_ack *extack);
void rtnl_link_list_init(struct rtnl_link_list *list);
/* dev_change_flags() by a driver: IFF_UP (opening or closing the device,
 * announced) and the flags a user may set. */
int rtnl_link_change_flags(struct rtnl_link *l, unsigned int flags,
			   struct unl_ext_ack *extack);
/* dev_close_many(): the devices of list (queued with
 * rtnl_link_close_add(), at its head or tail) that run all stop, then
 * each is announced (RTM_NEWLINK, IFF_UP and IFF_RUNNING changed) with
 * NETDEV_DOWN; the list stays as it was. */
void rtnl_link_close_add(struct rtnl_link_list *list, struct rtnl_link *l,
			 bool at_head);
void rtnl_link_close_many(struct rtnl_net *rn, struct rtnl_link_list *list);

/* netdev_is_rx_handler_busy(): another driver takes the device's
 * frames already (it is a bridge's port, or a macvlan's or an ipvlan's
 * lower), or its own driver forbids it (IFF_NO_RX_HANDLER, as
 * netdev_rx_handler_register() checks). */
static inline bool rtnl_link_rx_handler_busy(const struct rtnl_link *l)
{
	return l->port || l->macvlan_port || l->ipvlan_port ||
	       l->ops->no_rx_handler;
}

/* is_valid_ether_addr(): not multicast, not all zero. */
bool rtnl_link_valid_ether(const uint8_t *addr);
/* The drivers' check of an IFLA_ADDRESS (NULL: none): EINVAL when it is
 * not 6 bytes, EADDRNOTAVAIL when it is not a station's. */
int rtnl_link_validate_ether(const struct nlattr *a);
/* Ethernet defaults (ether_setup()): type, broadcast and multicast
 * flags, MTU 1500 within 68..65535, a random address. */
void rtnl_link_ether_setup(struct rtnl_link *l);
/* register_netdevice(): the name (a "%d" pattern filled in; EINVAL or
 * EEXIST), the index (ifindex > 0: that one, EBUSY when taken), into
 * the list, NETDEV_REGISTER.  The RTM_NEWLINK is the caller's
 * (rtnl_configure_link()). */
int rtnl_link_register(struct rtnl_link *l, int ifindex);
/* rtnl_configure_link() of a registered device: the flags of ifm
 * (NULL: none), then its first RTM_NEWLINK, and the linkwatch event of
 * a driver that manages its carrier; -errno when the driver refuses to
 * open (the device stays unannounced).  rtnl_newlink() does it for the
 * device it creates; a kind does it for the others it makes (a veth's
 * peer). */
int rtnl_link_configure(struct rtnl_link *l, const struct ifinfomsg *ifm,
			struct unl_skb *req, const struct nlmsghdr *nlh);
/* A device that was never registered goes (free_netdev()). */
void rtnl_link_free(struct rtnl_link *l);
/* unregister_netdevice_many() of a kill list, as rtnl_dellink() does,
 * without a request to echo to. */
void rtnl_link_unregister_many(struct rtnl_net *rn,
			       struct rtnl_link_list *kill);
/* unregister_netdevice_queue() */
void rtnl_link_queue_kill(struct rtnl_link *l, struct rtnl_link_list *kill);
/* RTM_NEWLINK (or RTM_DELLINK) of l to RTNLGRP_LINK, echoed to the
 * requester of nlh with NLM_F_ECHO. */
void rtnl_link_notify(struct rtnl_link *l, int type, unsigned int change,
		      struct unl_skb *req, const struct nlmsghdr *nlh);
/* dev_validate_mtu() and the setting of it. */
int rtnl_link_set_mtu(struct rtnl_link *l, uint32_t mtu,
		      struct unl_ext_ack *extack);
/* Drivers that start without carrier (netif_carrier_off() before
 * register_netdevice()) count that as a change. */
void rtnl_link_carrier_init_off(struct rtnl_link *l);
/* netif_carrier_on() / netif_carrier_off(): linkwatch looks at the
 * device once the request is done. */
void rtnl_link_carrier_set(struct rtnl_link *l, bool on);
/* dev_get_flags(): ifi_flags as reported. */
unsigned int rtnl_link_ifi_flags(const struct rtnl_link *l);
/* nlmsg_find_attr() of an RTM_*LINK request (after its ifinfomsg). */
const struct nlattr *rtnl_link_msg_attr(const struct nlmsghdr *nlh, int type);
/* netif_oper_up(): operational state UP or UNKNOWN. */
bool rtnl_link_oper_up(const struct rtnl_link *l);
/* dev_set_promiscuity() (announced with IFF_PROMISC as the change) and
 * dev_set_allmulti() (not announced): one more or one less user. */
void rtnl_link_set_promiscuity(struct rtnl_link *l, int inc);
void rtnl_link_set_allmulti(struct rtnl_link *l, int inc);
/* dev_uc_add() / dev_uc_del() of an address of another device (a
 * macvlan's): one more or one less on l's unicast list. */
void rtnl_link_uc_add(struct rtnl_link *l, int inc);
/* dev_set_mtu(): the MTU within the device's limits and as its driver
 * takes it (0 or -errno), with NETDEV_CHANGEMTU when it moved. */
int rtnl_link_dev_set_mtu(struct rtnl_link *l, uint32_t mtu);
/* eth_hw_addr_random(): a new random MAC, silently. */
void rtnl_link_ether_random_addr(struct rtnl_link *l);
/* The device's MAC changes as its driver changes it (eth_hw_addr_set());
 * the caller raises NETDEV_CHANGEADDR when Linux does. */
void rtnl_link_dev_addr_set(struct rtnl_link *l, const uint8_t *addr);
/* A stacked device's link settings and speed (vlan, macvlan, ipvlan:
 * their ethtool get_link_ksettings): its lower device's, found through
 * ops->lower_dev; -EOPNOTSUPP or 0 without one that answers. */
int rtnl_link_lower_ksettings(const struct rtnl_link *l, uint32_t *speed,
			      uint8_t *duplex, uint8_t *port);
uint32_t rtnl_link_lower_speed(const struct rtnl_link *l);

#endif
