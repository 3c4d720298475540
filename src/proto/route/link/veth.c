// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * veth (drivers/net/veth.c): two Ethernet devices made and deleted
 * together, maybe in two nets; each has carrier while both are up.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/veth.h>

#include "proto/route/link/kinds.h"

struct veth_priv {
	/* in any net of the world; NULL before the pair is made and after
	 * it broke */
	struct rtnl_link *peer;
	/* real_num_rx_queues, real_num_tx_queues: 1 unless the request
	 * gave a number (veth_init_queues()) */
	uint32_t real_rxq, real_txq;
	/* it receives with GRO: a NAPI instance per receive queue while
	 * up (veth_napi_enable()) */
	bool napi_on;
	/* the frames it passed to its peer (its tx, the peer's rx) and
	 * those it dropped (priv->dropped) */
	uint64_t tx_packets, tx_bytes, dropped;
};

/* NETIF_F_GRO */
#define VETH_F_GRO (UINT64_C(1) << 14)

/* NETDEV_XDP_ACT_*: BASIC, REDIRECT, NDO_XMIT, RX_SG, NDO_XMIT_SG */
#define VETH_XDP_BASE 0x23u
#define VETH_XDP_XMIT 0x44u
/* NETDEV_XDP_RX_METADATA_*: TIMESTAMP, HASH, VLAN_TAG */
#define VETH_XDP_RX_METADATA 0x7u

static struct veth_priv *veth_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* veth_gro_requested() */
static bool veth_gro_requested(const struct rtnl_link *l)
{
	struct rtnl_ethtool_features f;

	return rtnl_link_features(l, &f) && (f.wanted & VETH_F_GRO);
}

/* veth_set_xdp_features(): its peer may send it frames by XDP while
 * the peer's transmit queues fit its receive queues, and it may send
 * frames to the peer (ndo_xdp_xmit) while the peer receives with
 * GRO. */
static void veth_set_xdp_features(struct rtnl_link *l)
{
	struct rtnl_link *peer = veth_priv(l)->peer;
	uint64_t val = VETH_XDP_BASE;

	if (!peer || rtnl_link_real_tx(peer) > rtnl_link_real_rx(l)) {
		rtnl_xdp_set_features(l, 0);
		return;
	}
	if (veth_gro_requested(peer))
		val |= VETH_XDP_XMIT;
	rtnl_xdp_set_features(l, val);
}

/* veth_napi_enable() / veth_napi_del() */
static int veth_napi_set(struct rtnl_link *l, bool on)
{
	struct veth_priv *p = veth_priv(l);
	int err = 0;

	if (on && !p->napi_on)
		err = rtnl_napi_add(l, rtnl_link_real_rx(l));
	else if (!on && p->napi_on)
		rtnl_napi_del(l);
	if (!err)
		p->napi_on = on;
	return err;
}

/* veth_setup(): one queue per CPU. */
static void veth_setup(struct rtnl_link *l)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	rtnl_link_ether_setup(l);
	l->num_tx_queues = l->num_rx_queues = ncpu > 0 ? (uint32_t)ncpu : 1;
}

/* veth_validate(), for the device's attributes and then the peer's: an
 * Ethernet address that can be a station's, an MTU Ethernet can carry.
 * The driver gives no message. */
static int veth_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err)
		return err;
	if (tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(tb[IFLA_MTU]);

		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU)
			return -EINVAL;
	}
	return 0;
}

static void veth_unregister(struct rtnl_link *l)
{
	struct rtnl_link_list kill;

	rtnl_link_list_init(&kill);
	rtnl_link_queue_kill(l, &kill);
	rtnl_link_unregister_many(l->rn, &kill);
}

/* veth_init_queues() */
static void veth_init_queues(struct rtnl_link *l,
			     const struct nlattr *const *tb)
{
	veth_priv(l)->real_rxq = tb[IFLA_NUM_RX_QUEUES] ? l->num_rx_queues : 1;
	veth_priv(l)->real_txq = tb[IFLA_NUM_TX_QUEUES] ? l->num_tx_queues : 1;
}

/* The peer as rtnl_create_link() makes it, in the peer's net, from its
 * own attributes or, when none were given, from the device's (but for
 * the name and the address), registered and configured with its own
 * ifinfomsg before the device; its own peer is not known yet (IFLA_LINK
 * 0), so asking it to be up fails (veth_open()) and it goes again,
 * never announced. */
