// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tun and tap devices (drivers/net/tun.c): the `tun` kind, which
 * rtnetlink reports but never creates, and the /dev/net/tun character
 * device whose TUNSETIFF makes and attaches one.  A file holds at most
 * one device; a device without the persist flag goes when its last file
 * closes.  No packet flows: a write is counted as the device receiving
 * it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_tun.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"

/* TUN_FEATURES and what TUNGETFEATURES offers (Linux 6.18) */
#define TUN_FEATURES                                                       \
	(IFF_NO_PI | IFF_ONE_QUEUE | IFF_VNET_HDR | IFF_MULTI_QUEUE |      \
	 IFF_NAPI | IFF_NAPI_FRAGS)
#define MAX_TAP_QUEUES 256
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20 /* Linux 6.2 */
#define TUN_F_USO6 0x40
#endif
#define TUN_NO_ID 0xffffffffu /* INVALID_UID, INVALID_GID */

struct tun_file;

/* struct tun_struct */
struct tun_priv {
	unsigned int flags; /* IFF_TUN or IFF_TAP, TUN_FEATURES, IFF_PERSIST */
	uint32_t owner, group;
	uint32_t numqueues;
	uint32_t numdisabled; /* queues detached by TUNSETQUEUE */
	uint32_t msg_enable;
	uint32_t rx_batched; /* rx-frames (ethtool -C) */
	/* tun->link_ksettings, which every setter replaces (lanes kept,
	 * never reported: tun cannot configure lanes) */
	struct rtnl_lsettings ks;
	/* TUNSETTXFILTER's exact addresses (a tap's; nothing is sent, so
	 * nothing is filtered) */
	uint16_t txflt_count;
	uint8_t txflt_addr[8][ETH_ALEN];
	unsigned long features; /* the offloads TUNSETOFFLOAD turned on */
	/* TUN_VNET_LE, TUN_VNET_BE: the byte order of the vnet header
	 * (virtio's, for the packets that never come) */
	bool vnet_le, vnet_be;
	struct tun_file *files; /* attached */
	uint64_t rx_packets, rx_bytes, rx_dropped;
};

/* struct tun_file: one open /dev/net/tun */
struct tun_file {
	struct rtnl_net *rn;
	struct rtnl_link *dev; /* attached to, or NULL */
	struct tun_file *next; /* in the device's list */
	int ifindex;           /* TUNSETIFINDEX */
	int sndbuf;            /* the file's socket's sk_sndbuf */
	int vnet_hdr_sz;
	bool detached;         /* its device went (ip link del) */
	bool disabled;         /* its queue detached (TUNSETQUEUE) */
};

static struct tun_priv *tun_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* ---- the kind ------------------------------------------------------- */

/* tun_setup(): a tun until TUNSETIFF says tap (tun_net_initialize()) */
static void tun_setup(struct rtnl_link *l)
{
	struct tun_priv *t = tun_priv(l);

	t->owner = t->group = TUN_NO_ID;
	t->ks.port = PORT_TP;
	t->ks.speed = SPEED_10000;
	t->ks.duplex = DUPLEX_FULL;
	l->txqlen = 500; /* TUN_READQ_SIZE */
	l->tso_max_size = 65536;
}

/* tun_net_initialize() */
static void tun_initialize(struct rtnl_link *l, bool tap)
{
	if (tap) {
		rtnl_link_ether_setup(l);
		l->txqlen = 1000;
		l->max_mtu = 65535 - ETH_HLEN;
	} else {
		l->type = ARPHRD_NONE;
		l->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
		l->mtu = 1500;
		l->addr_len = 0;
		l->max_mtu = 65535;
	}
	l->min_mtu = 68;
}

static int tun_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			const struct nlattr *const *data,
			struct unl_ext_ack *extack)
{
	UNL_SET_ERR_MSG(extack,
			"tun/tap creation via rtnetlink is not supported.");
	return -EOPNOTSUPP;
}

