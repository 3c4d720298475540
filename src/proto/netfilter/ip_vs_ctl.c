// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "IPVS" generic netlink family (net/netfilter/ipvs/ip_vs_ctl.c),
 * per net: the virtual services, by (af, protocol, address, port) or by
 * firewall mark, their real servers (destinations), the protocol
 * timeouts and the sync daemons' configuration, as ipvsadm and
 * kube-proxy's ipvs mode manage them.  No packet passes, so every
 * counter, rate and connection count stays 0.
 *
 * The family is the world's, netnsok, registered where the kernel
 * profile has the ip_vs module (genl "IPVS"); the schedulers and the
 * persistence engine a service may name are the profile's "ipvs"
 * names.  As Linux's, the family has one policy for the command
 * attributes; the nested service, destination and daemon attributes
 * are parsed by hand with their own policies, liberally, and most
 * failures are a bare EINVAL without an extended ACK.
 *
 * Services are kept in two tables of 256 chains, hashed and ordered
 * as ip_vs_svc_hash() does (newest first in a chain), which fixes the
 * order of a dump; Linux mixes the address of the net's state into the
 * key, so its order differs from boot to boot, and ours is one of them.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/ip_vs.h>
#include <net/if.h>

#include <unetlink/files.h>
#include <unetlink/profile.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/route-private.h"

#define IPVS_TAB_BITS 8
#define IPVS_TAB_SIZE (1u << IPVS_TAB_BITS)
/* 1 << CONFIG_IP_VS_TAB_BITS, Debian's 12 (ip_vs_conn_tab_size) */
#define IPVS_CONN_TAB_SIZE 4096
/* IP_VS_SYNC_GROUP 224.0.0.81 and IP_VS_SYNC_PORT */
#define IPVS_SYNC_GROUP 0xe0000051u
#define IPVS_SYNC_PORT 8848
#define FTPPORT 21

struct ipvs_dest {
	struct ipvs_dest *next; /* newest first, as list_add_rcu() */
	uint16_t af;
	uint8_t addr[16];
	uint16_t port; /* network order */
	/* the conn_flags user space sets (IP_VS_CONN_F_DEST_MASK: the
	 * forwarding method, and through the socket options ONE_PACKET
	 * and NFCT) */
	uint32_t fwd;
	int32_t weight;
	uint32_t u_threshold, l_threshold;
	uint8_t tun_type;
	uint16_t tun_port; /* network order */
	uint16_t tun_flags;
};

struct ipvs_service {
	struct ipvs_service *next; /* in its chain, newest first */
	uint16_t af, protocol;
	uint8_t addr[16];
	uint16_t port; /* network order */
	uint32_t fwmark;
	uint32_t flags;   /* IP_VS_SVC_F_*, HASHED once in a table */
	/* seconds, as read back from svc->timeout (seconds * HZ in 32
	 * bits, which a large value overflows) */
	uint32_t timeout;
	uint32_t netmask; /* as given: a mask, or an IPv6 prefix length */
	char sched[IP_VS_SCHEDNAME_MAXLEN]; /* "" for none */
	char pe[IP_VS_PENAME_MAXLEN + 1];   /* "" for none */
	struct ipvs_dest *dests;
};

/* struct ipvs_sync_daemon_cfg */
struct ipvs_daemon {
	char mcast_ifn[IP_VS_IFNAME_MAXLEN];
	uint32_t syncid;
	uint16_t sync_maxlen, mcast_port;
	uint8_t mcast_ttl;
	uint16_t mcast_af;
	uint8_t mcast_group[16];
};

/* struct netns_ipvs, what the control plane keeps of it */
struct ipvs_net {
	struct ipvs_service *svc_tab[IPVS_TAB_SIZE];
	struct ipvs_service *fwm_tab[IPVS_TAB_SIZE];
	/* the TCP ESTABLISHED, TCP FIN_WAIT and UDP NORMAL timeouts, s */
	uint32_t tcp_timeout, tcp_fin_timeout, udp_timeout;
	unsigned int mixed_af_dests;
	uint32_t sync_state; /* IP_VS_STATE_MASTER | _BACKUP */
	struct ipvs_daemon mcfg, bcfg;
};

/* ip_vs_control_net_init() and the protocols' timeout tables. */
static struct ipvs_net *ipvs_net(struct unl_net *net)
{
	struct rtnl_net *rn = rtnl_net_of(net);

	if (!rn)
		return NULL;
	if (!rn->ipvs) {
		rn->ipvs = calloc(1, sizeof(*rn->ipvs));
		if (!rn->ipvs)
			return NULL;
		rn->ipvs->tcp_timeout = 15 * 60;
		rn->ipvs->tcp_fin_timeout = 2 * 60;
		rn->ipvs->udp_timeout = 5 * 60;
	}
	return rn->ipvs;
}

static void ipvs_service_free(struct ipvs_service *svc)
{
	while (svc->dests) {
		struct ipvs_dest *d = svc->dests;

		svc->dests = d->next;
		free(d);
	}
	free(svc);
}

static void ipvs_flush(struct ipvs_net *ipvs)
{
	for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++) {
		struct ipvs_service **tabs[2] = { &ipvs->svc_tab[i],
						  &ipvs->fwm_tab[i] };

		for (int t = 0; t < 2; t++)
			while (*tabs[t]) {
				struct ipvs_service *svc = *tabs[t];

				*tabs[t] = svc->next;
				ipvs_service_free(svc);
			}
	}
	ipvs->mixed_af_dests = 0;
}

void rtnl_ipvs_fini(struct rtnl_net *rn)
{
	rtnl_ipvs_sysctl_fini(rn);
	if (!rn->ipvs)
		return;
	ipvs_flush(rn->ipvs);
	free(rn->ipvs);
	rn->ipvs = NULL;
}

/* ---- policies ---- */

static const struct unl_nla_policy ipvs_cmd_policy[IPVS_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE] = { .type = UNL_NLA_NESTED },
	[IPVS_CMD_ATTR_DEST] = { .type = UNL_NLA_NESTED },
	[IPVS_CMD_ATTR_DAEMON] = { .type = UNL_NLA_NESTED },
	[IPVS_CMD_ATTR_TIMEOUT_TCP] = { .type = UNL_NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] = { .type = UNL_NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_UDP] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy ipvs_daemon_policy[IPVS_DAEMON_ATTR_MAX + 1] = {
	[IPVS_DAEMON_ATTR_STATE] = { .type = UNL_NLA_U32 },
	[IPVS_DAEMON_ATTR_MCAST_IFN] = { .type = UNL_NLA_NUL_STRING,
					 .len = IP_VS_IFNAME_MAXLEN - 1 },
	[IPVS_DAEMON_ATTR_SYNC_ID] = { .type = UNL_NLA_U32 },
	[IPVS_DAEMON_ATTR_SYNC_MAXLEN] = { .type = UNL_NLA_U16 },
	[IPVS_DAEMON_ATTR_MCAST_GROUP] = { .type = UNL_NLA_U32 },
	[IPVS_DAEMON_ATTR_MCAST_GROUP6] = { .len = 16 },
	[IPVS_DAEMON_ATTR_MCAST_PORT] = { .type = UNL_NLA_U16 },
	[IPVS_DAEMON_ATTR_MCAST_TTL] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy ipvs_svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF] = { .type = UNL_NLA_U16 },
	[IPVS_SVC_ATTR_PROTOCOL] = { .type = UNL_NLA_U16 },
	[IPVS_SVC_ATTR_ADDR] = { .type = UNL_NLA_BINARY, .len = 16 },
	[IPVS_SVC_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[IPVS_SVC_ATTR_FWMARK] = { .type = UNL_NLA_U32 },
	[IPVS_SVC_ATTR_SCHED_NAME] = { .type = UNL_NLA_NUL_STRING,
				       .len = IP_VS_SCHEDNAME_MAXLEN - 1 },
	[IPVS_SVC_ATTR_PE_NAME] = { .type = UNL_NLA_NUL_STRING,
				    .len = IP_VS_PENAME_MAXLEN },
	[IPVS_SVC_ATTR_FLAGS] = { .type = UNL_NLA_BINARY,
				  .len = sizeof(struct ip_vs_flags) },
	[IPVS_SVC_ATTR_TIMEOUT] = { .type = UNL_NLA_U32 },
	[IPVS_SVC_ATTR_NETMASK] = { .type = UNL_NLA_U32 },
	[IPVS_SVC_ATTR_STATS] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy ipvs_dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR] = { .type = UNL_NLA_BINARY, .len = 16 },
	[IPVS_DEST_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[IPVS_DEST_ATTR_FWD_METHOD] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_WEIGHT] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_U_THRESH] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_L_THRESH] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_ACTIVE_CONNS] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_INACT_CONNS] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_PERSIST_CONNS] = { .type = UNL_NLA_U32 },
	[IPVS_DEST_ATTR_STATS] = { .type = UNL_NLA_NESTED },
	[IPVS_DEST_ATTR_ADDR_FAMILY] = { .type = UNL_NLA_U16 },
	[IPVS_DEST_ATTR_TUN_TYPE] = { .type = UNL_NLA_U8 },
	[IPVS_DEST_ATTR_TUN_PORT] = { .type = UNL_NLA_U16 },
	[IPVS_DEST_ATTR_TUN_FLAGS] = { .type = UNL_NLA_U16 },
};

/* ---- addresses and lookups ---- */