static int veth_make_peer(struct rtnl_link *dev,
			  const struct rtnl_newlink_params *p,
			  struct rtnl_link **out, struct unl_ext_ack *extack)
{
	const struct nlattr *const *ptb = p->peer_given ? p->peer_tb : p->tb;
	struct rtnl_link *peer;
	char pname[IFNAMSIZ];
	int err;

	err = rtnl_create_link(rtnl_newlink_peer_net(p), &rtnl_veth_ops, ptb,
			       p->peer_given, &peer, extack);
	if (err)
		return err;
	if (p->peer_given && ptb[IFLA_IFNAME]) {
		unl_nla_strscpy(pname, ptb[IFLA_IFNAME], sizeof(pname));
		memcpy(peer->name, pname, sizeof(pname));
	} else {
		memcpy(peer->name, "veth%d", sizeof("veth%d"));
	}
	rtnl_link_carrier_init_off(peer);
	/* the device's attributes decide, not the peer's: Linux passes
	 * its tb for both */
	veth_init_queues(peer, p->tb);
	/* the peer's index counts only when the device's was given too */
	err = rtnl_link_register(peer, p->peer_given && p->ifm->ifi_index
					       ? p->peer_ifm->ifi_index
					       : 0);
	if (err) {
		rtnl_link_free(peer);
		return err;
	}
	err = rtnl_link_configure(peer, p->peer_given ? p->peer_ifm : NULL,
				  p->skb, NULL);
	if (err) {
		veth_unregister(peer);
		return err;
	}
	*out = peer;
	return 0;
}

/* veth_newlink(): the peer first (it takes the first free name and the
 * lower index), then the device (configured by the caller); when the
 * device's own name is refused the peer goes again, with its events,
 * never paired. */
static int veth_newlink(struct rtnl_link *l,
			const struct rtnl_newlink_params *p,
			struct unl_ext_ack *extack)
{
	struct rtnl_link *peer;
	int err;

	err = veth_make_peer(l, p, &peer, extack);
	if (err)
		return err;
	rtnl_link_carrier_init_off(l);
	veth_init_queues(l, p->tb);
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err) {
		veth_unregister(peer);
		return err;
	}
	veth_priv(l)->peer = peer;
	veth_priv(peer)->peer = l;
	/* veth_init_queues() of the device, then of the peer, once both
	 * are registered with all their queues */
	rtnl_link_set_real_queues(l, veth_priv(l)->real_txq,
				  veth_priv(l)->real_rxq);
	rtnl_link_set_real_queues(peer, veth_priv(peer)->real_txq,
				  veth_priv(peer)->real_rxq);
	veth_set_xdp_features(l);
	veth_set_xdp_features(peer);
	return 0;
}

/* veth_dellink(): the pair is unlinked, then both go. */
static void veth_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	struct rtnl_link *peer = veth_priv(l)->peer;

	rtnl_link_queue_kill(l, kill);
	veth_priv(l)->peer = NULL;
	if (peer) {
		rtnl_link_queue_kill(peer, kill);
		veth_priv(peer)->peer = NULL;
	}
}

/* veth_get_iflink(): the peer, 0 without one. */
static int veth_get_iflink(const struct rtnl_link *l)
{
	return veth_priv(l)->peer ? veth_priv(l)->peer->ifindex : 0;
}

/* veth_peer_dev(): frames sent on one end arrive at the other. */
static struct rtnl_link *veth_peer_dev(const struct rtnl_link *l)
{
	return veth_priv(l)->peer;
}

/* veth_get_link_net(): the peer's net, the device's own without one. */
static struct rtnl_net *veth_get_link_net(const struct rtnl_link *l)
{
	return veth_priv(l)->peer ? veth_priv(l)->peer->rn : l->rn;
}

/* veth_open(): a device without its peer yet cannot open; one asked
 * to receive with GRO gets its NAPI instances. */
static int veth_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	if (!veth_priv(l)->peer)
		return -ENOTCONN;
	return veth_gro_requested(l) ? veth_napi_set(l, true) : 0;
}

