// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_GENERIC: the family registry, request dispatch, dumps and
 * multicast groups of generic netlink (net/netlink/genetlink.c).  The
 * controller, nlctrl, is a family like any other and lives in ctrl.c.
 *
 * Linux keeps one registry for the whole machine; here each world of
 * nets has one (struct genl_world, the world's NETLINK_GENERIC state),
 * with Linux's id allocation: nlctrl at GENL_ID_CTRL, "VFS_DQUOT" and
 * "pmcraid" at their reserved ids, every other family cyclically from
 * GENL_START_ALLOC to GENL_MAX_ID (idr_alloc_cyclic).  Each net has its
 * kernel socket and running dumps (struct genl_net).  A family is
 * registered from a net, its home (Linux registers every family from
 * init_net): with netnsok it is found, listed and announced in every net
 * of the world, without it in its home only, as Linux keeps such a
 * family in init_net.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/wireguard.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/genl/genl-private.h"

#define BITS_PER_ULONG (8 * sizeof(unsigned long))

/* A running dump: what genl_start parsed, kept until genl_done. */
struct genl_dump {
	struct unl_genl_info info; /* first: unl_genl_dumpit_info() */
	struct unl_genl_split_ops op;
	struct genl_net *gn;
	/* The family was unregistered under the dump: its callbacks are
	 * gone, the dump ends with -ENOENT. */
	bool orphaned;
	struct unl_callback *cb;
	struct genl_dump *next;
};

/* The families built in besides nlctrl and ethtool, in the order a
 * kernel registers them: devlink (a subsys initcall of net/devlink,
 * linked after net/ethtool), tcp_metrics (inet_init), mptcp_pm
 * (mptcp_init), SEG6 and IOAM6 (inet6_init), handshake (a device
 * initcall), TASKSTATS (a late initcall); then NET_DM, which
 * distributions build as a module, loaded at its first use (as
 * Debian's 6.12 lists it). */
enum {
	GENL_B_DEVLINK,
	GENL_B_TCP_METRICS,
	GENL_B_MPTCP_PM,
	GENL_B_SEG6,
	GENL_B_IOAM6,
	GENL_B_HANDSHAKE,
	GENL_B_TASKSTATS,
	GENL_B_NET_DM,
	GENL_N_BUILTIN
};
static void (*const genl_builtin_inits[GENL_N_BUILTIN])(
	struct unl_genl_family *) = {
	[GENL_B_DEVLINK] = devlink_family_init,
	[GENL_B_TCP_METRICS] = tcp_metrics_family_init,
	[GENL_B_MPTCP_PM] = mptcp_pm_family_init,
	[GENL_B_SEG6] = seg6_family_init,
	[GENL_B_IOAM6] = ioam6_family_init,
	[GENL_B_HANDSHAKE] = handshake_family_init,
	[GENL_B_TASKSTATS] = taskstats_family_init,
	[GENL_B_NET_DM] = net_dm_family_init,
};

/* What Linux keeps for the machine: the families and the group ids. */
struct genl_world {
	struct unl_genl_family *fams[GENL_MAX_ID + 1]; /* the idr */
	unsigned int idr_next; /* idr_alloc_cyclic's cursor */
	unsigned long *mc_groups; /* group ids in use */
	unsigned int mc_groups_longs;
	struct unl_genl_family ctrl;
	/* The families built in, as Linux registers them at boot
	 * (netdev_genl_init(), then ethtool's ethnl_init()): the world's,
	 * like nlctrl; netdev where the profile has it. */
	struct unl_genl_family netdev;
	struct unl_genl_family ethtool;
	uint32_t ethnl_bcast_seq; /* ethtool's notifications' numbers */
	/* The other families a kernel registers at boot, in its order
	 * (genl_builtin_inits[]), the world's as well, where the profile
	 * of the world's first net has them. */
	struct unl_genl_family builtin[GENL_N_BUILTIN];
	struct net_dm_state net_dm; /* NET_DM's priv */
	/* devlink's ops as the profile's release has them */
	struct unl_genl_split_ops devlink_ops[DEVLINK_N_SPLIT_OPS];
	/* wireguard's, as its module registers it, where the profile of
	 * the world's first net has the module. */
	struct unl_genl_family wireguard;
	/* IPVS's, as ip_vs registers it when loaded, after wireguard's,
	 * where the profile of the world's first net has the module. */
	struct unl_genl_family ipvs;
	/* Families served by another process (the daemon's proxies):
	 * validated requests go to relay[id] instead of their handlers. */
	genl_relay_fn relay[GENL_MAX_ID + 1];
	/* The serving process's side: what its families send goes to the
	 * daemon instead of sockets of its nets. */
	const struct genl_out_ops *out;
	void *out_user;
	struct genl_net *nets; /* every net with generic netlink loaded */
	/* The ops tables of the world's families as the profile's release
	 * has them (genl_family_follow_release()), where it left some out. */
	void *release_ops[8];
	unsigned int n_release_ops;
	struct unl_profile *profile; /* the one they follow */
};

/* What each net has: net->genl_sock, and the dumps running on it. */
struct genl_net {
	struct unl_net *net;
	struct genl_world *gw;
	struct unl_sock *ksk;
	struct genl_dump *dumps;
	bool dead; /* the net went; freed with its last dump */
	struct genl_net *prev, *next; /* gw->nets */
};

/* A policy for commands past resv_start_op that declare none: every
 * attribute is refused, which needs a maxattr of 1, hence two entries. */
static const struct unl_nla_policy genl_policy_reject_all[] = {
	{ .type = UNL_NLA_REJECT },
	{ .type = UNL_NLA_REJECT },
};

struct genl_net *genl_net_get(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_GENERIC);

	return ksk ? unl_kernel_priv(ksk) : NULL;
}

/* ---- lookups ---- */

struct unl_genl_family *genl_family_find_byid(struct genl_net *gn,
					      unsigned int id)
{
	return id <= GENL_MAX_ID ? gn->gw->fams[id] : NULL;
}

struct unl_genl_family *genl_family_next(struct genl_net *gn,
					 unsigned int *id)
{
	for (unsigned int i = *id; i <= GENL_MAX_ID; i++)
		if (gn->gw->fams[i]) {
			*id = i;
			return gn->gw->fams[i];
		}
	return NULL;
}

bool genl_family_visible(const struct genl_net *gn,
			 const struct unl_genl_family *family)
{
	return family->netnsok || family->net == gn->net;
}

