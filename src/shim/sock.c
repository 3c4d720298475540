// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The netlink socket calls as a process sees them, in Linux's terms:
 * what net/socket.c checks before the protocol (lengths, counts), what
 * netlink_recvmsg() builds (source address, control messages, MSG_TRUNC),
 * and a request to the daemon for everything the core decides.
 *
 * Each returns 0, a count, or -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/bulk.h"
#include "wire/dgram.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif
#ifndef SOCK_MAX
#define SOCK_MAX 11 /* include/linux/net.h */
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))

/* A request about sk: attached to the current connection, its pending
 * consumption reported first (the daemon frees receive room with it). */
static int sock_call(struct shim_sock *sk, int fd, struct shim_call *c)
{
	int cs, err;

	/* The daemon ends the socket's grant at these (wire.h). */
	if (c->req.op == UNL_OP_BIND || c->req.op == UNL_OP_CONNECT ||
	    c->req.op == UNL_OP_SETSOCKOPT)
		shim_conn_grant_forget(sk);
	shim_conn_lock(&cs);
	err = shim_conn_attach(sk, fd);
	/* What recvmsg took rides on the request itself, unless the buffer
	 * size the daemon knows must change too (a CONSUME of its own). */
	if (!err && atomic_load(&sk->maxlen) <= atomic_load(&sk->reported_max))
		c->req.consumed = atomic_exchange(&sk->pending, 0);
	else if (!err)
		err = shim_conn_flush(sk, false);
	if (!err) {
		c->req.sock = sk->id;
		err = shim_conn_call(c);
	}
	/* Stored with the request lock held: the last grant the daemon
	 * gave is the one it keeps. */
	if (c->grant_sk && err > 0 &&
	    c->rgot == sizeof(struct unl_wire_grant)) {
		struct unl_wire_grant g;

		memcpy(&g, c->rbuf, sizeof(g));
		shim_conn_grant_take(sk, &g);
	}
	shim_conn_unlock(cs);
	return err;
}

int sock_ring_call(struct shim_sock *sk, int fd, uint32_t op, int *memfd)
{
	struct shim_call c;
	int ret;

	shim_call_init(&c, op, sk);
	c.record = true; /* RING's answer carries a descriptor */
	if (op == UNL_OP_RING) {
		c.nfds_want = 1;
		c.fds_optional = true;
	}
	ret = sock_call(sk, fd, &c);
	if (memfd)
		*memfd = c.fds_out[0];
	else if (c.fds_out[0] >= 0)
		shim_real.close(c.fds_out[0]);
	return ret;
}

int sock_create(int type, int protocol, int *fdp)
{
	struct unl_wire_slot ws;
	struct shim_call c;
	struct shim_sock *sk;
	struct shim_nsref *net;
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	int cs, ret, fd, memfd, err, fl;

	/* __sys_socket() refuses these before asking the family. */
	if (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC) || base >= SOCK_MAX)
		return -EINVAL;
	sk = shim_sock_new();
	if (!sk)
		return -ENOMEM;
	shim_call_init(&c, UNL_OP_CREATE, NULL);
	c.req.a0 = type;
	c.req.a1 = protocol;
	c.nfds_want = 2;
	c.fds_optional = true;
	c.rbuf = &ws;
	c.rcap = sizeof(ws);
	/* In the net of the thread that makes it, as in Linux. */
	net = shim_ns_current();
	c.fd_in = shim_ns_fd(net);
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	if (ret >= 0)
		shim_conn_adopt(sk, (uint32_t)ret);
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret < 0) {
		shim_sock_put(sk);
		return ret;
	}
	fd = c.fds_out[0];
	memfd = c.fds_out[1];
	err = fd < 0 ? -EPROTO : shim_page_map(sk, memfd, &ws, c.rgot);
	if (memfd >= 0)
		shim_real.close(memfd);
	if (fd < 0) {
		shim_sock_put(sk); /* sends CLOSE */
		return err;
	}
	/* The descriptors arrived close-on-exec (MSG_CMSG_CLOEXEC), so no
	 * concurrent exec leaked them; now give the program what it asked
	 * for. */
	if (!err && !(type & SOCK_CLOEXEC) &&
	    shim_real.fcntl(fd, F_SETFD, 0) < 0)
		err = -errno;
	if (!err && (type & SOCK_NONBLOCK)) {
		fl = shim_real.fcntl(fd, F_GETFL);
		if (fl < 0 || shim_real.fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
			err = -errno;
	}
	if (err < 0) {
		shim_real.close(fd);
		shim_sock_put(sk); /* sends CLOSE */
		return err;
	}
	shim_table_set(fd, sk);
	shim_sock_put(sk);
	*fdp = fd;
	return 0;
}

