// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vlan (net/8021q: vlan_netlink.c, vlan.c, vlan_dev.c): a device on top
 * of another (its lower or real device) for one 802.1Q or 802.1ad id,
 * with its flags and its ingress and egress priority maps, following
 * what happens to the lower device (vlan_device_event()).  The
 * reference kernel has no 8021q module: this follows Linux's source,
 * and tests/unit/test_link.c checks it against that.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>

#include "proto/route/link/kinds.h"

#define VLAN_VID_MASK 0x0fff
#define VLAN_PRIO_SHIFT 13
#define VLAN_PRIO_MASK 0xe000
#define VLAN_FLAGS_VALID                                                   \
	(VLAN_FLAG_REORDER_HDR | VLAN_FLAG_GVRP | VLAN_FLAG_LOOSE_BINDING |  \
	 VLAN_FLAG_MVRP | VLAN_FLAG_BRIDGE_BINDING)
#define VLAN_EGRESS_BUCKETS 16

/* struct vlan_priority_tci_mapping: one entry of the egress map, in the
 * bucket of its skb priority's low four bits. */
struct vlan_egress {
	struct vlan_egress *next;
	uint32_t priority;
	uint16_t vlan_qos; /* the PCP, shifted into place; 0: unmapped */
};

struct vlan_priv {
	/* the real device, in this net or another of the world */
	struct rtnl_link *lower;
	/* the next VLAN of the lower device's group (its vlan_info) */
	struct rtnl_link *group_next;
	uint16_t vlan_id;
	uint16_t vlan_proto; /* network order */
	uint32_t flags;      /* VLAN_FLAG_* */
	uint32_t ingress[8]; /* skb priority of each PCP; 0: unmapped */
	unsigned int nr_ingress, nr_egress;
	struct vlan_egress *egress[VLAN_EGRESS_BUCKETS];
	uint8_t real_dev_addr[ETH_ALEN]; /* the lower's MAC when opened */
};

static struct vlan_priv *vlan_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static struct rtnl_link *vlan_lower(const struct rtnl_link *l)
{
	return vlan_priv(l)->lower;
}

/* ---- the device's own settings ---- */

static const struct unl_nla_policy vlan_policy[IFLA_VLAN_MAX + 1] = {
	[IFLA_VLAN_ID] = { .type = UNL_NLA_U16 },
	[IFLA_VLAN_FLAGS] = UNL_NLA_POLICY_MIN_LEN(sizeof(struct ifla_vlan_flags)),
	[IFLA_VLAN_EGRESS_QOS] = { .type = UNL_NLA_NESTED },
	[IFLA_VLAN_INGRESS_QOS] = { .type = UNL_NLA_NESTED },
	[IFLA_VLAN_PROTOCOL] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy vlan_map_policy[IFLA_VLAN_QOS_MAX + 1] = {
	[IFLA_VLAN_QOS_MAPPING] =
		UNL_NLA_POLICY_MIN_LEN(sizeof(struct ifla_vlan_qos_mapping)),
};

/* vlan_validate_qos_map() */
static int vlan_validate_qos_map(const struct nlattr *a)
{
	if (!a)
		return 0;
	return unl_nla_validate(unl_nla_data(a), unl_nla_len(a),
				IFLA_VLAN_QOS_MAX, vlan_map_policy,
				UNL_VALIDATE_LIBERAL, NULL);
}

/* vlan_validate(): the address, then the VLAN's own attributes, which
 * must be there. */
static int vlan_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err) {
		UNL_SET_ERR_MSG(extack, "8021q: Invalid link address");
		return err;
	}
	if (!data) {
		UNL_SET_ERR_MSG(extack, "8021q: VLAN properties not specified");
		return -EINVAL;
	}
	if (data[IFLA_VLAN_PROTOCOL]) {
		uint16_t proto = ntohs(unl_nla_get_u16(data[IFLA_VLAN_PROTOCOL]));

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD) {
			UNL_SET_ERR_MSG(extack, "8021q: Invalid VLAN protocol");
			return -EPROTONOSUPPORT;
		}
	}
	if (data[IFLA_VLAN_ID] &&
	    unl_nla_get_u16(data[IFLA_VLAN_ID]) >= VLAN_VID_MASK) {
		UNL_SET_ERR_MSG(extack, "8021q: Invalid VLAN id");
		return -ERANGE;
	}
	if (data[IFLA_VLAN_FLAGS]) {
		const struct ifla_vlan_flags *f = unl_nla_data(data[IFLA_VLAN_FLAGS]);

		if ((f->flags & f->mask) & ~VLAN_FLAGS_VALID) {
			UNL_SET_ERR_MSG(extack, "8021q: Invalid VLAN flags");
			return -EINVAL;
		}
	}
	if (vlan_validate_qos_map(data[IFLA_VLAN_INGRESS_QOS]) < 0) {
		UNL_SET_ERR_MSG(extack, "8021q: Invalid ingress QOS map");
		return -EINVAL;
	}
	if (vlan_validate_qos_map(data[IFLA_VLAN_EGRESS_QOS]) < 0) {
		UNL_SET_ERR_MSG(extack, "8021q: Invalid egress QOS map");
		return -EINVAL;
	}
	return 0;
}

