// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An 802.3ad bond whose veth ports face peers that speak no LACP, on
 * the wire (RTM_GETLINK's IFLA_BOND_AD_INFO and IFLA_BOND_SLAVE_AD_*)
 * and in /proc/net/bonding, with the net's clock moved by hand: the
 * states and times of docs/state-machines.md, the values Linux 6.12
 * showed for the same steps (bonding in a virtual machine: port keys
 * 15, actor states 197 while expired, then 77 in sync and 69 not,
 * partner 2 then 0; the active aggregator moves when its port loses
 * carrier or leaves; the port numbers and aggregator ids that follow).
 */
#include "rtnl_helpers.h"

#include <linux/if_bonding.h>

#include <unetlink/files.h>

#include "proto/route/link/bond_3ad.h"

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

static int64_t test_now;
static const int64_t ms = UNL_NSEC_PER_MSEC;

static int64_t test_clock(void *user)
{
	(void)user;
	return test_now;
}

static void set_master(struct fx *f, const char *dev, const char *master)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));

	ifm->ifi_index = link_index(f, dev);
	req_u32(&r, IFLA_MASTER, master ? (uint32_t)link_index(f, master) : 0);
	check_req(f, &r, 0, "");
}

static void set_up(struct fx *f, const char *dev, bool up)
{
	assert_int_equal(link_set_flags(f, link_index(f, dev), up ? IFF_UP : 0),
			 0);
}

static void veth_pair(struct fx *f, const char *a, const char *b, int n)
{
	uint8_t mac[ETH_ALEN] = { 2, 0, 0, 0, (uint8_t)n, 1 };
	struct req r;

	assert_int_equal(veth_add(f, a, b), 0);
	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	((struct ifinfomsg *)NLMSG_DATA(r.nlh))->ifi_index = link_index(f, a);
	req_put(&r, IFLA_ADDRESS, mac, ETH_ALEN);
	check_req(f, &r, 0, "");
}

/* b0 (02:00:00:00:00:10), 802.3ad, with s1..s3 whose peers p1 and p2
 * are up and p3 down; nothing is up yet. */
static void bond_setup(struct fx *f, uint8_t lacp_fast, uint8_t ad_select)
{
	static const uint8_t mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 0x10 };
	char s[4], p[4];
	struct req r;

	test_now = 1000 * UNL_NSEC_PER_SEC;
	unl_debug_set_clock(f->net, test_clock, NULL);
	for (int i = 1; i <= 3; i++) {
		snprintf(s, sizeof(s), "s%d", i);
		snprintf(p, sizeof(p), "p%d", i);
		veth_pair(f, s, p, i);
	}
	set_up(f, "p1", true);
	set_up(f, "p2", true);
	link_req(&r, "b0", "bond", true);
	req_u8(&r, IFLA_BOND_MODE, BOND_MODE_8023AD);
	req_u8(&r, IFLA_BOND_AD_LACP_RATE, lacp_fast);
	req_u8(&r, IFLA_BOND_AD_SELECT, ad_select);
	link_req_end(&r);
	req_put(&r, IFLA_ADDRESS, mac, ETH_ALEN);
	check_req(f, &r, 0, "");
	set_master(f, "s1", "b0");
	set_master(f, "s2", "b0");
	set_master(f, "s3", "b0");
}

/* The clock at ms after the bond came up (its first tick). */
static void at(int64_t up, int64_t msec)
{
	test_now = up + msec * ms;
}

struct ad_view {
	bool has_info, carrier;
	uint16_t agg, ports, actor_key, partner_key;
	uint8_t partner_mac[ETH_ALEN];
};

static struct ad_view bond_view(struct fx *f)
{
	struct nlmsghdr *nlh = link_msg(f, "b0");
	const struct nlattr *info = nested(linkinfo(nlh, IFLA_INFO_DATA),
					   IFLA_BOND_AD_INFO);
	struct ad_view v = { 0 };

	v.carrier = unl_nla_get_u8(attr(nlh, sizeof(struct ifinfomsg),
					IFLA_CARRIER));
	if (!info)
		return v;
	v.has_info = true;
	v.agg = unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_AGGREGATOR));
	v.ports = unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_NUM_PORTS));
	v.actor_key = unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_ACTOR_KEY));
	v.partner_key =
		unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_PARTNER_KEY));
	memcpy(v.partner_mac,
	       unl_nla_data(nested(info, IFLA_BOND_AD_INFO_PARTNER_MAC)),
	       ETH_ALEN);
	return v;
}

