// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The net object: the protocol table (nl_table), the portid hash of each
 * protocol, the net-wide lock, taps and release notifiers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <unetlink/profile.h>

#include "core/internal.h"

/* ---- locking ---- */

/* Entering the net runs the timers that are due, so that no call sees
 * state the clock should have changed already. */
void net_lock(struct unl_net *net)
{
	pthread_mutex_lock(&net->world->lock);
	net->world->now_valid = false;
	if (net->world->timer_root)
		net_run_timers(net);
}

void net_unlock(struct unl_net *net)
{
	struct unl_sock *list = net->world->ready_list, *sk, *next;

	net->world->ready_list = NULL;
	net->world->current = NULL;
	net->world->now_valid = false;
	for (sk = list; sk; sk = sk->ready_next)
		sk->ready_pending = false;
	pthread_mutex_unlock(&net->world->lock);

	/* Callbacks run unlocked so that they may call back into the core;
	 * each holds a reference taken when it was queued. */
	for (sk = list; sk; sk = next) {
		next = sk->ready_next;
		if (!sk->dead && sk->ready_fn)
			sk->ready_fn(sk, sk->ready_user);
		sock_put(sk);
	}
}

void unl_net_lock(struct unl_net *net)
{
	net_lock(net);
}

void unl_net_unlock(struct unl_net *net)
{
	net_unlock(net);
}

/* xorshift64*: cheap, and good enough for picking autobind rovers. */
uint32_t net_random(struct unl_net *net)
{
	uint64_t x = net->rand_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	net->rand_state = x;
	return (uint32_t)((x * UINT64_C(2685821657736338717)) >> 32);
}

/* ---- protocol entries ---- */

const struct nl_table nl_table_none;

struct nl_table *nl_table_make(struct unl_net *net, int protocol)
{
	if (!net->table[protocol])
		net->table[protocol] = calloc(1, sizeof(struct nl_table));
	return net->table[protocol];
}

/* ---- portid hash ---- */

/* The murmur3 finaliser: sequential and negative portids spread evenly. */
static uint32_t portid_hash(uint32_t portid)
{
	uint32_t h = portid;

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

struct unl_sock *nl_lookup(struct unl_net *net, int protocol, uint32_t portid)
{
	struct nl_hash *h = &nl_table_of(net, protocol)->hash;
	struct unl_sock *sk;

	if (!h->buckets)
		return NULL;
	for (sk = h->buckets[portid_hash(portid) & h->mask]; sk;
	     sk = sk->hash_next)
		if (sk->portid == portid)
			return sk;
	return NULL;
}

static int hash_grow(struct nl_hash *h)
{
	uint32_t nsize = h->buckets ? (h->mask + 1) * 2 : 16;
	struct unl_sock **nb = calloc(nsize, sizeof(*nb));
	uint32_t i;

	if (!nb)
		return -ENOMEM;
	for (i = 0; h->buckets && i <= h->mask; i++) {
		struct unl_sock *sk = h->buckets[i], *next;

		for (; sk; sk = next) {
			uint32_t b = portid_hash(sk->portid) & (nsize - 1);

			next = sk->hash_next;
			sk->hash_next = nb[b];
			nb[b] = sk;
		}
	}
	free(h->buckets);
	h->buckets = nb;
	h->mask = nsize - 1;
	return 0;
}

/* __netlink_insert(): -EADDRINUSE when the portid is taken. */
int nl_hash_insert(struct nl_table *tbl, struct unl_sock *sk)
{
	struct nl_hash *h = &tbl->hash;
	uint32_t b;

	if (!h->buckets || h->count >= h->mask + 1) {
		int err = hash_grow(h);

		if (err && !h->buckets)
			return err;
	}
	b = portid_hash(sk->portid) & h->mask;
	for (struct unl_sock *o = h->buckets[b]; o; o = o->hash_next)
		if (o->portid == sk->portid)
			return -EADDRINUSE;
	sk->hash_next = h->buckets[b];
	h->buckets[b] = sk;
	h->count++;
	return 0;
}

void nl_hash_remove(struct nl_table *tbl, struct unl_sock *sk)
{
	struct nl_hash *h = &tbl->hash;
	struct unl_sock **pp;

	if (!h->buckets)
		return;
	for (pp = &h->buckets[portid_hash(sk->portid) & h->mask]; *pp;
	     pp = &(*pp)->hash_next) {
		if (*pp == sk) {
			*pp = sk->hash_next;
			sk->hash_next = NULL;
			h->count--;
			return;
		}
	}
}

/* The mean number of sockets a successful lookup walks past in the
 * protocol's portid hash: 1 plus half the mean chain length. */
double unl_debug_hash_probes(struct unl_net *net, int protocol)
{
	struct nl_hash *h = &nl_table_of(net, protocol)->hash;
	uint64_t sum = 0;

	net_lock(net);
	for (uint32_t b = 0; h->buckets && b <= h->mask; b++) {
		uint64_t len = 0;

		for (struct unl_sock *sk = h->buckets[b]; sk; sk = sk->hash_next)
			len++;
		/* finding the k-th of a chain takes k probes */
		sum += len * (len + 1) / 2;
	}
	net_unlock(net);
	return h->count ? (double)sum / h->count : 0;
}

/* ---- net lifetime ---- */

/* A socket buffer sysctl of the net's profile (net.core.*); Linux's
 * default when the profile does not set it or sets nonsense. */
static uint32_t core_sysctl(const struct unl_profile *p, const char *name)
{
	long v;

	if (unl_profile_sysctl_int(p, name, &v) || v <= 0 || v > INT32_MAX)
		return 212992;
	return (uint32_t)v;
}

/*
 * The host kernel's HZ, read off how it rounds a 1 us socket timeout, so
 * that timeouts read back as they would on this machine.  250 when it
 * cannot be measured.  Measured once per process: the host's HZ does not
 * change, and a daemon making 10,000 nets need not ask 10,000 times.
 */
static int detect_hz(void)
{
	static _Atomic int cached;
	struct timeval tv = { .tv_sec = 0, .tv_usec = 1 };
	socklen_t len = sizeof(tv);
	int fd, hz = atomic_load(&cached);

	if (hz)
		return hz;
	hz = 250;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return hz;
	if (!setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) &&
	    !getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) &&
	    tv.tv_sec == 0 && tv.tv_usec > 0 && 1000000 % tv.tv_usec == 0)
		hz = (int)(1000000 / tv.tv_usec);
	close(fd);
	atomic_store(&cached, hz);
	return hz;
}

