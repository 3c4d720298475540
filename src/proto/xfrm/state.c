// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM: the security association database
 * (net/xfrm/xfrm_state.c and xfrm_user.c's state handlers).
 *
 * States live on one list, newest first (state_all), the order of a
 * dump.  A state with an SPI (AH, ESP, COMP) is found by destination,
 * SPI and protocol, the others by destination and source; SPIs are
 * unique per protocol.  ALLOCSPI finds or makes a larval (ACQ) state,
 * which expires after net.core.xfrm_acq_expires (30 s) unless a NEWSA
 * for the same SA replaces it.  Lifetimes run on the net's timers as
 * xfrm_timer_handler() runs them: first a second after the insertion,
 * then at the next limit; a soft limit announces EXPIRE (hard 0) once,
 * a hard one deletes the state and announces EXPIRE (hard 1).  No
 * packet ever uses a state, so byte, packet and use limits never run
 * out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/xfrm/xfrm-private.h"

/* net/xfrm.h's km.state values */
enum {
	XS_VOID,
	XS_ACQ,
	XS_VALID,
	XS_ERROR,
	XS_EXPIRED,
	XS_DEAD,
};

#define XFRM_STATE_HASHMAX (1u << 20) /* xfrm_state_hashmax */

/* ---- the list and the indexes ---- */

static void st_release_tunnel(struct xfrm_st *x);
static void x6spi_put(struct xfrm_net *xn, const xfrm_address_t *saddr);

/* __xfrm_dst_hash() before the mask: family, reqid and the addresses
 * (IPv4 summed, IPv6 by their last two words), folded. */
static uint32_t linux_dst_hash(const struct xfrm_st *x)
{
	uint32_t h = x->family ^ x->reqid;

	if (x->family == AF_INET)
		h ^= ntohl(x->id.daddr.a4 + x->saddr.a4);
	else if (x->family == AF_INET6)
		h ^= ntohl(x->id.daddr.a6[2] ^ x->id.daddr.a6[3]) ^
		     ntohl(x->saddr.a6[2] ^ x->saddr.a6[3]);
	return h ^ (h >> 16);
}

/* The words of an address that count in its family. */
static uint64_t addr_fold(const xfrm_address_t *a, uint16_t family)
{
	if (family == AF_INET)
		return a->a4;
	return ((uint64_t)(a->a6[0] ^ a->a6[2]) << 32) ^ a->a6[1] ^ a->a6[3];
}

/* The keys of our own indexes (any fold will do: chains compare the
 * whole of what they look for). */
static uint64_t key_spi(uint32_t spi, uint8_t proto)
{
	return ((uint64_t)spi << 8) | proto;
}

static uint64_t key_src(const xfrm_address_t *d, const xfrm_address_t *s,
			uint16_t family)
{
	return unl_hash64(addr_fold(d, family)) ^ addr_fold(s, family) ^
	       ((uint64_t)family << 48);
}

static uint64_t key_dst(const xfrm_address_t *d, const xfrm_address_t *s,
			uint32_t reqid, uint16_t family)
{
	return key_src(d, s, family) ^ unl_hash64(reqid);
}

/* Count x in Linux's bydst bucket: whether it shared it. */
static bool dst_count_add(struct xfrm_net *xn, const struct xfrm_st *x)
{
	uint32_t *c;

	if (!xn->st_dst_count)
		xn->st_dst_count = calloc(xn->st_hmask + 1,
					  sizeof(*xn->st_dst_count));
	if (!xn->st_dst_count)
		return false;
	c = &xn->st_dst_count[x->dst_hash & xn->st_hmask];
	return (*c)++ > 0;
}

/* xfrm_hash_resize(): every table doubles.  Linux resizes from a work
 * queue; here it is done at once (docs/conformance.md). */
static void st_hash_resize(struct xfrm_net *xn)
{
	unsigned int nmask = xn->st_hmask * 2 + 1;
	uint32_t *nc = calloc(nmask + 1, sizeof(*nc));

	if (!nc)
		return;
	for (const struct xfrm_st *x = xn->st_all; x; x = x->next)
		nc[x->dst_hash & nmask]++;
	free(xn->st_dst_count);
	xn->st_dst_count = nc;
	xn->st_hmask = nmask;
}

/* xfrm_hash_grow_check(): a state that landed in a bucket already
 * used, with more states than buckets, doubles the tables (up to
 * xfrm_state_hashmax): what GETSADINFO reports. */
static void st_hash_grow_check(struct xfrm_net *xn, bool collision)
{
	if (collision && xn->st_hmask + 1 < XFRM_STATE_HASHMAX &&
	    xn->st_num > xn->st_hmask)
		st_hash_resize(xn);
}

/* The SPI index holds the states that have one (xfrm_alloc_spi() adds a
 * larval state once it gets its SPI). */
static void st_index_spi(struct xfrm_net *xn, struct xfrm_st *x)
{
	if (!x->id.spi)
		return;
	x->byspi.key = key_spi(x->id.spi, x->id.proto);
	/* without memory the state is found by nothing but the list */
	(void)unl_htab_add(&xn->st_byspi, &x->byspi);
}

static void st_link(struct xfrm_net *xn, struct xfrm_st *x)
{
	x->serial = ++xn->serial;
	x->prev = NULL;
	x->next = xn->st_all;
	if (xn->st_all)
		xn->st_all->prev = x;
	xn->st_all = x;
	xn->st_num++;
	x->bysrc.key = key_src(&x->id.daddr, &x->saddr, x->family);
	x->bydst.key = key_dst(&x->id.daddr, &x->saddr, x->reqid, x->family);
	(void)unl_htab_add(&xn->st_bysrc, &x->bysrc);
	(void)unl_htab_add(&xn->st_bydst, &x->bydst);
	st_index_spi(xn, x);
	x->dst_hash = linux_dst_hash(x);
	st_hash_grow_check(xn, dst_count_add(xn, x));
}

static void st_unlink(struct xfrm_net *xn, struct xfrm_st *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		xn->st_all = x->next;
	if (x->next)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	xn->st_num--;
	x->kstate = XS_DEAD;
	unl_htab_del(&xn->st_bysrc, &x->bysrc);
	unl_htab_del(&xn->st_bydst, &x->bydst);
	if (x->id.spi)
		unl_htab_del(&xn->st_byspi, &x->byspi);
	if (xn->st_dst_count)
		xn->st_dst_count[x->dst_hash & xn->st_hmask]--;
	st_release_tunnel(x);
}

static void st_free(struct xfrm_st *x)
{
	if (!x)
		return;
	/* a tunnel deleted while comp states use it lives on, unlinked */
	if (x->tunnel_users > 1) {
		x->free_deferred = true;
		unl_timer_del(x->timer);
		return;
	}
	st_release_tunnel(x);
	if (x->x6spi)
		x6spi_put(x->xn, &x->saddr);
	unl_timer_free(x->timer);
	free(x->esn);
	free(x->ealg);
	free(x->calg);
	free(x->aalg);
	free(x->aead);
	free(x->encap);
	free(x->coaddr);
	free(x);
}

/* xfrm_state_delete_tunnel(): the last comp state using a tunnel
 * deletes it (without an event, as the kernel's own deletions go). */
static void st_release_tunnel(struct xfrm_st *x)
{
	struct xfrm_st *t = x->tunnel;

	if (!t)
		return;
	x->tunnel = NULL;
	if (t->tunnel_users == 2 && t->kstate != XS_DEAD)
		st_unlink(t->xn, t);
	t->tunnel_users--;
	if (t->tunnel_users <= 1 && (t->kstate == XS_DEAD || t->free_deferred)) {
		t->tunnel_users = 0;
		st_free(t);
	}
}

static bool addr_equal(const xfrm_address_t *a, const xfrm_address_t *b,
		       uint16_t family)
{
	if (family == AF_INET)
		return a->a4 == b->a4;
	return !memcmp(a, b, sizeof(*a));
}

#define ST_ENTRY(n, member) unl_hnode_entry(n, struct xfrm_st, member)

/* Of two states that both match, the newer, as the list (and Linux's
 * chains, between resizes) has it first. */
static struct xfrm_st *st_newer(struct xfrm_st *best, struct xfrm_st *x)
{
	return !best || x->serial > best->serial ? x : best;
}

/* __xfrm_state_lookup(): by SPI (a state without one is in no SPI
 * table). */
static struct xfrm_st *st_lookup(struct xfrm_net *xn, uint32_t mark,
				 const xfrm_address_t *daddr, uint32_t spi,
				 uint8_t proto, uint16_t family)
{
	struct unl_hnode *n = unl_htab_first(&xn->st_byspi,
					     key_spi(spi, proto));
	struct xfrm_st *found = NULL;

	for (; spi && n; n = unl_htab_next(n)) {
		struct xfrm_st *x = ST_ENTRY(n, byspi);

		if (x->family == family &&
		    addr_equal(&x->id.daddr, daddr, family) &&
		    (mark & x->mark.m) == x->mark.v)
			found = st_newer(found, x);
	}
	return found;
}

/* __xfrm_state_lookup_byaddr() */
static struct xfrm_st *st_lookup_byaddr(struct xfrm_net *xn, uint32_t mark,
					const xfrm_address_t *daddr,
					const xfrm_address_t *saddr,
					uint8_t proto, uint16_t family)
{
	struct unl_hnode *n = unl_htab_first(&xn->st_bysrc,
					     key_src(daddr, saddr, family));
	struct xfrm_st *found = NULL;

	for (; n; n = unl_htab_next(n)) {
		struct xfrm_st *x = ST_ENTRY(n, bysrc);

		if (x->family == family && x->id.proto == proto &&
		    addr_equal(&x->id.daddr, daddr, family) &&
		    addr_equal(&x->saddr, saddr, family) &&
		    (mark & x->mark.m) == x->mark.v)
			found = st_newer(found, x);
	}
	return found;
}

/* __find_acq_core()'s search: the larval state (no SPI yet) of these
 * addresses, mode, reqid and protocol; of if_id too when asked. */
static struct xfrm_st *st_find_acq(struct xfrm_net *xn, uint32_t mark,
				   const struct xfrm_st *k, bool by_if_id)
{
	struct unl_hnode *n = unl_htab_first(&xn->st_bydst,
					     key_dst(&k->id.daddr, &k->saddr,
						     k->reqid, k->family));
	struct xfrm_st *found = NULL;

	for (; n; n = unl_htab_next(n)) {
		struct xfrm_st *y = ST_ENTRY(n, bydst);

		if (y->kstate == XS_ACQ && y->reqid == k->reqid &&
		    y->mode == k->mode && y->family == k->family &&
		    !y->id.spi && y->id.proto == k->id.proto &&
		    (!by_if_id || y->if_id == k->if_id) &&
		    (mark & y->mark.m) == y->mark.v &&
		    addr_equal(&y->id.daddr, &k->id.daddr, k->family) &&
		    addr_equal(&y->saddr, &k->saddr, k->family))
			found = st_newer(found, y);
	}
	return found;
}

static bool use_spi(uint8_t proto)
{
	return xfrm_id_proto_match(proto, IPSEC_PROTO_ANY);
}

/* __xfrm_state_locate() */
static struct xfrm_st *st_locate(struct xfrm_net *xn, const struct xfrm_st *x)
{
	uint32_t mark = x->mark.v & x->mark.m;

	if (use_spi(x->id.proto))
		return st_lookup(xn, mark, &x->id.daddr, x->id.spi,
				 x->id.proto, x->family);
	return st_lookup_byaddr(xn, mark, &x->id.daddr, &x->saddr,
				x->id.proto, x->family);
}

/* ---- messages ---- */

/* Into dst, aligned to 4 only in a message: built aside, copied. */
static void copy_to_user_state(const struct xfrm_st *x, void *dst)
{
	struct xfrm_usersa_info p;

	memset(&p, 0, sizeof(p));
	p.id = x->id;
	p.sel = x->sel;
	p.lft = x->lft;
	p.curlft = x->curlft;
	p.stats = x->stats;
	p.saddr = x->saddr;
	p.mode = x->mode;
	p.replay_window = x->replay_window;
	p.reqid = x->reqid;
	p.family = x->family;
	p.flags = x->flags;
	p.seq = x->seq;
	memcpy(dst, &p, sizeof(p));
}

static int algo_len(const struct xfrm_algo *a)
{
	return (int)(sizeof(*a) + (a->alg_key_len + 7) / 8);
}

static int auth_len(const struct xfrm_algo_auth *a)
{
	return (int)(sizeof(*a) + (a->alg_key_len + 7) / 8);
}

static int aead_len(const struct xfrm_algo_aead *a)
{
	return (int)(sizeof(*a) + (a->alg_key_len + 7) / 8);
}

static int esn_len(const struct xfrm_replay_state_esn *r)
{
	return (int)(sizeof(*r) + r->bmp_len * sizeof(uint32_t));
}

/* copy_to_user_auth(): the untruncated form, for old readers. */
static int put_auth(struct unl_skb *skb, const struct xfrm_algo_auth *a)
{
	int keylen = (int)(a->alg_key_len + 7) / 8;
	struct xfrm_algo *o = calloc(1, sizeof(*o) + (size_t)keylen);
	int err;

	if (!o)
		return -ENOMEM;
	memcpy(o->alg_name, a->alg_name, sizeof(o->alg_name));
	o->alg_key_len = a->alg_key_len;
	memcpy(o->alg_key, a->alg_key, (size_t)keylen);
	err = unl_nla_put(skb, XFRMA_ALG_AUTH, algo_len(o), o);
	free(o);
	return err;
}

static int put_smark(struct unl_skb *skb, const struct xfrm_mark *m)
{
	if (!(m->v | m->m))
		return 0;
	if (unl_nla_put_u32(skb, XFRMA_SET_MARK, m->v))
		return -EMSGSIZE;
	return unl_nla_put_u32(skb, XFRMA_SET_MARK_MASK, m->m);
}

/* copy_to_user_state_extra(): the attributes in Linux's order. */
static int st_put_extra(struct unl_skb *skb, const void *obj)
{
	const struct xfrm_st *x = obj;
	int err = 0;

	if (x->extra_flags)
		err = unl_nla_put_u32(skb, XFRMA_SA_EXTRA_FLAGS,
				      x->extra_flags);
	if (!err && x->coaddr)
		err = unl_nla_put(skb, XFRMA_COADDR, sizeof(*x->coaddr),
				  x->coaddr);
	if (!err && x->aead)
		err = unl_nla_put(skb, XFRMA_ALG_AEAD, aead_len(x->aead),
				  x->aead);
	if (!err && x->aalg) {
		err = put_auth(skb, x->aalg);
		if (!err)
			err = unl_nla_put(skb, XFRMA_ALG_AUTH_TRUNC,
					  auth_len(x->aalg), x->aalg);
	}
	if (!err && x->ealg)
		err = unl_nla_put(skb, XFRMA_ALG_CRYPT, algo_len(x->ealg),
				  x->ealg);
	if (!err && x->calg)
		err = unl_nla_put(skb, XFRMA_ALG_COMP, sizeof(*x->calg),
				  x->calg);
	if (!err && x->encap)
		err = unl_nla_put(skb, XFRMA_ENCAP, sizeof(*x->encap),
				  x->encap);
	if (!err && x->tfcpad)
		err = unl_nla_put_u32(skb, XFRMA_TFCPAD, x->tfcpad);
	if (!err)
		err = xfrm_mark_put(skb, &x->mark);
	if (!err)
		err = put_smark(skb, &x->smark);
	if (!err && x->esn)
		err = unl_nla_put(skb, XFRMA_REPLAY_ESN_VAL, esn_len(x->esn),
				  x->esn);
	else if (!err)
		err = unl_nla_put(skb, XFRMA_REPLAY_VAL, sizeof(x->replay),
				  &x->replay);
	if (!err)
		err = xfrm_if_id_put(skb, x->if_id);
	if (!err && x->mapping_maxage)
		err = unl_nla_put_u32(skb, XFRMA_MTIMER_THRESH,
				      x->mapping_maxage);
	if (!err && x->dir)
		err = unl_nla_put_u8(skb, XFRM_A_SA_DIR, x->dir);
	return err ? -EMSGSIZE : 0;
}

/* dump_one_state(), also GETSA's answer (flags 0) */
static int st_fill(struct unl_skb *skb, const struct xfrm_st *x,
		   uint32_t portid, uint32_t seq, int flags)
{
	struct xfrm_usersa_info p;

	copy_to_user_state(x, &p);
	return xfrm_msg_put(skb, &(struct xfrm_msg){
		.type = XFRM_MSG_NEWSA, .flags = flags, .portid = portid,
		.seq = seq, .hdr = &p, .hdrlen = sizeof(p),
		.put_attrs = st_put_extra, .obj = x });
}

/* xfrm_notify_sa(): NEW, UPD and DELSA to XFRMNLGRP_SA.  A DELSA
 * carries the state's id, the state in an XFRMA_SA attribute. */
static void st_notify(struct xfrm_net *xn, const struct xfrm_st *x,
		      int event, uint32_t portid, uint32_t seq)
{
	struct xfrm_usersa_info info;
	struct xfrm_usersa_id id;
	struct xfrm_msg m = {
		.type = event, .portid = portid, .seq = seq, .hdr = &info,
		.hdrlen = sizeof(info), .put_attrs = st_put_extra, .obj = x,
	};

	copy_to_user_state(x, &info);
	if (event == XFRM_MSG_DELSA) {
		memset(&id, 0, sizeof(id));
		id.daddr = x->id.daddr;
		id.spi = x->id.spi;
		id.family = x->family;
		id.proto = x->id.proto;
		m.hdr = &id;
		m.hdrlen = sizeof(id);
		m.attr = XFRMA_SA;
		m.attr_data = &info;
		m.attr_len = sizeof(info);
	}
	xfrm_msg_multicast(xn, &m, XFRMNLGRP_SA);
}

/* What build_expire() puts after the header. */
static int st_put_expire_attrs(struct unl_skb *skb, const void *obj)
{
	const struct xfrm_st *x = obj;

	if (xfrm_mark_put(skb, &x->mark) || xfrm_if_id_put(skb, x->if_id) ||
	    (x->dir && unl_nla_put_u8(skb, XFRM_A_SA_DIR, x->dir)))
		return -EMSGSIZE;
	return 0;
}

/* build_expire() to XFRMNLGRP_EXPIRE */
static void st_expire_notify(struct xfrm_net *xn, const struct xfrm_st *x,
			     bool hard, uint32_t portid)
{
	struct xfrm_user_expire ue;

	memset(&ue, 0, sizeof(ue));
	copy_to_user_state(x, &ue.state);
	ue.hard = hard;
	xfrm_msg_multicast(xn, &(struct xfrm_msg){
		.type = XFRM_MSG_EXPIRE, .portid = portid, .hdr = &ue,
		.hdrlen = sizeof(ue), .put_attrs = st_put_expire_attrs,
		.obj = x }, XFRMNLGRP_EXPIRE);
}

static int st_reply(struct xfrm_req *r, const struct xfrm_st *x)
{
	struct xfrm_usersa_info p;

	copy_to_user_state(x, &p);
	return xfrm_msg_reply(r, &(struct xfrm_msg){
		.type = XFRM_MSG_NEWSA, .portid = unl_skb_cb(r->skb)->portid,
		.seq = r->nlh->nlmsg_seq, .hdr = &p, .hdrlen = sizeof(p),
		.put_attrs = st_put_extra, .obj = x });
}

/* ---- lifetimes ---- */

static int64_t st_left(const struct xfrm_st *x, uint64_t limit, int64_t now)
{
	/* in unsigned arithmetic, wrapping as the kernel's sum does */
	return (int64_t)(limit - (uint64_t)((now - x->added) / UNL_NSEC_PER_SEC));
}

/* xfrm_timer_handler() */
static void st_timer(struct unl_timer *t, void *data)
{
	struct xfrm_st *x = data;
	struct xfrm_net *xn = x->xn;
	int64_t now = unl_net_now(xn->net), next = INT64_MAX, tmo;
	bool warn = false;

	(void)t;
	if (x->kstate == XS_EXPIRED)
		goto expired;
	if (x->lft.hard_add_expires_seconds) {
		tmo = st_left(x, x->lft.hard_add_expires_seconds, now);
		if (tmo <= 0)
			goto expired;
		next = tmo;
	}
	if (x->lft.soft_add_expires_seconds && !x->soft_warned) {
		tmo = st_left(x, x->lft.soft_add_expires_seconds, now);
		if (tmo <= 0)
			warn = true;
		else if (tmo < next)
			next = tmo;
	}
	if (warn) {
		x->soft_warned = true;
		st_expire_notify(xn, x, false, 0);
	}
	if (next != INT64_MAX)
		unl_timer_mod(x->timer, xfrm_deadline(now, next));
	return;
expired:
	st_unlink(xn, x);
	st_expire_notify(xn, x, true, 0);
	st_free(x);
}

static struct xfrm_st *st_alloc(struct xfrm_net *xn)
{
	struct xfrm_st *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->xn = xn;
	x->lft.soft_byte_limit = XFRM_INF;
	x->lft.soft_packet_limit = XFRM_INF;
	x->lft.hard_byte_limit = XFRM_INF;
	x->lft.hard_packet_limit = XFRM_INF;
	x->curlft.add_time = (uint64_t)xfrm_real_seconds();
	x->added = unl_net_now(xn->net);
	if (unl_timer_new(xn->net, st_timer, x, &x->timer)) {
		free(x);
		return NULL;
	}
	return x;
}

/* __xfrm_state_insert(): its timer first runs a second later. */
static void st_insert(struct xfrm_net *xn, struct xfrm_st *x)
{
	st_link(xn, x);
	unl_timer_mod(x->timer, unl_net_now(xn->net) + UNL_NSEC_PER_SEC);
}

/* ---- NEWSA, UPDSA ---- */

#define A(t) (attrs[XFRMA_##t] != NULL)

static int verify_alg_lens(const struct nlattr **attrs,
			   struct unl_ext_ack *extack)
{
	static const int one[] = { XFRMA_ALG_AUTH, XFRMA_ALG_CRYPT,
				   XFRMA_ALG_COMP };
	const struct nlattr *rt = attrs[XFRMA_ALG_AEAD];

	/* each name ends within its field, cut in the request itself as
	 * Linux cuts it */
	if (rt && unl_nla_len(rt) < aead_len(unl_nla_data(rt))) {
		UNL_SET_ERR_MSG(extack, "Invalid AEAD attribute length");
		return -EINVAL;
	}
	if (rt)
		((struct xfrm_algo_aead *)unl_nla_data(rt))->alg_name[63] = 0;
	rt = attrs[XFRMA_ALG_AUTH_TRUNC];
	if (rt && unl_nla_len(rt) < auth_len(unl_nla_data(rt))) {
		UNL_SET_ERR_MSG(extack, "Invalid AUTH_TRUNC attribute length");
		return -EINVAL;
	}
	if (rt)
		((struct xfrm_algo_auth *)unl_nla_data(rt))->alg_name[63] = 0;
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		rt = attrs[one[i]];
		if (rt && unl_nla_len(rt) < algo_len(unl_nla_data(rt))) {
			UNL_SET_ERR_MSG(extack,
					"Invalid AUTH/CRYPT/COMP attribute length");
			return -EINVAL;
		}
		if (rt)
			((struct xfrm_algo *)unl_nla_data(rt))->alg_name[63] = 0;
	}
	return 0;
}

