// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvstore-mnl: a unl_kvstore client written against libmnl only, as one
 * would write it for a kernel family.
 *
 *   kvstore-mnl get KEY | set KEY VALUE | del KEY | dump | monitor N
 *
 * monitor prints the next N change events of the "changes" group.
 * Errors print "error: STRERROR[: EXTACK MESSAGE][ (offset N)]" and exit
 * 1, so that tests can see what the extended ACK said.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "kvstore.h"

static struct mnl_socket *nl;
static unsigned int portid;
static uint16_t family_id;
static uint32_t group_id;
static bool error_printed;

/* The ACK's extended part, if any. */
static void print_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *msg = NULL;
	long off = -1;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		size_t skip = sizeof(*e);
		const struct nlattr *a;

		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			skip += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		mnl_attr_for_each(a, nlh, skip) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
				msg = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS)
				off = mnl_attr_get_u32(a);
		}
	}
	printf("error: %s", strerror(-e->error));
	if (msg)
		printf(": %s", msg);
	if (off >= 0)
		printf(" (offset %ld)", off);
	printf("\n");
}

static int pair_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const char *key = NULL, *value = NULL;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		if (mnl_attr_get_type(a) == KVSTORE_ATTR_KEY)
			key = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == KVSTORE_ATTR_VALUE)
			value = mnl_attr_get_str(a);
	}
	if (!key)
		return MNL_CB_OK;
	if (data) /* an event */
		printf("event %s %s%s%s\n",
		       g->cmd == KVSTORE_CMD_DEL ? "del" : "set", key,
		       value ? "=" : "", value ? value : "");
	else
		printf("%s=%s\n", key, value ? value : "");
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *g, *grp;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			family_id = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(grp, g) {
				if (mnl_attr_get_type(grp) ==
				    CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(grp);
				else if (mnl_attr_get_type(grp) ==
					 CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(grp);
			}
			if (name && !strcmp(name, KVSTORE_MCGRP_CHANGES))
				group_id = id;
		}
	}
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (e->error) {
		print_error(nlh);
		error_printed = true;
		errno = -e->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/* The end of a dump, carrying its result (and an extended-ACK message). */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return MNL_CB_STOP;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (!err)
		return MNL_CB_STOP;
	printf("error: dump: %s\n", strerror(-err));
	error_printed = true;
	errno = -err;
	return MNL_CB_ERROR;
}

/* Send nlh and run cb on everything that answers it, until the ACK or
 * NLMSG_DONE.  0, or -1 after printing why. */
static int talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb,
					 [NLMSG_DONE] = done_cb };
	uint32_t seq = nlh->nlmsg_seq;
	int ret;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		printf("error: send: %s\n", strerror(errno));
		return -1;
	}
	do {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret <= 0)
			break;
		ret = mnl_cb_run2(buf, (size_t)ret, seq, portid, cb, data, ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > 0);
	if (ret < 0) {
		if (!error_printed)
			printf("error: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static struct nlmsghdr *request(char *buf, uint16_t type, uint16_t flags,
				uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int resolve(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = request(buf, GENL_ID_CTRL, NLM_F_ACK,
				       CTRL_CMD_GETFAMILY, 1);

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KVSTORE_FAMILY_NAME);
	if (talk(nlh, family_cb, NULL))
		return -1;
	return family_id ? 0 : -1;
}

int main(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	const char *cmd = argc > 1 ? argv[1] : "";
	int ext = 1;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket");
		return 1;
	}
	portid = mnl_socket_get_portid(nl);
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &ext, sizeof(ext));
	if (resolve())
		return 1;

	if (!strcmp(cmd, "get") && argc == 3) {
		nlh = request(buf, family_id, NLM_F_ACK, KVSTORE_CMD_GET,
			      KVSTORE_FAMILY_VERSION);
		mnl_attr_put_strz(nlh, KVSTORE_ATTR_KEY, argv[2]);
		return talk(nlh, pair_cb, NULL) ? 1 : 0;
	}
	if (!strcmp(cmd, "set") && argc == 4) {
		nlh = request(buf, family_id, NLM_F_ACK, KVSTORE_CMD_SET,
			      KVSTORE_FAMILY_VERSION);
		mnl_attr_put_strz(nlh, KVSTORE_ATTR_KEY, argv[2]);
		mnl_attr_put_strz(nlh, KVSTORE_ATTR_VALUE, argv[3]);
		return talk(nlh, pair_cb, NULL) ? 1 : 0;
	}
	if (!strcmp(cmd, "del") && argc == 3) {
		nlh = request(buf, family_id, NLM_F_ACK, KVSTORE_CMD_DEL,
			      KVSTORE_FAMILY_VERSION);
		mnl_attr_put_strz(nlh, KVSTORE_ATTR_KEY, argv[2]);
		return talk(nlh, pair_cb, NULL) ? 1 : 0;
	}
	if (!strcmp(cmd, "dump") && argc == 2) {
		nlh = request(buf, family_id, NLM_F_DUMP, KVSTORE_CMD_GET,
			      KVSTORE_FAMILY_VERSION);
		return talk(nlh, pair_cb, NULL) ? 1 : 0;
	}
	if (!strcmp(cmd, "monitor") && argc == 3) {
		int n = atoi(argv[2]);

		if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP,
					  &group_id, sizeof(group_id)) < 0) {
			printf("error: join: %s\n", strerror(errno));
			return 1;
		}
		printf("monitoring\n");
		fflush(stdout);
		while (n > 0) {
			int ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));

			if (ret <= 0)
				return 1;
			mnl_cb_run(buf, (size_t)ret, 0, 0, pair_cb, "event");
			fflush(stdout);
			n--;
		}
		return 0;
	}
	fprintf(stderr, "usage: %s get KEY | set KEY VALUE | del KEY | dump | "
			"monitor N\n",
		argv[0]);
	return 2;
}
