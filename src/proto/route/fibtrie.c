// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/net/fib_trie and fib_triestat: the IPv4 FIB as net/ipv4/fib_trie.c
 * prints it, inner nodes included.
 *
 * The model keeps its routes in a list, not in Linux's level-compressed
 * trie, so the trie is grown here for each read by replaying its
 * history: a prefix's leaf is inserted when its first route came
 * (route.born) and removed when its last went (the routes gone are in
 * rn->fib4_gone), each followed by the rebalancing Linux does
 * (fib_insert_node() or fib_remove_alias(), then resize() up to the
 * root: inflate, halve, collapse with the same thresholds).  The shape
 * is then Linux's for the same history (docs/conformance.md).
 *
 * While no rule was added, local and main are one trie (fib_new_table()
 * makes local an alias of main) and both print it whole.  From
 * fib_unmerge() on, local's trie is the one fib_trie_unmerge() built: the
 * local routes of that moment in key order, then those that came later.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/route-private.h"

#define FT_KEYLEN 32u

/* A node of the trie (struct key_vector with its struct tnode): a leaf
 * when bits is 0, else 1 << bits children.  The trie's own root is the
 * node with pos FT_KEYLEN and one child. */
struct ft_node {
	uint32_t key;
	uint8_t pos, bits;
	uint32_t empty, full;
	struct ft_node *parent;
	struct ft_node **child;
	struct ft_node *all_next; /* every node made, to free them */
	/* a leaf: its routes, entries of the sorted array */
	size_t first, count;
};

struct ft_trie {
	struct ft_node root;
	struct ft_node *all;
	struct ft_node *root_child[1];
	int err;
};

static bool is_trie(const struct ft_node *n)
{
	return n->pos >= FT_KEYLEN;
}

static unsigned long child_length(const struct ft_node *n)
{
	return (1ul << n->bits) & ~1ul;
}

static unsigned long get_index(uint32_t key, const struct ft_node *n)
{
	return (unsigned long)((uint64_t)(key ^ n->key) >> n->pos);
}

static struct ft_node *child_at(const struct ft_node *n, unsigned long i)
{
	return n->child[i];
}

static struct ft_node *node_alloc(struct ft_trie *t, unsigned int bits)
{
	struct ft_node *n = calloc(1, sizeof(*n));

	if (!n || !(n->child = calloc(bits ? 1ul << bits : 1,
				      sizeof(*n->child)))) {
		free(n);
		t->err = -ENOMEM;
		return NULL;
	}
	n->all_next = t->all;
	t->all = n;
	return n;
}

static struct ft_node *leaf_new(struct ft_trie *t, uint32_t key)
{
	struct ft_node *l = node_alloc(t, 0);

	if (l)
		l->key = key;
	return l;
}

/* tnode_new(): every child empty; the key keeps the bits above pos +
 * bits only. */
static struct ft_node *tnode_new(struct ft_trie *t, uint32_t key,
				 unsigned int pos, unsigned int bits)
{
	unsigned int shift = pos + bits;
	struct ft_node *n = node_alloc(t, bits);

	if (!n)
		return NULL;
	n->key = shift < FT_KEYLEN ? (key >> shift) << shift : 0;
	n->pos = (uint8_t)pos;
	n->bits = (uint8_t)bits;
	n->empty = 1u << bits;
	return n;
}

/* An inner node with no skipped bits below tn (tnode_full()). */
static bool tnode_full(const struct ft_node *tn, const struct ft_node *n)
{
	return n && n->bits && n->pos + n->bits == tn->pos;
}

/* put_child(): the counts of empty and full children follow. */
static void put_child(struct ft_node *tn, unsigned long i, struct ft_node *n)
{
	struct ft_node *old = tn->child[i];

	if (!n && old)
		tn->empty++;
	if (n && !old)
		tn->empty--;
	if (tnode_full(tn, old) && !tnode_full(tn, n))
		tn->full--;
	else if (!tnode_full(tn, old) && tnode_full(tn, n))
		tn->full++;
	tn->child[i] = n;
}

static void put_child_root(struct ft_node *tp, uint32_t key,
			   struct ft_node *n)
{
	if (is_trie(tp))
		tp->child[0] = n;
	else
		put_child(tp, get_index(key, tp), n);
}

