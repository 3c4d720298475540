// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Neighbour tables: RTM_GETNEIGHTBL (a dump) and RTM_SETNEIGHTBL, as
 * net/core/neighbour.c's neightbl_dump_info() and neightbl_set() answer
 * them in a namespace other than the initial one.  Two tables, ARP's
 * (arp_cache) then ND's (ndisc_cache): each the table's own message (its
 * thresholds, configuration, statistics and default parameters), then
 * one message per device of the net with its parameters, newest first
 * (tbl->parms_list).  The parameters are the devices' (neighparms.c), the
 * same the sysctl files read and write.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

struct ntbl {
	const char *id;
	int family;
	uint16_t key_len, entry_size; /* sizeof(struct neighbour) + key,
					  x86-64 Linux 6.18 */
	int32_t locktime; /* the default, in USER_HZ ticks */
};

static const struct ntbl ntbls[2] = {
	{ "arp_cache", AF_INET, 4, 336, 100 },
	{ "ndisc_cache", AF_INET6, 16, 344, 0 },
};

/* The table's defaults (tbl->parms): what a new device copies. */
static void ntbl_default_parms(struct rtnl_net *rn, int t,
			       struct rtnl_neigh_parms *np)
{
	struct rtnl_link tmp;

	memset(&tmp, 0, sizeof(tmp));
	tmp.rn = rn;
	/* neigh_rand_reach_time() of the initial namespace's table:
	 * the base stands for it (docs/conformance.md) */
	tmp.reachable_time = 30000;
	rtnl_neigh_parms_init(rn, &tmp, ntbls[t].family);
	rn->nparms_seq--; /* not a device's */
	*np = tmp.nparms[t];
	np->reachable_ms = rtnl_jiffies_to_msecs(
		rn, np->v[RTNL_NV_BASE_REACHABLE_TIME]);
}

/* The neighbour entries of the table on a device (0: every device). */
static uint32_t ntbl_entries(const struct rtnl_net *rn, int t, int ifindex)
{
	uint32_t n = 0;

	for (const struct rtnl_neigh *e = rn->neighs; e; e = e->next)
		if (e->family == ntbls[t].family &&
		    (!ifindex || e->ifindex == ifindex))
			n++;
	return n;
}

static int put_msecs(struct unl_skb *skb, const struct rtnl_net *rn,
		     int type, int32_t j)
{
	return unl_nla_put_u64(skb, type, rtnl_jiffies_to_msecs(rn, j),
			       NDTPA_PAD);
}

