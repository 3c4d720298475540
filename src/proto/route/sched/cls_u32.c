// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * u32 (net/sched/cls_u32.c): hash tables of key nodes, each a selector
 * of 32-bit keys.  The tables belong to the block (struct tc_u_common),
 * not to a priority: every u32 tp of the block finds any table by its
 * handle, and lists those made at its priority, as Linux does.
 *
 *   handle = htid (12 bits) : bucket (8 bits) : node (12 bits)
 *   a table has node 0; its first, root, table of a tp is 800: for the
 *   block's first tp, then 801:, ... from a cyclic counter
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"

struct u32_knode;

struct u32_hnode {
	struct u32_hnode *next; /* tc_u_common's hlist, newest first */
	uint32_t handle, prio, refcnt, divisor, flags;
	uint32_t idr_id; /* its id in the common's idr */
	bool is_root;
	/* the node handles taken in this table (ht->handle_idr) */
	uint32_t *kids;
	size_t nkids, capkids;
	struct u32_knode *ht[];
};

struct u32_knode {
	struct u32_knode *next; /* in its bucket, by node id */
	uint32_t handle;
	/* replaced: out of its bucket, kept until the request's event is
	 * made (Linux frees it after a grace period) */
	bool zombie;
	struct u32_hnode *ht_up, *ht_down;
	uint32_t flags, classid;
	bool bound; /* res.class: the class of classid is held */
	int ifindex;
	struct tc_u32_mark mark;
	struct rtnl_tcf_exts exts;
	size_t sel_size;
	struct tc_u32_sel sel; /* with sel.nkeys keys after it */
};

/* struct tc_u_common: one per qdisc, or per shared block */
struct u32_common {
	struct u32_common *next; /* in the net's hash (a list) */
	const void *key;
	struct u32_hnode *hlist;
	uint32_t refcnt, knodes;
	/* the common's idr: ids of tables, the cyclic one's next */
	uint32_t *ids;
	size_t nids, capids;
	uint32_t next_id;
};

#define U32_MSG(extack, m) UNL_SET_ERR_MSG(extack, "cls_u32: " m)

static const struct unl_nla_policy u32_policy[TCA_U32_MAX + 1] = {
	[TCA_U32_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_U32_HASH] = { .type = UNL_NLA_U32 },
	[TCA_U32_LINK] = { .type = UNL_NLA_U32 },
	[TCA_U32_DIVISOR] = { .type = UNL_NLA_U32 },
	[TCA_U32_SEL] = { .len = sizeof(struct tc_u32_sel) },
	[TCA_U32_INDEV] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ },
	[TCA_U32_MARK] = { .len = sizeof(struct tc_u32_mark) },
	[TCA_U32_FLAGS] = { .type = UNL_NLA_U32 },
};

/* ---- small id sets (the kernel's idrs) ---- */

static bool ids_has(const uint32_t *ids, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static int ids_add(uint32_t **ids, size_t *n, size_t *cap, uint32_t id)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		uint32_t *p = realloc(*ids, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*ids = p;
		*cap = c;
	}
	(*ids)[(*n)++] = id;
	return 0;
}

static void ids_del(uint32_t *ids, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id) {
			ids[i] = ids[--*n];
			return;
		}
}

/* idr_alloc_u32() with the range [id, max]: the lowest free */
static int ids_alloc_range(uint32_t **ids, size_t *n, size_t *cap,
			   uint32_t *id, uint32_t max)
{
	for (uint64_t v = *id; v <= max; v++)
		if (!ids_has(*ids, *n, (uint32_t)v)) {
			*id = (uint32_t)v;
			return ids_add(ids, n, cap, *id);
		}
	return -ENOSPC;
}

static bool u32_feature(struct rtnl_net *rn, const char *sym)
{
	return unl_profile_has(unl_net_profile(rn->net), UNL_PROFILE_FEATURE,
			       sym);
}

/* ---- tables ---- */