/* update_children(): the new nodes below tn already point at it; the
 * others learn their new parent. */
static void update_children(struct ft_node *tn)
{
	for (unsigned long i = child_length(tn); i;) {
		struct ft_node *n = child_at(tn, --i);

		if (!n)
			continue;
		if (n->parent == tn)
			update_children(n);
		else
			n->parent = tn;
	}
}

static struct ft_node *resize(struct ft_trie *t, struct ft_node *tn);

/* replace(): tn takes oldtnode's place, then its full children are
 * resized in turn. */
static struct ft_node *replace(struct ft_trie *t, struct ft_node *old,
			       struct ft_node *tn)
{
	struct ft_node *tp = old->parent;

	tn->parent = tp;
	put_child_root(tp, tn->key, tn);
	update_children(tn);
	for (unsigned long i = child_length(tn); i;) {
		struct ft_node *n = child_at(tn, --i);

		if (tnode_full(tn, n) && !(tn = resize(t, n)))
			return NULL; /* out of memory: t->err says so */
	}
	return tp;
}

/* inflate(): one bit more; a full child's children move up, split
 * between two nodes of one bit less when it had more than two. */
static struct ft_node *inflate(struct ft_trie *t, struct ft_node *old)
{
	struct ft_node *tn = tnode_new(t, old->key, old->pos - 1u,
				       old->bits + 1u);
	uint32_t m;

	if (!tn)
		return NULL;
	m = 1u << tn->pos;
	for (unsigned long i = child_length(old); i;) {
		struct ft_node *n = child_at(old, --i), *n0, *n1;
		unsigned long j, k;

		if (!n)
			continue;
		if (!tnode_full(old, n)) {
			put_child(tn, get_index(n->key, tn), n);
			continue;
		}
		if (n->bits == 1) {
			put_child(tn, 2 * i + 1, child_at(n, 1));
			put_child(tn, 2 * i, child_at(n, 0));
			continue;
		}
		n1 = tnode_new(t, n->key | m, n->pos, n->bits - 1u);
		n0 = tnode_new(t, n->key, n->pos, n->bits - 1u);
		if (!n0 || !n1)
			return NULL;
		for (k = child_length(n), j = k / 2; j;) {
			--j;
			--k;
			put_child(n1, j, child_at(n, k));
			put_child(n0, j, child_at(n, j));
			--j;
			--k;
			put_child(n1, j, child_at(n, k));
			put_child(n0, j, child_at(n, j));
		}
		n1->parent = tn;
		n0->parent = tn;
		put_child(tn, 2 * i + 1, n1);
		put_child(tn, 2 * i, n0);
	}
	return replace(t, old, tn);
}

/* halve(): one bit less; two children that now share a slot go under a
 * new node of one bit. */
static struct ft_node *halve(struct ft_trie *t, struct ft_node *old)
{
	struct ft_node *tn = tnode_new(t, old->key, old->pos + 1u,
				       old->bits - 1u);

	if (!tn)
		return NULL;
	for (unsigned long i = child_length(old); i;) {
		struct ft_node *n1 = child_at(old, --i);
		struct ft_node *n0 = child_at(old, --i);
		struct ft_node *in;

		if (!n1 || !n0) {
			put_child(tn, i / 2, n1 ? n1 : n0);
			continue;
		}
		in = tnode_new(t, n0->key, old->pos, 1);
		if (!in)
			return NULL;
		put_child(in, 1, n1);
		put_child(in, 0, n0);
		in->parent = tn;
		put_child(tn, i / 2, in);
	}
	return replace(t, old, tn);
}

/* collapse(): a node with one child (or none) gives way to it. */
static struct ft_node *collapse(struct ft_node *old)
{
	struct ft_node *n = NULL, *tp = old->parent;

	for (unsigned long i = child_length(old); !n && i;)
		n = child_at(old, --i);
	put_child_root(tp, old->key, n);
	if (n)
		n->parent = tp;
	return tp;
}

/* should_inflate(): the doubled node would be at least half full (30 %
 * at the root); full children count twice. */
static bool should_inflate(const struct ft_node *tp, const struct ft_node *tn)
{
	unsigned long used = child_length(tn);
	unsigned long threshold = used * (is_trie(tp) ? 30 : 50);

	used -= tn->empty;
	used += tn->full;
	return used > 1 && tn->pos && 50 * used >= threshold;
}

