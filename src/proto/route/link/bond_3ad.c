// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * 802.3ad of a bond (drivers/net/bonding/bond_3ad.c).  Each port runs
 * the receive, periodic, selection, mux, transmit and churn machines on
 * the bond's 100 ms tick (bond_3ad_state_machine_handler) while the bond
 * is up.  A LACPDU a port sends goes no further than the other end of
 * its link: the device's peer (a veth's other end, in any net of the
 * world) takes it while both are up, and if that device is a port of an
 * open 802.3ad bond, its receive machine gets it at once
 * (bond_3ad_lacpdu_recv()).  Two bonds whose ports are peers thus
 * negotiate as Linux's do; a port whose peer speaks no LACP expires,
 * then defaults to the partner's administrative values.
 *
 * The tick does not wake every 100 ms: a tick that changed nothing but
 * the machines' timers is followed by ticks that change nothing until
 * the first timer fires, so the bond sleeps until then (or for good when
 * no timer runs) and the ticks in between only count the timers down.
 * Anything that happens from outside (a LACPDU, a port's link, a port
 * joining or leaving, an option) catches those timers up and brings the
 * next tick back on the 100 ms grid.  docs/state-machines.md has the
 * sequence with its times.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_bonding.h>
#include <linux/if_link.h>

#include "proto/route/link/bond.h"

#define AD_TICK_NS (100 * UNL_NSEC_PER_MSEC)
#define AD_TICKS_PER_SEC 10
/* seconds (43.4.4) */
#define AD_FAST_PERIODIC_TIME 1
#define AD_SLOW_PERIODIC_TIME 30
#define AD_SHORT_TIMEOUT_TIME (3 * AD_FAST_PERIODIC_TIME)
#define AD_LONG_TIMEOUT_TIME (3 * AD_SLOW_PERIODIC_TIME)
#define AD_CHURN_DETECTION_TIME 60
#define AD_AGGREGATE_WAIT_TIME 2
#define AD_AGGREGATOR_SELECTION_TIMER 8
#define AD_MAX_TX_IN_SECOND 3
#define AD_TX_TICKS (AD_TICKS_PER_SEC / AD_MAX_TX_IN_SECOND)
/* a tick callback that finds the clock far ahead (a suspended daemon,
 * a test's clock) runs this many ticks at most (those that change
 * nothing but timers cost nothing): every timer is shorter */
#define AD_MAX_CATCH_UP (2 * AD_CHURN_DETECTION_TIME * AD_TICKS_PER_SEC)

/* the port's machine variables (sm_vars) */
#define AD_PORT_BEGIN 0x1
#define AD_PORT_LACP_ENABLED 0x2
#define AD_PORT_ACTOR_CHURN 0x4
#define AD_PORT_PARTNER_CHURN 0x8
#define AD_PORT_READY 0x10
#define AD_PORT_READY_N 0x20
#define AD_PORT_MATCHED 0x40
#define AD_PORT_STANDBY 0x80
#define AD_PORT_SELECTED 0x100
#define AD_PORT_MOVED 0x200
#define AD_PORT_CHURNED (AD_PORT_ACTOR_CHURN | AD_PORT_PARTNER_CHURN)

/* the port key: user key, speed, duplex */
#define AD_DUPLEX_KEY_MASKS 0x1
#define AD_SPEED_KEY_MASKS 0x3e
#define AD_USER_KEY_MASKS 0xffc0

enum { AD_RX_DUMMY, AD_RX_INITIALIZE, AD_RX_PORT_DISABLED,
       AD_RX_LACP_DISABLED, AD_RX_EXPIRED, AD_RX_DEFAULTED, AD_RX_CURRENT };
enum { AD_NO_PERIODIC, AD_FAST_PERIODIC, AD_SLOW_PERIODIC, AD_PERIODIC_TX };
enum { AD_MUX_DUMMY, AD_MUX_DETACHED, AD_MUX_WAITING, AD_MUX_ATTACHED,
       AD_MUX_COLLECTING, AD_MUX_DISTRIBUTING,
       AD_MUX_COLLECTING_DISTRIBUTING };
enum { AD_CHURN_MONITOR, AD_CHURN, AD_NO_CHURN };
/* ad_select (include/net/bond_3ad.h) */
enum { BOND_AD_STABLE, BOND_AD_BANDWIDTH, BOND_AD_COUNT, BOND_AD_PRIO };

/* sizeof(struct lacpdu_header): the Ethernet header and the LACPDU */
#define AD_LACPDU_FRAME_LEN (ETH_HLEN + 110)

/* What a LACPDU carries that the machines read: the sender's view of
 * itself (actor) and of the port it faces (partner).  Frames are not
 * built: the peer's receive machine reads this directly. */
struct ad_lacpdu {
	struct ad_params actor, partner;
};

static void ad_catch_up(struct rtnl_link *l);
static void ad_touch(struct rtnl_link *l);
static void ad_rearm(struct rtnl_link *l);

static bool is_zero_mac(const uint8_t *m)
{
	static const uint8_t zero[ETH_ALEN];

	return !memcmp(m, zero, ETH_ALEN);
}

/* ---- the port's link ---- */

/* bond_update_speed_duplex(): Mb/s and full duplex, as ethtool says */
static void port_link(const struct bond_slave *s, uint32_t *speed, bool *full)
{
	const struct rtnl_ethtool *et = s->dev->ops->ethtool;
	uint32_t sp = 0;
	uint8_t dup = 0xff, portt = 0;

	*speed = 0;
	*full = false;
	if (!et || !et->ksettings || et->ksettings(s->dev, &sp, &dup, &portt))
		return;
	if (sp == (uint32_t)-1)
		sp = 0;
	*speed = sp;
	*full = dup == 1;
}

/* __get_link_speed(): enum ad_link_speed_type (6.x, with 5 and 14 Gb/s),
 * 0 while the link is not up */
static uint16_t ad_speed(const struct bond_slave *s)
{
	static const uint32_t mbps[] = { 1, 10, 100, 1000, 2500, 5000, 10000,
					 14000, 20000, 25000, 40000, 50000,
					 56000, 100000, 200000, 400000,
					 800000 };
	uint32_t speed;
	bool full;

	if (s->link != BOND_LINK_UP)
		return 0;
	port_link(s, &speed, &full);
	for (size_t i = 0; i < sizeof(mbps) / sizeof(mbps[0]); i++)
		if (mbps[i] == speed)
			return (uint16_t)(i + 1);
	return 0;
}

static uint8_t ad_duplex(const struct bond_slave *s)
{
	uint32_t speed;
	bool full;

	if (s->link != BOND_LINK_UP)
		return 0;
	port_link(s, &speed, &full);
	return full;
}

/* ad_update_actor_keys(): speed and duplex in the key; a port without
 * full duplex takes no part in LACP; a new speed restarts the port. */
static void update_actor_keys(struct ad_port *p, bool reset)
{
	uint16_t old = p->oper_key, speed = 0, ospeed = 0;
	uint8_t duplex = 0;

	p->admin_key &= (uint16_t)~(AD_SPEED_KEY_MASKS | AD_DUPLEX_KEY_MASKS);
	if (!reset) {
		speed = ad_speed(p->slave);
		ospeed = (uint16_t)((old & AD_SPEED_KEY_MASKS) >> 1);
		duplex = ad_duplex(p->slave);
		p->admin_key |= (uint16_t)((speed << 1) | duplex);
	}
	p->oper_key = p->admin_key;
	if (old == p->oper_key)
		return;
	if (duplex)
		p->sm_vars |= AD_PORT_LACP_ENABLED;
	else
		p->sm_vars &= ~AD_PORT_LACP_ENABLED;
	if (!reset && speed && duplex && ospeed != speed)
		p->sm_vars |= AD_PORT_BEGIN;
}

