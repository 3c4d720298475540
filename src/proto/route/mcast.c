// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Multicast memberships as the stack makes them without a single
 * packet, for /proc/net/igmp6 (net/ipv6/mcast.c's igmp6_mc_seq_show),
 * /proc/net/igmp (net/ipv4/igmp.c's igmp_mc_seq_show) and
 * /proc/net/dev_mcast (dev_mc_seq_show() of net/core/net-procfs.c).  Nothing joins a group here but the
 * stack's own joins, each done at a known moment (rn->mc_seq):
 *
 *   ipv6_add_dev()         ff01::1, ff02::1; ff02::2 if forwarding
 *   addrconf_join_solict() the solicited-node group of each address
 *                          made (not on a device that was loopback or
 *                          NOARP then)
 *   dev_forward_change()   ff02::2, ff01::2, ff05::2 when forwarding
 *                          goes on; the subnet-router anycast groups'
 *                          solicited nodes of the final addresses
 *   __ipv6_ifa_notify()    the same anycast joins when an address of a
 *                          forwarding device becomes final
 *   ip_mc_up()             224.0.0.1 while the device is up
 *   br_multicast_join_snoopers()  224.0.0.106 and ff02::6a while a
 *                          bridge is up with multicast snooping on
 *   pndisc_constructor()   the solicited-node group of an IPv6 proxy
 *                          entry on its device
 *
 * A vlan, macvlan or ipvlan that is up syncs its link-layer list to its
 * lower device (dev_mc_sync()): each of its addresses is one user more
 * on both, first added to the lower when the upper came up or the
 * address came to it.
 *
 * The lists are made at each read from those times.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if.h>
#include <linux/if_arp.h>

#include "core/vec.h"
#include "proto/route/route-private.h"
#include "proto/route/link/kinds.h"

/* MAF_* of include/net/if_inet6.h */
#define MAF_LOADED 0x04
#define MAF_NOREPORT 0x08

struct rtnl_in6_group *rtnl_in6_groups_inc(struct rtnl_in6_groups *gl,
					   const uint8_t *addr, uint64_t seq,
					   unsigned int sub)
{
	struct rtnl_in6_group *g;

	for (size_t i = 0; i < gl->n; i++)
		if (!memcmp(gl->v[i].addr, addr, 16)) {
			gl->v[i].users++;
			return &gl->v[i];
		}
	if (unl_vec_reserve(&gl->v, &gl->cap, gl->n + 1, sizeof(*gl->v)))
		return NULL;
	g = &gl->v[gl->n++];
	memcpy(g->addr, addr, 16);
	g->seq = seq;
	g->sub = sub;
	g->users = 1;
	return g;
}

static int in6_group_cmp(const void *x, const void *y)
{
	const struct rtnl_in6_group *a = x, *b = y;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->sub < b->sub ? -1 : a->sub > b->sub;
}

void rtnl_in6_groups_sort(struct rtnl_in6_groups *gl)
{
	if (gl->n > 1)
		qsort(gl->v, gl->n, sizeof(*gl->v), in6_group_cmp);
}

/* ipv6_dev_mc_inc(): a new group, or one more user of it. */
static int mc6_inc(struct rtnl_in6_groups *ml, const uint8_t *addr,
		   uint64_t seq, unsigned int sub)
{
	return rtnl_in6_groups_inc(ml, addr, seq, sub) ? 0 : -ENOMEM;
}

static int mc6_inc_fixed(struct rtnl_in6_groups *ml, uint8_t scope, uint8_t last,
			 uint64_t seq, unsigned int sub)
{
	uint8_t a[16] = { 0xff, scope };

	a[15] = last;
	return mc6_inc(ml, a, seq, sub);
}

/* addrconf_addr_solict_mult(): ff02::1:ffXX:XXXX */
static int mc6_inc_solict(struct rtnl_in6_groups *ml, const uint8_t *addr,
			  uint64_t seq, unsigned int sub)
{
	uint8_t a[16] = { 0xff, 0x02 };

	a[11] = 0x01;
	a[12] = 0xff;
	memcpy(a + 13, addr + 13, 3);
	return mc6_inc(ml, a, seq, sub);
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* addrconf_join_anycast(): the subnet-router anycast address of the
 * address's prefix, through its solicited-node group. */
static int mc6_anycast(struct rtnl_in6_groups *ml, const struct rtnl_link *l,
		       const struct rtnl_addr *a, unsigned int sub)
{
	uint8_t pfx[16];

	if (!rtnl_ac6_joined(l, a) || !rtnl_ac6_prefix(a, pfx))
		return 0;
	return mc6_inc_solict(ml, pfx, max_u64(a->final_seq, l->fwd6_seq),
			      sub);
}

static int mc6_routers(struct rtnl_in6_groups *ml, const struct rtnl_link *l)
{
	int err;

	if (!l->fwd6_seq || !(l->flags & IFF_MULTICAST))
		return 0;
	/* ipv6_add_dev() joins link-local all-routers only */
	err = mc6_inc_fixed(ml, 0x02, 2, l->fwd6_seq, 2);
	if (err || l->fwd6_seq == l->mc6_seq)
		return err;
	err = mc6_inc_fixed(ml, 0x01, 2, l->fwd6_seq, 3);
	return err ? err : mc6_inc_fixed(ml, 0x05, 2, l->fwd6_seq, 4);
}

/* The device's IPv6 groups, oldest first.  0 or -ENOMEM. */
static int mc6_groups(struct rtnl_net *rn, const struct rtnl_link *l,
		      struct rtnl_in6_groups *ml)
{
	unsigned int sub = 5;
	int err;

	if (l->no_inet6)
		return 0;
	err = mc6_inc_fixed(ml, 0x01, 1, l->mc6_seq, 0);
	err = err ? err : mc6_inc_fixed(ml, 0x02, 1, l->mc6_seq, 1);
	err = err ? err : mc6_routers(ml, l);
	/* after the IPv4 group of the same moment */
	if (!err && l->snoop_seq)
		err = mc6_inc_fixed(ml, 0x02, 0x6a, l->snoop_seq, 1);
	for (const struct rtnl_addr *a = rn->addrs; !err && a; a = a->next) {
		if (a->family != AF_INET6 || a->ifindex != l->ifindex)
			continue;
		if (a->mc_seq)
			err = mc6_inc_solict(ml, a->local, a->mc_seq, sub++);
		if (!err && l->fwd6_seq)
			err = mc6_anycast(ml, l, a, sub++);
	}
	for (int h = 0; !err && h < RTNL_PNEIGH_BUCKETS; h++)
		for (const struct rtnl_pneigh *pn = rn->pneighs[1][h];
		     !err && pn; pn = pn->next)
			if (pn->ifindex == l->ifindex && pn->mc_seq)
				err = mc6_inc_solict(ml, pn->key, pn->mc_seq,
						     sub++);
	if (!err)
		rtnl_in6_groups_sort(ml);
	return err;
}

/* Was group m withdrawn from the device (igmp6_group_dropped()) and not
 * put back: joined before the device last went down ready, and it has
 * not been ready since. */
static bool mc6_dropped(const struct rtnl_link *l, const struct rtnl_in6_group *m)
{
	return m->seq < l->mc6_down_seq && l->mc6_up_seq < l->mc6_down_seq;
}

/* Groups of interface-local scope are never loaded into the device. */
static bool mc6_iface_local(const struct rtnl_in6_group *m)
{
	return (m->addr[1] & 0x0f) <= 1;
}

/* igmp6_mc_seq_show(): each device's list, newest first.  Reports are
 * done (no timer runs: nothing is sent here); all-nodes is never
 * reported. */
static void igmp6_dev(FILE *out, const struct rtnl_link *l,
		      const struct rtnl_in6_groups *ml)
{
	for (size_t i = ml->n; i-- > 0;) {
		const struct rtnl_in6_group *m = &ml->v[i];
		unsigned int flags = 0;

		if (!mc6_iface_local(m) && !mc6_dropped(l, m))
			flags |= MAF_LOADED;
		if (mc6_iface_local(m) ||
		    (m->addr[1] == 0x02 && m->addr[15] == 1 && !m->addr[11]))
			flags |= MAF_NOREPORT;
		fprintf(out, "%-4d %-15s ", l->ifindex, l->name);
		for (int k = 0; k < 16; k++)
			fprintf(out, "%02x", m->addr[k]);
		fprintf(out, " %5u %08X %ld\n", m->users, flags, 0L);
	}
}

int rtnl_proc_igmp6(struct rtnl_net *rn, FILE *out)
{
	struct rtnl_in6_groups ml = { 0 };
	int err = 0;

	for (struct rtnl_link *l = rn->links; !err && l; l = l->next) {
		ml.n = 0;
		err = mc6_groups(rn, l, &ml);
		if (!err)
			igmp6_dev(out, l, &ml);
	}
	free(ml.v);
	return err;
}

static void igmp_group(FILE *out, uint32_t group)
{
	fprintf(out, "\t\t\t\t%08X %5d %d:%08lX\t\t%d\n",
		(unsigned int)htonl(group), 1, 0, 0UL, 0);
}

/* A device's IPv4 groups, newest first (two at most), with when each
 * was joined: all-hosts while up (ip_mc_up()), all-snoopers on a bridge
 * that joined them. */
static size_t mc4_groups(const struct rtnl_link *l, uint32_t *grp,
			 uint64_t *seq)
{
	bool up = l->flags & IFF_UP;
	size_t n = 0;

	if (l->snoop_seq && (!up || l->snoop_seq > l->mc4_seq)) {
		grp[n] = 0xe000006a;
		seq[n++] = l->snoop_seq;
	}
	if (up) {
		grp[n] = 0xe0000001;
		seq[n++] = l->mc4_seq;
	}
	if (l->snoop_seq && up && l->snoop_seq < l->mc4_seq) {
		grp[n] = 0xe000006a;
		seq[n++] = l->snoop_seq;
	}
	return n;
}

/* igmp_mc_seq_show(): the devices with groups, each list newest
 * first. */
int rtnl_proc_igmp(struct rtnl_net *rn, FILE *out)
{
	fputs("Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n",
	      out);
	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		uint32_t grp[2];
		uint64_t seq[2];
		size_t n = mc4_groups(l, grp, seq);

		if (!n)
			continue;
		fprintf(out, "%d\t%-10s: %5d %7s\n", l->ifindex, l->name,
			(int)n, "V3");
		for (size_t i = 0; i < n; i++)
			igmp_group(out, grp[i]);
	}
	return 0;
}

int rtnl_mc4_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg)
{
	uint32_t grp[2];
	uint64_t seq[2];
	size_t n = mc4_groups(l, grp, seq);
	int err = 0;

	(void)rn;
	for (size_t i = 0; !err && i < n; i++) {
		uint32_t be = htonl(grp[i]);

		err = fn(arg, l, (const uint8_t *)&be, seq[i]);
	}
	return err;
}

int rtnl_mc6_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg)
{
	struct rtnl_in6_groups ml = { 0 };
	int err = mc6_groups(rn, l, &ml);

	for (size_t i = ml.n; !err && i-- > 0;)
		err = fn(arg, l, ml.v[i].addr, ml.v[i].seq);
	free(ml.v);
	return err;
}