/* vlan_dev_set_ingress_priority(): PCP from (0..7) gives skb priority
 * to. */
static void vlan_set_ingress(struct vlan_priv *v, uint32_t to, uint32_t from)
{
	uint32_t *e = &v->ingress[from & 7];

	if (*e && !to)
		v->nr_ingress--;
	else if (!*e && to)
		v->nr_ingress++;
	*e = to;
}

/* vlan_dev_set_egress_priority(): skb priority from gives PCP to; a new
 * entry goes first in its bucket. */
static int vlan_set_egress(struct vlan_priv *v, uint32_t from, uint32_t to)
{
	uint16_t qos = (uint16_t)((to << VLAN_PRIO_SHIFT) & VLAN_PRIO_MASK);
	struct vlan_egress **bucket = &v->egress[from & 0xf], *e;

	for (e = *bucket; e; e = e->next)
		if (e->priority == from) {
			if (e->vlan_qos && !qos)
				v->nr_egress--;
			else if (!e->vlan_qos && qos)
				v->nr_egress++;
			e->vlan_qos = qos;
			return 0;
		}
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOBUFS;
	e->priority = from;
	e->vlan_qos = qos;
	e->next = *bucket;
	*bucket = e;
	if (qos)
		v->nr_egress++;
	return 0;
}

static void vlan_free_egress(struct vlan_priv *v)
{
	for (size_t i = 0; i < VLAN_EGRESS_BUCKETS; i++)
		while (v->egress[i]) {
			struct vlan_egress *e = v->egress[i];

			v->egress[i] = e->next;
			free(e);
		}
	v->nr_egress = 0;
}

/* vlan_dev_change_flags(): only the flags 8021q knows.  GVRP and MVRP
 * have nobody to talk to, bridge binding is not modelled (see
 * docs/conformance.md): the flags are kept and reported. */
static int vlan_change_flags(struct vlan_priv *v, uint32_t flags,
			     uint32_t mask)
{
	if (mask & ~VLAN_FLAGS_VALID)
		return -EINVAL;
	v->flags = (v->flags & ~mask) | (flags & mask);
	return 0;
}

/* vlan_changelink(): flags, then the maps; the id and the protocol
 * cannot change (and are not looked at). */
