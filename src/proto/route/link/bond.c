// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bond (drivers/net/bonding/bond_main.c, bond_options.c,
 * bond_netlink.c): a master that aggregates Ethernet ports.  Its
 * options are bond_options.c's table: each with its values (names,
 * ranges), the modes it is for, whether it needs the bond down or
 * without ports, and its setter's side effects (miimon and ARP
 * monitoring exclude each other, delays are multiples of miimon).
 * A port (IFLA_MASTER) must be down; it takes the bond's MTU and MAC
 * (the first one gives the bond its MAC when that was random), is
 * opened, flagged IFF_SLAVE and kept out of IPv6 autoconfiguration;
 * releasing it undoes that.  The ports' link state is what the
 * monitors would find, taken at once from their carrier (no timers);
 * active-backup, tlb and alb pick an active port as
 * bond_select_active_slave() does; 802.3ad's aggregators and LACP
 * machines are bond_3ad.c's.  The reference kernel has no
 * bonding module: this follows Linux's source, and
 * tests/clients/ip-kinds.sh checks it under the `full` profile.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_bonding.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "proto/route/link/bond.h"

/* the option flags of bond_options.c */
#define OPT_NOSLAVES 0x1
#define OPT_IFDOWN 0x2
#define OPT_RAWVAL 0x4
#define VAL_DEFAULT 0x1
#define VAL_MIN 0x2
#define VAL_MAX 0x4

/* bonding_defaults, as the module's parameters leave them */
static const struct bond_params bond_defaults = {
	.mode = BOND_MODE_ROUNDROBIN,
	.use_carrier = 1,
	.resend_igmp = 1,
	.num_peer_notif = 1,
	.lp_interval = 1,
	.packets_per_slave = 1,
	.lacp_active = 1,
	.tlb_dynamic_lb = 1,
	.missed_max = 2,
	.coupled_control = 1,
	.ad_actor_sys_prio = 65535,
};

static bool mode_uses_arp(int mode)
{
	return !(MODE_BIT(mode) & MODES_NO_ARP);
}

/* ---- ports' state ---- */

/* bond_slave_is_up() */
static bool slave_is_up(const struct bond_slave *s)
{
	return (s->dev->flags & IFF_UP) && s->dev->carrier;
}

/* The link state the monitors find: with miimon (use_carrier) or ARP
 * the carrier of a running port; without monitoring, always up. */
static int slave_link_now(const struct bond_priv *b, const struct bond_slave *s)
{
	if (!b->params.miimon && !b->params.arp_interval)
		return BOND_LINK_UP;
	return slave_is_up(s) ? BOND_LINK_UP : BOND_LINK_DOWN;
}

/* bond_set_carrier(): on while a port's link is up; 802.3ad's is the
 * active aggregator's (bond_3ad_set_carrier()). */
static void bond_set_carrier(struct rtnl_link *l)
{
	bool on = false;

	if (bond(l)->params.mode == BOND_MODE_8023AD && bond(l)->slaves) {
		bond_3ad_set_carrier(l);
		return;
	}
	for (struct bond_slave *s = bond(l)->slaves; s; s = s->next)
		if (s->link == BOND_LINK_UP)
			on = true;
	if (on != l->carrier)
		rtnl_link_carrier_set(l, on);
}

/* NETDEV_CHANGELOWERSTATE: the port's state is announced. */
void bond_slave_set_backup(struct bond_slave *s, bool backup)
{
	if (s->backup == backup)
		return;
	s->backup = backup;
	rtnl_link_notify(s->dev, RTM_NEWLINK, 0, NULL, NULL);
}

/* bond_choose_primary_or_current() */
static struct bond_slave *primary_or_current(struct bond_priv *b)
{
	struct bond_slave *prim = b->primary_slave, *curr = b->curr_active;

	if (!prim || prim->link != BOND_LINK_UP)
		return curr && curr->link == BOND_LINK_UP ? curr : NULL;
	if (b->force_primary) {
		b->force_primary = false;
		return prim;
	}
	if (!curr || curr->link != BOND_LINK_UP)
		return prim;
	return b->params.primary_reselect == BOND_PRI_RESELECT_FAILURE ? curr
									: prim;
}

/* bond_find_best_slave() */
static struct bond_slave *find_best(struct bond_priv *b)
{
	struct bond_slave *s = primary_or_current(b);

	if (s)
		return s;
	for (s = b->slaves; s; s = s->next)
		if (s->link == BOND_LINK_UP)
			return s;
	return NULL;
}

/* bond_change_active_slave(): the old one goes back to backup. */
static void change_active(struct bond_priv *b, struct bond_slave *s)
{
	struct bond_slave *old = b->curr_active;

	if (old == s)
		return;
	if (old)
		bond_slave_set_backup(old, true);
	b->curr_active = s;
	if (s)
		bond_slave_set_backup(s, false);
}

/* bond_select_active_slave() */
static void select_active(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	if (bond_uses_primary(b))
		change_active(b, find_best(b));
}

/* ---- options (bond_options.c) ---- */

struct bond_opt_value {
	const char *string;
	int64_t value;
	int flags;
};

struct bond_option {
	const char *name;
	int flags;
	unsigned int unsuppmodes;
	const struct bond_opt_value *values;
	/* the setter: 0 or -errno (-EINVAL, -ENODEV, -EPERM) */
	int (*set)(struct rtnl_link *l, int64_t value, const void *extra);
};

static const struct bond_opt_value intmax_tbl[] = {
	{ "off", 0, VAL_DEFAULT }, { "maxval", INT_MAX, VAL_MAX }, { 0 } };
static const struct bond_opt_value mode_tbl[] = {
	{ "balance-rr", 0, VAL_DEFAULT }, { "active-backup", 1, 0 },
	{ "balance-xor", 2, 0 }, { "broadcast", 3, 0 }, { "802.3ad", 4, 0 },
	{ "balance-tlb", 5, 0 }, { "balance-alb", 6, 0 }, { 0 } };
static const struct bond_opt_value pps_tbl[] = {
	{ "default", 1, VAL_DEFAULT }, { "maxval", 65535, VAL_MAX }, { 0 } };
static const struct bond_opt_value xmit_tbl[] = {
	{ "layer2", 0, VAL_DEFAULT }, { "layer3+4", 1, 0 },
	{ "layer2+3", 2, 0 }, { "encap2+3", 3, 0 }, { "encap3+4", 4, 0 },
	{ "vlan+srcmac", 5, 0 }, { 0 } };
static const struct bond_opt_value arp_validate_tbl[] = {
	{ "none", 0, VAL_DEFAULT }, { "active", 1, 0 }, { "backup", 2, 0 },
	{ "all", 3, 0 }, { "filter", 4, 0 }, { "filter_active", 5, 0 },
	{ "filter_backup", 6, 0 }, { 0 } };
static const struct bond_opt_value any_all_tbl[] = {
	{ "any", 0, VAL_DEFAULT }, { "all", 1, 0 }, { 0 } };
static const struct bond_opt_value fom_tbl[] = {
	{ "none", 0, VAL_DEFAULT }, { "active", 1, 0 }, { "follow", 2, 0 },
	{ 0 } };
static const struct bond_opt_value on_default_tbl[] = {
	{ "off", 0, 0 }, { "on", 1, VAL_DEFAULT }, { 0 } };
static const struct bond_opt_value off_default_tbl[] = {
	{ "off", 0, VAL_DEFAULT }, { "on", 1, 0 }, { 0 } };
static const struct bond_opt_value lacp_rate_tbl[] = {
	{ "slow", 0, 0 }, { "fast", 1, 0 }, { 0 } };
static const struct bond_opt_value ad_select_tbl[] = {
	{ "stable", 0, VAL_DEFAULT }, { "bandwidth", 1, 0 }, { "count", 2, 0 },
	{ "actor_port_prio", 3, 0 }, { 0 } };
static const struct bond_opt_value u8_default1_tbl[] = {
	{ "off", 0, 0 }, { "maxval", 255, VAL_MAX },
	{ "default", 1, VAL_DEFAULT }, { 0 } };
static const struct bond_opt_value peer_notif_delay_tbl[] = {
	{ "off", 0, 0 }, { "maxval", 300000, VAL_MAX }, { 0 } };
static const struct bond_opt_value reselect_tbl[] = {
	{ "always", 0, VAL_DEFAULT }, { "better", 1, 0 }, { "failure", 2, 0 },
	{ 0 } };
static const struct bond_opt_value lp_interval_tbl[] = {
	{ "minval", 1, VAL_MIN | VAL_DEFAULT }, { "maxval", INT_MAX, VAL_MAX },
	{ 0 } };
