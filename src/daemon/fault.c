// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UNL_OP_FAULT (`unetlink fault`, `unetlink run --fault`): the world's
 * fault-injection rules (include/unetlink/fault.h) added, removed and
 * listed by clients with CAP_NET_ADMIN, and every fault that fires
 * written to the daemon's log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>

#include <unetlink/fault.h>

#include "daemon/daemon-private.h"

static void log_fault(struct unl_net *net, int id, const struct unl_fault *f,
		      void *user)
{
	struct ud_daemon *d = user;
	char text[256];

	unl_fault_format(f, text, sizeof(text));
	ud_log(d, 0, "fault %d fired in net %llu: %s", id,
	       (unsigned long long)unl_net_id(net), text);
	ud_capture_fault(d, unl_net_id(net), f->protocol, text);
}

void ud_fault_setup(struct ud_daemon *d)
{
	unl_world_set_fault_log(d->world, log_fault, d);
}

struct listing {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void list_one(int id, const struct unl_fault *f, uint64_t fired,
		     void *user)
{
	struct listing *l = user;
	char text[256], line[320];
	int n;

	unl_fault_format(f, text, sizeof(text));
	n = snprintf(line, sizeof(line), "%d fired=%llu %s\n", id,
		     (unsigned long long)fired, text);
	if (n < 0 || l->failed)
		return;
	if (l->len + (size_t)n > l->cap) {
		size_t cap = (l->cap ? l->cap * 2 : 1024) + (size_t)n;
		char *b = realloc(l->buf, cap);

		if (!b) {
			l->failed = true;
			return;
		}
		l->buf = b;
		l->cap = cap;
	}
	memcpy(l->buf + l->len, line, (size_t)n);
	l->len += (size_t)n;
}

static void fault_list(struct ud_conn *c)
{
	struct listing l = { 0 };

	unl_world_fault_foreach(c->d->world, list_one, &l);
	if (l.failed || l.len > UNL_WIRE_MAX_RECORD / 2)
		ud_reply(c, l.failed ? -ENOMEM : -EMSGSIZE, NULL, 0, NULL, 0);
	else
		ud_reply(c, 0, l.buf, l.len, NULL, 0);
	free(l.buf);
}

static void fault_add(struct ud_conn *c, const unsigned char *payload,
		      size_t plen)
{
	char text[512], why[160];
	struct unl_fault f;
	int ret;

	if (plen >= sizeof(text)) {
		ud_reply(c, -EINVAL, "rule too long", 13, NULL, 0);
		return;
	}
	memcpy(text, payload, plen);
	text[plen] = '\0';
	ret = unl_fault_parse(text, &f, why, sizeof(why));
	if (ret) {
		ud_reply(c, ret, why, strlen(why), NULL, 0);
		return;
	}
	ret = unl_world_fault_add(c->d->world, &f);
	if (ret > 0)
		ud_log(c->d, 1, "pid %d added fault %d: %s", c->cred.pid, ret,
		       text);
	ud_reply(c, ret, NULL, 0, NULL, 0);
}

void ud_fault_op(struct ud_conn *c, const struct unl_wire_req *req,
		 const unsigned char *payload, size_t plen)
{
	if (!(c->cred.caps & UNL_CAP(CAP_NET_ADMIN))) {
		ud_reply(c, -EPERM, NULL, 0, NULL, 0);
		return;
	}
	switch (req->a0) {
	case UNL_FAULT_OP_ADD:
		return fault_add(c, payload, plen);
	case UNL_FAULT_OP_DEL:
		ud_reply(c, unl_world_fault_del(c->d->world, req->a1), NULL, 0,
			 NULL, 0);
		return;
	case UNL_FAULT_OP_LIST:
		return fault_list(c);
	default:
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
	}
}
