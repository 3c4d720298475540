// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables: the control plane of tables, chains and rules as
 * net/netfilter/nf_tables_api.c keeps it, per net.
 *
 * Every change arrives in a batch.  Each message prepares its change at
 * once (a new object is linked in, active in the next generation only; a
 * deleted one stays, active in the current generation only) and records
 * a transaction; commit walks the transactions in order, makes the next
 * generation current and tells listeners; abort walks them backwards and
 * undoes each.  Dumps show the current generation, so nothing of a batch
 * is seen before its commit.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_tables.h"
#include "proto/netfilter/nft_extra.h"

/* ---- generations ---- */

uint8_t nft_genmask_next(const struct nft_net *nft)
{
	return (uint8_t)(1u << (nft->gencursor ^ 1));
}

uint8_t nft_genmask_cur(const struct nft_net *nft)
{
	return (uint8_t)(1u << nft->gencursor);
}

uint16_t nft_base_seq(const struct nft_net *nft)
{
	return (uint16_t)(nft->base_seq & 0xffff);
}

bool nft_kernel_at_least(const struct nft_net *nft, int major, int minor)
{
	return unl_profile_at_least(nft->profile, major * 100 + minor);
}

/* ---- small writers ---- */

/* nla_nest_start_noflag(): nf_tables nests carry no NLA_F_NESTED. */
struct nlattr *nft_nest_start(struct unl_skb *skb, int type)
{
	struct nlattr *a =
		(struct nlattr *)(unl_skb_data(skb) + unl_skb_len(skb));

	return unl_nla_put(skb, type, 0, NULL) ? NULL : a;
}

int nft_put_be32(struct unl_skb *skb, int type, uint32_t v)
{
	return unl_nla_put_u32(skb, type, htonl(v));
}

int nft_put_be64(struct unl_skb *skb, int type, uint64_t v, int pad)
{
	return unl_nla_put_u64(skb, type, htobe64(v), pad);
}

uint32_t nft_get_be32(const struct nlattr *a)
{
	return ntohl(unl_nla_get_u32(a));
}

uint64_t nft_get_be64(const struct nlattr *a)
{
	return be64toh(unl_nla_get_u64(a));
}

/* nla_strcmp() == 0 */
bool nft_nla_streq(const struct nlattr *a, const char *s)
{
	size_t len = (size_t)unl_nla_len(a);
	const char *d = unl_nla_data(a);

	if (len && d[len - 1] == '\0')
		len--;
	return strlen(s) == len && !memcmp(d, s, len);
}

char *nft_nla_strdup(const struct nlattr *a)
{
	size_t len = (size_t)unl_nla_len(a);
	const char *d = unl_nla_data(a);
	char *s;

	if (len && d[len - 1] == '\0')
		len--;
	s = malloc(len + 1);
	if (s) {
		memcpy(s, d, len);
		s[len] = '\0';
	}
	return s;
}

int nft_udata_dup(const struct nlattr *a, uint8_t **udata,
			 uint32_t *udlen)
{
	*udlen = (uint32_t)unl_nla_len(a);
	*udata = malloc(*udlen ? *udlen : 1);
	if (!*udata)
		return -ENOMEM;
	memcpy(*udata, unl_nla_data(a), *udlen);
	return 0;
}

void nft_ctx_init(struct nft_ctx *ctx, struct nft_net *nft,
			 struct unl_skb *skb, const struct nfnl_info *info,
			 uint8_t family, struct nft_table *table,
			 struct nft_chain *chain, const struct nlattr *const *nla)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->nft = nft;
	ctx->skb = skb;
	ctx->nlh = info->nlh;
	ctx->family = family;
	ctx->table = table;
	ctx->chain = chain;
	ctx->nla = nla;
	ctx->portid = unl_skb_cb(skb)->portid;
	ctx->seq = info->nlh->nlmsg_seq;
	ctx->flags = info->nlh->nlmsg_flags;
	ctx->report = info->nlh->nlmsg_flags & NLM_F_ECHO;
	ctx->extack = info->extack;
}

/*
 * Transactions live from their message to the end of the batch, and
 * there are as many as the batch has messages: they come from blocks of
 * their own, given back whole when the batch is committed or aborted.
 * From the heap, each would leave a hole between the rules of its batch
 * that outlive it, pages the daemon keeps.
 */
#define NFT_TRANS_BLOCK (64 * 1024)

struct nft_trans_block {
	struct nft_trans_block *next;
	size_t used;
	uint64_t data[];
};

static void *nft_trans_mem(struct nft_net *nft, size_t size)
{
	struct nft_trans_block *b = nft->trans_blocks;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!b || offsetof(struct nft_trans_block, data) + b->used + size >
			  NFT_TRANS_BLOCK) {
		p = mmap(NULL, NFT_TRANS_BLOCK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		b = p;
		b->next = nft->trans_blocks;
		b->used = 0;
		nft->trans_blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

/* The batch is over: no transaction is left. */
static void nft_trans_mem_release(struct nft_net *nft)
{
	while (nft->trans_blocks) {
		struct nft_trans_block *b = nft->trans_blocks;

		nft->trans_blocks = b->next;
		munmap(b, NFT_TRANS_BLOCK);
	}
}

struct nft_trans *nft_trans_alloc(const struct nft_ctx *ctx,
					 int msg_type)
{
	struct nft_trans *trans = nft_trans_mem(ctx->nft, sizeof(*trans));

	if (!trans)
		return NULL;
	trans->msg_type = msg_type;
	trans->portid = ctx->portid;
	trans->seq = ctx->seq;
	trans->flags = ctx->flags;
	trans->report = ctx->report;
	trans->family = ctx->family;
	trans->table = ctx->table;
	trans->chain = ctx->chain;
	nft_list_add_tail(&trans->list, &ctx->nft->commit_list);
	return trans;
}

void nft_trans_destroy(struct nft_trans *trans)
{
	nft_list_del(&trans->list);
	free(trans->chain_name);
	free(trans->devs);
	free(trans->elems);
}

/* ---- families and chain types ---- */

/* nft_supported_family(): what a kernel with nf_tables offers. */
static bool nft_supported_family(uint8_t family)
{
	switch (family) {
	case NFPROTO_INET:
	case NFPROTO_IPV4:
	case NFPROTO_ARP:
	case NFPROTO_NETDEV:
	case NFPROTO_BRIDGE:
	case NFPROTO_IPV6:
		return true;
	default:
		return false;
	}
}

/* struct nft_chain_type: its name and the hooks it may sit on, per
 * family (nft_chain_filter.c, nft_chain_nat.c, nft_chain_route.c). */
struct nft_chain_type {
	const char *name;
	uint8_t family;
	uint32_t hook_mask;
	const char *expr; /* the profile entry it comes with, or NULL */
};

#define NFT_INET_HOOKS                                                     \
	((1u << NF_INET_LOCAL_IN) | (1u << NF_INET_LOCAL_OUT) |            \
	 (1u << NF_INET_FORWARD) | (1u << NF_INET_PRE_ROUTING) |           \
	 (1u << NF_INET_POST_ROUTING))
#define NFT_NAT_HOOKS                                                      \
	((1u << NF_INET_PRE_ROUTING) | (1u << NF_INET_POST_ROUTING) |      \
	 (1u << NF_INET_LOCAL_OUT) | (1u << NF_INET_LOCAL_IN))

static const struct nft_chain_type nft_chain_types[] = {
	{ "filter", NFPROTO_IPV4, NFT_INET_HOOKS, NULL },
	{ "filter", NFPROTO_IPV6, NFT_INET_HOOKS, NULL },
	{ "filter", NFPROTO_INET,
	  NFT_INET_HOOKS | (1u << NF_INET_INGRESS), NULL },
	{ "filter", NFPROTO_ARP, (1u << NF_ARP_IN) | (1u << NF_ARP_OUT),
	  NULL },
	{ "filter", NFPROTO_BRIDGE, NFT_INET_HOOKS, NULL },
	{ "filter", NFPROTO_NETDEV,
	  (1u << NF_NETDEV_INGRESS) | (1u << NF_NETDEV_EGRESS), NULL },
	{ "route", NFPROTO_IPV4, 1u << NF_INET_LOCAL_OUT, NULL },
	{ "route", NFPROTO_IPV6, 1u << NF_INET_LOCAL_OUT, NULL },
	{ "route", NFPROTO_INET, 1u << NF_INET_LOCAL_OUT, NULL },
	{ "nat", NFPROTO_IPV4, NFT_NAT_HOOKS, "nat" },
	{ "nat", NFPROTO_IPV6, NFT_NAT_HOOKS, "nat" },
	{ "nat", NFPROTO_INET, NFT_NAT_HOOKS, "nat" },
};

static const struct nft_chain_type *
nft_chain_type_lookup(const struct nft_net *nft, uint8_t family,
		      const struct nlattr *nla)
{
	for (size_t i = 0;
	     i < sizeof(nft_chain_types) / sizeof(nft_chain_types[0]); i++) {
		const struct nft_chain_type *t = &nft_chain_types[i];

		if (t->family != family)
			continue;
		if (nla ? !nft_nla_streq(nla, t->name)
			: strcmp(t->name, "filter"))
			continue;
		if (t->expr &&
		    !unl_profile_has(nft->profile, UNL_PROFILE_NFT, t->expr))
			continue;
		return t;
	}
	return NULL;
}

/* ---- tables ---- */


static const struct nft_tobj_ops nft_table_ops;

/* A table found is the owner's alone (nft_table_lookup()'s -EPERM). */
static struct nft_table *nft_table_owned(struct nft_tobj *o, uint32_t nlpid)
{
	struct nft_table *t;

	if (NFT_IS_ERR(o))
		return (struct nft_table *)o;
	t = nft_container_of(o, struct nft_table, tobj);
	if ((t->flags & NFT_TABLE_F_OWNER) && nlpid && t->nlpid != nlpid)
		return NFT_ERR(-EPERM);
	return t;
}

struct nft_table *nft_table_lookup(const struct nft_net *nft,
				   const struct nlattr *nla, uint8_t family,
				   uint8_t genmask, uint32_t nlpid)
{
	return nft_table_owned(nft_tobj_lookup(&nft->tables, &nft_table_ops,
					       nla, family, genmask),
			       nlpid);
}

static struct nft_table *nft_table_lookup_byhandle(const struct nft_net *nft,
						   const struct nlattr *nla,
						   uint8_t family,
						   uint8_t genmask,
						   uint32_t nlpid)
{
	return nft_table_owned(
		nft_tobj_lookup_byhandle(&nft->tables, &nft_table_ops,
					 nft_get_be64(nla), family, genmask),
		nlpid);
}

static const struct unl_nla_policy nft_table_policy[NFTA_TABLE_MAX + 1] = {
	[NFTA_TABLE_NAME] = { .type = UNL_NLA_STRING,
			      .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_TABLE_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_TABLE_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_TABLE_USERDATA] = { .type = UNL_NLA_BINARY,
				  .len = NFT_USERDATA_MAXLEN },
};

static int nft_fill_table(struct unl_skb *skb, const struct nft_net *nft,
			  uint32_t portid, uint32_t seq, int event,
			  uint16_t flags, const struct nft_table *table)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, table->family, NFNETLINK_V0, nft_base_seq(nft));

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_TABLE_NAME, table->name) ||
	    nft_put_be32(skb, NFTA_TABLE_USE, table->use) ||
	    nft_put_be64(skb, NFTA_TABLE_HANDLE, table->handle, NFTA_TABLE_PAD))
		goto fail;
	if ((event == NFT_MSG_DELTABLE || event == NFT_MSG_DESTROYTABLE_) &&
	    nft_del_event_short(nft))
		goto end;
	if (nft_put_be32(skb, NFTA_TABLE_FLAGS,
			 table->flags & NFT_TABLE_F_MASK_))
		goto fail;
	if ((table->flags & NFT_TABLE_F_OWNER) &&
	    nft_put_be32(skb, NFTA_TABLE_OWNER, table->nlpid))
		goto fail;
	if (table->udata &&
	    unl_nla_put(skb, NFTA_TABLE_USERDATA, (int)table->udlen,
			table->udata))
		goto fail;
end:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

/* nft_notify_enqueue(): the events of a commit are sent once it is
 * complete (nft_commit_notify()).  Consumes skb. */
void nft_notify(struct nft_net *nft, struct unl_skb *skb,
		       uint32_t portid, bool report)
{
	if (nft->nevents == nft->events_cap) {
		size_t cap = nft->events_cap ? 2 * nft->events_cap : 16;
		struct nft_event *v = realloc(nft->events, cap * sizeof(*v));

		if (!v) {
			unl_skb_free(skb);
			nfnl_set_err(nft->nn, portid, NFNLGRP_NFTABLES,
				     -ENOBUFS);
			return;
		}
		nft->events = v;
		nft->events_cap = cap;
	}
	nft->events[nft->nevents].skb = skb;
	nft->events[nft->nevents].report = report;
	nft->nevents++;
}

/* nft_commit_notify(): the queued events, as few datagrams as fit in
 * NLMSG_GOODSIZE, each of events that agree on being echoed. */
static void nft_commit_notify(struct nft_net *nft, uint32_t portid)
{
	struct unl_skb *batch = NULL;
	bool report = false;
	long room = 0;

	for (size_t i = 0; i < nft->nevents; i++) {
		struct unl_skb *skb = nft->events[i].skb;
		size_t len = unl_skb_len(skb);

		if (batch) {
			room -= (long)len;
			if (room > 0 && nft->events[i].report == report) {
				memcpy(unl_skb_put(batch, len),
				       unl_skb_data(skb), len);
				unl_skb_free(skb);
				continue;
			}
			nfnl_send(nft->nn, batch, portid, NFNLGRP_NFTABLES,
				  report);
		}
		batch = unl_skb_alloc(NFT_NLMSG_GOODSIZE + len);
		if (!batch) {
			unl_skb_free(skb);
			nfnl_set_err(nft->nn, portid, NFNLGRP_NFTABLES,
				     -ENOBUFS);
			continue;
		}
		*unl_skb_cb(batch) = *unl_skb_cb(skb);
		memcpy(unl_skb_put(batch, len), unl_skb_data(skb), len);
		unl_skb_free(skb);
		report = nft->events[i].report;
		room = NFT_NLMSG_GOODSIZE - (long)len;
	}
	if (batch)
		nfnl_send(nft->nn, batch, portid, NFNLGRP_NFTABLES, report);
	nft->nevents = 0;
}