/* gen_new_htid(): idr_alloc_cyclic() of an id in 1..0x7fe */
static uint32_t gen_new_htid(struct u32_common *c, uint32_t *id_out)
{
	uint32_t start = c->next_id < 1 ? 1 : c->next_id;

	for (int pass = 0; pass < 2; pass++, start = 1)
		for (uint32_t id = start; id < 0x7FF; id++)
			if (!ids_has(c->ids, c->nids, id)) {
				if (ids_add(&c->ids, &c->nids, &c->capids, id))
					return 0;
				c->next_id = id + 1;
				*id_out = id;
				return (id | 0x800U) << 20;
			}
	return 0;
}

/* handle2id() */
static uint32_t handle2id(uint32_t h)
{
	return (h & 0x80000000) ? ((h >> 20) & 0x7FF) : h;
}

static struct u32_hnode *hnode_alloc(uint32_t divisor)
{
	return calloc(1, sizeof(struct u32_hnode) +
				 (divisor + 1) * sizeof(struct u32_knode *));
}

static struct u32_hnode *u32_lookup_ht(struct u32_common *c, uint32_t handle)
{
	struct u32_hnode *ht;

	for (ht = c->hlist; ht; ht = ht->next)
		if (ht->handle == handle)
			break;
	return ht;
}

static struct u32_knode *u32_lookup_key(struct u32_hnode *ht, uint32_t handle)
{
	uint32_t sel = TC_U32_HASH(handle);

	if (sel > ht->divisor)
		return NULL;
	for (struct u32_knode *n = ht->ht[sel]; n; n = n->next)
		if (n->handle == handle)
			return n;
	return NULL;
}

static struct u32_common *u32_common_of(struct rtnl_tcf_proto *tp)
{
	return tp->data;
}

/* u32_destroy_key() */
static void knode_free(struct u32_knode *n)
{
	rtnl_tcf_exts_destroy(&n->exts);
	if (n->ht_down)
		n->ht_down->refcnt--;
	free(n);
}

/* u32_delete_key(): out of its bucket and gone */
static void knode_delete(struct u32_common *c, struct u32_knode *key)
{
	struct u32_hnode *ht = key->ht_up;
	struct u32_knode **kp = &ht->ht[TC_U32_HASH(key->handle)];

	for (; *kp; kp = &(*kp)->next)
		if (*kp == key) {
			*kp = key->next;
			break;
		}
	ids_del(ht->kids, &ht->nkids, key->handle);
	c->knodes--;
	knode_free(key);
}

/* u32_clear_hnode(): every key of the table goes */
static void hnode_clear(struct u32_common *c, struct u32_hnode *ht)
{
	for (uint32_t h = 0; h <= ht->divisor; h++)
		while (ht->ht[h])
			knode_delete(c, ht->ht[h]);
}

/* u32_destroy_hnode() */
static void hnode_destroy(struct u32_common *c, struct u32_hnode *ht)
{
	ht->refcnt--;
	hnode_clear(c, ht);
	for (struct u32_hnode **hp = &c->hlist; *hp; hp = &(*hp)->next)
		if (*hp == ht) {
			*hp = ht->next;
			break;
		}
	ids_del(c->ids, &c->nids, handle2id(ht->handle));
	free(ht->kids);
	free(ht);
}

static void hnode_link(struct u32_common *c, struct u32_hnode *ht)
{
	ht->next = c->hlist;
	c->hlist = ht;
}

/* tc_u_common_ptr(): a shared block's own, else its qdisc's */
static const void *u32_common_key(const struct rtnl_tcf_proto *tp)
{
	const struct rtnl_tcf_block *b = tp->chain->block;

	return b->index ? (const void *)b : (const void *)b->q;
}

static struct u32_common *u32_common_find(struct rtnl_tcf_net *tn,
					  const void *key)
{
	struct u32_common *c;

	for (c = tn->u32_commons; c; c = c->next)
		if (c->key == key)
			break;
	return c;
}

