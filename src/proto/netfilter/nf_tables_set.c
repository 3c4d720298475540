// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables sets, maps and their elements, and the lookup expression
 * that binds them to rules (the set part of nf_tables_api.c, and
 * nft_lookup.c).
 *
 * A set lives in its table; its elements live in the set, each with a
 * genmask of its own, so that a batch adds and deletes them in the next
 * generation as it does tables, chains and rules.  An anonymous set
 * ("__set%d") is made in the batch of the rule that uses it and goes
 * with that rule: the lookup binds it, and the last unbinding deletes
 * it (with its DELSET event when a commit does it).
 *
 * Elements are kept in the order the kernel's backend walks them, which
 * is what a dump shows: descending keys for the rbtree of intervals (an
 * interval's start before its end when they share a key), the order of
 * insertion for pipapo's concatenated ranges and the bitmap of short
 * keys, and for the hash tables too (whose order in the kernel is
 * random).  Concatenated keys are one key
 * of several fields (a range of them with an end key, as pipapo takes
 * them).  A hash index over the keys finds an element without walking
 * the list.
 *
 * Sets with NFT_SET_TIMEOUT give each element a timeout (the set's by
 * default; 0: never) and an expiration, in jiffies of the net's clock
 * as Linux keeps them.  An element past its expiration is gone for every
 * request at once (the backends' lookups and walks skip it); a timer of
 * the set then frees it, as the backends' garbage collection does,
 * without an event.  Not modelled yet (docs/conformance.md): element
 * expressions, object maps, and the overlap checks of intervals.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "core/internal.h"
#include "proto/netfilter/nf_tables.h"

#define NFT_SET_MAX_ANONLEN 16
#define NFT_SET_FIELDS_MAX 16 /* NFT_REG32_COUNT */
#define NFT_SET_ELEM_CATCHALL_ 0x2 /* Linux 5.13 */
#define NFTA_SET_COUNT_ 20         /* Linux 6.18 */
#define NFT_SET_EXPR_MAX 2

/* Stateful expressions of a set or an element (struct
 * nft_set_elem_expr): at most NFT_SET_EXPR_MAX. */
struct nft_set_exprs {
	uint8_t n;
	struct nft_expr *e[NFT_SET_EXPR_MAX];
};

/* An element holds only what it has (struct nft_set_ext): its key (and
 * end key) after it, the rest behind pointers that are NULL when it has
 * none.  A set of 100,000 addresses is most of what a big ruleset
 * holds. */
/* What few elements have (Linux's optional set extensions): a map's
 * data, expressions, userdata. */
struct nft_set_elem_ext {
	struct nft_data *data;
	struct nft_set_exprs *exprs;
	uint8_t *udata;
	uint16_t udlen;
};

/* An element: what every one has, then its key.  Sets hold hundreds of
 * thousands: each byte here is counted (bench-nft).  The header and an
 * IPv4 key are 40 bytes, malloc's chunk of 48; the allocation is
 * offsetof(key) plus the keys, not sizeof (which pads to 8). */
struct nft_set_elem {
	struct nft_list list;
	struct nft_set_elem *hnext; /* in its bucket of the set's index */
	struct nft_set_elem_ext *ext; /* NULL: none of it */
	uint8_t flags;       /* NFT_SET_ELEM_*: the two there are */
	uint8_t genmask;
	bool has_timeout;    /* its nft_elem_timeouts come before it */
	bool has_key_end;    /* concatenated ranges: an end key after key */
	uint8_t key[];       /* set->klen bytes, then the end key's */
};

/* NFT_SET_EXT_TIMEOUT, which every element of a set with
 * NFT_SET_TIMEOUT has and no other: in front of the element, in the
 * same allocation, so that the others do without it. */
struct nft_elem_timeouts {
	uint64_t timeout;    /* jiffies; 0: never expires */
	uint64_t expiration; /* jiffies of the net's clock */
};

static struct nft_elem_timeouts *nft_elem_tmo(const struct nft_set_elem *e)
{
	return (struct nft_elem_timeouts *)e - 1;
}

/* 0 (never expires) for an element without timeouts */
static uint64_t nft_elem_timeout(const struct nft_set_elem *e)
{
	return e->has_timeout ? nft_elem_tmo(e)->timeout : 0;
}

static uint64_t nft_elem_expiration(const struct nft_set_elem *e)
{
	return e->has_timeout ? nft_elem_tmo(e)->expiration : 0;
}

static struct nft_data *nft_elem_data(const struct nft_set_elem *e)
{
	return e->ext ? e->ext->data : NULL;
}

static struct nft_set_exprs *nft_elem_exprs(const struct nft_set_elem *e)
{
	return e->ext ? e->ext->exprs : NULL;
}

/* e's extension, made when it has none; NULL when out of memory. */
static struct nft_set_elem_ext *nft_elem_ext(struct nft_set_elem *e)
{
	if (!e->ext)
		e->ext = calloc(1, sizeof(*e->ext));
	return e->ext;
}

/* An element to look for, on the stack: room for the longest keys. */
#define NFT_ELEM_KEY(name)                                                 \
	union {                                                            \
		struct nft_set_elem e;                                     \
		uint8_t room[sizeof(struct nft_set_elem) +                 \
			     2 * NFT_DATA_VALUE_MAXLEN];                   \
	} name##_room = { .room = { 0 } };                                 \
	struct nft_set_elem *name = &name##_room.e

struct nft_set {
	NFT_TOBJ_HEAD; /* use: bindings and references */
	uint32_t flags, ktype, klen, dtype, dlen, policy, size;
	uint8_t field_count;
	uint8_t field_len[NFT_SET_FIELDS_MAX];
	uint32_t nbindings; /* lookups bound to it */
	bool dead;          /* an anonymous set unlinked by its last unbinding */
	struct nft_list elems;
	uint32_t nelems;
	/* the index: every element of elems by key, nbuckets a power of 2 */
	struct nft_set_elem **buckets;
	uint32_t nbuckets, nindexed;
	uint64_t timeout; /* jiffies, the elements' default */
	struct nft_set_exprs exprs; /* what each element gets */
	uint32_t gc_int;  /* ms, as given */
	struct nft_net *nft;
	/* The gc runs every gc_int (a second by default) from the set's
	 * creation, as the hash backend's delayed work does; its timer is
	 * armed only for a run that has something to free. */
	struct unl_timer *gc_timer;
	int64_t gc_base; /* ns of the net's clock */
};

/* A zeroed element of set with room for nkeys keys; NULL when out of
 * memory.  nft_set_elem_free() gives it back. */
static struct nft_set_elem *nft_set_elem_alloc(const struct nft_set *set,
					       unsigned int nkeys)
{
	bool tmo = set->flags & NFT_SET_TIMEOUT;
	size_t pre = tmo ? sizeof(struct nft_elem_timeouts) : 0;
	char *p = calloc(1, pre + offsetof(struct nft_set_elem, key) +
				    (size_t)set->klen * nkeys);
	struct nft_set_elem *e;

	if (!p)
		return NULL;
	e = (struct nft_set_elem *)(p + pre);
	e->has_timeout = tmo;
	return e;
}

static bool nft_set_is_anonymous(const struct nft_set *set)
{
	return set->flags & NFT_SET_ANONYMOUS;
}

/* ---- policies ---- */

static const struct unl_nla_policy nft_set_desc_policy[NFTA_SET_DESC_MAX + 1] = {
	[NFTA_SET_DESC_SIZE] = { .type = UNL_NLA_U32 },
	[NFTA_SET_DESC_CONCAT] = { .type = UNL_NLA_NESTED },
};

const struct unl_nla_policy nft_set_policy[NFTA_SET_MAX + 1] = {
	[NFTA_SET_TABLE] = { .type = UNL_NLA_STRING,
			     .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_SET_NAME] = { .type = UNL_NLA_STRING,
			    .len = NFT_SET_MAXNAMELEN_ - 1 },
	[NFTA_SET_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_SET_KEY_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_SET_KEY_LEN] = { .type = UNL_NLA_U32 },
	[NFTA_SET_DATA_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_SET_DATA_LEN] = { .type = UNL_NLA_U32 },
	[NFTA_SET_POLICY] = { .type = UNL_NLA_U32 },
	[NFTA_SET_DESC] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ID] = { .type = UNL_NLA_U32 },
	[NFTA_SET_TIMEOUT] = { .type = UNL_NLA_U64 },
	[NFTA_SET_GC_INTERVAL] = { .type = UNL_NLA_U32 },
	[NFTA_SET_USERDATA] = { .type = UNL_NLA_BINARY,
				.len = NFT_USERDATA_MAXLEN },
	[NFTA_SET_OBJ_TYPE] = { .type = UNL_NLA_U32 },
	[NFTA_SET_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_SET_EXPR] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_EXPRESSIONS] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy nft_set_elem_policy[NFTA_SET_ELEM_MAX + 1] = {
	[NFTA_SET_ELEM_KEY] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ELEM_DATA] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ELEM_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_SET_ELEM_TIMEOUT] = { .type = UNL_NLA_U64 },
	[NFTA_SET_ELEM_EXPIRATION] = { .type = UNL_NLA_U64 },
	[NFTA_SET_ELEM_USERDATA] = { .type = UNL_NLA_BINARY,
				     .len = NFT_USERDATA_MAXLEN },
	[NFTA_SET_ELEM_EXPR] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ELEM_OBJREF] = { .type = UNL_NLA_STRING, .len = 255 },
	[NFTA_SET_ELEM_KEY_END] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ELEM_EXPRESSIONS] = { .type = UNL_NLA_NESTED },
};

const struct unl_nla_policy nft_set_elem_list_policy[NFTA_SET_ELEM_LIST_MAX + 1] = {
	[NFTA_SET_ELEM_LIST_TABLE] = { .type = UNL_NLA_STRING,
				       .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_SET_ELEM_LIST_SET] = { .type = UNL_NLA_STRING,
				     .len = NFT_SET_MAXNAMELEN_ - 1 },
	[NFTA_SET_ELEM_LIST_ELEMENTS] = { .type = UNL_NLA_NESTED },
	[NFTA_SET_ELEM_LIST_SET_ID] = { .type = UNL_NLA_U32 },
};

/* ---- finding sets ---- */

static const struct nft_tobj_ops nft_set_ops;
_Static_assert(offsetof(struct nft_set, tobj) == 0, "tobj first");

static struct nft_set *nft_set_lookup(const struct nft_table *table,
				      const struct nlattr *nla,
				      uint8_t genmask)
{
	return (struct nft_set *)nft_tobj_lookup(&table->sets, &nft_set_ops,
						 nla, 0, genmask);
}

static struct nft_set *nft_set_lookup_byhandle(const struct nft_table *table,
					       const struct nlattr *nla,
					       uint8_t genmask)
{
	return (struct nft_set *)nft_tobj_lookup_byhandle(
		&table->sets, &nft_set_ops, nft_get_be64(nla), 0, genmask);
}

/* A set made earlier in the batch, named by the id the batch gave it. */
static struct nft_set *nft_set_lookup_byid(const struct nft_net *nft,
					   const struct nft_table *table,
					   const struct nlattr *nla,
					   uint8_t genmask)
{
	uint32_t id = nft_get_be32(nla);
	const struct nft_list *p;

	nft_list_for_each(p, &nft->commit_list) {
		const struct nft_trans *t =
			nft_container_of(p, struct nft_trans, list);

		if (t->msg_type == NFT_MSG_NEWSET && !t->update &&
		    t->set_id == id && t->set->table == table &&
		    nft_active_genmask(t->set->genmask, genmask))
			return t->set;
	}
	return NFT_ERR(-ENOENT);
}

/* nft_set_lookup_global(): by name, else by the batch's id. */
static struct nft_set *nft_set_lookup_global(const struct nft_net *nft,
					     const struct nft_table *table,
					     const struct nlattr *name,
					     const struct nlattr *id,
					     uint8_t genmask)
{
	struct nft_set *set = nft_set_lookup(table, name, genmask);

	if (NFT_IS_ERR(set) && id)
		set = nft_set_lookup_byid(nft, table, id, genmask);
	return set;
}

/* name with its "%d" (at pct) replaced by n. */
static void nft_set_name_fmt(char *buf, size_t size, const char *name,
			     const char *pct, unsigned int n)
{
	snprintf(buf, size, "%.*s%u%s", (int)(pct - name), name, n, pct + 2);
}

/* nf_tables_set_alloc_name(): "__set%d" takes the lowest free number
 * among the table's sets of the next generation. */
