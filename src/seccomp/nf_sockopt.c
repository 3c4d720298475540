// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * getsockopt(fd, SOL_IP, SO_IP_SET, ...) on an AF_INET socket of the
 * child's kernel (the filter traps it on any descriptor): ip_set's
 * interface to iptables, answered from the model through
 * UNL_OP_NF_SOCKOPT as the shim asks it (src/shim/nf_sockopt.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "seccomp/sc-private.h"

long sc_nf_sockopt(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	unsigned char buf[UNL_WIRE_NF_SOCKOPT_MAX];
	struct unl_wire_req wreq = { .op = UNL_OP_NF_SOCKOPT, .a0 = AF_INET,
				     .a1 = (int)a[2] };
	struct unl_wire_rep rep;
	struct iovec v;
	int family, len, net = -1;
	socklen_t l = sizeof(family);
	size_t n;
	long ret;

	/* an AF_INET socket's alone: the rest is the kernel's */
	if (c->fd < 0 ||
	    getsockopt(c->fd, SOL_SOCKET, SO_DOMAIN, &family, &l) < 0 ||
	    family != AF_INET)
		return SC_CONTINUE;
	if (!a[4] || sc_mem_read(c, a[4], &len, sizeof(len)))
		return -EFAULT;
	n = len < 0 ? 0 : (size_t)len;
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n && sc_mem_read(c, a[3], buf, n))
		return -EFAULT;
	wreq.a2 = len;
	v = (struct iovec){ buf, n };
	/* The thread may be gone (a signal): do not act for it. */
	if (!sc_id_valid(s, c))
		return -EINTR;
	ret = unl_sc_wire_call(s->conn, &wreq, &v, 1, sc_net_of(s, c, &net),
			       &rep, buf, n, NULL, 0);
	if (net >= 0)
		close(net);
	if (ret == 0)
		ret = rep.ret;
	if (ret >= 0 && rep.len != n)
		ret = -EPROTO;
	if (ret >= 0 && sc_id_valid(s, c) && sc_mem_write(c, a[3], buf, n))
		ret = -EFAULT;
	return ret;
}