/* should_halve(): under a quarter used (15 % at the root). */
static bool should_halve(const struct ft_node *tp, const struct ft_node *tn)
{
	unsigned long used = child_length(tn);
	unsigned long threshold = used * (is_trie(tp) ? 15 : 25);

	used -= tn->empty;
	return used > 1 && tn->bits > 1 && 100 * used < threshold;
}

static bool should_collapse(const struct ft_node *tn)
{
	return child_length(tn) - tn->empty < 2;
}

/* resize(): inflate while it pays (ten times at most), else halve, then
 * drop a node left with one child.  Returns the parent to go on with. */
static struct ft_node *resize(struct ft_trie *t, struct ft_node *tn)
{
	struct ft_node *tp = tn->parent;
	unsigned long cindex = get_index(tn->key, tp);
	int max_work = 10;

	while (should_inflate(tp, tn) && max_work) {
		tp = inflate(t, tn);
		if (!tp)
			return NULL;
		max_work--;
		tn = child_at(tp, cindex);
	}
	tp = tn->parent;
	if (max_work != 10)
		return tp;
	while (should_halve(tp, tn) && max_work) {
		tp = halve(t, tn);
		if (!tp)
			return NULL;
		max_work--;
		tn = child_at(tp, cindex);
	}
	if (should_collapse(tn))
		return collapse(tn);
	return tn->parent;
}

static int fls32(uint32_t x)
{
	return 31 - __builtin_clz(x);
}

/* fib_find_node()'s walk to where key goes: tp is its parent-to-be. */
static struct ft_node *find_parent(struct ft_trie *t, uint32_t key)
{
	struct ft_node *pn, *n = &t->root;
	unsigned long index = 0;

	do {
		pn = n;
		n = child_at(n, index);
		if (!n)
			break;
		index = get_index(key, n);
		if (index >= (1ul << n->bits))
			break;
	} while (n->bits);
	return pn;
}

/* fib_insert_node() and trie_rebalance(). */
static int insert_leaf(struct ft_trie *t, struct ft_node *l)
{
	struct ft_node *tp = find_parent(t, l->key);
	struct ft_node *n = child_at(tp, get_index(l->key, tp));

	if (n) {
		struct ft_node *tn = tnode_new(t, l->key,
					       (unsigned int)fls32(l->key ^
								   n->key),
					       1);

		if (!tn)
			return -ENOMEM;
		tn->parent = tp;
		put_child(tn, get_index(l->key, tn) ^ 1, n);
		put_child_root(tp, l->key, tn);
		n->parent = tn;
		tp = tn;
	}
	l->parent = tp;
	put_child_root(tp, l->key, l);
	while (tp && !is_trie(tp))
		tp = resize(t, tp);
	return tp ? 0 : t->err;
}

static void trie_init(struct ft_trie *t)
{
	memset(t, 0, sizeof(*t));
	t->root.pos = FT_KEYLEN;
	t->root.child = t->root_child;
}

static void trie_free(struct ft_trie *t)
{
	while (t->all) {
		struct ft_node *n = t->all;

		t->all = n->all_next;
		free(n->child);
		free(n);
	}
}

/* ---- the routes of one trie ---- */

/* A route in the trie, with what orders it. */
struct ft_entry {
	const struct rtnl_route *rt;
	uint32_t key;
	uint32_t table;
	size_t list_pos;
};

static uint32_t route_key(const struct rtnl_route *rt)
{
	uint32_t k;

	memcpy(&k, rt->dst, 4);
	return ntohl(k);
}

/* The trie a table's routes live in: main's while local is its alias. */
static uint32_t trie_owner(const struct rtnl_net *rn, uint32_t table)
{
	table = rtnl_fib_table_alias(rn, AF_INET, table);
	if (table == RT_TABLE_LOCAL && !rn->fib4_custom_rules)
		return RT_TABLE_MAIN;
	return table;
}

/* A leaf's aliases in fib_insert_alias()'s order: longer prefixes
 * first, then higher table ids, then as the table keeps them. */
