// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cthelper (net/netfilter/nfnetlink_cthelper.c, NFNL_SUBSYS_CTHELPER):
 * the conntrack helpers that live in userspace (conntrackd, `nfct add
 * helper`), each a name, a layer 3 and 4 protocol, a queue, a private
 * data size and up to four expectation policies.
 *
 * Linux keeps them for the whole machine, not per network namespace:
 * one list (nfnl_cthelper_list) and the conntrack helper hash, asked
 * with capable(CAP_NET_ADMIN).  A helper made in one namespace is
 * listed, changed and deleted from every other.  unetlink's machine is
 * the world, so the helpers are the world's (nfnl_world_state()), and
 * each net's subsystem state points there.
 * No packet flows, so no helper is ever called.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_cthelper.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nf_conntrack_helper.h"
#include "proto/netfilter/nfnetlink.h"

#define CTH_NAME_LEN 16       /* NF_CT_HELPER_NAME_LEN */
#define CTH_MAX_CLASSES 4     /* NF_CT_MAX_EXPECT_CLASSES */
#define CTH_EXPECT_MAX 255    /* NF_CT_EXPECT_MAX_CNT */
#define CTH_DATA_MAX 32       /* sizeof(((struct nf_conn_help *)0)->data) */
#define CTH_HASH_SIZE 512     /* nf_ct_helper_hsize: one page of heads */

struct cth_policy {
	char name[CTH_NAME_LEN];
	uint32_t max_expected, timeout;
};

struct cth {
	struct nf_ct_helper head; /* user: true */
	struct cth *next;
	char name[CTH_NAME_LEN];
	uint16_t l3num;
	uint8_t l4num;
	uint32_t queue_num, data_len;
	bool configured; /* NF_CT_HELPER_F_CONFIGURED */
	uint32_t nclass;
	struct cth_policy pol[CTH_MAX_CLASSES];
	uint64_t born; /* for the hash's order: newest first in a bucket */
	unsigned int users; /* tc ct actions that hold it (refcnt - 1) */
};

/* the helpers of the world, in the order they were made */
struct cth_world {
	struct cth *head;
	uint64_t born;
};

