/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: serving a generic netlink family from a process, through the
 * unetlink daemon.
 *
 * Linux serves genl families from the kernel only.  Here a process
 * connects to the daemon, registers a family described exactly as an
 * in-process one (struct unl_genl_family of <unetlink/genl.h>: name,
 * version, hdrsize, maxattr, ops or split ops with their policies and
 * flags, multicast groups), and answers the requests clients send to it.
 * Clients cannot tell it from a kernel family: it gets a dynamic id, is
 * listed and announced by nlctrl, and its policies can be dumped.
 *
 *   struct unl_service *svc;
 *   unl_service_connect(&svc, NULL);
 *   unl_service_register(svc, &my_family);   // fills in id, mcgrp_offset
 *   unl_service_run(svc);                    // or poll unl_service_fd()
 *                                            // and call _dispatch()
 *
 * What handlers see is what an in-process handler sees:
 *
 * - The daemon validates each request against the op's policy (strict
 *   checking, extended ACKs with offsets, GENL_ADMIN_PERM) before it is
 *   relayed; handlers get a struct unl_genl_info with attrs parsed again
 *   here with the same policy (a VALIDATE_FUNCTION entry runs here only).
 * - unl_skb_capable(skb, CAP_NET_ADMIN) tells whether the sender is an
 *   admin as the daemon decided; NETLINK_CB(skb) (unl_skb_cb) has its
 *   portid and pid/uid/gid.
 * - Replies are written with the unl_genlmsg_* writer and sent with
 *   unl_genlmsg_reply()/unl_genlmsg_unicast(); events with
 *   unl_genlmsg_multicast()/unl_genl_notify() to the family's groups.  A
 *   doit's return value is the ACK's error, with the extended ACK it
 *   filled in (message, bad attribute, missing attribute, policy).
 * - Namespaces: the family is registered in the daemon's initial
 *   network namespace; with netnsok it is reachable from every namespace
 *   of the daemon (those made later too), without it from the initial
 *   one only, as for a kernel family.  info->net is a net of this
 *   process that stands for the requester's namespace, one per
 *   namespace (family->net stands for the initial one): replies go back
 *   there, unl_genl_notify() reaches that namespace's listeners,
 *   unl_genlmsg_multicast() the initial namespace's,
 *   unl_genlmsg_multicast_netns() the one named, _allns() all.
 * - A dump runs start, then dumpit until it returns 0 or an error, then
 *   done, all at once: its messages are kept by the daemon (up to 4 MiB;
 *   beyond, the dump ends with ENOBUFS) and handed to the client as it
 *   reads, ending with NLMSG_DONE carrying dumpit's result.
 * - A server that does not keep up is not queued for without end: past
 *   1 MiB of requests it has not read, or 16 MiB of requests in flight
 *   and dump answers being collected, requests to its families get
 *   ENOBUFS (docs/conformance.md).
 *
 * When the process exits or the connection closes, the daemon
 * unregisters its families (DELFAMILY) and every request in flight gets
 * ENOENT; a request not answered within 4 seconds gets ETIMEDOUT.  Any
 * client of the daemon may serve families; a name already registered
 * gives EEXIST.
 *
 * Threads: a struct unl_service is used by one thread at a time, and
 * handlers run in the thread that dispatches.  Every function returns 0,
 * a non-negative value, or -errno, and never touches errno.
 */
#ifndef UNETLINK_SERVICE_H
#define UNETLINK_SERVICE_H

#include <unetlink/genl.h>

#ifdef __cplusplus
extern "C" {
#endif

struct unl_service;

/*
 * Connect to the daemon at path, or, when path is NULL, where the shim
 * looks: $UNETLINK_SOCKET; /run/unetlink/socket for root;
 * $XDG_RUNTIME_DIR/unetlink/socket; /tmp/unetlink-UID/socket.  On
 * success *svcp owns the connection; free it with unl_service_free().
 * -ECONNREFUSED or -ENOENT when no daemon listens there.
 */
UNL_EXPORT int unl_service_connect(struct unl_service **svcp,
				   const char *path);

/* Close the connection: the daemon unregisters every family served by
 * it.  The family structs are the caller's again (id and net cleared). */
UNL_EXPORT void unl_service_free(struct unl_service *svc);

/* The connection's descriptor, to poll for POLLIN; then call
 * unl_service_dispatch().  Owned by svc. */
UNL_EXPORT int unl_service_fd(const struct unl_service *svc);

/*
 * Register family with the daemon.  The struct (and its ops, policies
 * and groups) must stay alive and unchanged until it is unregistered or
 * svc is freed; registration fills in id, mcgrp_offset and net, as
 * unl_genl_register_family() does.  Returns the id, or -EEXIST (the
 * name is taken), -EINVAL (a description the core refuses), -EMSGSIZE
 * (the description exceeds 64 KiB), -ENOSPC, -ETIMEDOUT,
 * -ECONNRESET.  Handlers of families already registered on svc may run
 * while it waits for the answer.
 */
UNL_EXPORT int unl_service_register(struct unl_service *svc,
				    struct unl_genl_family *family);

/* Unregister (DELFAMILY; requests in flight get ENOENT).  0 or
 * -ENOENT. */
UNL_EXPORT int unl_service_unregister(struct unl_service *svc,
				      struct unl_genl_family *family);

/*
 * Handle every request the daemon has sent so far, without blocking.
 * Returns the number handled, or -ECONNRESET when the daemon is gone
 * (the families are then unregistered: free svc).
 */
UNL_EXPORT int unl_service_dispatch(struct unl_service *svc);

/* Wait for requests and handle them until the connection fails; returns
 * that error (-ECONNRESET when the daemon went away). */
UNL_EXPORT int unl_service_run(struct unl_service *svc);

#ifdef __cplusplus
}
#endif
#endif