struct port_view {
	bool has_ad;
	uint8_t state; /* IFLA_BOND_SLAVE_STATE: 1 backup */
	uint16_t agg, partner;
	uint8_t actor;
};

static struct port_view port_view(struct fx *f, const char *name)
{
	const struct nlattr *sd = linkinfo(link_msg(f, name),
					   IFLA_INFO_SLAVE_DATA);
	const struct nlattr *a = nested(sd, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID);
	struct port_view v = { 0 };

	assert_non_null(sd);
	v.state = unl_nla_get_u8(nested(sd, IFLA_BOND_SLAVE_STATE));
	if (!a)
		return v;
	v.has_ad = true;
	v.agg = unl_nla_get_u16(a);
	v.actor = unl_nla_get_u8(
		nested(sd, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE));
	v.partner = unl_nla_get_u16(
		nested(sd, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE));
	return v;
}

static void check_port(struct fx *f, const char *name, uint16_t agg,
		       uint8_t actor, uint16_t partner, bool backup)
{
	struct port_view v = port_view(f, name);

	assert_true(v.has_ad);
	assert_int_equal(v.agg, agg);
	assert_int_equal(v.actor, actor);
	assert_int_equal(v.partner, partner);
	assert_int_equal(v.state, backup);
}

static void check_active(struct fx *f, uint16_t agg, uint16_t ports)
{
	static const uint8_t zero[ETH_ALEN];
	struct ad_view v = bond_view(f);

	assert_true(v.has_info);
	assert_true(v.carrier);
	assert_int_equal(v.agg, agg);
	assert_int_equal(v.ports, ports);
	assert_int_equal(v.actor_key, 15); /* 10 Gb/s (7), full duplex */
	assert_int_equal(v.partner_key, 1);
	assert_memory_equal(v.partner_mac, zero, ETH_ALEN);
}

/* The file at path, NUL-terminated, into buf. */
static void read_file(struct fx *f, const char *path, char *buf, size_t size)
{
	struct unl_file file;

	assert_int_equal(unl_net_file_get(f->net, path, &file), 0);
	assert_true(file.len < size);
	memcpy(buf, file.data, file.len);
	buf[file.len] = 0;
	unl_file_release(&file);
}

/* The text of port's part of /proc/net/bonding/b0, from its
 * "Slave Interface" line. */
static const char *proc_port(const char *text, const char *port)
{
	char line[64];
	const char *p;

	snprintf(line, sizeof(line), "Slave Interface: %s\n", port);
	p = strstr(text, line);
	assert_non_null(p);
	return p;
}

/* Expired (short timeout) 0.1 s after the bond opens, defaulted at
 * 3.1 s; the first port's aggregator is active at once, its port in
 * sync once attached at 2.1 s; a port without carrier has key 0 and
 * takes no part in LACP. */
