// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bpf (net/sched/cls_bpf.c) as far as this model goes: a filter needs a
 * program, classic (TCA_BPF_OPS) or eBPF (TCA_BPF_FD), and there is no
 * verifier nor program here, so a request that names one is refused
 * (docs/conformance.md); what Linux refuses before it looks at the
 * program is refused as Linux refuses it.  No filter is ever made.
 */
#include <errno.h>

#include <linux/filter.h>

#include "proto/route/sched/cls.h"

static const struct unl_nla_policy bpf_policy[TCA_BPF_MAX + 1] = {
	[TCA_BPF_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_BPF_FLAGS] = { .type = UNL_NLA_U32 },
	[TCA_BPF_FLAGS_GEN] = { .type = UNL_NLA_U32 },
	[TCA_BPF_FD] = { .type = UNL_NLA_U32 },
	[TCA_BPF_NAME] = { .type = UNL_NLA_STRING, .len = 256 },
	[TCA_BPF_OPS_LEN] = { .type = UNL_NLA_U16 },
	[TCA_BPF_OPS] = { .type = UNL_NLA_BINARY,
			  .len = 4096 * sizeof(struct sock_filter) },
};

static int bpf_init(struct rtnl_tcf_proto *tp)
{
	(void)tp;
	return 0;
}

static void bpf_destroy(struct rtnl_tcf_proto *tp)
{
	(void)tp;
}

static void *bpf_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	(void)tp;
	(void)handle;
	return NULL;
}

/* cls_bpf_change() and cls_bpf_set_parms() up to the program */
static int bpf_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		      unsigned long base, uint32_t handle,
		      const struct nlattr **tca, void **arg, uint32_t flags,
		      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_BPF_MAX + 1];
	bool is_bpf, is_ebpf;
	int err;

	(void)rn;
	(void)tp;
	(void)base;
	(void)handle;
	(void)arg;
	(void)flags;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	err = unl_nla_parse_nested(tb, TCA_BPF_MAX, tca[TCA_OPTIONS], bpf_policy,
				   UNL_VALIDATE_LIBERAL, NULL);
	if (err)
		return err;
	is_bpf = tb[TCA_BPF_OPS_LEN] && tb[TCA_BPF_OPS];
	is_ebpf = tb[TCA_BPF_FD] != NULL;
	if (is_bpf == is_ebpf)
		return -EINVAL;
	UNL_SET_ERR_MSG(extack, "unetlink: BPF programs are not modelled");
	return -EOPNOTSUPP;
}

static int bpf_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		      struct unl_ext_ack *extack)
{
	(void)tp;
	(void)fh;
	(void)extack;
	*last = true;
	return 0;
}

static void bpf_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	(void)tp;
	(void)w;
}

static int bpf_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		    struct tcmsg *t)
{
	(void)tp;
	(void)fh;
	(void)skb;
	(void)t;
	return 0;
}

const struct rtnl_tcf_proto_ops rtnl_cls_bpf_ops = {
	.kind = "bpf",
	.init = bpf_init,
	.destroy = bpf_destroy,
	.get = bpf_get,
	.change = bpf_change,
	.delete = bpf_delete,
	.walk = bpf_walk,
	.dump = bpf_dump,
};
