/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A netlink socket's pending error in an epoll set, for both front ends
 * (docs/seccomp.md, "Readiness").  A data socket is an AF_UNIX socket:
 * it cannot show the netlink socket's sk_err, which ep_item_poll()
 * reports as EPOLLERR whatever the item watches.  So a wait over a set
 * that holds an erring socket of ours is answered without sleeping:
 * what the set has ready now, EPOLLERR added to the erring sockets'
 * entries (or an entry of their own).  Which files a set watches, and
 * with what events and data, only /proc/PID/fdinfo/EPFD tells.
 */
#ifndef UNETLINK_WIRE_EPOLL_ERR_H
#define UNETLINK_WIRE_EPOLL_ERR_H

#include <stdbool.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>

/* The flags of an item that are no events (EP_PRIVATE_BITS of
 * fs/eventpoll.c): an item that watches only these reports nothing. */
#define UNL_EP_PRIVATE (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

/* One watched file of an epoll set, as fdinfo lists it. */
struct unl_ep_watch {
	int tfd;
	uint32_t events;
	uint64_t data;
	unsigned long ino;
};

/* The watched files the fdinfo file at path lists: their count (*out
 * allocated, the caller frees it), or -1. */
int unl_ep_watches(const char *path, struct unl_ep_watch **out);

/* Is the only thing queued on data socket fd the record that wakes it
 * for a pending error (wire.h, UNL_DGRAM_WAKE)? */
bool unl_dgram_only_wake(int fd);

/* What ep_item_poll() reports for an erring socket: datagram_poll()'s
 * mask (its data socket's revents, of a poll for POLLIN, POLLOUT and
 * their kin; POLLIN only for a datagram, not when only_wake says the
 * record that woke it is all there is) within what the item watches,
 * and EPOLLERR.  The front ends read the data socket with their own
 * calls (the shim's are interposed). */
uint32_t unl_ep_erring_events(short revents, bool only_wake,
			      uint32_t watched);
/* The events unl_ep_erring_events() wants the data socket polled for. */
#define UNL_EP_POLL_EVENTS (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM | \
			    POLLWRBAND)

/* ev[0..got) (a zero-timeout wait of the set) with errev[i] merged into
 * the entry of watch i (or one added for it, while max allows) for each
 * i with errev[i] set: the new count. */
int unl_ep_merge(struct epoll_event *ev, int got, int max,
		 const struct unl_ep_watch *w, const uint32_t *errev, int nw);

#endif