static const struct unl_nla_policy cth_policy[NFCTH_MAX + 1] = {
	[NFCTH_NAME] = { .type = UNL_NLA_NUL_STRING, .len = CTH_NAME_LEN - 1 },
	[NFCTH_QUEUE_NUM] = { .type = UNL_NLA_U32 },
	[NFCTH_PRIV_DATA_LEN] = { .type = UNL_NLA_U32 },
	[NFCTH_STATUS] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy cth_tuple_policy[NFCTH_TUPLE_MAX + 1] = {
	[NFCTH_TUPLE_L3PROTONUM] = { .type = UNL_NLA_U16 },
	[NFCTH_TUPLE_L4PROTONUM] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy cth_expect_policy[NFCTH_POLICY_MAX + 1] = {
	[NFCTH_POLICY_NAME] = { .type = UNL_NLA_NUL_STRING,
				.len = CTH_NAME_LEN - 1 },
	[NFCTH_POLICY_EXPECT_MAX] = { .type = UNL_NLA_U32 },
	[NFCTH_POLICY_EXPECT_TIMEOUT] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	cth_policy_set[NFCTH_POLICY_SET_MAX + 1] = {
	[NFCTH_POLICY_SET_NUM] = { .type = UNL_NLA_U32 },
};

static uint32_t be32_of(const struct nlattr *a)
{
	return ntohl(unl_nla_get_u32(a));
}

/* nfnl_cthelper_parse_tuple(): both protocols are needed */
static int cth_parse_tuple(const struct nlattr *attr, uint16_t *l3,
			   uint8_t *l4)
{
	const struct nlattr *tb[NFCTH_TUPLE_MAX + 1];
	int err = unl_nla_parse_nested(tb, NFCTH_TUPLE_MAX, attr,
				       cth_tuple_policy, UNL_VALIDATE_LIBERAL,
				       NULL);

	if (err < 0)
		return err;
	if (!tb[NFCTH_TUPLE_L3PROTONUM] || !tb[NFCTH_TUPLE_L4PROTONUM])
		return -EINVAL;
	*l3 = ntohs(unl_nla_get_u16(tb[NFCTH_TUPLE_L3PROTONUM]));
	*l4 = unl_nla_get_u8(tb[NFCTH_TUPLE_L4PROTONUM]);
	return 0;
}

/* nfnl_cthelper_expect_policy(): a new class; 0 expectations means
 * the most there may be */
static int cth_parse_class(const struct nlattr *attr, struct cth_policy *p)
{
	const struct nlattr *tb[NFCTH_POLICY_MAX + 1];
	int err = unl_nla_parse_nested(tb, NFCTH_POLICY_MAX, attr,
				       cth_expect_policy, UNL_VALIDATE_LIBERAL,
				       NULL);

	if (err < 0)
		return err;
	if (!tb[NFCTH_POLICY_NAME] || !tb[NFCTH_POLICY_EXPECT_MAX] ||
	    !tb[NFCTH_POLICY_EXPECT_TIMEOUT])
		return -EINVAL;
	unl_nla_strscpy(p->name, tb[NFCTH_POLICY_NAME], sizeof(p->name));
	p->max_expected = be32_of(tb[NFCTH_POLICY_EXPECT_MAX]);
	if (!p->max_expected)
		p->max_expected = CTH_EXPECT_MAX;
	if (p->max_expected > CTH_EXPECT_MAX)
		return -EINVAL;
	p->timeout = be32_of(tb[NFCTH_POLICY_EXPECT_TIMEOUT]);
	return 0;
}

/* The NFCTH_POLICY nest: its NFCTH_POLICY_SET_NUM (a policy of
 * NLA_POLICY_MAX(NLA_BE32, 4)) and the table, parsed. */
static int cth_parse_set(const struct nlattr *attr,
			 const struct nlattr *tb[NFCTH_POLICY_SET_MAX + 1],
			 uint32_t *num)
{
	int err = unl_nla_parse_nested(tb, NFCTH_POLICY_SET_MAX, attr,
				       cth_policy_set, UNL_VALIDATE_LIBERAL,
				       NULL);

	if (err < 0)
		return err;
	if (!tb[NFCTH_POLICY_SET_NUM])
		return -EINVAL;
	*num = be32_of(tb[NFCTH_POLICY_SET_NUM]);
	return *num > CTH_MAX_CLASSES ? -ERANGE : 0;
}

/* nfnl_cthelper_parse_expect_policy(): one to four classes; a missing
 * or bad one is EINVAL whatever was wrong with it */
static int cth_parse_policies(const struct nlattr *attr, struct cth *h)
{
	const struct nlattr *tb[NFCTH_POLICY_SET_MAX + 1];
	uint32_t num;
	int err = cth_parse_set(attr, tb, &num);

	if (err < 0)
		return err;
	if (!num)
		return -EINVAL;
	for (uint32_t i = 0; i < num; i++)
		if (!tb[NFCTH_POLICY_SET + i] ||
		    cth_parse_class(tb[NFCTH_POLICY_SET + i], &h->pol[i]) < 0)
			return -EINVAL;
	h->nclass = num;
	return 0;
}

static void cth_set_status(struct cth *h, const struct nlattr *a)
{
	if (!a)
		return;
	switch (be32_of(a)) {
	case NFCT_HELPER_STATUS_ENABLED:
		h->configured = true;
		break;
	case NFCT_HELPER_STATUS_DISABLED:
		h->configured = false;
		break;
	}
}

/* nfnl_cthelper_create() */
static int cth_create(struct cth_world *w, const struct unl_profile *p,
		      const struct nlattr *const tb[], uint16_t l3, uint8_t l4)
{
	struct cth *h, **pp;
	int err;

	if (!tb[NFCTH_TUPLE] || !tb[NFCTH_POLICY] || !tb[NFCTH_PRIV_DATA_LEN])
		return -EINVAL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	err = cth_parse_policies(tb[NFCTH_POLICY], h);
	if (err < 0)
		goto fail;
	unl_nla_strscpy(h->name, tb[NFCTH_NAME], sizeof(h->name));
	h->data_len = be32_of(tb[NFCTH_PRIV_DATA_LEN]);
	err = -ENOMEM;
	if (h->data_len > CTH_DATA_MAX)
		goto fail;
	h->l3num = l3;
	h->l4num = l4;
	if (tb[NFCTH_QUEUE_NUM])
		h->queue_num = be32_of(tb[NFCTH_QUEUE_NUM]);
	cth_set_status(h, tb[NFCTH_STATUS]);
	/* nf_conntrack_helper_register(): a kernel helper has it */
	err = -EBUSY;
	if (nf_ct_kernel_helper_taken(p, h->name, l3, l4))
		goto fail;
	h->head.user = true;
	h->born = ++w->born;
	for (pp = &w->head; *pp; pp = &(*pp)->next)
		;
	*pp = h;
	return 0;
fail:
	free(h);
	return err;
}

/* nfnl_cthelper_update_policy(): the same classes by name, every one
 * checked before any changes */
static int cth_update_policies(struct cth *h, const struct nlattr *attr)
{
	const struct nlattr *tb[NFCTH_POLICY_SET_MAX + 1];
	struct cth_policy np[CTH_MAX_CLASSES];
	uint32_t num;
	int err = cth_parse_set(attr, tb, &num);

	if (err < 0)
		return err;
	if (num != h->nclass)
		return -EBUSY;
	for (uint32_t i = 0; i < num; i++) {
		const struct nlattr *pt[NFCTH_POLICY_MAX + 1];

		if (!tb[NFCTH_POLICY_SET + i])
			return -EINVAL;
		err = unl_nla_parse_nested(pt, NFCTH_POLICY_MAX,
					   tb[NFCTH_POLICY_SET + i],
					   cth_expect_policy,
					   UNL_VALIDATE_LIBERAL, NULL);
		if (err < 0)
			return err;
		if (!pt[NFCTH_POLICY_NAME] || !pt[NFCTH_POLICY_EXPECT_MAX] ||
		    !pt[NFCTH_POLICY_EXPECT_TIMEOUT])
			return -EINVAL;
		if (strncmp(unl_nla_data(pt[NFCTH_POLICY_NAME]), h->pol[i].name,
			    CTH_NAME_LEN))
			return -EBUSY;
		np[i].max_expected = be32_of(pt[NFCTH_POLICY_EXPECT_MAX]);
		if (np[i].max_expected > CTH_EXPECT_MAX)
			return -EINVAL;
		np[i].timeout = be32_of(pt[NFCTH_POLICY_EXPECT_TIMEOUT]);
	}
	for (uint32_t i = 0; i < num; i++) {
		h->pol[i].max_expected = np[i].max_expected;
		h->pol[i].timeout = np[i].timeout;
	}
	return 0;
}

/* nfnl_cthelper_update(): the data size may not change */
static int cth_update(struct cth *h, const struct nlattr *const tb[])
{
	int err;

	if (tb[NFCTH_PRIV_DATA_LEN] &&
	    be32_of(tb[NFCTH_PRIV_DATA_LEN]) != h->data_len)
		return -EBUSY;
	if (tb[NFCTH_POLICY]) {
		err = cth_update_policies(h, tb[NFCTH_POLICY]);
		if (err < 0)
			return err;
	}
	if (tb[NFCTH_QUEUE_NUM])
		h->queue_num = be32_of(tb[NFCTH_QUEUE_NUM]);
	cth_set_status(h, tb[NFCTH_STATUS]);
	return 0;
}

static bool cth_matches(const struct cth *h, const struct nlattr *name,
			bool tuple, uint16_t l3, uint8_t l4)
{
	if (name && strncmp(h->name, unl_nla_data(name), CTH_NAME_LEN))
		return false;
	return !tuple || (h->l3num == l3 && h->l4num == l4);
}

/* nfnl_cthelper_new(): capable(CAP_NET_ADMIN), a helper of the machine */
static int cth_new(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const tb[])
{
	struct cth_world *w = info->priv;
	uint16_t l3;
	uint8_t l4;
	int err;

	(void)skb;
	if (!unl_net_capable(info->net, CAP_NET_ADMIN))
		return -EPERM;
	if (!tb[NFCTH_NAME] || !tb[NFCTH_TUPLE])
		return -EINVAL;
	err = cth_parse_tuple(tb[NFCTH_TUPLE], &l3, &l4);
	if (err < 0)
		return err;
	for (struct cth *h = w->head; h; h = h->next) {
		if (!cth_matches(h, tb[NFCTH_NAME], true, l3, l4))
			continue;
		if (info->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		return cth_update(h, tb);
	}
	return cth_create(w, unl_net_profile(info->net), tb, l3, l4);
}

/* nfnl_cthelper_fill_info() */
static int cth_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
		    const struct cth *h)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_CTHELPER << 8 | NFNL_MSG_CTHELPER_NEW),
		portid ? NLM_F_MULTI : 0, AF_UNSPEC, NFNETLINK_V0, 0);
	struct nlattr *nest, *cls;

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFCTH_NAME, h->name) ||
	    unl_nla_put_u32(skb, NFCTH_QUEUE_NUM, htonl(h->queue_num)))
		goto cancel;
	nest = unl_nla_nest_start(skb, NFCTH_TUPLE);
	if (!nest ||
	    unl_nla_put_u16(skb, NFCTH_TUPLE_L3PROTONUM, htons(h->l3num)) ||
	    unl_nla_put_u8(skb, NFCTH_TUPLE_L4PROTONUM, h->l4num))
		goto cancel;
	unl_nla_nest_end(skb, nest);
	nest = unl_nla_nest_start(skb, NFCTH_POLICY);
	if (!nest ||
	    unl_nla_put_u32(skb, NFCTH_POLICY_SET_NUM, htonl(h->nclass)))
		goto cancel;
	for (uint32_t i = 0; i < h->nclass; i++) {
		cls = unl_nla_nest_start(skb, (int)(NFCTH_POLICY_SET + i));
		if (!cls ||
		    unl_nla_put_string(skb, NFCTH_POLICY_NAME, h->pol[i].name) ||
		    unl_nla_put_u32(skb, NFCTH_POLICY_EXPECT_MAX,
				    htonl(h->pol[i].max_expected)) ||
		    unl_nla_put_u32(skb, NFCTH_POLICY_EXPECT_TIMEOUT,
				    htonl(h->pol[i].timeout)))
			goto cancel;
		unl_nla_nest_end(skb, cls);
	}
	unl_nla_nest_end(skb, nest);
	if (unl_nla_put_u32(skb, NFCTH_PRIV_DATA_LEN, htonl(h->data_len)) ||
	    unl_nla_put_u32(skb, NFCTH_STATUS,
			    htonl(h->configured ? NFCT_HELPER_STATUS_ENABLED
						: NFCT_HELPER_STATUS_DISABLED)))
		goto cancel;
	unl_nlmsg_end(skb, nlh);
	return 0;
