// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_ROUTE: the rtnetlink front door (rtnetlink_rcv,
 * rtnetlink_rcv_msg).  It dispatches by message type to the handlers of
 * each object; the objects themselves (links, addresses, routes, ...) are
 * not modelled yet, so every type ends where Linux ends for a type
 * without a handler.
 */
#include <errno.h>

#include <linux/capability.h>
#include <linux/rtnetlink.h>

#include "core/internal.h"

/* The kind of an rtnetlink message type: NEW, DEL, GET or SET. */
enum { RTNL_KIND_NEW, RTNL_KIND_DEL, RTNL_KIND_GET, RTNL_KIND_SET };

static int rtnl_msgtype_kind(int type)
{
	return (type - RTM_BASE) & 3;
}

static int rtnetlink_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			     struct unl_ext_ack *extack)
{
	int type = nlh->nlmsg_type;
	int kind;

	(void)extack;
	if (type > RTM_MAX)
		return -EOPNOTSUPP;
	/* Every rtnetlink request carries at least a family byte. */
	if (nlh->nlmsg_len - NLMSG_HDRLEN < sizeof(struct rtgenmsg))
		return 0;
	kind = rtnl_msgtype_kind(type);
	if (kind != RTNL_KIND_GET && !unl_skb_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	/* No object handlers are registered yet. */
	return -EOPNOTSUPP;
}

static void rtnetlink_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, rtnetlink_rcv_msg);
}

static void rtnetlink_fini(struct unl_net *net)
{
	unl_kernel_release(unl_net_kernel_sock(net, NETLINK_ROUTE));
}

int rtnetlink_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.groups = __RTNLGRP_MAX - 1,
		.flags = UNL_CFG_F_NONROOT_RECV,
		.input = rtnetlink_rcv,
	};
	struct unl_sock *ksk;
	int err = unl_kernel_create(net, NETLINK_ROUTE, &cfg, &ksk);

	if (err)
		return err;
	net_set_fini(net, NETLINK_ROUTE, rtnetlink_fini);
	return 0;
}
