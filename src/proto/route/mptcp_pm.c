// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "mptcp_pm" generic netlink family (net/mptcp/pm_netlink.c and
 * pm_kernel.c): the in-kernel path manager's endpoints and limits, per
 * net.  No MPTCP connection is ever made here, so the endpoints are
 * only kept and listed (`ip mptcp endpoint`), the limits stored and
 * reported (`ip mptcp limits`), and the userspace path manager's
 * commands, which name a connection by its token, find none.
 *
 * Endpoints are kept by id, as Linux's id bitmap lists them.  The
 * family is the world's, netnsok, registered with nlctrl
 * (genetlink.c); each command has its own policy, as Linux's generated
 * ones (mptcp_pm_gen.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/mptcp.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/route-private.h"

/* MPTCP_PM_ADDR_MAX: endpoints per net and the largest limit;
 * MPTCP_PM_MAX_ADDR_ID: the largest id. */
#define MPTCP_ENDP_MAX 8
#define MPTCP_ID_MAX 255

struct mptcp_endp {
	bool used;
	uint16_t family;
	uint8_t addr[16]; /* 4 bytes for AF_INET */
	uint16_t port;
	uint32_t flags;   /* MPTCP_PM_ADDR_FLAG_* */
	int32_t ifindex;
};

/* struct pm_nl_pernet */
struct mptcp_pm_net {
	struct mptcp_endp endp[MPTCP_ID_MAX + 1];
	unsigned int addrs;
	unsigned int next_id;
	uint32_t add_addr_accept_max, subflows_max;
};

/* pm_nl_init_net(): no endpoints, ids from 1, two subflows. */
static struct mptcp_pm_net *mptcp_pm_net(struct unl_net *net)
{
	struct rtnl_net *rn = rtnl_net_of(net);

	if (!rn)
		return NULL;
	if (!rn->mptcp) {
		rn->mptcp = calloc(1, sizeof(*rn->mptcp));
		if (!rn->mptcp)
			return NULL;
		rn->mptcp->next_id = 1;
		rn->mptcp->subflows_max = 2;
	}
	return rn->mptcp;
}

void rtnl_mptcp_fini(struct rtnl_net *rn)
{
	free(rn->mptcp);
	rn->mptcp = NULL;
}

/* ---- policies (one per command, as Linux's) ---- */

static const struct unl_nla_policy mptcp_addr_policy[] = {
	[MPTCP_PM_ADDR_ATTR_FAMILY] = { .type = UNL_NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_ID] = { .type = UNL_NLA_U8 },
	[MPTCP_PM_ADDR_ATTR_ADDR4] = { .type = UNL_NLA_BE32 },
	[MPTCP_PM_ADDR_ATTR_ADDR6] = UNL_NLA_POLICY_EXACT_LEN(16),
	[MPTCP_PM_ADDR_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_FLAGS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ADDR_ATTR_IF_IDX] = { .type = UNL_NLA_S32 },
};

/* Before Linux 6.7 gave each command its own policy (the YAML spec's
 * generated ones), one policy for the family, whose address nest had
 * ADDR4 as a u32 (Debian's 6.1, genl-6.1.expected). */
#define MPTCP_PER_OP_POLICY_SINCE 607
static const struct unl_nla_policy mptcp_addr_policy_61[] = {
	[MPTCP_PM_ADDR_ATTR_FAMILY] = { .type = UNL_NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_ID] = { .type = UNL_NLA_U8 },
	[MPTCP_PM_ADDR_ATTR_ADDR4] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ADDR_ATTR_ADDR6] = UNL_NLA_POLICY_EXACT_LEN(16),
	[MPTCP_PM_ADDR_ATTR_PORT] = { .type = UNL_NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_FLAGS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ADDR_ATTR_IF_IDX] = { .type = UNL_NLA_S32 },
};
#define MPTCP_ADDR_NEST_61                                                 \
	UNL_NLA_POLICY_NESTED(mptcp_addr_policy_61, MPTCP_PM_ADDR_ATTR_MAX)