struct unl_genl_family *genl_family_find_byname(struct genl_net *gn,
						const char *name)
{
	struct unl_genl_family *f;

	for (unsigned int id = 0; (f = genl_family_next(gn, &id)); id++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* ---- commands ---- */

static void genl_op_fill_in_reject_policy(const struct unl_genl_family *family,
					  struct unl_genl_ops *op)
{
	if (op->policy || op->cmd < family->resv_start_op)
		return;
	op->policy = genl_policy_reject_all;
	op->maxattr = 1;
}

static void
genl_op_fill_in_reject_policy_split(struct unl_genl_split_ops *op)
{
	if (op->policy)
		return;
	op->policy = genl_policy_reject_all;
	op->maxattr = 1;
}

/* A full op with the family's defaults filled in. */
static void genl_op_from_full(const struct unl_genl_family *family,
			      unsigned int i, struct unl_genl_ops *op)
{
	*op = family->ops[i];
	if (!op->maxattr)
		op->maxattr = family->maxattr;
	if (!op->policy)
		op->policy = family->policy;
	genl_op_fill_in_reject_policy(family, op);
}

static int genl_get_cmd_full(uint32_t cmd,
			     const struct unl_genl_family *family,
			     struct unl_genl_ops *op)
{
	for (unsigned int i = 0; i < family->n_ops; i++)
		if (family->ops[i].cmd == cmd) {
			genl_op_from_full(family, i, op);
			return 0;
		}
	return -ENOENT;
}

static int genl_get_cmd_split(uint32_t cmd, uint8_t flag,
			      const struct unl_genl_family *family,
			      struct unl_genl_split_ops *op)
{
	for (unsigned int i = 0; i < family->n_split_ops; i++)
		if (family->split_ops[i].cmd == cmd &&
		    (family->split_ops[i].flags & flag)) {
			*op = family->split_ops[i];
			return 0;
		}
	return -ENOENT;
}

/* One half (flags: GENL_CMD_CAP_DO or _DUMP) of a full op. */
static int genl_cmd_full_to_split(struct unl_genl_split_ops *op,
				  const struct unl_genl_family *family,
				  const struct unl_genl_ops *full,
				  uint8_t flags)
{
	memset(op, 0, sizeof(*op));
	if (((flags & GENL_CMD_CAP_DO) && !full->doit) ||
	    ((flags & GENL_CMD_CAP_DUMP) && !full->dumpit))
		return -ENOENT;

	if (flags & GENL_CMD_CAP_DUMP) {
		op->start = full->start;
		op->dumpit = full->dumpit;
		op->done = full->done;
	} else {
		op->pre_doit = family->pre_doit;
		op->doit = full->doit;
		op->post_doit = family->post_doit;
	}
	if ((flags & GENL_CMD_CAP_DUMP) &&
	    (full->validate & UNL_GENL_DONT_VALIDATE_DUMP)) {
		op->policy = NULL;
		op->maxattr = 0;
	} else {
		op->policy = full->policy;
		op->maxattr = full->maxattr;
	}
	op->cmd = full->cmd;
	op->internal_flags = full->internal_flags;
	op->flags = full->flags | flags;
	op->validate = full->validate;
	return 0;
}

/* genl_get_cmd(): the half of cmd that flags asks for; op is zeroed on
 * failure. */
static int genl_get_cmd(uint32_t cmd, uint8_t flags,
			const struct unl_genl_family *family,
			struct unl_genl_split_ops *op)
{
	struct unl_genl_ops full;
	int err;

	if (!genl_get_cmd_full(cmd, family, &full))
		return genl_cmd_full_to_split(op, family, &full, flags);
	err = genl_get_cmd_split(cmd, flags, family, op);
	if (err)
		memset(op, 0, sizeof(*op));
	return err;
}

int genl_get_cmd_both(uint32_t cmd, const struct unl_genl_family *family,
		      struct unl_genl_split_ops *doit,
		      struct unl_genl_split_ops *dumpit)
{
	int err1 = genl_get_cmd(cmd, GENL_CMD_CAP_DO, family, doit);
	int err2 = genl_get_cmd(cmd, GENL_CMD_CAP_DUMP, family, dumpit);

	return err1 && err2 ? -ENOENT : 0;
}

bool genl_op_iter_init(const struct unl_genl_family *family,
		       struct genl_op_iter *iter)
{
	memset(iter, 0, sizeof(*iter));
	iter->family = family;
	return family->n_ops + family->n_split_ops;
}

/* A do and the dump of the same command that follows it are one step. */
static void genl_op_from_split(struct genl_op_iter *iter)
{
	const struct unl_genl_family *family = iter->family;
	unsigned int i = (unsigned int)iter->entry_idx - family->n_ops;
	unsigned int cnt = 0;

	memset(&iter->doit, 0, sizeof(iter->doit));
	memset(&iter->dumpit, 0, sizeof(iter->dumpit));
	if (family->split_ops[i].flags & GENL_CMD_CAP_DO) {
		iter->doit = family->split_ops[i];
		genl_op_fill_in_reject_policy_split(&iter->doit);
		cnt++;
	}
	if (i + cnt < family->n_split_ops &&
	    (family->split_ops[i + cnt].flags & GENL_CMD_CAP_DUMP) &&
	    (!cnt || family->split_ops[i + cnt].cmd == iter->doit.cmd)) {
		iter->dumpit = family->split_ops[i + cnt];
		genl_op_fill_in_reject_policy_split(&iter->dumpit);
		cnt++;
	}
	/* Registration checked that every split op has a mode. */
	iter->entry_idx += (int)(cnt ? cnt : 1);
}

bool genl_op_iter_next(struct genl_op_iter *iter)
{
	const struct unl_genl_family *family = iter->family;
	unsigned int idx = (unsigned int)iter->entry_idx;

	if (idx < family->n_ops) {
		struct unl_genl_ops op;

		genl_op_from_full(family, idx, &op);
		iter->full_policy = op.policy != NULL;
		iter->entry_idx++;
		genl_cmd_full_to_split(&iter->doit, family, &op,
				       GENL_CMD_CAP_DO);
		genl_cmd_full_to_split(&iter->dumpit, family, &op,
				       GENL_CMD_CAP_DUMP);
	} else if (idx < family->n_ops + family->n_split_ops) {
		iter->full_policy = false;
		genl_op_from_split(iter);
	} else {
		return false;
	}
	iter->cmd_idx++;
	iter->cmd = (uint32_t)(iter->doit.cmd | iter->dumpit.cmd);
	iter->flags = iter->doit.flags | iter->dumpit.flags;
	return true;
}

static bool genl_split_op_bad(const struct unl_genl_split_ops *op)
{
	uint8_t mode = op->flags & (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP);

	/* exactly one mode, and its handler */
	if (mode == GENL_CMD_CAP_DO)
		return !op->doit;
	if (mode == GENL_CMD_CAP_DUMP)
		return !op->dumpit;
	return true;
}

/* genl_validate_ops() */
static int genl_validate_ops(const struct unl_genl_family *family)
{
	struct genl_op_iter i, j;

	if ((family->n_ops && !family->ops) ||
	    (family->n_split_ops && !family->split_ops))
		return -EINVAL;

	for (unsigned int s = 0; s < family->n_split_ops; s++) {
		const struct unl_genl_split_ops *a, *b = &family->split_ops[s];

		if (genl_split_op_bad(b))
			return -EINVAL;
		if (!s)
			continue;
		a = &family->split_ops[s - 1];
		/* sorted by cmd; the same cmd only as do then dump, alike */
		if (a->cmd < b->cmd)
			continue;
		if (a->cmd > b->cmd)
			return -EINVAL;
		if (a->internal_flags != b->internal_flags ||
		    ((a->flags ^ b->flags) &
		     ~(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP)))
			return -EINVAL;
		if (!((a->flags & GENL_CMD_CAP_DO) &&
		      (b->flags & GENL_CMD_CAP_DUMP)))
			return -EINVAL;
	}

	for (genl_op_iter_init(family, &i); genl_op_iter_next(&i);) {
		if (!(i.flags & (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP)))
			return -EINVAL;
		/* New commands are validated strictly, no opting out. */
		if (i.cmd >= family->resv_start_op &&
		    (i.doit.validate || i.dumpit.validate))
			return -EINVAL;
		j = i;
		while (genl_op_iter_next(&j))
			if (i.cmd == j.cmd)
				return -EINVAL;
	}
	return 0;
}

/* ---- multicast groups ---- */

static bool mc_test(const struct genl_world *gw, unsigned int bit)
{
	return gw->mc_groups[bit / BITS_PER_ULONG] &
	       (1UL << (bit % BITS_PER_ULONG));
}

static void mc_set(struct genl_world *gw, unsigned int bit, bool on)
{
	unsigned long m = 1UL << (bit % BITS_PER_ULONG);

	if (on)
		gw->mc_groups[bit / BITS_PER_ULONG] |= m;
	else
		gw->mc_groups[bit / BITS_PER_ULONG] &= ~m;
}

static unsigned int mc_nbits(const struct genl_world *gw)
{
	return gw->mc_groups_longs * (unsigned int)BITS_PER_ULONG;
}

/* The bitmap made large enough for nbits ids; 0 or -ENOMEM. */
static int mc_grow(struct genl_world *gw, unsigned int nbits)
{
	unsigned int longs = (nbits + BITS_PER_ULONG - 1) / BITS_PER_ULONG;
	unsigned long *g;

	if (longs <= gw->mc_groups_longs)
		return 0;
	g = realloc(gw->mc_groups, longs * sizeof(unsigned long));
	if (!g)
		return -ENOMEM;
	memset(g + gw->mc_groups_longs, 0,
	       (longs - gw->mc_groups_longs) * sizeof(unsigned long));
	gw->mc_groups = g;
	gw->mc_groups_longs = longs;
	return 0;
}

/* The highest first group id a profile may ask for: the kernel's are
 * small (its families have a few groups each); a larger one from a
 * wrong profile is not worth a bitmap that size. */
#define GENL_PROFILE_MAX_GROUP 4096

/* The n ids from first on, when all are free: the ids a built-in family
 * had in the kernel the profile describes (its other families, which
 * are not modelled, may leave gaps before them). */
static bool genl_reserve_groups_at(struct genl_world *gw, unsigned int first,
				   unsigned int n)
{
	if (!first || first > GENL_PROFILE_MAX_GROUP || mc_grow(gw, first + n))
		return false;
	for (unsigned int i = first; i < first + n; i++)
		if (mc_test(gw, i))
			return false;
	for (unsigned int i = first; i < first + n; i++)
		mc_set(gw, i, true);
	return true;
}

/* genl_allocate_reserve_groups(): the first run of n free ids, growing
 * the bitmap by whole words as Linux does. */
static int genl_allocate_reserve_groups(struct genl_world *gw,
					unsigned int n, unsigned int *first_id)
{
	unsigned int id = 0;

	for (;;) {
		unsigned int nbits = mc_nbits(gw);
		bool fits = true;

		while (id < nbits && mc_test(gw, id))
			id++;
		for (unsigned int i = id; i < id + n && i < nbits; i++)
			if (mc_test(gw, i)) {
				id = i;
				fits = false;
				break;
			}
		if (id + n > nbits) {
			unsigned int more = (n + BITS_PER_ULONG - 1) /
					    BITS_PER_ULONG;
			unsigned long *g = realloc(
				gw->mc_groups, (gw->mc_groups_longs + more) *
						       sizeof(unsigned long));

			if (!g)
				return -ENOMEM;
			memset(g + gw->mc_groups_longs, 0,
			       more * sizeof(unsigned long));
			gw->mc_groups = g;
			gw->mc_groups_longs += more;
		}
		if (fits)
			break;
	}
	for (unsigned int i = id; i < id + n; i++)
		mc_set(gw, i, true);
	*first_id = id;
	return 0;
}

/* genl_update_socket(): every net's kernel socket takes as many groups
 * as the bitmap has, as Linux grows each net's genl_sock. */
static int genl_update_sockets(struct genl_world *gw)
{
	int err = 0;

	for (struct genl_net *gn = gw->nets; gn; gn = gn->next) {
		int e = unl_change_ngroups(gn->ksk, mc_nbits(gw));

		if (e)
			err = e;
	}
	return err;
}

/* genl_validate_assign_mc_groups() */
static int genl_validate_assign_mc_groups(struct genl_world *gw,
					  struct unl_genl_family *family,
					  unsigned int want_first)
{
	unsigned int n = family->n_mcgrps, first_id;
	bool allocated = false;
	int err;

	if (!n)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		const char *name = family->mcgrps[i].name;

		if (!name[0] || !memchr(name, '\0', GENL_NAMSIZ))
			return -EINVAL;
	}

	/* Groups that old code hard-wired stay where it expects them. */
	if (family == &gw->ctrl)
		first_id = GENL_ID_CTRL;
	else if (!strcmp(family->name, "NET_DM"))
		first_id = 1;
	else if (family->id == GENL_ID_VFS_DQUOT)
		first_id = GENL_ID_VFS_DQUOT;
	else if (family->id == GENL_ID_PMCRAID)
		first_id = GENL_ID_PMCRAID;
	else if (genl_reserve_groups_at(gw, want_first, n)) {
		first_id = want_first;
		allocated = true;
	} else {
		err = genl_allocate_reserve_groups(gw, n, &first_id);
		if (err)
			return err;
		allocated = true;
	}
	if (!allocated && n != 1)
		return -EINVAL;
	family->mcgrp_offset = first_id;

	err = genl_update_sockets(gw);
	if (err && allocated)
		for (unsigned int i = 0; i < n; i++)
			mc_set(gw, first_id + i, false);
	return err;
}

/* ---- registration ---- */

/* idr_alloc_cyclic(): from the cursor up to end, then from start. */
static int genl_idr_alloc_cyclic(struct genl_world *gw,
				 struct unl_genl_family *family,
				 unsigned int start, unsigned int end)
{
	unsigned int id = gw->idr_next < start ? start : gw->idr_next;

	for (; id <= end; id++)
		if (!gw->fams[id])
			goto found;
	for (id = start; id <= end; id++)
		if (!gw->fams[id])
			goto found;
	return -ENOSPC;
found:
	gw->fams[id] = family;
	gw->idr_next = id + 1;
	return (int)id;
}

/* A family the world registers itself, as the kernel does at boot
 * (not one a process serves, nor a test's). */
static bool genl_world_family(const struct genl_world *gw,
			      const struct unl_genl_family *family)
{
	return family == &gw->netdev || family == &gw->ethtool ||
	       family == &gw->wireguard || family == &gw->ipvs ||
	       (family >= gw->builtin && family < gw->builtin + GENL_N_BUILTIN);
}

/* Register family from gn's net, its home.  The world's own families
 * take the ids the profile says the kernel gave them, where free. */
static int genl_register(struct genl_net *gn, struct unl_genl_family *family)
{
	struct genl_world *gw = gn->gw;
	unsigned int start = GENL_START_ALLOC, end = GENL_MAX_ID;
	unsigned int want = 0, want_grp = 0;
	int err, id;

	if (family->net)
		return -EBUSY;
	if (!family->name[0] || !memchr(family->name, '\0', GENL_NAMSIZ))
		return -EINVAL;
	err = genl_validate_ops(family);
	if (err)
		return err;
	if (genl_family_find_byname(gn, family->name))
		return -EEXIST;

	/* Families that used their id as a group id keep both fixed. */
	if (family == &gw->ctrl)
		start = end = GENL_ID_CTRL;
	else if (!strcmp(family->name, "pmcraid"))
		start = end = GENL_ID_PMCRAID;
	else if (!strcmp(family->name, "VFS_DQUOT"))
		start = end = GENL_ID_VFS_DQUOT;
	else if (genl_world_family(gw, family))
		want = unl_profile_genl_id(unl_net_profile(gn->net),
					   family->name, &want_grp);
	if (want >= GENL_START_ALLOC && want <= GENL_MAX_ID && !gw->fams[want])
		start = end = want;
	else
		want_grp = 0;

	id = genl_idr_alloc_cyclic(gw, family, start, end);
	if (id < 0)
		return id;
	family->id = (uint16_t)id;
	err = genl_validate_assign_mc_groups(gw, family, want_grp);
	if (err) {
		gw->fams[id] = NULL;
		family->id = 0;
		return err;
	}
	family->net = gn->net;

	genl_ctrl_event(gn, CTRL_CMD_NEWFAMILY, family, NULL, 0);
	for (unsigned int i = 0; i < family->n_mcgrps; i++)
		genl_ctrl_event(gn, CTRL_CMD_NEWMCAST_GRP, family,
				&family->mcgrps[i],
				(int)(family->mcgrp_offset + i));
	return id;
}

/* The net's generic netlink, loaded now if nobody opened a generic
 * socket yet.  NULL: -ENOMEM or the like. */
static struct genl_net *genl_net_load(struct unl_net *net, int *err)
{
	struct genl_net *gn = genl_net_get(net);

	*err = 0;
	if (gn)
		return gn;
	*err = genl_pernet_init(net);
	if (*err)
		return NULL;
	gn = genl_net_get(net);
	if (!gn)
		*err = -ENOENT;
	return gn;
}

int unl_genl_register_family(struct unl_net *net,
			     struct unl_genl_family *family)
{
	int err;
	struct genl_net *gn = genl_net_load(net, &err);

	return gn ? genl_register(gn, family) : err;
}

int genl_register_relayed(struct unl_net *net, struct unl_genl_family *family,
			  genl_relay_fn relay)
{
	struct genl_net *gn;
	int id;

	/* Registered first, so the NEWFAMILY announcement is the same; no
	 * request can arrive between the two (the net is locked). */
	id = unl_genl_register_family(net, family);
	if (id < 0)
		return id;
	gn = genl_net_get(net);
	gn->gw->relay[id] = relay;
	return id;
}

int genl_net_set_out(struct unl_net *net, const struct genl_out_ops *ops,
		     void *user)
{
	int err;
	struct genl_net *gn = genl_net_load(net, &err);

	if (!gn)
		return err;
	gn->gw->out = ops;
	gn->gw->out_user = user;
	return 0;
}

/* End the family's running dumps now, in every net, while its callbacks
 * still exist. */
static void genl_orphan_dumps(struct genl_world *gw,
			      const struct unl_genl_family *family)
{
	for (struct genl_net *gn = gw->nets; gn; gn = gn->next)
		for (struct genl_dump *d = gn->dumps; d; d = d->next) {
			if (d->info.family != family || d->orphaned)
				continue;
			if (d->op.done)
				d->op.done(d->cb);
			d->orphaned = true;
		}
}

static void genl_unregister(struct genl_net *gn,
			    struct unl_genl_family *family)
{
	struct genl_world *gw = gn->gw;

	genl_orphan_dumps(gw, family);
	for (unsigned int i = 0; i < family->n_mcgrps; i++) {
		unsigned int grp_id = family->mcgrp_offset + i;

		/* __netlink_clear_multicast_users(), in every net: a later
		 * family reusing the id must not reach this one's members. */
		for (struct genl_net *g = gw->nets; g; g = g->next)
			unl_clear_multicast_users(g->ksk, grp_id);
		/* Group 1 was never reserved for NET_DM alone. */
		if (grp_id != 1)
			mc_set(gw, grp_id, false);
		genl_ctrl_event(gn, CTRL_CMD_DELMCAST_GRP, family,
				&family->mcgrps[i], (int)grp_id);
	}
	gw->fams[family->id] = NULL;
	gw->relay[family->id] = NULL;
	genl_ctrl_event(gn, CTRL_CMD_DELFAMILY, family, NULL, 0);
	family->net = NULL;
}

int unl_genl_unregister_family(struct unl_genl_family *family)
{
	struct genl_net *gn = family->net ? genl_net_get(family->net) : NULL;

	if (!gn || genl_family_find_byid(gn, family->id) != family)
		return -ENOENT;
	genl_unregister(gn, family);
	return 0;
}

/* ---- writing and sending ---- */

struct unl_skb *unl_genlmsg_new(size_t payload)
{
	return unl_nlmsg_new(NLMSG_ALIGN(GENL_HDRLEN + payload));
}

void *unl_genlmsg_put(struct unl_skb *skb, uint32_t portid, uint32_t seq,
		      const struct unl_genl_family *family, int flags,
		      uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *hdr;

	nlh = unl_nlmsg_put(skb, portid, seq, family->id,
			    (int)(GENL_HDRLEN + family->hdrsize), flags);
	if (!nlh)
		return NULL;
	hdr = NLMSG_DATA(nlh);
	hdr->cmd = cmd;
	hdr->version = (uint8_t)family->version;
	hdr->reserved = 0;
	return (uint8_t *)hdr + GENL_HDRLEN;
}

void *unl_genlmsg_put_reply(struct unl_skb *skb,
			    const struct unl_genl_info *info,
			    const struct unl_genl_family *family, int flags,
			    uint8_t cmd)
{
	return unl_genlmsg_put(skb, info->snd_portid, info->snd_seq, family,
			       flags, cmd);
}

static struct nlmsghdr *genlmsg_nlh(void *hdr)
{
	return (struct nlmsghdr *)((uint8_t *)hdr - GENL_HDRLEN -
				   NLMSG_HDRLEN);
}

void unl_genlmsg_end(struct unl_skb *skb, void *hdr)
{
	unl_nlmsg_end(skb, genlmsg_nlh(hdr));
}

void unl_genlmsg_cancel(struct unl_skb *skb, void *hdr)
{
	if (hdr)
		unl_nlmsg_cancel(skb, genlmsg_nlh(hdr));
}

int unl_genlmsg_unicast(struct unl_net *net, struct unl_skb *skb,
			uint32_t portid)
{
	struct genl_net *gn = genl_net_get(net);
	int err;

	if (!gn) {
		unl_skb_free(skb);
		return -ENOENT;
	}
	if (gn->gw->out)
		return gn->gw->out->unicast(gn->gw->out_user, net, skb, portid);
	err = unl_unicast(gn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

int unl_genlmsg_reply(struct unl_skb *skb, const struct unl_genl_info *info)
{
	return unl_genlmsg_unicast(info->net, skb, info->snd_portid);
}

/* The world of a registered family, NULL for one that is not. */
static struct genl_world *family_world(const struct unl_genl_family *family)
{
	struct genl_net *gn = family->net ? genl_net_get(family->net) : NULL;

	return gn ? gn->gw : NULL;
}

int unl_genlmsg_multicast(const struct unl_genl_family *family,
			  struct unl_skb *skb, uint32_t portid,
			  unsigned int group)
{
	return unl_genlmsg_multicast_netns(family, family->net, skb, portid,
					   group);
}

int unl_genlmsg_multicast_netns(const struct unl_genl_family *family,
				struct unl_net *net, struct unl_skb *skb,
				uint32_t portid, unsigned int group)
{
	struct genl_world *gw = family_world(family);
	struct genl_net *gn = net ? genl_net_get(net) : NULL;

	if (!gw || group >= family->n_mcgrps) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	if (gw->out)
		return gw->out->multicast(gw->out_user, net, family, skb, portid,
					  group, GENL_OUT_EXCLUDE);
	/* A net that never loaded generic netlink has no listener. */
	if (!gn || gn->gw != gw) {
		unl_skb_free(skb);
		return -ESRCH;
	}
	return unl_broadcast(gn->ksk, skb, portid,
			     family->mcgrp_offset + group);
}

static struct unl_skb *genl_skb_copy(const struct unl_skb *skb)
{
	size_t n = unl_skb_len(skb);
	struct unl_skb *c = unl_skb_alloc(n);
	void *q = c ? unl_skb_put(c, n) : NULL;

	if (!q) {
		unl_skb_free(c);
		return NULL;
	}
	memcpy(q, unl_skb_data(skb), n);
	return c;
}

int unl_genlmsg_multicast_allns(const struct unl_genl_family *family,
				struct unl_skb *skb, uint32_t portid,
				unsigned int group)
{
	struct genl_world *gw = family_world(family);
	bool delivered = false;
	int err = 0;

	if (!gw || group >= family->n_mcgrps) {
		unl_skb_free(skb);
		return -EINVAL;
	}
	if (gw->out)
		return gw->out->multicast(gw->out_user, NULL, family, skb,
					  portid, group, GENL_OUT_EXCLUDE);
	/* genlmsg_mcast(): a copy for each net but the last, which gets
	 * the message itself; 0 when any net had a listener. */
	for (struct genl_net *gn = gw->nets; gn; gn = gn->next) {
		struct unl_skb *m = gn->next ? genl_skb_copy(skb) : skb;
		int e = m ? unl_broadcast(gn->ksk, m, portid,
					  family->mcgrp_offset + group)
			  : -ENOBUFS;

		if (!e)
			delivered = true;
		else if (e != -ESRCH && !err)
			err = e;
	}
	if (!gw->nets)
		unl_skb_free(skb);
	if (err)
		return err;
	return delivered ? 0 : -ESRCH;
}

void unl_genl_notify(const struct unl_genl_family *family,
		     struct unl_skb *skb, const struct unl_genl_info *info,
		     unsigned int group)
{
	struct genl_world *gw = family_world(family);
	/* genl_notify() sends in the request's net (genl_info_net). */
	struct unl_net *net = info->net ? info->net : family->net;
	struct genl_net *gn = genl_net_get(net);
	bool echo = info->nlhdr && (info->nlhdr->nlmsg_flags & NLM_F_ECHO);

	if (!gw || group >= family->n_mcgrps) {
		unl_skb_free(skb);
		return;
	}
	if (gw->out) {
		gw->out->multicast(gw->out_user, net, family, skb,
				   info->snd_portid, group,
				   echo ? GENL_OUT_ECHO : GENL_OUT_NOTIFY);
		return;
	}
	if (!gn || gn->gw != gw) {
		unl_skb_free(skb);
		return;
	}
	unl_notify(gn->ksk, skb, info->snd_portid,
		   family->mcgrp_offset + group, echo);
}

bool unl_genl_has_listeners(const struct unl_genl_family *family,
			    unsigned int group)
{
	struct genl_net *gn = family->net ? genl_net_get(family->net) : NULL;

	if (!gn || group >= family->n_mcgrps)
		return false;
	/* Only the daemon knows; building an event nobody reads is the
	 * cheaper mistake. */
	if (gn->gw->out)
		return true;
	return unl_has_listeners(gn->ksk, family->mcgrp_offset + group);
}

/* ---- requests ---- */

/*
 * Parse the attributes of a request for op (NULL attrs when the op has
 * no policy).  On success *attrsp owns a calloc'ed table the caller
 * frees.  no_strict_flag is the op's opt-out of strict validation for
 * this mode.
 */
static int genl_attrs_parse(const struct nlmsghdr *nlh,
			    struct unl_ext_ack *extack,
			    const struct unl_genl_split_ops *op, int hdrlen,
			    uint8_t no_strict_flag,
			    const struct nlattr ***attrsp)
{
	unsigned int flags = (op->validate & no_strict_flag)
				     ? UNL_VALIDATE_LIBERAL
				     : UNL_VALIDATE_STRICT;
	const struct nlattr **attrs;
	int err;

	*attrsp = NULL;
	if (!op->maxattr)
		return 0;
	attrs = calloc(op->maxattr + 1, sizeof(*attrs));
	if (!attrs)
		return -ENOMEM;
	err = unl_nlmsg_parse(nlh, hdrlen, attrs, (int)op->maxattr, op->policy,
			      flags, extack);
	if (err) {
		free(attrs);
		return err;
	}
	*attrsp = attrs;
	return 0;
}

/* What genl_family_rcv_msg_dumpit hands to genl_start. */
struct genl_start_context {
	const struct unl_genl_family *family;
	struct genl_net *gn;
	const struct nlmsghdr *nlh; /* in the request being processed */
	struct unl_ext_ack *extack;
	const struct unl_genl_split_ops *ops;
	int hdrlen;
};

const struct unl_genl_info *unl_genl_dumpit_info(const struct unl_callback *cb)
{
	return cb->data;
}

static void genl_dump_free(struct genl_dump *d)
{
	struct genl_net *gn = d->gn;

	for (struct genl_dump **pp = &gn->dumps; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	free(d->info.attrs);
	free(d);
	if (gn->dead && !gn->dumps)
		free(gn);
}

static int genl_start(struct unl_callback *cb)
{
	struct genl_start_context *ctx = cb->data;
	const struct unl_genl_split_ops *ops = ctx->ops;
	const struct nlattr **attrs;
	struct genl_dump *d;
	ptrdiff_t shift;
	int rc;

	if (!(ops->validate & UNL_GENL_DONT_VALIDATE_DUMP) &&
	    ctx->nlh->nlmsg_len < NLMSG_HDRLEN + (uint32_t)ctx->hdrlen)
		return -EINVAL;
	rc = genl_attrs_parse(ctx->nlh, ctx->extack, ops, ctx->hdrlen,
			      UNL_GENL_DONT_VALIDATE_DUMP_STRICT, &attrs);
	if (rc)
		return rc;

	d = calloc(1, sizeof(*d));
	if (!d) {
		free(attrs);
		return -ENOMEM;
	}
	d->op = *ops;
	d->gn = ctx->gn;
	d->cb = cb;
	d->info.family = ctx->family;
	d->info.snd_seq = ctx->nlh->nlmsg_seq;
	d->info.snd_portid = unl_skb_cb(cb->skb)->portid;
	/* During start, the request as sent: errors of start are reported
	 * on it, with offsets into it. */
	d->info.nlhdr = ctx->nlh;
	d->info.genlhdr = NLMSG_DATA(ctx->nlh);
	d->info.attrs = attrs;
	d->info.net = ctx->gn->net;
	d->info.extack = ctx->extack;
	d->next = ctx->gn->dumps;
	ctx->gn->dumps = d;

	cb->data = d;
	rc = ops->start ? ops->start(cb) : 0;
	d->info.extack = NULL;
	if (rc) {
		genl_dump_free(d);
		cb->data = NULL;
		return rc;
	}

	/* From now on, the dump's own copy of the request, which outlives
	 * the one being processed. */
	shift = (const uint8_t *)cb->nlh - (const uint8_t *)ctx->nlh;
	for (unsigned int i = 0; attrs && i <= ops->maxattr; i++)
		if (attrs[i])
			attrs[i] = (const struct nlattr *)((const uint8_t *)
								   attrs[i] +
							   shift);
	d->info.nlhdr = cb->nlh;
	d->info.genlhdr = NLMSG_DATA(cb->nlh);
	return 0;
}

static int genl_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	struct genl_dump *d = cb->data;
	int rc;

	if (d->orphaned)
		return -ENOENT;
	d->info.extack = cb->extack;
	rc = d->op.dumpit(skb, cb);
	d->info.extack = NULL;
	return rc;
}

static int genl_done(struct unl_callback *cb)
{
	struct genl_dump *d = cb->data;
	int rc = 0;

	if (!d)
		return 0;
	if (d->op.done && !d->orphaned)
		rc = d->op.done(cb);
	genl_dump_free(d);
	cb->data = NULL;
	return rc;
}

static int genl_family_rcv_msg_dumpit(struct genl_net *gn,
				      const struct unl_genl_family *family,
				      struct unl_skb *skb,
				      struct nlmsghdr *nlh,
				      struct unl_ext_ack *extack,
				      const struct unl_genl_split_ops *ops,
				      int hdrlen)
{
	struct genl_start_context ctx = {
		.family = family,
		.gn = gn,
		.nlh = nlh,
		.extack = extack,
		.ops = ops,
		.hdrlen = hdrlen,
	};
	struct unl_dump_control c = {
		.data = &ctx,
		.start = genl_start,
		.dump = genl_dumpit,
		.done = genl_done,
	};

	return unl_dump_start(gn->ksk, skb, nlh, &c);
}

static int genl_family_rcv_msg_doit(struct genl_net *gn,
				    const struct unl_genl_family *family,
				    struct unl_skb *skb, struct nlmsghdr *nlh,
				    struct unl_ext_ack *extack,
				    const struct unl_genl_split_ops *ops,
				    int hdrlen)
{
	struct unl_genl_info info;
	const struct nlattr **attrs;
	int err;

	err = genl_attrs_parse(nlh, extack, ops, hdrlen,
			       UNL_GENL_DONT_VALIDATE_STRICT, &attrs);
	if (err)
		return err;

	memset(&info, 0, sizeof(info));
	info.snd_seq = nlh->nlmsg_seq;
	info.snd_portid = unl_skb_cb(skb)->portid;
	info.family = family;
	info.nlhdr = nlh;
	info.genlhdr = NLMSG_DATA(nlh);
	info.attrs = attrs;
	info.net = gn->net;
	info.extack = extack;

	if (ops->pre_doit) {
		err = ops->pre_doit(ops, skb, &info);
		if (err)
			goto out;
	}
	err = ops->doit(skb, &info);
	if (ops->post_doit)
		ops->post_doit(ops, skb, &info);
out:
	free(attrs);
	return err;
}

/*
 * A family served by another process: the request is checked exactly as
 * genl_start / genl_family_rcv_msg_doit check it (so the errors, their
 * extended ACKs and offsets are the core's), then handed over with its
 * parsed info.  What relay returns is what netlink_rcv_skb sees: -EINTR
 * when the answer (and the ACK) will come later.
 */
static int genl_family_rcv_msg_relay(struct genl_net *gn,
				     const struct unl_genl_family *family,
				     struct unl_skb *skb, struct nlmsghdr *nlh,
				     struct unl_ext_ack *extack,
				     const struct unl_genl_split_ops *ops,
				     int hdrlen, bool dump)
{
	struct unl_genl_info info;
	const struct nlattr **attrs;
	int err;

	if (dump && !(ops->validate & UNL_GENL_DONT_VALIDATE_DUMP) &&
	    nlh->nlmsg_len < NLMSG_HDRLEN + (uint32_t)hdrlen)
		return -EINVAL;
	err = genl_attrs_parse(nlh, extack, ops, hdrlen,
			       dump ? UNL_GENL_DONT_VALIDATE_DUMP_STRICT
				    : UNL_GENL_DONT_VALIDATE_STRICT,
			       &attrs);
	if (err)
		return err;
	memset(&info, 0, sizeof(info));
	info.snd_seq = nlh->nlmsg_seq;
	info.snd_portid = unl_skb_cb(skb)->portid;
	info.family = family;
	info.nlhdr = nlh;
	info.genlhdr = NLMSG_DATA(nlh);
	info.attrs = attrs;
	info.net = gn->net;
	info.extack = extack;
	err = gn->gw->relay[family->id](skb, &info, dump);
	free(attrs);
	return err;
}

/* genl_header_check(): only for commands from resv_start_op on. */
static int genl_header_check(const struct unl_genl_family *family,
			     const struct nlmsghdr *nlh,
			     const struct genlmsghdr *hdr,
			     struct unl_ext_ack *extack)
{
	uint16_t flags;

	if (hdr->cmd < family->resv_start_op)
		return 0;
	if (hdr->reserved) {
		UNL_SET_ERR_MSG(extack, "genlmsghdr.reserved field is not 0");
		return -EINVAL;
	}
	/* Only the flags whose meaning the core enforces. */
	flags = nlh->nlmsg_flags;
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= (uint16_t)~NLM_F_DUMP;
	if (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
		UNL_SET_ERR_MSG(extack,
				"ambiguous or reserved bits set in nlmsg_flags");
		return -EINVAL;
	}
	return 0;
}

static int genl_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			struct unl_ext_ack *extack)
{
	struct unl_sock *ssk = unl_skb_cb(skb)->sk;
	struct genl_net *gn = ssk ? genl_net_get(unl_sock_net(ssk)) : NULL;
	const struct unl_genl_family *family;
	const struct genlmsghdr *hdr = NLMSG_DATA(nlh);
	struct unl_genl_split_ops op;
	uint8_t flags;
	int hdrlen;

	family = gn ? genl_family_find_byid(gn, nlh->nlmsg_type) : NULL;
	if (!family)
		return -ENOENT;
	/* A family without netnsok does not exist outside its home. */
	if (!genl_family_visible(gn, family))
		return -ENOENT;

	hdrlen = (int)(GENL_HDRLEN + family->hdrsize);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + (uint32_t)hdrlen)
		return -EINVAL;
	if (genl_header_check(family, nlh, hdr, extack))
		return -EINVAL;

	flags = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP
			? GENL_CMD_CAP_DUMP
			: GENL_CMD_CAP_DO;
	if (genl_get_cmd(hdr->cmd, flags, family, &op))
		return -EOPNOTSUPP;

	/* One user namespace: both flags ask for CAP_NET_ADMIN in it. */
	if ((op.flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM)) &&
	    !unl_skb_capable(skb, CAP_NET_ADMIN))
		return -EPERM;

	if (gn->gw->relay[family->id])
		return genl_family_rcv_msg_relay(gn, family, skb, nlh, extack,
						 &op, hdrlen,
						 flags & GENL_CMD_CAP_DUMP);
	if (flags & GENL_CMD_CAP_DUMP)
		return genl_family_rcv_msg_dumpit(gn, family, skb, nlh, extack,
						  &op, hdrlen);
	return genl_family_rcv_msg_doit(gn, family, skb, nlh, extack, &op,
					hdrlen);
}

