/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What nf_conntrack keeps per net besides its table (struct netns_ct and
 * struct nf_conntrack_net in Linux): the count and the settings of
 * /proc/sys/net/netfilter/nf_conntrack_*, which ctnetlink's table
 * (nf_conntrack_netlink.c) obeys and nf_conntrack_standalone.c shows.
 * Not installed.
 */
#ifndef UNETLINK_PROTO_NF_CONNTRACK_H
#define UNETLINK_PROTO_NF_CONNTRACK_H

#include <stdbool.h>
#include <stdint.h>

#include <unetlink/net.h>

/* The timeouts of the protocol trackers, in jiffies, by their sysctls
 * (nf_ct_sysctl_table's order of the kernel's enums). */
enum {
	NF_CT_TCP_SYN_SENT,
	NF_CT_TCP_SYN_RECV,
	NF_CT_TCP_ESTABLISHED,
	NF_CT_TCP_FIN_WAIT,
	NF_CT_TCP_CLOSE_WAIT,
	NF_CT_TCP_LAST_ACK,
	NF_CT_TCP_TIME_WAIT,
	NF_CT_TCP_CLOSE,
	NF_CT_TCP_RETRANS,
	NF_CT_TCP_UNACK,
	NF_CT_SCTP_CLOSED,
	NF_CT_SCTP_COOKIE_WAIT,
	NF_CT_SCTP_COOKIE_ECHOED,
	NF_CT_SCTP_ESTABLISHED,
	NF_CT_SCTP_SHUTDOWN_SENT,
	NF_CT_SCTP_SHUTDOWN_RECD,
	NF_CT_SCTP_SHUTDOWN_ACK_SENT,
	NF_CT_SCTP_HEARTBEAT_SENT,
	NF_CT_GENERIC,
	NF_CT_ICMP,
	NF_CT_ICMPV6,
	NF_CT_UDP,
	NF_CT_UDP_STREAM,
	NF_CT_GRE,
	NF_CT_GRE_STREAM,
	NF_CT_FRAG6,
	/* DCCP's tracker (NF_CT_PROTO_DCCP, before Linux 6.16) */
	NF_CT_DCCP_REQUEST,
	NF_CT_DCCP_RESPOND,
	NF_CT_DCCP_PARTOPEN,
	NF_CT_DCCP_OPEN,
	NF_CT_DCCP_CLOSEREQ,
	NF_CT_DCCP_CLOSING,
	NF_CT_DCCP_TIMEWAIT,
	/* flowtables' offloaded connections (NF_FLOW_TABLE) */
	NF_CT_FLOW_TCP,
	NF_CT_FLOW_UDP,
	NF_CT_TIMEOUT_N
};

struct nf_ct_pernet {
	unsigned int count;    /* nf_conntrack_count: entries now */
	/* The initial namespace's, read-only in any other: the limit of
	 * the table (0: none), its hash size, the expectations' limit. */
	unsigned int max, buckets, expect_max;
	uint8_t events;        /* 0 none, 1 every entry, 2 while listened */
	uint8_t acct, tstamp;  /* new entries get counters, a start time */
	uint8_t checksum, log_invalid;
	uint8_t tcp_loose, tcp_be_liberal, tcp_ignore_invalid_rst;
	uint8_t tcp_max_retrans;
	uint8_t dccp_loose;
	int timeout[NF_CT_TIMEOUT_N];
	unsigned long frag6_high, frag6_low;
};

/* nf_conntrack_pernet_init()'s settings from the net's profile (the
 * values a fresh namespace reads) or Linux's defaults, and the sysctl
 * table registered over them. */
int nf_conntrack_sysctl_init(struct unl_net *net, struct nf_ct_pernet *ct);
void nf_conntrack_sysctl_exit(struct unl_net *net);

/* Whether the net's kernel tracks DCCP (NF_CT_PROTO_DCCP; Linux 6.16
 * removed the tracker). */
bool nf_ct_has_dccp(struct unl_net *net);

/* The settings of the net whose ctnetlink state priv is (its
 * NFNL_SUBSYS_CTNETLINK part): cttimeout's defaults are its timeouts. */
struct nf_ct_pernet *nf_ct_pernet_of(void *ctnl_priv);

/* struct nf_conntrack_expect_policy of a kernel helper's class of
 * expectations: how many a master may have at once (0: no limit) and
 * for how long each is made (seconds), and the class's name ("" for
 * most). */
struct nf_ct_expect_policy {
	unsigned int max_expected, timeout;
	const char *name;
};
/* nf_conntrack_helper.c: the policy of class of the kernel helper
 * named helper, NULL past its expect_class_max. */
const struct nf_ct_expect_policy *nf_ct_helper_expect_policy(const char *helper,
							     uint32_t class);

/* nf_conntrack_helper.c: __nf_conntrack_helper_find() over the kernel's
 * helper modules that profile p has: the helper's name (static), or
 * NULL. */
struct unl_profile;
const char *nf_ct_kernel_helper_find(const struct unl_profile *p,
				     const char *name, uint8_t l3num,
				     uint8_t l4num);

/* nf_log.c: /proc/sys/net/netfilter/nf_log/N and nf_hooks_lwtunnel,
 * netfilter's core sysctls, for the life of NETLINK_NETFILTER. */
int nf_log_net_init(struct unl_net *net, void **state);
void nf_log_net_exit(struct unl_net *net, void *state);
/* nf_log_bind_pf(), nf_log_unbind_pf(): the logger of family pf is
 * name (nfnetlink_log's PF_BIND), or none; what nf_log/N shows. */
void nf_log_bind(void *state, unsigned int pf, const char *name);
void nf_log_unbind(void *state, unsigned int pf);

/* nfnetlink_cttimeout.c: a timeout policy's values (struct
 * nf_ct_timeout) as nf_tables' ct timeout objects hold them: the
 * protocol's row and each state's timeout in jiffies. */
#define NF_CT_TIMEOUT_MAX_STATES 11 /* TCP's, the most of any */
struct nf_ct_timeout_vals {
	int proto;
	uint32_t jiffies[NF_CT_TIMEOUT_MAX_STATES];
};
struct nfnl_net;
struct nlattr;
struct unl_skb;
/* nf_ct_l4proto_find() and ctnl_timeout.nlattr_to_obj(): the net's
 * defaults, then what attr sets; -EOPNOTSUPP for a protocol the kernel
 * does not track */
int nf_ct_timeout_vals_parse(struct nfnl_net *nn, uint8_t l4num,
			     const struct nlattr *attr,
			     struct nf_ct_timeout_vals *v);
uint8_t nf_ct_timeout_vals_l4num(const struct nf_ct_timeout_vals *v);
/* ctnl_timeout.obj_to_nlattr() in a nest of type attrtype: 0, or -1
 * when skb is full */
int nf_ct_timeout_vals_put(struct unl_skb *skb, struct nfnl_net *nn,
			   int attrtype, const struct nf_ct_timeout_vals *v);

#endif
