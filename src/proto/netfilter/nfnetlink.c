// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_NETFILTER: the nfnetlink core (net/netfilter/nfnetlink.c).
 *
 * One kernel socket per net dispatches on the subsystem in the high byte
 * of nlmsg_type.  Plain requests go through netlink_rcv_skb as for any
 * protocol; a datagram that opens with NFNL_MSG_BATCH_BEGIN is a batch for
 * the subsystem its res_id names, run by nfnl_rcv_batch() below.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/ebt_tables.h"
#include "proto/netfilter/xt_tables.h"

/* The subsystems unetlink has, offered to a net when its profile has
 * their feature. */
static const struct nfnl_subsystem *const nfnl_builtin[] = {
	&nft_subsys,
	&nft_compat_subsys,
	&ctnl_subsys,
	&ctnl_exp_subsys,
	&ipset_subsys,
	&nfnl_acct_subsys,
	&nfulnl_subsys,
	&nfqnl_subsys,
	&cttimeout_subsys,
	&nfnl_cthelper_subsys,
	&nfnl_osf_subsys,
	&nfnl_hook_subsys,
};

struct nfnl_net {
	struct unl_net *net;
	struct unl_sock *ksk;
	const struct nfnl_subsystem *subsys[NFNL_SUBSYS_COUNT];
	void *priv[NFNL_SUBSYS_COUNT];
	void *nf_log; /* netfilter's core sysctls (nf_log.c) */
	void *xt;     /* ip_tables' and ip6_tables' tables (ip_tables.c) */
	void *ebt;    /* ebtables' tables (ebtables.c) */
};

void **nfnl_net_xt(struct nfnl_net *nn)
{
	return &nn->xt;
}

void **nfnl_net_ebt(struct nfnl_net *nn)
{
	return &nn->ebt;
}

void *nfnl_net_nf_log(const struct nfnl_net *nn)
{
	return nn->nf_log;
}

struct unl_net *nfnl_net_net(const struct nfnl_net *nn)
{
	return nn->net;
}

struct unl_sock *nfnl_net_sock(const struct nfnl_net *nn)
{
	return nn->ksk;
}

void *nfnl_subsys_priv(const struct nfnl_net *nn, uint8_t subsys_id)
{
	return subsys_id < NFNL_SUBSYS_COUNT && nn->subsys[subsys_id]
		       ? nn->priv[subsys_id]
		       : NULL;
}

/* The world's part of netfilter (unl_world_priv of NETLINK_NETFILTER):
 * one slot a subsystem. */
struct nfnl_world {
	void *state[NFNL_SUBSYS_COUNT];
	void (*release[NFNL_SUBSYS_COUNT])(void *);
};

static void nfnl_world_free(void *priv)
{
	struct nfnl_world *w = priv;

	for (size_t i = 0; i < NFNL_SUBSYS_COUNT; i++)
		if (w->state[i])
			w->release[i](w->state[i]);
	free(w);
}

void *nfnl_world_state(struct nfnl_net *nn, uint8_t subsys_id,
		       void *(*make)(void), void (*release)(void *))
{
	struct unl_world *world = unl_net_world(nn->net);
	struct nfnl_world *w = unl_world_priv(world, NETLINK_NETFILTER);

	if (subsys_id >= NFNL_SUBSYS_COUNT)
		return NULL;
	if (!w) {
		w = calloc(1, sizeof(*w));
		if (!w)
			return NULL;
		if (unl_world_set_priv(world, NETLINK_NETFILTER, w,
				       nfnl_world_free)) {
			free(w);
			return NULL;
		}
	}
	if (!w->state[subsys_id]) {
		w->state[subsys_id] = make();
		w->release[subsys_id] = release;
	}
	return w->state[subsys_id];
}

struct nfnl_net *nfnl_net_of(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_NETFILTER);

	return ksk ? unl_kernel_priv(ksk) : NULL;
}

