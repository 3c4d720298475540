// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic netlink families served by client processes (the serving side
 * is include/unetlink/service.h).
 *
 * A service connection registers a family described as the in-process
 * struct unl_genl_family is, flattened (struct unl_wire_family).  We
 * rebuild it, with its policies, as a proxy family in our genl core, so
 * that it gets a dynamic id, appears in nlctrl's answers and is announced
 * (NEWFAMILY, NEWMCAST_GRP) like any family.  A request to it is checked
 * by the core exactly as for an in-process family (header, command,
 * GENL_ADMIN_PERM, policy with extended ACK); then, instead of a handler,
 * relay() copies it to the serving connection and returns -EINTR: no ACK
 * now.
 *
 *   client          daemon                          serving process
 *   sendmsg ---->   core validates, relay() ------>  UNL_SVC_REQUEST
 *   (reply held)                                     handler runs
 *                   unicast from the genl socket <-- SVC_UNICAST (do)
 *                                                or  SVC_REPLY  (dump)
 *                   ACK / dump from the stored   <-- SVC_DONE
 *   <---- sendmsg returns: replies, ACK readable
 *
 * The requesting client's SENDMSG reply is held (a waiting struct ud_out,
 * as for a parked send) until every request of that sendmsg is answered,
 * so that, as with a kernel family, replies and ACK are readable when
 * sendmsg() returns.  A dump's messages are kept (at most
 * UD_SVC_MAX_ANSWER bytes) until SVC_DONE, then handed out through the
 * core's dump machinery, a buffer at a time as the client reads.
 *
 * A family is registered once, in the daemon's initial net (its home,
 * Linux's init_net); with netnsok it is reachable from every net of the
 * world, nets made later too (the genl core decides, as for a kernel
 * family).  Each request carries its net to the server, and the answers,
 * acknowledgements and events go back into the net they name: the
 * requester's (the net of its socket), or, for a multicast, the one the
 * server chose.
 *
 * Every request ends: with the server's answer, with -ENOENT when the
 * serving connection goes (the family is unregistered first, as a request
 * to a family that no longer exists gets -ENOENT from genl_rcv_msg), or
 * with -ETIMEDOUT after UD_SVC_TIMEOUT_MS.
 *
 * Memory.  A server that never reads, never answers or floods costs the
 * daemon a bounded amount, and no other client anything: per serving
 * connection UD_SVC_MAX_QUEUED bytes of requests it has not read and
 * UD_SVC_MAX_HELD of requests in flight and dump answers so far (past
 * either, requests to its families get -ENOBUFS, as a full receive queue
 * answers in Linux, and a dump answer that would pass it ends in
 * ENOBUFS); UD_SVC_MAX_FED of dump answers being read, all families
 * together.  tests/daemon/test_hostile.c measures it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/genetlink.h>

#include <unetlink/fault.h>
#include <unetlink/genl.h>

#include "daemon/daemon-private.h"
#include "proto/genl/genl-private.h"

/* Below the shim's 5 s limit for a non-blocking sendmsg(): a client that
 * does not wait forever still gets the error, not a dropped connection. */
#define UD_SVC_TIMEOUT_MS 4000
#define UD_SVC_MAX_INFLIGHT 256          /* per served family */
#define UD_SVC_MAX_ANSWER (4u << 20)     /* bytes of one dump answer */
#define UD_SVC_MAX_FAMILIES 16           /* per connection */
#define UD_SVC_MAX_POLICIES 256          /* per family */
#define UD_SVC_MAX_MAXTYPE 4096          /* per policy */
#define UD_SVC_MAX_HDRSIZE 1024
/* What a serving connection may cost the daemon, whatever its server
 * does (never reads its requests, never answers, floods dump answers):
 * the requests queued for it and not yet read, and the copies of its
 * requests in flight with their dump answers so far.  Past either, a
 * request to its families is refused with ENOBUFS (as a full receive
 * queue refuses in Linux) and a dump answer that would pass it ends in
 * ENOBUFS; other families and clients are not affected. */
#define UD_SVC_MAX_QUEUED (1u << 20)
#define UD_SVC_MAX_HELD (16u << 20)
/* Dump answers being read by their requesters, all families together
 * (a requesting socket runs one dump at a time; many sockets could hold
 * UD_SVC_MAX_ANSWER each): past it, a dump answer ends in ENOBUFS. */
#define UD_SVC_MAX_FED (32u << 20)

/* A family served by a connection. */
struct ud_fam {
	struct unl_genl_family fam; /* registered in d->net; priv = us */
	struct ud_daemon *d;
	struct ud_conn *conn;
	struct unl_nla_policy **pols; /* rebuilt policies */
	struct unl_nla_range **ranges; /* RANGE_PTR targets, per policy */
	uint32_t *pol_max;            /* maxtype of each */
	unsigned int npols;
	char *strings;                /* reject messages */
	struct unl_genl_ops *ops;
	struct unl_genl_split_ops *split;
	struct unl_genl_multicast_group *grps;
	unsigned int inflight;
	struct ud_fam *next; /* conn->fams */
};

/* The reply of one sendmsg, held until its relayed requests are
 * answered. */
struct ud_hold {
	struct ud_conn *conn; /* NULL when it closed */
	struct ud_out *reply; /* a waiting entry of conn, or NULL */
	int32_t ret;
	unsigned int pending;
	bool armed; /* the sendmsg has returned */
};

