/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What both front ends (the shim's recvmsg() and the seccomp
 * supervisor's) need to hand a datagram's control messages to a
 * program as netlink_recvmsg() does.
 */
#ifndef UNETLINK_WIRE_CMSG_H
#define UNETLINK_WIRE_CMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

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

/* Each descriptor the SCM_RIGHTS messages of m brought, in order:
 * fn(fd, i, arg), i its place in its own control message.  Stops at the
 * first fn that returns true, and returns true then. */
static inline bool unl_scm_each_fd(const struct msghdr *m,
				   bool (*fn)(int fd, size_t i, void *arg),
				   void *arg)
{
	struct msghdr *mm = (struct msghdr *)m;

	if (!m->msg_control || m->msg_controllen < sizeof(struct cmsghdr))
		return false;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(mm); h; h = CMSG_NXTHDR(mm, h)) {
		size_t n;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			if (fn(fd, i, arg))
				return true;
		}
	}
	return false;
}

static inline bool unl_scm_close_one(int fd, size_t i, void *arg)
{
	(void)i, (void)arg;
	close(fd);
	return false;
}

/* Does what is queued first on sock bring a descriptor fn says true
 * of?  Its control part is peeked (controllen bytes at most, nothing
 * taken), each descriptor it brought given to fn and then closed.
 * 1, 0, or -errno (-EAGAIN: nothing is queued). */
static inline int unl_scm_peek_any(int sock, size_t controllen,
				   bool (*fn)(int fd, size_t i, void *arg),
				   void *arg)
{
	char *control = (char *)calloc(1, controllen);
	char byte;
	struct iovec v = { &byte, 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = control,
			    .msg_controllen = controllen };
	int found;

	if (!control)
		return -ENOMEM;
	if (recvmsg(sock, &m, MSG_PEEK | MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0) {
		found = -errno;
		free(control);
		return found;
	}
	found = unl_scm_each_fd(&m, fn, arg);
	unl_scm_each_fd(&m, unl_scm_close_one, NULL);
	free(control);
	return found;
}

/* netlink_group_mask(): no bit for a group above 32. */
static inline uint32_t unl_nl_group_mask(uint32_t group)
{
	return group && group <= 32 ? 1u << (group - 1) : 0;
}

#endif
