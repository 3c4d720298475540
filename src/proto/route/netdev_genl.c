// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "netdev" generic netlink family (net/core/netdev-genl.c), as
 * Linux 6.18 has it: what each device offers XDP, its queues in use,
 * its NAPI instances and their settings, queue statistics and page
 * pools (none here: nothing is received), and the memory-provider
 * bindings (refused: no device here can take one).  Devices come and
 * go on the "mgmt" group.
 *
 * NAPI instances exist where Linux makes them for these kinds: a veth
 * receiving with GRO while up has one per receive queue.  Their ids
 * come from one counter per world, as napi_hash_add() counts for the
 * machine; the first is MIN_NAPI_ID (NR_CPUS + 1, for 256 CPUs).
 * Threaded polling, which needs a kernel thread with a PID, is refused
 * (docs/conformance.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/link/kinds.h"

/* The uapi of <linux/netdev.h> (Linux 6.4 on), which older
 * linux-libc-dev packages lack: the numbers are the kernel's. */
#if __has_include(<linux/netdev.h>)
#include <linux/netdev.h>
#else
#define NETDEV_FAMILY_NAME "netdev"
#define NETDEV_FAMILY_VERSION 1
enum {
	NETDEV_A_DEV_IFINDEX = 1,
	NETDEV_A_DEV_PAD,
	NETDEV_A_DEV_XDP_FEATURES,
	NETDEV_A_DEV_XDP_ZC_MAX_SEGS,
	NETDEV_A_DEV_XDP_RX_METADATA_FEATURES,
	NETDEV_A_DEV_XSK_FEATURES,
};
enum {
	NETDEV_A_PAGE_POOL_ID = 1,
	NETDEV_A_PAGE_POOL_IFINDEX,
};
enum {
	NETDEV_A_NAPI_IFINDEX = 1,
	NETDEV_A_NAPI_ID,
	NETDEV_A_NAPI_IRQ,
	NETDEV_A_NAPI_PID,
	NETDEV_A_NAPI_DEFER_HARD_IRQS,
	NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT,
	NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT,
	NETDEV_A_NAPI_THREADED,
};
enum {
	NETDEV_A_QUEUE_ID = 1,
	NETDEV_A_QUEUE_IFINDEX,
	NETDEV_A_QUEUE_TYPE,
	NETDEV_A_QUEUE_NAPI_ID,
};
enum { NETDEV_QUEUE_TYPE_RX, NETDEV_QUEUE_TYPE_TX };
enum {
	NETDEV_A_QSTATS_IFINDEX = 1,
	NETDEV_A_QSTATS_QUEUE_TYPE,
	NETDEV_A_QSTATS_QUEUE_ID,
	NETDEV_A_QSTATS_SCOPE,
};
enum {
	NETDEV_A_DMABUF_IFINDEX = 1,
	NETDEV_A_DMABUF_QUEUES,
	NETDEV_A_DMABUF_FD,
	NETDEV_A_DMABUF_ID,
};
enum {
	NETDEV_CMD_DEV_GET = 1,
	NETDEV_CMD_DEV_ADD_NTF,
	NETDEV_CMD_DEV_DEL_NTF,
	NETDEV_CMD_DEV_CHANGE_NTF,
	NETDEV_CMD_PAGE_POOL_GET,
	NETDEV_CMD_PAGE_POOL_ADD_NTF,
	NETDEV_CMD_PAGE_POOL_DEL_NTF,
	NETDEV_CMD_PAGE_POOL_CHANGE_NTF,
	NETDEV_CMD_PAGE_POOL_STATS_GET,
	NETDEV_CMD_QUEUE_GET,
	NETDEV_CMD_NAPI_GET,
	NETDEV_CMD_QSTATS_GET,
	NETDEV_CMD_BIND_RX,
	NETDEV_CMD_NAPI_SET,
	NETDEV_CMD_BIND_TX,
};
#endif

/* NETDEV_XDP_ACT_MASK: the seven actions Linux 6.18 knows */
#define XDP_ACT_MASK 0x7fu
/* MIN_NAPI_ID, NR_CPUS + 1 */
#define NAPI_MIN_ID 257u
/* the multicast groups, in their order */
enum { NETDEV_GRP_MGMT, NETDEV_GRP_PAGE_POOL };

/* ---- the model's state ---- */

void rtnl_xdp_set_features(struct rtnl_link *l, uint64_t val)
{
	val &= XDP_ACT_MASK;
	if (l->xdp_features == val)
		return;
	l->xdp_features = val;
	/* dev->reg_state == NETREG_REGISTERED */
	if (!l->unregistering && rtnl_link_by_index(l->rn, l->ifindex) == l)
		rtnl_netdev_event(l, RTNL_NETDEV_XDP_FEAT_CHANGE);
}

int rtnl_napi_add(struct rtnl_link *l, uint32_t n)
{
	struct rtnl_world *rw = l->rn->world;
	struct rtnl_napi *v;

	if (n <= l->n_napi) {
		l->n_napi = n;
		return 0;
	}
	v = realloc(l->napi, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (uint32_t i = l->n_napi; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		if (++rw->napi_gen_id < NAPI_MIN_ID)
			rw->napi_gen_id = NAPI_MIN_ID;
		v[i].id = rw->napi_gen_id;
		v[i].defer_hard_irqs = l->napi_defer_hard_irqs;
		v[i].gro_flush_timeout = l->gro_flush_timeout;
	}
	l->napi = v;
	l->n_napi = n;
	return 0;
}

void rtnl_napi_del(struct rtnl_link *l)
{
	free(l->napi);
	l->napi = NULL;
	l->n_napi = 0;
}

void rtnl_napi_set_device_defaults(struct rtnl_link *l)
{
	for (uint32_t i = 0; i < l->n_napi; i++) {
		l->napi[i].defer_hard_irqs = l->napi_defer_hard_irqs;
		l->napi[i].gro_flush_timeout = l->gro_flush_timeout;
	}
}

/* netdev_napi_by_id(): the instance with that id in the net. */
static struct rtnl_napi *napi_by_id(struct rtnl_net *rn, uint32_t id,
				    struct rtnl_link **dev)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		for (uint32_t i = 0; i < l->n_napi; i++)
			if (l->napi[i].id == id) {
				*dev = l;
				return &l->napi[i];
			}
	return NULL;
}

/* ---- writing ---- */

/* nla_put_uint(): four bytes when the value fits, eight otherwise. */
static int put_uint(struct unl_skb *skb, int type, uint64_t v)
{
	if (v <= UINT32_MAX)
		return unl_nla_put_u32(skb, type, (uint32_t)v);
	return unl_nla_put(skb, type, sizeof(v), &v);
}

/* A message of cmd: to the requester (info), in a dump (NLM_F_MULTI),
 * or a notification (info NULL) as genl_info_init_ntf() makes it. */
static void *netdev_msg_put(struct unl_skb *skb,
			    const struct unl_genl_family *family,
			    const struct unl_genl_info *info, bool dump,
			    uint8_t cmd)
{
	if (!info)
		return unl_genlmsg_put(skb, 0, 0, family, 0, cmd);
	return unl_genlmsg_put(skb, info->snd_portid, info->snd_seq, family,
			       dump ? NLM_F_MULTI : 0, cmd);
}

/* netdev_nl_dev_fill() */
static int dev_fill(struct unl_skb *skb, const struct unl_genl_family *fam,
		    const struct unl_genl_info *info, bool dump, uint8_t cmd,
		    const struct rtnl_link *l)
{
	void *hdr = netdev_msg_put(skb, fam, info, dump, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, NETDEV_A_DEV_IFINDEX, (uint32_t)l->ifindex) ||
	    unl_nla_put_u64(skb, NETDEV_A_DEV_XDP_FEATURES, l->xdp_features,
			    NETDEV_A_DEV_PAD) ||
	    unl_nla_put_u64(skb, NETDEV_A_DEV_XDP_RX_METADATA_FEATURES,
			    l->ops->xdp_rx_metadata, NETDEV_A_DEV_PAD) ||
	    unl_nla_put_u64(skb, NETDEV_A_DEV_XSK_FEATURES, 0,
			    NETDEV_A_DEV_PAD)) {
		unl_genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* netdev_nl_napi_fill_one(): nothing for a device that is down. */
static int napi_fill(struct unl_skb *skb, const struct unl_genl_family *fam,
		     const struct unl_genl_info *info, bool dump,
		     const struct rtnl_link *l, const struct rtnl_napi *n)
{
	void *hdr;

	if (!rtnl_link_running(l))
		return 0;
	hdr = netdev_msg_put(skb, fam, info, dump, NETDEV_CMD_NAPI_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, NETDEV_A_NAPI_ID, n->id) ||
	    unl_nla_put_u32(skb, NETDEV_A_NAPI_IFINDEX, (uint32_t)l->ifindex) ||
	    put_uint(skb, NETDEV_A_NAPI_THREADED, 0) ||
	    unl_nla_put_u32(skb, NETDEV_A_NAPI_DEFER_HARD_IRQS,
			    n->defer_hard_irqs) ||
	    put_uint(skb, NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT,
		     n->irq_suspend_timeout) ||
	    put_uint(skb, NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT,
		     n->gro_flush_timeout)) {
		unl_genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* netdev_nl_queue_fill_one(): no queue here has a NAPI instance of its
 * own (veth never ties them), a lease, a memory provider or an XSK
 * pool. */
static int queue_fill(struct unl_skb *skb, const struct unl_genl_family *fam,
		      const struct unl_genl_info *info, bool dump,
		      const struct rtnl_link *l, uint32_t id, uint32_t type)
{
	void *hdr = netdev_msg_put(skb, fam, info, dump, NETDEV_CMD_QUEUE_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, NETDEV_A_QUEUE_ID, id) ||
	    unl_nla_put_u32(skb, NETDEV_A_QUEUE_TYPE, type) ||
	    unl_nla_put_u32(skb, NETDEV_A_QUEUE_IFINDEX, (uint32_t)l->ifindex)) {
		unl_genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* ---- requests ---- */

/* GENL_REQ_ATTR_CHECK(): a missing attribute, named in the ACK. */
static bool attr_missing(const struct unl_genl_info *info, int type)
{
	if (info->attrs[type])
		return false;
	UNL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
	return true;
}

static struct rtnl_link *dev_of(const struct unl_genl_info *info, int type)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);

	if (!rn)
		return NULL;
	return rtnl_link_by_index(rn,
				  (int)unl_nla_get_u32(info->attrs[type]));
}

static int reply(const struct unl_genl_info *info, struct unl_skb *msg,
		 int err)
{
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	return unl_genlmsg_reply(msg, info);
}

static int dev_get_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct unl_skb *msg;
	struct rtnl_link *l;

	(void)skb;
	if (attr_missing(info, NETDEV_A_DEV_IFINDEX))
		return -EINVAL;
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	l = dev_of(info, NETDEV_A_DEV_IFINDEX);
	return reply(info, msg,
		     l ? dev_fill(msg, info->family, info, false,
				  NETDEV_CMD_DEV_GET, l)
		       : -ENODEV);
}

/* The first device of a dump still to do: args[0] is the ifindex to
 * go on from (for_each_netdev_dump()). */
static struct rtnl_link *dump_next_dev(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct rtnl_link *l = rn ? rn->links : NULL;

	while (l && l->ifindex < cb->args[0])
		l = l->next;
	return l;
}

/* A dump's return: the buffer when something is in it, else the
 * error (EMSGSIZE with nothing written is a message too big). */
static int dump_ret(struct unl_skb *skb, int err)
{
	if (err == -EMSGSIZE && unl_skb_len(skb))
		return (int)unl_skb_len(skb);
	return err ? err : (int)unl_skb_len(skb);
}

static int dev_get_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	int err = 0;

	for (struct rtnl_link *l = dump_next_dev(cb); l && !err; l = l->next) {
		cb->args[0] = l->ifindex;
		err = dev_fill(skb, info->family, info, true,
			       NETDEV_CMD_DEV_GET, l);
		if (!err)
			cb->args[0] = l->ifindex + 1;
	}
	return dump_ret(skb, err);
}

