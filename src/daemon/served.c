// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Served sockets: one core socket, the daemon's end of its data socket and
 * its status slots (pool.c).
 *
 * Shipping.  The core's readiness callback only marks the socket; the loop
 * then ships (ud_served_flush) every datagram not yet shipped into the data
 * socket, one record each:
 *
 *   +----------------------+---------------------+
 *   | struct unl_wire_dgram | the netlink message |   one SEQPACKET record
 *   +----------------------+---------------------+
 *
 * The core keeps each datagram charged to the socket's rcvbuf until the
 * client's CONSUME, so the data socket never holds more than the core's
 * rcvbuf worth: its SO_SNDBUF is kept at twice that.  If it is full anyway
 * we keep the one refused record and wait for EPOLLOUT; the loop never
 * blocks.
 *
 * Lifetime.  The socket lives as long as some client holds the client end
 * of its data socket: when the last copy closes, our end reports
 * EPOLLHUP/EPOLLRDHUP and we unl_close() the core socket (which also ends
 * a running dump).
 *
 * Blocking sends.  The core is always called with MSG_DONTWAIT.  A client
 * that asked to block and got EAGAIN is parked: retried after every
 * CONSUME, every close, every SO_RCVBUF change and every UD_RETRY_MS, and
 * answered EAGAIN when its SO_SNDTIMEO runs out, as Linux answers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "daemon/daemon-private.h"

static void on_ready(struct unl_sock *sk, void *user)
{
	ud_served_mark(user);
}

void ud_served_mark(struct ud_served *s)
{
	struct ud_daemon *d = s->d;

	if (s->on_ready || s->closed)
		return;
	if (d->nready == d->ready_cap) {
		size_t n = d->ready_cap ? d->ready_cap * 2 : 64;
		uint32_t *p = realloc(d->ready, n * sizeof(*p));

		if (!p) {
			/* Shipped at the next mark or CONSUME instead. */
			ud_log(d, 0, "out of memory for the ready list");
			return;
		}
		d->ready = p;
		d->ready_cap = n;
	}
	d->ready[d->nready++] = s->id;
	s->on_ready = true;
}

/* The socket this connection calls `id`, or NULL. */
struct ud_served *ud_served_get(struct ud_conn *c, uint32_t id)
{
	struct ud_served *s = ud_map_get(&c->d->by_id, id);

	if (!s || s->closed)
		return NULL;
	for (size_t i = 0; i < s->nconns; i++)
		if (s->conns[i] == c)
			return s;
	return NULL;
}

void ud_served_use_cred(struct ud_served *s, const struct unl_cred *cred)
{
	if (memcmp(&s->cred, cred, sizeof(*cred))) {
		s->cred = *cred;
		unl_sock_set_cred(s->sk, cred);
	}
}

void ud_served_use_cred_of(struct ud_served *s, const struct ud_conn *c)
{
	struct unl_cred cred;

	ud_cred_in_net(c, s->net, &cred);
	ud_served_use_cred(s, &cred);
}

/* Make our end's SO_SNDBUF at least 2 * want (Linux doubles it). */
static void set_data_sndbuf(struct ud_served *s, int want)
{
	if (want <= s->data_sndbuf)
		return;
	if (!(s->d->can_force &&
	      setsockopt(s->fd, SOL_SOCKET, SO_SNDBUFFORCE, &want,
			 sizeof(want)) == 0))
		setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	s->data_sndbuf = want;
}

/* On d->queued while datagrams are charged to s (st has
 * UNL_RECV_QUEUED). */
static void set_queued(struct ud_served *s, bool queued)
{
	struct ud_daemon *d = s->d;

	if (queued == s->queued)
		return;
	s->queued = queued;
	if (queued) {
		s->q_prev = NULL;
		s->q_next = d->queued;
		if (d->queued)
			d->queued->q_prev = s;
		d->queued = s;
		return;
	}
	if (s->q_prev)
		s->q_prev->q_next = s->q_next;
	else
		d->queued = s->q_next;
	if (s->q_next)
		s->q_next->q_prev = s->q_prev;
	s->q_prev = s->q_next = NULL;
}

/* Show the socket's receive flags in its status slots.  Bits of keep
 * that are shown now stay shown (service() keeps DUMP_RUNNING up until
 * the dump's last part is on the data socket: a reader that sees it gone
 * concludes that nothing more is coming). */
