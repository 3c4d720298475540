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
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void unl_world_free(struct unl_world *w)
{
	if (!w)
		return;
	/* newest first, as the last net made may hold on to the first */
	for (;;) {
		struct unl_net *last = NULL;

		pthread_mutex_lock(&w->lock);
		for (struct unl_net *n = w->nets; n; n = n->world_next)
			last = n;
		pthread_mutex_unlock(&w->lock);
		if (!last)
			break;
		unl_net_free(last);
	}
	world_destroy(w);
}

/* Into the world, with its id.  The world's lock is held. */
void world_link(struct unl_world *w, struct unl_net *net)
{
	struct unl_net **pp = &w->nets;

	while (*pp)
		pp = &(*pp)->world_next;
	*pp = net;
	net->world = w;
	net->id = w->next_id++;
	w->nnets++;
}

static void nsid_remove_at(struct unl_net *net, size_t i)
{
	memmove(net->nsids + i, net->nsids + i + 1,
		(net->nnsids - i - 1) * sizeof(*net->nsids));
	net->nnsids--;
}

static void nsid_notify(struct unl_net *net, struct unl_net *peer, int id,
			bool added)
{
	for (struct nl_hook *h = net->nsid_hooks; h; h = h->next)
		((unl_nsid_fn)h->fn)(net, peer, id, added, h->user);
}

/* unhash_nsid(): the dying net leaves its world; every net that had an
 * nsid for it loses it, and is told (RTM_DELNSID).  The lock is held. */
void world_unlink(struct unl_net *net)
{
	struct unl_world *w = net->world;

	net->dying = true;
	for (struct unl_net **pp = &w->nets; *pp; pp = &(*pp)->world_next)
		if (*pp == net) {
			*pp = net->world_next;
			w->nnets--;
			break;
		}
	for (struct unl_net *n = w->nets; n; n = n->world_next)
		for (size_t i = 0; i < n->nnsids; i++)
			if (n->nsids[i].peer == net) {
				int id = n->nsids[i].id;

				nsid_remove_at(n, i);
				nsid_notify(n, net, id, false);
				break;
			}
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
	for (struct unl_net *n = w->nets; n; n = n->world_next)
		if (n->id == id)
			return n;
	return NULL;
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
	for (size_t i = 0; i < net->nnsids; i++)
		if (net->nsids[i].peer == peer)
			return net->nsids[i].id;
	return NETNSA_NSID_NOT_ASSIGNED;
}

struct unl_net *unl_net_peer_at(const struct unl_net *net, size_t i, int *nsid)
{
	if (i >= net->nnsids)
		return NULL;
	*nsid = net->nsids[i].id;
	return net->nsids[i].peer;
}

struct unl_net *unl_net_peer_by_id(struct unl_net *net, int nsid)
{
	for (size_t i = 0; i < net->nnsids; i++)
		if (net->nsids[i].id == nsid)
			return net->nsids[i].peer;
	return NULL;
}

/* alloc_netid(): reqid when free, else (reqid < 0) the lowest free id
 * from 0; -EEXIST when reqid is taken, -ENOSPC past INT_MAX. */
static int nsid_insert(struct unl_net *net, struct unl_net *peer, int reqid)
{
	int id = reqid >= 0 ? reqid : 0;
	size_t i = 0;

	for (; i < net->nnsids && net->nsids[i].id <= id; i++) {
		if (net->nsids[i].id != id)
			continue;
		if (reqid >= 0)
			return -EEXIST;
		if (id == INT32_MAX)
			return -ENOSPC;
		id++;
	}
	if (unl_vec_reserve(&net->nsids, &net->capnsids, net->nnsids + 1,
			    sizeof(*net->nsids)))
		return -ENOMEM;
	memmove(net->nsids + i + 1, net->nsids + i,
		(net->nnsids - i) * sizeof(*net->nsids));
	net->nsids[i] = (struct nl_nsid){ .peer = peer, .id = id };
	net->nnsids++;
	return id;
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
