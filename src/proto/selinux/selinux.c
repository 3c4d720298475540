// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SELINUX (security/selinux/netlink.c): the kernel announces
 * AVC and policy events to group SELNLGRP_AVC, which anyone may join;
 * it reads nothing.  Its socket lives in the initial namespace only
 * (proto/initnet.h).
 */
#include <errno.h>

#include <linux/netlink.h>
#include <linux/selinux_netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "proto/initnet.h"

int selnl_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.groups = SELNLGRP_MAX,
		.flags = UNL_CFG_F_NONROOT_RECV,
	};

	if (!unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     "SECURITY_SELINUX"))
		return -EPROTONOSUPPORT;
	return unl_proto_register(net, NETLINK_SELINUX, &cfg);
}
