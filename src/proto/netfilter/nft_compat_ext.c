// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * More of nft_compat's catalogue (nft_compat.h): the xtables matches
 * physdev, hashlimit and recent that iptables-nft emits, the ebtables
 * extensions ebtables-nft keeps in compat expressions (among, limit,
 * log, nflog, mark, pkttype, ip, ip6, vlan, stp, 802_3, dnat, snat,
 * redirect, arpreply) and arptables-nft's mangle and CLASSIFY targets,
 * each with its checkentry as Linux has it.  No packet flows: a
 * hashlimit or recent table is only a name here.
 */
#include <errno.h>
#include <string.h>

#include <net/if.h> /* before <linux/if.h>, which the headers below use */
#include <netinet/in.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/netfilter/xt_CLASSIFY.h>
#include <linux/netfilter/xt_hashlimit.h>
#include <linux/netfilter/xt_physdev.h>
#include <linux/netfilter/xt_recent.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_arp/arpt_mangle.h>
#include <linux/netfilter_bridge/ebt_among.h>
#include <linux/netfilter_bridge/ebt_arp.h>
#include <linux/netfilter_bridge/ebt_arpreply.h>
#include <linux/netfilter_bridge/ebt_ip.h>
#include <linux/netfilter_bridge/ebt_ip6.h>
#include <linux/netfilter_bridge/ebt_limit.h>
#include <linux/netfilter_bridge/ebt_log.h>
#include <linux/netfilter_bridge/ebt_mark_m.h>
#include <linux/netfilter_bridge/ebt_mark_t.h>
#include <linux/netfilter_bridge/ebt_nat.h>
#include <linux/netfilter_bridge/ebt_nflog.h>
#include <linux/netfilter_bridge/ebt_pkttype.h>
#include <linux/netfilter_bridge/ebt_redirect.h>
#include <linux/netfilter_bridge/ebt_stp.h>
#include <linux/netfilter_bridge/ebt_vlan.h>
#include <linux/netfilter_bridge/ebt_802_3.h>
#include <linux/netfilter_bridge/ebtables.h>

#include "core/internal.h"
#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/nft_compat.h"

#define FBR FAM(NFPROTO_BRIDGE)

/* ---- the tables of recent and hashlimit, per net ---- */

#define RECENT_PKT_LIST_TOT 20 /* ip_pkt_list_tot */
#define RECENT_LIST_TOT 200    /* ip_list_tot */

/* One address a recent table saw (struct recent_entry) */
struct recent_entry {
	struct recent_entry *next; /* oldest first (the LRU list) */
	uint8_t family;
	uint8_t addr[16];
	uint8_t ttl;
	uint32_t index, nstamps;
	uint64_t *stamps;
};

/* struct recent_table: /proc/net/xt_recent/NAME while a rule names it */
struct recent_table {
	struct recent_table *next;
	char name[XT_RECENT_NAME_LEN];
	unsigned int refcnt;
	uint32_t nstamps_max_mask;
	unsigned int entries;
	struct recent_entry *lru;
	struct xt_ext_net *xn;
};

/* struct xt_hashlimit_htable: /proc/net/ip{,6}t_hashlimit/NAME */
struct hl_table {
	struct hl_table *next;
	char name[NAME_MAX];
	uint8_t family;
	unsigned int refcnt;
};

struct xt_ext_net {
	struct unl_net *net;
	struct recent_table *recent;
	struct hl_table *hashlimit;
	bool recent_dir, hl_dirs;
};

static struct xt_ext_net *xt_ext_net_of(struct unl_net *net)
{
	struct nfnl_net *nn = nfnl_net_of(net);

	return nn ? nfnl_subsys_priv(nn, NFNL_SUBSYS_NFT_COMPAT) : NULL;
}

/* jiffies as Linux counts them: from INITIAL_JIFFIES, 300 s before
 * the 32-bit wrap */
static uint64_t xt_jiffies(struct unl_net *net)
{
	uint64_t hz = (uint64_t)unl_net_hz(net);

	return 0x100000000ull - 300 * hz +
	       (uint64_t)unl_net_now(net) * hz / 1000000000ull;
}

static void recent_entry_free(struct recent_entry *e)
{
	free(e->stamps);
	free(e);
}

static void recent_flush(struct recent_table *t)
{
	while (t->lru) {
		struct recent_entry *e = t->lru;

		t->lru = e->next;
		recent_entry_free(e);
	}
	t->entries = 0;
}

