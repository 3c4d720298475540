// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /dev/net/tun under seccomp (wire.h, "Tun files"), as the shim serves
 * it (src/shim/tun.c): the child opens the kernel's device, which does
 * nothing until its first request; that request (TUNSETIFF,
 * TUNGETFEATURES...) opens a tun file of the daemon in the process's net
 * (UNL_OP_TUN_OPEN), whose client end takes the descriptor's number in
 * the child (SECCOMP_ADDFD_FLAG_SETFD, as dup2() would; its O_NONBLOCK
 * and close-on-exec kept).  From then on every request of the tun
 * driver goes to the daemon (UNL_OP_TUN_IOCTL); reads and writes of
 * packets run natively on the client end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/if_tun.h>
#include <net/if.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"
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

	if (getpeername(fd, (struct sockaddr *)&sa, &l) < 0 ||
	    sa.sun_family != AF_UNIX ||
	    l < offsetof(struct sockaddr_un, sun_path) + 1 + n)
		return false;
	return sa.sun_path[0] == '\0' &&
	       !memcmp(sa.sun_path + 1, UNL_TUN_ADDR_PREFIX, n);
}

/* Is number fd of the child close-on-exec?  (/proc/PID/fdinfo: a copy
 * taken with pidfd_getfd() does not tell.) */
static bool child_cloexec(pid_t pid, int fd)
{
	char path[64], line[128];
	unsigned long flags = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %lo", &flags) == 1)
			break;
	fclose(f);
	return flags & O_CLOEXEC;
}

/* TUN_OPEN in c's net; the client end replaces the child's number (and
 * our copy, c->fd).  0 or -errno. */
static int tun_swap(struct sc *s, struct sc_call *c)
{
	struct unl_wire_req req = { .op = UNL_OP_TUN_OPEN };
	int nr = (int)c->n.data.args[0], fl = fcntl(c->fd, F_GETFL);
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.flags = SECCOMP_ADDFD_FLAG_SETFD,
		.newfd = (__u32)nr,
	};
	struct unl_wire_rep rep;
	int client = -1, net, err;

	if (fl < 0)
		return -errno;
	a.newfd_flags = child_cloexec((pid_t)c->n.pid, nr) ? O_CLOEXEC : 0;
	err = unl_sc_wire_call(s->conn, &req, NULL, 0, sc_net_of(s, c, &net),
			       &rep, NULL, 0, &client, 1);
	if (net >= 0)
		close(net);
	if (!err && rep.ret < 0)
		err = rep.ret;
	if (!err && client < 0)
		err = -EPROTO;
	if (!err && fcntl(client, F_SETFL, fl & O_NONBLOCK) < 0)
		err = -errno;
	if (!err && !sc_id_valid(s, c))
		err = -EINTR;
	a.srcfd = (__u32)client;
	if (!err && ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0)
		err = -errno;
	if (err) {
		if (client >= 0)
			close(client);
		return err;
	}
	close(c->fd);
	c->fd = client;
	return 0;
}

/* TUNSETTXFILTER: the child's header and addresses (EFAULT where
 * update_filter() would fault), made what the daemon takes. */
static long txfilter_in(const struct sc_call *c, uint64_t arg,
			unsigned char *out, size_t *len)
{
	struct tun_filter h;
	unsigned char *all;
	size_t n;

	if (!arg || sc_mem_read(c, arg, &h, sizeof(h)))
		return -EFAULT;
	n = sizeof(h) + (size_t)h.count * ETH_ALEN;
	all = malloc(n);
	if (!all)
		return -ENOMEM;
	if (sc_mem_read(c, arg, all, n)) {
		free(all);
		return -EFAULT;
	}
	*len = unl_tun_txfilter_arg(all, out);
	free(all);
	return 0;
}

/* TUNGETDEVNETNS: the handle the daemon gives, close-on-exec
 * (open_related_ns()). */
static long devnetns(struct sc *s, struct sc_call *c,
		     struct unl_wire_req *wreq)
{
	struct unl_wire_rep rep;
	int handle = -1, err;
	long ret;

	err = unl_sc_wire_call(s->conn, wreq, NULL, 0, c->fd, &rep, NULL, 0,
			       &handle, 1);
	if (err)
		return err;
	if (rep.ret < 0 || handle < 0) {
		if (handle >= 0)
			close(handle);
		return rep.ret < 0 ? rep.ret : -EPROTO;
	}
	/* in the range, as an opened handle is (open.c) */
	ret = sc_id_valid(s, c) ? sc_child_install(s, c, handle, s->base, true)
				: -EINTR;
	close(handle);
	return ret;
}

/* TUN_IOCTL on the client end c->fd, the argument copied in and out. */
static long tun_call(struct sc *s, struct sc_call *c, unsigned long req,
		     uint64_t arg)
{
	size_t len = unl_tun_arg_len(req);
	unsigned char buf[UNL_TUN_TXFILTER_MAX], out[sizeof(struct ifreq)];
	struct unl_wire_req wreq = { .op = UNL_OP_TUN_IOCTL,
				     .a0 = (int32_t)req };
	struct iovec v = { buf, len };
	struct unl_wire_rep rep;
	bool in_only = false;
	int err;

	if (req == TUNGETDEVNETNS)
		return devnetns(s, c, &wreq);
	if (req == TUNSETTXFILTER) {
		long r = txfilter_in(c, arg, buf, &v.iov_len);

		if (r)
			return r;
		in_only = true;
	} else if (len && (!arg || sc_mem_read(c, arg, buf, len))) {
		return -EFAULT;
	}
	if (!v.iov_len) {
		wreq.a1 = (int32_t)(uint32_t)arg;
		wreq.a2 = (int32_t)(uint32_t)(arg >> 32);
	}
	memset(out, 0, sizeof(out));
	err = unl_sc_wire_call(s->conn, &wreq, &v, v.iov_len ? 1 : 0, c->fd,
			       &rep, out, sizeof(out), NULL, 0);
	if (err)
		return err;
	if (rep.ret >= 0 && len && !in_only) {
		if (rep.len != len)
			return -EPROTO;
		if (!sc_id_valid(s, c))
			return -EINTR;
		if (sc_mem_write(c, arg, out, len))
			return -EFAULT;
	}
	return rep.ret;
}

long sc_tun_ioctl(struct sc *s, struct sc_call *c)
{
	unsigned long req = (unsigned int)c->n.data.args[1];
	int err;

	/* the tun driver's numbers (terminals use 'T' too, below them) */
	if (c->fd < 0 || _IOC_TYPE(req) != 'T' || _IOC_NR(req) < 200 ||
	    _IOC_NR(req) > 240)
		return SC_CONTINUE;
	if (!our_tun(c->fd)) {
		if (!kernel_tun(c->fd))
			return SC_CONTINUE;
		err = tun_swap(s, c);
		if (err)
			return err;
	}
	return tun_call(s, c, req, c->n.data.args[2]);
}
