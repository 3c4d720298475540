// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_ROUTE: the rtnetlink front door (rtnetlink_rcv,
 * rtnetlink_rcv_msg) and the per-net state it serves.
 *
 * Handlers are registered per (family, message type) as rtnl_register()
 * registers them; a request for a family without a handler falls back to
 * PF_UNSPEC, and a type without any ends in EOPNOTSUPP.  GET requests
 * with NLM_F_DUMP start a dump, every other kind needs CAP_NET_ADMIN.
 * The objects live in one file each (link.c, addr.c, route.c, neigh.c,
 * rule.c, nexthop.c, addrlabel.c) and learn of device changes through
 * the netdevice notifier chain of dev.c, as in Linux.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/capability.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"
#include "proto/route/link/kinds.h"

#define RTNL_NFAMILY (AF_MAX + 1)
#define RTNL_NTYPES RTM_NR_MSGTYPES

/* The kind of an rtnetlink message type: NEW, DEL, GET or SET. */
enum { RTNL_KIND_NEW, RTNL_KIND_DEL, RTNL_KIND_GET, RTNL_KIND_SET };

static int rtnl_msgtype_kind(int type)
{
	return (type - RTM_BASE) & 3;
}

/* rtnl_get_link(): the registrations of every object, in their constant
 * tables, so one index serves every net; a handler whose code this net's
 * kernel lacks is not registered there. */
static const struct rtnl_msg_handler *rtnl_get_link(const struct rtnl_net *rn,
						    int family, int type)
{
	static const struct {
		const struct rtnl_msg_handler *h;
		const unsigned int *n;
	} objs[] = {
		{ rtnl_link_handlers, &rtnl_link_handlers_n },
		{ rtnl_altname_handlers, &rtnl_altname_handlers_n },
		{ rtnl_br_vlan_handlers, &rtnl_br_vlan_handlers_n },
		{ rtnl_addr_handlers, &rtnl_addr_handlers_n },
		{ rtnl_route_handlers, &rtnl_route_handlers_n },
		{ rtnl_neigh_handlers, &rtnl_neigh_handlers_n },
		{ rtnl_rule_handlers, &rtnl_rule_handlers_n },
		{ rtnl_nexthop_handlers, &rtnl_nexthop_handlers_n },
		{ rtnl_addrlabel_handlers, &rtnl_addrlabel_handlers_n },
		{ rtnl_nsid_handlers, &rtnl_nsid_handlers_n },
		{ rtnl_neightbl_handlers, &rtnl_neightbl_handlers_n },
		{ rtnl_fdb_handlers, &rtnl_fdb_handlers_n },
		{ rtnl_stats_handlers, &rtnl_stats_handlers_n },
		{ rtnl_mdb_handlers, &rtnl_mdb_handlers_n },
		{ rtnl_tc_handlers, &rtnl_tc_handlers_n },
		{ rtnl_tcf_handlers, &rtnl_tcf_handlers_n },
		{ rtnl_vxlan_vni_handlers, &rtnl_vxlan_vni_handlers_n },
	};

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		for (unsigned int j = 0; j < *objs[i].n; j++)
			if (objs[i].h[j].protocol == family &&
			    objs[i].h[j].msgtype == type &&
			    (!objs[i].h[j].registered ||
			     objs[i].h[j].registered(rn)))
				return &objs[i].h[j];
	return NULL;
}

struct rtnl_net *rtnl_net_get(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_ROUTE);

	return ksk ? unl_kernel_priv(ksk) : NULL;
}

/* Every namespace has rtnetlink from its birth; a net of the world
 * gets it here when nobody opened a NETLINK_ROUTE socket in it yet. */
struct rtnl_net *rtnl_net_of(struct unl_net *net)
{
	if (!net || unl_net_load_protocol(net, NETLINK_ROUTE))
		return NULL;
	return rtnl_net_get(net);
}

