// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_ISCSI (drivers/scsi/scsi_transport_iscsi.c): the iSCSI
 * transport class's socket, which iscsi_transport_init() makes in the
 * initial namespace only (proto/initnet.h): a fresh namespace opens and
 * binds it (the protocol is registered machine-wide), with its groups
 * for root only, and nothing answers at portid 0.
 */
#include <errno.h>

#include <linux/netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "proto/initnet.h"

int iscsi_transport_init(struct unl_net *net)
{
	/* one group, which netlink_kernel_create() rounds up to 32 */
	struct unl_kernel_cfg cfg = { .groups = 1 };

	if (!unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     "SCSI_ISCSI_ATTRS"))
		return -EPROTONOSUPPORT;
	return unl_proto_register(net, NETLINK_ISCSI, &cfg);
}