static uint8_t sa_dir(const struct nlattr **attrs)
{
	return attrs[XFRM_A_SA_DIR] ? unl_nla_get_u8(attrs[XFRM_A_SA_DIR]) : 0;
}

/* verify_newsa_info()'s checks of a state with a direction: what only
 * the other direction uses must not be set. */
static int verify_sa_dir(const struct xfrm_usersa_info *p,
			 const struct nlattr **attrs,
			 struct unl_ext_ack *extack)
{
	const char *msg = NULL;

	if (sa_dir(attrs) == XFRM_SA_DIR_OUT) {
		if (p->flags & XFRM_STATE_DECAP_DSCP)
			msg = "Flag DECAP_DSCP should not be set for output SA";
		else if (p->flags & XFRM_STATE_ICMP)
			msg = "Flag ICMP should not be set for output SA";
		else if (p->replay_window)
			msg = "Replay window should be 0 for output SA";
		else if (A(REPLAY_VAL)) {
			struct xfrm_replay_state rs;

			memcpy(&rs, unl_nla_data(attrs[XFRMA_REPLAY_VAL]),
			       sizeof(rs));
			if (rs.seq || rs.bitmap)
				msg = "Replay seq and bitmap should be 0 for output SA";
		}
	} else if (sa_dir(attrs) == XFRM_SA_DIR_IN) {
		if (p->flags & XFRM_STATE_NOPMTUDISC)
			msg = "Flag NOPMTUDISC should not be set for input SA";
		else if (A(SA_EXTRA_FLAGS) &&
			 (unl_nla_get_u32(attrs[XFRMA_SA_EXTRA_FLAGS]) &
			  XFRM_SA_XFLAG_DONT_ENCAP_DSCP))
			msg = "Flag DONT_ENCAP_DSCP should not be set for input SA";
	}
	if (!msg)
		return 0;
	UNL_SET_ERR_MSG(extack, msg);
	return -EINVAL;
}