/* tun_fill_info() */
static int tun_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct tun_priv *t = tun_priv(l);

	if (unl_nla_put_u8(skb, IFLA_TUN_TYPE, t->flags & TUN_TYPE_MASK) ||
	    (t->owner != TUN_NO_ID &&
	     unl_nla_put_u32(skb, IFLA_TUN_OWNER, t->owner)) ||
	    (t->group != TUN_NO_ID &&
	     unl_nla_put_u32(skb, IFLA_TUN_GROUP, t->group)) ||
	    unl_nla_put_u8(skb, IFLA_TUN_PI, !(t->flags & IFF_NO_PI)) ||
	    unl_nla_put_u8(skb, IFLA_TUN_VNET_HDR, !!(t->flags & IFF_VNET_HDR)) ||
	    unl_nla_put_u8(skb, IFLA_TUN_PERSIST, !!(t->flags & IFF_PERSIST)) ||
	    unl_nla_put_u8(skb, IFLA_TUN_MULTI_QUEUE,
			   !!(t->flags & IFF_MULTI_QUEUE)))
		return -EMSGSIZE;
	if ((t->flags & IFF_MULTI_QUEUE) &&
	    (unl_nla_put_u32(skb, IFLA_TUN_NUM_QUEUES, t->numqueues) ||
	     unl_nla_put_u32(skb, IFLA_TUN_NUM_DISABLED_QUEUES,
			     t->numdisabled)))
		return -EMSGSIZE;
	return 0;
}

/* The device goes (ip link del, or its net): its files are detached. */
static void tun_destructor(struct rtnl_link *l)
{
	struct tun_priv *t = tun_priv(l);

	while (t->files) {
		struct tun_file *f = t->files;

		t->files = f->next;
		f->dev = NULL;
		f->detached = true;
	}
}

static const char *tun_bus_info(const struct rtnl_link *l)
{
	return (tun_priv(l)->flags & IFF_TAP) ? "tap" : "tun";
}

/* The netdev features (netdev_features_t bits) a program controls
 * (TUN_USER_FEATURES): checksum, TSO, USO and UDP tunnel GSO. */
#define TUN_NF_HW_CSUM (UINT64_C(1) << 3)
#define TUN_NF_TSO (UINT64_C(1) << 16)
#define TUN_NF_TSO_ECN (UINT64_C(1) << 18)
#define TUN_NF_TSO6 (UINT64_C(1) << 20)
#define TUN_NF_GSO_UDP_TUNNEL (UINT64_C(1) << 26)
#define TUN_NF_GSO_UDP_TUNNEL_CSUM (UINT64_C(1) << 27)
#define TUN_NF_GSO_UDP_L4 (UINT64_C(1) << 33)
#define TUN_USER_FEATURES                                                  \
	(TUN_NF_HW_CSUM | TUN_NF_TSO | TUN_NF_TSO_ECN | TUN_NF_TSO6 |      \
	 TUN_NF_GSO_UDP_TUNNEL | TUN_NF_GSO_UDP_TUNNEL_CSUM |              \
	 TUN_NF_GSO_UDP_L4)

/* A new device's offloads (tun_set_iff()): scatter-gather, fraglist,
 * VLAN insertion and the user features changeable, the latter wanted
 * but off until TUNSETOFFLOAD asks for them. */
static const struct rtnl_ethtool_features tun_ethtool_features = {
	.hw = UINT64_C(0x0a0022020c1d48c9),
	.wanted = UINT64_C(0x000020020c1548c9),
	.active = UINT64_C(0x00002000000048c1),
};

/* The offloads TUNSETOFFLOAD's TUN_F_* bits turn on, as netdev
 * features: checksum, TSO (v4, v6, ECN), USO. */
static uint64_t tun_netdev_features(unsigned long tun_f)
{
	uint64_t f = 0;

	if (tun_f & TUN_F_CSUM)
		f |= TUN_NF_HW_CSUM;
	if (tun_f & TUN_F_TSO4)
		f |= TUN_NF_TSO;
	if (tun_f & TUN_F_TSO6)
		f |= TUN_NF_TSO6;
	if (tun_f & TUN_F_TSO_ECN)
		f |= TUN_NF_TSO_ECN;
	if (tun_f & (TUN_F_USO4 | TUN_F_USO6))
		f |= TUN_NF_GSO_UDP_L4;
	return f;
}

/* tun_net_fix_features(): of the user features, only those the
 * program turned on. */
static uint64_t tun_fix_features(const struct rtnl_link *l, uint64_t f)
{
	uint64_t set = tun_netdev_features(tun_priv(l)->features);

	return (f & set) | (f & ~TUN_USER_FEATURES);
}

/* tun_get_link_ksettings(): what tun_set_link_ksettings() kept, 10G
 * full duplex at first */
