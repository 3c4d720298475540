// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The third target: the same system calls as backend_kernel.c, made by a
 * process that runs under `unetlink run`, so that the preload shim turns
 * each AF_NETLINK socket into a connection to a daemon of its own.
 *
 * The harness does not call these in its own forked child as it does for
 * the others (its process has no shim): it re-executes itself as
 *
 *   unetlink run --shared --socket DIR/socket -- conformance --shim-child FD SCN
 *
 * with a fresh DIR per scenario (a fresh daemon: the counterpart of the
 * kernel run's fresh network namespace), and that process runs the
 * scenario with these operations, streaming its transcript to FD.
 * --shared lets the scenario's `unpriv` step (uid 65534) still reach the
 * daemon; rights come from the client's uid, as in the kernel they come
 * from the caller's capabilities.
 *
 * The operations are backend_kernel.c's own system calls; only opening
 * differs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

static int shim_open(struct conf_backend *be, const char **why)
{
	const char *pre = getenv("LD_PRELOAD");
	const char *fe = getenv("UNETLINK_CONF_FRONTEND");
	bool seccomp = fe && !strcmp(fe, "--seccomp");

	(void)be;
	if (!getenv("UNETLINK_SOCKET") || (!seccomp && (!pre || !*pre))) {
		*why = "not running under unetlink run";
		return 1;
	}
	return 0;
}

const struct conf_backend_ops conf_backend_shim = {
	.name = "shim",
	.open = shim_open,
	.fini = sysb_fini,
	.socket = sysb_socket,
	.close = sysb_close,
	.bind = sysb_bind,
	.connect = sysb_connect,
	.getsockname = sysb_getsockname,
	.getpeername = sysb_getpeername,
	.sendmsg = sysb_sendmsg,
	.sendto = sysb_sendto,
	.recvmsg = sysb_recvmsg,
	.setsockopt = sysb_setsockopt,
	.getsockopt = sysb_getsockopt,
	.poll = sysb_poll,
	.netns = sysb_netns,
};
