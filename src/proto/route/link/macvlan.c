// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * macvlan and macvtap (drivers/net/macvlan.c, macvtap.c): Ethernet
 * devices with addresses of their own on top of a lower Ethernet
 * device, in one of five modes; a source-mode device keeps the list of
 * remote MACs it accepts.  The lower device holds the devices stacked
 * on it in a port (struct macvlan_port, its rx_handler_data), made with
 * the first and freed with the last.  macvtap is the same driver with
 * a transmit queue and a tap file (the file is not modelled).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "proto/route/link/kinds.h"

#define MACVLAN_DEFAULT_BC_QUEUE_LEN 1000
/* Linux 6.2's MACVLAN_BC_CUTOFF, after the last attribute of older
 * uapi headers. */
#define MACVLAN_BC_CUTOFF (IFLA_MACVLAN_BC_QUEUE_LEN_USED + 1)
#define MACVLAN_MAX MACVLAN_BC_CUTOFF
#define MACVLAN_HASH_BITS 8
/* macvtap's TUN_READQ_SIZE */
#define MACVTAP_TXQLEN 500

/* One remote MAC of a source-mode device (macvlan_source_entry), with
 * the bucket Linux hashes it into: the list is reported bucket by
 * bucket, the newest first within one. */
struct macvlan_source {
	uint8_t addr[ETH_ALEN];
	uint8_t bucket;
	uint64_t seq;
};

/* struct macvlan_port: what the lower device knows of its macvlans. */
struct macvlan_port {
	struct rtnl_link *dev;      /* the lower device */
	struct rtnl_link *first, *last; /* its macvlans, oldest first */
	unsigned int count;
	bool passthru;
	uint32_t bc_queue_len_used; /* the largest any macvlan asks */
	unsigned int bc_used_by;    /* how many of them ask that much */
	int32_t bc_cutoff;          /* 1 unless a user set it */
};

struct macvlan_priv {
	struct rtnl_link *lower;
	struct macvlan_port *port;
	struct rtnl_link *next, *prev; /* in the port's list */
	uint32_t mode;              /* MACVLAN_MODE_* */
	uint16_t flags;             /* MACVLAN_FLAG_* */
	uint32_t bc_queue_len_req;
	bool hashed;                /* up: its address is taken on the port */
	uint32_t bc_used;           /* the port's, once out of it */
	bool linked;                /* on the port's list */
	struct macvlan_source *sources;
	size_t nsources;
	uint64_t source_seq;
};

static struct macvlan_priv *mv(const struct rtnl_link *l)
{
	return rtnl_link_priv(l);
}

/* netif_is_macvlan() */
static bool is_macvlan(const struct rtnl_link *l)
{
	return l->ops == &rtnl_macvlan_ops || l->ops == &rtnl_macvtap_ops;
}

/* macvlan_eth_hash(): the 48 bits of the address, shifted as a 64-bit
 * little-endian load shifted left by 16, times the golden ratio. */
static uint8_t macvlan_hash(const uint8_t *addr)
{
	uint64_t v = 0;

	for (int i = ETH_ALEN - 1; i >= 0; i--)
		v = (v << 8) | addr[i];
	v <<= 16;
	return (uint8_t)((v * 0x61C8864680B583EBull) >> (64 - MACVLAN_HASH_BITS));
}

/* ---- source MAC lists ---- */

static struct macvlan_source *source_find(struct macvlan_priv *v,
					  const uint8_t *addr)
{
	for (size_t i = 0; i < v->nsources; i++)
		if (!memcmp(v->sources[i].addr, addr, ETH_ALEN))
			return &v->sources[i];
	return NULL;
}

