// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's VLAN database (net/bridge/br_vlan.c, br_vlan_options.c,
 * br_mst.c and the VLAN part of br_netlink.c): the VLANs of the bridge
 * and of its ports, their flags (PVID, untagged), per-VLAN options and
 * the bridge's global per-VLAN options, set through an AF_BRIDGE
 * RTM_SETLINK/RTM_DELLINK (IFLA_AF_SPEC) or RTM_NEWVLAN/RTM_DELVLAN,
 * reported in AF_BRIDGE link dumps and RTM_GETVLAN dumps, announced to
 * RTNLGRP_BRVLAN.
 *
 * A bridge VLAN (BRIDGE_VLAN_INFO_MASTER) without BRIDGE_VLAN_INFO_BRENTRY
 * only carries the global options of the ports' VLANs of that id: it is
 * not "used" (br_vlan_should_use()), neither counted nor shown but in
 * the global dump.
 *
 * A kernel built without CONFIG_BRIDGE_VLAN_FILTERING (the net's
 * profile says) answers EOPNOTSUPP where Linux's stubs do and keeps no
 * VLAN at all.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/bridge.h"

#define BR_VLAN_VID_MASK 0x0fff
#define BR_VLAN_N_VID 4096

bool br_vlan_built(const struct rtnl_link *brdev)
{
	return brdev->rn->feat.br_vlan_filtering;
}

static bool br_vlan_is_master(const struct br_vlan *v)
{
	return v->flags & BRIDGE_VLAN_INFO_MASTER;
}

static bool br_vlan_is_brentry(const struct br_vlan *v)
{
	return v->flags & BRIDGE_VLAN_INFO_BRENTRY;
}

/* br_vlan_should_use(): a port's VLAN always, a bridge VLAN when it is
 * an entry of its own. */
static bool br_vlan_should_use(const struct br_vlan *v)
{
	return !br_vlan_is_master(v) || br_vlan_is_brentry(v);
}

/* The bridge port a device is, or NULL. */
static struct br_port *br_vlan_port(const struct rtnl_link *dev)
{
	const struct rtnl_link *m;

	if (!dev->port || !dev->master)
		return NULL;
	m = rtnl_link_by_index(dev->rn, dev->master);
	return m && m->ops == &rtnl_bridge_ops ? dev->port : NULL;
}

static struct br_vlan *br_vlan_find(const struct br_vlan_group *vg,
				    uint16_t vid)
{
	for (struct br_vlan *v = vg->vlans; v && v->vid <= vid; v = v->next)
		if (v->vid == vid)
			return v;
	return NULL;
}

const struct br_vlan *br_vlan_lookup(const struct br_vlan_group *vg,
				     uint16_t vid)
{
	return br_vlan_find(vg, vid);
}

/* br_vlan_valid_id() */
static bool br_vlan_valid_id(uint16_t vid, struct unl_ext_ack *extack)
{
	if (vid > 0 && vid < BR_VLAN_VID_MASK)
		return true;
	UNL_SET_ERR_MSG(extack, "bridge: Vlan id is invalid");
	return false;
}

/* vlan_default_pvid(): vid is still the group's untagged PVID. */
static bool br_vlan_default_pvid(const struct br_vlan_group *vg, uint16_t vid)
{
	const struct br_vlan *v;

	if (vid != vg->pvid)
		return false;
	v = br_vlan_find(vg, vid);
	return v && br_vlan_should_use(v) &&
	       (v->flags & BRIDGE_VLAN_INFO_UNTAGGED);
}

/* ---- notifications (br_vlan_notify(), br_vlan_global_opts_notify()) ---- */

/* br_vlan_multicast_router() */
static uint8_t br_vlan_mcast_router(const struct br_vlan *v)
{
	return br_vlan_is_master(v) ? v->mcast.router : v->port_mcast_router;
}

/* br_vlan_opts_fill(): a port's VLAN tells its multicast groups while
 * its multicast context is on (no group is ever joined here). */
static int br_vlan_opts_fill(struct unl_skb *skb, const struct rtnl_link *brdev,
			     const struct br_vlan *v, const struct br_port *p)
{
	if (unl_nla_put_u8(skb, BRIDGE_VLANDB_ENTRY_STATE, v->state) ||
	    unl_nla_put_u8(skb, BR_BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS,
			   v->neigh_suppress))
		return -EMSGSIZE;
	if (!brdev->rn->feat.br_igmp_snooping)
		return 0;
	if (unl_nla_put_u8(skb, BRIDGE_VLANDB_ENTRY_MCAST_ROUTER,
			   br_vlan_mcast_router(v)))
		return -EMSGSIZE;
	if (p && v->mcast_enabled &&
	    (unl_nla_put_u32(skb, BR_BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS, 0) ||
	     unl_nla_put_u32(skb, BR_BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS,
			     v->mcast_max_groups)))
		return -EMSGSIZE;
	return 0;
}

/* br_vlan_fill_vids(): one BRIDGE_VLANDB_ENTRY; a range never starts at
 * the PVID (its end is then left out, as Linux leaves it). */
/* br_vlan_stats_fill(): no packet is ever counted. */
static int br_vlan_stats_fill(struct unl_skb *skb)
{
	static const int counters[] = {
		BRIDGE_VLANDB_STATS_RX_BYTES, BRIDGE_VLANDB_STATS_RX_PACKETS,
		BRIDGE_VLANDB_STATS_TX_BYTES, BRIDGE_VLANDB_STATS_TX_PACKETS,
	};
	struct nlattr *nest = unl_nla_nest_start(skb, BRIDGE_VLANDB_ENTRY_STATS);

	if (!nest)
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (unl_nla_put_u64(skb, counters[i], 0, BRIDGE_VLANDB_STATS_PAD))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int br_vlan_fill_vids(struct unl_skb *skb, const struct br_priv *br,
			     const struct br_port *p, uint16_t vid,
			     uint16_t vid_range, const struct br_vlan *v_opts,
			     uint16_t flags, bool stats)
{
	struct bridge_vlan_info info = { .vid = vid };
	struct nlattr *nest = unl_nla_nest_start(skb, BRIDGE_VLANDB_ENTRY);

	if (!nest)
		return -EMSGSIZE;
	info.flags = flags & (BRIDGE_VLAN_INFO_UNTAGGED | BRIDGE_VLAN_INFO_PVID);
	if (unl_nla_put(skb, BRIDGE_VLANDB_ENTRY_INFO, sizeof(info), &info) ||
	    (vid_range && vid < vid_range &&
	     !(flags & BRIDGE_VLAN_INFO_PVID) &&
	     unl_nla_put_u16(skb, BRIDGE_VLANDB_ENTRY_RANGE, vid_range)) ||
	    (v_opts && br_vlan_opts_fill(skb, br->dev, v_opts, p)) ||
	    (v_opts && stats && br_vlan_stats_fill(skb))) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

static struct nlmsghdr *br_vlan_msg_put(struct unl_skb *skb, uint32_t pid,
					uint32_t seq, int type, int ifindex,
					int flags)
{
	struct nlmsghdr *nlh;
	struct br_vlan_msg *bvm;

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*bvm), flags);
	if (!nlh)
		return NULL;
	bvm = NLMSG_DATA(nlh);
	memset(bvm, 0, sizeof(*bvm));
	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)ifindex;
	return nlh;
}

static void br_vlan_send(struct br_priv *br, struct unl_skb *skb)
{
	rtnl_notify(br->dev->rn, skb, 0, RTNLGRP_BRVLAN, NULL);
}

/* br_vlan_notify(): RTM_NEWVLAN of a VLAN in use (with its options) or
 * RTM_DELVLAN of an id or a range. */
static void br_vlan_notify(struct br_priv *br, struct br_port *p, uint16_t vid,
			   uint16_t vid_range, int cmd)
{
	const struct br_vlan_group *vg = br_vg(br, p);
	const struct br_vlan *v = NULL;
	struct rtnl_net *rn = br->dev->rn;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;
	uint16_t flags = 0;

	if (cmd == RTM_NEWVLAN) {
		v = br_vlan_find(vg, vid);
		if (!v || !br_vlan_should_use(v))
			return;
		flags = v->flags;
		if (vg->pvid == vid)
			flags |= BRIDGE_VLAN_INFO_PVID;
	}
	if (!unl_has_listeners(rn->ksk, RTNLGRP_BRVLAN))
		return;
	skb = unl_nlmsg_new(1024);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_BRVLAN, -ENOBUFS);
		return;
	}
	nlh = br_vlan_msg_put(skb, 0, 0, cmd,
			      p ? p->dev->ifindex : br->dev->ifindex, 0);
	if (!nlh ||
	    br_vlan_fill_vids(skb, br, p, vid, vid_range, v, flags, false)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_BRVLAN, -EMSGSIZE);
		return;
	}
	unl_nlmsg_end(skb, nlh);
	br_vlan_send(br, skb);
}

/* br_multicast_ctx_options_equal() and the rest of
 * br_vlan_global_opts_can_enter_range() */
static bool br_vlan_global_opts_eq(const struct br_vlan *a,
				   const struct br_vlan *b)
{
	const struct br_mcast *x = &a->mcast, *y = &b->mcast;

	return a->msti == b->msti &&
	       a->global_mcast_enabled == b->global_mcast_enabled &&
	       x->igmp_version == y->igmp_version &&
	       x->last_member_count == y->last_member_count &&
	       x->startup_query_count == y->startup_query_count &&
	       x->last_member_interval == y->last_member_interval &&
	       x->membership_interval == y->membership_interval &&
	       x->querier_interval == y->querier_interval &&
	       x->query_interval == y->query_interval &&
	       x->query_response_interval == y->query_response_interval &&
	       x->startup_query_interval == y->startup_query_interval &&
	       x->querier == y->querier && x->router == y->router &&
	       x->mld_version == y->mld_version;
}