static bool nft_table_match(const struct nft_tobj *o, uint32_t family)
{
	return nft_container_of(o, struct nft_table, tobj)->family == family;
}

static int nft_table_fill(struct unl_skb *skb, struct nft_net *nft,
			  uint32_t portid, uint32_t seq, int event,
			  uint16_t flags, const struct nft_tobj *o)
{
	return nft_fill_table(skb, nft, portid, seq, event, flags,
			      nft_container_of(o, struct nft_table, tobj));
}

static void nft_table_free(struct nft_table *table)
{
	free(table->name);
	free(table->udata);
	free(table);
}

static void nft_table_tobj_free(struct nft_tobj *o)
{
	nft_table_free(nft_container_of(o, struct nft_table, tobj));
}

/* nf_tables_table_enable()/disable(): the new flags (dormant). */
static void nft_table_commit_update(struct nft_net *nft, struct nft_trans *t)
{
	(void)nft;
	t->table->flags = t->table_flags;
}

static const struct nft_tobj_ops nft_table_ops = {
	.name = "table",
	.msg_new = NFT_MSG_NEWTABLE,
	.msg_del = NFT_MSG_DELTABLE,
	.match = nft_table_match,
	.fill = nft_table_fill,
	.free = nft_table_tobj_free,
	.commit_update = nft_table_commit_update,
};

static struct nft_net *nft_net_of(const struct nfnl_info *info)
{
	return info->priv;
}

/* The dumps' resumable state: how many objects were already sent. */
static int nft_dump_tables(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	struct nft_tobj_filter f = { .family = nfmsg->nfgen_family };

	return nft_tobj_dump(skb, cb, cb->data, &nft_table_ops, &f);
}

static int nft_dump_start(struct unl_skb *skb, const struct nfnl_info *info,
			  int (*dump)(struct unl_skb *, struct unl_callback *),
			  int (*done)(struct unl_callback *), void *data)
{
	struct unl_dump_control c = {
		.dump = dump,
		.done = done,
		.data = data ? data : info->priv,
	};

	return unl_dump_start(info->sk, skb, info->nlh, &c);
}

static int nft_reply(const struct nfnl_info *info, struct unl_skb *skb2,
		     struct unl_skb *skb)
{
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

static int nf_tables_gettable(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	struct nft_table *table;
	struct unl_skb *skb2;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP)
		return nft_dump_start(skb, info, nft_dump_tables, NULL, NULL);
	table = nft_table_lookup(nft, nla[NFTA_TABLE_NAME],
				 info->nfmsg->nfgen_family,
				 nft_genmask_cur(nft), 0);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_TABLE_NAME]);
		return NFT_PTR_ERR(table);
	}
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_table(skb2, nft, unl_skb_cb(skb)->portid,
			   info->nlh->nlmsg_seq, NFT_MSG_NEWTABLE, 0,
			   table) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nft_reply(info, skb2, skb);
}

/* nf_tables_updtable(): only the flags change (dormant). */
static int nft_table_update(struct nft_ctx *ctx)
{
	struct nft_trans *trans;
	uint32_t flags;

	if (!ctx->nla[NFTA_TABLE_FLAGS])
		return 0;
	flags = nft_get_be32(ctx->nla[NFTA_TABLE_FLAGS]);
	if (flags & ~NFT_TABLE_F_MASK_)
		return -EOPNOTSUPP;
	if (flags == ctx->table->flags)
		return 0;
	if (!!(ctx->table->flags & NFT_TABLE_F_OWNER) !=
	    !!(flags & NFT_TABLE_F_OWNER))
		return -EOPNOTSUPP;
	/* Persisting a table is what its owner asks for; nobody else. */
	if ((flags & NFT_TABLE_F_PERSIST_) &&
	    !(ctx->table->flags & NFT_TABLE_F_OWNER))
		return -EOPNOTSUPP;
	/* nft_table_pending_update(): one update of a table per batch,
	 * and none beside a chain update or a base chain's deletion. */
	for (struct nft_list *p = ctx->nft->commit_list.next;
	     p != &ctx->nft->commit_list; p = p->next) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		if (t->table != ctx->table)
			continue;
		if ((t->msg_type == NFT_MSG_NEWTABLE && t->update) ||
		    (t->msg_type == NFT_MSG_NEWCHAIN && t->update) ||
		    (t->msg_type == NFT_MSG_DELCHAIN &&
		     (t->chain->flags & NFT_CHAIN_BASE)))
			return -EINVAL;
	}
	trans = nft_tobj_trans_update(ctx, &nft_table_ops, &ctx->table->tobj);
	if (!trans)
		return -ENOMEM;
	trans->table_flags = flags;
	return 0;
}

static int nf_tables_newtable(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t family = info->nfmsg->nfgen_family;
	const struct nlattr *attr = nla[NFTA_TABLE_NAME];
	struct nft_table *table;
	struct nft_ctx ctx;
	uint32_t flags = 0;

	if (!nft_supported_family(family))
		return -EOPNOTSUPP;
	table = nft_table_lookup(nft, attr, family, nft_genmask_next(nft),
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		if (NFT_PTR_ERR(table) != -ENOENT) {
			UNL_SET_BAD_ATTR(info->extack, attr);
			return NFT_PTR_ERR(table);
		}
	} else {
		if (info->nlh->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(info->extack, attr);
			return -EEXIST;
		}
		if (info->nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
		return nft_table_update(&ctx);
	}
	if (nla[NFTA_TABLE_FLAGS]) {
		flags = nft_get_be32(nla[NFTA_TABLE_FLAGS]);
		if (flags & ~NFT_TABLE_F_MASK_)
			return -EOPNOTSUPP;
	}
	table = calloc(1, sizeof(*table));
	if (!table)
		return -ENOMEM;
	table->name = nft_nla_strdup(attr);
	if (!table->name ||
	    (nla[NFTA_TABLE_USERDATA] &&
	     nft_udata_dup(nla[NFTA_TABLE_USERDATA], &table->udata,
			   &table->udlen))) {
		nft_table_free(table);
		return -ENOMEM;
	}
	nft_list_init(&table->chains);
	nft_list_init(&table->sets);
	nft_list_init(&table->objects);
	nft_list_init(&table->flowtables);
	table->family = family;
	table->flags = flags;
	table->handle = ++nft->table_handle;
	if (flags & NFT_TABLE_F_OWNER)
		table->nlpid = unl_skb_cb(skb)->portid;
	nft_ctx_init(&ctx, nft, skb, info, family, table, NULL, nla);
	if (!nft_tobj_trans_new(&ctx, &nft_table_ops, &table->tobj)) {
		nft_table_free(table);
		return -ENOMEM;
	}
	return 0;
}

/* ---- chains ---- */

static const struct nft_tobj_ops nft_chain_ops;

/* The kinds' structs open with their tobj, so that a lookup's result,
 * error pointers included, is the kind's pointer as it is. */
_Static_assert(offsetof(struct nft_chain, tobj) == 0, "tobj first");
_Static_assert(offsetof(struct nft_table, tobj) == 0, "tobj first");

static struct nft_chain *nft_chain_lookup(const struct nft_table *table,
					  const struct nlattr *nla,
					  uint8_t genmask)
{
	return (struct nft_chain *)nft_tobj_lookup(&table->chains,
						   &nft_chain_ops, nla, 0,
						   genmask);
}

struct nft_chain *nft_chain_lookup_next(const struct nft_ctx *ctx,
					const struct nlattr *nla)
{
	return nft_chain_lookup(ctx->table, nla, nft_genmask_next(ctx->nft));
}

static struct nft_chain *nft_chain_lookup_byid(const struct nft_net *nft,
					       const struct nft_table *table,
					       const struct nlattr *nla,
					       uint8_t genmask)
{
	uint32_t id = nft_get_be32(nla);
	struct nft_list *p;

	nft_list_for_each(p, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		if (t->msg_type == NFT_MSG_NEWCHAIN &&
		    t->chain->table == table && t->chain_id == id &&
		    nft_active_genmask(t->chain->genmask, genmask))
			return t->chain;
	}
	return NFT_ERR(-ENOENT);
}

struct nft_chain *nft_chain_lookup_byid_next(const struct nft_ctx *ctx,
					     const struct nlattr *nla)
{
	return nft_chain_lookup_byid(ctx->nft, ctx->table, nla,
				     nft_genmask_next(ctx->nft));
}

static struct nft_chain *nft_chain_lookup_byhandle(const struct nft_table *t,
						   uint64_t handle,
						   uint8_t genmask)
{
	return (struct nft_chain *)nft_tobj_lookup_byhandle(
		&t->chains, &nft_chain_ops, handle, 0, genmask);
}

static const struct unl_nla_policy nft_counter_policy[NFTA_COUNTER_MAX + 1] = {
	[NFTA_COUNTER_PACKETS] = { .type = UNL_NLA_U64 },
	[NFTA_COUNTER_BYTES] = { .type = UNL_NLA_U64 },
};

static const struct unl_nla_policy nft_hook_policy[NFTA_HOOK_MAX + 1] = {
	[NFTA_HOOK_HOOKNUM] = { .type = UNL_NLA_U32 },
	[NFTA_HOOK_PRIORITY] = { .type = UNL_NLA_U32 },
	[NFTA_HOOK_DEV] = { .type = UNL_NLA_STRING, .len = 15 },
};

static const struct unl_nla_policy nft_chain_policy[NFTA_CHAIN_MAX + 1] = {
	[NFTA_CHAIN_TABLE] = { .type = UNL_NLA_STRING,
			       .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_CHAIN_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_CHAIN_NAME] = { .type = UNL_NLA_STRING,
			      .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	/* nested without a policy, as in Linux: nft_chain_parse_hook() and
	 * nft_stats_alloc() parse them, without the extended ACK */
	[NFTA_CHAIN_HOOK] = { .type = UNL_NLA_NESTED },
	[NFTA_CHAIN_POLICY] = { .type = UNL_NLA_U32 },
	[NFTA_CHAIN_TYPE] = { .type = UNL_NLA_STRING,
			      .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_CHAIN_COUNTERS] = { .type = UNL_NLA_NESTED },
	[NFTA_CHAIN_FLAGS] = { .type = UNL_NLA_U32 },
	[NFTA_CHAIN_ID] = { .type = UNL_NLA_U32 },
	[NFTA_CHAIN_USERDATA] = { .type = UNL_NLA_BINARY,
				  .len = NFT_USERDATA_MAXLEN },
};

static bool nft_hook_netdev(uint8_t family, uint32_t hooknum);

/* nft_dump_basechain_hook()'s devices: the list, and a single one again
 * as NFTA_HOOK_DEV. */
static int nft_dump_hook_devs(struct unl_skb *skb,
			      const struct nft_chain *chain)
{
	struct nlattr *devs = nft_nest_start(skb, NFTA_HOOK_DEVS);

	if (!devs)
		return -1;
	for (uint32_t i = 0; i < chain->ndevs; i++)
		if (unl_nla_put(skb, NFTA_DEVICE_NAME, chain->devs[i].len,
				chain->devs[i].name))
			return -1;
	unl_nla_nest_end(skb, devs);
	if (chain->ndevs == 1 &&
	    unl_nla_put_string(skb, NFTA_HOOK_DEV, chain->devs[0].name))
		return -1;
	return 0;
}

static int nft_fill_chain(struct unl_skb *skb, const struct nft_net *nft,
			  uint32_t portid, uint32_t seq, int event,
			  uint16_t flags, const struct nft_table *table,
			  const struct nft_chain *chain)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, table->family, NFNETLINK_V0, nft_base_seq(nft));
	struct nlattr *nest;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_CHAIN_TABLE, table->name) ||
	    unl_nla_put_string(skb, NFTA_CHAIN_NAME, chain->name) ||
	    nft_put_be64(skb, NFTA_CHAIN_HANDLE, chain->handle,
			 NFTA_CHAIN_PAD))
		goto fail;
	/* A deletion names the chain only (6.18). */
	if ((event == NFT_MSG_DELCHAIN || event == NFT_MSG_DESTROYCHAIN_) &&
	    nft_del_event_short(nft))
		goto end;
	if (chain->flags & NFT_CHAIN_BASE) {
		nest = nft_nest_start(skb, NFTA_CHAIN_HOOK);
		if (!nest || nft_put_be32(skb, NFTA_HOOK_HOOKNUM, chain->hooknum) ||
		    nft_put_be32(skb, NFTA_HOOK_PRIORITY,
				 (uint32_t)chain->priority))
			goto fail;
		if (nft_hook_netdev(table->family, chain->hooknum) &&
		    nft_dump_hook_devs(skb, chain) < 0)
			goto fail;
		unl_nla_nest_end(skb, nest);
		if (nft_put_be32(skb, NFTA_CHAIN_POLICY, chain->policy) ||
		    unl_nla_put_string(skb, NFTA_CHAIN_TYPE, chain->type))
			goto fail;
		/* nft_dump_stats() */
		if (chain->has_stats) {
			nest = nft_nest_start(skb, NFTA_CHAIN_COUNTERS);
			if (!nest ||
			    nft_put_be64(skb, NFTA_COUNTER_PACKETS,
					 chain->packets, NFTA_COUNTER_PAD) ||
			    nft_put_be64(skb, NFTA_COUNTER_BYTES, chain->bytes,
					 NFTA_COUNTER_PAD))
				goto fail;
			unl_nla_nest_end(skb, nest);
		}
	}
	if (chain->flags && nft_put_be32(skb, NFTA_CHAIN_FLAGS, chain->flags))
		goto fail;
	if (nft_put_be32(skb, NFTA_CHAIN_USE, chain->use))
		goto fail;
	if (chain->udata &&
	    unl_nla_put(skb, NFTA_CHAIN_USERDATA, (int)chain->udlen,
			chain->udata))
		goto fail;
