// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sendto, sendmsg, write, writev and recvfrom, recvmsg, read, readv on
 * a netlink socket of the child: sock_sendmsg() and sock_recvmsg() of
 * the shim, with the child's memory in place of the caller's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
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
#include <linux/sockios.h>

#include "seccomp/sc-private.h"
#include "wire/bulk.h"
#include "wire/dgram.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif
/* The kernel's own flag (include/linux/socket.h), refused from user
 * space by recvmmsg(). */
#define SC_MSG_CMSG_COMPAT 0x80000000u

/* ---- send ---------------------------------------------------------- */


static bool to_kernel(const struct sockaddr_storage *ss, size_t len)
{
	struct sockaddr_nl a;

	if (len < sizeof(a))
		return false;
	memcpy(&a, ss, sizeof(a));
	return a.nl_family == AF_NETLINK && a.nl_pid == 0;
}

/* sock_sendmsg() of the shim: name, control and data in one SENDMSG. */
static long send_common(struct sc *s, struct sc_call *c, struct sc_msg *m,
			int flags)
{
	struct sockaddr_storage ss;
	size_t namelen = m->name ? m->namelen : 0;
	size_t ctllen = m->control ? m->controllen : 0;
	unsigned char *ctl = NULL, *data = NULL;
	struct unl_wire_req req = { .op = UNL_OP_SENDMSG };
	struct unl_wire_rep rep;
	struct iovec v[3];
	bool blocking = false;
	long ret;
	int fl, bulk = -1;

	if ((int)m->namelen < 0 && m->name)
		return -EINVAL;
	if (namelen > sizeof(ss))
		namelen = sizeof(ss);
	if (ctllen > INT_MAX || namelen + ctllen > SC_MAX_PAYLOAD)
		return -ENOBUFS;
	if (m->total > INT32_MAX)
		return -EMSGSIZE;
	ctl = malloc(ctllen ? ctllen : 1);
	if (!ctl)
		return -ENOMEM;
	/* the address and the data in one system call, as most sends
	 * have no control part */
	ret = sc_mem_read(c, m->control, ctl, ctllen);
	if (!ret)
		ret = sc_iov_read_after(c, m->name, &ss, namelen, m->iov,
					m->iovlen, m->total, &data);
	if (ret)
		goto out;
	if (!to_kernel(&ss, namelen)) {
		fl = fcntl(c->fd, F_GETFL);
		if (fl >= 0 && (fl & O_NONBLOCK))
			flags |= MSG_DONTWAIT;
		/* A send to a full receiver blocks in Linux.  The daemon
		 * would answer it only once there is room, and the
		 * supervisor, waiting for that answer, could not serve the
		 * receive that makes the room: it never waits, the call
		 * parks and is tried again (supervise.c). */
		if (!(flags & MSG_DONTWAIT)) {
			flags |= MSG_DONTWAIT;
			blocking = true;
		}
	}
	req.a0 = flags;
	req.a1 = (int32_t)namelen;
	req.a2 = (int32_t)ctllen;
	req.a3 = (int32_t)m->total;
	v[0] = (struct iovec){ &ss, namelen };
	v[1] = (struct iovec){ ctl, ctllen };
	v[2] = (struct iovec){ data, m->total };
	/* More than a record holds: in one hand-off, not a record for each
	 * 64 KiB (src/wire/bulk.h); records when no memfd can be made. */
	if (namelen + ctllen + m->total > SC_MAX_PAYLOAD)
		bulk = unl_wire_bulk_fd(v, 2, &v[2], 1, close);
	if (bulk >= 0)
		req.op = UNL_OP_SENDMSG_FD;
	/* Nothing is forwarded for a caller that went away meanwhile. */
	if (!sc_id_valid(s, c))
		ret = -ENOENT;
	else if (bulk >= 0)
		ret = sc_sock_call_fd(s, c, &req, bulk, &rep);
	else
		ret = sc_sock_call(s, c, &req, v, 3, &rep, NULL, 0);
	if (ret == -EAGAIN && blocking) {
		c->send_retry = true;
		ret = SC_PARKED;
	} else {
		c->acted = ret != -ENOENT;
	}
out:
	if (bulk >= 0)
		close(bulk);
	free(ctl);
	free(data);
	return ret;
}

