// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NFNL_SUBSYS_CTNETLINK and NFNL_SUBSYS_CTNETLINK_EXP: the connection
 * tracking table of a net as net/netfilter/nf_conntrack_netlink.c shows
 * it.  No packet ever flows through a unetlink net, so the table holds
 * only what `conntrack -I` (IPCTNL_MSG_CT_NEW with NLM_F_CREATE) puts
 * there: entries are stored with their two tuples, zone, status, mark,
 * TCP state and timeout, listed, updated, deleted, flushed, and expire
 * on their timeout (a timer of the net), each change sent to the
 * NFNLGRP_CONNTRACK_* groups as Linux sends it.
 *
 * CTA_HELP attaches a kernel helper of the profile (or a userspace one
 * of nfnetlink_cthelper), and a master with a kernel helper takes
 * expectations (IPCTNL_MSG_EXP_*) under its helper's policy; they go
 * with their master, its helper, or their timer.
 *
 * With CONFIG_NF_CONNTRACK_PROCFS the tables are also files of the
 * net's /proc/net: nf_conntrack, nf_conntrack_expect, and the per-CPU
 * statistics in stat/ (those ctnetlink's own changes move, counted on
 * the CPU each ran on).
 */
#include <endian.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nf_conntrack_helper.h"
#include "proto/netfilter/nfnetlink.h"

#define CT_LABELS_SIZE 16 /* NF_CT_LABELS_MAX_SIZE */
#define CT_HELPER_NAME_LEN 16 /* NF_CT_HELPER_NAME_LEN */
#define CT_ZONE_DIR_ORIG 1 /* NF_CT_ZONE_DIR_ORIG */
#define CT_ZONE_DIR_REPL 2 /* NF_CT_ZONE_DIR_REPL */
#define CT_DEFAULT_ZONE_DIR 3 /* NF_CT_DEFAULT_ZONE_DIR: both directions */
#define CT_TCP_STATE_MAX 10 /* TCP_CONNTRACK_MAX */
/* The status bits only the kernel changes (IPS_UNCHANGEABLE_MASK). */
#define CT_UNCHANGEABLE                                                      \
	(IPS_NAT_DONE_MASK | IPS_NAT_MASK | IPS_EXPECTED | IPS_CONFIRMED |  \
	 IPS_DYING | IPS_SEQ_ADJUST | IPS_TEMPLATE | IPS_UNTRACKED |         \
	 IPS_OFFLOAD | IPS_HW_OFFLOAD)
/* enum ip_conntrack_events bits that change what an event carries */
#define CT_EV_NEW (1u << IPCT_NEW)
#define CT_EV_DESTROY (1u << IPCT_DESTROY)
#define CT_EV_PROTOINFO (1u << IPCT_PROTOINFO)
#define CT_EV_MARK (1u << IPCT_MARK)
#define CT_EV_LABEL (1u << IPCT_LABEL)
#define CT_EV_CHANGE                                                         \
	((1u << IPCT_REPLY) | (1u << IPCT_ASSURED) | (1u << IPCT_HELPER) |  \
	 CT_EV_PROTOINFO | (1u << IPCT_SEQADJ) | CT_EV_MARK |               \
	 (1u << IPCT_SYNPROXY))

/* struct nf_conntrack_tuple, one direction. */
struct ct_tuple {
	uint8_t l3num;
	uint8_t protonum;
	uint8_t src[16], dst[16];
	uint16_t sport, dport; /* network order; ICMP: id in sport */
	uint8_t icmp_type, icmp_code;
};

struct ct_entry {
	struct ct_entry *next, **pprev;
	struct ct_net *cn;
	struct ct_tuple tuple[2]; /* IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY */
	uint16_t zone;
	uint8_t zone_dir;
	uint32_t status, mark, id;
	uint8_t tcp_state;
	uint8_t tcp_wscale[2];
	uint8_t tcp_flags[2];
	/* The helper CTA_HELP gave it (the name of a kernel helper of the
	 * profile: nf_ct_kernel_helper_find()), or NULL; help_ext: it has
	 * the helper extension, which stays when the helper is taken away. */
	const char *helper;
	bool help_ext;
	/* or a userspace helper of the world (nfnetlink_cthelper.c), by
	 * its birth: gone from the entry when it goes; and the private
	 * data CTA_HELP_INFO gave it (struct nf_conn_help's data) */
	uint64_t uhelper;
	uint8_t help_data[32];
	/* It has the event cache extension: made while someone listened
	 * to ctnetlink's groups (nf_conntrack_events=2, the default);
	 * without it the entry never has events. */
	bool ecache;
	/* The acct and timestamp extensions, given to entries made while
	 * nf_conntrack_acct or _timestamp was on: counters (always 0, no
	 * packet passes) and the wall-clock start and stop in ns. */
	bool acct, tstamp;
	uint64_t start_ns, stop_ns;
	int64_t expires_j; /* ct->timeout: the jiffy it expires at */
	struct unl_timer *timer; /* armed for the expiry */
	/* The sequence adjustment extension, which every entry ctnetlink
	 * makes has (shown once CTA_SEQ_ADJ_* set IPS_SEQ_ADJUST), per
	 * direction, and the synproxy one, which it has when the kernel
	 * has NETFILTER_SYNPROXY: what a request set, never moved by a
	 * packet. */
	uint32_t seqadj[2][3]; /* CTA_SEQADJ_CORRECTION_POS, _BEFORE, _AFTER */
	bool synproxy_ext;
	uint32_t synproxy[3];  /* CTA_SYNPROXY_ISN, _ITS, _TSOFF */
};

/* struct nf_conntrack_expect: a connection a master's helper expects.
 * It matches a tuple whose destination is tuple's and whose source is
 * tuple's under mask_src and mask_sport. */
struct ct_expect {
	struct ct_expect *next; /* the net's, newest first */
	struct ct_entry *master;
	struct ct_tuple tuple;
	uint8_t mask_src[16];
	uint16_t mask_sport;
	uint32_t class, flags, id;
	const char *helper; /* the master's helper's name (static, or
			       uname) */
	/* a userspace helper's (nfnetlink_cthelper.c): its birth and a
	 * copy of its name; the expectation goes with the helper */
	uint64_t uhelper;
	char uname[16];
	const char *fn;     /* CTA_EXPECT_FN's name (static), or NULL */
	bool nat;           /* CTA_EXPECT_NAT: dir and the saved source */
	uint32_t nat_dir;
	uint8_t nat_addr[16];
	uint16_t nat_port;
	int64_t expires_j;
	struct unl_timer *timer;
};

struct ct_net {
	struct nfnl_net *nn;
	struct ct_entry *head;
	struct ct_expect *exp_head;
	unsigned int exp_count;
	uint32_t exp_next_id;
	bool synproxy; /* the kernel has NETFILTER_SYNPROXY */
	struct nf_ct_pernet ct; /* the count and the sysctls */
	uint32_t next_id;
	/* The statistics ctnetlink's own changes move (struct
	 * ip_conntrack_stat's insert, expect_create and expect_delete),
	 * per CPU of the machine: counted on the one the change ran on,
	 * as Linux counts on the CPU of the request. */
	struct ct_cpu_stat {
		uint32_t insert, expect_create, expect_delete;
	} *stat;
	long ncpu;
};

/* The statistics of the CPU this runs on (NF_CT_STAT_INC()). */
static struct ct_cpu_stat *ct_stat_this_cpu(struct ct_net *cn)
{
	int cpu = sched_getcpu();

	return &cn->stat[cpu >= 0 && cpu < cn->ncpu ? cpu : 0];
}

struct nf_ct_pernet *nf_ct_pernet_of(void *ctnl_priv)
{
	return ctnl_priv ? &((struct ct_net *)ctnl_priv)->ct : NULL;
}

static size_t ct_addr_len(uint8_t l3num)
{
	return l3num == NFPROTO_IPV6 ? 16 : 4;
}

static bool ct_has_ports(uint8_t proto)
{
	/* GRE's keys travel as ports (nf_conntrack_proto_gre.c) */
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP || proto == IPPROTO_GRE;
}

static bool ct_is_icmp(const struct ct_tuple *t)
{
	return (t->l3num == NFPROTO_IPV4 && t->protonum == IPPROTO_ICMP) ||
	       (t->l3num == NFPROTO_IPV6 && t->protonum == IPPROTO_ICMPV6);
}

static bool ct_tuple_equal(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->l3num == b->l3num && a->protonum == b->protonum &&
	       !memcmp(a->src, b->src, 16) && !memcmp(a->dst, b->dst, 16) &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->icmp_type == b->icmp_type && a->icmp_code == b->icmp_code;
}

/* nf_conntrack_find_get(): an entry either of whose tuples is t. */
static struct ct_entry *ct_find(struct ct_net *cn, uint16_t zone,
				const struct ct_tuple *t)
{
	for (struct ct_entry *e = cn->head; e; e = e->next)
		if (e->zone == zone && (ct_tuple_equal(&e->tuple[0], t) ||
					ct_tuple_equal(&e->tuple[1], t)))
			return e;
	return NULL;
}

/* ---- policies ---- */

static const struct unl_nla_policy ct_ip_policy[CTA_IP_MAX + 1] = {
	[CTA_IP_V4_SRC] = { .type = UNL_NLA_U32 },
	[CTA_IP_V4_DST] = { .type = UNL_NLA_U32 },
	[CTA_IP_V6_SRC] = { .type = UNL_NLA_BINARY, .len = 16 },
	[CTA_IP_V6_DST] = { .type = UNL_NLA_BINARY, .len = 16 },
};

