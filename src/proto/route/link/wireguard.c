// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wireguard (drivers/net/wireguard/device.c, netlink.c): the link kind
 * and the "wireguard" generic netlink family that configures it
 * (WG_CMD_GET_DEVICE, a dump, and WG_CMD_SET_DEVICE).  A device keeps
 * its static identity (the private key as Linux stores it, clamped,
 * and the public key derived from it with Curve25519), listen port,
 * fwmark and peers, each with a preshared key, endpoint, keepalive and
 * allowed IPs.  No packet passes: handshake times and transfer counters
 * stay zero.  Listening is modelled as far as a user sees it: a device
 * that comes up with port 0 gets a random one, and two running devices
 * of a net cannot share one (EADDRINUSE).  The reference kernel has no
 * wireguard module: this follows Linux's source, and
 * tests/clients/wg.sh checks `wg` and `ip` under the `full` profile.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/curve25519.h>

#include <netinet/in.h>

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/wireguard.h>

#include "proto/route/link/kinds.h"

#include "proto/genl/genl-private.h"

/* Linux 6.16's WGALLOWEDIP_A_FLAGS, after the last attribute of older
 * uapi headers. */
#ifndef WGALLOWEDIP_F_REMOVE_ME
#define WGALLOWEDIP_A_FLAGS (WGALLOWEDIP_A_CIDR_MASK + 1)
#define WGALLOWEDIP_F_REMOVE_ME 1u
#endif
#define WG_ALLOWEDIP_MAX WGALLOWEDIP_A_FLAGS
#define WG_PEER_FLAGS_ALL                                \
	(WGPEER_F_REMOVE_ME | WGPEER_F_REPLACE_ALLOWEDIPS | \
	 WGPEER_F_UPDATE_ONLY)

/* wg_setup(): message header and tag, UDP and IPv6 headers. */
#define WG_OVERHEAD (32 + 8 + 40)
#define WG_MAX_PEERS (1u << 20)
/* the ephemeral ports an unbound UDP socket draws from */
#define WG_PORT_LOW 32768u
#define WG_PORT_HIGH 60999u

/* One allowed IP (a node of the peer's allowedips_list): the prefix as
 * the trie keeps it, host bits cleared. */
struct wg_allowedip {
	uint16_t family;
	uint8_t cidr;
	uint8_t ip[16];
};

struct wg_peer {
	uint8_t public_key[WG_KEY_LEN];
	uint8_t preshared_key[WG_KEY_LEN];
	/* struct endpoint: sa_family 0 for none */
	union {
		struct sockaddr addr;
		struct sockaddr_in addr4;
		struct sockaddr_in6 addr6;
	} endpoint;
	uint16_t keepalive;
	struct wg_allowedip *ips; /* oldest first */
	size_t nips;
};

/* struct wg_device */
struct wg_priv {
	uint16_t incoming_port;
	uint32_t fwmark;
	bool has_identity;
	uint8_t static_private[WG_KEY_LEN];
	uint8_t static_public[WG_KEY_LEN];
	struct wg_peer **peers; /* peer_list: oldest first */
	size_t npeers;
};

static struct wg_priv *wgp(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* ---- the link kind ---- */

/* wg_setup(): no hardware address, point-to-point without ARP, no
 * queue, an MTU that leaves room for the encapsulation in 1500. */
static void wg_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_NONE;
	l->flags = IFF_POINTOPOINT | IFF_NOARP;
	l->addr_len = 0;
	l->mtu = 1500 - WG_OVERHEAD;
	l->min_mtu = 0;
	/* round_down(INT_MAX, MESSAGE_PADDING_MULTIPLE) - overhead */
	l->max_mtu = (0x7fffffffu & ~15u) - WG_OVERHEAD;
}