/* recent_seq_show(): an entry a line, its stamps oldest first */
static int recent_show(struct unl_net *net, void *data, FILE *out)
{
	const struct recent_table *t = data;
	char a[INET6_ADDRSTRLEN];

	(void)net;
	for (const struct recent_entry *e = t->lru; e; e = e->next) {
		uint32_t i = (e->index - 1) & t->nstamps_max_mask;

		/* %pI4, and %pI6: eight groups of four digits, uncompressed */
		if (e->family == NFPROTO_IPV6)
			for (int g = 0; g < 8; g++)
				snprintf(a + (g ? g * 5 - 1 : 0),
					 sizeof(a) - (size_t)g * 5,
					 "%s%02x%02x", g ? ":" : "",
					 e->addr[2 * g], e->addr[2 * g + 1]);
		else
			inet_ntop(AF_INET, e->addr, a, sizeof(a));
		fprintf(out, "src=%s ttl: %u last_seen: %llu oldest_pkt: %u",
			a, e->ttl, (unsigned long long)e->stamps[i], e->index);
		for (i = 0; i < e->nstamps; i++)
			fprintf(out, "%s %llu", i ? "," : "",
				(unsigned long long)e->stamps[i]);
		fputc('\n', out);
	}
	return 0;
}

static void recent_entry_update(struct recent_table *t,
				struct recent_entry *e)
{
	struct recent_entry **pp;

	e->index &= t->nstamps_max_mask;
	e->stamps[e->index++] = xt_jiffies(t->xn->net);
	if (e->index > e->nstamps)
		e->nstamps = e->index;
	/* the most recent last */
	for (pp = &t->lru; *pp != e; pp = &(*pp)->next)
		;
	*pp = e->next;
	e->next = NULL;
	for (pp = &t->lru; *pp; pp = &(*pp)->next)
		;
	*pp = e;
}

static int recent_entry_init(struct recent_table *t, uint8_t family,
			     const uint8_t *addr)
{
	struct recent_entry *e = calloc(1, sizeof(*e)), **pp;

	if (e)
		e->stamps = calloc(t->nstamps_max_mask + 1, sizeof(uint64_t));
	if (!e || !e->stamps) {
		free(e);
		return -ENOMEM;
	}
	/* a full table forgets its least recent address */
	if (t->entries >= RECENT_LIST_TOT) {
		struct recent_entry *old = t->lru;

		t->lru = old->next;
		recent_entry_free(old);
		t->entries--;
	}
	e->family = family;
	memcpy(e->addr, addr, 16);
	e->nstamps = 1;
	e->index = 1;
	e->stamps[0] = xt_jiffies(t->xn->net);
	for (pp = &t->lru; *pp; pp = &(*pp)->next)
		;
	*pp = e;
	t->entries++;
	return 0;
}

/* recent_mt_proc_write(): "+ADDR" adds (or updates), "-ADDR" removes,
 * "/" flushes */
static int recent_write(struct unl_net *net, void *data, const char *buf,
			size_t len)
{
	struct recent_table *t = data;
	char a[64];
	uint8_t addr[16] = { 0 };
	uint8_t family;
	size_t n;
	bool add;

	(void)net;
	if (len == 0)
		return 0;
	if (buf[0] == '/') {
		recent_flush(t);
		return (int)len;
	}
	if (buf[0] != '+' && buf[0] != '-')
		return -EINVAL;
	add = buf[0] == '+';
	n = strcspn(buf + 1, "\n");
	if (n >= sizeof(a))
		return -EINVAL;
	memcpy(a, buf + 1, n);
	a[n] = '\0';
	family = memchr(a, ':', n) ? NFPROTO_IPV6 : NFPROTO_IPV4;
	if (inet_pton(family == NFPROTO_IPV6 ? AF_INET6 : AF_INET, a,
		      addr) != 1)
		return -EINVAL;
	for (struct recent_entry **pp = &t->lru; *pp; pp = &(*pp)->next) {
		struct recent_entry *e = *pp;

		if (e->family != family || memcmp(e->addr, addr, 16))
			continue;
		if (add) {
			recent_entry_update(t, e);
		} else {
			*pp = e->next;
			recent_entry_free(e);
			t->entries--;
		}
		return (int)len;
	}
	if (add) {
		int err = recent_entry_init(t, family, addr);

		if (err < 0)
			return err;
	}
	return (int)len;
}

static void recent_path(const struct recent_table *t, char *buf, size_t len)
{
	snprintf(buf, len, "xt_recent/%s", t->name);
}

/* recent_mt_check()'s table: found by name, or made; the stamps it
 * keeps grow with a larger hit count (the table flushed) */
static int recent_table_get(struct unl_net *net, const char *name,
			    uint32_t hit_count)
{
	struct xt_ext_net *xn = xt_ext_net_of(net);
	uint32_t want = hit_count > RECENT_PKT_LIST_TOT ? hit_count
							 : RECENT_PKT_LIST_TOT;
	uint32_t mask = 1;
	struct recent_table *t;
	char path[256];
	int err;

	if (!xn)
		return 0;
	while (mask < want)
		mask <<= 1;
	mask--;
	for (t = xn->recent; t; t = t->next)
		if (!strcmp(t->name, name)) {
			if (mask > t->nstamps_max_mask) {
				recent_flush(t);
				t->nstamps_max_mask = mask;
			}
			t->refcnt++;
			return 0;
		}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->refcnt = 1;
	t->nstamps_max_mask = mask;
	t->xn = xn;
	recent_path(t, path, sizeof(path));
	err = unl_procnet_create(net, path, 0644, recent_show, recent_write, t);
	if (err < 0) {
		free(t);
		return err;
	}
	t->next = xn->recent;
	xn->recent = t;
	return 0;
}

