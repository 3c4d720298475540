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
 *   Anything else the kernel receives.  recvmmsg() on a unix socket with
 *   room for a descriptor is done here whole, as on a netlink socket,
 *   each datagram's descriptors installed so.
 * - A signal that takes a call away from datagrams taken for it: they
 *   are held for the thread's next receive on that descriptor.
 *
 * A receive that would wait is parked (PT_PARKED) until its socket has
 * data.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

void pt_dgram_free(struct pt_dgram *g)
{
	if (!g->installed && g->controllen) {
		struct msghdr m = { .msg_control = g->control,
				    .msg_controllen = g->controllen };

		unl_scm_each_fd(&m, unl_scm_close_one, NULL);
	}
	free(g->data);
	free(g->control);
	memset(g, 0, sizeof(*g));
}

/*
 * One datagram of c's socket received for the program into g (room
 * bytes of data, controllen of control data, with flags); written down
 * when the socket is netlink (with its group: a NETLINK_PKTINFO of ours,
 * hidden from the program, when it joined a group above 32).  Its
 * length, or -errno (-EAGAIN: nothing queued).
 */
static long receive(struct pt *s, struct pt_call *c, size_t room,
		    size_t controllen, int flags, bool netlink,
		    struct pt_dgram *g)
{
	struct iovec mine;
	struct msghdr m = { .msg_name = g->name };
	size_t extra = 0;
	bool hide = false;
	long r;

	memset(g, 0, sizeof(*g));
	g->cloexec = flags & MSG_CMSG_CLOEXEC;
	if (netlink && !pt_pktinfo_on(c->sock) && pt_high_groups(c->sock)) {
		hide = true;
		extra = CMSG_SPACE(sizeof(struct nl_pktinfo));
	}
	if (controllen > PT_CONTROL_MAX)
		controllen = PT_CONTROL_MAX;
	g->data = malloc(room ? room : 1);
	g->control = calloc(1, controllen + extra + 1);
	if (!g->data || !g->control) {
		pt_dgram_free(g);
		return -ENOMEM;
	}
	mine = (struct iovec){ g->data, room };
	m.msg_iov = &mine;
	m.msg_iovlen = 1;
	/* the sender's address, for the group, asked for in any case */
	m.msg_namelen = sizeof(g->name);
	m.msg_control = controllen + extra ? g->control : NULL;
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
	if (r < 0) {
		pt_dgram_free(g);
		return r;
	}
	g->r = r;
	g->len = (size_t)r < room ? (size_t)r : room;
	/* kept until the call is answered: no more than it holds */
	if (g->len < room) {
		unsigned char *fit = realloc(g->data, g->len ? g->len : 1);

		if (fit)
			g->data = fit;
	}
	if (netlink) {
		struct sockaddr_nl from = { 0 };

		if (m.msg_namelen >= sizeof(from))
			memcpy(&from, g->name, sizeof(from));
		pt_line(s, &c->n, c->sock, false, pt_group_of(&from, &m),
			g->data, g->len);
		if (hide)
			strip_pktinfo(&m);
	}
	g->namelen = m.msg_namelen;
	g->controllen = m.msg_controllen;
	/* the kernel says MSG_CMSG_CLOEXEC back when it was asked */
	g->flags = (m.msg_flags & ~MSG_CMSG_CLOEXEC) |
		   (g->cloexec ? MSG_CMSG_CLOEXEC : 0);
	return r;
}

/* g into the program's struct msghdr at addr, for call n (valid): the
 * descriptors it brings installed first (once), then data, address,
 * control data and flags.  0 or -errno. */
