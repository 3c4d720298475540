// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A netlink socket passed with SCM_RIGHTS (docs/seccomp.md, "Passing a
 * socket").  What travels is the data socket of ours: received by the
 * kernel, it lands at the lowest free number, below the range, where
 * no call on it would trap; the program would then hold the bare
 * AF_UNIX data socket.  The filter traps every recvmsg() and
 * recvmmsg(); one on a descriptor below the range that is a unix
 * socket with room for control data is received here, whatever it
 * brings: ours go to the range, the other descriptors to the lowest
 * free numbers, as the kernel puts them, and data, address, control
 * data and flags to the caller.  Receiving here, not looking first and
 * letting the kernel take what was looked at, is what keeps another
 * thread's receive from taking the datagram between the two: the
 * supervisor serves one call at a time, so each datagram goes whole to
 * one caller, as in Linux.  Anything else continues in the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "seccomp/sc-private.h"
#include "wire/cmsg.h"

#ifndef SCM_PIDFD
#define SCM_PIDFD 0x04 /* include/linux/socket.h: SO_PASSPIDFD's pidfd */
#endif
#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD 76 /* asm-generic/socket.h */
#endif

/* The most control data looked at or received (the kernel allows the
 * caller's length, bounded by optmem_max). */
#define SC_SCM_CONTROL_MAX 4096
/* The largest address of a unix socket, with room. */
#define SC_SCM_NAME_MAX 128
/* The most data taken at once: more than a unix datagram can hold
 * (wmem_max), a short read of a stream. */
#define SC_SCM_DATA_MAX (4u << 20)
/* The room that can hold a descriptor: less, and the kernel drops
 * every descriptor that comes (MSG_CTRUNC). */
#define SC_SCM_FD_ROOM CMSG_LEN(sizeof(int))

/* Does this control message hold descriptors (SCM_RIGHTS, or the pidfd
 * SO_PASSPIDFD brings)? */
static bool holds_fds(const struct cmsghdr *h)
{
	return h->cmsg_level == SOL_SOCKET &&
	       (h->cmsg_type == SCM_RIGHTS || h->cmsg_type == SCM_PIDFD);
}

/* Close the descriptors the control data of m brought from the first
 * of its message h on (all of m when h is NULL), from the i-th. */
static void close_from(struct msghdr *m, struct cmsghdr *h, size_t i)
{
	for (h = h ? h : CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h), i = 0) {
		size_t n;

		if (!holds_fds(h))
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			close(fd);
		}
	}
}

static bool is_ours(int fd, size_t i, void *s)
{
	(void)i;
	return sc_sock_of_passed(s, fd) != NULL;
}

/* Would the child's call with these flags wait for a datagram? */
static bool blocking(const struct sc_call *c, int flags)
{
	int fl = fcntl(c->fd, F_GETFL);

	return !(flags & MSG_DONTWAIT) && fl >= 0 && !(fl & O_NONBLOCK);
}

/* The descriptors m brought, installed in the child (ours in the range,
 * a pidfd close-on-exec as pidfd_prepare() makes it) and their numbers
 * put in their place; those that could not be are cut off with
 * MSG_CTRUNC, as the kernel does (scm_detach_fds()). */
static void install_passed(struct sc *s, struct sc_call *c, struct msghdr *m,
			   bool cloexec)
{
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t n;

		if (!holds_fds(h))
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd, got;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			got = sc_child_add(s, c, fd,
					   sc_sock_of_passed(s, fd) != NULL,
					   cloexec || h->cmsg_type == SCM_PIDFD);
			close(fd);
			if (got < 0) {
				close_from(m, h, i + 1);
				h->cmsg_len = CMSG_LEN(i * sizeof(int));
				m->msg_flags |= MSG_CTRUNC;
				/* the later messages' descriptors are lost too:
				 * the kernel stops at the first failure */
				for (struct cmsghdr *k = CMSG_NXTHDR(m, h); k;
				     k = CMSG_NXTHDR(m, k))
					if (holds_fds(k))
						k->cmsg_len = CMSG_LEN(0);
				return;
			}
			memcpy(CMSG_DATA(h) + i * sizeof(int), &got, sizeof(got));
		}
	}
}

/*
 * One datagram received for the child, which asked with hdr (read from
 * the child at at) and flags: the data, the descriptors, then the
 * control data, the address and the header written back.  The data
 * goes first: a fault there drops the descriptors, as
 * unix_dgram_recvmsg() installs them only after the copy.  Nothing
 * queued: SC_PARKED for a call that would wait, else -EAGAIN.
 */