/* macvlan_hash_add_source(): an address already there stays once. */
static int source_add(struct macvlan_priv *v, const uint8_t *addr)
{
	struct macvlan_source *s;

	if (source_find(v, addr))
		return 0;
	s = realloc(v->sources, (v->nsources + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	v->sources = s;
	s = &v->sources[v->nsources++];
	memcpy(s->addr, addr, ETH_ALEN);
	s->bucket = macvlan_hash(addr);
	s->seq = ++v->source_seq;
	return 0;
}

static void source_del(struct macvlan_priv *v, const uint8_t *addr)
{
	struct macvlan_source *s = source_find(v, addr);

	if (s)
		*s = v->sources[--v->nsources];
}

/* macvlan_flush_sources() */
static void source_flush(struct macvlan_priv *v)
{
	free(v->sources);
	v->sources = NULL;
	v->nsources = 0;
}

static bool ether_ok(const struct nlattr *a)
{
	return unl_nla_len(a) == ETH_ALEN;
}

/* The SET list is checked whole before the old one goes. */
static int sources_check(const struct nlattr *list)
{
	const struct nlattr *a;
	int rem;

	if (!list)
		return 0;
	unl_nla_for_each_nested(a, list, rem) {
		if (unl_nla_type(a) != IFLA_MACVLAN_MACADDR || !ether_ok(a))
			return -EINVAL;
		if (!rtnl_link_valid_ether(unl_nla_data(a)))
			return -EADDRNOTAVAIL;
	}
	return 0;
}

/* macvlan_changelink_sources() */
static int macvlan_change_sources(struct macvlan_priv *v, uint32_t mode,
				  const struct nlattr *const *data)
{
	const uint8_t *addr = data[IFLA_MACVLAN_MACADDR]
				      ? unl_nla_data(data[IFLA_MACVLAN_MACADDR])
				      : NULL;
	const struct nlattr *a;
	int rem, err;

	switch (mode) {
	case MACVLAN_MACADDR_ADD:
		return addr ? source_add(v, addr) : -EINVAL;
	case MACVLAN_MACADDR_DEL:
		if (!addr)
			return -EINVAL;
		source_del(v, addr);
		return 0;
	case MACVLAN_MACADDR_FLUSH:
		source_flush(v);
		return 0;
	case MACVLAN_MACADDR_SET:
		err = sources_check(data[IFLA_MACVLAN_MACADDR_DATA]);
		if (err)
			return err;
		source_flush(v);
		if (addr && (err = source_add(v, addr)))
			return err;
		if (!data[IFLA_MACVLAN_MACADDR_DATA])
			return 0;
		unl_nla_for_each_nested(a, data[IFLA_MACVLAN_MACADDR_DATA], rem) {
			err = source_add(v, unl_nla_data(a));
			if (err)
				return err;
		}
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- the port on the lower device ---- */

static struct macvlan_port *port_of(const struct rtnl_link *lower)
{
	return lower->macvlan_port;
}

/* macvlan_port_create(): Ethernet only, not lo, not a device whose
 * frames another driver takes already (a bridge port). */
static int port_create(struct rtnl_link *lower, struct macvlan_port **out)
{
	struct macvlan_port *port;

	if (lower->type != ARPHRD_ETHER || (lower->flags & IFF_LOOPBACK))
		return -EINVAL;
	if (rtnl_link_rx_handler_busy(lower))
		return -EBUSY;
	port = calloc(1, sizeof(*port));
	if (!port)
		return -ENOMEM;
	port->dev = lower;
	port->bc_cutoff = 1;
	lower->macvlan_port = port;
	*out = port;
	return 0;
}

static void port_put(struct macvlan_port *port)
{
	if (port->count || port->first)
		return;
	port->dev->macvlan_port = NULL;
	free(port);
}

/* update_port_bc_queue_len() */
static void port_update_bc(struct macvlan_port *port)
{
	uint32_t max = 0;
	unsigned int by = 0;

	for (struct rtnl_link *l = port->first; l; l = mv(l)->next) {
		if (mv(l)->bc_queue_len_req > max) {
			max = mv(l)->bc_queue_len_req;
			by = 0;
		}
		if (mv(l)->bc_queue_len_req == max)
			by++;
	}
	port->bc_queue_len_used = max;
	port->bc_used_by = by;
}

/* update_port_bc_queue_len() once l joined the port's list, in
 * constant time: the largest stays or is l's. */
static void port_update_bc_join(struct macvlan_port *port,
				const struct rtnl_link *l)
{
	uint32_t req = mv(l)->bc_queue_len_req;

	if (port->first == l && port->last == l) {
		port->bc_queue_len_used = req;
		port->bc_used_by = 1;
	} else if (req > port->bc_queue_len_used) {
		port->bc_queue_len_used = req;
		port->bc_used_by = 1;
	} else if (req == port->bc_queue_len_used) {
		port->bc_used_by++;
	}
}

/* update_port_bc_queue_len() once l left the port's list: the list is
 * walked only when l was the last to ask the largest, so that deleting
 * the macvlans of a lower device one by one stays linear in all. */
static void port_update_bc_leave(struct macvlan_port *port,
				 const struct rtnl_link *l)
{
	if (mv(l)->bc_queue_len_req != port->bc_queue_len_used)
		return;
	if (--port->bc_used_by == 0)
		port_update_bc(port);
}

static void port_link(struct macvlan_port *port, struct rtnl_link *l)
{
	mv(l)->prev = port->last;
	mv(l)->next = NULL;
	if (port->last)
		mv(port->last)->next = l;
	else
		port->first = l;
	port->last = l;
	mv(l)->linked = true;
}

static void port_unlink(struct macvlan_port *port, struct rtnl_link *l)
{
	struct macvlan_priv *v = mv(l);

	if (!v->linked)
		return;
	if (v->prev)
		mv(v->prev)->next = v->next;
	else
		port->first = v->next;
	if (v->next)
		mv(v->next)->prev = v->prev;
	else
		port->last = v->prev;
	v->next = v->prev = NULL;
	v->linked = false;
}

/* macvlan_uninit(): out of the port; the port goes with its last.
 * The lower device stays named (its index is what the device's
 * RTM_DELLINK reports), and so does the broadcast queue the port used. */
static void macvlan_leave_port(struct rtnl_link *l)
{
	struct macvlan_port *port = mv(l)->port;

	if (!port)
		return;
	source_flush(mv(l));
	if (mv(l)->linked) {
		port_unlink(port, l);
		port_update_bc_leave(port, l);
	}
	port->count--;
	if (mv(l)->mode == MACVLAN_MODE_PASSTHRU)
		port->passthru = false;
	mv(l)->port = NULL;
	mv(l)->bc_used = port->bc_queue_len_used;
	port_put(port);
}

/* macvlan_addr_busy(): the lower's own address (unless passthru), or
 * one of its macvlans that is up. */
static bool addr_busy(const struct macvlan_port *port, const uint8_t *addr)
{
	if (!port->passthru && !memcmp(port->dev->addr, addr, ETH_ALEN))
		return true;
	for (const struct rtnl_link *l = port->first; l; l = mv(l)->next)
		if (mv(l)->hashed && !memcmp(l->addr, addr, ETH_ALEN))
			return true;
	return false;
}

/* netdev_upper_dev_link() / _unlink() as the lower device sees it. */
static void macvlan_upper_change(struct rtnl_link *lower, struct rtnl_link *l,
				 bool linking)
{
	struct rtnl_netdev_info info = { .dev = lower, .upper = l,
					 .linking = linking };

	rtnl_netdev_notify(lower->rn, RTNL_NETDEV_CHANGEUPPER, &info);
}

/* ---- creating and changing ---- */

static void macvlan_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
}

static void macvtap_setup(struct rtnl_link *l)
{
	rtnl_link_ether_setup(l);
	l->txqlen = MACVTAP_TXQLEN;
}

static const struct unl_nla_policy macvlan_policy[MACVLAN_MAX + 1] = {
	[IFLA_MACVLAN_MODE] = { .type = UNL_NLA_U32 },
	[IFLA_MACVLAN_FLAGS] = { .type = UNL_NLA_U16 },
	[IFLA_MACVLAN_MACADDR_MODE] = { .type = UNL_NLA_U32 },
	[IFLA_MACVLAN_MACADDR] = { .type = UNL_NLA_BINARY, .len = 32 },
	[IFLA_MACVLAN_MACADDR_DATA] = { .type = UNL_NLA_NESTED },
	[IFLA_MACVLAN_MACADDR_COUNT] = { .type = UNL_NLA_U32 },
	[IFLA_MACVLAN_BC_QUEUE_LEN] = { .type = UNL_NLA_U32 },
	[IFLA_MACVLAN_BC_QUEUE_LEN_USED] = { .type = UNL_NLA_REJECT },
	[MACVLAN_BC_CUTOFF] = { .type = UNL_NLA_S32 },
};

/* macvlan_validate(): no messages, as the driver gives none. */
static int macvlan_validate(struct rtnl_net *rn, const struct nlattr *const *tb,
			    const struct nlattr *const *data,
			    struct unl_ext_ack *extack)
{
	int err = rtnl_link_validate_ether(tb[IFLA_ADDRESS]);

	if (err || !data)
		return err;
	if (data[IFLA_MACVLAN_FLAGS] &&
	    (unl_nla_get_u16(data[IFLA_MACVLAN_FLAGS]) &
	     ~(MACVLAN_FLAG_NOPROMISC | MACVLAN_FLAG_NODST)))
		return -EINVAL;
	if (data[IFLA_MACVLAN_MODE]) {
		switch (unl_nla_get_u32(data[IFLA_MACVLAN_MODE])) {
		case MACVLAN_MODE_PRIVATE:
		case MACVLAN_MODE_VEPA:
		case MACVLAN_MODE_BRIDGE:
		case MACVLAN_MODE_PASSTHRU:
		case MACVLAN_MODE_SOURCE:
			break;
		default:
			return -EINVAL;
		}
	}
	if (data[IFLA_MACVLAN_MACADDR_MODE] &&
	    unl_nla_get_u32(data[IFLA_MACVLAN_MACADDR_MODE]) >
		    MACVLAN_MACADDR_SET)
		return -EINVAL;
	if (data[IFLA_MACVLAN_MACADDR]) {
		if (!ether_ok(data[IFLA_MACVLAN_MACADDR]))
			return -EINVAL;
		if (!rtnl_link_valid_ether(unl_nla_data(data[IFLA_MACVLAN_MACADDR])))
			return -EADDRNOTAVAIL;
	}
	if (data[IFLA_MACVLAN_MACADDR_COUNT])
		return -EINVAL;
	return 0;
}

/* The settings newlink takes before the device is registered: mode,
 * flags, passthru's address, the source list, the broadcast queue. */
static int macvlan_settings(struct rtnl_link *l, struct macvlan_port *port,
			    const struct nlattr *const *data)
{
	struct macvlan_priv *v = mv(l);
	int err;

	v->mode = MACVLAN_MODE_VEPA;
	if (data && data[IFLA_MACVLAN_MODE])
		v->mode = unl_nla_get_u32(data[IFLA_MACVLAN_MODE]);
	if (data && data[IFLA_MACVLAN_FLAGS])
		v->flags = unl_nla_get_u16(data[IFLA_MACVLAN_FLAGS]);
	if (v->mode == MACVLAN_MODE_PASSTHRU) {
		if (port->count)
			return -EINVAL;
		port->passthru = true;
		/* eth_hw_addr_inherit() */
		memcpy(l->addr, port->dev->addr, ETH_ALEN);
		l->addr_assign_type = port->dev->addr_assign_type;
	}
	if (data && data[IFLA_MACVLAN_MACADDR_MODE]) {
		if (v->mode != MACVLAN_MODE_SOURCE)
			return -EINVAL;
		err = macvlan_change_sources(
			v, unl_nla_get_u32(data[IFLA_MACVLAN_MACADDR_MODE]), data);
		if (err)
			return err;
	}
	v->bc_queue_len_req = MACVLAN_DEFAULT_BC_QUEUE_LEN;
	if (data && data[IFLA_MACVLAN_BC_QUEUE_LEN])
		v->bc_queue_len_req =
			unl_nla_get_u32(data[IFLA_MACVLAN_BC_QUEUE_LEN]);
	if (data && data[MACVLAN_BC_CUTOFF])
		port->bc_cutoff = (int32_t)unl_nla_get_u32(data[MACVLAN_BC_CUTOFF]);
	return 0;
}

/* macvlan_common_newlink(): the lower device (the real one beneath a
 * macvlan), the MTU within it, the port, the settings, registration,
 * then linked above the lower device with its carrier. */
static int macvlan_newlink(struct rtnl_link *l,
			   const struct rtnl_newlink_params *p,
			   struct unl_ext_ack *extack)
{
	struct macvlan_port *port;
	struct rtnl_link *lower;
	bool created = false;
	int err;

	if (!p->tb[IFLA_LINK])
		return -EINVAL;
	lower = rtnl_link_by_index(rtnl_newlink_link_net(p),
				   (int)unl_nla_get_u32(p->tb[IFLA_LINK]));
	if (!lower)
		return -ENODEV;
	if (is_macvlan(lower))
		lower = mv(lower)->lower;
	if (!p->tb[IFLA_MTU])
		l->mtu = lower->mtu;
	else if (l->mtu > lower->mtu)
		return -EINVAL;
	l->min_mtu = ETH_MIN_MTU;
	l->max_mtu = lower->max_mtu;
	port = port_of(lower);
	if (!port) {
		err = port_create(lower, &port);
		if (err)
			return err;
		created = true;
	}
	err = port->passthru ? -EINVAL : macvlan_settings(l, port, p->data);
	if (err)
		goto fail;
	l->carrier = lower->carrier;
	l->carrier_managed = true;
	/* macvlan_init(): netif_inherit_tso_max() */
	l->tso_max_size = lower->tso_max_size;
	mv(l)->lower = lower;
	mv(l)->port = port;
	port->count++;
	err = rtnl_link_register(l, p->ifm->ifi_index);
	if (err) {
		port->count--;
		if (mv(l)->mode == MACVLAN_MODE_PASSTHRU)
			port->passthru = false;
		mv(l)->port = NULL;
		goto fail;
	}
	macvlan_upper_change(lower, l, true);
	port_link(port, l);
	port_update_bc_join(port, l);
	rtnl_link_carrier_set(l, lower->carrier);
	return 0;
fail:
	source_flush(mv(l));
	if (mv(l)->mode == MACVLAN_MODE_PASSTHRU && !port->count)
		port->passthru = false;
	if (created)
		port_put(port);
	return err;
}

/* macvlan_changelink(): the mode checked first (passthru is for life;
 * leaving source mode drops the list), then flags (passthru's lower
 * leaves or takes promiscuity), queue and cutoff, the mode, the list. */
static int macvlan_changelink(struct rtnl_link *l, const struct nlattr *const *tb,
			      const struct nlattr *const *data,
			      struct unl_ext_ack *extack)
{
	struct macvlan_priv *v = mv(l);
	uint32_t mode = v->mode;

	if (!data)
		return 0;
	if (data[IFLA_MACVLAN_MODE]) {
		mode = unl_nla_get_u32(data[IFLA_MACVLAN_MODE]);
		if ((mode == MACVLAN_MODE_PASSTHRU) !=
		    (v->mode == MACVLAN_MODE_PASSTHRU))
			return -EINVAL;
		if (v->mode == MACVLAN_MODE_SOURCE && mode != v->mode)
			source_flush(v);
	}
	if (data[IFLA_MACVLAN_FLAGS]) {
		uint16_t flags = unl_nla_get_u16(data[IFLA_MACVLAN_FLAGS]);

		if (v->port->passthru &&
		    ((flags ^ v->flags) & MACVLAN_FLAG_NOPROMISC))
			rtnl_link_set_promiscuity(
				v->lower, flags & MACVLAN_FLAG_NOPROMISC ? -1 : 1);
		v->flags = flags;
	}
	if (data[IFLA_MACVLAN_BC_QUEUE_LEN]) {
		v->bc_queue_len_req = unl_nla_get_u32(data[IFLA_MACVLAN_BC_QUEUE_LEN]);
		port_update_bc(v->port);
	}
	if (data[MACVLAN_BC_CUTOFF])
		v->port->bc_cutoff =
			(int32_t)unl_nla_get_u32(data[MACVLAN_BC_CUTOFF]);
	v->mode = mode;
	if (data[IFLA_MACVLAN_MACADDR_MODE]) {
		if (v->mode != MACVLAN_MODE_SOURCE)
			return -EINVAL;
		return macvlan_change_sources(
			v, unl_nla_get_u32(data[IFLA_MACVLAN_MACADDR_MODE]), data);
	}
	return 0;
}

/* macvlan_dellink(): out of the port, unlinked, queued. */
static void macvlan_dellink(struct rtnl_link *l, struct rtnl_link_list *kill)
{
	struct rtnl_link *lower = mv(l)->lower;

	rtnl_link_queue_kill(l, kill);
	if (lower)
		macvlan_upper_change(lower, l, false);
	macvlan_leave_port(l);
}

static void macvlan_destructor(struct rtnl_link *l)
{
	macvlan_leave_port(l);
	source_flush(mv(l));
}

/* ---- reporting ---- */

static int source_cmp(const void *a, const void *b)
{
	const struct macvlan_source *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq;
}

static int macvlan_fill_sources(struct unl_skb *skb, struct macvlan_priv *v)
{
	struct nlattr *nest;

	if (!v->nsources)
		return 0;
	qsort(v->sources, v->nsources, sizeof(*v->sources), source_cmp);
	nest = rtnl_nest_start(skb, IFLA_MACVLAN_MACADDR_DATA);
	if (!nest)
		return -EMSGSIZE;
	for (size_t i = 0; i < v->nsources; i++)
		if (unl_nla_put(skb, IFLA_MACVLAN_MACADDR, ETH_ALEN,
				v->sources[i].addr))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* macvlan_fill_info() */
static int macvlan_fill_info(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct macvlan_priv *v = mv(l);
	const struct macvlan_port *port = v->port;

	if (unl_nla_put_u32(skb, IFLA_MACVLAN_MODE, v->mode) ||
	    unl_nla_put_u16(skb, IFLA_MACVLAN_FLAGS, v->flags) ||
	    unl_nla_put_u32(skb, IFLA_MACVLAN_MACADDR_COUNT,
			    (uint32_t)v->nsources) ||
	    macvlan_fill_sources(skb, v) ||
	    unl_nla_put_u32(skb, IFLA_MACVLAN_BC_QUEUE_LEN, v->bc_queue_len_req) ||
	    unl_nla_put_u32(skb, IFLA_MACVLAN_BC_QUEUE_LEN_USED,
			    port ? port->bc_queue_len_used : v->bc_used))
		return -EMSGSIZE;
	if (port && port->bc_cutoff != 1 &&
	    unl_nla_put_u32(skb, MACVLAN_BC_CUTOFF, (uint32_t)port->bc_cutoff))
		return -EMSGSIZE;
	return 0;
}

static int macvlan_get_iflink(const struct rtnl_link *l)
{
	return mv(l)->lower ? mv(l)->lower->ifindex : 0;
}

static struct rtnl_net *macvlan_get_link_net(const struct rtnl_link *l)
{
	return mv(l)->lower ? mv(l)->lower->rn : l->rn;
}

/* ---- the driver ---- */

/* macvlan_open(): passthru makes its lower promiscuous (unless told
 * not to); any other needs an address no one on the port has, puts it
 * on the lower's unicast list, and hands its all-multicast and
 * promiscuity down. */
static int macvlan_open(struct rtnl_link *l, struct unl_ext_ack *extack)
{
	struct macvlan_priv *v = mv(l);

	if (!v->port)
		return -ENODEV;
	if (v->port->passthru) {
		if (!(v->flags & MACVLAN_FLAG_NOPROMISC))
			rtnl_link_set_promiscuity(v->lower, 1);
	} else {
		if (addr_busy(v->port, l->addr))
			return -EADDRINUSE;
		int err = rtnl_dev_uc_add(v->lower, l->addr);

		if (err)
			return err;
		if (l->flags & IFF_ALLMULTI)
			rtnl_link_set_allmulti(v->lower, 1);
		if (l->flags & IFF_PROMISC)
			rtnl_link_set_promiscuity(v->lower, 1);
	}
	v->hashed = true;
	return 0;
}

/* macvlan_stop(): what open handed down is taken back. */
static void macvlan_stop(struct rtnl_link *l)
{
	struct macvlan_priv *v = mv(l);

	v->hashed = false;
	if (!v->lower)
		return;
	if (v->mode == MACVLAN_MODE_PASSTHRU) {
		if (!(v->flags & MACVLAN_FLAG_NOPROMISC))
			rtnl_link_set_promiscuity(v->lower, -1);
		return;
	}
	rtnl_dev_uc_del(v->lower, l->addr);
	if (l->flags & IFF_ALLMULTI)
		rtnl_link_set_allmulti(v->lower, -1);
	if (l->flags & IFF_PROMISC)
		rtnl_link_set_promiscuity(v->lower, -1);
}

/* macvlan_change_rx_flags() */
static void macvlan_change_rx_flags(struct rtnl_link *l, unsigned int changes)
{
	struct macvlan_priv *v = mv(l);

	if (!(l->flags & IFF_UP) || !v->lower)
		return;
	if (changes & IFF_ALLMULTI)
		rtnl_link_set_allmulti(v->lower, l->flags & IFF_ALLMULTI ? 1 : -1);
	if (v->mode != MACVLAN_MODE_PASSTHRU && (changes & IFF_PROMISC))
		rtnl_link_set_promiscuity(v->lower,
					  l->flags & IFF_PROMISC ? 1 : -1);
}

/* macvlan_fdb_add(): multicast addresses on any macvlan's own list,
 * unicast ones only on a passthru one's; never a replace. */
static int macvlan_fdb_add(struct rtnl_link *l, const struct ndmsg *ndm,
			   const struct nlattr *const *tb, const uint8_t *addr,
			   uint16_t vid, uint16_t nlh_flags, bool *notified,
			   struct unl_ext_ack *extack)
{
	bool unicast = !(addr[0] & 1);

	if (unicast && !(mv(l)->port && mv(l)->port->passthru))
		return -EOPNOTSUPP;
	if (nlh_flags & NLM_F_REPLACE)
		return -EOPNOTSUPP;
	return unicast ? rtnl_dev_uc_add_excl(l, addr)
		       : rtnl_dev_mc_add_excl(l, addr);
}

/* macvlan_fdb_del() */
static int macvlan_fdb_del(struct rtnl_link *l, const struct ndmsg *ndm,
			   const struct nlattr *const *tb, const uint8_t *addr,
			   uint16_t vid, bool *notified,
			   struct unl_ext_ack *extack)
{
	return !(addr[0] & 1) ? rtnl_dev_uc_del(l, addr)
			      : rtnl_dev_mc_del(l, addr);
}

/* macvlan_change_mtu(): at most the lower device's. */
static int macvlan_change_mtu(struct rtnl_link *l, uint32_t mtu)
{
	return mv(l)->lower && mtu > mv(l)->lower->mtu ? -EINVAL : 0;
}

/* macvlan_set_mac_address(): passthru changes the lower device's (and
 * follows it); any other an address free on the port. */
static int macvlan_set_mac_address(struct rtnl_link *l, const uint8_t *addr,
				   struct unl_ext_ack *extack)
{
	struct macvlan_priv *v = mv(l);
	struct rtnl_link *lower = v->lower;
	int err;

	if (!rtnl_link_valid_ether(addr))
		return -EADDRNOTAVAIL;
	if (!memcmp(l->addr, addr, ETH_ALEN))
		return 0;
	if (v->port && v->port->passthru) {
		if (!lower->ops->set_mac_address)
			return -EOPNOTSUPP;
		err = lower->ops->set_mac_address(lower, addr, extack);
		if (err)
			return err;
		rtnl_netdev_event(lower, RTNL_NETDEV_CHANGEADDR);
		return 0;
	}
	if (v->port && addr_busy(v->port, addr))
		return -EADDRINUSE;
	/* macvlan_sync_address(): an open device's address moves on the
	 * lower's unicast list */
	if (v->hashed && lower) {
		err = rtnl_dev_uc_add(lower, addr);
		if (err)
			return err;
		rtnl_dev_uc_del(lower, l->addr);
	}
	return rtnl_link_eth_mac_addr(l, addr, extack);
}

/* ---- what happens to the lower device (macvlan_device_event()) ---- */

static void lower_unregister(struct macvlan_port *port)
{
	struct rtnl_link_list kill;
	struct rtnl_link *lower = port->dev;

	rtnl_link_list_init(&kill);
	/* the port goes with the last of them */
	while ((port = port_of(lower)) && port->first)
		port->first->ops->dellink(port->first, &kill);
	rtnl_link_unregister_many(lower->rn, &kill);
}

static int macvlan_device_event(struct rtnl_net *rn,
				enum rtnl_netdev_event event,
				const struct rtnl_netdev_info *info)
{
	struct rtnl_link *lower = info->dev, *l;
	struct macvlan_port *port = port_of(lower);

	if (!port)
		return 0;
	switch (event) {
	case RTNL_NETDEV_CHANGE:
		for (l = port->first; l; l = mv(l)->next)
			rtnl_link_carrier_set(l, lower->carrier);
		break;
	case RTNL_NETDEV_CHANGEMTU:
		for (l = port->first; l; l = mv(l)->next)
			if (l->mtu > lower->mtu)
				rtnl_link_dev_set_mtu(l, lower->mtu);
		break;
	case RTNL_NETDEV_CHANGEADDR:
		/* passthru's one device takes the lower's new address */
		l = port->first;
		if (!port->passthru || !l)
			break;
		rtnl_link_dev_addr_set(l, lower->addr);
		rtnl_netdev_event(l, RTNL_NETDEV_CHANGEADDR);
		break;
	case RTNL_NETDEV_UNREGISTER:
		if (lower->unregistering)
			lower_unregister(port);
		break;
	default:
		break;
	}
	return 0;
}

/* netdev_upper_dev_link()'s lower device */
static struct rtnl_link *macvlan_lower_dev(const struct rtnl_link *l)
{
	return mv(l)->lower;
}

static const struct rtnl_ethtool macvlan_ethtool = {
	.driver = "macvlan",
	.version = "0.1",
	.ts_info_lower = true,
	.get_link = true,
	.ksettings = rtnl_link_lower_ksettings,
};

#define MACVLAN_COMMON_OPS                                                  \
	.priv_size = sizeof(struct macvlan_priv),                           \
	.maxtype = MACVLAN_MAX, .policy = macvlan_policy,              \
	.validate = macvlan_validate, .newlink = macvlan_newlink,           \
	.changelink = macvlan_changelink, .dellink = macvlan_dellink,       \
	.fill_info = macvlan_fill_info, .get_iflink = macvlan_get_iflink,   \
	.get_link_net = macvlan_get_link_net,                               \
	.set_mac_address = macvlan_set_mac_address, .open = macvlan_open,   \
	.stop = macvlan_stop, .change_mtu = macvlan_change_mtu,             \
	.change_rx_flags = macvlan_change_rx_flags, .speed = rtnl_link_lower_speed, \
	.unicast_flt = true, .destructor = macvlan_destructor,              \
	.ethtool = &macvlan_ethtool, .lower_dev = macvlan_lower_dev,         \
	.fdb_add = macvlan_fdb_add, .fdb_del = macvlan_fdb_del,               \
	.mc_sync = true, .uc_sync = true

/* The one notifier (macvlan.ko's) watches the lower devices of both. */
const struct rtnl_link_ops rtnl_macvlan_ops = {
	.kind = "macvlan",
	.setup = macvlan_setup,
	.netdev_event = macvlan_device_event,
	MACVLAN_COMMON_OPS,
};

/* macvtap: a transmit queue of 500 (TUN_READQ_SIZE). */
const struct rtnl_link_ops rtnl_macvtap_ops = {
	.kind = "macvtap",
	.setup = macvtap_setup,
	.tx_queue = true,
	MACVLAN_COMMON_OPS,
};
