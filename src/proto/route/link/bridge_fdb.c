// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's forwarding database (net/bridge/br_fdb.c): the local
 * entries the bridge makes for its own address and each port's (per
 * VLAN too), the entries users add (static, dynamic, sticky,
 * extern_learn) through PF_BRIDGE RTM_NEWNEIGH, their deletion and
 * flush, the dump and the lookup, each change announced to
 * RTNLGRP_NEIGH, and the entries a bridge learns from the frames the
 * model makes (br_fdb_update(): LACPDUs, bridge_input.c), which age.
 *
 * The entries are on fdb_list, the newest first (hlist_add_head_rcu()),
 * as dumps list them, and in a hash by address and VLAN for lookups.
 * Static entries are put on the unicast lists of the ports that are
 * not promiscuous (fdb_add_hw_addr()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "proto/route/link/bridge.h"

#define BR_FDB_HASH_MIN 64

/* FDB_FLUSH_* of br_private.h */
#define FDB_FLUSH_IGNORED_NDM_FLAGS (NTF_MASTER | NTF_SELF)
#define FDB_FLUSH_ALLOWED_NDM_STATES (NUD_PERMANENT | NUD_NOARP)
#define FDB_FLUSH_ALLOWED_NDM_FLAGS \
	(NTF_USE | NTF_EXT_LEARNED | NTF_OFFLOADED | NTF_STICKY)
#define BR_FDB_NOTIFY_SETTABLE_BITS (FDB_NOTIFY_BIT | FDB_NOTIFY_INACTIVE_BIT)

static int64_t br_fdb_now(const struct br_priv *br)
{
	struct rtnl_net *rn = br->dev->rn;

	return rtnl_jiffies(rn, unl_net_now(rn->net));
}

static uint32_t br_fdb_hashfn(const uint8_t *addr, uint16_t vid)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < ETH_ALEN; i++)
		h = (h ^ addr[i]) * 16777619u;
	h = (h ^ (vid & 0xff)) * 16777619u;
	return (h ^ (vid >> 8)) * 16777619u;
}

static struct br_fdb *br_fdb_find(const struct br_priv *br,
				  const uint8_t *addr, uint16_t vid)
{
	if (!br->fdb_hash)
		return NULL;
	for (struct br_fdb *f =
		     br->fdb_hash[br_fdb_hashfn(addr, vid) & br->fdb_hash_mask];
	     f; f = f->hnext)
		if (f->vid == vid && !memcmp(f->addr, addr, ETH_ALEN))
			return f;
	return NULL;
}

static void br_fdb_hash_insert(struct br_priv *br, struct br_fdb *f)
{
	struct br_fdb **b =
		&br->fdb_hash[br_fdb_hashfn(f->addr, f->vid) & br->fdb_hash_mask];

	f->hnext = *b;
	*b = f;
}

/* The hash doubles when it holds as many entries as buckets. */
static int br_fdb_hash_grow(struct br_priv *br)
{
	size_t n = br->fdb_hash ? (br->fdb_hash_mask + 1) * 2 : BR_FDB_HASH_MIN;
	struct br_fdb **h = calloc(n, sizeof(*h));

	if (!h)
		return -ENOMEM;
	free(br->fdb_hash);
	br->fdb_hash = h;
	br->fdb_hash_mask = n - 1;
	for (struct br_fdb *f = br->fdb_first; f; f = f->next)
		br_fdb_hash_insert(br, f);
	return 0;
}

/* hold_time(): a forward delay during a topology change. */
static uint64_t br_fdb_hold_time(const struct br_priv *br)
{
	return br->topology_change ? br->forward_delay : br->ageing_time;
}

static bool br_fdb_expired(const struct br_priv *br, const struct br_fdb *f)
{
	return !(f->flags & (BR_FDB_STATIC | BR_FDB_ADDED_BY_EXT_LEARN)) &&
	       f->updated + (int64_t)br_fdb_hold_time(br) <= br_fdb_now(br);
}

/* fdb_to_nud() */
static uint16_t br_fdb_nud(const struct br_priv *br, const struct br_fdb *f)
{
	if (f->flags & BR_FDB_LOCAL)
		return NUD_PERMANENT;
	if (f->flags & BR_FDB_STATIC)
		return NUD_NOARP;
	if (br_fdb_expired(br, f))
		return NUD_STALE;
	return NUD_REACHABLE;
}