static int msghdr_in(const struct sc_call *c, uint64_t addr,
		     struct msghdr *h, struct sc_msg *m)
{
	if (sc_mem_read(c, addr, h, sizeof(*h)))
		return -EFAULT;
	m->name = (uintptr_t)h->msg_name;
	m->namelen = h->msg_namelen;
	m->control = (uintptr_t)h->msg_control;
	m->controllen = h->msg_controllen;
	m->msghdr = addr;
	m->hdr = *h;
	m->iovlen = h->msg_iovlen;
	return sc_iov_fetch(c, (uintptr_t)h->msg_iov, h->msg_iovlen, &m->iov,
			 &m->total);
}

/*
 * sendmmsg(): __sys_sendmmsg() sends the messages one by one, writes
 * each one's msg_len, and stops at the first error, which it returns
 * only when nothing was sent.  One that must wait parks the call with
 * its progress (c->mm_done).
 */
static long send_many(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	unsigned int vlen = (unsigned int)a[2];
	long ret = 0;

	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (; c->mm_done < vlen; c->mm_done++) {
		uint64_t at = a[1] + (uint64_t)c->mm_done *
					    sizeof(struct mmsghdr);
		struct sc_msg m = { 0 };
		struct msghdr h;
		unsigned int len;

		ret = msghdr_in(c, at, &h, &m);
		if (!ret)
			ret = send_common(s, c, &m, (int)a[3]);
		free(m.iov);
		if (ret == SC_PARKED)
			return ret;
		if (ret < 0)
			break;
		len = (unsigned int)ret;
		if (sc_mem_write(c, at + offsetof(struct mmsghdr, msg_len),
				 &len, sizeof(len))) {
			ret = -EFAULT;
			break;
		}
	}
	return c->mm_done ? (long)c->mm_done : ret;
}

long sc_send(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct sc_msg m = { 0 };
	struct iovec one;
	struct msghdr h;
	int flags = 0;
	long ret;

	switch (c->n.data.nr) {
	case __NR_sendmmsg:
		return send_many(s, c);
	case __NR_sendmsg:
		ret = msghdr_in(c, a[1], &h, &m);
		if (ret)
			return ret;
		ret = send_common(s, c, &m, (int)a[2]);
		free(m.iov);
		return ret;
	case __NR_writev:
		ret = sc_iov_fetch(c, a[1], a[2], &m.iov, &m.total);
		if (ret)
			return ret;
		m.iovlen = a[2];
		ret = send_common(s, c, &m, 0);
		free(m.iov);
		return ret;
	case __NR_sendto:
		m.name = a[4];
		m.namelen = (uint32_t)a[5];
		flags = (int)a[3];
		break;
	}
	/* sendto and write: one buffer */
	one = (struct iovec){ (void *)(uintptr_t)a[1], a[2] };
	if (one.iov_len > SSIZE_MAX)
		return -EINVAL;
	m.iov = &one;
	m.iovlen = 1;
	m.total = one.iov_len;
	return send_common(s, c, &m, flags);
}

/* ---- receive -------------------------------------------------------- */

/*
 * Report n datagrams taken, offer the largest buffer offered: the shim's
 * sock_report().  A dump's next part is asked for synchronously; else
 * the count waits for the socket's next request unless the daemon wants
 * it now or must learn of a larger buffer (which sizes dump parts).
 */
static void consume(struct sc *s, struct sc_call *c, int n, size_t offer,
		    bool sync)
{
	struct sc_sock *k = c->sk;
	struct unl_wire_req req = { .op = UNL_OP_CONSUME, .sock = k->id,
				    .a2 = sync };
	struct unl_wire_rep rep;
	uint32_t flags = k->page ? __atomic_load_n(&k->page->flags,
						   __ATOMIC_ACQUIRE)
				 : UNL_SHM_REPORT_NOW;

	k->pending += (unsigned int)n;
	if (offer > k->maxlen)
		k->maxlen = offer;
	if (!sync && !(flags & UNL_SHM_REPORT_NOW) &&
	    k->maxlen <= k->reported_max)
		return;
	req.a0 = (int32_t)k->pending;
	req.a1 = k->maxlen > INT32_MAX ? INT32_MAX : (int32_t)k->maxlen;
	k->pending = 0;
	k->reported_max = k->maxlen;
	if (sync)
		unl_sc_wire_call(s->conn, &req, NULL, 0, -1, &rep, NULL, 0,
				 NULL, 0);
	else
		unl_sc_wire_post(s->conn, &req, NULL, 0);
}

