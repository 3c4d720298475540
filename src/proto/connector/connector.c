// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_CONNECTOR (drivers/connector/connector.c): the connector's
 * socket lives in the initial namespace only (proto/initnet.h), so a
 * fresh namespace has the protocol and its groups (joined with
 * CAP_NET_ADMIN only: cn_init() sets no NL_CFG_F_ flag) and no
 * listener at portid 0; the proc connector is not reachable there.
 */
#include <errno.h>

#include <linux/connector.h>
#include <linux/netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "proto/initnet.h"

int cn_init(struct unl_net *net)
{
	/* cn_init(): the users' idx values plus room for 0xf more */
	struct unl_kernel_cfg cfg = { .groups = CN_NETLINK_USERS + 0xf };

	if (!unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     "CONNECTOR"))
		return -EPROTONOSUPPORT;
	return unl_proto_register(net, NETLINK_CONNECTOR, &cfg);
}
