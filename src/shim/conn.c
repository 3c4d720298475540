// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The control connection: one AF_UNIX SOCK_SEQPACKET connection per
 * process to the daemon, made on first need, dropped in a fork child and
 * after any transport failure (the next need makes a new one; sockets
 * then ATTACH again).  Protocol: src/wire/wire.h.
 *
 * Two locks:
 *   req  one request and its reply at a time (replies carry no tag).  It
 *        may be held for as long as a blocking sendmsg() waits in the
 *        daemon for room at its receiver.
 *   wr   one record sequence at a time (a SENDMSG and its CONTs stay
 *        together).  Records without a reply (CONSUME, CLOSE) take only
 *        this one, so that a reader can free room at a receiver while
 *        another thread's sendmsg() waits for exactly that.
 * Order: req before wr.  conn.fd and conn.gen, and every socket's id and
 * gen, change only with both held.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/dgram.h"
#include "wire/spin.h"

static struct {
	pthread_mutex_t req;
	pthread_mutex_t wr;
	int fd;       /* -1: not connected */
	uint64_t gen; /* bumped whenever a connection goes away */
	uid_t euid;   /* who we were when we connected: the daemon */
	gid_t egid;   /* reads SO_PEERCRED once */
	unsigned int id_gen; /* shim_id_gen when euid/egid were read */
	/* The call page (wire.h), mapped while the connection lives;
	 * written with req held (requests) or wr held (records). */
	struct unl_wire_call *call;
	struct shim_page *call_ref; /* the mapping of call, counted */
	uint32_t seq; /* the last req_seq we wrote */
	atomic_bool warned;
} conn = {
	.req = PTHREAD_MUTEX_INITIALIZER,
	.wr = PTHREAD_MUTEX_INITIALIZER,
	.fd = -1,
	.gen = 1,
};

static int post_locked(uint32_t op, uint32_t id, int a0, int a1, int a2);
static int post_cred_locked(void);

/* The thread that changed its capabilities last (0: the first one),
 * whose capabilities the daemon reads (UNL_OP_CRED). */
static atomic_int caps_tid;

/* Does this thread hold conn.wr (or is about to)?  A signal handler that
 * interrupted it must not wait for it (shim_pay_slow). */
static _Thread_local bool holds_wr;
/* Held from an ATTACH to its adoption and around a CLOSE's decision
 * (shim_conn_attach(), shim_conn_forget()): a connection has one link
 * per socket, which two objects may share.  Taken after conn.req,
 * before conn.wr. */
static pthread_mutex_t link_lock = PTHREAD_MUTEX_INITIALIZER;

static void wr_lock(void)
{
	holds_wr = true;
	pthread_mutex_lock(&conn.wr);
}

static void wr_unlock(void)
{
	pthread_mutex_unlock(&conn.wr);
	holds_wr = false;
}

/* Reply records land here (req held); request records are built in tx
 * (wr held).  Both are bss, untouched until used. */
static unsigned char rx[UNL_WIRE_MAX_RECORD];
static unsigned char tx[UNL_WIRE_MAX_RECORD];

#define MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))

/* One line on stderr, once per process: the program's own message (from
 * errno) says what failed; this says why. */
static void __attribute__((format(printf, 1, 2)))
warn_once(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	if (atomic_exchange(&conn.warned, true))
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (shim_real.write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}


void shim_conn_lock(int *cancel_state)
{
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, cancel_state);
	pthread_mutex_lock(&conn.req);
}

void shim_conn_unlock(int cancel_state)
{
	pthread_mutex_unlock(&conn.req);
	pthread_setcancelstate(cancel_state, NULL);
}

uint64_t shim_conn_gen(void)
{
	return conn.gen;
}

void shim_call_init(struct shim_call *c, uint32_t op,
		    const struct shim_sock *sk)
{
	memset(c, 0, sizeof(*c));
	c->req.op = op;
	c->req.sock = sk ? sk->id : 0;
	c->fd_in = -1;
	c->fds_out[0] = c->fds_out[1] = -1;
	c->timeout_ms = SHIM_CALL_TIMEOUT_MS;
}

/* A call page mapping stays until the connection and every inline
 * answer taken from it (sk->local_page) let go. */
struct shim_page {
	atomic_int refs;
	struct unl_wire_call *p;
};

void shim_page_put(struct shim_page *pg)
{
	if (pg && atomic_fetch_sub(&pg->refs, 1) == 1) {
		munmap(pg->p, sizeof(*pg->p));
		free(pg);
	}
}

/* req held.  Descriptors being polled or read by no one else now. */
static void call_unmap(void)
{
	shim_page_put(conn.call_ref);
	conn.call_ref = NULL;
	conn.call = NULL;
}

static void conn_drop(void)
{
	wr_lock();
	if (conn.fd >= 0)
		shim_real.close(conn.fd);
	conn.fd = -1;
	conn.gen++;
	call_unmap();
	wr_unlock();
}

/* A record went out on the connection (wr held): the daemon reads every
 * record counted here before it runs the next call (wire.h). */
static void count_record(void)
{
	if (conn.call)
		__atomic_fetch_add(&conn.call->records, 1, __ATOMIC_RELEASE);
}

