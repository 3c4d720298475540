// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioctl(2) on sockets, answered from the model (unl_ioctl()):
 *
 *   sock_ioctl()        net/socket.c: the wireless range, the bridge's
 *                       deviceless requests, then the family's ioctl
 *                       (ioctl_inet.c), then SIOCGIFCONF and dev_ioctl()
 *   dev_ioctl()         net/core/dev_ioctl.c: SIOCGIF* and SIOCSIF* on a
 *                       device named by ifr_name, with dev_ifsioc()
 *   br_ioctl_stub()     net/bridge/br_ioctl.c: SIOCBRADDBR, SIOCBRDELBR,
 *                       SIOCBRADDIF, SIOCBRDELIF
 *   dev_ethtool()       net/ethtool/ioctl.c: what a virtual device's
 *                       ethtool_ops answer
 *
 * Every change goes through the function the rtnetlink request for it
 * uses (a link's flags, MTU, name, address; a bridge made or deleted; a
 * port added), so the events are the ones Linux sends for the ioctl:
 * portid 0, no sequence number.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>

#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_bridge.h>
#include <linux/sockios.h>
#include <linux/wireless.h>

#include <unetlink/profile.h>

#include "proto/route/ioctl.h"
#include "proto/route/link/kinds.h"

/* ---- requests the kernel makes of itself --------------------------- */

/* An rtnetlink request of type with a header of hdrlen bytes, from
 * portid 0 with sequence 0; NULL when out of memory.  The caller owns
 * it (rtnl_kernel_doit() consumes it). */
struct unl_skb *rtnl_ioctl_msg(int type, int flags, size_t hdrlen,
			       void **hdr)
{
	struct unl_skb *skb = unl_nlmsg_new(512);
	struct nlmsghdr *nlh;

	if (!skb)
		return NULL;
	nlh = unl_nlmsg_put(skb, 0, 0, type, (int)hdrlen,
			    NLM_F_REQUEST | flags);
	if (!nlh) {
		unl_skb_free(skb);
		return NULL;
	}
	*hdr = NLMSG_DATA(nlh);
	return skb;
}

/* Close the message in skb and run it (consumes skb). */
int rtnl_ioctl_run(struct rtnl_ioctl *io, struct unl_skb *skb)
{
	unl_nlmsg_end(skb, (struct nlmsghdr *)unl_skb_data(skb));
	return rtnl_kernel_doit(io->rn, io->who, skb);
}

bool rtnl_ioctl_capable(const struct rtnl_ioctl *io, int cap)
{
	return unl_net_capable(io->rn->net, cap);
}

/* A change of device l through rtnl_setlink(): RTM_SETLINK with one
 * attribute of len bytes (none when data is NULL). */
static int ioctl_setlink(struct rtnl_ioctl *io, const struct rtnl_link *l,
			 int type, const void *data, int len)
{
	struct ifinfomsg *ifm;
	struct unl_skb *skb = rtnl_ioctl_msg(RTM_SETLINK, 0, sizeof(*ifm),
					     (void **)&ifm);

	if (!skb)
		return -ENOMEM;
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = l->ifindex;
	if (data && unl_nla_put(skb, type, len, data)) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	return rtnl_ioctl_run(io, skb);
}

/* ---- dev_ioctl() --------------------------------------------------- */

static struct rtnl_link *ifr_dev(struct rtnl_ioctl *io,
				 const struct ifreq *ifr)
{
	return rtnl_link_by_name(io->rn, ifr->ifr_name);
}

/* dev_ifsioc_locked(): what anyone may read. */
static int dev_ifsioc_get(struct rtnl_ioctl *io, unsigned long cmd,
			  struct ifreq *ifr)
{
	struct rtnl_link *l = ifr_dev(io, ifr);

	if (!l)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFFLAGS:
		/* dev_get_flags(), cut to the short ifr_flags holds */
		ifr->ifr_flags = (short)rtnl_link_ifi_flags(l);
		return 0;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = 0;
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)l->mtu;
		return 0;
	case SIOCGIFSLAVE:
		return -EINVAL;
	case SIOCGIFMAP:
		/* a virtual device has no memory, I/O port, IRQ or DMA */
		memset(&ifr->ifr_map, 0, sizeof(ifr->ifr_map));
		return 0;
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = l->ifindex;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = (int)l->txqlen;
		return 0;
	}
	return -EINVAL;
}