/* A request in flight.  Owns nlh (a copy of the request) and ans. */
struct ud_svc_req {
	uint32_t id;
	struct ud_fam *fam;
	uint32_t portid;
	struct ud_served *from; /* the requesting socket; NULL once closed */
	struct ud_hold *hold;
	bool dump;
	bool overflow; /* the dump answer exceeded UD_SVC_MAX_ANSWER */
	struct nlmsghdr *nlh;
	unsigned char *ans; /* dump messages so far */
	size_t ans_len, ans_cap;
	size_t held; /* counted in fam->conn->svc_held: nlh and ans */
	int64_t deadline_ns;
	struct ud_svc_req *prev, *next;
	/* on fam->conn->svc_reqs: what its server may answer (asked()) */
	struct ud_svc_req *cprev, *cnext;
};

static struct unl_sock *genl_ksk(struct unl_net *net)
{
	return unl_net_kernel_sock(net, NETLINK_GENERIC);
}

/* The genl socket of the requester's net (alive while its socket is). */
static struct unl_sock *req_ksk(const struct ud_svc_req *req)
{
	return genl_ksk(unl_sock_net(req->from->sk));
}

/* The daemon's net that a server names (struct unl_wire_svc_net), with
 * the world locked; NULL when it went meanwhile. */
static struct unl_net *net_of_wire(struct ud_daemon *d, uint64_t wire)
{
	if (wire == UNL_SVC_NET_HOME)
		return d->net;
	return unl_world_net_by_id(unl_net_world(d->net), wire);
}

/* ---- holds ---- */

struct ud_hold *ud_svc_hold_take(struct ud_daemon *d)
{
	struct ud_hold *h = d->hold;

	d->hold = NULL;
	return h;
}

static void hold_complete(struct ud_hold *h)
{
	if (h->conn && h->reply) {
		ud_reply_fill(h->conn, h->reply, h->ret);
		ud_conn_dirty(h->conn);
	}
	free(h);
}

void ud_svc_hold_arm(struct ud_hold *h, struct ud_conn *c, struct ud_out *o,
		     int32_t ret)
{
	h->conn = o ? c : NULL;
	h->reply = o;
	h->ret = ret;
	h->armed = true;
	if (o)
		o->waiting = true;
	if (!h->pending)
		hold_complete(h);
}

/* ---- requests ---- */

/* Take req off the books and free it; its sendmsg's reply goes when its
 * last request has. */
static void req_finish(struct ud_daemon *d, struct ud_svc_req *req)
{
	struct ud_hold *h = req->hold;

	if (req->prev)
		req->prev->next = req->next;
	else
		d->svc_head = req->next;
	if (req->next)
		req->next->prev = req->prev;
	else
		d->svc_tail = req->prev;
	ud_map_del(&d->svc_by_id, req->id);
	if (req->fam) {
		struct ud_conn *c = req->fam->conn;

		req->fam->inflight--;
		c->svc_held -= req->held;
		if (req->cprev)
			req->cprev->cnext = req->cnext;
		else
			c->svc_reqs = req->cnext;
		if (req->cnext)
			req->cnext->cprev = req->cprev;
	}
	if (h && --h->pending == 0 && h->armed)
		hold_complete(h);
	free(req->nlh);
	free(req->ans);
	free(req);
}

/* End req with an error ACK (the net locked). */
static void req_fail(struct ud_daemon *d, struct ud_svc_req *req, int err)
{
	if (req->from)
		unl_ack_portid(req_ksk(req), req->portid, req->nlh, err, NULL);
	req_finish(d, req);
}

/* In deadline order (a timeout fault's may come before the others'). */
static void req_queue(struct ud_daemon *d, struct ud_svc_req *req)
{
	struct ud_svc_req *after = d->svc_tail;

	while (after && after->deadline_ns > req->deadline_ns)
		after = after->prev;
	req->prev = after;
	req->next = after ? after->next : d->svc_head;
	if (req->next)
		req->next->prev = req;
	else
		d->svc_tail = req;
	if (after)
		after->next = req;
	else
		d->svc_head = req;
}

/* The core's input: a validated request for a served family, with the net
 * locked.  Copied to the serving connection; -EINTR: answered later. */