static void genl_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, genl_rcv_msg);
}

/* ---- group membership ---- */

/* The family owning netlink group 'group', and the group's index. */
static const struct unl_genl_family *genl_group_owner(struct genl_net *gn,
						      int group, int *idx)
{
	const struct unl_genl_family *f;

	for (unsigned int id = 0; (f = genl_family_next(gn, &id)); id++) {
		int i = group - (int)f->mcgrp_offset;

		if (!f->n_mcgrps || i < 0 || i >= (int)f->n_mcgrps)
			continue;
		*idx = i;
		return f;
	}
	return NULL;
}

/* genl_bind(): groups flagged GENL_MCAST_CAP_* are for the capable. */
static int genl_bind(struct unl_net *net, int group)
{
	struct genl_net *gn = genl_net_get(net);
	const struct unl_genl_family *f;
	int i;

	f = gn ? genl_group_owner(gn, group, &i) : NULL;
	if (!f)
		return 0;
	if (((f->mcgrps[i].flags & UNL_GENL_MCAST_CAP_NET_ADMIN) &&
	     !unl_net_capable(net, CAP_NET_ADMIN)) ||
	    ((f->mcgrps[i].flags & UNL_GENL_MCAST_CAP_SYS_ADMIN) &&
	     !unl_net_capable(net, CAP_SYS_ADMIN)))
		return -EPERM;
	if (f->bind)
		f->bind(f, i);
	return 0;
}

