// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Extended matches (net/sched/ematch.c) of the basic filter: a tree of
 * matches (cmp, nbyte, u32, meta, and containers that point at a later
 * one), validated and dumped back as Linux does.  Nothing is matched.
 * The kinds whose module needs more than netlink (text with its
 * search algorithms, ipset, ipt, canid, vlan) answer as a kernel
 * without their module: ENOENT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tc_ematch/tc_em_cmp.h>
#include <linux/tc_ematch/tc_em_meta.h>
#include <linux/tc_ematch/tc_em_nbyte.h>
#include <linux/pkt_cls.h>

#include "proto/route/sched/ematch.h"

static const struct unl_nla_policy em_policy[TCA_EMATCH_TREE_MAX + 1] = {
	[TCA_EMATCH_TREE_HDR] = { .len = sizeof(struct tcf_ematch_tree_hdr) },
	[TCA_EMATCH_TREE_LIST] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy meta_policy[TCA_EM_META_MAX + 1] = {
	[TCA_EM_META_HDR] = { .len = sizeof(struct tcf_meta_hdr) },
};

/* the struct tcf_ematch_ops each kind has: its data's least length,
 * and whether it checks (change) its data itself */
struct em_kind {
	uint16_t kind;
	size_t datalen;
	int (*change)(const void *data, int len, struct rtnl_ematch *em);
};

/* em_nbyte_change(): the header and the bytes it counts */
static int nbyte_change(const void *data, int len, struct rtnl_ematch *em)
{
	struct tcf_em_nbyte nb;
	size_t need;

	if ((size_t)len < sizeof(nb))
		return -EINVAL;
	memcpy(&nb, data, sizeof(nb));
	need = sizeof(nb) + nb.len;
	if ((size_t)len < need)
		return -EINVAL;
	em->data = malloc(need);
	if (!em->data)
		return -ENOMEM;
	memcpy(em->data, data, need);
	em->datalen = (uint32_t)need;
	return 0;
}

/* meta_is_supported(): the value, or a field Linux can read */
static bool meta_supported(uint16_t kind)
{
	int type = TCF_META_TYPE(kind), id = TCF_META_ID(kind);

	if (!id)
		return true;
	if (type == TCF_META_TYPE_VAR)
		return id == TCF_META_ID_DEV || id == TCF_META_ID_SK_BOUND_IF;
	return true;
}

/* meta_int_change() and meta_var_change(): *v, what the attribute
 * holds in the value's way */
static int meta_value(const struct nlattr *a, uint16_t kind,
		      struct rtnl_em_meta_value *v)
{
	int len;

	if (!a)
		return 0;
	len = unl_nla_len(a);
	if (!len)
		return -EINVAL;
	if (TCF_META_TYPE(kind) == TCF_META_TYPE_INT) {
		if (len >= 8)
			len = 8;
		else if (len != 4)
			return -EINVAL;
	}
	v->val = malloc((size_t)len);
	if (!v->val)
		return -ENOMEM;
	memcpy(v->val, unl_nla_data(a), (size_t)len);
	v->len = (uint32_t)len;
	return 0;
}

/* em_meta_change() */
static int meta_change(const void *data, int len, struct rtnl_ematch *em)
{
	const struct nlattr *tb[TCA_EM_META_MAX + 1];
	struct rtnl_em_meta *m;
	struct tcf_meta_hdr hdr;
	int err = unl_nla_parse(tb, TCA_EM_META_MAX, data, len, meta_policy,
				UNL_VALIDATE_LIBERAL, NULL);

	if (err)
		return err;
	if (!tb[TCA_EM_META_HDR])
		return -EINVAL;
	memcpy(&hdr, unl_nla_data(tb[TCA_EM_META_HDR]), sizeof(hdr));
	if (TCF_META_TYPE(hdr.left.kind) != TCF_META_TYPE(hdr.right.kind) ||
	    TCF_META_TYPE(hdr.left.kind) > TCF_META_TYPE_MAX ||
	    TCF_META_ID(hdr.left.kind) > TCF_META_ID_MAX ||
	    TCF_META_ID(hdr.right.kind) > TCF_META_ID_MAX)
		return -EINVAL;
	if (!meta_supported(hdr.left.kind) || !meta_supported(hdr.right.kind))
		return -EOPNOTSUPP;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->hdr = hdr;
	em->data = m;
	em->meta = true;
	if (meta_value(tb[TCA_EM_META_LVALUE], hdr.left.kind, &m->left) ||
	    meta_value(tb[TCA_EM_META_RVALUE], hdr.right.kind, &m->right))
		return -EINVAL;
	return 0;
}

static const struct em_kind em_kinds[] = {
	{ TCF_EM_CMP, sizeof(struct tcf_em_cmp), NULL },
	{ TCF_EM_NBYTE, sizeof(struct tcf_em_nbyte), nbyte_change },
	{ TCF_EM_U32, sizeof(struct tc_u32_key), NULL },
	{ TCF_EM_META, 0, meta_change },
};

static const struct em_kind *em_lookup(uint16_t kind)
{
	for (size_t i = 0; i < sizeof(em_kinds) / sizeof(em_kinds[0]); i++)
		if (em_kinds[i].kind == kind)
			return &em_kinds[i];
	return NULL;
}

static void em_free_data(struct rtnl_ematch *em)
{
	if (em->meta) {
		struct rtnl_em_meta *m = em->data;

		if (m) {
			free(m->left.val);
			free(m->right.val);
		}
	}
	free(em->data);
	em->data = NULL;
}

void rtnl_em_tree_destroy(struct rtnl_em_tree *tree)
{
	for (unsigned int i = 0; tree->matches && i < tree->hdr.nmatches; i++)
		em_free_data(&tree->matches[i]);
	free(tree->matches);
	memset(tree, 0, sizeof(*tree));
}

/* a match's data: a container's reference, a simple u32, or what the
 * kind keeps */
static int em_data(const struct tcf_ematch_hdr *h, const void *data, int len,
		   int idx, uint16_t nmatches, struct rtnl_ematch *em)
{
	const struct em_kind *k;
	uint32_t u;

	if (h->kind == TCF_EM_CONTAINER) {
		if (len < 4)
			return -EINVAL;
		memcpy(&u, data, 4);
		if (u >= nmatches || u <= (uint32_t)idx)
			return -EINVAL;
		em->value = u;
		return 0;
	}
	k = em_lookup(h->kind);
	if (!k)
		return -ENOENT;
	em->known = true;
	if (k->datalen && (size_t)len < k->datalen)
		return -EINVAL;
	if (k->change)
		return h->flags & TCF_EM_SIMPLE ? -EINVAL : k->change(data, len, em);
	if (len <= 0)
		return 0;
	if (h->flags & TCF_EM_SIMPLE) {
		if (k->datalen || len < 4)
			return -EINVAL;
		memcpy(&u, data, 4);
		em->value = u;
	} else {
		em->data = malloc((size_t)len);
		if (!em->data)
			return -ENOBUFS;
		memcpy(em->data, data, (size_t)len);
	}
	em->datalen = (uint32_t)len;
	return 0;
}

/* tcf_em_validate() */
static int em_validate(const struct nlattr *nla, int idx, uint16_t nmatches,
		       struct rtnl_ematch *em)
{
	struct tcf_ematch_hdr h;
	int len = unl_nla_len(nla) - (int)sizeof(h), err;

	memcpy(&h, unl_nla_data(nla), sizeof(h));
	if (!TCF_EM_REL_VALID(h.flags))
		return -EINVAL;
	em->kind = h.kind;
	err = em_data(&h, (const uint8_t *)unl_nla_data(nla) + sizeof(h), len,
		      idx, nmatches, em);
	if (err)
		return err;
	em->matchid = h.matchid;
	em->flags = h.flags;
	return 0;
}

int rtnl_em_tree_validate(const struct nlattr *nla, struct rtnl_em_tree *tree)
{
	const struct nlattr *tb[TCA_EMATCH_TREE_MAX + 1], *m;
	int idx, rem, err;

	memset(tree, 0, sizeof(*tree));
	if (!nla)
		return 0;
	err = unl_nla_parse_nested(tb, TCA_EMATCH_TREE_MAX, nla, em_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_EMATCH_TREE_HDR] || !tb[TCA_EMATCH_TREE_LIST])
		return -EINVAL;
	memcpy(&tree->hdr, unl_nla_data(tb[TCA_EMATCH_TREE_HDR]), sizeof(tree->hdr));
	tree->matches = calloc(tree->hdr.nmatches ? tree->hdr.nmatches : 1,
			       sizeof(*tree->matches));
	if (!tree->matches)
		return -ENOMEM;
	m = unl_nla_data(tb[TCA_EMATCH_TREE_LIST]);
	rem = unl_nla_len(tb[TCA_EMATCH_TREE_LIST]);
	for (idx = 0; unl_nla_ok(m, rem); idx++) {
		err = -EINVAL;
		if (m->nla_type != idx + 1 || idx >= tree->hdr.nmatches ||
		    unl_nla_len(m) < (int)sizeof(struct tcf_ematch_hdr))
			goto fail;
		err = em_validate(m, idx, tree->hdr.nmatches, &tree->matches[idx]);
		if (err)
			goto fail;
		m = unl_nla_next(m, &rem);
	}
	if (idx == tree->hdr.nmatches)
		return 0;
	err = -EINVAL;
fail:
	rtnl_em_tree_destroy(tree);
	return err;
}