/* The page pools: none (nothing here receives into one). */
static int pp_get_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	return attr_missing(info, NETDEV_A_PAGE_POOL_ID) ? -EINVAL : -ENOENT;
}

static int pp_get_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	(void)cb;
	return (int)unl_skb_len(skb);
}

/* netdev_nl_queue_validate() and _fill(): ENOENT for a device that is
 * down, EINVAL past the queues in use. */
static int queue_get_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	uint32_t id, type;
	struct unl_skb *msg;
	struct rtnl_link *l;
	int err;

	(void)skb;
	if (attr_missing(info, NETDEV_A_QUEUE_ID) ||
	    attr_missing(info, NETDEV_A_QUEUE_TYPE) ||
	    attr_missing(info, NETDEV_A_QUEUE_IFINDEX))
		return -EINVAL;
	id = unl_nla_get_u32(info->attrs[NETDEV_A_QUEUE_ID]);
	type = unl_nla_get_u32(info->attrs[NETDEV_A_QUEUE_TYPE]);
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	l = dev_of(info, NETDEV_A_QUEUE_IFINDEX);
	if (!l)
		err = -ENODEV;
	else if (!rtnl_link_running(l))
		err = -ENOENT;
	else if (id >= (type == NETDEV_QUEUE_TYPE_RX ? rtnl_link_real_rx(l)
						    : rtnl_link_real_tx(l)))
		err = -EINVAL;
	else
		err = queue_fill(msg, info->family, info, false, l, id, type);
	return reply(info, msg, err);
}

