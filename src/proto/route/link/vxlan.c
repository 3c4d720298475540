// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vxlan (drivers/net/vxlan/vxlan_core.c): an Ethernet device whose
 * frames travel in UDP to a remote or a multicast group, one VNI each,
 * maybe bound to a lower device.  Its configuration is one struct
 * (vxlan_config) that a request fills and checks whole before it takes
 * the device's place; what may not change after creation is refused
 * with Linux's messages.  No packet moves, so no socket is opened and
 * no entry is learnt; the forwarding database is vxlan_fdb.c's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/ipv6.h>

#include "proto/route/link/kinds.h"
#include "proto/route/link/vxlan.h"

/* How many vxlans of the process have a lower device: while none has,
 * a device going need not be looked for among them (every world's
 * count, an over-estimate for one world, never an under-estimate). */
static _Atomic long vxlan_with_lower;

static void vxlan_set_lower(struct rtnl_link *l, struct rtnl_link *lower)
{
	if (!vx(l)->lower != !lower)
		vxlan_with_lower += lower ? 1 : -1;
	vx(l)->lower = lower;
}

/* ipv6_addr_type()'s link-local unicast */
static bool addr6_linklocal(const struct vxlan_addr *a)
{
	return a->a[0] == 0xfe && (a->a[1] & 0xc0) == 0x80;
}

/* vxlan_headroom(): Ethernet, IP, UDP and VXLAN headers. */
static uint32_t vxlan_headroom(uint32_t flags)
{
	return 14 + ((flags & VXF_IPV6) ? 40 : 20) + 8 + 8;
}

static const struct unl_nla_policy vxlan_policy[VXA_MAX + 1] = {
	[IFLA_VXLAN_UNSPEC] = { .strict_start_type = VXA_LOCALBYPASS },
	[IFLA_VXLAN_ID] = { .type = UNL_NLA_U32 },
	[IFLA_VXLAN_GROUP] = { .len = 4 },
	[IFLA_VXLAN_GROUP6] = { .len = 16 },
	[IFLA_VXLAN_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_VXLAN_LOCAL] = { .len = 4 },
	[IFLA_VXLAN_LOCAL6] = { .len = 16 },
	[IFLA_VXLAN_TOS] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_TTL] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_LABEL] = { .type = UNL_NLA_U32 },
	[IFLA_VXLAN_LEARNING] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_AGEING] = { .type = UNL_NLA_U32 },
	[IFLA_VXLAN_LIMIT] = { .type = UNL_NLA_U32 },
	[IFLA_VXLAN_PORT_RANGE] = { .len = sizeof(struct ifla_vxlan_port_range) },
	[IFLA_VXLAN_PROXY] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_RSC] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_L2MISS] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_L3MISS] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_COLLECT_METADATA] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_PORT] = { .type = UNL_NLA_U16 },
	[IFLA_VXLAN_UDP_CSUM] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_UDP_ZERO_CSUM6_TX] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_UDP_ZERO_CSUM6_RX] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_REMCSUM_TX] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_REMCSUM_RX] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_GBP] = { .type = UNL_NLA_FLAG },
	[IFLA_VXLAN_GPE] = { .type = UNL_NLA_FLAG },
	[IFLA_VXLAN_REMCSUM_NOPARTIAL] = { .type = UNL_NLA_FLAG },
	[IFLA_VXLAN_TTL_INHERIT] = { .type = UNL_NLA_FLAG },
	[IFLA_VXLAN_DF] = { .type = UNL_NLA_U8 },
	[IFLA_VXLAN_VNIFILTER] = { .type = UNL_NLA_U8 },
	[VXA_LOCALBYPASS] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[VXA_LABEL_POLICY] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, VXLAN_LABEL_MAX),
	[VXA_RESERVED_BITS] = UNL_NLA_POLICY_EXACT_LEN(sizeof(struct vxlan_rsvd)),
};

