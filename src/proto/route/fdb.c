// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The PF_BRIDGE neighbour messages (rtnl_fdb_add(), rtnl_fdb_del(),
 * rtnl_fdb_dump() and rtnl_fdb_get() of net/core/rtnetlink.c): the
 * forwarding databases of bridges and of devices that keep one, and
 * the default one every Ethernet device has, its unicast and multicast
 * address lists (ndo_dflt_fdb_add() and friends).
 *
 * A request goes to the port's master (a bridge) when it says
 * NTF_MASTER or nothing, to the device itself when it says NTF_SELF,
 * or both; what a driver does not announce itself is announced here
 * as an NTF_SELF entry.
 */
#include <errno.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/kinds.h"

#define FDB_VLAN_VID_MASK 0x0fff

/* rtnl_fdb_add() parses with no policy: only the lengths it checks
 * (an all-unspecified policy validates nothing either; a bulk delete's
 * strict parse refuses only unknown types then). */
static const struct unl_nla_policy fdb_no_policy[NDA_MAX + 1];

static const struct unl_nla_policy fdb_get_policy[NDA_MAX + 1] = {
	[NDA_VLAN] = { .type = UNL_NLA_U16 },
	[NDA_MASTER] = { .type = UNL_NLA_U32 },
	[NDA_VNI] = { .type = UNL_NLA_U32 },
	[NDA_LLADDR] = { .type = UNL_NLA_BINARY, .len = 32 },
	[NDA_IFINDEX] = { .type = UNL_NLA_U32 },
};

static bool fdb_is_bridge_port(const struct rtnl_link *l,
			       struct rtnl_link **master)
{
	struct rtnl_link *m;

	if (!l->port || !l->master)
		return false;
	m = rtnl_link_by_index(l->rn, l->master);
	if (!m || m->ops != &rtnl_bridge_ops)
		return false;
	*master = m;
	return true;
}

/* nlmsg_populate_fdb_fill() */
static int fdb_fill_self(struct unl_skb *skb, const struct rtnl_link *l,
			 const uint8_t *addr, uint16_t vid, uint32_t pid,
			 uint32_t seq, int type, uint8_t flags, int nlflags,
			 uint16_t state)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ndm), nlflags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_flags = flags;
	ndm->ndm_ifindex = l->ifindex;
	ndm->ndm_state = state;
	if (unl_nla_put(skb, NDA_LLADDR, l->addr_len, addr) ||
	    (vid && unl_nla_put(skb, NDA_VLAN, sizeof(vid), &vid))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* rtnl_fdb_notify(): an NTF_SELF entry to RTNLGRP_NEIGH. */
static void fdb_notify_self(struct rtnl_link *l, const uint8_t *addr,
			    uint16_t vid, int type, uint16_t state)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_NEIGH))
		return;
	skb = unl_nlmsg_new(128);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	if (fdb_fill_self(skb, l, addr, vid, 0, 0, type, NTF_SELF, 0, state)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_NEIGH, NULL);
}

static bool fdb_unicast(const uint8_t *a)
{
	return !(a[0] & 1);
}

/* is_link_local_ether_addr(): 01:80:c2:00:00:0X */
static bool fdb_link_local(const uint8_t *a)
{
	static const uint8_t base[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };

	return !memcmp(a, base, 5) && !(a[5] & 0xf0);
}

/* ndo_dflt_fdb_add(): a local address on the device's own lists. */
static int fdb_dflt_add(struct rtnl_link *l, const struct ndmsg *ndm,
			const struct nlattr *const *tb, const uint8_t *addr,
			uint16_t vid, uint16_t flags)
{
	int err = -EINVAL;

	if (ndm->ndm_state && !(ndm->ndm_state & NUD_PERMANENT))
		return -EINVAL;
	if (tb[NDA_FLAGS_EXT] || vid)
		return -EINVAL;
	if (fdb_unicast(addr) || fdb_link_local(addr))
		err = rtnl_dev_uc_add_excl(l, addr);
	else
		err = rtnl_dev_mc_add_excl(l, addr);
	if (err == -EEXIST && !(flags & NLM_F_EXCL))
		err = 0;
	return err;
}

static int fdb_dflt_del(struct rtnl_link *l, const struct ndmsg *ndm,
			const uint8_t *addr)
{
	if (!(ndm->ndm_state & NUD_PERMANENT))
		return -EINVAL;
	if (fdb_unicast(addr) || fdb_link_local(addr))
		return rtnl_dev_uc_del(l, addr);
	return rtnl_dev_mc_del(l, addr);
}