static bool br_vlan_global_can_enter_range(const struct br_vlan *v,
					   const struct br_vlan *end)
{
	return v->vid - end->vid == 1 && br_vlan_global_opts_eq(v, end);
}

/* The multicast part of br_vlan_global_opts_fill(); no router port is
 * ever learnt, so BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS never shows. */
static int br_vlan_global_mcast_fill(struct unl_skb *skb,
				     const struct br_priv *br,
				     const struct br_vlan *v)
{
	const struct br_mcast *m = &v->mcast;
	const uint64_t intvl[][2] = {
		{ BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL,
		  m->last_member_interval },
		{ BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL,
		  m->membership_interval },
		{ BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL, m->querier_interval },
		{ BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL, m->query_interval },
		{ BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL,
		  m->query_response_interval },
		{ BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL,
		  m->startup_query_interval },
	};

	if (unl_nla_put_u8(skb, BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING,
			   v->global_mcast_enabled) ||
	    unl_nla_put_u8(skb, BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION,
			   m->igmp_version) ||
	    unl_nla_put_u32(skb, BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT,
			    m->last_member_count) ||
	    unl_nla_put_u32(skb, BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT,
			    m->startup_query_count) ||
	    unl_nla_put_u8(skb, BRIDGE_VLANDB_GOPTS_MCAST_QUERIER, m->querier) ||
	    br_mcast_put_querier_state(skb, br, m, !v->global_mcast_enabled,
				       BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE))
		return -EMSGSIZE;
	for (size_t i = 0; i < sizeof(intvl) / sizeof(intvl[0]); i++)
		if (unl_nla_put_u64(skb, (int)intvl[i][0],
				    br_jiffies_to_clock(br->dev, intvl[i][1]),
				    BRIDGE_VLANDB_GOPTS_PAD))
			return -EMSGSIZE;
	return unl_nla_put_u8(skb, BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION,
			      m->mld_version);
}

/* br_vlan_global_opts_fill() */
static int br_vlan_global_opts_fill(struct unl_skb *skb,
				    const struct br_priv *br, uint16_t vid,
				    uint16_t vid_range, const struct br_vlan *v)
{
	struct nlattr *nest = unl_nla_nest_start(skb,
						 BRIDGE_VLANDB_GLOBAL_OPTIONS);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u16(skb, BRIDGE_VLANDB_GOPTS_ID, vid) ||
	    (vid_range && vid < vid_range &&
	     unl_nla_put_u16(skb, BRIDGE_VLANDB_GOPTS_RANGE, vid_range)) ||
	    (br->dev->rn->feat.br_igmp_snooping &&
	     br_vlan_global_mcast_fill(skb, br, v)) ||
	    unl_nla_put_u16(skb, BRIDGE_VLANDB_GOPTS_MSTI, v->msti)) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

static void br_vlan_global_opts_notify(struct br_priv *br, uint16_t vid,
				       uint16_t vid_range)
{
	const struct br_vlan *v = br_vlan_find(&br->vg, vid);
	struct rtnl_net *rn = br->dev->rn;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;

	if (!v || !unl_has_listeners(rn->ksk, RTNLGRP_BRVLAN))
		return;
	skb = unl_nlmsg_new(1024);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_BRVLAN, -ENOBUFS);
		return;
	}
	nlh = br_vlan_msg_put(skb, 0, 0, RTM_NEWVLAN, br->dev->ifindex, 0);
	if (!nlh || br_vlan_global_opts_fill(skb, br, vid, vid_range, v)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_BRVLAN, -EMSGSIZE);
		return;
	}
	unl_nlmsg_end(skb, nlh);
	br_vlan_send(br, skb);
}

/* ---- adding and deleting (br_vlan.c) ---- */

/* br_multicast_toggle_one_vlan(): a bridge entry's multicast context,
 * or a port VLAN's, is on unless its id's global snooping is off. */
static void br_vlan_mcast_toggle_one(struct br_priv *br, struct br_vlan *v,
				     bool on)
{
	if (on == v->mcast_enabled)
		return;
	if (br_vlan_is_master(v)) {
		if (!br_vlan_is_brentry(v) || (on && !v->global_mcast_enabled))
			return;
	} else {
		const struct br_vlan *m = br_vlan_find(&br->vg, v->vid);

		if (on && m && !m->global_mcast_enabled)
			return;
	}
	v->mcast_enabled = on;
}

/* br_multicast_toggle_vlan(): the bridge's entry of that id and its
 * ports' VLANs. */
static void br_vlan_mcast_toggle(struct br_priv *br, struct br_vlan *master,
				 bool on)
{
	for (struct br_port *p = br->ports; p; p = p->next) {
		struct br_vlan *pv = br_vlan_find(&p->vg, master->vid);

		if (pv)
			br_vlan_mcast_toggle_one(br, pv, on);
	}
	if (br_vlan_is_brentry(master))
		br_vlan_mcast_toggle_one(br, master, on);
}

/* __vlan_add_pvid(), __vlan_delete_pvid() and the untagged flag: what a
 * commit of flags changes (__vlan_flags_update()). */
static bool br_vlan_flags_would_change(const struct br_vlan_group *vg,
				       const struct br_vlan *v, uint16_t flags)
{
	return !!(flags & BRIDGE_VLAN_INFO_PVID) == (vg->pvid != v->vid) ||
	       ((flags ^ v->flags) & BRIDGE_VLAN_INFO_UNTAGGED);
}

static void br_vlan_flags_commit(struct br_vlan_group *vg, struct br_vlan *v,
				 uint16_t flags)
{
	if (flags & BRIDGE_VLAN_INFO_PVID)
		vg->pvid = v->vid;
	else if (vg->pvid == v->vid)
		vg->pvid = 0;
	if (flags & BRIDGE_VLAN_INFO_UNTAGGED)
		v->flags |= BRIDGE_VLAN_INFO_UNTAGGED;
	else
		v->flags &= (uint16_t)~BRIDGE_VLAN_INFO_UNTAGGED;
}

static void br_vlan_list_add(struct br_vlan_group *vg, struct br_vlan *v)
{
	struct br_vlan **pp = &vg->vlans;

	while (*pp && (*pp)->vid < v->vid)
		pp = &(*pp)->next;
	v->next = *pp;
	*pp = v;
}

static void br_vlan_list_del(struct br_vlan_group *vg, struct br_vlan *v)
{
	for (struct br_vlan **pp = &vg->vlans; *pp; pp = &(*pp)->next)
		if (*pp == v) {
			*pp = v->next;
			return;
		}
}

/* br_vlan_init_state(): forwarding in MSTI 0, a port's VLAN in its
 * port's state when MST is on. */
static void br_vlan_init_state(const struct br_priv *br,
			       const struct br_port *p, struct br_vlan *v)
{
	v->msti = 0;
	v->state = BR_STATE_FORWARDING;
	if (br_opt(br, BROPT_MST_ENABLED) && p)
		v->state = p->state;
}

static int br_vlan_add(struct br_priv *br, uint16_t vid, uint16_t flags,
		       bool *changed, struct unl_ext_ack *extack);

/* br_vlan_get_master(): the bridge VLAN of a port VLAN's id, made as a
 * context only when the bridge has none. */
static void br_vlan_get_master(struct br_priv *br, uint16_t vid,
			       struct unl_ext_ack *extack)
{
	struct br_vlan *m = br_vlan_find(&br->vg, vid);
	bool changed;

	if (!m) {
		br_vlan_add(br, vid, 0, &changed, extack);
		m = br_vlan_find(&br->vg, vid);
	}
	if (m)
		m->refcnt++;
}

/* __vlan_add(): a port VLAN with BRIDGE_VLAN_INFO_MASTER makes the
 * bridge's entry too; every port VLAN holds its bridge VLAN. */
static int br_vlan_add_entry(struct br_priv *br, struct br_port *p,
			     struct br_vlan *v, uint16_t flags,
			     struct unl_ext_ack *extack)
{
	struct br_vlan_group *vg = br_vg(br, p);

	if (p) {
		if (flags & BRIDGE_VLAN_INFO_MASTER) {
			bool changed;
			int err = br_vlan_add(br, v->vid,
					      flags | BRIDGE_VLAN_INFO_BRENTRY,
					      &changed, extack);

			if (err)
				return err;
			if (changed)
				br_vlan_notify(br, NULL, v->vid, 0, RTM_NEWVLAN);
		}
		br_vlan_get_master(br, v->vid, extack);
		v->port_mcast_router = MDB_RTR_TYPE_TEMP_QUERY;
	} else {
		br_mcast_init(br->dev, &v->mcast);
		v->global_mcast_enabled = true;
	}
	/* the device's address in the VLAN, as an FDB local entry */
	if (br_vlan_should_use(v)) {
		if (!br_opt(br, BROPT_FDB_LOCAL_VLAN_0))
			br_fdb_add_local(br, p, p ? p->dev->addr : br->dev->addr,
					 v->vid);
		vg->num_vlans++;
	}
	br_vlan_init_state(br, p, v);
	br_vlan_list_add(vg, v);
	br_vlan_flags_commit(vg, v, flags);
	br_vlan_mcast_toggle_one(br, v, true);
	return 0;
}

/* br_vlan_add_existing(): flags of a bridge entry, or a context made an
 * entry of its own. */
