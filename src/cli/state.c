// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * State files (docs/state.md): a net's configuration saved as the
 * rtnetlink requests that make it again, and loaded by sending them.
 *
 * Saving dumps links, addresses, nexthops, routes, rules and neighbours
 * and turns each object the user made into the request that makes it,
 * with only the attributes a request may carry (a dump also carries
 * counters, timers and what the kernel computed).  What the kernel makes
 * by itself (loopback and link-local addresses, the routes of addresses,
 * the default rules' twins) is left to it, so that the loaded net shows
 * the same dumps.  The order is the order of dependencies:
 *
 *   link     every device, created down, its lower device first, with
 *            its ifindex and address (a veth pair once, from its first
 *            end)
 *   set      masters, then bridge-port options, addrgenmode, and the
 *            settings of lo (which exists already)
 *   altname, wireguard, vlan, sysctl   (state_more.c)
 *   neightbl (state_neigh.c)
 *   addr     addresses, in dump order (that is the order Linux keeps)
 *   up       the devices that were up, in ifindex order
 *   nexthop  single nexthops, then groups
 *   route    routes of every table
 *   rule     the default rules removed, then every rule in order
 *   neigh    neighbours, then proxy entries
 *   tc       (state_tc.c)
 *   fdb, mdb (state_more.c)
 *   xfrm-sa, xfrm-policy   the SAD and the SPD (NETLINK_XFRM), oldest
 *            first; xfrm-spd (state_more.c)
 *   ipset    (state_more.c)
 *   nftables the ruleset as one nfnetlink batch
 *   conntrack  (state_more.c)
 *
 * Each line of the file is "STEP PROTOCOL HEX" (or one JSON object a
 * line with -j), the request (or batch) without sequence numbers or
 * port ids; a sysctl's is "sysctl PATH VALUE".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <linux/xfrm.h>

#include "cli/state.h"
#include "cli/state-private.h"
#include "wire/hexmsg.h"

#define STATE_MAGIC "# unetlink state 1"
#define JSON_MAGIC "{\"unetlink_state\":1,"

/* ---- a request being written ------------------------------------- */


void st_buf_put(struct buf *b, const void *data, size_t n)
{
	size_t need = b->len + NLA_ALIGN(n);

	if (b->oom)
		return;
	if (need > b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 1024;
		unsigned char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	/* padding is zero, as the kernel writes it */
	memset(b->p + b->len + n, 0, NLA_ALIGN(n) - n);
	b->len = need;
}

void st_req_start(struct buf *b, uint16_t type, uint16_t flags,
		      const void *hdr, size_t hlen)
{
	struct nlmsghdr h = { .nlmsg_type = type,
			      .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags };

	b->len = 0;
	st_buf_put(b, &h, sizeof(h));
	st_buf_put(b, hdr, hlen);
}

void st_put_attr(struct buf *b, uint16_t type, const void *data,
		     size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n),
			    .nla_type = type };

	st_buf_put(b, &a, sizeof(a));
	st_buf_put(b, data, n);
}

/* An attribute of a dump, as it came (type bits and all). */
void st_put_copy(struct buf *b, const struct nlattr *a)
{
	st_buf_put(b, a, a->nla_len);
}

void st_put_u32(struct buf *b, uint16_t type, uint32_t v)
{
	st_put_attr(b, type, &v, sizeof(v));
}

/* Nests are kept by offset: the buffer may move while they grow. */
size_t st_nest_start(struct buf *b, uint16_t type)
{
	size_t off = b->len;

	st_put_attr(b, type, NULL, 0);
	return off;
}

void st_nest_end(struct buf *b, size_t off)
{
	struct nlattr a;

	if (b->oom)
		return;
	memcpy(&a, b->p + off, sizeof(a));
	a.nla_len = (uint16_t)(b->len - off);
	memcpy(b->p + off, &a, sizeof(a));
}

void st_req_end(struct buf *b)
{
	struct nlmsghdr h;

	if (b->oom)
		return;
	memcpy(&h, b->p, sizeof(h));
	h.nlmsg_len = (uint32_t)b->len;
	memcpy(b->p, &h, sizeof(h));
}

/* ---- dumps ------------------------------------------------------- */


void st_msgs_free(struct msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int st_msgs_add(struct msgs *m, const struct nlmsghdr *h)
{
	struct nlmsghdr *c;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct nlmsghdr **v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	c = malloc(h->nlmsg_len);
	if (!c)
		return -ENOMEM;
	memcpy(c, h, h->nlmsg_len);
	m->v[m->n++] = c;
	return 0;
}

int st_nl_open(int protocol)
{
	int one = 1, fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				 protocol);

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}


/*
 * Send type with family header hdr, as a dump or a request that is none,
 * and keep copies of the messages answered in m.  0, or the -errno the
 * dump or the request ended with.
 */
static int converse(int fd, uint16_t type, bool is_dump, const void *hdr,
		    size_t hlen, const struct buf *attrs, struct msgs *m)
{
	static uint32_t seq = 1000;
	struct buf b = { 0 };
	unsigned char *rb = malloc(RECV_BUF);
	int ret = 0;
	bool done = false;

	if (!rb)
		return -ENOMEM;
	st_req_start(&b, type, is_dump ? NLM_F_DUMP : 0, hdr, hlen);
	if (attrs)
		st_buf_put(&b, attrs->p, attrs->len);
	st_req_end(&b);
	if (b.oom) {
		free(rb);
		return -ENOMEM;
	}
	/* a dump ends with NLMSG_DONE; a request with its ACK */
	if (is_dump)
		((struct nlmsghdr *)b.p)->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	((struct nlmsghdr *)b.p)->nlmsg_seq = ++seq;
	if (send(fd, b.p, b.len, 0) < 0)
		ret = -errno;
	free(b.p);
	while (!ret && !done) {
		ssize_t n = recv(fd, rb, RECV_BUF, 0);
		size_t left;

		if (n < 0) {
			ret = errno == EINTR ? 0 : -errno;
			continue;
		}
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)rb;
		     !ret && !done && NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				ret = e->error ? e->error
					       : is_dump ? -EPROTO : 0;
				done = true;
			} else {
				ret = st_msgs_add(m, h);
			}
		}
	}
	free(rb);
	return ret;
}

int st_dump_with(int fd, uint16_t type, const void *hdr, size_t hlen,
		 const struct buf *attrs, struct msgs *m)
{
	return converse(fd, type, true, hdr, hlen, attrs, m);
}

int st_query(int fd, uint16_t type, const void *hdr, size_t hlen,
	     const struct buf *attrs, struct msgs *m)
{
	return converse(fd, type, false, hdr, hlen, attrs, m);
}

int st_dump(int fd, uint16_t type, const void *hdr, size_t hlen,
		struct msgs *m)
{
	return st_dump_with(fd, type, hdr, hlen, NULL, m);
}

/* ---- attributes of a dumped message ------------------------------ */

void st_parse(const void *start, size_t len, const struct nlattr **tb,
		  int max)
{
	const struct nlattr *a = start;

	memset(tb, 0, (size_t)(max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = a;
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
}

const void *st_payload(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

size_t st_plen(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

uint32_t st_get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a && st_plen(a) >= sizeof(v))
		memcpy(&v, st_payload(a), sizeof(v));
	return v;
}

uint8_t st_get_u8(const struct nlattr *a)
{
	return a && st_plen(a) >= 1 ? *(const uint8_t *)st_payload(a) : 0;
}

/* The attributes of message h after a family header of hlen bytes. */
void st_parse_msg(const struct nlmsghdr *h, size_t hlen,
		      const struct nlattr **tb, int max)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hlen);

	if (h->nlmsg_len < off)
		off = h->nlmsg_len;
	st_parse((const char *)h + off, h->nlmsg_len - off, tb, max);
}

/* Copy every attribute of [start, len) but those skip says no to. */
void st_copy_attrs(struct buf *b, const void *start, size_t len,
		       bool (*skip)(const struct nlattr *a, const void *ctx),
		       const void *ctx)
{
	const struct nlattr *a = start;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len) {
		if (!skip || !skip(a, ctx))
			st_put_copy(b, a);
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
}

/* ---- the output --------------------------------------------------- */