/* fdb_fill_info() */
static int br_fdb_fill(struct unl_skb *skb, const struct br_priv *br,
		       const struct br_fdb *f, uint32_t portid, uint32_t seq,
		       int type, int flags)
{
	int64_t now = br_fdb_now(br);
	struct nda_cacheinfo ci = { 0 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	uint32_t ext_flags = 0;

	nlh = unl_nlmsg_put(skb, portid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = f->dst ? f->dst->dev->ifindex : br->dev->ifindex;
	ndm->ndm_state = br_fdb_nud(br, f);
	if (f->flags & BR_FDB_OFFLOADED)
		ndm->ndm_flags |= NTF_OFFLOADED;
	if (f->flags & BR_FDB_ADDED_BY_EXT_LEARN)
		ndm->ndm_flags |= NTF_EXT_LEARNED;
	if (f->flags & BR_FDB_STICKY)
		ndm->ndm_flags |= NTF_STICKY;
	if (f->flags & BR_FDB_LOCKED)
		ext_flags |= BR_NTF_EXT_LOCKED;
	ci.ndm_used = (uint32_t)br_jiffies_to_clock(br->dev,
						    (uint64_t)(now - f->used));
	ci.ndm_updated = (uint32_t)br_jiffies_to_clock(
		br->dev, (uint64_t)(now - f->updated));
	if (unl_nla_put(skb, NDA_LLADDR, ETH_ALEN, f->addr) ||
	    unl_nla_put_u32(skb, NDA_MASTER, (uint32_t)br->dev->ifindex) ||
	    unl_nla_put_u32(skb, NDA_FLAGS_EXT, ext_flags) ||
	    unl_nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci) ||
	    (f->vid && unl_nla_put(skb, NDA_VLAN, sizeof(f->vid), &f->vid)))
		goto fail;
	if (f->flags & BR_FDB_NOTIFY) {
		struct nlattr *nest = unl_nla_nest_start(skb, NDA_FDB_EXT_ATTRS);
		uint8_t bits = FDB_NOTIFY_BIT;

		if (f->flags & BR_FDB_NOTIFY_INACTIVE)
			bits |= FDB_NOTIFY_INACTIVE_BIT;
		if (!nest || unl_nla_put_u8(skb, NFEA_ACTIVITY_NOTIFY, bits))
			goto fail;
		unl_nla_nest_end(skb, nest);
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* fdb_notify() */
static void br_fdb_notify(const struct br_priv *br, const struct br_fdb *f,
			  int type)
{
	struct rtnl_net *rn = br->dev->rn;
	struct unl_skb *skb;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_NEIGH))
		return;
	skb = unl_nlmsg_new(256);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	if (br_fdb_fill(skb, br, f, 0, 0, type, 0)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_NEIGH, NULL);
}

/* fdb_add_hw_addr(): a static entry's address on the unicast list of
 * each port that is not promiscuous. */
static void br_fdb_add_hw_addr(struct br_priv *br, const uint8_t *addr)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		if (!(p->flags & BRP_PROMISC))
			rtnl_dev_uc_add(p->dev, addr);
}

static void br_fdb_del_hw_addr(struct br_priv *br, const uint8_t *addr)
{
	for (struct br_port *p = br->ports; p; p = p->next)
		if (!(p->flags & BRP_PROMISC))
			rtnl_dev_uc_del(p->dev, addr);
}

/* An entry no longer counts as learnt (fdb_n_learned): a user took it
 * over, or it goes. */
static void br_fdb_unlearn(struct br_priv *br, struct br_fdb *f)
{
	if (f->flags & BR_FDB_DYNAMIC_LEARNED) {
		f->flags &= ~BR_FDB_DYNAMIC_LEARNED;
		br->fdb_n_learned--;
	}
}

static void br_fdb_unlink(struct br_priv *br, struct br_fdb *f)
{
	struct br_fdb **b =
		&br->fdb_hash[br_fdb_hashfn(f->addr, f->vid) & br->fdb_hash_mask];

	for (; *b; b = &(*b)->hnext)
		if (*b == f) {
			*b = f->hnext;
			break;
		}
	if (f->prev)
		f->prev->next = f->next;
	else
		br->fdb_first = f->next;
	if (f->next)
		f->next->prev = f->prev;
	br->fdb_n--;
	br_fdb_unlearn(br, f);
}

/* fdb_delete() */
static void br_fdb_delete_entry(struct br_priv *br, struct br_fdb *f)
{
	if (f->flags & BR_FDB_STATIC)
		br_fdb_del_hw_addr(br, f->addr);
	br_fdb_unlink(br, f);
	br_fdb_notify(br, f, RTM_DELNEIGH);
	free(f);
}

/* fdb_delete_local(): a local entry stays, moved, while another port
 * (or the bridge) has the address. */
static void br_fdb_delete_local(struct br_priv *br, const struct br_port *p,
				struct br_fdb *f)
{
	for (struct br_port *op = br->ports; op; op = op->next)
		if (op != p && !memcmp(op->dev->addr, f->addr, ETH_ALEN) &&
		    (!f->vid || br_vlan_present(&op->vg, f->vid))) {
			f->dst = op;
			f->flags &= ~BR_FDB_ADDED_BY_USER;
			return;
		}
	if (p && !memcmp(br->dev->addr, f->addr, ETH_ALEN) &&
	    (!f->vid || br_vlan_in_use(&br->vg, f->vid))) {
		f->dst = NULL;
		f->flags &= ~BR_FDB_ADDED_BY_USER;
		return;
	}
	br_fdb_delete_entry(br, f);
}