/* vxlan_validate() */
static int vxlan_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			  const struct nlattr *const *data,
			  struct unl_ext_ack *extack)
{
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
	if (tb[IFLA_MTU]) {
		uint32_t mtu = unl_nla_get_u32(tb[IFLA_MTU]);

		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
					     "MTU must be between 68 and 65535");
			return -EINVAL;
		}
	}
	if (!data) {
		UNL_SET_ERR_MSG(extack, "Required attributes not provided to perform the operation");
		return -EINVAL;
	}
	if (data[IFLA_VXLAN_ID] &&
	    unl_nla_get_u32(data[IFLA_VXLAN_ID]) >= VXLAN_N_VID) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VXLAN_ID],
				     "VXLAN ID must be lower than 16777216");
		return -ERANGE;
	}
	if (data[IFLA_VXLAN_PORT_RANGE]) {
		const struct ifla_vxlan_port_range *p =
			unl_nla_data(data[IFLA_VXLAN_PORT_RANGE]);

		if (ntohs(p->high) < ntohs(p->low)) {
			UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VXLAN_PORT_RANGE],
					     "Invalid source port range");
			return -EINVAL;
		}
	}
	if (data[IFLA_VXLAN_DF] &&
	    unl_nla_get_u8(data[IFLA_VXLAN_DF]) > VXLAN_DF_MAX) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VXLAN_DF],
				     "Invalid DF attribute");
		return -EINVAL;
	}
	return 0;
}

/* ---- a request into a configuration (vxlan_nl2conf()) ---- */

struct vxlan_flag_attr {
	uint16_t type;
	uint32_t mask;
	bool changeable;
	const char *msg; /* vxlan_flag_attr_error() */
};

static const struct vxlan_flag_attr vxlan_flag_attrs[] = {
	{ IFLA_VXLAN_TTL_INHERIT, VXF_TTL_INHERIT, false,
	  "vxlan: cannot change TTL_INHERIT flag" },
	{ IFLA_VXLAN_LEARNING, VXF_LEARN, true, NULL },
	{ IFLA_VXLAN_PROXY, VXF_PROXY, false, "vxlan: cannot change PROXY flag" },
	{ IFLA_VXLAN_RSC, VXF_RSC, false, "vxlan: cannot change RSC flag" },
	{ IFLA_VXLAN_L2MISS, VXF_L2MISS, false,
	  "vxlan: cannot change L2MISS flag" },
	{ IFLA_VXLAN_L3MISS, VXF_L3MISS, false,
	  "vxlan: cannot change L3MISS flag" },
	{ IFLA_VXLAN_COLLECT_METADATA, VXF_COLLECT_METADATA, false,
	  "vxlan: cannot change COLLECT_METADATA flag" },
	{ VXA_LOCALBYPASS, VXF_LOCALBYPASS, true, NULL },
	{ IFLA_VXLAN_UDP_ZERO_CSUM6_TX, VXF_UDP_ZERO_CSUM6_TX, false,
	  "vxlan: cannot change UDP_ZERO_CSUM6_TX flag" },
	{ IFLA_VXLAN_UDP_ZERO_CSUM6_RX, VXF_UDP_ZERO_CSUM6_RX, false,
	  "vxlan: cannot change UDP_ZERO_CSUM6_RX flag" },
	{ IFLA_VXLAN_REMCSUM_TX, VXF_REMCSUM_TX, false,
	  "vxlan: cannot change REMCSUM_TX flag" },
	{ IFLA_VXLAN_REMCSUM_RX, VXF_REMCSUM_RX, false,
	  "vxlan: cannot change REMCSUM_RX flag" },
	{ IFLA_VXLAN_GBP, VXF_GBP, false, "vxlan: cannot change GBP flag" },
	{ IFLA_VXLAN_GPE, VXF_GPE, false, "vxlan: cannot change GPE flag" },
	{ IFLA_VXLAN_REMCSUM_NOPARTIAL, VXF_REMCSUM_NOPARTIAL, false,
	  "vxlan: cannot change REMCSUM_NOPARTIAL flag" },
	/* vxlan_flag_attr_error() names no flag for it */
	{ IFLA_VXLAN_VNIFILTER, VXF_VNIFILTER, false,
	  "vxlan: cannot change flag" },
};

/* vxlan_nl2flag(): a flag attribute sets the bit, a u8 sets or clears. */
static int vxlan_nl2flag(struct vxlan_config *c, const struct nlattr *a,
			 const struct vxlan_flag_attr *f, bool changelink,
			 struct unl_ext_ack *extack)
{
	/* no offset: vxlan_flag_attr_error() names no attribute */
	if (changelink && !f->changeable) {
		UNL_SET_ERR_MSG(extack, f->msg);
		return -EOPNOTSUPP;
	}
	if (vxlan_policy[f->type].type == UNL_NLA_FLAG || unl_nla_get_u8(a))
		c->flags |= f->mask;
	else
		c->flags &= ~f->mask;
	return 0;
}

