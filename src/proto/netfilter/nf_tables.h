/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nf_tables inside unetlink: what nf_tables_api.c shares with the
 * expressions (nft_*.c), like include/net/netfilter/nf_tables.h.
 * Not installed.
 *
 * Objects live in two generations at once, as in Linux: a batch prepares
 * the next generation (objects added are active only in it, objects
 * deleted only in the current one) while dumps keep showing the current
 * one; commit makes next current, abort forgets it.
 */
#ifndef UNETLINK_PROTO_NF_TABLES_H
#define UNETLINK_PROTO_NF_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netfilter/nf_tables.h>

#include <unetlink/kernel.h>

/* What the uapi headers of an older system may lack (Linux 6.3 to 6.9
 * added them); the numbers are the kernel's. */
#define NFT_MSG_GETRULE_RESET_ 25
#define NFT_MSG_DESTROYTABLE_ 26
#define NFT_MSG_DESTROYCHAIN_ 27
#define NFT_MSG_DESTROYRULE_ 28
#define NFT_MSG_COUNT_ 34 /* NFT_MSG_MAX of Linux 6.18's callbacks */
#define NFT_TABLE_F_PERSIST_ 0x4
#define NFT_TABLE_F_MASK_ (NFT_TABLE_F_DORMANT | NFT_TABLE_F_OWNER | \
			   NFT_TABLE_F_PERSIST_)

#include "proto/netfilter/nfnetlink.h"

/* A circular doubly linked list (struct list_head). */
struct nft_list {
	struct nft_list *next, *prev;
};
static inline void nft_list_init(struct nft_list *h)
{
	h->next = h->prev = h;
}
static inline bool nft_list_empty(const struct nft_list *h)
{
	return h->next == h;
}
static inline void nft_list_insert(struct nft_list *n, struct nft_list *prev,
				   struct nft_list *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}
/* after pos */
static inline void nft_list_add(struct nft_list *n, struct nft_list *pos)
{
	nft_list_insert(n, pos, pos->next);
}
/* before pos (at the tail when pos is the head) */
static inline void nft_list_add_tail(struct nft_list *n, struct nft_list *pos)
{
	nft_list_insert(n, pos->prev, pos);
}
static inline void nft_list_del(struct nft_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}
#define nft_container_of(p, type, member)                                  \
	((type *)((char *)(p) - offsetof(type, member)))
#define nft_list_for_each(pos, head)                                       \
	for (pos = (head)->next; pos != (head); pos = pos->next)
#define nft_list_for_each_safe(pos, n, head)                               \
	for (pos = (head)->next, n = pos->next; pos != (head);            \
	     pos = n, n = pos->next)

/* ---- generations (genmask) ---- */

/* The generations an object is NOT active in: bit 0 or 1 of genmask,
 * against the net's gencursor. */
struct nft_net;
uint8_t nft_genmask_cur(const struct nft_net *nft);
uint8_t nft_genmask_next(const struct nft_net *nft);

/* ---- registers (struct nft_regs: 4 of 16 bytes, the verdict first) ---- */

#define NFT_REGS_DATA_LEN (20 * 4) /* sizeof(regs->data) */

/* nft_parse_register_load() / _store() / nft_dump_register(): the
 * internal index of 32-bit registers; load checks len bytes fit. */
int nft_parse_register_load(const struct nlattr *attr, uint8_t *sreg,
			    uint32_t len);
int nft_parse_register_store(const struct nlattr *attr, uint8_t *dreg,
			     enum nft_data_types type, uint32_t len);
int nft_dump_register(struct unl_skb *skb, int attr, uint8_t reg);

/* ---- data (NFTA_DATA_*): a value or a verdict ---- */

#define NFT_DATA_VALUE_MAXLEN 64

struct nft_chain;
struct nft_data {
	enum nft_data_types type;
	uint32_t len; /* for a value */
	uint8_t value[NFT_DATA_VALUE_MAXLEN];
	int32_t code;            /* for a verdict */
	struct nft_chain *chain; /* jump and goto */
};

struct nft_ctx;
/* nft_data_init(): parse a NFTA_DATA nest; size is the room for a
 * value. */
int nft_data_init(const struct nft_ctx *ctx, struct nft_data *data,
		  uint32_t size, const struct nlattr *nla);
