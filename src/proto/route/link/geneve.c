// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * geneve (drivers/net/geneve.c): an Ethernet device that tunnels over
 * UDP to one remote (IPv4 or IPv6) with a 24-bit VNI, or an
 * externally controlled (collect_md) one that takes all of that from
 * each packet's metadata.  A net has at most one device per VNI,
 * port and remote, and an external device owns its port alone.  The
 * MTU is what the route toward the remote leaves, unless one is asked.
 * The attributes are Linux 6.18's (no source port range, no GRO hint).
 * The reference kernel has no geneve module: this follows Linux's
 * source, and tests/clients/ip-kinds.sh checks it under the `full`
 * profile.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "proto/route/link/kinds.h"

#define GENEVE_UDP_PORT 6081
#define GENEVE_N_VID (1u << 24)
#define GENEVE_BASE_HLEN (8 + 8) /* UDP header and geneve's */
#define IP_MAX_MTU 0xfff0u
#define GENEVE_IPV4_HLEN (ETH_HLEN + 20 + GENEVE_BASE_HLEN)
#define GENEVE_IPV6_HLEN (ETH_HLEN + 40 + GENEVE_BASE_HLEN)
#define IPV6_FLOWLABEL_MASK htonl(0x000fffffu)

/* struct geneve_config with the ip_tunnel_info key it holds: the
 * remote as the key's address union keeps it (IPv4's at bytes 4..7,
 * IPv6's at 16..31), which is what makes two devices the same. */
struct geneve_priv {
	uint32_t vni;
	bool v6;            /* IP_TUNNEL_INFO_IPV6 */
	uint8_t key_u[32];
	uint8_t ttl, tos, df;
	uint32_t label;     /* network order, as the attribute */
	uint16_t port;      /* network order */
	bool csum;          /* IP_TUNNEL_CSUM */
	bool udp6_rx_csum;  /* use_udp6_rx_checksums */
	bool ttl_inherit, collect_md, inner_proto_inherit;
};

static struct geneve_priv *gnv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static const uint8_t *remote4(const struct geneve_priv *g)
{
	return g->key_u + 4;
}

static const uint8_t *remote6(const struct geneve_priv *g)
{
	return g->key_u + 16;
}

/* geneve_setup(): Ethernet, no queue, a random address; the largest
 * MTU leaves room for the headers (the IP one comes off at creation). */
static void geneve_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->max_mtu = IP_MAX_MTU - GENEVE_BASE_HLEN - ETH_HLEN;
}

static const struct unl_nla_policy geneve_policy[IFLA_GENEVE_MAX + 1] = {
	[IFLA_GENEVE_UNSPEC] = { .strict_start_type =
					 IFLA_GENEVE_INNER_PROTO_INHERIT },
	[IFLA_GENEVE_ID] = { .type = UNL_NLA_U32 },
	[IFLA_GENEVE_REMOTE] = { .len = 4 },
	[IFLA_GENEVE_REMOTE6] = { .len = 16 },
	[IFLA_GENEVE_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_TOS] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_LABEL] = { .type = UNL_NLA_U32 },
	[IFLA_GENEVE_PORT] = { .type = UNL_NLA_U16 },
	[IFLA_GENEVE_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
	[IFLA_GENEVE_UDP_CSUM] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_UDP_ZERO_CSUM6_TX] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_UDP_ZERO_CSUM6_RX] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_TTL_INHERIT] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_DF] = { .type = UNL_NLA_U8 },
	[IFLA_GENEVE_INNER_PROTO_INHERIT] = { .type = UNL_NLA_FLAG },
};

/* geneve_validate() */
static int geneve_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	(void)rn;
	if (tb[IFLA_ADDRESS]) {
		if (unl_nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					     "Provided link layer address is not Ethernet");
			return -EINVAL;
		}
		if (!rtnl_link_valid_ether(unl_nla_data(tb[IFLA_ADDRESS]))) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					     "Provided Ethernet address is not unicast");
			return -EADDRNOTAVAIL;
		}
	}
	if (!data) {
		UNL_SET_ERR_MSG(extack,
				"Not enough attributes provided to perform the operation");
		return -EINVAL;
	}
	if (data[IFLA_GENEVE_ID] &&
	    unl_nla_get_u32(data[IFLA_GENEVE_ID]) >= GENEVE_N_VID) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_GENEVE_ID],
				     "Geneve ID must be lower than 16777216");
		return -ERANGE;
	}
	if (data[IFLA_GENEVE_DF] &&
	    unl_nla_get_u8(data[IFLA_GENEVE_DF]) > GENEVE_DF_MAX) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_GENEVE_DF],
				     "Invalid DF attribute");
		return -EINVAL;
	}
	return 0;
}

