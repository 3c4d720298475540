// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Large sends in one hand-off: src/wire/bulk.h.  Built into the shim,
 * the seccomp supervisor and the daemon; only system calls no front end
 * wraps (memfd_create, pwritev, pread, fstat, fcntl's F_GET_SEALS).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wire/bulk.h"

/* Write the n buffers of v at *off, all of them.  A memfd takes
 * everything or fails, so a short write means a buffer ended in
 * unreadable memory: its rest is tried alone, to get the error. */
static int write_all(int fd, const struct iovec *v, int n, off_t *off)
{
	while (n > 0) {
		ssize_t w = pwritev(fd, v, n > IOV_MAX ? IOV_MAX : n, *off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		*off += w;
		/* skip what went out: whole buffers, then part of one */
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0 && w > 0) {
			const char *rest = (const char *)v->iov_base + w;
			size_t left = v->iov_len - (size_t)w;

			w = pwrite(fd, rest, left, *off);
			if (w < 0)
				return -errno;
			if ((size_t)w != left)
				return -EFAULT;
			*off += w;
			v++;
			n--;
		} else if (n > 0 && w == 0 && v->iov_len) {
			return -EFAULT;
		}
	}
	return 0;
}

int unl_wire_bulk_fd(const struct iovec *head, int nhead,
		     const struct iovec *data, int ndata,
		     int (*close_fn)(int))
{
	off_t off = 0;
	int fd, err;

	fd = memfd_create("unetlink-send", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = write_all(fd, head, nhead, &off);
	if (!err)
		err = write_all(fd, data, ndata, &off);
	if (err) {
		close_fn(fd);
		return err;
	}
	return fd;
}

bool unl_wire_bulk_ok(int fd, size_t len)
{
	struct stat st;

	/* F_GET_SEALS answers for shmem and hugetlbfs files only. */
	if (fcntl(fd, F_GET_SEALS) < 0)
		return false;
	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       (unsigned long long)st.st_size >= len;
}

bool unl_wire_bulk_read(int fd, void *dst, size_t len, off_t off)
{
	unsigned char *p = dst;

	while (len) {
		ssize_t r = pread(fd, p, len, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		len -= (size_t)r;
		off += r;
	}
	return true;
}