static bool port_in_use(const struct rtnl_link *self, uint16_t port)
{
	for (const struct rtnl_link *l = self->rn->links; l; l = l->next)
		if (l != self && l->ops == &rtnl_wireguard_ops &&
		    (l->flags & IFF_UP) && wgp(l)->incoming_port == port)
			return true;
	return false;
}

/* wg_socket_init(): the port taken in the net, or a free random one
 * for 0. */
static int wg_socket_init(struct rtnl_link *l, uint16_t port)
{
	if (port) {
		if (port_in_use(l, port))
			return -EADDRINUSE;
		wgp(l)->incoming_port = port;
		return 0;
	}
	const uint32_t span = WG_PORT_HIGH - WG_PORT_LOW + 1;

	for (int tries = 0; tries < 1000; tries++) {
		uint16_t p = (uint16_t)(WG_PORT_LOW +
					rtnl_random(l->rn) % span);

		if (!port_in_use(l, p)) {
			wgp(l)->incoming_port = p;
			return 0;
		}
	}
	return -EADDRINUSE;
}

/* wg_open(): no ICMP redirects from the device and no IPv6 link-local
 * (addr_gen_mode none), then the sockets.  Both configuration changes
 * are silent, as Linux makes them. */
static int wg_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	const int redirects = IPV4_DEVCONF_SEND_REDIRECTS - 1;

	(void)extack;
	l->cnf4[redirects] = 0;
	l->cnf4_set |= 1ull << redirects;
	l->rn->cnf4_all[redirects] = 0;
	l->cnf6[DEVCONF_ADDR_GEN_MODE] = IN6_ADDR_GEN_MODE_NONE;
	l->addr_gen_mode = IN6_ADDR_GEN_MODE_NONE;
	return wg_socket_init(l, wgp(l)->incoming_port);
}

static void peer_free(struct wg_peer *p)
{
	free(p->ips);
	free(p);
}

static void peers_remove_all(struct wg_priv *w)
{
	for (size_t i = 0; i < w->npeers; i++)
		peer_free(w->peers[i]);
	free(w->peers);
	w->peers = NULL;
	w->npeers = 0;
}

static void wg_destructor(struct rtnl_link *l)
{
	peers_remove_all(wgp(l));
}

static const struct rtnl_ethtool wg_ethtool = {
	.driver = NULL,
};

const struct rtnl_link_ops rtnl_wireguard_ops = {
	.kind = "wireguard",
	.devtype = "wireguard",
	.priv_size = sizeof(struct wg_priv),
	.setup = wg_setup,
	.dellink = rtnl_link_queue_kill,
	.open = wg_open,
	.destructor = wg_destructor,
	.ethtool = &wg_ethtool,
};

/* ---- peers and allowed IPs ---- */

static struct wg_peer *peer_find(const struct wg_priv *w, const uint8_t *key)
{
	for (size_t i = 0; i < w->npeers; i++)
		if (!memcmp(w->peers[i]->public_key, key, WG_KEY_LEN))
			return w->peers[i];
	return NULL;
}

static void peer_remove(struct wg_priv *w, struct wg_peer *p)
{
	for (size_t i = 0; i < w->npeers; i++)
		if (w->peers[i] == p) {
			memmove(&w->peers[i], &w->peers[i + 1],
				(w->npeers - i - 1) * sizeof(*w->peers));
			w->npeers--;
			break;
		}
	peer_free(p);
}

/* wg_peer_create(): at the end of the list. */
static int peer_create(struct wg_priv *w, const uint8_t *key,
		       const uint8_t *psk, struct wg_peer **out)
{
	struct wg_peer **list, *p;

	if (w->npeers >= WG_MAX_PEERS)
		return -ENOSPC;
	p = calloc(1, sizeof(*p));
	list = p ? realloc(w->peers, (w->npeers + 1) * sizeof(*list)) : NULL;
	if (!list) {
		free(p);
		return -ENOMEM;
	}
	w->peers = list;
	memcpy(p->public_key, key, WG_KEY_LEN);
	if (psk)
		memcpy(p->preshared_key, psk, WG_KEY_LEN);
	w->peers[w->npeers++] = p;
	*out = p;
	return 0;
}

