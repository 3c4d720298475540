// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The families' own ioctls, before dev_ioctl():
 *
 *   inet_ioctl()      net/ipv4/af_inet.c: devinet_ioctl() (addresses by
 *                     label), ip_rt_ioctl() (struct rtentry), arp_ioctl()
 *   packet_ioctl()    net/packet/af_packet.c: the same inet requests
 *   inet6_ioctl()     net/ipv6/af_inet6.c: ipv6_route_ioctl() (struct
 *                     in6_rtmsg), addrconf_add_ifaddr(),
 *                     addrconf_del_ifaddr(), addrconf_set_dstaddr()
 *
 * Each change is the rtnetlink request that runs the same kernel
 * function (inet_insert_ifa(), fib_table_insert(), ip6_route_add(),
 * neigh_update()...), sent from portid 0 (rtnl_ioctl_run()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/if_arp.h>
#include <linux/in6.h>
#include <linux/ipv6_route.h>
#include <linux/neighbour.h>
#include <linux/route.h>
#include <linux/sockios.h>
#include <netinet/in.h>

#include "proto/route/ioctl.h"
#include "proto/route/link/kinds.h"

/* NUD_VALID of include/net/neighbour.h (not uapi) */
#define ARP_NUD_VALID                                                     \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE |  \
	 NUD_DELAY)

/* struct in6_ifreq of linux/ipv6.h (which clashes with libc's headers) */
struct rtnl_in6_ifreq {
	struct in6_addr ifr6_addr;
	uint32_t ifr6_prefixlen;
	int ifr6_ifindex;
};

static uint32_t sin_addr(const struct sockaddr *sa)
{
	uint32_t a;

	memcpy(&a, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
	       4);
	return a;
}

static int put_addr4(struct unl_skb *skb, int type, uint32_t a)
{
	return unl_nla_put(skb, type, 4, &a);
}

/* inet_abc_len(): the prefix of an address's old class; -1 for a
 * multicast one. */
static int inet_abc_len(uint32_t addr)
{
	uint32_t h = ntohl(addr);

	if ((h & 0xff000000) == 0 || h == 0xffffffff)
		return 0;
	if (IN_CLASSA(h))
		return 8;
	if (IN_CLASSB(h))
		return 16;
	if (IN_CLASSC(h))
		return 24;
	if ((h & 0xf0000000) == 0xf0000000) /* IN_CLASSE */
		return 32;
	return -1;
}

/* bad_mask(): a mask that is not contiguous, or bits of addr outside
 * it. */
static bool bad_mask(uint32_t mask, uint32_t addr)
{
	uint32_t h;

	if (addr & ~mask)
		return true;
	h = ntohl(~mask);
	return (h & (h + 1)) != 0;
}

static int mask_len(uint32_t mask)
{
	return __builtin_popcount(mask);
}

/* ---- devinet_ioctl() ------------------------------------------------ */

/* An IPv4 address as struct in_ifaddr has it, detached from the list. */
struct ifa4 {
	uint32_t local, address, mask, broadcast;
	uint8_t prefixlen, scope;
	char label[IFNAMSIZ];
};

static void ifa4_of(const struct rtnl_addr *a, struct ifa4 *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(&f->local, a->local, 4);
	memcpy(&f->address, a->address, 4);
	if (a->has_broadcast)
		memcpy(&f->broadcast, a->broadcast, 4);
	f->prefixlen = a->prefixlen;
	f->mask = a->prefixlen ? htonl(~0u << (32 - a->prefixlen)) : 0;
	f->scope = a->scope;
	memcpy(f->label, a->label, IFNAMSIZ);
}

/* The device's first address of that label (and local address, when
 * match), in the order of its in_device's list. */
static const struct rtnl_addr *ifa_by_label(struct rtnl_net *rn, int ifindex,
					    const char *label,
					    const uint32_t *match)
{
	for (const struct rtnl_addr *a = rn->addrs; a; a = a->next) {
		if (a->family != AF_INET || a->ifindex != ifindex ||
		    strcmp(a->label, label))
			continue;
		if (!match || !memcmp(a->local, match, 4))
			return a;
	}
	return NULL;
}

