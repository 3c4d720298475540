// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A bridge's way with the frames the model makes (net/bridge/br_input.c,
 * br_forward.c): the rx_handler of its ports.  The only frames are
 * LACPDUs, to the link-local slow-protocols group: a bridge learns
 * their source and keeps them from its other ports unless the group's
 * bit is in the port's group_fwd_mask (the bridge-wide mask cannot have
 * it: BR_GROUPFWD_RESTRICTED); then it floods them to its forwarding
 * ports and hands them up to its own device, where nothing takes them.
 * (Only multicast frames exist here: no unicast lookup in the FDB.)
 */
#include <arpa/inet.h>
#include <string.h>

#include <linux/if_ether.h>

#include "proto/route/link/bridge.h"

/* BR_GROUPFWD_8021AD of br_private.h: the groups an 802.1ad bridge
 * forwards whatever the mask */
#define BR_GROUPFWD_8021AD 0xB801u

/* is_link_local_ether_addr(): 01:80:c2:00:00:0X */
static bool br_link_local(const uint8_t *a)
{
	static const uint8_t base[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };

	return !memcmp(a, base, sizeof(base)) && !(a[5] & 0xf0);
}

/* is_valid_ether_addr(): neither multicast nor all zero */
static bool br_valid_source(const uint8_t *a)
{
	static const uint8_t zero[ETH_ALEN];

	return !(a[0] & 1) && memcmp(a, zero, ETH_ALEN);
}

static bool br_mst(const struct br_priv *br)
{
	return br_opt(br, BROPT_MST_ENABLED);
}

/* br_recalculate_fwd_mask(): group_fwd_mask_required */
static uint16_t br_fwd_mask_required(const struct br_priv *br)
{
	if (!br_opt(br, BROPT_VLAN_ENABLED) ||
	    br->vlan_proto == htons(ETH_P_8021Q))
		return 0;
	return BR_GROUPFWD_8021AD & (uint16_t)~(1u << br->group_addr[5]);
}

/* br_allowed_ingress() of an untagged frame: the port's PVID carries it,
 * in that VLAN's state under MST.  False: dropped. */
static bool br_ingress_vid(const struct br_priv *br, const struct br_port *p,
			   uint16_t *vid, uint8_t *state)
{
	const struct br_vlan *v;

	*vid = 0;
	if (!br_opt(br, BROPT_VLAN_ENABLED))
		return true;
	if (!p->vg.pvid)
		return false;
	*vid = p->vg.pvid;
	v = br_vlan_lookup(&p->vg, *vid);
	if (!v)
		return false;
	if (br_mst(br))
		*state = v->state;
	return v->state == BR_STATE_FORWARDING ||
	       v->state == BR_STATE_LEARNING;
}

/* br_allowed_egress(): the VLAN is on the port (on the bridge itself as
 * an entry of its own) and forwarding.  *tagged: it leaves tagged. */
static bool br_egress(const struct br_priv *br, const struct br_vlan_group *vg,
		      bool master, uint16_t vid, bool *tagged)
{
	const struct br_vlan *v;

	*tagged = false;
	if (!br_opt(br, BROPT_VLAN_ENABLED))
		return true;
	v = br_vlan_lookup(vg, vid);
	if (!v || (master && !(v->flags & BRIDGE_VLAN_INFO_BRENTRY)) ||
	    v->state != BR_STATE_FORWARDING)
		return false;
	*tagged = !(v->flags & BRIDGE_VLAN_INFO_UNTAGGED);
	return true;
}

/* __br_handle_local_finish(): a link-local frame kept from the other
 * ports still teaches the bridge where its source is. */
static void br_local_learn(struct br_priv *br, struct br_port *p,
			   const struct rtnl_frame *f)
{
	uint16_t vid = 0;
	uint8_t state = p->state;

	if (!(p->flags & BRP_LEARNING) ||
	    (p->state != BR_STATE_LEARNING && p->state != BR_STATE_FORWARDING) ||
	    br_opt(br, BROPT_NO_LL_LEARN) ||
	    !br_ingress_vid(br, p, &vid, &state))
		return;
	br_fdb_update(br, p, f->source, vid, 0);
}

/* should_deliver() and br_flood()'s rules for a multicast frame that
 * came in on port in */
static bool br_should_flood(const struct br_priv *br, const struct br_port *q,
			    const struct br_port *in)
{
	if (!(q->flags & BRP_MCAST_FLOOD) || (q->flags & BRP_PROXYARP))
		return false;
	if (q == in && !(q->flags & BRP_HAIRPIN_MODE))
		return false;
	if (!br_mst(br) && q->state != BR_STATE_FORWARDING)
		return false;
	return !((in->flags & BRP_ISOLATED) && (q->flags & BRP_ISOLATED));
}