static int vlan_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	struct vlan_priv *v = vlan_priv(l);
	const struct nlattr *a;
	int rem, err;

	if (data[IFLA_VLAN_FLAGS]) {
		const struct ifla_vlan_flags *f = unl_nla_data(data[IFLA_VLAN_FLAGS]);

		err = vlan_change_flags(v, f->flags, f->mask);
		if (err)
			return err;
	}
	if (data[IFLA_VLAN_INGRESS_QOS])
		unl_nla_for_each_nested(a, data[IFLA_VLAN_INGRESS_QOS], rem) {
			const struct ifla_vlan_qos_mapping *m = unl_nla_data(a);

			if (unl_nla_type(a) == IFLA_VLAN_QOS_MAPPING)
				vlan_set_ingress(v, m->to, m->from);
		}
	if (data[IFLA_VLAN_EGRESS_QOS])
		unl_nla_for_each_nested(a, data[IFLA_VLAN_EGRESS_QOS], rem) {
			const struct ifla_vlan_qos_mapping *m = unl_nla_data(a);

			if (unl_nla_type(a) != IFLA_VLAN_QOS_MAPPING)
				continue;
			err = vlan_set_egress(v, m->from, m->to);
			if (err)
				return err;
		}
	return 0;
}

/* ---- the VLANs of a lower device (its vlan_group) ---- */

/* The order vlan_group_for_each_dev() walks: 802.1Q ids, then
 * 802.1ad ids. */
static unsigned int vlan_key(const struct rtnl_link *l)
{
	const struct vlan_priv *v = vlan_priv(l);

	return (v->vlan_proto == htons(ETH_P_8021AD) ? 1u << 12 : 0) |
	       v->vlan_id;
}

/* The VLAN on lower after prev (NULL: the first), in group order:
 * the lower device's vlan_info lists them, whatever net each is in. */
static struct rtnl_link *vlan_group_next(const struct rtnl_link *lower,
					 const struct rtnl_link *prev)
{
	return prev ? vlan_priv(prev)->group_next : lower->vlan_info;
}

/* vlan_group_set_device(): into the lower device's group, in order. */
static void vlan_group_add(struct rtnl_link *lower, struct rtnl_link *l)
{
	struct rtnl_link **pp = (struct rtnl_link **)&lower->vlan_info;

	while (*pp && vlan_key(*pp) < vlan_key(l))
		pp = &vlan_priv(*pp)->group_next;
	vlan_priv(l)->group_next = *pp;
	*pp = l;
}

static void vlan_group_del(struct rtnl_link *lower, struct rtnl_link *l)
{
	for (struct rtnl_link **pp = (struct rtnl_link **)&lower->vlan_info;
	     *pp; pp = &vlan_priv(*pp)->group_next)
		if (*pp == l) {
			*pp = vlan_priv(l)->group_next;
			break;
		}
	vlan_priv(l)->group_next = NULL;
}

#define vlan_group_for_each(l, lower)                                      \
	for ((l) = vlan_group_next((lower), NULL); (l);                     \
	     (l) = vlan_group_next((lower), (l)))

/* vlan_find_dev() */
static bool vlan_group_has(const struct rtnl_link *lower, uint16_t proto,
			   uint16_t id)
{
	struct rtnl_link *l;

	vlan_group_for_each(l, lower)
		if (vlan_priv(l)->vlan_proto == proto &&
		    vlan_priv(l)->vlan_id == id)
			return true;
	return false;
}

/* netif_stacked_transfer_operstate(): the carrier of the lower device
 * (unless the VLAN is bound to a bridge's VLAN). */
static void vlan_transfer_operstate(const struct rtnl_link *lower,
				    struct rtnl_link *l)
{
	if (!(vlan_priv(l)->flags & VLAN_FLAG_BRIDGE_BINDING))
		rtnl_link_carrier_set(l, lower->carrier);
}

/* netdev_upper_dev_link() / _unlink() as the lower device sees it, in
 * its net. */
