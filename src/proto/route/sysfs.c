// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /sys/class/net and /sys/devices/virtual/net: the devices of the net,
 * as net/core/net-sysfs.c shows them (a link per device in the class,
 * a directory per device with its attributes and statistics).  Every
 * device of the model is virtual, so each lives under devices/virtual.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include <linux/if.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <linux/ethtool.h>

#include <unetlink/files.h>

#include "proto/route/link/kinds.h"
#include "proto/route/route-private.h"

/* operstates[] of net-sysfs.c, by IF_OPER_*. */
static const char *const operstates[] = {
	"unknown", "notpresent", "down", "lowerlayerdown",
	"testing", "dormant",    "up",
};

static void put_mac(FILE *out, const uint8_t *a, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? ":" : "", a[i]);
	fputc('\n', out);
}

/* dev->flags: what the user set, with PROMISC and ALLMULTI as the
 * counters make them; RUNNING and LOWER_UP are dev_get_flags()'s, not
 * the device's. */
static unsigned int dev_flags(const struct rtnl_link *l)
{
	unsigned int f = l->flags & ~(IFF_PROMISC | IFF_ALLMULTI | IFF_RUNNING |
				      IFF_LOWER_UP | IFF_DORMANT);

	if (l->promiscuity)
		f |= IFF_PROMISC;
	if (l->allmulti)
		f |= IFF_ALLMULTI;
	return f;
}

/* Attributes of struct net_device's group, each a show() of
 * net-sysfs.c: 0, or -EINVAL where Linux refuses (a device that is not
 * running has no carrier, speed or duplex to tell). */
typedef int (*attr_show_fn)(const struct rtnl_link *l, FILE *out);

#define SHOW_FMT(name, fmt, expr)                                          \
	static int show_##name(const struct rtnl_link *l, FILE *out)       \
	{                                                                  \
		fprintf(out, fmt "\n", expr);                              \
		return 0;                                                  \
	}

SHOW_FMT(addr_assign_type, "%d", l->addr_assign_type)
SHOW_FMT(addr_len, "%d", l->addr_len)
SHOW_FMT(carrier_changes, "%u", l->carrier_up + l->carrier_down)
SHOW_FMT(carrier_down_count, "%u", l->carrier_down)
SHOW_FMT(carrier_up_count, "%u", l->carrier_up)
/* the kernel's "%#x" writes 0x0 for 0 */
SHOW_FMT(dev_id, "0x%x", l->dev_id)
SHOW_FMT(zero, "%d", 0)
SHOW_FMT(gro_flush_timeout, "%llu", (unsigned long long)l->gro_flush_timeout)
SHOW_FMT(napi_defer, "%u", l->napi_defer_hard_irqs)
SHOW_FMT(flags, "0x%x", dev_flags(l))
SHOW_FMT(ifindex, "%d", l->ifindex)
SHOW_FMT(link_mode, "%d", l->linkmode)
SHOW_FMT(mtu, "%u", l->mtu)
/* NET_NAME_PREDICTABLE for lo, NET_NAME_USER for the others (a name
 * the kernel chose, veth0, would be NET_NAME_ENUM: not kept) */
SHOW_FMT(name_assign_type, "%d", l->ops->kind ? 3 : 2)
SHOW_FMT(netdev_group, "%u", l->group)
SHOW_FMT(tx_queue_len, "%u", l->txqlen)
SHOW_FMT(type, "%u", l->type)

static int show_address(const struct rtnl_link *l, FILE *out)
{
	put_mac(out, l->addr, l->addr_len);
	return 0;
}

static int show_broadcast(const struct rtnl_link *l, FILE *out)
{
	put_mac(out, l->broadcast, l->addr_len);
	return 0;
}

static int show_iflink(const struct rtnl_link *l, FILE *out)
{
	fprintf(out, "%d\n",
		l->ops->get_iflink ? l->ops->get_iflink(l) : l->ifindex);
	return 0;
}

static int show_carrier(const struct rtnl_link *l, FILE *out)
{
	if (!rtnl_link_running(l))
		return -EINVAL;
	fprintf(out, "%d\n", l->carrier ? 1 : 0);
	return 0;
}

static int show_dormant(const struct rtnl_link *l, FILE *out)
{
	if (!rtnl_link_running(l))
		return -EINVAL;
	fprintf(out, "%d\n", l->operstate == IF_OPER_DORMANT);
	return 0;
}

