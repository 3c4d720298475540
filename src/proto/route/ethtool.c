// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SIOCETHTOOL (net/ethtool/ioctl.c's dev_ethtool()): the commands a
 * virtual device answers, from its kind's struct rtnl_ethtool
 * (link/kinds.h).  The request's buffer is ifr_data, in the caller's
 * memory, as large as the command's struct.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <linux/ethtool.h>
#include <linux/net_tstamp.h>

#include "proto/route/ioctl.h"
#include "proto/route/link/kinds.h"

/* __ETHTOOL_LINK_MODE_MASK_NU32 of Linux 6.18: the link mode masks'
 * length in u32 words, which GLINKSETTINGS's handshake tells. */
#define ETHTOOL_NU32 4
_Static_assert(ETHTOOL_NU32 == RTNL_LINK_MODE_WORDS,
	       "struct rtnl_lsettings' masks are the kernel's length");

int rtnl_ethtool_ksettings_10g(const struct rtnl_link *l, uint32_t *speed,
			       uint8_t *duplex, uint8_t *port)
{
	(void)l;
	*speed = SPEED_10000;
	*duplex = DUPLEX_FULL;
	*port = PORT_TP;
	return 0;
}

/* ethtool_op_get_ts_info() also stamps what is sent; a device without
 * get_ts_info gets the receive stamps every device has; a vlan or
 * macvlan its lower device's (ethtool_get_ts_info_by_layer()). */
uint32_t rtnl_ethtool_ts_info(const struct rtnl_link *l)
{
	uint32_t rx = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	const struct rtnl_ethtool *et = l->ops->ethtool;
	struct rtnl_link *lower;

	if (et && et->ts_info_lower && l->ops->lower_dev) {
		lower = l->ops->lower_dev(l);
		if (lower && lower != l)
			return rtnl_ethtool_ts_info(lower);
	}
	return et && et->ts_info ? rx | SOF_TIMESTAMPING_TX_SOFTWARE : rx;
}

/* ---- the device's offloads (netdev_features_t) ---- */

#define NF(bit) (UINT64_C(1) << (bit))
#define NF_SG NF(0)
#define NF_IP_CSUM NF(1)
#define NF_HW_CSUM NF(3)
#define NF_IPV6_CSUM NF(4)
#define NF_FRAGLIST NF(6)
#define NF_VLAN_TX NF(7)
#define NF_VLAN_RX NF(8)
#define NF_GSO NF(11)
#define NF_GRO NF(14)
#define NF_LRO NF(15)
#define NF_TSO NF(16)
#define NF_TSO_ECN NF(18)
#define NF_TSO_MANGLEID NF(19)
#define NF_TSO6 NF(20)
#define NF_GSO_UDP_L4 NF(33)
#define NF_FCOE_CRC NF(36)
#define NF_SCTP_CRC NF(37)
#define NF_NTUPLE NF(38)
#define NF_RXHASH NF(39)
#define NF_RXCSUM NF(40)
#define NF_RXFCS NF(43)
#define NF_TLS_TX NF(53)
#define NF_TLS_RX NF(54)
#define NF_GRO_HW NF(55)
#define NF_ALL_TSO (NF_TSO | NF_TSO6 | NF_TSO_ECN | NF_TSO_MANGLEID)
#define NF_CSUM_MASK (NF_IP_CSUM | NF_HW_CSUM | NF_IPV6_CSUM)

bool rtnl_link_features(const struct rtnl_link *l,
			struct rtnl_ethtool_features *f)
{
	const struct rtnl_ethtool *et = l->ops->ethtool;

	if (l->feat_own) {
		f->hw = l->feat_hw;
		f->wanted = l->feat_wanted;
		f->active = l->feat_active;
		return true;
	}
	if (!et || !et->features)
		return false;
	*f = *et->features;
	return true;
}

/* Checksumming both IP versions in software's stead, or any. */
static bool features_have_csum(uint64_t f)
{
	return (f & NF_HW_CSUM) ||
	       (f & (NF_IP_CSUM | NF_IPV6_CSUM)) ==
		       (NF_IP_CSUM | NF_IPV6_CSUM);
}

