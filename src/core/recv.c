// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Receiving: the receive queue, recvmsg with its flags and control
 * messages, and the wake-up of blocked senders (netlink_recvmsg,
 * skb_recv_datagram, netlink_rcv_wake, put_cmsg, scm_recv).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "core/internal.h"


/* netlink_rcv_wake(): an empty queue ends congestion; wake senders. */
void nl_rcv_wake(struct unl_sock *sk)
{
	if (!sk->rq_head)
		sk->congested = false;
	if (!sk->congested)
		pthread_cond_broadcast(&sk->wait);
}

static struct unl_skb *dequeue(struct unl_sock *sk)
{
	struct unl_skb *skb = sk->rq_head;

	if (!skb)
		return NULL;
	sk->rq_head = skb->next;
	if (!sk->rq_head)
		sk->rq_tail = NULL;
	if (sk->ship_next == skb)
		sk->ship_next = skb->next;
	sk->rq_len--;
	skb->next = NULL;
	return skb;
}

/* Free a received skb and give its charge back (skb_free_datagram). */
static void free_datagram(struct unl_sock *sk, struct unl_skb *skb)
{
	sk->rmem_alloc -= skb->truesize < sk->rmem_alloc ? skb->truesize
							 : sk->rmem_alloc;
	unl_skb_free(skb);
}

void nl_purge_queue(struct unl_sock *sk)
{
	struct unl_skb *skb;

	while ((skb = dequeue(sk)))
		free_datagram(sk, skb);
}

/*
 * put_cmsg(): append one control message, truncating (and flagging
 * MSG_CTRUNC) when the buffer is short.  msg->msg_control and
 * msg_controllen advance past what was written.
 */
static void put_cmsg(struct msghdr *msg, int level, int type, size_t len,
		     const void *data)
{
	size_t cmlen = CMSG_LEN(len), space;
	struct cmsghdr h;

	if (!msg->msg_control || msg->msg_controllen < sizeof(struct cmsghdr)) {
		msg->msg_flags |= MSG_CTRUNC;
		return;
	}
	if (msg->msg_controllen < cmlen) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = msg->msg_controllen;
	}
	h.cmsg_level = level;
	h.cmsg_type = type;
	h.cmsg_len = cmlen;
	memcpy(msg->msg_control, &h, sizeof(h));
	memcpy((char *)msg->msg_control + sizeof(h), data,
	       cmlen - sizeof(h));
	space = CMSG_SPACE(len);
	if (space > msg->msg_controllen)
		space = msg->msg_controllen;
	msg->msg_control = (char *)msg->msg_control + space;
	msg->msg_controllen -= space;
}

/* skb_recv_datagram(): the next skb, or NULL with *err set. */
/*
 * A receiver sleeping past the next timer's deadline would miss what the
 * timer sends (an address expiring, for a listener): sleep only until
 * then, and run the timers.  True when it slept until a timer (look at
 * the queue again), false when no timer comes before the deadline (NULL:
 * none) and the caller should sleep as usual.
 */
static bool wait_for_timer(struct unl_sock *sk, const struct timespec *deadline)
{
	int64_t next;
	struct timespec ts;

	if (!net_timer_next(sk->net, &next))
		return false;
	if (deadline && (int64_t)deadline->tv_sec * UNL_NSEC_PER_SEC +
				       deadline->tv_nsec <= next)
		return false;
	if (next < 0)
		next = 0;
	ts.tv_sec = next / UNL_NSEC_PER_SEC;
	ts.tv_nsec = next % UNL_NSEC_PER_SEC;
	nl_wait(sk, &ts);
	net_run_timers(sk->net);
	return true;
}

static struct unl_skb *recv_datagram(struct unl_sock *sk, int flags,
				     int *err)
{
	struct timespec deadline;
	bool have_deadline = false;

	for (;;) {
		struct unl_skb *skb;

		if (sk->dead) {
			*err = -EBADF;
			return NULL;
		}
		if (sk->err) {
			*err = -sk->err;
			sk->err = 0;
			return NULL;
		}
		skb = sk->rq_head;
		if (skb) {
			if (flags & MSG_PEEK) {
				skb->peeked = true;
				return skb;
			}
			return dequeue(sk);
		}
		if ((flags & MSG_DONTWAIT) || sk->rcvtimeo_ns == 0) {
			*err = -EAGAIN;
			return NULL;
		}
		if (sk->rcvtimeo_ns > 0 && !have_deadline) {
			nl_deadline(&deadline, sk->rcvtimeo_ns);
			have_deadline = true;
		}
		if (wait_for_timer(sk, have_deadline ? &deadline : NULL))
			continue;
		if (!nl_wait(sk, have_deadline ? &deadline : NULL)) {
			/* One last look, as the kernel does after waking. */
			if (!sk->rq_head && !sk->err) {
				*err = -EAGAIN;
				return NULL;
			}
		}
	}
}

