// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bond's files (drivers/net/bonding/bond_procfs.c, bond_sysfs.c,
 * bond_sysfs_slave.c): /proc/net/bonding/NAME, the bond's bonding/
 * directory and its ports' bonding_slave/ (sysfs.c asks), and
 * /sys/class/net/bonding_masters of each net once the module is
 * loaded.  A write to an option's file is bond_opt_tryset_rtnl() of
 * its text (bond.c parses it as bond_opt_parse() does); slaves and
 * bonding_masters run the rtnetlink request that does the same, as
 * from the kernel.  tests/clients/bond-files.sh compares all of it
 * with what Linux 6.12 printed.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <unetlink/files.h>
#include <unetlink/kernel.h>

#include "proto/route/link/bond.h"
#include "proto/route/route-private.h"

#define DRV_NAME "bonding"
#define PROC_PATH_MAX (sizeof(DRV_NAME) + IFNAMSIZ + 1)

/* ---- /proc/net/bonding ---- */

/* bond_mode_name() */
static const char *mode_name(int mode)
{
	static const char *const names[] = {
		[BOND_MODE_ROUNDROBIN] = "load balancing (round-robin)",
		[BOND_MODE_ACTIVEBACKUP] = "fault-tolerance (active-backup)",
		[BOND_MODE_XOR] = "load balancing (xor)",
		[BOND_MODE_BROADCAST] = "fault-tolerance (broadcast)",
		[BOND_MODE_8023AD] = "IEEE 802.3ad Dynamic link aggregation",
		[BOND_MODE_TLB] = "transmit load balancing",
		[BOND_MODE_ALB] = "adaptive load balancing",
	};

	return mode >= 0 && mode <= BOND_MODE_ALB ? names[mode] : "unknown";
}

/* bond_slave_link_status() */
static const char *link_status(int link)
{
	switch (link) {
	case BOND_LINK_UP:
		return "up";
	case BOND_LINK_FAIL:
		return "going down";
	case BOND_LINK_DOWN:
		return "down";
	case BOND_LINK_BACK:
		return "going back";
	default:
		return "unknown";
	}
}

/* bond_mode_uses_xmit_hash() */
static bool uses_xmit_hash(const struct bond_params *p)
{
	return p->mode == BOND_MODE_XOR || p->mode == BOND_MODE_8023AD ||
	       (p->mode == BOND_MODE_TLB && !p->tlb_dynamic_lb);
}

static void put_mac(FILE *out, const uint8_t *m)
{
	fprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		m[4], m[5]);
}

/* the IPv6 targets, as far as the first unset one */
static void proc_show_ns(FILE *out, const struct bond_params *p)
{
	static const uint8_t any[16];
	char a[INET6_ADDRSTRLEN];

	fputs("NS IPv6 target/s (xx::xx form):", out);
	for (int i = 0; i < BOND_MAX_NS_TARGETS &&
			memcmp(p->ns_targets[i], any, 16);
	     i++)
		fprintf(out, "%s %s", i ? "," : "",
			inet_ntop(AF_INET6, p->ns_targets[i], a, sizeof(a)));
	fputc('\n', out);
}

static void proc_show_arp(FILE *out, const struct bond_params *p)
{
	char a[INET_ADDRSTRLEN];

	if (p->arp_interval <= 0)
		return;
	fprintf(out, "ARP Polling Interval (ms): %d\n", p->arp_interval);
	fprintf(out, "ARP Missed Max: %u\n", (unsigned int)p->missed_max);
	fputs("ARP IP target/s (n.n.n.n form):", out);
	for (int i = 0; i < BOND_MAX_ARP_TARGETS && p->arp_targets[i]; i++)
		fprintf(out, "%s %s", i ? "," : "",
			inet_ntop(AF_INET, &p->arp_targets[i], a, sizeof(a)));
	fputc('\n', out);
	proc_show_ns(out, p);
}