static int fam_relay(struct unl_skb *skb, struct unl_genl_info *info,
		     bool dump)
{
	struct ud_fam *f = info->family->priv;
	struct ud_daemon *d = f->d;
	struct unl_skb_cb *cb = unl_skb_cb(skb);
	struct ud_svc_req *req;
	struct unl_wire_svc h;
	struct unl_fault fault;
	bool timeout;
	uint32_t len = info->nlhdr->nlmsg_len;

	if (!f->conn || f->conn->closed)
		return -ENOENT;
	/* A server that does not keep up is refused more, not queued
	 * without end. */
	if (f->inflight >= UD_SVC_MAX_INFLIGHT)
		return -ENOBUFS;
	if (len > UNL_WIRE_MAX_RECORD - sizeof(h))
		return -EMSGSIZE;
	if (f->conn->out_bytes + sizeof(h) + len > UD_SVC_MAX_QUEUED ||
	    f->conn->svc_held + len > UD_SVC_MAX_HELD)
		return -ENOBUFS;
	req = calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->nlh = malloc(len);
	if (!req->nlh) {
		free(req);
		return -ENOMEM;
	}
	memcpy(req->nlh, info->nlhdr, len);
	req->held = len;
	do {
		req->id = ++d->svc_next_id;
	} while (!req->id || ud_map_get(&d->svc_by_id, req->id));
	req->fam = f;
	req->portid = info->snd_portid;
	req->from = d->send_sock;
	req->dump = dump;

	memset(&h, 0, sizeof(h));
	h.kind = UNL_SVC_REQUEST;
	h.len = len;
	h.id = req->id;
	h.family = f->fam.id;
	h.mcgrp_offset = f->fam.mcgrp_offset;
	h.portid = info->snd_portid;
	h.net = info->net == d->net ? UNL_SVC_NET_HOME : unl_net_id(info->net);
	h.pid = cb->creds.pid;
	h.uid = cb->creds.uid;
	h.gid = cb->creds.gid;
	if (unl_skb_capable(skb, CAP_NET_ADMIN))
		h.flags |= UNL_SVC_F_ADMIN;
	if (dump)
		h.flags |= UNL_SVC_F_DUMP;
	if (unl_skb_strict_check(skb))
		h.flags |= UNL_SVC_F_STRICT;

	/* a timeout fault: the server never hears of it */
	timeout = unl_fault_served_timeout(info->net, NETLINK_GENERIC,
					   info->nlhdr, cb->creds.pid, &fault);
	if (ud_map_put(&d->svc_by_id, req->id, req) ||
	    (!timeout && ud_push(f->conn, &h, sizeof(h), req->nlh, len))) {
		ud_map_del(&d->svc_by_id, req->id);
		free(req->nlh);
		free(req);
		return -ENOMEM;
	}
	if (!timeout) {
		ud_conn_dirty(f->conn);
		d->svc_handed = true;
	}
	f->inflight++;
	f->conn->svc_held += req->held;

	if (d->send_conn) {
		if (!d->hold) {
			d->hold = calloc(1, sizeof(*d->hold));
			/* Out of memory: the reply is not held back; the
			 * answer still comes, only later. */
			if (d->hold)
				d->hold->conn = d->send_conn;
		}
		if (d->hold) {
			d->hold->pending++;
			req->hold = d->hold;
		}
	}
	req->deadline_ns = ud_now_ns() +
			   (timeout && fault.ms ? fault.ms : UD_SVC_TIMEOUT_MS) *
				   1000000LL;
	req_queue(d, req);
	req->cnext = f->conn->svc_reqs;
	if (req->cnext)
		req->cnext->cprev = req;
	f->conn->svc_reqs = req;
	return -EINTR;
}

/* Never called: relay() takes every request.  They exist because the core
 * knows an op's modes by its handlers. */
static int stub_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	return -EOPNOTSUPP;
}

static int stub_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	return -EOPNOTSUPP;
}

/* ---- registration ---- */

struct rd {
	const unsigned char *p;
	size_t left;
};

static const void *take(struct rd *r, size_t n)
{
	const void *p = r->p;

	if (n > r->left)
		return NULL;
	r->p += n;
	r->left -= n;
	return p;
}

static void fam_free(struct ud_fam *f)
{
	for (unsigned int i = 0; i < f->npols; i++) {
		free(f->pols[i]);
		free(f->ranges[i]);
	}
	free(f->pols);
	free(f->ranges);
	free(f->pol_max);
	free(f->strings);
	free(f->ops);
	free(f->split);
	free(f->grps);
	free(f);
}

static bool name_ok(const char *name)
{
	return name[0] && memchr(name, '\0', GENL_NAMSIZ);
}

/* Policy p (1-based, 0 none) can be read up to maxattr. */
static bool pol_covers(const struct ud_fam *f, unsigned int p,
		       uint32_t maxattr)
{
	if (!p)
		return maxattr == 0;
	return p <= f->npols && maxattr <= f->pol_max[p - 1];
}

/* Rebuild one entry.  Everything the core will follow (nested policies
 * and their maxtype, strings) is checked here: a bad description must not
 * make the validator read out of bounds. */
static int entry_build(struct ud_fam *f, unsigned int pi, unsigned int j,
		       const struct unl_wire_nla_policy *e, size_t slen)
{
	struct unl_nla_policy *pt = &f->pols[pi][j];
	bool nest = e->type == UNL_NLA_NESTED ||
		    e->type == UNL_NLA_NESTED_ARRAY;

	if (e->type > UNL_NLA_TYPE_MAX ||
	    e->validation_type > UNL_NLA_VALIDATE_FUNCTION)
		return -EINVAL;
	pt->type = e->type;
	pt->validation_type = e->validation_type;
	pt->len = e->len;
	if (nest || e->type == UNL_NLA_REJECT) {
		if (e->validation_type != UNL_NLA_VALIDATE_NONE)
			return -EINVAL;
		if (!e->ref)
			return 0;
		if (nest) {
			if (!pol_covers(f, e->ref, e->len) || !e->len)
				return -EINVAL;
			pt->nested_policy = f->pols[e->ref - 1];
		} else {
			if (e->ref - 1 >= slen)
				return -EINVAL;
			pt->reject_message = f->strings + e->ref - 1;
		}
		return 0;
	}
	switch (e->validation_type) {
	case UNL_NLA_VALIDATE_RANGE_PTR:
		f->ranges[pi][j].min = e->min;
		f->ranges[pi][j].max = e->max;
		pt->range = &f->ranges[pi][j];
		break;
	case UNL_NLA_VALIDATE_FUNCTION:
		break; /* the serving process runs it */
	default:
		pt->min = e->min;
		pt->max = e->max;
		break;
	}
	return 0;
}

/* struct unl_wire_family -> a registrable family.  0 or -EINVAL,
 * -ENOMEM. */