/* inet_del_ifa() through inet_rtm_deladdr(): that very address. */
static int ifa4_del(struct rtnl_ioctl *io, int ifindex, const struct ifa4 *f)
{
	struct ifaddrmsg *ifm;
	struct unl_skb *skb = rtnl_ioctl_msg(RTM_DELADDR, 0, sizeof(*ifm),
					     (void **)&ifm);

	if (!skb)
		return -ENOMEM;
	ifm->ifa_family = AF_INET;
	ifm->ifa_prefixlen = f->prefixlen;
	ifm->ifa_index = (uint32_t)ifindex;
	if (put_addr4(skb, IFA_LOCAL, f->local) ||
	    put_addr4(skb, IFA_ADDRESS, f->address) ||
	    unl_nla_put_string(skb, IFA_LABEL, f->label)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

/* inet_insert_ifa() through inet_rtm_newaddr(): permanent, no flags;
 * an address 0.0.0.0 is not inserted (__inet_insert_ifa()). */
static int ifa4_add(struct rtnl_ioctl *io, int ifindex, const struct ifa4 *f)
{
	struct ifaddrmsg *ifm;
	struct unl_skb *skb;

	if (!f->local)
		return 0;
	skb = rtnl_ioctl_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
			     sizeof(*ifm), (void **)&ifm);
	if (!skb)
		return -ENOMEM;
	ifm->ifa_family = AF_INET;
	ifm->ifa_prefixlen = f->prefixlen;
	ifm->ifa_scope = f->scope;
	ifm->ifa_index = (uint32_t)ifindex;
	if (put_addr4(skb, IFA_LOCAL, f->local) ||
	    put_addr4(skb, IFA_ADDRESS, f->address) ||
	    (f->broadcast && put_addr4(skb, IFA_BROADCAST, f->broadcast)) ||
	    unl_nla_put_string(skb, IFA_LABEL, f->label)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

/* The SIOCSIFADDR part of devinet_ioctl(): a new address on the label,
 * or the label's address replaced; prefix and broadcast from the old
 * class. */
static int devinet_set_addr(struct rtnl_ioctl *io, const struct rtnl_link *l,
			    const struct rtnl_addr *a, const char *label,
			    uint32_t addr)
{
	struct ifa4 f;
	int err;

	if (inet_abc_len(addr) < 0)
		return -EINVAL;
	if (a) {
		ifa4_of(a, &f);
		if (f.local == addr)
			return 0;
		err = ifa4_del(io, l->ifindex, &f);
		if (err)
			return err;
		f.broadcast = 0;
		f.scope = 0;
	} else {
		memset(&f, 0, sizeof(f));
		memcpy(f.label, label, IFNAMSIZ);
	}
	f.local = f.address = addr;
	if (!(l->flags & IFF_POINTOPOINT)) {
		f.prefixlen = (uint8_t)inet_abc_len(addr);
		f.mask = f.prefixlen ? htonl(~0u << (32 - f.prefixlen)) : 0;
		if ((l->flags & IFF_BROADCAST) && f.prefixlen < 31)
			f.broadcast = addr | ~f.mask;
	} else {
		f.prefixlen = 32;
	}
	/* inet_set_ifa(): a loopback address has host scope */
	if ((ntohl(addr) >> 24) == 127)
		f.scope = RT_SCOPE_HOST;
	return ifa4_add(io, l->ifindex, &f);
}

/* SIOCSIFBRDADDR, SIOCSIFDSTADDR, SIOCSIFNETMASK: the value in f;
 * 1 when nothing changes, -EINVAL for a value refused. */
static int devinet_change(const struct rtnl_link *l, struct ifa4 *f,
			  unsigned long cmd, uint32_t v)
{
	uint32_t old_mask = f->mask;

	switch (cmd) {
	case SIOCSIFBRDADDR:
		if (f->broadcast == v)
			return 1;
		f->broadcast = v;
		return 0;
	case SIOCSIFDSTADDR:
		if (f->address == v)
			return 1;
		if (inet_abc_len(v) < 0)
			return -EINVAL;
		f->address = v;
		return 0;
	}
	if (bad_mask(v, 0))
		return -EINVAL;
	if (f->mask == v)
		return 1;
	f->mask = v;
	f->prefixlen = (uint8_t)mask_len(v);
	/* a broadcast that followed the old mask follows the new one */
	if ((l->flags & IFF_BROADCAST) && f->prefixlen < 31 &&
	    f->broadcast == (f->local | ~old_mask))
		f->broadcast = f->local | ~v;
	return 0;
}

/* The address leaves and comes back changed (inet_del_ifa(), then
 * inet_insert_ifa()). */
static int devinet_modify(struct rtnl_ioctl *io, const struct rtnl_link *l,
			  const struct rtnl_addr *a, unsigned long cmd,
			  uint32_t v)
{
	struct ifa4 old, f;
	int err;

	ifa4_of(a, &old);
	f = old;
	err = devinet_change(l, &f, cmd, v);
	if (err)
		return err > 0 ? 0 : err;
	err = ifa4_del(io, l->ifindex, &old);
	if (err)
		return err;
	return ifa4_add(io, l->ifindex, &f);
}

/* SIOCSIFFLAGS on an alias: down deletes its address; otherwise the
 * device's flags (dev_change_flags()). */
static int devinet_set_flags(struct rtnl_ioctl *io, struct rtnl_link *l,
			     const struct rtnl_addr *a, bool alias,
			     short flags)
{
	struct ifa4 f;

	if (!alias)
		return rtnl_link_change_flags(l, (unsigned int)flags, NULL);
	if (!a)
		return -EADDRNOTAVAIL;
	if (flags & IFF_UP)
		return 0;
	ifa4_of(a, &f);
	return ifa4_del(io, l->ifindex, &f);
}

static int devinet_get(const struct rtnl_addr *a, unsigned long cmd,
		       struct sockaddr_in *sin)
{
	struct ifa4 f;
	uint32_t v;

	ifa4_of(a, &f);
	switch (cmd) {
	case SIOCGIFADDR:
		v = f.local;
		break;
	case SIOCGIFBRDADDR:
		v = f.broadcast;
		break;
	case SIOCGIFDSTADDR:
		v = f.address;
		break;
	default:
		v = f.mask;
		break;
	}
	memcpy(&sin->sin_addr, &v, 4);
	return 0;
}

static bool devinet_is_get(unsigned long cmd)
{
	return cmd == SIOCGIFADDR || cmd == SIOCGIFBRDADDR ||
	       cmd == SIOCGIFDSTADDR || cmd == SIOCGIFNETMASK;
}

/* devinet_ioctl()'s checks before it looks the device up. */
static int devinet_check(struct rtnl_ioctl *io, unsigned long cmd,
			 struct sockaddr_in *sin)
{
	if (devinet_is_get(cmd)) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		return 0;
	}
	if (cmd != SIOCSIFFLAGS && cmd != SIOCSIFADDR &&
	    cmd != SIOCSIFBRDADDR && cmd != SIOCSIFDSTADDR &&
	    cmd != SIOCSIFNETMASK)
		return -EINVAL;
	if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	if (cmd != SIOCSIFFLAGS && sin->sin_family != AF_INET)
		return -EINVAL;
	return 0;
}

/* devinet_ioctl(): ifr names a device or one of its aliases (LABEL:N);
 * a get with an AF_INET address finds the label's address equal to it
 * first (4.4BSD), else the label's first. */
static int devinet_ioctl(struct rtnl_ioctl *io, unsigned long cmd,
			 struct ifreq *ifr)
{
	struct sockaddr_in *sin = (void *)&ifr->ifr_addr, orig = *sin;
	const struct rtnl_addr *a = NULL;
	struct rtnl_link *l;
	char *colon;
	int ret;

	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	colon = strchr(ifr->ifr_name, ':');
	if (colon)
		*colon = '\0';
	ret = devinet_check(io, cmd, sin);
	if (ret)
		return ret;
	l = rtnl_link_by_name(io->rn, ifr->ifr_name);
	if (!l)
		return -ENODEV;
	if (colon)
		*colon = ':';
	if (devinet_is_get(cmd) && orig.sin_family == AF_INET)
		a = ifa_by_label(io->rn, l->ifindex, ifr->ifr_name,
				 (const uint32_t *)(const void *)&orig.sin_addr);
	if (!a)
		a = ifa_by_label(io->rn, l->ifindex, ifr->ifr_name, NULL);
	if (!a && cmd != SIOCSIFADDR && cmd != SIOCSIFFLAGS)
		return -EADDRNOTAVAIL;
	switch (cmd) {
	case SIOCSIFFLAGS:
		return devinet_set_flags(io, l, a, colon != NULL,
					 ifr->ifr_flags);
	case SIOCSIFADDR:
		return devinet_set_addr(io, l, a, ifr->ifr_name,
					sin_addr(&ifr->ifr_addr));
	case SIOCSIFBRDADDR:
	case SIOCSIFDSTADDR:
	case SIOCSIFNETMASK:
		return devinet_modify(io, l, a, cmd, sin_addr(&ifr->ifr_addr));
	}
	return devinet_get(a, cmd, sin);
}

/* ---- ip_rt_ioctl() -------------------------------------------------- */

/* rtentry_to_fib_config()'s device: rt_dev names it, LABEL:N an alias
 * whose address becomes the preferred source.  0, or -ENODEV. */
static int rtentry_dev(struct rtnl_ioctl *io, const char *user, int *oif,
		       uint32_t *prefsrc)
{
	char name[IFNAMSIZ];
	const struct rtnl_addr *a;
	struct rtnl_link *l;
	char *colon;

	/* the kernel copies IFNAMSIZ - 1 bytes; the name ends at its NUL */
	memset(name, 0, sizeof(name));
	memcpy(name, user, strnlen(user, IFNAMSIZ - 1));
	colon = strchr(name, ':');
	if (colon)
		*colon = '\0';
	l = rtnl_link_by_name(io->rn, name);
	if (!l)
		return -ENODEV;
	*oif = l->ifindex;
	if (!colon)
		return 0;
	*colon = ':';
	a = ifa_by_label(io->rn, l->ifindex, name, NULL);
	if (!a)
		return -ENODEV;
	memcpy(prefsrc, a->local, 4);
	return 0;
}

/* The struct fib_config an rtentry makes. */
struct rt4_cfg {
	uint32_t dst, gw, prefsrc, priority;
	uint8_t dst_len, scope, type, protocol;
	int oif;
	uint32_t metrics[RTAX_MAX + 1];
};

/* rtentry_to_fib_config(), up to the device and gateway. */
static int rtentry_dst(const struct rtentry *rt, unsigned long cmd,
		       struct rt4_cfg *c)
{
	uint32_t mask;

	if (rt->rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	c->dst = sin_addr(&rt->rt_dst);
	c->dst_len = 32;
	if (!(rt->rt_flags & RTF_HOST)) {
		mask = sin_addr(&rt->rt_genmask);
		if (rt->rt_genmask.sa_family != AF_INET &&
		    (mask || rt->rt_genmask.sa_family))
			return -EAFNOSUPPORT;
		if (bad_mask(mask, c->dst))
			return -EINVAL;
		c->dst_len = (uint8_t)mask_len(mask);
	}
	if (cmd != SIOCDELRT)
		c->protocol = RTPROT_BOOT;
	if (rt->rt_metric)
		c->priority = (uint32_t)rt->rt_metric - 1;
	return 0;
}

/* rtentry_to_fib_config(): the rest, and the metrics of RTF_MTU,
 * RTF_WINDOW and RTF_IRTT. */
static int rtentry_config(struct rtnl_ioctl *io, const struct rtentry *rt,
			  unsigned long cmd, struct rt4_cfg *c)
{
	int err = rtentry_dst(rt, cmd, c);

	if (err)
		return err;
	if (rt->rt_flags & RTF_REJECT) {
		c->scope = RT_SCOPE_HOST;
		c->type = RTN_UNREACHABLE;
		return 0;
	}
	c->scope = RT_SCOPE_NOWHERE;
	c->type = RTN_UNICAST;
	if (rt->rt_dev) {
		err = rtentry_dev(io, rt->rt_dev, &c->oif, &c->prefsrc);
		if (err)
			return err;
	}
	c->gw = sin_addr(&rt->rt_gateway);
	if (rt->rt_gateway.sa_family != AF_INET)
		c->gw = 0;
	if (c->gw && (rt->rt_flags & RTF_GATEWAY) &&
	    rtnl_inet_addr_type(io->rn, 0, (const uint8_t *)&c->gw,
				RT_TABLE_MAIN) == RTN_UNICAST)
		c->scope = RT_SCOPE_UNIVERSE;
	if (cmd == SIOCDELRT)
		return 0;
	if ((rt->rt_flags & RTF_GATEWAY) && !c->gw)
		return -EINVAL;
	if (c->scope == RT_SCOPE_NOWHERE)
		c->scope = RT_SCOPE_LINK;
	if (rt->rt_flags & RTF_MTU)
		c->metrics[RTAX_ADVMSS] = (uint32_t)rt->rt_mtu - 40;
	if (rt->rt_flags & RTF_WINDOW)
		c->metrics[RTAX_WINDOW] = (uint32_t)rt->rt_window;
	if (rt->rt_flags & RTF_IRTT)
		c->metrics[RTAX_RTT] = (uint32_t)rt->rt_irtt << 3;
	return 0;
}

static int put_metrics(struct unl_skb *skb, const uint32_t *m)
{
	struct nlattr *nest = NULL;

	for (int i = 1; i <= RTAX_MAX; i++) {
		if (!m[i])
			continue;
		if (!nest && !(nest = unl_nla_nest_start(skb, RTA_METRICS)))
			return -EMSGSIZE;
		if (unl_nla_put_u32(skb, i, m[i]))
			return -EMSGSIZE;
	}
	if (nest)
		unl_nla_nest_end(skb, nest);
	return 0;
}

/* fib_table_insert() with NLM_F_CREATE, or fib_table_delete(), through
 * inet_rtm_newroute() and inet_rtm_delroute(). */
static int rt4_send(struct rtnl_ioctl *io, unsigned long cmd,
		    const struct rt4_cfg *c)
{
	bool add = cmd == SIOCADDRT;
	struct rtmsg *rtm;
	struct unl_skb *skb = rtnl_ioctl_msg(add ? RTM_NEWROUTE : RTM_DELROUTE,
					     add ? NLM_F_CREATE : 0,
					     sizeof(*rtm), (void **)&rtm);

	if (!skb)
		return -ENOMEM;
	*rtm = (struct rtmsg){ .rtm_family = AF_INET,
			       .rtm_dst_len = c->dst_len,
			       .rtm_table = RT_TABLE_MAIN,
			       .rtm_protocol = c->protocol,
			       .rtm_scope = c->scope,
			       .rtm_type = c->type };
	if ((c->dst_len && put_addr4(skb, RTA_DST, c->dst)) ||
	    (c->oif && unl_nla_put_u32(skb, RTA_OIF, (uint32_t)c->oif)) ||
	    (c->gw && put_addr4(skb, RTA_GATEWAY, c->gw)) ||
	    (c->prefsrc && put_addr4(skb, RTA_PREFSRC, c->prefsrc)) ||
	    (c->priority && unl_nla_put_u32(skb, RTA_PRIORITY, c->priority)) ||
	    put_metrics(skb, c->metrics)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

static int ip_rt_ioctl(struct rtnl_ioctl *io, unsigned long cmd,
		       const struct rtentry *rt)
{
	struct rt4_cfg c;
	int err;

	if (cmd == SIOCRTMSG)
		return -EINVAL;
	if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	memset(&c, 0, sizeof(c));
	err = rtentry_config(io, rt, cmd, &c);
	if (err)
		return err;
	return rt4_send(io, cmd, &c);
}

/* ---- arp_ioctl() ---------------------------------------------------- */

/* arp_req_dev_by_name(), arp_req_dev(): the named device, else the one
 * the route to the address goes through. */
static struct rtnl_link *arp_req_dev(struct rtnl_ioctl *io, struct arpreq *r,
				     bool by_name_only, int *err)
{
	struct rtnl_link *l = NULL;
	struct rtnl_flow fl = { .family = AF_INET, .scope = RT_SCOPE_LINK };
	struct rtnl_fib_res res;

	if (r->arp_dev[0] || by_name_only) {
		r->arp_dev[sizeof(r->arp_dev) - 1] = '\0';
		l = rtnl_link_by_name(io->rn, r->arp_dev);
		*err = -ENODEV;
		if (!l)
			return NULL;
		if (!r->arp_ha.sa_family)
			r->arp_ha.sa_family = l->type;
		*err = -EINVAL;
		if ((r->arp_flags & ATF_COM) && r->arp_ha.sa_family != l->type)
			return NULL;
		return l;
	}
	memcpy(fl.dst, &((struct sockaddr_in *)(void *)&r->arp_pa)->sin_addr,
	       4);
	*err = rtnl_fib4_lookup(io->rn, &fl, &res);
	if (*err)
		return NULL;
	l = res.rt ? rtnl_link_by_index(io->rn,
					res.rt->nh[res.nh_sel].ifindex)
		   : NULL;
	*err = -EINVAL;
	return l;
}

/* An ARP entry change through rtnetlink: NEWNEIGH (created, replaced as
 * an administrator's neigh_update()) or DELNEIGH. */
static int arp_send(struct rtnl_ioctl *io, int type, const struct rtnl_link *l,
		    const struct arpreq *r, uint16_t state, uint8_t flags)
{
	struct ndmsg *ndm;
	struct unl_skb *skb = rtnl_ioctl_msg(type,
					     type == RTM_NEWNEIGH
						     ? NLM_F_CREATE | NLM_F_REPLACE
						     : 0,
					     sizeof(*ndm), (void **)&ndm);

	if (!skb)
		return -ENOMEM;
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = l ? l->ifindex : 0;
	ndm->ndm_state = state;
	ndm->ndm_flags = flags;
	if (put_addr4(skb, NDA_DST, sin_addr(&r->arp_pa)) ||
	    (type == RTM_NEWNEIGH && !(flags & NTF_PROXY) &&
	     (r->arp_flags & ATF_COM) &&
	     unl_nla_put(skb, NDA_LLADDR, l->addr_len, r->arp_ha.sa_data))) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

static uint32_t arp_mask(const struct arpreq *r)
{
	return sin_addr(&r->arp_netmask);
}

/* arp_req_set_public(), arp_req_delete_public(): a proxy entry for
 * one address; a mask of 0 would turn proxy_arp on or off, which the
 * model does not keep (docs/conformance.md). */
static int arp_public(struct rtnl_ioctl *io, struct arpreq *r, bool set)
{
	struct rtnl_link *l = NULL;
	int err;

	if (arp_mask(r) && arp_mask(r) != 0xffffffffu)
		return -EINVAL;
	if (r->arp_dev[0]) {
		l = arp_req_dev(io, r, true, &err);
		if (!l)
			return err;
	}
	if (!arp_mask(r))
		return -EOPNOTSUPP;
	return arp_send(io, set ? RTM_NEWNEIGH : RTM_DELNEIGH, l, r, 0,
			NTF_PROXY);
}

/* arp_req_set(): STALE, or PERMANENT (and complete) with ATF_PERM. */
static int arp_req_set(struct rtnl_ioctl *io, struct arpreq *r)
{
	struct rtnl_link *l;
	uint16_t state = NUD_STALE;
	int err;

	if (r->arp_flags & ATF_PUBL)
		return arp_public(io, r, true);
	l = arp_req_dev(io, r, false, &err);
	if (!l)
		return err;
	if (r->arp_flags & ATF_PERM) {
		r->arp_flags |= ATF_COM;
		state = NUD_PERMANENT;
	}
	return arp_send(io, RTM_NEWNEIGH, l, r, state, 0);
}

static const struct rtnl_neigh *arp_find(struct rtnl_ioctl *io,
					 const struct rtnl_link *l,
					 const struct arpreq *r)
{
	uint32_t ip = sin_addr(&r->arp_pa);

	for (const struct rtnl_neigh *n = io->rn->neighs; n; n = n->next)
		if (n->family == AF_INET && n->ifindex == l->ifindex &&
		    !memcmp(n->dst, &ip, 4))
			return n;
	return NULL;
}

/* arp_invalidate(): the entry goes; ENXIO when there is none, or when
 * it was a NOARP one (gone all the same). */
static int arp_req_delete(struct rtnl_ioctl *io, struct arpreq *r)
{
	const struct rtnl_neigh *n;
	struct rtnl_link *l;
	bool noarp;
	int err;

	if (r->arp_flags & ATF_PUBL)
		return arp_public(io, r, false);
	l = arp_req_dev(io, r, false, &err);
	if (!l)
		return err;
	n = arp_find(io, l, r);
	if (!n)
		return -ENXIO;
	noarp = !(n->state & ~NUD_NOARP);
	err = arp_send(io, RTM_DELNEIGH, l, r, 0, 0);
	return err ? err : noarp ? -ENXIO : 0;
}

/* arp_req_get() with arp_state_to_flags() */
static int arp_req_get(struct rtnl_ioctl *io, struct arpreq *r)
{
	const struct rtnl_neigh *n;
	struct rtnl_link *l;
	size_t len;
	int err;

	l = arp_req_dev(io, r, true, &err);
	if (!l)
		return err;
	n = arp_find(io, l, r);
	if (!n || (n->state & NUD_NOARP))
		return -ENXIO;
	len = l->addr_len < sizeof(r->arp_ha.sa_data) ? l->addr_len
						       : sizeof(r->arp_ha.sa_data);
	memcpy(r->arp_ha.sa_data, n->lladdr, len);
	r->arp_flags = (n->state & NUD_PERMANENT) ? ATF_PERM | ATF_COM
		       : (n->state & ARP_NUD_VALID) ? ATF_COM
						  : 0;
	r->arp_ha.sa_family = l->type;
	memset(r->arp_dev, 0, sizeof(r->arp_dev));
	memcpy(r->arp_dev, l->name, IFNAMSIZ);
	return 0;
}

static int arp_ioctl(struct rtnl_ioctl *io, unsigned long cmd,
		     struct arpreq *user)
{
	struct arpreq r = *user;
	int err;

	if (cmd != SIOCGARP && !rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	if (r.arp_pa.sa_family != AF_INET)
		return -EPFNOSUPPORT;
	if (!(r.arp_flags & ATF_PUBL) &&
	    (r.arp_flags & (ATF_NETMASK | ATF_DONTPUB)))
		return -EINVAL;
	if (!(r.arp_flags & ATF_NETMASK))
		((struct sockaddr_in *)(void *)&r.arp_netmask)->sin_addr.s_addr =
			0xffffffffu;
	if (cmd == SIOCDARP)
		return arp_req_delete(io, &r);
	if (cmd == SIOCSARP)
		return arp_req_set(io, &r);
	err = arp_req_get(io, &r);
	if (!err)
		*user = r;
	return err;
}

/* ---- inet_ioctl(), packet_ioctl() ------------------------------------ */

static int inet_ioctl(struct rtnl_ioctl *io, unsigned long cmd, void *arg)
{
	struct ifreq ifr;
	int err;

	switch (cmd) {
	case SIOCADDRT:
	case SIOCDELRT:
	case SIOCRTMSG:
		return ip_rt_ioctl(io, cmd, arg);
	case SIOCDARP:
	case SIOCGARP:
	case SIOCSARP:
		return arp_ioctl(io, cmd, arg);
	case SIOCGIFADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFDSTADDR:
	case SIOCGIFPFLAGS:
		/* the answer is copied out only when it succeeds */
		memcpy(&ifr, arg, sizeof(ifr));
		err = devinet_ioctl(io, cmd, &ifr);
		if (!err)
			memcpy(arg, &ifr, sizeof(ifr));
		return err;
	case SIOCSIFADDR:
	case SIOCSIFBRDADDR:
	case SIOCSIFNETMASK:
	case SIOCSIFDSTADDR:
	case SIOCSIFPFLAGS:
	case SIOCSIFFLAGS:
		memcpy(&ifr, arg, sizeof(ifr));
		return devinet_ioctl(io, cmd, &ifr);
	}
	return -ENOIOCTLCMD;
}

/* packet_ioctl(): the inet requests an AF_PACKET socket passes on. */
static bool packet_passes(unsigned long cmd)
{
	switch (cmd) {
	case SIOCADDRT: case SIOCDELRT: case SIOCDARP: case SIOCGARP:
	case SIOCSARP: case SIOCGIFADDR: case SIOCSIFADDR:
	case SIOCGIFBRDADDR: case SIOCSIFBRDADDR: case SIOCGIFNETMASK:
	case SIOCSIFNETMASK: case SIOCGIFDSTADDR: case SIOCSIFDSTADDR:
	case SIOCSIFFLAGS:
		return true;
	}
	return false;
}

/* ---- inet6_ioctl() --------------------------------------------------- */

/* rtmsg_to_fib6_config() and ip6_route_add() / ip6_route_del() through
 * inet6_rtm_newroute() / inet6_rtm_delroute(): metric 1024 when none
 * (adding), protocol boot, the lifetime in clock ticks (USER_HZ). */
static int rt6_send(struct rtnl_ioctl *io, unsigned long cmd,
		    const struct in6_rtmsg *m)
{
	bool add = cmd == SIOCADDRT;
	uint32_t metric = m->rtmsg_metric;
	struct rtmsg *rtm;
	struct unl_skb *skb = rtnl_ioctl_msg(add ? RTM_NEWROUTE : RTM_DELROUTE,
					     add ? NLM_F_CREATE : 0,
					     sizeof(*rtm), (void **)&rtm);

	if (!skb)
		return -ENOMEM;
	if (add && !metric)
		metric = 1024; /* IP6_RT_PRIO_USER */
	*rtm = (struct rtmsg){
		.rtm_family = AF_INET6,
		.rtm_dst_len = m->rtmsg_dst_len,
		.rtm_src_len = m->rtmsg_src_len,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = add ? RTPROT_BOOT : 0,
		.rtm_type = (m->rtmsg_flags & RTF_REJECT) ? RTN_UNREACHABLE
			    : m->rtmsg_type			? m->rtmsg_type
								: RTN_UNICAST,
	};
	if (unl_nla_put(skb, RTA_DST, 16, &m->rtmsg_dst) ||
	    (m->rtmsg_src_len &&
	     unl_nla_put(skb, RTA_SRC, 16, &m->rtmsg_src)) ||
	    ((m->rtmsg_flags & RTF_GATEWAY) &&
	     unl_nla_put(skb, RTA_GATEWAY, 16, &m->rtmsg_gateway)) ||
	    (m->rtmsg_ifindex &&
	     unl_nla_put_u32(skb, RTA_OIF, (uint32_t)m->rtmsg_ifindex)) ||
	    (metric && unl_nla_put_u32(skb, RTA_PRIORITY, metric)) ||
	    (add && (m->rtmsg_flags & RTF_EXPIRES) &&
	     unl_nla_put_u32(skb, RTA_EXPIRES, m->rtmsg_info / 100))) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

static int ipv6_route_ioctl(struct rtnl_ioctl *io, unsigned long cmd,
			    const struct in6_rtmsg *m)
{
	if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	return rt6_send(io, cmd, m);
}

/* addrconf_add_ifaddr(), addrconf_del_ifaddr(): inet6_addr_add() and
 * inet6_addr_del() through RTM_NEWADDR and RTM_DELADDR. */
static int addrconf_ifaddr(struct rtnl_ioctl *io, bool add,
			   const struct rtnl_in6_ifreq *r)
{
	struct ifaddrmsg *ifm;
	struct unl_skb *skb;

	if (!rtnl_ioctl_capable(io, CAP_NET_ADMIN))
		return -EPERM;
	if (r->ifr6_prefixlen > 128)
		return -EINVAL;
	skb = rtnl_ioctl_msg(add ? RTM_NEWADDR : RTM_DELADDR,
			     add ? NLM_F_CREATE | NLM_F_EXCL : 0, sizeof(*ifm),
			     (void **)&ifm);
	if (!skb)
		return -ENOMEM;
	ifm->ifa_family = AF_INET6;
	ifm->ifa_prefixlen = (uint8_t)r->ifr6_prefixlen;
	ifm->ifa_index = (uint32_t)r->ifr6_ifindex;
	if (unl_nla_put(skb, IFA_LOCAL, 16, &r->ifr6_addr)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	return rtnl_ioctl_run(io, skb);
}

static int inet6_ioctl(struct rtnl_ioctl *io, unsigned long cmd, void *arg)
{
	const struct rtnl_in6_ifreq *r = arg;

	switch (cmd) {
	case SIOCADDRT:
	case SIOCDELRT:
		return ipv6_route_ioctl(io, cmd, arg);
	case SIOCSIFADDR:
	case SIOCDIFADDR:
		return addrconf_ifaddr(io, cmd == SIOCSIFADDR, r);
	case SIOCSIFDSTADDR:
		/* addrconf_set_dstaddr(): for sit tunnels, which the model
		 * has not */
		return -ENODEV;
	}
	return -ENOIOCTLCMD;
}

int rtnl_family_ioctl(struct rtnl_ioctl *io, int family, unsigned long cmd,
		      void *arg)
{
	switch (family) {
	case AF_INET:
		return inet_ioctl(io, cmd, arg);
	case AF_PACKET:
		return packet_passes(cmd) ? inet_ioctl(io, cmd, arg)
					  : -ENOIOCTLCMD;
	case AF_INET6:
		return inet6_ioctl(io, cmd, arg);
	}
	return -ENOIOCTLCMD;
}
