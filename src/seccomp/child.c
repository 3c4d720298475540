// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The child's side of a trapped call: its memory (process_vm_readv and
 * process_vm_writev) and its descriptor table (pidfd_getfd, ADDFD).
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
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "seccomp/sc-private.h"
#include "seccomp/proc-status.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

/* ---- the child ----------------------------------------------------- */

bool sc_id_valid(struct sc *s, const struct sc_call *c)
{
	__u64 id = c->n.id;

	return ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

int sc_mem_read(const struct sc_call *c, uint64_t addr, void *buf,
		    size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (!len)
		return 0;
	n = process_vm_readv((pid_t)c->n.pid, &l, 1, &r, 1, 0);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

int sc_mem_write(const struct sc_call *c, uint64_t addr, const void *buf,
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
int sc_iov_fetch(const struct sc_call *c, uint64_t addr, uint64_t n,
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
	if (sc_mem_read(c, addr, v, n * sizeof(*v))) {
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
int sc_iov_read(const struct sc_call *c, const struct iovec *v, size_t n,
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

int sc_iov_read_after(const struct sc_call *c, uint64_t head, void *hbuf,
		      size_t hlen, const struct iovec *v, size_t n,
		      size_t total, unsigned char **out)
{
	unsigned char *buf;
	struct iovec l[2], *r;
	ssize_t got;

	if (!hlen || n + 1 > UIO_MAXIOV)
		return sc_mem_read(c, head, hbuf, hlen) ?:
		       sc_iov_read(c, v, n, total, out);
	buf = malloc(total ? total : 1);
	r = malloc((n + 1) * sizeof(*r));
	*out = buf;
	if (!buf || !r) {
		free(r);
		return -ENOMEM;
	}
	r[0] = (struct iovec){ (void *)(uintptr_t)head, hlen };
	memcpy(r + 1, v, n * sizeof(*v));
	l[0] = (struct iovec){ hbuf, hlen };
	l[1] = (struct iovec){ buf, total };
	got = process_vm_readv((pid_t)c->n.pid, l, 2, r, n + 1, 0);
	free(r);
	return got == (ssize_t)(hlen + total) ? 0 : -EFAULT;
}

int sc_out_write(const struct sc_call *c, const struct iovec *v, size_t nv,
		 const void *data, size_t len, const struct sc_out *o)
{
	struct iovec l[5], *r;
	size_t nr = 0, want = len, left = len;
	ssize_t put;

	/* the data's iovecs cut to what the data fills, so that the parts
	 * after it land at their own places */
	r = malloc((nv + 4) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	for (size_t i = 0; i < nv && left; i++) {
		size_t k = v[i].iov_len < left ? v[i].iov_len : left;

		if (k)
			r[nr++] = (struct iovec){ v[i].iov_base, k };
		left -= k;
	}
	l[0] = (struct iovec){ (void *)data, len - left };
	for (size_t i = 0; i < o->n; i++) {
		r[nr++] = o->r[i];
		l[i + 1] = o->l[i];
		want += o->l[i].iov_len;
	}
	if (nr > UIO_MAXIOV) {
		/* each part alone */
		int err = sc_iov_write(c, v, nv, data, len);

		for (size_t i = 0; !err && i < o->n; i++)
			err = sc_mem_write(c, (uintptr_t)o->r[i].iov_base,
					   o->l[i].iov_base, o->l[i].iov_len);
		free(r);
		return err;
	}
	put = want ? process_vm_writev((pid_t)c->n.pid, l, o->n + 1, r, nr, 0)
		   : 0;
	free(r);
	return put == (ssize_t)want && !left ? 0 : -EFAULT;
}

/* Spread len bytes over the child's iovecs. */
int sc_iov_write(const struct sc_call *c, const struct iovec *v, size_t n,
		     const void *buf, size_t len)
{
	struct iovec l = { (void *)buf, len };
	ssize_t put;

	if (!len)
		return 0;
	put = process_vm_writev((pid_t)c->n.pid, &l, 1, v, n, 0);
	return put == (ssize_t)len ? 0 : -EFAULT;
}

/* The thread group of tid, from /proc (kernels before 6.9 give no
 * pidfd of a thread); tid itself when /proc does not say. */
static pid_t tgid_of(pid_t tid)
{
	struct sc_proc_status st;

	return sc_proc_status(tid, &st) == 0 && st.tgid > 0 ? st.tgid : tid;
}

/* A pidfd for the thread tid (PIDFD_THREAD, Linux 6.9), else for its
 * process: pidfd_getfd() needs only the descriptor table, which the
 * threads share.  The caller checks NOTIF_ID_VALID after it, so that a
 * pid reused meanwhile is not believed. */
int sc_pidfd_of(pid_t tid)
{
	int fd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);

	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_pidfd_open, tgid_of(tid), 0);
	return fd < 0 ? -errno : fd;
}

/*
 * The pidfds of the threads that trapped lately, by tid: opening and
 * closing one for every call cost two of the dozen system calls of a
 * trap.  Only thread pidfds (PIDFD_THREAD) are kept: one refers to its
 * thread alone, so a stale entry (that thread exited and its tid went to
 * a newer one) can only fail, with ESRCH, never reach another process;
 * sc_getfd() then opens a fresh one and checks NOTIF_ID_VALID, as for a
 * new thread.  A process pidfd (kernels before 6.9) would stay valid
 * while its tid names another process's thread: never kept.
 */
#define SC_PIDFD_CACHE 64
static struct { pid_t tid; int pidfd; } pidfd_cache[SC_PIDFD_CACHE];
static int cache_listener = -1;

void sc_pidfd_cache_init(int listener)
{
	cache_listener = listener;
	for (size_t i = 0; i < SC_PIDFD_CACHE; i++)
		pidfd_cache[i].pidfd = -1;
}

void sc_pidfd_cache_free(void)
{
	for (size_t i = 0; i < SC_PIDFD_CACHE; i++) {
		if (pidfd_cache[i].pidfd >= 0)
			close(pidfd_cache[i].pidfd);
		pidfd_cache[i].pidfd = -1;
	}
}

static int open_checked(struct sc_call *c, bool *thread)
{
	__u64 id = c->n.id;
	int fd = (int)syscall(SYS_pidfd_open, (pid_t)c->n.pid, PIDFD_THREAD);

	*thread = fd >= 0;
	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_pidfd_open, tgid_of((pid_t)c->n.pid), 0);
	if (fd < 0)
		return -errno;
	/* a tid reused before we opened it is not believed */
	if (ioctl(cache_listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0) {
		close(fd);
		return -ENOENT;
	}
	return fd;
}

int sc_pidfd_take(struct sc_call *c)
{
	size_t i = (size_t)c->n.pid % SC_PIDFD_CACHE;
	bool thread;
	int fd;

	c->pidfd_cached = false;
	if (pidfd_cache[i].pidfd >= 0 &&
	    pidfd_cache[i].tid == (pid_t)c->n.pid) {
		c->pidfd = pidfd_cache[i].pidfd;
		c->pidfd_cached = true;
		return 0;
	}
	fd = open_checked(c, &thread);
	if (fd < 0)
		return fd;
	c->pidfd = fd;
	if (thread) {
		if (pidfd_cache[i].pidfd >= 0)
			close(pidfd_cache[i].pidfd);
		pidfd_cache[i].tid = (pid_t)c->n.pid;
		pidfd_cache[i].pidfd = fd;
		c->pidfd_cached = true;
	}
	return 0;
}

int sc_getfd(const struct sc_call *cc, int fd)
{
	/* Every call is the loop's own object: renewing its pidfd is no
	 * change its readers see (the same thread's table). */
	struct sc_call *c = (struct sc_call *)cc;
	size_t i = (size_t)c->n.pid % SC_PIDFD_CACHE;
	int copy = (int)syscall(SYS_pidfd_getfd, c->pidfd, fd, 0);
	bool thread;
	int fresh;

	if (copy >= 0 || errno != ESRCH || !c->pidfd_cached)
		return copy;
	/* a stale entry: the thread that had this tid is gone */
	if (pidfd_cache[i].pidfd == c->pidfd) {
		close(c->pidfd);
		pidfd_cache[i].pidfd = -1;
	}
	c->pidfd = -1;
	c->pidfd_cached = false;
	fresh = open_checked(c, &thread);
	if (fresh < 0) {
		errno = ESRCH;
		return -1;
	}
	c->pidfd = fresh;
	if (thread) {
		if (pidfd_cache[i].pidfd >= 0)
			close(pidfd_cache[i].pidfd);
		pidfd_cache[i].tid = (pid_t)c->n.pid;
		pidfd_cache[i].pidfd = fresh;
		c->pidfd_cached = true;
	}
	return (int)syscall(SYS_pidfd_getfd, c->pidfd, fd, 0);
}

/* Is descriptor number fd free in the child? */
static bool child_fd_free(const struct sc_call *c, int fd)
{
	int copy = sc_getfd(c, fd);

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
long sc_child_install(struct sc *s, struct sc_call *c, int src, int min,
			  bool cloexec)
{
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.flags = SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND,
		.srcfd = (__u32)src,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	int fd = min > s->base ? min : s->base;

	/* the last number is the net's carrier (netns.c) */
	while (fd < sc_carrier_slot(s) && !child_fd_free(c, fd))
		fd++;
	if (fd >= sc_carrier_slot(s))
		return -EMFILE;
	a.newfd = (__u32)fd;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0)
		return -errno;
	return SC_ANSWERED;
}

int sc_child_add(struct sc *s, struct sc_call *c, int src, bool in_range,
		 bool cloexec)
{
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.srcfd = (__u32)src,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	int fd = s->base;

	if (in_range) {
		while (fd < sc_carrier_slot(s) && !child_fd_free(c, fd))
			fd++;
		if (fd >= sc_carrier_slot(s))
			return -EMFILE;
		a.flags = SECCOMP_ADDFD_FLAG_SETFD;
		a.newfd = (__u32)fd;
	}
	fd = ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
	return fd < 0 ? -errno : fd;
}
