// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cttimeout (net/netfilter/nfnetlink_cttimeout.c,
 * NFNL_SUBSYS_CTNETLINK_TIMEOUT): named conntrack timeout policies of a
 * net (`nfct timeout add/list/get/delete/flush`), and the net's default
 * timeouts per layer 4 protocol (`nfct timeout default-set/get`), which
 * a new policy starts from: conntrack's own per-net timeouts (what
 * /proc/sys/net/netfilter/nf_conntrack_*_timeout* show), as in Linux.  Each protocol's timeouts are its own
 * attributes, in seconds, kept in jiffies of the kernel's HZ as Linux
 * keeps them (a value past 2^32 jiffies wraps as there).  No rule uses
 * a policy here, so each can always go.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nfnetlink.h"

#define CTT_MAX_ATTRS 11 /* TCP's, the most of any protocol */
_Static_assert(CTT_MAX_ATTRS == NF_CT_TIMEOUT_MAX_STATES, "one size");

/* One protocol's timeouts (struct nf_conntrack_l4proto's ctnl_timeout):
 * the attributes 1..nattrs of CTA_TIMEOUT_DATA, their defaults in
 * seconds (the kernel's *_timeouts tables), the Kconfig symbol that
 * brings it, and which row's defaults it shares (UDP-Lite uses UDP's). */
struct ctt_proto {
	uint8_t l4num;
	uint8_t nattrs;
	const char *feature;
	int shares;
	uint32_t defaults[CTT_MAX_ATTRS];
};

enum { CTT_TCP, CTT_UDP, CTT_UDPLITE, CTT_ICMP, CTT_ICMPV6, CTT_SCTP,
       CTT_GRE, CTT_DCCP, CTT_GENERIC, CTT_NPROTOS };

static const struct ctt_proto ctt_protos[CTT_NPROTOS] = {
	[CTT_TCP] = { 6, CTA_TIMEOUT_TCP_MAX, NULL, CTT_TCP,
		      { 120, 60, 432000, 120, 60, 30, 120, 10, 120, 300, 300 } },
	[CTT_UDP] = { 17, CTA_TIMEOUT_UDP_MAX, NULL, CTT_UDP, { 30, 120 } },
	[CTT_UDPLITE] = { 136, CTA_TIMEOUT_UDPLITE_MAX, "NF_CT_PROTO_UDPLITE",
			  CTT_UDP, { 30, 120 } },
	[CTT_ICMP] = { 1, CTA_TIMEOUT_ICMP_MAX, NULL, CTT_ICMP, { 30 } },
	[CTT_ICMPV6] = { 58, CTA_TIMEOUT_ICMPV6_MAX, NULL, CTT_ICMPV6, { 30 } },
	/* HEARTBEAT_ACKED is no longer used: 0 */
	[CTT_SCTP] = { 132, CTA_TIMEOUT_SCTP_MAX, "NF_CT_PROTO_SCTP", CTT_SCTP,
		       { 10, 3, 3, 210, 3, 3, 3, 30, 0 } },
	[CTT_GRE] = { 47, CTA_TIMEOUT_GRE_MAX, "NF_CT_PROTO_GRE", CTT_GRE,
		      { 30, 180 } },
	/* before Linux 6.16 (nf_ct_has_dccp()) */
	[CTT_DCCP] = { 33, CTA_TIMEOUT_DCCP_MAX, "NF_CT_PROTO_DCCP", CTT_DCCP,
		       { 240, 480, 480, 43200, 64, 64, 240 } },
	[CTT_GENERIC] = { 255, CTA_TIMEOUT_GENERIC_MAX, NULL, CTT_GENERIC,
			  { 600 } },
};

/* The sysctl of nf_ct_pernet each attribute's default is (the same
 * storage in Linux: /proc/sys/net/netfilter/nf_conntrack_*_timeout*),
 * -1 for those without one (TCP's SYN_SENT2, SCTP's HEARTBEAT_ACKED). */