/* u32_init(): the tp's root table; the common on first use */
static int u32_init(struct rtnl_tcf_proto *tp)
{
	struct rtnl_tcf_net *tn = rtnl_tcf_net(tp->chain->block->rn);
	const void *key = u32_common_key(tp);
	struct u32_common *c = tn ? u32_common_find(tn, key) : NULL;
	struct u32_hnode *root;
	uint32_t id = 0;

	if (!tn)
		return -ENOBUFS;
	root = hnode_alloc(0);

	if (!root)
		return -ENOBUFS;
	root->refcnt = 2;
	root->handle = c ? gen_new_htid(c, &id) : 0x80000000;
	root->idr_id = id;
	root->prio = tp->prio;
	root->is_root = true;
	if (!root->handle) {
		free(root);
		return -ENOBUFS;
	}
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c) {
			free(root);
			return -ENOBUFS;
		}
		c->key = key;
		c->next = tn->u32_commons;
		tn->u32_commons = c;
	}
	c->refcnt++;
	hnode_link(c, root);
	tp->root = root;
	tp->data = c;
	return 0;
}

/* u32_destroy() */
static void u32_destroy(struct rtnl_tcf_proto *tp)
{
	struct u32_common *c = u32_common_of(tp);
	struct u32_hnode *root = tp->root;

	if (root && --root->refcnt == 1)
		hnode_destroy(c, root);
	if (--c->refcnt)
		return;
	/* the tables go (a key's link first lets go of its table) */
	for (struct u32_hnode *ht = c->hlist; ht; ht = ht->next)
		hnode_clear(c, ht);
	while (c->hlist) {
		struct u32_hnode *ht = c->hlist;

		c->hlist = ht->next;
		free(ht->kids);
		free(ht);
	}
	free(c->ids);
	for (struct u32_common **cp = &tp->chain->block->rn->tcf->u32_commons;
	     *cp; cp = &(*cp)->next)
		if (*cp == c) {
			*cp = c->next;
			break;
		}
	free(c);
}

/* u32_get(): a table (node 0) or a key, of any priority */
static void *u32_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	struct u32_common *c = u32_common_of(tp);
	struct u32_hnode *ht;

	if (TC_U32_HTID(handle) == TC_U32_ROOT)
		ht = tp->root;
	else
		ht = u32_lookup_ht(c, TC_U32_HTID(handle));
	if (!ht)
		return NULL;
	if (!TC_U32_KEY(handle))
		return ht;
	return u32_lookup_key(ht, handle);
}

/* tc_flags_valid() */
static bool tc_flags_valid(uint32_t flags)
{
	if (flags & ~(TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW |
		      TCA_CLS_FLAGS_VERBOSE))
		return false;
	flags &= TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	return flags != (TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW);
}

/* tcf_change_indev() */
static int change_indev(struct rtnl_net *rn, const struct nlattr *a,
			struct unl_ext_ack *extack)
{
	char name[IFNAMSIZ];
	struct rtnl_link *dev;

	if (strnlen(unl_nla_data(a), (size_t)unl_nla_len(a)) >= IFNAMSIZ) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Interface name too long");
		return -EINVAL;
	}
	unl_nla_strscpy(name, a, sizeof(name));
	dev = rtnl_link_by_name(rn, name);
	if (!dev) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "Network device not found");
		return -ENODEV;
	}
	return dev->ifindex;
}

