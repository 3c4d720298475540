// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Extended matches (net/sched/ematch.c and em_*.c) of the basic, cgroup
 * and flow filters: a tree of matches (cmp, nbyte, u32, meta, text,
 * canid, ipset, ipt, and containers that point at a later one),
 * validated and dumped back as Linux does.  Nothing is matched.  Which
 * kinds exist is the profile's "ematch" list: a kind it lacks answers
 * as a kernel without its module (ENOENT), and so does TCF_EM_VLAN,
 * which no Linux module implements.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/can.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_set.h>
#include <linux/pkt_cls.h>
#include <linux/tc_ematch/tc_em_cmp.h>
#include <linux/tc_ematch/tc_em_ipt.h>
#include <linux/tc_ematch/tc_em_meta.h>
#include <linux/tc_ematch/tc_em_nbyte.h>
#include <linux/tc_ematch/tc_em_text.h>

#include <unetlink/profile.h>

#include "proto/netfilter/ip_set.h"
#include "proto/netfilter/x_tables.h"
#include "proto/route/sched/ematch.h"

static const struct unl_nla_policy em_policy[TCA_EMATCH_TREE_MAX + 1] = {
	[TCA_EMATCH_TREE_HDR] = { .len = sizeof(struct tcf_ematch_tree_hdr) },
	[TCA_EMATCH_TREE_LIST] = { .type = UNL_NLA_NESTED },
};

/* struct tcf_ematch_ops: the kind's name in the profile, its data's
 * least length, whether it checks (change) its data itself, how it
 * dumps it (NULL: the data as kept) and frees it (NULL: free()). */
struct rtnl_em_ops {
	uint16_t kind;
	const char *name;
	size_t datalen;
	int (*change)(struct rtnl_net *rn, const void *data, int len,
		      struct rtnl_ematch *em);
	int (*dump)(struct unl_skb *skb, const struct rtnl_ematch *em);
	void (*destroy)(struct rtnl_net *rn, struct rtnl_ematch *em);
};

/* em->data: a copy of len bytes of data */
static int em_keep(struct rtnl_ematch *em, const void *data, size_t len)
{
	em->data = malloc(len ? len : 1);
	if (!em->data)
		return -ENOMEM;
	memcpy(em->data, data, len);
	em->datalen = (uint32_t)len;
	return 0;
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

/* ---- nbyte (em_nbyte.c) ---- */

/* em_nbyte_change(): the header and the bytes it counts */
static int nbyte_change(struct rtnl_net *rn, const void *data, int len,
			struct rtnl_ematch *em)
{
	struct tcf_em_nbyte nb;

	(void)rn;
	if ((size_t)len < sizeof(nb))
		return -EINVAL;
	memcpy(&nb, data, sizeof(nb));
	if ((size_t)len < sizeof(nb) + nb.len)
		return -EINVAL;
	return em_keep(em, data, sizeof(nb) + nb.len);
}

/* ---- meta (em_meta.c) ---- */

static const struct unl_nla_policy meta_policy[TCA_EM_META_MAX + 1] = {
	[TCA_EM_META_HDR] = { .len = sizeof(struct tcf_meta_hdr) },
};

/* a value of em_meta: an integer (4 or 8 bytes) or bytes */
struct em_meta_value {
	void *val;
	uint32_t len;
};

struct em_meta {
	struct tcf_meta_hdr hdr;
	struct em_meta_value left, right;
};

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
		      struct em_meta_value *v)
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
static int meta_change(struct rtnl_net *rn, const void *data, int len,
		       struct rtnl_ematch *em)
{
	const struct nlattr *tb[TCA_EM_META_MAX + 1];
	struct em_meta *m;
	struct tcf_meta_hdr hdr;
	int err = unl_nla_parse(tb, TCA_EM_META_MAX, data, len, meta_policy,
				UNL_VALIDATE_LIBERAL, NULL);