/* One link-layer address of dev->mc: the MAC, its users (the stack's
 * and the others'), whether one is global, when first added. */
struct hw_mc {
	uint8_t mac[6];
	uint64_t seq;
	unsigned int sub;
	int users;
	bool global;
};

struct hw_mc_list {
	struct hw_mc *v;
	size_t n, cap;
};

static struct hw_mc *hw_find(struct hw_mc_list *hl, const uint8_t *mac)
{
	for (size_t i = 0; i < hl->n; i++)
		if (!memcmp(hl->v[i].mac, mac, 6))
			return &hl->v[i];
	return NULL;
}

static int hw_add(struct hw_mc_list *hl, const uint8_t *mac, uint64_t seq,
		  unsigned int sub, int users, bool global)
{
	struct hw_mc *h = hw_find(hl, mac);

	if (h) {
		h->users += users;
		h->global |= global;
		if (seq < h->seq) {
			h->seq = seq;
			h->sub = sub;
		}
		return 0;
	}
	if (unl_vec_reserve(&hl->v, &hl->cap, hl->n + 1, sizeof(*hl->v)))
		return -ENOMEM;
	h = &hl->v[hl->n++];
	memcpy(h->mac, mac, 6);
	h->seq = seq;
	h->sub = sub;
	h->users = users;
	h->global = global;
	return 0;
}

