// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * splice(2) and sendfile(2) with a netlink socket of ours on one side, as
 * fs/splice.c moves data for a kernel netlink socket (checked on 6.18):
 *
 *   pipe -> socket   splice_to_socket(): one sendmsg() per batch of at
 *                    most 16 pipe buffers, as many batches as len and the
 *                    pipe's content allow; the first waits for data
 *                    unless the pipe is O_NONBLOCK or SPLICE_F_NONBLOCK
 *                    is given, later ones never wait.  Only what a
 *                    sendmsg() took leaves the pipe.
 *   file -> socket   sendfile(): do_splice_direct() reads a regular file
 *                    in chunks that end at a 16-page boundary of the file,
 *                    one sendmsg() each.
 *   socket -> pipe   splice_file_to_pipe(): waits for a free pipe buffer
 *                    (EAGAIN with SPLICE_F_NONBLOCK or an O_NONBLOCK
 *                    pipe, EPIPE and SIGPIPE without readers), then one
 *                    recvmsg() of at most the free buffers' room, the
 *                    rest of the datagram dropped.
 *
 * Our descriptor is an AF_UNIX socket, so the kernel would move the
 * records of our protocol instead: every byte goes through sock.c here.
 * The pipe side is seen only from userspace: tee(2) into a scratch pipe
 * of 16 buffers reads what the kernel would batch without consuming it;
 * the free room of a pipe is reckoned from its size and its content
 * (FIONREAD), as if its buffers were full pages.
 *
 * Each returns a count or -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim/shim.h"

/* The batch of one sendmsg(): PIPE_DEF_BUFFERS pages. */
#define SPLICE_BATCH_PAGES 16

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

/* MAX_RW_COUNT: what one read or write moves at most. */
static size_t max_rw_count(void)
{
	return (size_t)INT_MAX & ~(page_size() - 1);
}

/* The open-file flags of fd, or -EBADF. */
static int fd_flags(int fd)
{
	int fl = shim_real.fcntl(fd, F_GETFL);

	return fl < 0 ? -EBADF : fl;
}

static bool readable(int fl)
{
	return (fl & O_ACCMODE) != O_WRONLY;
}

static bool writable(int fl)
{
	return (fl & O_ACCMODE) != O_RDONLY;
}

