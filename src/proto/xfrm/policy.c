// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM: the security policy database (net/xfrm/xfrm_policy.c
 * and xfrm_user.c's policy handlers).
 *
 * Policies live on one list, newest linked first (policy_all), which is
 * the order of a dump; a replacement is linked anew in its place's
 * stead.  Their indexes come from xfrm_gen_index(): a generator that
 * steps by 8 with the direction in the low bits, or the index the
 * request asked for when it is free.  Two policies are the same one
 * when type, if_id, selector (byte for byte), mark and security context
 * are: NEWPOLICY then fails with EEXIST, UPDPOLICY replaces it and the
 * new one keeps its index.  Lifetimes run on the net's timers as
 * xfrm_policy_timer() runs: first a second after the insertion, then at
 * the next limit; a soft limit announces POLEXPIRE (hard 0) and repeats
 * every XFRM_KM_TIMEOUT seconds, a hard one deletes the policy and
 * announces POLEXPIRE (hard 1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "proto/xfrm/xfrm-private.h"

#define XFRM_POLICY_HASHMAX (1u << 20) /* xfrm_policy_hashmax */

/* ---- the list and the indexes ---- */

static void pol_link(struct xfrm_net *xn, struct xfrm_pol *p)
{
	p->serial = ++xn->serial;
	p->prev = NULL;
	p->next = xn->pol_all;
	if (xn->pol_all)
		xn->pol_all->prev = p;
	xn->pol_all = p;
	xn->pol_count[p->dir]++;
}

static void pol_unlink(struct xfrm_net *xn, struct xfrm_pol *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		xn->pol_all = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->prev = p->next = NULL;
	xn->pol_count[p->dir]--;
}

static void pol_free(struct xfrm_pol *p)
{
	if (!p)
		return;
	unl_timer_free(p->timer);
	free(p);
}

static struct xfrm_pol *pol_by_index(struct xfrm_net *xn, uint32_t index)
{
	for (struct xfrm_pol *p = xn->pol_all; p; p = p->next)
		if (p->index == index)
			return p;
	return NULL;
}

/* xfrm_gen_index() */
static uint32_t xfrm_gen_index(struct xfrm_net *xn, int dir, uint32_t index)
{
	for (;;) {
		uint32_t idx;

		if (!index) {
			idx = xn->idx_generator | (uint32_t)dir;
			xn->idx_generator += 8;
		} else {
			idx = index;
			index = 0;
		}
		if (idx == 0)
			idx = 8;
		if (!pol_by_index(xn, idx))
			return idx;
	}
}

/* xfrm_byidx_should_resize(): the index table doubles (up to
 * xfrm_policy_hashmax) once it holds more policies than buckets, which
 * GETSPDINFO reports. */
static void pol_idx_grow(struct xfrm_net *xn)
{
	unsigned int total = 0;

	for (int d = 0; d < XFRM_NDIR; d++)
		total += xn->pol_count[d];
	if (xn->idx_hmask + 1 < XFRM_POLICY_HASHMAX && total > xn->idx_hmask)
		xn->idx_hmask = xn->idx_hmask * 2 + 1;
}

static bool pol_mark_match(const struct xfrm_mark *m, const struct xfrm_pol *p)
{
	return m->v == p->mark.v && m->m == p->mark.m;
}

/* The policy of the same type, dir, if_id, selector and mark (with no
 * security contexts, those always match). */
static struct xfrm_pol *pol_bysel(struct xfrm_net *xn, uint8_t type,
				  uint8_t dir, uint32_t if_id,
				  const struct xfrm_mark *m,
				  const struct xfrm_selector *sel)
{
	for (struct xfrm_pol *p = xn->pol_all; p; p = p->next)
		if (p->type == type && p->dir == dir && p->if_id == if_id &&
		    pol_mark_match(m, p) &&
		    !memcmp(&p->sel, sel, sizeof(*sel)))
			return p;
	return NULL;
}

/* ---- messages ---- */

/* Into dst, which a message may hold at an address aligned to 4 only:
 * the structure has 64-bit members, so it is built aside and copied. */
static void copy_to_user_policy(const struct xfrm_pol *p, void *dst)
{
	struct xfrm_userpolicy_info u;

	memset(&u, 0, sizeof(u));
	u.sel = p->sel;
	u.lft = p->lft;
	u.curlft = p->curlft;
	u.priority = p->priority;
	u.index = p->index;
	u.sel.family = p->family;
	u.dir = p->dir;
	u.action = p->action;
	u.flags = p->flags;
	u.share = XFRM_SHARE_ANY;
	memcpy(dst, &u, sizeof(u));
}

static int copy_to_user_tmpl(const struct xfrm_pol *p, struct unl_skb *skb)
{
	if (!p->nr)
		return 0;
	return unl_nla_put(skb, XFRMA_TMPL,
			   (int)(sizeof(p->tmpl[0]) * (size_t)p->nr), p->tmpl);
}

/* What follows the header in a policy message of every kind. */
static int pol_put_attrs(struct unl_skb *skb, const void *obj)
{
	const struct xfrm_pol *p = obj;
	int err = copy_to_user_tmpl(p, skb);

	if (!err && p->xn->sub_policy)
		err = xfrm_put_policy_type(skb, p->type);
	if (!err)
		err = xfrm_mark_put(skb, &p->mark);
	if (!err)
		err = xfrm_if_id_put(skb, p->if_id);
	return err;
}

/* dump_one_policy(): also GETPOLICY's answer (flags 0). */
static int pol_fill(struct unl_skb *skb, const struct xfrm_pol *p,
		    uint32_t portid, uint32_t seq, int flags)
{
	struct xfrm_userpolicy_info u;

	copy_to_user_policy(p, &u);
	return xfrm_msg_put(skb, &(struct xfrm_msg){
		.type = XFRM_MSG_NEWPOLICY, .flags = flags, .portid = portid,
		.seq = seq, .hdr = &u, .hdrlen = sizeof(u),
		.put_attrs = pol_put_attrs, .obj = p });
}

/* xfrm_notify_policy(): NEW, UPD and DELPOLICY to XFRMNLGRP_POLICY.  A
 * DELPOLICY carries the id it was deleted by, the policy in an
 * XFRMA_POLICY attribute. */
static void pol_notify(struct xfrm_net *xn, const struct xfrm_pol *p,
		       const struct nlmsghdr *req, bool byid)
{
	struct xfrm_userpolicy_info info;
	struct xfrm_userpolicy_id id;
	struct xfrm_msg m = {
		.type = req->nlmsg_type, .portid = req->nlmsg_pid,
		.seq = req->nlmsg_seq, .hdr = &info, .hdrlen = sizeof(info),
		.put_attrs = pol_put_attrs, .obj = p,
	};

	copy_to_user_policy(p, &info);
	if (m.type == XFRM_MSG_DELPOLICY) {
		memset(&id, 0, sizeof(id));
		id.dir = p->dir;
		if (byid)
			id.index = p->index;
		else
			id.sel = p->sel;
		m.hdr = &id;
		m.hdrlen = sizeof(id);
		m.attr = XFRMA_POLICY;
		m.attr_data = &info;
		m.attr_len = sizeof(info);
	}
	xfrm_msg_multicast(xn, &m, XFRMNLGRP_POLICY);
}

/* build_polexpire() to XFRMNLGRP_EXPIRE */
static void pol_expire_notify(struct xfrm_net *xn, const struct xfrm_pol *p,
			      bool hard, uint32_t portid)
{
	struct xfrm_user_polexpire upe;

	memset(&upe, 0, sizeof(upe));
	copy_to_user_policy(p, &upe.pol);
	upe.hard = hard;
	xfrm_msg_multicast(xn, &(struct xfrm_msg){
		.type = XFRM_MSG_POLEXPIRE, .portid = portid, .hdr = &upe,
		.hdrlen = sizeof(upe), .put_attrs = pol_put_attrs, .obj = p },
		XFRMNLGRP_EXPIRE);
}

/* ---- lifetimes ---- */

static void pol_delete(struct xfrm_net *xn, struct xfrm_pol *p)
{
	pol_unlink(xn, p);
	pol_free(p);
}

/* Seconds until add + limit, from the net's clock. */
static int64_t pol_left(struct xfrm_pol *p, uint64_t limit, int64_t now)
{
	/* in unsigned arithmetic, wrapping as the kernel's sum does */
	return (int64_t)(limit - (uint64_t)((now - p->added) / UNL_NSEC_PER_SEC));
}

/* xfrm_policy_timer(): policies are never used here, so the use
 * limits count from the insertion as Linux counts them for a policy
 * never used. */
static void pol_timer(struct unl_timer *t, void *data)
{
	struct xfrm_pol *p = data;
	struct xfrm_net *xn = p->xn;
	int64_t now = unl_net_now(xn->net), next = INT64_MAX, tmo;
	uint64_t hard[2] = { p->lft.hard_add_expires_seconds,
			     p->lft.hard_use_expires_seconds };
	uint64_t soft[2] = { p->lft.soft_add_expires_seconds,
			     p->lft.soft_use_expires_seconds };
	bool warn = false;

	(void)t;
	for (int i = 0; i < 2; i++) {
		if (!hard[i])
			continue;
		tmo = pol_left(p, hard[i], now);
		if (tmo <= 0) {
			pol_unlink(xn, p);
			pol_expire_notify(xn, p, true, 0);
			pol_free(p);
			return;
		}
		if (tmo < next)
			next = tmo;
	}
	for (int i = 0; i < 2; i++) {
		if (!soft[i])
			continue;
		tmo = pol_left(p, soft[i], now);
		if (tmo <= 0) {
			warn = true;
			tmo = XFRM_KM_TIMEOUT;
		}
		if (tmo < next)
			next = tmo;
	}
	if (warn)
		pol_expire_notify(xn, p, false, 0);
	if (next != INT64_MAX)
		unl_timer_mod(p->timer, xfrm_deadline(now, next));
}

/* ---- NEWPOLICY, UPDPOLICY ---- */

static int verify_policy_dir(uint8_t dir, struct unl_ext_ack *extack)
{
	if (dir < XFRM_NDIR)
		return 0;
	UNL_SET_ERR_MSG(extack, "Invalid policy direction");
	return -EINVAL;
}

/* verify_newpolicy_info() */
static int verify_newpolicy_info(const struct xfrm_userpolicy_info *p,
				 struct unl_ext_ack *extack)
{
	int err;

	if (p->share > XFRM_SHARE_UNIQUE) {
		UNL_SET_ERR_MSG(extack, "Invalid policy share");
		return -EINVAL;
	}
	if (p->action != XFRM_POLICY_ALLOW && p->action != XFRM_POLICY_BLOCK) {
		UNL_SET_ERR_MSG(extack, "Invalid policy action");
		return -EINVAL;
	}
	switch (p->sel.family) {
	case AF_INET:
		if (p->sel.prefixlen_d > 32 || p->sel.prefixlen_s > 32) {
			UNL_SET_ERR_MSG(extack,
					"Invalid prefix length in selector (must be <= 32 for IPv4)");
			return -EINVAL;
		}
		break;
	case AF_INET6:
		if (p->sel.prefixlen_d > 128 || p->sel.prefixlen_s > 128) {
			UNL_SET_ERR_MSG(extack,
					"Invalid prefix length in selector (must be <= 128 for IPv6)");
			return -EINVAL;
		}
		break;
	default:
		UNL_SET_ERR_MSG(extack, "Invalid selector family");
		return -EINVAL;
	}
	err = verify_policy_dir(p->dir, extack);
	if (err)
		return err;
	if (p->index && (p->index & 7) != p->dir) {
		UNL_SET_ERR_MSG(extack, "Policy index doesn't match direction");
		return -EINVAL;
	}
	return 0;
}

/* validate_tmpl(): a template without a family takes the policy's. */
static int validate_tmpl(int nr, struct xfrm_user_tmpl *ut, uint16_t family,
			 int dir, struct unl_ext_ack *extack)
{
	uint16_t prev_family = family;

	if (nr > XFRM_MAX_DEPTH) {
		UNL_SET_ERR_MSG(extack,
				"Template count must be <= XFRM_MAX_DEPTH (6)");
		return -EINVAL;
	}
	for (int i = 0; i < nr; i++) {
		if (!ut[i].family)
			ut[i].family = family;
		switch (ut[i].mode) {
		case XFRM_MODE_TUNNEL:
		case XFRM_MODE_BEET:
			if (ut[i].optional && dir == XFRM_POLICY_OUT) {
				UNL_SET_ERR_MSG(extack,
						"Mode in optional template not allowed in outbound policy");
				return -EINVAL;
			}
			break;
		case XFRM_MODE_IPTFS_:
			break;
		default:
			if (ut[i].family != prev_family) {
				UNL_SET_ERR_MSG(extack,
						"Mode in template doesn't support a family change");
				return -EINVAL;
			}
			break;
		}
		if (ut[i].mode >= XFRM_MODE_MAX_) {
			UNL_SET_ERR_MSG(extack,
					"Mode in template must be < XFRM_MODE_MAX (6)");
			return -EINVAL;
		}
		prev_family = ut[i].family;
		if (ut[i].family != AF_INET && ut[i].family != AF_INET6) {
			UNL_SET_ERR_MSG(extack, "Invalid family in template");
			return -EINVAL;
		}
		if (!xfrm_id_proto_valid(ut[i].id.proto)) {
			UNL_SET_ERR_MSG(extack,
					"Invalid XFRM protocol in template");
			return -EINVAL;
		}
	}
	return 0;
}

/* copy_from_user_tmpl() with copy_templates(): what a template keeps
 * is what it reports (the share and the masks as given). */
static int copy_from_user_tmpl(struct xfrm_pol *p, const struct nlattr *rt,
			       struct unl_ext_ack *extack)
{
	int nr, err;

	if (!rt)
		return 0;
	nr = unl_nla_len(rt) / (int)sizeof(struct xfrm_user_tmpl);
	/* in place, as Linux validates them: a family filled in shows in
	 * the request an error ACK echoes */
	err = validate_tmpl(nr, unl_nla_data(rt), p->family, p->dir, extack);
	if (err)
		return err;
	memcpy(p->tmpl, unl_nla_data(rt), sizeof(p->tmpl[0]) * (size_t)nr);
	for (int i = 0; i < nr; i++) {
		struct xfrm_user_tmpl *t = &p->tmpl[i];
		struct xfrm_user_tmpl k;

		/* the padding zeroed, as copy_to_user_tmpl() does: an
		 * initialiser or a struct assignment may leave it as it was */
		memset(&k, 0, sizeof(k));
		memcpy(&k.id, &t->id, sizeof(k.id));
		k.family = t->family;
		k.saddr = t->saddr;
		k.reqid = t->reqid;
		k.mode = t->mode;
		k.share = t->share;
		k.optional = t->optional;
		k.aalgos = t->aalgos;
		k.ealgos = t->ealgos;
		k.calgos = t->calgos;
		memcpy(t, &k, sizeof(k));
	}
	p->nr = nr;
	return 0;
}

/* xfrm_dev_policy_add(): no device offloads xfrm here. */
static int pol_offload(struct xfrm_req *r)
{
	const struct xfrm_user_offload *xuo =
		unl_nla_data(r->attrs[XFRMA_OFFLOAD_DEV]);

	if (!xuo->flags || (xuo->flags & ~XFRM_OFFLOAD_PACKET)) {
		UNL_SET_ERR_MSG(r->extack,
				"Unrecognized flags in offload request");
		return -EINVAL;
	}
	/* A device that exists has no xfrmdev_ops; one that does not is
	 * -EINVAL without a message. */
	if (xuo->ifindex <= 0)
		return -EINVAL;
	UNL_SET_ERR_MSG(r->extack, "Policy offload is not supported");
	return -EINVAL;
}

/* xfrm_policy_construct() */
static struct xfrm_pol *pol_construct(struct xfrm_req *r,
				      const struct xfrm_userpolicy_info *u,
				      int *errp)
{
	struct xfrm_pol *p = calloc(1, sizeof(*p));
	int err;

	if (!p) {
		*errp = -ENOMEM;
		return NULL;
	}
	p->xn = r->xn;
	p->priority = u->priority;
	p->index = u->index;
	p->sel = u->sel;
	p->lft = u->lft;
	p->action = u->action;
	p->flags = u->flags;
	p->family = u->sel.family;
	p->dir = u->dir;
	err = xfrm_user_policy_type(&p->type, r->attrs, r->extack,
				    r->xn->sub_policy);
	if (!err)
		err = copy_from_user_tmpl(p, r->attrs[XFRMA_TMPL], r->extack);
	if (!err) {
		xfrm_mark_get(r->attrs, &p->mark);
		if (r->attrs[XFRMA_IF_ID])
			p->if_id = unl_nla_get_u32(r->attrs[XFRMA_IF_ID]);
		if (r->attrs[XFRMA_OFFLOAD_DEV])
			err = pol_offload(r);
	}
	if (!err)
		err = unl_timer_new(r->xn->net, pol_timer, p, &p->timer);
	if (err) {
		pol_free(p);
		*errp = err;
		return NULL;
	}
	return p;
}

/* xfrm_policy_insert() */
static int pol_insert(struct xfrm_net *xn, struct xfrm_pol *p, bool excl)
{
	struct xfrm_pol *old = pol_bysel(xn, p->type, p->dir, p->if_id,
					 &p->mark, &p->sel);

	if (old && excl)
		return -EEXIST;
	p->index = old ? old->index : xfrm_gen_index(xn, p->dir, p->index);
	p->curlft.add_time = (uint64_t)xfrm_real_seconds();
	p->curlft.use_time = 0;
	p->added = unl_net_now(xn->net);
	pol_link(xn, p);
	pol_idx_grow(xn);
	unl_timer_mod(p->timer, p->added + UNL_NSEC_PER_SEC);
	if (old)
		pol_delete(xn, old);
	return 0;
}

int xfrm_add_policy(struct xfrm_req *r)
{
	struct xfrm_userpolicy_info u;
	struct xfrm_pol *p;
	int err;

	/* a copy: the request is aligned to 4 only */
	memcpy(&u, NLMSG_DATA(r->nlh), sizeof(u));
	err = verify_newpolicy_info(&u, r->extack);
	if (!err)
		err = xfrm_verify_sec_ctx_len(r->attrs, r->extack);
	if (err)
		return err;
	p = pol_construct(r, &u, &err);
	if (!p)
		return err;
	err = pol_insert(r->xn, p, r->nlh->nlmsg_type == XFRM_MSG_NEWPOLICY);
	if (err) {
		pol_free(p);
		return err;
	}
	pol_notify(r->xn, p, r->nlh, false);
	return 0;
}

/* ---- GETPOLICY, DELPOLICY ---- */

/* xfrm_policy_byid(): an index whose low bits name another direction
 * finds nothing. */
static struct xfrm_pol *pol_byid(struct xfrm_net *xn, uint8_t type,
				 uint8_t dir, uint32_t if_id,
				 const struct xfrm_mark *m, uint32_t index)
{
	struct xfrm_pol *p;

	if ((index & 7) != dir)
		return NULL;
	p = pol_by_index(xn, index);
	if (p && p->type == type && pol_mark_match(m, p) && p->if_id == if_id)
		return p;
	return NULL;
}

static int pol_reply(struct xfrm_req *r, const struct xfrm_pol *p)
{
	struct xfrm_userpolicy_info u;

	copy_to_user_policy(p, &u);
	return xfrm_msg_reply(r, &(struct xfrm_msg){
		.type = XFRM_MSG_NEWPOLICY,
		.portid = unl_skb_cb(r->skb)->portid, .seq = r->nlh->nlmsg_seq,
		.hdr = &u, .hdrlen = sizeof(u), .put_attrs = pol_put_attrs,
		.obj = p });
}

/* xfrm_get_policy(): GETPOLICY and DELPOLICY, by index or selector. */
int xfrm_get_policy(struct xfrm_req *r)
{
	const struct xfrm_userpolicy_id *id = NLMSG_DATA(r->nlh);
	bool del = r->nlh->nlmsg_type == XFRM_MSG_DELPOLICY;
	struct xfrm_mark m;
	uint32_t if_id = 0;
	struct xfrm_pol *p;
	uint8_t type;
	int err;

	err = xfrm_user_policy_type(&type, r->attrs, r->extack,
				    r->xn->sub_policy);
	if (!err)
		err = verify_policy_dir(id->dir, r->extack);
	if (err)
		return err;
	if (r->attrs[XFRMA_IF_ID])
		if_id = unl_nla_get_u32(r->attrs[XFRMA_IF_ID]);
	xfrm_mark_get(r->attrs, &m);
	if (id->index) {
		p = pol_byid(r->xn, type, id->dir, if_id, &m, id->index);
	} else {
		err = xfrm_verify_sec_ctx_len(r->attrs, r->extack);
		if (err)
			return err;
		p = pol_bysel(r->xn, type, id->dir, if_id, &m, &id->sel);
	}
	if (!p)
		return -ENOENT;
	if (!del)
		return pol_reply(r, p);
	pol_unlink(r->xn, p);
	pol_notify(r->xn, p, r->nlh, id->index != 0);
	pol_free(p);
	return 0;
}

/* ---- FLUSHPOLICY ---- */

static int put_type(struct unl_skb *skb, const void *type)
{
	return xfrm_put_policy_type(skb, *(const uint8_t *)type);
}

/* xfrm_notify_policy_flush(): the type, from a kernel that has sub
 * policies. */
static void pol_flush_notify(struct xfrm_net *xn, const struct nlmsghdr *req,
			     uint8_t type)
{
	xfrm_msg_multicast(xn, &(struct xfrm_msg){
		.type = XFRM_MSG_FLUSHPOLICY, .portid = req->nlmsg_pid,
		.seq = req->nlmsg_seq,
		.put_attrs = xn->sub_policy ? put_type : NULL, .obj = &type },
		XFRMNLGRP_POLICY);
}

/* xfrm_policy_flush(): -ESRCH when none of the type was there. */
static int pol_flush(struct xfrm_net *xn, uint8_t type)
{
	struct xfrm_pol *p = xn->pol_all, *next;
	int cnt = 0;

	for (; p; p = next) {
		next = p->next;
		if (p->type != type)
			continue;
		pol_delete(xn, p);
		cnt++;
	}
	return cnt ? 0 : -ESRCH;
}

int xfrm_flush_policy(struct xfrm_req *r)
{
	uint8_t type;
	int err;

	err = xfrm_user_policy_type(&type, r->attrs, r->extack,
				    r->xn->sub_policy);
	if (err)
		return err;
	/* an empty table is no error, and no event */
	if (pol_flush(r->xn, type))
		return 0;
	pol_flush_notify(r->xn, r->nlh, type);
	return 0;
}

/* ---- dumps ---- */

/* cb->args[0]: the serial of the last policy dumped (the list is in
 * falling serial order, so the dump resumes below it whatever was
 * added or deleted meanwhile, as Linux's walker entry in the list
 * keeps its place); args[1] is 1 once started. */
int xfrm_dump_policy_start(struct unl_callback *cb)
{
	cb->args[0] = 0;
	cb->args[1] = 0;
	return 0;
}

int xfrm_dump_policy(struct unl_skb *skb, struct unl_callback *cb)
{
	struct unl_sock *sk = unl_skb_cb(cb->skb)->sk;
	struct xfrm_net *xn = xfrm_net_get(unl_sock_net(sk));
	uint32_t portid = unl_skb_cb(cb->skb)->portid;

	for (struct xfrm_pol *p = xn->pol_all; p; p = p->next) {
		if (cb->args[1] && p->serial >= (uint64_t)cb->args[0])
			continue;
		if (pol_fill(skb, p, portid, cb->nlh->nlmsg_seq, NLM_F_MULTI))
			return (int)unl_skb_len(skb);
		cb->args[0] = (long)p->serial;
		cb->args[1] = 1;
	}
	/* what this call wrote (as xfrm_dump_*() return skb->len): the
	 * dump ends on the call that finds nothing more, so NLMSG_DONE
	 * comes in a datagram of its own */
	return (int)unl_skb_len(skb);
}

/* ---- SPD information, hash thresholds, default policies ---- */

/* build_spdinfo() */
int xfrm_get_spdinfo(struct xfrm_req *r)
{
	struct xfrm_net *xn = r->xn;
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct unl_skb *skb = unl_nlmsg_new(256);
	struct xfrmu_spdinfo spc = {
		.incnt = xn->pol_count[XFRM_POLICY_IN],
		.outcnt = xn->pol_count[XFRM_POLICY_OUT],
		.fwdcnt = xn->pol_count[XFRM_POLICY_FWD],
	};
	struct xfrmu_spdhinfo sph = {
		.spdhcnt = xn->idx_hmask, /* not + 1, as xfrm_spd_getinfo() */
		.spdhmcnt = XFRM_POLICY_HASHMAX,
	};
	struct xfrmu_spdhthresh t4 = { xn->lbits4, xn->rbits4 };
	struct xfrmu_spdhthresh t6 = { xn->lbits6, xn->rbits6 };
	struct nlmsghdr *nlh;
	int err;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, portid, r->nlh->nlmsg_seq,
			    XFRM_MSG_NEWSPDINFO, sizeof(uint32_t), 0);
	if (!nlh) {
		unl_skb_free(skb);
		return -EMSGSIZE;
	}
	memcpy(NLMSG_DATA(nlh), NLMSG_DATA(r->nlh), sizeof(uint32_t));
	if (unl_nla_put(skb, XFRMA_SPD_INFO, sizeof(spc), &spc) ||
	    unl_nla_put(skb, XFRMA_SPD_HINFO, sizeof(sph), &sph) ||
	    unl_nla_put(skb, XFRMA_SPD_IPV4_HTHRESH, sizeof(t4), &t4) ||
	    unl_nla_put(skb, XFRMA_SPD_IPV6_HTHRESH, sizeof(t6), &t6)) {
		unl_skb_free(skb);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	err = unl_unicast(xn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

static int spd_thresh(const struct nlattr *a, unsigned int max,
		      const char *len_msg, const char *max_msg,
		      struct unl_ext_ack *extack,
		      const struct xfrmu_spdhthresh **out)
{
	const struct xfrmu_spdhthresh *t;

	if (!a)
		return 0;
	if (unl_nla_len(a) < (int)sizeof(*t)) {
		UNL_SET_ERR_MSG(extack, len_msg);
		return -EINVAL;
	}
	t = unl_nla_data(a);
	if (t->lbits > max || t->rbits > max) {
		UNL_SET_ERR_MSG(extack, max_msg);
		return -EINVAL;
	}
	*out = t;
	return 0;
}

/* xfrm_set_spdinfo(): the prefix lengths from which a policy is hashed
 * exactly; the order of the policies does not change. */
int xfrm_set_spdinfo(struct xfrm_req *r)
{
	const struct xfrmu_spdhthresh *t4 = NULL, *t6 = NULL;
	int err;

	err = spd_thresh(r->attrs[XFRMA_SPD_IPV4_HTHRESH], 32,
			 "Invalid SPD_IPV4_HTHRESH attribute length",
			 "Invalid hash threshold (must be <= 32 for IPv4)",
			 r->extack, &t4);
	if (!err)
		err = spd_thresh(r->attrs[XFRMA_SPD_IPV6_HTHRESH], 128,
				 "Invalid SPD_IPV6_HTHRESH attribute length",
				 "Invalid hash threshold (must be <= 128 for IPv6)",
				 r->extack, &t6);
	if (err)
		return err;
	if (t4) {
		r->xn->lbits4 = t4->lbits;
		r->xn->rbits4 = t4->rbits;
	}
	if (t6) {
		r->xn->lbits6 = t6->lbits;
		r->xn->rbits6 = t6->rbits;
	}
	return 0;
}

static int put_default(struct unl_skb *skb, const struct xfrm_net *xn,
		       uint32_t portid, uint32_t seq)
{
	struct xfrm_userpolicy_default *up;
	struct nlmsghdr *nlh;

	nlh = unl_nlmsg_put(skb, portid, seq, XFRM_MSG_GETDEFAULT, sizeof(*up),
			    0);
	if (!nlh)
		return -EMSGSIZE;
	up = NLMSG_DATA(nlh);
	up->in = xn->policy_default[XFRM_POLICY_IN];
	up->fwd = xn->policy_default[XFRM_POLICY_FWD];
	up->out = xn->policy_default[XFRM_POLICY_OUT];
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static bool userpolicy_valid(uint8_t v)
{
	return v == XFRM_USERPOLICY_BLOCK || v == XFRM_USERPOLICY_ACCEPT;
}

/* xfrm_set_default(): what is neither block nor accept leaves that
 * direction as it was; the result goes to XFRMNLGRP_POLICY. */
int xfrm_set_default(struct xfrm_req *r)
{
	const struct xfrm_userpolicy_default *up = NLMSG_DATA(r->nlh);
	struct xfrm_net *xn = r->xn;
	struct unl_skb *skb;

	if (userpolicy_valid(up->in))
		xn->policy_default[XFRM_POLICY_IN] = up->in;
	if (userpolicy_valid(up->fwd))
		xn->policy_default[XFRM_POLICY_FWD] = up->fwd;
	if (userpolicy_valid(up->out))
		xn->policy_default[XFRM_POLICY_OUT] = up->out;
	skb = unl_nlmsg_new(sizeof(*up));
	if (!skb)
		return 0;
	if (put_default(skb, xn, 0, 0))
		unl_skb_free(skb);
	else
		xfrm_nlmsg_multicast(xn, skb, XFRMNLGRP_POLICY);
	return 0;
}

int xfrm_get_default(struct xfrm_req *r)
{
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct unl_skb *skb = unl_nlmsg_new(sizeof(struct xfrm_userpolicy_default));
	int err;

	if (!skb)
		return -ENOMEM;
	err = put_default(skb, r->xn, portid, r->nlh->nlmsg_seq);
	if (err) {
		unl_skb_free(skb);
		return err;
	}
	err = unl_unicast(r->xn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

/* ---- POLEXPIRE from user space ---- */

/* xfrm_add_pol_expire(): a key manager's expiry: hard deletes the
 * policy; both are announced to XFRMNLGRP_EXPIRE with the requester's
 * portid. */
int xfrm_add_pol_expire(struct xfrm_req *r)
{
	struct xfrm_user_polexpire ue, *up = &ue;
	const struct xfrm_userpolicy_info *u = &ue.pol;
	struct xfrm_mark m;
	uint32_t if_id = 0;
	struct xfrm_pol *p;
	uint8_t type;
	int err;

	memcpy(&ue, NLMSG_DATA(r->nlh), sizeof(ue));
	err = xfrm_user_policy_type(&type, r->attrs, r->extack,
				    r->xn->sub_policy);
	if (!err)
		err = verify_policy_dir(u->dir, r->extack);
	if (err)
		return err;
	if (r->attrs[XFRMA_IF_ID])
		if_id = unl_nla_get_u32(r->attrs[XFRMA_IF_ID]);
	xfrm_mark_get(r->attrs, &m);
	if (u->index) {
		p = pol_byid(r->xn, type, u->dir, if_id, &m, u->index);
	} else {
		err = xfrm_verify_sec_ctx_len(r->attrs, r->extack);
		if (err)
			return err;
		p = pol_bysel(r->xn, type, u->dir, if_id, &m, &u->sel);
	}
	if (!p)
		return -ENOENT;
	if (up->hard) {
		pol_unlink(r->xn, p);
		pol_expire_notify(r->xn, p, true, r->nlh->nlmsg_pid);
		pol_free(p);
	} else {
		pol_expire_notify(r->xn, p, false, r->nlh->nlmsg_pid);
	}
	return 0;
}

/* ---- ACQUIRE from user space ---- */

/* xfrm_get_acqseq(): one counter for the machine, never 0; the
 * machine is the world here. */
static uint32_t xfrm_get_acqseq(struct xfrm_net *xn)
{
	struct unl_world *w = unl_net_world(xn->net);
	uint32_t *seq = unl_world_priv(w, NETLINK_XFRM);

	if (!seq) {
		seq = calloc(1, sizeof(*seq));
		if (!seq || unl_world_set_priv(w, NETLINK_XFRM, seq, free)) {
			free(seq);
			return 1;
		}
	}
	if (!++*seq)
		++*seq;
	return *seq;
}

/* build_acquire() to XFRMNLGRP_ACQUIRE: the policy as an outbound one,
 * the template's algorithm masks, a fresh sequence number. */
static void acquire_notify(struct xfrm_net *xn, const struct xfrm_pol *p,
			   const struct xfrm_user_acquire *ua,
			   const struct xfrm_user_tmpl *t)
{
	struct xfrm_user_acquire out;

	memset(&out, 0, sizeof(out));
	out.id = t->id;
	out.saddr = ua->saddr;
	out.sel = ua->sel;
	copy_to_user_policy(p, &out.policy);
	out.policy.dir = XFRM_POLICY_OUT;
	out.aalgos = ua->aalgos;
	out.ealgos = ua->ealgos;
	out.calgos = ua->calgos;
	out.seq = xfrm_get_acqseq(xn);
	xfrm_msg_multicast(xn, &(struct xfrm_msg){
		.type = XFRM_MSG_ACQUIRE, .hdr = &out, .hdrlen = sizeof(out),
		.put_attrs = pol_put_attrs, .obj = p }, XFRMNLGRP_ACQUIRE);
}

/* xfrm_add_acquire(): a policy built from the request (never inserted)
 * asks the key managers, once for each of its templates, as the kernel
 * asks when a packet needs a state; the templates carry the request's
 * algorithm masks. */
int xfrm_add_acquire(struct xfrm_req *r)
{
	struct xfrm_user_acquire ua;
	struct xfrm_mark mark;
	struct xfrm_pol *p;
	int err;

	memcpy(&ua, NLMSG_DATA(r->nlh), sizeof(ua));
	xfrm_mark_get(r->attrs, &mark);
	if (r->attrs[XFRM_A_SA_PCPU] &&
	    unl_nla_get_u32(r->attrs[XFRM_A_SA_PCPU]) >= 1) {
		UNL_SET_ERR_MSG(r->extack, "pCPU number too big");
		return -EINVAL;
	}
	err = verify_newpolicy_info(&ua.policy, r->extack);
	if (!err)
		err = xfrm_verify_sec_ctx_len(r->attrs, r->extack);
	if (err)
		return err;
	p = pol_construct(r, &ua.policy, &err);
	if (!p)
		return err;
	p->mark = mark;
	/* each template takes the masks just before its query: the
	 * later ones still show their own in the earlier messages */
	for (int i = 0; i < p->nr; i++) {
		p->tmpl[i].aalgos = ua.aalgos;
		p->tmpl[i].ealgos = ua.ealgos;
		p->tmpl[i].calgos = ua.calgos;
		acquire_notify(r->xn, p, &ua, &p->tmpl[i]);
	}
	pol_free(p);
	return 0;
}

void xfrm_policy_fini(struct xfrm_net *xn)
{
	while (xn->pol_all)
		pol_delete(xn, xn->pol_all);
}

/* ---- MIGRATE: the policy (migrate.c moves its templates) ---- */

/* xfrm_flowi_sport() and xfrm_flowi_dport() of a flow whose ports
 * came from a selector: struct flowi_uli holds dport then sport, which
 * ICMP reads as type and code, GRE as a key, MH as a type. */
static void flow_ports(const struct xfrm_selector *fl, uint16_t *sport,
		       uint16_t *dport)
{
	const uint8_t *uli = (const uint8_t *)&fl->dport;

	switch (fl->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		*sport = fl->sport;
		*dport = fl->dport;
		return;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		*sport = htons(uli[0]);
		*dport = htons(uli[1]);
		return;
	case IPPROTO_MH:
		*sport = htons(uli[0]);
		*dport = 0;
		return;
	case IPPROTO_GRE:
		*sport = fl->dport;
		*dport = fl->sport;
		return;
	default:
		*sport = *dport = 0;
	}
}

/* xfrm_selector_match() of policy selector s against the flow that
 * xfrm_migrate_policy_find() makes of selector fl: a flow of any upper
 * protocol carries no ports and no interface. */
static bool pol_flow_match(const struct xfrm_selector *s,
			   const struct xfrm_selector *fl)
{
	struct xfrm_selector f = { .family = fl->family, .proto = fl->proto,
				   .daddr = fl->daddr, .saddr = fl->saddr };
	unsigned int alen = fl->family == AF_INET ? 4 : 16;
	uint16_t sport, dport;

	if (fl->proto != IPSEC_ULPROTO_ANY) {
		f.ifindex = fl->ifindex;
		f.sport = fl->sport;
		f.dport = fl->dport;
	}
	flow_ports(&f, &sport, &dport);
	return s->prefixlen_d <= alen * 8 && s->prefixlen_s <= alen * 8 &&
	       xfrm_addr_match(&f.daddr, &s->daddr, s->prefixlen_d) &&
	       xfrm_addr_match(&f.saddr, &s->saddr, s->prefixlen_s) &&
	       !((dport ^ s->dport) & s->dport_mask) &&
	       !((sport ^ s->sport) & s->sport_mask) &&
	       (f.proto == s->proto || !s->proto) &&
	       (f.ifindex == s->ifindex || !s->ifindex);
}

/* Whether p sits in the SPD's exact hash (its prefixes reach the
 * thresholds; out policies hash the remote end as destination) rather
 * than among the inexact policies. */
static bool pol_hashed_exactly(const struct xfrm_net *xn,
			       const struct xfrm_pol *p)
{
	bool v4 = p->family == AF_INET;
	uint8_t lbits = v4 ? xn->lbits4 : xn->lbits6;
	uint8_t rbits = v4 ? xn->rbits4 : xn->rbits6;
	uint8_t dbits = p->dir == XFRM_POLICY_OUT ? rbits : lbits;
	uint8_t sbits = p->dir == XFRM_POLICY_OUT ? lbits : rbits;

	return p->sel.prefixlen_d >= dbits && p->sel.prefixlen_s >= sbits;
}

/* Which of two matching policies a lookup takes: the lower priority;
 * between equals, the exactly hashed one, then the older. */
static bool pol_preferred(const struct xfrm_net *xn, const struct xfrm_pol *a,
			  const struct xfrm_pol *b)
{
	bool ea, eb;

	if (a->priority != b->priority)
		return a->priority < b->priority;
	ea = pol_hashed_exactly(xn, a);
	eb = pol_hashed_exactly(xn, b);
	if (ea != eb)
		return ea;
	return a->serial < b->serial;
}

/* xfrm_migrate_policy_find(): since Linux 6.10 the policy a packet of
 * the selector's flow would find (xfrm_policy_lookup_bytype(), flow
 * mark 0), of that direction, type and if_id.  NULL with *errp set
 * when there is none. */
struct xfrm_pol *xfrm_policy_migrate_find(struct xfrm_net *xn,
					  const struct xfrm_selector *sel,
					  uint8_t dir, uint8_t type,
					  uint32_t if_id, int *errp)
{
	struct xfrm_pol *best = NULL;

	*errp = -ENOENT;
	if (sel->family != AF_INET && sel->family != AF_INET6) {
		*errp = -EAFNOSUPPORT;
		return NULL;
	}
	for (struct xfrm_pol *p = xn->pol_all; p; p = p->next) {
		if (p->dir != dir || p->family != sel->family ||
		    p->if_id != if_id || p->mark.v || p->type != type ||
		    !pol_flow_match(&p->sel, sel))
			continue;
		if (!best || pol_preferred(xn, p, best))
			best = p;
	}
	return best;
}
