// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM: XFRM_MSG_MIGRATE, a key manager moving an IPsec
 * connection to new addresses (Mobile IPv6, MOBIKE): xfrm_user.c's
 * xfrm_do_migrate() and xfrm_send_migrate(), xfrm_policy.c's
 * xfrm_migrate().  Only a kernel built with CONFIG_XFRM_MIGRATE has it
 * (feature XFRM_MIGRATE of the profile); one without answers
 * ENOPROTOOPT.
 *
 * In Linux's stages: the entries are checked; the policy is found as a
 * packet of the selector's flow would find it; each entry's state, if
 * any, is cloned at the new addresses (the clone fails the request
 * with ENODATA when it cannot be made, and the clones made so far go);
 * the policy's matching templates take the new addresses (ENODATA when
 * none matched); the old states go, without events; and the migration
 * is announced to XFRMNLGRP_MIGRATE of the initial namespace, where
 * Linux sends it whatever net it happened in.
 */
#include <errno.h>
#include <string.h>

#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/xfrm/xfrm-private.h"

/* What a request asks: its entries and the optional parts. */
struct xfrm_migrate_req {
	const struct xfrm_userpolicy_id *pi;
	struct xfrm_user_migrate m[XFRM_MAX_DEPTH];
	int n;
	uint8_t type;
	uint32_t if_id;
	const struct xfrm_user_kmaddress *k;
	const struct xfrm_encap_tmpl *encap;
	const struct xfrm_user_offload *xuo;
	bool with_type; /* the announcing kernel has sub policies */
};

/* copy_from_user_migrate(): the entries of the one XFRMA_MIGRATE
 * attribute, copied (a message aligns them to 4 only). */
static int copy_from_user_migrate(struct xfrm_migrate_req *q,
				  const struct nlattr *rt,
				  struct unl_ext_ack *extack)
{
	int n = unl_nla_len(rt) / (int)sizeof(q->m[0]);

	if (n <= 0 || n > XFRM_MAX_DEPTH) {
		UNL_SET_ERR_MSG(extack,
				"Invalid number of SAs to migrate, must be 0 < num <= XFRM_MAX_DEPTH (6)");
		return -EINVAL;
	}
	memcpy(q->m, unl_nla_data(rt), sizeof(q->m[0]) * (size_t)n);
	q->n = n;
	return 0;
}

static bool migrate_same_old(const struct xfrm_user_migrate *a,
			     const struct xfrm_user_migrate *b)
{
	return !memcmp(&a->old_daddr, &b->old_daddr, sizeof(a->old_daddr)) &&
	       !memcmp(&a->old_saddr, &b->old_saddr, sizeof(a->old_saddr)) &&
	       a->proto == b->proto && a->mode == b->mode &&
	       a->reqid == b->reqid && a->old_family == b->old_family;
}

/* xfrm_migrate_check(): new addresses given, no entry twice. */
static int xfrm_migrate_check(const struct xfrm_migrate_req *q,
			      struct unl_ext_ack *extack)
{
	for (int i = 0; i < q->n; i++) {
		const struct xfrm_user_migrate *m = &q->m[i];

		if (xfrm_addr_any(&m->new_daddr, m->new_family) ||
		    xfrm_addr_any(&m->new_saddr, m->new_family)) {
			UNL_SET_ERR_MSG(extack,
					"Addresses in the MIGRATE attribute's list cannot be null");
			return -EINVAL;
		}
		for (int j = i + 1; j < q->n; j++)
			if (migrate_same_old(m, &q->m[j])) {
				UNL_SET_ERR_MSG(extack,
						"Entries in the MIGRATE attribute's list must be unique");
				return -EINVAL;
			}
	}
	return 0;
}

/* migrate_tmpl_match(): a tunnel or BEET template by its addresses, a
 * transport one by mode and protocol alone (it keeps no address). */
static bool migrate_tmpl_match(const struct xfrm_user_migrate *m,
			       const struct xfrm_user_tmpl *t)
{
	if (t->mode != m->mode || t->id.proto != m->proto ||
	    (m->reqid && t->reqid != m->reqid))
		return false;
	switch (t->mode) {
	case XFRM_MODE_TUNNEL:
	case XFRM_MODE_BEET:
		return xfrm_addr_equal(&t->id.daddr, &m->old_daddr,
				       m->old_family) &&
		       xfrm_addr_equal(&t->saddr, &m->old_saddr,
				       m->old_family);
	case XFRM_MODE_TRANSPORT:
		return true;
	default:
		return false;
	}
}

/* xfrm_policy_migrate(): the tunnel and BEET templates that match take
 * the new end points and family; ENODATA when no template matched. */
static int xfrm_policy_migrate(struct xfrm_pol *p,
			       const struct xfrm_migrate_req *q)
{
	int n = 0;

	for (int i = 0; i < p->nr; i++) {
		struct xfrm_user_tmpl *t = &p->tmpl[i];

		for (int j = 0; j < q->n; j++) {
			const struct xfrm_user_migrate *m = &q->m[j];

			if (!migrate_tmpl_match(m, t))
				continue;
			n++;
			if (t->mode != XFRM_MODE_TUNNEL &&
			    t->mode != XFRM_MODE_BEET)
				continue;
			t->id.daddr = m->new_daddr;
			t->saddr = m->new_saddr;
			t->family = m->new_family;
		}
	}
	return n ? 0 : -ENODATA;
}

/* The attributes of build_migrate(), after the request's policy id
 * and direction:
 *
 *   [XFRMA_KMADDRESS] [XFRMA_ENCAP] [XFRMA_POLICY_TYPE]
 *   XFRMA_MIGRATE (one entry) ... one attribute per entry
 */
