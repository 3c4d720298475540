/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The extended matches of the basic filter (ematch.c): struct
 * tcf_ematch_tree as Linux keeps it, to be validated and dumped.
 */
#ifndef UNETLINK_ROUTE_SCHED_EMATCH_H
#define UNETLINK_ROUTE_SCHED_EMATCH_H

#include <linux/pkt_cls.h>
#include <linux/tc_ematch/tc_em_meta.h>

#include "proto/route/sched/cls.h"

/* a value of em_meta: an integer (4 or 8 bytes) or bytes */
struct rtnl_em_meta_value {
	void *val;
	uint32_t len;
};

struct rtnl_em_meta {
	struct tcf_meta_hdr hdr;
	struct rtnl_em_meta_value left, right;
};

/* struct tcf_ematch */
struct rtnl_ematch {
	uint16_t kind, matchid, flags;
	bool known; /* a kind, not a container */
	bool meta;  /* data is a struct rtnl_em_meta */
	uint32_t value; /* a container's reference, a simple match's u32 */
	void *data;
	uint32_t datalen;
};

struct rtnl_em_tree {
	struct tcf_ematch_tree_hdr hdr;
	struct rtnl_ematch *matches;
};

/* tcf_em_tree_validate(): the tree of nla (none when NULL), or -errno
 * with nothing kept */
int rtnl_em_tree_validate(const struct nlattr *nla, struct rtnl_em_tree *tree);
void rtnl_em_tree_destroy(struct rtnl_em_tree *tree);
/* tcf_em_tree_dump(): the tree as attribute tlv */
int rtnl_em_tree_dump(struct unl_skb *skb, const struct rtnl_em_tree *tree,
		      int tlv);

#endif
