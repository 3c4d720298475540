/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The extended matches of the basic filter (ematch.c): struct
 * tcf_ematch_tree as Linux keeps it, to be validated and dumped.
 */
#ifndef UNETLINK_ROUTE_SCHED_EMATCH_H
#define UNETLINK_ROUTE_SCHED_EMATCH_H

#include <linux/pkt_cls.h>

#include "proto/route/sched/cls.h"

/* struct tcf_ematch_ops: one kind of match (ematch.c) */
struct rtnl_em_ops;

/* struct tcf_ematch */
struct rtnl_ematch {
	uint16_t kind, matchid, flags;
	const struct rtnl_em_ops *ops; /* NULL: a container */
	uint32_t value; /* a container's reference, a simple match's u32 */
	void *data;	/* what the kind keeps (its ops free it) */
	uint32_t datalen;
};

struct rtnl_em_tree {
	struct tcf_ematch_tree_hdr hdr;
	struct rtnl_ematch *matches;
	struct rtnl_net *rn; /* the net whose objects (ip sets) it holds */
};

/* tcf_em_tree_validate(): the tree of nla (none when NULL) in net rn,
 * whose profile says which kinds exist, or -errno with nothing kept */
int rtnl_em_tree_validate(struct rtnl_net *rn, const struct nlattr *nla,
			  struct rtnl_em_tree *tree);
void rtnl_em_tree_destroy(struct rtnl_em_tree *tree);
/* tcf_em_tree_dump(): the tree as attribute tlv */
int rtnl_em_tree_dump(struct unl_skb *skb, const struct rtnl_em_tree *tree,
		      int tlv);

#endif
