/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What vxlan.c (the link kind) and vxlan_fdb.c (its forwarding
 * database) share: the configuration and the device's private area.
 */
#ifndef UNETLINK_ROUTE_LINK_VXLAN_H
#define UNETLINK_ROUTE_LINK_VXLAN_H

#include <string.h>

#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <sys/socket.h>

#include "proto/route/link/kinds.h"

/* Attributes newer than some uapi headers (Linux 6.7, 6.8, 6.13). */
#define VXA_LOCALBYPASS (IFLA_VXLAN_VNIFILTER + 1)
#define VXA_LABEL_POLICY (IFLA_VXLAN_VNIFILTER + 2)
#define VXA_RESERVED_BITS (IFLA_VXLAN_VNIFILTER + 3)
#define VXA_MAX VXA_RESERVED_BITS

#define VXLAN_N_VID (1u << 24)
#define VXLAN_DEFAULT_PORT 8472 /* vxlan_port: Linux's, not IANA's */
#define VXLAN_GPE_PORT 4790
#define FDB_AGE_DEFAULT 300
#define VXLAN_LABEL_MAX 1
#define IPV6_FLOWLABEL_MASK 0x000fffffu

/* VXLAN_F_* */
enum {
	VXF_LEARN = 1 << 0, VXF_PROXY = 1 << 1, VXF_RSC = 1 << 2,
	VXF_L2MISS = 1 << 3, VXF_L3MISS = 1 << 4, VXF_IPV6 = 1 << 5,
	VXF_UDP_ZERO_CSUM_TX = 1 << 6, VXF_UDP_ZERO_CSUM6_TX = 1 << 7,
	VXF_UDP_ZERO_CSUM6_RX = 1 << 8, VXF_REMCSUM_TX = 1 << 9,
	VXF_REMCSUM_RX = 1 << 10, VXF_GBP = 1 << 11,
	VXF_REMCSUM_NOPARTIAL = 1 << 12, VXF_COLLECT_METADATA = 1 << 13,
	VXF_GPE = 1 << 14, VXF_IPV6_LINKLOCAL = 1 << 15,
	VXF_TTL_INHERIT = 1 << 16, VXF_VNIFILTER = 1 << 17,
	VXF_LOCALBYPASS = 1 << 18,
};
/* What GPE may be combined with (VXLAN_F_ALLOWED_GPE) */
#define VXF_ALLOWED_GPE (VXF_GPE | VXF_IPV6 | VXF_IPV6_LINKLOCAL |          \
			 VXF_UDP_ZERO_CSUM_TX | VXF_UDP_ZERO_CSUM6_TX |       \
			 VXF_UDP_ZERO_CSUM6_RX | VXF_COLLECT_METADATA |       \
			 VXF_LOCALBYPASS)
/* The flags that decide which socket receives (VXLAN_F_RCV_FLAGS) */
#define VXF_RCV_FLAGS (VXF_GBP | VXF_GPE | VXF_UDP_ZERO_CSUM6_RX |          \
		       VXF_REMCSUM_RX | VXF_REMCSUM_NOPARTIAL |             \
		       VXF_COLLECT_METADATA | VXF_VNIFILTER)

/* The header bits a device ignores on receipt (struct vxlanhdr),
 * host order here, network order on the wire. */
struct vxlan_rsvd {
	uint32_t flags, vni;
};

/* An address of either family, family 0 while none was given. */
struct vxlan_addr {
	int family;
	uint8_t a[16];
};

/* struct vxlan_config */
struct vxlan_config {
	struct vxlan_addr remote, saddr;
	uint32_t vni;
	int remote_ifindex;
	uint32_t mtu; /* 0: none asked */
	uint16_t dst_port; /* network order; 0 until validated */
	uint16_t port_min, port_max;
	uint8_t tos, ttl, df;
	uint32_t label; /* network order */
	uint32_t label_policy;
	uint32_t flags;
	uint32_t age_interval, addrmax;
	struct vxlan_rsvd reserved;
	bool reserved_given;
};

struct vxlan_fdb;

/* One VNI of a VNI-filtering device (struct vxlan_vni_node): its
 * remote, family 0 when it uses the device's.  No packet moves, so its
 * counters stay 0 and are not kept. */
struct vxlan_vni {
	uint32_t vni;
	struct vxlan_addr remote;
};

