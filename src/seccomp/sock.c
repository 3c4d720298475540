// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The socket calls of a trapped child, each forwarded as the wire op the
 * shim sends for it (src/shim/sock.c), send and receive aside (msg.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"

/* ---- sockets ------------------------------------------------------- */

long sc_sock_error(struct sc *s, struct sc_call *c, int keep)
{
	struct unl_wire_req req = { .op = UNL_OP_SOCK_ERROR, .a0 = keep };
	struct unl_wire_rep rep;

	return sc_sock_call(s, c, &req, NULL, 0, &rep, NULL, 0);
}

static uint64_t cookie_of(int fd)
{
	uint64_t ck = 0;
	socklen_t l = sizeof(ck);

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &ck, &l) < 0)
		return 0;
	return ck;
}

struct sc_sock *sc_sock_find(struct sc *s, uint64_t cookie)
{
	for (struct sc_sock *k = s->socks; k; k = k->next)
		if (k->cookie == cookie)
			return k;
	return NULL;
}

/* The slot an answer to CREATE or ATTACH names (rbuf, n bytes), in the
 * pool that came with it (memfd, not owned) or the one we have; NULL
 * when there is none. */
static struct unl_wire_shm *slot_of(struct sc *s, int memfd,
				    const struct unl_wire_slot *ws, size_t n)
{
	struct stat st;
	void *p;

	if (n < sizeof(*ws) ||
	    ws->slot >= UNL_WIRE_POOL_BYTES / sizeof(struct unl_wire_shm))
		return NULL;
	/* One connection, one pool: it comes once. */
	if (memfd >= 0 && !s->pool) {
		if (fstat(memfd, &st) < 0 ||
		    st.st_size < (off_t)((ws->slot + 1ull) *
					 sizeof(struct unl_wire_shm)))
			return NULL;
		p = mmap(NULL, UNL_WIRE_POOL_BYTES, PROT_READ, MAP_SHARED,
			 memfd, 0);
		if (p == MAP_FAILED)
			return NULL;
		s->pool = p;
	}
	return s->pool ? s->pool + ws->slot : NULL;
}

static struct sc_sock *sock_add(struct sc *s, uint64_t cookie, uint32_t id,
				int memfd, const struct unl_wire_slot *ws,
				size_t n)
{
	struct sc_sock *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->page = slot_of(s, memfd, ws, n);
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
struct sc_sock *sc_sock_lookup(struct sc *s, struct sc_call *c)
{
	return sc_sock_of(s, c->fd);
}

struct sc_sock *sc_sock_of(struct sc *s, int fd)
{
	struct unl_wire_req req = { .op = UNL_OP_ATTACH, .a0 = !s->pool };
	struct unl_wire_slot ws = { 0 };
	struct unl_wire_rep rep;
	uint64_t ck = cookie_of(fd);
	struct sc_sock *k;
	int type = 0, memfd;
	socklen_t l = sizeof(type);

	if (!ck)
		return NULL;
	k = sc_sock_find(s, ck);
	if (k)
		return k;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) < 0 ||
	    type != SOCK_SEQPACKET)
		return NULL;
	if (unl_sc_wire_call(s->conn, &req, NULL, 0, fd, &rep, &ws,
			     sizeof(ws), &memfd, 1) < 0 || rep.ret < 0) {
		if (memfd >= 0)
			close(memfd);
		return NULL;
	}
	k = sock_add(s, ck, (uint32_t)rep.ret, memfd, &ws, rep.len);
	if (memfd >= 0)
		close(memfd);
	return k;
}

void sc_sock_free(struct sc_sock *k)
{
	free(k);
}

/*
 * A socket that came with SCM_RIGHTS.  The sender may have closed its
 * own descriptor before the receiver took it: its CLOSE is still to be
 * sent (sc_closed_flush()), and would make the daemon forget the socket
 * that lives on in the one passed.  It goes back among the known ones,
 * its CLOSE not sent.  Else as sc_sock_of().
 */
struct sc_sock *sc_sock_of_passed(struct sc *s, int fd)
{
	uint64_t ck = cookie_of(fd);

	for (struct sc_sock **pp = &s->closing; ck && *pp; pp = &(*pp)->next) {
		struct sc_sock *k = *pp;

		if (k->cookie != ck)
			continue;
		*pp = k->next;
		k->next = s->socks;
		s->socks = k;
		return k;
	}
	return sc_sock_of(s, fd);
}

/*
 * close(): the kernel closes the descriptor (CONTINUE), then the daemon
 * is told, as the shim tells it after its close, so that the socket and
 * its portid go before the next request (UNL_OP_CLOSE).  The CLOSE waits
 * for the next notification: by then the closing thread's close() has
 * returned.  If the socket lives on in another descriptor (dup, fork),
 * the daemon keeps it and a later call attaches it again.
 */
