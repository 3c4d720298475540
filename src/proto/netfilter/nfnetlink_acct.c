// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nfacct (net/netfilter/nfnetlink_acct.c, NFNL_SUBSYS_ACCT): named
 * packet and byte counters of a net, with an optional quota, that
 * `nfacct add/list/get/flush` manage and the xt nfacct match would
 * count into.  No packet flows, so counters keep what they were given
 * (or were reset to) and no quota is ever reached.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_acct.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nfnetlink.h"

#define NFACCT_F_QUOTA_ (NFACCT_F_QUOTA_PKTS | NFACCT_F_QUOTA_BYTES)

struct nf_acct {
	struct nf_acct *next;
	char name[NFACCT_NAME_MAX];
	uint64_t pkts, bytes, quota;
	uint32_t flags;
	uint32_t refcnt; /* 1: no rule uses it */
};

/* the counters of a net, in the order they were made */
struct nfacct_net {
	struct nf_acct *head, **tail;
};

static const struct unl_nla_policy nfnl_acct_policy[NFACCT_MAX + 1] = {
	[NFACCT_NAME] = { .type = UNL_NLA_NUL_STRING,
			  .len = NFACCT_NAME_MAX - 1 },
	[NFACCT_BYTES] = { .type = UNL_NLA_U64 },
	[NFACCT_PKTS] = { .type = UNL_NLA_U64 },
	[NFACCT_FLAGS] = { .type = UNL_NLA_U32 },
	[NFACCT_QUOTA] = { .type = UNL_NLA_U64 },
	[NFACCT_FILTER] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy filter_policy[NFACCT_FILTER_MAX + 1] = {
	[NFACCT_FILTER_MASK] = { .type = UNL_NLA_U32 },
	[NFACCT_FILTER_VALUE] = { .type = UNL_NLA_U32 },
};

static struct nf_acct *nfacct_find(const struct nfacct_net *an,
				   const struct nlattr *name)
{
	for (struct nf_acct *a = an->head; a; a = a->next)
		if (!strncmp(a->name, unl_nla_data(name), NFACCT_NAME_MAX))
			return a;
	return NULL;
}

static uint64_t be64_of(const struct nlattr *a)
{
	return be64toh(unl_nla_get_u64(a));
}

/* An existing counter: NLM_F_REPLACE zeroes it, else it is busy. */
static int nfnl_acct_replace(struct nf_acct *a, uint16_t nlflags)
{
	if (nlflags & NLM_F_EXCL)
		return -EEXIST;
	if (!(nlflags & NLM_F_REPLACE))
		return -EBUSY;
	a->pkts = a->bytes = 0;
	if (a->flags & NFACCT_F_QUOTA_)
		a->flags &= ~(uint32_t)NFACCT_F_OVERQUOTA;
	return 0;
}

static int nfnl_acct_new(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const tb[])
{
	struct nfacct_net *an = info->priv;
	struct nf_acct *a;
	uint32_t flags = 0;

	(void)skb;
	if (!tb[NFACCT_NAME] || !*(const char *)unl_nla_data(tb[NFACCT_NAME]))
		return -EINVAL;
	a = nfacct_find(an, tb[NFACCT_NAME]);
	if (a)
		return nfnl_acct_replace(a, info->nlh->nlmsg_flags);
	if (tb[NFACCT_FLAGS]) {
		flags = ntohl(unl_nla_get_u32(tb[NFACCT_FLAGS]));
		if (flags & ~(uint32_t)NFACCT_F_QUOTA_)
			return -EOPNOTSUPP;
		/* a quota counts packets or bytes, not both */
		if ((flags & NFACCT_F_QUOTA_) == NFACCT_F_QUOTA_)
			return -EINVAL;
		if ((flags & NFACCT_F_QUOTA_) && !tb[NFACCT_QUOTA])
			return -EINVAL;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	if (flags & NFACCT_F_QUOTA_) {
		a->quota = be64_of(tb[NFACCT_QUOTA]);
		a->flags = flags;
	}
	unl_nla_strscpy(a->name, tb[NFACCT_NAME], sizeof(a->name));
	if (tb[NFACCT_BYTES])
		a->bytes = be64_of(tb[NFACCT_BYTES]);
	if (tb[NFACCT_PKTS])
		a->pkts = be64_of(tb[NFACCT_PKTS]);
	a->refcnt = 1;
	*an->tail = a;
	an->tail = &a->next;
	return 0;
}

/* nfnl_acct_fill_info(): GET_CTRZERO reads and zeroes. */
static int nfnl_acct_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
			  int type, struct nf_acct *a)
{
	uint32_t old_flags = a->flags;
	uint64_t pkts = a->pkts, bytes = a->bytes;
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_ACCT << 8 | NFNL_MSG_ACCT_NEW),
		portid ? NLM_F_MULTI : 0, AF_UNSPEC, NFNETLINK_V0, 0);

	if (!nlh)
		return -1;
	if (type == NFNL_MSG_ACCT_GET_CTRZERO) {
		a->pkts = a->bytes = 0;
		if (a->flags & NFACCT_F_QUOTA_)
			a->flags &= ~(uint32_t)NFACCT_F_OVERQUOTA;
	}
	if (unl_nla_put_string(skb, NFACCT_NAME, a->name) ||
	    unl_nla_put_u64(skb, NFACCT_PKTS, htobe64(pkts), NFACCT_PAD) ||
	    unl_nla_put_u64(skb, NFACCT_BYTES, htobe64(bytes), NFACCT_PAD) ||
	    unl_nla_put_u32(skb, NFACCT_USE, htonl(a->refcnt)))
		goto cancel;
	if ((a->flags & NFACCT_F_QUOTA_) &&
	    (unl_nla_put_u32(skb, NFACCT_FLAGS, htonl(old_flags)) ||
	     unl_nla_put_u64(skb, NFACCT_QUOTA, htobe64(a->quota), NFACCT_PAD)))
		goto cancel;
	unl_nlmsg_end(skb, nlh);
	return 0;