	(void)rn;
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
	if (meta_value(tb[TCA_EM_META_LVALUE], hdr.left.kind, &m->left) ||
	    meta_value(tb[TCA_EM_META_RVALUE], hdr.right.kind, &m->right))
		return -EINVAL;
	return 0;
}

/* em_meta_dump() */
static int meta_dump(struct unl_skb *skb, const struct rtnl_ematch *em)
{
	const struct em_meta *m = em->data;
	const struct em_meta_value *v[2] = { &m->left, &m->right };
	const int type[2] = { TCA_EM_META_LVALUE, TCA_EM_META_RVALUE };

	if (unl_nla_put(skb, TCA_EM_META_HDR, sizeof(m->hdr), &m->hdr))
		return -EMSGSIZE;
	for (int i = 0; i < 2; i++) {
		if (!v[i]->len)
			continue;
		if (unl_nla_put(skb, type[i], (int)v[i]->len, v[i]->val))
			return -EMSGSIZE;
	}
	return 0;
}

static void meta_destroy(struct rtnl_net *rn, struct rtnl_ematch *em)
{
	struct em_meta *m = em->data;

	(void)rn;
	if (m) {
		free(m->left.val);
		free(m->right.val);
	}
	free(m);
}

/* ---- text (em_text.c, lib/textsearch.c, lib/ts_*.c) ---- */

/* lib/ts_fsm.c's token (include/linux/textsearch_fsm.h) */
struct ts_fsm_token {
	uint16_t type;
	uint8_t recur;
	uint8_t value;
};

#define TS_FSM_TYPE_MAX 13    /* TS_FSM_SPACE */
#define TS_FSM_RECUR_MAX 4    /* TS_FSM_HEAD_IGNORE */
#define TS_FSM_HEAD_IGNORE 4

/* ts_fsm.c's token_map: the ctype classes (_U 0x01, _L 0x02, _D 0x04,
 * _C 0x08, _P 0x10, _S 0x20, _X 0x40, _SP 0x80; _A 0x100 ascii, _W 0x200
 * any) a token type stands for, in the order of its enum: specific,
 * wildcard, digit, xdigit, print, alpha, alnum, ascii, cntrl, graph,
 * lower, upper, punct, space */
static const uint16_t ts_fsm_token_map[TS_FSM_TYPE_MAX + 1] = {
	0x000, 0x200, 0x004, 0x044, 0x097, 0x003, 0x007,
	0x100, 0x008, 0x017, 0x002, 0x001, 0x010, 0x020,
};

/* fsm_init(): whole tokens, known types and repeats, a head to ignore
 * only first and not alone; the pattern kept (and dumped) with each
 * type turned into its classes */
static int ts_fsm_prepare(uint8_t *pattern, unsigned int len)
{
	unsigned int n = len / sizeof(struct ts_fsm_token);
	struct ts_fsm_token t;

	if (len % sizeof(t) || n < 1)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		memcpy(&t, pattern + i * sizeof(t), sizeof(t));
		if (t.type > TS_FSM_TYPE_MAX || t.recur > TS_FSM_RECUR_MAX)
			return -EINVAL;
		if (t.recur == TS_FSM_HEAD_IGNORE && (i != 0 || i == n - 1))
			return -EINVAL;
	}
	for (unsigned int i = 0; i < n; i++) {
		memcpy(&t, pattern + i * sizeof(t), sizeof(t));
		t.type = ts_fsm_token_map[t.type];
		memcpy(pattern + i * sizeof(t), &t, sizeof(t));
	}
	return 0;
}

/* textsearch_prepare(): a pattern, of an algorithm NET_EMATCH_TEXT
 * brings (kmp, bm, fsm; no other is loadable), that it takes, as the
 * algorithm keeps it */
static int ts_prepare(const char *algo, uint8_t *pattern, unsigned int len)
{
	if (!len)
		return -EINVAL;
	if (!strcmp(algo, "fsm"))
		return ts_fsm_prepare(pattern, len);
	if (!strcmp(algo, "kmp") || !strcmp(algo, "bm"))
		return 0;
	return -ENOENT;
}