void br_fdb_find_delete_local(struct br_priv *br, const struct br_port *p,
			      const uint8_t *addr, uint16_t vid)
{
	struct br_fdb *f = br_fdb_find(br, addr, vid);

	if (f && (f->flags & BR_FDB_LOCAL) &&
	    !(f->flags & BR_FDB_ADDED_BY_USER) && f->dst == p)
		br_fdb_delete_local(br, p, f);
}

/* fdb_create(): at the head of fdb_list. */
static struct br_fdb *br_fdb_create(struct br_priv *br, struct br_port *dst,
				    const uint8_t *addr, uint16_t vid,
				    uint32_t flags)
{
	bool learned = !(flags & (BR_FDB_ADDED_BY_USER | BR_FDB_LOCAL));
	struct br_fdb *f;

	if (learned) {
		if (br->fdb_max_learned &&
		    br->fdb_n_learned >= br->fdb_max_learned)
			return NULL;
		flags |= BR_FDB_DYNAMIC_LEARNED;
	}
	if (br->fdb_n + 1 > br->fdb_hash_mask + 1 || !br->fdb_hash)
		if (br_fdb_hash_grow(br))
			return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	memcpy(f->addr, addr, ETH_ALEN);
	f->vid = vid;
	f->dst = dst;
	f->flags = flags;
	f->updated = f->used = br_fdb_now(br);
	f->next = br->fdb_first;
	if (f->next)
		f->next->prev = f;
	br->fdb_first = f;
	br->fdb_n++;
	if (learned)
		br->fdb_n_learned++;
	br_fdb_hash_insert(br, f);
	return f;
}

static bool br_fdb_valid_ether(const uint8_t *a)
{
	static const uint8_t zero[ETH_ALEN];

	return !(a[0] & 1) && memcmp(a, zero, ETH_ALEN);
}

/* fdb_add_local() */
int br_fdb_add_local(struct br_priv *br, struct br_port *p,
		     const uint8_t *addr, uint16_t vid)
{
	struct br_fdb *f;

	if (!br_fdb_valid_ether(addr))
		return -EINVAL;
	f = br_fdb_find(br, addr, vid);
	if (f) {
		/* several ports may share an address: the first keeps it */
		if (f->flags & BR_FDB_LOCAL)
			return 0;
		br_fdb_delete_entry(br, f);
	}
	f = br_fdb_create(br, p, addr, vid, BR_FDB_LOCAL | BR_FDB_STATIC);
	if (!f)
		return -ENOMEM;
	br_fdb_add_hw_addr(br, addr);
	br_fdb_notify(br, f, RTM_NEWNEIGH);
	return 0;
}

/* The entries the bridge made for a port or for itself. */
static bool br_fdb_is_own_local(const struct br_fdb *f,
				const struct br_port *p)
{
	return f->dst == p && (f->flags & BR_FDB_LOCAL) &&
	       !(f->flags & BR_FDB_ADDED_BY_USER);
}

/* br_fdb_changeaddr(): the port's local entries follow its address,
 * one per VLAN of the port. */
void br_fdb_changeaddr(struct br_port *p, const uint8_t *addr)
{
	struct br_priv *br = br_priv(p->br);
	struct br_fdb *f, *next;

	for (f = br->fdb_first; f; f = next) {
		next = f->next;
		if (!br_fdb_is_own_local(f, p))
			continue;
		br_fdb_delete_local(br, p, f);
		if (!p->vg.num_vlans)
			break;
	}
	br_fdb_add_local(br, p, addr, 0);
	for (const struct br_vlan *v = p->vg.vlans; v; v = v->next)
		br_fdb_add_local(br, p, addr, v->vid);
}

/* br_fdb_change_mac_address(): the bridge's own entries follow its
 * address, one per VLAN of the bridge in use. */
void br_fdb_change_mac_address(struct br_priv *br, const uint8_t *addr)
{
	struct br_fdb *f = br_fdb_find(br, br->dev->addr, 0);

	if (f && br_fdb_is_own_local(f, NULL))
		br_fdb_delete_local(br, NULL, f);
	br_fdb_add_local(br, NULL, addr, 0);
	for (const struct br_vlan *v = br->vg.vlans; v; v = v->next) {
		if (!br_vlan_in_use(&br->vg, v->vid))
			continue;
		f = br_fdb_find(br, br->dev->addr, v->vid);
		if (f && br_fdb_is_own_local(f, NULL))
			br_fdb_delete_local(br, NULL, f);
		br_fdb_add_local(br, NULL, addr, v->vid);
	}
}

/* br_fdb_delete_by_port() */
void br_fdb_delete_by_port(struct br_priv *br, const struct br_port *p,
			   uint16_t vid, bool do_all)
{
	struct br_fdb *f, *next;

	for (f = br->fdb_first; f; f = next) {
		next = f->next;
		if (f->dst != p)
			continue;
		if (!do_all &&
		    ((f->flags & BR_FDB_STATIC) ||
		     ((f->flags & BR_FDB_ADDED_BY_EXT_LEARN) &&
		      !(f->flags & BR_FDB_OFFLOADED)) ||
		     (vid && f->vid != vid)))
			continue;
		if (f->flags & BR_FDB_LOCAL)
			br_fdb_delete_local(br, p, f);
		else
			br_fdb_delete_entry(br, f);
	}
}

