// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The class hash of net/sched/sch_api.c (struct Qdisc_class_hash) for
 * the kinds whose classes users make, and the time units the kinds
 * share.  The walk order of their classes is this hash's: bucket by
 * bucket, newest first in a bucket, and a grow reverses each chain as
 * Linux's does, so dumps list classes in the kernel's order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "proto/route/sched/sched.h"

/* qdisc_class_hash() */
static unsigned int class_hash(uint32_t id, unsigned int mask)
{
	id ^= id >> 8;
	id ^= id >> 4;
	return id & mask;
}

int rtnl_class_hash_init(struct rtnl_class_hash *h)
{
	h->hashsize = 4;
	h->hashelems = 0;
	h->hash = calloc(h->hashsize, sizeof(*h->hash));
	return h->hash ? 0 : -ENOMEM;
}

struct rtnl_class_common *rtnl_class_hash_find(const struct rtnl_class_hash *h,
					       uint32_t classid)
{
	if (!h->hash)
		return NULL;
	for (struct rtnl_class_common *c =
		     h->hash[class_hash(classid, h->hashsize - 1)];
	     c; c = c->hnext)
		if (c->classid == classid)
			return c;
	return NULL;
}

void rtnl_class_hash_insert(struct rtnl_class_hash *h,
			    struct rtnl_class_common *cl)
{
	unsigned int b = class_hash(cl->classid, h->hashsize - 1);

	cl->hnext = h->hash[b];
	h->hash[b] = cl;
	h->hashelems++;
}

void rtnl_class_hash_remove(struct rtnl_class_hash *h,
			    struct rtnl_class_common *cl)
{
	for (struct rtnl_class_common **pp =
		     &h->hash[class_hash(cl->classid, h->hashsize - 1)];
	     *pp; pp = &(*pp)->hnext)
		if (*pp == cl) {
			*pp = cl->hnext;
			h->hashelems--;
			return;
		}
}

/* Each old bucket's chain, head first, goes to the head of its new
 * bucket; without memory the hash stays as it is, as Linux's does. */
void rtnl_class_hash_grow(struct rtnl_class_hash *h)
{
	unsigned int nsize = h->hashsize * 2;
	struct rtnl_class_common **nhash;

	if (h->hashelems * 4 <= h->hashsize * 3)
		return;
	nhash = calloc(nsize, sizeof(*nhash));
	if (!nhash)
		return;
	for (unsigned int i = 0; i < h->hashsize; i++) {
		struct rtnl_class_common *c = h->hash[i], *next;

		for (; c; c = next) {
			unsigned int b = class_hash(c->classid, nsize - 1);

			next = c->hnext;
			c->hnext = nhash[b];
			nhash[b] = c;
		}
	}
	free(h->hash);
	h->hash = nhash;
	h->hashsize = nsize;
}

void rtnl_class_hash_destroy(struct rtnl_class_hash *h)
{
	free(h->hash);
	h->hash = NULL;
	h->hashsize = h->hashelems = 0;
}

void rtnl_class_hash_destroy_all(struct rtnl_class_hash *h,
				 void (*destroy)(struct rtnl_class_common *cl,
						 void *arg),
				 void *arg)
{
	for (unsigned int i = 0; h->hash && i < h->hashsize; i++)
		while (h->hash[i]) {
			struct rtnl_class_common *c = h->hash[i];

			h->hash[i] = c->hnext;
			destroy(c, arg);
		}
	rtnl_class_hash_destroy(h);
}

int rtnl_class_hash_walk(struct rtnl_qdisc *q, const struct rtnl_class_hash *h,
			 long skip, long *count,
			 int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			 void *arg)
{
	for (unsigned int i = 0; h->hash && i < h->hashsize; i++)
		for (struct rtnl_class_common *c = h->hash[i]; c; c = c->hnext)
			if (rtnl_qdisc_walk_one(q, (unsigned long)c, skip, count,
						fn, arg))
				return -1;
	return 0;
}

unsigned int rtnl_tc_hz(const struct rtnl_qdisc *q)
{
	return q->dev->rn->hz ? q->dev->rn->hz : 250;
}

