// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The receives the pass-through supervisor does for the program
 * (docs/record.md) where a peek followed by the program's own call
 * cannot be right:
 *
 * - recvmmsg() on a netlink socket of the range may take several
 *   datagrams, and a peek sees only the first: each is taken here, as
 *   the kernel's do_recvmmsg() takes them (one recvmsg() each,
 *   MSG_WAITFORONE, the timeout looked at after each datagram), written
 *   down and written into the program's struct mmsghdr.
 * - recvmsg() on a unix socket that brings a netlink socket with
 *   SCM_RIGHTS: the kernel would put it at the lowest free number, out of
 *   the range, where no call on it traps.  That datagram is taken here,
 *   the netlink sockets it brings installed in the range, the other
 *   descriptors at the lowest free numbers, as the kernel installs them.
 *   Anything else the kernel receives.
 *
 * A receive that would wait is parked (PT_PARKED) until its socket has
 * data.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "seccomp/pt-private.h"
#include "wire/cmsg.h"

/* The most control data taken at once (netlink's and a unix socket's
 * SCM_RIGHTS of SCM_MAX_FD descriptors fit). */
#define PT_CONTROL_MAX 4096
/* Room for any socket address. */
#define PT_NAME_MAX 128
/* The most data taken at once. */
#define PT_DATA_MAX (1u << 26)

/* The program's buffers of one receive. */
struct pt_dest {
	struct msghdr hdr;	/* as the program filled it */
	struct iovec *iov;	/* its iovecs */
	size_t room;		/* their total length (up to PT_DATA_MAX) */
};

static int dest_read(pid_t pid, uint64_t addr, struct pt_dest *d)
{
	d->iov = NULL;
	d->room = 0;
	if (pt_mem_read(pid, addr, &d->hdr, sizeof(d->hdr)))
		return -EFAULT;
	if (d->hdr.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	d->iov = calloc(d->hdr.msg_iovlen ? d->hdr.msg_iovlen : 1,
			sizeof(*d->iov));
	if (!d->iov)
		return -ENOMEM;
	if (pt_mem_read(pid, (uint64_t)(uintptr_t)d->hdr.msg_iov, d->iov,
			d->hdr.msg_iovlen * sizeof(*d->iov)))
		return -EFAULT;
	for (size_t i = 0; i < d->hdr.msg_iovlen; i++)
		d->room += d->iov[i].iov_len;
	if (d->room > PT_DATA_MAX)
		d->room = PT_DATA_MAX;
	return 0;
}

/* The NETLINK_PKTINFO message the program did not ask for, out of m:
 * netlink_recvmsg() puts it first, so the rest moves to the front as
 * the kernel would have laid it out without it. */
static void strip_pktinfo(struct msghdr *m)
{
	struct cmsghdr *h = m->msg_controllen ? CMSG_FIRSTHDR(m) : NULL;
	size_t cut;

	if (!h || h->cmsg_level != SOL_NETLINK ||
	    h->cmsg_type != NETLINK_PKTINFO)
		return;
	cut = CMSG_SPACE(sizeof(struct nl_pktinfo));
	if (cut > m->msg_controllen)
		cut = m->msg_controllen;
	memmove(m->msg_control, (char *)m->msg_control + cut,
		m->msg_controllen - cut);
	m->msg_controllen -= cut;
}

static bool is_netlink(int fd)
{
	int domain = 0;
	socklen_t l = sizeof(domain);

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) == 0 &&
	       domain == AF_NETLINK;
}

static bool brings_netlink(int fd, size_t i, void *arg)
{
	(void)i;
	(void)arg;
	return is_netlink(fd);
}

/* The descriptors m brought, installed in the caller (netlink sockets
 * in the range) and their numbers put in their place; those that could
 * not be are cut off with MSG_CTRUNC, as scm_detach_fds() does. */
static void install_passed(const struct pt *s, const struct seccomp_notif *n,
			   struct msghdr *m, bool cloexec)
{
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t k;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd, got;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			got = pt_install(s, n, fd, is_netlink(fd), 0, cloexec);
			close(fd);
			if (got < 0) {
				for (size_t j = i + 1; j < k; j++) {
					memcpy(&fd, CMSG_DATA(h) + j * sizeof(int),
					       sizeof(fd));
					close(fd);
				}
				h->cmsg_len = CMSG_LEN(i * sizeof(int));
				m->msg_flags |= MSG_CTRUNC;
				break;
			}
			memcpy(CMSG_DATA(h) + i * sizeof(int), &got, sizeof(got));
		}
	}
}

/* What m received, written into the program's d (at addr) as
 * ____sys_recvmsg() writes it: data, address and its length, control
 * data and its length, flags. */
