// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * More of nft_compat's catalogue (nft_compat.h): the xtables matches
 * physdev, hashlimit and recent that iptables-nft emits, the ebtables
 * extensions ebtables-nft keeps in compat expressions (among, limit,
 * log, nflog, mark, pkttype, ip, ip6, vlan, stp, 802_3, dnat, snat,
 * redirect, arpreply) and arptables-nft's mangle and CLASSIFY targets,
 * each with its checkentry as Linux has it.  No packet flows: a
 * hashlimit or recent table is only a name here.
 */
#include <errno.h>
#include <string.h>

#include <net/if.h> /* before <linux/if.h>, which the headers below use */
#include <netinet/in.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/netfilter/xt_CLASSIFY.h>
#include <linux/netfilter/xt_hashlimit.h>
#include <linux/netfilter/xt_physdev.h>
#include <linux/netfilter/xt_recent.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_arp/arpt_mangle.h>
#include <linux/netfilter_bridge/ebt_among.h>
#include <linux/netfilter_bridge/ebt_arp.h>
#include <linux/netfilter_bridge/ebt_arpreply.h>
#include <linux/netfilter_bridge/ebt_ip.h>
#include <linux/netfilter_bridge/ebt_ip6.h>
#include <linux/netfilter_bridge/ebt_limit.h>
#include <linux/netfilter_bridge/ebt_log.h>
#include <linux/netfilter_bridge/ebt_mark_t.h>
#include <linux/netfilter_bridge/ebt_nat.h>
#include <linux/netfilter_bridge/ebt_nflog.h>
#include <linux/netfilter_bridge/ebt_pkttype.h>
#include <linux/netfilter_bridge/ebt_redirect.h>
#include <linux/netfilter_bridge/ebt_stp.h>
#include <linux/netfilter_bridge/ebt_vlan.h>
#include <linux/netfilter_bridge/ebt_802_3.h>
#include <linux/netfilter_bridge/ebtables.h>

#include "core/internal.h"
#include "proto/netfilter/nft_compat.h"

#define FBR FAM(NFPROTO_BRIDGE)

/* ---- x_tables matches ---- */

/* physdev_mt_check(): some option, none unknown, and the output
 * bridge port only where it is known (not from OUTPUT unless bridged) */
static int physdev_check(const struct xt_check *par)
{
	const struct xt_physdev_info *i = par->info;

	if (!(i->bitmask & XT_PHYSDEV_OP_MASK) ||
	    (i->bitmask & ~XT_PHYSDEV_OP_MASK))
		return -EINVAL;
	if ((i->bitmask & (XT_PHYSDEV_OP_OUT | XT_PHYSDEV_OP_ISOUT)) &&
	    (!(i->bitmask & XT_PHYSDEV_OP_BRIDGED) ||
	     (i->invert & XT_PHYSDEV_OP_BRIDGED)) &&
	    (par->hook_mask & HOOK(LOCAL_OUT)))
		return -EINVAL;
	return 0;
}

/* xt_check_proc_name(): the name of a table's /proc file */
static int proc_name_check(const char *name, size_t size)
{
	size_t n = strnlen(name, size);

	if (n == 0 || n == size)
		return n ? -ENAMETOOLONG : -EINVAL;
	if (!strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return -EINVAL;
	return 0;
}

/* hashlimit_mt_check_common(): a gc interval and an expiry, masks of
 * the family, a name for /proc, known modes */
static int hashlimit_common(const struct xt_check *par, const char *name,
			    size_t name_size, uint32_t mode, uint32_t gc,
			    uint32_t expire, uint8_t srcmask, uint8_t dstmask,
			    uint32_t modes)
{
	uint8_t host = par->family == NFPROTO_IPV4 ? 32 : 128;
	int err;

	if (gc == 0 || expire == 0)
		return -EINVAL;
	if (srcmask > host || dstmask > host)
		return -EINVAL;
	err = proc_name_check(name, name_size);
	if (err < 0)
		return err;
	return mode & ~modes ? -EINVAL : 0;
}

#define HL_MODES_V1                                                          \
	(XT_HASHLIMIT_HASH_DIP | XT_HASHLIMIT_HASH_DPT |                    \
	 XT_HASHLIMIT_HASH_SIP | XT_HASHLIMIT_HASH_SPT |                    \
	 XT_HASHLIMIT_INVERT | XT_HASHLIMIT_BYTES)

static int hashlimit_v1_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo1 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	return hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				i->cfg.gc_interval, i->cfg.expire,
				i->cfg.srcmask, i->cfg.dstmask, HL_MODES_V1);
}