/* A flush's description (struct net_bridge_fdb_flush_desc). */
struct br_fdb_flush_desc {
	uint32_t flags, flags_mask;
	int port_ifindex;
	uint16_t vlan_id;
};

static bool br_fdb_flush_matches(const struct br_priv *br,
				 const struct br_fdb *f,
				 const struct br_fdb_flush_desc *d)
{
	int ifindex = f->dst ? f->dst->dev->ifindex : br->dev->ifindex;

	if (d->vlan_id && d->vlan_id != f->vid)
		return false;
	if (d->port_ifindex && d->port_ifindex != ifindex)
		return false;
	return !d->flags_mask || (f->flags & d->flags_mask) == d->flags;
}

static void br_fdb_flush(struct br_priv *br, const struct br_fdb_flush_desc *d)
{
	struct br_fdb *f, *next;

	for (f = br->fdb_first; f; f = next) {
		next = f->next;
		if (br_fdb_flush_matches(br, f, d))
			br_fdb_delete_entry(br, f);
	}
}

void br_fdb_flush_dynamic(struct br_priv *br)
{
	struct br_fdb_flush_desc d = { .flags_mask = BR_FDB_STATIC };

	br_fdb_flush(br, &d);
}

int br_fdb_sync_static(struct br_priv *br, struct br_port *p)
{
	for (struct br_fdb *f = br->fdb_first; f; f = f->next) {
		int err;

		if (!(f->flags & BR_FDB_STATIC))
			continue;
		err = rtnl_dev_uc_add(p->dev, f->addr);
		if (err) {
			for (struct br_fdb *u = br->fdb_first; u != f;
			     u = u->next)
				if (u->flags & BR_FDB_STATIC)
					rtnl_dev_uc_del(p->dev, u->addr);
			return err;
		}
	}
	return 0;
}

void br_fdb_unsync_static(struct br_priv *br, struct br_port *p)
{
	for (struct br_fdb *f = br->fdb_first; f; f = f->next)
		if (f->flags & BR_FDB_STATIC)
			rtnl_dev_uc_del(p->dev, f->addr);
}

/* br_fdb_cleanup(): the entries that aged out go; the next look comes
 * when the oldest of the others would age out, 10 ms from now at the
 * least. */
uint64_t br_fdb_cleanup(struct br_priv *br)
{
	uint64_t delay = br_fdb_hold_time(br), work = delay;
	uint64_t min = (br->dev->rn->hz + 99) / 100;
	int64_t now = br_fdb_now(br);
	struct br_fdb *f, *next;

	for (f = br->fdb_first; f; f = next) {
		int64_t at = f->updated + (int64_t)delay;

		next = f->next;
		if (f->flags & (BR_FDB_STATIC | BR_FDB_ADDED_BY_EXT_LEARN))
			continue;
		if (at > now) {
			if ((uint64_t)(at - now) < work)
				work = (uint64_t)(at - now);
		} else {
			br_fdb_delete_entry(br, f);
		}
	}
	return work > min ? work : min;
}

void br_fdb_destroy(struct br_priv *br)
{
	while (br->fdb_first) {
		struct br_fdb *f = br->fdb_first;

		br->fdb_first = f->next;
		free(f);
	}
	free(br->fdb_hash);
	br->fdb_hash = NULL;
	br->fdb_hash_mask = 0;
	br->fdb_n = 0;
}

/* ---- PF_BRIDGE RTM_NEWNEIGH / RTM_DELNEIGH ---- */

/* The bridge and port a request names: the bridge itself, or one of
 * its ports. */
static int br_fdb_req(struct rtnl_link *dev, struct br_priv **br,
		      struct br_port **p)
{
	*p = NULL;
	if (dev->ops == &rtnl_bridge_ops) {
		*br = br_priv(dev);
		return 0;
	}
	*p = br_port_of(dev);
	if (!*p)
		return -EINVAL;
	*br = br_priv((*p)->br);
	return 0;
}

/* fdb_handle_notify() */
static bool br_fdb_handle_notify(struct br_fdb *f, uint8_t notify)
{
	bool modified = false;

	if ((notify & FDB_NOTIFY_INACTIVE_BIT) &&
	    !(f->flags & BR_FDB_NOTIFY_INACTIVE)) {
		f->flags |= BR_FDB_NOTIFY_INACTIVE;
		modified = true;
	}
	if ((notify & FDB_NOTIFY_BIT) && !(f->flags & BR_FDB_NOTIFY)) {
		f->flags |= BR_FDB_NOTIFY;
		modified = true;
	} else if (!(notify & FDB_NOTIFY_BIT) && (f->flags & BR_FDB_NOTIFY)) {
		f->flags &= ~(BR_FDB_NOTIFY | BR_FDB_NOTIFY_INACTIVE);
		modified = true;
	}
	return modified;
}

