// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Worlds: the nets that see each other, as the namespaces of one Linux
 * machine do (net/core/net_namespace.c).  A world holds its nets, gives
 * each an id that is never reused (what a namespace's inode number is to
 * `ip netns identify`), and keeps the nsids each net gives its peers
 * (peernet2id, peernet2id_alloc, get_net_ns_by_id).  Every net of a
 * world shares the world's lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/net_namespace.h>

#include "core/internal.h"
#include "core/vec.h"

int unl_world_new(struct unl_world **out)
{
	struct unl_world *w = calloc(1, sizeof(*w));
	pthread_mutexattr_t ma;

	if (!w)
		return -ENOMEM;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&w->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	pthread_mutex_init(&w->fault_lock, NULL);
	w->next_id = WORLD_FIRST_ID;
	w->timer_fd = -1;
	*out = w;
	return 0;
}

void world_destroy(struct unl_world *w)
{
	for (int i = 0; i < UNL_MAX_LINKS; i++)
		if (w->proto_priv[i] && w->proto_priv_free[i])
			w->proto_priv_free[i](w->proto_priv[i]);
	world_timers_fini(w);
	unl_htab_free(&w->nets_by_id);
	unl_htab_free(&w->nsids);
	world_faults_free(w);
	pthread_mutex_destroy(&w->fault_lock);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void unl_world_free(struct unl_world *w)
{
	if (!w)
		return;
	/* newest first, as the last net made may hold on to the first */
	for (;;) {
		struct unl_net *last;

		pthread_mutex_lock(&w->lock);
		last = w->nets_tail;
		pthread_mutex_unlock(&w->lock);
		if (!last)
			break;
		unl_net_free(last);
	}
	world_destroy(w);
}

/* Into the world, with its id.  The world's lock is held.  -ENOMEM
 * when the index by id cannot be made. */
int world_link(struct unl_world *w, struct unl_net *net)
{
	net->id = w->next_id;
	net->id_node.key = net->id;
	if (unl_htab_add(&w->nets_by_id, &net->id_node))
		return -ENOMEM;
	w->next_id++;
	net->world = w;
	net->world_prev = w->nets_tail;
	net->world_next = NULL;
	if (w->nets_tail)
		w->nets_tail->world_next = net;
	else
		w->nets = net;
	w->nets_tail = net;
	w->nnets++;
	return 0;
}

void world_listen_all(struct unl_net *net, int delta)
{
	struct unl_world *w = net->world;
	bool had = net->nlisten_all;

	net->nlisten_all += (unsigned int)delta;
	w->nlisten_all += (unsigned int)delta;
	if (had == !!net->nlisten_all)
		return;
	if (!had) {
		net->listen_all_prev = NULL;
		net->listen_all_next = w->listen_all_nets;
		if (w->listen_all_nets)
			w->listen_all_nets->listen_all_prev = net;
		w->listen_all_nets = net;
		return;
	}
	if (net->listen_all_prev)
		net->listen_all_prev->listen_all_next = net->listen_all_next;
	else
		w->listen_all_nets = net->listen_all_next;
	if (net->listen_all_next)
		net->listen_all_next->listen_all_prev = net->listen_all_prev;
	net->listen_all_prev = net->listen_all_next = NULL;
}

/* ---- nsids ---- */

/* The key of owner's nsid for peer in the world's table; pairs that
 * share one are told apart by their nets. */
static uint64_t nsid_key(const struct unl_net *owner,
			 const struct unl_net *peer)
{
	return owner->id * UINT64_C(0x9e3779b97f4a7c15) ^ peer->id;
}

static struct nl_nsid *nsid_find(const struct unl_net *net,
				 const struct unl_net *peer)
{
	const struct unl_htab *h = &net->world->nsids;

	for (struct unl_hnode *n = unl_htab_first(h, nsid_key(net, peer)); n;
	     n = unl_htab_next(n)) {
		struct nl_nsid *e = unl_hnode_entry(n, struct nl_nsid, node);

		if (e->owner == net && e->peer == peer)
			return e;
	}
	return NULL;
}

/* The place of id in net's sorted array: where it is, or would go. */
static size_t nsid_index(const struct unl_net *net, int id)
{
	size_t lo = 0, hi = net->nnsids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (net->nsids[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The lowest id from 0 that net does not use, as idr_alloc() finds it:
 * ids are distinct and not negative, so nsids[i]->id >= i, and the
 * first place where they differ is the first gap. */
static size_t nsid_first_gap(const struct unl_net *net)
{
	size_t lo = 0, hi = net->nnsids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((size_t)net->nsids[mid]->id == mid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Out of every index, and freed. */
static void nsid_remove(struct nl_nsid *e)
{
	struct unl_net *net = e->owner;
	size_t i = nsid_index(net, e->id);

	memmove(net->nsids + i, net->nsids + i + 1,
		(net->nnsids - i - 1) * sizeof(*net->nsids));
	net->nnsids--;
	unl_htab_del(&net->world->nsids, &e->node);
	if (e->nb_prev)
		e->nb_prev->nb_next = e->nb_next;
	else
		e->peer->named_by = e->nb_next;
	if (e->nb_next)
		e->nb_next->nb_prev = e->nb_prev;
	free(e);
}

static void nsid_notify(struct unl_net *net, struct unl_net *peer, int id,
			bool added)
{
	for (struct nl_hook *h = net->nsid_hooks; h; h = h->next)
		((unl_nsid_fn)h->fn)(net, peer, id, added, h->user);
}

/* Who names a dying net, oldest first, as Linux walks its list of
 * namespaces. */
static int nsid_by_owner_age(const void *a, const void *b)
{
	const struct nl_nsid *x = *(const struct nl_nsid *const *)a;
	const struct nl_nsid *y = *(const struct nl_nsid *const *)b;

	return x->owner->id < y->owner->id ? -1 : x->owner->id > y->owner->id;
}

/* unhash_nsid(): the dying net leaves its world; every net that had an
 * nsid for it loses it, and is told (RTM_DELNSID), in the order of
 * their making.  The lock is held. */
void world_unlink(struct unl_net *net)
{
	struct unl_world *w = net->world;
	struct nl_nsid **v = NULL, *e;
	size_t n = 0, cap = 0;

	net->dying = true;
	if (net->world_prev)
		net->world_prev->world_next = net->world_next;
	else
		w->nets = net->world_next;
	if (net->world_next)
		net->world_next->world_prev = net->world_prev;
	else
		w->nets_tail = net->world_prev;
	net->world_prev = net->world_next = NULL;
	unl_htab_del(&w->nets_by_id, &net->id_node);
	w->nnets--;
	for (e = net->named_by; e; e = e->nb_next)
		if (!unl_vec_reserve(&v, &cap, n + 1, sizeof(*v)))
			v[n++] = e;
	/* with no room to sort them, in the order at hand */
	if (v)
		qsort(v, n, sizeof(*v), nsid_by_owner_age);
	for (size_t i = 0; i < n; i++) {
		struct unl_net *owner = v[i]->owner;
		int id = v[i]->id;

		nsid_remove(v[i]);
		nsid_notify(owner, net, id, false);
	}
	free(v);
	while (net->named_by) {
		struct unl_net *owner = net->named_by->owner;
		int id = net->named_by->id;

		nsid_remove(net->named_by);
		nsid_notify(owner, net, id, false);
	}
	while (net->nnsids)
		nsid_remove(net->nsids[net->nnsids - 1]);
	free(net->nsids);
	net->nsids = NULL;
	net->nnsids = net->capnsids = 0;
}

struct unl_world *unl_net_world(const struct unl_net *net)
{
	return net->world;
}

uint64_t unl_net_id(const struct unl_net *net)
{
	return net->id;
}

struct unl_net *unl_world_net_by_id(struct unl_world *w, uint64_t id)
{
	struct unl_hnode *n = unl_htab_first(&w->nets_by_id, id);

	return n ? unl_hnode_entry(n, struct unl_net, id_node) : NULL;
}

void *unl_world_priv(const struct unl_world *w, int protocol)
{
	if (protocol < 0 || protocol >= UNL_MAX_LINKS)
		return NULL;
	return w->proto_priv[protocol];
}

int unl_world_set_priv(struct unl_world *w, int protocol, void *priv,
		       void (*free_fn)(void *priv))
{
	if (protocol < 0 || protocol >= UNL_MAX_LINKS)
		return -EINVAL;
	if (w->proto_priv[protocol])
		return -EEXIST;
	w->proto_priv[protocol] = priv;
	w->proto_priv_free[protocol] = free_fn;
	return 0;
}

struct unl_net *unl_world_net_next(struct unl_world *w,
				   const struct unl_net *prev)
{
	return prev ? prev->world_next : w->nets;
}

int unl_net_peer_id(const struct unl_net *net, const struct unl_net *peer)
{
	const struct nl_nsid *e = nsid_find(net, peer);

	return e ? e->id : NETNSA_NSID_NOT_ASSIGNED;
}

struct unl_net *unl_net_peer_at(const struct unl_net *net, size_t i, int *nsid)
{
	if (i >= net->nnsids)
		return NULL;
	*nsid = net->nsids[i]->id;
	return net->nsids[i]->peer;
}

struct unl_net *unl_net_peer_by_id(struct unl_net *net, int nsid)
{
	size_t i = nsid_index(net, nsid);

	if (i < net->nnsids && net->nsids[i]->id == nsid)
		return net->nsids[i]->peer;
	return NULL;
}

/* alloc_netid(): reqid when free, else (reqid < 0) the lowest free id
 * from 0; -EEXIST when reqid is taken, -ENOSPC past INT_MAX. */
static int nsid_insert(struct unl_net *net, struct unl_net *peer, int reqid)
{
	struct nl_nsid *e;
	size_t i;

	if (reqid >= 0) {
		i = nsid_index(net, reqid);
		if (i < net->nnsids && net->nsids[i]->id == reqid)
			return -EEXIST;
	} else {
		i = nsid_first_gap(net);
		if (i > INT32_MAX)
			return -ENOSPC;
	}
	if (unl_vec_reserve(&net->nsids, &net->capnsids, net->nnsids + 1,
			    sizeof(*net->nsids)))
		return -ENOMEM;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->owner = net;
	e->peer = peer;
	e->id = reqid >= 0 ? reqid : (int)i;
	e->node.key = nsid_key(net, peer);
	if (unl_htab_add(&net->world->nsids, &e->node)) {
		free(e);
		return -ENOMEM;
	}
	memmove(net->nsids + i + 1, net->nsids + i,
		(net->nnsids - i) * sizeof(*net->nsids));
	net->nsids[i] = e;
	net->nnsids++;
	e->nb_next = peer->named_by;
	if (peer->named_by)
		peer->named_by->nb_prev = e;
	peer->named_by = e;
	return e->id;
}

int unl_net_peer_id_set(struct unl_net *net, struct unl_net *peer,
			int reqid)
{
	if (net->world != peer->world || net->dying || peer->dying)
		return -EINVAL;
	if (unl_net_peer_id(net, peer) != NETNSA_NSID_NOT_ASSIGNED)
		return -EEXIST;
	return nsid_insert(net, peer, reqid);
}

int unl_net_peer_id_alloc(struct unl_net *net, struct unl_net *peer)
{
	int id = unl_net_peer_id(net, peer);

	if (id != NETNSA_NSID_NOT_ASSIGNED)
		return id;
	/* a dying net is given no id (maybe_get_net() fails) */
	if (net->world != peer->world || net->dying || peer->dying)
		return NETNSA_NSID_NOT_ASSIGNED;
	id = nsid_insert(net, peer, -1);
	if (id < 0)
		return NETNSA_NSID_NOT_ASSIGNED;
	nsid_notify(net, peer, id, true);
	return id;
}

int unl_nsid_notifier_add(struct unl_net *net, unl_nsid_fn fn, void *user)
{
	if (!fn)
		return -EINVAL;
	return net_hook_add(net, &net->nsid_hooks, (void *)fn, user);
}

void unl_world_set_resolver(struct unl_world *w, unl_netns_resolve_fn fn,
			    void *user)
{
	pthread_mutex_lock(&w->lock);
	w->resolve = fn;
	w->resolve_user = user;
	pthread_mutex_unlock(&w->lock);
}

void unl_world_set_sock_diag_relay(struct unl_world *w,
				   unl_sock_diag_relay_fn fn, void *user)
{
	pthread_mutex_lock(&w->lock);
	w->diag_relay = fn;
	w->diag_relay_user = user;
	pthread_mutex_unlock(&w->lock);
}

void unl_world_set_sock_diag_listen(struct unl_world *w,
				    unl_sock_diag_listen_fn fn, void *user)
{
	pthread_mutex_lock(&w->lock);
	w->diag_listen = fn;
	w->diag_listen_user = user;
	pthread_mutex_unlock(&w->lock);
}

static struct unl_net *resolve(struct unl_net *net, int kind, uint32_t v,
			       int unknown, int *err)
{
	struct unl_world *w = net->world;
	struct unl_net *peer;

	*err = unknown;
	if (!w->resolve || !w->current)
		return NULL;
	peer = w->resolve(w, w->current, kind, v, err, w->resolve_user);
	/* a net of another world, or one on its way out, is no answer */
	if (peer && (peer->world != w || peer->dying)) {
		*err = unknown;
		return NULL;
	}
	return peer;
}

struct unl_net *unl_net_by_pid(struct unl_net *net, uint32_t pid, int *err)
{
	return resolve(net, UNL_NETNS_BY_PID, pid, -ESRCH, err);
}

struct unl_net *unl_net_by_fd(struct unl_net *net, uint32_t fd, int *err)
{
	return resolve(net, UNL_NETNS_BY_FD, fd, -EBADF, err);
}

/* A question about a descriptor that the resolver answers in err
 * alone; a net returned is no answer. */
static int resolve_fd_kind(struct unl_net *net, int kind, uint32_t fd)
{
	int err;

	if (resolve(net, kind, fd, -EBADF, &err))
		return -EBADF;
	return err;
}

int unl_cgroup_dir_by_fd(struct unl_net *net, uint32_t fd)
{
	return resolve_fd_kind(net, UNL_CGROUP_BY_FD, fd);
}

int unl_socket_by_fd(struct unl_net *net, uint32_t fd)
{
	return resolve_fd_kind(net, UNL_SOCKET_BY_FD, fd);
}
