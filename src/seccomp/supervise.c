// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The notification loop (docs/seccomp.md): each trapped call becomes the
 * wire op the shim would send for it (src/shim/sock.c is the model), its
 * arguments read from and its results written to the child's memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "seccomp/seccomp.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif
#ifndef SOCK_MAX
#define SOCK_MAX 11 /* include/linux/net.h */
#endif
#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

#define SC_MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))
/* A handler's result besides a value or -errno. */
#define SC_CONTINUE (LONG_MIN + 1) /* not ours: let the kernel run it */
#define SC_ANSWERED (LONG_MIN + 2) /* answered already (ADDFD SEND) */
#define SC_PARKED (LONG_MIN + 3)   /* a receive waits for data */
/* How often parked receives are checked for a caller that went away. */
#define SC_SWEEP_MS 200

/* A netlink socket this connection knows, by its data socket's cookie. */
struct sc_sock {
	uint64_t cookie;
	uint32_t id;
	struct unl_wire_shm *page;
	struct sc_sock *next;
};

/* One trapped call being served. */
struct sc_call {
	struct seccomp_notif n;
	int pidfd;
	int fd;             /* our copy of the child's descriptor, or -1 */
	struct sc_sock *sk;
	long long deadline; /* a parked receive: ms (CLOCK_MONOTONIC), -1 */
	bool synced;        /* a dump's next part was asked for */
	struct sc_call *next;
};

struct sc {
	int listener;
	int conn;
	int base;
	int net_fd;
	struct sc_sock *socks;
	struct sc_call *parked;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the child ----------------------------------------------------- */

static bool id_valid(struct sc *s, const struct sc_call *c)
{
	__u64 id = c->n.id;

	return ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

static int mem_read(const struct sc_call *c, uint64_t addr, void *buf,
		    size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (!len)
		return 0;
	n = process_vm_readv((pid_t)c->n.pid, &l, 1, &r, 1, 0);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

static int mem_write(const struct sc_call *c, uint64_t addr, const void *buf,
		     size_t len)
{
	struct iovec l = { (void *)buf, len },
		     r = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (!len)
		return 0;
	n = process_vm_writev((pid_t)c->n.pid, &l, 1, &r, 1, 0);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

/* The child's iovec array (at most UIO_MAXIOV) and its total. */
static int iov_fetch(const struct sc_call *c, uint64_t addr, uint64_t n,
		     struct iovec **out, size_t *total)
{
	struct iovec *v;
	size_t t = 0;

	*out = NULL;
	*total = 0;
	if (n > UIO_MAXIOV)
		return -EMSGSIZE;
	if (!n)
		return 0;
	v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (mem_read(c, addr, v, n * sizeof(*v))) {
		free(v);
		return -EFAULT;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].iov_len > SSIZE_MAX - t) {
			free(v);
			return -EINVAL;
		}
		t += v[i].iov_len;
	}
	*out = v;
	*total = t;
	return 0;
}

/* Read the whole of the child's iovecs into one buffer. */
static int iov_read(const struct sc_call *c, const struct iovec *v, size_t n,
		    size_t total, unsigned char **out)
{
	unsigned char *buf = malloc(total ? total : 1);
	struct iovec l = { buf, total };
	ssize_t got;

	*out = buf;
	if (!buf)
		return -ENOMEM;
	if (!total)
		return 0;
	got = process_vm_readv((pid_t)c->n.pid, &l, 1, v, n, 0);
	return got == (ssize_t)total ? 0 : -EFAULT;
}

/* Spread len bytes over the child's iovecs. */
static int iov_write(const struct sc_call *c, const struct iovec *v, size_t n,
		     const void *buf, size_t len)
{
	struct iovec l = { (void *)buf, len };
	ssize_t put;

	if (!len)
		return 0;
	put = process_vm_writev((pid_t)c->n.pid, &l, 1, v, n, 0);
	return put == (ssize_t)len ? 0 : -EFAULT;
}

static int pidfd_of(pid_t tid)
{
	int fd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);

	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_pidfd_open, tid, 0);
	return fd < 0 ? -errno : fd;
}

/* Is descriptor number fd free in the child? */
static bool child_fd_free(const struct sc_call *c, int fd)
{
	int copy = (int)syscall(SYS_pidfd_getfd, c->pidfd, fd, 0);

	if (copy >= 0) {
		close(copy);
		return false;
	}
	return errno == EBADF;
}

/*
 * Install our descriptor src in the child at the first free number of
 * the range at or above min, as the call's result (ADDFD with SEND).
 * SC_ANSWERED, or -errno when it could not be done.
 */
static long child_install(struct sc *s, struct sc_call *c, int src, int min,
			  bool cloexec)
{
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.flags = SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND,
		.srcfd = (__u32)src,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	int fd = min > s->base ? min : s->base;

	while (fd < s->base + UNL_SC_RANGE && !child_fd_free(c, fd))
		fd++;
	if (fd >= s->base + UNL_SC_RANGE)
		return -EMFILE;
	a.newfd = (__u32)fd;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0)
		return -errno;
	return SC_ANSWERED;
}