/* br_flood(): a copy to every port that should have one, in port_list
 * order; the frame carries the VLAN tag where the port's VLAN is not
 * untagged. */
static void br_flood(struct br_priv *br, struct br_port *in, uint16_t vid,
		     const struct rtnl_frame *f)
{
	for (struct br_port *q = br->ports; q; q = q->next) {
		struct rtnl_frame out = *f;
		bool tagged;

		if (!br_should_flood(br, q, in) ||
		    !br_egress(br, &q->vg, false, vid, &tagged))
			continue;
		if (tagged)
			out.len += 4; /* VLAN_HLEN */
		rtnl_link_send_frame(q->dev, &out);
	}
}

/* br_pass_frame_up(): the bridge device counts it received, then its
 * own stack has nothing for a slow-protocols frame. */
static void br_pass_frame_up(struct br_priv *br, uint16_t vid,
			     const struct rtnl_frame *f)
{
	bool tagged;

	br->rx_packets++;
	br->rx_bytes += f->len - ETH_HLEN;
	if (!(br->dev->flags & IFF_PROMISC) &&
	    !br_egress(br, &br->vg, true, vid, &tagged))
		return;
	rtnl_link_receive_frame(br->dev, f);
}

/* br_handle_frame_finish() of a multicast frame: no querier and no
 * multicast database entry ever match one that is not IP, so it is
 * flooded and goes up to the bridge device. */
static void br_frame_finish(struct br_priv *br, struct br_port *p,
			    const struct rtnl_frame *f)
{
	uint8_t state = br_mst(br) ? BR_STATE_FORWARDING : p->state;
	uint16_t vid;

	if (state == BR_STATE_DISABLED || !br_ingress_vid(br, p, &vid, &state))
		return;
	if (p->flags & BRP_PORT_LOCKED) {
		/* a locked port passes only what its own unlocked entry
		 * vouches for; MAB makes a locked entry for others */
		uint32_t fl;
		int match = br_fdb_source_match(br, p, f->source, vid, &fl);

		if (match < 0) {
			if (p->flags & BRP_PORT_MAB)
				br_fdb_update(br, p, f->source, vid,
					      BR_FDB_LOCKED);
			return;
		}
		if (!match)
			return;
		if (fl & BR_FDB_LOCKED) {
			br_fdb_update(br, p, f->source, vid, BR_FDB_LOCKED);
			return;
		}
	}
	if (p->flags & BRP_LEARNING)
		br_fdb_update(br, p, f->source, vid, 0);
	if (state == BR_STATE_LEARNING)
		return;
	br->multicast++;
	br_flood(br, p, vid, f);
	br_pass_frame_up(br, vid, f);
}

enum rtnl_rx_result br_handle_frame(struct rtnl_link *l, struct rtnl_link *dev,
				    const struct rtnl_frame *f)
{
	struct br_priv *br = br_priv(l);
	struct br_port *p = br_port_of(dev);
	uint16_t fwd_mask;

	if (!br_valid_source(f->source))
		return RTNL_RX_CONSUMED;
	if (!br_link_local(f->dest))
		goto forward;
	fwd_mask = br_fwd_mask_required(br) | p->group_fwd_mask;
	switch (f->dest[5]) {
	case 0x00: /* the bridge group address: STP */
		if (br->stp_enabled == BR_NO_STP ||
		    (fwd_mask & (1u << f->dest[5])))
			goto forward;
		br_local_learn(br, p, f);
		return RTNL_RX_PASS;
	case 0x01: /* MAC control (pause) */
		return RTNL_RX_CONSUMED;
	case 0x0e: /* LLDP */
		if ((fwd_mask | br->group_fwd_mask) & (1u << f->dest[5]))
			goto forward;
		br_local_learn(br, p, f);
		return RTNL_RX_PASS;
	default:
		if ((fwd_mask | br->group_fwd_mask) & (1u << f->dest[5]))
			goto forward;
	}
	/* br_handle_local_finish(): not on a disabled port */
	if (p->state != BR_STATE_DISABLED)
		br_local_learn(br, p, f);
	return RTNL_RX_PASS;
forward:
	if (br_mst(br)) {
		br_frame_finish(br, p, f);
		return RTNL_RX_CONSUMED;
	}
	switch (p->state) {
	case BR_STATE_DISABLED:
		/* br_handle_local_finish() learns nothing on it */
		return RTNL_RX_PASS;
	case BR_STATE_FORWARDING:
	case BR_STATE_LEARNING:
		br_frame_finish(br, p, f);
		return RTNL_RX_CONSUMED;
	default:
		return RTNL_RX_CONSUMED;
	}
}