static int send_all(int fd, struct msghdr *m)
{
	for (;;) {
		if (shim_real.sendmsg(fd, m, MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		/* SO_SNDTIMEO ran out: the daemon stopped reading. */
		if (errno == EAGAIN)
			return -ETIMEDOUT;
		return -ECONNRESET;
	}
}

/* Copy n bytes of the iovec array, resuming at (*idx, *off). */
static void iov_take(unsigned char *dst, const struct iovec *iov,
		     size_t *idx, size_t *off, size_t n)
{
	while (n) {
		size_t k = iov[*idx].iov_len - *off;

		if (k > n)
			k = n;
		memcpy(dst, (const char *)iov[*idx].iov_base + *off, k);
		dst += k;
		n -= k;
		*off += k;
		if (*off == iov[*idx].iov_len) {
			(*idx)++;
			*off = 0;
		}
	}
}

/* The payload's leading part (name, control) at dst; its length. */
static size_t put_head(unsigned char *dst, const struct shim_call *c)
{
	size_t pos = 0;

	for (int i = 0; i < 2; i++) {
		if (c->head[i].iov_len)
			memcpy(dst + pos, c->head[i].iov_base,
			       c->head[i].iov_len);
		pos += c->head[i].iov_len;
	}
	return pos;
}

/* The first iovec of the data to copy: empty leading ones are skipped so
 * that iov_take never reads past the array. */
static size_t first_iov(const struct shim_call *c)
{
	size_t idx = 0;

	while (c->datalen && idx < c->iovcnt && !c->iov[idx].iov_len)
		idx++;
	return idx;
}

/*
 * The request as records (wr held):
 *
 *   +-----------------+--------------------------+
 *   | unl_wire_req    | head[0] head[1] data...  |   first record
 *   +-----------------+--------------------------+
 *   | unl_wire_req    | data...                  |   CONT, while data
 *   | (op CONT)       |                          |   remains
 *   +-----------------+--------------------------+
 *
 * each at most UNL_WIRE_MAX_RECORD bytes.
 */
static int conn_send(struct shim_call *c)
{
	size_t headlen = c->head[0].iov_len + c->head[1].iov_len;
	size_t left = c->datalen, idx, off = 0;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	bool first = true;
	int err = 0;

	if (headlen > MAX_PAYLOAD)
		return -ENOBUFS;
	idx = first_iov(c);
	wr_lock();
	do {
		struct unl_wire_req *h = (struct unl_wire_req *)tx;
		size_t room = MAX_PAYLOAD, n, pos = sizeof(*h);
		struct iovec v;
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

		*h = c->req;
		if (!first) {
			memset(h, 0, sizeof(*h));
			h->op = UNL_OP_CONT;
			h->sock = c->req.sock;
		}
		if (first) {
			pos += put_head(tx + pos, c);
			room -= headlen;
		}
		n = left < room ? left : room;
		iov_take(tx + pos, c->iov, &idx, &off, n);
		pos += n;
		left -= n;
		h->len = (uint32_t)(pos - sizeof(*h));
		v.iov_base = tx;
		v.iov_len = pos;
		if (first && c->fd_in >= 0) {
			memset(&cm, 0, sizeof(cm));
			m.msg_control = cm.buf;
			m.msg_controllen = sizeof(cm.buf);
			cm.h.cmsg_level = SOL_SOCKET;
			cm.h.cmsg_type = SCM_RIGHTS;
			cm.h.cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(&cm.h), &c->fd_in, sizeof(int));
		}
		err = send_all(conn.fd, &m);
		if (!err)
			count_record();
		first = false;
	} while (!err && left);
	wr_unlock();
	return err;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* How long to look for a reply before sleeping: 50 us with a second CPU
 * to run the daemon, none without.  UNETLINK_SPIN_US overrides. */
static int64_t spin_ns(void)
{
	static int64_t v = -1;

	if (v < 0) {
		const char *e = getenv("UNETLINK_SPIN_US");

		if (e && *e)
			v = strtol(e, NULL, 10) * 1000;
		else
			v = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 50000 : 0;
		if (v < 0)
			v = 0;
	}
	return v;
}

/* Whether spinning pays now (src/wire/spin.h): one state a process;
 * each thread's involuntary switches as it last counted them. */
static struct unl_spin shim_spin;
static _Thread_local long shim_nivcsw;

static bool spin_now(void)
{
	return spin_ns() > 0 && unl_spin_allowed(&shim_spin, now_ns());
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the reply (req held). */
static int conn_wait(struct shim_call *c)
{
	int64_t deadline = c->timeout_ms < 0 ? -1 : now_ms() + c->timeout_ms;
	struct unl_wire_rep rep;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} cm;
	struct iovec v[2] = {
		{ &rep, sizeof(rep) },
		{ rx, sizeof(rx) },
	};
	struct msghdr m;
	int nfds = 0, fds[4];
	ssize_t r;
	size_t n;

	/* The daemon answers in microseconds: look for the reply for a
	 * moment before sleeping, since a sleep and a wake-up cost more than
	 * the whole exchange (on one CPU there is nobody to answer while we
	 * spin, so do not). */
again:
	if (spin_now()) {
		int64_t start = now_ns(), until = start + spin_ns(), t = start;

		do {
			int64_t prev = t;

			memset(&m, 0, sizeof(m));
			m.msg_iov = v;
			m.msg_iovlen = 2;
			m.msg_control = cm.buf;
			m.msg_controllen = sizeof(cm.buf);
			r = shim_real.recvmsg(conn.fd, &m,
					      MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
			if (r >= 0 || (errno != EAGAIN && errno != EINTR)) {
				unl_spin_worked(&shim_spin);
				goto got;
			}
			t = now_ns();
			if (unl_spin_gap(&shim_nivcsw, prev, t))
				break;
		} while (t < until);
		unl_spin_failed(&shim_spin, t);
	}
	for (;;) {
		struct pollfd p = { .fd = conn.fd, .events = POLLIN };
		int t = -1;

		if (deadline >= 0) {
			int64_t left = deadline - now_ms();

			t = left < 0 ? 0 : (int)left;
		}
		r = shim_real.poll(&p, 1, t);
		if (r < 0 && errno == EINTR)
			continue; /* the request is out: its answer must be
				     read, as SA_RESTART would */
		if (r == 0) {
			warn_once("unetlink: the daemon did not answer in "
				  "%d ms", c->timeout_ms);
			conn_drop();
			return -ETIMEDOUT;
		}
		memset(&m, 0, sizeof(m));
		m.msg_iov = v;
		m.msg_iovlen = 2;
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		r = shim_real.recvmsg(conn.fd, &m,
				      MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		break;
	}
got:
	if (r == (ssize_t)sizeof(rep) && rep.ret == UNL_WIRE_REP_WAKE &&
	    !rep.len)
		/* A late wake-up for a call already answered (it carries
		 * no descriptors). */
		goto again;
	for (struct cmsghdr *h = r >= 0 ? CMSG_FIRSTHDR(&m) : NULL; h;
	     h = CMSG_NXTHDR(&m, h)) {
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		     i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			if (nfds < 4)
				fds[nfds++] = fd;
			else
				shim_real.close(fd);
		}
	}
	if (r <= 0 || (size_t)r < sizeof(rep) || (m.msg_flags & MSG_TRUNC)) {
		int err = r < 0 || r == 0 ? -ECONNRESET : -EPROTO;

		for (int i = 0; i < nfds; i++)
			shim_real.close(fds[i]);
		if (err == -ECONNRESET)
			warn_once("unetlink: lost the daemon");
		conn_drop();
		return err;
	}
	n = (size_t)r - sizeof(rep);
	if (n > rep.len)
		n = rep.len;
	if (n > c->rcap)
		n = c->rcap;
	if (n)
		memcpy(c->rbuf, rx, n);
	c->rgot = n;
	c->rlen = rep.len;
	for (int i = 0; i < nfds; i++) {
		if (i < c->nfds_want && i < 2)
			c->fds_out[i] = fds[i];
		else
			shim_real.close(fds[i]);
	}
	if (rep.ret >= 0 && nfds < c->nfds_want && !c->fds_optional) {
		for (int i = 0; i < 2; i++) {
			if (c->fds_out[i] >= 0)
				shim_real.close(c->fds_out[i]);
			c->fds_out[i] = -1;
		}
		return -EPROTO;
	}
	return rep.ret;
}

/* Can c go through the call page?  A request with a reply, no
 * descriptors, and a payload that fits. */
static bool call_fits(const struct shim_call *c)
{
	size_t n = c->head[0].iov_len + c->head[1].iov_len;

	/* On one CPU nobody answers while we spin: a record and a sleep in
	 * poll() cost less than a KICK, a sleep and a WAKE.  (Where the CPUs
	 * are taken, spin.h, the page is still used, without the spin: a
	 * busy daemon serves pages in its stride, records one at a time.) */
	if (!conn.call || c->no_reply || c->fd_in >= 0 || c->nfds_want ||
	    c->record || spin_ns() == 0)
		return false;
	/* What a record could carry, no more (the daemon's limit too). */
	if (n > MAX_PAYLOAD || c->datalen > MAX_PAYLOAD - n)
		return false;
	return true;
}

atomic_uint shim_owed;
_Thread_local struct shim_sock *shim_local_sk;

/* An inline answer for c->inline_sk: its records replace what the socket
 * kept from an earlier one, which the program has read by now (the
 * daemon answers inline only then) or the daemon has paid.  req held. */
static void take_inline(struct shim_call *c, const unsigned char *rec,
			size_t n)
{
	struct shim_sock *sk = c->inline_sk, *outer;
	struct shim_page *old;
	uint32_t key = UNL_OWED_KEY(conn.seq);

	/* A signal handler that interrupted a holder of sk->lk, or no
	 * buffer (sock_sendmsg makes it, never here: a signal handler may be
	 * sending): leave them to the daemon, which pays them in time. */
	if (shim_local_sk == sk || !conn.call_ref)
		return;
	outer = shim_local_sk;
	shim_local_sk = sk;
	pthread_mutex_lock(&sk->lk);
	if (!sk->local || n > sk->local_cap) {
		pthread_mutex_unlock(&sk->lk);
		shim_local_sk = outer;
		return;
	}
	memcpy(sk->local, rec, n);
	old = sk->local_page;
	atomic_fetch_add(&conn.call_ref->refs, 1);
	sk->local_page = conn.call_ref;
	sk->local_len = n;
	sk->local_pos = 0;
	sk->local_idx = 0;
	sk->local_key = key;
	atomic_store(&sk->has_local, true);
	pthread_mutex_unlock(&sk->lk);
	shim_local_sk = outer;
	shim_page_put(old);
	atomic_store(&shim_owed, key);
	c->inline_got = true;
}

/* How long to wait for the daemon to finish paying. */
#define PAY_WAIT_MS SHIM_CALL_TIMEOUT_MS

void shim_wait_settled(struct shim_page *pg, uint32_t key, bool owed_too)
{
	struct unl_wire_call *p = pg->p;
	int64_t start = 0;
	unsigned int k = 0;
	int cs;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cs);
	for (;;) {
		uint64_t v = __atomic_load_n(&p->owed, __ATOMIC_ACQUIRE);

		if (v != UNL_OWED_PAYING && (!owed_too || (uint32_t)v != key))
			break;
		if (++k < 2000) {
			unl_wire_relax();
			continue;
		}
		if (!start)
			start = now_ms();
		else if (now_ms() - start > PAY_WAIT_MS)
			break;
		/* The daemon may need this CPU, or its loop may be asleep
		 * until it reads the PAY record. */
		struct timespec ts = { 0, 20000 };

		nanosleep(&ts, NULL);
	}
	pthread_setcancelstate(cs, NULL);
}

bool shim_inline_claim(struct shim_page *pg, uint32_t key, unsigned int i,
		       bool last, bool peek)
{
	if (!unl_owed_claim(&pg->p->owed, key, i, last, peek))
		return false;
	if (peek)
		return true;
	if (last) {
		unsigned int k = key;

		atomic_compare_exchange_strong(&shim_owed, &k, 0);
	}
	return true;
}

void shim_inline_forget(uint32_t key)
{
	unsigned int k = key;

	atomic_compare_exchange_strong(&shim_owed, &k, 0);
}

void shim_pay_slow(void)
{
	struct shim_page *pg = NULL;
	uint32_t key = 0;
	uint64_t v;
	int cs, err = -1;

	/* The code a signal handler interrupted may hold wr: the daemon's
	 * deadline pays then. */
	if (holds_wr)
		return;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cs);
	wr_lock();
	key = atomic_exchange(&shim_owed, 0);
	if (key && conn.fd >= 0 && conn.call_ref) {
		v = __atomic_load_n(&conn.call->owed, __ATOMIC_ACQUIRE);
		/* Owed, or being paid right now by the daemon. */
		if (v == UNL_OWED_PAYING || ((uint32_t)v == key && v)) {
			err = post_locked(UNL_OP_PAY, 0, 0, 0, 0);
			pg = conn.call_ref;
			atomic_fetch_add(&pg->refs, 1);
		}
	}
	wr_unlock();
	if (pg && !err)
		shim_wait_settled(pg, key, true);
	shim_page_put(pg);
	pthread_setcancelstate(cs, NULL);
}

/* The reply is in the page (req held). */
static int call_take(struct shim_call *c)
{
	struct unl_wire_call *p = conn.call;
	struct unl_wire_rep rep;
	size_t n;

	memcpy(&rep, &p->rep, sizeof(rep));
	n = rep.len;
	if (n > UNL_WIRE_MAX_RECORD)
		n = UNL_WIRE_MAX_RECORD;
	if (n && c->inline_sk && c->req.op == UNL_OP_SENDMSG) {
		take_inline(c, p->rdata, n);
		c->rgot = 0;
		c->rlen = 0;
		return rep.ret;
	}
	if (n > c->rcap)
		n = c->rcap;
	if (n)
		memcpy(c->rbuf, p->rdata, n);
	c->rgot = n;
	c->rlen = rep.len;
	return rep.ret;
}

static bool call_answered(void)
{
	return __atomic_load_n(&conn.call->rep_seq, __ATOMIC_ACQUIRE) ==
	       conn.seq;
}

/* Read and drop what the daemon wrote to the connection while we wait on
 * the page: wake-ups only, until the call is answered (a wake-up left
 * behind is skipped by whoever reads next) or none is left; the first
 * read waits for one when block is set.  0, or -errno when the
 * connection failed. */
static int call_drain(bool block)
{
	for (;;) {
		struct unl_wire_rep rep;
		ssize_t r = shim_real.recv(conn.fd, &rep, sizeof(rep),
					   block ? 0 : MSG_DONTWAIT);

		if (r < 0 && errno == EINTR)
			return 0;
		if (r < 0 && errno == EAGAIN)
			return 0;
		if (r <= 0) {
			warn_once("unetlink: lost the daemon");
			return -ECONNRESET;
		}
		if (r != (ssize_t)sizeof(rep) || rep.ret != UNL_WIRE_REP_WAKE)
			return -EPROTO;
		if (call_answered())
			return 0;
		block = false;
	}
}

/*
 * The fast path (wire.h, "The call page"): no system call unless the
 * daemon is not watching the page (a KICK) or the answer takes longer
 * than the spin (a sleep in poll(), woken by a WAKE record).
 */
static int call_page(struct shim_call *c)
{
	struct unl_wire_call *p = conn.call;
	int64_t deadline = c->timeout_ms < 0 ? -1 : now_ms() + c->timeout_ms;
	size_t pos, idx, off = 0;
	int err;

	pos = put_head(p->data, c);
	idx = first_iov(c);
	iov_take(p->data + pos, c->iov, &idx, &off, c->datalen);
	pos += c->datalen;
	memcpy(&p->req, &c->req, sizeof(p->req));
	p->req.len = (uint32_t)pos;
	if (c->inline_sk && c->req.op == UNL_OP_SENDMSG)
		p->req.op |= UNL_OP_F_INLINE;
	/* Never 0: it keys inline answers (wire.h), and 0 is "none". */
	if (!++conn.seq)
		conn.seq = 1;
	__atomic_store_n(&p->req_seq, conn.seq, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&p->watched, __ATOMIC_RELAXED)) {
		wr_lock();
		err = post_locked(UNL_OP_KICK, 0, 0, 0, 0);
		wr_unlock();
		if (err) {
			conn_drop();
			return err;
		}
	}
	if (spin_now()) {
		int64_t start = now_ns(), t = start, prev, until;
		unsigned int k = 0;
		bool failed = false;

		/* A sleep and a wake-up cost tens of microseconds here: an
		 * answer known to need work is worth a longer look.  Never a
		 * sched_yield(): on a busy CPU it gives the CPU away for a
		 * whole slice; a spin that finds the CPUs taken stops
		 * instead (spin.h). */
		until = start + (c->long_spin && spin_ns() < SHIM_LONG_SPIN_NS
					 ? SHIM_LONG_SPIN_NS
					 : spin_ns());
		while (!call_answered()) {
			unl_wire_relax();
			if (++k & 15)
				continue;
			prev = t;
			t = now_ns();
			if (t >= until || unl_spin_gap(&shim_nivcsw, prev, t)) {
				unl_spin_failed(&shim_spin, t);
				failed = true;
				break;
			}
		}
		if (!failed)
			unl_spin_worked(&shim_spin);
	}
	while (!call_answered()) {
		struct pollfd pfd = { .fd = conn.fd, .events = POLLIN };
		int t = -1, r;

		__atomic_store_n(&p->waiting, 1, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (call_answered())
			break;
		if (deadline < 0) {
			/* No deadline: the wake-up's read is the wait, one
			 * system call (a signal ends it as it ends poll()). */
			err = call_drain(true);
			if (err) {
				conn_drop();
				return err;
			}
			continue;
		}
		{
			int64_t left = deadline - now_ms();

			t = left < 0 ? 0 : (int)left;
		}
		r = shim_real.poll(&pfd, 1, t);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			warn_once("unetlink: the daemon did not answer in "
				  "%d ms", c->timeout_ms);
			conn_drop();
			return -ETIMEDOUT;
		}
		err = call_drain(false);
		if (err) {
			conn_drop();
			return err;
		}
	}
	__atomic_store_n(&p->waiting, 0, __ATOMIC_RELAXED);
	return call_take(c);
}