static const char *type_name(int protocol, uint16_t t)
{
	if (protocol == NETLINK_NETFILTER) {
		static const char *const nft[] = {
			[NFT_MSG_NEWTABLE] = "NFT_MSG_NEWTABLE",
			[NFT_MSG_NEWCHAIN] = "NFT_MSG_NEWCHAIN",
			[NFT_MSG_NEWRULE] = "NFT_MSG_NEWRULE",
			[NFT_MSG_NEWSET] = "NFT_MSG_NEWSET",
			[NFT_MSG_NEWSETELEM] = "NFT_MSG_NEWSETELEM",
			[NFT_MSG_NEWOBJ] = "NFT_MSG_NEWOBJ",
			[NFT_MSG_NEWFLOWTABLE] = "NFT_MSG_NEWFLOWTABLE",
		};
		unsigned m = t & 0xff;

		if (t == NFNL_MSG_BATCH_BEGIN)
			return "NFNL_MSG_BATCH_BEGIN";
		if (t == (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW))
			return "IPCTNL_MSG_CT_NEW";
		if (t == (NFNL_SUBSYS_IPSET << 8 | IPSET_CMD_CREATE))
			return "IPSET_CMD_CREATE";
		if (t == (NFNL_SUBSYS_IPSET << 8 | IPSET_CMD_ADD))
			return "IPSET_CMD_ADD";
		return (t >> 8) == NFNL_SUBSYS_NFTABLES &&
		       m < sizeof(nft) / sizeof(nft[0]) && nft[m] ? nft[m]
								  : "?";
	}
	/* a generic family's id is asked for by the step's name */
	if (protocol == NETLINK_GENERIC)
		return "GENL";
	if (protocol == NETLINK_XFRM)
		return t == XFRM_MSG_NEWSA ? "XFRM_MSG_NEWSA"
		       : t == XFRM_MSG_NEWPOLICY ? "XFRM_MSG_NEWPOLICY"
		       : t == XFRM_MSG_SETDEFAULT ? "XFRM_MSG_SETDEFAULT"
		       : t == XFRM_MSG_NEWSPDINFO ? "XFRM_MSG_NEWSPDINFO"
						  : "?";
	switch (t) {
	case RTM_NEWLINK: return "RTM_NEWLINK";
	case RTM_NEWADDR: return "RTM_NEWADDR";
	case RTM_NEWROUTE: return "RTM_NEWROUTE";
	case RTM_NEWRULE: return "RTM_NEWRULE";
	case RTM_DELRULE: return "RTM_DELRULE";
	case RTM_NEWNEIGH: return "RTM_NEWNEIGH";
	case RTM_NEWNEXTHOP: return "RTM_NEWNEXTHOP";
	case RTM_NEWLINKPROP: return "RTM_NEWLINKPROP";
	case RTM_SETLINK: return "RTM_SETLINK";
	case RTM_DELLINK: return "RTM_DELLINK";
	case RTM_NEWMDB: return "RTM_NEWMDB";
	case RTM_NEWVLAN: return "RTM_NEWVLAN";
	case RTM_NEWQDISC: return "RTM_NEWQDISC";
	case RTM_NEWTCLASS: return "RTM_NEWTCLASS";
	case RTM_NEWTFILTER: return "RTM_NEWTFILTER";
	case RTM_NEWACTION: return "RTM_NEWACTION";
	case RTM_SETNEIGHTBL: return "RTM_SETNEIGHTBL";
	default: return "?";
	}
}

void st_emit(struct out *o, const char *step, struct buf *b)
{
	st_req_end(b);
	st_emit_raw(o, step, b);
}

/* A datagram as it is (one request, or a batch of several). */
void st_emit_raw(struct out *o, const char *step, struct buf *b)
{
	const struct nlmsghdr *h = (const void *)b->p;

	if (b->oom) {
		o->oom = true;
		return;
	}
	if (o->json)
		fprintf(o->fp, "%s{\"step\":\"%s\",\"protocol\":%d,"
			"\"type\":\"%s\",\"flags\":%u,\"request\":\"",
			o->n ? ",\n" : "\n", step, o->protocol,
			type_name(o->protocol, h->nlmsg_type), h->nlmsg_flags);
	else
		fprintf(o->fp, "%s %d ", step, o->protocol);
	for (size_t i = 0; i < b->len; i++)
		fprintf(o->fp, "%02x", b->p[i]);
	fputs(o->json ? "\"}" : "\n", o->fp);
	o->n++;
}

/* ---- links --------------------------------------------------------- */


struct link *st_link_by_index(struct net_state *s, int ifindex)
{
	for (size_t i = 0; i < s->nlinks; i++)
		if (s->links[i].ifi->ifi_index == ifindex)
			return &s->links[i];
	return NULL;
}

/* A device we could not make: its objects are left out too. */
bool st_link_skipped(struct net_state *s, int ifindex)
{
	struct link *l = st_link_by_index(s, ifindex);

	return l && l->skip;
}

const char *st_link_name(const struct link *l)
{
	return l->tb[IFLA_IFNAME] ? (const char *)st_payload(l->tb[IFLA_IFNAME])
				  : "?";
}

/* The flags a request can set besides IFF_UP (dev_change_flags). */
#define LINK_FLAGS (IFF_DEBUG | IFF_NOARP | IFF_DYNAMIC | IFF_MULTICAST | \
		    IFF_PROMISC | IFF_ALLMULTI)

/* The device's own settings, as a creating request carries them. */
static void put_link_settings(struct buf *b, const struct link *l,
			      bool with_address)
{
	static const int copied[] = {
		IFLA_MTU, IFLA_TXQLEN, IFLA_IFALIAS, IFLA_NUM_TX_QUEUES,
		IFLA_NUM_RX_QUEUES, IFLA_GSO_MAX_SIZE, IFLA_GSO_MAX_SEGS,
		IFLA_GRO_MAX_SIZE,
	};

	if (l->tb[IFLA_IFNAME] && !l->is_lo)
		st_put_copy(b, l->tb[IFLA_IFNAME]);
	if (with_address && l->tb[IFLA_ADDRESS])
		st_put_copy(b, l->tb[IFLA_ADDRESS]);
	if (with_address && l->tb[IFLA_BROADCAST])
		st_put_copy(b, l->tb[IFLA_BROADCAST]);
	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
		if (l->tb[copied[i]] && (!l->is_lo ||
					 (copied[i] != IFLA_NUM_TX_QUEUES &&
					  copied[i] != IFLA_NUM_RX_QUEUES)))
			st_put_copy(b, l->tb[copied[i]]);
	if (st_get_u32(l->tb[IFLA_GROUP]))
		st_put_copy(b, l->tb[IFLA_GROUP]);
	if (st_get_u8(l->tb[IFLA_LINKMODE]))
		st_put_copy(b, l->tb[IFLA_LINKMODE]);
}

/* What a kind's dump carries that no request may set: state, timers,
 * references to other devices (set once they exist); and defaults that
 * a kernel built without the feature dumps but refuses to be given. */
static bool skip_info_data(const struct nlattr *a, const void *ctx)
{
	const char *kind = ctx;
	int type = a->nla_type & NLA_TYPE_MASK;

	if (!strcmp(kind, "bridge"))
		return (type == IFLA_BR_VLAN_FILTERING && !st_get_u8(a)) ||
		       type == IFLA_BR_MULTI_BOOLOPT || (type >= IFLA_BR_ROOT_ID && type <= IFLA_BR_GC_TIMER) ||
		       type == IFLA_BR_FDB_FLUSH || type == IFLA_BR_PAD ||
		       /* then FDB_N_LEARNED (a count), FDB_MAX_LEARNED */
		       type == IFLA_BR_MCAST_QUERIER_STATE ||
		       type == IFLA_BR_MCAST_QUERIER_STATE + 1 ||
		       type > IFLA_BR_MCAST_QUERIER_STATE + 2;
	if (!strcmp(kind, "macvlan") || !strcmp(kind, "macvtap"))
		return type == IFLA_MACVLAN_MACADDR_COUNT ||
		       type == IFLA_MACVLAN_BC_QUEUE_LEN_USED;
	/* dumped as a u8, taken as a flag: put back below when on */
	if (!strcmp(kind, "vxlan"))
		return type == IFLA_VXLAN_TTL_INHERIT;
	/* dumped with an all-ones mask, which a request may not carry */
	if (!strcmp(kind, "vlan"))
		return type == IFLA_VLAN_FLAGS;
	if (!strcmp(kind, "bond"))
		return type == IFLA_BOND_ACTIVE_SLAVE ||
		       type == IFLA_BOND_PRIMARY || type == IFLA_BOND_AD_INFO;
	return false;
}

static bool skip_port_data(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == IFLA_BRPORT_STATE ||
	       (type >= IFLA_BRPORT_ROOT_ID && type <= IFLA_BRPORT_FLUSH) ||
	       type == IFLA_BRPORT_PAD || type == IFLA_BRPORT_BACKUP_PORT ||
	       type == IFLA_BRPORT_MCAST_EHT_HOSTS_CNT ||
	       type > IFLA_BRPORT_LOCKED;
}