static int hw_cmp(const void *x, const void *y)
{
	const struct hw_mc *a = x, *b = y;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->sub < b->sub ? -1 : a->sub > b->sub;
}

/* An Ethernet device's list: ipv6_eth_mc_map() of each loaded IPv6
 * group (link-local scope and wider), ip_eth_mc_map() of all-hosts
 * while up, and what others added (hwaddr.c), in the order each was
 * first added.  Other device types map nothing of the stack's
 * (ndisc_mc_map()). */
static int dev_hw_own(const struct rtnl_link *l, const struct rtnl_in6_groups *ml,
		      struct hw_mc_list *hl)
{
	int err = 0;

	hl->n = 0;
	for (size_t i = 0; l->type == ARPHRD_ETHER && !err && i < ml->n; i++) {
		const struct rtnl_in6_group *m = &ml->v[i];
		uint8_t mac[6] = { 0x33, 0x33 };
		uint64_t seq = m->seq;
		unsigned int sub = m->sub;

		if (mc6_iface_local(m) || mc6_dropped(l, m))
			continue;
		/* ipv6_mc_up() put the withdrawn ones back, walking the
		 * group list: newest first */
		if (m->seq < l->mc6_down_seq) {
			seq = l->mc6_up_seq;
			sub = (unsigned int)(ml->n - i);
		}
		memcpy(mac + 2, m->addr + 12, 4);
		/* dev_mc_add() once per group, however many users; a
		 * second group of one MAC adds a user */
		if (hw_find(hl, mac))
			hw_find(hl, mac)->users++;
		else
			err = hw_add(hl, mac, seq, sub, 1, false);
	}
	if (!err && l->type == ARPHRD_ETHER && (l->flags & IFF_UP)) {
		static const uint8_t allhosts[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

		err = hw_add(hl, allhosts, l->mc4_seq, 0, 1, false);
	}
	if (!err && l->type == ARPHRD_ETHER && l->snoop_seq) {
		static const uint8_t snoopers[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x6a };

		err = hw_add(hl, snoopers, l->snoop_seq, 0, 1, false);
	}
	for (size_t i = 0; !err && i < l->mc.n; i++)
		err = hw_add(hl, l->mc.v[i].addr, l->mc.v[i].seq, 0,
			     l->mc.v[i].refcount, l->mc.v[i].global);
	return err;
}

/* Stacked syncs go this deep at most (a vlan on a macvlan on a
 * device...). */
#define MC_SYNC_DEPTH 8

static int dev_hw_mc(struct rtnl_net *rn, const struct rtnl_link *l,
		     struct hw_mc_list *hl, int depth);

/* A device synced to its lower: up, of a kind that syncs, on one. */
static bool mc_synced(const struct rtnl_link *l)
{
	return (l->flags & IFF_UP) && l->ops->mc_sync && l->ops->lower_dev &&
	       l->ops->lower_dev(l);
}

/* What upper synced into l: each address with users, one user here. */
static int hw_sync_from(struct rtnl_link *upper, struct hw_mc_list *hl,
			int depth)
{
	struct hw_mc_list ul = { 0 };
	int err = dev_hw_mc(upper->rn, upper, &ul, depth + 1);

	for (size_t i = 0; !err && i < ul.n; i++) {
		const struct hw_mc *h = &ul.v[i];
		uint64_t seq = h->seq > upper->rx_up_seq ? h->seq
							 : upper->rx_up_seq;

		if (h->users > 0)
			err = hw_add(hl, h->mac, seq, (unsigned int)i + 1, 1,
				     false);
	}
	free(ul.v);
	return err;
}

/* The uppers of l that sync to it, in any net of the world (a macvlan
 * moved into a container's namespace still does); only a device with
 * such uppers (their ports on it) is looked for. */
static int hw_sync_uppers(struct rtnl_net *rn, const struct rtnl_link *l,
			  struct hw_mc_list *hl, int depth)
{
	struct unl_world *w = unl_net_world(rn->net);
	int err = 0;