static void test_ad_no_partner(void **state)
{
	struct fx *f = *state;
	int64_t up;
	char text[8192];
	struct ad_view v;

	bond_setup(f, 0, 0);
	v = bond_view(f);
	assert_false(v.has_info);
	assert_false(v.carrier);
	assert_false(port_view(f, "s1").has_ad);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(text, "bond b0 has no active aggregator\n"));
	assert_non_null(strstr(proc_port(text, "s1"), "Aggregator ID: N/A\n"));

	up = test_now;
	set_up(f, "b0", true);
	/* the first tick: each port in its own aggregator, the first
	 * active and its port enabled */
	check_active(f, 1, 1);
	check_port(f, "s1", 1, 69, 0, false);
	check_port(f, "s2", 2, 69, 0, true);
	check_port(f, "s3", 3, 69, 0, true);
	at(up, 100);
	check_port(f, "s1", 1, 197, 2, false);
	check_port(f, "s2", 2, 197, 2, true);
	check_port(f, "s3", 3, 69, 0, true); /* LACP off: key 0 */
	at(up, 2000);
	check_port(f, "s1", 1, 197, 2, false);
	at(up, 2100);
	check_port(f, "s1", 1, 205, 2, false);
	at(up, 3000);
	check_port(f, "s1", 1, 205, 2, false);
	at(up, 3100);
	check_port(f, "s1", 1, 77, 0, false);
	check_port(f, "s2", 2, 69, 0, true);
	check_active(f, 1, 1);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(text, "Active Aggregator Info:\n"
				     "\tAggregator ID: 1\n"
				     "\tNumber of ports: 1\n"
				     "\tActor Key: 15\n"
				     "\tPartner Key: 1\n"
				     "\tPartner Mac Address: 00:00:00:00:00:00\n"));
	assert_non_null(strstr(proc_port(text, "s1"),
			       "Aggregator ID: 1\n"
			       "Actor Churn State: monitoring\n"
			       "Partner Churn State: monitoring\n"));
	assert_non_null(strstr(proc_port(text, "s3"), "    port key: 0\n"
						      "    port priority: 255\n"
						      "    port number: 3\n"
						      "    port state: 69\n"));
	/* a minute after the last expiry the partner has churned, and
	 * so has each actor out of sync */
	at(up, 60000);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(proc_port(text, "s1"),
			       "Actor Churn State: monitoring\n"));
	at(up, 60100);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(proc_port(text, "s1"),
			       "Actor Churn State: none\n"
			       "Partner Churn State: churned\n"
			       "Actor Churned Count: 0\n"
			       "Partner Churned Count: 1\n"));
	assert_non_null(strstr(proc_port(text, "s2"),
			       "Actor Churn State: churned\n"
			       "Partner Churn State: churned\n"
			       "Actor Churned Count: 1\n"));
	read_file(f, "/sys/class/net/s2/bonding_slave/ad_actor_oper_port_state",
		  text, sizeof(text));
	assert_string_equal(text, "69\n");
	read_file(f, "/sys/class/net/b0/bonding/ad_aggregator", text,
		  sizeof(text));
	assert_string_equal(text, "1\n");
}

/* The active port loses carrier: key 0, the next aggregator active at
 * once; back, it starts over (expired) and stable keeps the new one;
 * the active port leaving hands it back; a port that comes back takes
 * the next number and aggregator id. */
static void test_ad_failover(void **state)
{
	struct fx *f = *state;
	int64_t up;
	char text[8192];

	bond_setup(f, 0, 0);
	set_up(f, "p3", true);
	up = test_now;
	set_up(f, "b0", true);
	at(up, 3100);
	check_port(f, "s1", 1, 77, 0, false);
	check_port(f, "s3", 3, 69, 0, true);
	set_up(f, "p1", false);
	check_active(f, 2, 1);
	check_port(f, "s1", 1, 77, 0, true);
	at(up, 3200);
	check_port(f, "s2", 2, 77, 0, false);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(proc_port(text, "s1"), "    port key: 0\n"));
	set_up(f, "p1", true);
	/* its speed is new: the port begins again (initialized on the
	 * next tick, expired on the one after) */
	at(up, 3300);
	check_port(f, "s1", 1, 69, 0, true);
	at(up, 3400);
	check_port(f, "s1", 1, 197, 2, true);
	check_active(f, 2, 1);
	at(up, 10000);
	check_port(f, "s1", 1, 69, 0, true);
	set_master(f, "s2", NULL);
	check_active(f, 1, 1);
	check_port(f, "s1", 1, 69, 0, false);
	at(up, 10100);
	check_port(f, "s1", 1, 77, 0, false);
	set_master(f, "s2", "b0");
	at(up, 10200);
	check_port(f, "s2", 4, 69, 0, true);
	read_file(f, "/proc/net/bonding/b0", text, sizeof(text));
	assert_non_null(strstr(proc_port(text, "s2"), "    port number: 4\n"));
	/* down, the bond keeps what it found (and its carrier) */
	set_up(f, "b0", false);
	check_active(f, 1, 1);
}

/* lacp_rate fast and lacp_active off show in the actor's state; min_links
 * above the active aggregator's ports takes the carrier away. */
static void test_ad_options(void **state)
{
	struct fx *f = *state;
	int64_t up;
	struct req r;

	bond_setup(f, 1, 2);
	up = test_now;
	set_up(f, "b0", true);
	at(up, 3100);
	check_port(f, "s1", 1, 79, 0, false);
	check_port(f, "s2", 2, 71, 0, true);
	set_up(f, "b0", false);
	link_req(&r, "b0", "bond", false);
	req_u8(&r, IFLA_BOND_AD_LACP_ACTIVE, 0);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	set_up(f, "b0", true);
	check_port(f, "s1", 1, 78, 0, false);
	check_port(f, "s2", 2, 70, 0, true);
	link_req(&r, "b0", "bond", false);
	req_u32(&r, IFLA_BOND_MIN_LINKS, 2);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	assert_false(bond_view(f).carrier);
	assert_true(bond_view(f).has_info);
}