static int fam_parse(struct ud_fam *f, const unsigned char *p, size_t n)
{
	const struct unl_wire_genl_op *wops;
	const struct unl_wire_mcgrp *wgrps;
	const struct unl_wire_nla_policy **ents;
	const struct unl_wire_family *wf;
	struct rd r = { p, n };
	unsigned int nops = 0, nsplit = 0;
	const char *strs;
	int err = -EINVAL;

	wf = take(&r, sizeof(*wf));
	if (!wf || !name_ok(wf->name) || wf->n_policies > UD_SVC_MAX_POLICIES ||
	    wf->hdrsize > UD_SVC_MAX_HDRSIZE)
		return -EINVAL;
	wops = take(&r, (size_t)wf->n_ops * sizeof(*wops));
	wgrps = take(&r, (size_t)wf->n_mcgrps * sizeof(*wgrps));
	if (!wops || !wgrps)
		return -EINVAL;
	f->npols = wf->n_policies;
	f->pols = calloc(f->npols + 1, sizeof(*f->pols));
	f->ranges = calloc(f->npols + 1, sizeof(*f->ranges));
	f->pol_max = calloc(f->npols + 1, sizeof(*f->pol_max));
	ents = calloc(f->npols + 1, sizeof(*ents));
	if (!f->pols || !f->ranges || !f->pol_max || !ents) {
		f->npols = 0;
		free(ents);
		return -ENOMEM;
	}
	/* First every table (nests may point forward), then the entries. */
	for (unsigned int i = 0; i < f->npols; i++) {
		const uint32_t *mt = take(&r, sizeof(*mt));

		if (!mt || *mt > UD_SVC_MAX_MAXTYPE)
			goto out;
		f->pol_max[i] = *mt;
		ents[i] = take(&r, ((size_t)*mt + 1) * sizeof(**ents));
		f->pols[i] = calloc((size_t)*mt + 1, sizeof(**f->pols));
		f->ranges[i] = calloc((size_t)*mt + 1, sizeof(**f->ranges));
		if (!ents[i])
			goto out;
		if (!f->pols[i] || !f->ranges[i]) {
			err = -ENOMEM;
			goto out;
		}
	}
	strs = take(&r, wf->strings_len);
	if (!strs || r.left || (wf->strings_len && strs[wf->strings_len - 1]))
		goto out;
	f->strings = malloc(wf->strings_len + 1);
	if (!f->strings) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(f->strings, strs, wf->strings_len);
	f->strings[wf->strings_len] = '\0';
	for (unsigned int i = 0; i < f->npols; i++)
		for (unsigned int j = 0; j <= f->pol_max[i]; j++) {
			struct unl_wire_nla_policy e;

			memcpy(&e, &ents[i][j], sizeof(e));
			err = entry_build(f, i, j, &e, wf->strings_len);
			if (err)
				goto out;
		}
	err = -EINVAL;

	/* The family-wide policy is read up to maxattr, and so is an op's
	 * own policy when the op leaves maxattr to the family. */
	if (wf->policy && !pol_covers(f, wf->policy, wf->maxattr))
		goto out;
	for (unsigned int i = 0; i < wf->n_ops; i++)
		if (wops[i].kind & UNL_WIRE_OP_SPLIT)
			nsplit++;
		else
			nops++;
	f->ops = calloc(nops + 1, sizeof(*f->ops));
	f->split = calloc(nsplit + 1, sizeof(*f->split));
	f->grps = calloc(wf->n_mcgrps + 1, sizeof(*f->grps));
	if (!f->ops || !f->split || !f->grps) {
		err = -ENOMEM;
		goto out;
	}
	nops = nsplit = 0;
	for (unsigned int i = 0; i < wf->n_ops; i++) {
		struct unl_wire_genl_op o;

		memcpy(&o, &wops[i], sizeof(o));
		if (o.kind & UNL_WIRE_OP_SPLIT) {
			struct unl_genl_split_ops *so = &f->split[nsplit++];

			if (!pol_covers(f, o.policy, o.policy ? o.maxattr : 0) ||
			    (!o.policy && o.maxattr))
				goto out;
			if (o.flags & GENL_CMD_CAP_DO)
				so->doit = stub_doit;
			else if (o.flags & GENL_CMD_CAP_DUMP)
				so->dumpit = stub_dumpit;
			so->policy = o.policy ? f->pols[o.policy - 1] : NULL;
			so->maxattr = o.maxattr;
			so->cmd = o.cmd;
			so->internal_flags = o.internal_flags;
			so->flags = o.flags;
			so->validate = o.validate;
		} else {
			struct unl_genl_ops *fo = &f->ops[nops++];
			/* What genl_op_from_full will make of it. */
			uint32_t max = o.maxattr ? o.maxattr : wf->maxattr;
			unsigned int pol = o.policy ? o.policy : wf->policy;

			if (!pol_covers(f, pol, pol ? max : 0) || (!pol && max))
				goto out;
			fo->doit = (o.kind & UNL_WIRE_OP_DO) ? stub_doit : NULL;
			fo->dumpit = (o.kind & UNL_WIRE_OP_DUMP) ? stub_dumpit
								  : NULL;
			fo->policy = o.policy ? f->pols[o.policy - 1] : NULL;
			fo->maxattr = o.maxattr;
			fo->cmd = o.cmd;
			fo->internal_flags = o.internal_flags;
			fo->flags = o.flags;
			fo->validate = o.validate;
		}
	}
	for (unsigned int i = 0; i < wf->n_mcgrps; i++) {
		if (!name_ok(wgrps[i].name))
			goto out;
		memcpy(f->grps[i].name, wgrps[i].name, GENL_NAMSIZ);
		f->grps[i].flags = wgrps[i].flags;
	}

	memcpy(f->fam.name, wf->name, GENL_NAMSIZ);
	f->fam.version = wf->version;
	f->fam.hdrsize = wf->hdrsize;
	f->fam.maxattr = wf->maxattr;
	f->fam.netnsok = wf->flags & UNL_WIRE_FAM_NETNSOK;
	f->fam.resv_start_op = wf->resv_start_op;
	f->fam.policy = wf->policy ? f->pols[wf->policy - 1] : NULL;
	f->fam.ops = nops ? f->ops : NULL;
	f->fam.n_ops = nops;
	f->fam.split_ops = nsplit ? f->split : NULL;
	f->fam.n_split_ops = nsplit;
	f->fam.mcgrps = wf->n_mcgrps ? f->grps : NULL;
	f->fam.n_mcgrps = wf->n_mcgrps;
	f->fam.priv = f;
	err = 0;
out:
	free(ents);
	return err;
}