static int nl2addr(struct vxlan_addr *dst, const struct nlattr *a, int family,
		   bool changelink, const char *msg,
		   struct unl_ext_ack *extack)
{
	if (changelink && dst->family != family) {
		UNL_SET_ERR_MSG_ATTR(extack, a, msg);
		return -EOPNOTSUPP;
	}
	memset(dst, 0, sizeof(*dst));
	memcpy(dst->a, unl_nla_data(a), family == AF_INET6 ? 16 : 4);
	dst->family = family;
	return 0;
}

/* The addresses, in nl2conf's order: group, local. */
static int nl2conf_addrs(struct vxlan_config *c,
			 const struct nlattr *const *data, bool changelink,
			 struct unl_ext_ack *extack)
{
	static const char grp[] = "New group address family does not match old group";
	static const char loc[] = "New local address family does not match old";
	int err = 0;

	if (data[IFLA_VXLAN_GROUP])
		err = nl2addr(&c->remote, data[IFLA_VXLAN_GROUP], AF_INET,
			      changelink, grp, extack);
	else if (data[IFLA_VXLAN_GROUP6])
		err = nl2addr(&c->remote, data[IFLA_VXLAN_GROUP6], AF_INET6,
			      changelink, grp, extack);
	if (err)
		return err;
	if (data[IFLA_VXLAN_LOCAL])
		err = nl2addr(&c->saddr, data[IFLA_VXLAN_LOCAL], AF_INET,
			      changelink, loc, extack);
	else if (data[IFLA_VXLAN_LOCAL6])
		err = nl2addr(&c->saddr, data[IFLA_VXLAN_LOCAL6], AF_INET6,
			      changelink, loc, extack);
	return err;
}

static int nl2flags(struct vxlan_config *c, const struct nlattr *const *data,
		    bool changelink, struct unl_ext_ack *extack)
{
	for (size_t i = 0; i < sizeof(vxlan_flag_attrs) / sizeof(vxlan_flag_attrs[0]);
	     i++) {
		const struct vxlan_flag_attr *f = &vxlan_flag_attrs[i];
		int err;

		if (!data[f->type]) {
			/* a new device learns and bypasses locally */
			if (!changelink && (f->mask & (VXF_LEARN | VXF_LOCALBYPASS)))
				c->flags |= f->mask;
			continue;
		}
		err = vxlan_nl2flag(c, data[f->type], f, changelink, extack);
		if (err)
			return err;
	}
	if ((c->flags & VXF_VNIFILTER) && !(c->flags & VXF_COLLECT_METADATA)) {
		UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VXLAN_VNIFILTER],
				     "vxlan vnifilter only valid in collect metadata mode");
		return -EINVAL;
	}
	return 0;
}

/* What cannot change once made: limit, port range, port, UDP checksum,
 * MTU (through this path), reserved bits. */
static int nl2conf_fixed(struct vxlan_config *c, const struct nlattr *const *tb,
			 const struct nlattr *const *data, bool changelink,
			 struct unl_ext_ack *extack)
{
	static const struct { uint16_t type; const char *msg; } fixed[] = {
		{ IFLA_VXLAN_LIMIT, "Cannot change limit" },
		{ IFLA_VXLAN_PORT_RANGE, "Cannot change port range" },
		{ IFLA_VXLAN_PORT, "Cannot change port" },
		{ IFLA_VXLAN_UDP_CSUM, "Cannot change UDP_CSUM flag" },
		{ VXA_RESERVED_BITS, "Cannot change reserved_bits" },
	};

