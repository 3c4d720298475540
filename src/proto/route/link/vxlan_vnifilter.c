// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The VNI filter of an externally controlled vxlan device
 * (drivers/net/vxlan/vxlan_vnifilter.c): a device made with `external
 * vnifilter` terminates only the VNIs it was given, each maybe with a
 * remote of its own.  RTM_NEWTUNNEL and RTM_DELTUNNEL of family
 * PF_BRIDGE add and remove them one by one over a range (struct
 * tunnel_msg, VXLAN_VNIFILTER_ENTRY nests), stopping at the first that
 * fails with what came before it kept; RTM_GETTUNNEL lists them, one
 * message per device, as ranges of consecutive VNIs with the same
 * remote, or one by one with their counters (TUNNEL_MSG_FLAG_STATS).
 * Each change is announced to RTNLGRP_TUNNEL.
 *
 * A VNI with a remote (its own, else the device's) has an all-zero
 * forwarding entry toward it, keyed by the VNI (vxlan_fdb.c); as in
 * Linux, a new remote given to a VNI appends its entry and leaves the
 * old one, which only the VNI's deletion or the device's takes away.
 * No packet moves: the counters stay 0, no multicast group is joined.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <unetlink/profile.h>

#include "core/vec.h"
#include "proto/route/link/vxlan.h"

static bool vni_filtering(const struct rtnl_link *l)
{
	return l->ops == &rtnl_vxlan_ops &&
	       (vx(l)->cfg.flags & VXF_VNIFILTER);
}

/* The place of vni in the sorted list: its index, or where it goes. */
static size_t vni_pos(const struct vxlan_priv *v, uint32_t vni)
{
	size_t lo = 0, hi = v->n_vnis;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->vnis[mid].vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct vxlan_vni *vxlan_vni_find(const struct rtnl_link *l, uint32_t vni)
{
	const struct vxlan_priv *v = vx(l);
	size_t i = vni_pos(v, vni);

	return i < v->n_vnis && v->vnis[i].vni == vni ? &v->vnis[i] : NULL;
}

/* vxlan_addr_equal(): the family counts, so an explicit 0.0.0.0 is not
 * the absent remote (family 0); the bytes past an IPv4 address are 0. */
static bool addr_same(const struct vxlan_addr *a, const struct vxlan_addr *b)
{
	return a->family == b->family && !memcmp(a->a, b->a, sizeof(a->a));
}

/* ---- messages ---- */

static struct nlmsghdr *tunnel_msg_put(struct unl_skb *skb, uint32_t portid,
				       uint32_t seq, int type, int ifindex,
				       int flags)
{
	struct nlmsghdr *nlh;
	struct tunnel_msg *tm;

	nlh = unl_nlmsg_put(skb, portid, seq, type, sizeof(*tm), flags);
	if (!nlh)
		return NULL;
	tm = NLMSG_DATA(nlh);
	tm->family = PF_BRIDGE;
	tm->ifindex = (uint32_t)ifindex;
	return nlh;
}

/* __vnifilter_entry_fill_stats(): no packet moved, every counter 0. */
static int fill_stats(struct unl_skb *skb)
{
	struct nlattr *nest = unl_nla_nest_start(skb, VXLAN_VNIFILTER_ENTRY_STATS);

	if (!nest)
		return -EMSGSIZE;
	for (int t = VNIFILTER_ENTRY_STATS_RX_BYTES;
	     t <= VNIFILTER_ENTRY_STATS_TX_ERRORS; t++)
		if (unl_nla_put_u64(skb, t, 0, VNIFILTER_ENTRY_STATS_PAD)) {
			unl_nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* vxlan_fill_vni_filter_entry(): first..last (the same: one VNI), the
 * first's remote. */
static int fill_entry(struct unl_skb *skb, const struct vxlan_vni *first,
		      const struct vxlan_vni *last, bool stats)
{
	const struct vxlan_addr *r = &first->remote;
	struct nlattr *nest = unl_nla_nest_start(skb, VXLAN_VNIFILTER_ENTRY);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, VXLAN_VNIFILTER_ENTRY_START, first->vni) ||
	    (first != last &&
	     unl_nla_put_u32(skb, VXLAN_VNIFILTER_ENTRY_END, last->vni)) ||
	    (!addr_any(r) &&
	     unl_nla_put(skb, r->family == AF_INET6 ? VXLAN_VNIFILTER_ENTRY_GROUP6
						    : VXLAN_VNIFILTER_ENTRY_GROUP,
			 r->family == AF_INET6 ? 16 : 4, r->a)) ||
	    (stats && fill_stats(skb))) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* vxlan_vnifilter_notify() */
static void vni_notify(struct rtnl_link *l, const struct vxlan_vni *v, int cmd)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_TUNNEL))
		return;
	skb = unl_nlmsg_new(NLMSG_ALIGN(sizeof(struct tunnel_msg)) +
			    unl_nla_total_size(0) + 2 * unl_nla_total_size(4) +
			    unl_nla_total_size(16));
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_TUNNEL, -ENOBUFS);
		return;
	}
	nlh = tunnel_msg_put(skb, 0, 0, cmd, l->ifindex, 0);
	if (!nlh || fill_entry(skb, v, v, false)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_TUNNEL, -EMSGSIZE);
		return;
	}
	unl_nlmsg_end(skb, nlh);
	rtnl_notify(rn, skb, 0, RTNLGRP_TUNNEL, NULL);
}

