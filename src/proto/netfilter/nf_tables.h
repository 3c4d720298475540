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
#define NFT_MSG_DESTROYSET_ 29
#define NFT_MSG_DESTROYSETELEM_ 30
#define NFT_MSG_DESTROYOBJ_ 31
#define NFT_MSG_DESTROYFLOWTABLE_ 32
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

#define NFT_TABLE_MAXNAMELEN_ 256
#define NFT_SET_MAXNAMELEN_ 256
#define NFT_USERDATA_MAXLEN 256
#define NFT_RULE_MAXEXPRS 128

struct nft_table;
struct nft_chain;
struct nft_rule;
struct nft_ctx;
struct nft_set;
struct nft_set_elem;
struct nft_object;
struct nft_expr;

/* A prepared change (struct nft_trans and its per-object parts). */
struct nft_trans {
	struct nft_list list;
	int msg_type;
	/* the request's context */
	uint32_t portid, seq;
	uint16_t flags;
	bool report;
	uint8_t family;
	struct nft_table *table;
	struct nft_chain *chain;
	struct nft_rule *rule;
	struct nft_set *set;
	struct nft_set_elem *elem; /* NEWSETELEM update */
	/* NEWSETELEM, DELSETELEM: the elements of one message for one set,
	 * in one transaction (nft_trans_collapse_set_elem()) */
	struct nft_set_elem **elems;
	uint32_t nelems, elems_cap;
	struct nft_object *obj;
	struct nft_expr *obj_state; /* NEWOBJ update: the new state */
	/* the named object of a NEW or DEL of one (nft_tobj_trans_*) */
	const struct nft_tobj_ops *tops;
	struct nft_tobj *tobj;
	/* NEWTABLE / NEWCHAIN of an existing object: an update */
	bool update;
	uint32_t table_flags;
	char *chain_name;   /* rename */
	bool has_policy;
	uint32_t policy;
	/* NEWSET: the batch's id for it; NEWSET and NEWSETELEM of an
	 * anonymous set bound to a rule of the batch: the set goes with
	 * the rule (nft_trans_set_bound) */
	uint32_t set_id;
	bool bound;
	/* NEWSET update: the set's new timeout (jiffies) and gc interval
	 * (ms); NEWSETELEM update: the element's new timeout and
	 * expiration (jiffies) */
	uint64_t timeout, expiration;
	uint32_t gc_int;
	/* NEWCHAIN update: devices a netdev hook gains; NEWFLOWTABLE and
	 * DELFLOWTABLE updates: devices a flowtable gains or loses */
	struct nft_hook_dev *devs;
	uint32_t ndevs;
	/* NEWFLOWTABLE update: its flags from the commit */
	uint32_t ft_flags;
	/* NEWCHAIN update: new counters of a base chain */
	bool has_stats;
	uint64_t packets, bytes;
	/* NEWCHAIN, NEWRULE: the batch's ids for them (NFTA_CHAIN_ID,
	 * NFTA_RULE_ID), 0 when none was given, as in Linux */
	uint32_t chain_id, rule_id;
};

struct nft_event {
	struct unl_skb *skb;
	bool report;
};

/* The per-net state of nf_tables (struct nftables_pernet). */
struct nft_net {
	struct nfnl_net *nn;
	struct unl_net *net;
	const struct unl_profile *profile;
	struct nft_list tables;
	struct nft_list commit_list;
	uint32_t base_seq;
	uint8_t gencursor;
	uint64_t table_handle;
	int release_id; /* our NETLINK_URELEASE notifier */
	int netdev_id;  /* our netdevice notifier (unl_netdev_notifier_add) */
	/* Whether the ruleset needs validating (a jump was added), and
	 * whether each rule is validated as it comes (a replay after a
	 * failed validation, so that the error lands on its message). */
	enum { NFT_VALIDATE_SKIP, NFT_VALIDATE_NEED, NFT_VALIDATE_DO }
		validate_state;
	/* the events of the commit under way (notify_list) */
	struct nft_event *events;
	size_t nevents, events_cap;
	/* where the batch's transactions live (nft_trans_alloc()) */
	struct nft_trans_block *trans_blocks;
	/* the order hooks were registered in (nf_tables_hooks.c): the
	 * last stamp given, and the stamps of the hooks Linux registers
	 * itself for what the ruleset uses (0: not registered) */
	uint64_t hook_stamp;
	uint64_t core_stamp[12];
};