static void recent_table_put(struct unl_net *net, const char *name)
{
	struct xt_ext_net *xn = xt_ext_net_of(net);
	char path[256];

	for (struct recent_table **pp = xn ? &xn->recent : NULL; pp && *pp;
	     pp = &(*pp)->next) {
		struct recent_table *t = *pp;

		if (strcmp(t->name, name) || --t->refcnt)
			continue;
		*pp = t->next;
		recent_path(t, path, sizeof(path));
		unl_procnet_remove(net, path);
		recent_flush(t);
		free(t);
		return;
	}
}

/* an empty table: no packet ever made an entry */
static int hl_show(struct unl_net *net, void *data, FILE *out)
{
	(void)net;
	(void)data;
	(void)out;
	return 0;
}

static void hl_path(const struct hl_table *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s",
		 t->family == NFPROTO_IPV4 ? "ipt_hashlimit" : "ip6t_hashlimit",
		 t->name);
}

/* htable_find_get() or htable_create(): one table per name and family */
static int hl_table_get(struct unl_net *net, const char *name, uint8_t family)
{
	struct xt_ext_net *xn = xt_ext_net_of(net);
	struct hl_table *t;
	char path[NAME_MAX + 32];
	int err;

	if (!xn)
		return 0;
	for (t = xn->hashlimit; t; t = t->next)
		if (t->family == family && !strcmp(t->name, name)) {
			t->refcnt++;
			return 0;
		}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->family = family;
	t->refcnt = 1;
	hl_path(t, path, sizeof(path));
	err = unl_procnet_create(net, path, 0444, hl_show, NULL, t);
	if (err < 0) {
		free(t);
		return err;
	}
	t->next = xn->hashlimit;
	xn->hashlimit = t;
	return 0;
}

static void hl_table_put(struct unl_net *net, const char *name,
			 uint8_t family)
{
	struct xt_ext_net *xn = xt_ext_net_of(net);
	char path[NAME_MAX + 32];

	for (struct hl_table **pp = xn ? &xn->hashlimit : NULL; pp && *pp;
	     pp = &(*pp)->next) {
		struct hl_table *t = *pp;

		if (t->family != family || strcmp(t->name, name) ||
		    --t->refcnt)
			continue;
		*pp = t->next;
		hl_path(t, path, sizeof(path));
		unl_procnet_remove(net, path);
		free(t);
		return;
	}
}

/* xt_recent's and xt_hashlimit's pernet init: their directories */
int xt_ext_net_init(struct nfnl_net *nn, void **priv)
{
	struct xt_ext_net *xn = calloc(1, sizeof(*xn));
	const struct unl_profile *p;

	if (!xn)
		return -ENOMEM;
	xn->net = nfnl_net_net(nn);
	p = unl_net_profile(xn->net);
	if (unl_profile_has(p, UNL_PROFILE_FEATURE,
			    "NETFILTER_XT_MATCH_RECENT"))
		xn->recent_dir = !unl_procnet_create(xn->net, "xt_recent",
						     0555, NULL, NULL, NULL);
	if (unl_profile_has(p, UNL_PROFILE_FEATURE,
			    "NETFILTER_XT_MATCH_HASHLIMIT"))
		xn->hl_dirs = !unl_procnet_create(xn->net, "ipt_hashlimit",
						  0555, NULL, NULL, NULL) &&
			      !unl_procnet_create(xn->net, "ip6t_hashlimit",
						  0555, NULL, NULL, NULL);
	*priv = xn;
	return 0;
}

void xt_ext_net_exit(void *priv)
{
	struct xt_ext_net *xn = priv;
	char path[NAME_MAX + 32];

	while (xn->recent) {
		struct recent_table *t = xn->recent;

		xn->recent = t->next;
		recent_path(t, path, sizeof(path));
		unl_procnet_remove(xn->net, path);
		recent_flush(t);
		free(t);
	}
	while (xn->hashlimit) {
		struct hl_table *t = xn->hashlimit;

		xn->hashlimit = t->next;
		hl_path(t, path, sizeof(path));
		unl_procnet_remove(xn->net, path);
		free(t);
	}
	unl_procnet_remove(xn->net, "xt_recent");
	unl_procnet_remove(xn->net, "ipt_hashlimit");
	unl_procnet_remove(xn->net, "ip6t_hashlimit");
	free(xn);
}

/* ---- x_tables matches ---- */

/* physdev_mt_check(): some option, none unknown, and the output
 * bridge port only where it is known (not from OUTPUT unless bridged) */