static size_t ipvs_addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

/* ip_vs_addr_equal() */
static bool ipvs_addr_equal(uint16_t af, const uint8_t *a, const uint8_t *b)
{
	return !memcmp(a, b, ipvs_addr_len(af));
}

static uint32_t be32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/* ip_vs_svc_hashkey(), without the net's address (see the top) */
static unsigned int ipvs_svc_hashkey(uint16_t af, uint16_t protocol,
				     const uint8_t *addr, uint16_t port)
{
	unsigned int porth = ntohs(port);
	uint32_t ahash = be32_at(addr);

	if (af == AF_INET6)
		ahash = be32_at(addr) ^ be32_at(addr + 4) ^ be32_at(addr + 8) ^
			be32_at(addr + 12);
	return (protocol ^ ahash ^ (porth >> IPVS_TAB_BITS) ^ porth) &
	       (IPVS_TAB_SIZE - 1);
}

static struct ipvs_service **ipvs_chain(struct ipvs_net *ipvs,
					const struct ipvs_service *key)
{
	if (key->fwmark)
		return &ipvs->fwm_tab[key->fwmark & (IPVS_TAB_SIZE - 1)];
	return &ipvs->svc_tab[ipvs_svc_hashkey(key->af, key->protocol,
					       key->addr, key->port)];
}

/* __ip_vs_svc_fwm_find() and __ip_vs_service_find() */
static struct ipvs_service *ipvs_service_find(struct ipvs_net *ipvs,
					      const struct ipvs_service *key)
{
	for (struct ipvs_service *s = *ipvs_chain(ipvs, key); s; s = s->next) {
		if (s->af != key->af)
			continue;
		if (key->fwmark ? s->fwmark == key->fwmark
				: (ipvs_addr_equal(key->af, s->addr, key->addr) &&
				   s->port == key->port &&
				   s->protocol == key->protocol))
			return s;
	}
	return NULL;
}

/* ip_vs_lookup_dest() */
static struct ipvs_dest **ipvs_dest_find(struct ipvs_service *svc,
					 uint16_t af, const uint8_t *addr,
					 uint16_t port)
{
	for (struct ipvs_dest **p = &svc->dests; *p; p = &(*p)->next)
		if ((*p)->af == af && ipvs_addr_equal(af, (*p)->addr, addr) &&
		    (*p)->port == port)
			return p;
	return NULL;
}

/* ip_vs_is_af_valid(): IPv6 is taken to be built in (IP_VS_IPV6), as
 * every distribution's kernel has it. */
static bool ipvs_af_valid(unsigned int af)
{
	return af == AF_INET || af == AF_INET6;
}

/* ---- parsing a request ---- */

/* struct ip_vs_service_user_kern, and whether the full entry came */
struct ipvs_svc_req {
	struct ipvs_service key; /* af, protocol, addr, port, fwmark */
	uint32_t flags, timeout, netmask;
	const char *sched, *pe;
};

/* ip_vs_genl_parse_service(): the service named (NULL when none is),
 * in *found; 0 or -errno, bare as Linux's. */
static int ipvs_parse_service(struct ipvs_net *ipvs, const struct nlattr *nla,
			      bool full, struct ipvs_svc_req *u,
			      struct ipvs_service **found)
{
	const struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	const struct nlattr *a;
	struct ip_vs_flags flags = { 0 };

	*found = NULL;
	if (!nla || unl_nla_parse_nested(tb, IPVS_SVC_ATTR_MAX, nla,
					 ipvs_svc_policy,
					 UNL_VALIDATE_LIBERAL, NULL))
		return -EINVAL;
	if (!tb[IPVS_SVC_ATTR_AF] ||
	    !(tb[IPVS_SVC_ATTR_FWMARK] ||
	      (tb[IPVS_SVC_ATTR_PORT] && tb[IPVS_SVC_ATTR_PROTOCOL] &&
	       tb[IPVS_SVC_ATTR_ADDR])))
		return -EINVAL;
	memset(u, 0, sizeof(*u));
	u->key.af = unl_nla_get_u16(tb[IPVS_SVC_ATTR_AF]);
	if (!ipvs_af_valid(u->key.af))
		return -EAFNOSUPPORT;
	if (tb[IPVS_SVC_ATTR_FWMARK]) {
		u->key.protocol = IPPROTO_TCP;
		u->key.fwmark = unl_nla_get_u32(tb[IPVS_SVC_ATTR_FWMARK]);
	} else {
		a = tb[IPVS_SVC_ATTR_ADDR];
		u->key.protocol = unl_nla_get_u16(tb[IPVS_SVC_ATTR_PROTOCOL]);
		memcpy(u->key.addr, unl_nla_data(a),
		       unl_nla_len(a) < 16 ? (size_t)unl_nla_len(a) : 16);
		memcpy(&u->key.port, unl_nla_data(tb[IPVS_SVC_ATTR_PORT]), 2);
	}
	*found = ipvs_service_find(ipvs, &u->key);
	if (!full)
		return 0;
	if (!tb[IPVS_SVC_ATTR_SCHED_NAME] || !tb[IPVS_SVC_ATTR_FLAGS] ||
	    !tb[IPVS_SVC_ATTR_TIMEOUT] || !tb[IPVS_SVC_ATTR_NETMASK])
		return -EINVAL;
	a = tb[IPVS_SVC_ATTR_FLAGS];
	memcpy(&flags, unl_nla_data(a),
	       unl_nla_len(a) < (int)sizeof(flags) ? (size_t)unl_nla_len(a)
						   : sizeof(flags));
	if (*found)
		u->flags = (*found)->flags;
	u->flags = (u->flags & ~flags.mask) | (flags.flags & flags.mask);
	u->sched = unl_nla_data(tb[IPVS_SVC_ATTR_SCHED_NAME]);
	u->pe = tb[IPVS_SVC_ATTR_PE_NAME]
			? unl_nla_data(tb[IPVS_SVC_ATTR_PE_NAME])
			: NULL;
	u->timeout = unl_nla_get_u32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	memcpy(&u->netmask, unl_nla_data(tb[IPVS_SVC_ATTR_NETMASK]), 4);
	return 0;
}

/* struct ip_vs_dest_user_kern */
struct ipvs_dest_req {
	uint16_t af;
	uint8_t addr[16];
	uint16_t port;
	uint32_t fwd;
	int32_t weight;
	uint32_t u_threshold, l_threshold;
	uint8_t tun_type;
	uint16_t tun_port, tun_flags;
};

/* ip_vs_genl_parse_dest() */
static int ipvs_parse_dest(const struct nlattr *nla, bool full,
			   struct ipvs_dest_req *u)
{
	const struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];
	const struct nlattr *a;

	if (!nla || unl_nla_parse_nested(tb, IPVS_DEST_ATTR_MAX, nla,
					 ipvs_dest_policy,
					 UNL_VALIDATE_LIBERAL, NULL))
		return -EINVAL;
	if (!tb[IPVS_DEST_ATTR_ADDR] || !tb[IPVS_DEST_ATTR_PORT])
		return -EINVAL;
	memset(u, 0, sizeof(*u));
	a = tb[IPVS_DEST_ATTR_ADDR];
	memcpy(u->addr, unl_nla_data(a),
	       unl_nla_len(a) < 16 ? (size_t)unl_nla_len(a) : 16);
	memcpy(&u->port, unl_nla_data(tb[IPVS_DEST_ATTR_PORT]), 2);
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY])
		u->af = unl_nla_get_u16(tb[IPVS_DEST_ATTR_ADDR_FAMILY]);
	if (!full)
		return 0;
	if (!tb[IPVS_DEST_ATTR_FWD_METHOD] || !tb[IPVS_DEST_ATTR_WEIGHT] ||
	    !tb[IPVS_DEST_ATTR_U_THRESH] || !tb[IPVS_DEST_ATTR_L_THRESH])
		return -EINVAL;
	u->fwd = unl_nla_get_u32(tb[IPVS_DEST_ATTR_FWD_METHOD]) &
		 IP_VS_CONN_F_FWD_MASK;
	u->weight = (int32_t)unl_nla_get_u32(tb[IPVS_DEST_ATTR_WEIGHT]);
	u->u_threshold = unl_nla_get_u32(tb[IPVS_DEST_ATTR_U_THRESH]);
	u->l_threshold = unl_nla_get_u32(tb[IPVS_DEST_ATTR_L_THRESH]);
	if (tb[IPVS_DEST_ATTR_TUN_TYPE])
		u->tun_type = unl_nla_get_u8(tb[IPVS_DEST_ATTR_TUN_TYPE]);
	if (tb[IPVS_DEST_ATTR_TUN_PORT])
		memcpy(&u->tun_port, unl_nla_data(tb[IPVS_DEST_ATTR_TUN_PORT]),
		       2);
	if (tb[IPVS_DEST_ATTR_TUN_FLAGS])
		u->tun_flags = unl_nla_get_u16(tb[IPVS_DEST_ATTR_TUN_FLAGS]);
	return 0;
}

/* ---- services ---- */

/* ip_vs_scheduler_get() and ip_vs_pe_getbyname(): the modules the
 * profile's kernel has; a name it lacks is ENOENT, as a module
 * request that finds nothing. */
static bool ipvs_sched_known(struct unl_net *net, const char *name)
{
	return unl_profile_has(unl_net_profile(net), UNL_PROFILE_IPVS, name);
}

