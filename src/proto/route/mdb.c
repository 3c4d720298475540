// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * RTM_NEWMDB, RTM_DELMDB and RTM_GETMDB (rtnl_mdb_add(), rtnl_mdb_del(),
 * rtnl_mdb_dump() and rtnl_mdb_get() of net/core/rtnetlink.c): the
 * checks every multicast database request passes before the device's
 * kind (a bridge) sees it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/bridge.h"

#define MDB_VLAN_VID_MASK 0x0fff

/* rtnl_validate_mdb_entry() */
static int mdb_entry_check(const struct nlattr *attr,
			   struct unl_ext_ack *extack)
{
	const struct br_mdb_entry *e = unl_nla_data(attr);

	if (unl_nla_len(attr) != sizeof(*e)) {
		UNL_SET_ERR_MSG(extack, "Invalid attribute length");
		return -EINVAL;
	}
	if (!e->ifindex) {
		UNL_SET_ERR_MSG(extack, "Zero entry ifindex is not allowed");
		return -EINVAL;
	}
	if (e->addr.proto == htons(ETH_P_IP)) {
		uint32_t a = ntohl(e->addr.u.ip4);

		if ((a >> 28) != 0xe && (a >> 24) != 0) {
			UNL_SET_ERR_MSG(extack,
					"IPv4 entry group address is not multicast or 0.0.0.0");
			return -EINVAL;
		}
		if ((a & 0xffffff00) == 0xe0000000) {
			UNL_SET_ERR_MSG(extack,
					"IPv4 entry group address is local multicast");
			return -EINVAL;
		}
	} else if (e->addr.proto == htons(ETH_P_IPV6)) {
		static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

		if (!memcmp(&e->addr.u.ip6, all_nodes, 16)) {
			UNL_SET_ERR_MSG(extack,
					"IPv6 entry group address is link-local all nodes");
			return -EINVAL;
		}
	} else if (e->addr.proto == 0) {
		if (!(e->addr.u.mac_addr[0] & 1)) {
			UNL_SET_ERR_MSG(extack, "L2 entry group is not multicast");
			return -EINVAL;
		}
	} else {
		UNL_SET_ERR_MSG(extack, "Unknown entry protocol");
		return -EINVAL;
	}
	if (e->state != MDB_PERMANENT && e->state != MDB_TEMPORARY) {
		UNL_SET_ERR_MSG(extack, "Unknown entry state");
		return -EINVAL;
	}
	if (e->vid >= MDB_VLAN_VID_MASK) {
		UNL_SET_ERR_MSG(extack, "Invalid entry VLAN id");
		return -EINVAL;
	}
	return 0;
}

/* rtnl_validate_mdb_entry_get() */
static int mdb_get_entry_check(const struct nlattr *attr,
			       struct unl_ext_ack *extack)
{
	const struct br_mdb_entry *e = unl_nla_data(attr);

	if (unl_nla_len(attr) != sizeof(*e)) {
		UNL_SET_ERR_MSG(extack, "Invalid attribute length");
		return -EINVAL;
	}
	if (e->ifindex) {
		UNL_SET_ERR_MSG(extack, "Entry ifindex cannot be specified");
		return -EINVAL;
	}
	if (e->state) {
		UNL_SET_ERR_MSG(extack, "Entry state cannot be specified");
		return -EINVAL;
	}
	if (e->flags) {
		UNL_SET_ERR_MSG(extack, "Entry flags cannot be specified");
		return -EINVAL;
	}
	if (e->vid >= MDB_VLAN_VID_MASK) {
		UNL_SET_ERR_MSG(extack, "Invalid entry VLAN id");
		return -EINVAL;
	}
	if (e->addr.proto != htons(ETH_P_IP) &&
	    e->addr.proto != htons(ETH_P_IPV6) && e->addr.proto != 0) {
		UNL_SET_ERR_MSG(extack, "Unknown entry protocol");
		return -EINVAL;
	}
	return 0;
}