/* verify_replay()'s checks of an ESN state with a direction. */
static int verify_replay_dir(const struct xfrm_usersa_info *p,
			     const struct xfrm_replay_state_esn *rs,
			     uint8_t dir, struct unl_ext_ack *extack)
{
	bool esn = p->flags & XFRM_STATE_ESN;
	const char *msg = NULL;

	if (dir == XFRM_SA_DIR_OUT) {
		if (rs->replay_window)
			msg = "Replay window should be 0 for output SA";
		else if (rs->seq || rs->seq_hi)
			msg = "Replay seq and seq_hi should be 0 for output SA";
		else if (!esn && rs->oseq_hi)
			msg = "Replay oseq_hi should be 0 in non-ESN mode for output SA";
		else if (!esn && rs->oseq == UINT32_MAX)
			msg = "Replay oseq should be less than 0xFFFFFFFF in non-ESN mode for output SA";
		else if (esn && rs->oseq == UINT32_MAX &&
			 rs->oseq_hi == UINT32_MAX)
			msg = "Replay oseq and oseq_hi should be less than 0xFFFFFFFF for output SA";
		else if (rs->bmp_len)
			msg = "Replay bmp_len should 0 for output SA";
	} else if (dir == XFRM_SA_DIR_IN) {
		if (rs->oseq || rs->oseq_hi)
			msg = "Replay oseq and oseq_hi should be 0 for input SA";
		else if (!esn && rs->seq_hi)
			msg = "Replay seq_hi should be 0 in non-ESN mode for input SA";
	}
	if (!msg)
		return 0;
	UNL_SET_ERR_MSG(extack, msg);
	return -EINVAL;
}

/* verify_replay() */
static int verify_replay(const struct xfrm_usersa_info *p,
			 const struct nlattr **attrs,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *rt = attrs[XFRMA_REPLAY_ESN_VAL];
	const struct xfrm_replay_state_esn *rs;

	if (!rt) {
		if (p->flags & XFRM_STATE_ESN) {
			UNL_SET_ERR_MSG(extack,
					"Missing required attribute for ESN");
			return -EINVAL;
		}
		return 0;
	}
	rs = unl_nla_data(rt);
	if (rs->bmp_len > XFRMA_REPLAY_ESN_MAX / sizeof(rs->bmp[0]) / 8) {
		UNL_SET_ERR_MSG(extack, "ESN bitmap length must be <= 128");
		return -EINVAL;
	}
	if (unl_nla_len(rt) < esn_len(rs) &&
	    unl_nla_len(rt) != (int)sizeof(*rs)) {
		UNL_SET_ERR_MSG(extack,
				"ESN attribute is too short to fit the full bitmap length");
		return -EINVAL;
	}
	if (p->id.proto != IPPROTO_ESP && p->id.proto != IPPROTO_AH) {
		UNL_SET_ERR_MSG(extack, "ESN only supported for ESP and AH");
		return -EINVAL;
	}
	if (p->replay_window) {
		UNL_SET_ERR_MSG(extack,
				"ESN not compatible with legacy replay_window");
		return -EINVAL;
	}
	return verify_replay_dir(p, rs, sa_dir(attrs), extack);
}

static int verify_proto_attrs(const struct xfrm_usersa_info *p,
			      const struct nlattr **attrs,
			      struct unl_ext_ack *extack)
{
	switch (p->id.proto) {
	case IPPROTO_AH:
		if (!A(ALG_AUTH) && !A(ALG_AUTH_TRUNC)) {
			UNL_SET_ERR_MSG(extack,
					"Missing required attribute for AH: AUTH_TRUNC or AUTH");
			return -EINVAL;
		}
		if (A(ALG_AEAD) || A(ALG_CRYPT) || A(ALG_COMP) || A(TFCPAD)) {
			UNL_SET_ERR_MSG(extack,
					"Invalid attributes for AH: AEAD, CRYPT, COMP, TFCPAD");
			return -EINVAL;
		}
		return 0;
	case IPPROTO_ESP:
		if (A(ALG_COMP)) {
			UNL_SET_ERR_MSG(extack, "Invalid attribute for ESP: COMP");
			return -EINVAL;
		}
		if (!A(ALG_AUTH) && !A(ALG_AUTH_TRUNC) && !A(ALG_CRYPT) &&
		    !A(ALG_AEAD)) {
			UNL_SET_ERR_MSG(extack,
					"Missing required attribute for ESP: at least one of AUTH, AUTH_TRUNC, CRYPT, AEAD");
			return -EINVAL;
		}
		if ((A(ALG_AUTH) || A(ALG_AUTH_TRUNC) || A(ALG_CRYPT)) &&
		    A(ALG_AEAD)) {
			UNL_SET_ERR_MSG(extack,
					"Invalid attribute combination for ESP: AEAD can't be used with AUTH, AUTH_TRUNC, CRYPT");
			return -EINVAL;
		}
		if (A(TFCPAD) && p->mode != XFRM_MODE_TUNNEL) {
			UNL_SET_ERR_MSG(extack,
					"TFC padding can only be used in tunnel mode");
			return -EINVAL;
		}
		return 0;
	case IPPROTO_COMP:
		if (!A(ALG_COMP)) {
			UNL_SET_ERR_MSG(extack,
					"Missing required attribute for COMP: COMP");
			return -EINVAL;
		}
		if (A(ALG_AEAD) || A(ALG_AUTH) || A(ALG_AUTH_TRUNC) ||
		    A(ALG_CRYPT) || A(TFCPAD)) {
			UNL_SET_ERR_MSG(extack,
					"Invalid attributes for COMP: AEAD, AUTH, AUTH_TRUNC, CRYPT, TFCPAD");
			return -EINVAL;
		}
		if (ntohl(p->id.spi) >= 0x10000) {
			UNL_SET_ERR_MSG(extack,
					"SPI is too large for COMP (must be < 0x10000)");
			return -EINVAL;
		}
		return 0;
	case IPPROTO_DSTOPTS:
	case IPPROTO_ROUTING:
		if (A(ALG_COMP) || A(ALG_AUTH) || A(ALG_AUTH_TRUNC) ||
		    A(ALG_AEAD) || A(ALG_CRYPT) || A(ENCAP) || A(SEC_CTX) ||
		    A(TFCPAD)) {
			UNL_SET_ERR_MSG(extack,
					"Invalid attributes for DSTOPTS/ROUTING");
			return -EINVAL;
		}
		if (!A(COADDR)) {
			UNL_SET_ERR_MSG(extack,
					"Missing required COADDR attribute for DSTOPTS/ROUTING");
			return -EINVAL;
		}
		return 0;
	default:
		UNL_SET_ERR_MSG(extack, "Unsupported protocol");
		return -EINVAL;
	}
}

