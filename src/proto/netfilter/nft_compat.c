// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NFNL_SUBSYS_NFT_COMPAT: the xtables extension lookups of iptables-nft
 * (net/netfilter/nft_compat.c, nfnl_compat_get_rcu).  Before it uses an
 * extension, iptables-nft asks whether the kernel has it at a revision;
 * the answer carries the highest revision the kernel has.
 *
 * Which extensions a kernel has depends on its modules.  The catalogue
 * here holds those that come with x_tables and ip_tables/ip6_tables
 * themselves; any other name is unknown (ENOENT), as on a kernel built
 * without its module (docs/conformance.md).  The xt match and target
 * expressions are not modelled yet.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nfnetlink.h"

#define NFT_COMPAT_NAME_MAX_ 32

/* One xtables extension: a match or a target, the families it is
 * registered for (a bit per NFPROTO_*) and its highest revision. */
struct xt_ext {
	const char *name;
	bool target;
	uint32_t families;
	uint8_t max_rev;
};

#define FAM(f) (1u << (f))

static const struct xt_ext xt_builtin[] = {
	/* xt_tcpudp */
	{ "tcp", false, FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6), 0 },
	{ "udp", false, FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6), 0 },
	{ "udplite", false, FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6), 0 },
	/* ip_tables, ip6_tables */
	{ "icmp", false, FAM(NFPROTO_IPV4), 0 },
	{ "icmp6", false, FAM(NFPROTO_IPV6), 0 },
	/* the standard target (verdicts) and ERROR, of every xt table */
	{ "", true, FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6) | FAM(NFPROTO_ARP),
	  0 },
	{ "ERROR", true,
	  FAM(NFPROTO_IPV4) | FAM(NFPROTO_IPV6) | FAM(NFPROTO_ARP), 0 },
};

/* xt_find_revision(): 0 and the best revision in *best, -ENOENT for
 * an unknown extension, -EPROTONOSUPPORT for a revision it lacks. */
static int xt_find_revision(uint8_t family, const char *name, uint32_t rev,
			    bool target, int *best)
{
	for (size_t i = 0; i < sizeof(xt_builtin) / sizeof(xt_builtin[0]); i++) {
		const struct xt_ext *x = &xt_builtin[i];

		if (x->target != target || strcmp(x->name, name) ||
		    !(x->families & FAM(family)))
			continue;
		*best = x->max_rev;
		return rev <= x->max_rev ? 0 : -EPROTONOSUPPORT;
	}
	return -ENOENT;
}

static const struct unl_nla_policy nfnl_compat_policy[NFTA_COMPAT_MAX + 1] = {
	[NFTA_COMPAT_NAME] = { .type = UNL_NLA_NUL_STRING,
			       .len = NFT_COMPAT_NAME_MAX_ - 1 },
	[NFTA_COMPAT_REV] = { .type = UNL_NLA_U32 },
	[NFTA_COMPAT_TYPE] = { .type = UNL_NLA_U32 },
};

static int nfnl_compat_fill_info(struct unl_skb *skb, uint32_t portid,
				 uint32_t seq, uint8_t family,
				 const char *name, int rev, uint32_t target)
{
	struct nlmsghdr *nlh = nfnl_msg_put(
		skb, portid, seq,
		(uint16_t)(NFNL_SUBSYS_NFT_COMPAT << 8 | NFNL_MSG_COMPAT_GET),
		portid ? NLM_F_MULTI : 0, family, NFNETLINK_V0, 0);

	if (!nlh)
		return -1;
	if (unl_nla_put_string(skb, NFTA_COMPAT_NAME, name) ||
	    unl_nla_put_u32(skb, NFTA_COMPAT_REV, htonl((uint32_t)rev)) ||
	    unl_nla_put_u32(skb, NFTA_COMPAT_TYPE, htonl(target))) {
		unl_nlmsg_cancel(skb, nlh);
		return -1;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int nfnl_compat_get(struct unl_skb *skb, const struct nfnl_info *info,
			   const struct nlattr *const tb[])
{
	uint8_t family = info->nfmsg->nfgen_family;
	char name[NFT_COMPAT_NAME_MAX_];
	uint32_t rev, target;
	struct unl_skb *skb2;
	int best = 0, err;

	if (!tb[NFTA_COMPAT_NAME] || !tb[NFTA_COMPAT_REV] ||
	    !tb[NFTA_COMPAT_TYPE])
		return -EINVAL;
	unl_nla_strscpy(name, tb[NFTA_COMPAT_NAME], sizeof(name));
	rev = ntohl(unl_nla_get_u32(tb[NFTA_COMPAT_REV]));
	target = ntohl(unl_nla_get_u32(tb[NFTA_COMPAT_TYPE]));
	switch (family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_BRIDGE:
	case NFPROTO_ARP:
		break;
	default:
		return -EINVAL;
	}
	err = xt_find_revision(family, name, rev, target != 0, &best);
	if (err < 0)
		return err;
	skb2 = unl_nlmsg_new(256);
	if (!skb2)
		return -ENOMEM;
	if (nfnl_compat_fill_info(skb2, unl_skb_cb(skb)->portid,
				  info->nlh->nlmsg_seq, family, name, best,
				  target) < 0) {
		unl_skb_free(skb2);
		return -ENOSPC;
	}
	return nfnl_unicast(info->nn, skb2, unl_skb_cb(skb)->portid);
}

static const struct nfnl_callback nfnl_nft_compat_cb[NFNL_MSG_COMPAT_MAX] = {
	[NFNL_MSG_COMPAT_GET] = { .call = nfnl_compat_get,
				  .type = NFNL_CB_RCU,
				  .attr_count = NFTA_COMPAT_MAX,
				  .policy = nfnl_compat_policy },
};

/* nft_compat comes with the match and target expressions. */
static bool nft_compat_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE, "NF_TABLES") &&
	       unl_profile_has(p, UNL_PROFILE_NFT, "match");
}

const struct nfnl_subsystem nft_compat_subsys = {
	.name = "nft-compat",
	.subsys_id = NFNL_SUBSYS_NFT_COMPAT,
	.cb_count = NFNL_MSG_COMPAT_MAX,
	.cb = nfnl_nft_compat_cb,
	.offered = nft_compat_offered,
};