/* NLMSG_GOODSIZE on a machine of 4 KiB pages: what one event datagram
 * of a commit may fill. */
#define NFT_NLMSG_GOODSIZE 3776

static inline bool nft_active_genmask(uint8_t obj_genmask, uint8_t genmask)
{
	return !(obj_genmask & genmask);
}

#define nft_is_active(nft, obj)                                            \
	nft_active_genmask((obj)->genmask, nft_genmask_cur(nft))
#define nft_is_active_next(nft, obj)                                       \
	nft_active_genmask((obj)->genmask, nft_genmask_next(nft))
/* a new object: active only in the next generation */
#define nft_activate_next(nft, obj) ((obj)->genmask = nft_genmask_cur(nft))
#define nft_deactivate_next(nft, obj) ((obj)->genmask = nft_genmask_next(nft))
/* active in both */
#define nft_clear(nft, obj) ((obj)->genmask &= (uint8_t)~nft_genmask_next(nft))

/* Errors in pointers, as ERR_PTR() */
#define NFT_ERR(e) ((void *)(intptr_t)(e))
#define NFT_IS_ERR(p) ((uintptr_t)(p) >= (uintptr_t)-4095)
#define NFT_PTR_ERR(p) ((int)(intptr_t)(p))

/* ---- helpers of nf_tables_api.c for the other parts ---- */

uint16_t nft_base_seq(const struct nft_net *nft);
/* Whether the net's profile describes Linux major.minor or later (what
 * a profile of unknown release is taken to be). */
bool nft_kernel_at_least(const struct nft_net *nft, int major, int minor);
/* Whether a hook's device (NFTA_DEVICE_NAME, NFTA_HOOK_DEV) is refused
 * as missing: before Linux 6.16 nft_netdev_hook_alloc() looked it up
 * (__dev_get_by_name(), altnames too) and said ENOENT; later releases
 * take any name and hook the device when it comes. */
/* Whether a deletion event (DELTABLE, DELCHAIN, DELSET, DELOBJ,
 * DELFLOWTABLE of a whole flowtable, and their DESTROY forms) names the
 * object only (and an object's type comes before its handle): Linux
 * 6.18 on.  Earlier releases, 6.12 among them, send
 * all of it, as a NEW event would (Linux 6.4's shortening was reverted
 * in the same cycle, and brought back for 6.18). */
bool nft_del_event_short(const struct nft_net *nft);
bool nft_hook_dev_missing(const struct nft_net *nft, const struct nlattr *a);
/* nla_nest_start_noflag(): nf_tables nests carry no NLA_F_NESTED */
struct nlattr *nft_nest_start(struct unl_skb *skb, int type);
int nft_put_be32(struct unl_skb *skb, int type, uint32_t v);
int nft_put_be64(struct unl_skb *skb, int type, uint64_t v, int pad);
uint32_t nft_get_be32(const struct nlattr *a);
uint64_t nft_get_be64(const struct nlattr *a);
/* nla_strcmp() == 0 */
bool nft_nla_streq(const struct nlattr *a, const char *s);
/* malloc'ed; NULL when out of memory */
char *nft_nla_strdup(const struct nlattr *a);
int nft_udata_dup(const struct nlattr *a, uint8_t **udata, uint32_t *udlen);
struct nfnl_info;
void nft_ctx_init(struct nft_ctx *ctx, struct nft_net *nft,
		  struct unl_skb *skb, const struct nfnl_info *info,
		  uint8_t family, struct nft_table *table,
		  struct nft_chain *chain, const struct nlattr *const *nla);