end:
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

static struct nft_list *nft_table_chains(struct nft_table *table)
{
	return &table->chains;
}

static int nft_chain_fill(struct unl_skb *skb, struct nft_net *nft,
			  uint32_t portid, uint32_t seq, int event,
			  uint16_t flags, const struct nft_tobj *o)
{
	return nft_fill_chain(skb, nft, portid, seq, event, flags, o->table,
			      nft_container_of(o, struct nft_chain, tobj));
}

static void nft_chain_free(struct nft_chain *chain);

static void nft_chain_tobj_free(struct nft_tobj *o)
{
	nft_chain_free(nft_container_of(o, struct nft_chain, tobj));
}

/* What a NEWCHAIN brings besides the chain itself takes effect with the
 * commit: the policy, devices a netdev hook gains, counters. */
static void nft_chain_committed(struct nft_net *nft, struct nft_trans *t)
{
	struct nft_chain *chain = t->chain;

	(void)nft;
	if (t->has_policy && (chain->flags & NFT_CHAIN_BASE))
		chain->policy = t->policy;
	if (t->ndevs) {
		struct nft_hook_dev *v = realloc(
			chain->devs, (chain->ndevs + t->ndevs) * sizeof(*v));

		/* list_splice(): the new ones go first */
		if (v) {
			memmove(v + t->ndevs, v, chain->ndevs * sizeof(*v));
			memcpy(v, t->devs, t->ndevs * sizeof(*v));
			chain->devs = v;
			chain->ndevs += t->ndevs;
		}
	}
	if (t->has_stats) {
		chain->has_stats = true;
		chain->packets = t->packets;
		chain->bytes = t->bytes;
	}
}

/* ...and an update may rename it too. */
static void nft_chain_commit_update(struct nft_net *nft, struct nft_trans *t)
{
	if (t->chain_name) {
		free(t->chain->name);
		t->chain->name = t->chain_name;
		t->chain_name = NULL;
	}
	nft_chain_committed(nft, t);
}

static const struct nft_tobj_ops nft_chain_ops = {
	.name = "chain",
	.msg_new = NFT_MSG_NEWCHAIN,
	.msg_del = NFT_MSG_DELCHAIN,
	.list = nft_table_chains,
	.fill = nft_chain_fill,
	.free = nft_chain_tobj_free,
	.commit_update = nft_chain_commit_update,
	.committed = nft_chain_committed,
};

static int nft_dump_chains(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	struct nft_tobj_filter f = { .family = nfmsg->nfgen_family };

	return nft_tobj_dump(skb, cb, cb->data, &nft_chain_ops, &f);
}

static int nf_tables_getchain(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_cur(nft);
	struct nft_table *table;
	struct nft_chain *chain;
	struct unl_skb *skb2;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP)
		return nft_dump_start(skb, info, nft_dump_chains, NULL, NULL);
	table = nft_table_lookup(nft, nla[NFTA_CHAIN_TABLE],
				 info->nfmsg->nfgen_family, genmask, 0);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_CHAIN_TABLE]);
		return NFT_PTR_ERR(table);
	}
	chain = nft_chain_lookup(table, nla[NFTA_CHAIN_NAME], genmask);
	if (NFT_IS_ERR(chain)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_CHAIN_NAME]);
		return NFT_PTR_ERR(chain);
	}
	skb2 = unl_nlmsg_new(4096);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_chain(skb2, nft, unl_skb_cb(skb)->portid,
			   info->nlh->nlmsg_seq, NFT_MSG_NEWCHAIN, 0, table,
			   chain) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nft_reply(info, skb2, skb);
}

struct nft_chain_hook {
	uint32_t num;
	int32_t priority;
	const struct nft_chain_type *type;
	struct nft_hook_dev *devs; /* malloc'ed; the caller frees it */
	uint32_t ndevs;
};

#define NFT_NETDEVICE_MAX 256

/* nft_base_chain_netdev(): hooks that sit on devices. */
static bool nft_hook_netdev(uint8_t family, uint32_t hooknum)
{
	return family == NFPROTO_NETDEV ||
	       (family == NFPROTO_INET && hooknum == NF_INET_INGRESS);
}

static bool nft_hook_dev_find(const struct nft_hook_dev *devs, uint32_t n,
			      const struct nft_hook_dev *d)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strncmp(devs[i].name, d->name, NFT_IFNAMSIZ))
			return true;
	return false;
}

bool nft_del_event_short(const struct nft_net *nft)
{
	return nft_kernel_at_least(nft, 6, 18);
}

bool nft_hook_dev_missing(const struct nft_net *nft, const struct nlattr *a)
{
	char name[NFT_IFNAMSIZ];

	if (nft_kernel_at_least(nft, 6, 16))
		return false;
	unl_nla_strscpy(name, a, sizeof(name));
	return unl_dev_ifindex(nft->net, name) == 0;
}

static int nft_hook_dev_add(const struct nft_ctx *ctx,
			    struct nft_chain_hook *hook,
			    const struct nlattr *attr)
{
	struct nft_hook_dev d = { .len = 0 };
	struct nft_hook_dev *v;
	size_t len = (size_t)unl_nla_len(attr);

	if (len > NFT_IFNAMSIZ)
		return -ERANGE;
	if (nft_hook_dev_missing(ctx->nft, attr)) {
		UNL_SET_BAD_ATTR(ctx->extack, attr);
		return -ENOENT;
	}
	d.len = (uint16_t)len;
	memcpy(d.name, unl_nla_data(attr), len);
	if (nft_hook_dev_find(hook->devs, hook->ndevs, &d))
		return -EEXIST;
	if (hook->ndevs == NFT_NETDEVICE_MAX)
		return -EFBIG;
	v = realloc(hook->devs, (hook->ndevs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	hook->devs = v;
	hook->devs[hook->ndevs++] = d;
	return 0;
}

/* nft_chain_parse_netdev(): NFTA_HOOK_DEV, or the NFTA_HOOK_DEVS list;
 * a chain may have none. */
static int nft_chain_parse_netdev(const struct nft_ctx *ctx,
				  const struct nlattr *const ha[],
				  struct nft_chain_hook *hook)
{
	const struct nlattr *a;
	int rem, err;

	if (ha[NFTA_HOOK_DEV])
		return nft_hook_dev_add(ctx, hook, ha[NFTA_HOOK_DEV]);
	if (!ha[NFTA_HOOK_DEVS])
		return 0;
	unl_nla_for_each_nested(a, ha[NFTA_HOOK_DEVS], rem) {
		if (unl_nla_type(a) != NFTA_DEVICE_NAME)
			return -EINVAL;
		err = nft_hook_dev_add(ctx, hook, a);
		if (err < 0)
			return err;
	}
	return 0;
}

/* nft_chain_parse_hook() */
static int nft_chain_parse_hook(const struct nft_ctx *ctx,
				const struct nlattr *const nla[],
				struct nft_chain_hook *hook)
{
	const struct nlattr *ha[NFTA_HOOK_MAX + 1];
	int err;

	err = unl_nla_parse_nested(ha, NFTA_HOOK_MAX, nla[NFTA_CHAIN_HOOK],
				   nft_hook_policy, UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (!ha[NFTA_HOOK_HOOKNUM]) {
		UNL_SET_ERR_ATTR_MISS(ctx->extack, nla[NFTA_CHAIN_HOOK],
				      NFTA_HOOK_HOOKNUM);
		return -EINVAL;
	}
	if (!ha[NFTA_HOOK_PRIORITY]) {
		UNL_SET_ERR_ATTR_MISS(ctx->extack, nla[NFTA_CHAIN_HOOK],
				      NFTA_HOOK_PRIORITY);
		return -EINVAL;
	}
	hook->num = nft_get_be32(ha[NFTA_HOOK_HOOKNUM]);
	hook->priority = (int32_t)nft_get_be32(ha[NFTA_HOOK_PRIORITY]);
	hook->type = nft_chain_type_lookup(ctx->nft, ctx->family, NULL);
	if (!hook->type)
		return -EOPNOTSUPP;
	if (nla[NFTA_CHAIN_TYPE]) {
		hook->type = nft_chain_type_lookup(ctx->nft, ctx->family,
						   nla[NFTA_CHAIN_TYPE]);
		if (!hook->type) {
			UNL_SET_BAD_ATTR(ctx->extack, nla[NFTA_CHAIN_TYPE]);
			return -ENOENT;
		}
	}
	if (hook->num >= 32 || !(hook->type->hook_mask & (1u << hook->num)))
		return -EOPNOTSUPP;
	if (!strcmp(hook->type->name, "nat") &&
	    hook->priority <= NF_IP_PRI_CONNTRACK)
		return -EOPNOTSUPP;
	hook->devs = NULL;
	hook->ndevs = 0;
	if (nft_hook_netdev(ctx->family, hook->num)) {
		err = nft_chain_parse_netdev(ctx, ha, hook);
		if (err < 0) {
			free(hook->devs);
			hook->devs = NULL;
		}
		return err;
	}
	if (ha[NFTA_HOOK_DEV] || ha[NFTA_HOOK_DEVS])
		return -EOPNOTSUPP;
	return 0;
}

static void nft_chain_free(struct nft_chain *chain)
{
	free(chain->devs);
	free(chain->name);
	free(chain->udata);
	free(chain);
}

/* nft_stats_alloc(): a base chain's counters, both of them. */
static int nft_stats_parse(const struct nlattr *attr, uint64_t *packets,
			   uint64_t *bytes)
{
	const struct nlattr *tb[NFTA_COUNTER_MAX + 1];
	int err = unl_nla_parse_nested(tb, NFTA_COUNTER_MAX, attr,
				       nft_counter_policy,
				       UNL_VALIDATE_LIBERAL, NULL);

	if (err < 0)
		return err;
	if (!tb[NFTA_COUNTER_BYTES] || !tb[NFTA_COUNTER_PACKETS])
		return -EINVAL;
	*bytes = nft_get_be64(tb[NFTA_COUNTER_BYTES]);
	*packets = nft_get_be64(tb[NFTA_COUNTER_PACKETS]);
	return 0;
}

/* The name a new chain was given; a binding chain may have none and is
 * then called __chainN, N counting every such chain since the start (a
 * counter of the whole kernel in Linux, of the whole daemon here). */
static int nft_chain_name(struct nft_chain *chain, const struct nlattr *name)
{
	static uint64_t binding_chain_id;
	char buf[32];

	if (name) {
		chain->name = nft_nla_strdup(name);
	} else {
		if (!nft_chain_binding(chain))
			return -EINVAL;
		snprintf(buf, sizeof(buf), "__chain%llu",
			 (unsigned long long)++binding_chain_id);
		chain->name = strdup(buf);
	}
	return chain->name ? 0 : -ENOMEM;
}

/* nf_tables_addchain() */
static int nft_chain_add(struct nft_ctx *ctx, uint32_t policy,
			 bool has_policy, uint32_t flags)
{
	const struct nlattr *const *nla = ctx->nla;
	struct nft_table *table = ctx->table;
	struct nft_chain_hook hook = { .devs = NULL };
	struct nft_chain *chain;
	struct nft_trans *trans;
	int err;

	if (table->use == UINT32_MAX)
		return -EOVERFLOW;
	if (nla[NFTA_CHAIN_HOOK]) {
		if (flags & NFT_CHAIN_BINDING)
			return -EOPNOTSUPP;
		err = nft_chain_parse_hook(ctx, nla, &hook);
		if (err < 0)
			return err;
		err = -EOPNOTSUPP;
		if (flags & NFT_CHAIN_HW_OFFLOAD)
			goto err_hook;
		flags |= NFT_CHAIN_BASE;
	} else {
		if (flags & NFT_CHAIN_BASE)
			return -EINVAL;
		if (flags & NFT_CHAIN_HW_OFFLOAD)
			return -EOPNOTSUPP;
	}
	err = -ENOMEM;
	chain = calloc(1, sizeof(*chain));
	if (!chain)
		goto err_hook;
	/* the chain owns the devices from here on */
	chain->devs = hook.devs;
	chain->ndevs = hook.ndevs;
	nft_list_init(&chain->rules);
	chain->table = table;
	chain->flags = flags;
	/* A user chain's counters are ignored, as Linux ignores them. */
	if ((flags & NFT_CHAIN_BASE) && nla[NFTA_CHAIN_COUNTERS]) {
		err = nft_stats_parse(nla[NFTA_CHAIN_COUNTERS], &chain->packets,
				      &chain->bytes);
		if (err < 0) {
			nft_chain_free(chain);
			return err;
		}
		chain->has_stats = true;
	}
	if (flags & NFT_CHAIN_BASE) {
		chain->hooknum = hook.num;
		chain->priority = hook.priority;
		chain->type = hook.type->name;
		chain->policy = NF_ACCEPT;
	}
	/* taken before the name is looked at: a chain without one uses up
	 * its handle all the same, as in Linux */
	chain->handle = ++table->hgenerator;
	err = nft_chain_name(chain, nla[NFTA_CHAIN_NAME]);
	if (!err && nla[NFTA_CHAIN_USERDATA])
		err = nft_udata_dup(nla[NFTA_CHAIN_USERDATA], &chain->udata,
				    &chain->udlen);
	if (err < 0) {
		nft_chain_free(chain);
		return err;
	}
	ctx->chain = chain;
	trans = nft_tobj_trans_new(ctx, &nft_chain_ops, &chain->tobj);
	if (!trans) {
		nft_chain_free(chain);
		return -ENOMEM;
	}
	/* the policy takes effect with the commit */
	trans->has_policy = has_policy;
	trans->policy = policy;
	if (nla[NFTA_CHAIN_ID])
		trans->chain_id = nft_get_be32(nla[NFTA_CHAIN_ID]);
	return 0;
err_hook:
	free(hook.devs);
	return err;
}

/* Whether an update's hook may stand for the base chain's.  From 6.4
 * the hook number and priority are checked first (EOPNOTSUPP), then the
 * type (EEXIST at the chain), and a netdev chain may gain devices
 * (those it has already are no change); before, any change of the
 * four was EEXIST at the chain. */
static int nft_chain_update_hook_check(const struct nft_ctx *ctx,
				       const struct nft_chain_hook *hook,
				       const struct nlattr *attr)
{
	const struct nft_chain *chain = ctx->chain;

	if (!nft_kernel_at_least(ctx->nft, 6, 4)) {
		bool same = !strcmp(hook->type->name, chain->type) &&
			    hook->num == chain->hooknum &&
			    hook->priority == chain->priority &&
			    hook->ndevs == chain->ndevs;

		for (uint32_t i = 0; same && i < hook->ndevs; i++)
			same = nft_hook_dev_find(chain->devs, chain->ndevs,
						 &hook->devs[i]);
		if (same)
			return 0;
		UNL_SET_BAD_ATTR(ctx->extack, attr);
		return -EEXIST;
	}
	if (hook->num != chain->hooknum || hook->priority != chain->priority)
		return -EOPNOTSUPP;
	if (strcmp(hook->type->name, chain->type)) {
		UNL_SET_BAD_ATTR(ctx->extack, attr);
		return -EEXIST;
	}
	return 0;
}

/* nf_tables_updchain(): the same hook again, a new policy, a rename. */
static int nft_chain_update(struct nft_ctx *ctx, uint32_t policy,
			    bool has_policy, uint32_t flags,
			    const struct nlattr *attr)
{
	const struct nlattr *const *nla = ctx->nla;
	struct nft_hook_dev new_devs[NFT_NETDEVICE_MAX];
	struct nft_chain *chain = ctx->chain;
	uint64_t packets = 0, bytes = 0;
	struct nft_trans *trans;
	struct nft_list *p;
	uint32_t nnew = 0;
	int err;

	if (chain->flags ^ flags)
		return -EOPNOTSUPP;
	if (nla[NFTA_CHAIN_HOOK]) {
		struct nft_chain_hook hook;

		if (!(chain->flags & NFT_CHAIN_BASE)) {
			UNL_SET_BAD_ATTR(ctx->extack, attr);
			return -EEXIST;
		}
		err = nft_chain_parse_hook(ctx, nla, &hook);
		if (err < 0)
			return err;
		err = nft_chain_update_hook_check(ctx, &hook, attr);
		if (err < 0) {
			free(hook.devs);
			return err;
		}
		for (uint32_t i = 0; i < hook.ndevs; i++)
			if (!nft_hook_dev_find(chain->devs, chain->ndevs,
					       &hook.devs[i]))
				new_devs[nnew++] = hook.devs[i];
		free(hook.devs);
	}
	if (nla[NFTA_CHAIN_HANDLE] && nla[NFTA_CHAIN_NAME]) {
		struct nft_chain *other = nft_chain_lookup(
			ctx->table, nla[NFTA_CHAIN_NAME],
			nft_genmask_next(ctx->nft));

		if (!NFT_IS_ERR(other)) {
			UNL_SET_BAD_ATTR(ctx->extack, nla[NFTA_CHAIN_NAME]);
			return -EEXIST;
		}
	}
	if (nla[NFTA_CHAIN_COUNTERS]) {
		if (!(chain->flags & NFT_CHAIN_BASE))
			return -EOPNOTSUPP;
		err = nft_stats_parse(nla[NFTA_CHAIN_COUNTERS], &packets,
				      &bytes);
		if (err < 0)
			return err;
	}
	trans = nft_tobj_trans_update(ctx, &nft_chain_ops, &chain->tobj);
	if (!trans)
		return -ENOMEM;
	if (nnew) {
		trans->devs = malloc(nnew * sizeof(*trans->devs));
		if (!trans->devs) {
			nft_trans_destroy(trans);
			return -ENOMEM;
		}
		memcpy(trans->devs, new_devs, nnew * sizeof(*trans->devs));
		trans->ndevs = nnew;
	}
	if (nla[NFTA_CHAIN_COUNTERS]) {
		trans->has_stats = true;
		trans->packets = packets;
		trans->bytes = bytes;
	}
	trans->has_policy = has_policy;
	trans->policy = policy;
	if (nla[NFTA_CHAIN_HANDLE] && nla[NFTA_CHAIN_NAME]) {
		trans->chain_name = nft_nla_strdup(nla[NFTA_CHAIN_NAME]);
		if (!trans->chain_name) {
			nft_trans_destroy(trans);
			return -ENOMEM;
		}
		/* two renames to one name in a batch */
		nft_list_for_each(p, &ctx->nft->commit_list) {
			struct nft_trans *t =
				nft_container_of(p, struct nft_trans, list);

			if (t != trans && t->msg_type == NFT_MSG_NEWCHAIN &&
			    t->table == ctx->table && t->chain_name &&
			    !strcmp(t->chain_name, trans->chain_name)) {
				UNL_SET_BAD_ATTR(ctx->extack,
						 nla[NFTA_CHAIN_NAME]);
				nft_trans_destroy(trans);
				return -EEXIST;
			}
		}
	}
	return 0;
}

static int nf_tables_newchain(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	struct nft_chain *chain = NULL;
	const struct nlattr *attr;
	struct nft_table *table;
	uint32_t policy = NF_ACCEPT, flags = 0;
	bool has_policy = false;
	struct nft_ctx ctx;

	table = nft_table_lookup(nft, nla[NFTA_CHAIN_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_CHAIN_TABLE]);
		return NFT_PTR_ERR(table);
	}
	attr = nla[NFTA_CHAIN_NAME];
	if (nla[NFTA_CHAIN_HANDLE]) {
		chain = nft_chain_lookup_byhandle(
			table, nft_get_be64(nla[NFTA_CHAIN_HANDLE]), genmask);
		if (NFT_IS_ERR(chain)) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_CHAIN_HANDLE]);
			return NFT_PTR_ERR(chain);
		}
		attr = nla[NFTA_CHAIN_HANDLE];
	} else if (nla[NFTA_CHAIN_NAME]) {
		chain = nft_chain_lookup(table, attr, genmask);
		if (NFT_IS_ERR(chain)) {
			if (NFT_PTR_ERR(chain) != -ENOENT) {
				UNL_SET_BAD_ATTR(extack, attr);
				return NFT_PTR_ERR(chain);
			}
			chain = NULL;
		}
	} else if (!nla[NFTA_CHAIN_ID]) {
		/* a new chain without a name is a binding one, named by the
		 * batch's id for it */
		return -EINVAL;
	}
	if (nla[NFTA_CHAIN_POLICY]) {
		if ((chain && !(chain->flags & NFT_CHAIN_BASE)) ||
		    (!chain && !nla[NFTA_CHAIN_HOOK])) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_CHAIN_POLICY]);
			return -EOPNOTSUPP;
		}
		policy = nft_get_be32(nla[NFTA_CHAIN_POLICY]);
		if (policy != NF_DROP && policy != NF_ACCEPT)
			return -EINVAL;
		has_policy = true;
	}
	if (nla[NFTA_CHAIN_FLAGS])
		flags = nft_get_be32(nla[NFTA_CHAIN_FLAGS]);
	else if (chain)
		flags = chain->flags;
	if (flags & ~NFT_CHAIN_FLAGS)
		return -EOPNOTSUPP;
	nft_ctx_init(&ctx, nft, skb, info, family, table, chain, nla);
	if (chain) {
		if (chain->flags & NFT_CHAIN_BINDING)
			return -EINVAL;
		if (info->nlh->nlmsg_flags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(extack, attr);
			return -EEXIST;
		}
		if (info->nlh->nlmsg_flags & NLM_F_REPLACE)
			return -EOPNOTSUPP;
		flags |= chain->flags & NFT_CHAIN_BASE;
		return nft_chain_update(&ctx, policy, has_policy, flags, attr);
	}
	return nft_chain_add(&ctx, policy, has_policy, flags);
}