static int show_testing(const struct rtnl_link *l, FILE *out)
{
	if (!rtnl_link_running(l))
		return -EINVAL;
	fprintf(out, "%d\n", l->operstate == IF_OPER_TESTING);
	return 0;
}

/* speed_show() and duplex_show(): __ethtool_get_link_ksettings() of a
 * running device (the kind's link settings, else its speed at full
 * duplex); -EINVAL without them. */
static int link_ksettings(const struct rtnl_link *l, uint32_t *speed,
			  uint8_t *duplex)
{
	const struct rtnl_ethtool *et = l->ops->ethtool;
	uint8_t port;

	if (!rtnl_link_running(l))
		return -EINVAL;
	if (et && et->ksettings)
		return et->ksettings(l, speed, duplex, &port) ? -EINVAL : 0;
	if (!l->ops->speed || !(*speed = l->ops->speed(l)))
		return -EINVAL;
	*duplex = DUPLEX_FULL;
	return 0;
}

/* printed as the int it is (SPEED_UNKNOWN: -1) */
static int show_speed(const struct rtnl_link *l, FILE *out)
{
	uint32_t s;
	uint8_t d;

	if (link_ksettings(l, &s, &d))
		return -EINVAL;
	fprintf(out, "%d\n", (int)s);
	return 0;
}

static int show_duplex(const struct rtnl_link *l, FILE *out)
{
	uint32_t s;
	uint8_t d;

	if (link_ksettings(l, &s, &d))
		return -EINVAL;
	fputs(d == DUPLEX_HALF ? "half\n" : d == DUPLEX_FULL ? "full\n"
							     : "unknown\n", out);
	return 0;
}

static int show_ifalias(const struct rtnl_link *l, FILE *out)
{
	if (l->alias && *l->alias)
		fprintf(out, "%s\n", l->alias);
	return 0;
}

static int show_operstate(const struct rtnl_link *l, FILE *out)
{
	uint8_t op = rtnl_link_running(l) ? l->operstate : IF_OPER_DOWN;

	fprintf(out, "%s\n", op < 7 ? operstates[op] : "unknown");
	return 0;
}

/* netdev_uevent(): the device type of kinds that set one. */
static int show_uevent(const struct rtnl_link *l, FILE *out)
{
	if (l->ops->devtype)
		fprintf(out, "DEVTYPE=%s\n", l->ops->devtype);
	fprintf(out, "INTERFACE=%s\nIFINDEX=%d\n", l->name, l->ifindex);
	return 0;
}

/* sysfs stores: dev_set_mtu(), dev_change_flags(),
 * dev_change_tx_queue_len(). */
typedef int (*attr_store_fn)(struct rtnl_link *l, unsigned long v);

static int store_mtu(struct rtnl_link *l, unsigned long v)
{
	if (v > UINT32_MAX)
		return -EINVAL;
	return rtnl_link_dev_set_mtu(l, (uint32_t)v);
}

static int store_flags(struct rtnl_link *l, unsigned long v)
{
	return rtnl_link_change_flags(l, (unsigned int)v, NULL);
}

static int store_tx_queue_len(struct rtnl_link *l, unsigned long v)
{
	if (v != (unsigned int)v)
		return -ERANGE;
	if (v == l->txqlen)
		return 0;
	l->txqlen = (uint32_t)v;
	rtnl_netdev_event(l, RTNL_NETDEV_CHANGE_TX_QUEUE_LEN);
	return 0;
}

/* netdev_group: dev_set_group(), which tells nobody. */
static int store_group(struct rtnl_link *l, unsigned long v)
{
	l->group = (uint32_t)v;
	return 0;
}

/* The stores whose work is an rtnetlink request's: RTM_NEWLINK of the
 * device with one attribute, run as from the kernel by who.  -errno, or
 * the value's errno (the caller's parse failed). */
static int link_request(struct rtnl_link *l, const struct unl_cred *who,
			int type, const void *data, int len)
{
	struct unl_skb *skb = unl_nlmsg_new(512);
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, 0, 0, RTM_NEWLINK, sizeof(*ifm),
			    NLM_F_REQUEST);
	if (!nlh || unl_nla_put(skb, type, len, data)) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	ifm = NLMSG_DATA(nlh);
	ifm->ifi_index = l->ifindex;
	unl_nlmsg_end(skb, nlh);
	return rtnl_kernel_doit(l->rn, who, skb);
}