#define N_ -1
static const int8_t ctt_sysctl[CTT_NPROTOS][CTT_MAX_ATTRS] = {
	[CTT_TCP] = { NF_CT_TCP_SYN_SENT, NF_CT_TCP_SYN_RECV,
		      NF_CT_TCP_ESTABLISHED, NF_CT_TCP_FIN_WAIT,
		      NF_CT_TCP_CLOSE_WAIT, NF_CT_TCP_LAST_ACK,
		      NF_CT_TCP_TIME_WAIT, NF_CT_TCP_CLOSE, N_,
		      NF_CT_TCP_RETRANS, NF_CT_TCP_UNACK },
	[CTT_UDP] = { NF_CT_UDP, NF_CT_UDP_STREAM, N_, N_, N_, N_, N_, N_, N_,
		      N_, N_ },
	[CTT_UDPLITE] = { NF_CT_UDP, NF_CT_UDP_STREAM, N_, N_, N_, N_, N_, N_,
			  N_, N_, N_ },
	[CTT_ICMP] = { NF_CT_ICMP, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_ },
	[CTT_ICMPV6] = { NF_CT_ICMPV6, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_ },
	[CTT_SCTP] = { NF_CT_SCTP_CLOSED, NF_CT_SCTP_COOKIE_WAIT,
		       NF_CT_SCTP_COOKIE_ECHOED, NF_CT_SCTP_ESTABLISHED,
		       NF_CT_SCTP_SHUTDOWN_SENT, NF_CT_SCTP_SHUTDOWN_RECD,
		       NF_CT_SCTP_SHUTDOWN_ACK_SENT, NF_CT_SCTP_HEARTBEAT_SENT,
		       N_, N_, N_ },
	[CTT_GRE] = { NF_CT_GRE, NF_CT_GRE_STREAM, N_, N_, N_, N_, N_, N_, N_,
		      N_, N_ },
	[CTT_DCCP] = { NF_CT_DCCP_REQUEST, NF_CT_DCCP_RESPOND,
		       NF_CT_DCCP_PARTOPEN, NF_CT_DCCP_OPEN,
		       NF_CT_DCCP_CLOSEREQ, NF_CT_DCCP_CLOSING,
		       NF_CT_DCCP_TIMEWAIT, N_, N_, N_, N_ },
	[CTT_GENERIC] = { NF_CT_GENERIC, N_, N_, N_, N_, N_, N_, N_, N_, N_,
			  N_ },
};
#undef N_

struct ctnl_timeout {
	struct ctnl_timeout *next;
	char name[CTNL_TIMEOUT_NAME_MAX];
	uint16_t l3num;
	int proto; /* index in ctt_protos */
	uint32_t jiffies[CTT_MAX_ATTRS];
};

struct cttimeout_net {
	struct unl_net *net;
	struct nfnl_net *nn;
	struct ctnl_timeout *head, **tail;
	/* the net's defaults, in jiffies (nf_tcp_net's timeouts...) */
	uint32_t defaults[CTT_NPROTOS][CTT_MAX_ATTRS];
};

static const struct unl_nla_policy cttimeout_nla_policy[CTA_TIMEOUT_MAX + 1] = {
	[CTA_TIMEOUT_NAME] = { .type = UNL_NLA_NUL_STRING,
			       .len = CTNL_TIMEOUT_NAME_MAX - 1 },
	[CTA_TIMEOUT_L3PROTO] = { .type = UNL_NLA_U16 },
	[CTA_TIMEOUT_L4PROTO] = { .type = UNL_NLA_U8 },
	[CTA_TIMEOUT_DATA] = { .type = UNL_NLA_NESTED },
};

/* every protocol's attributes are be32 seconds */
static const struct unl_nla_policy ctt_data_policy[CTT_MAX_ATTRS + 1] = {
	[1 ... CTT_MAX_ATTRS] = { .type = UNL_NLA_U32 },
};

static uint32_t ctt_hz(const struct cttimeout_net *tn)
{
	return tn->net->hz > 0 ? (uint32_t)tn->net->hz : 250;
}

/* The net's default of attribute i of proto, in jiffies: conntrack's
 * sysctl when it has one (and ctnetlink is there to keep it). */
