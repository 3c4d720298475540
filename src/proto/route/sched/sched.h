/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Traffic control's control plane (net/sched): queueing disciplines and
 * their classes as sch_api.c keeps them for each device, and the ops
 * of each kind (struct Qdisc_ops, struct Qdisc_class_ops), one file per
 * kind as net/sched has them.  Nothing is ever queued: statistics stay
 * zero, as on a device that sent nothing.
 *
 *   device ── root ──────────── the qdisc of dev->qdisc (NULL: noop)
 *          ├─ ingress ───────── the ingress queue's (ingress, clsact)
 *          └─ hashed ────────── dev->qdisc_hash: the other qdiscs that
 *                               qdisc_hash_add() put there, newest first
 *                               per bucket
 */
#ifndef UNETLINK_ROUTE_SCHED_H
#define UNETLINK_ROUTE_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "proto/route/route-private.h"

/* Qdisc flags (TCQ_F_*) the control plane looks at. */
#define RTNL_TCQ_INGRESS 0x2
#define RTNL_TCQ_ONETXQUEUE 0x10
#define RTNL_TCQ_INVISIBLE 0x80
#define RTNL_TCQ_NOPARENT 0x40
#define RTNL_TCQ_MQROOT 0x8

/* TCA_* newer than some uapi headers. */
#define RTNL_TCA_EXT_WARN_MSG 16

struct rtnl_qdisc;
struct rtnl_tc_dev;

/* Which of TCA_STATS_BASIC and TCA_STATS_QUEUE a dump_stats copies;
 * RATE_EST: it has an estimator, whose TCA_STATS_RATE_EST goes between
 * them. */
#define RTNL_TC_STATS_BASIC 0x1
#define RTNL_TC_STATS_QUEUE 0x2
#define RTNL_TC_STATS_RATE_EST 0x4

/* A rate estimator (TCA_RATE, gen_new_estimator()) of a qdisc or class:
 * its period and averaging as asked.  The rates it would report stay
 * 0, as no packet moves, but that one exists shows in the statistics
 * (`tc -s`: "rate 0bit 0pps"). */
struct rtnl_tc_est {
	bool on;
	struct tc_estimator parm;
};
/* gen_new_estimator()'s checks of rate (at least the two bytes of a
 * struct tc_estimator, a period from -2 (250 ms) to 3 (8 s), an
 * averaging of 1 to 30), then *est set; 0 or -EINVAL, *est as it was */
int rtnl_tc_est_set(struct rtnl_tc_est *est, const struct nlattr *rate);
/* The most a kind's TCA_STATS_APP takes (fq's tc_fq_qd_stats is the
 * largest). */
#define RTNL_TC_XSTATS_MAX 256

/* struct Qdisc_class_ops: a class is named by an opaque non-zero
 * cookie (Linux's unsigned long cl). */
struct rtnl_qdisc_class_ops {
	unsigned long (*find)(struct rtnl_qdisc *q, uint32_t classid);
	struct rtnl_qdisc *(*leaf)(struct rtnl_qdisc *q, unsigned long cl);
	/* put new (NULL: a default) on class cl; *old gets the one it had */
	int (*graft)(struct rtnl_qdisc *q, unsigned long cl,
		     struct rtnl_qdisc *new, struct rtnl_qdisc **old,
		     struct unl_ext_ack *extack);
	int (*change)(struct rtnl_qdisc *q, uint32_t classid, uint32_t parent,
		      const struct nlattr **tca, unsigned long *cl,
		      struct unl_ext_ack *extack);
	int (*delete)(struct rtnl_qdisc *q, unsigned long cl,
		      struct unl_ext_ack *extack);
	/* fn for each class in the kind's order, skipping the first skip;
	 * stops at the first non-zero return, which it returns; *count
	 * gets the classes visited */
	int (*walk)(struct rtnl_qdisc *q, long skip, long *count,
		    int (*fn)(struct rtnl_qdisc *q, unsigned long cl,
			      void *arg),
		    void *arg);
	/* the tcmsg's parent, handle and info, and TCA_OPTIONS */
	int (*dump)(struct rtnl_qdisc *q, unsigned long cl,
		    struct unl_skb *skb, struct tcmsg *tcm);
	/* dump_stats: the class has counters; returns the bytes of its
	 * TCA_STATS_APP (and TCA_XSTATS) put in buf, or 0 */
	int (*dump_stats)(struct rtnl_qdisc *q, unsigned long cl, void *buf);
	/* the counters its dump_stats copies: RTNL_TC_STATS_QUEUE alone
	 * (skbprio's), or 0 for basic and queue, as most kinds */
	unsigned int dump_counters;
	/* whether class cl (0: the qdisc itself) has a filter block
	 * (cops->tcf_block() not NULL), with the kind's extended ACK
	 * (NULL in a dump) when not; NULL: the kind has no blocks */
	bool (*tcf_block)(struct rtnl_qdisc *q, unsigned long cl,
			  struct unl_ext_ack *extack);
	/* the dev queue a child qdisc of class cl would get (mq) */
	uint32_t (*select_queue)(struct rtnl_qdisc *q, uint32_t parent);
	/* class cl's rate estimator, for kinds whose classes take one
	 * (TCA_RATE: drr, qfq, hfsc, htb); NULL for the others */
	const struct rtnl_tc_est *(*rate_est)(struct rtnl_qdisc *q,
					      unsigned long cl);
};

