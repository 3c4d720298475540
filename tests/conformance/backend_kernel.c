// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The oracle: real AF_NETLINK sockets in a fresh network namespace.
 * A handle is the file descriptor plus one, so that fd 0 is not NULL.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
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

static void kernel_fini(struct conf_backend *be)
{
	(void)be;
}

static int kernel_socket(struct conf_backend *be, int type, int protocol,
			 void **sk)
{
	int fd = socket(AF_NETLINK, type, protocol);

	(void)be;
	if (fd < 0)
		return -errno;
	*sk = (void *)(intptr_t)(fd + 1);
	return 0;
}

static int kernel_close(struct conf_backend *be, void *sk)
{
	(void)be;
	return (int)sys_ret(close(fd_of(sk)));
}

static int kernel_bind(struct conf_backend *be, void *sk,
		       const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(bind(fd_of(sk), addr, len));
}

static int kernel_connect(struct conf_backend *be, void *sk,
			  const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(connect(fd_of(sk), addr, len));
}

static int kernel_getsockname(struct conf_backend *be, void *sk,
			      struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockname(fd_of(sk), addr, len));
}

static int kernel_getpeername(struct conf_backend *be, void *sk,
			      struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getpeername(fd_of(sk), addr, len));
}

static ssize_t kernel_sendmsg(struct conf_backend *be, void *sk,
			      const struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(sendmsg(fd_of(sk), msg, flags));
}

static ssize_t kernel_sendto(struct conf_backend *be, void *sk,
			     const void *buf, size_t len, int flags,
			     const struct sockaddr *addr, socklen_t addrlen)
{
	(void)be;
	return sys_ret(sendto(fd_of(sk), buf, len, flags, addr, addrlen));
}

static ssize_t kernel_recvmsg(struct conf_backend *be, void *sk,
			      struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(recvmsg(fd_of(sk), msg, flags));
}

static int kernel_setsockopt(struct conf_backend *be, void *sk, int level,
			     int name, const void *val, socklen_t len)
{
	(void)be;
	return (int)sys_ret(setsockopt(fd_of(sk), level, name, val, len));
}

static int kernel_getsockopt(struct conf_backend *be, void *sk, int level,
			     int name, void *val, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockopt(fd_of(sk), level, name, val, len));
}

static int kernel_poll(struct conf_backend *be, void *sk, short events,
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

const struct conf_backend_ops conf_backend_kernel = {
	.name = "kernel",
	.open = kernel_open,
	.fini = kernel_fini,
	.socket = kernel_socket,
	.close = kernel_close,
	.bind = kernel_bind,
	.connect = kernel_connect,
	.getsockname = kernel_getsockname,
	.getpeername = kernel_getpeername,
	.sendmsg = kernel_sendmsg,
	.sendto = kernel_sendto,
	.recvmsg = kernel_recvmsg,
	.setsockopt = kernel_setsockopt,
	.getsockopt = kernel_getsockopt,
	.poll = kernel_poll,
};
