// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * 802.3ad of a bond (drivers/net/bonding/bond_3ad.c), as it runs when
 * no partner speaks LACP: unetlink sends and receives no frame, so the
 * transmit and periodic machines (which only decide when to send) are
 * left out, and the receive machine never leaves the partner's
 * administrative defaults.  What remains is observable: each port
 * expires, then defaults; it selects an aggregator of its own (a
 * partner without a system never shares one); the bond makes one of
 * them active and enables its ports; the mux machine attaches a port
 * after the wait-while timer and marks it in sync while its aggregator
 * is active; the churn machine finds the partner (and an unsynced
 * actor) churned after a minute.  Timers count 100 ms ticks
 * (AD_TIMER_INTERVAL), run while the bond is up.  docs/state-machines.md
 * has the sequence with its times.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_bonding.h>
#include <linux/if_link.h>

#include "proto/route/link/bond.h"

#define AD_TICK_NS (100 * UNL_NSEC_PER_MSEC)
#define AD_TICKS_PER_SEC 10
/* seconds (43.4.4) */
#define AD_SHORT_TIMEOUT_TIME 3
#define AD_CHURN_DETECTION_TIME 60
#define AD_AGGREGATE_WAIT_TIME 2
#define AD_AGGREGATOR_SELECTION_TIMER 8
/* a tick callback that finds the clock far ahead (a suspended daemon,
 * a test's clock) runs this many ticks at most: every timer is shorter */
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
enum { AD_MUX_DUMMY, AD_MUX_DETACHED, AD_MUX_WAITING, AD_MUX_ATTACHED,
       AD_MUX_COLLECTING_DISTRIBUTING };
enum { AD_CHURN_MONITOR, AD_CHURN, AD_NO_CHURN };
/* ad_select (include/net/bond_3ad.h) */
enum { BOND_AD_STABLE, BOND_AD_BANDWIDTH, BOND_AD_COUNT };

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

/* agg_device_up(): its first port runs with carrier */
static bool agg_device_up(const struct ad_agg *a)
{
	const struct rtnl_link *dev;

	if (!a->lag_ports)
		return false;
	dev = a->lag_ports->slave->dev;
	return (dev->flags & IFF_UP) && dev->carrier;
}

/* __get_agg_bandwidth(): Mb/s of the first port times the ports */
static uint64_t agg_bandwidth(const struct ad_agg *a)
{
	uint32_t speed;
	bool full;

	if (!a->num_ports || ad_speed(a->lag_ports->slave) == 0)
		return 0;
	port_link(a->lag_ports->slave, &speed, &full);
	return (uint64_t)speed * a->num_ports;
}

/* ad_agg_selection_test(): aggregatable before individual, answering
 * partners first, then the policy (count, else bandwidth) */
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
	if (b->params.ad_select == BOND_AD_COUNT) {
		if (curr->num_ports > best->num_ports)
			return curr;
		if (curr->num_ports < best->num_ports)
			return best;
	}
	return agg_bandwidth(curr) > agg_bandwidth(best) ? curr : best;
}

/* ad_agg_selection_logic(): the best aggregator becomes the active one
 * (stable keeps the old one while it still has an enabled port and
 * neither has a partner); the ports of one without a partner are
 * enabled; the carrier follows. */
