// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UNL_OP_NF_SOCKOPT (wire.h): getsockopt(SOL_IP, SO_IP_SET) of a
 * client, answered by the core (unl_nf_getsockopt()) in the client's
 * net on a copy of its request.
 */
#include <errno.h>
#include <string.h>

#include "daemon/daemon-private.h"

void ud_nf_sockopt_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen, int *fds,
		      int nfds)
{
	unsigned char buf[UNL_WIRE_NF_SOCKOPT_MAX] = { 0 };
	struct ud_net *n = c->d->init;
	size_t want;
	int err = 0, ret;

	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	/* the first optlen bytes of the request, at most the wire's */
	want = req->a2 < 0 ? 0 : (size_t)req->a2;
	if (want > sizeof(buf))
		want = sizeof(buf);
	if (plen != want) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	memcpy(buf, payload, plen);
	ret = unl_nf_getsockopt(n->net, &c->cred, req->a0, req->a1, buf,
				req->a2);
	ud_reply(c, ret, ret < 0 ? NULL : buf, ret < 0 ? 0 : plen, NULL, 0);
}
