/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: moving a socket's receive queue over another transport.
 *
 * A daemon that serves netlink sockets to other processes writes each
 * queued datagram to its client ("ships" it) but leaves it on the core's
 * queue, charged to the socket's receive buffer, until the client says its
 * recvmsg() took it ("consumes" it).  Queue limits, ENOBUFS and dump
 * continuation then behave exactly as for an in-process reader.
 *
 * These functions lock the net themselves.
 */
#ifndef UNETLINK_TRANSPORT_H
#define UNETLINK_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What recvmsg() reports besides the bytes. */
struct unl_dgram_info {
	uint32_t portid;    /* nl_pid of the source address */
	uint32_t dst_group; /* group number, 0 for unicast (NETLINK_PKTINFO) */
	struct unl_cred creds; /* SCM_CREDENTIALS (caps unused) */
	uint32_t flags;     /* UNL_DGRAM_* */
	int32_t nsid;       /* with UNL_DGRAM_NSID */
};

/* Every datagram shipped before this one has been consumed: it is the
 * next one the reader gets. */
#define UNL_DGRAM_HEAD 0x1
/* A broadcast from another net of the world, to a socket with
 * NETLINK_LISTEN_ALL_NSID: nsid is how the socket's net names the
 * sender's (the NETLINK_LISTEN_ALL_NSID control message). */
#define UNL_DGRAM_NSID 0x2

/*
 * Copy the oldest datagram not yet shipped into buf and mark it shipped.
 * Returns its length; -EAGAIN when every queued datagram is shipped;
 * -EMSGSIZE (nothing shipped) when len is too small for it.
 */
UNL_EXPORT ssize_t unl_sock_ship(struct unl_sock *sk, void *buf, size_t len,
				 struct unl_dgram_info *info);

/*
 * Take up to n shipped datagrams off the queue as recvmsg() would: give
 * back their receive-buffer charge, continue a running dump when the queue
 * has drained to half, end congestion when it is empty, wake blocked
 * senders.  maxlen is the largest buffer the reader offered.  Returns the
 * number taken.
 */
UNL_EXPORT int unl_sock_consume(struct unl_sock *sk, unsigned int n,
				size_t maxlen);

/*
 * Send again a message whose unl_sendmsg() answered -EAGAIN (its
 * receiver was full and the caller could not wait there): as a sender
 * that slept in the kernel would, only the unicast leg is tried, since
 * the copy for dst groups was delivered by the first attempt.  For a
 * transport that parks blocking senders instead of sleeping in the core.
 */
UNL_EXPORT ssize_t unl_sock_send_again(struct unl_sock *sk,
				       const struct msghdr *msg, int flags);

/* The pending socket error (positive errno), cleared; 0 when none. */
UNL_EXPORT int unl_sock_take_error(struct unl_sock *sk);

#define UNL_RECV_PKTINFO 0x1  /* NETLINK_PKTINFO is set */
#define UNL_RECV_PASSCRED 0x2 /* SO_PASSCRED is set */
#define UNL_RECV_DUMP 0x4     /* a dump is running */
#define UNL_RECV_PRESSURE 0x8 /* more than half of rcvbuf is used, or the
				 socket is congested */
#define UNL_RECV_LISTEN_ALL_NSID 0x10 /* NETLINK_LISTEN_ALL_NSID is set */
#define UNL_RECV_QUEUED 0x20 /* datagrams are charged to its rcvbuf */
/* The UNL_RECV_* state of the socket now. */
UNL_EXPORT unsigned int unl_sock_recv_state(struct unl_sock *sk);

/*
 * Send grants (src/core/grant.c): up to want datagrams of at most len
 * bytes from ssk to the NETLINK_USERSOCK socket at dst_portid, each of
 * which netlink_unicast() would answer with its length, their room held
 * at the receiver.  Ends any grant ssk held.  Returns how many (0: none
 * can be promised: no such receiver, a filter, congestion, no room, a
 * fault rule).
 */
UNL_EXPORT int unl_sock_grant(struct unl_sock *ssk, uint32_t dst_portid,
			      size_t len, uint32_t want);
/* Hold room for more on ssk's grant when fewer than target / 2 are
 * left, up to target left: how many were added (0: none, or no room, or
 * the receiver changed so that nothing more can be promised). */
UNL_EXPORT int unl_sock_grant_more(struct unl_sock *ssk, uint32_t target);
/* Give back the room ssk's grant still holds. */
UNL_EXPORT void unl_sock_grant_end(struct unl_sock *ssk);
/* Another sender wants the room ssk's grant holds: it is given back,
 * and what ssk still sends on the grant is delivered room or not (its
 * client was told to stop; see wire.h). */
UNL_EXPORT void unl_sock_grant_reclaim(struct unl_sock *ssk);
/* Does ssk hold a grant to dsk? */
UNL_EXPORT bool unl_sock_grant_to(struct unl_sock *ssk, struct unl_sock *dsk);
/* One datagram on ssk's grant (named: sent with an address): its length,
 * -EPROTO when no grant covers it (nothing sent), -ECONNREFUSED when the
 * receiver went since. */
UNL_EXPORT ssize_t unl_sock_grant_send(struct unl_sock *ssk, const void *data,
				       size_t len, bool named);

#ifdef __cplusplus
}
#endif
#endif