/* A port's actor_port_prio (IFLA_BOND_SLAVE_ACTOR_PORT_PRIO) on s1. */
static void set_port_prio(struct fx *f, uint16_t prio, int err,
			  const char *msg)
{
	struct req r;

	link_req(&r, "s1", NULL, false);
	req_str(&r, IFLA_INFO_SLAVE_KIND, "bond");
	req_nest(&r, IFLA_INFO_SLAVE_DATA);
	req_u16(&r, IFLA_BOND_SLAVE_ACTOR_PORT_PRIO, prio);
	link_req_end(&r);
	check_req(f, &r, err, msg);
}

static uint16_t port_prio(struct fx *f, const char *name)
{
	const struct nlattr *sd = linkinfo(link_msg(f, name),
					   IFLA_INFO_SLAVE_DATA);
	const struct nlattr *a = nested(sd, IFLA_BOND_SLAVE_ACTOR_PORT_PRIO);

	assert_non_null(a);
	return unl_nla_get_u16(a);
}

/* actor_port_prio: 255 until set, stored and dumped in 802.3ad with or
 * without an aggregator, refused in other modes (and not dumped). */
static void test_ad_port_prio(void **state)
{
	struct fx *f = *state;
	uint32_t one = 1;
	struct req r;

	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	bond_setup(f, 0, 3);
	assert_int_equal(port_prio(f, "s1"), 255);
	set_port_prio(f, 10, 0, "");
	assert_int_equal(port_prio(f, "s1"), 10);
	assert_int_equal(port_prio(f, "s2"), 255);
	set_port_prio(f, 65535, 0, "");
	assert_int_equal(port_prio(f, "s1"), 65535);
	set_master(f, "s1", NULL);
	link_req(&r, "b1", "bond", true);
	req_u8(&r, IFLA_BOND_MODE, BOND_MODE_ACTIVEBACKUP);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	set_master(f, "s1", "b1");
	set_port_prio(f, 7, -EACCES, "option not supported in mode");
	assert_null(nested(linkinfo(link_msg(f, "s1"), IFLA_INFO_SLAVE_DATA),
			   IFLA_BOND_SLAVE_ACTOR_PORT_PRIO));
}

/* An 802.3ad bond called name (address 02:00:00:00:00:mac, slow rate,
 * ad_select as given), down, with the ports given (down: a bond takes
 * no port that is up, and brings it up). */
static void bond_make(struct fx *f, const char *name, uint8_t mac,
		      uint8_t ad_select, const char *p1, const char *p2)
{
	const uint8_t addr[ETH_ALEN] = { 2, 0, 0, 0, 0, mac };
	struct req r;

	link_req(&r, name, "bond", true);
	req_u8(&r, IFLA_BOND_MODE, BOND_MODE_8023AD);
	req_u8(&r, IFLA_BOND_AD_SELECT, ad_select);
	link_req_end(&r);
	req_put(&r, IFLA_ADDRESS, addr, ETH_ALEN);
	check_req(f, &r, 0, "");
	if (p1)
		set_master(f, p1, name);
	if (p2)
		set_master(f, p2, name);
}

/* The AD info of bond name: aggregator, ports, partner key and the last
 * byte of the partner's MAC */
static void check_agg(struct fx *f, const char *name, uint16_t agg,
		      uint16_t ports, uint16_t partner_key, uint8_t partner)
{
	const struct nlattr *info = nested(
		linkinfo(link_msg(f, name), IFLA_INFO_DATA), IFLA_BOND_AD_INFO);
	const uint8_t *mac;

	assert_non_null(info);
	assert_int_equal(
		unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_AGGREGATOR)),
		agg);
	assert_int_equal(
		unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_NUM_PORTS)),
		ports);
	assert_int_equal(
		unl_nla_get_u16(nested(info, IFLA_BOND_AD_INFO_PARTNER_KEY)),
		partner_key);
	mac = unl_nla_data(nested(info, IFLA_BOND_AD_INFO_PARTNER_MAC));
	assert_int_equal(mac[5], partner);
}