/* The 802.3ad part, with the active aggregator (bond_3ad.c). */
static void proc_show_ad(FILE *out, const struct rtnl_link *l)
{
	const struct bond_params *p = &bond(l)->params;
	uint8_t mac[ETH_ALEN];
	struct ad_info info;
	int prio;

	fputs("\n802.3ad info\n", out);
	fprintf(out, "LACP active: %s\n", p->lacp_active ? "on" : "off");
	fprintf(out, "LACP rate: %s\n", p->lacp_fast ? "fast" : "slow");
	fprintf(out, "Min links: %d\n", p->min_links);
	fprintf(out, "Aggregator selection policy (ad_select): %s\n",
		bond_opt_value_name("ad_select", p->ad_select));
	bond_ad_system(l, &prio, mac);
	fprintf(out, "System priority: %d\n", prio);
	fputs("System MAC address: ", out);
	put_mac(out, mac);
	fputc('\n', out);
	if (bond_3ad_active_info(l, &info)) {
		fprintf(out, "bond %s has no active aggregator\n", l->name);
		return;
	}
	fputs("Active Aggregator Info:\n", out);
	fprintf(out, "\tAggregator ID: %d\n", info.aggregator_id);
	fprintf(out, "\tNumber of ports: %d\n", info.ports);
	fprintf(out, "\tActor Key: %d\n", info.actor_key);
	fprintf(out, "\tPartner Key: %d\n", info.partner_key);
	fputs("\tPartner Mac Address: ", out);
	put_mac(out, info.partner_system);
	fputc('\n', out);
}

/* bond_info_show_master() */
static void proc_show_master(FILE *out, const struct rtnl_link *l)
{
	const struct bond_priv *b = bond(l);
	const struct bond_params *p = &b->params;

	fprintf(out, "Bonding Mode: %s", mode_name(p->mode));
	if (p->mode == BOND_MODE_ACTIVEBACKUP && p->fail_over_mac)
		fprintf(out, " (fail_over_mac %s)",
			bond_opt_value_name("fail_over_mac", p->fail_over_mac));
	fputc('\n', out);
	if (uses_xmit_hash(p))
		fprintf(out, "Transmit Hash Policy: %s (%d)\n",
			bond_opt_value_name("xmit_hash_policy",
					    p->xmit_policy),
			p->xmit_policy);
	if (bond_uses_primary(b)) {
		fprintf(out, "Primary Slave: %s",
			b->primary_slave ? b->primary_slave->dev->name
					 : "None");
		if (b->primary_slave)
			fprintf(out, " (primary_reselect %s)",
				bond_opt_value_name("primary_reselect",
						    p->primary_reselect));
		fprintf(out, "\nCurrently Active Slave: %s\n",
			b->curr_active ? b->curr_active->dev->name : "None");
	}
	fprintf(out, "MII Status: %s\n", l->carrier ? "up" : "down");
	fprintf(out, "MII Polling Interval (ms): %d\n", p->miimon);
	fprintf(out, "Up Delay (ms): %d\n", p->updelay * p->miimon);
	fprintf(out, "Down Delay (ms): %d\n", p->downdelay * p->miimon);
	fprintf(out, "Peer Notification Delay (ms): %d\n",
		p->peer_notif_delay * p->miimon);
	proc_show_arp(out, p);
	if (p->mode == BOND_MODE_8023AD)
		proc_show_ad(out, l);
}

/* bond_update_speed_duplex(): what the port's ethtool reports, or
 * unknown (speed 0 or -1, a duplex neither half nor full). */
static void slave_speed(const struct rtnl_link *port, int *speed, int *duplex)
{
	const struct rtnl_ethtool *et = port->ops->ethtool;
	uint32_t sp = 0;
	uint8_t dup = 0xff, portt = 0;

	*speed = -1;
	*duplex = 0xff;
	if (!et || !et->ksettings || et->ksettings(port, &sp, &dup, &portt))
		return;
	if (!sp || sp == (uint32_t)-1 || dup > 1)
		return;
	*speed = (int)sp;
	*duplex = dup;
}