static void agg_selection_logic(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *active = active_agg(b), *best;

	best = active && agg_device_up(active) ? active : NULL;
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		s->agg.active = false;
		if (s->agg.num_ports && agg_device_up(&s->agg))
			best = selection_test(b, best, &s->agg);
	}
	if (best && b->params.ad_select == BOND_AD_STABLE && active &&
	    active->lag_ports && active->lag_ports->enabled &&
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

/* ---- the receive machine (never a LACPDU) ---- */

/* __record_default() */
static void record_default(struct ad_port *p)
{
	p->partner_oper = p->partner_admin;
	p->oper_state |= LACP_STATE_DEFAULTED;
}

/* __update_default_selected(): unselected if the defaults differ from
 * what the partner was */
static void update_default_selected(struct ad_port *p)
{
	const struct ad_params *a = &p->partner_admin, *o = &p->partner_oper;

	if (a->port_number != o->port_number ||
	    a->port_priority != o->port_priority ||
	    memcmp(a->system, o->system, ETH_ALEN) ||
	    a->system_priority != o->system_priority || a->key != o->key ||
	    (a->port_state & LACP_STATE_AGGREGATION) !=
		    (o->port_state & LACP_STATE_AGGREGATION))
		p->sm_vars &= ~AD_PORT_SELECTED;
}

static void rx_enter(struct ad_port *p, int state)
{
	switch (state) {
	case AD_RX_INITIALIZE:
		if (p->oper_key & AD_DUPLEX_KEY_MASKS)
			p->sm_vars |= AD_PORT_LACP_ENABLED;
		else
			p->sm_vars &= ~AD_PORT_LACP_ENABLED;
		p->sm_vars &= ~AD_PORT_SELECTED;
		record_default(p);
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		p->sm_vars &= ~AD_PORT_MOVED;
		p->rx_state = AD_RX_PORT_DISABLED;
		/* fall through */
	case AD_RX_PORT_DISABLED:
		p->sm_vars &= ~AD_PORT_MATCHED;
		break;
	case AD_RX_LACP_DISABLED:
		p->sm_vars &= ~AD_PORT_SELECTED;
		record_default(p);
		p->partner_oper.port_state &= (uint8_t)~LACP_STATE_AGGREGATION;
		p->sm_vars |= AD_PORT_MATCHED;
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	case AD_RX_EXPIRED:
		/* 6.x: the partner's timeout goes short, its sync away */
		p->partner_oper.port_state &=
			(uint8_t)~LACP_STATE_SYNCHRONIZATION;
		p->partner_oper.port_state |= LACP_STATE_LACP_TIMEOUT;
		p->sm_vars &= ~AD_PORT_MATCHED;
		p->rx_timer = AD_SHORT_TIMEOUT_TIME * AD_TICKS_PER_SEC;
		p->oper_state |= LACP_STATE_EXPIRED;
		p->sm_vars |= AD_PORT_CHURNED;
		break;
	case AD_RX_DEFAULTED:
		update_default_selected(p);
		record_default(p);
		p->sm_vars |= AD_PORT_MATCHED;
		p->oper_state &= (uint8_t)~LACP_STATE_EXPIRED;
		break;
	default:
		break;
	}
}

/* ad_rx_machine(NULL, port) */
static void rx_machine(struct ad_port *p)
{
	int last = p->rx_state;

	if (p->sm_vars & AD_PORT_BEGIN) {
		p->rx_state = AD_RX_INITIALIZE;
		p->sm_vars |= AD_PORT_CHURNED;
	} else if (!p->enabled && !(p->sm_vars & AD_PORT_MOVED)) {
		p->rx_state = AD_RX_PORT_DISABLED;
	} else if (p->rx_timer && !--p->rx_timer) {
		if (p->rx_state == AD_RX_EXPIRED)
			p->rx_state = AD_RX_DEFAULTED;
		else if (p->rx_state == AD_RX_CURRENT)
			p->rx_state = AD_RX_EXPIRED;
	} else if (p->rx_state == AD_RX_PORT_DISABLED) {
		if (p->sm_vars & AD_PORT_MOVED)
			p->rx_state = AD_RX_INITIALIZE;
		else if (p->enabled && (p->sm_vars & AD_PORT_LACP_ENABLED))
			p->rx_state = AD_RX_EXPIRED;
		else if (p->enabled)
			p->rx_state = AD_RX_LACP_DISABLED;
	}
	if (p->rx_state != last)
		rx_enter(p, p->rx_state);
}

/* ---- the mux machine ---- */

static void mux_enter(struct ad_port *p)
{
	switch (p->mux_state) {
	case AD_MUX_DETACHED:
		p->oper_state &= (uint8_t)~(LACP_STATE_SYNCHRONIZATION |
					    LACP_STATE_COLLECTING |
					    LACP_STATE_DISTRIBUTING);
		/* ad_disable_collecting_distributing(): only an
		 * aggregator with a partner disables its ports */
		if (p->agg && agg_has_partner(p->agg))
			disable_port(p);
		break;
	case AD_MUX_WAITING:
		p->mux_timer = AD_AGGREGATE_WAIT_TIME * AD_TICKS_PER_SEC;
		break;
	case AD_MUX_ATTACHED:
		if (p->agg->active)
			p->oper_state |= LACP_STATE_SYNCHRONIZATION;
		else
			p->oper_state &= (uint8_t)~LACP_STATE_SYNCHRONIZATION;
		p->oper_state &= (uint8_t)~(LACP_STATE_COLLECTING |
					    LACP_STATE_DISTRIBUTING);
		if (agg_has_partner(p->agg))
			disable_port(p);
		break;
	case AD_MUX_COLLECTING_DISTRIBUTING:
		p->oper_state |= LACP_STATE_COLLECTING |
				 LACP_STATE_DISTRIBUTING |
				 LACP_STATE_SYNCHRONIZATION;
		if (p->agg->active)
			enable_port(p);
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

/* ad_mux_machine(): no partner is ever in sync, so a port stops at
 * ATTACHED */
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
			if (!selected) {
				mux_unready(p);
				break;
			}
			if (p->mux_timer && !--p->mux_timer)
				p->sm_vars |= AD_PORT_READY_N;
			agg_update_ready(p->agg);
			if ((p->sm_vars & AD_PORT_READY) && !p->mux_timer)
				p->mux_state = AD_MUX_ATTACHED;
			break;
		case AD_MUX_ATTACHED:
			if (selected &&
			    (p->partner_oper.port_state &
			     LACP_STATE_SYNCHRONIZATION) &&
			    !bond(l)->ad.agg_select_timer) {
				if (p->agg->active)
					p->mux_state =
						AD_MUX_COLLECTING_DISTRIBUTING;
			} else if (!selected ||
				   (p->sm_vars & AD_PORT_STANDBY)) {
				mux_unready(p);
			} else if (p->agg->active) {
				p->oper_state |= LACP_STATE_SYNCHRONIZATION;
			}
			break;
		case AD_MUX_COLLECTING_DISTRIBUTING:
			if (!selected || (p->sm_vars & AD_PORT_STANDBY) ||
			    !(p->partner_oper.port_state &
			      LACP_STATE_SYNCHRONIZATION) ||
			    !(p->oper_state & LACP_STATE_SYNCHRONIZATION))
				p->mux_state = AD_MUX_ATTACHED;
			else if (p->agg->active && !port_is_enabled(p))
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
	if (p->sm_vars & AD_PORT_CHURNED) {
		p->sm_vars &= ~AD_PORT_CHURNED;
		p->churn_actor = p->churn_partner = AD_CHURN_MONITOR;
		p->churn_actor_timer = p->churn_partner_timer =
			AD_CHURN_DETECTION_TIME * AD_TICKS_PER_SEC;
		return;
	}
	if (p->churn_actor_timer && !--p->churn_actor_timer &&
	    p->churn_actor == AD_CHURN_MONITOR) {
		if (p->oper_state & LACP_STATE_SYNCHRONIZATION) {
			p->churn_actor = AD_NO_CHURN;
		} else {
			p->churn_actor_count++;
			p->churn_actor = AD_CHURN;
		}
	}
	if (p->churn_partner_timer && !--p->churn_partner_timer &&
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

static void ad_tick(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	if (!b->slaves)
		return;
	if (b->ad.agg_select_timer && !--b->ad.agg_select_timer) {
		agg_selection_logic(l);
		bond_3ad_set_carrier(l);
	}
	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		struct ad_port *p = &s->ad;

		if (!p->slave)
			return;
		rx_machine(p);
		port_selection_logic(l, p);
		mux_machine(l, p);
		churn_machine(p);
		p->sm_vars &= ~AD_PORT_BEGIN;
	}
}

/* The ticks due since the last one (AD_MAX_CATCH_UP at most), then the
 * next one armed a tick after the last one due. */
static void ad_tick_expired(struct unl_timer *t, void *data)
{
	struct rtnl_link *l = data;
	struct ad_bond *ad = &bond(l)->ad;
	int64_t now = unl_net_now(l->rn->net);
	int n = 0;

	while (ad->next_tick <= now) {
		if (n++ < AD_MAX_CATCH_UP)
			ad_tick(l);
		ad->next_tick += AD_TICK_NS;
		if (n >= AD_MAX_CATCH_UP && ad->next_tick <= now)
			ad->next_tick = now + AD_TICK_NS;
	}
	unl_timer_mod(t, ad->next_tick);
}

void bond_3ad_open(struct rtnl_link *l)
{
	struct ad_bond *ad = &bond(l)->ad;

	if (!ad->tick && unl_timer_new(l->rn->net, ad_tick_expired, l,
				       &ad->tick))
		return;
	/* bond_open(): the work queued at once, the aggregator chosen at
	 * its first run */
	ad->agg_select_timer = 1;
	ad->next_tick = unl_net_now(l->rn->net);
	unl_timer_mod(ad->tick, ad->next_tick);
}

void bond_3ad_close(struct rtnl_link *l)
{
	if (bond(l)->ad.tick)
		unl_timer_del(bond(l)->ad.tick);
}

void bond_3ad_destroy(struct rtnl_link *l)
{
	unl_timer_free(bond(l)->ad.tick);
	bond(l)->ad.tick = NULL;
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

	init_port(p, &b->params);
	p->slave = s;
	p->number = s->ad_id;
	p->admin_key = (uint16_t)(b->params.ad_user_port_key << 6);
	update_actor_keys(p, false);
	memcpy(p->actor_system, b->ad_sys_mac, ETH_ALEN);
	p->actor_system_priority = (uint16_t)b->ad_sys_prio;
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

/* bond_3ad_unbind_slave(): the port's own aggregator, if others use
 * it, is handed to a free one; the port leaves the aggregator it uses;
 * an active aggregator left empty makes the bond choose again. */
void bond_3ad_unbind_slave(struct rtnl_link *l, struct bond_slave *s)
{
	struct bond_priv *b = bond(l);
	struct ad_agg *agg = &s->agg;
	struct ad_port *port = &s->ad;
	bool reselect = false;

	if (!port->slave)
		return;
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
		if (!a->num_ports) {
			reselect = a->active;
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
	if (active && active->num_ports >= b->params.min_links) {
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
		info->ports = a->num_ports;
		info->actor_key = a->actor_oper_key;
		info->partner_key = a->partner_key;
		memcpy(info->partner_system, a->partner_system, ETH_ALEN);
		return 0;
	}
	return -1;
}

void bond_3ad_update_actor(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	for (struct bond_slave *s = b->slaves; s; s = s->next) {
		s->ad.actor_system_priority = (uint16_t)b->ad_sys_prio;
		memcpy(s->ad.actor_system, b->ad_sys_mac, ETH_ALEN);
	}
}

void bond_3ad_update_lacp_rate(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

	for (struct bond_slave *s = b->slaves; s; s = s->next)
		if (b->params.lacp_fast)
			s->ad.oper_state |= LACP_STATE_LACP_TIMEOUT;
		else
			s->ad.oper_state &= (uint8_t)~LACP_STATE_LACP_TIMEOUT;
}

void bond_3ad_update_lacp_active(struct rtnl_link *l)
{
	struct bond_priv *b = bond(l);

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
	n = unl_nla_nest_start(skb, IFLA_BOND_AD_INFO);
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
