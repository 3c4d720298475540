// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_RDMA (drivers/infiniband/core/netlink.c, nldev.c): ib_core
 * makes its kernel socket in every namespace (rdma_nl_net_init).  A
 * message's type is its client (bits 10-15) and the client's operation;
 * outside the initial namespace only the NLDEV client answers.  The
 * model has no RDMA device, so device listings are empty and whatever
 * names a device finds none (EINVAL, as ib_device_get_by_index() failing
 * makes it).  Which operations exist, and whether any user may join the
 * groups, follows the profile's kernel release.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include <linux/capability.h>
#include <linux/netlink.h>
#include <rdma/rdma_netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h" /* net_set_fini() */
#include "proto/rdma/rdma_netlink.h"

/* What nldev_cb_table[] says of an operation: its doit, its dump, and
 * whether it asks for CAP_NET_ADMIN (RDMA_NL_ADMIN_PERM). */
enum nldev_doit { DOIT_NONE, DOIT_DEVICE, DOIT_SYS_GET, DOIT_SYS_SET };
enum nldev_dump { DUMP_NONE, DUMP_ALL_DEVICES, DUMP_DEVICE };

struct nldev_op {
	enum nldev_doit doit; /* DEVICE: names a device (none exists) */
	enum nldev_dump dump; /* ALL_DEVICES: lists every device (none);
				 DEVICE: needs one named */
	bool admin;
	int since; /* the release that added it, major * 100 + minor; 0:
		      older than any the profile may name */
};

/* Linux's numbers for the operations newer than some systems'
 * <rdma/rdma_netlink.h>: SRQ_GET_RAW (6.4), then NEWDEV and DELDEV (6.13),
 * then MONITOR (6.13), the type of the monitor's events, which is no
 * operation (nldev_cb_table has no entry: EINVAL). */
#define NLDEV_CMD_RES_SRQ_GET_RAW (RDMA_NLDEV_CMD_STAT_GET_STATUS + 1)
#define NLDEV_CMD_NEWDEV (RDMA_NLDEV_CMD_STAT_GET_STATUS + 2)
#define NLDEV_CMD_DELDEV (RDMA_NLDEV_CMD_STAT_GET_STATUS + 3)
#define NLDEV_CMD_MONITOR (RDMA_NLDEV_CMD_STAT_GET_STATUS + 4)
#define NLDEV_NUM_OPS (NLDEV_CMD_MONITOR + 1)
/* 6.13 let any user join the groups (NL_CFG_F_NONROOT_RECV), for the
 * monitor's RDMA_NL_GROUP_NOTIFY */
#define NLDEV_NONROOT_RECV_SINCE 613

static const struct nldev_op nldev_ops[NLDEV_NUM_OPS] = {
	[RDMA_NLDEV_CMD_GET] = { DOIT_DEVICE, DUMP_ALL_DEVICES, false },
	[RDMA_NLDEV_CMD_SET] = { DOIT_DEVICE, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_NEWLINK] = { DOIT_DEVICE, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_DELLINK] = { DOIT_DEVICE, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_PORT_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_SYS_GET] = { DOIT_SYS_GET, DUMP_NONE, false },
	[RDMA_NLDEV_CMD_SYS_SET] = { DOIT_SYS_SET, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_RES_GET] = { DOIT_DEVICE, DUMP_ALL_DEVICES, false },
	[RDMA_NLDEV_CMD_RES_QP_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_RES_CM_ID_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_RES_CQ_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_RES_MR_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_RES_PD_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_GET_CHARDEV] = { DOIT_DEVICE, DUMP_NONE, false },
	[RDMA_NLDEV_CMD_STAT_SET] = { DOIT_DEVICE, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_STAT_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_STAT_DEL] = { DOIT_DEVICE, DUMP_NONE, true },
	[RDMA_NLDEV_CMD_RES_QP_GET_RAW] = { DOIT_DEVICE, DUMP_DEVICE, true },
	[RDMA_NLDEV_CMD_RES_CQ_GET_RAW] = { DOIT_DEVICE, DUMP_DEVICE, true },
	[RDMA_NLDEV_CMD_RES_MR_GET_RAW] = { DOIT_DEVICE, DUMP_DEVICE, true },
	[RDMA_NLDEV_CMD_RES_CTX_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_RES_SRQ_GET] = { DOIT_DEVICE, DUMP_DEVICE, false },
	[RDMA_NLDEV_CMD_STAT_GET_STATUS] = { DOIT_DEVICE, DUMP_NONE, false },
	[NLDEV_CMD_RES_SRQ_GET_RAW] = { DOIT_DEVICE, DUMP_DEVICE, true, 604 },
	/* nldev_newdev(), nldev_deldev(): the parent device or the device
	 * to delete is never found (EINVAL, as when an attribute lacks) */
	[NLDEV_CMD_NEWDEV] = { DOIT_DEVICE, DUMP_NONE, true, 613 },
	[NLDEV_CMD_DELDEV] = { DOIT_DEVICE, DUMP_NONE, true, 613 },
	[NLDEV_CMD_MONITOR] = { DOIT_NONE, DUMP_NONE, false, 613 },
};

