// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The host profile: what the running kernel offers, probed without
 * changing anything on the machine.
 *
 * Sources, best first:
 *  - the kernel's configuration (/proc/config.gz, /boot/config-RELEASE,
 *    /lib/modules/RELEASE/build/.config): a symbol set to y or m offers
 *    its feature (m only when the module is installed, if the module
 *    lists can tell);
 *  - the module lists of the running release (modules.builtin,
 *    modules.dep) and /sys/module;
 *  - what a fresh network namespace shows: its sysctls, the files its
 *    /proc/net has, which rule families and generic netlink families
 *    answer.  As root the probe makes one, in a thread of its own
 *    (unshare(CLONE_NEWNET) moves only the calling thread), so that the
 *    values are what a new namespace starts with; otherwise it reads the
 *    namespace the process is in.  Nothing is created in it unless no
 *    configuration and no module list exists, in which case no module can
 *    be loaded either and a link kind is tried by making one there.
 * When no source can tell, the answer is the "full" profile's, and the
 * notes say so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <linux/fib_rules.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "core/profile-private.h"
#include "core/vec.h"

/* ---- what the kernel's configuration says ---- */

/* Kconfig symbols and their values ('y', 'm', 'n'), sorted by name. */
struct kconfig {
	struct kc_entry {
		char *sym;
		char val;
	} *v;
	size_t n, cap;
	bool known; /* a configuration was found */
};

static int kc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kc_entry *)a)->sym,
		      ((const struct kc_entry *)b)->sym);
}

static void kconfig_line(struct kconfig *kc, const char *line)
{
	char sym[128];
	char val;

	if (sscanf(line, "CONFIG_%127[A-Za-z0-9_]=%c", sym, &val) == 2) {
		if (val != 'y' && val != 'm')
			return;
	} else if (sscanf(line, "# CONFIG_%127[A-Za-z0-9_] is not set",
			  sym) == 1) {
		val = 'n';
	} else {
		return;
	}
	if (unl_vec_reserve(&kc->v, &kc->cap, kc->n + 1, sizeof(*kc->v)))
		return;
	kc->v[kc->n].sym = strdup(sym);
	if (kc->v[kc->n].sym)
		kc->v[kc->n++].val = val;
}

/* Read a configuration, plain or gzip'ed (zlib reads both). */
static bool kconfig_read(struct kconfig *kc, const char *path)
{
	gzFile f = gzopen(path, "rb");
	char line[512];

	if (!f)
		return false;
	while (gzgets(f, line, sizeof(line)))
		kconfig_line(kc, line);
	gzclose(f);
	if (!kc->n)
		return false;
	qsort(kc->v, kc->n, sizeof(*kc->v), kc_cmp);
	kc->known = true;
	return true;
}

/* 'y', 'm', 'n' (set to n or absent from a known configuration), or 0
 * when no configuration was found. */
static char kconfig_get(const struct kconfig *kc, const char *sym)
{
	struct kc_entry key = { .sym = (char *)sym }, *e;

	if (!kc->known)
		return 0;
	e = bsearch(&key, kc->v, kc->n, sizeof(*kc->v), kc_cmp);
	return e ? e->val : 'n';
}

static void kconfig_free(struct kconfig *kc)
{
	for (size_t i = 0; i < kc->n; i++)
		free(kc->v[i].sym);
	free(kc->v);
}

/* ---- what the module lists say ---- */

/* Module names (with '-' as '_'), sorted. */
struct modset {
	char **v;
	size_t n, cap;
	bool known;
};

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "kernel/drivers/net/dummy.ko.xz: deps" -> "dummy" */
static void modset_line(struct modset *ms, const char *line)
{
	const char *base = line, *end;
	char name[64];
	size_t n;

	end = line + strcspn(line, ":\n");
	for (const char *p = line; p < end; p++)
		if (*p == '/')
			base = p + 1;
	n = strcspn(base, ".");
	if (!n || base + n > end || n >= sizeof(name))
		return;
	memcpy(name, base, n);
	name[n] = '\0';
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	if (unl_vec_reserve(&ms->v, &ms->cap, ms->n + 1, sizeof(*ms->v)))
		return;
	ms->v[ms->n] = strdup(name);
	if (ms->v[ms->n])
		ms->n++;
}

static void modset_read(struct modset *ms, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		modset_line(ms, line);
	fclose(f);
	qsort(ms->v, ms->n, sizeof(*ms->v), str_cmp);
	ms->known = true;
}

static bool modset_has(const struct modset *ms, const char *name)
{
	return ms->n && bsearch(&name, ms->v, ms->n, sizeof(*ms->v), str_cmp);
}

static void modset_free(struct modset *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		free(ms->v[i]);
	free(ms->v);
}

struct sources {
	struct kconfig kc;
	struct modset builtin, loadable;
	char kc_path[256];
};