/* The requesting socket lives as long as its dump, and its net with it. */
struct rtnl_net *rtnl_cb_net(const struct unl_callback *cb)
{
	return rtnl_net_get(unl_sock_net(unl_skb_cb(cb->skb)->sk));
}

uint32_t rtnl_req_portid(struct unl_skb *skb)
{
	return unl_skb_cb(skb)->portid;
}

/* Every net of a world is owned by one user namespace here, so the
 * right in another net is the right in this one, as the world's host
 * judges who is calling there (unl_net_capable). */
bool rtnl_capable_in(const struct unl_skb *skb, const struct rtnl_net *net,
		     int cap)
{
	return unl_skb_capable(skb, cap) && unl_net_capable(net->net, cap);
}

bool rtnl_sk_capable_in(const struct unl_skb *skb,
			const struct rtnl_net *net, int cap)
{
	return unl_skb_sk_capable(skb, cap) && unl_net_capable(net->net, cap);
}

void rtnl_notify(struct rtnl_net *rn, struct unl_skb *skb, uint32_t pid,
		 unsigned int group, const struct nlmsghdr *nlh)
{
	bool report = nlh && (nlh->nlmsg_flags & NLM_F_ECHO);

	unl_notify(rn->ksk, skb, pid, group, report);
}

void rtnl_set_sk_err(struct rtnl_net *rn, unsigned int group, int err)
{
	unl_set_err(rn->ksk, 0, group, -err);
}

/* splitmix64: deterministic for a seed, which the differential test
 * relies on (it normalises what the kernel randomises). */
uint32_t rtnl_random(struct rtnl_net *rn)
{
	uint64_t z = (rn->rand += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

/* cstamp_delta() counts jiffies, which stand still in a suspend as
 * CLOCK_MONOTONIC does (core/timer.c). */
uint32_t rtnl_cstamp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)(ts.tv_sec * 100 + ts.tv_nsec / 10000000);
}

uint64_t rtnl_mc_tick(struct rtnl_net *rn)
{
	uint64_t cs = (uint64_t)unl_net_now(rn->net) / (10 * UNL_NSEC_PER_MSEC);
	uint64_t t = cs << RTNL_MC_TICK_SHIFT;

	rn->mc_seq = t > rn->mc_seq ? t : rn->mc_seq + 1;
	return rn->mc_seq;
}

/* TICK_NSEC: the length of a jiffy, from the host's HZ. */
int64_t rtnl_tick_ns(struct rtnl_net *rn)
{
	return UNL_NSEC_PER_SEC / (rn->net->hz > 0 ? rn->net->hz : 250);
}

/* Jiffies counted from the clock's 0 to t: the kernel subtracts jiffies,
 * not times, so a difference of these is what it sees. */
int64_t rtnl_jiffies(struct rtnl_net *rn, int64_t t)
{
	int64_t tick = rtnl_tick_ns(rn), j = t / tick;

	return (t % tick < 0) ? j - 1 : j;
}

/* jiffies start at INITIAL_JIFFIES, 300 s before they wrap (as an
 * unsigned long of 64 bits: 2^32 - 300 HZ), when CLOCK_MONOTONIC starts
 * at 0. */
int64_t rtnl_jiffies_to_ns(struct rtnl_net *rn, uint64_t j)
{
	int64_t hz = rn->net->hz > 0 ? rn->net->hz : 250;
	int64_t initial = (INT64_C(1) << 32) - 300 * hz;

	return ((int64_t)j - initial) * UNL_NSEC_PER_SEC / hz;
}

/* round_jiffies(): to the nearest whole second, down only when less
 * than a quarter past it, and never into the past. */
int64_t rtnl_round_sec(int64_t t)
{
	int64_t rem = t % UNL_NSEC_PER_SEC;

	if (rem < 0)
		rem += UNL_NSEC_PER_SEC;
	if (rem < UNL_NSEC_PER_SEC / 4)
		return t - rem;
	return t - rem + UNL_NSEC_PER_SEC;
}