static const struct bond_opt_value sys_prio_tbl[] = {
	{ "minval", 1, VAL_MIN }, { "maxval", 65535, VAL_MAX | VAL_DEFAULT },
	{ 0 } };
static const struct bond_opt_value port_key_tbl[] = {
	{ "minval", 0, VAL_MIN | VAL_DEFAULT }, { "maxval", 1023, VAL_MAX },
	{ 0 } };
static const struct bond_opt_value missed_max_tbl[] = {
	{ "minval", 1, VAL_MIN }, { "maxval", 255, VAL_MAX },
	{ "default", 2, VAL_DEFAULT }, { 0 } };

#define P(l) (&bond(l)->params)

/* bond_option_mode_set() */
static int set_mode(struct rtnl_link *l, int64_t v, const void *extra)
{
	struct bond_params *p = P(l);

	(void)extra;
	if (!mode_uses_arp((int)v)) {
		p->arp_interval = 0;
		if (!p->miimon)
			p->miimon = BOND_DEFAULT_MIIMON;
	}
	if (v == BOND_MODE_ALB)
		p->tlb_dynamic_lb = 1;
	p->arp_validate = 0; /* not kept across modes */
	p->mode = (int)v;
	return 0;
}

/* bond_option_miimon_set(): MII monitoring stops ARP monitoring. */
static int set_miimon(struct rtnl_link *l, int64_t v, const void *extra)
{
	struct bond_params *p = P(l);

	(void)extra;
	p->miimon = (int)v;
	if (v && p->arp_interval) {
		p->arp_interval = 0;
		p->arp_validate = 0;
	}
	return 0;
}

/* bond_option_arp_interval_set(): ARP monitoring stops MII's. */
static int set_arp_interval(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	P(l)->arp_interval = (int)v;
	if (v)
		P(l)->miimon = 0;
	return 0;
}

/* _bond_option_delay_set(): a multiple of miimon, kept as one. */
static int set_delay(struct rtnl_link *l, int64_t v, int *target)
{
	if (!P(l)->miimon)
		return -EPERM;
	*target = (int)(v / P(l)->miimon);
	return 0;
}

static int set_updelay(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	return set_delay(l, v, &P(l)->updelay);
}

static int set_downdelay(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	return set_delay(l, v, &P(l)->downdelay);
}

static int set_peer_notif_delay(struct rtnl_link *l, int64_t v,
				const void *extra)
{
	(void)extra;
	return set_delay(l, v, &P(l)->peer_notif_delay);
}

/* bond_is_ip_target_ok(): not 0.0.0.0/8, not the limited broadcast */
static int set_arp_target(struct rtnl_link *l, int64_t v, const void *extra)
{
	uint32_t t = (uint32_t)v, *targets = P(l)->arp_targets;
	const uint8_t *b = (const uint8_t *)&t;
	int free = -1;

	(void)extra;
	if (!b[0] || t == 0xffffffffu)
		return -EINVAL;
	for (int i = BOND_MAX_ARP_TARGETS - 1; i >= 0; i--) {
		if (targets[i] == t)
			return -EINVAL;
		if (!targets[i])
			free = i;
	}
	if (free < 0)
		return -EINVAL;
	targets[free] = t;
	return 0;
}

/* bond_is_ip6_target_ok(): not ::, not ::1, not multicast */
static int set_ns_target(struct rtnl_link *l, int64_t v, const void *extra)
{
	static const uint8_t any[16], loopback[16] = { [15] = 1 };
	uint8_t (*targets)[16] = P(l)->ns_targets;
	const uint8_t *t = extra;
	int free = -1;

	(void)v;
	if (!memcmp(t, any, 16) || !memcmp(t, loopback, 16) || t[0] == 0xff)
		return -EINVAL;
	for (int i = BOND_MAX_NS_TARGETS - 1; i >= 0; i--) {
		if (!memcmp(targets[i], t, 16))
			return -EINVAL;
		if (!memcmp(targets[i], any, 16))
			free = i;
	}
	if (free < 0)
		return -EINVAL;
	memcpy(targets[free], t, 16);
	return 0;
}

/* bond_option_primary_set(): a name, a port of that name now or later */
static int set_primary(struct rtnl_link *l, int64_t v, const void *extra)
{
	struct bond_priv *b = bond(l);
	const char *name = extra;

	(void)v;
	if (!*name) {
		b->primary_slave = NULL;
		memset(b->params.primary, 0, IFNAMSIZ);
		select_active(l);
		return 0;
	}
	for (struct bond_slave *s = b->slaves; s; s = s->next)
		if (!strncmp(s->dev->name, name, IFNAMSIZ)) {
			b->primary_slave = s;
			snprintf(b->params.primary, IFNAMSIZ, "%s",
				 s->dev->name);
			b->force_primary = true;
			select_active(l);
			return 0;
		}
	if (b->primary_slave) {
		b->primary_slave = NULL;
		select_active(l);
	}
	memset(b->params.primary, 0, IFNAMSIZ);
	snprintf(b->params.primary, IFNAMSIZ, "%s", name);
	return 0;
}

/* bond_option_active_slave_set(): a port of ours, up, while there is
 * an active one; none to choose again. */
static int set_active_slave(struct rtnl_link *l, int64_t v, const void *extra)
{
	struct bond_priv *b = bond(l);
	const struct rtnl_link *dev = extra;
	struct bond_slave *s;

	(void)v;
	if (!dev) {
		change_active(b, NULL);
		select_active(l);
		return 0;
	}
	s = dev->master == l->ifindex ? slave_of(dev) : NULL;
	if (!s)
		return -EINVAL;
	if (s == b->curr_active)
		return 0;
	if (!b->curr_active || s->link != BOND_LINK_UP || !slave_is_up(s))
		return -EINVAL;
	change_active(b, s);
	return 0;
}

struct rtnl_link *bond_port_master(const struct rtnl_link *port)
{
	struct rtnl_link *l;

	if (!port->port || !port->master)
		return NULL;
	l = rtnl_link_by_index(port->rn, port->master);
	return l && l->ops == &rtnl_bond_ops ? l : NULL;
}

/* bond_3ad_update_ad_actor_settings(): the system LACP announces, the
 * bond's MAC unless ad_actor_system is set */
void bond_ad_update_system(struct rtnl_link *l)
{
	static const uint8_t zero[ETH_ALEN];
	struct bond_priv *b = bond(l);

	b->ad_sys_prio = b->params.ad_actor_sys_prio;
	memcpy(b->ad_sys_mac,
	       memcmp(b->params.ad_actor_system, zero, ETH_ALEN)
		       ? b->params.ad_actor_system
		       : l->addr,
	       ETH_ALEN);
	bond_3ad_update_actor(l);
}

/* bond_option_ad_actor_system_set(): not a multicast address */
static int set_actor_system(struct rtnl_link *l, int64_t v, const void *extra)
{
	const uint8_t *mac = extra;

	(void)v;
	if (mac[0] & 1)
		return -EINVAL;
	memcpy(P(l)->ad_actor_system, mac, ETH_ALEN);
	bond_ad_update_system(l);
	return 0;
}

#define SETTER(fn, field)                                                 \
	static int fn(struct rtnl_link *l, int64_t v, const void *extra)  \
	{                                                                 \
		(void)extra;                                              \
		P(l)->field = (int)v;                                     \
		return 0;                                                 \
	}
SETTER(set_use_carrier, use_carrier)
SETTER(set_arp_validate, arp_validate)
SETTER(set_arp_all_targets, arp_all_targets)
SETTER(set_reselect_raw, primary_reselect)
SETTER(set_fom, fail_over_mac)
SETTER(set_xmit, xmit_policy)
SETTER(set_resend_igmp, resend_igmp)
SETTER(set_num_peer_notif, num_peer_notif)
SETTER(set_all_active, all_slaves_active)
/* bond_option_min_links_set(): the carrier follows */
static int set_min_links(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	P(l)->min_links = (int)v;
	bond_set_carrier(l);
	return 0;
}
SETTER(set_lp_interval, lp_interval)
SETTER(set_pps, packets_per_slave)
/* bond_option_lacp_active_set(), bond_option_lacp_rate_set(): the
 * ports' states follow */
static int set_lacp_active(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	P(l)->lacp_active = (int)v;
	bond_3ad_update_lacp_active(l);
	return 0;
}

static int set_lacp_rate(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	P(l)->lacp_fast = (int)v;
	bond_3ad_update_lacp_rate(l);
	return 0;
}
SETTER(set_ad_select, ad_select)
SETTER(set_tlb_dynamic_lb, tlb_dynamic_lb)
SETTER(set_missed_max, missed_max)
SETTER(set_coupled_control, coupled_control)
SETTER(set_port_key, ad_user_port_key)