static int verify_sel_family(uint16_t family, uint8_t plen_d, uint8_t plen_s,
			     const char *what, struct unl_ext_ack *extack)
{
	switch (family) {
	case AF_UNSPEC:
		return 0;
	case AF_INET:
		if (plen_d > 32 || plen_s > 32) {
			UNL_SET_ERR_MSG(extack,
					"Invalid prefix length in selector (must be <= 32 for IPv4)");
			return -EINVAL;
		}
		return 0;
	case AF_INET6:
		if (plen_d > 128 || plen_s > 128) {
			UNL_SET_ERR_MSG(extack,
					"Invalid prefix length in selector (must be <= 128 for IPv6)");
			return -EINVAL;
		}
		return 0;
	default:
		UNL_SET_ERR_MSG(extack, what);
		return -EINVAL;
	}
}

/* verify_newsa_info(), in Linux's order */
static int verify_newsa_info(const struct xfrm_usersa_info *p,
			     const struct nlattr **attrs,
			     struct unl_ext_ack *extack)
{
	int err;

	if (p->family != AF_INET && p->family != AF_INET6) {
		UNL_SET_ERR_MSG(extack, "Invalid address family");
		return -EINVAL;
	}
	err = verify_sel_family(p->sel.family, p->sel.prefixlen_d,
				p->sel.prefixlen_s,
				"Invalid address family in selector", extack);
	if (!err)
		err = verify_proto_attrs(p, attrs, extack);
	if (!err)
		err = verify_alg_lens(attrs, extack);
	if (!err)
		err = xfrm_verify_sec_ctx_len(attrs, extack);
	if (!err)
		err = verify_replay(p, attrs, extack);
	if (err)
		return err;
	switch (p->mode) {
	case XFRM_MODE_TRANSPORT:
	case XFRM_MODE_TUNNEL:
	case XFRM_MODE_ROUTEOPTIMIZATION:
	case XFRM_MODE_BEET:
		break;
	default:
		UNL_SET_ERR_MSG(extack, "Unsupported mode");
		return -EINVAL;
	}
	if (A(MTIMER_THRESH) && !A(ENCAP)) {
		UNL_SET_ERR_MSG(extack,
				"MTIMER_THRESH attribute can only be set on ENCAP states");
		return -EINVAL;
	}
	if (A(MTIMER_THRESH) && sa_dir(attrs) == XFRM_SA_DIR_OUT) {
		UNL_SET_ERR_MSG(extack,
				"MTIMER_THRESH attribute should not be set on output SA");
		return -EINVAL;
	}
	return verify_sa_dir(p, attrs, extack);
}

/* attach_aead(), attach_auth_trunc(), attach_auth(), attach_crypt(),
 * attach_one_algo(): the names as the algorithm table spells them. */
static int attach_algs(struct xfrm_net *xn, struct xfrm_st *x,
		       const struct nlattr **attrs, struct unl_ext_ack *extack)
{
	const struct xfrm_alg_desc *d;
	const struct nlattr *a;

	if ((a = attrs[XFRMA_ALG_AEAD])) {
		const struct xfrm_algo_aead *u = unl_nla_data(a);

		d = xfrm_alg_get_byname(xn, XFRM_ALG_AEAD, u->alg_name,
					(int)u->alg_icv_len);
		if (!d) {
			UNL_SET_ERR_MSG(extack, "Requested AEAD algorithm not found");
			return -ENOSYS;
		}
		x->aead = malloc((size_t)aead_len(u));
		if (!x->aead)
			return -ENOMEM;
		memcpy(x->aead, u, (size_t)aead_len(u));
		memset(x->aead->alg_name, 0, sizeof(x->aead->alg_name));
		strcpy(x->aead->alg_name, d->name);
	}
	if ((a = attrs[XFRMA_ALG_AUTH_TRUNC])) {
		const struct xfrm_algo_auth *u = unl_nla_data(a);

		d = xfrm_alg_get_byname(xn, XFRM_ALG_AUTH, u->alg_name, 0);
		if (!d) {
			UNL_SET_ERR_MSG(extack,
					"Requested AUTH_TRUNC algorithm not found");
			return -ENOSYS;
		}
		if (u->alg_trunc_len > d->icv_fullbits) {
			UNL_SET_ERR_MSG(extack,
					"Invalid length requested for truncated ICV");
			return -EINVAL;
		}
		x->aalg = malloc((size_t)auth_len(u));
		if (!x->aalg)
			return -ENOMEM;
		memcpy(x->aalg, u, (size_t)auth_len(u));
		memset(x->aalg->alg_name, 0, sizeof(x->aalg->alg_name));
		strcpy(x->aalg->alg_name, d->name);
		if (!x->aalg->alg_trunc_len)
			x->aalg->alg_trunc_len = d->icv_truncbits;
	} else if ((a = attrs[XFRMA_ALG_AUTH])) {
		const struct xfrm_algo *u = unl_nla_data(a);
		size_t keylen = (u->alg_key_len + 7) / 8;

		d = xfrm_alg_get_byname(xn, XFRM_ALG_AUTH, u->alg_name, 0);
		if (!d) {
			UNL_SET_ERR_MSG(extack, "Requested AUTH algorithm not found");
			return -ENOSYS;
		}
		x->aalg = calloc(1, sizeof(*x->aalg) + keylen);
		if (!x->aalg)
			return -ENOMEM;
		strcpy(x->aalg->alg_name, d->name);
		x->aalg->alg_key_len = u->alg_key_len;
		x->aalg->alg_trunc_len = d->icv_truncbits;
		memcpy(x->aalg->alg_key, u->alg_key, keylen);
	}
	for (int i = 0; i < 2; i++) {
		int t = i ? XFRMA_ALG_COMP : XFRMA_ALG_CRYPT;
		const struct xfrm_algo *u;
		struct xfrm_algo **dst = i ? &x->calg : &x->ealg;

		if (!(a = attrs[t]))
			continue;
		u = unl_nla_data(a);
		d = xfrm_alg_get_byname(xn, i ? XFRM_ALG_COMP : XFRM_ALG_ENCR,
					u->alg_name, 0);
		if (!d) {
			UNL_SET_ERR_MSG(extack,
					i ? "Requested COMP algorithm not found"
					  : "Requested CRYPT algorithm not found");
			return -ENOSYS;
		}
		*dst = malloc((size_t)algo_len(u));
		if (!*dst)
			return -ENOMEM;
		memcpy(*dst, u, (size_t)algo_len(u));
		memset((*dst)->alg_name, 0, sizeof((*dst)->alg_name));
		strcpy((*dst)->alg_name, d->name);
	}
	return 0;
}

static void *dup_attr(const struct nlattr *a, size_t len)
{
	void *p = malloc(len);

	if (p)
		memcpy(p, unl_nla_data(a), len);
	return p;
}

/* xfrm_get_mode(): transport, tunnel and BEET for both families, route
 * optimisation for IPv6 (no kernel here has IPTFS). */
static bool mode_exists(uint8_t mode, uint16_t family)
{
	switch (mode) {
	case XFRM_MODE_TRANSPORT:
	case XFRM_MODE_TUNNEL:
	case XFRM_MODE_BEET:
		return family == AF_INET || family == AF_INET6;
	case XFRM_MODE_ROUTEOPTIMIZATION:
		return family == AF_INET6;
	default:
		return false;
	}
}

/* __xfrm_init_state(): the inner mode (of the selector's family, or of
 * the state's with an AF_UNSPEC selector), the type from the profile and
 * its checks, then the outer mode; all EPROTONOSUPPORT but what the
 * type's own checks say. */
static int st_init(struct xfrm_net *xn, struct xfrm_st *x,
		   struct unl_ext_ack *extack)
{
	uint16_t inner = x->sel.family ? x->sel.family : x->family;
	const struct xfrm_type_ops *type;

	if (!mode_exists(x->mode, inner)) {
		UNL_SET_ERR_MSG(extack, "Requested mode not found");
		return -EPROTONOSUPPORT;
	}
	if (x->sel.family && x->mode != XFRM_MODE_TUNNEL &&
	    x->mode != XFRM_MODE_BEET && x->family != x->sel.family) {
		UNL_SET_ERR_MSG(extack,
				"Only tunnel modes can accommodate a change of family");
		return -EPROTONOSUPPORT;
	}
	type = xfrm_get_type(xn, x->id.proto, x->family);
	if (!type) {
		UNL_SET_ERR_MSG(extack, "Requested type not found");
		return -EPROTONOSUPPORT;
	}
	if (type->init_state) {
		int err = type->init_state(x, extack);

		if (err)
			return err;
	}
	if (!mode_exists(x->mode, x->family)) {
		UNL_SET_ERR_MSG(extack, "Requested mode not found");
		return -EPROTONOSUPPORT;
	}
	return 0;
}

