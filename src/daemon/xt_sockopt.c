// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UNL_OP_XT_GET, UNL_OP_XT_SET, UNL_OP_XT_MORE (wire.h): a legacy
 * xtables option of a client (iptables-legacy's GET_INFO, GET_ENTRIES,
 * SET_REPLACE ...), answered by the core (unl_xt_sockopt()) in the
 * client's net on a copy of what optval held; and UNL_OP_EBT, an
 * ebtables option (unl_ebt_sockopt()) on its replace and what that
 * points at.  A table may be as large
 * as Linux takes (512 MiB), far more than a record: a set's optval
 * arrives in CONT records after its XT_SET, and an answer longer than
 * a record stays with the connection, given out piece by piece.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon-private.h"
#include "wire/ebt-shape.h"

/* An XT_SET's optval being reassembled from its CONT records */
struct ud_xt_in {
	struct unl_wire_req req;
	struct ud_net *net; /* held until it runs */
	unsigned char *buf;
	size_t have, want;
};

void ud_xt_forget(struct ud_conn *c)
{
	if (c->xt_in) {
		ud_net_put(c->d, c->xt_in->net);
		free(c->xt_in->buf);
		free(c->xt_in);
		c->xt_in = NULL;
	}
	free(c->xt_ans);
	c->xt_ans = NULL;
	c->xt_ans_len = 0;
}

/* The option on buf (its first plen bytes what optval held), with
 * room made as the core asks for it; the answer, the first piece
 * in the reply and the rest kept (XT_MORE). */
static void xt_run(struct ud_conn *c, struct ud_net *n,
		   const struct unl_wire_req *req, unsigned char *buf,
		   size_t plen)
{
	bool set = req->op == UNL_OP_XT_SET;
	uint32_t len = (uint32_t)req->a2, out = 0;
	size_t cap = plen > UNL_WIRE_XT_MAX ? plen : UNL_WIRE_XT_MAX;
	unsigned char *room;
	struct ud_out *o;
	int ret;

	room = realloc(buf, cap);
	if (!room) {
		free(buf);
		ud_reply(c, -ENOMEM, NULL, 0, NULL, 0);
		return;
	}
	buf = room;
	memset(buf + plen, 0, cap - plen);
	for (;;) {
		if (req->op == UNL_OP_EBT)
			ret = unl_ebt_sockopt(n->net, &c->cred,
					      req->a2 & UNL_WIRE_EBT_SET,
					      req->a0,
					      req->a2 & ~UNL_WIRE_EBT_SET, buf,
					      plen, cap, req->a1, &out);
		else
			ret = unl_xt_sockopt(n->net, &c->cred, req->a0, set,
					     req->a1, buf, cap, len, &out);
		if (ret != -ENOBUFS || out <= cap)
			break;
		/* the answer is larger than the optval: a table's old
		 * counters, or GET_ENTRIES' table */
		room = realloc(buf, out);
		if (!room) {
			ret = -ENOMEM;
			break;
		}
		memset(room + cap, 0, out - cap);
		buf = room;
		cap = out;
	}
	if (ret < 0 || out <= UNL_WIRE_XT_MAX) {
		ud_reply(c, ret, ret < 0 ? NULL : buf, ret < 0 ? 0 : out,
			 NULL, 0);
		free(buf);
		return;
	}
	o = ud_reply(c, ret, buf, UNL_WIRE_XT_MAX, NULL, 0);
	if (!o) {
		free(buf);
		return;
	}
	/* the whole answer's length: the client asks for the rest */
	memcpy(o->buf + offsetof(struct unl_wire_rep, len), &out, sizeof(out));
	c->xt_ans = buf;
	c->xt_ans_len = out;
}

_Static_assert(UNL_WIRE_EBT_HEAD_FAULT == UNL_EBT_HEAD_FAULT &&
		       UNL_WIRE_EBT_DATA == UNL_EBT_DATA &&
		       UNL_WIRE_EBT_DATA_FAULT == UNL_EBT_DATA_FAULT &&
		       UNL_WIRE_EBT_DATA_BIG == UNL_EBT_DATA_BIG &&
		       !(UNL_WIRE_EBT_SET & 0xf),
	       "the wire's EBT flags are the core's");