static int nft_set_alloc_name(struct nft_net *nft, struct nft_set *set,
			      const char *name)
{
	const char *p = strchr(name, '%');
	unsigned int n = 0;
	struct nft_list *q;
	char buf[NFT_SET_MAXNAMELEN_ + 16];

	if (p) {
		if (p[1] != 'd' || strchr(p + 2, '%'))
			return -EINVAL;
		if (strnlen(name, NFT_SET_MAX_ANONLEN) >= NFT_SET_MAX_ANONLEN)
			return -EINVAL;
		for (bool taken = true; taken; n += taken) {
			taken = false;
			nft_set_name_fmt(buf, sizeof(buf), name, p, n);
			nft_list_for_each(q, &set->table->sets) {
				struct nft_set *i =
					nft_container_of(q, struct nft_set, list);

				if (nft_is_active_next(nft, i) &&
				    !strcmp(i->name, buf))
					taken = true;
			}
		}
		nft_set_name_fmt(buf, sizeof(buf), name, p, n);
	} else {
		snprintf(buf, sizeof(buf), "%s", name);
	}
	nft_list_for_each(q, &set->table->sets) {
		struct nft_set *i = nft_container_of(q, struct nft_set, list);

		if (nft_is_active_next(nft, i) && !strcmp(i->name, buf))
			return -ENFILE;
	}
	set->name = strdup(buf);
	return set->name ? 0 : -ENOMEM;
}

/* ---- time: jiffies, as nf_tables keeps timeouts ---- */

static int64_t nft_hz(const struct nft_net *nft)
{
	return nft->net->hz > 0 ? nft->net->hz : 250;
}

static uint64_t nft_jiffies(const struct nft_net *nft)
{
	return (uint64_t)(unl_net_now(nft->net) /
			  (UNL_NSEC_PER_SEC / nft_hz(nft)));
}

/* nf_msecs_to_jiffies64(): -ERANGE past what nanoseconds hold. */
static int nft_msecs_to_jiffies(const struct nft_net *nft,
				const struct nlattr *a, uint64_t *j)
{
	uint64_t ms = nft_get_be64(a);

	if (ms >= UINT64_MAX / UNL_NSEC_PER_MSEC)
		return -ERANGE;
	*j = ms * UNL_NSEC_PER_MSEC /
	     (uint64_t)(UNL_NSEC_PER_SEC / nft_hz(nft));
	return 0;
}

static uint64_t nft_jiffies_to_msecs(const struct nft_net *nft, uint64_t j)
{
	return j * (uint64_t)(UNL_NSEC_PER_SEC / nft_hz(nft)) /
	       UNL_NSEC_PER_MSEC;
}

/* nft_set_elem_expired(): a timeout of 0 never expires. */
static bool nft_set_elem_expired(const struct nft_net *nft,
				 const struct nft_set_elem *e)
{
	return nft_elem_timeout(e) &&
	       nft_jiffies(nft) >= nft_elem_expiration(e);
}

/* ---- elements ---- */

static void nft_set_elem_free(struct nft_set_elem *e);
static void nft_set_elem_unlink(struct nft_set *set, struct nft_set_elem *e);

/* The first run of the set's gc at or after jiffy j. */
static int64_t nft_set_gc_next_run(const struct nft_set *set, uint64_t j)
{
	int64_t period = (set->gc_int ? set->gc_int : 1000) * UNL_NSEC_PER_MSEC;
	int64_t at = (int64_t)j * (UNL_NSEC_PER_SEC / nft_hz(set->nft));

	if (at <= set->gc_base)
		return set->gc_base + period;
	return set->gc_base +
	       (at - set->gc_base + period - 1) / period * period;
}

/* The garbage collection of a set with timeouts: what expired, and is
 * in no batch (active in both generations), goes without an event, as
 * the backends' gc frees it (a jump it held lets go of its chain only
 * then); the timer is armed again for the run after the next
 * expiration. */
static void nft_set_gc(struct unl_timer *timer, void *data)
{
	struct nft_set *set = data;
	struct nft_net *nft = set->nft;
	uint64_t next = UINT64_MAX;
	struct nft_list *p, *n;

	nft_list_for_each_safe(p, n, &set->elems) {
		struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		if (!nft_elem_timeout(e))
			continue;
		if (e->genmask || !nft_set_elem_expired(nft, e)) {
			if (nft_elem_expiration(e) < next)
				next = nft_elem_expiration(e);
			continue;
		}
		if (!(e->flags & NFT_SET_ELEM_CATCHALL_))
			set->nelems--;
		nft_set_elem_unlink(set, e);
		nft_set_elem_free(e);
	}
	if (next != UINT64_MAX)
		unl_timer_mod(timer, nft_set_gc_next_run(set, next));
}

/* e, just made or refreshed, expires: the gc runs by then. */
static void nft_set_gc_arm(struct nft_set *set, const struct nft_set_elem *e)
{
	int64_t at;

	if (!nft_elem_timeout(e))
		return;
	if (!set->gc_timer &&
	    unl_timer_new(set->nft->net, nft_set_gc, set, &set->gc_timer) < 0)
		return; /* then it goes when the set does */
	at = nft_set_gc_next_run(set, nft_elem_expiration(e));
	if (!unl_timer_pending(set->gc_timer) ||
	    at < unl_timer_expires(set->gc_timer))
		unl_timer_mod(set->gc_timer, at);
}

static void nft_set_exprs_free(struct nft_set_exprs *x)
{
	for (uint8_t i = 0; i < x->n; i++)
		nft_expr_free(NULL, x->e[i]);
	x->n = 0;
}

static void nft_set_elem_free(struct nft_set_elem *e)
{
	if (e->ext && e->ext->exprs) {
		nft_set_exprs_free(e->ext->exprs);
		free(e->ext->exprs);
	}
	if (e->ext && e->ext->data) {
		nft_data_release(e->ext->data);
		free(e->ext->data);
	}
	if (e->ext)
		free(e->ext->udata);
	free(e->ext);
	free(e->has_timeout ? (void *)nft_elem_tmo(e) : (void *)e);
}

static void nft_set_free(struct nft_set *set)
{
	struct nft_list *p, *n;

	nft_list_for_each_safe(p, n, &set->elems) {
		struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		nft_list_del(&e->list);
		nft_set_elem_free(e);
	}
	unl_timer_free(set->gc_timer);
	nft_set_exprs_free(&set->exprs);
	free(set->buckets);
	free(set->name);
	free(set->udata);
	free(set);
}

/* ---- stateful expressions of sets and elements ---- */

/* nft_set_elem_expr_alloc(): only a stateful expression may live in a
 * set (EOPNOTSUPP). */