static int entry_cmp(const void *a, const void *b)
{
	const struct ft_entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->rt->dst_len != y->rt->dst_len)
		return x->rt->dst_len > y->rt->dst_len ? -1 : 1;
	if (x->table != y->table)
		return x->table > y->table ? -1 : 1;
	return x->list_pos < y->list_pos ? -1 : x->list_pos > y->list_pos;
}

struct ft_table {
	struct ft_trie trie;
	struct ft_entry *e;
	size_t n;
};

/* ---- the trie's history ---- */

/* When a route was in a trie, as a half-open span of event times:
 * made at 2 * born, gone at 2 * death + 1 (after the route made just
 * before it went). */
#define FT_NEVER UINT64_MAX

struct ft_span {
	uint32_t key;
	uint64_t s, e;
};

struct ft_spans {
	struct ft_span *v;
	size_t n, cap;
};

static int span_add(struct ft_spans *sp, uint32_t key, uint64_t s, uint64_t e)
{
	if (s >= e)
		return 0;
	if (sp->n == sp->cap) {
		size_t c = sp->cap ? 2 * sp->cap : 64;
		struct ft_span *v = realloc(sp->v, c * sizeof(*v));

		if (!v)
			return -ENOMEM;
		sp->v = v;
		sp->cap = c;
	}
	sp->v[sp->n++] = (struct ft_span){ .key = key, .s = s, .e = e };
	return 0;
}

/* The part of a route's life [s, e) in table spent in owner's trie:
 * local's routes were in main's until a rule parted them (fib_unmerge()
 * at tu), in local's own from then on. */
static int route_span(const struct rtnl_net *rn, uint32_t owner,
		      uint32_t table, uint32_t key, uint64_t s, uint64_t e,
		      struct ft_spans *sp)
{
	uint64_t tu = 2 * rn->fib4_unmerge_born + 1;

	if (table != RT_TABLE_LOCAL || !rn->fib4_custom_rules)
		return trie_owner(rn, table) == owner ? span_add(sp, key, s, e)
						      : 0;
	if (owner == RT_TABLE_MAIN)
		return span_add(sp, key, s, e < tu ? e : tu);
	if (owner == RT_TABLE_LOCAL)
		return span_add(sp, key, s > tu ? s : tu, e);
	return 0;
}

static int span_cmp(const void *a, const void *b)
{
	const struct ft_span *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* A leaf made or gone, at a time. */
struct ft_event {
	uint64_t t;
	uint32_t key;
	bool remove;
};

/* In time order.  Leaves that go at one time (a device's routes
 * flushed) go as fib_table_flush() walks: the highest key first; those
 * that come at one time (local's at fib_unmerge()) in key order. */
static int event_cmp(const void *a, const void *b)
{
	const struct ft_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->remove != y->remove)
		return x->remove ? -1 : 1;
	if (x->key == y->key)
		return 0;
	return (x->key < y->key) == x->remove ? 1 : -1;
}

/* fib_remove_alias() of a leaf's last alias: out of its parent, which
 * is rebalanced up to the root. */
static int remove_leaf(struct ft_trie *t, uint32_t key)
{
	struct ft_node *tp = find_parent(t, key);
	struct ft_node *n = child_at(tp, get_index(key, tp));

	if (!n || n->bits || n->key != key)
		return 0;
	put_child_root(tp, key, NULL);
	while (tp && !is_trie(tp))
		tp = resize(t, tp);
	return tp ? 0 : t->err;
}

static struct ft_node *find_leaf(struct ft_trie *t, uint32_t key)
{
	struct ft_node *tp = find_parent(t, key);
	struct ft_node *n = child_at(tp, get_index(key, tp));

	return n && !n->bits && n->key == key ? n : NULL;
}

/* The spans of owner's trie: the routes there are and those gone. */
static int trie_spans(struct rtnl_net *rn, uint32_t owner,
		      const struct ft_table *ft, struct ft_spans *sp)
{
	int err = 0;

	for (size_t i = 0; i < ft->n && !err; i++)
		err = route_span(rn, owner, ft->e[i].table, ft->e[i].key,
				 2 * ft->e[i].rt->born, FT_NEVER, sp);
	/* local's routes of before the split live in main's trie too */
	if (!err && owner == RT_TABLE_MAIN && rn->fib4_custom_rules)
		for (const struct rtnl_route *rt = rn->routes; rt && !err;
		     rt = rt->next)
			if (rt->family == AF_INET &&
			    rtnl_fib_table_alias(rn, AF_INET, rt->table) ==
				    RT_TABLE_LOCAL)
				err = route_span(rn, owner, RT_TABLE_LOCAL,
						 route_key(rt), 2 * rt->born,
						 FT_NEVER, sp);
	for (uint32_t i = 0; i < rn->fib4_gone_n && !err; i++) {
		const struct rtnl_fib4_gone *g = &rn->fib4_gone[i];

		err = route_span(rn, owner, g->table, g->key, 2 * g->born,
				 2 * g->death + 1, sp);
	}
	return err;
}