/* fdb_vid_parse() */
static int fdb_vid_parse(const struct nlattr *attr, uint16_t *vid,
			 struct unl_ext_ack *extack)
{
	*vid = 0;
	if (!attr)
		return 0;
	if (unl_nla_len(attr) != sizeof(uint16_t)) {
		UNL_SET_ERR_MSG(extack, "invalid vlan attribute size");
		return -EINVAL;
	}
	*vid = unl_nla_get_u16(attr);
	if (!*vid || *vid >= FDB_VLAN_VID_MASK) {
		UNL_SET_ERR_MSG(extack, "invalid vlan id");
		return -EINVAL;
	}
	return 0;
}

/* The device of an add or delete: ndm_ifindex, an Ethernet device. */
static int fdb_req_dev(struct rtnl_net *rn, const struct ndmsg *ndm,
		       struct rtnl_link **out, struct unl_ext_ack *extack)
{
	if (!ndm->ndm_ifindex) {
		UNL_SET_ERR_MSG(extack, "invalid ifindex");
		return -EINVAL;
	}
	*out = rtnl_link_by_index(rn, ndm->ndm_ifindex);
	if (!*out) {
		UNL_SET_ERR_MSG(extack, "unknown ifindex");
		return -ENODEV;
	}
	return 0;
}

static int rtnl_fdb_add(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct rtnl_link *dev, *br;
	struct ndmsg *ndm;
	const uint8_t *addr;
	uint16_t vid;
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, fdb_no_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	ndm = NLMSG_DATA(nlh);
	err = fdb_req_dev(rn, ndm, &dev, extack);
	if (err)
		return err;
	if (!tb[NDA_LLADDR] || unl_nla_len(tb[NDA_LLADDR]) != ETH_ALEN) {
		UNL_SET_ERR_MSG(extack, "invalid address");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER) {
		UNL_SET_ERR_MSG(extack,
				"FDB add only supported for Ethernet devices");
		return -EINVAL;
	}
	addr = unl_nla_data(tb[NDA_LLADDR]);
	err = fdb_vid_parse(tb[NDA_VLAN], &vid, extack);
	if (err)
		return err;
	err = -EOPNOTSUPP;
	if ((!ndm->ndm_flags || (ndm->ndm_flags & NTF_MASTER)) &&
	    fdb_is_bridge_port(dev, &br)) {
		bool notified = false;

		err = br->ops->fdb_add(dev, ndm, tb, addr, vid,
				       nlh->nlmsg_flags, &notified, extack);
		if (err)
			return err;
		ndm->ndm_flags &= (uint8_t)~NTF_MASTER;
	}
	if (ndm->ndm_flags & NTF_SELF) {
		bool notified = false;

		if (dev->ops->fdb_add)
			err = dev->ops->fdb_add(dev, ndm, tb, addr, vid,
						nlh->nlmsg_flags, &notified,
						extack);
		else
			err = fdb_dflt_add(dev, ndm, tb, addr, vid,
					   nlh->nlmsg_flags);
		if (!err && !notified) {
			fdb_notify_self(dev, addr, vid, RTM_NEWNEIGH,
					ndm->ndm_state);
			ndm->ndm_flags &= (uint8_t)~NTF_SELF;
		}
	}
	return err;
}