/* struct Qdisc_ops */
struct rtnl_qdisc_ops {
	const char *id;
	size_t priv_size;
	unsigned int static_flags; /* RTNL_TCQ_INGRESS */
	const struct rtnl_qdisc_class_ops *cl_ops;
	/* opt: TCA_OPTIONS or NULL; 0 or -errno with the kind's message */
	int (*init)(struct rtnl_qdisc *q, const struct nlattr *opt,
		    struct unl_ext_ack *extack);
	int (*change)(struct rtnl_qdisc *q, const struct nlattr *opt,
		      struct unl_ext_ack *extack);
	/* after it became a device's root: takes the tx queues itself
	 * (mq: its children; htb: itself, one reference each, counted in
	 * *qrefs) */
	void (*attach)(struct rtnl_qdisc *q, uint32_t *qrefs);
	void (*destroy)(struct rtnl_qdisc *q);
	/* TCA_OPTIONS, if the kind has any */
	int (*dump)(struct rtnl_qdisc *q, struct unl_skb *skb);
	/* TCA_STATS_APP of the qdisc: its bytes, or 0 */
	int (*xstats)(struct rtnl_qdisc *q, void *buf);
	/* instead of xstats: TCA_STATS_APP as a nest the kind writes
	 * itself, which has no TCA_XSTATS copy (cake's); 0 or -EMSGSIZE */
	int (*dump_stats_nest)(struct rtnl_qdisc *q, struct unl_skb *skb);
};

struct rtnl_qdisc {
	struct rtnl_qdisc *hash_next; /* in its device's bucket */
	bool hashed;
	const struct rtnl_qdisc_ops *ops;
	struct rtnl_link *dev;
	uint32_t handle, parent;
	uint32_t refcnt;
	unsigned int flags;
	uint32_t dev_queue; /* the tx queue it was made for */
	uint32_t limit;     /* sch->limit (the fifos) */
	struct rtnl_tc_est est;
	/* TCA_STAB: the size table's spec, which is all a dump shows (its
	 * table of sizes would only change what packets count) */
	bool has_stab;
	struct tc_sizespec stab;
	uint64_t priv[];
};

static inline void *rtnl_qdisc_priv(struct rtnl_qdisc *q)
{
	return q->priv;
}

/* DECLARE_HASHTABLE(qdisc_hash, 4) */
#define RTNL_QDISC_HASH_BITS 4

struct rtnl_tc_dev {
	struct rtnl_qdisc *root;    /* noop_qdisc when none */
	uint32_t root_qrefs;        /* root's references from tx queues */
	struct rtnl_qdisc *ingress; /* the ingress queue's, noop_qdisc */
	bool ingress_queue;         /* dev_ingress_queue_create() ran */
	struct rtnl_qdisc *hash[1u << RTNL_QDISC_HASH_BITS];
	/* the device's traffic classes (dev->num_tc, tc_to_txq,
	 * prio_tc_map), which mqprio sets; a qdisc that fails to take
	 * them resets num_tc, whoever set it, as Linux's does */
	uint8_t num_tc;
	uint8_t prio_tc_map[TC_QOPT_BITMASK + 1];
	struct {
		uint16_t count, offset;
	} tc_to_txq[TC_QOPT_MAX_QUEUE];
};

