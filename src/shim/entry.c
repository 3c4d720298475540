// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The interposed libc symbols, the only ones the library exports.
 *
 * Each looks its descriptor up in the table (two loads, no system call)
 * and hands anything that is not a netlink socket of ours to the next
 * definition untouched.  For our sockets the work is done in sock.c,
 * which returns -errno; shim_ret() below is the one place where that
 * becomes -1 and errno, as in musl's __syscall_ret().
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/ebt-shape.h"
#include "wire/epoll-err.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

long shim_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* Declared by <bits/socket2.h> and <bits/unistd.h> only under
 * _FORTIFY_SOURCE, which this library is built without. */
SHIM_EXPORT ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen,
			       int flags);
SHIM_EXPORT ssize_t __recvfrom_chk(int fd, void *buf, size_t len,
				   size_t buflen, int flags,
				   struct sockaddr *addr, socklen_t *alen);
SHIM_EXPORT ssize_t __read_chk(int fd, void *buf, size_t nbytes,
			       size_t buflen);
SHIM_EXPORT int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout,
			   size_t fdslen);
SHIM_EXPORT int __ppoll_chk(struct pollfd *fds, nfds_t nfds,
			    const struct timespec *tmo, const sigset_t *sigmask,
			    size_t fdslen);
/* glibc's system-call wrapper, declared by libcap's <sys/capability.h>
 * only. */
SHIM_EXPORT int capset(cap_user_header_t hdr, const cap_user_data_t data);
extern void __chk_fail(void) __attribute__((noreturn));

/* A descriptor that libc just handed out cannot be a netlink socket of
 * ours: a stale entry (closed behind our back) must not capture it. */
static int fresh_fd(int fd)
{
	if (fd >= 0 && shim_table_has(fd))
		shim_table_clear(fd);
	return fd;
}

/* For read() and write(), which may run before shim_real is filled in
 * (the dynamic loader, constructors): only a descriptor the table holds
 * is looked up, so the others neither fill shim_real in nor take the
 * table lock. */
static struct shim_sock *sock_get_early(int fd)
{
	return shim_table_has(fd) ? shim_sock_get(fd) : NULL;
}

/* ---- creation ---------------------------------------------------- */

SHIM_EXPORT int socket(int domain, int type, int protocol)
{
	int fd = -1, saved_errno, r;

	shim_real_ensure();
	if (domain != AF_NETLINK)
		return fresh_fd(shim_real.socket(domain, type, protocol));
	/* a socket made leaves errno as the system call does, untouched
	 * (nfct prints errno after a success: the daemon's first answer,
	 * waited for, left EAGAIN there) */
	saved_errno = errno;
	r = (int)shim_ret(sock_create(type, protocol, &fd) ?: fd);
	if (r >= 0)
		errno = saved_errno;
	return r;
}

SHIM_EXPORT int socketpair(int domain, int type, int protocol, int sv[2])
{
	int r;

	shim_real_ensure();
	if (domain == AF_NETLINK) {
		/* sock_no_socketpair(), after the socket layer's checks. */
		if (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC))
			return (int)shim_ret(-EINVAL);
		return (int)shim_ret(-EOPNOTSUPP);
	}
	r = shim_real.socketpair(domain, type, protocol, sv);
	if (r == 0) {
		fresh_fd(sv[0]);
		fresh_fd(sv[1]);
	}
	return r;
}

/* ---- addresses --------------------------------------------------- */

SHIM_EXPORT int bind(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r;

	if (!sk)
		return shim_real.bind(fd, addr.__sockaddr__, len);
	r = sock_bind(sk, fd, addr.__sockaddr__, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

SHIM_EXPORT int connect(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r;

	if (!sk)
		return shim_real.connect(fd, addr.__sockaddr__, len);
	r = sock_connect(sk, fd, addr.__sockaddr__, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

SHIM_EXPORT int getsockname(int fd, __SOCKADDR_ARG addr, socklen_t *len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r;

	if (!sk)
		return shim_real.getsockname(fd, addr.__sockaddr__, len);
	r = sock_getname(sk, fd, false, addr.__sockaddr__, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

SHIM_EXPORT int getpeername(int fd, __SOCKADDR_ARG addr, socklen_t *len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r;

	if (!sk)
		return shim_real.getpeername(fd, addr.__sockaddr__, len);
	r = sock_getname(sk, fd, true, addr.__sockaddr__, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

/* ---- what netlink does not do ------------------------------------ */

/* sock_no_listen(), sock_no_accept(), sock_no_shutdown(): a data socket
 * would answer differently (and shutdown() would break it). */
static int no_op(int fd, bool *mine)
{
	struct shim_sock *sk = shim_sock_get(fd);

	*mine = sk != NULL;
	shim_sock_put(sk);
	return *mine ? (int)shim_ret(-EOPNOTSUPP) : 0;
}

SHIM_EXPORT int listen(int fd, int backlog)
{
	bool mine;
	int r = no_op(fd, &mine);

	return mine ? r : shim_real.listen(fd, backlog);
}

SHIM_EXPORT int accept(int fd, __SOCKADDR_ARG addr, socklen_t *len)
{
	bool mine;
	int r = no_op(fd, &mine);

	return mine ? r : fresh_fd(shim_real.accept(fd, addr.__sockaddr__, len));
}

SHIM_EXPORT int accept4(int fd, __SOCKADDR_ARG addr, socklen_t *len,
			int flags)
{
	bool mine;
	int r = no_op(fd, &mine);

	return mine ? r
		    : fresh_fd(shim_real.accept4(fd, addr.__sockaddr__, len,
						 flags));
}

SHIM_EXPORT int shutdown(int fd, int how)
{
	bool mine;
	int r = no_op(fd, &mine);

	return mine ? r : shim_real.shutdown(fd, how);
}

/* ---- sending ----------------------------------------------------- */

static ssize_t send_one(struct shim_sock *sk, int fd, const void *buf,
			size_t len, int flags, const struct sockaddr *addr,
			socklen_t alen)
{
	struct iovec v = { (void *)buf, len };
	struct msghdr m = {
		.msg_name = (void *)addr,
		.msg_namelen = addr ? alen : 0,
		.msg_iov = &v,
		.msg_iovlen = 1,
	};

	/* sendto() goes through move_addr_to_kernel(), which refuses what
	 * sendmsg() would clamp. */
	if (addr && ((int)alen < 0 || alen > sizeof(struct sockaddr_storage)))
		return -EINVAL;
	return sock_sendmsg(sk, fd, &m, flags);
}

SHIM_EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);
	ssize_t r;

	if (!sk)
		return shim_real.send(fd, buf, len, flags);
	r = send_one(sk, fd, buf, len, flags, NULL, 0);
	shim_sock_put(sk);
	return shim_ret(r);
}

SHIM_EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
			   __CONST_SOCKADDR_ARG addr, socklen_t alen)
{
	struct shim_sock *sk = shim_sock_get(fd);
	ssize_t r;

	if (!sk)
		return shim_real.sendto(fd, buf, len, flags, addr.__sockaddr__,
					alen);
	r = send_one(sk, fd, buf, len, flags, addr.__sockaddr__, alen);
	shim_sock_put(sk);
	return shim_ret(r);
}

SHIM_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);
	ssize_t r;

	if (!sk)
		return shim_real.sendmsg(fd, msg, flags);
	r = msg ? sock_sendmsg(sk, fd, msg, flags) : -EFAULT;
	shim_sock_put(sk);
	return shim_ret(r);
}

SHIM_EXPORT int sendmmsg(int fd, struct mmsghdr *vec, unsigned int n,
			 int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);
	ssize_t r = 0;
	unsigned int i;

	if (!sk)
		return shim_real.sendmmsg(fd, vec, n, flags);
	if (n > UIO_MAXIOV)
		n = UIO_MAXIOV;
	/* __sys_sendmmsg(): the count sent if any, else the error. */
	for (i = 0; i < n; i++) {
		r = sock_sendmsg(sk, fd, &vec[i].msg_hdr, flags);
		if (r < 0)
			break;
		vec[i].msg_len = (unsigned int)r;
	}
	shim_sock_put(sk);
	return i ? (int)i : (int)shim_ret(r);
}

SHIM_EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	struct shim_sock *sk = sock_get_early(fd);
	ssize_t r;

	if (atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed) &&
	    shim_files_write(fd, buf, len, &r))
		return shim_ret(r);
	if (sk) {
		r = send_one(sk, fd, buf, len, 0, NULL, 0);
		shim_sock_put(sk);
		return shim_ret(r);
	}
	if (!atomic_load_explicit(&shim_real_ready, memory_order_acquire))
		return shim_sys(SYS_write, fd, buf, len);
	return shim_real.write(fd, buf, len);
}

