/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Protocols whose kernel socket Linux makes in the initial network
 * namespace only.  Every net of the model is a fresh namespace, never
 * the initial one, so each of them sees what `unshare -n` sees: the
 * protocol is registered (socket() and bind() work, its groups as its
 * configuration says) and nothing answers at portid 0 (ECONNREFUSED).
 * Each exists only when the net's profile has its Kconfig symbol.
 */
#ifndef UNETLINK_PROTO_INITNET_H
#define UNETLINK_PROTO_INITNET_H

#include <unetlink/net.h>

/* selnl_init(): NETLINK_SELINUX, with CONFIG_SECURITY_SELINUX */
int selnl_init(struct unl_net *net);
/* cn_init(): NETLINK_CONNECTOR, with CONFIG_CONNECTOR */
int cn_init(struct unl_net *net);
/* scsi_netlink_init(): NETLINK_SCSITRANSPORT, with CONFIG_SCSI_NETLINK */
int scsi_netlink_init(struct unl_net *net);
/* iscsi_transport_init(): NETLINK_ISCSI, with CONFIG_SCSI_ISCSI_ATTRS */
int iscsi_transport_init(struct unl_net *net);

#endif
