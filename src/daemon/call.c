// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Call pages (src/wire/wire.h, "The call page"): the fast path of a
 * control connection.  A client that asked for one in HELLO writes a
 * request there instead of a record and spins on the answer; while the
 * daemon is busy it looks at the pages of the connections it watches
 * after every turn of the loop, so a request and its answer cost neither
 * side a system call.
 *
 * Watching.  A connection is watched from its first KICK or call until
 * its page has been idle for UD_CALL_IDLE_NS, or until the loop goes to
 * sleep.  Stopping is the daemon's half of a Dekker handshake: watched =
 * 0, a full fence, then one more look at req_seq; the client does the
 * mirror image (req_seq, fence, watched) and sends KICK when it reads 0.
 * One of the two always sees the other, so no request is left unseen.
 *
 * A call is run exactly as the same request in a record would be
 * (conn.c's handle_record), after every record the client counted before
 * it; its answer goes through the connection's reply queue, in order, and
 * is written to the page instead of the socket (ud_call_answer).
 *
 * Ownership: the page is mapped for the connection's lifetime and
 * unmapped by ud_call_release() when it closes; the memfd is handed to
 * the client with the HELLO reply and not kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/daemon-private.h"

#define CALL_LEN sizeof(struct unl_wire_call)
#define CALL_MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))

static void collect_start(struct ud_conn *c, uint32_t id);

/* The connections whose pages owe datagrams (d->owing), so that the
 * deadlines are found without a walk over every connection.  Without
 * room for one more, the answer goes to the data socket instead. */
static bool owing_room(struct ud_daemon *d)
{
	if (d->nowed == d->owing_cap) {
		size_t n = d->owing_cap ? d->owing_cap * 2 : 16;
		struct ud_conn **p = realloc(d->owing, n * sizeof(*p));

		if (!p)
			return false;
		d->owing = p;
		d->owing_cap = n;
	}
	return true;
}

static void owing_add(struct ud_daemon *d, struct ud_conn *c)
{
	c->owing_idx = d->nowed;
	d->owing[d->nowed++] = c;
}

static void owing_del(struct ud_daemon *d, struct ud_conn *c)
{
	struct ud_conn *last = d->owing[--d->nowed];

	d->owing[c->owing_idx] = last;
	last->owing_idx = c->owing_idx;
}

int ud_call_setup(struct ud_conn *c, int *memfd_out)
{
	struct unl_wire_call *p;
	int fd;

	if (c->call) /* one page per connection: HELLO twice gets none */
		return -EEXIST;
	fd = memfd_create("unetlink-call", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	/* Sealed, so that the client cannot shrink it under us (SIGBUS). */
	if (ftruncate(fd, (off_t)CALL_LEN) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) <
		    0) {
		int err = -errno;

		close(fd);
		return err;
	}
	p = mmap(NULL, CALL_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		close(fd);
		return err;
	}
	p->magic = UNL_WIRE_MAGIC;
	p->cap = UNL_WIRE_MAX_RECORD;
	c->call = p;
	/* The client counts the records it sends once it has the page,
	 * that is from the one after this HELLO on. */
	c->records_read = 0;
	*memfd_out = fd;
	return 0;
}

static void unwatch_at(struct ud_daemon *d, size_t i)
{
	struct ud_conn *c = d->watched[i];

	c->watched = false;
	d->watched[i] = d->watched[--d->nwatched];
}

void ud_call_release(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	/* While the page is there to say whether the client took them. */
	if (d->collect == c)
		ud_call_spill(d);
	ud_call_pay(c);
	free(c->owed_buf);
	c->owed_buf = NULL;

	for (size_t i = 0; c->watched && i < d->nwatched; i++) {
		if (d->watched[i] == c) {
			unwatch_at(d, i);
			break;
		}
	}
	if (c->call)
		munmap(c->call, CALL_LEN);
	c->call = NULL;
}

void ud_call_watch(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	if (!c->call || c->closed)
		return;
	c->call_used_ns = ud_now_ns();
	if (c->watched)
		return;
	if (d->nwatched == d->watched_cap) {
		size_t n = d->watched_cap ? d->watched_cap * 2 : 16;
		struct ud_conn **v = realloc(d->watched, n * sizeof(*v));

		if (!v) {
			/* An unwatched page would never be served. */
			ud_conn_close(c, "out of memory for watching");
			return;
		}
		d->watched = v;
		d->watched_cap = n;
	}
	d->watched[d->nwatched++] = c;
	c->watched = true;
	/* A request written before the client saw this flag is found by
	 * the loop's next ud_calls_poll(). */
	__atomic_store_n(&c->call->watched, 1, __ATOMIC_RELAXED);
}

bool ud_call_pending(const struct ud_conn *c)
{
	return c->call &&
	       __atomic_load_n(&c->call->req_seq, __ATOMIC_ACQUIRE) !=
		       c->call_done;
}

/* A request is there and nothing earlier holds it back: a record's
 * SENDMSG still being reassembled, or answers not yet written because
 * the client does not read them (ud_conn_kick watches the page again
 * when those are done). */
static bool runnable(const struct ud_conn *c)
{
	return ud_call_pending(c) && !c->asm_ && !c->out_head;
}

bool ud_call_run(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;
	struct unl_wire_call *p = c->call;
	struct unl_wire_req req;
	uint32_t seq, records;
	bool inl;

	if (!p || c->closed || c->in_call)
		return false;
	seq = __atomic_load_n(&p->req_seq, __ATOMIC_ACQUIRE);
	if (seq == c->call_done)
		return false;
	/* Records the client sent before this call come first. */
	records = __atomic_load_n(&p->records, __ATOMIC_ACQUIRE);
	if ((int32_t)(records - c->records_read) > 0) {
		ud_conn_read_records(c);
		if (c->closed)
			return false;
		if ((int32_t)(records - c->records_read) > 0) {
			char b;

			/* Counted means sent: with none left to read, the
			 * count is a lie, and the page would be polled
			 * forever. */
			if (recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0 &&
			    errno == EAGAIN)
				ud_conn_close(c, "the call page counts records "
						 "that were never sent");
			return false; /* or read them on the next turn */
		}
	}
	if (c->asm_ || c->out_head)
		return false;
	memcpy(&req, &p->req, sizeof(req));
	inl = req.op == (UNL_OP_SENDMSG | UNL_OP_F_INLINE);
	if (inl)
		req.op = UNL_OP_SENDMSG;
	if (req.len > CALL_MAX_PAYLOAD || !unl_wire_call_op_ok(&req)) {
		ud_conn_close(c, "bad request in the call page");
		return false;
	}
	/* Copied before it is looked at: the client may write the page at
	 * any time. */
	memcpy(d->rx_buf, &req, sizeof(req));
	memcpy(d->rx_buf + sizeof(req), p->data, req.len);
	c->call_done = seq;
	c->call_used_ns = ud_now_ns();
	/* An answer still owed came before anything this call makes. */
	ud_call_pay(c);
	if (inl)
		collect_start(c, req.sock);
	c->in_call = true;
	ud_conn_handle_record(c, d->rx_buf, sizeof(req) + req.len);
	c->in_call = false;
	if (c->closed)
		return true;
	if (c->asm_) {
		ud_conn_close(c, "a SENDMSG in the call page longer than its "
				 "payload");
		return true;
	}
	ud_conn_kick(c);
	/* Not answered yet (a parked send): the data socket, as usual. */
	if (d->collect == c)
		ud_call_spill(d);
	return true;
}

bool ud_call_answer(struct ud_conn *c, const struct ud_out *o)
{
	struct ud_daemon *d = c->d;
	struct unl_wire_call *p = c->call;
	struct unl_wire_rep rep;
	size_t n = o->len - sizeof(rep);

	if (!p)
		return false;
	memcpy(&rep, o->buf, sizeof(rep));
	/* Never the page's cap: the client may have written it. */
	if (n > UNL_WIRE_MAX_RECORD)
		n = UNL_WIRE_MAX_RECORD;
	/* nothing to give, or no room for it (in the page, or on the list
	 * of pages that owe) */
	if (d->collect == c && (n || !c->owed_len || !owing_room(d)))
		ud_call_spill(d);
	if (d->collect == c) {
		/* The datagrams go with the answer, owed until taken. */
		struct ud_served *s = d->collect_sock;

		d->collect = NULL;
		d->collect_sock = NULL;
		memcpy(p->rdata, c->owed_buf, c->owed_len);
		rep.len = (uint32_t)c->owed_len;
		c->owed_sock = s;
		c->owed_seq = o->call_seq;
		c->owed_deadline_ns = ud_now_ns() +
				      (d->cfg->owed_ns > 0 ? d->cfg->owed_ns
							   : UNL_WIRE_OWED_NS);
		s->owed_by = c;
		owing_add(d, c);
		__atomic_store_n(&p->owed,
				 UNL_OWED(UNL_OWED_KEY(o->call_seq), 0),
				 __ATOMIC_RELAXED);
	} else if (n) {
		memcpy(p->rdata, o->buf + sizeof(rep), n);
	}
	memcpy(&p->rep, &rep, sizeof(rep));
	__atomic_store_n(&p->rep_seq, o->call_seq, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&p->waiting, __ATOMIC_RELAXED)) {
		struct unl_wire_rep wake = { .ret = UNL_WIRE_REP_WAKE };

		/* The client sleeps in poll() on the connection.  A full
		 * socket means wake-ups are already waiting there. */
		if (send(c->fd, &wake, sizeof(wake),
			 MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			return false;
	}
	return true;
}

/* ---- inline answers (wire.h) ---- */

/* Collect what c's call makes for socket id into its answer, if nothing
 * stands in the way (a record held back, an answer owed). */
static void collect_start(struct ud_conn *c, uint32_t id)
{
	struct ud_daemon *d = c->d;
	struct ud_served *s = ud_served_get(c, id);

	/* Another connection naming the socket is another process that
	 * may read it: it must find answers on the data socket at once. */
	if (!s || s->closed || s->blocked || s->held || s->owed_by ||
	    s->ring_on ||
	    s->nconns != 1 || d->collect)
		return;
	if (!c->owed_buf) {
		c->owed_buf = malloc(UD_INLINE_MAX);
		if (!c->owed_buf)
			return;
	}
	c->owed_len = 0;
	d->collect = c;
	d->collect_sock = s;
}

/* Records: uint32_t length, the bytes, padding to 4. */
#define REC_LEN(n) (sizeof(uint32_t) + (((n) + 3u) & ~(size_t)3u))
/* The data socket must take all of them at once when they are paid: a
 * fraction of its buffer (skb overhead counts too) and few records. */
#define SKB_COST 768u
#define MAX_RECORDS 16u

bool ud_call_collect(struct ud_served *s, const unsigned char *buf,
		     size_t len, uint32_t flags)
{
	struct ud_daemon *d = s->d;
	struct ud_conn *c = d->collect;
	size_t cost = 0, nrec = 0;
	uint32_t n32 = (uint32_t)len;

	if (!c || d->collect_sock != s)
		return false;
	for (size_t off = 0; off < c->owed_len; nrec++) {
		uint32_t k;

		memcpy(&k, c->owed_buf + off, sizeof(k));
		cost += k + SKB_COST;
		off += REC_LEN(k);
	}
	cost += len + SKB_COST;
	if ((!c->owed_len && !(flags & UNL_DGRAM_HEAD)) ||
	    c->owed_len + REC_LEN(len) > UD_INLINE_MAX ||
	    nrec + 1 > MAX_RECORDS || s->data_sndbuf <= 0 ||
	    cost > (size_t)s->data_sndbuf / 2 ||
	    len + 32 > (size_t)s->data_sndbuf) {
		ud_call_spill(d);
		return false;
	}
	memcpy(c->owed_buf + c->owed_len, &n32, sizeof(n32));
	memcpy(c->owed_buf + c->owed_len + sizeof(n32), buf, len);
	memset(c->owed_buf + c->owed_len + sizeof(n32) + len, 0,
	       REC_LEN(len) - sizeof(n32) - len);
	c->owed_len += REC_LEN(len);
	return true;
}

/* Write the records of c->owed_buf from the first-th on to s, in
 * order. */
static void ship_records(struct ud_conn *c, struct ud_served *s,
			 unsigned int first)
{
	size_t off = 0;

	for (unsigned int i = 0; off < c->owed_len && !s->closed; i++) {
		uint32_t k;

		memcpy(&k, c->owed_buf + off, sizeof(k));
		if (i >= first &&
		    ud_served_send(s, c->owed_buf + off + sizeof(k), k) ==
			    -EPIPE)
			break;
		off += REC_LEN(k);
	}
	c->owed_len = 0;
}

void ud_call_spill(struct ud_daemon *d)
{
	struct ud_conn *c = d->collect;
	struct ud_served *s = d->collect_sock;

	if (!c)
		return;
	d->collect = NULL;
	d->collect_sock = NULL;
	ship_records(c, s, 0);
}

void ud_call_pay(struct ud_conn *c)
{
	struct ud_served *s = c->owed_sock;
	uint32_t key = UNL_OWED_KEY(c->owed_seq);
	uint64_t v;

	if (!c->call)
		return ud_call_forget(c);
	if (!s) {
		/* Nothing owed: a PAY must still find the word settled. */
		if (__atomic_load_n(&c->call->owed, __ATOMIC_RELAXED))
			__atomic_store_n(&c->call->owed, 0, __ATOMIC_RELEASE);
		return;
	}
	c->owed_sock = NULL;
	s->owed_by = NULL;
	owing_del(c->d, c);
	/* What the client has not swapped for yet is ours to write; it
	 * waits while the word says PAYING.  An exchange, not a loop: the
	 * client writes this word too. */
	v = __atomic_exchange_n(&c->call->owed, UNL_OWED_PAYING,
				__ATOMIC_ACQ_REL);
	if (v != UNL_OWED_PAYING && (uint32_t)v == key)
		ship_records(c, s, (unsigned int)(v >> 32));
	__atomic_store_n(&c->call->owed, 0, __ATOMIC_RELEASE);
	c->owed_len = 0;
}

void ud_call_forget(struct ud_conn *c)
{
	if (c->owed_sock) {
		c->owed_sock->owed_by = NULL;
		c->owed_sock = NULL;
		owing_del(c->d, c);
	}
	c->owed_len = 0;
	/* The client's copy must not be taken now: its socket is gone. */
	if (c->call)
		__atomic_store_n(&c->call->owed, 0, __ATOMIC_RELEASE);
}

int64_t ud_calls_owed_due(struct ud_daemon *d, int64_t now)
{
	int64_t next = INT64_MAX;

	/* Paying takes c off the list: the same index holds the next. */
	for (size_t i = 0; i < d->nowed;) {
		struct ud_conn *c = d->owing[i];

		if (c->owed_deadline_ns <= now) {
			ud_call_pay(c);
			continue;
		}
		if (c->owed_deadline_ns < next)
			next = c->owed_deadline_ns;
		i++;
	}
	return next;
}

/* Run what the pages hold; loads only when they hold nothing. */
static bool run_pending(struct ud_daemon *d)
{
	bool ran = false;

	for (size_t i = 0; i < d->nwatched; i++)
		if (runnable(d->watched[i]))
			ran |= ud_call_run(d->watched[i]);
	return ran;
}

bool ud_calls_poll(struct ud_daemon *d)
{
	int64_t start = ud_now_ns(), now = start, idle = start, prev;
	bool ran = false;
	unsigned int k = 0;

	/* A moment on the pages alone: a client's next call usually comes
	 * within a microsecond of its answer, and a turn through
	 * epoll_wait() would add that much to it.  UD_CALL_SPIN_NS after
	 * the last call at most, and UD_CALL_TURN_NS in all, so that one
	 * busy client cannot keep records, new connections, signals and
	 * timers waiting.  Not while the CPUs are all taken (spin.h): the
	 * clients then sleep until the answer's WAKE. */
	while (d->nwatched && unl_spin_allowed(&d->spin, now)) {
		if (run_pending(d)) {
			if (k)
				unl_spin_worked(&d->spin);
			ran = true;
			idle = now = ud_now_ns();
			/* A serving process has work now: it gets its
			 * request (ud_svc_flush()) and a CPU, not a wait
			 * while we poll. */
			if (now - start >= UD_CALL_TURN_NS || d->svc_handed)
				break;
			continue;
		}
		if ((++k & 15) == 0) {
			prev = now;
			now = ud_now_ns();
			if (unl_spin_gap(&d->nivcsw, prev, now)) {
				unl_spin_failed(&d->spin, now);
				break;
			}
			if (now - idle >= UD_CALL_SPIN_NS ||
			    now - start >= UD_CALL_TURN_NS)
				break;
		}
		unl_wire_relax();
	}
	for (size_t i = 0; i < d->nwatched;) {
		struct ud_conn *c = d->watched[i];

		if (runnable(c)) {
			ran |= ud_call_run(c);
			i++;
			continue;
		}
		if (now - c->call_used_ns < UD_CALL_IDLE_NS) {
			i++;
			continue;
		}
		/* Idle: stop watching, then look once more. */
		__atomic_store_n(&c->call->watched, 0, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (runnable(c)) {
			__atomic_store_n(&c->call->watched, 1,
					 __ATOMIC_RELAXED);
			ran |= ud_call_run(c);
			i++;
			continue;
		}
		unwatch_at(d, i);
	}
	return ran;
}

bool ud_calls_unwatch_all(struct ud_daemon *d)
{
	bool busy = false;

	for (size_t i = 0; i < d->nwatched; i++)
		__atomic_store_n(&d->watched[i]->call->watched, 0,
				 __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (size_t i = 0; i < d->nwatched;) {
		struct ud_conn *c = d->watched[i];

		if (runnable(c)) {
			/* Keep it: it is served before we sleep. */
			__atomic_store_n(&c->call->watched, 1,
					 __ATOMIC_RELAXED);
			busy = true;
			i++;
			continue;
		}
		unwatch_at(d, i);
	}
	return busy;
}