static void vlan_upper_change(struct rtnl_link *lower, struct rtnl_link *l,
			      bool linking)
{
	struct rtnl_netdev_info info = { .dev = lower, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(lower->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* ---- creating ---- */

/* vlan_setup() */
static void vlan_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	memset(l->addr, 0, ETH_ALEN);
	l->addr_assign_type = NET_ADDR_PERM;
	l->min_mtu = 0;
	l->txqlen = 0;
}

/* vlan_check_real_dev() */
static int vlan_check_real_dev(const struct rtnl_link *lower, uint16_t proto,
			       uint16_t id, struct unl_ext_ack *extack)
{
	if (lower->type != ARPHRD_ETHER) {
		UNL_SET_ERR_MSG(extack, "8021q: VLANs not supported on device");
		return -EOPNOTSUPP;
	}
	if (vlan_group_has(lower, proto, id)) {
		UNL_SET_ERR_MSG(extack, "8021q: VLAN device already exists");
		return -EEXIST;
	}
	return 0;
}

/* vlan_dev_init(): the lower's flags, broadcast address and carrier
 * (not counted as a change), its MAC unless one was given. */
static void vlan_dev_init(struct rtnl_link *l, const struct rtnl_link *lower)
{
	static const uint8_t zero[ETH_ALEN];

	l->flags = lower->flags & ~(IFF_UP | IFF_PROMISC | IFF_ALLMULTI |
				    IFF_MASTER | IFF_SLAVE);
	l->carrier = lower->carrier &&
		     !(vlan_priv(l)->flags & VLAN_FLAG_BRIDGE_BINDING);
	l->carrier_managed = true;
	l->tso_max_size = lower->tso_max_size;
	if (!memcmp(l->addr, zero, ETH_ALEN)) {
		memcpy(l->addr, lower->addr, ETH_ALEN);
		l->addr_assign_type = NET_ADDR_STOLEN;
	}
	memcpy(l->broadcast, lower->broadcast, ETH_ALEN);
}

/* register_vlan_dev(): registered, linked above the lower device
 * (which announces it), the carrier passed on, then linkwatch. */
static int vlan_register(struct rtnl_link *l, struct rtnl_link *lower,
			 int ifindex)
{
	int err;

	vlan_dev_init(l, lower);
	err = rtnl_link_register(l, ifindex);
	if (err)
		return err;
	vlan_group_add(lower, l);
	vlan_upper_change(lower, l, true);
	vlan_transfer_operstate(lower, l);
	return 0;
}

/* vlan_newlink(): the id and the lower device (in the net
 * IFLA_LINK_NETNSID names, else the requester's), checked; the MTU at
 * most the lower's; the settings, then the registration.  A device
 * created without a name is "vlan%d" (rtnl_newlink_create()). */
static int vlan_newlink(struct rtnl_link *l,
			const struct rtnl_newlink_params *p,
			struct unl_ext_ack *extack)
{
	const struct nlattr *const *data = p->data, *const *tb = p->tb;
	struct vlan_priv *v = vlan_priv(l);
	struct rtnl_link *lower;
	int err;

	if (!data[IFLA_VLAN_ID]) {
		UNL_SET_ERR_MSG(extack, "8021q: VLAN id not specified");
		return -EINVAL;
	}
	if (!tb[IFLA_LINK]) {
		UNL_SET_ERR_MSG(extack, "8021q: link not specified");
		return -EINVAL;
	}
	lower = rtnl_link_by_index(rtnl_newlink_link_net(p),
				   (int)unl_nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		UNL_SET_ERR_MSG(extack, "8021q: link does not exist");
		return -ENODEV;
	}
	v->vlan_proto = data[IFLA_VLAN_PROTOCOL]
				? unl_nla_get_u16(data[IFLA_VLAN_PROTOCOL])
				: htons(ETH_P_8021Q);
	v->vlan_id = unl_nla_get_u16(data[IFLA_VLAN_ID]);
	v->lower = lower;
	v->flags = VLAN_FLAG_REORDER_HDR;
	err = vlan_check_real_dev(lower, v->vlan_proto, v->vlan_id, extack);
	if (err)
		return err;
	if (!tb[IFLA_MTU])
		l->mtu = lower->mtu;
	else if (l->mtu > lower->mtu)
		return -EINVAL;
	err = vlan_changelink(l, tb, data, extack);
	if (!err)
		err = vlan_register(l, lower, p->ifm->ifi_index);
	if (err)
		vlan_free_egress(v);
	return err;
}

/* unregister_vlan_dev(): unlinked from the lower device, then queued. */
static void vlan_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	struct rtnl_link *lower = vlan_lower(l);

	if (lower) {
		vlan_group_del(lower, l);
		vlan_upper_change(lower, l, false);
	}
	rtnl_link_queue_kill(l, kill);
}

/* ---- reporting ---- */

static int vlan_fill_maps(struct unl_skb *skb, const struct vlan_priv *v)
{
	struct ifla_vlan_qos_mapping m;
	struct nlattr *nest;

	if (v->nr_ingress) {
		nest = rtnl_nest_start(skb, IFLA_VLAN_INGRESS_QOS);
		if (!nest)
			return -EMSGSIZE;
		for (uint32_t i = 0; i < 8; i++) {
			if (!v->ingress[i])
				continue;
			m = (struct ifla_vlan_qos_mapping){ .from = i,
							    .to = v->ingress[i] };
			if (unl_nla_put(skb, IFLA_VLAN_QOS_MAPPING, sizeof(m), &m))
				return -EMSGSIZE;
		}
		unl_nla_nest_end(skb, nest);
	}
	if (!v->nr_egress)
		return 0;
	nest = rtnl_nest_start(skb, IFLA_VLAN_EGRESS_QOS);
	if (!nest)
		return -EMSGSIZE;
	for (size_t i = 0; i < VLAN_EGRESS_BUCKETS; i++)
		for (const struct vlan_egress *e = v->egress[i]; e; e = e->next) {
			if (!e->vlan_qos)
				continue;
			m = (struct ifla_vlan_qos_mapping){
				.from = e->priority,
				.to = (uint32_t)(e->vlan_qos >> VLAN_PRIO_SHIFT) & 7,
			};
			if (unl_nla_put(skb, IFLA_VLAN_QOS_MAPPING, sizeof(m), &m))
				return -EMSGSIZE;
		}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* vlan_fill_info(): protocol, id, the flags when any, the maps when
 * they map anything. */
static int vlan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct vlan_priv *v = vlan_priv(l);
	struct ifla_vlan_flags f = { .flags = v->flags, .mask = ~0u };

	if (unl_nla_put(skb, IFLA_VLAN_PROTOCOL, 2, &v->vlan_proto) ||
	    unl_nla_put_u16(skb, IFLA_VLAN_ID, v->vlan_id) ||
	    (v->flags && unl_nla_put(skb, IFLA_VLAN_FLAGS, sizeof(f), &f)))
		return -EMSGSIZE;
	return vlan_fill_maps(skb, v);
}

static int vlan_get_iflink(const struct rtnl_link *l)
{
	return vlan_priv(l)->lower ? vlan_priv(l)->lower->ifindex : 0;
}

/* vlan_get_link_net(): the real device's net. */
static struct rtnl_net *vlan_get_link_net(const struct rtnl_link *l)
{
	return vlan_priv(l)->lower ? vlan_priv(l)->lower->rn : l->rn;
}

/* ---- the device's driver (vlan_dev.c) ---- */

/* vlan_dev_inherit_address(): a VLAN that took its lower device's MAC
 * takes the new one (NETDEV_CHANGEADDR). */
static bool vlan_inherit_address(struct rtnl_link *l,
				 const struct rtnl_link *lower)
{
	if (l->addr_assign_type != NET_ADDR_STOLEN)
		return false;
	rtnl_link_dev_addr_set(l, lower->addr);
	rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
	return true;
}

/* vlan_dev_open(): not above a lower device that is down (unless bound
 * loosely); promiscuity and all-multicast go down to it; carrier as the
 * lower's. */
static int vlan_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	struct vlan_priv *v = vlan_priv(l);
	struct rtnl_link *lower = vlan_lower(l);

	if (!lower)
		return -ENODEV;
	if (!(lower->flags & IFF_UP) && !(v->flags & VLAN_FLAG_LOOSE_BINDING))
		return -ENETDOWN;
	if (memcmp(l->addr, lower->addr, ETH_ALEN))
		vlan_inherit_address(l, lower);
	if (l->flags & IFF_ALLMULTI)
		rtnl_link_set_allmulti(lower, 1);
	if (l->flags & IFF_PROMISC)
		rtnl_link_set_promiscuity(lower, 1);
	memcpy(v->real_dev_addr, lower->addr, ETH_ALEN);
	if (lower->carrier && !(v->flags & VLAN_FLAG_BRIDGE_BINDING))
		rtnl_link_carrier_set(l, true);
	return 0;
}

