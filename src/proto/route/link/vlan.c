// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vlan (net/8021q): a device on top of another (its lower device),
 * with carrier while the lower one is up.  The reference kernel has no
 * 8021q module: this follows Linux's source.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "proto/route/link/kinds.h"

struct vlan_priv {
	int lower;          /* ifindex of the real device */
	uint16_t vlan_id;
	uint16_t vlan_proto; /* network order */
};

static struct vlan_priv *vlan_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

static const struct unl_nla_policy vlan_policy[IFLA_VLAN_MAX + 1] = {
	[IFLA_VLAN_ID] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 4094),
	[IFLA_VLAN_FLAGS] =
		UNL_NLA_POLICY_EXACT_LEN(sizeof(struct ifla_vlan_flags)),
	[IFLA_VLAN_PROTOCOL] = { .type = UNL_NLA_U16 },
};

/* vlan_newlink(): the lower device and the id, then the device takes
 * the lower device's MTU and MAC unless given, and is named after
 * both when no name was asked for. */
static int vlan_newlink(struct rtnl_link *l,
			const struct rtnl_newlink_params *p,
			struct unl_ext_ack *extack)
{
	const struct nlattr *vtb[IFLA_VLAN_MAX + 1] = { 0 };
	const struct nlattr *const *tb = p->tb;
	struct rtnl_link *lower;
	int err;

	if (!tb[IFLA_LINK]) {
		UNL_SET_ERR_MSG(extack, "link not specified");
		return -EINVAL;
	}
	lower = rtnl_link_by_index(l->rn, (int)unl_nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		UNL_SET_ERR_MSG(extack, "link does not exist");
		return -ENODEV;
	}
	if (p->linfo[IFLA_INFO_DATA]) {
		err = unl_nla_parse_nested(vtb, IFLA_VLAN_MAX,
					   p->linfo[IFLA_INFO_DATA],
					   vlan_policy, 0, extack);
		if (err)
			return err;
	}
	if (!vtb[IFLA_VLAN_ID]) {
		UNL_SET_ERR_MSG(extack, "VLAN id not specified");
		return -EINVAL;
	}
	vlan_priv(l)->vlan_id = unl_nla_get_u16(vtb[IFLA_VLAN_ID]);
	vlan_priv(l)->vlan_proto = htons(ETH_P_8021Q);
	vlan_priv(l)->lower = lower->ifindex;
	if (!tb[IFLA_MTU])
		l->mtu = lower->mtu;
	if (l->addr_assign_type != NET_ADDR_SET)
		memcpy(l->addr, lower->addr, ETH_ALEN);
	if (!tb[IFLA_IFNAME])
		snprintf(l->name, sizeof(l->name), "%.*s.%u", IFNAMSIZ - 7,
			 lower->name, vlan_priv(l)->vlan_id);
	rtnl_link_carrier_init_off(l);
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err)
		return err;
	rtnl_link_announce(l, p->skb, p->nlh);
	return 0;
}

static int vlan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct ifla_vlan_flags vf = { .flags = 1, .mask = 0xffffffff };

	if (unl_nla_put(skb, IFLA_VLAN_PROTOCOL, 2, &vlan_priv(l)->vlan_proto) ||
	    unl_nla_put_u16(skb, IFLA_VLAN_ID, vlan_priv(l)->vlan_id) ||
	    unl_nla_put(skb, IFLA_VLAN_FLAGS, sizeof(vf), &vf))
		return -EMSGSIZE;
	return 0;
}

static int vlan_get_iflink(const struct rtnl_link *l)
{
	return vlan_priv(l)->lower;
}

/* Carrier while the lower device is up. */
static int vlan_carrier(const struct rtnl_link *l)
{
	const struct rtnl_link *lower =
		rtnl_link_by_index(l->rn, vlan_priv(l)->lower);

	return lower && rtnl_link_up(lower);
}

/* The lower device of a vlan, for its notifier. */
int rtnl_vlan_lower(const struct rtnl_link *l)
{
	return l->ops == &rtnl_vlan_ops ? vlan_priv(l)->lower : 0;
}

const struct rtnl_link_ops rtnl_vlan_ops = {
	.kind = "vlan",
	.priv_size = sizeof(struct vlan_priv),
	.setup = rtnl_link_ether_setup,
	.newlink = vlan_newlink,
	.changelink = rtnl_link_changelink_ignored,
	.dellink = rtnl_link_queue_kill,
	.fill_info = vlan_fill_info,
	.get_iflink = vlan_get_iflink,
	.carrier = vlan_carrier,
	.set_mac_address = rtnl_link_eth_mac_addr,
};
