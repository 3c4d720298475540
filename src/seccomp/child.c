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
	char path[64], line[128];
	pid_t tgid = tid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return tid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
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

