// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nlctrl, the generic netlink controller (the "Controller" half of
 * net/netlink/genetlink.c): a family like the others, registered first
 * at GENL_ID_CTRL, that names the families (CTRL_CMD_GETFAMILY), dumps
 * their policies (CTRL_CMD_GETPOLICY) and announces families and groups
 * as they come and go on its "notify" group.
 *
 * What it writes when it describes itself must be the kernel's bytes, so
 * the order of attributes and the odd corners (unflagged nests, a nest
 * of type 0 for a command without a do half) follow Linux exactly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "core/internal.h"
#include "core/msg.h"
#include "core/policy.h"
#include "proto/genl/genl-private.h"

static struct genl_net *ctrl_net(struct unl_net *net)
{
	return genl_net_get(net);
}

/*
 * One family's description:
 *
 *  genlmsghdr cmd (NEWFAMILY/DELFAMILY), version 2
 *  FAMILY_NAME string, FAMILY_ID u16, VERSION, HDRSIZE, MAXATTR u32
 *  OPS             (unflagged nest)
 *  +-- 1..n        { OP_ID u32, OP_FLAGS u32 }
 *  MCAST_GROUPS    (unflagged nest)
 *  +-- 1..n        { MCAST_GRP_ID u32, MCAST_GRP_NAME string }
 */
static int ctrl_fill_info(struct genl_net *gn,
			  const struct unl_genl_family *family,
			  uint32_t portid, uint32_t seq, int flags,
			  struct unl_skb *skb, uint8_t cmd)
{
	const struct unl_genl_family *ctrl = genl_ctrl_family(gn);
	struct genl_op_iter i;
	/* Linux 6.2 (split ops) took HASPOL from the halves' policies; 6.1
	 * from the op's, also where its dump is not validated. */
	bool split_haspol = genl_release_at_least(gn, 602);
	void *hdr;