	for (size_t i = 0; changelink && i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (data[fixed[i].type]) {
			UNL_SET_ERR_MSG_ATTR(extack, data[fixed[i].type], fixed[i].msg);
			return -EOPNOTSUPP;
		}
	if (changelink && tb[IFLA_MTU]) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU], "Cannot change mtu");
		return -EOPNOTSUPP;
	}
	if (changelink)
		return 0;
	if (data[IFLA_VXLAN_LIMIT])
		c->addrmax = unl_nla_get_u32(data[IFLA_VXLAN_LIMIT]);
	if (data[IFLA_VXLAN_PORT_RANGE]) {
		const struct ifla_vxlan_port_range *p =
			unl_nla_data(data[IFLA_VXLAN_PORT_RANGE]);

		c->port_min = ntohs(p->low);
		c->port_max = ntohs(p->high);
	}
	if (data[IFLA_VXLAN_PORT])
		memcpy(&c->dst_port, unl_nla_data(data[IFLA_VXLAN_PORT]), 2);
	if (data[IFLA_VXLAN_UDP_CSUM] && !unl_nla_get_u8(data[IFLA_VXLAN_UDP_CSUM]))
		c->flags |= VXF_UDP_ZERO_CSUM_TX;
	if (tb[IFLA_MTU])
		c->mtu = unl_nla_get_u32(tb[IFLA_MTU]);
	if (data[VXA_RESERVED_BITS]) {
		const uint8_t *b = unl_nla_data(data[VXA_RESERVED_BITS]);
		uint32_t f, v;

		memcpy(&f, b, 4);
		memcpy(&v, b + 4, 4);
		c->reserved = (struct vxlan_rsvd){ ntohl(f), ntohl(v) };
		c->reserved_given = true;
	}
	return 0;
}

static int vxlan_nl2conf(const struct rtnl_link *l,
			 const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct vxlan_config *c, bool changelink,
			 struct unl_ext_ack *extack)
{
	int err;

	memset(c, 0, sizeof(*c));
	if (changelink)
		*c = vx(l)->cfg;
	if (data[IFLA_VXLAN_ID]) {
		uint32_t vni = unl_nla_get_u32(data[IFLA_VXLAN_ID]);

		if (changelink && vni != c->vni) {
			UNL_SET_ERR_MSG_ATTR(extack, data[IFLA_VXLAN_ID], "Cannot change VNI");
			return -EOPNOTSUPP;
		}
		c->vni = vni;
	}
	err = nl2conf_addrs(c, data, changelink, extack);
	if (err)
		return err;
	if (data[IFLA_VXLAN_LINK])
		c->remote_ifindex = (int)unl_nla_get_u32(data[IFLA_VXLAN_LINK]);
	if (data[IFLA_VXLAN_TOS])
		c->tos = unl_nla_get_u8(data[IFLA_VXLAN_TOS]);
	if (data[IFLA_VXLAN_TTL])
		c->ttl = unl_nla_get_u8(data[IFLA_VXLAN_TTL]);
	if (data[IFLA_VXLAN_LABEL])
		c->label = htonl(ntohl(unl_nla_get_u32(data[IFLA_VXLAN_LABEL])) &
				 IPV6_FLOWLABEL_MASK);
	if (data[VXA_LABEL_POLICY])
		c->label_policy = unl_nla_get_u32(data[VXA_LABEL_POLICY]);
	if (data[IFLA_VXLAN_AGEING])
		c->age_interval = unl_nla_get_u32(data[IFLA_VXLAN_AGEING]);
	err = nl2flags(c, data, changelink, extack);
	if (!err)
		err = nl2conf_fixed(c, tb, data, changelink, extack);
	if (err)
		return err;
	if (data[IFLA_VXLAN_DF])
		c->df = unl_nla_get_u8(data[IFLA_VXLAN_DF]);
	return 0;
}

/* ---- checking it (vxlan_config_validate()) ---- */

bool vxlan_vni_in_use(struct rtnl_net *rn, const struct rtnl_link *self,
		      const struct vxlan_config *c, uint32_t vni)
{
	const uint32_t key = VXF_RCV_FLAGS | VXF_IPV6;

	for (const struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct vxlan_config *o;

		if (l == self || l->ops != &rtnl_vxlan_ops || l->unregistering)
			continue;
		o = &vx(l)->cfg;
		if ((o->flags & VXF_VNIFILTER) ? !vxlan_vni_find(l, vni)
					       : o->vni != vni)
			continue;
		if (o->dst_port != c->dst_port ||
		    (o->flags & key) != (c->flags & key))
			continue;
		if ((c->flags & VXF_IPV6_LINKLOCAL) &&
		    o->remote_ifindex != c->remote_ifindex)
			continue;
		return true;
	}
	return false;
}