static int dest_write(pid_t pid, uint64_t addr, struct pt_dest *d,
		      const struct msghdr *m, const void *data, size_t len)
{
	struct iovec l = { (void *)data, len };
	socklen_t namelen = m->msg_namelen;

	if (len && process_vm_writev(pid, &l, 1, d->iov, d->hdr.msg_iovlen,
				     0) != (ssize_t)len)
		return -EFAULT;
	if (d->hdr.msg_name) {
		if (pt_mem_write(pid, (uint64_t)(uintptr_t)d->hdr.msg_name,
				 m->msg_name,
				 namelen < d->hdr.msg_namelen ? namelen
							      : d->hdr.msg_namelen))
			return -EFAULT;
		d->hdr.msg_namelen = namelen;
	}
	if (m->msg_controllen &&
	    pt_mem_write(pid, (uint64_t)(uintptr_t)d->hdr.msg_control,
			 m->msg_control, m->msg_controllen))
		return -EFAULT;
	d->hdr.msg_controllen = m->msg_controllen;
	d->hdr.msg_flags = m->msg_flags;
	return pt_mem_write(pid, addr, &d->hdr, sizeof(d->hdr));
}

/*
 * One datagram of c's socket taken for the program into its struct
 * msghdr at addr with flags; written down when the socket is netlink
 * (with its group: a NETLINK_PKTINFO of ours, hidden from the program,
 * when it joined a group above 32), descriptors it brings installed
 * otherwise.  Its length, or -errno (-EAGAIN: nothing queued).
 */
