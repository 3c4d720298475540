// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Neighbours: RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH
 * (net/core/neighbour.c) for the entries a user installs: permanent and
 * static ones.  Nothing resolves addresses here, so there are no others.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>
#include <sys/socket.h>

#include "proto/route/route-private.h"

#define NEIGH_MSG_SIZE 256
/* include/net/neighbour.h: states with a usable link-layer address */
#define NUD_VALID                                                          \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | \
	 NUD_DELAY)

static const struct unl_nla_policy nda_policy[NDA_MAX + 1] = {
	[NDA_UNSPEC] = { .strict_start_type = NDA_NH_ID },
	[NDA_DST] = { .type = UNL_NLA_BINARY, .len = 16 },
	[NDA_LLADDR] = { .type = UNL_NLA_BINARY, .len = 32 },
	[NDA_CACHEINFO] = { .len = sizeof(struct nda_cacheinfo) },
	[NDA_PROBES] = { .type = UNL_NLA_U32 },
	[NDA_VLAN] = { .type = UNL_NLA_U16 },
	[NDA_PORT] = { .type = UNL_NLA_U16 },
	[NDA_VNI] = { .type = UNL_NLA_U32 },
	[NDA_IFINDEX] = { .type = UNL_NLA_U32 },
	[NDA_MASTER] = { .type = UNL_NLA_U32 },
	[NDA_PROTOCOL] = { .type = UNL_NLA_U8 },
	[NDA_NH_ID] = { .type = UNL_NLA_U32 },
	[NDA_FDB_EXT_ATTRS] = { .type = UNL_NLA_NESTED },
};