/* u32_set_parms() */
static int u32_set_parms(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			 struct u32_knode *n, const struct nlattr **tb,
			 const struct nlattr *est, uint32_t flags,
			 uint32_t fl_flags, struct unl_ext_ack *extack)
{
	int ifindex = -1;
	int err = rtnl_tcf_exts_validate(rn, tp, tb, est, &n->exts, flags,
					 fl_flags, extack);

	if (err)
		return err;
	if (tb[TCA_U32_INDEV]) {
		ifindex = change_indev(rn, tb[TCA_U32_INDEV], extack);
		if (ifindex < 0)
			return -EINVAL;
	}
	if (tb[TCA_U32_LINK]) {
		uint32_t handle = unl_nla_get_u32(tb[TCA_U32_LINK]);
		struct u32_hnode *down = NULL;

		if (TC_U32_KEY(handle)) {
			U32_MSG(extack, "u32 Link handle must be a hash table");
			return -EINVAL;
		}
		if (handle) {
			down = u32_lookup_ht(u32_common_of(tp), handle);
			if (!down) {
				U32_MSG(extack, "Link hash table not found");
				return -EINVAL;
			}
			if (down->is_root) {
				U32_MSG(extack, "Not linking to root node");
				return -EINVAL;
			}
			down->refcnt++;
		}
		if (n->ht_down)
			n->ht_down->refcnt--;
		n->ht_down = down;
	}
	if (ifindex >= 0)
		n->ifindex = ifindex;
	return 0;
}

/* u32_change() of an existing key: a copy with the new parameters
 * replaces it (the selector stays) */
static int knode_replace(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			 struct u32_knode *n, const struct nlattr **tb,
			 const struct nlattr *est, uint32_t flags,
			 uint32_t act_flags,
			 struct unl_ext_ack *extack)
{
	struct u32_knode *new, **kp;
	int err;

	if (!TC_U32_KEY(n->handle)) {
		U32_MSG(extack, "Key node id cannot be zero");
		return -EINVAL;
	}
	if ((n->flags ^ flags) &
	    ~(TCA_CLS_FLAGS_IN_HW | TCA_CLS_FLAGS_NOT_IN_HW)) {
		U32_MSG(extack, "Key node flags do not match passed flags");
		return -EINVAL;
	}
	new = malloc(sizeof(*new) + n->sel_size);
	if (!new)
		return -ENOMEM;
	memcpy(new, n, sizeof(*new) + n->sel_size);
	rtnl_tcf_exts_init(&new->exts, TCA_U32_ACT, TCA_U32_POLICE);
	if (new->ht_down)
		new->ht_down->refcnt++;
	err = u32_set_parms(rn, tp, new, tb, est, act_flags, new->flags,
			    extack);
	if (err) {
		knode_free(new);
		return err;
	}
	if (tb[TCA_U32_CLASSID]) {
		new->classid = unl_nla_get_u32(tb[TCA_U32_CLASSID]);
		new->bound = rtnl_tcf_bind_filter(tp, new->classid);
	}
	new->flags |= TCA_CLS_FLAGS_NOT_IN_HW;
	for (kp = &n->ht_up->ht[TC_U32_HASH(n->handle)]; *kp; kp = &(*kp)->next)
		if (*kp == n) {
			*kp = new;
			break;
		}
	/* the event tells the old key (Linux's fh), which goes at put */
	n->zombie = true;
	return 0;
}

/* u32_change()'s TCA_U32_DIVISOR: a new table at the tp's priority */
static int hnode_create(struct rtnl_tcf_proto *tp, uint32_t handle,
			uint32_t divisor, uint32_t flags, void **arg,
			struct unl_ext_ack *extack)
{
	struct u32_common *c = u32_common_of(tp);
	struct u32_hnode *ht;
	uint32_t id = handle;