/* copy_from_user_state() with xfrm_state_construct()'s attributes */
static void st_from_user(struct xfrm_st *x, const struct xfrm_usersa_info *p,
			 const struct nlattr **attrs)
{
	x->id = p->id;
	x->sel = p->sel;
	x->lft = p->lft;
	x->mode = p->mode;
	x->replay_window = p->replay_window < 32 ? p->replay_window : 32;
	x->reqid = p->reqid;
	x->family = p->family;
	x->saddr = p->saddr;
	x->flags = p->flags;
	if (!x->sel.family && !(p->flags & XFRM_STATE_AF_UNSPEC))
		x->sel.family = p->family;
	if (A(SA_EXTRA_FLAGS))
		x->extra_flags = unl_nla_get_u32(attrs[XFRMA_SA_EXTRA_FLAGS]);
	if (A(TFCPAD))
		x->tfcpad = unl_nla_get_u32(attrs[XFRMA_TFCPAD]);
	xfrm_mark_get(attrs, &x->mark);
	if (A(SET_MARK)) {
		x->smark.v = unl_nla_get_u32(attrs[XFRMA_SET_MARK]);
		x->smark.m = A(SET_MARK_MASK)
				     ? unl_nla_get_u32(attrs[XFRMA_SET_MARK_MASK])
				     : 0xffffffff;
	}
	if (A(IF_ID))
		x->if_id = unl_nla_get_u32(attrs[XFRMA_IF_ID]);
	if (attrs[XFRM_A_SA_DIR])
		x->dir = unl_nla_get_u8(attrs[XFRM_A_SA_DIR]);
	x->seq = p->seq;
	x->replay_maxdiff = (uint32_t)unl_net_core_sysctl(
		x->xn->net, UNL_CORE_XFRM_AEVENT_RSEQTH);
}

/* xfrm_update_ae_params(): the replay state and counters a request
 * gives. */
static void st_update_ae(struct xfrm_st *x, const struct nlattr **attrs,
			 bool update_esn)
{
	if (update_esn && A(REPLAY_ESN_VAL) && x->esn)
		memcpy(x->esn, unl_nla_data(attrs[XFRMA_REPLAY_ESN_VAL]),
		       (size_t)esn_len(x->esn));
	if (A(REPLAY_VAL))
		memcpy(&x->replay, unl_nla_data(attrs[XFRMA_REPLAY_VAL]),
		       sizeof(x->replay));
	if (A(LTIME_VAL)) {
		/* 64-bit counters at an address aligned to 4 */
		memcpy(&x->curlft, unl_nla_data(attrs[XFRMA_LTIME_VAL]),
		       sizeof(x->curlft));
	}
	if (A(ETIMER_THRESH))
		x->replay_maxage = unl_nla_get_u32(attrs[XFRMA_ETIMER_THRESH]);
	if (A(REPLAY_THRESH))
		x->replay_maxdiff = unl_nla_get_u32(attrs[XFRMA_REPLAY_THRESH]);
	if (A(MTIMER_THRESH))
		x->mapping_maxage = unl_nla_get_u32(attrs[XFRMA_MTIMER_THRESH]);
}

/* xfrm_dev_state_add() for devices without xfrmdev_ops, as every
 * device is here: after its checks, crypto offload falls back to
 * software (no error, no offload), packet offload cannot. */
int xfrm_dev_state_check(const struct xfrm_st *x,
			 const struct xfrm_user_offload *xuo,
			 struct unl_ext_ack *extack)
{
	bool inbound = xuo->flags & XFRM_OFFLOAD_INBOUND;

	if (xuo->flags & ~(XFRM_OFFLOAD_IPV6 | XFRM_OFFLOAD_INBOUND |
			   XFRM_OFFLOAD_PACKET)) {
		UNL_SET_ERR_MSG(extack,
				"Unrecognized flags in offload request");
		return -EINVAL;
	}
	if ((inbound && x->dir == XFRM_SA_DIR_OUT) ||
	    (!inbound && x->dir == XFRM_SA_DIR_IN)) {
		UNL_SET_ERR_MSG(extack, "Mismatched SA and offload direction");
		return -EINVAL;
	}
	if (x->tfcpad) {
		UNL_SET_ERR_MSG(extack, "TFC padding can't be offloaded");
		return -EINVAL;
	}
	return (xuo->flags & XFRM_OFFLOAD_PACKET) ? -EINVAL : 0;
}

/* xfrm_init_replay(): an ESN window within its bitmap, and not empty
 * where packets come in. */
static int init_replay(const struct xfrm_st *x, struct unl_ext_ack *extack)
{
	const struct xfrm_replay_state_esn *rs = x->esn;

	if (!rs)
		return 0;
	if (rs->replay_window > rs->bmp_len * 32) {
		UNL_SET_ERR_MSG(extack,
				"ESN replay window is too large for the chosen bitmap size");
		return -EINVAL;
	}
	if ((x->flags & XFRM_STATE_ESN) && !rs->replay_window &&
	    (!x->dir || x->dir == XFRM_SA_DIR_IN)) {
		UNL_SET_ERR_MSG(extack, "ESN replay window must be > 0");
		return -EINVAL;
	}
	return 0;
}

/* xfrm_state_construct() */
static struct xfrm_st *st_construct(struct xfrm_req *r,
				    const struct xfrm_usersa_info *p, int *errp)
{
	const struct nlattr **attrs = r->attrs;
	struct xfrm_st *x = st_alloc(r->xn);
	int err = -ENOMEM;

	if (!x)
		goto fail;
	st_from_user(x, p, attrs);
	if (A(ENCAP) && !(x->encap = dup_attr(attrs[XFRMA_ENCAP],
					      sizeof(*x->encap))))
		goto fail;
	if (A(COADDR) && !(x->coaddr = dup_attr(attrs[XFRMA_COADDR],
						sizeof(*x->coaddr))))
		goto fail;
	err = attach_algs(r->xn, x, attrs, r->extack);
	if (!err)
		err = st_init(r->xn, x, r->extack);
	if (!err && A(OFFLOAD_DEV))
		err = xfrm_dev_state_check(x, unl_nla_data(attrs[XFRMA_OFFLOAD_DEV]),
					   r->extack);
	if (err)
		goto fail;
	if (A(REPLAY_ESN_VAL)) {
		const struct nlattr *a = attrs[XFRMA_REPLAY_ESN_VAL];
		const struct xfrm_replay_state_esn *up = unl_nla_data(a);
		int klen = esn_len(up);
		int ulen = unl_nla_len(a) >= klen ? klen : (int)sizeof(*up);

		x->esn = calloc(1, (size_t)klen);
		if (!x->esn) {
			err = -ENOMEM;
			goto fail;
		}
		memcpy(x->esn, up, (size_t)ulen);
	}
	err = init_replay(x, r->extack);
	if (err)
		goto fail;
	/* xfrm_aevent_etime counts 100 ms units, replay_maxage jiffies */
	x->replay_maxage = (uint32_t)(unl_net_core_sysctl(
		r->xn->net, UNL_CORE_XFRM_AEVENT_ETIME) * xfrm_hz(r->xn) / 10);
	st_update_ae(x, attrs, false);
	return x;
fail:
	st_free(x);
	*errp = err;
	return NULL;
}

/* xfrm_state_add(): a larval state for the same SA (by sequence
 * number, or by addresses, mode and reqid) makes room. */
static int st_add(struct xfrm_net *xn, struct xfrm_st *x)
{
	struct xfrm_st *acq = NULL;

	if (st_locate(xn, x))
		return -EEXIST;
	if (use_spi(x->id.proto) && x->seq) {
		for (struct xfrm_st *y = xn->st_all; y && !acq; y = y->next)
			if (y->kstate == XS_ACQ && y->seq == x->seq &&
			    ((x->mark.v & x->mark.m) & y->mark.m) == y->mark.v)
				acq = y;
		if (acq && (acq->id.proto != x->id.proto ||
			    !addr_equal(&acq->id.daddr, &x->id.daddr,
					x->family)))
			acq = NULL;
	}
	if (use_spi(x->id.proto) && !acq)
		acq = st_find_acq(xn, x->mark.v & x->mark.m, x, true);
	st_insert(xn, x);
	if (acq) {
		st_unlink(xn, acq);
		st_free(acq);
	}
	return 0;
}

/* xfrm_state_update(): a VALID state takes the new one's lifetimes,
 * encapsulation, care-of address, output mark and if_id; a larval one
 * is replaced. */
static int st_update(struct xfrm_net *xn, struct xfrm_st *x, bool *consumed)
{
	struct xfrm_st *old = st_locate(xn, x);

	*consumed = false;
	if (!old)
		return -ESRCH;
	if (old->tunnel_users)
		return -EEXIST;
	if (old->kstate == XS_ACQ) {
		if (x->dir && old->dir != x->dir)
			return -ESRCH;
		st_insert(xn, x);
		*consumed = true;
		st_unlink(xn, old);
		st_free(old);
		return 0;
	}
	if (old->dir != x->dir)
		return -ESRCH;
	if (old->kstate != XS_VALID)
		return -EINVAL;
	if (x->encap && old->encap &&
	    x->encap->encap_type == old->encap->encap_type)
		*old->encap = *x->encap;
	else if (x->encap || old->encap)
		return -EINVAL;
	if (x->coaddr && old->coaddr)
		*old->coaddr = *x->coaddr;
	if (!use_spi(x->id.proto))
		old->sel = x->sel;
	old->lft = x->lft;
	old->soft_warned = false;
	unl_timer_mod(old->timer, unl_net_now(xn->net) + UNL_NSEC_PER_SEC);
	if (x->smark.m || x->smark.v || x->if_id) {
		old->smark = x->smark;
		if (x->if_id)
			old->if_id = x->if_id;
	}
	return 0;
}

int xfrm_add_sa(struct xfrm_req *r)
{
	struct xfrm_usersa_info p;
	bool consumed = true;
	struct xfrm_st *x;
	int err;

	/* a copy: the request is aligned to 4 only */
	memcpy(&p, NLMSG_DATA(r->nlh), sizeof(p));
	err = verify_newsa_info(&p, r->attrs, r->extack);
	if (err)
		return err;
	x = st_construct(r, &p, &err);
	if (!x)
		return err;
	if (r->nlh->nlmsg_type == XFRM_MSG_NEWSA)
		err = st_add(r->xn, x);
	else
		err = st_update(r->xn, x, &consumed);
	if (err) {
		st_free(x);
		return err;
	}
	if (x->kstate == XS_VOID)
		x->kstate = XS_VALID;
	st_notify(r->xn, x, r->nlh->nlmsg_type, r->nlh->nlmsg_pid,
		  r->nlh->nlmsg_seq);
	if (!consumed)
		st_free(x);
	return 0;
}