typedef int (*attr_store_raw_fn)(struct rtnl_link *l,
				 const struct unl_cred *who, const char *val);

/* kstrtoul(buf, 0): EINVAL for what is not a number, ERANGE past 64
 * bits */
static int parse_ulong(const char *val, uint64_t *v)
{
	char *end;

	if (*val < '0' || *val > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(val, &end, 0);
	if (end == val)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	return errno == ERANGE ? -ERANGE : 0;
}

/* gro_flush_timeout_store(): any u64, kept for the device's NAPI
 * instances (none here: nothing is received). */
static int store_gro_flush_timeout(struct rtnl_link *l,
				   const struct unl_cred *who, const char *val)
{
	uint64_t v;
	int err = parse_ulong(val, &v);

	(void)who;
	if (!err) {
		l->gro_flush_timeout = v;
		rtnl_napi_set_device_defaults(l);
	}
	return err;
}

/* napi_defer_hard_irqs_store(): up to S32_MAX (ERANGE past it). */
static int store_napi_defer(struct rtnl_link *l, const struct unl_cred *who,
			    const char *val)
{
	uint64_t v;
	int err = parse_ulong(val, &v);

	(void)who;
	if (!err && v > INT32_MAX)
		err = -ERANGE;
	if (!err) {
		l->napi_defer_hard_irqs = (uint32_t)v;
		rtnl_napi_set_device_defaults(l);
	}
	return err;
}

/* threaded_store(): a number, then modify_napi_threaded(), which a
 * device without NAPI instances (lo, tun, bridge, a veth not receiving
 * with GRO) refuses with EOPNOTSUPP; threaded polling of the instances
 * a veth has is not modelled (docs/conformance.md) and refused alike. */
static int store_threaded(struct rtnl_link *l, const struct unl_cred *who,
			  const char *val)
{
	uint64_t v;
	int err = parse_ulong(val, &v);

	(void)l;
	(void)who;
	return err ? err : -EOPNOTSUPP;
}

/* carrier_store(): a running device only, then dev_change_carrier()
 * (EOPNOTSUPP for a kind that cannot), as IFLA_CARRIER does it. */
static int store_carrier(struct rtnl_link *l, const struct unl_cred *who,
			 const char *val)
{
	long v;
	uint8_t on;

	if (rtnl_parse_long(val, &v) || v < 0)
		return -EINVAL;
	if (!rtnl_link_running(l))
		return -EINVAL;
	on = v != 0;
	return link_request(l, who, IFLA_CARRIER, &on, 1);
}

/* proto_down_store(): dev_change_proto_down(), EOPNOTSUPP for the
 * kinds here, as IFLA_PROTO_DOWN answers. */
static int store_proto_down(struct rtnl_link *l, const struct unl_cred *who,
			    const char *val)
{
	long v;
	uint8_t on;

	if (rtnl_parse_long(val, &v) || v < 0)
		return -EINVAL;
	on = v != 0;
	return link_request(l, who, IFLA_PROTO_DOWN, &on, 1);
}

/* ifalias_store(): the text less one trailing newline, shorter than
 * IFALIASZ; then netdev_state_change(), as IFLA_IFALIAS announces. */
static int store_ifalias(struct rtnl_link *l, const struct unl_cred *who,
			 const char *val)
{
	size_t len = strlen(val), count = len;
	char buf[IFALIASZ];

	if (len >= IFALIASZ)
		return -EINVAL;
	if (count && val[count - 1] == '\n')
		count--;
	memcpy(buf, val, count);
	buf[count] = '\0';
	return link_request(l, who, IFLA_IFALIAS, buf, (int)count + 1);
}

/* The attributes in the order ls shows them; mode as Linux has it.
 * A writable one without store is one whose effects the model lacks:
 * a write gets EOPNOTSUPP (docs/conformance.md). */
static const struct dev_attr {
	const char *name;
	unsigned int mode;
	attr_show_fn show;
	attr_store_fn store;
	attr_store_raw_fn store_raw; /* takes the text itself */
} dev_attrs[] = {
	{ "addr_assign_type", 0444, show_addr_assign_type, NULL },
	{ "addr_len", 0444, show_addr_len, NULL },
	{ "address", 0444, show_address, NULL },
	{ "broadcast", 0444, show_broadcast, NULL },
	{ "carrier", 0644, show_carrier, NULL, store_carrier },
	{ "carrier_changes", 0444, show_carrier_changes, NULL },
	{ "carrier_down_count", 0444, show_carrier_down_count, NULL },
	{ "carrier_up_count", 0444, show_carrier_up_count, NULL },
	{ "dev_id", 0444, show_dev_id, NULL },
	{ "dev_port", 0444, show_zero, NULL },
	{ "dormant", 0444, show_dormant, NULL },
	{ "duplex", 0444, show_duplex, NULL },
	{ "flags", 0644, show_flags, store_flags },
	{ "gro_flush_timeout", 0644, show_gro_flush_timeout, NULL,
	  store_gro_flush_timeout },
	{ "ifalias", 0644, show_ifalias, NULL, store_ifalias },
	{ "ifindex", 0444, show_ifindex, NULL },
	{ "iflink", 0444, show_iflink, NULL },
	{ "link_mode", 0444, show_link_mode, NULL },
	{ "mtu", 0644, show_mtu, store_mtu },
	{ "name_assign_type", 0444, show_name_assign_type, NULL },
	{ "napi_defer_hard_irqs", 0644, show_napi_defer, NULL,
	  store_napi_defer },
	{ "netdev_group", 0644, show_netdev_group, store_group },
	{ "operstate", 0444, show_operstate, NULL },
	{ "proto_down", 0644, show_zero, NULL, store_proto_down },
	{ "speed", 0444, show_speed, NULL },
	{ "testing", 0444, show_testing, NULL },
	{ "threaded", 0644, show_zero, NULL, store_threaded },
	{ "tx_queue_len", 0644, show_tx_queue_len, store_tx_queue_len },
	{ "type", 0444, show_type, NULL },
	{ "uevent", 0644, show_uevent, NULL },
};

/* The statistics group: rtnl_link_stats64 by name (dev_get_stats()). */
#define STAT(f) { #f, offsetof(struct rtnl_link_stats64, f) }
static const struct {
	const char *name;
	size_t off;
} stat_names[] = {
	STAT(collisions),	   STAT(multicast),
	STAT(rx_bytes),		   STAT(rx_compressed),
	STAT(rx_crc_errors),	   STAT(rx_dropped),
	STAT(rx_errors),	   STAT(rx_fifo_errors),
	STAT(rx_frame_errors),	   STAT(rx_length_errors),
	STAT(rx_missed_errors),	   STAT(rx_nohandler),
	STAT(rx_over_errors),	   STAT(rx_packets),
	STAT(tx_aborted_errors),   STAT(tx_bytes),
	STAT(tx_carrier_errors),   STAT(tx_compressed),
	STAT(tx_dropped),	   STAT(tx_errors),
	STAT(tx_fifo_errors),	   STAT(tx_heartbeat_errors),
	STAT(tx_packets),	   STAT(tx_window_errors),
};
#undef STAT

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct dev_attr *attr_find(const char *name)
{
	for (size_t i = 0; i < N_OF(dev_attrs); i++)
		if (!strcmp(dev_attrs[i].name, name))
			return &dev_attrs[i];
	return NULL;
}

static bool is_port(const struct rtnl_link *l)
{
	return l->master && l->port;
}

/* The device l is stacked on, in its net (netdev_adjacent_sysfs_add()
 * links only devices of one net). */
static struct rtnl_link *stacked_lower(const struct rtnl_link *l)
{
	struct rtnl_link *lower = l->ops->lower_dev ? l->ops->lower_dev(l)
						    : NULL;

	return lower && lower->rn == l->rn ? lower : NULL;
}

/* The links of stacked devices: lower_ to the one l is on, upper_ to
 * those on l. */
static void dev_dir_stacked(struct rtnl_net *rn, const struct rtnl_link *l,
			    struct rtnl_file_out *o)
{
	const struct rtnl_link *lower = stacked_lower(l);
	char name[IFNAMSIZ + 8];

	if (lower) {
		snprintf(name, sizeof(name), "lower_%s", lower->name);
		rtnl_dir_add(o, DT_LNK, name);
	}
	for (struct rtnl_link *p = rn->links; p; p = p->next) {
		if (stacked_lower(p) != l)
			continue;
		snprintf(name, sizeof(name), "upper_%s", p->name);
		rtnl_dir_add(o, DT_LNK, name);
	}
}

/* A device's directory (device_add() with netdev's groups): its
 * attributes, the statistics, power and queues directories, the
 * subsystem link, and master/upper/lower links of a bridge and its
 * ports (netdev_upper_dev_link()). */
static void dev_dir(struct rtnl_net *rn, const struct rtnl_link *l,
		    struct rtnl_file_out *o)
{
	char name[IFNAMSIZ + 8];

	for (size_t i = 0; i < N_OF(dev_attrs); i++)
		rtnl_dir_add(o, DT_REG, dev_attrs[i].name);
	rtnl_dir_add(o, DT_DIR, "power");
	rtnl_dir_add(o, DT_DIR, "queues");
	rtnl_dir_add(o, DT_DIR, "statistics");
	rtnl_dir_add(o, DT_LNK, "subsystem");
	if (is_port(l)) {
		struct rtnl_link *m = rtnl_link_by_index(rn, l->master);

		rtnl_dir_add(o, DT_LNK, "master");
		if (m) {
			snprintf(name, sizeof(name), "upper_%s", m->name);
			rtnl_dir_add(o, DT_LNK, name);
		}
	}
	for (struct rtnl_link *p = rn->links; p; p = p->next) {
		if (p->master != l->ifindex || !p->port)
			continue;
		snprintf(name, sizeof(name), "lower_%s", p->name);
		rtnl_dir_add(o, DT_LNK, name);
	}
	dev_dir_stacked(rn, l, o);
	if (l->ops->sysfs_list)
		l->ops->sysfs_list(l, o);
	if (is_port(l)) {
		struct rtnl_link *m = rtnl_link_by_index(rn, l->master);

		if (m && m->ops->port_sysfs_list)
			m->ops->port_sysfs_list(l, o);
	}
}

/* What the device's kind, or its master's, puts in its directory. */
static int kind_get(struct rtnl_net *rn, const struct rtnl_link *l,
		    const char *rest, struct rtnl_file_out *o)
{
	struct rtnl_link *m = is_port(l) ? rtnl_link_by_index(rn, l->master)
					 : NULL;
	int err = -ENOENT;

	if (l->ops->sysfs_get)
		err = l->ops->sysfs_get(l, rest, o);
	if (err == -ENOENT && m && m->ops->port_sysfs_get)
		err = m->ops->port_sysfs_get(l, rest, o);
	return err;
}

static int dir_begin(struct rtnl_file_out *o)
{
	return rtnl_file_begin(o, UNL_FILE_DIR, 0755);
}

/* A link to prefix followed by name. */
static int link_to(struct rtnl_file_out *o, const char *prefix,
		   const char *name)
{
	int err = rtnl_file_begin(o, UNL_FILE_LNK, 0777);

	if (err)
		return err;
	fputs(prefix, o->out);
	fputs(name, o->out);
	fputc('\0', o->out);
	return 0;
}

/* /sys/devices/virtual/net/DEV/queues: rx-N and tx-N, empty here. */
static int queues_dir(const struct rtnl_link *l, struct rtnl_file_out *o)
{
	char name[16];
	int err = dir_begin(o);

	if (err)
		return err;
	for (uint32_t i = 0; i < rtnl_link_real_rx(l); i++) {
		snprintf(name, sizeof(name), "rx-%u", i);
		rtnl_dir_add(o, DT_DIR, name);
	}
	for (uint32_t i = 0; i < rtnl_link_real_tx(l); i++) {
		snprintf(name, sizeof(name), "tx-%u", i);
		rtnl_dir_add(o, DT_DIR, name);
	}
	return 0;
}

/* queues/rx-N, queues/tx-N: listed, and empty (their attributes are
 * not modelled). */
static int queue_dir(const struct rtnl_link *l, const char *rest,
		     struct rtnl_file_out *o)
{
	unsigned int n;
	char tail;

	if ((sscanf(rest, "rx-%u%c", &n, &tail) == 1 && n < rtnl_link_real_rx(l)) ||
	    (sscanf(rest, "tx-%u%c", &n, &tail) == 1 && n < rtnl_link_real_tx(l)))
		return dir_begin(o);
	return -ENOENT;
}

static int statistics(const struct rtnl_link *l, const char *rest,
		      struct rtnl_file_out *o)
{
	int err;

	if (!*rest) {
		err = dir_begin(o);
		for (size_t i = 0; !err && i < N_OF(stat_names); i++)
			rtnl_dir_add(o, DT_REG, stat_names[i].name);
		return err;
	}
	for (size_t i = 0; i < N_OF(stat_names); i++) {
		struct rtnl_link_stats64 s;
		uint64_t v;

		if (strcmp(rest, stat_names[i].name))
			continue;
		err = rtnl_file_begin(o, UNL_FILE_REG, 0444);
		if (err)
			return err;
		o->f->size = 4096;
		rtnl_link_get_stats64(l, &s);
		memcpy(&v, (const char *)&s + stat_names[i].off, sizeof(v));
		fprintf(o->out, "%llu\n", (unsigned long long)v);
		return 0;
	}
	return -ENOENT;
}

static int attribute(const struct rtnl_link *l, const struct dev_attr *a,
		     struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_REG, a->mode);

	if (err)
		return err;
	o->f->size = 4096;
	return a->show(l, o->out);
}