SHIM_EXPORT ssize_t writev(int fd, const struct iovec *iov, int n)
{
	struct shim_sock *sk = shim_sock_get(fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov };
	ssize_t r;

	if (!sk)
		return shim_real.writev(fd, iov, n);
	if (n < 0 || n > UIO_MAXIOV) {
		r = -EINVAL;
	} else {
		m.msg_iovlen = (size_t)n;
		r = sock_sendmsg(sk, fd, &m, 0);
	}
	shim_sock_put(sk);
	return shim_ret(r);
}

/* ---- receiving --------------------------------------------------- */

static ssize_t recv_one(struct shim_sock *sk, int fd, void *buf, size_t len,
			int flags, struct sockaddr *addr, socklen_t *alen)
{
	struct iovec v = { buf, len };
	struct msghdr m = {
		.msg_name = addr,
		.msg_iov = &v,
		.msg_iovlen = 1,
	};
	ssize_t r;

	if (addr) {
		if (!alen)
			return -EFAULT;
		m.msg_namelen = *alen;
	}
	r = sock_recvmsg(sk, fd, &m, flags);
	/* __sys_recvfrom(): the address length goes back as
	 * move_addr_to_user() reports it. */
	if (r >= 0 && addr)
		*alen = m.msg_namelen;
	return r;
}

/*
 * recv(), recvfrom() and read() on a socket of ours, and their fortified
 * twins.  bound is the size of the caller's buffer as the compiler saw it
 * (SIZE_MAX for the plain calls): glibc's __recv_chk() and friends fail
 * the same way when len goes past it.  Drops the reference on sk.
 */
static ssize_t recv_sock(struct shim_sock *sk, int fd, void *buf, size_t len,
			 size_t bound, int flags, struct sockaddr *addr,
			 socklen_t *alen)
{
	ssize_t r;

	if (len > bound)
		__chk_fail();
	r = recv_one(sk, fd, buf, len, flags, addr, alen);
	shim_sock_put(sk);
	return shim_ret(r);
}

SHIM_EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);

	if (!sk)
		return shim_real.recv(fd, buf, len, flags);
	return recv_sock(sk, fd, buf, len, SIZE_MAX, flags, NULL, NULL);
}

SHIM_EXPORT ssize_t recvfrom(int fd, void *__restrict buf, size_t len,
			     int flags, __SOCKADDR_ARG addr,
			     socklen_t *__restrict alen)
{
	struct shim_sock *sk = shim_sock_get(fd);

	if (!sk)
		return shim_real.recvfrom(fd, buf, len, flags,
					  addr.__sockaddr__, alen);
	return recv_sock(sk, fd, buf, len, SIZE_MAX, flags, addr.__sockaddr__,
			 alen);
}

SHIM_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);
	ssize_t r;

	if (!sk) {
		r = shim_real.recvmsg(fd, msg, flags);
		/* a peek installs the descriptors too (scm_recv()) */
		if (r >= 0)
			shim_table_note_received(msg);
		return r;
	}
	r = msg ? sock_recvmsg(sk, fd, msg, flags) : -EFAULT;
	shim_sock_put(sk);
	return shim_ret(r);
}

static int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