static bool sys_module(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* 1 offered, 0 not, -1 nothing can tell.  A module built as m counts
 * only when it is installed, if the module lists exist. */
static int offered(const struct sources *s, const char *sym,
		   const char *module)
{
	char v = sym ? kconfig_get(&s->kc, sym) : 0;

	if (v == 'y')
		return 1;
	if (module && (modset_has(&s->builtin, module) ||
		       modset_has(&s->loadable, module) || sys_module(module)))
		return 1;
	if (v == 'm')
		return s->loadable.known ? 0 : 1;
	if (v == 'n')
		return 0;
	if (module && (s->builtin.known || s->loadable.known))
		return 0;
	return -1;
}

/* ---- the catalogue: what each class's names come from ---- */

struct cat_entry {
	const char *name;   /* as a program names it */
	const char *sym;    /* its Kconfig symbol */
	const char *module; /* its module, NULL when always built in */
	/* the release it came in, MAJOR * 100 + MINOR; 0: every 6.x */
	int since;
};

/* TCP congestion control: reno is always there; the rest are modules
 * tcp_NAME (CONFIG_TCP_CONG_*), which a route's congctl loads. */
static const struct cat_entry cat_tcpcong[] = {
	{ "reno", NULL, NULL },
	{ "bbr", "TCP_CONG_BBR", "tcp_bbr" },
	{ "bic", "TCP_CONG_BIC", "tcp_bic" },
	{ "cdg", "TCP_CONG_CDG", "tcp_cdg" },
	{ "cubic", "TCP_CONG_CUBIC", "tcp_cubic" },
	{ "dctcp", "TCP_CONG_DCTCP", "tcp_dctcp" },
	{ "highspeed", "TCP_CONG_HSTCP", "tcp_highspeed" },
	{ "htcp", "TCP_CONG_HTCP", "tcp_htcp" },
	{ "hybla", "TCP_CONG_HYBLA", "tcp_hybla" },
	{ "illinois", "TCP_CONG_ILLINOIS", "tcp_illinois" },
	{ "lp", "TCP_CONG_LP", "tcp_lp" },
	{ "nv", "TCP_CONG_NV", "tcp_nv" },
	{ "scalable", "TCP_CONG_SCALABLE", "tcp_scalable" },
	{ "vegas", "TCP_CONG_VEGAS", "tcp_vegas" },
	{ "veno", "TCP_CONG_VENO", "tcp_veno" },
	{ "westwood", "TCP_CONG_WESTWOOD", "tcp_westwood" },
	{ "yeah", "TCP_CONG_YEAH", "tcp_yeah" },
};

static const struct cat_entry cat_link[] = {
	{ "veth", "VETH", "veth" },
	{ "bridge", "BRIDGE", "bridge" },
	{ "dummy", "DUMMY", "dummy" },
	{ "tun", "TUN", "tun" },
	{ "vlan", "VLAN_8021Q", "8021q" },
	{ "macvlan", "MACVLAN", "macvlan" },
	{ "macvtap", "MACVTAP", "macvtap" },
	{ "ipvlan", "IPVLAN", "ipvlan" },
	{ "ipvtap", "IPVTAP", "ipvtap" },
	{ "vxlan", "VXLAN", "vxlan" },
	{ "geneve", "GENEVE", "geneve" },
	{ "bareudp", "BAREUDP", "bareudp" },
	{ "bond", "BONDING", "bonding" },
	{ "team", "NET_TEAM", "team" },
	{ "vrf", "NET_VRF", "vrf" },
	{ "gre", "NET_IPGRE", "ip_gre" },
	{ "gretap", "NET_IPGRE", "ip_gre" },
	{ "erspan", "NET_IPGRE", "ip_gre" },
	{ "ip6gre", "IPV6_GRE", "ip6_gre" },
	{ "ip6gretap", "IPV6_GRE", "ip6_gre" },
	{ "ip6erspan", "IPV6_GRE", "ip6_gre" },
	{ "ipip", "NET_IPIP", "ipip" },
	{ "sit", "IPV6_SIT", "sit" },
	{ "ip6tnl", "IPV6_TUNNEL", "ip6_tunnel" },
	{ "vti", "NET_IPVTI", "ip_vti" },
	{ "vti6", "IPV6_VTI", "ip6_vti" },
	{ "ifb", "IFB", "ifb" },
	{ "nlmon", "NLMON", "nlmon" },
	{ "wireguard", "WIREGUARD", "wireguard" },
	{ "macsec", "MACSEC", "macsec" },
	{ "xfrm", "XFRM_INTERFACE", "xfrm_interface" },
	{ "vcan", "CAN_VCAN", "vcan" },
	{ "vxcan", "CAN_VXCAN", "vxcan" },
	{ "hsr", "HSR", "hsr" },
	{ "gtp", "GTP", "gtp" },
	{ "amt", "AMT", "amt" },
	{ "netkit", "NETKIT", NULL },
	{ "virt_wifi", "VIRT_WIFI", "virt_wifi" },
	{ "batadv", "BATMAN_ADV", "batman_adv" },
};

static const struct cat_entry cat_qdisc[] = {
	/* built into the scheduler core */
	{ "pfifo_fast", "NET_SCHED", NULL },
	{ "noqueue", "NET_SCHED", NULL },
	{ "mq", "NET_SCHED", NULL },
	{ "pfifo", "NET_SCHED", NULL },
	{ "bfifo", "NET_SCHED", NULL },
	{ "pfifo_head_drop", "NET_SCHED", NULL },
	{ "htb", "NET_SCH_HTB", "sch_htb" },
	{ "hfsc", "NET_SCH_HFSC", "sch_hfsc" },
	{ "prio", "NET_SCH_PRIO", "sch_prio" },
	{ "multiq", "NET_SCH_MULTIQ", "sch_multiq" },
	{ "red", "NET_SCH_RED", "sch_red" },
	{ "sfb", "NET_SCH_SFB", "sch_sfb" },
	{ "sfq", "NET_SCH_SFQ", "sch_sfq" },
	{ "teql", "NET_SCH_TEQL", "sch_teql" },
	{ "tbf", "NET_SCH_TBF", "sch_tbf" },
	{ "cbs", "NET_SCH_CBS", "sch_cbs" },
	{ "etf", "NET_SCH_ETF", "sch_etf" },
	{ "taprio", "NET_SCH_TAPRIO", "sch_taprio" },
	{ "gred", "NET_SCH_GRED", "sch_gred" },
	{ "netem", "NET_SCH_NETEM", "sch_netem" },
	{ "drr", "NET_SCH_DRR", "sch_drr" },
	{ "mqprio", "NET_SCH_MQPRIO", "sch_mqprio" },
	{ "skbprio", "NET_SCH_SKBPRIO", "sch_skbprio" },
	{ "choke", "NET_SCH_CHOKE", "sch_choke" },
	{ "qfq", "NET_SCH_QFQ", "sch_qfq" },
	{ "codel", "NET_SCH_CODEL", "sch_codel" },
	{ "fq_codel", "NET_SCH_FQ_CODEL", "sch_fq_codel" },
	{ "cake", "NET_SCH_CAKE", "sch_cake" },
	{ "fq", "NET_SCH_FQ", "sch_fq" },
	{ "hhf", "NET_SCH_HHF", "sch_hhf" },
	{ "pie", "NET_SCH_PIE", "sch_pie" },
	{ "fq_pie", "NET_SCH_FQ_PIE", "sch_fq_pie" },
	{ "ingress", "NET_SCH_INGRESS", "sch_ingress" },
	{ "clsact", "NET_SCH_INGRESS", "sch_ingress" },
	{ "plug", "NET_SCH_PLUG", "sch_plug" },
	{ "ets", "NET_SCH_ETS", "sch_ets" },
	{ "dualpi2", "NET_SCH_DUALPI2", "sch_dualpi2" },
};

static const struct cat_entry cat_cls[] = {
	{ "basic", "NET_CLS_BASIC", "cls_basic" },
	{ "route", "NET_CLS_ROUTE4", "cls_route" },
	{ "fw", "NET_CLS_FW", "cls_fw" },
	{ "u32", "NET_CLS_U32", "cls_u32" },
	{ "flow", "NET_CLS_FLOW", "cls_flow" },
	{ "cgroup", "NET_CLS_CGROUP", "cls_cgroup" },
	{ "bpf", "NET_CLS_BPF", "cls_bpf" },
	{ "flower", "NET_CLS_FLOWER", "cls_flower" },
	{ "matchall", "NET_CLS_MATCHALL", "cls_matchall" },
};

static const struct cat_entry cat_act[] = {
	{ "police", "NET_ACT_POLICE", "act_police" },
	{ "gact", "NET_ACT_GACT", "act_gact" },
	{ "mirred", "NET_ACT_MIRRED", "act_mirred" },
	{ "sample", "NET_ACT_SAMPLE", "act_sample" },
	{ "nat", "NET_ACT_NAT", "act_nat" },
	{ "pedit", "NET_ACT_PEDIT", "act_pedit" },
	{ "simple", "NET_ACT_SIMP", "act_simple" },
	{ "skbedit", "NET_ACT_SKBEDIT", "act_skbedit" },
	{ "csum", "NET_ACT_CSUM", "act_csum" },
	{ "mpls", "NET_ACT_MPLS", "act_mpls" },
	{ "vlan", "NET_ACT_VLAN", "act_vlan" },
	{ "bpf", "NET_ACT_BPF", "act_bpf" },
	{ "connmark", "NET_ACT_CONNMARK", "act_connmark" },
	{ "ctinfo", "NET_ACT_CTINFO", "act_ctinfo" },
	{ "skbmod", "NET_ACT_SKBMOD", "act_skbmod" },
	{ "ife", "NET_ACT_IFE", "act_ife" },
	{ "tunnel_key", "NET_ACT_TUNNEL_KEY", "act_tunnel_key" },
	{ "ct", "NET_ACT_CT", "act_ct" },
	{ "gate", "NET_ACT_GATE", "act_gate" },
};

/* tc's extended matches (net/sched/em_*.c), each its own module; text
 * brings the search algorithms kmp, bm and fsm (it selects them) */
static const struct cat_entry cat_ematch[] = {
	{ "cmp", "NET_EMATCH_CMP", "em_cmp" },
	{ "nbyte", "NET_EMATCH_NBYTE", "em_nbyte" },
	{ "u32", "NET_EMATCH_U32", "em_u32" },
	{ "meta", "NET_EMATCH_META", "em_meta" },
	{ "text", "NET_EMATCH_TEXT", "em_text" },
	{ "canid", "NET_EMATCH_CANID", "em_canid" },
	{ "ipset", "NET_EMATCH_IPSET", "em_ipset" },
	{ "ipt", "NET_EMATCH_IPT", "em_ipt" },
};

static const struct cat_entry cat_xfrm[] = {
	{ "esp4", "INET_ESP", "esp4" },
	{ "esp6", "INET6_ESP", "esp6" },
	{ "ah4", "INET_AH", "ah4" },
	{ "ah6", "INET6_AH", "ah6" },
	{ "ipcomp4", "INET_IPCOMP", "ipcomp" },
	{ "ipcomp6", "INET6_IPCOMP", "ipcomp6" },
	{ "ipip4", "INET_XFRM_TUNNEL", "xfrm4_tunnel" },
	{ "ipip6", "INET6_XFRM_TUNNEL", "xfrm6_tunnel" },
	{ "mip6", "INET6_MIP6", "mip6" },
};

static const struct cat_entry cat_nft[] = {
	/* the expressions nf_tables itself carries */
	{ "payload", "NF_TABLES", "nf_tables" },
	{ "cmp", "NF_TABLES", "nf_tables" },
	{ "immediate", "NF_TABLES", "nf_tables" },
	{ "bitwise", "NF_TABLES", "nf_tables" },
	{ "byteorder", "NF_TABLES", "nf_tables" },
	{ "lookup", "NF_TABLES", "nf_tables" },
	{ "dynset", "NF_TABLES", "nf_tables" },
	{ "meta", "NF_TABLES", "nf_tables" },
	{ "rt", "NF_TABLES", "nf_tables" },
	{ "exthdr", "NF_TABLES", "nf_tables" },
	{ "last", "NF_TABLES", "nf_tables" },
	{ "counter", "NF_TABLES", "nf_tables" },
	{ "range", "NF_TABLES", "nf_tables" },
	{ "inner", "NF_TABLES", "nf_tables", 602 },
	{ "objref", "NF_TABLES", "nf_tables" },
	{ "ct", "NFT_CT", "nft_ct" },
	{ "limit", "NFT_LIMIT", "nft_limit" },
	{ "masq", "NFT_MASQ", "nft_masq" },
	{ "redir", "NFT_REDIR", "nft_redir" },
	{ "nat", "NFT_NAT", "nft_nat" },
	{ "reject", "NFT_REJECT", "nft_reject" },
	{ "log", "NFT_LOG", "nft_log" },
	{ "quota", "NFT_QUOTA", "nft_quota" },
	{ "connlimit", "NFT_CONNLIMIT", "nft_connlimit" },
	{ "tunnel", "NFT_TUNNEL", "nft_tunnel" },
	{ "hash", "NFT_HASH", "nft_hash" },
	{ "numgen", "NFT_NUMGEN", "nft_numgen" },
	{ "fib", "NFT_FIB", "nft_fib" },
	{ "socket", "NFT_SOCKET", "nft_socket" },
	{ "osf", "NFT_OSF", "nft_osf" },
	{ "tproxy", "NFT_TPROXY", "nft_tproxy" },
	{ "synproxy", "NFT_SYNPROXY", "nft_synproxy" },
	{ "xfrm", "NFT_XFRM", "nft_xfrm" },
	{ "fwd", "NFT_FWD_NETDEV", "nft_fwd_netdev" },
	{ "dup", "NFT_DUP_NETDEV", "nft_dup_netdev" },
	{ "queue", "NFT_QUEUE", "nft_queue" },
	{ "match", "NFT_COMPAT", "nft_compat" },
	{ "target", "NFT_COMPAT", "nft_compat" },
	{ "flow_offload", "NFT_FLOW_OFFLOAD", "nft_flow_offload" },
	/* not an expression: the flowtable type (nft_flowtable_type_get) */
	{ "flowtable", "NF_FLOW_TABLE_INET", "nf_flow_table_inet" },
};

static const struct cat_entry cat_genl[] = {
	{ "nlctrl", NULL, NULL },
	{ "ethtool", "ETHTOOL_NETLINK", NULL },
	{ "wireguard", "WIREGUARD", "wireguard" },
	{ "mptcp_pm", "MPTCP", NULL },
	{ "tcp_metrics", "INET", NULL },
	{ "l2tp", "L2TP", "l2tp_netlink" },
	{ "macsec", "MACSEC", "macsec" },
	{ "team", "NET_TEAM", "team" },
	{ "devlink", "NET_DEVLINK", NULL },
	{ "NET_DM", "NET_DROP_MONITOR", "drop_monitor" },
	{ "TASKSTATS", "TASKSTATS", NULL },
	{ "fou", "NET_FOU", "fou" },
	{ "gtp", "GTP", "gtp" },
	{ "SEG6", "IPV6_SEG6_LWTUNNEL", NULL },
	{ "IOAM6", "IPV6_IOAM6_LWTUNNEL", NULL },
	{ "netdev", "NET", NULL },
	{ "handshake", "NET_HANDSHAKE", NULL },
	{ "IPVS", "IP_VS", "ip_vs" },
	{ "nl80211", "CFG80211", "cfg80211" },
	{ "ovs_datapath", "OPENVSWITCH", "openvswitch" },
	{ "hsr", "HSR", "hsr" },
	{ "dpll", "DPLL", NULL },
};

/* IPVS's schedulers (ip_vs_NAME) and its one persistence engine
 * (ip_vs_pe_sip), which a service names; loaded on demand. */
static const struct cat_entry cat_ipvs[] = {
	{ "rr", "IP_VS_RR", "ip_vs_rr" },
	{ "wrr", "IP_VS_WRR", "ip_vs_wrr" },
	{ "lc", "IP_VS_LC", "ip_vs_lc" },
	{ "wlc", "IP_VS_WLC", "ip_vs_wlc" },
	{ "fo", "IP_VS_FO", "ip_vs_fo" },
	{ "ovf", "IP_VS_OVF", "ip_vs_ovf" },
	{ "lblc", "IP_VS_LBLC", "ip_vs_lblc" },
	{ "lblcr", "IP_VS_LBLCR", "ip_vs_lblcr" },
	{ "dh", "IP_VS_DH", "ip_vs_dh" },
	{ "sh", "IP_VS_SH", "ip_vs_sh" },
	{ "mh", "IP_VS_MH", "ip_vs_mh" },
	{ "sed", "IP_VS_SED", "ip_vs_sed" },
	{ "nq", "IP_VS_NQ", "ip_vs_nq" },
	{ "twos", "IP_VS_TWOS", "ip_vs_twos" },
	{ "sip", "IP_VS_PE_SIP", "ip_vs_pe_sip" },
};

/* Features: Kconfig symbols that change answers, each with a file of a
 * fresh namespace that exists exactly when the feature is built in
 * (relative to /proc/sys/net or the namespace's /proc/net), or a rule
 * family that answers only with it. */
struct feature_probe {
	const char *sym;
	const char *file; /* "sys:..." under /proc/sys/net, "net:..." */
	int rule_family;  /* 0: none */
};

static const struct feature_probe features[] = {
	{ "IP_MROUTE", "net:ip_mr_vif", 0 },
	{ "IPV6_MROUTE", "net:ip6_mr_vif", 0 },
	{ "IP_MROUTE_MULTIPLE_TABLES", NULL, RTNL_FAMILY_IPMR },
	{ "IPV6_MROUTE_MULTIPLE_TABLES", NULL, RTNL_FAMILY_IP6MR },
	{ "IP_MULTIPLE_TABLES", NULL, AF_INET },
	{ "IPV6_MULTIPLE_TABLES", NULL, AF_INET6 },
	{ "IPV6_SUBTREES", NULL, 0 },
	{ "IP_ROUTE_CLASSID", "net:rt_acct", 0 },
	{ "IPV6_ROUTER_PREF", "sys:ipv6/conf/default/accept_ra_rtr_pref", 0 },
	{ "IPV6_ROUTE_INFO",
	  "sys:ipv6/conf/default/accept_ra_rt_info_max_plen", 0 },
	{ "IPV6_OPTIMISTIC_DAD", "sys:ipv6/conf/default/optimistic_dad", 0 },
	{ "IPV6_SEG6_HMAC", "sys:ipv6/conf/default/seg6_require_hmac", 0 },
	{ "BRIDGE_VLAN_FILTERING", NULL, 0 },
	{ "BRIDGE_IGMP_SNOOPING", NULL, 0 },
	{ "BRIDGE_NETFILTER", NULL, 0 },
	{ "NET_SCHED", NULL, 0 },
	{ "NF_TABLES", NULL, 0 },
	{ "NF_CT_NETLINK", NULL, 0 },
	{ "IP_SET", NULL, 0 },
	{ "XFRM_USER", NULL, 0 },
	/* the netlink protocols that exist only with their code */
	{ "SECURITY_SELINUX", NULL, 0 },
	{ "CONNECTOR", NULL, 0 },
	{ "SCSI_NETLINK", NULL, 0 },
	{ "NETLINK_DIAG", NULL, 0 },
	{ "AUDIT", NULL, 0 },
	{ "XFRM_SUB_POLICY", NULL, 0 },
	{ "CRYPTO_USER", NULL, 0 },
	{ "XFRM_MIGRATE", NULL, 0 },
	{ "INFINIBAND", NULL, 0 },
	{ "SCSI_ISCSI_ATTRS", NULL, 0 },
	/* wireless extensions: /proc/net/wireless comes with them */
	{ "WEXT_CORE", "net:wireless", 0 },
	/* the smaller nfnetlink subsystems, and what they use */
	{ "NETFILTER_NETLINK_ACCT", NULL, 0 },
	{ "NETFILTER_NETLINK_LOG", NULL, 0 },
	{ "NETFILTER_NETLINK_QUEUE", NULL, 0 },
	{ "NETFILTER_NETLINK_GLUE_CT", NULL, 0 },
	{ "NF_CT_NETLINK_TIMEOUT", NULL, 0 },
	{ "NF_CT_NETLINK_HELPER", NULL, 0 },
	{ "NETWORK_SECMARK", NULL, 0 },
	{ "NF_CT_PROTO_SCTP", NULL, 0 },
	{ "NF_CT_PROTO_GRE", NULL, 0 },
	{ "NF_CT_PROTO_UDPLITE", NULL, 0 },
	/* conntrack's synproxy extension, which ctnetlink's entries carry */
	{ "NETFILTER_SYNPROXY", NULL, 0 },
	{ "NF_CT_PROTO_DCCP", NULL, 0 },
	/* the xtables extensions nft_compat knows (iptables-nft) */
	{ "NETFILTER_XT_MATCH_CONNTRACK", NULL, 0 },
	{ "NETFILTER_XT_MATCH_STATE", NULL, 0 },
	{ "NETFILTER_XT_MATCH_MULTIPORT", NULL, 0 },
	{ "NETFILTER_XT_MATCH_COMMENT", NULL, 0 },
	{ "NETFILTER_XT_MATCH_ADDRTYPE", NULL, 0 },
	{ "NETFILTER_XT_MATCH_MARK", NULL, 0 },
	{ "NETFILTER_XT_MATCH_CONNMARK", NULL, 0 },
	{ "NETFILTER_XT_MATCH_LIMIT", NULL, 0 },
	{ "NETFILTER_XT_TARGET_MARK", NULL, 0 },
	{ "NETFILTER_XT_TARGET_CONNMARK", NULL, 0 },
	{ "NETFILTER_XT_TARGET_MASQUERADE", NULL, 0 },
	{ "NETFILTER_XT_NAT", NULL, 0 },
	{ "NETFILTER_XT_TARGET_LOG", NULL, 0 },
	{ "IP_NF_TARGET_REJECT", NULL, 0 },
	{ "IP6_NF_TARGET_REJECT", NULL, 0 },
	{ "NETFILTER_XT_TARGET_TCPMSS", NULL, 0 },
	{ "NF_LOG_SYSLOG", NULL, 0 },
	/* the ipset types beyond hash:ip and hash:net */
	{ "IP_SET_HASH_IPPORT", NULL, 0 },
	{ "IP_SET_HASH_NETPORT", NULL, 0 },
	{ "IP_SET_HASH_IPPORTIP", NULL, 0 },
	{ "IP_SET_HASH_IPPORTNET", NULL, 0 },
	{ "IP_SET_BITMAP_PORT", NULL, 0 },
	{ "IP_SET_BITMAP_IP", NULL, 0 },
	/* xt_set: iptables' set match and SET target */
	{ "NETFILTER_XT_SET", NULL, 0 },
	/* more ipset types */
	{ "IP_SET_BITMAP_IPMAC", NULL, 0 },
	{ "IP_SET_HASH_NETIFACE", NULL, 0 },
	{ "IP_SET_LIST_SET", NULL, 0 },
	/* nft_compat_ext.c's extensions */
	{ "NETFILTER_XT_MATCH_PHYSDEV", NULL, 0 },
	{ "NETFILTER_XT_MATCH_HASHLIMIT", NULL, 0 },
	{ "NETFILTER_XT_MATCH_RECENT", NULL, 0 },
	{ "NETFILTER_XT_TARGET_CLASSIFY", NULL, 0 },
	{ "IP_NF_ARP_MANGLE", NULL, 0 },
	{ "BRIDGE_EBT_AMONG", NULL, 0 },
	{ "BRIDGE_EBT_LIMIT", NULL, 0 },
	{ "BRIDGE_EBT_PKTTYPE", NULL, 0 },
	{ "BRIDGE_EBT_IP", NULL, 0 },
	{ "BRIDGE_EBT_IP6", NULL, 0 },
	{ "BRIDGE_EBT_VLAN", NULL, 0 },
	{ "BRIDGE_EBT_STP", NULL, 0 },
	{ "BRIDGE_EBT_802_3", NULL, 0 },
	{ "BRIDGE_EBT_LOG", NULL, 0 },
	{ "BRIDGE_EBT_NFLOG", NULL, 0 },
	{ "BRIDGE_EBT_MARK_T", NULL, 0 },
	{ "BRIDGE_EBT_DNAT", NULL, 0 },
	{ "BRIDGE_EBT_SNAT", NULL, 0 },
	{ "BRIDGE_EBT_REDIRECT", NULL, 0 },
	{ "BRIDGE_EBT_ARPREPLY", NULL, 0 },
	{ "BRIDGE_EBT_ARP", NULL, 0 },
	{ "IP_SET_HASH_NETNET", NULL, 0 },
	{ "IP_SET_HASH_NETPORTNET", NULL, 0 },
	{ "IP_SET_HASH_IPMAC", NULL, 0 },
	/* u32's mark and per-key counters, gact's random choice */
	{ "CLS_U32_MARK", NULL, 0 },
	{ "CLS_U32_PERF", NULL, 0 },
	{ "GACT_PROB", NULL, 0 },
	{ "IP_SET_HASH_MAC", NULL, 0 },
	{ "IP_SET_HASH_IPMARK", NULL, 0 },
	{ "NF_CT_NETLINK_HELPER", NULL, 0 },
	/* drop_monitor.c: monitoring of hardware drops (devlink's traps) */
	{ "NET_DEVLINK", NULL, 0 },
	/* nfnetlink_osf: the OS fingerprints nfnl_osf loads */
	{ "NETFILTER_NETLINK_OSF", NULL, 0 },
	/* the conntrack helpers CTA_HELP may name */
	{ "NF_CONNTRACK_FTP", NULL, 0 },
	{ "NF_CONNTRACK_TFTP", NULL, 0 },
	{ "NF_CONNTRACK_SIP", NULL, 0 },
	{ "NF_CONNTRACK_IRC", NULL, 0 },
	{ "NF_CONNTRACK_AMANDA", NULL, 0 },
	{ "NF_CONNTRACK_H323", NULL, 0 },
	{ "NF_CONNTRACK_PPTP", NULL, 0 },
	{ "NF_CONNTRACK_SANE", NULL, 0 },
	{ "NF_CONNTRACK_SNMP", NULL, 0 },
	{ "NF_CONNTRACK_NETBIOS_NS", NULL, 0 },
	/* the NAT modules of those helpers, nf_nat_snmp_basic's snmp_trap
	 * helper, conntrack timeout policies (nf_tables' ct timeout
	 * objects) and bridge conntrack (nf_ct_netns_get()) */
	{ "NF_NAT_FTP", NULL, 0 },
	{ "NF_NAT_TFTP", NULL, 0 },
	{ "NF_NAT_SIP", NULL, 0 },
	{ "NF_NAT_IRC", NULL, 0 },
	{ "NF_NAT_AMANDA", NULL, 0 },
	{ "NF_NAT_SNMP_BASIC", NULL, 0 },
	{ "NF_CONNTRACK_TIMEOUT", NULL, 0 },
	{ "NF_CONNTRACK_BRIDGE", NULL, 0 },
	/* the legacy xtables modules (ip_tables.c): the options and
	 * /proc/net lists come with IP_NF_IPTABLES, IP6_NF_IPTABLES and
	 * IP_NF_ARPTABLES, each table with its module (a module the
	 * configuration has loads when a table is first named) */
	{ "IP_NF_IPTABLES", NULL, 0 },
	{ "IP_NF_FILTER", NULL, 0 },
	{ "IP_NF_MANGLE", NULL, 0 },
	{ "IP_NF_NAT", NULL, 0 },
	{ "IP_NF_RAW", NULL, 0 },
	{ "IP_NF_SECURITY", NULL, 0 },
	{ "IP6_NF_IPTABLES", NULL, 0 },
	{ "IP6_NF_FILTER", NULL, 0 },
	{ "IP6_NF_MANGLE", NULL, 0 },
	{ "IP6_NF_NAT", NULL, 0 },
	{ "IP6_NF_RAW", NULL, 0 },
	{ "IP6_NF_SECURITY", NULL, 0 },
	{ "IP_NF_ARPTABLES", NULL, 0 },
	{ "IP_NF_ARPFILTER", NULL, 0 },
	/* nfnetlink_hook: the hooks of a net (`nft list hooks`) */
	{ "NETFILTER_NETLINK_HOOK", NULL, 0 },
	/* AppArmor, whose netfilter hook is in every net (nfnetlink_hook
	 * lists it); taken to be the running LSM when built */
	{ "SECURITY_APPARMOR", NULL, 0 },
	/* /proc/net/nf_conntrack and the rest (nf_conntrack_netlink.c) */
	{ "NF_CONNTRACK_PROCFS", "net:nf_conntrack", 0 },
	/* ebtables-legacy's options and its tables' modules (ebtables.c),
	 * and ebt_mark_m */
	{ "BRIDGE_NF_EBTABLES_LEGACY", NULL, 0 },
	{ "BRIDGE_EBT_T_FILTER", NULL, 0 },
	{ "BRIDGE_EBT_T_NAT", NULL, 0 },
	{ "BRIDGE_EBT_BROUTE", NULL, 0 },
	{ "BRIDGE_EBT_MARK", NULL, 0 },
};

/* The sysctl directories a fresh namespace's model starts from. */
static const char *const sysctl_dirs[] = {
	"core",
	"ipv4/conf/all",
	"ipv4/conf/default",
	"ipv4/neigh/default",
	"ipv6/conf/all",
	"ipv6/conf/default",
	"ipv6/neigh/default",
	"netfilter",
	"netfilter/nf_log",
};

/* ---- the namespace part, run in a thread ---- */

struct ns_probe {
	struct unl_profile *p;
	bool fresh;          /* ran in a namespace of its own */
	bool may_create;     /* may try to make a link kind there */
	const struct sources *src;
	const bool *kind_unknown; /* per cat_link entry */
	bool kind_made[sizeof(cat_link) / sizeof(cat_link[0])];
	bool file_seen[sizeof(features) / sizeof(features[0])];
	int rule_ok[sizeof(features) / sizeof(features[0])];
	int err;
};

/* One request, answers read until NLMSG_DONE or an error: 0 or the
 * (negative) error the kernel answered, -errno on a local failure.
 * each() sees every other message. */
static int nl_talk(int fd, const void *req, size_t len,
		   void (*each)(const struct nlmsghdr *, void *), void *user)
{
	static __thread char buf[32768];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *h;

		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		/* NLMSG_OK() and NLMSG_NEXT() by hand: their mix of signed
		 * and unsigned does not build with clang's -Wsign-compare */
		for (size_t off = 0; off + NLMSG_HDRLEN <= (size_t)n;
		     off += NLMSG_ALIGN(h->nlmsg_len)) {
			h = (const struct nlmsghdr *)(buf + off);
			if (h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > (size_t)n - off)
				break;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(h);
			if (each)
				each(h, user);
		}
	}
}