/* A transaction of ctx's request, queued on the commit list; NULL when
 * out of memory.  nft_trans_destroy() unlinks it and frees what it
 * holds; its own memory goes with the batch's end. */
struct nft_trans *nft_trans_alloc(const struct nft_ctx *ctx, int msg_type);
void nft_trans_destroy(struct nft_trans *trans);
struct nft_table *nft_table_lookup(const struct nft_net *nft,
				   const struct nlattr *nla, uint8_t family,
				   uint8_t genmask, uint32_t nlpid);
/* Queue an event of the commit under way (consumes skb). */
void nft_notify(struct nft_net *nft, struct unl_skb *skb, uint32_t portid,
		bool report);

/* ---- generations (genmask) ---- */

/* The generations an object is NOT active in: bit 0 or 1 of genmask,
 * against the net's gencursor. */
struct nft_net;
uint8_t nft_genmask_cur(const struct nft_net *nft);
uint8_t nft_genmask_next(const struct nft_net *nft);

/* ---- registers (struct nft_regs: 4 of 16 bytes, the verdict first) ---- */

#define NFT_REGS_DATA_LEN (20 * 4) /* sizeof(regs->data) */

/* nft_parse_register_load() / _store() / nft_dump_register(): the
 * internal index of 32-bit registers; load checks len bytes fit and
 * (6.12 on) that an earlier expression of ctx's rule stored them,
 * store records what it covers in ctx. */
int nft_parse_register_load(const struct nft_ctx *ctx,
			    const struct nlattr *attr, uint8_t *sreg,
			    uint32_t len);