/* ---- GETSA, DELSA ---- */

/* xfrm_user_state_lookup() */
static struct xfrm_st *user_state_lookup(struct xfrm_req *r, int *errp)
{
	const struct xfrm_usersa_id *p = NLMSG_DATA(r->nlh);
	struct xfrm_mark m;
	uint32_t mark = xfrm_mark_get(r->attrs, &m);
	const xfrm_address_t *saddr;

	*errp = -ESRCH;
	if (use_spi(p->proto))
		return st_lookup(r->xn, mark, &p->daddr, p->spi, p->proto,
				 p->family);
	if (!r->attrs[XFRMA_SRCADDR]) {
		*errp = -EINVAL;
		return NULL;
	}
	saddr = unl_nla_data(r->attrs[XFRMA_SRCADDR]);
	return st_lookup_byaddr(r->xn, mark, &p->daddr, saddr, p->proto,
				p->family);
}

int xfrm_get_sa(struct xfrm_req *r)
{
	int err;
	struct xfrm_st *x = user_state_lookup(r, &err);

	return x ? st_reply(r, x) : err;
}

int xfrm_del_sa(struct xfrm_req *r)
{
	int err;
	struct xfrm_st *x = user_state_lookup(r, &err);

	if (!x)
		return err;
	if (x->tunnel_users) {
		UNL_SET_ERR_MSG(r->extack, "SA is in use by tunnels");
		return -EPERM;
	}
	st_unlink(r->xn, x);
	st_notify(r->xn, x, XFRM_MSG_DELSA, r->nlh->nlmsg_pid,
		  r->nlh->nlmsg_seq);
	st_free(x);
	return 0;
}

/* ---- FLUSHSA ---- */

int xfrm_flush_sa(struct xfrm_req *r)
{
	const struct xfrm_usersa_flush *p = NLMSG_DATA(r->nlh);
	struct xfrm_usersa_flush fl = { .proto = p->proto };
	struct xfrm_st *x, *next;
	int cnt = 0;

	for (x = r->xn->st_all; x; x = next) {
		next = x->next;
		/* xfrm_state_kern(): a hidden tunnel goes with its users */
		if (x->tunnel_users ||
		    !xfrm_id_proto_match(x->id.proto, p->proto))
			continue;
		if (next && next == x->tunnel && next->tunnel_users == 2)
			next = next->next;
		st_unlink(r->xn, x);
		st_free(x);
		cnt++;
	}
	/* an empty table is no error, and no event */
	if (cnt)
		xfrm_msg_multicast(r->xn, &(struct xfrm_msg){
			.type = XFRM_MSG_FLUSHSA, .portid = r->nlh->nlmsg_pid,
			.seq = r->nlh->nlmsg_seq, .hdr = &fl,
			.hdrlen = sizeof(fl) }, XFRMNLGRP_SA);
	return 0;
}

/* ---- ALLOCSPI ---- */

static int verify_spi_info(uint8_t proto, uint32_t min, uint32_t max,
			   struct unl_ext_ack *extack)
{
	switch (proto) {
	case IPPROTO_AH:
	case IPPROTO_ESP:
		break;
	case IPPROTO_COMP:
		if (max >= 0x10000) {
			UNL_SET_ERR_MSG(extack, "IPCOMP SPI must be <= 65535");
			return -EINVAL;
		}
		break;
	default:
		UNL_SET_ERR_MSG(extack,
				"Invalid protocol, must be one of AH, ESP, IPCOMP");
		return -EINVAL;
	}
	if (min > max) {
		UNL_SET_ERR_MSG(extack, "Invalid SPI range: min > max");
		return -EINVAL;
	}
	return 0;
}

/* __find_acq_core() with create: a larval state that expires after
 * xfrm_acq_expires. */
static struct xfrm_st *find_acq(struct xfrm_net *xn,
				const struct xfrm_userspi_info *p,
				const struct xfrm_mark *m, uint32_t if_id)
{
	const struct xfrm_usersa_info *i = &p->info;
	uint16_t family = i->family;
	struct xfrm_st k = { .id = i->id, .saddr = i->saddr, .family = family,
			     .mode = i->mode, .reqid = i->reqid };
	struct xfrm_st *x;
	long acq_expires;

	k.id.spi = 0;
	x = st_find_acq(xn, m->v & m->m, &k, false);
	if (x)
		return x;
	x = st_alloc(xn);
	if (!x)
		return NULL;
	if (family == AF_INET) {
		x->sel.daddr.a4 = i->id.daddr.a4;
		x->sel.saddr.a4 = i->saddr.a4;
		x->sel.prefixlen_d = x->sel.prefixlen_s = 32;
		x->saddr.a4 = i->saddr.a4;
		x->id.daddr.a4 = i->id.daddr.a4;
	} else if (family == AF_INET6) {
		x->sel.daddr = i->id.daddr;
		x->sel.saddr = i->saddr;
		x->sel.prefixlen_d = x->sel.prefixlen_s = 128;
		x->saddr = i->saddr;
		x->id.daddr = i->id.daddr;
	}
	x->kstate = XS_ACQ;
	x->id.proto = i->id.proto;
	x->family = family;
	x->mode = i->mode;
	x->reqid = i->reqid;
	x->if_id = if_id;
	x->mark = *m;
	acq_expires = unl_net_core_sysctl(xn->net, UNL_CORE_XFRM_ACQ_EXPIRES);
	x->lft.hard_add_expires_seconds = (uint64_t)acq_expires;
	st_link(xn, x);
	unl_timer_mod(x->timer,
		      x->added + (uint64_t)(acq_expires > 0 ? acq_expires : 0) *
					 UNL_NSEC_PER_SEC);
	return x;
}

static bool spi_taken(struct xfrm_net *xn, uint32_t spi, uint8_t proto)
{
	return unl_htab_first(&xn->st_byspi, key_spi(spi, proto)) != NULL;
}

/* A uniformly drawn SPI in [low, high] from the net's seed. */
static uint32_t spi_random(struct xfrm_net *xn, uint32_t low, uint32_t high)
{
	uint64_t z = (xn->serial * 0x9e3779b97f4a7c15ULL) ^
		     unl_net_seed(xn->net);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	xn->serial++;
	return low + (uint32_t)(z % ((uint64_t)high - low + 1));
}

/* xfrm_alloc_spi(): as many draws as the range is wide. */
static int alloc_spi(struct xfrm_net *xn, struct xfrm_st *x, uint32_t low,
		     uint32_t high, struct unl_ext_ack *extack)
{
	uint64_t range = (uint64_t)high - low + 1;

	if (x->id.spi)
		return 0;
	for (uint64_t h = 0; h < range; h++) {
		uint32_t spi = low == high ? low : spi_random(xn, low, high);

		if (!spi_taken(xn, htonl(spi), x->id.proto)) {
			x->id.spi = htonl(spi);
			st_index_spi(xn, x);
			return 0;
		}
		if (low == high)
			break;
	}
	UNL_SET_ERR_MSG(extack, "No SPI available in the requested range");
	return -ENOENT;
}

int xfrm_alloc_userspi(struct xfrm_req *r)
{
	struct xfrm_userspi_info sp, *p = &sp;
	struct xfrm_st *x = NULL;
	struct xfrm_mark m;
	uint32_t mark, if_id = 0;
	int err;

	memcpy(&sp, NLMSG_DATA(r->nlh), sizeof(sp));
	err = verify_spi_info(p->info.id.proto, p->min, p->max, r->extack);
	if (err)
		return err;
	mark = xfrm_mark_get(r->attrs, &m);
	if (r->attrs[XFRMA_IF_ID])
		if_id = unl_nla_get_u32(r->attrs[XFRMA_IF_ID]);
	if (r->attrs[XFRM_A_SA_PCPU] &&
	    unl_nla_get_u32(r->attrs[XFRM_A_SA_PCPU]) >= 1) {
		/* one possible CPU here */
		UNL_SET_ERR_MSG(r->extack, "pCPU number too big");
		return -EINVAL;
	}
	if (p->info.seq) {
		for (x = r->xn->st_all; x; x = x->next)
			if (x->kstate == XS_ACQ && x->seq == p->info.seq &&
			    (mark & x->mark.m) == x->mark.v)
				break;
		if (x && !addr_equal(&x->id.daddr, &p->info.id.daddr,
				     p->info.family))
			x = NULL;
	}
	if (!x)
		x = find_acq(r->xn, p, &m, if_id);
	if (!x) {
		UNL_SET_ERR_MSG(r->extack, "Target ACQUIRE not found");
		return -ENOENT;
	}
	err = alloc_spi(r->xn, x, p->min, p->max, r->extack);
	if (err)
		return err;
	if (r->attrs[XFRM_A_SA_DIR])
		x->dir = unl_nla_get_u8(r->attrs[XFRM_A_SA_DIR]);
	return st_reply(r, x);
}

/* ---- SAD information ---- */