static int rtnl_fdb_del(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	bool bulk = nlh->nlmsg_flags & NLM_F_BULK;
	const struct nlattr *tb[NDA_MAX + 1];
	struct rtnl_link *dev, *br;
	const uint8_t *addr = NULL;
	struct ndmsg *ndm;
	uint16_t vid = 0;
	int err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, fdb_no_policy,
			      bulk ? UNL_VALIDATE_DEPRECATED_STRICT
				   : UNL_VALIDATE_LIBERAL,
			      extack);
	if (err)
		return err;
	ndm = NLMSG_DATA(nlh);
	err = fdb_req_dev(rn, ndm, &dev, extack);
	if (err)
		return err;
	if (!bulk) {
		if (!tb[NDA_LLADDR] || unl_nla_len(tb[NDA_LLADDR]) != ETH_ALEN) {
			UNL_SET_ERR_MSG(extack, "invalid address");
			return -EINVAL;
		}
		addr = unl_nla_data(tb[NDA_LLADDR]);
		err = fdb_vid_parse(tb[NDA_VLAN], &vid, extack);
		if (err)
			return err;
	}
	if (dev->type != ARPHRD_ETHER) {
		UNL_SET_ERR_MSG(extack,
				"FDB delete only supported for Ethernet devices");
		return -EINVAL;
	}
	err = -EOPNOTSUPP;
	if ((!ndm->ndm_flags || (ndm->ndm_flags & NTF_MASTER)) &&
	    fdb_is_bridge_port(dev, &br)) {
		bool notified = false;

		if (!bulk)
			err = br->ops->fdb_del(dev, ndm, tb, addr, vid,
					       &notified, extack);
		else
			err = br->ops->fdb_del_bulk(dev, nlh, extack);
		if (err)
			return err;
		ndm->ndm_flags &= (uint8_t)~NTF_MASTER;
	}
	if (ndm->ndm_flags & NTF_SELF) {
		bool notified = false;

		if (!bulk) {
			if (dev->ops->fdb_del)
				err = dev->ops->fdb_del(dev, ndm, tb, addr, vid,
							&notified, extack);
			else
				err = fdb_dflt_del(dev, ndm, addr);
		} else {
			err = dev->ops->fdb_del_bulk
				      ? dev->ops->fdb_del_bulk(dev, nlh, extack)
				      : -EOPNOTSUPP;
		}
		if (!err) {
			if (!bulk && !notified)
				fdb_notify_self(dev, addr, vid, RTM_DELNEIGH,
						ndm->ndm_state);
			ndm->ndm_flags &= (uint8_t)~NTF_SELF;
		}
	}
	return err;
}

/* ---- dumps ---- */

struct fdb_dflt_walk {
	struct unl_skb *skb;
	struct unl_callback *cb;
	struct rtnl_link *l;
	long *idx;
};

/* nlmsg_populate_fdb(): one address of a list, past the ones a
 * previous part of the dump gave. */
static int fdb_dflt_one(void *arg, const uint8_t *addr, unsigned int users,
			bool global)
{
	struct fdb_dflt_walk *w = arg;
	int err = 0;

	(void)users;
	(void)global;
	if (*w->idx >= w->cb->args[2])
		err = fdb_fill_self(w->skb, w->l, addr, 0,
				    rtnl_req_portid(w->cb->skb),
				    w->cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
				    NTF_SELF, NLM_F_MULTI, NUD_PERMANENT);
	if (!err)
		(*w->idx)++;
	return err;
}

int rtnl_fdb_dflt_dump(struct unl_skb *skb, struct unl_callback *cb,
		       struct rtnl_link *l, long *idx)
{
	struct fdb_dflt_walk w = { skb, cb, l, idx };
	int err = 0;

	if (l->type != ARPHRD_ETHER)
		return -EINVAL;
	err = rtnl_dev_uc_walk(l, fdb_dflt_one, &w);
	if (!err)
		err = rtnl_dev_mc_walk(l->rn, l, fdb_dflt_one, &w);
	return err;
}

/* valid_fdb_dump_strict() */
static int fdb_dump_strict(const struct nlmsghdr *nlh, int *br_idx,
			   int *brport_idx, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *ndm;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for fdb dump request");
		return -EINVAL;
	}
	ndm = NLMSG_DATA(nlh);
	if (ndm->ndm_pad1 || ndm->ndm_pad2 || ndm->ndm_state ||
	    ndm->ndm_flags || ndm->ndm_type) {
		UNL_SET_ERR_MSG(extack,
				"Invalid values in header for fdb dump request");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, fdb_no_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	*brport_idx = ndm->ndm_ifindex;
	for (int i = 0; i <= NDA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case NDA_IFINDEX:
			if (unl_nla_len(tb[i]) != sizeof(uint32_t)) {
				UNL_SET_ERR_MSG(extack,
						"Invalid IFINDEX attribute in fdb dump request");
				return -EINVAL;
			}
			*brport_idx = (int)unl_nla_get_u32(tb[i]);
			break;
		case NDA_MASTER:
			if (unl_nla_len(tb[i]) != sizeof(uint32_t)) {
				UNL_SET_ERR_MSG(extack,
						"Invalid MASTER attribute in fdb dump request");
				return -EINVAL;
			}
			*br_idx = (int)unl_nla_get_u32(tb[i]);
			break;
		default:
			UNL_SET_ERR_MSG(extack,
					"Unsupported attribute in fdb dump request");
			return -EINVAL;
		}
	}
	return 0;
}

