// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/sys/net/netfilter/nf_conntrack_*: the connection tracker's
 * settings of a net, as net/netfilter/nf_conntrack_standalone.c
 * registers them for a namespace other than the initial one.  The
 * count is the table's (nf_conntrack_netlink.c); nf_conntrack_max,
 * _buckets and _expect_max are the machine's, read-only here (the
 * initial namespace alone may write them, and no net of the model is
 * that one); the rest is the net's own, written through the handlers
 * Linux uses.  What ctnetlink's table obeys: nf_conntrack_max (inserts
 * past it fail with ENOMEM), nf_conntrack_events (which entries have
 * events), nf_conntrack_acct and _timestamp (counters and a start time
 * on the entries made while they are on).  The timeouts, the TCP
 * tracker's and the checksum settings decide what packets do: stored
 * and shown (docs/conformance.md).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"

#define CT_OFF(field) offsetof(struct nf_ct_pernet, field)
#define CT_TIMEOUT(name, i)                                                  \
	{ name, 0644, CT_OFF(timeout) + (i) * sizeof(int),                  \
	  unl_proc_dointvec_jiffies, 0, 0, 0 }
#define CT_BOOL(name, field)                                                 \
	{ name, 0644, CT_OFF(field), unl_proc_dou8vec_minmax, 0, 1, 0 }

/* nf_conntrack_count: the table's, never written. */
static int ct_count_show(struct unl_net *net, const struct unl_ctl_table *t,
			 void *data, const char *write, char *buf, size_t len)
{
	if (write)
		return -EACCES;
	return unl_proc_douintvec(net, t, data, NULL, buf, len);
}

/* nf_conntrack_frag6_high_thresh and _low_thresh: each bounded by the
 * other (nf_ct_frag6_sysctl_table's extra1 and extra2). */
static int ct_frag6(struct unl_net *net, const struct unl_ctl_table *t,
		    void *data, const char *write, char *buf, size_t len)
{
	struct nf_ct_pernet *ct =
		(struct nf_ct_pernet *)((char *)data - t->offset);
	struct unl_ctl_table r = *t;

	if (t->arg) { /* high: from low up */
		r.min = (long)ct->frag6_low;
		r.max = -1; /* ULONG_MAX */
	} else {
		r.min = 0;
		r.max = (long)ct->frag6_high;
	}
	return unl_proc_doulongvec_minmax(net, &r, data, write, buf, len);
}

/* In the kernel's order of names (a sysctl directory lists sorted). */
static const struct unl_ctl_table nf_ct_sysctl_table[] = {
	CT_BOOL("nf_conntrack_acct", acct),
	{ "nf_conntrack_buckets", 0444, CT_OFF(buckets), unl_proc_douintvec,
	  0, 0, 0 },
	CT_BOOL("nf_conntrack_checksum", checksum),
	{ "nf_conntrack_count", 0444, CT_OFF(count), ct_count_show, 0, 0, 0 },
	{ "nf_conntrack_events", 0644, CT_OFF(events), unl_proc_dou8vec_minmax,
	  0, 2, 0 },
	{ "nf_conntrack_expect_max", 0444, CT_OFF(expect_max),
	  unl_proc_douintvec, 0, 0, 0 },
	{ "nf_conntrack_frag6_high_thresh", 0644, CT_OFF(frag6_high), ct_frag6,
	  0, 0, 1 },
	{ "nf_conntrack_frag6_low_thresh", 0644, CT_OFF(frag6_low), ct_frag6,
	  0, 0, 0 },
	CT_TIMEOUT("nf_conntrack_frag6_timeout", NF_CT_FRAG6),
	CT_TIMEOUT("nf_conntrack_generic_timeout", NF_CT_GENERIC),
	CT_TIMEOUT("nf_conntrack_gre_timeout", NF_CT_GRE),
	CT_TIMEOUT("nf_conntrack_gre_timeout_stream", NF_CT_GRE_STREAM),
	CT_TIMEOUT("nf_conntrack_icmp_timeout", NF_CT_ICMP),
	CT_TIMEOUT("nf_conntrack_icmpv6_timeout", NF_CT_ICMPV6),
	{ "nf_conntrack_log_invalid", 0644, CT_OFF(log_invalid),
	  unl_proc_dou8vec_minmax, 0, 0, 0 },
	{ "nf_conntrack_max", 0444, CT_OFF(max), unl_proc_douintvec, 0, 0, 0 },
	CT_TIMEOUT("nf_conntrack_sctp_timeout_closed", NF_CT_SCTP_CLOSED),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_cookie_echoed",
		   NF_CT_SCTP_COOKIE_ECHOED),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_cookie_wait",
		   NF_CT_SCTP_COOKIE_WAIT),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_established",
		   NF_CT_SCTP_ESTABLISHED),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_heartbeat_sent",
		   NF_CT_SCTP_HEARTBEAT_SENT),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_shutdown_ack_sent",
		   NF_CT_SCTP_SHUTDOWN_ACK_SENT),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_shutdown_recd",
		   NF_CT_SCTP_SHUTDOWN_RECD),
	CT_TIMEOUT("nf_conntrack_sctp_timeout_shutdown_sent",
		   NF_CT_SCTP_SHUTDOWN_SENT),
	CT_BOOL("nf_conntrack_tcp_be_liberal", tcp_be_liberal),
	CT_BOOL("nf_conntrack_tcp_ignore_invalid_rst", tcp_ignore_invalid_rst),
	CT_BOOL("nf_conntrack_tcp_loose", tcp_loose),
	{ "nf_conntrack_tcp_max_retrans", 0644, CT_OFF(tcp_max_retrans),
	  unl_proc_dou8vec_minmax, 0, 0, 0 },
	CT_TIMEOUT("nf_conntrack_tcp_timeout_close", NF_CT_TCP_CLOSE),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_close_wait", NF_CT_TCP_CLOSE_WAIT),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_established",
		   NF_CT_TCP_ESTABLISHED),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_fin_wait", NF_CT_TCP_FIN_WAIT),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_last_ack", NF_CT_TCP_LAST_ACK),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_max_retrans", NF_CT_TCP_RETRANS),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_syn_recv", NF_CT_TCP_SYN_RECV),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_syn_sent", NF_CT_TCP_SYN_SENT),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_time_wait", NF_CT_TCP_TIME_WAIT),
	CT_TIMEOUT("nf_conntrack_tcp_timeout_unacknowledged", NF_CT_TCP_UNACK),
	CT_BOOL("nf_conntrack_timestamp", tstamp),
	CT_TIMEOUT("nf_conntrack_udp_timeout", NF_CT_UDP),
	CT_TIMEOUT("nf_conntrack_udp_timeout_stream", NF_CT_UDP_STREAM),
};