/* what ip_vs_add_service() and ip_vs_edit_service() check first */
static int ipvs_check_service(struct unl_net *net, const struct ipvs_svc_req *u)
{
	uint32_t plen = u->netmask;

	if (strcmp(u->sched, "none") && !ipvs_sched_known(net, u->sched))
		return -ENOENT;
	/* the persistence engines are named by their module ip_vs_pe_NAME */
	if (u->pe && *u->pe && !ipvs_sched_known(net, u->pe))
		return -ENOENT;
	if (u->key.af == AF_INET6 && (plen < 1 || plen > 128))
		return -EINVAL;
	return 0;
}

static void ipvs_service_set(struct unl_net *net, struct ipvs_service *svc,
			     const struct ipvs_svc_req *u)
{
	const uint32_t hz = (uint32_t)unl_net_hz(net);

	svc->timeout = u->timeout * hz / hz;
	svc->netmask = u->netmask;
	if (strcmp(u->sched, "none"))
		strcpy(svc->sched, u->sched);
	else
		svc->sched[0] = '\0';
	if (u->pe && *u->pe)
		strcpy(svc->pe, u->pe);
	else
		svc->pe[0] = '\0';
}

/* ip_vs_add_service() */
static int ipvs_add_service(struct unl_net *net, struct ipvs_net *ipvs,
			    const struct ipvs_svc_req *u)
{
	struct ipvs_service *svc;
	struct ipvs_service **chain;
	int err = ipvs_check_service(net, u);

	if (err)
		return err;
	svc = calloc(1, sizeof(*svc));
	if (!svc)
		return -ENOMEM;
	svc->af = u->key.af;
	svc->protocol = u->key.protocol;
	memcpy(svc->addr, u->key.addr, ipvs_addr_len(u->key.af));
	svc->port = u->key.port;
	svc->fwmark = u->key.fwmark;
	svc->flags = (u->flags & ~IP_VS_SVC_F_HASHED) | IP_VS_SVC_F_HASHED;
	ipvs_service_set(net, svc, u);
	chain = ipvs_chain(ipvs, svc);
	svc->next = *chain;
	*chain = svc;
	return 0;
}

/* ip_vs_edit_service() */
static int ipvs_edit_service(struct unl_net *net, struct ipvs_service *svc,
			     const struct ipvs_svc_req *u)
{
	int err = ipvs_check_service(net, u);

	if (err)
		return err;
	svc->flags = u->flags | IP_VS_SVC_F_HASHED;
	ipvs_service_set(net, svc, u);
	return 0;
}

static void ipvs_dest_unlinked(struct ipvs_net *ipvs,
			       const struct ipvs_service *svc,
			       const struct ipvs_dest *d)
{
	if (d->af != svc->af && ipvs->mixed_af_dests)
		ipvs->mixed_af_dests--;
}

/* ip_vs_del_service() */
static void ipvs_del_service(struct ipvs_net *ipvs, struct ipvs_service *svc)
{
	struct ipvs_service **p = ipvs_chain(ipvs, svc);

	while (*p != svc)
		p = &(*p)->next;
	*p = svc->next;
	for (struct ipvs_dest *d = svc->dests; d; d = d->next)
		ipvs_dest_unlinked(ipvs, svc, d);
	ipvs_service_free(svc);
}

/* ---- destinations ---- */

/* ipv6_addr_type(): unicast, and not link-local */
static bool ipv6_unicast_not_ll(const uint8_t *a)
{
	static const uint8_t zero[10];
	uint8_t top = a[0] & 0xe0;

	if (top != 0x00 && top != 0xe0)
		return true;
	if (a[0] == 0xff)
		return false;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return false; /* link-local */
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return true; /* site-local */
	if ((a[0] & 0xfe) == 0xfc)
		return true;
	if (!memcmp(a, zero, 8)) {
		if (!memcmp(a + 8, zero, 4)) {
			for (int i = 12; i < 16; i++)
				if (a[i])
					return true; /* loopback, compat */
			return false; /* any */
		}
		if (!memcmp(a + 8, zero, 2) && a[10] == 0xff && a[11] == 0xff)
			return false; /* v4-mapped */
	}
	return true;
}

/* ip_vs_new_dest()'s check of the address: a local or unicast IPv4
 * one (inet_addr_type()), a unicast IPv6 one that is not link-local
 * unless the net has it. */
static int ipvs_dest_addr_ok(struct unl_net *net, const struct ipvs_dest_req *u)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	int type;

	if (!rn)
		return -ENOMEM;
	if (u->af == AF_INET6)
		return ipv6_unicast_not_ll(u->addr) ||
			       rtnl_addr_find_local(rn, AF_INET6, u->addr)
			       ? 0
			       : -EINVAL;
	type = rtnl_inet_addr_type(rn, 0, u->addr, RT_TABLE_LOCAL);
	return type == RTN_LOCAL || type == RTN_UNICAST ? 0 : -EINVAL;
}

/* what ip_vs_add_dest() and ip_vs_edit_dest() check first */
static int ipvs_check_dest(const struct ipvs_dest_req *u)
{
	if (u->weight < 0)
		return -ERANGE;
	if (u->l_threshold > u->u_threshold)
		return -ERANGE;
	if (u->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE && !u->tun_port)
		return -EINVAL;
	return 0;
}

/* __ip_vs_update_dest() */
static void ipvs_dest_set(struct ipvs_dest *d, const struct ipvs_dest_req *u)
{
	d->weight = u->weight;
	d->fwd = u->fwd;
	d->tun_type = u->tun_type;
	d->tun_port = u->tun_port;
	d->tun_flags = u->tun_flags;
	d->u_threshold = u->u_threshold;
	d->l_threshold = u->l_threshold;
}

/* ip_vs_add_dest() with ip_vs_new_dest() */
static int ipvs_add_dest(struct unl_net *net, struct ipvs_net *ipvs,
			 struct ipvs_service *svc,
			 const struct ipvs_dest_req *u)
{
	struct ipvs_dest *d;
	int err = ipvs_check_dest(u);

	if (err)
		return err;
	if (ipvs_dest_find(svc, u->af, u->addr, u->port))
		return -EEXIST;
	err = ipvs_dest_addr_ok(net, u);
	if (err)
		return err;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->af = u->af;
	memcpy(d->addr, u->addr, ipvs_addr_len(u->af));
	d->port = u->port;
	ipvs_dest_set(d, u);
	if (u->af != svc->af)
		ipvs->mixed_af_dests++;
	d->next = svc->dests;
	svc->dests = d;
	return 0;
}

/* ip_vs_edit_dest() */
static int ipvs_edit_dest(struct ipvs_service *svc,
			  const struct ipvs_dest_req *u)
{
	struct ipvs_dest **p;
	int err = ipvs_check_dest(u);

	if (err)
		return err;
	p = ipvs_dest_find(svc, u->af, u->addr, u->port);
	if (!p)
		return -ENOENT;
	ipvs_dest_set(*p, u);
	return 0;
}

/* ip_vs_del_dest() */
static int ipvs_del_dest(struct ipvs_net *ipvs, struct ipvs_service *svc,
			 const struct ipvs_dest_req *u)
{
	struct ipvs_dest **p = ipvs_dest_find(svc, u->af, u->addr, u->port);
	struct ipvs_dest *d;

	if (!p)
		return -ENOENT;
	d = *p;
	*p = d->next;
	ipvs_dest_unlinked(ipvs, svc, d);
	free(d);
	return 0;
}

/* ---- writing ---- */

