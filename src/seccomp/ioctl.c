// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket ioctls about devices, routes, ARP, bridges and ethtool, on any
 * socket of the child (docs/seccomp.md, "Device ioctls"): UNL_OP_IOCTL
 * as the shim sends it (src/shim/ioctl.c), the argument's shape from
 * src/wire/ioctl-shape.c, read from and written to the child's memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "seccomp/sc-private.h"
#include "wire/ioctl-shape.h"

static int read_child(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return sc_mem_read(ctx, addr, buf, len);
}

/* The answer back into the child: the argument, what its pointer
 * names.  0 or -EFAULT. */
static int write_back(const struct sc_call *c, unsigned long req,
		      const struct unl_ioctl_shape *sh, unsigned char *rep,
		      int ret)
{
	size_t arg_out, ind_out;

	unl_ioctl_reply(req, sh, rep, ret, &arg_out, &ind_out);
	if (sc_mem_write(c, c->n.data.args[2], rep, arg_out) ||
	    (ind_out && sc_mem_write(c, sh->ind, rep + sh->arg_len, ind_out)))
		return -EFAULT;
	return 0;
}

/* One request: read, forwarded in the process's net (netns.c), written
 * back. */
static long dev_call(struct sc *s, struct sc_call *c, int family,
		     unsigned long req)
{
	unsigned char argbuf[UNL_WIRE_IOCTL_MAX_ARG], *ind = NULL, *rbuf;
	/* on a socket of ours, in its net (wire.h) */
	struct unl_wire_req wreq = { .op = UNL_OP_IOCTL, .a0 = family,
				     .a1 = (int32_t)req,
				     .sock = c->sk ? c->sk->id : 0 };
	struct unl_wire_rep rep;
	struct unl_ioctl_shape sh;
	struct unl_wire_ioctl h;
	struct iovec v[3];
	size_t cap;
	int net = -1;
	long ret;

	if (unl_ioctl_shape_of(family, req, c->n.data.args[2], read_child,
			       (void *)c, argbuf, &sh))
		return -EFAULT;
	h = (struct unl_wire_ioctl){ .arg_len = (uint32_t)sh.arg_len,
				     .ptr_off = sh.ptr_off,
				     .ind_len = (uint32_t)sh.ind_len,
				     .ind_cap = (uint32_t)sh.ind_cap };
	cap = sh.arg_len + sh.ind_cap;
	rbuf = malloc(cap ? cap : 1);
	if (sh.ind && sh.ind_len)
		ind = malloc(sh.ind_len);
	ret = -ENOMEM;
	if (!rbuf || (sh.ind && sh.ind_len && !ind))
		goto out;
	ret = -EFAULT;
	if (ind && sc_mem_read(c, sh.ind, ind, sh.ind_len))
		goto out;
	v[0] = (struct iovec){ &h, sizeof(h) };
	v[1] = (struct iovec){ argbuf, sh.arg_len };
	v[2] = (struct iovec){ ind, ind ? sh.ind_len : 0 };
	/* The thread may be gone (a signal): do not act for it. */
	ret = -EINTR;
	if (!sc_id_valid(s, c))
		goto out;
	ret = unl_sc_wire_call(s->conn, &wreq, v, 3, sc_net_of(s, c, &net),
			       &rep, rbuf, cap, NULL, 0);
	if (ret == 0)
		ret = rep.ret;
	if (ret >= 0 && rep.len != cap)
		ret = -EPROTO;
	/* a result that reached the child is given again at a restart
	 * (sc_answer()) */
	if (ret >= 0 && sc_id_valid(s, c)) {
		if (write_back(c, req, &sh, rbuf, (int)ret))
			ret = -EFAULT;
		else
			c->acted = true;
	}
out:
	if (net >= 0)
		close(net);
	free(ind);
	free(rbuf);
	return ret;
}

/*
 * ioctl() with a request the daemon answers (unl_ioctl_forwarded()), on
 * c->fd: on a socket, ours (netlink) or the kernel's, the daemon runs
 * it; any other file answers for itself, in the kernel.
 */
long sc_dev_ioctl(struct sc *s, struct sc_call *c)
{
	unsigned long req = (unsigned int)c->n.data.args[1];
	int family;
	socklen_t l = sizeof(family);

	if (getsockopt(c->fd, SOL_SOCKET, SO_DOMAIN, &family, &l) < 0)
		return SC_CONTINUE;
	if (c->sk)
		family = AF_NETLINK;
	return dev_call(s, c, family, req);
}