static uint32_t *ctt_default(struct cttimeout_net *tn, int proto, int i,
			     int *sysctl_slot)
{
	struct nf_ct_pernet *ct = nf_ct_pernet_of(
		nfnl_subsys_priv(tn->nn, NFNL_SUBSYS_CTNETLINK));
	int idx = ctt_sysctl[proto][i];

	*sysctl_slot = -1;
	if (ct && idx >= 0) {
		*sysctl_slot = idx;
		return NULL;
	}
	return &tn->defaults[ctt_protos[proto].shares][i];
}

static uint32_t ctt_default_get(struct cttimeout_net *tn, int proto, int i)
{
	int slot;
	uint32_t *local = ctt_default(tn, proto, i, &slot);

	if (local)
		return *local;
	return (uint32_t)nf_ct_pernet_of(nfnl_subsys_priv(
				    tn->nn, NFNL_SUBSYS_CTNETLINK))
		->timeout[slot];
}

static void ctt_default_set(struct cttimeout_net *tn, int proto, int i,
			    uint32_t jiffies)
{
	int slot;
	uint32_t *local = ctt_default(tn, proto, i, &slot);

	if (local)
		*local = jiffies;
	else
		nf_ct_pernet_of(nfnl_subsys_priv(tn->nn, NFNL_SUBSYS_CTNETLINK))
			->timeout[slot] = (int)jiffies;
}

/* nf_ct_l4proto_find(): the protocol of l4num this kernel tracks;
 * -1 when it falls to the generic one, which Linux refuses here. */
static int ctt_proto_find(const struct cttimeout_net *tn, uint8_t l4num)
{
	const struct unl_profile *p = unl_net_profile(tn->net);

	for (int i = 0; i < CTT_NPROTOS; i++) {
		const struct ctt_proto *c = &ctt_protos[i];

		if (c->l4num != l4num)
			continue;
		if (c->feature &&
		    !unl_profile_has(p, UNL_PROFILE_FEATURE, c->feature))
			return -1;
		if (i == CTT_DCCP && !nf_ct_has_dccp(tn->net))
			return -1;
		return i;
	}
	return -1;
}

