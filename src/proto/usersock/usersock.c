// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_USERSOCK: user-to-user messaging with no kernel socket behind
 * it.  Linux registers the table entry itself at boot, with 32 groups,
 * and lets anyone send (NL_CFG_F_NONROOT_SEND) but only the privileged
 * listen to groups (netlink_add_usersock_entry).
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/netlink.h>

#include "core/internal.h"

int usersock_init(struct unl_net *net)
{
	struct nl_table *tbl = nl_table_make(net, NETLINK_USERSOCK);
	unsigned long *listeners = tbl ? calloc(1, sizeof(unsigned long))
				       : NULL;

	if (!listeners)
		return -ENOMEM;
	tbl->listeners = listeners;
	tbl->groups = 32;
	tbl->flags = UNL_CFG_F_NONROOT_SEND;
	tbl->registered = 1;
	return 0;
}
