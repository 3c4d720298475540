// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UEVENT_INJECT (wire.h): `unetlink uevent inject` and other clients put
 * a uevent into a net as the kernel or udevd would send it, with the
 * rights Linux asks of whoever does that from userspace.
 */
#include <errno.h>
#include <linux/capability.h>
#include <unistd.h>

#include <unetlink/uevent.h>

#include "daemon/daemon-private.h"

void ud_uevent_op(struct ud_conn *c, const struct unl_wire_req *req,
		  const unsigned char *payload, size_t plen, int *fds,
		  int nfds)
{
	struct ud_net *n = c->d->init;
	int err = 0, cap;

	for (int i = 1; i < nfds; i++)
		close(fds[i]);
	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	/* the kernel's group takes what uevent_net_rcv() asks; udev's a
	 * multicast send on a protocol without NL_CFG_F_NONROOT_SEND */
	cap = req->a0 == UNL_UEVENT_GROUP_KERNEL ? CAP_SYS_ADMIN
						 : CAP_NET_ADMIN;
	if (!(c->cred.caps & UNL_CAP(cap)))
		err = -EPERM;
	else
		err = unl_uevent_inject(n->net, (unsigned int)req->a0,
					(uint32_t)req->a1,
					(const char *)payload, plen);
	ud_reply(c, err, NULL, 0, NULL, 0);
}