static int tun_ksettings(const struct rtnl_link *l, uint32_t *speed,
			 uint8_t *duplex, uint8_t *port)
{
	*speed = tun_priv(l)->ks.speed;
	*duplex = tun_priv(l)->ks.duplex;
	*port = tun_priv(l)->ks.port;
	return 0;
}

static void tun_lsettings(const struct rtnl_link *l, struct rtnl_lsettings *s)
{
	*s = tun_priv(l)->ks;
}

static void tun_set_lsettings(struct rtnl_link *l,
			      const struct rtnl_lsettings *s)
{
	tun_priv(l)->ks = *s;
}

static void tun_linkinfo(const struct rtnl_link *l, uint8_t *phyaddr,
			 uint8_t *mdix_ctrl)
{
	*phyaddr = tun_priv(l)->ks.phy_address;
	*mdix_ctrl = tun_priv(l)->ks.eth_tp_mdix_ctrl;
}

static void tun_set_linkinfo(struct rtnl_link *l, uint8_t port,
			     uint8_t phyaddr, uint8_t mdix_ctrl)
{
	tun_priv(l)->ks.port = port;
	tun_priv(l)->ks.phy_address = phyaddr;
	tun_priv(l)->ks.eth_tp_mdix_ctrl = mdix_ctrl;
}

/* MAX_TAP_QUEUES */
#define TUN_MAX_QUEUES 256

/* tun_get_channels(): the attached queues, combined */
static void tun_channels_combined(const struct rtnl_link *l, uint32_t *max,
				  uint32_t *count)
{
	*max = (tun_priv(l)->flags & IFF_MULTI_QUEUE) ? TUN_MAX_QUEUES : 1;
	*count = tun_priv(l)->numqueues;
}

/* tun_get_coalesce(), tun_set_coalesce() */
static uint32_t tun_coalesce_rx_frames(const struct rtnl_link *l)
{
	return tun_priv(l)->rx_batched;
}

static void tun_set_coalesce_rx_frames(struct rtnl_link *l, uint32_t frames)
{
	tun_priv(l)->rx_batched = frames;
}

/* tun_ethtool_ops */
static const struct rtnl_ethtool tun_ethtool = {
	.driver = "tun",
	.version = "1.6",
	.bus_info_of = tun_bus_info,
	.get_link = true,
	.ksettings = tun_ksettings,
	.lsettings = tun_lsettings,
	.set_lsettings = tun_set_lsettings,
	.linkinfo = tun_linkinfo,
	.set_linkinfo = tun_set_linkinfo,
	.msglevel = true,
	.set_msglevel = true,
	.ts_info = true,
	.channels_combined = tun_channels_combined,
	.coalesce_rx_frames = tun_coalesce_rx_frames,
	.set_coalesce_rx_frames = tun_set_coalesce_rx_frames,
	.features = &tun_ethtool_features,
	.fix_features = tun_fix_features,
};

/* tun_net_get_stats64(): what the files wrote, received */
static void tun_get_stats64(const struct rtnl_link *l,
			    struct rtnl_link_stats64 *s)
{
	s->rx_packets = tun_priv(l)->rx_packets;
	s->rx_bytes = tun_priv(l)->rx_bytes;
	s->rx_dropped = tun_priv(l)->rx_dropped;
}

const struct rtnl_link_ops rtnl_tun_ops = {
	.kind = "tun",
	.priv_size = sizeof(struct tun_priv),
	.setup = tun_setup,
	.validate = tun_validate,
	.dellink = rtnl_link_queue_kill,
	.fill_info = tun_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.destructor = tun_destructor,
	.ethtool = &tun_ethtool,
	.get_stats64 = tun_get_stats64,
	.tx_queue = true,
};

/* ---- /dev/net/tun --------------------------------------------------- */

static int tun_chr_open(struct unl_net *net, void **priv)
{
	struct tun_file *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->sndbuf = 0x7fffffff; /* INT_MAX, as tun_chr_open() sets it */
	f->vnet_hdr_sz = 10;   /* sizeof(struct virtio_net_hdr) */
	f->rn = rtnl_net_of(net);
	if (!f->rn) {
		free(f);
		return -ENODEV;
	}
	*priv = f;
	return 0;
}

static void tun_attach(struct tun_file *f, struct rtnl_link *l)
{
	struct tun_priv *t = tun_priv(l);

	f->dev = l;
	f->next = t->files;
	t->files = f;
	t->numqueues++;
}

