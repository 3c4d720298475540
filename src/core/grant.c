// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Send grants: a sender that may send without waiting for each answer.
 *
 * A transport that carries sendmsg() from another process (the daemon)
 * costs a round trip per datagram if every send waits for its result.
 * What netlink_unicast() answers a user socket sending to a user socket
 * of NETLINK_USERSOCK depends only on the receiver: ECONNREFUSED when
 * its portid is free (or it is connected to another), EAGAIN or a wait
 * when its queue is full, the length otherwise (a filter may trim it).
 * A grant fixes that answer in advance for a few datagrams: the
 * receiver exists, has no filter and is not congested, and the room
 * their truesize needs is held for them (rmem_reserved, which other
 * unicast senders count as used, as they would count those datagrams
 * had they been sent already).  So each of them is answered "len" by
 * the sender's side at once, and delivered when the transport gets it,
 * in order; as they are, the grant may hold room for more.  The transport takes the grant back (unl_sock_grant_end())
 * before anything else the sender asks, and tells the sender when the
 * receiver changes (wire.h, "Send grants").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "core/internal.h"
#include <unetlink/transport.h>

void nl_grant_end(struct unl_sock *sk)
{
	struct unl_sock *dsk = sk->grant_sk;

	if (!dsk)
		return;
	dsk->rmem_reserved -= sk->grant_left * sk->grant_unit;
	sk->grant_sk = NULL;
	sk->grant_left = 0;
	sock_put(dsk);
}

void unl_sock_grant_end(struct unl_sock *sk)
{
	if (!sk)
		return;
	net_lock(sk->net);
	nl_grant_end(sk);
	net_unlock(sk->net);
}

/* Would a unicast of len bytes from ssk to dsk be answered len for
 * certain, room aside? */
static bool grantable(const struct unl_sock *ssk, const struct unl_sock *dsk,
		      size_t len)
{
	return ssk->protocol == NETLINK_USERSOCK && ssk->bound &&
	       !ssk->dead && len && len <= ssk->sndbuf - 32 &&
	       !nl_is_kernel(dsk) && !dsk->dead && !dsk->filter &&
	       !dsk->congested && !ssk->net->world->faults;
}

int unl_sock_grant(struct unl_sock *ssk, uint32_t dst_portid, size_t len,
		   uint32_t want)
{
	struct unl_sock *dsk;
	uint32_t unit, used, room, n;

	if (!ssk)
		return -EBADF;
	net_lock(ssk->net);
	nl_grant_end(ssk);
	if (!dst_portid || ssk->dead || nl_getsockbyportid(ssk, dst_portid,
							   &dsk)) {
		net_unlock(ssk->net);
		return 0;
	}
	unit = nl_unicast_truesize(len);
	used = dsk->rmem_alloc + dsk->rmem_reserved;
	room = used < dsk->rcvbuf ? dsk->rcvbuf - used : 0;
	n = room / unit < want ? room / unit : want;
	if (!grantable(ssk, dsk, len) || !n) {
		sock_put(dsk);
		net_unlock(ssk->net);
		return 0;
	}
	dsk->rmem_reserved += n * unit;
	ssk->grant_sk = dsk; /* the reference stays with the grant */
	ssk->grant_left = n;
	ssk->grant_unit = unit;
	ssk->grant_len = (uint32_t)len;
	net_unlock(ssk->net);
	return (int)n;
}

void unl_sock_grant_reclaim(struct unl_sock *ssk)
{
	struct unl_sock *dsk;

	if (!ssk)
		return;
	net_lock(ssk->net);
	dsk = ssk->grant_sk;
	if (dsk && ssk->grant_unit) {
		/* What the sender wrote before it learns of this still goes
		 * through (it was answered): a datagram or two past rcvbuf
		 * at most, as racing senders overshoot in Linux. */
		dsk->rmem_reserved -= ssk->grant_left * ssk->grant_unit;
		ssk->grant_unit = 0;
	}
	net_unlock(ssk->net);
}

bool unl_sock_grant_to(struct unl_sock *ssk, struct unl_sock *dsk)
{
	bool to;

	if (!ssk || !dsk)
		return false;
	net_lock(ssk->net);
	to = ssk->grant_sk == dsk;
	net_unlock(ssk->net);
	return to;
}

ssize_t unl_sock_grant_send(struct unl_sock *ssk, const void *data,
			    size_t len, bool named)
{
	struct unl_sock *dsk;
	struct unl_skb *skb;
	ssize_t ret;

	if (!ssk)
		return -EBADF;
	net_lock(ssk->net);
	dsk = ssk->grant_sk;
	if (ssk->dead || !dsk || !ssk->grant_left || !len ||
	    len > ssk->grant_len) {
		net_unlock(ssk->net);
		return -EPROTO;
	}
	ssk->grant_left--;
	dsk->rmem_reserved -= ssk->grant_unit; /* 0 once taken back */
	/* Sent before the receiver went, delivered after: lost with it. */
	ret = -ECONNREFUSED;
	if (dsk->dead)
		goto out;
	ret = -ENOBUFS;
	skb = unl_skb_alloc(len);
	if (!skb)
		goto out;
	memcpy(skb->data, data, len);
	skb->len = (uint32_t)len;
	skb->truesize = nl_unicast_truesize(len);
	skb->cb.portid = ssk->portid;
	skb->cb.creds.pid = ssk->cred.pid;
	skb->cb.creds.uid = ssk->cred.uid;
	skb->cb.creds.gid = ssk->cred.gid;
	skb->cb.flags = named ? UNL_SKB_DST : 0;
	ssk->net->world->current = &ssk->cred;
	ret = (ssize_t)len;
	if (!nl_filter(dsk, skb)) {
		unl_skb_free(skb);
		goto out;
	}
	/* The room was held for it: no check, no wait. */
	dsk->rmem_alloc += skb->truesize;
	ret = nl_sendskb(dsk, skb);
out:
	net_unlock(ssk->net);
	return ret;
}

int unl_sock_grant_more(struct unl_sock *ssk, uint32_t target)
{
	struct unl_sock *dsk;
	uint32_t used, room, n = 0;

	if (!ssk)
		return 0;
	net_lock(ssk->net);
	dsk = ssk->grant_sk;
	if (!dsk || !ssk->grant_unit || ssk->grant_left * 2 >= target ||
	    !grantable(ssk, dsk, ssk->grant_len))
		goto out;
	used = dsk->rmem_alloc + dsk->rmem_reserved;
	room = used < dsk->rcvbuf ? dsk->rcvbuf - used : 0;
	n = target - ssk->grant_left;
	if (room / ssk->grant_unit < n)
		n = room / ssk->grant_unit;
	ssk->grant_left += n;
	dsk->rmem_reserved += n * ssk->grant_unit;
out:
	net_unlock(ssk->net);
	return (int)n;
}