static int change_notsup(const struct nlattr *a, struct unl_ext_ack *extack)
{
	UNL_SET_ERR_MSG_ATTR(extack, a,
			     "Changing VNI, Port, endpoint IP address family, external, inner_proto_inherit, and UDP checksum attributes are not supported");
	return -EOPNOTSUPP;
}

/* The attributes a change may not carry at all. */
static const int geneve_fixed[] = {
	IFLA_GENEVE_PORT, IFLA_GENEVE_COLLECT_METADATA, IFLA_GENEVE_UDP_CSUM,
	IFLA_GENEVE_UDP_ZERO_CSUM6_TX, IFLA_GENEVE_UDP_ZERO_CSUM6_RX,
	IFLA_GENEVE_INNER_PROTO_INHERIT,
};

/* The remote of geneve_nl2info(): one family; IPv6's neither
 * link-local nor multicast, and checksummed. */
static int nl2info_remote(const struct nlattr *const *data,
			  struct geneve_priv *g, bool change,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *a;

	if (data[IFLA_GENEVE_REMOTE] && data[IFLA_GENEVE_REMOTE6]) {
		UNL_SET_ERR_MSG(extack,
				"Cannot specify both IPv4 and IPv6 Remote addresses");
		return -EINVAL;
	}
	a = data[IFLA_GENEVE_REMOTE];
	if (a) {
		if (change && g->v6)
			return change_notsup(a, extack);
		memcpy(g->key_u + 4, unl_nla_data(a), 4);
		if ((g->key_u[4] & 0xf0) == 0xe0) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "Remote IPv4 address cannot be Multicast");
			return -EINVAL;
		}
	}
	a = data[IFLA_GENEVE_REMOTE6];
	if (a) {
		const uint8_t *ip = unl_nla_data(a);

		if (change && !g->v6)
			return change_notsup(a, extack);
		g->v6 = true;
		memcpy(g->key_u + 16, ip, 16);
		if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "Remote IPv6 address cannot be link-local");
			return -EINVAL;
		}
		if (ip[0] == 0xff) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "Remote IPv6 address cannot be Multicast");
			return -EINVAL;
		}
		g->csum = true;
		g->udp6_rx_csum = true;
	}
	return 0;
}

/* geneve_nl2info(): the request over g (a copy of the device's for a
 * change, which may not touch what identifies the tunnel). */
static int geneve_nl2info(const struct nlattr *const *data,
			  struct geneve_priv *g, bool change,
			  struct unl_ext_ack *extack)
{
	int err = nl2info_remote(data, g, change, extack);

	if (err)
		return err;
	if (data[IFLA_GENEVE_ID]) {
		uint32_t vni = unl_nla_get_u32(data[IFLA_GENEVE_ID]);

		if (change && vni != g->vni)
			return change_notsup(data[IFLA_GENEVE_ID], extack);
		g->vni = vni;
	}
	if (data[IFLA_GENEVE_TTL_INHERIT]) {
		g->ttl_inherit = unl_nla_get_u8(data[IFLA_GENEVE_TTL_INHERIT]);
	} else if (data[IFLA_GENEVE_TTL]) {
		g->ttl = unl_nla_get_u8(data[IFLA_GENEVE_TTL]);
		g->ttl_inherit = false;
	}
	if (data[IFLA_GENEVE_TOS])
		g->tos = unl_nla_get_u8(data[IFLA_GENEVE_TOS]);
	if (data[IFLA_GENEVE_DF])
		g->df = unl_nla_get_u8(data[IFLA_GENEVE_DF]);
	if (data[IFLA_GENEVE_LABEL]) {
		g->label = unl_nla_get_u32(data[IFLA_GENEVE_LABEL]) &
			   IPV6_FLOWLABEL_MASK;
		if (g->label && !g->v6) {
			UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_GENEVE_LABEL],
					     "Label attribute only applies for IPv6 Geneve devices");
			return -EINVAL;
		}
	}
	for (size_t i = 0; change && i < sizeof(geneve_fixed) / sizeof(int);
	     i++)
		if (data[geneve_fixed[i]])
			return change_notsup(data[geneve_fixed[i]], extack);
	if (data[IFLA_GENEVE_PORT])
		g->port = unl_nla_get_u16(data[IFLA_GENEVE_PORT]); /* be16 */
	if (data[IFLA_GENEVE_COLLECT_METADATA])
		g->collect_md = true;
	if (data[IFLA_GENEVE_UDP_CSUM] &&
	    unl_nla_get_u8(data[IFLA_GENEVE_UDP_CSUM]))
		g->csum = true;
	if (data[IFLA_GENEVE_UDP_ZERO_CSUM6_TX] &&
	    unl_nla_get_u8(data[IFLA_GENEVE_UDP_ZERO_CSUM6_TX]))
		g->csum = false;
	if (data[IFLA_GENEVE_UDP_ZERO_CSUM6_RX] &&
	    unl_nla_get_u8(data[IFLA_GENEVE_UDP_ZERO_CSUM6_RX]))
		g->udp6_rx_csum = false;
	if (data[IFLA_GENEVE_INNER_PROTO_INHERIT])
		g->inner_proto_inherit = true;
	return 0;
}

