// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nfnetlink_log (net/netfilter/nfnetlink_log.c, NFNL_SUBSYS_ULOG): the
 * logging instances of a net, one per group, each bound to the socket
 * that made it (its port id) and configured by it: copy mode and range,
 * buffer size, flush timeout, queue threshold, flags.  Also which
 * protocol families log through nfnetlink_log (PF_BIND).  No packet
 * flows, so none is ever logged; an instance goes with its socket.
 */
#include <errno.h>
#include <stdlib.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nf_conntrack.h"
#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/nfnl_instance.h"

#define ENOTSUPP_ 524 /* the kernel's internal ENOTSUPP */
#define NLA_HDRLEN_ 4
#define NFULNL_COPY_RANGE_MAX_ (0xFFFF - NLA_HDRLEN_)
#define NFULNL_NLBUFSIZ_DEFAULT_ 3776 /* NLMSG_GOODSIZE */
#define NFULNL_NLBUFSIZ_MAX_ 131072
#define NFULNL_TIMEOUT_DEFAULT_ 100
#define NFULNL_QTHRESH_DEFAULT_ 100

struct nfulnl_instance {
	struct nfnl_instance base; /* its group */
	uint32_t nlbufsiz, flushtimeout, qthresh, copy_range;
	uint8_t copy_mode;
	uint16_t flags;
};

struct nfulnl_net {
	struct unl_net *net;
	struct nfnl_net *nn;
	struct nfnl_instances instances;
};

static const struct unl_nla_policy nfula_cfg_policy[NFULA_CFG_MAX + 1] = {
	[NFULA_CFG_CMD] = { .len = sizeof(struct nfulnl_msg_config_cmd) },
	[NFULA_CFG_MODE] = { .len = sizeof(struct nfulnl_msg_config_mode) },
	[NFULA_CFG_TIMEOUT] = { .type = UNL_NLA_U32 },
	[NFULA_CFG_QTHRESH] = { .type = UNL_NLA_U32 },
	[NFULA_CFG_NLBUFSIZ] = { .type = UNL_NLA_U32 },
	[NFULA_CFG_FLAGS] = { .type = UNL_NLA_U16 },
};

static struct nfulnl_instance *instance_create(struct nfulnl_net *ln,
					       uint16_t group, uint32_t portid)
{
	struct nfulnl_instance *inst = (struct nfulnl_instance *)
		nfnl_instance_add(&ln->instances, group, portid, sizeof(*inst));

	if (!inst)
		return NULL;
	inst->nlbufsiz = NFULNL_NLBUFSIZ_DEFAULT_;
	inst->flushtimeout = NFULNL_TIMEOUT_DEFAULT_;
	inst->qthresh = NFULNL_QTHRESH_DEFAULT_;
	inst->copy_range = NFULNL_COPY_RANGE_MAX_;
	inst->copy_mode = NFULNL_COPY_PACKET;
	return inst;
}

/* nfulnl_set_mode(), nfulnl_set_nlbufsiz(): Linux ignores what they
 * refuse (an unknown mode, a size out of range): so do we. */
static void nfulnl_set_mode(struct nfulnl_instance *inst, uint8_t mode,
			    uint32_t range)
{
	switch (mode) {
	case NFULNL_COPY_NONE:
	case NFULNL_COPY_META:
		inst->copy_mode = mode;
		inst->copy_range = 0;
		break;
	case NFULNL_COPY_PACKET:
		inst->copy_mode = mode;
		if (range == 0 || range > NFULNL_COPY_RANGE_MAX_)
			range = NFULNL_COPY_RANGE_MAX_;
		inst->copy_range = range;
		break;
	}
}

static void nfulnl_set_nlbufsiz(struct nfulnl_instance *inst, uint32_t size)
{
	if (size >= NFULNL_NLBUFSIZ_DEFAULT_ && size <= NFULNL_NLBUFSIZ_MAX_)
		inst->nlbufsiz = size;
}

/* nf_log_bind_pf(), nf_log_unbind_pf(): nfnetlink_log is a logger of
 * every family; the net's nf_log/N shows which one a family uses, and
 * an unbind leaves it none, whichever it was. */
static int nfulnl_pf_cmd(struct nfulnl_net *ln, uint8_t cmd, uint8_t pf)
{
	void *nf_log = nfnl_net_nf_log(ln->nn);

	if (cmd == NFULNL_CFG_CMD_PF_BIND) {
		if (pf >= NFPROTO_NUMPROTO)
			return -EINVAL;
		nf_log_bind(nf_log, pf, "nfnetlink_log");
	} else if (pf < NFPROTO_NUMPROTO) {
		nf_log_unbind(nf_log, pf);
	}
	return 0;
}

static void nfulnl_apply(struct nfulnl_instance *inst,
			 const struct nlattr *const nfula[], uint16_t flags)
{
	if (nfula[NFULA_CFG_MODE]) {
		const struct nfulnl_msg_config_mode *m =
			unl_nla_data(nfula[NFULA_CFG_MODE]);

		nfulnl_set_mode(inst, m->copy_mode, ntohl(m->copy_range));
	}
	if (nfula[NFULA_CFG_TIMEOUT])
		inst->flushtimeout = ntohl(unl_nla_get_u32(nfula[NFULA_CFG_TIMEOUT]));
	if (nfula[NFULA_CFG_NLBUFSIZ])
		nfulnl_set_nlbufsiz(inst,
				    ntohl(unl_nla_get_u32(nfula[NFULA_CFG_NLBUFSIZ])));
	if (nfula[NFULA_CFG_QTHRESH])
		inst->qthresh = ntohl(unl_nla_get_u32(nfula[NFULA_CFG_QTHRESH]));
	if (nfula[NFULA_CFG_FLAGS])
		inst->flags = flags;
}