SHIM_EXPORT int recvmmsg(int fd, struct mmsghdr *vec, unsigned int n,
			 int flags, struct timespec *tmo)
{
	struct shim_sock *sk = shim_sock_get(fd);
	struct timespec now;
	int64_t end = 0;
	unsigned int i;
	ssize_t r = 0;

	if (!sk) {
		int got = shim_real.recvmmsg(fd, vec, n, flags, tmo);

		for (int k = 0; k < got; k++)
			shim_table_note_received(&vec[k].msg_hdr);
		return got;
	}
	if (tmo) {
		if (tmo->tv_sec < 0 || tmo->tv_nsec < 0 ||
		    tmo->tv_nsec >= 1000000000) {
			shim_sock_put(sk);
			return (int)shim_ret(-EINVAL);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		end = ts_ns(&now) + ts_ns(tmo);
	}
	/* do_recvmmsg(): the timeout is only looked at between datagrams. */
	for (i = 0; i < n; i++) {
		r = sock_recvmsg(sk, fd, &vec[i].msg_hdr, flags);
		if (r < 0)
			break;
		vec[i].msg_len = (unsigned int)r;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (tmo) {
			int64_t left;

			clock_gettime(CLOCK_MONOTONIC, &now);
			left = end - ts_ns(&now);
			if (left < 0)
				left = 0;
			tmo->tv_sec = left / 1000000000;
			tmo->tv_nsec = left % 1000000000;
			if (!left) {
				i++;
				break;
			}
		}
	}
	if (i && r < 0 && r != -EAGAIN) {
		/* The error is kept for the next call, as sk_err. */
		int saved = errno;

		sock_error(sk, fd, (int)-r);
		errno = saved;
	}
	shim_sock_put(sk);
	return i ? (int)i : (int)shim_ret(r);
}

SHIM_EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	struct shim_sock *sk = sock_get_early(fd);

	ssize_t r;

	if (sk)
		return recv_sock(sk, fd, buf, len, SIZE_MAX, 0, NULL, NULL);
	if (atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed) &&
	    shim_files_read(fd, &r))
		return shim_ret(r);
	if (!atomic_load_explicit(&shim_real_ready, memory_order_acquire))
		return shim_sys(SYS_read, fd, buf, len);
	return shim_real.read(fd, buf, len);
}

SHIM_EXPORT ssize_t readv(int fd, const struct iovec *iov, int n)
{
	struct shim_sock *sk = shim_sock_get(fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov };
	ssize_t r;

	if (!sk)
		return shim_real.readv(fd, iov, n);
	if (n < 0 || n > UIO_MAXIOV) {
		r = -EINVAL;
	} else {
		m.msg_iovlen = (size_t)n;
		r = sock_recvmsg(sk, fd, &m, 0);
	}
	shim_sock_put(sk);
	return shim_ret(r);
}

/* The fortified entry points of programs built with _FORTIFY_SOURCE
 * (iproute2 is): the same bound check glibc makes, then the call. */
SHIM_EXPORT ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen,
			       int flags)
{
	struct shim_sock *sk = shim_sock_get(fd);

	if (!sk)
		return shim_real.recv_chk(fd, buf, len, buflen, flags);
	return recv_sock(sk, fd, buf, len, buflen, flags, NULL, NULL);
}

SHIM_EXPORT ssize_t __recvfrom_chk(int fd, void *buf, size_t len,
				   size_t buflen, int flags,
				   struct sockaddr *addr, socklen_t *alen)
{
	struct shim_sock *sk = shim_sock_get(fd);

	if (!sk)
		return shim_real.recvfrom_chk(fd, buf, len, buflen, flags, addr,
					      alen);
	return recv_sock(sk, fd, buf, len, buflen, flags, addr, alen);
}

SHIM_EXPORT ssize_t __read_chk(int fd, void *buf, size_t nbytes,
			       size_t buflen)
{
	struct shim_sock *sk = shim_sock_get(fd);

	if (!sk)
		return shim_real.read_chk(fd, buf, nbytes, buflen);
	return recv_sock(sk, fd, buf, nbytes, buflen, 0, NULL, NULL);
}

/* ---- options ----------------------------------------------------- */

SHIM_EXPORT int setsockopt(int fd, int level, int name, const void *val,
			   socklen_t len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r, pf;

	if (!sk) {
		pf = shim_xt_pf(fd, level, name, true);
		if (pf >= 0 && unl_wire_is_ebt(pf, name))
			return (int)shim_ret(shim_ebt_sockopt(
				name, true, (void *)(uintptr_t)val,
				(int32_t)len));
		if (pf >= 0)
			return (int)shim_ret(shim_xt_setsockopt(pf, name, val,
								len));
		return shim_real.setsockopt(fd, level, name, val, len);
	}
	r = sock_setsockopt(sk, fd, level, name, val, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

SHIM_EXPORT int getsockopt(int fd, int level, int name, void *__restrict val,
			   socklen_t *__restrict len)
{
	struct shim_sock *sk = shim_sock_get(fd);
	int r, pf;

	if (!sk) {
		pf = shim_xt_pf(fd, level, name, false);
		if (pf >= 0 && unl_wire_is_ebt(pf, name))
			return (int)shim_ret(
				len ? shim_ebt_sockopt(name, false, val,
						       (int32_t)*len)
				    : -EFAULT);
		if (pf >= 0)
			return (int)shim_ret(shim_xt_getsockopt(pf, name, val,
								len));
		if (shim_nf_sockopt_ours(fd, level, name))
			return (int)shim_ret(shim_nf_sockopt(level, name, val,
							     len));
		return shim_real.getsockopt(fd, level, name, val, len);
	}
	r = sock_getsockopt(sk, fd, level, name, val, len);
	shim_sock_put(sk);
	return (int)shim_ret(r);
}

static void watched(int fd);

/* O_ASYNC, F_SETOWN, F_SETSIG, FIOASYNC...: SIGIO tells of readiness, so
 * the socket is watched for it (see watched()). */
static void async_armed(int fd)
{
	watched(fd);
	shim_pay();
}

SHIM_EXPORT int ioctl(int fd, unsigned long req, ...)
{
	struct shim_sock *sk;
	va_list ap;
	void *arg;
	int r = 1;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	/* Device requests go to the stack the program sees, never to the
	 * kernel's devices, on any socket: ours too, since netlink_ioctl()
	 * knows none and Linux then asks dev_ioctl().  (0x89xx and 0x8bxx
	 * mean something else, or nothing, on other files.) */
	if (((req & 0xff00) == 0x8900 || (req & 0xff00) == 0x8b00) &&
	    atomic_load_explicit(&shim_real_ready, memory_order_acquire)) {
		r = shim_dev_ioctl(fd, req, arg);
		if (r <= 0)
			return (int)shim_ret(r);
	}
	/* tun and tap devices are the model's */
	if ((req & 0xff00) == 0x5400 &&
	    atomic_load_explicit(&shim_real_ready, memory_order_acquire)) {
		r = shim_tun_ioctl(fd, req, arg);
		if (r != 1)
			return (int)shim_ret(r);
	}
	/* NS_GET_NSTYPE and friends on a namespace handle */
	if ((req & 0xff00) == 0xb700 &&
	    atomic_load_explicit(&shim_real_ready, memory_order_acquire)) {
		r = shim_ns_ioctl(fd, req, arg);
		if (r != 1)
			return (int)shim_ret(r);
	}
	if (!shim_table_has(fd))
		goto pass;
	if (req == FIOASYNC || req == FIOSETOWN || req == SIOCSPGRP)
		async_armed(fd);
	sk = shim_sock_get(fd);
	if (sk) {
		r = sock_ioctl(sk, fd, req, arg);
		shim_sock_put(sk);
	}
	if (r <= 0)
		return (int)shim_ret(r);
pass:
	if (!atomic_load_explicit(&shim_real_ready, memory_order_acquire))
		return (int)shim_sys(SYS_ioctl, fd, req, arg);
	return shim_real.ioctl(fd, req, arg);
}

/* ---- descriptors ------------------------------------------------- */

SHIM_EXPORT int close(int fd)
{
	struct shim_sock *sk;
	int r;

	/* The process's net goes across exec on this one: a program that
	 * closes what it does not know (all of them) keeps its net. */
	if (fd >= 0 && fd == atomic_load(&shim_carrier_fd))
		return 0;
	if (atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed)) {
		shim_files_flush(fd);
		shim_files_forget(fd);
	}
	if (!shim_table_has(fd) || shim_in_shared_child()) {
		if (!atomic_load_explicit(&shim_real_ready,
					  memory_order_acquire))
			return (int)shim_sys(SYS_close, fd);
		return shim_real.close(fd);
	}
	/* Out of the table before the number is free for another thread's
	 * socket(); the reference dropped after, so that the CLOSE it may
	 * send finds the data socket already closed. */
	sk = shim_table_take(fd);
	r = shim_real.close(fd);
	shim_sock_put(sk);
	return r;
}

static int close_range_real(unsigned int first, unsigned int last, int flags)
{
	if (!shim_real.close_range)
		return (int)shim_sys(SYS_close_range, first, last, flags);
	return shim_real.close_range(first, last, flags);
}

/* close_range() around the carrier (close() leaves it too). */
static int close_range_keep(unsigned int first, unsigned int last, int flags)
{
	int keep = atomic_load(&shim_carrier_fd), r = 0;

	if (keep < 0 || (unsigned int)keep < first || (unsigned int)keep > last)
		return close_range_real(first, last, flags);
	if ((unsigned int)keep > first)
		r = close_range_real(first, (unsigned int)keep - 1, flags);
	if (r == 0 && (unsigned int)keep < last)
		r = close_range_real((unsigned int)keep + 1, last, flags);
	return r;
}

SHIM_EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
	struct shim_taken t = { 0 };
	int r;

	shim_real_ensure();
	if ((unsigned int)flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) ||
	    first > last)
		return (int)shim_ret(-EINVAL);
	if (!((unsigned int)flags & CLOSE_RANGE_CLOEXEC) &&
	    !shim_in_shared_child())
		shim_table_take_range(first, last, &t);
	r = close_range_keep(first, last, flags);
	shim_taken_put(&t);
	return r;
}

