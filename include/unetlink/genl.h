/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: generic netlink families (NETLINK_GENERIC), as
 * include/net/genetlink.h declares them in Linux.
 *
 * A family is a set of commands served behind one dynamically allocated
 * message type (its id), with optional multicast groups whose ids are
 * allocated too.  Requests are parsed and validated against the op's
 * policy before a handler sees them; handlers get a struct unl_genl_info
 * and answer with the unl_genlmsg_* writer.
 *
 * A family is registered once per world of nets (Linux has one registry
 * for the machine), from one of its nets, its home: the role init_net
 * plays in Linux.  A family with netnsok is found, listed and announced
 * in every net of the world, nets made later too; one without only in
 * its home, as Linux keeps it in init_net.  Registration fills in the
 * fields marked "set by registration" of the family, as Linux fills in
 * family->id, so the family struct must stay alive and unmoved until
 * unl_genl_unregister_family() (or until its home net is freed, which
 * unregisters it).
 *
 * Locking: as for kernel.h, every function here must be called with the
 * net locked (unl_net_lock()); handlers are called with it locked.
 */
#ifndef UNETLINK_GENL_H
#define UNETLINK_GENL_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/genetlink.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Op flags are Linux's: GENL_ADMIN_PERM, GENL_UNS_ADMIN_PERM and
 * GENL_CMD_CAP_DO/_DUMP/_HASPOL from <linux/genetlink.h>. */

/* enum genl_validate_flags: what an op does not validate. */
#define UNL_GENL_DONT_VALIDATE_STRICT 0x1      /* do: liberal parsing */
#define UNL_GENL_DONT_VALIDATE_DUMP 0x2        /* dump: no policy at all */
#define UNL_GENL_DONT_VALIDATE_DUMP_STRICT 0x4 /* dump: liberal parsing */

/* Joining a multicast group needs a capability. */
#define UNL_GENL_MCAST_CAP_NET_ADMIN 0x1
#define UNL_GENL_MCAST_CAP_SYS_ADMIN 0x2

/* GENLMSG_DEFAULT_SIZE: what a reply of unknown size is allocated with
 * (NLMSG_DEFAULT_SIZE on x86-64, less the genl header). */
#define UNL_NLMSG_DEFAULT_SIZE 3760
#define UNL_GENLMSG_DEFAULT_SIZE (UNL_NLMSG_DEFAULT_SIZE - GENL_HDRLEN)

struct unl_genl_family;

struct unl_genl_multicast_group {
	char name[GENL_NAMSIZ];
	uint8_t flags; /* UNL_GENL_MCAST_CAP_* */
	/* The first release with the group (0: every release); groups
	 * with one come last, so that the others keep their numbers. */
	uint16_t since;
};

/*
 * A parsed request (struct genl_info).  attrs has maxattr + 1 entries of
 * the op's policy, already validated (NULL when the op has no policy);
 * everything points into the request and is valid during the call only,
 * or, in a dump, until its done callback.
 */
struct unl_genl_info {
	uint32_t snd_seq;
	uint32_t snd_portid; /* the sender; NETLINK_CB(skb).creds has its
			      * credentials, unl_skb_capable() checks them */
	const struct unl_genl_family *family;
	const struct nlmsghdr *nlhdr;
	const struct genlmsghdr *genlhdr;
	const struct nlattr **attrs;
	struct unl_net *net;
	struct unl_ext_ack *extack;
	void *user_ptr[2]; /* for pre_doit to hand state to doit */
};

/* The family-specific header of a request (after struct genlmsghdr). */
static inline void *unl_genl_info_userhdr(const struct unl_genl_info *info)
{
	return (uint8_t *)info->genlhdr + GENL_HDRLEN;
}

/*
 * One command in one mode (struct genl_split_ops): flags carries exactly
 * one of GENL_CMD_CAP_DO or GENL_CMD_CAP_DUMP.  A family's split ops are
 * sorted by cmd, the do before the dump of the same cmd.
 */