/* tun_not_capable(): owner and group bind users, CAP_NET_ADMIN not */
static bool tun_not_capable(const struct tun_priv *t,
			    const struct unl_cred *who)
{
	return ((t->owner != TUN_NO_ID && who->uid != t->owner) ||
		(t->group != TUN_NO_ID && who->gid != t->group)) &&
	       !(who->caps & UNL_CAP(CAP_NET_ADMIN));
}

/* tun_set_iff() on a device that exists: attach to it. */
static int tun_set_iff_existing(struct tun_file *f, struct rtnl_link *l,
				const struct unl_cred *who, struct ifreq *ifr)
{
	struct tun_priv *t;

	if (ifr->ifr_flags & IFF_TUN_EXCL)
		return -EBUSY;
	if (l->ops != &rtnl_tun_ops ||
	    !(tun_priv(l)->flags & ifr->ifr_flags & TUN_TYPE_MASK))
		return -EINVAL;
	t = tun_priv(l);
	if (!!(ifr->ifr_flags & IFF_MULTI_QUEUE) !=
	    !!(t->flags & IFF_MULTI_QUEUE))
		return -EINVAL;
	if (tun_not_capable(t, who))
		return -EPERM;
	if (!(t->flags & IFF_MULTI_QUEUE) && t->numqueues == 1)
		return -EBUSY;
	tun_attach(f, l);
	if (!((t->flags & IFF_MULTI_QUEUE) && t->numqueues > 1))
		t->flags = (t->flags & ~TUN_FEATURES) |
			   (ifr->ifr_flags & TUN_FEATURES);
	rtnl_link_state_change(l);
	return 0;
}

/* tun_set_iff() making a device: alloc_netdev_mqs(), then
 * register_netdevice() with its RTM_NEWLINK. */
static int tun_set_iff_new(struct tun_file *f, const struct unl_cred *who,
			   struct ifreq *ifr)
{
	bool tap = ifr->ifr_flags & IFF_TAP;
	struct rtnl_link *l;
	int err;

	if (!(who->caps & UNL_CAP(CAP_NET_ADMIN)))
		return -EPERM;
	if (!(ifr->ifr_flags & TUN_TYPE_MASK))
		return -EINVAL;
	if (ifr->ifr_flags & IFF_TUN)
		tap = false;
	l = rtnl_link_alloc(f->rn, &rtnl_tun_ops);
	if (!l)
		return -ENOMEM;
	tun_initialize(l, tap);
	tun_priv(l)->flags = (tap ? IFF_TAP : IFF_TUN) |
			     (ifr->ifr_flags & TUN_FEATURES);
	/* tun_net_initialize(): a tap takes XDP programs, redirects, and
	 * frames redirected to it (BASIC, REDIRECT, NDO_XMIT) */
	if (tap)
		l->xdp_features = 0x7;
	if (ifr->ifr_flags & IFF_MULTI_QUEUE)
		l->num_tx_queues = l->num_rx_queues = MAX_TAP_QUEUES;
	/* tun_set_iff(): one queue in use until more are attached */
	l->real_num_tx_queues = l->real_num_rx_queues = 1;
	if (ifr->ifr_name[0])
		memcpy(l->name, ifr->ifr_name, IFNAMSIZ);
	else
		strcpy(l->name, tap ? "tap%d" : "tun%d");
	l->name[IFNAMSIZ - 1] = '\0';
	err = rtnl_link_register(l, f->ifindex);
	if (err) {
		rtnl_link_free(l);
		return err;
	}
	/* register_netdevice()'s RTM_NEWLINK: no flags asked, the device
	 * is closed, so nothing can refuse */
	rtnl_link_configure(l, NULL, NULL, NULL);
	tun_attach(f, l);
	return 0;
}

/* tun_set_iff(): attach, or make and attach; the carrier on unless
 * asked off; the name made goes back. */
static int tun_set_iff(struct tun_file *f, const struct unl_cred *who,
		       struct ifreq *ifr)
{
	struct rtnl_link *l;
	int err;