/* nfulnl_recv_config() */
static int nfulnl_recv_config(struct unl_skb *skb, const struct nfnl_info *info,
			      const struct nlattr *const nfula[])
{
	struct nfulnl_net *ln = info->priv;
	uint16_t group = ntohs(info->nfmsg->res_id), flags = 0;
	uint32_t portid = unl_skb_cb(skb)->portid;
	const struct nfulnl_msg_config_cmd *cmd = NULL;
	struct nfnl_instance **pp;

	if (nfula[NFULA_CFG_CMD]) {
		cmd = unl_nla_data(nfula[NFULA_CFG_CMD]);
		/* the commands about a family, not an instance */
		if (cmd->command == NFULNL_CFG_CMD_PF_BIND ||
		    cmd->command == NFULNL_CFG_CMD_PF_UNBIND)
			return nfulnl_pf_cmd(ln, cmd->command,
					     info->nfmsg->nfgen_family);
	}
	pp = nfnl_instance_slot(&ln->instances, group);
	if (*pp && (*pp)->peer_portid != portid)
		return -EPERM;
	if (nfula[NFULA_CFG_FLAGS]) {
		flags = ntohs(unl_nla_get_u16(nfula[NFULA_CFG_FLAGS]));
		/* conntrack data needs the nfnetlink glue */
		if ((flags & NFULNL_CFG_F_CONNTRACK) &&
		    !unl_profile_has(unl_net_profile(ln->net),
				     UNL_PROFILE_FEATURE,
				     "NETFILTER_NETLINK_GLUE_CT"))
			return -EOPNOTSUPP;
	}
	if (cmd) {
		switch (cmd->command) {
		case NFULNL_CFG_CMD_BIND:
			if (*pp)
				return -EBUSY;
			if (!instance_create(ln, group, portid))
				return -ENOMEM;
			pp = &ln->instances.head;
			break;
		case NFULNL_CFG_CMD_UNBIND:
			if (!*pp)
				return -ENODEV;
			nfnl_instance_destroy(pp);
			return 0;
		default:
			return -ENOTSUPP_;
		}
	} else if (!*pp) {
		return -ENODEV;
	}
	nfulnl_apply((struct nfulnl_instance *)*pp, nfula, flags);
	return 0;
}

/* nfulnl_recv_unsupp(): packets go from the kernel only */
static int nfulnl_recv_unsupp(struct unl_skb *skb,
			      const struct nfnl_info *info,
			      const struct nlattr *const nfula[])
{
	(void)skb;
	(void)info;
	(void)nfula;
	return -ENOTSUPP_;
}

static const struct nfnl_callback nfulnl_cb[NFULNL_MSG_MAX] = {
	[NFULNL_MSG_PACKET] = { .call = nfulnl_recv_unsupp,
				.type = NFNL_CB_MUTEX,
				.attr_count = NFULA_MAX },
	[NFULNL_MSG_CONFIG] = { .call = nfulnl_recv_config,
				.type = NFNL_CB_MUTEX,
				.attr_count = NFULA_CFG_MAX,
				.policy = nfula_cfg_policy },
};

/* a line of /proc/net/netfilter/nfnetlink_log; the third column,
 * packets waiting, is always 0 */
static void nfulnl_proc_row(const struct nfnl_instance *base, FILE *out)
{
	const struct nfulnl_instance *i = (const struct nfulnl_instance *)base;

	fprintf(out, "%5u %6u %5u %1u %5u %6u %2u\n", base->num,
		base->peer_portid, 0u, i->copy_mode, i->copy_range,
		i->flushtimeout, 1u);
}

static bool nfulnl_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE,
			       "NETFILTER_NETLINK_LOG");
}

static int nfulnl_net_init(struct nfnl_net *nn, void **priv)
{
	struct nfulnl_net *ln = calloc(1, sizeof(*ln));
	int err;

	if (!ln)
		return -ENOMEM;
	ln->net = nfnl_net_net(nn);
	ln->nn = nn;
	err = nfnl_instances_init(&ln->instances, ln->net,
				  "netfilter/nfnetlink_log", nfulnl_proc_row);
	if (err < 0) {
		free(ln);
		return err;
	}
	*priv = ln;
	return 0;
}

static void nfulnl_net_exit(void *priv)
{
	struct nfulnl_net *ln = priv;

	nfnl_instances_fini(&ln->instances);
	free(ln);
}

const struct nfnl_subsystem nfulnl_subsys = {
	.name = "log",
	.subsys_id = NFNL_SUBSYS_ULOG,
	.cb_count = NFULNL_MSG_MAX,
	.cb = nfulnl_cb,
	.offered = nfulnl_offered,
	.net_init = nfulnl_net_init,
	.net_exit = nfulnl_net_exit,
};