/* Is rest "upper_" and m's name?  Not inlined: GCC's -O2 sanitizer
 * builds take m, found through the index hash, for an object of size 0
 * and warn of a read past it. */
static __attribute__((noinline)) bool names_upper(const char *rest,
						  const struct rtnl_link *m)
{
	return !strncmp(rest, "upper_", 6) && !strcmp(rest + 6, m->name);
}

/* What a port's or a bridge's links name, "" when rest is none. */
static int dev_link(struct rtnl_net *rn, const struct rtnl_link *l,
		    const char *rest, struct rtnl_file_out *o)
{
	struct rtnl_link *m = is_port(l) ? rtnl_link_by_index(rn, l->master)
					 : NULL;

	if (!strcmp(rest, "subsystem"))
		return link_to(o, "../../../../class/net", "");
	if (m && (!strcmp(rest, "master") || names_upper(rest, m)))
		return link_to(o, "../", m->name);
	if (!strncmp(rest, "lower_", 6)) {
		struct rtnl_link *p = rtnl_link_by_name(rn, rest + 6);

		if (p && ((p->master == l->ifindex && p->port) ||
			  p == stacked_lower(l)))
			return link_to(o, "../", p->name);
	}
	if (!strncmp(rest, "upper_", 6)) {
		struct rtnl_link *p = rtnl_link_by_name(rn, rest + 6);

		if (p && stacked_lower(p) == l)
			return link_to(o, "../", p->name);
	}
	return -ENOENT;
}

