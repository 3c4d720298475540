// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The serving side of families served through the daemon
 * (include/unetlink/service.h; the daemon's side is src/daemon/family.c,
 * the records src/wire/wire.h).
 *
 * A struct unl_service is one control connection in service mode and a
 * private world of nets: one stands for the daemon's initial net (the
 * families' home), and one more is made for each other net of the
 * daemon a request comes from, so that a handler sees in info->net which
 * net asked, as a kernel handler does (a netnsok family may keep state
 * per net).  The nets are there so that handlers can use the genl
 * senders unchanged: the world's genl core hands what they send
 * (unl_genlmsg_reply, _unicast, _multicast*, unl_genl_notify) to this
 * file (genl_net_set_out) with the net it was sent in, which writes it
 * to the daemon naming the daemon's net.  The user's family struct is
 * not registered in the world; it only points to the home net
 * (family->net) and carries the id and group offset the daemon gave it.
 *
 * Requests come as UNL_SVC_REQUEST records, already validated by the
 * daemon.  Each is rebuilt as a request skb (NETLINK_CB: the sender's
 * portid and credentials, UNL_SKB_RELAYED so that unl_skb_capable()
 * believes the daemon), parsed again with the op's policy, and run as
 * genetlink.c runs it; then SVC_DONE says how it ended.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/genetlink.h>

#include <unetlink/service.h>

#include "proto/genl/genl-private.h"
#include "wire/wire.h"

/* NLMSG_GOODSIZE: every message a dumpit writes then fits whatever
 * buffer the daemon's dump hands out. */
#define SVC_DUMP_BUF 3776u
#define SVC_MAX_DUMP (4u << 20) /* the daemon keeps no more */
#define SVC_WAIT_MS 5000        /* for HELLO and a registration */

/* What an admin client holds in the daemon (src/daemon/peer.c). */
#define SVC_ADMIN_CAPS                                                     \
	(UNL_CAP(CAP_NET_ADMIN) | UNL_CAP(CAP_NET_BROADCAST) |             \
	 UNL_CAP(CAP_NET_RAW) | UNL_CAP(CAP_SYS_ADMIN) |                   \
	 UNL_CAP(CAP_SETUID) | UNL_CAP(CAP_SETGID))

/* A registered family and its policies, numbered as on the wire. */
struct svc_fam {
	struct unl_genl_family *family; /* the caller's */
	const struct unl_nla_policy **pols;
	uint32_t *max;
	unsigned int npols, cap;
	struct svc_fam *next;
};

/* A net of ours, by the daemon's net it stands for. */
struct svc_net {
	uint64_t wire; /* UNL_SVC_NET_HOME, or the daemon's id */
	struct unl_net *net;
};

struct unl_service {
	int fd;
	bool dead;
	struct unl_world *world;
	struct unl_net *net; /* the home: the daemon's initial net */
	/* Every net of ours, sorted by wire id (nets[0] the home), and
	 * the daemon's id of each by our id less the home's (our ids are
	 * handed out in order, and no net of ours is freed before svc). */
	struct svc_net *nets;
	uint64_t *wire_of;
	size_t nnets, capnets;
	struct svc_fam *fams;
	uint32_t token;
	unsigned char *rx; /* UNL_WIRE_MAX_RECORD */
	/* A handler's unicast, held back while its request runs so that
	 * it goes with the next record (SVC_DONE, usually) in one
	 * sendmmsg(): one system call here, one wake-up of the daemon. */
	bool in_request;
	unsigned char *held; /* UNL_WIRE_MAX_RECORD, allocated on first use */
	size_t held_len;
};

/* ---- the connection ---- */


/* Write the records of msgs[0..n), in order; the connection is dead
 * after any error. */
static int svc_write(struct unl_service *svc, struct mmsghdr *msgs,
		     unsigned int n)
{
	while (n) {
		int k = sendmmsg(svc->fd, msgs, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			svc->dead = true;
			return -ECONNRESET;
		}
		msgs += k;
		n -= (unsigned int)k;
	}
	return 0;
}

/* One record: the header, then up to two pieces of payload; after the
 * held unicast, if there is one. */