	if (f->detached)
		return -EINVAL;
	if ((ifr->ifr_flags & IFF_NAPI_FRAGS) &&
	    !(who->caps & UNL_CAP(CAP_NET_ADMIN)))
		return -EPERM;
	l = rtnl_link_by_name(f->rn, ifr->ifr_name);
	err = l ? tun_set_iff_existing(f, l, who, ifr)
		: tun_set_iff_new(f, who, ifr);
	if (err)
		return err;
	l = f->dev;
	rtnl_link_carrier_set(l, !(ifr->ifr_flags & IFF_NO_CARRIER));
	memset(ifr->ifr_name, 0, IFNAMSIZ);
	memcpy(ifr->ifr_name, l->name, IFNAMSIZ);
	return 0;
}

/* tun_get_iff() */
static void tun_get_iff(const struct rtnl_link *l, struct ifreq *ifr)
{
	memset(ifr->ifr_name, 0, IFNAMSIZ);
	memcpy(ifr->ifr_name, l->name, IFNAMSIZ);
	ifr->ifr_flags = (short)(tun_priv(l)->flags &
				 (TUN_FEATURES | IFF_PERSIST | TUN_TYPE_MASK));
}

/* set_offload(): what rests on checksum offload goes with it (TSO's
 * ECN only with TSO, USO only both ways, UFO nothing); any bit left is
 * refused, so that a program can test for what a kernel knows.  A
 * change of the device's features is announced (NETDEV_FEAT_CHANGE). */
static int tun_set_offload(struct rtnl_link *l, unsigned long arg)
{
	struct tun_priv *t = tun_priv(l);
	unsigned long rest = arg, feat = 0;

	if (rest & TUN_F_CSUM) {
		feat |= TUN_F_CSUM;
		rest &= ~(unsigned long)TUN_F_CSUM;
		if (rest & (TUN_F_TSO4 | TUN_F_TSO6)) {
			feat |= rest & (TUN_F_TSO_ECN | TUN_F_TSO4 | TUN_F_TSO6);
			rest &= ~(unsigned long)(TUN_F_TSO_ECN | TUN_F_TSO4 |
						 TUN_F_TSO6);
		}
		rest &= ~(unsigned long)TUN_F_UFO;
		if ((rest & TUN_F_USO4) && (rest & TUN_F_USO6)) {
			feat |= TUN_F_USO4 | TUN_F_USO6;
			rest &= ~(unsigned long)(TUN_F_USO4 | TUN_F_USO6);
		}
	}
	if (rest)
		return -EINVAL;
	t->features = feat;
	if (rtnl_link_want_features(l, tun_netdev_features(feat),
				    TUN_USER_FEATURES))
		rtnl_netdev_event(l, RTNL_NETDEV_FEAT_CHANGE);
	return 0;
}

/* The file's own settings: sndbuf and the vnet header's size; 1 when
 * cmd is none of them. */
static int tun_file_ioctl(struct tun_file *f, unsigned long cmd, int *arg)
{
	switch (cmd) {
	case TUNGETSNDBUF:
		*arg = f->sndbuf;
		return 0;
	case TUNSETSNDBUF:
		if (*arg <= 0)
			return -EINVAL;
		f->sndbuf = *arg;
		return 0;
	case TUNGETVNETHDRSZ:
		*arg = f->vnet_hdr_sz;
		return 0;
	case TUNSETVNETHDRSZ:
		if (*arg < 10)
			return -EINVAL;
		f->vnet_hdr_sz = *arg;
		return 0;
	}
	return 1;
}

/* tun_get_addr_len(): the address length of a link type */
static int tun_addr_len(unsigned long type)
{
	switch (type) {
	case ARPHRD_IP6GRE:
	case ARPHRD_TUNNEL6:
		return 16;
	case ARPHRD_IEEE802154:
	case ARPHRD_IEEE802154_MONITOR:
	case ARPHRD_6LOWPAN:
		return 8;  /* IEEE802154_EXTENDED_ADDR_LEN, EUI64_ADDR_LEN */
	case ARPHRD_NETROM:
		return 7;  /* AX25_ADDR_LEN */
	case ARPHRD_IPGRE:
	case ARPHRD_TUNNEL:
	case ARPHRD_SIT:
		return 4;
	case ARPHRD_ETHER:
	case ARPHRD_FDDI:
	case ARPHRD_HIPPI:
	case ARPHRD_IEEE802:
		return ETH_ALEN;
	case ARPHRD_ROSE:
		return 5;
	case ARPHRD_LOCALTLK:
		return 1;
	}
	return 0;
}