/* vlan_dev_stop() */
static void vlan_stop(struct rtnl_link *l)
{
	struct rtnl_link *lower = vlan_lower(l);

	if (lower && (l->flags & IFF_ALLMULTI))
		rtnl_link_set_allmulti(lower, -1);
	if (lower && (l->flags & IFF_PROMISC))
		rtnl_link_set_promiscuity(lower, -1);
	if (!(vlan_priv(l)->flags & VLAN_FLAG_BRIDGE_BINDING))
		rtnl_link_carrier_set(l, false);
}

/* vlan_dev_change_rx_flags(): while up, the lower device follows. */
static void vlan_change_rx_flags(struct rtnl_link *l, unsigned int changes)
{
	struct rtnl_link *lower = vlan_lower(l);

	if (!(l->flags & IFF_UP) || !lower)
		return;
	if (changes & IFF_ALLMULTI)
		rtnl_link_set_allmulti(lower, (l->flags & IFF_ALLMULTI) ? 1 : -1);
	if (changes & IFF_PROMISC)
		rtnl_link_set_promiscuity(lower,
					  (l->flags & IFF_PROMISC) ? 1 : -1);
}

/* vlan_dev_change_mtu(): at most the lower device's. */
static int vlan_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	const struct rtnl_link *lower = vlan_lower(l);

	return lower && mtu > lower->mtu ? -ERANGE : 0;
}