/* ---- enabling ports (the bond's view of them) ---- */

/* __enable_port(): active, if its link is up */
static void enable_port(struct ad_port *p)
{
	struct bond_slave *s = p->slave;

	if (s->link == BOND_LINK_UP && (s->dev->flags & IFF_UP) &&
	    s->dev->carrier)
		bond_slave_set_backup(s, false);
}

static void disable_port(struct ad_port *p)
{
	bond_slave_set_backup(p->slave, true);
}

static bool port_is_enabled(const struct ad_port *p)
{
	return !p->slave->backup;
}

/* ---- aggregators ---- */

static bool agg_has_partner(const struct ad_agg *a)
{
	return !is_zero_mac(a->partner_system);
}

/* ad_clear_agg() */
static void clear_agg(struct ad_agg *a)
{
	a->individual = false;
	a->actor_admin_key = a->actor_oper_key = 0;
	memset(a->partner_system, 0, ETH_ALEN);
	a->partner_system_priority = a->partner_key = 0;
	a->lag_ports = NULL;
	a->active = false;
	a->num_ports = 0;
}

static struct ad_agg *first_agg(struct bond_priv *b)
{
	return b->slaves ? &b->slaves->agg : NULL;
}

static struct ad_agg *active_agg(const struct bond_priv *b)
{
	for (struct bond_slave *s = b->slaves; s; s = s->next)
		if (s->agg.active)
			return &s->agg;
	return NULL;
}

/* __agg_active_ports(): its enabled ports */
static int agg_active_ports(const struct ad_agg *a)
{
	int n = 0;

	for (const struct ad_port *p = a->lag_ports; p; p = p->next_in_agg)
		n += p->enabled;
	return n;
}

/* __agg_ports_priority(): the sum of its enabled ports' actor_port_prio */
static unsigned int agg_ports_priority(const struct ad_agg *a)
{
	unsigned int prio = 0;

	for (const struct ad_port *p = a->lag_ports; p; p = p->next_in_agg)
		if (p->enabled)
			prio += p->priority;
	return prio;
}

/* agg_device_up(): one of its ports runs with carrier */
static bool agg_device_up(const struct ad_agg *a)
{
	for (const struct ad_port *p = a->lag_ports; p; p = p->next_in_agg) {
		const struct rtnl_link *dev = p->slave->dev;

		if ((dev->flags & IFF_UP) && dev->carrier)
			return true;
	}
	return false;
}

/* __get_agg_bandwidth(): Mb/s of the first port times the enabled ports */
static uint64_t agg_bandwidth(const struct ad_agg *a)
{
	int n = agg_active_ports(a);
	uint32_t speed;
	bool full;

	if (!n || ad_speed(a->lag_ports->slave) == 0)
		return 0;
	port_link(a->lag_ports->slave, &speed, &full);
	return (uint64_t)speed * (uint64_t)n;
}

/* ad_agg_selection_test(): aggregatable before individual, answering
 * partners first, then the policy: actor_port_prio by the ports'
 * priorities, then as count; count by enabled ports, then as bandwidth;
 * stable and bandwidth by bandwidth */
static struct ad_agg *selection_test(const struct bond_priv *b,
				     struct ad_agg *best, struct ad_agg *curr)
{
	if (!best)
		return curr;
	if (!curr->individual && best->individual)
		return curr;
	if (curr->individual && !best->individual)
		return best;
	if (agg_has_partner(curr) && !agg_has_partner(best))
		return curr;
	if (!agg_has_partner(curr) && agg_has_partner(best))
		return best;
	switch (b->params.ad_select) {
	case BOND_AD_PRIO:
		if (agg_ports_priority(curr) != agg_ports_priority(best))
			return agg_ports_priority(curr) >
					       agg_ports_priority(best)
				       ? curr
				       : best;
		/* fall through */
	case BOND_AD_COUNT:
		if (agg_active_ports(curr) != agg_active_ports(best))
			return agg_active_ports(curr) > agg_active_ports(best)
				       ? curr
				       : best;
		/* fall through */
	default:
		return agg_bandwidth(curr) > agg_bandwidth(best) ? curr : best;
	}
}

/* ad_agg_selection_logic(): the best aggregator becomes the active one
 * (stable keeps the old one while it has an enabled port and a partner,
 * or neither it nor the best has one); the ports of one without a
 * partner are enabled; the carrier follows. */
static void agg_selection_logic(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *active = active_agg(b), *best;

	best = active && agg_device_up(active) ? active : NULL;
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		s->agg.active = false;
		if (agg_active_ports(&s->agg) && agg_device_up(&s->agg))
			best = selection_test(b, best, &s->agg);
	}
	if (best && b->params.ad_select == BOND_AD_STABLE && active &&
	    active->lag_ports && agg_active_ports(active) &&
	    (agg_has_partner(active) || !agg_has_partner(best)) &&
	    !(!active->actor_oper_key && best->actor_oper_key)) {
		best = NULL;
		active->active = true;
	}
	if (best && best == active) {
		best = NULL;
		active->active = true;
	}
	if (best) {
		best->active = true;
		if (active)
			for (struct ad_port *p = active->lag_ports; p;
			     p = p->next_in_agg)
				disable_port(p);
	}
	active = active_agg(b);
	if (active && !agg_has_partner(active))
		for (struct ad_port *p = active->lag_ports; p; p = p->next_in_agg)
			enable_port(p);
	bond_3ad_set_carrier(l);
}

/* __agg_ports_are_ready() and __set_agg_ports_ready() */
static void agg_update_ready(struct ad_agg *a)
{
	bool ready = true;

	if (!a)
		return;
	for (struct ad_port *p = a->lag_ports; p; p = p->next_in_agg)
		if (!(p->sm_vars & AD_PORT_READY_N))
			ready = false;
	for (struct ad_port *p = a->lag_ports; p; p = p->next_in_agg)
		if (ready)
			p->sm_vars |= AD_PORT_READY;
		else
			p->sm_vars &= ~AD_PORT_READY;
}

static void agg_remove_port(struct ad_agg *a, struct ad_port *port)
{
	for (struct ad_port **pp = &a->lag_ports; *pp;
	     pp = &(*pp)->next_in_agg)
		if (*pp == port) {
			*pp = port->next_in_agg;
			a->num_ports--;
			break;
		}
	port->agg = NULL;
	port->next_in_agg = NULL;
}

/* ad_port_selection_logic(): an unselected port leaves its aggregator
 * and joins one with the same keys and an answering, aggregatable
 * partner, else the first free one. */