/* em_text_change(): kept as em_text_dump() gives it back, the
 * algorithm's name NUL-padded and the pad zero */
static int text_change(struct rtnl_net *rn, const void *data, int len,
		       struct rtnl_ematch *em)
{
	struct tcf_em_text conf, out;
	char algo[TC_EM_TEXT_ALGOSIZ + 1];
	int err;

	(void)rn;
	if ((size_t)len < sizeof(conf))
		return -EINVAL;
	memcpy(&conf, data, sizeof(conf));
	if ((size_t)len < sizeof(conf) + conf.pattern_len)
		return -EINVAL;
	if (conf.from_layer > conf.to_layer ||
	    (conf.from_layer == conf.to_layer &&
	     conf.from_offset > conf.to_offset))
		return -EINVAL;
	memcpy(algo, conf.algo, TC_EM_TEXT_ALGOSIZ);
	algo[TC_EM_TEXT_ALGOSIZ] = '\0';
	err = em_keep(em, data, sizeof(out) + conf.pattern_len);
	if (err)
		return err;
	err = ts_prepare(algo, (uint8_t *)em->data + sizeof(out),
			 conf.pattern_len);
	if (err)
		return err;
	memset(&out, 0, sizeof(out));
	/* one of the names ts_prepare() knows, NUL-padded */
	memcpy(out.algo, algo, strlen(algo));
	out.from_offset = conf.from_offset;
	out.to_offset = conf.to_offset;
	out.pattern_len = conf.pattern_len;
	out.from_layer = conf.from_layer;
	out.to_layer = conf.to_layer;
	memcpy(em->data, &out, sizeof(out));
	return 0;
}

/* ---- canid (em_canid.c) ---- */

#define EM_CAN_RULES_MAX 500

/* em_canid_change(): whole rules, at most 500, kept with the extended
 * frames' first, as Linux keeps them and dumps them back */
static int canid_change(struct rtnl_net *rn, const void *data, int len,
			struct rtnl_ematch *em)
{
	const struct can_filter *rules = data;
	size_t n = (size_t)len / sizeof(*rules), at = 0;
	struct can_filter *out;

	(void)rn;
	if (!len || len % (int)sizeof(*rules) || n > EM_CAN_RULES_MAX)
		return -EINVAL;
	out = malloc((size_t)len);
	if (!out)
		return -ENOMEM;
	for (int eff = 1; eff >= 0; eff--)
		for (size_t i = 0; i < n; i++) {
			struct can_filter r;

			memcpy(&r, &rules[i], sizeof(r));
			if (!!(r.can_id & CAN_EFF_FLAG) == eff)
				out[at++] = r;
		}
	em->data = out;
	em->datalen = (uint32_t)len;
	return 0;
}

/* ---- ipset (em_ipset.c) ---- */

/* em_ipset_change(): a struct xt_set_info whose set holds a reference
 * (ipset destroy answers EBUSY while the filter lives) */
static int ipset_change(struct rtnl_net *rn, const void *data, int len,
			struct rtnl_ematch *em)
{
	struct xt_set_info set;

	if (len != (int)sizeof(set))
		return -EINVAL;
	memcpy(&set, data, sizeof(set));
	if (ip_set_nfnl_get_byindex(rn->net, set.index) == IPSET_INVALID_ID)
		return -ENOENT;
	if (em_keep(em, &set, sizeof(set))) {
		ip_set_nfnl_put(rn->net, set.index);
		return -ENOMEM;
	}
	return 0;
}

static void ipset_destroy(struct rtnl_net *rn, struct rtnl_ematch *em)
{
	struct xt_set_info set;

	if (!em->data)
		return;
	memcpy(&set, em->data, sizeof(set));
	ip_set_nfnl_put(rn->net, set.index);
	free(em->data);
}

/* ---- ipt (em_ipt.c) ---- */

