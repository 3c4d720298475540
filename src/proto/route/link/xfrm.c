// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xfrm (net/xfrm/xfrm_interface_core.c): a virtual device that sends
 * what the policies with its if_id select.  No packet passes here; the
 * device is what `ip link` shows and changes: an if_id unique in the
 * net (or the one collect_md device), a link device given by index.
 * The reference kernel has no xfrm_interface module: this follows
 * Linux's source, and tests/unit/test_xfrm.c checks it against that.
 */
#include <errno.h>

#include <linux/if_arp.h>
#include <linux/if_link.h>

#include "proto/route/link/kinds.h"

#define IP_MAX_MTU 0xfff0u

/* struct xfrm_if_parms */
struct xfrmi_priv {
	int link;
	uint32_t if_id;
	bool collect_md;
};

static const struct unl_nla_policy xfrmi_policy[IFLA_XFRM_MAX + 1] = {
	[IFLA_XFRM_LINK] = { .type = UNL_NLA_U32 },
	[IFLA_XFRM_IF_ID] = { .type = UNL_NLA_U32 },
	[IFLA_XFRM_COLLECT_METADATA] = { .type = UNL_NLA_FLAG },
};

static struct xfrmi_priv *xfrmi_priv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* xfrmi_dev_setup(): no hardware address, no ARP, an Ethernet MTU. */
static void xfrmi_setup(struct rtnl_link *l)
{
	l->type = ARPHRD_NONE;
	l->flags = IFF_NOARP;
	l->mtu = 1500;
	l->min_mtu = 68;
	l->max_mtu = IP_MAX_MTU;
	l->addr_len = 0;
}

/* xfrmi_netlink_parms() */
static struct xfrmi_priv xfrmi_parms(const struct nlattr *const *data)
{
	struct xfrmi_priv p = { 0 };

	if (!data)
		return p;
	if (data[IFLA_XFRM_LINK])
		p.link = (int)unl_nla_get_u32(data[IFLA_XFRM_LINK]);
	if (data[IFLA_XFRM_IF_ID])
		p.if_id = unl_nla_get_u32(data[IFLA_XFRM_IF_ID]);
	p.collect_md = data[IFLA_XFRM_COLLECT_METADATA] != NULL;
	return p;
}

/* xfrmi_locate(): the device of this if_id (the collect_md device is
 * on no if_id list), or the collect_md one. */
static struct rtnl_link *xfrmi_locate(struct rtnl_net *rn,
				      const struct xfrmi_priv *p)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct xfrmi_priv *x;

		if (l->ops != &rtnl_xfrm_ops)
			continue;
		x = xfrmi_priv(l);
		if (p->collect_md ? x->collect_md
				  : !x->collect_md && x->if_id == p->if_id)
			return l;
	}
	return NULL;
}

/* xfrmi_newlink() */
static int xfrmi_newlink(struct rtnl_link *l,
			 const struct rtnl_newlink_params *p,
			 struct unl_ext_ack *extack)
{
	struct xfrmi_priv parms = xfrmi_parms(p->data);

	if (parms.collect_md) {
		if (parms.link || parms.if_id) {
			UNL_SET_ERR_MSG(extack, "link and if_id must be zero");
			return -EINVAL;
		}
	} else if (!parms.if_id) {
		UNL_SET_ERR_MSG(extack, "if_id must be non zero");
		return -EINVAL;
	}
	if (xfrmi_locate(l->rn, &parms))
		return -EEXIST;
	*xfrmi_priv(l) = parms;
	return rtnl_link_register(l, p->ifm->ifi_index);
}

/* xfrmi_changelink(): a collect_md device stays what it is. */
static int xfrmi_changelink(struct rtnl_link *l,
			    const struct nlattr *const *tb,
			    const struct nlattr *const *data,
			    struct unl_ext_ack *extack)
{
	struct xfrmi_priv parms = xfrmi_parms(data);
	struct rtnl_link *other;

	(void)tb;
	if (parms.collect_md) {
		UNL_SET_ERR_MSG(extack, "collect_md can't be changed");
		return -EINVAL;
	}
	other = xfrmi_locate(l->rn, &parms);
	if (other && other != l)
		return -EEXIST;
	if (other && xfrmi_priv(other)->collect_md) {
		UNL_SET_ERR_MSG(extack, "device can't be changed to collect_md");
		return -EINVAL;
	}
	xfrmi_priv(l)->link = parms.link;
	xfrmi_priv(l)->if_id = parms.if_id;
	return 0;
}

/* xfrmi_fill_info() */
static int xfrmi_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct xfrmi_priv *x = xfrmi_priv(l);

	if (unl_nla_put_u32(skb, IFLA_XFRM_LINK, (uint32_t)x->link) ||
	    unl_nla_put_u32(skb, IFLA_XFRM_IF_ID, x->if_id) ||
	    (x->collect_md && unl_nla_put_flag(skb, IFLA_XFRM_COLLECT_METADATA)))
		return -EMSGSIZE;
	return 0;
}

/* xfrmi_get_iflink() */
static int xfrmi_get_iflink(const struct rtnl_link *l)
{
	return xfrmi_priv(l)->link;
}

const struct rtnl_link_ops rtnl_xfrm_ops = {
	.kind = "xfrm",
	.priv_size = sizeof(struct xfrmi_priv),
	.setup = xfrmi_setup,
	.maxtype = IFLA_XFRM_MAX,
	.policy = xfrmi_policy,
	.newlink = xfrmi_newlink,
	.changelink = xfrmi_changelink,
	.dellink = rtnl_link_queue_kill,
	.fill_info = xfrmi_fill_info,
	.get_iflink = xfrmi_get_iflink,
};