static int hashlimit_v2_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo2 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	return hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				i->cfg.gc_interval, i->cfg.expire,
				i->cfg.srcmask, i->cfg.dstmask, HL_MODES_V1);
}

static int hashlimit_v3_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo3 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	/* a rate match measures over an interval */
	if ((i->cfg.mode & XT_HASHLIMIT_RATE_MATCH) && i->cfg.interval == 0)
		return -EINVAL;
	return hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				i->cfg.gc_interval, i->cfg.expire,
				i->cfg.srcmask, i->cfg.dstmask,
				HL_MODES_V1 | XT_HASHLIMIT_RATE_MATCH);
}

#define RECENT_MAX_NSTAMPS 65536 /* XT_RECENT_MAX_NSTAMPS */

/* recent_mt_check(): one action, modifiers only for a check or update,
 * --reap with --seconds, a hit count below the stamps kept, a name */
static int recent_check(const struct xt_check *par)
{
	const struct xt_recent_mtinfo *i = par->info;
	uint8_t act = i->check_set & (XT_RECENT_SET | XT_RECENT_REMOVE |
				      XT_RECENT_CHECK | XT_RECENT_UPDATE);

	if (i->check_set & ~XT_RECENT_VALID_FLAGS)
		return -EINVAL;
	if (__builtin_popcount(act) != 1)
		return -EINVAL;
	if ((i->check_set & (XT_RECENT_SET | XT_RECENT_REMOVE)) &&
	    (i->seconds || i->hit_count ||
	     (i->check_set & XT_RECENT_MODIFIERS)))
		return -EINVAL;
	if ((i->check_set & XT_RECENT_REAP) && !i->seconds)
		return -EINVAL;
	if (i->hit_count >= RECENT_MAX_NSTAMPS)
		return -EINVAL;
	return proc_name_check(i->name, sizeof(i->name));
}

/* ---- ebtables ---- */

/* ebt_invalid_target(): a standard verdict of ebtables */
static bool ebt_bad_target(int t)
{
	return t < -NUM_STANDARD_TARGETS || t >= 0;
}

/* The entry's protocol (the compat attribute holds ebt_entry's
 * big-endian ethproto as it is in memory) and whether it is inverted */
static bool ebt_proto_is(const struct xt_check *par, uint16_t eth)
{
	return par->proto == htons(eth) && !par->inv;
}

/* ebt_among_mt_check(): the destination and source MAC tables where
 * their offsets say, filling the info exactly */
static int among_check(const struct xt_check *par)
{
	const struct ebt_among_info *i = par->info;
	const struct ebt_mac_wormhash *dst = NULL, *src = NULL;
	size_t want = sizeof(*i);

	if (par->size < want)
		return -EINVAL;
	if (i->wh_dst_ofs) {
		if (i->wh_dst_ofs < 0 ||
		    (size_t)i->wh_dst_ofs + sizeof(*dst) > par->size)
			return -EINVAL;
		dst = (const void *)((const char *)i + i->wh_dst_ofs);
		if (dst->poolsize < 0 || dst->poolsize > 257 * 64)
			return -EINVAL;
		want += ebt_mac_wormhash_size(dst);
	}
	if (want > par->size)
		return -EINVAL;
	if (i->wh_src_ofs) {
		if (i->wh_src_ofs < 0 || (size_t)i->wh_src_ofs < want ||
		    (size_t)i->wh_src_ofs + sizeof(*src) > par->size)
			return -EINVAL;
		src = (const void *)((const char *)i + i->wh_src_ofs);
		if (src->poolsize < 0 || src->poolsize > 257 * 64)
			return -EINVAL;
		want += ebt_mac_wormhash_size(src);
	}
	return par->size != XT_ALIGN(want) ? -EINVAL : 0;
}

/* ebt_limit_mt_check(): the burst's credit must not overflow */
static uint32_t ebt_credits(uint64_t user, uint32_t hz)
{
	uint64_t cpj = 0xFFFFFFFFu / ((uint64_t)hz * 60 * 60 * 24), p2 = 1;

	while (p2 * 2 <= cpj)
		p2 *= 2;
	return (uint32_t)(user * hz * p2 / EBT_LIMIT_SCALE);
}

static int ebt_limit_check(const struct xt_check *par)
{
	const struct ebt_limit_info *i = par->info;
	const struct unl_net *net = par->ctx->nft->net;
	uint32_t hz = net->hz > 0 ? (uint32_t)net->hz : 250;

	if (i->burst == 0 ||
	    ebt_credits((uint32_t)(i->avg * i->burst), hz) <
		    ebt_credits(i->avg, hz))
		return -EINVAL;
	return 0;
}