static void genl_unbind(struct unl_net *net, int group)
{
	struct genl_net *gn = genl_net_get(net);
	const struct unl_genl_family *f;
	int i;

	f = gn ? genl_group_owner(gn, group, &i) : NULL;
	if (f && f->unbind)
		f->unbind(f, i);
}

/* ---- per net ---- */

static void genl_world_free(void *priv)
{
	struct genl_world *gw = priv;

	for (unsigned int i = 0; i < gw->n_release_ops; i++)
		free(gw->release_ops[i]);
	if (gw->profile)
		unl_profile_unref(gw->profile);
	free(gw->mc_groups);
	free(gw);
}

/* Whether the kernel the profile describes has an entry of these
 * releases (struct unl_genl_ops' since and until). */
static bool genl_in_release(const struct unl_profile *p, uint16_t since,
			    uint16_t until)
{
	return (!since || unl_profile_at_least(p, since)) &&
	       (!until || !unl_profile_at_least(p, until));
}

/* The entries of table (n of size bytes, whose since and until are at
 * bounds_at) that the profile's release has: table itself when all,
 * else a copy the world keeps; *n is updated.  NULL when out of memory. */
static const void *genl_release_table(struct genl_world *gw,
				      const struct unl_profile *p,
				      const void *table, unsigned int *n,
				      size_t size, size_t bounds_at)
{
	const uint8_t *from = table;
	unsigned int kept = 0;
	uint8_t *to;

	for (unsigned int i = 0; i < *n; i++) {
		const uint16_t *b = (const void *)(from + i * size + bounds_at);

		kept += genl_in_release(p, b[0], b[1]);
	}
	if (kept == *n)
		return table;
	if (gw->n_release_ops == sizeof(gw->release_ops) /
					 sizeof(gw->release_ops[0]))
		return NULL;
	to = malloc(kept ? kept * size : 1);
	if (!to)
		return NULL;
	gw->release_ops[gw->n_release_ops++] = to;
	for (unsigned int i = 0, j = 0; i < *n; i++) {
		const uint16_t *b = (const void *)(from + i * size + bounds_at);

		if (genl_in_release(p, b[0], b[1]))
			memcpy(to + j++ * size, from + i * size, size);
	}
	*n = kept;
	return to;
}

