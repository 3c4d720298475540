// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nlmon (drivers/net/nlmon.c): a device that, while up, taps every
 * netlink message for packet sockets.  ARPHRD_NETLINK without an
 * address, no ARP, no queue, an MTU of NLMSG_GOODSIZE; IPv6 does not
 * autoconfigure it.  The tap is not modelled (no packet sockets).
 * The reference kernel has no nlmon module: this follows Linux's
 * source, and tests/clients/ip-kinds.sh checks it under the `full`
 * profile.
 */
#include <errno.h>

#include <linux/if_arp.h>
#include <linux/netlink.h>

#include "proto/route/link/kinds.h"

/* NLMSG_GOODSIZE: a page less struct skb_shared_info (x86-64) */
#define NLMON_MTU 3776

/* nlmon_setup() */
static void nlmon_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_NETLINK;
	l->flags = IFF_NOARP;
	l->addr_len = 0;
	l->mtu = NLMON_MTU;
	l->min_mtu = sizeof(struct nlmsghdr);
	l->max_mtu = 0;
}

/* nlmon_validate(): no address. */
static int nlmon_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack)
{
	(void)rn;
	(void)data;
	(void)extack;
	return tb[IFLA_ADDRESS] ? -EINVAL : 0;
}

/* nlmon_ethtool_ops: get_link only (always on); no get_drvinfo, so
 * the kind's name answers. */
static const struct rtnl_ethtool nlmon_ethtool = {
	.get_link = true,
	.always_on = true,
};

const struct rtnl_link_ops rtnl_nlmon_ops = {
	.kind = "nlmon",
	.setup = nlmon_setup,
	.validate = nlmon_validate,
	.dellink = rtnl_link_queue_kill,
	.ethtool = &nlmon_ethtool,
};