struct vxlan_priv {
	struct vxlan_config cfg;
	struct rtnl_link *lower; /* remote_dev */
	/* the forwarding database (vxlan_fdb.c), newest entry first as
	 * Linux's fdb_list; addrcnt entries */
	struct vxlan_fdb *fdb;
	uint32_t addrcnt;
	struct unl_timer *age_timer; /* made when first up */
	/* VXF_VNIFILTER: the VNIs it terminates, by number (vxlan_vnifilter.c) */
	struct vxlan_vni *vnis;
	size_t n_vnis, cap_vnis;
};

static inline struct vxlan_priv *vx(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static inline bool addr_any(const struct vxlan_addr *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->a, zero, a->family == AF_INET6 ? 16 : 4);
}

static inline bool addr_multicast(const struct vxlan_addr *a)
{
	if (a->family == AF_INET6)
		return a->a[0] == 0xff;
	return a->family == AF_INET && (a->a[0] & 0xf0) == 0xe0;
}

/* ---- vxlan.c ---- */

/* vxlan_vni_in_use(): another device of the net on VNI vni (one of its
 * filter's, when it filters), the same port and receive flags as c. */
bool vxlan_vni_in_use(struct rtnl_net *rn, const struct rtnl_link *self,
		      const struct vxlan_config *c, uint32_t vni);

/* ---- vxlan_fdb.c ---- */

/* ndo_fdb_add, ndo_fdb_del, ndo_fdb_dump, ndo_fdb_get */
int vxlan_fdb_add(struct rtnl_link *l, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, uint16_t nlh_flags, bool *notified,
		  struct unl_ext_ack *extack);
int vxlan_fdb_del(struct rtnl_link *l, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, bool *notified, struct unl_ext_ack *extack);
int vxlan_fdb_del_bulk(struct rtnl_link *l, const struct nlmsghdr *nlh,
		       struct unl_ext_ack *extack);
int vxlan_fdb_dump(struct unl_skb *skb, struct unl_callback *cb,
		   struct rtnl_link *l, struct rtnl_link *filter_dev,
		   long *idx);
int vxlan_fdb_get(struct unl_skb *skb, const struct nlattr *const *tb,
		  struct rtnl_link *l, const uint8_t *addr, uint16_t vid,
		  uint32_t portid, uint32_t seq, struct unl_ext_ack *extack);
/* __vxlan_dev_create()'s default entry: all-zero MAC toward the
 * remote, once the device is announced. */
void vxlan_fdb_default_create(struct rtnl_link *l);
/* vxlan_changelink()'s default entry when the remote moves from old
 * to the configuration c is about to take: 0 or -errno. */
int vxlan_fdb_default_move(struct rtnl_link *l, const struct vxlan_config *c,
			   struct unl_ext_ack *extack);
/* vxlan_flush(): every entry (the device goes), or on vxlan_stop() the
 * ones neither permanent nor static, the default one aside; each
 * remote announced gone. */
void vxlan_fdb_flush(struct rtnl_link *l, bool all);
/* The entries freed, unannounced (the net goes), and the timer. */
void vxlan_fdb_free(struct rtnl_link *l);
/* A nexthop group goes: the entries toward it go too, unannounced. */
void vxlan_fdb_nexthop_del(struct rtnl_link *l, uint32_t id);
/* vxlan_open() and vxlan_stop(): the ageing timer started, or stopped
 * and the dynamic entries flushed. */
void vxlan_fdb_open(struct rtnl_link *l);
void vxlan_fdb_stop(struct rtnl_link *l);
/* A new ageing time: the timer looks at once. */
void vxlan_fdb_ageing_changed(struct rtnl_link *l);

/* vxlan_update_default_fdb_entry(): the all-zero entry of VNI vni
 * toward add (if not any) appended, the one toward del (if not any)
 * removed.  0 or -errno. */
int vxlan_fdb_vni_default(struct rtnl_link *l, uint32_t vni,
			  const struct vxlan_addr *del,
			  const struct vxlan_addr *add,
			  struct unl_ext_ack *extack);

/* ---- vxlan_vnifilter.c ---- */

/* vxlan_vnifilter_lookup() */
const struct vxlan_vni *vxlan_vni_find(const struct rtnl_link *l,
				       uint32_t vni);
/* vxlan_vnilist_update_group(): the device's remote moves from old to
 * new; the VNIs without their own follow it. */
int vxlan_vni_remote_moved(struct rtnl_link *l, const struct vxlan_addr *old,
			   const struct vxlan_addr *new,
			   struct unl_ext_ack *extack);
/* vxlan_vnigroup_uninit(): each VNI announced gone (RTM_DELTUNNEL), as
 * the device is unregistered; vxlan_vni_free() only frees. */
void vxlan_vni_uninit(struct rtnl_link *l);
void vxlan_vni_free(struct rtnl_link *l);

#endif