/* veth_close() */
static void veth_stop(struct rtnl_link *l)
{
	veth_napi_set(l, false);
}

/* veth_set_features(): GRO turned on or off while up starts or stops
 * its NAPI instances, and lets the peer send to it by XDP or not. */
static int veth_netdev_event(struct rtnl_net *rn,
			     enum rtnl_netdev_event event,
			     const struct rtnl_netdev_info *info)
{
	struct rtnl_link *l = info->dev;
	struct rtnl_ethtool_features f;
	struct rtnl_link *peer;
	bool gro;

	(void)rn;
	if (event != RTNL_NETDEV_FEAT_CHANGE || l->ops != &rtnl_veth_ops ||
	    !rtnl_link_running(l) || !rtnl_link_features(l, &f))
		return 0;
	gro = f.active & VETH_F_GRO;
	if (gro == veth_priv(l)->napi_on)
		return 0;
	veth_napi_set(l, gro);
	peer = veth_priv(l)->peer;
	if (peer)
		rtnl_xdp_set_features(peer, gro ? peer->xdp_features |
							  VETH_XDP_XMIT
						: peer->xdp_features &
							  ~(uint64_t)VETH_XDP_XMIT);
	return 0;
}

/* veth_open()/veth_close(): carrier while both ends are up. */
static int veth_carrier(const struct rtnl_link *l)
{
	const struct rtnl_link *peer = veth_priv(l)->peer;

	return rtnl_link_running(l) && peer && rtnl_link_running(peer);
}

/* veth_get_link_ksettings(): 10 Gb/s, whatever the peer. */
static uint32_t veth_speed(const struct rtnl_link *l)
{
	return 10000;
}

/* veth_rq_stats_desc, veth_tq_stats_desc: each queue's counters */
static const char *const veth_rq_stats[] = {
	"xdp_packets", "xdp_bytes", "drops", "xdp_redirect", "xdp_drops",
	"xdp_tx", "xdp_tx_errors",
};
static const char *const veth_tq_stats[] = { "xdp_xmit", "xdp_xmit_errors" };
#define VETH_RQ_STATS 7
#define VETH_TQ_STATS 2

/* veth_get_sset_count(ETH_SS_STATS): peer_ifindex, then each receive
 * queue's counters and each transmit queue's. */
static uint32_t veth_n_stats(const struct rtnl_link *l)
{
	return 1 + VETH_RQ_STATS * veth_priv(l)->real_rxq +
	       VETH_TQ_STATS * veth_priv(l)->real_txq;
}

/* veth_get_strings(ETH_SS_STATS) */
static void veth_stat_string(const struct rtnl_link *l, uint32_t i,
			     char name[32])
{
	uint32_t rx = VETH_RQ_STATS * veth_priv(l)->real_rxq;

	if (i == 0)
		snprintf(name, 32, "peer_ifindex");
	else if (i - 1 < rx)
		snprintf(name, 32, "rx_queue_%u_%s", (i - 1) / VETH_RQ_STATS,
			 veth_rq_stats[(i - 1) % VETH_RQ_STATS]);
	else
		snprintf(name, 32, "tx_queue_%u_%s",
			 (i - 1 - rx) / VETH_TQ_STATS,
			 veth_tq_stats[(i - 1 - rx) % VETH_TQ_STATS]);
}

/* veth_get_ethtool_stats(): the peer's index; no packet went through
 * XDP, so every queue counter is 0. */
static void veth_stat_values(const struct rtnl_link *l, uint64_t *values)
{
	const struct rtnl_link *peer = veth_priv(l)->peer;

	memset(values, 0, veth_n_stats(l) * sizeof(*values));
	values[0] = peer ? (uint64_t)peer->ifindex : 0;
}

/* veth_get_channels(): the queues allocated, and those in use. */
static void veth_channels(const struct rtnl_link *l, uint32_t *max_rx,
			  uint32_t *max_tx, uint32_t *rx, uint32_t *tx)
{
	*max_rx = l->num_rx_queues;
	*max_tx = l->num_tx_queues;
	*rx = veth_priv(l)->real_rxq;
	*tx = veth_priv(l)->real_txq;
}

/* veth_set_channels(): a running device (and its peer) loses its
 * carrier while the queues change, and gets it back after. */