/* netdev_fix_features(): what an offload rests on goes with it. */
static uint64_t features_fix(uint64_t f)
{
	if ((f & NF_HW_CSUM) && (f & (NF_IP_CSUM | NF_IPV6_CSUM)))
		f &= ~(NF_IP_CSUM | NF_IPV6_CSUM);
	if ((f & NF_ALL_TSO) && !(f & NF_SG))
		f &= ~NF_ALL_TSO;
	if ((f & NF_TSO) && !(f & (NF_HW_CSUM | NF_IP_CSUM)))
		f &= ~(NF_TSO | NF_TSO_ECN);
	if ((f & NF_TSO6) && !(f & (NF_HW_CSUM | NF_IPV6_CSUM)))
		f &= ~NF_TSO6;
	if ((f & NF_TSO_MANGLEID) && !(f & NF_TSO))
		f &= ~NF_TSO_MANGLEID;
	if ((f & NF_ALL_TSO) == NF_TSO_ECN)
		f &= ~NF_TSO_ECN;
	if ((f & NF_GSO) && !(f & NF_SG))
		f &= ~NF_GSO;
	if (!(f & NF_RXCSUM))
		f &= ~NF_GRO_HW;
	if (f & NF_RXFCS)
		f &= ~(NF_LRO | NF_GRO_HW);
	if ((f & NF_GRO_HW) && (f & NF_LRO))
		f &= ~NF_LRO;
	if ((f & NF_TLS_TX) && !features_have_csum(f))
		f &= ~NF_TLS_TX;
	if ((f & NF_TLS_RX) && !(f & NF_RXCSUM))
		f &= ~NF_TLS_RX;
	if ((f & NF_GSO_UDP_L4) && !features_have_csum(f))
		f &= ~NF_GSO_UDP_L4;
	return f;
}

bool rtnl_link_want_features(struct rtnl_link *l, uint64_t wanted,
			     uint64_t mask)
{
	const struct rtnl_ethtool *et = l->ops->ethtool;
	struct rtnl_ethtool_features f;
	uint64_t active;

	if (!rtnl_link_features(l, &f))
		return false;
	mask &= f.hw;
	f.wanted = (f.wanted & ~mask) | (wanted & mask);
	/* netdev_get_wanted_features(): the fixed bits as they are; the
	 * driver's fix-ups, then Linux's */
	active = (f.active & ~f.hw) | f.wanted;
	if (et && et->fix_features)
		active = et->fix_features(l, active);
	active = features_fix(active);
	l->feat_own = true;
	l->feat_hw = f.hw;
	l->feat_wanted = f.wanted;
	l->feat_active = active;
	return active != f.active;
}

/* ETHTOOL_GFEATURES: as many blocks as the caller has room for, of
 * the two the kernel has; the kernel's count goes back in size. */
static int ethtool_gfeatures(const struct rtnl_link *l, void *buf)
{
	struct ethtool_gfeatures g;
	struct ethtool_get_features_block b[2];
	struct rtnl_ethtool_features f;
	uint32_t n;

	if (!rtnl_link_features(l, &f))
		memset(&f, 0, sizeof(f));
	memcpy(&g, buf, sizeof(g));
	n = g.size < 2 ? g.size : 2;
	for (int i = 0; i < 2; i++) {
		b[i].available = (uint32_t)(f.hw >> (32 * i));
		b[i].requested = (uint32_t)(f.wanted >> (32 * i));
		b[i].active = (uint32_t)(f.active >> (32 * i));
		b[i].never_changed = i ? 0 : 1u << 10; /* vlan-challenged */
	}
	g.size = 2;
	memcpy(buf, &g, sizeof(g));
	memcpy((char *)buf + sizeof(g), b, n * sizeof(b[0]));
	return 0;
}

/* ETHTOOL_SFEATURES: the valid bits asked for; bits the device cannot
 * change make ETHTOOL_F_UNSUPPORTED, and asked-for bits left different
 * ETHTOOL_F_WISH (a positive answer, as Linux's). */