/* neightbl_fill_parms() */
static int ntbl_fill_parms(struct unl_skb *skb, const struct rtnl_net *rn,
			   const struct rtnl_neigh_parms *np, int ifindex,
			   uint32_t refcnt)
{
	const int32_t *v = np->v;
	struct nlattr *nest = rtnl_nest_start(skb, NDTA_PARMS);

	if (!nest)
		return -EMSGSIZE;
	if ((ifindex && unl_nla_put_u32(skb, NDTPA_IFINDEX, (uint32_t)ifindex)) ||
	    unl_nla_put_u32(skb, NDTPA_REFCNT, refcnt) ||
	    unl_nla_put_u32(skb, NDTPA_QUEUE_LENBYTES,
			    (uint32_t)v[RTNL_NV_QUEUE_LEN_BYTES]) ||
	    unl_nla_put_u32(skb, NDTPA_QUEUE_LEN,
			    (uint32_t)(v[RTNL_NV_QUEUE_LEN_BYTES] / 2090)) ||
	    unl_nla_put_u32(skb, NDTPA_PROXY_QLEN,
			    (uint32_t)v[RTNL_NV_PROXY_QLEN]) ||
	    unl_nla_put_u32(skb, NDTPA_APP_PROBES,
			    (uint32_t)v[RTNL_NV_APP_PROBES]) ||
	    unl_nla_put_u32(skb, NDTPA_UCAST_PROBES,
			    (uint32_t)v[RTNL_NV_UCAST_PROBES]) ||
	    unl_nla_put_u32(skb, NDTPA_MCAST_PROBES,
			    (uint32_t)v[RTNL_NV_MCAST_PROBES]) ||
	    unl_nla_put_u32(skb, NDTPA_MCAST_REPROBES,
			    (uint32_t)v[RTNL_NV_MCAST_REPROBES]) ||
	    unl_nla_put_u64(skb, NDTPA_REACHABLE_TIME, np->reachable_ms,
			    NDTPA_PAD) ||
	    put_msecs(skb, rn, NDTPA_BASE_REACHABLE_TIME,
		      v[RTNL_NV_BASE_REACHABLE_TIME]) ||
	    put_msecs(skb, rn, NDTPA_GC_STALETIME, v[RTNL_NV_GC_STALETIME]) ||
	    put_msecs(skb, rn, NDTPA_DELAY_PROBE_TIME,
		      v[RTNL_NV_DELAY_PROBE_TIME]) ||
	    put_msecs(skb, rn, NDTPA_RETRANS_TIME, v[RTNL_NV_RETRANS_TIME]) ||
	    put_msecs(skb, rn, NDTPA_ANYCAST_DELAY, v[RTNL_NV_ANYCAST_DELAY]) ||
	    put_msecs(skb, rn, NDTPA_PROXY_DELAY, v[RTNL_NV_PROXY_DELAY]) ||
	    put_msecs(skb, rn, NDTPA_LOCKTIME, v[RTNL_NV_LOCKTIME]) ||
	    put_msecs(skb, rn, NDTPA_INTERVAL_PROBE_TIME_MS,
		      v[RTNL_NV_INTERVAL_PROBE_TIME_MS])) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

static uint32_t profile_u32(const struct rtnl_net *rn, const char *key,
			    uint32_t dflt)
{
	long v;

	return unl_profile_sysctl_int(rn->net->profile, key, &v) ? dflt
								  : (uint32_t)v;
}

/* neightbl_fill_info(): the table's own message.  Its counters are the
 * net's (Linux's tables count every namespace's entries). */
static int ntbl_fill_info(struct unl_skb *skb, struct rtnl_net *rn, int t,
			  uint32_t portid, uint32_t seq)
{
	const char *fam = t ? "ipv6" : "ipv4";
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, RTM_NEWNEIGHTBL,
					     sizeof(struct ndtmsg), NLM_F_MULTI);
	struct rtnl_neigh_parms np;
	struct ndt_config ndc = { 0 };
	struct ndt_stats st = { 0 };
	struct ndtmsg *ndtm;
	uint32_t entries = ntbl_entries(rn, t, 0);
	unsigned int shift = 3;
	char key[64];

	if (!nlh)
		return -EMSGSIZE;
	ndtm = NLMSG_DATA(nlh);
	ndtm->ndtm_family = (uint8_t)ntbls[t].family;
	/* neigh_hash_grow(): twice the buckets when entries outgrow them */
	while (entries > (1u << shift))
		shift++;
	ndc.ndtc_key_len = ntbls[t].key_len;
	ndc.ndtc_entry_size = ntbls[t].entry_size;
	ndc.ndtc_entries = entries;
	ndc.ndtc_hash_mask = (1u << shift) - 1;
	st.ndts_allocs = entries;
	snprintf(key, sizeof(key), "net.%s.neigh.default.gc_interval", fam);
	if (unl_nla_put_string(skb, NDTA_NAME, ntbls[t].id) ||
	    unl_nla_put_u64(skb, NDTA_GC_INTERVAL,
			    (uint64_t)profile_u32(rn, key, 30) * 1000, NDTA_PAD))
		goto fail;
	for (int i = 1; i <= 3; i++) {
		static const uint32_t dflt[] = { 128, 512, 1024 };

		snprintf(key, sizeof(key), "net.%s.neigh.default.gc_thresh%d",
			 fam, i);
		if (unl_nla_put_u32(skb, NDTA_THRESH1 + i - 1,
				    profile_u32(rn, key, dflt[i - 1])))
			goto fail;
	}
	ntbl_default_parms(rn, t, &np);
	if (unl_nla_put(skb, NDTA_CONFIG, sizeof(ndc), &ndc) ||
	    unl_nla_put(skb, NDTA_STATS, sizeof(st), &st) ||
	    ntbl_fill_parms(skb, rn, &np, 0, 1))
		goto fail;
	unl_nlmsg_end(skb, nlh);
	return 0;
fail:
	unl_nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* neightbl_fill_param_info(): one device's parameters. */
static int ntbl_fill_param_info(struct unl_skb *skb, struct rtnl_net *rn,
				int t, const struct rtnl_link *l,
				uint32_t portid, uint32_t seq)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, portid, seq, RTM_NEWNEIGHTBL,
					     sizeof(struct ndtmsg), NLM_F_MULTI);
	struct ndtmsg *ndtm;

	if (!nlh)
		return -EMSGSIZE;
	ndtm = NLMSG_DATA(nlh);
	ndtm->ndtm_family = (uint8_t)ntbls[t].family;
	/* a neighbour entry holds a reference to its device's parms */
	if (unl_nla_put_string(skb, NDTA_NAME, ntbls[t].id) ||
	    ntbl_fill_parms(skb, rn, &l->nparms[t], l->ifindex,
			    1 + ntbl_entries(rn, t, l->ifindex))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* Does the device have parameters in table t (an inet6_dev for ND)? */
static bool ntbl_has_dev(const struct rtnl_link *l, int t)
{
	return t == 0 || !l->no_inet6;
}

/* The devices with parameters in table t, newest parameters first. */
static const struct rtnl_link **ntbl_devs(struct rtnl_net *rn, int t,
					  size_t *n)
{
	const struct rtnl_link **v;
	size_t cnt = 0;

	for (const struct rtnl_link *l = rn->links; l; l = l->next)
		cnt++;
	v = malloc((cnt ? cnt : 1) * sizeof(*v));
	if (!v)
		return NULL;
	*n = 0;
	for (const struct rtnl_link *l = rn->links; l; l = l->next) {
		size_t j;

		if (!ntbl_has_dev(l, t))
			continue;
		for (j = *n; j && v[j - 1]->nparms[t].seq < l->nparms[t].seq;
		     j--)
			v[j] = v[j - 1];
		v[j] = l;
		(*n)++;
	}
	return v;
}

struct ntbl_dump_ctx {
	int table;
	size_t nidx;
	bool table_done;
};

/* neightbl_valid_dump_info() */
static int ntbl_valid_dump(const struct nlmsghdr *nlh,
			   struct unl_ext_ack *extack)
{
	const struct ndtmsg *ndtm = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndtm))) {
		UNL_SET_ERR_MSG(extack, "Invalid header for neighbor table dump request");
		return -EINVAL;
	}
	if (ndtm->ndtm_pad1 || ndtm->ndtm_pad2) {
		UNL_SET_ERR_MSG(extack, "Invalid values in header for neighbor table dump request");
		return -EINVAL;
	}
	if (nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*ndtm))) {
		UNL_SET_ERR_MSG(extack, "Invalid data after header in neighbor table dump request");
		return -EINVAL;
	}
	return 0;
}