/* ip_vs_genl_fill_stats() and _stats64(): no packet ever counted */
static int ipvs_fill_stats(struct unl_skb *skb, int type, bool wide)
{
	static const int u32s[] = {
		IPVS_STATS_ATTR_CONNS, IPVS_STATS_ATTR_INPKTS,
		IPVS_STATS_ATTR_OUTPKTS, IPVS_STATS_ATTR_INBYTES,
		IPVS_STATS_ATTR_OUTBYTES, IPVS_STATS_ATTR_CPS,
		IPVS_STATS_ATTR_INPPS, IPVS_STATS_ATTR_OUTPPS,
		IPVS_STATS_ATTR_INBPS, IPVS_STATS_ATTR_OUTBPS,
	};
	struct nlattr *nest = nla_nest_start_noflag(skb, type);

	if (!nest)
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		bool u64 = wide || u32s[i] == IPVS_STATS_ATTR_INBYTES ||
			   u32s[i] == IPVS_STATS_ATTR_OUTBYTES;
		int err = u64 ? unl_nla_put_u64(skb, u32s[i], 0,
						IPVS_STATS_ATTR_PAD)
			      : unl_nla_put_u32(skb, u32s[i], 0);

		if (err) {
			unl_nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ip_vs_genl_fill_service() */
static int ipvs_fill_service(struct unl_skb *skb, const struct ipvs_service *svc)
{
	struct ip_vs_flags flags = { .flags = svc->flags, .mask = ~0u };
	struct nlattr *nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_SERVICE);
	int err;

	if (!nest)
		return -EMSGSIZE;
	err = unl_nla_put_u16(skb, IPVS_SVC_ATTR_AF, svc->af);
	if (!err && svc->fwmark)
		err = unl_nla_put_u32(skb, IPVS_SVC_ATTR_FWMARK, svc->fwmark);
	else if (!err)
		err = unl_nla_put_u16(skb, IPVS_SVC_ATTR_PROTOCOL,
				      svc->protocol) ||
		      unl_nla_put(skb, IPVS_SVC_ATTR_ADDR, 16, svc->addr) ||
		      unl_nla_put_be16(skb, IPVS_SVC_ATTR_PORT, svc->port);
	if (err ||
	    unl_nla_put_string(skb, IPVS_SVC_ATTR_SCHED_NAME,
			       svc->sched[0] ? svc->sched : "none") ||
	    (svc->pe[0] &&
	     unl_nla_put_string(skb, IPVS_SVC_ATTR_PE_NAME, svc->pe)) ||
	    unl_nla_put(skb, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags) ||
	    unl_nla_put_u32(skb, IPVS_SVC_ATTR_TIMEOUT, svc->timeout) ||
	    unl_nla_put_be32(skb, IPVS_SVC_ATTR_NETMASK, svc->netmask) ||
	    ipvs_fill_stats(skb, IPVS_SVC_ATTR_STATS, false) ||
	    ipvs_fill_stats(skb, IPVS_SVC_ATTR_STATS64, true)) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ip_vs_genl_fill_dest() */
static int ipvs_fill_dest(struct unl_skb *skb, const struct ipvs_dest *d)
{
	struct nlattr *nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_DEST);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put(skb, IPVS_DEST_ATTR_ADDR, 16, d->addr) ||
	    unl_nla_put_be16(skb, IPVS_DEST_ATTR_PORT, d->port) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_FWD_METHOD,
			    d->fwd & IP_VS_CONN_F_FWD_MASK) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight) ||
	    unl_nla_put_u8(skb, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type) ||
	    unl_nla_put_be16(skb, IPVS_DEST_ATTR_TUN_PORT, d->tun_port) ||
	    unl_nla_put_u16(skb, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_U_THRESH, d->u_threshold) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_L_THRESH, d->l_threshold) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_ACTIVE_CONNS, 0) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_INACT_CONNS, 0) ||
	    unl_nla_put_u32(skb, IPVS_DEST_ATTR_PERSIST_CONNS, 0) ||
	    unl_nla_put_u16(skb, IPVS_DEST_ATTR_ADDR_FAMILY, d->af) ||
	    ipvs_fill_stats(skb, IPVS_DEST_ATTR_STATS, false) ||
	    ipvs_fill_stats(skb, IPVS_DEST_ATTR_STATS64, true)) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ip_vs_genl_fill_daemon() */
static int ipvs_fill_daemon(struct unl_skb *skb, uint32_t state,
			    const struct ipvs_daemon *c)
{
	struct nlattr *nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_DAEMON);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, IPVS_DAEMON_ATTR_STATE, state) ||
	    unl_nla_put_string(skb, IPVS_DAEMON_ATTR_MCAST_IFN, c->mcast_ifn) ||
	    unl_nla_put_u32(skb, IPVS_DAEMON_ATTR_SYNC_ID, c->syncid) ||
	    unl_nla_put_u16(skb, IPVS_DAEMON_ATTR_SYNC_MAXLEN, c->sync_maxlen) ||
	    unl_nla_put_u16(skb, IPVS_DAEMON_ATTR_MCAST_PORT, c->mcast_port) ||
	    unl_nla_put_u8(skb, IPVS_DAEMON_ATTR_MCAST_TTL, c->mcast_ttl) ||
	    (c->mcast_af == AF_INET6 &&
	     unl_nla_put(skb, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16,
			 c->mcast_group)) ||
	    (c->mcast_af == AF_INET &&
	     unl_nla_put(skb, IPVS_DAEMON_ATTR_MCAST_GROUP, 4,
			 c->mcast_group))) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- the sync daemons ---- */

static int ipvs_start_daemon(struct rtnl_net *rn, struct ipvs_net *ipvs,
			     struct ipvs_daemon c, uint32_t state);

/* ip_vs_genl_new_daemon() with start_sync_thread(): the configuration
 * is checked and kept, and the state reported; no thread runs and no
 * socket is made, and what making them could refuse is refused here:
 * a master sends through its interface, which must be up. */