static const struct unl_nla_policy ipt_policy[TCA_EM_IPT_MAX + 1] = {
	[TCA_EM_IPT_MATCH_NAME] = { .type = UNL_NLA_STRING,
				    .len = XT_EXTENSION_MAXNAMELEN },
	[TCA_EM_IPT_MATCH_REVISION] = { .type = UNL_NLA_U8 },
	[TCA_EM_IPT_HOOK] = { .type = UNL_NLA_U32 },
	[TCA_EM_IPT_NFPROTO] = { .type = UNL_NLA_U8 },
	[TCA_EM_IPT_MATCH_DATA] = { .type = UNL_NLA_UNSPEC },
};

/* struct em_ipt_match: nfproto as asked, family as the match was
 * registered (NFPROTO_UNSPEC for every family) */
struct em_ipt {
	const struct xt_ext *match;
	const char *name;
	uint32_t hook;
	uint8_t nfproto, family, rev;
	/* aligned as x_tables structs want (checks read it as theirs) */
	uint8_t info[] __attribute__((aligned(8)));
};

/* em_ipt_xt_matches[]: the matches em_ipt takes, each at the one
 * revision it checks (policy only where packets come in) */
static const struct {
	const char *name;
	uint8_t rev;
	bool prerouting_only;
} ipt_matches[] = {
	{ "policy", 0, true },
	{ "addrtype", 1, false },
};

/* nla_strcmp(): whether the attribute's string, its NULs at the end
 * left out, is s */
static bool nla_is_string(const struct nlattr *a, const char *s)
{
	size_t len = (size_t)unl_nla_len(a), n = strlen(s);
	const char *d = unl_nla_data(a);

	while (len && !d[len - 1])
		len--;
	return len == n && !memcmp(d, s, n);
}

/* get_xt_match(): the match asked for, or -errno */
static int ipt_find(struct rtnl_net *rn, const struct nlattr **tb,
		    struct em_ipt *im)
{
	uint8_t rev = tb[TCA_EM_IPT_MATCH_REVISION]
			      ? unl_nla_get_u8(tb[TCA_EM_IPT_MATCH_REVISION])
			      : 0;
	size_t i;

	for (i = 0; i < sizeof(ipt_matches) / sizeof(ipt_matches[0]); i++)
		if (nla_is_string(tb[TCA_EM_IPT_MATCH_NAME],
				  ipt_matches[i].name))
			break;
	if (i == sizeof(ipt_matches) / sizeof(ipt_matches[0]) ||
	    rev != ipt_matches[i].rev ||
	    (ipt_matches[i].prerouting_only &&
	     unl_nla_get_u32(tb[TCA_EM_IPT_HOOK]) != NF_INET_PRE_ROUTING))
		return -EINVAL;
	im->name = ipt_matches[i].name;
	im->rev = rev;
	im->match = xt_request_find_match(unl_net_profile(rn->net), im->nfproto,
					  im->name, rev, &im->family);
	return im->match ? 0 : -ENOENT;
}

/* em_ipt_change(): the match found, its data copied to its aligned
 * size and checked as the filter table's at the one hook given */
static int ipt_change(struct rtnl_net *rn, const void *data, int len,
		      struct rtnl_ematch *em)
{
	const struct nlattr *tb[TCA_EM_IPT_MAX + 1];
	struct em_ipt probe = { 0 }, *im;
	uint32_t size;
	int err = unl_nla_parse(tb, TCA_EM_IPT_MAX, data, len, ipt_policy,
				UNL_VALIDATE_LIBERAL, NULL);