static int conn_roundtrip(struct shim_call *c)
{
	int err;

	if (call_fits(c))
		return call_page(c);
	err = conn_send(c);

	if (err < 0) {
		conn_drop();
		return err;
	}
	return c->no_reply ? 0 : conn_wait(c);
}

/* Map the call page HELLO gave us (req held). */
static int call_map(int memfd)
{
	struct shim_page *pg;
	struct unl_wire_call *p;
	struct stat st;
	size_t len = sizeof(*p);

	if (fstat(memfd, &st) < 0)
		return -errno;
	if (st.st_size < (off_t)len)
		return -EPROTO;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (p->magic != UNL_WIRE_MAGIC || p->cap != UNL_WIRE_MAX_RECORD) {
		munmap(p, len);
		return -EPROTO;
	}
	pg = malloc(sizeof(*pg));
	if (!pg) {
		munmap(p, len);
		return -ENOMEM;
	}
	atomic_init(&pg->refs, 1);
	pg->p = p;
	wr_lock();
	conn.call = p;
	conn.call_ref = pg;
	conn.seq = __atomic_load_n(&p->req_seq, __ATOMIC_RELAXED);
	wr_unlock();
	return 0;
}

int shim_conn_ensure(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = SHIM_CALL_TIMEOUT_MS / 1000 };
	struct shim_call c;
	int fd, err;

	if (conn.fd >= 0) {
		/* Linux decides with the credentials of the moment
		 * (capable(), SCM_CREDENTIALS); the daemon knows those of
		 * connect time.  After setuid()/setgid() a new connection
		 * carries the new ones, and sockets ATTACH to it. */
		unsigned int g = atomic_load(&shim_id_gen);

		/* Only a set*id() call can change them: ask the kernel
		 * after one, not on every request. */
		if (g == conn.id_gen)
			return 0;
		if (geteuid() == conn.euid && getegid() == conn.egid) {
			conn.id_gen = g;
			return 0;
		}
		conn_drop();
	}
	/*
	 * Every failure here is ECONNREFUSED to the program: its message
	 * ("Connection refused") then says that something did not answer,
	 * and the line on stderr says what.  EAFNOSUPPORT, what a kernel
	 * without netlink answers, would look like a permanent property of
	 * the system and send some programs down a silent fallback path.
	 */
	if (unl_wire_socket_path(sun.sun_path, sizeof(sun.sun_path)) < 0) {
		warn_once("unetlink: the daemon's socket path is too long");
		return -ECONNREFUSED;
	}
	fd = shim_real.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* connect() on AF_UNIX waits up to SO_SNDTIMEO for a full
	 * backlog; later sends get the same bound. */
	shim_real.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (shim_real.connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		if (errno == EINTR)
			continue;
		warn_once("unetlink: no daemon at %s (%s)", sun.sun_path,
			  strerror(errno));
		shim_real.close(fd);
		return -ECONNREFUSED;
	}
	wr_lock();
	conn.fd = fd;
	conn.id_gen = atomic_load(&shim_id_gen);
	conn.euid = geteuid();
	conn.egid = getegid();
	wr_unlock();

	shim_call_init(&c, UNL_OP_HELLO, NULL);
	c.req.a0 = (int32_t)UNL_WIRE_MAGIC;
	c.req.a1 = UNL_WIRE_VERSION;
	c.req.a2 = 1;
	c.nfds_want = 1;
	c.fds_optional = true;
	err = conn_roundtrip(&c);
	/* Without a page (the daemon could not make one, or we cannot map
	 * it) every request goes as a record: slower, not broken. */
	if (err >= 0 && c.fds_out[0] >= 0) {
		call_map(c.fds_out[0]);
		shim_real.close(c.fds_out[0]);
	}
	if (err < 0) {
		warn_once("unetlink: the daemon at %s refused us (%s)",
			  sun.sun_path, strerror(-err));
		if (conn.fd >= 0)
			conn_drop();
		return -ECONNREFUSED;
	}
	/* The daemon reads what the kernel says of our first thread; that
	 * another one counts is worth a record. */
	if (atomic_load(&caps_tid)) {
		wr_lock();
		err = conn.fd >= 0 ? post_cred_locked() : 0;
		wr_unlock();
		if (err < 0) {
			conn_drop();
			return -ECONNREFUSED;
		}
	}
	return 0;
}