/* ---- rules ---- */

static int nft_table_validate(struct nft_net *nft, struct nft_table *table);
static int nft_rule_del(struct nft_ctx *ctx, struct nft_rule *rule);
struct nft_trans;
static void nft_abort_one(struct nft_net *nft, struct nft_trans *t,
			  const struct nft_ctx *ctx);

static struct nft_rule *nft_rule_lookup(const struct nft_chain *chain,
					uint64_t handle)
{
	struct nft_list *p;

	nft_list_for_each(p, &chain->rules) {
		struct nft_rule *r = nft_container_of(p, struct nft_rule, list);

		if (r->handle == handle)
			return r;
	}
	return NFT_ERR(-ENOENT);
}

/* nft_rule_lookup_byid(): a rule of chain a NEWRULE of the batch made
 * with the id in nla (be32). */
static struct nft_rule *nft_rule_lookup_byid(const struct nft_net *nft,
					     const struct nft_chain *chain,
					     const struct nlattr *nla)
{
	uint32_t id = nft_get_be32(nla);
	struct nft_list *p;

	nft_list_for_each(p, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		if (t->msg_type == NFT_MSG_NEWRULE && t->chain == chain &&
		    t->rule_id == id)
			return t->rule;
	}
	return NFT_ERR(-ENOENT);
}

static const struct unl_nla_policy nft_rule_policy[NFTA_RULE_MAX + 1] = {
	[NFTA_RULE_TABLE] = { .type = UNL_NLA_STRING,
			      .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_RULE_CHAIN] = { .type = UNL_NLA_STRING,
			      .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_RULE_HANDLE] = { .type = UNL_NLA_U64 },
	[NFTA_RULE_EXPRESSIONS] = { .type = UNL_NLA_NESTED },
	[NFTA_RULE_COMPAT] = { .type = UNL_NLA_NESTED },
	[NFTA_RULE_POSITION] = { .type = UNL_NLA_U64 },
	[NFTA_RULE_USERDATA] = { .type = UNL_NLA_BINARY,
				 .len = NFT_USERDATA_MAXLEN },
	[NFTA_RULE_ID] = { .type = UNL_NLA_U32 },
	[NFTA_RULE_POSITION_ID] = { .type = UNL_NLA_U32 },
	[NFTA_RULE_CHAIN_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy nft_expr_policy[NFTA_EXPR_MAX + 1] = {
	[NFTA_EXPR_NAME] = { .type = UNL_NLA_STRING,
			     .len = NFT_TABLE_MAXNAMELEN_ - 1 },
	[NFTA_EXPR_DATA] = { .type = UNL_NLA_NESTED },
};

int nft_expr_dump(struct unl_skb *skb, int attr, const struct nft_expr *expr,
		  bool reset)
{
	struct nlattr *elem = nft_nest_start(skb, attr), *data;

	if (!elem || unl_nla_put_string(skb, NFTA_EXPR_NAME, expr->ops->name))
		return -1;
	if (expr->ops->dump) {
		data = nft_nest_start(skb, NFTA_EXPR_DATA);
		if (!data || expr->ops->dump(skb, expr, reset) < 0)
			return -1;
		unl_nla_nest_end(skb, data);
	}
	unl_nla_nest_end(skb, elem);
	return 0;
}

static int nft_fill_rule(struct unl_skb *skb, const struct nft_net *nft,
			 uint32_t portid, uint32_t seq, int event,
			 uint16_t flags, const struct nft_table *table,
			 const struct nft_chain *chain,
			 const struct nft_rule *rule, uint64_t prev_handle)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | event),
		flags, table->family, NFNETLINK_V0, nft_base_seq(nft));
	const struct nft_expr *e;
	struct nlattr *list;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_RULE_TABLE, table->name) ||
	    unl_nla_put_string(skb, NFTA_RULE_CHAIN, chain->name) ||
	    nft_put_be64(skb, NFTA_RULE_HANDLE, rule->handle, NFTA_RULE_PAD))
		goto fail;
	if (event != NFT_MSG_DELRULE && prev_handle &&
	    nft_put_be64(skb, NFTA_RULE_POSITION, prev_handle, NFTA_RULE_PAD))
		goto fail;
	list = nft_nest_start(skb, NFTA_RULE_EXPRESSIONS);
	if (!list)
		goto fail;
	nft_rule_for_each_expr(e, rule)
		if (nft_expr_dump(skb, NFTA_LIST_ELEM, e, false) < 0)
			goto fail;
	unl_nla_nest_end(skb, list);
	if (rule->udlen && unl_nla_put(skb, NFTA_RULE_USERDATA,
				       (int)rule->udlen, nft_rule_udata(rule)))
		goto fail;
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

static void nft_rule_notify(struct nft_net *nft, const struct nft_trans *t,
			    int event)
{
	const struct nft_rule *rule = t->rule;
	uint16_t flags = t->flags & (NLM_F_CREATE | NLM_F_EXCL);
	uint64_t prev = 0;
	struct unl_skb *skb;

	if (!t->report && !nfnl_has_listeners(nft->nn, NFNLGRP_NFTABLES))
		return;
	if (t->flags & (NLM_F_APPEND | NLM_F_REPLACE))
		flags |= NLM_F_APPEND;
	/* nf_tables_rule_notify(): the position only of a new rule that
	 * is neither the chain's first nor its last */
	if (event == NFT_MSG_NEWRULE && rule->list.prev != &t->chain->rules &&
	    rule->list.next != &t->chain->rules)
		prev = nft_container_of(rule->list.prev, struct nft_rule, list)
			       ->handle;
	skb = unl_nlmsg_new(8192);
	if (!skb || nft_fill_rule(skb, nft, t->portid, t->seq, event, flags,
				  t->table, t->chain, rule, prev) < 0) {
		unl_skb_free(skb);
		nfnl_set_err(nft->nn, t->portid, NFNLGRP_NFTABLES, -ENOBUFS);
		return;
	}
	nft_notify(nft, skb, t->portid, t->report);
}

/* A rule dump may name a table and a chain (nft list chain). */
struct nft_rule_dump_ctx {
	char *table;
	char *chain;
};