/* bond_info_show_slave() */
static void proc_show_slave(FILE *out, const struct rtnl_link *l,
			    const struct bond_slave *s)
{
	int speed, duplex;

	fprintf(out, "\nSlave Interface: %s\n", s->dev->name);
	fprintf(out, "MII Status: %s\n", link_status(s->link));
	slave_speed(s->dev, &speed, &duplex);
	if (speed < 0)
		fputs("Speed: Unknown\n", out);
	else
		fprintf(out, "Speed: %d Mbps\n", speed);
	if (duplex == 0xff)
		fputs("Duplex: Unknown\n", out);
	else
		fprintf(out, "Duplex: %s\n", duplex ? "full" : "half");
	fprintf(out, "Link Failure Count: %u\n", s->link_failure_count);
	fputs("Permanent HW addr: ", out);
	put_mac(out, s->perm_hwaddr);
	fprintf(out, "\nSlave queue ID: %d\n", s->queue_id);
	if (bond(l)->params.mode == BOND_MODE_8023AD)
		bond_3ad_proc_slave(out, s);
}

/* bond_info_seq_show(): the driver's version (the kernel's release),
 * the bond, then each port. */
static int proc_show(struct unl_net *net, void *data, FILE *out)
{
	const struct rtnl_link *l = data;
	struct utsname u;

	(void)net;
	if (uname(&u))
		u.release[0] = '\0';
	fprintf(out, "Ethernet Channel Bonding Driver: v%s\n\n", u.release);
	proc_show_master(out, l);
	for (const struct bond_slave *s = bond(l)->slaves; s; s = s->next)
		proc_show_slave(out, l, s);
	return 0;
}

static void proc_path(char *buf, const char *name)
{
	snprintf(buf, PROC_PATH_MAX, DRV_NAME "/%s", name);
}

void bond_proc_create(struct rtnl_link *l)
{
	char path[PROC_PATH_MAX];

	proc_path(path, l->name);
	if (!unl_procnet_create(l->rn->net, path, 0444, proc_show, NULL, l))
		snprintf(bond(l)->proc_name, IFNAMSIZ, "%s", l->name);
}

void bond_proc_remove(struct rtnl_link *l)
{
	char path[PROC_PATH_MAX];

	if (!bond(l)->proc_name[0])
		return;
	proc_path(path, bond(l)->proc_name);
	unl_procnet_remove(l->rn->net, path);
	bond(l)->proc_name[0] = '\0';
}

/* bond_create_proc_dir() */
void bond_proc_dir_create(struct rtnl_net *rn)
{
	unl_procnet_create(rn->net, DRV_NAME, 0555, NULL, NULL, NULL);
}

/* ---- the bond's bonding/ ---- */

typedef void (*bond_show_fn)(const struct rtnl_link *l, FILE *out);

struct bond_attr {
	const char *name;
	unsigned int mode;
	bond_show_fn show;
};

#define P(l) (&bond(l)->params)

/* "%s %d" of an option with named values */
#define SHOW_NAMED(fn, opt, field)                                      \
	static void fn(const struct rtnl_link *l, FILE *out)            \
	{                                                               \
		fprintf(out, "%s %d\n",                                 \
			bond_opt_value_name(opt, P(l)->field),          \
			P(l)->field);                                   \
	}
#define SHOW_INT(fn, fmt, expr)                                         \
	static void fn(const struct rtnl_link *l, FILE *out)            \
	{                                                               \
		fprintf(out, fmt "\n", expr);                           \
	}

SHOW_NAMED(show_mode, "mode", mode)
SHOW_NAMED(show_xmit, "xmit_hash_policy", xmit_policy)
SHOW_NAMED(show_arp_validate, "arp_validate", arp_validate)
SHOW_NAMED(show_arp_all, "arp_all_targets", arp_all_targets)
SHOW_NAMED(show_fom, "fail_over_mac", fail_over_mac)
SHOW_NAMED(show_lacp_active, "lacp_active", lacp_active)
SHOW_NAMED(show_lacp_rate, "lacp_rate", lacp_fast)
SHOW_NAMED(show_ad_select, "ad_select", ad_select)
SHOW_NAMED(show_reselect, "primary_reselect", primary_reselect)
SHOW_INT(show_arp_interval, "%d", P(l)->arp_interval)
SHOW_INT(show_missed_max, "%u", (unsigned int)P(l)->missed_max)
SHOW_INT(show_downdelay, "%d", P(l)->downdelay * P(l)->miimon)
SHOW_INT(show_updelay, "%d", P(l)->updelay * P(l)->miimon)
SHOW_INT(show_peer_notif_delay, "%d", P(l)->peer_notif_delay * P(l)->miimon)
SHOW_INT(show_min_links, "%u", (unsigned int)P(l)->min_links)
SHOW_INT(show_num_peer_notif, "%d", P(l)->num_peer_notif)
SHOW_INT(show_miimon, "%d", P(l)->miimon)
SHOW_INT(show_use_carrier, "%d", P(l)->use_carrier)
SHOW_INT(show_mii_status, "%s", l->carrier ? "up" : "down")
SHOW_INT(show_all_active, "%d", P(l)->all_slaves_active)
SHOW_INT(show_resend_igmp, "%d", P(l)->resend_igmp)
SHOW_INT(show_lp_interval, "%d", P(l)->lp_interval)
SHOW_INT(show_tlb_dynamic_lb, "%d", P(l)->tlb_dynamic_lb)
SHOW_INT(show_pps, "%u", (unsigned int)P(l)->packets_per_slave)