/* ---- the list ---- */

/* vxlan_vni_update_group(): the all-zero entry of v toward group (the
 * device's remote when none), the old remote's removed only when there
 * is no new one; *changed when an entry was touched.  The VNI keeps
 * group, the any address included. */
static int vni_update_group(struct rtnl_link *l, struct vxlan_vni *v,
			    const struct vxlan_addr *group, bool *changed,
			    struct unl_ext_ack *extack)
{
	const struct vxlan_addr *dev_remote = &vx(l)->cfg.remote;
	const struct vxlan_addr *add = NULL, *del = NULL;
	struct vxlan_addr old = v->remote;
	int err;

	if (!addr_any(group))
		add = group;
	else if (!addr_any(dev_remote))
		add = dev_remote;
	if (!add && !addr_any(&old))
		del = &old;
	if (!add && !del)
		return 0;
	err = vxlan_fdb_vni_default(l, v->vni, del, add, extack);
	if (err)
		return err;
	v->remote = *group;
	*changed = true;
	return 0;
}

/* vxlan_vni_in_use() for a VNI the device is given: another filtering
 * device of the same port and kind has it. */
static bool vni_taken(const struct rtnl_link *l, uint32_t vni)
{
	return vxlan_vni_in_use(l->rn, l, &vx(l)->cfg, vni);
}

/* vxlan_vni_add(): a VNI there already takes the new remote (announced
 * when an entry moved); a new one goes into the list and is announced. */
static int vni_add(struct rtnl_link *l, uint32_t vni,
		   const struct vxlan_addr *group, struct unl_ext_ack *extack)
{
	struct vxlan_priv *p = vx(l);
	struct vxlan_vni *v;
	bool changed = false;
	size_t i = vni_pos(p, vni);
	int err;

	if (i < p->n_vnis && p->vnis[i].vni == vni) {
		err = vni_update_group(l, &p->vnis[i], group, &changed, extack);
		if (!err && changed)
			vni_notify(l, &p->vnis[i], RTM_NEWTUNNEL);
		return err;
	}
	if (vni_taken(l, vni)) {
		UNL_SET_ERR_MSG(extack, "VNI in use");
		return -EEXIST;
	}
	if (unl_vec_reserve(&p->vnis, &p->cap_vnis, p->n_vnis + 1,
			    sizeof(*p->vnis)))
		return -ENOMEM;
	memmove(&p->vnis[i + 1], &p->vnis[i],
		(p->n_vnis - i) * sizeof(*p->vnis));
	p->n_vnis++;
	v = &p->vnis[i];
	memset(v, 0, sizeof(*v));
	v->vni = vni;
	err = vni_update_group(l, v, group, &changed, extack);
	vni_notify(l, v, RTM_NEWTUNNEL);
	return err;
}

/* vxlan_vni_del() with vxlan_vni_delete_group(): its entry (toward its
 * own remote, else the device's) goes, then the VNI, announced. */
static int vni_del(struct rtnl_link *l, uint32_t vni)
{
	struct vxlan_priv *p = vx(l);
	size_t i = vni_pos(p, vni);
	struct vxlan_vni gone;

	if (i >= p->n_vnis || p->vnis[i].vni != vni)
		return -ENOENT;
	gone = p->vnis[i];
	vxlan_fdb_vni_default(l, vni,
			      addr_any(&gone.remote) ? &p->cfg.remote
						     : &gone.remote,
			      NULL, NULL);
	memmove(&p->vnis[i], &p->vnis[i + 1],
		(p->n_vnis - i - 1) * sizeof(*p->vnis));
	p->n_vnis--;
	vni_notify(l, &gone, RTM_DELTUNNEL);
	return 0;
}

int vxlan_vni_remote_moved(struct rtnl_link *l, const struct vxlan_addr *old,
			   const struct vxlan_addr *new,
			   struct unl_ext_ack *extack)
{
	struct vxlan_priv *p = vx(l);