/* A family as the kernel of the profile's release registers it: the
 * ops and split ops of that release, the groups it had, and no
 * family-wide policy once each op had its own.  -ENOMEM. */
static int genl_family_follow_release(struct genl_world *gw,
				      struct unl_genl_family *f,
				      const struct unl_profile *p)
{
	unsigned int n_grps = 0;

	if (f->policy_until && unl_profile_at_least(p, f->policy_until)) {
		f->policy = NULL;
		f->maxattr = 0;
	}
	if (f->n_ops) {
		f->ops = genl_release_table(gw, p, f->ops, &f->n_ops,
					    sizeof(*f->ops),
					    offsetof(struct unl_genl_ops,
						     since));
		if (!f->ops)
			return -ENOMEM;
	}
	if (f->n_split_ops) {
		f->split_ops = genl_release_table(
			gw, p, f->split_ops, &f->n_split_ops,
			sizeof(*f->split_ops),
			offsetof(struct unl_genl_split_ops, since));
		if (!f->split_ops)
			return -ENOMEM;
	}
	while (n_grps < f->n_mcgrps &&
	       genl_in_release(p, f->mcgrps[n_grps].since, 0))
		n_grps++;
	f->n_mcgrps = n_grps;
	return 0;
}

const struct unl_genl_family *genl_ethtool_family(struct unl_net *net)
{
	struct genl_net *gn = genl_net_get(net);

	if (!gn || !gn->gw->ethtool.id ||
	    gn->gw->fams[gn->gw->ethtool.id] != &gn->gw->ethtool)
		return NULL;
	return &gn->gw->ethtool;
}

