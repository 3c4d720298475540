// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Captures (UNL_OP_CAPTURE, `unetlink capture`): what an nlmon device
 * and a packet socket on it give on Linux, for every net of the daemon
 * at once.  While a capture runs, each net has one tap of ours
 * (unl_tap_add: the core calls it where netlink_deliver_tap() runs);
 * the tap copies what each capture wants into that capture's
 * connection as a struct unl_wire_capture and the message.
 *
 * A reader that falls behind loses messages, counted, as a packet
 * socket drops what its receive buffer has no room for: the daemon
 * never holds more than UD_CAPTURE_MAX_* for a capture, and never
 * waits for one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/capability.h>

#include <unetlink/kernel.h>

#include "daemon/daemon-private.h"

#define UD_CAPTURE_MAX_ENTRIES 8192
#define UD_CAPTURE_MAX_BYTES (8u * 1024u * 1024u)

struct ud_capture {
	struct ud_conn *conn;
	uint64_t net_id; /* 0: every net */
	int protocol;    /* -1: every protocol */
	int32_t pid;     /* 0: every process */
	uint64_t dropped;
	struct ud_capture *next;
};

static bool wants(const struct ud_capture *cap, const struct ud_net *n,
		  const struct unl_tap_msg *m)
{
	return (!cap->net_id || cap->net_id == n->id) &&
	       (cap->protocol < 0 || cap->protocol == m->protocol) &&
	       (!cap->pid || cap->pid == m->pid);
}

/* Room for one more record of len bytes in the connection's queue? */
static bool room_for(const struct ud_conn *c, size_t len)
{
	return c->nout < UD_CAPTURE_MAX_ENTRIES &&
	       c->out_bytes + len <= UD_CAPTURE_MAX_BYTES;
}

static void record(struct ud_capture *cap, const struct ud_net *n,
		   const struct unl_tap_msg *m, int64_t now)
{
	struct ud_conn *c = cap->conn;
	struct unl_wire_capture h = {
		.len = (uint32_t)m->len,
		.protocol = (uint16_t)m->protocol,
		.flags = (uint16_t)((m->to_kernel ? UNL_CAPTURE_F_TO_KERNEL : 0) |
				    (m->group <= UNL_CAPTURE_GROUP_MAX
					     ? m->group << UNL_CAPTURE_GROUP_SHIFT
					     : 0)),
		.net_id = n->id,
		.time_ns = now,
		.portid = m->portid,
		.pid = m->pid,
		.dropped = cap->dropped,
	};

	if (c->closed)
		return;
	if (!room_for(c, sizeof(h) + m->len) ||
	    sizeof(h) + m->len > UNL_WIRE_MAX_RECORD ||
	    ud_push(c, &h, sizeof(h), m->data, m->len)) {
		cap->dropped++;
		return;
	}
	cap->dropped = 0;
	/* written with the service connections' output, after the event */
	ud_conn_dirty(c);
}

static void tap(const struct unl_tap_msg *m, void *user)
{
	struct ud_net *n = user;
	struct ud_daemon *d = n->d;
	struct timespec ts;
	int64_t now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	for (struct ud_capture *cap = d->captures; cap; cap = cap->next)
		if (wants(cap, n, m))
			record(cap, n, m, now);
}

/* Faults are captured as they are logged, before the message they
 * change reaches a socket.  The socket is not known here: a capture of
 * one process's messages does not get them. */