static int br_vlan_add_existing(struct br_priv *br, struct br_vlan *v,
				uint16_t flags, bool *changed)
{
	bool would_change = br_vlan_flags_would_change(&br->vg, v, flags);

	if (!br_vlan_is_brentry(v)) {
		if (!(flags & BRIDGE_VLAN_INFO_BRENTRY))
			return -EINVAL;
		if (!br_opt(br, BROPT_FDB_LOCAL_VLAN_0))
			br_fdb_add_local(br, NULL, br->dev->addr, v->vid);
		v->refcnt++;
		v->flags |= BRIDGE_VLAN_INFO_BRENTRY;
		br->vg.num_vlans++;
		*changed = true;
		br_vlan_mcast_toggle_one(br, v, true);
	}
	br_vlan_flags_commit(&br->vg, v, flags);
	if (would_change)
		*changed = true;
	return 0;
}

/* br_vlan_add(): a VLAN of the bridge itself. */
static int br_vlan_add(struct br_priv *br, uint16_t vid, uint16_t flags,
		       bool *changed, struct unl_ext_ack *extack)
{
	struct br_vlan *v;

	*changed = false;
	if (!br_vlan_built(br->dev))
		return -EOPNOTSUPP;
	v = br_vlan_find(&br->vg, vid);
	if (v)
		return br_vlan_add_existing(br, v, flags, changed);
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vid = vid;
	v->flags = (uint16_t)((flags | BRIDGE_VLAN_INFO_MASTER) &
			      ~BRIDGE_VLAN_INFO_PVID);
	if (flags & BRIDGE_VLAN_INFO_BRENTRY)
		v->refcnt = 1;
	br_vlan_add_entry(br, NULL, v, flags, extack);
	*changed = true;
	return 0;
}

/* nbp_vlan_add(): a VLAN of a port, or new flags of one it has. */
static int nbp_vlan_add(struct br_port *p, uint16_t vid, uint16_t flags,
			bool *changed, struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(p->br);
	struct br_vlan *v;
	int err;

	*changed = false;
	if (!br_vlan_built(p->br))
		return -EOPNOTSUPP;
	v = br_vlan_find(&p->vg, vid);
	if (v) {
		*changed = br_vlan_flags_would_change(&p->vg, v, flags);
		br_vlan_flags_commit(&p->vg, v, flags);
		return 0;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vid = vid;
	err = br_vlan_add_entry(br, p, v, flags, extack);
	if (err) {
		free(v);
		return err;
	}
	*changed = true;
	return 0;
}

/* br_vlan_put_master(): a bridge VLAN goes with its last holder. */
static void br_vlan_put_master(struct br_priv *br, struct br_vlan *m)
{
	if (!m || !br_vlan_is_master(m) || --m->refcnt)
		return;
	br_vlan_list_del(&br->vg, m);
	free(m);
}

/* __vlan_del() */
static void br_vlan_del(struct br_priv *br, struct br_port *p,
			struct br_vlan *v)
{
	struct br_vlan_group *vg = br_vg(br, p);
	struct br_vlan *m = p ? br_vlan_find(&br->vg, v->vid) : v;

	if (vg->pvid == v->vid)
		vg->pvid = 0;
	if (br_vlan_should_use(v)) {
		v->flags &= (uint16_t)~BRIDGE_VLAN_INFO_BRENTRY;
		vg->num_vlans--;
	}
	if (m != v) {
		br_vlan_list_del(vg, v);
		free(v);
	}
	br_vlan_put_master(br, m);
}

/* br_vlan_delete(): a bridge entry goes (a context stays while ports
 * hold it). */
static int br_vlan_delete(struct br_priv *br, uint16_t vid)
{
	struct br_vlan *v;

	if (!br_vlan_built(br->dev))
		return -EOPNOTSUPP;
	v = br_vlan_find(&br->vg, vid);
	if (!v || !br_vlan_is_brentry(v))
		return -ENOENT;
	br_fdb_find_delete_local(br, NULL, br->dev->addr, vid);
	br_fdb_delete_by_port(br, NULL, vid, false);
	br_vlan_del(br, NULL, v);
	return 0;
}

/* nbp_vlan_delete() */
static int nbp_vlan_delete(struct br_port *p, uint16_t vid)
{
	struct br_vlan *v;

	if (!br_vlan_built(p->br))
		return -EOPNOTSUPP;
	v = br_vlan_find(&p->vg, vid);
	if (!v)
		return -ENOENT;
	br_fdb_find_delete_local(br_priv(p->br), p, p->dev->addr, vid);
	br_fdb_delete_by_port(br_priv(p->br), p, vid, false);
	br_vlan_del(br_priv(p->br), p, v);
	return 0;
}

/* __vlan_flush(): every VLAN goes, announced as runs of consecutive
 * ids. */
static void br_vlan_group_flush(struct br_priv *br, struct br_port *p)
{
	struct br_vlan_group *vg = br_vg(br, p);
	uint16_t start = 0, end = 0;

	vg->pvid = 0;
	while (vg->vlans) {
		struct br_vlan *v = vg->vlans;
		/* a bridge VLAN that ports still hold would stay */
		bool held = br_vlan_is_master(v) && v->refcnt > 1;

		if (!start) {
			start = v->vid;
		} else if (v->vid - end != 1) {
			br_vlan_notify(br, p, start, end, RTM_DELVLAN);
			start = v->vid;
		}
		end = v->vid;
		br_vlan_del(br, p, v);
		if (held) {
			br_vlan_list_del(vg, v);
			free(v);
		}
	}
	if (start)
		br_vlan_notify(br, p, start, end, RTM_DELVLAN);
}

void br_vlan_flush(struct br_priv *br)
{
	br_vlan_group_flush(br, NULL);
}

static void br_vlan_group_free(struct br_vlan_group *vg)
{
	while (vg->vlans) {
		struct br_vlan *v = vg->vlans;

		vg->vlans = v->next;
		free(v);
	}
	vg->num_vlans = 0;
	vg->pvid = 0;
}

void br_vlan_destroy(struct br_priv *br)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		br_vlan_group_free(&p->vg);
	br_vlan_group_free(&br->vg);
}

void nbp_vlan_flush(struct br_port *p)
{
	br_vlan_group_flush(br_priv(p->br), p);
}

/* ---- the bridge's settings ---- */

/* br_vlan_init(): 802.1Q, default PVID 1. */
int br_vlan_init(struct br_priv *br)
{
	br->vlan_proto = htons(ETH_P_8021Q);
	br->default_pvid = 1;
	return 0;
}

/* br_vlan_bridge_event(NETDEV_REGISTER): the bridge's own default PVID
 * entry. */
int br_vlan_bridge_register(struct br_priv *br)
{
	bool changed;
	int err;

	if (!br_vlan_built(br->dev) || !br->default_pvid)
		return 0;
	err = br_vlan_add(br, br->default_pvid,
			  BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED |
				  BRIDGE_VLAN_INFO_BRENTRY,
			  &changed, NULL);
	if (!err)
		br_vlan_notify(br, NULL, br->default_pvid, 0, RTM_NEWVLAN);
	return err;
}

/* br_vlan_bridge_event(NETDEV_UNREGISTER): the default entry goes
 * first, announced, then (br_dev_uninit()) whatever is left. */
void br_vlan_bridge_unregister(struct br_priv *br)
{
	bool changed;

	if (!br_vlan_built(br->dev))
		return;
	changed = br_vlan_default_pvid(&br->vg, br->default_pvid);
	if (!br_vlan_delete(br, br->default_pvid) && changed)
		br_vlan_notify(br, NULL, br->default_pvid, 0, RTM_DELVLAN);
	br_vlan_flush(br);
}

/* nbp_vlan_init(): a new port gets the default PVID, untagged. */
int nbp_vlan_init(struct br_port *p, struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(p->br);
	bool changed;
	int err;

	if (!br_vlan_built(p->br) || !br->default_pvid)
		return 0;
	err = nbp_vlan_add(p, br->default_pvid,
			   BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED,
			   &changed, extack);
	if (err)
		return err;
	br_vlan_notify(br, p, br->default_pvid, 0, RTM_NEWVLAN);
	return 0;
}

/* recalculate_group_addr(): the provider bridge group address for an
 * 802.1ad bridge that filters, unless the user chose one. */
static void br_vlan_recalc_group_addr(struct br_priv *br)
{
	if (br_opt(br, BROPT_GROUP_ADDR_SET))
		return;
	br->group_addr[5] = br_opt(br, BROPT_VLAN_ENABLED) &&
					    br->vlan_proto == htons(ETH_P_8021AD)
				    ? 0x08
				    : 0x00;
}

/* br_vlan_filter_toggle(): ports' promiscuity, the group address, and
 * multicast VLAN snooping off with filtering. */
int br_vlan_filter_toggle(struct br_priv *br, unsigned long val,
			  struct unl_ext_ack *extack)
{
	if (!br_vlan_built(br->dev))
		return -EOPNOTSUPP;
	if (br_opt(br, BROPT_VLAN_ENABLED) == !!val)
		return 0;
	br_opt_toggle(br, BROPT_VLAN_ENABLED, !!val);
	br_manage_promisc(br);
	br_vlan_recalc_group_addr(br);
	if (!val && br_opt(br, BROPT_MCAST_VLAN_SNOOPING))
		br_vlan_toggle_mcast_snooping(br, false, NULL);
	return 0;
}

/* __br_vlan_set_proto(): proto in network order, checked by
 * br_validate(). */
int br_vlan_set_proto(struct br_priv *br, uint16_t proto)
{
	if (br->vlan_proto == proto)
		return 0;
	br->vlan_proto = proto;
	br_vlan_recalc_group_addr(br);
	return 0;
}

int br_vlan_set_stats(struct br_priv *br, unsigned long val)
{
	if (val > 1)
		return -EINVAL;
	br_opt_toggle(br, BROPT_VLAN_STATS_ENABLED, val);
	return 0;
}