/* Linux's defaults, in seconds (the trackers' *_timeouts arrays). */
static const int nf_ct_default_timeout[NF_CT_TIMEOUT_N] = {
	[NF_CT_TCP_SYN_SENT] = 120,
	[NF_CT_TCP_SYN_RECV] = 60,
	[NF_CT_TCP_ESTABLISHED] = 432000,
	[NF_CT_TCP_FIN_WAIT] = 120,
	[NF_CT_TCP_CLOSE_WAIT] = 60,
	[NF_CT_TCP_LAST_ACK] = 30,
	[NF_CT_TCP_TIME_WAIT] = 120,
	[NF_CT_TCP_CLOSE] = 10,
	[NF_CT_TCP_RETRANS] = 300,
	[NF_CT_TCP_UNACK] = 300,
	[NF_CT_SCTP_CLOSED] = 10,
	[NF_CT_SCTP_COOKIE_WAIT] = 3,
	[NF_CT_SCTP_COOKIE_ECHOED] = 3,
	[NF_CT_SCTP_ESTABLISHED] = 210,
	[NF_CT_SCTP_SHUTDOWN_SENT] = 3,
	[NF_CT_SCTP_SHUTDOWN_RECD] = 3,
	[NF_CT_SCTP_SHUTDOWN_ACK_SENT] = 3,
	[NF_CT_SCTP_HEARTBEAT_SENT] = 30,
	[NF_CT_GENERIC] = 600,
	[NF_CT_ICMP] = 30,
	[NF_CT_ICMPV6] = 30,
	[NF_CT_UDP] = 30,
	[NF_CT_UDP_STREAM] = 120,
	[NF_CT_GRE] = 30,
	[NF_CT_GRE_STREAM] = 180,
	[NF_CT_FRAG6] = 60,
	[NF_CT_DCCP_REQUEST] = 240,
	[NF_CT_DCCP_RESPOND] = 480,
	[NF_CT_DCCP_PARTOPEN] = 480,
	[NF_CT_DCCP_OPEN] = 43200,
	[NF_CT_DCCP_CLOSEREQ] = 64,
	[NF_CT_DCCP_CLOSING] = 64,
	[NF_CT_DCCP_TIMEWAIT] = 240,
	[NF_CT_FLOW_TCP] = 30,
	[NF_CT_FLOW_UDP] = 30,
};

