// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_getsockopt() and nf_setsockopt() (net/netfilter/nf_sockopt.c):
 * the options netfilter modules register for PF_INET (level SOL_IP)
 * and PF_INET6 (SOL_IPV6).  Modelled: ip_set's SO_IP_SET, through which
 * iptables' set match and SET target name sets (UNL_OP_NF_SOCKOPT), and
 * ip_tables' and ip6_tables' options, through which iptables-legacy and
 * ip6tables-legacy and arptables-legacy read and replace their tables
 * (UNL_OP_XT_GET, UNL_OP_XT_SET; ip_tables.c), and ebtables', through
 * which ebtables-legacy does the same to the bridge's (UNL_OP_EBT;
 * ebtables.c), and ip_vs's, through which old ipvsadm and keepalived
 * manage IPVS where its generic netlink family is missing (UNL_OP_XT_GET,
 * UNL_OP_XT_SET; ip_vs_ctl.c).  The front ends forward each, whatever kernel socket it
 * was asked of, to the caller's net: none reaches the host's tables.
 */
#include <errno.h>
#include <sys/socket.h>

#include <linux/ip_vs.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter_arp/arp_tables.h>
#include <linux/netfilter_bridge/ebtables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/netlink.h>

#include "core/internal.h"
#include "proto/netfilter/ip_set.h"
#include "proto/netfilter/ebt_tables.h"
#include "proto/netfilter/xt_tables.h"
#include "proto/route/route-private.h"

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

int unl_xt_sockopt(struct unl_net *net, const struct unl_cred *who, int pf,
		   bool set, int optname, void *buf, size_t cap, uint32_t len,
		   uint32_t *out_len)
{
	int ret = -ENOPROTOOPT, nfproto;

	if (!net || !who || !buf || !out_len)
		return -EINVAL;
	*out_len = 0;
	/* ip_vs's (IP_VS_BASE_CTL and the 15 above it: wire.h) */
	if (pf == NFPROTO_IPV4 && optname >= IP_VS_BASE_CTL &&
	    optname <= IP_VS_BASE_CTL + 15) {
		net_lock(net);
		net->world->current = who;
		ret = rtnl_ipvs_sockopt(net, set, optname, buf, cap, len,
					out_len);
		net->world->current = NULL;
		net_unlock(net);
		return ret;
	}
	/* PF_INET's options of ip_tables and arp_tables, PF_INET6's of
	 * ip6_tables; ebtables' (PF_INET too) come by unl_ebt_sockopt(),
	 * their optval pointing at more than it holds */
	if (pf == NFPROTO_IPV4 && optname >= IPT_BASE_CTL &&
	    optname <= IPT_SO_GET_MAX)
		nfproto = NFPROTO_IPV4;
	else if (pf == NFPROTO_IPV4 && optname >= ARPT_BASE_CTL &&
		 optname <= ARPT_SO_GET_MAX)
		nfproto = NFPROTO_ARP;
	else if (pf == NFPROTO_IPV6 && optname >= IP6T_BASE_CTL &&
		 optname <= IP6T_SO_GET_MAX)
		nfproto = NFPROTO_IPV6;
	else
		return -ENOPROTOOPT;
	net_lock(net);
	if (unl_net_load_protocol(net, NETLINK_NETFILTER) == 0) {
		net->world->current = who;
		ret = xt_tables_sockopt(net, nfproto, set, optname, buf, cap,
					len, out_len);
		net->world->current = NULL;
	}
	net_unlock(net);
	return ret;
}

int unl_ebt_sockopt(struct unl_net *net, const struct unl_cred *who, bool set,
		    int optname, unsigned int flags, void *buf, size_t plen,
		    size_t cap, int32_t optlen, uint32_t *out_len)
{
	int ret = -ENOPROTOOPT;

	if (!net || !who || !buf || !out_len || plen > cap)
		return -EINVAL;
	*out_len = 0;
	if (optname < EBT_BASE_CTL)
		return -ENOPROTOOPT;
	net_lock(net);
	if (unl_net_load_protocol(net, NETLINK_NETFILTER) == 0) {
		net->world->current = who;
		ret = ebt_sockopt(net, set, optname, flags, buf, plen, cap,
				  optlen, out_len);
		net->world->current = NULL;
	}
	net_unlock(net);
	return ret;
}
