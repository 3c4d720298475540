// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nfnetlink_hook (net/netfilter/nfnetlink_hook.c, NFNL_SUBSYS_HOOK): the
 * functions on one netfilter hook of the net, in the order packets meet
 * them, one NFNL_MSG_HOOK_GET message each, for `nft list hooks`.  Only
 * a dump is answered.  The request names the hook: the family in the
 * nfgenmsg, NFNLA_HOOK_HOOKNUM, and for NFPROTO_NETDEV the device
 * (NFNLA_HOOK_DEV).  What is on the hooks is nf_tables_hooks.c's.
 *
 * Each message: the module and the function (what "%ps" prints of the
 * hook function, split), the hook number (an inet chain's ingress is
 * NF_NETDEV_INGRESS), the priority, and for nf_tables' chains (from
 * Linux 6.17 flowtables too) the table, name and family.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_hook.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>
#include <net/if.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_tables.h"
#include "proto/netfilter/nfnetlink.h"

static const struct unl_nla_policy nfnl_hook_policy[NFNLA_HOOK_MAX + 1] = {
	[NFNLA_HOOK_HOOKNUM] = { .type = UNL_NLA_U32 },
	[NFNLA_HOOK_PRIORITY] = { .type = UNL_NLA_U32 },
	[NFNLA_HOOK_DEV] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ - 1 },
	[NFNLA_HOOK_FUNCTION_NAME] = { .type = UNL_NLA_NUL_STRING,
				       .len = 512 }, /* KSYM_NAME_LEN */
	[NFNLA_HOOK_MODULE_NAME] = { .type = UNL_NLA_NUL_STRING,
				     .len = 56 }, /* MODULE_NAME_LEN */
	[NFNLA_HOOK_CHAIN_INFO] = { .type = UNL_NLA_NESTED },
};

/* The dump's state (struct nfnl_dump_hook_data, and cb->args[0]). */
struct nfnl_hook_dump {
	char devname[IFNAMSIZ];
	uint8_t hook;
	uint8_t family;
	uint32_t done; /* hooks sent */
};
_Static_assert(sizeof(struct nfnl_hook_dump) <=
		       sizeof(((struct unl_callback *)0)->ctx),
	       "fits the callback's state");

/* The hooks of one hook, collected, then sorted as Linux keeps them. */
struct nfnl_hook_list {
	struct nf_hook_desc *d;
	size_t n, cap;
};

static int nfnl_hook_collect(const struct nf_hook_desc *d, void *arg)
{
	struct nfnl_hook_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct nf_hook_desc *nd = realloc(l->d, cap * sizeof(*nd));

		if (!nd)
			return -ENOMEM;
		l->d = nd;
		l->cap = cap;
	}
	l->d[l->n++] = *d;
	return 0;
}

/* By priority; among equals the one registered last first. */
static int nfnl_hook_cmp(const void *a, const void *b)
{
	const struct nf_hook_desc *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->stamp != y->stamp)
		return x->stamp > y->stamp ? -1 : 1;
	return 0;
}

/* AppArmor's hook (apparmor_nf_ip_init()), in every net of a machine
 * whose LSM it is: on IPv4's and IPv6's postrouting. */
static int nfnl_hook_lsm(struct nfnl_net *nn, uint8_t pf, uint32_t hook,
			 struct nfnl_hook_list *l)
{
	static const struct nf_hook_desc apparmor = {
		.priority = NF_IP_PRI_SELINUX_FIRST,
		.func = "apparmor_ip_postroute",
	};

	if ((pf != NFPROTO_IPV4 && pf != NFPROTO_IPV6) ||
	    hook != NF_INET_POST_ROUTING ||
	    !unl_profile_has(unl_net_profile(nfnl_net_net(nn)),
			     UNL_PROFILE_FEATURE, "SECURITY_APPARMOR"))
		return 0;
	return nfnl_hook_collect(&apparmor, l);
}

/* nfnl_hook_entries_head(): -errno for a hook or device that is not
 * there; 0 with the list (empty when nothing is on the hook). */
static int nfnl_hook_entries(struct nfnl_net *nn, uint8_t pf, uint32_t hook,
			     const char *dev, struct nfnl_hook_list *l)
{
	struct nft_net *nft = nfnl_subsys_priv(nn, NFNL_SUBSYS_NFTABLES);
	int err;

	switch (pf) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_BRIDGE:
		if (hook >= NF_INET_NUMHOOKS)
			return -EINVAL;
		break;
	case NFPROTO_ARP:
		if (hook >= NF_ARP_NUMHOOKS)
			return -EINVAL;
		break;
	case NFPROTO_NETDEV:
		if (hook >= NF_NETDEV_NUMHOOKS)
			return -EOPNOTSUPP;
		if (!dev[0] || !unl_dev_ifindex(nfnl_net_net(nn), dev))
			return -ENODEV;
		break;
	default:
		return -EPROTONOSUPPORT;
	}
	err = nfnl_hook_lsm(nn, pf, hook, l);
	if (!err && nft)
		err = nft_hooks_visit(nft, pf, hook, dev, nfnl_hook_collect,
				      l);
	if (err)
		return err;
	if (l->n)
		qsort(l->d, l->n, sizeof(*l->d), nfnl_hook_cmp);
	return 0;
}

