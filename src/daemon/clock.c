// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CLOCK_ADVANCE (wire.h): `unetlink clock advance` moves the clock of
 * the daemon's nets ahead, so that a test sees what a kernel does after
 * seconds (LACP negotiating, lifetimes running out) without waiting
 * for them.  Linux has no such call: moving a clock is an
 * administrator's act here, as uevents of the kernel's group are.
 */
#include <errno.h>
#include <stdint.h>
#include <linux/capability.h>

#include <unetlink/kernel.h>

#include "daemon/daemon-private.h"

void ud_clock_advance_op(struct ud_conn *c, const struct unl_wire_req *req)
{
	int err;

	if (!(c->cred.caps & UNL_CAP(CAP_SYS_ADMIN)))
		err = -EPERM;
	else if (req->a0 < 0 || req->a1 < 0 || req->a1 >= UNL_NSEC_PER_SEC ||
		 req->a0 > (INT64_MAX - req->a1) / UNL_NSEC_PER_SEC)
		err = -EINVAL;
	else
		err = unl_net_clock_advance(c->d->init->net,
					    (int64_t)req->a0 * UNL_NSEC_PER_SEC +
						    req->a1);
	ud_reply(c, err, NULL, 0, NULL, 0);
}