cancel:
	unl_nlmsg_cancel(skb, nlh);
	return -1;
}

/* nf_ct_helper_hash's bucket of a userspace helper (helper_hash(): the
 * source port of its tuple is 0) */
static uint32_t cth_bucket(const struct cth *h)
{
	return (((uint32_t)h->l3num << 8) | h->l4num) % CTH_HASH_SIZE;
}

/* Whether a comes before b in a walk of the hash: by bucket, then the
 * newest first (hlist_add_head_rcu). */
static bool cth_before(const struct cth *a, const struct cth *b)
{
	uint32_t ba = cth_bucket(a), bb = cth_bucket(b);

	return ba != bb ? ba < bb : a->born > b->born;
}

static int cth_cmp(const void *a, const void *b)
{
	const struct cth *x = *(const struct cth *const *)a;
	const struct cth *y = *(const struct cth *const *)b;

	return cth_before(x, y) ? -1 : cth_before(y, x) ? 1 : 0;
}

/* nfnl_cthelper_dump_table(): in the hash's order; cb->args[0] counts
 * the helpers sent */
static int cth_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct cth_world *w = cb->data;
	struct cth **v;
	size_t n = 0, i = 0;

	for (struct cth *h = w->head; h; h = h->next)
		n++;
	if (!n)
		return 0;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (struct cth *h = w->head; h; h = h->next)
		v[i++] = h;
	qsort(v, n, sizeof(*v), cth_cmp);
	for (i = (size_t)cb->args[0]; i < n; i++) {
		if (cth_fill(skb, unl_skb_cb(cb->skb)->portid,
			     cb->nlh->nlmsg_seq, v[i]) < 0)
			break;
		cb->args[0] = (long)i + 1;
	}
	free(v);
	return (int)unl_skb_len(skb);
}