/* What follows every receive in netlink_recvmsg(): the next part of a
 * running dump once the queue has drained to half, and the wake-up. */
static void after_receive(struct unl_sock *sk)
{
	if (sk->cb_running && sk->rmem_alloc <= sk->rcvbuf / 2) {
		int ret = nl_dump(sk);

		if (ret) {
			sk->err = -ret;
			nl_data_ready(sk);
		}
	}
	nl_rcv_wake(sk);
}

static void copy_to_iov(const struct msghdr *msg, const uint8_t *src,
			size_t n)
{
	size_t off = 0;

	for (size_t i = 0; i < (size_t)msg->msg_iovlen && off < n; i++) {
		size_t c = msg->msg_iov[i].iov_len;

		if (c > n - off)
			c = n - off;
		if (c)
			memcpy(msg->msg_iov[i].iov_base, src + off, c);
		off += c;
	}
}

static ssize_t nl_recvmsg(struct unl_sock *sk, struct msghdr *msg,
			  size_t len, int flags)
{
	struct unl_skb *skb;
	size_t copied;
	int err = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	skb = recv_datagram(sk, flags, &err);
	if (!skb) {
		nl_rcv_wake(sk);
		return err;
	}

	/* Remember the largest buffer offered: later dumps fill that much. */
	if (len > sk->max_recvmsg_len)
		sk->max_recvmsg_len = len > NL_MAX_RECVMSG_LEN
					      ? NL_MAX_RECVMSG_LEN
					      : (uint32_t)len;

	copied = skb->len;
	if (len < copied) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	copy_to_iov(msg, skb->data, copied);

	if (msg->msg_name) {
		struct sockaddr_nl *addr = msg->msg_name;

		addr->nl_family = AF_NETLINK;
		addr->nl_pad = 0;
		addr->nl_pid = skb->cb.portid;
		addr->nl_groups = nl_group_mask(skb->cb.dst_group);
		msg->msg_namelen = sizeof(*addr);
	}

	if (sk->flags & NLF_RECV_PKTINFO) {
		struct nl_pktinfo info = { .group = skb->cb.dst_group };

		put_cmsg(msg, SOL_NETLINK, NETLINK_PKTINFO, sizeof(info), &info);
	}
	/* netlink_cmsg_listen_all_nsid() */
	if ((sk->flags & NLF_LISTEN_ALL_NSID) && skb->cb.nsid_is_set)
		put_cmsg(msg, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID,
			 sizeof(skb->cb.nsid), &skb->cb.nsid);
	/* scm_recv(): credentials for SO_PASSCRED. */
	if (sk->passcred) {
		struct ucred uc = {
			.pid = skb->cb.creds.pid,
			.uid = skb->cb.creds.uid,
			.gid = skb->cb.creds.gid,
		};

		if (!msg->msg_control)
			msg->msg_flags |= MSG_CTRUNC;
		else
			put_cmsg(msg, SOL_SOCKET, SCM_CREDENTIALS, sizeof(uc),
				 &uc);
	}

	if (flags & MSG_TRUNC)
		copied = skb->len;
	if (!(flags & MSG_PEEK))
		free_datagram(sk, skb);
	after_receive(sk);
	return (ssize_t)copied;
}