static void refresh_flags_keep(struct ud_served *s, uint32_t keep)
{
	unsigned int st = unl_sock_recv_state(s->sk);
	uint32_t f = s->flags_shown & keep;

	set_queued(s, st & UNL_RECV_QUEUED);
	if (st & UNL_RECV_PKTINFO)
		f |= UNL_SHM_RECV_PKTINFO;
	if (st & UNL_RECV_PASSCRED)
		f |= UNL_SHM_PASSCRED;
	if (st & UNL_RECV_LISTEN_ALL_NSID)
		f |= UNL_SHM_LISTEN_ALL_NSID;
	if (st & UNL_RECV_DUMP)
		f |= UNL_SHM_DUMP_RUNNING | UNL_SHM_REPORT_NOW;
	/* Under pressure, or while a sender waits for room somewhere, every
	 * recvmsg must be reported at once: the room it makes matters. */
	if ((st & UNL_RECV_PRESSURE) || s->d->nparked)
		f |= UNL_SHM_REPORT_NOW;
	if (s->grant_live)
		f |= UNL_SHM_GRANT;
	if (f != s->flags_shown) {
		s->flags_shown = f;
		ud_pool_show(s);
	}
}

static void refresh_flags(struct ud_served *s)
{
	refresh_flags_keep(s, 0);
}

void ud_served_show(struct ud_served *s)
{
	if (!s->closed)
		refresh_flags(s);
}

/* A sender was parked, or the last one left: the sockets that hold
 * datagrams show it (only their recvmsg() can make room; one without
 * any gets the flags when its next datagram is shipped), not every
 * socket of the daemon (10,000 idle ones, a flood parking at every
 * full queue). */
void ud_served_refresh_all(struct ud_daemon *d)
{
	for (struct ud_served *s = d->queued, *next; s; s = next) {
		next = s->q_next;
		refresh_flags(s);
	}
}

int ud_served_create(struct ud_daemon *d, struct ud_conn *c,
		     struct ud_net *net, int type, int protocol,
		     struct ud_served **sp, int *client_fd, uint32_t *slot_out)
{
	struct ud_served *s;
	struct unl_sock *sk;
	socklen_t l;
	int sv[2], err, rcvbuf = 0;
	uint32_t slot;

	struct unl_cred cred;

	/* O_NONBLOCK and FD_CLOEXEC belong to the client's descriptor. */
	ud_cred_in_net(c, net, &cred);
	err = unl_socket(net->net, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC),
			 protocol, &cred, &sk);
	if (err)
		return err;
	s = calloc(1, sizeof(*s));
	if (!s) {
		unl_close(sk);
		return -ENOMEM;
	}
	s->h.kind = UD_DATA;
	s->d = d;
	s->sk = sk;
	s->fd = -1;
	s->cred = c->cred;
	s->owner_pid = c->cred.pid;
	s->sndtimeo_ns = -1;
	sv[0] = sv[1] = -1;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		goto fail_errno;
	s->fd = sv[0];
	if (fcntl(s->fd, F_SETFL, O_NONBLOCK) < 0)
		goto fail_errno;
	l = sizeof(s->cookie);
	if (getsockopt(sv[1], SOL_SOCKET, SO_COOKIE, &s->cookie, &l) < 0)
		goto fail_errno;

	do {
		s->id = ++d->next_id;
	} while (!s->id || ud_map_get(&d->by_id, s->id));
	err = ud_pool_slot(c, s, &slot);
	if (err)
		goto fail;

	l = sizeof(rcvbuf);
	if (unl_getsockopt(sk, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &l) == 0)
		set_data_sndbuf(s, rcvbuf);

	err = ud_map_put(&d->by_id, s->id, s);
	if (!err) {
		err = ud_map_put(&d->by_cookie, s->cookie, s);
		if (err)
			ud_map_del(&d->by_id, s->id);
	}
	if (err)
		goto fail;
	err = ud_conn_link(c, s);
	if (!err)
		err = ud_epoll_set(d, s->fd, &s->h, EPOLLRDHUP, true);
	if (err) {
		ud_conn_unlink(c, s);
		ud_map_del(&d->by_id, s->id);
		ud_map_del(&d->by_cookie, s->cookie);
		goto fail;
	}
	s->next = d->served;
	if (d->served)
		d->served->prev = s;
	d->served = s;
	d->nserved++;
	s->net = net;
	ud_net_hold(net);
	net->nsocks++;
	unl_sock_set_ready_cb(sk, on_ready, s);
	refresh_flags(s);
	*sp = s;
	*client_fd = sv[1];
	*slot_out = slot;
	return 0;