/* vlan_dev_set_mac_address() */
static int vlan_set_mac_address(struct rtnl_link *l, const uint8_t *addr,
				struct unl_ext_ack *extack)
{
	if (!rtnl_link_valid_ether(addr))
		return -EADDRNOTAVAIL;
	return rtnl_link_eth_mac_addr(l, addr, extack);
}

/* Freed with its net, unannounced: out of its lower device's group
 * first (the lower may outlive it). */
static void vlan_destructor(struct rtnl_link *l)
{
	if (vlan_priv(l)->lower)
		vlan_group_del(vlan_priv(l)->lower, l);
	vlan_free_egress(vlan_priv(l));
}

/* ---- what happens to the lower device (vlan_device_event()) ---- */

/* vlan_sync_address(): a VLAN that inherits follows; one with its own
 * MAC keeps it. */
static void vlan_sync_address(const struct rtnl_link *lower,
			      struct rtnl_link *l)
{
	struct vlan_priv *v = vlan_priv(l);

	if (!memcmp(v->real_dev_addr, lower->addr, ETH_ALEN))
		return;
	vlan_inherit_address(l, lower);
	memcpy(v->real_dev_addr, lower->addr, ETH_ALEN);
}

/* NETDEV_DOWN: the VLANs that are up and not loosely bound close
 * together (dev_close_many(), the last in the group first), then take
 * the lower's carrier. */
static void vlan_lower_down(struct rtnl_link *lower)
{
	struct rtnl_link_list close;
	struct rtnl_link *l;

	rtnl_link_list_init(&close);
	vlan_group_for_each(l, lower)
		if ((l->flags & IFF_UP) &&
		    !(vlan_priv(l)->flags & VLAN_FLAG_LOOSE_BINDING))
			rtnl_link_close_add(&close, l, true);
	rtnl_link_close_many(lower->rn, &close);
	for (l = close.first; l; l = l->close_next)
		vlan_transfer_operstate(lower, l);
}