static int nl_open(int protocol)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	struct timeval tv = { .tv_sec = 2 };

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Does a rule dump of this family answer (fib_rules registered)? */
static int rule_family_ok(int family)
{
	struct {
		struct nlmsghdr h;
		struct fib_rule_hdr r;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETRULE,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		       .nlmsg_seq = 1 },
		.r = { .family = (uint8_t)family },
	};
	int fd = nl_open(NETLINK_ROUTE), err;

	if (fd < 0)
		return -1;
	err = nl_talk(fd, &req, sizeof(req), NULL, NULL);
	close(fd);
	return err == 0 ? 1 : err == -EAFNOSUPPORT || err == -EOPNOTSUPP ? 0
									   : -1;
}

/* The id of the first multicast group in a CTRL_ATTR_MCAST_GROUPS
 * nest (the kernel gives a family's groups consecutive ids), 0 for
 * none. */
static unsigned int genl_first_group(const struct nlattr *groups)
{
	const struct nlattr *g = (const struct nlattr *)(groups + 1);
	int rem = (int)groups->nla_len - (int)sizeof(*groups);
	const struct nlattr *a;

	if (rem < (int)sizeof(*g) || g->nla_len < sizeof(*g) ||
	    g->nla_len > rem)
		return 0;
	rem = (int)g->nla_len - (int)sizeof(*g);
	for (a = g + 1; rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
			a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID &&
		    a->nla_len >= sizeof(*a) + sizeof(uint32_t))
			return *(const uint32_t *)(a + 1);
	return 0;
}

