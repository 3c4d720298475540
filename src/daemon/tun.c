// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /dev/net/tun files of clients (wire.h, "Tun files"): each is a
 * unl_file of the core ("net/tun") in the client's net, held open while
 * any copy of the client's end lives.
 */
#include <errno.h>

#include <linux/capability.h>
#include <linux/if_tun.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/daemon-private.h"
#include "wire/tun-shape.h"

#define TUN_MAX_ARG 256 /* the largest argument a tun request points to */

/* The pair: our end bound to the tun address, non-blocking. */
static int tun_pair(struct ud_daemon *d, int sv[2])
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int len;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	len = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
		       UNL_TUN_ADDR_PREFIX "%d.%" PRIu64, (int)getpid(),
		       ++d->tun_serial);
	if (bind(sv[0], (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			     (size_t)len)) < 0) {
		int err = -errno;

		close(sv[0]);
		close(sv[1]);
		return err;
	}
	return 0;
}

static void tun_link(struct ud_daemon *d, struct ud_tun *t)
{
	t->next = d->tuns;
	if (d->tuns)
		d->tuns->prev = t;
	d->tuns = t;
}

static void tun_unlink(struct ud_daemon *d, struct ud_tun *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		d->tuns = t->next;
	if (t->next)
		t->next->prev = t->prev;
}

/* open(): a file of net n, its client end in *client_fd. */
static int tun_new(struct ud_daemon *d, struct ud_net *n, int *client_fd)
{
	struct ud_tun *t = calloc(1, sizeof(*t));
	socklen_t l = sizeof(t->cookie);
	int sv[2], err;

	if (!t)
		return -ENOMEM;
	err = unl_file_open(n->net, "net/tun", &t->file);
	if (!err)
		err = tun_pair(d, sv);
	if (err)
		goto fail;
	t->h.kind = UD_TUN;
	t->d = d;
	t->fd = sv[0];
	if (getsockopt(sv[1], SOL_SOCKET, SO_COOKIE, &t->cookie, &l) < 0)
		err = -errno;
	if (!err)
		err = ud_map_put(&d->tun_by_cookie, t->cookie, t);
	if (!err && (err = ud_epoll_set(d, t->fd, &t->h,
					EPOLLIN | EPOLLRDHUP, true)))
		ud_map_del(&d->tun_by_cookie, t->cookie);
	if (err) {
		close(sv[0]);
		close(sv[1]);
		goto fail;
	}
	t->net = n;
	ud_net_hold(n);
	tun_link(d, t);
	*client_fd = sv[1];
	return 0;
fail:
	unl_file_close(t->file);
	free(t);
	return err;
}

/* The last copy of the client's end closed: the file closes (the
 * device goes unless it persists). */
static void tun_close(struct ud_tun *t)
{
	struct ud_daemon *d = t->d;

	if (t->closed)
		return;
	t->closed = true;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, t->fd, NULL);
	close(t->fd);
	t->fd = -1;
	ud_map_del(&d->tun_by_cookie, t->cookie);
	tun_unlink(d, t);
	unl_file_close(t->file);
	t->file = NULL;
	ud_net_put(d, t->net);
	t->net = NULL;
	t->grave = d->grave_tun;
	d->grave_tun = t;
}

/* What the client wrote: packets the device receives. */
static void tun_drain(struct ud_tun *t)
{
	char buf[1];
	ssize_t n;

	while ((n = recv(t->fd, buf, sizeof(buf),
			 MSG_DONTWAIT | MSG_TRUNC)) >= 0) {
		if (n == 0)
			break;
		/* what write() would have returned is lost: a socket
		 * took the packet (docs/conformance.md) */
		unl_file_write(t->file, (size_t)n, (uint8_t)buf[0]);
	}
}

void ud_tun_event(struct ud_tun *t, uint32_t events)
{
	if (events & EPOLLIN)
		tun_drain(t);
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR))
		tun_close(t);
}

void ud_tun_free(struct ud_tun *t)
{
	free(t);
}