/* A bridge dumps every boolean option it knows; a request names only
 * those that are on (all are off by default), since a kernel without a
 * feature refuses to be told even "off" about it. */
static void put_bridge_boolopts(struct buf *b, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_BR_MAX + 1];
	struct br_boolopt_multi bm;

	st_parse(st_payload(data), st_plen(data), tb, IFLA_BR_MAX);
	if (!tb[IFLA_BR_MULTI_BOOLOPT] ||
	    st_plen(tb[IFLA_BR_MULTI_BOOLOPT]) < sizeof(bm))
		return;
	memcpy(&bm, st_payload(tb[IFLA_BR_MULTI_BOOLOPT]), sizeof(bm));
	bm.optmask = bm.optval;
	if (bm.optval)
		st_put_attr(b, IFLA_BR_MULTI_BOOLOPT, &bm, sizeof(bm));
}

static void put_vxlan_flags(struct buf *b, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_VXLAN_MAX + 1];

	st_parse(st_payload(data), st_plen(data), tb, IFLA_VXLAN_MAX);
	if (st_get_u8(tb[IFLA_VXLAN_TTL_INHERIT]))
		st_put_attr(b, IFLA_VXLAN_TTL_INHERIT, NULL, 0);
}

/* The flags vlan_dev_change_flags() knows: REORDER_HDR, GVRP,
 * LOOSE_BINDING, MVRP, BRIDGE_BINDING. */
#define VLAN_KNOWN_FLAGS 0x1fu

static void put_vlan_flags(struct buf *b, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_VLAN_MAX + 1];
	struct ifla_vlan_flags f;

	st_parse(st_payload(data), st_plen(data), tb, IFLA_VLAN_MAX);
	if (!tb[IFLA_VLAN_FLAGS] || st_plen(tb[IFLA_VLAN_FLAGS]) < sizeof(f))
		return;
	memcpy(&f, st_payload(tb[IFLA_VLAN_FLAGS]), sizeof(f));
	f.flags &= VLAN_KNOWN_FLAGS;
	f.mask = VLAN_KNOWN_FLAGS;
	st_put_attr(b, IFLA_VLAN_FLAGS, &f, sizeof(f));
}

static void put_linkinfo(struct buf *b, const struct link *l,
			 const char *kind)
{
	size_t li = st_nest_start(b, IFLA_LINKINFO);

	st_put_attr(b, IFLA_INFO_KIND, kind, strlen(kind) + 1);
	if (l->info[IFLA_INFO_DATA] && strcmp(kind, "veth")) {
		size_t d = st_nest_start(b, IFLA_INFO_DATA);

		st_copy_attrs(b, st_payload(l->info[IFLA_INFO_DATA]),
			   st_plen(l->info[IFLA_INFO_DATA]), skip_info_data, kind);
		if (!strcmp(kind, "bridge"))
			put_bridge_boolopts(b, l->info[IFLA_INFO_DATA]);
		if (!strcmp(kind, "vxlan"))
			put_vxlan_flags(b, l->info[IFLA_INFO_DATA]);
		if (!strcmp(kind, "vlan"))
			put_vlan_flags(b, l->info[IFLA_INFO_DATA]);
		st_nest_end(b, d);
	}
	st_nest_end(b, li);
}

static struct ifinfomsg create_hdr(const struct link *l)
{
	return (struct ifinfomsg){
		.ifi_family = AF_UNSPEC,
		.ifi_index = l->ifi->ifi_index,
		.ifi_flags = l->ifi->ifi_flags & LINK_FLAGS,
		.ifi_change = LINK_FLAGS,
	};
}

/* A veth pair is made once, from one end, with the other as its peer. */
static void put_veth_peer(struct buf *b, struct net_state *s,
			  struct link *peer)
{
	size_t li = st_nest_start(b, IFLA_LINKINFO), d, p;
	struct ifinfomsg pi;

	st_put_attr(b, IFLA_INFO_KIND, "veth", 5);
	d = st_nest_start(b, IFLA_INFO_DATA);
	p = st_nest_start(b, VETH_INFO_PEER);
	pi = create_hdr(peer);
	st_buf_put(b, &pi, sizeof(pi));
	put_link_settings(b, peer, true);
	st_nest_end(b, p);
	st_nest_end(b, d);
	st_nest_end(b, li);
	peer->made = true;
	(void)s;
}

static int link_load(struct net_state *s, int fd)
{
	int ret = st_dump(fd, RTM_GETLINK, &(struct ifinfomsg){ 0 },
		       sizeof(struct ifinfomsg), &s->links_m);

	if (ret)
		return ret;
	s->links = calloc(s->links_m.n ? s->links_m.n : 1, sizeof(*s->links));
	if (!s->links)
		return -ENOMEM;
	for (size_t i = 0; i < s->links_m.n; i++) {
		struct link *l = &s->links[s->nlinks];
		const struct nlmsghdr *h = s->links_m.v[i];

		if (h->nlmsg_type != RTM_NEWLINK ||
		    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
			continue;
		l->h = h;
		l->ifi = NLMSG_DATA(h);
		st_parse_msg(h, sizeof(*l->ifi), l->tb, IFLA_MAX);
		if (l->tb[IFLA_LINKINFO])
			st_parse(st_payload(l->tb[IFLA_LINKINFO]),
			      st_plen(l->tb[IFLA_LINKINFO]), l->info,
			      IFLA_INFO_MAX);
		if (l->info[IFLA_INFO_KIND])
			snprintf(l->kind, sizeof(l->kind), "%.*s",
				 (int)st_plen(l->info[IFLA_INFO_KIND]),
				 (const char *)st_payload(l->info[IFLA_INFO_KIND]));
		l->is_lo = l->ifi->ifi_type == ARPHRD_LOOPBACK;
		if (l->tb[IFLA_LINK] && !l->tb[IFLA_LINK_NETNSID] &&
		    (int)st_get_u32(l->tb[IFLA_LINK]) != l->ifi->ifi_index)
			l->lower = (int)st_get_u32(l->tb[IFLA_LINK]);
		s->nlinks++;
	}
	return 0;
}

/* A tunnel module's fallback device (gre0, sit0, ip6tnl0...): its
 * module makes it in every net, the request would find it there. */
static bool link_is_fallback_tunnel(const struct link *l)
{
	static const char *const fb[][2] = {
		{ "gre", "gre0" },	   { "gretap", "gretap0" },
		{ "erspan", "erspan0" },   { "ipip", "tunl0" },
		{ "vti", "ip_vti0" },	   { "sit", "sit0" },
		{ "ip6tnl", "ip6tnl0" },   { "ip6gre", "ip6gre0" },
		{ "vti6", "ip6_vti0" },
	};

	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		if (!strcmp(l->kind, fb[i][0]) &&
		    !strcmp(st_link_name(l), fb[i][1]))
			return true;
	return false;
}

/* Whether l can be made, saying why not on stderr. */
static bool link_makeable(struct link *l, const struct state_save_opts *o)
{
	const char *why = NULL;

	if (l->is_lo)
		return true;
	if (link_is_fallback_tunnel(l))
		why = "a tunnel module's fallback device, which the module "
		      "makes";
	else if (!l->kind[0] && !o->kindless_as_dummy)
		why = "a device without a kind (hardware) cannot be made";
	else if (!strcmp(l->kind, "tun"))
		why = "tun and tap devices are made through /dev/net/tun, "
		      "not netlink";
	else if (l->tb[IFLA_LINK_NETNSID])
		why = "its peer or lower device is in another net";
	if (!why)
		return true;
	fprintf(stderr, "unetlink: state: %s: left out: %s\n", st_link_name(l),
		why);
	return false;
}

/* A bridge whose address is its lowest port's took it from its ports
 * (Linux does while no address was set): made without one, it takes it
 * again, and its FDB's local entries are the same. */
static bool bridge_address_derived(struct net_state *s, const struct link *l)
{
	const struct nlattr *low = NULL, *own = l->tb[IFLA_ADDRESS];

	if (strcmp(l->kind, "bridge") || !own)
		return false;
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct nlattr *a = s->links[i].tb[IFLA_ADDRESS];

		if (!s->links[i].tb[IFLA_MASTER] ||
		    (int)st_get_u32(s->links[i].tb[IFLA_MASTER]) !=
			    l->ifi->ifi_index ||
		    !a || st_plen(a) != st_plen(own))
			continue;
		if (!low || memcmp(st_payload(a), st_payload(low),
				   st_plen(a)) < 0)
			low = a;
	}
	return low && !memcmp(st_payload(low), st_payload(own), st_plen(own));
}

