// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Control connections: one per client process.  Records come in (struct
 * unl_wire_req + payload, one per SOCK_SEQPACKET datagram), each op runs
 * against the core, and its reply is queued.  Replies are written in
 * request order, and only after ud_served_flush() has shipped every
 * datagram the core produced (ud_conn_kick does both), so a client that
 * gets its sendmsg() answer can already read the messages it caused.
 *
 * A client that does not read its replies gets backpressure, not memory:
 * past UD_MAX_OUT_ENTRIES / UD_MAX_OUT_BYTES queued replies we stop reading
 * its requests.  A record that is not a request (wrong size, unknown op,
 * CONT without SENDMSG, descriptors where none belong) closes that
 * connection and no other.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/filter.h>

#include <unetlink/profile.h>

#include "daemon/daemon-private.h"
#include "wire/bulk.h"
#include "wire/cmsg.h"

static void close_fds(const int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static bool over_limit(const struct ud_conn *c)
{
	return c->nout >= UD_MAX_OUT_ENTRIES || c->out_bytes >= UD_MAX_OUT_BYTES;
}

static void update_events(struct ud_conn *c)
{
	uint32_t ev = EPOLLRDHUP;

	if (c->closed)
		return;
	if (!over_limit(c))
		ev |= EPOLLIN;
	if (c->out_head && !c->out_head->waiting)
		ev |= EPOLLOUT;
	if (ev != c->events && ud_epoll_set(c->d, c->fd, &c->h, ev, false) == 0)
		c->events = ev;
}

static void out_free(struct ud_out *o)
{
	close_fds(o->fds, o->nfds);
	if (o->buf != o->small)
		free(o->buf);
	free(o);
}

/* An entry with room for n bytes; NULL when out of memory. */
static struct ud_out *out_new(size_t n)
{
	struct ud_out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->buf = n <= sizeof(o->small) ? o->small : malloc(n);
	if (!o->buf) {
		free(o);
		return NULL;
	}
	return o;
}

void ud_conn_accept(struct ud_daemon *d)
{
	for (int i = 0; i < 64; i++) {
		struct ud_conn *c;
		int fd, err;

		fd = accept4(d->listen_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN)
				return;
			/* Out of descriptors or memory: a level-triggered
			 * listener would spin, so look away for a while. */
			ud_log(d, 0, "accept: %s; not accepting for 100 ms",
			       strerror(errno));
			if (ud_epoll_set(d, d->listen_fd, &d->listen_h, 0,
					 false) == 0) {
				d->listen_paused = true;
				d->listen_resume_ns = ud_now_ns() + 100000000;
			}
			return;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			ud_log(d, 0, "accept: out of memory");
			return;
		}
		c->h.kind = UD_CONN;
		c->d = d;
		c->fd = fd;
		err = ud_peer_init(d, fd, &c->peer, &c->cred);
		/* Every request then carries the sender's ids as they are
		 * when it sends (ud_peer_update). */
		if (!err && setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &(int){ 1 },
				       sizeof(int)) < 0)
			err = -errno;
		if (!err)
			err = ud_epoll_set(d, fd, &c->h, EPOLLIN | EPOLLRDHUP,
					   true);
		if (err) {
			ud_log(d, 0, "new connection: %s", strerror(-err));
			ud_peer_fini(&c->peer);
			close(fd);
			free(c);
			continue;
		}
		c->events = EPOLLIN | EPOLLRDHUP;
		c->next = d->conns;
		if (d->conns)
			d->conns->prev = c;
		d->conns = c;
		d->nconns++;
		ud_log(d, 2, "connection from pid %d uid %u, capabilities %#llx",
		       c->cred.pid, c->cred.uid,
		       (unsigned long long)c->cred.caps);
	}
}