/* The seed of a net made without one: $UNETLINK_SEED, else a fixed
 * value, so that runs repeat. */
static uint64_t default_seed(void)
{
	const char *s = getenv("UNETLINK_SEED");

	return s && *s ? strtoull(s, NULL, 0) : 0x756e6c;
}

/* A net made without a seed draws from the default seed mixed with its
 * place in the world (splitmix64 of the two), so that two nets of a
 * world do not hand out the same MAC addresses, yet every run gives the
 * same ones; the first net keeps the default seed itself. */
static uint64_t world_net_seed(uint64_t seed, uint64_t id)
{
	uint64_t z = id - WORLD_FIRST_ID;

	if (!z)
		return seed;
	z = seed + z * UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

int unl_net_new(struct unl_net **netp)
{
	return unl_net_new_config(netp, NULL);
}

int unl_net_new_config(struct unl_net **netp,
		       const struct unl_net_config *cfg)
{
	struct unl_world *w;
	int err = unl_world_new(&w);

	if (err)
		return err;
	w->own = true;
	err = unl_net_new_in(w, cfg, netp);
	if (err)
		world_destroy(w);
	return err;
}

/* What a new net starts with, before anyone can see it. */
static int net_init(struct unl_net *net, const struct unl_net_config *cfg)
{
	struct timespec ts;
	int err;

	if (cfg && cfg->profile) {
		net->profile = unl_profile_ref(cfg->profile);
	} else {
		err = unl_profile_host(&net->profile);
		if (err)
			return err;
	}
	net->seed = cfg && cfg->has_seed ? cfg->seed : default_seed();
	/* The socket buffer defaults and limits of the kernel profile (the
	 * host's by default, as a fresh namespace inherits them). */
	net->rmem_default = core_sysctl(net->profile, "net.core.rmem_default");
	net->wmem_default = core_sysctl(net->profile, "net.core.wmem_default");
	net->rmem_max = core_sysctl(net->profile, "net.core.rmem_max");
	net->wmem_max = core_sysctl(net->profile, "net.core.wmem_max");
	net->hz = detect_hz();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	net->rand_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
			  ((uint64_t)getpid() << 40) ^ (uintptr_t)net;
	if (!net->rand_state)
		net->rand_state = 0x2545f4914f6cdd1dULL;
	net->loader = proto_builtin_load;
	net->next_hook_id = 1;
	err = nl_sysctl_core_init(net);
	if (err)
		nl_sysctls_free(net);
	return err;
}

int unl_net_new_in(struct unl_world *w, const struct unl_net_config *cfg,
		   struct unl_net **netp)
{
	struct unl_net *net = calloc(1, sizeof(*net));
	int err;

	if (!net)
		return -ENOMEM;
	err = net_init(net, cfg);
	if (err) {
		unl_profile_unref(net->profile);
		free(net);
		return err;
	}
	pthread_mutex_lock(&w->lock);
	err = world_link(w, net);
	pthread_mutex_unlock(&w->lock);
	if (err) {
		unl_profile_unref(net->profile);
		free(net);
		return err;
	}
	if (!(cfg && cfg->has_seed))
		net->seed = world_net_seed(net->seed, net->id);

	net_lock(net);
	err = usersock_init(net);
	net_unlock(net);
	if (err) {
		unl_net_free(net);
		return err;
	}
	*netp = net;
	return 0;
}

void unl_net_set_loader(struct unl_net *net, unl_loader_fn fn, void *user)
{
	net_lock(net);
	net->loader = fn;
	net->loader_user = user;
	net_unlock(net);
}

static void free_hooks(struct nl_hook *h)
{
	while (h) {
		struct nl_hook *next = h->next;

		free(h);
		h = next;
	}
}

void unl_net_free(struct unl_net *net)
{
	struct unl_world *w;
	int i;

	if (!net)
		return;
	w = net->world;
	/* cleanup_net(): out of the world first, so that no peer names it
	 * any more (each that did hears RTM_DELNSID) */
	net_lock(net);
	world_unlink(net);
	net_unlock(net);
	/* User sockets first (their release may notify protocols), then
	 * the protocols' kernel sockets through their fini hooks. */
	for (;;) {
		struct unl_sock *sk;

		net_lock(net);
		for (sk = net->all; sk && nl_is_kernel(sk); sk = sk->all_next)
			;
		net_unlock(net);
		if (!sk)
			break;
		sock_hold(sk);
		unl_close(sk);
		sock_put(sk);
	}
	for (i = 0; i < UNL_MAX_LINKS; i++) {
		void (*fini)(struct unl_net *) = net->proto_fini[i];

		net->proto_fini[i] = NULL;
		if (fini)
			fini(net);
	}
	/* Kernel sockets a protocol left behind. */
	for (;;) {
		struct unl_sock *sk;

		net_lock(net);
		sk = net->all;
		net_unlock(net);
		if (!sk)
			break;
		net_lock(net);
		unl_kernel_release(sk);
		net_unlock(net);
	}
	net_timers_fini(net);
	for (i = 0; i < UNL_MAX_LINKS; i++) {
		if (!net->table[i])
			continue;
		free(net->table[i]->hash.buckets);
		free(net->table[i]->listeners);
		free(net->table[i]);
	}
	free_hooks(net->taps);
	nl_chrdevs_free(net);
	nl_sysctls_free(net);
	nl_procnets_free(net);
	free_hooks(net->release_hooks);
	free_hooks(net->netdev_hooks);
	free_hooks(net->nsid_hooks);
	unl_profile_unref(net->profile);
	free(net);
	if (w->own)
		world_destroy(w);
}

const struct unl_profile *unl_net_profile(const struct unl_net *net)
{
	return net->profile;
}

uint64_t unl_net_seed(const struct unl_net *net)
{
	return net->seed;
}

void net_set_fini(struct unl_net *net, int protocol,
		      void (*fini)(struct unl_net *net))
{
	if (protocol >= 0 && protocol < UNL_MAX_LINKS)
		net->proto_fini[protocol] = fini;
}

/* ---- hooks: taps and release notifiers ---- */

int net_hook_add(struct unl_net *net, struct nl_hook **list, void *fn,
		 void *user)
{
	struct nl_hook *h = calloc(1, sizeof(*h)), **pp;

	if (!h)
		return -ENOMEM;
	h->fn = fn;
	h->user = user;
	h->id = net->next_hook_id++;
	for (pp = list; *pp; pp = &(*pp)->next)
		;
	*pp = h;
	return h->id;
}

static int hook_add(struct unl_net *net, struct nl_hook **list, void *fn,
		    void *user)
{
	int id;

	net_lock(net);
	id = net_hook_add(net, list, fn, user);
	net_unlock(net);
	return id;
}

static int hook_remove(struct unl_net *net, struct nl_hook **list, int id)
{
	struct nl_hook **pp, *h;

	net_lock(net);
	for (pp = list; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			h = *pp;
			*pp = h->next;
			net_unlock(net);
			free(h);
			return 0;
		}
	}
	net_unlock(net);
	return -ENOENT;
}