static void link_create(struct out *o, struct net_state *s, struct link *l,
			const struct state_save_opts *so, struct buf *b)
{
	const char *kind = l->kind[0] ? l->kind : "dummy";
	struct ifinfomsg ifi = create_hdr(l);
	bool with_address = strcmp(kind, "ipvlan") && strcmp(kind, "ipvtap") &&
			    !bridge_address_derived(s, l);

	(void)so;
	st_req_start(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi,
		  sizeof(ifi));
	put_link_settings(b, l, with_address);
	if (l->lower && strcmp(kind, "veth"))
		st_put_u32(b, IFLA_LINK, (uint32_t)l->lower);
	if (!strcmp(kind, "veth")) {
		struct link *peer = st_link_by_index(s, l->lower);

		if (peer && !peer->made && !peer->skip)
			put_veth_peer(b, s, peer);
		else
			put_linkinfo(b, l, kind);
	} else {
		put_linkinfo(b, l, kind);
	}
	st_emit(o, "link", b);
	l->made = true;
}

static void links_create(struct out *o, struct net_state *s,
			 const struct state_save_opts *so, struct buf *b)
{
	bool progress = true;

	for (size_t i = 0; i < s->nlinks; i++) {
		struct link *l = &s->links[i];

		l->skip = !link_makeable(l, so);
		l->made = l->is_lo;
	}
	/* lower devices first; a veth end is made with its peer */
	while (progress) {
		progress = false;
		for (size_t i = 0; i < s->nlinks; i++) {
			struct link *l = &s->links[i], *low;

			if (l->made || l->skip)
				continue;
			low = st_link_by_index(s, l->lower);
			if (strcmp(l->kind, "veth") && low && !low->made) {
				if (low->skip) {
					fprintf(stderr, "unetlink: state: %s: "
						"left out: its lower device "
						"is\n", st_link_name(l));
					l->skip = true;
					progress = true;
				}
				continue;
			}
			link_create(o, s, l, so, b);
			progress = true;
		}
	}
}

/* Masters, port options, addrgenmode and lo's settings: the devices
 * exist now. */
static void links_set(struct out *o, struct net_state *s, struct buf *b)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		struct link *l = &s->links[i];
		struct ifinfomsg ifi = { .ifi_index = l->ifi->ifi_index };
		const struct nlattr *af[AF_INET6 + 1], *in6[IFLA_INET6_MAX + 1];
		uint8_t mode = 0;

		if (l->skip)
			continue;
		if (l->tb[IFLA_AF_SPEC]) {
			st_parse(st_payload(l->tb[IFLA_AF_SPEC]),
			      st_plen(l->tb[IFLA_AF_SPEC]), af, AF_INET6);
			if (af[AF_INET6]) {
				st_parse(st_payload(af[AF_INET6]), st_plen(af[AF_INET6]),
				      in6, IFLA_INET6_MAX);
				mode = st_get_u8(in6[IFLA_INET6_ADDR_GEN_MODE]);
			}
		}
		if (l->is_lo) {
			ifi = create_hdr(l);
			st_req_start(b, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
			put_link_settings(b, l, false);
			st_emit(o, "set", b);
		}
		if (l->tb[IFLA_MASTER] &&
		    !st_link_skipped(s, (int)st_get_u32(l->tb[IFLA_MASTER]))) {
			st_req_start(b, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
			st_put_copy(b, l->tb[IFLA_MASTER]);
			st_emit(o, "set", b);
		}
		if (l->tb[IFLA_MASTER] && l->info[IFLA_INFO_SLAVE_KIND] &&
		    l->info[IFLA_INFO_SLAVE_DATA] &&
		    !strcmp(st_payload(l->info[IFLA_INFO_SLAVE_KIND]), "bridge")) {
			size_t li, d;

			st_req_start(b, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
			li = st_nest_start(b, IFLA_LINKINFO);
			d = st_nest_start(b, IFLA_INFO_SLAVE_DATA);
			st_copy_attrs(b, st_payload(l->info[IFLA_INFO_SLAVE_DATA]),
				   st_plen(l->info[IFLA_INFO_SLAVE_DATA]),
				   skip_port_data, NULL);
			st_nest_end(b, d);
			st_nest_end(b, li);
			st_emit(o, "set", b);
		}
		if (mode) {
			size_t n, f;

			st_req_start(b, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
			n = st_nest_start(b, IFLA_AF_SPEC);
			f = st_nest_start(b, AF_INET6);
			st_put_attr(b, IFLA_INET6_ADDR_GEN_MODE, &mode, 1);
			st_nest_end(b, f);
			st_nest_end(b, n);
			st_emit(o, "set", b);
		}
	}
}

static void links_up(struct out *o, struct net_state *s, struct buf *b)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		struct link *l = &s->links[i];
		struct ifinfomsg ifi = { .ifi_index = l->ifi->ifi_index,
					 .ifi_flags = IFF_UP,
					 .ifi_change = IFF_UP };

		if (l->skip || !(l->ifi->ifi_flags & IFF_UP))
			continue;
		st_req_start(b, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
		st_emit(o, "up", b);
	}
}

/* ---- addresses, routes, rules, neighbours, nexthops ---------------- */

/* The flags a request may carry (the rest the kernel computes). */
#define ADDR_FLAGS (IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS | \
		    IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE | \
		    IFA_F_MCAUTOJOIN | IFA_F_STABLE_PRIVACY)

static void save_addr(struct out *o, struct net_state *s,
		      const struct nlmsghdr *h, struct buf *b)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg m = *ifa;
	uint32_t flags;
	uint8_t proto;

	st_parse_msg(h, sizeof(*ifa), tb, IFA_MAX);
	proto = st_get_u8(tb[IFA_PROTO]);
	/* loopback, router-advertised and link-local addresses are the
	 * kernel's own: it makes them again */
	if (proto == IFAPROT_KERNEL_LO || proto == IFAPROT_KERNEL_RA ||
	    proto == IFAPROT_KERNEL_LL ||
	    st_link_skipped(s, (int)ifa->ifa_index))
		return;
	flags = tb[IFA_FLAGS] ? st_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	flags &= ADDR_FLAGS;
	m.ifa_flags = (uint8_t)flags;
	st_req_start(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	if (tb[IFA_LOCAL])
		st_put_copy(b, tb[IFA_LOCAL]);
	if (tb[IFA_ADDRESS])
		st_put_copy(b, tb[IFA_ADDRESS]);
	if (tb[IFA_BROADCAST])
		st_put_copy(b, tb[IFA_BROADCAST]);
	if (tb[IFA_LABEL])
		st_put_copy(b, tb[IFA_LABEL]);
	if (flags > 0xff)
		st_put_u32(b, IFA_FLAGS, flags);
	if (tb[IFA_CACHEINFO] && st_plen(tb[IFA_CACHEINFO]) >=
					 sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo ci;

		memcpy(&ci, st_payload(tb[IFA_CACHEINFO]), sizeof(ci));
		/* remaining lifetimes; forever stays forever */
		if (ci.ifa_valid != 0xffffffffu) {
			struct ifa_cacheinfo want = {
				.ifa_prefered = ci.ifa_prefered,
				.ifa_valid = ci.ifa_valid,
			};

			st_put_attr(b, IFA_CACHEINFO, &want, sizeof(want));
		}
	}
	if (tb[IFA_RT_PRIORITY])
		st_put_copy(b, tb[IFA_RT_PRIORITY]);
	if (proto)
		st_put_copy(b, tb[IFA_PROTO]);
	st_emit(o, "addr", b);
}

/* Nexthop attributes a request may carry (the policy is strict). */
static bool skip_nh_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return !(type == NHA_ID || type == NHA_GROUP ||
		 type == NHA_GROUP_TYPE || type == NHA_BLACKHOLE ||
		 type == NHA_OIF || type == NHA_GATEWAY ||
		 type == NHA_ENCAP_TYPE || type == NHA_ENCAP ||
		 type == NHA_FDB);
}

static void save_nexthop(struct out *o, struct net_state *s,
			 const struct nlmsghdr *h, bool groups,
			 struct buf *b)
{
	const struct nhmsg *nh = NLMSG_DATA(h);
	const struct nlattr *tb[NHA_MAX + 1];
	struct nhmsg m = *nh;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*nh));

	st_parse_msg(h, sizeof(*nh), tb, NHA_MAX);
	if (!!tb[NHA_GROUP] != groups ||
	    (tb[NHA_OIF] && st_link_skipped(s, (int)st_get_u32(tb[NHA_OIF]))))
		return;
	m.nh_flags &= RTNH_F_ONLINK;
	m.nh_scope = 0; /* computed; a request must leave it 0 */
	st_req_start(b, RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, &m,
		  sizeof(m));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off, skip_nh_attr,
		   NULL);
	st_emit(o, "nexthop", b);
}