/* The leaves' comings and goings: each key's spans joined. */
static struct ft_event *trie_events(struct ft_spans *sp, size_t *n)
{
	struct ft_event *ev = malloc((2 * sp->n + 1) * sizeof(*ev));
	size_t k = 0;

	if (!ev)
		return NULL;
	qsort(sp->v, sp->n, sizeof(*sp->v), span_cmp);
	for (size_t i = 0; i < sp->n;) {
		uint32_t key = sp->v[i].key;
		uint64_t s = sp->v[i].s, e = sp->v[i].e;

		for (i++; i < sp->n && sp->v[i].key == key; i++) {
			if (sp->v[i].s <= e) {
				if (sp->v[i].e > e)
					e = sp->v[i].e;
				continue;
			}
			ev[k++] = (struct ft_event){ s, key, false };
			ev[k++] = (struct ft_event){ e, key, true };
			s = sp->v[i].s;
			e = sp->v[i].e;
		}
		ev[k++] = (struct ft_event){ s, key, false };
		if (e != FT_NEVER)
			ev[k++] = (struct ft_event){ e, key, true };
	}
	qsort(ev, k, sizeof(*ev), event_cmp);
	*n = k;
	return ev;
}

/* Grow the trie of table owner as its history went: 0, or -ENOMEM. */
static int table_build(struct rtnl_net *rn, uint32_t owner,
		       struct ft_table *ft)
{
	struct ft_spans sp = { 0 };
	struct ft_event *ev = NULL;
	size_t cap = 0, pos = 0, nev = 0;
	int err = 0;

	trie_init(&ft->trie);
	ft->e = NULL;
	ft->n = 0;
	for (const struct rtnl_route *rt = rn->routes; rt; rt = rt->next, pos++) {
		if (rt->family != AF_INET || trie_owner(rn, rt->table) != owner)
			continue;
		if (ft->n == cap) {
			size_t c = cap ? 2 * cap : 64;
			struct ft_entry *e = realloc(ft->e, c * sizeof(*e));

			if (!e)
				return -ENOMEM;
			ft->e = e;
			cap = c;
		}
		ft->e[ft->n++] = (struct ft_entry){
			.rt = rt,
			.key = route_key(rt),
			.table = rtnl_fib_table_alias(rn, AF_INET, rt->table),
			.list_pos = pos,
		};
	}
	qsort(ft->e, ft->n, sizeof(*ft->e), entry_cmp);
	err = trie_spans(rn, owner, ft, &sp);
	if (!err && !(ev = trie_events(&sp, &nev)))
		err = -ENOMEM;
	for (size_t i = 0; i < nev && !err; i++) {
		struct ft_node *l;

		if (ev[i].remove) {
			err = remove_leaf(&ft->trie, ev[i].key);
			continue;
		}
		l = leaf_new(&ft->trie, ev[i].key);
		err = l ? insert_leaf(&ft->trie, l) : -ENOMEM;
	}
	free(ev);
	free(sp.v);
	/* each leaf's aliases: the routes there are */
	for (size_t i = 0, j; i < ft->n && !err; i = j) {
		struct ft_node *l = find_leaf(&ft->trie, ft->e[i].key);

		for (j = i + 1; j < ft->n && ft->e[j].key == ft->e[i].key; j++)
			;
		if (!l && (l = leaf_new(&ft->trie, ft->e[i].key)))
			err = insert_leaf(&ft->trie, l);
		if (!l)
			err = -ENOMEM;
		if (!err) {
			l->first = i;
			l->count = j - i;
		}
	}
	return err;
}

static void table_free(struct ft_table *ft)
{
	trie_free(&ft->trie);
	free(ft->e);
}

