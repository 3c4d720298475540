/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NETLINK_CRYPTO (crypto/crypto_user.c): the crypto API's
 * configuration interface, per net, answered from the profile's
 * algorithm list (`algo`), the list the xfrm algorithm checks use.
 */
#ifndef UNETLINK_PROTO_CRYPTO_USER_H
#define UNETLINK_PROTO_CRYPTO_USER_H

#include <unetlink/net.h>

/* crypto_netlink_init(): NETLINK_CRYPTO, with CONFIG_CRYPTO_USER */
int crypto_netlink_init(struct unl_net *net);

#endif