struct route_ctx {
	bool by_id; /* RTA_NH_ID: the nexthop's own attributes go */
};

static bool skip_route_attr(const struct nlattr *a, const void *ctx)
{
	const struct route_ctx *c = ctx;
	int type = a->nla_type & NLA_TYPE_MASK;

	if (type == RTA_CACHEINFO || type == RTA_TABLE)
		return type == RTA_CACHEINFO;
	return c->by_id && (type == RTA_OIF || type == RTA_GATEWAY ||
			    type == RTA_MULTIPATH || type == RTA_VIA ||
			    type == RTA_FLOW || type == RTA_ENCAP ||
			    type == RTA_ENCAP_TYPE);
}

static void save_route(struct out *o, struct net_state *s,
		       const struct nlmsghdr *h, struct buf *b)
{
	const struct rtmsg *rt = NLMSG_DATA(h);
	const struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg m = *rt;
	struct route_ctx c;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*rt));

	st_parse_msg(h, sizeof(*rt), tb, RTA_MAX);
	/* the routes of addresses and devices are the kernel's */
	if (rt->rtm_protocol == RTPROT_KERNEL || (rt->rtm_flags & RTM_F_CLONED) ||
	    (tb[RTA_OIF] && st_link_skipped(s, (int)st_get_u32(tb[RTA_OIF]))))
		return;
	c.by_id = tb[RTA_NH_ID] != NULL;
	m.rtm_flags &= RTNH_F_ONLINK;
	st_req_start(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off,
		   skip_route_attr, &c);
	st_emit(o, "route", b);
}

/* The rules a fresh net has, which a loaded state replaces. */
static void remove_default_rules(struct out *o, struct buf *b)
{
	static const struct {
		uint8_t family;
		uint32_t prio, table;
	} defaults[] = {
		{ AF_INET, 0, RT_TABLE_LOCAL },
		{ AF_INET, 32766, RT_TABLE_MAIN },
		{ AF_INET, 32767, RT_TABLE_DEFAULT },
		{ AF_INET6, 0, RT_TABLE_LOCAL },
		{ AF_INET6, 32766, RT_TABLE_MAIN },
	};

	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		struct fib_rule_hdr r = {
			.family = defaults[i].family,
			.table = (uint8_t)defaults[i].table,
			.action = FR_ACT_TO_TBL,
		};

		st_req_start(b, RTM_DELRULE, 0, &r, sizeof(r));
		st_put_u32(b, FRA_PRIORITY, defaults[i].prio);
		st_put_u32(b, FRA_TABLE, defaults[i].table);
		st_emit(o, "rule", b);
	}
}

static void save_rule(struct out *o, const struct nlmsghdr *h,
		      struct buf *b)
{
	const struct fib_rule_hdr *fr = NLMSG_DATA(h);
	struct fib_rule_hdr m = *fr;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*fr));

	/* what the kernel computes: a goto's target missing, a device gone */
	m.flags &= ~(uint32_t)(FIB_RULE_UNRESOLVED | FIB_RULE_IIF_DETACHED |
			       FIB_RULE_OIF_DETACHED);
	st_req_start(b, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off, NULL, NULL);
	st_emit(o, "rule", b);
}

static void save_neigh(struct out *o, struct net_state *s,
		       const struct nlmsghdr *h, struct buf *b)
{
	const struct ndmsg *nd = NLMSG_DATA(h);
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg m = *nd;

	st_parse_msg(h, sizeof(*nd), tb, NDA_MAX);
	/* entries the kernel makes (noarp) or is resolving */
	if ((nd->ndm_state & (NUD_NOARP | NUD_INCOMPLETE | NUD_FAILED)) ||
	    nd->ndm_state == NUD_NONE || (nd->ndm_flags & NTF_PROXY) ||
	    !tb[NDA_DST] || st_link_skipped(s, nd->ndm_ifindex))
		return;
	m.ndm_flags &= NTF_ROUTER | NTF_EXT_LEARNED;
	st_req_start(b, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	st_put_copy(b, tb[NDA_DST]);
	if (tb[NDA_LLADDR])
		st_put_copy(b, tb[NDA_LLADDR]);
	if (tb[NDA_PROTOCOL])
		st_put_copy(b, tb[NDA_PROTOCOL]);
	st_emit(o, "neigh", b);
}

/* A proxy entry (pneigh): its address, device and router flag. */
static void save_proxy(struct out *o, struct net_state *s,
		       const struct nlmsghdr *h, struct buf *b)
{
	const struct ndmsg *nd = NLMSG_DATA(h);
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg m = *nd;

	st_parse_msg(h, sizeof(*nd), tb, NDA_MAX);
	if (!(nd->ndm_flags & NTF_PROXY) || !tb[NDA_DST] ||
	    st_link_skipped(s, nd->ndm_ifindex))
		return;
	m.ndm_flags &= NTF_PROXY | NTF_ROUTER;
	m.ndm_state = NUD_PERMANENT; /* as ip sends it */
	st_req_start(b, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	st_put_copy(b, tb[NDA_DST]);
	if (tb[NDA_PROTOCOL])
		st_put_copy(b, tb[NDA_PROTOCOL]);
	st_emit(o, "neigh", b);
}

/* The proxy entries of both families: Linux dumps them for a request
 * whose ndm_flags is NTF_PROXY. */
static int save_proxies(int fd, struct out *o, struct net_state *s,
			struct buf *b)
{
	static const uint8_t inet[] = { AF_INET, AF_INET6 };

	for (size_t f = 0; f < 2; f++) {
		struct ndmsg nd = { .ndm_family = inet[f],
				    .ndm_flags = NTF_PROXY };
		struct msgs m = { 0 };
		int ret = st_dump(fd, RTM_GETNEIGH, &nd, sizeof(nd), &m);

		for (size_t i = 0; !ret && i < m.n; i++)
			if (m.v[i]->nlmsg_type == RTM_NEWNEIGH &&
			    m.v[i]->nlmsg_len >= NLMSG_LENGTH(sizeof(nd)))
				save_proxy(o, s, m.v[i], b);
		st_msgs_free(&m);
		if (ret)
			return ret;
	}
	return 0;
}

/* Dump type for each family and hand each message to fn. */
static int save_objects(int fd, struct out *o, struct net_state *s,
			uint16_t type, size_t hlen, const uint8_t *families,
			size_t nfam,
			void (*fn)(struct out *, struct net_state *,
				   const struct nlmsghdr *, struct buf *),
			uint16_t want, struct buf *b)
{
	for (size_t f = 0; f < nfam; f++) {
		unsigned char hdr[32] = { 0 };
		struct msgs m = { 0 };
		int ret;

		hdr[0] = families[f]; /* every header starts with its family */
		ret = st_dump(fd, type, hdr, hlen, &m);
		if (ret) {
			st_msgs_free(&m);
			return ret;
		}
		for (size_t i = 0; i < m.n; i++)
			if (m.v[i]->nlmsg_type == want &&
			    m.v[i]->nlmsg_len >= NLMSG_LENGTH(hlen))
				fn(o, s, m.v[i], b);
		st_msgs_free(&m);
	}
	return 0;
}

static void save_nh_single(struct out *o, struct net_state *s,
			   const struct nlmsghdr *h, struct buf *b)
{
	save_nexthop(o, s, h, false, b);
}

static void save_nh_group(struct out *o, struct net_state *s,
			  const struct nlmsghdr *h, struct buf *b)
{
	save_nexthop(o, s, h, true, b);
}

static void save_rule_of(struct out *o, struct net_state *s,
			 const struct nlmsghdr *h, struct buf *b)
{
	(void)s;
	save_rule(o, h, b);
}

static int save_steps(int fd, struct out *o, struct net_state *s,
		      const struct state_save_opts *so, struct buf *b)
{
	static const uint8_t inet[] = { AF_INET, AF_INET6 };
	static const uint8_t any[] = { AF_UNSPEC };
	int ret = link_load(s, fd);

	if (ret) {
		fprintf(stderr, "unetlink: state: cannot dump links: %s\n",
			strerror(-ret));
		return ret;
	}
	links_create(o, s, so, b);
	links_set(o, s, b);
	st_save_altnames(o, s, b);
	ret = st_save_wireguard(o, s, b);
	if (!ret)
		ret = st_save_bridge_vlans(fd, o, s, b);
	if (!ret)
		ret = st_save_vlan_options(fd, o, s, b);
	if (!ret)
		ret = st_save_vlan_global(fd, o, s, b);
	if (!ret)
		ret = st_save_sysctls(o, s);
	if (!ret)
		ret = st_save_neigh_parms(fd, o, s, b);
	if (ret)
		goto fail;
	ret = save_objects(fd, o, s, RTM_GETADDR, sizeof(struct ifaddrmsg),
			   inet, 2, save_addr, RTM_NEWADDR, b);
	if (ret)
		goto fail;
	links_up(o, s, b);
	/* a kernel without nexthop objects has none to save */
	ret = save_objects(fd, o, s, RTM_GETNEXTHOP, sizeof(struct nhmsg),
			   any, 1, save_nh_single, RTM_NEWNEXTHOP, b);
	if (!ret)
		ret = save_objects(fd, o, s, RTM_GETNEXTHOP,
				   sizeof(struct nhmsg), any, 1, save_nh_group,
				   RTM_NEWNEXTHOP, b);
	if (ret && ret != -EOPNOTSUPP && ret != -EINVAL)
		goto fail;
	ret = save_objects(fd, o, s, RTM_GETROUTE, sizeof(struct rtmsg), inet,
			   2, save_route, RTM_NEWROUTE, b);
	if (ret)
		goto fail;
	remove_default_rules(o, b);
	ret = save_objects(fd, o, s, RTM_GETRULE, sizeof(struct fib_rule_hdr),
			   inet, 2, save_rule_of, RTM_NEWRULE, b);
	if (ret)
		goto fail;
	ret = save_objects(fd, o, s, RTM_GETNEIGH, sizeof(struct ndmsg), inet,
			   2, save_neigh, RTM_NEWNEIGH, b);
	if (!ret)
		ret = save_proxies(fd, o, s, b);
	if (!ret)
		ret = st_save_tc(fd, o, s, b);
	if (!ret)
		ret = st_save_fdb(fd, o, s, b);
	if (!ret)
		ret = st_save_vni(fd, o, s, b);
	if (!ret)
		ret = st_save_mdb(fd, o, s, b);
	if (ret)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "unetlink: state: cannot dump: %s\n", strerror(-ret));
	return ret;
}

/* ---- xfrm ---------------------------------------------------------- */

/* An SA as the request that adds it: what the kernel counted (current
 * lifetime, statistics) is left to it. */
static void save_sa(struct out *o, const struct nlmsghdr *h, struct buf *b)
{
	struct xfrm_usersa_info p;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(p));

	memcpy(&p, NLMSG_DATA(h), sizeof(p));
	memset(&p.curlft, 0, sizeof(p.curlft));
	memset(&p.stats, 0, sizeof(p.stats));
	st_req_start(b, XFRM_MSG_NEWSA, 0, &p, sizeof(p));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off, NULL, NULL);
	st_emit(o, "xfrm-sa", b);
}