static int nft_set_expr_new(const struct nft_ctx *ctx,
			    const struct nlattr *nla, struct nft_expr **out)
{
	int err = nft_expr_new(ctx, nla, out);

	if (err < 0)
		return err;
	if (!(*out)->ops->stateful) {
		nft_expr_free(ctx, *out);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* nft_expr_clone(): a stateful expression's state is plain data. */
static int nft_expr_clone(const struct nft_expr *from, struct nft_expr **out)
{
	size_t size = sizeof(*from) + from->ops->size;

	*out = malloc(size);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, from, size);
	return 0;
}

static int nft_set_exprs_clone(const struct nft_set_exprs *from,
			       struct nft_set_exprs *to)
{
	for (uint8_t i = 0; i < from->n; i++) {
		int err = nft_expr_clone(from->e[i], &to->e[i]);

		if (err < 0)
			return err;
		to->n++;
	}
	return 0;
}

/* The expressions of a set, an element or a dynset, parsed as
 * nf_tables_newset(), nft_add_set_elem() and nft_dynset_init() do: one
 * (NFTA_*_EXPR) or a list (NFTA_*_EXPRESSIONS), each of the set's kind,
 * in its order, when the set has some (EOPNOTSUPP), at most
 * NFT_SET_EXPR_MAX (E2BIG).  On error what was made is freed. */
static int nft_set_exprs_parse(const struct nft_ctx *ctx,
			       const struct nft_set_exprs *set_exprs,
			       const struct nlattr *one,
			       const struct nlattr *list,
			       struct nft_set_exprs *out)
{
	const struct nlattr *a;
	int rem, err = 0;

	if (one) {
		if (set_exprs->n > 1)
			return -EOPNOTSUPP;
		err = nft_set_expr_new(ctx, one, &out->e[0]);
		if (err < 0)
			return err;
		out->n = 1;
		if (set_exprs->n && set_exprs->e[0]->ops != out->e[0]->ops)
			err = -EOPNOTSUPP;
	} else if (list) {
		unl_nla_for_each_nested(a, list, rem) {
			if (out->n == NFT_SET_EXPR_MAX ||
			    (set_exprs->n && set_exprs->n == out->n)) {
				err = -E2BIG;
				break;
			}
			if (unl_nla_type(a) != NFTA_LIST_ELEM) {
				err = -EINVAL;
				break;
			}
			err = nft_set_expr_new(ctx, a, &out->e[out->n]);
			if (err < 0)
				break;
			out->n++;
			if (set_exprs->n && set_exprs->e[out->n - 1]->ops !=
						    out->e[out->n - 1]->ops) {
				err = -EOPNOTSUPP;
				break;
			}
		}
		if (!err && set_exprs->n && set_exprs->n != out->n)
			err = -EOPNOTSUPP;
	}
	if (err < 0)
		nft_set_exprs_free(out);
	return err;
}

/* nft_set_elem_expr_dump(): one as attr_one, more in a list. */
static int nft_set_exprs_dump(struct unl_skb *skb,
			      const struct nft_set_exprs *x, int attr_one,
			      int attr_list)
{
	struct nlattr *nest;

	if (x->n == 1)
		return nft_expr_dump(skb, attr_one, x->e[0], false);
	if (x->n == 0)
		return 0;
	nest = nft_nest_start(skb, attr_list);
	if (!nest)
		return -1;
	for (uint8_t i = 0; i < x->n; i++)
		if (nft_expr_dump(skb, NFTA_LIST_ELEM, x->e[i], false) < 0)
			return -1;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- the index: elements by key ---- */

/* FNV-1a over what tells elements apart: key, end key, and whether it
 * is an interval's end or the catch-all element. */
static uint32_t nft_set_elem_hash(const struct nft_set *set,
				  const struct nft_set_elem *e)
{
	uint32_t h = 2166136261u;

	h = (h ^ (e->flags & (NFT_SET_ELEM_INTERVAL_END |
			      NFT_SET_ELEM_CATCHALL_))) * 16777619u;
	if (e->flags & NFT_SET_ELEM_CATCHALL_)
		return h;
	for (uint32_t i = 0; i < set->klen; i++)
		h = (h ^ e->key[i]) * 16777619u;
	if (e->has_key_end)
		for (uint32_t i = 0; i < set->klen; i++)
			h = (h ^ e->key[set->klen + i]) * 16777619u;
	return h;
}

static struct nft_set_elem **nft_set_bucket(const struct nft_set *set,
					    const struct nft_set_elem *e)
{
	return &set->buckets[nft_set_elem_hash(set, e) & (set->nbuckets - 1)];
}

/* Twice the buckets once there are twice as many elements (all of
 * them, of both generations). */
static int nft_set_index_grow(struct nft_set *set)
{
	uint32_t n = set->nbuckets ? 2 * set->nbuckets : 16;
	struct nft_set_elem **old = set->buckets;
	uint32_t oldn = set->nbuckets;

	set->buckets = calloc(n, sizeof(*set->buckets));
	if (!set->buckets) {
		set->buckets = old;
		return -ENOMEM;
	}
	set->nbuckets = n;
	for (uint32_t i = 0; i < oldn; i++) {
		struct nft_set_elem *e = old[i], *next;

		for (; e; e = next) {
			struct nft_set_elem **b = nft_set_bucket(set, e);

			next = e->hnext;
			e->hnext = *b;
			*b = e;
		}
	}
	free(old);
	return 0;
}

/* e joins the set's list before pos, and its index. */
static int nft_set_elem_link(struct nft_set *set, struct nft_set_elem *e,
			     struct nft_list *pos)
{
	struct nft_set_elem **b;

	if (set->nindexed >= 2 * set->nbuckets && nft_set_index_grow(set) < 0)
		return -ENOMEM;
	b = nft_set_bucket(set, e);
	e->hnext = *b;
	*b = e;
	set->nindexed++;
	nft_list_add_tail(&e->list, pos);
	return 0;
}

static void nft_set_elem_unlink(struct nft_set *set, struct nft_set_elem *e)
{
	struct nft_set_elem **b = nft_set_bucket(set, e);

	while (*b != e)
		b = &(*b)->hnext;
	*b = e->hnext;
	set->nindexed--;
	nft_list_del(&e->list);
}

/* Intervals of one field go to the rbtree; concatenated ones to pipapo,
 * which walks them in the order they came. */
static bool nft_set_is_rbtree(const struct nft_set *set)
{
	return (set->flags & (NFT_SET_INTERVAL | NFT_SET_CONCAT)) ==
	       NFT_SET_INTERVAL;
}

/* Whether e comes before i in the rbtree's walk: a greater key, or the
 * same key as an interval's end when e is a start. */
static bool nft_rbtree_precedes(const struct nft_set *set,
				const struct nft_set_elem *e,
				const struct nft_set_elem *i)
{
	int d = memcmp(e->key, i->key, set->klen);

	return d > 0 || (d == 0 && !(e->flags & NFT_SET_ELEM_INTERVAL_END) &&
			 (i->flags & NFT_SET_ELEM_INTERVAL_END));
}

/* Where e goes in the walk order: before the first element it precedes
 * (NULL: at the end). */
static struct nft_list *nft_set_elem_pos(const struct nft_set *set,
					 const struct nft_set_elem *e)
{
	struct nft_list *f, *b, *tail;

	if (e->flags & NFT_SET_ELEM_CATCHALL_)
		return (struct nft_list *)&set->elems;
	/* The last element that is not a catch-all one (those are at the
	 * end), found from the end, so this costs nothing. */
	for (tail = set->elems.prev; tail != &set->elems; tail = tail->prev)
		if (!(nft_container_of(tail, struct nft_set_elem, list)->flags &
		      NFT_SET_ELEM_CATCHALL_))
			break;
	/* The others keep the order they came in: after it. */
	if (!nft_set_is_rbtree(set) || tail == &set->elems)
		return tail->next;
	/* The walk is in order: e goes before the first element it
	 * precedes, after the last one it does not.  Looked for from both
	 * ends at once, keys given in ascending or in descending order
	 * take a step or two each. */
	for (f = set->elems.next, b = tail;; f = f->next, b = b->prev) {
		if (nft_rbtree_precedes(
			    set, e, nft_container_of(f, struct nft_set_elem, list)))
			return f;
		if (!nft_rbtree_precedes(
			    set, e, nft_container_of(b, struct nft_set_elem, list)))
			return b->next;
	}
}

/* The element of the generation genmask with e's key (and interval
 * end), or the catch-all one; not one that expired. */
static struct nft_set_elem *nft_set_elem_find(const struct nft_set *set,
					      const struct nft_set_elem *e,
					      uint8_t genmask)
{
	struct nft_set_elem *i;

	if (!set->nbuckets)
		return NULL;
	for (i = *nft_set_bucket(set, e); i; i = i->hnext) {
		if (!nft_active_genmask(i->genmask, genmask) ||
		    nft_set_elem_expired(set->nft, i))
			continue;
		if ((i->flags ^ e->flags) &
		    (NFT_SET_ELEM_CATCHALL_ | NFT_SET_ELEM_INTERVAL_END))
			continue;
		if (e->flags & NFT_SET_ELEM_CATCHALL_)
			return i;
		if (!memcmp(i->key, e->key, set->klen) &&
		    i->has_key_end == e->has_key_end &&
		    (!e->has_key_end ||
		     !memcmp(i->key + set->klen, e->key + set->klen,
			     set->klen)))
			return i;
	}
	return NULL;
}

/* nft_setelem_parse_flags() */
static int nft_setelem_parse_flags(const struct nft_set *set,
				   const struct nlattr *attr, uint8_t *out)
{
	uint32_t flags;

	if (!attr)
		return 0;
	flags = nft_get_be32(attr);
	if (flags & ~(NFT_SET_ELEM_INTERVAL_END | NFT_SET_ELEM_CATCHALL_))
		return -EOPNOTSUPP;
	if (!(set->flags & NFT_SET_INTERVAL) &&
	    (flags & NFT_SET_ELEM_INTERVAL_END))
		return -EINVAL;
	if ((flags & (NFT_SET_ELEM_INTERVAL_END | NFT_SET_ELEM_CATCHALL_)) ==
	    (NFT_SET_ELEM_INTERVAL_END | NFT_SET_ELEM_CATCHALL_))
		return -EINVAL;
	/* the two flags there are fit in the element's byte */
	*out = (uint8_t)flags;
	return 0;
}

/* nft_setelem_parse_key(): a value of exactly the set's key length. */
static int nft_setelem_parse_key(const struct nft_set *set, uint8_t *key,
				 const struct nlattr *attr)
{
	struct nft_data d;
	int err = nft_data_init(NULL, &d, NFT_DATA_VALUE_MAXLEN, attr);

	if (err < 0)
		return err;
	if (d.len != set->klen)
		return -EINVAL;
	memcpy(key, d.value, set->klen);
	return 0;
}

/* nft_setelem_parse_data(): a verdict for verdict maps (jumps hold
 * their chain), else a value of the set's data length. */
static int nft_setelem_parse_data(const struct nft_ctx *ctx,
				  const struct nft_set *set,
				  struct nft_data *data,
				  const struct nlattr *attr)
{
	int err = nft_data_init_elem(ctx, data, NFT_DATA_VALUE_MAXLEN, attr);

	if (err < 0)
		return err;
	if ((set->dtype == NFT_DATA_VERDICT) !=
	    (data->type == NFT_DATA_VERDICT) ||
	    (data->type == NFT_DATA_VALUE && data->len != set->dlen)) {
		nft_data_release(data);
		return -EINVAL;
	}
	return 0;
}

/* The timeout when it is not the set's, and what is left of it when
 * it runs. */
static int nft_fill_setelem_timeout(struct unl_skb *skb,
				    const struct nft_set *set,
				    const struct nft_set_elem *e)
{
	const struct nft_net *nft = set->nft;
	const struct nft_elem_timeouts *t = nft_elem_tmo(e);
	uint64_t now = nft_jiffies(nft);

	if (t->timeout != set->timeout &&
	    nft_put_be64(skb, NFTA_SET_ELEM_TIMEOUT,
			 nft_jiffies_to_msecs(nft, t->timeout),
			 NFTA_SET_ELEM_PAD))
		return -1;
	if (t->timeout &&
	    nft_put_be64(skb, NFTA_SET_ELEM_EXPIRATION,
			 nft_jiffies_to_msecs(nft, now < t->expiration ?
							   t->expiration - now :
							   0),
			 NFTA_SET_ELEM_PAD))
		return -1;
	return 0;
}

static int nft_fill_setelem(struct unl_skb *skb, const struct nft_set *set,
			    const struct nft_set_elem *e)
{
	size_t mark = unl_skb_len(skb);
	struct nlattr *nest = nft_nest_start(skb, NFTA_LIST_ELEM), *k;

	if (!nest)
		goto fail;
	if (!(e->flags & NFT_SET_ELEM_CATCHALL_)) {
		k = nft_nest_start(skb, NFTA_SET_ELEM_KEY);
		if (!k || unl_nla_put(skb, NFTA_DATA_VALUE, (int)set->klen,
				      e->key))
			goto fail;
		unl_nla_nest_end(skb, k);
	}
	if (e->has_key_end) {
		k = nft_nest_start(skb, NFTA_SET_ELEM_KEY_END);
		if (!k || unl_nla_put(skb, NFTA_DATA_VALUE, (int)set->klen,
				      e->key + set->klen))
			goto fail;
		unl_nla_nest_end(skb, k);
	}
	if (nft_elem_data(e) &&
	    nft_data_dump(skb, NFTA_SET_ELEM_DATA, nft_elem_data(e)) < 0)
		goto fail;
	if (nft_elem_exprs(e) &&
	    nft_set_exprs_dump(skb, nft_elem_exprs(e), NFTA_SET_ELEM_EXPR,
			       NFTA_SET_ELEM_EXPRESSIONS) < 0)
		goto fail;
	if (e->flags && nft_put_be32(skb, NFTA_SET_ELEM_FLAGS, e->flags))
		goto fail;
	if (e->has_timeout && nft_fill_setelem_timeout(skb, set, e) < 0)
		goto fail;
	if (e->ext && e->ext->udata &&
	    unl_nla_put(skb, NFTA_SET_ELEM_USERDATA, (int)e->ext->udlen,
			e->ext->udata))
		goto fail;
	unl_nla_nest_end(skb, nest);
	return 0;
fail:
	unl_skb_trim(skb, mark);
	return -EMSGSIZE;
}

/* nf_tables_fill_setelem_info(): one element in a message of its own,
 * for events and GETSETELEM replies. */
static int nft_fill_setelem_info(struct unl_skb *skb, struct nft_net *nft,
				 uint32_t portid, uint32_t seq, int event,
				 uint16_t flags, uint8_t family,
				 const struct nft_set *set,
				 const struct nft_set_elem *e)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, family, NFNETLINK_V0, nft_base_seq(nft));
	struct nlattr *nest;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_SET_TABLE, set->table->name) ||
	    unl_nla_put_string(skb, NFTA_SET_NAME, set->name))
		goto fail;
	nest = nft_nest_start(skb, NFTA_SET_ELEM_LIST_ELEMENTS);
	if (!nest || nft_fill_setelem(skb, set, e) < 0)
		goto fail;
	unl_nla_nest_end(skb, nest);
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

/* nf_tables_setelem_notify(): element events carry sequence number 0. */
static void nft_setelem_notify(struct nft_net *nft, const struct nft_trans *t,
			       const struct nft_set_elem *e, int event)
{
	uint16_t flags = t->flags & (NLM_F_CREATE | NLM_F_EXCL);
	struct unl_skb *skb;

	if (!t->report && !nfnl_has_listeners(nft->nn, NFNLGRP_NFTABLES))
		return;
	skb = unl_nlmsg_new(4096);
	if (!skb || nft_fill_setelem_info(skb, nft, t->portid, 0, event, flags,
					  t->family, t->set, e) < 0) {
		unl_skb_free(skb);
		nfnl_set_err(nft->nn, t->portid, NFNLGRP_NFTABLES, -ENOBUFS);
		return;
	}
	nft_notify(nft, skb, t->portid, t->report);
}

/* ---- set messages ---- */

/* NFTA_SET_COUNT: the elements of the current generation, an
 * interval's end not counted. */
static uint32_t nft_set_count(const struct nft_net *nft,
			      const struct nft_set *set)
{
	const struct nft_list *p;
	uint32_t n = 0;

	nft_list_for_each(p, &set->elems) {
		const struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		if (nft_is_active(nft, e) &&
		    !(e->flags & (NFT_SET_ELEM_INTERVAL_END |
				  NFT_SET_ELEM_CATCHALL_)))
			n++;
	}
	return n;
}

/* nf_tables_fill_set_concat() */
static int nft_fill_set_concat(struct unl_skb *skb, const struct nft_set *set)
{
	struct nlattr *concat = nft_nest_start(skb, NFTA_SET_DESC_CONCAT), *f;

	if (!concat)
		return -1;
	for (uint8_t i = 0; i < set->field_count; i++) {
		f = nft_nest_start(skb, NFTA_LIST_ELEM);
		if (!f || nft_put_be32(skb, NFTA_SET_FIELD_LEN, set->field_len[i]))
			return -1;
		unl_nla_nest_end(skb, f);
	}
	unl_nla_nest_end(skb, concat);
	return 0;
}

static int nft_fill_set(struct unl_skb *skb, struct nft_net *nft,
			uint32_t portid, uint32_t seq, int event,
			uint16_t flags, uint8_t family,
			const struct nft_set *set)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, family, NFNETLINK_V0, nft_base_seq(nft));
	struct nlattr *nest;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_SET_TABLE, set->table->name) ||
	    unl_nla_put_string(skb, NFTA_SET_NAME, set->name) ||
	    nft_put_be64(skb, NFTA_SET_HANDLE, set->handle, NFTA_SET_PAD))
		goto fail;
	if (event == NFT_MSG_DELSET && nft_del_event_short(nft))
		goto end;
	if (set->flags && nft_put_be32(skb, NFTA_SET_FLAGS, set->flags))
		goto fail;
	if (nft_put_be32(skb, NFTA_SET_KEY_TYPE, set->ktype) ||
	    nft_put_be32(skb, NFTA_SET_KEY_LEN, set->klen))
		goto fail;
	if ((set->flags & NFT_SET_MAP) &&
	    (nft_put_be32(skb, NFTA_SET_DATA_TYPE, set->dtype) ||
	     nft_put_be32(skb, NFTA_SET_DATA_LEN, set->dlen)))
		goto fail;
	if (set->timeout &&
	    nft_put_be64(skb, NFTA_SET_TIMEOUT,
			 nft_jiffies_to_msecs(nft, set->timeout), NFTA_SET_PAD))
		goto fail;
	if (set->gc_int && nft_put_be32(skb, NFTA_SET_GC_INTERVAL, set->gc_int))
		goto fail;
	if (set->policy != NFT_SET_POL_PERFORMANCE &&
	    nft_put_be32(skb, NFTA_SET_POLICY, set->policy))
		goto fail;
	if (set->udata &&
	    unl_nla_put(skb, NFTA_SET_USERDATA, (int)set->udlen, set->udata))
		goto fail;
	nest = nft_nest_start(skb, NFTA_SET_DESC);
	if (!nest ||
	    (set->size && nft_put_be32(skb, NFTA_SET_DESC_SIZE, set->size)))
		goto fail;
	if (set->field_count > 1 && nft_fill_set_concat(skb, set) < 0)
		goto fail;
	unl_nla_nest_end(skb, nest);
	if (nft_set_exprs_dump(skb, &set->exprs, NFTA_SET_EXPR,
			       NFTA_SET_EXPRESSIONS) < 0)
		goto fail;
	/* Linux 6.18 tells the backend (NFTA_SET_TYPE: the address of its
	 * ops, which nothing here has; docs/conformance.md) and how many
	 * elements there are. */
	if (nft_kernel_at_least(nft, 6, 18) &&
	    nft_put_be32(skb, NFTA_SET_COUNT_, nft_set_count(nft, set)))
		goto fail;
end:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

static struct nft_list *nft_table_sets(struct nft_table *table)
{
	return &table->sets;
}

static int nft_set_fill(struct unl_skb *skb, struct nft_net *nft,
			uint32_t portid, uint32_t seq, int event,
			uint16_t flags, const struct nft_tobj *o)
{
	return nft_fill_set(skb, nft, portid, seq, event, flags,
			    o->table->family,
			    nft_container_of(o, struct nft_set, tobj));
}

static void nft_set_tobj_free(struct nft_tobj *o)
{
	nft_set_free(nft_container_of(o, struct nft_set, tobj));
}

/* A bound anonymous set does not keep its table from being deleted. */
static void nft_set_committed(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	if (nft_set_is_anonymous(t->set) && t->set->nbindings)
		t->table->use--;
}

static void nft_set_commit_update(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	t->set->timeout = t->timeout;
	t->set->gc_int = t->gc_int;
}

static const struct nft_tobj_ops nft_set_ops = {
	.name = "set",
	.commit_update = nft_set_commit_update,
	.msg_new = NFT_MSG_NEWSET,
	.msg_del = NFT_MSG_DELSET,
	.list = nft_table_sets,
	.fill = nft_set_fill,
	.free = nft_set_tobj_free,
	.committed = nft_set_committed,
};

static void nft_set_notify(struct nft_net *nft, const struct nft_trans *t,
			   const struct nft_set *set, int event)
{
	nft_tobj_notify(nft, t, &nft_set_ops, &set->tobj, event);
}

/* A set dump may be limited to one table (cb->ctx holds its name). */
struct nft_set_dump_ctx {
	struct nft_net *nft;
	char *table;        /* GETSET: NULL for all */
	struct nft_set *set; /* GETSETELEM */
	uint8_t family;
};

static struct nft_set_dump_ctx *nft_dump_ctx(struct unl_callback *cb)
{
	return *(struct nft_set_dump_ctx **)cb->ctx;
}

static int nft_dump_ctx_done(struct unl_callback *cb)
{
	struct nft_set_dump_ctx *d = nft_dump_ctx(cb);

	if (d) {
		free(d->table);
		free(d);
	}
	return 0;
}

static int nft_dump_sets(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nft_set_dump_ctx *d = nft_dump_ctx(cb);
	struct nft_tobj_filter f = { .family = d->family, .table = d->table };

	return nft_tobj_dump(skb, cb, d->nft, &nft_set_ops, &f);
}

static int nft_dump_ctx_new(struct unl_callback *cb, struct nft_net *nft,
			    uint8_t family, const struct nlattr *table,
			    struct nft_set *set)
{
	struct nft_set_dump_ctx *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	d->nft = nft;
	d->family = family;
	d->set = set;
	if (table && !(d->table = nft_nla_strdup(table))) {
		free(d);
		return -ENOMEM;
	}
	*(struct nft_set_dump_ctx **)cb->ctx = d;
	return 0;
}

/* The dump's context is made by start, from the request the callback
 * keeps. */
static int nft_dump_sets_start(struct unl_callback *cb)
{
	const struct nlattr *nla[NFTA_SET_MAX + 1];
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), nla,
			      NFTA_SET_MAX, nft_set_policy,
			      UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	return nft_dump_ctx_new(cb, cb->data, nfmsg->nfgen_family,
				nla[NFTA_SET_TABLE], NULL);
}

int nf_tables_getset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_cur(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct nft_table *table = NULL;
	struct nft_set *set;
	struct unl_skb *skb2;

	if (nla[NFTA_SET_TABLE]) {
		table = nft_table_lookup(nft, nla[NFTA_SET_TABLE], family,
					 genmask, 0);
		if (NFT_IS_ERR(table)) {
			UNL_SET_BAD_ATTR(info->extack, nla[NFTA_SET_TABLE]);
			return NFT_PTR_ERR(table);
		}
	}
	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nft_dump_sets_start,
			.dump = nft_dump_sets,
			.done = nft_dump_ctx_done,
			.data = nft,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	/* only a dump may leave the family open */
	if (family == NFPROTO_UNSPEC)
		return -EAFNOSUPPORT;
	if (!table)
		return -EINVAL;
	set = nft_set_lookup(table, nla[NFTA_SET_NAME], genmask);
	if (NFT_IS_ERR(set)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_SET_NAME]);
		return NFT_PTR_ERR(set);
	}
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_set(skb2, nft, unl_skb_cb(skb)->portid,
			 info->nlh->nlmsg_seq, NFT_MSG_NEWSET, 0, family,
			 set) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* What NEWSET describes (struct nft_set_desc). */
struct nft_set_desc {
	uint32_t ktype, klen, dtype, dlen, policy, size, flags;
	uint64_t timeout; /* jiffies */
	uint32_t gc_int;
	uint8_t field_count;
	uint8_t field_len[NFT_SET_FIELDS_MAX];
};

static const struct unl_nla_policy nft_concat_policy[NFTA_SET_FIELD_MAX + 1] = {
	[NFTA_SET_FIELD_LEN] = { .type = UNL_NLA_U32 },
};

/* nft_set_desc_concat(): the fields' lengths, which must fill the key's
 * registers exactly. */
static int nft_set_desc_concat(struct nft_set_desc *desc,
			       const struct nlattr *nla)
{
	const struct nlattr *a, *tb[NFTA_SET_FIELD_MAX + 1];
	uint32_t regs = 0, len;
	int rem, err;

	unl_nla_for_each_nested(a, nla, rem) {
		if (unl_nla_type(a) != NFTA_LIST_ELEM)
			return -EINVAL;
		if (desc->field_count >= NFT_SET_FIELDS_MAX)
			return -E2BIG;
		err = unl_nla_parse_nested(tb, NFTA_SET_FIELD_MAX, a,
					   nft_concat_policy,
					   UNL_VALIDATE_LIBERAL, NULL);
		if (err < 0)
			return err;
		if (!tb[NFTA_SET_FIELD_LEN])
			return -EINVAL;
		len = nft_get_be32(tb[NFTA_SET_FIELD_LEN]);
		if (!len || len > 255)
			return -EINVAL;
		desc->field_len[desc->field_count++] = (uint8_t)len;
	}
	for (uint8_t i = 0; i < desc->field_count; i++)
		regs += (desc->field_len[i] + 3) / 4;
	if (regs != (desc->klen + 3) / 4)
		return -EINVAL;
	if (regs > NFT_SET_FIELDS_MAX)
		return -E2BIG;
	return 0;
}

/* The checks of nf_tables_newset() before it looks at the table, in
 * Linux's order. */
static int nft_set_desc_parse(const struct nft_net *nft,
			      const struct nlattr *const nla[],
			      struct nft_set_desc *desc)
{
	const struct nlattr *da[NFTA_SET_DESC_MAX + 1];
	int err;

	memset(desc, 0, sizeof(*desc));
	desc->ktype = NFT_DATA_VALUE;
	if (nla[NFTA_SET_KEY_TYPE]) {
		desc->ktype = nft_get_be32(nla[NFTA_SET_KEY_TYPE]);
		if ((desc->ktype & NFT_DATA_RESERVED_MASK) ==
		    NFT_DATA_RESERVED_MASK)
			return -EINVAL;
	}
	desc->klen = nft_get_be32(nla[NFTA_SET_KEY_LEN]);
	if (desc->klen == 0 || desc->klen > NFT_DATA_VALUE_MAXLEN)
		return -EINVAL;
	if (nla[NFTA_SET_FLAGS]) {
		uint32_t f = nft_get_be32(nla[NFTA_SET_FLAGS]);

		if (f & ~(NFT_SET_ANONYMOUS | NFT_SET_CONSTANT |
			  NFT_SET_INTERVAL | NFT_SET_TIMEOUT | NFT_SET_MAP |
			  NFT_SET_EVAL | NFT_SET_OBJECT | NFT_SET_CONCAT |
			  NFT_SET_EXPR))
			return -EOPNOTSUPP;
		if ((f & (NFT_SET_MAP | NFT_SET_OBJECT)) ==
			    (NFT_SET_MAP | NFT_SET_OBJECT) ||
		    (f & (NFT_SET_EVAL | NFT_SET_OBJECT)) ==
			    (NFT_SET_EVAL | NFT_SET_OBJECT) ||
		    (f & (NFT_SET_ANONYMOUS | NFT_SET_TIMEOUT | NFT_SET_EVAL)) ==
			    (NFT_SET_ANONYMOUS | NFT_SET_TIMEOUT) ||
		    (f & (NFT_SET_CONSTANT | NFT_SET_TIMEOUT)) ==
			    (NFT_SET_CONSTANT | NFT_SET_TIMEOUT))
			return -EOPNOTSUPP;
		desc->flags = f;
	}
	if (nla[NFTA_SET_DATA_TYPE]) {
		if (!(desc->flags & NFT_SET_MAP))
			return -EINVAL;
		desc->dtype = nft_get_be32(nla[NFTA_SET_DATA_TYPE]);
		if ((desc->dtype & NFT_DATA_RESERVED_MASK) ==
			    NFT_DATA_RESERVED_MASK &&
		    desc->dtype != NFT_DATA_VERDICT)
			return -EINVAL;
		if (desc->dtype != NFT_DATA_VERDICT) {
			if (!nla[NFTA_SET_DATA_LEN])
				return -EINVAL;
			desc->dlen = nft_get_be32(nla[NFTA_SET_DATA_LEN]);
			if (desc->dlen == 0 ||
			    desc->dlen > NFT_DATA_VALUE_MAXLEN)
				return -EINVAL;
		} else {
			desc->dlen = 16; /* sizeof(struct nft_verdict) */
		}
	} else if (desc->flags & NFT_SET_MAP) {
		return -EINVAL;
	}
	if (nla[NFTA_SET_OBJ_TYPE]) {
		if (!(desc->flags & NFT_SET_OBJECT))
			return -EINVAL;
	} else if (desc->flags & NFT_SET_OBJECT) {
		return -EINVAL;
	}
	if (nla[NFTA_SET_TIMEOUT]) {
		if (!(desc->flags & NFT_SET_TIMEOUT))
			return -EINVAL;
		if (desc->flags & NFT_SET_ANONYMOUS)
			return -EOPNOTSUPP;
		err = nft_msecs_to_jiffies(nft, nla[NFTA_SET_TIMEOUT],
					   &desc->timeout);
		if (err < 0)
			return err;
	}
	if (nla[NFTA_SET_GC_INTERVAL]) {
		if (!(desc->flags & NFT_SET_TIMEOUT))
			return -EINVAL;
		if (desc->flags & NFT_SET_ANONYMOUS)
			return -EOPNOTSUPP;
		desc->gc_int = nft_get_be32(nla[NFTA_SET_GC_INTERVAL]);
	}
	desc->policy = NFT_SET_POL_PERFORMANCE;
	if (nla[NFTA_SET_POLICY]) {
		desc->policy = nft_get_be32(nla[NFTA_SET_POLICY]);
		if (desc->policy != NFT_SET_POL_PERFORMANCE &&
		    desc->policy != NFT_SET_POL_MEMORY)
			return -EOPNOTSUPP;
	}
	if (nla[NFTA_SET_DESC]) {
		err = unl_nla_parse_nested(da, NFTA_SET_DESC_MAX,
					   nla[NFTA_SET_DESC],
					   nft_set_desc_policy,
					   UNL_VALIDATE_LIBERAL, NULL);
		if (err < 0)
			return err;
		if (da[NFTA_SET_DESC_SIZE])
			desc->size = nft_get_be32(da[NFTA_SET_DESC_SIZE]);
		if (da[NFTA_SET_DESC_CONCAT]) {
			err = nft_set_desc_concat(desc, da[NFTA_SET_DESC_CONCAT]);
			if (err < 0)
				return err;
		}
		if ((desc->field_count > 1) != !!(desc->flags & NFT_SET_CONCAT))
			return -EINVAL;
	} else if (desc->flags & NFT_SET_CONCAT) {
		return -EINVAL;
	}
	if (nla[NFTA_SET_EXPRESSIONS] && !(desc->flags & NFT_SET_EXPR))
		return -EINVAL;
	/* Not modelled yet (docs/conformance.md). */
	if (desc->flags & NFT_SET_OBJECT)
		return -EOPNOTSUPP;
	return 0;
}

