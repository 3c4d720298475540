/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the ioctl files share (ioctl.c: sock_ioctl() and dev_ioctl();
 * ioctl_inet.c: the inet and inet6 families' requests; ethtool.c).
 * Every function runs with the net locked, `current` set to who.
 */
#ifndef UNETLINK_ROUTE_IOCTL_H
#define UNETLINK_ROUTE_IOCTL_H

#include <linux/capability.h>
#include <netinet/in.h>

#include "proto/route/route-private.h"

/* What one request acts on, and for whom. */
struct rtnl_ioctl {
	struct rtnl_net *rn;
	const struct unl_cred *who;
};

/* The kernel's "not mine, ask the next" (ENOIOCTLCMD, never returned
 * to a caller). */
#ifndef ENOIOCTLCMD
#define ENOIOCTLCMD 515
#endif

/* ---- ioctl.c ---- */
/* ns_capable(net->user_ns, cap) for the caller */
bool rtnl_ioctl_capable(const struct rtnl_ioctl *io, int cap);
/* An rtnetlink request built for an ioctl: header of hdrlen bytes at
 * *hdr; NULL when out of memory.  rtnl_ioctl_run() closes and runs it
 * through rtnl_kernel_doit(), consuming it. */
struct unl_skb *rtnl_ioctl_msg(int type, int flags, size_t hdrlen,
			       void **hdr);
int rtnl_ioctl_run(struct rtnl_ioctl *io, struct unl_skb *skb);
/* br_ioctl_stub(): SIOCGIFBR, SIOCSIFBR, SIOCBRADDBR, SIOCBRDELBR, and
 * SIOCBRADDIF, SIOCBRDELIF on bridge br. */
int rtnl_br_ioctl_deviceless(struct rtnl_ioctl *io, unsigned long cmd,
			     void *arg);
int rtnl_br_ioctl_port(struct rtnl_ioctl *io, struct rtnl_link *br,
		       unsigned long cmd, const struct ifreq *ifr);

/* ---- ethtool.c ---- */
/* dev_ethtool(): ifr_data points to the command */
int rtnl_dev_ethtool(struct rtnl_ioctl *io, struct ifreq *ifr);

/* ---- ioctl_inet.c ---- */
/* The family's own ioctl (inet_ioctl(), inet6_ioctl(), packet_ioctl());
 * -ENOIOCTLCMD for what it leaves to dev_ioctl(). */
int rtnl_family_ioctl(struct rtnl_ioctl *io, int family, unsigned long cmd,
		      void *arg);

#endif