/* fdb_add_entry(): create or replace a user's entry. */
static int br_fdb_add_entry(struct br_priv *br, struct br_port *source,
			    const uint8_t *addr, const struct ndmsg *ndm,
			    uint16_t flags, uint16_t vid,
			    const struct nlattr *const *nfea, bool *notified)
{
	bool sticky = ndm->ndm_flags & NTF_STICKY;
	uint16_t state = ndm->ndm_state;
	bool modified = false;
	struct br_fdb *f;
	uint8_t notify = 0;

	if (source && !(state & (NUD_PERMANENT | NUD_NOARP)) &&
	    source->state != BR_STATE_LEARNING &&
	    source->state != BR_STATE_FORWARDING)
		return -EPERM;
	if (!source && !(state & NUD_PERMANENT))
		return -EINVAL;
	if (sticky && (state & NUD_PERMANENT))
		return -EINVAL;
	if (nfea[NFEA_ACTIVITY_NOTIFY]) {
		notify = unl_nla_get_u8(nfea[NFEA_ACTIVITY_NOTIFY]);
		if ((notify & ~BR_FDB_NOTIFY_SETTABLE_BITS) ||
		    (notify & BR_FDB_NOTIFY_SETTABLE_BITS) ==
			    FDB_NOTIFY_INACTIVE_BIT)
			return -EINVAL;
	}
	f = br_fdb_find(br, addr, vid);
	if (!f) {
		if (!(flags & NLM_F_CREATE))
			return -ENOENT;
		f = br_fdb_create(br, source, addr, vid, BR_FDB_ADDED_BY_USER);
		if (!f)
			return -ENOMEM;
		modified = true;
	} else {
		if (flags & NLM_F_EXCL)
			return -EEXIST;
		if (f->dst != source) {
			f->dst = source;
			modified = true;
		}
		br_fdb_unlearn(br, f);
	}
	if (br_fdb_nud(br, f) != state) {
		if (state & NUD_PERMANENT) {
			f->flags |= BR_FDB_LOCAL;
			if (!(f->flags & BR_FDB_STATIC)) {
				f->flags |= BR_FDB_STATIC;
				br_fdb_add_hw_addr(br, addr);
			}
		} else if (state & NUD_NOARP) {
			f->flags &= ~BR_FDB_LOCAL;
			if (!(f->flags & BR_FDB_STATIC)) {
				f->flags |= BR_FDB_STATIC;
				br_fdb_add_hw_addr(br, addr);
			}
		} else {
			f->flags &= ~BR_FDB_LOCAL;
			if (f->flags & BR_FDB_STATIC) {
				f->flags &= ~BR_FDB_STATIC;
				br_fdb_del_hw_addr(br, addr);
			}
		}
		modified = true;
	}
	if (sticky != !!(f->flags & BR_FDB_STICKY)) {
		f->flags ^= BR_FDB_STICKY;
		modified = true;
	}
	if (f->flags & BR_FDB_LOCKED) {
		f->flags &= ~BR_FDB_LOCKED;
		modified = true;
	}
	if (br_fdb_handle_notify(f, notify))
		modified = true;
	f->flags |= BR_FDB_ADDED_BY_USER;
	f->used = br_fdb_now(br);
	if (modified) {
		if (!nfea[NFEA_DONT_REFRESH])
			f->updated = f->used;
		br_fdb_notify(br, f, RTM_NEWNEIGH);
		*notified = true;
	}
	return 0;
}

/* br_fdb_external_learn_add() of a user's request (swdev_notify). */
static int br_fdb_external_learn_add(struct br_priv *br, struct br_port *p,
				     const uint8_t *addr, uint16_t vid,
				     bool *notified)
{
	struct br_fdb *f = br_fdb_find(br, addr, vid);
	bool modified = false;

	if (!f) {
		uint32_t flags = BR_FDB_ADDED_BY_EXT_LEARN |
				 BR_FDB_ADDED_BY_USER;

		if (!p)
			flags |= BR_FDB_LOCAL;
		f = br_fdb_create(br, p, addr, vid, flags);
		if (!f)
			return -ENOMEM;
		br_fdb_notify(br, f, RTM_NEWNEIGH);
		*notified = true;
		return 0;
	}
	f->updated = br_fdb_now(br);
	if (f->dst != p) {
		f->dst = p;
		modified = true;
	}
	if (f->flags & BR_FDB_ADDED_BY_EXT_LEARN) {
		f->used = f->updated;
	} else if (!(f->flags & BR_FDB_ADDED_BY_USER)) {
		f->flags |= BR_FDB_ADDED_BY_EXT_LEARN;
		modified = true;
	}
	if (f->flags & BR_FDB_LOCKED) {
		f->flags &= ~BR_FDB_LOCKED;
		modified = true;
	}
	f->flags |= BR_FDB_ADDED_BY_USER;
	if (!p)
		f->flags |= BR_FDB_LOCAL;
	br_fdb_unlearn(br, f);
	if (modified) {
		br_fdb_notify(br, f, RTM_NEWNEIGH);
		*notified = true;
	}
	return 0;
}