static bool nft_set_exprs_same(const struct nft_set_exprs *a,
			       const struct nft_set_exprs *b)
{
	if (a->n != b->n)
		return false;
	for (uint8_t i = 0; i < a->n; i++)
		if (a->e[i]->ops != b->e[i]->ops)
			return false;
	return true;
}

static bool nft_set_is_same(const struct nft_set *set,
			    const struct nft_set_desc *desc,
			    const struct nft_set_exprs *exprs)
{
	return nft_set_exprs_same(&set->exprs, exprs) &&
	       set->ktype == desc->ktype && set->dtype == desc->dtype &&
	       set->flags == desc->flags && set->klen == desc->klen &&
	       set->dlen == desc->dlen &&
	       set->field_count == desc->field_count &&
	       !memcmp(set->field_len, desc->field_len, desc->field_count);
}

int nf_tables_newset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	struct nft_set_desc desc;
	struct nft_table *table;
	struct nft_trans *trans;
	struct nft_set *set;
	struct nft_ctx ctx;
	char *name;
	int err;

	if (!nla[NFTA_SET_TABLE] || !nla[NFTA_SET_NAME] ||
	    !nla[NFTA_SET_KEY_LEN] || !nla[NFTA_SET_ID])
		return -EINVAL;
	err = nft_set_desc_parse(nft, nla, &desc);
	if (err < 0)
		return err;
	table = nft_table_lookup(nft, nla[NFTA_SET_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_TABLE]);
		return NFT_PTR_ERR(table);
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	set = nft_set_lookup(table, nla[NFTA_SET_NAME], genmask);
	if (NFT_IS_ERR(set)) {
		if (NFT_PTR_ERR(set) != -ENOENT) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_NAME]);
			return NFT_PTR_ERR(set);
		}
	} else {
		if (info->nlh->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_NAME]);
			return -EEXIST;
		}
		if (info->nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		if (nft_set_is_anonymous(set))
			return -EOPNOTSUPP;
		{
			struct nft_set_exprs none = { 0 }, given = { 0 };
			bool same;

			err = nft_set_exprs_parse(&ctx, &none,
						  nla[NFTA_SET_EXPR],
						  nla[NFTA_SET_EXPRESSIONS],
						  &given);
			if (err < 0)
				return err;
			same = nft_set_is_same(set, &desc, &given);
			nft_set_exprs_free(&given);
			if (!same) {
				UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_NAME]);
				return -EEXIST;
			}
		}
		/* the timeouts are replaced (given or not) at commit */
		trans = nft_tobj_trans_update(&ctx, &nft_set_ops, &set->tobj);
		if (!trans)
			return -ENOMEM;
		trans->set = set;
		trans->timeout = desc.timeout;
		trans->gc_int = desc.gc_int;
		return 0;
	}
	if (!(info->nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENOENT;
	if (table->use == UINT32_MAX)
		return -EMFILE;
	set = calloc(1, sizeof(*set));
	name = nft_nla_strdup(nla[NFTA_SET_NAME]);
	if (!set || !name) {
		free(set);
		free(name);
		return -ENOMEM;
	}
	nft_list_init(&set->elems);
	set->table = table;
	err = nft_set_alloc_name(nft, set, name);
	free(name);
	if (!err && nla[NFTA_SET_USERDATA])
		err = nft_udata_dup(nla[NFTA_SET_USERDATA], &set->udata,
				    &set->udlen);
	if (err < 0) {
		nft_set_free(set);
		return err;
	}
	set->ktype = desc.ktype;
	set->klen = desc.klen;
	set->dtype = desc.dtype;
	set->dlen = desc.dlen;
	set->flags = desc.flags;
	set->size = desc.size;
	set->policy = desc.policy;
	set->field_count = desc.field_count;
	memcpy(set->field_len, desc.field_len, sizeof(set->field_len));
	set->timeout = desc.timeout;
	set->gc_int = desc.gc_int;
	set->nft = nft;
	set->gc_base = unl_net_now(nft->net);
	err = nft_set_exprs_parse(&ctx, &(struct nft_set_exprs){ 0 },
				  nla[NFTA_SET_EXPR], nla[NFTA_SET_EXPRESSIONS],
				  &set->exprs);
	if (err < 0) {
		nft_set_free(set);
		return err;
	}
	set->handle = ++table->hgenerator;
	trans = nft_tobj_trans_new(&ctx, &nft_set_ops, &set->tobj);
	if (!trans) {
		nft_set_free(set);
		return -ENOMEM;
	}
	trans->set = set;
	trans->set_id = nft_get_be32(nla[NFTA_SET_ID]);
	return 0;
}

static int nft_set_del(struct nft_ctx *ctx, struct nft_set *set)
{
	struct nft_trans *trans = nft_tobj_trans_del(ctx, &nft_set_ops,
						     &set->tobj);

	if (!trans)
		return -ENOMEM;
	trans->set = set;
	return 0;
}

int nf_tables_delset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_set *set;
	struct nft_ctx ctx;

	if (family == NFPROTO_UNSPEC)
		return -EAFNOSUPPORT;
	table = nft_table_lookup(nft, nla[NFTA_SET_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_TABLE]);
		return NFT_PTR_ERR(table);
	}
	if (nla[NFTA_SET_HANDLE]) {
		attr = nla[NFTA_SET_HANDLE];
		set = nft_set_lookup_byhandle(table, attr, genmask);
	} else {
		attr = nla[NFTA_SET_NAME];
		set = nft_set_lookup(table, attr, genmask);
	}
	if (NFT_IS_ERR(set)) {
		if (NFT_PTR_ERR(set) == -ENOENT &&
		    NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
			    NFT_MSG_DESTROYSET_)
			return 0;
		UNL_SET_BAD_ATTR(extack, attr);
		return NFT_PTR_ERR(set);
	}
	if (set->use || ((info->nlh->nlmsg_flags & NLM_F_NONREC) &&
			 set->nelems > 0)) {
		UNL_SET_BAD_ATTR(extack, attr);
		return -EBUSY;
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	return nft_set_del(&ctx, set);
}

int nft_flush_table_sets(struct nft_ctx *ctx)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &ctx->table->sets) {
		struct nft_set *set = nft_container_of(p, struct nft_set, list);

		if (!nft_is_active_next(ctx->nft, set) ||
		    nft_set_is_anonymous(set))
			continue;
		err = nft_set_del(ctx, set);
		if (err < 0)
			return err;
	}
	return 0;
}

void nft_table_sets_destroy(struct nft_table *table)
{
	nft_tobj_destroy_all(table, &nft_set_ops);
}

/* ---- element messages ---- */

/* Whether set is still in a table of the net (a dump in parts may
 * outlive it). */
static bool nft_set_exists(const struct nft_net *nft, const struct nft_set *set)
{
	const struct nft_list *p, *q;

	nft_list_for_each(p, &nft->tables) {
		const struct nft_table *t =
			nft_container_of(p, struct nft_table, list);

		nft_list_for_each(q, &t->sets)
			if (nft_container_of(q, struct nft_set, list) == set)
				return true;
	}
	return false;
}

static int nft_dump_set(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nft_set_dump_ctx *d = nft_dump_ctx(cb);
	struct nft_net *nft = d->nft;
	const struct nft_set *set = d->set;
	long idx = 0, s_idx = cb->args[0];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nft_list *p;
	bool more = false;

	if (!nft_set_exists(nft, set))
		return -ENOENT;
	cb->seq = nft->base_seq;
	nlh = nfnl_msg_put(skb, unl_skb_cb(cb->skb)->portid,
			   cb->nlh->nlmsg_seq,
			   NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWSETELEM,
			   NLM_F_MULTI, set->table->family, NFNETLINK_V0,
			   nft_base_seq(nft));
	if (!nlh)
		return -ENOSPC;
	if (unl_nla_put_string(skb, NFTA_SET_ELEM_LIST_TABLE,
			       set->table->name) ||
	    unl_nla_put_string(skb, NFTA_SET_ELEM_LIST_SET, set->name) ||
	    !(nest = nft_nest_start(skb, NFTA_SET_ELEM_LIST_ELEMENTS))) {
		unl_nlmsg_cancel(skb, nlh);
		return -ENOSPC;
	}
	nft_list_for_each(p, &set->elems) {
		const struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		if (!nft_is_active(nft, e) || nft_set_elem_expired(nft, e))
			continue;
		if (idx++ < s_idx)
			continue;
		if (nft_fill_setelem(skb, set, e) < 0) {
			idx--;
			more = true;
			break;
		}
	}
	unl_nla_nest_end(skb, nest);
	unl_nlmsg_end(skb, nlh);
	/* As nf_tables_dump_set(): a part that added nothing ends the
	 * dump, its message (with no element) and all. */
	if (idx == s_idx && !more)
		return 0;
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* nft_set_dump_ctx_init(): the table and the set of the request. */
static int nft_setelem_ctx(const struct nfnl_info *info,
			   const struct nlattr *const nla[],
			   struct nft_table **tablep, struct nft_set **setp)
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_cur(nft);

	*tablep = nft_table_lookup(nft, nla[NFTA_SET_ELEM_LIST_TABLE],
				   info->nfmsg->nfgen_family, genmask, 0);
	if (NFT_IS_ERR(*tablep)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_SET_ELEM_LIST_TABLE]);
		return NFT_PTR_ERR(*tablep);
	}
	*setp = nft_set_lookup(*tablep, nla[NFTA_SET_ELEM_LIST_SET], genmask);
	if (NFT_IS_ERR(*setp)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_SET_ELEM_LIST_SET]);
		return NFT_PTR_ERR(*setp);
	}
	return 0;
}

/* nft_rbtree_get(): the interval that holds the key, by its start: the
 * greatest key not above it (the walk order is descending), unless that
 * is an interval's end. */
static struct nft_set_elem *nft_rbtree_get(const struct nft_set *set,
					   const struct nft_set_elem *key,
					   uint8_t genmask)
{
	struct nft_list *p;

	nft_list_for_each(p, (struct nft_list *)&set->elems) {
		struct nft_set_elem *i =
			nft_container_of(p, struct nft_set_elem, list);

		if (!nft_active_genmask(i->genmask, genmask) ||
		    nft_set_elem_expired(set->nft, i) ||
		    (i->flags & NFT_SET_ELEM_CATCHALL_) ||
		    memcmp(i->key, key->key, set->klen) > 0)
			continue;
		return (i->flags & NFT_SET_ELEM_INTERVAL_END) ? NULL : i;
	}
	return NULL;
}

/* What names an element in a GETSETELEM or a DELSETELEM (attr, one
 * NFTA_LIST_ELEM): its flags, key and key end into key, as
 * nft_get_set_elem() and nft_del_setelem() both read them. */
static int nft_setelem_parse_id(const struct nft_set *set,
				const struct nlattr *attr,
				struct nft_set_elem *key)
{
	const struct nlattr *nla[NFTA_SET_ELEM_MAX + 1];
	int err;

	err = unl_nla_parse_nested(nla, NFTA_SET_ELEM_MAX, attr,
				   nft_set_elem_policy, UNL_VALIDATE_LIBERAL,
				   NULL);
	if (err < 0)
		return err;
	err = nft_setelem_parse_flags(set, nla[NFTA_SET_ELEM_FLAGS],
				      &key->flags);
	if (err < 0)
		return err;
	if (!nla[NFTA_SET_ELEM_KEY] && !(key->flags & NFT_SET_ELEM_CATCHALL_))
		return -EINVAL;
	if (nla[NFTA_SET_ELEM_KEY]) {
		err = nft_setelem_parse_key(set, key->key,
					    nla[NFTA_SET_ELEM_KEY]);
		if (err < 0)
			return err;
	}
	if (nla[NFTA_SET_ELEM_KEY_END]) {
		key->has_key_end = true;
		err = nft_setelem_parse_key(set, key->key + set->klen,
					    nla[NFTA_SET_ELEM_KEY_END]);
		if (err < 0)
			return err;
	}
	return 0;
}