static void port_selection_logic(struct rtnl_link *l, struct ad_port *port)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *free_agg = NULL, *found = NULL;

	if (port->sm_vars & AD_PORT_SELECTED)
		return;
	if (port->agg) {
		struct ad_agg *old = port->agg;

		agg_remove_port(old, port);
		if (!old->lag_ports)
			clear_agg(old);
	}
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		struct ad_agg *a = &s->agg;

		if (!a->lag_ports) {
			if (!free_agg)
				free_agg = a;
			continue;
		}
		if (a->actor_oper_key == port->oper_key &&
		    !memcmp(a->partner_system, port->partner_oper.system,
			    ETH_ALEN) &&
		    a->partner_system_priority ==
			    port->partner_oper.system_priority &&
		    a->partner_key == port->partner_oper.key &&
		    !is_zero_mac(port->partner_oper.system) && !a->individual) {
			found = a;
			break;
		}
	}
	if (!found && free_agg) {
		found = free_agg;
		found->individual = !(port->oper_key & AD_DUPLEX_KEY_MASKS);
		found->actor_admin_key = port->admin_key;
		found->actor_oper_key = port->oper_key;
		memcpy(found->partner_system, port->partner_oper.system,
		       ETH_ALEN);
		found->partner_system_priority =
			port->partner_oper.system_priority;
		found->partner_key = port->partner_oper.key;
	}
	if (!found)
		return;
	port->agg = found;
	port->next_in_agg = found->lag_ports;
	found->lag_ports = port;
	found->num_ports++;
	port->sm_vars |= AD_PORT_SELECTED;
	agg_update_ready(port->agg);
	agg_selection_logic(l);
	if (!port->agg->active)
		port->oper_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
}

/* ---- the receive machine ---- */

/* __record_default() */
static void record_default(struct ad_port *p)
{
	p->partner_oper = p->partner_admin;
	p->oper_state |= LACP_STATE_DEFAULTED;
}

static bool params_differ(const struct ad_params *a, const struct ad_params *b)
{
	return a->port_number != b->port_number ||
	       a->port_priority != b->port_priority ||
	       memcmp(a->system, b->system, ETH_ALEN) ||
	       a->system_priority != b->system_priority || a->key != b->key ||
	       (a->port_state & LACP_STATE_AGGREGATION) !=
		       (b->port_state & LACP_STATE_AGGREGATION);
}

/* __update_default_selected(): unselected if the defaults differ from
 * what the partner was */
static void update_default_selected(struct ad_port *p)
{
	if (params_differ(&p->partner_admin, &p->partner_oper))
		p->sm_vars &= ~AD_PORT_SELECTED;
}

/* __update_selected(): unselected if the sender is not the partner the
 * port had */
static void update_selected(const struct ad_lacpdu *pdu, struct ad_port *p)
{
	if (params_differ(&pdu->actor, &p->partner_oper))
		p->sm_vars &= ~AD_PORT_SELECTED;
}

/* Does the sender see this port as it is?  (__choose_matched() and
 * __update_ntt() compare the same fields; ntt also the timeout and
 * activity bits.) */
static bool pdu_sees_port(const struct ad_lacpdu *pdu, const struct ad_port *p)
{
	const struct ad_params *seen = &pdu->partner;

	return seen->port_number == p->number &&
	       seen->port_priority == p->priority &&
	       !memcmp(seen->system, p->actor_system, ETH_ALEN) &&
	       seen->system_priority == p->actor_system_priority &&
	       seen->key == p->oper_key;
}

/* __update_ntt(): answer a sender whose view of this port is stale */
static void update_ntt(const struct ad_lacpdu *pdu, struct ad_port *p)
{
	const uint8_t bits = LACP_STATE_LACP_ACTIVITY |
			     LACP_STATE_LACP_TIMEOUT |
			     LACP_STATE_SYNCHRONIZATION |
			     LACP_STATE_AGGREGATION;

	if (!pdu_sees_port(pdu, p) ||
	    (pdu->partner.port_state & bits) != (p->oper_state & bits))
		p->ntt = true;
}

/* __choose_matched() and __record_pdu(): the sender becomes the
 * partner; its sync counts only when it sees this port as it is (or
 * it is an individual link) */
static void record_pdu(const struct ad_lacpdu *pdu, struct ad_port *p)
{
	if ((pdu_sees_port(pdu, p) &&
	     (pdu->partner.port_state & LACP_STATE_AGGREGATION) ==
		     (p->oper_state & LACP_STATE_AGGREGATION)) ||
	    !(pdu->actor.port_state & LACP_STATE_AGGREGATION))
		p->sm_vars |= AD_PORT_MATCHED;
	else
		p->sm_vars &= ~AD_PORT_MATCHED;
	p->partner_oper = pdu->actor;
	p->oper_state &= (uint8_t)~LACP_STATE_DEFAULTED;
	if ((p->sm_vars & AD_PORT_MATCHED) &&
	    (pdu->actor.port_state & LACP_STATE_SYNCHRONIZATION))
		p->partner_oper.port_state |= LACP_STATE_SYNCHRONIZATION;
	else
		p->partner_oper.port_state &=
			(uint8_t)~LACP_STATE_SYNCHRONIZATION;
}

static void rx_enter(const struct ad_lacpdu *pdu, struct ad_port *p)
{
	switch (p->rx_state) {
	case AD_RX_INITIALIZE:
		if (p->oper_key & AD_DUPLEX_KEY_MASKS)
			p->sm_vars |= AD_PORT_LACP_ENABLED;
		else
			p->sm_vars &= ~AD_PORT_LACP_ENABLED;
		p->sm_vars &= ~AD_PORT_SELECTED;
		record_default(p);
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		p->rx_state = AD_RX_PORT_DISABLED;
		/* fall through */
	case AD_RX_PORT_DISABLED:
		p->sm_vars &= ~AD_PORT_MATCHED;
		p->partner_oper.port_state &=
			(uint8_t)~LACP_STATE_SYNCHRONIZATION;
		break;
	case AD_RX_LACP_DISABLED:
		p->sm_vars &= ~AD_PORT_SELECTED;
		record_default(p);
		p->partner_oper.port_state &= (uint8_t)~LACP_STATE_AGGREGATION;
		p->sm_vars |= AD_PORT_MATCHED;
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	case AD_RX_EXPIRED:
		/* 802.1AX-2014: the partner's timeout goes short, its sync
		 * away (a port collecting and distributing stops) */
		p->sm_vars &= ~AD_PORT_MATCHED;
		p->partner_oper.port_state &=
			(uint8_t)~LACP_STATE_SYNCHRONIZATION;
		p->partner_oper.port_state |= LACP_STATE_LACP_TIMEOUT;
		p->t.rx = AD_SHORT_TIMEOUT_TIME * AD_TICKS_PER_SEC;
		p->oper_state |= LACP_STATE_EXPIRED;
		p->sm_vars |= AD_PORT_CHURNED;
		break;
	case AD_RX_DEFAULTED:
		update_default_selected(p);
		record_default(p);
		p->sm_vars |= AD_PORT_MATCHED;
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	case AD_RX_CURRENT:
		/* a LACPDU of this very system: a loop, ignored */
		if (!memcmp(pdu->actor.system, p->actor_system, ETH_ALEN))
			break;
		update_selected(pdu, p);
		update_ntt(pdu, p);
		record_pdu(pdu, p);
		p->t.rx = (p->oper_state & LACP_STATE_LACP_TIMEOUT
				   ? AD_SHORT_TIMEOUT_TIME
				   : AD_LONG_TIMEOUT_TIME) *
			  AD_TICKS_PER_SEC;
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	default:
		break;
	}
}

