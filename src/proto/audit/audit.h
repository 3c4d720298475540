/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef UNETLINK_PROTO_AUDIT_H
#define UNETLINK_PROTO_AUDIT_H

#include <unetlink/net.h>

/* audit_net_init(): NETLINK_AUDIT in net, with CONFIG_AUDIT. */
int audit_net_init(struct unl_net *net);

#endif