/* One family of the dump: its name, and the ids the kernel gave it and
 * its groups (the model's built-in families take the same). */
static void genl_family_seen(const struct nlmsghdr *h, void *user)
{
	struct unl_profile *p = user;
	const struct nlattr *a;
	const char *name = NULL;
	unsigned int id = 0, group = 0;
	int rem = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	a = (const struct nlattr *)((const char *)NLMSG_DATA(h) + GENL_HDRLEN);
	for (; rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		unsigned int type = a->nla_type & NLA_TYPE_MASK;

		if (type == CTRL_ATTR_FAMILY_NAME && a->nla_len > sizeof(*a) &&
		    memchr(a + 1, '\0', a->nla_len - sizeof(*a)))
			name = (const char *)(a + 1);
		else if (type == CTRL_ATTR_FAMILY_ID &&
			 a->nla_len >= sizeof(*a) + sizeof(uint16_t))
			id = *(const uint16_t *)(a + 1);
		else if (type == CTRL_ATTR_MCAST_GROUPS)
			group = genl_first_group(a);
	}
	if (!name)
		return;
	profile_add(p, UNL_PROFILE_GENL, name);
	if (id)
		profile_set_genl_id(p, name, id, group);
}

/* The generic netlink families this namespace sees. */
static void probe_genl_live(struct unl_profile *p)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = GENL_ID_CTRL,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		       .nlmsg_seq = 1 },
		.g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 },
	};
	int fd = nl_open(NETLINK_GENERIC);

	if (fd < 0)
		return;
	nl_talk(fd, &req, sizeof(req), genl_family_seen, p);
	close(fd);
}