static const struct unl_nla_policy mptcp_pm_policy_61[] = {
	[MPTCP_PM_ATTR_ADDR] = MPTCP_ADDR_NEST_61,
	[MPTCP_PM_ATTR_RCV_ADD_ADDRS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_SUBFLOWS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_LOC_ID] = { .type = UNL_NLA_U8 },
	[MPTCP_PM_ATTR_ADDR_REMOTE] = MPTCP_ADDR_NEST_61,
};

#define MPTCP_ADDR_NEST                                                    \
	UNL_NLA_POLICY_NESTED(mptcp_addr_policy, MPTCP_PM_ADDR_ATTR_MAX)
/* The per-command policies of 6.7 to 6.12 nest 6.1's address policy
 * (ADDR4 a u32, Debian's 6.12: genl-6.12.expected); a be32 after (the
 * release not pinned, taken as 6.13). */
#define MPTCP_ADDR_BE32_SINCE 613
#define MPTCP_ADDR_NEST_612 MPTCP_ADDR_NEST_61

#define MPTCP_ADD_ADDR_POLICY(nest)                                        \
	[MPTCP_PM_ATTR_ADDR] = nest,
static const struct unl_nla_policy mptcp_add_addr_policy[] = {
	MPTCP_ADD_ADDR_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_add_addr_policy_612[] = {
	MPTCP_ADD_ADDR_POLICY(MPTCP_ADDR_NEST_612)
};
#define MPTCP_DEL_ADDR_POLICY(nest)                                        \
	[MPTCP_PM_ATTR_ADDR] = nest,
static const struct unl_nla_policy mptcp_del_addr_policy[] = {
	MPTCP_DEL_ADDR_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_del_addr_policy_612[] = {
	MPTCP_DEL_ADDR_POLICY(MPTCP_ADDR_NEST_612)
};
#define MPTCP_GET_ADDR_POLICY(nest)                                        \
	[MPTCP_PM_ATTR_ADDR] = nest,                                       \
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },
static const struct unl_nla_policy mptcp_get_addr_policy[] = {
	MPTCP_GET_ADDR_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_get_addr_policy_612[] = {
	MPTCP_GET_ADDR_POLICY(MPTCP_ADDR_NEST_612)
};
#define MPTCP_FLUSH_ADDRS_POLICY(nest)                                     \
	[MPTCP_PM_ATTR_ADDR] = nest,
static const struct unl_nla_policy mptcp_flush_addrs_policy[] = {
	MPTCP_FLUSH_ADDRS_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_flush_addrs_policy_612[] = {
	MPTCP_FLUSH_ADDRS_POLICY(MPTCP_ADDR_NEST_612)
};
static const struct unl_nla_policy mptcp_set_limits_policy[] = {
	[MPTCP_PM_ATTR_RCV_ADD_ADDRS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_SUBFLOWS] = { .type = UNL_NLA_U32 },
};
static const struct unl_nla_policy mptcp_get_limits_policy[] = {
	[MPTCP_PM_ATTR_RCV_ADD_ADDRS] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_SUBFLOWS] = { .type = UNL_NLA_U32 },
};
#define MPTCP_SET_FLAGS_POLICY(nest)                                       \
	[MPTCP_PM_ATTR_ADDR] = nest,                                       \
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },                   \
	[MPTCP_PM_ATTR_ADDR_REMOTE] = nest,
static const struct unl_nla_policy mptcp_set_flags_policy[] = {
	MPTCP_SET_FLAGS_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_set_flags_policy_612[] = {
	MPTCP_SET_FLAGS_POLICY(MPTCP_ADDR_NEST_612)
};
#define MPTCP_ANNOUNCE_POLICY(nest)                                        \
	[MPTCP_PM_ATTR_ADDR] = nest,                                       \
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },
static const struct unl_nla_policy mptcp_announce_policy[] = {
	MPTCP_ANNOUNCE_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_announce_policy_612[] = {
	MPTCP_ANNOUNCE_POLICY(MPTCP_ADDR_NEST_612)
};
static const struct unl_nla_policy mptcp_remove_policy[] = {
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },
	[MPTCP_PM_ATTR_LOC_ID] = { .type = UNL_NLA_U8 },
};
#define MPTCP_SUBFLOW_CREATE_POLICY(nest)                                  \
	[MPTCP_PM_ATTR_ADDR] = nest,                                       \
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },                   \
	[MPTCP_PM_ATTR_ADDR_REMOTE] = nest,