/* br_vlan_set_stats_per_port(): only while no port has a VLAN. */
int br_vlan_set_stats_per_port(struct br_priv *br, unsigned long val)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->vg.num_vlans)
			return -EBUSY;
	if (val > 1)
		return -EINVAL;
	br_opt_toggle(br, BROPT_VLAN_STATS_PER_PORT, val);
	return 0;
}

/* br_vlan_disable_default_pvid(): the default PVID goes wherever the
 * user left it as it was. */
static void br_vlan_disable_default_pvid(struct br_priv *br)
{
	uint16_t pvid = br->default_pvid;

	if (br_vlan_default_pvid(&br->vg, pvid) && !br_vlan_delete(br, pvid))
		br_vlan_notify(br, NULL, pvid, 0, RTM_DELVLAN);
	for (struct br_port *p = br->ports; p; p = p->next)
		if (br_vlan_default_pvid(&p->vg, pvid) &&
		    !nbp_vlan_delete(p, pvid))
			br_vlan_notify(br, p, pvid, 0, RTM_DELVLAN);
	br->default_pvid = 0;
}

/* __br_vlan_set_default_pvid(): the new default replaces the old where
 * the old was still the default and the new id is not in use.  Linux
 * announces the old id's RTM_DELVLAN when its deletion fails (so for
 * old id 0), not when it succeeds; so does this. */
static int br_vlan_move_default_pvid(struct br_priv *br, uint16_t pvid,
				     struct unl_ext_ack *extack)
{
	const uint16_t flags = BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED;
	uint16_t old = br->default_pvid;
	bool changed;
	int err;

	if ((!old || br_vlan_default_pvid(&br->vg, old)) &&
	    !br_vlan_find(&br->vg, pvid)) {
		err = br_vlan_add(br, pvid, flags | BRIDGE_VLAN_INFO_BRENTRY,
				  &changed, extack);
		if (err)
			return err;
		if (br_vlan_delete(br, old))
			br_vlan_notify(br, NULL, old, 0, RTM_DELVLAN);
		br_vlan_notify(br, NULL, pvid, 0, RTM_NEWVLAN);
	}
	for (struct br_port *p = br->ports; p; p = p->next) {
		if ((old && !br_vlan_default_pvid(&p->vg, old)) ||
		    br_vlan_find(&p->vg, pvid))
			continue;
		err = nbp_vlan_add(p, pvid, flags, &changed, extack);
		if (err)
			return err;
		if (nbp_vlan_delete(p, old))
			br_vlan_notify(br, p, old, 0, RTM_DELVLAN);
		br_vlan_notify(br, p, pvid, 0, RTM_NEWVLAN);
	}
	br->default_pvid = pvid;
	return 0;
}

/* br_vlan_set_default_pvid(): only with filtering off. */
int br_vlan_set_default_pvid(struct br_priv *br, unsigned long val,
			     struct unl_ext_ack *extack)
{
	if (val >= BR_VLAN_VID_MASK)
		return -EINVAL;
	if (val == br->default_pvid)
		return 0;
	if (br_opt(br, BROPT_VLAN_ENABLED))
		return -EPERM;
	if (!val) {
		br_vlan_disable_default_pvid(br);
		return 0;
	}
	return br_vlan_move_default_pvid(br, (uint16_t)val, extack);
}

/* br_multicast_toggle_vlan_snooping(): with filtering only; the VLANs'
 * multicast contexts follow. */
int br_vlan_toggle_mcast_snooping(struct br_priv *br, bool on,
				  struct unl_ext_ack *extack)
{
	if (!br->dev->rn->feat.br_igmp_snooping)
		return -EOPNOTSUPP;
	if (br_opt(br, BROPT_MCAST_VLAN_SNOOPING) == on)
		return 0;
	if (on && !br_opt(br, BROPT_VLAN_ENABLED)) {
		UNL_SET_ERR_MSG(extack, "bridge: Cannot enable multicast vlan snooping with vlan filtering disabled");
		return -EINVAL;
	}
	br_opt_toggle(br, BROPT_MCAST_VLAN_SNOOPING, on);
	for (struct br_vlan *v = br->vg.vlans; v; v = v->next)
		br_vlan_mcast_toggle(br, v, on);
	return 0;
}

/* br_mst_set_enabled(): not while a port has VLANs. */
int br_mst_set_enabled(struct br_priv *br, bool on,
		       struct unl_ext_ack *extack)
{
	if (!br_vlan_built(br->dev))
		return -EOPNOTSUPP;
	for (struct br_port *p = br->ports; p; p = p->next)
		if (p->vg.num_vlans) {
			UNL_SET_ERR_MSG(extack, "MST mode can't be changed while VLANs exist");
			return -EBUSY;
		}
	br_opt_toggle(br, BROPT_MST_ENABLED, on);
	return 0;
}

/* br_mst_vlan_set_state() */
static void br_mst_vlan_set_state(struct br_vlan *v, uint8_t state)
{
	v->state = state;
}

/* br_mst_set_state(): the port's VLANs of that tree. */
void br_mst_set_state(struct br_port *p, uint16_t msti, uint8_t state)
{
	struct br_priv *br = br_priv(p->br);

	for (struct br_vlan *v = p->vg.vlans; v; v = v->next) {
		const struct br_vlan *m = br_vlan_find(&br->vg, v->vid);

		if (m && m->msti == msti)
			br_mst_vlan_set_state(v, state);
	}
}

/* br_mst_vlan_set_msti(): a port's VLAN moved to another tree takes
 * the state another of its VLANs has there, or starts disabled. */
static void br_mst_vlan_set_msti(struct br_priv *br, struct br_vlan *mv,
				 uint16_t msti)
{
	if (mv->msti == msti)
		return;
	mv->msti = msti;
	for (struct br_port *p = br->ports; p; p = p->next) {
		struct br_vlan *pv = br_vlan_find(&p->vg, mv->vid);
		uint8_t state = BR_STATE_DISABLED;

		if (!pv)
			continue;
		for (struct br_vlan *v = p->vg.vlans; v; v = v->next) {
			const struct br_vlan *m = br_vlan_find(&br->vg, v->vid);

			if (v != pv && m && m->msti == msti) {
				state = v->state;
				break;
			}
		}
		br_mst_vlan_set_state(pv, state);
	}
}

/* ---- IFLA_AF_SPEC of AF_BRIDGE RTM_SETLINK / RTM_DELLINK ---- */

/* br_vlan_valid_range() */
static bool br_vlan_valid_range(const struct bridge_vlan_info *cur,
				const struct bridge_vlan_info *last,
				struct unl_ext_ack *extack)
{
	if (cur->flags & BRIDGE_VLAN_INFO_PVID) {
		UNL_SET_ERR_MSG(extack, "bridge: Pvid isn't allowed in a range");
		return false;
	}
	if (last) {
		if (cur->flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
			UNL_SET_ERR_MSG(extack, "bridge: Found a new vlan range start while processing one");
			return false;
		}
		if (!(cur->flags & BRIDGE_VLAN_INFO_RANGE_END)) {
			UNL_SET_ERR_MSG(extack, "bridge: Vlan range end flag is missing");
			return false;
		}
		if (cur->vid <= last->vid) {
			UNL_SET_ERR_MSG(extack, "bridge: End vlan id is less than or equal to start vlan id");
			return false;
		}
	}
	if (!(cur->flags &
	      (BRIDGE_VLAN_INFO_RANGE_BEGIN | BRIDGE_VLAN_INFO_RANGE_END))) {
		UNL_SET_ERR_MSG(extack, "bridge: Both vlan range flags are missing");
		return false;
	}
	return true;
}

/* br_vlan_info(): one id added (to the port, or as a bridge entry) or
 * deleted (from the port, and from the bridge with MASTER). */
static int br_vlan_info(struct br_priv *br, struct br_port *p, int cmd,
			const struct bridge_vlan_info *vinfo, bool *changed,
			struct unl_ext_ack *extack)
{
	bool curr = false;
	int err = 0;

	if (cmd == RTM_SETLINK) {
		if (p)
			err = nbp_vlan_add(p, vinfo->vid, vinfo->flags, &curr,
					   extack);
		else
			err = br_vlan_add(br, vinfo->vid,
					  vinfo->flags | BRIDGE_VLAN_INFO_BRENTRY,
					  &curr, extack);
		if (curr)
			*changed = true;
		return err;
	}
	if (p) {
		if (!nbp_vlan_delete(p, vinfo->vid))
			*changed = true;
		if ((vinfo->flags & BRIDGE_VLAN_INFO_MASTER) &&
		    !br_vlan_delete(br, vinfo->vid))
			*changed = true;
	} else if (!br_vlan_delete(br, vinfo->vid)) {
		*changed = true;
	}
	return 0;
}

/* br_process_vlan_info(): a range's start is kept until its end comes;
 * the ids that changed are announced as runs. */
static int br_process_vlan_info(struct br_priv *br, struct br_port *p,
				int cmd, const struct bridge_vlan_info *cur,
				const struct bridge_vlan_info **last,
				bool *changed, struct unl_ext_ack *extack)
{
	int rtm = cmd == RTM_SETLINK ? RTM_NEWVLAN : RTM_DELVLAN;
	struct bridge_vlan_info tmp;
	uint16_t start = 0;
	unsigned int v;
	int err = 0;

	if (!br_vlan_valid_id(cur->vid, extack))
		return -EINVAL;
	if (cur->flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
		if (!br_vlan_valid_range(cur, *last, extack))
			return -EINVAL;
		*last = cur;
		return 0;
	}
	if (!*last) {
		err = br_vlan_info(br, p, cmd, cur, changed, extack);
		if (*changed)
			br_vlan_notify(br, p, cur->vid, 0, rtm);
		return err;
	}
	if (!br_vlan_valid_range(cur, *last, extack))
		return -EINVAL;
	tmp = **last;
	for (v = (*last)->vid; v <= cur->vid; v++) {
		bool curr = false;

		tmp.vid = (uint16_t)v;
		err = br_vlan_info(br, p, cmd, &tmp, &curr, extack);
		if (err)
			break;
		if (curr) {
			*changed = true;
			if (!start)
				start = (uint16_t)v;
		} else if (start) {
			br_vlan_notify(br, p, start, (uint16_t)(v - 1), rtm);
			start = 0;
		}
	}
	if (start)
		br_vlan_notify(br, p, start, (uint16_t)(v - 1), rtm);
	*last = NULL;
	return err;
}

