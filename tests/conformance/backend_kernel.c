// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The oracle: real AF_NETLINK sockets in a fresh network namespace.
 * A handle is the file descriptor plus one, so that fd 0 is not NULL.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <unistd.h>

#include "backend.h"

static int fd_of(void *sk)
{
	return (int)(intptr_t)sk - 1;
}

/* The one place where libc's -1/errno becomes -errno. */
static long sys_ret(long ret)
{
	return ret < 0 ? -errno : ret;
}

static int kernel_open(struct conf_backend *be, const char **why)
{
	(void)be;
	if (unshare(CLONE_NEWNET) < 0) {
		*why = errno == EPERM ? "unshare(CLONE_NEWNET) not permitted"
				      : "unshare(CLONE_NEWNET) failed";
		return 1;
	}
	return 0;
}

void sysb_fini(struct conf_backend *be)
{
	(void)be;
}

int sysb_socket(struct conf_backend *be, int type, int protocol,
			 void **sk)
{
	int fd = socket(AF_NETLINK, type, protocol);

	(void)be;
	if (fd < 0)
		return -errno;
	*sk = (void *)(intptr_t)(fd + 1);
	return 0;
}

int sysb_close(struct conf_backend *be, void *sk)
{
	(void)be;
	return (int)sys_ret(close(fd_of(sk)));
}

int sysb_bind(struct conf_backend *be, void *sk,
		       const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(bind(fd_of(sk), addr, len));
}

int sysb_connect(struct conf_backend *be, void *sk,
			  const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(connect(fd_of(sk), addr, len));
}

int sysb_getsockname(struct conf_backend *be, void *sk,
			      struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockname(fd_of(sk), addr, len));
}

int sysb_getpeername(struct conf_backend *be, void *sk,
			      struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getpeername(fd_of(sk), addr, len));
}

ssize_t sysb_sendmsg(struct conf_backend *be, void *sk,
			      const struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(sendmsg(fd_of(sk), msg, flags));
}

ssize_t sysb_sendto(struct conf_backend *be, void *sk,
			     const void *buf, size_t len, int flags,
			     const struct sockaddr *addr, socklen_t addrlen)
{
	(void)be;
	return sys_ret(sendto(fd_of(sk), buf, len, flags, addr, addrlen));
}

ssize_t sysb_recvmsg(struct conf_backend *be, void *sk,
			      struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(recvmsg(fd_of(sk), msg, flags));
}

int sysb_setsockopt(struct conf_backend *be, void *sk, int level,
			     int name, const void *val, socklen_t len)
{
	(void)be;
	return (int)sys_ret(setsockopt(fd_of(sk), level, name, val, len));
}

int sysb_getsockopt(struct conf_backend *be, void *sk, int level,
			     int name, void *val, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockopt(fd_of(sk), level, name, val, len));
}

int sysb_poll(struct conf_backend *be, void *sk, short events,
		       int timeout_ms)
{
	struct pollfd p = { .fd = fd_of(sk), .events = events };
	int ret;

	(void)be;
	ret = poll(&p, 1, timeout_ms);
	if (ret < 0)
		return -errno;
	return ret ? p.revents : 0;
}

/* The operations above are plain system calls: the shim target (under
 * `unetlink run`) shares them (backend.h). */
const struct conf_backend_ops conf_backend_kernel = {
	.name = "kernel",
	.open = kernel_open,
	.fini = sysb_fini,
	.socket = sysb_socket,
	.close = sysb_close,
	.bind = sysb_bind,
	.connect = sysb_connect,
	.getsockname = sysb_getsockname,
	.getpeername = sysb_getpeername,
	.sendmsg = sysb_sendmsg,
	.sendto = sysb_sendto,
	.recvmsg = sysb_recvmsg,
	.setsockopt = sysb_setsockopt,
	.getsockopt = sysb_getsockopt,
	.poll = sysb_poll,
	.netns = sysb_netns,
};

/* setns() into a handle, or unshare() and a handle on the new net (the
 * first new one also keeps one on the net the run started in). */
int sysb_netns(struct conf_backend *be, bool make, int idx)
{
	int fd;

	(void)be;
	if (!make)
		return (int)sys_ret(setns(CONF_NETNS_FD + idx, CLONE_NEWNET));
	if (fcntl(CONF_NETNS_FD, F_GETFD) < 0) {
		fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, CONF_NETNS_FD) < 0)
			return -errno;
		close(fd);
	}
	if (unshare(CLONE_NEWNET) < 0)
		return -errno;
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, CONF_NETNS_FD + idx) < 0)
		return -errno;
	close(fd);
	return 0;
}