/* netdev_nl_queue_dump_one(): args[1] and args[2] are the receive and
 * transmit queues to go on from. */
static int queue_dump_one(struct unl_skb *skb, struct unl_callback *cb,
			  const struct rtnl_link *l)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	int err;

	if (!rtnl_link_running(l))
		return 0;
	for (; cb->args[1] < (long)rtnl_link_real_rx(l); cb->args[1]++) {
		err = queue_fill(skb, info->family, info, true, l,
				 (uint32_t)cb->args[1], NETDEV_QUEUE_TYPE_RX);
		if (err)
			return err;
	}
	for (; cb->args[2] < (long)rtnl_link_real_tx(l); cb->args[2]++) {
		err = queue_fill(skb, info->family, info, true, l,
				 (uint32_t)cb->args[2], NETDEV_QUEUE_TYPE_TX);
		if (err)
			return err;
	}
	return 0;
}

/* One device (ifindex given) or each in turn, the dump's position in
 * args[0]; more per device in args[1..] (cleared between devices). */
static int dump_devices(struct unl_skb *skb, struct unl_callback *cb,
			int ifindex_attr,
			int (*one)(struct unl_skb *, struct unl_callback *,
				   const struct rtnl_link *))
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	const struct nlattr *want = info->attrs[ifindex_attr];
	int err = 0;

	if (want && unl_nla_get_u32(want)) {
		struct rtnl_link *l = dev_of(info, ifindex_attr);

		return dump_ret(skb, l ? one(skb, cb, l) : -ENODEV);
	}
	for (struct rtnl_link *l = dump_next_dev(cb); l; l = l->next) {
		cb->args[0] = l->ifindex;
		err = one(skb, cb, l);
		if (err)
			break;
		memset(&cb->args[1], 0, sizeof(cb->args) - sizeof(cb->args[0]));
		cb->args[0] = l->ifindex + 1;
	}
	return dump_ret(skb, err);
}