static void ip_drop(struct wg_peer *p, size_t i)
{
	memmove(&p->ips[i], &p->ips[i + 1],
		(p->nips - i - 1) * sizeof(*p->ips));
	p->nips--;
}

static void prefix_mask(uint8_t *ip, unsigned int len, unsigned int cidr)
{
	for (unsigned int i = 0; i < len; i++) {
		unsigned int bits = cidr > i * 8 ? cidr - i * 8 : 0;

		if (bits < 8)
			ip[i] &= (uint8_t)(0xff00u >> bits);
	}
}

/* The node of a prefix in the device's trie: which peer holds it, and
 * where in that peer's list. */
static struct wg_peer *ip_find(const struct wg_priv *w,
			       const struct wg_allowedip *a, size_t *idx)
{
	for (size_t i = 0; i < w->npeers; i++)
		for (size_t j = 0; j < w->peers[i]->nips; j++) {
			const struct wg_allowedip *b = &w->peers[i]->ips[j];

			if (b->family == a->family && b->cidr == a->cidr &&
			    !memcmp(b->ip, a->ip, 16)) {
				*idx = j;
				return w->peers[i];
			}
		}
	return NULL;
}

/* wg_allowedips_insert_v4/v6(): a prefix is one node of the trie; taken
 * by a peer, it moves to the end of that peer's list. */
static int ip_insert(struct wg_priv *w, struct wg_peer *p,
		     const struct wg_allowedip *a)
{
	struct wg_allowedip *ips;
	struct wg_peer *owner;
	size_t idx;

	owner = ip_find(w, a, &idx);
	if (owner)
		ip_drop(owner, idx);
	ips = realloc(p->ips, (p->nips + 1) * sizeof(*ips));
	if (!ips)
		return -ENOMEM;
	p->ips = ips;
	p->ips[p->nips++] = *a;
	return 0;
}

/* wg_allowedips_remove_v4/v6(): only the peer's own node goes. */
static void ip_remove(struct wg_priv *w, struct wg_peer *p,
		      const struct wg_allowedip *a)
{
	size_t idx;

	if (ip_find(w, a, &idx) == p)
		ip_drop(p, idx);
}

/* ---- the generic netlink family ---- */

static const struct unl_nla_policy wg_allowedip_policy[WG_ALLOWEDIP_MAX + 1] = {
	[WGALLOWEDIP_A_FAMILY] = { .type = UNL_NLA_U16 },
	[WGALLOWEDIP_A_IPADDR] = UNL_NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[WGALLOWEDIP_A_CIDR_MASK] = { .type = UNL_NLA_U8 },
	[WGALLOWEDIP_A_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_U32,
						    WGALLOWEDIP_F_REMOVE_ME),
};