static int nfnl_hook_put_info(struct unl_skb *skb, const struct nf_hook_desc *d)
{
	struct nlattr *nest, *desc;

	nest = unl_nla_nest_start(skb, NFNLA_HOOK_CHAIN_INFO);
	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, NFNLA_HOOK_INFO_TYPE, htonl(d->info_type)))
		goto cancel;
	desc = unl_nla_nest_start(skb, NFNLA_HOOK_INFO_DESC);
	if (!desc || unl_nla_put_string(skb, NFNLA_CHAIN_TABLE, d->table) ||
	    unl_nla_put_string(skb, NFNLA_CHAIN_NAME, d->name) ||
	    unl_nla_put_u8(skb, NFNLA_CHAIN_FAMILY, d->family))
		goto cancel;
	unl_nla_nest_end(skb, desc);
	unl_nla_nest_end(skb, nest);
	return 0;
cancel:
	unl_nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* nfnl_hook_dump_one() */
static int nfnl_hook_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
			  uint8_t family, uint32_t hooknum,
			  const struct nf_hook_desc *d)
{
	struct nlmsghdr *nlh;

	nlh = nfnl_msg_put(skb, portid, seq,
			   NFNL_SUBSYS_HOOK << 8 | NFNL_MSG_HOOK_GET,
			   NLM_F_MULTI, family, NFNETLINK_V0, 0);
	if (!nlh)
		return -EMSGSIZE;
	if ((d->module &&
	     unl_nla_put_string(skb, NFNLA_HOOK_MODULE_NAME, d->module)) ||
	    unl_nla_put_string(skb, NFNLA_HOOK_FUNCTION_NAME, d->func) ||
	    unl_nla_put_u32(skb, NFNLA_HOOK_HOOKNUM, htonl(hooknum)) ||
	    unl_nla_put_u32(skb, NFNLA_HOOK_PRIORITY,
			    htonl((uint32_t)d->priority)) ||
	    (d->info_type && nfnl_hook_put_info(skb, d))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

static int nfnl_hook_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct nfnl_hook_dump *hd = (struct nfnl_hook_dump *)cb->ctx;
	struct nfnl_hook_list l = { .d = NULL };
	int err;

	err = nfnl_hook_entries(cb->data, hd->family, hd->hook, hd->devname,
				&l);
	/* a device gone, or nothing more: the dump moved (Linux compares
	 * its list's head as well, which commits in between replace) */
	if (err || (l.n && hd->done >= l.n))
		cb->seq++;
	for (; !err && hd->done < l.n; hd->done++)
		if (nfnl_hook_fill(skb, unl_skb_cb(cb->skb)->portid,
				   cb->nlh->nlmsg_seq, hd->family, hd->hook,
				   &l.d[hd->done]))
			break;
	unl_dump_check_consistent(cb, (struct nlmsghdr *)unl_skb_data(skb));
	free(l.d);
	return (int)unl_skb_len(skb);
}

/* nfnl_hook_dump_start(): the hook, and the errors of one that is not
 * there. */
static int nfnl_hook_dump_start(struct unl_callback *cb)
{
	struct nfnl_hook_dump *hd = (struct nfnl_hook_dump *)cb->ctx;
	const struct nfgenmsg *nfmsg = NLMSG_DATA(cb->nlh);
	const struct nlattr *tb[NFNLA_HOOK_MAX + 1];
	struct nfnl_hook_list l = { .d = NULL };
	uint32_t hooknum;
	int err;

	err = unl_nlmsg_parse(cb->nlh, sizeof(struct nfgenmsg), tb,
			      NFNLA_HOOK_MAX, nfnl_hook_policy,
			      UNL_VALIDATE_LIBERAL, NULL);
	if (err < 0)
		return err;
	hooknum = ntohl(unl_nla_get_u32(tb[NFNLA_HOOK_HOOKNUM]));
	if (hooknum > 255)
		return -EINVAL;
	memset(hd, 0, sizeof(*hd));
	if (nfmsg->nfgen_family == NFPROTO_NETDEV) {
		if (!tb[NFNLA_HOOK_DEV])
			return -EINVAL;
		unl_nla_strscpy(hd->devname, tb[NFNLA_HOOK_DEV],
				sizeof(hd->devname));
	}
	err = nfnl_hook_entries(cb->data, nfmsg->nfgen_family, hooknum,
				hd->devname, &l);
	free(l.d);
	if (err)
		return err;
	hd->hook = (uint8_t)hooknum;
	hd->family = nfmsg->nfgen_family;
	cb->seq = 1;
	return 0;
}

static int nfnl_hook_get(struct unl_skb *skb, const struct nfnl_info *info,
			 const struct nlattr *const nla[])
{
	if (!nla[NFNLA_HOOK_HOOKNUM])
		return -EINVAL;
	if (info->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct unl_dump_control c = {
			.start = nfnl_hook_dump_start,
			.dump = nfnl_hook_dump,
			.data = info->nn,
			.extack = info->extack,
		};

		return unl_dump_start(info->sk, skb, info->nlh, &c);
	}
	return -EOPNOTSUPP;
}

static const struct nfnl_callback nfnl_hook_cb[NFNL_MSG_HOOK_MAX] = {
	[NFNL_MSG_HOOK_GET] = { .call = nfnl_hook_get,
				.type = NFNL_CB_RCU,
				.attr_count = NFNLA_HOOK_MAX,
				.policy = nfnl_hook_policy },
};

static bool nfnl_hook_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE,
			       "NETFILTER_NETLINK_HOOK");
}

const struct nfnl_subsystem nfnl_hook_subsys = {
	.name = "nfhook",
	.subsys_id = NFNL_SUBSYS_HOOK,
	.cb_count = NFNL_MSG_HOOK_MAX,
	.cb = nfnl_hook_cb,
	.offered = nfnl_hook_offered,
};