SHIM_EXPORT void closefrom(int lowfd)
{
	struct shim_taken t = { 0 };

	shim_real_ensure();
	if (lowfd >= 0 && !shim_in_shared_child())
		shim_table_take_range((unsigned int)lowfd, ~0u, &t);
	if (atomic_load(&shim_carrier_fd) >= lowfd && lowfd >= 0)
		close_range_keep((unsigned int)lowfd, ~0u, 0);
	else if (shim_real.closefrom)
		shim_real.closefrom(lowfd);
	else
		shim_sys(SYS_close_range, (unsigned int)lowfd, ~0u, 0);
	shim_taken_put(&t);
}

/* newfd is now a copy of oldfd (or the call failed). */
static int dup_done(int oldfd, int newfd)
{
	if (newfd >= 0 && newfd != oldfd &&
	    atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed))
		shim_files_dup(oldfd, newfd);
	if (newfd >= 0 && (shim_table_has(oldfd) || shim_table_has(newfd)) &&
	    !shim_in_shared_child())
		shim_table_dup(oldfd, newfd);
	return newfd;
}

SHIM_EXPORT int dup(int fd)
{
	shim_real_ensure();
	return dup_done(fd, shim_real.dup(fd));
}

SHIM_EXPORT int dup2(int oldfd, int newfd)
{
	shim_real_ensure();
	if (oldfd != newfd) {
		shim_ns_carrier_evict(newfd);
		if (atomic_load_explicit(&shim_files_nwatched,
					 memory_order_relaxed))
			shim_files_flush(newfd);
	}
	return dup_done(oldfd, shim_real.dup2(oldfd, newfd));
}

SHIM_EXPORT int dup3(int oldfd, int newfd, int flags)
{
	shim_real_ensure();
	if (oldfd != newfd) {
		shim_ns_carrier_evict(newfd);
		if (atomic_load_explicit(&shim_files_nwatched,
					 memory_order_relaxed))
			shim_files_flush(newfd);
	}
	return dup_done(oldfd, shim_real.dup3(oldfd, newfd, flags));
}

static int fcntl_common(int (*fn)(int, int, ...), int fd, int cmd, void *arg)
{
	int r;

	if (!atomic_load_explicit(&shim_real_ready, memory_order_acquire))
		return (int)shim_sys(SYS_fcntl, fd, cmd, arg);
	/* The carrier stays inheritable (close(), above). */
	if (cmd == F_SETFD && fd >= 0 && fd == atomic_load(&shim_carrier_fd))
		return 0;
	if (((cmd == F_SETFL && ((long)arg & O_ASYNC)) || cmd == F_SETOWN ||
	     cmd == F_SETOWN_EX || cmd == F_SETSIG) &&
	    shim_table_has(fd))
		async_armed(fd);
	r = fn(fd, cmd, arg);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		dup_done(fd, r);
	return r;
}

/* glibc passes the third argument on as a pointer whatever cmd is; so
 * do we. */
SHIM_EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(shim_real.fcntl, fd, cmd, arg);
}

SHIM_EXPORT int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(shim_real.fcntl64, fd, cmd, arg);
}

/*
 * poll(2) and ppoll(2).  The descriptor is an AF_UNIX socket, which
 * cannot show a pending netlink error (sk_err) as POLLERR; the status
 * page holds it, so add POLLERR here, and do not wait while one is
 * pending, as the kernel's datagram_poll would not.  Other descriptors
 * cost one table lookup each, no system call.
 */
static bool sock_error_pending(int fd)
{
	struct shim_sock *sk = shim_sock_get(fd);
	struct unl_wire_shm *page;
	bool pending = false;

	if (!sk)
		return false;
	page = shim_sock_page(sk, fd);
	if (page)
		pending = __atomic_load_n(&page->err, __ATOMIC_ACQUIRE) != 0;
	shim_sock_put(sk);
	return pending;
}

