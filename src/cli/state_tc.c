// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Traffic control in a state (docs/state.md, step "tc"): the actions
 * made on their own, then each device's qdiscs, classes and filters,
 * parents before children, as the requests that make them.
 *
 * What the kernel makes by itself is left to it: the default qdiscs
 * (handle 0:, noqueue, pfifo_fast, mq and its children), the classes a
 * qdisc has from the start (prio's bands, mq's queues), u32's root hash
 * tables.  Statistics, timers and hardware counts go; an action keeps
 * its index, so that a filter's action and a lone one stay one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/gen_stats.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_csum.h>
#include <linux/tc_act/tc_gact.h>
#include <linux/tc_act/tc_mirred.h>
#include <linux/tc_act/tc_nat.h>
#include <linux/tc_act/tc_pedit.h>
#include <linux/tc_act/tc_skbedit.h>
#include <linux/tc_act/tc_tunnel_key.h>
#include <linux/tc_act/tc_vlan.h>

#include "cli/state-private.h"

/* Qdiscs whose classes the user makes; the others' are the qdisc's own. */
static bool classes_made_by_user(const char *kind)
{
	return !strcmp(kind, "htb") || !strcmp(kind, "hfsc") ||
	       !strcmp(kind, "drr") || !strcmp(kind, "qfq");
}

static const char *tc_kind(const struct nlmsghdr *h)
{
	const struct nlattr *tb[TCA_MAX + 1];

	st_parse_msg(h, sizeof(struct tcmsg), tb, TCA_MAX);
	return tb[TCA_KIND] ? st_payload(tb[TCA_KIND]) : "";
}

/* ---- actions ---------------------------------------------------------- */

/* An action's dump without its statistics, counts in hardware, and the
 * times it was used (TCA_<KIND>_TM, which Linux ignores when given). */
static bool skip_action_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == TCA_ACT_STATS || type == TCA_ACT_PAD ||
	       type == TCA_ACT_USED_HW_STATS || type == TCA_ACT_IN_HW_COUNT;
}

/* The action kinds saved: each one's TCA_<KIND>_TM (when it was made
 * and last used, a clock the kernel starts again) and its parameters,
 * which begin with the generic ones (struct tc_gen), police's aside. */
static const struct {
	const char *kind;
	int tm, parms;
} action_kinds[] = {
	{ "gact", TCA_GACT_TM, TCA_GACT_PARMS },
	{ "mirred", TCA_MIRRED_TM, TCA_MIRRED_PARMS },
	{ "skbedit", TCA_SKBEDIT_TM, TCA_SKBEDIT_PARMS },
	{ "police", TCA_POLICE_TM, TCA_POLICE_TBF },
	{ "pedit", TCA_PEDIT_TM, TCA_PEDIT_PARMS },
	{ "vlan", TCA_VLAN_TM, TCA_VLAN_PARMS },
	{ "csum", TCA_CSUM_TM, TCA_CSUM_PARMS },
	{ "tunnel_key", TCA_TUNNEL_KEY_TM, TCA_TUNNEL_KEY_PARMS },
	{ "nat", TCA_NAT_TM, TCA_NAT_PARMS },
};

#define N_ACTION_KINDS (sizeof(action_kinds) / sizeof(action_kinds[0]))

static bool skip_action_tm(const struct nlattr *a, const void *ctx)
{
	return (a->nla_type & NLA_TYPE_MASK) == *(const int *)ctx;
}

/* One action (its KIND, OPTIONS, INDEX...) without counters and clock. */
static void put_action(struct buf *b, const struct nlattr *act)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	const struct nlattr *a = st_payload(act);
	size_t len = st_plen(act);
	int tm = -1;

	st_parse(st_payload(act), st_plen(act), tb, TCA_ACT_MAX);
	for (size_t i = 0; tb[TCA_ACT_KIND] && i < N_ACTION_KINDS; i++)
		if (!strcmp(st_payload(tb[TCA_ACT_KIND]), action_kinds[i].kind))
			tm = action_kinds[i].tm;
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == TCA_ACT_OPTIONS) {
			size_t n = st_nest_start(b, a->nla_type);

			st_copy_attrs(b, st_payload(a), st_plen(a),
				      skip_action_tm, &tm);
			st_nest_end(b, n);
		} else if (!skip_action_attr(a, NULL)) {
			st_put_copy(b, a);
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
}