static const struct unl_nla_policy wg_peer_policy[WGPEER_A_MAX + 1] = {
	[WGPEER_A_PUBLIC_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGPEER_A_PRESHARED_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGPEER_A_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, WG_PEER_FLAGS_ALL),
	[WGPEER_A_ENDPOINT] = UNL_NLA_POLICY_MIN_LEN(sizeof(struct sockaddr)),
	[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL] = { .type = UNL_NLA_U16 },
	[WGPEER_A_LAST_HANDSHAKE_TIME] = UNL_NLA_POLICY_EXACT_LEN(16),
	[WGPEER_A_RX_BYTES] = { .type = UNL_NLA_U64 },
	[WGPEER_A_TX_BYTES] = { .type = UNL_NLA_U64 },
	[WGPEER_A_ALLOWEDIPS] = { .type = UNL_NLA_NESTED },
	[WGPEER_A_PROTOCOL_VERSION] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy wg_device_policy[WGDEVICE_A_MAX + 1] = {
	[WGDEVICE_A_IFINDEX] = { .type = UNL_NLA_U32 },
	[WGDEVICE_A_IFNAME] = { .type = UNL_NLA_NUL_STRING,
				.len = IFNAMSIZ - 1 },
	[WGDEVICE_A_PRIVATE_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_PUBLIC_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_U32,
						 WGDEVICE_F_REPLACE_PEERS),
	[WGDEVICE_A_LISTEN_PORT] = { .type = UNL_NLA_U16 },
	[WGDEVICE_A_FWMARK] = { .type = UNL_NLA_U32 },
	[WGDEVICE_A_PEERS] = { .type = UNL_NLA_NESTED },
};

/* Before the mask (after 6.12: Debian's 6.12 has none; the release is
 * not pinned, taken as 6.13), WGDEVICE_A_FLAGS was any u32 and
 * wg_set_device() refused unknown flags itself. */
#define WG_FLAGS_MASK_SINCE 613
static const struct unl_nla_policy wg_device_policy_612[WGDEVICE_A_MAX + 1] = {
	[WGDEVICE_A_IFINDEX] = { .type = UNL_NLA_U32 },
	[WGDEVICE_A_IFNAME] = { .type = UNL_NLA_NUL_STRING,
				.len = IFNAMSIZ - 1 },
	[WGDEVICE_A_PRIVATE_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_PUBLIC_KEY] = UNL_NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_FLAGS] = { .type = UNL_NLA_U32 },
	[WGDEVICE_A_LISTEN_PORT] = { .type = UNL_NLA_U16 },
	[WGDEVICE_A_FWMARK] = { .type = UNL_NLA_U32 },
	[WGDEVICE_A_PEERS] = { .type = UNL_NLA_NESTED },
};

/* lookup_interface(): by index or by name, not both; a device of
 * another kind is EOPNOTSUPP. */
static int wg_lookup(struct unl_net *net, const struct nlattr **attrs,
		     struct rtnl_link **out)
{
	struct rtnl_net *rn = rtnl_net_of(net);
	struct rtnl_link *l = NULL;
	char name[IFNAMSIZ];

	if (!attrs[WGDEVICE_A_IFINDEX] == !attrs[WGDEVICE_A_IFNAME])
		return -EBADR;
	if (!rn)
		return -ENODEV;
	if (attrs[WGDEVICE_A_IFINDEX]) {
		l = rtnl_link_by_index(
			rn, (int)unl_nla_get_u32(attrs[WGDEVICE_A_IFINDEX]));
	} else {
		unl_nla_strscpy(name, attrs[WGDEVICE_A_IFNAME], sizeof(name));
		l = rtnl_link_by_name(rn, name);
	}
	if (!l)
		return -ENODEV;
	if (l->ops != &rtnl_wireguard_ops)
		return -EOPNOTSUPP;
	*out = l;
	return 0;
}

/* The dump's cursor (struct dump_ctx): the device, the next peer and
 * allowed IP, whether it is over. */
enum { WG_CB_IFINDEX, WG_CB_PEER, WG_CB_IP, WG_CB_STARTED, WG_CB_DONE };

static int wg_get_start(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct rtnl_link *l;
	int err = wg_lookup(info->net, info->attrs, &l);

	if (err)
		return err;
	memset(cb->args, 0, sizeof(cb->args));
	cb->args[WG_CB_IFINDEX] = l->ifindex;
	return 0;
}

static int put_allowedip(struct unl_skb *skb, const struct wg_allowedip *a)
{
	struct nlattr *nest = unl_nla_nest_start(skb, 0);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u8(skb, WGALLOWEDIP_A_CIDR_MASK, a->cidr) ||
	    unl_nla_put(skb, WGALLOWEDIP_A_IPADDR,
			a->family == AF_INET6 ? 16 : 4, a->ip) ||
	    unl_nla_put_u16(skb, WGALLOWEDIP_A_FAMILY, a->family)) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* get_peer(): the whole peer, or (continued) its key and the allowed
 * IPs from *ip on; -EMSGSIZE with *ip where to go on. */