void ud_capture_fault(struct ud_daemon *d, uint64_t net_id, int protocol,
		      const char *text)
{
	struct timespec ts;
	struct unl_wire_capture h = {
		.len = (uint32_t)strlen(text),
		.protocol = (uint16_t)(protocol < 0 ? 0xffff : protocol),
		.flags = UNL_CAPTURE_F_FAULT,
		.net_id = net_id,
	};

	clock_gettime(CLOCK_REALTIME, &ts);
	h.time_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	for (struct ud_capture *cap = d->captures; cap; cap = cap->next) {
		struct ud_conn *c = cap->conn;

		if ((cap->net_id && cap->net_id != net_id) || cap->pid ||
		    (cap->protocol >= 0 && protocol >= 0 &&
		     cap->protocol != protocol) || c->closed)
			continue;
		h.dropped = cap->dropped;
		if (!room_for(c, sizeof(h) + h.len) ||
		    ud_push(c, &h, sizeof(h), text, h.len)) {
			cap->dropped++;
			continue;
		}
		cap->dropped = 0;
		ud_conn_dirty(c);
	}
}

/* A net made while captures run gets its tap at once. */
void ud_capture_net_made(struct ud_daemon *d, struct ud_net *n)
{
	int id;

	n->d = d;
	n->tap_id = 0;
	if (!d->captures)
		return;
	id = unl_tap_add(n->net, tap, n);
	if (id > 0)
		n->tap_id = id;
	else
		ud_log(d, 1, "net %llu: no capture tap: %s",
		       (unsigned long long)n->id, strerror(-id));
}

static int taps_on(struct ud_daemon *d)
{
	for (struct ud_net *n = d->nets; n; n = n->next) {
		int id = unl_tap_add(n->net, tap, n);

		if (id < 0)
			return id;
		n->tap_id = id;
	}
	return 0;
}

static void taps_off(struct ud_daemon *d)
{
	for (struct ud_net *n = d->nets; n; n = n->next) {
		if (n->tap_id > 0)
			unl_tap_remove(n->net, n->tap_id);
		n->tap_id = 0;
	}
}

static void capture_stop(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	for (struct ud_capture **pp = &d->captures; *pp; pp = &(*pp)->next) {
		if ((*pp)->conn == c) {
			struct ud_capture *cap = *pp;

			*pp = cap->next;
			free(cap);
			break;
		}
	}
	c->capture = NULL;
	if (!d->captures)
		taps_off(d);
}

static int capture_start(struct ud_conn *c, const struct unl_wire_req *req)
{
	struct ud_daemon *d = c->d;
	struct ud_capture *cap;
	uint64_t need = UNL_CAP(CAP_NET_ADMIN) | UNL_CAP(CAP_NET_RAW);
	int err;

	if ((c->cred.caps & need) != need)
		return -EPERM;
	if (c->capture || c->svc || c->nsocks)
		return -EBUSY;
	if (req->a1 < 0 || req->a1 > 32 || req->a2 < 0)
		return -EINVAL;
	cap = calloc(1, sizeof(*cap));
	if (!cap)
		return -ENOMEM;
	cap->conn = c;
	cap->net_id = (uint64_t)(uint32_t)req->a0;
	cap->protocol = req->a1 - 1;
	cap->pid = req->a2;
	if (!d->captures) {
		err = taps_on(d);
		if (err) {
			taps_off(d);
			free(cap);
			return err;
		}
	}
	cap->next = d->captures;
	d->captures = cap;
	c->capture = cap;
	return 0;
}

/* The last record: after every message queued before it. */
static void capture_end(struct ud_conn *c)
{
	struct unl_wire_capture h = {
		.flags = UNL_CAPTURE_F_END,
		.dropped = c->capture->dropped,
	};

	capture_stop(c);
	if (ud_push(c, &h, sizeof(h), NULL, 0))
		ud_conn_close(c, "out of memory for the end of a capture");
}

void ud_capture_op(struct ud_conn *c, const struct unl_wire_req *req)
{
	int err;

	if (req->a0 == -1) {
		if (!c->capture)
			ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		else
			capture_end(c);
		return;
	}
	err = capture_start(c, req);
	ud_reply(c, err, NULL, 0, NULL, 0);
	if (!err)
		ud_log(c->d, 2, "pid %d captures", c->cred.pid);
}

/* Its connection closed. */
void ud_capture_conn_closed(struct ud_conn *c)
{
	if (c->capture)
		capture_stop(c);
}