/* round_jiffies_up(): to the next whole second, a second on when it is
 * one already. */
int64_t rtnl_round_sec_up(int64_t t)
{
	int64_t rem = t % UNL_NSEC_PER_SEC;

	if (rem < 0)
		rem += UNL_NSEC_PER_SEC;
	return t - rem + UNL_NSEC_PER_SEC;
}

/* ---- dumps ---- */

/* cb->args[5] is rtnetlink's own: set once the dumper has finished, so
 * that a split NLMSG_DONE does not call it again.  cb->args[4] tells the
 * dumper which family it dumps (rtnl_dump_all walks several). */
#define RTNL_CB_FINISHED 5
#define RTNL_CB_FAMILY 4
#define RTNL_CB_ALL_IDX 3

/* The families rtnl_dump_all() walks, in the kernel's order. */
static const int rtnl_all_families[] = { PF_INET, PF_INET6 };

/* rtnl_dump_all(): a PF_UNSPEC dump is every family's dump in turn,
 * each starting from fresh state. */
static int rtnl_dump_all(struct unl_skb *skb, struct unl_callback *cb,
			 int type)
{
	struct rtnl_net *rn = rtnl_cb_net(cb);
	size_t n = sizeof(rtnl_all_families) / sizeof(rtnl_all_families[0]);

	for (size_t i = (size_t)cb->args[RTNL_CB_ALL_IDX]; i < n; i++) {
		const struct rtnl_msg_handler *h =
			rtnl_get_link(rn, rtnl_all_families[i], type);
		int ret;

		if (i > (size_t)cb->args[RTNL_CB_ALL_IDX]) {
			memset(cb->args, 0, 3 * sizeof(cb->args[0]));
			memset(cb->ctx, 0, sizeof(cb->ctx));
			cb->prev_seq = 0;
			cb->seq = 0;
		}
		cb->args[RTNL_CB_ALL_IDX] = (long)i;
		if (!h || !h->dumpit)
			continue;
		cb->args[RTNL_CB_FAMILY] = rtnl_all_families[i];
		ret = h->dumpit(skb, cb);
		if (ret)
			return ret;
	}
	return 0;
}

static int rtnl_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct rtnl_msg_handler *h = cb->data;
	int ret;

	if (cb->args[RTNL_CB_FINISHED])
		return 0;
	if (!h->dumpit) {
		ret = rtnl_dump_all(skb, cb, h->msgtype);
	} else {
		cb->args[RTNL_CB_FAMILY] = h->protocol;
		ret = h->dumpit(skb, cb);
	}
	if (ret == 0 && (h->flags & RTNL_FLAG_DUMP_SPLIT_NLM_DONE) &&
	    unl_skb_len(skb)) {
		cb->args[RTNL_CB_FINISHED] = 1;
		ret = (int)unl_skb_len(skb);
	}
	return ret;
}