fail_errno:
	err = -errno;
	if (err == -EMFILE || err == -ENFILE)
		ud_out_of_descriptors(d, "a netlink socket");
fail:
	ud_pool_release(s);
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	free(s->conns);
	free(s);
	unl_close(sk);
	return err;
}

/* What epoll watches on our end: ev, and the client's bare requests
 * (UNL_OP_DATA_SENDS). */
static uint32_t data_events(const struct ud_served *s, uint32_t ev)
{
	return s->data_sends ? ev | EPOLLIN : ev;
}

/* 0 when sent (or dropped for good), -EAGAIN when held for EPOLLOUT,
 * -EPIPE when the client's end is closed. */
static int data_send(struct ud_served *s, const unsigned char *buf,
		     size_t len)
{
	struct ud_daemon *d = s->d;
	bool grown = false;

	/* What a call page holds for s goes first: it came earlier.  If
	 * that filled the socket, this one queues behind it. */
	if (s->owed_by)
		ud_call_pay(s->owed_by);
	if (d->collect_sock == s)
		ud_call_spill(d);
	if (s->blocked && !(s->held && buf == s->held->buf))
		return ud_served_send(s, buf, len);
	for (;;) {
		if (send(s->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			if (!s->held || buf != s->held->buf) {
				struct ud_held *h = malloc(sizeof(*h) + len);

				if (!h) {
					ud_log(d, 0, "out of memory: a datagram "
						     "for socket %u is lost",
					       s->id);
					return -EAGAIN;
				}
				h->next = NULL;
				h->len = len;
				memcpy(h->buf, buf, len);
				if (s->held_tail)
					s->held_tail->next = h;
				else
					s->held = h;
				s->held_tail = h;
			}
			s->blocked = true;
			ud_epoll_set(d, s->fd, &s->h,
				     data_events(s, EPOLLRDHUP | EPOLLOUT),
				     false);
			return -EAGAIN;
		}
		if (errno == EMSGSIZE && !grown) {
			/* A message larger than half the core's rcvbuf:
			 * Linux wants sndbuf - 32 >= len. */
			grown = true;
			set_data_sndbuf(s, (int)len + 4096);
			continue;
		}
		if (errno == EMSGSIZE) {
			ud_log(d, 0, "a %zu-byte datagram does not fit the data "
				     "socket of socket %u: lost", len, s->id);
			return 0;
		}
		/* The client's end is closed (EPIPE): the hang-up that
		 * epoll reports next closes the socket, once the records
		 * its connection still holds are read (ud_served_event()):
		 * datagrams it sent on a grant were answered.  Not here,
		 * where a connection's records may be half run. */
		return -EPIPE;
	}
}

int ud_served_send(struct ud_served *s, const unsigned char *buf, size_t len)
{
	if (s->closed)
		return -EPIPE;
	if (s->blocked) {
		/* Behind the held ones, in order. */
		struct ud_held *h = malloc(sizeof(*h) + len);

		if (!h)
			return -ENOMEM;
		h->next = NULL;
		h->len = len;
		memcpy(h->buf, buf, len);
		s->held_tail->next = h;
		s->held_tail = h;
		return -EAGAIN;
	}
	return data_send(s, buf, len);
}

/*
 * Datagrams for one data socket written with one sendmmsg(): a flood's
 * reader then wakes once per batch, and the daemon makes one system
 * call.  Only while nothing else decides their order (nothing held, no
 * inline answer owed or being collected, no ring).
 */
struct ship_batch {
	unsigned int n;
	size_t len[UD_SHIP_BATCH];
};

static bool batchable(const struct ud_served *s, size_t len)
{
	return len <= UD_SHIP_SLOT && !s->blocked && !s->held &&
	       !s->owed_by && s->d->collect_sock != s && !s->ring_on;
}

static unsigned char *batch_slot(struct ud_daemon *d, unsigned int i)
{
	return d->ship_batch + (size_t)i * UD_SHIP_SLOT;
}

/* Write what b holds: 0, or nonzero when the socket took only part
 * (the rest is held, in order) or went. */
static int batch_send(struct ud_served *s, struct ship_batch *b)
{
	struct ud_daemon *d = s->d;
	struct mmsghdr mm[UD_SHIP_BATCH];
	struct iovec iov[UD_SHIP_BATCH];
	unsigned int n = b->n, i;
	int sent;

	if (!n)
		return 0;
	b->n = 0;
	for (i = 0; i < n; i++) {
		iov[i].iov_base = batch_slot(d, i);
		iov[i].iov_len = b->len[i];
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	sent = sendmmsg(s->fd, mm, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (sent < 0)
		sent = 0;
	/* The rest one by one, as data_send() handles each (held when the
	 * socket is full, the socket closed when its client went). */
	for (i = (unsigned int)sent; i < n; i++)
		if (ud_served_send(s, batch_slot(d, i), b->len[i]) == -EPIPE)
			return -EPIPE;
	return s->blocked || s->closed;
}

/* Everything the core has for s: its error, its flags, its datagrams. */
static void service(struct ud_served *s)
{
	struct ship_batch b = { 0 };
	const size_t hdr = sizeof(struct unl_wire_dgram);
	struct ud_daemon *d = s->d;
	int err;

	if (s->closed)
		return;
	err = unl_sock_take_error(s->sk);
	if (err) {
		s->err = err;
		ud_pool_show(s);
	}
	/* Flags before datagrams: a client that reads a datagram then sees
	 * flags at least as new as it.  But a dump that just ended stays
	 * shown as running until its last part is shipped (below): a reader
	 * that finds the data socket empty meanwhile must ask for the rest
	 * (a synchronous CONSUME), not conclude that there is none, as a
	 * non-blocking Linux reader never has to. */
	refresh_flags_keep(s, UNL_SHM_DUMP_RUNNING | UNL_SHM_REPORT_NOW);
	/* What the client took off its ring is read; what waited for room
	 * goes first. */
	if (!ud_ring_sync(s)) {
		ud_log(d, 1, "socket %u: its ring's cons makes no sense; the "
			     "ring stops", s->id);
		ud_ring_stop(s);
	}
	if (s->closed)
		return;
	if (s->ring_on && !ud_ring_flush_held(s))
		goto shipped; /* the core keeps the rest meanwhile */
	if (s->blocked)
		return;
	while (s->held) {
		struct ud_held *h = s->held;

		if (data_send(s, h->buf, h->len))
			return;
		s->held = h->next;
		if (!s->held)
			s->held_tail = NULL;
		free(h);
	}
	for (;;) {
		struct unl_wire_dgram dg;
		struct unl_dgram_info info;
		ssize_t n;

		n = unl_sock_ship(s->sk, d->ship_buf + hdr, d->ship_cap - hdr,
				  &info);
		if (n == -EMSGSIZE && d->ship_cap < (1u << 30)) {
			unsigned char *p = realloc(d->ship_buf, d->ship_cap * 2);

			if (!p) {
				ud_log(d, 0, "out of memory for shipping");
				batch_send(s, &b);
				return;
			}
			d->ship_buf = p;
			d->ship_cap *= 2;
			continue;
		}
		if (n < 0)
			break;
		memset(&dg, 0, sizeof(dg));
		dg.kind = UNL_DGRAM_DATA;
		dg.hdrlen = hdr;
		dg.portid = info.portid;
		dg.dst_group = info.dst_group;
		dg.pid = info.creds.pid;
		dg.uid = info.creds.uid;
		dg.gid = info.creds.gid;
		if (info.flags & UNL_DGRAM_NSID) {
			dg.flags = UNL_DGRAM_F_NSID;
			dg.nsid = info.nsid;
		}
		memcpy(d->ship_buf, &dg, hdr);
		if (s->ring_on && hdr + (size_t)n > UNL_WIRE_RING_BYTES / 2)
			/* It could never fit: the data socket from now on. */
			ud_ring_stop(s);
		if (s->closed)
			return;
		if (s->ring_on) {
			if (!ud_ring_put(s, d->ship_buf, hdr + (size_t)n) &&
			    !ud_ring_hold(s, d->ship_buf, hdr + (size_t)n))
				ud_log(d, 0, "out of memory: a datagram for "
					     "socket %u is lost", s->id);
			continue;
		}
		if (ud_call_collect(s, d->ship_buf, hdr + (size_t)n,
				    info.flags))
			continue;
		if (d->ship_batch && batchable(s, hdr + (size_t)n)) {
			memcpy(batch_slot(d, b.n), d->ship_buf, hdr + (size_t)n);
			b.len[b.n++] = hdr + (size_t)n;
			if (b.n == UD_SHIP_BATCH && batch_send(s, &b))
				return;
			continue;
		}
		if (batch_send(s, &b))
			return;
		if (data_send(s, d->ship_buf, hdr + (size_t)n))
			return;
	}
	if (batch_send(s, &b))
		return;
shipped:
	ud_ring_wake(s);
	/* Everything is shipped: now the flags may drop (a dump's end). */
	refresh_flags(s);
	if (err) {
		/* A poll()ing client must wake to see the error. */
		struct unl_wire_dgram dg = {
			.kind = UNL_DGRAM_WAKE,
			.hdrlen = hdr,
		};

		data_send(s, (const unsigned char *)&dg, hdr);
	}
}

/* Ship every socket the core marked ready. */
void ud_served_flush(struct ud_daemon *d)
{
	/* service() may mark more (closing a socket delivers release
	 * notifications): the count is read again each time. */
	for (size_t i = 0; i < d->nready; i++) {
		struct ud_served *s = ud_map_get(&d->by_id, d->ready[i]);

		if (!s)
			continue;
		s->on_ready = false;
		service(s);
	}
	d->nready = 0;
}

/*
 * The bare requests the client wrote on its end (UNL_OP_DATA_SENDS):
 * each peeked, sent as a sendmsg() without address or control by the
 * connection's process, what it made written out, and only then taken
 * off, so that SIOCOUTQ of the client end turns 0 once the answers are
 * readable there.  A send's own error is lost: nobody waits for it.
 */
static void read_sends(struct ud_served *s)
{
	static unsigned char buf[UNL_WIRE_MAX_RECORD];
	struct ud_daemon *d = s->d;

	for (int i = 0; i < UD_RECORDS_PER_EVENT && s->data_sends &&
			!s->closed;
	     i++) {
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(sizeof(struct ucred))];
		} cm;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr in = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = cm.b,
				     .msg_controllen = sizeof(cm.b) };
		struct cmsghdr *h;
		struct ucred who = { .pid = 0 };
		ssize_t n = recvmsg(s->fd, &in, MSG_PEEK | MSG_DONTWAIT);

		if (n < 0)
			break;
		for (h = CMSG_FIRSTHDR(&in); h; h = CMSG_NXTHDR(&in, h))
			if (h->cmsg_level == SOL_SOCKET &&
			    h->cmsg_type == SCM_CREDENTIALS)
				memcpy(&who, CMSG_DATA(h), sizeof(who));
		/* Only the process that connected sends this way: any other
		 * holder of the socket (passed, forked) would act with the
		 * connection's rights, not its own. */
		if (who.pid == s->data_sends->peer.origin_pid) {
			struct msghdr msg = { .msg_iov = &iov,
					      .msg_iovlen = 1 };

			iov.iov_len = (size_t)n;
			ud_served_use_cred_of(s, s->data_sends);
			unl_sendmsg(s->sk, &msg, MSG_DONTWAIT);
			ud_served_mark(s);
			ud_served_flush(d);
		}
		if (s->closed)
			break;
		recv(s->fd, buf, 1, MSG_DONTWAIT | MSG_TRUNC);
	}
}

