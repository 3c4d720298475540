// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The protocols built into libunetlink, registered on first use as Linux
 * loads "net-pf-16-proto-N" modules.
 */
#include <errno.h>

#include <linux/netlink.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

int proto_builtin_load(struct unl_net *net, int protocol, void *user)
{
	(void)user;
	switch (protocol) {
	case NETLINK_ROUTE:
		return rtnetlink_init(net);
	case NETLINK_GENERIC:
		return genl_pernet_init(net);
	case NETLINK_FIB_LOOKUP:
		return nl_fib_lookup_init(net);
	case NETLINK_NETFILTER:
		return nfnetlink_init(net);
	default:
		return -EPROTONOSUPPORT;
	}
}