/* The clock moved to msec after up through every deadline on the way,
 * each timer running at its own (unl_net_clock_advance(), what `unetlink
 * clock advance` does): bonds facing each other take turns as they
 * would in time.  (Jumping there at once, each bond would catch up on
 * its own ticks in one go, as after a stall.) */
static void step_to(struct fx *f, int64_t up, int64_t msec)
{
	assert_int_equal(
		unl_net_clock_advance(f->net,
				      up + msec * ms - unl_net_now(f->net)),
		0);
}

/* How many times a daemon's event loop wakes for the net's timers over
 * the next msec of the clock (it sleeps until the next deadline, then
 * runs what is due). */
static int wakeups(struct fx *f, int64_t msec)
{
	int64_t end = test_now + msec * ms;
	int n = 0;

	for (;;) {
		int64_t left = unl_net_timer_timeout(f->net);

		if (left < 0 || test_now + left > end)
			break;
		test_now += left;
		unl_net_run_timers(f->net);
		n++;
	}
	test_now = end;
	return n;
}

/* b0's s1 and s2 face b1's p1 and p2 (slow rate): both bonds put them in
 * one aggregator with the other as partner, all in sync, collecting and
 * distributing (61 both ways), as Linux 6.12 did (bond-lacp.expected);
 * s3, whose peer is down, keeps an aggregator of its own.  Settled, the
 * bonds wake only for their periodic LACPDUs (every 30 s at the slow
 * rate), not every 100 ms; a port's peer going down wakes them at the
 * next tick, and s2 stops collecting and distributing (in sync, 13), its
 * partner out of sync (53). */
static void test_ad_negotiate(void **state)
{
	struct fx *f = *state;
	int64_t up;

	bond_setup(f, 0, 0);
	set_up(f, "p1", false);
	set_up(f, "p2", false);
	bond_make(f, "b1", 0x11, 0, "p1", "p2");
	up = test_now;
	set_up(f, "b1", true);
	set_up(f, "b0", true);
	step_to(f, up, 5000);
	check_agg(f, "b0", 1, 2, 15, 0x11);
	check_agg(f, "b1", 1, 2, 15, 0x10);
	check_port(f, "s1", 1, 61, 61, false);
	check_port(f, "s2", 1, 61, 61, false);
	check_port(f, "s3", 3, 69, 0, true);
	check_port(f, "p1", 1, 61, 61, false);
	check_port(f, "p2", 1, 61, 61, false);
	assert_true(bond_view(f).carrier);
	/* past every churn timer: only the periodic machine runs */
	step_to(f, up, 65000);
	assert_int_equal(wakeups(f, 1000), 0);
	assert_in_range(wakeups(f, 30000), 1, 8);
	check_port(f, "s1", 1, 61, 61, false);
	check_port(f, "p2", 1, 61, 61, false);
	/* p2 goes down: s2 and p2 leave sync, the others stay */
	set_up(f, "p2", false);
	assert_in_range(unl_net_timer_timeout(f->net), 1, 100 * ms);
	assert_in_range(wakeups(f, 4000), 1, 40);
	check_port(f, "s1", 1, 61, 61, false);
	check_port(f, "s2", 1, 13, 53, true);
	check_agg(f, "b0", 1, 1, 15, 0x11);
}

/* ad_select actor_port_prio: of two aggregators with answering partners
 * (s1 facing b1, s2 facing b2), the one whose enabled ports' priorities
 * sum higher is active; bandwidth keeps the first on a tie. */
static void test_ad_select_port_prio(void **state)
{
	struct fx *f = *state;
	int64_t up;
	struct req r;

	bond_setup(f, 0, 3);
	set_up(f, "p1", false);
	set_up(f, "p2", false);
	bond_make(f, "b1", 0x11, 0, "p1", NULL);
	bond_make(f, "b2", 0x12, 0, "p2", NULL);
	link_req(&r, "s2", NULL, false);
	req_str(&r, IFLA_INFO_SLAVE_KIND, "bond");
	req_nest(&r, IFLA_INFO_SLAVE_DATA);
	req_u16(&r, IFLA_BOND_SLAVE_ACTOR_PORT_PRIO, 1000);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	up = test_now;
	set_up(f, "b1", true);
	set_up(f, "b2", true);
	set_up(f, "b0", true);
	step_to(f, up, 5000);
	check_agg(f, "b0", 2, 1, 15, 0x12);
	check_port(f, "s2", 2, 61, 61, false);
	check_port(f, "s1", 1, 5, 13, true);
	/* bandwidth: the same ports, the first aggregator wins the tie */
	set_up(f, "b0", false);
	link_req(&r, "b0", "bond", false);
	req_u8(&r, IFLA_BOND_AD_SELECT, 1);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	set_master(f, "s1", NULL);
	set_master(f, "s1", "b0");
	up = test_now;
	set_up(f, "b0", true);
	step_to(f, up, 10000);
	check_agg(f, "b0", 2, 1, 15, 0x12);
}

