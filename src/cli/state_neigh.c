// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The parts of a state (docs/state.md) that belong to bridges' global
 * VLAN options and the neighbour tables:
 *
 *   neightbl  each device's neighbour parameters (arp_cache,
 *             ndisc_cache) that differ from the table's defaults, as
 *             the RTM_SETNEIGHTBL that sets them.  They are the
 *             net.ipv{4,6}.neigh.DEV sysctls too, but those round to
 *             USER_HZ or seconds: a request carries milliseconds, and
 *             loads back what was saved.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "cli/state-private.h"

/* What neightbl_set() takes of NDTA_PARMS (NDTPA_QUEUE_LEN is
 * NDTPA_QUEUE_LENBYTES counted in frames: the bytes are saved). */
static const uint16_t settable_parms[] = {
	NDTPA_QUEUE_LENBYTES,  NDTPA_PROXY_QLEN,
	NDTPA_APP_PROBES,      NDTPA_UCAST_PROBES,
	NDTPA_MCAST_PROBES,    NDTPA_MCAST_REPROBES,
	NDTPA_BASE_REACHABLE_TIME, NDTPA_GC_STALETIME,
	NDTPA_DELAY_PROBE_TIME, NDTPA_INTERVAL_PROBE_TIME_MS,
	NDTPA_RETRANS_TIME,    NDTPA_ANYCAST_DELAY,
	NDTPA_PROXY_DELAY,     NDTPA_LOCKTIME,
};

#define N_SETTABLE (sizeof(settable_parms) / sizeof(settable_parms[0]))

static bool same_attr(const struct nlattr *a, const struct nlattr *b)
{
	if (!a || !b)
		return a == b;
	return st_plen(a) == st_plen(b) &&
	       !memcmp(st_payload(a), st_payload(b), st_plen(a));
}

/* A table's default parameters (its first message, without a device),
 * by name. */
struct tbl_default {
	char name[32];
	const struct nlattr *p[NDTPA_MAX + 1];
};

static struct tbl_default *default_of(struct tbl_default *d, size_t n,
				      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return &d[i];
	return NULL;
}

static void save_device_parms(struct out *o, const struct ndtmsg *ndt,
			      const struct nlattr *name,
			      const struct nlattr **p,
			      const struct tbl_default *dflt, struct buf *b)
{
	struct ndtmsg m = { .ndtm_family = ndt->ndtm_family };
	bool differ = false;
	size_t nest;

	for (size_t i = 0; i < N_SETTABLE; i++)
		if (!same_attr(p[settable_parms[i]],
			       dflt ? dflt->p[settable_parms[i]] : NULL))
			differ = true;
	if (!differ)
		return;
	st_req_start(b, RTM_SETNEIGHTBL, 0, &m, sizeof(m));
	st_put_copy(b, name);
	nest = st_nest_start(b, NDTA_PARMS);
	st_put_copy(b, p[NDTPA_IFINDEX]);
	for (size_t i = 0; i < N_SETTABLE; i++)
		if (p[settable_parms[i]] &&
		    !same_attr(p[settable_parms[i]],
			       dflt ? dflt->p[settable_parms[i]] : NULL))
			st_put_copy(b, p[settable_parms[i]]);
	st_nest_end(b, nest);
	st_emit(o, "neightbl", b);
}

int st_save_neigh_parms(int fd, struct out *o, struct net_state *s,
			struct buf *b)
{
	struct ndtmsg ndt = { .ndtm_family = AF_UNSPEC };
	struct tbl_default dflt[8];
	struct msgs m = { 0 };
	size_t ndflt = 0;
	int ret = st_dump(fd, RTM_GETNEIGHTBL, &ndt, sizeof(ndt), &m);

	for (size_t i = 0; !ret && i < m.n; i++) {
		const struct ndtmsg *t = NLMSG_DATA(m.v[i]);
		const struct nlattr *tb[NDTA_MAX + 1], *p[NDTPA_MAX + 1];
		struct tbl_default *d;
		char name[32];

		if (m.v[i]->nlmsg_type != RTM_NEWNEIGHTBL ||
		    m.v[i]->nlmsg_len < NLMSG_LENGTH(sizeof(*t)))
			continue;
		st_parse_msg(m.v[i], sizeof(*t), tb, NDTA_MAX);
		if (!tb[NDTA_NAME] || !tb[NDTA_PARMS] ||
		    st_plen(tb[NDTA_NAME]) >= sizeof(name))
			continue;
		memcpy(name, st_payload(tb[NDTA_NAME]), st_plen(tb[NDTA_NAME]));
		name[st_plen(tb[NDTA_NAME])] = '\0';
		st_parse(st_payload(tb[NDTA_PARMS]), st_plen(tb[NDTA_PARMS]), p,
			 NDTPA_MAX);
		if (!p[NDTPA_IFINDEX]) {
			/* the table's own: what a new device starts from */
			if (ndflt < sizeof(dflt) / sizeof(dflt[0]) &&
			    !default_of(dflt, ndflt, name)) {
				d = &dflt[ndflt++];
				snprintf(d->name, sizeof(d->name), "%s", name);
				memcpy(d->p, p, sizeof(p));
			}
			continue;
		}
		if (st_link_skipped(s, (int)st_get_u32(p[NDTPA_IFINDEX])) ||
		    !st_link_by_index(s, (int)st_get_u32(p[NDTPA_IFINDEX])))
			continue;
		save_device_parms(o, t, tb[NDTA_NAME], p,
				  default_of(dflt, ndflt, name), b);
	}
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP ? 0 : ret;
}
