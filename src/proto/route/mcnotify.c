// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The join and leave notifications of Linux 6.14: RTM_NEWMULTICAST and
 * RTM_DELMULTICAST to RTNLGRP_IPV4_MCADDR (igmp.c's
 * inet_ifmcaddr_notify()) and RTNLGRP_IPV6_MCADDR (mcast.c's
 * inet6_ifmcaddr_notify()), RTM_NEWANYCAST and RTM_DELANYCAST to
 * RTNLGRP_IPV6_ACADDR (anycast.c's inet6_ifacaddr_notify()), each a
 * message like the dumps' (RTM_GETMULTICAST, RTM_GETANYCAST).
 *
 * The model keeps no list of joins: mcast.c and anycast.c make a
 * device's groups from its state when they are read.  So this keeps,
 * per device, the groups last announced and compares them with the
 * groups now: after every request and timer (rtnl_deferred_run()),
 * and when a device goes down (before it may go away).  What appeared
 * is announced new, what went deleted.  A device that goes away leaves
 * what it still has silently, but for the two groups Linux leaves with
 * an announcement (ipv6_mc_destroy_dev(): all-nodes, and all-routers
 * while forwarding).  Nobody listening, nothing is compared; the next
 * listener's bind takes the lists again first, silently.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/route/link/kinds.h"

#define INFINITY_LIFE_TIME 0xffffffffu

/* include/uapi/linux/rtnetlink.h of Linux 6.14 */
#define RTM_NEWMULTICAST_ 56
#define RTM_DELMULTICAST_ 57
#define RTM_NEWANYCAST_ 60
#define RTM_DELANYCAST_ 61
#define RTNLGRP_STATS_ 36
#define RTNLGRP_IPV4_MCADDR_ 37
#define RTNLGRP_IPV6_MCADDR_ 38
#define RTNLGRP_IPV6_ACADDR_ 39
#define MC_NOTIFY_SINCE 614

enum { MC4, MC6, AC6, MC_KINDS };

struct mc_entry {
	uint8_t addr[16];
	uint64_t seq;
};

struct mc_list {
	struct mc_entry *v;
	size_t n, cap;
	int alen; /* of the addresses being added */
};

struct rtnl_mc_seen {
	struct mc_list kind[MC_KINDS];
};

static const struct {
	int family, group, new_type, del_type, attr;
} kinds[MC_KINDS] = {
	[MC4] = { AF_INET, RTNLGRP_IPV4_MCADDR_, RTM_NEWMULTICAST_,
		  RTM_DELMULTICAST_, IFA_MULTICAST },
	[MC6] = { AF_INET6, RTNLGRP_IPV6_MCADDR_, RTM_NEWMULTICAST_,
		  RTM_DELMULTICAST_, IFA_MULTICAST },
	[AC6] = { AF_INET6, RTNLGRP_IPV6_ACADDR_, RTM_NEWANYCAST_,
		  RTM_DELANYCAST_, IFA_ANYCAST },
};

unsigned int rtnl_groups_max(const struct unl_profile *p)
{
	return unl_profile_at_least(p, MC_NOTIFY_SINCE) ? RTNLGRP_IPV6_ACADDR_
							: RTNLGRP_STATS_;
}

static bool sends(const struct rtnl_net *rn)
{
	return unl_profile_at_least(unl_net_profile(rn->net), MC_NOTIFY_SINCE);
}

static bool listened(const struct rtnl_net *rn)
{
	for (int k = 0; k < MC_KINDS; k++)
		if (unl_has_listeners(rn->ksk, (unsigned int)kinds[k].group))
			return true;
	return false;
}

static int list_add(void *arg, const struct rtnl_link *l, const uint8_t *addr,
		    uint64_t seq)
{
	struct mc_list *ml = arg;

	(void)l;
	if (ml->n == ml->cap) {
		size_t cap = ml->cap ? 2 * ml->cap : 8;
		struct mc_entry *v = realloc(ml->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		ml->v = v;
		ml->cap = cap;
	}
	memset(ml->v[ml->n].addr, 0, sizeof(ml->v[ml->n].addr));
	memcpy(ml->v[ml->n].addr, addr, (size_t)ml->alen);
	ml->v[ml->n++].seq = seq;
	return 0;
}

/* The groups of kind k that l has now, newest first. */
static int groups_now(struct rtnl_net *rn, const struct rtnl_link *l, int k,
		      struct mc_list *out)
{
	out->n = 0;
	out->alen = kinds[k].family == AF_INET ? 4 : 16;
	switch (k) {
	case MC4:
		return rtnl_mc4_for_each(rn, l, list_add, out);
	case MC6:
		return rtnl_mc6_for_each(rn, l, list_add, out);
	default:
		return rtnl_ac6_for_each(rn, l, list_add, out);
	}
}

/* inet_fill_ifmcaddr() / inet6_fill_ifmcaddr() / inet6_fill_ifacaddr()
 * of an announcement, to the kind's group */
static void announce(struct rtnl_net *rn, const struct rtnl_link *l, int k,
		     bool add, const struct mc_entry *e)
{
	int family = kinds[k].family, alen = family == AF_INET ? 4 : 16;
	struct ifa_cacheinfo ci = {
		.ifa_prefered = INFINITY_LIFE_TIME,
		.ifa_valid = INFINITY_LIFE_TIME,
		.cstamp = rtnl_mc_cstamp(e->seq),
		.tstamp = rtnl_mc_cstamp(e->seq),
	};
	struct unl_skb *skb = unl_nlmsg_new(NLMSG_ALIGN(sizeof(struct ifaddrmsg)) +
					    unl_nla_total_size(16) +
					    unl_nla_total_size(sizeof(ci)));
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifm;

	if (!skb) {
		rtnl_set_sk_err(rn, (unsigned int)kinds[k].group, -ENOBUFS);
		return;
	}
	nlh = unl_nlmsg_put(skb, 0, 0,
			    add ? kinds[k].new_type : kinds[k].del_type,
			    sizeof(*ifm), 0);
	if (!nlh)
		goto fail;
	ifm = NLMSG_DATA(nlh);
	ifm->ifa_family = (uint8_t)family;
	ifm->ifa_prefixlen = (uint8_t)(8 * alen);
	ifm->ifa_flags = IFA_F_PERMANENT;
	/* universe even for a site-local group (ff05::2), which the
	 * dump calls site: the notifications' fill arguments say so */
	ifm->ifa_scope = RT_SCOPE_UNIVERSE;
	ifm->ifa_index = (uint32_t)l->ifindex;
	if (unl_nla_put(skb, kinds[k].attr, alen, e->addr) ||
	    unl_nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci))
		goto fail;
	unl_nlmsg_end(skb, nlh);
	rtnl_notify(rn, skb, 0, (unsigned int)kinds[k].group, NULL);
	return;
fail:
	unl_skb_free(skb);
	rtnl_set_sk_err(rn, (unsigned int)kinds[k].group, -EMSGSIZE);
}

/* The entry of ml for e's group: a group is one entry however many
 * users it has (its moment may move as they come and go). */
static struct mc_entry *find(const struct mc_list *ml,
			     const struct mc_entry *e)
{
	for (size_t i = 0; i < ml->n; i++)
		if (!memcmp(ml->v[i].addr, e->addr, 16))
			return &ml->v[i];
	return NULL;
}

static struct rtnl_mc_seen *seen_of(struct rtnl_link *l)
{
	if (!l->mc_seen)
		l->mc_seen = calloc(1, sizeof(*l->mc_seen));
	return l->mc_seen;
}

/* l's lists made the announced ones; with quiet, nothing is said,
 * else what went is announced deleted (oldest first), then what came
 * new (in the order it came). */
static void sync_dev(struct rtnl_net *rn, struct rtnl_link *l, bool quiet)
{
	struct rtnl_mc_seen *seen = seen_of(l);

	if (!seen)
		return;
	for (int k = 0; k < MC_KINDS; k++) {
		struct mc_list now = { 0 }, *old = &seen->kind[k];

		if (groups_now(rn, l, k, &now)) {
			free(now.v);
			continue;
		}
		for (size_t i = old->n; i-- > 0;)
			if (!quiet && !find(&now, &old->v[i]))
				announce(rn, l, k, false, &old->v[i]);
		for (size_t i = now.n; i-- > 0;) {
			struct mc_entry *was = find(old, &now.v[i]);

			/* a group kept keeps the moment it was joined */
			if (was)
				now.v[i].seq = was->seq;
			else if (!quiet)
				announce(rn, l, k, true, &now.v[i]);
		}
		free(old->v);
		*old = now;
	}
}

static void sync_all(struct rtnl_net *rn, bool quiet)
{
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		sync_dev(rn, l, quiet);
}

/* Whether the lists are to be compared now: the release sends them and
 * someone listens (else they go stale). */
static bool live(struct rtnl_net *rn)
{
	if (!sends(rn))
		return false;
	if (!listened(rn)) {
		rn->mc_seen_stale = true;
		return false;
	}
	if (rn->mc_seen_stale) {
		sync_all(rn, true);
		rn->mc_seen_stale = false;
	}
	return true;
}

void rtnl_mc_notify_all(struct rtnl_net *rn)
{
	if (live(rn))
		sync_all(rn, false);
}

void rtnl_mc_notify_bind(struct rtnl_net *rn, int group)
{
	if (group < RTNLGRP_IPV4_MCADDR_ || group > RTNLGRP_IPV6_ACADDR_ ||
	    !sends(rn))
		return;
	if (!listened(rn))
		rn->mc_seen_stale = true;
	if (rn->mc_seen_stale) {
		sync_all(rn, true);
		rn->mc_seen_stale = false;
	}
}

/* ipv6_mc_destroy_dev(): all-nodes, and all-routers while forwarding,
 * are left with an announcement; the rest go silently. */
static void destroy_dev(struct rtnl_net *rn, struct rtnl_link *l)
{
	static const uint8_t all[2][16] = {
		{ 0xff, 2, [15] = 1 },
		{ 0xff, 2, [15] = 2 },
	};
	struct mc_list *ml;

	if (!l->mc_seen)
		return;
	ml = &l->mc_seen->kind[MC6];
	for (int a = 0; a < 2; a++)
		for (size_t i = 0; i < ml->n; i++)
			if (!memcmp(ml->v[i].addr, all[a], 16))
				announce(rn, l, MC6, false, &ml->v[i]);
	rtnl_mc_seen_free(l);
}

int rtnl_mc_notify_netdev_event(struct rtnl_net *rn,
				enum rtnl_netdev_event event,
				const struct rtnl_netdev_info *info)
{
	if (event != RTNL_NETDEV_DOWN && event != RTNL_NETDEV_UNREGISTER)
		return 0;
	if (!live(rn)) {
		if (event == RTNL_NETDEV_UNREGISTER)
			rtnl_mc_seen_free(info->dev);
		return 0;
	}
	if (event == RTNL_NETDEV_DOWN)
		sync_dev(rn, info->dev, false);
	else
		destroy_dev(rn, info->dev);
	return 0;
}

void rtnl_mc_seen_free(struct rtnl_link *l)
{
	if (!l->mc_seen)
		return;
	for (int k = 0; k < MC_KINDS; k++)
		free(l->mc_seen->kind[k].v);
	free(l->mc_seen);
	l->mc_seen = NULL;
}