/* ---- sockets ------------------------------------------------------- */

static uint64_t cookie_of(int fd)
{
	uint64_t ck = 0;
	socklen_t l = sizeof(ck);

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &ck, &l) < 0)
		return 0;
	return ck;
}

static struct sc_sock *sock_find(struct sc *s, uint64_t cookie)
{
	for (struct sc_sock *k = s->socks; k; k = k->next)
		if (k->cookie == cookie)
			return k;
	return NULL;
}

static struct sc_sock *sock_add(struct sc *s, uint64_t cookie, uint32_t id,
				int memfd)
{
	struct sc_sock *k = calloc(1, sizeof(*k));
	void *p;

	if (!k)
		return NULL;
	p = mmap(NULL, sizeof(struct unl_wire_shm), PROT_READ | PROT_WRITE,
		 MAP_SHARED, memfd, 0);
	k->page = p == MAP_FAILED ? NULL : p;
	k->cookie = cookie;
	k->id = id;
	k->next = s->socks;
	s->socks = k;
	return k;
}

/*
 * Which of our sockets c->fd is: known by its cookie, or a data socket
 * of the daemon this connection has not seen (ATTACH tells, as for an
 * inherited descriptor under the shim).  NULL: not a netlink socket.
 */
static struct sc_sock *sock_lookup(struct sc *s, struct sc_call *c)
{
	struct unl_wire_req req = { .op = UNL_OP_ATTACH };
	struct unl_wire_rep rep;
	uint64_t ck = cookie_of(c->fd);
	struct sc_sock *k;
	int type = 0, memfd;
	socklen_t l = sizeof(type);

	if (!ck)
		return NULL;
	k = sock_find(s, ck);
	if (k)
		return k;
	if (getsockopt(c->fd, SOL_SOCKET, SO_TYPE, &type, &l) < 0 ||
	    type != SOCK_SEQPACKET)
		return NULL;
	if (unl_sc_wire_call(s->conn, &req, NULL, 0, c->fd, &rep, NULL, 0,
			     &memfd, 1) < 0 || rep.ret < 0) {
		if (memfd >= 0)
			close(memfd);
		return NULL;
	}
	k = memfd >= 0 ? sock_add(s, ck, (uint32_t)rep.ret, memfd) : NULL;
	if (memfd >= 0)
		close(memfd);
	return k;
}

/* A request about c's socket with no descriptors either way. */
static int sock_call(struct sc *s, struct sc_call *c, struct unl_wire_req *req,
		     const struct iovec *iov, int iovcnt,
		     struct unl_wire_rep *rep, void *rbuf, size_t rcap)
{
	int err;

	req->sock = c->sk->id;
	err = unl_sc_wire_call(s->conn, req, iov, iovcnt, -1, rep, rbuf, rcap,
			       NULL, 0);
	return err ? err : rep->ret;
}

/* socket(AF_NETLINK, type, protocol): sock_create() of the shim. */
static long do_socket(struct sc *s, struct sc_call *c)
{
	int type = (int)c->n.data.args[1], proto = (int)c->n.data.args[2];
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct unl_wire_req req = { .op = UNL_OP_CREATE, .a0 = type,
				    .a1 = proto };
	struct unl_wire_rep rep;
	int fds[2], err;
	long ret;

	if (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC) || base >= SOCK_MAX)
		return -EINVAL;
	err = unl_sc_wire_call(s->conn, &req, NULL, 0, s->net_fd, &rep, NULL,
			       0, fds, 2);
	if (err)
		return err;
	if (rep.ret < 0)
		return rep.ret;
	if (fds[0] < 0 || fds[1] < 0) {
		ret = -EPROTO;
		goto out;
	}
	if (type & SOCK_NONBLOCK)
		fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	if (!sock_add(s, cookie_of(fds[0]), (uint32_t)rep.ret, fds[1])) {
		ret = -ENOMEM;
		goto out;
	}
	ret = id_valid(s, c) ? child_install(s, c, fds[0], 0,
					     type & SOCK_CLOEXEC)
			     : -ENOENT;
out:
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	/* When it did not reach the child, the socket closes with our copy
	 * (the daemon sees the last end go). */
	return ret;
}

/* move_addr_to_kernel()'s checks, then the address itself. */
static int addr_in(const struct sc_call *c, uint64_t addr, uint64_t len,
		   struct sockaddr_storage *ss)
{
	if ((int)len < 0 || len > sizeof(*ss))
		return -EINVAL;
	if (len && !addr)
		return -EFAULT;
	return mem_read(c, addr, ss, len);
}

