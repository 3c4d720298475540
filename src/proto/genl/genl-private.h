/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What genetlink.c shares with the controller (ctrl.c), like
 * net/netlink/genetlink.h in Linux.  Not installed.
 */
#ifndef UNETLINK_PROTO_GENL_PRIVATE_H
#define UNETLINK_PROTO_GENL_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <unetlink/genl.h>

/* The per-net state of generic netlink (net->genl_sock, the running
 * dumps); the family idr and the group ids, which Linux keeps global,
 * are the world's. */
struct genl_net;

struct genl_net *genl_net_get(struct unl_net *net);

/* Lookups: NULL when absent.  name is NUL-terminated. */
struct unl_genl_family *genl_family_find_byid(struct genl_net *gn,
					      unsigned int id);
struct unl_genl_family *genl_family_find_byname(struct genl_net *gn,
						const char *name);
/* A family without netnsok exists in its home net only (Linux's
 * init_net); one with netnsok in every net of the world. */
bool genl_family_visible(const struct genl_net *gn,
			 const struct unl_genl_family *family);
/* The registered family with the smallest id >= *id, which is updated;
 * NULL past the last (idr_for_each_entry). */
struct unl_genl_family *genl_family_next(struct genl_net *gn,
					 unsigned int *id);

/*
 * Walking a family's commands (struct genl_op_iter): each step gives one
 * command with its do and dump halves resolved (the zeroed op when a
 * half is missing), as nlctrl lists them.
 */
struct genl_op_iter {
	const struct unl_genl_family *family;
	struct unl_genl_split_ops doit;
	struct unl_genl_split_ops dumpit;
	int cmd_idx;
	int entry_idx;
	uint32_t cmd;
	uint8_t flags;
	/* An op of the family's (full) ops with a policy of its own or
	 * the family's, whatever its halves validate. */
	bool full_policy;
};

/* false when the family has no commands at all */
bool genl_op_iter_init(const struct unl_genl_family *family,
		       struct genl_op_iter *iter);
bool genl_op_iter_next(struct genl_op_iter *iter);
static inline unsigned int genl_op_iter_idx(const struct genl_op_iter *iter)
{
	return (unsigned int)iter->cmd_idx;
}

/* genl_get_cmd_both(): both halves of cmd, -ENOENT when neither exists
 * (each missing half is zeroed). */
int genl_get_cmd_both(uint32_t cmd, const struct unl_genl_family *family,
		      struct unl_genl_split_ops *doit,
		      struct unl_genl_split_ops *dumpit);

/*
 * Families served by another process, the daemon's side
 * (src/daemon/family.c): register family, whose requests are validated
 * here as for any family and then handed to relay() (with the net
 * locked) instead of its doit/dumpit, which must exist but are never
 * called.  relay returns what netlink_rcv_skb should see: -EINTR when the
 * answer and ACK come later.  Returns the id or -errno.
 */
typedef int (*genl_relay_fn)(struct unl_skb *skb, struct unl_genl_info *info,
			     bool dump);
int genl_register_relayed(struct unl_net *net, struct unl_genl_family *family,
			  genl_relay_fn relay);

/*
 * The serving process's side (src/service/service.c): in a world of its
 * own, whose genl senders (unl_genlmsg_unicast/_reply/_multicast*,
 * unl_genl_notify) hand their message to these instead of sockets, with
 * the net it was sent in (NULL: every net, unl_genlmsg_multicast_allns).
 * Both consume skb.  genl_net_set_out() loads net's generic netlink and
 * sets ops for its whole world.
 */
enum { GENL_OUT_EXCLUDE, GENL_OUT_NOTIFY, GENL_OUT_ECHO };
struct genl_out_ops {
	int (*unicast)(void *user, struct unl_net *net, struct unl_skb *skb,
		       uint32_t portid);
	int (*multicast)(void *user, struct unl_net *net,
			 const struct unl_genl_family *family,
			 struct unl_skb *skb, uint32_t portid,
			 unsigned int group, int how);
};
int genl_net_set_out(struct unl_net *net, const struct genl_out_ops *ops,
		     void *user);

/* Whether the kernel the world's families follow (the profile of its
 * first net with generic netlink) is of release since or later
 * (unl_profile_at_least()). */
bool genl_release_at_least(const struct genl_net *gn, int since);

/* ---- ctrl.c ---- */
/* Fill in nlctrl's family description (before its registration). */
void genl_ctrl_family_init(struct unl_genl_family *family);
/* genl_ctrl_event(): CTRL_CMD_{NEW,DEL}FAMILY (grp NULL) or
 * CTRL_CMD_{NEW,DEL}MCAST_GRP on nlctrl's "notify" group. */
int genl_ctrl_event(struct genl_net *gn, int event,
		    const struct unl_genl_family *family,
		    const struct unl_genl_multicast_group *grp, int grp_id);
/* The nlctrl family of this net. */
const struct unl_genl_family *genl_ctrl_family(struct genl_net *gn);

/* ---- proto/route/ethnl.c ---- */
/* Fill in the "ethtool" family's description (before its
 * registration); it is the world's, as nlctrl is. */
void ethnl_family_init(struct unl_genl_family *family);
/* ---- proto/route/tcp_metrics.c, mptcp_pm.c, seg6.c, ioam6.c ---- */
/* Fill in the other built-in families' descriptions. */
void tcp_metrics_family_init(struct unl_genl_family *family);
void seg6_family_init(struct unl_genl_family *family);
void mptcp_pm_family_init(struct unl_genl_family *family);
void ioam6_family_init(struct unl_genl_family *family);
/* ---- proto/genl/taskstats.c ---- */
void taskstats_family_init(struct unl_genl_family *family);
/* ---- proto/genl/net_dm.c, handshake.c ---- */
/* What drop monitoring keeps for the machine (drop_monitor.c's
 * globals), the world's: the NET_DM family's priv. */
struct net_dm_state {
	bool trace_on, monitor_hw;
	uint8_t alert_mode;
	uint32_t trunc_len, queue_len;
};
void net_dm_state_init(struct net_dm_state *state);
void net_dm_family_init(struct unl_genl_family *family);
void handshake_family_init(struct unl_genl_family *family);
/* ---- proto/genl/devlink.c ---- */
void devlink_family_init(struct unl_genl_family *family);
/* The ops of the profile's release, in ops (the world's storage). */
#define DEVLINK_N_SPLIT_OPS 74
struct unl_profile;
void devlink_family_follow(struct unl_genl_family *family,
			   struct unl_genl_split_ops *ops,
			   const struct unl_profile *p);

/* The "ethtool" family as registered for net's world, NULL when net
 * has no generic netlink loaded; its priv is the world's broadcast
 * sequence counter (uint32_t). */
const struct unl_genl_family *genl_ethtool_family(struct unl_net *net);

/* ---- proto/route/netdev_genl.c ---- */
/* The "netdev" family's description (before its registration), and the
 * family as registered for net's world (NULL: none). */
void netdev_nl_family_init(struct unl_genl_family *family);
const struct unl_genl_family *genl_netdev_family(struct unl_net *net);

/* ---- proto/netfilter/ip_vs_ctl.c ---- */
/* The "IPVS" family's description, registered where the profile has
 * the ip_vs module. */
void ipvs_family_init(struct unl_genl_family *family);

/* ---- proto/route/link/wireguard.c ---- */
/* The "wireguard" family's description, the same way. */
void wg_genl_family_init(struct unl_genl_family *family);

#endif
