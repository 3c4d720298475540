// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioctl(2) on sockets: the requests Linux answers from its devices.
 * Devices live in rtnetlink here, so the core hands every request to
 * the protocol that registered an ioctl handler for NETLINK_ROUTE
 * (loading it first, as a socket would), with the caller as `current`.
 */
#include <errno.h>
#include <linux/netlink.h>

#include "core/internal.h"

int unl_ioctl(struct unl_net *net, const struct unl_cred *who, int family,
	      unsigned long cmd, void *arg)
{
	struct unl_sock *ksk;
	int ret = -ENOTTY;

	if (!net || !who)
		return -EINVAL;
	net_lock(net);
	if (unl_net_load_protocol(net, NETLINK_ROUTE) == 0) {
		ksk = nl_table_of(net, NETLINK_ROUTE)->ksk;
		net->world->current = who;
		if (ksk && ksk->kioctl)
			ret = ksk->kioctl(ksk, who, family, cmd, arg);
	}
	net_unlock(net);
	return ret;
}