static const struct unl_nla_policy mptcp_subflow_create_policy[] = {
	MPTCP_SUBFLOW_CREATE_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_subflow_create_policy_612[] = {
	MPTCP_SUBFLOW_CREATE_POLICY(MPTCP_ADDR_NEST_612)
};
#define MPTCP_SUBFLOW_DESTROY_POLICY(nest)                                 \
	[MPTCP_PM_ATTR_ADDR] = nest,                                       \
	[MPTCP_PM_ATTR_TOKEN] = { .type = UNL_NLA_U32 },                   \
	[MPTCP_PM_ATTR_ADDR_REMOTE] = nest,
static const struct unl_nla_policy mptcp_subflow_destroy_policy[] = {
	MPTCP_SUBFLOW_DESTROY_POLICY(MPTCP_ADDR_NEST)
};
static const struct unl_nla_policy mptcp_subflow_destroy_policy_612[] = {
	MPTCP_SUBFLOW_DESTROY_POLICY(MPTCP_ADDR_NEST_612)
};

/* ---- parsing an endpoint ---- */

/* GENL_REQ_ATTR_CHECK() */
static bool mptcp_attr_missing(struct unl_genl_info *info, int type)
{
	if (info->attrs[type])
		return false;
	UNL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
	return true;
}

/* mptcp_pm_parse_entry(): the address (its family required for an
 * addition), id, flags, interface and port. */
static int mptcp_parse_entry(const struct nlattr *attr,
			     struct unl_genl_info *info, bool require_family,
			     struct mptcp_endp *e, uint8_t *id, bool *has_id)
{
	const struct nlattr *tb[MPTCP_PM_ADDR_ATTR_MAX + 1];
	const struct nlattr *a;
	int err;

	memset(e, 0, sizeof(*e));
	*id = 0;
	if (!attr) {
		UNL_SET_ERR_MSG(info->extack, "missing address info");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, MPTCP_PM_ADDR_ATTR_MAX, attr,
				   mptcp_addr_policy, UNL_VALIDATE_LIBERAL,
				   info->extack);
	if (err)
		return err;
	*has_id = tb[MPTCP_PM_ADDR_ATTR_ID];
	if (tb[MPTCP_PM_ADDR_ATTR_ID])
		*id = unl_nla_get_u8(tb[MPTCP_PM_ADDR_ATTR_ID]);
	if (tb[MPTCP_PM_ADDR_ATTR_FAMILY]) {
		e->family = unl_nla_get_u16(tb[MPTCP_PM_ADDR_ATTR_FAMILY]);
		if (e->family != AF_INET && e->family != AF_INET6) {
			UNL_SET_ERR_MSG_ATTR(info->extack, attr,
					     "unknown address family");
			return -EINVAL;
		}
		a = tb[e->family == AF_INET ? MPTCP_PM_ADDR_ATTR_ADDR4
					    : MPTCP_PM_ADDR_ATTR_ADDR6];
		if (!a) {
			UNL_SET_ERR_MSG_ATTR(info->extack, attr,
					     "missing address data");
			return -EINVAL;
		}
		memcpy(e->addr, unl_nla_data(a),
		       e->family == AF_INET ? 4 : 16);
	} else if (require_family) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr, "missing family");
		return -EINVAL;
	}
	if (tb[MPTCP_PM_ADDR_ATTR_IF_IDX])
		e->ifindex = (int32_t)unl_nla_get_u32(tb[MPTCP_PM_ADDR_ATTR_IF_IDX]);
	if (tb[MPTCP_PM_ADDR_ATTR_FLAGS])
		e->flags = unl_nla_get_u32(tb[MPTCP_PM_ADDR_ATTR_FLAGS]);
	if (tb[MPTCP_PM_ADDR_ATTR_PORT])
		e->port = unl_nla_get_u16(tb[MPTCP_PM_ADDR_ATTR_PORT]);
	return 0;
}