/* move_addr_to_kernel()'s checks. */
static int addr_check(const struct sockaddr *addr, socklen_t len)
{
	if ((int)len < 0 || len > sizeof(struct sockaddr_storage))
		return -EINVAL;
	if (len && !addr)
		return -EFAULT;
	return 0;
}

static int sock_addr_op(struct shim_sock *sk, int fd, uint32_t op,
			const struct sockaddr *addr, socklen_t len)
{
	struct shim_call c;
	int err = addr_check(addr, len);

	if (err)
		return err;
	shim_call_init(&c, op, sk);
	c.head[0].iov_base = (void *)addr;
	c.head[0].iov_len = len;
	return sock_call(sk, fd, &c);
}

int sock_bind(struct shim_sock *sk, int fd, const struct sockaddr *addr,
	      socklen_t len)
{
	return sock_addr_op(sk, fd, UNL_OP_BIND, addr, len);
}

int sock_connect(struct shim_sock *sk, int fd, const struct sockaddr *addr,
		 socklen_t len)
{
	return sock_addr_op(sk, fd, UNL_OP_CONNECT, addr, len);
}

/* move_addr_to_user(): copy what fits, report the full length. */
static int addr_to_user(const void *kaddr, size_t klen, struct sockaddr *uaddr,
			socklen_t *ulen)
{
	int len;

	if (!ulen)
		return -EFAULT;
	len = (int)*ulen;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len) {
		if (!uaddr)
			return -EFAULT;
		memcpy(uaddr, kaddr, (size_t)len);
	}
	*ulen = (socklen_t)klen;
	return 0;
}

int sock_getname(struct shim_sock *sk, int fd, bool peer,
		 struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_storage ss;
	struct shim_call c;
	int ret;

	shim_call_init(&c, peer ? UNL_OP_GETPEERNAME : UNL_OP_GETSOCKNAME, sk);
	c.rbuf = &ss;
	c.rcap = sizeof(ss);
	ret = sock_call(sk, fd, &c);
	if (ret < 0)
		return ret;
	return addr_to_user(&ss, c.rgot, addr, len);
}

static bool is_timeo(int level, int name, bool *snd)
{
	if (level != SOL_SOCKET)
		return false;
	switch (name) {
	case SO_RCVTIMEO:
#if defined(SO_RCVTIMEO_NEW) && SO_RCVTIMEO_NEW != SO_RCVTIMEO
	case SO_RCVTIMEO_NEW:
#endif
		*snd = false;
		return true;
	case SO_SNDTIMEO:
#if defined(SO_SNDTIMEO_NEW) && SO_SNDTIMEO_NEW != SO_SNDTIMEO
	case SO_SNDTIMEO_NEW:
#endif
		*snd = true;
		return true;
	}
	return false;
}