/* The PF_UNSPEC registrations of rtnl_dump_all (dumpit NULL marks it). */
static const struct rtnl_msg_handler rtnl_dump_all_handlers[] = {
	{ PF_UNSPEC, RTM_GETADDR, NULL, NULL, RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_UNSPEC, RTM_GETROUTE, NULL, NULL, RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
	{ PF_UNSPEC, RTM_GETNETCONF, NULL, NULL,
	  RTNL_FLAG_DUMP_SPLIT_NLM_DONE },
};

static const struct rtnl_msg_handler *rtnl_dump_all_entry(int type)
{
	for (size_t i = 0; i < sizeof(rtnl_dump_all_handlers) /
				       sizeof(rtnl_dump_all_handlers[0]);
	     i++)
		if (rtnl_dump_all_handlers[i].msgtype == type)
			return &rtnl_dump_all_handlers[i];
	return NULL;
}


static int rtnetlink_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			     struct unl_ext_ack *extack)
{
	struct unl_sock *ssk = unl_skb_cb(skb)->sk;
	struct rtnl_net *rn = ssk ? rtnl_net_get(unl_sock_net(ssk)) : NULL;
	const struct rtnl_msg_handler *link;
	int type = nlh->nlmsg_type;
	int family, kind;

	if (type > RTM_MAX)
		return -EOPNOTSUPP;
	/* Every rtnetlink request carries at least a family byte. */
	if (nlh->nlmsg_len - NLMSG_HDRLEN < sizeof(struct rtgenmsg))
		return 0;
	family = ((struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family;
	kind = rtnl_msgtype_kind(type);
	if (kind != RTNL_KIND_GET && !unl_skb_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if (!rn)
		return -EOPNOTSUPP;

	if (kind == RTNL_KIND_GET && (nlh->nlmsg_flags & NLM_F_DUMP)) {
		struct unl_dump_control c = { .dump = rtnl_dumpit,
					      .extack = extack };

		link = family < RTNL_NFAMILY ? rtnl_get_link(rn, family, type)
					     : NULL;
		if (!link || !link->dumpit)
			link = rtnl_get_link(rn, PF_UNSPEC, type);
		if (!link || !link->dumpit)
			link = rtnl_dump_all_entry(type);
		if (!link)
			return -EOPNOTSUPP;
		/* rtnl_calcit(): GETLINK dumps are sized for the biggest
		 * link message (a device with many altnames passes 64 KiB) */
		if (type == RTM_GETLINK)
			c.min_dump_alloc = rtnl_link_max_msg_size(rn);
		c.data = (void *)link;
		return unl_dump_start(rn->ksk, skb, nlh, &c);
	}

	link = family < RTNL_NFAMILY ? rtnl_get_link(rn, family, type) : NULL;
	if (!link || !link->doit)
		link = rtnl_get_link(rn, PF_UNSPEC, type);
	if (!link || !link->doit)
		return -EOPNOTSUPP;
	if (kind == RTNL_KIND_DEL && (nlh->nlmsg_flags & NLM_F_BULK) &&
	    !(link->flags & RTNL_FLAG_BULK_DEL_SUPPORTED)) {
		UNL_SET_ERR_MSG(extack, "Bulk delete is not supported");
		return -EOPNOTSUPP;
	}
	return link->doit(rn, skb, nlh, extack);
}

/*
 * What an ioctl does through the function the rtnetlink request uses
 * too (inet_insert_ifa(), fib_table_insert(), br_add_bridge()...): the
 * request in skb, as from portid 0 with no sequence number (so its
 * events are the ioctl's), judged by who.  Consumes skb.
 */
int rtnl_kernel_doit(struct rtnl_net *rn, const struct unl_cred *who,
		     struct unl_skb *skb)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)unl_skb_data(skb);
	const struct rtnl_msg_handler *h;
	struct unl_ext_ack extack = { 0 };
	int family = ((struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family;
	int err = -EOPNOTSUPP;

	unl_skb_cb(skb)->portid = 0;
	unl_skb_cb(skb)->creds = *who;
	unl_skb_cb(skb)->flags |= UNL_SKB_RELAYED;
	h = rtnl_get_link(rn, family, nlh->nlmsg_type);
	if (!h || !h->doit)
		h = rtnl_get_link(rn, PF_UNSPEC, nlh->nlmsg_type);
	if (h && h->doit)
		err = h->doit(rn, skb, nlh, &extack);
	unl_skb_free(skb);
	return err;
}

static void rtnetlink_rcv(struct unl_skb *skb)
{
	struct unl_sock *ssk = unl_skb_cb(skb)->sk;
	struct rtnl_net *rn = ssk ? rtnl_net_get(unl_sock_net(ssk)) : NULL;

	unl_rcv_skb(skb, rtnetlink_rcv_msg);
	if (rn)
		rtnl_deferred_run(rn);
}

void rtnl_dad_queue(struct rtnl_net *rn)
{
	if (rn->dad_queued)
		return;
	rn->dad_queued = true;
	rn->dad_net_next = rn->world->dad_nets;
	rn->world->dad_nets = rn;
}

static void rtnl_dad_unqueue(struct rtnl_net *rn)
{
	if (!rn->dad_queued)
		return;
	for (struct rtnl_net **pp = &rn->world->dad_nets; *pp;
	     pp = &(*pp)->dad_net_next)
		if (*pp == rn) {
			*pp = rn->dad_net_next;
			break;
		}
	rn->dad_queued = false;
}

/* What Linux does later, in work queues, after the answers: the
 * linkwatch events of the changes (in any net), then DAD, this net's
 * first. */
void rtnl_deferred_run(struct rtnl_net *rn)
{
	struct rtnl_world *rw = rn->world;

	rtnl_linkwatch_run(rw);
	rtnl_dad_unqueue(rn);
	rtnl_addr_dad_run(rn);
	while (rw->dad_nets) {
		struct rtnl_net *other = rw->dad_nets;

		rtnl_dad_unqueue(other);
		rtnl_addr_dad_run(other);
	}
	rtnl_mc_notify_all(rn);
}

/* rtnetlink_bind(): the groups that show other namespaces' secrets are
 * for CAP_NET_ADMIN only. */
static int rtnetlink_bind(struct unl_net *net, int group)
{
	struct rtnl_net *rn = rtnl_net_of(net);

	if (rn)
		rtnl_mc_notify_bind(rn, group);
	switch (group) {
	case RTNLGRP_IPV4_MROUTE_R:
	case RTNLGRP_IPV6_MROUTE_R:
		if (!unl_net_capable(net, CAP_NET_ADMIN))
			return -EPERM;
		break;
	}
	return 0;
}

static void rtnl_net_free(struct rtnl_net *rn)
{
	if (rn->world)
		rtnl_dad_unqueue(rn);
	rtnl_rule_fini(rn);
	rtnl_mptcp_fini(rn);
	rtnl_ipvs_fini(rn);
	rtnl_ioam6_fini(rn);
	rtnl_addrlabel_fini(rn);
	rtnl_neigh_fini(rn);
	rtnl_route_fini(rn);
	rtnl_nexthop_fini(rn);
	rtnl_addr_fini(rn);
	rtnl_tcf_net_fini(rn);
	rtnl_link_fini(rn);
	unl_timer_free(rn->addr_chk4);
	unl_timer_free(rn->addr_chk6);
	unl_timer_free(rn->fib6_gc);
	free(rn);
}

/* cleanup_net()'s default_device_exit_batch(): the net has left its
 * world and closed its sockets, so only other nets hear what its
 * devices' going does there (a veth peer deleted, a bridge that lost a
 * port); with no other net nobody could. */
static void rtnetlink_net_exit(struct unl_net *net, struct rtnl_net *rn)
{
	net_lock(net);
	if (unl_world_net_next(unl_net_world(net), NULL)) {
		rtnl_link_net_exit(rn);
		rtnl_deferred_run(rn);
	}
	net_unlock(net);
}

static void rtnetlink_fini(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_ROUTE);
	struct rtnl_net *rn = ksk ? unl_kernel_priv(ksk) : NULL;

	if (rn)
		rtnetlink_net_exit(net, rn);
	unl_kernel_release(ksk);
	if (rn)
		rtnl_net_free(rn);
}

static void rtnl_world_free(void *priv)
{
	free(priv);
}

/* The world's rtnetlink state, made with its first rtnetlink. */
static struct rtnl_world *rtnl_world_get(struct unl_net *net)
{
	struct unl_world *w = unl_net_world(net);
	struct rtnl_world *rw = unl_world_priv(w, NETLINK_ROUTE);

	if (rw)
		return rw;
	rw = calloc(1, sizeof(*rw));
	if (!rw)
		return NULL;
	rw->linkwatch.tail = &rw->linkwatch.first;
	rw->modules = rtnl_link_modules_loaded(unl_net_profile(net));
	unl_world_set_priv(w, NETLINK_ROUTE, rw, rtnl_world_free);
	return rw;
}

/* What the kernel profile offers that the objects ask about often. */
static void rtnl_features_init(struct rtnl_net *rn)
{
	const struct unl_profile *p = unl_net_profile(rn->net);
	struct rtnl_features *f = &rn->feat;

#define HAS(sym) unl_profile_has(p, UNL_PROFILE_FEATURE, sym)
	f->ip_mroute = HAS("IP_MROUTE");
	f->ip6_mroute = HAS("IPV6_MROUTE");
	/* multicast routing tables need multicast routing */
	f->ipmr_rules = f->ip_mroute && HAS("IP_MROUTE_MULTIPLE_TABLES");
	f->ip6mr_rules = f->ip6_mroute && HAS("IPV6_MROUTE_MULTIPLE_TABLES");
	f->fib4_rules = HAS("IP_MULTIPLE_TABLES");
	f->fib6_rules = HAS("IPV6_MULTIPLE_TABLES");
	f->ip6_subtrees = HAS("IPV6_SUBTREES");
	f->route_classid = HAS("IP_ROUTE_CLASSID");
	f->br_vlan_filtering = HAS("BRIDGE_VLAN_FILTERING");
	f->br_igmp_snooping = HAS("BRIDGE_IGMP_SNOOPING");
	f->br_netfilter = HAS("BRIDGE_NETFILTER");
#undef HAS
}

/* rtnetlink_net_init(), with the namespace's initial state: lo (down),
 * the default rules and address labels. */
int rtnetlink_init(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = {
		.groups = rtnl_groups_max(unl_net_profile(net)),
		.flags = UNL_CFG_F_NONROOT_RECV,
		.input = rtnetlink_rcv,
		.bind = rtnetlink_bind,
		.ioctl = rtnl_ioctl,
	};
	struct rtnl_net *rn = calloc(1, sizeof(*rn));
	struct unl_sock *ksk;
	int err;

	if (!rn)
		return -ENOMEM;
	rn->net = net;
	rn->world = rtnl_world_get(net);
	if (!rn->world) {
		free(rn);
		return -ENOMEM;
	}
	rn->ifindex_next = 1;
	rn->rand = unl_net_seed(net);
	rtnl_features_init(rn);
	rn->hz = (unsigned int)net->hz;
	rtnl_devconf_init(rn);
	err = rtnl_link_init(rn);
	if (!err)
		err = rtnl_nsid_init(rn);
	if (!err)
		err = rtnl_rule_init(rn);
	if (!err)
		err = rtnl_addrlabel_init(rn);
	if (!err)
		err = rtnl_addr_init(rn);
	if (!err)
		err = rtnl_route_net_init(rn);
	if (err) {
		rtnl_net_free(rn);
		return err;
	}
	/* misc_register() of /dev/net/tun, with the tun module */
	if (rtnl_link_ops_find(rn, "tun"))
		err = unl_chrdev_register(net, "net/tun", &rtnl_tun_fops);
	if (err) {
		rtnl_net_free(rn);
		return err;
	}
	cfg.priv = rn;
	err = unl_kernel_create(net, NETLINK_ROUTE, &cfg, &ksk);
	if (err) {
		rtnl_net_free(rn);
		return err;
	}
	rn->ksk = ksk;
	net_set_fini(net, NETLINK_ROUTE, rtnetlink_fini);
	/* the pernet inits of the link modules loaded, after lo's (as
	 * lo's, unlocked: nobody can see the net yet) */
	rtnl_link_modules_net_init(rn);
	return 0;
}