int nft_parse_register_store(const struct nft_ctx *ctx,
			     const struct nlattr *attr, uint8_t *dreg,
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
/* ...for a set element's data (NFT_DATA_DESC_SETELEM): a verdict may
 * not name a binding chain. */
int nft_data_init_elem(const struct nft_ctx *ctx, struct nft_data *data,
		       uint32_t size, const struct nlattr *nla);
int nft_data_dump(struct unl_skb *skb, int attr, const struct nft_data *data);
/* A verdict's jump/goto holds its chain (chain->use). */
void nft_data_hold(const struct nft_data *data);
void nft_data_release(const struct nft_data *data);

/* ---- named objects: tables and what lives in them (nf_tables_tobj.c) ---- */

/*
 * Tables, chains, sets, stateful objects and flowtables are each a named
 * object with a handle, living in a list (the net's tables, or a list of
 * its table) in two generations, made and deleted by transactions and
 * dumped table by table.  That part is one struct and one set of
 * functions; what differs between the kinds is in their ops.
 *
 * The shared members open each kind's struct through NFT_TOBJ_HEAD, a
 * union (as Linux's struct_group_tagged) that lets the kind's code keep
 * writing chain->name while the generic code sees &chain->tobj.
 */
#define NFT_TOBJ_MEMBERS                                                   \
	struct nft_list list;                                               \
	struct nft_table *table; /* NULL for a table */                     \
	char *name;                                                         \
	uint64_t handle;                                                    \
	uint32_t use; /* references: rules, bindings, objects inside */     \
	uint8_t genmask;                                                    \
	uint8_t *udata;                                                     \
	uint32_t udlen;                                                     \
	/* when a base chain's or flowtable's hooks were registered, in    \
	 * the net's order (nfnetlink_hook lists later ones first among    \
	 * hooks of one priority) */                                        \
	uint64_t hook_stamp

struct nft_tobj {
	NFT_TOBJ_MEMBERS;
};

#define NFT_TOBJ_HEAD                                                      \
	union {                                                             \
		struct nft_tobj tobj;                                       \
		struct {                                                    \
			NFT_TOBJ_MEMBERS;                                   \
		};                                                          \
	}

struct nft_tobj_ops {
	const char *name; /* "chain", for messages */
	/* NFT_MSG_NEW* and NFT_MSG_DEL* of the kind */
	int msg_new, msg_del;
	/* The list of the kind in table (NULL: a table itself, in the
	 * net's list). */
	struct nft_list *(*list)(struct nft_table *table);
	/* Whether o answers a lookup or dump for key beyond its name or
	 * handle (an object's type, a table's family); NULL: always. */
	bool (*match)(const struct nft_tobj *o, uint32_t key);
	/* One message of o: 0, or -1 when the skb is full. */
	int (*fill)(struct unl_skb *skb, struct nft_net *nft, uint32_t portid,
		    uint32_t seq, int event, uint16_t flags,
		    const struct nft_tobj *o);
	/* The event of transaction t, when it says more than fill() of its
	 * object (a flowtable's update names the devices it changes);
	 * NULL: fill(). */
	int (*fill_trans)(struct unl_skb *skb, struct nft_net *nft,
			  const struct nft_trans *t, int event,
			  uint16_t flags);
	void (*free)(struct nft_tobj *o);
	/* A commit of a NEW that changed an existing object, or of a DEL
	 * of a part of it (t->update): what it changes takes effect.
	 * NULL: nothing to apply. */
	void (*commit_update)(struct nft_net *nft, struct nft_trans *t);
	/* ...and its abort; NULL: nothing to undo. */
	void (*abort_update)(struct nft_net *nft, struct nft_trans *t);
	/* After a NEW of a new object is committed; NULL: nothing. */
	void (*committed)(struct nft_net *nft, struct nft_trans *t);
};

/* Lookups in head (a table's list of the kind, or the net's tables):
 * active in genmask, matching key, by name (-EINVAL without one) or by
 * handle; NFT_ERR(-ENOENT) when none. */
struct nft_tobj *nft_tobj_lookup(const struct nft_list *head,
				 const struct nft_tobj_ops *ops,
				 const struct nlattr *name, uint32_t key,
				 uint8_t genmask);
struct nft_tobj *nft_tobj_lookup_byhandle(const struct nft_list *head,
					  const struct nft_tobj_ops *ops,
					  uint64_t handle, uint32_t key,
					  uint8_t genmask);
/* The NEW of a new object o (named, with its handle): queued on the
 * commit list, o active from the next generation, in its list, counted
 * by its table.  The transaction, for the kind's own fields; NULL when
 * out of memory, and o is then the caller's to free. */
struct nft_trans *nft_tobj_trans_new(struct nft_ctx *ctx,
				     const struct nft_tobj_ops *ops,
				     struct nft_tobj *o);
/* An update of o by a NEW: queued, o unchanged until the commit. */
struct nft_trans *nft_tobj_trans_update(struct nft_ctx *ctx,
					const struct nft_tobj_ops *ops,
					struct nft_tobj *o);
/* The DEL of o: queued, o inactive from the next generation; NULL when
 * out of memory. */
struct nft_trans *nft_tobj_trans_del(struct nft_ctx *ctx,
				     const struct nft_tobj_ops *ops,
				     struct nft_tobj *o);
/* The transaction's part in a commit (making active and the event), in
 * the release after it (a deleted object goes), and in an abort: false
 * when t is no transaction of a named object. */
bool nft_tobj_trans_commit(struct nft_net *nft, struct nft_trans *t);
bool nft_tobj_trans_release(struct nft_net *nft, struct nft_trans *t);
bool nft_tobj_trans_abort(struct nft_net *nft, struct nft_trans *t);
/* The event of t's object (NEW or DEL), queued for the commit's end. */
void nft_tobj_notify(struct nft_net *nft, const struct nft_trans *t,
		     const struct nft_tobj_ops *ops,
		     const struct nft_tobj *o, int event);
/* Which objects a dump shows: a family (NFPROTO_UNSPEC: all), a table
 * by name (NULL: all), and when by_key those ops->match takes for key. */
struct nft_tobj_filter {
	uint8_t family;
	const char *table;
	bool by_key;
	uint32_t key;
};
/* One part of a dump of the kind's objects active now, resumed from
 * cb->args[0] (how many were passed already). */
int nft_tobj_dump(struct unl_skb *skb, struct unl_callback *cb,
		  struct nft_net *nft, const struct nft_tobj_ops *ops,
		  const struct nft_tobj_filter *f);
/* Every object of the kind in table goes at once (the table is being
 * destroyed, no transaction). */
void nft_tobj_destroy_all(struct nft_table *table,
			  const struct nft_tobj_ops *ops);

/* ---- objects ---- */

struct nft_table {
	NFT_TOBJ_HEAD;
	struct nft_list chains;
	struct nft_list sets;
	struct nft_list objects;
	struct nft_list flowtables;
	uint64_t hgenerator; /* chain, set and rule handles */
	uint32_t flags;
	uint32_t nlpid; /* owner */
	uint8_t family;
};

struct nft_chain {
	NFT_TOBJ_HEAD;
	struct nft_list rules;
	uint32_t flags; /* NFT_CHAIN_BASE, _HW_OFFLOAD, _BINDING */
	/* a base chain's hook */
	uint32_t hooknum;
	int32_t priority;
	uint32_t policy;
	const char *type; /* "filter", "nat", "route" */
	/* the devices of a netdev (or inet ingress) hook: names as given,
	 * which need not exist (Linux 6.16 on) */
	struct nft_hook_dev *devs;
	uint32_t ndevs;
	/* a base chain's counters, when it was given some */
	bool has_stats;
	uint64_t packets, bytes;
	/* NFT_CHAIN_BINDING: whether a rule's jump or goto holds it */
	bool bound;
};

/* One device of a netdev hook (struct nft_hook): its name as the
 * request gave it (NUL included when it was), dumped back so. */
#define NFT_IFNAMSIZ 16
struct nft_hook_dev {
	uint16_t len;
	char name[NFT_IFNAMSIZ + 1];
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

/* A rule is one allocation, as in Linux: this header, its expressions
 * one after another (each its ops and its state, 8-aligned: dlen bytes
 * in all), then its userdata (udlen bytes, 0 for none). */
struct nft_rule {
	struct nft_list list;
	uint64_t handle;
	uint32_t dlen;
	uint16_t udlen;
	uint8_t genmask;
	uint64_t data[] __attribute__((aligned(8)));
};

/* The room an expression of ops takes inside a rule. */
static inline size_t nft_expr_size(const struct nft_expr_ops *ops);
static inline const uint8_t *nft_rule_udata(const struct nft_rule *rule)
{
	return (const uint8_t *)rule->data + rule->dlen;
}
static inline struct nft_expr *nft_expr_first(const struct nft_rule *rule)
{
	return (struct nft_expr *)rule->data;
}
static inline bool nft_expr_more(const struct nft_rule *rule,
				 const struct nft_expr *expr)
{
	return (const char *)expr < (const char *)rule->data + rule->dlen;
}
static inline struct nft_expr *nft_expr_next(const struct nft_expr *expr);
#define nft_rule_for_each_expr(e, rule)                                     \
	for (e = nft_expr_first(rule); nft_expr_more(rule, e);              \
	     e = nft_expr_next(e))

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
	/* reg_inited: the 32-bit registers (the verdict's 4 first, one bit
	 * each) an expression of this message's rule stored to */
	uint32_t reg_inited;
};

/* When an expression's hold on what it names moves (enum
 * nft_trans_phase): its rule is deleted in a batch (PREPARE), fails to
 * be made (PREPARE_ERROR), is made and the batch aborted (ABORT), or is
 * deleted and the batch committed (COMMIT). */
enum nft_trans_phase {
	NFT_TRANS_PREPARE,
	NFT_TRANS_PREPARE_ERROR,
	NFT_TRANS_ABORT,
	NFT_TRANS_COMMIT,
};

/* ---- expressions (struct nft_expr_type and nft_expr_ops in one) ---- */

struct nft_expr_ops {
	const char *name;
	/* NFTA_EXPR_DATA's policy and maxtype */
	const struct unl_nla_policy *policy;
	uint16_t maxattr;
	uint32_t size; /* of the private state */
	/* The families whose module offers it (a bit per NFPROTO_*), 0 for
	 * all: elsewhere it is as unknown as a missing module. */
	uint32_t families;
	/* The profile's name for the module it comes with (its "nft"
	 * entry), when not its own name. */
	const char *module;
	/* The release it came in (MAJOR * 100 + MINOR), 0 for one every
	 * 6.x kernel has: a profile of an older kernel lacks it, whatever
	 * its nft lines say. */
	int since;
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
			   const struct nft_expr *expr,
			   enum nft_trans_phase phase);
	/* NFT_EXPR_STATEFUL: it may live in a set element (its state is
	 * plain data, copied to clone it). */
	bool stateful;
	/* The ops whose state is just big enough for what tb (the checked
	 * NFTA_EXPR_DATA) asks, as the kernel's select_ops picks a cmp of
	 * 32 bits; they share name, policy and functions, and only the
	 * size (and so the memory of a rule) differs.  Never an error:
	 * init refuses what is wrong.  NULL: these ops. */
	const struct nft_expr_ops *(*select_ops)(
		const struct nlattr *const tb[]);
};

