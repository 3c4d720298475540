// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * poll() and ppoll() over our sockets (docs/seccomp.md, "Readiness").
 * A data socket is an AF_UNIX socket: its readiness is the netlink
 * socket's, but it cannot show the netlink socket's pending error
 * (sk_err, which the status slot shows) as POLLERR.  The filter
 * cannot see the set (it is in the caller's memory), so it traps every
 * poll() and ppoll(); here the set's descriptors in the reserved range
 * are looked at, and the kernel runs the call (CONTINUE) unless one of
 * ours has an error pending.  Then the answer is datagram_poll()'s,
 * which does not wait: POLLERR on those sockets (POLLIN only when a
 * datagram is queued, not for the record that only woke the socket),
 * the other descriptors as a poll() with a zero timeout finds them.
 * The epoll waits likewise: an erring socket of ours that the set
 * watches gets EPOLLERR, the rest is what the set has ready now.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "seccomp/sc-private.h"
#include "wire/epoll-err.h"

/* Larger sets go to the kernel without a look (RLIMIT_NOFILE bounds
 * nfds there, and a set that large is no netlink program's). */
#define SC_POLL_MAX 4096u
/* epoll_wait(), which has no signal mask; -1 where there is none. */
#ifdef __NR_epoll_wait
#define SC_NR_EPOLL_WAIT __NR_epoll_wait
#else
#define SC_NR_EPOLL_WAIT (-1)
#endif
/* The kernel's sigset_t, which ppoll()'s sigsetsize must give. */
#define SC_KERNEL_SIGSET 8u

/* The answer datagram_poll() would give now; the count of ready
 * entries, after writing them back to the child. */
static long answer_now(struct sc *s, struct sc_call *c, struct pollfd *pf,
		       int *copy, const bool *err, size_t n)
{
	struct pollfd *q = calloc(n, sizeof(*q));
	long ready = 0;

	if (!q)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (pf[i].fd >= 0 && copy[i] < 0)
			copy[i] = sc_getfd(c, pf[i].fd);
		q[i] = (struct pollfd){ .fd = copy[i], .events = pf[i].events };
	}
	if (poll(q, (nfds_t)n, 0) < 0) {
		free(q);
		return -errno;
	}
	for (size_t i = 0; i < n; i++) {
		short rev = pf[i].fd < 0 ? 0 : copy[i] < 0 ? POLLNVAL
							   : q[i].revents;

		if (err[i]) {
			rev |= POLLERR;
			if (unl_dgram_only_wake(copy[i]))
				rev &= (short)~(POLLIN | POLLRDNORM);
		}
		pf[i].revents = rev;
		ready += rev != 0;
	}
	free(q);
	if (!sc_id_valid(s, c))
		return -ENOENT;
	if (sc_mem_write(c, c->n.data.args[0], pf, n * sizeof(*pf)))
		return -EFAULT;
	return ready;
}

/* Has any socket of ours an error pending?  Most calls end here,
 * without a look at the set. */
