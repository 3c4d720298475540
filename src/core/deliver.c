// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sending: sendmsg, unicast to user and kernel sockets, broadcast, and the
 * receive-buffer flow control between them (netlink_sendmsg,
 * netlink_unicast, netlink_unicast_kernel, netlink_attachskb,
 * netlink_sendskb, netlink_broadcast, netlink_overrun, nlmsg_notify,
 * netlink_set_err).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <linux/capability.h>

#include <linux/net_namespace.h>

#include "core/internal.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

void nl_deadline(struct timespec *ts, int64_t timeo_ns)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeo_ns / 1000000000LL;
	ts->tv_nsec += timeo_ns % 1000000000LL;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Sleep on sk->wait; deadline NULL waits forever.  False on timeout. */
bool nl_wait(struct unl_sock *sk, const struct timespec *deadline)
{
	bool woken = true;

	if (!deadline)
		pthread_cond_wait(&sk->wait, &sk->net->world->lock);
	else
		woken = pthread_cond_timedwait(&sk->wait, &sk->net->world->lock,
					       deadline) != ETIMEDOUT;
	/* time passed while the net was unlocked */
	sk->net->world->now_valid = false;
	return woken;
}

/* netlink_overrun(): the receiver lost a message it should have had. */
void nl_overrun(struct unl_sock *sk)
{
	if (!(sk->flags & NLF_RECV_NO_ENOBUFS)) {
		if (!sk->congested) {
			sk->congested = true;
			sk->err = ENOBUFS;
			nl_data_ready(sk);
		}
	}
	sk->drops++;
}

/* Charge skb to sk and queue it (netlink_skb_set_owner_r + queue tail). */
void nl_queue_skb(struct unl_sock *sk, struct unl_skb *skb)
{
	skb->next = NULL;
	if (sk->rq_tail)
		sk->rq_tail->next = skb;
	else
		sk->rq_head = skb;
	sk->rq_tail = skb;
	if (!sk->ship_next)
		sk->ship_next = skb;
	sk->rq_len++;
	nl_data_ready(sk);
}

/* __netlink_sendskb(): consumes skb, returns its length. */
int nl_sendskb(struct unl_sock *sk, struct unl_skb *skb)
{
	struct unl_fault f;
	int len;

	if (skb->len >= NLMSG_HDRLEN &&
	    nl_fault_hit(sk->net, NL_FAULT_AT_DELIVER, sk->protocol,
			 (const struct nlmsghdr *)skb->data, sk->cred.pid, &f) &&
	    f.truncate < skb->len)
		skb->len = f.truncate;
	len = (int)skb->len;
	nl_deliver_tap(sk, skb, sk->protocol, false);
	nl_queue_skb(sk, skb);
	return len;
}

/* sk_filter(): false when the filter drops skb; trims it otherwise. */
bool nl_filter(struct unl_sock *sk, struct unl_skb *skb)
{
	uint32_t keep;

	if (!sk->filter)
		return true;
	keep = nl_run_filter(sk, skb);
	if (!keep)
		return false;
	if (keep < skb->len)
		skb->len = keep;
	return true;
}

/* netlink_trim(): give back tailroom the receiver would be charged for. */
static void nl_trim(struct unl_skb *skb)
{
	uint32_t usable, delta;

	if (skb->truesize < 576 + skb->len)
		return;
	usable = skb->truesize - 576;
	delta = usable - skb->len;
	if (delta * 2 >= skb->truesize)
		skb->truesize -= delta;
}

/* netlink_getsockbyportid(): the destination, with a reference. */
int nl_getsockbyportid(struct unl_sock *ssk, uint32_t portid,
			      struct unl_sock **skp)
{
	struct unl_sock *sk = nl_lookup(ssk->net, ssk->protocol, portid);

	if (!sk)
		return -ECONNREFUSED;
	/* A connected socket hears only its peer. */
	if (sk->connected && sk->dst_portid != ssk->portid)
		return -ECONNREFUSED;
	sock_hold(sk);
	*skp = sk;
	return 0;
}

/* netlink_unicast_kernel(): run the protocol's input synchronously. */
static int nl_unicast_kernel(struct unl_sock *sk, struct unl_skb *skb,
			     struct unl_sock *ssk)
{
	int ret = -ECONNREFUSED;

	if (sk->netlink_rcv) {
		ret = (int)skb->len;
		skb->cb.sk = ssk;
		if (!(nl_is_kernel(sk) && nl_is_kernel(ssk)))
			nl_deliver_tap(ssk, skb, sk->protocol, true);
		sk->netlink_rcv(skb);
	}
	unl_skb_free(skb);
	sock_put(sk);
	return ret;
}