static int queue_get_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	return dump_devices(skb, cb, NETDEV_A_QUEUE_IFINDEX, queue_dump_one);
}

/* netdev_nl_napi_get_doit(): ENOENT (the id named) for an id no
 * instance has, or one of a device that is down. */
static int napi_get_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct rtnl_link *l = NULL;
	struct rtnl_napi *n;
	struct unl_skb *msg;
	int err;

	(void)skb;
	if (attr_missing(info, NETDEV_A_NAPI_ID))
		return -EINVAL;
	if (!rn)
		return -ENOMEM;
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	n = napi_by_id(rn, unl_nla_get_u32(info->attrs[NETDEV_A_NAPI_ID]), &l);
	if (n) {
		err = napi_fill(msg, info->family, info, false, l, n);
	} else {
		UNL_SET_BAD_ATTR(info->extack, info->attrs[NETDEV_A_NAPI_ID]);
		err = -ENOENT;
	}
	if (!err && !unl_skb_len(msg))
		err = -ENOENT;
	return reply(info, msg, err);
}

/* netdev_nl_napi_dump_one(): the instances in the order of their ids,
 * newest first, as the device's napi_list holds them; args[1] is the
 * last id given. */
static int napi_dump_one(struct unl_skb *skb, struct unl_callback *cb,
			 const struct rtnl_link *l)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);

	if (!rtnl_link_running(l))
		return 0;
	for (uint32_t i = l->n_napi; i-- > 0;) {
		const struct rtnl_napi *n = &l->napi[i];
		int err;

		if (cb->args[1] && n->id >= (uint32_t)cb->args[1])
			continue;
		err = napi_fill(skb, info->family, info, true, l, n);
		if (err)
			return err;
		cb->args[1] = n->id;
	}
	return 0;
}

