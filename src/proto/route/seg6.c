// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "SEG6" generic netlink family (net/ipv6/seg6.c): the source
 * address of SRv6 encapsulation (the tunnel source), per net, and the
 * HMAC keys, which a kernel without CONFIG_IPV6_SEG6_HMAC (the host's
 * and the model's) refuses with ENOTSUPP.
 *
 * The family is the world's, netnsok, registered with nlctrl
 * (genetlink.c); its policy is family-wide, and no request is parsed
 * strictly, as Linux's.
 */
#include <errno.h>
#include <string.h>

#include <linux/seg6_genl.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/route-private.h"

/* ENOTSUPP: the kernel-internal "not supported" (524). */
#define SEG6_ENOTSUPP 524

static const struct unl_nla_policy seg6_policy[] = {
	[SEG6_ATTR_DST] = UNL_NLA_POLICY_EXACT_LEN(16),
	[SEG6_ATTR_DSTLEN] = { .type = UNL_NLA_S32 },
	[SEG6_ATTR_HMACKEYID] = { .type = UNL_NLA_U32 },
	[SEG6_ATTR_SECRET] = { .type = UNL_NLA_BINARY },
	[SEG6_ATTR_SECRETLEN] = { .type = UNL_NLA_U8 },
	[SEG6_ATTR_ALGID] = { .type = UNL_NLA_U8 },
	[SEG6_ATTR_HMACINFO] = { .type = UNL_NLA_NESTED },
};

static int seg6_sethmac_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb, (void)info;
	return -SEG6_ENOTSUPP;
}

static int seg6_dumphmac(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)skb, (void)cb;
	return -SEG6_ENOTSUPP;
}

/* seg6_genl_set_tunsrc(): the net's tunnel source. */
static int seg6_set_tunsrc_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	const struct nlattr *dst = info->attrs[SEG6_ATTR_DST];

	(void)skb;
	if (!dst)
		return -EINVAL;
	if (!rn)
		return -ENOMEM;
	memcpy(rn->seg6_tunsrc, unl_nla_data(dst), 16);
	return 0;
}

/* seg6_genl_get_tunsrc(): "::" until one is set. */
static int seg6_get_tunsrc_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct unl_skb *msg;
	void *hdr;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0,
				    SEG6_CMD_GET_TUNSRC);
	if (!hdr || unl_nla_put(msg, SEG6_ATTR_DST, 16, rn->seg6_tunsrc)) {
		unl_skb_free(msg);
		return -ENOMEM;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

#define SEG6_NO_STRICT                                                     \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)

static const struct unl_genl_ops seg6_ops[] = {
	{ .cmd = SEG6_CMD_SETHMAC, .validate = SEG6_NO_STRICT,
	  .doit = seg6_sethmac_doit, .flags = GENL_ADMIN_PERM },
	{ .cmd = SEG6_CMD_DUMPHMAC, .validate = SEG6_NO_STRICT,
	  .dumpit = seg6_dumphmac, .flags = GENL_ADMIN_PERM },
	{ .cmd = SEG6_CMD_SET_TUNSRC, .validate = SEG6_NO_STRICT,
	  .doit = seg6_set_tunsrc_doit, .flags = GENL_ADMIN_PERM },
	{ .cmd = SEG6_CMD_GET_TUNSRC, .validate = SEG6_NO_STRICT,
	  .doit = seg6_get_tunsrc_doit, .flags = GENL_ADMIN_PERM },
};

void seg6_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, SEG6_GENL_NAME);
	family->version = SEG6_GENL_VERSION;
	family->maxattr = SEG6_ATTR_MAX;
	family->policy = seg6_policy;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = SEG6_CMD_GET_TUNSRC + 1;
	family->ops = seg6_ops;
	family->n_ops = sizeof(seg6_ops) / sizeof(seg6_ops[0]);
}