/* MAX_JIFFY_OFFSET on a 64-bit kernel */
#define MAX_JIFFY_OFFSET ((uint64_t)((0x7fffffffffffffffULL >> 1) - 1))

uint32_t rtnl_tc_jiffies_to_usecs(const struct rtnl_qdisc *q, uint64_t j)
{
	return (uint32_t)((1000000u / rtnl_tc_hz(q)) * j);
}

uint64_t rtnl_tc_usecs_to_jiffies(const struct rtnl_qdisc *q, uint32_t us)
{
	uint32_t per = 1000000u / rtnl_tc_hz(q);

	if (us > rtnl_tc_jiffies_to_usecs(q, MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return ((uint64_t)us + per - 1) / per;
}

void rtnl_tc_err_fmt(struct unl_ext_ack *extack, const char *fmt, ...)
{
	va_list ap;

	if (!extack)
		return;
	va_start(ap, fmt);
	vsnprintf(extack->msg_buf, sizeof(extack->msg_buf), fmt, ap);
	va_end(ap);
	extack->msg = extack->msg_buf;
}

bool rtnl_qdisc_block_on_qdisc_said(unsigned long cl,
				    struct unl_ext_ack *extack, const char *msg)
{
	if (cl)
		UNL_SET_ERR_MSG(extack, msg);
	return !cl;
}

bool rtnl_qdisc_block_on_qdisc(struct rtnl_qdisc *q, unsigned long cl,
			       struct unl_ext_ack *extack)
{
	(void)q;
	(void)extack;
	return !cl;
}

int rtnl_leaf_class_graft(struct rtnl_qdisc *sch, unsigned long arg,
			  struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			  struct unl_ext_ack *extack)
{
	struct rtnl_leaf_class *cl = (struct rtnl_leaf_class *)arg;

	(void)extack;
	if (!new)
		new = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					     cl->common.classid, sch->dev_queue);
	*old = cl->qdisc;
	cl->qdisc = new;
	return 0;
}

const struct rtnl_tc_est *rtnl_leaf_class_rate_est(struct rtnl_qdisc *sch,
						   unsigned long cl)
{
	(void)sch;
	return &((struct rtnl_leaf_class *)cl)->est;
}

struct rtnl_qdisc *rtnl_leaf_class_leaf(struct rtnl_qdisc *sch,
					unsigned long arg)
{
	(void)sch;
	return ((struct rtnl_leaf_class *)arg)->qdisc;
}

static struct rtnl_class_hash *leaf_classes(struct rtnl_qdisc *sch)
{
	return (struct rtnl_class_hash *)rtnl_qdisc_priv(sch);
}

struct rtnl_leaf_class *rtnl_leaf_class_new(struct rtnl_qdisc *sch,
					    uint32_t classid, size_t size)
{
	struct rtnl_leaf_class *cl = calloc(1, size);

	if (!cl)
		return NULL;
	cl->common.classid = classid;
	cl->qdisc = rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
					   classid, sch->dev_queue);
	if (cl->qdisc)
		rtnl_qdisc_hash_add(cl->qdisc, true);
	rtnl_class_hash_insert(leaf_classes(sch), &cl->common);
	rtnl_class_hash_grow(leaf_classes(sch));
	return cl;
}

void rtnl_leaf_class_free(struct rtnl_leaf_class *cl)
{
	rtnl_qdisc_put(cl->qdisc);
	free(cl);
}

unsigned long rtnl_leaf_class_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	return (unsigned long)rtnl_class_hash_find(leaf_classes(sch), classid);
}

int rtnl_leaf_class_walk(struct rtnl_qdisc *sch, long skip, long *count,
			 int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			 void *arg)
{
	return rtnl_class_hash_walk(sch, leaf_classes(sch), skip, count, fn,
				    arg);
}

int rtnl_leaf_classes_init(struct rtnl_qdisc *sch, const struct nlattr *opt,
			   struct unl_ext_ack *extack)
{
	(void)opt;
	(void)extack;
	return rtnl_class_hash_init(leaf_classes(sch));
}