static bool any_error(const struct sc *s)
{
	for (const struct sc_sock *k = s->socks; k; k = k->next)
		if (k->page && __atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

long sc_poll(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	size_t n = (size_t)a[1];
	struct pollfd *pf = NULL;
	int *copy = NULL;
	bool *err = NULL, any = false;
	long ret = SC_CONTINUE;

	/* What the kernel refuses, it refuses itself. */
	if (!any_error(s) || !n || n > SC_POLL_MAX ||
	    (c->n.data.nr == __NR_ppoll && a[3] && a[4] != SC_KERNEL_SIGSET))
		return SC_CONTINUE;
	pf = malloc(n * sizeof(*pf));
	copy = malloc(n * sizeof(*copy));
	err = calloc(n, sizeof(*err));
	if (!pf || !copy || !err || sc_mem_read(c, a[0], pf, n * sizeof(*pf)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct sc_sock *k;
		int fd = pf[i].fd;

		copy[i] = -1;
		if (fd < s->base || fd >= s->base + UNL_SC_RANGE)
			continue;
		copy[i] = sc_getfd(c, fd);
		if (copy[i] < 0)
			continue;
		k = sc_sock_of(s, copy[i]);
		err[i] = k && k->page &&
			 __atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE) != 0;
		any |= err[i];
	}
	if (any)
		ret = answer_now(s, c, pf, copy, err, n);
	for (size_t i = 0; i < n; i++)
		if (copy[i] >= 0)
			close(copy[i]);
out:
	free(pf);
	free(copy);
	free(err);
	return ret;
}

/* ---- epoll ------------------------------------------------------------ */

/* The most events epoll_wait() takes (EP_MAX_EVENTS). */
#define SC_EP_MAX ((int)(INT_MAX / sizeof(struct epoll_event)))

bool sc_is_epoll_wait(int nr)
{
	return
#ifdef __NR_epoll_wait
		nr == __NR_epoll_wait ||
#endif
#ifdef __NR_epoll_pwait2
		nr == __NR_epoll_pwait2 ||
#endif
		nr == __NR_epoll_pwait;
}

/* The socket of ours the child's number w->tfd is, if it is still the
 * file the set watches (the same inode), with an error pending. */
static struct sc_sock *erring(struct sc *s, struct sc_call *c,
			      const struct unl_ep_watch *w, int *copy)
{
	struct sc_sock *k;
	struct stat st;

	*copy = -1;
	if (w->tfd < s->base || w->tfd >= s->base + UNL_SC_RANGE ||
	    !(w->events & ~UNL_EP_PRIVATE))
		return NULL;
	*copy = sc_getfd(c, w->tfd);
	if (*copy < 0)
		return NULL;
	k = sc_sock_of(s, *copy);
	if (!k || !k->page || fstat(*copy, &st) < 0 ||
	    (unsigned long)st.st_ino != w->ino ||
	    !__atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE))
		return NULL;
	return k;
}

static uint32_t erring_events(int copy, uint32_t watched)
{
	struct pollfd q = { .fd = copy, .events = UNL_EP_POLL_EVENTS };

	if (poll(&q, 1, 0) != 1)
		q.revents = 0;
	return unl_ep_erring_events(q.revents, unl_dgram_only_wake(copy),
				    watched);
}

/*
 * The answer ep_poll() would give now, when an erring socket of ours is
 * in the set: what is ready (an epoll_wait() of our copy of the set with
 * a zero timeout, which takes edge and one-shot events as the child's
 * call would), EPOLLERR added to the erring sockets' events, or an
 * entry of their own for those not ready otherwise.
 */
static long epoll_answer(struct sc *s, struct sc_call *c, int ep,
			 const struct unl_ep_watch *w, const uint32_t *errev,
			 int nw, int max)
{
	struct epoll_event *ev = calloc((size_t)max, sizeof(*ev));
	int got;
	long ret;

	if (!ev)
		return -ENOMEM;
	got = epoll_wait(ep, ev, max, 0);
	if (got < 0) {
		free(ev);
		return SC_CONTINUE;
	}
	got = unl_ep_merge(ev, got, max, w, errev, nw);
	if (!sc_id_valid(s, c))
		ret = -ENOENT;
	else if (sc_mem_write(c, c->n.data.args[1], ev,
			      (size_t)got * sizeof(*ev)))
		ret = -EFAULT;
	else
		ret = got;
	free(ev);
	return ret;
}

long sc_epoll_wait(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	int max = (int)a[2], ep, nw, copy;
	struct unl_ep_watch *w = NULL;
	char path[64];
	uint32_t *errev = NULL;
	bool any = false;
	long ret = SC_CONTINUE;

	/* What the kernel refuses, it refuses itself. */
	if (!any_error(s) || max <= 0 || max > SC_EP_MAX ||
	    (c->n.data.nr != (long)SC_NR_EPOLL_WAIT && a[4] &&
	     a[5] != SC_KERNEL_SIGSET))
		return SC_CONTINUE;
	ep = sc_getfd(c, (int)a[0]);
	if (ep < 0)
		return SC_CONTINUE;
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)c->n.pid,
		 (int)a[0]);
	nw = unl_ep_watches(path, &w);
	if (nw > 0)
		errev = calloc((size_t)nw, sizeof(*errev));
	for (int i = 0; errev && i < nw; i++) {
		if (!erring(s, c, &w[i], &copy)) {
			if (copy >= 0)
				close(copy);
			continue;
		}
		errev[i] = erring_events(copy, w[i].events);
		any |= errev[i] != 0;
		close(copy);
	}
	if (any)
		ret = epoll_answer(s, c, ep, w, errev, nw, max);
	free(errev);
	free(w);
	close(ep);
	return ret;
}
