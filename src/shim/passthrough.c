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
 *   TIME_NS req|rx|rx@GROUP PROTOCOL NET PORTID PID HEX
 *
 * TIME_NS is CLOCK_REALTIME; NET is the inode of the process's network
 * namespace; PORTID the socket's, as getsockname() gives it; GROUP the
 * group a notification was multicast to, from the sender's address
 * (nl_groups: groups 1 to 32; a notification of a higher group is a
 * plain rx).  The address is asked for when the program asks for none.
 *
 * The calls that move datagrams are wrapped (send, sendto, sendmsg,
 * sendmmsg, write, writev and their receiving twins), and the copies
 * dup(), dup2(), dup3() and fcntl(F_DUPFD*) make of a netlink socket
 * are netlink sockets too.  A statically linked program is reached by
 * no preload (docs/record.md says what recording it would take).
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
#include <stdarg.h>
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
static int (*real_sendmmsg)(int, struct mmsghdr *, unsigned int, int);
static int (*real_recvmmsg)(int, struct mmsghdr *, unsigned int, int,
			    struct timespec *);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_readv)(int, const struct iovec *, int);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_dup)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static int (*real_fcntl)(int, int, ...);

static void resolve(void)
{
	if (real_socket)
		return;
	real_sendmmsg = dlsym(RTLD_NEXT, "sendmmsg");
	real_recvmmsg = dlsym(RTLD_NEXT, "recvmmsg");
	real_read = dlsym(RTLD_NEXT, "read");
	real_write = dlsym(RTLD_NEXT, "write");
	real_readv = dlsym(RTLD_NEXT, "readv");
	real_writev = dlsym(RTLD_NEXT, "writev");
	real_dup = dlsym(RTLD_NEXT, "dup");
	real_dup2 = dlsym(RTLD_NEXT, "dup2");
	real_dup3 = dlsym(RTLD_NEXT, "dup3");
	real_fcntl = dlsym(RTLD_NEXT, "fcntl");
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

/* One line for len bytes gathered from iov; group: the group a
 * received notification was multicast to (0: unicast, or unknown). */
static void record(int fd, int protocol, bool req, unsigned group,
		   const struct iovec *iov, size_t niov, size_t len)
{
	char dir[16];
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
	if (req)
		snprintf(dir, sizeof(dir), "req");
	else if (group)
		snprintf(dir, sizeof(dir), "rx@%u", group);
	else
		snprintf(dir, sizeof(dir), "rx");
	n = (size_t)snprintf(line, 128, "%lld %s %d %llu %u %d ",
			     (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
			     dir, protocol,
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
		record(fd, p, true, 0, msg->msg_iov, msg->msg_iovlen, (size_t)r);
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
		record(fd, p, true, 0, &v, 1, (size_t)r);
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
		record(fd, p, true, 0, &v, 1, (size_t)r);
	return r;
}

/* The group of a notification from its sender's address: Linux sets
 * one bit of nl_groups for groups 1 to 32, none above. */
static unsigned group_of(const void *addr, socklen_t alen)
{
	struct sockaddr_nl nl;

	if (!addr || alen < sizeof(nl))
		return 0;
	memcpy(&nl, addr, sizeof(nl));
	return nl.nl_family == AF_NETLINK && nl.nl_groups
		       ? (unsigned)__builtin_ffs((int)nl.nl_groups)
		       : 0;
}

/* What a receive copied: the datagram's length (MSG_TRUNC may report
 * more) bounded by the buffer.  A peek is recorded when it is read. */
static void received(int fd, int p, int flags, unsigned group,
		     const struct iovec *iov, size_t niov, ssize_t r)
{
	size_t room = 0;

	if (r < 0 || p < 0 || (flags & MSG_PEEK))
		return;
	for (size_t i = 0; i < niov; i++)
		room += iov[i].iov_len;
	record(fd, p, false, group, iov, niov,
	       (size_t)r < room ? (size_t)r : room);
}

/* A receive on a netlink socket asks for the sender's address when the
 * program did not, for its group; the program sees no difference. */
EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	int p = protocol_of(fd);
	struct sockaddr_nl sa;
	bool ours = p >= 0 && !msg->msg_name;
	ssize_t r;

	resolve();
	if (ours) {
		msg->msg_name = &sa;
		msg->msg_namelen = sizeof(sa);
	}
	r = real_recvmsg(fd, msg, flags);
	if (r >= 0)
		received(fd, p, flags, group_of(msg->msg_name, msg->msg_namelen),
			 msg->msg_iov, msg->msg_iovlen, r);
	if (ours) {
		msg->msg_name = NULL;
		msg->msg_namelen = 0;
	}
	return r;
}

EXPORT ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *addr, socklen_t *alen)
{
	int p = protocol_of(fd);
	struct iovec v = { buf, len };
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	ssize_t r;

	resolve();
	if (p < 0 || (addr && alen))
		r = real_recvfrom(fd, buf, len, flags, addr, alen);
	else
		r = real_recvfrom(fd, buf, len, flags, (struct sockaddr *)&sa,
				  &salen);
	if (r >= 0 && p >= 0)
		received(fd, p, flags, addr && alen ? group_of(addr, *alen)
						    : group_of(&sa, salen),
			 &v, 1, r);
	return r;
}

EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	resolve();
	if (protocol_of(fd) < 0)
		return real_recv(fd, buf, len, flags);
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

/* read() and readv() of a netlink socket are a recvmsg() without flags. */
EXPORT ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	struct msghdr m = { .msg_iov = (struct iovec *)iov,
			    .msg_iovlen = iovcnt > 0 ? (size_t)iovcnt : 0 };

	resolve();
	if (protocol_of(fd) < 0 || iovcnt < 0)
		return real_readv(fd, iov, iovcnt);
	return recvmsg(fd, &m, 0);
}

EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	struct iovec v = { buf, len };

	resolve();
	if (protocol_of(fd) < 0)
		return real_read(fd, buf, len);
	return readv(fd, &v, 1);
}

/* ... and write() and writev() a sendmsg() to the connected address
 * (the kernel, unless the program connected elsewhere). */
EXPORT ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	struct msghdr m = { .msg_iov = (struct iovec *)iov,
			    .msg_iovlen = iovcnt > 0 ? (size_t)iovcnt : 0 };
	struct sockaddr_nl peer = { 0 };
	socklen_t plen = sizeof(peer);
	int p = protocol_of(fd);
	ssize_t r;

	resolve();
	r = real_writev(fd, iov, iovcnt);
	if (r >= 0 && p >= 0 &&
	    (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0 ||
	     to_kernel((struct sockaddr *)&peer, plen)))
		record(fd, p, true, 0, m.msg_iov, m.msg_iovlen, (size_t)r);
	return r;
}

EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	struct iovec v = { (void *)buf, len };

	resolve();
	if (protocol_of(fd) < 0)
		return real_write(fd, buf, len);
	return writev(fd, &v, 1);
}

EXPORT int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen,
		    int flags)
{
	int p = protocol_of(fd), r;

	resolve();
	r = real_sendmmsg(fd, vec, vlen, flags);
	for (int i = 0; p >= 0 && i < r; i++)
		if (to_kernel(vec[i].msg_hdr.msg_name,
			      vec[i].msg_hdr.msg_namelen))
			record(fd, p, true, 0, vec[i].msg_hdr.msg_iov,
			       vec[i].msg_hdr.msg_iovlen, vec[i].msg_len);
	return r;
}

#define MMSG_MAX 1024 /* UIO_MAXIOV: Linux takes no more at once */

EXPORT int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags,
		    struct timespec *timeout)
{
	int p = protocol_of(fd), r;
	struct sockaddr_nl *sa = NULL;

	resolve();
	if (p >= 0 && vlen)
		sa = calloc(vlen < MMSG_MAX ? vlen : MMSG_MAX, sizeof(*sa));
	for (unsigned i = 0; sa && i < vlen && i < MMSG_MAX; i++)
		if (!vec[i].msg_hdr.msg_name) {
			vec[i].msg_hdr.msg_name = &sa[i];
			vec[i].msg_hdr.msg_namelen = sizeof(sa[i]);
		}
	r = real_recvmmsg(fd, vec, vlen, flags, timeout);
	for (int i = 0; p >= 0 && i < r; i++)
		received(fd, p, flags,
			 group_of(vec[i].msg_hdr.msg_name,
				  vec[i].msg_hdr.msg_namelen),
			 vec[i].msg_hdr.msg_iov, vec[i].msg_hdr.msg_iovlen,
			 (ssize_t)vec[i].msg_len);
	for (unsigned i = 0; sa && i < vlen && i < MMSG_MAX; i++)
		if (vec[i].msg_hdr.msg_name == &sa[i]) {
			vec[i].msg_hdr.msg_name = NULL;
			vec[i].msg_hdr.msg_namelen = 0;
		}
	free(sa);
	return r;
}

/* ---- copies of a netlink socket ---- */

static int copied(int from, int to)
{
	if (to >= 0 && to < MAX_FD)
		atomic_store(&netlink_fd[to],
			     from >= 0 && from < MAX_FD
				     ? atomic_load(&netlink_fd[from])
				     : 0);
	return to;
}

EXPORT int dup(int fd)
{
	resolve();
	return copied(fd, real_dup(fd));
}

EXPORT int dup2(int fd, int to)
{
	resolve();
	return fd == to ? real_dup2(fd, to) : copied(fd, real_dup2(fd, to));
}

EXPORT int dup3(int fd, int to, int flags)
{
	resolve();
	return copied(fd, real_dup3(fd, to, flags));
}

EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;
	int r;

	resolve();
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	r = real_fcntl(fd, cmd, arg);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		copied(fd, r);
	return r;
}

/* glibc 2.28 and later name fcntl() so for 64-bit file offsets */
EXPORT int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}