/* *_timeout_nlattr_to_obj(): the net's defaults, then what attr sets */
static int ctt_parse(struct cttimeout_net *tn, int proto, uint32_t *jiffies,
		     const struct nlattr *attr)
{
	const struct ctt_proto *c = &ctt_protos[proto];
	const struct nlattr *tb[CTT_MAX_ATTRS + 1];
	int err;

	err = unl_nla_parse_nested(tb, c->nattrs, attr, ctt_data_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	for (int i = 1; i <= c->nattrs; i++) {
		uint32_t v = tb[i] ? ntohl(unl_nla_get_u32(tb[i])) * ctt_hz(tn)
				   : ctt_default_get(tn, proto, i - 1);

		if (jiffies)
			jiffies[i - 1] = v;
		else if (tb[i])
			ctt_default_set(tn, proto, i - 1, v);
	}
	return 0;
}

/* *_timeout_obj_to_nlattr(), in a nest of type attrtype */
static int ctt_put_nest(struct unl_skb *skb, const struct cttimeout_net *tn,
			int attrtype, int proto, const uint32_t *jiffies)
{
	struct nlattr *nest =
		unl_nla_nest_start(skb, (uint16_t)(attrtype | NLA_F_NESTED));

	if (!nest)
		return -1;
	for (int i = 0; i < ctt_protos[proto].nattrs; i++)
		if (unl_nla_put_u32(skb, i + 1, htonl(jiffies[i] / ctt_hz(tn))))
			return -1;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ... in CTA_TIMEOUT_DATA */
static int ctt_put_data(struct unl_skb *skb, const struct cttimeout_net *tn,
			int proto, const uint32_t *jiffies)
{
	return ctt_put_nest(skb, tn, CTA_TIMEOUT_DATA, proto, jiffies);
}

static struct ctnl_timeout *ctt_find(const struct cttimeout_net *tn,
				     const struct nlattr *name)
{
	for (struct ctnl_timeout *t = tn->head; t; t = t->next)
		if (!strncmp(t->name, unl_nla_data(name), CTNL_TIMEOUT_NAME_MAX))
			return t;
	return NULL;
}

static int cttimeout_new_timeout(struct unl_skb *skb,
				 const struct nfnl_info *info,
				 const struct nlattr *const cda[])
{
	struct cttimeout_net *tn = info->priv;
	struct ctnl_timeout *t;
	uint16_t l3num;
	uint8_t l4num;
	int proto, err;

	(void)skb;
	if (!cda[CTA_TIMEOUT_NAME] || !cda[CTA_TIMEOUT_L3PROTO] ||
	    !cda[CTA_TIMEOUT_L4PROTO] || !cda[CTA_TIMEOUT_DATA])
		return -EINVAL;
	l3num = ntohs(unl_nla_get_u16(cda[CTA_TIMEOUT_L3PROTO]));
	l4num = unl_nla_get_u8(cda[CTA_TIMEOUT_L4PROTO]);
	t = ctt_find(tn, cda[CTA_TIMEOUT_NAME]);
	if (t) {
		if (info->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (!(info->nlh->nlmsg_flags & NLM_F_REPLACE))
			return -EBUSY;
		/* a policy keeps its kind */
		if (t->l3num != l3num || ctt_protos[t->proto].l4num != l4num)
			return -EINVAL;
		return ctt_parse(tn, t->proto, t->jiffies, cda[CTA_TIMEOUT_DATA]);
	}
	proto = ctt_proto_find(tn, l4num);
	if (proto < 0)
		return -EOPNOTSUPP;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	err = ctt_parse(tn, proto, t->jiffies, cda[CTA_TIMEOUT_DATA]);
	if (err < 0) {
		free(t);
		return err;
	}
	unl_nla_strscpy(t->name, cda[CTA_TIMEOUT_NAME], sizeof(t->name));
	t->l3num = l3num;
	t->proto = proto;
	*tn->tail = t;
	tn->tail = &t->next;
	return 0;
}

/* ctnl_timeout_fill_info() */
static int ctt_fill(struct unl_skb *skb, const struct cttimeout_net *tn,
		    uint32_t portid, uint32_t seq, const struct ctnl_timeout *t)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_CTNETLINK_TIMEOUT << 8 |
			   IPCTNL_MSG_TIMEOUT_NEW),
		portid ? NLM_F_MULTI : 0, AF_UNSPEC, NFNETLINK_V0, 0);

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, CTA_TIMEOUT_NAME, t->name) ||
	    unl_nla_put_u16(skb, CTA_TIMEOUT_L3PROTO, htons(t->l3num)) ||
	    unl_nla_put_u8(skb, CTA_TIMEOUT_L4PROTO,
			   ctt_protos[t->proto].l4num) ||
	    unl_nla_put_u32(skb, CTA_TIMEOUT_USE, htonl(1)) ||
	    ctt_put_data(skb, tn, t->proto, t->jiffies)) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int ctt_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct cttimeout_net *tn = cb->data;
	long i = 0;

	for (const struct ctnl_timeout *t = tn->head; t; t = t->next, i++) {
		if (i < cb->args[0])
			continue;
		if (ctt_fill(skb, tn, unl_skb_cb(cb->skb)->portid,
			     cb->nlh->nlmsg_seq, t) < 0)
			break;
		cb->args[0] = i + 1;
	}
	return (int)unl_skb_len(skb);
}