static int migrate_put_attrs(struct unl_skb *skb, const void *obj)
{
	const struct xfrm_migrate_req *q = obj;

	if (q->k) {
		struct xfrm_user_kmaddress uk;

		/* its tail padding zeroed: an initialiser need not */
		memset(&uk, 0, sizeof(uk));
		uk.local = q->k->local;
		uk.remote = q->k->remote;
		uk.reserved = q->k->reserved;
		uk.family = q->k->family;
		if (unl_nla_put(skb, XFRMA_KMADDRESS, sizeof(uk), &uk))
			return -EMSGSIZE;
	}
	if (q->encap &&
	    unl_nla_put(skb, XFRMA_ENCAP, sizeof(*q->encap), q->encap))
		return -EMSGSIZE;
	if (q->with_type && xfrm_put_policy_type(skb, q->type))
		return -EMSGSIZE;
	for (int i = 0; i < q->n; i++) {
		const struct xfrm_user_migrate *m = &q->m[i];
		struct xfrm_user_migrate um = {
			.old_daddr = m->old_daddr, .old_saddr = m->old_saddr,
			.new_daddr = m->new_daddr, .new_saddr = m->new_saddr,
			.proto = m->proto, .mode = m->mode, .reqid = m->reqid,
			.old_family = m->old_family,
			.new_family = m->new_family,
		};

		if (unl_nla_put(skb, XFRMA_MIGRATE, sizeof(um), &um))
			return -EMSGSIZE;
	}
	return 0;
}

/* xfrm_send_migrate(), to the initial namespace's listeners. */
static void migrate_notify(struct xfrm_net *xn, struct xfrm_migrate_req *q)
{
	struct xfrm_net *to = xfrm_init_net(xn);
	struct xfrm_userpolicy_id id;

	if (!to)
		return;
	memset(&id, 0, sizeof(id));
	id.sel = q->pi->sel;
	id.dir = q->pi->dir;
	q->with_type = to->sub_policy;
	xfrm_msg_multicast(to, &(struct xfrm_msg){
		.type = XFRM_MSG_MIGRATE, .hdr = &id, .hdrlen = sizeof(id),
		.put_attrs = migrate_put_attrs, .obj = q }, XFRMNLGRP_MIGRATE);
}

/* xfrm_migrate(): stages 2 to 5, once the policy is found. */
static int migrate_states_and_policy(struct xfrm_net *xn, struct xfrm_pol *p,
				     struct xfrm_migrate_req *q,
				     struct unl_ext_ack *extack)
{
	struct xfrm_st *cur[XFRM_MAX_DEPTH], *made[XFRM_MAX_DEPTH];
	int ncur = 0, nmade = 0, err = 0;

	for (int i = 0; i < q->n; i++) {
		struct xfrm_st *x = xfrm_state_migrate_find(xn, &q->m[i],
							    q->if_id);
		struct xfrm_st *xc;

		if (!x)
			continue;
		cur[ncur++] = x;
		xc = xfrm_state_migrate(xn, x, &q->m[i], q->encap, q->xuo,
					extack);
		if (!xc) {
			err = -ENODATA;
			break;
		}
		made[nmade++] = xc;
	}
	if (!err)
		err = xfrm_policy_migrate(p, q);
	if (err) {
		while (nmade)
			xfrm_state_delete(xn, made[--nmade]);
		return err;
	}
	/* two entries may have found the same state: delete it once */
	for (int i = 0; i < ncur; i++) {
		bool seen = false;

		for (int j = 0; j < i; j++)
			seen |= cur[j] == cur[i];
		if (!seen)
			xfrm_state_delete(xn, cur[i]);
	}
	migrate_notify(xn, q);
	return 0;
}

/* xfrm_do_migrate() with xfrm_migrate()'s first stages. */
int xfrm_do_migrate(struct xfrm_req *r)
{
	const struct nlattr **attrs = r->attrs;
	struct xfrm_migrate_req q = { .pi = NLMSG_DATA(r->nlh) };
	struct xfrm_pol *p;
	int err;

	if (!unl_profile_has(unl_net_profile(r->xn->net), UNL_PROFILE_FEATURE,
			     "XFRM_MIGRATE"))
		return -ENOPROTOOPT;
	if (!attrs[XFRMA_MIGRATE]) {
		UNL_SET_ERR_MSG(r->extack, "Missing required MIGRATE attribute");
		return -EINVAL;
	}
	if (attrs[XFRMA_KMADDRESS])
		q.k = unl_nla_data(attrs[XFRMA_KMADDRESS]);
	err = xfrm_user_policy_type(&q.type, attrs, r->extack,
				    r->xn->sub_policy);
	if (!err)
		err = copy_from_user_migrate(&q, attrs[XFRMA_MIGRATE],
					     r->extack);
	if (err)
		return err;
	if (attrs[XFRMA_ENCAP])
		q.encap = unl_nla_data(attrs[XFRMA_ENCAP]);
	if (attrs[XFRMA_IF_ID])
		q.if_id = unl_nla_get_u32(attrs[XFRMA_IF_ID]);
	if (attrs[XFRMA_OFFLOAD_DEV])
		q.xuo = unl_nla_data(attrs[XFRMA_OFFLOAD_DEV]);
	err = xfrm_migrate_check(&q, r->extack);
	if (err)
		return err;
	if (q.pi->dir >= XFRM_POLICY_MAX) {
		UNL_SET_ERR_MSG(r->extack, "Invalid policy direction");
		return -EINVAL;
	}
	p = xfrm_policy_migrate_find(r->xn, &q.pi->sel, q.pi->dir, q.type,
				     q.if_id, &err);
	if (!p) {
		UNL_SET_ERR_MSG(r->extack, "Target policy not found");
		return err;
	}
	return migrate_states_and_policy(r->xn, p, &q, r->extack);
}