static void show_slaves(const struct rtnl_link *l, FILE *out)
{
	for (const struct bond_slave *s = bond(l)->slaves; s; s = s->next)
		fprintf(out, "%s%c", s->dev->name, s->next ? ' ' : '\n');
}

static void show_queue_id(const struct rtnl_link *l, FILE *out)
{
	for (const struct bond_slave *s = bond(l)->slaves; s; s = s->next)
		fprintf(out, "%s:%d%c", s->dev->name, s->queue_id,
			s->next ? ' ' : '\n');
}

static void show_arp_targets(const struct rtnl_link *l, FILE *out)
{
	char a[INET_ADDRSTRLEN];
	bool any = false;

	for (int i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		if (!P(l)->arp_targets[i])
			continue;
		fprintf(out, "%s%s", any ? " " : "",
			inet_ntop(AF_INET, &P(l)->arp_targets[i], a, sizeof(a)));
		any = true;
	}
	if (any)
		fputc('\n', out);
}

static void show_primary(const struct rtnl_link *l, FILE *out)
{
	if (bond(l)->primary_slave)
		fprintf(out, "%s\n", bond(l)->primary_slave->dev->name);
}

/* bond_option_active_slave_get_rcu(): modes with a primary only */
static void show_active_slave(const struct rtnl_link *l, FILE *out)
{
	const struct bond_priv *b = bond(l);

	if (bond_uses_primary(b) && b->curr_active)
		fprintf(out, "%s\n", b->curr_active->dev->name);
}

static bool is_8023ad(const struct rtnl_link *l)
{
	return P(l)->mode == BOND_MODE_8023AD;
}

/* The active aggregator's numbers: 0 without one.  Linux shows the
 * keys and the actor settings to CAP_NET_ADMIN only; here every reader
 * sees them (docs/conformance.md). */
#define SHOW_AD_INFO(fn, field)                                         \
	static void fn(const struct rtnl_link *l, FILE *out)            \
	{                                                               \
		struct ad_info info;                                    \
                                                                        \
		if (is_8023ad(l))                                       \
			fprintf(out, "%d\n",                            \
				bond_3ad_active_info(l, &info)          \
					? 0                             \
					: info.field);                  \
	}
SHOW_AD_INFO(show_ad_actor_key, actor_key)
SHOW_AD_INFO(show_ad_aggregator, aggregator_id)
SHOW_AD_INFO(show_ad_num_ports, ports)
SHOW_AD_INFO(show_ad_partner_key, partner_key)

static void show_ad_sys_prio(const struct rtnl_link *l, FILE *out)
{
	if (is_8023ad(l))
		fprintf(out, "%hu\n", (unsigned short)P(l)->ad_actor_sys_prio);
}

static void show_ad_system(const struct rtnl_link *l, FILE *out)
{
	if (!is_8023ad(l))
		return;
	put_mac(out, P(l)->ad_actor_system);
	fputc('\n', out);
}

static void show_ad_port_key(const struct rtnl_link *l, FILE *out)
{
	if (is_8023ad(l))
		fprintf(out, "%hu\n", (unsigned short)P(l)->ad_user_port_key);
}