static int set_sys_prio(struct rtnl_link *l, int64_t v, const void *extra)
{
	(void)extra;
	P(l)->ad_actor_sys_prio = (int)v;
	bond_ad_update_system(l);
	return 0;
}

/* bond_option_primary_reselect_set(): then the choice again */
static int set_reselect(struct rtnl_link *l, int64_t v, const void *extra)
{
	set_reselect_raw(l, v, extra);
	select_active(l);
	return 0;
}

enum {
	OPT_MODE, OPT_PPS, OPT_XMIT, OPT_ARP_VALIDATE, OPT_ARP_ALL, OPT_FOM,
	OPT_ARP_INTERVAL, OPT_MISSED_MAX, OPT_ARP_TARGETS, OPT_NS_TARGETS,
	OPT_DOWNDELAY, OPT_UPDELAY, OPT_LACP_ACTIVE, OPT_LACP_RATE,
	OPT_MIN_LINKS, OPT_AD_SELECT, OPT_NUM_PEER_NOTIF, OPT_MIIMON,
	OPT_PRIMARY, OPT_RESELECT, OPT_USE_CARRIER, OPT_ACTIVE_SLAVE,
	OPT_ALL_ACTIVE, OPT_RESEND_IGMP, OPT_LP_INTERVAL, OPT_TLB_DYN,
	OPT_SYS_PRIO, OPT_SYSTEM, OPT_PORT_KEY, OPT_PEER_NOTIF_DELAY,
	OPT_COUPLED,
};

/* bond_opts[] */
static const struct bond_option bond_opts[] = {
	[OPT_MODE] = { "mode", OPT_NOSLAVES | OPT_IFDOWN, 0, mode_tbl,
		       set_mode },
	[OPT_PPS] = { "packets_per_slave", 0,
		      ALL_EX(MODE_BIT(BOND_MODE_ROUNDROBIN)), pps_tbl,
		      set_pps },
	[OPT_XMIT] = { "xmit_hash_policy", 0, 0, xmit_tbl, set_xmit },
	[OPT_ARP_VALIDATE] = { "arp_validate", 0, MODES_NO_ARP,
			       arp_validate_tbl, set_arp_validate },
	[OPT_ARP_ALL] = { "arp_all_targets", 0, 0, any_all_tbl,
			  set_arp_all_targets },
	[OPT_FOM] = { "fail_over_mac", OPT_NOSLAVES, 0, fom_tbl, set_fom },
	[OPT_ARP_INTERVAL] = { "arp_interval", 0, MODES_NO_ARP, intmax_tbl,
			       set_arp_interval },
	[OPT_MISSED_MAX] = { "arp_missed_max", 0, MODES_NO_ARP,
			     missed_max_tbl, set_missed_max },
	[OPT_ARP_TARGETS] = { "arp_ip_target", OPT_RAWVAL, 0, NULL,
			      set_arp_target },
	[OPT_NS_TARGETS] = { "ns_ip6_target", OPT_RAWVAL, 0, NULL,
			     set_ns_target },
	[OPT_DOWNDELAY] = { "downdelay", 0, 0, intmax_tbl, set_downdelay },
	[OPT_UPDELAY] = { "updelay", 0, 0, intmax_tbl, set_updelay },
	[OPT_LACP_ACTIVE] = { "lacp_active", OPT_IFDOWN,
			      ALL_EX(MODE_BIT(BOND_MODE_8023AD)),
			      on_default_tbl, set_lacp_active },
	[OPT_LACP_RATE] = { "lacp_rate", OPT_IFDOWN,
			    ALL_EX(MODE_BIT(BOND_MODE_8023AD)), lacp_rate_tbl,
			    set_lacp_rate },
	[OPT_MIN_LINKS] = { "min_links", 0, 0, intmax_tbl, set_min_links },
	[OPT_AD_SELECT] = { "ad_select", OPT_IFDOWN, 0, ad_select_tbl,
			    set_ad_select },
	[OPT_NUM_PEER_NOTIF] = { "num_unsol_na", 0, 0, u8_default1_tbl,
				 set_num_peer_notif },
	[OPT_MIIMON] = { "miimon", 0, 0, intmax_tbl, set_miimon },
	[OPT_PRIMARY] = { "primary", OPT_RAWVAL, ALL_EX(MODES_PRIMARY), NULL,
			  set_primary },
	[OPT_RESELECT] = { "primary_reselect", 0, 0, reselect_tbl,
			   set_reselect },
	[OPT_USE_CARRIER] = { "use_carrier", 0, 0, on_default_tbl,
			      set_use_carrier },
	[OPT_ACTIVE_SLAVE] = { "active_slave", OPT_RAWVAL,
			       ALL_EX(MODES_PRIMARY), NULL, set_active_slave },
	[OPT_ALL_ACTIVE] = { "all_slaves_active", 0, 0, off_default_tbl,
			     set_all_active },
	[OPT_RESEND_IGMP] = { "resend_igmp", 0, 0, u8_default1_tbl,
			      set_resend_igmp },
	[OPT_LP_INTERVAL] = { "lp_interval", 0, 0, lp_interval_tbl,
			      set_lp_interval },
	[OPT_TLB_DYN] = { "tlb_dynamic_lb", OPT_IFDOWN,
			  ALL_EX(MODE_BIT(BOND_MODE_TLB) |
				 MODE_BIT(BOND_MODE_ALB)),
			  on_default_tbl, set_tlb_dynamic_lb },
	[OPT_SYS_PRIO] = { "ad_actor_sys_prio", 0,
			   ALL_EX(MODE_BIT(BOND_MODE_8023AD)), sys_prio_tbl,
			   set_sys_prio },
	[OPT_SYSTEM] = { "ad_actor_system", OPT_RAWVAL,
			 ALL_EX(MODE_BIT(BOND_MODE_8023AD)), NULL,
			 set_actor_system },
	[OPT_PORT_KEY] = { "ad_user_port_key", OPT_IFDOWN,
			   ALL_EX(MODE_BIT(BOND_MODE_8023AD)), port_key_tbl,
			   set_port_key },
	[OPT_PEER_NOTIF_DELAY] = { "peer_notif_delay", 0, 0,
				   peer_notif_delay_tbl,
				   set_peer_notif_delay },
	[OPT_COUPLED] = { "coupled_control", OPT_IFDOWN,
			  ALL_EX(MODE_BIT(BOND_MODE_8023AD)), on_default_tbl,
			  set_coupled_control },
};

/* bond_opt_parse() of a number: a value of the table, or within its
 * range (none without a maximum). */
static bool opt_value_ok(const struct bond_option *o, int64_t v)
{
	const struct bond_opt_value *min = NULL, *max = NULL;

	if (o->flags & OPT_RAWVAL)
		return true;
	for (const struct bond_opt_value *t = o->values; t->string; t++) {
		if (t->value == v)
			return true;
		if (t->flags & VAL_MIN)
			min = t;
		if (t->flags & VAL_MAX)
			max = t;
	}
	return max && v >= 0 && (!min || v >= min->value) && v <= max->value;
}

/* bond_opt_check_deps() with bond_opt_error_interpret()'s messages */
static int opt_check_deps(struct rtnl_link *l, const struct bond_option *o,
			  const struct nlattr *attr, struct unl_ext_ack *extack)
{
	if (MODE_BIT(P(l)->mode) & o->unsuppmodes) {
		UNL_SET_ERR_MSG_ATTR(extack, attr, "option not supported in mode");
		return -EACCES;
	}
	if ((o->flags & OPT_NOSLAVES) && bond(l)->slaves) {
		UNL_SET_ERR_MSG_ATTR(extack, attr,
				     "unable to set option because the bond device has slaves");
		return -ENOTEMPTY;
	}
	if ((o->flags & OPT_IFDOWN) && (l->flags & IFF_UP)) {
		UNL_SET_ERR_MSG_ATTR(extack, attr,
				     "unable to set option because the bond is up");
		return -EBUSY;
	}
	return 0;
}

/* __bond_opt_set() */
static int bond_opt_set(struct rtnl_link *l, int opt, int64_t v,
			const void *extra, const struct nlattr *attr,
			struct unl_ext_ack *extack)
{
	const struct bond_option *o = &bond_opts[opt];
	int err = opt_check_deps(l, o, attr, extack);

	if (err)
		return err;
	err = opt_value_ok(o, v) ? o->set(l, v, extra) : -EINVAL;
	if (err == -EINVAL)
		UNL_SET_ERR_MSG_ATTR(extack, attr, "invalid option value");
	return err;
}