static long do_addr_op(struct sc *s, struct sc_call *c, uint32_t op)
{
	struct sockaddr_storage ss;
	uint64_t len = (uint32_t)c->n.data.args[2];
	struct unl_wire_req req = { .op = op };
	struct unl_wire_rep rep;
	struct iovec v = { &ss, len };
	int err = addr_in(c, c->n.data.args[1], len, &ss);

	return err ? err : sock_call(s, c, &req, &v, 1, &rep, NULL, 0);
}

/* move_addr_to_user(): what fits, and the full length. */
static int addr_out(const struct sc_call *c, uint64_t uaddr, uint64_t ulenp,
		    const void *kaddr, size_t klen)
{
	int len;
	socklen_t full = (socklen_t)klen;

	if (!ulenp)
		return -EFAULT;
	if (mem_read(c, ulenp, &len, sizeof(len)))
		return -EFAULT;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len && (!uaddr || mem_write(c, uaddr, kaddr, (size_t)len)))
		return -EFAULT;
	return mem_write(c, ulenp, &full, sizeof(full));
}

static long do_getname(struct sc *s, struct sc_call *c, bool peer)
{
	struct unl_wire_req req = {
		.op = peer ? UNL_OP_GETPEERNAME : UNL_OP_GETSOCKNAME };
	struct sockaddr_storage ss;
	struct unl_wire_rep rep;
	int ret = sock_call(s, c, &req, NULL, 0, &rep, &ss, sizeof(ss));

	if (ret < 0)
		return ret;
	return addr_out(c, c->n.data.args[1], c->n.data.args[2], &ss,
			rep.len < sizeof(ss) ? rep.len : sizeof(ss));
}

static long do_setsockopt(struct sc *s, struct sc_call *c)
{
	int level = (int)c->n.data.args[1], name = (int)c->n.data.args[2];
	uint64_t val = c->n.data.args[3];
	int len = (int)c->n.data.args[4];
	struct unl_wire_req req = { .op = UNL_OP_SETSOCKOPT, .a0 = level,
				    .a1 = name };
	struct unl_wire_rep rep;
	struct sock_fprog prog;
	struct iovec v[2] = { { NULL, 0 }, { NULL, 0 } };
	unsigned char *buf = NULL, *insns = NULL;
	long ret;

	if (len < 0)
		return -EINVAL;
	if (len && !val)
		return -EFAULT;
	v[0].iov_len = (size_t)len < SC_MAX_PAYLOAD ? (size_t)len
						     : SC_MAX_PAYLOAD;
	buf = malloc(v[0].iov_len ? v[0].iov_len : 1);
	if (!buf)
		return -ENOMEM;
	v[0].iov_base = buf;
	ret = mem_read(c, val, buf, v[0].iov_len);
	if (!ret && level == SOL_SOCKET && name == SO_ATTACH_FILTER &&
	    len == sizeof(prog)) {
		/* The instructions follow the struct (wire.h). */
		memcpy(&prog, buf, sizeof(prog));
		if (prog.filter && prog.len && prog.len <= BPF_MAXINSNS) {
			v[1].iov_len = prog.len * sizeof(struct sock_filter);
			insns = malloc(v[1].iov_len);
			ret = insns ? mem_read(c, (uintptr_t)prog.filter, insns,
					       v[1].iov_len)
				    : -ENOMEM;
			v[1].iov_base = insns;
		}
		prog.filter = NULL;
		memcpy(buf, &prog, sizeof(prog));
	}
	if (!ret)
		ret = sock_call(s, c, &req, v, 2, &rep, NULL, 0);
	/* The timeouts live on the data socket too, where the shim keeps
	 * them: a parked receive reads SO_RCVTIMEO from it. */
	if (ret == 0 && level == SOL_SOCKET &&
	    (name == SO_RCVTIMEO || name == SO_SNDTIMEO
#if defined(SO_RCVTIMEO_NEW) && SO_RCVTIMEO_NEW != SO_RCVTIMEO
	     || name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW
#endif
	     ))
		setsockopt(c->fd, level, name, buf, (socklen_t)v[0].iov_len);
	free(buf);
	free(insns);
	return ret;
}