static int validate_families(struct vxlan_config *c,
			     struct unl_ext_ack *extack)
{
	if (!c->remote.family && !c->saddr.family)
		c->remote.family = c->saddr.family = AF_INET;
	else if (!c->remote.family)
		c->remote.family = c->saddr.family;
	else if (!c->saddr.family)
		c->saddr.family = c->remote.family;
	if (c->saddr.family != c->remote.family) {
		UNL_SET_ERR_MSG(extack, "Local and remote address must be from the same family");
		return -EINVAL;
	}
	if (addr_multicast(&c->saddr)) {
		UNL_SET_ERR_MSG(extack, "Local address cannot be multicast");
		return -EINVAL;
	}
	if (c->saddr.family != AF_INET6)
		return 0;
	c->flags |= VXF_IPV6;
	if (c->flags & VXF_COLLECT_METADATA)
		return 0;
	if (addr6_linklocal(&c->saddr)) {
		if (!addr6_linklocal(&c->remote) && !addr_any(&c->remote)) {
			UNL_SET_ERR_MSG(extack, "Invalid combination of local and remote address scopes");
			return -EINVAL;
		}
		c->flags |= VXF_IPV6_LINKLOCAL;
	} else {
		if (addr6_linklocal(&c->remote)) {
			UNL_SET_ERR_MSG(extack, "Invalid combination of local and remote address scopes");
			return -EINVAL;
		}
		c->flags &= ~VXF_IPV6_LINKLOCAL;
	}
	return 0;
}

static int validate_lower(struct rtnl_net *rn, const struct vxlan_config *c,
			  struct rtnl_link **lower, struct unl_ext_ack *extack)
{
	*lower = NULL;
	if (c->remote_ifindex) {
		*lower = rtnl_link_by_index(rn, c->remote_ifindex);
		if (!*lower) {
			UNL_SET_ERR_MSG(extack, "Invalid local interface, device not found");
			return -ENODEV;
		}
		if ((c->flags & VXF_IPV6) && !(*lower)->no_inet6 &&
		    (*lower)->cnf6[DEVCONF_DISABLE_IPV6]) {
			UNL_SET_ERR_MSG(extack, "IPv6 support disabled by administrator");
			return -EPERM;
		}
		return 0;
	}
	if (addr_multicast(&c->remote)) {
		UNL_SET_ERR_MSG(extack, "Local interface required for multicast remote destination");
		return -EINVAL;
	}
	if (c->flags & VXF_IPV6_LINKLOCAL) {
		UNL_SET_ERR_MSG(extack, "Local interface required for link-local local/remote addresses");
		return -EINVAL;
	}
	return 0;
}

static int vxlan_config_validate(struct rtnl_net *rn, struct vxlan_config *c,
				 struct rtnl_link **lower,
				 const struct rtnl_link *old,
				 struct unl_ext_ack *extack)
{
	int err;

	if ((c->flags & VXF_GPE) &&
	    ((c->flags & ~VXF_ALLOWED_GPE) || !(c->flags & VXF_COLLECT_METADATA))) {
		UNL_SET_ERR_MSG(extack, "VXLAN GPE does not support this combination of attributes");
		return -EINVAL;
	}
	err = validate_families(c, extack);
	if (err)
		return err;
	if (c->label && !(c->flags & VXF_IPV6)) {
		UNL_SET_ERR_MSG(extack, "Label attribute only applies to IPv6 VXLAN devices");
		return -EINVAL;
	}
	if (c->label_policy && !(c->flags & VXF_IPV6)) {
		UNL_SET_ERR_MSG(extack, "Label policy only applies to IPv6 VXLAN devices");
		return -EINVAL;
	}
	err = validate_lower(rn, c, lower, extack);
	if (err)
		return err;
	if (!c->dst_port)
		c->dst_port = htons(c->flags & VXF_GPE ? VXLAN_GPE_PORT
						       : VXLAN_DEFAULT_PORT);
	if (!c->age_interval)
		c->age_interval = FDB_AGE_DEFAULT;
	if (vxlan_vni_in_use(rn, old, c, c->vni)) {
		UNL_SET_ERR_MSG(extack, "A VXLAN device with the specified VNI already exists");
		return -EEXIST;
	}
	return 0;
}

/* The reserved bits a device ignores unless told otherwise: all but
 * the VNI flag and the VNI, less what the extensions it runs use. */
