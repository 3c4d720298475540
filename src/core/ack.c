// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Requests to kernel sockets: the netlink_rcv_skb loop and the
 * acknowledgement it sends (netlink_ack, with NETLINK_CAP_ACK and the
 * extended-ACK TLVs of NETLINK_EXT_ACK).
 */
#include <errno.h>
#include <time.h>
#include <string.h>

#include "core/internal.h"

/*
 * __netlink_ns_capable(): the sender must hold cap now, and so must the
 * socket's opener when it created the socket, unless the message named
 * its destination (a socket handed over by a privileged opener cannot
 * be used without privileges, nor one opened without them by a process
 * that has them now, except through an explicit address).
 */
bool unl_skb_capable(const struct unl_skb *skb, int cap)
{
	const struct unl_sock *ssk = skb->cb.sk;

	/* A request relayed to the process serving its family has no
	 * socket here: the daemon's verdict came with it in creds. */
	if (!ssk)
		return (skb->cb.flags & UNL_SKB_RELAYED) &&
		       cred_capable(&skb->cb.creds, cap);
	if (!(skb->cb.flags & UNL_SKB_DST) &&
	    !(cap >= 0 && cap < 64 && (ssk->file_caps & UNL_CAP(cap))))
		return false;
	return cred_capable(&ssk->cred, cap);
}

bool unl_skb_sk_capable(const struct unl_skb *skb, int cap)
{
	const struct unl_sock *ssk = skb->cb.sk;

	if (!ssk)
		return unl_skb_capable(skb, cap);
	if (!(cap >= 0 && cap < 64 && (ssk->file_caps & UNL_CAP(cap))))
		return false;
	return cred_capable(&ssk->cred, cap);
}

bool unl_skb_strict_check(const struct unl_skb *skb)
{
	const struct unl_sock *ssk = skb->cb.sk;

	return ssk && (ssk->flags & NLF_STRICT_CHK);
}

/* netlink_ack_tlv_len() */
size_t nl_ack_tlv_len(const struct unl_sock *ssk, int err,
			  const struct unl_ext_ack *extack)
{
	size_t len = 0;

	if (!extack || !(ssk->flags & NLF_EXT_ACK))
		return 0;
	if (extack->msg)
		len += (size_t)unl_nla_total_size((int)strlen(extack->msg) + 1);
	if (extack->cookie_len)
		len += (size_t)unl_nla_total_size(extack->cookie_len);
	/* The rest describes an error, never a warning. */
	if (!err)
		return len;
	if (extack->bad_attr)
		len += (size_t)unl_nla_total_size(sizeof(uint32_t));
	if (extack->policy)
		len += unl_policy_attr_size(extack->policy);
	if (extack->miss_type)
		len += (size_t)unl_nla_total_size(sizeof(uint32_t));
	if (extack->miss_nest)
		len += (size_t)unl_nla_total_size(sizeof(uint32_t));
	return len;
}

/* nlmsg_check_in_payload(): an attribute pointer names a place in the
 * request message's payload, [nlmsg_data(nlh), nlh + nlmsg_len). */
static bool in_payload(const struct nlmsghdr *nlh, const void *p)
{
	const uint8_t *a = p;

	return a >= (const uint8_t *)NLMSG_DATA(nlh) &&
	       a < (const uint8_t *)nlh + nlh->nlmsg_len;
}

/* netlink_ack_tlv_fill().  Offsets are from the start of the request
 * message nlh, and only given when they point into its payload. */
void nl_ack_tlv_fill(struct unl_skb *skb, const struct nlmsghdr *nlh,
		     int err, const struct unl_ext_ack *extack)
{

	if (extack->msg)
		unl_nla_put_string(skb, NLMSGERR_ATTR_MSG, extack->msg);
	if (extack->cookie_len)
		unl_nla_put(skb, NLMSGERR_ATTR_COOKIE, extack->cookie_len,
			    extack->cookie);
	if (!err)
		return;
	if (extack->bad_attr && in_payload(nlh, extack->bad_attr))
		unl_nla_put_u32(skb, NLMSGERR_ATTR_OFFS,
				(uint32_t)((const uint8_t *)extack->bad_attr -
					   (const uint8_t *)nlh));
	if (extack->policy)
		unl_policy_write_attr(skb, extack->policy, NLMSGERR_ATTR_POLICY);
	if (extack->miss_type)
		unl_nla_put_u32(skb, NLMSGERR_ATTR_MISS_TYPE, extack->miss_type);
	if (extack->miss_nest && in_payload(nlh, extack->miss_nest))
		unl_nla_put_u32(skb, NLMSGERR_ATTR_MISS_NEST,
				(uint32_t)((const uint8_t *)extack->miss_nest -
					   (const uint8_t *)nlh));
}