/* A list of actions (TCA_ACT_TAB, or a classifier's *_ACT): each entry
 * as the request that makes or binds it. */
static void put_actions(struct buf *b, const struct nlattr *list)
{
	const struct nlattr *a = st_payload(list);
	size_t len = st_plen(list), n = st_nest_start(b, list->nla_type);

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len) {
		size_t one = st_nest_start(b, a->nla_type);

		put_action(b, a);
		st_nest_end(b, one);
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	st_nest_end(b, n);
}

/* Whether an action of kind k was made on its own (tc actions add): it
 * counts one reference more than its bindings. */
static bool action_standalone(const struct nlattr *act, size_t k)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1], *opt[16];
	struct tc_police pol;
	int refcnt, bindcnt;

	st_parse(st_payload(act), st_plen(act), tb, TCA_ACT_MAX);
	if (!tb[TCA_ACT_OPTIONS])
		return false;
	st_parse(st_payload(tb[TCA_ACT_OPTIONS]), st_plen(tb[TCA_ACT_OPTIONS]),
		 opt, 15);
	if (!opt[action_kinds[k].parms])
		return false;
	if (!strcmp(action_kinds[k].kind, "police")) {
		if (st_plen(opt[TCA_POLICE_TBF]) < sizeof(pol))
			return false;
		memcpy(&pol, st_payload(opt[TCA_POLICE_TBF]), sizeof(pol));
		refcnt = pol.refcnt;
		bindcnt = pol.bindcnt;
	} else {
		struct tc_gact gen; /* struct tc_gen's fields, and only them */

		if (st_plen(opt[action_kinds[k].parms]) < sizeof(gen))
			return false;
		memcpy(&gen, st_payload(opt[action_kinds[k].parms]),
		       sizeof(gen));
		refcnt = gen.refcnt;
		bindcnt = gen.bindcnt;
	}
	return refcnt > bindcnt;
}

/* Lone actions of each kind, made before the filters that bind them. */
static int save_actions(int fd, struct out *o, struct buf *b)
{
	for (size_t k = 0; k < N_ACTION_KINDS; k++) {
		struct tcamsg t = { .tca_family = AF_UNSPEC };
		struct buf q = { 0 };
		struct msgs m = { 0 };
		size_t tab, one;
		int ret;

		tab = st_nest_start(&q, TCA_ACT_TAB);
		one = st_nest_start(&q, 1);
		st_put_attr(&q, TCA_ACT_KIND, action_kinds[k].kind,
			    strlen(action_kinds[k].kind) + 1);
		st_nest_end(&q, one);
		st_nest_end(&q, tab);
		ret = q.oom ? -ENOMEM
			    : st_dump_with(fd, RTM_GETACTION, &t, sizeof(t), &q,
					   &m);
		free(q.p);
		for (size_t i = 0; !ret && i < m.n; i++) {
			const struct nlattr *tb[TCA_ROOT_MAX + 1], *a;
			size_t len;

			st_parse_msg(m.v[i], sizeof(t), tb, TCA_ROOT_MAX);
			/* Linux dumps them as RTM_GETACTION */
			if ((m.v[i]->nlmsg_type != RTM_NEWACTION &&
			     m.v[i]->nlmsg_type != RTM_GETACTION) ||
			    !tb[TCA_ACT_TAB])
				continue;
			a = st_payload(tb[TCA_ACT_TAB]);
			len = st_plen(tb[TCA_ACT_TAB]);
			while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       (size_t)a->nla_len <= len) {
				if (action_standalone(a, k)) {
					size_t tb2, e;

					st_req_start(b, RTM_NEWACTION,
						     NLM_F_CREATE | NLM_F_EXCL,
						     &t, sizeof(t));
					tb2 = st_nest_start(b, TCA_ACT_TAB);
					e = st_nest_start(b, 1);
					put_action(b, a);
					st_nest_end(b, e);
					st_nest_end(b, tb2);
					st_emit(o, "tc", b);
				}
				if ((size_t)NLA_ALIGN(a->nla_len) >= len)
					break;
				len -= NLA_ALIGN(a->nla_len);
				a = (const void *)((const char *)a +
						   NLA_ALIGN(a->nla_len));
			}
		}
		st_msgs_free(&m);
		/* a kind this kernel lacks has none */
		if (ret && ret != -EINVAL && ret != -ENOENT &&
		    ret != -EOPNOTSUPP)
			return ret;
	}
	return 0;
}