/* Every device, of which there are none: nothing before NLMSG_DONE. */
static int no_devices_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)skb;
	(void)cb;
	return 0;
}

/* A dump about one device: none can be named. */
static int no_such_device_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)skb;
	(void)cb;
	return -EINVAL;
}

/* Newer than some systems' <rdma/rdma_netlink.h>: the number Linux
 * gives it (6.5), three after COPY_ON_FORK. */
#ifndef RDMA_NLDEV_SYS_ATTR_PRIVILEGED_QKEY_MODE
#define RDMA_NLDEV_SYS_ATTR_PRIVILEGED_QKEY_MODE \
	(RDMA_NLDEV_SYS_ATTR_COPY_ON_FORK + 3)
#endif

/* nldev_sys_get_doit(): devices shared by every namespace (the
 * ib_core.netns_mode default), privileged qkeys for privileged users
 * only (the default), and copy-on-fork supported. */
static int sys_get(struct unl_sock *ksk, struct unl_skb *skb,
		   const struct nlmsghdr *nlh)
{
	uint32_t portid = unl_skb_cb(skb)->portid;
	struct unl_skb *msg = unl_nlmsg_new(64);
	struct nlmsghdr *out;

	if (!msg)
		return -ENOMEM;
	out = unl_nlmsg_put(msg, portid, nlh->nlmsg_seq,
			    RDMA_NL_GET_TYPE(RDMA_NL_NLDEV,
					     RDMA_NLDEV_CMD_SYS_GET),
			    0, 0);
	if (!out || unl_nla_put_u8(msg, RDMA_NLDEV_SYS_ATTR_NETNS_MODE, 1) ||
	    unl_nla_put_u8(msg, RDMA_NLDEV_SYS_ATTR_PRIVILEGED_QKEY_MODE, 0) ||
	    unl_nla_put_u8(msg, RDMA_NLDEV_SYS_ATTR_COPY_ON_FORK, 1)) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(msg, out);
	return unl_unicast(ksk, msg, portid, true) < 0 ? -ENOBUFS : 0;
}

/* rdma_nl_rcv_msg() for the NLDEV client: a request with a dump flag
 * is a dump (EINVAL when the operation has none), anything else its
 * doit's. */
static int nldev_rcv(struct unl_sock *ksk, struct unl_skb *skb,
		     const struct nlmsghdr *nlh, unsigned int op)
{
	const struct nldev_op *o = &nldev_ops[op];
	struct unl_dump_control c = { 0 };

	if ((o->doit == DOIT_NONE && o->dump == DUMP_NONE) ||
	    !unl_profile_at_least(unl_net_profile(unl_sock_net(ksk)), o->since))
		return -EINVAL;
	if (o->admin && !unl_skb_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if (nlh->nlmsg_flags & NLM_F_DUMP) {
		if (o->dump == DUMP_NONE)
			return -EINVAL;
		c.dump = o->dump == DUMP_ALL_DEVICES ? no_devices_dump
						     : no_such_device_dump;
		return unl_dump_start(ksk, skb, nlh, &c);
	}
	switch (o->doit) {
	case DOIT_SYS_GET:
		return sys_get(ksk, skb, nlh);
	case DOIT_SYS_SET:
		/* changing the namespace mode or the qkey policy is not
		 * modelled (docs/conformance.md) */
		return nlh->nlmsg_len > NLMSG_HDRLEN ? -EOPNOTSUPP : -EINVAL;
	default:
		return -EINVAL;
	}
}

static int rdma_nl_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			   struct unl_ext_ack *extack)
{
	struct unl_sock *ksk = unl_net_kernel_sock(
		unl_sock_net(unl_skb_cb(skb)->sk), NETLINK_RDMA);
	unsigned int client = RDMA_NL_GET_CLIENT(nlh->nlmsg_type);
	unsigned int op = RDMA_NL_GET_OP(nlh->nlmsg_type);

	(void)extack;
	/* is_nl_msg_valid(), then get_cb_table(): not the initial
	 * namespace, so only NLDEV has a table */
	if (client != RDMA_NL_NLDEV || op >= NLDEV_NUM_OPS)
		return -EINVAL;
	return nldev_rcv(ksk, skb, nlh, op);
}

static void rdma_nl_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, rdma_nl_rcv_msg);
}

static void rdma_nl_net_exit(struct unl_net *net)
{
	unl_kernel_release(unl_net_kernel_sock(net, NETLINK_RDMA));
}

int rdma_nl_net_init(struct unl_net *net)
{
	const struct unl_profile *p = unl_net_profile(net);
	struct unl_kernel_cfg cfg = { .input = rdma_nl_rcv };
	struct unl_sock *ksk;
	int err;

	if (!unl_profile_has(p, UNL_PROFILE_FEATURE, "INFINIBAND"))
		return -EPROTONOSUPPORT;
	if (unl_profile_at_least(p, NLDEV_NONROOT_RECV_SINCE))
		cfg.flags = UNL_CFG_F_NONROOT_RECV;
	err = unl_kernel_create(net, NETLINK_RDMA, &cfg, &ksk);
	if (err)
		return err;
	net_set_fini(net, NETLINK_RDMA, rdma_nl_net_exit);
	return 0;
}