struct unl_genl_split_ops {
	union {
		struct {
			int (*pre_doit)(const struct unl_genl_split_ops *ops,
					struct unl_skb *skb,
					struct unl_genl_info *info);
			int (*doit)(struct unl_skb *skb,
				    struct unl_genl_info *info);
			void (*post_doit)(const struct unl_genl_split_ops *ops,
					  struct unl_skb *skb,
					  struct unl_genl_info *info);
		};
		struct {
			int (*start)(struct unl_callback *cb);
			int (*dumpit)(struct unl_skb *skb,
				      struct unl_callback *cb);
			int (*done)(struct unl_callback *cb);
		};
	};
	const struct unl_nla_policy *policy;
	unsigned int maxattr;
	uint8_t cmd;
	uint8_t internal_flags;
	uint8_t flags;    /* GENL_ADMIN_PERM, ..., GENL_CMD_CAP_DO/DUMP */
	uint8_t validate; /* UNL_GENL_DONT_VALIDATE_* */
	/* The kernel releases with this entry (major * 100 + minor, 0: no
	 * bound): since is the first that has it, until the first that no
	 * longer does.  Registration keeps the entries of the profile's
	 * release (a profile without one is taken as new). */
	uint16_t since, until;
};

/*
 * One command with both modes (struct genl_ops).  An op without policy
 * or maxattr uses the family's.
 */
struct unl_genl_ops {
	int (*doit)(struct unl_skb *skb, struct unl_genl_info *info);
	int (*start)(struct unl_callback *cb);
	int (*dumpit)(struct unl_skb *skb, struct unl_callback *cb);
	int (*done)(struct unl_callback *cb);
	const struct unl_nla_policy *policy;
	unsigned int maxattr;
	uint8_t cmd;
	uint8_t internal_flags;
	uint8_t flags;
	uint8_t validate;
	/* The kernel releases with this entry (major * 100 + minor, 0: no
	 * bound): since is the first that has it, until the first that no
	 * longer does.  Registration keeps the entries of the profile's
	 * release (a profile without one is taken as new). */
	uint16_t since, until;
};

/* struct genl_family */
struct unl_genl_family {
	char name[GENL_NAMSIZ];
	unsigned int version;
	unsigned int hdrsize; /* family header after struct genlmsghdr */
	unsigned int maxattr;
	/* Reachable from every net of the world, not only its home. */
	bool netnsok;
	/* Requests of a net are serialised by its lock anyway. */
	bool parallel_ops;
	/* Commands from this one on get strict header checks (reserved
	 * field, nlmsg_flags) and a reject-all policy when they have none;
	 * new families should set it to one past their last command. */
	uint8_t resv_start_op;
	const struct unl_nla_policy *policy; /* family-wide, maxattr + 1 */
	/* The release that gave each op a policy of its own and the family
	 * none (policy and maxattr are those of older releases); 0: never. */
	uint16_t policy_until;
	int (*pre_doit)(const struct unl_genl_split_ops *ops,
			struct unl_skb *skb, struct unl_genl_info *info);
	void (*post_doit)(const struct unl_genl_split_ops *ops,
			  struct unl_skb *skb, struct unl_genl_info *info);
	/* A socket joined / left the family's group mcgrp (an index in
	 * mcgrps). */
	void (*bind)(const struct unl_genl_family *family, int mcgrp);
	void (*unbind)(const struct unl_genl_family *family, int mcgrp);
	const struct unl_genl_ops *ops;
	unsigned int n_ops;
	const struct unl_genl_split_ops *split_ops;
	unsigned int n_split_ops;
	const struct unl_genl_multicast_group *mcgrps;
	unsigned int n_mcgrps;
	void *priv; /* the family's own */

	/* set by registration */
	uint16_t id;
	unsigned int mcgrp_offset; /* netlink group id of mcgrps[0] */
	struct unl_net *net; /* its home */
};

/*
 * genl_register_family(): give the family an id (Linux's: nlctrl 0x10,
 * the rest cyclically from GENL_START_ALLOC), its groups their ids, and
 * announce it (CTRL_CMD_NEWFAMILY and one CTRL_CMD_NEWMCAST_GRP per group
 * on nlctrl's "notify" group).  Returns the id, or -EEXIST (a family of
 * that name), -EBUSY (already registered), -EINVAL (bad ops or groups),
 * -ENOSPC, -ENOMEM.
 */