/* ---- sch_api.c: what the kinds and cls_api.c use ---- */
/* qdisc_lookup(): a device's qdisc by handle */
struct rtnl_qdisc *rtnl_qdisc_lookup(struct rtnl_link *dev, uint32_t handle);
/* dev->qdisc, noop_qdisc for none */
struct rtnl_qdisc *rtnl_tc_dev_root(const struct rtnl_link *dev);
bool rtnl_qdisc_is_noop(const struct rtnl_qdisc *q);
/* qdisc_create_dflt(): a qdisc of ops with default options, for parent
 * on the device's tx queue txq; NULL without memory */
struct rtnl_qdisc *rtnl_qdisc_create_dflt(struct rtnl_link *dev,
					  const struct rtnl_qdisc_ops *ops,
					  uint32_t parent, uint32_t txq);
/* qdisc_put(): one reference less; gone (with its children) at 0 */
void rtnl_qdisc_put(struct rtnl_qdisc *q);
/* qdisc_hash_add() */
void rtnl_qdisc_hash_add(struct rtnl_qdisc *q, bool invisible);
/* The default qdisc's ops (net.core.default_qdisc) for tx queue txq. */
const struct rtnl_qdisc_ops *rtnl_qdisc_default_ops(struct rtnl_link *dev,
						    uint32_t txq);
/* psched_mtu(): the MTU plus the link-layer header */
uint32_t rtnl_psched_mtu(const struct rtnl_link *dev);
/* the device's tx queues, in use */
uint32_t rtnl_qdisc_real_txq(const struct rtnl_link *dev);

/* psched_ratecfg: a rate as the kernel keeps it, and its conversions */
struct rtnl_ratecfg {
	uint64_t rate_bytes_ps;
	uint32_t mult;
	uint16_t overhead;
	uint16_t mpu;
	uint8_t linklayer;
	uint8_t shift;
};
/* qdisc_get_rtab() of a ratespec whose link layer is unaware
 * (TC_LINKLAYER_UNAWARE): the link layer its 1 KiB rate table tab
 * shows, in *r; nothing without a valid table */
void rtnl_ratespec_detect_linklayer(struct tc_ratespec *r,
				    const struct nlattr *tab);
void rtnl_ratecfg_precompute(struct rtnl_ratecfg *r,
			     const struct tc_ratespec *conf, uint64_t rate64);
void rtnl_ratecfg_getrate(struct tc_ratespec *res,
			  const struct rtnl_ratecfg *r);
uint64_t rtnl_ratecfg_l2t_ns(const struct rtnl_ratecfg *r, unsigned int len);
uint64_t rtnl_ratecfg_t2l(const struct rtnl_ratecfg *r, uint64_t time_ns);
#define RTNL_PSCHED_TICKS2NS(x) ((uint64_t)(x) << 6)
#define RTNL_PSCHED_NS2TICKS(x) ((x) >> 6)

/* One class of a walk (struct qdisc_walker with tc_qdisc_stats_dump's
 * counting): skipped while *count < skip; -1 when fn failed. */
static inline int rtnl_qdisc_walk_one(struct rtnl_qdisc *q, unsigned long cl,
				      long skip, long *count,
				      int (*fn)(struct rtnl_qdisc *q,
						unsigned long cl, void *arg),
				      void *arg)
{
	if (*count < skip) {
		(*count)++;
		return 0;
	}
	if (fn(q, cl, arg) < 0)
		return -1;
	(*count)++;
	return 0;
}

/* The kinds (one file each), in no particular order. */
extern const struct rtnl_qdisc_ops rtnl_pfifo_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_bfifo_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_pfifo_head_drop_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_pfifo_fast_ops;
extern const struct rtnl_qdisc_ops rtnl_noqueue_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_mq_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_ingress_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_clsact_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_tbf_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_htb_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_prio_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_fq_codel_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_codel_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_plug_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_sfq_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_netem_qdisc_ops;
/* fifo_set_limit() of a bfifo/pfifo child, fifo_create_dflt() */
struct rtnl_qdisc *rtnl_fifo_create_dflt(struct rtnl_qdisc *sch,
					 const struct rtnl_qdisc_ops *ops,
					 uint32_t limit);