static void op_register(struct ud_conn *c, const struct unl_wire_req *req,
			const unsigned char *p, size_t plen)
{
	struct ud_daemon *d = c->d;
	struct unl_wire_svc h = { .kind = UNL_SVC_REGISTERED,
				  .id = (uint32_t)req->a0 };
	struct ud_fam *f = NULL;
	int ret;

	/* From now on this connection is written svc records only. */
	c->svc = true;
	if (c->nfams >= UD_SVC_MAX_FAMILIES) {
		ret = -ENOSPC;
		goto answer;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		ret = -ENOMEM;
		goto answer;
	}
	f->d = d;
	f->conn = c;
	ret = fam_parse(f, p, plen);
	if (!ret) {
		unl_net_lock(d->net);
		ret = genl_register_relayed(d->net, &f->fam, fam_relay);
		unl_net_unlock(d->net);
	}
	if (ret < 0) {
		ud_log(d, 1, "pid %d: family registration refused: %s",
		       c->cred.pid, strerror(-ret));
		fam_free(f);
		goto answer;
	}
	ud_log(d, 1, "pid %d serves genl family %s (id %d)", c->cred.pid,
	       f->fam.name, ret);
	f->next = c->fams;
	c->fams = f;
	c->nfams++;
	h.family = f->fam.id;
	h.mcgrp_offset = f->fam.mcgrp_offset;
answer:
	h.ret = ret;
	if (ud_push(c, &h, sizeof(h), NULL, 0))
		ud_conn_close(c, "out of memory for an answer");
}

/* Unregister f (DELFAMILY) and fail its requests; the net locked. */
static void fam_drop(struct ud_daemon *d, struct ud_fam *f)
{
	struct ud_svc_req *req, *next;

	unl_genl_unregister_family(&f->fam);
	for (req = d->svc_head; req; req = next) {
		next = req->next;
		if (req->fam == f)
			req_fail(d, req, -ENOENT);
	}
	ud_log(d, 1, "genl family %s is gone", f->fam.name);
}

static struct ud_fam *conn_fam(struct ud_conn *c, uint32_t id)
{
	for (struct ud_fam *f = c->fams; f; f = f->next)
		if (f->fam.id == id && f->fam.net)
			return f;
	return NULL;
}

static void op_unregister(struct ud_conn *c, const struct unl_wire_req *req)
{
	struct ud_fam *f = conn_fam(c, (uint32_t)req->a0), **pp;

	if (!f)
		return;
	unl_net_lock(c->d->net);
	fam_drop(c->d, f);
	unl_net_unlock(c->d->net);
	for (pp = &c->fams; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	c->nfams--;
	fam_free(f);
}

/* msgs_ok(), and, for a net other than the families' home (!home),
 * each message's family exists there: one without netnsok does not
 * (Linux never sends its messages outside init_net). */
static bool msgs_reach(struct ud_conn *c, const unsigned char *p, size_t n,
		       uint32_t fam_id, bool home)
{
	if (!n)
		return false;
	while (n) {
		struct nlmsghdr nlh;
		struct ud_fam *f;
		size_t step;

		if (n < NLMSG_HDRLEN)
			return false;
		memcpy(&nlh, p, sizeof(nlh));
		if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > n)
			return false;
		f = conn_fam(c, nlh.nlmsg_type);
		if ((fam_id && nlh.nlmsg_type != fam_id) || !f ||
		    (!home && !f->fam.netnsok))
			return false;
		step = NLMSG_ALIGN(nlh.nlmsg_len);
		if (step > n)
			step = n;
		p += step;
		n -= step;
	}
	return true;
}

/* Messages of the connection's families only: a server speaks for its
 * families and no other.  true when every message in p is well formed
 * and of one of them (of fam_id when not 0). */
static bool msgs_ok(struct ud_conn *c, const unsigned char *p, size_t n,
		    uint32_t fam_id)
{
	return msgs_reach(c, p, n, fam_id, true);
}

static struct unl_skb *skb_of(const unsigned char *p, size_t n)
{
	struct unl_skb *skb = unl_skb_alloc(n);
	void *q = skb ? unl_skb_put(skb, n) : NULL;

	if (!q) {
		unl_skb_free(skb);
		return NULL;
	}
	memcpy(q, p, n);
	return skb;
}