/* the partner's MAC: nothing without an active aggregator */
static void show_ad_partner_mac(const struct rtnl_link *l, FILE *out)
{
	struct ad_info info;

	if (!is_8023ad(l) || bond_3ad_active_info(l, &info))
		return;
	put_mac(out, info.partner_system);
	fputc('\n', out);
}

static const struct bond_attr bond_attrs[] = {
	{ "active_slave", 0644, show_active_slave },
	{ "ad_actor_key", 0444, show_ad_actor_key },
	{ "ad_actor_sys_prio", 0644, show_ad_sys_prio },
	{ "ad_actor_system", 0644, show_ad_system },
	{ "ad_aggregator", 0444, show_ad_aggregator },
	{ "ad_num_ports", 0444, show_ad_num_ports },
	{ "ad_partner_key", 0444, show_ad_partner_key },
	{ "ad_partner_mac", 0444, show_ad_partner_mac },
	{ "ad_select", 0644, show_ad_select },
	{ "ad_user_port_key", 0644, show_ad_port_key },
	{ "all_slaves_active", 0644, show_all_active },
	{ "arp_all_targets", 0644, show_arp_all },
	{ "arp_interval", 0644, show_arp_interval },
	{ "arp_ip_target", 0644, show_arp_targets },
	{ "arp_missed_max", 0644, show_missed_max },
	{ "arp_validate", 0644, show_arp_validate },
	{ "downdelay", 0644, show_downdelay },
	{ "fail_over_mac", 0644, show_fom },
	{ "lacp_active", 0644, show_lacp_active },
	{ "lacp_rate", 0644, show_lacp_rate },
	{ "lp_interval", 0644, show_lp_interval },
	{ "mii_status", 0444, show_mii_status },
	{ "miimon", 0644, show_miimon },
	{ "min_links", 0644, show_min_links },
	{ "mode", 0644, show_mode },
	{ "num_grat_arp", 0644, show_num_peer_notif },
	{ "num_unsol_na", 0644, show_num_peer_notif },
	{ "packets_per_slave", 0644, show_pps },
	{ "peer_notif_delay", 0644, show_peer_notif_delay },
	{ "primary", 0644, show_primary },
	{ "primary_reselect", 0644, show_reselect },
	{ "queue_id", 0644, show_queue_id },
	{ "resend_igmp", 0644, show_resend_igmp },
	{ "slaves", 0644, show_slaves },
	{ "tlb_dynamic_lb", 0644, show_tlb_dynamic_lb },
	{ "updelay", 0644, show_updelay },
	{ "use_carrier", 0644, show_use_carrier },
	{ "xmit_hash_policy", 0644, show_xmit },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct bond_attr *attr_find(const struct bond_attr *tab,
					 size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name))
			return &tab[i];
	return NULL;
}

static int attr_dir(const struct bond_attr *tab, size_t n,
		    struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_DIR, 0755);

	for (size_t i = 0; !err && i < n; i++)
		rtnl_dir_add(o, DT_REG, tab[i].name);
	return err;
}

static int attr_file(const struct rtnl_link *l, const struct bond_attr *a,
		     struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_REG, a->mode);

	if (err)
		return err;
	o->f->size = 4096;
	a->show(l, o->out);
	return 0;
}

void bond_sysfs_list(const struct rtnl_link *l, struct rtnl_file_out *o)
{
	(void)l;
	rtnl_dir_add(o, DT_DIR, "bonding");
}

int bond_sysfs_get(const struct rtnl_link *l, const char *rest,
		   struct rtnl_file_out *o)
{
	const char *sub = rtnl_path_after(rest, "bonding");
	const struct bond_attr *a;

	if (!sub)
		return -ENOENT;
	if (!*sub)
		return attr_dir(bond_attrs, N_OF(bond_attrs), o);
	a = attr_find(bond_attrs, N_OF(bond_attrs), sub);
	return a ? attr_file(l, a, o) : -ENOENT;
}

/* ---- a port's bonding_slave/ (bond_sysfs_slave.c) ---- */

static const struct bond_slave *port_slave(const struct rtnl_link *port)
{
	return slave_of(port);
}

#define SLAVE_SHOW(fn, fmt, expr)                                       \
	static void fn(const struct rtnl_link *port, FILE *out)         \
	{                                                               \
		const struct bond_slave *s = port_slave(port);          \
		fprintf(out, fmt "\n", expr);                           \
	}