static int cttimeout_get_timeout(struct unl_skb *skb,
				 const struct nfnl_info *info,
				 const struct nlattr *const cda[])
{
	struct cttimeout_net *tn = info->priv;
	const struct ctnl_timeout *t;
	struct unl_skb *skb2;

	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.dump = ctt_dump,
			.data = tn,
			.extack = info->extack,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	if (!cda[CTA_TIMEOUT_NAME])
		return -EINVAL;
	t = ctt_find(tn, cda[CTA_TIMEOUT_NAME]);
	if (!t)
		return -ENOENT;
	skb2 = unl_nlmsg_new(512);
	if (!skb2)
		return -ENOMEM;
	if (ctt_fill(skb2, tn, unl_skb_cb(skb)->portid, info->nlh->nlmsg_seq,
		     t) < 0) {
		unl_skb_free(skb2);
		return -ENOMEM;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

static void ctt_unlink(struct cttimeout_net *tn, struct ctnl_timeout **pp)
{
	struct ctnl_timeout *t = *pp;

	*pp = t->next;
	if (tn->tail == &t->next)
		tn->tail = pp;
	free(t);
}

static int cttimeout_del_timeout(struct unl_skb *skb,
				 const struct nfnl_info *info,
				 const struct nlattr *const cda[])
{
	struct cttimeout_net *tn = info->priv;
	struct ctnl_timeout **pp = &tn->head;

	(void)skb;
	/* no name: every policy */
	if (!cda[CTA_TIMEOUT_NAME]) {
		while (tn->head)
			ctt_unlink(tn, &tn->head);
		return 0;
	}
	for (; *pp; pp = &(*pp)->next)
		if (!strncmp((*pp)->name, unl_nla_data(cda[CTA_TIMEOUT_NAME]),
			     CTNL_TIMEOUT_NAME_MAX)) {
			ctt_unlink(tn, pp);
			return 0;
		}
	return -ENOENT;
}

static int cttimeout_default_set(struct unl_skb *skb,
				 const struct nfnl_info *info,
				 const struct nlattr *const cda[])
{
	struct cttimeout_net *tn = info->priv;
	int proto;

	(void)skb;
	if (!cda[CTA_TIMEOUT_L4PROTO] || !cda[CTA_TIMEOUT_DATA])
		return -EINVAL;
	proto = ctt_proto_find(tn, unl_nla_get_u8(cda[CTA_TIMEOUT_L4PROTO]));
	if (proto < 0)
		return -EOPNOTSUPP;
	return ctt_parse(tn, proto, NULL, cda[CTA_TIMEOUT_DATA]);
}

/* cttimeout_default_get(): answered as a DEFAULT_SET */
static int cttimeout_default_get(struct unl_skb *skb,
				 const struct nfnl_info *info,
				 const struct nlattr *const cda[])
{
	struct cttimeout_net *tn = info->priv;
	uint32_t portid = unl_skb_cb(skb)->portid;
	uint32_t dflt[CTT_MAX_ATTRS];
	struct nlmsghdr *nlh;
	struct unl_skb *skb2;
	uint16_t l3num;
	int proto;

	if (!cda[CTA_TIMEOUT_L3PROTO] || !cda[CTA_TIMEOUT_L4PROTO])
		return -EINVAL;
	l3num = ntohs(unl_nla_get_u16(cda[CTA_TIMEOUT_L3PROTO]));
	proto = ctt_proto_find(tn, unl_nla_get_u8(cda[CTA_TIMEOUT_L4PROTO]));
	if (proto < 0)
		return -EOPNOTSUPP;
	skb2 = unl_nlmsg_new(512);
	if (!skb2)
		return -ENOMEM;
	nlh = nfnl_msg_put(skb2, portid, info->nlh->nlmsg_seq,
			   (uint16_t)(NFNL_SUBSYS_CTNETLINK_TIMEOUT << 8 |
				      IPCTNL_MSG_TIMEOUT_DEFAULT_SET),
			   portid ? NLM_F_MULTI : 0, AF_UNSPEC, NFNETLINK_V0, 0);
	for (int i = 0; i < ctt_protos[proto].nattrs; i++)
		dflt[i] = ctt_default_get(tn, proto, i);
	if (!nlh || unl_nla_put_u16(skb2, CTA_TIMEOUT_L3PROTO, htons(l3num)) ||
	    unl_nla_put_u8(skb2, CTA_TIMEOUT_L4PROTO, ctt_protos[proto].l4num) ||
	    ctt_put_data(skb2, tn, proto, dflt)) {
		unl_skb_free(skb2);
		return -ENOMEM;
	}
	unl_nlmsg_end(skb2, nlh);
	return nfnl_unicast(info->nn, skb2, portid);
}

#define CTT_CB(fn)                                                         \
	{ .call = (fn), .type = NFNL_CB_MUTEX,                              \
	  .attr_count = CTA_TIMEOUT_MAX, .policy = cttimeout_nla_policy }

static const struct nfnl_callback cttimeout_cb[IPCTNL_MSG_TIMEOUT_MAX] = {
	[IPCTNL_MSG_TIMEOUT_NEW] = CTT_CB(cttimeout_new_timeout),
	[IPCTNL_MSG_TIMEOUT_GET] = CTT_CB(cttimeout_get_timeout),
	[IPCTNL_MSG_TIMEOUT_DELETE] = CTT_CB(cttimeout_del_timeout),
	[IPCTNL_MSG_TIMEOUT_DEFAULT_SET] = CTT_CB(cttimeout_default_set),
	[IPCTNL_MSG_TIMEOUT_DEFAULT_GET] = CTT_CB(cttimeout_default_get),
};

static bool cttimeout_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_CT_NETLINK_TIMEOUT");
}

static void ctt_net_setup(struct cttimeout_net *tn, struct nfnl_net *nn)
{
	tn->net = nfnl_net_net(nn);
	tn->nn = nn;
	tn->tail = &tn->head;
	for (int p = 0; p < CTT_NPROTOS; p++)
		for (int i = 0; i < CTT_MAX_ATTRS; i++)
			tn->defaults[p][i] =
				ctt_protos[p].defaults[i] * ctt_hz(tn);
}

static int cttimeout_net_init(struct nfnl_net *nn, void **priv)
{
	struct cttimeout_net *tn = calloc(1, sizeof(*tn));

	if (!tn)
		return -ENOMEM;
	ctt_net_setup(tn, nn);
	*priv = tn;
	return 0;
}

static void cttimeout_net_exit(void *priv)
{
	struct cttimeout_net *tn = priv;

	while (tn->head) {
		struct ctnl_timeout *t = tn->head;

		tn->head = t->next;
		free(t);
	}
	free(tn);
}

const struct nfnl_subsystem cttimeout_subsys = {
	.name = "conntrack_timeout",
	.subsys_id = NFNL_SUBSYS_CTNETLINK_TIMEOUT,
	.cb_count = IPCTNL_MSG_TIMEOUT_MAX,
	.cb = cttimeout_cb,
	.offered = cttimeout_offered,
	.net_init = cttimeout_net_init,
	.net_exit = cttimeout_net_exit,
};

/* ---- the policies of nf_tables' ct timeout objects ---- */

/* The net's cttimeout state, or (a kernel without cttimeout's netlink
 * part still has the per-net defaults) one made in *tmp. */
static struct cttimeout_net *ctt_net_of(struct nfnl_net *nn,
					struct cttimeout_net *tmp)
{
	struct cttimeout_net *tn =
		nfnl_subsys_priv(nn, NFNL_SUBSYS_CTNETLINK_TIMEOUT);

	if (tn)
		return tn;
	memset(tmp, 0, sizeof(*tmp));
	ctt_net_setup(tmp, nn);
	return tmp;
}

int nf_ct_timeout_vals_parse(struct nfnl_net *nn, uint8_t l4num,
			     const struct nlattr *attr,
			     struct nf_ct_timeout_vals *v)
{
	struct cttimeout_net tmp;
	struct cttimeout_net *tn = ctt_net_of(nn, &tmp);
	int proto = ctt_proto_find(tn, l4num);

	if (proto < 0)
		return -EOPNOTSUPP;
	v->proto = proto;
	return ctt_parse(tn, proto, v->jiffies, attr);
}

uint8_t nf_ct_timeout_vals_l4num(const struct nf_ct_timeout_vals *v)
{
	return ctt_protos[v->proto].l4num;
}

int nf_ct_timeout_vals_put(struct unl_skb *skb, struct nfnl_net *nn,
			   int attrtype, const struct nf_ct_timeout_vals *v)
{
	struct cttimeout_net tmp;

	return ctt_put_nest(skb, ctt_net_of(nn, &tmp), attrtype, v->proto,
			    v->jiffies);
}