static inline size_t nft_expr_size(const struct nft_expr_ops *ops)
{
	return (sizeof(struct nft_expr) + ops->size + 7) & ~(size_t)7;
}
static inline struct nft_expr *nft_expr_next(const struct nft_expr *expr)
{
	return (struct nft_expr *)((char *)expr + nft_expr_size(expr->ops));
}

/* An expression from its NFTA_LIST_ELEM-like nest (name and data),
 * made and initialised for ctx: 0 or -errno (ENOENT for one the kernel
 * lacks).  nft_expr_free() undoes it; nft_expr_dump() writes it back as
 * a nest of type attr.  (nf_tables_newexpr, nf_tables_fill_expr_info) */
int nft_expr_new(const struct nft_ctx *ctx, const struct nlattr *nla,
		 struct nft_expr **out);
void nft_expr_free(const struct nft_ctx *ctx, struct nft_expr *expr);
int nft_expr_dump(struct unl_skb *skb, int attr, const struct nft_expr *expr,
		  bool reset);

/* The expressions unetlink models (nft_expr.c), NULL-terminated. */
extern const struct nft_expr_ops *const nft_builtin_exprs[];
/* nf_tables_set.c, nft_ct.c, nft_log.c, nft_limit.c, nft_reject.c */
extern const struct nft_expr_ops nft_lookup_ops;
extern const struct nft_expr_ops nft_ct_ops;
extern const struct nft_expr_ops nft_log_ops;
extern const struct nft_expr_ops nft_limit_ops;
extern const struct nft_expr_ops nft_reject_ops;
/* nft_nat.c */
extern const struct nft_expr_ops nft_nat_ops;
extern const struct nft_expr_ops nft_masq_ops;
extern const struct nft_expr_ops nft_redir_ops;
/* nft_expr.c, nf_tables_obj.c */
extern const struct nft_expr_ops nft_counter_ops;
extern const struct nft_expr_ops nft_objref_ops;