/* rtnl_class_hash_destroy_all()'s destroy */
static void leaf_class_gone(struct rtnl_class_common *cl, void *sch)
{
	(void)sch;
	rtnl_leaf_class_free((struct rtnl_leaf_class *)cl);
}

void rtnl_leaf_classes_destroy(struct rtnl_qdisc *sch)
{
	rtnl_class_hash_destroy_all(leaf_classes(sch), leaf_class_gone, sch);
}

/* ---- kinds with one class over one child ---- */

static struct rtnl_qdisc **one_child(struct rtnl_qdisc *sch)
{
	return (struct rtnl_qdisc **)rtnl_qdisc_priv(sch);
}

unsigned long rtnl_one_child_find(struct rtnl_qdisc *sch, uint32_t classid)
{
	(void)sch;
	(void)classid;
	return 1;
}

struct rtnl_qdisc *rtnl_one_child_leaf(struct rtnl_qdisc *sch,
				       unsigned long cl)
{
	(void)cl;
	return *one_child(sch);
}

int rtnl_one_child_graft(struct rtnl_qdisc *sch, unsigned long cl,
			 struct rtnl_qdisc *new, struct rtnl_qdisc **old,
			 struct unl_ext_ack *extack)
{
	(void)cl;
	(void)extack;
	*old = *one_child(sch);
	*one_child(sch) = new;
	return 0;
}

int rtnl_one_child_walk(struct rtnl_qdisc *sch, long skip, long *count,
			int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
			void *arg)
{
	return rtnl_qdisc_walk_one(sch, 1, skip, count, fn, arg);
}

int rtnl_one_child_dump(struct rtnl_qdisc *sch, unsigned long cl,
			struct unl_skb *skb, struct tcmsg *tcm)
{
	struct rtnl_qdisc *leaf = *one_child(sch);

	(void)cl;
	(void)skb;
	tcm->tcm_handle |= TC_H_MIN(1);
	tcm->tcm_info = leaf ? leaf->handle : 0;
	return 0;
}

int rtnl_one_child_dump_if_child(struct rtnl_qdisc *sch, unsigned long cl,
				 struct unl_skb *skb, struct tcmsg *tcm)
{
	if (cl != 1 || !*one_child(sch))
		return -ENOENT;
	return rtnl_one_child_dump(sch, cl, skb, tcm);
}

/* ---- kinds whose classes are fixed bands ---- */

unsigned long rtnl_band_find(uint32_t classid, unsigned int nbands)
{
	unsigned long band = TC_H_MIN(classid);

	return band - 1 >= nbands ? 0 : band;
}

int rtnl_bands_walk(struct rtnl_qdisc *sch, unsigned int nbands, long skip,
		    long *count,
		    int (*fn)(struct rtnl_qdisc *, unsigned long, void *),
		    void *arg)
{
	for (unsigned long b = 1; b <= nbands; b++)
		if (rtnl_qdisc_walk_one(sch, b, skip, count, fn, arg))
			return -1;
	return 0;
}

static struct rtnl_qdisc *band_dflt(struct rtnl_qdisc *sch, unsigned long cl)
{
	return rtnl_qdisc_create_dflt(sch->dev, &rtnl_pfifo_qdisc_ops,
				      TC_H_MAKE(sch->handle, (uint32_t)cl),
				      sch->dev_queue);
}

void rtnl_band_graft(struct rtnl_qdisc *sch, unsigned long cl,
		     struct rtnl_qdisc **slot, struct rtnl_qdisc *new,
		     struct rtnl_qdisc **old)
{
	if (!new) {
		new = band_dflt(sch, cl);
		if (new)
			rtnl_qdisc_hash_add(new, true);
	}
	*old = *slot;
	*slot = new;
}

int rtnl_bands_create(struct rtnl_qdisc *sch, struct rtnl_qdisc **queues,
		      unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++) {
		queues[i] = band_dflt(sch, i + 1);
		if (!queues[i]) {
			while (i > from)
				rtnl_qdisc_put(queues[--i]);
			return -ENOMEM;
		}
	}
	return 0;
}

int rtnl_band_dump_stats(struct rtnl_qdisc *sch, unsigned long cl, void *buf)
{
	(void)sch;
	(void)cl;
	(void)buf;
	return 0;
}