static int physdev_check(const struct xt_check *par)
{
	const struct xt_physdev_info *i = par->info;

	if (!(i->bitmask & XT_PHYSDEV_OP_MASK) ||
	    (i->bitmask & ~XT_PHYSDEV_OP_MASK))
		return -EINVAL;
	if ((i->bitmask & (XT_PHYSDEV_OP_OUT | XT_PHYSDEV_OP_ISOUT)) &&
	    (!(i->bitmask & XT_PHYSDEV_OP_BRIDGED) ||
	     (i->invert & XT_PHYSDEV_OP_BRIDGED)) &&
	    (par->hook_mask & HOOK(LOCAL_OUT)))
		return -EINVAL;
	return 0;
}

/* xt_check_proc_name(): the name of a table's /proc file */
static int proc_name_check(const char *name, size_t size)
{
	size_t n = strnlen(name, size);

	if (n == 0 || n == size)
		return n ? -ENAMETOOLONG : -EINVAL;
	if (!strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return -EINVAL;
	return 0;
}

/* hashlimit_mt_check_common(): a gc interval and an expiry, masks of
 * the family, a name for /proc, known modes */
static int hashlimit_common(const struct xt_check *par, const char *name,
			    size_t name_size, uint32_t mode, uint32_t gc,
			    uint32_t expire, uint8_t srcmask, uint8_t dstmask,
			    uint32_t modes)
{
	uint8_t host = par->family == NFPROTO_IPV4 ? 32 : 128;
	int err;

	if (gc == 0 || expire == 0)
		return -EINVAL;
	if (srcmask > host || dstmask > host)
		return -EINVAL;
	err = proc_name_check(name, name_size);
	if (err < 0)
		return err;
	return mode & ~modes ? -EINVAL : 0;
}

#define HL_MODES_V1                                                          \
	(XT_HASHLIMIT_HASH_DIP | XT_HASHLIMIT_HASH_DPT |                    \
	 XT_HASHLIMIT_HASH_SIP | XT_HASHLIMIT_HASH_SPT |                    \
	 XT_HASHLIMIT_INVERT | XT_HASHLIMIT_BYTES)

/* ... and the table of the name and family, found or made */
static int hashlimit_table(const struct xt_check *par, const char *name,
			   int err)
{
	return err < 0 ? err
		       : hl_table_get(par->net, name, par->family);
}

static int hashlimit_v1_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo1 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	return hashlimit_table(
		par, i->name,
		hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				 i->cfg.gc_interval, i->cfg.expire,
				 i->cfg.srcmask, i->cfg.dstmask, HL_MODES_V1));
}

static int hashlimit_v2_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo2 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	return hashlimit_table(
		par, i->name,
		hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				 i->cfg.gc_interval, i->cfg.expire,
				 i->cfg.srcmask, i->cfg.dstmask, HL_MODES_V1));
}

/* hashlimit_mt_destroy(): the table let go (the names of the three
 * revisions' infos are at the start) */
static void hashlimit_destroy(struct unl_net *net, const void *info,
			      uint8_t family)
{
	hl_table_put(net, info, family);
}

static int hashlimit_v3_check(const struct xt_check *par)
{
	const struct xt_hashlimit_mtinfo3 *i = par->info;

	if (!(i->cfg.mode & XT_HASHLIMIT_BYTES) && i->cfg.burst == 0)
		return -EINVAL;
	/* a rate match measures over an interval */
	if ((i->cfg.mode & XT_HASHLIMIT_RATE_MATCH) && i->cfg.interval == 0)
		return -EINVAL;
	return hashlimit_table(
		par, i->name,
		hashlimit_common(par, i->name, sizeof(i->name), i->cfg.mode,
				 i->cfg.gc_interval, i->cfg.expire,
				 i->cfg.srcmask, i->cfg.dstmask,
				 HL_MODES_V1 | XT_HASHLIMIT_RATE_MATCH));
}

#define RECENT_MAX_NSTAMPS 65536 /* XT_RECENT_MAX_NSTAMPS */

/* recent_mt_check(): one action, modifiers only for a check or update,
 * --reap with --seconds, a hit count below the stamps kept, a name */
static int recent_check(const struct xt_check *par)
{
	const struct xt_recent_mtinfo *i = par->info;
	uint8_t act = i->check_set & (XT_RECENT_SET | XT_RECENT_REMOVE |
				      XT_RECENT_CHECK | XT_RECENT_UPDATE);
	int err;

	if (i->check_set & ~XT_RECENT_VALID_FLAGS)
		return -EINVAL;
	if (__builtin_popcount(act) != 1)
		return -EINVAL;
	if ((i->check_set & (XT_RECENT_SET | XT_RECENT_REMOVE)) &&
	    (i->seconds || i->hit_count ||
	     (i->check_set & XT_RECENT_MODIFIERS)))
		return -EINVAL;
	if ((i->check_set & XT_RECENT_REAP) && !i->seconds)
		return -EINVAL;
	if (i->hit_count >= RECENT_MAX_NSTAMPS)
		return -EINVAL;
	err = proc_name_check(i->name, sizeof(i->name));
	if (err < 0)
		return err;
	return recent_table_get(par->net, i->name, i->hit_count);
}