static struct nfnl_net *nfnl_net_of_skb(struct unl_skb *skb)
{
	return unl_kernel_priv(unl_net_kernel_sock(
		unl_sock_net(unl_skb_cb(skb)->sk), NETLINK_NETFILTER));
}

/* ---- sending ---- */

/*
 * A message of nfnetlink:
 *
 *  +-----------------+--------+---------+--------+------------+
 *  | struct nlmsghdr | family | version | res_id | attributes |
 *  |                 |   u8   |   u8    | be16   |            |
 *  +-----------------+--------+---------+--------+------------+
 */
struct nlmsghdr *nfnl_msg_put(struct unl_skb *skb, uint32_t portid,
			      uint32_t seq, uint16_t type, uint16_t flags,
			      uint8_t family, uint8_t version,
			      uint16_t res_id)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, type,
					     sizeof(struct nfgenmsg), flags);
	struct nfgenmsg *nfmsg;

	if (!nlh)
		return NULL;
	nfmsg = NLMSG_DATA(nlh);
	nfmsg->nfgen_family = family;
	nfmsg->version = version;
	nfmsg->res_id = htons(res_id);
	return nlh;
}

bool nfnl_has_listeners(struct nfnl_net *nn, unsigned int group)
{
	return unl_has_listeners(nn->ksk, group);
}

int nfnl_send(struct nfnl_net *nn, struct unl_skb *skb, uint32_t portid,
	      unsigned int group, bool report)
{
	return unl_notify(nn->ksk, skb, portid, group, report);
}

int nfnl_unicast(struct nfnl_net *nn, struct unl_skb *skb, uint32_t portid)
{
	int err = unl_unicast(nn->ksk, skb, portid, true);

	/* nfnetlink_unicast(): a full receive queue is ENOBUFS here. */
	if (err == -EAGAIN)
		err = -ENOBUFS;
	return err < 0 ? err : 0;
}

void nfnl_set_err(struct nfnl_net *nn, uint32_t portid, unsigned int group,
		  int err)
{
	unl_set_err(nn->ksk, portid, group, err);
}

/* ---- dispatch ---- */

static const struct nfnl_subsystem *nfnl_subsys_get(struct nfnl_net *nn,
						    uint16_t type)
{
	unsigned int id = NFNL_SUBSYS_ID(type);

	return id < NFNL_SUBSYS_COUNT ? nn->subsys[id] : NULL;
}

static const struct nfnl_callback *
nfnl_find_client(uint16_t type, const struct nfnl_subsystem *ss)
{
	unsigned int cb_id = NFNL_MSG_TYPE(type);

	return cb_id < ss->cb_count ? &ss->cb[cb_id] : NULL;
}

static void nfnl_info_init(struct nfnl_info *info, struct nfnl_net *nn,
			   const struct nlmsghdr *nlh,
			   struct unl_ext_ack *extack, unsigned int subsys_id)
{
	info->net = nn->net;
	info->nn = nn;
	info->sk = nn->ksk;
	info->nlh = nlh;
	info->nfmsg = NLMSG_DATA(nlh);
	info->extack = extack;
	info->priv = nn->priv[subsys_id];
}

/* Parse the attributes after struct nfgenmsg with the callback's policy;
 * Linux's nla_parse_deprecated(): liberal, with the extended ACK given
 * (a batch's from 6.13: nfnl_batch_parse_ack()). */
static int nfnl_parse(const struct nlmsghdr *nlh,
		      const struct nfnl_callback *nc, const struct nlattr **cda,
		      struct unl_ext_ack *extack)
{
	int min_len = NLMSG_SPACE(sizeof(struct nfgenmsg));
	const struct nlattr *attr =
		(const struct nlattr *)((const char *)nlh + min_len);
	int attrlen = (int)nlh->nlmsg_len - min_len;

	return unl_nla_parse(cda, nc->attr_count, attr,
			     attrlen > 0 ? attrlen : 0, nc->policy,
			     UNL_VALIDATE_LIBERAL, extack);
}

