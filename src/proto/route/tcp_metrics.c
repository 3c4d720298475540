// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "tcp_metrics" generic netlink family (net/ipv4/tcp_metrics.c):
 * the per-destination TCP metrics cache.  No connection is ever made
 * here, so the cache stays empty: a dump lists nothing, a lookup or
 * deletion of an address finds nothing (ESRCH), a flush succeeds.
 *
 * The family is the world's, netnsok, registered with nlctrl
 * (genetlink.c); its policy is family-wide, as Linux's.
 */
#include <errno.h>
#include <string.h>

#include <linux/tcp_metrics.h>

#include "proto/genl/genl-private.h"

static const struct unl_nla_policy tcp_metrics_policy[] = {
	[TCP_METRICS_ATTR_ADDR_IPV4] = { .type = UNL_NLA_U32 },
	[TCP_METRICS_ATTR_ADDR_IPV6] = UNL_NLA_POLICY_EXACT_LEN(16),
	[TCP_METRICS_ATTR_SADDR_IPV4] = { .type = UNL_NLA_U32 },
	[TCP_METRICS_ATTR_SADDR_IPV6] = UNL_NLA_POLICY_EXACT_LEN(16),
	[TCP_METRICS_ATTR_MAX] = { .type = UNL_NLA_UNSPEC },
};

/* Before the source addresses were checked ("validate source addr
 * length", Linux 6.5; Debian's 6.1.192 has no SADDR_IPV6 entry, its
 * 6.12 has both as here), IPv6 addresses were binaries of at most 16
 * bytes and SADDR_IPV6 any attribute. */
#define TCP_METRICS_EXACT_ADDR_SINCE 605
static const struct unl_nla_policy tcp_metrics_policy_61[] = {
	[TCP_METRICS_ATTR_ADDR_IPV4] = { .type = UNL_NLA_U32 },
	[TCP_METRICS_ATTR_ADDR_IPV6] = { .type = UNL_NLA_BINARY, .len = 16 },
	[TCP_METRICS_ATTR_SADDR_IPV4] = { .type = UNL_NLA_U32 },
	[TCP_METRICS_ATTR_MAX] = { .type = UNL_NLA_UNSPEC },
};

/* parse_nl_addr(): the destination asked for; 1 when none is given
 * and that is allowed (a flush), else EAFNOSUPPORT. */
static int tcp_metrics_addr(const struct unl_genl_info *info, bool optional)
{
	if (info->attrs[TCP_METRICS_ATTR_ADDR_IPV4] ||
	    info->attrs[TCP_METRICS_ATTR_ADDR_IPV6])
		return 0;
	return optional ? 1 : -EAFNOSUPPORT;
}

/* tcp_metrics_nl_cmd_get(): nothing cached matches. */
static int tcp_metrics_get_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	int err = tcp_metrics_addr(info, false);

	(void)skb;
	return err ? err : -ESRCH;
}

/* tcp_metrics_nl_dump(): no entries. */
static int tcp_metrics_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)skb, (void)cb;
	return 0;
}

/* tcp_metrics_nl_cmd_del(): a flush of the empty cache succeeds, an
 * address finds nothing. */
static int tcp_metrics_del_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	int err = tcp_metrics_addr(info, true);

	(void)skb;
	if (err < 0)
		return err;
	return err == 1 ? 0 : -ESRCH;
}

#define TCP_METRICS_NO_STRICT                                              \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)

static const struct unl_genl_ops tcp_metrics_ops[] = {
	{ .cmd = TCP_METRICS_CMD_GET, .validate = TCP_METRICS_NO_STRICT,
	  .doit = tcp_metrics_get_doit, .dumpit = tcp_metrics_dumpit,
	  .policy = tcp_metrics_policy_61, .maxattr = TCP_METRICS_ATTR_MAX,
	  .until = TCP_METRICS_EXACT_ADDR_SINCE },
	{ .cmd = TCP_METRICS_CMD_DEL, .validate = TCP_METRICS_NO_STRICT,
	  .doit = tcp_metrics_del_doit, .flags = GENL_ADMIN_PERM,
	  .policy = tcp_metrics_policy_61, .maxattr = TCP_METRICS_ATTR_MAX,
	  .until = TCP_METRICS_EXACT_ADDR_SINCE },
	{ .cmd = TCP_METRICS_CMD_GET, .validate = TCP_METRICS_NO_STRICT,
	  .doit = tcp_metrics_get_doit, .dumpit = tcp_metrics_dumpit,
	  .since = TCP_METRICS_EXACT_ADDR_SINCE },
	{ .cmd = TCP_METRICS_CMD_DEL, .validate = TCP_METRICS_NO_STRICT,
	  .doit = tcp_metrics_del_doit, .flags = GENL_ADMIN_PERM,
	  .since = TCP_METRICS_EXACT_ADDR_SINCE },
};

void tcp_metrics_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, TCP_METRICS_GENL_NAME);
	family->version = TCP_METRICS_GENL_VERSION;
	family->maxattr = TCP_METRICS_ATTR_MAX;
	family->policy = tcp_metrics_policy;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = TCP_METRICS_CMD_DEL + 1;
	family->ops = tcp_metrics_ops;
	family->n_ops = sizeof(tcp_metrics_ops) / sizeof(tcp_metrics_ops[0]);
}