/* Let c name s by its id.  0 or -ENOMEM. */
int ud_conn_link(struct ud_conn *c, struct ud_served *s)
{
	for (size_t i = 0; i < s->nconns; i++)
		if (s->conns[i] == c)
			return 0;
	if (c->nsocks == c->socks_cap) {
		size_t n = c->socks_cap ? c->socks_cap * 2 : 4;
		struct ud_served **p = realloc(c->socks, n * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->socks = p;
		c->socks_cap = n;
	}
	if (s->nconns == s->conns_cap) {
		size_t n = s->conns_cap ? s->conns_cap * 2 : 2;
		struct ud_conn **p = realloc(s->conns, n * sizeof(*p));

		if (!p)
			return -ENOMEM;
		s->conns = p;
		s->conns_cap = n;
	}
	c->socks[c->nsocks++] = s;
	s->conns[s->nconns++] = c;
	ud_grant_linked(s, c);
	/* Another process now reads it too: what a call page keeps for it
	 * goes to the data socket, where that process looks. */
	if (s->owed_by && s->owed_by != c)
		ud_call_pay(s->owed_by);
	/* ... and what its ring holds: a ring is the one process's that
	 * asked for it (its connection was linked first), and this is
	 * another (a fork child, an exec, SCM_RIGHTS). */
	ud_ring_stop(s);
	return 0;
}

void ud_conn_unlink(struct ud_conn *c, struct ud_served *s)
{
	ud_grant_unlinked(s, c);
	/* What c's process may read of s goes with the right to name it. */
	ud_pool_forget(c, s);
	for (size_t i = 0; i < c->nsocks; i++) {
		if (c->socks[i] == s) {
			c->socks[i] = c->socks[--c->nsocks];
			break;
		}
	}
	for (size_t i = 0; i < s->nconns; i++) {
		if (s->conns[i] == c) {
			s->conns[i] = s->conns[--s->nconns];
			break;
		}
	}
	if (s->data_sends == c && !s->closed)
		ud_served_data_sends(s, c, false);
	else if (s->data_sends == c)
		s->data_sends = NULL;
	/* Its ring's process is gone (or exec'd: the mapping with it);
	 * whoever still reads the socket reads the data socket. */
	if (!s->closed)
		ud_ring_stop(s);
}

void ud_conn_dirty(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	if (c->svc_dirty || c->closed)
		return;
	c->svc_dirty = true;
	c->dirty_next = d->dirty;
	d->dirty = c;
}

/* Off d->dirty: it is closing. */
static void undirty(struct ud_conn *c)
{
	struct ud_conn **pp = &c->d->dirty;

	if (!c->svc_dirty)
		return;
	while (*pp && *pp != c)
		pp = &(*pp)->dirty_next;
	if (*pp)
		*pp = c->dirty_next;
	c->dirty_next = NULL;
	c->svc_dirty = false;
}

void ud_conn_close(struct ud_conn *c, const char *why)
{
	struct ud_daemon *d = c->d;
	struct ud_out *o, *next;

	if (c->closed)
		return;
	c->closed = true;
	undirty(c);
	ud_log(d, why ? 1 : 2, "connection of pid %d closed%s%s", c->cred.pid,
	       why ? ": " : "", why ? why : "");
	ud_parked_drop_conn(d, c);
	ud_call_release(c);
	/* Its families go (DELFAMILY), their requests in flight fail, and
	 * replies held for it are forgotten. */
	ud_svc_conn_closed(c);
	ud_capture_conn_closed(c);
	if (c->asm_) {
		ud_send_free(c->asm_);
		c->asm_ = NULL;
	}
	ud_xt_forget(c);
	/* Its sockets stay open as long as their data sockets are (a child
	 * may hold them); only the right to name them goes. */
	while (c->nsocks)
		ud_conn_unlink(c, c->socks[0]);
	free(c->socks);
	c->socks = NULL;
	ud_pool_free(c);
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	ud_peer_fini(&c->peer);
	for (o = c->out_head; o; o = next) {
		next = o->next;
		out_free(o);
	}
	c->out_head = c->out_tail = NULL;
	ud_pages_free(&c->status);
	ud_pages_free(&c->nslist);

	if (c->prev)
		c->prev->next = c->next;
	else
		d->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	d->nconns--;
	if (!d->nconns && !d->nserved)
		d->idle_since_ns = ud_now_ns();
	c->grave = d->grave_conns;
	d->grave_conns = c;
}

void ud_conn_free(struct ud_conn *c)
{
	free(c);
}

/*
 * Queue a reply: ret, then a copy of payload.  Takes ownership of fds
 * (closed once sent, or with the connection).  Returns the entry, or NULL
 * when out of memory, in which case the connection is closed: a client
 * that misses a reply would wait forever.
 */
struct ud_out *ud_reply(struct ud_conn *c, int32_t ret, const void *payload,
			size_t len, const int *fds, int nfds)
{
	struct unl_wire_rep rep = { .ret = ret, .len = (uint32_t)len };
	struct ud_out *o;

	if (c->closed) {
		close_fds(fds, nfds);
		return NULL;
	}
	o = out_new(sizeof(rep) + len);
	if (!o) {
		close_fds(fds, nfds);
		ud_conn_close(c, "out of memory for a reply");
		return NULL;
	}
	memcpy(o->buf, &rep, sizeof(rep));
	if (len)
		memcpy(o->buf + sizeof(rep), payload, len);
	o->len = sizeof(rep) + len;
	o->call = c->in_call;
	o->call_seq = c->call_done;
	o->nfds = nfds;
	for (int i = 0; i < nfds; i++)
		o->fds[i] = fds[i];
	if (c->out_tail)
		c->out_tail->next = o;
	else
		c->out_head = o;
	c->out_tail = o;
	c->nout++;
	c->out_bytes += o->len;
	return o;
}

int ud_push(struct ud_conn *c, const void *hdr, size_t hlen,
	    const void *payload, size_t len)
{
	struct ud_out *o;

	if (c->closed)
		return -EPIPE;
	o = out_new(hlen + len);
	if (!o)
		return -ENOMEM;
	memcpy(o->buf, hdr, hlen);
	if (len)
		memcpy(o->buf + hlen, payload, len);
	o->len = hlen + len;
	if (c->out_tail)
		c->out_tail->next = o;
	else
		c->out_head = o;
	c->out_tail = o;
	c->nout++;
	c->out_bytes += o->len;
	return 0;
}

/* The answer of a parked sendmsg is known. */
void ud_reply_fill(struct ud_conn *c, struct ud_out *o, int32_t ret)
{
	struct unl_wire_rep rep = { .ret = ret, .len = 0 };

	memcpy(o->buf, &rep, sizeof(rep));
	o->waiting = false;
}

/* Write what can be written, in order; a parked reply holds back those
 * behind it. */
void ud_conn_kick(struct ud_conn *c)
{
	/* The contract: datagrams first, then the reply. */
	ud_served_flush(c->d);
	while (!c->closed && c->out_head && !c->out_head->waiting) {
		struct ud_out *o = c->out_head;
		struct iovec iov = { .iov_base = o->buf, .iov_len = o->len };
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(2 * sizeof(int))];
		} ctl;
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;

		if (o->call) {
			if (!ud_call_answer(c, o)) {
				ud_conn_close(c, strerror(errno));
				return;
			}
			goto written;
		}
		if (o->nfds) {
			struct cmsghdr *cm;

			memset(&ctl, 0, sizeof(ctl));
			msg.msg_control = ctl.buf;
			msg.msg_controllen = CMSG_SPACE(o->nfds * sizeof(int));
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(o->nfds * sizeof(int));
			memcpy(CMSG_DATA(cm), o->fds, o->nfds * sizeof(int));
		}
		n = sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			ud_conn_close(c, errno == EPIPE ? NULL : strerror(errno));
			return;
		}