static void save_policy(struct out *o, const struct nlmsghdr *h,
			struct buf *b)
{
	struct xfrm_userpolicy_info p;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(p));

	memcpy(&p, NLMSG_DATA(h), sizeof(p));
	memset(&p.curlft, 0, sizeof(p.curlft));
	st_req_start(b, XFRM_MSG_NEWPOLICY, 0, &p, sizeof(p));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off, NULL, NULL);
	st_emit(o, "xfrm-policy", b);
}

/* The SAD, then the SPD (a policy's templates name SAs only by their
 * selectors, so either order loads; this is `ip xfrm`'s).  A net
 * without NETLINK_XFRM has none to save. */
static int save_xfrm(struct out *o, struct buf *b)
{
	static const struct {
		uint16_t get, got;
		size_t hlen;
		void (*fn)(struct out *, const struct nlmsghdr *, struct buf *);
	} what[] = {
		{ XFRM_MSG_GETSA, XFRM_MSG_NEWSA,
		  sizeof(struct xfrm_usersa_info), save_sa },
		{ XFRM_MSG_GETPOLICY, XFRM_MSG_NEWPOLICY,
		  sizeof(struct xfrm_userpolicy_info), save_policy },
	};
	int fd = st_nl_open(NETLINK_XFRM), ret = 0;

	if (fd < 0)
		return fd == -EPROTONOSUPPORT ? 0 : fd;
	o->protocol = NETLINK_XFRM;
	for (size_t i = 0; !ret && i < sizeof(what) / sizeof(what[0]); i++) {
		unsigned char hdr[sizeof(struct xfrm_userpolicy_info) +
				  sizeof(struct xfrm_usersa_info)] = { 0 };
		struct msgs m = { 0 };

		ret = st_dump(fd, what[i].get, hdr, what[i].hlen, &m);
		/* Linux puts each new one first on the list a dump walks:
		 * the oldest is made first again */
		for (size_t j = m.n; !ret && j-- > 0;)
			if (m.v[j]->nlmsg_type == what[i].got &&
			    m.v[j]->nlmsg_len >= NLMSG_LENGTH(what[i].hlen))
				what[i].fn(o, m.v[j], b);
		st_msgs_free(&m);
	}
	o->protocol = NETLINK_ROUTE;
	close(fd);
	if (ret)
		fprintf(stderr, "unetlink: state: cannot dump xfrm: %s\n",
			strerror(-ret));
	return ret;
}

/* ---- nf_tables -------------------------------------------------------- */

#define NFT_TYPE(msg) ((uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | (msg)))

/* Messages appended one after the other into one datagram (a batch);
 * each is closed by offset, as the buffer may move. */
static size_t msg_start(struct buf *b, uint16_t type, uint16_t flags,
			uint8_t family, uint16_t res_id)
{
	struct nlmsghdr h = { .nlmsg_type = type,
			      .nlmsg_flags = NLM_F_REQUEST | flags };
	struct nfgenmsg g = { .nfgen_family = family,
			      .version = NFNETLINK_V0,
			      .res_id = htons(res_id) };
	size_t off = b->len;

	st_buf_put(b, &h, sizeof(h));
	st_buf_put(b, &g, sizeof(g));
	return off;
}

static void msg_end(struct buf *b, size_t off)
{
	struct nlmsghdr h;

	if (b->oom)
		return;
	memcpy(&h, b->p + off, sizeof(h));
	h.nlmsg_len = (uint32_t)(b->len - off);
	memcpy(b->p + off, &h, sizeof(h));
}

/* What a dump carries that no request may: handles (the kernel gives
 * them), use counts, transaction ids, padding, an owner's port. */
static bool skip_nft_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	switch (*(const uint16_t *)ctx) {
	case NFT_MSG_NEWTABLE:
		return type == NFTA_TABLE_USE || type == NFTA_TABLE_HANDLE ||
		       type == NFTA_TABLE_PAD || type == NFTA_TABLE_OWNER;
	case NFT_MSG_NEWCHAIN:
		return type == NFTA_CHAIN_HANDLE || type == NFTA_CHAIN_USE ||
		       type == NFTA_CHAIN_COUNTERS || type == NFTA_CHAIN_PAD ||
		       type == NFTA_CHAIN_ID;
	case NFT_MSG_NEWSET:
		/* after NFTA_SET_EXPRESSIONS: the backend's name and the
		 * element count (NFTA_SET_TYPE, NFTA_SET_COUNT), dumped */
		return type == NFTA_SET_HANDLE || type == NFTA_SET_PAD ||
		       type == NFTA_SET_ID || type > NFTA_SET_EXPRESSIONS;
	case NFT_MSG_NEWFLOWTABLE:
		return type == NFTA_FLOWTABLE_HANDLE ||
		       type == NFTA_FLOWTABLE_USE ||
		       type == NFTA_FLOWTABLE_PAD;
	case NFT_MSG_NEWOBJ:
		return type == NFTA_OBJ_HANDLE || type == NFTA_OBJ_USE ||
		       type == NFTA_OBJ_PAD;
	case NFT_MSG_NEWRULE:
		return type == NFTA_RULE_HANDLE || type == NFTA_RULE_POSITION ||
		       type == NFTA_RULE_PAD || type == NFTA_RULE_ID ||
		       type == NFTA_RULE_POSITION_ID;
	}
	return false;
}

/* One object of a dump as the message that makes it, into the batch. */
static void nft_put(struct buf *b, const struct nlmsghdr *h, uint16_t msg,
		    uint16_t flags)
{
	const struct nfgenmsg *g = NLMSG_DATA(h);
	size_t at = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*g));
	size_t off = msg_start(b, NFT_TYPE(msg), NLM_F_ACK | NLM_F_CREATE |
						  flags, g->nfgen_family, 0);

	st_copy_attrs(b, (const char *)h + at, h->nlmsg_len - at, skip_nft_attr,
		   &msg);
	/* nf_tables_newset() wants a set's id in the transaction */
	if (msg == NFT_MSG_NEWSET) {
		static uint32_t set_id;

		st_put_u32(b, NFTA_SET_ID, htonl(++set_id));
	}
	msg_end(b, off);
}

