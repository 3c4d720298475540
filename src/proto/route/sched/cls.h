/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Filters and actions of traffic control (net/sched/cls_api.c,
 * act_api.c): the blocks of filters a qdisc or class has (or a shared
 * block, by index), their chains, the filters of each chain by priority
 * (struct tcf_proto), the classifier kinds (struct tcf_proto_ops) and
 * the action kinds (struct tc_action_ops) with their per-net index
 * tables.  Nothing is ever classified: statistics stay zero.
 *
 *   block ── chain 0 ── tp prio 1 (u32) ── its filters (the kind's)
 *         │          └─ tp prio 5 (u32) ── ...
 *         └─ chain 7 (made by RTM_NEWCHAIN, maybe empty)
 *
 * A block belongs to one qdisc and class (cl), or is shared by index
 * between the qdiscs that named it (ingress_block, egress_block).
 */
#ifndef UNETLINK_ROUTE_SCHED_CLS_H
#define UNETLINK_ROUTE_SCHED_CLS_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>

#include "proto/route/sched/sched.h"

struct rtnl_tcf_net;
struct rtnl_tcf_block;
struct rtnl_tcf_chain;
struct rtnl_tcf_proto;
struct rtnl_tc_action;
struct u32_common;

/* TCA_ACT_FLAGS_* of include/net/act_api.h, the kernel's own bits */
#define RTNL_TCA_ACT_FLAGS_USER_MASK 0xffff
#define RTNL_TCA_ACT_FLAGS_POLICE (1u << 16)
#define RTNL_TCA_ACT_FLAGS_BIND (1u << 17)
#define RTNL_TCA_ACT_FLAGS_REPLACE (1u << 18)
#define RTNL_TCA_ACT_FLAGS_AT_INGRESS (1u << 20)

/* TCA_ACT_HW_STATS_ANY of include/net/act_api.h */
#define TCA_ACT_HW_STATS_ANY                                               \
	(TCA_ACT_HW_STATS_IMMEDIATE | TCA_ACT_HW_STATS_DELAYED)

/* ACT_P_CREATED / ACT_P_BOUND: what an action's init made */
#define RTNL_ACT_P_BOUND 0
#define RTNL_ACT_P_CREATED 1

/* ---- actions (act_api.c) ---- */

/* struct tc_action_ops */
struct rtnl_tc_action_ops {
	const char *kind;
	int id; /* TCA_ID_* */
	size_t priv_size;
	/* tc_action_ops.init: *a is the action found or made (through
	 * rtnl_tcf_idr_check_alloc() and rtnl_tcf_idr_create());
	 * RTNL_ACT_P_CREATED, RTNL_ACT_P_BOUND (0) or -errno */
	int (*init)(struct rtnl_net *rn, const struct nlattr *nla,
		    const struct nlattr *est, struct rtnl_tc_action **a,
		    struct rtnl_tcf_proto *tp,
		    uint32_t flags, struct unl_ext_ack *extack);
	/* the kind's attributes, inside TCA_ACT_OPTIONS */
	int (*dump)(struct unl_skb *skb, struct rtnl_tc_action *a, int bind,
		    int ref);
	void (*cleanup)(struct rtnl_tc_action *a);
	/* offload_act_setup(): 0 when a driver could be told of a (bind:
	 * as an entry of a flow rule, else as an action of its own), or
	 * -errno with the kind's message; NULL: the kind has none */
	int (*offload_setup)(struct rtnl_tc_action *a, bool bind,
			     struct unl_ext_ack *extack);
};

/* struct tc_action with struct tcf_t */
struct rtnl_tc_action {
	struct rtnl_tc_action *next; /* its kind's table, by index */
	const struct rtnl_tc_action_ops *ops;
	struct rtnl_net *rn;
	uint32_t index;
	uint32_t refcnt, bindcnt;
	int tcfa_action;
	uint32_t flags;    /* tcfa_flags */
	uint32_t hw_stats; /* TCA_ACT_HW_STATS_* asked for */
	bool used_hw_stats_valid;
	int64_t install, lastuse; /* the net's clock, ns */
	uint8_t *cookie;
	uint32_t cookie_len;
	struct rtnl_tcf_chain *goto_chain;
	struct rtnl_tc_est est; /* from the filter that made it */
	uint64_t priv[];
};

static inline void *rtnl_tc_action_priv(struct rtnl_tc_action *a)
{
	return a->priv;
}

/* tcf_idr_check_alloc(): 1 and *a the action of index (a reference
 * more, and a binding with bind), or 0 with *index the free one to
 * make (0: the lowest free); -errno */
int rtnl_tcf_idr_check_alloc(struct rtnl_net *rn,
			     const struct rtnl_tc_action_ops *ops,
			     uint32_t *index, struct rtnl_tc_action **a,
			     bool bind);
/* tcf_idr_create_from_flags(): a new action of index, not yet in the
 * table (act_api puts it there once every action of a request is
 * made), with an estimator when the filter that makes it has one (est,
 * its TCA_RATE: -EINVAL when bad); -ENOMEM */
int rtnl_tcf_idr_create(struct rtnl_net *rn,
			const struct rtnl_tc_action_ops *ops, uint32_t index,
			const struct nlattr *est, struct rtnl_tc_action **a,
			bool bind, uint32_t flags);
/*
 * What every kind's init starts with: tcf_idr_check_alloc(), then
 * tcf_idr_create() for a new action, or the existing one.  1 when the
 * init ends here with *ret: an error, EEXIST for an existing action
 * without REPLACE, RTNL_ACT_P_BOUND for a binding to an existing one;
 * else 0 with *a the action to fill and *ret RTNL_ACT_P_CREATED (new)
 * or RTNL_ACT_P_BOUND (an existing one replaced).
 */
int rtnl_tcf_idr_start(struct rtnl_net *rn,
		       const struct rtnl_tc_action_ops *ops, uint32_t index,
		       const struct nlattr *est, struct rtnl_tc_action **a,
		       uint32_t flags, int *ret);
/*
 * A kind whose init takes one struct of parameters (struct tc_gen's
 * fields first) in one attribute and nothing else (csum, nat,
 * connmark): its policy (maxtype + 1 entries, at most
 * RTNL_TCF_PARM_MAXTYPE) and store, which copies the struct's own
 * fields into the action's private part.
 */
#define RTNL_TCF_PARM_MAXTYPE 7
struct rtnl_tcf_parm_kind {
	const struct rtnl_tc_action_ops *ops;
	const struct unl_nla_policy *policy;
	int maxtype;
	int parms; /* the attribute of the struct */
	void (*store)(struct rtnl_tc_action *a, const void *parm);
};
/* The init of such a kind, as tcf_csum_init() and its like: the
 * attributes parsed with no message (NULL extack, as they parse them),
 * the struct required (EINVAL), the action of its index made or taken
 * (rtnl_tcf_idr_start()), its control action checked, then stored. */
int rtnl_tcf_parm_init(struct rtnl_net *rn, const struct rtnl_tcf_parm_kind *k,
		       const struct nlattr *nla, const struct nlattr *est,
		       struct rtnl_tc_action **a, struct rtnl_tcf_proto *tp,
		       uint32_t flags, struct unl_ext_ack *extack);
/* The offload_setup of a kind a driver can always be told of (csum,
 * ct, mirred, sample, tunnel_key, vlan): 0. */
int rtnl_tcf_offload_setup_any(struct rtnl_tc_action *a, bool bind,
			       struct unl_ext_ack *extack);
/* tcf_idr_release(): one reference (and binding) less */
void rtnl_tcf_idr_release(struct rtnl_tc_action *a, bool bind);
/* tcf_action_check_ctrlact() and tcf_action_set_ctrlact() */
int rtnl_tcf_action_check_ctrlact(int action, struct rtnl_tcf_proto *tp,
				  struct rtnl_tcf_chain **newchain,
				  struct unl_ext_ack *extack);
void rtnl_tcf_action_set_ctrlact(struct rtnl_tc_action *a, int action,
				 struct rtnl_tcf_chain *goto_chain);
/* struct tcf_t of a's times, in USER_HZ, as tcf_tm_dump() gives it */
void rtnl_tcf_tm_dump(struct tcf_t *t, const struct rtnl_tc_action *a);

/* struct tcf_exts: the actions of a filter */
struct rtnl_tcf_exts {
	struct rtnl_tc_action *actions[TCA_ACT_MAX_PRIO];
	int nr_actions;
	int action, police; /* the kind's TCA_*_ACT and TCA_*_POLICE */
	bool old_compat;    /* TCA_OLD_COMPAT: one police of TCA_*_POLICE */
};
void rtnl_tcf_exts_init(struct rtnl_tcf_exts *e, int action, int police);
/* tcf_exts_validate_ex(): the actions of tb[e->action]; est, the
 * filter's TCA_RATE, gives each action it makes an estimator */
int rtnl_tcf_exts_validate(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			   const struct nlattr **tb, const struct nlattr *est,
			   struct rtnl_tcf_exts *e,
			   uint32_t flags, uint32_t fl_flags,
			   struct unl_ext_ack *extack);
/* tcf_exts_destroy(): the filter lets go of its actions */
void rtnl_tcf_exts_destroy(struct rtnl_tcf_exts *e);
int rtnl_tcf_exts_dump(struct unl_skb *skb, const struct rtnl_tcf_exts *e);
/* tcf_exts_hw_stats_update() with what no driver reported: the
 * actions' used_hw_stats forgotten (matchall's and flower's dumps) */
void rtnl_tcf_exts_hw_stats_update(const struct rtnl_tcf_exts *e);
/* tcf_exts_dump_stats(): after a filter's TCA_OPTIONS, the statistics
 * of an old police (TCA_STATS, zero); nothing for other actions */
int rtnl_tcf_exts_dump_stats(struct unl_skb *skb,
			     const struct rtnl_tcf_exts *e);

/* ---- classifiers (cls_api.c) ---- */

/* struct tcf_walker */
struct rtnl_tcf_walker {
	bool stop;
	long skip, count;
	int (*fn)(struct rtnl_tcf_proto *tp, void *fh,
		  struct rtnl_tcf_walker *w);
	void *arg;
};

/* One filter of a walk: skipped while count < skip; false to stop. */
static inline bool rtnl_tcf_walk_one(struct rtnl_tcf_proto *tp, void *fh,
				     struct rtnl_tcf_walker *w)
{
	if (w->count >= w->skip && w->fn(tp, fh, w) < 0) {
		w->stop = true;
		return false;
	}
	w->count++;
	return true;
}

/* struct tcf_proto_ops: fh is a filter of the kind, opaque here */
struct rtnl_tcf_proto_ops {
	const char *kind;
	int (*init)(struct rtnl_tcf_proto *tp);
	void (*destroy)(struct rtnl_tcf_proto *tp);
	void *(*get)(struct rtnl_tcf_proto *tp, uint32_t handle);
	/* *fh: the filter to change (NULL: make one); gets the result */
	int (*change)(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		      unsigned long base, uint32_t handle,
		      const struct nlattr **tca, void **fh, uint32_t flags,
		      struct unl_ext_ack *extack);
	/* *last: the tp has nothing left and may go */
	int (*delete)(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		      struct unl_ext_ack *extack);
	void (*walk)(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w);
	/* the handle in t, and TCA_OPTIONS */
	int (*dump)(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		    struct tcmsg *t);
	/* tcf_proto_ops.put: the request is done with fh (NULL: none) */
	void (*put)(struct rtnl_tcf_proto *tp, void *fh);
	/* tcf_proto_ops.bind_class: fh's result names classid; bind (or
	 * let go of) it; NULL: the kind binds no class */
	void (*bind_class)(void *fh, uint32_t classid, bool bind);
	/* fh is bound to classid */
	bool (*class_bound)(void *fh, uint32_t classid);
	/* tmplt_create, tmplt_destroy, tmplt_dump: a chain's template
	 * (NULL with *err set on failure); NULL: the kind has none */
	void *(*tmplt_create)(struct rtnl_net *rn, struct rtnl_tcf_chain *chain,
			      const struct nlattr **tca,
			      struct unl_ext_ack *extack, int *err);
	void (*tmplt_destroy)(void *priv);
	int (*tmplt_dump)(struct unl_skb *skb, struct rtnl_net *rn, void *priv);
};

/* struct tcf_proto: the filters of one kind at one priority */
struct rtnl_tcf_proto {
	struct rtnl_tcf_proto *next; /* in its chain, by priority */
	struct rtnl_tcf_chain *chain;
	const struct rtnl_tcf_proto_ops *ops;
	uint32_t prio;     /* TC_H_MAJ of tcm_info */
	uint16_t protocol; /* network order, TC_H_MIN of tcm_info */
	uint32_t refcnt;
	void *root; /* the kind's */
	void *data; /* the kind's, per block (u32's tc_u_common) */
};

struct rtnl_tcf_chain {
	struct rtnl_tcf_chain *next; /* in its block, in creation order */
	struct rtnl_tcf_block *block;
	uint32_t index;
	uint32_t refcnt, action_refcnt;
	bool explicitly_created;
	struct rtnl_tcf_proto *filter_chain;
	/* the template (RTM_NEWCHAIN with a kind): its kind and data */
	const struct rtnl_tcf_proto_ops *tmplt_ops;
	void *tmplt_priv;
};

struct rtnl_tcf_block {
	struct rtnl_tcf_block *next; /* in the net's list */
	struct rtnl_net *rn;
	/* the owner when not shared (index 0); a shared block has none */
	struct rtnl_qdisc *q;
	unsigned long cl;
	uint32_t index;
	uint32_t refcnt;  /* its owners */
	uint32_t classid; /* the parent of the last filter made */
	struct rtnl_tcf_chain *chains;
};

/* The kinds (cls_*.c). */
extern const struct rtnl_tcf_proto_ops rtnl_cls_u32_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_bpf_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_matchall_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_flower_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_basic_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_fw_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_route_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_cgroup_ops;
extern const struct rtnl_tcf_proto_ops rtnl_cls_flow_ops;

/* tc_flags_valid(): skip_hw, skip_sw and verbose, not both skips */
bool rtnl_tcf_flags_valid(uint32_t flags);
/* tcf_change_indev(): the ifindex of the device a names, or -errno
 * with Linux's message */
int rtnl_tcf_change_indev(struct rtnl_net *rn, const struct nlattr *a,
			  struct unl_ext_ack *extack);

/* The action kinds (act_*.c). */
extern const struct rtnl_tc_action_ops rtnl_act_mirred_ops;
extern const struct rtnl_tc_action_ops rtnl_act_gact_ops;
extern const struct rtnl_tc_action_ops rtnl_act_skbedit_ops;
extern const struct rtnl_tc_action_ops rtnl_act_police_ops;
extern const struct rtnl_tc_action_ops rtnl_act_pedit_ops;
extern const struct rtnl_tc_action_ops rtnl_act_vlan_ops;
extern const struct rtnl_tc_action_ops rtnl_act_csum_ops;
extern const struct rtnl_tc_action_ops rtnl_act_nat_ops;
extern const struct rtnl_tc_action_ops rtnl_act_tunnel_key_ops;
extern const struct rtnl_tc_action_ops rtnl_act_connmark_ops;
extern const struct rtnl_tc_action_ops rtnl_act_ct_ops;
extern const struct rtnl_tc_action_ops rtnl_act_sample_ops;
extern const struct rtnl_tc_action_ops rtnl_act_gate_ops;

/* tcf_chain_get_by_act() and tcf_chain_put_by_act() (goto chain) */
struct rtnl_tcf_chain *rtnl_tcf_chain_get_by_act(struct rtnl_tcf_block *b,
						 uint32_t index);
void rtnl_tcf_chain_put_by_act(struct rtnl_tcf_chain *chain);

/* ---- what sch_api.c and the qdisc kinds call ---- */
/* tcf_block_put() of every block q has (at its destruction) */
void rtnl_tcf_qdisc_destroy(struct rtnl_qdisc *q);
/* a class of q went: its block goes with it */
void rtnl_tcf_class_destroy(struct rtnl_qdisc *q, unsigned long cl);
/* qdisc_block_indexes_set() and the shared blocks ingress and clsact
 * take at init (TCA_INGRESS_BLOCK, TCA_EGRESS_BLOCK of tca): 0 or
 * -errno with Linux's message */
int rtnl_tcf_qdisc_block_indexes_set(struct rtnl_qdisc *q,
				     const struct nlattr **tca,
				     struct unl_ext_ack *extack);
/* TCA_INGRESS_BLOCK and TCA_EGRESS_BLOCK of q, if it shares a block */
int rtnl_tcf_qdisc_dump_blocks(struct rtnl_qdisc *q, struct unl_skb *skb);
/* tcf_bind_filter(): whether a filter of the block saying classid is
 * bound to that class (it exists, and the block is not shared) */
bool rtnl_tcf_bind_filter(const struct rtnl_tcf_proto *tp, uint32_t classid);

/* struct tcf_result as the kinds that send to one class keep it (basic,
 * flower, fw, matchall, route): the class, and whether the filter is
 * bound to it.  First in such a kind's filter, so that
 * rtnl_tcf_result_bind_class() and _class_bound() serve as its ops.
 * set: from the request's classid attribute, bound where the qdisc has
 * that class; dump: the attribute type, when there is a class. */
struct rtnl_tcf_result {
	uint32_t classid;
	bool bound;
};
void rtnl_tcf_result_set(const struct rtnl_tcf_proto *tp,
			 struct rtnl_tcf_result *r, const struct nlattr *attr);
int rtnl_tcf_result_dump(struct unl_skb *skb, int type,
			 const struct rtnl_tcf_result *r);
void rtnl_tcf_result_bind_class(void *fh, uint32_t classid, bool bind);
bool rtnl_tcf_result_class_bound(void *fh, uint32_t classid);
/* tc_bind_tclass(): the filters of q saying classid bind (or let go
 * of) that class; and whether one is bound (qdisc_class_in_use()) */
void rtnl_tcf_bind_tclass(struct rtnl_qdisc *q, uint32_t classid, bool bind);
bool rtnl_tcf_class_in_use(struct rtnl_qdisc *q, uint32_t classid);
/* the net's actions go (at its end) */
void rtnl_tcf_net_fini(struct rtnl_net *rn);
/* the per-net state, made on first use; NULL without memory */
struct rtnl_tcf_net *rtnl_tcf_net(struct rtnl_net *rn);

/* act_api.c: tc_ctl_action() (RTM_NEWACTION, DELACTION, GETACTION)
 * and tc_dump_action(), in cls_api.c's table */
int rtnl_tc_ctl_action(struct rtnl_net *rn, struct unl_skb *skb,
		       struct nlmsghdr *n, struct unl_ext_ack *extack);
int rtnl_tc_dump_action(struct unl_skb *skb, struct unl_callback *cb);
/* the action kind of name the net has, or NULL */
const struct rtnl_tc_action_ops *rtnl_tc_action_lookup(struct rtnl_net *rn,
							const char *kind);
/* every action left (at the net's end) */
void rtnl_act_net_fini(struct rtnl_net *rn);

/* A qdisc's class whose block is a shared one (ingress_block). */
struct rtnl_tcf_owner {
	struct rtnl_tcf_owner *next;
	struct rtnl_qdisc *q;
	unsigned long cl;
	struct rtnl_tcf_block *block;
};

/* The per-net state of filters and actions. */
struct rtnl_tcf_net {
	struct rtnl_tcf_block *blocks;
	struct rtnl_tcf_owner *owners;
	bool quiet; /* going with the net: nothing told */
	/* cls_u32.c's tables of each qdisc or shared block (the hash of
	 * struct tc_u_common) */
	struct u32_common *u32_commons;
	/* each action kind's table (struct tcf_idrinfo), by index */
	struct rtnl_tc_action *acts[24];
};

#endif