/* ---- options set from text (the sysfs stores) ---- */

const char *bond_opt_value_name(const char *name, int64_t v)
{
	for (size_t i = 0; i < sizeof(bond_opts) / sizeof(bond_opts[0]); i++) {
		const struct bond_option *o = &bond_opts[i];

		if (strcmp(o->name, name) || !o->values)
			continue;
		for (const struct bond_opt_value *t = o->values; t->string; t++)
			if (t->value == v)
				return t->string;
	}
	return NULL;
}

/* bond_opt_parse() of text: a value's name (its first word), or a
 * number when the text has only digits and spaces; -EINVAL for what
 * is neither, or a number out of the option's range. */
static int opt_parse(const struct bond_option *o, const char *val,
		     int64_t *v)
{
	char word[33];
	const char *p;
	unsigned long long n = ULLONG_MAX;

	for (p = val; *p && *p != '\n'; p++)
		if (!isdigit((unsigned char)*p) && !isspace((unsigned char)*p))
			break;
	if (*p && *p != '\n') {
		if (sscanf(val, "%32s", word) != 1)
			return -EINVAL;
		for (const struct bond_opt_value *t = o->values; t->string;
		     t++)
			if (!strcmp(word, t->string)) {
				*v = t->value;
				return 0;
			}
		return -EINVAL;
	}
	/* an empty text leaves ULLONG_MAX, out of every range */
	if (sscanf(val, "%llu", &n) != 1)
		n = ULLONG_MAX;
	*v = n > INT64_MAX ? -1 : (int64_t)n;
	return opt_value_ok(o, *v) ? 0 : -EINVAL;
}

/* bond_option_arp_ip_targets_set() of text: "+a.b.c.d" or "-a.b.c.d"
 * (in4_pton() reads up to the first other character); -EPERM for
 * anything else. */
static int arp_target_store(struct rtnl_link *l, const char *val)
{
	uint32_t t, *targets = P(l)->arp_targets;
	char addr[INET_ADDRSTRLEN];
	size_t n;
	int i;

	if (!*val)
		return -EPERM;
	n = strspn(val + 1, "0123456789.");
	if (n >= sizeof(addr))
		return -EPERM;
	memcpy(addr, val + 1, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, &t) != 1)
		return -EPERM;
	if (val[0] == '+')
		return set_arp_target(l, t, NULL);
	if (val[0] != '-')
		return -EPERM;
	/* bond_option_arp_ip_target_rem(): the later ones move up */
	if (!((const uint8_t *)&t)[0] || t == 0xffffffffu)
		return -EINVAL;
	for (i = 0; i < BOND_MAX_ARP_TARGETS && targets[i] != t; i++)
		;
	if (i == BOND_MAX_ARP_TARGETS)
		return -EINVAL;
	for (; i < BOND_MAX_ARP_TARGETS - 1 && targets[i + 1]; i++)
		targets[i] = targets[i + 1];
	targets[i] = 0;
	return 0;
}

/* bond_option_active_slave_set() of a name: none clears it. */
static int active_slave_store(struct rtnl_link *l, const char *val)
{
	char name[IFNAMSIZ] = "";
	struct rtnl_link *dev = NULL;

	if (sscanf(val, "%15s", name) == 1 && val[0] != '\n') {
		dev = rtnl_link_by_name(l->rn, name);
		if (!dev)
			return -ENODEV;
		if (dev->master != l->ifindex || !slave_of(dev))
			return -EINVAL;
	}
	return set_active_slave(l, 0, dev);
}

/* bond_option_queue_id_set(): "port:id", an id no other port has and
 * at most the bond's queues; -EPERM for anything else. */
static int queue_id_store(struct rtnl_link *l, const char *val)
{
	char name[IFNAMSIZ + 1];
	const char *colon = strchr(val, ':');
	struct bond_slave *upd = NULL;
	struct rtnl_link *dev;
	short qid;

	if (!colon || (size_t)(colon - val) > IFNAMSIZ - 1 || colon == val ||
	    sscanf(colon + 1, "%hd", &qid) != 1 ||
	    qid > (int)l->num_tx_queues)
		return -EPERM;
	memcpy(name, val, (size_t)(colon - val));
	name[colon - val] = '\0';
	dev = rtnl_link_by_name(l->rn, name);
	if (!dev)
		return -EPERM;
	for (struct bond_slave *s = bond(l)->slaves; s; s = s->next)
		if (s->dev == dev)
			upd = s;
		else if (qid && qid == s->queue_id)
			return -EPERM;
	if (!upd)
		return -EPERM;
	upd->queue_id = (uint16_t)qid;
	return 0;
}

/* The options that take their text as it is (BOND_OPTFLAG_RAWVAL). */
static int raw_store(struct rtnl_link *l, int opt, const char *val)
{
	char name[IFNAMSIZ];
	uint8_t mac[ETH_ALEN];
	size_t n;

	switch (opt) {
	case OPT_ARP_TARGETS:
		return arp_target_store(l, val);
	case OPT_ACTIVE_SLAVE:
		return active_slave_store(l, val);
	case OPT_PRIMARY:
		/* the name up to a newline, cut to IFNAMSIZ - 1 */
		n = strcspn(val, "\n");
		if (n > IFNAMSIZ - 1)
			n = IFNAMSIZ - 1;
		memcpy(name, val, n);
		name[n] = '\0';
		return set_primary(l, 0, name);
	case OPT_SYSTEM:
		if (sscanf(val, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0],
			   &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return -EINVAL;
		return set_actor_system(l, 0, mac);
	default:
		return -EINVAL;
	}
}

static int opt_by_name(const char *name)
{
	/* num_grat_arp is num_unsol_na's other name */
	if (!strcmp(name, "num_grat_arp"))
		name = "num_unsol_na";
	for (size_t i = 0; i < sizeof(bond_opts) / sizeof(bond_opts[0]); i++)
		if (!strcmp(bond_opts[i].name, name))
			return (int)i;
	return -1;
}

int bond_opt_store(struct rtnl_link *l, const char *name, const char *val)
{
	const struct bond_option *o;
	int opt = opt_by_name(name), err;
	int64_t v;

	if (!strcmp(name, "queue_id"))
		err = queue_id_store(l, val);
	else if (opt < 0)
		return -ENOENT;
	else {
		o = &bond_opts[opt];
		err = opt_check_deps(l, o, NULL, NULL);
		if (!err && (o->flags & OPT_RAWVAL))
			err = raw_store(l, opt, val);
		else if (!err) {
			err = opt_parse(o, val, &v);
			if (!err)
				err = o->set(l, v, NULL);
		}
	}
	/* NETDEV_CHANGEINFODATA */
	if (!err)
		rtnl_link_notify(l, RTM_NEWLINK, 0, NULL, NULL);
	return err;
}

void bond_ad_system(const struct rtnl_link *l, int *prio,
		    uint8_t mac[ETH_ALEN])
{
	*prio = bond(l)->ad_sys_prio;
	memcpy(mac, bond(l)->ad_sys_mac, ETH_ALEN);
}

static const struct unl_nla_range delay_range = { .min = 0, .max = 300000 };

static const struct unl_nla_policy bond_policy[IFLA_BOND_MAX + 1] = {
	[IFLA_BOND_MODE] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_ACTIVE_SLAVE] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_MIIMON] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_UPDELAY] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_DOWNDELAY] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_USE_CARRIER] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_ARP_INTERVAL] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_ARP_IP_TARGET] = { .type = UNL_NLA_NESTED },
	[IFLA_BOND_ARP_VALIDATE] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_ARP_ALL_TARGETS] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_PRIMARY] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_PRIMARY_RESELECT] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_FAIL_OVER_MAC] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_XMIT_HASH_POLICY] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_RESEND_IGMP] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_NUM_PEER_NOTIF] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_ALL_SLAVES_ACTIVE] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_MIN_LINKS] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_LP_INTERVAL] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_PACKETS_PER_SLAVE] = { .type = UNL_NLA_U32 },
	[IFLA_BOND_AD_LACP_ACTIVE] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_AD_LACP_RATE] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_AD_SELECT] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_AD_INFO] = { .type = UNL_NLA_NESTED },
	[IFLA_BOND_AD_ACTOR_SYS_PRIO] = { .type = UNL_NLA_U16 },
	[IFLA_BOND_AD_USER_PORT_KEY] = { .type = UNL_NLA_U16 },
	[IFLA_BOND_AD_ACTOR_SYSTEM] = { .type = UNL_NLA_BINARY,
					.len = ETH_ALEN },
	[IFLA_BOND_TLB_DYNAMIC_LB] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_PEER_NOTIF_DELAY] = {
		.type = UNL_NLA_U32,
		.validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
		.range = &delay_range },
	[IFLA_BOND_MISSED_MAX] = { .type = UNL_NLA_U8 },
	[IFLA_BOND_NS_IP6_TARGET] = { .type = UNL_NLA_NESTED },
	[IFLA_BOND_COUPLED_CONTROL] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy
	bond_slave_policy[IFLA_BOND_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_QUEUE_ID] = { .type = UNL_NLA_U16 },
	[IFLA_BOND_SLAVE_PRIO] = { .type = UNL_NLA_S32 },
	[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO] = { .type = UNL_NLA_U16 },
};

