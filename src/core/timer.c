// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timers of a net (struct timer_list, mod_timer, timer_delete): what the
 * kernel does on a clock, such as address lifetimes (addrconf_verify,
 * check_lifetime) or the IPv6 route garbage collector (fib6_run_gc).
 *
 * The clock is CLOCK_MONOTONIC.  These kernel timers count jiffies, and
 * jiffies follow the monotonic clock: neither advances while the machine
 * is suspended, so an address with 60 s left before a suspend still has
 * 60 s after it, as on Linux.  (CLOCK_BOOTTIME would expire it on
 * resume.)
 *
 * Pending timers are in a pairing heap threaded through the timers
 * themselves, ordered by deadline and then by the order they were armed:
 * arming never allocates, so no timer is ever dropped, and the earliest
 * is always at the root.  Running takes every due timer off the heap
 * into a list first, then calls them one by one; a callback that re-arms
 * its timer for a past deadline runs again at the next run, not in a
 * loop.
 *
 * Nothing runs by itself: no thread.  Timers run when the net is entered
 * (net_lock(): any call on the net), when an event loop asks
 * (unl_net_run_timers(), after the descriptor of unl_net_timer_fd()
 * became readable) and while a blocking receive waits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/vec.h"

enum { TIMER_IDLE, TIMER_QUEUED, TIMER_DUE };

struct unl_timer {
	struct unl_net *net;
	unl_timer_fn fn;
	void *data;
	int64_t expires;
	uint64_t seq; /* arm order, for equal deadlines */
	int state;    /* TIMER_* */
	/* In the heap: first child, next sibling, and prev (the parent
	 * for a first child, else the previous sibling).  On the due
	 * list: next and prev. */
	struct unl_timer *child, *next, *prev;
};

/* ---- the clock ---- */

static int64_t clock_monotonic(void *user)
{
	struct timespec ts;

	(void)user;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * UNL_NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * Read once per entry into the net: everything one call does (a stamp,
 * then an expiry computed from it, then the notification that reports
 * it) happens at one time, as it does within one jiffy in the kernel,
 * even when the call is preempted half way.
 */
int64_t net_now(struct unl_net *net)
{
	if (!net->world->now_valid) {
		if (net->world->clock_stopped)
			net->world->now = net->world->clock_stopped_at;
		else
			net->world->now = net->world->clock_fn ? net->world->clock_fn(net->world->clock_user)
						 : clock_monotonic(NULL);
		net->world->now += net->world->clock_skew;
		net->world->now_valid = true;
	}
	return net->world->now;
}

int64_t unl_net_now(struct unl_net *net)
{
	return net_now(net);
}

void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user)
{
	net_lock(net);
	net->world->clock_fn = fn;
	net->world->clock_user = user;
	net_unlock(net);
}

/* ---- the heap ---- */

static bool before(const struct unl_timer *a, const struct unl_timer *b)
{
	return a->expires < b->expires ||
	       (a->expires == b->expires && a->seq < b->seq);
}

/* Two roots (no siblings, no parent) become one: the later one is the
 * first child of the earlier. */
static struct unl_timer *meld(struct unl_timer *a, struct unl_timer *b)
{
	if (before(b, a)) {
		struct unl_timer *t = a;

		a = b;
		b = t;
	}
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	return a;
}

static void make_root(struct unl_timer *t)
{
	t->next = NULL;
	t->prev = NULL;
}

/* The children of a removed node, melded into one root: pairs from the
 * left, then the pairs from the right, so the heap stays shallow. */
static struct unl_timer *merge_pairs(struct unl_timer *first)
{
	struct unl_timer *pairs = NULL, *root = NULL;

	while (first) {
		struct unl_timer *a = first, *b = a->next;

		first = b ? b->next : NULL;
		make_root(a);
		if (b) {
			make_root(b);
			a = meld(a, b);
		}
		a->next = pairs; /* a stack of pairs, last pair on top */
		pairs = a;
	}
	while (pairs) {
		struct unl_timer *p = pairs;

		pairs = p->next;
		make_root(p);
		root = root ? meld(root, p) : p;
	}
	return root;
}

static void heap_insert(struct unl_net *net, struct unl_timer *t)
{
	t->child = NULL;
	make_root(t);
	net->world->timer_root = net->world->timer_root ? meld(net->world->timer_root, t) : t;
}