/* ad_rx_machine(): pdu is a LACPDU that just arrived, or NULL on a tick */
static void rx_machine(const struct ad_lacpdu *pdu, struct ad_port *p)
{
	int last = p->rx_state;

	if (p->sm_vars & AD_PORT_BEGIN) {
		p->rx_state = AD_RX_INITIALIZE;
		p->sm_vars |= AD_PORT_CHURNED;
	} else if (!p->enabled) {
		p->rx_state = AD_RX_PORT_DISABLED;
	} else if (pdu && (p->rx_state == AD_RX_EXPIRED ||
			   p->rx_state == AD_RX_DEFAULTED ||
			   p->rx_state == AD_RX_CURRENT)) {
		if (p->rx_state != AD_RX_CURRENT)
			p->sm_vars |= AD_PORT_CHURNED;
		p->t.rx = 0;
		p->rx_state = AD_RX_CURRENT;
	} else if (p->t.rx && !--p->t.rx) {
		if (p->rx_state == AD_RX_EXPIRED)
			p->rx_state = AD_RX_DEFAULTED;
		else if (p->rx_state == AD_RX_CURRENT)
			p->rx_state = AD_RX_EXPIRED;
	} else if (p->rx_state == AD_RX_PORT_DISABLED) {
		/* enabled again (the timer, if it ran, has not fired) */
		if (p->sm_vars & AD_PORT_LACP_ENABLED)
			p->rx_state = AD_RX_EXPIRED;
		else
			p->rx_state = AD_RX_LACP_DISABLED;
	}
	if (p->rx_state != last || pdu)
		rx_enter(pdu, p);
}

/* ---- the periodic machine ---- */

/* No periodic LACPDUs: a port beginning, without LACP, disabled, or
 * with neither end active. */
static bool periodic_off(const struct ad_port *p)
{
	return (p->sm_vars & AD_PORT_BEGIN) ||
	       !(p->sm_vars & AD_PORT_LACP_ENABLED) || !p->enabled ||
	       (!(p->oper_state & LACP_STATE_LACP_ACTIVITY) &&
		!(p->partner_oper.port_state & LACP_STATE_LACP_ACTIVITY));
}

/* ad_periodic_machine(): fast (1 s) while the partner asks for short
 * timeouts, else slow (30 s) */
static void periodic_machine(struct ad_port *p)
{
	bool partner_fast =
		p->partner_oper.port_state & LACP_STATE_LACP_TIMEOUT;
	int last = p->periodic_state;

	if (periodic_off(p)) {
		p->periodic_state = AD_NO_PERIODIC;
	} else if (p->t.periodic) {
		if (!--p->t.periodic) {
			p->periodic_state = AD_PERIODIC_TX;
		} else if (p->periodic_state == AD_FAST_PERIODIC &&
			   !partner_fast) {
			p->periodic_state = AD_SLOW_PERIODIC;
		} else if (p->periodic_state == AD_SLOW_PERIODIC &&
			   partner_fast) {
			p->t.periodic = 0;
			p->periodic_state = AD_PERIODIC_TX;
		}
	} else if (p->periodic_state == AD_NO_PERIODIC) {
		p->periodic_state = AD_FAST_PERIODIC;
	} else if (p->periodic_state == AD_PERIODIC_TX) {
		p->periodic_state =
			partner_fast ? AD_FAST_PERIODIC : AD_SLOW_PERIODIC;
	}
	if (p->periodic_state == last)
		return;
	switch (p->periodic_state) {
	case AD_NO_PERIODIC:
		p->t.periodic = 0;
		break;
	case AD_FAST_PERIODIC:
		/* less the tick PERIODIC_TX took */
		p->t.periodic = AD_FAST_PERIODIC_TIME * AD_TICKS_PER_SEC - 1;
		break;
	case AD_SLOW_PERIODIC:
		p->t.periodic = AD_SLOW_PERIODIC_TIME * AD_TICKS_PER_SEC - 1;
		break;
	case AD_PERIODIC_TX:
		p->ntt = true;
		break;
	default:
		break;
	}
}

/* ---- the transmit machine ---- */

/* __update_lacpdu_from_port() */
static void lacpdu_from_port(const struct ad_port *p, struct ad_lacpdu *pdu)
{
	memset(pdu, 0, sizeof(*pdu));
	pdu->actor.system_priority = p->actor_system_priority;
	memcpy(pdu->actor.system, p->actor_system, ETH_ALEN);
	pdu->actor.key = p->oper_key;
	pdu->actor.port_priority = p->priority;
	pdu->actor.port_number = p->number;
	pdu->actor.port_state = p->oper_state;
	pdu->partner = p->partner_oper;
}

/* bond_3ad_rx_indication() of a LACPDU on the port s of bond l (open,
 * 802.3ad): false when the port has no 802.3ad state yet (the frame
 * goes on to the bond).  A LACPDU that only starts current_while again
 * (the partner's periodic one, nothing new) leaves a settled bond
 * asleep. */
static bool lacpdu_recv(struct rtnl_link *l, struct bond_slave *s,
			const struct ad_lacpdu *pdu)
{
	struct ad_port before;

	if (!s->ad.slave)
		return false;
	/* ad_rx_machine() counts every LACPDU it is given */
	s->ad_stats.lacpdu_rx++;
	bond(l)->ad.stats.lacpdu_rx++;
	ad_catch_up(l);
	memcpy(&before, &s->ad, sizeof(before));
	rx_machine(pdu, &s->ad);
	memcpy(&before.t, &s->ad.t, sizeof(before.t));
	if (memcmp(&before, &s->ad, sizeof(before)))
		ad_touch(l);
	else
		ad_rearm(l);
	return true;
}

static const uint8_t lacpdu_mcast_addr[ETH_ALEN] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x02
};

bool bond_3ad_lacpdu_recv(struct rtnl_link *l, struct bond_slave *s,
			  const struct rtnl_frame *f)
{
	if (!bond(l)->ad.running || f->proto != ETH_P_SLOW ||
	    memcmp(f->dest, lacpdu_mcast_addr, ETH_ALEN))
		return false;
	return lacpdu_recv(l, s, f->payload);
}

/* ad_lacpdu_send(): it counts as sent (the port's and its bond's
 * lacpdu_tx) before it is queued; the port's device then sends it to
 * the slow-protocols group from the port's permanent address
 * (rtnl_link_send_frame(): dropped while down, a veth passes it to its
 * peer while that is up, where the peer's master, a bond or a bridge,
 * may take it). */
static void lacpdu_send(struct ad_port *p)
{
	struct rtnl_link *own = bond_port_master(p->slave->dev);
	struct ad_lacpdu pdu;
	struct rtnl_frame f = {
		.proto = ETH_P_SLOW,
		.len = AD_LACPDU_FRAME_LEN,
		.payload = &pdu,
	};

	p->slave->ad_stats.lacpdu_tx++;
	if (own)
		bond(own)->ad.stats.lacpdu_tx++;
	lacpdu_from_port(p, &pdu);
	memcpy(f.dest, lacpdu_mcast_addr, ETH_ALEN);
	memcpy(f.source, p->slave->perm_hwaddr, ETH_ALEN);
	rtnl_link_send_frame(p->slave->dev, &f);
}

/* ad_tx_machine(): what needs sending goes, at most 3 a second */
static void tx_machine(struct ad_port *p)
{
	if (!p->t.tx || --p->t.tx)
		return;
	if (p->ntt && (p->sm_vars & AD_PORT_LACP_ENABLED)) {
		lacpdu_send(p);
		p->ntt = false;
	}
	p->t.tx = AD_TX_TICKS;
}

/* ---- the mux machine ---- */