static int svc_send(struct unl_service *svc, uint32_t op, int32_t a0,
		    int32_t a1, int32_t a2, int32_t a3, const void *p1,
		    size_t n1, const void *p2, size_t n2)
{
	struct unl_wire_req req = {
		.op = op,
		.a0 = a0, .a1 = a1, .a2 = a2, .a3 = a3,
		.len = (uint32_t)(n1 + n2),
	};
	struct iovec held = { svc->held, svc->held_len };
	struct iovec iov[3] = {
		{ &req, sizeof(req) },
		{ (void *)p1, n1 },
		{ (void *)p2, n2 },
	};
	struct mmsghdr m[2] = {
		{ .msg_hdr = { .msg_iov = &held, .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = iov, .msg_iovlen = 3 } },
	};
	bool with_held = svc->held_len;

	svc->held_len = 0;
	if (svc->dead)
		return -ECONNRESET;
	if (sizeof(req) + n1 + n2 > UNL_WIRE_MAX_RECORD) {
		int err = with_held ? svc_write(svc, m, 1) : 0;

		return err ? err : -EMSGSIZE;
	}
	return with_held ? svc_write(svc, m, 2) : svc_write(svc, m + 1, 1);
}

/* Send the held unicast now. */
static void svc_flush(struct unl_service *svc)
{
	struct iovec held = { svc->held, svc->held_len };
	struct mmsghdr m = { .msg_hdr = { .msg_iov = &held, .msg_iovlen = 1 } };

	if (!svc->held_len)
		return;
	svc->held_len = 0;
	if (!svc->dead)
		svc_write(svc, &m, 1);
}

/* Hold a handler's unicast record back (see struct unl_service): 0, or
 * -EAGAIN when it must go now. */
static int svc_hold(struct unl_service *svc, int32_t portid,
		    const void *p1, size_t n1, const void *p2, size_t n2)
{
	struct unl_wire_req req = {
		.op = UNL_OP_SVC_UNICAST, .a0 = portid,
		.len = (uint32_t)(n1 + n2),
	};
	size_t len = sizeof(req) + n1 + n2;

	if (!svc->in_request || svc->held_len || svc->dead ||
	    len > UNL_WIRE_MAX_RECORD)
		return -EAGAIN;
	if (!svc->held) {
		svc->held = malloc(UNL_WIRE_MAX_RECORD);
		if (!svc->held)
			return -EAGAIN;
	}
	memcpy(svc->held, &req, sizeof(req));
	memcpy(svc->held + sizeof(req), p1, n1);
	if (n2)
		memcpy(svc->held + sizeof(req) + n1, p2, n2);
	svc->held_len = len;
	return 0;
}

/* One record into svc->rx.  Its length, -EAGAIN (nothing within
 * timeout_ms; 0: do not wait), or -ECONNRESET. */