/* address_use_port(): only a signal-only endpoint has a port. */
static bool mptcp_uses_port(const struct mptcp_endp *e)
{
	return (e->flags & (MPTCP_PM_ADDR_FLAG_SIGNAL |
			    MPTCP_PM_ADDR_FLAG_SUBFLOW)) ==
	       MPTCP_PM_ADDR_FLAG_SIGNAL;
}

/* mptcp_addresses_equal() */
static bool mptcp_same_addr(const struct mptcp_endp *a,
			    const struct mptcp_endp *b, bool use_port)
{
	if (a->family != b->family ||
	    memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16))
		return false;
	return !use_port || a->port == b->port;
}

/* ---- the in-kernel path manager's commands ---- */

/* mptcp_pm_nl_append_new_local_addr(): the id asked for, or the next
 * free one; the new id or -errno. */
static int mptcp_append_endp(struct mptcp_pm_net *pm, struct mptcp_endp *e,
			     unsigned int id, bool needs_id)
{
	if (pm->next_id == MPTCP_ID_MAX)
		pm->next_id = 1;
	if (pm->addrs >= MPTCP_ENDP_MAX)
		return -ERANGE;
	if (id && pm->endp[id].used)
		return -EBUSY;
	if (!mptcp_uses_port(e))
		e->port = 0;
	for (unsigned int i = 1; i <= MPTCP_ID_MAX; i++)
		if (pm->endp[i].used &&
		    mptcp_same_addr(&pm->endp[i], e,
				    pm->endp[i].port || e->port))
			return -EEXIST;
	if (!id && needs_id) {
		for (id = pm->next_id; id <= MPTCP_ID_MAX; id++)
			if (!pm->endp[id].used)
				break;
		if (id > MPTCP_ID_MAX && pm->next_id != 1)
			for (id = 1; id <= MPTCP_ID_MAX; id++)
				if (!pm->endp[id].used)
					break;
		if (id > MPTCP_ID_MAX)
			id = 0;
	}
	if (!id)
		return -EINVAL;
	if (id > pm->next_id)
		pm->next_id = id;
	e->used = true;
	pm->endp[id] = *e;
	pm->addrs++;
	return (int)id;
}

static int mptcp_add_addr_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	const struct nlattr *attr = info->attrs[MPTCP_PM_ATTR_ADDR];
	struct mptcp_endp e;
	uint8_t id;
	bool has_id;
	int err;

	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR))
		return -EINVAL;
	if (!pm)
		return -ENOMEM;
	err = mptcp_parse_entry(attr, info, true, &e, &id, &has_id);
	if (err)
		return err;
	if (e.port && !mptcp_uses_port(&e)) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr,
				     "flags must have signal and not subflow when using port");
		return -EINVAL;
	}
	if ((e.flags & MPTCP_PM_ADDR_FLAG_SIGNAL) &&
	    (e.flags & MPTCP_PM_ADDR_FLAG_FULLMESH)) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr,
				     "flags mustn't have both signal and fullmesh");
		return -EINVAL;
	}
	if (e.flags & MPTCP_PM_ADDR_FLAG_IMPLICIT) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr,
				     "can't create IMPLICIT endpoint");
		return -EINVAL;
	}
	err = mptcp_append_endp(pm, &e, id, !has_id);
	if (err < 0) {
		snprintf(info->extack->msg_buf, sizeof(info->extack->msg_buf),
			 "too many addresses or duplicate one: %d", err);
		UNL_SET_ERR_MSG(info->extack, info->extack->msg_buf);
		return err;
	}
	return 0;
}

