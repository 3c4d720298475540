// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "NET_DM" generic netlink family (net/core/drop_monitor.c): drop
 * monitoring, where the profile has it.  Nothing is ever dropped here,
 * so there is nothing to report: monitoring starts and stops, the
 * configuration is kept and read back, the statistics count no drop,
 * and no alert is ever sent to the "events" group.
 *
 * Drop monitoring is the machine's (the module's globals), so its
 * state is the world's (struct net_dm_state, the family's priv); the
 * family is not netnsok, as in Linux: only the world's home net (Linux's
 * init_net) sees it.  Its "events" group keeps group id 1, which
 * genetlink.c reserves for it.
 */
#include <errno.h>
#include <string.h>

#include <linux/net_dropmon.h>

#include <unetlink/profile.h>

#include "proto/genl/genl-private.h"

/* NL_SET_ERR_MSG_MOD() prefixes the module's name. */
#define NET_DM_MSG(extack, msg) UNL_SET_ERR_MSG(extack, "drop_monitor: " msg)

static const struct unl_nla_policy net_dm_nl_policy[NET_DM_ATTR_MAX + 1] = {
	[NET_DM_ATTR_UNSPEC] = { .strict_start_type = NET_DM_ATTR_UNSPEC + 1 },
	[NET_DM_ATTR_ALERT_MODE] = { .type = UNL_NLA_U8 },
	[NET_DM_ATTR_TRUNC_LEN] = { .type = UNL_NLA_U32 },
	[NET_DM_ATTR_QUEUE_LEN] = { .type = UNL_NLA_U32 },
	[NET_DM_ATTR_SW_DROPS] = { .type = UNL_NLA_FLAG },
	[NET_DM_ATTR_HW_DROPS] = { .type = UNL_NLA_FLAG },
};

static const struct unl_genl_multicast_group net_dm_mcgrps[] = {
	{ .name = "events", .flags = UNL_GENL_MCAST_CAP_SYS_ADMIN },
};

static struct net_dm_state *net_dm_state(const struct unl_genl_info *info)
{
	return info->family->priv;
}

/* set_all_monitor_traces(): the probes on kfree_skb() and napi_poll(),
 * which here see nothing. */
static int net_dm_sw_set(struct net_dm_state *st, bool on,
			 struct unl_ext_ack *extack)
{
	if (st->trace_on == on) {
		NET_DM_MSG(extack, "Trace state already set to requested state");
		return -EAGAIN;
	}
	st->trace_on = on;
	return 0;
}

/* net_dm_hw_monitor_start(): the probe on devlink's trap reports, which
 * a kernel without devlink does not have. */
static int net_dm_hw_start(struct net_dm_state *st,
			   const struct unl_genl_info *info)
{
	if (st->monitor_hw) {
		NET_DM_MSG(info->extack, "Hardware monitoring already enabled");
		return -EAGAIN;
	}
	if (!unl_profile_has(unl_net_profile(info->net), UNL_PROFILE_FEATURE,
			     "NET_DEVLINK")) {
		NET_DM_MSG(info->extack,
			   "Failed to connect probe to devlink_trap_probe() tracepoint");
		return -EOPNOTSUPP;
	}
	st->monitor_hw = true;
	return 0;
}

/* net_dm_cmd_trace(): software drops when neither kind is named. */
static int net_dm_trace_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct net_dm_state *st = net_dm_state(info);
	bool sw = info->attrs[NET_DM_ATTR_SW_DROPS];
	bool hw = info->attrs[NET_DM_ATTR_HW_DROPS];
	int err;

	(void)skb;
	if (!sw && !hw)
		sw = true;
	if (info->genlhdr->cmd == NET_DM_CMD_STOP) {
		/* net_dm_monitor_stop(): what was not running stays so,
		 * with a warning, and the stop succeeds. */
		if (hw && !st->monitor_hw)
			NET_DM_MSG(info->extack,
				   "Hardware monitoring already disabled");
		st->monitor_hw = hw ? false : st->monitor_hw;
		if (sw)
			net_dm_sw_set(st, false, info->extack);
		return 0;
	}
	if (sw) {
		err = net_dm_sw_set(st, true, info->extack);
		if (err)
			return err;
	}
	if (hw) {
		err = net_dm_hw_start(st, info);
		if (err && sw)
			net_dm_sw_set(st, false, info->extack);
		return err;
	}
	return 0;
}

/* net_dm_cmd_config(): nothing changes while monitoring; an alert mode
 * is checked before anything is kept. */
