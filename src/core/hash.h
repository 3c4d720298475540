/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One intrusive hash table for the core's indexes that are keyed by a
 * 64-bit number (a world's nets by id, its nsids by pair of nets).  A
 * node lives inside the object it indexes; keys may repeat, and the
 * caller walks a key's chain to tell equal keys apart.  The table
 * doubles when it holds as many nodes as buckets, so chains stay short;
 * it starts empty and costs nothing until the first node.
 */
#ifndef UNETLINK_CORE_HASH_H
#define UNETLINK_CORE_HASH_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct unl_hnode {
	struct unl_hnode *next;
	uint64_t key;
};

struct unl_htab {
	struct unl_hnode **buckets;
	uint32_t mask;
	uint32_t count;
};

/* The splitmix64 finaliser: neighbouring keys (ids counting up) land in
 * buckets far apart. */
static inline uint64_t unl_hash64(uint64_t k)
{
	k = (k ^ (k >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	k = (k ^ (k >> 27)) * UINT64_C(0x94d049bb133111eb);
	return k ^ (k >> 31);
}

/* The first node of key, or NULL; unl_htab_next() for the others. */
static inline struct unl_hnode *unl_htab_first(const struct unl_htab *h,
					       uint64_t key)
{
	struct unl_hnode *n;

	if (!h->buckets)
		return NULL;
	for (n = h->buckets[unl_hash64(key) & h->mask]; n; n = n->next)
		if (n->key == key)
			return n;
	return NULL;
}

static inline struct unl_hnode *unl_htab_next(const struct unl_hnode *prev)
{
	struct unl_hnode *n;

	for (n = prev->next; n; n = n->next)
		if (n->key == prev->key)
			return n;
	return NULL;
}

static inline int unl_htab_grow(struct unl_htab *h)
{
	uint32_t nsize = h->buckets ? (h->mask + 1) * 2 : 8;
	struct unl_hnode **nb;

	if (!nsize)
		return -ENOMEM;
	nb = calloc(nsize, sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	for (uint32_t i = 0; h->buckets && i <= h->mask; i++) {
		struct unl_hnode *n = h->buckets[i], *next;

		for (; n; n = next) {
			uint64_t b = unl_hash64(n->key) & (nsize - 1);

			next = n->next;
			n->next = nb[b];
			nb[b] = n;
		}
	}
	free(h->buckets);
	h->buckets = nb;
	h->mask = nsize - 1;
	return 0;
}

/* Add n (its key set): 0, or -ENOMEM when there is no table at all.  A
 * table that cannot grow keeps working with longer chains. */
static inline int unl_htab_add(struct unl_htab *h, struct unl_hnode *n)
{
	uint64_t b;

	if ((!h->buckets || h->count > h->mask) && unl_htab_grow(h) &&
	    !h->buckets)
		return -ENOMEM;
	b = unl_hash64(n->key) & h->mask;
	n->next = h->buckets[b];
	h->buckets[b] = n;
	h->count++;
	return 0;
}

static inline void unl_htab_del(struct unl_htab *h, struct unl_hnode *n)
{
	struct unl_hnode **pp;

	if (!h->buckets)
		return;
	for (pp = &h->buckets[unl_hash64(n->key) & h->mask]; *pp;
	     pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			n->next = NULL;
			h->count--;
			return;
		}
}

/* The buckets; the nodes are their owners'. */
static inline void unl_htab_free(struct unl_htab *h)
{
	free(h->buckets);
	h->buckets = NULL;
	h->mask = h->count = 0;
}

#define unl_hnode_entry(n, type, member) \
	((type *)((char *)(n) - offsetof(type, member)))

#endif