static int mptcp_del_addr_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	const struct nlattr *attr = info->attrs[MPTCP_PM_ATTR_ADDR];
	struct mptcp_endp e;
	uint8_t id;
	bool has_id;
	int err;

	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR))
		return -EINVAL;
	if (!pm)
		return -ENOMEM;
	err = mptcp_parse_entry(attr, info, false, &e, &id, &has_id);
	if (err)
		return err;
	/* id 0 is every connection's first address, never an endpoint:
	 * removed from the connections (there are none) */
	if (!id)
		return 0;
	if (!pm->endp[id].used) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr, "address not found");
		return -EINVAL;
	}
	pm->endp[id].used = false;
	pm->addrs--;
	return 0;
}

/* mptcp_nl_fill_addr() */
static int mptcp_fill_endp(struct unl_skb *skb, const struct mptcp_endp *e,
			   unsigned int id)
{
	struct nlattr *nest = unl_nla_nest_start(skb, MPTCP_PM_ATTR_ADDR);

	if (!nest ||
	    unl_nla_put_u16(skb, MPTCP_PM_ADDR_ATTR_FAMILY, e->family) ||
	    unl_nla_put_u16(skb, MPTCP_PM_ADDR_ATTR_PORT, e->port) ||
	    unl_nla_put_u8(skb, MPTCP_PM_ADDR_ATTR_ID, (uint8_t)id) ||
	    unl_nla_put_u32(skb, MPTCP_PM_ADDR_ATTR_FLAGS, e->flags) ||
	    (e->ifindex && unl_nla_put_u32(skb, MPTCP_PM_ADDR_ATTR_IF_IDX,
					   (uint32_t)e->ifindex)) ||
	    unl_nla_put(skb, e->family == AF_INET ? MPTCP_PM_ADDR_ATTR_ADDR4
						  : MPTCP_PM_ADDR_ATTR_ADDR6,
			e->family == AF_INET ? 4 : 16, e->addr)) {
		if (nest)
			unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* A userspace path manager's connection, by its token: none exists. */
static int mptcp_no_token(struct unl_genl_info *info)
{
	UNL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_PM_ATTR_TOKEN],
			     "invalid token");
	return -EINVAL;
}

static int mptcp_get_addr_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	const struct nlattr *attr = info->attrs[MPTCP_PM_ATTR_ADDR];
	struct unl_skb *msg;
	struct mptcp_endp e;
	uint8_t id;
	bool has_id;
	void *hdr;
	int err;

	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR))
		return -EINVAL;
	if (!pm)
		return -ENOMEM;
	err = mptcp_parse_entry(attr, info, false, &e, &id, &has_id);
	if (err)
		return err;
	if (info->attrs[MPTCP_PM_ATTR_TOKEN])
		return mptcp_no_token(info);
	if (!id || !pm->endp[id].used) {
		UNL_SET_ERR_MSG(info->extack, "address not found");
		return -EINVAL;
	}
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0,
				    info->genlhdr->cmd);
	if (!hdr || mptcp_fill_endp(msg, &pm->endp[id], id)) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

/* mptcp_pm_nl_dump_addr(): by id; args[0] is the next one. */
static int mptcp_get_addr_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);

	if (!pm)
		return -ENOMEM;
	if (info->attrs[MPTCP_PM_ATTR_TOKEN]) {
		UNL_SET_ERR_MSG_ATTR(info->extack,
				     info->attrs[MPTCP_PM_ATTR_TOKEN],
				     "invalid token");
		return -EINVAL;
	}
	for (long id = cb->args[0] ? cb->args[0] : 1; id <= MPTCP_ID_MAX;
	     id++) {
		void *hdr;

		cb->args[0] = id;
		if (!pm->endp[id].used)
			continue;
		hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
				      cb->nlh->nlmsg_seq, info->family,
				      NLM_F_MULTI, MPTCP_PM_CMD_GET_ADDR);
		if (!hdr)
			return (int)unl_skb_len(skb);
		if (mptcp_fill_endp(skb, &pm->endp[id], (unsigned int)id)) {
			unl_genlmsg_cancel(skb, hdr);
			return (int)unl_skb_len(skb);
		}
		unl_genlmsg_end(skb, hdr);
	}
	cb->args[0] = MPTCP_ID_MAX + 1;
	return (int)unl_skb_len(skb);
}