/* ---- qdiscs and classes ------------------------------------------------ */

static bool skip_tc_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == TCA_STATS || type == TCA_STATS2 || type == TCA_XSTATS ||
	       type == TCA_RATE || type == TCA_FCNT || type == TCA_PAD ||
	       type == TCA_DUMP_INVISIBLE || type == TCA_HW_OFFLOAD ||
	       type == TCA_STAB || type == TCA_DUMP_FLAGS;
}

static bool skip_htb_init(const struct nlattr *a, const void *ctx)
{
	(void)ctx;
	return (a->nla_type & NLA_TYPE_MASK) == TCA_HTB_INIT;
}

/* htb dumps its whole version (HTB_VER) where htb_init() wants only the
 * major part. */
static void put_htb_options(struct buf *b, const struct nlattr *opts)
{
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	size_t n = st_nest_start(b, opts->nla_type);
	struct tc_htb_glob g;

	st_parse(st_payload(opts), st_plen(opts), tb, TCA_HTB_MAX);
	if (tb[TCA_HTB_INIT] && st_plen(tb[TCA_HTB_INIT]) >= sizeof(g)) {
		memcpy(&g, st_payload(tb[TCA_HTB_INIT]), sizeof(g));
		g.version = g.version >> 16;
		g.direct_pkts = 0;
		st_put_attr(b, TCA_HTB_INIT, &g, sizeof(g));
	}
	st_copy_attrs(b, st_payload(opts), st_plen(opts), skip_htb_init, NULL);
	st_nest_end(b, n);
}

static bool skip_tc_options(const struct nlattr *a, const void *ctx)
{
	return skip_tc_attr(a, ctx) ||
	       (a->nla_type & NLA_TYPE_MASK) == TCA_OPTIONS;
}

/* sfq dumps its flows and its limit; given both, sfq_change() keeps no
 * more flows than the limit, so a limit that was not given (the default
 * is below the default flows) is not given again. */
static void put_sfq_options(struct buf *b, const struct nlattr *opts)
{
	struct tc_sfq_qopt_v1 q;

	if (st_plen(opts) < sizeof(q)) {
		st_put_copy(b, opts);
		return;
	}
	memcpy(&q, st_payload(opts), sizeof(q));
	if (q.v0.flows > q.v0.limit)
		q.v0.limit = 0;
	st_put_attr(b, opts->nla_type, &q, sizeof(q));
}

/* What a dump shows of a size table is its spec, not its table of
 * sizes: one without such a table (tsize 0) is made again, another is
 * said and left out; so is an estimator, which a dump shows without its
 * period (its rates, TCA_STATS_RATE_EST). */
static void put_tc_stab_est(struct buf *b, const struct tcmsg *t,
			    const struct nlattr *const *tb)
{
	const struct nlattr *sb[TCA_STAB_MAX + 1], *st[TCA_STATS_MAX + 1];
	struct tc_sizespec spec;

	if (tb[TCA_STAB]) {
		memset(&spec, 0xff, sizeof(spec)); /* unreadable: tsize > 0 */
		st_parse(st_payload(tb[TCA_STAB]), st_plen(tb[TCA_STAB]), sb,
			 TCA_STAB_MAX);
		if (sb[TCA_STAB_BASE] &&
		    st_plen(sb[TCA_STAB_BASE]) >= sizeof(spec))
			memcpy(&spec, st_payload(sb[TCA_STAB_BASE]),
			       sizeof(spec));
		if (!spec.tsize)
			st_put_copy(b, tb[TCA_STAB]);
		else
			fprintf(stderr, "unetlink: state: tc %x:%x of device "
				"%d: its size table is left out (a dump "
				"lacks its sizes)\n",
				TC_H_MAJ(t->tcm_handle) >> 16,
				TC_H_MIN(t->tcm_handle), t->tcm_ifindex);
	}
	if (!tb[TCA_STATS2])
		return;
	st_parse(st_payload(tb[TCA_STATS2]), st_plen(tb[TCA_STATS2]), st,
		 TCA_STATS_MAX);
	if (st[TCA_STATS_RATE_EST])
		fprintf(stderr, "unetlink: state: tc %x:%x of device %d: its "
			"rate estimator is left out (a dump lacks its "
			"period)\n",
			TC_H_MAJ(t->tcm_handle) >> 16, TC_H_MIN(t->tcm_handle),
			t->tcm_ifindex);
}

