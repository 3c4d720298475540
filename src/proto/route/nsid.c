// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Namespace ids over rtnetlink (the rtnetlink half of
 * net/core/net_namespace.c): RTM_NEWNSID gives a peer net an id,
 * RTM_GETNSID tells the id a net (or, with NETNSA_TARGET_NSID, another
 * net) gives a peer, or dumps them all; every id a net assigns or
 * loses is announced to its RTNLGRP_NSID (RTM_NEWNSID, RTM_DELNSID).
 * The ids themselves live in the core (src/core/world.c): a net is
 * named by NETNSA_PID or NETNSA_FD through the world's resolver, or by
 * an id it already has.  No RTM_DELNSID request exists: an id goes
 * only with its peer.
 *
 *  +-----------------+-------------+---------------------------+
 *  | struct rtgenmsg | NETNSA_NSID | NETNSA_CURRENT_NSID (get  |
 *  | (AF_UNSPEC)     | (s32)       | with a target only, s32)  |
 *  +-----------------+-------------+---------------------------+
 */
#include <errno.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/net_namespace.h>

#include "proto/route/route-private.h"

static const struct unl_nla_policy rtnl_net_policy[NETNSA_MAX + 1] = {
	[NETNSA_NONE] = { .type = UNL_NLA_UNSPEC },
	[NETNSA_NSID] = { .type = UNL_NLA_S32 },
	[NETNSA_PID] = { .type = UNL_NLA_U32 },
	[NETNSA_FD] = { .type = UNL_NLA_U32 },
	[NETNSA_TARGET_NSID] = { .type = UNL_NLA_S32 },
};

/* What rtnl_net_fill() writes (struct net_fill_args). */
struct nsid_fill_args {
	uint32_t portid, seq;
	uint16_t flags;
	int cmd;
	int nsid;
	bool add_ref;
	int ref_nsid;
};

/* rtnl_net_get_size() */
#define NSID_MSG_SIZE                                                      \
	(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct rtgenmsg)) +             \
	 2 * NLA_ALIGN(NLA_HDRLEN + sizeof(int32_t)))

/* rtnl_net_fill() */
static int nsid_fill(struct unl_skb *skb, const struct nsid_fill_args *args)
{
	struct nlmsghdr *nlh;
	struct rtgenmsg *rth;

	nlh = unl_nlmsg_put(skb, args->portid, args->seq, args->cmd,
			    sizeof(*rth), args->flags);
	if (!nlh)
		return -EMSGSIZE;
	rth = NLMSG_DATA(nlh);
	rth->rtgen_family = AF_UNSPEC;
	if (unl_nla_put_u32(skb, NETNSA_NSID, (uint32_t)args->nsid) ||
	    (args->add_ref &&
	     unl_nla_put_u32(skb, NETNSA_CURRENT_NSID, (uint32_t)args->ref_nsid))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* rtnl_net_notifyid(): to RTNLGRP_NSID, and to the requester of nlh
 * with NLM_F_ECHO. */
static void nsid_notify(struct rtnl_net *rn, int cmd, int id, uint32_t portid,
			const struct nlmsghdr *nlh)
{
	struct nsid_fill_args args = {
		.portid = portid,
		.seq = nlh ? nlh->nlmsg_seq : 0,
		.cmd = cmd,
		.nsid = id,
	};
	struct unl_skb *skb = unl_nlmsg_new(NSID_MSG_SIZE);
	int err = -ENOMEM;

	if (skb) {
		err = nsid_fill(skb, &args);
		if (!err) {
			rtnl_notify(rn, skb, portid, RTNLGRP_NSID, nlh);
			return;
		}
		unl_skb_free(skb);
	}
	rtnl_set_sk_err(rn, RTNLGRP_NSID, err);
}

/* The core's nsid notifier: an id the net assigned by itself
 * (peernet2id_alloc()) or lost with its peer (unhash_nsid()). */
static void nsid_changed(struct unl_net *net, struct unl_net *peer, int nsid,
			 bool added, void *user)
{
	struct rtnl_net *rn = rtnl_net_get(net);

	(void)peer;
	(void)user;
	if (rn)
		nsid_notify(rn, added ? RTM_NEWNSID : RTM_DELNSID, nsid, 0,
			    NULL);
}

int rtnl_nsid_init(struct rtnl_net *rn)
{
	int id = unl_nsid_notifier_add(rn->net, nsid_changed, NULL);

	return id < 0 ? id : 0;
}

/* The peer NETNSA_PID or NETNSA_FD names (*nla set to it), or NULL with
 * *err Linux's errno (-ENOENT when neither is there). */
static struct unl_net *nsid_peer_by_ref(struct rtnl_net *rn,
					const struct nlattr *const *tb,
					const struct nlattr **nla, int *err)
{
	if (tb[NETNSA_PID]) {
		*nla = tb[NETNSA_PID];
		return unl_net_by_pid(rn->net, unl_nla_get_u32(*nla), err);
	}
	if (tb[NETNSA_FD]) {
		*nla = tb[NETNSA_FD];
		return unl_net_by_fd(rn->net, unl_nla_get_u32(*nla), err);
	}
	*nla = NULL;
	*err = -ENOENT;
	return NULL;
}

/* rtnl_net_newid() */
static int rtnl_net_newid(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NETNSA_MAX + 1], *nla;
	struct unl_net *peer;
	int nsid, err;

	err = unl_nlmsg_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX,
			      rtnl_net_policy, UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[NETNSA_NSID]) {
		UNL_SET_ERR_MSG(extack, "nsid is missing");
		return -EINVAL;
	}
	nsid = (int32_t)unl_nla_get_u32(tb[NETNSA_NSID]);
	peer = nsid_peer_by_ref(rn, tb, &nla, &err);
	if (!nla) {
		UNL_SET_ERR_MSG(extack, "Peer netns reference is missing");
		return -EINVAL;
	}
	if (!peer) {
		UNL_SET_BAD_ATTR(extack, nla);
		UNL_SET_ERR_MSG(extack, "Peer netns reference is invalid");
		return err;
	}
	if (unl_net_peer_id(rn->net, peer) != NETNSA_NSID_NOT_ASSIGNED) {
		UNL_SET_BAD_ATTR(extack, nla);
		UNL_SET_ERR_MSG(extack, "Peer netns already has a nsid assigned");
		return -EEXIST;
	}
	err = unl_net_peer_id_set(rn->net, peer, nsid);
	if (err >= 0) {
		nsid_notify(rn, RTM_NEWNSID, err, rtnl_req_portid(skb), nlh);
		return 0;
	}
	/* alloc_netid()'s -ENOSPC for a requested id that is taken */
	if (err == -EEXIST && nsid >= 0) {
		UNL_SET_BAD_ATTR(extack, tb[NETNSA_NSID]);
		UNL_SET_ERR_MSG(extack, "The specified nsid is already used");
	}
	return err;
}