/* dev_get_mac_address() */
static int dev_get_hwaddr(struct rtnl_ioctl *io, struct ifreq *ifr)
{
	struct rtnl_link *l = ifr_dev(io, ifr);
	size_t n;

	if (!l)
		return -ENODEV;
	n = l->addr_len < sizeof(ifr->ifr_hwaddr.sa_data)
		    ? l->addr_len
		    : sizeof(ifr->ifr_hwaddr.sa_data);
	memset(ifr->ifr_hwaddr.sa_data, 0, sizeof(ifr->ifr_hwaddr.sa_data));
	memcpy(ifr->ifr_hwaddr.sa_data, l->addr, n);
	ifr->ifr_hwaddr.sa_family = l->type;
	return 0;
}

/* dev_ifname(): SIOCGIFNAME, by index. */
static int dev_ifname(struct rtnl_ioctl *io, struct ifreq *ifr)
{
	struct rtnl_link *l = rtnl_link_by_index(io->rn, ifr->ifr_ifindex);

	if (!l)
		return -ENODEV;
	memset(ifr->ifr_name, 0, sizeof(ifr->ifr_name));
	memcpy(ifr->ifr_name, l->name, IFNAMSIZ);
	return 0;
}

/* dev_set_mac_address_user(): the driver must take addresses, of its
 * own type. */
static int dev_set_hwaddr(struct rtnl_ioctl *io, struct rtnl_link *l,
			  const struct ifreq *ifr)
{
	if (l->addr_len > sizeof(struct sockaddr))
		return -EINVAL;
	if (!l->ops->set_mac_address)
		return -EOPNOTSUPP;
	if (ifr->ifr_hwaddr.sa_family != l->type)
		return -EINVAL;
	return ioctl_setlink(io, l, IFLA_ADDRESS, ifr->ifr_hwaddr.sa_data,
			     l->addr_len);
}

/* SIOCSIFHWBROADCAST: the address, then NETDEV_CHANGEADDR (no
 * netdev_state_change() as IFLA_BROADCAST has). */
static int dev_set_hwbroadcast(struct rtnl_link *l, const struct ifreq *ifr)
{
	size_t n = l->addr_len < sizeof(ifr->ifr_hwaddr.sa_data)
			   ? l->addr_len
			   : sizeof(ifr->ifr_hwaddr.sa_data);

	if (ifr->ifr_hwaddr.sa_family != l->type)
		return -EINVAL;
	memcpy(l->broadcast, ifr->ifr_hwaddr.sa_data, n);
	rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
	return 0;
}

/* SIOCADDMULTI, SIOCDELMULTI: not for a driver without an rx mode to
 * program; the global user of an address of the device's multicast
 * list (hwaddr.c). */
static int dev_multi(struct rtnl_link *l, unsigned long cmd,
		     const struct ifreq *ifr)
{
	const uint8_t *addr = (const uint8_t *)ifr->ifr_hwaddr.sa_data;

	if (l->ops->no_rx_mode || ifr->ifr_hwaddr.sa_family != AF_UNSPEC)
		return -EINVAL;
	return cmd == SIOCADDMULTI ? rtnl_dev_mc_add_global(l, addr)
				   : rtnl_dev_mc_del_global(l, addr);
}

/* dev_ifsioc(): the changes, CAP_NET_ADMIN checked by the caller. */
static int dev_ifsioc(struct rtnl_ioctl *io, unsigned long cmd,
		      struct ifreq *ifr)
{
	struct rtnl_link *l = ifr_dev(io, ifr);
	uint32_t v;