static long receive(struct sc *s, struct sc_call *c, struct msghdr *hdr,
		    uint64_t at, int flags)
{
	bool cloexec = flags & MSG_CMSG_CLOEXEC;
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

	ret = sc_iov_fetch(c, (uint64_t)(uintptr_t)hdr->msg_iov,
			   hdr->msg_iovlen, &iov, &total);
	if (ret)
		return ret;
	if (hdr->msg_name && (int)hdr->msg_namelen < 0) {
		free(iov);
		return -EINVAL;
	}
	if (total > SC_SCM_DATA_MAX)
		total = SC_SCM_DATA_MAX;
	data = malloc(total ? total : 1);
	control = controllen ? calloc(1, controllen) : NULL;
	if (!data || (controllen && !control)) {
		ret = -ENOMEM;
		goto out;
	}
	/* taken only for a caller still there: a killed one would lose
	 * the datagram (a signal's only way out: WAIT_KILLABLE_RECV) */
	if (!sc_id_valid(s, c)) {
		ret = -ENOENT;
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
		    (flags & ~MSG_CMSG_CLOEXEC) | MSG_DONTWAIT |
			    MSG_CMSG_CLOEXEC);
	if (n < 0) {
		ret = errno == EAGAIN && blocking(c, flags) ? SC_PARKED
							     : -errno;
		goto out;
	}
	if (sc_iov_write(c, iov, hdr->msg_iovlen, data,
			 (size_t)n < total ? (size_t)n : total)) {
		close_from(&m, NULL, 0);
		ret = -EFAULT;
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
	if ((m.msg_controllen &&
	     sc_mem_write(c, (uint64_t)(uintptr_t)hdr->msg_control, control,
			  m.msg_controllen)) ||
	    (hdr->msg_name && m.msg_namelen &&
	     sc_mem_write(c, (uint64_t)(uintptr_t)hdr->msg_name, name,
			  m.msg_namelen < sizeof(name) ? m.msg_namelen
						       : sizeof(name))) ||
	    sc_mem_write(c, at, hdr, sizeof(*hdr)))
		ret = -EFAULT;
out:
	free(iov);
	free(data);
	free(control);
	return ret;
}

/* Is c's thread in another user or pid namespace than the supervisor?
 * (Not told: yes.) */
static bool other_namespaces(const struct sc_call *c)
{
	static const char *const kinds[] = { "user", "pid" };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char path[64];
		struct stat mine, its;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i]);
		if (stat(path, &mine) < 0)
			return true;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)c->n.pid,
			 kinds[i]);
		if (stat(path, &its) < 0 || its.st_ino != mine.st_ino ||
		    its.st_dev != mine.st_dev)
			return true;
	}
	return false;
}

/* Credentials a receive on c's socket brings (SO_PASSCRED, SO_PASSPIDFD)
 * are the receiver's view of the sender: its pid in the receiver's pid
 * namespace, its ids in the receiver's user namespace.  Received here,
 * they would be the supervisor's view. */
static bool creds_differ(const struct sc_call *c)
{
	int on = 0;
	socklen_t l = sizeof(on);
	bool passed = getsockopt(c->fd, SOL_SOCKET, SO_PASSCRED, &on, &l) == 0 &&
		      on;

	l = sizeof(on);
	on = 0;
	passed |= getsockopt(c->fd, SOL_SOCKET, SO_PASSPIDFD, &on, &l) == 0 &&
		  on;
	return passed && other_namespaces(c);
}

/* c's descriptor is a unix socket whose receives this file serves: its
 * copy in c->fd.  A stream whose receive waits for more than one byte
 * (MSG_WAITALL, SO_RCVLOWAT) is served only when a socket of ours comes
 * (*peek_only): the supervisor cannot wait for the rest of it; nor is a
 * receive whose credentials the supervisor would see otherwise than the
 * caller (creds_differ()). */