/* rtnl_net_valid_getid_req() */
static int nsid_valid_get_req(struct unl_skb *skb, const struct nlmsghdr *nlh,
			      const struct nlattr **tb,
			      struct unl_ext_ack *extack)
{
	int err;

	if (!unl_skb_strict_check(skb))
		return unl_nlmsg_parse(nlh, sizeof(struct rtgenmsg), tb,
				       NETNSA_MAX, rtnl_net_policy,
				       UNL_VALIDATE_LIBERAL, extack);
	err = unl_nlmsg_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX,
			      rtnl_net_policy, UNL_VALIDATE_DEPRECATED_STRICT,
			      extack);
	if (err)
		return err;
	for (int i = 0; i <= NETNSA_MAX; i++) {
		if (!tb[i])
			continue;
		switch (i) {
		case NETNSA_PID:
		case NETNSA_FD:
		case NETNSA_NSID:
		case NETNSA_TARGET_NSID:
			break;
		default:
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in peer netns getid request");
			return -EINVAL;
		}
	}
	return 0;
}

/* rtnl_get_net_ns_capable(): the net this one calls nsid, when the
 * sender may administer it; NULL with *err -EINVAL (no such id) or
 * -EACCES. */
struct rtnl_net *rtnl_get_net_ns_capable(struct rtnl_net *rn,
					 const struct unl_skb *skb, int nsid,
					 int *err)
{
	struct unl_net *net = unl_net_peer_by_id(rn->net, nsid);
	struct rtnl_net *tgt = rtnl_net_of(net);

	if (!tgt) {
		*err = -EINVAL;
		return NULL;
	}
	if (!rtnl_sk_capable_in(skb, tgt, CAP_NET_ADMIN)) {
		*err = -EACCES;
		return NULL;
	}
	return tgt;
}