/* Add POLLERR where an error is pending; the number of ready entries. */
static int merge_errors(struct pollfd *fds, nfds_t nfds)
{
	int ready = 0;

	for (nfds_t i = 0; i < nfds; i++) {
		if (fds[i].fd >= 0 && sock_error_pending(fds[i].fd))
			fds[i].revents |= POLLERR;
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/*
 * A wait for readiness is about to watch fd.  If it is one of ours, its
 * answers go through the data socket from now on (no inline answers,
 * wire.h): only there can the kernel see them.  Returns whether it has
 * an error pending.
 */
static bool watched_error(int fd)
{
	struct shim_sock *sk;
	struct unl_wire_shm *page;
	bool pending = false;

	if (!shim_table_has(fd) || !(sk = shim_sock_get(fd)))
		return false;
	atomic_store(&sk->polled, true);
	/* Readiness is the data socket's: what a ring holds goes there,
	 * and what this process sent on grants is run first. */
	shim_ring_stop(sk, fd);
	shim_async_settle();
	/* poll() also wants the pending error: one lookup for both. */
	page = shim_sock_page(sk, fd);
	if (page)
		pending = __atomic_load_n(&page->err, __ATOMIC_ACQUIRE) != 0;
	shim_sock_put(sk);
	return pending;
}

static void watched(int fd)
{
	(void)watched_error(fd);
}

/* ... and before an epoll wait, what an inline answer still owes goes
 * to the data socket (the set may hold one of ours from before exec). */
static void wait_begin(void)
{
	shim_real_ensure();
	shim_pay();
	shim_async_settle();
}

/* Mark the descriptors; true when one has an error pending.  Only a
 * set with one of ours in it can be waiting for an inline answer. */
static bool poll_begin(const struct pollfd *fds, nfds_t nfds)
{
	bool err = false, ours = false;

	shim_real_ensure();
	for (nfds_t i = 0; i < nfds; i++) {
		if (fds[i].fd < 0 || !shim_table_has(fds[i].fd))
			continue;
		ours = true;
		err |= watched_error(fds[i].fd);
	}
	if (ours)
		shim_pay();
	return err;
}

/*
 * A set that watches a socket of ours without POLLIN sleeps through an
 * error that comes meanwhile: the record that wakes the data socket
 * makes it readable, which the set does not watch, where Linux wakes it
 * with POLLERR.  Such a wait is cut into slices of this many ms, the
 * status slots looked at between them (ppoll()'s signal mask applies to
 * each slice, as to the whole wait).
 */
#define SHIM_ERR_SLICE_MS 20

static bool watches_without_pollin(const struct pollfd *fds, nfds_t nfds)
{
	for (nfds_t i = 0; i < nfds; i++)
		if (fds[i].fd >= 0 && !(fds[i].events & POLLIN) &&
		    shim_table_has(fds[i].fd))
			return true;
	return false;
}

static bool set_erring(const struct pollfd *fds, nfds_t nfds)
{
	for (nfds_t i = 0; i < nfds; i++)
		if (fds[i].fd >= 0 && sock_error_pending(fds[i].fd))
			return true;
	return false;
}

/*
 * A wait in slices still ends with EINTR for a signal that comes between
 * two slices, as the one wait it stands for would: every signal is held
 * off while the shim works between them, and let in only inside each
 * slice's own wait, with the caller's mask there (or the one it had).
 */
struct slice_mask {
	sigset_t old;
	const sigset_t *wait;
};

static void slices_begin(struct slice_mask *m, const sigset_t *caller)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &m->old);
	m->wait = caller ? caller : &m->old;
}

static int slices_end(struct slice_mask *m, int r)
{
	int e = errno;

	pthread_sigmask(SIG_SETMASK, &m->old, NULL);
	errno = e;
	return r;
}

static int poll_slices(struct pollfd *fds, nfds_t nfds,
		       const struct timespec *tmo, const sigset_t *sigmask);

/* When a wait of tmo that starts now ends (CLOCK_MONOTONIC). */
static struct timespec slices_deadline(const struct timespec *tmo)
{
	struct timespec end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += tmo->tv_sec;
	end.tv_nsec += tmo->tv_nsec;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	return end;
}

/* What is left of a wait that ends at end, in ns (0 once past). */
static long long slices_left_ns(const struct timespec *end)
{
	struct timespec now;
	long long left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = (end->tv_sec - now.tv_sec) * 1000000000LL +
	       (end->tv_nsec - now.tv_nsec);
	return left > 0 ? left : 0;
}

/* The wait of ppoll() (tmo NULL: none) in slices: as ppoll() answers,
 * or POLLERR as soon as an error comes. */
static int poll_sliced(struct pollfd *fds, nfds_t nfds,
		       const struct timespec *tmo, const sigset_t *sigmask)
{
	struct slice_mask m;

	slices_begin(&m, sigmask);
	return slices_end(&m, poll_slices(fds, nfds, tmo, m.wait));
}

static int poll_slices(struct pollfd *fds, nfds_t nfds,
		       const struct timespec *tmo, const sigset_t *sigmask)
{
	struct timespec end = { 0, 0 }, slice;
	long long left_ns = 0;
	int r;

	if (tmo)
		end = slices_deadline(tmo);
	for (;;) {
		slice = (struct timespec){ 0, SHIM_ERR_SLICE_MS * 1000000L };
		if (tmo) {
			left_ns = slices_left_ns(&end);
			if (left_ns < SHIM_ERR_SLICE_MS * 1000000LL)
				slice = (struct timespec){
					(time_t)(left_ns / 1000000000LL),
					(long)(left_ns % 1000000000LL) };
		}
		r = shim_real.ppoll(fds, nfds, &slice, sigmask);
		if (r != 0)
			return r < 0 ? r : merge_errors(fds, nfds);
		if (set_erring(fds, nfds))
			return merge_errors(fds, nfds);
		if (tmo && left_ns <= SHIM_ERR_SLICE_MS * 1000000LL)
			return 0;
	}
}

/* <poll.h> declares the array write-only for the kernel; we read it
 * first, as the kernel does too. */