/* A round trip's own system calls (the spin's EAGAIN) must not show
 * in errno after a call that succeeds: Linux's leaves it untouched, and
 * programs print it (nfct after a helper it lacks). */
/* SEND_ASYNC records written, and how many of them the daemon had run
 * when it last answered a call (it reads a connection's records in
 * order, and ships what they made before it answers). */
static _Atomic uint64_t async_written, async_run;

int shim_conn_call(struct shim_call *c)
{
	uint64_t before = atomic_load(&async_written);
	int saved = errno, err = shim_conn_ensure();

	if (err >= 0)
		err = conn_roundtrip(c);
	if (err >= 0) {
		errno = saved;
		if (!c->no_reply && atomic_load(&async_run) < before)
			atomic_store(&async_run, before);
	}
	return err;
}

bool shim_async_unsettled(void)
{
	return atomic_load(&async_run) < atomic_load(&async_written);
}

void shim_async_settle(void)
{
	struct shim_call c;
	int cs;

	if (atomic_load(&async_run) >= atomic_load(&async_written))
		return;
	/* Any call does: one about no socket is answered EBADF at once. */
	shim_call_init(&c, UNL_OP_SOCK_ERROR, NULL);
	c.req.a0 = 1;
	shim_conn_lock(&cs);
	if (conn.fd >= 0)
		shim_conn_call(&c);
	shim_conn_unlock(cs);
}