int xfrm_get_sadinfo(struct xfrm_req *r)
{
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct unl_skb *skb = unl_nlmsg_new(128);
	struct xfrmu_sadhinfo sh = {
		.sadhcnt = r->xn->st_hmask + 1,
		.sadhmcnt = XFRM_STATE_HASHMAX,
	};
	struct nlmsghdr *nlh;
	int err;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, portid, r->nlh->nlmsg_seq,
			    XFRM_MSG_NEWSADINFO, sizeof(uint32_t), 0);
	if (!nlh || unl_nla_put_u32(skb, XFRMA_SAD_CNT, r->xn->st_num) ||
	    unl_nla_put(skb, XFRMA_SAD_HINFO, sizeof(sh), &sh)) {
		unl_skb_free(skb);
		return -EMSGSIZE;
	}
	memcpy(NLMSG_DATA(nlh), NLMSG_DATA(r->nlh), sizeof(uint32_t));
	unl_nlmsg_end(skb, nlh);
	err = unl_unicast(r->xn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

/* ---- NEWAE, GETAE ---- */

/* build_aevent() */
static int ae_put(struct unl_skb *skb, const struct xfrm_st *x,
		  uint32_t portid, uint32_t seq, uint32_t flags)
{
	struct xfrm_aevent_id *id;
	struct nlmsghdr *nlh;
	int err;

	nlh = unl_nlmsg_put(skb, portid, seq, XFRM_MSG_NEWAE, sizeof(*id), 0);
	if (!nlh)
		return -EMSGSIZE;
	id = NLMSG_DATA(nlh);
	id->sa_id.daddr = x->id.daddr;
	id->sa_id.spi = x->id.spi;
	id->sa_id.family = x->family;
	id->sa_id.proto = x->id.proto;
	id->saddr = x->saddr;
	id->reqid = x->reqid;
	id->flags = flags;
	if (x->esn)
		err = unl_nla_put(skb, XFRMA_REPLAY_ESN_VAL, esn_len(x->esn),
				  x->esn);
	else
		err = unl_nla_put(skb, XFRMA_REPLAY_VAL, sizeof(x->replay),
				  &x->replay);
	/* nla_put_64bit(): no padding on x86-64 (core/msg.c) */
	if (!err)
		err = unl_nla_put(skb, XFRMA_LTIME_VAL, sizeof(x->curlft),
				  &x->curlft);
	if (!err && (flags & XFRM_AE_RTHR))
		err = unl_nla_put_u32(skb, XFRMA_REPLAY_THRESH,
				      x->replay_maxdiff);
	if (!err && (flags & XFRM_AE_ETHR))
		err = unl_nla_put_u32(skb, XFRMA_ETIMER_THRESH,
				      x->replay_maxage * 10 / xfrm_hz(x->xn));
	if (!err)
		err = xfrm_mark_put(skb, &x->mark);
	if (!err)
		err = xfrm_if_id_put(skb, x->if_id);
	if (!err && x->dir)
		err = unl_nla_put_u8(skb, XFRM_A_SA_DIR, x->dir);
	if (err) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static struct xfrm_st *ae_lookup(struct xfrm_req *r)
{
	const struct xfrm_aevent_id *p = NLMSG_DATA(r->nlh);
	struct xfrm_mark m;
	uint32_t mark = xfrm_mark_get(r->attrs, &m);

	return st_lookup(r->xn, mark, &p->sa_id.daddr, p->sa_id.spi,
			 p->sa_id.proto, p->sa_id.family);
}

/* xfrm_get_ae() */
int xfrm_get_ae(struct xfrm_req *r)
{
	const struct xfrm_aevent_id *p = NLMSG_DATA(r->nlh);
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct xfrm_st *x = ae_lookup(r);
	struct unl_skb *skb;
	int err;

	if (!x)
		return -ESRCH;
	skb = unl_nlmsg_new(1024);
	if (!skb)
		return -ENOMEM;
	/* addressed as the request says (c.portid = nlmsg_pid) */
	err = ae_put(skb, x, r->nlh->nlmsg_pid, r->nlh->nlmsg_seq, p->flags);
	if (err) {
		unl_skb_free(skb);
		return err;
	}
	err = unl_unicast(r->xn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

/* xfrm_new_ae(): a key manager sets the replay state; listeners of
 * XFRMNLGRP_AEVENTS hear it (XFRM_AE_CU). */
int xfrm_new_ae(struct xfrm_req *r)
{
	const struct nlattr **attrs = r->attrs;
	struct xfrm_st *x;
	struct unl_skb *skb;

	if (!A(REPLAY_VAL) && !A(REPLAY_ESN_VAL) && !A(LTIME_VAL) &&
	    !A(ETIMER_THRESH) && !A(REPLAY_THRESH) && !A(MTIMER_THRESH)) {
		UNL_SET_ERR_MSG(r->extack, "Missing required attribute for AE");
		return -EINVAL;
	}
	if (!(r->nlh->nlmsg_flags & NLM_F_REPLACE)) {
		UNL_SET_ERR_MSG(r->extack, "NLM_F_REPLACE flag is required");
		return -EINVAL;
	}
	x = ae_lookup(r);
	if (!x)
		return -ESRCH;
	if (x->kstate != XS_VALID) {
		UNL_SET_ERR_MSG(r->extack, "SA must be in VALID state");
		return -EINVAL;
	}
	if (A(REPLAY_ESN_VAL)) {
		const struct nlattr *rp = attrs[XFRMA_REPLAY_ESN_VAL];
		const struct xfrm_replay_state_esn *up = unl_nla_data(rp);

		if (x->esn) {
			if (unl_nla_len(rp) < esn_len(up)) {
				UNL_SET_ERR_MSG(r->extack,
						"ESN attribute is too short");
				return -EINVAL;
			}
			if (esn_len(x->esn) != esn_len(up)) {
				UNL_SET_ERR_MSG(r->extack,
						"New ESN size doesn't match the existing SA's ESN size");
				return -EINVAL;
			}
			if (up->replay_window > up->bmp_len * 32) {
				UNL_SET_ERR_MSG(r->extack,
						"ESN replay window is longer than the bitmap");
				return -EINVAL;
			}
		}
	}
	st_update_ae(x, attrs, true);
	skb = unl_nlmsg_new(1024);
	if (skb && ae_put(skb, x, r->nlh->nlmsg_pid, r->nlh->nlmsg_seq,
			  XFRM_AE_CU) == 0)
		xfrm_nlmsg_multicast(r->xn, skb, XFRMNLGRP_AEVENTS);
	else
		unl_skb_free(skb);
	return 0;
}

/* ---- EXPIRE from user space ---- */

/* xfrm_add_sa_expire() */
int xfrm_add_sa_expire(struct xfrm_req *r)
{
	struct xfrm_user_expire uex, *ue = &uex;
	const struct xfrm_usersa_info *p = &uex.state;
	struct xfrm_mark m;
	uint32_t mark = xfrm_mark_get(r->attrs, &m);
	struct xfrm_st *x;

	memcpy(&uex, NLMSG_DATA(r->nlh), sizeof(uex));
	x = st_lookup(r->xn, mark, &p->id.daddr, p->id.spi, p->id.proto,
		      p->family);
	if (!x)
		return -ENOENT;
	if (x->kstate != XS_VALID) {
		UNL_SET_ERR_MSG(r->extack, "SA must be in VALID state");
		return -EINVAL;
	}
	if (ue->hard) {
		st_unlink(r->xn, x);
		st_expire_notify(r->xn, x, true, r->nlh->nlmsg_pid);
		st_free(x);
	} else {
		st_expire_notify(r->xn, x, false, r->nlh->nlmsg_pid);
	}
	return 0;
}

/* ---- dumps ---- */

/* The first call parses the request's filters (an address filter and
 * a protocol) into cb->args: [0] started, [1] the serial of the last
 * state dumped, [2] the protocol; the filter sits in cb->ctx. */
int xfrm_dump_sa(struct unl_skb *skb, struct unl_callback *cb)
{
	struct unl_sock *sk = unl_skb_cb(cb->skb)->sk;
	struct xfrm_net *xn = xfrm_net_get(unl_sock_net(sk));
	uint32_t portid = unl_skb_cb(cb->skb)->portid;
	struct xfrm_address_filter *f = (void *)cb->ctx;
	bool filtered = cb->args[3];

	_Static_assert(sizeof(*f) <= sizeof(cb->ctx), "ctx too small");
	if (!cb->args[0]) {
		const struct nlattr *attrs[XFRM_A_MAX + 1] = { 0 };
		int err = unl_nlmsg_parse(cb->nlh, 0, attrs, XFRM_A_MAX,
					  xfrma_policy, UNL_VALIDATE_LIBERAL,
					  cb->extack);

		if (err < 0)
			return err;
		if (A(ADDRESS_FILTER)) {
			memcpy(f, unl_nla_data(attrs[XFRMA_ADDRESS_FILTER]),
			       sizeof(*f));
			if (f->splen > 128 || f->dplen > 128)
				return -EINVAL;
			cb->args[3] = filtered = true;
		}
		if (A(PROTO))
			cb->args[2] = unl_nla_get_u8(attrs[XFRMA_PROTO]);
		cb->args[0] = 1;
	}
	for (struct xfrm_st *x = xn->st_all; x; x = x->next) {
		if (cb->args[1] && x->serial >= (uint64_t)cb->args[1])
			continue;
		if (!xfrm_id_proto_match(x->id.proto, (uint8_t)cb->args[2]))
			continue;
		if (filtered &&
		    (((f->family == AF_INET || f->family == AF_INET6) &&
		      x->family != f->family) ||
		     !xfrm_addr_match(&x->saddr, &f->saddr, f->splen) ||
		     !xfrm_addr_match(&x->id.daddr, &f->daddr, f->dplen)))
			continue;
		if (st_fill(skb, x, portid, cb->nlh->nlmsg_seq, NLM_F_MULTI))
			return (int)unl_skb_len(skb);
		cb->args[1] = (long)x->serial;
	}
	/* what this call wrote (as xfrm_dump_*() return skb->len): the
	 * dump ends on the call that finds nothing more, so NLMSG_DONE
	 * comes in a datagram of its own */
	return (int)unl_skb_len(skb);
}

int xfrm_dump_sa_done(struct unl_callback *cb)
{
	(void)cb;
	return 0;
}

void xfrm_state_fini(struct xfrm_net *xn)
{
	struct xfrm_st *x;

	/* no comp state keeps its tunnel alive past the namespace */
	for (x = xn->st_all; x; x = x->next) {
		x->tunnel = NULL;
		x->tunnel_users = 0;
	}
	while ((x = xn->st_all)) {
		st_unlink(xn, x);
		st_free(x);
	}
	while (xn->x6spi) {
		struct xfrm6_tunnel_spi *e = xn->x6spi;

		xn->x6spi = e->next;
		free(e);
	}
	unl_htab_free(&xn->st_byspi);
	unl_htab_free(&xn->st_bysrc);
	unl_htab_free(&xn->st_bydst);
	free(xn->st_dst_count);
	xn->st_dst_count = NULL;
}

/* xfrm_state_delete() without an event, as the kernel's own deletions
 * (MIGRATE's old states) are. */
void xfrm_state_delete(struct xfrm_net *xn, struct xfrm_st *x)
{
	st_unlink(xn, x);
	st_free(x);
}

/* ---- MIGRATE: the states ---- */

static bool migrate_state_match(const struct xfrm_st *x,
				const struct xfrm_user_migrate *m,
				uint32_t if_id)
{
	return x->mode == m->mode && x->id.proto == m->proto &&
	       x->family == m->old_family &&
	       (!m->reqid || x->reqid == m->reqid) &&
	       (!if_id || x->if_id == if_id) &&
	       xfrm_addr_equal(&x->id.daddr, &m->old_daddr, m->old_family) &&
	       xfrm_addr_equal(&x->saddr, &m->old_saddr, m->old_family);
}

/* xfrm_migrate_state_find(): the newest state of the entry's old
 * addresses, mode and protocol (and reqid, when it names one), larval
 * or not, searched among those of its reqid or of its addresses as
 * Linux searches its bydst or bysrc chain. */
struct xfrm_st *xfrm_state_migrate_find(struct xfrm_net *xn,
					const struct xfrm_user_migrate *m,
					uint32_t if_id)
{
	struct xfrm_st *found = NULL;
	struct unl_hnode *n;

	if (m->reqid)
		n = unl_htab_first(&xn->st_bydst,
				   key_dst(&m->old_daddr, &m->old_saddr,
					   m->reqid, m->old_family));
	else
		n = unl_htab_first(&xn->st_bysrc,
				   key_src(&m->old_daddr, &m->old_saddr,
					   m->old_family));
	for (; n; n = unl_htab_next(n)) {
		struct xfrm_st *x = m->reqid ? ST_ENTRY(n, bydst)
					     : ST_ENTRY(n, bysrc);

		if (migrate_state_match(x, m, if_id))
			found = st_newer(found, x);
	}
	return found;
}

static void *dup_mem(const void *p, size_t len, bool *failed)
{
	void *d;

	if (!p)
		return NULL;
	d = malloc(len);
	if (d)
		memcpy(d, p, len);
	else
		*failed = true;
	return d;
}

/* xfrm_state_clone_and_setup(): the state at the entry's new addresses
 * (family, destination, source), with the request's encapsulation if
 * it gives one; its lifetimes run on from the original's. */
static struct xfrm_st *st_clone(struct xfrm_net *xn, const struct xfrm_st *o,
				const struct xfrm_user_migrate *m,
				const struct xfrm_encap_tmpl *encap)
{
	struct xfrm_st *x = st_alloc(xn);
	bool failed = false;

	if (!x)
		return NULL;
	x->id = o->id;
	x->sel = o->sel;
	x->lft = o->lft;
	x->curlft = o->curlft;
	x->added = o->added;
	x->mode = o->mode;
	x->replay_window = o->replay_window;
	x->reqid = o->reqid;
	x->flags = o->flags;
	x->extra_flags = o->extra_flags;
	x->if_id = o->if_id;
	x->tfcpad = o->tfcpad;
	x->replay_maxdiff = o->replay_maxdiff;
	x->replay_maxage = o->replay_maxage;
	x->mapping_maxage = o->mapping_maxage;
	x->kstate = o->kstate;
	x->seq = o->seq;
	x->replay = o->replay;
	x->mark = o->mark;
	x->smark = o->smark;
	x->dir = o->dir;
	x->aalg = o->aalg ? dup_mem(o->aalg, (size_t)auth_len(o->aalg),
				    &failed) : NULL;
	x->aead = o->aead ? dup_mem(o->aead, (size_t)aead_len(o->aead),
				    &failed) : NULL;
	x->ealg = o->ealg ? dup_mem(o->ealg, (size_t)algo_len(o->ealg),
				    &failed) : NULL;
	x->calg = o->calg ? dup_mem(o->calg, (size_t)algo_len(o->calg),
				    &failed) : NULL;
	x->encap = dup_mem(encap ? encap : o->encap, sizeof(*x->encap),
			   &failed);
	x->coaddr = dup_mem(o->coaddr, sizeof(*x->coaddr), &failed);
	x->esn = o->esn ? dup_mem(o->esn, (size_t)esn_len(o->esn), &failed)
			: NULL;
	if (failed) {
		st_free(x);
		return NULL;
	}
	x->family = m->new_family;
	x->id.daddr = m->new_daddr;
	x->saddr = m->new_saddr;
	return x;
}

/* xfrm_state_migrate(): the clone is initialised as a new state is
 * (xfrm_init_state(): its type, modes and replay window; VALID after),
 * offloaded if asked, and inserted beside the original when its
 * destination stays, else added (EEXIST for an SA already there).
 * NULL on any failure, which MIGRATE answers ENODATA. */
struct xfrm_st *xfrm_state_migrate(struct xfrm_net *xn, struct xfrm_st *o,
				   const struct xfrm_user_migrate *m,
				   const struct xfrm_encap_tmpl *encap,
				   const struct xfrm_user_offload *xuo,
				   struct unl_ext_ack *extack)
{
	struct xfrm_st *x = st_clone(xn, o, m, encap);

	if (!x)
		return NULL;
	if (st_init(xn, x, NULL) || init_replay(x, NULL))
		goto fail;
	x->kstate = XS_VALID;
	if (xuo && xfrm_dev_state_check(x, xuo, extack))
		goto fail;
	if (xfrm_addr_equal(&o->id.daddr, &m->new_daddr, m->new_family))
		st_insert(xn, x);
	else if (st_add(xn, x))
		goto fail;
	return x;
fail:
	st_free(x);
	return NULL;
}

/* ---- IPComp's hidden tunnels ---- */

static struct xfrm6_tunnel_spi *x6spi_find(struct xfrm_net *xn,
					   const xfrm_address_t *saddr)
{
	struct xfrm6_tunnel_spi *e = xn->x6spi;

	while (e && memcmp(&e->saddr, saddr, sizeof(*saddr)))
		e = e->next;
	return e;
}

static bool x6spi_used(const struct xfrm_net *xn, uint32_t spi)
{
	for (const struct xfrm6_tunnel_spi *e = xn->x6spi; e; e = e->next)
		if (e->spi == spi)
			return true;
	return false;
}

/* xfrm6_tunnel_alloc_spi(): a source address's SPI, shared, or the
 * next free one after the last handed out (1 to 0xffffffff, wrapping);
 * 0 when none is left. */
static uint32_t x6spi_get(struct xfrm_net *xn, const xfrm_address_t *saddr)
{
	struct xfrm6_tunnel_spi *e = x6spi_find(xn, saddr);
	uint32_t spi;

	if (e) {
		e->refcnt++;
		return e->spi;
	}
	spi = xn->x6spi_last >= 1 && xn->x6spi_last < UINT32_MAX
		      ? xn->x6spi_last + 1 : 1;
	for (uint32_t tries = 0; x6spi_used(xn, spi); tries++) {
		if (tries == UINT32_MAX - 1)
			return 0;
		spi = spi == UINT32_MAX ? 1 : spi + 1;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return 0;
	e->saddr = *saddr;
	e->spi = spi;
	e->refcnt = 1;
	e->next = xn->x6spi;
	xn->x6spi = e;
	xn->x6spi_last = spi;
	return spi;
}

/* xfrm6_tunnel_free_spi(), as an IPv6 tunnel state goes */
static void x6spi_put(struct xfrm_net *xn, const xfrm_address_t *saddr)
{
	struct xfrm6_tunnel_spi **pp = &xn->x6spi;

	while (*pp && memcmp(&(*pp)->saddr, saddr, sizeof(*saddr)))
		pp = &(*pp)->next;
	if (*pp && !--(*pp)->refcnt) {
		struct xfrm6_tunnel_spi *e = *pp;

		*pp = e->next;
		free(e);
	}
}

/* ipcomp_tunnel_create() and ipcomp6_tunnel_create(): the IP-in-IP
 * state of the comp state's addresses (its SPI the IPv4 source, or
 * xfrm6_tunnel's SPI for the IPv6 one), initialised as a new state is;
 * NULL when it cannot be (no ipip4/ipip6 type in the profile). */
static struct xfrm_st *ipcomp_tunnel_create(struct xfrm_st *x)
{
	struct xfrm_st *t = st_alloc(x->xn);
	bool v6 = x->family == AF_INET6;

	if (!t)
		return NULL;
	t->id.proto = v6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	if (v6) {
		uint32_t spi = x6spi_get(x->xn, &x->saddr);

		t->saddr = x->saddr;
		t->x6spi = spi != 0;
		t->id.spi = htonl(spi);
		t->id.daddr = x->id.daddr;
	} else {
		t->saddr.a4 = x->saddr.a4;
		t->id.spi = x->saddr.a4;
		t->id.daddr.a4 = x->id.daddr.a4;
	}
	t->sel = x->sel;
	t->family = x->family;
	t->mode = x->mode;
	t->flags = x->flags;
	t->extra_flags = x->extra_flags;
	t->mark = x->mark;
	t->if_id = x->if_id;
	if ((v6 && !t->x6spi) || st_init(x->xn, t, NULL) ||
	    init_replay(t, NULL)) {
		st_free(t);
		return NULL;
	}
	t->kstate = XS_VALID;
	t->tunnel_users = 1;
	return t;
}

/* ipcomp_tunnel_attach(): a comp state in tunnel mode uses the hidden
 * tunnel of its addresses and mark, made and inserted if there is none
 * (EINVAL when it cannot be). */
int xfrm_ipcomp_tunnel_attach(struct xfrm_st *x)
{
	struct xfrm_net *xn = x->xn;
	uint32_t mark = x->mark.v & x->mark.m;
	struct xfrm_st *t = NULL;

	if (x->family == AF_INET6) {
		struct xfrm6_tunnel_spi *e = x6spi_find(xn, &x->saddr);

		if (e)
			t = st_lookup(xn, mark, &x->id.daddr, htonl(e->spi),
				      IPPROTO_IPV6, AF_INET6);
	} else {
		t = st_lookup(xn, mark, &x->id.daddr, x->saddr.a4,
			      IPPROTO_IPIP, AF_INET);
	}
	if (!t) {
		t = ipcomp_tunnel_create(x);
		if (!t)
			return -EINVAL;
		st_insert(xn, t);
	}
	x->tunnel = t;
	t->tunnel_users++;
	return 0;
}
