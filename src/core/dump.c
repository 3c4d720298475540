// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dumps: a request answered by many messages, produced a buffer at a time
 * as the requester's receive queue drains (netlink_dump_start,
 * netlink_dump, netlink_dump_done, nl_dump_check_consistent).
 *
 * The state lives in the requesting socket (sk->cb): the request skb is
 * owned by it from unl_dump_start() until the dump ends, and the dump
 * callback keeps whatever it needs to resume in cb->args or cb->ctx.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "core/internal.h"

/* NLMSG_GOODSIZE on x86-64: a page less the shared info. */
#define NLMSG_GOODSIZE 3776u

struct nlmsghdr *unl_nlmsg_put_answer(struct unl_skb *skb,
				      struct unl_callback *cb, int type,
				      int payload, int flags)
{
	return unl_nlmsg_put(skb, cb->skb->cb.portid, cb->nlh->nlmsg_seq,
			     type, payload, flags);
}

void unl_dump_check_consistent(struct unl_callback *cb, struct nlmsghdr *nlh)
{
	if (cb->fault_intr || (cb->prev_seq && cb->seq != cb->prev_seq))
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	cb->prev_seq = cb->seq;
}

/* End a running dump: its done callback, then its request (called when
 * the dump finishes and when the socket closes). */
void nl_dump_end(struct unl_sock *sk)
{
	struct unl_callback *cb = &sk->cb;

	if (!sk->cb_running)
		return;
	sk->cb_running = false;
	if (cb->done)
		cb->done(cb);
	unl_skb_free(cb->skb);
	cb->skb = NULL;
	cb->nlh = NULL;
}

/* netlink_dump_done(): NLMSG_DONE carrying the dump's result. */
static int nl_dump_done(struct unl_sock *sk, struct unl_skb *skb,
			struct unl_callback *cb,
			const struct unl_ext_ack *extack)
{
	struct nlmsghdr *nlh;
	size_t extack_len;

	nlh = unl_nlmsg_put_answer(skb, cb, NLMSG_DONE,
				   sizeof(sk->dump_done_errno),
				   NLM_F_MULTI | cb->answer_flags);
	if (!nlh)
		return -ENOBUFS;
	unl_dump_check_consistent(cb, nlh);
	memcpy(NLMSG_DATA(nlh), &sk->dump_done_errno,
	       sizeof(sk->dump_done_errno));
	/* The same TLVs as an ACK: an error's offset and policy point into
	 * the dump request; without room for them the flag alone stays. */
	extack_len = nl_ack_tlv_len(sk, sk->dump_done_errno, extack);
	if (extack_len) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		if (unl_skb_tailroom(skb) >= extack_len) {
			nl_ack_tlv_fill(skb, cb->nlh, sk->dump_done_errno,
					extack);
			unl_nlmsg_end(skb, nlh);
		}
	}
	return 0;
}

/* An injected interruption (fault.c's dump-intr): every message of the
 * part says so, as when the dumped table changed under each of them. */
