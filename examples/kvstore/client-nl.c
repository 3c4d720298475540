// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvstore-nl: a unl_kvstore client written against libnl-genl-3, as one
 * would write it for a kernel family: genl_ctrl_resolve(),
 * nl_send_auto(), callbacks.
 *
 *   kvstore-nl get KEY | set KEY VALUE | del KEY | dump | monitor N
 *
 * Errors print "error: STRERROR[: EXTACK MESSAGE]" and exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "kvstore.h"

static struct nla_policy pair_policy[KVSTORE_ATTR_MAX + 1] = {
	[KVSTORE_ATTR_KEY] = { .type = NLA_NUL_STRING },
	[KVSTORE_ATTR_VALUE] = { .type = NLA_NUL_STRING },
};

static int events_left;

static int pair_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = genlmsg_hdr(nlmsg_hdr(msg));
	struct nlattr *tb[KVSTORE_ATTR_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KVSTORE_ATTR_MAX,
			  pair_policy) < 0 ||
	    !tb[KVSTORE_ATTR_KEY])
		return NL_SKIP;
	if (arg) {
		printf("event %s %s%s%s\n",
		       g->cmd == KVSTORE_CMD_DEL ? "del" : "set",
		       nla_get_string(tb[KVSTORE_ATTR_KEY]),
		       tb[KVSTORE_ATTR_VALUE] ? "=" : "",
		       tb[KVSTORE_ATTR_VALUE]
			       ? nla_get_string(tb[KVSTORE_ATTR_VALUE])
			       : "");
		events_left--;
	} else {
		printf("%s=%s\n", nla_get_string(tb[KVSTORE_ATTR_KEY]),
		       tb[KVSTORE_ATTR_VALUE]
			       ? nla_get_string(tb[KVSTORE_ATTR_VALUE])
			       : "");
	}
	fflush(stdout);
	return NL_OK;
}

/* The ACK of an error, with what its extended part says. */
static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	const char *msg = NULL;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		size_t skip = sizeof(*e);
		struct nlattr *a;
		int rem;

		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			skip += e->msg.nlmsg_len - NLMSG_HDRLEN;
		nla_for_each_attr(a, (struct nlattr *)((char *)e + NLMSG_ALIGN(skip)),
				  (int)(nlh->nlmsg_len - NLMSG_HDRLEN -
					NLMSG_ALIGN(skip)),
				  rem)
			if (nla_type(a) == NLMSGERR_ATTR_MSG)
				msg = nla_get_string(a);
	}
	printf("error: %s%s%s\n", strerror(-e->error), msg ? ": " : "",
	       msg ? msg : "");
	*(int *)arg = e->error;
	return NL_STOP;
}

static int run(struct nl_sock *sk, int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int family, err = 0, ret;
	struct nl_msg *msg;
	uint8_t gcmd;
	int flags = 0;

	if (genl_connect(sk) < 0) {
		fprintf(stderr, "cannot open a generic netlink socket\n");
		return 1;
	}
	/* libnl 3.7 has no setter for NETLINK_EXT_ACK. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &(int){ 1 }, sizeof(int));
	family = genl_ctrl_resolve(sk, KVSTORE_FAMILY_NAME);
	if (family < 0) {
		printf("error: %s: %s\n", KVSTORE_FAMILY_NAME,
		       nl_geterror(family));
		return 1;
	}

	if (!strcmp(cmd, "monitor") && argc == 3) {
		int grp = genl_ctrl_resolve_grp(sk, KVSTORE_FAMILY_NAME,
						KVSTORE_MCGRP_CHANGES);

		if (grp < 0 || nl_socket_add_membership(sk, grp) < 0) {
			printf("error: cannot join %s\n", KVSTORE_MCGRP_CHANGES);
			return 1;
		}
		/* Events carry seq 0 and come unasked. */
		nl_socket_disable_seq_check(sk);
		nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, pair_cb,
				    "event");
		printf("monitoring\n");
		fflush(stdout);
		for (events_left = atoi(argv[2]); events_left > 0;)
			if (nl_recvmsgs_default(sk) < 0)
				return 1;
		return 0;
	}

	if (!strcmp(cmd, "get") && argc == 3)
		gcmd = KVSTORE_CMD_GET;
	else if (!strcmp(cmd, "set") && argc == 4)
		gcmd = KVSTORE_CMD_SET;
	else if (!strcmp(cmd, "del") && argc == 3)
		gcmd = KVSTORE_CMD_DEL;
	else if (!strcmp(cmd, "dump") && argc == 2) {
		gcmd = KVSTORE_CMD_GET;
		flags = NLM_F_DUMP;
	} else {
		fprintf(stderr, "usage: %s get KEY | set KEY VALUE | del KEY | "
				"dump | monitor N\n",
			argv[0]);
		return 2;
	}
	msg = nlmsg_alloc();
	if (!msg)
		return 1;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, gcmd,
			 KVSTORE_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return 1;
	}
	if (argc > 2)
		nla_put_string(msg, KVSTORE_ATTR_KEY, argv[2]);
	if (argc > 3)
		nla_put_string(msg, KVSTORE_ATTR_VALUE, argv[3]);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, pair_cb, NULL);
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, error_cb, &err);
	/* nl_send_auto() adds NLM_F_REQUEST and NLM_F_ACK (unless
	 * disabled); nl_wait_for_ack() then reads up to the ACK. */
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		printf("error: send: %s\n", nl_geterror(ret));
		return 1;
	}
	ret = flags ? nl_recvmsgs_default(sk) : nl_wait_for_ack(sk);
	if (err)
		return 1;
	if (ret < 0) {
		printf("error: %s\n", nl_geterror(ret));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct nl_sock *sk = nl_socket_alloc();
	int ret;

	if (!sk)
		return 1;
	ret = run(sk, argc, argv);
	nl_socket_free(sk);
	return ret;
}