/* bond_validate() */
static int bond_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			 const struct nlattr *const *data,
			 struct unl_ext_ack *extack)
{
	(void)rn;
	(void)data;
	(void)extack;
	return rtnl_link_validate_ether(tb[IFLA_ADDRESS]);
}

/* The options of bond_changelink() in its order: attribute, option,
 * and how the value is read (u8, u16 or u32). */
struct bond_attr_opt {
	int attr, opt, width;
};

static const struct bond_attr_opt changelink_mode[] = {
	{ IFLA_BOND_MODE, OPT_MODE, 1 },
};

static const struct bond_attr_opt changelink_order[] = {
	{ IFLA_BOND_UPDELAY, OPT_UPDELAY, 4 },
	{ IFLA_BOND_DOWNDELAY, OPT_DOWNDELAY, 4 },
	{ IFLA_BOND_PEER_NOTIF_DELAY, OPT_PEER_NOTIF_DELAY, 4 },
	{ IFLA_BOND_USE_CARRIER, OPT_USE_CARRIER, 1 },
};

static const struct bond_attr_opt changelink_order2[] = {
	{ IFLA_BOND_ARP_ALL_TARGETS, OPT_ARP_ALL, 4 },
};

static const struct bond_attr_opt changelink_order3[] = {
	{ IFLA_BOND_PRIMARY_RESELECT, OPT_RESELECT, 1 },
	{ IFLA_BOND_FAIL_OVER_MAC, OPT_FOM, 1 },
	{ IFLA_BOND_XMIT_HASH_POLICY, OPT_XMIT, 1 },
	{ IFLA_BOND_RESEND_IGMP, OPT_RESEND_IGMP, 4 },
	{ IFLA_BOND_NUM_PEER_NOTIF, OPT_NUM_PEER_NOTIF, 1 },
	{ IFLA_BOND_ALL_SLAVES_ACTIVE, OPT_ALL_ACTIVE, 1 },
	{ IFLA_BOND_MIN_LINKS, OPT_MIN_LINKS, 4 },
	{ IFLA_BOND_LP_INTERVAL, OPT_LP_INTERVAL, 4 },
	{ IFLA_BOND_PACKETS_PER_SLAVE, OPT_PPS, 4 },
	{ IFLA_BOND_AD_LACP_ACTIVE, OPT_LACP_ACTIVE, 1 },
	{ IFLA_BOND_AD_LACP_RATE, OPT_LACP_RATE, 1 },
	{ IFLA_BOND_AD_SELECT, OPT_AD_SELECT, 1 },
	{ IFLA_BOND_AD_ACTOR_SYS_PRIO, OPT_SYS_PRIO, 2 },
	{ IFLA_BOND_AD_USER_PORT_KEY, OPT_PORT_KEY, 2 },
};

static const struct bond_attr_opt changelink_last[] = {
	{ IFLA_BOND_TLB_DYNAMIC_LB, OPT_TLB_DYN, 1 },
	{ IFLA_BOND_MISSED_MAX, OPT_MISSED_MAX, 1 },
	{ IFLA_BOND_COUPLED_CONTROL, OPT_COUPLED, 1 },
};

static int64_t attr_value(const struct nlattr *a, int width)
{
	switch (width) {
	case 1:
		return unl_nla_get_u8(a);
	case 2:
		return unl_nla_get_u16(a);
	default:
		/* bond_opt_initval() of an int: a u32 above INT_MAX is
		 * negative, out of every range */
		return (int32_t)unl_nla_get_u32(a);
	}
}

/* The options of a run of bond_changelink() that take a number. */
static int changelink_run(struct rtnl_link *l, const struct nlattr *const *data,
			  const struct bond_attr_opt *run, size_t n,
			  struct unl_ext_ack *extack)
{
	for (size_t i = 0; i < n; i++) {
		const struct nlattr *a = data[run[i].attr];
		int err;

		if (!a)
			continue;
		err = bond_opt_set(l, run[i].opt, attr_value(a, run[i].width),
				   NULL, a, extack);
		if (err)
			return err;
	}
	return 0;
}

#define RUN_TABLE(tbl)                                                  \
	do {                                                            \
		err = changelink_run(l, data, tbl,                      \
				     sizeof(tbl) / sizeof(tbl[0]), extack); \
		if (err)                                                \
			return err;                                     \
	} while (0)

/* The ARP targets, cleared then added one by one. */
static int changelink_arp_targets(struct rtnl_link *l, const struct nlattr *n,
				  struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem, err;

	memset(P(l)->arp_targets, 0, sizeof(P(l)->arp_targets));
	unl_nla_for_each_nested(a, n, rem) {
		uint32_t t;

		if (unl_nla_len(a) < 4)
			return -EINVAL;
		memcpy(&t, unl_nla_data(a), 4);
		err = bond_opt_set(l, OPT_ARP_TARGETS, t, NULL, n, extack);
		if (err)
			return err;
	}
	return 0;
}

static int changelink_ns_targets(struct rtnl_link *l, const struct nlattr *n,
				 struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem, err;

	memset(P(l)->ns_targets, 0, sizeof(P(l)->ns_targets));
	unl_nla_for_each_nested(a, n, rem) {
		if (unl_nla_len(a) < 16) {
			UNL_SET_ERR_MSG(extack, "Invalid IPv6 address");
			return -EINVAL;
		}
		err = bond_opt_set(l, OPT_NS_TARGETS, 0, unl_nla_data(a), n,
				   extack);
		if (err)
			return err;
	}
	return 0;
}

/* bond_changelink(): each option given, in Linux's order; a miimon of
 * this request refuses ARP monitoring and validation with it. */
static int bond_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			   const struct nlattr *const *data,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int64_t miimon = 0;
	int err;

	(void)tb;
	if (!data)
		return 0;
	RUN_TABLE(changelink_mode);
	a = data[IFLA_BOND_ACTIVE_SLAVE];
	if (a) {
		int idx = (int)unl_nla_get_u32(a);
		struct rtnl_link *dev = NULL;

		if (idx) {
			dev = rtnl_link_by_index(l->rn, idx);
			if (!dev)
				return -ENODEV;
		}
		err = bond_opt_set(l, OPT_ACTIVE_SLAVE, 0, dev, a, extack);
		if (err)
			return err;
	}
	a = data[IFLA_BOND_MIIMON];
	if (a) {
		miimon = (int32_t)unl_nla_get_u32(a);
		err = bond_opt_set(l, OPT_MIIMON, miimon, NULL, a, extack);
		if (err)
			return err;
	}
	RUN_TABLE(changelink_order);
	a = data[IFLA_BOND_ARP_INTERVAL];
	if (a) {
		int64_t v = (int32_t)unl_nla_get_u32(a);

		if (v && miimon) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "ARP monitoring cannot be used with MII monitoring");
			return -EINVAL;
		}
		err = bond_opt_set(l, OPT_ARP_INTERVAL, v, NULL, a, extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_ARP_IP_TARGET]) {
		err = changelink_arp_targets(l, data[IFLA_BOND_ARP_IP_TARGET],
					     extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_NS_IP6_TARGET]) {
		err = changelink_ns_targets(l, data[IFLA_BOND_NS_IP6_TARGET],
					    extack);
		if (err)
			return err;
	}
	a = data[IFLA_BOND_ARP_VALIDATE];
	if (a) {
		int64_t v = (int32_t)unl_nla_get_u32(a);

		if (v && miimon) {
			UNL_SET_ERR_MSG_ATTR(extack,
					     data[IFLA_BOND_ARP_INTERVAL],
					     "ARP validating cannot be used with MII monitoring");
			return -EINVAL;
		}
		err = bond_opt_set(l, OPT_ARP_VALIDATE, v, NULL, a, extack);
		if (err)
			return err;
	}
	RUN_TABLE(changelink_order2);
	a = data[IFLA_BOND_PRIMARY];
	if (a) {
		struct rtnl_link *dev =
			rtnl_link_by_index(l->rn, (int)unl_nla_get_u32(a));

		err = bond_opt_set(l, OPT_PRIMARY, 0, dev ? dev->name : "", a,
				   extack);
		if (err)
			return err;
	}
	RUN_TABLE(changelink_order3);
	a = data[IFLA_BOND_AD_ACTOR_SYSTEM];
	if (a) {
		if (unl_nla_len(a) != ETH_ALEN)
			return -EINVAL;
		err = bond_opt_set(l, OPT_SYSTEM, 0, unl_nla_data(a), a,
				   extack);
		if (err)
			return err;
	}
	RUN_TABLE(changelink_last);
	return 0;
}