static long do_getsockopt(struct sc *s, struct sc_call *c)
{
	int level = (int)c->n.data.args[1], name = (int)c->n.data.args[2];
	uint64_t val = c->n.data.args[3], lenp = c->n.data.args[4];
	struct unl_wire_req req = { .op = UNL_OP_GETSOCKOPT, .a0 = level,
				    .a1 = name };
	struct unl_wire_rep rep;
	unsigned char *buf;
	int len, ret;

	if (!lenp || mem_read(c, lenp, &len, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len && !val)
		return -EFAULT;
	if (level == SOL_SOCKET && name == SO_ERROR && c->sk->page) {
		int e = __atomic_exchange_n(&c->sk->page->err, 0,
					    __ATOMIC_ACQ_REL);

		if (e) {
			int l = len < (int)sizeof(e) ? len : (int)sizeof(e);

			if (mem_write(c, val, &e, (size_t)l) ||
			    mem_write(c, lenp, &l, sizeof(l)))
				return -EFAULT;
			return 0;
		}
	}
	if ((size_t)len > SC_MAX_PAYLOAD)
		len = (int)SC_MAX_PAYLOAD;
	buf = malloc(len ? (size_t)len : 1);
	if (!buf)
		return -ENOMEM;
	req.a2 = len;
	ret = sock_call(s, c, &req, NULL, 0, &rep, buf, (size_t)len);
	if (ret >= 0) {
		int l = (int)rep.len;
		size_t copy = rep.len < (size_t)len ? rep.len : (size_t)len;

		ret = mem_write(c, val, buf, copy) ||
		      mem_write(c, lenp, &l, sizeof(l)) ? -EFAULT : 0;
	}
	free(buf);
	return ret;
}

/* ---- send ---------------------------------------------------------- */

struct sc_msg {
	uint64_t name;     /* child addresses */
	uint32_t namelen;
	uint64_t control;
	size_t controllen;
	struct iovec *iov; /* the child's iovecs */
	size_t iovlen;
	size_t total;
	uint64_t msghdr;   /* recvmsg: where to write the header back */
	uint64_t namelenp; /* recvfrom: where the address length goes */
};

static bool to_kernel(const struct sockaddr_storage *ss, size_t len)
{
	struct sockaddr_nl a;

	if (len < sizeof(a))
		return false;
	memcpy(&a, ss, sizeof(a));
	return a.nl_family == AF_NETLINK && a.nl_pid == 0;
}

/* sock_sendmsg() of the shim: name, control and data in one SENDMSG. */
static long send_common(struct sc *s, struct sc_call *c, struct sc_msg *m,
			int flags)
{
	struct sockaddr_storage ss;
	size_t namelen = m->name ? m->namelen : 0;
	size_t ctllen = m->control ? m->controllen : 0;
	unsigned char *ctl = NULL, *data = NULL;
	struct unl_wire_req req = { .op = UNL_OP_SENDMSG };
	struct unl_wire_rep rep;
	struct iovec v[3];
	long ret;
	int fl;

	if ((int)m->namelen < 0 && m->name)
		return -EINVAL;
	if (namelen > sizeof(ss))
		namelen = sizeof(ss);
	if (ctllen > INT_MAX || namelen + ctllen > SC_MAX_PAYLOAD)
		return -ENOBUFS;
	if (m->total > INT32_MAX)
		return -EMSGSIZE;
	if (mem_read(c, m->name, &ss, namelen))
		return -EFAULT;
	ctl = malloc(ctllen ? ctllen : 1);
	if (!ctl)
		return -ENOMEM;
	ret = mem_read(c, m->control, ctl, ctllen);
	if (!ret)
		ret = iov_read(c, m->iov, m->iovlen, m->total, &data);
	if (ret)
		goto out;
	if (!to_kernel(&ss, namelen)) {
		fl = fcntl(c->fd, F_GETFL);
		if (fl >= 0 && (fl & O_NONBLOCK))
			flags |= MSG_DONTWAIT;
	}
	req.a0 = flags;
	req.a1 = (int32_t)namelen;
	req.a2 = (int32_t)ctllen;
	req.a3 = (int32_t)m->total;
	v[0] = (struct iovec){ &ss, namelen };
	v[1] = (struct iovec){ ctl, ctllen };
	v[2] = (struct iovec){ data, m->total };
	/* Nothing is forwarded for a caller that went away meanwhile. */
	ret = id_valid(s, c) ? sock_call(s, c, &req, v, 3, &rep, NULL, 0)
			     : -ENOENT;
out:
	free(ctl);
	free(data);
	return ret;
}

static int msghdr_in(const struct sc_call *c, uint64_t addr,
		     struct msghdr *h, struct sc_msg *m)
{
	if (mem_read(c, addr, h, sizeof(*h)))
		return -EFAULT;
	m->name = (uintptr_t)h->msg_name;
	m->namelen = h->msg_namelen;
	m->control = (uintptr_t)h->msg_control;
	m->controllen = h->msg_controllen;
	m->msghdr = addr;
	m->iovlen = h->msg_iovlen;
	return iov_fetch(c, (uintptr_t)h->msg_iov, h->msg_iovlen, &m->iov,
			 &m->total);
}

static long do_send(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct sc_msg m = { 0 };
	struct iovec one;
	struct msghdr h;
	int flags = 0;
	long ret;

	switch (c->n.data.nr) {
	case __NR_sendmsg:
		ret = msghdr_in(c, a[1], &h, &m);
		if (ret)
			return ret;
		ret = send_common(s, c, &m, (int)a[2]);
		free(m.iov);
		return ret;
	case __NR_writev:
		ret = iov_fetch(c, a[1], a[2], &m.iov, &m.total);
		if (ret)
			return ret;
		m.iovlen = a[2];
		ret = send_common(s, c, &m, 0);
		free(m.iov);
		return ret;
	case __NR_sendto:
		m.name = a[4];
		m.namelen = (uint32_t)a[5];
		flags = (int)a[3];
		break;
	}
	/* sendto and write: one buffer */
	one = (struct iovec){ (void *)(uintptr_t)a[1], a[2] };
	if (one.iov_len > SSIZE_MAX)
		return -EINVAL;
	m.iov = &one;
	m.iovlen = 1;
	m.total = one.iov_len;
	return send_common(s, c, &m, flags);
}

/* ---- receive -------------------------------------------------------- */

/* put_cmsg(): a message that does not fit is cut, and flagged. */
struct cmsg_out {
	unsigned char *p;
	size_t left;
	int *flags;
};

static void put_cmsg(struct cmsg_out *o, int level, int type,
		     const void *data, size_t len)
{
	struct cmsghdr h = { .cmsg_level = level, .cmsg_type = type };
	size_t cmlen = CMSG_LEN(len), step;

	if (!o->p || o->left < sizeof(h)) {
		*o->flags |= MSG_CTRUNC;
		return;
	}
	if (o->left < cmlen) {
		*o->flags |= MSG_CTRUNC;
		cmlen = o->left;
	}
	h.cmsg_len = cmlen;
	memcpy(o->p, &h, sizeof(h));
	memcpy(o->p + CMSG_LEN(0), data, cmlen - CMSG_LEN(0));
	step = CMSG_SPACE(len) < o->left ? CMSG_SPACE(len) : o->left;
	o->p += step;
	o->left -= step;
}

static uint32_t group_mask(uint32_t group)
{
	return group ? 1u << ((group - 1) & 31) : 0;
}

static void consume(struct sc *s, struct sc_call *c, int n, size_t offer,
		    bool sync)
{
	struct unl_wire_req req = { .op = UNL_OP_CONSUME, .sock = c->sk->id,
				    .a0 = n, .a2 = sync };
	struct unl_wire_rep rep;

	req.a1 = offer > INT32_MAX ? INT32_MAX : (int32_t)offer;
	if (sync)
		unl_sc_wire_call(s->conn, &req, NULL, 0, -1, &rep, NULL, 0,
				 NULL, 0);
	else
		unl_sc_wire_post(s->conn, &req);
}

/* Peek at the next record of the data socket: its length (header
 * included), the record in *rec (the caller frees), 0 for EOF. */
static ssize_t peek_record(int fd, unsigned char **rec)
{
	struct unl_wire_dgram hdr;
	ssize_t n = recv(fd, &hdr, sizeof(hdr),
			 MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);

	*rec = NULL;
	if (n <= 0)
		return n < 0 ? -errno : 0;
	*rec = malloc((size_t)n);
	if (!*rec)
		return -ENOMEM;
	n = recv(fd, *rec, (size_t)n, MSG_PEEK | MSG_DONTWAIT);
	return n < 0 ? -errno : n;
}

/* The result of netlink_recvmsg() for one datagram, in the child. */
static long recv_deliver(struct sc_call *c, struct sc_msg *m, int flags,
			 const unsigned char *rec, size_t n)
{
	struct unl_wire_dgram hdr;
	size_t plen = n - sizeof(hdr);
	size_t copied = plen < m->total ? plen : m->total;
	uint32_t pflags = c->sk->page ? __atomic_load_n(&c->sk->page->flags,
							__ATOMIC_ACQUIRE)
				      : 0;
	int oflags = flags & MSG_CMSG_CLOEXEC;
	struct msghdr h;

	memcpy(&hdr, rec, sizeof(hdr));
	if (iov_write(c, m->iov, m->iovlen, rec + sizeof(hdr), copied))
		return -EFAULT;
	if (plen > m->total)
		oflags |= MSG_TRUNC;
	if (m->name) {
		struct sockaddr_nl a = { .nl_family = AF_NETLINK,
					 .nl_pid = hdr.portid,
					 .nl_groups = group_mask(hdr.dst_group) };
		size_t k = m->namelen < sizeof(a) ? m->namelen : sizeof(a);

		if (mem_write(c, m->name, &a, k))
			return -EFAULT;
		m->namelen = sizeof(a);
		if (m->namelenp &&
		    mem_write(c, m->namelenp, &m->namelen, sizeof(m->namelen)))
			return -EFAULT;
	}
	if (m->msghdr) {
		unsigned char *ctl = malloc(m->controllen ? m->controllen : 1);
		struct cmsg_out o = { .p = m->control ? ctl : NULL,
				      .left = m->control ? m->controllen : 0,
				      .flags = &oflags };

		if (!ctl)
			return -ENOMEM;
		if (pflags & UNL_SHM_RECV_PKTINFO) {
			struct nl_pktinfo info = { .group = hdr.dst_group };

			put_cmsg(&o, SOL_NETLINK, NETLINK_PKTINFO, &info,
				 sizeof(info));
		}
		if ((pflags & UNL_SHM_LISTEN_ALL_NSID) &&
		    (hdr.flags & UNL_DGRAM_F_NSID))
			put_cmsg(&o, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID,
				 &hdr.nsid, sizeof(hdr.nsid));
		if (pflags & UNL_SHM_PASSCRED) {
			struct ucred cr = { .pid = hdr.pid, .uid = hdr.uid,
					    .gid = hdr.gid };

			if (m->control)
				put_cmsg(&o, SOL_SOCKET, SCM_CREDENTIALS, &cr,
					 sizeof(cr));
			else
				oflags |= MSG_CTRUNC;
		}
		if (mem_read(c, m->msghdr, &h, sizeof(h)))
			goto fault;
		h.msg_controllen = m->control ? m->controllen - o.left : 0;
		if (mem_write(c, m->control, ctl, h.msg_controllen))
			goto fault;
		h.msg_flags = oflags;
		if (m->name)
			h.msg_namelen = m->namelen;
		if (mem_write(c, m->msghdr, &h, sizeof(h)))
			goto fault;
		free(ctl);
		goto done;
fault:
		free(ctl);
		return -EFAULT;
	}
done:
	return (flags & MSG_TRUNC) ? (long)plen : (long)copied;
}

static long answer(struct sc *s, struct sc_call *c, long ret);

/*
 * sock_recvmsg() of the shim: the pending error first, then the next
 * datagram; a blocking receive with nothing to read is parked.  The
 * datagram leaves the data socket only once the answer reached the
 * child (a signal may have taken the caller away meanwhile).
 */
static long recv_common(struct sc *s, struct sc_call *c, struct sc_msg *m,
			int flags)
{
	struct unl_wire_dgram hdr;
	unsigned char *rec;
	long ret;
	ssize_t n;
	int fl;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	for (;;) {
		struct unl_wire_shm *page = c->sk->page;

		if (page && __atomic_load_n(&page->err, __ATOMIC_RELAXED)) {
			int e = __atomic_exchange_n(&page->err, 0,
						    __ATOMIC_ACQ_REL);

			if (e)
				return -e;
		}
		n = peek_record(c->fd, &rec);
		if (n == -EAGAIN) {
			bool dumping = !c->synced && page &&
				       (__atomic_load_n(&page->flags,
							__ATOMIC_ACQUIRE) &
					UNL_SHM_DUMP_RUNNING);

			if (dumping) {
				/* The next part of a dump is made inside
				 * recvmsg() in Linux: ask for it now. */
				c->synced = true;
				consume(s, c, 0, m->total, true);
				continue;
			}
			fl = fcntl(c->fd, F_GETFL);
			if ((flags & MSG_DONTWAIT) ||
			    (fl >= 0 && (fl & O_NONBLOCK)))
				return -EAGAIN;
			return SC_PARKED;
		}
		if (n < 0)
			return n;
		if (n == 0)
			return -ECONNRESET;
		if ((size_t)n < sizeof(hdr)) {
			free(rec);
			return -EPROTO;
		}
		memcpy(&hdr, rec, sizeof(hdr));
		if (hdr.hdrlen != sizeof(hdr)) {
			free(rec);
			return -EPROTO;
		}
		if (hdr.kind != UNL_DGRAM_WAKE)
			break;
		/* Only a wake-up for the error above: take it off. */
		free(rec);
		recv(c->fd, &hdr, sizeof(hdr), MSG_DONTWAIT | MSG_TRUNC);
	}
	ret = id_valid(s, c) ? recv_deliver(c, m, flags, rec, (size_t)n)
			     : -ENOENT;
	free(rec);
	if (ret < 0 || (flags & MSG_PEEK))
		return ret;
	/* Answer first, then take the datagram: only if it arrived. */
	if (answer(s, c, ret) < 0)
		return SC_ANSWERED;
	recv(c->fd, &hdr, sizeof(hdr), MSG_DONTWAIT | MSG_TRUNC);
	consume(s, c, 1, m->total, false);
	return SC_ANSWERED;
}

static long do_recv(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct sc_msg m = { 0 };
	struct iovec one;
	struct msghdr h;
	int flags = 0;
	long ret;

	switch (c->n.data.nr) {
	case __NR_recvmsg:
		ret = msghdr_in(c, a[1], &h, &m);
		if (ret)
			return ret;
		if (m.name && (int)m.namelen < 0) {
			free(m.iov);
			return -EINVAL;
		}
		ret = recv_common(s, c, &m, (int)a[2]);
		free(m.iov);
		return ret;
	case __NR_readv:
		ret = iov_fetch(c, a[1], a[2], &m.iov, &m.total);
		if (ret)
			return ret;
		m.iovlen = a[2];
		ret = recv_common(s, c, &m, 0);
		free(m.iov);
		return ret;
	case __NR_recvfrom:
		flags = (int)a[3];
		if (a[4]) {
			int len;

			if (!a[5] || mem_read(c, a[5], &len, sizeof(len)))
				return -EFAULT;
			if (len < 0)
				return -EINVAL;
			m.name = a[4];
			m.namelen = (uint32_t)len;
			m.namelenp = a[5];
		}
		break;
	}
	one = (struct iovec){ (void *)(uintptr_t)a[1], a[2] };
	if (one.iov_len > SSIZE_MAX)
		return -EINVAL;
	m.iov = &one;
	m.iovlen = 1;
	m.total = one.iov_len;
	return recv_common(s, c, &m, flags);
}

/* ---- the rest ------------------------------------------------------ */

/* netlink_ioctl() knows no request: those the data socket would answer
 * get ENOTTY, generic ones act on the descriptor in the kernel (as
 * sock_ioctl() of the shim). */
static long do_ioctl(struct sc *s, struct sc_call *c)
{
	switch ((unsigned int)c->n.data.args[1]) {
	case 0x541B: /* FIONREAD, SIOCINQ */
	case 0x5411: /* TIOCOUTQ, SIOCOUTQ */
	case 0x894B: /* SIOCOUTQNSD */
	case 0x8905: /* SIOCATMARK */
	case 0x89E0: /* SIOCUNIXFILE */
		return -ENOTTY;
	}
	return SC_CONTINUE;
}

/* dup and F_DUPFD keep the copy in the range, where its calls trap. */
static long do_dup(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	int min = 0;
	bool cloexec = false;

	if (c->n.data.nr == __NR_fcntl) {
		if ((int)a[1] != F_DUPFD && (int)a[1] != F_DUPFD_CLOEXEC)
			return SC_CONTINUE;
		if ((int)a[2] < 0)
			return -EINVAL;
		min = (int)a[2];
		cloexec = (int)a[1] == F_DUPFD_CLOEXEC;
	}
	return child_install(s, c, c->fd, min, cloexec);
}

/* One handler per trapped call on one of our sockets. */
static long dispatch(struct sc *s, struct sc_call *c)
{
	switch (c->n.data.nr) {
	case __NR_bind:
		return do_addr_op(s, c, UNL_OP_BIND);
	case __NR_connect:
		return do_addr_op(s, c, UNL_OP_CONNECT);
	case __NR_getsockname:
		return do_getname(s, c, false);
	case __NR_getpeername:
		return do_getname(s, c, true);
	case __NR_setsockopt:
		return do_setsockopt(s, c);
	case __NR_getsockopt:
		return do_getsockopt(s, c);
	case __NR_sendto:
	case __NR_sendmsg:
	case __NR_write:
	case __NR_writev:
		return do_send(s, c);
	case __NR_recvfrom:
	case __NR_recvmsg:
	case __NR_read:
	case __NR_readv:
		return do_recv(s, c);
	case __NR_ioctl:
		return do_ioctl(s, c);
	case __NR_dup:
	case __NR_fcntl:
		return do_dup(s, c);
	case __NR_listen:
	case __NR_accept:
	case __NR_accept4:
	case __NR_shutdown:
		/* sock_no_listen(), sock_no_accept(), sock_no_shutdown() */
		return -EOPNOTSUPP;
	}
	/* sendmmsg, recvmmsg: not served yet (docs/seccomp.md); an explicit
	 * error rather than the data socket's records. */
	return -ENOSYS;
}

/* Send the answer: ret is a value, -errno or SC_CONTINUE.  0, or -errno
 * when the caller is gone (ENOENT). */
static long answer(struct sc *s, struct sc_call *c, long ret)
{
	struct seccomp_notif_resp r = { .id = c->n.id };

	if (ret == SC_CONTINUE)
		r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (ret < 0)
		r.error = (int32_t)ret;
	else
		r.val = ret;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, &r) < 0)
		return -errno;
	return 0;
}