/*
 * netlink_attachskb(): 0 when skb is charged to sk; 1 when the caller
 * waited and must look the destination up again; -errno otherwise, skb
 * then consumed.  Drops the reference on sk unless it returns 0.
 */
static int nl_attachskb(struct unl_sock *sk, struct unl_skb *skb,
			int64_t *timeo, struct unl_sock *ssk)
{
	/* Room a grant holds is taken (grant.c): datagrams already sent,
	 * as far as their sender knows. */
	uint32_t used = sk->rmem_alloc + sk->rmem_reserved;
	uint32_t rmem = used + skb->truesize;
	struct timespec deadline;

	if ((rmem == skb->truesize || rmem <= sk->rcvbuf) && !sk->congested) {
		sk->rmem_alloc += skb->truesize;
		return 0;
	}
	if (!*timeo) {
		if (!ssk || nl_is_kernel(ssk))
			nl_overrun(sk);
		sock_put(sk);
		unl_skb_free(skb);
		return -EAGAIN;
	}
	if (*timeo > 0)
		nl_deadline(&deadline, *timeo);
	if (((used && used + skb->truesize > sk->rcvbuf) ||
	     sk->congested) &&
	    !sk->dead) {
		struct timespec start, now;

		clock_gettime(CLOCK_MONOTONIC, &start);
		if (!nl_wait(sk, *timeo > 0 ? &deadline : NULL))
			*timeo = 0;
		else if (*timeo > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			*timeo -= (now.tv_sec - start.tv_sec) * 1000000000LL +
				  (now.tv_nsec - start.tv_nsec);
			if (*timeo <= 0)
				*timeo = 0;
		}
	}
	sock_put(sk);
	if (ssk && ssk->dead) {
		unl_skb_free(skb);
		return -EBADF;
	}
	return 1;
}

static int nl_unicast(struct unl_sock *ssk, struct unl_skb *skb,
		      uint32_t portid, int64_t timeo)
{
	struct unl_sock *sk;
	int err;

	nl_trim(skb);
	for (;;) {
		err = nl_getsockbyportid(ssk, portid, &sk);
		if (err) {
			unl_skb_free(skb);
			return err;
		}
		if (nl_is_kernel(sk))
			return nl_unicast_kernel(sk, skb, ssk);
		if (!nl_filter(sk, skb)) {
			err = (int)skb->len;
			unl_skb_free(skb);
			sock_put(sk);
			return err;
		}
		err = nl_attachskb(sk, skb, &timeo, ssk);
		if (err == 1)
			continue;
		if (err)
			return err;
		err = nl_sendskb(sk, skb);
		sock_put(sk);
		return err;
	}
}

int unl_unicast(struct unl_sock *ssk, struct unl_skb *skb, uint32_t portid,
		bool nonblock)
{
	return nl_unicast(ssk, skb, portid, nonblock ? 0 : ssk->sndtimeo_ns);
}

/* ---- broadcast ---- */

struct bcast {
	struct unl_net *net; /* the sender's */
	struct unl_sock *exclude_sk;
	uint32_t portid;
	unsigned int group;
	bool failure, delivery_failure, delivered;
};

/* netlink_broadcast_deliver(): -1 when the listener has no room. */
static int nl_broadcast_deliver(struct unl_sock *sk, struct unl_skb *skb)
{
	uint32_t rmem = sk->rmem_alloc + skb->truesize;

	if ((rmem == skb->truesize || rmem <= sk->rcvbuf) && !sk->congested) {
		sk->rmem_alloc = rmem;
		nl_sendskb(sk, skb);
		return rmem > (sk->rcvbuf >> 1);
	}
	return -1;
}

/* A rule that loses this notification for listener sk (fault.c): true
 * when it is lost (and the listener overrun, for `overrun`). */
static bool notify_fault(struct unl_sock *sk, const struct unl_skb *skb)
{
	const struct nlmsghdr *nlh = skb->len >= NLMSG_HDRLEN
		? (const struct nlmsghdr *)skb->data : NULL;
	struct unl_fault f;

	if (!nl_fault_hit(sk->net, NL_FAULT_AT_NOTIFY, sk->protocol, nlh,
			  sk->cred.pid, &f))
		return false;
	if (f.action == UNL_FAULT_OVERRUN) {
		/* netlink_overrun() on a queue with room: the congestion it
		 * marks would end at the recvmsg that reports it, as the
		 * queue is empty then (netlink_rcv_wake), so only the error
		 * and the drop remain */
		if (!(sk->flags & NLF_RECV_NO_ENOBUFS) && !sk->congested) {
			sk->err = ENOBUFS;
			nl_data_ready(sk);
		}
		sk->drops++;
	}
	return true;
}