void shim_conn_adopt(struct shim_sock *sk, uint32_t id)
{
	wr_lock();
	sk->id = id;
	sk->gen = conn.gen;
	wr_unlock();
}

/*
 * The status pool (wire.h, "Status slots"): the connection's own, mapped
 * read-only once per connection.  A mapping is never undone: another
 * thread may be reading a slot through it.  A forked child does not
 * inherit it (MADV_DONTFORK): the parent's sockets made after the fork
 * are none of the child's; the child's slots come with its own
 * connection (shim_sock_page()).
 */
static struct {
	pthread_mutex_t lk;
	struct unl_wire_shm *base;
	uint64_t gen; /* the connection that sent it */
} pool = { .lk = PTHREAD_MUTEX_INITIALIZER };

static int pool_map(int memfd, uint32_t slot)
{
	struct stat st;
	void *p;

	if (fstat(memfd, &st) < 0)
		return -errno;
	/* A slot past the file's end would fault (SIGBUS). */
	if (st.st_size < (off_t)((slot + 1ull) * sizeof(*pool.base)))
		return -EPROTO;
	p = mmap(NULL, UNL_WIRE_POOL_BYTES, PROT_READ, MAP_SHARED, memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (madvise(p, UNL_WIRE_POOL_BYTES, MADV_DONTFORK) < 0) {
		munmap(p, UNL_WIRE_POOL_BYTES);
		return -errno;
	}
	pool.base = p;
	pool.gen = conn.gen;
	return 0;
}

int shim_page_map(struct shim_sock *sk, int memfd, const void *rbuf,
		  size_t rgot)
{
	struct unl_wire_slot ws;
	int err = 0;

	if (rgot < sizeof(ws))
		return -EPROTO;
	memcpy(&ws, rbuf, sizeof(ws));
	if (ws.slot >= UNL_WIRE_POOL_BYTES / sizeof(struct unl_wire_shm))
		return -EPROTO;
	pthread_mutex_lock(&pool.lk);
	if (memfd >= 0)
		err = pool_map(memfd, ws.slot);
	else if (!pool.base || pool.gen != conn.gen)
		/* The daemon sends the pool with a connection's first
		 * slot: without it, this connection has it. */
		err = -EPROTO;
	if (!err)
		atomic_store(&sk->page, pool.base + ws.slot);
	pthread_mutex_unlock(&pool.lk);
	return err;
}

struct unl_wire_shm *shim_sock_page(struct shim_sock *sk, int fd)
{
	struct unl_wire_shm *page = atomic_load(&sk->page);
	int cs;

	if (page)
		return page;
	shim_conn_lock(&cs);
	if (!atomic_load(&sk->page))
		(void)shim_conn_attach(sk, fd);
	shim_conn_unlock(cs);
	return atomic_load(&sk->page);
}

int shim_conn_attach(struct shim_sock *sk, int fd)
{
	struct shim_call c;
	struct timeval tv;
	socklen_t len = sizeof(tv);
	bool candidate = atomic_load(&sk->candidate);
	int ret, err;

	err = shim_conn_ensure();
	if (err < 0)
		return candidate ? err : -ECONNRESET;
	if (sk->gen == conn.gen)
		return 0;
	struct unl_wire_slot ws;

	/* From the ATTACH to the adoption, no CLOSE of the same id by an
	 * object freed meanwhile (shim_conn_forget()): the daemon would
	 * drop the link this one is being given. */
	pthread_mutex_lock(&link_lock);
	shim_call_init(&c, UNL_OP_ATTACH, NULL);
	c.fd_in = fd;
	c.nfds_want = 1;
	c.fds_optional = true;
	c.rbuf = &ws;
	c.rcap = sizeof(ws);
	ret = shim_conn_call(&c);
	if (ret < 0) {
		pthread_mutex_unlock(&link_lock);
		/* The daemon does not know this descriptor: after exec it
		 * is not ours; otherwise the daemon that served it is gone. */
		return candidate ? ret : -ECONNRESET;
	}
	err = shim_page_map(sk, c.fds_out[0], &ws, c.rgot);
	if (c.fds_out[0] >= 0)
		shim_real.close(c.fds_out[0]);
	if (err < 0) {
		wr_lock();
		if (conn.fd >= 0 && !shim_table_id_live(conn.gen, (uint32_t)ret))
			post_locked(UNL_OP_CLOSE, (uint32_t)ret, 0, 0, 0);
		wr_unlock();
		pthread_mutex_unlock(&link_lock);
		return candidate ? err : -ECONNRESET;
	}
	shim_conn_adopt(sk, (uint32_t)ret);
	pthread_mutex_unlock(&link_lock);
	/* SO_SNDTIMEO was also set on the data socket (sock.c): that is
	 * how it survives exec. */
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, &len) == 0)
		atomic_store(&sk->sndtimeo_ms,
			     tv.tv_sec || tv.tv_usec
				     ? (long long)tv.tv_sec * 1000 +
					       (tv.tv_usec + 999) / 1000
				     : -1);
	atomic_store(&sk->candidate, false);
	return 0;
}