static int net_dm_config_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct net_dm_state *st = net_dm_state(info);
	const struct nlattr *mode = info->attrs[NET_DM_ATTR_ALERT_MODE];
	const struct nlattr *trunc = info->attrs[NET_DM_ATTR_TRUNC_LEN];
	const struct nlattr *queue = info->attrs[NET_DM_ATTR_QUEUE_LEN];

	(void)skb;
	if (st->trace_on || st->monitor_hw) {
		NET_DM_MSG(info->extack,
			   "Cannot configure drop monitor during monitoring");
		return -EBUSY;
	}
	if (mode) {
		uint8_t m = unl_nla_get_u8(mode);

		if (m != NET_DM_ALERT_MODE_SUMMARY &&
		    m != NET_DM_ALERT_MODE_PACKET) {
			NET_DM_MSG(info->extack, "Invalid alert mode");
			return -EINVAL;
		}
		st->alert_mode = m;
	}
	if (trunc)
		st->trunc_len = unl_nla_get_u32(trunc);
	if (queue)
		st->queue_len = unl_nla_get_u32(queue);
	return 0;
}

/* A reply of command cmd to the requester, its attributes written by
 * fill (-EMSGSIZE when they do not fit): the frame that
 * net_dm_cmd_config_get() and net_dm_cmd_stats_get() share. */
static int net_dm_reply(struct unl_genl_info *info, uint8_t cmd,
			int (*fill)(struct unl_skb *msg,
				    const struct net_dm_state *st))
{
	struct unl_skb *msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0, cmd);
	if (!hdr || fill(msg, net_dm_state(info))) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

/* net_dm_config_fill() */
static int net_dm_config_fill(struct unl_skb *msg,
			      const struct net_dm_state *st)
{
	if (unl_nla_put_u8(msg, NET_DM_ATTR_ALERT_MODE, st->alert_mode) ||
	    unl_nla_put_u32(msg, NET_DM_ATTR_TRUNC_LEN, st->trunc_len) ||
	    unl_nla_put_u32(msg, NET_DM_ATTR_QUEUE_LEN, st->queue_len))
		return -EMSGSIZE;
	return 0;
}

static int net_dm_config_get_doit(struct unl_skb *skb,
				  struct unl_genl_info *info)
{
	(void)skb;
	return net_dm_reply(info, NET_DM_CMD_CONFIG_NEW, net_dm_config_fill);
}

/* net_dm_stats_put(), net_dm_hw_stats_put(): no drop. */
static int net_dm_stats_put(struct unl_skb *msg, int type)
{
	struct nlattr *nest = unl_nla_nest_start(msg, type);

	if (!nest || unl_nla_put_u64(msg, NET_DM_ATTR_STATS_DROPPED, 0,
					   NET_DM_ATTR_PAD))
		return -EMSGSIZE;
	unl_nla_nest_end(msg, nest);
	return 0;
}

/* net_dm_stats_fill() */
static int net_dm_stats_fill(struct unl_skb *msg,
			     const struct net_dm_state *st)
{
	(void)st;
	if (net_dm_stats_put(msg, NET_DM_ATTR_STATS) ||
	    net_dm_stats_put(msg, NET_DM_ATTR_HW_STATS))
		return -EMSGSIZE;
	return 0;
}

static int net_dm_stats_get_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	(void)skb;
	return net_dm_reply(info, NET_DM_CMD_STATS_NEW, net_dm_stats_fill);
}

#define NET_DM_NO_STRICT                                                   \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)

/* dropmon_ops[] */
static const struct unl_genl_ops net_dm_ops[] = {
	{ .cmd = NET_DM_CMD_CONFIG, .validate = NET_DM_NO_STRICT,
	  .doit = net_dm_config_doit, .flags = GENL_ADMIN_PERM },
	{ .cmd = NET_DM_CMD_START, .validate = NET_DM_NO_STRICT,
	  .doit = net_dm_trace_doit, .flags = GENL_ADMIN_PERM },
	{ .cmd = NET_DM_CMD_STOP, .validate = NET_DM_NO_STRICT,
	  .doit = net_dm_trace_doit, .flags = GENL_ADMIN_PERM },
	{ .cmd = NET_DM_CMD_CONFIG_GET, .doit = net_dm_config_get_doit },
	{ .cmd = NET_DM_CMD_STATS_GET, .doit = net_dm_stats_get_doit },
};

void net_dm_state_init(struct net_dm_state *state)
{
	memset(state, 0, sizeof(*state));
	state->alert_mode = NET_DM_ALERT_MODE_SUMMARY;
	state->queue_len = 1000;
}

void net_dm_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, "NET_DM");
	family->version = 2;
	family->maxattr = NET_DM_ATTR_MAX;
	family->policy = net_dm_nl_policy;
	family->resv_start_op = NET_DM_CMD_STATS_GET + 1;
	family->ops = net_dm_ops;
	family->n_ops = sizeof(net_dm_ops) / sizeof(net_dm_ops[0]);
	family->mcgrps = net_dm_mcgrps;
	family->n_mcgrps = 1;
}
