// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unetlink in process: a fresh world with one struct unl_net per run
 * (and one more for each `netns new`), sockets opened
 * with the credentials the process has when each is created, and acting
 * with those it has now: after `unpriv`, `dropcap` or `raisecap` every
 * open socket is told (unl_sock_set_cred), as Linux looks at `current`.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <unetlink/net.h>

#include "backend.h"
#include "scenario.h"

/* The nets (0 the first, cur where sockets are made) and the sockets
 * open in them. */
struct unl_backend {
	struct unl_world *world;
	struct unl_net *nets[CONF_MAX_NETS];
	int cur;
	struct unl_sock **socks;
	size_t nsocks, cap;
};

/* What the kernel's get_net_ns_by_fd() and get_net_ns_by_pid() find:
 * a handle of the run's (CONF_NETNS_FD + its index), and our own pid's
 * current net. */
static struct unl_net *unl_resolve(struct unl_world *w,
				   const struct unl_cred *who, int kind,
				   uint32_t value, int *err, void *user)
{
	struct unl_backend *b = user;

	(void)w;
	(void)who;
	if (kind == UNL_NETNS_BY_PID) {
		if (value == (uint32_t)getpid())
			return b->nets[b->cur];
		*err = -ESRCH;
		return NULL;
	}
	if (value >= CONF_NETNS_FD && value < CONF_NETNS_FD + CONF_MAX_NETS &&
	    b->nets[value - CONF_NETNS_FD])
		return b->nets[value - CONF_NETNS_FD];
	*err = -EBADF;
	return NULL;
}

static int unl_open(struct conf_backend *be, const char **why)
{
	struct unl_backend *b = calloc(1, sizeof(*b));
	int ret;

	(void)why;
	if (!b)
		return -ENOMEM;
	ret = unl_world_new(&b->world);
	if (ret == 0)
		ret = unl_net_new_in(b->world, NULL, &b->nets[0]);
	if (ret < 0) {
		unl_world_free(b->world);
		free(b);
		return ret;
	}
	unl_world_set_resolver(b->world, unl_resolve, b);
	be->priv = b;
	return 0;
}

static int unl_b_netns(struct conf_backend *be, bool make, int idx)
{
	struct unl_backend *b = be->priv;
	int ret;

	if (idx == 0 && !make) {
		b->cur = 0;
		return 0;
	}
	if (idx <= 0 || idx >= CONF_MAX_NETS)
		return -EINVAL;
	if (make) {
		if (b->nets[idx])
			return -EEXIST;
		ret = unl_net_new_in(b->world, NULL, &b->nets[idx]);
		if (ret < 0)
			return ret;
	} else if (!b->nets[idx]) {
		return -EBADF;
	}
	b->cur = idx;
	return 0;
}

static void unl_fini(struct conf_backend *be)
{
	struct unl_backend *b = be->priv;

	if (!b)
		return;
	unl_world_free(b->world);
	free(b->socks);
	free(b);
	be->priv = NULL;
}

static void unl_cred_changed(struct conf_backend *be)
{
	struct unl_backend *b = be->priv;
	struct unl_cred cred;

	unl_cred_from_process(&cred);
	for (size_t i = 0; i < b->nsocks; i++)
		unl_sock_set_cred(b->socks[i], &cred);
}

static int unl_b_socket(struct conf_backend *be, int type, int protocol,
			void **sk)
{
	struct unl_backend *b = be->priv;
	struct unl_cred cred;
	struct unl_sock *s = NULL;
	int ret;

	if (b->nsocks == b->cap) {
		size_t n = b->cap ? b->cap * 2 : 8;
		struct unl_sock **v = realloc(b->socks, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		b->socks = v;
		b->cap = n;
	}
	unl_cred_from_process(&cred);
	ret = unl_socket(b->nets[b->cur], type, protocol, &cred, &s);
	if (ret < 0)
		return ret;
	b->socks[b->nsocks++] = s;
	*sk = s;
	return 0;
}

static int unl_b_close(struct conf_backend *be, void *sk)
{
	struct unl_backend *b = be->priv;

	for (size_t i = 0; i < b->nsocks; i++) {
		if (b->socks[i] == sk) {
			b->socks[i] = b->socks[--b->nsocks];
			break;
		}
	}
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
	.cred_changed = unl_cred_changed,
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
	.netns = unl_b_netns,
};