cancel:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

/* the dump's state: the filter, and how many counters went out */
struct nfacct_dump {
	bool filter;
	uint32_t mask, value;
	long done;
};

static int nfnl_acct_dump_start(struct unl_callback *cb)
{
	const struct nlattr *attr[NFACCT_MAX + 1], *ft[NFACCT_FILTER_MAX + 1];
	struct nfacct_dump *d = (struct nfacct_dump *)cb->ctx;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), attr,
			      NFACCT_MAX, nfnl_acct_policy,
			      UNL_VALIDATE_LIBERAL, cb->extack);
	if (err < 0)
		return err;
	if (!attr[NFACCT_FILTER])
		return 0;
	err = unl_nla_parse_nested(ft, NFACCT_FILTER_MAX, attr[NFACCT_FILTER],
				   filter_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (!ft[NFACCT_FILTER_MASK] || !ft[NFACCT_FILTER_VALUE])
		return -EINVAL;
	d->filter = true;
	d->mask = ntohl(unl_nla_get_u32(ft[NFACCT_FILTER_MASK]));
	d->value = ntohl(unl_nla_get_u32(ft[NFACCT_FILTER_VALUE]));
	return 0;
}

static int nfnl_acct_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nfacct_dump *d = (struct nfacct_dump *)cb->ctx;
	struct nfacct_net *an = cb->data;
	long i = 0;

	for (struct nf_acct *a = an->head; a; a = a->next, i++) {
		if (i < d->done)
			continue;
		if (d->filter && (a->flags & d->mask) != d->value) {
			d->done = i + 1;
			continue;
		}
		if (nfnl_acct_fill(skb, unl_skb_cb(cb->skb)->portid,
				   cb->nlh->nlmsg_seq,
				   NFNL_MSG_TYPE(cb->nlh->nlmsg_type), a) < 0)
			return (int)unl_skb_len(skb);
		d->done = i + 1;
	}
	return (int)unl_skb_len(skb);
}

static int nfnl_acct_get(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const tb[])
{
	struct nfacct_net *an = info->priv;
	struct unl_skb *skb2;
	struct nf_acct *a;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nfnl_acct_dump_start,
			.dump = nfnl_acct_dump,
			.data = an,
			.extack = info->extack,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!tb[NFACCT_NAME])
		return -EINVAL;
	a = nfacct_find(an, tb[NFACCT_NAME]);
	if (!a)
		return -ENOENT;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	if (nfnl_acct_fill(skb2, unl_skb_cb(skb)->portid,
			   info->nlh->nlmsg_seq,
			   NFNL_MSG_TYPE(info->nlh->nlmsg_type), a) < 0) {
		unl_skb_free(skb2);
		return -ENOSPC;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* nfnl_acct_try_del(): a counter a rule holds stays. */
static int nfnl_acct_try_del(struct nfacct_net *an, struct nf_acct **pp)
{
	struct nf_acct *a = *pp;

	if (a->refcnt != 1)
		return -EBUSY;
	*pp = a->next;
	if (an->tail == &a->next)
		an->tail = pp;
	free(a);
	return 0;
}

static int nfnl_acct_del(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const tb[])
{
	struct nfacct_net *an = info->priv;
	struct nf_acct **pp = &an->head;

	(void)skb;
	/* no name: all that may go */
	if (!tb[NFACCT_NAME]) {
		while (*pp)
			if (nfnl_acct_try_del(an, pp) < 0)
				pp = &(*pp)->next;
		return 0;
	}
	for (; *pp; pp = &(*pp)->next)
		if (!strncmp((*pp)->name, unl_nla_data(tb[NFACCT_NAME]),
			     NFACCT_NAME_MAX))
			return nfnl_acct_try_del(an, pp);
	return -ENOENT;
}

#define NFACCT_CB(fn)                                                      \
	{ .call = (fn), .type = NFNL_CB_MUTEX, .attr_count = NFACCT_MAX,  \
	  .policy = nfnl_acct_policy }

static const struct nfnl_callback nfnl_acct_cb[NFNL_MSG_ACCT_MAX] = {
	[NFNL_MSG_ACCT_NEW] = NFACCT_CB(nfnl_acct_new),
	[NFNL_MSG_ACCT_GET] = NFACCT_CB(nfnl_acct_get),
	[NFNL_MSG_ACCT_GET_CTRZERO] = NFACCT_CB(nfnl_acct_get),
	[NFNL_MSG_ACCT_DEL] = NFACCT_CB(nfnl_acct_del),
};

static bool nfnl_acct_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE,
			       "NETFILTER_NETLINK_ACCT");
}

static int nfnl_acct_net_init(struct nfnl_net *nn, void **priv)
{
	struct nfacct_net *an = calloc(1, sizeof(*an));

	(void)nn;
	if (!an)
		return -ENOMEM;
	an->tail = &an->head;
	*priv = an;
	return 0;
}

static void nfnl_acct_net_exit(void *priv)
{
	struct nfacct_net *an = priv;

	while (an->head) {
		struct nf_acct *a = an->head;

		an->head = a->next;
		free(a);
	}
	free(an);
}

const struct nfnl_subsystem nfnl_acct_subsys = {
	.name = "acct",
	.subsys_id = NFNL_SUBSYS_ACCT,
	.cb_count = NFNL_MSG_ACCT_MAX,
	.cb = nfnl_acct_cb,
	.offered = nfnl_acct_offered,
	.net_init = nfnl_acct_net_init,
	.net_exit = nfnl_acct_net_exit,
};