static int veth_set_channels(struct rtnl_link *l, uint32_t rx, uint32_t tx)
{
	struct rtnl_link *peer = veth_priv(l)->peer;
	bool running = rtnl_link_running(l);

	if (!rx || !tx)
		return -EINVAL;
	if (running) {
		rtnl_link_carrier_set(l, false);
		if (peer)
			rtnl_link_carrier_set(peer, false);
	}
	veth_priv(l)->real_rxq = rx;
	veth_priv(l)->real_txq = tx;
	rtnl_link_set_real_queues(l, tx, rx);
	if (running) {
		rtnl_link_carrier_set(l, true);
		if (peer)
			rtnl_link_carrier_set(peer, true);
	}
	if (veth_priv(l)->napi_on)
		rtnl_napi_add(l, rx);
	veth_set_xdp_features(l);
	if (peer)
		veth_set_xdp_features(peer);
	return 0;
}

/* veth's offloads, as Linux 6.18 reports them for a new device */
static const struct rtnl_ethtool_features veth_ethtool_features = {
	.hw = UINT64_C(0x0a00632e4fdd49e9),
	.wanted = UINT64_C(0x0000612e4fdd09e9),
	.active = UINT64_C(0x0000612e4fdd09e9),
};

static const struct rtnl_ethtool veth_ethtool = {
	.driver = "veth",
	.version = "1.0",
	.get_link = true,
	.ksettings = rtnl_ethtool_ksettings_10g,
	.n_stats = veth_n_stats,
	.stat_string = veth_stat_string,
	.stat_values = veth_stat_values,
	.ts_info = true,
	.channels = veth_channels,
	.set_channels = veth_set_channels,
	.features = &veth_ethtool_features,
};

/* veth_xmit(): the frame goes to the peer if the peer is up and it
 * fits the peer's MTU (is_skb_forwardable(); else the peer counts it
 * dropped too).  With GRO on the counters come from the peer's queue
 * instead, to the same totals. */
static struct rtnl_link *veth_xmit_frame(struct rtnl_link *l,
					 unsigned int len)
{
	struct veth_priv *p = veth_priv(l);
	struct rtnl_link *rcv = p->peer;

	if (!rcv) {
		p->dropped++;
		return NULL;
	}
	if (!(rcv->flags & IFF_UP) ||
	    len > rcv->mtu + ETH_HLEN + 4 /* VLAN_HLEN */) {
		rcv->core_rx_dropped++;
		p->dropped++;
		return NULL;
	}
	p->tx_packets++;
	p->tx_bytes += len;
	return rcv;
}

/* veth_get_stats64(): what it sent, what its peer sent it */
static void veth_get_stats64(const struct rtnl_link *l,
			     struct rtnl_link_stats64 *s)
{
	const struct veth_priv *p = veth_priv(l);

	s->tx_packets = p->tx_packets;
	s->tx_bytes = p->tx_bytes;
	s->tx_dropped = p->dropped;
	if (p->peer) {
		s->rx_packets = veth_priv(p->peer)->tx_packets;
		s->rx_bytes = veth_priv(p->peer)->tx_bytes;
	}
}

const struct rtnl_link_ops rtnl_veth_ops = {
	.kind = "veth",
	.priv_size = sizeof(struct veth_priv),
	.setup = veth_setup,
	.maxtype = VETH_INFO_MAX,
	.policy = (const struct unl_nla_policy[VETH_INFO_MAX + 1]){
		[VETH_INFO_PEER] =
			UNL_NLA_POLICY_MIN_LEN(sizeof(struct ifinfomsg)),
	},
	.peer_type = VETH_INFO_PEER,
	.validate = veth_validate,
	.newlink = veth_newlink,
	.dellink = veth_dellink,
	.xmit_frame = veth_xmit_frame,
	.get_stats64 = veth_get_stats64,
	.open = veth_open,
	.stop = veth_stop,
	.netdev_event = veth_netdev_event,
	.xdp_rx_metadata = VETH_XDP_RX_METADATA,
	.get_iflink = veth_get_iflink,
	.get_peer_dev = veth_peer_dev,
	.get_link_net = veth_get_link_net,
	.carrier = veth_carrier,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.speed = veth_speed,
	.ethtool = &veth_ethtool,
};
