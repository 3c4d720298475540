/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What both front ends (the shim's recvmsg() and the seccomp
 * supervisor's) need to hand a datagram's control messages to a
 * program as netlink_recvmsg() does.
 */
#ifndef UNETLINK_WIRE_CMSG_H
#define UNETLINK_WIRE_CMSG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

/* put_cmsg(): a message that does not fit is cut, and flagged. */
struct unl_cmsg_out {
	unsigned char *p;
	size_t left;
	int *flags;
};

static inline void unl_put_cmsg(struct unl_cmsg_out *o, int level, int type,
				const void *data, size_t len)
{
	struct cmsghdr h = { .cmsg_level = level, .cmsg_type = type };
	size_t cmlen = CMSG_LEN(len), step;

	if (!o->p || o->left < sizeof(h)) {
		*o->flags |= MSG_CTRUNC;
		return;
	}
	if (o->left < cmlen) {
		*o->flags |= MSG_CTRUNC;
		cmlen = o->left;
	}
	h.cmsg_len = cmlen;
	memcpy(o->p, &h, sizeof(h));
	memcpy(o->p + CMSG_LEN(0), data, cmlen - CMSG_LEN(0));
	step = CMSG_SPACE(len) < o->left ? CMSG_SPACE(len) : o->left;
	o->p += step;
	o->left -= step;
}

/* netlink_group_mask(): no bit for a group above 32. */
static inline uint32_t unl_nl_group_mask(uint32_t group)
{
	return group && group <= 32 ? 1u << (group - 1) : 0;
}

#endif
