// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The protocols built into libunetlink, registered on first use as Linux
 * loads "net-pf-16-proto-N" modules.
 */
#include <errno.h>
#include <string.h>

#include <linux/netlink.h>

#include "core/internal.h"
#include "proto/audit/audit.h"
#include "proto/crypto/crypto_user.h"
#include "proto/initnet.h"
#include "proto/rdma/rdma_netlink.h"
#include "proto/route/route-private.h"
#include "proto/sock_diag/sock_diag.h"
#include "proto/uevent/uevent.h"
#include "proto/xfrm/xfrm-private.h"

int proto_builtin_sysctl_owner(const char *dir, size_t len)
{
	/* nf_conntrack's and nf_log's tables come with NETLINK_NETFILTER */
	if (len == 9 && !strncmp(dir, "netfilter", 9))
		return NETLINK_NETFILTER;
	return -1;
}

/* netfilter's files come with NETLINK_NETFILTER */
static const char *const nf_procnet_dirs[] = { "netfilter", "xt_recent",
					       "ipt_hashlimit",
					       "ip6t_hashlimit",
					       "ip_tables_names",
					       "ip_tables_matches",
					       "ip_tables_targets",
					       "ip6_tables_names",
					       "ip6_tables_matches",
					       "ip6_tables_targets",
					       "arp_tables_names",
					       "arp_tables_matches",
					       "arp_tables_targets",
					       "nf_conntrack",
					       "nf_conntrack_expect",
					       "stat" };

int proto_builtin_procnet_owner(const char *dir, size_t len)
{
	for (size_t i = 0;
	     i < sizeof(nf_procnet_dirs) / sizeof(nf_procnet_dirs[0]); i++)
		if (len == strlen(nf_procnet_dirs[i]) &&
		    !strncmp(dir, nf_procnet_dirs[i], len))
			return NETLINK_NETFILTER;
	return -1;
}

const char *proto_builtin_procnet_dir(size_t i)
{
	return i < sizeof(nf_procnet_dirs) / sizeof(nf_procnet_dirs[0])
		       ? nf_procnet_dirs[i]
		       : NULL;
}

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
	case NETLINK_SELINUX:
		return selnl_init(net);
	case NETLINK_CONNECTOR:
		return cn_init(net);
	case NETLINK_KOBJECT_UEVENT:
		return uevent_net_init(net);
	case NETLINK_SCSITRANSPORT:
		return scsi_netlink_init(net);
	case NETLINK_SOCK_DIAG:
		return diag_net_init(net);
	case NETLINK_AUDIT:
		return audit_net_init(net);
	case NETLINK_XFRM:
		return xfrm_user_net_init(net);
	case NETLINK_NETFILTER:
		return nfnetlink_init(net);
	case NETLINK_CRYPTO:
		return crypto_netlink_init(net);
	case NETLINK_RDMA:
		return rdma_nl_net_init(net);
	case NETLINK_ISCSI:
		return iscsi_transport_init(net);
	default:
		return -EPROTONOSUPPORT;
	}
}