static void do_one_broadcast(struct unl_sock *sk, const struct unl_skb *skb,
			     struct bcast *p)
{
	struct unl_skb *copy;

	if (p->exclude_sk == sk)
		return;
	if (sk->portid == p->portid || !nl_sock_in_group(sk, p->group))
		return;
	/* another net's socket hears it only with LISTEN_ALL_NSID, an
	 * nsid for the sender's net and CAP_NET_BROADCAST */
	if (sk->net != p->net &&
	    (!(sk->flags & NLF_LISTEN_ALL_NSID) ||
	     unl_net_peer_id(sk->net, p->net) == NETNSA_NSID_NOT_ASSIGNED ||
	     !cred_capable(&sk->cred, CAP_NET_BROADCAST)))
		return;
	if (p->failure) {
		nl_overrun(sk);
		return;
	}
	if (notify_fault(sk, skb))
		return;
	copy = skb_copy(skb);
	if (!copy) {
		nl_overrun(sk);
		p->failure = true;
		if (sk->flags & NLF_BROADCAST_SEND_ERROR)
			p->delivery_failure = true;
		return;
	}
	if (sk->flags & NLF_LISTEN_ALL_NSID) {
		copy->cb.nsid = unl_net_peer_id(sk->net, p->net);
		copy->cb.nsid_is_set = copy->cb.nsid != NETNSA_NSID_NOT_ASSIGNED;
	}
	if (!nl_filter(sk, copy)) {
		unl_skb_free(copy);
		return;
	}
	if (nl_broadcast_deliver(sk, copy) < 0) {
		unl_skb_free(copy);
		nl_overrun(sk);
		if (sk->flags & NLF_BROADCAST_SEND_ERROR)
			p->delivery_failure = true;
	} else {
		p->delivered = true;
	}
}

static int nl_broadcast(struct unl_sock *ssk, struct unl_skb *skb,
			uint32_t portid, unsigned int group)
{
	struct bcast info = {
		/* netlink_broadcast_filtered(): never back to the sender */
		.exclude_sk = ssk,
		.net = ssk->net,
		.portid = portid,
		.group = group,
	};
	struct unl_sock *sk, *next;

	skb->cb.dst_group = group;
	for (sk = ssk->net->table[ssk->protocol]->mc_list; sk; sk = next) {
		next = sk->mc_next;
		do_one_broadcast(sk, skb, &info);
	}
	/* Linux's multicast list is the machine's: the other nets of the
	 * world, where a socket listens to all of them */
	for (struct unl_net *n = ssk->net->world->listen_all_nets; n;
	     n = n->listen_all_next) {
		if (n == ssk->net)
			continue;
		for (sk = nl_table_of(n, ssk->protocol)->mc_list; sk;
		     sk = next) {
			next = sk->mc_next;
			do_one_broadcast(sk, skb, &info);
		}
	}
	unl_skb_free(skb);
	if (info.delivery_failure)
		return -ENOBUFS;
	return info.delivered ? 0 : -ESRCH;
}

int unl_broadcast(struct unl_sock *ssk, struct unl_skb *skb, uint32_t portid,
		  unsigned int group)
{
	return nl_broadcast(ssk, skb, portid, group);
}

int unl_notify(struct unl_sock *ssk, struct unl_skb *skb, uint32_t portid,
	       unsigned int group, bool report)
{
	int err = 0;

	if (group) {
		struct unl_skb *mc = skb;

		if (report) {
			mc = skb_copy(skb);
			if (!mc) {
				unl_skb_free(skb);
				return -ENOBUFS;
			}
		}
		err = nl_broadcast(ssk, mc, report ? portid : 0, group);
		if (err == -ESRCH)
			err = 0;
	}
	if (report) {
		int err2 = nl_unicast(ssk, skb, portid, 0);

		if (!err)
			err = err2 < 0 ? err2 : 0;
	} else if (!group) {
		unl_skb_free(skb);
	}
	return err;
}