/* The net a record's payload names first; p and plen move past it. */
static bool take_net(const unsigned char **p, size_t *plen, uint64_t *wire)
{
	struct unl_wire_svc_net to;

	if (*plen < sizeof(to))
		return false;
	memcpy(&to, *p, sizeof(to));
	*wire = to.net;
	*p += sizeof(to);
	*plen -= sizeof(to);
	return true;
}

/* Does c serve a request in flight that portid sent from net with seq?
 * (the net locked)  Its own requests only: a server's unicasts cost
 * the daemon a walk bounded by what that server has in flight. */
static bool asked(struct ud_conn *c, struct unl_net *net, uint32_t portid,
		  uint32_t seq)
{
	for (struct ud_svc_req *r = c->svc_reqs; r; r = r->cnext)
		if (r->from &&
		    r->portid == portid && r->nlh->nlmsg_seq == seq &&
		    unl_sock_net(r->from->sk) == net)
			return true;
	return false;
}

/* A message with a sequence number answers a request: a server may send
 * one only to a socket whose request with that number it is serving, so
 * that it cannot pass its messages off as the answer another socket
 * waits for (docs/conformance.md).  Events (seq 0) go anywhere, as a
 * kernel family's genlmsg_unicast() may send them. */
static bool answers_asked(struct ud_conn *c, struct unl_net *net,
			  uint32_t portid, const unsigned char *p, size_t n)
{
	while (n >= NLMSG_HDRLEN) {
		struct nlmsghdr nlh;
		size_t step;

		memcpy(&nlh, p, sizeof(nlh));
		if (nlh.nlmsg_seq && !asked(c, net, portid, nlh.nlmsg_seq))
			return false;
		step = NLMSG_ALIGN(nlh.nlmsg_len);
		if (step >= n)
			break;
		p += step;
		n -= step;
	}
	return true;
}

static void op_unicast(struct ud_conn *c, const struct unl_wire_req *req,
		       const unsigned char *p, size_t plen)
{
	struct ud_daemon *d = c->d;
	uint32_t portid = (uint32_t)req->a0;
	struct unl_skb *skb;
	struct unl_net *net;
	uint64_t wire;

	if (!take_net(&p, &plen, &wire) || !msgs_ok(c, p, plen, 0))
		return ud_conn_close(c, "SVC_UNICAST of foreign messages");
	/* A family without netnsok has no socket to answer outside its
	 * home: such a message goes nowhere. */
	if (wire != UNL_SVC_NET_HOME && !msgs_reach(c, p, plen, 0, false))
		return;
	skb = skb_of(p, plen);
	if (!skb)
		return;
	unl_net_lock(d->net);
	net = net_of_wire(d, wire);
	if (net && !answers_asked(c, net, portid, p, plen)) {
		ud_log(d, 1, "pid %d: a unicast to portid %u answers no request "
			     "of it: dropped", c->cred.pid, portid);
		net = NULL;
	}
	if (net)
		unl_genlmsg_unicast(net, skb, portid);
	else
		unl_skb_free(skb);
	unl_net_unlock(d->net);
}

static void op_mcast(struct ud_conn *c, const struct unl_wire_req *req,
		     const unsigned char *p, size_t plen)
{
	struct ud_fam *f = conn_fam(c, (uint32_t)req->a0);
	struct ud_daemon *d = c->d;
	unsigned int grp = (unsigned int)req->a1;
	uint32_t portid = (uint32_t)req->a2;
	struct unl_skb *skb;
	struct unl_net *net;
	uint64_t wire;

	if (!f)
		return; /* unregistered meanwhile */
	if (!take_net(&p, &plen, &wire) || req->a1 < 0 ||
	    grp >= f->fam.n_mcgrps || !msgs_ok(c, p, plen, f->fam.id) ||
	    (wire == UNL_SVC_NET_ALL && req->a3 != UNL_SVC_MC_EXCLUDE))
		return ud_conn_close(c, "bad SVC_MCAST");
	/* Without netnsok the family's groups exist in its home only. */
	if (!f->fam.netnsok && wire == UNL_SVC_NET_ALL)
		wire = UNL_SVC_NET_HOME;
	if (!f->fam.netnsok && wire != UNL_SVC_NET_HOME)
		return;
	skb = skb_of(p, plen);
	if (!skb)
		return;
	unl_net_lock(d->net);
	net = wire == UNL_SVC_NET_ALL ? NULL : net_of_wire(d, wire);
	if (wire == UNL_SVC_NET_ALL)
		unl_genlmsg_multicast_allns(&f->fam, skb, portid, grp);
	else if (!net)
		unl_skb_free(skb);
	else if (req->a3 == UNL_SVC_MC_EXCLUDE)
		unl_genlmsg_multicast_netns(&f->fam, net, skb, portid, grp);
	else
		/* The echo is an answer: to a socket that asked only. */
		unl_notify(genl_ksk(net), skb, portid,
			   f->fam.mcgrp_offset + grp,
			   req->a3 == UNL_SVC_MC_ECHO &&
				   answers_asked(c, net, portid, p, plen));
	unl_net_unlock(d->net);
}

static struct ud_svc_req *conn_req(struct ud_conn *c, uint32_t id)
{
	struct ud_svc_req *req = ud_map_get(&c->d->svc_by_id, id);

	/* A late answer (the request timed out) finds nothing. */
	return req && req->fam && req->fam->conn == c ? req : NULL;
}

/* A dump answer too large to keep: what was kept goes, and the dump
 * ends in ENOBUFS. */