static void mark_intr(struct unl_skb *skb)
{
	uint32_t off = 0;

	while (skb->len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(skb->data + off);

		if (nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > skb->len - off)
			break;
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

/*
 * netlink_dump(): produce the next buffer of a running dump and queue it
 * on sk.  0 or -errno (the caller reports an error as sk_err).
 */
int nl_dump(struct unl_sock *sk)
{
	struct unl_callback *cb = &sk->cb;
	struct unl_ext_ack extack;
	struct unl_skb *skb;
	uint32_t alloc_size;

	if (!sk->cb_running)
		return -EINVAL;
	if (sk->rmem_alloc >= sk->rcvbuf)
		return -ENOBUFS;

	/* A buffer as large as the biggest recvmsg() seen, or a page. */
	alloc_size = cb->min_dump_alloc > NLMSG_GOODSIZE ? cb->min_dump_alloc
							  : NLMSG_GOODSIZE;
	if (alloc_size < sk->max_recvmsg_len)
		alloc_size = sk->max_recvmsg_len;
	skb = unl_skb_alloc(alloc_size);
	if (!skb)
		return -ENOBUFS;
	sk->rmem_alloc += skb->truesize;

	memset(&extack, 0, sizeof(extack));
	if (sk->dump_done_errno > 0) {
		cb->extack = &extack;
		sk->dump_done_errno = cb->dump(skb, cb);
		cb->extack = NULL;
		if (cb->later) {
			/* nothing yet: unl_dump_resume() goes on */
			cb->later = false;
			sk->dump_done_errno = INT_MAX;
			sk->rmem_alloc -= skb->truesize;
			unl_skb_free(skb);
			return 0;
		}
		/* Full with something in it means more to come. */
		if (sk->dump_done_errno == -EMSGSIZE && skb->len)
			sk->dump_done_errno = (int)skb->len;
		if (cb->fault_intr)
			mark_intr(skb);
	}

	if (sk->dump_done_errno > 0 ||
	    unl_skb_tailroom(skb) < NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(int))) {
		if (nl_filter(sk, skb))
			nl_sendskb(sk, skb);
		else
			goto drop;
		return 0;
	}

	if (nl_dump_done(sk, skb, cb, &extack)) {
		sk->rmem_alloc -= skb->truesize;
		unl_skb_free(skb);
		return -ENOBUFS;
	}
	if (nl_filter(sk, skb))
		nl_sendskb(sk, skb);
	else {
		sk->rmem_alloc -= skb->truesize;
		unl_skb_free(skb);
	}
	nl_dump_end(sk);
	return 0;

drop:
	sk->rmem_alloc -= skb->truesize;
	unl_skb_free(skb);
	return 0;
}

int unl_dump_resume(struct unl_sock *ksk, uint32_t portid)
{
	struct unl_sock *sk = nl_lookup(ksk->net, ksk->protocol, portid);
	int ret;

	if (!sk || !sk->cb_running)
		return -ENOENT;
	if (sk->rmem_alloc > sk->rcvbuf / 2)
		return 0;
	sock_hold(sk);
	ret = nl_dump(sk);
	if (ret) {
		/* as after a receive: the reader learns it as sk_err */
		sk->err = -ret;
		nl_data_ready(sk);
	}
	sock_put(sk);
	return 0;
}

int unl_dump_start(struct unl_sock *ksk, struct unl_skb *skb,
		   const struct nlmsghdr *nlh,
		   const struct unl_dump_control *control)
{
	struct unl_sock *ssk = skb->cb.sk, *sk;
	struct unl_callback *cb;
	struct unl_skb *req;
	int ret;

	sk = nl_lookup(ksk->net, ksk->protocol, skb->cb.portid);
	if (!sk)
		return -ECONNREFUSED;
	if (sk->cb_running)
		return -EBUSY;

	/* The dump outlives the input call: keep a private copy of the
	 * request, and point cb->nlh at the same message inside it. */
	req = skb_copy(skb);
	if (!req)
		return -ENOBUFS;

	cb = &sk->cb;
	memset(cb, 0, sizeof(*cb));
	cb->dump = control->dump;
	cb->done = control->done;
	cb->data = control->data;
	cb->min_dump_alloc = control->min_dump_alloc;
	cb->skb = req;
	cb->nlh = (const struct nlmsghdr *)(req->data +
					    ((const uint8_t *)nlh - skb->data));
	cb->strict_check = ssk && (ssk->flags & NLF_STRICT_CHK);
	cb->fault_intr = nl_fault_hit(sk->net, NL_FAULT_AT_DUMP, sk->protocol,
				      nlh, sk->cred.pid, NULL);

	if (control->start) {
		cb->extack = control->extack;
		ret = control->start(cb);
		cb->extack = NULL;
		if (ret) {
			unl_skb_free(req);
			cb->skb = NULL;
			return ret;
		}
	}
	sock_hold(sk);
	sk->cb_running = true;
	sk->dump_done_errno = INT_MAX;
	ret = nl_dump(sk);
	sock_put(sk);
	if (ret)
		return ret;
	/* Started: tell netlink_rcv_skb not to acknowledge. */
	return -EINTR;
}