/* DCCP's entries, there while the kernel tracks DCCP */
static const struct unl_ctl_table nf_ct_dccp_sysctl_table[] = {
	CT_BOOL("nf_conntrack_dccp_loose", dccp_loose),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_closereq", NF_CT_DCCP_CLOSEREQ),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_closing", NF_CT_DCCP_CLOSING),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_open", NF_CT_DCCP_OPEN),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_partopen", NF_CT_DCCP_PARTOPEN),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_request", NF_CT_DCCP_REQUEST),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_respond", NF_CT_DCCP_RESPOND),
	CT_TIMEOUT("nf_conntrack_dccp_timeout_timewait", NF_CT_DCCP_TIMEWAIT),
};

/* the offload timeouts, there with flowtables (CONFIG_NF_FLOW_TABLE) */
static const struct unl_ctl_table nf_ct_flow_sysctl_table[] = {
	CT_TIMEOUT("nf_flowtable_tcp_timeout", NF_CT_FLOW_TCP),
	CT_TIMEOUT("nf_flowtable_udp_timeout", NF_CT_FLOW_UDP),
};

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))

bool nf_ct_has_dccp(struct unl_net *net)
{
	const struct unl_profile *p = unl_net_profile(net);

	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_CT_PROTO_DCCP") &&
	       !unl_profile_at_least(p, 616);
}

static bool nf_ct_has_flowtable(struct unl_net *net)
{
	return unl_profile_has(unl_net_profile(net), UNL_PROFILE_NFT,
			       "flowtable");
}

static void nf_ct_defaults(struct unl_net *net, struct nf_ct_pernet *ct)
{
	/* nf_conntrack_init_start() on a machine with a few GB */
	ct->max = 262144;
	ct->buckets = 262144;
	ct->expect_max = 4096;
	ct->events = 2;
	ct->checksum = 1;
	ct->tcp_loose = 1;
	ct->tcp_max_retrans = 3;
	ct->dccp_loose = 1;
	for (int i = 0; i < NF_CT_TIMEOUT_N; i++)
		ct->timeout[i] = nf_ct_default_timeout[i] * unl_net_hz(net);
	/* IPV6_FRAG_HIGH_THRESH, IPV6_FRAG_LOW_THRESH */
	ct->frag6_high = 4 * 1024 * 1024;
	ct->frag6_low = 3 * 1024 * 1024;
}

/* A value the profile gives (what a fresh namespace of its kernel
 * reads), through the entry's own handler: the profile's values are
 * text as the file shows them. */
static void nf_ct_profile_value(struct unl_net *net,
				const struct unl_ctl_table *t,
				struct nf_ct_pernet *ct)
{
	char key[128];
	const char *v;

	if (t->proc_handler == ct_count_show)
		return;
	snprintf(key, sizeof(key), "net.netfilter.%s", t->procname);
	v = unl_profile_sysctl(unl_net_profile(net), key);
	if (v)
		t->proc_handler(net, t, (char *)ct + t->offset, v, NULL, 0);
}

int nf_conntrack_sysctl_init(struct unl_net *net, struct nf_ct_pernet *ct)
{
	size_t n = sizeof(nf_ct_sysctl_table) / sizeof(nf_ct_sysctl_table[0]);

	int err;

	nf_ct_defaults(net, ct);
	for (size_t i = 0; i < n; i++)
		nf_ct_profile_value(net, &nf_ct_sysctl_table[i], ct);
	for (size_t i = 0; i < N_OF(nf_ct_dccp_sysctl_table); i++)
		nf_ct_profile_value(net, &nf_ct_dccp_sysctl_table[i], ct);
	for (size_t i = 0; i < N_OF(nf_ct_flow_sysctl_table); i++)
		nf_ct_profile_value(net, &nf_ct_flow_sysctl_table[i], ct);
	err = unl_register_net_sysctl(net, "netfilter", nf_ct_sysctl_table, n,
				      ct);
	if (!err && nf_ct_has_dccp(net))
		err = unl_register_net_sysctl(net, "netfilter",
					      nf_ct_dccp_sysctl_table,
					      N_OF(nf_ct_dccp_sysctl_table), ct);
	if (!err && nf_ct_has_flowtable(net))
		err = unl_register_net_sysctl(net, "netfilter",
					      nf_ct_flow_sysctl_table,
					      N_OF(nf_ct_flow_sysctl_table), ct);
	if (err)
		nf_conntrack_sysctl_exit(net);
	return err;
}

void nf_conntrack_sysctl_exit(struct unl_net *net)
{
	unl_unregister_net_sysctl(net, nf_ct_flow_sysctl_table);
	unl_unregister_net_sysctl(net, nf_ct_dccp_sysctl_table);
	unl_unregister_net_sysctl(net, nf_ct_sysctl_table);
}