/* recent_mt_destroy() */
static void recent_destroy(struct unl_net *net, const void *info,
			   uint8_t family)
{
	const struct xt_recent_mtinfo *i = info;

	(void)family;
	recent_table_put(net, i->name);
}

/* ---- ebtables ---- */

/* ebt_invalid_target(): a standard verdict of ebtables */
static bool ebt_bad_target(int t)
{
	return t < -NUM_STANDARD_TARGETS || t >= 0;
}

/* The entry's protocol (the compat attribute holds ebt_entry's
 * big-endian ethproto as it is in memory) and whether it is inverted */
static bool ebt_proto_is(const struct xt_check *par, uint16_t eth)
{
	return par->proto == htons(eth) && !par->inv;
}

/* ebt_among_mt_check(): the destination and source MAC tables where
 * their offsets say, filling the info exactly */
static int among_check(const struct xt_check *par)
{
	const struct ebt_among_info *i = par->info;
	const struct ebt_mac_wormhash *dst = NULL, *src = NULL;
	size_t want = sizeof(*i);

	if (par->size < want)
		return -EINVAL;
	if (i->wh_dst_ofs) {
		if (i->wh_dst_ofs < 0 ||
		    (size_t)i->wh_dst_ofs + sizeof(*dst) > par->size)
			return -EINVAL;
		dst = (const void *)((const char *)i + i->wh_dst_ofs);
		if (dst->poolsize < 0 || dst->poolsize > 257 * 64)
			return -EINVAL;
		want += ebt_mac_wormhash_size(dst);
	}
	if (want > par->size)
		return -EINVAL;
	if (i->wh_src_ofs) {
		if (i->wh_src_ofs < 0 || (size_t)i->wh_src_ofs < want ||
		    (size_t)i->wh_src_ofs + sizeof(*src) > par->size)
			return -EINVAL;
		src = (const void *)((const char *)i + i->wh_src_ofs);
		if (src->poolsize < 0 || src->poolsize > 257 * 64)
			return -EINVAL;
		want += ebt_mac_wormhash_size(src);
	}
	return par->size != XT_ALIGN(want) ? -EINVAL : 0;
}

/* ebt_limit_mt_check(): the burst's credit must not overflow */
static uint32_t ebt_credits(uint64_t user, uint32_t hz)
{
	uint64_t cpj = 0xFFFFFFFFu / ((uint64_t)hz * 60 * 60 * 24), p2 = 1;

	while (p2 * 2 <= cpj)
		p2 *= 2;
	return (uint32_t)(user * hz * p2 / EBT_LIMIT_SCALE);
}

static int ebt_limit_check(const struct xt_check *par)
{
	const struct ebt_limit_info *i = par->info;
	const struct unl_net *net = par->net;
	/* em_ipt's checks have no net: a tick of 250 Hz then */
	uint32_t hz = net && net->hz > 0 ? (uint32_t)net->hz : 250;

	if (i->burst == 0 ||
	    ebt_credits((uint32_t)(i->avg * i->burst), hz) <
		    ebt_credits(i->avg, hz))
		return -EINVAL;
	return 0;
}

/* ebt_log_tg_check(): known flags, a syslog level; the prefix ends */
static int ebt_log_check(const struct xt_check *par)
{
	struct ebt_log_info *i = par->info;

	if (i->bitmask & ~EBT_LOG_MASK)
		return -EINVAL;
	if (i->loglevel >= 8)
		return -EINVAL;
	i->prefix[EBT_LOG_PREFIX_SIZE - 1] = '\0';
	return 0;
}

/* ebt_nflog_tg_check() */
static int ebt_nflog_check(const struct xt_check *par)
{
	struct ebt_nflog_info *i = par->info;

	if (i->flags & ~EBT_NFLOG_MASK)
		return -EINVAL;
	i->prefix[EBT_NFLOG_PREFIX_SIZE - 1] = '\0';
	/* nf_logger_find_get(NF_LOG_TYPE_ULOG), nfnetlink_log loaded
	 * first (stable kernels since 2025): none without it */
	if (par->profile && !unl_profile_has(par->profile, UNL_PROFILE_FEATURE,
					     "NETFILTER_NETLINK_LOG"))
		return -ENOENT;
	return 0;
}

/* ebt_mark_tg_check(): a verdict and one of the four operations */
static int ebt_mark_check(const struct xt_check *par)
{
	const struct ebt_mark_t_info *i = par->info;
	int op = i->target & ~EBT_VERDICT_BITS;

	if (ebt_bad_target(i->target | ~EBT_VERDICT_BITS))
		return -EINVAL;
	if ((uint32_t)op != MARK_SET_VALUE && (uint32_t)op != MARK_OR_VALUE &&
	    (uint32_t)op != MARK_AND_VALUE && (uint32_t)op != MARK_XOR_VALUE)
		return -EINVAL;
	return 0;
}