static const struct unl_nla_policy mdba_policy[MDBA_SET_ENTRY_MAX + 1] = {
	[MDBA_SET_ENTRY_UNSPEC] = { .strict_start_type = MDBA_SET_ENTRY_ATTRS + 1 },
	[MDBA_SET_ENTRY] = { .type = UNL_NLA_BINARY,
			     .len = sizeof(struct br_mdb_entry) },
	[MDBA_SET_ENTRY_ATTRS] = { .type = UNL_NLA_NESTED },
};

/* rtnl_validate_mdb_entry_del_bulk(): a port, a VLAN and a state to
 * match, no address */
static int mdb_del_bulk_entry_check(const struct nlattr *attr,
				    struct unl_ext_ack *extack)
{
	static const struct br_mdb_entry zero;
	const struct br_mdb_entry *e = unl_nla_data(attr);

	if (unl_nla_len(attr) != sizeof(*e)) {
		UNL_SET_ERR_MSG_ATTR(extack, attr, "Invalid attribute length");
		return -EINVAL;
	}
	if (e->state != MDB_PERMANENT && e->state != MDB_TEMPORARY) {
		UNL_SET_ERR_MSG(extack, "Unknown entry state");
		return -EINVAL;
	}
	if (e->flags) {
		UNL_SET_ERR_MSG(extack, "Entry flags cannot be set");
		return -EINVAL;
	}
	if (e->vid >= MDB_VLAN_VID_MASK) {
		UNL_SET_ERR_MSG(extack, "Invalid entry VLAN id");
		return -EINVAL;
	}
	if (memcmp(&e->addr, &zero.addr, sizeof(e->addr))) {
		UNL_SET_ERR_MSG(extack, "Entry address cannot be set");
		return -EINVAL;
	}
	return 0;
}

static const struct unl_nla_policy mdba_del_bulk_policy[MDBA_SET_ENTRY_MAX + 1] = {
	[MDBA_SET_ENTRY] = { .type = UNL_NLA_BINARY,
			     .len = sizeof(struct br_mdb_entry) },
	[MDBA_SET_ENTRY_ATTRS] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy mdba_get_policy[BR_MDBA_GET_ENTRY_MAX + 1] = {
	[BR_MDBA_GET_ENTRY] = { .type = UNL_NLA_BINARY,
			     .len = sizeof(struct br_mdb_entry) },
	[BR_MDBA_GET_ENTRY_ATTRS] = { .type = UNL_NLA_NESTED },
};

/* The device of a request, and its MDB_SET_ENTRY checked. */
static int mdb_req(struct rtnl_net *rn, const struct nlmsghdr *nlh,
		   const struct nlattr *const *tb, int entry_type,
		   struct rtnl_link **out, struct unl_ext_ack *extack)
{
	const struct br_port_msg *bpm = NLMSG_DATA(nlh);

	if (!bpm->ifindex) {
		UNL_SET_ERR_MSG(extack, "Invalid ifindex");
		return -EINVAL;
	}
	*out = rtnl_link_by_index(rn, (int)bpm->ifindex);
	if (!*out) {
		UNL_SET_ERR_MSG(extack, "Device doesn't exist");
		return -ENODEV;
	}
	if (!tb[entry_type]) {
		UNL_SET_ERR_MSG(extack, entry_type == MDBA_SET_ENTRY
						? "Missing MDBA_SET_ENTRY attribute"
						: "Missing MDBA_GET_ENTRY attribute");
		return -EINVAL;
	}
	return 0;
}

static int rtnl_mdb_add(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[MDBA_SET_ENTRY_MAX + 1];
	struct rtnl_link *dev;
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(struct br_port_msg), tb,
			      MDBA_SET_ENTRY_MAX, mdba_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (!err && tb[MDBA_SET_ENTRY])
		err = mdb_entry_check(tb[MDBA_SET_ENTRY], extack);
	if (!err)
		err = mdb_req(rn, nlh, tb, MDBA_SET_ENTRY, &dev, extack);
	if (err)
		return err;
	if (!dev->ops->mdb_add) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	return dev->ops->mdb_add(dev, tb, nlh->nlmsg_flags, extack);
}

static int rtnl_mdb_del(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	bool bulk = nlh->nlmsg_flags & NLM_F_BULK;
	const struct nlattr *tb[MDBA_SET_ENTRY_MAX + 1];
	struct rtnl_link *dev;
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(struct br_port_msg), tb,
			      MDBA_SET_ENTRY_MAX,
			      bulk ? mdba_del_bulk_policy : mdba_policy,
			      bulk ? UNL_VALIDATE_STRICT : UNL_VALIDATE_LIBERAL,
			      extack);
	if (!err && tb[MDBA_SET_ENTRY])
		err = bulk ? mdb_del_bulk_entry_check(tb[MDBA_SET_ENTRY], extack)
			   : mdb_entry_check(tb[MDBA_SET_ENTRY], extack);
	if (!err)
		err = mdb_req(rn, nlh, tb, MDBA_SET_ENTRY, &dev, extack);
	if (err)
		return err;
	if (bulk) {
		if (!dev->ops->mdb_del_bulk) {
			UNL_SET_ERR_MSG(extack,
					"Device does not support MDB bulk deletion");
			return -EOPNOTSUPP;
		}
		return dev->ops->mdb_del_bulk(dev, tb, extack);
	}
	if (!dev->ops->mdb_del) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	return dev->ops->mdb_del(dev, tb, extack);
}