/* Make a link of this kind here (a namespace of our own, from which no
 * module can be loaded): does the kernel know the kind? */
static bool link_kind_made(const char *kind)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		char attrs[64];
	} req = { 0 };
	struct nlattr *li, *k;
	size_t klen = strlen(kind) + 1;
	int fd, err;

	req.h.nlmsg_type = RTM_NEWLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			    NLM_F_EXCL;
	li = (struct nlattr *)req.attrs;
	li->nla_type = IFLA_LINKINFO;
	k = li + 1;
	k->nla_type = IFLA_INFO_KIND;
	k->nla_len = (uint16_t)(NLA_HDRLEN + klen);
	memcpy(k + 1, kind, klen);
	li->nla_len = (uint16_t)(NLA_HDRLEN + NLA_ALIGN(k->nla_len));
	req.h.nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(req.i)) +
				     NLA_ALIGN(li->nla_len));
	fd = nl_open(NETLINK_ROUTE);
	if (fd < 0)
		return false;
	err = nl_talk(fd, &req, req.h.nlmsg_len, NULL, NULL);
	close(fd);
	/* a kind the kernel does not know is "Unknown device type"
	 * (EOPNOTSUPP); any other answer means it knows it */
	return err != -EOPNOTSUPP;
}

/* One value: the file's first line, unless it cannot be read. */
static void sysctl_read(struct unl_profile *p, const char *dir,
			const char *name)
{
	char path[512], key[512], val[256];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, val, sizeof(val) - 1);
	close(fd);
	if (n <= 0)
		return;
	val[n] = '\0';
	val[strcspn(val, "\n")] = '\0';
	for (char *t = val; *t; t++)
		if (*t == '\t')
			*t = ' ';
	if (!val[0])
		return;
	snprintf(key, sizeof(key), "net.%s.%s", dir, name);
	for (char *s = key; *s; s++)
		if (*s == '/')
			*s = '.';
	profile_set_sysctl(p, key, val);
}