static int nft_dump_rules(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nft_net *nft = cb->data;
	struct nft_rule_dump_ctx *f = *(struct nft_rule_dump_ctx **)cb->ctx;
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	long idx = 0, s_idx = cb->args[0];
	struct nft_list *p, *q, *r;

	cb->seq = nft->base_seq;
	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (nfmsg->nfgen_family != NFPROTO_UNSPEC &&
		    nfmsg->nfgen_family != t->family)
			continue;
		if (f && f->table && strcmp(f->table, t->name))
			continue;
		nft_list_for_each(q, &t->chains) {
			struct nft_chain *c =
				nft_container_of(q, struct nft_chain, list);
			const struct nft_rule *prule = NULL;

			if (!nft_is_active(nft, c))
				continue;
			if (f && f->chain && strcmp(f->chain, c->name))
				continue;
			nft_list_for_each(r, &c->rules) {
				struct nft_rule *rule =
					nft_container_of(r, struct nft_rule, list);

				if (!nft_is_active(nft, rule)) {
					idx++;
					continue;
				}
				if (idx >= s_idx &&
				    nft_fill_rule(skb, nft,
						  unl_skb_cb(cb->skb)->portid,
						  cb->nlh->nlmsg_seq,
						  NFT_MSG_NEWRULE,
						  NLM_F_MULTI | NLM_F_APPEND, t,
						  c, rule,
						  prule ? prule->handle : 0) < 0)
					goto done;
				if (idx >= s_idx)
					unl_dump_check_consistent(
						cb, (struct nlmsghdr *)
							    unl_skb_data(skb));
				prule = rule;
				idx++;
			}
		}
	}
done:
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

static int nft_dump_rules_done(struct unl_callback *cb)
{
	struct nft_rule_dump_ctx *f = *(struct nft_rule_dump_ctx **)cb->ctx;

	if (f) {
		free(f->table);
		free(f->chain);
		free(f);
	}
	return 0;
}

static int nft_dump_rules_start(struct unl_callback *cb)
{
	const struct nlattr *nla[NFTA_RULE_MAX + 1];
	struct nft_rule_dump_ctx *f;
	int err;

	*(struct nft_rule_dump_ctx **)cb->ctx = NULL;
	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), nla,
			      NFTA_RULE_MAX, nft_rule_policy,
			      UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0 || (!nla[NFTA_RULE_TABLE] && !nla[NFTA_RULE_CHAIN]))
		return 0;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	if (nla[NFTA_RULE_TABLE])
		f->table = nft_nla_strdup(nla[NFTA_RULE_TABLE]);
	if (nla[NFTA_RULE_CHAIN])
		f->chain = nft_nla_strdup(nla[NFTA_RULE_CHAIN]);
	*(struct nft_rule_dump_ctx **)cb->ctx = f;
	return 0;
}

static int nf_tables_getrule(struct unl_skb *skb,
			     const struct nfnl_info *info,
			     const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_cur(nft);
	struct nft_table *table;
	struct nft_chain *chain;
	struct nft_rule *rule;
	struct unl_skb *skb2;
	uint64_t prev = 0;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nft_dump_rules_start,
			.dump = nft_dump_rules,
			.done = nft_dump_rules_done,
			.data = nft,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	table = nft_table_lookup(nft, nla[NFTA_RULE_TABLE],
				 info->nfmsg->nfgen_family, genmask, 0);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_RULE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	chain = nft_chain_lookup(table, nla[NFTA_RULE_CHAIN], genmask);
	if (NFT_IS_ERR(chain)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_RULE_CHAIN]);
		return NFT_PTR_ERR(chain);
	}
	if (!nla[NFTA_RULE_HANDLE])
		return -EINVAL;
	rule = nft_rule_lookup(chain, nft_get_be64(nla[NFTA_RULE_HANDLE]));
	if (NFT_IS_ERR(rule) || !nft_is_active(nft, rule)) {
		UNL_SET_BAD_ATTR(info->extack, nla[NFTA_RULE_HANDLE]);
		return -ENOENT;
	}
	if (rule->list.prev != &chain->rules)
		prev = nft_container_of(rule->list.prev, struct nft_rule, list)
			       ->handle;
	skb2 = unl_nlmsg_new(8192);
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_rule(skb2, nft, unl_skb_cb(skb)->portid,
			  info->nlh->nlmsg_seq, NFT_MSG_NEWRULE, 0, table,
			  chain, rule, prev) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nft_reply(info, skb2, skb);
}

const struct nft_expr_ops *nft_expr_type_get(const struct nft_net *nft,
					     uint8_t family,
					     const struct nlattr *nla)
{
	for (size_t i = 0; nft_builtin_exprs[i]; i++) {
		const struct nft_expr_ops *ops = nft_builtin_exprs[i];

		if (ops->families && !(ops->families & (1u << family)))
			continue;
		if (nft_nla_streq(nla, ops->name) &&
		    unl_profile_has(nft->profile, UNL_PROFILE_NFT,
				    ops->module ? ops->module : ops->name) &&
		    nft_kernel_at_least(nft, ops->since / 100,
					ops->since % 100))
			return ops;
	}
	return NULL;
}

void nft_expr_free(const struct nft_ctx *ctx, struct nft_expr *expr)
{
	if (expr->ops->destroy)
		expr->ops->destroy(ctx, expr);
	free(expr);
}

/* nf_tables_expr_parse(): the type of one NFTA_LIST_ELEM, its name and
 * data checked against their policies; *data is its NFTA_EXPR_DATA, or
 * NULL. */
static int nft_expr_parse(const struct nft_ctx *ctx, const struct nlattr *nla,
			  const struct nft_expr_ops **ops,
			  const struct nlattr **data)
{
	const struct nlattr *tb[NFTA_EXPR_MAX + 1];
	int err;

	err = unl_nla_parse_nested(tb, NFTA_EXPR_MAX, nla, nft_expr_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	if (!tb[NFTA_EXPR_NAME])
		return -EINVAL;
	*ops = nft_expr_type_get(ctx->nft, ctx->family, tb[NFTA_EXPR_NAME]);
	if (!*ops)
		return -ENOENT;
	*data = tb[NFTA_EXPR_DATA];
	{
		const struct nlattr *d[(*ops)->maxattr + 1];

		memset(d, 0, sizeof(d));
		if (*data) {
			err = unl_nla_parse_nested(d, (*ops)->maxattr, *data,
						   (*ops)->policy,
						   UNL_VALIDATE_LIBERAL, NULL);
			if (err < 0)
				return err;
		}
		if ((*ops)->select_ops)
			*ops = (*ops)->select_ops(d);
		return 0;
	}
}

/* nf_tables_newexpr(): expr (zeroed, room for ops->size) initialised
 * from data, which nft_expr_parse() checked. */
static int nft_expr_init(const struct nft_ctx *ctx,
			 const struct nft_expr_ops *ops,
			 const struct nlattr *data, struct nft_expr *expr)
{
	const struct nlattr *tb[ops->maxattr + 1];

	memset(tb, 0, sizeof(tb));
	if (data)
		unl_nla_parse_nested(tb, ops->maxattr, data, ops->policy,
				     UNL_VALIDATE_LIBERAL, NULL);
	expr->ops = ops;
	return ops->init ? ops->init(ctx, expr, tb) : 0;
}

int nft_expr_new(const struct nft_ctx *ctx, const struct nlattr *nla,
		 struct nft_expr **out)
{
	const struct nft_expr_ops *ops;
	const struct nlattr *data;
	struct nft_expr *expr;
	int err = nft_expr_parse(ctx, nla, &ops, &data);

	if (err < 0)
		return err;
	expr = calloc(1, sizeof(*expr) + ops->size);
	if (!expr)
		return -ENOMEM;
	err = nft_expr_init(ctx, ops, data, expr);
	if (err < 0) {
		free(expr);
		return err;
	}
	*out = expr;
	return 0;
}

static void nft_rule_expr_activate(const struct nft_ctx *ctx,
				   struct nft_rule *rule)
{
	struct nft_expr *e;

	nft_rule_for_each_expr(e, rule)
		if (e->ops->activate)
			e->ops->activate(ctx, e);
}

static void nft_rule_expr_deactivate(const struct nft_ctx *ctx,
				     struct nft_rule *rule,
				     enum nft_trans_phase phase)
{
	struct nft_expr *e;

	nft_rule_for_each_expr(e, rule)
		if (e->ops->deactivate)
			e->ops->deactivate(ctx, e, phase);
}

static void nft_rule_free(const struct nft_ctx *ctx, struct nft_rule *rule)
{
	struct nft_expr *e;

	nft_rule_for_each_expr(e, rule)
		if (e->ops->destroy)
			e->ops->destroy(ctx, e);
	free(rule);
}

/* One expression of NFTA_RULE_EXPRESSIONS, parsed, before the rule that
 * holds them all is allocated (struct nft_expr_info). */
struct nft_expr_info {
	const struct nft_expr_ops *ops;
	const struct nlattr *attr; /* the NFTA_LIST_ELEM */
	const struct nlattr *data;
};

/* The expressions of NFTA_RULE_EXPRESSIONS, parsed into info (room for
 * NFT_RULE_MAXEXPRS); their number, or -errno. */
static int nft_rule_exprs_parse(const struct nft_ctx *ctx,
				const struct nlattr *list,
				struct nft_expr_info *info)
{
	const struct nlattr *tmp;
	int rem, n = 0, err;

	if (!list)
		return 0;
	unl_nla_for_each_nested(tmp, list, rem) {
		if (unl_nla_type(tmp) != NFTA_LIST_ELEM)
			return -EINVAL;
		if (++n > NFT_RULE_MAXEXPRS)
			return -EFBIG;
	}
	n = 0;
	unl_nla_for_each_nested(tmp, list, rem) {
		err = nft_expr_parse(ctx, tmp, &info[n].ops, &info[n].data);
		if (err < 0) {
			UNL_SET_BAD_ATTR(ctx->extack, tmp);
			return err;
		}
		info[n++].attr = tmp;
	}
	return n;
}

/* nf_tables_newrule()'s allocation: the rule, its n expressions made in
 * place from info, its userdata (udata, NULL for none).  A failing
 * expression undoes those made before it. */
static int nft_rule_alloc(const struct nft_ctx *ctx,
			  const struct nft_expr_info *info, int n,
			  const struct nlattr *udata, struct nft_rule **out)
{
	size_t dlen = 0, udlen = udata ? (size_t)unl_nla_len(udata) : 0;
	struct nft_rule *rule;
	struct nft_expr *e;
	int err;

	for (int i = 0; i < n; i++)
		dlen += nft_expr_size(info[i].ops);
	rule = calloc(1, sizeof(*rule) + dlen + udlen);
	if (!rule)
		return -ENOMEM;
	/* dlen grows with each expression made, so that an undo walks
	 * only those */
	for (int i = 0; i < n; i++) {
		e = (struct nft_expr *)((char *)rule->data + rule->dlen);
		err = nft_expr_init(ctx, info[i].ops, info[i].data, e);
		if (err < 0) {
			UNL_SET_BAD_ATTR(ctx->extack, info[i].attr);
			nft_rule_expr_deactivate(ctx, rule,
						 NFT_TRANS_PREPARE_ERROR);
			nft_rule_free(ctx, rule);
			return err;
		}
		rule->dlen += (uint32_t)nft_expr_size(info[i].ops);
	}
	if (udlen)
		memcpy((uint8_t *)rule->data + rule->dlen, unl_nla_data(udata),
		       udlen);
	rule->udlen = (uint16_t)udlen;
	*out = rule;
	return 0;
}

/* ---- chain bindings ---- */

/* nft_chain_trans_bind(): the NEWCHAIN of a binding chain and the
 * NEWRULEs of its rules now go with the rule that binds it (bind), or
 * are the batch's own again. */
static void nft_chain_trans_bind(struct nft_net *nft,
				 const struct nft_chain *chain, bool bind)
{
	struct nft_list *p;

	nft_list_for_each(p, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		if ((t->msg_type == NFT_MSG_NEWCHAIN ||
		     t->msg_type == NFT_MSG_NEWRULE) && t->chain == chain)
			t->bound = bind;
	}
}

int nft_chain_bind(const struct nft_ctx *ctx, struct nft_chain *chain)
{
	if (!nft_chain_binding(chain))
		return 0;
	/* no binding chain inside another */
	if (ctx->chain && nft_chain_binding(ctx->chain))
		return -EOPNOTSUPP;
	if (chain->bound)
		return -EBUSY;
	if (chain->use == UINT32_MAX)
		return -EMFILE;
	chain->use++;
	chain->bound = true;
	nft_chain_trans_bind(ctx->nft, chain, true);
	return 0;
}

/* The expressions of the chain's rules follow those of the rule that
 * holds it. */
static void nft_chain_rules_deactivate(const struct nft_ctx *ctx,
				       struct nft_chain *chain,
				       enum nft_trans_phase phase)
{
	struct nft_ctx c = *ctx;
	struct nft_list *p;

	c.chain = chain;
	nft_list_for_each(p, &chain->rules)
		nft_rule_expr_deactivate(
			&c, nft_container_of(p, struct nft_rule, list), phase);
}

/* An aborted deletion of the binding rule: the chain is back. */
void nft_chain_binding_activate(const struct nft_ctx *ctx,
				struct nft_chain *chain)
{
	struct nft_ctx c = *ctx;
	struct nft_list *p;

	if (!nft_chain_binding(chain))
		return;
	c.chain = chain;
	nft_list_for_each(p, &chain->rules)
		nft_rule_expr_activate(
			&c, nft_container_of(p, struct nft_rule, list));
	nft_clear(ctx->nft, chain);
}

void nft_chain_binding_deactivate(const struct nft_ctx *ctx,
				  struct nft_chain *chain,
				  enum nft_trans_phase phase)
{
	if (!nft_chain_binding(chain))
		return;
	switch (phase) {
	case NFT_TRANS_PREPARE_ERROR:
		/* the rule never was: the chain is the batch's again, and
		 * no later message of it finds the chain */
		nft_chain_trans_bind(ctx->nft, chain, false);
		nft_deactivate_next(ctx->nft, chain);
		break;
	case NFT_TRANS_PREPARE:
		nft_chain_rules_deactivate(ctx, chain, phase);
		nft_deactivate_next(ctx->nft, chain);
		break;
	case NFT_TRANS_ABORT:
	case NFT_TRANS_COMMIT:
		/* out of the table now, freed with the rule */
		nft_chain_rules_deactivate(ctx, chain, phase);
		nft_list_del(&chain->list);
		chain->bound = false;
		/* An abort: the chain's NEWCHAIN, bound, is undone after
		 * this and gives the table's count back (Linux does it
		 * here and skips it there). */
		if (phase == NFT_TRANS_COMMIT)
			chain->table->use--;
		break;
	}
}

void nft_chain_binding_destroy(const struct nft_ctx *ctx,
			       struct nft_chain *chain)
{
	struct nft_ctx c = *ctx;
	struct nft_list *p, *n;

	if (!nft_chain_binding(chain))
		return;
	chain->use--;
	/* A rule that failed to be made leaves a chain still bound to the
	 * batch's transactions, which free it. */
	if (chain->bound)
		return;
	c.chain = chain;
	nft_list_for_each_safe(p, n, &chain->rules) {
		struct nft_rule *r = nft_container_of(p, struct nft_rule, list);

		chain->use--;
		nft_list_del(&r->list);
		nft_rule_free(&c, r);
	}
	nft_list_del(&chain->list);
	nft_chain_free(chain);
}

static int nf_tables_newrule(struct unl_skb *skb,
			     const struct nfnl_info *info,
			     const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	uint16_t nlflags = info->nlh->nlmsg_flags;
	struct nft_rule *rule, *old_rule = NULL;
	const struct nft_expr *e;
	struct nft_trans *trans;
	struct nft_table *table;
	struct nft_chain *chain;
	struct nft_ctx ctx;
	uint64_t handle;
	int err;

	table = nft_table_lookup(nft, nla[NFTA_RULE_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	if (nla[NFTA_RULE_CHAIN]) {
		chain = nft_chain_lookup(table, nla[NFTA_RULE_CHAIN], genmask);
		if (NFT_IS_ERR(chain)) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_CHAIN]);
			return NFT_PTR_ERR(chain);
		}
	} else if (nla[NFTA_RULE_CHAIN_ID]) {
		chain = nft_chain_lookup_byid(nft, table, nla[NFTA_RULE_CHAIN_ID],
					      genmask);
		if (NFT_IS_ERR(chain)) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_CHAIN_ID]);
			return NFT_PTR_ERR(chain);
		}
	} else {
		return -EINVAL;
	}
	/* a binding chain's rules are those of the batch that bound it */
	if (nft_chain_is_bound(chain))
		return -EOPNOTSUPP;
	if (nla[NFTA_RULE_HANDLE]) {
		handle = nft_get_be64(nla[NFTA_RULE_HANDLE]);
		rule = nft_rule_lookup(chain, handle);
		if (NFT_IS_ERR(rule) || !nft_is_active_next(nft, rule)) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_HANDLE]);
			return -ENOENT;
		}
		if (nlflags & NLM_F_EXCL) {
			UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_HANDLE]);
			return -EEXIST;
		}
		if (!(nlflags & NLM_F_REPLACE))
			return -EOPNOTSUPP;
		old_rule = rule;
	} else {
		if (!(nlflags & NLM_F_CREATE) || (nlflags & NLM_F_REPLACE))
			return -EINVAL;
		/* nf_tables_alloc_handle(): taken now, so that a rule that
		 * fails later still uses up its handle, as in Linux */
		handle = ++table->hgenerator;
		if (nla[NFTA_RULE_POSITION]) {
			old_rule = nft_rule_lookup(
				chain, nft_get_be64(nla[NFTA_RULE_POSITION]));
			if (NFT_IS_ERR(old_rule)) {
				UNL_SET_BAD_ATTR(extack,
						 nla[NFTA_RULE_POSITION]);
				return -ENOENT;
			}
		} else if (nla[NFTA_RULE_POSITION_ID]) {
			old_rule = nft_rule_lookup_byid(
				nft, chain, nla[NFTA_RULE_POSITION_ID]);
			if (NFT_IS_ERR(old_rule)) {
				UNL_SET_BAD_ATTR(extack,
						 nla[NFTA_RULE_POSITION_ID]);
				return -ENOENT;
			}
		}
	}
	if (chain->use == UINT32_MAX)
		return -EMFILE;
	nft_ctx_init(&ctx, nft, skb, info, family, table, chain, nla);
	{
		struct nft_expr_info einfo[NFT_RULE_MAXEXPRS];
		int n = nft_rule_exprs_parse(&ctx, nla[NFTA_RULE_EXPRESSIONS],
					     einfo);

		if (n < 0)
			return n;
		err = nft_rule_alloc(&ctx, einfo, n, nla[NFTA_RULE_USERDATA],
				     &rule);
		if (err < 0)
			return err;
	}
	/* A replacement keeps the handle of the rule it replaces. */
	rule->handle = handle;
	if (nlflags & NLM_F_REPLACE) {
		if (!nft_is_active_next(nft, old_rule)) {
			err = -ENOENT;
			goto err_rule;
		}
		/* the old rule goes with the same commit, told first */
		err = nft_rule_del(&ctx, old_rule);
		if (err < 0)
			goto err_rule;
		trans = nft_trans_alloc(&ctx, NFT_MSG_NEWRULE);
		if (trans && nla[NFTA_RULE_ID])
			trans->rule_id = nft_get_be32(nla[NFTA_RULE_ID]);
		if (!trans) {
			/* undo the deletion just prepared */
			struct nft_trans *del = nft_container_of(
				nft->commit_list.prev, struct nft_trans, list);

			nft_abort_one(nft, del, &ctx);
			nft_trans_destroy(del);
			err = -ENOMEM;
			goto err_rule;
		}
		trans->rule = rule;
		nft_list_add_tail(&rule->list, &old_rule->list);
	} else {
		trans = nft_trans_alloc(&ctx, NFT_MSG_NEWRULE);
		if (!trans) {
			err = -ENOMEM;
			goto err_rule;
		}
		trans->rule = rule;
		if (nla[NFTA_RULE_ID])
			trans->rule_id = nft_get_be32(nla[NFTA_RULE_ID]);
		if (nlflags & NLM_F_APPEND) {
			if (old_rule)
				nft_list_add(&rule->list, &old_rule->list);
			else
				nft_list_add_tail(&rule->list, &chain->rules);
		} else {
			if (old_rule)
				nft_list_add_tail(&rule->list, &old_rule->list);
			else
				nft_list_add(&rule->list, &chain->rules);
		}
	}
	nft_activate_next(nft, rule);
	chain->use++;
	nft_rule_for_each_expr(e, rule)
		if (e->ops->validate &&
		    nft->validate_state == NFT_VALIDATE_SKIP)
			nft->validate_state = NFT_VALIDATE_NEED;
	if (nft->validate_state == NFT_VALIDATE_DO)
		return nft_table_validate(nft, table);
	return 0;