	if (!divisor || (divisor & (divisor - 1))) {
		U32_MSG(extack, "Divisor is not a power of 2");
		return -EINVAL;
	}
	if (divisor-- > 0x100) {
		U32_MSG(extack, "Exceeded maximum 256 hash buckets");
		return -EINVAL;
	}
	if (TC_U32_KEY(handle)) {
		U32_MSG(extack, "Divisor can only be used on a hash table");
		return -EINVAL;
	}
	ht = hnode_alloc(divisor);
	if (!ht)
		return -ENOBUFS;
	ht->refcnt = 1;
	ht->divisor = divisor;
	ht->prio = tp->prio;
	ht->flags = flags;
	if (!handle) {
		handle = gen_new_htid(c, &id);
		if (!handle) {
			free(ht);
			return -ENOMEM;
		}
	} else {
		int err = ids_alloc_range(&c->ids, &c->nids, &c->capids, &id,
					  handle);

		if (err) {
			free(ht);
			return err;
		}
	}
	ht->handle = handle;
	ht->idr_id = id;
	hnode_link(c, ht);
	*arg = ht;
	return 0;
}

/* gen_new_kid(): a free node id of the table's bucket */
static uint32_t gen_new_kid(struct u32_hnode *ht, uint32_t htid)
{
	uint32_t index = htid | 0x800, max = htid | 0xFFF;

	if (ids_alloc_range(&ht->kids, &ht->nkids, &ht->capkids, &index, max)) {
		index = htid + 1;
		if (ids_alloc_range(&ht->kids, &ht->nkids, &ht->capkids,
				    &index, max))
			index = max;
	}
	return index;
}

/* the table (and bucket, in *htid) a new key goes to */
static int knode_table(struct rtnl_tcf_proto *tp, const struct nlattr **tb,
		       struct u32_hnode **htp, uint32_t *htid,
		       struct unl_ext_ack *extack)
{
	struct u32_hnode *ht = tp->root;

	*htid = ht->handle;
	if (tb[TCA_U32_HASH]) {
		*htid = unl_nla_get_u32(tb[TCA_U32_HASH]);
		if (TC_U32_HTID(*htid) == TC_U32_ROOT) {
			*htid = ht->handle;
		} else {
			ht = u32_lookup_ht(u32_common_of(tp), TC_U32_HTID(*htid));
			if (!ht) {
				U32_MSG(extack, "Specified hash table not found");
				return -EINVAL;
			}
		}
	}
	if (ht->divisor < TC_U32_HASH(*htid)) {
		U32_MSG(extack, "Specified hash table buckets exceed configured value");
		return -EINVAL;
	}
	*htp = ht;
	return 0;
}

/* the handle of a new key: the request's node, or a free one */
static int knode_handle(struct u32_hnode *ht, uint32_t htid, uint32_t *handle,
			struct unl_ext_ack *extack)
{
	uint32_t h = *handle;

	if (h && TC_U32_HTID(h) && TC_U32_HTID(h ^ htid)) {
		U32_MSG(extack, "Handle specified hash table address mismatch");
		return -EINVAL;
	}
	if (!h || !TC_U32_NODE(h)) {
		*handle = gen_new_kid(ht, htid);
		return 0;
	}
	h = htid | TC_U32_NODE(h);
	*handle = h;
	return ids_alloc_range(&ht->kids, &ht->nkids, &ht->capkids, handle, h);
}

/* u32_change() of a new key */
static int knode_create(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			uint32_t handle, const struct nlattr **tb,
			const struct nlattr *est, uint32_t flags,
			uint32_t act_flags, void **arg,
			struct unl_ext_ack *extack)
{
	struct u32_common *c = u32_common_of(tp);
	const struct tc_u32_sel *s;
	struct u32_knode *n, **ins;
	struct u32_hnode *ht;
	uint32_t htid;
	size_t sel_size;
	int err = knode_table(tp, tb, &ht, &htid, extack);