static void probe_sysctls(struct unl_profile *p)
{
	for (size_t i = 0; i < sizeof(sysctl_dirs) / sizeof(sysctl_dirs[0]);
	     i++) {
		char path[256];
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "/proc/sys/net/%s", sysctl_dirs[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && de->d_type != DT_DIR)
				sysctl_read(p, sysctl_dirs[i], de->d_name);
		closedir(d);
	}
}

static bool feature_file_exists(const char *spec)
{
	char path[256];

	if (!strncmp(spec, "sys:", 4))
		snprintf(path, sizeof(path), "/proc/sys/net/%s", spec + 4);
	else
		snprintf(path, sizeof(path), "/proc/thread-self/net/%s",
			 spec + 4);
	return access(path, F_OK) == 0;
}

/* What a namespace shows, read in the namespace the thread is in. */
static void ns_probe_collect(struct ns_probe *np)
{
	probe_sysctls(np->p);
	probe_genl_live(np->p);
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		if (features[i].file)
			np->file_seen[i] = feature_file_exists(features[i].file);
		np->rule_ok[i] = features[i].rule_family
					 ? rule_family_ok(features[i].rule_family)
					 : -1;
	}
	for (size_t i = 0; np->fresh && np->may_create &&
			   i < sizeof(cat_link) / sizeof(cat_link[0]);
	     i++)
		if (np->kind_unknown[i])
			np->kind_made[i] = link_kind_made(cat_link[i].name);
}

/* As root: a new namespace for this thread alone. */
static void *ns_probe_run(void *arg)
{
	struct ns_probe *np = arg;

	if (np->fresh && unshare(CLONE_NEWNET) < 0)
		np->fresh = false;
	ns_probe_collect(np);
	return NULL;
}

