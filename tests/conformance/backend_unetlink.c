// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unetlink in process: a fresh struct unl_net per run, sockets acting with
 * the credentials the process has when each socket is created (so a
 * socket created after the privilege drop is unprivileged, as a real
 * socket created then would be).
 */
#include <errno.h>
#include <poll.h>

#include <unetlink/net.h>

#include "backend.h"

static int unl_open(struct conf_backend *be, const char **why)
{
	struct unl_net *net = NULL;
	int ret;

	(void)why;
	ret = unl_net_new(&net);
	if (ret < 0)
		return ret;
	be->priv = net;
	return 0;
}

static void unl_fini(struct conf_backend *be)
{
	if (be->priv)
		unl_net_free(be->priv);
	be->priv = NULL;
}

static int unl_b_socket(struct conf_backend *be, int type, int protocol,
			void **sk)
{
	struct unl_cred cred;
	struct unl_sock *s = NULL;
	int ret;

	unl_cred_from_process(&cred);
	ret = unl_socket(be->priv, type, protocol, &cred, &s);
	if (ret < 0)
		return ret;
	*sk = s;
	return 0;
}

static int unl_b_close(struct conf_backend *be, void *sk)
{
	(void)be;
	return unl_close(sk);
}

static int unl_b_bind(struct conf_backend *be, void *sk,
		      const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return unl_bind(sk, addr, len);
}

static int unl_b_connect(struct conf_backend *be, void *sk,
			 const struct sockaddr *addr, socklen_t len)
{
	(void)be;
	return unl_connect(sk, addr, len);
}

static int unl_b_getsockname(struct conf_backend *be, void *sk,
			     struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return unl_getsockname(sk, addr, len);
}

static int unl_b_getpeername(struct conf_backend *be, void *sk,
			     struct sockaddr *addr, socklen_t *len)
{
	(void)be;
	return unl_getpeername(sk, addr, len);
}

static ssize_t unl_b_sendmsg(struct conf_backend *be, void *sk,
			     const struct msghdr *msg, int flags)
{
	(void)be;
	return unl_sendmsg(sk, msg, flags);
}

static ssize_t unl_b_sendto(struct conf_backend *be, void *sk,
			    const void *buf, size_t len, int flags,
			    const struct sockaddr *addr, socklen_t addrlen)
{
	(void)be;
	return unl_sendto(sk, buf, len, flags, addr, addrlen);
}

static ssize_t unl_b_recvmsg(struct conf_backend *be, void *sk,
			     struct msghdr *msg, int flags)
{
	(void)be;
	return unl_recvmsg(sk, msg, flags);
}

static int unl_b_setsockopt(struct conf_backend *be, void *sk, int level,
			    int name, const void *val, socklen_t len)
{
	(void)be;
	return unl_setsockopt(sk, level, name, val, len);
}

static int unl_b_getsockopt(struct conf_backend *be, void *sk, int level,
			    int name, void *val, socklen_t *len)
{
	(void)be;
	return unl_getsockopt(sk, level, name, val, len);
}

/*
 * unl_poll() reports readiness now.  The process is single threaded, so
 * nothing could change during a wait: a timeout is simply not waited for.
 */
static int unl_b_poll(struct conf_backend *be, void *sk, short events,
		      int timeout_ms)
{
	int mask;

	(void)be;
	(void)timeout_ms;
	mask = unl_poll(sk);
	if (mask < 0)
		return mask;
	return mask & (events | POLLERR | POLLHUP | POLLNVAL);
}

const struct conf_backend_ops conf_backend_unetlink = {
	.name = "unetlink",
	.open = unl_open,
	.fini = unl_fini,
	.socket = unl_b_socket,
	.close = unl_b_close,
	.bind = unl_b_bind,
	.connect = unl_b_connect,
	.getsockname = unl_b_getsockname,
	.getpeername = unl_b_getpeername,
	.sendmsg = unl_b_sendmsg,
	.sendto = unl_b_sendto,
	.recvmsg = unl_b_recvmsg,
	.setsockopt = unl_b_setsockopt,
	.getsockopt = unl_b_getsockopt,
	.poll = unl_b_poll,
};
