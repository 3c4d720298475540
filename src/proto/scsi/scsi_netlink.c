// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SCSITRANSPORT (drivers/scsi/scsi_netlink.c): the SCSI
 * transports' (FC's) events, from a socket of the initial namespace
 * only (proto/initnet.h).
 */
#include <errno.h>

#include <linux/netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "proto/initnet.h"

/* SCSI_NL_GRP_CNT of <scsi/scsi_netlink.h>: the FC events group and
 * its neighbours */
#define SCSI_NL_GRP_CNT 3

int scsi_netlink_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = { .groups = SCSI_NL_GRP_CNT };

	if (!unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     "SCSI_NETLINK"))
		return -EPROTONOSUPPORT;
	return unl_proto_register(net, NETLINK_SCSITRANSPORT, &cfg);
}
