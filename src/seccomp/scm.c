// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A netlink socket passed with SCM_RIGHTS (docs/seccomp.md, "Passing a
 * socket").  What travels is the data socket of ours: received by the
 * kernel, it lands at the lowest free number, below the range, where
 * no call on it would trap; the program would then hold the bare
 * AF_UNIX data socket.  The filter traps every recvmsg(); one on a
 * descriptor below the range that is a unix socket with room for
 * control data looks at what is queued (MSG_PEEK) and, when a socket of
 * ours rides on it, receives the datagram here: ours go to the range,
 * the other descriptors to the lowest free numbers, as the kernel puts
 * them, and data, address, control data and flags to the caller.
 * Anything else continues in the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "seccomp/sc-private.h"
#include "wire/cmsg.h"

/* The most control data looked at or received (the kernel allows the
 * caller's length, bounded by optmem_max). */
#define SC_SCM_CONTROL_MAX 4096
/* The largest address of a unix socket, with room. */
#define SC_SCM_NAME_MAX 128
/* The most data taken at once: more than a unix datagram can hold
 * (wmem_max), a short read of a stream. */
#define SC_SCM_DATA_MAX (4u << 20)

static bool close_one(int fd, size_t i, void *arg)
{
	(void)i;
	(void)arg;
	close(fd);
	return false;
}

/* Close the descriptors the control data of m brought. */
static void close_passed(struct msghdr *m)
{
	unl_scm_each_fd(m, close_one, NULL);
}

static bool is_ours(int fd, size_t i, void *s)
{
	(void)i;
	return sc_sock_of_passed(s, fd) != NULL;
}

/* Does the control data of m hold a socket of ours? */
static bool carries_ours(struct sc *s, struct msghdr *m)
{
	return unl_scm_each_fd(m, is_ours, s);
}

/* Would the child's call wait for a datagram? */
static bool blocking(const struct sc_call *c)
{
	int fl = fcntl(c->fd, F_GETFL);

	return !(c->n.data.args[2] & MSG_DONTWAIT) && fl >= 0 &&
	       !(fl & O_NONBLOCK);
}

/* What is queued first carries a socket of ours: 1; not: 0; nothing is
 * queued: -EAGAIN. */
static int peek(struct sc *s, struct sc_call *c, size_t controllen)
{
	char *control = calloc(1, controllen);
	char byte;
	struct iovec v = { &byte, 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = control,
			    .msg_controllen = controllen };
	int ours;

	if (!control)
		return -ENOMEM;
	if (recvmsg(c->fd, &m, MSG_PEEK | MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0) {
		free(control);
		return -errno;
	}
	ours = carries_ours(s, &m);
	close_passed(&m);
	free(control);
	return ours;
}

/* The descriptors m brought, installed in the child (ours in the range)
 * and their numbers put in their place; those that could not be are
 * cut off with MSG_CTRUNC, as the kernel does (scm_detach_fds()). */
static void install_passed(struct sc *s, struct sc_call *c, struct msghdr *m,
			   bool cloexec)
{
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t n;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd, got;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			got = sc_child_add(s, c, fd,
					   sc_sock_of_passed(s, fd) != NULL,
					   cloexec);
			close(fd);
			if (got < 0) {
				for (size_t j = i + 1; j < n; j++) {
					memcpy(&fd, CMSG_DATA(h) + j * sizeof(int),
					       sizeof(fd));
					close(fd);
				}
				h->cmsg_len = CMSG_LEN(i * sizeof(int));
				m->msg_flags |= MSG_CTRUNC;
				break;
			}
			memcpy(CMSG_DATA(h) + i * sizeof(int), &got, sizeof(got));
		}
	}
}