/* IFLA_BRIDGE_VLAN_TUNNEL_INFO: checked as br_afspec() and
 * br_parse_vlan_tunnel_info() check it; VLAN-to-tunnel mappings (which
 * need metadata tunnel devices) are not modelled, so a valid one is
 * refused (docs/conformance.md). */
static int br_afspec_tunnel(struct br_port *p, const struct nlattr *attr)
{
	static const struct unl_nla_policy pol[IFLA_BRIDGE_VLAN_TUNNEL_MAX + 1] = {
		[IFLA_BRIDGE_VLAN_TUNNEL_UNSPEC] = {
			.strict_start_type = IFLA_BRIDGE_VLAN_TUNNEL_FLAGS + 1 },
		[IFLA_BRIDGE_VLAN_TUNNEL_ID] = { .type = UNL_NLA_U32 },
		[IFLA_BRIDGE_VLAN_TUNNEL_VID] = { .type = UNL_NLA_U16 },
		[IFLA_BRIDGE_VLAN_TUNNEL_FLAGS] = { .type = UNL_NLA_U16 },
	};
	const struct nlattr *tb[IFLA_BRIDGE_VLAN_TUNNEL_MAX + 1];
	int err;

	if (!p || !(p->flags & BRP_VLAN_TUNNEL))
		return -EINVAL;
	err = unl_nla_parse_nested(tb, IFLA_BRIDGE_VLAN_TUNNEL_MAX, attr, pol,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[IFLA_BRIDGE_VLAN_TUNNEL_ID] || !tb[IFLA_BRIDGE_VLAN_TUNNEL_VID])
		return -EINVAL;
	if (unl_nla_get_u16(tb[IFLA_BRIDGE_VLAN_TUNNEL_VID]) >= BR_VLAN_VID_MASK)
		return -ERANGE;
	return -EOPNOTSUPP;
}

/* br_mst_process(): IFLA_BRIDGE_MST_ENTRY {MSTI, STATE} of a port. */
static int br_afspec_mst(struct br_port *p, const struct nlattr *mst,
			 struct unl_ext_ack *extack)
{
	static const struct unl_nla_policy pol[IFLA_BRIDGE_MST_ENTRY_MAX + 1] = {
		[IFLA_BRIDGE_MST_ENTRY_MSTI] =
			UNL_NLA_POLICY_RANGE(UNL_NLA_U16, 1, BR_VLAN_N_VID - 1),
		[IFLA_BRIDGE_MST_ENTRY_STATE] = UNL_NLA_POLICY_RANGE(
			UNL_NLA_U8, BR_STATE_DISABLED, BR_STATE_BLOCKING),
	};
	const struct nlattr *attr;
	int rem, err = 0, n = 0;

	if (!br_vlan_built(p->br))
		return -EOPNOTSUPP;
	if (!br_opt(br_priv(p->br), BROPT_MST_ENABLED)) {
		UNL_SET_ERR_MSG(extack, "bridge: Can't modify MST state when MST is disabled");
		return -EBUSY;
	}
	unl_nla_for_each_nested(attr, mst, rem) {
		const struct nlattr *tb[IFLA_BRIDGE_MST_ENTRY_MAX + 1];

		if (unl_nla_type(attr) != IFLA_BRIDGE_MST_ENTRY)
			continue;
		n++;
		err = unl_nla_parse_nested(tb, IFLA_BRIDGE_MST_ENTRY_MAX, attr,
					   pol, UNL_VALIDATE_STRICT, extack);
		if (!err && !tb[IFLA_BRIDGE_MST_ENTRY_MSTI]) {
			UNL_SET_ERR_MSG(extack, "bridge: MSTI not specified");
			err = -EINVAL;
		}
		if (!err && !tb[IFLA_BRIDGE_MST_ENTRY_STATE]) {
			UNL_SET_ERR_MSG(extack, "bridge: State not specified");
			err = -EINVAL;
		}
		if (err)
			return err;
		br_mst_set_state(p, unl_nla_get_u16(tb[IFLA_BRIDGE_MST_ENTRY_MSTI]),
				 unl_nla_get_u8(tb[IFLA_BRIDGE_MST_ENTRY_STATE]));
	}
	if (!n) {
		UNL_SET_ERR_MSG(extack, "bridge: Found no MST entries to process");
		return -EINVAL;
	}
	return 0;
}

/* br_afspec(): the VLANs (alone or as ranges), tunnel mappings, MRP and
 * CFM (not built: EOPNOTSUPP), MST states. */
int br_afspec(struct br_priv *br, struct br_port *p,
	      const struct nlattr *af_spec, int cmd, bool *changed,
	      struct unl_ext_ack *extack)
{
	const struct bridge_vlan_info *last = NULL;
	const struct nlattr *attr;
	int rem, err = 0;

	unl_nla_for_each_nested(attr, af_spec, rem) {
		err = 0;
		switch (unl_nla_type(attr)) {
		case IFLA_BRIDGE_VLAN_TUNNEL_INFO:
			err = br_afspec_tunnel(p, attr);
			break;
		case IFLA_BRIDGE_VLAN_INFO:
			if (unl_nla_len(attr) != sizeof(struct bridge_vlan_info))
				return -EINVAL;
			err = br_process_vlan_info(br, p, cmd,
						   unl_nla_data(attr), &last,
						   changed, extack);
			break;
		case IFLA_BRIDGE_MRP:
		case IFLA_BRIDGE_CFM:
			err = -EOPNOTSUPP;
			break;
		case IFLA_BRIDGE_MST:
			if (!p) {
				UNL_SET_ERR_MSG(extack, "MST states can only be set on bridge ports");
				return -EINVAL;
			}
			if (cmd != RTM_SETLINK) {
				UNL_SET_ERR_MSG(extack, "MST states can only be set through RTM_SETLINK");
				return -EINVAL;
			}
			err = br_afspec_mst(p, attr, extack);
			break;
		default:
			break;
		}
		if (err)
			return err;
	}
	return err;
}

/* ---- IFLA_AF_SPEC of AF_BRIDGE link messages ---- */

static int br_put_vlan_info(struct unl_skb *skb, uint16_t vid, uint16_t flags)
{
	struct bridge_vlan_info vinfo = { .flags = flags, .vid = vid };

	return unl_nla_put(skb, IFLA_BRIDGE_VLAN_INFO, sizeof(vinfo), &vinfo);
}

/* br_vlan_flags() */
static uint16_t br_vlan_flags(const struct br_vlan *v, uint16_t pvid)
{
	uint16_t flags = 0;

	if (v->vid == pvid)
		flags |= BRIDGE_VLAN_INFO_PVID;
	if (v->flags & BRIDGE_VLAN_INFO_UNTAGGED)
		flags |= BRIDGE_VLAN_INFO_UNTAGGED;
	return flags;
}

/* br_fill_ifvlaninfo_range() */
static int br_put_vlan_range(struct unl_skb *skb, uint16_t start, uint16_t end,
			     uint16_t flags)
{
	if (end == start)
		return br_put_vlan_info(skb, start, flags);
	if (br_put_vlan_info(skb, start, flags | BRIDGE_VLAN_INFO_RANGE_BEGIN) ||
	    br_put_vlan_info(skb, end, flags | BRIDGE_VLAN_INFO_RANGE_END))
		return -EMSGSIZE;
	return 0;
}

/* br_fill_ifvlaninfo_compressed(): runs of ids with the same flags. */
static int br_fill_vlans_compressed(struct unl_skb *skb,
				    const struct br_vlan_group *vg)
{
	uint16_t start = 0, end = 0, run_flags = 0;

	for (const struct br_vlan *v = vg->vlans; v; v = v->next) {
		uint16_t flags;

		if (!br_vlan_should_use(v))
			continue;
		flags = br_vlan_flags(v, vg->pvid);
		if (start && v->vid - end == 1 && flags == run_flags) {
			end = v->vid;
			continue;
		}
		if (start && br_put_vlan_range(skb, start, end, run_flags))
			return -EMSGSIZE;
		start = end = v->vid;
		run_flags = flags;
	}
	if (start)
		return br_put_vlan_range(skb, start, end, run_flags);
	return 0;
}

/* br_fill_ifvlaninfo() */
static int br_fill_vlans_list(struct unl_skb *skb,
			      const struct br_vlan_group *vg)
{
	for (const struct br_vlan *v = vg->vlans; v; v = v->next)
		if (br_vlan_should_use(v) &&
		    br_put_vlan_info(skb, v->vid, br_vlan_flags(v, vg->pvid)))
			return -EMSGSIZE;
	return 0;
}

/* br_mst_fill_info(): each tree of the port's VLANs once, with the
 * state of its first VLAN. */