/* Below one device's directory. */
static int dev_get(struct rtnl_net *rn, const struct rtnl_link *l,
		   const char *rest, struct rtnl_file_out *o)
{
	const struct dev_attr *a;
	const char *sub;
	int err;

	if (!*rest) {
		err = dir_begin(o);
		if (!err)
			dev_dir(rn, l, o);
		return err;
	}
	if ((sub = rtnl_path_after(rest, "statistics")))
		return statistics(l, sub, o);
	if (!strcmp(rest, "queues"))
		return queues_dir(l, o);
	if (!strcmp(rest, "power"))
		return dir_begin(o);
	if ((sub = rtnl_path_after(rest, "queues")))
		return queue_dir(l, sub, o);
	if (rtnl_path_after(rest, "power"))
		return -ENOENT;
	a = attr_find(rest);
	if (a)
		return attribute(l, a, o);
	err = dev_link(rn, l, rest, o);
	return err == -ENOENT ? kind_get(rn, l, rest, o) : err;
}

/* Split "DEV/rest" into the device and what follows. */
static struct rtnl_link *dev_of(struct rtnl_net *rn, const char *path,
				const char **rest)
{
	char name[IFNAMSIZ];
	const char *slash = strchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : strlen(path);

	if (!n || n >= IFNAMSIZ)
		return NULL;
	memcpy(name, path, n);
	name[n] = '\0';
	*rest = slash ? slash + 1 : path + n;
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		if (!strcmp(l->name, name))
			return l;
	return NULL;
}