#pragma GCC diagnostic push
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
SHIM_EXPORT int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	bool err = poll_begin(fds, nfds);
	int r;

	if (!err && timeout != 0 && watches_without_pollin(fds, nfds)) {
		struct timespec t = { timeout / 1000,
				      (long)(timeout % 1000) * 1000000L };

		return poll_sliced(fds, nfds, timeout < 0 ? NULL : &t, NULL);
	}
	r = shim_real.poll(fds, nfds, err ? 0 : timeout);
	return r < 0 ? r : merge_errors(fds, nfds);
}

SHIM_EXPORT int ppoll(struct pollfd *fds, nfds_t nfds,
		      const struct timespec *tmo, const sigset_t *sigmask)
{
	static const struct timespec zero;
	bool err = poll_begin(fds, nfds);
	int r;

	if (!err && (!tmo || tmo->tv_sec || tmo->tv_nsec) &&
	    watches_without_pollin(fds, nfds))
		return poll_sliced(fds, nfds, tmo, sigmask);
	r = shim_real.ppoll(fds, nfds, err ? &zero : tmo, sigmask);
	return r < 0 ? r : merge_errors(fds, nfds);
}
#pragma GCC diagnostic pop

/* _FORTIFY_SOURCE builds call these. */
SHIM_EXPORT int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout,
			   size_t fdslen)
{
	if (fdslen / sizeof(*fds) < nfds)
		__chk_fail();
	return poll(fds, nfds, timeout);
}

SHIM_EXPORT int __ppoll_chk(struct pollfd *fds, nfds_t nfds,
			    const struct timespec *tmo, const sigset_t *sigmask,
			    size_t fdslen)
{
	if (fdslen / sizeof(*fds) < nfds)
		__chk_fail();
	return ppoll(fds, nfds, tmo, sigmask);
}

static void select_begin(int n, const fd_set *r, const fd_set *w,
			 const fd_set *e)
{
	bool ours = false;

	shim_real_ensure();
	for (int fd = 0; fd < n && fd < FD_SETSIZE; fd++)
		if (((r && FD_ISSET(fd, r)) || (w && FD_ISSET(fd, w)) ||
		     (e && FD_ISSET(fd, e))) &&
		    shim_table_has(fd)) {
			watched(fd);
			ours = true;
		}
	if (ours)
		shim_pay();
}

SHIM_EXPORT int select(int n, fd_set *r, fd_set *w, fd_set *e,
		       struct timeval *tmo)
{
	select_begin(n, r, w, e);
	return shim_real.select(n, r, w, e, tmo);
}

SHIM_EXPORT int pselect(int n, fd_set *r, fd_set *w, fd_set *e,
			const struct timespec *tmo, const sigset_t *sigmask)
{
	select_begin(n, r, w, e);
	return shim_real.pselect(n, r, w, e, tmo, sigmask);
}

/*
 * An epoll set that watches a socket of ours for no EPOLLIN, or
 * edge-triggered, sleeps through an error that comes meanwhile, as a
 * poll() for no POLLIN does: the record that wakes the data socket
 * makes no event there (or an EPOLLIN edge without EPOLLERR).  epoll_ctl()
 * names such sets (by number: a number reused since costs only slices);
 * their waits are cut into slices like poll_sliced()'s.
 */
static int *ep_sliced;
static size_t n_ep_sliced, cap_ep_sliced;
static pthread_mutex_t ep_sliced_lock = PTHREAD_MUTEX_INITIALIZER;

/* With ep_sliced_lock held. */
static bool ep_sliced_has(int epfd)
{
	for (size_t i = 0; i < n_ep_sliced; i++)
		if (ep_sliced[i] == epfd)
			return true;
	return false;
}

static bool ep_is_sliced(int epfd)
{
	bool has;

	pthread_mutex_lock(&ep_sliced_lock);
	has = ep_sliced_has(epfd);
	pthread_mutex_unlock(&ep_sliced_lock);
	return has;
}

/* Every set named stays named (a list that dropped one would let its
 * waits sleep through errors); without memory, the oldest makes room. */
static void ep_slice(int epfd)
{
	pthread_mutex_lock(&ep_sliced_lock);
	if (!ep_sliced_has(epfd)) {
		if (n_ep_sliced == cap_ep_sliced) {
			size_t cap = cap_ep_sliced ? 2 * cap_ep_sliced : 16;
			int *v = realloc(ep_sliced, cap * sizeof(*v));

			if (v) {
				ep_sliced = v;
				cap_ep_sliced = cap;
			}
		}
		if (n_ep_sliced == cap_ep_sliced && n_ep_sliced) {
			memmove(ep_sliced, ep_sliced + 1,
				(n_ep_sliced - 1) * sizeof(*ep_sliced));
			n_ep_sliced--;
		}
		if (n_ep_sliced < cap_ep_sliced)
			ep_sliced[n_ep_sliced++] = epfd;
	}
	pthread_mutex_unlock(&ep_sliced_lock);
}

SHIM_EXPORT int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	shim_real_ensure();
	if ((op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) &&
	    shim_table_has(fd)) {
		watched(fd);
		shim_pay();
		if (ev && (!(ev->events & EPOLLIN) || (ev->events & EPOLLET)))
			ep_slice(epfd);
	}
	return shim_real.epoll_ctl(epfd, op, fd, ev);
}

/* Is the set's watch w one of our sockets, still that file (its inode),
 * with an error pending? */
static bool watch_erring(const struct unl_ep_watch *w)
{
	struct stat st;

	return (w->events & ~UNL_EP_PRIVATE) && shim_table_has(w->tfd) &&
	       sock_error_pending(w->tfd) && shim_real.fstat(w->tfd, &st) == 0 &&
	       (unsigned long)st.st_ino == w->ino;
}

/* ep_item_poll()'s events of our erring socket fd (a data socket),
 * read with the real calls: ours would serve it as netlink. */
static uint32_t erring_events(int fd, uint32_t watched)
{
	struct pollfd q = { .fd = fd, .events = UNL_EP_POLL_EVENTS };
	struct unl_wire_dgram hdr;
	int inq = 0;
	bool only_wake;

	if (shim_real.poll(&q, 1, 0) != 1)
		q.revents = 0;
	only_wake = shim_real.ioctl(fd, FIONREAD, &inq) == 0 &&
		    inq == (int)sizeof(hdr) &&
		    shim_real.recv(fd, &hdr, sizeof(hdr),
				   MSG_PEEK | MSG_DONTWAIT) ==
			    (ssize_t)sizeof(hdr) &&
		    hdr.kind == UNL_DGRAM_WAKE;
	return unl_ep_erring_events(q.revents, only_wake, watched);
}