/*
 * netlink_ack() to ssk (portid), for the request nlh:
 *
 *  +----------+------------------------------+----------------------+
 *  | nlmsghdr | nlmsgerr: error + request hdr| request payload (not | ext-ack TLVs
 *  | NLMSG_ERROR                             | with CAP_ACK or err=0)|
 *  +----------+------------------------------+----------------------+
 */
static void ack_to(struct unl_sock *ssk, uint32_t portid,
		   const struct nlmsghdr *nlh, int err,
		   const struct unl_ext_ack *extack)
{
	size_t payload = sizeof(struct nlmsgerr), tlvlen;
	struct nlmsgerr *errmsg;
	struct nlmsghdr *rep;
	struct unl_skb *skb;
	int flags = 0;

	if (err && !(ssk->flags & NLF_CAP_ACK))
		payload += nlh->nlmsg_len - NLMSG_HDRLEN;
	else
		flags |= NLM_F_CAPPED;
	tlvlen = nl_ack_tlv_len(ssk, err, extack);
	if (tlvlen)
		flags |= NLM_F_ACK_TLVS;

	skb = unl_nlmsg_new(payload + tlvlen);
	if (!skb)
		goto fail;
	rep = unl_nlmsg_put(skb, portid, nlh->nlmsg_seq, NLMSG_ERROR,
			    sizeof(*errmsg), flags);
	if (!rep)
		goto fail_free;
	errmsg = NLMSG_DATA(rep);
	errmsg->error = err;
	errmsg->msg = *nlh;
	if (!(flags & NLM_F_CAPPED)) {
		size_t n = nlh->nlmsg_len - NLMSG_HDRLEN;
		uint8_t *p = unl_skb_put(skb, NLMSG_ALIGN(n));

		if (!p)
			goto fail_free;
		memcpy(p, NLMSG_DATA(nlh), n);
	}
	if (tlvlen)
		nl_ack_tlv_fill(skb, nlh, err, extack);
	unl_nlmsg_end(skb, rep);

	unl_unicast(unl_net_kernel_sock(ssk->net, ssk->protocol), skb, portid,
		    true);
	return;

fail_free:
	unl_skb_free(skb);
fail:
	/* Like Linux: the requester learns of the lost ACK as ENOBUFS. */
	ssk->err = ENOBUFS;
	nl_data_ready(ssk);
}

void unl_ack(struct unl_skb *in_skb, const struct nlmsghdr *nlh, int err,
	     const struct unl_ext_ack *extack)
{
	struct unl_sock *ssk = in_skb->cb.sk;

	if (!ssk)
		return;
	ack_to(ssk, in_skb->cb.portid, nlh, err, extack);
}

void unl_ack_portid(struct unl_sock *ksk, uint32_t portid,
		    const struct nlmsghdr *nlh, int err,
		    const struct unl_ext_ack *extack)
{
	struct unl_sock *ssk = nl_lookup(ksk->net, ksk->protocol, portid);

	/* Gone, or a kernel socket: nobody to tell. */
	if (!ssk || !portid)
		return;
	ack_to(ssk, portid, nlh, err, extack);
}

/* A rule that fails this request (fault.c): -errno with its message in
 * extack (kept in *f, which outlives the ACK), else 0. */
static int request_fault(const struct unl_skb *skb, const struct nlmsghdr *nlh,
			 struct unl_ext_ack *extack, struct unl_fault *f)
{
	const struct unl_sock *ssk = skb->cb.sk;

	if (!ssk || !nl_fault_hit(ssk->net, NL_FAULT_AT_REQUEST,
				  ssk->protocol, nlh, skb->cb.creds.pid, f))
		return 0;
	if (f->action == UNL_FAULT_DELAY) {
		/* a slow handler: the sender's sendmsg() waits, as the
		 * stack does (Linux: everyone behind rtnl_lock) */
		struct timespec ts = { f->ms / 1000,
				       (long)(f->ms % 1000) * 1000000 };

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		return 0;
	}
	if (f->msg[0])
		extack->msg = f->msg;
	return -f->error;
}

int unl_rcv_skb(struct unl_skb *skb, unl_rcv_msg_fn cb)
{
	struct unl_fault fault;
	uint32_t off = 0;

	while (skb->len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(skb->data + off);
		struct unl_ext_ack extack;
		uint32_t msglen;
		int err = 0;

		memset(&extack, 0, sizeof(extack));
		if (nlh->nlmsg_len < NLMSG_HDRLEN ||
		    skb->len - off < nlh->nlmsg_len)
			return 0;
		/* Only requests of non-control types reach the handler. */
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) &&
		    nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			err = request_fault(skb, nlh, &extack, &fault);
			if (!err)
				err = cb(skb, nlh, &extack);
			if (err == -EINTR)
				goto skip;
		}
		if ((nlh->nlmsg_flags & NLM_F_ACK) || err)
			unl_ack(skb, nlh, err, &extack);
skip:
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > skb->len - off)
			msglen = skb->len - off;
		off += msglen;
	}
	return 0;
}