static int ntbl_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct ntbl_dump_ctx *c = RTNL_CB_CTX(cb, struct ntbl_dump_ctx);
	const struct nlmsghdr *nlh = cb->nlh;
	int family = ((const struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family;
	struct rtnl_net *rn = rtnl_cb_net(cb);
	uint32_t portid = rtnl_req_portid(cb->skb);
	int err;

	if (cb->strict_check && (err = ntbl_valid_dump(nlh, cb->extack)))
		return err;
	for (; c->table < 2; c->table++, c->nidx = 0, c->table_done = false) {
		const struct rtnl_link **devs;
		size_t n;

		if (family && ntbls[c->table].family != family)
			continue;
		if (!c->table_done) {
			if (ntbl_fill_info(skb, rn, c->table, portid,
					   nlh->nlmsg_seq))
				return -EMSGSIZE;
			c->table_done = true;
		}
		devs = ntbl_devs(rn, c->table, &n);
		if (!devs)
			return -ENOBUFS;
		for (; c->nidx < n; c->nidx++)
			if (ntbl_fill_param_info(skb, rn, c->table,
						 devs[c->nidx], portid,
						 nlh->nlmsg_seq)) {
				free(devs);
				return -EMSGSIZE;
			}
		free(devs);
	}
	return 0;
}

static const struct unl_nla_policy ntbl_policy[NDTA_MAX + 1] = {
	[NDTA_NAME] = { .type = UNL_NLA_STRING },
	[NDTA_THRESH1] = { .type = UNL_NLA_U32 },
	[NDTA_THRESH2] = { .type = UNL_NLA_U32 },
	[NDTA_THRESH3] = { .type = UNL_NLA_U32 },
	[NDTA_GC_INTERVAL] = { .type = UNL_NLA_U64 },
	[NDTA_PARMS] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy ntbl_parm_policy[NDTPA_MAX + 1] = {
	[NDTPA_IFINDEX] = { .type = UNL_NLA_U32 },
	[NDTPA_QUEUE_LEN] = { .type = UNL_NLA_U32 },
	[NDTPA_PROXY_QLEN] = { .type = UNL_NLA_U32 },
	[NDTPA_APP_PROBES] = { .type = UNL_NLA_U32 },
	[NDTPA_UCAST_PROBES] = { .type = UNL_NLA_U32 },
	[NDTPA_MCAST_PROBES] = { .type = UNL_NLA_U32 },
	[NDTPA_MCAST_REPROBES] = { .type = UNL_NLA_U32 },
	[NDTPA_BASE_REACHABLE_TIME] = { .type = UNL_NLA_U64 },
	[NDTPA_GC_STALETIME] = { .type = UNL_NLA_U64 },
	[NDTPA_DELAY_PROBE_TIME] = { .type = UNL_NLA_U64 },
	[NDTPA_RETRANS_TIME] = { .type = UNL_NLA_U64 },
	[NDTPA_ANYCAST_DELAY] = { .type = UNL_NLA_U64 },
	[NDTPA_PROXY_DELAY] = { .type = UNL_NLA_U64 },
	[NDTPA_LOCKTIME] = { .type = UNL_NLA_U64 },
	[NDTPA_INTERVAL_PROBE_TIME_MS] = UNL_NLA_POLICY_MIN(UNL_NLA_U64, 1),
};

/* The variable each NDTPA_* time sets (nla_get_msecs()). */
static const struct {
	int attr, var;
} ntbl_times[] = {
	{ NDTPA_BASE_REACHABLE_TIME, RTNL_NV_BASE_REACHABLE_TIME },
	{ NDTPA_GC_STALETIME, RTNL_NV_GC_STALETIME },
	{ NDTPA_DELAY_PROBE_TIME, RTNL_NV_DELAY_PROBE_TIME },
	{ NDTPA_INTERVAL_PROBE_TIME_MS, RTNL_NV_INTERVAL_PROBE_TIME_MS },
	{ NDTPA_RETRANS_TIME, RTNL_NV_RETRANS_TIME },
	{ NDTPA_ANYCAST_DELAY, RTNL_NV_ANYCAST_DELAY },
	{ NDTPA_PROXY_DELAY, RTNL_NV_PROXY_DELAY },
	{ NDTPA_LOCKTIME, RTNL_NV_LOCKTIME },
};

static const struct {
	int attr, var;
} ntbl_counts[] = {
	{ NDTPA_QUEUE_LENBYTES, RTNL_NV_QUEUE_LEN_BYTES },
	{ NDTPA_PROXY_QLEN, RTNL_NV_PROXY_QLEN },
	{ NDTPA_APP_PROBES, RTNL_NV_APP_PROBES },
	{ NDTPA_UCAST_PROBES, RTNL_NV_UCAST_PROBES },
	{ NDTPA_MCAST_PROBES, RTNL_NV_MCAST_PROBES },
	{ NDTPA_MCAST_REPROBES, RTNL_NV_MCAST_REPROBES },
};

/* neightbl_set()'s NDTA_PARMS: the device's parameters (a net other
 * than the initial one has no table defaults to set). */
static int ntbl_set_parms(struct rtnl_net *rn, int t,
			  const struct nlattr *parms,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *tbp[NDTPA_MAX + 1];
	struct rtnl_neigh_parms *np;
	struct rtnl_link *l = NULL;
	int err = unl_nla_parse_nested(tbp, NDTPA_MAX, parms, ntbl_parm_policy,
				       UNL_VALIDATE_LIBERAL, extack);

	if (err)
		return err;
	if (tbp[NDTPA_IFINDEX])
		l = rtnl_link_by_index(rn, (int)unl_nla_get_u32(
						   tbp[NDTPA_IFINDEX]));
	if (!l || !ntbl_has_dev(l, t))
		return -ENOENT;
	np = &l->nparms[t];
	if (tbp[NDTPA_QUEUE_LEN])
		np->v[RTNL_NV_QUEUE_LEN_BYTES] = (int32_t)(
			unl_nla_get_u32(tbp[NDTPA_QUEUE_LEN]) * 2090u);
	for (size_t i = 0; i < sizeof(ntbl_counts) / sizeof(ntbl_counts[0]);
	     i++)
		if (tbp[ntbl_counts[i].attr])
			np->v[ntbl_counts[i].var] = (int32_t)unl_nla_get_u32(
				tbp[ntbl_counts[i].attr]);
	for (size_t i = 0; i < sizeof(ntbl_times) / sizeof(ntbl_times[0]); i++)
		if (tbp[ntbl_times[i].attr])
			np->v[ntbl_times[i].var] = (int32_t)rtnl_msecs_to_jiffies(
				rn, (int64_t)unl_nla_get_u64(
					    tbp[ntbl_times[i].attr]));
	if (tbp[NDTPA_BASE_REACHABLE_TIME]) {
		/* the reachable time follows at once */
		int32_t base = np->v[RTNL_NV_BASE_REACHABLE_TIME];
		int64_t j = base > 0 ? (int64_t)(rtnl_random(rn) %
						 (uint32_t)base) + (base >> 1)
				     : 0;

		np->reachable_ms = rtnl_jiffies_to_msecs(rn, j);
		if (t == 1)
			l->reachable_time = np->reachable_ms;
	}
	return 0;
}

/* nla_strcmp() == 0 */
static bool name_is(const struct nlattr *a, const char *s)
{
	size_t n = strlen(s);
	int len = (int)unl_nla_len(a);
	const char *d = unl_nla_data(a);

	/* the attribute may carry its NUL */
	if (len > 0 && !d[len - 1])
		len--;
	return (size_t)len == n && !memcmp(d, s, n);
}

static int ntbl_set(struct rtnl_net *rn, struct unl_skb *skb,
		    struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[NDTA_MAX + 1];
	const struct ndtmsg *ndtm = NLMSG_DATA(nlh);
	int t, err;

	(void)skb;
	err = unl_nlmsg_parse(nlh, sizeof(*ndtm), tb, NDTA_MAX, ntbl_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (!tb[NDTA_NAME])
		return -EINVAL;
	for (t = 0; t < 2; t++) {
		if (ndtm->ndtm_family && ntbls[t].family != ndtm->ndtm_family)
			continue;
		if (name_is(tb[NDTA_NAME], ntbls[t].id))
			break;
	}
	if (t == 2)
		return -ENOENT;
	if (tb[NDTA_PARMS] &&
	    (err = ntbl_set_parms(rn, t, tb[NDTA_PARMS], extack)))
		return err;
	/* the thresholds and the interval belong to the initial namespace */
	if (tb[NDTA_THRESH1] || tb[NDTA_THRESH2] || tb[NDTA_THRESH3] ||
	    tb[NDTA_GC_INTERVAL])
		return -ENOENT;
	return 0;
}

const struct rtnl_msg_handler rtnl_neightbl_handlers[] = {
	{ PF_UNSPEC, RTM_GETNEIGHTBL, NULL, ntbl_dump, 0 },
	{ PF_UNSPEC, RTM_SETNEIGHTBL, ntbl_set, NULL, 0 },
};
const unsigned int rtnl_neightbl_handlers_n =
	sizeof(rtnl_neightbl_handlers) / sizeof(rtnl_neightbl_handlers[0]);