/* What an EBT record and its CONTs carry: the replace, then the
 * block it names (ebt-shape.h); SIZE_MAX when plen cannot be that (the
 * first record holds the replace whole). */
static size_t ebt_want(const struct unl_wire_req *req,
		       const unsigned char *payload, size_t plen)
{
	size_t head = (req->a2 & UNL_EBT_HEAD_FAULT)
			      ? 0
			      : sizeof(struct ebt_replace);
	struct ebt_replace r;
	uint64_t where, block;

	if (plen < head)
		return SIZE_MAX;
	if (!(req->a2 & UNL_EBT_DATA))
		return head;
	if (!head || !(req->a2 & UNL_WIRE_EBT_SET))
		return SIZE_MAX;
	memcpy(&r, payload, sizeof(r));
	block = unl_wire_ebt_block(req->a0, req->a1, &r, &where);
	if (!block || block > UNL_WIRE_EBT_BLOCK_MAX)
		return SIZE_MAX;
	return head + block;
}

void ud_xt_sockopt_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen, int *fds,
		      int nfds)
{
	bool ebt = req->op == UNL_OP_EBT;
	bool set = req->op == UNL_OP_XT_SET ||
		   (ebt && (req->a2 & UNL_WIRE_EBT_SET));
	uint32_t len = (uint32_t)req->a2;
	struct ud_net *n = c->d->init;
	unsigned char *buf;
	size_t want;
	int err = 0;

	ud_xt_forget(c);
	if (nfds)
		n = ud_net_of_passed(c->d, fds[0], &err);
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	/* a get sends the head its option reads, a set all of optval
	 * that the option may read; ebtables' its replace and the block
	 * that points at */
	if (ebt)
		want = ebt_want(req, payload, plen);
	else if (set)
		want = len < UNL_WIRE_XT_SET_MAX ? len : UNL_WIRE_XT_SET_MAX;
	else
		want = len < UNL_WIRE_XT_GET_HEAD ? len : UNL_WIRE_XT_GET_HEAD;
	if (req->a2 < 0 && !set && !ebt)
		want = 0;
	if (want == SIZE_MAX || plen > want || (!set && plen != want)) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	buf = malloc(want ? want : 1);
	if (!buf) {
		ud_reply(c, -ENOMEM, NULL, 0, NULL, 0);
		return;
	}
	memcpy(buf, payload, plen);
	if (plen == want) {
		xt_run(c, n, req, buf, plen);
		return;
	}
	/* the rest follows in CONT records */
	c->xt_in = calloc(1, sizeof(*c->xt_in));
	if (!c->xt_in) {
		free(buf);
		ud_reply(c, -ENOMEM, NULL, 0, NULL, 0);
		return;
	}
	ud_net_hold(n);
	*c->xt_in = (struct ud_xt_in){ .req = *req, .net = n, .buf = buf,
				       .have = plen, .want = want };
}

bool ud_xt_cont(struct ud_conn *c, const unsigned char *payload,
		size_t plen)
{
	struct ud_xt_in *in = c->xt_in;
	struct ud_net *n;

	if (!in)
		return false;
	if (plen > in->want - in->have)
		return false;
	memcpy(in->buf + in->have, payload, plen);
	in->have += plen;
	if (in->have < in->want)
		return true;
	c->xt_in = NULL;
	n = in->net;
	xt_run(c, n, &in->req, in->buf, in->have);
	ud_net_put(c->d, n);
	free(in);
	return true;
}

void ud_xt_more_op(struct ud_conn *c, const struct unl_wire_req *req)
{
	size_t off = (uint32_t)req->a0, n;

	if (!c->xt_ans) {
		ud_reply(c, -ENOENT, NULL, 0, NULL, 0);
		return;
	}
	if (req->a0 < 0 || off >= c->xt_ans_len) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	n = c->xt_ans_len - off;
	if (n > UNL_WIRE_XT_MAX)
		n = UNL_WIRE_XT_MAX;
	ud_reply(c, 0, c->xt_ans + off, n, NULL, 0);
	if (off + n == c->xt_ans_len)
		ud_xt_forget(c);
}