static int ethtool_sfeatures(struct rtnl_link *l, void *buf, bool *changed)
{
	struct ethtool_sfeatures s;
	struct ethtool_set_features_block b[2];
	struct rtnl_ethtool_features f;
	uint64_t valid, wanted;
	int ret = 0;

	memcpy(&s, buf, sizeof(s));
	if (s.size != 2)
		return -EINVAL;
	memcpy(b, (char *)buf + sizeof(s), sizeof(b));
	valid = b[0].valid | (uint64_t)b[1].valid << 32;
	wanted = b[0].requested | (uint64_t)b[1].requested << 32;
	if (!rtnl_link_features(l, &f))
		memset(&f, 0, sizeof(f));
	if (valid & ~f.hw) {
		valid &= f.hw;
		ret |= ETHTOOL_F_UNSUPPORTED;
	}
	*changed = rtnl_link_want_features(l, wanted, valid);
	rtnl_link_features(l, &f);
	if ((f.wanted ^ f.active) & valid)
		ret |= ETHTOOL_F_WISH;
	return ret;
}

/* The legacy one-offload commands and the bits each stands for
 * (ethtool_get_feature_mask()). */
static uint64_t ethtool_one_feature_mask(uint32_t cmd)
{
	switch (cmd) {
	case ETHTOOL_GTXCSUM: case ETHTOOL_STXCSUM:
		return NF_CSUM_MASK | NF_FCOE_CRC | NF_SCTP_CRC;
	case ETHTOOL_GRXCSUM: case ETHTOOL_SRXCSUM:
		return NF_RXCSUM;
	case ETHTOOL_GSG: case ETHTOOL_SSG:
		return NF_SG | NF_FRAGLIST;
	case ETHTOOL_GTSO: case ETHTOOL_STSO:
		return NF_ALL_TSO;
	case ETHTOOL_GGSO: case ETHTOOL_SGSO:
		return NF_GSO;
	case ETHTOOL_GGRO: case ETHTOOL_SGRO:
		return NF_GRO;
	}
	return 0;
}

static int ethtool_get_one_feature(const struct rtnl_link *l, uint32_t cmd,
				   void *buf)
{
	struct ethtool_value v = { .cmd = cmd };
	struct rtnl_ethtool_features f;

	if (rtnl_link_features(l, &f))
		v.data = !!(f.active & ethtool_one_feature_mask(cmd));
	memcpy(buf, &v, sizeof(v));
	return 0;
}

static int ethtool_set_one_feature(struct rtnl_link *l, uint32_t cmd,
				   const void *buf, bool *changed)
{
	struct ethtool_value v;
	struct rtnl_ethtool_features f;
	uint64_t mask = ethtool_one_feature_mask(cmd);

	memcpy(&v, buf, sizeof(v));
	if (!rtnl_link_features(l, &f) || !(mask & f.hw))
		return -EOPNOTSUPP;
	*changed = rtnl_link_want_features(l, v.data ? mask : 0, mask);
	return 0;
}

/* ETHTOOL_GFLAGS/SFLAGS: five offloads as ETH_FLAG_* bits. */
static const struct {
	uint32_t flag;
	uint64_t feature;
} ethtool_flag_features[] = {
	{ ETH_FLAG_LRO, NF_LRO },         { ETH_FLAG_RXVLAN, NF_VLAN_RX },
	{ ETH_FLAG_TXVLAN, NF_VLAN_TX },  { ETH_FLAG_NTUPLE, NF_NTUPLE },
	{ ETH_FLAG_RXHASH, NF_RXHASH },
};
#define ETHTOOL_FLAG_N                                                     \
	(sizeof(ethtool_flag_features) / sizeof(ethtool_flag_features[0]))

static int ethtool_gflags(const struct rtnl_link *l, void *buf)
{
	struct ethtool_value v = { .cmd = ETHTOOL_GFLAGS };
	struct rtnl_ethtool_features f;

	if (rtnl_link_features(l, &f))
		for (size_t i = 0; i < ETHTOOL_FLAG_N; i++)
			if (f.active & ethtool_flag_features[i].feature)
				v.data |= ethtool_flag_features[i].flag;
	memcpy(buf, &v, sizeof(v));
	return 0;
}

/* __ethtool_set_flags(): a flag the device cannot change is
 * EOPNOTSUPP, or EINVAL when others of the request could change. */