/* rtnl_net_getid() */
static int rtnl_net_getid(struct rtnl_net *rn, struct unl_skb *skb,
			  struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NETNSA_MAX + 1], *nla;
	struct nsid_fill_args args = {
		.portid = rtnl_req_portid(skb),
		.seq = nlh->nlmsg_seq,
		.cmd = RTM_NEWNSID,
	};
	struct unl_net *peer, *target = rn->net;
	struct unl_skb *msg;
	int err;

	err = nsid_valid_get_req(skb, nlh, tb, extack);
	if (err)
		return err;
	peer = nsid_peer_by_ref(rn, tb, &nla, &err);
	if (!nla && tb[NETNSA_NSID]) {
		nla = tb[NETNSA_NSID];
		peer = unl_net_peer_by_id(rn->net, (int32_t)unl_nla_get_u32(nla));
		err = -ENOENT;
	}
	if (!nla) {
		UNL_SET_ERR_MSG(extack, "Peer netns reference is missing");
		return -EINVAL;
	}
	if (!peer) {
		UNL_SET_BAD_ATTR(extack, nla);
		UNL_SET_ERR_MSG(extack, "Peer netns reference is invalid");
		return err;
	}
	if (tb[NETNSA_TARGET_NSID]) {
		struct rtnl_net *tgt = rtnl_get_net_ns_capable(
			rn, skb, (int32_t)unl_nla_get_u32(tb[NETNSA_TARGET_NSID]), &err);

		if (!tgt) {
			UNL_SET_BAD_ATTR(extack, tb[NETNSA_TARGET_NSID]);
			UNL_SET_ERR_MSG(extack, "Target netns reference is invalid");
			return err;
		}
		target = tgt->net;
		args.add_ref = true;
		args.ref_nsid = unl_net_peer_id(rn->net, peer);
	}
	msg = unl_nlmsg_new(NSID_MSG_SIZE);
	if (!msg)
		return -ENOMEM;
	args.nsid = unl_net_peer_id(target, peer);
	err = nsid_fill(msg, &args);
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	err = unl_unicast(rn->ksk, msg, rtnl_req_portid(skb), true);
	return err < 0 ? err : 0;
}

/* rtnl_valid_dump_net_req(): only a target; *tgt and *ref the net
 * whose ids are dumped and the one the current ids are asked of. */
static int nsid_dump_parse(struct unl_callback *cb, struct rtnl_net *rn,
			   struct unl_net **tgt, struct unl_net **ref)
{
	const struct nlattr *tb[NETNSA_MAX + 1];
	struct unl_ext_ack *extack = cb->extack;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX,
			      rtnl_net_policy, UNL_VALIDATE_DEPRECATED_STRICT,
			      extack);
	if (err)
		return err;
	for (int i = 0; i <= NETNSA_MAX; i++) {
		struct rtnl_net *t;

		if (!tb[i])
			continue;
		if (i != NETNSA_TARGET_NSID) {
			UNL_SET_BAD_ATTR(extack, tb[i]);
			UNL_SET_ERR_MSG(extack, "Unsupported attribute in dump request");
			return -EINVAL;
		}
		t = rtnl_get_net_ns_capable(rn, cb->skb,
					    (int32_t)unl_nla_get_u32(tb[i]), &err);
		if (!t) {
			UNL_SET_BAD_ATTR(extack, tb[i]);
			UNL_SET_ERR_MSG(extack, "Invalid target network namespace id");
			return err;
		}
		*ref = *tgt;
		*tgt = t->net;
	}
	return 0;
}

/* rtnl_net_dumpid(): the ids of the net (or of the target), in id
 * order, from where the last buffer stopped; a buffer that fills up
 * ends the round without an error, as idr_for_each() stops. */
static int rtnl_net_dumpid(struct unl_skb *skb, struct unl_callback *cb)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	struct unl_net *tgt = rn->net, *ref = NULL;
	struct nsid_fill_args args = {
		.portid = rtnl_req_portid(cb->skb),
		.seq = cb->nlh->nlmsg_seq,
		.flags = NLM_F_MULTI,
		.cmd = RTM_NEWNSID,
	};
	struct unl_net *peer;
	long idx;
	int err;

	if (cb->strict_check) {
		err = nsid_dump_parse(cb, rn, &tgt, &ref);
		if (err)
			return err;
		args.add_ref = ref != NULL;
	}
	for (idx = cb->args[0];
	     (peer = unl_net_peer_at(tgt, (size_t)idx, &args.nsid)); idx++) {
		if (ref)
			args.ref_nsid = unl_net_peer_id(ref, peer);
		if (nsid_fill(skb, &args))
			break;
	}
	cb->args[0] = idx;
	return 0;
}

const struct rtnl_msg_handler rtnl_nsid_handlers[] = {
	{ PF_UNSPEC, RTM_NEWNSID, rtnl_net_newid, NULL, 0 },
	{ PF_UNSPEC, RTM_GETNSID, rtnl_net_getid, rtnl_net_dumpid, 0 },
};
const unsigned int rtnl_nsid_handlers_n =
	sizeof(rtnl_nsid_handlers) / sizeof(rtnl_nsid_handlers[0]);