/* ---- stateful objects (nf_tables_obj.c) ---- */

int nf_tables_newobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
int nf_tables_getobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
int nf_tables_delobj(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
extern const struct unl_nla_policy nft_obj_policy[];
int nft_flush_table_objs(struct nft_ctx *ctx);
void nft_table_objs_destroy(struct nft_table *table);

/* ---- flowtables (nf_tables_flowtable.c) ---- */

int nf_tables_newflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[]);
int nf_tables_getflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[]);
int nf_tables_delflowtable(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const nla[]);
extern const struct unl_nla_policy nft_flowtable_policy[];
/* nft_flush_table()'s part: delete the table's flowtables. */
int nft_flush_table_flowtables(struct nft_ctx *ctx);
/* The table goes at once (its rules are gone already). */
void nft_table_flowtables_destroy(struct nft_table *table);
/* Before Linux 6.16, a device that goes leaves every flowtable of the
 * net (nft_flowtable_event()). */
void nft_flowtables_dev_gone(struct nft_net *nft, const char *name);
/* Before Linux 6.16, a device renamed keeps its flowtable hooks. */
void nft_flowtables_dev_renamed(struct nft_net *nft, const char *old_name,
				const char *new_name);
void nft_hook_devs_rename(struct nft_hook_dev *devs, uint32_t ndevs,
			  const char *old_name, const char *new_name);
