// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A device's unicast and multicast hardware address lists, as
 * net/core/dev_addr_lists.c keeps them: the unicast list whole (what
 * macvlans, the bridge's static FDB entries and `bridge fdb add ...
 * self` put there), the multicast list as what is added beside the
 * stack's own joins (mcast.c makes those from the times they happen
 * and merges the two).
 *
 * An address is on a list once, with a count of its users; an
 * exclusive add (ndo_dflt_fdb_add()) refuses one that is there with
 * EEXIST, a delete of one that is not there is ENOENT.  Each change of
 * the unicast list runs the device's rx mode (__dev_set_rx_mode()),
 * which makes a device that cannot filter unicast addresses
 * promiscuous while the list holds any.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/vec.h"
#include "proto/route/link/kinds.h"

static struct rtnl_hw_addr *hw_find(struct rtnl_hw_list *list,
				    const uint8_t *addr)
{
	for (size_t i = 0; i < list->n; i++)
		if (!memcmp(list->v[i].addr, addr, ETH_ALEN))
			return &list->v[i];
	return NULL;
}

/* __hw_addr_add_ex() without sync: appended at the end of the list
 * (list_add_tail_rcu()), or one more user of the address. */
static int hw_add(struct rtnl_link *l, struct rtnl_hw_list *list,
		  const uint8_t *addr, bool global, bool exclusive)
{
	struct rtnl_hw_addr *ha = hw_find(list, addr);

	if (ha && ha->refcount > 0) {
		if (exclusive)
			return -EEXIST;
		if (global) {
			if (ha->global)
				return 0;
			ha->global = true;
		}
		ha->refcount++;
		return 0;
	}
	if (ha) {
		/* the stack's address, taken away before: back */
		ha->refcount++;
		ha->global = global;
		return 0;
	}
	if (unl_vec_reserve(&list->v, &list->cap, list->n + 1,
			    sizeof(*list->v)))
		return -ENOMEM;
	ha = &list->v[list->n++];
	memcpy(ha->addr, addr, ETH_ALEN);
	ha->refcount = 1;
	ha->global = global;
	ha->seq = rtnl_mc_tick(l->rn);
	return 0;
}

static void hw_remove(struct rtnl_hw_list *list, struct rtnl_hw_addr *ha)
{
	size_t i = (size_t)(ha - list->v);

	memmove(&list->v[i], &list->v[i + 1],
		(list->n - i - 1) * sizeof(*list->v));
	list->n--;
}

/* __hw_addr_del_entry(): one user less; a global delete only of the
 * global user. */
static int hw_del(struct rtnl_hw_list *list, const uint8_t *addr,
		  bool global)
{
	struct rtnl_hw_addr *ha = hw_find(list, addr);

	if (!ha || ha->refcount <= 0)
		return -ENOENT;
	if (global) {
		if (!ha->global)
			return -ENOENT;
		ha->global = false;
	}
	if (--ha->refcount == 0)
		hw_remove(list, ha);
	return 0;
}

/* The device's lower when it syncs its unicast list to it while up
 * (dev_uc_sync() of a vlan's or macvlan's ndo_set_rx_mode), else
 * NULL. */
static struct rtnl_link *uc_sync_lower(const struct rtnl_link *l)
{
	if (!(l->flags & IFF_UP) || !l->ops->uc_sync || !l->ops->lower_dev)
		return NULL;
	return l->ops->lower_dev(l);
}

void rtnl_dev_uc_sync_update(struct rtnl_link *l)
{
	struct rtnl_link *lower = l->ops->lower_dev ? l->ops->lower_dev(l)
						    : NULL;
	uint32_t now = uc_sync_lower(l) ? (uint32_t)l->uc.n : 0;

	if (lower && now != l->uc_synced)
		rtnl_link_uc_add(lower, (int)now - (int)l->uc_synced);
	l->uc_synced = lower ? now : 0;
}

/* The unicast list moved: uc_count and the rx mode follow it, and
 * what the device syncs to its lower. */
static void uc_changed(struct rtnl_link *l, size_t before)
{
	rtnl_link_uc_add(l, (int)l->uc.n - (int)before);
	rtnl_dev_uc_sync_update(l);
}

/* One address of a unicast list being made, first added at seq. */
struct uc_entry {
	uint8_t addr[ETH_ALEN];
	uint64_t seq;
};

struct uc_entries {
	struct uc_entry *v;
	size_t n, cap;
};

static int uc_entry_add(struct uc_entries *e, const uint8_t *addr,
			uint64_t seq)
{
	for (size_t i = 0; i < e->n; i++)
		if (!memcmp(e->v[i].addr, addr, ETH_ALEN)) {
			if (seq < e->v[i].seq)
				e->v[i].seq = seq;
			return 0;
		}
	if (unl_vec_reserve(&e->v, &e->cap, e->n + 1, sizeof(*e->v)))
		return -ENOMEM;
	memcpy(e->v[e->n].addr, addr, ETH_ALEN);
	e->v[e->n++].seq = seq;
	return 0;
}

static int uc_entry_cmp(const void *x, const void *y)
{
	const struct uc_entry *a = x, *b = y;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The uppers' unicast addresses synced into l, from any net of the
 * world (only a device with uppers on it is looked for). */
static int uc_synced_into(const struct rtnl_link *l, struct uc_entries *e)
{
	struct unl_world *w = unl_net_world(l->rn->net);
	int err = 0;

	if (!(l->macvlan_port || l->vlan_info))
		return 0;
	for (struct unl_net *net = unl_world_net_next(w, NULL); !err && net;
	     net = unl_world_net_next(w, net)) {
		struct rtnl_net *o = net == l->rn->net ? l->rn : rtnl_net_get(net);

		for (struct rtnl_link *u = o ? o->links : NULL; !err && u;
		     u = u->next) {
			if (!u->uc_synced || uc_sync_lower(u) != l)
				continue;
			for (size_t i = 0; !err && i < u->uc.n; i++) {
				uint64_t seq = u->uc.v[i].seq;

				err = uc_entry_add(e, u->uc.v[i].addr,
						   seq > u->rx_up_seq ? seq
								     : u->rx_up_seq);
			}
		}
	}
	return err;
}

int rtnl_dev_uc_walk(const struct rtnl_link *l, rtnl_hw_walk_fn fn, void *arg)
{
	struct uc_entries e = { 0 };
	int err = 0;

	for (size_t i = 0; !err && i < l->uc.n; i++)
		err = uc_entry_add(&e, l->uc.v[i].addr, l->uc.v[i].seq);
	if (!err)
		err = uc_synced_into(l, &e);
	if (!err && e.n)
		qsort(e.v, e.n, sizeof(*e.v), uc_entry_cmp);
	for (size_t i = 0; !err && i < e.n; i++)
		err = fn(arg, e.v[i].addr, 0, false);
	free(e.v);
	return err;
}

int rtnl_dev_uc_add(struct rtnl_link *l, const uint8_t *addr)
{
	size_t n = l->uc.n;
	int err = hw_add(l, &l->uc, addr, false, false);

	uc_changed(l, n);
	return err;
}

int rtnl_dev_uc_add_excl(struct rtnl_link *l, const uint8_t *addr)
{
	size_t n = l->uc.n;
	int err = hw_add(l, &l->uc, addr, true, true);

	uc_changed(l, n);
	return err;
}

int rtnl_dev_uc_del(struct rtnl_link *l, const uint8_t *addr)
{
	size_t n = l->uc.n;
	int err = hw_del(&l->uc, addr, false);

	uc_changed(l, n);
	return err;
}

/* Is the address on the device's multicast list, the stack's joins
 * included? */
static int mc_seen(void *arg, const uint8_t *addr, unsigned int users,
		   bool global)
{
	(void)users;
	(void)global;
	return !memcmp(arg, addr, ETH_ALEN);
}

static bool mc_listed(struct rtnl_link *l, const uint8_t *addr)
{
	return rtnl_dev_mc_walk(l->rn, l, mc_seen, (void *)addr) > 0;
}

int rtnl_dev_mc_add_excl(struct rtnl_link *l, const uint8_t *addr)
{
	if (mc_listed(l, addr))
		return -EEXIST;
	return hw_add(l, &l->mc, addr, true, false);
}

/* dev_mc_add_global(): SIOCADDMULTI. */
int rtnl_dev_mc_add_global(struct rtnl_link *l, const uint8_t *addr)
{
	return hw_add(l, &l->mc, addr, true, false);
}

/* dev_mc_del(): a user of the entry goes, the stack's own when the
 * entry is the stack's alone (a negative count then hides it). */
int rtnl_dev_mc_del(struct rtnl_link *l, const uint8_t *addr)
{
	struct rtnl_hw_addr *ha = hw_find(&l->mc, addr);

	if (ha && ha->refcount > 0)
		return hw_del(&l->mc, addr, false);
	if (!mc_listed(l, addr))
		return -ENOENT;
	if (!ha) {
		int err = hw_add(l, &l->mc, addr, false, false);

		if (err)
			return err;
		ha = hw_find(&l->mc, addr);
		ha->refcount = 0;
	}
	ha->refcount--;
	return 0;
}

int rtnl_dev_mc_del_global(struct rtnl_link *l, const uint8_t *addr)
{
	return hw_del(&l->mc, addr, true);
}

void rtnl_dev_addr_lists_free(struct rtnl_link *l)
{
	free(l->uc.v);
	free(l->mc.v);
	l->uc = (struct rtnl_hw_list){ 0 };
	l->mc = (struct rtnl_hw_list){ 0 };
}