/*
 * An epoll wait over a set that watches a socket of ours with an error
 * pending does not sleep: ep_item_poll() reports EPOLLERR for it
 * (epoll-err.h).  The answer then, or -2 when there is none (the wait
 * runs as asked).
 */
/*
 * An edge-triggered item that watches no EPOLLIN gets no edge from the
 * record that wakes the data socket (it is EPOLLIN): its error's edge
 * (sk_error_report(), once per overrun) is told by the shim, once until
 * the socket is seen without an error again; by set and descriptor.
 */
struct ep_told_item {
	int epfd, tfd;
};
static struct ep_told_item *ep_told;
static unsigned int n_ep_told, cap_ep_told;

/* Room for one more told item (with ep_sliced_lock held). */
static bool ep_told_room(void)
{
	unsigned int cap = cap_ep_told ? 2 * cap_ep_told : 32;
	struct ep_told_item *v;

	if (n_ep_told < cap_ep_told)
		return true;
	v = realloc(ep_told, cap * sizeof(*v));
	if (!v)
		return false;
	ep_told = v;
	cap_ep_told = cap;
	return true;
}

/* Should the error of tfd (erring or not now) be told to its item in
 * epfd?  Told items are remembered until their socket's error goes. */
static bool ep_tell_once(int epfd, int tfd, bool erring)
{
	unsigned int i;
	bool tell = false;

	pthread_mutex_lock(&ep_sliced_lock);
	for (i = 0; i < n_ep_told; i++)
		if (ep_told[i].epfd == epfd && ep_told[i].tfd == tfd)
			break;
	if (!erring && i < n_ep_told) {
		ep_told[i] = ep_told[--n_ep_told];
	} else if (erring && i == n_ep_told) {
		/* without memory the first gives way (told once more) */
		if (!ep_told_room() && n_ep_told)
			ep_told[0] = ep_told[--n_ep_told];
		if (n_ep_told < cap_ep_told) {
			ep_told[n_ep_told].epfd = epfd;
			ep_told[n_ep_told++].tfd = tfd;
		}
		tell = true;
	}
	pthread_mutex_unlock(&ep_sliced_lock);
	return tell;
}

/* No socket of ours has an error: every item may be told again. */
static void ep_told_forget(void)
{
	if (!__atomic_load_n(&n_ep_told, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&ep_sliced_lock);
	n_ep_told = 0;
	pthread_mutex_unlock(&ep_sliced_lock);
}

/* The answer of a wait of epfd with the errors of our sockets merged:
 * into the ready entries a wait found (ready >= 0) or, else, into what
 * a zero-timeout wait finds now; -2 when there is no error to tell
 * (the wait runs as asked, or its ready entries stand). */
static int epoll_errors_in(int epfd, struct epoll_event *ev, int max,
			   int ready)
{
	struct unl_ep_watch *w = NULL;
	uint32_t *errev = NULL;
	char path[64];
	bool any = false;
	int nw, got = ready >= 0 ? ready : -2;

	if (max <= 0)
		return got;
	if (!shim_table_any_error()) {
		ep_told_forget();
		return got;
	}
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", epfd);
	nw = unl_ep_watches(path, &w);
	if (nw > 0)
		errev = calloc((size_t)nw, sizeof(*errev));
	for (int i = 0; errev && i < nw; i++) {
		bool edge_alone = (w[i].events & EPOLLET) &&
				  !(w[i].events & EPOLLIN) &&
				  shim_table_has(w[i].tfd);

		if (!watch_erring(&w[i])) {
			if (edge_alone)
				ep_tell_once(epfd, w[i].tfd, false);
			continue;
		}
		errev[i] = erring_events(w[i].tfd, w[i].events);
		/* its error's edge, once: merged as a level item's */
		if (edge_alone) {
			if (ep_tell_once(epfd, w[i].tfd, true))
				w[i].events &= ~(uint32_t)EPOLLET;
			else
				errev[i] = 0;
		}
		any |= errev[i] != 0;
	}
	if (any) {
		got = ready >= 0 ? ready
				 : shim_real.epoll_wait(epfd, ev, max, 0);
		if (got >= 0)
			got = unl_ep_merge(ev, got, max, w, errev, nw);
		/* an edge-triggered item alone, its error reported */
		if (!got && ready < 0)
			got = -2;
	}
	free(errev);
	free(w);
	return got;
}

static int epoll_errors(int epfd, struct epoll_event *ev, int max)
{
	return epoll_errors_in(epfd, ev, max, -1);
}

static int epoll_slices(int epfd, struct epoll_event *ev, int max,
			const struct timespec *tmo, const sigset_t *sigmask);

/* The wait of a set epoll_ctl() named (tmo NULL: none), in slices: what
 * it finds, with EPOLLERR merged, or EPOLLERR as soon as an error
 * comes. */
static int epoll_sliced(int epfd, struct epoll_event *ev, int max,
			const struct timespec *tmo, const sigset_t *sigmask)
{
	struct slice_mask m;

	slices_begin(&m, sigmask);
	return slices_end(&m, epoll_slices(epfd, ev, max, tmo, m.wait));
}

static int epoll_slices(int epfd, struct epoll_event *ev, int max,
			const struct timespec *tmo, const sigset_t *sigmask)
{
	struct timespec end = { 0, 0 };
	long long left_ms = 0;
	int r, slice;

	if (tmo)
		end = slices_deadline(tmo);
	for (;;) {
		slice = SHIM_ERR_SLICE_MS;
		if (tmo) {
			left_ms = (slices_left_ns(&end) + 999999) / 1000000;
			if (left_ms < slice)
				slice = (int)left_ms;
		}
		r = shim_real.epoll_pwait(epfd, ev, max, slice, sigmask);
		if (r > 0 && shim_table_any_error())
			return epoll_errors_in(epfd, ev, max, r);
		if (r != 0)
			return r;
		r = epoll_errors(epfd, ev, max);
		if (r != -2)
			return r;
		if (tmo && left_ms <= SHIM_ERR_SLICE_MS)
			return 0;
	}
}

static int epoll_timeout_ts(int timeout, struct timespec *t)
{
	*t = (struct timespec){ timeout / 1000, (long)(timeout % 1000) * 1000000L };
	return timeout;
}

SHIM_EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int max,
			   int timeout)
{
	int r;

	struct timespec t;

	wait_begin();
	r = epoll_errors(epfd, ev, max);
	if (r != -2)
		return r;
	if (timeout != 0 && max > 0 && ep_is_sliced(epfd))
		return epoll_sliced(epfd, ev, max,
				    epoll_timeout_ts(timeout, &t) < 0 ? NULL : &t,
				    NULL);
	return shim_real.epoll_wait(epfd, ev, max, timeout);
}

