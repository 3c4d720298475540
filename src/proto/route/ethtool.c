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
#include <string.h>
#include <sys/utsname.h>

#include <linux/ethtool.h>

#include "proto/route/ioctl.h"
#include "proto/route/link/kinds.h"

/* __ETHTOOL_LINK_MODE_MASK_NU32 of Linux 6.18: the link mode masks'
 * length in u32 words, which GLINKSETTINGS's handshake tells. */
#define ETHTOOL_NU32 4

int rtnl_ethtool_ksettings_10g(const struct rtnl_link *l, uint32_t *speed,
			       uint8_t *duplex, uint8_t *port)
{
	(void)l;
	*speed = SPEED_10000;
	*duplex = DUPLEX_FULL;
	*port = PORT_TP;
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

static int ethtool_ksettings(const struct rtnl_link *l,
			     const struct rtnl_ethtool *et, uint32_t *speed,
			     uint8_t *duplex, uint8_t *port)
{
	if (!et || !et->ksettings)
		return -EOPNOTSUPP;
	return et->ksettings(l, speed, duplex, port);
}

/* ethtool_get_settings(): the legacy struct, speed in two halves. */
static int ethtool_gset(const struct rtnl_link *l,
			const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_cmd c;
	uint32_t speed;
	uint8_t duplex, port;
	int err = ethtool_ksettings(l, et, &speed, &duplex, &port);

	if (err)
		return err;
	memset(&c, 0, sizeof(c));
	c.cmd = ETHTOOL_GSET;
	ethtool_cmd_speed_set(&c, speed);
	c.duplex = duplex;
	c.port = port;
	memcpy(buf, &c, sizeof(c));
	return 0;
}

/* ethtool_get_link_ksettings(): a caller that does not give the
 * kernel's mask length gets it back, negated, and nothing else. */
static int ethtool_glinksettings(const struct rtnl_link *l,
				 const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_link_settings s;
	uint32_t speed;
	uint8_t duplex, port;
	int err = ethtool_ksettings(l, et, &speed, &duplex, &port);

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
	s.speed = speed;
	s.duplex = duplex;
	s.port = port;
	s.link_mode_masks_nwords = ETHTOOL_NU32;
	memcpy(buf, &s, sizeof(s));
	memset((char *)buf + sizeof(s), 0, 3 * ETHTOOL_NU32 * 4);
	return 0;
}

/* ethtool_get_value() for get_msglevel(): a driver's debug level. */
static int ethtool_msglevel(const struct rtnl_ethtool *et, void *buf)
{
	struct ethtool_value v = { .cmd = ETHTOOL_GMSGLVL };

	if (!et || !et->msglevel)
		return -EOPNOTSUPP;
	memcpy(buf, &v, sizeof(v));
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

int rtnl_dev_ethtool(struct rtnl_ioctl *io, struct ifreq *ifr)
{
	struct rtnl_link *l;
	const struct rtnl_ethtool *et;
	void *buf = ifr->ifr_data;
	uint32_t cmd;

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
	switch (cmd) {
	case ETHTOOL_GDRVINFO:
		return ethtool_drvinfo(l, et, buf);
	case ETHTOOL_GLINK:
		return ethtool_link(l, et, buf);
	case ETHTOOL_GSET:
		return ethtool_gset(l, et, buf);
	case ETHTOOL_GLINKSETTINGS:
		return ethtool_glinksettings(l, et, buf);
	case ETHTOOL_GMSGLVL:
		return ethtool_msglevel(et, buf);
	case ETHTOOL_GSSET_INFO:
		return ethtool_sset_info(l, et, buf);
	}
	return -EOPNOTSUPP;
}
