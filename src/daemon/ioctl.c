// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UNL_OP_IOCTL (wire.h, "Ioctls"): a socket ioctl of a client, run by
 * the core in the client's net (unl_ioctl()) on a copy of its argument,
 * whose pointer, if any, is set to a copy of the buffer it named.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <net/if.h>
#include <linux/sockios.h>

#include <unetlink/kernel.h>

#include "daemon/daemon-private.h"
#include "wire/ioctl-shape.h"

/* Check the request's layout; 0 or -EINVAL.  The pointer must be where
 * request req keeps one (unl_ioctl_ptr_off()): the core follows it. */
static int ioctl_layout(const struct unl_wire_ioctl *h, size_t plen,
			const struct unl_wire_req *req,
			const unsigned char *arg)
{
	unsigned char whole[UNL_WIRE_IOCTL_MAX_ARG] = { 0 };

	if (h->arg_len > UNL_WIRE_IOCTL_MAX_ARG ||
	    h->ind_cap > UNL_WIRE_IOCTL_MAX_IND || h->ind_len > h->ind_cap)
		return -EINVAL;
	if (plen != sizeof(*h) + h->arg_len + h->ind_len)
		return -EINVAL;
	memcpy(whole, arg, h->arg_len);
	if (h->ptr_off != unl_ioctl_ptr_off((int)req->a0,
					    (unsigned int)req->a1, whole))
		return -EINVAL;
	return 0;
}

/* SIOCGIFCONF: the core fills ifc_len bytes; the copy has ind_cap. */
static void ifconf_fit(unsigned char *arg, const struct unl_wire_ioctl *h)
{
	struct ifconf ifc;

	memcpy(&ifc, arg, sizeof(ifc));
	if (ifc.ifc_len > (int)h->ind_cap)
		ifc.ifc_len = (int)h->ind_cap;
	memcpy(arg, &ifc, sizeof(ifc));
}

/* Run it in net n for c; *out (owned by the caller) gets the argument
 * and the indirect buffer after.  The buffer has UNL_WIRE_IOCTL_MAX_IND
 * bytes whatever the client's ind_cap: the core sizes what it writes
 * from the argument (an ethtool count, a bridge count), which the
 * client may not have matched. */
static int ioctl_run(struct ud_conn *c, struct ud_net *n,
		     const struct unl_wire_req *req,
		     const struct unl_wire_ioctl *h, const unsigned char *in,
		     unsigned char **out)
{
	/* room for the argument the kernel reads, however little the
	 * client sent (the core reads whole structs) */
	unsigned char *buf = calloc(1, UNL_WIRE_IOCTL_MAX_ARG +
					       UNL_WIRE_IOCTL_MAX_IND);
	struct unl_cred cred;
	void *ind;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, in, h->arg_len);
	memcpy(buf + UNL_WIRE_IOCTL_MAX_ARG, in + h->arg_len, h->ind_len);
	if (h->ptr_off != UNL_WIRE_IOCTL_NO_PTR) {
		ind = h->ind_cap ? buf + UNL_WIRE_IOCTL_MAX_ARG : NULL;
		memcpy(buf + h->ptr_off, &ind, sizeof(ind));
	}
	if (req->a1 == SIOCGIFCONF)
		ifconf_fit(buf, h);
	*out = buf;
	ud_cred_in_net(c, n, &cred);
	return unl_ioctl(n->net, &cred, req->a0, (unsigned int)req->a1, buf);
}

/* The net of a netlink socket of c (req->sock): sock_ioctl() runs a
 * device request in sock_net(), whichever thread asks; NULL when c has
 * no such socket. */
static struct ud_net *sock_net_of(struct ud_conn *c, uint32_t id)
{
	struct ud_served *s = id ? ud_served_get(c, id) : NULL;
	struct unl_net *net = s ? unl_sock_net(s->sk) : NULL;

	for (struct ud_net *n = net ? c->d->nets : NULL; n; n = n->next)
		if (n->net == net)
			return n;
	return NULL;
}

void ud_ioctl_op(struct ud_conn *c, const struct unl_wire_req *req,
		 const unsigned char *payload, size_t plen, int *fds,
		 int nfds)
{
	struct ud_net *own = req->a0 == AF_NETLINK ? sock_net_of(c, req->sock)
						   : NULL;
	struct ud_net *n = c->d->init;
	struct unl_wire_ioctl h;
	unsigned char *buf = NULL, *rep;
	int err = 0, ret;

	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (own)
		n = own;
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	if (plen < sizeof(h)) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	memcpy(&h, payload, sizeof(h));
	ret = ioctl_layout(&h, plen, req, payload + sizeof(h));
	if (!ret)
		ret = ioctl_run(c, n, req, &h, payload + sizeof(h), &buf);
	if (!buf) {
		ud_reply(c, ret, NULL, 0, NULL, 0);
		return;
	}
	/* the answer: the argument, then the indirect buffer */
	rep = buf + UNL_WIRE_IOCTL_MAX_ARG - h.arg_len;
	memmove(rep, buf, h.arg_len);
	ud_reply(c, ret, rep, h.arg_len + h.ind_cap, NULL, 0);
	free(buf);
}