int unl_tap_add(struct unl_net *net, unl_tap_fn fn, void *user)
{
	if (!fn)
		return -EINVAL;
	return hook_add(net, &net->taps, (void *)fn, user);
}

int unl_tap_remove(struct unl_net *net, int id)
{
	return hook_remove(net, &net->taps, id);
}

int unl_release_notifier_add(struct unl_net *net, unl_release_fn fn,
			     void *user)
{
	if (!fn)
		return -EINVAL;
	return hook_add(net, &net->release_hooks, (void *)fn, user);
}

int unl_release_notifier_remove(struct unl_net *net, int id)
{
	return hook_remove(net, &net->release_hooks, id);
}

int unl_netdev_notifier_add(struct unl_net *net, unl_netdev_fn fn, void *user)
{
	if (!fn)
		return -EINVAL;
	return hook_add(net, &net->netdev_hooks, (void *)fn, user);
}

int unl_netdev_notifier_remove(struct unl_net *net, int id)
{
	return hook_remove(net, &net->netdev_hooks, id);
}

void unl_netdev_notify(struct unl_net *net, enum unl_netdev_event ev,
		       int ifindex, const char *name)
{
	struct nl_hook *h, *next;

	/* a subscriber may leave the chain while told (its net going) */
	for (h = net->netdev_hooks; h; h = next) {
		next = h->next;
		((unl_netdev_fn)h->fn)(net, ev, ifindex, name, h->user);
	}
}