static int put_peer(struct unl_skb *skb, const struct wg_peer *p, long *ip)
{
	struct nlattr *nest = unl_nla_nest_start(skb, 0), *ips;
	static const uint8_t no_handshake[16];

	if (!nest || unl_nla_put(skb, WGPEER_A_PUBLIC_KEY, WG_KEY_LEN,
				 p->public_key))
		goto cancel;
	if (!*ip) {
		int elen = p->endpoint.addr.sa_family == AF_INET
				   ? (int)sizeof(p->endpoint.addr4)
				   : (int)sizeof(p->endpoint.addr6);

		if (unl_nla_put(skb, WGPEER_A_PRESHARED_KEY, WG_KEY_LEN,
				p->preshared_key) ||
		    unl_nla_put(skb, WGPEER_A_LAST_HANDSHAKE_TIME,
				sizeof(no_handshake), no_handshake) ||
		    unl_nla_put_u16(skb, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
				    p->keepalive) ||
		    unl_nla_put_u64(skb, WGPEER_A_TX_BYTES, 0,
				    WGPEER_A_UNSPEC) ||
		    unl_nla_put_u64(skb, WGPEER_A_RX_BYTES, 0,
				    WGPEER_A_UNSPEC) ||
		    unl_nla_put_u32(skb, WGPEER_A_PROTOCOL_VERSION, 1))
			goto cancel;
		if (p->endpoint.addr.sa_family &&
		    unl_nla_put(skb, WGPEER_A_ENDPOINT, elen, &p->endpoint))
			goto cancel;
	}
	if ((size_t)*ip < p->nips) {
		ips = unl_nla_nest_start(skb, WGPEER_A_ALLOWEDIPS);
		if (!ips)
			goto cancel;
		for (; (size_t)*ip < p->nips; (*ip)++)
			if (put_allowedip(skb, &p->ips[*ip])) {
				unl_nla_nest_end(skb, ips);
				unl_nla_nest_end(skb, nest);
				return -EMSGSIZE;
			}
		unl_nla_nest_end(skb, ips);
	}
	unl_nla_nest_end(skb, nest);
	*ip = 0;
	return 0;
cancel:
	if (nest)
		unl_nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int put_device(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct wg_priv *w = wgp(l);

	if (unl_nla_put_u16(skb, WGDEVICE_A_LISTEN_PORT, w->incoming_port) ||
	    unl_nla_put_u32(skb, WGDEVICE_A_FWMARK, w->fwmark) ||
	    unl_nla_put_u32(skb, WGDEVICE_A_IFINDEX, (uint32_t)l->ifindex) ||
	    unl_nla_put_string(skb, WGDEVICE_A_IFNAME, l->name))
		return -EMSGSIZE;
	if (w->has_identity &&
	    (unl_nla_put(skb, WGDEVICE_A_PRIVATE_KEY, WG_KEY_LEN,
			 w->static_private) ||
	     unl_nla_put(skb, WGDEVICE_A_PUBLIC_KEY, WG_KEY_LEN,
			 w->static_public)))
		return -EMSGSIZE;
	return 0;
}

/* wg_get_device_dump(): the device's settings in the first message,
 * then as many peers as fit in each; a message that cannot hold a
 * single peer's start is an error. */
static int wg_get_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct rtnl_link *l;
	struct nlattr *peers;
	const struct wg_priv *w;
	bool done = true;
	void *hdr;
	int ret = -EMSGSIZE;

	if (cb->args[WG_CB_DONE])
		return 0;
	l = rn ? rtnl_link_by_index(rn, (int)cb->args[WG_CB_IFINDEX]) : NULL;
	if (!l || l->ops != &rtnl_wireguard_ops)
		return 0;
	w = wgp(l);
	hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
			      cb->nlh->nlmsg_seq, info->family, NLM_F_MULTI,
			      WG_CMD_GET_DEVICE);
	if (!hdr)
		return -EMSGSIZE;
	if (!cb->args[WG_CB_STARTED] && put_device(skb, l))
		goto cancel;
	peers = unl_nla_nest_start(skb, WGDEVICE_A_PEERS);
	if (!peers)
		goto cancel;
	ret = 0;
	if ((size_t)cb->args[WG_CB_PEER] >= w->npeers) {
		unl_nla_nest_cancel(skb, peers);
	} else {
		size_t i = (size_t)cb->args[WG_CB_PEER];

		for (; i < w->npeers; i++) {
			long ip = cb->args[WG_CB_IP];

			/* what does not fit goes on in the next message */
			if (put_peer(skb, w->peers[i], &ip)) {
				done = false;
				cb->args[WG_CB_IP] = ip;
				break;
			}
			cb->args[WG_CB_IP] = 0;
		}
		cb->args[WG_CB_PEER] = (long)i;
		unl_nla_nest_end(skb, peers);
	}
	if (ret)
		goto cancel;
	unl_genlmsg_end(skb, hdr);
	cb->args[WG_CB_STARTED] = 1;
	if (done)
		cb->args[WG_CB_DONE] = 1;
	return (int)unl_skb_len(skb);