static int ipvs_new_daemon(struct unl_net *net, struct ipvs_net *ipvs,
			   const struct nlattr **tb)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	struct ipvs_daemon c = { 0 };
	const struct nlattr *a;

	if (!tb[IPVS_DAEMON_ATTR_STATE] || !tb[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !tb[IPVS_DAEMON_ATTR_SYNC_ID])
		return -EINVAL;
	if (!rn)
		return -ENOMEM;
	strncpy(c.mcast_ifn, unl_nla_data(tb[IPVS_DAEMON_ATTR_MCAST_IFN]),
		sizeof(c.mcast_ifn) - 1);
	c.syncid = unl_nla_get_u32(tb[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		c.sync_maxlen = unl_nla_get_u16(tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if ((a = tb[IPVS_DAEMON_ATTR_MCAST_GROUP])) {
		c.mcast_af = AF_INET;
		memcpy(c.mcast_group, unl_nla_data(a), 4);
		if ((c.mcast_group[0] & 0xf0) != 0xe0)
			return -EINVAL;
	} else if ((a = tb[IPVS_DAEMON_ATTR_MCAST_GROUP6])) {
		c.mcast_af = AF_INET6;
		memcpy(c.mcast_group, unl_nla_data(a), 16);
		if (c.mcast_group[0] != 0xff)
			return -EINVAL;
	}
	if (tb[IPVS_DAEMON_ATTR_MCAST_PORT])
		c.mcast_port = unl_nla_get_u16(tb[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (tb[IPVS_DAEMON_ATTR_MCAST_TTL])
		c.mcast_ttl = unl_nla_get_u8(tb[IPVS_DAEMON_ATTR_MCAST_TTL]);
	if (ipvs->mixed_af_dests)
		return -EINVAL;
	return ipvs_start_daemon(rn, ipvs, c,
				 unl_nla_get_u32(tb[IPVS_DAEMON_ATTR_STATE]));
}

/* start_sync_thread(): what the configuration leaves 0 takes its
 * default, the interface must be there */
static int ipvs_start_daemon(struct rtnl_net *rn, struct ipvs_net *ipvs,
			     struct ipvs_daemon c, uint32_t state)
{
	const struct rtnl_link *dev;
	uint32_t mtu, min_mtu, hlen, max;

	if (!c.mcast_af) {
		uint32_t group = htonl(IPVS_SYNC_GROUP);

		c.mcast_af = AF_INET;
		memcpy(c.mcast_group, &group, 4);
	}
	if (!c.mcast_port)
		c.mcast_port = IPVS_SYNC_PORT;
	if (!c.mcast_ttl)
		c.mcast_ttl = 1;
	dev = rtnl_link_by_name(rn, c.mcast_ifn);
	if (!dev)
		return -ENODEV;
	hlen = c.mcast_af == AF_INET6 ? 40 + 8 : 20 + 8;
	mtu = 1500;
	min_mtu = 1;
	if (state == IP_VS_STATE_BACKUP) {
		mtu = dev->mtu < 1500 ? 1500 : dev->mtu > 65535 ? 65535 : dev->mtu;
		min_mtu = 1024;
	}
	max = 65535 - hlen;
	if (c.sync_maxlen)
		c.sync_maxlen = (uint16_t)(c.sync_maxlen < min_mtu ? min_mtu
					   : c.sync_maxlen > max ? max
								 : c.sync_maxlen);
	else
		c.sync_maxlen = (uint16_t)(mtu - hlen);
	if (state != IP_VS_STATE_MASTER && state != IP_VS_STATE_BACKUP)
		return -EINVAL;
	if (ipvs->sync_state & state)
		return -EEXIST;
	/* make_send_sock(): connecting toward the group routes through
	 * the interface, down is ENETUNREACH */
	if (state == IP_VS_STATE_MASTER && !(dev->flags & IFF_UP))
		return -ENETUNREACH;
	if (state == IP_VS_STATE_MASTER)
		ipvs->mcfg = c;
	else
		ipvs->bcfg = c;
	ipvs->sync_state |= state;
	return 0;
}

/* stop_sync_thread() */
static int ipvs_stop_daemon(struct ipvs_net *ipvs, uint32_t state)
{
	if (state != IP_VS_STATE_MASTER && state != IP_VS_STATE_BACKUP)
		return -EINVAL;
	if (!(ipvs->sync_state & state))
		return -ESRCH;
	ipvs->sync_state &= ~state;
	return 0;
}

/* ip_vs_genl_del_daemon() */
static int ipvs_del_daemon(struct ipvs_net *ipvs, const struct nlattr **tb)
{
	if (!tb[IPVS_DAEMON_ATTR_STATE])
		return -EINVAL;
	return ipvs_stop_daemon(ipvs,
				unl_nla_get_u32(tb[IPVS_DAEMON_ATTR_STATE]));
}

/* ip_vs_genl_set_daemon(): a nest that does not parse is EINVAL, with
 * the parser's extended ACK */
static int ipvs_set_daemon_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr *tb[IPVS_DAEMON_ATTR_MAX + 1];
	struct ipvs_net *ipvs = ipvs_net(info->net);
	const struct nlattr *nla = info->attrs[IPVS_CMD_ATTR_DAEMON];

	(void)skb;
	if (!ipvs)
		return -ENOMEM;
	if (!nla || unl_nla_parse_nested(tb, IPVS_DAEMON_ATTR_MAX, nla,
					 ipvs_daemon_policy,
					 UNL_VALIDATE_LIBERAL, info->extack))
		return -EINVAL;
	if (info->genlhdr->cmd == IPVS_CMD_NEW_DAEMON)
		return ipvs_new_daemon(info->net, ipvs, tb);
	return ipvs_del_daemon(ipvs, tb);
}

/* ip_vs_genl_dump_daemons(): the master, then the backup */
static int ipvs_get_daemon_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ipvs_net *ipvs = ipvs_net(info->net);
	static const uint32_t states[2] = { IP_VS_STATE_MASTER,
					    IP_VS_STATE_BACKUP };

	if (!ipvs)
		return -ENOMEM;
	for (int i = 0; i < 2; i++) {
		void *hdr;

		if (!(ipvs->sync_state & states[i]) || cb->args[i])
			continue;
		hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
				      cb->nlh->nlmsg_seq, info->family,
				      NLM_F_MULTI, IPVS_CMD_NEW_DAEMON);
		if (!hdr)
			break;
		if (ipvs_fill_daemon(skb, states[i],
				     i ? &ipvs->bcfg : &ipvs->mcfg)) {
			unl_genlmsg_cancel(skb, hdr);
			break;
		}
		unl_genlmsg_end(skb, hdr);
		cb->args[i] = 1;
	}
	return (int)unl_skb_len(skb);
}

/* ---- the commands on services and destinations ---- */

/* ip_vs_set_timeout(): TCP's, TCP FIN_WAIT's and UDP's, in seconds; 0
 * keeps a value */
static int ipvs_set_timeouts(struct unl_net *net, struct ipvs_net *ipvs,
			     const int32_t t[3])
{
	uint32_t *vals[3] = { &ipvs->tcp_timeout, &ipvs->tcp_fin_timeout,
			      &ipvs->udp_timeout };

	for (int i = 0; i < 3; i++)
		if (t[i] < 0 || t[i] > INT_MAX / unl_net_hz(net))
			return -EINVAL;
	for (int i = 0; i < 3; i++)
		if (t[i])
			*vals[i] = (uint32_t)t[i];
	return 0;
}

/* ip_vs_genl_set_config(): an attribute left out keeps its value */
static int ipvs_set_config(struct unl_net *net, struct ipvs_net *ipvs,
			   const struct unl_genl_info *info)
{
	static const int types[3] = { IPVS_CMD_ATTR_TIMEOUT_TCP,
				      IPVS_CMD_ATTR_TIMEOUT_TCP_FIN,
				      IPVS_CMD_ATTR_TIMEOUT_UDP };
	int32_t t[3] = { 0 };

	for (int i = 0; i < 3; i++)
		if (info->attrs[types[i]])
			t[i] = (int32_t)unl_nla_get_u32(info->attrs[types[i]]);
	return ipvs_set_timeouts(net, ipvs, t);
}

/* Whether the destination's family may differ from the service's. */
static int ipvs_dest_af_check(const struct ipvs_net *ipvs,
			      const struct ipvs_service *svc,
			      const struct ipvs_dest_req *u, uint8_t cmd)
{
	if (!ipvs_af_valid(u->af))
		return -EAFNOSUPPORT;
	if (u->af == svc->af || cmd == IPVS_CMD_DEL_DEST)
		return 0;
	/* the sync protocol knows one family; IPIP carries either */
	if (ipvs->sync_state || u->fwd != IP_VS_CONN_F_TUNNEL)
		return -EINVAL;
	return 0;
}

/* ip_vs_genl_set_cmd() */
static int ipvs_set_cmd_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ipvs_net *ipvs = ipvs_net(info->net);
	uint8_t cmd = info->genlhdr->cmd;
	struct ipvs_service *svc;
	struct ipvs_svc_req usvc;
	struct ipvs_dest_req udest;
	int err;

	(void)skb;
	if (!ipvs)
		return -ENOMEM;
	if (cmd == IPVS_CMD_FLUSH) {
		ipvs_flush(ipvs);
		return 0;
	}
	if (cmd == IPVS_CMD_SET_CONFIG)
		return ipvs_set_config(info->net, ipvs, info);
	if (cmd == IPVS_CMD_ZERO && !info->attrs[IPVS_CMD_ATTR_SERVICE])
		return 0; /* ip_vs_zero_all(): nothing was counted */

	err = ipvs_parse_service(ipvs, info->attrs[IPVS_CMD_ATTR_SERVICE],
				 cmd == IPVS_CMD_NEW_SERVICE ||
					 cmd == IPVS_CMD_SET_SERVICE,
				 &usvc, &svc);
	if (err)
		return err;
	if (cmd != IPVS_CMD_NEW_SERVICE && !svc)
		return -ESRCH;
	if (cmd == IPVS_CMD_NEW_DEST || cmd == IPVS_CMD_SET_DEST ||
	    cmd == IPVS_CMD_DEL_DEST) {
		err = ipvs_parse_dest(info->attrs[IPVS_CMD_ATTR_DEST],
				      cmd != IPVS_CMD_DEL_DEST, &udest);
		if (err)
			return err;
		if (!udest.af)
			udest.af = svc->af;
		err = ipvs_dest_af_check(ipvs, svc, &udest, cmd);
		if (err)
			return err;
	}
	switch (cmd) {
	case IPVS_CMD_NEW_SERVICE:
		return svc ? -EEXIST : ipvs_add_service(info->net, ipvs, &usvc);
	case IPVS_CMD_SET_SERVICE:
		return ipvs_edit_service(info->net, svc, &usvc);
	case IPVS_CMD_DEL_SERVICE:
		ipvs_del_service(ipvs, svc);
		return 0;
	case IPVS_CMD_NEW_DEST:
		return ipvs_add_dest(info->net, ipvs, svc, &udest);
	case IPVS_CMD_SET_DEST:
		return ipvs_edit_dest(svc, &udest);
	case IPVS_CMD_DEL_DEST:
		return ipvs_del_dest(ipvs, svc, &udest);
	case IPVS_CMD_ZERO:
		return 0; /* ip_vs_zero_service() */
	default:
		return -EINVAL;
	}
}

/* ip_vs_genl_get_cmd(): GET_SERVICE, GET_CONFIG and GET_INFO */
static int ipvs_get_cmd_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ipvs_net *ipvs = ipvs_net(info->net);
	uint8_t cmd = info->genlhdr->cmd;
	struct ipvs_service *svc = NULL;
	struct unl_skb *msg;
	int err = 0;
	uint8_t reply_cmd = cmd == IPVS_CMD_GET_SERVICE  ? IPVS_CMD_NEW_SERVICE
			    : cmd == IPVS_CMD_GET_INFO ? IPVS_CMD_SET_INFO
						       : IPVS_CMD_SET_CONFIG;
	void *hdr;

	(void)skb;
	if (!ipvs)
		return -ENOMEM;
	if (cmd == IPVS_CMD_GET_SERVICE) {
		struct ipvs_svc_req u;

		err = ipvs_parse_service(ipvs,
					 info->attrs[IPVS_CMD_ATTR_SERVICE],
					 false, &u, &svc);
		if (err)
			return err;
		if (!svc)
			return -ESRCH;
	}
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0, reply_cmd);
	if (!hdr)
		err = -EMSGSIZE;
	else if (svc)
		err = ipvs_fill_service(msg, svc);
	else if (cmd == IPVS_CMD_GET_CONFIG)
		err = unl_nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP,
				      ipvs->tcp_timeout) ||
		      unl_nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN,
				      ipvs->tcp_fin_timeout) ||
		      unl_nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP,
				      ipvs->udp_timeout)
			      ? -EMSGSIZE
			      : 0;
	else
		err = unl_nla_put_u32(msg, IPVS_INFO_ATTR_VERSION,
				      IP_VS_VERSION_CODE) ||
		      unl_nla_put_u32(msg, IPVS_INFO_ATTR_CONN_TAB_SIZE,
				      IPVS_CONN_TAB_SIZE)
			      ? -EMSGSIZE
			      : 0;
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

/* ip_vs_genl_dump_services(): the address table, then the fwmark one;
 * args[0] counts the services already given. */
static int ipvs_get_service_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ipvs_net *ipvs = ipvs_net(info->net);
	long idx = 0;

	if (!ipvs)
		return -ENOMEM;
	for (int t = 0; t < 2; t++)
		for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++)
			for (const struct ipvs_service *s =
				     t ? ipvs->fwm_tab[i] : ipvs->svc_tab[i];
			     s; s = s->next) {
				void *hdr;

				if (++idx <= cb->args[0])
					continue;
				hdr = unl_genlmsg_put(
					skb, unl_skb_cb(cb->skb)->portid,
					cb->nlh->nlmsg_seq, info->family,
					NLM_F_MULTI, IPVS_CMD_NEW_SERVICE);
				if (hdr && !ipvs_fill_service(skb, s)) {
					unl_genlmsg_end(skb, hdr);
					continue;
				}
				if (hdr)
					unl_genlmsg_cancel(skb, hdr);
				cb->args[0] = idx - 1;
				return (int)unl_skb_len(skb);
			}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* ip_vs_genl_dump_dests(): the request is parsed here (the family does
 * not validate dumps); one that does not parse, or names no service,
 * dumps nothing. */