/* ebt_mark_mt_check(): known bits, OR or AND, one at least */
static int ebt_mark_m_check(const struct xt_check *par)
{
	const struct ebt_mark_m_info *i = par->info;

	if (i->bitmask & ~EBT_MARK_MASK)
		return -EINVAL;
	if ((i->bitmask & EBT_MARK_OR) && (i->bitmask & EBT_MARK_AND))
		return -EINVAL;
	return i->bitmask ? 0 : -EINVAL;
}

/* ebt_pkttype_mt_check() */
static int ebt_pkttype_check(const struct xt_check *par)
{
	const struct ebt_pkttype_info *i = par->info;

	return i->invert != 0 && i->invert != 1 ? -EINVAL : 0;
}

static bool ebt_port_proto(uint8_t p)
{
	return p == IPPROTO_TCP || p == IPPROTO_UDP || p == IPPROTO_UDPLITE ||
	       p == IPPROTO_SCTP || p == IPPROTO_DCCP;
}

/* ebt_ip_mt_check(): an IPv4 entry; ports for a protocol with them,
 * in order */
static int ebt_ip_check(const struct xt_check *par)
{
	const struct ebt_ip_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_IP))
		return -EINVAL;
	if ((i->bitmask & ~EBT_IP_MASK) || (i->invflags & ~EBT_IP_MASK))
		return -EINVAL;
	if (i->bitmask & (EBT_IP_DPORT | EBT_IP_SPORT)) {
		if (i->invflags & EBT_IP_PROTO)
			return -EINVAL;
		if (!ebt_port_proto(i->protocol))
			return -EINVAL;
	}
	if ((i->bitmask & EBT_IP_DPORT) && i->dport[0] > i->dport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP_SPORT) && i->sport[0] > i->sport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP_ICMP) &&
	    ((i->invflags & EBT_IP_PROTO) || i->protocol != IPPROTO_ICMP ||
	     i->icmp_type[0] > i->icmp_type[1] ||
	     i->icmp_code[0] > i->icmp_code[1]))
		return -EINVAL;
	if ((i->bitmask & EBT_IP_IGMP) &&
	    ((i->invflags & EBT_IP_PROTO) || i->protocol != IPPROTO_IGMP ||
	     i->igmp_type[0] > i->igmp_type[1]))
		return -EINVAL;
	return 0;
}

/* ebt_ip6_mt_check() */
static int ebt_ip6_check(const struct xt_check *par)
{
	const struct ebt_ip6_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_IPV6))
		return -EINVAL;
	if ((i->bitmask & ~EBT_IP6_MASK) || (i->invflags & ~EBT_IP6_MASK))
		return -EINVAL;
	if (i->bitmask & (EBT_IP6_DPORT | EBT_IP6_SPORT)) {
		if (i->invflags & EBT_IP6_PROTO)
			return -EINVAL;
		if (!ebt_port_proto(i->protocol))
			return -EINVAL;
	}
	if ((i->bitmask & EBT_IP6_DPORT) && i->dport[0] > i->dport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP6_SPORT) && i->sport[0] > i->sport[1])
		return -EINVAL;
	if ((i->bitmask & EBT_IP6_ICMP6) &&
	    ((i->invflags & EBT_IP6_PROTO) || i->protocol != IPPROTO_ICMPV6 ||
	     i->icmpv6_type[0] > i->icmpv6_type[1] ||
	     i->icmpv6_code[0] > i->icmpv6_code[1]))
		return -EINVAL;
	return 0;
}