int sock_setsockopt(struct shim_sock *sk, int fd, int level, int name,
		    const void *val, socklen_t len)
{
	struct sock_fprog prog;
	struct shim_call c;
	bool snd;
	int ret;

	if ((int)len < 0)
		return -EINVAL;
	if (len && !val)
		return -EFAULT;
	shim_call_init(&c, UNL_OP_SETSOCKOPT, sk);
	c.req.a0 = level;
	c.req.a1 = name;
	c.head[0].iov_base = (void *)val;
	/* No option reads more than a record holds; the ones that read an
	 * int see the same answer for a shorter length. */
	c.head[0].iov_len = len < MAX_PAYLOAD ? len : MAX_PAYLOAD;
	if (level == SOL_SOCKET && name == SO_ATTACH_FILTER &&
	    len == sizeof(prog)) {
		/* The filter lives behind a pointer into our memory: send
		 * the instructions after the struct (wire.h). */
		memcpy(&prog, val, sizeof(prog));
		if (prog.filter && prog.len && prog.len <= BPF_MAXINSNS) {
			c.head[1].iov_base = prog.filter;
			c.head[1].iov_len = prog.len * sizeof(*prog.filter);
		}
		prog.filter = NULL;
		c.head[0].iov_base = &prog;
	}
	ret = sock_call(sk, fd, &c);
	if (ret < 0 || !is_timeo(level, name, &snd))
		return ret;
	/* Blocking receives wait on the data socket itself; the send
	 * timeout bounds how long we wait for a blocked sendmsg's reply,
	 * and the data socket carries it across exec. */
	shim_real.setsockopt(fd, level, name, val, len);
	if (snd) {
		struct timeval tv;
		socklen_t l = sizeof(tv);

		if (shim_real.getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv,
					 &l) == 0)
			atomic_store(&sk->sndtimeo_ms,
				     tv.tv_sec || tv.tv_usec
					     ? (long long)tv.tv_sec * 1000 +
						       (tv.tv_usec + 999) / 1000
					     : -1);
	}
	return 0;
}

int sock_error(struct shim_sock *sk, int fd, int keep)
{
	struct shim_call c;

	shim_call_init(&c, UNL_OP_SOCK_ERROR, sk);
	c.req.a0 = keep;
	return sock_call(sk, fd, &c);
}

int sock_getsockopt(struct shim_sock *sk, int fd, int level, int name,
		    void *val, socklen_t *len)
{
	struct shim_call c;
	int ret;

	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	if (*len && !val)
		return -EFAULT;
	/* SO_ERROR: the daemon takes the error the status slot shows. */
	shim_call_init(&c, UNL_OP_GETSOCKOPT, sk);
	c.req.a0 = level;
	c.req.a1 = name;
	c.req.a2 = (int32_t)*len;
	c.rbuf = val;
	c.rcap = *len;
	ret = sock_call(sk, fd, &c);
	if (ret < 0)
		return ret;
	/* The reply's length is the optlen the core reports: the copied
	 * size for SOL_SOCKET options, the full size for
	 * NETLINK_LIST_MEMBERSHIPS (whose first *len bytes we copied). */
	*len = c.rlen;
	return 0;
}

static int iov_total(const struct iovec *iov, size_t n, size_t *total)
{
	size_t t = 0;

	if (n > UIO_MAXIOV)
		return -EMSGSIZE;
	if (n && !iov)
		return -EFAULT;
	for (size_t i = 0; i < n; i++) {
		if (iov[i].iov_len > SSIZE_MAX - t)
			return -EINVAL;
		t += iov[i].iov_len;
	}
	*total = t;
	return 0;
}

/* Does msg name the kernel (portid 0) as its destination? */
static bool to_kernel(const struct msghdr *msg)
{
	struct sockaddr_nl a;

	if (!msg->msg_name || msg->msg_namelen < sizeof(a))
		return false;
	memcpy(&a, msg->msg_name, sizeof(a));
	return a.nl_family == AF_NETLINK && a.nl_pid == 0;
}

/* The buffer that keeps an inline answer, made once per socket here
 * rather than when the answer comes (take_inline() must not allocate). */