static int ipvs_get_dest_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ipvs_net *ipvs = ipvs_net(info->net);
	const struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	struct ipvs_service *svc;
	struct ipvs_svc_req u;
	long idx = 0;

	if (!ipvs)
		return -ENOMEM;
	if (unl_nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, IPVS_CMD_ATTR_MAX,
			    ipvs_cmd_policy, UNL_VALIDATE_LIBERAL, cb->extack) ||
	    ipvs_parse_service(ipvs, tb[IPVS_CMD_ATTR_SERVICE], false, &u,
			       &svc) ||
	    !svc)
		return (int)unl_skb_len(skb);
	for (const struct ipvs_dest *d = svc->dests; d; d = d->next) {
		void *hdr;

		if (++idx <= cb->args[0])
			continue;
		hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
				      cb->nlh->nlmsg_seq, info->family,
				      NLM_F_MULTI, IPVS_CMD_NEW_DEST);
		if (hdr && !ipvs_fill_dest(skb, d)) {
			unl_genlmsg_end(skb, hdr);
			continue;
		}
		if (hdr)
			unl_genlmsg_cancel(skb, hdr);
		idx--;
		break;
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* ---- the family ---- */

#define IPVS_VALIDATE                                                      \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)
#define IPVS_OP(c, d, u)                                                   \
	{ .cmd = (c), .validate = IPVS_VALIDATE, .flags = GENL_ADMIN_PERM, \
	  .doit = (d), .dumpit = (u) }

/* ip_vs_genl_ops[] */
static const struct unl_genl_ops ipvs_ops[] = {
	IPVS_OP(IPVS_CMD_NEW_SERVICE, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_SET_SERVICE, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_DEL_SERVICE, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_GET_SERVICE, ipvs_get_cmd_doit,
		ipvs_get_service_dumpit),
	IPVS_OP(IPVS_CMD_NEW_DEST, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_SET_DEST, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_DEL_DEST, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_GET_DEST, NULL, ipvs_get_dest_dumpit),
	IPVS_OP(IPVS_CMD_NEW_DAEMON, ipvs_set_daemon_doit, NULL),
	IPVS_OP(IPVS_CMD_DEL_DAEMON, ipvs_set_daemon_doit, NULL),
	IPVS_OP(IPVS_CMD_GET_DAEMON, NULL, ipvs_get_daemon_dumpit),
	IPVS_OP(IPVS_CMD_SET_CONFIG, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_GET_CONFIG, ipvs_get_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_GET_INFO, ipvs_get_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_ZERO, ipvs_set_cmd_doit, NULL),
	IPVS_OP(IPVS_CMD_FLUSH, ipvs_set_cmd_doit, NULL),
};

void ipvs_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, IPVS_GENL_NAME);
	family->version = IPVS_GENL_VERSION;
	family->maxattr = IPVS_CMD_ATTR_MAX;
	family->policy = ipvs_cmd_policy;
	family->netnsok = true;
	family->resv_start_op = IPVS_CMD_FLUSH + 1;
	family->ops = ipvs_ops;
	family->n_ops = sizeof(ipvs_ops) / sizeof(ipvs_ops[0]);
}

/* ---- the socket options (do_ip_vs_set_ctl(), do_ip_vs_get_ctl()) ----
 *
 * IP_VS_SO_SET_* and IP_VS_SO_GET_* at SOL_IP, the interface before
 * the family: IPv4 services alone, each option's argument a struct of
 * <linux/ip_vs.h> of exactly its size (a get: at least its size).
 */

struct ipvs_svcdest_user {
	struct ip_vs_service_user s;
	struct ip_vs_dest_user d;
};

/* set_arglen[]: 0 for the options no argument may follow */
static uint32_t ipvs_set_arglen(int opt)
{
	switch (opt) {
	case IP_VS_SO_SET_ADD:
	case IP_VS_SO_SET_EDIT:
	case IP_VS_SO_SET_DEL:
	case IP_VS_SO_SET_ZERO:
		return sizeof(struct ip_vs_service_user);
	case IP_VS_SO_SET_ADDDEST:
	case IP_VS_SO_SET_DELDEST:
	case IP_VS_SO_SET_EDITDEST:
		return sizeof(struct ipvs_svcdest_user);
	case IP_VS_SO_SET_TIMEOUT:
		return sizeof(struct ip_vs_timeout_user);
	case IP_VS_SO_SET_STARTDAEMON:
	case IP_VS_SO_SET_STOPDAEMON:
		return sizeof(struct ip_vs_daemon_user);
	default:
		return 0;
	}
}

/* get_arglen[]: what a get reads of optval first */
static uint32_t ipvs_get_arglen(int opt)
{
	switch (opt) {
	case IP_VS_SO_GET_VERSION:
		return 64;
	case IP_VS_SO_GET_INFO:
		return sizeof(struct ip_vs_getinfo);
	case IP_VS_SO_GET_SERVICES:
		return sizeof(struct ip_vs_get_services);
	case IP_VS_SO_GET_SERVICE:
		return sizeof(struct ip_vs_service_entry);
	case IP_VS_SO_GET_DESTS:
		return sizeof(struct ip_vs_get_dests);
	case IP_VS_SO_GET_TIMEOUT:
		return sizeof(struct ip_vs_timeout_user);
	case IP_VS_SO_GET_DAEMON:
		return 2 * sizeof(struct ip_vs_daemon_user);
	default:
		return 0;
	}
}

/* ip_vs_copy_usvc_compat(): an IPv4 service, no persistence engine */
static void ipvs_usvc_compat(const struct ip_vs_service_user *c,
			     struct ipvs_svc_req *u, char *sched)
{
	memset(u, 0, sizeof(*u));
	u->key.af = AF_INET;
	u->key.protocol = c->protocol;
	memcpy(u->key.addr, &c->addr, 4);
	u->key.port = c->port;
	u->key.fwmark = c->fwmark;
	memcpy(sched, c->sched_name, IP_VS_SCHEDNAME_MAXLEN);
	sched[IP_VS_SCHEDNAME_MAXLEN] = '\0';
	u->sched = sched;
	u->flags = c->flags;
	u->timeout = c->timeout;
	u->netmask = c->netmask;
}

/* ip_vs_copy_udest_compat(): IPv4, over IPIP when tunnelled */
static void ipvs_udest_compat(const struct ip_vs_dest_user *c,
			      struct ipvs_dest_req *u)
{
	memset(u, 0, sizeof(*u));
	u->af = AF_INET;
	memcpy(u->addr, &c->addr, 4);
	u->port = c->port;
	u->fwd = c->conn_flags & IP_VS_CONN_F_DEST_MASK;
	u->weight = c->weight;
	u->u_threshold = c->u_threshold;
	u->l_threshold = c->l_threshold;
	u->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
}

/* IP_VS_SO_SET_STARTDAEMON and _STOPDAEMON: the name must end within
 * its 16 bytes and not be empty (strscpy()) */
static int ipvs_sockopt_daemon(struct unl_net *net, struct ipvs_net *ipvs,
			       int opt, const struct ip_vs_daemon_user *dm)
{
	struct ipvs_daemon c = { 0 };
	size_t n = strnlen(dm->mcast_ifn, sizeof(dm->mcast_ifn));
	struct rtnl_net *rn = rtnl_net_of(net);

	if (opt == IP_VS_SO_SET_STOPDAEMON)
		return ipvs_stop_daemon(ipvs, (uint32_t)dm->state);
	if (!n || n == sizeof(dm->mcast_ifn))
		return -EINVAL;
	if (!rn)
		return -ENOMEM;
	memcpy(c.mcast_ifn, dm->mcast_ifn, n);
	c.syncid = (uint32_t)dm->syncid;
	return ipvs_start_daemon(rn, ipvs, c, (uint32_t)dm->state);
}

/* what follows the service's lookup in do_ip_vs_set_ctl() */
static int ipvs_sockopt_on_service(struct unl_net *net, struct ipvs_net *ipvs,
				   int opt, const struct ipvs_svc_req *u,
				   struct ipvs_service *svc,
				   const struct ipvs_dest_req *d)
{
	switch (opt) {
	case IP_VS_SO_SET_ADD:
		return svc ? -EEXIST : ipvs_add_service(net, ipvs, u);
	case IP_VS_SO_SET_EDIT:
		return ipvs_edit_service(net, svc, u);
	case IP_VS_SO_SET_DEL:
		ipvs_del_service(ipvs, svc);
		return 0;
	case IP_VS_SO_SET_ZERO:
		return 0; /* ip_vs_zero_service(): nothing was counted */
	case IP_VS_SO_SET_ADDDEST:
		return ipvs_add_dest(net, ipvs, svc, d);
	case IP_VS_SO_SET_EDITDEST:
		return ipvs_edit_dest(svc, d);
	case IP_VS_SO_SET_DELDEST:
		return ipvs_del_dest(ipvs, svc, d);
	default:
		return -EINVAL;
	}
}