static bool single_threaded(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[128];
	bool one = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Threads:", 8)) {
			one = atoi(line + 8) == 1;
			break;
		}
	fclose(f);
	return one;
}

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* In the child: a user and a network namespace of its own, what they
 * show, then the findings (the arrays, then the profile's text) down
 * the pipe.  Never returns. */
static void __attribute__((noreturn)) ns_probe_child(struct ns_probe *np,
						     int fd)
{
	char *text;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		_exit(1);
	np->fresh = true;
	np->p = profile_new();
	if (!np->p)
		_exit(1);
	ns_probe_collect(np);
	text = unl_profile_format(np->p);
	if (!text || !write_all(fd, np->file_seen, sizeof(np->file_seen)) ||
	    !write_all(fd, np->rule_ok, sizeof(np->rule_ok)) ||
	    !write_all(fd, np->kind_made, sizeof(np->kind_made)) ||
	    !write_all(fd, text, strlen(text)))
		_exit(1);
	_exit(0);
}

/* The child's findings: the arrays into np, the sysctls and families
 * into np->p.  False if anything is missing. */
static bool ns_probe_take(struct ns_probe *np, const char *buf, size_t len)
{
	size_t head = sizeof(np->file_seen) + sizeof(np->rule_ok) +
		      sizeof(np->kind_made);
	struct unl_profile *q;
	const char *name, *value;

	if (len < head || unl_profile_parse(buf + head, len - head, "probe",
					    &q, NULL, 0))
		return false;
	memcpy(np->file_seen, buf, sizeof(np->file_seen));
	memcpy(np->rule_ok, buf + sizeof(np->file_seen), sizeof(np->rule_ok));
	memcpy(np->kind_made, buf + sizeof(np->file_seen) + sizeof(np->rule_ok),
	       sizeof(np->kind_made));
	for (size_t i = 0; unl_profile_sysctl_at(q, i, &name, &value); i++)
		profile_set_sysctl(np->p, name, value);
	for (size_t i = 0;
	     (name = unl_profile_name_at(q, UNL_PROFILE_GENL, i)); i++)
		profile_add(np->p, UNL_PROFILE_GENL, name);
	unl_profile_unref(q);
	return true;
}

/* Unprivileged: a network namespace needs a user namespace too, which
 * only a single-threaded process may make (unshare(2)), so a child
 * makes them and sends back what it saw.  False when that cannot be
 * done (threads, user namespaces disabled): nothing was changed. */
static bool run_ns_probe_child(struct ns_probe *np)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int pfd[2], status;
	bool ok;
	pid_t pid;

	if (!single_threaded() || pipe2(pfd, O_CLOEXEC) < 0)
		return false;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return false;
	}
	if (pid == 0) {
		close(pfd[0]);
		ns_probe_child(np, pfd[1]);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t r;

		if (unl_vec_reserve(&buf, &cap, len + 4096, 1))
			break;
		r = read(pfd[0], buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && buf &&
	     ns_probe_take(np, buf, len);
	free(buf);
	if (ok)
		np->fresh = true;
	return ok;
}

/* ---- putting it together ---- */

/* Whether the running release is since (MAJOR * 100 + MINOR) or newer;
 * a release that does not parse is taken as new. */
static bool release_has(const char *release, int since)
{
	int ma, mi;

	if (!since || sscanf(release, "%d.%d", &ma, &mi) != 2)
		return true;
	return ma * 100 + mi >= since;
}

static void add_catalogue(struct unl_profile *p, const struct sources *s,
			  enum unl_profile_class c,
			  const struct cat_entry *cat, size_t n,
			  const struct unl_profile *dflt, bool *unknown)
{
	size_t guessed = 0;

	for (size_t i = 0; i < n; i++) {
		int o = cat[i].sym || cat[i].module
				? offered(s, cat[i].sym, cat[i].module)
				: 1;

		/* its symbol is older than it: the release decides */
		if (!release_has(unl_profile_kernel(p), cat[i].since))
			o = 0;

		if (unknown)
			unknown[i] = o < 0;
		if (o < 0) {
			o = unl_profile_has(dflt, c, cat[i].name);
			guessed++;
		}
		if (o)
			profile_add(p, c, cat[i].name);
	}
	if (guessed)
		profile_note(p, "%s: %zu names assumed as in \"full\" "
				"(no configuration or module list tells)",
			     unl_profile_class_keyword(c), guessed);
}

static void add_features(struct unl_profile *p, const struct sources *s,
			 const struct ns_probe *np,
			 const struct unl_profile *dflt)
{
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		const struct feature_probe *f = &features[i];
		char v = kconfig_get(&s->kc, f->sym);
		int o = v ? v != 'n' : -1;

		/* what a namespace shows beats the configuration */
		if (f->file)
			o = np->file_seen[i];
		else if (np->rule_ok[i] >= 0)
			o = np->rule_ok[i];
		if (o < 0) {
			o = unl_profile_has(dflt, UNL_PROFILE_FEATURE, f->sym);
			profile_note(p, "feature %s: assumed %s as in \"full\"",
				     f->sym, o ? "present" : "absent");
		}
		if (o)
			profile_add(p, UNL_PROFILE_FEATURE, f->sym);
	}
}

/* The algorithms /proc/crypto lists, but not the larval ones: those are
 * being looked for right now (by anyone on the machine), and may never
 * exist. */
static void add_algos(struct unl_profile *p)
{
	FILE *f = fopen("/proc/crypto", "re");
	char line[256], name[128] = "", type[64];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "name : %127s", name) == 1)
			continue;
		if (name[0] && sscanf(line, "type : %63s", type) == 1) {
			if (strcmp(type, "larval"))
				profile_add(p, UNL_PROFILE_ALGO, name);
			name[0] = 0;
		}
	}
	fclose(f);
}

/*
 * The algorithms the crypto API would make on demand, as
 * crypto_has_alg() makes "hmac(sha256)" from the hmac template and
 * sha256 even when /proc/crypto does not list it yet: the ones xfrm
 * names (net/xfrm/xfrm_algo.c), each when its template and its base
 * are offered.
 */
struct algo_part {
	const char *name, *sym, *module;
	bool hash; /* a template of hashes, a hash; else of block ciphers */
};
static const struct algo_part algo_templates[] = {
	{ "hmac", "CRYPTO_HMAC", "hmac", true },
	{ "cbc", "CRYPTO_CBC", "cbc", false },
	{ "ecb", "CRYPTO_ECB", "ecb", false },
	{ "xcbc", "CRYPTO_XCBC", "xcbc", false },
	{ "cmac", "CRYPTO_CMAC", "cmac", false },
};
static const struct algo_part algo_bases[] = {
	{ "md5", "CRYPTO_MD5", "md5", true },
	{ "sha1", "CRYPTO_SHA1", "sha1_generic", true },
	{ "sha256", "CRYPTO_SHA256", "sha256_generic", true },
	{ "sha384", "CRYPTO_SHA512", "sha512_generic", true },
	{ "sha512", "CRYPTO_SHA512", "sha512_generic", true },
	{ "rmd160", "CRYPTO_RMD160", "rmd160", true },
	{ "sm3", "CRYPTO_SM3_GENERIC", "sm3_generic", true },
	{ "aes", "CRYPTO_AES", "aes_generic" },
	{ "des", "CRYPTO_DES", "des_generic" },
	{ "des3_ede", "CRYPTO_DES", "des_generic" },
	{ "cast5", "CRYPTO_CAST5", "cast5_generic" },
	{ "blowfish", "CRYPTO_BLOWFISH", "blowfish_generic" },
	{ "serpent", "CRYPTO_SERPENT", "serpent_generic" },
	{ "camellia", "CRYPTO_CAMELLIA", "camellia_generic" },
	{ "twofish", "CRYPTO_TWOFISH", "twofish_generic" },
	{ "sm4", "CRYPTO_SM4_GENERIC", "sm4_generic" },
	{ "cipher_null", "CRYPTO_NULL", "crypto_null" },
};
/* the AEADs and counter modes on AES, and what each needs besides */
static const struct algo_part algo_aes_modes[] = {
	{ "rfc4106(gcm(aes))", "CRYPTO_GCM", "gcm" },
	{ "rfc4543(gcm(aes))", "CRYPTO_GCM", "gcm" },
	{ "rfc4309(ccm(aes))", "CRYPTO_CCM", "ccm" },
	{ "rfc3686(ctr(aes))", "CRYPTO_CTR", "ctr" },
};

static bool algo_offered(const struct unl_profile *p, const struct sources *s,
			 const struct algo_part *a)
{
	return unl_profile_has(p, UNL_PROFILE_ALGO, a->name) ||
	       offered(s, a->sym, a->module) == 1;
}

