// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * getsockopt(fd, SOL_IP, SO_IP_SET, ...) on an AF_INET socket of the
 * kernel: ip_set's interface to iptables' set match and SET target
 * (libxt_set asks it for a set's index by name, and for a name by
 * index).  The sets are the model's, so the request goes to the daemon
 * (UNL_OP_NF_SOCKOPT) and is answered from the calling thread's net.
 */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/netfilter/ipset/ip_set.h>

#include "shim/shim.h"

bool shim_nf_sockopt_ours(int fd, int level, int name)
{
	int family;
	socklen_t l = sizeof(family);

	if (level != SOL_IP || name != SO_IP_SET)
		return false;
	return shim_real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &l) ==
		       0 &&
	       family == AF_INET;
}

int shim_nf_sockopt(int level, int name, void *val, socklen_t *len)
{
	unsigned char buf[UNL_WIRE_NF_SOCKOPT_MAX];
	struct shim_nsref *net;
	struct shim_call c;
	struct iovec v;
	size_t n;
	int cs, ret;

	(void)level;
	if (!len)
		return -EFAULT;
	/* what the kernel reads of the request: optlen bytes */
	n = (int)*len < 0 ? 0 : *len;
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n && !val)
		return -EFAULT;
	memcpy(buf, val, n);
	v = (struct iovec){ buf, n };
	net = shim_ns_current();
	shim_call_init(&c, UNL_OP_NF_SOCKOPT, NULL);
	c.req.a0 = AF_INET;
	c.req.a1 = name;
	c.req.a2 = (int32_t)*len;
	c.iov = &v;
	c.iovcnt = 1;
	c.datalen = n;
	c.fd_in = shim_ns_fd(net);
	c.record = true;
	c.rbuf = buf;
	c.rcap = n;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret < 0)
		return ret;
	if (c.rgot != n)
		return -EPROTO;
	memcpy(val, buf, n);
	return 0;
}
