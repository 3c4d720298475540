// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * netlink_diag (net/netlink/diag.c): NETLINK_SOCK_DIAG's handler for
 * AF_NETLINK, which lists the net's netlink sockets (`ss -A netlink`).
 * It lives beside the socket layer, as in Linux, since it reads what
 * only the socket layer knows; the sock_diag protocol calls it.
 *
 * One message per socket, SOCK_DIAG_BY_FAMILY:
 *
 *   +----------+-------------------------------------+-------------+
 *   | nlmsghdr | struct netlink_diag_msg (type,      | MEMINFO,    |
 *   |          | protocol, state, portids, group,    | GROUPS,     |
 *   |          | inode, cookie)                      | FLAGS attrs |
 *   +----------+-------------------------------------+-------------+
 */
#include <errno.h>
#include <string.h>

#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>

#include "core/internal.h"

/* sock_gen_cookie(): given on first use, never reused in the world. */
static uint64_t sock_cookie(struct unl_sock *sk)
{
	if (!sk->cookie)
		sk->cookie = ++sk->net->world->next_sock_cookie;
	return sk->cookie;
}

/* sk_diag_dump_groups(): the bitmap, when the socket ever had one */
static int diag_put_groups(struct unl_skb *skb, const struct unl_sock *sk)
{
	const size_t bits = 8 * sizeof(unsigned long);
	size_t bytes = (sk->ngroups + bits - 1) / bits * sizeof(unsigned long);

	if (!sk->groups)
		return 0;
	return unl_nla_put(skb, NETLINK_DIAG_GROUPS, (int)bytes, sk->groups);
}

/* sk_rmem_alloc_get(): a kernel socket in Linux also owns each request
 * it received for as long as a dump holds it (netlink_skb_set_owner_r()
 * in netlink_unicast_kernel(), cb->skb until netlink_dump_done()). */
static uint32_t diag_rmem(const struct unl_sock *sk)
{
	uint32_t rmem = sk->rmem_alloc;

	if (!(sk->flags & NLF_KERNEL))
		return rmem;
	for (const struct unl_sock *s = sk->net->all; s; s = s->all_next)
		if (s->protocol == sk->protocol && s->cb_running && s->cb.skb)
			rmem += s->cb.skb->truesize;
	return rmem;
}

/* sock_diag_put_meminfo() */
static int diag_put_meminfo(struct unl_skb *skb, const struct unl_sock *sk)
{
	uint32_t mem[SK_MEMINFO_VARS] = {
		[SK_MEMINFO_RMEM_ALLOC] = diag_rmem(sk),
		[SK_MEMINFO_RCVBUF] = sk->rcvbuf,
		[SK_MEMINFO_SNDBUF] = sk->sndbuf,
		[SK_MEMINFO_DROPS] = sk->drops,
	};

	return unl_nla_put(skb, NETLINK_DIAG_MEMINFO, sizeof(mem), mem);
}

/* sk_diag_put_flags() */
static int diag_put_flags(struct unl_skb *skb, const struct unl_sock *sk)
{
	uint32_t f = 0;

	if (sk->cb_running)
		f |= NDIAG_FLAG_CB_RUNNING;
	if (sk->flags & NLF_RECV_PKTINFO)
		f |= NDIAG_FLAG_PKTINFO;
	if (sk->flags & NLF_BROADCAST_SEND_ERROR)
		f |= NDIAG_FLAG_BROADCAST_ERROR;
	if (sk->flags & NLF_RECV_NO_ENOBUFS)
		f |= NDIAG_FLAG_NO_ENOBUFS;
	if (sk->flags & NLF_LISTEN_ALL_NSID)
		f |= NDIAG_FLAG_LISTEN_ALL_NSID;
	if (sk->flags & NLF_CAP_ACK)
		f |= NDIAG_FLAG_CAP_ACK;
	return unl_nla_put_u32(skb, NETLINK_DIAG_FLAGS, f);
}