static long do_close(struct sc *s, struct sc_call *c)
{
	/* our copy must not outlive the child's (the daemon frees the
	 * socket when the last one closes) */
	sc_copy_forget();
	for (struct sc_sock **pp = &s->socks; *pp; pp = &(*pp)->next) {
		if (*pp != c->sk)
			continue;
		*pp = c->sk->next;
		c->sk->next = s->closing;
		s->closing = c->sk;
		break;
	}
	return SC_CONTINUE;
}

static bool sock_parked(const struct sc *s, const struct sc_sock *k)
{
	for (const struct sc_call *c = s->parked; c; c = c->next)
		if (c->sk == k)
			return true;
	return false;
}

void sc_closed_flush(struct sc *s)
{
	struct sc_sock **pp = &s->closing;

	while (*pp) {
		struct sc_sock *k = *pp;
		struct unl_wire_req req = { .op = UNL_OP_CLOSE, .sock = k->id };

		/* A receive still asleep on it keeps it (as in Linux, where
		 * it holds the file). */
		if (sock_parked(s, k)) {
			pp = &k->next;
			continue;
		}
		*pp = k->next;
		unl_sc_wire_post(s->conn, &req, NULL, 0);
		sc_sock_free(k);
	}
}

/* A request about c's socket with no descriptors either way. */
int sc_sock_call(struct sc *s, struct sc_call *c, struct unl_wire_req *req,
		     const struct iovec *iov, int iovcnt,
		     struct unl_wire_rep *rep, void *rbuf, size_t rcap)
{
	int err;

	req->sock = c->sk->id;
	req->consumed = c->sk->pending;
	c->sk->pending = 0;
	err = unl_sc_wire_call(s->conn, req, iov, iovcnt, -1, rep, rbuf, rcap,
			       NULL, 0);
	return err ? err : rep->ret;
}

int sc_sock_call_fd(struct sc *s, struct sc_call *c, struct unl_wire_req *req,
		    int fd_in, struct unl_wire_rep *rep)
{
	int err;

	req->sock = c->sk->id;
	req->consumed = c->sk->pending;
	c->sk->pending = 0;
	err = unl_sc_wire_call(s->conn, req, NULL, 0, fd_in, rep, NULL, 0,
			       NULL, 0);
	return err ? err : rep->ret;
}

/* socket(AF_NETLINK, type, protocol): sock_create() of the shim. */
long sc_socket(struct sc *s, struct sc_call *c)
{
	int type = (int)c->n.data.args[1], proto = (int)c->n.data.args[2];
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct unl_wire_req req = { .op = UNL_OP_CREATE, .a0 = type,
				    .a1 = proto, .a2 = !s->pool };
	struct unl_wire_slot ws = { 0 };
	struct unl_wire_rep rep;
	int fds[2], err, net;
	long ret;

	if (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC) || base >= SOCK_MAX)
		return -EINVAL;
	/* made in the process's net (netns.c) */
	err = unl_sc_wire_call(s->conn, &req, NULL, 0, sc_net_of(s, c, &net),
			       &rep, &ws, sizeof(ws), fds, 2);
	if (net >= 0)
		close(net);
	if (err)
		return err;
	if (rep.ret < 0)
		return rep.ret;
	if (fds[0] < 0 || !slot_of(s, fds[1], &ws, rep.len)) {
		ret = -EPROTO;
		goto out;
	}
	if (type & SOCK_NONBLOCK)
		fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	if (!sock_add(s, cookie_of(fds[0]), (uint32_t)rep.ret, fds[1], &ws,
		      rep.len)) {
		ret = -ENOMEM;
		goto out;
	}
	if (unl_sc_native_send()) {
		/* the measured design: its sends are read by the daemon
		 * from the data socket before the child can write one */
		struct unl_wire_req dreq = { .op = UNL_OP_DATA_SENDS,
					     .sock = (uint32_t)rep.ret,
					     .a0 = 1 };
		struct unl_wire_rep drep;

		unl_sc_wire_call(s->conn, &dreq, NULL, 0, -1, &drep, NULL, 0,
				 NULL, 0);
	}
	ret = sc_id_valid(s, c) ? sc_child_install(s, c, fds[0], 0,
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
	return sc_mem_read(c, addr, ss, len);
}

static long do_addr_op(struct sc *s, struct sc_call *c, uint32_t op)
{
	struct sockaddr_storage ss;
	uint64_t len = (uint32_t)c->n.data.args[2];
	struct unl_wire_req req = { .op = op };
	struct unl_wire_rep rep;
	struct iovec v = { &ss, len };
	int err = addr_in(c, c->n.data.args[1], len, &ss);

	if (err)
		return err;
	c->acted = true;
	return sc_sock_call(s, c, &req, &v, 1, &rep, NULL, 0);
}