static void heap_remove(struct unl_net *net, struct unl_timer *t)
{
	struct unl_timer *sub = merge_pairs(t->child);

	t->child = NULL;
	if (t == net->world->timer_root) {
		net->world->timer_root = sub;
		make_root(t);
		return;
	}
	if (t->prev->child == t)
		t->prev->child = t->next;
	else
		t->prev->next = t->next;
	if (t->next)
		t->next->prev = t->prev;
	make_root(t);
	if (sub)
		net->world->timer_root = meld(net->world->timer_root, sub);
}

/* ---- the due list ---- */

static void due_append(struct unl_net *net, struct unl_timer *t)
{
	t->next = NULL;
	t->prev = net->world->due_tail;
	if (net->world->due_tail)
		net->world->due_tail->next = t;
	else
		net->world->due_head = t;
	net->world->due_tail = t;
}

static void due_remove(struct unl_net *net, struct unl_timer *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		net->world->due_head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		net->world->due_tail = t->prev;
	make_root(t);
}

/* Take t off whatever it is on.  True when it was pending. */
static bool timer_detach(struct unl_timer *t)
{
	switch (t->state) {
	case TIMER_QUEUED:
		heap_remove(t->net, t);
		break;
	case TIMER_DUE:
		due_remove(t->net, t);
		break;
	default:
		return false;
	}
	t->state = TIMER_IDLE;
	return true;
}

/* ---- the event loop's descriptor ---- */

/* Keep the timerfd armed for the earliest deadline (disarmed when there
 * is none), with one system call only when that deadline moves. */
