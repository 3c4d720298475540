// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SOCK_DIAG (net/core/sock_diag.c): requests by address family,
 * each family's handler dumping its sockets or destroying one.  The
 * netlink family's (netlink_diag, with CONFIG_NETLINK_DIAG) lists the
 * model's sockets; the other families' sockets are the host's, so their
 * requests go to the kernel through the embedding program's relay
 * (unl_world_set_sock_diag_relay(), the daemon's), with the rights of
 * whoever asks checked here first.
 */
#include <errno.h>
#include <pthread.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the host's sockets, through the relay ---- */

/* A relayed dump's state in cb->ctx: the kernel's answer, how far it
 * went out, and what its NLMSG_DONE said. */
struct relay_dump {
	uint8_t *buf;
	size_t len, off;
	int done_err;
};

/* The kernel's answer to the request nlh, from the relay: 0 with the
 * buffer, or -errno (ENOENT without a relay). */
static int relay_ask(struct unl_sock *ksk, struct unl_skb *skb,
		     const struct nlmsghdr *nlh, uint8_t **buf, size_t *len)
{
	struct unl_world *w = unl_sock_net(ksk)->world;
	struct unl_sock *from = unl_skb_cb(skb)->sk;
	struct nlmsghdr *req;
	void *reply = NULL;
	int err;

	if (!w->diag_relay || !from)
		return -ENOENT;
	req = malloc(nlh->nlmsg_len);
	if (!req)
		return -ENOMEM;
	memcpy(req, nlh, nlh->nlmsg_len);
	req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_pid = 0;
	err = w->diag_relay(&from->cred, req, req->nlmsg_len, &reply, len,
			    w->diag_relay_user);
	free(req);
	if (err)
		return err;
	*buf = reply;
	return 0;
}

/* The next message of the answer at *off, or NULL past the end or at a
 * malformed one. */
static struct nlmsghdr *relay_next(uint8_t *buf, size_t len, size_t *off)
{
	struct nlmsghdr *m = (struct nlmsghdr *)(buf + *off);

	if (len - *off < NLMSG_HDRLEN || m->nlmsg_len < NLMSG_HDRLEN ||
	    m->nlmsg_len > len - *off)
		return NULL;
	*off += NLMSG_ALIGN(m->nlmsg_len) < len - *off
			? NLMSG_ALIGN(m->nlmsg_len)
			: len - *off;
	return m;
}

/* The error of an NLMSG_ERROR or NLMSG_DONE. */
static int relay_status(const struct nlmsghdr *m)
{
	int err = 0;

	if (m->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
		memcpy(&err, NLMSG_DATA(m), sizeof(err));
	return err;
}

/* One relayed message into skb, addressed to the requester; false when
 * it does not fit. */
static bool relay_put(struct unl_skb *skb, const struct nlmsghdr *m,
		      uint32_t portid)
{
	struct nlmsghdr *out;

	if (unl_skb_tailroom(skb) < NLMSG_ALIGN(m->nlmsg_len))
		return false;
	out = unl_skb_put(skb, NLMSG_ALIGN(m->nlmsg_len));
	memcpy(out, m, m->nlmsg_len);
	out->nlmsg_pid = portid;
	return true;
}

static int relay_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct relay_dump *rd = (struct relay_dump *)cb->ctx;
	size_t off = rd->off;
	struct nlmsghdr *m;

	while ((m = relay_next(rd->buf, rd->len, &off))) {
		if (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == NLMSG_ERROR)
			return rd->done_err = relay_status(m);
		if (!relay_put(skb, m, unl_skb_cb(cb->skb)->portid)) {
			if (!unl_skb_len(skb))
				return -EMSGSIZE;
			return (int)unl_skb_len(skb);
		}
		rd->off = off;
	}
	return 0;
}

static int relay_dump_done(struct unl_callback *cb)
{
	free(((struct relay_dump *)cb->ctx)->buf);
	return 0;
}

/* The answer moves into the dump's state, which relay_dump_done()
 * frees. */
static int relay_dump_begin(struct unl_callback *cb)
{
	struct relay_dump *from = cb->data, *rd = (struct relay_dump *)cb->ctx;

	_Static_assert(sizeof(*rd) <= sizeof(cb->ctx), "ctx too small");
	*rd = *from;
	from->buf = NULL;
	return 0;
}

/* A dump: the kernel's messages go out over as many rounds as they need;
 * an answer that is one error refuses the request with it. */
static int relay_dump_start(struct unl_sock *ksk, struct unl_skb *skb,
			    const struct nlmsghdr *nlh, uint8_t *buf,
			    size_t len)
{
	struct relay_dump rd = { .buf = buf, .len = len };
	struct unl_dump_control c = { .start = relay_dump_begin,
				      .dump = relay_dump,
				      .done = relay_dump_done,
				      .data = &rd };
	size_t off = 0;
	struct nlmsghdr *m = relay_next(buf, len, &off);
	int err;

	if (!m || (m->nlmsg_type == NLMSG_ERROR && relay_status(m))) {
		err = m ? relay_status(m) : -EPROTO;
		free(buf);
		return err;
	}
	err = unl_dump_start(ksk, skb, nlh, &c);
	free(rd.buf); /* NULL once the dump took it */
	return err;
}

/* sock_diag_handler.dump for the host's families */
static int relay_cmd(struct unl_sock *ksk, struct unl_skb *skb,
		     const struct nlmsghdr *nlh)
{
	uint32_t portid = unl_skb_cb(skb)->portid;
	struct nlmsghdr *m;
	size_t len, off = 0;
	uint8_t *buf;
	int err;

	/* sock_diag_destroy()'s check, before the kernel sees it */
	if (nlh->nlmsg_type == SOCK_DESTROY &&
	    !unl_net_capable(unl_sock_net(ksk), CAP_NET_ADMIN))
		return -EPERM;
	err = relay_ask(ksk, skb, nlh, &buf, &len);
	if (err)
		return err;
	if (nlh->nlmsg_flags & NLM_F_DUMP)
		return relay_dump_start(ksk, skb, nlh, buf, len);
	/* one socket asked for, or destroyed: its message, then the ack */
	while ((m = relay_next(buf, len, &off))) {
		struct unl_skb *one;

		if (m->nlmsg_type == NLMSG_ERROR || m->nlmsg_type == NLMSG_DONE) {
			err = relay_status(m);
			break;
		}
		one = unl_skb_alloc(NLMSG_ALIGN(m->nlmsg_len));
		if (!one) {
			err = -ENOMEM;
			break;
		}
		relay_put(one, m, portid);
		unl_unicast(ksk, one, portid, true);
	}
	free(buf);
	return err;
}

static const struct sock_diag_handler relay_handler = {
	.dump = relay_cmd,
	.destroy = relay_cmd,
};

/* sock_diag_handlers[family], as the profile's kernel registers them */
static const struct sock_diag_handler *sock_diag_handler(struct unl_net *net,
							 int family)
{
	const struct unl_profile *p = unl_net_profile(net);

	if (family == AF_NETLINK)
		return unl_profile_has(p, UNL_PROFILE_FEATURE, "NETLINK_DIAG")
			       ? &netlink_diag_handler
			       : NULL;
	return &relay_handler;
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
		/* inet_diag's compatibility entry (inet_rcv_compat): inet
		 * sockets are the host's */
		return relay_cmd(ksk, skb, nlh);
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

/* ---- the kernel's destroy events for the host's sockets ---- */

static bool destroy_group(int group)
{
	return group >= SKNLGRP_INET_TCP_DESTROY &&
	       group <= SKNLGRP_INET6_UDP_DESTROY;
}

/* sock_diag_bind(): Linux loads the inet diag module a destroy group
 * needs; here the embedding program starts listening to the kernel's
 * group, whose events are about the host's sockets.  Anyone may join
 * (NL_CFG_F_NONROOT_RECV), and nothing is refused. */
static int sock_diag_bind(struct unl_net *net, int group)
{
	struct unl_world *w = net->world;

	if (destroy_group(group) && w->diag_listen && w->current)
		w->diag_listen(w->current, (unsigned int)group,
			       w->diag_listen_user);
	return 0;
}

/* One net's members of group get the event, as from its kernel socket
 * (sock_diag_broadcast_destroy_work()); whether it had any. */
static bool event_to_net(struct unl_net *net, unsigned int group,
			 const void *msg, size_t len)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_SOCK_DIAG);
	struct unl_skb *skb;

	if (!ksk || !unl_has_listeners(ksk, group))
		return false;
	skb = unl_skb_alloc(len);
	if (skb) {
		memcpy(unl_skb_put(skb, len), msg, len);
		unl_skb_cb(skb)->dst_group = group;
		unl_broadcast(ksk, skb, 0, group);
	}
	return true;
}

int unl_world_sock_diag_event(struct unl_world *w, unsigned int group,
			      const void *msg, size_t len)
{
	struct unl_net *first;
	int listening = 0;

	if (!destroy_group((int)group) || len < NLMSG_HDRLEN)
		return -EINVAL;
	pthread_mutex_lock(&w->lock);
	for (struct unl_net *n = w->nets; n; n = n->world_next)
		listening += event_to_net(n, group, msg, len);
	first = w->nets;
	if (first) /* runs the readiness callbacks the sends queued */
		net_unlock(first);
	else
		pthread_mutex_unlock(&w->lock);
	return listening;
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
		.bind = sock_diag_bind,
		.flags = UNL_CFG_F_NONROOT_RECV,
	};
	struct unl_sock *ksk;
	int err = unl_kernel_create(net, NETLINK_SOCK_DIAG, &cfg, &ksk);

	if (err)
		return err;
	net_set_fini(net, NETLINK_SOCK_DIAG, diag_net_exit);
	return 0;
}