static const struct nlattr *nft_attr(const struct nlmsghdr *h, int type,
				     const struct nlattr **tb, int max)
{
	st_parse_msg(h, sizeof(struct nfgenmsg), tb, max);
	return tb[type];
}

/* A table bound to its creator's socket goes with it: not saved. */
static bool nft_owned(const struct nlmsghdr *h)
{
	const struct nlattr *tb[NFTA_TABLE_MAX + 1];

	return nft_attr(h, NFTA_TABLE_FLAGS, tb, NFTA_TABLE_MAX) &&
	       (ntohl(st_get_u32(tb[NFTA_TABLE_FLAGS])) & NFT_TABLE_F_OWNER);
}

/* The elements of a set, dumped by table and set name. */
static int nft_put_elems(int fd, struct buf *b, const struct nlmsghdr *set)
{
	const struct nfgenmsg *g = NLMSG_DATA(set);
	const struct nlattr *tb[NFTA_SET_MAX + 1];
	struct nfgenmsg hdr = { .nfgen_family = g->nfgen_family,
				.version = NFNETLINK_V0 };
	struct buf q = { 0 };
	struct msgs m = { 0 };
	int ret;

	st_parse_msg(set, sizeof(*g), tb, NFTA_SET_MAX);
	if (!tb[NFTA_SET_TABLE] || !tb[NFTA_SET_NAME])
		return 0;
	st_put_attr(&q, NFTA_SET_ELEM_LIST_TABLE, st_payload(tb[NFTA_SET_TABLE]),
		 st_plen(tb[NFTA_SET_TABLE]));
	st_put_attr(&q, NFTA_SET_ELEM_LIST_SET, st_payload(tb[NFTA_SET_NAME]),
		 st_plen(tb[NFTA_SET_NAME]));
	ret = q.oom ? -ENOMEM
		    : st_dump_with(fd, NFT_TYPE(NFT_MSG_GETSETELEM), &hdr,
				sizeof(hdr), &q, &m);
	for (size_t i = 0; !ret && i < m.n; i++)
		if (m.v[i]->nlmsg_type == NFT_TYPE(NFT_MSG_NEWSETELEM))
			nft_put(b, m.v[i], NFT_MSG_NEWSETELEM, 0);
	free(q.p);
	st_msgs_free(&m);
	return ret;
}

/*
 * The whole ruleset as one batch, one line: tables, chains, sets each
 * with its elements (anonymous ones too: a rule binds them in the same
 * batch, as nft does), objects, then rules appended in each chain's
 * order.  The kernel gives new handles; `nft list ruleset` shows the
 * same, `-a` may show other numbers.
 */
static int save_nft(struct out *o, struct buf *b)
{
	static const struct {
		uint16_t get, got;
		uint16_t flags;
	} what[] = {
		{ NFT_MSG_GETTABLE, NFT_MSG_NEWTABLE, 0 },
		{ NFT_MSG_GETCHAIN, NFT_MSG_NEWCHAIN, 0 },
		{ NFT_MSG_GETSET, NFT_MSG_NEWSET, 0 },
		{ NFT_MSG_GETOBJ, NFT_MSG_NEWOBJ, 0 },
		{ NFT_MSG_GETFLOWTABLE, NFT_MSG_NEWFLOWTABLE, 0 },
		{ NFT_MSG_GETRULE, NFT_MSG_NEWRULE, NLM_F_APPEND },
	};
	struct nfgenmsg any = { .nfgen_family = NFPROTO_UNSPEC,
				.version = NFNETLINK_V0 };
	int fd = st_nl_open(NETLINK_NETFILTER), ret = 0;
	size_t off, objects = 0;

	if (fd < 0)
		return fd == -EPROTONOSUPPORT ? 0 : fd;
	b->len = 0;
	off = msg_start(b, NFNL_MSG_BATCH_BEGIN, 0, NFPROTO_UNSPEC,
			NFNL_SUBSYS_NFTABLES);
	msg_end(b, off);
	for (size_t i = 0; !ret && i < sizeof(what) / sizeof(what[0]); i++) {
		struct msgs m = { 0 };

		ret = st_dump(fd, NFT_TYPE(what[i].get), &any, sizeof(any), &m);
		for (size_t j = 0; !ret && j < m.n; j++) {
			const struct nlmsghdr *h = m.v[j];

			if (h->nlmsg_type != NFT_TYPE(what[i].got) ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(any)))
				continue;
			if (what[i].got == NFT_MSG_NEWTABLE && nft_owned(h)) {
				fprintf(stderr, "unetlink: state: an nf_tables "
					"table owned by its process is left "
					"out\n");
				continue;
			}
			nft_put(b, h, what[i].got, what[i].flags);
			objects++;
			if (what[i].got == NFT_MSG_NEWSET)
				ret = nft_put_elems(fd, b, h);
		}
		st_msgs_free(&m);
	}
	off = msg_start(b, NFNL_MSG_BATCH_END, 0, NFPROTO_UNSPEC,
			NFNL_SUBSYS_NFTABLES);
	msg_end(b, off);
	close(fd);
	if (ret) {
		fprintf(stderr, "unetlink: state: cannot dump nf_tables: %s\n",
			strerror(-ret));
		return ret;
	}
	if (!objects)
		return 0;
	o->protocol = NETLINK_NETFILTER;
	st_emit_raw(o, "nftables", b);
	o->protocol = NETLINK_ROUTE;
	return 0;
}

int state_save(FILE *out, const struct state_save_opts *so)
{
	struct out o = { .fp = out, .json = so->json,
			 .protocol = NETLINK_ROUTE };
	struct net_state s = { 0 };
	struct buf b = { 0 };
	int ret, fd = st_nl_open(NETLINK_ROUTE);

	if (fd < 0) {
		fprintf(stderr, "unetlink: state: netlink socket: %s\n",
			strerror(-fd));
		return fd;
	}
	if (o.json)
		fputs(JSON_MAGIC "\"requests\":[", out);
	else
		fputs(STATE_MAGIC "\n# step protocol request\n", out);
	ret = save_steps(fd, &o, &s, so, &b);
	if (!ret)
		ret = save_xfrm(&o, &b);
	if (!ret)
		ret = st_save_xfrm_spd(&o, &b);
	if (!ret)
		ret = st_save_ipset(&o, &b);
	if (!ret)
		ret = save_nft(&o, &b);
	if (!ret)
		ret = st_save_conntrack(&o, &b);
	if (o.json)
		fputs("\n]}\n", out);
	if (!ret && o.oom)
		ret = -ENOMEM;
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	if (ret == -ENOMEM || ret == -EIO)
		fprintf(stderr, "unetlink: state: %s\n", strerror(-ret));
	close(fd);
	free(b.p);
	free(s.links);
	st_msgs_free(&s.links_m);
	return ret;
}

/* ---- loading -------------------------------------------------------- */

/* Messages that fill the datagram exactly (a batch has several). */
static bool datagram_ok(const unsigned char *p, size_t len)
{
	size_t off = 0;

	if (len < NLMSG_HDRLEN)
		return false;
	while (off < len) {
		struct nlmsghdr h;

		if (len - off < NLMSG_HDRLEN)
			return false;
		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len - off)
			return false;
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	return true;
}

/* The request of one line, text or JSON: 1 found, 0 none (a comment,
 * the JSON frame), -EINVAL malformed. */
static int parse_line(char *line, char *step, size_t steplen, int *protocol,
		      struct buf *b)
{
	const char *hex;
	char *p;

	b->len = 0;
	if (line[0] == '{' || line[0] == ',' || line[0] == ']') {
		p = strstr(line, "\"step\":\"");
		if (!p)
			return 0;
		p += 8;
		snprintf(step, steplen, "%.*s", (int)strcspn(p, "\""), p);
		p = strstr(line, "\"protocol\":");
		if (!p)
			return -EINVAL;
		*protocol = atoi(p + 11);
		p = strstr(line, "\"request\":\"");
		if (!p)
			return -EINVAL;
		hex = p + 11;
		p = strchr(hex, '"');
		if (!p)
			return -EINVAL;
		*p = '\0';
	} else {
		size_t w = strcspn(line, " ");

		if (line[0] == '#' || !line[0])
			return 0;
		if (!w || w >= steplen || line[w] != ' ')
			return -EINVAL;
		snprintf(step, steplen, "%.*s", (int)w, line);
		p = line + w + 1;
		*protocol = (int)strtol(p, &p, 10);
		if (*p != ' ')
			return -EINVAL;
		hex = p + 1;
	}
	for (size_t i = 0; hex[i] && hex[i] != '\n'; i += 2) {
		int hi = unl_hex_digit(hex[i]), lo = hi < 0 ? -1 : unl_hex_digit(hex[i + 1]);
		unsigned char c;

		if (lo < 0)
			return -EINVAL;
		c = (unsigned char)(hi << 4 | lo);
		st_buf_put(b, &c, 1);
		b->len -= NLA_ALIGN(1) - 1;
	}
	if (b->oom)
		return -ENOMEM;
	return datagram_ok(b->p, b->len) ? 1 : -EINVAL;
}