cancel:
	unl_genlmsg_cancel(skb, hdr);
	return ret;
}

/* The sockaddr of an endpoint, as set_peer() takes it: exactly one of
 * the two families' structs, or nothing. */
static void set_endpoint(struct wg_peer *p, const struct nlattr *a)
{
	const struct sockaddr *sa = unl_nla_data(a);
	size_t len = (size_t)unl_nla_len(a);

	if (len == sizeof(struct sockaddr_in) && sa->sa_family == AF_INET) {
		memset(&p->endpoint, 0, sizeof(p->endpoint));
		memcpy(&p->endpoint.addr4, sa, len);
	} else if (len == sizeof(struct sockaddr_in6) &&
		   sa->sa_family == AF_INET6) {
		memset(&p->endpoint, 0, sizeof(p->endpoint));
		memcpy(&p->endpoint.addr6, sa, len);
	}
}

/* set_allowedip() */
static int set_allowedip(struct wg_priv *w, struct wg_peer *p,
			 const struct nlattr *nested)
{
	const struct nlattr *tb[WG_ALLOWEDIP_MAX + 1];
	struct wg_allowedip a = { 0 };
	uint32_t flags = 0;
	unsigned int len;
	int err;

	err = unl_nla_parse_nested(tb, WG_ALLOWEDIP_MAX, nested,
				   wg_allowedip_policy, UNL_VALIDATE_STRICT,
				   NULL);
	if (err)
		return err;
	if (!tb[WGALLOWEDIP_A_FAMILY] || !tb[WGALLOWEDIP_A_IPADDR] ||
	    !tb[WGALLOWEDIP_A_CIDR_MASK])
		return -EINVAL;
	a.family = unl_nla_get_u16(tb[WGALLOWEDIP_A_FAMILY]);
	a.cidr = unl_nla_get_u8(tb[WGALLOWEDIP_A_CIDR_MASK]);
	if (tb[WGALLOWEDIP_A_FLAGS])
		flags = unl_nla_get_u32(tb[WGALLOWEDIP_A_FLAGS]);
	len = (unsigned int)unl_nla_len(tb[WGALLOWEDIP_A_IPADDR]);
	if (!((a.family == AF_INET && a.cidr <= 32 && len == 4) ||
	      (a.family == AF_INET6 && a.cidr <= 128 && len == 16)))
		return -EINVAL;
	memcpy(a.ip, unl_nla_data(tb[WGALLOWEDIP_A_IPADDR]), len);
	prefix_mask(a.ip, len, a.cidr);
	if (flags & WGALLOWEDIP_F_REMOVE_ME) {
		ip_remove(w, p, &a);
		return 0;
	}
	return ip_insert(w, p, &a);
}