static void ans_overflow(struct ud_conn *c, struct ud_svc_req *r)
{
	c->svc_held -= r->ans_cap;
	r->held -= r->ans_cap;
	free(r->ans);
	r->ans = NULL;
	r->ans_len = r->ans_cap = 0;
	r->overflow = true;
}

static void op_reply(struct ud_conn *c, const struct unl_wire_req *req,
		     const unsigned char *p, size_t plen)
{
	struct ud_svc_req *r = conn_req(c, (uint32_t)req->a0);

	if (!r)
		return;
	if (!r->dump || !msgs_ok(c, p, plen, r->fam->fam.id))
		return ud_conn_close(c, "bad SVC_REPLY");
	if (r->overflow)
		return;
	if (r->ans_len + plen > UD_SVC_MAX_ANSWER)
		return ans_overflow(c, r);
	if (r->ans_len + plen > r->ans_cap) {
		size_t cap = r->ans_cap ? r->ans_cap : 16384;
		unsigned char *q;

		while (cap < r->ans_len + plen)
			cap *= 2;
		if (c->svc_held - r->ans_cap + cap > UD_SVC_MAX_HELD)
			return ans_overflow(c, r);
		q = realloc(r->ans, cap);
		if (!q)
			return ans_overflow(c, r);
		c->svc_held += cap - r->ans_cap;
		r->held += cap - r->ans_cap;
		r->ans = q;
		r->ans_cap = cap;
	}
	memcpy(r->ans + r->ans_len, p, plen);
	r->ans_len += plen;
}

/* A dump's stored answer, handed out by the core a buffer at a time. */
struct feed {
	unsigned char *buf; /* owned */
	size_t len, off;
	size_t *fed; /* d->svc_fed, which counts len */
	int err;
	bool *started; /* set by start: the core owns us from then on */
	char msg[128];
};

static int feed_start(struct unl_callback *cb)
{
	struct feed *fd = cb->data;

	*fd->started = true;
	fd->started = NULL;
	return 0;
}

static int feed_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct feed *fd = cb->data;

	while (fd->off < fd->len) {
		struct nlmsghdr nlh;
		size_t step;
		void *q;

		memcpy(&nlh, fd->buf + fd->off, sizeof(nlh));
		step = NLMSG_ALIGN(nlh.nlmsg_len);
		if (step > fd->len - fd->off)
			step = fd->len - fd->off;
		if (step > unl_skb_tailroom(skb))
			break;
		q = unl_skb_put(skb, step);
		memcpy(q, fd->buf + fd->off, nlh.nlmsg_len);
		fd->off += step;
	}
	if (unl_skb_len(skb))
		return (int)unl_skb_len(skb);
	if (fd->off < fd->len)
		return -EMSGSIZE; /* one message larger than the buffer */
	if (fd->msg[0] && cb->extack)
		cb->extack->msg = fd->msg;
	return fd->err;
}

static int feed_done(struct unl_callback *cb)
{
	struct feed *fd = cb->data;

	if (fd->fed)
		*fd->fed -= fd->len;
	free(fd->buf);
	free(fd);
	return 0;
}

/* Start the dump of r's stored answer (the net locked).  0 when it
 * started, or the error to ACK with. */
static int dump_start(struct ud_daemon *d, struct ud_svc_req *r, int err,
		      const char *msg)
{
	struct unl_dump_control ctl = {
		.start = feed_start,
		.dump = feed_dump,
		.done = feed_done,
	};
	struct unl_skb *skb;
	bool started = false;
	struct feed *fd;
	int ret;

	fd = calloc(1, sizeof(*fd));
	skb = skb_of((const unsigned char *)r->nlh, r->nlh->nlmsg_len);
	if (!fd || !skb) {
		free(fd);
		unl_skb_free(skb);
		return -ENOMEM;
	}
	if (d->svc_fed + r->ans_len > UD_SVC_MAX_FED)
		ans_overflow(r->fam->conn, r);
	fd->buf = r->ans;
	fd->len = r->ans_len;
	fd->fed = &d->svc_fed;
	d->svc_fed += fd->len;
	fd->err = r->overflow ? -ENOBUFS : err;
	fd->started = &started;
	if (msg)
		snprintf(fd->msg, sizeof(fd->msg), "%s", msg);
	r->fam->conn->svc_held -= r->ans_cap;
	r->held -= r->ans_cap;
	r->ans = NULL;
	r->ans_len = r->ans_cap = 0;
	unl_skb_cb(skb)->portid = r->portid;
	unl_skb_cb(skb)->sk = r->from->sk; /* for NETLINK_GET_STRICT_CHK */
	ctl.data = fd;
	ret = unl_dump_start(req_ksk(r), skb,
			     (const struct nlmsghdr *)unl_skb_data(skb), &ctl);
	unl_skb_free(skb);
	/* Once started, the dump's done frees fd (perhaps already: a short
	 * answer ends within unl_dump_start). */
	if (!started)
		feed_done(&(struct unl_callback){ .data = fd });
	return ret == -EINTR ? 0 : ret;
}