static bool served_unix(struct sc_call *c, int flags, bool *peek_only)
{
	int domain = 0, type = 0, lowat = 1;
	socklen_t l = sizeof(domain);

	if (c->fd < 0)
		c->fd = sc_getfd(c, (int)c->n.data.args[0]);
	if (c->fd < 0 ||
	    getsockopt(c->fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) < 0 ||
	    domain != AF_UNIX)
		return false;
	l = sizeof(type);
	if (getsockopt(c->fd, SOL_SOCKET, SO_TYPE, &type, &l) < 0)
		return false;
	*peek_only = false;
	if (type == SOCK_STREAM) {
		l = sizeof(lowat);
		getsockopt(c->fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, &l);
		*peek_only = (flags & MSG_WAITALL) || lowat > 1;
	}
	*peek_only = *peek_only || creds_differ(c);
	return true;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* recvmmsg() on a unix socket: do_recvmmsg() as msg.c's recv_many()
 * runs it for a socket of ours, one receive() after another. */
static long receive_many(struct sc *s, struct sc_call *c,
			 struct mmsghdr *v, unsigned int vlen, int flags)
{
	const __u64 *a = c->n.data.args;
	long ret = 0;

	if (!c->mm_started && a[4]) {
		struct timespec t;

		if (sc_mem_read(c, a[4], &t, sizeof(t)))
			return -EFAULT;
		if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			return -EINVAL;
		c->mm_end_ns = mono_ns() + (long long)t.tv_sec * 1000000000LL +
			       t.tv_nsec;
	}
	c->mm_started = true;
	while (c->mm_done < vlen) {
		uint64_t at = a[1] + (uint64_t)c->mm_done * sizeof(*v);
		int f = flags & ~MSG_WAITFORONE;
		unsigned int len;

		if ((flags & MSG_WAITFORONE) && c->mm_done)
			f |= MSG_DONTWAIT;
		ret = receive(s, c, &v[c->mm_done].msg_hdr, at, f);
		if (ret == SC_PARKED)
			return ret;
		if (ret < 0)
			break;
		len = (unsigned int)ret;
		ret = 0;
		if (sc_mem_write(c, at + offsetof(struct mmsghdr, msg_len),
				 &len, sizeof(len))) {
			ret = -EFAULT;
			break;
		}
		c->mm_done++;
		if (a[4] && mono_ns() >= c->mm_end_ns)
			break;
	}
	return sc_recv_many_end(s, c, ret);
}

/* recvmmsg() below the range: served when one of its headers has room
 * for a descriptor and the socket is a unix one, else the kernel's. */
static long recv_many(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	unsigned int vlen = (unsigned int)a[2];
	int flags = (int)a[3];
	struct mmsghdr *v;
	bool room = false, peek_only;
	long ret;

	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	if (!vlen || (flags & MSG_ERRQUEUE))
		return SC_CONTINUE;
	v = malloc(vlen * sizeof(*v));
	if (!v)
		return -ENOMEM;
	/* the kernel reads each header as it goes: one that cannot be read
	 * fails that datagram's receive; served from the first, it is
	 * read again here at each turn */
	if (sc_mem_read(c, a[1], v, vlen * sizeof(*v))) {
		free(v);
		return SC_CONTINUE;
	}
	for (unsigned int i = c->mm_done; i < vlen && !room; i++)
		room = v[i].msg_hdr.msg_controllen >= SC_SCM_FD_ROOM;
	if ((!room && !c->mm_started) || !served_unix(c, flags, &peek_only) ||
	    (peek_only && !c->mm_started)) {
		free(v);
		return SC_CONTINUE;
	}
	ret = receive_many(s, c, v, vlen, flags);
	free(v);
	return ret;
}

long sc_scm_recv(struct sc *s, struct sc_call *c)
{
	int flags = (int)c->n.data.args[2];
	struct msghdr hdr;
	bool peek_only;
	int ours;

	if (c->n.data.nr == __NR_recvmmsg)
		return recv_many(s, c);
	/* the cheapest look first: no room for a descriptor, none comes;
	 * an error queue brings none */
	if ((flags & MSG_ERRQUEUE) ||
	    sc_mem_read(c, c->n.data.args[1], &hdr, sizeof(hdr)) ||
	    hdr.msg_controllen < SC_SCM_FD_ROOM ||
	    !served_unix(c, flags, &peek_only))
		return SC_CONTINUE;
	if (!peek_only)
		return receive(s, c, &hdr, c->n.data.args[1], flags);
	ours = unl_scm_peek_any(c->fd,
				hdr.msg_controllen < SC_SCM_CONTROL_MAX
					? hdr.msg_controllen
					: SC_SCM_CONTROL_MAX,
				is_ours, s);
	if (ours == -EAGAIN && blocking(c, flags))
		return SC_PARKED; /* woken when something comes */
	if (ours <= 0)
		return SC_CONTINUE;
	return receive(s, c, &hdr, c->n.data.args[1], flags);
}