/* nfnetlink_rcv_msg(): one request outside a batch. */
static int nfnl_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			struct unl_ext_ack *extack)
{
	struct nfnl_net *nn = nfnl_net_of_skb(skb);
	const struct nfnl_subsystem *ss;
	const struct nfnl_callback *nc;
	struct nfnl_info info;
	int err;

	/* Too short for struct nfgenmsg: ignored (acked when asked). */
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nfgenmsg)))
		return 0;
	ss = nfnl_subsys_get(nn, nlh->nlmsg_type);
	if (!ss)
		return -EINVAL;
	nc = nfnl_find_client(nlh->nlmsg_type, ss);
	if (!nc)
		return -EINVAL;
	{
		const struct nlattr *cda[nc->attr_count + 1];

		err = nfnl_parse(nlh, nc, cda, extack);
		if (err < 0)
			return err;
		nfnl_info_init(&info, nn, nlh, extack, ss->subsys_id);
		switch (nc->type) {
		case NFNL_CB_RCU:
		case NFNL_CB_MUTEX:
			return nc->call ? nc->call(skb, &info, cda) : -EINVAL;
		default:
			return -EINVAL;
		}
	}
}

/*
 * The ACKs of a batch wait until the batch is committed or aborted, in
 * the order of its messages (struct nfnl_err and its list).
 */
struct nfnl_err {
	const struct nlmsghdr *nlh;
	int err;
	struct unl_ext_ack extack;
};

struct nfnl_err_list {
	struct nfnl_err *v;
	size_t n, cap;
};

static int nfnl_err_add(struct nfnl_err_list *l, const struct nlmsghdr *nlh,
			int err, const struct unl_ext_ack *extack)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct nfnl_err *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].nlh = nlh;
	l->v[l->n].err = err;
	l->v[l->n].extack = *extack;
	/* a formatted message lives in the copied buffer */
	if (extack->msg == extack->msg_buf)
		l->v[l->n].extack.msg = l->v[l->n].extack.msg_buf;
	l->n++;
	return 0;
}

static void nfnl_err_reset(struct nfnl_err_list *l)
{
	l->n = 0;
}

static void nfnl_err_deliver(struct nfnl_err_list *l, struct unl_skb *skb)
{
	for (size_t i = 0; i < l->n; i++)
		unl_ack(skb, l->v[i].nlh, l->v[i].err, &l->v[i].extack);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

enum {
	NFNL_BATCH_FAILURE = 1 << 0,
	NFNL_BATCH_DONE = 1 << 1,
};

/* Where a batch message's attribute parse reports: its extended ACK
 * from Linux 6.13 on (commit "Report extack policy errors for batched
 * ops"), nowhere before, as a message outside a batch always did. */
static struct unl_ext_ack *nfnl_batch_parse_ack(const struct nfnl_net *nn,
						struct unl_ext_ack *extack)
{
	return unl_profile_at_least(unl_net_profile(nn->net), 613) ? extack
								   : NULL;
}

/* One message of a batch: 0 or -errno for its ACK. */
static int nfnl_batch_msg(struct unl_skb *skb, struct nfnl_net *nn,
			  const struct nfnl_subsystem *ss,
			  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nfnl_callback *nc;
	struct nfnl_info info;
	int err;

	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return -EINVAL;
	/* A batch carries messages of one subsystem only. */
	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != ss->subsys_id)
		return -EINVAL;
	nc = nfnl_find_client(nlh->nlmsg_type, ss);
	if (!nc)
		return -EINVAL;
	{
		const struct nlattr *cda[nc->attr_count + 1];

		err = nfnl_parse(nlh, nc, cda, nfnl_batch_parse_ack(nn, extack));
		if (err < 0)
			return err;
		if (nc->type != NFNL_CB_BATCH)
			return -EINVAL;
		nfnl_info_init(&info, nn, nlh, extack, ss->subsys_id);
		return nc->call(skb, &info, cda);
	}
}