/* Whether a hook device of a chain or flowtable names name. */
bool nft_hook_dev_is(const struct nft_hook_dev *d, const char *name);
/* The hook of the device name leaves devs, if one names it. */
void nft_hook_devs_drop(struct nft_hook_dev *devs, uint32_t *ndevs,
			const char *name);
extern const struct nft_expr_ops nft_flow_offload_ops;

/* nft_fib.c, nft_range.c, nft_quota.c, nft_ct.c */
extern const struct nft_expr_ops nft_fib_ops;
extern const struct nft_expr_ops nft_range_ops;
extern const struct nft_expr_ops nft_quota_ops;
extern const struct nft_expr_ops nft_notrack_ops;
/* nf_tables_set.c */
extern const struct nft_expr_ops nft_dynset_ops;

/* nft_chain_validate_hooks(): 0 when chain is no base chain or sits on
 * one of the hooks in hook_mask, else -EOPNOTSUPP. */
int nft_chain_validate_hooks(const struct nft_chain *chain,
			     uint32_t hook_mask);

/* ---- sets (nf_tables_set.c) ---- */

struct nfnl_info;
int nf_tables_newset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
int nf_tables_getset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
int nf_tables_delset(struct unl_skb *skb, const struct nfnl_info *info,
		     const struct nlattr *const nla[]);
int nf_tables_newsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[]);
int nf_tables_getsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[]);
int nf_tables_delsetelem(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[]);
extern const struct unl_nla_policy nft_set_policy[];
extern const struct unl_nla_policy nft_set_elem_list_policy[];
/* The transactions of sets and elements in a commit (their event) and
 * after it (what a deletion frees), and in an abort: false for a
 * transaction of another kind. */
bool nft_set_trans_commit(struct nft_net *nft, struct nft_trans *t);
bool nft_set_trans_release(struct nft_net *nft, struct nft_trans *t);
bool nft_set_trans_abort(struct nft_net *nft, struct nft_trans *t);
/* Whether t makes an anonymous set that no rule of the batch binds
 * (Linux refuses such a batch at its commit). */
bool nft_set_trans_unbound(const struct nft_trans *t);
/* nft_flush_table()'s part: delete the table's named sets. */
int nft_flush_table_sets(struct nft_ctx *ctx);
/* The table goes at once (its rules are gone already). */
void nft_table_sets_destroy(struct nft_table *table);

/* NFT_JUMP_STACK_SIZE: how deep jumps may nest from a base chain. */
#define NFT_JUMP_STACK_SIZE 16

/* nft_chain_validate(): chain's rules of the next generation, reached at
 * level jumps from the base chain ctx->chain, each expression validated
 * against that base chain; -EMLINK past NFT_JUMP_STACK_SIZE. */
int nft_chain_validate(const struct nft_ctx *ctx,
		       const struct nft_chain *chain, unsigned int level);

/* nft_chain_lookup() for verdicts: the chain of ctx->table called nla,
 * active in the next generation. */
struct nft_chain *nft_chain_lookup_next(const struct nft_ctx *ctx,
					const struct nlattr *nla);