int nft_data_dump(struct unl_skb *skb, int attr, const struct nft_data *data);
/* A verdict's jump/goto holds its chain (chain->use). */
void nft_data_hold(const struct nft_data *data);
void nft_data_release(const struct nft_data *data);

/* ---- objects ---- */

struct nft_table {
	struct nft_list list;
	struct nft_list chains;
	char *name;
	uint64_t handle;
	uint64_t hgenerator; /* chain and rule handles */
	uint32_t use;
	uint32_t flags;
	uint32_t nlpid; /* owner */
	uint8_t family;
	uint8_t genmask;
	uint8_t *udata;
	uint32_t udlen;
};

struct nft_chain {
	struct nft_list list;
	struct nft_list rules;
	struct nft_table *table;
	char *name;
	uint64_t handle;
	uint32_t use;
	uint32_t flags; /* NFT_CHAIN_BASE, _HW_OFFLOAD, _BINDING */
	uint8_t genmask;
	uint8_t *udata;
	uint32_t udlen;
	/* a base chain's hook */
	uint32_t hooknum;
	int32_t priority;
	uint32_t policy;
	const char *type; /* "filter", "nat", "route" */
};

struct nft_expr_ops;
struct nft_expr {
	const struct nft_expr_ops *ops;
	/* the expression's own state, ops->size bytes */
	uint64_t data[] __attribute__((aligned(8)));
};
static inline void *nft_expr_priv(const struct nft_expr *e)
{
	return (void *)e->data;
}

struct nft_rule {
	struct nft_list list;
	struct nft_chain *chain;
	uint64_t handle;
	uint8_t genmask;
	uint32_t nexprs;
	struct nft_expr **exprs;
	uint8_t *udata;
	uint32_t udlen;
};

/* The context of a request (struct nft_ctx). */
struct nft_ctx {
	struct nft_net *nft;
	struct unl_skb *skb;
	const struct nlmsghdr *nlh;
	uint8_t family;
	struct nft_table *table;
	struct nft_chain *chain;
	const struct nlattr *const *nla;
	uint32_t portid;
	uint32_t seq;
	uint16_t flags;
	bool report;
	struct unl_ext_ack *extack;
};

/* ---- expressions (struct nft_expr_type and nft_expr_ops in one) ---- */

struct nft_expr_ops {
	const char *name;
	/* NFTA_EXPR_DATA's policy and maxtype */
	const struct unl_nla_policy *policy;
	uint16_t maxattr;
	uint32_t size; /* of the private state */
	int (*init)(const struct nft_ctx *ctx, const struct nft_expr *expr,
		    const struct nlattr *const tb[]);
	void (*destroy)(const struct nft_ctx *ctx, const struct nft_expr *expr);
	/* 0 or -1 when the skb is full */
	int (*dump)(struct unl_skb *skb, const struct nft_expr *expr,
		    bool reset);
	/* Called while the ruleset is validated (a jump or goto walks the
	 * chain it names one level deeper): 0 or -errno. */
	int (*validate)(const struct nft_ctx *ctx, const struct nft_expr *expr,
			unsigned int level);
	/* A verdict map or jump: the chain it binds, while the rule is
	 * active. */
	void (*activate)(const struct nft_ctx *ctx, const struct nft_expr *expr);
	void (*deactivate)(const struct nft_ctx *ctx,
			   const struct nft_expr *expr);
};

/* The expressions unetlink models (nft_expr.c), NULL-terminated. */
extern const struct nft_expr_ops *const nft_builtin_exprs[];

/* NFT_JUMP_STACK_SIZE: how deep jumps may nest from a base chain. */
#define NFT_JUMP_STACK_SIZE 16

/* nft_chain_validate(): chain's rules of the next generation, reached at
 * level jumps from a base chain; -EMLINK past NFT_JUMP_STACK_SIZE. */
int nft_chain_validate(const struct nft_ctx *ctx,
		       const struct nft_chain *chain, unsigned int level);

/* nft_chain_lookup() for verdicts: the chain of ctx->table called nla,
 * active in the next generation. */
struct nft_chain *nft_chain_lookup_next(const struct nft_ctx *ctx,
					const struct nlattr *nla);

#endif