static void call_free(struct sc_call *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->pidfd >= 0)
		close(c->pidfd);
	free(c);
}

/* A receive that would block: keep it, with its deadline (SO_RCVTIMEO
 * of the data socket, which setsockopt keeps there). */
static void park(struct sc *s, struct sc_call *c)
{
	struct timeval tv = { 0 };
	socklen_t l = sizeof(tv);

	c->deadline = -1;
	if (getsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &l) == 0 &&
	    (tv.tv_sec || tv.tv_usec))
		c->deadline = now_ms() + (long long)tv.tv_sec * 1000 +
			      (tv.tv_usec + 999) / 1000;
	c->next = s->parked;
	s->parked = c;
}

/* Run c (fresh, or a parked one whose socket became readable); frees it
 * unless it stays parked. */
static void run(struct sc *s, struct sc_call *c)
{
	long ret;

	if (c->n.data.nr == __NR_socket) {
		ret = do_socket(s, c);
	} else {
		if (c->fd < 0)
			c->fd = (int)syscall(SYS_pidfd_getfd, c->pidfd,
					     (int)c->n.data.args[0], 0);
		if (!c->sk && c->fd >= 0)
			c->sk = sock_lookup(s, c);
		ret = c->sk ? dispatch(s, c) : SC_CONTINUE;
	}
	if (ret == SC_PARKED) {
		park(s, c);
		return;
	}
	if (ret != SC_ANSWERED)
		answer(s, c, ret);
	call_free(c);
}