static int devices_dir(struct rtnl_net *rn, struct rtnl_file_out *o,
		       unsigned char dtype)
{
	int err = dir_begin(o);

	if (err)
		return err;
	for (struct rtnl_link *l = rn->links; l; l = l->next)
		rtnl_dir_add(o, dtype, l->name);
	return 0;
}

int rtnl_sysfs_get(struct rtnl_net *rn, const char *rest,
		   struct rtnl_file_out *o)
{
	struct rtnl_link *l;

	if (!*rest)
		return devices_dir(rn, o, DT_DIR);
	l = dev_of(rn, rest, &rest);
	if (!l)
		return -ENOENT;
	return dev_get(rn, l, rest, o);
}

/* A module's file of /sys/class/net (bonding_masters). */
static int class_file(struct rtnl_net *rn, const struct rtnl_link_module *m,
		      struct rtnl_file_out *o)
{
	int err = rtnl_file_begin(o, UNL_FILE_REG, 0644);

	if (err)
		return err;
	o->f->size = 4096;
	return m->class_show(rn, o->out);
}

/* /sys/class/net: a link per device to its directory, and the files
 * of the modules loaded. */
int rtnl_sysfs_class_get(struct rtnl_net *rn, const char *rest,
			 struct rtnl_file_out *o)
{
	const struct rtnl_link_module *m;
	struct rtnl_link *l;
	const char *below;

