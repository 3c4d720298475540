// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the tunnel kinds share (tunnel.h).
 */
#include <errno.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/if_tunnel.h>

#include <unetlink/profile.h>

#include "proto/route/link/tunnel.h"

uint32_t rtnl_tnl_get_be32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, unl_nla_data(a), 4);
	return v;
}

uint16_t rtnl_tnl_get_be16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, unl_nla_data(a), 2);
	return v;
}

void rtnl_tnl_get_in6(uint8_t *dst, const struct nlattr *a)
{
	memcpy(dst, unl_nla_data(a), 16);
}

int rtnl_tnl_validate_proto(const struct nlattr *const *data,
			    const uint8_t *protos, size_t n)
{
	uint8_t proto;

	if (!data || !data[IFLA_IPTUN_PROTO])
		return 0;
	proto = unl_nla_get_u8(data[IFLA_IPTUN_PROTO]);
	for (size_t i = 0; i < n; i++)
		if (proto == protos[i])
			return 0;
	return -EINVAL;
}

int rtnl_gre_validate_flags(const struct nlattr *const *data)
{
	uint16_t flags = 0;

	if (!data)
		return 0;
	if (data[IFLA_GRE_IFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_IFLAGS]);
	if (data[IFLA_GRE_OFLAGS])
		flags |= rtnl_tnl_get_be16(data[IFLA_GRE_OFLAGS]);
	return flags & (GRE_VERSION | GRE_ROUTING) ? -EINVAL : 0;
}

int rtnl_gre_calc_hlen(uint16_t o_flags)
{
	int n = 4;

	if (o_flags & GRE_CSUM)
		n += 4;
	if (o_flags & GRE_KEY)
		n += 4;
	if (o_flags & GRE_SEQ)
		n += 4;
	return n;
}

int rtnl_erspan_hdr_len(uint8_t ver)
{
	return ver == 0 ? 0 : 4 + (ver == 1 ? 4 : 8);
}

bool rtnl_tnl_has_fallback(struct rtnl_net *rn)
{
	long v = 0;

	if (unl_profile_sysctl_int(unl_net_profile(rn->net),
				   "net.core.fb_tunnels_only_for_init_net",
				   &v))
		v = 0;
	return v == 0;
}

void rtnl_tnl_unregister(struct rtnl_link *l)
{
	struct rtnl_link_list kill;

	rtnl_link_list_init(&kill);
	rtnl_link_queue_kill(l, &kill);
	rtnl_link_unregister_many(l->rn, &kill);
}

void rtnl_tnl_parm_to_user(const struct rtnl_tnl_parm *p,
			   struct ip_tunnel_parm *u)
{
	memset(u, 0, sizeof(*u));
	memcpy(u->name, p->name, IFNAMSIZ);
	u->link = (int)p->link;
	u->i_flags = p->i_flags;
	u->o_flags = p->o_flags;
	u->i_key = p->i_key;
	u->o_key = p->o_key;
	u->iph.version = 4;
	u->iph.ihl = 5;
	u->iph.tos = p->tos;
	u->iph.tot_len = p->iph_tot_len;
	u->iph.id = p->iph_id;
	u->iph.frag_off = p->frag_off;
	u->iph.ttl = p->ttl;
	u->iph.protocol = p->proto;
	u->iph.check = p->iph_check;
	u->iph.saddr = p->saddr;
	u->iph.daddr = p->daddr;
}

void rtnl_tnl_parm_from_user(const struct ip_tunnel_parm *u,
			     struct rtnl_tnl_parm *p)
{
	p->link = (uint32_t)u->link;
	p->i_flags = u->i_flags;
	p->o_flags = u->o_flags;
	p->i_key = u->i_key;
	p->o_key = u->o_key;
	p->saddr = u->iph.saddr;
	p->daddr = u->iph.daddr;
	p->ttl = u->iph.ttl;
	p->tos = u->iph.tos;
	p->frag_off = u->iph.frag_off;
	p->proto = u->iph.protocol;
	p->iph_tot_len = u->iph.tot_len;
	p->iph_id = u->iph.id;
	p->iph_check = u->iph.check;
}