/* ---- sch_class.c: struct Qdisc_class_hash, for the kinds whose
 * classes are made by RTM_NEWTCLASS (drr, qfq, hfsc) ---- */
struct rtnl_class_common {
	uint32_t classid;
	struct rtnl_class_common *hnext; /* in its bucket, newest first */
};

struct rtnl_class_hash {
	struct rtnl_class_common **hash;
	unsigned int hashsize, hashelems;
};

/* qdisc_class_hash_init(): 4 buckets; 0 or -ENOMEM */
int rtnl_class_hash_init(struct rtnl_class_hash *h);
struct rtnl_class_common *rtnl_class_hash_find(const struct rtnl_class_hash *h,
					       uint32_t classid);
void rtnl_class_hash_insert(struct rtnl_class_hash *h,
			    struct rtnl_class_common *cl);
void rtnl_class_hash_remove(struct rtnl_class_hash *h,
			    struct rtnl_class_common *cl);
/* qdisc_class_hash_grow(): doubled past a load of 3/4 */
void rtnl_class_hash_grow(struct rtnl_class_hash *h);
/* frees the buckets, not the classes */
void rtnl_class_hash_destroy(struct rtnl_class_hash *h);
/* each class taken out and given to destroy (with arg), then the
 * buckets freed: a classful qdisc's destroy */
void rtnl_class_hash_destroy_all(struct rtnl_class_hash *h,
				 void (*destroy)(struct rtnl_class_common *cl,
						 void *arg),
				 void *arg);
/* the classes in the walk order of the kinds (bucket by bucket) */
int rtnl_class_hash_walk(struct rtnl_qdisc *q, const struct rtnl_class_hash *h,
			 long skip, long *count,
			 int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			 void *arg);

/* The tcf_block of a kind whose filters hang on the qdisc alone, not
 * on its classes (prio, drr, sfq...): !cl. */
bool rtnl_qdisc_block_on_qdisc(struct rtnl_qdisc *q, unsigned long cl,
			       struct unl_ext_ack *extack);
/* The same, with the kind's message when a class is asked for (ets's
 * and drr's "... classid must be zero") */
bool rtnl_qdisc_block_on_qdisc_said(unsigned long cl,
				    struct unl_ext_ack *extack,
				    const char *msg);

/* A class with one leaf qdisc (drr, qfq): its first members. */
struct rtnl_leaf_class {
	struct rtnl_class_common common;
	struct rtnl_qdisc *qdisc; /* NULL: noop */
	struct rtnl_tc_est est;
};
/* graft: the new leaf, or without one a default pfifo that, unlike the
 * class's first, is not put in the device's hash (Linux lists it
 * nowhere); leaf: the leaf.  For classes that start with a
 * struct rtnl_leaf_class. */
int rtnl_leaf_class_graft(struct rtnl_qdisc *sch, unsigned long arg,
			  struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			  struct unl_ext_ack *extack);
struct rtnl_qdisc *rtnl_leaf_class_leaf(struct rtnl_qdisc *sch,
					unsigned long arg);
/* Kinds whose classes users make, each a struct rtnl_leaf_class at
 * the start of an allocation, in a class hash at the start of the
 * kind's private area (drr, qfq).  new: a class of size bytes with a
 * default pfifo leaf (listed with the invisible qdiscs), in the hash,
 * NULL without memory; free: its leaf let go and the class freed;
 * find, walk, init and destroy serve as the kind's ops. */
struct rtnl_leaf_class *rtnl_leaf_class_new(struct rtnl_qdisc *sch,
					    uint32_t classid, size_t size);
void rtnl_leaf_class_free(struct rtnl_leaf_class *cl);
const struct rtnl_tc_est *rtnl_leaf_class_rate_est(struct rtnl_qdisc *sch,
						   unsigned long cl);
unsigned long rtnl_leaf_class_find(struct rtnl_qdisc *sch, uint32_t classid);
int rtnl_leaf_class_walk(struct rtnl_qdisc *sch, long skip, long *count,
			 int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			 void *arg);
int rtnl_leaf_classes_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
			   struct unl_ext_ack *extack);
void rtnl_leaf_classes_destroy(struct rtnl_qdisc *sch);