written:
		c->out_head = o->next;
		if (!c->out_head)
			c->out_tail = NULL;
		c->nout--;
		c->out_bytes -= o->len;
		out_free(o);
	}
	/* A call that waited for those answers can run now. */
	if (!c->watched && !c->out_head && !c->closed && ud_call_pending(c))
		ud_call_watch(c);
	update_events(c);
}

static void garbage(struct ud_conn *c, const char *what)
{
	ud_conn_close(c, what);
}

/* Copy client bytes into the reassembly buffer at their place (see the
 * diagram at struct ud_send).  false when the client sends more than it
 * announced. */
static bool send_feed(struct ud_send *snd, const unsigned char *p, size_t n)
{
	size_t head = (size_t)snd->namelen + snd->controllen;

	if (n > snd->total - snd->have)
		return false;
	while (n) {
		size_t off = snd->have, chunk, dst;

		if (off < snd->namelen) {
			chunk = snd->namelen - off;
			dst = off;
		} else if (off < head) {
			chunk = head - off;
			dst = off + snd->pad;
		} else {
			chunk = n;
			dst = off + snd->pad;
		}
		if (chunk > n)
			chunk = n;
		if (off >= head && snd->discard)
			; /* data the core will refuse: not kept */
		else
			memcpy(snd->buf + dst, p, chunk);
		snd->have += chunk;
		p += chunk;
		n -= chunk;
	}
	return true;
}

/* A send's reassembly state from its SENDMSG or SENDMSG_FD header, with
 * the room for what will be kept; NULL when the connection was closed. */
static struct ud_send *send_begin(struct ud_conn *c,
				  const struct unl_wire_req *req)
{
	struct ud_served *s = ud_served_get(c, req->sock);
	struct ud_send *snd;
	size_t keep;

	if (c->asm_) {
		garbage(c, "SENDMSG before the last one ended");
		return NULL;
	}
	if (req->a1 < 0 || req->a2 < 0 || req->a3 < 0 ||
	    (uint32_t)req->a1 > UD_MAX_SENDMSG_HEAD ||
	    (uint32_t)req->a2 > UD_MAX_SENDMSG_HEAD) {
		garbage(c, "bad SENDMSG lengths");
		return NULL;
	}
	snd = calloc(1, sizeof(*snd));
	if (!snd) {
		garbage(c, "out of memory for a sendmsg");
		return NULL;
	}
	snd->conn = c;
	snd->sock_id = req->sock;
	snd->flags = req->a0;
	snd->want_grant = c->want_grant;
	snd->namelen = (uint32_t)req->a1;
	snd->controllen = (uint32_t)req->a2;
	snd->pad = (8 - snd->namelen % 8) % 8;
	snd->datalen = (size_t)req->a3;
	snd->total = (size_t)snd->namelen + snd->controllen + snd->datalen;
	snd->deadline_ns = -1;
	/* Keep no more data than the core could take: SO_SNDBUF bounds what
	 * one client costs us, as it bounds a kernel socket. */
	snd->discard = true;
	if (s) {
		int sndbuf = 0;
		socklen_t l = sizeof(sndbuf);

		if (unl_getsockopt(s->sk, SOL_SOCKET, SO_SNDBUF, &sndbuf,
				   &l) == 0 &&
		    snd->datalen <= (size_t)sndbuf)
			snd->discard = false;
	}
	keep = (size_t)snd->namelen + snd->pad + snd->controllen +
	       (snd->discard ? 0 : snd->datalen);
	snd->buf = keep <= sizeof(snd->small) ? snd->small : malloc(keep);
	if (!snd->buf) {
		ud_send_free(snd);
		garbage(c, "out of memory for a sendmsg");
		return NULL;
	}
	return snd;
}