/* br_fdb_update(): a frame from addr seen on port p (flags
 * BR_FDB_ADDED_BY_USER: NTF_USE, a user pretending one was).  The
 * bridge's own addresses are never moved; a new entry is learnt (up to
 * fdb_max_learned) and announced, a known one refreshed and moved to
 * p unless sticky.  Returns whether it announced a change. */
bool br_fdb_update(struct br_priv *br, struct br_port *p, const uint8_t *addr,
		   uint16_t vid, uint32_t flags)
{
	bool modified = false;
	struct br_fdb *f;
	int64_t now;

	if (br_fdb_hold_time(br) == 0)
		return false;
	f = br_fdb_find(br, addr, vid);
	if (!f) {
		f = br_fdb_create(br, p, addr, vid, flags);
		if (f)
			br_fdb_notify(br, f, RTM_NEWNEIGH);
		return f;
	}
	if (f->flags & BR_FDB_LOCAL)
		return false;
	now = br_fdb_now(br);
	if (now != f->updated) {
		f->updated = now;
		if (f->flags & BR_FDB_NOTIFY_INACTIVE) {
			f->flags &= ~BR_FDB_NOTIFY_INACTIVE;
			modified = true;
		}
	}
	if (f->dst != p && !(f->flags & BR_FDB_STICKY)) {
		f->dst = p;
		modified = true;
		f->flags &= ~(BR_FDB_ADDED_BY_EXT_LEARN | BR_FDB_LOCKED);
	}
	if (flags & BR_FDB_ADDED_BY_USER) {
		f->flags |= BR_FDB_ADDED_BY_USER;
		br_fdb_unlearn(br, f);
	}
	if (modified)
		br_fdb_notify(br, f, RTM_NEWNEIGH);
	return modified;
}

int br_fdb_source_match(struct br_priv *br, const struct br_port *p,
			const uint8_t *addr, uint16_t vid, uint32_t *flags)
{
	const struct br_fdb *f = br_fdb_find(br, addr, vid);

	if (!f)
		return -1;
	*flags = f->flags;
	return f->dst == p && !(f->flags & BR_FDB_LOCAL);
}

/* __br_fdb_add() */
static int br_fdb_add_one(const struct ndmsg *ndm, struct br_priv *br,
			  struct br_port *p, const uint8_t *addr,
			  uint16_t nlh_flags, uint16_t vid,
			  const struct nlattr *const *nfea, bool *notified,
			  struct unl_ext_ack *extack)
{
	if (ndm->ndm_flags & NTF_USE) {
		if (!p)
			return -EINVAL;
		if (p->state == BR_STATE_LEARNING ||
		    p->state == BR_STATE_FORWARDING)
			*notified |= br_fdb_update(br, p, addr, vid,
						   BR_FDB_ADDED_BY_USER);
		return 0;
	}
	if (ndm->ndm_flags & NTF_EXT_LEARNED) {
		if (!p && !(ndm->ndm_state & NUD_PERMANENT)) {
			UNL_SET_ERR_MSG(extack,
					"bridge: FDB entry towards bridge must be permanent");
			return -EINVAL;
		}
		return br_fdb_external_learn_add(br, p, addr, vid, notified);
	}
	return br_fdb_add_entry(br, p, addr, ndm, nlh_flags, vid, nfea,
				notified);
}

static const struct unl_nla_policy br_nda_fdb_pol[NFEA_MAX + 1] = {
	[NFEA_ACTIVITY_NOTIFY] = { .type = UNL_NLA_U8 },
	[NFEA_DONT_REFRESH] = { .type = UNL_NLA_FLAG },
};

/* br_fdb_add(): on one VLAN, or on none and then each of the device's
 * VLANs in use. */
int br_fdb_add(struct rtnl_link *dev, const struct ndmsg *ndm,
	       const struct nlattr *const *tb, const uint8_t *addr,
	       uint16_t vid, uint16_t nlh_flags, bool *notified,
	       struct unl_ext_ack *extack)
{
	static const uint8_t zero[ETH_ALEN];
	const struct nlattr *nfea[NFEA_MAX + 1] = { 0 };
	const struct br_vlan_group *vg;
	struct br_priv *br;
	struct br_port *p;
	int err;