SLAVE_SHOW(slave_state, "%s", s->backup ? "backup" : "active")
SLAVE_SHOW(slave_mii_status, "%s", link_status(s->link))
SLAVE_SHOW(slave_failures, "%u", s->link_failure_count)
SLAVE_SHOW(slave_queue_id, "%d", s->queue_id)

/* the port's aggregator and LACP states: N/A until the port has
 * selected an aggregator (or outside 802.3ad) */
static const struct ad_port *port_ad(const struct rtnl_link *port)
{
	const struct bond_slave *s = port_slave(port);
	const struct rtnl_link *l = rtnl_link_by_index(port->rn, port->master);

	if (!l || bond(l)->params.mode != BOND_MODE_8023AD || !s->ad.agg)
		return NULL;
	return &s->ad;
}

static void slave_ad_agg(const struct rtnl_link *port, FILE *out)
{
	const struct ad_port *p = port_ad(port);

	if (p)
		fprintf(out, "%d\n", p->agg->id);
	else
		fputs("N/A\n", out);
}

static void slave_ad_actor_state(const struct rtnl_link *port, FILE *out)
{
	const struct ad_port *p = port_ad(port);

	if (p)
		fprintf(out, "%u\n", p->oper_state);
	else
		fputs("N/A\n", out);
}

static void slave_ad_partner_state(const struct rtnl_link *port, FILE *out)
{
	const struct ad_port *p = port_ad(port);

	if (p)
		fprintf(out, "%u\n", p->partner_oper.port_state);
	else
		fputs("N/A\n", out);
}

static void slave_perm_hwaddr(const struct rtnl_link *port, FILE *out)
{
	put_mac(out, port_slave(port)->perm_hwaddr);
	fputc('\n', out);
}

static const struct bond_attr slave_attrs[] = {
	{ "ad_actor_oper_port_state", 0444, slave_ad_actor_state },
	{ "ad_aggregator_id", 0444, slave_ad_agg },
	{ "ad_partner_oper_port_state", 0444, slave_ad_partner_state },
	{ "link_failure_count", 0444, slave_failures },
	{ "mii_status", 0444, slave_mii_status },
	{ "perm_hwaddr", 0444, slave_perm_hwaddr },
	{ "queue_id", 0444, slave_queue_id },
	{ "state", 0444, slave_state },
};

void bond_port_sysfs_list(const struct rtnl_link *port,
			  struct rtnl_file_out *o)
{
	if (port_slave(port))
		rtnl_dir_add(o, DT_DIR, "bonding_slave");
}

int bond_port_sysfs_get(const struct rtnl_link *port, const char *rest,
			struct rtnl_file_out *o)
{
	const char *sub = rtnl_path_after(rest, "bonding_slave");
	const struct bond_attr *a;

	if (!sub || !port_slave(port))
		return -ENOENT;
	if (!*sub)
		return attr_dir(slave_attrs, N_OF(slave_attrs), o);
	a = attr_find(slave_attrs, N_OF(slave_attrs), sub);
	return a ? attr_file(port, a, o) : -ENOENT;
}

/* ---- writes ---- */

/* An rtnetlink request run as from the kernel, for who. */
static int link_request(struct rtnl_net *rn, const struct unl_cred *who,
			int type, uint16_t flags, int ifindex,
			int (*put)(struct unl_skb *skb, const void *arg),
			const void *arg)
{
	struct unl_skb *skb = unl_nlmsg_new(256);
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, 0, 0, type, sizeof(*ifm),
			    NLM_F_REQUEST | flags);
	if (!nlh || put(skb, arg)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	unl_nlmsg_end(skb, nlh);
	return rtnl_kernel_doit(rn, who, skb);
}

static int put_master(struct unl_skb *skb, const void *arg)
{
	return unl_nla_put_u32(skb, IFLA_MASTER, *(const uint32_t *)arg);
}

static int put_nothing(struct unl_skb *skb, const void *arg)
{
	(void)skb;
	(void)arg;
	return 0;
}