/* nft_get_set_elem(): one element asked for by key. */
static int nft_get_set_elem(const struct nfnl_info *info,
			    struct unl_skb *skb, struct nft_set *set,
			    const struct nlattr *attr)
{
	struct nft_net *nft = info->priv;
	struct nft_set_elem *e;
	struct unl_skb *skb2;
	int err;
	NFT_ELEM_KEY(key);

	err = nft_setelem_parse_id(set, attr, key);
	if (err < 0)
		return err;
	if (nft_set_is_rbtree(set) &&
	    !(key->flags & (NFT_SET_ELEM_INTERVAL_END | NFT_SET_ELEM_CATCHALL_)))
		e = nft_rbtree_get(set, key, nft_genmask_cur(nft));
	else
		e = nft_set_elem_find(set, key, nft_genmask_cur(nft));
	if (!e)
		return -ENOENT;
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_setelem_info(skb2, nft, unl_skb_cb(skb)->portid,
				  info->nlh->nlmsg_seq, NFT_MSG_NEWSETELEM, 0,
				  info->nfmsg->nfgen_family, set, e) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* The set was found by the request's handler (cb->data, on its
 * stack): the dump keeps a copy. */
static int nft_dump_set_start(struct unl_callback *cb)
{
	struct nft_set_dump_ctx *d = malloc(sizeof(*d));

	if (!d)
		return -ENOMEM;
	*d = *(struct nft_set_dump_ctx *)cb->data;
	*(struct nft_set_dump_ctx **)cb->ctx = d;
	return 0;
}

int nf_tables_getsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[])
{
	struct nft_table *table;
	struct nft_set *set;
	const struct nlattr *attr;
	int rem, err;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nft_dump_set_start,
			.dump = nft_dump_set,
			.done = nft_dump_ctx_done,
		};
		struct nft_set_dump_ctx d = { .nft = info->priv };

		err = nft_setelem_ctx(info, nla, &table, &set);
		if (err)
			return err;
		d.set = set;
		c.data = &d;
		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!nla[NFTA_SET_ELEM_LIST_ELEMENTS])
		return -EINVAL;
	err = nft_setelem_ctx(info, nla, &table, &set);
	if (err)
		return err;
	unl_nla_for_each_nested(attr, nla[NFTA_SET_ELEM_LIST_ELEMENTS], rem) {
		err = nft_get_set_elem(info, skb, set, attr);
		if (err < 0) {
			UNL_SET_BAD_ATTR(info->extack, attr);
			break;
		}
	}
	return err;
}

/* The checks of nft_add_set_elem() on what an element carries. */
static int nft_setelem_check(const struct nft_set *set,
			     const struct nlattr *const nla[], uint32_t flags)
{
	if (((flags & NFT_SET_ELEM_CATCHALL_) && nla[NFTA_SET_ELEM_KEY]) ||
	    (!(flags & NFT_SET_ELEM_CATCHALL_) && !nla[NFTA_SET_ELEM_KEY]))
		return -EINVAL;
	if (set->flags & NFT_SET_MAP) {
		if (!nla[NFTA_SET_ELEM_DATA] &&
		    !(flags & NFT_SET_ELEM_INTERVAL_END))
			return -EINVAL;
	} else if (nla[NFTA_SET_ELEM_DATA]) {
		return -EINVAL;
	}
	if (nla[NFTA_SET_ELEM_OBJREF])
		return -EINVAL;
	/* nft_setelem_valid_key_end(): concatenated ranges take an end
	 * key instead of a second element */
	if ((set->flags & (NFT_SET_CONCAT | NFT_SET_INTERVAL)) ==
	    (NFT_SET_CONCAT | NFT_SET_INTERVAL)) {
		if (flags & NFT_SET_ELEM_INTERVAL_END)
			return -EINVAL;
		if (nla[NFTA_SET_ELEM_KEY_END] &&
		    (flags & NFT_SET_ELEM_CATCHALL_))
			return -EINVAL;
	} else if (nla[NFTA_SET_ELEM_KEY_END]) {
		return -EINVAL;
	}
	if ((flags & NFT_SET_ELEM_INTERVAL_END) &&
	    (nla[NFTA_SET_ELEM_DATA] || nla[NFTA_SET_ELEM_TIMEOUT] ||
	     nla[NFTA_SET_ELEM_EXPIRATION] || nla[NFTA_SET_ELEM_USERDATA] ||
	     nla[NFTA_SET_ELEM_EXPR] || nla[NFTA_SET_ELEM_EXPRESSIONS]))
		return -EINVAL;
	return 0;
}

static bool nft_setelem_same_data(const struct nft_set *set,
				  const struct nft_set_elem *a,
				  const struct nft_set_elem *b)
{
	const struct nft_data *ad = nft_elem_data(a), *bd = nft_elem_data(b);

	if (!ad != !bd)
		return false;
	if (!ad)
		return true;
	if (set->dtype == NFT_DATA_VERDICT)
		return ad->code == bd->code && ad->chain == bd->chain;
	return !memcmp(ad->value, bd->value, set->dlen);
}

/* nft_add_set_elem()'s timeouts: the element's, else the set's (not
 * for an interval's end), and an expiration sooner than that when
 * asked for; -EINVAL in a set without timeouts. */
static int nft_setelem_parse_timeout(const struct nft_set *set,
				     const struct nlattr *const nla[],
				     struct nft_set_elem *e,
				     uint64_t *expiration)
{
	const struct nft_net *nft = set->nft;
	uint64_t timeout = 0;
	int err;

	*expiration = 0;
	if (nla[NFTA_SET_ELEM_TIMEOUT]) {
		if (!(set->flags & NFT_SET_TIMEOUT))
			return -EINVAL;
		err = nft_msecs_to_jiffies(nft, nla[NFTA_SET_ELEM_TIMEOUT],
					   &timeout);
		if (err < 0)
			return err;
	} else if ((set->flags & NFT_SET_TIMEOUT) &&
		   !(e->flags & NFT_SET_ELEM_INTERVAL_END)) {
		timeout = set->timeout;
	}
	if (nla[NFTA_SET_ELEM_EXPIRATION]) {
		if (!(set->flags & NFT_SET_TIMEOUT))
			return -EINVAL;
		if (!timeout)
			return -EOPNOTSUPP;
		err = nft_msecs_to_jiffies(nft, nla[NFTA_SET_ELEM_EXPIRATION],
					   expiration);
		if (err < 0)
			return err;
	}
	/* e was made with its timeouts exactly in a set with them */
	if (e->has_timeout) {
		nft_elem_tmo(e)->timeout = timeout;
		nft_elem_tmo(e)->expiration =
			nft_jiffies(nft) +
			(*expiration ? *expiration : timeout);
	}
	return 0;
}

/* The element is there already and no NLM_F_EXCL: a new timeout or
 * expiration refreshes it at commit (with an event); else nothing. */
static int nft_setelem_update(struct nft_ctx *ctx, struct nft_set *set,
			      struct nft_set_elem *old,
			      const struct nft_set_elem *e,
			      uint64_t expiration)
{
	struct nft_trans *trans;

	if (!old->has_timeout ||
	    (nft_elem_timeout(e) == nft_elem_timeout(old) && !expiration))
		return 0;
	trans = nft_trans_alloc(ctx, NFT_MSG_NEWSETELEM);
	if (!trans)
		return -ENOMEM;
	trans->update = true;
	trans->set = set;
	trans->elem = old;
	trans->timeout = nft_elem_timeout(e);
	trans->expiration = nft_elem_expiration(e);
	return 0;
}

/* nft_trans_collapse_set_elem(): the elements of one message for one
 * set share a transaction, as Linux 6.13 on does, so that a batch of a
 * hundred thousand elements holds no more than them. */
static int nft_setelem_trans_add(struct nft_ctx *ctx, int msg_type,
				 struct nft_set *set, struct nft_set_elem *e)
{
	struct nft_list *last = ctx->nft->commit_list.prev;
	struct nft_trans *t = NULL;

	if (last != &ctx->nft->commit_list) {
		t = nft_container_of(last, struct nft_trans, list);
		if (t->msg_type != msg_type || t->update || t->set != set ||
		    t->seq != ctx->seq || t->portid != ctx->portid || t->bound)
			t = NULL;
	}
	if (!t) {
		t = nft_trans_alloc(ctx, msg_type);
		if (!t)
			return -ENOMEM;
		t->set = set;
	}
	if (t->nelems == t->elems_cap) {
		uint32_t cap = t->elems_cap ? 2 * t->elems_cap : 4;
		struct nft_set_elem **v = realloc(t->elems, cap * sizeof(*v));

		if (!v) {
			if (!t->nelems)
				nft_trans_destroy(t);
			return -ENOMEM;
		}
		t->elems = v;
		t->elems_cap = cap;
	}
	t->elems[t->nelems++] = e;
	return 0;
}

/* The element's data (maps), kept only when it has some. */
static int nft_setelem_new_data(const struct nft_ctx *ctx,
				const struct nft_set *set,
				struct nft_set_elem *e,
				const struct nlattr *attr)
{
	struct nft_net *nft = ctx->nft;
	struct nft_data d;
	int err = nft_setelem_parse_data(ctx, set, &d, attr);

	if (err < 0)
		return err;
	if (!nft_elem_ext(e) ||
	    !(e->ext->data = malloc(sizeof(*e->ext->data)))) {
		nft_data_release(&d);
		return -ENOMEM;
	}
	*e->ext->data = d;
	if (d.type == NFT_DATA_VERDICT &&
	    (d.code == NFT_JUMP || d.code == NFT_GOTO) &&
	    nft->validate_state == NFT_VALIDATE_SKIP)
		nft->validate_state = NFT_VALIDATE_NEED;
	return 0;
}

/* The element's expressions, else (an interval's end aside) copies of
 * the set's; kept only when there are some. */
static int nft_setelem_new_exprs(const struct nft_ctx *ctx,
				 const struct nft_set *set,
				 struct nft_set_elem *e,
				 const struct nlattr *const nla[])
{
	struct nft_set_exprs x = { 0 };
	int err = nft_set_exprs_parse(ctx, &set->exprs,
				      nla[NFTA_SET_ELEM_EXPR],
				      nla[NFTA_SET_ELEM_EXPRESSIONS], &x);

	if (!err && !x.n && !(e->flags & NFT_SET_ELEM_INTERVAL_END))
		err = nft_set_exprs_clone(&set->exprs, &x);
	if (err < 0 || !x.n) {
		nft_set_exprs_free(&x);
		return err;
	}
	if (!nft_elem_ext(e) ||
	    !(e->ext->exprs = malloc(sizeof(*e->ext->exprs)))) {
		nft_set_exprs_free(&x);
		return -ENOMEM;
	}
	*e->ext->exprs = x;
	return 0;
}

/* nft_add_set_elem() */
static int nft_add_set_elem(struct nft_ctx *ctx, struct nft_set *set,
			    const struct nlattr *attr, uint16_t nlmsg_flags)
{
	uint64_t expiration = 0;
	struct nft_net *nft = ctx->nft;
	const struct nlattr *nla[NFTA_SET_ELEM_MAX + 1];
	struct nft_set_elem *e, *old;
	int err;

	err = unl_nla_parse_nested(nla, NFTA_SET_ELEM_MAX, attr,
				   nft_set_elem_policy, UNL_VALIDATE_LIBERAL,
				   NULL);
	if (err < 0)
		return err;
	e = nft_set_elem_alloc(set, nla[NFTA_SET_ELEM_KEY_END] ? 2 : 1);
	if (!e)
		return -ENOMEM;
	err = nft_setelem_parse_flags(set, nla[NFTA_SET_ELEM_FLAGS], &e->flags);
	if (!err)
		err = nft_setelem_check(set, nla, e->flags);
	if (!err && nla[NFTA_SET_ELEM_KEY])
		err = nft_setelem_parse_key(set, e->key, nla[NFTA_SET_ELEM_KEY]);
	if (!err && nla[NFTA_SET_ELEM_KEY_END]) {
		e->has_key_end = true;
		err = nft_setelem_parse_key(set, e->key + set->klen,
					    nla[NFTA_SET_ELEM_KEY_END]);
	}
	if (!err && nla[NFTA_SET_ELEM_DATA])
		err = nft_setelem_new_data(ctx, set, e,
					   nla[NFTA_SET_ELEM_DATA]);
	if (!err && nla[NFTA_SET_ELEM_USERDATA] &&
	    unl_nla_len(nla[NFTA_SET_ELEM_USERDATA]) > 0) {
		uint32_t len;

		err = nft_elem_ext(e) ? nft_udata_dup(nla[NFTA_SET_ELEM_USERDATA],
						      &e->ext->udata, &len)
				      : -ENOMEM;
		if (!err)
			e->ext->udlen = (uint16_t)len;
	}
	if (!err)
		err = nft_setelem_parse_timeout(set, nla, e, &expiration);
	if (!err)
		err = nft_setelem_new_exprs(ctx, set, e, nla);
	if (err < 0)
		goto fail;
	old = nft_set_elem_find(set, e, nft_genmask_next(nft));
	if (old) {
		/* The same element again is no error without NLM_F_EXCL;
		 * another mapping of its key always is. */
		err = -EEXIST;
		if (nft_setelem_same_data(set, e, old) &&
		    !(nlmsg_flags & NLM_F_EXCL))
			err = nft_setelem_update(ctx, set, old, e, expiration);
		goto fail;
	}
	if (!(e->flags & NFT_SET_ELEM_CATCHALL_) && set->size &&
	    set->nelems >= set->size) {
		err = -ENFILE;
		goto fail;
	}
	err = nft_set_elem_link(set, e, nft_set_elem_pos(set, e));
	if (err < 0)
		goto fail;
	err = nft_setelem_trans_add(ctx, NFT_MSG_NEWSETELEM, set, e);
	if (err < 0) {
		nft_set_elem_unlink(set, e);
		goto fail;
	}
	nft_activate_next(nft, e);
	if (!(e->flags & NFT_SET_ELEM_CATCHALL_))
		set->nelems++;
	return 0;
fail:
	nft_set_elem_free(e);
	return err;
}

