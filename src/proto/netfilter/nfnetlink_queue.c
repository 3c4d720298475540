// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nfnetlink_queue (net/netfilter/nfnetlink_queue.c, NFNL_SUBSYS_QUEUE):
 * the queues of a net, each bound to the socket that made it (its port
 * id) and configured by it: copy mode and range, maximum length, flags.
 * No packet flows, so no packet is ever queued: a verdict names a
 * packet id that is not there, and gets what Linux answers for one.
 * A queue goes with its socket.
 */
#include <errno.h>
#include <stdlib.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/nfnl_instance.h"

#define ENOTSUPP_ 524 /* the kernel's internal ENOTSUPP */
#define NLA_HDRLEN_ 4
#define NFQNL_MAX_COPY_RANGE_ (0xffff - NLA_HDRLEN_)
#define NFQNL_QMAX_DEFAULT_ 1024
#define NF_VERDICT_MASK_ 0x000000ff
#define NF_MAX_VERDICT_ NF_STOP

struct nfqnl_instance {
	struct nfnl_instance base; /* its queue number */
	uint32_t queue_maxlen, copy_range, flags;
	uint8_t copy_mode;
};

struct nfqnl_net {
	struct unl_net *net;
	struct nfnl_instances instances;
};

static const struct unl_nla_policy nfqa_cfg_policy[NFQA_CFG_MAX + 1] = {
	[NFQA_CFG_CMD] = { .len = sizeof(struct nfqnl_msg_config_cmd) },
	[NFQA_CFG_PARAMS] = { .len = sizeof(struct nfqnl_msg_config_params) },
	[NFQA_CFG_QUEUE_MAXLEN] = { .type = UNL_NLA_U32 },
	[NFQA_CFG_MASK] = { .type = UNL_NLA_U32 },
	[NFQA_CFG_FLAGS] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy nfqa_vrd_policy[NFQA_MAX + 1] = {
	[NFQA_VERDICT_HDR] = { .len = sizeof(struct nfqnl_msg_verdict_hdr) },
	[NFQA_MARK] = { .type = UNL_NLA_U32 },
	[NFQA_PAYLOAD] = { .type = UNL_NLA_UNSPEC },
	[NFQA_CT] = { .type = UNL_NLA_UNSPEC },
	[NFQA_EXP] = { .type = UNL_NLA_UNSPEC },
	[NFQA_VLAN] = { .type = UNL_NLA_NESTED },
	[NFQA_PRIORITY] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy nfqa_vrd_batch_policy[NFQA_MAX + 1] = {
	[NFQA_VERDICT_HDR] = { .len = sizeof(struct nfqnl_msg_verdict_hdr) },
	[NFQA_MARK] = { .type = UNL_NLA_U32 },
};

static struct nfqnl_instance *instance_create(struct nfqnl_net *qn,
					      uint16_t num, uint32_t portid)
{
	struct nfqnl_instance *q = (struct nfqnl_instance *)
		nfnl_instance_add(&qn->instances, num, portid, sizeof(*q));

	if (!q)
		return NULL;
	q->queue_maxlen = NFQNL_QMAX_DEFAULT_;
	q->copy_range = NFQNL_MAX_COPY_RANGE_;
	q->copy_mode = NFQNL_COPY_NONE;
	return q;
}

/* nfqnl_set_mode(): Linux ignores an unknown mode; so do we. */
static void nfqnl_set_mode(struct nfqnl_instance *q, uint8_t mode,
			   uint32_t range)
{
	switch (mode) {
	case NFQNL_COPY_NONE:
	case NFQNL_COPY_META:
		q->copy_mode = mode;
		q->copy_range = 0;
		break;
	case NFQNL_COPY_PACKET:
		q->copy_mode = mode;
		q->copy_range = range > NFQNL_MAX_COPY_RANGE_
					? NFQNL_MAX_COPY_RANGE_
					: range;
		break;
	}
}

/* Flags are checked before anything changes: those this kernel lacks
 * refuse the whole message. */
static int nfqnl_check_flags(const struct nfqnl_net *qn,
			     const struct nlattr *const nfqa[],
			     uint32_t *flags, uint32_t *mask)
{
	const struct unl_profile *p = unl_net_profile(qn->net);

	if (!nfqa[NFQA_CFG_FLAGS])
		return 0;
	/* the mask says which flags change */
	if (!nfqa[NFQA_CFG_MASK])
		return -EINVAL;
	*flags = ntohl(unl_nla_get_u32(nfqa[NFQA_CFG_FLAGS]));
	*mask = ntohl(unl_nla_get_u32(nfqa[NFQA_CFG_MASK]));
	if (*flags >= NFQA_CFG_F_MAX)
		return -EOPNOTSUPP;
	if ((*flags & *mask & NFQA_CFG_F_SECCTX) &&
	    !unl_profile_has(p, UNL_PROFILE_FEATURE, "NETWORK_SECMARK"))
		return -EOPNOTSUPP;
	if ((*flags & *mask & NFQA_CFG_F_CONNTRACK) &&
	    !unl_profile_has(p, UNL_PROFILE_FEATURE,
			     "NETFILTER_NETLINK_GLUE_CT"))
		return -EOPNOTSUPP;
	return 0;
}

static void nfqnl_apply(struct nfqnl_instance *q,
			const struct nlattr *const nfqa[], uint32_t flags,
			uint32_t mask)
{
	if (nfqa[NFQA_CFG_PARAMS]) {
		const struct nfqnl_msg_config_params *params =
			unl_nla_data(nfqa[NFQA_CFG_PARAMS]);

		nfqnl_set_mode(q, params->copy_mode,
			       ntohl(params->copy_range));
	}
	if (nfqa[NFQA_CFG_QUEUE_MAXLEN])
		q->queue_maxlen =
			ntohl(unl_nla_get_u32(nfqa[NFQA_CFG_QUEUE_MAXLEN]));
	if (nfqa[NFQA_CFG_FLAGS]) {
		q->flags &= ~mask;
		q->flags |= flags & mask;
	}
}

/* nfqnl_recv_config() */
static int nfqnl_recv_config(struct unl_skb *skb, const struct nfnl_info *info,
			     const struct nlattr *const nfqa[])
{
	struct nfqnl_net *qn = info->priv;
	uint16_t num = ntohs(info->nfmsg->res_id);
	uint32_t portid = unl_skb_cb(skb)->portid, flags = 0, mask = 0;
	const struct nfqnl_msg_config_cmd *cmd = NULL;
	struct nfnl_instance **pp;
	int err;

	if (nfqa[NFQA_CFG_CMD]) {
		cmd = unl_nla_data(nfqa[NFQA_CFG_CMD]);
		/* obsolete, and without a queue */
		if (cmd->command == NFQNL_CFG_CMD_PF_BIND ||
		    cmd->command == NFQNL_CFG_CMD_PF_UNBIND)
			return 0;
	}
	err = nfqnl_check_flags(qn, nfqa, &flags, &mask);
	if (err < 0)
		return err;
	pp = nfnl_instance_slot(&qn->instances, num);
	if (*pp && (*pp)->peer_portid != portid)
		return -EPERM;
	if (cmd) {
		switch (cmd->command) {
		case NFQNL_CFG_CMD_BIND:
			if (*pp)
				return -EBUSY;
			if (!instance_create(qn, num, portid))
				return -ENOMEM;
			pp = &qn->instances.head;
			break;
		case NFQNL_CFG_CMD_UNBIND:
			if (!*pp)
				return -ENODEV;
			nfnl_instance_destroy(pp);
			return 0;
		default:
			return -EOPNOTSUPP;
		}
	}
	if (!*pp)
		return -ENODEV;
	nfqnl_apply((struct nfqnl_instance *)*pp, nfqa, flags, mask);
	return 0;
}

/* verdict_instance_lookup() and verdicthdr_get(): the queue must be
 * the sender's, the verdict one Linux knows. */
static int nfqnl_verdict_check(struct nfqnl_net *qn,
			       const struct nfnl_info *info, uint32_t portid,
			       const struct nlattr *const nfqa[])
{
	const struct nfnl_instance *q =
		*nfnl_instance_slot(&qn->instances, ntohs(info->nfmsg->res_id));
	const struct nfqnl_msg_verdict_hdr *vhdr;
	uint32_t verdict;

	if (!q)
		return -ENODEV;
	if (q->peer_portid != portid)
		return -EPERM;
	if (!nfqa[NFQA_VERDICT_HDR])
		return -EINVAL;
	vhdr = unl_nla_data(nfqa[NFQA_VERDICT_HDR]);
	verdict = ntohl(vhdr->verdict) & NF_VERDICT_MASK_;
	if (verdict > NF_MAX_VERDICT_ || verdict == NF_STOLEN)
		return -EINVAL;
	return 0;
}

/* nfqnl_recv_verdict(): no packet waits, so none has the id */
static int nfqnl_recv_verdict(struct unl_skb *skb, const struct nfnl_info *info,
			      const struct nlattr *const nfqa[])
{
	int err = nfqnl_verdict_check(info->priv, info,
				      unl_skb_cb(skb)->portid, nfqa);

	return err < 0 ? err : -ENOENT;
}

/* nfqnl_recv_verdict_batch(): the packets up to the id; none waits,
 * and an empty batch is ENOENT */
static int nfqnl_recv_verdict_batch(struct unl_skb *skb,
				    const struct nfnl_info *info,
				    const struct nlattr *const nfqa[])
{
	int err = nfqnl_verdict_check(info->priv, info,
				      unl_skb_cb(skb)->portid, nfqa);

	return err < 0 ? err : -ENOENT;
}

/* nfqnl_recv_unsupp(): packets go from the kernel only */
static int nfqnl_recv_unsupp(struct unl_skb *skb, const struct nfnl_info *info,
			     const struct nlattr *const nfqa[])
{
	(void)skb;
	(void)info;
	(void)nfqa;
	return -ENOTSUPP_;
}

static const struct nfnl_callback nfqnl_cb[NFQNL_MSG_MAX] = {
	[NFQNL_MSG_PACKET] = { .call = nfqnl_recv_unsupp,
			       .type = NFNL_CB_RCU,
			       .attr_count = NFQA_MAX },
	[NFQNL_MSG_VERDICT] = { .call = nfqnl_recv_verdict,
				.type = NFNL_CB_RCU,
				.attr_count = NFQA_MAX,
				.policy = nfqa_vrd_policy },
	[NFQNL_MSG_CONFIG] = { .call = nfqnl_recv_config,
			       .type = NFNL_CB_MUTEX,
			       .attr_count = NFQA_CFG_MAX,
			       .policy = nfqa_cfg_policy },
	[NFQNL_MSG_VERDICT_BATCH] = { .call = nfqnl_recv_verdict_batch,
				      .type = NFNL_CB_RCU,
				      .attr_count = NFQA_MAX,
				      .policy = nfqa_vrd_batch_policy },
};

/* a line of /proc/net/netfilter/nfnetlink_queue: no packet was ever
 * queued or dropped */
static void nfqnl_proc_row(const struct nfnl_instance *base, FILE *out)
{
	const struct nfqnl_instance *q = (const struct nfqnl_instance *)base;

	fprintf(out, "%5u %6u %5u %1u %5u %5u %5u %8u %2d\n", base->num,
		base->peer_portid, 0u, q->copy_mode, q->copy_range, 0u, 0u, 0u,
		1);
}

static bool nfqnl_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE,
			       "NETFILTER_NETLINK_QUEUE");
}

static int nfqnl_net_init(struct nfnl_net *nn, void **priv)
{
	struct nfqnl_net *qn = calloc(1, sizeof(*qn));
	int err;

	if (!qn)
		return -ENOMEM;
	qn->net = nfnl_net_net(nn);
	err = nfnl_instances_init(&qn->instances, qn->net,
				  "netfilter/nfnetlink_queue", nfqnl_proc_row);
	if (err < 0) {
		free(qn);
		return err;
	}
	*priv = qn;
	return 0;
}

static void nfqnl_net_exit(void *priv)
{
	struct nfqnl_net *qn = priv;

	nfnl_instances_fini(&qn->instances);
	free(qn);
}

const struct nfnl_subsystem nfqnl_subsys = {
	.name = "nf_queue",
	.subsys_id = NFNL_SUBSYS_QUEUE,
	.cb_count = NFQNL_MSG_MAX,
	.cb = nfqnl_cb,
	.offered = nfqnl_offered,
	.net_init = nfqnl_net_init,
	.net_exit = nfqnl_net_exit,
};