/* set_peer(): found by its key or made (unless it is to go or only to
 * be updated; the device's own key is ignored), then removed, or its
 * preshared key, endpoint, allowed IPs and keepalive. */
static int set_peer(struct wg_priv *w, const struct nlattr *nested)
{
	const struct nlattr *tb[WGPEER_A_MAX + 1], *a;
	const uint8_t *psk = NULL;
	struct wg_peer *p;
	uint32_t flags = 0;
	int err, rem;

	err = unl_nla_parse_nested(tb, WGPEER_A_MAX, nested, wg_peer_policy,
				   UNL_VALIDATE_STRICT, NULL);
	if (err)
		return err;
	if (!tb[WGPEER_A_PUBLIC_KEY])
		return -EINVAL;
	if (tb[WGPEER_A_PRESHARED_KEY])
		psk = unl_nla_data(tb[WGPEER_A_PRESHARED_KEY]);
	if (tb[WGPEER_A_FLAGS])
		flags = unl_nla_get_u32(tb[WGPEER_A_FLAGS]);
	if (tb[WGPEER_A_PROTOCOL_VERSION] &&
	    unl_nla_get_u32(tb[WGPEER_A_PROTOCOL_VERSION]) != 1)
		return -EPFNOSUPPORT;
	p = peer_find(w, unl_nla_data(tb[WGPEER_A_PUBLIC_KEY]));
	if (!p) {
		if (flags & (WGPEER_F_REMOVE_ME | WGPEER_F_UPDATE_ONLY))
			return 0;
		if (w->has_identity &&
		    !memcmp(unl_nla_data(tb[WGPEER_A_PUBLIC_KEY]),
			    w->static_public, WG_KEY_LEN))
			return 0;
		err = peer_create(w, unl_nla_data(tb[WGPEER_A_PUBLIC_KEY]),
				  psk, &p);
		if (err)
			return err;
		flags &= ~(uint32_t)WGPEER_F_REPLACE_ALLOWEDIPS;
	}
	if (flags & WGPEER_F_REMOVE_ME) {
		peer_remove(w, p);
		return 0;
	}
	if (psk)
		memcpy(p->preshared_key, psk, WG_KEY_LEN);
	if (tb[WGPEER_A_ENDPOINT])
		set_endpoint(p, tb[WGPEER_A_ENDPOINT]);
	if (flags & WGPEER_F_REPLACE_ALLOWEDIPS)
		p->nips = 0;
	if (tb[WGPEER_A_ALLOWEDIPS])
		unl_nla_for_each_nested(a, tb[WGPEER_A_ALLOWEDIPS], rem) {
			err = set_allowedip(w, p, a);
			if (err)
				return err;
		}
	a = tb[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL];
	if (a)
		p->keepalive = unl_nla_get_u16(a);
	return 0;
}

/* curve25519_generate_public(): false for the null key. */
static bool generate_public(uint8_t *pub, const uint8_t *secret)
{
	static const uint8_t null_key[WG_KEY_LEN];

	if (!memcmp(secret, null_key, WG_KEY_LEN))
		return false;
	curve25519_mul_g(pub, secret); /* clamps as RFC 7748 says */
	return true;
}

/* The private key of WG_CMD_SET_DEVICE: a peer with the public key it
 * makes goes first; stored clamped (curve25519_clamp_secret()). */
static void set_private_key(struct wg_priv *w, const uint8_t *key)
{
	uint8_t pub[WG_KEY_LEN];
	struct wg_peer *p;

	if (!memcmp(w->static_private, key, WG_KEY_LEN))
		return;
	p = generate_public(pub, key) ? peer_find(w, pub) : NULL;
	if (p)
		peer_remove(w, p);
	memcpy(w->static_private, key, WG_KEY_LEN);
	w->static_private[0] &= 248;
	w->static_private[31] = (uint8_t)((w->static_private[31] & 127) | 64);
	w->has_identity = generate_public(w->static_public, key);
}