/* A qdisc or class as the request that makes it; a class whose parent
 * is the root is made under its own qdisc (major:0), which is the
 * device's root qdisc or not. */
static void put_tc_object(struct out *o, uint16_t type,
			  const struct nlmsghdr *h, struct buf *b)
{
	const struct tcmsg *t = NLMSG_DATA(h);
	const struct nlattr *tb[TCA_MAX + 1];
	struct tcmsg m = { .tcm_family = AF_UNSPEC,
			   .tcm_ifindex = t->tcm_ifindex,
			   .tcm_handle = t->tcm_handle,
			   .tcm_parent = t->tcm_parent };
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*t));
	bool htb_qdisc = type == RTM_NEWQDISC && !strcmp(tc_kind(h), "htb");
	bool sfq = type == RTM_NEWQDISC && !strcmp(tc_kind(h), "sfq");

	if (type == RTM_NEWTCLASS && t->tcm_parent == TC_H_ROOT)
		m.tcm_parent = TC_H_MAJ(t->tcm_handle);
	st_parse_msg(h, sizeof(*t), tb, TCA_MAX);
	st_req_start(b, type, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof(m));
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off,
		      htb_qdisc || sfq ? skip_tc_options : skip_tc_attr, NULL);
	if (htb_qdisc && tb[TCA_OPTIONS])
		put_htb_options(b, tb[TCA_OPTIONS]);
	if (sfq && tb[TCA_OPTIONS])
		put_sfq_options(b, tb[TCA_OPTIONS]);
	put_tc_stab_est(b, t, tb);
	st_emit(o, "tc", b);
}

/* The classifiers' lists of actions, counters and flags, by kind. */
struct cls_ctx {
	const char *kind;
	int act, pcnt, flags;
};

static const struct cls_ctx classifiers[] = {
	{ "u32", TCA_U32_ACT, TCA_U32_PCNT, TCA_U32_FLAGS },
	{ "matchall", TCA_MATCHALL_ACT, TCA_MATCHALL_PCNT, TCA_MATCHALL_FLAGS },
	{ "flower", TCA_FLOWER_ACT, TCA_FLOWER_IN_HW_COUNT, TCA_FLOWER_FLAGS },
	{ "basic", TCA_BASIC_ACT, TCA_BASIC_PCNT, -1 },
	{ "bpf", TCA_BPF_ACT, -1, TCA_BPF_FLAGS_GEN },
	{ "fw", TCA_FW_ACT, -1, -1 },
	{ "route", TCA_ROUTE4_ACT, -1, -1 },
};

/* The flags a request may give (the rest say where the filter is). */
#define CLS_FLAGS (TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW | \
		   TCA_CLS_FLAGS_VERBOSE)

static bool skip_cls_attr(const struct nlattr *a, const void *ctx)
{
	const struct cls_ctx *c = ctx;
	int type = a->nla_type & NLA_TYPE_MASK;

	return type == c->act || type == c->pcnt || type == c->flags;
}

/* A filter: its options without counters, its actions as put_actions()
 * writes them; u32's root hash tables (divisor 1) are the kernel's. */
static void save_filter(struct out *o, const struct nlmsghdr *h,
			struct buf *b)
{
	const struct tcmsg *t = NLMSG_DATA(h);
	const struct nlattr *tb[TCA_MAX + 1], *opt[64];
	struct cls_ctx c = { "", -1, -1, -1 };
	struct tcmsg m = *t;
	const char *kind;