/* valid_fdb_dump_legacy(): an ndmsg (with one u32 attribute at most)
 * filters nothing; anything longer is read as an ifinfomsg, whose
 * index is the port and IFLA_MASTER the bridge. */
static int fdb_dump_legacy(const struct nlmsghdr *nlh, int *br_idx,
			   int *brport_idx, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	uint32_t len = nlh->nlmsg_len - NLMSG_HDRLEN;
	const struct ifinfomsg *ifm;

	if (len == sizeof(struct ndmsg) ||
	    len == sizeof(struct ndmsg) + NLA_HDRLEN + sizeof(uint32_t))
		return 0;
	if (len < sizeof(*ifm))
		return -EINVAL;
	if (rtnl_link_parse((struct nlmsghdr *)nlh, tb, extack))
		return -EINVAL;
	if (tb[IFLA_MASTER])
		*br_idx = (int)unl_nla_get_u32(tb[IFLA_MASTER]);
	ifm = NLMSG_DATA(nlh);
	*brport_idx = ifm->ifi_index;
	return 0;
}

/* rtnl_fdb_dump(): device by device (from args[0], an ifindex), each
 * port's entries in its master's database, then the device's own
 * (args[2] counts the entries given of the device where the last part
 * stopped). */
static int rtnl_fdb_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct rtnl_link *br_dev = NULL;
	int br_idx = 0, brport_idx = 0;
	long fidx = 0;
	int err;

	if (cb->strict_check)
		err = fdb_dump_strict(cb->nlh, &br_idx, &brport_idx,
				      cb->extack);
	else
		err = fdb_dump_legacy(cb->nlh, &br_idx, &brport_idx,
				      cb->extack);
	if (err < 0)
		return err;
	if (br_idx) {
		br_dev = rtnl_link_by_index(rn, br_idx);
		if (!br_dev)
			return -ENODEV;
	}
	for (struct rtnl_link *dev = rn->links; dev; dev = dev->next) {
		struct rtnl_link *master = NULL, *cdev = NULL;
		bool port = fdb_is_bridge_port(dev, &master);

		if (dev->ifindex < cb->args[0])
			continue;
		if (brport_idx && dev->ifindex != brport_idx)
			continue;
		if (!br_idx) {
			if (port)
				cdev = master;
		} else {
			if (dev != br_dev && !port)
				continue;
			if (master != br_dev && dev->ops != &rtnl_bridge_ops)
				continue;
			cdev = br_dev;
		}
		if (port && cdev && cdev->ops->fdb_dump) {
			err = cdev->ops->fdb_dump(skb, cb, cdev, dev, &fidx);
			if (err == -EMSGSIZE) {
				cb->args[0] = dev->ifindex;
				cb->args[2] = fidx;
				return (int)unl_skb_len(skb);
			}
		}
		if (dev->ops->fdb_dump)
			err = dev->ops->fdb_dump(skb, cb, dev, NULL, &fidx);
		else
			err = rtnl_fdb_dflt_dump(skb, cb, dev, &fidx);
		if (err == -EMSGSIZE) {
			cb->args[0] = dev->ifindex;
			cb->args[2] = fidx;
			return (int)unl_skb_len(skb);
		}
		cb->args[2] = 0;
		fidx = 0;
	}
	cb->args[0] = INT32_MAX;
	return (int)unl_skb_len(skb);
}

/* valid_fdb_get_strict() */
static int fdb_get_parse(const struct nlmsghdr *nlh,
			 const struct nlattr **tb, uint8_t *ndm_flags,
			 int *br_idx, int *brport_idx, const uint8_t **addr,
			 uint16_t *vid, struct unl_ext_ack *extack)
{
	const struct ndmsg *ndm;
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for fdb get request");
		return -EINVAL;
	}
	ndm = NLMSG_DATA(nlh);
	if (ndm->ndm_pad1 || ndm->ndm_pad2 || ndm->ndm_state ||
	    ndm->ndm_type) {
		UNL_SET_ERR_MSG(extack,
				"Invalid values in header for fdb get request");
		return -EINVAL;
	}
	if (ndm->ndm_flags & ~(NTF_MASTER | NTF_SELF)) {
		UNL_SET_ERR_MSG(extack,
				"Invalid flags in header for fdb get request");
		return -EINVAL;
	}
	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, fdb_get_policy,
			      UNL_VALIDATE_DEPRECATED_STRICT, extack);
	if (err)
		return err;
	*ndm_flags = ndm->ndm_flags;
	*brport_idx = ndm->ndm_ifindex;
	for (int i = 0; i <= NDA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case NDA_MASTER:
			*br_idx = (int)unl_nla_get_u32(tb[i]);
			break;
		case NDA_LLADDR:
			if (unl_nla_len(tb[i]) != ETH_ALEN) {
				UNL_SET_ERR_MSG(extack,
						"Invalid address in fdb get request");
				return -EINVAL;
			}
			*addr = unl_nla_data(tb[i]);
			break;
		case NDA_VLAN:
			err = fdb_vid_parse(tb[i], vid, extack);
			if (err)
				return err;
			break;
		case NDA_VNI:
			break;
		default:
			UNL_SET_ERR_MSG(extack,
					"Unsupported attribute in fdb get request");
			return -EINVAL;
		}
	}
	return 0;
}

