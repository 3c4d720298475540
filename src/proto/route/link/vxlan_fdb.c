// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A vxlan device's forwarding database (drivers/net/vxlan/vxlan_core.c):
 * entries keyed by MAC and source VNI (the device's own VNI unless it is
 * externally controlled), each with the remotes its frames go to; the
 * all-zero MAC and multicast MACs may have several (`bridge fdb
 * append`), a unicast MAC one (`replace` moves it).  A device with a
 * remote has the all-zero entry toward it from its creation, which
 * follows the remote when it changes.  Entries are kept newest first,
 * the order of Linux's fdb_list, which its dump walks; each remote is
 * one RTM_NEWNEIGH of family AF_BRIDGE.
 *
 * An entry may go toward an FDB nexthop group instead (NDA_NH_ID): it
 * has no remote then, one message reports it, and it goes without a
 * word when its group does (vxlan_fdb_nh_flush()).
 *
 * No packet moves: nothing is learnt.  Entries added as dynamic
 * (NUD_REACHABLE) age out while the device is up, as vxlan_cleanup()
 * finds them every FDB_AGE_INTERVAL, and going down flushes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "proto/route/link/bridge.h"
#include "proto/route/link/vxlan.h"

/* How often the ageing timer looks, in seconds (FDB_AGE_INTERVAL) */
#define FDB_AGE_INTERVAL_S 10

/* NTF_VXLAN_ADDED_BY_USER: kept in the entry's flags, cut off (a u8)
 * when they are reported */
#define NTF_ADDED_BY_USER 0x100

struct vxlan_rdst {
	struct vxlan_rdst *next;
	struct vxlan_addr ip;
	uint16_t port;     /* network order */
	uint32_t vni;
	uint32_t ifindex;
};

struct vxlan_fdb {
	struct vxlan_fdb *next;
	uint8_t mac[ETH_ALEN];
	uint32_t vni;      /* the key's: a source VNI */
	uint16_t state, flags;
	int64_t updated, used; /* jiffies */
	struct vxlan_rdst *remotes; /* in the order they came */
	uint32_t nh_id; /* the FDB nexthop group it goes to; 0: none */
};

static const uint8_t zero_mac[ETH_ALEN];

static bool mac_multicast_or_zero(const uint8_t *mac)
{
	return (mac[0] & 1) || !memcmp(mac, zero_mac, ETH_ALEN);
}

static int64_t fdb_now(const struct rtnl_link *l)
{
	return rtnl_jiffies(l->rn, unl_net_now(l->rn->net));
}

static bool addr_equal(const struct vxlan_addr *a, const struct vxlan_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->a, b->a, a->family == AF_INET6 ? 16 : 4);
}

/* vxlan_find_mac(): the device's own VNI keys every entry of a device
 * that is not externally controlled */
static struct vxlan_fdb *fdb_find(const struct rtnl_link *l,
				  const uint8_t *mac, uint32_t vni)
{
	const struct vxlan_config *c = &vx(l)->cfg;

	if (!(c->flags & VXF_COLLECT_METADATA))
		vni = c->vni;
	for (struct vxlan_fdb *f = vx(l)->fdb; f; f = f->next)
		if (f->vni == vni && !memcmp(f->mac, mac, ETH_ALEN))
			return f;
	return NULL;
}

/* vxlan_fdb_find_rdst() */
static struct vxlan_rdst *rdst_find(struct vxlan_fdb *f,
				    const struct vxlan_rdst *r)
{
	for (struct vxlan_rdst *d = f->remotes; d; d = d->next)
		if (addr_equal(&d->ip, &r->ip) && d->port == r->port &&
		    d->vni == r->vni && d->ifindex == r->ifindex)
			return d;
	return NULL;
}

/* ---- messages ---- */