	st_parse_msg(h, sizeof(*t), tb, TCA_MAX);
	if (!tb[TCA_KIND] || !t->tcm_handle)
		return; /* a filter chain's template or its head */
	kind = st_payload(tb[TCA_KIND]);
	for (size_t i = 0; i < sizeof(classifiers) / sizeof(classifiers[0]);
	     i++)
		if (!strcmp(kind, classifiers[i].kind))
			c = classifiers[i];
	memset(opt, 0, sizeof(opt));
	if (tb[TCA_OPTIONS])
		st_parse(st_payload(tb[TCA_OPTIONS]), st_plen(tb[TCA_OPTIONS]),
			 opt, 63);
	if (!strcmp(kind, "u32") && opt[TCA_U32_DIVISOR] &&
	    st_get_u32(opt[TCA_U32_DIVISOR]) == 1)
		return;
	m.tcm_family = AF_UNSPEC;
	st_req_start(b, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, &m,
		     sizeof(m));
	st_put_copy(b, tb[TCA_KIND]);
	if (tb[TCA_CHAIN])
		st_put_copy(b, tb[TCA_CHAIN]);
	if (tb[TCA_OPTIONS]) {
		size_t n = st_nest_start(b, tb[TCA_OPTIONS]->nla_type);

		st_copy_attrs(b, st_payload(tb[TCA_OPTIONS]),
			      st_plen(tb[TCA_OPTIONS]), skip_cls_attr, &c);
		if (c.flags >= 0 && opt[c.flags] &&
		    (st_get_u32(opt[c.flags]) & CLS_FLAGS))
			st_put_u32(b, (uint16_t)c.flags,
				   st_get_u32(opt[c.flags]) & CLS_FLAGS);
		if (c.act >= 0 && opt[c.act])
			put_actions(b, opt[c.act]);
		st_nest_end(b, n);
	}
	st_emit(o, "tc", b);
}

/* The filters attached at parent (a qdisc, or a class) of ifindex. */
static int save_filters(int fd, struct out *o, int ifindex, uint32_t parent,
			struct buf *b)
{
	struct tcmsg t = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			   .tcm_parent = parent };
	struct msgs m = { 0 };
	int ret = st_dump(fd, RTM_GETTFILTER, &t, sizeof(t), &m);

	for (size_t i = 0; !ret && i < m.n; i++)
		if (m.v[i]->nlmsg_type == RTM_NEWTFILTER &&
		    m.v[i]->nlmsg_len >= NLMSG_LENGTH(sizeof(t)))
			save_filter(o, m.v[i], b);
	st_msgs_free(&m);
	/* a qdisc without filters (classless) says so */
	return ret == -EOPNOTSUPP || ret == -EINVAL ? 0 : ret;
}

struct tc_obj {
	const struct nlmsghdr *h;
	bool is_class, made;
};

/* Whether the parent of a qdisc or class exists already. */
static bool tc_parent_made(const struct tc_obj *v, size_t n,
			   const struct tc_obj *x)
{
	const struct tcmsg *t = NLMSG_DATA(x->h);
	uint32_t parent = t->tcm_parent;

	bool qdisc_made = false, parent_made = false;

	if (!x->is_class && (parent == TC_H_ROOT || parent == TC_H_INGRESS ||
			     parent == TC_H_CLSACT))
		return true;
	for (size_t i = 0; i < n; i++) {
		const struct tcmsg *p = NLMSG_DATA(v[i].h);

		if (!v[i].made || p->tcm_ifindex != t->tcm_ifindex)
			continue;
		/* a class needs its qdisc, and its parent class if any */
		if (x->is_class) {
			qdisc_made |= !v[i].is_class &&
				      p->tcm_handle == TC_H_MAJ(t->tcm_handle);
			parent_made |= p->tcm_handle == parent;
			continue;
		}
		/* a qdisc under a class the qdisc has by itself (prio's) */
		if (!v[i].is_class && p->tcm_handle == TC_H_MAJ(parent) &&
		    !classes_made_by_user(tc_kind(v[i].h)))
			return true;
		/* a class's parent is a class or its qdisc (major:0) */
		if (p->tcm_handle == parent)
			return true;
	}
	return x->is_class && qdisc_made &&
	       (parent == TC_H_ROOT || parent_made ||
		parent == TC_H_MAJ(t->tcm_handle));
}

static bool tc_listed(const struct tc_obj *v, size_t n,
		      const struct tcmsg *t, bool is_class)
{
	for (size_t i = 0; i < n; i++) {
		const struct tcmsg *p = NLMSG_DATA(v[i].h);

		if (v[i].is_class == is_class &&
		    p->tcm_ifindex == t->tcm_ifindex &&
		    p->tcm_handle == t->tcm_handle)
			return true;
	}
	return false;
}

static void tc_objects_free(struct msgs *q, struct msgs *c, struct tc_obj *v)
{
	st_msgs_free(q);
	st_msgs_free(c);
	free(v);
}

/* Qdiscs and classes of the saved devices, parents first, then the
 * filters of each. */
