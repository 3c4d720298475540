// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket ioctls about devices, routes, ARP, bridges and ethtool: never
 * the host kernel's.  Whatever the socket (a netlink one of ours, or an
 * AF_INET, AF_UNIX, AF_PACKET... socket of the kernel), the request goes
 * to the daemon (UNL_OP_IOCTL, wire.h "Ioctls"), which runs it in the
 * calling thread's net.  The shape of each request's argument (how
 * long it is, which pointer in it names more of the caller's memory) is
 * src/wire/ioctl-shape.c's, shared with the seccomp front end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/ioctl-shape.h"

/* The shim's own memory: the caller's.  Read as the kernel reads a
 * user pointer, -EFAULT where nothing is mapped (a request's pointer
 * may be another driver's bytes: bonding's old SIOCDEVPRIVATE requests
 * keep a name where the tunnels keep ifr_data); a plain copy where
 * process_vm_readv() is refused (a seccomp filter, no such call).
 * errno stays as the caller had it. */
static int read_own(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	int saved = errno;
	ssize_t n;

	(void)ctx;
	if (!len)
		return 0;
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
		memcpy(buf, (const void *)(uintptr_t)addr, len);
		n = (ssize_t)len;
	}
	errno = saved;
	return n == (ssize_t)len ? 0 : -EFAULT;
}

/* One request on the wire, in the calling thread's net: the argument
 * as read in argbuf. */
static int ioctl_call(int family, uint32_t sock, unsigned long req,
		      const unsigned char *argbuf,
		      const struct unl_ioctl_shape *s, unsigned char *rep,
		      size_t cap)
{
	struct unl_wire_ioctl h = { .arg_len = (uint32_t)s->arg_len,
				    .ptr_off = s->ptr_off,
				    .ind_len = (uint32_t)s->ind_len,
				    .ind_cap = (uint32_t)s->ind_cap };
	void *ind = (void *)(uintptr_t)s->ind;
	struct shim_nsref *net = shim_ns_current();
	struct shim_call c;
	struct iovec v[3] = { { &h, sizeof(h) },
			      { (void *)argbuf, s->arg_len },
			      { ind, ind ? s->ind_len : 0 } };
	int cs, ret;

	shim_call_init(&c, UNL_OP_IOCTL, NULL);
	c.req.a0 = family;
	c.req.a1 = (int32_t)req;
	/* on a socket of ours, in its net (wire.h) */
	c.req.sock = sock;
	c.head[0] = v[0];
	c.head[1] = v[1];
	c.iov = &v[2];
	c.iovcnt = 1;
	c.datalen = v[2].iov_len;
	c.fd_in = shim_ns_fd(net);
	c.record = true;
	c.rbuf = rep;
	c.rcap = cap;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret >= 0 && c.rgot != s->arg_len + s->ind_cap)
		return -EPROTO;
	return ret;
}

int shim_dev_ioctl(int fd, unsigned long req, void *arg)
{
	unsigned char argbuf[UNL_WIRE_IOCTL_MAX_ARG];
	struct shim_sock *sk;
	uint32_t sock = 0;
	int family;
	socklen_t l = sizeof(family);
	unsigned char *rep;
	struct unl_ioctl_shape s;
	size_t cap, arg_out, ind_out;
	int ret;

	if (!unl_ioctl_forwarded(req))
		return 1;
	/* sock_ioctl() is the socket's: other files answer for
	 * themselves */
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &l) < 0)
		return 1;
	sk = shim_table_has(fd) ? shim_sock_get(fd) : NULL;
	if (sk) {
		family = AF_NETLINK;
		sock = sk->id;
		shim_sock_put(sk);
	}
	if (unl_ioctl_shape_of(family, req, (uint64_t)(uintptr_t)arg,
			       read_own, NULL, argbuf, &s))
		return -EFAULT;
	cap = s.arg_len + s.ind_cap;
	rep = malloc(cap ? cap : 1);
	if (!rep)
		return -ENOMEM;
	ret = ioctl_call(family, sock, req, argbuf, &s, rep, cap);
	if (ret >= 0) {
		unl_ioctl_reply(req, &s, rep, ret, &arg_out, &ind_out);
		memcpy(arg, rep, arg_out);
		if (ind_out)
			memcpy((void *)(uintptr_t)s.ind, rep + s.arg_len,
			       ind_out);
	}
	free(rep);
	return ret;
}