/* ---- the device ---- */

/* bond_setup(): Ethernet, a master without a queue, 16 queues each
 * way (the module's tx_queues), never moved to another net; a random
 * address (bond_init()). */
static void bond_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->flags |= IFF_MASTER;
	/* bond devices never change nets */
	l->netns_immutable = true;
	l->num_tx_queues = l->num_rx_queues = BOND_DEFAULT_TX_QUEUES;
	bond(l)->params = bond_defaults;
}

/* bond_newlink(): registered without carrier, then the options. */
static int bond_newlink(struct rtnl_link *l,
			const struct rtnl_newlink_params *p,
			struct unl_ext_ack *extack)
{
	int err = rtnl_link_register(l, p->ifm->ifi_index);

	if (err)
		return err;
	rtnl_link_carrier_init_off(l);
	l->carrier_managed = true;
	err = bond_changelink(l, p->tb, p->data, extack);
	if (!err)
		bond_proc_create(l);
	return err;
}

/* bond_open(): an 802.3ad bond takes up its LACP system
 * (bond_3ad_initialize()). */
static int bond_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	(void)extack;
	if (bond(l)->params.mode == BOND_MODE_8023AD) {
		bond_ad_update_system(l);
		bond_3ad_open(l);
	}
	return 0;
}

/* bond_close(): the LACP tick stops */
static void bond_stop(struct rtnl_link *l)
{
	bond_3ad_close(l);
}