static int save_tree(int fd, struct out *o, struct net_state *s,
		     struct buf *b)
{
	struct tcmsg any = { .tcm_family = AF_UNSPEC };
	struct msgs qd = { 0 }, cl = { 0 };
	struct tc_obj *v = NULL;
	size_t n = 0;
	bool progress = true;
	int ret = st_dump(fd, RTM_GETQDISC, &any, sizeof(any), &qd);

	/* the classes of the qdiscs that have the user's */
	for (size_t i = 0; !ret && i < qd.n; i++) {
		const struct tcmsg *t = NLMSG_DATA(qd.v[i]);
		struct tcmsg q = { .tcm_family = AF_UNSPEC,
				   .tcm_ifindex = t->tcm_ifindex,
				   .tcm_parent = t->tcm_handle };

		if (qd.v[i]->nlmsg_type == RTM_NEWQDISC && t->tcm_handle &&
		    classes_made_by_user(tc_kind(qd.v[i])))
			ret = st_dump(fd, RTM_GETTCLASS, &q, sizeof(q), &cl);
	}
	v = calloc(qd.n + cl.n + 1, sizeof(*v));
	if (!ret && !v)
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < qd.n; i++) {
		const struct tcmsg *t = NLMSG_DATA(qd.v[i]);

		/* the defaults (handle 0:) are the kernel's */
		if (qd.v[i]->nlmsg_type == RTM_NEWQDISC && t->tcm_handle &&
		    !st_link_skipped(s, t->tcm_ifindex) &&
		    !(t->tcm_parent == TC_H_ROOT && !strcmp(tc_kind(qd.v[i]),
							    "noqueue")))
			v[n++] = (struct tc_obj){ .h = qd.v[i] };
	}
	for (size_t i = 0; !ret && i < cl.n; i++) {
		const struct tcmsg *t = NLMSG_DATA(cl.v[i]);

		/* hfsc's root class (major:0) comes with it; a class dumped
		 * twice (a kernel that dumps a device's classes whatever
		 * tcm_parent says) is one */
		if (cl.v[i]->nlmsg_type == RTM_NEWTCLASS &&
		    TC_H_MIN(t->tcm_handle) && !tc_listed(v, n, t, true))
			v[n++] = (struct tc_obj){ .h = cl.v[i],
						  .is_class = true };
	}
	while (!ret && progress) {
		progress = false;
		for (size_t i = 0; i < n; i++) {
			if (v[i].made || !tc_parent_made(v, n, &v[i]))
				continue;
			put_tc_object(o, v[i].is_class ? RTM_NEWTCLASS
						       : RTM_NEWQDISC,
				      v[i].h, b);
			v[i].made = progress = true;
		}
	}
	for (size_t i = 0; !ret && i < n; i++) {
		const struct tcmsg *t = NLMSG_DATA(v[i].h);

		if (!v[i].made)
			fprintf(stderr, "unetlink: state: tc %x:%x of device "
				"%d: left out: its parent is\n",
				TC_H_MAJ(t->tcm_handle) >> 16,
				TC_H_MIN(t->tcm_handle), t->tcm_ifindex);
		else if (t->tcm_handle == TC_H_INGRESS ||
			 t->tcm_handle == TC_H_MAJ(TC_H_CLSACT)) {
			/* ingress and clsact: their blocks by direction */
			ret = save_filters(fd, o, t->tcm_ifindex,
					   TC_H_MAKE(TC_H_CLSACT,
						     TC_H_MIN_INGRESS), b);
			if (!ret && !strcmp(tc_kind(v[i].h), "clsact"))
				ret = save_filters(fd, o, t->tcm_ifindex,
						   TC_H_MAKE(TC_H_CLSACT,
							     TC_H_MIN_EGRESS),
						   b);
		} else {
			ret = save_filters(fd, o, t->tcm_ifindex,
					   t->tcm_handle, b);
		}
	}
	tc_objects_free(&qd, &cl, v);
	return ret;
}

int st_save_tc(int fd, struct out *o, struct net_state *s, struct buf *b)
{
	int ret = save_actions(fd, o, b);

	if (!ret)
		ret = save_tree(fd, o, s, b);
	if (ret)
		fprintf(stderr, "unetlink: state: cannot dump tc: %s\n",
			strerror(-ret));
	return ret;
}