err_rule:
	nft_rule_expr_deactivate(&ctx, rule, NFT_TRANS_PREPARE_ERROR);
	nft_rule_free(&ctx, rule);
	return err;
}

/* nft_delrule(): deactivate in the next generation, with a transaction. */
static int nft_rule_del(struct nft_ctx *ctx, struct nft_rule *rule)
{
	struct nft_trans *trans;

	if (!nft_is_active_next(ctx->nft, rule))
		return -ENOENT;
	trans = nft_trans_alloc(ctx, NFT_MSG_DELRULE);
	if (!trans)
		return -ENOMEM;
	trans->rule = rule;
	nft_deactivate_next(ctx->nft, rule);
	ctx->chain->use--;
	nft_rule_expr_deactivate(ctx, rule, NFT_TRANS_PREPARE);
	return 0;
}

static int nft_delrule_by_chain(struct nft_ctx *ctx)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &ctx->chain->rules) {
		struct nft_rule *r = nft_container_of(p, struct nft_rule, list);

		if (!nft_is_active_next(ctx->nft, r))
			continue;
		err = nft_rule_del(ctx, r);
		if (err < 0)
			return err;
	}
	return 0;
}

static int nf_tables_delrule(struct unl_skb *skb,
			     const struct nfnl_info *info,
			     const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	bool destroy = NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
		       NFT_MSG_DESTROYRULE_;
	struct nft_chain *chain = NULL;
	struct nft_table *table;
	struct nft_rule *rule;
	struct nft_ctx ctx;
	struct nft_list *p;
	int err = 0;

	table = nft_table_lookup(nft, nla[NFTA_RULE_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		if (NFT_PTR_ERR(table) == -ENOENT && destroy)
			return 0;
		UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_TABLE]);
		return NFT_PTR_ERR(table);
	}
	if (nla[NFTA_RULE_CHAIN]) {
		chain = nft_chain_lookup(table, nla[NFTA_RULE_CHAIN], genmask);
		if (NFT_IS_ERR(chain)) {
			if (NFT_PTR_ERR(chain) == -ENOENT && destroy)
				return 0;
			UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_CHAIN]);
			return NFT_PTR_ERR(chain);
		}
		/* a binding chain's rules go with the rule that bound it */
		if (nft_chain_binding(chain))
			return -EOPNOTSUPP;
	}
	nft_ctx_init(&ctx, nft, skb, info, family, table, chain, nla);
	if (chain) {
		if (nla[NFTA_RULE_HANDLE]) {
			rule = nft_rule_lookup(
				chain, nft_get_be64(nla[NFTA_RULE_HANDLE]));
			if (NFT_IS_ERR(rule)) {
				if (destroy)
					return 0;
				UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_HANDLE]);
				return -ENOENT;
			}
			return nft_rule_del(&ctx, rule);
		}
		if (nla[NFTA_RULE_ID]) {
			rule = nft_rule_lookup_byid(nft, chain,
						    nla[NFTA_RULE_ID]);
			if (NFT_IS_ERR(rule)) {
				UNL_SET_BAD_ATTR(extack, nla[NFTA_RULE_ID]);
				return -ENOENT;
			}
			return nft_rule_del(&ctx, rule);
		}
		return nft_delrule_by_chain(&ctx);
	}
	nft_list_for_each(p, &table->chains) {
		struct nft_chain *c = nft_container_of(p, struct nft_chain, list);

		if (!nft_is_active_next(nft, c) || nft_chain_binding(c))
			continue;
		ctx.chain = c;
		err = nft_delrule_by_chain(&ctx);
		if (err < 0)
			break;
	}
	return err;
}

/* ---- validation ---- */

int nft_chain_validate_hooks(const struct nft_chain *chain,
			     uint32_t hook_mask)
{
	if (!chain || !(chain->flags & NFT_CHAIN_BASE))
		return 0;
	return (1u << chain->hooknum) & hook_mask ? 0 : -EOPNOTSUPP;
}

/* ctx->chain stays the base chain the walk started from: the hook and
 * chain-type checks of an expression hold for every rule a packet of
 * that hook can reach, through any number of jumps.  A loop is no
 * special case: it runs into NFT_JUMP_STACK_SIZE, as in Linux since
 * "prefer nft_chain_validate" (which removed nf_tables_check_loops). */