static void upper_change(struct rtnl_link *port, struct rtnl_link *l,
			 bool linking)
{
	struct rtnl_netdev_info info = { .dev = port, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(port->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* dev_set_mac_address() of a port, announced */
static int port_set_mac(struct rtnl_link *port, const uint8_t *addr,
			struct unl_ext_ack *extack)
{
	int err;

	if (!memcmp(port->addr, addr, ETH_ALEN))
		return 0;
	if (!port->ops->set_mac_address)
		return -EOPNOTSUPP;
	err = port->ops->set_mac_address(port, addr, extack);
	if (!err)
		rtnl_netdev_event(port, RTNL_NETDEV_CHANGEADDR);
	return err;
}

static void slave_append(struct bond_priv *b, struct bond_slave *s)
{
	struct bond_slave **pp = &b->slaves;

	while (*pp)
		pp = &(*pp)->next;
	*pp = s;
}

/* The checks of bond_enslave(), before anything changes. */
static int enslave_check(struct rtnl_link *l, struct rtnl_link *port,
			 struct unl_ext_ack *extack)
{
	if ((port->flags & IFF_MASTER) && port->ops != &rtnl_bond_ops) {
		UNL_SET_ERR_MSG(extack,
				"Device type (master device) cannot be enslaved");
		return -EPERM;
	}
	if (rtnl_link_rx_handler_busy(port)) {
		UNL_SET_ERR_MSG(extack, "Device is in use and cannot be enslaved");
		return -EBUSY;
	}
	if (port == l) {
		UNL_SET_ERR_MSG(extack, "Cannot enslave bond to itself.");
		return -EPERM;
	}
	if (port->flags & IFF_UP) {
		UNL_SET_ERR_MSG(extack, "Device can not be enslaved while up");
		return -EPERM;
	}
	if (port->type != ARPHRD_ETHER) {
		UNL_SET_ERR_MSG(extack, "Device type is different from other slaves");
		return -EINVAL;
	}
	return 0;
}

/* bond_enslave()'s 802.3ad part: the port's number follows the last
 * port's; the first starts the bond's LACP afresh. */
static void ad_enslave(struct rtnl_link *l, struct bond_slave *s)
{
	struct bond_slave *last = bond(l)->slaves;

	while (last && last->next)
		last = last->next;
	s->ad_id = last ? (uint16_t)(last->ad_id + 1) : 1;
	if (!last)
		bond_3ad_initialize(l);
	bond_3ad_bind_slave(l, s);
}

/* bond_enslave() */
static int bond_add_slave(struct rtnl_link *l, struct rtnl_link *port,
			  struct unl_ext_ack *extack)
{
	struct bond_priv *b = bond(l);
	struct bond_slave *s;
	int err = enslave_check(l, port, extack);

	if (err)
		return err;
	/* the first port's MAC, when the bond's was random */
	if (!b->slaves && l->addr_assign_type == NET_ADDR_RANDOM) {
		rtnl_link_dev_addr_set(l, port->addr);
		l->addr_assign_type = NET_ADDR_STOLEN;
		rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->dev = port;
	rtnl_link_get_stats64(port, &s->joined_stats);
	s->original_mtu = port->mtu;
	memcpy(s->perm_hwaddr, port->addr, ETH_ALEN);
	err = rtnl_link_dev_set_mtu(port, l->mtu);
	if (err)
		goto free;
	if (!b->params.fail_over_mac ||
	    b->params.mode != BOND_MODE_ACTIVEBACKUP) {
		err = port_set_mac(port, l->addr, extack);
		if (err)
			goto mtu;
	}
	port->no_addrconf = true;
	err = rtnl_link_change_flags(port, port->flags | IFF_UP, extack);
	if (err)
		goto mac;
	s->link = slave_link_now(b, s);
	if (b->params.miimon && s->link == BOND_LINK_UP && b->params.updelay)
		s->link = BOND_LINK_BACK;
	if (bond_uses_primary(b) && b->params.primary[0] &&
	    !strcmp(b->params.primary, port->name)) {
		b->primary_slave = s;
		b->force_primary = true;
	}
	/* active-backup, 802.3ad, tlb and alb start it as a backup; the
	 * others have every port active */
	s->backup = b->params.mode == BOND_MODE_ACTIVEBACKUP ||
		    b->params.mode == BOND_MODE_8023AD ||
		    b->params.mode == BOND_MODE_TLB ||
		    b->params.mode == BOND_MODE_ALB;
	if (!bond_uses_primary(b) && !b->curr_active && s->link == BOND_LINK_UP)
		b->curr_active = s;
	if (b->params.mode == BOND_MODE_8023AD)
		ad_enslave(l, s);
	port->port = s;
	port->master = l->ifindex;
	port->flags |= IFF_SLAVE;
	upper_change(port, l, true);
	slave_append(b, s);
	bond_set_carrier(l);
	select_active(l);
	return 0;
mac:
	port->no_addrconf = false;
	port_set_mac(port, s->perm_hwaddr, NULL);
mtu:
	rtnl_link_dev_set_mtu(port, s->original_mtu);
free:
	free(s);
	if (!b->slaves && !memcmp(l->addr, port->addr, ETH_ALEN))
		rtnl_link_dev_addr_set(l, l->addr); /* eth_hw_addr_random() */
	return err;
}

/* bond_fold_stats(): to *acc, each counter of the port s as it moved
 * since it joined (a counter that went back adds nothing) */
static void bond_fold_stats(struct rtnl_link_stats64 *acc,
			    const struct bond_slave *s)
{
	struct rtnl_link_stats64 now;
	const uint64_t *was = (const uint64_t *)&s->joined_stats;
	const uint64_t *cur = (const uint64_t *)&now;
	uint64_t *sum = (uint64_t *)acc;

	rtnl_link_get_stats64(s->dev, &now);
	for (size_t i = 0; i < sizeof(now) / sizeof(uint64_t); i++)
		if (cur[i] > was[i])
			sum[i] += cur[i] - was[i];
}

/* bond_get_stats(): what its ports counted while they were its */
static void bond_get_stats64(const struct rtnl_link *l,
			     struct rtnl_link_stats64 *st)
{
	const struct bond_priv *b = bond(l);

	*st = b->left_stats;
	for (const struct bond_slave *s = b->slaves; s; s = s->next)
		bond_fold_stats(st, s);
}

/* __bond_release_one(): out of the list and the choice, unlinked
 * (IFF_SLAVE goes), closed, its MAC and MTU back; the last one gone,
 * the bond loses its carrier and takes a random MAC. */
static void release_one(struct rtnl_link *l, struct rtnl_link *port, bool all)
{
	struct bond_priv *b = bond(l);
	struct bond_slave *s = slave_of(port), **pp;

	if (!s)
		return;
	bond_slave_set_backup(s, true);
	/* what it counted stays the bond's; its last LACPDU (below) is
	 * not */
	bond_fold_stats(&b->left_stats, s);
	if (b->params.mode == BOND_MODE_8023AD)
		bond_3ad_unbind_slave(l, s);
	for (pp = &b->slaves; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	port->port = NULL;
	port->master = 0;
	port->flags &= ~(unsigned int)IFF_SLAVE;
	upper_change(port, l, false);
	if (b->primary_slave == s)
		b->primary_slave = NULL;
	if (b->curr_active == s) {
		b->curr_active = NULL;
		if (!all)
			select_active(l);
	}
	if (!b->slaves) {
		bond_set_carrier(l);
		rtnl_link_ether_random_addr(l);
	}
	rtnl_link_change_flags(port, port->flags & ~(unsigned int)IFF_UP,
			       NULL);
	port->no_addrconf = false;
	if (b->params.fail_over_mac != BOND_FOM_ACTIVE ||
	    b->params.mode != BOND_MODE_ACTIVEBACKUP)
		port_set_mac(port, s->perm_hwaddr, NULL);
	rtnl_link_dev_set_mtu(port, s->original_mtu);
	free(s);
}

static void bond_del_slave(struct rtnl_link *l, struct rtnl_link *port)
{
	release_one(l, port, false);
}

/* bond_uninit(): every port goes. */
static void bond_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	while (bond(l)->slaves)
		release_one(l, bond(l)->slaves->dev, true);
	rtnl_link_queue_kill(l, kill);
}

/* The bond's state goes; with the net going, silently (its ports are
 * going too, nothing is announced). */
static void bond_destructor(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	while (b->slaves) {
		struct bond_slave *s = b->slaves;

		b->slaves = s->next;
		s->dev->port = NULL;
		s->dev->master = 0;
		free(s);
	}
	b->curr_active = b->primary_slave = NULL;
	bond_3ad_destroy(l);
}

/* bond_change_mtu(): every port takes it. */
static int bond_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	for (struct bond_slave *s = bond(l)->slaves; s; s = s->next) {
		int err = rtnl_link_dev_set_mtu(s->dev, mtu);

		if (err)
			return err;
	}
	return 0;
}

/* bond_set_mac_address(): the ports take it, but active-backup's with
 * fail_over_mac. */
static int bond_set_mac(struct rtnl_link *l, const uint8_t *addr,
			struct unl_ext_ack *extack)
{
	struct bond_priv *b = bond(l);

	if (!rtnl_link_valid_ether(addr))
		return -EADDRNOTAVAIL;
	if (!(b->params.fail_over_mac &&
	      b->params.mode == BOND_MODE_ACTIVEBACKUP))
		for (struct bond_slave *s = b->slaves; s; s = s->next) {
			int err = port_set_mac(s->dev, addr, extack);

			if (err)
				return err;
		}
	return rtnl_link_eth_mac_addr(l, addr, extack);
}

/* The bond's own /proc file follows its name (bond_event()). */
static void bond_self_event(struct rtnl_link *l, enum rtnl_netdev_event event)
{
	if (event == RTNL_NETDEV_CHANGENAME) {
		bond_proc_remove(l);
		bond_proc_create(l);
	} else if (event == RTNL_NETDEV_UNREGISTER) {
		bond_proc_remove(l);
	}
}

/* What a port's carrier or state does to its link, as the next
 * monitor round finds it (with monitoring on). */
static int bond_device_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			     const struct rtnl_netdev_info *info)
{
	struct rtnl_link *port = info->dev, *l;
	struct bond_slave *s = port->port;
	int link;

	(void)rn;
	if (port->ops == &rtnl_bond_ops)
		bond_self_event(port, event);
	if (!s || !port->master)
		return 0;
	l = rtnl_link_by_index(port->rn, port->master);
	if (!l || l->ops != &rtnl_bond_ops)
		return 0;
	switch (event) {
	case RTNL_NETDEV_UNREGISTER:
		release_one(l, port, false);
		return 0;
	case RTNL_NETDEV_UP:
	case RTNL_NETDEV_DOWN:
	case RTNL_NETDEV_CHANGE:
		/* 802.3ad's next tick looks at the port's device again */
		if (bond(l)->params.mode == BOND_MODE_8023AD)
			bond_3ad_port_event(l);
		link = slave_link_now(bond(l), s);
		if (link == s->link)
			return 0;
		if (link == BOND_LINK_DOWN)
			s->link_failure_count++;
		s->link = link;
		rtnl_link_notify(port, RTM_NEWLINK, 0, NULL, NULL);
		if (bond(l)->params.mode == BOND_MODE_8023AD) {
			/* bond_miimon_commit(): a port that fails is
			 * inactive at once */
			if (link == BOND_LINK_DOWN)
				bond_slave_set_backup(s, true);
			bond_3ad_handle_link_change(l, s,
						    link == BOND_LINK_UP);
		}
		bond_set_carrier(l);
		select_active(l);
		return 0;
	default:
		return 0;
	}
}

/* ---- reporting ---- */

static int fill_targets(struct unl_skb *skb, const struct bond_params *p)
{
	static const uint8_t any[16];
	struct nlattr *n = rtnl_nest_start(skb, IFLA_BOND_ARP_IP_TARGET);
	bool added = false;

	if (!n)
		return -EMSGSIZE;
	for (int i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		if (p->arp_targets[i]) {
			if (unl_nla_put(skb, i, 4, &p->arp_targets[i]))
				return -EMSGSIZE;
			added = true;
		}
	if (added)
		unl_nla_nest_end(skb, n);
	else
		unl_nla_nest_cancel(skb, n);
	if (unl_nla_put_u32(skb, IFLA_BOND_ARP_VALIDATE,
			    (uint32_t)p->arp_validate) ||
	    unl_nla_put_u32(skb, IFLA_BOND_ARP_ALL_TARGETS,
			    (uint32_t)p->arp_all_targets))
		return -EMSGSIZE;
	n = unl_nla_nest_start(skb, IFLA_BOND_NS_IP6_TARGET);
	if (!n)
		return -EMSGSIZE;
	added = false;
	for (int i = 0; i < BOND_MAX_NS_TARGETS; i++)
		if (memcmp(p->ns_targets[i], any, 16)) {
			if (unl_nla_put(skb, i, 16, p->ns_targets[i]))
				return -EMSGSIZE;
			added = true;
		}
	if (added)
		unl_nla_nest_end(skb, n);
	else
		unl_nla_nest_cancel(skb, n);
	return 0;
}

/* bond_fill_info() */
static int bond_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	const struct bond_priv *b = bond(l);
	const struct bond_params *p = &b->params;
	const struct bond_slave *act = bond_uses_primary(b) ? b->curr_active : NULL;

	if (unl_nla_put_u8(skb, IFLA_BOND_MODE, (uint8_t)p->mode) ||
	    (act && unl_nla_put_u32(skb, IFLA_BOND_ACTIVE_SLAVE,
				    (uint32_t)act->dev->ifindex)) ||
	    unl_nla_put_u32(skb, IFLA_BOND_MIIMON, (uint32_t)p->miimon) ||
	    unl_nla_put_u32(skb, IFLA_BOND_UPDELAY,
			    (uint32_t)(p->updelay * p->miimon)) ||
	    unl_nla_put_u32(skb, IFLA_BOND_DOWNDELAY,
			    (uint32_t)(p->downdelay * p->miimon)) ||
	    unl_nla_put_u32(skb, IFLA_BOND_PEER_NOTIF_DELAY,
			    (uint32_t)(p->peer_notif_delay * p->miimon)) ||
	    unl_nla_put_u8(skb, IFLA_BOND_USE_CARRIER,
			   (uint8_t)p->use_carrier) ||
	    unl_nla_put_u32(skb, IFLA_BOND_ARP_INTERVAL,
			    (uint32_t)p->arp_interval) ||
	    fill_targets(skb, p))
		return -EMSGSIZE;
	if (b->primary_slave &&
	    unl_nla_put_u32(skb, IFLA_BOND_PRIMARY,
			    (uint32_t)b->primary_slave->dev->ifindex))
		return -EMSGSIZE;
	if (unl_nla_put_u8(skb, IFLA_BOND_PRIMARY_RESELECT,
			   (uint8_t)p->primary_reselect) ||
	    unl_nla_put_u8(skb, IFLA_BOND_FAIL_OVER_MAC,
			   (uint8_t)p->fail_over_mac) ||
	    unl_nla_put_u8(skb, IFLA_BOND_XMIT_HASH_POLICY,
			   (uint8_t)p->xmit_policy) ||
	    unl_nla_put_u32(skb, IFLA_BOND_RESEND_IGMP,
			    (uint32_t)p->resend_igmp) ||
	    unl_nla_put_u8(skb, IFLA_BOND_NUM_PEER_NOTIF,
			   (uint8_t)p->num_peer_notif) ||
	    unl_nla_put_u8(skb, IFLA_BOND_ALL_SLAVES_ACTIVE,
			   (uint8_t)p->all_slaves_active) ||
	    unl_nla_put_u32(skb, IFLA_BOND_MIN_LINKS, (uint32_t)p->min_links) ||
	    unl_nla_put_u32(skb, IFLA_BOND_LP_INTERVAL,
			    (uint32_t)p->lp_interval) ||
	    unl_nla_put_u32(skb, IFLA_BOND_PACKETS_PER_SLAVE,
			    (uint32_t)p->packets_per_slave) ||
	    unl_nla_put_u8(skb, IFLA_BOND_AD_LACP_ACTIVE,
			   (uint8_t)p->lacp_active) ||
	    unl_nla_put_u8(skb, IFLA_BOND_AD_LACP_RATE,
			   (uint8_t)p->lacp_fast) ||
	    unl_nla_put_u8(skb, IFLA_BOND_AD_SELECT, (uint8_t)p->ad_select) ||
	    unl_nla_put_u8(skb, IFLA_BOND_TLB_DYNAMIC_LB,
			   (uint8_t)p->tlb_dynamic_lb) ||
	    unl_nla_put_u8(skb, IFLA_BOND_MISSED_MAX, (uint8_t)p->missed_max) ||
	    unl_nla_put_u8(skb, IFLA_BOND_COUPLED_CONTROL,
			   (uint8_t)p->coupled_control))
		return -EMSGSIZE;
	/* 802.3ad: the actor settings (CAP_NET_ADMIN in Linux's check is
	 * the daemon's, which has it), then the active aggregator */
	if (p->mode == BOND_MODE_8023AD &&
	    (unl_nla_put_u16(skb, IFLA_BOND_AD_ACTOR_SYS_PRIO,
			     (uint16_t)p->ad_actor_sys_prio) ||
	     unl_nla_put_u16(skb, IFLA_BOND_AD_USER_PORT_KEY,
			     (uint16_t)p->ad_user_port_key) ||
	     unl_nla_put(skb, IFLA_BOND_AD_ACTOR_SYSTEM, ETH_ALEN,
			 p->ad_actor_system) ||
	     bond_3ad_fill_info(skb, l)))
		return -EMSGSIZE;
	return 0;
}

/* bond_fill_slave_info() */
static int bond_fill_slave_info(struct unl_skb *skb,
				const struct rtnl_link *master,
				const struct rtnl_link *l)
{
	const struct bond_slave *s = slave_of(l);

	if (!s)
		return 0;
	if (unl_nla_put_u8(skb, IFLA_BOND_SLAVE_STATE, s->backup) ||
	    unl_nla_put_u8(skb, IFLA_BOND_SLAVE_MII_STATUS, (uint8_t)s->link) ||
	    unl_nla_put_u32(skb, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT,
			    s->link_failure_count) ||
	    unl_nla_put(skb, IFLA_BOND_SLAVE_PERM_HWADDR, l->addr_len,
			s->perm_hwaddr) ||
	    unl_nla_put_u16(skb, IFLA_BOND_SLAVE_QUEUE_ID, s->queue_id) ||
	    unl_nla_put(skb, IFLA_BOND_SLAVE_PRIO, 4, &s->prio))
		return -EMSGSIZE;
	if (bond(master)->params.mode == BOND_MODE_8023AD)
		return bond_3ad_fill_slave(skb, s);
	return 0;
}

/* bond_slave_changelink(): queue_id (no other port with that one, at
 * most the queues there are), prio (modes with a primary) and
 * actor_port_prio (802.3ad's LACP port priority). */
static int bond_slave_changelink(struct rtnl_link *master, struct rtnl_link *l,
				 const struct nlattr *const *tb,
				 const struct nlattr *const *data,
				 struct unl_ext_ack *extack)
{
	struct bond_slave *s = slave_of(l);
	const struct nlattr *a;

	(void)tb;
	if (!data || !s)
		return 0;
	a = data[IFLA_BOND_SLAVE_QUEUE_ID];
	if (a) {
		uint16_t qid = unl_nla_get_u16(a);

		if (qid > master->num_tx_queues)
			return -EPERM;
		for (struct bond_slave *o = bond(master)->slaves; o;
		     o = o->next)
			if (o != s && qid && o->queue_id == qid)
				return -EPERM;
		s->queue_id = qid;
	}
	a = data[IFLA_BOND_SLAVE_PRIO];
	if (a) {
		if (MODE_BIT(bond(master)->params.mode) &
		    ALL_EX(MODES_PRIMARY)) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "option not supported in mode");
			return -EACCES;
		}
		memcpy(&s->prio, unl_nla_data(a), 4);
		if (!bond(master)->primary_slave)
			select_active(master);
	}
	a = data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO];
	if (a) {
		/* BOND_OPT_ACTOR_PORT_PRIO: 802.3ad only, any u16 */
		if (bond(master)->params.mode != BOND_MODE_8023AD) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "option not supported in mode");
			return -EACCES;
		}
		/* bond_option_actor_port_prio_set(): the ports take up
		 * the actor's settings again */
		s->ad.priority = unl_nla_get_u16(a);
		bond_ad_update_system(master);
	}
	return 0;
}