static int put_new_bond(struct unl_skb *skb, const void *arg)
{
	struct nlattr *info;

	if (unl_nla_put_string(skb, IFLA_IFNAME, arg))
		return -EMSGSIZE;
	info = unl_nla_nest_start(skb, IFLA_LINKINFO);
	if (!info || unl_nla_put_string(skb, IFLA_INFO_KIND, "bond"))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, info);
	return 0;
}

/* dev_valid_name() */
static bool valid_name(const char *name)
{
	return *name && strlen(name) < IFNAMSIZ && strcmp(name, ".") &&
	       strcmp(name, "..") && !strpbrk(name, "/: \t\n\v\f\r");
}

/* "+NAME" or "-NAME", as sscanf("%16s") reads it: the sign, or 0 for
 * neither (the stores' "no command"). */
static int command(const char *val, char name[IFNAMSIZ + 1])
{
	char cmd[IFNAMSIZ + 2] = "";

	if (sscanf(val, "%16s", cmd) != 1 || strlen(cmd) <= 1 ||
	    !valid_name(cmd + 1))
		return 0;
	snprintf(name, IFNAMSIZ + 1, "%s", cmd + 1);
	return cmd[0] == '+' || cmd[0] == '-' ? cmd[0] : 0;
}

/* bond_option_slaves_set(): bond_enslave() or bond_release() of the
 * device named, as IFLA_MASTER does it, with their own refusals. */
static int slaves_store(struct rtnl_link *l, const struct unl_cred *who,
			const char *val)
{
	char name[IFNAMSIZ + 1];
	int sign = command(val, name);
	struct rtnl_link *dev;
	uint32_t master;
	int err;

	if (!sign)
		return -EPERM;
	dev = rtnl_link_by_name(l->rn, name);
	if (!dev)
		return -ENODEV;
	if (sign == '+' && rtnl_link_rx_handler_busy(dev))
		return -EBUSY;
	if (sign == '-' && (dev->master != l->ifindex || !slave_of(dev)))
		return -EINVAL;
	master = sign == '+' ? (uint32_t)l->ifindex : 0;
	err = link_request(l->rn, who, RTM_NEWLINK, 0, dev->ifindex,
			   put_master, &master);
	/* NETDEV_CHANGEINFODATA, as for every option */
	if (!err)
		rtnl_link_notify(l, RTM_NEWLINK, 0, NULL, NULL);
	return err;
}

int bond_sysfs_write(struct rtnl_link *l, const struct unl_cred *who,
		     const char *rest, const char *val)
{
	const char *sub = rtnl_path_after(rest, "bonding");
	const struct bond_attr *a;

	if (!sub || !*sub)
		return -ENOENT;
	a = attr_find(bond_attrs, N_OF(bond_attrs), sub);
	if (!a)
		return -ENOENT;
	if (!(a->mode & 0200))
		return -EACCES;
	if (!strcmp(sub, "slaves"))
		return slaves_store(l, who, val);
	return bond_opt_store(l, sub, val);
}

/* ---- /sys/class/net/bonding_masters ---- */

static bool is_bond(const struct rtnl_link *l)
{
	return l->ops == &rtnl_bond_ops;
}

int bond_masters_show(struct rtnl_net *rn, FILE *out)
{
	bool any = false;

	for (const struct rtnl_link *l = rn->links; l; l = l->next) {
		if (!is_bond(l))
			continue;
		fprintf(out, "%s%s", any ? " " : "", l->name);
		any = true;
	}
	if (any)
		fputc('\n', out);
	return 0;
}

/* bonding_store_bonds(): bond_create() with the module's defaults, or
 * the deletion of a bond of that name. */
int bond_masters_store(struct rtnl_net *rn, const struct unl_cred *who,
		       const char *val)
{
	char name[IFNAMSIZ + 1];
	int sign = command(val, name);
	struct rtnl_link *l;

	if (sign == '+')
		return link_request(rn, who, RTM_NEWLINK,
				    NLM_F_CREATE | NLM_F_EXCL, 0, put_new_bond,
				    name);
	if (sign != '-')
		return -EPERM;
	l = rtnl_link_by_name(rn, name);
	if (!l || !is_bond(l))
		return -ENODEV;
	return link_request(rn, who, RTM_DELLINK, 0, l->ifindex, put_nothing,
			    NULL);
}
