/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef UNETLINK_PROTO_SOCK_DIAG_H
#define UNETLINK_PROTO_SOCK_DIAG_H

#include <unetlink/net.h>

/* diag_net_init(): NETLINK_SOCK_DIAG in net (the loader calls it). */
int diag_net_init(struct unl_net *net);

#endif