/* ad_enable_collecting_distributing(): a port of the active aggregator
 * is enabled; ad_disable_collecting_distributing(): only an aggregator
 * with a partner disables its ports.  Collecting alone (coupled_control
 * off) sets only the port's inactive flag, which nothing reports: no
 * change here. */
static void enable_coll_dist(struct ad_port *p)
{
	if (p->agg->active)
		enable_port(p);
}

static void disable_coll_dist(struct ad_port *p)
{
	if (p->agg && agg_has_partner(p->agg))
		disable_port(p);
}

static void mux_enter(struct ad_port *p)
{
	const uint8_t cd = LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING;

	switch (p->mux_state) {
	case AD_MUX_DETACHED:
		p->oper_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		disable_coll_dist(p);
		p->oper_state &= (uint8_t)~cd;
		p->ntt = true;
		break;
	case AD_MUX_WAITING:
		p->t.mux = AD_AGGREGATE_WAIT_TIME * AD_TICKS_PER_SEC;
		break;
	case AD_MUX_ATTACHED:
		if (p->agg->active)
			p->oper_state |= LACP_STATE_SYNCHRONIZATION;
		else
			p->oper_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		p->oper_state &= (uint8_t)~cd;
		disable_coll_dist(p);
		p->ntt = true;
		break;
	case AD_MUX_COLLECTING_DISTRIBUTING:
		p->oper_state |= cd | LACP_STATE_SYNCHRONIZATION;
		enable_coll_dist(p);
		p->ntt = true;
		break;
	case AD_MUX_COLLECTING:
		p->oper_state |= LACP_STATE_COLLECTING |
				 LACP_STATE_SYNCHRONIZATION;
		p->oper_state &= (uint8_t)~LACP_STATE_DISTRIBUTING;
		p->ntt = true;
		break;
	case AD_MUX_DISTRIBUTING:
		p->oper_state |= LACP_STATE_DISTRIBUTING |
				 LACP_STATE_SYNCHRONIZATION;
		enable_coll_dist(p);
		break;
	default:
		break;
	}
}

static void mux_unready(struct ad_port *p)
{
	p->sm_vars &= ~AD_PORT_READY_N;
	agg_update_ready(p->agg);
	p->mux_state = AD_MUX_DETACHED;
}

/* __port_move_to_attached_state(): unselected, standby, or either end
 * out of sync */
static bool mux_back_to_attached(struct ad_port *p)
{
	if (!(p->sm_vars & AD_PORT_SELECTED) ||
	    (p->sm_vars & AD_PORT_STANDBY) ||
	    !(p->partner_oper.port_state & LACP_STATE_SYNCHRONIZATION) ||
	    !(p->oper_state & LACP_STATE_SYNCHRONIZATION))
		p->mux_state = AD_MUX_ATTACHED;
	return p->mux_state == AD_MUX_ATTACHED;
}

static void mux_waiting(struct ad_port *p, bool selected)
{
	if (!selected) {
		mux_unready(p);
		return;
	}
	if (p->t.mux && !--p->t.mux)
		p->sm_vars |= AD_PORT_READY_N;
	agg_update_ready(p->agg);
	if ((p->sm_vars & AD_PORT_READY) && !p->t.mux)
		p->mux_state = AD_MUX_ATTACHED;
}

static void mux_attached(struct rtnl_link *l, struct ad_port *p,
			 bool selected)
{
	if (selected &&
	    (p->partner_oper.port_state & LACP_STATE_SYNCHRONIZATION) &&
	    !bond(l)->ad.agg_select_timer) {
		if (p->agg->active)
			p->mux_state = bond(l)->params.coupled_control
					       ? AD_MUX_COLLECTING_DISTRIBUTING
					       : AD_MUX_COLLECTING;
	} else if (!selected || (p->sm_vars & AD_PORT_STANDBY)) {
		mux_unready(p);
	} else if (p->agg->active) {
		p->oper_state |= LACP_STATE_SYNCHRONIZATION;
	}
}

/* ad_mux_machine() */
static void mux_machine(struct rtnl_link *l, struct ad_port *p)
{
	int last = p->mux_state;
	bool selected = p->sm_vars & AD_PORT_SELECTED;

	if (p->sm_vars & AD_PORT_BEGIN) {
		p->mux_state = AD_MUX_DETACHED;
	} else {
		switch (p->mux_state) {
		case AD_MUX_DETACHED:
			if (selected || (p->sm_vars & AD_PORT_STANDBY))
				p->mux_state = AD_MUX_WAITING;
			break;
		case AD_MUX_WAITING:
			mux_waiting(p, selected);
			break;
		case AD_MUX_ATTACHED:
			mux_attached(l, p, selected);
			break;
		case AD_MUX_COLLECTING_DISTRIBUTING:
			if (!mux_back_to_attached(p) && p->agg->active &&
			    !port_is_enabled(p))
				enable_port(p);
			break;
		case AD_MUX_COLLECTING:
			if (!mux_back_to_attached(p) && selected &&
			    (p->partner_oper.port_state &
			     LACP_STATE_SYNCHRONIZATION) &&
			    (p->partner_oper.port_state &
			     LACP_STATE_COLLECTING))
				p->mux_state = AD_MUX_DISTRIBUTING;
			break;
		case AD_MUX_DISTRIBUTING:
			if (!selected || (p->sm_vars & AD_PORT_STANDBY) ||
			    !(p->partner_oper.port_state &
			      LACP_STATE_COLLECTING) ||
			    !(p->partner_oper.port_state &
			      LACP_STATE_SYNCHRONIZATION) ||
			    !(p->oper_state & LACP_STATE_SYNCHRONIZATION))
				p->mux_state = AD_MUX_COLLECTING;
			else if (p->agg && p->agg->active &&
				 !port_is_enabled(p))
				enable_port(p);
			break;
		default:
			break;
		}
	}
	if (p->mux_state != last)
		mux_enter(p);
}

/* ---- the churn machine ---- */

static void churn_machine(struct ad_port *p)
{
	const int ticks = AD_CHURN_DETECTION_TIME * AD_TICKS_PER_SEC;

	if (p->sm_vars & AD_PORT_CHURNED) {
		p->sm_vars &= ~AD_PORT_CHURNED;
		p->churn_actor = p->churn_partner = AD_CHURN_MONITOR;
		p->t.churn_actor = p->t.churn_partner = ticks;
		return;
	}
	if (p->t.churn_actor && !--p->t.churn_actor &&
	    p->churn_actor == AD_CHURN_MONITOR) {
		if (p->oper_state & LACP_STATE_SYNCHRONIZATION) {
			p->churn_actor = AD_NO_CHURN;
		} else {
			p->churn_actor_count++;
			p->churn_actor = AD_CHURN;
		}
	}
	if (p->t.churn_partner && !--p->t.churn_partner &&
	    p->churn_partner == AD_CHURN_MONITOR) {
		if (p->partner_oper.port_state & LACP_STATE_SYNCHRONIZATION) {
			p->churn_partner = AD_NO_CHURN;
		} else {
			p->churn_partner_count++;
			p->churn_partner = AD_CHURN;
		}
	}
}

/* ---- the tick (bond_3ad_state_machine_handler) ---- */

/* What a tick may change, for each port: its port and aggregator but
 * their timers, and whether it is enabled. */
struct ad_snap {
	struct ad_port port;
	struct ad_agg agg;
	bool backup;
};