static int deliver(const struct pt *s, const struct seccomp_notif *n,
		   uint64_t addr, struct pt_dgram *g)
{
	struct msghdr m = { .msg_name = g->name, .msg_namelen = g->namelen,
			    .msg_control = g->control,
			    .msg_controllen = g->controllen,
			    .msg_flags = g->flags };
	struct pt_dest d;
	int err = dest_read((pid_t)n->pid, addr, &d);

	if (!err && !g->installed) {
		install_passed(s, n, &m, g->cloexec);
		g->controllen = m.msg_controllen;
		g->flags = m.msg_flags;
		g->installed = true;
	}
	if (!err && dest_write((pid_t)n->pid, addr, &d, &m, g->data,
			       g->len < d.room ? g->len : d.room))
		err = -EFAULT;
	free(d.iov);
	return err;
}

/*
 * One datagram of c's socket taken for the program into its struct
 * msghdr at addr with flags, kept in g.  Its length, or -errno
 * (-EAGAIN: nothing queued; -ENOENT: the call is gone, g holds what was
 * taken for it).
 */
static long take(struct pt *s, struct pt_call *c, uint64_t addr, int flags,
		 bool netlink, struct pt_dgram *g)
{
	struct pt_dest d;
	long r = dest_read((pid_t)c->n.pid, addr, &d);
	size_t room = d.room, controllen =
		d.hdr.msg_control ? d.hdr.msg_controllen : 0;

	free(d.iov);
	if (r)
		return r;
	r = receive(s, c, room, controllen, flags, netlink, g);
	if (r < 0)
		return r;
	if (!pt_id_valid(s, c->n.id))
		return -ENOENT;
	if (deliver(s, &c->n, addr, g)) {
		pt_dgram_free(g);
		r = -EFAULT;
	}
	return r;
}

/* ---- datagrams of a call a signal took away ---- */

void pt_call_free(struct pt_call *c)
{
	for (unsigned i = 0; i < c->n_got; i++)
		pt_dgram_free(&c->got[i]);
	free(c->got);
	c->got = NULL;
	c->n_got = 0;
}

static void held_drop(struct pt *s, size_t i)
{
	struct pt_held *h = &s->held[i];

	for (unsigned k = 0; k < h->n; k++)
		pt_dgram_free(&h->d[k]);
	free(h->d);
	s->held[i] = s->held[--s->n_held];
}

void pt_held_free(struct pt *s)
{
	while (s->n_held)
		held_drop(s, 0);
	free(s->held);
	s->held = NULL;
}

void pt_hold(struct pt *s, struct pt_call *c)
{
	struct pt_held *v;

	if (!c->n_got)
		return;
	v = realloc(s->held, (s->n_held + 1) * sizeof(*v));
	if (!v) {
		pt_call_free(c);
		return;
	}
	s->held = v;
	v[s->n_held++] = (struct pt_held){ .tid = (pid_t)c->n.pid,
					   .fd = (int)c->n.data.args[0],
					   .d = c->got, .n = c->n_got };
	c->got = NULL;
	c->n_got = 0;
}

bool pt_claim(struct pt *s, const struct seccomp_notif *n, int *err)
{
	const __u64 *a = n->data.args;
	bool mm = n->data.nr == __NR_recvmmsg;
	struct seccomp_notif_resp resp = { .id = n->id };
	struct pt_held *h;
	unsigned want, k;
	size_t i;

	for (i = 0; i < s->n_held && s->held[i].tid != (pid_t)n->pid; i++)
		;
	if (i == s->n_held)
		return false;
	h = &s->held[i];
	/* any other call of the thread: what it did not take is lost */
	if ((int)a[0] != h->fd || (!mm && n->data.nr != __NR_recvmsg) ||
	    ((int)a[mm ? 3 : 2] & (MSG_PEEK | MSG_ERRQUEUE)) ||
	    (mm && !(unsigned)a[2])) {
		held_drop(s, i);
		return false;
	}
	want = mm ? ((unsigned)a[2] < h->n ? (unsigned)a[2] : h->n) : 1;
	for (k = 0; k < want; k++) {
		uint64_t at = a[1] + (mm ? k * sizeof(struct mmsghdr) : 0);

		if (deliver(s, n, at, &h->d[k]))
			break;
		if (mm)
			pt_mem_write((pid_t)n->pid,
				     at + offsetof(struct mmsghdr, msg_len),
				     &(unsigned){ (unsigned)h->d[k].r },
				     sizeof(unsigned));
	}
	if (!k)
		resp.error = -EFAULT;
	else
		resp.val = mm ? k : h->d[0].r;
	*err = 0;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0) {
		/* gone again: they wait for the next try */
		if (errno != ENOENT)
			*err = -errno;
		return true;
	}
	for (unsigned j = 0; j < k; j++)
		pt_dgram_free(&h->d[j]);
	memmove(h->d, h->d + k, (h->n - k) * sizeof(*h->d));
	h->n -= k;
	if (!h->n)
		held_drop(s, i);
	return true;
}

