/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * State files (`unetlink state`, docs/state.md): a net's configuration
 * as the netlink requests that make it again, in dependency order.
 *
 * Both halves are plain netlink clients of whatever answers their
 * AF_NETLINK sockets: the daemon when the shim is preloaded (save, load),
 * the kernel otherwise (import).  They know nothing of the wire.
 */
#ifndef UNETLINK_CLI_STATE_H
#define UNETLINK_CLI_STATE_H

#include <stdbool.h>
#include <stdio.h>

struct state_save_opts {
	bool json;
	/* a device without a kind (hardware, read from a kernel) becomes a
	 * dummy of the same name and address, instead of being left out */
	bool kindless_as_dummy;
};

/* Dump the net of this process's netlink sockets and write its state to
 * out.  0, or -errno after saying why on stderr; what cannot be made
 * again is said on stderr and left out. */
int state_save(FILE *out, const struct state_save_opts *o);

/* Send every request of the state file at path (text or JSON) in
 * order, each acknowledged before the next.  A refused request is said
 * on stderr with its extended ACK and the rest still goes.  0 when all
 * were accepted, 1 when one was refused, -errno when the file cannot be
 * read or is not a state file. */
int state_load(const char *path);

#endif