const struct unl_genl_family *genl_netdev_family(struct unl_net *net)
{
	struct genl_net *gn = genl_net_get(net);

	if (!gn || !gn->gw->netdev.id ||
	    gn->gw->fams[gn->gw->netdev.id] != &gn->gw->netdev)
		return NULL;
	return &gn->gw->netdev;
}

bool genl_release_at_least(const struct genl_net *gn, int since)
{
	return unl_profile_at_least(gn->gw->profile, since);
}

/* Every family of the world as the profile's release has it. */
static int genl_world_follow_release(struct genl_world *gw,
				     const struct unl_profile *p)
{
	struct unl_genl_family *fams[] = { &gw->ctrl, &gw->netdev,
					   &gw->ethtool, &gw->wireguard,
					   &gw->ipvs };
	int err = 0;

	/* held (its count is all that changes): nets may come and go */
	gw->profile = unl_profile_ref((struct unl_profile *)p);
	for (size_t i = 0; !err && i < sizeof(fams) / sizeof(fams[0]); i++)
		err = genl_family_follow_release(gw, fams[i], p);
	for (size_t i = 0; !err && i < GENL_N_BUILTIN; i++)
		err = genl_family_follow_release(gw, &gw->builtin[i], p);
	return err;
}

/* The world's registry, made with nlctrl's entry by its first generic
 * netlink (genl_init()); nlctrl itself registers with that first net. */