static int alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* neigh_fill_info() */
static int neigh_fill(struct unl_skb *skb, const struct rtnl_neigh *n, int type,
		      uint32_t pid, uint32_t seq, int flags)
{
	struct nda_cacheinfo ci = { 0 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	uint32_t now = rtnl_cstamp_now();

	nlh = unl_nlmsg_put(skb, pid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = NLMSG_DATA(nlh);
	ndm->ndm_family = (uint8_t)n->family;
	ndm->ndm_flags = n->flags;
	ndm->ndm_type = n->type;
	ndm->ndm_ifindex = n->ifindex;
	ndm->ndm_state = n->state;
	/* ages in clock ticks (USER_HZ) */
	ci.ndm_used = ci.ndm_confirmed = ci.ndm_updated = now - n->updated;
	if (unl_nla_put(skb, NDA_DST, alen(n->family), n->dst) ||
	    (n->has_lladdr && (n->state & NUD_VALID) &&
	     unl_nla_put(skb, NDA_LLADDR, 6, n->lladdr)) ||
	    unl_nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci) ||
	    unl_nla_put_u32(skb, NDA_PROBES, 0)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static void neigh_notify(struct rtnl_net *rn, const struct rtnl_neigh *n, int type,
			 struct unl_skb *req, const struct nlmsghdr *nlh)
{
	struct unl_skb *skb = unl_nlmsg_new(NEIGH_MSG_SIZE);

	if (!skb) {
		rtnl_set_sk_err(rn, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	if (neigh_fill(skb, n, type, 0, nlh ? nlh->nlmsg_seq : 0, 0)) {
		unl_skb_free(skb);
		return;
	}
	rtnl_notify(rn, skb, req ? rtnl_req_portid(req) : 0, RTNLGRP_NEIGH, nlh);
}

/* neigh_ifdown() and neigh_changeaddr(): a device going down or away,
 * or starting or stopping to resolve addresses (IFF_NOARP), takes every
 * entry of a table with it, permanent ones too.  neigh_carrier_down()
 * (skip_perm) keeps the permanent ones: what a user pinned outlives the
 * cable, what was learnt or typed in another state does not, whatever
 * its flags.  Entries go newest first, as Linux walks the device's
 * list; family 0 is both tables at once. */
void rtnl_neigh_flush_dev(struct rtnl_net *rn, int family, int ifindex,
			  bool skip_perm)
{
	for (struct rtnl_neigh **pp = &rn->neighs; *pp;) {
		struct rtnl_neigh *n = *pp;

		if (n->ifindex != ifindex || (family && n->family != family) ||
		    (skip_perm && (n->state & NUD_PERMANENT))) {
			pp = &n->next;
			continue;
		}
		*pp = n->next;
		neigh_notify(rn, n, RTM_DELNEIGH, NULL, NULL);
		free(n);
	}
}

void rtnl_neigh_fini(struct rtnl_net *rn)
{
	while (rn->neighs) {
		struct rtnl_neigh *n = rn->neighs;

		rn->neighs = n->next;
		free(n);
	}
}

static struct rtnl_neigh *neigh_find(struct rtnl_net *rn, int family, int ifindex,
				     const void *dst)
{
	for (struct rtnl_neigh *n = rn->neighs; n; n = n->next)
		if (n->family == family && n->ifindex == ifindex &&
		    !memcmp(n->dst, dst, (size_t)alen(family)))
			return n;
	return NULL;
}

static int neigh_parse(struct nlmsghdr *nlh, const struct nlattr **tb,
		       struct unl_ext_ack *extack, struct ndmsg **ndmp)
{
	int err = unl_nlmsg_parse(nlh, sizeof(struct ndmsg), tb, NDA_MAX, nda_policy,
				  UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	*ndmp = NLMSG_DATA(nlh);
	if (!tb[NDA_DST]) {
		UNL_SET_ERR_MSG(extack, "Network address not specified");
		return -EINVAL;
	}
	return 0;
}

static int rtnl_newneigh(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg *ndm;
	struct rtnl_link *l;
	struct rtnl_neigh *n;
	int err = neigh_parse(nlh, tb, extack, &ndm);

	if (err)
		return err;
	if (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6)
		return -EAFNOSUPPORT;
	l = rtnl_link_by_index(rn, ndm->ndm_ifindex);
	if (!l)
		return -ENODEV;
	if (unl_nla_len(tb[NDA_DST]) < alen(ndm->ndm_family)) {
		UNL_SET_ERR_MSG(extack, "Invalid network address");
		return -EINVAL;
	}
	if (tb[NDA_LLADDR] && unl_nla_len(tb[NDA_LLADDR]) < l->addr_len) {
		UNL_SET_ERR_MSG(extack, "Invalid link address");
		return -EINVAL;
	}
	n = neigh_find(rn, ndm->ndm_family, l->ifindex, unl_nla_data(tb[NDA_DST]));
	if (n) {
		if (nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (!(nlh->nlmsg_flags & NLM_F_REPLACE))
			return 0;
	} else {
		if (!(nlh->nlmsg_flags & NLM_F_CREATE))
			return -ENOENT;
		n = calloc(1, sizeof(*n));
		if (!n)
			return -ENOMEM;
		n->family = ndm->ndm_family;
		n->ifindex = l->ifindex;
		memcpy(n->dst, unl_nla_data(tb[NDA_DST]), (size_t)alen(n->family));
		n->type = RTN_UNICAST;
		n->next = rn->neighs;
		rn->neighs = n;
	}
	n->state = ndm->ndm_state;
	n->flags = ndm->ndm_flags;
	if (tb[NDA_LLADDR]) {
		memcpy(n->lladdr, unl_nla_data(tb[NDA_LLADDR]), 6);
		n->has_lladdr = true;
	}
	n->updated = rtnl_cstamp_now();
	neigh_notify(rn, n, RTM_NEWNEIGH, skb, nlh);
	return 0;
}

static int rtnl_delneigh(struct rtnl_net *rn, struct unl_skb *skb,
			 struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg *ndm;
	int err = neigh_parse(nlh, tb, extack, &ndm);

	if (err)
		return err;
	if (!rtnl_link_by_index(rn, ndm->ndm_ifindex))
		return -ENODEV;
	for (struct rtnl_neigh **pp = &rn->neighs; *pp; pp = &(*pp)->next) {
		struct rtnl_neigh *n = *pp;

		if (n->family != ndm->ndm_family || n->ifindex != ndm->ndm_ifindex ||
		    unl_nla_len(tb[NDA_DST]) < alen(n->family) ||
		    memcmp(n->dst, unl_nla_data(tb[NDA_DST]), (size_t)alen(n->family)))
			continue;
		/* neigh_update(NUD_FAILED), then the entry goes */
		*pp = n->next;
		n->state = NUD_FAILED;
		neigh_notify(rn, n, RTM_NEWNEIGH, NULL, NULL);
		neigh_notify(rn, n, RTM_DELNEIGH, skb, nlh);
		free(n);
		return 0;
	}
	return -ENOENT;
}

static int rtnl_dump_neigh(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	int family = (int)cb->args[4];
	long idx = 0;

	for (struct rtnl_link *l = rn->links; l; l = l->next)
		for (struct rtnl_neigh *n = rn->neighs; n; n = n->next) {
			if (n->ifindex != l->ifindex || n->family != family)
				continue;
			if (idx++ < cb->args[1])
				continue;
			if (neigh_fill(skb, n, RTM_NEWNEIGH, rtnl_req_portid(cb->skb),
				       cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
				cb->args[1] = idx - 1;
				return (int)unl_skb_len(skb);
			}
		}
	cb->args[1] = idx;
	return 0;
}

const struct rtnl_msg_handler rtnl_neigh_handlers[] = {
	{ PF_UNSPEC, RTM_NEWNEIGH, rtnl_newneigh, NULL, 0 },
	{ PF_UNSPEC, RTM_DELNEIGH, rtnl_delneigh, NULL, 0 },
	{ PF_INET, RTM_GETNEIGH, NULL, rtnl_dump_neigh, 0 },
	{ PF_INET6, RTM_GETNEIGH, NULL, rtnl_dump_neigh, 0 },
};
const unsigned int rtnl_neigh_handlers_n =
	sizeof(rtnl_neigh_handlers) / sizeof(rtnl_neigh_handlers[0]);