	/* the list's last first, as Linux walks it */
	for (size_t i = p->n_vnis; i-- > 0;) {
		int err;

		if (!addr_any(&p->vnis[i].remote))
			continue;
		err = vxlan_fdb_vni_default(l, p->vnis[i].vni, old, new, extack);
		if (err)
			return err;
	}
	return 0;
}

void vxlan_vni_uninit(struct rtnl_link *l)
{
	struct vxlan_priv *p = vx(l);

	while (p->n_vnis) {
		struct vxlan_vni first = p->vnis[0];

		memmove(&p->vnis[0], &p->vnis[1],
			(p->n_vnis - 1) * sizeof(*p->vnis));
		p->n_vnis--;
		vni_notify(l, &first, RTM_DELTUNNEL);
	}
}

void vxlan_vni_free(struct rtnl_link *l)
{
	free(vx(l)->vnis);
	vx(l)->vnis = NULL;
	vx(l)->n_vnis = vx(l)->cap_vnis = 0;
}

/* ---- RTM_NEWTUNNEL and RTM_DELTUNNEL ---- */

static const struct unl_nla_policy entry_policy[VXLAN_VNIFILTER_ENTRY_MAX + 1] = {
	[VXLAN_VNIFILTER_ENTRY_START] = { .type = UNL_NLA_U32 },
	[VXLAN_VNIFILTER_ENTRY_END] = { .type = UNL_NLA_U32 },
	[VXLAN_VNIFILTER_ENTRY_GROUP] = { .type = UNL_NLA_BINARY, .len = 4 },
	[VXLAN_VNIFILTER_ENTRY_GROUP6] = { .type = UNL_NLA_BINARY, .len = 16 },
};

static const struct unl_nla_policy filter_policy[VXLAN_VNIFILTER_MAX + 1] = {
	[VXLAN_VNIFILTER_ENTRY] = { .type = UNL_NLA_NESTED },
};

/* The group of an entry: an address no longer than its family's, read
 * as far as it goes (Linux reads past a shorter one). */
static void entry_group(const struct nlattr *const *tb, struct vxlan_addr *g)
{
	const struct nlattr *a = tb[VXLAN_VNIFILTER_ENTRY_GROUP];

	memset(g, 0, sizeof(*g));
	if (a) {
		g->family = AF_INET;
	} else if ((a = tb[VXLAN_VNIFILTER_ENTRY_GROUP6])) {
		g->family = AF_INET6;
	} else {
		return;
	}
	memcpy(g->a, unl_nla_data(a), (size_t)unl_nla_len(a));
}

/* vxlan_process_vni_filter() with vxlan_vni_add_del() */
static int process_entry(struct rtnl_link *l, const struct nlattr *entry,
			 int cmd, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[VXLAN_VNIFILTER_ENTRY_MAX + 1];
	uint32_t start = 0, end = 0;
	struct vxlan_addr group;
	int err;

	err = unl_nla_parse_nested(tb, VXLAN_VNIFILTER_ENTRY_MAX, entry,
				   entry_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (tb[VXLAN_VNIFILTER_ENTRY_START])
		start = end = unl_nla_get_u32(tb[VXLAN_VNIFILTER_ENTRY_START]);
	if (tb[VXLAN_VNIFILTER_ENTRY_END])
		end = unl_nla_get_u32(tb[VXLAN_VNIFILTER_ENTRY_END]);
	if (!start && !end) {
		UNL_SET_ERR_MSG_ATTR(extack, entry,
				     "vni start nor end found in vni entry");
		return -EINVAL;
	}
	entry_group(tb, &group);
	if (addr_multicast(&group) && !vx(l)->cfg.remote_ifindex) {
		UNL_SET_ERR_MSG(extack, "Local interface required for multicast remote group");
		return -EINVAL;
	}
	/* a u64 counter: an end of 0xffffffff ends too */
	for (uint64_t vni = start; vni <= end; vni++) {
		err = cmd == RTM_NEWTUNNEL
			      ? vni_add(l, (uint32_t)vni, &group, extack)
			      : vni_del(l, (uint32_t)vni);
		if (err)
			return err;
	}
	return 0;
}

/* vxlan_vnifilter_process() */
static int vni_process(struct rtnl_net *rn, struct unl_skb *skb,
		       struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct tunnel_msg *tm;
	const struct nlattr *attr;
	struct rtnl_link *dev;
	int err, rem, vnis = 0;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(*tm), NULL, VXLAN_VNIFILTER_MAX,
			      filter_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	tm = NLMSG_DATA(nlh);
	dev = rtnl_link_by_index(rn, (int)tm->ifindex);
	if (!dev)
		return -ENODEV;
	if (dev->ops != &rtnl_vxlan_ops) {
		UNL_SET_ERR_MSG(extack, "vxlan: The device is not a vxlan device");
		return -EINVAL;
	}
	if (!vni_filtering(dev))
		return -EOPNOTSUPP;
	unl_nla_for_each(attr,
			 (const struct nlattr *)((const uint8_t *)tm +
						 NLMSG_ALIGN(sizeof(*tm))),
			 (int)(nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*tm)))),
			 rem) {
		if (unl_nla_type(attr) != VXLAN_VNIFILTER_ENTRY)
			continue;
		err = process_entry(dev, attr, nlh->nlmsg_type, extack);
		vnis++;
		if (err)
			break;
	}
	if (!vnis) {
		UNL_SET_ERR_MSG(extack, "vxlan: No vnis found to process");
		err = -EINVAL;
	}
	return err;
}