ssize_t unl_recvmsg(struct unl_sock *sk, struct msghdr *umsg, int flags)
{
	struct msghdr msg;
	size_t len;
	ssize_t ret = nl_msghdr_import(umsg, &msg, &len);

	if (ret)
		return ret;
	/* The kernel builds the address in its own buffer and copies out
	 * what fits (move_addr_to_user). */
	struct sockaddr_nl kaddr;
	void *uaddr = msg.msg_name;

	msg.msg_name = uaddr ? &kaddr : NULL;
	msg.msg_namelen = 0;
	msg.msg_flags = flags & MSG_CMSG_CLOEXEC;

	net_lock(sk->net);
	if (sk->dead) {
		net_unlock(sk->net);
		return -EBADF;
	}
	sock_hold(sk);
	if (sk->nonblock)
		flags |= MSG_DONTWAIT;
	ret = nl_recvmsg(sk, &msg, len, flags);
	net_unlock(sk->net);
	sock_put(sk);
	if (ret < 0)
		return ret;

	if (uaddr) {
		int err = nl_put_addr(&kaddr, msg.msg_namelen, uaddr,
				      &umsg->msg_namelen);

		if (err)
			return err;
	}
	umsg->msg_flags = msg.msg_flags;
	umsg->msg_controllen = (size_t)((char *)msg.msg_control -
					(char *)umsg->msg_control);
	return ret;
}

ssize_t unl_recvfrom(struct unl_sock *sk, void *buf, size_t len, int flags,
		     struct sockaddr *addr, socklen_t *addrlen)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct sockaddr_nl kaddr;
	ssize_t ret;

	if (len > INT_MAX)
		iov.iov_len = INT_MAX;
	if (addr) {
		msg.msg_name = &kaddr;
		msg.msg_namelen = sizeof(kaddr);
	}
	ret = unl_recvmsg(sk, &msg, flags);
	if (ret >= 0 && addr) {
		int err = nl_put_addr(&kaddr, msg.msg_namelen, addr, addrlen);

		if (err)
			return err;
	}
	return ret;
}

/* ---- shipping to another transport (unetlink/transport.h) ---- */

ssize_t unl_sock_ship(struct unl_sock *sk, void *buf, size_t len,
		      struct unl_dgram_info *info)
{
	struct unl_skb *skb;
	ssize_t ret;

	net_lock(sk->net);
	skb = sk->ship_next;
	if (!skb) {
		ret = -EAGAIN;
	} else if (skb->len > len) {
		ret = -EMSGSIZE;
	} else {
		memcpy(buf, skb->data, skb->len);
		if (info) {
			info->portid = skb->cb.portid;
			info->dst_group = skb->cb.dst_group;
			info->creds = skb->cb.creds;
			info->flags = skb == sk->rq_head ? UNL_DGRAM_HEAD : 0;
			info->nsid = skb->cb.nsid;
			if (skb->cb.nsid_is_set)
				info->flags |= UNL_DGRAM_NSID;
		}
		sk->ship_next = skb->next;
		ret = (ssize_t)skb->len;
	}
	net_unlock(sk->net);
	return ret;
}

int unl_sock_consume(struct unl_sock *sk, unsigned int n, size_t maxlen)
{
	unsigned int taken = 0;

	net_lock(sk->net);
	if (maxlen > sk->max_recvmsg_len)
		sk->max_recvmsg_len = maxlen > NL_MAX_RECVMSG_LEN
					      ? NL_MAX_RECVMSG_LEN
					      : (uint32_t)maxlen;
	while (taken < n && sk->rq_head && sk->rq_head != sk->ship_next) {
		free_datagram(sk, dequeue(sk));
		taken++;
	}
	if (!sk->dead)
		after_receive(sk);
	net_unlock(sk->net);
	return (int)taken;
}

int unl_sock_take_error(struct unl_sock *sk)
{
	int err;

	net_lock(sk->net);
	err = sk->err;
	sk->err = 0;
	net_unlock(sk->net);
	return err;
}

unsigned int unl_sock_recv_state(struct unl_sock *sk)
{
	unsigned int st = 0;

	net_lock(sk->net);
	if (sk->flags & NLF_RECV_PKTINFO)
		st |= UNL_RECV_PKTINFO;
	if (sk->passcred)
		st |= UNL_RECV_PASSCRED;
	if (sk->flags & NLF_LISTEN_ALL_NSID)
		st |= UNL_RECV_LISTEN_ALL_NSID;
	if (sk->cb_running)
		st |= UNL_RECV_DUMP;
	if (sk->congested || sk->rmem_alloc > sk->rcvbuf / 2)
		st |= UNL_RECV_PRESSURE;
	if (sk->rmem_alloc)
		st |= UNL_RECV_QUEUED;
	net_unlock(sk->net);
	return st;
}