static ssize_t svc_recv(struct unl_service *svc, int timeout_ms)
{
	ssize_t n;

	if (svc->dead)
		return -ECONNRESET;
	for (;;) {
		struct pollfd p = { .fd = svc->fd, .events = POLLIN };
		int r;

		/* Waiting for ever: recv() alone, one system call a
		 * request. */
		if (timeout_ms < 0) {
			n = recv(svc->fd, svc->rx, UNL_WIRE_MAX_RECORD, 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n >= 0 || errno != EAGAIN)
				break;
			/* made non-blocking by its user: poll() */
		}
		r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -EAGAIN;
		n = recv(svc->fd, svc->rx, UNL_WIRE_MAX_RECORD, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		break;
	}
	if (n <= 0) {
		svc->dead = true;
		return -ECONNRESET;
	}
	return n;
}

/* ---- the daemon's nets ---- */

static const struct genl_out_ops svc_out;

/* Where wire is, or would go, in svc->nets. */
static size_t net_slot(const struct unl_service *svc, uint64_t wire)
{
	size_t lo = 0, hi = svc->nnets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (svc->nets[mid].wire < wire)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Ours for the daemon's net wire, made on first use; NULL: -ENOMEM. */
static struct unl_net *net_of_wire(struct unl_service *svc, uint64_t wire)
{
	size_t i = net_slot(svc, wire);
	struct unl_net *net;
	uint64_t idx;
	int err;

	if (i < svc->nnets && svc->nets[i].wire == wire)
		return svc->nets[i].net;
	if (svc->nnets == svc->capnets) {
		size_t cap = svc->capnets ? svc->capnets * 2 : 8;
		struct svc_net *n = realloc(svc->nets, cap * sizeof(*n));
		uint64_t *w;

		if (!n)
			return NULL;
		svc->nets = n;
		w = realloc(svc->wire_of, cap * sizeof(*w));
		if (!w)
			return NULL;
		svc->wire_of = w;
		svc->capnets = cap;
	}
	if (unl_net_new_in(svc->world, NULL, &net))
		return NULL;
	unl_net_lock(net);
	err = genl_net_set_out(net, &svc_out, svc);
	unl_net_unlock(net);
	idx = svc->net ? unl_net_id(net) - unl_net_id(svc->net) : 0;
	if (err || idx != svc->nnets) {
		unl_net_free(net);
		return NULL;
	}
	memmove(&svc->nets[i + 1], &svc->nets[i],
		(svc->nnets - i) * sizeof(*svc->nets));
	svc->nets[i].wire = wire;
	svc->nets[i].net = net;
	svc->wire_of[svc->nnets++] = wire;
	return net;
}

/* The daemon's net that ours stands for. */
static uint64_t wire_of_net(const struct unl_service *svc,
			    const struct unl_net *net)
{
	uint64_t idx = unl_net_id(net) - unl_net_id(svc->net);

	return idx < svc->nnets ? svc->wire_of[idx] : UNL_SVC_NET_HOME;
}

/* ---- what handlers send ---- */

static int out_unicast(void *user, struct unl_net *net, struct unl_skb *skb,
		       uint32_t portid)
{
	struct unl_service *svc = user;
	struct unl_wire_svc_net to = { .net = wire_of_net(svc, net) };
	int err = svc_hold(svc, (int32_t)portid, &to, sizeof(to),
			   unl_skb_data(skb), unl_skb_len(skb));

	if (err)
		err = svc_send(svc, UNL_OP_SVC_UNICAST, (int32_t)portid, 0, 0,
			       0, &to, sizeof(to), unl_skb_data(skb),
			       unl_skb_len(skb));

	unl_skb_free(skb);
	return err;
}

static int out_multicast(void *user, struct unl_net *net,
			 const struct unl_genl_family *family,
			 struct unl_skb *skb, uint32_t portid,
			 unsigned int group, int how)
{
	static const int32_t wire_how[] = {
		[GENL_OUT_EXCLUDE] = UNL_SVC_MC_EXCLUDE,
		[GENL_OUT_NOTIFY] = UNL_SVC_MC_NOTIFY,
		[GENL_OUT_ECHO] = UNL_SVC_MC_ECHO,
	};
	struct unl_service *svc = user;
	struct unl_wire_svc_net to = {
		.net = net ? wire_of_net(svc, net) : UNL_SVC_NET_ALL,
	};
	int err = svc_send(svc, UNL_OP_SVC_MCAST, family->id, (int32_t)group,
			   (int32_t)portid, wire_how[how], &to, sizeof(to),
			   unl_skb_data(skb), unl_skb_len(skb));

	unl_skb_free(skb);
	/* Whether anyone listened is the daemon's to know; a caller that
	 * must know asks unl_genl_has_listeners() (always true here). */
	return err;
}

static const struct genl_out_ops svc_out = {
	.unicast = out_unicast,
	.multicast = out_multicast,
};

int unl_service_connect(struct unl_service **svcp, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct unl_wire_rep rep;
	struct unl_service *svc;
	ssize_t n;
	int err;

	if (path) {
		if (strlen(path) >= sizeof(sa.sun_path))
			return -ENAMETOOLONG;
		strcpy(sa.sun_path, path);
	} else {
		err = unl_wire_socket_path(sa.sun_path, sizeof(sa.sun_path));
		if (err)
			return err;
	}
	svc = calloc(1, sizeof(*svc));
	if (!svc)
		return -ENOMEM;
	svc->rx = malloc(UNL_WIRE_MAX_RECORD);
	svc->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (!svc->rx || svc->fd < 0) {
		err = svc->rx ? -errno : -ENOMEM;
		goto fail;
	}
	if (connect(svc->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		goto fail;
	}
	err = svc_send(svc, UNL_OP_HELLO, (int32_t)UNL_WIRE_MAGIC,
		       UNL_WIRE_VERSION, 0, 0, NULL, 0, NULL, 0);
	if (err)
		goto fail;
	n = svc_recv(svc, SVC_WAIT_MS);
	if (n < 0) {
		err = n == -EAGAIN ? -ETIMEDOUT : (int)n;
		goto fail;
	}
	if ((size_t)n < sizeof(rep)) {
		err = -EPROTO;
		goto fail;
	}
	memcpy(&rep, svc->rx, sizeof(rep));
	if (rep.ret < 0) {
		err = rep.ret;
		goto fail;
	}
	err = unl_world_new(&svc->world);
	if (err)
		goto fail;
	svc->net = net_of_wire(svc, UNL_SVC_NET_HOME);
	if (!svc->net) {
		err = -ENOMEM;
		goto fail;
	}
	*svcp = svc;
	return 0;

fail:
	unl_world_free(svc->world);
	free(svc->nets);
	free(svc->wire_of);
	if (svc->fd >= 0)
		close(svc->fd);
	free(svc->rx);
	free(svc);
	return err;
}

static void fam_forget(struct svc_fam *sf)
{
	sf->family->id = 0;
	sf->family->mcgrp_offset = 0;
	sf->family->net = NULL;
	free(sf->pols);
	free(sf->max);
	free(sf);
}

void unl_service_free(struct unl_service *svc)
{
	if (!svc)
		return;
	while (svc->fams) {
		struct svc_fam *sf = svc->fams;

		svc->fams = sf->next;
		fam_forget(sf);
	}
	close(svc->fd);
	unl_world_free(svc->world);
	free(svc->nets);
	free(svc->wire_of);
	free(svc->rx);
	free(svc->held);
	free(svc);
}

int unl_service_fd(const struct unl_service *svc)
{
	return svc->fd;
}

/* ---- describing a family ---- */

/* The number (1-based) of policy p, added or grown to maxtype.  0 for
 * none, -ENOMEM, -E2BIG. */
static int pol_add(struct svc_fam *sf, const struct unl_nla_policy *p,
		   uint32_t maxtype)
{
	if (!p)
		return 0;
	for (unsigned int i = 0; i < sf->npols; i++)
		if (sf->pols[i] == p) {
			if (maxtype > sf->max[i])
				sf->max[i] = maxtype;
			return (int)i + 1;
		}
	if (sf->npols >= 256)
		return -E2BIG;
	if (sf->npols == sf->cap) {
		unsigned int cap = sf->cap ? sf->cap * 2 : 8;
		const struct unl_nla_policy **np =
			realloc(sf->pols, cap * sizeof(*np));
		uint32_t *nm;

		if (!np)
			return -ENOMEM;
		sf->pols = np;
		nm = realloc(sf->max, cap * sizeof(*nm));
		if (!nm)
			return -ENOMEM;
		sf->max = nm;
		sf->cap = cap;
	}
	sf->pols[sf->npols] = p;
	sf->max[sf->npols] = maxtype;
	return (int)++sf->npols;
}

static bool is_nest(const struct unl_nla_policy *pt)
{
	return pt->type == UNL_NLA_NESTED || pt->type == UNL_NLA_NESTED_ARRAY;
}

/* Every policy the family can reach, numbered in the order met: the
 * family's, the ops', then nested ones until nothing new appears (a
 * policy may grow when a later op reads it further). */
static int pols_collect(struct svc_fam *sf)
{
	const struct unl_genl_family *f = sf->family;
	bool changed = true;
	int r;

	r = pol_add(sf, f->policy, f->maxattr);
	for (unsigned int i = 0; r >= 0 && i < f->n_ops; i++)
		r = pol_add(sf, f->ops[i].policy ? f->ops[i].policy : f->policy,
			    f->ops[i].maxattr ? f->ops[i].maxattr : f->maxattr);
	for (unsigned int i = 0; r >= 0 && i < f->n_split_ops; i++)
		r = pol_add(sf, f->split_ops[i].policy,
			    f->split_ops[i].maxattr);
	while (r >= 0 && changed) {
		changed = false;
		for (unsigned int i = 0; r >= 0 && i < sf->npols; i++)
			for (uint32_t j = 0; r >= 0 && j <= sf->max[i]; j++) {
				const struct unl_nla_policy *pt =
					&sf->pols[i][j];
				unsigned int before = sf->npols;
				uint32_t old = 0;

				if (!is_nest(pt) || !pt->nested_policy)
					continue;
				for (unsigned int k = 0; k < sf->npols; k++)
					if (sf->pols[k] == pt->nested_policy)
						old = sf->max[k];
				r = pol_add(sf, pt->nested_policy, pt->len);
				if (r > 0 && (sf->npols != before ||
					      sf->max[r - 1] != old))
					changed = true;
			}
	}
	return r < 0 ? r : 0;
}

static int pol_num(const struct svc_fam *sf, const struct unl_nla_policy *p)
{
	for (unsigned int i = 0; p && i < sf->npols; i++)
		if (sf->pols[i] == p)
			return (int)i + 1;
	return 0;
}

/* A growing buffer for the description. */
struct wbuf {
	unsigned char *p;
	size_t len, cap;
	int err;
};

static void *wput(struct wbuf *b, const void *data, size_t n)
{
	void *at;

	if (b->err)
		return NULL;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *q;

		while (cap < b->len + n)
			cap *= 2;
		q = realloc(b->p, cap);
		if (!q) {
			b->err = -ENOMEM;
			return NULL;
		}
		b->p = q;
		b->cap = cap;
	}
	at = b->p + b->len;
	if (data)
		memcpy(at, data, n);
	else
		memset(at, 0, n);
	b->len += n;
	return at;
}

/* The struct unl_wire_family description (wire.h) of sf into b. */
static int fam_describe(const struct svc_fam *sf, struct wbuf *b)
{
	const struct unl_genl_family *f = sf->family;
	struct unl_wire_family wf;
	struct wbuf strs = { 0 };

	memset(&wf, 0, sizeof(wf));
	memcpy(wf.name, f->name, GENL_NAMSIZ);
	wf.version = f->version;
	wf.hdrsize = f->hdrsize;
	wf.maxattr = f->maxattr;
	wf.policy = (uint16_t)pol_num(sf, f->policy);
	wf.n_ops = (uint16_t)(f->n_ops + f->n_split_ops);
	wf.n_mcgrps = (uint16_t)f->n_mcgrps;
	wf.n_policies = (uint16_t)sf->npols;
	wf.resv_start_op = f->resv_start_op;
	wf.flags = f->netnsok ? UNL_WIRE_FAM_NETNSOK : 0;
	if (f->n_ops + f->n_split_ops > UINT16_MAX || f->n_mcgrps > UINT16_MAX)
		return -E2BIG;
	wput(b, &wf, sizeof(wf));
	for (unsigned int i = 0; i < f->n_ops; i++) {
		const struct unl_genl_ops *o = &f->ops[i];
		struct unl_wire_genl_op w = {
			.cmd = o->cmd,
			.flags = o->flags,
			.validate = o->validate,
			.kind = (uint8_t)((o->doit ? UNL_WIRE_OP_DO : 0) |
					  (o->dumpit ? UNL_WIRE_OP_DUMP : 0)),
			.policy = (uint16_t)pol_num(sf, o->policy),
			.internal_flags = o->internal_flags,
			.maxattr = o->maxattr,
		};

		wput(b, &w, sizeof(w));
	}
	for (unsigned int i = 0; i < f->n_split_ops; i++) {
		const struct unl_genl_split_ops *o = &f->split_ops[i];
		struct unl_wire_genl_op w = {
			.cmd = o->cmd,
			.flags = o->flags,
			.validate = o->validate,
			.kind = UNL_WIRE_OP_SPLIT,
			.policy = (uint16_t)pol_num(sf, o->policy),
			.internal_flags = o->internal_flags,
			.maxattr = o->maxattr,
		};

		wput(b, &w, sizeof(w));
	}
	for (unsigned int i = 0; i < f->n_mcgrps; i++) {
		struct unl_wire_mcgrp w;

		memset(&w, 0, sizeof(w));
		memcpy(w.name, f->mcgrps[i].name, GENL_NAMSIZ);
		w.flags = f->mcgrps[i].flags;
		wput(b, &w, sizeof(w));
	}
	for (unsigned int i = 0; i < sf->npols; i++) {
		wput(b, &sf->max[i], sizeof(sf->max[i]));
		for (uint32_t j = 0; j <= sf->max[i]; j++) {
			const struct unl_nla_policy *pt = &sf->pols[i][j];
			struct unl_wire_nla_policy e;

			memset(&e, 0, sizeof(e));
			e.type = pt->type;
			e.validation_type = pt->validation_type;
			e.len = pt->len;
			if (is_nest(pt)) {
				e.ref = (uint32_t)pol_num(sf, pt->nested_policy);
			} else if (pt->type == UNL_NLA_REJECT) {
				if (pt->reject_message) {
					e.ref = (uint32_t)strs.len + 1;
					wput(&strs, pt->reject_message,
					     strlen(pt->reject_message) + 1);
				}
			} else if (pt->validation_type ==
				   UNL_NLA_VALIDATE_RANGE_PTR) {
				if (pt->range) {
					e.min = pt->range->min;
					e.max = pt->range->max;
				}
			} else if (pt->validation_type !=
				   UNL_NLA_VALIDATE_FUNCTION) {
				/* The union as it is: strict_start_type,
				 * bitfield32_valid, mask, min/max. */
				e.min = pt->min;
				e.max = pt->max;
			}
			wput(b, &e, sizeof(e));
		}
	}
	if (strs.err)
		b->err = strs.err;
	if (!b->err) {
		((struct unl_wire_family *)b->p)->strings_len =
			(uint32_t)strs.len;
		if (strs.len)
			wput(b, strs.p, strs.len);
	}
	free(strs.p);
	return b->err;
}

static struct svc_fam *fam_by_id(struct unl_service *svc, uint32_t id)
{
	for (struct svc_fam *sf = svc->fams; sf; sf = sf->next)
		if (sf->family->id == id)
			return sf;
	return NULL;
}

static void handle_record(struct unl_service *svc, size_t n);

int unl_service_register(struct unl_service *svc,
			 struct unl_genl_family *family)
{
	struct svc_fam *sf;
	struct wbuf b = { 0 };
	uint32_t token = ++svc->token;
	struct timespec t0, t;
	int err;

	if (family->net)
		return -EBUSY;
	sf = calloc(1, sizeof(*sf));
	if (!sf)
		return -ENOMEM;
	sf->family = family;
	err = pols_collect(sf);
	if (!err)
		err = fam_describe(sf, &b);
	if (!err)
		err = svc_send(svc, UNL_OP_SVC_REGISTER, (int32_t)token, 0, 0,
			       0, b.p, b.len, NULL, 0);
	free(b.p);
	if (err)
		goto fail;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct unl_wire_svc h;
		long left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = SVC_WAIT_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
				      (t.tv_nsec - t0.tv_nsec) / 1000000);
		n = svc_recv(svc, left > 0 ? (int)left : 0);
		if (n < 0) {
			err = n == -EAGAIN ? -ETIMEDOUT : (int)n;
			goto fail;
		}
		if ((size_t)n < sizeof(h)) {
			err = -EPROTO;
			goto fail;
		}
		memcpy(&h, svc->rx, sizeof(h));
		if (h.kind != UNL_SVC_REGISTERED || h.id != token) {
			handle_record(svc, (size_t)n);
			continue;
		}
		if (h.ret < 0) {
			err = h.ret;
			goto fail;
		}
		family->id = (uint16_t)h.family;
		family->mcgrp_offset = h.mcgrp_offset;
		family->net = svc->net;
		sf->next = svc->fams;
		svc->fams = sf;
		return h.ret;
	}
fail:
	free(sf->pols);
	free(sf->max);
	free(sf);
	return err;
}