/* TUNSETLINK: the link type, only while the device is down */
static int tun_set_link(struct rtnl_link *l, unsigned long type)
{
	int len = tun_addr_len(type);

	if (l->flags & IFF_UP)
		return -EBUSY;
	l->type = (uint16_t)type;
	l->addr_len = (uint8_t)len;
	/* NETDEV_POST_TYPE_CHANGE: rtnetlink_event() announces it */
	rtnl_link_notify(l, RTM_NEWLINK, 0, NULL, NULL);
	return 0;
}

/* update_filter(): a tap's exact addresses, the first eight; the count
 * of them is the answer, 0 when a later address is not multicast (the
 * filter is then off).  arg is a struct tun_filter and its addresses. */
static int tun_set_txfilter(struct rtnl_link *l, const void *arg)
{
	struct tun_priv *t = tun_priv(l);
	const struct tun_filter *uf = arg;
	const uint8_t (*addr)[ETH_ALEN] = (const void *)(uf + 1);
	int n;

	if ((t->flags & TUN_TYPE_MASK) != IFF_TAP)
		return -EINVAL;
	t->txflt_count = 0;
	if (!uf->count)
		return 0;
	for (n = 0; n < uf->count && n < 8; n++)
		memcpy(t->txflt_addr[n], addr[n], ETH_ALEN);
	for (int k = n; k < uf->count; k++)
		if (!(addr[k][0] & 1))
			return 0;
	t->txflt_count = (uint16_t)n;
	return n;
}

/* tun_vnet_ioctl()'s byte orders: little endian always, big endian
 * only with CONFIG_TUN_VNET_CROSS_LE (EINVAL without, as
 * tun_get_vnet_be() answers). */
static int tun_vnet_order(struct rtnl_link *l, unsigned long cmd, int *arg)
{
	struct tun_priv *t = tun_priv(l);
	bool be = cmd == TUNGETVNETBE || cmd == TUNSETVNETBE;

	if (be && !unl_profile_has(unl_net_profile(l->rn->net),
				   UNL_PROFILE_FEATURE, "TUN_VNET_CROSS_LE"))
		return -EINVAL;
	if (cmd == TUNGETVNETLE || cmd == TUNGETVNETBE)
		*arg = be ? t->vnet_be : t->vnet_le;
	else
		*(be ? &t->vnet_be : &t->vnet_le) = *arg != 0;
	return 0;
}

/* The requests about the attached device: 1 when the device's state
 * changed (netdev_state_change()), 0, or -errno. */
static int tun_dev_ioctl(struct rtnl_link *l, unsigned long cmd, void *arg)
{
	struct tun_priv *t = tun_priv(l);
	unsigned long v = (unsigned long)arg;
	unsigned int old = t->flags;

	switch (cmd) {
	case TUNGETIFF:
		tun_get_iff(l, arg);
		return 0;
	case TUNSETPERSIST:
		t->flags = v ? t->flags | IFF_PERSIST : t->flags & ~IFF_PERSIST;
		return t->flags != old;
	case TUNSETOWNER:
	case TUNSETGROUP:
		if ((uint32_t)v == TUN_NO_ID || v > UINT32_MAX)
			return -EINVAL;
		*(cmd == TUNSETOWNER ? &t->owner : &t->group) = (uint32_t)v;
		return 1;
	case TUNSETDEBUG:
		t->msg_enable = (uint32_t)v;
		return 0;
	case TUNSETNOCSUM:
		return 0; /* ignored by Linux too */
	case TUNSETCARRIER:
		rtnl_link_carrier_set(l, *(const int *)arg != 0);
		return 0;
	case TUNSETOFFLOAD:
		return tun_set_offload(l, v);
	case TUNSETLINK:
		return tun_set_link(l, v);
	case TUNSETTXFILTER:
		return tun_set_txfilter(l, arg);
	case TUNGETDEVNETNS:
		/* an attached file: the caller (the daemon) hands out a
		 * handle of the device's net, open_related_ns() */
		return 0;
	case TUNGETVNETLE:
	case TUNSETVNETLE:
	case TUNGETVNETBE:
	case TUNSETVNETBE:
		return tun_vnet_order(l, cmd, arg);
	}
	return -EINVAL;
}

/* tun_set_queue(): a multi-queue file's queue detached (kept as
 * disabled) or attached again; the device is announced. */