	if (!l)
		return -ENODEV;
	switch (cmd) {
	case SIOCSIFFLAGS:
		return rtnl_link_change_flags(l, (unsigned int)ifr->ifr_flags,
					      NULL);
	case SIOCSIFMETRIC:
		return -EOPNOTSUPP;
	case SIOCSIFMTU:
		v = (uint32_t)ifr->ifr_mtu;
		return ioctl_setlink(io, l, IFLA_MTU, &v, sizeof(v));
	case SIOCSIFHWADDR:
		return dev_set_hwaddr(io, l, ifr);
	case SIOCSIFHWBROADCAST:
		return dev_set_hwbroadcast(l, ifr);
	case SIOCSIFMAP:
		return -EOPNOTSUPP; /* no ndo_set_config */
	case SIOCADDMULTI:
	case SIOCDELMULTI:
		return dev_multi(l, cmd, ifr);
	case SIOCSIFTXQLEN:
		if (ifr->ifr_qlen < 0)
			return -EINVAL;
		v = (uint32_t)ifr->ifr_qlen;
		return ioctl_setlink(io, l, IFLA_TXQLEN, &v, sizeof(v));
	case SIOCSIFNAME:
		ifr->ifr_newname[IFNAMSIZ - 1] = '\0';
		/* dev_valid_name(); rtnl_setlink() would ignore it */
		if (!ifr->ifr_newname[0])
			return -EINVAL;
		return ioctl_setlink(io, l, IFLA_IFNAME, ifr->ifr_newname,
				     (int)strlen(ifr->ifr_newname) + 1);
	case SIOCBRADDIF:
	case SIOCBRDELIF:
		return rtnl_br_ioctl_port(io, l, cmd, ifr);
	}
	/* dev_siocdevprivate(): the driver's, with ifr_data */
	if (cmd >= SIOCDEVPRIVATE && cmd <= SIOCDEVPRIVATE + 15)
		return l->ops->siocdevprivate
			       ? l->ops->siocdevprivate(l, ifr->ifr_data,
							(unsigned int)cmd)
			       : -EOPNOTSUPP;
	/* SIOCGMIIPHY and the MII, bonding, hardware timestamp, WAN and
	 * private requests: no virtual device's driver has them */
	return cmd == SIOCSIFSLAVE ? -EINVAL : -EOPNOTSUPP;
}

/* What dev_ioctl() lets only CAP_NET_ADMIN do. */
static bool dev_ioctl_admin(unsigned long cmd)
{
	switch (cmd) {
	case SIOCGMIIPHY:
	case SIOCGMIIREG:
	case SIOCSIFNAME:
	case SIOCSIFMAP:
	case SIOCSIFTXQLEN:
	case SIOCSIFFLAGS:
	case SIOCSIFMETRIC:
	case SIOCSIFMTU:
	case SIOCSIFHWADDR:
	case SIOCSIFSLAVE:
	case SIOCADDMULTI:
	case SIOCDELMULTI:
	case SIOCSIFHWBROADCAST:
	case SIOCSMIIREG:
	case SIOCBONDENSLAVE:
	case SIOCBONDRELEASE:
	case SIOCBONDSETHWADDR:
	case SIOCBONDCHANGEACTIVE:
	case SIOCBRADDIF:
	case SIOCBRDELIF:
	case SIOCSHWTSTAMP:
		return true;
	}
	return false;
}

/* dev_ioctl(): ifr_name cut at a colon (an alias names its device). */
static int dev_ioctl(struct rtnl_ioctl *io, unsigned long cmd,
		     struct ifreq *ifr)
{
	char *colon;
	int ret;

	if (cmd == SIOCGIFNAME)
		return dev_ifname(io, ifr);
	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	colon = strchr(ifr->ifr_name, ':');
	if (colon)
		*colon = '\0';
	switch (cmd) {
	case SIOCGIFFLAGS:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCGIFSLAVE:
	case SIOCGIFMAP:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN:
		ret = dev_ifsioc_get(io, cmd, ifr);
		break;
	case SIOCGIFHWADDR:
		ret = dev_get_hwaddr(io, ifr);
		break;
	case SIOCETHTOOL:
		ret = rtnl_dev_ethtool(io, ifr);
		break;
	case SIOCGHWTSTAMP:
		ret = ifr_dev(io, ifr) ? -EOPNOTSUPP : -ENODEV;
		break;
	case SIOCGIFMEM:
	case SIOCSIFMEM:
	case SIOCSIFLINK:
		return -ENOTTY;
	default:
		if (dev_ioctl_admin(cmd)) {
			if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
				return -EPERM;
		} else if (cmd != SIOCWANDEV &&
			   (cmd < SIOCDEVPRIVATE || cmd > SIOCDEVPRIVATE + 15)) {
			return -ENOTTY;
		}
		ret = dev_ifsioc(io, cmd, ifr);
		break;
	}
	if (colon)
		*colon = ':';
	return ret;
}

/* dev_ifconf() with inet_gifconf(): one ifreq per IPv4 address, of
 * every device in order, as many as fit; with no buffer, the room all
 * of them take. */