static void vxlan_default_reserved(struct vxlan_config *c)
{
	if (c->reserved_given)
		return;
	c->reserved = (struct vxlan_rsvd){ ~(1u << 27), 0xffu };
	if (c->flags & VXF_GBP)
		c->reserved.flags &= ~((1u << 31) | 0x00ffffffu);
	if (c->flags & VXF_GPE)
		c->reserved.flags &= ~((3u << 28) | (1u << 26) | (1u << 24) | 0xffu);
	if (c->flags & VXF_REMCSUM_RX) {
		c->reserved.flags &= ~(1u << 21);
		c->reserved.vni &= ~0xffu;
	}
}

/* vxlan_config_apply(): the MTU within what the lower device carries. */
static void vxlan_config_apply(struct rtnl_link *l, struct vxlan_config *c,
			       struct rtnl_link *lower, bool changelink)
{
	uint32_t max_mtu = ETH_MAX_MTU;

	if (!changelink && c->mtu)
		l->mtu = c->mtu;
	if (lower) {
		l->tso_max_size = lower->tso_max_size;
		max_mtu = lower->mtu > vxlan_headroom(c->flags) + ETH_MIN_MTU
				  ? lower->mtu - vxlan_headroom(c->flags)
				  : ETH_MIN_MTU;
		if (!changelink && !c->mtu)
			l->mtu = max_mtu;
	}
	if (l->mtu > max_mtu)
		l->mtu = max_mtu;
	vxlan_default_reserved(c);
	vx(l)->cfg = *c;
}

static void vxlan_upper_change(struct rtnl_link *lower, struct rtnl_link *l,
			       bool linking)
{
	struct rtnl_netdev_info info = { .dev = lower, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(lower->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* ---- the kind's operations ---- */

static void vxlan_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	/* GSO_LEGACY_MAX_SIZE: no lower device to take it from */
	l->tso_max_size = 65536;
}

/* vxlan_newlink() and __vxlan_dev_create(): configured and checked,
 * registered, linked above its lower device. */
static int vxlan_newlink(struct rtnl_link *l,
			 const struct rtnl_newlink_params *p,
			 struct unl_ext_ack *extack)
{
	struct vxlan_config c;
	struct rtnl_link *lower;
	int err;

	err = vxlan_nl2conf(l, p->tb, p->data, &c, false, extack);
	if (!err)
		err = vxlan_config_validate(l->rn, &c, &lower, NULL, extack);
	if (err)
		return err;
	vxlan_config_apply(l, &c, lower, false);
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err)
		return err;
	if (lower) {
		vxlan_set_lower(l, lower);
		vxlan_upper_change(lower, l, true);
	}
	return 0;
}

/* vxlan_changelink(): the whole configuration checked again, a new
 * lower device taken. */
static int vxlan_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			    const struct nlattr *const *data,
			    struct unl_ext_ack *extack)
{
	struct vxlan_priv *v = vx(l);
	struct vxlan_config c;
	struct rtnl_link *lower;
	bool ageing;
	int err;

	err = vxlan_nl2conf(l, tb, data, &c, true, extack);
	if (!err)
		err = vxlan_config_validate(l->rn, &c, &lower, l, extack);
	if (!err)
		err = vxlan_fdb_default_move(l, &c, extack);
	/* the VNIs without a remote of their own follow the device's */
	if (!err && (v->cfg.flags & VXF_VNIFILTER) &&
	    (c.remote.family != v->cfg.remote.family ||
	     memcmp(c.remote.a, v->cfg.remote.a, sizeof(c.remote.a))))
		err = vxlan_vni_remote_moved(l, &v->cfg.remote, &c.remote,
					     extack);
	if (err)
		return err;
	if (lower && lower != v->lower) {
		if (v->lower)
			vxlan_upper_change(v->lower, l, false);
		vxlan_set_lower(l, lower);
		vxlan_upper_change(lower, l, true);
	}
	ageing = c.age_interval != v->cfg.age_interval;
	vxlan_config_apply(l, &c, lower, true);
	if (ageing)
		vxlan_fdb_ageing_changed(l);
	return 0;
}

static void vxlan_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	vxlan_fdb_flush(l, true);
	rtnl_link_queue_kill(l, kill);
	if (vx(l)->lower)
		vxlan_upper_change(vx(l)->lower, l, false);
}

/* Freed: it no longer counts. */
static void vxlan_destructor(struct rtnl_link *l)
{
	vxlan_fdb_free(l);
	vxlan_vni_free(l);
	vxlan_set_lower(l, NULL);
}