/* Kinds whose classes are the bands 1..nbands their options fix (prio,
 * ets), each over a leaf that starts as a default pfifo listed with
 * the invisible qdiscs.  find: the band of classid, 0 past nbands;
 * walk: the bands in order; graft: new into *slot, or without one a
 * default pfifo again; create: queues[from..to) made, all or none
 * (-ENOMEM), for the caller to hash once it commits; dump_stats: the
 * band's counters, which never move. */
unsigned long rtnl_band_find(uint32_t classid, unsigned int nbands);
int rtnl_bands_walk(struct rtnl_qdisc *sch, unsigned int nbands, long skip,
		    long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg);
void rtnl_band_graft(struct rtnl_qdisc *sch, unsigned long cl,
		     struct rtnl_qdisc **slot, struct rtnl_qdisc *new,
		     struct rtnl_qdisc **old);
int rtnl_bands_create(struct rtnl_qdisc *sch, struct rtnl_qdisc **queues,
		      unsigned int from, unsigned int to);
int rtnl_band_dump_stats(struct rtnl_qdisc *sch, unsigned long cl, void *buf);

/* Kinds with one class, 1, whose leaf is their one child (tbf, red,
 * sfb, cbs, netem): their private area starts with that child, NULL
 * for noop.  graft swaps it; dump always describes the class (tbf,
 * red), dump_if_child only while there is a child (cbs, netem: ENOENT
 * without). */
unsigned long rtnl_one_child_find(struct rtnl_qdisc *sch, uint32_t classid);
struct rtnl_qdisc *rtnl_one_child_leaf(struct rtnl_qdisc *sch,
				       unsigned long cl);
int rtnl_one_child_graft(struct rtnl_qdisc *sch, unsigned long cl,
			 struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			 struct unl_ext_ack *extack);
int rtnl_one_child_walk(struct rtnl_qdisc *sch, long skip, long *count,
			int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			void *arg);
int rtnl_one_child_dump(struct rtnl_qdisc *sch, unsigned long cl,
			struct unl_skb *skb, struct tcmsg *tcm);
int rtnl_one_child_dump_if_child(struct rtnl_qdisc *sch, unsigned long cl,
				 struct unl_skb *skb, struct tcmsg *tcm);

/* Times as the kinds keep them: jiffies of the net's HZ
 * (usecs_to_jiffies() rounds up), psched ticks of 64 ns. */
unsigned int rtnl_tc_hz(const struct rtnl_qdisc *q);
uint64_t rtnl_tc_usecs_to_jiffies(const struct rtnl_qdisc *q, uint32_t us);
uint32_t rtnl_tc_jiffies_to_usecs(const struct rtnl_qdisc *q, uint64_t j);
/* NL_SET_ERR_MSG_FMT(): the message formatted into the ACK's buffer,
 * cut at its 80 bytes as Linux cuts it */
void rtnl_tc_err_fmt(struct unl_ext_ack *extack, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* clamp a u32 */
static inline uint32_t rtnl_clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The kinds of this session (one file each). */
extern const struct rtnl_qdisc_ops rtnl_skbprio_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_multiq_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_red_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_choke_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_pie_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_fq_pie_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_drr_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_qfq_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_hfsc_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_fq_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_mqprio_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_cake_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_ets_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_cbs_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_etf_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_hhf_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_sfb_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_gred_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_taprio_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_teql_qdisc_ops;
extern const struct rtnl_qdisc_ops rtnl_dualpi2_qdisc_ops;

/* ---- sch_mqprio_lib.c: what mqprio and taprio share ---- */
/* mqprio_validate_qopt(): 0 or -EINVAL with Linux's message */
int rtnl_mqprio_validate_qopt(const struct rtnl_link *dev,
			      const struct tc_mqprio_qopt *qopt,
			      bool validate_queue_counts, bool allow_overlap,
			      struct unl_ext_ack *extack);
/* mqprio_qopt_reconstruct(): the device's traffic classes */
void rtnl_mqprio_qopt_reconstruct(const struct rtnl_link *dev,
				  struct tc_mqprio_qopt *opt);
/* netdev_reset_tc(): no traffic class, every mapping 0 */
void rtnl_netdev_reset_tc(struct rtnl_link *dev);

#endif
