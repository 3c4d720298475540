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

#include <arpa/inet.h>
#include <unetlink/uevent.h>

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

/* ---- injection (unetlink/uevent.h) ---- */

/* udevd's buffer for one message (sd-device's monitor) */
#define UDEV_BUFFER_SIZE 8192
#define UDEV_MONITOR_MAGIC 0xfeedcafeU

/*
 * libudev's header before the properties of a message to group 2; the
 * numbers a socket filter reads are in network order:
 *
 *   0        8       12            16         20         24
 *   +--------+-------+-------------+----------+----------+-----------+
 *   |libudev\0| magic | header_size | prop_off | prop_len | subsys  ->
 *   +--------+-------+-------------+----------+----------+-----------+
 *   24        28           32               36              40
 *   | devtype  | bloom hi   | bloom lo       | properties...
 */
struct udev_nl_header {
	char prefix[8];
	uint32_t magic;
	uint32_t header_size;
	uint32_t properties_off;
	uint32_t properties_len;
	uint32_t filter_subsystem_hash;
	uint32_t filter_devtype_hash;
	uint32_t filter_tag_bloom_hi;
	uint32_t filter_tag_bloom_lo;
};

/* MurmurHash2 with seed 0, as udev hashes subsystem and devtype for its
 * subscribers' filters (words read in the machine's order). */
static uint32_t murmur2(const char *s, size_t len)
{
	const uint32_t m = 0x5bd1e995;
	const unsigned char *p = (const unsigned char *)s;
	uint32_t h = (uint32_t)len;

	for (; len >= 4; len -= 4, p += 4) {
		uint32_t k;

		memcpy(&k, p, 4);
		k *= m;
		k ^= k >> 24;
		k *= m;
		h = h * m ^ k;
	}
	switch (len) {
	case 3:
		h ^= (uint32_t)p[2] << 16;
		/* fall through */
	case 2:
		h ^= (uint32_t)p[1] << 8;
		/* fall through */
	case 1:
		h ^= p[0];
		h *= m;
	}
	h ^= h >> 13;
	h *= m;
	return h ^ (h >> 15);
}

/* The value of KEY in props, or NULL. */
static const char *prop_get(const char *props, size_t len, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = props; p < props + len; p += strlen(p) + 1)
		if (!strncmp(p, key, kl) && p[kl] == '=')
			return p + kl + 1;
	return NULL;
}

static int prop_hash(const char *props, size_t len, const char *key)
{
	const char *v = prop_get(props, len, key);

	return v ? (int)htonl(murmur2(v, strlen(v))) : 0;
}

/* The message for group (header, properties, SEQNUM) in buf: its
 * length or -errno. */
static int inject_build(struct unl_net *net, unsigned int group,
			const char *props, size_t len, char *buf, size_t room)
{
	const char *action = prop_get(props, len, "ACTION");
	const char *devpath = prop_get(props, len, "DEVPATH");
	struct udev_nl_header h = { .prefix = "libudev" };
	size_t off;
	int n;

	if (!action || !devpath)
		return -EINVAL;
	if (group == UNL_UEVENT_GROUP_KERNEL) {
		n = snprintf(buf, room, "%s@%s", action, devpath);
		if (n < 0 || (size_t)n >= room)
			return -EMSGSIZE;
		off = (size_t)n + 1;
	} else {
		off = sizeof(h);
	}
	if (off + len > room)
		return -EMSGSIZE;
	memcpy(buf + off, props, len);
	off += len;
	if (!prop_get(props, len, "SEQNUM")) {
		n = seqnum_put(net, buf + off, room - off);
		if (n < 0)
			return n == -ENOMEM ? -EMSGSIZE : n;
		off += (size_t)n;
	}
	if (group == UNL_UEVENT_GROUP_UDEV) {
		h.magic = htonl(UDEV_MONITOR_MAGIC);
		h.header_size = sizeof(h);
		h.properties_off = sizeof(h);
		h.properties_len = (uint32_t)(off - sizeof(h));
		h.filter_subsystem_hash =
			(uint32_t)prop_hash(props, len, "SUBSYSTEM");
		h.filter_devtype_hash = (uint32_t)prop_hash(props, len, "DEVTYPE");
		memcpy(buf, &h, sizeof(h));
	}
	return (int)off;
}

int unl_uevent_inject(struct unl_net *net, unsigned int group,
		      uint32_t sender, const char *props, size_t len)
{
	char buf[UDEV_BUFFER_SIZE];
	struct unl_cred creds = { 0 };
	struct unl_skb *skb;
	struct unl_sock *ksk;
	int n, err;

	if ((group != UNL_UEVENT_GROUP_KERNEL &&
	     group != UNL_UEVENT_GROUP_UDEV) ||
	    !len || props[len - 1] != '\0')
		return -EINVAL;
	unl_net_lock(net);
	n = inject_build(net, group, props, len, buf,
			 group == UNL_UEVENT_GROUP_KERNEL ? UEVENT_BUFFER_SIZE
							  : sizeof(buf));
	ksk = unl_net_kernel_sock(net, NETLINK_KOBJECT_UEVENT);
	if (n < 0 || !ksk || !unl_has_listeners(ksk, group)) {
		unl_net_unlock(net);
		return n < 0 ? n : 0;
	}
	skb = unl_skb_alloc((size_t)n);
	if (!skb) {
		unl_net_unlock(net);
		return -ENOMEM;
	}
	memcpy(unl_skb_put(skb, (size_t)n), buf, (size_t)n);
	if (group == UNL_UEVENT_GROUP_UDEV) {
		creds.pid = (int32_t)sender;
		unl_skb_cb(skb)->portid = sender;
	}
	unl_skb_cb(skb)->dst_group = group;
	unl_skb_cb(skb)->creds = creds;
	err = unl_broadcast(ksk, skb, 0, group);
	unl_net_unlock(net);
	return (err == -ENOBUFS || err == -ESRCH) ? 0 : err;
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