/* geneve_find_dev(): the device of the same VNI, port and remote; and
 * whether the port is taken, by an external device or any. */
static struct rtnl_link *geneve_find(struct rtnl_net *rn,
				     const struct geneve_priv *g,
				     bool *same_port, bool *port_md)
{
	struct rtnl_link *found = NULL;

	*same_port = *port_md = false;
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct geneve_priv *o;

		if (l->ops != &rtnl_geneve_ops)
			continue;
		o = gnv(l);
		if (o->port == g->port) {
			*port_md = o->collect_md;
			*same_port = true;
		}
		if (o->vni == g->vni && o->port == g->port &&
		    !memcmp(o->key_u, g->key_u, sizeof(g->key_u)))
			found = l;
	}
	return found;
}

/* is_tnl_info_zero() */
static bool info_zero(const struct geneve_priv *g)
{
	static const uint8_t zero[32];

	return !g->vni && !g->tos && !g->csum && !g->ttl && !g->label &&
	       !memcmp(g->key_u, zero, sizeof(zero));
}

/* geneve_change_mtu(): within the limits, silently. */
static void geneve_clamp_mtu(struct rtnl_link *l, int64_t mtu)
{
	if (mtu > (int64_t)l->max_mtu)
		mtu = l->max_mtu;
	else if (mtu < (int64_t)l->min_mtu)
		mtu = l->min_mtu;
	l->mtu = (uint32_t)mtu;
}

/* geneve_link_config(): the MTU asked, or the route's device's less
 * the encapsulation; set as the driver sets it, unannounced. */
static void geneve_link_config(struct rtnl_link *l,
			       const struct nlattr *const *tb)
{
	const struct geneve_priv *g = gnv(l);
	int64_t hlen = g->v6 ? GENEVE_IPV6_HLEN : GENEVE_IPV4_HLEN;
	struct rtnl_link *dev;
	int idx;

	if (tb[IFLA_MTU]) {
		geneve_clamp_mtu(l, unl_nla_get_u32(tb[IFLA_MTU]));
		return;
	}
	idx = rtnl_route_output_dev(l->rn, g->v6 ? AF_INET6 : AF_INET,
				    g->v6 ? remote6(g) : remote4(g));
	dev = idx ? rtnl_link_by_index(l->rn, idx) : NULL;
	if (dev && (int64_t)dev->mtu - hlen > 0)
		geneve_clamp_mtu(l, (int64_t)dev->mtu - hlen);
}

/* geneve_configure(): an external device specifies nothing but its
 * port and has it alone; then the headers come off the largest MTU. */
static int geneve_configure(struct rtnl_link *l, const struct geneve_priv *g,
			    int ifindex, struct unl_ext_ack *extack)
{
	bool same_port, port_md;

	if (g->collect_md && !info_zero(g)) {
		UNL_SET_ERR_MSG(extack,
				"Device is externally controlled, so attributes (VNI, Port, and so on) must not be specified");
		return -EINVAL;
	}
	if (geneve_find(l->rn, g, &same_port, &port_md))
		return -EBUSY;
	l->max_mtu -= !g->collect_md && !g->v6 ? 20 : 40;
	if (g->collect_md && same_port) {
		UNL_SET_ERR_MSG(extack,
				"There can be only one externally controlled device on a destination port");
		return -EPERM;
	}
	if (!g->collect_md && port_md) {
		UNL_SET_ERR_MSG(extack,
				"There already exists an externally controlled device on this destination port");
		return -EPERM;
	}
	*gnv(l) = *g;
	if (g->inner_proto_inherit) {
		l->type = ARPHRD_NONE;
		l->addr_len = 0;
		l->flags = IFF_POINTOPOINT | IFF_NOARP;
	}
	return rtnl_link_register(l, ifindex);
}