/* A record with no reply, without the req lock (wr held inside). */
static int post_locked(uint32_t op, uint32_t id, int a0, int a1, int a2)
{
	struct unl_wire_req h = {
		.op = op, .sock = id, .a0 = a0, .a1 = a1, .a2 = a2,
	};
	struct iovec v = { &h, sizeof(h) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
	int err = send_all(conn.fd, &m);

	if (!err)
		count_record();
	return err;
}

/* The effective capabilities of thread tid (0: the first) now. */
static uint64_t caps_effective(pid_t tid)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = tid ? tid : getpid(),
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	/* A thread gone meanwhile: the daemon reads the first one. */
	if (shim_sys(SYS_capget, &h, data) < 0 && tid) {
		h.pid = getpid();
		if (shim_sys(SYS_capget, &h, data) < 0)
			return ~UINT64_C(0);
	}
	return (uint64_t)data[0].effective | (uint64_t)data[1].effective << 32;
}

/* UNL_OP_CRED with what we know now (wr held, connected). */
static int post_cred_locked(void)
{
	struct unl_wire_cred wc = { .tid = atomic_load(&caps_tid) };
	struct unl_wire_req h = { .op = UNL_OP_CRED, .len = sizeof(wc) };
	struct iovec v[2] = { { &h, sizeof(h) }, { &wc, sizeof(wc) } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 2 };
	int err;

	wc.effective = caps_effective(wc.tid);
	err = send_all(conn.fd, &m);
	if (!err)
		count_record();
	return err;
}