/* A copy of what the ports are now; NULL without memory (then every
 * tick counts as a change). */
static struct ad_snap *ad_snap_take(const struct bond_priv *b, size_t *n)
{
	struct ad_snap *snap;
	size_t i = 0;

	*n = 0;
	for (const struct bond_slave *s = b->slaves; s; s = s->next)
		(*n)++;
	snap = calloc(*n, sizeof(*snap));
	if (!snap)
		return NULL;
	for (const struct bond_slave *s = b->slaves; s; s = s->next, i++) {
		memcpy(&snap[i].port, &s->ad, sizeof(s->ad));
		memcpy(&snap[i].agg, &s->agg, sizeof(s->agg));
		snap[i].backup = s->backup;
	}
	return snap;
}

/* Did anything but the timers change since the copy?  Frees it. */
static bool ad_snap_changed(const struct bond_priv *b, struct ad_snap *snap,
			    size_t n)
{
	bool changed = false;
	size_t i = 0;

	if (!snap)
		return true;
	for (const struct bond_slave *s = b->slaves; s; s = s->next, i++) {
		if (i == n) {
			changed = true;
			break;
		}
		memcpy(&snap[i].port.t, &s->ad.t, sizeof(s->ad.t));
		if (memcmp(&snap[i].port, &s->ad, sizeof(s->ad)) ||
		    memcmp(&snap[i].agg, &s->agg, sizeof(s->agg)) ||
		    snap[i].backup != s->backup)
			changed = true;
	}
	free(snap);
	return changed || i != n;
}

/* One tick of every port's machines, in Linux's order; true when it
 * changed more than timers. */
static bool ad_tick(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);
	bool carrier = l->carrier, changed;
	struct ad_snap *snap;
	size_t n;

	if (!b->slaves)
		return false;
	snap = ad_snap_take(b, &n);
	b->ad.in_tick = true;
	b->ad.touched = false;
	if (b->ad.agg_select_timer && !--b->ad.agg_select_timer) {
		agg_selection_logic(l);
		bond_3ad_set_carrier(l);
	}
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		struct ad_port *p = &s->ad;

		if (!p->slave)
			break;
		rx_machine(NULL, p);
		periodic_machine(p);
		port_selection_logic(l, p);
		mux_machine(l, p);
		tx_machine(p);
		churn_machine(p);
		p->sm_vars &= ~AD_PORT_BEGIN;
	}
	b->ad.in_tick = false;
	changed = ad_snap_changed(b, snap, n);
	return changed || b->ad.touched || carrier != l->carrier;
}

/* bond_3ad_debug_always_tick() */
static bool ad_always_tick;

void bond_3ad_debug_always_tick(bool on)
{
	ad_always_tick = on;
}

/* How many ticks from the next one change nothing but timers: 0 unless
 * the bond is settled, else until the first timer that fires (a timer
 * counts only while its machine runs it; the transmit timer only while
 * something waits to go); INT64_MAX when none does. */
static int64_t ad_idle_ticks(const struct bond_priv *b)
{
	int64_t n = INT64_MAX;

	if (!b->ad.settled || ad_always_tick)
		return 0;
	if (!b->slaves)
		return n;
#define FIRES(c) do { if ((c) > 0 && (c) - 1 < n) n = (c) - 1; } while (0)
	FIRES(b->ad.agg_select_timer);
	for (const struct bond_slave *s = b->slaves; s; s = s->next) {
		const struct ad_port *p = &s->ad;

		if (p->enabled)
			FIRES(p->t.rx);
		if (!periodic_off(p))
			FIRES(p->t.periodic);
		if (p->mux_state == AD_MUX_WAITING)
			FIRES(p->t.mux);
		if (p->ntt && (p->sm_vars & AD_PORT_LACP_ENABLED))
			FIRES(p->t.tx);
		FIRES(p->t.churn_actor);
		FIRES(p->t.churn_partner);
	}
#undef FIRES
	return n;
}

/* n ticks that change nothing but timers (fewer than ad_idle_ticks()):
 * each timer counts down as its machine would count it. */
static void ad_skip(struct bond_priv *b, int64_t n)
{
	if (!b->slaves || !n)
		return;
	if (b->ad.agg_select_timer)
		b->ad.agg_select_timer -= (int)n;
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		struct ad_timers *t = &s->ad.t;

		if (t->rx && s->ad.enabled)
			t->rx -= (int)n;
		if (t->periodic && !periodic_off(&s->ad))
			t->periodic -= (int)n;
		if (t->mux && s->ad.mux_state == AD_MUX_WAITING)
			t->mux -= (int)n;
		/* 3, 2, 1, then 3 again */
		if (t->tx)
			t->tx = ((t->tx - 1 - (int)(n % AD_TX_TICKS)) %
					 AD_TX_TICKS +
				 AD_TX_TICKS) %
					AD_TX_TICKS +
				1;
		if (t->churn_actor)
			t->churn_actor -= (int)n;
		if (t->churn_partner)
			t->churn_partner -= (int)n;
	}
}

/* The ticks due by now: those that change nothing but timers counted
 * down at once, the others run (only the former when run is false).
 * After AD_MAX_CATCH_UP ticks run in one go the rest are dropped, the
 * next one a tick from now. */
static void ad_advance(struct rtnl_link *l, bool run)
{
	struct bond_priv *b = bond(l);
	struct ad_bond *ad = &b->ad;
	int64_t now = unl_net_now(l->rn->net);
	int budget = AD_MAX_CATCH_UP;

	while (ad->next_tick <= now) {
		int64_t due = (now - ad->next_tick) / AD_TICK_NS + 1;
		int64_t idle = ad_idle_ticks(b);

		if (idle) {
			int64_t n = idle < due ? idle : due;

			ad_skip(b, n);
			ad->next_tick += n * AD_TICK_NS;
			continue;
		}
		if (!run)
			return;
		if (!budget--) {
			ad->next_tick = now + AD_TICK_NS;
			return;
		}
		ad->settled = !ad_tick(l);
		ad->next_tick += AD_TICK_NS;
	}
}

/* The timer at the first tick that may change something; none while
 * no timer runs. */
static void ad_arm(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;
	int64_t idle = ad_idle_ticks(bond(l));

	if (idle == INT64_MAX)
		unl_timer_del(ad->tick);
	else
		unl_timer_mod(ad->tick, ad->next_tick + idle * AD_TICK_NS);
}

static void ad_tick_expired(struct unl_timer *t, void *data)
{
	struct rtnl_link *l = data;

	(void)t;
	ad_advance(l, true);
	ad_arm(l);
}

/* The ticks an open bond slept over, counted down before anything from
 * outside looks at or changes its machines (they changed nothing but
 * timers). */
static void ad_catch_up(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	if (ad->running && !ad->in_tick)
		ad_advance(l, false);
}

/* Something from outside changed the bond's machines: the next tick
 * runs on time. */
static void ad_touch(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	if (ad->in_tick) {
		ad->touched = true;
		return;
	}
	ad_catch_up(l);
	ad->settled = false;
	if (ad->running)
		unl_timer_mod(ad->tick, ad->next_tick);
}

/* ... or only its timers: it sleeps until the first fires. */
static void ad_rearm(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	if (ad->running && !ad->in_tick)
		ad_arm(l);
}

void bond_3ad_port_event(struct rtnl_link *l)
{
	ad_touch(l);
}