/* The extended ACK's message of an error or ACK into msg. */
static void ack_message(const struct nlmsghdr *h, char *msg, size_t msglen)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off > h->nlmsg_len)
		return;
	st_parse((const char *)h + off, h->nlmsg_len - off, tb, NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(msg, msglen, "%.*s", (int)st_plen(tb[NLMSGERR_ATTR_MSG]),
			 (const char *)st_payload(tb[NLMSGERR_ATTR_MSG]));
}

/*
 * The answers to the messages numbered first..first+n-1 that asked for
 * one (want[i]): 0 when all were acknowledged, else the first error,
 * with its extended ACK's message in msg; a failure to receive in
 * *fatalp.  A batch that fails answers
 * every message that asked, so the count ends the wait either way.
 */
static int await_acks(int fd, uint32_t first, const bool *want, size_t n,
		      char *msg, size_t msglen, int *fatalp, size_t *bad)
{
	unsigned char *rb = malloc(RECV_BUF);
	size_t left_to_see = 0;
	int ret = 0, fatal = 0;

	msg[0] = '\0';
	if (!rb) {
		*fatalp = -ENOMEM;
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		left_to_see += want[i];
	while (left_to_see && !fatal) {
		ssize_t got = recv(fd, rb, RECV_BUF, 0);
		size_t left;

		if (got < 0) {
			if (errno != EINTR)
				fatal = -errno;
			continue;
		}
		left = (size_t)got;
		for (struct nlmsghdr *h = (struct nlmsghdr *)rb;
		     NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);
			size_t i = h->nlmsg_seq - first;

			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) ||
			    h->nlmsg_seq < first || i >= n || !want[i])
				continue;
			left_to_see--;
			if (e->error && !ret) {
				ret = e->error;
				*bad = i;
				ack_message(h, msg, msglen);
			}
		}
	}
	free(rb);
	if (fatal)
		*fatalp = fatal;
	return fatal ? fatal : ret;
}

static FILE *open_in(const char *path)
{
	return strcmp(path, "-") ? fopen(path, "r") : stdin;
}

/* The protocols a state file may hold requests of. */
static bool loadable(int protocol)
{
	return protocol == NETLINK_ROUTE || protocol == NETLINK_XFRM ||
	       protocol == NETLINK_NETFILTER || protocol == NETLINK_GENERIC;
}

/* What a fresh net has already is no refusal: a default rule missing, a
 * rule a device made (a vrf's l3mdev rule). */
static bool harmless(int protocol, const struct nlmsghdr *h, int err)
{
	return protocol == NETLINK_ROUTE &&
	       ((err == -ENOENT && h->nlmsg_type == RTM_DELRULE) ||
		(err == -EEXIST && h->nlmsg_type == RTM_NEWRULE));
}

/* One line's datagram on the protocol's socket (opened on first use),
 * its messages numbered from *seq on: the first error its messages got
 * (0: none), the extended ACK's message in msg; -errno of the transport
 * in *fatal.  A lone request always asks for its ACK; a batch's
 * messages ask as they were saved. */
static int load_one(int *fds, int protocol, struct buf *b, uint32_t *seq,
		    char *msg, size_t msglen, int *fatal,
		    const struct nlmsghdr **badp)
{
	uint32_t first = *seq + 1;
	bool want[4096];
	size_t n = 0, off = 0;
	int ret;

	if (fds[protocol] < 0) {
		fds[protocol] = st_nl_open(protocol);
		if (fds[protocol] < 0) {
			*fatal = fds[protocol];
			return *fatal;
		}
	}
	while (b->len - off >= NLMSG_HDRLEN && n < sizeof(want)) {
		struct nlmsghdr h;

		memcpy(&h, b->p + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > b->len - off)
			break;
		h.nlmsg_seq = ++*seq;
		h.nlmsg_pid = 0;
		h.nlmsg_flags |= NLM_F_REQUEST;
		if (!off && NLMSG_ALIGN(h.nlmsg_len) >= b->len)
			h.nlmsg_flags |= NLM_F_ACK;
		want[n++] = h.nlmsg_flags & NLM_F_ACK;
		memcpy(b->p + off, &h, sizeof(h));
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	if (send(fds[protocol], b->p, b->len, 0) < 0) {
		*fatal = -errno;
		return *fatal;
	}
	size_t bad = 0;

	ret = await_acks(fds[protocol], first, want, n, msg, msglen, fatal,
			 &bad);
	/* the message refused, for saying which */
	*badp = (const void *)b->p;
	for (off = 0; bad--;) {
		const struct nlmsghdr *h = (const void *)(b->p + off);

		off += NLMSG_ALIGN(h->nlmsg_len);
		*badp = (const void *)(b->p + off);
	}
	return ret;
}

/* A generic netlink request's type: the id of the family its step
 * names, in the net it is loaded into.  0, or -1 after saying why. */
static int set_genl_family(int *fds, const char *family, struct buf *b,
			   const char *where)
{
	struct nlmsghdr h;
	int id;

	if (fds[NETLINK_GENERIC] < 0)
		fds[NETLINK_GENERIC] = st_nl_open(NETLINK_GENERIC);
	id = fds[NETLINK_GENERIC] < 0
		     ? 0 : st_genl_family(fds[NETLINK_GENERIC], family);
	if (!id) {
		fprintf(stderr, "unetlink: state: %s (%s): no such generic "
			"netlink family here\n", where, family);
		return -1;
	}
	memcpy(&h, b->p, sizeof(h));
	h.nlmsg_type = (uint16_t)id;
	memcpy(b->p, &h, sizeof(h));
	return 0;
}

int state_load(const char *path)
{
	FILE *fp = open_in(path);
	char *line = NULL, msg[256], step[16], where[512];
	size_t cap = 0, lineno = 0;
	struct buf b = { 0 };
	int fds[32], ret = 0, refused = 0;
	const struct nlmsghdr *bad = NULL;
	uint32_t seq = 0;
	ssize_t n;

	if (!fp) {
		ret = -errno;
		fprintf(stderr, "unetlink: state: %s: %s\n", path,
			strerror(errno));
		return ret;
	}
	for (int i = 0; i < 32; i++)
		fds[i] = -1;
	while (!ret && (n = getline(&line, &cap, fp)) >= 0) {
		int protocol = -1, r, err;

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!lineno++ && strcmp(line, STATE_MAGIC) &&
		    strncmp(line, JSON_MAGIC, strlen(JSON_MAGIC))) {
			fprintf(stderr, "unetlink: state: %s: not a unetlink "
				"state file\n", path);
			ret = -EINVAL;
			break;
		}
		if (lineno == 1)
			continue;
		snprintf(where, sizeof(where), "%s:%zu", path, lineno);
		r = st_load_sysctl(line, where, &refused);
		if (r > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "unetlink: state: %s: not a sysctl\n",
				where);
			ret = -EINVAL;
			break;
		}
		r = parse_line(line, step, sizeof(step), &protocol, &b);
		if (r == 0)
			continue;
		if (r < 0 || !loadable(protocol)) {
			fprintf(stderr, "unetlink: state: %s:%zu: %s\n", path,
				lineno, r < 0 ? "not a request"
					      : "a protocol this tool does not "
						"load");
			ret = -EINVAL;
			break;
		}
		if (protocol == NETLINK_GENERIC &&
		    set_genl_family(fds, step, &b, where)) {
			refused = 1;
			continue;
		}
		err = load_one(fds, protocol, &b, &seq, msg, sizeof(msg),
			       &ret, &bad);
		if (ret) {
			fprintf(stderr, "unetlink: state: %s:%zu: netlink: "
				"%s\n", path, lineno, strerror(-ret));
			break;
		}
		if (err && !(bad && harmless(protocol, bad, err))) {
			fprintf(stderr, "unetlink: state: %s:%zu (%s, %s%s): "
				"%s%s%s\n", path, lineno, step,
				type_name(protocol, bad->nlmsg_type),
				(const void *)bad == (const void *)b.p
					? "" : ", in the batch",
				strerror(-err), msg[0] ? ": " : "", msg);
			refused = 1;
		}
	}
	free(line);
	free(b.p);
	for (int i = 0; i < 32; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (fp != stdin)
		fclose(fp);
	return ret ? ret : refused;
}