	if (!err)
		err = knode_handle(ht, htid, &handle, extack);
	if (err)
		return err;
	if (!tb[TCA_U32_SEL]) {
		U32_MSG(extack, "Selector not specified");
		err = -EINVAL;
		goto erridr;
	}
	s = unl_nla_data(tb[TCA_U32_SEL]);
	sel_size = sizeof(*s) + (size_t)s->nkeys * sizeof(s->keys[0]);
	if ((size_t)unl_nla_len(tb[TCA_U32_SEL]) < sel_size) {
		err = -EINVAL;
		goto erridr;
	}
	n = calloc(1, sizeof(*n) + sel_size);
	if (!n) {
		err = -ENOBUFS;
		goto erridr;
	}
	memcpy(&n->sel, s, sel_size);
	n->sel_size = sel_size;
	n->ht_up = ht;
	n->handle = handle;
	n->flags = flags;
	rtnl_tcf_exts_init(&n->exts, TCA_U32_ACT, TCA_U32_POLICE);
	/* without CONFIG_CLS_U32_MARK the attribute is not looked at */
	if (tb[TCA_U32_MARK] && u32_feature(rn, "CLS_U32_MARK"))
		memcpy(&n->mark, unl_nla_data(tb[TCA_U32_MARK]),
		       sizeof(n->mark));
	err = u32_set_parms(rn, tp, n, tb, est, act_flags, flags, extack);
	if (err) {
		knode_free(n);
		goto erridr;
	}
	if (tb[TCA_U32_CLASSID]) {
		n->classid = unl_nla_get_u32(tb[TCA_U32_CLASSID]);
		n->bound = rtnl_tcf_bind_filter(tp, n->classid);
	}
	n->flags |= TCA_CLS_FLAGS_NOT_IN_HW;
	for (ins = &ht->ht[TC_U32_HASH(handle)]; *ins; ins = &(*ins)->next)
		if (TC_U32_NODE(handle) < TC_U32_NODE((*ins)->handle))
			break;
	n->next = *ins;
	*ins = n;
	c->knodes++;
	*arg = n;
	return 0;
erridr:
	ids_del(ht->kids, &ht->nkids, handle);
	return err;
}

/* u32_change() */
static int u32_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		      unsigned long base, uint32_t handle,
		      const struct nlattr **tca, void **arg, uint32_t act_flags,
		      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_U32_MAX + 1];
	uint32_t flags = 0;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS]) {
		if (handle) {
			U32_MSG(extack, "Filter handle requires options");
			return -EINVAL;
		}
		return 0;
	}
	err = unl_nla_parse_nested(tb, TCA_U32_MAX, tca[TCA_OPTIONS], u32_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (tb[TCA_U32_FLAGS]) {
		flags = unl_nla_get_u32(tb[TCA_U32_FLAGS]);
		if (!tc_flags_valid(flags)) {
			U32_MSG(extack, "Invalid filter flags");
			return -EINVAL;
		}
	}
	if (*arg)
		return knode_replace(rn, tp, *arg, tb, tca[TCA_RATE], flags,
				     act_flags, extack);
	if (tb[TCA_U32_DIVISOR])
		return hnode_create(tp, handle,
				    unl_nla_get_u32(tb[TCA_U32_DIVISOR]), flags,
				    arg, extack);
	return knode_create(rn, tp, handle, tb, tca[TCA_RATE], flags,
			    act_flags, arg, extack);
}

/* u32_delete() */
static int u32_delete(struct rtnl_tcf_proto *tp, void *arg, bool *last,
		      struct unl_ext_ack *extack)
{
	struct u32_common *c = u32_common_of(tp);
	struct u32_hnode *ht = arg;

	if (TC_U32_KEY(ht->handle)) {
		knode_delete(c, arg);
	} else if (ht->is_root) {
		U32_MSG(extack, "Not allowed to delete root node");
		return -EINVAL;
	} else if (ht->refcnt == 1) {
		hnode_destroy(c, ht);
	} else {
		U32_MSG(extack, "Can not delete in-use filter");
		return -EBUSY;
	}
	*last = c->refcnt == 1 && c->knodes == 0;
	return 0;
}