int nft_chain_validate(const struct nft_ctx *ctx,
		       const struct nft_chain *chain, unsigned int level)
{
	const struct nft_list *p;
	int err;

	if (level == NFT_JUMP_STACK_SIZE)
		return -EMLINK;
	nft_list_for_each(p, &chain->rules) {
		const struct nft_rule *r =
			nft_container_of(p, struct nft_rule, list);

		if (!nft_is_active_next(ctx->nft, r))
			continue;
		const struct nft_expr *e;

		nft_rule_for_each_expr(e, r) {
			if (!e->ops->validate)
				continue;
			err = e->ops->validate(ctx, e, level);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* nft_table_validate(): from each base chain of the next generation. */
static int nft_table_validate(struct nft_net *nft, struct nft_table *table)
{
	struct nft_ctx ctx = { .nft = nft, .table = table,
			       .family = table->family };
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &table->chains) {
		struct nft_chain *c = nft_container_of(p, struct nft_chain, list);

		if (!(c->flags & NFT_CHAIN_BASE) || !nft_is_active_next(nft, c))
			continue;
		ctx.chain = c;
		err = nft_chain_validate(&ctx, c, 0);
		if (err < 0)
			return err;
	}
	return 0;
}

/* nf_tables_validate(): 0, or -EAGAIN to replay the batch with every
 * rule validated as it comes. */
static int nft_validate(struct nft_net *nft)
{
	struct nft_list *p;

	if (nft->validate_state == NFT_VALIDATE_SKIP)
		return 0;
	nft->validate_state = NFT_VALIDATE_DO;
	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (nft_is_active_next(nft, t) && nft_table_validate(nft, t) < 0)
			return -EAGAIN;
	}
	nft->validate_state = NFT_VALIDATE_SKIP;
	return 0;
}

/* ---- deleting chains and tables ---- */

static int nft_chain_del(struct nft_ctx *ctx)
{
	return nft_tobj_trans_del(ctx, &nft_chain_ops, &ctx->chain->tobj) ?
		       0 : -ENOMEM;
}

static int nf_tables_delchain(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	struct unl_ext_ack *extack = info->extack;
	bool destroy = NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
		       NFT_MSG_DESTROYCHAIN_;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_chain *chain;
	struct nft_ctx ctx;
	struct nft_list *p;
	uint32_t use;
	int err;

	table = nft_table_lookup(nft, nla[NFTA_CHAIN_TABLE], family, genmask,
				 unl_skb_cb(skb)->portid);
	if (NFT_IS_ERR(table)) {
		if (NFT_PTR_ERR(table) == -ENOENT && destroy)
			return 0;
		UNL_SET_BAD_ATTR(extack, nla[NFTA_CHAIN_TABLE]);
		return NFT_PTR_ERR(table);
	}
	if (nla[NFTA_CHAIN_HANDLE]) {
		attr = nla[NFTA_CHAIN_HANDLE];
		chain = nft_chain_lookup_byhandle(table, nft_get_be64(attr),
						  genmask);
	} else {
		attr = nla[NFTA_CHAIN_NAME];
		chain = nft_chain_lookup(table, attr, genmask);
	}
	if (NFT_IS_ERR(chain)) {
		if (NFT_PTR_ERR(chain) == -ENOENT && destroy)
			return 0;
		UNL_SET_BAD_ATTR(extack, attr);
		return NFT_PTR_ERR(chain);
	}
	if (chain->flags & NFT_CHAIN_BINDING)
		return -EOPNOTSUPP;
	if (nla[NFTA_CHAIN_HOOK])
		return -EOPNOTSUPP; /* only netdev hooks are deleted so */
	if ((info->nlh->nlmsg_flags & NLM_F_NONREC) && chain->use > 0)
		return -EBUSY;
	nft_ctx_init(&ctx, nft, skb, info, family, table, chain, nla);
	use = chain->use;
	nft_list_for_each(p, &chain->rules) {
		struct nft_rule *r = nft_container_of(p, struct nft_rule, list);

		if (!nft_is_active_next(nft, r))
			continue;
		use--;
		err = nft_rule_del(&ctx, r);
		if (err < 0)
			return err;
	}
	/* Others still jump here: no recursive removal then. */
	if (use > 0) {
		UNL_SET_BAD_ATTR(extack, attr);
		return -EBUSY;
	}
	return nft_chain_del(&ctx);
}

static int nft_table_del(struct nft_ctx *ctx)
{
	return nft_tobj_trans_del(ctx, &nft_table_ops, &ctx->table->tobj) ?
		       0 : -ENOMEM;
}

/* nft_flush_table(): the rules, then the chains, then the table. */
static int nft_flush_table(struct nft_ctx *ctx)
{
	struct nft_list *p;
	int err;

	nft_list_for_each(p, &ctx->table->chains) {
		struct nft_chain *c = nft_container_of(p, struct nft_chain, list);

		/* a binding chain goes with the rule that holds it */
		if (!nft_is_active_next(ctx->nft, c) || nft_chain_binding(c))
			continue;
		ctx->chain = c;
		err = nft_delrule_by_chain(ctx);
		if (err < 0)
			return err;
	}
	err = nft_flush_table_sets(ctx);
	if (!err)
		err = nft_flush_table_flowtables(ctx);
	if (!err)
		err = nft_flush_table_objs(ctx);
	if (err < 0)
		return err;
	nft_list_for_each(p, &ctx->table->chains) {
		struct nft_chain *c = nft_container_of(p, struct nft_chain, list);

		if (!nft_is_active_next(ctx->nft, c) || nft_chain_binding(c))
			continue;
		ctx->chain = c;
		err = nft_chain_del(ctx);
		if (err < 0)
			return err;
	}
	ctx->chain = NULL;
	return nft_table_del(ctx);
}

/* nft_flush(): every table of a family (all families for AF_UNSPEC). */
static int nft_flush(struct nft_ctx *ctx, int family)
{
	const struct nlattr *const *nla = ctx->nla;
	struct nft_list *p, *n;
	int err = 0;

	nft_list_for_each_safe(p, n, &ctx->nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (family != NFPROTO_UNSPEC && t->family != family)
			continue;
		ctx->family = t->family;
		if (!nft_is_active_next(ctx->nft, t))
			continue;
		if ((t->flags & NFT_TABLE_F_OWNER) && t->nlpid != ctx->portid)
			continue;
		if (nla[NFTA_TABLE_NAME] &&
		    !nft_nla_streq(nla[NFTA_TABLE_NAME], t->name))
			continue;
		ctx->table = t;
		err = nft_flush_table(ctx);
		if (err < 0)
			break;
	}
	return err;
}

static int nf_tables_deltable(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	uint8_t genmask = nft_genmask_next(nft);
	uint8_t family = info->nfmsg->nfgen_family;
	bool destroy = NFNL_MSG_TYPE(info->nlh->nlmsg_type) ==
		       NFT_MSG_DESTROYTABLE_;
	const struct nlattr *attr;
	struct nft_table *table;
	struct nft_ctx ctx;

	nft_ctx_init(&ctx, nft, skb, info, 0, NULL, NULL, nla);
	if (family == NFPROTO_UNSPEC ||
	    (!nla[NFTA_TABLE_NAME] && !nla[NFTA_TABLE_HANDLE]))
		return nft_flush(&ctx, family);
	if (nla[NFTA_TABLE_HANDLE]) {
		attr = nla[NFTA_TABLE_HANDLE];
		table = nft_table_lookup_byhandle(nft, attr, family, genmask,
						  unl_skb_cb(skb)->portid);
	} else {
		attr = nla[NFTA_TABLE_NAME];
		table = nft_table_lookup(nft, attr, family, genmask,
					 unl_skb_cb(skb)->portid);
	}
	if (NFT_IS_ERR(table)) {
		if (NFT_PTR_ERR(table) == -ENOENT && destroy)
			return 0;
		UNL_SET_BAD_ATTR(info->extack, attr);
		return NFT_PTR_ERR(table);
	}
	if ((info->nlh->nlmsg_flags & NLM_F_NONREC) && table->use > 0)
		return -EBUSY;
	ctx.family = family;
	ctx.table = table;
	return nft_flush_table(&ctx);
}

/* ---- generations: GETGEN and NEWGEN ---- */

/* The caller's command name, as current->comm. */
static void nft_comm(int32_t pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	buf[0] = '\0';
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int nft_fill_gen(struct unl_skb *skb, const struct nft_net *nft,
			uint32_t portid, uint32_t seq, int32_t pid)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWGEN), 0,
		NFPROTO_UNSPEC, NFNETLINK_V0, nft_base_seq(nft));
	char comm[16];

	if (!nlh)
		return -1;
	nft_comm(pid, comm, sizeof(comm));
	if (nft_put_be32(skb, NFTA_GEN_ID, nft->base_seq) ||
	    nft_put_be32(skb, NFTA_GEN_PROC_PID, (uint32_t)pid) ||
	    unl_nla_put_string(skb, NFTA_GEN_PROC_NAME, comm)) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int nf_tables_getgen(struct unl_skb *skb,
			    const struct nfnl_info *info,
			    const struct nlattr *const nla[])
{
	struct nft_net *nft = nft_net_of(info);
	struct unl_skb *skb2 = unl_nlmsg_new(256);

	(void)nla;
	if (!skb2)
		return -ENOMEM;
	if (nft_fill_gen(skb2, nft, unl_skb_cb(skb)->portid,
			 info->nlh->nlmsg_seq,
			 unl_skb_cb(skb)->creds.pid) < 0) {
		unl_skb_free(skb2);
		return -EMSGSIZE;
	}
	return nft_reply(info, skb2, skb);
}

/* nf_tables_gen_notify(): in reply to the batch's first message after
 * BATCH_BEGIN (nlmsg_hdr() of the batch as nfnetlink passes it). */
static void nft_gen_notify(struct nft_net *nft, struct unl_skb *batch,
			   const struct nlmsghdr *first)
{
	bool report = first->nlmsg_flags & NLM_F_ECHO;
	uint32_t portid = unl_skb_cb(batch)->portid;
	struct unl_skb *skb;

	if (!report && !nfnl_has_listeners(nft->nn, NFNLGRP_NFTABLES))
		return;
	skb = unl_nlmsg_new(256);
	if (!skb || nft_fill_gen(skb, nft, portid, first->nlmsg_seq,
				 unl_skb_cb(batch)->creds.pid) < 0) {
		unl_skb_free(skb);
		nfnl_set_err(nft->nn, portid, NFNLGRP_NFTABLES, -ENOBUFS);
		return;
	}
	nfnl_send(nft->nn, skb, portid, NFNLGRP_NFTABLES, report);
}

/* ---- commit and abort ---- */

/* How many objects make a batch large (see nft_commit()): its
 * transactions, each element of one counted. */
#define NFT_TRIM_BATCH 1024

static void nft_commit_one(struct nft_net *nft, struct nft_trans *t,
			   const struct nft_ctx *ctx)
{
	struct nft_ctx tctx;

	if (nft_tobj_trans_commit(nft, t) || nft_set_trans_commit(nft, t))
		return;
	switch (t->msg_type) {
	case NFT_MSG_NEWRULE:
		nft_clear(nft, t->rule);
		nft_rule_notify(nft, t, NFT_MSG_NEWRULE);
		break;
	case NFT_MSG_DELRULE:
		nft_rule_notify(nft, t, NFT_MSG_DELRULE);
		/* what the rule bound goes now, told after it */
		tctx = *ctx;
		tctx.table = t->table;
		tctx.chain = t->chain;
		tctx.family = t->family;
		tctx.portid = t->portid;
		tctx.seq = t->seq;
		tctx.report = t->report;
		nft_rule_expr_deactivate(&tctx, t->rule, NFT_TRANS_COMMIT);
		break;
	}
}

/* What a committed deletion leaves: the object itself goes now. */
static void nft_commit_release(struct nft_net *nft, struct nft_trans *t,
			       const struct nft_ctx *ctx)
{
	if (nft_tobj_trans_release(nft, t) || nft_set_trans_release(nft, t))
		return;
	switch (t->msg_type) {
	case NFT_MSG_DELRULE:
		nft_list_del(&t->rule->list);
		nft_rule_free(ctx, t->rule);
		break;
	}
}

/* A binding chain or an anonymous set made in the batch that no rule of
 * it binds is refused as a whole (Linux's "nftables ruleset with unbound
 * chain", "...set"). */
static bool nft_bindings_bound(const struct nft_net *nft)
{
	const struct nft_list *p;

	nft_list_for_each(p, &nft->commit_list) {
		const struct nft_trans *t =
			nft_container_of(p, struct nft_trans, list);

		if (t->msg_type == NFT_MSG_NEWCHAIN && !t->update &&
		    nft_chain_binding(t->chain) && !t->bound)
			return false;
		if (nft_set_trans_unbound(t))
			return false;
	}
	return true;
}

static int nft_commit(struct nfnl_net *nn, void *priv, struct unl_skb *skb,
		      const struct nlmsghdr *first)
{
	struct nft_net *nft = priv;
	struct nft_list *p, *n;
	struct nft_ctx ctx = { .nft = nft };
	size_t ntrans = 0;

	(void)nn;
	if (nft_list_empty(&nft->commit_list)) {
		/* what the batch undid itself may have used some */
		nft_trans_mem_release(nft);
		return 0;
	}
	if (!nft_bindings_bound(nft))
		return -EINVAL;
	/* An invalid ruleset is rolled back and the batch replayed, each
	 * rule validated as it comes, for the error to name its message. */
	if (nft_validate(nft) < 0)
		return -EAGAIN;
	/* The new generation's id is in every event of the commit. */
	while (++nft->base_seq == 0)
		;
	nft_hooks_commit_stamp(nft);
	nft->gencursor ^= 1;
	nft_list_for_each(p, &nft->commit_list)
		nft_commit_one(nft, nft_container_of(p, struct nft_trans, list),
			       &ctx);
	nft_hooks_commit_core(nft);
	nft_commit_notify(nft, unl_skb_cb(skb)->portid);
	nft_gen_notify(nft, skb, first);
	/* Deleted objects go last, children before their parents: the
	 * transactions of a flush list rules, then chains, then tables. */
	nft_list_for_each_safe(p, n, &nft->commit_list) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		nft_commit_release(nft, t, &ctx);
		ntrans += t->nelems ? t->nelems : 1;
		nft_trans_destroy(t);
	}
	nft_trans_mem_release(nft);
	/* A large batch leaves its messages' memory, and what grew as it
	 * went (the element arrays of its transactions, a set's index),
	 * free inside the heap: give it back, as the kernel's slabs would
	 * shrink. */
	if (ntrans >= NFT_TRIM_BATCH)
		malloc_trim(0);
	return 0;
}

static void nft_abort_one(struct nft_net *nft, struct nft_trans *t,
			  const struct nft_ctx *ctx)
{
	if (nft_tobj_trans_abort(nft, t) || nft_set_trans_abort(nft, t))
		return;
	switch (t->msg_type) {
	case NFT_MSG_NEWRULE:
		/* a rule of a binding chain went with the chain, freed by
		 * the abort of the rule that bound it (newer, undone
		 * first) */
		if (t->bound)
			break;
		t->chain->use--;
		nft_list_del(&t->rule->list);
		nft_rule_expr_deactivate(ctx, t->rule, NFT_TRANS_ABORT);
		nft_rule_free(ctx, t->rule);
		break;
	case NFT_MSG_DELRULE:
		t->chain->use++;
		nft_clear(nft, t->rule);
		nft_rule_expr_activate(ctx, t->rule);
		break;
	}
}

static int nft_abort(struct nfnl_net *nn, void *priv, struct unl_skb *skb,
		     enum nfnl_abort_action action)
{
	struct nft_net *nft = priv;
	struct nft_ctx ctx = { .nft = nft };
	struct nft_list *p;
	int ret = 0;

	(void)nn;
	(void)skb;
	/* A batch without BATCH_END (nft --check) is still validated, by
	 * a replay when it is invalid. */
	if (action == NFNL_ABORT_VALIDATE && nft_validate(nft) < 0)
		ret = -EAGAIN;
	/* newest first, so that each undo finds the state it left */
	for (p = nft->commit_list.prev; p != &nft->commit_list;) {
		struct nft_trans *t = nft_container_of(p, struct nft_trans, list);

		p = p->prev;
		nft_abort_one(nft, t, &ctx);
		nft_trans_destroy(t);
	}
	nft_trans_mem_release(nft);
	if (action == NFNL_ABORT_NONE)
		nft->validate_state = NFT_VALIDATE_SKIP;
	return ret;
}

static bool nft_valid_genid(void *priv, uint32_t genid)
{
	const struct nft_net *nft = priv;

	return nft->base_seq == genid;
}

/* ---- per net ---- */

static void nft_table_destroy(struct nft_net *nft, struct nft_table *table);

/* nft_rcv_nl_event(): when the socket that owns tables closes, they go
 * with it, without events; a persistent one only loses its owner. */
static void nft_release(struct unl_net *net, int protocol, uint32_t portid,
			void *user)
{
	struct nft_net *nft = user;
	struct nft_list *p, *n;

	(void)net;
	if (protocol != NETLINK_NETFILTER || !portid)
		return;
	nft_list_for_each_safe(p, n, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (!(t->flags & NFT_TABLE_F_OWNER) || t->nlpid != portid)
			continue;
		if (t->flags & NFT_TABLE_F_PERSIST_) {
			t->flags &= ~(uint32_t)NFT_TABLE_F_OWNER;
			continue;
		}
		nft_table_destroy(nft, t);
	}
}