static void op_sendmsg(struct ud_conn *c, const struct unl_wire_req *req,
		       const unsigned char *payload, size_t plen)
{
	struct ud_send *snd = send_begin(c, req);

	if (!snd)
		return;
	if (!send_feed(snd, payload, plen)) {
		ud_send_free(snd);
		return garbage(c, "SENDMSG longer than announced");
	}
	if (snd->have < snd->total) {
		c->asm_ = snd;
		return;
	}
	ud_send_run(c->d, snd);
}

/* The name, control and data of a SENDMSG_FD from its file, each to its
 * place in the reassembly buffer (the diagram at struct ud_send); data
 * the core refuses unread is not read. */
static bool send_read_fd(struct ud_send *snd, int fd)
{
	size_t head = (size_t)snd->namelen + snd->controllen;

	if (!unl_wire_bulk_ok(fd, snd->total))
		return false;
	if (!unl_wire_bulk_read(fd, snd->buf, snd->namelen, 0) ||
	    !unl_wire_bulk_read(fd, snd->buf + snd->namelen + snd->pad,
				snd->controllen, (off_t)snd->namelen))
		return false;
	if (!snd->discard &&
	    !unl_wire_bulk_read(fd, snd->buf + head + snd->pad, snd->datalen,
				(off_t)head))
		return false;
	snd->have = snd->total;
	return true;
}

/* UNL_OP_SENDMSG_FD (wire.h): the whole payload in the one descriptor. */
static void op_sendmsg_fd(struct ud_conn *c, const struct unl_wire_req *req,
			  size_t plen, int *fds, int nfds)
{
	struct ud_send *snd;
	bool ok;

	if (nfds != 1 || plen) {
		close_fds(fds, nfds);
		return garbage(c, "SENDMSG_FD without its one file");
	}
	snd = send_begin(c, req);
	if (!snd) {
		close_fds(fds, nfds);
		return;
	}
	ok = send_read_fd(snd, fds[0]);
	close_fds(fds, nfds);
	if (!ok) {
		ud_send_free(snd);
		return garbage(c, "SENDMSG_FD's file is no memfd of its length");
	}
	ud_send_run(c->d, snd);
}

static void op_cont(struct ud_conn *c, const struct unl_wire_req *req,
		    const unsigned char *payload, size_t plen)
{
	struct ud_send *snd = c->asm_;

	if (!snd && c->xt_in) {
		if (!ud_xt_cont(c, payload, plen))
			garbage(c, "XT_SET longer than announced");
		return;
	}
	if (!snd || snd->sock_id != req->sock)
		return garbage(c, "CONT without its SENDMSG");
	if (!send_feed(snd, payload, plen))
		return garbage(c, "SENDMSG longer than announced");
	if (snd->have < snd->total)
		return;
	c->asm_ = NULL;
	ud_send_run(c->d, snd);
}

/* The answer to CREATE and ATTACH: the socket's id and status slot, the
 * descriptors in fds (owned), then the connection's status pool when it
 * never went to the client: with its first slot. */
static void reply_slot(struct ud_conn *c, struct ud_served *s, int *fds,
		       int nfds)
{
	struct unl_wire_slot ws = { 0 };
	int err = ud_pool_slot(c, s, &ws.slot);

	if (!err) {
		int pool = ud_pool_fd(c);

		if (pool >= 0)
			fds[nfds++] = pool;
		else if (pool != -EALREADY)
			err = pool;
	}
	if (err) {
		/* A new socket's client end closes with this: the socket
		 * follows. */
		for (int i = 0; i < nfds; i++)
			close(fds[i]);
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	ud_reply(c, (int32_t)s->id, &ws, sizeof(ws), fds, nfds);
}

/* A socket in the initial net, or in the net of the handle passed. */
static void op_create(struct ud_conn *c, const struct unl_wire_req *req,
		      int *in, int nin)
{
	struct ud_net *net = c->d->init;
	struct ud_served *s;
	uint32_t slot;
	int fds[2], err = 0;

	if (nin)
		net = ud_net_of_passed(c->d, in[0], &err);
	if (!net) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	err = ud_served_create(c->d, c, net, req->a0, req->a1, &s, &fds[0],
			       &slot);
	if (err) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	reply_slot(c, s, fds, 1);
}

static void op_attach(struct ud_conn *c, const struct unl_wire_req *req,
		      int *fds, int nfds)
{
	struct ud_daemon *d = c->d;
	uint64_t cookie = 0;
	socklen_t l = sizeof(cookie);
	struct ud_served *s = NULL;
	int out[1], err;

	if (nfds != 1) {
		close_fds(fds, nfds);
		return garbage(c, "ATTACH without exactly one descriptor");
	}
	/* The socket, not the descriptor, has the cookie: a dup or a copy
	 * inherited across fork/exec finds the same one. */
	if (getsockopt(fds[0], SOL_SOCKET, SO_COOKIE, &cookie, &l) == 0)
		s = ud_map_get(&d->by_cookie, cookie);
	close(fds[0]);
	if (!s || s->closed) {
		ud_reply(c, -EBADF, NULL, 0, NULL, 0);
		return;
	}
	/* Another process may read it now (or after an exec, one that may
	 * wait for its readiness with an epoll set it inherited): no ring
	 * for it from now on. */
	s->attached = true;
	err = ud_conn_link(c, s);
	if (err) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	reply_slot(c, s, out, 0);
}

/* UNL_OP_SOCK_ERROR (wire.h). */
static int32_t op_sock_error(struct ud_served *s, int32_t keep)
{
	int32_t e = s->err;

	if (keep > 0) {
		if (!s->err) {
			s->err = keep;
			ud_pool_show(s);
		}
		return 0;
	}
	/* None shown: the core's, if it has one it did not hand over. */
	if (!e)
		return unl_sock_take_error(s->sk);
	s->err = 0;
	ud_pool_show(s);
	return e;
}

static void op_getsockopt(struct ud_conn *c, struct ud_served *s,
			  const struct unl_wire_req *req)
{
	const size_t cap = UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_rep);
	struct ud_out *o;
	socklen_t l, room;
	void *buf;
	int ret;

	if (req->a2 < 0) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	room = (size_t)req->a2 < cap ? (socklen_t)req->a2 : (socklen_t)cap;
	l = room;
	buf = calloc(1, room ? room : 1);
	if (!buf)
		return garbage(c, "out of memory for getsockopt");
	if (req->a0 == SOL_SOCKET && req->a1 == SO_ERROR && s->err) {
		/* sock_getsockopt() takes sk_err, which the slots show. */
		int32_t e = op_sock_error(s, 0);

		l = room < sizeof(e) ? room : (socklen_t)sizeof(e);
		memcpy(buf, &e, l);
		ret = 0;
	} else {
		ret = unl_getsockopt(s->sk, req->a0, req->a1, buf, &l);
	}
	/* The core may report more than fits (NETLINK_LIST_MEMBERSHIPS
	 * says the full size): the payload is what it wrote, rep.len what
	 * it reported (wire.h). */
	o = ud_reply(c, ret, buf, ret ? 0 : (l < room ? l : room), NULL, 0);
	if (o && !ret) {
		struct unl_wire_rep rep = { .ret = ret, .len = l };

		memcpy(o->buf, &rep, sizeof(rep));
	}
	free(buf);
}