	if (!*rest) {
		int err = devices_dir(rn, o, DT_LNK);

		for (size_t i = 0;
		     !err && (m = rtnl_link_module_class_at(rn, i)); i++)
			rtnl_dir_add(o, DT_REG, m->class_file);
		return err;
	}
	m = rtnl_link_module_class(rn, rest);
	if (m)
		return class_file(rn, m, o);
	l = dev_of(rn, rest, &below);
	if (!l)
		return -ENOENT;
	if (!*below)
		return link_to(o, "../../devices/virtual/net/", l->name);
	return dev_get(rn, l, below, o);
}

bool rtnl_sysfs_class_writable(struct rtnl_net *rn, const char *rest)
{
	const struct rtnl_link_module *m = rtnl_link_module_class(rn, rest);

	return m && m->class_store;
}

int rtnl_sysfs_class_write(struct rtnl_net *rn, const struct unl_cred *who,
			   const char *rest, const char *val)
{
	const struct rtnl_link_module *m = rtnl_link_module_class(rn, rest);

	return m && m->class_store ? m->class_store(rn, who, val) : -EXDEV;
}

/* Is the kind's file at rest one its owner may write (mode 0200)? */
static bool kind_writable(struct rtnl_net *rn, const struct rtnl_link *l,
			  const char *rest)
{
	struct unl_file f = { 0 };
	struct rtnl_file_out o = { .f = &f };
	int err = kind_get(rn, l, rest, &o);
	bool w;

	if (o.out)
		fclose(o.out);
	/* a write-only file (flush) refuses its read with EACCES */
	w = err == -EACCES || (!err && (f.mode & 0200));
	free(f.data);
	return w && (l->ops->sysfs_write ||
		     (is_port(l) && rtnl_link_by_index(rn, l->master) &&
		      rtnl_link_by_index(rn, l->master)->ops->port_sysfs_write));
}

bool rtnl_sysfs_writable(struct rtnl_net *rn, const char *rest)
{
	const struct rtnl_link *l = dev_of(rn, rest, &rest);
	const struct dev_attr *a = l ? attr_find(rest) : NULL;

	if (!a && l)
		return kind_writable(rn, l, rest);
	return a && (a->mode & 0200);
}

/* The kind's store, or its master's for a port's file. */
static int kind_write(struct rtnl_net *rn, struct rtnl_link *l,
		      const struct unl_cred *who, const char *rest,
		      const char *val)
{
	struct rtnl_link *m = is_port(l) ? rtnl_link_by_index(rn, l->master)
					 : NULL;
	int err = -ENOENT;

	if (l->ops->sysfs_write)
		err = l->ops->sysfs_write(l, who, rest, val);
	if (err == -ENOENT && m && m->ops->port_sysfs_write)
		err = m->ops->port_sysfs_write(l, who, rest, val);
	return err;
}

/* netdev_store(): the value as kstrtoul() reads it, then the store. */
int rtnl_sysfs_write(struct rtnl_net *rn, const struct unl_cred *who,
		     const char *rest, const char *val)
{
	struct rtnl_link *l = dev_of(rn, rest, &rest);
	const struct dev_attr *a = l ? attr_find(rest) : NULL;
	long v;

	if (!a && l)
		return kind_write(rn, l, who, rest, val);
	if (!a)
		return -ENOENT;
	if (a->store_raw)
		return a->store_raw(l, who, val);
	if (!a->store)
		return -EOPNOTSUPP;
	if (rtnl_parse_long(val, &v) || v < 0)
		return -EINVAL;
	return a->store(l, (unsigned long)v);
}