/* ---- printing: fib_trie_get_first() and fib_trie_get_next() ---- */

struct ft_iter {
	struct ft_node *tnode;
	unsigned long index;
	unsigned int depth;
};

static struct ft_node *iter_first(struct ft_iter *it, struct ft_trie *t)
{
	struct ft_node *n = t->root.child[0];

	if (!n)
		return NULL;
	it->tnode = n->bits ? n : &t->root;
	it->index = 0;
	it->depth = n->bits ? 1 : 0;
	return n;
}

static struct ft_node *iter_next(struct ft_iter *it)
{
	unsigned long cindex = it->index;
	struct ft_node *pn = it->tnode;

	while (!is_trie(pn)) {
		while (cindex < child_length(pn)) {
			struct ft_node *n = child_at(pn, cindex++);

			if (!n)
				continue;
			if (!n->bits) {
				it->tnode = pn;
				it->index = cindex;
			} else {
				it->tnode = n;
				it->index = 0;
				it->depth++;
			}
			return n;
		}
		cindex = get_index(pn->key, pn->parent) + 1;
		pn = pn->parent;
		it->depth--;
	}
	it->tnode = pn;
	it->index = 0;
	return NULL;
}

static void indent(FILE *out, int n)
{
	while (n-- > 0)
		fputs("   ", out);
}

static const char *scope_name(uint8_t s, char *buf, size_t len)
{
	switch (s) {
	case RT_SCOPE_UNIVERSE:
		return "universe";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		snprintf(buf, len, "scope=%d", s);
		return buf;
	}
}

static const char *type_name(uint8_t t, char *buf, size_t len)
{
	static const char *const names[] = {
		"UNSPEC",    "UNICAST",	  "LOCAL",	 "BROADCAST",
		"ANYCAST",   "MULTICAST", "BLACKHOLE", "UNREACHABLE",
		"PROHIBIT",  "THROW",	  "NAT",	 "XRESOLVE",
	};

	if (t < sizeof(names) / sizeof(names[0]))
		return names[t];
	snprintf(buf, len, "type %u", t);
	return buf;
}

static void table_title(FILE *out, uint32_t id)
{
	if (id == RT_TABLE_LOCAL)
		fputs("Local:\n", out);
	else if (id == RT_TABLE_MAIN)
		fputs("Main:\n", out);
	else
		fprintf(out, "Id %d:\n", (int)id);
}

static void put_ip(FILE *out, uint32_t key)
{
	fprintf(out, "%u.%u.%u.%u", key >> 24, (key >> 16) & 0xff,
		(key >> 8) & 0xff, key & 0xff);
}

/* fib_trie_seq_show() over one table's trie. */
static void trie_show(FILE *out, uint32_t id, struct ft_table *ft)
{
	struct ft_iter it;

	for (struct ft_node *n = iter_first(&it, &ft->trie); n;
	     n = iter_next(&it)) {
		char b1[32], b2[32];

		if (is_trie(n->parent))
			table_title(out, id);
		if (n->bits) {
			indent(out, (int)it.depth - 1);
			fputs("  +-- ", out);
			put_ip(out, n->key);
			fprintf(out, "/%u %u %u %u\n",
				FT_KEYLEN - n->pos - n->bits, n->bits, n->full,
				n->empty);
			continue;
		}
		indent(out, (int)it.depth);
		fputs("  |-- ", out);
		put_ip(out, n->key);
		fputc('\n', out);
		for (size_t i = n->first; i < n->first + n->count; i++) {
			const struct rtnl_route *rt = ft->e[i].rt;

			indent(out, (int)it.depth + 1);
			fprintf(out, "  /%u %s %s", rt->dst_len,
				scope_name(rt->scope, b1, sizeof(b1)),
				type_name(rt->type, b2, sizeof(b2)));
			if (rt->tos)
				fprintf(out, " tos=%d", rt->tos);
			fputc('\n', out);
		}
	}
}

/* The sizes fib_triestat reports, x86-64's (LEAF_SIZE, TNODE_SIZE(0),
 * struct fib_alias, a child pointer). */
#define FT_LEAF_SIZE 48u
#define FT_TNODE_SIZE 40u
#define FT_ALIAS_SIZE 56u
#define FT_PTR_SIZE 8u
#define FT_MAX_STAT_DEPTH 32