/* The datagram received for the child, which asked with hdr. */
static long receive(struct sc *s, struct sc_call *c, struct msghdr *hdr)
{
	bool cloexec = c->n.data.args[2] & MSG_CMSG_CLOEXEC;
	size_t controllen = hdr->msg_controllen < SC_SCM_CONTROL_MAX
				    ? hdr->msg_controllen
				    : SC_SCM_CONTROL_MAX;
	char name[SC_SCM_NAME_MAX];
	struct iovec *iov = NULL, mine;
	char *control = NULL;
	unsigned char *data = NULL;
	struct msghdr m = { 0 };
	size_t total = 0;
	ssize_t n;
	long ret;

	if (sc_iov_fetch(c, (uint64_t)(uintptr_t)hdr->msg_iov, hdr->msg_iovlen,
			 &iov, &total))
		return -EFAULT;
	if (total > SC_SCM_DATA_MAX)
		total = SC_SCM_DATA_MAX;
	data = malloc(total ? total : 1);
	control = calloc(1, controllen);
	if (!data || !control) {
		ret = -ENOMEM;
		goto out;
	}
	mine = (struct iovec){ data, total };
	m.msg_iov = &mine;
	m.msg_iovlen = 1;
	m.msg_control = control;
	m.msg_controllen = controllen;
	if (hdr->msg_name) {
		m.msg_name = name;
		m.msg_namelen = hdr->msg_namelen < sizeof(name)
					? hdr->msg_namelen
					: (socklen_t)sizeof(name);
	}
	n = recvmsg(c->fd, &m,
		    (int)(c->n.data.args[2] & ~(uint64_t)MSG_CMSG_CLOEXEC) |
			    MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0) {
		ret = errno == EAGAIN && blocking(c) ? SC_PARKED : -errno;
		goto out;
	}
	if (!sc_id_valid(s, c)) {
		close_passed(&m);
		ret = -ENOENT;
		goto out;
	}
	install_passed(s, c, &m, cloexec);
	/* the kernel says MSG_CMSG_CLOEXEC back when it was asked */
	hdr->msg_flags = (m.msg_flags & ~MSG_CMSG_CLOEXEC) |
			 (cloexec ? MSG_CMSG_CLOEXEC : 0);
	hdr->msg_controllen = m.msg_controllen;
	if (hdr->msg_name)
		hdr->msg_namelen = m.msg_namelen;
	ret = n;
	if (sc_iov_write(c, iov, hdr->msg_iovlen, data,
			 (size_t)n < total ? (size_t)n : total) ||
	    (m.msg_controllen &&
	     sc_mem_write(c, (uint64_t)(uintptr_t)hdr->msg_control, control,
			  m.msg_controllen)) ||
	    (hdr->msg_name && m.msg_namelen &&
	     sc_mem_write(c, (uint64_t)(uintptr_t)hdr->msg_name, name,
			  m.msg_namelen < sizeof(name) ? m.msg_namelen
						       : sizeof(name))) ||
	    sc_mem_write(c, c->n.data.args[1], hdr, sizeof(*hdr)))
		ret = -EFAULT;
out:
	free(iov);
	free(data);
	free(control);
	return ret;
}

long sc_scm_recv(struct sc *s, struct sc_call *c)
{
	struct msghdr hdr;
	int domain = 0, ours;
	socklen_t l = sizeof(domain);

	/* the cheapest look first: no room for a descriptor, none comes */
	if (sc_mem_read(c, c->n.data.args[1], &hdr, sizeof(hdr)) ||
	    hdr.msg_controllen < CMSG_LEN(sizeof(int)))
		return SC_CONTINUE;
	if (c->fd < 0)
		c->fd = sc_getfd(c, (int)c->n.data.args[0]);
	if (c->fd < 0 ||
	    getsockopt(c->fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) < 0 ||
	    domain != AF_UNIX)
		return SC_CONTINUE;
	ours = peek(s, c,
		    hdr.msg_controllen < SC_SCM_CONTROL_MAX
			    ? hdr.msg_controllen
			    : SC_SCM_CONTROL_MAX);
	if (ours == -EAGAIN && blocking(c))
		return SC_PARKED; /* woken when something comes */
	if (ours <= 0)
		return SC_CONTINUE;
	return receive(s, c, &hdr);
}