static int ethtool_sflags(struct rtnl_link *l, const void *buf,
			  bool *changed)
{
	struct ethtool_value v;
	struct rtnl_ethtool_features f;
	uint64_t want = 0, all = 0, moved;

	memcpy(&v, buf, sizeof(v));
	if (v.data & ~(uint32_t)(ETH_FLAG_LRO | ETH_FLAG_RXVLAN | ETH_FLAG_TXVLAN |
			       ETH_FLAG_NTUPLE | ETH_FLAG_RXHASH))
		return -EINVAL;
	if (!rtnl_link_features(l, &f))
		memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < ETHTOOL_FLAG_N; i++) {
		all |= ethtool_flag_features[i].feature;
		if (v.data & ethtool_flag_features[i].flag)
			want |= ethtool_flag_features[i].feature;
	}
	moved = (want ^ f.active) & all;
	if (moved & ~f.hw)
		return (moved & f.hw) ? -EINVAL : -EOPNOTSUPP;
	if (moved)
		*changed = rtnl_link_want_features(l, want, moved);
	return 0;
}

/* What anyone may ask (dev_ethtool()'s first switch); the rest wants
 * CAP_NET_ADMIN. */
static bool ethtool_unprivileged(uint32_t cmd)
{
	switch (cmd) {
	case ETHTOOL_GSET: case ETHTOOL_GDRVINFO: case ETHTOOL_GMSGLVL:
	case ETHTOOL_GLINK: case ETHTOOL_GCOALESCE: case ETHTOOL_GRINGPARAM:
	case ETHTOOL_GPAUSEPARAM: case ETHTOOL_GRXCSUM: case ETHTOOL_GTXCSUM:
	case ETHTOOL_GSG: case ETHTOOL_GSSET_INFO: case ETHTOOL_GSTRINGS:
	case ETHTOOL_GSTATS: case ETHTOOL_GPHYSTATS: case ETHTOOL_GTSO:
	case ETHTOOL_GPERMADDR: case ETHTOOL_GUFO: case ETHTOOL_GGSO:
	case ETHTOOL_GGRO: case ETHTOOL_GFLAGS: case ETHTOOL_GPFLAGS:
	case ETHTOOL_GRXFH: case ETHTOOL_GRXRINGS: case ETHTOOL_GRXCLSRLCNT:
	case ETHTOOL_GRXCLSRULE: case ETHTOOL_GRXCLSRLALL:
	case ETHTOOL_GRXFHINDIR: case ETHTOOL_GRSSH: case ETHTOOL_GFEATURES:
	case ETHTOOL_GCHANNELS: case ETHTOOL_GET_TS_INFO: case ETHTOOL_GEEE:
	case ETHTOOL_GTUNABLE: case ETHTOOL_PHY_GTUNABLE:
	case ETHTOOL_GLINKSETTINGS: case ETHTOOL_GFECPARAM:
		return true;
	}
	return false;
}

/* ethtool_get_drvinfo(): the kernel's release is written first, and a
 * driver's shorter version over it (the rest of the release stays
 * behind its NUL, as Linux leaves it). */
static int ethtool_drvinfo(const struct rtnl_link *l,
			   const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_drvinfo info;
	struct utsname u;

	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	if (uname(&u) == 0)
		memcpy(info.version, u.release,
		       strnlen(u.release, sizeof(info.version) - 1));
	if (et && et->driver) {
		strncpy(info.driver, et->driver, sizeof(info.driver) - 1);
		if (et->version)
			memcpy(info.version, et->version,
			       strlen(et->version) + 1);
		if (et->fw_version)
			strncpy(info.fw_version, et->fw_version,
				sizeof(info.fw_version) - 1);
		if (et->bus_info || et->bus_info_of)
			strncpy(info.bus_info,
				et->bus_info ? et->bus_info
					     : et->bus_info_of(l),
				sizeof(info.bus_info) - 1);
	} else if (l->ops->kind) {
		strncpy(info.driver, l->ops->kind, sizeof(info.driver) - 1);
	} else {
		return -EOPNOTSUPP;
	}
	/* get_sset_count(), whoever named the driver (ifb has no
	 * get_drvinfo but counts its statistics) */
	info.n_stats = et && et->n_stats ? et->n_stats(l) : 0;
	memcpy(buf, &info, sizeof(info));
	return 0;
}

/* ethtool_get_link(): running and the driver's answer. */
static int ethtool_link(const struct rtnl_link *l,
			const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_value v = { .cmd = ETHTOOL_GLINK };

	if (!et || !et->get_link)
		return -EOPNOTSUPP;
	v.data = (l->flags & IFF_UP) && (et->always_on || l->carrier);
	memcpy(buf, &v, sizeof(v));
	return 0;
}