/* Bonds that tick at the same time take turns in the order they first
 * opened, whatever order their timers were armed in (one that slept
 * must not overtake one that ticked, or a LACPDU would find its
 * receiver a tick ahead or behind): each ticks that many nanoseconds
 * before its 100 ms grid, just under a millisecond for the first
 * opened, a nanosecond less for each after it. */
static int64_t ad_turn(struct ad_bond *ad)
{
	static unsigned int opened;

	if (!ad->turn)
		ad->turn = 1000000 - (int64_t)(++opened % 999999);
	return ad->turn;
}

void bond_3ad_open(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	if (!ad->tick && unl_timer_new(l->rn->net, ad_tick_expired, l,
				       &ad->tick))
		return;
	/* bond_open(): the work queued at once, the aggregator chosen at
	 * its first run; LACPDUs taken from now on */
	ad->agg_select_timer = 1;
	ad->next_tick = unl_net_now(l->rn->net) - ad_turn(ad);
	ad->running = true;
	ad->settled = false;
	unl_timer_mod(ad->tick, ad->next_tick);
}

void bond_3ad_close(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	/* the ticks it slept over count before it stops */
	if (ad->running)
		ad_advance(l, false);
	ad->running = false;
	if (ad->tick)
		unl_timer_del(ad->tick);
}

void bond_3ad_destroy(struct rtnl_link *l)
{
	unl_timer_free(bond(l)->ad.tick);
	bond(l)->ad.tick = NULL;
	bond(l)->ad.running = false;
}

/* ---- the bond's calls ---- */

void bond_3ad_initialize(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	b->ad.last_agg_id = 0;
	bond_ad_update_system(l);
	b->ad.agg_select_timer =
		AD_AGGREGATOR_SELECTION_TIMER * AD_TICKS_PER_SEC;
}

/* ad_initialize_port() */
static void init_port(struct ad_port *p, const struct bond_params *bp)
{
	static const struct ad_params partner = {
		.system_priority = 0xffff,
		.key = 1,
		.port_number = 1,
		.port_priority = 0xff,
	};
	uint8_t state = LACP_STATE_AGGREGATION;

	memset(p, 0, sizeof(*p));
	p->priority = 0xff;
	if (bp->lacp_active)
		state |= LACP_STATE_LACP_ACTIVITY;
	p->admin_state = state;
	if (bp->lacp_fast)
		state |= LACP_STATE_LACP_TIMEOUT;
	p->oper_state = state;
	p->partner_admin = p->partner_oper = partner;
	p->enabled = true;
	p->sm_vars = AD_PORT_BEGIN | AD_PORT_LACP_ENABLED;
}

void bond_3ad_bind_slave(struct rtnl_link *l, struct bond_slave *s)
{
	struct bond_priv *b = bond(l);
	struct ad_port *p = &s->ad;

	ad_touch(l);
	init_port(p, &b->params);
	p->slave = s;
	p->number = s->ad_id;
	p->admin_key = (uint16_t)(b->params.ad_user_port_key << 6);
	update_actor_keys(p, false);
	memcpy(p->actor_system, b->ad_sys_mac, ETH_ALEN);
	p->actor_system_priority = (uint16_t)b->ad_sys_prio;
	p->t.tx = AD_TX_TICKS;
	disable_port(p);
	memset(&s->agg, 0, sizeof(s->agg));
	s->agg.id = ++b->ad.last_agg_id;
	s->agg.slave = s;
}

/* The aggregator's ports move to a, which takes over its state. */
static void agg_move(struct ad_agg *from, struct ad_agg *to)
{
	uint16_t id = to->id;
	struct bond_slave *slave = to->slave;

	*to = *from;
	to->id = id;
	to->slave = slave;
	for (struct ad_port *p = to->lag_ports; p; p = p->next_in_agg)
		p->agg = to;
	clear_agg(from);
}

/* bond_3ad_unbind_slave(): the port tells its partner it aggregates
 * no more; its own aggregator, if others use it, is handed to a free
 * one; the port leaves the aggregator it uses; an active aggregator
 * left without an enabled port makes the bond choose again. */
void bond_3ad_unbind_slave(struct rtnl_link *l, struct bond_slave *s)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *agg = &s->agg;
	struct ad_port *port = &s->ad;
	bool reselect = false;

	if (!port->slave)
		return;
	ad_touch(l);
	port->oper_state &= (uint8_t)~(LACP_STATE_SYNCHRONIZATION |
				       LACP_STATE_COLLECTING |
				       LACP_STATE_DISTRIBUTING |
				       LACP_STATE_AGGREGATION);
	lacpdu_send(port);
	if (agg->lag_ports &&
	    (agg->lag_ports != port || agg->lag_ports->next_in_agg)) {
		struct ad_agg *to = NULL;

		for (struct bond_slave *o = b->slaves; o; o = o->next)
			if (!o->agg.lag_ports ||
			    (o->agg.lag_ports == port && !port->next_in_agg)) {
				to = &o->agg;
				break;
			}
		if (to) {
			reselect = to->lag_ports == port && to->active;
			agg_move(agg, to);
			if (reselect)
				agg_selection_logic(l);
		}
	} else if (agg->lag_ports) {
		reselect = agg->active;
		clear_agg(agg);
		if (reselect)
			agg_selection_logic(l);
	}
	for (struct bond_slave *o = b->slaves; o; o = o->next) {
		struct ad_agg *a = &o->agg;
		bool here = false;

		for (struct ad_port *p = a->lag_ports; p; p = p->next_in_agg)
			here |= p == port;
		if (!here)
			continue;
		agg_remove_port(a, port);
		if (!agg_active_ports(a)) {
			reselect = a->active;
			if (!a->num_ports)
				clear_agg(a);
			if (reselect)
				agg_selection_logic(l);
		}
		break;
	}
	port->slave = NULL;
	port->agg = NULL;
}

void bond_3ad_handle_link_change(struct rtnl_link *l, struct bond_slave *s,
				 bool up)
{
	struct ad_port *p = &s->ad;

	if (!p->slave)
		return;
	ad_touch(l);
	p->enabled = up;
	update_actor_keys(p, !up);
	/* 6.x: the bond chooses its aggregator again at once */
	if (first_agg(bond(l)))
		agg_selection_logic(l);
}

/* An active aggregator with min_links ports has carrier. */
void bond_3ad_set_carrier(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *active;

	if (!b->slaves)
		return;
	active = active_agg(b);
	if (active && agg_active_ports(active) >= b->params.min_links) {
		if (!l->carrier)
			rtnl_link_carrier_set(l, true);
	} else if (l->carrier) {
		rtnl_link_carrier_set(l, false);
	}
}

int bond_3ad_active_info(const struct rtnl_link *l, struct ad_info *info)
{
	for (const struct bond_slave *s = bond(l)->slaves; s; s = s->next) {
		const struct ad_agg *a = s->ad.agg;

		if (!a || !a->active)
			continue;
		info->aggregator_id = a->id;
		info->ports = (uint16_t)agg_active_ports(a);
		info->actor_key = a->actor_oper_key;
		info->partner_key = a->partner_key;
		memcpy(info->partner_system, a->partner_system, ETH_ALEN);
		return 0;
	}
	return -1;
}

/* __ad_actor_update_port() of each port, each to be announced */
void bond_3ad_update_actor(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	ad_touch(l);
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		s->ad.actor_system_priority = (uint16_t)b->ad_sys_prio;
		memcpy(s->ad.actor_system, b->ad_sys_mac, ETH_ALEN);
		s->ad.ntt = true;
	}
}