static int mptcp_flush_addrs_doit(struct unl_skb *skb,
				  struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);

	(void)skb;
	if (!pm)
		return -ENOMEM;
	memset(pm->endp, 0, sizeof(pm->endp));
	pm->addrs = 0;
	pm->next_id = 1;
	return 0;
}

/* parse_limit() */
static int mptcp_limit(struct unl_genl_info *info, int type, uint32_t *limit)
{
	const struct nlattr *a = info->attrs[type];

	if (!a)
		return 0;
	*limit = unl_nla_get_u32(a);
	if (*limit > MPTCP_ENDP_MAX) {
		snprintf(info->extack->msg_buf, sizeof(info->extack->msg_buf),
			 "limit greater than maximum (%u)", MPTCP_ENDP_MAX);
		UNL_SET_ERR_MSG_ATTR(info->extack, a, info->extack->msg_buf);
		return -EINVAL;
	}
	return 0;
}

static int mptcp_set_limits_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	uint32_t rcv, subflows;
	int err;

	(void)skb;
	if (!pm)
		return -ENOMEM;
	rcv = pm->add_addr_accept_max;
	subflows = pm->subflows_max;
	err = mptcp_limit(info, MPTCP_PM_ATTR_RCV_ADD_ADDRS, &rcv);
	if (!err)
		err = mptcp_limit(info, MPTCP_PM_ATTR_SUBFLOWS, &subflows);
	if (err)
		return err;
	pm->add_addr_accept_max = rcv;
	pm->subflows_max = subflows;
	return 0;
}

static int mptcp_get_limits_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	struct unl_skb *msg;
	void *hdr;

	(void)skb;
	if (!pm)
		return -ENOMEM;
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0,
				    MPTCP_PM_CMD_GET_LIMITS);
	if (!hdr ||
	    unl_nla_put_u32(msg, MPTCP_PM_ATTR_RCV_ADD_ADDRS,
			    pm->add_addr_accept_max) ||
	    unl_nla_put_u32(msg, MPTCP_PM_ATTR_SUBFLOWS, pm->subflows_max)) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

/* mptcp_pm_nl_set_flags(): backup and fullmesh of an endpoint named by
 * address, or by id when no family is given. */
static int mptcp_set_flags_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	const uint32_t mask = MPTCP_PM_ADDR_FLAG_BACKUP |
			      MPTCP_PM_ADDR_FLAG_FULLMESH;
	struct mptcp_pm_net *pm = mptcp_pm_net(info->net);
	const struct nlattr *attr = info->attrs[MPTCP_PM_ATTR_ADDR];
	struct mptcp_endp e, *found = NULL;
	uint8_t id;
	bool has_id;
	int err;

	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR))
		return -EINVAL;
	if (!pm)
		return -ENOMEM;
	err = mptcp_parse_entry(attr, info, false, &e, &id, &has_id);
	if (err)
		return err;
	if (info->attrs[MPTCP_PM_ATTR_TOKEN])
		return mptcp_no_token(info);
	if (!e.family) {
		if (!id) {
			UNL_SET_ERR_MSG_ATTR(info->extack, attr,
					     "missing address ID");
			return -EOPNOTSUPP;
		}
		found = pm->endp[id].used ? &pm->endp[id] : NULL;
	} else {
		for (unsigned int i = 1; !found && i <= MPTCP_ID_MAX; i++)
			if (pm->endp[i].used &&
			    mptcp_same_addr(&pm->endp[i], &e,
					    pm->endp[i].port))
				found = &pm->endp[i];
	}
	if (!found) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr, "address not found");
		return -EINVAL;
	}
	if ((e.flags & MPTCP_PM_ADDR_FLAG_FULLMESH) &&
	    (found->flags & (MPTCP_PM_ADDR_FLAG_SIGNAL |
			     MPTCP_PM_ADDR_FLAG_IMPLICIT))) {
		UNL_SET_ERR_MSG_ATTR(info->extack, attr, "invalid addr flags");
		return -EINVAL;
	}
	found->flags = (found->flags & ~mask) | (e.flags & mask);
	return 0;
}