/* vxlan_open(): the ageing timer starts (no socket: no packets) */
static int vxlan_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	(void)extack;
	vxlan_fdb_open(l);
	return 0;
}

/* vxlan_stop(): the entries learnt or added as dynamic go */
static void vxlan_stop(struct rtnl_link *l)
{
	vxlan_fdb_stop(l);
}

static int put_addr(struct unl_skb *skb, int t4, int t6,
		    const struct vxlan_addr *a)
{
	if (addr_any(a))
		return 0;
	return a->family == AF_INET6 ? unl_nla_put(skb, t6, 16, a->a)
				     : unl_nla_put(skb, t4, 4, a->a);
}

/* vxlan_fill_info(), in its order. */
static int vxlan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct vxlan_config *c = &vx(l)->cfg;
	struct ifla_vxlan_port_range ports = { htons(c->port_min),
					       htons(c->port_max) };
	uint32_t rsvd[2] = { htonl(c->reserved.flags), htonl(c->reserved.vni) };
	const struct { uint16_t type; uint8_t v; } u8s[] = {
		{ IFLA_VXLAN_TTL, c->ttl },
		{ IFLA_VXLAN_TTL_INHERIT, !!(c->flags & VXF_TTL_INHERIT) },
		{ IFLA_VXLAN_TOS, c->tos },
		{ IFLA_VXLAN_DF, c->df },
	};
	const struct { uint16_t type; uint32_t mask; } flags[] = {
		{ IFLA_VXLAN_LEARNING, VXF_LEARN },
		{ IFLA_VXLAN_PROXY, VXF_PROXY },
		{ IFLA_VXLAN_RSC, VXF_RSC },
		{ IFLA_VXLAN_L2MISS, VXF_L2MISS },
		{ IFLA_VXLAN_L3MISS, VXF_L3MISS },
		{ IFLA_VXLAN_COLLECT_METADATA, VXF_COLLECT_METADATA },
	};
	const struct { uint16_t type; uint32_t mask; } csums[] = {
		{ IFLA_VXLAN_UDP_ZERO_CSUM6_TX, VXF_UDP_ZERO_CSUM6_TX },
		{ IFLA_VXLAN_UDP_ZERO_CSUM6_RX, VXF_UDP_ZERO_CSUM6_RX },
		{ IFLA_VXLAN_REMCSUM_TX, VXF_REMCSUM_TX },
		{ IFLA_VXLAN_REMCSUM_RX, VXF_REMCSUM_RX },
		{ VXA_LOCALBYPASS, VXF_LOCALBYPASS },
	};

	if (unl_nla_put_u32(skb, IFLA_VXLAN_ID, c->vni) ||
	    put_addr(skb, IFLA_VXLAN_GROUP, IFLA_VXLAN_GROUP6, &c->remote) ||
	    (c->remote_ifindex &&
	     unl_nla_put_u32(skb, IFLA_VXLAN_LINK, (uint32_t)c->remote_ifindex)) ||
	    put_addr(skb, IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6, &c->saddr))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(u8s) / sizeof(u8s[0]); i++)
		if (unl_nla_put_u8(skb, u8s[i].type, u8s[i].v))
			return -EMSGSIZE;
	if (unl_nla_put(skb, IFLA_VXLAN_LABEL, 4, &c->label) ||
	    unl_nla_put_u32(skb, VXA_LABEL_POLICY, c->label_policy))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (unl_nla_put_u8(skb, flags[i].type, !!(c->flags & flags[i].mask)))
			return -EMSGSIZE;
	if (unl_nla_put_u32(skb, IFLA_VXLAN_AGEING, c->age_interval) ||
	    unl_nla_put_u32(skb, IFLA_VXLAN_LIMIT, c->addrmax) ||
	    unl_nla_put(skb, IFLA_VXLAN_PORT, 2, &c->dst_port) ||
	    unl_nla_put_u8(skb, IFLA_VXLAN_UDP_CSUM,
			   !(c->flags & VXF_UDP_ZERO_CSUM_TX)))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(csums) / sizeof(csums[0]); i++)
		if (unl_nla_put_u8(skb, csums[i].type, !!(c->flags & csums[i].mask)))
			return -EMSGSIZE;
	if (unl_nla_put(skb, IFLA_VXLAN_PORT_RANGE, sizeof(ports), &ports) ||
	    ((c->flags & VXF_GBP) && unl_nla_put(skb, IFLA_VXLAN_GBP, 0, NULL)) ||
	    ((c->flags & VXF_GPE) && unl_nla_put(skb, IFLA_VXLAN_GPE, 0, NULL)) ||
	    ((c->flags & VXF_REMCSUM_NOPARTIAL) &&
	     unl_nla_put(skb, IFLA_VXLAN_REMCSUM_NOPARTIAL, 0, NULL)) ||
	    ((c->flags & VXF_VNIFILTER) &&
	     unl_nla_put_u8(skb, IFLA_VXLAN_VNIFILTER, 1)) ||
	    unl_nla_put(skb, VXA_RESERVED_BITS, sizeof(rsvd), rsvd))
		return -EMSGSIZE;
	return 0;
}