/* set_port(): a running device moves its sockets. */
static int set_port(struct rtnl_link *l, uint16_t port)
{
	if (wgp(l)->incoming_port == port)
		return 0;
	if (!(l->flags & IFF_UP)) {
		wgp(l)->incoming_port = port;
		return 0;
	}
	return wg_socket_init(l, port);
}

/* wg_set_device(): fwmark, port, the peers replaced, the private key,
 * then each peer in turn; what was done before an error stays. */
static int wg_set_device(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr **attrs = info->attrs, *a;
	struct rtnl_link *l;
	struct wg_priv *w;
	uint32_t flags = 0;
	int err, rem;

	(void)skb;
	err = wg_lookup(info->net, attrs, &l);
	if (err)
		return err;
	w = wgp(l);
	if (attrs[WGDEVICE_A_FLAGS])
		flags = unl_nla_get_u32(attrs[WGDEVICE_A_FLAGS]);
	/* what the policy's mask refuses first since it has one */
	if (flags & ~(uint32_t)WGDEVICE_F_REPLACE_PEERS)
		return -EOPNOTSUPP;
	if (attrs[WGDEVICE_A_FWMARK])
		w->fwmark = unl_nla_get_u32(attrs[WGDEVICE_A_FWMARK]);
	a = attrs[WGDEVICE_A_LISTEN_PORT];
	if (a) {
		err = set_port(l, unl_nla_get_u16(a));
		if (err)
			return err;
	}
	if (flags & WGDEVICE_F_REPLACE_PEERS)
		peers_remove_all(w);
	if (attrs[WGDEVICE_A_PRIVATE_KEY])
		set_private_key(w, unl_nla_data(attrs[WGDEVICE_A_PRIVATE_KEY]));
	if (attrs[WGDEVICE_A_PEERS])
		unl_nla_for_each_nested(a, attrs[WGDEVICE_A_PEERS], rem) {
			err = set_peer(w, a);
			if (err)
				return err;
		}
	return 0;
}

static const struct unl_genl_ops wg_genl_ops[] = {
	{ .cmd = WG_CMD_GET_DEVICE, .start = wg_get_start,
	  .dumpit = wg_get_dump, .flags = GENL_UNS_ADMIN_PERM,
	  .policy = wg_device_policy_612, .maxattr = WGDEVICE_A_MAX,
	  .until = WG_FLAGS_MASK_SINCE },
	{ .cmd = WG_CMD_SET_DEVICE, .doit = wg_set_device,
	  .flags = GENL_UNS_ADMIN_PERM, .policy = wg_device_policy_612,
	  .maxattr = WGDEVICE_A_MAX, .until = WG_FLAGS_MASK_SINCE },
	{ .cmd = WG_CMD_GET_DEVICE, .start = wg_get_start,
	  .dumpit = wg_get_dump, .flags = GENL_UNS_ADMIN_PERM,
	  .since = WG_FLAGS_MASK_SINCE },
	{ .cmd = WG_CMD_SET_DEVICE, .doit = wg_set_device,
	  .flags = GENL_UNS_ADMIN_PERM, .since = WG_FLAGS_MASK_SINCE },
};

void wg_genl_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, WG_GENL_NAME);
	family->version = WG_GENL_VERSION;
	family->maxattr = WGDEVICE_A_MAX;
	family->policy = wg_device_policy;
	family->netnsok = true;
	family->resv_start_op = WG_CMD_SET_DEVICE + 1;
	family->ops = wg_genl_ops;
	family->n_ops = sizeof(wg_genl_ops) / sizeof(wg_genl_ops[0]);
}