/* netlink_deliver_tap(): Linux passes only some protocols to taps. */
static bool tap_protocol(int protocol)
{
	switch (protocol) {
	case NETLINK_ROUTE:
	case NETLINK_USERSOCK:
	case NETLINK_SOCK_DIAG:
	case NETLINK_NFLOG:
	case NETLINK_XFRM:
	case NETLINK_FIB_LOOKUP:
	case NETLINK_NETFILTER:
	case NETLINK_GENERIC:
		return true;
	}
	return false;
}

void nl_deliver_tap(const struct unl_sock *user, const struct unl_skb *skb,
		    int protocol, bool to_kernel)
{
	struct unl_net *net = user->net;
	struct unl_tap_msg m;

	if (!net->taps || !tap_protocol(protocol))
		return;
	m.protocol = protocol;
	m.to_kernel = to_kernel;
	m.data = skb->data;
	m.len = skb->len;
	m.portid = user->portid;
	m.pid = user->cred.pid;
	m.group = to_kernel ? 0 : skb->cb.dst_group;
	for (struct nl_hook *h = net->taps; h; h = h->next)
		((unl_tap_fn)h->fn)(&m, h->user);
}

void nl_notify_release(struct unl_net *net, int protocol, uint32_t portid)
{
	for (struct nl_hook *h = net->release_hooks; h; h = h->next)
		((unl_release_fn)h->fn)(net, protocol, portid, h->user);
}

/* ---- listing ---- */

void unl_sock_info(struct unl_sock *sk, struct unl_sock_info *info)
{
	struct unl_net *net = sk->net;

	net_lock(net);
	memset(info, 0, sizeof(*info));
	info->protocol = sk->protocol;
	info->portid = sk->portid;
	info->groups = sk->ngroups ? (uint32_t)sk->groups[0] : 0;
	info->rmem = sk->rmem_alloc;
	info->dump_running = sk->cb_running;
	info->drops = sk->drops;
	info->kernel = nl_is_kernel(sk);
	net_unlock(net);
}

void unl_net_foreach_sock(struct unl_net *net,
			  void (*fn)(const struct unl_sock_info *, void *),
			  void *user)
{
	net_lock(net);
	for (int p = 0; p < UNL_MAX_LINKS; p++) {
		for (struct unl_sock *sk = net->all; sk; sk = sk->all_next) {
			struct unl_sock_info info = {
				.protocol = sk->protocol,
				.portid = sk->portid,
				.groups = sk->ngroups ? (uint32_t)sk->groups[0]
						      : 0,
				.rmem = sk->rmem_alloc,
				.dump_running = sk->cb_running,
				.drops = sk->drops,
				.kernel = nl_is_kernel(sk),
			};

			if (sk->protocol == p)
				fn(&info, user);
		}
	}
	net_unlock(net);
}
