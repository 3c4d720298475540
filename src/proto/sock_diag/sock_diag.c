// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SOCK_DIAG (net/core/sock_diag.c): requests by address family,
 * each family's handler dumping its sockets or destroying one.  The
 * netlink family's (netlink_diag, with CONFIG_NETLINK_DIAG) lists the
 * model's sockets; the other families' sockets are the host's and are
 * not answered here (docs/conformance.md).
 */
#include <errno.h>

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h" /* net_set_fini() */
#include "proto/sock_diag/sock_diag.h"

/* inet_diag's old request types */
#define TCPDIAG_GETSOCK 18
#define DCCPDIAG_GETSOCK 19

struct sock_diag_handler {
	int (*dump)(struct unl_sock *ksk, struct unl_skb *skb,
		    const struct nlmsghdr *nlh);
	int (*destroy)(struct unl_sock *ksk, struct unl_skb *skb,
		       const struct nlmsghdr *nlh);
};

static const struct sock_diag_handler netlink_diag_handler = {
	.dump = unl_netlink_diag_dump,
};

/* sock_diag_handlers[family], as the profile's kernel registers them */
static const struct sock_diag_handler *sock_diag_handler(struct unl_net *net,
							 int family)
{
	const struct unl_profile *p = unl_net_profile(net);

	if (family == AF_NETLINK &&
	    unl_profile_has(p, UNL_PROFILE_FEATURE, "NETLINK_DIAG"))
		return &netlink_diag_handler;
	return NULL;
}

/* __sock_diag_cmd() */
static int sock_diag_cmd(struct unl_sock *ksk, struct unl_skb *skb,
			 const struct nlmsghdr *nlh)
{
	const struct sock_diag_req *req = NLMSG_DATA(nlh);
	const struct sock_diag_handler *h;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*req)))
		return -EINVAL;
	if (req->sdiag_family >= AF_MAX)
		return -EINVAL;
	h = sock_diag_handler(unl_sock_net(ksk), req->sdiag_family);
	if (!h)
		return -ENOENT;
	if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY)
		return h->dump(ksk, skb, nlh);
	if (h->destroy)
		return h->destroy(ksk, skb, nlh);
	return -EOPNOTSUPP;
}

/* sock_diag_rcv_msg() */
static int sock_diag_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			     struct unl_ext_ack *extack)
{
	struct unl_sock *ksk = unl_net_kernel_sock(
		unl_sock_net(unl_skb_cb(skb)->sk), NETLINK_SOCK_DIAG);

	(void)extack;
	switch (nlh->nlmsg_type) {
	case TCPDIAG_GETSOCK:
	case DCCPDIAG_GETSOCK:
		/* inet_diag's compatibility entry: inet sockets are the
		 * host's, not answered here */
		return -EOPNOTSUPP;
	case SOCK_DIAG_BY_FAMILY:
	case SOCK_DESTROY:
		return sock_diag_cmd(ksk, skb, nlh);
	default:
		return -EINVAL;
	}
}

static void sock_diag_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, sock_diag_rcv_msg);
}

static void diag_net_exit(struct unl_net *net)
{
	unl_kernel_release(unl_net_kernel_sock(net, NETLINK_SOCK_DIAG));
}

int diag_net_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.groups = SKNLGRP_MAX,
		.input = sock_diag_rcv,
		.flags = UNL_CFG_F_NONROOT_RECV,
	};
	struct unl_sock *ksk;
	int err = unl_kernel_create(net, NETLINK_SOCK_DIAG, &cfg, &ksk);

	if (err)
		return err;
	net_set_fini(net, NETLINK_SOCK_DIAG, diag_net_exit);
	return 0;
}
