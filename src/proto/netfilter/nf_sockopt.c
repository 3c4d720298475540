// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_getsockopt() (net/netfilter/nf_sockopt.c): the getsockopt options
 * netfilter modules register for an AF_INET socket at level SOL_IP.
 * The one modelled is ip_set's SO_IP_SET, through which iptables'
 * set match and SET target name sets; the front ends forward it
 * (UNL_OP_NF_SOCKOPT), whatever kernel socket it was asked of, to the
 * caller's net.  ip_tables' own options never reach here: iptables-nft
 * speaks nf_tables.
 */
#include <errno.h>
#include <sys/socket.h>

#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netlink.h>

#include "core/internal.h"
#include "proto/netfilter/ip_set.h"

int unl_nf_getsockopt(struct unl_net *net, const struct unl_cred *who,
		      int family, int optname, void *buf, int len)
{
	int ret = -ENOPROTOOPT;

	if (!net || !who || !buf)
		return -EINVAL;
	/* nf_sockopt_find(): an option registered for the family */
	if (family != AF_INET || optname != SO_IP_SET)
		return -ENOPROTOOPT;
	net_lock(net);
	if (unl_net_load_protocol(net, NETLINK_NETFILTER) == 0) {
		net->world->current = who;
		ret = ip_set_sockfn_get(net, buf, len);
		net->world->current = NULL;
	}
	net_unlock(net);
	return ret;
}
