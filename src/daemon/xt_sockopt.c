// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UNL_OP_XT_GET, UNL_OP_XT_SET (wire.h): a legacy xtables option of a
 * client (iptables-legacy's GET_INFO, GET_ENTRIES, SET_REPLACE ...),
 * answered by the core (unl_xt_sockopt()) in the client's net on a
 * copy of what optval held.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon-private.h"

void ud_xt_sockopt_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen, int *fds,
		      int nfds)
{
	bool set = req->op == UNL_OP_XT_SET;
	uint32_t len = (uint32_t)req->a2, out = 0;
	struct ud_net *n = c->d->init;
	unsigned char *buf;
	size_t want;
	int err = 0, ret;

	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	/* a get sends the head its option reads, a set all of optval */
	want = set ? len : (len < UNL_WIRE_XT_GET_HEAD ? len
						       : UNL_WIRE_XT_GET_HEAD);
	if (req->a2 < 0 && !set)
		want = 0;
	if (plen != want || plen > UNL_WIRE_XT_MAX) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	buf = calloc(1, UNL_WIRE_XT_MAX);
	if (!buf) {
		ud_reply(c, -ENOMEM, NULL, 0, NULL, 0);
		return;
	}
	memcpy(buf, payload, plen);
	ret = unl_xt_sockopt(n->net, &c->cred, req->a0, set, req->a1, buf,
			     UNL_WIRE_XT_MAX, len, &out);
	ud_reply(c, ret, ret < 0 ? NULL : buf, ret < 0 ? 0 : out, NULL, 0);
	free(buf);
}