static bool local_ready(struct shim_sock *sk)
{
	struct shim_sock *outer;
	bool ok;

	if (atomic_load_explicit(&sk->local_made, memory_order_acquire))
		return true;
	if (shim_local_sk == sk)
		return false;
	outer = shim_local_sk;
	shim_local_sk = sk;
	pthread_mutex_lock(&sk->lk);
	if (!sk->local) {
		sk->local = malloc(UNL_WIRE_INLINE_MAX);
		sk->local_cap = sk->local ? UNL_WIRE_INLINE_MAX : 0;
	}
	ok = sk->local != NULL;
	atomic_store_explicit(&sk->local_made, ok, memory_order_release);
	pthread_mutex_unlock(&sk->lk);
	shim_local_sk = outer;
	return ok;
}

/* The address of a send a grant may cover (wire.h "Send grants"): a
 * whole sockaddr_nl naming a portid, no group; no control message, no
 * flag but MSG_DONTWAIT and MSG_NOSIGNAL, one record's worth. */
static bool grant_shaped(const struct msghdr *msg, size_t namelen,
			 size_t ctllen, size_t total, int flags,
			 struct sockaddr_nl *a)
{
	if (namelen != sizeof(*a) || ctllen || !total ||
	    total > UNL_WIRE_GRANT_LEN_MAX ||
	    (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL)))
		return false;
	memcpy(a, msg->msg_name, sizeof(*a));
	return a->nl_family == AF_NETLINK && a->nl_pid && !a->nl_groups;
}

/* The payload of a send longer than one record, in a memfd (wire.h,
 * UNL_OP_SENDMSG_FD): the descriptor, -EFAULT, or another -errno when
 * none could be made (then records carry it). */
static int bulk_make(const struct msghdr *msg, size_t namelen, size_t ctllen)
{
	struct iovec head[2] = {
		{ msg->msg_name, namelen },
		{ msg->msg_control, ctllen },
	};

	return unl_wire_bulk_fd(head, 2, msg->msg_iov, (int)msg->msg_iovlen,
				shim_real.close);
}