static int br_fill_mst(struct unl_skb *skb, const struct br_priv *br,
		       const struct br_vlan_group *vg)
{
	struct nlattr *nest = unl_nla_nest_start(skb, IFLA_BRIDGE_MST);
	uint8_t seen[BR_VLAN_N_VID / 8] = { 0 };

	if (!nest)
		return -EMSGSIZE;
	for (const struct br_vlan *v = vg->vlans; v; v = v->next) {
		const struct br_vlan *m = br_vlan_find(&br->vg, v->vid);
		uint16_t msti = m ? m->msti : 0;
		struct nlattr *e;

		if (seen[msti / 8] & (1u << (msti % 8)))
			continue;
		seen[msti / 8] |= (uint8_t)(1u << (msti % 8));
		e = rtnl_nest_start(skb, IFLA_BRIDGE_MST_ENTRY);
		if (!e ||
		    unl_nla_put_u16(skb, IFLA_BRIDGE_MST_ENTRY_MSTI, msti) ||
		    unl_nla_put_u8(skb, IFLA_BRIDGE_MST_ENTRY_STATE, v->state))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, e);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* The VLAN part of br_fill_ifinfo(): listed or compressed as asked, and
 * for a port the MST states when MST is on. */
int br_fill_vlans(struct unl_skb *skb, const struct br_priv *br,
		  const struct br_port *p, uint32_t filter_mask)
{
	const struct br_vlan_group *vg = p ? &p->vg : &br->vg;
	int err = 0;

	if (!vg->num_vlans)
		return 0;
	if (filter_mask & RTEXT_FILTER_BRVLAN_COMPRESSED)
		err = br_fill_vlans_compressed(skb, vg);
	else if (filter_mask & RTEXT_FILTER_BRVLAN)
		err = br_fill_vlans_list(skb, vg);
	if (!err && p && (filter_mask & RTEXT_FILTER_MST) &&
	    br_opt(br, BROPT_MST_ENABLED))
		err = br_fill_mst(skb, br, vg);
	return err;
}

/* ---- RTM_GETVLAN ---- */

/* The dump's place: device (args[0]) and VLAN within it (args[1]). */

/* br_vlan_can_enter_range() with br_vlan_opts_eq_range(): the next id,
 * the same flags, state and multicast router (no tunnel ever). */
static bool br_vlan_can_enter_range(const struct br_vlan *v,
				    const struct br_vlan *end)
{
	return v->vid - end->vid == 1 && v->flags == end->flags &&
	       v->state == end->state &&
	       br_vlan_mcast_router(v) == br_vlan_mcast_router(end);
}

struct br_vlan_dump {
	struct unl_skb *skb;
	const struct br_priv *br;
	const struct br_port *p;
	bool global, stats;
	uint16_t pvid;
};

static int br_vlan_dump_fill(const struct br_vlan_dump *d,
			     const struct br_vlan *start,
			     const struct br_vlan *end)
{
	if (d->global)
		return br_vlan_global_opts_fill(d->skb, d->br, start->vid,
						end->vid, start);
	return br_vlan_fill_vids(d->skb, d->br, d->p, start->vid, end->vid,
				 start, br_vlan_flags(start, d->pvid), d->stats);
}

/* br_vlan_dump_dev(): one RTM_NEWVLAN for the device, its VLANs as
 * ranges (a PVID ends the range before it; with statistics, one by
 * one); the global options of the bridge's VLANs, contexts included,
 * with BRIDGE_VLANDB_DUMPF_GLOBAL. */
static int br_vlan_dump_dev(struct rtnl_link *dev, struct unl_skb *skb,
			    struct unl_callback *cb, uint32_t dump_flags)
{
	struct br_vlan_dump d = {
		.skb = skb,
		.global = dump_flags & BRIDGE_VLANDB_DUMPF_GLOBAL,
		.stats = dump_flags & BRIDGE_VLANDB_DUMPF_STATS,
	};
	const struct br_vlan *start = NULL, *end = NULL;
	const struct br_vlan_group *vg;
	long idx = 0, s_idx = cb->args[1];
	struct nlmsghdr *nlh;
	int err = 0;

	if (dev->ops == &rtnl_bridge_ops) {
		d.br = br_priv(dev);
		vg = &d.br->vg;
	} else if ((d.p = br_vlan_port(dev))) {
		if (d.global)
			return 0;
		d.br = br_priv(d.p->br);
		vg = &d.p->vg;
	} else {
		return -EINVAL;
	}
	d.pvid = vg->pvid;
	nlh = br_vlan_msg_put(skb, rtnl_req_portid(cb->skb), cb->nlh->nlmsg_seq,
			      RTM_NEWVLAN, dev->ifindex, NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	for (const struct br_vlan *v = vg->vlans; v; v = v->next) {
		if (!d.global && !br_vlan_should_use(v))
			continue;
		if (idx < s_idx) {
			idx++;
			continue;
		}
		if (!start) {
			start = end = v;
			continue;
		}
		if (d.global ? !br_vlan_global_can_enter_range(v, end)
			     : (d.stats || v->vid == d.pvid ||
				!br_vlan_can_enter_range(v, end))) {
			err = br_vlan_dump_fill(&d, start, end);
			if (err)
				break;
			idx += end->vid - start->vid + 1;
			start = v;
		}
		end = v;
	}
	if (!err && start)
		err = br_vlan_dump_fill(&d, start, end);
	cb->args[1] = err ? idx : 0;
	unl_nlmsg_end(skb, nlh);
	return err;
}

static const struct unl_nla_policy br_vlan_dump_policy[BRIDGE_VLANDB_DUMP_MAX + 1] = {
	[BRIDGE_VLANDB_DUMP_FLAGS] = { .type = UNL_NLA_U32 },
};

/* br_vlan_rtm_dump(): one device, or all of them from where the last
 * part stopped. */
static int br_vlan_rtm_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct nlattr *tb[BRIDGE_VLANDB_DUMP_MAX + 1];
	struct rtnl_net *rn = rtnl_cb_net(cb);
	const struct br_vlan_msg *bvm;
	uint32_t dump_flags = 0;
	long idx = 0;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(*bvm), tb, BRIDGE_VLANDB_DUMP_MAX,
			      br_vlan_dump_policy, UNL_VALIDATE_STRICT,
			      cb->extack);
	if (err)
		return err;
	bvm = NLMSG_DATA(cb->nlh);
	if (tb[BRIDGE_VLANDB_DUMP_FLAGS])
		dump_flags = unl_nla_get_u32(tb[BRIDGE_VLANDB_DUMP_FLAGS]);
	if (bvm->ifindex) {
		struct rtnl_link *dev = rtnl_link_by_index(rn, (int)bvm->ifindex);

		if (!dev)
			return -ENODEV;
		err = br_vlan_dump_dev(dev, skb, cb, dump_flags);
		if (err != -EMSGSIZE)
			return err;
		return (int)unl_skb_len(skb);
	}
	for (struct rtnl_link *l = rn->links; l; l = l->next, idx++) {
		if (idx < cb->args[0])
			continue;
		if (br_vlan_dump_dev(l, skb, cb, dump_flags) == -EMSGSIZE)
			break;
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* ---- RTM_NEWVLAN / RTM_DELVLAN ---- */

/* br_vlan_modify_state() */
static int br_vlan_modify_state(const struct br_priv *br, struct br_vlan *v,
				uint8_t state, bool *changed,
				struct unl_ext_ack *extack)
{
	if (state > BR_STATE_BLOCKING) {
		UNL_SET_ERR_MSG(extack, "bridge: Invalid vlan state");
		return -EINVAL;
	}
	if (br->stp_enabled == BR_KERNEL_STP) {
		UNL_SET_ERR_MSG(extack, "bridge: Can't modify vlan state when using kernel STP");
		return -EBUSY;
	}
	if (br_opt(br, BROPT_MST_ENABLED)) {
		UNL_SET_ERR_MSG(extack, "bridge: Can't modify vlan state directly when MST is enabled");
		return -EBUSY;
	}
	if (v->state == state)
		return 0;
	v->state = state;
	*changed = true;
	return 0;
}

/* br_vlan_modify_tunnel(): checked as Linux checks it; the mapping is
 * not modelled (see br_afspec_tunnel()). */
static int br_vlan_modify_tunnel(const struct br_port *p,
				 const struct nlattr *attr,
				 struct unl_ext_ack *extack)
{
	static const struct unl_nla_policy pol[BRIDGE_VLANDB_TINFO_MAX + 1] = {
		[BRIDGE_VLANDB_TINFO_ID] = { .type = UNL_NLA_U32 },
		[BRIDGE_VLANDB_TINFO_CMD] = { .type = UNL_NLA_U32 },
	};
	const struct nlattr *tb[BRIDGE_VLANDB_TINFO_MAX + 1];
	uint32_t cmd;
	int err;

	if (!p) {
		UNL_SET_ERR_MSG(extack, "bridge: Can't modify tunnel mapping of non-port vlans");
		return -EINVAL;
	}
	if (!(p->flags & BRP_VLAN_TUNNEL)) {
		UNL_SET_ERR_MSG(extack, "bridge: Port doesn't have tunnel flag set");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, BRIDGE_VLANDB_TINFO_MAX, attr, pol,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!tb[BRIDGE_VLANDB_TINFO_CMD]) {
		UNL_SET_ERR_MSG(extack, "bridge: Missing tunnel command attribute");
		return -ENOENT;
	}
	cmd = unl_nla_get_u32(tb[BRIDGE_VLANDB_TINFO_CMD]);
	if (cmd == RTM_SETLINK && !tb[BRIDGE_VLANDB_TINFO_ID]) {
		UNL_SET_ERR_MSG(extack, "bridge: Missing tunnel id attribute");
		return -ENOENT;
	}
	if (cmd != RTM_SETLINK && cmd != RTM_DELLINK) {
		UNL_SET_ERR_MSG(extack, "bridge: Unsupported tunnel command");
		return -EINVAL;
	}
	return -EOPNOTSUPP;
}

/* br_multicast_set_vlan_router(): a bridge VLAN as the bridge's router
 * setting, a port VLAN as a port's (0..3). */
static int br_vlan_set_mcast_router(struct br_vlan *v, uint8_t val)
{
	if (br_vlan_is_master(v))
		return br_mcast_set_router(&v->mcast, val);
	if (val > MDB_RTR_TYPE_TEMP)
		return -EINVAL;
	v->port_mcast_router = val;
	return 0;
}

/* br_vlan_process_one_opts() */
static int br_vlan_process_one_opts(const struct br_priv *br,
				    const struct br_port *p, struct br_vlan *v,
				    const struct nlattr *const *tb,
				    bool *changed, struct unl_ext_ack *extack)
{
	int err;

	*changed = false;
	if (tb[BRIDGE_VLANDB_ENTRY_STATE]) {
		err = br_vlan_modify_state(br, v,
					   unl_nla_get_u8(tb[BRIDGE_VLANDB_ENTRY_STATE]),
					   changed, extack);
		if (err)
			return err;
	}
	if (tb[BRIDGE_VLANDB_ENTRY_TUNNEL_INFO]) {
		err = br_vlan_modify_tunnel(p, tb[BRIDGE_VLANDB_ENTRY_TUNNEL_INFO],
					    extack);
		if (err)
			return err;
	}
	if (br->dev->rn->feat.br_igmp_snooping) {
		if (tb[BRIDGE_VLANDB_ENTRY_MCAST_ROUTER]) {
			err = br_vlan_set_mcast_router(
				v, unl_nla_get_u8(tb[BRIDGE_VLANDB_ENTRY_MCAST_ROUTER]));
			if (err)
				return err;
			*changed = true;
		}
		if (tb[BR_BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS]) {
			if (!p) {
				UNL_SET_ERR_MSG(extack, "bridge: Can't set mcast_max_groups for non-port vlans");
				return -EINVAL;
			}
			if (!v->mcast_enabled) {
				UNL_SET_ERR_MSG(extack, "bridge: Multicast snooping disabled on this VLAN");
				return -EINVAL;
			}
			v->mcast_max_groups = unl_nla_get_u32(
				tb[BR_BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS]);
			*changed = true;
		}
	}
	if (tb[BR_BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS]) {
		bool val = unl_nla_get_u8(tb[BR_BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS]);

		if (!p) {
			UNL_SET_ERR_MSG(extack, "bridge: Can't set neigh_suppress for non-port vlans");
			return -EINVAL;
		}
		if (val != v->neigh_suppress) {
			v->neigh_suppress = val;
			*changed = true;
		}
	}
	return 0;
}

/* br_vlan_process_options(): every id of the range must be in use; the
 * ids whose options changed are announced as runs. */
static int br_vlan_process_options(struct br_priv *br, struct br_port *p,
				   uint16_t first, uint16_t last,
				   const struct nlattr *const *tb,
				   struct unl_ext_ack *extack)
{
	struct br_vlan_group *vg = br_vg(br, p);
	struct br_vlan *v, *cs = NULL, *ce = NULL;
	const struct br_vlan *r;
	int err = 0;

	r = br_vlan_find(vg, first);
	if (!r || !br_vlan_should_use(r)) {
		UNL_SET_ERR_MSG(extack, "bridge: Vlan range start doesn't exist, can't process options");
		return -ENOENT;
	}
	r = br_vlan_find(vg, last);
	if (!r || !br_vlan_should_use(r)) {
		UNL_SET_ERR_MSG(extack, "bridge: Vlan range end doesn't exist, can't process options");
		return -ENOENT;
	}
	for (unsigned int vid = first; vid <= last; vid++) {
		bool changed = false;

		v = br_vlan_find(vg, (uint16_t)vid);
		if (!v || !br_vlan_should_use(v)) {
			UNL_SET_ERR_MSG(extack, "bridge: Vlan in range doesn't exist, can't process options");
			err = -ENOENT;
			break;
		}
		err = br_vlan_process_one_opts(br, p, v, tb, &changed, extack);
		if (err)
			break;
		if (!changed) {
			if (cs)
				br_vlan_notify(br, p, cs->vid, ce->vid, RTM_NEWVLAN);
			cs = ce = NULL;
			continue;
		}
		if (cs && (v->vid == vg->pvid || !br_vlan_can_enter_range(v, ce))) {
			br_vlan_notify(br, p, cs->vid, ce->vid, RTM_NEWVLAN);
			cs = NULL;
		}
		if (!cs)
			cs = v;
		ce = v;
	}
	if (cs)
		br_vlan_notify(br, p, cs->vid, ce->vid, RTM_NEWVLAN);
	return err;
}

static const struct unl_nla_policy br_vlan_db_policy[BR_BRIDGE_VLANDB_ENTRY_MAX + 1] = {
	[BRIDGE_VLANDB_ENTRY_INFO] =
		UNL_NLA_POLICY_EXACT_LEN(sizeof(struct bridge_vlan_info)),
	[BRIDGE_VLANDB_ENTRY_RANGE] = { .type = UNL_NLA_U16 },
	[BRIDGE_VLANDB_ENTRY_STATE] = { .type = UNL_NLA_U8 },
	[BRIDGE_VLANDB_ENTRY_TUNNEL_INFO] = { .type = UNL_NLA_NESTED },
	[BRIDGE_VLANDB_ENTRY_MCAST_ROUTER] = { .type = UNL_NLA_U8 },
	[BR_BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS] = { .type = UNL_NLA_REJECT },
	[BR_BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS] = { .type = UNL_NLA_U32 },
	[BR_BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};

/* An entry's id, or its range as a start (vinfo) and an end (vend, vid
 * 0 when no range), the old range flags refused. */
static int br_vlan_rtm_entry(const struct nlattr *const *tb,
			     struct bridge_vlan_info *vinfo,
			     struct bridge_vlan_info *vend,
			     struct unl_ext_ack *extack)
{
	if (!tb[BRIDGE_VLANDB_ENTRY_INFO]) {
		UNL_SET_ERR_MSG(extack, "bridge: Missing vlan entry info");
		return -EINVAL;
	}
	memcpy(vinfo, unl_nla_data(tb[BRIDGE_VLANDB_ENTRY_INFO]), sizeof(*vinfo));
	if (vinfo->flags &
	    (BRIDGE_VLAN_INFO_RANGE_BEGIN | BRIDGE_VLAN_INFO_RANGE_END)) {
		UNL_SET_ERR_MSG(extack, "bridge: Old-style vlan ranges are not allowed when using RTM vlan calls");
		return -EINVAL;
	}
	if (!br_vlan_valid_id(vinfo->vid, extack))
		return -EINVAL;
	if (!tb[BRIDGE_VLANDB_ENTRY_RANGE])
		return 0;
	vend->vid = unl_nla_get_u16(tb[BRIDGE_VLANDB_ENTRY_RANGE]);
	vend->flags = BRIDGE_VLAN_INFO_RANGE_END | vinfo->flags;
	vinfo->flags |= BRIDGE_VLAN_INFO_RANGE_BEGIN;
	if (!br_vlan_valid_id(vend->vid, extack) ||
	    !br_vlan_valid_range(vend, vinfo, extack))
		return -EINVAL;
	return 0;
}

/* br_vlan_rtm_process_one(): an entry (id or range, the old range flags
 * refused), then its options. */
static int br_vlan_rtm_process_one(struct rtnl_link *dev,
				   const struct nlattr *attr, int cmd,
				   struct unl_ext_ack *extack)
{
	const struct nlattr *tb[BR_BRIDGE_VLANDB_ENTRY_MAX + 1];
	struct bridge_vlan_info vinfo, vend = { 0 };
	const struct bridge_vlan_info *last = NULL, *cur = &vinfo;
	struct br_port *p = NULL;
	struct br_priv *br;
	bool changed = false;
	int err;

	if (dev->ops == &rtnl_bridge_ops) {
		br = br_priv(dev);
	} else {
		p = br_port_of(dev);
		br = br_priv(p->br);
	}
	err = unl_nla_parse_nested(tb, BR_BRIDGE_VLANDB_ENTRY_MAX, attr,
				   br_vlan_db_policy, UNL_VALIDATE_STRICT, extack);
	if (!err)
		err = br_vlan_rtm_entry(tb, &vinfo, &vend, extack);
	if (err)
		return err;
	if (vend.vid) {
		last = &vinfo;
		cur = &vend;
	}
	if (cmd == RTM_DELVLAN ||
	    !(cur->flags & BRIDGE_VLAN_INFO_ONLY_OPTS)) {
		const struct bridge_vlan_info *tmp_last = last;
		int cmdmap = cmd == RTM_NEWVLAN ? RTM_SETLINK : RTM_DELLINK;

		err = br_process_vlan_info(br, p, cmdmap, cur, &tmp_last,
					   &changed, extack);
		if (changed)
			br_ifinfo_notify(cmdmap, br, p);
		if (err)
			return err;
	}
	if (cmd != RTM_NEWVLAN)
		return 0;
	return br_vlan_process_options(br, p, last ? last->vid : cur->vid,
				       cur->vid, tb, extack);
}

/* The global options that are plain numbers: counts (u32) and
 * intervals (u64 clock_t, kept in jiffies). */
static const struct {
	int attr;
	size_t off;
	bool interval;
} br_vlan_gopts_plain[] = {
	{ BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT,
	  offsetof(struct br_mcast, last_member_count), false },
	{ BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT,
	  offsetof(struct br_mcast, startup_query_count), false },
	{ BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL,
	  offsetof(struct br_mcast, last_member_interval), true },
	{ BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL,
	  offsetof(struct br_mcast, membership_interval), true },
	{ BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL,
	  offsetof(struct br_mcast, querier_interval), true },
	{ BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL,
	  offsetof(struct br_mcast, query_response_interval), true },
};

/* The multicast part of br_vlan_process_global_one_opts(), in its
 * order but for the plain numbers, which cannot fail. */
static int br_vlan_global_mcast_opts(struct br_priv *br, struct br_vlan *v,
				     const struct nlattr *const *tb,
				     bool *changed)
{
	const struct rtnl_link *l = br->dev;
	struct br_mcast *m = &v->mcast;
	const struct nlattr *a;
	int err;

	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING]) &&
	    !!unl_nla_get_u8(a) != v->global_mcast_enabled) {
		v->global_mcast_enabled = !v->global_mcast_enabled;
		br_vlan_mcast_toggle(br, v, v->global_mcast_enabled);
		*changed = true;
	}
	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION])) {
		err = br_mcast_set_igmp_version(m, unl_nla_get_u8(a));
		if (err)
			return err;
		*changed = true;
	}
	for (size_t i = 0; i < sizeof(br_vlan_gopts_plain) /
				       sizeof(br_vlan_gopts_plain[0]); i++) {
		uint8_t *field = (uint8_t *)m + br_vlan_gopts_plain[i].off;

		a = tb[br_vlan_gopts_plain[i].attr];
		if (!a)
			continue;
		if (br_vlan_gopts_plain[i].interval) {
			uint64_t j = br_clock_to_jiffies(l, unl_nla_get_u64(a));

			memcpy(field, &j, sizeof(j));
		} else {
			uint32_t n = unl_nla_get_u32(a);

			memcpy(field, &n, sizeof(n));
		}
		*changed = true;
	}
	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL])) {
		br_mcast_set_query_intvl(l, m, unl_nla_get_u64(a));
		*changed = true;
	}
	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL])) {
		br_mcast_set_startup_query_intvl(l, m, unl_nla_get_u64(a));
		*changed = true;
	}
	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_QUERIER])) {
		m->querier = unl_nla_get_u8(a) != 0;
		*changed = true;
	}
	if ((a = tb[BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION])) {
		err = br_mcast_set_mld_version(m, unl_nla_get_u8(a));
		if (err)
			return err;
		*changed = true;
	}
	return 0;
}