UNL_EXPORT int unl_genl_register_family(struct unl_net *net,
					struct unl_genl_family *family);
/*
 * genl_unregister_family(): running dumps of the family end with -ENOENT
 * (its done callback runs now), its groups are released with
 * CTRL_CMD_DELMCAST_GRP each, then CTRL_CMD_DELFAMILY.  0 or -ENOENT.
 */
UNL_EXPORT int unl_genl_unregister_family(struct unl_genl_family *family);

/* ---- writing ---- */

/* genlmsg_new(): room for a message of payload bytes after the genl
 * header.  The caller owns it. */
UNL_EXPORT struct unl_skb *unl_genlmsg_new(size_t payload);
/*
 * genlmsg_put(): a netlink message of type family->id, its genlmsghdr
 * (cmd, family->version) and room for the family header.  Returns the
 * family header (where attributes follow when hdrsize is 0), or NULL
 * when it does not fit.
 *
 *  +----------+--------------------+--------------+------------+
 *  | nlmsghdr | cmd|version|reserved| family hdr   | attributes |
 *  +----------+--------------------+--------------+------------+
 */
UNL_EXPORT void *unl_genlmsg_put(struct unl_skb *skb, uint32_t portid,
				 uint32_t seq,
				 const struct unl_genl_family *family,
				 int flags, uint8_t cmd);
/* genlmsg_put_reply(): the same, addressed to the requester. */
UNL_EXPORT void *unl_genlmsg_put_reply(struct unl_skb *skb,
				       const struct unl_genl_info *info,
				       const struct unl_genl_family *family,
				       int flags, uint8_t cmd);
/* genlmsg_end() / genlmsg_cancel() with what unl_genlmsg_put returned. */
UNL_EXPORT void unl_genlmsg_end(struct unl_skb *skb, void *hdr);
UNL_EXPORT void unl_genlmsg_cancel(struct unl_skb *skb, void *hdr);

/* ---- sending ---- */

/* genlmsg_reply(): unicast to the requester.  Consumes skb; 0 or
 * -errno. */
UNL_EXPORT int unl_genlmsg_reply(struct unl_skb *skb,
				 const struct unl_genl_info *info);
/* genlmsg_unicast() */
UNL_EXPORT int unl_genlmsg_unicast(struct unl_net *net, struct unl_skb *skb,
				   uint32_t portid);
/*
 * genlmsg_multicast(): to the family's group (an index in its mcgrps)
 * in its home net (Linux's init_net), skipping portid.  Consumes skb; 0,
 * -ESRCH when nobody listens, -EINVAL for a group the family does not
 * have.
 */
UNL_EXPORT int unl_genlmsg_multicast(const struct unl_genl_family *family,
				     struct unl_skb *skb, uint32_t portid,
				     unsigned int group);
/* genlmsg_multicast_netns(): the same, to the listeners in net (of the
 * family's world). */
UNL_EXPORT int unl_genlmsg_multicast_netns(
	const struct unl_genl_family *family, struct unl_net *net,
	struct unl_skb *skb, uint32_t portid, unsigned int group);
/* genlmsg_multicast_allns(): the same, in every net of the world; 0
 * when any net had a listener. */
UNL_EXPORT int unl_genlmsg_multicast_allns(
	const struct unl_genl_family *family, struct unl_skb *skb,
	uint32_t portid, unsigned int group);
/* genl_notify(): multicast in the request's net (info->net), and echo
 * to the requester if it asked with NLM_F_ECHO.  Consumes skb. */
UNL_EXPORT void unl_genl_notify(const struct unl_genl_family *family,
				struct unl_skb *skb,
				const struct unl_genl_info *info,
				unsigned int group);
/* genl_has_listeners() */
UNL_EXPORT bool unl_genl_has_listeners(const struct unl_genl_family *family,
				       unsigned int group);

/* ---- dumps ---- */

/* genl_dumpit_info(): the parsed request of a running dump, for start,
 * dumpit and done. */
UNL_EXPORT const struct unl_genl_info *
unl_genl_dumpit_info(const struct unl_callback *cb);

#ifdef __cplusplus
}
#endif
#endif
