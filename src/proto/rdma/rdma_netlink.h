/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NETLINK_RDMA (drivers/infiniband/core/netlink.c): ib_core's socket in
 * every namespace, with the NLDEV client of a machine without RDMA
 * devices.
 */
#ifndef UNETLINK_PROTO_RDMA_NETLINK_H
#define UNETLINK_PROTO_RDMA_NETLINK_H

#include <unetlink/net.h>

/* rdma_nl_net_init(): NETLINK_RDMA, with CONFIG_INFINIBAND */
int rdma_nl_net_init(struct unl_net *net);

#endif