/* sk_diag_fill(): -EMSGSIZE when it does not fit (nothing left). */
static int sk_diag_fill(struct unl_skb *skb, struct unl_sock *sk,
			const struct netlink_diag_req *req, uint32_t portid,
			uint32_t seq)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq,
					     SOCK_DIAG_BY_FAMILY,
					     sizeof(struct netlink_diag_msg),
					     NLM_F_MULTI);
	struct netlink_diag_msg *rep;
	uint64_t cookie;

	if (!nlh)
		return -EMSGSIZE;
	rep = NLMSG_DATA(nlh);
	rep->ndiag_family = AF_NETLINK;
	rep->ndiag_type = (uint8_t)sk->type;
	rep->ndiag_protocol = (uint8_t)sk->protocol;
	rep->ndiag_state = sk->connected ? 1 : 0; /* NETLINK_CONNECTED */
	rep->ndiag_portid = sk->portid;
	rep->ndiag_dst_portid = sk->dst_portid;
	rep->ndiag_dst_group = sk->dst_group;
	rep->ndiag_ino = (uint32_t)sk->ino;
	cookie = sock_cookie(sk);
	rep->ndiag_cookie[0] = (uint32_t)cookie;
	rep->ndiag_cookie[1] = (uint32_t)(cookie >> 32);
	if (((req->ndiag_show & NDIAG_SHOW_GROUPS) &&
	     diag_put_groups(skb, sk)) ||
	    ((req->ndiag_show & NDIAG_SHOW_MEMINFO) &&
	     diag_put_meminfo(skb, sk)) ||
	    ((req->ndiag_show & NDIAG_SHOW_FLAGS) && diag_put_flags(skb, sk))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* __netlink_diag_dump(): the bound sockets of protocol, then those on
 * its multicast list; *num counts them across rounds.  1 when the
 * buffer filled.  Linux skips the multicast listeners that are hashed
 * with sk_hashed(), which looks at a list netlink sockets are never on
 * (they live in their own rhashtable): so a bound member of a group is
 * listed twice, and so it is here. */
static int diag_dump_protocol(struct unl_skb *skb, struct unl_callback *cb,
			      int protocol, long *num)
{
	const struct netlink_diag_req *req = NLMSG_DATA(cb->nlh);
	struct unl_net *net = unl_sock_net(cb->skb->cb.sk);
	long n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (struct unl_sock *sk = net->all; sk; sk = sk->all_next) {
			if (sk->protocol != protocol || sk->dead ||
			    (pass == 0 ? !sk->bound : !sk->on_mc_list))
				continue;
			if (n++ < *num)
				continue;
			if (sk_diag_fill(skb, sk, req, cb->skb->cb.portid,
					 cb->nlh->nlmsg_seq)) {
				*num = n - 1;
				return 1;
			}
		}
	}
	*num = n;
	return 0;
}

/* netlink_diag_dump(): args[0] the protocol, args[1] how many of its
 * sockets went out. */
static int netlink_diag_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct netlink_diag_req *req = NLMSG_DATA(cb->nlh);

	if (req->sdiag_protocol == NDIAG_PROTO_ALL) {
		for (; cb->args[0] < UNL_MAX_LINKS; cb->args[0]++) {
			if (diag_dump_protocol(skb, cb, (int)cb->args[0],
					       &cb->args[1]))
				break;
			cb->args[1] = 0;
		}
	} else {
		if (req->sdiag_protocol >= UNL_MAX_LINKS)
			return -ENOENT;
		diag_dump_protocol(skb, cb, req->sdiag_protocol, &cb->args[1]);
	}
	return (int)unl_skb_len(skb);
}

int unl_netlink_diag_dump(struct unl_sock *ksk, struct unl_skb *skb,
			  const struct nlmsghdr *nlh)
{
	struct unl_dump_control c = { .dump = netlink_diag_dump };
	const struct netlink_diag_req *req = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netlink_diag_req)))
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	/* A namespace has the kernel sockets of its protocols from its
	 * start; here they come on first use, so make them now. */
	for (int p = 0; p < UNL_MAX_LINKS; p++)
		if (req->sdiag_protocol == NDIAG_PROTO_ALL ||
		    req->sdiag_protocol == p)
			unl_net_load_protocol(ksk->net, p);
	return unl_dump_start(ksk, skb, nlh, &c);
}