	if (err)
		return err;
	if (!tb[TCA_EM_IPT_HOOK] || !tb[TCA_EM_IPT_MATCH_NAME] ||
	    !tb[TCA_EM_IPT_MATCH_DATA] || !tb[TCA_EM_IPT_NFPROTO])
		return -EINVAL;
	probe.nfproto = unl_nla_get_u8(tb[TCA_EM_IPT_NFPROTO]);
	if (probe.nfproto != NFPROTO_IPV4 && probe.nfproto != NFPROTO_IPV6)
		return -EINVAL;
	err = ipt_find(rn, tb, &probe);
	if (err)
		return err;
	size = XT_ALIGN((uint32_t)unl_nla_len(tb[TCA_EM_IPT_MATCH_DATA]));
	im = calloc(1, sizeof(*im) + size);
	if (!im)
		return -ENOMEM;
	*im = probe;
	im->hook = unl_nla_get_u32(tb[TCA_EM_IPT_HOOK]);
	memcpy(im->info, unl_nla_data(tb[TCA_EM_IPT_MATCH_DATA]),
	       (size_t)unl_nla_len(tb[TCA_EM_IPT_MATCH_DATA]));
	err = xt_check_match_at(im->match, im->family, "filter",
				1u << (im->hook & 31), im->info, size);
	if (err) {
		free(im);
		return err;
	}
	em->data = im;
	em->datalen = (uint32_t)sizeof(*im) + size;
	return 0;
}

/* em_ipt_dump() */
static int ipt_dump(struct unl_skb *skb, const struct rtnl_ematch *em)
{
	const struct em_ipt *im = em->data;

	if (unl_nla_put_string(skb, TCA_EM_IPT_MATCH_NAME, im->name) ||
	    unl_nla_put_u32(skb, TCA_EM_IPT_HOOK, im->hook) ||
	    unl_nla_put_u8(skb, TCA_EM_IPT_MATCH_REVISION, im->rev) ||
	    unl_nla_put_u8(skb, TCA_EM_IPT_NFPROTO, im->nfproto) ||
	    unl_nla_put(skb, TCA_EM_IPT_MATCH_DATA,
			xt_match_size(im->match, true), im->info))
		return -EMSGSIZE;
	return 0;
}

static void ipt_destroy(struct rtnl_net *rn, struct rtnl_ematch *em)
{
	struct em_ipt *im = em->data;

	if (im)
		xt_match_destroy(im->match, rn->net, im->info, im->family);
	free(im);
}

static const struct rtnl_em_ops em_kinds[] = {
	{ TCF_EM_CMP, "cmp", sizeof(struct tcf_em_cmp), NULL, NULL, NULL },
	{ TCF_EM_NBYTE, "nbyte", sizeof(struct tcf_em_nbyte), nbyte_change,
	  NULL, NULL },
	{ TCF_EM_U32, "u32", sizeof(struct tc_u32_key), NULL, NULL, NULL },
	{ TCF_EM_META, "meta", 0, meta_change, meta_dump, meta_destroy },
	{ TCF_EM_TEXT, "text", 0, text_change, NULL, NULL },
	{ TCF_EM_CANID, "canid", 0, canid_change, NULL, NULL },
	{ TCF_EM_IPSET, "ipset", 0, ipset_change, NULL, ipset_destroy },
	{ TCF_EM_IPT, "ipt", 0, ipt_change, ipt_dump, ipt_destroy },
};

/* tcf_em_lookup(): the kind, when the net's kernel has its module */
static const struct rtnl_em_ops *em_lookup(struct rtnl_net *rn, uint16_t kind)
{
	for (size_t i = 0; i < sizeof(em_kinds) / sizeof(em_kinds[0]); i++)
		if (em_kinds[i].kind == kind)
			return unl_profile_has(unl_net_profile(rn->net),
					       UNL_PROFILE_EMATCH,
					       em_kinds[i].name)
				       ? &em_kinds[i]
				       : NULL;
	return NULL;
}

static void em_free_data(struct rtnl_net *rn, struct rtnl_ematch *em)
{
	if (em->ops && em->ops->destroy)
		em->ops->destroy(rn, em);
	else
		free(em->data);
	em->data = NULL;
}

void rtnl_em_tree_destroy(struct rtnl_em_tree *tree)
{
	for (unsigned int i = 0; tree->matches && i < tree->hdr.nmatches; i++)
		em_free_data(tree->rn, &tree->matches[i]);
	free(tree->matches);
	memset(tree, 0, sizeof(*tree));
}