/* nfnl_cthelper_get(): a dump, or the first helper of the list that
 * matches the name and tuple given */
static int cth_get(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const tb[])
{
	struct cth_world *w = info->priv;
	bool tuple = false;
	uint16_t l3 = 0;
	uint8_t l4 = 0;
	int err;

	if (!unl_net_capable(info->net, CAP_NET_ADMIN))
		return -EPERM;
	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = { .dump = cth_dump, .data = w };

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (tb[NFCTH_TUPLE]) {
		err = cth_parse_tuple(tb[NFCTH_TUPLE], &l3, &l4);
		if (err < 0)
			return err;
		tuple = true;
	}
	for (struct cth *h = w->head; h; h = h->next) {
		struct unl_skb *skb2;

		if (!cth_matches(h, tb[NFCTH_NAME], tuple, l3, l4))
			continue;
		skb2 = unl_nlmsg_new(4096);
		if (!skb2)
			return -ENOMEM;
		if (cth_fill(skb2, unl_skb_cb(skb)->portid,
			     info->nlh->nlmsg_seq, h) < 0) {
			unl_skb_free(skb2);
			return -EMSGSIZE;
		}
		return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
	}
	return -ENOENT;
}

/* nfnl_cthelper_del(): every helper that matches (all of them without
 * a name or tuple) and that no ct action holds; ENOENT when there were
 * some but none matched, EBUSY when the last that matched is held */