static struct genl_world *genl_world_get(struct unl_net *net)
{
	struct unl_world *w = unl_net_world(net);
	struct genl_world *gw = unl_world_priv(w, NETLINK_GENERIC);

	if (gw)
		return gw;
	gw = calloc(1, sizeof(*gw));
	if (!gw)
		return NULL;
	gw->mc_groups = calloc(1, sizeof(unsigned long));
	if (!gw->mc_groups) {
		free(gw);
		return NULL;
	}
	/* Group 0 does not exist, 1 was taken by drop-monitor, and the
	 * reserved family ids double as their group ids. */
	gw->mc_groups_longs = 1;
	gw->mc_groups[0] = 0x3UL | (1UL << GENL_ID_CTRL) |
			   (1UL << GENL_ID_VFS_DQUOT) |
			   (1UL << GENL_ID_PMCRAID);
	genl_ctrl_family_init(&gw->ctrl);
	netdev_nl_family_init(&gw->netdev);
	ethnl_family_init(&gw->ethtool);
	gw->ethtool.priv = &gw->ethnl_bcast_seq;
	for (size_t i = 0; i < GENL_N_BUILTIN; i++)
		genl_builtin_inits[i](&gw->builtin[i]);
	net_dm_state_init(&gw->net_dm);
	gw->builtin[GENL_B_NET_DM].priv = &gw->net_dm;
	devlink_family_follow(&gw->builtin[GENL_B_DEVLINK], gw->devlink_ops,
			      unl_net_profile(net));
	wg_genl_family_init(&gw->wireguard);
	ipvs_family_init(&gw->ipvs);
	if (genl_world_follow_release(gw, unl_net_profile(net)) ||
	    unl_world_set_priv(w, NETLINK_GENERIC, gw, genl_world_free)) {
		genl_world_free(gw);
		return NULL;
	}
	return gw;
}