int unl_set_err(struct unl_sock *ssk, uint32_t portid, unsigned int group,
		int code)
{
	int ret = 0;

	for (struct unl_sock *sk = ssk->net->table[ssk->protocol]->mc_list; sk;
	     sk = sk->mc_next) {
		if (sk == ssk || sk->portid == portid ||
		    !nl_sock_in_group(sk, group))
			continue;
		if (code == ENOBUFS && (sk->flags & NLF_RECV_NO_ENOBUFS)) {
			ret = 1;
			continue;
		}
		sk->err = code;
		nl_data_ready(sk);
	}
	return ret;
}

/* ---- sendmsg ---- */

/* scm_check_creds(): may the sender claim these credentials? */
static int check_creds(const struct unl_cred *cur, const struct ucred *uc)
{
	if (uc->uid == (uid_t)-1 || uc->gid == (gid_t)-1)
		return -EINVAL;
	if ((uc->pid == cur->pid || cred_capable(cur, CAP_SYS_ADMIN)) &&
	    (uc->uid == cur->uid || cred_capable(cur, CAP_SETUID)) &&
	    (uc->gid == cur->gid || cred_capable(cur, CAP_SETGID)))
		return 0;
	return -EPERM;
}

/* scm_send(): the credentials a message carries, checked. */
static int scm_send(const struct unl_sock *sk, const struct msghdr *msg,
		    struct unl_cred *creds)
{
	const uint8_t *ctl = msg->msg_control;
	size_t left = msg->msg_controllen;

	creds->pid = sk->cred.pid;
	creds->uid = sk->cred.uid;
	creds->gid = sk->cred.gid;
	creds->caps = 0;
	if (!left)
		return 0;
	if (!ctl)
		return -EFAULT;
	while (left >= sizeof(struct cmsghdr)) {
		struct cmsghdr c;
		size_t step;

		memcpy(&c, ctl, sizeof(c));
		if (c.cmsg_len < sizeof(struct cmsghdr) || c.cmsg_len > left)
			return -EINVAL;
		if (c.cmsg_level == SOL_SOCKET) {
			struct ucred uc;
			int err;

			if (c.cmsg_type != SCM_CREDENTIALS)
				return -EINVAL;
			if (c.cmsg_len != CMSG_LEN(sizeof(uc)))
				return -EINVAL;
			memcpy(&uc, CMSG_DATA((const struct cmsghdr *)ctl),
			       sizeof(uc));
			err = check_creds(&sk->cred, &uc);
			if (err)
				return err;
			creds->pid = uc.pid;
			creds->uid = uc.uid;
			creds->gid = uc.gid;
		}
		step = CMSG_ALIGN(c.cmsg_len);
		if (step >= left)
			break;
		ctl += step;
		left -= step;
	}
	return 0;
}

/* What Linux charges the receiver for a message sent from user space:
 * a page-sized head or less comes from kmalloc, larger ones are built
 * around an exact allocation (netlink_alloc_large_skb). */
static uint32_t sendmsg_truesize(size_t len, bool broadcast)
{
	size_t head = ((len + 63) & ~(size_t)63) + 320;

	if (head <= 4096 || broadcast)
		return skb_truesize_for(len);
	return (uint32_t)(head + 256);
}

uint32_t nl_unicast_truesize(size_t len)
{
	uint32_t t = sendmsg_truesize(len, false), usable, delta;

	/* nl_trim() */
	if (t < 576 + len)
		return t;
	usable = t - 576;
	delta = usable - (uint32_t)len;
	return delta * 2 >= t ? t - delta : t;
}

/* again: the message was sent before and its unicast leg answered
 * EAGAIN; the group leg went out then, so only the unicast is tried. */