void ud_served_event(struct ud_served *s, uint32_t events)
{
	if (s->closed)
		return;
	if (events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
		ud_log(s->d, 2, "socket %u: client end closed", s->id);
		/* Datagrams it sent on a grant come first. */
		ud_grant_drain(s);
		if (s->closed)
			return;
		ud_served_close(s);
		return;
	}
	if ((events & EPOLLOUT) && s->blocked) {
		s->blocked = false;
		ud_epoll_set(s->d, s->fd, &s->h, data_events(s, EPOLLRDHUP),
			     false);
		ud_served_mark(s);
	}
	if ((events & EPOLLIN) && s->data_sends)
		read_sends(s);
}

int ud_served_data_sends(struct ud_served *s, struct ud_conn *c, bool on)
{
	/* the writer's pid with each request (read_sends()) */
	if (on && setsockopt(s->fd, SOL_SOCKET, SO_PASSCRED, &(int){ 1 },
			     sizeof(int)) < 0)
		return -errno;
	s->data_sends = on ? c : NULL;
	return ud_epoll_set(s->d, s->fd, &s->h,
			    data_events(s, s->blocked ? EPOLLRDHUP | EPOLLOUT
						      : EPOLLRDHUP),
			    false);
}

void ud_served_after_setsockopt(struct ud_served *s, int level, int optname,
				const void *val, size_t len)
{
	if (level != SOL_SOCKET)
		return;
	if (optname == SO_RCVBUF || optname == SO_RCVBUFFORCE) {
		int rcvbuf = 0;
		socklen_t l = sizeof(rcvbuf);

		if (unl_getsockopt(s->sk, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				   &l) == 0)
			set_data_sndbuf(s, rcvbuf);
		/* A larger receiver may take a parked sender's message. */
		s->d->next_retry_ns = 0;
	} else if (optname == SO_SNDTIMEO_OLD && len >= sizeof(struct timeval)) {
		/* What sock_set_timeout() keeps: negative is "don't wait",
		 * zero is "forever". */
		struct timeval tv;

		memcpy(&tv, val, sizeof(tv));
		if (tv.tv_sec < 0)
			s->sndtimeo_ns = 0;
		else if (!tv.tv_sec && !tv.tv_usec)
			s->sndtimeo_ns = -1;
		else if (tv.tv_sec > INT64_MAX / 1000000000 - 1)
			s->sndtimeo_ns = -1;
		else
			s->sndtimeo_ns = (int64_t)tv.tv_sec * 1000000000 +
					 (int64_t)tv.tv_usec * 1000;
	}
}