/* a match's data: a container's reference, a simple u32, or what the
 * kind keeps */
static int em_data(struct rtnl_net *rn, const struct tcf_ematch_hdr *h,
		   const void *data, int len, int idx, uint16_t nmatches,
		   struct rtnl_ematch *em)
{
	const struct rtnl_em_ops *k;
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
	k = em_lookup(rn, h->kind);
	if (!k)
		return -ENOENT;
	em->ops = k;
	if (k->datalen && (size_t)len < k->datalen)
		return -EINVAL;
	if (k->change)
		return h->flags & TCF_EM_SIMPLE ? -EINVAL
						: k->change(rn, data, len, em);
	if (len <= 0)
		return 0;
	if (h->flags & TCF_EM_SIMPLE) {
		if (k->datalen || len < 4)
			return -EINVAL;
		memcpy(&u, data, 4);
		em->value = u;
		em->datalen = (uint32_t)len;
		return 0;
	}
	return em_keep(em, data, (size_t)len) ? -ENOBUFS : 0;
}

/* tcf_em_validate() */
static int em_validate(struct rtnl_net *rn, const struct nlattr *nla, int idx,
		       uint16_t nmatches, struct rtnl_ematch *em)
{
	struct tcf_ematch_hdr h;
	int len = unl_nla_len(nla) - (int)sizeof(h), err;

	memcpy(&h, unl_nla_data(nla), sizeof(h));
	if (!TCF_EM_REL_VALID(h.flags))
		return -EINVAL;
	em->kind = h.kind;
	err = em_data(rn, &h, (const uint8_t *)unl_nla_data(nla) + sizeof(h),
		      len, idx, nmatches, em);
	if (err)
		return err;
	em->matchid = h.matchid;
	em->flags = h.flags;
	return 0;
}

int rtnl_em_tree_validate(struct rtnl_net *rn, const struct nlattr *nla,
			  struct rtnl_em_tree *tree)
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
	tree->rn = rn;
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
		err = em_validate(rn, m, idx, tree->hdr.nmatches,
				  &tree->matches[idx]);
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

/* one match: its header, then its data in the same attribute (the
 * kernel grows the attribute over it) */
static int em_dump(struct unl_skb *skb, const struct rtnl_ematch *em, int type)
{
	struct tcf_ematch_hdr h = {
		.kind = em->ops ? em->kind : TCF_EM_CONTAINER,
		.matchid = em->matchid,
		.flags = em->flags,
	};
	struct nlattr *one = rtnl_nest_start(skb, type);
	uint32_t u = em->value;
	int err;

	if (!one || put_nohdr(skb, &h, sizeof(h)))
		return -EMSGSIZE;
	if (em->ops && em->ops->dump)
		err = em->ops->dump(skb, em);
	else if (!em->ops || (em->flags & TCF_EM_SIMPLE))
		err = put_nohdr(skb, &u, sizeof(u));
	else
		err = em->datalen ? put_nohdr(skb, em->data, em->datalen) : 0;
	if (err)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, one);
	return 0;
}

int rtnl_em_tree_dump(struct unl_skb *skb, const struct rtnl_em_tree *tree,
		      int tlv)
{
	struct nlattr *top = rtnl_nest_start(skb, tlv), *list;

	if (!top ||
	    unl_nla_put(skb, TCA_EMATCH_TREE_HDR, sizeof(tree->hdr), &tree->hdr))
		return -EMSGSIZE;
	list = rtnl_nest_start(skb, TCA_EMATCH_TREE_LIST);
	if (!list)
		return -EMSGSIZE;
	for (unsigned int i = 0; i < tree->hdr.nmatches; i++)
		if (em_dump(skb, &tree->matches[i], (int)i + 1))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, list);
	unl_nla_nest_end(skb, top);
	return 0;
}