/* do_ip_vs_set_ctl() after its checks of the caller and the length */
static int ipvs_sockopt_set(struct unl_net *net, struct ipvs_net *ipvs,
			    int opt, const void *arg, uint32_t len)
{
	struct ipvs_svcdest_user sd = { 0 };
	char sched[IP_VS_SCHEDNAME_MAXLEN + 1];
	struct ipvs_service *svc;
	struct ipvs_svc_req u;
	struct ipvs_dest_req d;

	if (opt == IP_VS_SO_SET_STARTDAEMON || opt == IP_VS_SO_SET_STOPDAEMON) {
		struct ip_vs_daemon_user dm;

		memcpy(&dm, arg, sizeof(dm));
		return ipvs_sockopt_daemon(net, ipvs, opt, &dm);
	}
	if (opt == IP_VS_SO_SET_FLUSH) {
		ipvs_flush(ipvs);
		return 0;
	}
	if (opt == IP_VS_SO_SET_TIMEOUT) {
		struct ip_vs_timeout_user t;

		memcpy(&t, arg, sizeof(t));
		return ipvs_set_timeouts(net, ipvs,
					 (const int32_t[3]){ t.tcp_timeout,
							     t.tcp_fin_timeout,
							     t.udp_timeout });
	}
	if (!len)
		return -EINVAL;
	memcpy(&sd, arg, len);
	ipvs_usvc_compat(&sd.s, &u, sched);
	ipvs_udest_compat(&sd.d, &d);
	if (opt == IP_VS_SO_SET_ZERO && !u.key.fwmark && !sd.s.addr &&
	    !u.key.port)
		return 0; /* ip_vs_zero_all() */
	if ((opt == IP_VS_SO_SET_ADD || opt == IP_VS_SO_SET_EDIT) &&
	    strlen(sched) == IP_VS_SCHEDNAME_MAXLEN)
		return -EINVAL;
	/* TCP, UDP or SCTP, a firewall mark's service too */
	if (u.key.protocol != IPPROTO_TCP && u.key.protocol != IPPROTO_UDP &&
	    u.key.protocol != IPPROTO_SCTP)
		return -EFAULT;
	svc = ipvs_service_find(ipvs, &u.key);
	if (opt != IP_VS_SO_SET_ADD &&
	    (!svc || svc->protocol != u.key.protocol))
		return -ESRCH;
	return ipvs_sockopt_on_service(net, ipvs, opt, &u, svc, &d);
}

static unsigned int ipvs_count_dests(const struct ipvs_service *svc)
{
	unsigned int n = 0;

	for (const struct ipvs_dest *d = svc->dests; d; d = d->next)
		n++;
	return n;
}

/* ip_vs_copy_service() */
static void ipvs_service_entry(const struct ipvs_service *svc,
			       struct ip_vs_service_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->protocol = svc->protocol;
	memcpy(&e->addr, svc->addr, 4);
	e->port = svc->port;
	e->fwmark = svc->fwmark;
	strcpy(e->sched_name, svc->sched[0] ? svc->sched : "none");
	e->flags = svc->flags;
	e->timeout = svc->timeout;
	e->netmask = svc->netmask;
	e->num_dests = ipvs_count_dests(svc);
}

/* An answer of out bytes from the start of buf: ENOBUFS (with the size
 * in *out) when buf holds fewer, for the caller to grow it. */
static int ipvs_room(size_t cap, size_t need, uint32_t *out)
{
	*out = (uint32_t)need;
	return need > cap ? -ENOBUFS : 0;
}

/* __ip_vs_get_service_entries(): the IPv4 services by address, then by
 * mark, as many as asked for */
static int ipvs_get_services(struct ipvs_net *ipvs, unsigned char *buf,
			     size_t cap, uint32_t len, uint32_t *out)
{
	struct ip_vs_get_services get;
	size_t head = sizeof(get), one = sizeof(struct ip_vs_service_entry);
	uint32_t count = 0;
	int err;

	memcpy(&get, buf, sizeof(get));
	if ((uint64_t)len != head + (uint64_t)get.num_services * one)
		return -EINVAL;
	for (int t = 0; t < 2; t++)
		for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++)
			for (const struct ipvs_service *s =
				     t ? ipvs->fwm_tab[i] : ipvs->svc_tab[i];
			     s && count < get.num_services; s = s->next)
				if (s->af == AF_INET)
					count++;
	/* what lands in optval: the entries written, from its start */
	err = ipvs_room(cap, count ? head + count * one : 0, out);
	if (err || !count)
		return err;
	count = 0;
	for (int t = 0; t < 2; t++)
		for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++)
			for (const struct ipvs_service *s =
				     t ? ipvs->fwm_tab[i] : ipvs->svc_tab[i];
			     s && count < get.num_services; s = s->next) {
				struct ip_vs_service_entry e;

				if (s->af != AF_INET)
					continue;
				ipvs_service_entry(s, &e);
				memcpy(buf + head + count++ * one, &e, one);
			}
	return 0;
}

/* ip_vs_dest_entry of a destination: the flags as Linux keeps them */
static void ipvs_dest_entry(const struct ipvs_dest *d,
			    struct ip_vs_dest_entry *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(&e->addr, d->addr, 4);
	e->port = d->port;
	e->conn_flags = d->fwd | IP_VS_CONN_F_INACTIVE;
	if ((d->fwd & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_MASQ)
		e->conn_flags |= IP_VS_CONN_F_NOOUTPUT;
	e->weight = d->weight;
	e->u_threshold = d->u_threshold;
	e->l_threshold = d->l_threshold;
}

/* __ip_vs_get_dest_entries(): the service's destinations of its own
 * family, newest first */
static int ipvs_get_dests(struct ipvs_net *ipvs, unsigned char *buf,
			  size_t cap, uint32_t len, uint32_t *out)
{
	struct ip_vs_get_dests get;
	size_t head = sizeof(get), one = sizeof(struct ip_vs_dest_entry);
	struct ipvs_service key = { .af = AF_INET }, *svc;
	uint32_t count = 0;
	int err;

	memcpy(&get, buf, sizeof(get));
	if ((uint64_t)len != head + (uint64_t)get.num_dests * one)
		return -EINVAL;
	key.protocol = get.protocol;
	memcpy(key.addr, &get.addr, 4);
	key.port = get.port;
	key.fwmark = get.fwmark;
	svc = ipvs_service_find(ipvs, &key);
	if (!svc)
		return -ESRCH;
	for (const struct ipvs_dest *d = svc->dests;
	     d && count < get.num_dests; d = d->next)
		if (d->af == svc->af)
			count++;
	err = ipvs_room(cap, count ? head + count * one : 0, out);
	if (err || !count)
		return err;
	count = 0;
	for (const struct ipvs_dest *d = svc->dests;
	     d && count < get.num_dests; d = d->next) {
		struct ip_vs_dest_entry e;

		if (d->af != svc->af)
			continue;
		ipvs_dest_entry(d, &e);
		memcpy(buf + head + count++ * one, &e, one);
	}
	return 0;
}

static uint32_t ipvs_count_services(const struct ipvs_net *ipvs)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++)
		for (int t = 0; t < 2; t++)
			for (const struct ipvs_service *s =
				     t ? ipvs->fwm_tab[i] : ipvs->svc_tab[i];
			     s; s = s->next)
				n++;
	return n;
}

/* IP_VS_SO_GET_SERVICE: an IPv4 service by mark, else by address */
static int ipvs_get_service(struct ipvs_net *ipvs, unsigned char *buf,
			    uint32_t *out)
{
	struct ip_vs_service_entry e;
	struct ipvs_service key = { .af = AF_INET }, *svc;

	memcpy(&e, buf, sizeof(e));
	key.protocol = e.protocol;
	memcpy(key.addr, &e.addr, 4);
	key.port = e.port;
	key.fwmark = e.fwmark;
	svc = ipvs_service_find(ipvs, &key);
	if (!svc)
		return -ESRCH;
	ipvs_service_entry(svc, &e);
	memcpy(buf, &e, sizeof(e));
	*out = sizeof(e);
	return 0;
}

/* IP_VS_SO_GET_DAEMON: the master's, then the backup's, zeros for one
 * not running */
static void ipvs_get_daemons(const struct ipvs_net *ipvs, unsigned char *buf,
			     uint32_t *out)
{
	struct ip_vs_daemon_user d[2];
	const uint32_t states[2] = { IP_VS_STATE_MASTER, IP_VS_STATE_BACKUP };

	memset(d, 0, sizeof(d));
	for (int i = 0; i < 2; i++) {
		const struct ipvs_daemon *c = i ? &ipvs->bcfg : &ipvs->mcfg;

		if (!(ipvs->sync_state & states[i]))
			continue;
		d[i].state = (int)states[i];
		memcpy(d[i].mcast_ifn, c->mcast_ifn, sizeof(d[i].mcast_ifn));
		d[i].syncid = (int)c->syncid;
	}
	memcpy(buf, d, sizeof(d));
	*out = sizeof(d);
}