static int napi_get_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	return dump_devices(skb, cb, NETDEV_A_NAPI_IFINDEX, napi_dump_one);
}

/* netdev_nl_napi_set_config(): threaded polling would need a kernel
 * thread; the rest is stored. */
static int napi_set_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr *const *tb = info->attrs;
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct rtnl_link *l = NULL;
	struct rtnl_napi *n;

	(void)skb;
	if (attr_missing(info, NETDEV_A_NAPI_ID))
		return -EINVAL;
	if (!rn)
		return -ENOMEM;
	n = napi_by_id(rn, unl_nla_get_u32(tb[NETDEV_A_NAPI_ID]), &l);
	if (!n) {
		UNL_SET_BAD_ATTR(info->extack, tb[NETDEV_A_NAPI_ID]);
		return -ENOENT;
	}
	if (tb[NETDEV_A_NAPI_THREADED] &&
	    unl_nla_get_uint(tb[NETDEV_A_NAPI_THREADED])) {
		UNL_SET_ERR_MSG_ATTR(info->extack, tb[NETDEV_A_NAPI_THREADED],
				     "threaded NAPI is not modelled");
		return -EOPNOTSUPP;
	}
	if (tb[NETDEV_A_NAPI_DEFER_HARD_IRQS])
		n->defer_hard_irqs =
			unl_nla_get_u32(tb[NETDEV_A_NAPI_DEFER_HARD_IRQS]);
	if (tb[NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT])
		n->irq_suspend_timeout =
			unl_nla_get_uint(tb[NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT]);
	if (tb[NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT])
		n->gro_flush_timeout =
			unl_nla_get_uint(tb[NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT]);
	return 0;
}

/* netdev_nl_qstats_get_dumpit(): no kind here has queue statistics
 * ops (stat_ops), so a dump of all is empty and one device's is
 * EOPNOTSUPP. */
static int qstats_get_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	const struct nlattr *want = info->attrs[NETDEV_A_QSTATS_IFINDEX];

	if (!want || !unl_nla_get_u32(want))
		return (int)unl_skb_len(skb);
	UNL_SET_BAD_ATTR(info->extack, want);
	return dev_of(info, NETDEV_A_QSTATS_IFINDEX) ? -EOPNOTSUPP : -ENODEV;
}