/* An open 802.3ad bond with nothing to do (no port) sets no timer at
 * all: the daemon does not wake for it. */
static void test_ad_idle(void **state)
{
	struct fx *f = *state;

	test_now = 1000 * UNL_NSEC_PER_SEC;
	unl_debug_set_clock(f->net, test_clock, NULL);
	bond_make(f, "b0", 0x10, 0, NULL, NULL);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
	set_up(f, "b0", true);
	assert_int_equal(wakeups(f, 60000), 0);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
}

/* What a user sees of both bonds at one time, appended to out: their
 * /proc/net/bonding files (every port's aggregator, states, partner
 * and churn) and their carriers. */
static void observe(struct fx *f, char *out, size_t size)
{
	static const char *const bonds[] = { "b0", "b1" };
	char text[8192], path[64];
	size_t len = strlen(out);

	for (size_t i = 0; i < 2; i++) {
		struct nlmsghdr *nlh = link_msg(f, bonds[i]);

		snprintf(path, sizeof(path), "/proc/net/bonding/%s", bonds[i]);
		read_file(f, path, text, sizeof(text));
		len += (size_t)snprintf(out + len, size - len, "%s carrier %d\n%s",
					bonds[i],
					unl_nla_get_u8(attr(nlh,
							    sizeof(struct ifinfomsg),
							    IFLA_CARRIER)),
					text);
		assert_true(len < size);
	}
}

/* Two fast-rate bonds negotiating, a port's peer down and back, a port
 * leaving and coming back, observed every 100 ms for 75 s (past the
 * churn timers): what the sleeping tick shows is what ticking every
 * 100 ms showed, at every step. */
static void run_scenario(struct fx *f, char *out, size_t size)
{
	int64_t up;

	bond_setup(f, 1, 0);
	set_up(f, "p1", false);
	set_up(f, "p2", false);
	bond_make(f, "b1", 0x11, 0, "p1", "p2");
	up = test_now;
	set_up(f, "b0", true);
	step_to(f, up, 300);
	set_up(f, "b1", true);
	out[0] = 0;
	for (int64_t t = 300; t <= 75000; t += 100) {
		if (t == 6000)
			set_up(f, "p2", false);
		if (t == 9050)
			set_up(f, "p2", true);
		if (t == 20000)
			set_master(f, "s1", NULL);
		if (t == 23000)
			set_master(f, "s1", "b0");
		step_to(f, up, t);
		if (t % 1000 == 0 || (t > 5000 && t < 30000))
			observe(f, out + strlen(out), size - strlen(out));
	}
}

static void test_ad_sleep_same(void **state)
{
	static char slept[1 << 22], ticked[1 << 22];
	void *st = NULL;

	(void)state;
	assert_int_equal(setup(&st), 0);
	run_scenario(st, slept, sizeof(slept));
	teardown(&st);
	bond_3ad_debug_always_tick(true);
	assert_int_equal(setup(&st), 0);
	run_scenario(st, ticked, sizeof(ticked));
	teardown(&st);
	bond_3ad_debug_always_tick(false);
	if (strcmp(slept, ticked)) {
		size_t i = 0;

		while (slept[i] == ticked[i])
			i++;
		while (i && slept[i - 1] != '\n')
			i--;
		{
			int steps = 0;

			for (const char *c = slept; c < slept + i;
			     c = strstr(c, "b0 carrier"), c = c ? c + 1 : slept + i)
				steps++;
			fprintf(stderr, "observation %d\nslept: %.1500s\nticked: %.1500s\n",
				steps, slept + i, ticked + i);
		}
		fail();
	}
	/* and they negotiated */
	assert_non_null(strstr(slept, "port state: 63"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ad_no_partner, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ad_failover, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ad_options, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ad_port_prio, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ad_negotiate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ad_select_port_prio,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ad_idle, setup, teardown),
		cmocka_unit_test(test_ad_sleep_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
