/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The unl_kvstore generic netlink family: a key-value store served from
 * userspace through the unetlink daemon (server.c), and its clients
 * (client-mnl.c, client-nl.c, client-pyroute2.py).  This is the whole
 * protocol, as a uapi header would give it.
 *
 *   KVSTORE_CMD_GET   do: KEY -> reply GET { KEY, VALUE }; ENOENT
 *                     dump: every pair, one GET message each
 *   KVSTORE_CMD_SET   KEY, VALUE (GENL_ADMIN_PERM); ACK
 *   KVSTORE_CMD_DEL   KEY (GENL_ADMIN_PERM); ACK, ENOENT
 *
 * Every change is announced on the "changes" group: a SET message
 * { KEY, VALUE } or a DEL message { KEY }.
 */
#ifndef KVSTORE_H
#define KVSTORE_H

#define KVSTORE_FAMILY_NAME "unl_kvstore"
#define KVSTORE_FAMILY_VERSION 1
#define KVSTORE_MCGRP_CHANGES "changes"

enum {
	KVSTORE_CMD_UNSPEC,
	KVSTORE_CMD_GET,
	KVSTORE_CMD_SET,
	KVSTORE_CMD_DEL,
	__KVSTORE_CMD_MAX,
};

enum {
	KVSTORE_ATTR_UNSPEC,
	KVSTORE_ATTR_KEY,   /* NUL-terminated string, at most 63 bytes */
	KVSTORE_ATTR_VALUE, /* NUL-terminated string, at most 255 bytes */
	__KVSTORE_ATTR_MAX,
};
#define KVSTORE_ATTR_MAX (__KVSTORE_ATTR_MAX - 1)

#define KVSTORE_KEY_MAX 63
#define KVSTORE_VALUE_MAX 255

#endif