/* SO_ATTACH_FILTER's optval points at client memory: the instructions
 * follow the struct instead (wire.h), and the core gets a sock_fprog
 * pointing at them. */
static int setsockopt_filter(struct ud_served *s, const unsigned char *p,
			     size_t plen)
{
	struct sock_fprog prog;

	if (plen < sizeof(prog))
		return unl_setsockopt(s->sk, SOL_SOCKET, SO_ATTACH_FILTER,
				      plen ? p : NULL, (socklen_t)plen);
	memcpy(&prog, p, sizeof(prog));
	prog.filter = NULL;
	if (plen > sizeof(prog)) {
		if (plen != sizeof(prog) + (size_t)prog.len * sizeof(struct sock_filter))
			return -EINVAL;
		/* The core copies the instructions: no alignment needed
		 * beyond what memcpy takes. */
		prog.filter = (struct sock_filter *)(p + sizeof(prog));
	}
	return unl_setsockopt(s->sk, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			      sizeof(prog));
}

void ud_pages_free(struct ud_pages *pg)
{
	free(pg->items);
	pg->items = NULL;
	pg->n = 0;
}

void ud_reply_pages(struct ud_conn *c, const struct unl_wire_req *req,
		    struct ud_pages *pg, size_t item_size,
		    ud_snapshot_fn snapshot)
{
	const size_t per_page =
		(UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_rep)) / item_size;
	size_t start, cnt;
	int err;

	if (req->a0 < 0) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	start = (size_t)req->a0;
	if (start == 0 || !pg->items) {
		ud_pages_free(pg);
		err = snapshot(c->d, pg);
		if (err) {
			ud_reply(c, err, NULL, 0, NULL, 0);
			return;
		}
	}
	cnt = start < pg->n ? pg->n - start : 0;
	if (cnt > per_page)
		cnt = per_page;
	ud_reply(c, (int32_t)pg->n,
		 pg->items ? (const char *)pg->items + start * item_size : NULL,
		 cnt * item_size, NULL, 0);
	if (start + cnt >= pg->n)
		ud_pages_free(pg);
}

/* PROFILE pages: the text of the net's kernel profile from a0. */
static void op_profile(struct ud_conn *c, const struct unl_wire_req *req)
{
	const size_t per_page =
		UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_rep);
	char *text = unl_profile_format(unl_net_profile(c->d->net));
	size_t len, start, cnt;

	if (!text) {
		ud_reply(c, -ENOMEM, NULL, 0, NULL, 0);
		return;
	}
	len = strlen(text);
	if (req->a0 < 0 || len > INT32_MAX) {
		free(text);
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	start = (size_t)req->a0 < len ? (size_t)req->a0 : len;
	cnt = len - start < per_page ? len - start : per_page;
	ud_reply(c, (int32_t)len, text + start, cnt, NULL, 0);
	free(text);
}