static long take(struct pt *s, struct pt_call *c, uint64_t addr, int flags,
		 bool netlink)
{
	bool cloexec = flags & MSG_CMSG_CLOEXEC;
	pid_t pid = (pid_t)c->n.pid;
	unsigned char *data = NULL;
	char name[PT_NAME_MAX], *control = NULL;
	struct iovec mine;
	struct msghdr m = { .msg_name = name };
	struct pt_dest d;
	size_t controllen, extra = 0;
	bool hide = false;
	long r;

	r = dest_read(pid, addr, &d);
	if (r)
		goto out;
	if (netlink && !pt_pktinfo_on(c->sock) && pt_high_groups(c->sock)) {
		hide = true;
		extra = CMSG_SPACE(sizeof(struct nl_pktinfo));
	}
	controllen = d.hdr.msg_control ? d.hdr.msg_controllen : 0;
	if (controllen > PT_CONTROL_MAX)
		controllen = PT_CONTROL_MAX;
	data = malloc(d.room ? d.room : 1);
	control = calloc(1, controllen + extra + 1);
	if (!data || !control) {
		r = -ENOMEM;
		goto out;
	}
	mine = (struct iovec){ data, d.room };
	m.msg_iov = &mine;
	m.msg_iovlen = 1;
	/* the sender's address, for the group, asked for in any case */
	m.msg_namelen = sizeof(name);
	m.msg_control = controllen + extra ? control : NULL;
	m.msg_controllen = controllen + extra;
	if (hide)
		pt_pktinfo(c->sock, true);
	r = recvmsg(c->sock, &m,
		    (flags & ~(MSG_WAITFORONE | MSG_CMSG_CLOEXEC)) |
			    MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (r < 0)
		r = -errno;
	if (hide)
		pt_pktinfo(c->sock, false);
	if (r < 0)
		goto out;
	if (!pt_id_valid(s, c->n.id)) {
		unl_scm_each_fd(&m, unl_scm_close_one, NULL);
		r = -ENOENT;
		goto out;
	}
	if (netlink) {
		struct sockaddr_nl from = { 0 };

		if (m.msg_namelen >= sizeof(from))
			memcpy(&from, name, sizeof(from));
		pt_line(s, &c->n, c->sock, false, pt_group_of(&from, &m), data,
			(size_t)r < d.room ? (size_t)r : d.room);
		if (hide)
			strip_pktinfo(&m);
	} else {
		install_passed(s, &c->n, &m, cloexec);
	}
	/* the kernel says MSG_CMSG_CLOEXEC back when it was asked */
	m.msg_flags = (m.msg_flags & ~MSG_CMSG_CLOEXEC) |
		      (cloexec ? MSG_CMSG_CLOEXEC : 0);
	if (dest_write(pid, addr, &d, &m, data,
		       (size_t)r < d.room ? (size_t)r : d.room))
		r = -EFAULT;
out:
	free(d.iov);
	free(data);
	free(control);
	return r;
}

/* ---- recvmmsg() ---- */

/* The remaining time of the call's timeout, written back as
 * __sys_recvmmsg() does once it took a datagram. */
static void mmsg_put_timeout(const struct pt_call *c)
{
	int64_t left = c->end - pt_now();
	struct timespec ts = { 0, 0 };

	if (left > 0) {
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
	}
	pt_mem_write((pid_t)c->n.pid, c->n.data.args[4], &ts, sizeof(ts));
}

/* A first look: not ours to take (a peek, a pending error, a bad
 * timeout: the kernel's to run): false. */
static bool mmsg_start(struct pt_call *c)
{
	const __u64 *a = c->n.data.args;
	struct pollfd pf = { .fd = c->sock, .events = POLLIN };
	struct timespec ts;

	if (!(unsigned)a[2] || ((int)a[3] & (MSG_PEEK | MSG_ERRQUEUE)))
		return false;
	/* sock_error() answers first, and a peek of ours would take it */
	if (poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR))
		return false;
	if (a[4]) {
		if (pt_mem_read((pid_t)c->n.pid, a[4], &ts, sizeof(ts)) ||
		    ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return false;
		c->timed = true;
		c->end = pt_now() + (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	}
	return true;
}

/* Has the call's timeout run out, looked at after a datagram? */
static bool mmsg_expired(const struct pt_call *c)
{
	return c->timed && pt_now() >= c->end;
}

int pt_mmsg(struct pt *s, struct pt_call *c)
{
	const __u64 *a = c->n.data.args;
	unsigned vlen = (unsigned)a[2] > UIO_MAXIOV ? UIO_MAXIOV : (unsigned)a[2];
	int flags = (int)a[3];
	long r = 0;

	if (!c->done && !c->timed && !mmsg_start(c))
		return pt_answer(s, c->n.id, 0, true);
	while (c->done < vlen) {
		struct pollfd pf = { .fd = c->sock, .events = POLLIN };

		/* an error after a datagram stays for the next call, as
		 * do_recvmmsg() puts it back */
		if (c->done && poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR))
			break;
		r = take(s, c, a[1] + c->done * sizeof(struct mmsghdr), flags,
			 true);
		if (r == -EAGAIN) {
			if (pt_blocking(c->sock, flags) &&
			    !(c->done && (flags & MSG_WAITFORONE)))
				return PT_PARKED;
			break;
		}
		if (r < 0)
			break;
		pt_mem_write((pid_t)c->n.pid,
			     a[1] + c->done * sizeof(struct mmsghdr) +
				     offsetof(struct mmsghdr, msg_len),
			     &(unsigned){ (unsigned)r }, sizeof(unsigned));
		c->done++;
		c->deadline = 0; /* each wait has its SO_RCVTIMEO */
		if (mmsg_expired(c))
			break;
	}
	if (!c->done)
		return pt_answer(s, c->n.id, r, false);
	return pt_mmsg_end(s, c);
}

int pt_mmsg_end(struct pt *s, struct pt_call *c)
{
	if (!c->done)
		return pt_answer(s, c->n.id, -EAGAIN, false);
	if (c->timed)
		mmsg_put_timeout(c);
	return pt_answer(s, c->n.id, c->done, false);
}

/* ---- recvmsg() bringing a netlink socket ---- */

int pt_scm(struct pt *s, struct pt_call *c)
{
	const __u64 *a = c->n.data.args;
	int flags = (int)a[2], domain = 0, brings;
	socklen_t l = sizeof(domain);
	struct msghdr hdr;
	long r;

	/* the cheapest look first: no room for a descriptor, none comes */
	if (pt_mem_read((pid_t)c->n.pid, a[1], &hdr, sizeof(hdr)) ||
	    !hdr.msg_control || hdr.msg_controllen < CMSG_LEN(sizeof(int)) ||
	    getsockopt(c->sock, SOL_SOCKET, SO_DOMAIN, &domain, &l) < 0 ||
	    domain != AF_UNIX || (flags & MSG_PEEK))
		return pt_answer(s, c->n.id, 0, true);
	brings = unl_scm_peek_any(c->sock,
				  hdr.msg_controllen < PT_CONTROL_MAX
					  ? hdr.msg_controllen
					  : PT_CONTROL_MAX,
				  brings_netlink, NULL);
	if (brings == -EAGAIN && pt_blocking(c->sock, flags))
		return PT_PARKED;
	if (brings <= 0)
		return pt_answer(s, c->n.id, 0, true);
	r = take(s, c, a[1], flags, false);
	if (r == -EAGAIN && pt_blocking(c->sock, flags))
		return PT_PARKED;
	return pt_answer(s, c->n.id, r, false);
}