int unl_service_unregister(struct unl_service *svc,
			   struct unl_genl_family *family)
{
	for (struct svc_fam **pp = &svc->fams; *pp; pp = &(*pp)->next) {
		struct svc_fam *sf = *pp;

		if (sf->family != family)
			continue;
		svc_send(svc, UNL_OP_SVC_UNREGISTER, family->id, 0, 0, 0, NULL,
			 0, NULL, 0);
		*pp = sf->next;
		fam_forget(sf);
		return 0;
	}
	return -ENOENT;
}

/* ---- requests ---- */

/* SVC_DONE with err and what extack says, as offsets into the request
 * (nlh) and numbers of our policies. */
static void svc_done(struct unl_service *svc, const struct svc_fam *sf,
		     uint32_t id, const struct nlmsghdr *nlh, int err,
		     uint32_t flags, const struct unl_ext_ack *extack)
{
	const uint8_t *lo = (const uint8_t *)nlh;
	const uint8_t *hi = lo + (nlh ? nlh->nlmsg_len : 0);
	struct unl_wire_svc_done dn;
	size_t mlen = 0;

	memset(&dn, 0, sizeof(dn));
	dn.error = err > 0 ? 0 : err;
	dn.flags = flags;
	dn.bad_attr = -1;
	dn.miss_nest = -1;
	if (extack) {
		const uint8_t *ba = (const uint8_t *)extack->bad_attr;
		const uint8_t *mn = (const uint8_t *)extack->miss_nest;

		if (ba && ba >= lo && ba < hi)
			dn.bad_attr = (int32_t)(ba - lo);
		if (mn && mn >= lo && mn <= hi)
			dn.miss_nest = (int32_t)(mn - lo);
		dn.miss_type = extack->miss_type;
		for (unsigned int i = 0; sf && extack->policy && i < sf->npols;
		     i++)
			if (extack->policy >= sf->pols[i] &&
			    extack->policy <= sf->pols[i] + sf->max[i]) {
				dn.policy = (uint16_t)(i + 1);
				dn.policy_type =
					(uint16_t)(extack->policy - sf->pols[i]);
				break;
			}
		dn.cookie_len = extack->cookie_len <= sizeof(dn.cookie)
					? extack->cookie_len
					: 0;
		memcpy(dn.cookie, extack->cookie, dn.cookie_len);
		if (extack->msg)
			mlen = strnlen(extack->msg, 1024);
	}
	dn.msg_len = (uint32_t)mlen;
	svc_send(svc, UNL_OP_SVC_DONE, (int32_t)id, 0, 0, 0, &dn, sizeof(dn),
		 mlen ? extack->msg : NULL, mlen);
}