/* br_vlan_process_global_one_opts() */
static int br_vlan_global_one_opts(struct br_priv *br, struct br_vlan *v,
				   const struct nlattr *const *tb,
				   bool *changed)
{
	int err;

	*changed = false;
	if (br->dev->rn->feat.br_igmp_snooping) {
		err = br_vlan_global_mcast_opts(br, v, tb, changed);
		if (err)
			return err;
	}
	if (tb[BRIDGE_VLANDB_GOPTS_MSTI]) {
		br_mst_vlan_set_msti(br, v,
				     unl_nla_get_u16(tb[BRIDGE_VLANDB_GOPTS_MSTI]));
		*changed = true;
	}
	return 0;
}

static const struct unl_nla_policy br_vlan_db_gpol[BRIDGE_VLANDB_GOPTS_MAX + 1] = {
	[BRIDGE_VLANDB_GOPTS_ID] = { .type = UNL_NLA_U16 },
	[BRIDGE_VLANDB_GOPTS_RANGE] = { .type = UNL_NLA_U16 },
	[BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING] = { .type = UNL_NLA_U8 },
	[BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION] = { .type = UNL_NLA_U8 },
	[BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MCAST_QUERIER] = { .type = UNL_NLA_U8 },
	[BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION] = { .type = UNL_NLA_U8 },
	[BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT] = { .type = UNL_NLA_U32 },
	[BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT] = { .type = UNL_NLA_U32 },
	[BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL] = { .type = UNL_NLA_U64 },
	[BRIDGE_VLANDB_GOPTS_MSTI] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U16, BR_VLAN_N_VID - 1),
};

