// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_KOBJECT_UEVENT (lib/kobject_uevent.c): the kernel's uevents
 * to group 1, which anyone may join, and, with CAP_SYS_ADMIN over the
 * net, uevents sent by userspace to the kernel socket and broadcast from
 * it (uevent_net_rcv()).  Group 2 is udev's: its daemon sends there from
 * its own socket, and so may anyone with CAP_NET_ADMIN.
 *
 * A uevent on the wire (no netlink header; NUL-separated strings):
 *
 *   +----------------+---------------+----------------+-----+-----------+
 *   | ACTION@DEVPATH | ACTION=action | DEVPATH=path   | ... | SEQNUM=n  |
 *   +----------------+---------------+----------------+-----+-----------+
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>

#include "core/internal.h" /* net_set_fini() */
#include "proto/uevent/uevent.h"

/* UEVENT_BUFFER_SIZE of <linux/kobject.h> */
#define UEVENT_BUFFER_SIZE 2048

/* uevent_seqnum: one count for the world, as one for the machine. */
struct uevent_world {
	uint64_t seqnum;
};

static uint64_t *uevent_seqnum(struct unl_net *net)
{
	struct unl_world *w = unl_net_world(net);
	struct uevent_world *uw = unl_world_priv(w, NETLINK_KOBJECT_UEVENT);

	if (!uw) {
		uw = calloc(1, sizeof(*uw));
		if (!uw)
			return NULL;
		if (unl_world_set_priv(w, NETLINK_KOBJECT_UEVENT, uw, free)) {
			free(uw);
			return NULL;
		}
	}
	return &uw->seqnum;
}

/* Append "SEQNUM=n\0" with the next number: its length, or -errno. */
static int seqnum_put(struct unl_net *net, char *buf, size_t room)
{
	uint64_t *seq = uevent_seqnum(net);
	int n;

	if (!seq)
		return -ENOMEM;
	n = snprintf(buf, room, "SEQNUM=%" PRIu64, ++*seq);
	if (n < 0 || (size_t)n >= room)
		return -ENOMEM;
	return n + 1;
}

/* The message to group 1, from portid 0 with the given credentials;
 * nobody listening is no error (Linux drops ENOBUFS and ESRCH). */
static int uevent_broadcast(struct unl_sock *ksk, const void *data,
			    size_t len, const struct unl_cred *creds)
{
	struct unl_skb *skb = unl_skb_alloc(len);
	int err;

	if (!skb)
		return -ENOMEM;
	memcpy(unl_skb_put(skb, len), data, len);
	unl_skb_cb(skb)->portid = 0;
	unl_skb_cb(skb)->dst_group = 1;
	if (creds)
		unl_skb_cb(skb)->creds = *creds;
	err = unl_broadcast(ksk, skb, 0, 1);
	return (err == -ENOBUFS || err == -ESRCH) ? 0 : err;
}

static int env_add(char *buf, size_t *len, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;

	if (*len + la + lb + 1 > UEVENT_BUFFER_SIZE)
		return -ENOMEM;
	memcpy(buf + *len, a, la);
	if (b)
		memcpy(buf + *len + la, b, lb);
	buf[*len + la + lb] = '\0';
	*len += la + lb + 1;
	return 0;
}

int kobject_uevent_net(struct unl_net *net, const char *action,
		       const char *devpath, const char *subsystem,
		       const char *const *env, size_t nenv)
{
	char buf[UEVENT_BUFFER_SIZE], head[UEVENT_BUFFER_SIZE];
	struct unl_sock *ksk;
	size_t len = 0;
	int err, n;

	snprintf(head, sizeof(head), "%s@%s", action, devpath);
	err = env_add(buf, &len, head, NULL);
	err = err ?: env_add(buf, &len, "ACTION=", action);
	err = err ?: env_add(buf, &len, "DEVPATH=", devpath);
	err = err ?: env_add(buf, &len, "SUBSYSTEM=", subsystem);
	for (size_t i = 0; !err && i < nenv; i++)
		err = env_add(buf, &len, env[i], NULL);
	if (err)
		return err;
	n = seqnum_put(net, buf + len, sizeof(buf) - len);
	if (n < 0)
		return n;
	len += (size_t)n;
	/* the protocol's table exists once somebody opened a socket */
	ksk = unl_net_kernel_sock(net, NETLINK_KOBJECT_UEVENT);
	if (!ksk || !unl_has_listeners(ksk, 1))
		return 0;
	return uevent_broadcast(ksk, buf, len, NULL);
}

/* uevent_net_broadcast(): the rest of the datagram from this message's
 * payload on, with "SEQNUM=n" appended, to group 1, credited to the
 * sender. */
static int uevent_net_rcv_skb(struct unl_skb *skb, struct nlmsghdr *nlh,
			      struct unl_ext_ack *extack)
{
	struct unl_sock *from_sk = unl_skb_cb(skb)->sk;
	struct unl_sock *ksk =
		from_sk ? unl_net_kernel_sock(unl_sock_net(from_sk),
					      NETLINK_KOBJECT_UEVENT)
			: NULL;
	const uint8_t *end = unl_skb_data(skb) + unl_skb_len(skb);
	const uint8_t *from = (const uint8_t *)nlh;
	char buf[UEVENT_BUFFER_SIZE];
	size_t rest = (size_t)(end - from);
	int n;

	if (!ksk)
		return -ECONNREFUSED;
	/* Linux asks for CAP_SYS_ADMIN over the net's user namespace */
	if (!unl_skb_capable(skb, CAP_SYS_ADMIN)) {
		UNL_SET_ERR_MSG(extack, "missing CAP_SYS_ADMIN capability");
		return -EPERM;
	}
	if (rest > sizeof(buf))
		goto too_big;
	memcpy(buf, from, rest);
	n = seqnum_put(unl_sock_net(ksk), buf + rest, sizeof(buf) - rest);
	if (n < 0)
		goto too_big;
	return uevent_broadcast(ksk, buf + NLMSG_HDRLEN,
				rest + (size_t)n - NLMSG_HDRLEN,
				&unl_skb_cb(skb)->creds);
too_big:
	UNL_SET_ERR_MSG(extack, "uevent message too big");
	return -EINVAL;
}

static void uevent_net_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, uevent_net_rcv_skb);
}

static void uevent_net_exit(struct unl_net *net)
{
	unl_kernel_release(unl_net_kernel_sock(net, NETLINK_KOBJECT_UEVENT));
}

int uevent_net_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.groups = 1,
		.input = uevent_net_rcv,
		.flags = UNL_CFG_F_NONROOT_RECV,
	};
	struct unl_sock *ksk;
	int err = unl_kernel_create(net, NETLINK_KOBJECT_UEVENT, &cfg, &ksk);

	if (err)
		return err;
	net_set_fini(net, NETLINK_KOBJECT_UEVENT, uevent_net_exit);
	return 0;
}