/* One record.  Takes ownership of fds. */
static void handle_record(struct ud_conn *c, const unsigned char *rec,
			  size_t n, int *fds, int nfds)
{
	const unsigned char *payload = rec + sizeof(struct unl_wire_req);
	struct unl_wire_req req;
	struct ud_served *s = NULL;
	size_t plen;
	int ret;

	if (n < sizeof(req)) {
		close_fds(fds, nfds);
		return garbage(c, "short record");
	}
	memcpy(&req, rec, sizeof(req));
	plen = n - sizeof(req);
	c->want_grant = req.op == (UNL_OP_SENDMSG | UNL_OP_F_GRANT);
	if (c->want_grant)
		req.op = UNL_OP_SENDMSG;
	if (req.len != plen) {
		close_fds(fds, nfds);
		return garbage(c, "record length disagrees with its header");
	}
	if (c->capture && (req.op != UNL_OP_CAPTURE || nfds)) {
		close_fds(fds, nfds);
		return garbage(c, "a request on a capture's connection");
	}
	if (req.consumed) {
		struct ud_served *cs = ud_served_get(c, req.sock);

		if (cs) {
			ud_ring_sync(cs);
			unl_sock_consume(cs->sk, req.consumed, 0);
			ud_served_mark(cs);
			if (c->d->nparked)
				ud_parked_retry(c->d);
		}
	}
	if (req.op == UNL_OP_ATTACH)
		return op_attach(c, &req, fds, nfds);
	/* These take at most one descriptor: a net handle. */
	if ((req.op == UNL_OP_CREATE || req.op == UNL_OP_NS_OPEN ||
	     req.op == UNL_OP_NS_SETNS || req.op == UNL_OP_NS_BIND ||
	     req.op == UNL_OP_IOCTL || req.op == UNL_OP_TUN_OPEN ||
	     req.op == UNL_OP_TUN_IOCTL || req.op == UNL_OP_FILE_OPEN ||
	     req.op == UNL_OP_FILE_WRITE || req.op == UNL_OP_UEVENT_INJECT ||
	     req.op == UNL_OP_NF_SOCKOPT || req.op == UNL_OP_XT_GET ||
	     req.op == UNL_OP_XT_SET || req.op == UNL_OP_EBT) &&
	    nfds > 1) {
		close_fds(fds, nfds);
		return garbage(c, "more than one descriptor with a request");
	}
	if (req.op == UNL_OP_CREATE)
		return op_create(c, &req, fds, nfds);
	if (req.op == UNL_OP_IOCTL)
		return ud_ioctl_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_TUN_OPEN || req.op == UNL_OP_TUN_IOCTL)
		return ud_tun_op(c, &req, payload, plen, fds, nfds);
	if (req.op >= UNL_OP_NS_OPEN && req.op <= UNL_OP_NS_LIST)
		return ud_ns_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_FILE_OPEN || req.op == UNL_OP_FILE_WRITE)
		return ud_file_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_UEVENT_INJECT)
		return ud_uevent_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_NF_SOCKOPT)
		return ud_nf_sockopt_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_XT_GET || req.op == UNL_OP_XT_SET ||
	    req.op == UNL_OP_EBT)
		return ud_xt_sockopt_op(c, &req, payload, plen, fds, nfds);
	if (req.op == UNL_OP_CLOCK_ADVANCE && !nfds)
		return ud_clock_advance_op(c, &req);
	if (req.op == UNL_OP_SENDMSG_FD)
		return op_sendmsg_fd(c, &req, plen, fds, nfds);
	if (nfds) {
		close_fds(fds, nfds);
		return garbage(c, "descriptors with a request that takes none");
	}

	switch (req.op) {
	case UNL_OP_HELLO:
		if ((uint32_t)req.a0 != UNL_WIRE_MAGIC ||
		    req.a1 != UNL_WIRE_VERSION) {
			ud_log(c->d, 1, "pid %d speaks wire version %d, not %d",
			       c->cred.pid, req.a1, UNL_WIRE_VERSION);
			ud_reply(c, -EPROTO, NULL, 0, NULL, 0);
		} else if (req.a2 == 1) {
			int memfd, err = ud_call_setup(c, &memfd);

			/* Without a page the client still works, through
			 * records only. */
			if (err)
				ud_log(c->d, 1, "no call page for pid %d: %s",
				       c->cred.pid, strerror(-err));
			ud_reply(c, getpid(), NULL, 0, err ? NULL : &memfd,
				 err ? 0 : 1);
		} else {
			ud_reply(c, getpid(), NULL, 0, NULL, 0);
		}
		return;
	case UNL_OP_KICK:
		ud_call_watch(c);
		return;
	case UNL_OP_PAY:
		ud_call_pay(c);
		return;
	case UNL_OP_ACT_FOR:
		ud_reply(c, ud_peer_act_for(c->d, &c->peer, &c->cred,
					    (pid_t)req.a0, (pid_t)req.a1,
					    c->rec_sender),
			 NULL, 0, NULL, 0);
		return;
	case UNL_OP_CRED: {
		struct unl_wire_cred wc;

		if (plen != sizeof(wc))
			return garbage(c, "CRED of the wrong size");
		memcpy(&wc, payload, sizeof(wc));
		ud_peer_report(c->d, &c->peer, &c->cred, &wc);
		return;
	}
	case UNL_OP_SENDMSG:
		return op_sendmsg(c, &req, payload, plen);
	case UNL_OP_SEND_ASYNC:
		return ud_grant_send_op(c, &req, payload, plen);
	case UNL_OP_CONT:
		return op_cont(c, &req, payload, plen);
	case UNL_OP_XT_MORE:
		return ud_xt_more_op(c, &req);
	case UNL_OP_STATUS:
		return ud_reply_pages(c, &req, &c->status,
				      sizeof(struct unl_wire_sockinfo),
				      ud_status_snapshot);
	case UNL_OP_PROFILE:
		return op_profile(c, &req);
	case UNL_OP_CAPTURE:
		return ud_capture_op(c, &req);
	case UNL_OP_FAULT:
		return ud_fault_op(c, &req, payload, plen);
	case UNL_OP_SVC_REGISTER:
	case UNL_OP_SVC_UNREGISTER:
	case UNL_OP_SVC_REPLY:
	case UNL_OP_SVC_DONE:
	case UNL_OP_SVC_UNICAST:
	case UNL_OP_SVC_MCAST:
		return ud_svc_op(c, &req, payload, plen);
	case UNL_OP_BIND:
	case UNL_OP_CONNECT:
	case UNL_OP_GETSOCKNAME:
	case UNL_OP_GETPEERNAME:
	case UNL_OP_SETSOCKOPT:
	case UNL_OP_GETSOCKOPT:
	case UNL_OP_CONSUME:
	case UNL_OP_CLOSE:
	case UNL_OP_SOCK_ERROR:
	case UNL_OP_RING:
	case UNL_OP_RING_OFF:
	case UNL_OP_DATA_SENDS:
		break;
	default:
		return garbage(c, "unknown op");
	}

	s = ud_served_get(c, req.sock);
	if (!s) {
		if (req.op == UNL_OP_CLOSE ||
		    (req.op == UNL_OP_CONSUME && req.a2 != 1))
			return;
		ud_reply(c, -EBADF, NULL, 0, NULL, 0);
		return;
	}
	/* The process acting now is who the core should see (autobind
	 * pid, SCM_CREDENTIALS, capability checks), as Linux looks at
	 * current. */
	ud_served_use_cred_of(s, c);
	ud_served_mark(s);
	/* What a grant promised may change: the sender's own grant ends
	 * (its client forgot it), senders to it are told. */
	if (req.op == UNL_OP_BIND || req.op == UNL_OP_CONNECT ||
	    req.op == UNL_OP_SETSOCKOPT) {
		ud_grant_unlinked(s, c);
		ud_grant_revoke_to(s);
	}

	switch (req.op) {
	case UNL_OP_BIND:
		ret = unl_bind(s->sk, (const struct sockaddr *)payload,
			       (socklen_t)plen);
		ud_reply(c, ret, NULL, 0, NULL, 0);
		break;
	case UNL_OP_CONNECT:
		ret = unl_connect(s->sk, (const struct sockaddr *)payload,
				  (socklen_t)plen);
		ud_reply(c, ret, NULL, 0, NULL, 0);
		break;
	case UNL_OP_GETSOCKNAME:
	case UNL_OP_GETPEERNAME: {
		struct sockaddr_storage ss;
		socklen_t l = sizeof(ss);

		memset(&ss, 0, sizeof(ss));
		ret = req.op == UNL_OP_GETSOCKNAME
			      ? unl_getsockname(s->sk, (struct sockaddr *)&ss, &l)
			      : unl_getpeername(s->sk, (struct sockaddr *)&ss, &l);
		ud_reply(c, ret, &ss, ret ? 0 : l, NULL, 0);
		break;
	}
	case UNL_OP_SETSOCKOPT:
		if (req.a0 == SOL_SOCKET && req.a1 == SO_ATTACH_FILTER)
			ret = setsockopt_filter(s, payload, plen);
		else
			ret = unl_setsockopt(s->sk, req.a0, req.a1,
					     plen ? payload : NULL,
					     (socklen_t)plen);
		if (!ret)
			ud_served_after_setsockopt(s, req.a0, req.a1, payload,
						   plen);
		ud_reply(c, ret, NULL, 0, NULL, 0);
		break;
	case UNL_OP_GETSOCKOPT:
		op_getsockopt(c, s, &req);
		break;
	case UNL_OP_SOCK_ERROR:
		ud_reply(c, op_sock_error(s, req.a0), NULL, 0, NULL, 0);
		break;
	case UNL_OP_RING: {
		int memfd = -1;

		ret = ud_ring_start(s, &memfd);
		ud_reply(c, ret, NULL, 0, ret ? NULL : &memfd, ret ? 0 : 1);
		break;
	}
	case UNL_OP_RING_OFF:
		ud_ring_stop(s);
		ud_reply(c, 0, NULL, 0, NULL, 0);
		break;
	case UNL_OP_DATA_SENDS:
		ud_reply(c, ud_served_data_sends(s, c, req.a0 == 1), NULL, 0,
			 NULL, 0);
		break;
	case UNL_OP_CONSUME:
		/* a ring's takes first: they came before */
		ud_ring_sync(s);
		ret = unl_sock_consume(s->sk, req.a0 > 0 ? (unsigned)req.a0 : 0,
				       req.a1 > 0 ? (size_t)req.a1 : 0);
		/* Room was made: blocked senders may go on. */
		if (c->d->nparked)
			ud_parked_retry(c->d);
		if (req.a2 == 1)
			ud_reply(c, ret, NULL, 0, NULL, 0);
		break;
	case UNL_OP_CLOSE: {
		struct pollfd pfd = { .fd = s->fd, .events = POLLRDHUP };

		ud_conn_unlink(c, s);
		/* A client that closed its descriptor before saying CLOSE
		 * gets close()'s timing: the socket is gone before its next
		 * request, not whenever epoll reports the hang-up. */
		if (poll(&pfd, 1, 0) == 1 &&
		    (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR)))
			ud_served_close(s);
		break;
	}
	}
}