/* NETDEV_UP: the VLANs that are down come up (unless loosely bound)
 * and take the lower's carrier. */
static void vlan_lower_up(struct rtnl_link *lower,
			  struct unl_ext_ack *extack)
{
	struct rtnl_link *l;

	vlan_group_for_each(l, lower) {
		if (l->flags & IFF_UP)
			continue;
		if (!(vlan_priv(l)->flags & VLAN_FLAG_LOOSE_BINDING))
			rtnl_link_change_flags(l, l->flags | IFF_UP, extack);
		vlan_transfer_operstate(lower, l);
	}
}

/* NETDEV_UNREGISTER: the VLANs go with the lower device, at once. */
static void vlan_lower_unregister(struct rtnl_link *lower)
{
	struct rtnl_link_list kill;
	struct rtnl_link *l;

	rtnl_link_list_init(&kill);
	/* each leaves the group as it is unregistered */
	while ((l = vlan_group_next(lower, NULL)))
		vlan_dellink(l, &kill);
	rtnl_link_unregister_many(lower->rn, &kill);
}

static int vlan_device_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			     const struct rtnl_netdev_info *info)
{
	struct rtnl_link *lower = info->dev, *l;

	if (!vlan_group_next(lower, NULL))
		return 0;
	switch (event) {
	case RTNL_NETDEV_CHANGE:
		vlan_group_for_each(l, lower)
			vlan_transfer_operstate(lower, l);
		break;
	case RTNL_NETDEV_CHANGEADDR:
		vlan_group_for_each(l, lower)
			if (l->flags & IFF_UP)
				vlan_sync_address(lower, l);
		break;
	case RTNL_NETDEV_CHANGEMTU:
		vlan_group_for_each(l, lower)
			if (l->mtu > lower->mtu)
				rtnl_link_dev_set_mtu(l, lower->mtu);
		break;
	case RTNL_NETDEV_DOWN:
		vlan_lower_down(lower);
		break;
	case RTNL_NETDEV_UP:
		vlan_lower_up(lower, info->extack);
		break;
	case RTNL_NETDEV_UNREGISTER:
		if (lower->unregistering)
			vlan_lower_unregister(lower);
		break;
	default:
		break;
	}
	return 0;
}

/* netdev_upper_dev_link()'s lower device */
static struct rtnl_link *vlan_lower_dev(const struct rtnl_link *l)
{
	return vlan_priv(l)->lower;
}

static const struct rtnl_ethtool vlan_ethtool = {
	.driver = "802.1Q VLAN Driver",
	.version = "1.8",
	.fw_version = "N/A",
	.ts_info_lower = true,
	.get_link = true,
	.ksettings = rtnl_link_lower_ksettings,
};

const struct rtnl_link_ops rtnl_vlan_ops = {
	.kind = "vlan",
	.devtype = "vlan",
	.priv_size = sizeof(struct vlan_priv),
	.setup = vlan_setup,
	.maxtype = IFLA_VLAN_MAX,
	.policy = vlan_policy,
	.validate = vlan_validate,
	.newlink = vlan_newlink,
	.changelink = vlan_changelink,
	.dellink = vlan_dellink,
	.fill_info = vlan_fill_info,
	.get_iflink = vlan_get_iflink,
	.get_link_net = vlan_get_link_net,
	.set_mac_address = vlan_set_mac_address,
	.open = vlan_open,
	.stop = vlan_stop,
	.change_mtu = vlan_change_mtu,
	.change_rx_flags = vlan_change_rx_flags,
	.speed = rtnl_link_lower_speed,
	.unicast_flt = true,
	.destructor = vlan_destructor,
	.netdev_event = vlan_device_event,
	.ethtool = &vlan_ethtool,
	.lower_dev = vlan_lower_dev,
	.mc_sync = true,
	.uc_sync = true,
};