/* Run a dump to the end (genl_start, genl_dumpit, genl_done at once):
 * each filled buffer goes to the daemon as SVC_REPLY. */
static void run_dump(struct unl_service *svc, const struct svc_fam *sf,
		     uint32_t id, struct unl_skb *req, struct nlmsghdr *nlh,
		     const struct unl_genl_split_ops *op,
		     struct unl_genl_info *info, bool strict)
{
	struct unl_callback cb;
	struct unl_ext_ack extack;
	size_t total = 0;
	int rc = 0;

	memset(&cb, 0, sizeof(cb));
	memset(&extack, 0, sizeof(extack));
	cb.skb = req;
	cb.nlh = nlh;
	cb.dump = op->dumpit;
	cb.done = op->done;
	cb.data = info; /* unl_genl_dumpit_info() */
	cb.strict_check = strict;
	cb.extack = info->extack;
	if (op->start) {
		rc = op->start(&cb);
		if (rc) {
			svc_done(svc, sf, id, nlh, rc, 0, info->extack);
			return;
		}
	}
	info->extack = NULL;
	for (;;) {
		struct unl_skb *skb = unl_skb_alloc(SVC_DUMP_BUF);
		size_t len;

		if (!skb) {
			rc = -ENOBUFS;
			break;
		}
		memset(&extack, 0, sizeof(extack));
		cb.extack = &extack;
		info->extack = &extack;
		rc = op->dumpit(skb, &cb);
		len = unl_skb_len(skb);
		/* Full with something in it means more to come. */
		if (rc == -EMSGSIZE && len)
			rc = (int)len;
		if (len && svc_send(svc, UNL_OP_SVC_REPLY, (int32_t)id, 0, 0, 0,
				    unl_skb_data(skb), len, NULL, 0))
			rc = -ECONNRESET;
		unl_skb_free(skb);
		total += len;
		if (rc <= 0)
			break;
		/* "More" with nothing written would never end. */
		if (!len) {
			rc = -EMSGSIZE;
			break;
		}
		if (total > SVC_MAX_DUMP) {
			rc = -ENOBUFS;
			break;
		}
	}
	cb.extack = NULL;
	info->extack = NULL;
	if (op->done)
		op->done(&cb);
	/* NLMSG_DONE carries only the message of an extended ACK. */
	extack.bad_attr = NULL;
	extack.policy = NULL;
	extack.miss_nest = NULL;
	extack.miss_type = 0;
	svc_done(svc, sf, id, nlh, rc, UNL_SVC_DONE_DUMP, &extack);
}