static int rtnl_mdb_get(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[BR_MDBA_GET_ENTRY_MAX + 1];
	struct rtnl_link *dev;
	int err;

	err = unl_nlmsg_parse(nlh, sizeof(struct br_port_msg), tb,
			      BR_MDBA_GET_ENTRY_MAX, mdba_get_policy,
			      UNL_VALIDATE_STRICT, extack);
	if (!err && tb[BR_MDBA_GET_ENTRY])
		err = mdb_get_entry_check(tb[BR_MDBA_GET_ENTRY], extack);
	if (!err)
		err = mdb_req(rn, nlh, tb, BR_MDBA_GET_ENTRY, &dev, extack);
	if (err)
		return err;
	if (!dev->ops->mdb_get) {
		UNL_SET_ERR_MSG(extack, "Device does not support MDB operations");
		return -EOPNOTSUPP;
	}
	return dev->ops->mdb_get(dev, tb, rtnl_req_portid(skb), nlh->nlmsg_seq,
				 extack);
}

/* rtnl_mdb_dump(): each device with a database, from args[0] on. */
static int rtnl_mdb_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	long idx = 0;

	if (cb->strict_check) {
		const struct br_port_msg *bpm = NLMSG_DATA(cb->nlh);

		if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*bpm))) {
			UNL_SET_ERR_MSG(cb->extack,
					"Invalid header for mdb dump request");
			return -EINVAL;
		}
		if (bpm->ifindex) {
			UNL_SET_ERR_MSG(cb->extack,
					"Filtering by device index is not supported for mdb dump request");
			return -EINVAL;
		}
		if (cb->nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*bpm))) {
			UNL_SET_ERR_MSG(cb->extack,
					"Invalid data after header in mdb dump request");
			return -EINVAL;
		}
	}
	for (struct rtnl_link *l = rn->links; l; l = l->next, idx++) {
		if (idx < cb->args[0] || !l->ops->mdb_dump)
			continue;
		if (l->ops->mdb_dump(l, skb, cb) == -EMSGSIZE)
			break;
		cb->args[1] = cb->args[2] = 0;
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

const struct rtnl_msg_handler rtnl_mdb_handlers[] = {
	{ PF_BRIDGE, RTM_GETMDB, rtnl_mdb_get, rtnl_mdb_dump, 0 },
	{ PF_BRIDGE, RTM_NEWMDB, rtnl_mdb_add, NULL, 0 },
	{ PF_BRIDGE, RTM_DELMDB, rtnl_mdb_del, NULL,
	  RTNL_FLAG_BULK_DEL_SUPPORTED },
};
const unsigned int rtnl_mdb_handlers_n =
	sizeof(rtnl_mdb_handlers) / sizeof(rtnl_mdb_handlers[0]);