void ud_served_close(struct ud_served *s)
{
	struct ud_daemon *d = s->d;

	if (s->closed)
		return;
	/* Senders with a grant to it learn it is gone; its own grant ends
	 * with the core socket. */
	ud_grant_revoke_to(s);
	ud_grant_end(s);
	s->closed = true;
	set_queued(s, false);
	/* Owed datagrams and collected ones die with the socket. */
	if (s->owed_by)
		ud_call_forget(s->owed_by);
	if (d->collect_sock == s) {
		d->collect->owed_len = 0;
		d->collect = NULL;
		d->collect_sock = NULL;
	}
	/* Answers of served families for it are dropped from now on. */
	ud_svc_served_closed(s);
	/* Ends a running dump, leaves groups, unhashes; the core calls no
	 * callback on a dead socket. */
	unl_close(s->sk);
	s->sk = NULL;
	s->net->nsocks--;
	ud_net_put(d, s->net);
	s->net = NULL;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	s->fd = -1;
	ud_pool_release(s);
	ud_ring_free(s);
	while (s->held) {
		struct ud_held *h = s->held;

		s->held = h->next;
		free(h);
	}
	s->held_tail = NULL;
	ud_map_del(&d->by_id, s->id);
	ud_map_del(&d->by_cookie, s->cookie);
	while (s->nconns)
		ud_conn_unlink(s->conns[0], s);
	if (s->prev)
		s->prev->next = s->next;
	else
		d->served = s->next;
	if (s->next)
		s->next->prev = s->prev;
	d->nserved--;
	if (!d->nconns && !d->nserved)
		d->idle_since_ns = ud_now_ns();
	/* A sender parked on this socket now gets ECONNREFUSED. */
	d->next_retry_ns = 0;
	s->grave = d->grave_served;
	d->grave_served = s;
}