/* trie_collect_stats() and trie_show_stats(). */
static void stats_show(FILE *out, struct ft_table *ft)
{
	unsigned int totdepth = 0, maxdepth = 0, tnodes = 0, leaves = 0;
	unsigned int nullptrs = 0, prefixes = 0, avdepth, pointers = 0;
	unsigned int sizes[FT_MAX_STAT_DEPTH] = { 0 }, max, bytes;
	struct ft_iter it;

	for (struct ft_node *n = iter_first(&it, &ft->trie); n;
	     n = iter_next(&it)) {
		if (!n->bits) {
			leaves++;
			totdepth += it.depth;
			if (it.depth > maxdepth)
				maxdepth = it.depth;
			prefixes += (unsigned int)n->count;
		} else {
			tnodes++;
			if (n->bits < FT_MAX_STAT_DEPTH)
				sizes[n->bits]++;
			nullptrs += n->empty;
		}
	}
	avdepth = leaves ? totdepth * 100 / leaves : 0;
	fprintf(out, "\tAver depth:     %u.%02u\n", avdepth / 100,
		avdepth % 100);
	fprintf(out, "\tMax depth:      %u\n", maxdepth);
	fprintf(out, "\tLeaves:         %u\n", leaves);
	fprintf(out, "\tPrefixes:       %u\n", prefixes);
	fprintf(out, "\tInternal nodes: %u\n\t", tnodes);
	bytes = FT_LEAF_SIZE * leaves + FT_ALIAS_SIZE * prefixes +
		FT_TNODE_SIZE * tnodes;
	for (max = FT_MAX_STAT_DEPTH; max > 0 && !sizes[max - 1]; max--)
		;
	for (unsigned int i = 1; i < max; i++)
		if (sizes[i]) {
			fprintf(out, "  %u: %u", i, sizes[i]);
			pointers += (1u << i) * sizes[i];
		}
	fputc('\n', out);
	fprintf(out, "\tPointers: %u\n", pointers);
	bytes += FT_PTR_SIZE * pointers;
	fprintf(out, "Null ptrs: %u\n", nullptrs);
	fprintf(out, "Total size: %u  kB\n", (bytes + 1023) / 1024);
}

/* Does table a come before b in the walk of fib_table_hash?  By bucket
 * (the id's low byte), and in a bucket the newest first. */
static bool table4_before(const struct rtnl_net *rn, unsigned int ia,
			  unsigned int ib)
{
	uint32_t a = rn->tables4.ids[ia], b = rn->tables4.ids[ib];

	if ((a & 0xff) != (b & 0xff))
		return (a & 0xff) < (b & 0xff);
	return ia > ib;
}

/* The tables in the hash's order, as indices of rn->tables4. */
static unsigned int *tables_sorted(const struct rtnl_net *rn)
{
	unsigned int n = rn->tables4.n;
	unsigned int *idx = malloc((n ? n : 1) * sizeof(*idx));

	if (!idx)
		return NULL;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int j = i;

		while (j && table4_before(rn, i, idx[j - 1])) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return idx;
}

static int fib_show(struct rtnl_net *rn, FILE *out, bool stats)
{
	unsigned int *idx = tables_sorted(rn);
	int err = 0;

	if (!idx)
		return -ENOMEM;
	if (stats)
		fprintf(out,
			"Basic info: size of leaf: %u bytes, size of tnode: "
			"%u bytes.\n",
			FT_LEAF_SIZE, FT_TNODE_SIZE);
	for (unsigned int i = 0; i < rn->tables4.n && !err; i++) {
		uint32_t id = rn->tables4.ids[idx[i]];
		struct ft_table ft;

		err = table_build(rn, trie_owner(rn, id), &ft);
		if (!err && stats) {
			table_title(out, id);
			stats_show(out, &ft);
		} else if (!err) {
			trie_show(out, id, &ft);
		}
		table_free(&ft);
	}
	free(idx);
	return err;
}

int rtnl_proc_fib_trie(struct rtnl_net *rn, FILE *out)
{
	return fib_show(rn, out, false);
}

int rtnl_proc_fib_triestat(struct rtnl_net *rn, FILE *out)
{
	return fib_show(rn, out, true);
}