/* ---- RTM_GETTUNNEL ---- */

/* vxlan_vnifilter_dump_dev(): one RTM_NEWTUNNEL for the device from the
 * VNI args[1] counts, its VNIs as ranges (with counters, one by one). */
static int dump_dev(struct rtnl_link *l, struct unl_skb *skb,
		    struct unl_callback *cb, bool stats)
{
	const struct vxlan_priv *p = vx(l);
	const struct vxlan_vni *first = NULL, *last = NULL;
	long idx = 0, s_idx = cb->args[1];
	struct nlmsghdr *nlh;
	int err = 0;

	if (!vni_filtering(l))
		return -EINVAL;
	if (!p->n_vnis)
		return 0;
	nlh = tunnel_msg_put(skb, rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
			     RTM_NEWTUNNEL, l->ifindex, NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	for (size_t i = 0; i < p->n_vnis; i++) {
		const struct vxlan_vni *v = &p->vnis[i];

		if (idx < s_idx) {
			idx++;
			continue;
		}
		if (!first) {
			first = last = v;
			continue;
		}
		if (stats || v->vni - last->vni != 1 ||
		    !addr_same(&v->remote, &last->remote)) {
			err = fill_entry(skb, first, last, stats);
			if (err)
				break;
			idx += last->vni - first->vni + 1;
			first = v;
		}
		last = v;
	}
	if (!err && first)
		err = fill_entry(skb, first, last, stats);
	cb->args[1] = err ? idx : 0;
	unl_nlmsg_end(skb, nlh);
	return err;
}

/* vxlan_vnifilter_dump(): one device, or every vxlan from where the
 * last part stopped. */
static int vni_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct tunnel_msg tm = { 0 };
	long idx = 0;
	int err;

	if (cb->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(tm))) {
		UNL_SET_ERR_MSG(cb->extack, "Invalid msg length");
		return -EINVAL;
	}
	memcpy(&tm, NLMSG_DATA(cb->nlh), sizeof(tm));
	if (tm.flags & ~TUNNEL_MSG_VALID_USER_FLAGS) {
		UNL_SET_ERR_MSG(cb->extack, "Invalid tunnelmsg flags in ancillary header");
		return -EINVAL;
	}
	if (tm.ifindex) {
		struct rtnl_link *dev = rtnl_link_by_index(rn, (int)tm.ifindex);

		if (!dev)
			return -ENODEV;
		if (dev->ops != &rtnl_vxlan_ops) {
			UNL_SET_ERR_MSG(cb->extack, "The device is not a vxlan device");
			return -EINVAL;
		}
		err = dump_dev(dev, skb, cb, tm.flags & TUNNEL_MSG_FLAG_STATS);
		if (err != -EMSGSIZE)
			return err;
		cb->args[0] = 0;
		return (int)unl_skb_len(skb);
	}
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		if (l->ops != &rtnl_vxlan_ops)
			continue;
		if (idx >= cb->args[0] &&
		    dump_dev(l, skb, cb, tm.flags & TUNNEL_MSG_FLAG_STATS) ==
			    -EMSGSIZE)
			break;
		idx++;
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* vxlan_vnifilter_init(): registered with the vxlan module. */
static bool vxlan_registered(const struct rtnl_net *rn)
{
	return unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_LINK,
			       "vxlan");
}

const struct rtnl_msg_handler rtnl_vxlan_vni_handlers[] = {
	{ PF_BRIDGE, RTM_GETTUNNEL, NULL, vni_dump, 0, vxlan_registered },
	{ PF_BRIDGE, RTM_NEWTUNNEL, vni_process, NULL, 0, vxlan_registered },
	{ PF_BRIDGE, RTM_DELTUNNEL, vni_process, NULL, 0, vxlan_registered },
};
const unsigned int rtnl_vxlan_vni_handlers_n =
	sizeof(rtnl_vxlan_vni_handlers) / sizeof(rtnl_vxlan_vni_handlers[0]);