ssize_t sock_sendmsg(struct shim_sock *sk, int fd, const struct msghdr *msg,
		     int flags)
{
	size_t namelen = msg->msg_name ? msg->msg_namelen : 0;
	size_t ctllen = msg->msg_control ? msg->msg_controllen : 0;
	struct unl_wire_grant grant;
	struct sockaddr_nl a;
	bool shaped;
	long long tmo;
	struct shim_call c;
	size_t total;
	int err, fl, bulk = -1;

	/* ___sys_sendmsg() / copy_msghdr_from_user(). */
	if ((int)msg->msg_namelen < 0 && msg->msg_name)
		return -EINVAL;
	if (namelen > sizeof(struct sockaddr_storage))
		namelen = sizeof(struct sockaddr_storage);
	err = iov_total(msg->msg_iov, msg->msg_iovlen, &total);
	if (err)
		return err;
	if (ctllen > INT_MAX || namelen + ctllen > MAX_PAYLOAD)
		return -ENOBUFS;
	/* Larger than any socket buffer can be set to: Linux answers
	 * EMSGSIZE (len > sk_sndbuf - 32). */
	if (total > INT32_MAX)
		return -EMSGSIZE;
	/* Covered by a grant: answered here as the daemon promised, and
	 * sent without waiting.  Otherwise the grant ends (the daemon ends
	 * it at this SENDMSG). */
	shaped = grant_shaped(msg, namelen, ctllen, total, flags, &a);
	if (shaped && shim_conn_send_async(sk, flags, &a, msg->msg_iov,
					   msg->msg_iovlen, total))
		return (ssize_t)total;
	shim_conn_grant_forget(sk);
	/* Only a send to another socket can block (netlink_unicast() to a
	 * kernel socket never waits), so only then does O_NONBLOCK matter:
	 * requests to the kernel skip the system call. */
	if (!to_kernel(msg)) {
		fl = shim_real.fcntl(fd, F_GETFL);
		if (fl >= 0 && (fl & O_NONBLOCK))
			flags |= MSG_DONTWAIT;
	}

	/* More than a record holds: in one hand-off, not a record for each
	 * 64 KiB, each a wake-up of the daemon's (src/wire/bulk.h). */
	if (namelen + ctllen + total > MAX_PAYLOAD) {
		bulk = bulk_make(msg, namelen, ctllen);
		if (bulk == -EFAULT)
			return -EFAULT;
	}
	shim_call_init(&c, bulk >= 0 ? UNL_OP_SENDMSG_FD : UNL_OP_SENDMSG,
		       sk);
	c.req.a0 = flags;
	c.req.a1 = (int32_t)namelen;
	c.req.a2 = (int32_t)ctllen;
	c.req.a3 = (int32_t)total;
	if (bulk >= 0) {
		c.fd_in = bulk;
	} else {
		c.head[0].iov_base = msg->msg_name;
		c.head[0].iov_len = namelen;
		c.head[1].iov_base = msg->msg_control;
		c.head[1].iov_len = ctllen;
		c.iov = msg->msg_iov;
		c.iovcnt = msg->msg_iovlen;
		c.datalen = total;
	}
	/* Not on a socket a wait for readiness may watch.  (A vfork child
	 * shares our memory and connection: what it takes inline is ours,
	 * as its requests are.) */
	if (shaped) {
		/* To another socket: nothing comes back inline, a grant
		 * may. */
		c.req.op |= UNL_OP_F_GRANT;
		c.rbuf = &grant;
		c.rcap = sizeof(grant);
		c.grant_sk = sk;
	} else if (!atomic_load_explicit(&sk->polled, memory_order_relaxed) &&
		   !shim_ring_live(sk) && local_ready(sk)) {
		c.inline_sk = sk;
	}
	/* A blocking send may wait in the daemon for room at a full
	 * receiver, as long as SO_SNDTIMEO allows (forever by default). */
	tmo = atomic_load(&sk->sndtimeo_ms);
	if (!(flags & MSG_DONTWAIT))
		c.timeout_ms = tmo < 0 || tmo > INT_MAX - SHIM_CALL_TIMEOUT_MS
				       ? -1
				       : (int)tmo + SHIM_CALL_TIMEOUT_MS;
	err = sock_call(sk, fd, &c);
	if (bulk >= 0)
		shim_real.close(bulk);
	/* Another thread sleeps in recvmsg() on this socket (or started
	 * to watch it meanwhile): the answer must be on the data socket. */
	if (c.inline_got &&
	    (atomic_load(&sk->waiters) || atomic_load(&sk->polled)))
		shim_pay();
	return err;
}

static void sock_report(struct shim_sock *sk, int fd, bool sync)
{
	int cs;

	if (!sync) {
		unsigned int n = atomic_exchange(&sk->pending, 0);
		unsigned int max = atomic_load(&sk->maxlen);

		if (shim_conn_post(sk, UNL_OP_CONSUME, (int)n, (int)max) == 0) {
			atomic_store(&sk->reported_max, max);
			return;
		}
		/* Not known on the live connection (a fork child's first
		 * read): attach below. */
		atomic_fetch_add(&sk->pending, n);
	}
	shim_conn_lock(&cs);
	if (shim_conn_attach(sk, fd) == 0)
		shim_conn_flush(sk, sync);
	shim_conn_unlock(cs);
}

static void note_offer(struct shim_sock *sk, size_t len)
{
	unsigned int want = len > INT32_MAX ? INT32_MAX : (unsigned int)len;
	unsigned int cur = atomic_load(&sk->maxlen);

	while (want > cur &&
	       !atomic_compare_exchange_weak(&sk->maxlen, &cur, want))
		;
}

/* Forget the kept answer (lk held); its page reference goes to the
 * caller. */
static struct shim_page *local_drop(struct shim_sock *sk)
{
	struct shim_page *pg = sk->local_page;