void ud_conn_handle_record(struct ud_conn *c, const unsigned char *rec,
			   size_t n)
{
	c->rec_sender = 0;
	handle_record(c, rec, n, NULL, 0);
}

/* A record's descriptors: the first eight kept, the rest closed. */
struct kept_fds {
	int *fds, *n;
};

static bool keep_fd(int fd, size_t i, void *arg)
{
	struct kept_fds *k = arg;

	(void)i;
	if (*k->n < 8)
		k->fds[(*k->n)++] = fd;
	else
		close(fd);
	return false;
}

/* One record recvmmsg() gave (its msghdr m, n bytes): its credentials
 * applied, its descriptors taken, then run.  false: stop reading (the
 * connection ended, or the record was refused). */
static bool take_record(struct ud_conn *c, struct msghdr *m, size_t n)
{
	struct ud_daemon *d = c->d;
	int fds[8], nfds = 0;
	struct kept_fds kept = { fds, &nfds };
	struct cmsghdr *cm;
	pid_t sender = 0;

	for (cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm)) {
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_CREDENTIALS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
			sender = uc.pid;
			ud_peer_update(d, &c->peer, &c->cred, &uc);
		}
	}
	unl_scm_each_fd(m, keep_fd, &kept);
	if (n == 0) {
		close_fds(fds, nfds);
		ud_conn_close(c, NULL);
		return false;
	}
	c->records_read++;
	if (m->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		close_fds(fds, nfds);
		garbage(c, "oversized record");
		return false;
	}
	c->rec_sender = sender;
	handle_record(c, m->msg_iov->iov_base, n, fds, nfds);
	if (c->closed)
		return false;
	ud_conn_kick(c);
	return true;
}