/* vxlan_change_mtu(): within what the lower device carries. */
static int vxlan_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	const struct rtnl_link *lower = vx(l)->lower;

	if (lower && mtu + vxlan_headroom(vx(l)->cfg.flags) > lower->mtu)
		return -EINVAL;
	return 0;
}

/* vxlan_handle_lowerdev_unregister(): the devices on a lower device
 * that goes, go. */
static int vxlan_device_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			      const struct rtnl_netdev_info *info)
{
	struct rtnl_link_list kill;
	struct rtnl_link *dev = info->dev;
	bool any = false;

	if (event != RTNL_NETDEV_UNREGISTER || !dev->unregistering)
		return 0;
	/* vxlan_uninit(): its own VNIs go, announced */
	if (dev->ops == &rtnl_vxlan_ops)
		vxlan_vni_uninit(dev);
	if (!vxlan_with_lower)
		return 0;
	rtnl_link_list_init(&kill);
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (l->ops == &rtnl_vxlan_ops && !l->unregistering &&
		    vx(l)->cfg.remote_ifindex == dev->ifindex) {
			vxlan_dellink(l, &kill);
			vxlan_set_lower(l, NULL);
			any = true;
		}
	if (any)
		rtnl_link_unregister_many(rn, &kill);
	return 0;
}

static int vxlan_ksettings(const struct rtnl_link *l, uint32_t *speed,
			   uint8_t *duplex, uint8_t *port)
{
	if (!vx(l)->lower) {
		*speed = (uint32_t)-1; /* SPEED_UNKNOWN */
		*duplex = 0xff;        /* DUPLEX_UNKNOWN */
		*port = 0xff;          /* PORT_OTHER */
		return 0;
	}
	return rtnl_link_lower_ksettings(l, speed, duplex, port);
}

/* netdev_upper_dev_link()'s lower device */
static struct rtnl_link *vxlan_lower_dev(const struct rtnl_link *l)
{
	return vx(l)->lower;
}

static const struct rtnl_ethtool vxlan_ethtool = {
	.driver = "vxlan",
	.version = "0.1",
	.get_link = true,
	.ksettings = vxlan_ksettings,
};

const struct rtnl_link_ops rtnl_vxlan_ops = {
	.kind = "vxlan",
	.priv_size = sizeof(struct vxlan_priv),
	.setup = vxlan_setup,
	.maxtype = VXA_MAX,
	.policy = vxlan_policy,
	.validate = vxlan_validate,
	.newlink = vxlan_newlink,
	.changelink = vxlan_changelink,
	.dellink = vxlan_dellink,
	.fill_info = vxlan_fill_info,
	.set_mac_address = rtnl_link_eth_mac_addr,
	.change_mtu = vxlan_change_mtu,
	.netdev_event = vxlan_device_event,
	.destructor = vxlan_destructor,
	.ethtool = &vxlan_ethtool,
	.devtype = "vxlan",
	.lower_dev = vxlan_lower_dev,
	.open = vxlan_open,
	.stop = vxlan_stop,
	.configured = vxlan_fdb_default_create,
	.fdb_add = vxlan_fdb_add,
	.fdb_del = vxlan_fdb_del,
	.fdb_del_bulk = vxlan_fdb_del_bulk,
	.fdb_dump = vxlan_fdb_dump,
	.fdb_get = vxlan_fdb_get,
	.nexthop_del = vxlan_fdb_nexthop_del,
};
