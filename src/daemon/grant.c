// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Send grants, the daemon's side (wire.h "Send grants", the core's
 * src/core/grant.c): after a sendmsg() from one user socket to another
 * succeeds, the sender may get a grant for the next few datagrams to
 * the same portid, which its client then answers itself and sends as
 * SEND_ASYNC records, without waiting.  Here: giving a grant, showing
 * it in the sender's status slots, taking it back when the receiver
 * changes, and running the records.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>

#include "daemon/daemon-private.h"

static void g_link(struct ud_served *s)
{
	struct ud_daemon *d = s->d;

	s->g_prev = NULL;
	s->g_next = d->granted;
	if (d->granted)
		d->granted->g_prev = s;
	d->granted = s;
}

static void g_unlink(struct ud_served *s)
{
	struct ud_daemon *d = s->d;

	if (s->g_prev)
		s->g_prev->g_next = s->g_next;
	else if (d->granted == s)
		d->granted = s->g_next;
	if (s->g_next)
		s->g_next->g_prev = s->g_prev;
	s->g_prev = s->g_next = NULL;
}

/* The slots stop showing s's grant (the core's stays until the client
 * has said so, with its next SENDMSG, or the socket goes). */
static void hide(struct ud_served *s)
{
	if (!s->grant_live)
		return;
	s->grant_live = false;
	g_unlink(s);
	ud_served_show(s);
}

uint32_t ud_grant_give(struct ud_served *s, const struct ud_send *snd,
		       struct unl_wire_grant *g)
{
	struct sockaddr_nl a;
	int n;

	/* Only where the client can answer alone: an address, no control
	 * message, a length one record carries, one process naming it. */
	if (snd->namelen != sizeof(a) || snd->controllen || snd->discard ||
	    !snd->datalen || snd->datalen > UNL_WIRE_GRANT_LEN_MAX ||
	    s->nconns != 1 || s->closed)
		return 0;
	memcpy(&a, snd->buf, sizeof(a));
	if (a.nl_family != AF_NETLINK || a.nl_groups || !a.nl_pid)
		return 0;
	n = unl_sock_grant(s->sk, a.nl_pid, snd->datalen, UNL_WIRE_GRANT_MAX);
	if (n <= 0)
		return 0;
	memset(g, 0, sizeof(*g));
	g->dst_portid = a.nl_pid;
	g->count = (uint32_t)n;
	g->max_len = (uint32_t)snd->datalen;
	g->gen = ++s->grant_gen;
	s->grant_total = (uint32_t)n;
	s->grant_dst = a.nl_pid;
	s->grant_conn = snd->conn;
	/* From now on its records may hold datagrams already answered:
	 * a hang-up of the sender reads them first (ud_grant_drain()),
	 * though the daemon may see it before the first of them. */
	snd->conn->sent_async = true;
	/* Shown before the reply that gives it is written. */
	if (!s->grant_live) {
		s->grant_live = true;
		g_link(s);
	}
	ud_served_show(s);
	ud_pool_show(s);
	return (uint32_t)n;
}

void ud_grant_end(struct ud_served *s)
{
	hide(s);
	s->grant_conn = NULL;
	if (s->sk)
		unl_sock_grant_end(s->sk);
}

void ud_grant_linked(struct ud_served *s, struct ud_conn *c)
{
	/* Another process names the sender: its client stops using the
	 * grant soon (it ends with the holder's next SENDMSG). */
	if (s->grant_conn && s->grant_conn != c)
		hide(s);
}

void ud_grant_unlinked(struct ud_served *s, struct ud_conn *c)
{
	if (s->grant_conn == c)
		ud_grant_end(s);
}

void ud_grant_revoke_to(struct ud_served *r)
{
	struct ud_served *s, *next;

	if (!r->sk)
		return;
	for (s = r->d->granted; s; s = next) {
		next = s->g_next;
		if (s != r && unl_sock_grant_to(s->sk, r->sk))
			hide(s);
	}
}

void ud_grant_contend(struct ud_served *s, const struct ud_send *snd)
{
	struct ud_served *h, *next;
	struct sockaddr_nl a;
	socklen_t l = sizeof(a);
	uint32_t dst;

	if (!s->d->granted)
		return;
	if (snd->namelen >= sizeof(a)) {
		memcpy(&a, snd->buf, sizeof(a));
		dst = a.nl_pid;
	} else if (unl_getpeername(s->sk, (struct sockaddr *)&a, &l) == 0) {
		dst = a.nl_pid;
	} else {
		return;
	}
	for (h = s->d->granted; h; h = next) {
		next = h->g_next;
		if (h != s && h->grant_dst == dst && h->sk) {
			unl_sock_grant_reclaim(h->sk);
			hide(h);
		}
	}
}

void ud_grant_send_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen)
{
	struct ud_served *s = ud_served_get(c, req->sock);
	struct sockaddr_nl a;
	size_t name = (size_t)req->a1;
	ssize_t ret;

	c->sent_async = true;
	if (req->a1 < 0 || req->a2 || req->a3 <= 0 ||
	    (uint32_t)req->a3 > UNL_WIRE_GRANT_LEN_MAX ||
	    (name && name != sizeof(a)) || plen != name + (size_t)req->a3) {
		ud_conn_close(c, "bad SEND_ASYNC lengths");
		return;
	}
	/* Not this connection's socket, or no grant of it to that portid:
	 * nothing is sent, and no one is answered (the client that wrote
	 * it answered itself, wrongly). */
	if (!s || s->closed || s->grant_conn != c)
		goto drop;
	if (name) {
		memcpy(&a, payload, sizeof(a));
		if (a.nl_family != AF_NETLINK || a.nl_groups ||
		    a.nl_pid != s->grant_dst)
			goto drop;
	}
	ud_served_use_cred_of(s, c);
	ret = unl_sock_grant_send(s->sk, payload + name, (size_t)req->a3,
				  name != 0);
	if (ret == -EPROTO)
		goto drop;
	/* Room for the next ones, while the receiver keeps up. */
	if (s->grant_live) {
		int more = unl_sock_grant_more(s->sk, UNL_WIRE_GRANT_MAX);

		if (more > 0) {
			s->grant_total += (uint32_t)more;
			ud_pool_show(s);
		}
	}
	return;
drop:
	c->d->async_dropped++;
	ud_log(c->d, 2, "pid %d: a SEND_ASYNC no grant covers, dropped",
	       c->cred.pid);
}

void ud_grant_drain(struct ud_served *s)
{
	for (size_t i = 0; i < s->nconns && !s->closed; i++) {
		struct ud_conn *c = s->conns[i];

		/* Bounded: a connection another thread keeps writing to is
		 * read again by the loop. */
		for (int k = 0; k < 16 && c->sent_async && !c->closed; k++) {
			char b;

			if (recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0)
				break;
			ud_conn_read_records(c);
			if (s->closed || i >= s->nconns || s->conns[i] != c)
				return;
		}
	}
}