	if (!(ndm->ndm_state & (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE)))
		return -EINVAL;
	if (!memcmp(addr, zero, ETH_ALEN))
		return -EINVAL;
	if (br_fdb_req(dev, &br, &p))
		return -EINVAL;
	vg = br_vg(br, p);
	if (tb[NDA_FLAGS_EXT] &&
	    (unl_nla_get_u32(tb[NDA_FLAGS_EXT]) & BR_NTF_EXT_LOCKED)) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Cannot add FDB entry with \"locked\" flag set");
		return -EINVAL;
	}
	if (tb[NDA_FDB_EXT_ATTRS]) {
		err = unl_nla_parse_nested(nfea, NFEA_MAX, tb[NDA_FDB_EXT_ATTRS],
					   br_nda_fdb_pol, UNL_VALIDATE_STRICT,
					   extack);
		if (err)
			return err;
	}
	if (vid) {
		if (!br_vlan_in_use(vg, vid))
			return -EINVAL;
		return br_fdb_add_one(ndm, br, p, addr, nlh_flags, vid, nfea,
				      notified, extack);
	}
	err = br_fdb_add_one(ndm, br, p, addr, nlh_flags, 0, nfea, notified,
			     extack);
	for (const struct br_vlan *v = vg->vlans; !err && v; v = v->next)
		if (br_vlan_in_use(vg, v->vid))
			err = br_fdb_add_one(ndm, br, p, addr, nlh_flags,
					     v->vid, nfea, notified, extack);
	return err;
}

/* fdb_delete_by_addr_and_port() */
static int br_fdb_delete_one(struct br_priv *br, const struct br_port *p,
			     const uint8_t *addr, uint16_t vid, bool *notified)
{
	struct br_fdb *f = br_fdb_find(br, addr, vid);

	if (!f || f->dst != p)
		return -ENOENT;
	br_fdb_delete_entry(br, f);
	*notified = true;
	return 0;
}

/* br_fdb_delete(): ENOENT only when no VLAN had the entry. */
int br_fdb_delete(struct rtnl_link *dev, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, bool *notified, struct unl_ext_ack *extack)
{
	const struct br_vlan_group *vg;
	struct br_priv *br;
	struct br_port *p;
	int err;

	(void)ndm;
	(void)tb;
	(void)extack;
	if (br_fdb_req(dev, &br, &p))
		return -EINVAL;
	vg = br_vg(br, p);
	if (vid) {
		if (!br_vlan_present(vg, vid))
			return -EINVAL;
		return br_fdb_delete_one(br, p, addr, vid, notified);
	}
	err = -ENOENT;
	err &= br_fdb_delete_one(br, p, addr, 0, notified);
	for (const struct br_vlan *v = vg->vlans; v; v = v->next)
		if (br_vlan_in_use(vg, v->vid))
			err &= br_fdb_delete_one(br, p, addr, v->vid, notified);
	return err;
}

static int br_fdb_flush_ifindex(const struct br_priv *br, int ifindex,
				struct unl_ext_ack *extack)
{
	struct rtnl_link *dev = rtnl_link_by_index(br->dev->rn, ifindex);
	bool port = dev && br_port_of(dev) && dev->master == br->dev->ifindex;

	if (!dev) {
		UNL_SET_ERR_MSG(extack, "bridge: Unknown flush device ifindex");
		return -ENODEV;
	}
	if (dev->ops != &rtnl_bridge_ops && !br_port_of(dev)) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Flush device is not a bridge or bridge port");
		return -EINVAL;
	}
	if (dev->ops == &rtnl_bridge_ops && dev != br->dev) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Flush bridge device does not match target bridge device");
		return -EINVAL;
	}
	if (dev->ops != &rtnl_bridge_ops && !port) {
		UNL_SET_ERR_MSG(extack,
				"bridge: Port belongs to a different bridge device");
		return -EINVAL;
	}
	return 0;
}

static uint32_t br_fdb_state_flags(uint16_t state)
{
	return (state & NUD_PERMANENT ? BR_FDB_LOCAL : 0) |
	       (state & NUD_NOARP ? BR_FDB_STATIC : 0);
}

static uint32_t br_fdb_ndm_flags(uint8_t flags)
{
	return (flags & NTF_USE ? BR_FDB_ADDED_BY_USER : 0) |
	       (flags & NTF_EXT_LEARNED ? BR_FDB_ADDED_BY_EXT_LEARN : 0) |
	       (flags & NTF_OFFLOADED ? BR_FDB_OFFLOADED : 0) |
	       (flags & NTF_STICKY ? BR_FDB_STICKY : 0);
}

static const struct unl_nla_policy br_fdb_del_bulk_policy[NDA_MAX + 1] = {
	[NDA_VLAN] = UNL_NLA_POLICY_RANGE(UNL_NLA_U16, 1, 4094),
	[NDA_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_S32, 1),
	[NDA_NDM_STATE_MASK] = { .type = UNL_NLA_U16 },
	[NDA_NDM_FLAGS_MASK] = { .type = UNL_NLA_U8 },
};