static int cth_del(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const tb[])
{
	struct cth_world *w = info->priv;
	bool tuple = false, found = false, any = w->head != NULL;
	uint16_t l3 = 0;
	uint8_t l4 = 0;
	int err, ret = -ENOENT;

	(void)skb;
	if (!unl_net_capable(info->net, CAP_NET_ADMIN))
		return -EPERM;
	if (tb[NFCTH_TUPLE]) {
		err = cth_parse_tuple(tb[NFCTH_TUPLE], &l3, &l4);
		if (err < 0)
			return err;
		tuple = true;
	}
	for (struct cth **pp = &w->head; *pp;) {
		struct cth *h = *pp;

		if (!cth_matches(h, tb[NFCTH_NAME], tuple, l3, l4)) {
			pp = &h->next;
			continue;
		}
		/* refcount_dec_if_one(): one a ct action holds stays */
		if (h->users) {
			ret = -EBUSY;
			pp = &h->next;
			continue;
		}
		found = true;
		*pp = h->next;
		free(h);
	}
	return found || !any ? 0 : ret;
}

#define CTH_CB(fn)                                                         \
	{ .call = (fn), .type = NFNL_CB_MUTEX, .attr_count = NFCTH_MAX,    \
	  .policy = cth_policy }

static const struct nfnl_callback cth_cb[NFNL_MSG_CTHELPER_MAX] = {
	[NFNL_MSG_CTHELPER_NEW] = CTH_CB(cth_new),
	[NFNL_MSG_CTHELPER_GET] = CTH_CB(cth_get),
	[NFNL_MSG_CTHELPER_DEL] = CTH_CB(cth_del),
};

static bool cth_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_CT_NETLINK_HELPER");
}

static void cth_world_free(void *priv)
{
	struct cth_world *w = priv;

	while (w->head) {
		struct cth *h = w->head;

		w->head = h->next;
		free(h);
	}
	free(w);
}

/* The world's helpers, made with its first net that has the
 * subsystem. */