void shim_conn_cred_changed(bool capset)
{
	pid_t tid = (pid_t)shim_sys(SYS_gettid);
	int cs;

	if (capset)
		atomic_store(&caps_tid, tid == getpid() ? 0 : tid);
	/* A signal handler that interrupted a record cannot send one; a
	 * vfork child's memory is its parent's.  Without a connection,
	 * the daemon reads the kernel when it accepts the next one. */
	if (holds_wr || shim_in_shared_child())
		return;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cs);
	wr_lock();
	/* A failure shows at the next request. */
	if (conn.fd >= 0)
		post_cred_locked();
	wr_unlock();
	pthread_setcancelstate(cs, NULL);
}

int shim_conn_post(struct shim_sock *sk, uint32_t op, int a0, int a1)
{
	int err = -ENOTCONN;

	wr_lock();
	if (conn.fd >= 0 && sk->gen == conn.gen)
		err = post_locked(op, sk->id, a0, a1, 0);
	wr_unlock();
	return err;
}

/* Bumped (record lock held) when this process closes a netlink socket:
 * every grant taken before is forgotten. */
static uint64_t grant_epoch;

/* Data vectors a SEND_ASYNC takes as they are; more go synchronously. */
#define ASYNC_IOV 8

int shim_conn_send_async(struct shim_sock *sk, int flags,
			 const struct sockaddr_nl *a, const struct iovec *iov,
			 size_t iovcnt, size_t total)
{
	struct unl_wire_shm *page = atomic_load(&sk->page);
	struct unl_wire_req h = {
		.op = UNL_OP_SEND_ASYNC,
		.a0 = flags,
		.a1 = (int32_t)sizeof(*a),
		.a3 = (int32_t)total,
		.len = (uint32_t)(sizeof(*a) + total),
	};
	struct iovec v[ASYNC_IOV + 2];
	struct msghdr m = { .msg_iov = v };
	int done = 0;

	if (!page || iovcnt > ASYNC_IOV)
		return 0;
	for (size_t i = 0; i < iovcnt; i++)
		if (iov[i].iov_len && !iov[i].iov_base)
			return 0; /* EFAULT is the daemon's to say */
	wr_lock();
	/* The flag before the words it covers (pool.c stores them first). */
	if (!sk->grant_live || sk->grant_epoch != grant_epoch ||
	    conn.fd < 0 || sk->gen != conn.gen ||
	    !(__atomic_load_n(&page->flags, __ATOMIC_ACQUIRE) &
	      UNL_SHM_GRANT) ||
	    __atomic_load_n(&page->grant_gen, __ATOMIC_ACQUIRE) !=
		    sk->grant_gen ||
	    (int32_t)(__atomic_load_n(&page->grant_total, __ATOMIC_ACQUIRE) -
		      sk->grant_sent) <= 0 ||
	    sk->grant_dst != a->nl_pid || total > sk->grant_max)
		goto out;
	h.sock = sk->id;
	v[0].iov_base = &h;
	v[0].iov_len = sizeof(h);
	v[1].iov_base = (void *)a;
	v[1].iov_len = sizeof(*a);
	for (size_t i = 0; i < iovcnt; i++)
		v[2 + i] = iov[i];
	m.msg_iovlen = iovcnt + 2;
	if (send_all(conn.fd, &m) == 0) {
		count_record();
		sk->grant_sent++;
		atomic_fetch_add(&async_written, 1);
		done = 1;
	} else {
		/* Not sent: the SENDMSG that follows says what happened. */
		sk->grant_live = false;
	}
out:
	wr_unlock();
	return done;
}