/* move_addr_to_user(): what fits, and the full length. */
static int addr_out(const struct sc_call *c, uint64_t uaddr, uint64_t ulenp,
		    const void *kaddr, size_t klen)
{
	int len;
	socklen_t full = (socklen_t)klen;

	if (!ulenp)
		return -EFAULT;
	if (sc_mem_read(c, ulenp, &len, sizeof(len)))
		return -EFAULT;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len && (!uaddr || sc_mem_write(c, uaddr, kaddr, (size_t)len)))
		return -EFAULT;
	return sc_mem_write(c, ulenp, &full, sizeof(full));
}

static long do_getname(struct sc *s, struct sc_call *c, bool peer)
{
	struct unl_wire_req req = {
		.op = peer ? UNL_OP_GETPEERNAME : UNL_OP_GETSOCKNAME };
	struct sockaddr_storage ss;
	struct unl_wire_rep rep;
	int ret = sc_sock_call(s, c, &req, NULL, 0, &rep, &ss, sizeof(ss));

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
	ret = sc_mem_read(c, val, buf, v[0].iov_len);
	if (!ret && level == SOL_SOCKET && name == SO_ATTACH_FILTER &&
	    len == sizeof(prog)) {
		/* The instructions follow the struct (wire.h). */
		memcpy(&prog, buf, sizeof(prog));
		if (prog.filter && prog.len && prog.len <= BPF_MAXINSNS) {
			v[1].iov_len = prog.len * sizeof(struct sock_filter);
			insns = malloc(v[1].iov_len);
			ret = insns ? sc_mem_read(c, (uintptr_t)prog.filter, insns,
					       v[1].iov_len)
				    : -ENOMEM;
			v[1].iov_base = insns;
		}
		prog.filter = NULL;
		memcpy(buf, &prog, sizeof(prog));
	}
	if (!ret) {
		c->acted = true;
		ret = sc_sock_call(s, c, &req, v, 2, &rep, NULL, 0);
	}
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

	if (!lenp || sc_mem_read(c, lenp, &len, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len && !val)
		return -EFAULT;
	/* SO_ERROR: the daemon takes the error the status slot shows. */
	if ((size_t)len > SC_MAX_PAYLOAD)
		len = (int)SC_MAX_PAYLOAD;
	buf = malloc(len ? (size_t)len : 1);
	if (!buf)
		return -ENOMEM;
	req.a2 = len;
	ret = sc_sock_call(s, c, &req, NULL, 0, &rep, buf, (size_t)len);
	if (ret >= 0) {
		int l = (int)rep.len;
		size_t copy = rep.len < (size_t)len ? rep.len : (size_t)len;

		ret = sc_mem_write(c, val, buf, copy) ||
		      sc_mem_write(c, lenp, &l, sizeof(l)) ? -EFAULT : 0;
	}
	free(buf);
	return ret;
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
long sc_dup(struct sc *s, struct sc_call *c)
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
	return sc_child_install(s, c, c->fd, min, cloexec);
}

/*
 * dup2() or dup3() of a socket of ours (or a file written through the
 * daemon) to a number: in the range, the kernel's (calls on the copy
 * trap, found by its cookie); below it, calls on the copy would run on
 * the data socket in the kernel, unseen: refused with EBUSY, which
 * Linux returns when the number is being opened meanwhile
 * (docs/conformance.md).  Bad arguments are the kernel's to refuse.
 */
long sc_dup_to(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	int to = (int)a[1];

	if (to < 0 || (int)a[0] == to ||
	    (to >= s->base && to < s->base + UNL_SC_RANGE))
		return SC_CONTINUE;
	if (c->n.data.nr == __NR_dup3 && ((int)a[2] & ~O_CLOEXEC))
		return SC_CONTINUE;
	return -EBUSY;
}

/* One handler per trapped call on one of our sockets. */
long sc_dispatch(struct sc *s, struct sc_call *c)
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
	case __NR_sendmmsg:
	case __NR_write:
	case __NR_writev:
		return sc_send(s, c);
	case __NR_recvfrom:
	case __NR_recvmsg:
	case __NR_recvmmsg:
	case __NR_read:
	case __NR_readv:
		return sc_recv(s, c);
	case __NR_ioctl:
		return do_ioctl(s, c);
	case __NR_dup:
	case __NR_fcntl:
		return sc_dup(s, c);
#ifdef __NR_dup2
	case __NR_dup2:
#endif
	case __NR_dup3:
		return sc_dup_to(s, c);
	case __NR_close:
		return do_close(s, c);
	case __NR_listen:
	case __NR_accept:
	case __NR_accept4:
	case __NR_shutdown:
		/* sock_no_listen(), sock_no_accept(), sock_no_shutdown() */
		return -EOPNOTSUPP;
	}
	return -ENOSYS;
}

/* Send the answer: ret is a value, -errno or SC_CONTINUE.  0, or -errno
 * when the caller is gone (ENOENT). */