/* ebt_log_tg_check(): known flags, a syslog level; the prefix ends */
static int ebt_log_check(const struct xt_check *par)
{
	struct ebt_log_info *i = par->info;

	if (i->bitmask & ~EBT_LOG_MASK)
		return -EINVAL;
	if (i->loglevel >= 8)
		return -EINVAL;
	i->prefix[EBT_LOG_PREFIX_SIZE - 1] = '\0';
	return 0;
}

/* ebt_nflog_tg_check() */
static int ebt_nflog_check(const struct xt_check *par)
{
	struct ebt_nflog_info *i = par->info;

	if (i->flags & ~EBT_NFLOG_MASK)
		return -EINVAL;
	i->prefix[EBT_NFLOG_PREFIX_SIZE - 1] = '\0';
	return 0;
}

/* ebt_mark_tg_check(): a verdict and one of the four operations */
static int ebt_mark_check(const struct xt_check *par)
{
	const struct ebt_mark_t_info *i = par->info;
	int op = i->target & ~EBT_VERDICT_BITS;

	if (ebt_bad_target(i->target | ~EBT_VERDICT_BITS))
		return -EINVAL;
	if ((uint32_t)op != MARK_SET_VALUE && (uint32_t)op != MARK_OR_VALUE &&
	    (uint32_t)op != MARK_AND_VALUE && (uint32_t)op != MARK_XOR_VALUE)
		return -EINVAL;
	return 0;
}

/* ebt_pkttype_mt_check() */
static int ebt_pkttype_check(const struct xt_check *par)
{
	const struct ebt_pkttype_info *i = par->info;

	return i->invert != 0 && i->invert != 1 ? -EINVAL : 0;
}

static bool ebt_port_proto(uint8_t p)
{
	return p == IPPROTO_TCP || p == IPPROTO_UDP || p == IPPROTO_UDPLITE ||
	       p == IPPROTO_SCTP || p == IPPROTO_DCCP;
}

/* ebt_ip_mt_check(): an IPv4 entry; ports for a protocol with them,
 * in order */
static int ebt_ip_check(const struct xt_check *par)
{
	const struct ebt_ip_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_IP))
		return -EINVAL;
	if ((i->bitmask & ~EBT_IP_MASK) || (i->invflags & ~EBT_IP_MASK))
		return -EINVAL;
	if (i->bitmask & (EBT_IP_DPORT | EBT_IP_SPORT)) {
		if (i->invflags & EBT_IP_PROTO)
			return -EINVAL;
		if (!ebt_port_proto(i->protocol))
			return -EINVAL;
	}
	if ((i->bitmask & EBT_IP_DPORT) && i->dport[0] > i->dport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP_SPORT) && i->sport[0] > i->sport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP_ICMP) &&
	    ((i->invflags & EBT_IP_PROTO) || i->protocol != IPPROTO_ICMP ||
	     i->icmp_type[0] > i->icmp_type[1] ||
	     i->icmp_code[0] > i->icmp_code[1]))
		return -EINVAL;
	if ((i->bitmask & EBT_IP_IGMP) &&
	    ((i->invflags & EBT_IP_PROTO) || i->protocol != IPPROTO_IGMP ||
	     i->igmp_type[0] > i->igmp_type[1]))
		return -EINVAL;
	return 0;
}

/* ebt_ip6_mt_check() */
static int ebt_ip6_check(const struct xt_check *par)
{
	const struct ebt_ip6_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_IPV6))
		return -EINVAL;
	if ((i->bitmask & ~EBT_IP6_MASK) || (i->invflags & ~EBT_IP6_MASK))
		return -EINVAL;
	if (i->bitmask & (EBT_IP6_DPORT | EBT_IP6_SPORT)) {
		if (i->invflags & EBT_IP6_PROTO)
			return -EINVAL;
		if (!ebt_port_proto(i->protocol))
			return -EINVAL;
	}
	if ((i->bitmask & EBT_IP6_DPORT) && i->dport[0] > i->dport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP6_SPORT) && i->sport[0] > i->sport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP6_ICMP6) &&
	    ((i->invflags & EBT_IP6_PROTO) || i->protocol != IPPROTO_ICMPV6 ||
	     i->icmpv6_type[0] > i->icmpv6_type[1] ||
	     i->icmpv6_code[0] > i->icmpv6_code[1]))
		return -EINVAL;
	return 0;
}