/* netdev_nl_bind_rx_doit(): no device here runs with the netdev
 * instance lock its queue API needs (netdev_need_ops_lock()). */
static int bind_rx_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	if (attr_missing(info, NETDEV_A_DEV_IFINDEX) ||
	    attr_missing(info, NETDEV_A_DMABUF_FD) ||
	    attr_missing(info, NETDEV_A_DMABUF_QUEUES))
		return -EINVAL;
	if (!dev_of(info, NETDEV_A_DEV_IFINDEX))
		return -ENODEV;
	UNL_SET_BAD_ATTR(info->extack, info->attrs[NETDEV_A_DEV_IFINDEX]);
	return -EOPNOTSUPP;
}

/* netdev_nl_bind_tx_doit(): no driver here transmits from netmem. */
static int bind_tx_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	if (attr_missing(info, NETDEV_A_DEV_IFINDEX) ||
	    attr_missing(info, NETDEV_A_DMABUF_FD))
		return -EINVAL;
	if (!dev_of(info, NETDEV_A_DEV_IFINDEX))
		return -ENODEV;
	UNL_SET_ERR_MSG(info->extack, "Driver does not support netmem TX");
	return -EOPNOTSUPP;
}

/* ---- notifications ---- */

static void dev_notify(struct rtnl_net *rn, const struct rtnl_link *l,
		       uint8_t cmd)
{
	const struct unl_genl_family *fam = genl_netdev_family(rn->net);
	struct unl_skb *skb;

	if (!fam || !unl_genl_has_listeners(fam, NETDEV_GRP_MGMT))
		return;
	skb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!skb)
		return;
	if (dev_fill(skb, fam, NULL, false, cmd, l)) {
		unl_skb_free(skb);
		return;
	}
	unl_genlmsg_multicast_netns(fam, rn->net, skb, 0, NETDEV_GRP_MGMT);
}

int rtnl_netdev_genl_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			   const struct rtnl_netdev_info *info)
{
	switch (event) {
	case RTNL_NETDEV_REGISTER:
		dev_notify(rn, info->dev, NETDEV_CMD_DEV_ADD_NTF);
		break;
	case RTNL_NETDEV_UNREGISTER:
		dev_notify(rn, info->dev, NETDEV_CMD_DEV_DEL_NTF);
		break;
	case RTNL_NETDEV_XDP_FEAT_CHANGE:
		dev_notify(rn, info->dev, NETDEV_CMD_DEV_CHANGE_NTF);
		break;
	default:
		break;
	}
	return 0;
}

/* ---- the family ---- */