/*
 * One pass over the messages of a batch after BATCH_BEGIN (from off on),
 * each processed in turn; every error, and every ACK asked for, is kept
 * in errs for later.  A malformed batch (a short message, a second
 * BATCH_BEGIN) drops the errors gathered so far.  Returns the
 * NFNL_BATCH_* status.
 */
static uint32_t nfnl_batch_pass(struct unl_skb *skb, struct nfnl_net *nn,
				const struct nfnl_subsystem *ss,
				const struct nlmsghdr *begin, size_t off,
				struct nfnl_err_list *errs)
{
	uint8_t *data = unl_skb_data(skb);
	size_t len = unl_skb_len(skb);
	uint32_t status = 0;
	int err;

	/* BATCH_BEGIN's own ACK, asked for, comes first. */
	if (begin->nlmsg_flags & NLM_F_ACK) {
		struct unl_ext_ack none = { 0 };

		nfnl_err_add(errs, begin, 0, &none);
	}
	while (len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(data + off);
		struct unl_ext_ack extack;
		size_t msglen;

		memset(&extack, 0, sizeof(extack));
		err = 0;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || len - off < nlh->nlmsg_len ||
		    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nfgenmsg))) {
			nfnl_err_reset(errs);
			return status | NFNL_BATCH_FAILURE;
		}
		if (!(nlh->nlmsg_flags & NLM_F_REQUEST)) {
			err = -EINVAL;
		} else if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN) {
			nfnl_err_reset(errs);
			return status | NFNL_BATCH_FAILURE;
		} else if (nlh->nlmsg_type == NFNL_MSG_BATCH_END) {
			if (nlh->nlmsg_flags & NLM_F_ACK)
				nfnl_err_add(errs, nlh, 0, &extack);
			return status | NFNL_BATCH_DONE;
		} else {
			err = nfnl_batch_msg(skb, nn, ss, nlh, &extack);
		}
		if ((nlh->nlmsg_flags & NLM_F_ACK) || err) {
			/* Processing goes on after an error, so that
			 * userspace hears of every error of the batch. */
			if (err == -ENOMEM ||
			    nfnl_err_add(errs, nlh, err, &extack) < 0) {
				nfnl_err_reset(errs);
				unl_ack(skb, (const struct nlmsghdr *)(data + off),
					-ENOMEM, NULL);
				return status | NFNL_BATCH_FAILURE;
			}
			if (err)
				status |= NFNL_BATCH_FAILURE;
		}
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len - off)
			msglen = len - off;
		off += msglen;
	}
	return status;
}

/* How often a batch runs again before its -EAGAIN is taken as final
 * (Linux replays while modules load; here only validation asks). */
#define NFNL_REPLAY_MAX 4

/*
 * nfnetlink_rcv_batch(): the batch is committed only when it ended with
 * BATCH_END and nothing failed; otherwise the subsystem undoes all of
 * it.  Only then are the ACKs sent.  A commit or abort that asks for it
 * (-EAGAIN) has the batch undone and run again, its errors reported
 * from the second run.
 */
