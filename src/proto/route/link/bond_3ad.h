/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * 802.3ad (LACP) of a bond (drivers/net/bonding/bond_3ad.c): each port's
 * receive, periodic, selection, mux, transmit and churn machines and its
 * aggregator, run on the bond's 100 ms tick while it is up.  A LACPDU a
 * port sends reaches the port of another bond (or the same) at the
 * other end of its link (a veth's peer, in any net of the world); a port
 * whose peer speaks no LACP keeps the partner's administrative defaults.
 * The tick sleeps over ticks that can change nothing.
 * docs/state-machines.md has the machine as it runs here.
 */
#ifndef UNL_ROUTE_LINK_BOND_3AD_H
#define UNL_ROUTE_LINK_BOND_3AD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/if_bonding.h> /* struct ad_info */
#include <linux/if_ether.h>

struct rtnl_link;
struct bond_slave;
struct rtnl_frame;
struct unl_skb;
struct ad_port;

/* struct port_params: one end's LACP identity */
struct ad_params {
	uint8_t system[ETH_ALEN];
	uint16_t system_priority, key, port_number, port_priority;
	uint8_t port_state;
};

/* struct bond_3ad_stats: the LACPDUs and markers a port (or all the
 * bond's ports) sent and received.  Only LACPDUs travel here: the
 * marker counters and the unknown and illegal ones stay 0, as on Linux
 * where nothing but a bond's partner sends to its ports. */
struct ad_stats {
	uint64_t lacpdu_rx, lacpdu_tx, lacpdu_unknown_rx, lacpdu_illegal_rx;
	uint64_t marker_rx, marker_tx, marker_resp_rx, marker_resp_tx;
	uint64_t marker_unknown_rx;
};

/* struct aggregator: one per port, used by the ports that select it */
struct ad_agg {
	uint16_t id;
	bool individual, active;
	uint16_t actor_admin_key, actor_oper_key;
	uint8_t partner_system[ETH_ALEN];
	uint16_t partner_system_priority, partner_key;
	uint16_t num_ports;
	struct ad_port *lag_ports;
	struct bond_slave *slave;
};

/* A port's timers, in ticks: what a tick that changes nothing else
 * moves (the tick sleeps over such ticks). */
struct ad_timers {
	int rx;       /* current_while */
	int periodic; /* periodic */
	int mux;      /* wait_while */
	int tx;       /* at most 3 LACPDUs a second */
	int churn_actor, churn_partner;
};

/* struct port */
struct ad_port {
	struct bond_slave *slave; /* NULL: not bound */
	uint16_t number, priority;
	uint8_t actor_system[ETH_ALEN];
	uint16_t actor_system_priority;
	uint16_t admin_key, oper_key;
	uint8_t admin_state, oper_state;
	struct ad_params partner_admin, partner_oper;
	bool enabled;
	bool ntt; /* need to transmit */
	unsigned int sm_vars;
	int rx_state, periodic_state, mux_state;
	struct ad_timers t;
	int churn_actor, churn_partner;
	uint32_t churn_actor_count, churn_partner_count;
	struct ad_agg *agg;
	struct ad_port *next_in_agg;
};

/* BOND_AD_INFO(bond): what the bond keeps for 802.3ad */
struct ad_bond {
	uint16_t last_agg_id;
	int agg_select_timer; /* ticks */
	struct unl_timer *tick;
	/* while up: the time of the next tick not yet run (ticks fall on
	 * a 100 ms grid from the bond's opening) */
	int64_t next_tick;
	bool running;
	/* the last tick changed nothing but timers, and nothing happened
	 * since: the ticks until a timer fires change nothing either */
	bool settled;
	/* a tick runs; touched: something from outside came during it
	 * (a LACPDU one of its own ports sent another) */
	bool in_tick, touched;
	/* nanoseconds its ticks come before the grid (ad_turn()) */
	int64_t turn;
	/* its ports' counters summed, from the bond's creation on */
	struct ad_stats stats;
};

/* bond_3ad_initialize(): the first port of an 802.3ad bond */
void bond_3ad_initialize(struct rtnl_link *l);
/* bond_3ad_bind_slave() and bond_3ad_unbind_slave() (before the port
 * leaves the bond's list) */
void bond_3ad_bind_slave(struct rtnl_link *l, struct bond_slave *s);
void bond_3ad_unbind_slave(struct rtnl_link *l, struct bond_slave *s);
/* A port's device changed (flags, carrier): the next tick looks at it
 * (the tick may be asleep over ticks that could change nothing). */
void bond_3ad_port_event(struct rtnl_link *l);
/* bond_3ad_handle_link_change(): s's link went up or down */
void bond_3ad_handle_link_change(struct rtnl_link *l, struct bond_slave *s,
				 bool up);
/* The tick starts when the bond opens and stops when it closes. */
/* bond_3ad_lacpdu_recv(), the 802.3ad bond's recv_probe: a LACPDU f on
 * its port s taken (true), or left to go on. */
bool bond_3ad_lacpdu_recv(struct rtnl_link *l, struct bond_slave *s,
			  const struct rtnl_frame *f);
void bond_3ad_open(struct rtnl_link *l);
void bond_3ad_close(struct rtnl_link *l);
void bond_3ad_destroy(struct rtnl_link *l);
/* bond_3ad_set_carrier() */
void bond_3ad_set_carrier(struct rtnl_link *l);
/* bond_3ad_get_active_agg_info(): 0, or -1 without an active aggregator */
int bond_3ad_active_info(const struct rtnl_link *l, struct ad_info *info);
/* bond_3ad_update_ad_actor_settings(), bond_3ad_update_lacp_rate(),
 * bond_3ad_update_lacp_active(): the ports follow the options */
void bond_3ad_update_actor(struct rtnl_link *l);
void bond_3ad_update_lacp_rate(struct rtnl_link *l);
void bond_3ad_update_lacp_active(struct rtnl_link *l);
/* For tests: every tick runs (on) as when the tick did not sleep, to
 * compare with the sleeping one (off, the default). */
void bond_3ad_debug_always_tick(bool on);
/* IFLA_BOND_AD_INFO, and a port's IFLA_BOND_SLAVE_AD_* */
int bond_3ad_fill_info(struct unl_skb *skb, const struct rtnl_link *l);
int bond_3ad_fill_slave(struct unl_skb *skb, const struct bond_slave *s);
/* bond_fill_linkxstats(): LINK_XSTATS_TYPE_BOND of the bond l (attr
 * IFLA_STATS_LINK_XSTATS) or of its port l (IFLA_STATS_LINK_XSTATS_SLAVE),
 * with BOND_XSTATS_3AD in 802.3ad mode */
int bond_3ad_fill_linkxstats(struct unl_skb *skb, const struct rtnl_link *l,
			     int *prividx, int attr);
/* /proc/net/bonding: the 802.3ad lines of a port */
void bond_3ad_proc_slave(FILE *out, const struct bond_slave *s);

#endif