static const struct unl_nla_policy ct_proto_policy[CTA_PROTO_MAX + 1] = {
	[CTA_PROTO_NUM] = { .type = UNL_NLA_U8 },
	[CTA_PROTO_SRC_PORT] = { .type = UNL_NLA_U16 },
	[CTA_PROTO_DST_PORT] = { .type = UNL_NLA_U16 },
	[CTA_PROTO_ICMP_ID] = { .type = UNL_NLA_U16 },
	[CTA_PROTO_ICMP_TYPE] = { .type = UNL_NLA_U8 },
	[CTA_PROTO_ICMP_CODE] = { .type = UNL_NLA_U8 },
	[CTA_PROTO_ICMPV6_ID] = { .type = UNL_NLA_U16 },
	[CTA_PROTO_ICMPV6_TYPE] = { .type = UNL_NLA_U8 },
	[CTA_PROTO_ICMPV6_CODE] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy ct_tuple_policy[CTA_TUPLE_MAX + 1] = {
	[CTA_TUPLE_IP] = { .type = UNL_NLA_NESTED },
	[CTA_TUPLE_PROTO] = { .type = UNL_NLA_NESTED },
	[CTA_TUPLE_ZONE] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy ct_tcp_policy[CTA_PROTOINFO_TCP_MAX + 1] = {
	[CTA_PROTOINFO_TCP_STATE] = { .type = UNL_NLA_U8 },
	[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL] = { .type = UNL_NLA_U8 },
	[CTA_PROTOINFO_TCP_WSCALE_REPLY] = { .type = UNL_NLA_U8 },
	[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL] = { .type = UNL_NLA_BINARY,
					       .len = 2 },
	[CTA_PROTOINFO_TCP_FLAGS_REPLY] = { .type = UNL_NLA_BINARY,
					    .len = 2 },
};

static const struct unl_nla_policy
	ct_protoinfo_policy[CTA_PROTOINFO_MAX + 1] = {
	[CTA_PROTOINFO_TCP] = { .type = UNL_NLA_NESTED },
	[CTA_PROTOINFO_DCCP] = { .type = UNL_NLA_NESTED },
	[CTA_PROTOINFO_SCTP] = { .type = UNL_NLA_NESTED },
};

/* ct_nla_policy */
static const struct unl_nla_policy ct_policy[CTA_MAX + 1] = {
	[CTA_TUPLE_ORIG] = { .type = UNL_NLA_NESTED },
	[CTA_TUPLE_REPLY] = { .type = UNL_NLA_NESTED },
	[CTA_STATUS] = { .type = UNL_NLA_U32 },
	[CTA_PROTOINFO] = { .type = UNL_NLA_NESTED },
	[CTA_HELP] = { .type = UNL_NLA_NESTED },
	[CTA_NAT_SRC] = { .type = UNL_NLA_NESTED },
	[CTA_TIMEOUT] = { .type = UNL_NLA_U32 },
	[CTA_MARK] = { .type = UNL_NLA_U32 },
	[CTA_ID] = { .type = UNL_NLA_U32 },
	[CTA_NAT_DST] = { .type = UNL_NLA_NESTED },
	[CTA_TUPLE_MASTER] = { .type = UNL_NLA_NESTED },
	[CTA_NAT_SEQ_ADJ_ORIG] = { .type = UNL_NLA_NESTED },
	[CTA_NAT_SEQ_ADJ_REPLY] = { .type = UNL_NLA_NESTED },
	[CTA_ZONE] = { .type = UNL_NLA_U16 },
	[CTA_SECCTX] = { .type = UNL_NLA_NESTED },
	[CTA_LABELS] = { .type = UNL_NLA_BINARY, .len = CT_LABELS_SIZE },
	[CTA_LABELS_MASK] = { .type = UNL_NLA_BINARY, .len = CT_LABELS_SIZE },
	[CTA_SYNPROXY] = { .type = UNL_NLA_NESTED },
	[CTA_FILTER] = { .type = UNL_NLA_NESTED },
	[CTA_STATUS_MASK] = { .type = UNL_NLA_U32 },
};

/* help_nla_policy: CTA_HELP_INFO goes to the helper unchecked */
static const struct unl_nla_policy ct_help_policy[CTA_HELP_MAX + 1] = {
	[CTA_HELP_NAME] = { .type = UNL_NLA_NUL_STRING,
			    .len = CT_HELPER_NAME_LEN - 1 },
};

static const struct unl_nla_policy exp_policy[CTA_EXPECT_MAX + 1] = {
	[CTA_EXPECT_MASTER] = { .type = UNL_NLA_NESTED },
	[CTA_EXPECT_TUPLE] = { .type = UNL_NLA_NESTED },
	[CTA_EXPECT_MASK] = { .type = UNL_NLA_NESTED },
	[CTA_EXPECT_TIMEOUT] = { .type = UNL_NLA_U32 },
	[CTA_EXPECT_ID] = { .type = UNL_NLA_U32 },
	[CTA_EXPECT_HELP_NAME] = { .type = UNL_NLA_NUL_STRING,
				   .len = 15 },
	[CTA_EXPECT_ZONE] = { .type = UNL_NLA_U16 },
	[CTA_EXPECT_FLAGS] = { .type = UNL_NLA_U32 },
	[CTA_EXPECT_CLASS] = { .type = UNL_NLA_U32 },
	[CTA_EXPECT_NAT] = { .type = UNL_NLA_NESTED },
	[CTA_EXPECT_FN] = { .type = UNL_NLA_NUL_STRING },
};

/* ---- tuples ---- */

static uint16_t be16_of(const struct nlattr *a)
{
	return unl_nla_get_u16(a);
}

/* ctnetlink_parse_tuple_ip() */
static int ct_parse_ip(const struct nlattr *attr, struct ct_tuple *t,
		       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CTA_IP_MAX + 1];
	int err;

	err = unl_nla_parse_nested(tb, CTA_IP_MAX, attr, ct_ip_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return err;
	switch (t->l3num) {
	case NFPROTO_IPV4:
		if (!tb[CTA_IP_V4_SRC] || !tb[CTA_IP_V4_DST])
			return -EINVAL;
		memcpy(t->src, unl_nla_data(tb[CTA_IP_V4_SRC]), 4);
		memcpy(t->dst, unl_nla_data(tb[CTA_IP_V4_DST]), 4);
		return 0;
	case NFPROTO_IPV6:
		if (!tb[CTA_IP_V6_SRC] || !tb[CTA_IP_V6_DST])
			return -EINVAL;
		if (unl_nla_len(tb[CTA_IP_V6_SRC]) < 16 ||
		    unl_nla_len(tb[CTA_IP_V6_DST]) < 16)
			return -EINVAL;
		memcpy(t->src, unl_nla_data(tb[CTA_IP_V6_SRC]), 16);
		memcpy(t->dst, unl_nla_data(tb[CTA_IP_V6_DST]), 16);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* The ICMP types conntrack tracks: those with an answer (invmap of
 * nf_conntrack_proto_icmp.c and _icmpv6.c). */
static bool ct_icmp_type_ok(uint8_t l3num, uint8_t type)
{
	if (l3num == NFPROTO_IPV4)
		return type == 0 || type == 8 || (type >= 13 && type <= 18);
	return (type >= 128 && type <= 129) || (type >= 139 && type <= 140);
}

/* ctnetlink_parse_tuple_proto() with the l4 protocol's
 * nlattr_to_tuple. */
static int ct_parse_proto(const struct nlattr *attr, struct ct_tuple *t,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CTA_PROTO_MAX + 1];
	int err, ty, co, id;

	err = unl_nla_parse_nested(tb, CTA_PROTO_MAX, attr, ct_proto_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return err;
	if (!tb[CTA_PROTO_NUM])
		return -EINVAL;
	t->protonum = unl_nla_get_u8(tb[CTA_PROTO_NUM]);
	if (ct_has_ports(t->protonum)) {
		if (!tb[CTA_PROTO_SRC_PORT] || !tb[CTA_PROTO_DST_PORT])
			return -EINVAL;
		t->sport = be16_of(tb[CTA_PROTO_SRC_PORT]);
		t->dport = be16_of(tb[CTA_PROTO_DST_PORT]);
		return 0;
	}
	if (!ct_is_icmp(t))
		return 0;
	ty = t->l3num == NFPROTO_IPV4 ? CTA_PROTO_ICMP_TYPE
				      : CTA_PROTO_ICMPV6_TYPE;
	co = t->l3num == NFPROTO_IPV4 ? CTA_PROTO_ICMP_CODE
				      : CTA_PROTO_ICMPV6_CODE;
	id = t->l3num == NFPROTO_IPV4 ? CTA_PROTO_ICMP_ID : CTA_PROTO_ICMPV6_ID;
	if (!tb[ty] || !tb[co] || !tb[id])
		return -EINVAL;
	t->icmp_type = unl_nla_get_u8(tb[ty]);
	t->icmp_code = unl_nla_get_u8(tb[co]);
	t->sport = be16_of(tb[id]);
	if (!ct_icmp_type_ok(t->l3num, t->icmp_type))
		return -EINVAL;
	return 0;
}

/* ctnetlink_parse_tuple(): the tuple in cda[type]; a CTA_TUPLE_ZONE in
 * it sets the zone (*zone_dir to its direction). */
static int ct_parse_tuple(const struct nlattr *const cda[], int type,
			  uint8_t l3num, struct ct_tuple *t, uint16_t *zone,
			  uint8_t *zone_dir, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CTA_TUPLE_MAX + 1];
	int err;

	memset(t, 0, sizeof(*t));
	err = unl_nla_parse_nested(tb, CTA_TUPLE_MAX, cda[type],
				   ct_tuple_policy, UNL_VALIDATE_LIBERAL,
				   extack);
	if (err < 0)
		return err;
	if (l3num != NFPROTO_IPV4 && l3num != NFPROTO_IPV6)
		return -EOPNOTSUPP;
	t->l3num = l3num;
	if (!tb[CTA_TUPLE_IP])
		return -EINVAL;
	err = ct_parse_ip(tb[CTA_TUPLE_IP], t, extack);
	if (err < 0)
		return err;
	if (!tb[CTA_TUPLE_PROTO])
		return -EINVAL;
	err = ct_parse_proto(tb[CTA_TUPLE_PROTO], t, extack);
	if (err < 0)
		return err;
	if (tb[CTA_TUPLE_ZONE]) {
		if (!zone)
			return -EINVAL;
		*zone = ntohs(be16_of(tb[CTA_TUPLE_ZONE]));
		*zone_dir = type == CTA_TUPLE_REPLY ? CT_ZONE_DIR_REPL
						    : CT_ZONE_DIR_ORIG;
	}
	return 0;
}

/* ctnetlink_dump_tuples(): the addresses and the protocol's part */
static int ct_put_tuple_parts(struct unl_skb *skb, const struct ct_tuple *t)
{
	struct nlattr *n;
	bool v4 = t->l3num == NFPROTO_IPV4;

	n = unl_nla_nest_start(skb, CTA_TUPLE_IP);
	if (!n ||
	    unl_nla_put(skb, v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC,
			(int)ct_addr_len(t->l3num), t->src) ||
	    unl_nla_put(skb, v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST,
			(int)ct_addr_len(t->l3num), t->dst))
		return -1;
	unl_nla_nest_end(skb, n);
	n = unl_nla_nest_start(skb, CTA_TUPLE_PROTO);
	if (!n || unl_nla_put_u8(skb, CTA_PROTO_NUM, t->protonum))
		return -1;
	if (ct_has_ports(t->protonum) &&
	    (unl_nla_put_u16(skb, CTA_PROTO_SRC_PORT, t->sport) ||
	     unl_nla_put_u16(skb, CTA_PROTO_DST_PORT, t->dport)))
		return -1;
	if (ct_is_icmp(t) &&
	    (unl_nla_put_u16(skb, v4 ? CTA_PROTO_ICMP_ID : CTA_PROTO_ICMPV6_ID,
			     t->sport) ||
	     unl_nla_put_u8(skb, v4 ? CTA_PROTO_ICMP_TYPE
				    : CTA_PROTO_ICMPV6_TYPE,
			    t->icmp_type) ||
	     unl_nla_put_u8(skb, v4 ? CTA_PROTO_ICMP_CODE
				    : CTA_PROTO_ICMPV6_CODE,
			    t->icmp_code)))
		return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

static int ct_put_tuple(struct unl_skb *skb, int type,
			const struct ct_tuple *t, const struct ct_entry *e,
			uint8_t dir)
{
	struct nlattr *nest = unl_nla_nest_start(skb, type);

	if (!nest || ct_put_tuple_parts(skb, t))
		return -1;
	/* ctnetlink_dump_zone_id(): a zone of this direction only */
	if (e->zone && e->zone_dir == dir &&
	    unl_nla_put_u16(skb, CTA_TUPLE_ZONE, htons(e->zone)))
		return -1;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- filling ---- */

/* The kernel keeps timeouts in jiffies of the host's HZ: a timeout set
 * and read within one jiffy reads back whole. */
static int ct_hz(const struct ct_net *cn)
{
	int hz = nfnl_net_net(cn->nn)->hz;

	return hz > 0 ? hz : 250;
}

static int64_t ct_jiffies(const struct ct_net *cn)
{
	return unl_net_now(nfnl_net_net(cn->nn)) /
	       (UNL_NSEC_PER_SEC / ct_hz(cn));
}

/* nf_ct_expires() in seconds, as ctnetlink_dump_timeout() gives it. */
static uint32_t ct_timeout_left(const struct ct_entry *e)
{
	int64_t left = e->expires_j - ct_jiffies(e->cn);

	return left > 0 ? (uint32_t)(left / ct_hz(e->cn)) : 0;
}

static int ct_put_protoinfo(struct unl_skb *skb, const struct ct_entry *e)
{
	struct nlattr *pi, *tcp;

	if (e->tuple[0].protonum != IPPROTO_TCP)
		return 0;
	pi = unl_nla_nest_start(skb, CTA_PROTOINFO);
	if (!pi)
		return -1;
	tcp = unl_nla_nest_start(skb, CTA_PROTOINFO_TCP);
	if (!tcp || unl_nla_put_u8(skb, CTA_PROTOINFO_TCP_STATE, e->tcp_state) ||
	    unl_nla_put_u8(skb, CTA_PROTOINFO_TCP_WSCALE_ORIGINAL,
			   e->tcp_wscale[0]) ||
	    unl_nla_put_u8(skb, CTA_PROTOINFO_TCP_WSCALE_REPLY,
			   e->tcp_wscale[1]) ||
	    unl_nla_put(skb, CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, 2,
			(uint8_t[]){ e->tcp_flags[0], 0 }) ||
	    unl_nla_put(skb, CTA_PROTOINFO_TCP_FLAGS_REPLY, 2,
			(uint8_t[]){ e->tcp_flags[1], 0 }))
		return -1;
	unl_nla_nest_end(skb, tcp);
	unl_nla_nest_end(skb, pi);
	return 0;
}

static uint64_t ct_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * UNL_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* ctnetlink_dump_acct(): both directions' counters, 0 here. */
static int ct_put_acct(struct unl_skb *skb, const struct ct_entry *e)
{
	static const int dir[] = { CTA_COUNTERS_ORIG, CTA_COUNTERS_REPLY };

	if (!e->acct)
		return 0;
	for (int i = 0; i < 2; i++) {
		struct nlattr *n = unl_nla_nest_start(skb, dir[i]);

		if (!n ||
		    unl_nla_put_u64(skb, CTA_COUNTERS_PACKETS, 0,
				    CTA_COUNTERS_PAD) ||
		    unl_nla_put_u64(skb, CTA_COUNTERS_BYTES, 0,
				    CTA_COUNTERS_PAD))
			return -1;
		unl_nla_nest_end(skb, n);
	}
	return 0;
}

/* ctnetlink_dump_helpinfo(): the helper's name (the kernel's helpers
 * have no private data to dump), and a userspace helper's private data
 * (nfnl_cthelper_to_nlattr(): as many bytes as the helper has) */
static int ct_put_helpinfo(struct unl_skb *skb, const struct ct_entry *e)
{
	const char *name = e->helper;
	uint32_t data_len = 0;
	struct nlattr *n;

	if (!name && e->uhelper)
		name = nfnl_cthelper_by_birth(nfnl_net_net(e->cn->nn),
					      e->uhelper, &data_len);
	if (!name)
		return 0;
	n = unl_nla_nest_start(skb, CTA_HELP);
	if (!n || unl_nla_put_string(skb, CTA_HELP_NAME, name))
		return -1;
	if (data_len && unl_nla_put(skb, CTA_HELP_INFO, data_len, e->help_data))
		return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* ctnetlink_dump_timestamp() */
static int ct_put_tstamp(struct unl_skb *skb, const struct ct_entry *e)
{
	struct nlattr *n;

	if (!e->tstamp)
		return 0;
	n = unl_nla_nest_start(skb, CTA_TIMESTAMP);
	if (!n ||
	    unl_nla_put_u64(skb, CTA_TIMESTAMP_START, htobe64(e->start_ns),
			    CTA_TIMESTAMP_PAD) ||
	    (e->stop_ns &&
	     unl_nla_put_u64(skb, CTA_TIMESTAMP_STOP, htobe64(e->stop_ns),
			     CTA_TIMESTAMP_PAD)))
		return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* A nest of three 32-bit values, attributes 1 to 3 (the shape of
 * CTA_SEQ_ADJ_* and CTA_SYNPROXY), each in network order. */
static int ct_put_u32_nest(struct unl_skb *skb, int type, const uint32_t v[3])
{
	struct nlattr *n = unl_nla_nest_start(skb, type);

	if (!n)
		return -1;
	for (int i = 0; i < 3; i++)
		if (unl_nla_put_u32(skb, i + 1, htonl(v[i])))
			return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* ctnetlink_dump_ct_seq_adj(): both directions, once a request set
 * one (IPS_SEQ_ADJUST) */
static int ct_put_seqadj(struct unl_skb *skb, const struct ct_entry *e)
{
	return (e->status & IPS_SEQ_ADJUST) &&
	       (ct_put_u32_nest(skb, CTA_SEQ_ADJ_ORIG, e->seqadj[0]) ||
		ct_put_u32_nest(skb, CTA_SEQ_ADJ_REPLY, e->seqadj[1]))
		       ? -1
		       : 0;
}

/* ctnetlink_dump_ct_synproxy() */
static int ct_put_synproxy(struct unl_skb *skb, const struct ct_entry *e)
{
	return e->synproxy_ext ? ct_put_u32_nest(skb, CTA_SYNPROXY, e->synproxy)
			       : 0;
}

static struct nlmsghdr *ct_put_head(struct unl_skb *skb, uint32_t portid,
				    uint32_t seq, int type, uint16_t flags,
				    const struct ct_entry *e)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq, (uint16_t)(NFNL_SUBSYS_CTNETLINK << 8 | type),
		flags, e->tuple[0].l3num, NFNETLINK_V0, 0);

	if (!nlh)
		return NULL;
	if (ct_put_tuple(skb, CTA_TUPLE_ORIG, &e->tuple[0], e,
			 CT_ZONE_DIR_ORIG) ||
	    ct_put_tuple(skb, CTA_TUPLE_REPLY, &e->tuple[1], e,
			 CT_ZONE_DIR_REPL) ||
	    (e->zone && e->zone_dir == CT_DEFAULT_ZONE_DIR &&
	     unl_nla_put_u16(skb, CTA_ZONE, htons(e->zone)))) {
		unl_nlmsg_cancel(skb, nlh);
		return NULL;
	}
	return nlh;
}

/* ctnetlink_fill_info() */
static int ct_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
		   uint16_t flags, const struct ct_entry *e, uint32_t use)
{
	struct nlmsghdr *nlh = ct_put_head(skb, portid, seq, IPCTNL_MSG_CT_NEW,
					   flags, e);

	if (!nlh)
		return -1;
	if (unl_nla_put_u32(skb, CTA_STATUS, htonl(e->status)) ||
	    unl_nla_put_u32(skb, CTA_MARK, htonl(e->mark)) ||
	    unl_nla_put_u32(skb, CTA_ID, htonl(e->id)) ||
	    unl_nla_put_u32(skb, CTA_USE, htonl(use)) ||
	    unl_nla_put_u32(skb, CTA_TIMEOUT, htonl(ct_timeout_left(e))) ||
	    ct_put_protoinfo(skb, e) || ct_put_acct(skb, e) ||
	    ct_put_tstamp(skb, e) || ct_put_helpinfo(skb, e) ||
	    ct_put_seqadj(skb, e) || ct_put_synproxy(skb, e)) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ctnetlink_conntrack_event() */
static void ct_event(struct ct_entry *e, uint32_t events, uint32_t portid,
		     bool report)
{
	struct nfnl_net *nn = e->cn->nn;
	unsigned int group;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;
	uint16_t flags = 0;
	int type = IPCTNL_MSG_CT_NEW;

	if (events & CT_EV_DESTROY) {
		type = IPCTNL_MSG_CT_DELETE;
		group = NFNLGRP_CONNTRACK_DESTROY;
	} else if (events & (CT_EV_NEW | (1u << IPCT_RELATED))) {
		flags = NLM_F_CREATE | NLM_F_EXCL;
		group = NFNLGRP_CONNTRACK_NEW;
	} else {
		group = NFNLGRP_CONNTRACK_UPDATE;
	}
	if (!e->ecache || (!report && !nfnl_has_listeners(nn, group)))
		return;
	skb = unl_nlmsg_new(1024);
	if (!skb)
		goto fail;
	nlh = ct_put_head(skb, portid, 0, type, flags, e);
	if (!nlh || unl_nla_put_u32(skb, CTA_ID, htonl(e->id)) ||
	    unl_nla_put_u32(skb, CTA_STATUS, htonl(e->status)) ||
	    unl_nla_put_u32(skb, CTA_TIMEOUT, htonl(ct_timeout_left(e))) ||
	    ((events & CT_EV_DESTROY) &&
	     (ct_put_acct(skb, e) || ct_put_tstamp(skb, e))) ||
	    (((events & (CT_EV_DESTROY | CT_EV_PROTOINFO)) &&
	      ct_put_protoinfo(skb, e))) ||
	    (!(events & CT_EV_DESTROY) &&
	     (ct_put_helpinfo(skb, e) ||
	      ((events & (1u << IPCT_SEQADJ)) && ct_put_seqadj(skb, e)) ||
	      ((events & (1u << IPCT_SYNPROXY)) &&
	       ct_put_synproxy(skb, e)))) ||
	    ((e->mark || (events & CT_EV_MARK)) &&
	     unl_nla_put_u32(skb, CTA_MARK, htonl(e->mark)))) {
		unl_skb_free(skb);
		goto fail;
	}
	unl_nlmsg_end(skb, nlh);
	nfnl_send(nn, skb, portid, group, report);
	return;
fail:
	nfnl_set_err(nn, 0, group, -ENOBUFS);
}

/* ---- the table ---- */

static void exp_remove_of_master(struct ct_entry *master);

static void ct_unlink_free(struct ct_entry *e)
{
	exp_remove_of_master(e);
	*e->pprev = e->next;
	if (e->next)
		e->next->pprev = e->pprev;
	e->cn->ct.count--;
	unl_timer_free(e->timer);
	free(e);
}

/* nf_ct_delete(): gone, with its DESTROY event. */
static void ct_delete(struct ct_entry *e, uint32_t portid, bool report)
{
	e->status |= IPS_DYING;
	if (e->tstamp)
		e->stop_ns = ct_real_ns();
	ct_event(e, CT_EV_DESTROY, portid, report);
	ct_unlink_free(e);
}

static void ct_expired(struct unl_timer *timer, void *data)
{
	(void)timer;
	ct_delete(data, 0, false);
}

static void ct_set_timeout(struct ct_entry *e, uint32_t secs)
{
	int64_t t = (int64_t)secs * ct_hz(e->cn);

	if (t > INT32_MAX) /* ctnetlink_change_timeout() caps it */
		t = INT32_MAX;
	e->expires_j = ct_jiffies(e->cn) + t;
	unl_timer_mod(e->timer,
		      e->expires_j * (UNL_NSEC_PER_SEC / ct_hz(e->cn)));
}

/* ctnetlink_change_status() */
static int ct_change_status(struct ct_entry *e, const struct nlattr *a)
{
	uint32_t status = ntohl(unl_nla_get_u32(a));
	uint32_t d = e->status ^ status;

	if ((d & IPS_SEEN_REPLY) && !(status & IPS_SEEN_REPLY))
		return -EBUSY;
	if ((d & IPS_ASSURED) && !(status & IPS_ASSURED))
		return -EBUSY;
	e->status = (e->status & CT_UNCHANGEABLE) | (status & ~CT_UNCHANGEABLE);
	return 0;
}

/* ctnetlink_change_protoinfo() with tcp's nlattr_to_tcp */
static int ct_change_protoinfo(struct ct_entry *e, const struct nlattr *a,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CTA_PROTOINFO_MAX + 1];
	const struct nlattr *tcp[CTA_PROTOINFO_TCP_MAX + 1];
	int err;

	err = unl_nla_parse_nested(tb, CTA_PROTOINFO_MAX, a,
				   ct_protoinfo_policy, UNL_VALIDATE_LIBERAL,
				   extack);
	if (err < 0)
		return err;
	/* SCTP's and DCCP's states are not modelled: refused rather than
	 * dropped (docs/conformance.md). */
	if ((tb[CTA_PROTOINFO_SCTP] &&
	     e->tuple[0].protonum == IPPROTO_SCTP) ||
	    (tb[CTA_PROTOINFO_DCCP] && e->tuple[0].protonum == IPPROTO_DCCP))
		return -EOPNOTSUPP;
	if (e->tuple[0].protonum != IPPROTO_TCP || !tb[CTA_PROTOINFO_TCP])
		return 0;
	err = unl_nla_parse_nested(tcp, CTA_PROTOINFO_TCP_MAX,
				   tb[CTA_PROTOINFO_TCP], ct_tcp_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return err;
	if (tcp[CTA_PROTOINFO_TCP_STATE] &&
	    unl_nla_get_u8(tcp[CTA_PROTOINFO_TCP_STATE]) >= CT_TCP_STATE_MAX)
		return -EINVAL;
	if (tcp[CTA_PROTOINFO_TCP_STATE])
		e->tcp_state = unl_nla_get_u8(tcp[CTA_PROTOINFO_TCP_STATE]);
	if (tcp[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL] &&
	    unl_nla_len(tcp[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL]) >= 2) {
		const uint8_t *f =
			unl_nla_data(tcp[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL]);
		e->tcp_flags[0] = (uint8_t)((e->tcp_flags[0] & ~f[1]) |
					    (f[0] & f[1]));
	}
	if (tcp[CTA_PROTOINFO_TCP_FLAGS_REPLY] &&
	    unl_nla_len(tcp[CTA_PROTOINFO_TCP_FLAGS_REPLY]) >= 2) {
		const uint8_t *f =
			unl_nla_data(tcp[CTA_PROTOINFO_TCP_FLAGS_REPLY]);
		e->tcp_flags[1] = (uint8_t)((e->tcp_flags[1] & ~f[1]) |
					    (f[0] & f[1]));
	}
	if (tcp[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL] &&
	    tcp[CTA_PROTOINFO_TCP_WSCALE_REPLY] &&
	    (e->tcp_flags[0] & IP_CT_TCP_FLAG_WINDOW_SCALE) &&
	    (e->tcp_flags[1] & IP_CT_TCP_FLAG_WINDOW_SCALE)) {
		e->tcp_wscale[0] =
			unl_nla_get_u8(tcp[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL]);
		e->tcp_wscale[1] =
			unl_nla_get_u8(tcp[CTA_PROTOINFO_TCP_WSCALE_REPLY]);
	}
	return 0;
}

/* ctnetlink_change_mark() */
static void ct_change_mark(struct ct_entry *e, const struct nlattr *const cda[])
{
	uint32_t mask = ~0u;

	if (cda[CTA_MARK_MASK])
		mask = ~ntohl(unl_nla_get_u32(cda[CTA_MARK_MASK]));
	e->mark = (e->mark & mask) ^ ntohl(unl_nla_get_u32(cda[CTA_MARK]));
}

/* ctnetlink_parse_help(): the helper's name, and its private data */
static int ct_parse_help(const struct nlattr *a, const char **name,
			 const struct nlattr **info)
{
	const struct nlattr *tb[CTA_HELP_MAX + 1];
	int err = unl_nla_parse_nested(tb, CTA_HELP_MAX, a, ct_help_policy,
				       UNL_VALIDATE_LIBERAL, NULL);

	if (err < 0)
		return err;
	if (!tb[CTA_HELP_NAME])
		return -EINVAL;
	*name = unl_nla_data(tb[CTA_HELP_NAME]);
	*info = tb[CTA_HELP_INFO];
	return 0;
}

/* The kernel helper called name for e's protocols, or NULL
 * (__nf_conntrack_helper_find()). */
static const char *ct_helper_find(const struct ct_entry *e, const char *name)
{
	return nf_ct_kernel_helper_find(
		unl_net_profile(nfnl_net_net(e->cn->nn)), name,
		e->tuple[0].l3num, e->tuple[0].protonum);
}

/* The userspace helper called name for e's protocols (its birth), 0
 * when none. */
static uint64_t ct_uhelper_find(const struct ct_entry *e, const char *name)
{
	return nfnl_cthelper_find(nfnl_net_net(e->cn->nn), name,
				  e->tuple[0].l3num, e->tuple[0].protonum);
}

/* nfnl_cthelper_from_nlattr(): an entry's userspace helper with
 * private data takes CTA_HELP_INFO's (nla_memcpy(): cut or padded with
 * zeros) */
static void ct_uhelper_from_nlattr(struct ct_entry *e,
				   const struct nlattr *info)
{
	uint32_t data_len = 0;
	size_t n;

	if (!info || !nfnl_cthelper_by_birth(nfnl_net_net(e->cn->nn),
					     e->uhelper, &data_len) ||
	    !data_len)
		return;
	n = (size_t)unl_nla_len(info) < sizeof(e->help_data)
		    ? (size_t)unl_nla_len(info)
		    : sizeof(e->help_data);
	memset(e->help_data, 0, sizeof(e->help_data));
	memcpy(e->help_data, unl_nla_data(info), n);
}

/* ctnetlink_change_helper(): "" takes the helper away; the helper an
 * entry has may be named again (a userspace one takes new private
 * data); an entry made without one cannot get one (EOPNOTSUPP), nor
 * change it for another (EBUSY). */
static int ct_change_helper(struct ct_entry *e, const struct nlattr *a)
{
	const struct nlattr *info;
	const char *name, *helper;
	uint64_t uhelper = 0;
	int err = ct_parse_help(a, &name, &info);

	if (err < 0)
		return err;
	if (!*name) {
		if (e->helper || e->uhelper)
			exp_remove_of_master(e);
		e->helper = NULL;
		e->uhelper = 0;
		return 0;
	}
	helper = ct_helper_find(e, name);
	if (!helper)
		uhelper = ct_uhelper_find(e, name);
	if (!helper && !uhelper)
		return -EOPNOTSUPP;
	if (!e->help_ext)
		return -EOPNOTSUPP;
	if (helper)
		return e->helper == helper ? 0 : -EBUSY;
	if (e->uhelper != uhelper)
		return -EBUSY;
	ct_uhelper_from_nlattr(e, info);
	return 0;
}

/* CTA_SEQ_ADJ_*'s and CTA_SYNPROXY's nests: three u32, 1 to 3 */
static const struct unl_nla_policy ct_u32_nest_policy[4] = {
	[1] = { .type = UNL_NLA_U32 },
	[2] = { .type = UNL_NLA_U32 },
	[3] = { .type = UNL_NLA_U32 },
};
_Static_assert(CTA_SEQADJ_MAX == 3 && CTA_SYNPROXY_MAX == 3,
	       "ct_u32_nest_policy");

/* change_seq_adj(): all three, each set as it is read (Linux keeps
 * what it set before a missing one) */
static int ct_change_seqadj_dir(uint32_t v[3], const struct nlattr *a)
{
	const struct nlattr *tb[4];
	int err = unl_nla_parse_nested(tb, 3, a, ct_u32_nest_policy,
				       UNL_VALIDATE_LIBERAL, NULL);

	if (err)
		return err;
	for (int i = 0; i < 3; i++) {
		if (!tb[i + 1])
			return -EINVAL;
		v[i] = ntohl(unl_nla_get_u32(tb[i + 1]));
	}
	return 0;
}

/* ctnetlink_change_seq_adj(): a direction set turns IPS_SEQ_ADJUST on */
static int ct_change_seqadj(struct ct_entry *e, const struct nlattr *const cda[])
{
	static const int type[2] = { CTA_SEQ_ADJ_ORIG, CTA_SEQ_ADJ_REPLY };

	for (int dir = 0; dir < 2; dir++) {
		int err;

		if (!cda[type[dir]])
			continue;
		err = ct_change_seqadj_dir(e->seqadj[dir], cda[type[dir]]);
		if (err)
			return err;
		e->status |= IPS_SEQ_ADJUST;
	}
	return 0;
}

/* ctnetlink_change_synproxy(): all three or nothing changes; nothing
 * to change without the extension */
static int ct_change_synproxy(struct ct_entry *e, const struct nlattr *a)
{
	const struct nlattr *tb[4];
	int err;

	if (!e->synproxy_ext)
		return 0;
	err = unl_nla_parse_nested(tb, 3, a, ct_u32_nest_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[1] || !tb[2] || !tb[3])
		return -EINVAL;
	for (int i = 0; i < 3; i++)
		e->synproxy[i] = ntohl(unl_nla_get_u32(tb[i + 1]));
	return 0;
}

/* ctnetlink_change_conntrack(): an update of an existing entry. */
static int ct_change(struct ct_entry *e, const struct nlattr *const cda[],
		     struct unl_ext_ack *extack)
{
	int err;

	if (cda[CTA_NAT_SRC] || cda[CTA_NAT_DST] || cda[CTA_TUPLE_MASTER])
		return -EOPNOTSUPP;
	if (cda[CTA_HELP]) {
		err = ct_change_helper(e, cda[CTA_HELP]);
		if (err < 0)
			return err;
	}
	if (cda[CTA_TIMEOUT])
		ct_set_timeout(e, ntohl(unl_nla_get_u32(cda[CTA_TIMEOUT])));
	if (cda[CTA_STATUS]) {
		err = ct_change_status(e, cda[CTA_STATUS]);
		if (err < 0)
			return err;
	}
	if (cda[CTA_PROTOINFO]) {
		err = ct_change_protoinfo(e, cda[CTA_PROTOINFO], extack);
		if (err < 0)
			return err;
	}
	if (cda[CTA_MARK])
		ct_change_mark(e, cda);
	if (cda[CTA_SEQ_ADJ_ORIG] || cda[CTA_SEQ_ADJ_REPLY]) {
		err = ct_change_seqadj(e, cda);
		if (err < 0)
			return err;
	}
	if (cda[CTA_SYNPROXY]) {
		err = ct_change_synproxy(e, cda[CTA_SYNPROXY]);
		if (err < 0)
			return err;
	}
	/* Labels need the labels extension, which a conntrack only has
	 * while something in the net uses labels (net->ct.labels_used):
	 * nothing does here. */
	if (cda[CTA_LABELS])
		return -ENOSPC;
	return 0;
}

static struct ct_net *ct_net_of(const struct nfnl_info *info)
{
	return info->priv;
}

/* ctnetlink_parse_zone() */
static uint16_t ct_zone_of(const struct nlattr *const cda[])
{
	return cda[CTA_ZONE] ? ntohs(unl_nla_get_u16(cda[CTA_ZONE])) : 0;
}

/* ctnetlink_has_listener: someone has joined one of ctnetlink's groups
 * (nfnetlink_bind). */
static bool ct_has_listener(struct ct_net *cn)
{
	static const unsigned int groups[] = {
		NFNLGRP_CONNTRACK_NEW,	   NFNLGRP_CONNTRACK_UPDATE,
		NFNLGRP_CONNTRACK_DESTROY, NFNLGRP_CONNTRACK_EXP_NEW,
		NFNLGRP_CONNTRACK_EXP_UPDATE, NFNLGRP_CONNTRACK_EXP_DESTROY,
	};

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (nfnl_has_listeners(cn->nn, groups[i]))
			return true;
	return false;
}

/* nf_ct_ecache_ext_add() for an entry ctnetlink makes: by
 * nf_conntrack_events, none (0), always (1), or while someone listens
 * (2). */
static bool ct_ecache(struct ct_net *cn)
{
	return cn->ct.events == 1 || (cn->ct.events == 2 && ct_has_listener(cn));
}

static const struct unl_nla_policy ct_protonat_policy[CTA_PROTONAT_MAX + 1] = {
	[CTA_PROTONAT_PORT_MIN] = { .type = UNL_NLA_U16 },
	[CTA_PROTONAT_PORT_MAX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy ct_nat_policy[CTA_NAT_MAX + 1] = {
	[CTA_NAT_V4_MINIP] = { .type = UNL_NLA_U32 },
	[CTA_NAT_V4_MAXIP] = { .type = UNL_NLA_U32 },
	[CTA_NAT_V6_MINIP] = { .type = UNL_NLA_BINARY, .len = 16 },
	[CTA_NAT_V6_MAXIP] = { .type = UNL_NLA_BINARY, .len = 16 },
	[CTA_NAT_PROTO] = { .type = UNL_NLA_NESTED },
};

/* One manipulation of nfnetlink_parse_nat_setup(): the reply tuple
 * becomes the inverse of the original one mangled to the range's first
 * address and port (nf_nat_setup_info, nf_conntrack_alter_reply). */
static int ct_nat_one(struct ct_entry *e, const struct nlattr *attr, bool src,
		      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[CTA_NAT_MAX + 1], *pt[CTA_PROTONAT_MAX + 1];
	struct ct_tuple *r = &e->tuple[1];
	bool v4 = e->tuple[0].l3num == NFPROTO_IPV4;
	const struct nlattr *min;
	int err;

	err = unl_nla_parse_nested(tb, CTA_NAT_MAX, attr, ct_nat_policy,
				   UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return err;
	min = tb[v4 ? CTA_NAT_V4_MINIP : CTA_NAT_V6_MINIP];
	if (min) {
		if ((size_t)unl_nla_len(min) < ct_addr_len(r->l3num))
			return -EINVAL;
		memcpy(src ? r->dst : r->src, unl_nla_data(min),
		       ct_addr_len(r->l3num));
	}
	if (tb[CTA_NAT_PROTO]) {
		err = unl_nla_parse_nested(pt, CTA_PROTONAT_MAX,
					   tb[CTA_NAT_PROTO],
					   ct_protonat_policy,
					   UNL_VALIDATE_LIBERAL, extack);
		if (err < 0)
			return err;
		if (pt[CTA_PROTONAT_PORT_MIN] && ct_has_ports(r->protonum)) {
			uint16_t port = be16_of(pt[CTA_PROTONAT_PORT_MIN]);

			if (src)
				r->dport = port;
			else
				r->sport = port;
		}
	}
	e->status |= src ? IPS_SRC_NAT : IPS_DST_NAT;
	return 0;
}

/* ctnetlink_setup_nat(): what is not mangled gets a null binding; both
 * manipulations are done then. */
static int ct_setup_nat(struct ct_entry *e, const struct nlattr *const cda[],
			struct unl_ext_ack *extack)
{
	int err = 0;

	if (!cda[CTA_NAT_SRC] && !cda[CTA_NAT_DST])
		return 0;
	if (cda[CTA_NAT_DST])
		err = ct_nat_one(e, cda[CTA_NAT_DST], false, extack);
	if (!err && cda[CTA_NAT_SRC])
		err = ct_nat_one(e, cda[CTA_NAT_SRC], true, extack);
	if (!err)
		e->status |= IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE;
	return err;
}

/* ctnetlink_create_conntrack() */
static int ct_create(struct ct_net *cn, const struct nfnl_info *info,
		     const struct nlattr *const cda[],
		     const struct ct_tuple *orig, const struct ct_tuple *repl,
		     uint16_t zone, uint8_t zone_dir, struct ct_entry **ep)
{
	struct ct_entry *e;
	int err;

	if (!cda[CTA_TIMEOUT])
		return -EINVAL;
	/* __nf_conntrack_alloc(): the table is full past nf_conntrack_max
	 * (0: no limit) */
	if (cn->ct.max && cn->ct.count >= cn->ct.max)
		return -ENOMEM;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->cn = cn;
	e->tuple[0] = *orig;
	e->tuple[1] = *repl;
	if (cda[CTA_HELP]) {
		const struct nlattr *help_info;
		const char *name;

		err = ct_parse_help(cda[CTA_HELP], &name, &help_info);
		(void)help_info;
		if (!err && !(e->helper = ct_helper_find(e, name)))
			e->uhelper = ct_uhelper_find(e, name);
		/* no such module to load: EOPNOTSUPP */
		if (!err && !e->helper && !e->uhelper)
			err = -EOPNOTSUPP;
		e->help_ext = !err;
		if (err < 0) {
			free(e);
			return err;
		}
		/* CTA_HELP_INFO is not taken here: Linux hands it to the
		 * helper's from_nlattr before the entry has the helper,
		 * which then finds none (recorded from 6.12) */
	}
	e->zone = zone;
	e->ecache = ct_ecache(cn);
	e->acct = cn->ct.acct;
	e->tstamp = cn->ct.tstamp;
	if (e->tstamp)
		e->start_ns = ct_real_ns();
	e->zone_dir = zone_dir;
	if (unl_timer_new(info->net, ct_expired, e, &e->timer) < 0) {
		free(e);
		return -ENOMEM;
	}
	e->synproxy_ext = cn->synproxy;
	err = ct_setup_nat(e, cda, info->extack);
	if (!err && cda[CTA_STATUS])
		err = ct_change_status(e, cda[CTA_STATUS]);
	if (!err && (cda[CTA_SEQ_ADJ_ORIG] || cda[CTA_SEQ_ADJ_REPLY]))
		err = ct_change_seqadj(e, cda);
	if (!err && cda[CTA_PROTOINFO])
		err = ct_change_protoinfo(e, cda[CTA_PROTOINFO], info->extack);
	if (!err && cda[CTA_SYNPROXY])
		err = ct_change_synproxy(e, cda[CTA_SYNPROXY]);
	if (!err && cda[CTA_TUPLE_MASTER])
		err = -ENOENT; /* no master: the table has no such entry */
	if (!err && (ct_find(cn, zone, orig) || ct_find(cn, zone, &e->tuple[1])))
		err = -EEXIST; /* nf_conntrack_hash_check_insert() */
	if (err) {
		unl_timer_free(e->timer);
		free(e);
		return err;
	}
	if (cda[CTA_MARK])
		ct_change_mark(e, cda);
	e->status |= IPS_CONFIRMED;
	/* nf_ct_get_id() is a keyed hash of the entry: unpredictable. */
	e->id = ++cn->next_id * 2654435761u;
	ct_set_timeout(e, ntohl(unl_nla_get_u32(cda[CTA_TIMEOUT])));
	e->next = cn->head;
	if (e->next)
		e->next->pprev = &e->next;
	e->pprev = &cn->head;
	cn->head = e;
	cn->ct.count++;
	ct_stat_this_cpu(cn)->insert++;
	*ep = e;
	return 0;
}

/* ctnetlink_new_conntrack() */
static int ct_new(struct unl_skb *skb, const struct nfnl_info *info,
		  const struct nlattr *const cda[])
{
	struct ct_net *cn = ct_net_of(info);
	uint8_t l3 = info->nfmsg->nfgen_family, zdir = CT_DEFAULT_ZONE_DIR;
	uint16_t zone = ct_zone_of(cda);
	uint32_t portid = unl_skb_cb(skb)->portid;
	bool report = info->nlh->nlmsg_flags & NLM_F_ECHO;
	struct ct_tuple orig = { 0 }, repl = { 0 };
	struct ct_entry *e = NULL;
	int err;

	if (cda[CTA_TUPLE_ORIG]) {
		err = ct_parse_tuple(cda, CTA_TUPLE_ORIG, l3, &orig, &zone,
				     &zdir, info->extack);
		if (err < 0)
			return err;
	}
	if (cda[CTA_TUPLE_REPLY]) {
		err = ct_parse_tuple(cda, CTA_TUPLE_REPLY, l3, &repl, &zone,
				     &zdir, info->extack);
		if (err < 0)
			return err;
	}
	if (cda[CTA_TUPLE_ORIG])
		e = ct_find(cn, zone, &orig);
	else if (cda[CTA_TUPLE_REPLY])
		e = ct_find(cn, zone, &repl);
	if (!e) {
		if (!(info->nlh->nlmsg_flags & NLM_F_CREATE))
			return -ENOENT;
		if (!cda[CTA_TUPLE_ORIG] || !cda[CTA_TUPLE_REPLY])
			return -EINVAL;
		if (orig.protonum != repl.protonum)
			return -EINVAL;
		err = ct_create(cn, info, cda, &orig, &repl, zone, zdir, &e);
		if (err < 0)
			return err;
		ct_event(e, CT_EV_CHANGE | CT_EV_NEW, portid, report);
		return 0;
	}
	if (info->nlh->nlmsg_flags & NLM_F_EXCL)
		return -EEXIST;
	err = ct_change(e, cda, info->extack);
	if (err == 0)
		ct_event(e, CT_EV_CHANGE | CT_EV_LABEL, portid, report);
	return err;
}

/* The filter of a dump or flush: a family, and mark/mask
 * (ctnetlink_filter_match without CTA_FILTER's tuple parts). */
struct ct_filter {
	uint8_t family;
	bool has_mark;
	uint32_t mark, mark_mask;
	bool has_status;
	uint32_t status, status_mask;
};

static int ct_filter_parse(struct ct_filter *f, uint8_t family,
			   const struct nlattr *const cda[])
{
	memset(f, 0, sizeof(*f));
	f->family = family;
	if (cda[CTA_MARK]) {
		f->has_mark = true;
		f->mark = ntohl(unl_nla_get_u32(cda[CTA_MARK]));
		f->mark_mask = cda[CTA_MARK_MASK]
				       ? ntohl(unl_nla_get_u32(cda[CTA_MARK_MASK]))
				       : ~0u;
	} else if (cda[CTA_MARK_MASK]) {
		return -EINVAL;
	}
	/* ctnetlink_filter_parse_status(): the mask defaults to the
	 * value, and an empty mask matches all or nothing: refused. */
	if (cda[CTA_STATUS]) {
		f->has_status = true;
		f->status = ntohl(unl_nla_get_u32(cda[CTA_STATUS]));
		f->status_mask = cda[CTA_STATUS_MASK]
					 ? ntohl(unl_nla_get_u32(cda[CTA_STATUS_MASK]))
					 : f->status;
		if (!f->status_mask)
			return -EINVAL;
	}
	if (cda[CTA_FILTER])
		return -EOPNOTSUPP; /* tuple filters: not modelled */
	return 0;
}

static bool ct_filter_match(const struct ct_filter *f, const struct ct_entry *e)
{
	if (f->family && e->tuple[0].l3num != f->family)
		return false;
	if (f->has_mark && (e->mark & f->mark_mask) != f->mark)
		return false;
	if (f->has_status && (e->status & f->status_mask) != f->status)
		return false;
	return true;
}

/* ctnetlink_dump_table(): args[0] counts the entries already sent;
 * the filter lives in ctx. */
static int ct_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct ct_net *cn = cb->data;
	const struct ct_filter *f = (const void *)cb->ctx;
	long idx = 0;

	for (struct ct_entry *e = cn->head; e; e = e->next) {
		if (!ct_filter_match(f, e))
			continue;
		if (idx++ < cb->args[0])
			continue;
		if (ct_fill(skb, unl_skb_cb(cb->skb)->portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI, e, 1) < 0) {
			idx--;
			break;
		}
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

static int ct_dump_start(struct unl_callback *cb)
{
	const struct nlmsghdr *nlh = cb->nlh;
	const struct nfgenmsg *nfmsg = NLMSG_DATA(nlh);
	const struct nlattr *cda[CTA_MAX + 1];
	int err;

	_Static_assert(sizeof(struct ct_filter) <= sizeof(cb->ctx), "ctx");
	err = unl_nlmsg_parse(nlh, sizeof(*nfmsg), cda, CTA_MAX, ct_policy,
			      UNL_VALIDATE_LIBERAL, cb->extack);
	if (err < 0)
		return err;
	return ct_filter_parse((struct ct_filter *)(void *)cb->ctx,
			       nfmsg->nfgen_family, cda);
}

static int ct_reply(const struct nfnl_info *info, struct unl_skb *skb,
		    struct unl_skb *skb2)
{
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* ctnetlink_get_conntrack() */
static int ct_get(struct unl_skb *skb, const struct nfnl_info *info,
		  const struct nlattr *const cda[])
{
	struct ct_net *cn = ct_net_of(info);
	uint16_t zone = ct_zone_of(cda);
	uint8_t zdir = CT_DEFAULT_ZONE_DIR;
	struct ct_tuple t;
	struct ct_entry *e;
	struct unl_skb *skb2;
	int err;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = ct_dump_start,
			.dump = ct_dump,
			.data = cn,
			.extack = info->extack,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (cda[CTA_TUPLE_ORIG])
		err = ct_parse_tuple(cda, CTA_TUPLE_ORIG,
				     info->nfmsg->nfgen_family, &t, &zone,
				     &zdir, info->extack);
	else if (cda[CTA_TUPLE_REPLY])
		err = ct_parse_tuple(cda, CTA_TUPLE_REPLY,
				     info->nfmsg->nfgen_family, &t, &zone,
				     &zdir, info->extack);
	else
		return -EINVAL;
	if (err < 0)
		return err;
	e = ct_find(cn, zone, &t);
	if (!e)
		return -ENOENT;
	skb2 = unl_nlmsg_new(1024);
	if (!skb2)
		return -ENOMEM;
	/* the table's reference and the one taken for the answer */
	if (ct_fill(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq, 0,
		    e, 2) < 0) {
		unl_skb_free(skb2);
		return -ENOMEM;
	}
	return ct_reply(info, skb, skb2);
}

/* ctnetlink_del_conntrack(), and ctnetlink_flush_conntrack() without a
 * tuple. */
static int ct_del(struct unl_skb *skb, const struct nfnl_info *info,
		  const struct nlattr *const cda[])
{
	struct ct_net *cn = ct_net_of(info);
	uint8_t family = info->nfmsg->nfgen_family, zdir = CT_DEFAULT_ZONE_DIR;
	uint32_t portid = unl_skb_cb(skb)->portid;
	bool report = info->nlh->nlmsg_flags & NLM_F_ECHO;
	uint16_t zone = ct_zone_of(cda);
	struct ct_filter f;
	struct ct_tuple t;
	struct ct_entry *e, *next;
	int err;

	if (cda[CTA_TUPLE_ORIG]) {
		err = ct_parse_tuple(cda, CTA_TUPLE_ORIG, family, &t, &zone,
				     &zdir, info->extack);
	} else if (cda[CTA_TUPLE_REPLY]) {
		err = ct_parse_tuple(cda, CTA_TUPLE_REPLY, family, &t, &zone,
				     &zdir, info->extack);
	} else {
		err = ct_filter_parse(&f, info->nfmsg->version ? family : 0,
				      cda);
		if (err < 0)
			return err;
		for (e = cn->head; e; e = next) {
			next = e->next;
			if (ct_filter_match(&f, e))
				ct_delete(e, portid, report);
		}
		return 0;
	}
	if (err < 0)
		return err;
	e = ct_find(cn, zone, &t);
	if (!e)
		return -ENOENT;
	if (cda[CTA_ID] && ntohl(unl_nla_get_u32(cda[CTA_ID])) != e->id)
		return -ENOENT;
	ct_delete(e, portid, report);
	return 0;
}

/* The statistics of every possible CPU: a count the model takes from
 * the machine it runs on, as they are per CPU of the kernel. */
static long ct_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? n : 1;
}

/* The value of counter type (CTA_STATS_*, CTA_STATS_EXP_*) of a CPU:
 * what ctnetlink's own changes counted, 0 for what packets count (no
 * packet is ever looked up). */
static uint32_t ct_stat_value(const struct ct_cpu_stat *st, bool exp, int type)
{
	if (exp)
		return type == CTA_STATS_EXP_CREATE   ? st->expect_create
		       : type == CTA_STATS_EXP_DELETE ? st->expect_delete
						      : 0;
	return type == CTA_STATS_INSERT ? st->insert : 0;
}

/* ctnetlink_ct_stat_cpu_dump() and ctnetlink_exp_stat_cpu_dump() */
static int ct_stat_cpu_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	static const int ct_stats[] = {
		CTA_STATS_FOUND,	  CTA_STATS_INVALID,
		CTA_STATS_INSERT,	  CTA_STATS_INSERT_FAILED,
		CTA_STATS_DROP,		  CTA_STATS_EARLY_DROP,
		CTA_STATS_ERROR,	  CTA_STATS_SEARCH_RESTART,
		CTA_STATS_CLASH_RESOLVE,  CTA_STATS_CHAIN_TOOLONG,
	};
	static const int exp_stats[] = {
		CTA_STATS_EXP_NEW,
		CTA_STATS_EXP_CREATE,
		CTA_STATS_EXP_DELETE,
	};
	const struct ct_net *cn = cb->data;
	bool exp = cb->args[1];
	const int *stats = exp ? exp_stats : ct_stats;
	size_t n = exp ? 3 : sizeof(ct_stats) / sizeof(ct_stats[0]);
	long cpu;

	for (cpu = cb->args[0]; cpu < cn->ncpu; cpu++) {
		struct nlmsghdr *nlh = nfnl_msg_put(
			skb, unl_skb_cb(cb->skb)->portid, cb->nlh->nlmsg_seq,
			(uint16_t)(exp ? NFNL_SUBSYS_CTNETLINK_EXP << 8 |
						 IPCTNL_MSG_EXP_GET_STATS_CPU
				       : NFNL_SUBSYS_CTNETLINK << 8 |
						 IPCTNL_MSG_CT_GET_STATS_CPU),
			NLM_F_MULTI, AF_UNSPEC, NFNETLINK_V0, (uint16_t)cpu);
		size_t i;

		if (!nlh)
			break;
		for (i = 0; i < n; i++)
			if (unl_nla_put_u32(skb, stats[i],
					    htonl(ct_stat_value(&cn->stat[cpu],
								exp, stats[i]))))
				break;
		if (i < n) {
			unl_nlmsg_cancel(skb, nlh);
			break;
		}
		unl_nlmsg_end(skb, nlh);
	}
	cb->args[0] = cpu;
	return (int)unl_skb_len(skb);
}

static int ct_stat_start(struct unl_callback *cb)
{
	cb->args[1] = NFNL_SUBSYS_ID(cb->nlh->nlmsg_type) ==
		      NFNL_SUBSYS_CTNETLINK_EXP;
	return 0;
}

static int ct_get_stats_cpu(struct unl_skb *skb, const struct nfnl_info *info,
			    const struct nlattr *const cda[])
{
	struct unl_dump_control c = {
		.start = ct_stat_start,
		.dump = ct_stat_cpu_dump,
		/* the expectations' subsystem keeps its table here too */
		.data = nfnl_subsys_priv(info->nn, NFNL_SUBSYS_CTNETLINK),
	};

	(void)cda;
	if (!(info->nlh->nlmsg_flags & NLM_F_DUMP))
		return 0;
	return unl_dump_start(info->sk, skb, info->nlh, &c);
}

/* ctnetlink_stat_ct() */
static int ct_get_stats(struct unl_skb *skb, const struct nfnl_info *info,
			const struct nlattr *const cda[])
{
	struct ct_net *cn = ct_net_of(info);
	struct unl_skb *skb2 = unl_nlmsg_new(128);
	struct nlmsghdr *nlh;

	(void)cda;
	if (!skb2)
		return -ENOMEM;
	nlh = nfnl_msg_put(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
			   NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET_STATS,
			   0, AF_UNSPEC, NFNETLINK_V0, 0);
	if (!nlh ||
	    unl_nla_put_u32(skb2, CTA_STATS_GLOBAL_ENTRIES, htonl(cn->ct.count)) ||
	    unl_nla_put_u32(skb2, CTA_STATS_GLOBAL_MAX_ENTRIES,
			    htonl(cn->ct.max))) {
		unl_skb_free(skb2);
		return -ENOMEM;
	}
	unl_nlmsg_end(skb2, nlh);
	return ct_reply(info, skb, skb2);
}

/* ctnetlink_get_ct_dying/unconfirmed: those lists are always empty
 * here (nothing is ever being set up or torn down by traffic). */
static int ct_dump_nothing(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)cb;
	return (int)unl_skb_len(skb);
}

static int ct_get_empty_list(struct unl_skb *skb, const struct nfnl_info *info,
			     const struct nlattr *const cda[])
{
	struct unl_dump_control c = { .dump = ct_dump_nothing };

	(void)cda;
	if (!(info->nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return unl_dump_start(info->sk, skb, info->nlh, &c);
}

static const struct nfnl_callback ctnl_cb[IPCTNL_MSG_MAX] = {
	[IPCTNL_MSG_CT_NEW] = { .call = ct_new, .type = NFNL_CB_MUTEX,
				.attr_count = CTA_MAX, .policy = ct_policy },
	[IPCTNL_MSG_CT_GET] = { .call = ct_get, .type = NFNL_CB_MUTEX,
				.attr_count = CTA_MAX, .policy = ct_policy },
	[IPCTNL_MSG_CT_DELETE] = { .call = ct_del, .type = NFNL_CB_MUTEX,
				   .attr_count = CTA_MAX, .policy = ct_policy },
	[IPCTNL_MSG_CT_GET_CTRZERO] = { .call = ct_get, .type = NFNL_CB_MUTEX,
					.attr_count = CTA_MAX,
					.policy = ct_policy },
	[IPCTNL_MSG_CT_GET_STATS_CPU] = { .call = ct_get_stats_cpu,
					  .type = NFNL_CB_MUTEX },
	[IPCTNL_MSG_CT_GET_STATS] = { .call = ct_get_stats,
				      .type = NFNL_CB_MUTEX },
	[IPCTNL_MSG_CT_GET_DYING] = { .call = ct_get_empty_list,
				      .type = NFNL_CB_MUTEX },
	[IPCTNL_MSG_CT_GET_UNCONFIRMED] = { .call = ct_get_empty_list,
					    .type = NFNL_CB_MUTEX },
};

/* ---- expectations ---- */

static uint16_t exp_zone(const struct nlattr *const cda[])
{
	return cda[CTA_EXPECT_ZONE]
		       ? ntohs(unl_nla_get_u16(cda[CTA_EXPECT_ZONE]))
		       : 0;
}

static uint32_t exp_timeout_left(const struct ct_expect *x)
{
	const struct ct_net *cn = x->master->cn;
	int64_t left = x->expires_j - ct_jiffies(cn);

	return left > 0 ? (uint32_t)(left / ct_hz(cn)) : 0;
}

/* nf_ct_tuple_mask_cmp(): t's source under the mask, the rest equal */
static bool exp_tuple_masked_eq(const struct ct_tuple *t,
				const struct ct_tuple *x, const uint8_t *msrc,
				uint16_t msport)
{
	size_t len = ct_addr_len(x->l3num);

	if (t->l3num != x->l3num || t->protonum != x->protonum ||
	    memcmp(t->dst, x->dst, len) || t->dport != x->dport ||
	    t->icmp_type != x->icmp_type || t->icmp_code != x->icmp_code ||
	    ((t->sport ^ x->sport) & msport))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((t->src[i] ^ x->src[i]) & msrc[i])
			return false;
	return true;
}

/* nf_ct_exp_equal(): x expects t in zone */
static bool exp_expects(const struct ct_expect *x, uint16_t zone,
			const struct ct_tuple *t)
{
	return x->master->zone == zone &&
	       exp_tuple_masked_eq(t, &x->tuple, x->mask_src, x->mask_sport);
}

/* expect_matches(): the same tuple and mask */
static bool exp_same(const struct ct_expect *a, const struct ct_expect *b)
{
	return a->master->zone == b->master->zone &&
	       ct_tuple_equal(&a->tuple, &b->tuple) &&
	       !memcmp(a->mask_src, b->mask_src, sizeof(a->mask_src)) &&
	       a->mask_sport == b->mask_sport;
}

/* expect_clash(): equal under both masks */
static bool exp_clash(const struct ct_expect *a, const struct ct_expect *b)
{
	uint8_t m[16];

	for (size_t i = 0; i < sizeof(m); i++)
		m[i] = a->mask_src[i] & b->mask_src[i];
	return a->master->zone == b->master->zone &&
	       exp_tuple_masked_eq(&a->tuple, &b->tuple, m,
				   a->mask_sport & b->mask_sport);
}

/* __nf_ct_expect_find() */
static struct ct_expect *exp_find(struct ct_net *cn, uint16_t zone,
				  const struct ct_tuple *t)
{
	for (struct ct_expect *x = cn->exp_head; x; x = x->next)
		if (exp_expects(x, zone, t))
			return x;
	return NULL;
}

/* The mask as a dump shows it: a tuple of the mask's source and all
 * ones elsewhere (ctnetlink_exp_dump_mask()). */
static void exp_mask_tuple(const struct ct_expect *x, struct ct_tuple *m)
{
	memset(m, 0xff, sizeof(*m));
	m->l3num = x->tuple.l3num;
	m->protonum = x->tuple.protonum;
	memcpy(m->src, x->mask_src, sizeof(m->src));
	m->sport = x->mask_sport;
}

static int exp_put_tuple(struct unl_skb *skb, int type,
			 const struct ct_tuple *t)
{
	struct nlattr *nest = unl_nla_nest_start(skb, type);

	if (!nest || ct_put_tuple_parts(skb, t))
		return -1;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* The saved source of CTA_EXPECT_NAT, shown when not all zero. */
static int exp_put_nat(struct unl_skb *skb, const struct ct_expect *x)
{
	static const uint8_t zero[16];
	struct ct_tuple t = { .l3num = x->tuple.l3num,
			      .protonum = x->master->tuple[0].protonum,
			      .sport = x->nat_port };
	struct nlattr *n;

	if (!x->nat || (!memcmp(x->nat_addr, zero, sizeof(zero)) &&
			!x->nat_port))
		return 0;
	memcpy(t.src, x->nat_addr, sizeof(t.src));
	n = unl_nla_nest_start(skb, CTA_EXPECT_NAT);
	if (!n || unl_nla_put_u32(skb, CTA_EXPECT_NAT_DIR, htonl(x->nat_dir)) ||
	    exp_put_tuple(skb, CTA_EXPECT_NAT_TUPLE, &t))
		return -1;
	unl_nla_nest_end(skb, n);
	return 0;
}

/* ctnetlink_exp_fill_info() and ctnetlink_exp_dump_expect() */
static int exp_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
		    int type, uint16_t flags, const struct ct_expect *x)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_CTNETLINK_EXP << 8 | type), flags,
		x->tuple.l3num, NFNETLINK_V0, 0);
	struct ct_tuple mask;

	if (!nlh)
		return -1;
	exp_mask_tuple(x, &mask);
	if (exp_put_tuple(skb, CTA_EXPECT_TUPLE, &x->tuple) ||
	    exp_put_tuple(skb, CTA_EXPECT_MASK, &mask) ||
	    exp_put_tuple(skb, CTA_EXPECT_MASTER, &x->master->tuple[0]) ||
	    exp_put_nat(skb, x) ||
	    unl_nla_put_u32(skb, CTA_EXPECT_TIMEOUT,
			    htonl(exp_timeout_left(x))) ||
	    unl_nla_put_u32(skb, CTA_EXPECT_ID, htonl(x->id)) ||
	    unl_nla_put_u32(skb, CTA_EXPECT_FLAGS, htonl(x->flags)) ||
	    unl_nla_put_u32(skb, CTA_EXPECT_CLASS, htonl(x->class)) ||
	    unl_nla_put_string(skb, CTA_EXPECT_HELP_NAME, x->helper) ||
	    (x->fn && unl_nla_put_string(skb, CTA_EXPECT_FN, x->fn))) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ctnetlink_expect_event(): only for a master with the event cache,
 * whose expectation mask is all of them */
static void exp_event(const struct ct_expect *x, bool destroy,
		      uint32_t portid, bool report)
{
	struct nfnl_net *nn = x->master->cn->nn;
	unsigned int group = destroy ? NFNLGRP_CONNTRACK_EXP_DESTROY
				     : NFNLGRP_CONNTRACK_EXP_NEW;
	struct unl_skb *skb;

	if (!x->master->ecache || (!report && !nfnl_has_listeners(nn, group)))
		return;
	skb = unl_nlmsg_new(1024);
	if (!skb || exp_fill(skb, portid, 0,
			     destroy ? IPCTNL_MSG_EXP_DELETE : IPCTNL_MSG_EXP_NEW,
			     destroy ? 0 : NLM_F_CREATE | NLM_F_EXCL, x) < 0) {
		unl_skb_free(skb);
		nfnl_set_err(nn, 0, 0, -ENOBUFS);
		return;
	}
	nfnl_send(nn, skb, portid, group, report);
}

/* nf_ct_unlink_expect_report(): gone, with its DESTROY event */
static void exp_unlink(struct ct_expect *x, uint32_t portid, bool report)
{
	struct ct_net *cn = x->master->cn;

	for (struct ct_expect **pp = &cn->exp_head; *pp; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	cn->exp_count--;
	ct_stat_this_cpu(cn)->expect_delete++;
	exp_event(x, true, portid, report);
	unl_timer_free(x->timer);
	free(x);
}

/* nf_ct_remove_expectations(): a master's, when it goes or loses its
 * helper */
static void exp_remove_of_master(struct ct_entry *master)
{
	struct ct_expect *x = master->cn->exp_head, *next;

	for (; x; x = next) {
		next = x->next;
		if (x->master == master)
			exp_unlink(x, 0, false);
	}
}

static void exp_expired(struct unl_timer *timer, void *data)
{
	(void)timer;
	exp_unlink(data, 0, false);
}

/* The policy of the expectation's class: its kernel helper's, or its
 * userspace helper's (copied to buf); NULL past the classes, or when
 * the userspace helper is gone. */
static const struct nf_ct_expect_policy *
exp_class_policy(struct unl_net *net, const struct ct_expect *x,
	   struct nf_ct_expect_policy *buf)
{
	if (!x->uhelper)
		return nf_ct_helper_expect_policy(x->helper, x->class);
	return nfnl_cthelper_expect_policy(net, x->uhelper, x->class, buf)
		       ? buf
		       : NULL;
}

/* nf_conntrack_helper_unregister()'s expect_iter_me(): the expectations
 * of a userspace helper that was deleted go (with their DESTROY
 * events), here when the net's expectations are next looked at */
static void exp_purge_gone(struct ct_net *cn)
{
	struct ct_expect *x, *next;
	uint32_t data_len;

	for (x = cn ? cn->exp_head : NULL; x; x = next) {
		next = x->next;
		if (x->uhelper &&
		    !nfnl_cthelper_by_birth(nfnl_net_net(cn->nn), x->uhelper,
					    &data_len))
			exp_unlink(x, 0, false);
	}
}

static void exp_set_timeout(struct ct_expect *x, uint32_t secs)
{
	const struct ct_net *cn = x->master->cn;

	x->expires_j = ct_jiffies(cn) + (int64_t)secs * ct_hz(cn);
	unl_timer_mod(x->timer, x->expires_j * (UNL_NSEC_PER_SEC / ct_hz(cn)));
}

/* nf_ct_helper_expectfn_find_by_name(): the functions the NAT modules
 * loaded register */
static const char *exp_fn_find(const struct unl_profile *p, const char *name)
{
	static const struct {
		const char *name, *module;
	} fns[] = {
		{ "nat-follow-master", "nf_nat" },
		{ "sip", "nf_nat_sip" },
		{ "Q.931", "nf_nat_h323" },
		{ "callforwarding", "nf_nat_h323" },
	};

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (!strcmp(fns[i].name, name) &&
		    unl_profile_has(p, UNL_PROFILE_MODULE, fns[i].module))
			return fns[i].name;
	return NULL;
}

static const struct unl_nla_policy exp_nat_policy[CTA_EXPECT_NAT_MAX + 1] = {
	[CTA_EXPECT_NAT_DIR] = { .type = UNL_NLA_U32 },
	[CTA_EXPECT_NAT_TUPLE] = { .type = UNL_NLA_NESTED },
};

/* ctnetlink_parse_expect_nat() */
static int exp_parse_nat(struct ct_expect *x, const struct nlattr *a)
{
	const struct nlattr *tb[CTA_EXPECT_NAT_MAX + 1];
	struct ct_tuple t;
	int err = unl_nla_parse_nested(tb, CTA_EXPECT_NAT_MAX, a,
				       exp_nat_policy, UNL_VALIDATE_LIBERAL,
				       NULL);

	if (err)
		return err;
	if (!tb[CTA_EXPECT_NAT_DIR] || !tb[CTA_EXPECT_NAT_TUPLE])
		return -EINVAL;
	/* NLA_POLICY_MAX(NLA_BE32, IP_CT_DIR_REPLY) */
	if (ntohl(unl_nla_get_u32(tb[CTA_EXPECT_NAT_DIR])) > 1)
		return -ERANGE;
	err = ct_parse_tuple(tb, CTA_EXPECT_NAT_TUPLE, x->tuple.l3num, &t, NULL,
			     NULL, NULL);
	if (err < 0)
		return err;
	x->nat = true;
	x->nat_dir = ntohl(unl_nla_get_u32(tb[CTA_EXPECT_NAT_DIR]));
	memcpy(x->nat_addr, t.src, sizeof(x->nat_addr));
	x->nat_port = t.sport;
	return 0;
}

/* ctnetlink_alloc_expect(): what the request and the master's helper
 * say of the new expectation */
static int exp_alloc(const struct nfnl_info *info,
		     const struct nlattr *const cda[], struct ct_expect *x)
{
	struct nf_ct_expect_policy buf;
	uint32_t data_len;
	const char *uname = x->master->uhelper
				    ? nfnl_cthelper_by_birth(info->net,
							     x->master->uhelper,
							     &data_len)
				    : NULL;

	if (!x->master->help_ext || (!x->master->helper && !uname))
		return -EOPNOTSUPP;
	x->helper = x->master->helper;
	if (uname) {
		/* a userspace helper's policies are its own */
		snprintf(x->uname, sizeof(x->uname), "%s", uname);
		x->helper = x->uname;
		x->uhelper = x->master->uhelper;
	}
	if (cda[CTA_EXPECT_CLASS]) {
		x->class = ntohl(unl_nla_get_u32(cda[CTA_EXPECT_CLASS]));
		if (!exp_class_policy(info->net, x, &buf))
			return -EINVAL;
	}
	if (cda[CTA_EXPECT_FLAGS])
		x->flags = ntohl(unl_nla_get_u32(cda[CTA_EXPECT_FLAGS])) &
			   ~(uint32_t)NF_CT_EXPECT_USERSPACE;
	if (cda[CTA_EXPECT_FN]) {
		x->fn = exp_fn_find(unl_net_profile(info->net),
				    unl_nla_data(cda[CTA_EXPECT_FN]));
		if (!x->fn)
			return -EINVAL;
	}
	return cda[CTA_EXPECT_NAT] ? exp_parse_nat(x, cda[CTA_EXPECT_NAT]) : 0;
}

/* evict_oldest_expect(): the master's oldest of the class */
static unsigned int exp_count_of(const struct ct_net *cn,
				 const struct ct_expect *x,
				 struct ct_expect **oldest)
{
	unsigned int n = 0;

	*oldest = NULL;
	for (struct ct_expect *i = cn->exp_head; i; i = i->next)
		if (i->master == x->master && i->class == x->class) {
			n++;
			*oldest = i;
		}
	return n;
}

/* __nf_ct_expect_check(): the same expectation of the same master is
 * made again; another's that overlaps it is EBUSY; past the helper's
 * limit the master's oldest goes; past the table's, EMFILE */
static int exp_check(struct ct_net *cn, struct ct_expect *x)
{
	struct nf_ct_expect_policy buf;
	const struct nf_ct_expect_policy *pol =
		exp_class_policy(nfnl_net_net(cn->nn), x, &buf);
	struct ct_expect *i, *oldest;

	for (i = cn->exp_head; i; i = i->next) {
		if (i->master == x->master && exp_same(i, x)) {
			if (i->class != x->class)
				return -EALREADY;
			exp_unlink(i, 0, false);
			break;
		}
		if (exp_clash(i, x))
			return -EBUSY;
	}
	if (pol && pol->max_expected &&
	    exp_count_of(cn, x, &oldest) >= pol->max_expected) {
		exp_unlink(oldest, 0, false);
		if (exp_count_of(cn, x, &oldest) >= pol->max_expected)
			return -EMFILE;
	}
	return cn->exp_count >= cn->ct.expect_max ? -EMFILE : 0;
}

/* ctnetlink_create_expect(): the timeout is the helper's (the request's
 * is for changes), and the expectation is announced */
static int exp_create(struct ct_net *cn, const struct nfnl_info *info,
		      const struct nlattr *const cda[], uint16_t zone,
		      uint32_t portid)
{
	uint8_t l3 = info->nfmsg->nfgen_family;
	struct ct_tuple mask, master_t;
	struct ct_expect *x = calloc(1, sizeof(*x));
	const struct nf_ct_expect_policy *pol;
	struct nf_ct_expect_policy buf;
	int err;

	if (!x)
		return -ENOMEM;
	err = ct_parse_tuple(cda, CTA_EXPECT_TUPLE, l3, &x->tuple, NULL, NULL,
			     info->extack);
	if (err >= 0)
		err = ct_parse_tuple(cda, CTA_EXPECT_MASK, l3, &mask, NULL,
				     NULL, info->extack);
	if (err >= 0)
		err = ct_parse_tuple(cda, CTA_EXPECT_MASTER, l3, &master_t,
				     NULL, NULL, info->extack);
	if (err >= 0 && !(x->master = ct_find(cn, zone, &master_t)))
		err = -ENOENT;
	if (err >= 0) {
		memcpy(x->mask_src, mask.src, sizeof(x->mask_src));
		x->mask_sport = mask.sport;
		err = exp_alloc(info, cda, x);
	}
	if (err >= 0)
		err = exp_check(cn, x);
	if (err >= 0)
		err = unl_timer_new(info->net, exp_expired, x, &x->timer);
	if (err < 0) {
		free(x);
		return err;
	}
	x->id = ++cn->exp_next_id * 2246822519u;
	pol = exp_class_policy(info->net, x, &buf);
	exp_set_timeout(x, pol ? pol->timeout : 0);
	x->next = cn->exp_head;
	cn->exp_head = x;
	cn->exp_count++;
	ct_stat_this_cpu(cn)->expect_create++;
	exp_event(x, false, portid, info->nlh->nlmsg_flags & NLM_F_ECHO);
	return 0;
}

/* ctnetlink_new_expect(): the one the tuple names is changed (its
 * timeout), or made with NLM_F_CREATE */
static int exp_new(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const cda[])
{
	struct ct_net *cn = nfnl_subsys_priv(info->nn, NFNL_SUBSYS_CTNETLINK);
	uint16_t zone = exp_zone(cda);
	struct ct_tuple tuple;
	struct ct_expect *x;
	int err;

	exp_purge_gone(cn);
	if (!cda[CTA_EXPECT_TUPLE] || !cda[CTA_EXPECT_MASK] ||
	    !cda[CTA_EXPECT_MASTER])
		return -EINVAL;
	err = ct_parse_tuple(cda, CTA_EXPECT_TUPLE, info->nfmsg->nfgen_family,
			     &tuple, NULL, NULL, info->extack);
	if (err < 0)
		return err;
	x = cn ? exp_find(cn, zone, &tuple) : NULL;
	if (!x)
		return info->nlh->nlmsg_flags & NLM_F_CREATE && cn
			       ? exp_create(cn, info, cda, zone,
					    unl_skb_cb(skb)->portid)
			       : -ENOENT;
	if (info->nlh->nlmsg_flags & NLM_F_EXCL)
		return -EEXIST;
	if (cda[CTA_EXPECT_TIMEOUT])
		exp_set_timeout(x, ntohl(unl_nla_get_u32(cda[CTA_EXPECT_TIMEOUT])));
	return 0;
}

/* The expectations a dump lists: the net's of a family (0: all), or
 * one master's (CTA_EXPECT_MASTER). */
struct exp_dump_ctx {
	struct ct_entry *master;
	uint8_t l3num;
};

/* the master a request's CTA_EXPECT_MASTER names: 0, -ENOENT or the
 * tuple's error */
static int exp_master_of(struct ct_net *cn, const struct nlattr *const cda[],
			 uint8_t l3, struct ct_entry **master,
			 struct unl_ext_ack *extack)
{
	struct ct_tuple t;
	int err = ct_parse_tuple(cda, CTA_EXPECT_MASTER, l3, &t, NULL, NULL,
				 extack);

	if (err < 0)
		return err;
	*master = cn ? ct_find(cn, exp_zone(cda), &t) : NULL;
	return *master ? 0 : -ENOENT;
}

static int exp_dump_start(struct unl_callback *cb)
{
	struct exp_dump_ctx *d = (void *)cb->ctx;
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	const struct nlattr *cda[CTA_EXPECT_MAX + 1];
	int err;

	_Static_assert(sizeof(*d) <= sizeof(cb->ctx), "ctx");
	d->l3num = nfmsg->nfgen_family;
	err = unl_nlmsg_parse(cb->nlh, sizeof(*nfmsg), cda, CTA_EXPECT_MAX,
			      exp_policy, UNL_VALIDATE_LIBERAL, cb->extack);
	if (err < 0 || !cda[CTA_EXPECT_MASTER])
		return err < 0 ? err : 0;
	return exp_master_of(cb->data, cda, d->l3num, &d->master, cb->extack);
}

static int exp_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct exp_dump_ctx *d = (const void *)cb->ctx;
	struct ct_net *cn = cb->data;
	long idx = 0;

	for (struct ct_expect *x = cn ? cn->exp_head : NULL; x; x = x->next) {
		if ((d->l3num && x->tuple.l3num != d->l3num) ||
		    (d->master && x->master != d->master))
			continue;
		if (idx++ < cb->args[0])
			continue;
		if (exp_fill(skb, unl_skb_cb(cb->skb)->portid,
			     cb->nlh->nlmsg_seq, IPCTNL_MSG_EXP_NEW, NLM_F_MULTI,
			     x) < 0) {
			idx--;
			break;
		}
	}
	cb->args[0] = idx;
	return (int)unl_skb_len(skb);
}

/* ctnetlink_get_expect(): a dump (of a master's with
 * CTA_EXPECT_MASTER: none, and no dump, for a master without the
 * helper extension), or the one a tuple (or a master's tuple) matches */
static int exp_get(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const cda[])
{
	struct ct_net *cn = nfnl_subsys_priv(info->nn, NFNL_SUBSYS_CTNETLINK);
	uint8_t l3 = info->nfmsg->nfgen_family;
	struct ct_entry *master;
	struct unl_skb *skb2;
	struct ct_expect *x;
	struct ct_tuple t;
	int err;

	exp_purge_gone(cn);
	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = { .start = exp_dump_start,
					      .dump = exp_dump,
					      .data = cn };

		if (cda[CTA_EXPECT_MASTER]) {
			err = exp_master_of(cn, cda, l3, &master, info->extack);
			if (err < 0)
				return err;
			if (!master->help_ext)
				return 0;
		}
		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!cda[CTA_EXPECT_TUPLE] && !cda[CTA_EXPECT_MASTER])
		return -EINVAL;
	err = ct_parse_tuple(cda,
			     cda[CTA_EXPECT_TUPLE] ? CTA_EXPECT_TUPLE
						   : CTA_EXPECT_MASTER,
			     l3, &t, NULL, NULL, info->extack);
	if (err < 0)
		return err;
	x = cn ? exp_find(cn, exp_zone(cda), &t) : NULL;
	if (!x || (cda[CTA_EXPECT_ID] &&
		   ntohl(unl_nla_get_u32(cda[CTA_EXPECT_ID])) != x->id))
		return -ENOENT;
	skb2 = unl_nlmsg_new(1024);
	if (!skb2)
		return -ENOMEM;
	/* ctnetlink_exp_fill_info(): NLM_F_MULTI for any requester */
	if (exp_fill(skb2, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
		     IPCTNL_MSG_EXP_NEW,
		     unl_skb_cb(skb)->portid ? NLM_F_MULTI : 0, x) < 0) {
		unl_skb_free(skb2);
		return -ENOMEM;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

/* ctnetlink_del_expect(): the one a tuple names, or those of a helper
 * (CTA_EXPECT_HELP_NAME), or all */
static int exp_del(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const cda[])
{
	struct ct_net *cn = nfnl_subsys_priv(info->nn, NFNL_SUBSYS_CTNETLINK);
	uint32_t portid = unl_skb_cb(skb)->portid;
	bool report = info->nlh->nlmsg_flags & NLM_F_ECHO;
	const char *helper = cda[CTA_EXPECT_HELP_NAME]
				     ? unl_nla_data(cda[CTA_EXPECT_HELP_NAME])
				     : NULL;
	struct ct_expect *x, *next;
	struct ct_tuple t;
	int err;

	exp_purge_gone(cn);
	if (cda[CTA_EXPECT_TUPLE]) {
		err = ct_parse_tuple(cda, CTA_EXPECT_TUPLE,
				     info->nfmsg->nfgen_family, &t, NULL, NULL,
				     info->extack);
		if (err < 0)
			return err;
		x = cn ? exp_find(cn, exp_zone(cda), &t) : NULL;
		if (!x || (cda[CTA_EXPECT_ID] &&
			   ntohl(unl_nla_get_u32(cda[CTA_EXPECT_ID])) != x->id))
			return -ENOENT;
		exp_unlink(x, portid, report);
		return 0;
	}
	for (x = cn ? cn->exp_head : NULL; x; x = next) {
		next = x->next;
		if (!helper || !strcmp(x->helper, helper))
			exp_unlink(x, portid, report);
	}
	return 0;
}

static int exp_get_stats_cpu(struct unl_skb *skb, const struct nfnl_info *info,
			     const struct nlattr *const cda[])
{
	return ct_get_stats_cpu(skb, info, cda);
}

/* The expectation subsystem shares the conntrack state: its priv is
 * the same struct ct_net (see ctnl_exp_net_init). */
static const struct nfnl_callback ctnl_exp_cb[IPCTNL_MSG_EXP_MAX] = {
	[IPCTNL_MSG_EXP_GET] = { .call = exp_get, .type = NFNL_CB_MUTEX,
				 .attr_count = CTA_EXPECT_MAX,
				 .policy = exp_policy },
	[IPCTNL_MSG_EXP_NEW] = { .call = exp_new, .type = NFNL_CB_MUTEX,
				 .attr_count = CTA_EXPECT_MAX,
				 .policy = exp_policy },
	[IPCTNL_MSG_EXP_DELETE] = { .call = exp_del, .type = NFNL_CB_MUTEX,
				    .attr_count = CTA_EXPECT_MAX,
				    .policy = exp_policy },
	[IPCTNL_MSG_EXP_GET_STATS_CPU] = { .call = exp_get_stats_cpu,
					   .type = NFNL_CB_MUTEX },
};

/* ---- /proc/net/nf_conntrack, nf_conntrack_expect, stat/ ---- */

/* The trackers a kernel of the profile has: nf_ct_l4proto_find()'s
 * answer, by its number (255, generic's, for any other). */
static uint8_t ct_l4proto_of(const struct ct_net *cn, uint8_t protonum)
{
	static const struct {
		uint8_t num;
		const char *feature; /* NULL: always built in */
	} trackers[] = {
		{ IPPROTO_TCP, NULL },
		{ IPPROTO_UDP, NULL },
		{ IPPROTO_ICMP, NULL },
		{ IPPROTO_ICMPV6, NULL },
		{ IPPROTO_SCTP, "NF_CT_PROTO_SCTP" },
		{ IPPROTO_UDPLITE, "NF_CT_PROTO_UDPLITE" },
		{ IPPROTO_GRE, "NF_CT_PROTO_GRE" },
	};
	const struct unl_profile *p = unl_net_profile(nfnl_net_net(cn->nn));

	for (size_t i = 0; i < sizeof(trackers) / sizeof(trackers[0]); i++)
		if (trackers[i].num == protonum)
			return !trackers[i].feature ||
					       unl_profile_has(p,
							       UNL_PROFILE_FEATURE,
							       trackers[i].feature)
				       ? protonum
				       : 255;
	return 255;
}

/* l4proto_name() */
static const char *ct_l4proto_name(uint8_t l4proto)
{
	switch (l4proto) {
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_GRE:
		return "gre";
	case IPPROTO_SCTP:
		return "sctp";
	case IPPROTO_UDPLITE:
		return "udplite";
	case IPPROTO_ICMPV6:
		return "icmpv6";
	}
	return "unknown";
}

/* %pI4 and %pI6: IPv6 in eight groups of four hex digits */
static void ct_print_addr(FILE *out, uint8_t l3num, const uint8_t *a)
{
	if (l3num == NFPROTO_IPV4) {
		fprintf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return;
	}
	for (int i = 0; i < 16; i += 2)
		fprintf(out, "%s%02x%02x", i ? ":" : "", a[i], a[i + 1]);
}

/* print_tuple(): the addresses, then what the tracker l4proto keys on */
static void ct_print_tuple(FILE *out, const struct ct_tuple *t,
			   uint8_t l4proto)
{
	if (t->l3num == NFPROTO_IPV4 || t->l3num == NFPROTO_IPV6) {
		fputs("src=", out);
		ct_print_addr(out, t->l3num, t->src);
		fputs(" dst=", out);
		ct_print_addr(out, t->l3num, t->dst);
		fputc(' ', out);
	}
	switch (l4proto) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		fprintf(out, "type=%u code=%u id=%u ", t->icmp_type,
			t->icmp_code, ntohs(t->sport));
		break;
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		fprintf(out, "sport=%u dport=%u ", ntohs(t->sport),
			ntohs(t->dport));
		break;
	case IPPROTO_GRE:
		fprintf(out, "srckey=0x%x dstkey=0x%x ", ntohs(t->sport),
			ntohs(t->dport));
		break;
	}
}

/* ct_show_zone(): the zone where its direction says */
static void ct_print_zone(FILE *out, const struct ct_entry *e, uint8_t dir)
{
	static const char *const key[] = {
		[CT_ZONE_DIR_ORIG] = "zone-orig",
		[CT_ZONE_DIR_REPL] = "zone-reply",
		[CT_DEFAULT_ZONE_DIR] = "zone",
	};

	if (e->zone_dir == dir)
		fprintf(out, "%s=%u ", key[dir], e->zone);
}

/* The tracker's print_conntrack(): TCP's and SCTP's state (SCTP's is
 * never set here: NONE), GRE's timeouts (set by its first packet). */
static void ct_print_private(FILE *out, const struct ct_entry *e,
			     uint8_t l4proto)
{
	static const char *const tcp_names[CT_TCP_STATE_MAX] = {
		"NONE",	      "SYN_SENT", "SYN_RECV",  "ESTABLISHED",
		"FIN_WAIT",   "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT",
		"CLOSE",      "SYN_SENT2",
	};

	if (l4proto == IPPROTO_TCP && !(e->status & IPS_OFFLOAD))
		fprintf(out, "%s ", e->tcp_state < CT_TCP_STATE_MAX
					    ? tcp_names[e->tcp_state]
					    : "NONE");
	else if (l4proto == IPPROTO_SCTP)
		fputs("NONE ", out);
	else if (l4proto == IPPROTO_GRE)
		fputs("timeout=0, stream_timeout=0 ", out);
}

/* ct_seq_show() of one entry.  use= is 2: the table's reference and
 * the reader's (an expectation holds none). */
static void ct_proc_entry(FILE *out, const struct ct_entry *e, uint64_t now)
{
	uint8_t l3 = e->tuple[0].l3num;
	uint8_t l4 = ct_l4proto_of(e->cn, e->tuple[0].protonum);
	const char *acct = e->acct ? "packets=0 bytes=0 " : "";

	fprintf(out, "%-8s %u %-8s %u ",
		l3 == NFPROTO_IPV4   ? "ipv4"
		: l3 == NFPROTO_IPV6 ? "ipv6"
				     : "unknown",
		l3, ct_l4proto_name(l4), e->tuple[0].protonum);
	if (!(e->status & IPS_OFFLOAD))
		fprintf(out, "%u ", ct_timeout_left(e));
	ct_print_private(out, e, l4);
	ct_print_tuple(out, &e->tuple[0], l4);
	ct_print_zone(out, e, CT_ZONE_DIR_ORIG);
	fputs(acct, out);
	if (!(e->status & IPS_SEEN_REPLY))
		fputs("[UNREPLIED] ", out);
	ct_print_tuple(out, &e->tuple[1], l4);
	ct_print_zone(out, e, CT_ZONE_DIR_REPL);
	fputs(acct, out);
	if (e->status & IPS_HW_OFFLOAD)
		fputs("[HW_OFFLOAD] ", out);
	else if (e->status & IPS_OFFLOAD)
		fputs("[OFFLOAD] ", out);
	else if (e->status & IPS_ASSURED)
		fputs("[ASSURED] ", out);
	fprintf(out, "mark=%u ", e->mark);
	ct_print_zone(out, e, CT_DEFAULT_ZONE_DIR);
	if (e->tstamp)
		fprintf(out, "delta-time=%llu ",
			(unsigned long long)(now > e->start_ns
						     ? (now - e->start_ns) /
							       UNL_NSEC_PER_SEC
						     : 0));
	fputs("use=2\n", out);
}

/* /proc/net/nf_conntrack: the table in its order (Linux walks hash
 * buckets, an order a reader cannot rely on). */
static int ct_proc_show(struct unl_net *net, void *data, FILE *out)
{
	const struct ct_net *cn = data;
	uint64_t now = ct_real_ns();

	(void)net;
	for (const struct ct_entry *e = cn->head; e; e = e->next)
		ct_proc_entry(out, e, now);
	return 0;
}

/* exp_seq_show() */
static int exp_proc_show(struct unl_net *net, void *data, FILE *out)
{
	struct ct_net *cn = data;

	exp_purge_gone(cn);
	for (const struct ct_expect *x = cn->exp_head; x; x = x->next) {
		struct nf_ct_expect_policy buf;
		const struct nf_ct_expect_policy *pol =
			exp_class_policy(net, x, &buf);
		const char *delim = "";

		fprintf(out, "%u l3proto = %u proto=%u ", exp_timeout_left(x),
			x->tuple.l3num, x->tuple.protonum);
		ct_print_tuple(out, &x->tuple,
			       ct_l4proto_of(cn, x->tuple.protonum));
		if (x->flags & NF_CT_EXPECT_PERMANENT) {
			fputs("PERMANENT", out);
			delim = ",";
		}
		if (x->flags & NF_CT_EXPECT_INACTIVE) {
			fprintf(out, "%sINACTIVE", delim);
			delim = ",";
		}
		if (x->flags & NF_CT_EXPECT_USERSPACE)
			fprintf(out, "%sUSERSPACE", delim);
		fprintf(out, "%s%s", x->flags ? " " : "", x->helper);
		if (pol && pol->name && *pol->name)
			fprintf(out, "/%s", pol->name);
		fputc('\n', out);
	}
	return 0;
}

/* ct_cpu_seq_show(): a line per possible CPU under the header, with
 * the net's count and what CTA_STATS_CPU says */
static int ct_stat_proc_show(struct unl_net *net, void *data, FILE *out)
{
	const struct ct_net *cn = data;

	(void)net;
	fputs("entries  clashres found new invalid ignore delete chainlength "
	      "insert insert_failed drop early_drop icmp_error  expect_new "
	      "expect_create expect_delete search_restart\n",
	      out);
	for (long cpu = 0; cpu < cn->ncpu; cpu++) {
		const struct ct_cpu_stat *st = &cn->stat[cpu];

		fprintf(out,
			"%08x  %08x %08x %08x %08x %08x %08x %08x %08x %08x "
			"%08x %08x %08x  %08x %08x %08x %08x\n",
			cn->ct.count, 0, 0, 0, 0, 0, 0, 0, st->insert, 0, 0, 0,
			0, 0, st->expect_create, st->expect_delete, 0);
	}
	return 0;
}

/* synproxy_cpu_seq_show() of nf_synproxy_core: nothing is ever
 * proxied */
static int synproxy_stat_proc_show(struct unl_net *net, void *data,
				   FILE *out)
{
	(void)net;
	fputs("entries\t\tsyn_received\tcookie_invalid\tcookie_valid\t"
	      "cookie_retrans\tconn_reopened\n",
	      out);
	for (long cpu = 0; cpu < ((const struct ct_net *)data)->ncpu; cpu++)
		fputs("00000000\t00000000\t00000000\t00000000\t00000000\t"
		      "00000000\n",
		      out);
	return 0;
}

/* nf_conntrack_standalone_init_proc(), exp_proc_init() and
 * synproxy_proc_init(), with CONFIG_NF_CONNTRACK_PROCFS; stat/ is
 * proc_net_ns_init()'s, made here as the model has nothing else in it */
static const struct {
	const char *path;
	unsigned int mode;
	unl_procnet_show show;
	const char *feature; /* besides NF_CONNTRACK_PROCFS */
} ct_procs[] = {
	{ "nf_conntrack", 0440, ct_proc_show, NULL },
	{ "nf_conntrack_expect", 0440, exp_proc_show, NULL },
	{ "stat", 0555, NULL, NULL },
	{ "stat/nf_conntrack", 0444, ct_stat_proc_show, NULL },
	{ "stat/synproxy", 0444, synproxy_stat_proc_show,
	  "NETFILTER_SYNPROXY" },
};

static void ct_proc_exit(struct ct_net *cn)
{
	for (size_t i = 0; i < sizeof(ct_procs) / sizeof(ct_procs[0]); i++)
		unl_procnet_remove(nfnl_net_net(cn->nn), ct_procs[i].path);
}

static int ct_proc_init(struct ct_net *cn)
{
	struct unl_net *net = nfnl_net_net(cn->nn);
	const struct unl_profile *p = unl_net_profile(net);

	if (!unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_CONNTRACK_PROCFS"))
		return 0;
	for (size_t i = 0; i < sizeof(ct_procs) / sizeof(ct_procs[0]); i++) {
		int err;

		if (ct_procs[i].feature &&
		    !unl_profile_has(p, UNL_PROFILE_FEATURE,
				     ct_procs[i].feature))
			continue;
		err = unl_procnet_create(net, ct_procs[i].path,
					 ct_procs[i].mode, ct_procs[i].show,
					 NULL, cn);
		if (err) {
			ct_proc_exit(cn);
			return err;
		}
	}
	return 0;
}

/* ---- per net ---- */

static bool ctnl_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_CT_NETLINK");
}

static int ctnl_net_init(struct nfnl_net *nn, void **priv)
{
	struct ct_net *cn = calloc(1, sizeof(*cn));

	if (!cn)
		return -ENOMEM;
	cn->nn = nn;
	cn->ncpu = ct_cpu_count();
	cn->stat = calloc((size_t)cn->ncpu, sizeof(*cn->stat));
	if (!cn->stat) {
		free(cn);
		return -ENOMEM;
	}
	cn->synproxy = unl_profile_has(unl_net_profile(nfnl_net_net(nn)),
				       UNL_PROFILE_FEATURE,
				       "NETFILTER_SYNPROXY");
	if (nf_conntrack_sysctl_init(nfnl_net_net(nn), &cn->ct)) {
		free(cn->stat);
		free(cn);
		return -ENOMEM;
	}
	if (ct_proc_init(cn)) {
		nf_conntrack_sysctl_exit(nfnl_net_net(nn));
		free(cn->stat);
		free(cn);
		return -ENOMEM;
	}
	*priv = cn;
	return 0;
}

/* The net goes: its expectations and entries go without events
 * (nobody is left). */
static void ctnl_net_exit(void *priv)
{
	struct ct_net *cn = priv;

	while (cn->exp_head) {
		struct ct_expect *x = cn->exp_head;

		cn->exp_head = x->next;
		unl_timer_free(x->timer);
		free(x);
	}
	while (cn->head)
		ct_unlink_free(cn->head);
	ct_proc_exit(cn);
	nf_conntrack_sysctl_exit(nfnl_net_net(cn->nn));
	free(cn->stat);
	free(cn);
}

/* The expectation table has no state of its own. */
static int ctnl_exp_net_init(struct nfnl_net *nn, void **priv)
{
	*priv = NULL;
	(void)nn;
	return 0;
}

static void ctnl_exp_net_exit(void *priv)
{
	(void)priv;
}

const struct nfnl_subsystem ctnl_subsys = {
	.name = "conntrack",
	.subsys_id = NFNL_SUBSYS_CTNETLINK,
	.cb_count = IPCTNL_MSG_MAX,
	.cb = ctnl_cb,
	.offered = ctnl_offered,
	.net_init = ctnl_net_init,
	.net_exit = ctnl_net_exit,
};

const struct nfnl_subsystem ctnl_exp_subsys = {
	.name = "conntrack_expect",
	.subsys_id = NFNL_SUBSYS_CTNETLINK_EXP,
	.cb_count = IPCTNL_MSG_EXP_MAX,
	.cb = ctnl_exp_cb,
	.offered = ctnl_offered,
	.net_init = ctnl_exp_net_init,
	.net_exit = ctnl_exp_net_exit,
};