/* One more datagram slot of c, or NULL. */
static struct pt_dgram *got_slot(struct pt_call *c)
{
	struct pt_dgram *v = realloc(c->got, (c->n_got + 1) * sizeof(*v));

	if (!v)
		return NULL;
	c->got = v;
	return &v[c->n_got];
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
	bool netlink = is_netlink(c->sock);
	struct pt_dgram *g;
	long r = 0;

	if (!c->done && !c->timed && !mmsg_start(c))
		return pt_answer(s, c->n.id, 0, true);
	while (c->done < vlen) {
		struct pollfd pf = { .fd = c->sock, .events = POLLIN };

		/* an error after a datagram stays for the next call, as
		 * do_recvmmsg() puts it back */
		if (c->done && poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR))
			break;
		g = got_slot(c);
		if (!g) {
			r = -ENOMEM;
			break;
		}
		r = take(s, c, a[1] + c->done * sizeof(struct mmsghdr), flags,
			 netlink, g);
		if (r >= 0 || r == -ENOENT)
			c->n_got++;
		if (r == -ENOENT) {
			/* a signal: the restarted call takes them */
			pt_hold(s, c);
			return 0;
		}
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

/* ---- recvmsg() and recvmmsg() bringing a netlink socket ---- */

bool pt_mmsg_has_control(pid_t pid, uint64_t addr, unsigned vlen)
{
	struct mmsghdr *v;
	bool any = false;

	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	v = vlen ? malloc(vlen * sizeof(*v)) : NULL;
	if (v && !pt_mem_read(pid, addr, v, vlen * sizeof(*v)))
		for (unsigned i = 0; i < vlen && !any; i++)
			any = v[i].msg_hdr.msg_control &&
			      v[i].msg_hdr.msg_controllen >=
				      CMSG_LEN(sizeof(int));
	free(v);
	return any;
}

/* The kernel's do_recvmmsg() would put a netlink socket that any of the
 * datagrams brings at the lowest free number, out of the range: with
 * room for a descriptor, the whole call is done here, as for a netlink
 * socket (pt_mmsg()), each datagram's descriptors installed as
 * pt_scm()'s are. */
int pt_scm_mmsg(struct pt *s, struct pt_call *c)
{
	const __u64 *a = c->n.data.args;

	if (!c->done && !c->n_got &&
	    !pt_mmsg_has_control((pid_t)c->n.pid, a[1], (unsigned)a[2]))
		return pt_answer(s, c->n.id, 0, true);
	return pt_mmsg(s, c);
}

int pt_scm(struct pt *s, struct pt_call *c)
{
	const __u64 *a = c->n.data.args;
	int flags = (int)a[2], domain = 0, brings;
	socklen_t l = sizeof(domain);
	struct msghdr hdr;
	struct pt_dgram *g;
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
	g = got_slot(c);
	if (!g)
		return pt_answer(s, c->n.id, -ENOMEM, false);
	r = take(s, c, a[1], flags, false, g);
	if (r == -EAGAIN && pt_blocking(c->sock, flags))
		return PT_PARKED;
	if (r >= 0 || r == -ENOENT)
		c->n_got++;
	if (r == -ENOENT) {
		/* a signal: the restarted call takes it */
		pt_hold(s, c);
		return 0;
	}
	return pt_answer(s, c->n.id, r, false);
}
