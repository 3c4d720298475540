// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /dev/net/tun (wire.h, "Tun files").  The program opens the kernel's
 * device, which does nothing until its first request; that request
 * (TUNSETIFF, TUNGETFEATURES...) opens a tun file of the daemon in the
 * thread's net instead, whose client end takes the descriptor's place
 * (its O_NONBLOCK and close-on-exec kept).  From then on every 'T'
 * request goes to the daemon; reads block (or EAGAIN), writes are
 * packets the device receives, and the last close ends the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include <linux/if_ether.h>
#include <linux/if_tun.h>
#include <net/if.h>

#include "shim/shim.h"
#include "wire/tun-shape.h"

/* The kernel's /dev/net/tun: misc device 10, 200. */
static bool kernel_tun(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) == 10 && minor(st.st_rdev) == 200;
}

/* A tun file of the daemon: its peer has the tun address. */
static bool our_tun(int fd)
{
	struct sockaddr_un sa;
	socklen_t l = sizeof(sa);
	size_t n = sizeof(UNL_TUN_ADDR_PREFIX) - 1;

	if (shim_real.getpeername(fd, (struct sockaddr *)&sa, &l) < 0 ||
	    sa.sun_family != AF_UNIX ||
	    l < offsetof(struct sockaddr_un, sun_path) + 1 + n)
		return false;
	return sa.sun_path[0] == '\0' &&
	       !memcmp(sa.sun_path + 1, UNL_TUN_ADDR_PREFIX, n);
}

/* TUN_OPEN in the thread's net; the client end replaces fd. */
static int tun_swap(int fd)
{
	struct shim_nsref *net = shim_ns_current();
	int fl = shim_real.fcntl(fd, F_GETFL);
	int fdfl = shim_real.fcntl(fd, F_GETFD);
	struct shim_call c;
	int cs, ret;

	if (fl < 0 || fdfl < 0) {
		shim_ns_put(net);
		return -errno;
	}
	shim_call_init(&c, UNL_OP_TUN_OPEN, NULL);
	c.fd_in = shim_ns_fd(net);
	c.record = true;
	c.nfds_want = 1;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret < 0)
		return ret;
	ret = 0;
	if (shim_real.dup3(c.fds_out[0], fd,
			   (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0 ||
	    shim_real.fcntl(fd, F_SETFL, fl & O_NONBLOCK) < 0)
		ret = -errno;
	shim_real.close(c.fds_out[0]);
	return ret;
}

static int tun_call(int fd, unsigned long req, void *arg)
{
	size_t len = unl_tun_arg_len(req);
	unsigned char buf[64], flt[UNL_TUN_TXFILTER_MAX];
	uint64_t v = (uintptr_t)arg;
	struct shim_call c;
	bool in_only = false;
	int cs, ret;

	if (len && !arg)
		return -EFAULT;
	shim_call_init(&c, UNL_OP_TUN_IOCTL, NULL);
	c.req.a0 = (int32_t)req;
	if (req == TUNSETTXFILTER) {
		if (!arg)
			return -EFAULT;
		c.head[0].iov_base = flt;
		c.head[0].iov_len = unl_tun_txfilter_arg(arg, flt);
		in_only = true;
	} else if (len) {
		c.head[0].iov_base = arg;
		c.head[0].iov_len = len;
	} else {
		c.req.a1 = (int32_t)(uint32_t)v;
		c.req.a2 = (int32_t)(uint32_t)(v >> 32);
	}
	c.fd_in = fd;
	c.record = true;
	c.rbuf = buf;
	c.rcap = sizeof(buf);
	/* TUNGETDEVNETNS answers with a handle of the file's net */
	if (req == TUNGETDEVNETNS)
		c.nfds_want = 1;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	if (req == TUNGETDEVNETNS)
		return ret < 0 ? ret : c.fds_out[0];
	if (ret >= 0 && len && !in_only) {
		if (c.rgot != len)
			return -EPROTO;
		memcpy(arg, buf, len);
	}
	return ret;
}

int shim_tun_ioctl(int fd, unsigned long req, void *arg)
{
	int err;

	/* the tun driver's numbers (terminals use 'T' too, without them) */
	if (_IOC_TYPE(req) != 'T' || _IOC_NR(req) < 200 || _IOC_NR(req) > 240)
		return 1;
	if (!our_tun(fd)) {
		if (!kernel_tun(fd))
			return 1;
		err = tun_swap(fd);
		if (err)
			return err;
	}
	return tun_call(fd, req, arg);
}