	sk->local_page = NULL;
	sk->local_len = 0;
	atomic_store(&sk->has_local, false);
	return pg;
}

/*
 * The next datagram of an inline answer, as a recvmsg() of the data
 * socket would give it: its length with our header (the caller's buffers
 * get the message, cut to ulen); 0 when there is none to give (none
 * kept, or the daemon paid the rest to the data socket, which has them
 * by the time this returns); -EPROTO when the daemon wrote nonsense;
 * -EDEADLK when this thread holds sk->lk already (a signal handler).
 */
static ssize_t local_take(struct shim_sock *sk, const struct msghdr *msg,
			  size_t ulen, int flags, struct unl_wire_dgram *hdr)
{
	struct shim_page *pg = NULL;
	struct unl_inline_rec rec;
	struct shim_sock *outer;
	bool peek = flags & MSG_PEEK, paid = false;
	uint32_t key = 0;
	ssize_t r = 0;
	int cs;

	if (shim_local_sk == sk)
		return -EDEADLK;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cs);
	outer = shim_local_sk; /* a signal handler nests */
	shim_local_sk = sk;
	pthread_mutex_lock(&sk->lk);
	if (!atomic_load(&sk->has_local))
		goto out;
	key = sk->local_key;
	if (unl_inline_next(sk->local, sk->local_len, sk->local_pos, &rec))
		goto bad;
	*hdr = rec.hdr;
	if (!shim_inline_claim(sk->local_page, key, sk->local_idx, rec.last,
			       peek)) {
		paid = true; /* the data socket has it, or will at once */
		pg = local_drop(sk);
		goto out;
	}
	unl_dgram_to_iov(msg->msg_iov, msg->msg_iovlen, rec.msg,
			 rec.msglen < ulen ? rec.msglen : ulen);
	r = (ssize_t)(sizeof(*hdr) + rec.msglen);
	if (peek)
		goto out;
	sk->local_pos = rec.next;
	sk->local_idx++;
	if (rec.last)
		pg = local_drop(sk);
	goto out;
bad:
	r = -EPROTO;
	pg = local_drop(sk);
	shim_inline_forget(key);
out:
	pthread_mutex_unlock(&sk->lk);
	shim_local_sk = outer;
	/* Outside the lock: the daemon may be in the middle of paying. */
	if (paid)
		shim_wait_settled(pg, key, false);
	shim_page_put(pg);
	pthread_setcancelstate(cs, NULL);
	return r;
}

struct waiter {
	struct shim_sock *sk;
	bool ring_sleeper; /* counted in its ring's sleepers too */
};

static void waiter_done(void *arg)
{
	struct waiter *w = arg;

	if (w->ring_sleeper)
		shim_ring_woke(w->sk);
	atomic_fetch_sub(&w->sk->waiters, 1);
}

/* A recvmsg() that may sleep, counted in sk->waiters (which the caller
 * raised), and in its ring's sleepers when ring_sleeper, until it
 * returns or the thread is cancelled in it. */
static ssize_t recv_waiting(struct shim_sock *sk, int fd, struct msghdr *m,
			    int flags, bool ring_sleeper)
{
	struct waiter w = { sk, ring_sleeper };
	volatile ssize_t r;
	volatile int e;

	pthread_cleanup_push(waiter_done, &w);
	r = shim_real.recvmsg(fd, m, flags);
	e = errno;
	pthread_cleanup_pop(1);
	errno = e;
	return r;
}

