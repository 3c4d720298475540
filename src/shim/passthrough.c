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
 * (nl_groups: groups 1 to 32) or, on a socket that joined a higher
 * group (NETLINK_ADD_MEMBERSHIP), from the NETLINK_PKTINFO control
 * message, which is turned on for it and kept from the program.  The
 * address is asked for when the program asks for none.
 *
 * The calls that move datagrams are wrapped (send, sendto, sendmsg,
 * sendmmsg, write, writev and their receiving twins).  A descriptor is
 * known for a netlink socket when socket() made it, and otherwise asked
 * (SO_DOMAIN, SO_PROTOCOL) on its first use: so a socket inherited
 * across exec, received with SCM_RIGHTS or copied by dup() is recorded
 * too.  A statically linked program is reached by no preload:
 * `record --kernel` runs it under the seccomp front end in pass-through
 * mode (src/seccomp/passthrough.c), which writes the same lines.
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

/* What each descriptor is: FD_UNKNOWN until asked, FD_OTHER for anything
 * but a netlink socket, protocol + 1 for a netlink socket. */
#define FD_UNKNOWN 0
#define FD_OTHER 0xff
static _Atomic uint8_t netlink_fd[MAX_FD];
/* NETLINK_PKTINFO turned on by us (the socket joined a group above 32),
 * not by the program, which must not see its control messages. */
static _Atomic bool pktinfo_ours[MAX_FD];
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
static int (*real_setsockopt)(int, int, int, const void *, socklen_t);
static int (*real_getsockopt)(int, int, int, void *, socklen_t *);

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
	real_setsockopt = dlsym(RTLD_NEXT, "setsockopt");
	real_getsockopt = dlsym(RTLD_NEXT, "getsockopt");
	real_socket = dlsym(RTLD_NEXT, "socket");
}

/* Asks the kernel what fd is, once: FD_OTHER, or protocol + 1.  A
 * descriptor that is not open is left unknown. */
static uint8_t classify(int fd)
{
	int domain, protocol, saved = errno;
	socklen_t len = sizeof(domain);
	uint8_t v = FD_OTHER;

	resolve();
	if (real_getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0) {
		v = errno == EBADF ? FD_UNKNOWN : FD_OTHER;
	} else if (domain == AF_NETLINK) {
		len = sizeof(protocol);
		if (real_getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol,
				    &len) == 0 &&
		    protocol >= 0 && protocol < FD_OTHER - 1)
			v = (uint8_t)(protocol + 1);
	}
	errno = saved;
	if (v != FD_UNKNOWN)
		atomic_store(&netlink_fd[fd], v);
	return v;
}

static int protocol_of(int fd)
{
	uint8_t v;

	if (fd < 0 || fd >= MAX_FD)
		return -1;
	v = atomic_load(&netlink_fd[fd]);
	if (v == FD_UNKNOWN)
		v = classify(fd);
	return v == FD_UNKNOWN || v == FD_OTHER ? -1 : v - 1;
}

/* A descriptor that changes what it is (closed, or made anew by a call
 * we do not wrap) is asked again on its next use. */
static void forget(int fd)
{
	if (fd >= 0 && fd < MAX_FD) {
		atomic_store(&netlink_fd[fd], FD_UNKNOWN);
		atomic_store(&pktinfo_ours[fd], false);
	}
}

/* The descriptors a message brought (SCM_RIGHTS) are new here. */
static void forget_received(const struct msghdr *msg)
{
	if (!msg || !msg->msg_control ||
	    msg->msg_controllen < sizeof(struct cmsghdr))
		return;
	for (struct cmsghdr *h = CMSG_FIRSTHDR((struct msghdr *)msg); h;
	     h = CMSG_NXTHDR((struct msghdr *)msg, h)) {
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		     i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			forget(fd);
		}
	}
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
	if (fd >= 0 && fd < MAX_FD) {
		atomic_store(&pktinfo_ours[fd], false);
		atomic_store(&netlink_fd[fd], domain == AF_NETLINK &&
						      protocol >= 0 &&
						      protocol < FD_OTHER - 1
						      ? (uint8_t)(protocol + 1)
						      : FD_OTHER);
	}
	return fd;
}