static void take_notification(struct sc *s, size_t size)
{
	struct sc_call *c = calloc(1, sizeof(*c) + size);
	struct seccomp_notif *n;

	if (!c)
		return;
	/* The kernel's struct may be larger than ours: receive into room
	 * after it, keep what we know. */
	n = (struct seccomp_notif *)(c + 1);
	c->fd = -1;
	c->pidfd = -1;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) {
		free(c);
		return;
	}
	memcpy(&c->n, n, sizeof(c->n));
	c->pidfd = pidfd_of((pid_t)c->n.pid);
	if (c->pidfd < 0 || !id_valid(s, c)) {
		/* gone already: its answer can only fail */
		answer(s, c, -ENOENT);
		call_free(c);
		return;
	}
	run(s, c);
}

/* Parked receives: the readable ones run again, the expired ones get
 * EAGAIN, those whose caller went away (a signal, a kill) are dropped. */
static void run_parked(struct sc *s, const struct pollfd *pf, size_t n,
		       bool sweep)
{
	struct sc_call **pp = &s->parked, *ready = NULL;
	long long now = now_ms();
	size_t i = 0;

	while (*pp && i < n) {
		struct sc_call *c = *pp;
		bool go = pf[i++].revents != 0;

		if (!go && c->deadline >= 0 && now >= c->deadline) {
			*pp = c->next;
			answer(s, c, -EAGAIN);
			call_free(c);
		} else if (!go && sweep && !id_valid(s, c)) {
			*pp = c->next;
			call_free(c);
		} else if (go) {
			*pp = c->next;
			c->next = ready;
			ready = c;
		} else {
			pp = &c->next;
		}
	}
	while (ready) {
		struct sc_call *c = ready;

		ready = c->next;
		c->next = NULL;
		run(s, c);
	}
}