void bond_3ad_update_lacp_rate(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	ad_touch(l);
	for (struct bond_slave *s = b->slaves; s; s = s->next)
		if (b->params.lacp_fast)
			s->ad.oper_state |= LACP_STATE_LACP_TIMEOUT;
		else
			s->ad.oper_state &= (uint8_t)~LACP_STATE_LACP_TIMEOUT;
}

void bond_3ad_update_lacp_active(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	ad_touch(l);
	for (struct bond_slave *s = b->slaves; s; s = s->next)
		if (b->params.lacp_active) {
			s->ad.admin_state |= LACP_STATE_LACP_ACTIVITY;
			s->ad.oper_state |= LACP_STATE_LACP_ACTIVITY;
		} else {
			s->ad.admin_state &= (uint8_t)~LACP_STATE_LACP_ACTIVITY;
			s->ad.oper_state &= (uint8_t)~LACP_STATE_LACP_ACTIVITY;
		}
}

/* ---- reporting ---- */

int bond_3ad_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct ad_info info;
	struct nlattr *n;

	if (bond_3ad_active_info(l, &info))
		return 0;
	n = rtnl_nest_start(skb, IFLA_BOND_AD_INFO);
	if (!n || unl_nla_put_u16(skb, IFLA_BOND_AD_INFO_AGGREGATOR,
				  info.aggregator_id) ||
	    unl_nla_put_u16(skb, IFLA_BOND_AD_INFO_NUM_PORTS, info.ports) ||
	    unl_nla_put_u16(skb, IFLA_BOND_AD_INFO_ACTOR_KEY, info.actor_key) ||
	    unl_nla_put_u16(skb, IFLA_BOND_AD_INFO_PARTNER_KEY,
			    info.partner_key) ||
	    unl_nla_put(skb, IFLA_BOND_AD_INFO_PARTNER_MAC, ETH_ALEN,
			info.partner_system))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, n);
	return 0;
}

int bond_3ad_fill_slave(struct unl_skb *skb, const struct bond_slave *s)
{
	const struct ad_port *p = &s->ad;

	if (p->agg &&
	    (unl_nla_put_u16(skb, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,
			     p->agg->id) ||
	     unl_nla_put_u8(skb, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,
			    p->oper_state) ||
	     unl_nla_put_u16(skb, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
			     p->partner_oper.port_state)))
		return -EMSGSIZE;
	/* with or without an aggregator */
	if (unl_nla_put_u16(skb, IFLA_BOND_SLAVE_ACTOR_PORT_PRIO, p->priority))
		return -EMSGSIZE;
	return 0;
}

/* bond_3ad_stats_fill() */
static int ad_stats_fill(struct unl_skb *skb, const struct ad_stats *st)
{
	const uint64_t v[] = {
		[BOND_3AD_STAT_LACPDU_RX] = st->lacpdu_rx,
		[BOND_3AD_STAT_LACPDU_TX] = st->lacpdu_tx,
		[BOND_3AD_STAT_LACPDU_UNKNOWN_RX] = st->lacpdu_unknown_rx,
		[BOND_3AD_STAT_LACPDU_ILLEGAL_RX] = st->lacpdu_illegal_rx,
		[BOND_3AD_STAT_MARKER_RX] = st->marker_rx,
		[BOND_3AD_STAT_MARKER_TX] = st->marker_tx,
		[BOND_3AD_STAT_MARKER_RESP_RX] = st->marker_resp_rx,
		[BOND_3AD_STAT_MARKER_RESP_TX] = st->marker_resp_tx,
		[BOND_3AD_STAT_MARKER_UNKNOWN_RX] = st->marker_unknown_rx,
	};

	for (int t = BOND_3AD_STAT_LACPDU_RX;
	     t <= BOND_3AD_STAT_MARKER_UNKNOWN_RX; t++)
		if (unl_nla_put_u64(skb, t, v[t], BOND_3AD_STAT_PAD))
			return -EMSGSIZE;
	return 0;
}

int bond_3ad_fill_linkxstats(struct unl_skb *skb, const struct rtnl_link *l,
			     int *prividx, int attr)
{
	const struct rtnl_link *master = l;
	const struct bond_slave *s = NULL;
	struct nlattr *nest, *nest2;

	(void)prividx;
	if (attr == IFLA_STATS_LINK_XSTATS_SLAVE) {
		master = bond_port_master(l);
		if (!master)
			return 0;
		s = slave_of(l);
	} else if (attr != IFLA_STATS_LINK_XSTATS) {
		return -EINVAL;
	}
	nest = rtnl_nest_start(skb, LINK_XSTATS_TYPE_BOND);
	if (!nest)
		return -EMSGSIZE;
	if (bond(master)->params.mode == BOND_MODE_8023AD) {
		nest2 = rtnl_nest_start(skb, BOND_XSTATS_3AD);
		if (!nest2) {
			unl_nla_nest_end(skb, nest);
			return -EMSGSIZE;
		}
		if (ad_stats_fill(skb, s ? &s->ad_stats
					 : &bond(master)->ad.stats)) {
			unl_nla_nest_cancel(skb, nest2);
			unl_nla_nest_end(skb, nest);
			return -EMSGSIZE;
		}
		unl_nla_nest_end(skb, nest2);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

static const char *churn_desc(int state)
{
	static const char *const desc[] = { "monitoring", "churned", "none" };

	return state >= 0 && state <= AD_NO_CHURN ? desc[state] : "unknown";
}

static void put_mac(FILE *out, const uint8_t *m)
{
	fprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		m[4], m[5]);
}

/* bond_info_show_slave()'s 802.3ad part (the details are
 * CAP_NET_ADMIN's; every reader here, docs/conformance.md) */
void bond_3ad_proc_slave(FILE *out, const struct bond_slave *s)
{
	const struct ad_port *p = &s->ad;
	const struct ad_params *o = &p->partner_oper;

	if (!p->agg) {
		fputs("Aggregator ID: N/A\n", out);
		return;
	}
	fprintf(out, "Aggregator ID: %d\n", p->agg->id);
	fprintf(out, "Actor Churn State: %s\n", churn_desc(p->churn_actor));
	fprintf(out, "Partner Churn State: %s\n",
		churn_desc(p->churn_partner));
	fprintf(out, "Actor Churned Count: %u\n", p->churn_actor_count);
	fprintf(out, "Partner Churned Count: %u\n", p->churn_partner_count);
	fputs("details actor lacp pdu:\n", out);
	fprintf(out, "    system priority: %d\n", p->actor_system_priority);
	fputs("    system mac address: ", out);
	put_mac(out, p->actor_system);
	fprintf(out, "\n    port key: %d\n", p->oper_key);
	fprintf(out, "    port priority: %d\n", p->priority);
	fprintf(out, "    port number: %d\n", p->number);
	fprintf(out, "    port state: %d\n", p->oper_state);
	fputs("details partner lacp pdu:\n", out);
	fprintf(out, "    system priority: %d\n", o->system_priority);
	fputs("    system mac address: ", out);
	put_mac(out, o->system);
	fprintf(out, "\n    oper key: %d\n", o->key);
	fprintf(out, "    port priority: %d\n", o->port_priority);
	fprintf(out, "    port number: %d\n", o->port_number);
	fprintf(out, "    port state: %d\n", o->port_state);
}