/* nla_put_nohdr(): bytes, padded, within the match's attribute */
static int put_nohdr(struct unl_skb *skb, const void *data, uint32_t len)
{
	size_t alen = NLA_ALIGN(len);
	uint8_t *p = unl_skb_put(skb, alen);

	if (!p)
		return -EMSGSIZE;
	memcpy(p, data, len);
	memset(p + len, 0, alen - len);
	return 0;
}

/* em_meta_dump() */
static int meta_dump(struct unl_skb *skb, const struct rtnl_em_meta *m)
{
	struct tcf_meta_hdr hdr = m->hdr;
	const struct rtnl_em_meta_value *v[2] = { &m->left, &m->right };
	const int type[2] = { TCA_EM_META_LVALUE, TCA_EM_META_RVALUE };

	if (unl_nla_put(skb, TCA_EM_META_HDR, sizeof(hdr), &hdr))
		return -EMSGSIZE;
	for (int i = 0; i < 2; i++) {
		if (!v[i]->len)
			continue;
		if (unl_nla_put(skb, type[i], (int)v[i]->len, v[i]->val))
			return -EMSGSIZE;
	}
	return 0;
}

int rtnl_em_tree_dump(struct unl_skb *skb, const struct rtnl_em_tree *tree,
		      int tlv)
{
	struct nlattr *top = rtnl_nest_start(skb, tlv), *list, *one;

	if (!top ||
	    unl_nla_put(skb, TCA_EMATCH_TREE_HDR, sizeof(tree->hdr), &tree->hdr))
		return -EMSGSIZE;
	list = rtnl_nest_start(skb, TCA_EMATCH_TREE_LIST);
	if (!list)
		return -EMSGSIZE;
	for (unsigned int i = 0; i < tree->hdr.nmatches; i++) {
		const struct rtnl_ematch *em = &tree->matches[i];
		struct tcf_ematch_hdr h = {
			.kind = em->known ? em->kind : TCF_EM_CONTAINER,
			.matchid = em->matchid,
			.flags = em->flags,
		};
		uint32_t u = em->value;
		int err;

		/* the match: its header, then its data in the same
		 * attribute (the kernel grows the attribute over it) */
		one = rtnl_nest_start(skb, (int)i + 1);
		if (!one || put_nohdr(skb, &h, sizeof(h)))
			return -EMSGSIZE;
		if (em->meta)
			err = meta_dump(skb, em->data);
		else if (!em->known || (em->flags & TCF_EM_SIMPLE))
			err = put_nohdr(skb, &u, sizeof(u));
		else
			err = em->datalen ? put_nohdr(skb, em->data, em->datalen) : 0;
		if (err)
			return -EMSGSIZE;
		unl_nla_nest_end(skb, one);
	}
	unl_nla_nest_end(skb, list);
	unl_nla_nest_end(skb, top);
	return 0;
}