/* Peek at the next record of the data socket: its length (header
 * included), the record in *rec (kept for the next receive: the
 * supervisor has one thread), 0 for EOF.  One system call when it fits
 * the buffer, as most do. */
static ssize_t peek_record(int fd, unsigned char **rec)
{
	static unsigned char *buf;
	static size_t cap;
	ssize_t n;

	*rec = NULL;
	if (!buf) {
		buf = malloc(UNL_WIRE_MAX_RECORD);
		if (!buf)
			return -ENOMEM;
		cap = UNL_WIRE_MAX_RECORD;
	}
	for (;;) {
		n = recv(fd, buf, cap, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
		if (n <= 0)
			return n < 0 ? -errno : 0;
		if ((size_t)n <= cap)
			break;
		unsigned char *big = realloc(buf, (size_t)n);

		if (!big)
			return -ENOMEM;
		buf = big;
		cap = (size_t)n;
	}
	*rec = buf;
	return n;
}

/* Add a part of the result, len bytes at ours to addr in the child. */
static void out_add(struct sc_out *o, uint64_t addr, const void *ours,
		    size_t len)
{
	if (!len)
		return;
	o->l[o->n] = (struct iovec){ (void *)ours, len };
	o->r[o->n] = (struct iovec){ (void *)(uintptr_t)addr, len };
	o->n++;
}

/* The result of netlink_recvmsg() for one datagram, in the child: the
 * data, the address, its length, the control messages and the header,
 * all in one write. */
static long recv_deliver(struct sc_call *c, struct sc_msg *m, int flags,
			 const unsigned char *rec, size_t n)
{
	struct unl_wire_dgram hdr;
	size_t plen = n - sizeof(hdr);
	size_t copied = plen < m->total ? plen : m->total;
	uint32_t pflags = c->sk->page ? __atomic_load_n(&c->sk->page->flags,
							__ATOMIC_ACQUIRE)
				      : 0;
	int oflags = flags & MSG_CMSG_CLOEXEC;
	struct sockaddr_nl a;
	struct sc_out o = { .n = 0 };
	unsigned char *ctl = NULL;
	struct msghdr h;
	long ret;

	memcpy(&hdr, rec, sizeof(hdr));
	if (plen > m->total)
		oflags |= MSG_TRUNC;
	if (m->name) {
		a = unl_dgram_name(&hdr);
		out_add(&o, m->name, &a,
			m->namelen < sizeof(a) ? m->namelen : sizeof(a));
		m->namelen = sizeof(a);
		if (m->namelenp)
			out_add(&o, m->namelenp, &m->namelen,
				sizeof(m->namelen));
	}
	if (m->msghdr) {
		ctl = malloc(m->controllen ? m->controllen : 1);
		if (!ctl)
			return -ENOMEM;
		h = m->hdr;
		h.msg_controllen = unl_dgram_cmsgs(&hdr, pflags,
						   m->control ? ctl : NULL,
						   m->controllen, &oflags);
		out_add(&o, m->control, ctl, h.msg_controllen);
		h.msg_flags = oflags;
		if (m->name)
			h.msg_namelen = m->namelen;
		out_add(&o, m->msghdr, &h, sizeof(h));
	}
	ret = sc_out_write(c, m->iov, m->iovlen, rec + sizeof(hdr), copied,
			   &o);
	free(ctl);
	if (ret)
		return ret;
	return (flags & MSG_TRUNC) ? (long)plen : (long)copied;
}

/*
 * The measured native send (UNL_SC_ENV_NATIVE_SEND): what the child
 * sent on the data socket itself is answered before its receive looks.
 * The daemon takes a request off only after its answers are written, so
 * an empty send queue (SIOCOUTQ of the client end) means every answer
 * is readable; a daemon that takes longer than 100 ms is not waited for.
 */
static void native_sends_wait(int fd)
{
	static int native = -1;
	long long end = 0;
	int q;

	if (native < 0)
		native = unl_sc_native_send();
	if (!native)
		return;
	while (ioctl(fd, SIOCOUTQ, &q) == 0 && q > 0) {
		struct timespec t;

		clock_gettime(CLOCK_MONOTONIC, &t);
		if (!end)
			end = t.tv_sec * 1000000000LL + t.tv_nsec + 100000000LL;
		else if (t.tv_sec * 1000000000LL + t.tv_nsec > end)
			return;
		sched_yield();
	}
}

/*
 * sock_recvmsg() of the shim: the pending error first, then the next
 * datagram; a blocking receive with nothing to read is parked.  The
 * datagram leaves the data socket before the answer goes: the child
 * runs the moment it has the answer, and a select() or poll() of its
 * (run natively on the data socket) must not find the datagram it has
 * just received still there (nft's batch loop then read EAGAIN).  Once
 * the supervisor has taken a call only a fatal signal ends the wait for
 * its answer (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, filter.c), so the
 * datagram is lost only with a thread that was killed
 * (docs/conformance.md).
 */
static long recv_common(struct sc *s, struct sc_call *c, struct sc_msg *m,
			int flags, bool answer)
{
	struct unl_wire_dgram hdr;
	unsigned char *rec;
	long ret;
	ssize_t n;
	int fl;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	native_sends_wait(c->fd);
	for (;;) {
		struct unl_wire_shm *page = c->sk->page;

		if (page && __atomic_load_n(&page->err, __ATOMIC_ACQUIRE)) {
			long e = sc_sock_error(s, c, 0);

			if (e)
				return e < 0 ? e : -e;
		}
		n = peek_record(c->fd, &rec);
		if (n == -EAGAIN) {
			bool dumping = !c->synced && page &&
				       (__atomic_load_n(&page->flags,
							__ATOMIC_ACQUIRE) &
					UNL_SHM_DUMP_RUNNING);

			if (dumping) {
				/* The next part of a dump is made inside
				 * recvmsg() in Linux: ask for it now. */
				c->synced = true;
				consume(s, c, 0, m->total, true);
				continue;
			}
			fl = fcntl(c->fd, F_GETFL);
			if ((flags & MSG_DONTWAIT) ||
			    (fl >= 0 && (fl & O_NONBLOCK)))
				return -EAGAIN;
			return SC_PARKED;
		}
		if (n < 0)
			return n;
		if (n == 0)
			return -ECONNRESET;
		if ((size_t)n < sizeof(hdr))
			return -EPROTO;
		memcpy(&hdr, rec, sizeof(hdr));
		if (hdr.hdrlen != sizeof(hdr))
			return -EPROTO;
		if (hdr.kind != UNL_DGRAM_WAKE)
			break;
		/* Only a wake-up for the error above: take it off. */
		recv(c->fd, &hdr, sizeof(hdr), MSG_DONTWAIT | MSG_TRUNC);
	}
	ret = sc_id_valid(s, c) ? recv_deliver(c, m, flags, rec, (size_t)n)
			     : -ENOENT;
	if (ret < 0 || (flags & MSG_PEEK))
		return ret;
	recv(c->fd, &hdr, sizeof(hdr), MSG_DONTWAIT | MSG_TRUNC);
	consume(s, c, 1, m->total, false);
	if (answer)
		sc_answer(s, c, ret);
	return answer ? SC_ANSWERED : ret;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * recvmmsg(): do_recvmmsg().  One datagram after another into the
 * child's mmsghdr array, each msg_len written; MSG_WAITFORONE turns on
 * MSG_DONTWAIT after the first.  The timeout is looked at only after
 * each datagram (a receive that blocks is not cut short by it, as in
 * Linux), and what is left of it is written back.  An error after some
 * datagrams is kept for the next call (the status slot's pending
 * error, as sk_err).  A receive that would block parks the call with
 * its progress (c->mm_done).
 */
static long recv_many(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	unsigned int vlen = (unsigned int)a[2];
	int flags = (int)a[3];
	long ret = 0;

	if ((unsigned int)flags & SC_MSG_CMSG_COMPAT)
		return -EINVAL;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	if (!c->mm_started && a[4]) {
		struct timespec t;

		if (sc_mem_read(c, a[4], &t, sizeof(t)))
			return -EFAULT;
		if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			return -EINVAL;
		c->mm_end_ns = mono_ns() + (long long)t.tv_sec * 1000000000LL +
			       t.tv_nsec;
	}
	c->mm_started = true;
	while (c->mm_done < vlen) {
		uint64_t at = a[1] + (uint64_t)c->mm_done *
					    sizeof(struct mmsghdr);
		int f = flags & ~MSG_WAITFORONE;
		struct sc_msg m = { 0 };
		struct msghdr h;
		unsigned int len;

		if ((flags & MSG_WAITFORONE) && c->mm_done)
			f |= MSG_DONTWAIT;
		ret = msghdr_in(c, at, &h, &m);
		if (!ret && m.name && (int)m.namelen < 0)
			ret = -EINVAL;
		if (!ret)
			ret = recv_common(s, c, &m, f, false);
		free(m.iov);
		if (ret == SC_PARKED)
			return ret;
		if (ret < 0)
			break;
		len = (unsigned int)ret;
		ret = 0;
		if (sc_mem_write(c, at + offsetof(struct mmsghdr, msg_len),
				 &len, sizeof(len))) {
			ret = -EFAULT;
			break;
		}
		c->mm_done++;
		if (a[4] && mono_ns() >= c->mm_end_ns)
			break;
	}
	return sc_recv_many_end(s, c, ret);
}

long sc_recv_many_end(struct sc *s, struct sc_call *c, long err)
{
	const __u64 *a = c->n.data.args;
	struct unl_wire_shm *page = c->sk ? c->sk->page : NULL;

	if (!c->mm_done)
		return err;
	if (err < 0 && err != -EAGAIN && page)
		sc_sock_error(s, c, (int)-err);
	if (a[4]) {
		long long left = c->mm_end_ns - mono_ns();
		struct timespec t = { 0, 0 };

		if (left > 0) {
			t.tv_sec = (time_t)(left / 1000000000LL);
			t.tv_nsec = (long)(left % 1000000000LL);
		}
		if (sc_mem_write(c, a[4], &t, sizeof(t)))
			return -EFAULT;
	}
	return (long)c->mm_done;
}

long sc_recv(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct sc_msg m = { 0 };
	struct iovec one;
	struct msghdr h;
	int flags = 0;
	long ret;

	switch (c->n.data.nr) {
	case __NR_recvmmsg:
		return recv_many(s, c);
	case __NR_recvmsg:
		ret = msghdr_in(c, a[1], &h, &m);
		if (ret)
			return ret;
		if (m.name && (int)m.namelen < 0) {
			free(m.iov);
			return -EINVAL;
		}
		ret = recv_common(s, c, &m, (int)a[2], true);
		free(m.iov);
		return ret;
	case __NR_readv:
		ret = sc_iov_fetch(c, a[1], a[2], &m.iov, &m.total);
		if (ret)
			return ret;
		m.iovlen = a[2];
		ret = recv_common(s, c, &m, 0, true);
		free(m.iov);
		return ret;
	case __NR_recvfrom:
		flags = (int)a[3];
		if (a[4]) {
			int len;

			if (!a[5] || sc_mem_read(c, a[5], &len, sizeof(len)))
				return -EFAULT;
			if (len < 0)
				return -EINVAL;
			m.name = a[4];
			m.namelen = (uint32_t)len;
			m.namelenp = a[5];
		}
		break;
	}
	one = (struct iovec){ (void *)(uintptr_t)a[1], a[2] };
	if (one.iov_len > SSIZE_MAX)
		return -EINVAL;
	m.iov = &one;
	m.iovlen = 1;
	m.total = one.iov_len;
	return recv_common(s, c, &m, flags, true);
}

