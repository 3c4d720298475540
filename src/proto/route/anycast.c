// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IPv6 anycast addresses the stack joins by itself (net/ipv6/anycast.c):
 * a forwarding device joins the subnet-router anycast address of each
 * of its final addresses' prefixes (addrconf_join_anycast(), RFC 4291
 * 2.6.1), one entry per prefix counting its addresses, each with a
 * route of type anycast in the local table (ip6_ins_rt() of its
 * fib6_info).
 *
 * An address is joined while all of these hold: its device forwards,
 * it is final (DAD done), its prefix is shorter than /127 (RFC 6164)
 * and not ::.  The joins happen at three moments, as Linux's:
 *   __ipv6_ifa_notify(RTM_NEWADDR)  after the address's local route
 *   __ipv6_ifa_notify(RTM_DELADDR)  the leave, before the local route
 *   dev_forward_change()            every final address of the device
 * The routes go with the device's other IPv6 routes when it goes down
 * (rt6_disable_ip()); its addresses then wait for DAD again, which
 * joins them anew.  Solicited-node groups of the anycast addresses are
 * mcast.c's (it reads the same moments).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "proto/route/route-private.h"

bool rtnl_ac6_prefix(const struct rtnl_addr *a, uint8_t *pfx)
{
	static const uint8_t any[16];

	if (a->family != AF_INET6 || a->prefixlen >= 127)
		return false;
	memset(pfx, 0, 16);
	for (int i = 0; i < a->prefixlen; i++)
		pfx[i / 8] |= a->local[i / 8] & (0x80 >> (i % 8));
	return memcmp(pfx, any, 16) != 0;
}

bool rtnl_ac6_joined(const struct rtnl_link *l, const struct rtnl_addr *a)
{
	uint8_t pfx[16];

	return l->fwd6_seq && a->ifindex == l->ifindex && a->final_seq &&
	       !(a->flags & IFA_F_TENTATIVE) && !a->predad &&
	       rtnl_ac6_prefix(a, pfx);
}

/* Another joined address of l than a shares a's prefix: the entry has
 * more users than a. */
static bool ac6_shared(const struct rtnl_link *l, const struct rtnl_addr *a,
		       const uint8_t *pfx)
{
	uint8_t other[16];

	for (const struct rtnl_addr *o = l->addrs; o; o = o->dev_next)
		if (o != a && rtnl_ac6_joined(l, o) &&
		    rtnl_ac6_prefix(o, other) && !memcmp(other, pfx, 16))
			return true;
	return false;
}

static void ac6_route(struct rtnl_net *rn, const struct rtnl_link *l,
		      const uint8_t *pfx, bool add)
{
	struct rtnl_route rt;

	rtnl_kernel_route_for(rn, &rt, AF_INET6, RT_TABLE_LOCAL, RTN_ANYCAST,
			      RT_SCOPE_UNIVERSE, pfx, 128, l->ifindex);
	if (add)
		rtnl_route_kernel_add(rn, &rt);
	else
		rtnl_route_kernel_del(rn, &rt);
}

void rtnl_ac6_join(struct rtnl_net *rn, const struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	uint8_t pfx[16];

	if (!l || !rtnl_ac6_joined(l, a) || !rtnl_ac6_prefix(a, pfx) ||
	    ac6_shared(l, a, pfx))
		return;
	ac6_route(rn, l, pfx, true);
}

void rtnl_ac6_leave(struct rtnl_net *rn, const struct rtnl_addr *a)
{
	struct rtnl_link *l = rtnl_link_by_index(rn, a->ifindex);
	uint8_t pfx[16];

	/* a may be out of the device's list already */
	if (!l || !l->fwd6_seq || !a->final_seq ||
	    (a->flags & IFA_F_TENTATIVE) || a->predad ||
	    !rtnl_ac6_prefix(a, pfx) || ac6_shared(l, a, pfx))
		return;
	ac6_route(rn, l, pfx, false);
}

void rtnl_ac6_forward_change(struct rtnl_net *rn, struct rtnl_link *l,
			     bool on)
{
	uint8_t pfx[16];

	/* joins count up from the first address, leaves down to the
	 * last: the route comes with the first and goes with the last */
	for (const struct rtnl_addr *a = l->addrs; a; a = a->dev_next) {
		bool first = true;

		if (!rtnl_ac6_joined(l, a) || !rtnl_ac6_prefix(a, pfx))
			continue;
		for (const struct rtnl_addr *o = l->addrs; o != a;
		     o = o->dev_next) {
			uint8_t other[16];

			if (rtnl_ac6_joined(l, o) &&
			    rtnl_ac6_prefix(o, other) &&
			    !memcmp(other, pfx, 16))
				first = false;
		}
		if (first)
			ac6_route(rn, l, pfx, on);
	}
}

/* ---- /proc/net/anycast6 -------------------------------------------- */

/* l's entries, oldest first, into gl: one per prefix, as old as its
 * oldest address. */
static int ac6_entries(const struct rtnl_link *l, struct rtnl_in6_groups *gl)
{
	unsigned int sub = 0;

	gl->n = 0;
	for (const struct rtnl_addr *a = l->addrs; a; a = a->dev_next) {
		struct rtnl_in6_group *g;
		uint8_t pfx[16];
		uint64_t seq;

		if (!rtnl_ac6_joined(l, a) || !rtnl_ac6_prefix(a, pfx))
			continue;
		seq = a->final_seq > l->fwd6_seq ? a->final_seq : l->fwd6_seq;
		g = rtnl_in6_groups_inc(gl, pfx, seq, sub);
		if (!g)
			return -ENOMEM;
		if (g->users == 1)
			sub++;
		else if (seq < g->seq)
			g->seq = seq;
	}
	rtnl_in6_groups_sort(gl);
	return 0;
}

int rtnl_ac6_for_each(struct rtnl_net *rn, const struct rtnl_link *l,
		      rtnl_group_fn *fn, void *arg)
{
	struct rtnl_in6_groups gl = { 0 };
	int err = ac6_entries(l, &gl);

	(void)rn;
	for (size_t i = gl.n; !err && i-- > 0;)
		err = fn(arg, l, gl.v[i].addr, gl.v[i].seq);
	free(gl.v);
	return err;
}

/* ac6_seq_show(): each device's list, newest first. */
int rtnl_proc_anycast6(struct rtnl_net *rn, FILE *out)
{
	struct rtnl_in6_groups gl = { 0 };
	int err = 0;

	for (const struct rtnl_link *l = rn->links; !err && l; l = l->next) {
		err = ac6_entries(l, &gl);
		for (size_t i = gl.n; !err && i-- > 0;) {
			fprintf(out, "%-4d %-15s ", l->ifindex, l->name);
			for (int k = 0; k < 16; k++)
				fprintf(out, "%02x", gl.v[i].addr[k]);
			fprintf(out, " %5u\n", gl.v[i].users);
		}
	}
	free(gl.v);
	return err;
}