void shim_conn_grant_forget(struct shim_sock *sk)
{
	/* A racy look first: most sockets never hold one. */
	if (!__atomic_load_n(&sk->grant_live, __ATOMIC_RELAXED))
		return;
	wr_lock();
	sk->grant_live = false;
	wr_unlock();
}

void shim_conn_grant_take(struct shim_sock *sk, const struct unl_wire_grant *g)
{
	if (!g->count || g->max_len > UNL_WIRE_GRANT_LEN_MAX)
		return;
	wr_lock();
	sk->grant_dst = g->dst_portid;
	sk->grant_max = g->max_len;
	sk->grant_gen = g->gen;
	sk->grant_sent = 0;
	sk->grant_epoch = grant_epoch;
	__atomic_store_n(&sk->grant_live, true, __ATOMIC_RELAXED);
	wr_unlock();
}

void shim_conn_forget(uint64_t gen, uint32_t id)
{
	pthread_mutex_lock(&link_lock);
	/* Another object holds the id too (the same socket received twice,
	 * or inherited and received): the daemon keeps one link per
	 * connection, which that one still needs. */
	if (!shim_table_id_live(gen, id)) {
		wr_lock();
		if (conn.fd >= 0 && gen == conn.gen)
			post_locked(UNL_OP_CLOSE, id, 0, 0, 0);
		/* The socket may be a receiver one of our grants names: a
		 * CLOSE has no answer that would say so before our next
		 * send, which Linux refuses at once. */
		grant_epoch++;
		wr_unlock();
	}
	pthread_mutex_unlock(&link_lock);
}

int shim_conn_flush(struct shim_sock *sk, bool sync)
{
	unsigned int n, max;
	struct shim_call c;
	int err;

	max = atomic_load(&sk->maxlen);
	if (!sync && !atomic_load(&sk->pending) &&
	    max <= atomic_load(&sk->reported_max))
		return 0;
	n = atomic_exchange(&sk->pending, 0);
	shim_call_init(&c, UNL_OP_CONSUME, sk);
	c.req.a0 = (int32_t)n;
	c.req.a1 = (int32_t)max;
	c.req.a2 = sync;
	c.no_reply = !sync;
	/* Synchronous during a dump: the answer comes with its next part. */
	c.long_spin = sync;
	err = shim_conn_call(&c);
	if (err >= 0 || sync)
		atomic_store(&sk->reported_max, max);
	return err;
}

void shim_conn_after_fork(void)
{
	/* Only this thread exists: whatever another thread held is
	 * abandoned, and the connection is the parent's. */
	pthread_mutex_init(&conn.req, NULL);
	pthread_mutex_init(&conn.wr, NULL);
	pthread_mutex_init(&link_lock, NULL);
	if (conn.fd >= 0)
		shim_real.close(conn.fd);
	conn.fd = -1;
	conn.gen++;
	atomic_store(&shim_owed, 0);
	/* The child's one thread is its first. */
	atomic_store(&caps_tid, 0);
	/* The parent's page: never ours to write. */
	call_unmap();
	/* The parent's pool was not inherited (MADV_DONTFORK). */
	pthread_mutex_init(&pool.lk, NULL);
	pool.base = NULL;
	pool.gen = 0;
}

bool shim_conn_up(void)
{
	return conn.fd >= 0;
}