static int poll_timeout(const struct sc *s)
{
	long long now = now_ms(), t = s->parked ? SC_SWEEP_MS : -1;

	for (const struct sc_call *c = s->parked; c; c = c->next)
		if (c->deadline >= 0 && (t < 0 || c->deadline - now < t))
			t = c->deadline > now ? c->deadline - now : 0;
	return (int)t;
}

static int serve_loop(struct sc *s, int child_pidfd, size_t notif_size)
{
	long long last_sweep = now_ms();

	for (;;) {
		size_t np = 0, i = 2;
		struct pollfd *pf;
		bool hup;
		int r;

		for (struct sc_call *c = s->parked; c; c = c->next)
			np++;
		pf = calloc(np + 2, sizeof(*pf));
		if (!pf)
			return -ENOMEM;
		pf[0] = (struct pollfd){ .fd = s->listener, .events = POLLIN };
		pf[1] = (struct pollfd){ .fd = child_pidfd, .events = POLLIN };
		for (struct sc_call *c = s->parked; c; c = c->next)
			pf[i++] = (struct pollfd){ .fd = c->fd,
						   .events = POLLIN };
		r = poll(pf, np + 2, poll_timeout(s));
		if (r < 0 && errno != EINTR) {
			free(pf);
			return -errno;
		}
		if (r > 0 && (pf[1].revents & POLLIN)) {
			free(pf);
			return 0;
		}
		if (r > 0 && (pf[0].revents & POLLIN))
			take_notification(s, notif_size);
		if (np) {
			bool sweep = now_ms() - last_sweep >= SC_SWEEP_MS;

			run_parked(s, pf + 2, np, sweep);
			if (sweep)
				last_sweep = now_ms();
		}
		hup = r > 0 && (pf[0].revents & (POLLHUP | POLLERR)) &&
		      !(pf[0].revents & POLLIN);
		free(pf);
		if (hup)
			return 0; /* no process uses the filter any more */
	}
}

int unl_sc_serve(int listener, int conn, int base, int net_fd, pid_t child)
{
	struct sc s = { .listener = listener, .conn = conn, .base = base,
			.net_fd = net_fd };
	struct seccomp_notif_sizes sizes;
	int child_pidfd, status = 0, err;

	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		sizes.seccomp_notif = sizeof(struct seccomp_notif);
	child_pidfd = pidfd_of(child);
	if (child_pidfd < 0)
		return child_pidfd;
	err = serve_loop(&s, child_pidfd, sizes.seccomp_notif);
	close(child_pidfd);
	if (err < 0)
		kill(child, SIGKILL);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	while (s.parked) {
		struct sc_call *c = s.parked;

		s.parked = c->next;
		call_free(c);
	}
	while (s.socks) {
		struct sc_sock *k = s.socks;

		s.socks = k->next;
		if (k->page)
			munmap(k->page, sizeof(*k->page));
		free(k);
	}
	return err < 0 ? err : status;
}