/* rtnl_fdb_get(): one entry of a bridge's (or a device's own)
 * database. */
static int rtnl_fdb_get(struct rtnl_net *rn, struct unl_skb *skb,
			struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	struct rtnl_link *dev = NULL, *br_dev = NULL, *owner = NULL;
	const struct nlattr *tb[NDA_MAX + 1];
	int br_idx = 0, brport_idx = 0;
	const uint8_t *addr = NULL;
	uint8_t ndm_flags = 0;
	struct unl_skb *nskb;
	uint16_t vid = 0;
	int err;

	err = fdb_get_parse(nlh, tb, &ndm_flags, &br_idx, &brport_idx, &addr,
			    &vid, extack);
	if (err)
		return err;
	if (!addr) {
		UNL_SET_ERR_MSG(extack,
				"Missing lookup address for fdb get request");
		return -EINVAL;
	}
	if (brport_idx) {
		dev = rtnl_link_by_index(rn, brport_idx);
		if (!dev) {
			UNL_SET_ERR_MSG(extack, "Unknown device ifindex");
			return -ENODEV;
		}
	}
	if (br_idx) {
		if (dev) {
			UNL_SET_ERR_MSG(extack,
					"Master and device are mutually exclusive");
			return -EINVAL;
		}
		br_dev = rtnl_link_by_index(rn, br_idx);
		if (!br_dev) {
			UNL_SET_ERR_MSG(extack, "Invalid master ifindex");
			return -EINVAL;
		}
		owner = br_dev;
	}
	if (dev) {
		if (!ndm_flags || (ndm_flags & NTF_MASTER)) {
			if (!fdb_is_bridge_port(dev, &br_dev)) {
				UNL_SET_ERR_MSG(extack,
						"Device is not a bridge port");
				return -EINVAL;
			}
			owner = br_dev;
		} else {
			if (!(ndm_flags & NTF_SELF)) {
				UNL_SET_ERR_MSG(extack, "Missing NTF_SELF");
				return -EINVAL;
			}
			owner = dev;
		}
	}
	if (!br_dev && !dev) {
		UNL_SET_ERR_MSG(extack, "No device specified");
		return -ENODEV;
	}
	if (!owner || !owner->ops->fdb_get) {
		UNL_SET_ERR_MSG(extack,
				"Fdb get operation not supported by device");
		return -EOPNOTSUPP;
	}
	nskb = unl_nlmsg_new(512);
	if (!nskb)
		return -ENOBUFS;
	if (br_dev)
		dev = br_dev;
	err = owner->ops->fdb_get(nskb, tb, dev, addr, vid,
				  rtnl_req_portid(skb), nlh->nlmsg_seq, extack);
	if (err) {
		unl_skb_free(nskb);
		return err;
	}
	return unl_unicast(rn->ksk, nskb, rtnl_req_portid(skb), true);
}

const struct rtnl_msg_handler rtnl_fdb_handlers[] = {
	{ PF_BRIDGE, RTM_NEWNEIGH, rtnl_fdb_add, NULL, 0 },
	{ PF_BRIDGE, RTM_DELNEIGH, rtnl_fdb_del, NULL,
	  RTNL_FLAG_BULK_DEL_SUPPORTED },
	{ PF_BRIDGE, RTM_GETNEIGH, rtnl_fdb_get, rtnl_fdb_dump,
	  0 },
};
const unsigned int rtnl_fdb_handlers_n =
	sizeof(rtnl_fdb_handlers) / sizeof(rtnl_fdb_handlers[0]);