static int dev_ifconf(struct rtnl_ioctl *io, struct ifconf *ifc)
{
	const int size = (int)sizeof(struct ifreq);
	char *buf = ifc->ifc_buf;
	int len = ifc->ifc_len, total = 0;

	for (const struct rtnl_link *l = io->rn->links; l; l = l->next) {
		for (const struct rtnl_addr *a = io->rn->addrs; a;
		     a = a->next) {
			struct ifreq ifr;
			struct sockaddr_in *sin = (void *)&ifr.ifr_addr;

			if (a->family != AF_INET || a->ifindex != l->ifindex)
				continue;
			if (!buf) {
				total += size;
				continue;
			}
			if (len - total < size)
				break;
			memset(&ifr, 0, sizeof(ifr));
			memcpy(ifr.ifr_name, a->label, IFNAMSIZ);
			sin->sin_family = AF_INET;
			memcpy(&sin->sin_addr, a->local, 4);
			memcpy(buf + total, &ifr, sizeof(ifr));
			total += size;
		}
	}
	ifc->ifc_len = total;
	return 0;
}

/* ---- wireless extensions ------------------------------------------- */

/* wext_handle_ioctl(): a kernel with wireless extensions knows the
 * device and finds no wireless handlers on it; one without knows no
 * such request. */
static int wext_ioctl(struct rtnl_ioctl *io, unsigned long cmd, void *arg)
{
	struct iwreq *iwr = arg;

	if (!unl_profile_has(unl_net_profile(io->rn->net),
			     UNL_PROFILE_FEATURE, "WEXT_CORE"))
		return -ENOTTY;
	iwr->ifr_name[IFNAMSIZ - 1] = '\0';
	if (!rtnl_link_by_name(io->rn, iwr->ifr_name))
		return -ENODEV;
	(void)cmd;
	return -EOPNOTSUPP;
}

/* ---- sock_ioctl() -------------------------------------------------- */

static bool socket_ioctl_cmd(unsigned long cmd)
{
	return _IOC_TYPE(cmd) == 0x89;
}

/* sock_do_ioctl(): the family first, then the device requests. */
static int sock_do_ioctl(struct rtnl_ioctl *io, int family, unsigned long cmd,
			 void *arg)
{
	int ret = rtnl_family_ioctl(io, family, cmd, arg);

	if (ret != -ENOIOCTLCMD)
		return ret;
	if (!socket_ioctl_cmd(cmd))
		return -ENOTTY;
	if (cmd == SIOCGIFCONF)
		return dev_ifconf(io, arg);
	return dev_ioctl(io, cmd, arg);
}

static int sock_ioctl(struct rtnl_ioctl *io, int family, unsigned long cmd,
		      void *arg)
{
	if (cmd >= SIOCDEVPRIVATE && cmd <= SIOCDEVPRIVATE + 15)
		return dev_ioctl(io, cmd, arg);
	if (cmd >= SIOCIWFIRST && cmd <= SIOCIWLAST)
		return wext_ioctl(io, cmd, arg);
	switch (cmd) {
	case SIOCGIFBR:
	case SIOCSIFBR:
	case SIOCBRADDBR:
	case SIOCBRDELBR:
		return rtnl_br_ioctl_deviceless(io, cmd, arg);
	case SIOCGIFVLAN:
	case SIOCSIFVLAN:
		/* vlan_ioctl_handler() is not modelled: as a kernel
		 * without 8021q (docs/conformance.md) */
		return -ENOPKG;
	}
	return sock_do_ioctl(io, family, cmd, arg);
}

int rtnl_ioctl(struct unl_sock *ksk, const struct unl_cred *who, int family,
	       unsigned long cmd, void *arg)
{
	struct rtnl_ioctl io = { .rn = unl_kernel_priv(ksk), .who = who };
	int ret;

	if (!arg)
		return -EFAULT;
	ret = sock_ioctl(&io, family, cmd, arg);
	rtnl_deferred_run(io.rn);
	return ret;
}

/* ---- br_ioctl_stub() ----------------------------------------------- */

static bool is_bridge(const struct rtnl_link *l)
{
	return l->ops == &rtnl_bridge_ops;
}