/* ebt_arp_mt_check(): an ARP or RARP entry, known options */
static int ebt_arp_check(const struct xt_check *par)
{
	const struct ebt_arp_info *i = par->info;

	if ((!ebt_proto_is(par, ETH_P_ARP) && !ebt_proto_is(par, ETH_P_RARP)))
		return -EINVAL;
	if ((i->bitmask & ~EBT_ARP_MASK) || (i->invflags & ~EBT_ARP_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_vlan_mt_check(): an 802.1Q entry, an ID up to 4096 (with one,
 * the priority is dropped: 802.1Q says to ignore it), a priority of
 * three bits, an encapsulated protocol of Ethernet II */
static int ebt_vlan_check(const struct xt_check *par)
{
	struct ebt_vlan_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_8021Q))
		return -EINVAL;
	if ((i->bitmask & ~EBT_VLAN_MASK) || (i->invflags & ~EBT_VLAN_MASK))
		return -EINVAL;
	if ((i->bitmask & EBT_VLAN_ID) && i->id) {
		if (i->id > 4096)
			return -EINVAL;
		i->bitmask &= (uint8_t)~EBT_VLAN_PRIO;
	}
	if ((i->bitmask & EBT_VLAN_PRIO) && i->prio > 7)
		return -EINVAL;
	if ((i->bitmask & EBT_VLAN_ENCAP) && ntohs(i->encap) < ETH_ZLEN)
		return -EINVAL;
	return 0;
}

/* ebt_stp_mt_check(): some known option (under nft_compat the
 * destination MAC is not asked for) */
static int ebt_stp_check(const struct xt_check *par)
{
	const struct ebt_stp_info *i = par->info;

	if ((i->bitmask & ~EBT_STP_MASK) || (i->invflags & ~EBT_STP_MASK) ||
	    !(i->bitmask & EBT_STP_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_802_3_mt_check() */
static int ebt_802_3_check(const struct xt_check *par)
{
	const struct ebt_802_3_info *i = par->info;

	if ((i->bitmask & ~EBT_802_3_MASK) || (i->invflags & ~EBT_802_3_MASK))
		return -EINVAL;
	return 0;
}

/* ebt_dnat_tg_check(): a verdict, from nat's PREROUTING or OUTPUT or
 * broute's BROUTING */
static int ebt_dnat_check(const struct xt_check *par)
{
	const struct ebt_nat_info *i = par->info;
	const char *table = par->table;
	/* ebtables' bit for "from a base chain" aside */
	uint32_t hooks = par->hook_mask & ~(1u << NF_BR_NUMHOOKS);

	if ((strcmp(table, "nat") ||
	     (hooks & ~((1u << NF_BR_PRE_ROUTING) | (1u << NF_BR_LOCAL_OUT)))) &&
	    (strcmp(table, "broute") || (hooks & ~(1u << NF_BR_BROUTING))))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ebt_snat_tg_check(): a verdict, perhaps with NAT_ARP_BIT */
static int ebt_snat_check(const struct xt_check *par)
{
	const struct ebt_nat_info *i = par->info;
	int t = i->target | ~EBT_VERDICT_BITS;

	if (ebt_bad_target(t))
		return -EINVAL;
	t = i->target | EBT_VERDICT_BITS;
	return (t & ~NAT_ARP_BIT) != ~NAT_ARP_BIT ? -EINVAL : 0;
}

/* ebt_redirect_tg_check() */
static int ebt_redirect_check(const struct xt_check *par)
{
	const struct ebt_redirect_info *i = par->info;
	const char *table = par->table;
	uint32_t hooks = par->hook_mask & ~(1u << NF_BR_NUMHOOKS);

	if ((strcmp(table, "nat") || (hooks & ~(1u << NF_BR_PRE_ROUTING))) &&
	    (strcmp(table, "broute") || (hooks & ~(1u << NF_BR_BROUTING))))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ebt_arpreply_tg_check(): ARP entries only */
static int ebt_arpreply_check(const struct xt_check *par)
{
	const struct ebt_arpreply_info *i = par->info;

	if (!ebt_proto_is(par, ETH_P_ARP))
		return -EINVAL;
	return ebt_bad_target(i->target) ? -EINVAL : 0;
}

/* ---- arptables ---- */

/* checkentry() of arpt_mangle: something to mangle, a verdict */
static int arpt_mangle_check(const struct xt_check *par)
{
	const struct arpt_mangle *m = par->info;

	if ((m->flags & ~ARPT_MANGLE_MASK) || !(m->flags & ARPT_MANGLE_MASK))
		return -EINVAL;
	if (m->target != NF_DROP && m->target != NF_ACCEPT &&
	    m->target != (int)XT_CONTINUE)
		return -EINVAL;
	return 0;
}

/* ---- the catalogue ---- */

#define BRHOOK(h) (1u << NF_BR_##h)

const struct xt_ext xt_catalogue_ext[] = {
	MATCH("physdev", 0, FALL, "NETFILTER_XT_MATCH_PHYSDEV",
	      sizeof(struct xt_physdev_info), .check = physdev_check),
	MATCH("hashlimit", 1, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo1),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo1, hinfo),
	      .check = hashlimit_v1_check, .destroy = hashlimit_destroy),
	MATCH("hashlimit", 2, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo2),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo2, hinfo),
	      .check = hashlimit_v2_check, .destroy = hashlimit_destroy),
	MATCH("hashlimit", 3, F4 | F6, "NETFILTER_XT_MATCH_HASHLIMIT",
	      sizeof(struct xt_hashlimit_mtinfo3),
	      .usersize = offsetof(struct xt_hashlimit_mtinfo3, hinfo),
	      .check = hashlimit_v3_check, .destroy = hashlimit_destroy),
	MATCH("recent", 0, F4 | F6, "NETFILTER_XT_MATCH_RECENT",
	      sizeof(struct xt_recent_mtinfo), .check = recent_check,
	      .destroy = recent_destroy),
	MATCH("recent", 1, F4 | F6, "NETFILTER_XT_MATCH_RECENT",
	      sizeof(struct xt_recent_mtinfo_v1), .check = recent_check,
	      .destroy = recent_destroy),
	/* ebtables */
	MATCH("among", 0, FBR, "BRIDGE_EBT_AMONG", 0, .variable = true,
	      .check = among_check),
	MATCH("limit", 0, FBR, "BRIDGE_EBT_LIMIT",
	      sizeof(struct ebt_limit_info),
	      .usersize = offsetof(struct ebt_limit_info, prev),
	      .check = ebt_limit_check),
	MATCH("pkttype", 0, FBR, "BRIDGE_EBT_PKTTYPE",
	      sizeof(struct ebt_pkttype_info), .check = ebt_pkttype_check),
	MATCH("ip", 0, FBR, "BRIDGE_EBT_IP", sizeof(struct ebt_ip_info),
	      .check = ebt_ip_check),
	MATCH("ip6", 0, FBR, "BRIDGE_EBT_IP6", sizeof(struct ebt_ip6_info),
	      .check = ebt_ip6_check),
	MATCH("arp", 0, FBR, "BRIDGE_EBT_ARP", sizeof(struct ebt_arp_info),
	      .check = ebt_arp_check),
	MATCH("vlan", 0, FBR, "BRIDGE_EBT_VLAN", sizeof(struct ebt_vlan_info),
	      .check = ebt_vlan_check),
	MATCH("stp", 0, FBR, "BRIDGE_EBT_STP", sizeof(struct ebt_stp_info),
	      .check = ebt_stp_check),
	MATCH("802_3", 0, FBR, "BRIDGE_EBT_802_3",
	      sizeof(struct ebt_802_3_info), .check = ebt_802_3_check),
	TARGET("log", 0, FBR, "BRIDGE_EBT_LOG", sizeof(struct ebt_log_info),
	       .check = ebt_log_check),
	TARGET("nflog", 0, FBR, "BRIDGE_EBT_NFLOG",
	       sizeof(struct ebt_nflog_info), .check = ebt_nflog_check),
	TARGET("mark", 0, FBR, "BRIDGE_EBT_MARK_T",
	       sizeof(struct ebt_mark_t_info), .check = ebt_mark_check),
	/* the nat targets' hooks bind the base chains that reach them
	 * (NUMHOOKS: ebtables' bit for a rule of a base chain) */
	TARGET("dnat", 0, FBR, "BRIDGE_EBT_DNAT", sizeof(struct ebt_nat_info),
	       .hooks = BRHOOK(NUMHOOKS) | BRHOOK(PRE_ROUTING) |
			BRHOOK(LOCAL_OUT) | BRHOOK(BROUTING),
	       .check = ebt_dnat_check),
	TARGET("snat", 0, FBR, "BRIDGE_EBT_SNAT", sizeof(struct ebt_nat_info),
	       .table = "nat", .hooks = BRHOOK(NUMHOOKS) | BRHOOK(POST_ROUTING),
	       .check = ebt_snat_check),
	TARGET("redirect", 0, FBR, "BRIDGE_EBT_REDIRECT",
	       sizeof(struct ebt_redirect_info),
	       .hooks = BRHOOK(NUMHOOKS) | BRHOOK(PRE_ROUTING) |
			BRHOOK(BROUTING),
	       .check = ebt_redirect_check),
	TARGET("arpreply", 0, FBR, "BRIDGE_EBT_ARPREPLY",
	       sizeof(struct ebt_arpreply_info), .table = "nat",
	       .hooks = BRHOOK(NUMHOOKS) | BRHOOK(PRE_ROUTING),
	       .check = ebt_arpreply_check),
	/* ebtables' own verdicts (ebtables.c), and its mark match */
	TARGET("standard", 0, FBR, "BRIDGE_NF_EBTABLES_LEGACY", sizeof(int)),
	MATCH("mark_m", 0, FBR, "BRIDGE_EBT_MARK",
	      sizeof(struct ebt_mark_m_info), .check = ebt_mark_m_check),
	/* arptables */
	TARGET("mangle", 0, FARP, "IP_NF_ARP_MANGLE",
	       sizeof(struct arpt_mangle), .check = arpt_mangle_check),
	TARGET("CLASSIFY", 0, FALL, "NETFILTER_XT_TARGET_CLASSIFY",
	       sizeof(struct xt_classify_target_info),
	       .hooks = HOOK(LOCAL_OUT) | HOOK(FORWARD) | HOOK(POST_ROUTING)),
	TARGET("CLASSIFY", 0, FARP, "NETFILTER_XT_TARGET_CLASSIFY",
	       sizeof(struct xt_classify_target_info),
	       .hooks = (1u << NF_ARP_OUT) | (1u << NF_ARP_FORWARD)),
};

const size_t xt_catalogue_ext_count =
	sizeof(xt_catalogue_ext) / sizeof(xt_catalogue_ext[0]);