bool nft_hook_dev_is(const struct nft_hook_dev *d, const char *name)
{
	return strncmp(d->name, name, NFT_IFNAMSIZ) == 0;
}

/* The hook of the device name leaves devs, if one names it. */
void nft_hook_devs_drop(struct nft_hook_dev *devs, uint32_t *ndevs,
			const char *name)
{
	for (uint32_t i = 0; i < *ndevs; i++) {
		if (!nft_hook_dev_is(&devs[i], name))
			continue;
		memmove(&devs[i], &devs[i + 1],
			(*ndevs - i - 1) * sizeof(*devs));
		(*ndevs)--;
		return;
	}
}

/* The hook of the device called old_name, renamed new_name: before
 * Linux 6.16 a hook holds its device, and lists its name as it is. */
void nft_hook_devs_rename(struct nft_hook_dev *devs, uint32_t ndevs,
			  const char *old_name, const char *new_name)
{
	for (uint32_t i = 0; i < ndevs; i++) {
		if (!nft_hook_dev_is(&devs[i], old_name))
			continue;
		memset(devs[i].name, 0, sizeof(devs[i].name));
		strncpy(devs[i].name, new_name, NFT_IFNAMSIZ - 1);
		devs[i].len = (uint16_t)(strlen(devs[i].name) + 1);
		return;
	}
}

/*
 * nf_tables_netdev_event() and nf_tables_flowtable_event(): before Linux
 * 6.16 a hook held its device and went when the device did (gone, or
 * moved to another net), from every chain and flowtable of the net,
 * dormant or not; a chain or flowtable that loses its last one stays,
 * with none (recorded from Linux 6.12: nft-diff netdev-device-gone).  A
 * device renamed keeps its hooks, which show its new name (nft-diff
 * netdev-device-renamed).  From 6.16 hooks are names that wait for a
 * device to come: nothing changes.
 */
static void nft_netdev_event(struct unl_net *net, enum unl_netdev_event ev,
			     int ifindex, const char *name, void *user)
{
	struct nft_net *nft = user;
	const char *new_name = NULL;
	struct nft_list *p, *q;

	if (nft_kernel_at_least(nft, 6, 16))
		return;
	if (ev == UNL_NETDEV_CHANGENAME) {
		new_name = unl_dev_name(net, ifindex);
		if (!new_name)
			return;
	}
	nft_list_for_each(p, &nft->tables) {
		struct nft_table *t = nft_container_of(p, struct nft_table, list);

		if (t->family != NFPROTO_NETDEV && t->family != NFPROTO_INET)
			continue;
		nft_list_for_each(q, &t->chains) {
			struct nft_chain *c =
				nft_container_of(q, struct nft_chain, list);

			if (!(c->flags & NFT_CHAIN_BASE))
				continue;
			if (new_name)
				nft_hook_devs_rename(c->devs, c->ndevs, name,
						     new_name);
			else
				nft_hook_devs_drop(c->devs, &c->ndevs, name);
		}
	}
	if (new_name)
		nft_flowtables_dev_renamed(nft, name, new_name);
	else
		nft_flowtables_dev_gone(nft, name);
}

static int nft_net_init(struct nfnl_net *nn, void **priv)
{
	struct nft_net *nft = calloc(1, sizeof(*nft));

	if (!nft)
		return -ENOMEM;
	nft->nn = nn;
	nft->net = nfnl_net_net(nn);
	nft->profile = unl_net_profile(nft->net);
	nft_list_init(&nft->tables);
	nft_list_init(&nft->commit_list);
	nft->base_seq = 1;
	nft->release_id = unl_release_notifier_add(nft->net, nft_release, nft);
	if (nft->release_id < 0) {
		int err = nft->release_id;

		free(nft);
		return err;
	}
	nft->netdev_id = unl_netdev_notifier_add(nft->net, nft_netdev_event,
						 nft);
	if (nft->netdev_id < 0) {
		int err = nft->netdev_id;

		unl_release_notifier_remove(nft->net, nft->release_id);
		free(nft);
		return err;
	}
	*priv = nft;
	return 0;
}

/* A table and everything in it, gone at once (__nft_release_table):
 * the rules first, as their verdicts hold chains. */
static void nft_table_destroy(struct nft_net *nft, struct nft_table *table)
{
	struct nft_ctx ctx = { .nft = nft, .table = table };
	struct nft_list *q, *m, *r, *s, bindings;

	/* Binding chains go with the rules that hold them: out of the
	 * table and unbound first, so that freeing such a rule frees its
	 * chain; what no rule held is freed after. */
	nft_list_init(&bindings);
	nft_list_for_each_safe(q, m, &table->chains) {
		struct nft_chain *c = nft_container_of(q, struct nft_chain, list);

		if (!nft_chain_binding(c))
			continue;
		nft_list_del(&c->list);
		nft_list_add_tail(&c->list, &bindings);
		c->bound = false;
	}
	nft_list_for_each(q, &table->chains) {
		struct nft_chain *c = nft_container_of(q, struct nft_chain, list);

		nft_list_for_each_safe(r, s, &c->rules) {
			struct nft_rule *rule =
				nft_container_of(r, struct nft_rule, list);

			nft_list_del(&rule->list);
			nft_rule_free(&ctx, rule);
		}
	}
	nft_list_for_each_safe(q, m, &bindings) {
		struct nft_chain *c = nft_container_of(q, struct nft_chain, list);

		nft_list_for_each_safe(r, s, &c->rules) {
			nft_list_del(r);
			nft_rule_free(&ctx, nft_container_of(r, struct nft_rule,
							     list));
		}
		nft_list_del(&c->list);
		nft_chain_free(c);
	}
	nft_table_sets_destroy(table);
	nft_table_flowtables_destroy(table);
	nft_table_objs_destroy(table);
	nft_list_for_each_safe(q, m, &table->chains) {
		struct nft_chain *c = nft_container_of(q, struct nft_chain, list);

		nft_list_del(&c->list);
		nft_chain_free(c);
	}
	nft_list_del(&table->list);
	nft_table_free(table);
}

static void nft_net_exit(void *priv)
{
	struct nft_net *nft = priv;
	struct nft_list *p, *n;

	unl_release_notifier_remove(nft->net, nft->release_id);
	unl_netdev_notifier_remove(nft->net, nft->netdev_id);
	nft_abort(nft->nn, nft, NULL, NFNL_ABORT_NONE);
	for (size_t i = 0; i < nft->nevents; i++)
		unl_skb_free(nft->events[i].skb);
	free(nft->events);
	nft_list_for_each_safe(p, n, &nft->tables)
		nft_table_destroy(nft, nft_container_of(p, struct nft_table,
							list));
	free(nft);
}

static bool nft_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_TABLES");
}

/* For the messages whose attributes are not looked at yet: anything
 * goes, as with an NLA_UNSPEC policy. */
static const struct unl_nla_policy nft_any_policy[32];

/* Every message type of the subsystem, in NFT_MSG_* order. */
static const struct nfnl_callback nf_tables_cb[NFT_MSG_COUNT_] = {
	[NFT_MSG_NEWTABLE] = { .call = nf_tables_newtable,
			       .type = NFNL_CB_BATCH,
			       .attr_count = NFTA_TABLE_MAX,
			       .policy = nft_table_policy },
	[NFT_MSG_GETTABLE] = { .call = nf_tables_gettable,
			       .type = NFNL_CB_RCU,
			       .attr_count = NFTA_TABLE_MAX,
			       .policy = nft_table_policy },
	[NFT_MSG_DELTABLE] = { .call = nf_tables_deltable,
			       .type = NFNL_CB_BATCH,
			       .attr_count = NFTA_TABLE_MAX,
			       .policy = nft_table_policy },
	[NFT_MSG_DESTROYTABLE_] = { .call = nf_tables_deltable,
				   .type = NFNL_CB_BATCH,
				   .attr_count = NFTA_TABLE_MAX,
				   .policy = nft_table_policy },
	[NFT_MSG_NEWCHAIN] = { .call = nf_tables_newchain,
			       .type = NFNL_CB_BATCH,
			       .attr_count = NFTA_CHAIN_MAX,
			       .policy = nft_chain_policy },
	[NFT_MSG_GETCHAIN] = { .call = nf_tables_getchain,
			       .type = NFNL_CB_RCU,
			       .attr_count = NFTA_CHAIN_MAX,
			       .policy = nft_chain_policy },
	[NFT_MSG_DELCHAIN] = { .call = nf_tables_delchain,
			       .type = NFNL_CB_BATCH,
			       .attr_count = NFTA_CHAIN_MAX,
			       .policy = nft_chain_policy },
	[NFT_MSG_DESTROYCHAIN_] = { .call = nf_tables_delchain,
				   .type = NFNL_CB_BATCH,
				   .attr_count = NFTA_CHAIN_MAX,
				   .policy = nft_chain_policy },
	[NFT_MSG_NEWRULE] = { .call = nf_tables_newrule,
			      .type = NFNL_CB_BATCH,
			      .attr_count = NFTA_RULE_MAX,
			      .policy = nft_rule_policy },
	[NFT_MSG_GETRULE] = { .call = nf_tables_getrule,
			      .type = NFNL_CB_RCU,
			      .attr_count = NFTA_RULE_MAX,
			      .policy = nft_rule_policy },
	[NFT_MSG_DELRULE] = { .call = nf_tables_delrule,
			      .type = NFNL_CB_BATCH,
			      .attr_count = NFTA_RULE_MAX,
			      .policy = nft_rule_policy },
	[NFT_MSG_DESTROYRULE_] = { .call = nf_tables_delrule,
				  .type = NFNL_CB_BATCH,
				  .attr_count = NFTA_RULE_MAX,
				  .policy = nft_rule_policy },
	[NFT_MSG_NEWSET] = { .call = nf_tables_newset,
			     .type = NFNL_CB_BATCH,
			     .attr_count = NFTA_SET_MAX,
			     .policy = nft_set_policy },
	[NFT_MSG_GETSET] = { .call = nf_tables_getset,
			     .type = NFNL_CB_RCU,
			     .attr_count = NFTA_SET_MAX,
			     .policy = nft_set_policy },
	[NFT_MSG_DELSET] = { .call = nf_tables_delset,
			     .type = NFNL_CB_BATCH,
			     .attr_count = NFTA_SET_MAX,
			     .policy = nft_set_policy },
	[NFT_MSG_DESTROYSET_] = { .call = nf_tables_delset,
				  .type = NFNL_CB_BATCH,
				  .attr_count = NFTA_SET_MAX,
				  .policy = nft_set_policy },
	[NFT_MSG_NEWSETELEM] = { .call = nf_tables_newsetelem,
				 .type = NFNL_CB_BATCH,
				 .attr_count = NFTA_SET_ELEM_LIST_MAX,
				 .policy = nft_set_elem_list_policy },
	[NFT_MSG_GETSETELEM] = { .call = nf_tables_getsetelem,
				 .type = NFNL_CB_RCU,
				 .attr_count = NFTA_SET_ELEM_LIST_MAX,
				 .policy = nft_set_elem_list_policy },
	[NFT_MSG_DELSETELEM] = { .call = nf_tables_delsetelem,
				 .type = NFNL_CB_BATCH,
				 .attr_count = NFTA_SET_ELEM_LIST_MAX,
				 .policy = nft_set_elem_list_policy },
	[NFT_MSG_DESTROYSETELEM_] = { .call = nf_tables_delsetelem,
				      .type = NFNL_CB_BATCH,
				      .attr_count = NFTA_SET_ELEM_LIST_MAX,
				      .policy = nft_set_elem_list_policy },
	[NFT_MSG_GETGEN] = { .call = nf_tables_getgen,
			     .type = NFNL_CB_RCU,
			     .policy = nft_any_policy },
	[NFT_MSG_NEWOBJ] = { .call = nf_tables_newobj,
			     .type = NFNL_CB_BATCH,
			     .attr_count = NFTA_OBJ_MAX,
			     .policy = nft_obj_policy },
	[NFT_MSG_GETOBJ] = { .call = nf_tables_getobj,
			     .type = NFNL_CB_RCU,
			     .attr_count = NFTA_OBJ_MAX,
			     .policy = nft_obj_policy },
	[NFT_MSG_DELOBJ] = { .call = nf_tables_delobj,
			     .type = NFNL_CB_BATCH,
			     .attr_count = NFTA_OBJ_MAX,
			     .policy = nft_obj_policy },
	[NFT_MSG_DESTROYOBJ_] = { .call = nf_tables_delobj,
				  .type = NFNL_CB_BATCH,
				  .attr_count = NFTA_OBJ_MAX,
				  .policy = nft_obj_policy },
	[NFT_MSG_NEWFLOWTABLE] = { .call = nf_tables_newflowtable,
				   .type = NFNL_CB_BATCH,
				   .attr_count = NFTA_FLOWTABLE_MAX,
				   .policy = nft_flowtable_policy },
	[NFT_MSG_GETFLOWTABLE] = { .call = nf_tables_getflowtable,
				   .type = NFNL_CB_RCU,
				   .attr_count = NFTA_FLOWTABLE_MAX,
				   .policy = nft_flowtable_policy },
	[NFT_MSG_DELFLOWTABLE] = { .call = nf_tables_delflowtable,
				   .type = NFNL_CB_BATCH,
				   .attr_count = NFTA_FLOWTABLE_MAX,
				   .policy = nft_flowtable_policy },
	[NFT_MSG_DESTROYFLOWTABLE_] = { .call = nf_tables_delflowtable,
					.type = NFNL_CB_BATCH,
					.attr_count = NFTA_FLOWTABLE_MAX,
					.policy = nft_flowtable_policy },
};

const struct nfnl_subsystem nft_subsys = {
	.name = "nf_tables",
	.subsys_id = NFNL_SUBSYS_NFTABLES,
	.cb_count = NFT_MSG_COUNT_,
	.cb = nf_tables_cb,
	.commit = nft_commit,
	.abort = nft_abort,
	.valid_genid = nft_valid_genid,
	.offered = nft_offered,
	.net_init = nft_net_init,
	.net_exit = nft_net_exit,
};