/* vxlan_fdb_info() for one remote of f (NULL: none) */
static int fdb_fill(struct unl_skb *skb, const struct rtnl_link *l,
		    const struct vxlan_fdb *f, const struct vxlan_rdst *rd,
		    uint32_t portid, uint32_t seq, int type, int nlflags)
{
	const struct vxlan_config *c = &vx(l)->cfg;
	int64_t now = fdb_now(l);
	struct nda_cacheinfo ci = { 0 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = unl_nlmsg_put(skb, portid, seq, type, sizeof(*ndm), nlflags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_state = f->state;
	ndm->ndm_ifindex = l->ifindex;
	ndm->ndm_flags = (uint8_t)f->flags;
	ndm->ndm_type = RTN_UNICAST;
	if (unl_nla_put(skb, NDA_LLADDR, ETH_ALEN, f->mac))
		goto cancel;
	if (f->nh_id) {
		if (unl_nla_put_u32(skb, NDA_NH_ID, f->nh_id))
			goto cancel;
	} else if (rd) {
		if (unl_nla_put(skb, NDA_DST,
				rd->ip.family == AF_INET6 ? 16 : 4, rd->ip.a) ||
		    (rd->port && rd->port != c->dst_port &&
		     unl_nla_put(skb, NDA_PORT, 2, &rd->port)) ||
		    (rd->vni != c->vni &&
		     unl_nla_put_u32(skb, NDA_VNI, rd->vni)) ||
		    (rd->ifindex &&
		     unl_nla_put_u32(skb, NDA_IFINDEX, rd->ifindex)))
			goto cancel;
	}
	if ((c->flags & VXF_COLLECT_METADATA) && f->vni &&
	    unl_nla_put_u32(skb, NDA_SRC_VNI, f->vni))
		goto cancel;
	ci.ndm_used = (uint32_t)br_jiffies_to_clock(l, (uint64_t)(now - f->used));
	ci.ndm_updated =
		(uint32_t)br_jiffies_to_clock(l, (uint64_t)(now - f->updated));
	if (unl_nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci))
		goto cancel;
	unl_nlmsg_end(skb, nlh);
	return 0;
cancel:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* __vxlan_fdb_notify() */
static void fdb_notify(struct rtnl_link *l, const struct vxlan_fdb *f,
		       const struct vxlan_rdst *rd, int type)
{
	struct rtnl_net *rn = l->rn;
	struct unl_skb *skb;

	if (!unl_has_listeners(rn->ksk, RTNLGRP_NEIGH))
		return;
	skb = unl_nlmsg_new(256);
	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	if (fdb_fill(skb, l, f, rd, 0, 0, type, 0)) {
		unl_skb_free(skb);
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -EMSGSIZE);
		return;
	}
	rtnl_notify(rn, skb, 0, RTNLGRP_NEIGH, NULL);
}

/* ---- the table ---- */

static struct vxlan_rdst *rdst_new(const struct vxlan_rdst *r)
{
	struct vxlan_rdst *d = malloc(sizeof(*d));

	if (d) {
		*d = *r;
		d->next = NULL;
	}
	return d;
}

/* vxlan_fdb_append(): a remote at the end of f's, unless it is there
 * (0); 1 when added, -ENOMEM */
static int rdst_append(struct vxlan_fdb *f, const struct vxlan_rdst *r,
		       struct vxlan_rdst **added)
{
	struct vxlan_rdst **pp = &f->remotes;

	if (rdst_find(f, r))
		return 0;
	while (*pp)
		pp = &(*pp)->next;
	*pp = rdst_new(r);
	if (!*pp)
		return -ENOMEM;
	*added = *pp;
	return 1;
}

/* vxlan_fdb_replace(): the first remote becomes r, unless r is one */
static int rdst_replace(struct vxlan_fdb *f, const struct vxlan_rdst *r)
{
	struct vxlan_rdst *first = f->remotes, *next;

	if (rdst_find(f, r) || !first)
		return 0;
	next = first->next;
	*first = *r;
	first->next = next;
	return 1;
}

static void fdb_free_one(struct vxlan_fdb *f)
{
	while (f->remotes) {
		struct vxlan_rdst *d = f->remotes;

		f->remotes = d->next;
		free(d);
	}
	free(f);
}

/* vxlan_fdb_destroy(): each remote announced gone, then the entry */
static void fdb_destroy(struct rtnl_link *l, struct vxlan_fdb *f, bool notify)
{
	struct vxlan_priv *v = vx(l);

	if (notify && f->nh_id)
		fdb_notify(l, f, NULL, RTM_DELNEIGH);
	else if (notify)
		for (struct vxlan_rdst *d = f->remotes; d; d = d->next)
			fdb_notify(l, f, d, RTM_DELNEIGH);
	for (struct vxlan_fdb **pp = &v->fdb; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	v->addrcnt--;
	fdb_free_one(f);
}

/* nexthop_has_v4(): a member of the group is an IPv4 one */
static bool nh_has_v4(struct rtnl_net *rn, const struct rtnl_nexthop *g)
{
	for (int i = 0; i < g->ngrp; i++) {
		const struct rtnl_nexthop *m = rtnl_nexthop_find(rn, g->grp[i].id);

		if (m && m->family == AF_INET)
			return true;
	}
	return false;
}

/* vxlan_fdb_nh_update(): f goes toward the FDB group nhid (of the
 * device's family): 1, or 0 when it already does, or -errno. */
static int fdb_nh_update(struct rtnl_link *l, struct vxlan_fdb *f,
			 uint32_t nhid, struct unl_ext_ack *extack)
{
	struct rtnl_nexthop *nh;

	if (f->nh_id && f->nh_id == nhid)
		return 0;
	nh = rtnl_nexthop_find(l->rn, nhid);
	if (!nh) {
		UNL_SET_ERR_MSG(extack, "Nexthop id does not exist");
		return -EINVAL;
	}
	if (!nh->fdb) {
		UNL_SET_ERR_MSG(extack, "Nexthop is not a fdb nexthop");
		return -EINVAL;
	}
	if (!nh->is_group) {
		UNL_SET_ERR_MSG(extack, "Nexthop is not a multipath group");
		return -EINVAL;
	}
	if ((vx(l)->cfg.remote.family == AF_INET) != nh_has_v4(l->rn, nh)) {
		UNL_SET_ERR_MSG(extack, "Nexthop group family not supported");
		return -EAFNOSUPPORT;
	}
	f->nh_id = nhid;
	return 1;
}

/* vxlan_fdb_create(): at the head of the list, within the device's
 * limit, toward the remote r or the nexthop group nhid */
static int fdb_create(struct rtnl_link *l, const uint8_t *mac,
		      const struct vxlan_rdst *r, uint32_t nhid,
		      uint16_t state, uint32_t src_vni, uint16_t flags,
		      struct vxlan_fdb **out, struct unl_ext_ack *extack)
{
	struct vxlan_priv *v = vx(l);
	struct vxlan_fdb *f;

	if (v->cfg.addrmax && v->addrcnt >= v->cfg.addrmax)
		return -ENOSPC;
	/* the table's key is the source VNI given: an entry of another
	 * VNI than the device's is there, but never found (rhashtable's
	 * insert refuses a second one) */
	for (f = v->fdb; f; f = f->next)
		if (f->vni == src_vni && !memcmp(f->mac, mac, ETH_ALEN))
			return -EEXIST;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	memcpy(f->mac, mac, ETH_ALEN);
	f->vni = src_vni;
	f->state = state;
	f->flags = flags;
	f->updated = f->used = fdb_now(l);
	if (nhid) {
		int err = fdb_nh_update(l, f, nhid, extack);

		if (err < 0) {
			free(f);
			return err;
		}
	} else {
		f->remotes = rdst_new(r);
		if (!f->remotes) {
			free(f);
			return -ENOMEM;
		}
	}
	f->next = v->fdb;
	v->fdb = f;
	v->addrcnt++;
	*out = f;
	return 0;
}

/* vxlan_fdb_update_existing(): state and flags (unless an externally
 * learnt request meets a user's entry), the remote replaced or
 * appended as the request's flags say; announced when anything moved */
static int fdb_update_existing(struct rtnl_link *l, struct vxlan_fdb *f,
			       const struct vxlan_rdst *r, uint32_t nhid,
			       uint16_t state, uint16_t nlflags,
			       uint16_t ndm_flags, struct unl_ext_ack *extack)
{
	uint16_t fdb_flags = ndm_flags & ~NTF_USE;
	struct vxlan_rdst *rd = NULL;
	int notify = 0, rc;

	if (nhid && !f->nh_id) {
		UNL_SET_ERR_MSG(extack,
				"Cannot replace an existing non nexthop fdb with a nexthop");
		return -EOPNOTSUPP;
	}
	if (nhid && (nlflags & NLM_F_APPEND)) {
		UNL_SET_ERR_MSG(extack, "Cannot append to a nexthop fdb");
		return -EOPNOTSUPP;
	}

	if (!(fdb_flags & NTF_EXT_LEARNED) || !(f->flags & NTF_ADDED_BY_USER)) {
		if (f->state != state) {
			f->state = state;
			notify = 1;
		}
		if (f->flags != fdb_flags) {
			f->flags = fdb_flags;
			notify = 1;
		}
	}
	if (nlflags & NLM_F_REPLACE) {
		if (mac_multicast_or_zero(f->mac)) {
			UNL_SET_ERR_MSG(extack,
					"Cannot replace non-unicast fdb entries");
			return -EOPNOTSUPP;
		}
		if (nhid) {
			rc = fdb_nh_update(l, f, nhid, extack);
			if (rc < 0)
				return rc;
			notify |= rc;
		} else {
			notify |= rdst_replace(f, r);
		}
	}
	if ((nlflags & NLM_F_APPEND) && mac_multicast_or_zero(f->mac)) {
		rc = rdst_append(f, r, &rd);
		if (rc < 0)
			return rc;
		notify |= rc;
	}
	if (ndm_flags & NTF_USE)
		f->updated = fdb_now(l);
	if (notify) {
		f->updated = fdb_now(l);
		fdb_notify(l, f, rd ? rd : f->remotes, RTM_NEWNEIGH);
	}
	return 0;
}

/* vxlan_fdb_update() */
static int fdb_update(struct rtnl_link *l, const uint8_t *mac,
		      const struct vxlan_rdst *r, uint32_t nhid, uint16_t state,
		      uint16_t nlflags, uint32_t src_vni, uint16_t ndm_flags,
		      struct unl_ext_ack *extack)
{
	struct vxlan_fdb *f = fdb_find(l, mac, src_vni);
	int err;

	if (f) {
		if (nlflags & NLM_F_EXCL)
			return -EEXIST;
		return fdb_update_existing(l, f, r, nhid, state, nlflags,
					   ndm_flags, extack);
	}
	if (!(nlflags & NLM_F_CREATE))
		return -ENOENT;
	/* vxlan_fdb_update_create(): no replace makes a multicast entry */
	if ((nlflags & NLM_F_REPLACE) && mac_multicast_or_zero(mac))
		return -EOPNOTSUPP;
	err = fdb_create(l, mac, r, nhid, state, src_vni, ndm_flags & ~NTF_USE,
			 &f, extack);
	if (!err)
		fdb_notify(l, f, f->remotes, RTM_NEWNEIGH);
	return err;
}

/* __vxlan_fdb_delete(): one remote of several, or the entry; a remote
 * not there is no error */
static int fdb_delete(struct rtnl_link *l, const uint8_t *mac,
		      const struct vxlan_rdst *r, uint32_t src_vni)
{
	struct vxlan_fdb *f = fdb_find(l, mac, src_vni);
	struct vxlan_rdst *rd = NULL;

	if (!f)
		return -ENOENT;
	if (!addr_any(&r->ip)) {
		rd = rdst_find(f, r);
		if (!rd)
			return 0;
	}
	if (rd && f->remotes->next) {
		struct vxlan_rdst **pp = &f->remotes;

		while (*pp != rd)
			pp = &(*pp)->next;
		*pp = rd->next;
		fdb_notify(l, f, rd, RTM_DELNEIGH);
		free(rd);
		return 0;
	}
	fdb_destroy(l, f, true);
	return 0;
}

/* vxlan_nla_get_addr() */
static int nla_get_addr(struct vxlan_addr *ip, const struct nlattr *a)
{
	memset(ip, 0, sizeof(*ip));
	if (unl_nla_len(a) >= 16) {
		ip->family = AF_INET6;
		memcpy(ip->a, unl_nla_data(a), 16);
	} else if (unl_nla_len(a) >= 4) {
		ip->family = AF_INET;
		memcpy(ip->a, unl_nla_data(a), 4);
	} else {
		return -EAFNOSUPPORT;
	}
	return 0;
}

static int u32_attr(const struct nlattr *a, uint32_t *v, const char *msg,
		    struct unl_ext_ack *extack)
{
	if (unl_nla_len(a) != sizeof(uint32_t)) {
		UNL_SET_ERR_MSG(extack, msg);
		return -EINVAL;
	}
	*v = unl_nla_get_u32(a);
	return 0;
}

/* vxlan_fdb_parse(): the remote, and the source VNI, with the
 * device's defaults */
static int fdb_parse(struct rtnl_link *l, const struct nlattr *const *tb,
		     struct vxlan_rdst *r, uint32_t *src_vni,
		     struct unl_ext_ack *extack)
{
	const struct vxlan_config *c = &vx(l)->cfg;
	int err;

	memset(r, 0, sizeof(*r));
	if (tb[NDA_NH_ID] &&
	    (tb[NDA_DST] || tb[NDA_VNI] || tb[NDA_IFINDEX] || tb[NDA_PORT])) {
		UNL_SET_ERR_MSG(extack,
				"DST, VNI, ifindex and port are mutually exclusive with NH_ID");
		return -EINVAL;
	}
	if (tb[NDA_DST]) {
		err = nla_get_addr(&r->ip, tb[NDA_DST]);
		if (err) {
			UNL_SET_ERR_MSG(extack, "Unsupported address family");
			return err;
		}
	} else {
		r->ip.family = c->remote.family == AF_INET ? AF_INET : AF_INET6;
	}
	if (tb[NDA_PORT]) {
		if (unl_nla_len(tb[NDA_PORT]) != sizeof(uint16_t)) {
			UNL_SET_ERR_MSG(extack, "Invalid vxlan port");
			return -EINVAL;
		}
		memcpy(&r->port, unl_nla_data(tb[NDA_PORT]), 2);
	} else {
		r->port = c->dst_port;
	}
	r->vni = c->vni;
	if (tb[NDA_VNI] && (err = u32_attr(tb[NDA_VNI], &r->vni, "Invalid vni",
					   extack)))
		return err;
	*src_vni = c->vni;
	if (tb[NDA_SRC_VNI] &&
	    (err = u32_attr(tb[NDA_SRC_VNI], src_vni, "Invalid src vni",
			    extack)))
		return err;
	if (tb[NDA_IFINDEX]) {
		err = u32_attr(tb[NDA_IFINDEX], &r->ifindex, "Invalid ifindex",
			       extack);
		if (err)
			return err;
		if (!rtnl_link_by_index(l->rn, (int)r->ifindex)) {
			UNL_SET_ERR_MSG(extack, "Device not found");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

/* ---- the device's calls ---- */

int vxlan_fdb_add(struct rtnl_link *l, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, uint16_t nlh_flags, bool *notified,
		  struct unl_ext_ack *extack)
{
	struct vxlan_rdst r;
	uint32_t src_vni;
	int err;

	(void)vid;
	if (!(ndm->ndm_state & (NUD_PERMANENT | NUD_REACHABLE)))
		return -EINVAL;
	if (!tb[NDA_DST] && !tb[NDA_NH_ID])
		return -EINVAL;
	err = fdb_parse(l, tb, &r, &src_vni, extack);
	if (err)
		return err;
	if (vx(l)->cfg.remote.family != r.ip.family)
		return -EAFNOSUPPORT;
	err = fdb_update(l, addr, &r,
			 tb[NDA_NH_ID] ? unl_nla_get_u32(tb[NDA_NH_ID]) : 0,
			 ndm->ndm_state, nlh_flags, src_vni,
			 ndm->ndm_flags | NTF_ADDED_BY_USER, extack);
	if (!err)
		*notified = true;
	return err;
}

int vxlan_fdb_del(struct rtnl_link *l, const struct ndmsg *ndm,
		  const struct nlattr *const *tb, const uint8_t *addr,
		  uint16_t vid, bool *notified, struct unl_ext_ack *extack)
{
	struct vxlan_rdst r;
	uint32_t src_vni;
	int err;

	(void)ndm;
	(void)vid;
	err = fdb_parse(l, tb, &r, &src_vni, extack);
	if (err)
		return err;
	err = fdb_delete(l, addr, &r, src_vni);
	if (!err)
		*notified = true;
	return err;
}

int vxlan_fdb_dump(struct unl_skb *skb, struct unl_callback *cb,
		   struct rtnl_link *l, struct rtnl_link *filter_dev,
		   long *idx)
{
	(void)filter_dev;
	for (const struct vxlan_fdb *f = vx(l)->fdb; f; f = f->next) {
		if (f->nh_id) {
			if (*idx >= cb->args[2]) {
				int err = fdb_fill(skb, l, f, NULL,
						   rtnl_req_portid(cb->skb),
						   cb->nlh->nlmsg_seq,
						   RTM_NEWNEIGH, NLM_F_MULTI);

				if (err < 0)
					return err;
			}
			(*idx)++;
			continue;
		}
		for (const struct vxlan_rdst *d = f->remotes; d; d = d->next) {
			if (*idx >= cb->args[2]) {
				int err = fdb_fill(skb, l, f, d,
						   rtnl_req_portid(cb->skb),
						   cb->nlh->nlmsg_seq,
						   RTM_NEWNEIGH, NLM_F_MULTI);

				if (err < 0)
					return err;
			}
			(*idx)++;
		}
	}
	return 0;
}

int vxlan_fdb_get(struct unl_skb *skb, const struct nlattr *const *tb,
		  struct rtnl_link *l, const uint8_t *addr, uint16_t vid,
		  uint32_t portid, uint32_t seq, struct unl_ext_ack *extack)
{
	uint32_t vni = vx(l)->cfg.vni;
	const struct vxlan_fdb *f;

	(void)vid;
	if (tb[NDA_VNI])
		vni = unl_nla_get_u32(tb[NDA_VNI]);
	f = fdb_find(l, addr, vni);
	if (!f) {
		UNL_SET_ERR_MSG(extack, "Fdb entry not found");
		return -ENOENT;
	}
	return fdb_fill(skb, l, f, f->remotes, portid, seq, RTM_NEWNEIGH, 0);
}

static void default_rdst(const struct vxlan_config *c, struct vxlan_rdst *r)
{
	memset(r, 0, sizeof(*r));
	r->ip = c->remote;
	r->port = c->dst_port;
	r->vni = c->vni;
	r->ifindex = (uint32_t)c->remote_ifindex;
}

void vxlan_fdb_default_create(struct rtnl_link *l)
{
	const struct vxlan_config *c = &vx(l)->cfg;
	struct vxlan_rdst r;

	if (addr_any(&c->remote))
		return;
	default_rdst(c, &r);
	fdb_update(l, zero_mac, &r, 0, NUD_REACHABLE | NUD_PERMANENT,
		   NLM_F_EXCL | NLM_F_CREATE, c->vni, NTF_SELF, NULL);
}

int vxlan_fdb_default_move(struct rtnl_link *l, const struct vxlan_config *c,
			   struct unl_ext_ack *extack)
{
	const struct vxlan_config *old = &vx(l)->cfg;
	struct vxlan_rdst r;
	int err;

	if (addr_equal(&c->remote, &old->remote) ||
	    (addr_any(&c->remote) && addr_any(&old->remote)))
		return 0;
	if (!addr_any(&c->remote)) {
		memset(&r, 0, sizeof(r));
		r.ip = c->remote;
		r.port = old->dst_port;
		r.vni = c->vni;
		r.ifindex = (uint32_t)c->remote_ifindex;
		err = fdb_update(l, zero_mac, &r, 0,
				 NUD_REACHABLE | NUD_PERMANENT,
				 NLM_F_APPEND | NLM_F_CREATE, c->vni, NTF_SELF,
				 extack);
		if (err)
			return err;
	}
	if (!addr_any(&old->remote)) {
		default_rdst(old, &r);
		fdb_delete(l, zero_mac, &r, old->vni);
	}
	return 0;
}

/* struct vxlan_fdb_flush_desc: what a flush matches */
struct flush_desc {
	bool ignore_default;
	uint16_t state, state_mask;
	uint16_t flags, flags_mask;
	uint32_t src_vni;
	uint32_t vni;      /* 0: any */
	uint16_t port;     /* network order, 0: any */
	struct vxlan_addr dst; /* family 0: any */
	uint32_t nhid;     /* 0: any */
};

static bool fdb_is_default(const struct rtnl_link *l,
			   const struct vxlan_fdb *f);

/* vxlan_fdb_flush_matches() */
static bool flush_matches(const struct rtnl_link *l, const struct vxlan_fdb *f,
			  const struct flush_desc *d)
{
	if (d->state_mask && (f->state & d->state_mask) != d->state)
		return false;
	if (d->flags_mask && (f->flags & d->flags_mask) != d->flags)
		return false;
	if (d->ignore_default && fdb_is_default(l, f))
		return false;
	if (d->nhid && f->nh_id != d->nhid)
		return false;
	return !d->src_vni || f->vni == d->src_vni;
}

/* vxlan_fdb_flush_remote_matches() */
static bool flush_remote_matches(const struct flush_desc *d,
				 const struct vxlan_rdst *r)
{
	return (!d->vni || r->vni == d->vni) &&
	       (!d->port || r->port == d->port) &&
	       (!d->dst.family || addr_equal(&r->ip, &d->dst));
}

/* vxlan_flush(): the entries that match go; with remotes to match,
 * only those, and the entry when none is left */
static void fdb_flush(struct rtnl_link *l, const struct flush_desc *d)
{
	bool match_remotes = d->vni || d->port || d->dst.family;
	struct vxlan_fdb *f = vx(l)->fdb, *next;

	for (; f; f = next) {
		bool flushed = false;

		next = f->next;
		if (!flush_matches(l, f, d))
			continue;
		if (match_remotes) {
			struct vxlan_rdst **pp = &f->remotes;

			while (*pp) {
				struct vxlan_rdst *r = *pp;

				if (!flush_remote_matches(d, r)) {
					pp = &r->next;
					continue;
				}
				*pp = r->next;
				fdb_notify(l, f, r, RTM_DELNEIGH);
				free(r);
				flushed = true;
			}
			if (!flushed || f->remotes)
				continue;
		}
		fdb_destroy(l, f, true);
	}
}

static const struct unl_nla_policy del_bulk_policy[NDA_MAX + 1] = {
	[NDA_SRC_VNI] = { .type = UNL_NLA_U32 },
	[NDA_NH_ID] = { .type = UNL_NLA_U32 },
	[NDA_VNI] = { .type = UNL_NLA_U32 },
	[NDA_PORT] = { .type = UNL_NLA_U16 },
	[NDA_DST] = { .type = UNL_NLA_BINARY,
		      .validation_type = UNL_NLA_VALIDATE_RANGE,
		      .min = 4, .max = 16 },
	[NDA_NDM_STATE_MASK] = { .type = UNL_NLA_U16 },
	[NDA_NDM_FLAGS_MASK] = { .type = UNL_NLA_U8 },
};

/* VXLAN_FDB_FLUSH_*: what a flush request may name */
#define FLUSH_IGNORED_NDM_FLAGS (NTF_MASTER | NTF_SELF)
#define FLUSH_ALLOWED_NDM_STATES (NUD_PERMANENT | NUD_NOARP)
#define FLUSH_ALLOWED_NDM_FLAGS (NTF_EXT_LEARNED | NTF_OFFLOADED | NTF_ROUTER)

int vxlan_fdb_del_bulk(struct rtnl_link *l, const struct nlmsghdr *nlh,
		       struct unl_ext_ack *extack)
{
	const struct ndmsg *ndm = NLMSG_DATA(nlh);
	const struct nlattr *tb[NDA_MAX + 1];
	struct flush_desc d = { 0 };
	uint8_t ndm_flags = ndm->ndm_flags & ~FLUSH_IGNORED_NDM_FLAGS;
	int err;

	err = unl_nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, del_bulk_policy,
			      UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (ndm_flags & ~FLUSH_ALLOWED_NDM_FLAGS) {
		UNL_SET_ERR_MSG(extack, "Unsupported fdb flush ndm flag bits set");
		return -EINVAL;
	}
	if (ndm->ndm_state & ~FLUSH_ALLOWED_NDM_STATES) {
		UNL_SET_ERR_MSG(extack, "Unsupported fdb flush ndm state bits set");
		return -EINVAL;
	}
	d.state = ndm->ndm_state;
	d.flags = ndm_flags;
	if (tb[NDA_NDM_STATE_MASK])
		d.state_mask = unl_nla_get_u16(tb[NDA_NDM_STATE_MASK]);
	if (tb[NDA_NDM_FLAGS_MASK])
		d.flags_mask = unl_nla_get_u8(tb[NDA_NDM_FLAGS_MASK]);
	if (tb[NDA_SRC_VNI])
		d.src_vni = unl_nla_get_u32(tb[NDA_SRC_VNI]);
	if (tb[NDA_VNI])
		d.vni = unl_nla_get_u32(tb[NDA_VNI]);
	if (tb[NDA_PORT])
		memcpy(&d.port, unl_nla_data(tb[NDA_PORT]), 2);
	if (tb[NDA_DST] && nla_get_addr(&d.dst, tb[NDA_DST])) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[NDA_DST],
				     "Unsupported address family");
		return -EAFNOSUPPORT;
	}
	if (tb[NDA_NH_ID])
		d.nhid = unl_nla_get_u32(tb[NDA_NH_ID]);
	fdb_flush(l, &d);
	return 0;
}

/* vxlan_fdb_is_default_entry() */
static bool fdb_is_default(const struct rtnl_link *l, const struct vxlan_fdb *f)
{
	return !memcmp(f->mac, zero_mac, ETH_ALEN) &&
	       f->vni == vx(l)->cfg.vni;
}

void vxlan_fdb_flush(struct rtnl_link *l, bool all)
{
	struct flush_desc d = { 0 };

	if (!all) {
		/* vxlan_stop(): the default entry goes at vxlan_dellink */
		d.ignore_default = true;
		d.state_mask = NUD_PERMANENT | NUD_NOARP;
	}
	fdb_flush(l, &d);
}

/* vxlan_fdb_nh_flush(): the entries toward a nexthop group going away
 * go too, unannounced (NEXTHOP_EVENT_DEL) */
void vxlan_fdb_nexthop_del(struct rtnl_link *l, uint32_t id)
{
	struct vxlan_fdb *f, *next;

	for (f = vx(l)->fdb; f; f = next) {
		next = f->next;
		if (f->nh_id == id)
			fdb_destroy(l, f, false);
	}
}

void vxlan_fdb_free(struct rtnl_link *l)
{
	while (vx(l)->fdb)
		fdb_destroy(l, vx(l)->fdb, false);
	unl_timer_free(vx(l)->age_timer);
	vx(l)->age_timer = NULL;
}

/* vxlan_cleanup(): while up, the dynamic entries not refreshed for the
 * ageing time go (stale); the next look is at the earliest that will */
static void fdb_age(struct unl_timer *t, void *data)
{
	struct rtnl_link *l = data;
	uint64_t hz = l->rn->hz;
	int64_t now = fdb_now(l), next = now + FDB_AGE_INTERVAL_S * (int64_t)hz;
	struct vxlan_fdb *f, *fnext;

	(void)t;
	if (!(l->flags & IFF_UP))
		return;
	for (f = vx(l)->fdb; f; f = fnext) {
		int64_t timeout;

		fnext = f->next;
		if ((f->state & (NUD_PERMANENT | NUD_NOARP)) ||
		    (f->flags & NTF_EXT_LEARNED))
			continue;
		timeout = f->updated + (int64_t)vx(l)->cfg.age_interval * (int64_t)hz;
		if (timeout <= now) {
			f->state = NUD_STALE;
			fdb_destroy(l, f, true);
		} else if (timeout < next) {
			next = timeout;
		}
	}
	br_timer_arm(l, vx(l)->age_timer, (uint64_t)(next - now), false);
}

/* The ageing timer, looking now (delay 0) or after one interval. */
static void fdb_age_arm(struct rtnl_link *l, bool at_once)
{
	struct vxlan_priv *v = vx(l);

	if (!v->age_timer &&
	    unl_timer_new(l->rn->net, fdb_age, l, &v->age_timer))
		return;
	br_timer_arm(l, v->age_timer,
		     at_once ? 0 : FDB_AGE_INTERVAL_S * (uint64_t)l->rn->hz,
		     false);
}

void vxlan_fdb_open(struct rtnl_link *l)
{
	if (vx(l)->cfg.age_interval)
		fdb_age_arm(l, false);
}

void vxlan_fdb_stop(struct rtnl_link *l)
{
	if (vx(l)->age_timer)
		unl_timer_del(vx(l)->age_timer);
	vxlan_fdb_flush(l, false);
}

void vxlan_fdb_ageing_changed(struct rtnl_link *l)
{
	fdb_age_arm(l, true);
}

/* The device's port and lower device, VNI vni both as the key and as
 * the remote's, as Linux writes the default entry of a filtered VNI. */
static void vni_rdst(const struct rtnl_link *l, uint32_t vni,
		     const struct vxlan_addr *ip, struct vxlan_rdst *r)
{
	const struct vxlan_config *c = &vx(l)->cfg;

	memset(r, 0, sizeof(*r));
	r->ip = *ip;
	r->port = c->dst_port;
	r->vni = vni;
	r->ifindex = (uint32_t)c->remote_ifindex;
}

int vxlan_fdb_vni_default(struct rtnl_link *l, uint32_t vni,
			  const struct vxlan_addr *del,
			  const struct vxlan_addr *add,
			  struct unl_ext_ack *extack)
{
	struct vxlan_rdst r;

	if (add && !addr_any(add)) {
		int err;

		vni_rdst(l, vni, add, &r);
		err = fdb_update(l, zero_mac, &r, 0,
				 NUD_REACHABLE | NUD_PERMANENT,
				 NLM_F_APPEND | NLM_F_CREATE, vni, NTF_SELF,
				 extack);
		if (err)
			return err;
	}
	if (del && !addr_any(del)) {
		vni_rdst(l, vni, del, &r);
		fdb_delete(l, zero_mac, &r, vni);
	}
	return 0;
}