/* br_vlan_rtm_process_global_options(): set only, on a bridge, for ids
 * it has (contexts included); changed runs announced. */
static int br_vlan_rtm_global(struct rtnl_link *dev, const struct nlattr *attr,
			      int cmd, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[BRIDGE_VLANDB_GOPTS_MAX + 1];
	struct br_vlan *v, *cs = NULL, *ce = NULL;
	uint16_t vid, vid_range;
	struct br_priv *br;
	int err;

	if (cmd != RTM_NEWVLAN) {
		UNL_SET_ERR_MSG(extack, "bridge: Global vlan options support only set operation");
		return -EINVAL;
	}
	if (dev->ops != &rtnl_bridge_ops) {
		UNL_SET_ERR_MSG(extack, "bridge: Global vlan options can only be set on bridge device");
		return -EINVAL;
	}
	br = br_priv(dev);
	err = unl_nla_parse_nested(tb, BRIDGE_VLANDB_GOPTS_MAX, attr,
				   br_vlan_db_gpol, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!tb[BRIDGE_VLANDB_GOPTS_ID]) {
		UNL_SET_ERR_MSG(extack, "bridge: Missing vlan entry id");
		return -EINVAL;
	}
	vid = unl_nla_get_u16(tb[BRIDGE_VLANDB_GOPTS_ID]);
	if (!br_vlan_valid_id(vid, extack))
		return -EINVAL;
	vid_range = vid;
	if (tb[BRIDGE_VLANDB_GOPTS_RANGE]) {
		vid_range = unl_nla_get_u16(tb[BRIDGE_VLANDB_GOPTS_RANGE]);
		if (!br_vlan_valid_id(vid_range, extack))
			return -EINVAL;
		if (vid >= vid_range) {
			UNL_SET_ERR_MSG(extack, "bridge: End vlan id is less than or equal to start vlan id");
			return -EINVAL;
		}
	}
	for (unsigned int id = vid; id <= vid_range; id++) {
		bool changed = false;

		v = br_vlan_find(&br->vg, (uint16_t)id);
		if (!v) {
			UNL_SET_ERR_MSG(extack, "bridge: Vlan in range doesn't exist, can't process global options");
			err = -ENOENT;
			break;
		}
		err = br_vlan_global_one_opts(br, v, tb, &changed);
		if (err)
			break;
		if (!changed) {
			if (cs)
				br_vlan_global_opts_notify(br, cs->vid, ce->vid);
			cs = ce = NULL;
			continue;
		}
		if (cs && !br_vlan_global_can_enter_range(v, ce)) {
			br_vlan_global_opts_notify(br, cs->vid, ce->vid);
			cs = NULL;
		}
		if (!cs)
			cs = v;
		ce = v;
	}
	if (cs)
		br_vlan_global_opts_notify(br, cs->vid, ce->vid);
	return err;
}

/* br_vlan_rtm_process(): RTM_NEWVLAN and RTM_DELVLAN of a bridge or one
 * of its ports. */
static int br_vlan_rtm_process(struct rtnl_net *rn, struct unl_skb *skb,
			       struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct br_vlan_msg *bvm;
	const struct nlattr *attr;
	struct rtnl_link *dev;
	int err, rem, vlans = 0;

	err = unl_nlmsg_parse(nlh, sizeof(*bvm), NULL, BRIDGE_VLANDB_MAX, NULL,
			      UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	bvm = NLMSG_DATA(nlh);
	dev = rtnl_link_by_index(rn, (int)bvm->ifindex);
	if (!dev)
		return -ENODEV;
	if (dev->ops != &rtnl_bridge_ops && !br_vlan_port(dev)) {
		UNL_SET_ERR_MSG(extack, "bridge: The device is not a valid bridge or bridge port");
		return -EINVAL;
	}
	unl_nla_for_each(attr,
			 (const struct nlattr *)((const uint8_t *)bvm +
						 NLMSG_ALIGN(sizeof(*bvm))),
			 (int)(nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*bvm)))),
			 rem) {
		switch (unl_nla_type(attr)) {
		case BRIDGE_VLANDB_ENTRY:
			err = br_vlan_rtm_process_one(dev, attr,
						      nlh->nlmsg_type, extack);
			break;
		case BRIDGE_VLANDB_GLOBAL_OPTIONS:
			err = br_vlan_rtm_global(dev, attr, nlh->nlmsg_type,
						 extack);
			break;
		default:
			continue;
		}
		vlans++;
		if (err)
			break;
	}
	if (!vlans) {
		UNL_SET_ERR_MSG(extack, "bridge: No vlans found to process");
		err = -EINVAL;
	}
	return err;
}

/* br_vlan_rtnl_init(): there only when VLAN filtering was built. */
static bool br_vlan_registered(const struct rtnl_net *rn)
{
	return rn->feat.br_vlan_filtering;
}

const struct rtnl_msg_handler rtnl_br_vlan_handlers[] = {
	{ PF_BRIDGE, RTM_GETVLAN, NULL, br_vlan_rtm_dump, 0,
	  br_vlan_registered },
	{ PF_BRIDGE, RTM_NEWVLAN, br_vlan_rtm_process, NULL, 0,
	  br_vlan_registered },
	{ PF_BRIDGE, RTM_DELVLAN, br_vlan_rtm_process, NULL, 0,
	  br_vlan_registered },
};
const unsigned int rtnl_br_vlan_handlers_n =
	sizeof(rtnl_br_vlan_handlers) / sizeof(rtnl_br_vlan_handlers[0]);

/* br_vlan_find() of a group, for the forwarding database. */
bool br_vlan_present(const struct br_vlan_group *vg, uint16_t vid)
{
	return br_vlan_find(vg, vid) != NULL;
}

/* br_vlan_find() and br_vlan_should_use() */
bool br_vlan_in_use(const struct br_vlan_group *vg, uint16_t vid)
{
	const struct br_vlan *v = br_vlan_find(vg, vid);

	return v && br_vlan_should_use(v);
}