static void op_done(struct ud_conn *c, const struct unl_wire_req *req,
		    const unsigned char *p, size_t plen)
{
	struct ud_svc_req *r = conn_req(c, (uint32_t)req->a0);
	struct ud_daemon *d = c->d;
	struct unl_wire_svc_done dn;
	struct unl_ext_ack extack;
	uint32_t len;
	char msg[128];
	int err;

	if (plen < sizeof(dn))
		return ud_conn_close(c, "short SVC_DONE");
	memcpy(&dn, p, sizeof(dn));
	if (dn.msg_len > plen - sizeof(dn) || dn.error > 0 ||
	    dn.error < -4095 || dn.cookie_len > sizeof(dn.cookie))
		return ud_conn_close(c, "bad SVC_DONE");
	if (!r)
		return;
	len = r->nlh->nlmsg_len;
	memset(&extack, 0, sizeof(extack));
	if (dn.msg_len) {
		size_t n = dn.msg_len < sizeof(msg) ? dn.msg_len
						    : sizeof(msg) - 1;

		memcpy(msg, p + sizeof(dn), n);
		msg[n] = '\0';
		extack.msg = msg;
	}
	/* Offsets into our copy of the request: ack_tlv_fill gives them
	 * back as the server meant them. */
	if (dn.bad_attr >= NLMSG_HDRLEN && (uint32_t)dn.bad_attr < len)
		extack.bad_attr = (const struct nlattr *)((const uint8_t *)
								  r->nlh +
							  dn.bad_attr);
	if (dn.miss_nest >= NLMSG_HDRLEN && (uint32_t)dn.miss_nest <= len)
		extack.miss_nest = (const struct nlattr *)((const uint8_t *)
								   r->nlh +
							   dn.miss_nest);
	extack.miss_type = dn.miss_type;
	if (dn.policy && dn.policy <= r->fam->npols &&
	    dn.policy_type <= r->fam->pol_max[dn.policy - 1])
		extack.policy = &r->fam->pols[dn.policy - 1][dn.policy_type];
	extack.cookie_len = dn.cookie_len;
	memcpy(extack.cookie, dn.cookie, dn.cookie_len);

	unl_net_lock(d->net);
	err = dn.error;
	if (r->dump && (dn.flags & UNL_SVC_DONE_DUMP)) {
		err = r->from ? dump_start(d, r, dn.error, extack.msg) : 0;
		/* A dump ends in NLMSG_DONE, not an ACK; only a dump that
		 * could not start is acknowledged with its error. */
		memset(&extack, 0, sizeof(extack));
		if (err && r->from)
			unl_ack_portid(req_ksk(r), r->portid, r->nlh, err,
				       NULL);
	} else if (r->from && (err || (r->nlh->nlmsg_flags & NLM_F_ACK))) {
		unl_ack_portid(req_ksk(r), r->portid, r->nlh, err, &extack);
	}
	req_finish(d, r);
	unl_net_unlock(d->net);
}

void ud_svc_op(struct ud_conn *c, const struct unl_wire_req *req,
	       const unsigned char *payload, size_t plen)
{
	switch (req->op) {
	case UNL_OP_SVC_REGISTER:
		return op_register(c, req, payload, plen);
	case UNL_OP_SVC_UNREGISTER:
		return op_unregister(c, req);
	case UNL_OP_SVC_REPLY:
		return op_reply(c, req, payload, plen);
	case UNL_OP_SVC_DONE:
		return op_done(c, req, payload, plen);
	case UNL_OP_SVC_UNICAST:
		return op_unicast(c, req, payload, plen);
	case UNL_OP_SVC_MCAST:
		return op_mcast(c, req, payload, plen);
	}
}

/* ---- lifetime ---- */

void ud_svc_conn_closed(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	for (struct ud_svc_req *r = d->svc_head; r; r = r->next)
		if (r->hold && r->hold->conn == c) {
			r->hold->conn = NULL;
			r->hold->reply = NULL; /* freed with c's queue */
		}
	if (d->hold && d->hold->conn == c)
		d->hold->conn = NULL;
	if (!c->fams)
		return;
	unl_net_lock(d->net);
	for (struct ud_fam *f = c->fams; f; f = f->next)
		fam_drop(d, f);
	unl_net_unlock(d->net);
	while (c->fams) {
		struct ud_fam *f = c->fams;

		c->fams = f->next;
		fam_free(f);
	}
	c->nfams = 0;
}

void ud_svc_served_closed(struct ud_served *s)
{
	for (struct ud_svc_req *r = s->d->svc_head; r; r = r->next)
		if (r->from == s)
			r->from = NULL;
}

int64_t ud_svc_next_deadline(const struct ud_daemon *d)
{
	return d->svc_head ? d->svc_head->deadline_ns : -1;
}

void ud_svc_timers(struct ud_daemon *d)
{
	int64_t now = ud_now_ns();

	if (!d->svc_head || d->svc_head->deadline_ns > now)
		return;
	unl_net_lock(d->net);
	while (d->svc_head && d->svc_head->deadline_ns <= now) {
		ud_log(d, 1, "genl family %s did not answer request %u in "
			     "time", d->svc_head->fam->fam.name,
		       d->svc_head->id);
		req_fail(d, d->svc_head, -ETIMEDOUT);
	}
	unl_net_unlock(d->net);
}

/* Write what connections were given outside their own requests: the
 * ones marked, not every connection (10,000 clients, one loop turn per
 * request). */
void ud_svc_flush(struct ud_daemon *d)
{
	while (d->dirty) {
		struct ud_conn *c = d->dirty;

		d->dirty = c->dirty_next;
		c->dirty_next = NULL;
		c->svc_dirty = false;
		ud_conn_kick(c);
	}
}

void ud_svc_teardown(struct ud_daemon *d)
{
	/* Connections are closed first, and with them every family and
	 * request; only the map is left. */
	ud_map_free(&d->svc_by_id);
}