void ud_served_free(struct ud_served *s)
{
	free(s->conns);
	free(s);
}

/* ---- sending ---- */

void ud_send_free(struct ud_send *snd)
{
	if (!snd)
		return;
	if (snd->buf != snd->small)
		free(snd->buf);
	free(snd);
}

static ssize_t send_try(struct ud_send *snd, struct ud_served **sp)
{
	struct ud_served *s = ud_served_get(snd->conn, snd->sock_id);
	size_t head = (size_t)snd->namelen + snd->pad;
	struct iovec iov = {
		.iov_base = snd->discard ? NULL
					 : snd->buf + head + snd->controllen,
		.iov_len = snd->datalen,
	};
	struct msghdr msg = {
		.msg_name = snd->namelen ? snd->buf : NULL,
		.msg_namelen = snd->namelen,
		.msg_control = snd->controllen ? snd->buf + head : NULL,
		.msg_controllen = snd->controllen,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t ret;

	*sp = s;
	if (!s)
		return -EBADF;
	/* Every SEND_ASYNC of its grant came before (wire.h); another
	 * process's send leaves the holder's grant alone. */
	if (s->grant_conn == snd->conn)
		ud_grant_end(s);
	ud_grant_contend(s, snd);
	ud_served_use_cred_of(s, snd->conn);
	/* A request relayed to a served family notes who waits for it. */
	s->d->send_conn = snd->conn;
	s->d->send_sock = s;
	/* A parked send was tried before: its group copy went out then. */
	ret = snd->tried ? unl_sock_send_again(s->sk, &msg,
					       snd->flags | MSG_DONTWAIT)
			 : unl_sendmsg(s->sk, &msg, snd->flags | MSG_DONTWAIT);
	snd->tried = true;
	s->d->send_conn = NULL;
	s->d->send_sock = NULL;
	ud_served_mark(s);
	return ret;
}

static void park(struct ud_daemon *d, struct ud_send *snd)
{
	snd->next = NULL;
	if (d->parked_tail)
		d->parked_tail->next = snd;
	else
		d->parked_head = snd;
	d->parked_tail = snd;
	if (d->nparked++ == 0) {
		/* Receivers must now report every recvmsg. */
		ud_served_refresh_all(d);
		d->next_retry_ns = ud_now_ns() + UD_RETRY_MS * 1000000LL;
	}
}

void ud_send_run(struct ud_daemon *d, struct ud_send *snd)
{
	struct ud_conn *c = snd->conn;
	struct ud_served *s;
	ssize_t ret = send_try(snd, &s);
	struct ud_hold *hold = ud_svc_hold_take(d);

	if (hold) {
		/* Relayed to a served family: the answer is written when the
		 * serving process has answered, as a kernel family's replies
		 * are queued before sendmsg() returns. */
		ud_svc_hold_arm(hold, c, ud_reply(c, (int32_t)ret, NULL, 0,
						  NULL, 0),
				(int32_t)ret);
		ud_send_free(snd);
		return;
	}
	if (ret == -EAGAIN && s && !(snd->flags & MSG_DONTWAIT) &&
	    s->sndtimeo_ns != 0) {
		snd->reply = ud_reply(c, 0, NULL, 0, NULL, 0);
		if (!snd->reply) {
			ud_send_free(snd);
			return;
		}
		snd->reply->waiting = true;
		snd->deadline_ns = s->sndtimeo_ns > 0
					   ? ud_now_ns() + s->sndtimeo_ns
					   : -1;
		/* The buffered data is no longer needed by the reassembly;
		 * it stays for the retries. */
		park(d, snd);
		return;
	}
	if (ret > 0 && s && snd->want_grant) {
		struct unl_wire_grant g;

		if (ud_grant_give(s, snd, &g)) {
			ud_reply(c, (int32_t)ret, &g, sizeof(g), NULL, 0);
			ud_send_free(snd);
			return;
		}
	}
	ud_reply(c, (int32_t)ret, NULL, 0, NULL, 0);
	ud_send_free(snd);
}

/* Try every parked send again; answer those that went through, failed
 * otherwise, or ran out of time. */
void ud_parked_retry(struct ud_daemon *d)
{
	struct ud_send *list = d->parked_head, *snd, *next;
	size_t before = d->nparked;
	int64_t now = ud_now_ns();

	d->parked_head = d->parked_tail = NULL;
	d->nparked = 0;
	for (snd = list; snd; snd = next) {
		struct ud_served *s;
		struct ud_hold *hold;
		ssize_t ret;

		next = snd->next;
		if (snd->conn->closed) {
			ud_send_free(snd);
			continue;
		}
		ret = send_try(snd, &s);
		hold = ud_svc_hold_take(d);
		if (hold) {
			ud_svc_hold_arm(hold, snd->conn, snd->reply,
					(int32_t)ret);
			ud_send_free(snd);
			continue;
		}
		/* Linux, too, looks once more when the time is up. */
		if (ret == -EAGAIN &&
		    (snd->deadline_ns < 0 || now < snd->deadline_ns)) {
			snd->next = NULL;
			if (d->parked_tail)
				d->parked_tail->next = snd;
			else
				d->parked_head = snd;
			d->parked_tail = snd;
			d->nparked++;
			continue;
		}
		ud_reply_fill(snd->conn, snd->reply, (int32_t)ret);
		/* written with the loop's other output this turn: only the
		 * connections answered, not every one (10,000 clients) */
		ud_conn_dirty(snd->conn);
		ud_send_free(snd);
	}
	d->next_retry_ns = now + UD_RETRY_MS * 1000000LL;
	if (before && !d->nparked)
		ud_served_refresh_all(d);
}

void ud_parked_drop_conn(struct ud_daemon *d, struct ud_conn *c)
{
	struct ud_send **pp = &d->parked_head, *snd;
	size_t before = d->nparked;

	d->parked_tail = NULL;
	while ((snd = *pp)) {
		if (snd->conn == c) {
			*pp = snd->next;
			d->nparked--;
			ud_send_free(snd); /* its reply goes with c */
			continue;
		}
		d->parked_tail = snd;
		pp = &snd->next;
	}
	if (before && !d->nparked)
		ud_served_refresh_all(d);
}

/* ---- STATUS ---- */

struct snap {
	struct unl_wire_sockinfo *v;
	uint32_t *order; /* the net's place in d->nets, per entry */
	size_t n, cap;
	int err;
	uint64_t net_id; /* of the kernel sockets being added */
	uint32_t net_order;
};

struct keyed {
	struct unl_wire_sockinfo info;
	uint32_t net_order;
	uint32_t seq;
};

static void snap_add(struct snap *sn, const struct unl_sock_info *i,
		     int32_t owner, uint64_t net_id, uint32_t order)
{
	struct unl_wire_sockinfo w;

	if (sn->err)
		return;
	if (sn->n == sn->cap) {
		size_t ncap = sn->cap ? sn->cap * 2 : 64;
		struct unl_wire_sockinfo *p =
			realloc(sn->v, ncap * sizeof(*p));
		uint32_t *o;

		if (!p) {
			sn->err = -ENOMEM;
			return;
		}
		sn->v = p;
		o = realloc(sn->order, ncap * sizeof(*o));
		if (!o) {
			sn->err = -ENOMEM;
			return;
		}
		sn->order = o;
		sn->cap = ncap;
	}
	memset(&w, 0, sizeof(w));
	w.protocol = i->protocol;
	w.portid = i->portid;
	w.groups = i->groups;
	w.rmem = i->rmem;
	w.wmem = i->wmem;
	w.dump = i->dump_running;
	w.drops = i->drops;
	w.kernel = i->kernel;
	w.owner_pid = owner;
	w.net_id = net_id;
	sn->order[sn->n] = order;
	sn->v[sn->n++] = w;
}

static void add_kernel(const struct unl_sock_info *i, void *user)
{
	struct snap *sn = user;

	/* User sockets come from our own list, which knows their owner. */
	if (i->kernel)
		snap_add(sn, i, 0, sn->net_id, sn->net_order);
}

static int by_net_protocol(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->net_order != y->net_order)
		return x->net_order < y->net_order ? -1 : 1;
	if (x->info.protocol != y->info.protocol)
		return x->info.protocol < y->info.protocol ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Every socket, net by net (oldest first), and in each, kernel ones
 * first within each protocol, as /proc/net/netlink lists them.  *out
 * is the caller's to free. */
int ud_status_snapshot(struct ud_daemon *d, struct ud_pages *pg)
{
	struct snap sn = { 0 };
	struct ud_served *last;
	struct keyed *k;
	uint32_t order = 0;

	for (struct ud_net *net = d->nets; net; net = net->next) {
		/* served sockets find their net's place through it */
		net->order = order;
		sn.net_id = net->id;
		sn.net_order = order++;
		unl_net_foreach_sock(net->net, add_kernel, &sn);
	}
	/* d->served is newest first; list oldest first. */
	last = d->served;
	while (last && last->next)
		last = last->next;
	for (struct ud_served *s = last; s; s = s->prev) {
		struct unl_sock_info i;

		/* rmem as the reader left it */
		ud_ring_sync(s);

		unl_sock_info(s->sk, &i);
		snap_add(&sn, &i, s->owner_pid, s->net->id,
			 s->net->order);
	}
	if (sn.err) {
		free(sn.v);
		free(sn.order);
		return sn.err;
	}
	k = calloc(sn.n ? sn.n : 1, sizeof(*k));
	if (!k) {
		free(sn.v);
		free(sn.order);
		return -ENOMEM;
	}
	for (size_t i = 0; i < sn.n; i++) {
		k[i].info = sn.v[i];
		k[i].net_order = sn.order[i];
		k[i].seq = (uint32_t)i;
	}
	qsort(k, sn.n, sizeof(*k), by_net_protocol);
	for (size_t i = 0; i < sn.n; i++)
		sn.v[i] = k[i].info;
	free(k);
	free(sn.order);
	pg->items = sn.v;
	pg->n = sn.n;
	return 0;
}
