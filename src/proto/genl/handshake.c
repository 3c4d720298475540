// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "handshake" generic netlink family (net/handshake/genl.c,
 * netlink.c), where the profile has it: the kernel asks a user agent
 * (tlshd) to do a TLS handshake on a socket of its own.  No kernel
 * consumer (NFS, NVMe over TCP) asks for one here, so nothing is ever
 * pending: ACCEPT finds no request (EAGAIN), DONE finds no request on
 * the socket it names (EBUSY once the descriptor is a socket's).
 *
 * The family is the world's, netnsok, with Linux's split ops and
 * groups ("none", "tlshd").  The constants are those of Linux's
 * <linux/handshake.h>, which older system headers lack.
 */
#include <errno.h>
#include <string.h>

#include "proto/genl/genl-private.h"

#define HANDSHAKE_FAMILY_NAME "handshake"
#define HANDSHAKE_FAMILY_VERSION 1
enum { HANDSHAKE_HANDLER_CLASS_MAX = 2 };
enum { HANDSHAKE_CMD_ACCEPT = 2, HANDSHAKE_CMD_DONE = 3 };
enum { HANDSHAKE_A_ACCEPT_HANDLER_CLASS = 2 };
enum {
	HANDSHAKE_A_DONE_STATUS = 1,
	HANDSHAKE_A_DONE_SOCKFD,
	HANDSHAKE_A_DONE_REMOTE_AUTH,
};
/* MAX_ERRNO: a status is an errno */
#define HANDSHAKE_MAX_ERRNO 4095

static const struct unl_nla_policy
	handshake_accept_policy[HANDSHAKE_A_ACCEPT_HANDLER_CLASS + 1] = {
	[HANDSHAKE_A_ACCEPT_HANDLER_CLASS] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U32, HANDSHAKE_HANDLER_CLASS_MAX),
};

static const struct unl_nla_policy
	handshake_done_policy[HANDSHAKE_A_DONE_REMOTE_AUTH + 1] = {
	[HANDSHAKE_A_DONE_STATUS] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U32, HANDSHAKE_MAX_ERRNO),
	[HANDSHAKE_A_DONE_SOCKFD] = { .type = UNL_NLA_S32 },
	[HANDSHAKE_A_DONE_REMOTE_AUTH] = { .type = UNL_NLA_U32 },
};

static const struct unl_genl_multicast_group handshake_mcgrps[] = {
	{ .name = "none" },
	{ .name = "tlshd" },
};

/* GENL_REQ_ATTR_CHECK(): a missing attribute, named in the ext-ack. */
static int handshake_require(struct unl_genl_info *info, int type)
{
	if (info->attrs[type])
		return 0;
	UNL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
	return -EINVAL;
}

/* handshake_nl_accept_doit(): no request waits for any handler. */
static int handshake_accept_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	int err = handshake_require(info, HANDSHAKE_A_ACCEPT_HANDLER_CLASS);

	(void)skb;
	return err ? err : -EAGAIN;
}

/* handshake_nl_done_doit(): sockfd_lookup() of the caller's descriptor,
 * then a request on that socket, which never is. */
static int handshake_done_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr *fd = info->attrs[HANDSHAKE_A_DONE_SOCKFD];
	int err = handshake_require(info, HANDSHAKE_A_DONE_SOCKFD);

	(void)skb;
	if (err)
		return err;
	err = unl_socket_by_fd(info->net, unl_nla_get_u32(fd));
	return err ? err : -EBUSY;
}

static const struct unl_genl_split_ops handshake_ops[] = {
	{ .cmd = HANDSHAKE_CMD_ACCEPT, .doit = handshake_accept_doit,
	  .policy = handshake_accept_policy,
	  .maxattr = HANDSHAKE_A_ACCEPT_HANDLER_CLASS,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = HANDSHAKE_CMD_DONE, .doit = handshake_done_doit,
	  .policy = handshake_done_policy,
	  .maxattr = HANDSHAKE_A_DONE_REMOTE_AUTH,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
};

void handshake_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, HANDSHAKE_FAMILY_NAME);
	family->version = HANDSHAKE_FAMILY_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->split_ops = handshake_ops;
	family->n_split_ops = sizeof(handshake_ops) / sizeof(handshake_ops[0]);
	family->resv_start_op = HANDSHAKE_CMD_DONE + 1;
	family->mcgrps = handshake_mcgrps;
	family->n_mcgrps =
		sizeof(handshake_mcgrps) / sizeof(handshake_mcgrps[0]);
}
