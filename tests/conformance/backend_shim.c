// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The third target: the same system calls as backend_kernel.c, made by a
 * process that runs under `unetlink run`, so that the preload shim turns
 * each AF_NETLINK socket into a connection to a daemon of its own.
 *
 * The harness does not call these in its own forked child as it does for
 * the others (its process has no shim): it re-executes itself as
 *
 *   unetlink run --shared --socket DIR/socket -- conformance --shim-child FD SCN
 *
 * with a fresh DIR per scenario (a fresh daemon: the counterpart of the
 * kernel run's fresh network namespace), and that process runs the
 * scenario with these operations, streaming its transcript to FD.
 * --shared lets the scenario's `unpriv` step (uid 65534) still reach the
 * daemon; rights come from the client's uid, as in the kernel they come
 * from the caller's capabilities.
 *
 * A handle is the file descriptor plus one, so that fd 0 is not NULL.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
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

static int shim_open(struct conf_backend *be, const char **why)
{
	const char *pre = getenv("LD_PRELOAD");

	(void)be;
	if (!getenv("UNETLINK_SOCKET") || !pre || !*pre) {
		*why = "not running under unetlink run";
		return 1;
	}
	return 0;
}

static void shim_fini(struct conf_backend *be)
{
	(void)be;
}

static int shim_socket(struct conf_backend *be, int type, int protocol,
		       void **sk)
{
	int fd = socket(AF_NETLINK, type, protocol);

	(void)be;
	if (fd < 0)
		return -errno;
	*sk = (void *)(intptr_t)(fd + 1);
	return 0;
}

static int shim_close(struct conf_backend *be, void *sk)
{
	(void)be;
	return (int)sys_ret(close(fd_of(sk)));
}

static int shim_bind(struct conf_backend *be, void *sk,
		     const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(bind(fd_of(sk), addr, len));
}

static int shim_connect(struct conf_backend *be, void *sk,
			const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return (int)sys_ret(connect(fd_of(sk), addr, len));
}

static int shim_getsockname(struct conf_backend *be, void *sk,
			    struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockname(fd_of(sk), addr, len));
}

static int shim_getpeername(struct conf_backend *be, void *sk,
			    struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getpeername(fd_of(sk), addr, len));
}

static ssize_t shim_sendmsg(struct conf_backend *be, void *sk,
			    const struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(sendmsg(fd_of(sk), msg, flags));
}

static ssize_t shim_sendto(struct conf_backend *be, void *sk,
			   const void *buf, size_t len, int flags,
			   const struct sockaddr *addr, socklen_t addrlen)
{
	(void)be;
	return sys_ret(sendto(fd_of(sk), buf, len, flags, addr, addrlen));
}

static ssize_t shim_recvmsg(struct conf_backend *be, void *sk,
			    struct msghdr *msg, int flags)
{
	(void)be;
	return sys_ret(recvmsg(fd_of(sk), msg, flags));
}

static int shim_setsockopt(struct conf_backend *be, void *sk, int level,
			   int name, const void *val, socklen_t len)
{
	(void)be;
	return (int)sys_ret(setsockopt(fd_of(sk), level, name, val, len));
}

static int shim_getsockopt(struct conf_backend *be, void *sk, int level,
			   int name, void *val, socklen_t *len)
{
	(void)be;
	return (int)sys_ret(getsockopt(fd_of(sk), level, name, val, len));
}

/* poll(2) on the real descriptor the shim gave us: no interposition. */
static int shim_poll(struct conf_backend *be, void *sk, short events,
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

const struct conf_backend_ops conf_backend_shim = {
	.name = "shim",
	.open = shim_open,
	.fini = shim_fini,
	.socket = shim_socket,
	.close = shim_close,
	.bind = shim_bind,
	.connect = shim_connect,
	.getsockname = shim_getsockname,
	.getpeername = shim_getpeername,
	.sendmsg = shim_sendmsg,
	.sendto = shim_sendto,
	.recvmsg = shim_recvmsg,
	.setsockopt = shim_setsockopt,
	.getsockopt = shim_getsockopt,
	.poll = shim_poll,
};