/* nft_chain_lookup_byid(): the chain of ctx->table a NEWCHAIN of the
 * batch made with the id in nla (be32), active in the next generation;
 * NFT_ERR(-ENOENT) when none. */
struct nft_chain *nft_chain_lookup_byid_next(const struct nft_ctx *ctx,
					     const struct nlattr *nla);

/* ---- chain bindings (NFT_CHAIN_BINDING): a chain that belongs to the
 * jump or goto of one rule (nft's `jump { ... }`) ---- */

static inline bool nft_chain_binding(const struct nft_chain *chain)
{
	return chain->flags & NFT_CHAIN_BINDING;
}

static inline bool nft_chain_is_bound(const struct nft_chain *chain)
{
	return nft_chain_binding(chain) && chain->bound;
}

/* nf_tables_bind_chain(): the verdict of a rule in ctx->chain takes
 * chain (nothing for a chain that is no binding): 0, -EOPNOTSUPP from a
 * binding chain, -EBUSY when bound already. */
int nft_chain_bind(const struct nft_ctx *ctx, struct nft_chain *chain);
/* What the binding rule's activate, deactivate and destroy do to its
 * chain (nft_immediate.c); nothing for a chain that is no binding. */
void nft_chain_binding_activate(const struct nft_ctx *ctx,
				struct nft_chain *chain);
void nft_chain_binding_deactivate(const struct nft_ctx *ctx,
				  struct nft_chain *chain,
				  enum nft_trans_phase phase);
void nft_chain_binding_destroy(const struct nft_ctx *ctx,
			       struct nft_chain *chain);


/* ---- the hooks of the net (nf_tables_hooks.c), for nfnetlink_hook ---- */

/* One hook function on a hook of the net, as nfnetlink_hook tells it. */
struct nf_hook_desc {
	int32_t priority;
	uint64_t stamp;     /* registration order: later first among equals */
	const char *func;   /* the hook function's name (%ps) */
	const char *module; /* the module that has it; NULL when built in */
	/* nf_tables' chain or flowtable: NFNL_HOOK_TYPE_*, else 0 */
	uint32_t info_type;
	const char *table, *name;
	uint8_t family;
};
typedef int (*nf_hook_visit_fn)(const struct nf_hook_desc *d, void *arg);
/* Every hook function on hook hooknum of family pf (NFPROTO_IPV4, _IPV6,
 * _ARP, _BRIDGE; NFPROTO_NETDEV: on the device called dev), in no
 * order; stops at the first nonzero return of fn and returns it. */
int nft_hooks_visit(struct nft_net *nft, uint8_t pf, uint32_t hooknum,
		    const char *dev, nf_hook_visit_fn fn, void *arg);
/* The stamps of a commit (before its transactions are committed), and
 * the hooks Linux registers for what the committed ruleset uses (after
 * them). */
void nft_hooks_commit_stamp(struct nft_net *nft);
void nft_hooks_commit_core(struct nft_net *nft);
/* The flowtables' part of nft_hooks_visit() (nf_tables_flowtable.c). */
int nft_flowtable_hooks_visit(struct nft_net *nft, const char *dev,
			      nf_hook_visit_fn fn, void *arg);
/* The function (and hook info) of a flowtable of family's hooks. */
void nft_flowtable_hook_func(const struct nft_net *nft, uint8_t family,
			     struct nf_hook_desc *d);
/* Whether a stateful object's state is of a type that takes conntrack
 * (nf_tables_obj.c walks the table's objects active now). */
bool nft_table_objs_use(struct nft_net *nft, struct nft_table *table,
			bool (*pred)(const struct nft_expr_ops *ops));
/* The extension of a match or target expression (nft_compat.c). */
const char *nft_xt_name(const struct nft_expr *expr);
/* The family a tproxy expression redirects (nft_socket.c). */
uint32_t nft_tproxy_family(const struct nft_expr *expr);

#endif