static int tun_set_queue(struct tun_file *f, const struct ifreq *ifr)
{
	struct rtnl_link *l = f->dev;
	struct tun_priv *t = l ? tun_priv(l) : NULL;

	if (ifr->ifr_flags & IFF_ATTACH_QUEUE) {
		if (!t || !f->disabled)
			return -EINVAL;
		f->disabled = false;
		t->numdisabled--;
		t->numqueues++;
	} else if (ifr->ifr_flags & IFF_DETACH_QUEUE) {
		if (!t || !(t->flags & IFF_MULTI_QUEUE) || f->disabled)
			return -EINVAL;
		f->disabled = true;
		t->numqueues--;
		t->numdisabled++;
	} else {
		return -EINVAL;
	}
	rtnl_link_state_change(l);
	return 0;
}

/* __tun_chr_ioctl() */
static int tun_chr_ioctl(void *priv, const struct unl_cred *who,
			 unsigned long cmd, void *arg)
{
	struct tun_file *f = priv;
	int ret;

	if (cmd == TUNGETFEATURES) {
		*(unsigned int *)arg = IFF_TUN | IFF_TAP | IFF_NO_CARRIER |
				       TUN_FEATURES;
		return 0;
	}
	if (cmd == TUNSETQUEUE)
		return tun_set_queue(f, arg);
	if (cmd == TUNSETIFF) {
		struct ifreq *ifr = arg;

		if (f->dev)
			return -EEXIST;
		ifr->ifr_name[IFNAMSIZ - 1] = '\0';
		return tun_set_iff(f, who, ifr);
	}
	if (cmd == TUNSETIFINDEX) {
		if (f->dev)
			return -EPERM;
		if (*(const int *)arg < 0)
			return -EINVAL;
		f->ifindex = *(const int *)arg;
		return 0;
	}
	if (!f->dev)
		return -EBADFD;
	ret = tun_file_ioctl(f, cmd, arg);
	if (ret != 1)
		return ret;
	ret = tun_dev_ioctl(f->dev, cmd, arg);
	if (ret == 1) {
		rtnl_link_state_change(f->dev);
		ret = 0;
	}
	return ret;
}

/* tun_get_user(): a packet the device receives, counted; dropped (and
 * refused) when a tap frame is shorter than its header, a tun packet
 * without protocol information is neither IPv4 nor IPv6, or the device
 * is down.  first is the packet's first byte. */
static int tun_chr_write(void *priv, size_t len, uint8_t first)
{
	struct tun_file *f = priv;
	struct tun_priv *t;
	int err = 0;

	if (!f->dev)
		return -EBADFD;
	t = tun_priv(f->dev);
	if ((t->flags & IFF_TAP) && len < ETH_HLEN)
		err = -EINVAL;
	else if ((t->flags & IFF_TUN) && (t->flags & IFF_NO_PI) &&
		 (!len || ((first >> 4) != 4 && (first >> 4) != 6)))
		err = -EINVAL;
	else if (!(f->dev->flags & IFF_UP))
		err = -EIO;
	if (err) {
		if (err != -EINVAL || (t->flags & IFF_TUN))
			t->rx_dropped++;
		return err;
	}
	t->rx_packets++;
	t->rx_bytes += len;
	return (int)len;
}

/* tun_detach(): the last file of a device that does not persist takes
 * it; one that persists loses its carrier. */
static void tun_chr_close(void *priv)
{
	struct tun_file *f = priv;
	struct rtnl_link *l = f->dev;
	struct rtnl_link_list kill;
	struct tun_priv *t;

	if (l) {
		t = tun_priv(l);
		for (struct tun_file **pp = &t->files; *pp; pp = &(*pp)->next)
			if (*pp == f) {
				*pp = f->next;
				break;
			}
		if (f->disabled)
			t->numdisabled--;
		else
			t->numqueues--;
		if (!t->numqueues && !t->numdisabled) {
			rtnl_link_carrier_set(l, false);
			if (!(t->flags & IFF_PERSIST)) {
				rtnl_link_list_init(&kill);
				rtnl_link_queue_kill(l, &kill);
				rtnl_link_unregister_many(f->rn, &kill);
			}
		}
		rtnl_deferred_run(f->rn);
	}
	free(f);
}

const struct unl_file_ops rtnl_tun_fops = {
	.open = tun_chr_open,
	.ioctl = tun_chr_ioctl,
	.write = tun_chr_write,
	.release = tun_chr_close,
};