static void nfnl_rcv_batch(struct unl_skb *skb, struct nfnl_net *nn,
			   const struct nlmsghdr *begin, size_t off,
			   uint16_t subsys_id, uint32_t genid)
{
	/* Linux pulls BATCH_BEGIN off the skb: what it calls the batch's
	 * header from then on is the message after it. */
	const struct nlmsghdr *first =
		(const struct nlmsghdr *)(unl_skb_data(skb) + off);
	const struct nfnl_subsystem *ss;
	struct nfnl_err_list errs = { 0 };
	uint32_t status, forced = 0;
	void *priv;
	int err, replays = 0;

	if (subsys_id >= NFNL_SUBSYS_COUNT) {
		unl_ack(skb, begin, -EINVAL, NULL);
		return;
	}
	ss = nn->subsys[subsys_id];
	priv = nn->priv[subsys_id];
	if (!ss || !ss->commit || !ss->abort) {
		unl_ack(skb, begin, -EOPNOTSUPP, NULL);
		return;
	}
	if (genid && ss->valid_genid && !ss->valid_genid(priv, genid)) {
		unl_ack(skb, begin, -ERESTART, NULL);
		return;
	}
replay:
	status = nfnl_batch_pass(skb, nn, ss, begin, off, &errs) | forced;
	if (status == NFNL_BATCH_DONE) {
		err = ss->commit(nn, priv, skb, first);
		if (err == -EAGAIN && replays++ < NFNL_REPLAY_MAX) {
			ss->abort(nn, priv, skb, NFNL_ABORT_AUTOLOAD);
			nfnl_err_reset(&errs);
			goto replay;
		}
		if (err) {
			ss->abort(nn, priv, skb, NFNL_ABORT_NONE);
			unl_ack(skb, first, err, NULL);
		}
	} else {
		err = ss->abort(nn, priv, skb,
				status & NFNL_BATCH_FAILURE
					? NFNL_ABORT_NONE
					: NFNL_ABORT_VALIDATE);
		if (err == -EAGAIN && replays++ < NFNL_REPLAY_MAX) {
			nfnl_err_reset(&errs);
			forced = NFNL_BATCH_FAILURE;
			goto replay;
		}
	}
	nfnl_err_deliver(&errs, skb);
}

static const struct unl_nla_policy nfnl_batch_policy[NFNL_BATCH_MAX + 1] = {
	[NFNL_BATCH_GENID] = { .type = UNL_NLA_U32 },
};

/* nfnetlink_rcv_skb_batch(): BATCH_BEGIN names the subsystem (res_id)
 * and may carry the generation the batch was built against. */
static void nfnl_rcv_skb_batch(struct unl_skb *skb, struct nfnl_net *nn,
			       const struct nlmsghdr *nlh)
{
	int min_len = NLMSG_SPACE(sizeof(struct nfgenmsg));
	const struct nlattr *cda[NFNL_BATCH_MAX + 1];
	const struct nfgenmsg *nfmsg;
	size_t len = unl_skb_len(skb);
	size_t msglen = NLMSG_ALIGN(nlh->nlmsg_len);
	int attrlen = (int)nlh->nlmsg_len - min_len;
	uint32_t genid = 0;
	uint16_t res_id;
	int err;

	if (msglen > len)
		msglen = len;
	if (len < NLMSG_HDRLEN + sizeof(struct nfgenmsg))
		return;
	err = unl_nla_parse(cda, NFNL_BATCH_MAX,
			    (const struct nlattr *)((const char *)nlh + min_len),
			    attrlen > 0 ? attrlen : 0, nfnl_batch_policy,
			    UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0) {
		unl_ack(skb, nlh, err, NULL);
		return;
	}
	if (cda[NFNL_BATCH_GENID])
		genid = ntohl(unl_nla_get_u32(cda[NFNL_BATCH_GENID]));
	nfmsg = NLMSG_DATA(nlh);
	/* Old nft wrote res_id in host byte order: accepted as such. */
	if (nfmsg->res_id == NFNL_SUBSYS_NFTABLES)
		res_id = NFNL_SUBSYS_NFTABLES;
	else
		res_id = ntohs(nfmsg->res_id);
	nfnl_rcv_batch(skb, nn, nlh, msglen, res_id, genid);
}

/* nfnetlink_rcv(): everything needs CAP_NET_ADMIN, reads included. */
static void nfnl_rcv(struct unl_skb *skb)
{
	struct nfnl_net *nn = nfnl_net_of_skb(skb);
	struct nlmsghdr *nlh = (struct nlmsghdr *)unl_skb_data(skb);
	size_t len = unl_skb_len(skb);

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    len < nlh->nlmsg_len)
		return;
	if (!unl_skb_capable(skb, CAP_NET_ADMIN)) {
		unl_ack(skb, nlh, -EPERM, NULL);
		return;
	}
	if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN)
		nfnl_rcv_skb_batch(skb, nn, nlh);
	else
		unl_rcv_skb(skb, nfnl_rcv_msg);
}