/* geneve_newlink(): Linux's defaults (port 6081, DF unset), the
 * request, the device, its MTU. */
static int geneve_newlink(struct rtnl_link *l,
			  const struct rtnl_newlink_params *p,
			  struct unl_ext_ack *extack)
{
	struct geneve_priv g = { .port = htons(GENEVE_UDP_PORT) };
	int err;

	err = geneve_nl2info(p->data, &g, false, extack);
	if (err)
		return err;
	err = geneve_configure(l, &g, p->ifm->ifi_index, extack);
	if (err)
		return err;
	geneve_link_config(l, p->tb);
	return 0;
}

/* geneve_changelink(): not for an external device; a new remote may
 * move the MTU. */
static int geneve_changelink(struct rtnl_link *l,
			     const struct nlattr *const *tb,
			     const struct nlattr *const *data,
			     struct unl_ext_ack *extack)
{
	struct geneve_priv g = *gnv(l);
	bool moved;
	int err;

	if (gnv(l)->collect_md)
		return -EOPNOTSUPP;
	err = geneve_nl2info(data, &g, true, extack);
	if (err)
		return err;
	moved = g.v6 ? memcmp(remote6(&g), remote6(gnv(l)), 16)
		     : memcmp(remote4(&g), remote4(gnv(l)), 4);
	*gnv(l) = g;
	if (moved)
		geneve_link_config(l, tb);
	return 0;
}

/* geneve_fill_info() */
static int geneve_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct geneve_priv *g = gnv(l);

	if (unl_nla_put_u32(skb, IFLA_GENEVE_ID, g->vni))
		return -EMSGSIZE;
	if (!g->collect_md && !g->v6) {
		if (unl_nla_put(skb, IFLA_GENEVE_REMOTE, 4, remote4(g)) ||
		    unl_nla_put_u8(skb, IFLA_GENEVE_UDP_CSUM, g->csum))
			return -EMSGSIZE;
	} else if (!g->collect_md) {
		if (unl_nla_put(skb, IFLA_GENEVE_REMOTE6, 16, remote6(g)) ||
		    unl_nla_put_u8(skb, IFLA_GENEVE_UDP_ZERO_CSUM6_TX,
				   !g->csum))
			return -EMSGSIZE;
	}
	if (unl_nla_put_u8(skb, IFLA_GENEVE_TTL, g->ttl) ||
	    unl_nla_put_u8(skb, IFLA_GENEVE_TOS, g->tos) ||
	    unl_nla_put_u32(skb, IFLA_GENEVE_LABEL, g->label) ||
	    unl_nla_put_u8(skb, IFLA_GENEVE_DF, g->df) ||
	    unl_nla_put(skb, IFLA_GENEVE_PORT, 2, &g->port) ||
	    (g->collect_md &&
	     unl_nla_put_flag(skb, IFLA_GENEVE_COLLECT_METADATA)) ||
	    unl_nla_put_u8(skb, IFLA_GENEVE_UDP_ZERO_CSUM6_RX,
			   !g->udp6_rx_csum) ||
	    unl_nla_put_u8(skb, IFLA_GENEVE_TTL_INHERIT, g->ttl_inherit) ||
	    (g->inner_proto_inherit &&
	     unl_nla_put_flag(skb, IFLA_GENEVE_INNER_PROTO_INHERIT)))
		return -EMSGSIZE;
	return 0;
}

/* geneve_change_mtu() clamps, but dev_set_mtu() has checked the
 * limits already. */
static int geneve_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	(void)l;
	(void)mtu;
	return 0;
}

static const struct rtnl_ethtool geneve_ethtool = {
	.driver = "geneve",
	.version = "0.6",
	.get_link = true,
};

const struct rtnl_link_ops rtnl_geneve_ops = {
	.kind = "geneve",
	.devtype = "geneve",
	.priv_size = sizeof(struct geneve_priv),
	.setup = geneve_setup,
	.maxtype = IFLA_GENEVE_MAX,
	.policy = geneve_policy,
	.validate = geneve_validate,
	.newlink = geneve_newlink,
	.changelink = geneve_changelink,
	.dellink = rtnl_link_queue_kill,
	.fill_info = geneve_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.change_mtu = geneve_change_mtu,
	.ethtool = &geneve_ethtool,
};