/* br_add_bridge(): the device `ip link add NAME type bridge` makes. */
static int br_add_bridge(struct rtnl_ioctl *io, const char *name)
{
	struct ifinfomsg *ifm;
	struct nlattr *info;
	struct unl_skb *skb;

	if (!rtnl_link_ops_find(io->rn, "bridge"))
		return -ENOPKG; /* br_ioctl_call() without the module */
	skb = rtnl_ioctl_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
			     sizeof(*ifm), (void **)&ifm);
	if (!skb)
		return -ENOMEM;
	ifm->ifi_family = AF_UNSPEC;
	info = NULL;
	if (unl_nla_put_string(skb, IFLA_IFNAME, name) ||
	    !(info = unl_nla_nest_start(skb, IFLA_LINKINFO)) ||
	    unl_nla_put_string(skb, IFLA_INFO_KIND, "bridge")) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	unl_nla_nest_end(skb, info);
	return rtnl_ioctl_run(io, skb);
}

/* br_del_bridge(): only a bridge, and only while it is down. */
static int br_del_bridge(struct rtnl_ioctl *io, const char *name)
{
	struct rtnl_link *l = rtnl_link_by_name(io->rn, name);
	struct ifinfomsg *ifm;
	struct unl_skb *skb;

	if (!l)
		return -ENXIO;
	if (!is_bridge(l))
		return -EPERM;
	if (l->flags & IFF_UP)
		return -EBUSY;
	skb = rtnl_ioctl_msg(RTM_DELLINK, 0, sizeof(*ifm), (void **)&ifm);
	if (!skb)
		return -ENOMEM;
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = l->ifindex;
	return rtnl_ioctl_run(io, skb);
}

static int br_add_del(struct rtnl_ioctl *io, bool add, const char *user)
{
	char name[IFNAMSIZ];

	if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	if (!user)
		return -EFAULT;
	memset(name, 0, sizeof(name));
	memcpy(name, user, strnlen(user, IFNAMSIZ - 1));
	return add ? br_add_bridge(io, name) : br_del_bridge(io, name);
}

/* get_bridge_ifindices() */
static int br_get_bridges(struct rtnl_ioctl *io, int *out, unsigned long n)
{
	int i = 0;

	if (n >= 2048)
		return -ENOMEM;
	if (!out && n)
		return -EFAULT;
	for (const struct rtnl_link *l = io->rn->links; l && (unsigned long)i < n;
	     l = l->next)
		if (is_bridge(l))
			out[i++] = l->ifindex;
	return i;
}

/* old_deviceless(): the BRCTL_* requests of SIOCGIFBR and SIOCSIFBR,
 * args[1] a pointer as the kernel reads it. */
static int br_old_deviceless(struct rtnl_ioctl *io, unsigned long *args)
{
	switch (args[0]) {
	case BRCTL_GET_VERSION:
		return BRCTL_VERSION;
	case BRCTL_GET_BRIDGES:
		return br_get_bridges(io, (int *)args[1], args[2]);
	case BRCTL_ADD_BRIDGE:
	case BRCTL_DEL_BRIDGE:
		return br_add_del(io, args[0] == BRCTL_ADD_BRIDGE,
				  (const char *)args[1]);
	}
	return -EOPNOTSUPP;
}

int rtnl_br_ioctl_deviceless(struct rtnl_ioctl *io, unsigned long cmd,
			     void *arg)
{
	if (!rtnl_link_ops_find(io->rn, "bridge"))
		return -ENOPKG;
	if (cmd == SIOCGIFBR || cmd == SIOCSIFBR)
		return br_old_deviceless(io, arg);
	return br_add_del(io, cmd == SIOCBRADDBR, arg);
}

/* add_del_if(): br_add_if() refuses a device with a master (netlink's
 * IFLA_MASTER would move it), br_del_if() one that is not its port. */
int rtnl_br_ioctl_port(struct rtnl_ioctl *io, struct rtnl_link *br,
		       unsigned long cmd, const struct ifreq *ifr)
{
	struct rtnl_link *dev;
	uint32_t master = 0;

	if (!is_bridge(br))
		return -EOPNOTSUPP;
	dev = rtnl_link_by_index(io->rn, ifr->ifr_ifindex);
	if (!dev)
		return -EINVAL;
	if (cmd == SIOCBRADDIF) {
		if (dev->master && !is_bridge(dev) &&
		    !(dev->flags & IFF_LOOPBACK) && dev->type == ARPHRD_ETHER)
			return -EBUSY;
		master = (uint32_t)br->ifindex;
	} else if (dev->master != br->ifindex) {
		return -EINVAL;
	}
	return ioctl_setlink(io, dev, IFLA_MASTER, &master, sizeof(master));
}