ssize_t sock_recvmsg(struct shim_sock *sk, int fd, struct msghdr *msg,
		     int flags)
{
	const int entry_errno = errno;
	struct unl_wire_shm *page = shim_sock_page(sk, fd);
	struct unl_wire_dgram hdr;
	struct iovec small[8], *iov = small;
	unsigned char *bounce = NULL;
	size_t ulen, plen, copied, niov;
	int rflags, oflags, err, kind;
	uint32_t pflags;
	ssize_t r;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_name && (int)msg->msg_namelen < 0)
		return -EINVAL;
	err = iov_total(msg->msg_iov, msg->msg_iovlen, &ulen);
	if (err)
		return err;
	/* [our header, the caller's buffers]; one more iovec than the
	 * caller's may pass the kernel's limit: then a bounce buffer. */
	niov = msg->msg_iovlen + 1;
	if (niov > UIO_MAXIOV) {
		bounce = malloc(ulen ? ulen : 1);
		if (!bounce)
			return -ENOMEM;
		niov = 2;
	} else if (niov > sizeof(small) / sizeof(small[0])) {
		iov = malloc(niov * sizeof(*iov));
		if (!iov)
			return -ENOMEM;
	}
	iov[0].iov_base = &hdr;
	iov[0].iov_len = sizeof(hdr);
	if (bounce) {
		iov[1].iov_base = bounce;
		iov[1].iov_len = ulen;
	} else if (msg->msg_iovlen) {
		memcpy(iov + 1, msg->msg_iov,
		       msg->msg_iovlen * sizeof(*iov));
	}
	/* MSG_TRUNC always: seqpacket then returns the record's true
	 * length, which the caller's MSG_TRUNC and msg_flags need. */
	rflags = (flags & (MSG_PEEK | MSG_DONTWAIT)) | MSG_TRUNC;
	bool synced = false, local = false, skip_local = false, ringed = false;
	bool settled = false;
	for (;;) {
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = niov };

		bool dumping;
		int tf = rflags, sleeper = 0;

		/* __skb_try_recv_datagram(): the socket error first.  The
		 * slot shows it; the daemon takes it (another thread or
		 * process may have first). */
		if (page && __atomic_load_n(&page->err, __ATOMIC_ACQUIRE)) {
			int e = sock_error(sk, fd, 0);

			if (e) {
				r = e < 0 ? e : -e;
				goto out;
			}
		}
		if (!skip_local && atomic_load(&sk->has_local)) {
			r = local_take(sk, msg, ulen, flags, &hdr);
			if (r == -EDEADLK) {
				/* A signal handler: the data socket gets the
				 * kept answer, from the daemon. */
				skip_local = true;
				shim_pay();
			} else if (r < 0) {
				goto out;
			} else if (r > 0) {
				local = true;
				break;
			}
		}
		r = shim_ring_take(sk, msg, ulen, flags, &hdr);
		if (r < 0)
			goto out;
		if (r > 0) {
			local = ringed = true;
			break;
		}
		dumping = !synced && page &&
			  (__atomic_load_n(&page->flags, __ATOMIC_ACQUIRE) &
			   UNL_SHM_DUMP_RUNNING);
		/* During a dump, even a blocking reader looks first: it is
		 * cheaper to ask for the next part and spin until it is made
		 * than to sleep in recvmsg() until the daemon wakes us. */
		if (dumping)
			tf |= MSG_DONTWAIT;
		if (!(tf & MSG_DONTWAIT)) {
			/* About to sleep in the kernel: a thread that gets an
			 * inline answer for this socket meanwhile pays it
			 * (sock_sendmsg), or we see it here first. */
			atomic_fetch_add(&sk->waiters, 1);
			if (!skip_local && atomic_load(&sk->has_local)) {
				atomic_fetch_sub(&sk->waiters, 1);
				continue;
			}
			/* ... and the daemon writes a WAKE record when it
			 * puts something in the ring meanwhile. */
			sleeper = shim_ring_sleep(sk);
			if (sleeper < 0) {
				atomic_fetch_sub(&sk->waiters, 1);
				continue;
			}
		}
		r = !(tf & MSG_DONTWAIT)
			    ? recv_waiting(sk, fd, &m, tf, sleeper > 0)
			    : shim_real.recvmsg(fd, &m, tf);
		if (r < 0 && errno == EAGAIN && !settled &&
		    shim_async_unsettled()) {
			/* What this process sent on a grant must be here. */
			settled = true;
			shim_async_settle();
			continue;
		}
		if (r < 0 && errno == EAGAIN && dumping) {
			/* In Linux the next part of a dump is made inside
			 * recvmsg(): a reader that does not wait must find it
			 * now, so wait for the daemon to have made it. */
			synced = true;
			sock_report(sk, fd, true);
			continue;
		}
		if (r < 0) {
			r = -errno;
			goto out;
		}
		if (r == 0) {
			/* The daemon closed its end: it is gone. */
			r = -ECONNRESET;
			goto out;
		}
		kind = unl_dgram_check(&hdr, (size_t)r);
		if (kind < 0) {
			r = kind;
			goto out;
		}
		if (kind != UNL_DGRAM_WAKE)
			break;
		shim_ring_wake_read(sk);
		/* A wake-up only: it was sent so that the error above is
		 * seen.  Take it off the socket if we only peeked. */
		if (rflags & MSG_PEEK)
			shim_real.recv(fd, &hdr, sizeof(hdr),
				       MSG_DONTWAIT | MSG_TRUNC);
	}
	plen = (size_t)r - sizeof(hdr);
	copied = plen < ulen ? plen : ulen;
	if (bounce && !local)
		unl_dgram_to_iov(msg->msg_iov, msg->msg_iovlen, bounce, copied);
	oflags = flags & MSG_CMSG_CLOEXEC;
	if (plen > ulen)
		oflags |= MSG_TRUNC;

	/* netlink_recvmsg(): the source address, always. */
	if (msg->msg_name) {
		struct sockaddr_nl a = unl_dgram_name(&hdr);
		size_t k = msg->msg_namelen < sizeof(a) ? msg->msg_namelen
							: sizeof(a);

		memcpy(msg->msg_name, &a, k);
		msg->msg_namelen = sizeof(a);
	}
	pflags = page ? __atomic_load_n(&page->flags, __ATOMIC_ACQUIRE) : 0;
	msg->msg_controllen = unl_dgram_cmsgs(&hdr, pflags, msg->msg_control,
					      msg->msg_controllen, &oflags);
	msg->msg_flags = oflags;

	note_offer(sk, ulen);
	if (!(flags & MSG_PEEK)) {
		/* A ring's takes the daemon sees in the ring itself. */
		if (!ringed)
			atomic_fetch_add(&sk->pending, 1);
		if ((pflags & UNL_SHM_REPORT_NOW) ||
		    (ringed && shim_ring_wants_nudge(sk)))
			/* Without waiting: during a dump the daemon makes the
			 * next part while the caller digests this one; a
			 * reader that finds nothing waits for it above. */
			sock_report(sk, fd, false);
		/* Right after a take the data socket may well be empty,
		 * which a ring needs to begin. */
		if (!ringed)
			shim_ring_maybe_start(sk, fd);
	}
	r = (flags & MSG_TRUNC) ? (ssize_t)plen : (ssize_t)copied;
	/* a receive that found its datagram leaves errno as it was (the
	 * waits before it saw EAGAIN) */
	errno = entry_errno;
out:
	if (iov != small)
		free(iov);
	free(bounce);
	return r;
}

int sock_ioctl(struct shim_sock *sk, int fd, unsigned long req, void *arg)
{
	/* netlink_ioctl() knows no request: the queue-size requests the
	 * data socket (AF_UNIX) would answer get ENOTTY, as on Linux;
	 * generic ones (FIONBIO, FIOASYNC, SIOCSPGRP...) act on the
	 * descriptor and go through (returned as 1: "not mine"). */
	switch (req) {
	case 0x541B: /* FIONREAD, SIOCINQ */
	case 0x5411: /* TIOCOUTQ, SIOCOUTQ */
	case 0x894B: /* SIOCOUTQNSD */
	case 0x8905: /* SIOCATMARK */
	case 0x89E0: /* SIOCUNIXFILE */
		return -ENOTTY;
	}
	return 1;
}
