/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NETLINK_KOBJECT_UEVENT as other protocols reach it: the kobject
 * uevents of the objects of a net (lib/kobject_uevent.c).
 */
#ifndef UNETLINK_PROTO_UEVENT_H
#define UNETLINK_PROTO_UEVENT_H

#include <stddef.h>

#include <unetlink/net.h>

/* uevent_net_init(): the protocol in net (the loader calls it). */
int uevent_net_init(struct unl_net *net);

/*
 * kobject_uevent_env() for an object tagged with net (a net device, its
 * queues): "ACTION@DEVPATH", then ACTION, DEVPATH, SUBSYSTEM, the
 * "KEY=VALUE" strings of env in order, and SEQNUM, broadcast to group 1
 * of net only, as Linux sends a tagged uevent only into its namespace.
 * The sequence number counts in the world whether anyone listens or
 * not, as uevent_seqnum counts on the machine.  0 or -errno.
 */
int kobject_uevent_net(struct unl_net *net, const char *action,
		       const char *devpath, const char *subsystem,
		       const char *const *env, size_t nenv);

#endif