/* ebt_arp_mt_check(): an ARP or RARP entry, known options */
static int ebt_arp_check(const struct xt_check *par)
{
	const struct ebt_arp_info *i = par->info;

	if ((!ebt_proto_is(par, ETH_P_ARP) && !ebt_proto_is(par, ETH_P_RARP)))
		return -EINVAL;
	if ((i->bitmask & ~EBT_ARP_MASK) || (i->invflags & ~EBT_ARP_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_vlan_mt_check(): an 802.1Q entry, an ID up to 4096 (with one,
 * the priority is dropped: 802.1Q says to ignore it), a priority of
 * three bits, an encapsulated protocol of Ethernet II */
static int ebt_vlan_check(const struct xt_check *par)
{
	struct ebt_vlan_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_8021Q))
		return -EINVAL;
	if ((i->bitmask & ~EBT_VLAN_MASK) || (i->invflags & ~EBT_VLAN_MASK))
		return -EINVAL;
	if ((i->bitmask & EBT_VLAN_ID) && i->id) {
		if (i->id > 4096)
			return -EINVAL;
		i->bitmask &= (uint8_t)~EBT_VLAN_PRIO;
	}
	if ((i->bitmask & EBT_VLAN_PRIO) && i->prio > 7)
		return -EINVAL;
	if ((i->bitmask & EBT_VLAN_ENCAP) && ntohs(i->encap) < ETH_ZLEN)
		return -EINVAL;
	return 0;
}

/* ebt_stp_mt_check(): some known option (under nft_compat the
 * destination MAC is not asked for) */
static int ebt_stp_check(const struct xt_check *par)
{
	const struct ebt_stp_info *i = par->info;

	if ((i->bitmask & ~EBT_STP_MASK) || (i->invflags & ~EBT_STP_MASK) ||
	    !(i->bitmask & EBT_STP_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_802_3_mt_check() */
static int ebt_802_3_check(const struct xt_check *par)
{
	const struct ebt_802_3_info *i = par->info;

	if ((i->bitmask & ~EBT_802_3_MASK) || (i->invflags & ~EBT_802_3_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_dnat_tg_check(): a verdict, from nat's PREROUTING or OUTPUT or
 * broute's BROUTING */
static int ebt_dnat_check(const struct xt_check *par)
{
	const struct ebt_nat_info *i = par->info;
	const char *table = par->ctx->table->name;
	uint32_t hooks = par->hook_mask;

	if ((strcmp(table, "nat") ||
	     (hooks & ~((1u << NF_BR_PRE_ROUTING) | (1u << NF_BR_LOCAL_OUT)))) &&
	    (strcmp(table, "broute") || (hooks & ~(1u << NF_BR_BROUTING))))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ebt_snat_tg_check(): a verdict, perhaps with NAT_ARP_BIT */
static int ebt_snat_check(const struct xt_check *par)
{
	const struct ebt_nat_info *i = par->info;
	int t = i->target | ~EBT_VERDICT_BITS;

	if (ebt_bad_target(t))
		return -EINVAL;
	t = i->target | EBT_VERDICT_BITS;
	return (t & ~NAT_ARP_BIT) != ~NAT_ARP_BIT ? -EINVAL : 0;
}

/* ebt_redirect_tg_check() */
static int ebt_redirect_check(const struct xt_check *par)
{
	const struct ebt_redirect_info *i = par->info;
	const char *table = par->ctx->table->name;
	uint32_t hooks = par->hook_mask;

	if ((strcmp(table, "nat") || (hooks & ~(1u << NF_BR_PRE_ROUTING))) &&
	    (strcmp(table, "broute") || (hooks & ~(1u << NF_BR_BROUTING))))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ebt_arpreply_tg_check(): ARP entries only */
static int ebt_arpreply_check(const struct xt_check *par)
{
	const struct ebt_arpreply_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_ARP))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ---- arptables ---- */

/* checkentry() of arpt_mangle: something to mangle, a verdict */
static int arpt_mangle_check(const struct xt_check *par)
{
	const struct arpt_mangle *m = par->info;

	if ((m->flags & ~ARPT_MANGLE_MASK) || !(m->flags & ARPT_MANGLE_MASK))
		return -EINVAL;
	if (m->target != NF_DROP && m->target != NF_ACCEPT &&
	    m->target != (int)XT_CONTINUE)
		return -EINVAL;
	return 0;
}

/* ---- the catalogue ---- */

#define BRHOOK(h) (1u << NF_BR_##h)

const struct xt_ext xt_catalogue_ext[] = {
	MATCH("physdev", 0, FALL, "NETFILTER_XT_MATCH_PHYSDEV",
	      sizeof(struct xt_physdev_info), .check = physdev_check),
	MATCH("hashlimit", 1, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo1),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo1, hinfo),
	      .check = hashlimit_v1_check),
	MATCH("hashlimit", 2, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo2),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo2, hinfo),
	      .check = hashlimit_v2_check),
	MATCH("hashlimit", 3, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo3),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo3, hinfo),
	      .check = hashlimit_v3_check),
	MATCH("recent", 0, F4 | F6, "NETFILTER_XT_MATCH_RECENT",
	      sizeof(struct xt_recent_mtinfo), .check = recent_check),
	MATCH("recent", 1, F4 | F6, "NETFILTER_XT_MATCH_RECENT",
	      sizeof(struct xt_recent_mtinfo_v1), .check = recent_check),
	/* ebtables */
	MATCH("among", 0, FBR, "BRIDGE_EBT_AMONG", 0, .variable = true,
	      .check = among_check),
	MATCH("limit", 0, FBR, "BRIDGE_EBT_LIMIT",
	      sizeof(struct ebt_limit_info),
	      .usersize = offsetof(struct ebt_limit_info, prev),
	      .check = ebt_limit_check),
	MATCH("pkttype", 0, FBR, "BRIDGE_EBT_PKTTYPE",
	      sizeof(struct ebt_pkttype_info), .check = ebt_pkttype_check),
	MATCH("ip", 0, FBR, "BRIDGE_EBT_IP", sizeof(struct ebt_ip_info),
	      .check = ebt_ip_check),
	MATCH("ip6", 0, FBR, "BRIDGE_EBT_IP6", sizeof(struct ebt_ip6_info),
	      .check = ebt_ip6_check),
	MATCH("arp", 0, FBR, "BRIDGE_EBT_ARP", sizeof(struct ebt_arp_info),
	      .check = ebt_arp_check),
	MATCH("vlan", 0, FBR, "BRIDGE_EBT_VLAN", sizeof(struct ebt_vlan_info),
	      .check = ebt_vlan_check),
	MATCH("stp", 0, FBR, "BRIDGE_EBT_STP", sizeof(struct ebt_stp_info),
	      .check = ebt_stp_check),
	MATCH("802_3", 0, FBR, "BRIDGE_EBT_802_3",
	      sizeof(struct ebt_802_3_info), .check = ebt_802_3_check),
	TARGET("log", 0, FBR, "BRIDGE_EBT_LOG", sizeof(struct ebt_log_info),
	       .check = ebt_log_check),
	TARGET("nflog", 0, FBR, "BRIDGE_EBT_NFLOG",
	       sizeof(struct ebt_nflog_info), .check = ebt_nflog_check),
	TARGET("mark", 0, FBR, "BRIDGE_EBT_MARK_T",
	       sizeof(struct ebt_mark_t_info), .check = ebt_mark_check),
	/* the nat targets' hooks bind the base chains that reach them */
	TARGET("dnat", 0, FBR, "BRIDGE_EBT_DNAT", sizeof(struct ebt_nat_info),
	       .hooks = BRHOOK(PRE_ROUTING) | BRHOOK(LOCAL_OUT) |
			BRHOOK(BROUTING),
	       .check = ebt_dnat_check),
	TARGET("snat", 0, FBR, "BRIDGE_EBT_SNAT", sizeof(struct ebt_nat_info),
	       .table = "nat", .hooks = BRHOOK(POST_ROUTING),
	       .check = ebt_snat_check),
	TARGET("redirect", 0, FBR, "BRIDGE_EBT_REDIRECT",
	       sizeof(struct ebt_redirect_info),
	       .hooks = BRHOOK(PRE_ROUTING) | BRHOOK(BROUTING),
	       .check = ebt_redirect_check),
	TARGET("arpreply", 0, FBR, "BRIDGE_EBT_ARPREPLY",
	       sizeof(struct ebt_arpreply_info), .table = "nat",
	       .hooks = BRHOOK(PRE_ROUTING), .check = ebt_arpreply_check),
	/* arptables */
	TARGET("mangle", 0, FARP, "IP_NF_ARP_MANGLE",
	       sizeof(struct arpt_mangle), .check = arpt_mangle_check),
	TARGET("CLASSIFY", 0, FALL, "NETFILTER_XT_TARGET_CLASSIFY",
	       sizeof(struct xt_classify_target_info),
	       .hooks = HOOK(LOCAL_OUT) | HOOK(FORWARD) | HOOK(POST_ROUTING)),
	TARGET("CLASSIFY", 0, FARP, "NETFILTER_XT_TARGET_CLASSIFY",
	       sizeof(struct xt_classify_target_info),
	       .hooks = (1u << NF_ARP_OUT) | (1u << NF_ARP_FORWARD)),
};

const size_t xt_catalogue_ext_count =
	sizeof(xt_catalogue_ext) / sizeof(xt_catalogue_ext[0]);