int rtnl_ethtool_ksettings_get(const struct rtnl_link *l,
			       struct rtnl_lsettings *ls)
{
	const struct rtnl_ethtool *et = l->ops->ethtool;

	memset(ls, 0, sizeof(*ls));
	if (!et || !et->ksettings)
		return -EOPNOTSUPP;
	if (et->lsettings) {
		et->lsettings(l, ls);
		return 0;
	}
	et->ksettings(l, &ls->speed, &ls->duplex, &ls->port);
	if (et->linkinfo)
		et->linkinfo(l, &ls->phy_address, &ls->eth_tp_mdix_ctrl);
	return 0;
}

/* ethtool_get_settings(): convert_link_ksettings_to_legacy_settings(),
 * the first 32 modes of each mask and the speed in two halves. */
static int ethtool_gset(const struct rtnl_link *l, void *buf)
{
	struct rtnl_lsettings ls;
	struct ethtool_cmd c;
	int err = rtnl_ethtool_ksettings_get(l, &ls);

	if (err)
		return err;
	memset(&c, 0, sizeof(c));
	c.cmd = ETHTOOL_GSET;
	c.supported = ls.supported[0];
	c.advertising = ls.advertising[0];
	c.lp_advertising = ls.lp_advertising[0];
	ethtool_cmd_speed_set(&c, ls.speed);
	c.duplex = ls.duplex;
	c.port = ls.port;
	c.phy_address = ls.phy_address;
	c.autoneg = ls.autoneg;
	c.mdio_support = ls.mdio_support;
	c.eth_tp_mdix = ls.eth_tp_mdix;
	c.eth_tp_mdix_ctrl = ls.eth_tp_mdix_ctrl;
	c.transceiver = ls.transceiver;
	memcpy(buf, &c, sizeof(c));
	return 0;
}

/* ethtool_set_settings(): convert_legacy_settings_to_link_ksettings()
 * (the legacy packet counts are refused, the transceiver and the modes
 * past 32 are lost), kept by the driver, announced. */
static int ethtool_sset(struct rtnl_link *l, const struct rtnl_ethtool *et,
			const void *buf)
{
	struct rtnl_lsettings ls = { 0 };
	struct ethtool_cmd c;

	memcpy(&c, buf, sizeof(c));
	if (!et || !et->set_lsettings)
		return -EOPNOTSUPP;
	if (c.maxtxpkt || c.maxrxpkt)
		return -EINVAL;
	ls.supported[0] = c.supported;
	ls.advertising[0] = c.advertising;
	ls.lp_advertising[0] = c.lp_advertising;
	/* ethtool_cmd_speed(), without its int shift's overflow */
	ls.speed = (uint32_t)c.speed_hi << 16 | c.speed;
	ls.duplex = c.duplex;
	ls.port = c.port;
	ls.phy_address = c.phy_address;
	ls.autoneg = c.autoneg;
	ls.mdio_support = c.mdio_support;
	ls.eth_tp_mdix = c.eth_tp_mdix;
	ls.eth_tp_mdix_ctrl = c.eth_tp_mdix_ctrl;
	et->set_lsettings(l, &ls);
	rtnl_ethnl_notify_ksettings(l);
	return 0;
}

/*
 * struct ethtool_link_settings and the three masks after it, as
 * GLINKSETTINGS writes them and SLINKSETTINGS reads them:
 *
 *  +--------------------------+-----------+-------------+----------------+
 *  | ethtool_link_settings    | supported | advertising | lp_advertising |
 *  | (link_mode_masks_nwords) | nwords u32| nwords u32  | nwords u32     |
 *  +--------------------------+-----------+-------------+----------------+
 */
static void *ethtool_link_mask(void *buf, int which)
{
	return (char *)buf + sizeof(struct ethtool_link_settings) +
	       (size_t)which * ETHTOOL_NU32 * 4;
}

/* ethtool_get_link_ksettings(): a caller that does not give the
 * kernel's mask length gets it back, negated, and nothing else; else
 * what the driver keeps, master/slave and rate matching as unknown. */