EXPORT int close(int fd)
{
	resolve();
	forget(fd);
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

/* ---- NETLINK_PKTINFO of our own ---- */

/* The program's control buffer, set aside while a larger one that also
 * holds our struct nl_pktinfo is used. */
struct ctl_swap {
	void *control;
	size_t len;
	unsigned char *mine;
};

#define PKTINFO_SPACE CMSG_SPACE(sizeof(struct nl_pktinfo))

static bool ctl_begin(int fd, struct msghdr *m, struct ctl_swap *c)
{
	c->mine = NULL;
	if (fd < 0 || fd >= MAX_FD || !atomic_load(&pktinfo_ours[fd]))
		return true;
	c->control = m->msg_control;
	c->len = m->msg_control ? m->msg_controllen : 0;
	c->mine = calloc(1, c->len + PKTINFO_SPACE);
	if (!c->mine)
		return false;
	m->msg_control = c->mine;
	m->msg_controllen = c->len + PKTINFO_SPACE;
	return true;
}

/* Our control message taken out (its group into *group), the others
 * copied back into the program's buffer as the kernel would have put
 * them there. */
static void ctl_end(struct msghdr *m, struct ctl_swap *c, bool got,
		    unsigned *group)
{
	size_t out = 0;

	if (!c->mine)
		return;
	for (struct cmsghdr *h = got && m->msg_controllen >= sizeof(*h)
					 ? CMSG_FIRSTHDR(m)
					 : NULL;
	     h; h = CMSG_NXTHDR(m, h)) {
		size_t space = CMSG_SPACE(h->cmsg_len - CMSG_LEN(0));

		if (h->cmsg_level == SOL_NETLINK &&
		    h->cmsg_type == NETLINK_PKTINFO &&
		    h->cmsg_len >= CMSG_LEN(sizeof(struct nl_pktinfo))) {
			struct nl_pktinfo pi;

			memcpy(&pi, CMSG_DATA(h), sizeof(pi));
			*group = pi.group;
			continue;
		}
		if (out + h->cmsg_len > c->len) {
			m->msg_flags |= MSG_CTRUNC;
			break;
		}
		memcpy((unsigned char *)c->control + out, h, h->cmsg_len);
		out += space < c->len - out ? space : c->len - out;
	}
	m->msg_control = c->control;
	m->msg_controllen = got ? out : c->len;
	free(c->mine);
}

/* The group of a NETLINK_PKTINFO the program asked for itself, 0: none. */
static unsigned program_pktinfo(const struct msghdr *m)
{
	if (!m->msg_control || m->msg_controllen < sizeof(struct cmsghdr))
		return 0;
	for (struct cmsghdr *h = CMSG_FIRSTHDR((struct msghdr *)m); h;
	     h = CMSG_NXTHDR((struct msghdr *)m, h))
		if (h->cmsg_level == SOL_NETLINK &&
		    h->cmsg_type == NETLINK_PKTINFO &&
		    h->cmsg_len >= CMSG_LEN(sizeof(struct nl_pktinfo))) {
			struct nl_pktinfo pi;

			memcpy(&pi, CMSG_DATA(h), sizeof(pi));
			return pi.group;
		}
	return 0;
}

/* A receive on a netlink socket asks for the sender's address when the
 * program did not, for its group; the program sees no difference. */
EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	int p = protocol_of(fd);
	struct sockaddr_nl sa;
	bool ours = p >= 0 && !msg->msg_name;
	struct ctl_swap c;
	unsigned group = 0;
	ssize_t r;

	resolve();
	if (p < 0) {
		r = real_recvmsg(fd, msg, flags);
		if (r >= 0)
			forget_received(msg);
		return r;
	}
	if (!ctl_begin(fd, msg, &c)) {
		errno = ENOMEM;
		return -1;
	}
	if (ours) {
		msg->msg_name = &sa;
		msg->msg_namelen = sizeof(sa);
	}
	r = real_recvmsg(fd, msg, flags);
	ctl_end(msg, &c, r >= 0, &group);
	if (r >= 0 && !group)
		group = program_pktinfo(msg);
	if (r >= 0)
		received(fd, p, flags,
			 group ? group : group_of(msg->msg_name, msg->msg_namelen),
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
	if (p >= 0 && atomic_load(&pktinfo_ours[fd])) {
		/* the group comes in a control message: a recvmsg() */
		struct msghdr m = { .msg_name = addr,
				    .msg_namelen = addr && alen ? *alen : 0,
				    .msg_iov = &v, .msg_iovlen = 1 };

		r = recvmsg(fd, &m, flags);
		if (r >= 0 && addr && alen)
			*alen = m.msg_namelen;
		return r;
	}
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
	int p = protocol_of(fd), r = 0;
	unsigned n = p < 0 ? 0 : vlen < MMSG_MAX ? vlen : MMSG_MAX, begun = 0;
	struct sockaddr_nl *sa = NULL;
	struct ctl_swap *c = NULL;

	resolve();
	if (n) {
		sa = calloc(n, sizeof(*sa));
		c = calloc(n, sizeof(*c));
		if (!sa || !c) {
			free(sa);
			free(c);
			errno = ENOMEM;
			return -1;
		}
	}
	for (unsigned i = 0; i < n; i++)
		if (!vec[i].msg_hdr.msg_name) {
			vec[i].msg_hdr.msg_name = &sa[i];
			vec[i].msg_hdr.msg_namelen = sizeof(sa[i]);
		}
	while (begun < n && ctl_begin(fd, &vec[begun].msg_hdr, &c[begun]))
		begun++;
	if (begun < n) {
		errno = ENOMEM;
		r = -1;
	} else {
		r = real_recvmmsg(fd, vec, vlen, flags, timeout);
	}
	for (unsigned i = 0; i < begun; i++) {
		bool got = r >= 0 && (int)i < r;
		unsigned group = 0;

		ctl_end(&vec[i].msg_hdr, &c[i], got, &group);
		if (got && !group)
			group = program_pktinfo(&vec[i].msg_hdr);
		if (got)
			received(fd, p, flags,
				 group ? group
				       : group_of(vec[i].msg_hdr.msg_name,
						  vec[i].msg_hdr.msg_namelen),
				 vec[i].msg_hdr.msg_iov,
				 vec[i].msg_hdr.msg_iovlen,
				 (ssize_t)vec[i].msg_len);
	}
	for (unsigned i = 0; i < n; i++)
		if (vec[i].msg_hdr.msg_name == &sa[i]) {
			vec[i].msg_hdr.msg_name = NULL;
			vec[i].msg_hdr.msg_namelen = 0;
		}
	for (int i = 0; p < 0 && i < r; i++)
		forget_received(&vec[i].msg_hdr);
	free(sa);
	free(c);
	return r;
}

/* ---- group memberships ---- */

/* Joining a group above 32 turns NETLINK_PKTINFO on (Linux names such a
 * group nowhere else); the program's own setting of it is its own. */
EXPORT int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	int p = protocol_of(fd), r, on = 1, saved;
	uint32_t group = 0;

	resolve();
	r = real_setsockopt(fd, level, name, val, len);
	if (r < 0 || p < 0 || level != SOL_NETLINK)
		return r;
	saved = errno;
	if (name == NETLINK_PKTINFO) {
		atomic_store(&pktinfo_ours[fd], false);
	} else if (name == NETLINK_ADD_MEMBERSHIP && val &&
		   len >= sizeof(group)) {
		int v = 0;
		socklen_t vlen = sizeof(v);

		memcpy(&group, val, sizeof(group));
		if (group > 32 && !atomic_load(&pktinfo_ours[fd]) &&
		    real_getsockopt(fd, SOL_NETLINK, NETLINK_PKTINFO, &v,
				    &vlen) == 0 &&
		    !v &&
		    real_setsockopt(fd, SOL_NETLINK, NETLINK_PKTINFO, &on,
				    sizeof(on)) == 0)
			atomic_store(&pktinfo_ours[fd], true);
	}
	errno = saved;
	return r;
}

EXPORT int getsockopt(int fd, int level, int name, void *val,
		      socklen_t *len)
{
	int r;

	resolve();
	r = real_getsockopt(fd, level, name, val, len);
	/* ours is not the program's */
	if (r == 0 && level == SOL_NETLINK && name == NETLINK_PKTINFO &&
	    fd >= 0 && fd < MAX_FD && atomic_load(&pktinfo_ours[fd]) && val &&
	    len && *len >= sizeof(int))
		memset(val, 0, sizeof(int));
	return r;
}

/* ---- copies of a netlink socket ---- */

static int copied(int from, int to)
{
	if (to >= 0 && to < MAX_FD) {
		atomic_store(&netlink_fd[to],
			     from >= 0 && from < MAX_FD
				     ? atomic_load(&netlink_fd[from])
				     : FD_UNKNOWN);
		atomic_store(&pktinfo_ours[to],
			     from >= 0 && from < MAX_FD &&
				     atomic_load(&pktinfo_ours[from]));
	}
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