static void add_algo_templates(struct unl_profile *p, const struct sources *s)
{
	static const struct algo_part aes = { "aes", "CRYPTO_AES",
					      "aes_generic", false };
	static const struct algo_part chapoly = {
		"rfc7539esp(chacha20,poly1305)", "CRYPTO_CHACHA20POLY1305",
		"chacha20poly1305", false
	};
	char name[64];

	for (size_t t = 0; t < sizeof(algo_templates) / sizeof(algo_templates[0]);
	     t++) {
		if (offered(s, algo_templates[t].sym,
			    algo_templates[t].module) != 1)
			continue;
		for (size_t b = 0; b < sizeof(algo_bases) / sizeof(algo_bases[0]);
		     b++) {
			if (algo_bases[b].hash != algo_templates[t].hash ||
			    !algo_offered(p, s, &algo_bases[b]))
				continue;
			snprintf(name, sizeof(name), "%s(%s)",
				 algo_templates[t].name, algo_bases[b].name);
			profile_add(p, UNL_PROFILE_ALGO, name);
		}
	}
	for (size_t m = 0; m < sizeof(algo_aes_modes) / sizeof(algo_aes_modes[0]);
	     m++)
		if (algo_offered(p, s, &aes) &&
		    offered(s, algo_aes_modes[m].sym,
			    algo_aes_modes[m].module) == 1)
			profile_add(p, UNL_PROFILE_ALGO, algo_aes_modes[m].name);
	if (offered(s, chapoly.sym, chapoly.module) == 1)
		profile_add(p, UNL_PROFILE_ALGO, chapoly.name);
}

/* What is registered now (built in or loaded, BPF ones too) is
 * offered whatever the catalogue says. */
static void add_tcpcong_registered(struct unl_profile *p)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_available_congestion_control",
			"re");
	char name[64];

	if (!f)
		return;
	while (fscanf(f, "%63s", name) == 1)
		profile_add(p, UNL_PROFILE_TCPCONG, name);
	fclose(f);
}

static void find_sources(struct sources *s, const char *release)
{
	char path[300];

	snprintf(s->kc_path, sizeof(s->kc_path), "/proc/config.gz");
	if (!kconfig_read(&s->kc, s->kc_path)) {
		snprintf(s->kc_path, sizeof(s->kc_path), "/boot/config-%s",
			 release);
		if (!kconfig_read(&s->kc, s->kc_path)) {
			snprintf(s->kc_path, sizeof(s->kc_path),
				 "/lib/modules/%s/build/.config", release);
			if (!kconfig_read(&s->kc, s->kc_path))
				s->kc_path[0] = '\0';
		}
	}
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin",
		 release);
	modset_read(&s->builtin, path);
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", release);
	modset_read(&s->loadable, path);
}

/* The namespace part: as root, in a thread with a namespace of its own;
 * unprivileged, in a child with a user and a network namespace of its
 * own where it may make them; else where the process is. */
static void run_ns_probe(struct ns_probe *np)
{
	pthread_t t;

	np->fresh = geteuid() == 0;
	if (!np->fresh && run_ns_probe_child(np))
		return;
	if (pthread_create(&t, NULL, ns_probe_run, np)) {
		np->fresh = false;
		ns_probe_run(np);
		return;
	}
	pthread_join(t, NULL);
}

/* The link modules whose loading changes every namespace (the IP
 * tunnels' fallback devices, vrf's net.vrf sysctls), and the symbol
 * that builds them in. */
static const struct cat_entry cat_module[] = {
	{ "ip_gre", "NET_IPGRE", "ip_gre" },
	{ "ipip", "NET_IPIP", "ipip" },
	{ "ip_vti", "NET_IPVTI", "ip_vti" },
	{ "vrf", "NET_VRF", "vrf" },
	{ "sit", "IPV6_SIT", "sit" },
	{ "ip6_tunnel", "IPV6_TUNNEL", "ip6_tunnel" },
	{ "ip6_gre", "IPV6_GRE", "ip6_gre" },
	{ "ip6_vti", "IPV6_VTI", "ip6_vti" },
};

/* The modules loaded now: built in, or in /sys/module. */
static void add_loaded_modules(struct unl_profile *p, const struct sources *s)
{
	for (size_t i = 0; i < sizeof(cat_module) / sizeof(cat_module[0]);
	     i++) {
		const struct cat_entry *m = &cat_module[i];

		if (kconfig_get(&s->kc, m->sym) == 'y' ||
		    modset_has(&s->builtin, m->module) || sys_module(m->module))
			profile_add(p, UNL_PROFILE_MODULE, m->name);
	}
}

/* net.core.fb_tunnels_only_for_init_net: a sysctl of the initial
 * namespace alone, read where the probe runs (absent elsewhere: 0). */
static void probe_fb_tunnels(struct unl_profile *p)
{
	sysctl_read(p, "core", "fb_tunnels_only_for_init_net");
}

int profile_probe_host(struct unl_profile *p)
{
	enum { NLINK = sizeof(cat_link) / sizeof(cat_link[0]) };
	struct sources s = { 0 };
	struct ns_probe np = { .p = p };
	struct unl_profile *full = NULL;
	bool kind_unknown[NLINK];
	struct utsname u;
	int err;

	err = unl_profile_load("full", &full, NULL, 0);
	if (err)
		return err;
	uname(&u);
	profile_set_name(p, "host");
	profile_set_kernel(p, u.release);
	find_sources(&s, u.release);
	profile_note(p, "probed from the running kernel %s", u.release);
	profile_note(p, "configuration: %s",
		     s.kc_path[0] ? s.kc_path : "none found");
	profile_note(p, "module lists: %s",
		     s.loadable.known ? "found" : "none found");

	add_catalogue(p, &s, UNL_PROFILE_LINK, cat_link, NLINK, full,
		      kind_unknown);
	np.src = &s;
	np.kind_unknown = kind_unknown;
	np.may_create = !s.kc.known && !s.builtin.known && !s.loadable.known;
	run_ns_probe(&np);
	profile_note(p, "sysctls: %s",
		     np.fresh ? "those of a new namespace"
			      : "those of the namespace the probe ran in");
	for (size_t i = 0; np.fresh && np.may_create && i < NLINK; i++) {
		if (!kind_unknown[i])
			continue;
		if (np.kind_made[i])
			profile_add(p, UNL_PROFILE_LINK, cat_link[i].name);
		else
			profile_remove(p, UNL_PROFILE_LINK, cat_link[i].name);
	}
#define CAT(c, t) add_catalogue(p, &s, c, t, sizeof(t) / sizeof(t[0]), full, NULL)
	CAT(UNL_PROFILE_QDISC, cat_qdisc);
	CAT(UNL_PROFILE_CLS, cat_cls);
	CAT(UNL_PROFILE_ACT, cat_act);
	CAT(UNL_PROFILE_XFRM, cat_xfrm);
	CAT(UNL_PROFILE_NFT, cat_nft);
	CAT(UNL_PROFILE_GENL, cat_genl);
	CAT(UNL_PROFILE_TCPCONG, cat_tcpcong);
	CAT(UNL_PROFILE_EMATCH, cat_ematch);
	CAT(UNL_PROFILE_IPVS, cat_ipvs);
#undef CAT
	add_tcpcong_registered(p);
	add_loaded_modules(p, &s);
	probe_fb_tunnels(p);
	add_features(p, &s, &np, full);
	add_algos(p);
	add_algo_templates(p, &s);
	unl_profile_unref(full);
	kconfig_free(&s.kc);
	modset_free(&s.builtin);
	modset_free(&s.loadable);
	return 0;
}