static int ethtool_glinksettings(const struct rtnl_link *l, void *buf)
{
	struct ethtool_link_settings s;
	struct rtnl_lsettings ls;
	int err = rtnl_ethtool_ksettings_get(l, &ls);

	if (err)
		return err;
	memcpy(&s, buf, sizeof(s));
	if (s.link_mode_masks_nwords != ETHTOOL_NU32) {
		memset(&s, 0, sizeof(s));
		s.cmd = ETHTOOL_GLINKSETTINGS;
		s.link_mode_masks_nwords = -ETHTOOL_NU32;
		memcpy(buf, &s, sizeof(s));
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.cmd = ETHTOOL_GLINKSETTINGS;
	s.speed = ls.speed;
	s.duplex = ls.duplex;
	s.port = ls.port;
	s.phy_address = ls.phy_address;
	s.autoneg = ls.autoneg;
	s.mdio_support = ls.mdio_support;
	s.eth_tp_mdix = ls.eth_tp_mdix;
	s.eth_tp_mdix_ctrl = ls.eth_tp_mdix_ctrl;
	s.link_mode_masks_nwords = ETHTOOL_NU32;
	s.transceiver = ls.transceiver;
	memcpy(s.reserved, ls.reserved, sizeof(s.reserved));
	memcpy(buf, &s, sizeof(s));
	memcpy(ethtool_link_mask(buf, 0), ls.supported, ETHTOOL_NU32 * 4);
	memcpy(ethtool_link_mask(buf, 1), ls.advertising, ETHTOOL_NU32 * 4);
	memcpy(ethtool_link_mask(buf, 2), ls.lp_advertising, ETHTOOL_NU32 * 4);
	return 0;
}

/* ethtool_set_link_ksettings(): the mask length must be the kernel's,
 * master/slave unset; the driver keeps the rest whole (the reserved
 * words too; lanes 0), announced. */
static int ethtool_slinksettings(struct rtnl_link *l,
				 const struct rtnl_ethtool *et,
				 const void *buf)
{
	struct rtnl_lsettings ls = { 0 };
	struct ethtool_link_settings s;

	if (!et || !et->set_lsettings)
		return -EOPNOTSUPP;
	memcpy(&s, buf, sizeof(s));
	if (s.link_mode_masks_nwords != ETHTOOL_NU32)
		return -EINVAL;
	if (s.master_slave_cfg || s.master_slave_state)
		return -EINVAL;
	ls.speed = s.speed;
	ls.duplex = s.duplex;
	ls.port = s.port;
	ls.phy_address = s.phy_address;
	ls.autoneg = s.autoneg;
	ls.mdio_support = s.mdio_support;
	ls.eth_tp_mdix = s.eth_tp_mdix;
	ls.eth_tp_mdix_ctrl = s.eth_tp_mdix_ctrl;
	ls.transceiver = s.transceiver;
	ls.rate_matching = s.rate_matching;
	memcpy(ls.reserved, s.reserved, sizeof(ls.reserved));
	memcpy(ls.supported, ethtool_link_mask((void *)buf, 0),
	       ETHTOOL_NU32 * 4);
	memcpy(ls.advertising, ethtool_link_mask((void *)buf, 1),
	       ETHTOOL_NU32 * 4);
	memcpy(ls.lp_advertising, ethtool_link_mask((void *)buf, 2),
	       ETHTOOL_NU32 * 4);
	et->set_lsettings(l, &ls);
	rtnl_ethnl_notify_ksettings(l);
	return 0;
}

/* ethtool_get_value() for get_msglevel(): a driver's debug level. */
static int ethtool_msglevel(const struct rtnl_link *l,
			    const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_value v = { .cmd = ETHTOOL_GMSGLVL };

	if (!et || !et->msglevel)
		return -EOPNOTSUPP;
	v.data = l->msglevel;
	memcpy(buf, &v, sizeof(v));
	return 0;
}

/* ethtool_set_value_void() for set_msglevel(); a change is announced
 * (ethtool_notify() of DEBUG_NTF). */
static int ethtool_smsglevel(struct rtnl_link *l,
			     const struct rtnl_ethtool *et, const void *buf)
{
	struct ethtool_value v;

	if (!et || !et->set_msglevel)
		return -EOPNOTSUPP;
	memcpy(&v, buf, sizeof(v));
	l->msglevel = v.data;
	rtnl_ethnl_notify_debug(l);
	return 0;
}

/* ethtool_get_sset_info(): of the sets asked for, those the driver
 * counts, each count after the header. */
static int ethtool_sset_info(const struct rtnl_link *l,
			     const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_sset_info info;
	uint32_t n = et && et->n_stats ? et->n_stats(l) : 0;

	memcpy(&info, buf, sizeof(info));
	if (!(info.sset_mask & (UINT64_C(1) << ETH_SS_STATS)) || !n) {
		info.sset_mask = 0;
		memcpy(buf, &info, sizeof(info));
		return 0;
	}
	info.sset_mask = UINT64_C(1) << ETH_SS_STATS;
	memcpy(buf, &info, sizeof(info));
	memcpy((char *)buf + sizeof(info), &n, sizeof(n));
	return 0;
}

/* The offload commands; -ENOTTY for any other.  A change of what is
 * on is announced last (dev_ethtool()'s netdev_features_change()). */
static int ethtool_features_cmd(struct rtnl_link *l, uint32_t cmd,
				void *buf)
{
	bool changed = false;
	int ret;

	switch (cmd) {
	case ETHTOOL_GFEATURES:
		return ethtool_gfeatures(l, buf);
	case ETHTOOL_SFEATURES:
		ret = ethtool_sfeatures(l, buf, &changed);
		break;
	case ETHTOOL_GTXCSUM: case ETHTOOL_GRXCSUM: case ETHTOOL_GSG:
	case ETHTOOL_GTSO: case ETHTOOL_GGSO: case ETHTOOL_GGRO:
		return ethtool_get_one_feature(l, cmd, buf);
	case ETHTOOL_STXCSUM: case ETHTOOL_SRXCSUM: case ETHTOOL_SSG:
	case ETHTOOL_STSO: case ETHTOOL_SGSO: case ETHTOOL_SGRO:
		ret = ethtool_set_one_feature(l, cmd, buf, &changed);
		break;
	case ETHTOOL_GFLAGS:
		return ethtool_gflags(l, buf);
	case ETHTOOL_SFLAGS:
		ret = ethtool_sflags(l, buf, &changed);
		break;
	default:
		return -ENOTTY;
	}
	if (changed)
		rtnl_netdev_event(l, RTNL_NETDEV_FEAT_CHANGE);
	return ret;
}

/* ETHTOOL_GET_TS_INFO: the stamps, no hardware clock (-1), no
 * transmit types or receive filters. */
static int ethtool_ts_info(const struct rtnl_link *l, void *buf)
{
	struct ethtool_ts_info info = { .cmd = ETHTOOL_GET_TS_INFO };

	info.so_timestamping = rtnl_ethtool_ts_info(l);
	info.phc_index = -1;
	memcpy(buf, &info, sizeof(info));
	return 0;
}

/* ETHTOOL_GCOALESCE: the parameters the driver has (tun's rx-frames). */
static int ethtool_gcoalesce(const struct rtnl_link *l,
			     const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_coalesce c = { .cmd = ETHTOOL_GCOALESCE };

	if (!et || !et->coalesce_rx_frames)
		return -EOPNOTSUPP;
	c.rx_max_coalesced_frames = et->coalesce_rx_frames(l);
	memcpy(buf, &c, sizeof(c));
	return 0;
}

/* ETHTOOL_GCHANNELS: veth's receive and transmit queues, tun's
 * combined ones. */
static int ethtool_gchannels(const struct rtnl_link *l,
			     const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_channels c = { .cmd = ETHTOOL_GCHANNELS };

	if (!et || (!et->channels && !et->channels_combined))
		return -EOPNOTSUPP;
	if (et->channels)
		et->channels(l, &c.max_rx, &c.max_tx, &c.rx_count,
			     &c.tx_count);
	if (et->channels_combined)
		et->channels_combined(l, &c.max_combined, &c.combined_count);
	memcpy(buf, &c, sizeof(c));
	return 0;
}

/* The most names or values a GSTRINGS or GSTATS buffer carries: the
 * caller's len past this is not copied (ioctl-shape.c's cap). */
#define ETHTOOL_ROOM_MAX 4096

/*
 * ETHTOOL_GSTRINGS of ETH_SS_STATS, the set a driver counts (the
 * global sets are not modelled here): the count goes back in len, the
 * names after it; a caller whose len is another count gets len 0 and
 * nothing.  With len 0 Linux trusts the caller's buffer to hold them
 * all; the buffer here is as long as the caller's len says
 * (ioctl-shape.c), so no more than that is written.
 */
static int ethtool_gstrings(const struct rtnl_link *l,
			    const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_gstrings g;
	uint32_t room;

	memcpy(&g, buf, sizeof(g));
	if (g.string_set != ETH_SS_STATS || !et || !et->n_stats ||
	    !et->stat_string)
		return -EOPNOTSUPP;
	room = g.len < ETHTOOL_ROOM_MAX ? g.len : ETHTOOL_ROOM_MAX;
	g.len = g.len && g.len != et->n_stats(l) ? 0 : et->n_stats(l);
	memcpy(buf, &g, sizeof(g));
	for (uint32_t i = 0; i < g.len && i < room; i++) {
		char name[ETH_GSTRING_LEN] = { 0 };

		et->stat_string(l, i, name);
		memcpy((char *)buf + sizeof(g) + i * ETH_GSTRING_LEN, name,
		       ETH_GSTRING_LEN);
	}
	return 0;
}

/* ETHTOOL_GSTATS: the values of the ETH_SS_STATS counters, as many as
 * the caller's n_stats has room for, none for another count (as
 * GSTRINGS). */
static int ethtool_gstats(const struct rtnl_link *l,
			  const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_stats s;
	uint64_t *values;
	uint32_t n, room;

	if (!et || !et->n_stats || !et->stat_values)
		return -EOPNOTSUPP;
	memcpy(&s, buf, sizeof(s));
	room = s.n_stats < ETHTOOL_ROOM_MAX ? s.n_stats : ETHTOOL_ROOM_MAX;
	n = et->n_stats(l);
	s.n_stats = s.n_stats && s.n_stats != n ? 0 : n;
	memcpy(buf, &s, sizeof(s));
	if (!s.n_stats || !room)
		return 0;
	values = calloc(n, sizeof(*values));
	if (!values)
		return -ENOMEM;
	et->stat_values(l, values);
	memcpy((char *)buf + sizeof(s), values,
	       (n < room ? n : room) * sizeof(*values));
	free(values);
	return 0;
}

int rtnl_dev_ethtool(struct rtnl_ioctl *io, struct ifreq *ifr)
{
	struct rtnl_link *l;
	const struct rtnl_ethtool *et;
	void *buf = ifr->ifr_data;
	uint32_t cmd;
	int ret;

	if (!buf)
		return -EFAULT;
	memcpy(&cmd, buf, sizeof(cmd));
	l = rtnl_link_by_name(io->rn, ifr->ifr_name);
	if (!l)
		return -ENODEV;
	if (!ethtool_unprivileged(cmd) &&
	    !rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	et = l->ops->ethtool;
	ret = ethtool_features_cmd(l, cmd, buf);
	if (ret != -ENOTTY)
		return ret;
	switch (cmd) {
	case ETHTOOL_GDRVINFO:
		return ethtool_drvinfo(l, et, buf);
	case ETHTOOL_GLINK:
		return ethtool_link(l, et, buf);
	case ETHTOOL_GSET:
		return ethtool_gset(l, buf);
	case ETHTOOL_SSET:
		return ethtool_sset(l, et, buf);
	case ETHTOOL_GLINKSETTINGS:
		return ethtool_glinksettings(l, buf);
	case ETHTOOL_SLINKSETTINGS:
		return ethtool_slinksettings(l, et, buf);
	case ETHTOOL_GMSGLVL:
		return ethtool_msglevel(l, et, buf);
	case ETHTOOL_SMSGLVL:
		return ethtool_smsglevel(l, et, buf);
	case ETHTOOL_GSSET_INFO:
		return ethtool_sset_info(l, et, buf);
	case ETHTOOL_GSTRINGS:
		return ethtool_gstrings(l, et, buf);
	case ETHTOOL_GET_TS_INFO:
		return ethtool_ts_info(l, buf);
	case ETHTOOL_GCOALESCE:
		return ethtool_gcoalesce(l, et, buf);
	case ETHTOOL_GCHANNELS:
		return ethtool_gchannels(l, et, buf);
	case ETHTOOL_GSTATS:
		return ethtool_gstats(l, et, buf);
	}
	return -EOPNOTSUPP;
}