/* br_fdb_delete_bulk(): a flush of the entries a description matches. */
int br_fdb_delete_bulk(struct rtnl_link *dev, const struct nlmsghdr *nlh,
		       struct unl_ext_ack *extack)
{
	const struct ndmsg *ndm = NLMSG_DATA(nlh);
	const struct nlattr *tb[NDA_MAX + 1];
	struct br_fdb_flush_desc d = { 0 };
	uint8_t ndm_flags = ndm->ndm_flags & ~FDB_FLUSH_IGNORED_NDM_FLAGS;
	struct br_priv *br;
	struct br_port *p;
	int err;

	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX,
			      br_fdb_del_bulk_policy, UNL_VALIDATE_STRICT,
			      extack);
	if (err)
		return err;
	if (br_fdb_req(dev, &br, &p)) {
		UNL_SET_ERR_MSG(extack, "bridge: Device is not a bridge port");
		return -EINVAL;
	}
	if (tb[NDA_VLAN])
		d.vlan_id = unl_nla_get_u16(tb[NDA_VLAN]);
	if (ndm_flags & ~FDB_FLUSH_ALLOWED_NDM_FLAGS) {
		UNL_SET_ERR_MSG(extack, "Unsupported fdb flush ndm flag bits set");
		return -EINVAL;
	}
	if (ndm->ndm_state & ~FDB_FLUSH_ALLOWED_NDM_STATES) {
		UNL_SET_ERR_MSG(extack,
				"Unsupported fdb flush ndm state bits set");
		return -EINVAL;
	}
	d.flags = br_fdb_state_flags(ndm->ndm_state) |
		  br_fdb_ndm_flags(ndm_flags);
	if (tb[NDA_NDM_STATE_MASK])
		d.flags_mask |= br_fdb_state_flags(
			unl_nla_get_u16(tb[NDA_NDM_STATE_MASK]));
	if (tb[NDA_NDM_FLAGS_MASK])
		d.flags_mask |=
			br_fdb_ndm_flags(unl_nla_get_u8(tb[NDA_NDM_FLAGS_MASK]));
	if (tb[NDA_IFINDEX]) {
		int ifindex = (int)unl_nla_get_u32(tb[NDA_IFINDEX]);

		err = br_fdb_flush_ifindex(br, ifindex, extack);
		if (err)
			return err;
		d.port_ifindex = ifindex;
	} else if (p) {
		d.port_ifindex = p->dev->ifindex;
	}
	br_fdb_flush(br, &d);
	return 0;
}

/* ---- dump and lookup ---- */

/* br_fdb_fillbuf(): the entries towards a port that did not age out,
 * as struct __fdb_entry records (the bridge's brforward file). */
void br_fdb_fillbuf(struct br_priv *br, FILE *out)
{
	int64_t now = br_fdb_now(br);

	for (const struct br_fdb *f = br->fdb_first; f; f = f->next) {
		uint8_t e[16] = { 0 };
		uint32_t age = 0;

		if (br_fdb_expired(br, f) || !f->dst)
			continue;
		memcpy(e, f->addr, ETH_ALEN);
		e[6] = (uint8_t)f->dst->port_no;
		e[7] = !!(f->flags & BR_FDB_LOCAL);
		if (!(f->flags & BR_FDB_STATIC))
			age = (uint32_t)br_jiffies_to_clock(
				br->dev, (uint64_t)(now - f->updated));
		memcpy(e + 8, &age, sizeof(age));
		e[12] = (uint8_t)(f->dst->port_no >> 8);
		fwrite(e, 1, sizeof(e), out);
	}
}


/* br_fdb_dump(): for the bridge itself, its own address lists, then
 * its own entries; for a port, the entries towards it. */
int br_fdb_dump(struct unl_skb *skb, struct unl_callback *cb,
		struct rtnl_link *dev, struct rtnl_link *filter_dev,
		long *idx)
{
	struct br_priv *br;
	int err = 0;

	if (dev->ops != &rtnl_bridge_ops)
		return 0;
	br = br_priv(dev);
	if (!filter_dev) {
		err = rtnl_fdb_dflt_dump(skb, cb, dev, idx);
		if (err < 0)
			return err;
	}
	for (const struct br_fdb *f = br->fdb_first; f; f = f->next) {
		bool skip = false;

		if (*idx < cb->args[2])
			skip = true;
		else if (filter_dev &&
			 (!f->dst || f->dst->dev != filter_dev))
			skip = filter_dev != dev || f->dst;
		else if (!filter_dev && f->dst)
			skip = true;
		if (!skip) {
			err = br_fdb_fill(skb, br, f,
					  rtnl_req_portid(cb->skb),
					  cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
					  NLM_F_MULTI);
			if (err < 0)
				break;
		}
		(*idx)++;
	}
	return err;
}

int br_fdb_get(struct unl_skb *skb, const struct nlattr *const *tb,
	       struct rtnl_link *dev, const uint8_t *addr, uint16_t vid,
	       uint32_t portid, uint32_t seq, struct unl_ext_ack *extack)
{
	struct br_priv *br = br_priv(dev);
	const struct br_fdb *f = br_fdb_find(br, addr, vid);

	(void)tb;
	if (!f) {
		UNL_SET_ERR_MSG(extack, "Fdb entry not found");
		return -ENOENT;
	}
	return br_fdb_fill(skb, br, f, portid, seq, RTM_NEWNEIGH, 0);
}