/* do_ip_vs_get_ctl() after its checks */
static int ipvs_sockopt_get(struct ipvs_net *ipvs, int opt,
			    unsigned char *buf, size_t cap, uint32_t len,
			    uint32_t *out)
{
	switch (opt) {
	case IP_VS_SO_GET_DAEMON:
		ipvs_get_daemons(ipvs, buf, out);
		return 0;
	case IP_VS_SO_GET_VERSION: {
		/* optlen becomes the string's length
		 * (unl_wire_xt_get_sets_len()) */
		int n = snprintf((char *)buf, 64,
				 "IP Virtual Server version %d.%d.%d (size=%d)",
				 (IP_VS_VERSION_CODE >> 16) & 0xff,
				 (IP_VS_VERSION_CODE >> 8) & 0xff,
				 IP_VS_VERSION_CODE & 0xff, IPVS_CONN_TAB_SIZE);

		*out = (uint32_t)n + 1;
		return 0;
	}
	case IP_VS_SO_GET_INFO: {
		struct ip_vs_getinfo info = {
			.version = IP_VS_VERSION_CODE,
			.size = IPVS_CONN_TAB_SIZE,
			.num_services = ipvs_count_services(ipvs),
		};

		memcpy(buf, &info, sizeof(info));
		*out = sizeof(info);
		return 0;
	}
	case IP_VS_SO_GET_SERVICES:
		return ipvs_get_services(ipvs, buf, cap, len, out);
	case IP_VS_SO_GET_SERVICE:
		return ipvs_get_service(ipvs, buf, out);
	case IP_VS_SO_GET_DESTS:
		return ipvs_get_dests(ipvs, buf, cap, len, out);
	case IP_VS_SO_GET_TIMEOUT: {
		struct ip_vs_timeout_user t = {
			.tcp_timeout = (int)ipvs->tcp_timeout,
			.tcp_fin_timeout = (int)ipvs->tcp_fin_timeout,
			.udp_timeout = (int)ipvs->udp_timeout,
		};

		memcpy(buf, &t, sizeof(t));
		*out = sizeof(t);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

int rtnl_ipvs_sockopt(struct unl_net *net, bool set, int opt,
		      unsigned char *buf, size_t cap, uint32_t len,
		      uint32_t *out)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	struct ipvs_net *ipvs;

	*out = 0;
	/* ip_getsockopt() refuses a negative optlen before any option */
	if (!set && (int32_t)len < 0)
		return -EINVAL;
	/* nf_sockopt_find(): ip_vs's options, with the module there */
	if (!rn || !rtnl_ipvs_offered(rn) || opt < IP_VS_BASE_CTL ||
	    opt > (set ? IP_VS_SO_SET_MAX : IP_VS_SO_GET_MAX))
		return -ENOPROTOOPT;
	if (!unl_net_capable(net, CAP_NET_ADMIN))
		return -EPERM;
	ipvs = ipvs_net(net);
	if (!ipvs)
		return -ENOMEM;
	if (set) {
		if (len != ipvs_set_arglen(opt))
			return -EINVAL;
		return ipvs_sockopt_set(net, ipvs, opt, buf, len);
	}
	if (len < ipvs_get_arglen(opt))
		return -EINVAL;
	return ipvs_sockopt_get(ipvs, opt, buf, cap, len, out);
}

/* ---- /proc/net (ip_vs_control_net_init(), ip_vs_conn_net_init()) ---- */

/* ip_vs_proto_name() */
static const char *ipvs_proto_name(uint16_t proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_IP:
		return "IP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_SCTP:
		return "SCTP";
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_ICMPV6:
		return "ICMPv6";
	default:
		snprintf(buf, len, "IP_%u", proto);
		return buf;
	}
}

/* ip_vs_fwd_name() */
static const char *ipvs_fwd_name(uint32_t fwd)
{
	switch (fwd & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_LOCALNODE:
		return "Local";
	case IP_VS_CONN_F_TUNNEL:
		return "Tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "Route";
	default:
		return "Masq";
	}
}

/* the address as %pI6 writes it: eight groups of four digits */
static void ipvs_put_v6(FILE *out, const uint8_t *addr)
{
	for (int i = 0; i < 16; i += 2)
		fprintf(out, "%s%02x%02x", i ? ":" : "", addr[i], addr[i + 1]);
}

static void ipvs_proc_service(struct unl_net *net, FILE *out,
			      const struct ipvs_service *svc, bool by_fwmark)
{
	const char *sched = svc->sched[0] ? svc->sched : "none";
	const char *ops = svc->flags & IP_VS_SVC_F_ONEPACKET ? "ops " : "";
	char buf[20];

	if (by_fwmark) {
		fprintf(out, "FWM  %08X %s %s", svc->fwmark, sched, ops);
	} else if (svc->af == AF_INET6) {
		fprintf(out, "%s  [", ipvs_proto_name(svc->protocol, buf,
						       sizeof(buf)));
		ipvs_put_v6(out, svc->addr);
		fprintf(out, "]:%04X %s ", ntohs(svc->port), sched);
	} else {
		fprintf(out, "%s  %08X:%04X %s %s ",
			ipvs_proto_name(svc->protocol, buf, sizeof(buf)),
			be32_at(svc->addr), ntohs(svc->port), sched, ops);
	}
	/* the timeout in jiffies, as svc->timeout */
	if (svc->flags & IP_VS_SVC_F_PERSISTENT)
		fprintf(out, "persistent %d %08X\n",
			(int)(svc->timeout * (uint32_t)unl_net_hz(net)),
			ntohl(svc->netmask));
	else
		fputc('\n', out);
	for (const struct ipvs_dest *d = svc->dests; d; d = d->next) {
		fputs("  -> ", out);
		if (d->af == AF_INET6) {
			fputc('[', out);
			ipvs_put_v6(out, d->addr);
			fputc(']', out);
		} else {
			fprintf(out, "%08X", be32_at(d->addr));
		}
		fprintf(out, ":%04X      %-7s %-6d %-10d %-10d\n", ntohs(d->port),
			ipvs_fwd_name(d->fwd), d->weight, 0, 0);
	}
}

/* ip_vs_info_seq_show(): the address table, then the fwmark one */
static int ipvs_proc_info(struct unl_net *net, struct ipvs_net *ipvs,
			  FILE *out)
{
	fprintf(out, "IP Virtual Server version %d.%d.%d (size=%d)\n",
		(IP_VS_VERSION_CODE >> 16) & 0xff,
		(IP_VS_VERSION_CODE >> 8) & 0xff, IP_VS_VERSION_CODE & 0xff,
		IPVS_CONN_TAB_SIZE);
	fputs("Prot LocalAddress:Port Scheduler Flags\n"
	      "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n",
	      out);
	for (int t = 0; t < 2; t++)
		for (unsigned int i = 0; i < IPVS_TAB_SIZE; i++)
			for (const struct ipvs_service *s =
				     t ? ipvs->fwm_tab[i] : ipvs->svc_tab[i];
			     s; s = s->next)
				ipvs_proc_service(net, out, s, t);
	return 0;
}

#define IPVS_ZERO5 "%8X %8X %8X %16X %16X\n"

/* ip_vs_stats_show(): the net's totals, all 0 */
static int ipvs_proc_stats(FILE *out)
{
	fputs("   Total Incoming Outgoing         Incoming         Outgoing\n"
	      "   Conns  Packets  Packets            Bytes            Bytes\n",
	      out);
	fprintf(out, IPVS_ZERO5 "\n", 0, 0, 0, 0, 0);
	fputs(" Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n",
	      out);
	fprintf(out, IPVS_ZERO5, 0, 0, 0, 0, 0);
	return 0;
}

/* ip_vs_stats_percpu_show(): a line per possible CPU */
static int ipvs_proc_stats_percpu(FILE *out)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	fputs("       Total Incoming Outgoing         Incoming         Outgoing\n"
	      "CPU    Conns  Packets  Packets            Bytes            Bytes\n",
	      out);
	for (long i = 0; i < (ncpu > 0 ? ncpu : 1); i++)
		fprintf(out, "%3lX " IPVS_ZERO5, (unsigned long)i, 0, 0, 0, 0,
			0);
	fprintf(out, "  ~ " IPVS_ZERO5 "\n", 0, 0, 0, 0, 0);
	fputs("     Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n",
	      out);
	fprintf(out, "    " IPVS_ZERO5, 0, 0, 0, 0, 0);
	return 0;
}

/* the connection tables' files (no connection) and the application
 * helpers' (ip_vs_app_seq_show(): none without ip_vs_ftp): headers */
static const char *const ipvs_conn_headers[3] = {
	"Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires "
	"PEName PEData\n",
	"Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Origin "
	"Expires\n",
	"prot port    usecnt name\n",
};

static const char *const ipvs_proc_names[] = {
	"ip_vs", "ip_vs_stats", "ip_vs_stats_percpu", "ip_vs_conn",
	"ip_vs_conn_sync", "ip_vs_app",
};

bool rtnl_ipvs_offered(struct rtnl_net *rn)
{
	return unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_GENL,
			       IPVS_GENL_NAME);
}

int rtnl_ipvs_proc(struct rtnl_net *rn, const char *rest,
		   struct rtnl_file_out *o)
{
	size_t n = sizeof(ipvs_proc_names) / sizeof(ipvs_proc_names[0]);
	struct ipvs_net *ipvs;
	size_t i;
	int err;

	for (i = 0; i < n && strcmp(rest, ipvs_proc_names[i]); i++)
		;
	if (i == n || !rtnl_ipvs_offered(rn))
		return -ENOENT;
	ipvs = ipvs_net(rn->net);
	if (!ipvs)
		return -ENOMEM;
	err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
	if (err)
		return err;
	switch (i) {
	case 0:
		return ipvs_proc_info(rn->net, ipvs, o->out);
	case 1:
		return ipvs_proc_stats(o->out);
	case 2:
		return ipvs_proc_stats_percpu(o->out);
	default:
		fputs(ipvs_conn_headers[i - 3], o->out);
		return 0;
	}
}

void rtnl_ipvs_proc_list(struct rtnl_net *rn, struct rtnl_file_out *o)
{
	if (!rtnl_ipvs_offered(rn))
		return;
	for (size_t i = 0;
	     i < sizeof(ipvs_proc_names) / sizeof(ipvs_proc_names[0]); i++)
		rtnl_dir_add(o, DT_REG, ipvs_proc_names[i]);
}