static void timerfd_sync(struct unl_net *net)
{
	struct itimerspec its = { 0 };
	int64_t want = net->world->timer_root && !net->world->clock_stopped
			       ? net->world->timer_root->expires
			       : 0;

	if (want)
		want -= net->world->clock_skew;
	if (net->world->timer_fd < 0 || want == net->world->timer_fd_armed)
		return;
	if (want) {
		/* 0 would disarm: a deadline at or before the epoch of the
		 * clock is simply due */
		if (want < 1)
			want = 1;
		its.it_value.tv_sec = want / UNL_NSEC_PER_SEC;
		its.it_value.tv_nsec = want % UNL_NSEC_PER_SEC;
	}
	if (timerfd_settime(net->world->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		net->world->timer_fd_armed = want;
}

int unl_net_timer_fd(struct unl_net *net)
{
	int fd;

	net_lock(net);
	if (net->world->timer_fd < 0) {
		fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (fd < 0) {
			fd = -errno;
			net_unlock(net);
			return fd;
		}
		net->world->timer_fd = fd;
		net->world->timer_fd_armed = 0;
		timerfd_sync(net);
	}
	fd = net->world->timer_fd;
	net_unlock(net);
	return fd;
}

/* ---- running ---- */

int net_run_timers(struct unl_net *net)
{
	int64_t now;
	int n = 0;

	if (!net->world->timer_root && !net->world->due_head)
		return 0;
	now = net_now(net);
	while (net->world->timer_root && net->world->timer_root->expires <= now) {
		struct unl_timer *t = net->world->timer_root;

		heap_remove(net, t);
		t->state = TIMER_DUE;
		due_append(net, t);
	}
	/* A callback may cancel, re-arm or free any timer, its own too:
	 * take each off the list before calling it, touch it no more. */
	while (net->world->due_head) {
		struct unl_timer *t = net->world->due_head;

		due_remove(net, t);
		t->state = TIMER_IDLE;
		t->fn(t, t->data);
		n++;
	}
	timerfd_sync(net);
	return n;
}

int unl_net_run_timers(struct unl_net *net)
{
	uint64_t ticks;
	int n;

	/* not net_lock(), which would run them first and not count them */
	pthread_mutex_lock(&net->world->lock);
	net->world->now_valid = false;
	/* the descriptor's expirations are read so that it is readable
	 * again only when the next deadline comes */
	if (net->world->timer_fd >= 0 &&
	    read(net->world->timer_fd, &ticks, sizeof(ticks)) < 0)
		ticks = 0;
	n = net_run_timers(net);
	/* an expired timerfd is disarmed: arm it again, whatever the
	 * cached deadline says */
	net->world->timer_fd_armed = -1;
	timerfd_sync(net);
	net_unlock(net);
	return n;
}

int64_t unl_net_timer_timeout(struct unl_net *net)
{
	int64_t left = -1;

	/* a question only: nothing runs */
	pthread_mutex_lock(&net->world->lock);
	net->world->now_valid = false;
	if (net->world->timer_root) {
		left = net->world->timer_root->expires - net_now(net);
		if (left < 0)
			left = 0;
	}
	net->world->now_valid = false;
	pthread_mutex_unlock(&net->world->lock);
	return left;
}

bool net_timer_next(const struct unl_net *net, int64_t *expires)
{
	if (!net->world->timer_root || net->world->clock_fn ||
	    net->world->clock_stopped)
		return false;
	*expires = net->world->timer_root->expires - net->world->clock_skew;
	return true;
}

/* Each deadline in turn becomes the time, its timers run; then the
 * target.  A timer that keeps re-arming for the time it runs at stops
 * the stepping after that many runs (the clock then jumps). */
#define CLOCK_ADVANCE_MAX_RUNS 1000000

int unl_net_clock_advance(struct unl_net *net, int64_t ns)
{
	struct unl_world *w;
	int64_t target;
	long runs = 0;

	if (ns < 0)
		return -EINVAL;
	net_lock(net);
	w = net->world;
	/* a clock past INT64_MAX ns (292 years) cannot be kept */
	if (ns > INT64_MAX - net_now(net)) {
		net_unlock(net);
		return -EINVAL;
	}
	target = net_now(net) + ns;
	while (w->timer_root && w->timer_root->expires <= target &&
	       runs < CLOCK_ADVANCE_MAX_RUNS) {
		int64_t at = w->timer_root->expires, now = net_now(net);

		if (at > now)
			w->clock_skew += at - now;
		w->now_valid = false;
		runs += net_run_timers(net);
		w->now_valid = false;
	}
	if (target > net_now(net))
		w->clock_skew += target - net_now(net);
	w->now_valid = false;
	net_run_timers(net);
	timerfd_sync(net);
	net_unlock(net);
	return 0;
}

void unl_net_clock_stop(struct unl_net *net)
{
	net_lock(net);
	net->world->clock_stopped_at = net_now(net) - net->world->clock_skew;
	net->world->clock_stopped = true;
	net->world->now_valid = false;
	timerfd_sync(net);
	net_unlock(net);
}

/* Every timer of net, pending or due, into *out (grown as needed). */
static void collect_net_timers(struct unl_timer *t, const struct unl_net *net,
			       struct unl_timer ***out, size_t *n, size_t *cap)
{
	for (; t; t = t->next) {
		if (t->child)
			collect_net_timers(t->child, net, out, n, cap);
		if (t->net == net &&
		    !unl_vec_reserve(out, cap, *n + 1, sizeof(**out)))
			(*out)[(*n)++] = t;
	}
}

void net_timers_fini(struct unl_net *net)
{
	struct unl_timer **left = NULL;
	size_t n = 0, cap = 0;

	/* Timers belong to the protocols, which free them in their fini
	 * hooks; any of this net's left are only forgotten, never called.
	 * (A heap node's next is its sibling: the walk covers the heap.) */
	collect_net_timers(net->world->timer_root, net, &left, &n, &cap);
	for (struct unl_timer *t = net->world->due_head; t; t = t->next)
		if (t->net == net &&
		    !unl_vec_reserve(&left, &cap, n + 1, sizeof(*left)))
			left[n++] = t;
	for (size_t i = 0; i < n; i++)
		timer_detach(left[i]);
	free(left);
	timerfd_sync(net);
}

void world_timers_fini(struct unl_world *w)
{
	/* every net took its own timers with it (net_timers_fini) */
	w->timer_root = w->due_head = w->due_tail = NULL;
	if (w->timer_fd >= 0)
		close(w->timer_fd);
	w->timer_fd = -1;
}

/* ---- the kernel-side calls ---- */

int unl_timer_new(struct unl_net *net, unl_timer_fn fn, void *data,
		  struct unl_timer **timerp)
{
	struct unl_timer *t;

	if (!net || !fn || !timerp)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->net = net;
	t->fn = fn;
	t->data = data;
	*timerp = t;
	return 0;
}

void unl_timer_free(struct unl_timer *t)
{
	if (!t)
		return;
	if (timer_detach(t))
		timerfd_sync(t->net);
	free(t);
}

int unl_timer_mod(struct unl_timer *t, int64_t expires)
{
	struct unl_net *net = t->net;
	bool was = timer_detach(t);

	t->expires = expires;
	t->seq = ++net->world->timer_seq;
	t->state = TIMER_QUEUED;
	heap_insert(net, t);
	timerfd_sync(net);
	return was;
}

int unl_timer_del(struct unl_timer *t)
{
	bool was = timer_detach(t);

	if (was)
		timerfd_sync(t->net);
	return was;
}

bool unl_timer_pending(const struct unl_timer *t)
{
	return t->state != TIMER_IDLE;
}

int64_t unl_timer_expires(const struct unl_timer *t)
{
	return t->expires;
}