static void handle_request(struct unl_service *svc,
			   const struct unl_wire_svc *h,
			   const unsigned char *msg, size_t len)
{
	struct svc_fam *sf = fam_by_id(svc, h->family);
	struct unl_net *net = net_of_wire(svc, h->net);
	const struct unl_genl_family *family;
	struct unl_genl_split_ops doit, dumpit, *op;
	bool dump = h->flags & UNL_SVC_F_DUMP;
	const struct nlattr **attrs = NULL;
	struct unl_ext_ack extack;
	struct unl_genl_info info;
	struct unl_skb_cb *cb;
	struct nlmsghdr *nlh;
	struct unl_skb *skb;
	int hdrlen, err;

	memset(&extack, 0, sizeof(extack));
	if (!sf || len < NLMSG_HDRLEN + GENL_HDRLEN) {
		svc_done(svc, NULL, h->id, NULL, -ENOENT, 0, NULL);
		return;
	}
	if (!net) {
		svc_done(svc, sf, h->id, NULL, -ENOMEM, 0, NULL);
		return;
	}
	family = sf->family;
	skb = unl_skb_alloc(len);
	if (!skb || !unl_skb_put(skb, len)) {
		unl_skb_free(skb);
		svc_done(svc, sf, h->id, NULL, -ENOMEM, 0, NULL);
		return;
	}
	memcpy(unl_skb_data(skb), msg, len);
	nlh = (struct nlmsghdr *)unl_skb_data(skb);
	cb = unl_skb_cb(skb);
	cb->portid = h->portid;
	cb->creds.pid = h->pid;
	cb->creds.uid = h->uid;
	cb->creds.gid = h->gid;
	cb->creds.caps = (h->flags & UNL_SVC_F_ADMIN) ? SVC_ADMIN_CAPS : 0;
	cb->flags = UNL_SKB_RELAYED;

	hdrlen = (int)(GENL_HDRLEN + family->hdrsize);
	genl_get_cmd_both(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd, family,
			  &doit, &dumpit);
	op = dump ? &dumpit : &doit;
	if (dump ? !op->dumpit : !op->doit) {
		err = -EOPNOTSUPP; /* the family changed under the daemon */
		goto done;
	}
	/* Valid already; parsed again for the handler's attrs table, and
	 * for validation functions, which only run here. */
	if (op->maxattr) {
		uint8_t no_strict = dump ? UNL_GENL_DONT_VALIDATE_DUMP_STRICT
					 : UNL_GENL_DONT_VALIDATE_STRICT;

		attrs = calloc(op->maxattr + 1, sizeof(*attrs));
		if (!attrs) {
			err = -ENOMEM;
			goto done;
		}
		err = unl_nlmsg_parse(nlh, hdrlen, attrs, (int)op->maxattr,
				      op->policy,
				      (op->validate & no_strict)
					      ? UNL_VALIDATE_LIBERAL
					      : UNL_VALIDATE_STRICT,
				      &extack);
		if (err)
			goto done;
	}
	memset(&info, 0, sizeof(info));
	info.snd_seq = nlh->nlmsg_seq;
	info.snd_portid = h->portid;
	info.family = family;
	info.nlhdr = nlh;
	info.genlhdr = NLMSG_DATA(nlh);
	info.attrs = attrs;
	info.net = net;
	info.extack = &extack;

	/* Handlers run with the net locked, as genl.h promises them. */
	unl_net_lock(net);
	if (dump) {
		run_dump(svc, sf, h->id, skb, nlh, op, &info,
			 h->flags & UNL_SVC_F_STRICT);
		unl_net_unlock(net);
		free(attrs);
		unl_skb_free(skb);
		return;
	}
	err = op->pre_doit ? op->pre_doit(op, skb, &info) : 0;
	if (!err) {
		err = op->doit(skb, &info);
		if (op->post_doit)
			op->post_doit(op, skb, &info);
	}
	unl_net_unlock(net);
done:
	svc_done(svc, sf, h->id, nlh, err, 0, &extack);
	free(attrs);
	unl_skb_free(skb);
}

static void handle_record(struct unl_service *svc, size_t n)
{
	struct unl_wire_svc h;

	if (n < sizeof(h))
		return;
	memcpy(&h, svc->rx, sizeof(h));
	if (h.kind == UNL_SVC_REQUEST && h.len == n - sizeof(h)) {
		svc->in_request = true;
		handle_request(svc, &h, svc->rx + sizeof(h), h.len);
		svc->in_request = false;
		svc_flush(svc);
	}
	/* Anything else is an answer nobody waits for any more. */
}

int unl_service_dispatch(struct unl_service *svc)
{
	int handled = 0;

	for (;;) {
		ssize_t n = svc_recv(svc, 0);

		if (n == -EAGAIN)
			return handled;
		if (n < 0)
			return (int)n;
		handle_record(svc, (size_t)n);
		handled++;
	}
}

int unl_service_run(struct unl_service *svc)
{
	for (;;) {
		ssize_t n = svc_recv(svc, -1);

		if (n < 0 && n != -EAGAIN)
			return (int)n;
		if (n > 0)
			handle_record(svc, (size_t)n);
	}
}