static const struct unl_nla_policy dev_get_policy[] = {
	[NETDEV_A_DEV_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy pp_get_policy[] = {
	[NETDEV_A_PAGE_POOL_ID] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_UINT, 1, UINT32_MAX),
};

static const struct unl_nla_policy queue_get_do_policy[] = {
	[NETDEV_A_QUEUE_ID] = { .type = UNL_NLA_U32 },
	[NETDEV_A_QUEUE_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[NETDEV_A_QUEUE_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy queue_get_dump_policy[] = {
	[NETDEV_A_QUEUE_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy napi_get_do_policy[] = {
	[NETDEV_A_NAPI_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy napi_get_dump_policy[] = {
	[NETDEV_A_NAPI_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy qstats_get_policy[] = {
	[NETDEV_A_QSTATS_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[NETDEV_A_QSTATS_SCOPE] = UNL_NLA_POLICY_MASK(UNL_NLA_UINT, 0x1),
};

/* netdev_queue_id_nl_policy: a queue named in a binding */
static const struct unl_nla_policy queue_id_policy[] = {
	[NETDEV_A_QUEUE_ID] = { .type = UNL_NLA_U32 },
	[NETDEV_A_QUEUE_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy bind_rx_policy[] = {
	[NETDEV_A_DMABUF_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[NETDEV_A_DMABUF_QUEUES] =
		UNL_NLA_POLICY_NESTED(queue_id_policy, NETDEV_A_QUEUE_TYPE),
	[NETDEV_A_DMABUF_FD] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy napi_set_policy[] = {
	[NETDEV_A_NAPI_ID] = { .type = UNL_NLA_U32 },
	[NETDEV_A_NAPI_DEFER_HARD_IRQS] =
		UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 0, INT32_MAX),
	[NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT] = { .type = UNL_NLA_UINT },
	[NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT] = { .type = UNL_NLA_UINT },
	[NETDEV_A_NAPI_THREADED] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy bind_tx_policy[] = {
	[NETDEV_A_DMABUF_IFINDEX] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[NETDEV_A_DMABUF_FD] = { .type = UNL_NLA_U32 },
};

#define DO GENL_CMD_CAP_DO
#define DUMP GENL_CMD_CAP_DUMP
#define POLICY(p) .policy = (p), .maxattr = sizeof(p) / sizeof((p)[0]) - 1

static const struct unl_genl_split_ops netdev_ops[] = {
	{ .cmd = NETDEV_CMD_DEV_GET, .doit = dev_get_doit,
	  POLICY(dev_get_policy), .flags = DO },
	{ .cmd = NETDEV_CMD_DEV_GET, .dumpit = dev_get_dumpit, .flags = DUMP },
	{ .cmd = NETDEV_CMD_PAGE_POOL_GET, .doit = pp_get_doit,
	  POLICY(pp_get_policy), .flags = DO },
	{ .cmd = NETDEV_CMD_PAGE_POOL_GET, .dumpit = pp_get_dumpit,
	  .flags = DUMP },
	{ .cmd = NETDEV_CMD_QUEUE_GET, .doit = queue_get_doit,
	  POLICY(queue_get_do_policy), .flags = DO },
	{ .cmd = NETDEV_CMD_QUEUE_GET, .dumpit = queue_get_dumpit,
	  POLICY(queue_get_dump_policy), .flags = DUMP },
	{ .cmd = NETDEV_CMD_NAPI_GET, .doit = napi_get_doit,
	  POLICY(napi_get_do_policy), .flags = DO },
	{ .cmd = NETDEV_CMD_NAPI_GET, .dumpit = napi_get_dumpit,
	  POLICY(napi_get_dump_policy), .flags = DUMP },
	{ .cmd = NETDEV_CMD_QSTATS_GET, .dumpit = qstats_get_dumpit,
	  POLICY(qstats_get_policy), .flags = DUMP },
	{ .cmd = NETDEV_CMD_BIND_RX, .doit = bind_rx_doit,
	  POLICY(bind_rx_policy), .flags = GENL_ADMIN_PERM | DO },
	/* after Debian's 6.12 (genl-6.12.expected): 6.13, 6.15 */
	{ .cmd = NETDEV_CMD_NAPI_SET, .doit = napi_set_doit,
	  POLICY(napi_set_policy), .flags = GENL_ADMIN_PERM | DO,
	  .since = 613 },
	{ .cmd = NETDEV_CMD_BIND_TX, .doit = bind_tx_doit,
	  POLICY(bind_tx_policy), .flags = DO, .since = 615 },
};

static const struct unl_genl_multicast_group netdev_groups[] = {
	[NETDEV_GRP_MGMT] = { .name = "mgmt" },
	[NETDEV_GRP_PAGE_POOL] = { .name = "page-pool" },
};

void netdev_nl_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, NETDEV_FAMILY_NAME);
	family->version = NETDEV_FAMILY_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->split_ops = netdev_ops;
	family->n_split_ops = sizeof(netdev_ops) / sizeof(netdev_ops[0]);
	family->mcgrps = netdev_groups;
	family->n_mcgrps = sizeof(netdev_groups) / sizeof(netdev_groups[0]);
}