/* The descriptors of a record read but never run. */
static void drop_record(struct msghdr *m)
{
	unl_scm_each_fd(m, unl_scm_close_one, NULL);
}

/*
 * Read and run c's records, UD_RECORDS_PER_EVENT at most.  Up to
 * UD_RX_BATCH of them come with one recvmmsg(): a served family's answer
 * (SVC_UNICAST and SVC_DONE) or a KICK costs one system call, and a
 * batch that comes back short says the connection is empty without
 * another call that finds EAGAIN.  A read nested in a record's work (a
 * call page reading the records counted before it) takes one at a time
 * into rx_buf, as the batch's buffers are in use.
 */
void ud_conn_read_records(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;
	bool nested = d->rx_reading;
	unsigned char *bufs = nested ? d->rx_buf : d->rx_batch;
	int batch = nested ? 1 : UD_RX_BATCH;
	int left = UD_RECORDS_PER_EVENT;

	d->rx_reading = true;
	while (left > 0 && !c->closed && !over_limit(c)) {
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(struct ucred)) +
				 CMSG_SPACE(8 * sizeof(int))];
		} ctl[UD_RX_BATCH];
		struct iovec iov[UD_RX_BATCH];
		struct mmsghdr mm[UD_RX_BATCH];
		int want = left < batch ? left : batch, got, i;

		for (i = 0; i < want; i++) {
			iov[i].iov_base = bufs + (size_t)i * UNL_WIRE_MAX_RECORD;
			iov[i].iov_len = UNL_WIRE_MAX_RECORD;
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_control = ctl[i].buf;
			mm[i].msg_hdr.msg_controllen = sizeof(ctl[i].buf);
		}
		got = recvmmsg(c->fd, mm, (unsigned int)want,
			       MSG_DONTWAIT | MSG_CMSG_CLOEXEC, NULL);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				ud_conn_close(c, strerror(errno));
			break;
		}
		for (i = 0; i < got; i++)
			if (!take_record(c, &mm[i].msg_hdr, mm[i].msg_len))
				break;
		if (i < got) {
			/* Read after the one that ended it: never run. */
			while (++i < got)
				drop_record(&mm[i].msg_hdr);
			break;
		}
		left -= got;
		if (got < want)
			break;
	}
	d->rx_reading = nested;
	if (!c->closed)
		update_events(c);
}

void ud_conn_event(struct ud_conn *c, uint32_t events)
{
	if (events & EPOLLOUT)
		ud_conn_kick(c);
	if (c->closed)
		return;
	if (events & EPOLLIN) {
		ud_conn_read_records(c);
		return;
	}
	/* Hung up with nothing left to read (or we stopped reading: a peer
	 * that is gone will never read the replies that hold us back). */
	if (events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP))
		ud_conn_close(c, NULL);
}