static void *cth_world_new(void)
{
	return calloc(1, sizeof(struct cth_world));
}

static int cth_net_init(struct nfnl_net *nn, void **priv)
{
	*priv = nfnl_world_state(nn, NFNL_SUBSYS_CTHELPER, cth_world_new,
				 cth_world_free);
	return *priv ? 0 : -ENOMEM;
}

static void cth_net_exit(void *priv)
{
	(void)priv; /* the world's, freed with it */
}

const struct nfnl_subsystem nfnl_cthelper_subsys = {
	.name = "cthelper",
	.subsys_id = NFNL_SUBSYS_CTHELPER,
	.cb_count = NFNL_MSG_CTHELPER_MAX,
	.cb = cth_cb,
	.offered = cth_offered,
	.net_init = cth_net_init,
	.net_exit = cth_net_exit,
};

/* ---- the helpers as the rest of the kernel finds them ---- */

struct nf_ct_helper *nfnl_cthelper_try_get(struct unl_net *net,
					   const char *name, uint16_t l3num,
					   uint8_t l4num)
{
	struct nfnl_net *nn = nfnl_net_of(net);
	struct cth_world *w = nn ? nfnl_world_state(nn, NFNL_SUBSYS_CTHELPER,
						    cth_world_new,
						    cth_world_free)
				 : NULL;

	for (struct cth *h = w ? w->head : NULL; h; h = h->next)
		if (!strncmp(h->name, name, CTH_NAME_LEN) &&
		    h->l3num == l3num && h->l4num == l4num) {
			h->users++;
			return &h->head;
		}
	return NULL;
}

void nfnl_cthelper_put(struct nf_ct_helper *helper)
{
	struct cth *h = (struct cth *)helper;

	if (h && h->users)
		h->users--;
}

void nfnl_cthelper_describe(const struct nf_ct_helper *helper,
			    const char **name, uint16_t *l3num, uint8_t *l4num)
{
	const struct cth *h = (const struct cth *)helper;

	*name = h->name;
	*l3num = h->l3num;
	*l4num = h->l4num;
}

/* __nf_conntrack_helper_find() among the world's userspace helpers:
 * no reference taken.  A conntrack entry keeps the helper's birth
 * (unique in the world) rather than the helper, which may go; Linux
 * takes a helper that goes away from the entries (unhelp()), so an
 * entry whose helper is no longer found has none. */
static struct cth_world *cth_world_of(struct unl_net *net)
{
	struct nfnl_net *nn = nfnl_net_of(net);

	/* the net's state is the world's list, when its profile has
	 * cthelper at all */
	return nn ? nfnl_subsys_priv(nn, NFNL_SUBSYS_CTHELPER) : NULL;
}

uint64_t nfnl_cthelper_find(struct unl_net *net, const char *name,
			    uint16_t l3num, uint8_t l4num)
{
	struct cth_world *w = cth_world_of(net);

	for (struct cth *h = w ? w->head : NULL; h; h = h->next)
		if (!strncmp(h->name, name, CTH_NAME_LEN) &&
		    h->l3num == l3num && h->l4num == l4num)
			return h->born;
	return 0;
}

const char *nfnl_cthelper_by_birth(struct unl_net *net, uint64_t born,
				   uint32_t *data_len)
{
	struct cth_world *w = cth_world_of(net);

	for (struct cth *h = w && born ? w->head : NULL; h; h = h->next)
		if (h->born == born) {
			*data_len = h->data_len;
			return h->name;
		}
	return NULL;
}

bool nfnl_cthelper_expect_policy(struct unl_net *net, uint64_t born,
				 uint32_t class, struct nf_ct_expect_policy *out)
{
	struct cth_world *w = cth_world_of(net);

	for (struct cth *h = w && born ? w->head : NULL; h; h = h->next)
		if (h->born == born) {
			/* expect_class_max: the classes it was given */
			if (class >= h->nclass)
				return false;
			out->max_expected = h->pol[class].max_expected;
			out->timeout = h->pol[class].timeout;
			out->name = h->pol[class].name;
			return true;
		}
	return false;
}