void ud_tuns_teardown(struct ud_daemon *d)
{
	while (d->tuns)
		tun_close(d->tuns);
	ud_map_free(&d->tun_by_cookie);
}

static void op_open(struct ud_conn *c, int *fds, int nfds)
{
	struct ud_net *n = c->d->init;
	int err = 0, fd;

	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (n)
		err = tun_new(c->d, n, &fd);
	if (!n || err) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	ud_reply(c, 0, NULL, 0, &fd, 1);
}

/* The file a client end names, by the socket's cookie; closes fd. */
static struct ud_tun *tun_of(struct ud_daemon *d, int fd)
{
	uint64_t cookie = 0;
	socklen_t l = sizeof(cookie);
	struct ud_tun *t = NULL;

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &l) == 0 && cookie)
		t = ud_map_get(&d->tun_by_cookie, cookie);
	close(fd);
	return t && !t->closed ? t : NULL;
}

/* Is the payload the whole argument of request req (wire/tun-shape.h)? */
static bool tun_arg_whole(unsigned long req, const unsigned char *payload,
			  size_t plen)
{
	struct tun_filter h;

	if (req == TUNSETTXFILTER) {
		if (plen < sizeof(h))
			return false;
		memcpy(&h, payload, sizeof(h));
		return plen == sizeof(h) + (size_t)h.count * ETH_ALEN &&
		       plen <= UNL_TUN_TXFILTER_MAX;
	}
	return plen == unl_tun_arg_len(req);
}

static void op_ioctl(struct ud_conn *c, const struct unl_wire_req *req,
		     const unsigned char *payload, size_t plen, int *fds,
		     int nfds)
{
	unsigned char arg[TUN_MAX_ARG] = { 0 };
	struct unl_cred cred;
	struct ud_tun *t = nfds == 1 ? tun_of(c->d, fds[0]) : NULL;
	void *p = arg;
	int ret;

	if (!t || plen > sizeof(arg)) {
		ud_reply(c, t ? -EINVAL : -EBADF, NULL, 0, NULL, 0);
		return;
	}
	/* TUNGETDEVNETNS: a handle of the attached device's net
	 * (open_related_ns()), for an administrator of it; the device is
	 * in the net the file was opened in (docs/conformance.md) */
	if ((unsigned long)(uint32_t)req->a0 == (unsigned long)TUNGETDEVNETNS) {
		int fd = -1;

		/* the model says whether a device is attached (EBADFD) */
		ud_cred_in_net(c, t->net, &cred);
		ret = unl_file_ioctl(t->file, &cred, TUNGETDEVNETNS, NULL);
		if (!ret)
			ret = cred.caps & UNL_CAP(CAP_NET_ADMIN)
				      ? ud_nsh_give(c->d, t->net, &fd)
				      : -EPERM;
		ud_reply(c, ret, NULL, 0, ret ? NULL : &fd, !ret);
		return;
	}
	/* What a request points to must be all there, as the kernel's
	 * copy_from_user() would find it: a front end that sent less (or a
	 * TUNSETTXFILTER whose count says more than it carries) gets the
	 * kernel's EFAULT, and nothing is read past the payload. */
	if (!tun_arg_whole((uint32_t)req->a0, payload, plen)) {
		ud_reply(c, -EFAULT, NULL, 0, NULL, 0);
		return;
	}
	memcpy(arg, payload, plen);
	if (!plen) /* an integer argument */
		p = (void *)(uintptr_t)((uint64_t)(uint32_t)req->a1 |
					(uint64_t)(uint32_t)req->a2 << 32);
	ud_cred_in_net(c, t->net, &cred);
	ret = unl_file_ioctl(t->file, &cred, (uint32_t)req->a0, p);
	ud_reply(c, ret, arg, plen, NULL, 0);
}

void ud_tun_op(struct ud_conn *c, const struct unl_wire_req *req,
	       const unsigned char *payload, size_t plen, int *fds, int nfds)
{
	if (req->op == UNL_OP_TUN_OPEN)
		op_open(c, fds, nfds);
	else
		op_ioctl(c, req, payload, plen, fds, nfds);
}