/* u32_walk(): the tables of the tp's priority, each with its keys */
static void u32_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	struct u32_common *c = u32_common_of(tp);

	if (w->stop)
		return;
	for (struct u32_hnode *ht = c->hlist; ht; ht = ht->next) {
		if (ht->prio != tp->prio)
			continue;
		if (!rtnl_tcf_walk_one(tp, ht, w))
			return;
		for (uint32_t h = 0; h <= ht->divisor; h++)
			for (struct u32_knode *n = ht->ht[h]; n; n = n->next)
				if (!rtnl_tcf_walk_one(tp, n, w))
					return;
	}
}

static int knode_dump(struct rtnl_tcf_proto *tp, struct u32_knode *n,
		      struct unl_skb *skb)
{
	struct rtnl_link *dev;

	if (unl_nla_put(skb, TCA_U32_SEL, (int)n->sel_size, &n->sel) ||
	    (n->ht_up &&
	     unl_nla_put_u32(skb, TCA_U32_HASH, n->handle & 0xFFFFF000)) ||
	    (n->classid && unl_nla_put_u32(skb, TCA_U32_CLASSID, n->classid)) ||
	    (n->ht_down &&
	     unl_nla_put_u32(skb, TCA_U32_LINK, n->ht_down->handle)) ||
	    (n->flags && unl_nla_put_u32(skb, TCA_U32_FLAGS, n->flags)) ||
	    ((n->mark.val || n->mark.mask) &&
	     unl_nla_put(skb, TCA_U32_MARK, sizeof(n->mark), &n->mark)) ||
	    rtnl_tcf_exts_dump(skb, &n->exts))
		return -EMSGSIZE;
	dev = n->ifindex ? rtnl_link_by_index(tp->chain->block->rn, n->ifindex)
			 : NULL;
	if (dev && unl_nla_put_string(skb, TCA_U32_INDEV, dev->name))
		return -EMSGSIZE;
	/* struct tc_u32_pcnt with a count per key, all zero */
	if (u32_feature(tp->chain->block->rn, "CLS_U32_PERF")) {
		uint64_t pcnt[2 + 256] = { 0 };

		if (unl_nla_put(skb, TCA_U32_PCNT,
				(int)((2 + n->sel.nkeys) * sizeof(uint64_t)),
				pcnt))
			return -EMSGSIZE;
	}
	return 0;
}

/* u32_dump() */
static int u32_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		    struct tcmsg *t)
{
	struct u32_knode *n = fh;
	struct nlattr *nest;

	t->tcm_handle = n->handle;
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest)
		return -EMSGSIZE;
	if (!TC_U32_KEY(n->handle)) {
		struct u32_hnode *ht = fh;

		if (unl_nla_put_u32(skb, TCA_U32_DIVISOR, ht->divisor + 1))
			return -EMSGSIZE;
	} else if (knode_dump(tp, n, skb)) {
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return TC_U32_KEY(n->handle) ? rtnl_tcf_exts_dump_stats(skb, &n->exts) : 0;
}

/* u32_bind_class(): tables have no class */
static void u32_bind_class(void *fh, uint32_t classid, bool bind)
{
	struct u32_knode *n = fh;

	if (TC_U32_KEY(n->handle) && n->classid == classid)
		n->bound = bind;
}

static bool u32_class_bound(void *fh, uint32_t classid)
{
	struct u32_knode *n = fh;

	return TC_U32_KEY(n->handle) && n->bound && n->classid == classid;
}

/* the key a replace took out goes once its event is made */
static void u32_put(struct rtnl_tcf_proto *tp, void *fh)
{
	struct u32_knode *n = fh;

	(void)tp;
	if (n && TC_U32_KEY(n->handle) && n->zombie)
		knode_free(n);
}

const struct rtnl_tcf_proto_ops rtnl_cls_u32_ops = {
	.kind = "u32",
	.init = u32_init,
	.destroy = u32_destroy,
	.get = u32_get,
	.change = u32_change,
	.delete = u32_delete,
	.walk = u32_walk,
	.dump = u32_dump,
	.put = u32_put,
	.bind_class = u32_bind_class,
	.class_bound = u32_class_bound,
};