SHIM_EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int max,
			    int timeout, const sigset_t *sigmask)
{
	int r;

	struct timespec t;

	wait_begin();
	r = epoll_errors(epfd, ev, max);
	if (r != -2)
		return r;
	if (timeout != 0 && max > 0 && ep_is_sliced(epfd))
		return epoll_sliced(epfd, ev, max,
				    epoll_timeout_ts(timeout, &t) < 0 ? NULL : &t,
				    sigmask);
	return shim_real.epoll_pwait(epfd, ev, max, timeout, sigmask);
}

SHIM_EXPORT int epoll_pwait2(int epfd, struct epoll_event *ev, int max,
			     const struct timespec *tmo,
			     const sigset_t *sigmask)
{
	int r;

	wait_begin();
	r = epoll_errors(epfd, ev, max);
	if (r != -2)
		return r;
	if ((!tmo || tmo->tv_sec || tmo->tv_nsec) && max > 0 &&
	    ep_is_sliced(epfd))
		return epoll_sliced(epfd, ev, max, tmo, sigmask);
	if (!shim_real.epoll_pwait2)
		return (int)shim_sys(SYS_epoll_pwait2, epfd, ev, max, tmo,
				    sigmask, (size_t)_NSIG / 8);
	return shim_real.epoll_pwait2(epfd, ev, max, tmo, sigmask);
}

/*
 * The set*id() family: the daemon knows who we are from the connection,
 * so after a change of identity the next request opens a new one
 * (conn.c).  Counting the calls here spares a geteuid()/getegid() pair
 * on every request.
 */
atomic_uint shim_id_gen;

static int id_changed(int r)
{
	int saved = errno;

	atomic_fetch_add(&shim_id_gen, 1);
	/* Capabilities go with the ids (a root process that becomes
	 * another user loses them): the daemon asks the kernel again. */
	if (r == 0)
		shim_conn_cred_changed(false);
	errno = saved;
	return r;
}

/* Each keeps the prototype <unistd.h> or <grp.h> declares. */
#define SHIM_SETID(name, params, args)                                     \
	SHIM_EXPORT int name params                                        \
	{                                                                  \
		shim_real_ensure();                                        \
		return id_changed(shim_real.name args);                    \
	}

SHIM_SETID(setuid, (uid_t u), (u))
SHIM_SETID(seteuid, (uid_t u), (u))
SHIM_SETID(setreuid, (uid_t r, uid_t e), (r, e))
SHIM_SETID(setresuid, (uid_t r, uid_t e, uid_t s), (r, e, s))
SHIM_SETID(setgid, (gid_t g), (g))
SHIM_SETID(setegid, (gid_t g), (g))
SHIM_SETID(setregid, (gid_t r, gid_t e), (r, e))
SHIM_SETID(setresgid, (gid_t r, gid_t e, gid_t s), (r, e, s))
SHIM_SETID(setgroups, (size_t n, const gid_t *list), (n, list))

/*
 * capset(2), which libcap and libcap-ng call: the kernel checks
 * capabilities at every request, so the daemon must hear of the change
 * before the next one.
 */
SHIM_EXPORT int capset(cap_user_header_t hdr, const cap_user_data_t data)
{
	int r, saved;

	shim_real_ensure();
	r = shim_real.capset(hdr, data);
	if (r == 0) {
		saved = errno;
		shim_conn_cred_changed(true);
		errno = saved;
	}
	return r;
}

/*
 * splice(2) and sendfile(2): the kernel would move the records of our
 * protocol through the AF_UNIX descriptor (a splice into it filled a
 * queue that nobody reads and hung); splice.c moves netlink datagrams
 * instead, as Linux does for a netlink socket.
 */
static struct shim_sock *sock_lookup(int fd)
{
	return shim_table_has(fd) ? shim_sock_get(fd) : NULL;
}

SHIM_EXPORT ssize_t splice(int in, loff_t *off_in, int out, loff_t *off_out,
			   size_t len, unsigned int flags)
{
	struct shim_sock *in_sk, *out_sk;
	int64_t oi, oo;
	ssize_t r;

	shim_real_ensure();
	in_sk = sock_lookup(in);
	out_sk = sock_lookup(out);
	if (!in_sk && !out_sk)
		return shim_real.splice(in, off_in, out, off_out, len, flags);
	if (off_in)
		oi = *off_in;
	if (off_out)
		oo = *off_out;
	r = sock_splice(in_sk, in, off_in ? &oi : NULL, out_sk, out,
			off_out ? &oo : NULL, len, flags);
	shim_sock_put(in_sk);
	shim_sock_put(out_sk);
	return shim_ret(r);
}

/* sendfile() when in or out is ours (*mine); the offset is read only
 * then, as the kernel's. */
static ssize_t sendfile_ours(int out, int in, int64_t *offset, size_t count,
			     bool *mine)
{
	struct shim_sock *in_sk = sock_lookup(in), *out_sk = sock_lookup(out);
	ssize_t r;

	*mine = in_sk || out_sk;
	if (!*mine)
		return 0;
	r = sock_sendfile(out_sk, out, in_sk, in, offset, count);
	shim_sock_put(in_sk);
	shim_sock_put(out_sk);
	return shim_ret(r);
}

SHIM_EXPORT ssize_t sendfile(int out, int in, off_t *offset, size_t count)
{
	int64_t off;
	bool mine = false;
	ssize_t r = 0;

	shim_real_ensure();
	if (shim_table_has(in) || shim_table_has(out)) {
		off = offset ? *offset : 0;
		r = sendfile_ours(out, in, offset ? &off : NULL, count, &mine);
	}
	if (!mine)
		return shim_real.sendfile(out, in, offset, count);
	if (offset && r >= 0)
		*offset = (off_t)off;
	return r;
}

SHIM_EXPORT ssize_t sendfile64(int out, int in, off64_t *offset, size_t count)
{
	int64_t off;
	bool mine = false;
	ssize_t r = 0;

	shim_real_ensure();
	if (shim_table_has(in) || shim_table_has(out)) {
		off = offset ? *offset : 0;
		r = sendfile_ours(out, in, offset ? &off : NULL, count, &mine);
	}
	if (!mine)
		return shim_real.sendfile64(out, in, offset, count);
	if (offset && r >= 0)
		*offset = off;
	return r;
}