static void genl_net_unlink(struct genl_net *gn)
{
	if (gn->prev)
		gn->prev->next = gn->next;
	else
		gn->gw->nets = gn->next;
	if (gn->next)
		gn->next->prev = gn->prev;
	gn->prev = gn->next = NULL;
}

/* The net of the world's generic netlink made first (net ids count
 * up), or NULL when none is left. */
static struct unl_net *genl_oldest_net(const struct genl_world *gw)
{
	struct unl_net *oldest = NULL;

	for (const struct genl_net *gn = gw->nets; gn; gn = gn->next)
		if (!oldest || unl_net_id(gn->net) < unl_net_id(oldest))
			oldest = gn->net;
	return oldest;
}

static void genl_pernet_exit(struct unl_net *net)
{
	struct genl_net *gn = genl_net_get(net);
	struct genl_world *gw;
	struct unl_genl_family *f;
	struct unl_net *home;

	if (!gn)
		return;
	gw = gn->gw;
	genl_net_unlink(gn);
	/* Families registered from this net go with it, announced to the
	 * nets that could see them; nlctrl belongs to the world and moves
	 * to the oldest net left, the one nearest to being the first.
	 * Their structs may be registered again. */
	home = genl_oldest_net(gw);
	for (unsigned int id = 0; (f = genl_family_next(gn, &id)); id++) {
		if (f->net != net)
			continue;
		if (f == &gw->ctrl || f == &gw->ethtool || f == &gw->wireguard ||
		    f == &gw->netdev || f == &gw->ipvs ||
		    (f >= gw->builtin && f < gw->builtin + GENL_N_BUILTIN))
			f->net = home;
		else
			genl_unregister(gn, f);
	}
	/* Dumps still running end with their sockets; they must not find
	 * the net's state gone. */
	for (struct genl_dump *d = gn->dumps; d; d = d->next)
		d->orphaned = true;
	unl_kernel_release(gn->ksk);
	gn->dead = true;
	if (!gn->dumps)
		free(gn);
}

/* Families younger than some kernel a profile may describe: netdev
 * came with Linux 6.3 (netdev-genl.c), handshake with 6.4.  A profile
 * of an older release lists them in vain, as its `kernel` line says
 * (Linux 6.1 registers neither). */
static const struct {
	const char *name;
	int since; /* major * 100 + minor */
} genl_family_since[] = {
	{ "netdev", 603 },
	{ "handshake", 604 },
};

/* Whether the profile of net has the family: listed, and a kernel of
 * its release had it. */
static bool genl_profile_has(struct unl_net *net, const char *name)
{
	const struct unl_profile *p = unl_net_profile(net);

	if (!unl_profile_has(p, UNL_PROFILE_GENL, name))
		return false;
	for (size_t i = 0; i < sizeof(genl_family_since) /
				    sizeof(genl_family_since[0]); i++)
		if (!strcmp(genl_family_since[i].name, name))
			return unl_profile_at_least(p,
						    genl_family_since[i].since);
	return true;
}

/* The built-in families the profile of the world's first net lists,
 * in Linux's order of registration. */
static void genl_register_builtins(struct genl_net *gn, struct unl_net *net)
{
	for (size_t i = 0; i < GENL_N_BUILTIN; i++)
		if (genl_profile_has(net, gn->gw->builtin[i].name))
			genl_register(gn, &gn->gw->builtin[i]);
}

/* genl_pernet_init() with genl_init(): the kernel socket, with as many
 * groups as the world's families use; nlctrl and the built-in families
 * from the world's first net. */
int genl_pernet_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.flags = UNL_CFG_F_NONROOT_RECV,
		.input = genl_rcv,
		.bind = genl_bind,
		.unbind = genl_unbind,
	};
	struct genl_world *gw = genl_world_get(net);
	struct genl_net *gn = gw ? calloc(1, sizeof(*gn)) : NULL;
	struct unl_net *first;
	int err;

	if (!gn)
		return -ENOMEM;
	/* Linux registers every family from init_net, there before any
	 * other: the world's first net takes that part even when a later
	 * one (`ip netns add`) opens the first generic socket.  Where the
	 * first cannot have it (its loader serves a recording), this net
	 * is the home. */
	first = unl_world_net_next(unl_net_world(net), NULL);
	if (!gw->ctrl.net && first && first != net && !genl_net_get(first))
		(void)genl_pernet_init(first);
	gn->net = net;
	gn->gw = gw;
	cfg.groups = mc_nbits(gw);
	cfg.priv = gn;
	err = unl_kernel_create(net, NETLINK_GENERIC, &cfg, &gn->ksk);
	if (err) {
		free(gn);
		return err;
	}
	gn->next = gw->nets;
	if (gw->nets)
		gw->nets->prev = gn;
	gw->nets = gn;
	if (!gw->ctrl.net) {
		/* The first net of the world, or nlctrl's last home went. */
		if (!gw->fams[GENL_ID_CTRL]) {
			err = genl_register(gn, &gw->ctrl);
			/* Without ethtool's family the world still works:
			 * ethtool falls back to its ioctls. */
			if (err >= 0 && genl_profile_has(net, "netdev"))
				genl_register(gn, &gw->netdev);
			if (err >= 0) {
				genl_register(gn, &gw->ethtool);
				genl_register_builtins(gn, net);
			}
			if (err >= 0 && genl_profile_has(net, WG_GENL_NAME))
				genl_register(gn, &gw->wireguard);
			if (err >= 0 &&
			    unl_profile_has(unl_net_profile(net),
					    UNL_PROFILE_GENL, IPVS_GENL_NAME))
				genl_register(gn, &gw->ipvs);
		} else {
			gw->ctrl.net = net;
			if (gw->netdev.id &&
			    gw->fams[gw->netdev.id] == &gw->netdev)
				gw->netdev.net = net;
			if (gw->ethtool.id &&
			    gw->fams[gw->ethtool.id] == &gw->ethtool)
				gw->ethtool.net = net;
			for (size_t i = 0; i < GENL_N_BUILTIN; i++) {
				struct unl_genl_family *b = &gw->builtin[i];

				if (b->id && gw->fams[b->id] == b)
					b->net = net;
			}
			if (gw->wireguard.id &&
			    gw->fams[gw->wireguard.id] == &gw->wireguard)
				gw->wireguard.net = net;
			if (gw->ipvs.id && gw->fams[gw->ipvs.id] == &gw->ipvs)
				gw->ipvs.net = net;
		}
		if (err < 0) {
			genl_net_unlink(gn);
			unl_kernel_release(gn->ksk);
			free(gn);
			return err;
		}
	}
	net_set_fini(net, NETLINK_GENERIC, genl_pernet_exit);
	return 0;
}

const struct unl_genl_family *genl_ctrl_family(struct genl_net *gn)
{
	return &gn->gw->ctrl;
}