static int nft_table_validate_any(struct nft_net *nft, struct nft_table *t)
{
	struct nft_ctx ctx = { .nft = nft, .table = t, .family = t->family };
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &t->chains) {
		struct nft_chain *c = nft_container_of(p, struct nft_chain, list);

		if (!(c->flags & NFT_CHAIN_BASE) || !nft_is_active_next(nft, c))
			continue;
		ctx.chain = c;
		err = nft_chain_validate(&ctx, c, 0);
		if (err < 0)
			return err;
	}
	return 0;
}

int nf_tables_newsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_set *set;
	struct nft_ctx ctx;
	int rem, err;

	if (!nla[NFTA_SET_ELEM_LIST_ELEMENTS])
		return -EINVAL;
	table = nft_table_lookup(nft, nla[NFTA_SET_ELEM_LIST_TABLE], family,
				 genmask, unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_ELEM_LIST_TABLE]);
		return NFT_PTR_ERR(table);
	}
	set = nft_set_lookup_global(nft, table, nla[NFTA_SET_ELEM_LIST_SET],
				    nla[NFTA_SET_ELEM_LIST_SET_ID], genmask);
	if (NFT_IS_ERR(set)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_ELEM_LIST_SET]);
		return NFT_PTR_ERR(set);
	}
	if (set->nbindings &&
	    (set->flags & (NFT_SET_CONSTANT | NFT_SET_ANONYMOUS)))
		return -EBUSY;
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	unl_nla_for_each_nested(attr, nla[NFTA_SET_ELEM_LIST_ELEMENTS], rem) {
		err = nft_add_set_elem(&ctx, set, attr,
				       info->nlh->nlmsg_flags);
		if (err < 0) {
			UNL_SET_BAD_ATTR(extack, attr);
			return err;
		}
	}
	if (nft->validate_state == NFT_VALIDATE_DO)
		return nft_table_validate_any(nft, table);
	return 0;
}

static int nft_setelem_del(struct nft_ctx *ctx, struct nft_set *set,
			   struct nft_set_elem *e)
{
	int err = nft_setelem_trans_add(ctx, NFT_MSG_DELSETELEM, set, e);

	if (err < 0)
		return err;
	nft_deactivate_next(ctx->nft, e);
	if (!(e->flags & NFT_SET_ELEM_CATCHALL_))
		set->nelems--;
	return 0;
}

/* nft_del_setelem(): the element of the next generation with the key. */
static int nft_del_setelem(struct nft_ctx *ctx, struct nft_set *set,
			   const struct nlattr *attr)
{
	struct nft_set_elem *e;
	int err;
	NFT_ELEM_KEY(key);

	err = nft_setelem_parse_id(set, attr, key);
	if (err < 0)
		return err;
	e = nft_set_elem_find(set, key, nft_genmask_next(ctx->nft));
	if (!e)
		return -ENOENT;
	return nft_setelem_del(ctx, set, e);
}

/* nft_set_flush(): every element of the next generation. */
static int nft_set_flush(struct nft_ctx *ctx, struct nft_set *set)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &set->elems) {
		struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		if (!nft_is_active_next(ctx->nft, e))
			continue;
		err = nft_setelem_del(ctx, set, e);
		if (err < 0)
			return err;
	}
	return 0;
}

int nf_tables_delsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[])
{
	struct nft_net *nft = info->priv;
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	bool destroy = NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
		       NFT_MSG_DESTROYSETELEM_;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_set *set;
	struct nft_ctx ctx;
	int rem, err = 0;

	table = nft_table_lookup(nft, nla[NFTA_SET_ELEM_LIST_TABLE], family,
				 genmask, unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_ELEM_LIST_TABLE]);
		return NFT_PTR_ERR(table);
	}
	set = nft_set_lookup(table, nla[NFTA_SET_ELEM_LIST_SET], genmask);
	if (NFT_IS_ERR(set)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_SET_ELEM_LIST_SET]);
		return NFT_PTR_ERR(set);
	}
	if (nft_set_is_anonymous(set))
		return -EOPNOTSUPP;
	if (set->nbindings && (set->flags & NFT_SET_CONSTANT))
		return -EBUSY;
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	if (!nla[NFTA_SET_ELEM_LIST_ELEMENTS])
		return nft_set_flush(&ctx, set);
	unl_nla_for_each_nested(attr, nla[NFTA_SET_ELEM_LIST_ELEMENTS], rem) {
		err = nft_del_setelem(&ctx, set, attr);
		if (err == -ENOENT && destroy)
			continue;
		if (err < 0) {
			UNL_SET_BAD_ATTR(extack, attr);
			break;
		}
	}
	return err;
}

/* ---- transactions ---- */

bool nft_set_trans_commit(struct nft_net *nft, struct nft_trans *t)
{
	switch (t->msg_type) {
	case NFT_MSG_NEWSETELEM:
		if (t->update) {
			nft_elem_tmo(t->elem)->timeout = t->timeout;
			nft_elem_tmo(t->elem)->expiration = t->expiration;
			nft_set_gc_arm(t->set, t->elem);
			nft_setelem_notify(nft, t, t->elem, NFT_MSG_NEWSETELEM);
			return true;
		}
		for (uint32_t i = 0; i < t->nelems; i++) {
			nft_clear(nft, t->elems[i]);
			nft_set_gc_arm(t->set, t->elems[i]);
			nft_setelem_notify(nft, t, t->elems[i],
					   NFT_MSG_NEWSETELEM);
		}
		return true;
	case NFT_MSG_DELSETELEM:
		for (uint32_t i = 0; i < t->nelems; i++)
			nft_setelem_notify(nft, t, t->elems[i],
					   NFT_MSG_DELSETELEM);
		return true;
	}
	return false;
}

bool nft_set_trans_release(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	switch (t->msg_type) {
	case NFT_MSG_NEWSETELEM:
		return true;
	case NFT_MSG_DELSETELEM:
		for (uint32_t i = 0; i < t->nelems; i++) {
			nft_set_elem_unlink(t->set, t->elems[i]);
			nft_set_elem_free(t->elems[i]);
		}
		return true;
	}
	return false;
}

bool nft_set_trans_abort(struct nft_net *nft, struct nft_trans *t)
{
	switch (t->msg_type) {
	case NFT_MSG_NEWSETELEM:
		if (t->bound || t->update)
			return true;
		/* newest first, as the transactions are undone */
		for (uint32_t i = t->nelems; i-- > 0;) {
			struct nft_set_elem *e = t->elems[i];

			if (!(e->flags & NFT_SET_ELEM_CATCHALL_))
				t->set->nelems--;
			nft_set_elem_unlink(t->set, e);
			nft_set_elem_free(e);
		}
		return true;
	case NFT_MSG_DELSETELEM:
		for (uint32_t i = t->nelems; i-- > 0;) {
			if (!(t->elems[i]->flags & NFT_SET_ELEM_CATCHALL_))
				t->set->nelems++;
			nft_clear(nft, t->elems[i]);
		}
		return true;
	}
	return false;
}

bool nft_set_trans_unbound(const struct nft_trans *t)
{
	return t->msg_type == NFT_MSG_NEWSET && !t->update &&
	       nft_set_is_anonymous(t->set) && !t->bound;
}

/* ---- binding: the lookup expression ---- */

/* nft_set_trans_bind(): the transactions of an anonymous set made in
 * this batch now go with the rule that binds it. */
static void nft_set_trans_bind(struct nft_net *nft, struct nft_set *set,
			       bool bound)
{
	struct nft_list *p;

	if (!nft_set_is_anonymous(set))
		return;
	nft_list_for_each(p, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		if ((t->msg_type == NFT_MSG_NEWSET ||
		     t->msg_type == NFT_MSG_NEWSETELEM) && t->set == set)
			t->bound = bound;
	}
}

/* nf_tables_bind_set() */
static int nft_set_bind(const struct nft_ctx *ctx, struct nft_set *set)
{
	if (set->nbindings && nft_set_is_anonymous(set))
		return -EBUSY;
	if (set->use == UINT32_MAX)
		return -EMFILE;
	set->use++;
	set->nbindings++;
	nft_set_trans_bind(ctx->nft, set, true);
	return 0;
}

/* nf_tables_unbind_set(): the last binding of an anonymous set takes it
 * out of its table (told with DELSET when a commit does it). */
static void nft_set_unbind(const struct nft_ctx *ctx, struct nft_set *set,
			   bool event)
{
	struct nft_trans t = { 0 };

	set->nbindings--;
	if (set->nbindings || !nft_set_is_anonymous(set))
		return;
	nft_list_del(&set->list);
	set->dead = true;
	if (!event)
		return;
	/* events of a deletion that no request of its own asked for */
	t.table = set->table;
	t.family = set->table->family;
	t.portid = ctx->portid;
	t.seq = ctx->seq;
	t.report = ctx->report;
	nft_set_notify(ctx->nft, &t, set, NFT_MSG_DELSET);
}

struct nft_lookup {
	struct nft_set *set;
	uint8_t sreg, dreg;
	bool dreg_set, invert;
};

static const struct unl_nla_policy nft_lookup_policy[NFTA_LOOKUP_MAX + 1] = {
	[NFTA_LOOKUP_SET] = { .type = UNL_NLA_STRING,
			      .len = NFT_SET_MAXNAMELEN_ - 1 },
	[NFTA_LOOKUP_SET_ID] = { .type = UNL_NLA_U32 },
	[NFTA_LOOKUP_SREG] = { .type = UNL_NLA_U32 },
	[NFTA_LOOKUP_DREG] = { .type = UNL_NLA_U32 },
	[NFTA_LOOKUP_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
						  NFT_LOOKUP_F_INV),
};

static int lookup_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_lookup *l = nft_expr_priv(expr);
	struct nft_set *set;
	uint32_t flags;
	int err;

	if (!tb[NFTA_LOOKUP_SET] || !tb[NFTA_LOOKUP_SREG])
		return -EINVAL;
	set = nft_set_lookup_global(ctx->nft, ctx->table, tb[NFTA_LOOKUP_SET],
				    tb[NFTA_LOOKUP_SET_ID],
				    nft_genmask_next(ctx->nft));
	if (NFT_IS_ERR(set))
		return NFT_PTR_ERR(set);
	err = nft_parse_register_load(ctx, tb[NFTA_LOOKUP_SREG], &l->sreg,
				      set->klen);
	if (err < 0)
		return err;
	if (tb[NFTA_LOOKUP_FLAGS]) {
		flags = nft_get_be32(tb[NFTA_LOOKUP_FLAGS]);
		if (flags & ~NFT_LOOKUP_F_INV)
			return -EINVAL;
		l->invert = flags & NFT_LOOKUP_F_INV;
	}
	if (tb[NFTA_LOOKUP_DREG]) {
		if (l->invert || !(set->flags & NFT_SET_MAP))
			return -EINVAL;
		err = nft_parse_register_store(
			ctx, tb[NFTA_LOOKUP_DREG], &l->dreg,
			set->dtype == NFT_DATA_VERDICT ? NFT_DATA_VERDICT
						       : NFT_DATA_VALUE,
			set->dlen);
		if (err < 0)
			return err;
		l->dreg_set = true;
	} else if ((set->flags & NFT_SET_MAP) && nft_set_is_anonymous(set)) {
		/* a map asked only whether a key is in it */
		return -EINVAL;
	}
	err = nft_set_bind(ctx, set);
	if (err < 0)
		return err;
	l->set = set;
	return 0;
}