/* ---- the userspace path manager's commands: no connection ---- */

static int mptcp_announce_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_TOKEN) ||
	    mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR))
		return -EINVAL;
	return mptcp_no_token(info);
}

static int mptcp_remove_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_TOKEN) ||
	    mptcp_attr_missing(info, MPTCP_PM_ATTR_LOC_ID))
		return -EINVAL;
	return mptcp_no_token(info);
}

static int mptcp_subflow_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	if (mptcp_attr_missing(info, MPTCP_PM_ATTR_TOKEN) ||
	    mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR) ||
	    mptcp_attr_missing(info, MPTCP_PM_ATTR_ADDR_REMOTE))
		return -EINVAL;
	return mptcp_no_token(info);
}

/* ---- the family ---- */

#define MPTCP_OP(c, fn, pol, maxt)                                         \
	{ .cmd = (c), .doit = (fn), .policy = (pol##_612),                 \
	  .maxattr = (maxt), .flags = GENL_UNS_ADMIN_PERM,                 \
	  .since = MPTCP_PER_OP_POLICY_SINCE,                              \
	  .until = MPTCP_ADDR_BE32_SINCE },                                \
	{ .cmd = (c), .doit = (fn), .policy = (pol), .maxattr = (maxt),    \
	  .flags = GENL_UNS_ADMIN_PERM, .since = MPTCP_ADDR_BE32_SINCE }
/* a command without an address: one policy since 6.7 */
#define MPTCP_OP_NO_ADDR(c, fn, pol, maxt)                                 \
	{ .cmd = (c), .doit = (fn), .policy = (pol), .maxattr = (maxt),    \
	  .flags = GENL_UNS_ADMIN_PERM, .since = MPTCP_PER_OP_POLICY_SINCE }
#define MPTCP_OP_61(c, fn)                                                 \
	{ .cmd = (c), .doit = (fn), .flags = GENL_UNS_ADMIN_PERM,          \
	  .until = MPTCP_PER_OP_POLICY_SINCE }

static const struct unl_genl_ops mptcp_pm_ops[] = {
	/* 6.1's, in its order, with the family's policy */
	MPTCP_OP_61(MPTCP_PM_CMD_ADD_ADDR, mptcp_add_addr_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_DEL_ADDR, mptcp_del_addr_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_FLUSH_ADDRS, mptcp_flush_addrs_doit),
	{ .cmd = MPTCP_PM_CMD_GET_ADDR, .doit = mptcp_get_addr_doit,
	  .dumpit = mptcp_get_addr_dumpit,
	  .until = MPTCP_PER_OP_POLICY_SINCE },
	MPTCP_OP_61(MPTCP_PM_CMD_SET_LIMITS, mptcp_set_limits_doit),
	{ .cmd = MPTCP_PM_CMD_GET_LIMITS, .doit = mptcp_get_limits_doit,
	  .until = MPTCP_PER_OP_POLICY_SINCE },
	MPTCP_OP_61(MPTCP_PM_CMD_SET_FLAGS, mptcp_set_flags_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_ANNOUNCE, mptcp_announce_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_REMOVE, mptcp_remove_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_SUBFLOW_CREATE, mptcp_subflow_doit),
	MPTCP_OP_61(MPTCP_PM_CMD_SUBFLOW_DESTROY, mptcp_subflow_doit),
	/* 6.7's and later */
	MPTCP_OP(MPTCP_PM_CMD_ADD_ADDR, mptcp_add_addr_doit,
		 mptcp_add_addr_policy, MPTCP_PM_ATTR_ADDR),
	MPTCP_OP(MPTCP_PM_CMD_DEL_ADDR, mptcp_del_addr_doit,
		 mptcp_del_addr_policy, MPTCP_PM_ATTR_ADDR),
	{ .cmd = MPTCP_PM_CMD_GET_ADDR, .doit = mptcp_get_addr_doit,
	  .dumpit = mptcp_get_addr_dumpit,
	  .policy = mptcp_get_addr_policy_612,
	  .maxattr = MPTCP_PM_ATTR_TOKEN,
	  .since = MPTCP_PER_OP_POLICY_SINCE,
	  .until = MPTCP_ADDR_BE32_SINCE },
	{ .cmd = MPTCP_PM_CMD_GET_ADDR, .doit = mptcp_get_addr_doit,
	  .dumpit = mptcp_get_addr_dumpit, .policy = mptcp_get_addr_policy,
	  .maxattr = MPTCP_PM_ATTR_TOKEN, .since = MPTCP_ADDR_BE32_SINCE },
	MPTCP_OP(MPTCP_PM_CMD_FLUSH_ADDRS, mptcp_flush_addrs_doit,
		 mptcp_flush_addrs_policy, MPTCP_PM_ATTR_ADDR),
	MPTCP_OP_NO_ADDR(MPTCP_PM_CMD_SET_LIMITS, mptcp_set_limits_doit,
			 mptcp_set_limits_policy, MPTCP_PM_ATTR_SUBFLOWS),
	{ .cmd = MPTCP_PM_CMD_GET_LIMITS, .doit = mptcp_get_limits_doit,
	  .policy = mptcp_get_limits_policy,
	  .maxattr = MPTCP_PM_ATTR_SUBFLOWS,
	  .since = MPTCP_PER_OP_POLICY_SINCE },
	MPTCP_OP(MPTCP_PM_CMD_SET_FLAGS, mptcp_set_flags_doit,
		 mptcp_set_flags_policy, MPTCP_PM_ATTR_ADDR_REMOTE),
	MPTCP_OP(MPTCP_PM_CMD_ANNOUNCE, mptcp_announce_doit,
		 mptcp_announce_policy, MPTCP_PM_ATTR_TOKEN),
	MPTCP_OP_NO_ADDR(MPTCP_PM_CMD_REMOVE, mptcp_remove_doit,
			 mptcp_remove_policy,
			 MPTCP_PM_ATTR_LOC_ID),
	MPTCP_OP(MPTCP_PM_CMD_SUBFLOW_CREATE, mptcp_subflow_doit,
		 mptcp_subflow_create_policy, MPTCP_PM_ATTR_ADDR_REMOTE),
	MPTCP_OP(MPTCP_PM_CMD_SUBFLOW_DESTROY, mptcp_subflow_doit,
		 mptcp_subflow_destroy_policy, MPTCP_PM_ATTR_ADDR_REMOTE),
};

static const struct unl_genl_multicast_group mptcp_pm_mcgrps[] = {
	{ .name = MPTCP_PM_CMD_GRP_NAME },
	{ .name = MPTCP_PM_EV_GRP_NAME, .flags = UNL_GENL_MCAST_CAP_NET_ADMIN },
};

void mptcp_pm_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, MPTCP_PM_NAME);
	family->version = MPTCP_PM_VER;
	family->netnsok = true;
	family->parallel_ops = true;
	family->policy = mptcp_pm_policy_61;
	family->maxattr = MPTCP_PM_ATTR_ADDR_REMOTE;
	family->policy_until = MPTCP_PER_OP_POLICY_SINCE;
	family->resv_start_op = MPTCP_PM_CMD_SUBFLOW_DESTROY + 1;
	family->ops = mptcp_pm_ops;
	family->n_ops = sizeof(mptcp_pm_ops) / sizeof(mptcp_pm_ops[0]);
	family->mcgrps = mptcp_pm_mcgrps;
	family->n_mcgrps = 2;
}
