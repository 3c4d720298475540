// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A u64 -> pointer hash: open addressing with linear probing and
 * backward-shift deletion (no tombstones, so a daemon that creates and
 * closes sockets for weeks keeps short probe runs).  Key 0 means empty.
 * Used for socket ids and SO_COOKIEs: O(1) at a million sockets.
 */
#include <errno.h>
#include <stdlib.h>

#include "daemon/daemon-private.h"

static size_t slot_of(const struct ud_map *m, uint64_t key)
{
	/* splitmix64's finaliser: sequential ids spread evenly. */
	key ^= key >> 30;
	key *= UINT64_C(0xbf58476d1ce4e5b9);
	key ^= key >> 27;
	key *= UINT64_C(0x94d049bb133111eb);
	key ^= key >> 31;
	return (size_t)key & (m->cap - 1);
}

static int grow(struct ud_map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	uint64_t *keys = calloc(ncap, sizeof(*keys));
	void **vals = calloc(ncap, sizeof(*vals));
	struct ud_map nm = { .keys = keys, .vals = vals, .cap = ncap };

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->keys[i])
			continue;
		for (j = slot_of(&nm, m->keys[i]); nm.keys[j];
		     j = (j + 1) & (ncap - 1))
			;
		nm.keys[j] = m->keys[i];
		nm.vals[j] = m->vals[i];
	}
	nm.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = nm;
	return 0;
}

/* Insert or replace.  0 or -ENOMEM; replacing never fails. */
int ud_map_put(struct ud_map *m, uint64_t key, void *val)
{
	size_t i;

	if (!key)
		return -EINVAL;
	for (i = m->cap ? slot_of(m, key) : 0; m->cap && m->keys[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return 0;
		}
	}
	/* Keep the load at most 1/2: probes stay short. */
	if ((m->n + 1) * 2 > m->cap) {
		int err = grow(m);

		if (err)
			return err;
	}
	for (i = slot_of(m, key); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return 0;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 0;
}

void *ud_map_get(const struct ud_map *m, uint64_t key)
{
	if (!m->cap || !key)
		return NULL;
	for (size_t i = slot_of(m, key); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return NULL;
}

void ud_map_del(struct ud_map *m, uint64_t key)
{
	size_t mask = m->cap - 1, i, j;

	if (!m->cap || !key)
		return;
	for (i = slot_of(m, key); m->keys[i] != key; i = (i + 1) & mask)
		if (!m->keys[i])
			return;
	/* Shift back every later entry of the run that may move into the
	 * hole, so that lookups never stop early. */
	for (j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
		size_t home = slot_of(m, m->keys[j]);

		/* Entry j may fill hole i unless its home lies in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		i = j;
	}
	m->keys[i] = 0;
	m->vals[i] = NULL;
	m->n--;
}

void ud_map_free(struct ud_map *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct ud_map){ 0 };
}