static const struct rtnl_ethtool bond_ethtool = {
	.driver = "bonding",
	.fw_version = "2",
	/* bond_ethtool_get_ts_info() without an active slave */
	.ts_info = true,
	.get_link = true,
};

/* bond_net_init(): /proc/net/bonding and bonding_masters in each net
 * (the module loads with max_bonds=0 here: no bond0) */
static void bond_net_init(struct rtnl_net *rn, bool announce)
{
	(void)announce;
	bond_proc_dir_create(rn);
}

const struct rtnl_link_module rtnl_bond_module = {
	.name = "bonding",
	/* clear of the ids other modules may take next */
	.id = 12,
	.net_init = bond_net_init,
	.class_file = "bonding_masters",
	.class_show = bond_masters_show,
	.class_store = bond_masters_store,
};

/* bond_handle_frame(), the rx_handler of a bond's port: an open
 * 802.3ad bond's recv_probe takes LACPDUs; an inactive port keeps
 * link-local frames to itself (bond_should_deliver_exact_match()),
 * the others go on to the bond. */
static enum rtnl_rx_result bond_handle_frame(struct rtnl_link *l,
					     struct rtnl_link *dev,
					     const struct rtnl_frame *f)
{
	struct bond_slave *s = slave_of(dev);

	if (bond_3ad_lacpdu_recv(l, s, f))
		return RTNL_RX_CONSUMED;
	return s->backup ? RTNL_RX_PASS : RTNL_RX_ANOTHER;
}

const struct rtnl_link_ops rtnl_bond_ops = {
	.kind = "bond",
	.devtype = "bond",
	.priv_size = sizeof(struct bond_priv),
	.setup = bond_setup,
	.maxtype = IFLA_BOND_MAX,
	.policy = bond_policy,
	.validate = bond_validate,
	.newlink = bond_newlink,
	.changelink = bond_changelink,
	.dellink = bond_dellink,
	.fill_info = bond_fill_info,
	.slave_maxtype = IFLA_BOND_SLAVE_MAX,
	.slave_policy = bond_slave_policy,
	.slave_changelink = bond_slave_changelink,
	.fill_slave_info = bond_fill_slave_info,
	.fill_linkxstats = bond_3ad_fill_linkxstats,
	.get_stats64 = bond_get_stats64,
	.rx_frame = bond_handle_frame,
	.add_slave = bond_add_slave,
	.del_slave = bond_del_slave,
	.set_mac_address = bond_set_mac,
	.change_mtu = bond_change_mtu,
	.unicast_flt = true,
	.destructor = bond_destructor,
	.netdev_event = bond_device_event,
	.ethtool = &bond_ethtool,
	.open = bond_open,
	.stop = bond_stop,
	.module = &rtnl_bond_module,
	.sysfs_list = bond_sysfs_list,
	.sysfs_get = bond_sysfs_get,
	.sysfs_write = bond_sysfs_write,
	.port_sysfs_list = bond_port_sysfs_list,
	.port_sysfs_get = bond_port_sysfs_get,
};