/* ---- per net ---- */

static void nfnl_pernet_exit(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_NETFILTER);
	struct nfnl_net *nn = ksk ? unl_kernel_priv(ksk) : NULL;

	if (!nn)
		return;
	/* The tables first: their rules hold ipset's sets. */
	xt_tables_net_exit(net, nn->xt);
	nn->xt = NULL;
	ebt_net_exit(net, nn->ebt);
	nn->ebt = NULL;
	/* Each gone as it goes: a later one (nf_tables' rules) may let go
	 * of what an earlier one kept (ipset's references), and must find
	 * it gone rather than freed. */
	for (unsigned int i = 0; i < NFNL_SUBSYS_COUNT; i++) {
		if (nn->subsys[i] && nn->subsys[i]->net_exit)
			nn->subsys[i]->net_exit(nn->priv[i]);
		nn->subsys[i] = NULL;
		nn->priv[i] = NULL;
	}
	if (nn->nf_log)
		nf_log_net_exit(net, nn->nf_log);
	unl_kernel_release(nn->ksk);
	free(nn);
}

static int nfnl_subsys_register(struct nfnl_net *nn,
				const struct nfnl_subsystem *ss)
{
	void *priv = NULL;
	int err;

	if (nn->subsys[ss->subsys_id])
		return -EBUSY;
	if (ss->net_init) {
		err = ss->net_init(nn, &priv);
		if (err)
			return err;
	}
	nn->subsys[ss->subsys_id] = ss;
	nn->priv[ss->subsys_id] = priv;
	return 0;
}

/* Whether a kernel of profile p has NETLINK_NETFILTER at all: it comes
 * with any of its subsystems. */
static bool nfnl_offered(const struct unl_profile *p)
{
	for (size_t i = 0; i < sizeof(nfnl_builtin) / sizeof(nfnl_builtin[0]);
	     i++)
		if (nfnl_builtin[i]->offered(p))
			return true;
	return false;
}

/* nfnetlink_net_init(), then the subsystems the profile offers, as if
 * their modules were loaded. */
int nfnetlink_init(struct unl_net *net)
{
	const struct unl_profile *p = unl_net_profile(net);
	/* Joining a group takes CAP_NET_ADMIN: no NONROOT flags. */
	struct unl_kernel_cfg cfg = {
		.groups = NFNLGRP_MAX,
		.input = nfnl_rcv,
	};
	struct nfnl_net *nn;
	int err;

	if (!nfnl_offered(p))
		return -EPROTONOSUPPORT;
	nn = calloc(1, sizeof(*nn));
	if (!nn)
		return -ENOMEM;
	nn->net = net;
	cfg.priv = nn;
	err = unl_kernel_create(net, NETLINK_NETFILTER, &cfg, &nn->ksk);
	if (err) {
		free(nn);
		return err;
	}
	net_set_fini(net, NETLINK_NETFILTER, nfnl_pernet_exit);
	err = nf_log_net_init(net, &nn->nf_log);
	if (err)
		return err;
	err = xt_tables_net_init(net, &nn->xt);
	if (err)
		return err;
	err = ebt_net_init(net, &nn->ebt);
	if (err)
		return err;
	for (size_t i = 0; i < sizeof(nfnl_builtin) / sizeof(nfnl_builtin[0]);
	     i++) {
		const struct nfnl_subsystem *ss = nfnl_builtin[i];

		if (!ss->offered(p))
			continue;
		err = nfnl_subsys_register(nn, ss);
		if (err)
			return err; /* the fini frees what was made */
	}
	return 0;
}