/* nf_tables_destroy_set(): freed with the rule, an anonymous set its
 * last unbinding took out of the table goes too. */
static void nft_set_destroy_bound(struct nft_set *set)
{
	if (set->dead && !set->nbindings)
		nft_set_free(set);
}

static void lookup_destroy(const struct nft_ctx *ctx,
			   const struct nft_expr *expr)
{
	(void)ctx;
	nft_set_destroy_bound(((struct nft_lookup *)nft_expr_priv(expr))->set);
}

/* nf_tables_deactivate_set(): what a binding expression's rule going
 * (or not coming) does to its set. */
static void nft_set_deactivate(const struct nft_ctx *ctx, struct nft_set *set,
			       enum nft_trans_phase phase)
{
	switch (phase) {
	case NFT_TRANS_PREPARE_ERROR:
		/* the rule never was: its set stays the batch's */
		nft_set_trans_bind(ctx->nft, set, false);
		set->nbindings--;
		set->use--;
		if (nft_set_is_anonymous(set))
			nft_deactivate_next(ctx->nft, set);
		break;
	case NFT_TRANS_PREPARE:
		if (nft_set_is_anonymous(set))
			nft_deactivate_next(ctx->nft, set);
		set->use--;
		break;
	case NFT_TRANS_ABORT:
		set->use--;
		nft_set_unbind(ctx, set, false);
		break;
	case NFT_TRANS_COMMIT:
		nft_set_unbind(ctx, set, true);
		break;
	}
}

static void lookup_deactivate(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      enum nft_trans_phase phase)
{
	nft_set_deactivate(ctx, ((struct nft_lookup *)nft_expr_priv(expr))->set,
			   phase);
}

/* nf_tables_activate_set(): an aborted deletion of the rule. */
static void nft_set_activate(const struct nft_ctx *ctx, struct nft_set *set)
{
	if (nft_set_is_anonymous(set))
		nft_clear(ctx->nft, set);
	set->use++;
}

static void lookup_activate(const struct nft_ctx *ctx,
			    const struct nft_expr *expr)
{
	nft_set_activate(ctx, ((struct nft_lookup *)nft_expr_priv(expr))->set);
}

/* nft_lookup_validate(): a verdict map's jumps go one level deeper. */
static int lookup_validate(const struct nft_ctx *ctx,
			   const struct nft_expr *expr, unsigned int level)
{
	const struct nft_set *set =
		((const struct nft_lookup *)nft_expr_priv(expr))->set;
	const struct nft_list *p;
	int err;

	if (!(set->flags & NFT_SET_MAP) || set->dtype != NFT_DATA_VERDICT)
		return 0;
	nft_list_for_each(p, &set->elems) {
		const struct nft_set_elem *e =
			nft_container_of(p, struct nft_set_elem, list);

		if (!nft_is_active_next(ctx->nft, e) || !nft_elem_data(e) ||
		    !nft_elem_data(e)->chain)
			continue;
		err = nft_chain_validate(ctx, nft_elem_data(e)->chain,
					 level + 1);
		if (err < 0)
			return err;
	}
	return 0;
}

static int lookup_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_lookup *l = nft_expr_priv(expr);

	(void)reset;
	if (unl_nla_put_string(skb, NFTA_LOOKUP_SET, l->set->name) ||
	    nft_dump_register(skb, NFTA_LOOKUP_SREG, l->sreg))
		return -1;
	if (l->dreg_set && nft_dump_register(skb, NFTA_LOOKUP_DREG, l->dreg))
		return -1;
	return nft_put_be32(skb, NFTA_LOOKUP_FLAGS,
			    l->invert ? NFT_LOOKUP_F_INV : 0) ? -1 : 0;
}

const struct nft_expr_ops nft_lookup_ops = {
	.name = "lookup",
	.policy = nft_lookup_policy,
	.maxattr = NFTA_LOOKUP_MAX,
	.size = sizeof(struct nft_lookup),
	.init = lookup_init,
	.destroy = lookup_destroy,
	.dump = lookup_dump,
	.validate = lookup_validate,
	.activate = lookup_activate,
	.deactivate = lookup_deactivate,
};

/* ---- dynset: rules that add to, update and delete from a set ---- */

struct nft_dynset {
	struct nft_set *set;
	uint32_t op; /* NFT_DYNSET_OP_* */
	uint8_t sreg_key, sreg_data;
	bool invert, expr_flag;
	uint64_t timeout; /* jiffies; 0: the set's */
	struct nft_set_exprs exprs;
};

static const struct unl_nla_policy nft_dynset_policy[NFTA_DYNSET_MAX + 1] = {
	[NFTA_DYNSET_SET_NAME] = { .type = UNL_NLA_STRING,
				   .len = NFT_SET_MAXNAMELEN_ - 1 },
	[NFTA_DYNSET_SET_ID] = { .type = UNL_NLA_U32 },
	[NFTA_DYNSET_OP] = { .type = UNL_NLA_U32 },
	[NFTA_DYNSET_SREG_KEY] = { .type = UNL_NLA_U32 },
	[NFTA_DYNSET_SREG_DATA] = { .type = UNL_NLA_U32 },
	[NFTA_DYNSET_TIMEOUT] = { .type = UNL_NLA_U64 },
	[NFTA_DYNSET_EXPR] = { .type = UNL_NLA_NESTED },
	[NFTA_DYNSET_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_DYNSET_EXPRESSIONS] = { .type = UNL_NLA_NESTED },
};

/* Whether the set's backend can take elements from the packet path
 * (set->ops->update): only the resizable hash has it; intervals
 * (rbtree, pipapo) and the bitmap of keys of two bytes or less do not. */
static bool nft_set_has_update(const struct nft_set *set)
{
	if (set->flags & NFT_SET_INTERVAL)
		return false;
	return set->klen > 2 ||
	       (set->flags & (NFT_SET_EVAL | NFT_SET_TIMEOUT | NFT_SET_MAP |
			      NFT_SET_OBJECT | NFT_SET_CONCAT));
}

/* nft_dynset_init()'s checks of the operation against the set. */
static int dynset_parse_op(const struct nft_ctx *ctx, struct nft_dynset *d,
			   const struct nft_set *set,
			   const struct nlattr *const tb[])
{
	int err;

	if (!nft_set_has_update(set))
		return -EOPNOTSUPP;
	if (set->flags & NFT_SET_CONSTANT)
		return -EBUSY;
	d->op = nft_get_be32(tb[NFTA_DYNSET_OP]);
	switch (d->op) {
	case NFT_DYNSET_OP_ADD:
	case NFT_DYNSET_OP_DELETE:
		break;
	case NFT_DYNSET_OP_UPDATE:
		if (!(set->flags & NFT_SET_TIMEOUT))
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (tb[NFTA_DYNSET_TIMEOUT]) {
		if (!(set->flags & NFT_SET_TIMEOUT))
			return -EOPNOTSUPP;
		err = nft_msecs_to_jiffies(set->nft, tb[NFTA_DYNSET_TIMEOUT],
					   &d->timeout);
		if (err < 0)
			return err;
	}
	err = nft_parse_register_load(ctx, tb[NFTA_DYNSET_SREG_KEY],
				      &d->sreg_key, set->klen);
	if (err < 0)
		return err;
	if (tb[NFTA_DYNSET_SREG_DATA]) {
		if (!(set->flags & NFT_SET_MAP) ||
		    set->dtype == NFT_DATA_VERDICT)
			return -EOPNOTSUPP;
		return nft_parse_register_load(ctx, tb[NFTA_DYNSET_SREG_DATA],
					       &d->sreg_data, set->dlen);
	}
	return (set->flags & NFT_SET_MAP) ? -EINVAL : 0;
}

static int dynset_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
		       const struct nlattr *const tb[])
{
	struct nft_dynset *d = nft_expr_priv(expr);
	struct nft_set *set;
	int err;

	if (!tb[NFTA_DYNSET_SET_NAME] || !tb[NFTA_DYNSET_OP] ||
	    !tb[NFTA_DYNSET_SREG_KEY])
		return -EINVAL;
	if (tb[NFTA_DYNSET_FLAGS]) {
		uint32_t flags = nft_get_be32(tb[NFTA_DYNSET_FLAGS]);

		if (flags & ~(NFT_DYNSET_F_INV | NFT_DYNSET_F_EXPR))
			return -EOPNOTSUPP;
		d->invert = flags & NFT_DYNSET_F_INV;
		d->expr_flag = flags & NFT_DYNSET_F_EXPR;
	}
	set = nft_set_lookup_global(ctx->nft, ctx->table,
				    tb[NFTA_DYNSET_SET_NAME],
				    tb[NFTA_DYNSET_SET_ID],
				    nft_genmask_next(ctx->nft));
	if (NFT_IS_ERR(set))
		return NFT_PTR_ERR(set);
	err = dynset_parse_op(ctx, d, set, tb);
	if (err < 0)
		return err;
	if ((tb[NFTA_DYNSET_EXPR] || tb[NFTA_DYNSET_EXPRESSIONS]) &&
	    !(set->flags & NFT_SET_EVAL))
		return -EINVAL;
	if (!tb[NFTA_DYNSET_EXPR] && tb[NFTA_DYNSET_EXPRESSIONS] &&
	    !d->expr_flag)
		return -EINVAL;
	if (tb[NFTA_DYNSET_EXPR] || tb[NFTA_DYNSET_EXPRESSIONS])
		err = nft_set_exprs_parse(ctx, &set->exprs,
					  tb[NFTA_DYNSET_EXPR],
					  tb[NFTA_DYNSET_EXPRESSIONS],
					  &d->exprs);
	else
		err = nft_set_exprs_clone(&set->exprs, &d->exprs);
	if (!err)
		err = nft_set_bind(ctx, set);
	if (err < 0) {
		nft_set_exprs_free(&d->exprs);
		return err;
	}
	/* a set filled from the packet path is bounded */
	if (!set->size)
		set->size = 0xffff;
	d->set = set;
	return 0;
}

static void dynset_destroy(const struct nft_ctx *ctx,
			   const struct nft_expr *expr)
{
	struct nft_dynset *d = nft_expr_priv(expr);

	(void)ctx;
	nft_set_exprs_free(&d->exprs);
	nft_set_destroy_bound(d->set);
}

static void dynset_deactivate(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      enum nft_trans_phase phase)
{
	nft_set_deactivate(ctx, ((struct nft_dynset *)nft_expr_priv(expr))->set,
			   phase);
}

static void dynset_activate(const struct nft_ctx *ctx,
			    const struct nft_expr *expr)
{
	((struct nft_dynset *)nft_expr_priv(expr))->set->use++;
}

/* nft_dynset_dump(): the expressions only when the set has none of its
 * own (else they are the set's). */
static int dynset_dump(struct unl_skb *skb, const struct nft_expr *expr,
		       bool reset)
{
	const struct nft_dynset *d = nft_expr_priv(expr);

	(void)reset;
	if (nft_dump_register(skb, NFTA_DYNSET_SREG_KEY, d->sreg_key) ||
	    ((d->set->flags & NFT_SET_MAP) &&
	     nft_dump_register(skb, NFTA_DYNSET_SREG_DATA, d->sreg_data)) ||
	    nft_put_be32(skb, NFTA_DYNSET_OP, d->op) ||
	    unl_nla_put_string(skb, NFTA_DYNSET_SET_NAME, d->set->name) ||
	    nft_put_be64(skb, NFTA_DYNSET_TIMEOUT,
			 nft_jiffies_to_msecs(d->set->nft, d->timeout),
			 NFTA_DYNSET_PAD))
		return -1;
	if (!d->set->exprs.n &&
	    nft_set_exprs_dump(skb, &d->exprs, NFTA_DYNSET_EXPR,
			       NFTA_DYNSET_EXPRESSIONS) < 0)
		return -1;
	return nft_put_be32(skb, NFTA_DYNSET_FLAGS,
			    d->invert ? NFT_DYNSET_F_INV : 0) ? -1 : 0;
}

const struct nft_expr_ops nft_dynset_ops = {
	.name = "dynset",
	.policy = nft_dynset_policy,
	.maxattr = NFTA_DYNSET_MAX,
	.size = sizeof(struct nft_dynset),
	.init = dynset_init,
	.destroy = dynset_destroy,
	.dump = dynset_dump,
	.activate = dynset_activate,
	.deactivate = dynset_deactivate,
};