static bool is_pipe(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* Read exactly n bytes that are known to be in pipe fd (to drop them). */
static void pipe_consume(int fd, size_t n)
{
	char sink[4096];

	while (n) {
		ssize_t r = shim_real.read(fd, sink,
					   n < sizeof(sink) ? n : sizeof(sink));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		n -= (size_t)r;
	}
}

/* Write all of buf to pipe fd, waiting for room if it is O_NONBLOCK:
 * the datagram has left the socket and must not be lost. */
static ssize_t pipe_put(int fd, const unsigned char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = shim_real.write(fd, buf + done, n - done);

		if (r < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			shim_real.poll(&p, 1, -1);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return done ? (ssize_t)done : -errno;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

/* One batch of pipe in, duplicated without consuming it (tee) into a
 * fresh 16-buffer pipe and read from there into *buf (the caller frees
 * it).  0: no data and no writers; -EAGAIN: no data yet. */
static ssize_t pipe_peek_batch(int in, size_t len, bool nonblock,
			       unsigned char **buf)
{
	int scratch[2];
	ssize_t n, got = 0;

	*buf = NULL;
	if (pipe2(scratch, O_CLOEXEC) < 0)
		return -errno;
	shim_real.fcntl(scratch[1], F_SETPIPE_SZ,
			(int)(SPLICE_BATCH_PAGES * page_size()));
	/* tee() waits as splice() would, and a signal interrupts (or
	 * restarts) it in the same way. */
	n = tee(in, scratch[1], len, nonblock ? SPLICE_F_NONBLOCK : 0);
	if (n < 0)
		n = -errno;
	if (n > 0) {
		*buf = malloc((size_t)n);
		if (!*buf)
			n = -ENOMEM;
	}
	while (n > 0 && got < n) {
		ssize_t r = shim_real.read(scratch[0], *buf + got,
					   (size_t)(n - got));

		if (r <= 0) {
			n = r < 0 ? -errno : -EIO;
			break;
		}
		got += r;
	}
	if (n < 0) {
		free(*buf);
		*buf = NULL;
	}
	shim_real.close(scratch[0]);
	shim_real.close(scratch[1]);
	return n;
}

static ssize_t send_buf(struct shim_sock *sk, int fd, unsigned char *buf,
			size_t n)
{
	struct iovec v = { buf, n };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

	return sock_sendmsg(sk, fd, &m, 0);
}

/* splice_to_socket(). */
static ssize_t pipe_to_sock(struct shim_sock *sk, int fd, int in, size_t len,
			    bool nonblock)
{
	size_t spliced = 0;

	while (len) {
		unsigned char *buf;
		ssize_t n, r;

		/* Only the first batch waits for data. */
		n = pipe_peek_batch(in, len, nonblock || spliced, &buf);
		if (n <= 0)
			return spliced ? (ssize_t)spliced : n;
		r = send_buf(sk, fd, buf, (size_t)n);
		free(buf);
		if (r <= 0)
			return spliced ? (ssize_t)spliced : r;
		pipe_consume(in, (size_t)r);
		spliced += (size_t)r;
		len -= (size_t)r;
	}
	return (ssize_t)spliced;
}

/* The room of pipe out in bytes as whole free buffers, once there is
 * one: wait_for_space().  -EPIPE (and SIGPIPE) without readers. */
static ssize_t pipe_room(int out, bool nonblock)
{
	size_t pg = page_size();

	for (;;) {
		struct pollfd p = { .fd = out, .events = POLLOUT };
		int size = shim_real.fcntl(out, F_GETPIPE_SZ), queued = 0;
		size_t used;

		if (shim_real.poll(&p, 1, 0) < 0)
			return -errno;
		if (p.revents & POLLERR) {
			raise(SIGPIPE);
			return -EPIPE;
		}
		if (size < 0 || shim_real.ioctl(out, FIONREAD, &queued) < 0)
			return -errno;
		used = ((size_t)queued + pg - 1) / pg * pg;
		if ((p.revents & POLLOUT) && (size_t)size > used)
			return (ssize_t)((size_t)size - used);
		if (nonblock)
			return -EAGAIN;
		p.revents = 0;
		if (shim_real.poll(&p, 1, -1) < 0)
			return -errno;
	}
}

/* splice_file_to_pipe() with our socket as the file. */
static ssize_t sock_to_pipe(struct shim_sock *sk, int fd, int out, size_t len,
			    bool nonblock)
{
	ssize_t room = pipe_room(out, nonblock), r;
	unsigned char *buf;
	struct iovec v;
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

	if (room < 0)
		return room;
	if (len > (size_t)room)
		len = (size_t)room;
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	v.iov_base = buf;
	v.iov_len = len;
	/* The socket's own O_NONBLOCK decides whether to wait for a
	 * datagram (sock_read_iter()); the rest of it is dropped. */
	r = sock_recvmsg(sk, fd, &m, 0);
	if (r > 0)
		r = pipe_put(out, buf, (size_t)r);
	free(buf);
	return r;
}

ssize_t sock_splice(struct shim_sock *in_sk, int in, int64_t *off_in,
		    struct shim_sock *out_sk, int out, int64_t *off_out,
		    size_t len, unsigned int flags)
{
	int in_fl, out_fl;
	bool ipipe, opipe;

	if (!len)
		return 0;
	if (flags & ~(unsigned int)(SPLICE_F_MOVE | SPLICE_F_NONBLOCK |
				     SPLICE_F_MORE | SPLICE_F_GIFT))
		return -EINVAL;
	in_fl = fd_flags(in);
	out_fl = fd_flags(out);
	if (in_fl < 0 || out_fl < 0)
		return -EBADF;
	if (off_in && off_out)
		return -EINVAL;
	ipipe = !in_sk && is_pipe(in);
	opipe = !out_sk && is_pipe(out);
	if ((ipipe && off_in) || (opipe && off_out))
		return -ESPIPE;
	if (!readable(in_fl) || !writable(out_fl))
		return -EBADF;
	if (len > max_rw_count())
		len = max_rw_count();
	/* A socket has no position: an offset for it is refused. */
	if (ipipe && out_sk) {
		if (off_out)
			return -EINVAL;
		return pipe_to_sock(out_sk, out, in, len,
				    (flags & SPLICE_F_NONBLOCK) ||
					    (in_fl & O_NONBLOCK));
	}
	if (opipe && in_sk) {
		if (off_in)
			return -EINVAL;
		return sock_to_pipe(in_sk, in, out, len,
				    (flags & SPLICE_F_NONBLOCK) ||
					    (out_fl & O_NONBLOCK));
	}
	return -EINVAL;
}

/* do_splice_direct() from a regular file into our socket, in chunks that
 * end at a 16-page boundary of the file; *pos is where to read (and
 * advances), or NULL for the file position. */
static ssize_t file_to_sock(struct shim_sock *sk, int fd, int in, int64_t *pos,
			    size_t count)
{
	size_t pg = page_size(), batch = SPLICE_BATCH_PAGES * pg, done = 0;
	unsigned char *buf = malloc(batch);
	int64_t at = pos ? *pos : lseek(in, 0, SEEK_CUR);
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	if (at < 0)
		at = 0;
	while (count) {
		size_t chunk = batch - (size_t)at % pg;
		ssize_t n, r;

		if (chunk > count)
			chunk = count;
		n = pos ? pread(in, buf, chunk, (off_t)at)
			: shim_real.read(in, buf, chunk);
		if (n <= 0) {
			err = n < 0 ? -errno : 0;
			break;
		}
		r = send_buf(sk, fd, buf, (size_t)n);
		if (r < (ssize_t)n && !pos)
			/* The file position says what was sent. */
			lseek(in, (off_t)(r > 0 ? r - n : -n), SEEK_CUR);
		if (r <= 0) {
			err = r;
			break;
		}
		at += r;
		done += (size_t)r;
		count -= (size_t)r;
		if (r < n)
			break;
	}
	free(buf);
	if (pos)
		*pos = at;
	return done ? (ssize_t)done : err;
}

ssize_t sock_sendfile(struct shim_sock *out_sk, int out,
		      struct shim_sock *in_sk, int in, int64_t *offset,
		      size_t count)
{
	int in_fl = fd_flags(in), out_fl;
	struct stat st;
	bool direct;

	/* do_sendfile(): the input first; only a file with a position can
	 * be read at an offset. */
	if (in_fl < 0 || !readable(in_fl))
		return -EBADF;
	if (in_sk || fstat(in, &st) < 0)
		st.st_mode = S_IFSOCK;
	direct = S_ISREG(st.st_mode) || S_ISBLK(st.st_mode);
	if (offset && (S_ISSOCK(st.st_mode) || S_ISFIFO(st.st_mode)))
		return -ESPIPE;
	if (offset && *offset < 0)
		return -EINVAL;
	out_fl = fd_flags(out);
	if (out_fl < 0 || !writable(out_fl))
		return -EBADF;
	if (count > max_rw_count())
		count = max_rw_count();
	/* Our socket into a pipe: splice_file_to_pipe(). */
	if (in_sk && !out_sk && is_pipe(out))
		return count ? sock_to_pipe(in_sk, in, out, count,
					    out_fl & O_NONBLOCK)
			     : 0;
	/* Anything else goes through do_splice_direct(), which reads only
	 * a regular file or a block device. */
	if (!direct || !out_sk)
		return -EINVAL;
	return file_to_sock(out_sk, out, in, offset, count);
}
