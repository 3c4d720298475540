// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shim in pass-through mode (`unetlink record --kernel`): a program's
 * netlink sockets stay the kernel's, and every datagram it sends to the
 * kernel or receives is appended to the file $UNETLINK_RECORD_FILE, one
 * line each, so that a conversation with a real kernel can be recorded
 * without unetlink serving it (and without nlmon, which needs root and a
 * module).  The tool turns the lines into a recording (docs/record.md).
 *
 * A line, written with one write() to a file opened O_APPEND so that the
 * processes of a tree do not mix their lines:
 *
 *   TIME_NS req|rx PROTOCOL NET PORTID PID HEX
 *
 * TIME_NS is CLOCK_REALTIME; NET is the inode of the process's network
 * namespace; PORTID the socket's, as getsockname() gives it.
 *
 * Only the calls that move netlink datagrams are wrapped; what follows a
 * dup() of a netlink socket is not recorded.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#define EXPORT __attribute__((visibility("default")))
#define MAX_FD 65536

/* protocol + 1 of each netlink socket we saw made; 0: not ours */
static _Atomic uint8_t netlink_fd[MAX_FD];
static int out_fd = -2;

static int (*real_socket)(int, int, int);
static int (*real_close)(int);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static ssize_t (*real_sendto)(int, const void *, size_t, int,
			      const struct sockaddr *, socklen_t);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_recvmsg)(int, struct msghdr *, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *,
				socklen_t *);
static ssize_t (*real_recv)(int, void *, size_t, int);

static void resolve(void)
{
	if (real_socket)
		return;
	real_close = dlsym(RTLD_NEXT, "close");
	real_sendmsg = dlsym(RTLD_NEXT, "sendmsg");
	real_sendto = dlsym(RTLD_NEXT, "sendto");
	real_send = dlsym(RTLD_NEXT, "send");
	real_recvmsg = dlsym(RTLD_NEXT, "recvmsg");
	real_recvfrom = dlsym(RTLD_NEXT, "recvfrom");
	real_recv = dlsym(RTLD_NEXT, "recv");
	real_socket = dlsym(RTLD_NEXT, "socket");
}

static int protocol_of(int fd)
{
	return fd >= 0 && fd < MAX_FD ? (int)atomic_load(&netlink_fd[fd]) - 1
				      : -1;
}

static int output(void)
{
	if (out_fd == -2) {
		const char *path = getenv("UNETLINK_RECORD_FILE");

		out_fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT |
						   O_CLOEXEC, 0600)
			      : -1;
	}
	return out_fd;
}

/* One line for len bytes gathered from iov (at most have bytes). */
static void record(int fd, int protocol, bool req, const struct iovec *iov,
		   size_t niov, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sockaddr_nl sa = { 0 };
	socklen_t salen = sizeof(sa);
	struct timespec ts;
	struct stat st;
	int o = output(), saved = errno;
	size_t n, done = 0;
	char *line;

	if (o < 0)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (stat("/proc/self/ns/net", &st) < 0)
		st.st_ino = 0;
	getsockname(fd, (struct sockaddr *)&sa, &salen);
	line = malloc(128 + 2 * len);
	if (!line) {
		errno = saved;
		return;
	}
	n = (size_t)snprintf(line, 128, "%lld %s %d %llu %u %d ",
			     (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
			     req ? "req" : "rx", protocol,
			     (unsigned long long)st.st_ino, sa.nl_pid,
			     (int)getpid());
	for (size_t i = 0; i < niov && done < len; i++) {
		const unsigned char *p = iov[i].iov_base;

		for (size_t j = 0; j < iov[i].iov_len && done < len; j++, done++) {
			line[n++] = hex[p[j] >> 4];
			line[n++] = hex[p[j] & 15];
		}
	}
	line[n++] = '\n';
	if (write(o, line, n) < 0) {
		/* nothing to do: the program must not notice */
	}
	free(line);
	errno = saved;
}

/* A send to the kernel (no address, or port 0) is a request. */
static bool to_kernel(const struct sockaddr *addr, socklen_t alen)
{
	const struct sockaddr_nl *nl = (const void *)addr;

	return !addr || alen < sizeof(*nl) || nl->nl_pid == 0;
}

EXPORT int socket(int domain, int type, int protocol)
{
	int fd;

	resolve();
	fd = real_socket(domain, type, protocol);
	if (fd >= 0 && fd < MAX_FD)
		atomic_store(&netlink_fd[fd], domain == AF_NETLINK &&
						      protocol >= 0 &&
						      protocol < 255
						      ? (uint8_t)(protocol + 1)
						      : 0);
	return fd;
}

EXPORT int close(int fd)
{
	resolve();
	if (fd >= 0 && fd < MAX_FD)
		atomic_store(&netlink_fd[fd], 0);
	return real_close(fd);
}

EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int p = protocol_of(fd);
	ssize_t r;

	resolve();
	r = real_sendmsg(fd, msg, flags);
	if (r >= 0 && p >= 0 && to_kernel(msg->msg_name, msg->msg_namelen))
		record(fd, p, true, msg->msg_iov, msg->msg_iovlen, (size_t)r);
	return r;
}

EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *addr, socklen_t alen)
{
	int p = protocol_of(fd);
	struct iovec v = { (void *)buf, len };
	ssize_t r;

	resolve();
	r = real_sendto(fd, buf, len, flags, addr, alen);
	if (r >= 0 && p >= 0 && to_kernel(addr, alen))
		record(fd, p, true, &v, 1, (size_t)r);
	return r;
}

EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	int p = protocol_of(fd);
	struct iovec v = { (void *)buf, len };
	ssize_t r;

	resolve();
	r = real_send(fd, buf, len, flags);
	if (r >= 0 && p >= 0)
		record(fd, p, true, &v, 1, (size_t)r);
	return r;
}

/* What a receive copied: the datagram's length (MSG_TRUNC may report
 * more) bounded by the buffer.  A peek is recorded when it is read. */
static void received(int fd, int p, int flags, const struct iovec *iov,
		     size_t niov, ssize_t r)
{
	size_t room = 0;

	if (r < 0 || p < 0 || (flags & MSG_PEEK))
		return;
	for (size_t i = 0; i < niov; i++)
		room += iov[i].iov_len;
	record(fd, p, false, iov, niov, (size_t)r < room ? (size_t)r : room);
}

EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	int p = protocol_of(fd);
	ssize_t r;

	resolve();
	r = real_recvmsg(fd, msg, flags);
	if (r >= 0)
		received(fd, p, flags, msg->msg_iov, msg->msg_iovlen, r);
	return r;
}

EXPORT ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *addr, socklen_t *alen)
{
	int p = protocol_of(fd);
	struct iovec v = { buf, len };
	ssize_t r;

	resolve();
	r = real_recvfrom(fd, buf, len, flags, addr, alen);
	received(fd, p, flags, &v, 1, r);
	return r;
}

EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	int p = protocol_of(fd);
	struct iovec v = { buf, len };
	ssize_t r;

	resolve();
	r = real_recv(fd, buf, len, flags);
	received(fd, p, flags, &v, 1, r);
	return r;
}