	if (depth >= MC_SYNC_DEPTH ||
	    !(l->macvlan_port || l->vlan_info || l->ipvlan_port))
		return 0;
	for (struct unl_net *net = unl_world_net_next(w, NULL); !err && net;
	     net = unl_world_net_next(w, net)) {
		struct rtnl_net *o = net == rn->net ? rn : rtnl_net_get(net);

		for (struct rtnl_link *u = o ? o->links : NULL; !err && u;
		     u = u->next)
			if (mc_synced(u) && u->ops->lower_dev(u) == l)
				err = hw_sync_from(u, hl, depth);
	}
	return err;
}

/* The device's list (dev->mc), in the order each address was first
 * added: its own, what its uppers synced into it, and one user more
 * on each of its own while it is synced to its lower. */
static int dev_hw_mc(struct rtnl_net *rn, const struct rtnl_link *l,
		     struct hw_mc_list *hl, int depth)
{
	struct rtnl_in6_groups ml = { 0 };
	int err = mc6_groups(rn, l, &ml);

	if (!err)
		err = dev_hw_own(l, &ml, hl);
	free(ml.v);
	if (!err && mc_synced(l))
		for (size_t i = 0; i < hl->n; i++)
			hl->v[i].users++;
	if (!err)
		err = hw_sync_uppers(rn, l, hl, depth);
	if (!err && hl->n)
		qsort(hl->v, hl->n, sizeof(*hl->v), hw_cmp);
	return err;
}

static int dev_mcast_dev(FILE *out, struct rtnl_net *rn,
			 const struct rtnl_link *l, struct hw_mc_list *hl)
{
	int err = dev_hw_mc(rn, l, hl, 0);

	for (size_t i = 0; !err && i < hl->n; i++) {
		const struct hw_mc *h = &hl->v[i];

		if (h->users <= 0)
			continue;
		fprintf(out, "%-4d %-15s %-5d %-5d %02x%02x%02x%02x%02x%02x\n",
			l->ifindex, l->name, h->users, h->global, h->mac[0],
			h->mac[1], h->mac[2], h->mac[3], h->mac[4], h->mac[5]);
	}
	return err;
}

int rtnl_dev_mc_walk(struct rtnl_net *rn, const struct rtnl_link *l,
		     rtnl_hw_walk_fn fn, void *arg)
{
	struct hw_mc_list hl = { 0 };
	int err = dev_hw_mc(rn, l, &hl, 0);

	for (size_t i = 0; !err && i < hl.n; i++)
		if (hl.v[i].users > 0)
			err = fn(arg, hl.v[i].mac, (unsigned int)hl.v[i].users,
				 hl.v[i].global);
	free(hl.v);
	return err;
}

int rtnl_proc_dev_mcast(struct rtnl_net *rn, FILE *out)
{
	struct hw_mc_list hl = { 0 };
	int err = 0;

	for (struct rtnl_link *l = rn->links; !err && l; l = l->next)
		err = dev_mcast_dev(out, rn, l, &hl);
	free(hl.v);
	return err;
}