static ssize_t nl_sendmsg(struct unl_sock *sk, const struct msghdr *msg,
			  size_t len, int flags, bool again)
{
	const struct sockaddr_nl *addr = msg->msg_name;
	uint32_t dst_portid, dst_group, skbflags = 0;
	struct unl_cred creds;
	struct unl_skb *skb;
	size_t off = 0;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* Linux refuses empty messages outright (an empty skb is useless). */
	if (len == 0)
		return -ENODATA;
	err = scm_send(sk, msg, &creds);
	if (err)
		return err;

	if (msg->msg_namelen) {
		if (msg->msg_namelen < sizeof(struct sockaddr_nl))
			return -EINVAL;
		if (addr->nl_family != AF_NETLINK)
			return -EINVAL;
		dst_portid = addr->nl_pid;
		dst_group = (uint32_t)__builtin_ffs((int)addr->nl_groups);
		if ((dst_group || dst_portid) &&
		    !nl_allowed(sk, UNL_CFG_F_NONROOT_SEND))
			return -EPERM;
		skbflags |= UNL_SKB_DST;
	} else {
		dst_portid = sk->dst_portid;
		dst_group = sk->dst_group;
	}

	if (!sk->bound) {
		err = nl_autobind(sk);
		if (err)
			return err;
	}

	if (len > sk->sndbuf - 32)
		return -EMSGSIZE;
	skb = unl_skb_alloc(len);
	if (!skb)
		return -ENOBUFS;
	skb->truesize = sendmsg_truesize(len, dst_group != 0);
	skb->cb.portid = sk->portid;
	skb->cb.dst_group = dst_group;
	skb->cb.creds = creds;
	skb->cb.flags = skbflags;
	for (size_t i = 0; i < (size_t)msg->msg_iovlen && off < len; i++) {
		size_t n = msg->msg_iov[i].iov_len;

		if (n > len - off)
			n = len - off;
		if (n && !msg->msg_iov[i].iov_base) {
			unl_skb_free(skb);
			return -EFAULT;
		}
		memcpy(skb->data + off, msg->msg_iov[i].iov_base, n);
		off += n;
	}
	skb->len = (uint32_t)len;

	if (dst_group && !again) {
		struct unl_skb *mc = skb_copy(skb);

		if (mc)
			nl_broadcast(sk, mc, dst_portid, dst_group);
	}
	/* Messages a user socket sends carry no group on the unicast leg. */
	return nl_unicast(sk, skb, dst_portid,
			  (flags & MSG_DONTWAIT) ? 0 : sk->sndtimeo_ns);
}

/*
 * copy_msghdr_from_user() and the iovec import, shared by sendmsg and
 * recvmsg: the name length clamped, the vector bounded, the total length
 * (capped as Linux caps it) in *len.
 */
int nl_msghdr_import(const struct msghdr *umsg, struct msghdr *msg,
		     size_t *len)
{
	if (!umsg)
		return -EFAULT;
	*msg = *umsg;
	if (!msg->msg_name)
		msg->msg_namelen = 0;
	if ((int)msg->msg_namelen < 0)
		return -EINVAL;
	if (msg->msg_namelen > sizeof(struct sockaddr_storage))
		msg->msg_namelen = sizeof(struct sockaddr_storage);
	if (msg->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if (msg->msg_iovlen && !msg->msg_iov)
		return -EFAULT;
	*len = 0;
	for (size_t i = 0; i < (size_t)msg->msg_iovlen; i++) {
		if ((ssize_t)msg->msg_iov[i].iov_len < 0 ||
		    msg->msg_iov[i].iov_len > (size_t)INT_MAX - *len)
			return -EINVAL;
		*len += msg->msg_iov[i].iov_len;
	}
	return 0;
}

static ssize_t sendmsg_common(struct unl_sock *sk, const struct msghdr *umsg,
			      int flags, bool again)
{
	struct msghdr msg;
	size_t len;
	ssize_t ret = nl_msghdr_import(umsg, &msg, &len);

	if (ret)
		return ret;
	if (msg.msg_controllen > INT_MAX)
		return -ENOBUFS;

	net_lock(sk->net);
	if (sk->dead) {
		net_unlock(sk->net);
		return -EBADF;
	}
	sock_hold(sk);
	sk->net->world->current = &sk->cred;
	if (sk->nonblock)
		flags |= MSG_DONTWAIT;
	ret = nl_sendmsg(sk, &msg, len, flags, again);
	net_unlock(sk->net);
	sock_put(sk);
	return ret;
}

ssize_t unl_sendmsg(struct unl_sock *sk, const struct msghdr *umsg,
		    int flags)
{
	return sendmsg_common(sk, umsg, flags, false);
}

ssize_t unl_sock_send_again(struct unl_sock *sk, const struct msghdr *msg,
			    int flags)
{
	return sendmsg_common(sk, msg, flags, true);
}

ssize_t unl_sendto(struct unl_sock *sk, const void *buf, size_t len,
		   int flags, const struct sockaddr *addr, socklen_t addrlen)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = (void *)addr,
		.msg_namelen = addr ? addrlen : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};

	if (addr && ((int)addrlen < 0 ||
		     addrlen > sizeof(struct sockaddr_storage)))
		return -EINVAL;
	if (len > INT_MAX)
		len = INT_MAX;
	iov.iov_len = len;
	return unl_sendmsg(sk, &msg, flags);
}