	hdr = unl_genlmsg_put(skb, portid, seq, ctrl, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	if (unl_nla_put_string(skb, CTRL_ATTR_FAMILY_NAME, family->name) ||
	    unl_nla_put_u16(skb, CTRL_ATTR_FAMILY_ID, family->id) ||
	    unl_nla_put_u32(skb, CTRL_ATTR_VERSION, family->version) ||
	    unl_nla_put_u32(skb, CTRL_ATTR_HDRSIZE, family->hdrsize) ||
	    unl_nla_put_u32(skb, CTRL_ATTR_MAXATTR, family->maxattr))
		goto nla_put_failure;

	if (genl_op_iter_init(family, &i)) {
		struct nlattr *nla_ops = nla_nest_start_noflag(skb,
							       CTRL_ATTR_OPS);

		if (!nla_ops)
			goto nla_put_failure;
		while (genl_op_iter_next(&i)) {
			uint32_t op_flags = i.flags;
			struct nlattr *nest;

			if (i.doit.policy || i.dumpit.policy ||
			    (i.full_policy && !split_haspol))
				op_flags |= GENL_CMD_CAP_HASPOL;
			nest = nla_nest_start_noflag(
				skb, (int)genl_op_iter_idx(&i));
			if (!nest ||
			    unl_nla_put_u32(skb, CTRL_ATTR_OP_ID, i.cmd) ||
			    unl_nla_put_u32(skb, CTRL_ATTR_OP_FLAGS, op_flags))
				goto nla_put_failure;
			unl_nla_nest_end(skb, nest);
		}
		unl_nla_nest_end(skb, nla_ops);
	}

	if (family->n_mcgrps) {
		struct nlattr *nla_grps =
			nla_nest_start_noflag(skb, CTRL_ATTR_MCAST_GROUPS);

		if (!nla_grps)
			goto nla_put_failure;
		for (unsigned int g = 0; g < family->n_mcgrps; g++) {
			struct nlattr *nest =
				nla_nest_start_noflag(skb, (int)g + 1);

			if (!nest ||
			    unl_nla_put_u32(skb, CTRL_ATTR_MCAST_GRP_ID,
					    family->mcgrp_offset + g) ||
			    unl_nla_put_string(skb, CTRL_ATTR_MCAST_GRP_NAME,
					       family->mcgrps[g].name))
				goto nla_put_failure;
			unl_nla_nest_end(skb, nest);
		}
		unl_nla_nest_end(skb, nla_grps);
	}

	unl_genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	unl_genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* One group's announcement: the family, and MCAST_GROUPS { 1 { group } }. */
static int ctrl_fill_mcgrp_info(const struct unl_genl_family *ctrl,
				const struct unl_genl_family *family,
				const struct unl_genl_multicast_group *grp,
				int grp_id, struct unl_skb *skb, uint8_t cmd)
{
	struct nlattr *nla_grps, *nest;
	void *hdr;

	hdr = unl_genlmsg_put(skb, 0, 0, ctrl, 0, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (unl_nla_put_string(skb, CTRL_ATTR_FAMILY_NAME, family->name) ||
	    unl_nla_put_u16(skb, CTRL_ATTR_FAMILY_ID, family->id))
		goto nla_put_failure;
	nla_grps = nla_nest_start_noflag(skb, CTRL_ATTR_MCAST_GROUPS);
	if (!nla_grps)
		goto nla_put_failure;
	nest = nla_nest_start_noflag(skb, 1);
	if (!nest ||
	    unl_nla_put_u32(skb, CTRL_ATTR_MCAST_GRP_ID, (uint32_t)grp_id) ||
	    unl_nla_put_string(skb, CTRL_ATTR_MCAST_GRP_NAME, grp->name))
		goto nla_put_failure;
	unl_nla_nest_end(skb, nest);
	unl_nla_nest_end(skb, nla_grps);
	unl_genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	unl_genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int genl_ctrl_event(struct genl_net *gn, int event,
		    const struct unl_genl_family *family,
		    const struct unl_genl_multicast_group *grp, int grp_id)
{
	const struct unl_genl_family *ctrl = genl_ctrl_family(gn);
	struct unl_skb *msg;
	int err;

	/* Replies of unknown size get a default-sized buffer, as in Linux,
	 * which is what the receiver is charged for. */
	msg = unl_nlmsg_new(UNL_NLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOBUFS;
	switch (event) {
	case CTRL_CMD_NEWFAMILY:
	case CTRL_CMD_DELFAMILY:
		err = ctrl_fill_info(gn, family, 0, 0, 0, msg,
				     (uint8_t)event);
		break;
	case CTRL_CMD_NEWMCAST_GRP:
	case CTRL_CMD_DELMCAST_GRP:
		err = ctrl_fill_mcgrp_info(ctrl, family, grp, grp_id, msg,
					   (uint8_t)event);
		break;
	default:
		err = -EINVAL;
	}
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	/* Every net hears of a family it can see: a family without
	 * netnsok only its home (Linux's init_net).  Nobody listening
	 * (-ESRCH) is no failure of the event. */
	if (family->netnsok)
		unl_genlmsg_multicast_allns(ctrl, msg, 0, 0);
	else
		unl_genlmsg_multicast_netns(ctrl, family->net, msg, 0, 0);
	return 0;
}

/* ---- CTRL_CMD_GETFAMILY ---- */

static const struct unl_nla_policy ctrl_policy_family[] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = UNL_NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { .type = UNL_NLA_NUL_STRING,
				    .len = GENL_NAMSIZ - 1 },
};

static int ctrl_getfamily(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct genl_net *gn = ctrl_net(info->net);
	const struct unl_genl_family *res = NULL;
	struct unl_skb *msg;
	int err = -EINVAL;

	(void)skb;
	if (info->attrs[CTRL_ATTR_FAMILY_ID]) {
		res = genl_family_find_byid(
			gn, unl_nla_get_u16(info->attrs[CTRL_ATTR_FAMILY_ID]));
		err = -ENOENT;
	}
	/* A name wins over an id; the policy guarantees its NUL. */
	if (info->attrs[CTRL_ATTR_FAMILY_NAME]) {
		res = genl_family_find_byname(
			gn, unl_nla_data(info->attrs[CTRL_ATTR_FAMILY_NAME]));
		err = -ENOENT;
	}
	if (!res)
		return err;
	/* The family does not exist in this net. */
	if (!genl_family_visible(gn, res))
		return -ENOENT;

	msg = unl_nlmsg_new(UNL_NLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOBUFS;
	err = ctrl_fill_info(gn, res, info->snd_portid,
			     info->snd_seq, 0, msg, CTRL_CMD_NEWFAMILY);
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	return unl_genlmsg_reply(msg, info);
}

static int ctrl_dumpfamily(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct genl_net *gn = ctrl_net(info->net);
	const struct unl_genl_family *rt;
	long n = 0, fams_to_skip = cb->args[0];
	int err = 0;

	/* Resume by count, as Linux does: a family registered meanwhile
	 * below the last one shown moves the rest by one. */
	for (unsigned int id = 0; (rt = genl_family_next(gn, &id)); id++) {
		if (!genl_family_visible(gn, rt))
			continue;
		if (n++ < fams_to_skip)
			continue;
		err = ctrl_fill_info(gn, rt,
				     unl_skb_cb(cb->skb)->portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, skb,
				     CTRL_CMD_NEWFAMILY);
		if (err) {
			n--;
			break;
		}
	}
	cb->args[0] = n;
	return err;
}

/* ---- CTRL_CMD_GETPOLICY ---- */

/* Resumable state of a policy dump, in cb->ctx. */
struct ctrl_dump_policy_ctx {
	struct policy_dump_state *state;
	struct genl_op_iter *op_iter;
	uint32_t op;
	uint16_t fam_id;
	bool dump_map;  /* still listing which op uses which policy */
	bool single_op; /* CTRL_ATTR_OP was given */
};

_Static_assert(sizeof(struct ctrl_dump_policy_ctx) <=
		       sizeof(((struct unl_callback *)0)->ctx),
	       "policy dump state must fit in cb->ctx");

static const struct unl_nla_policy ctrl_policy_policy[] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = UNL_NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { .type = UNL_NLA_NUL_STRING,
				    .len = GENL_NAMSIZ - 1 },
	[CTRL_ATTR_OP] = { .type = UNL_NLA_U32 },
};

static int ctrl_dumppolicy_start(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ctrl_dump_policy_ctx *ctx = (void *)cb->ctx;
	struct genl_net *gn = ctrl_net(info->net);
	const struct nlattr **tb = info->attrs;
	const struct unl_genl_family *rt;
	struct genl_op_iter i;
	int err = 0;

	if (!tb[CTRL_ATTR_FAMILY_ID] && !tb[CTRL_ATTR_FAMILY_NAME])
		return -EINVAL;
	if (tb[CTRL_ATTR_FAMILY_ID]) {
		ctx->fam_id = unl_nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	} else {
		rt = genl_family_find_byname(
			gn, unl_nla_data(tb[CTRL_ATTR_FAMILY_NAME]));
		if (!rt)
			return -ENOENT;
		ctx->fam_id = rt->id;
	}
	rt = genl_family_find_byid(gn, ctx->fam_id);
	if (!rt)
		return -ENOENT;

	if (tb[CTRL_ATTR_OP]) {
		struct unl_genl_split_ops doit, dump;

		ctx->single_op = true;
		ctx->op = unl_nla_get_u32(tb[CTRL_ATTR_OP]);
		err = genl_get_cmd_both(ctx->op, rt, &doit, &dump);
		if (err) {
			UNL_SET_BAD_ATTR(info->extack, tb[CTRL_ATTR_OP]);
			return err;
		}
		if (doit.policy)
			err = policy_dump_add_policy(&ctx->state, doit.policy,
						     doit.maxattr);
		if (!err && dump.policy)
			err = policy_dump_add_policy(&ctx->state, dump.policy,
						     dump.maxattr);
		if (err)
			goto err_free_state;
		if (!ctx->state)
			return -ENODATA;
		ctx->dump_map = true;
		return 0;
	}

	ctx->op_iter = malloc(sizeof(*ctx->op_iter));
	if (!ctx->op_iter)
		return -ENOMEM;
	genl_op_iter_init(rt, ctx->op_iter);
	ctx->dump_map = genl_op_iter_next(ctx->op_iter);

	for (genl_op_iter_init(rt, &i); !err && genl_op_iter_next(&i);) {
		if (i.doit.policy)
			err = policy_dump_add_policy(&ctx->state, i.doit.policy,
						     i.doit.maxattr);
		if (!err && i.dumpit.policy)
			err = policy_dump_add_policy(&ctx->state,
						     i.dumpit.policy,
						     i.dumpit.maxattr);
	}
	if (err)
		goto err_free_state;
	if (!ctx->state) {
		err = -ENODATA;
		goto err_free_op_iter;
	}
	return 0;

err_free_state:
	policy_dump_free(ctx->state);
	ctx->state = NULL;
err_free_op_iter:
	free(ctx->op_iter);
	ctx->op_iter = NULL;
	return err;
}

/*
 * A message of the dump, with the family id.  When the id does not fit,
 * Linux leaves the bare header behind, and so do we: the dump's bytes
 * must be the kernel's.
 */
static void *ctrl_dumppolicy_prep(struct unl_skb *skb,
				  struct unl_callback *cb,
				  const struct unl_genl_family *ctrl)
{
	struct ctrl_dump_policy_ctx *ctx = (void *)cb->ctx;
	void *hdr;

	hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
			      cb->nlh->nlmsg_seq, ctrl, NLM_F_MULTI,
			      CTRL_CMD_GETPOLICY);
	if (!hdr)
		return NULL;
	if (unl_nla_put_u16(skb, CTRL_ATTR_FAMILY_ID, ctx->fam_id))
		return NULL;
	return hdr;
}

/*
 * Which policies a command uses:
 *
 *  OP_POLICY { <doit cmd> { POLICY_DO idx, POLICY_DUMP idx } }
 *
 * The inner nest is typed with the do half's cmd, which is 0 for a
 * command without one (Linux 6.18's choice, kept for identical bytes);
 * older kernels typed it with the command (Debian's 6.1 and 6.12,
 * tests/clients/genl-6.1.expected and genl-6.12.expected).
 */
/* The first release writing 0: after 6.12, not pinned further. */
#define CTRL_DUMP_ONLY_OP_ZERO_SINCE 613

static uint8_t ctrl_dumppolicy_op_type(const struct unl_callback *cb,
				       const struct unl_genl_split_ops *doit,
				       const struct unl_genl_split_ops *dumpit)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);

	if (doit->cmd || genl_release_at_least(ctrl_net(info->net),
					       CTRL_DUMP_ONLY_OP_ZERO_SINCE))
		return doit->cmd;
	return dumpit->cmd;
}

static int ctrl_dumppolicy_put_op(struct unl_skb *skb,
				  struct unl_callback *cb,
				  const struct unl_genl_family *ctrl,
				  const struct unl_genl_split_ops *doit,
				  const struct unl_genl_split_ops *dumpit)
{
	struct ctrl_dump_policy_ctx *ctx = (void *)cb->ctx;
	struct nlattr *nest_pol, *nest_op;
	void *hdr;

	if (!doit->policy && !dumpit->policy)
		return 0;
	hdr = ctrl_dumppolicy_prep(skb, cb, ctrl);
	if (!hdr)
		return -ENOBUFS;
	nest_pol = unl_nla_nest_start(skb, CTRL_ATTR_OP_POLICY);
	if (!nest_pol)
		goto err;
	nest_op = unl_nla_nest_start(
		skb, ctrl_dumppolicy_op_type(cb, doit, dumpit));
	if (!nest_op)
		goto err;
	if (doit->policy &&
	    unl_nla_put_u32(skb, CTRL_ATTR_POLICY_DO,
			    (uint32_t)policy_dump_get_policy_idx(
				    ctx->state, doit->policy, doit->maxattr)))
		goto err;
	if (dumpit->policy &&
	    unl_nla_put_u32(skb, CTRL_ATTR_POLICY_DUMP,
			    (uint32_t)policy_dump_get_policy_idx(
				    ctx->state, dumpit->policy,
				    dumpit->maxattr)))
		goto err;
	unl_nla_nest_end(skb, nest_op);
	unl_nla_nest_end(skb, nest_pol);
	unl_genlmsg_end(skb, hdr);
	return 0;
err:
	unl_genlmsg_cancel(skb, hdr);
	return -ENOBUFS;
}

/*
 * First which op uses which policy, then every entry of every policy:
 *
 *  POLICY { <policy idx> { <attr type> { NL_POLICY_TYPE_ATTR_* } } }
 */
static int ctrl_dumppolicy(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ctrl_dump_policy_ctx *ctx = (void *)cb->ctx;
	struct genl_net *gn = ctrl_net(info->net);
	const struct unl_genl_family *ctrl = genl_ctrl_family(gn);
	const struct unl_genl_family *rt;
	void *hdr = NULL;

	/* The family described may have gone since the last buffer. */
	rt = genl_family_find_byid(gn, ctx->fam_id);
	if (!rt)
		return -ENOENT;

	if (ctx->dump_map) {
		if (ctx->single_op) {
			struct unl_genl_split_ops doit, dumpit;

			if (genl_get_cmd_both(ctx->op, rt, &doit, &dumpit))
				return -ENOENT;
			if (ctrl_dumppolicy_put_op(skb, cb, ctrl, &doit,
						   &dumpit))
				return (int)unl_skb_len(skb);
			ctx->dump_map = false;
		}
		while (ctx->dump_map) {
			ctx->op_iter->family = rt;
			if (ctrl_dumppolicy_put_op(skb, cb, ctrl,
						   &ctx->op_iter->doit,
						   &ctx->op_iter->dumpit))
				return (int)unl_skb_len(skb);
			ctx->dump_map = genl_op_iter_next(ctx->op_iter);
		}
	}

	while (policy_dump_loop(ctx->state)) {
		struct nlattr *nest;

		hdr = ctrl_dumppolicy_prep(skb, cb, ctrl);
		if (!hdr)
			goto nla_put_failure;
		nest = unl_nla_nest_start(skb, CTRL_ATTR_POLICY);
		if (!nest)
			goto nla_put_failure;
		if (policy_dump_write(skb, ctx->state))
			goto nla_put_failure;
		unl_nla_nest_end(skb, nest);
		unl_genlmsg_end(skb, hdr);
	}
	return (int)unl_skb_len(skb);

nla_put_failure:
	unl_genlmsg_cancel(skb, hdr);
	return (int)unl_skb_len(skb);
}

static int ctrl_dumppolicy_done(struct unl_callback *cb)
{
	struct ctrl_dump_policy_ctx *ctx = (void *)cb->ctx;

	free(ctx->op_iter);
	ctx->op_iter = NULL;
	policy_dump_free(ctx->state);
	ctx->state = NULL;
	return 0;
}

static const struct unl_genl_split_ops genl_ctrl_ops[] = {
	{
		.cmd = CTRL_CMD_GETFAMILY,
		.validate = UNL_GENL_DONT_VALIDATE_STRICT,
		.policy = ctrl_policy_family,
		.maxattr = CTRL_ATTR_FAMILY_NAME,
		.doit = ctrl_getfamily,
		.flags = GENL_CMD_CAP_DO,
		.since = 602,
	},
	{
		.cmd = CTRL_CMD_GETFAMILY,
		.validate = UNL_GENL_DONT_VALIDATE_DUMP,
		.policy = ctrl_policy_family,
		.maxattr = CTRL_ATTR_FAMILY_NAME,
		.dumpit = ctrl_dumpfamily,
		.flags = GENL_CMD_CAP_DUMP,
		.since = 602,
	},
	{
		.cmd = CTRL_CMD_GETPOLICY,
		.policy = ctrl_policy_policy,
		.maxattr = CTRL_ATTR_OP,
		.start = ctrl_dumppolicy_start,
		.dumpit = ctrl_dumppolicy,
		.done = ctrl_dumppolicy_done,
		.flags = GENL_CMD_CAP_DUMP,
		.since = 602,
	},
};

/* Before Linux 6.2 made them split ops: GETFAMILY's dump without a
 * policy (GETPOLICY lists only the do's). */
static const struct unl_genl_ops genl_ctrl_full_ops[] = {
	{
		.cmd = CTRL_CMD_GETFAMILY,
		.validate = UNL_GENL_DONT_VALIDATE_STRICT |
			    UNL_GENL_DONT_VALIDATE_DUMP,
		.policy = ctrl_policy_family,
		.maxattr = CTRL_ATTR_FAMILY_NAME,
		.doit = ctrl_getfamily,
		.dumpit = ctrl_dumpfamily,
		.until = 602,
	},
	{
		.cmd = CTRL_CMD_GETPOLICY,
		.policy = ctrl_policy_policy,
		.maxattr = CTRL_ATTR_OP,
		.start = ctrl_dumppolicy_start,
		.dumpit = ctrl_dumppolicy,
		.done = ctrl_dumppolicy_done,
		.until = 602,
	},
};

static const struct unl_genl_multicast_group genl_ctrl_groups[] = {
	{ .name = "notify" },
};

void genl_ctrl_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, "nlctrl");
	family->version = 0x2;
	family->netnsok = true;
	family->resv_start_op = CTRL_CMD_GETPOLICY + 1;
	family->ops = genl_ctrl_full_ops;
	family->n_ops = sizeof(genl_ctrl_full_ops) /
			sizeof(genl_ctrl_full_ops[0]);
	family->split_ops = genl_ctrl_ops;
	family->n_split_ops = sizeof(genl_ctrl_ops) / sizeof(genl_ctrl_ops[0]);
	family->mcgrps = genl_ctrl_groups;
	family->n_mcgrps = 1;
}
