// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ip_tables, ip6_tables and arp_tables (net/ipv4/netfilter/ip_tables.c,
 * net/ipv6/netfilter/ip6_tables.c, net/ipv4/netfilter/arp_tables.c, and
 * x_tables.c's table code): the legacy xtables tables of a net, which
 * iptables-legacy, ip6tables-legacy and arptables-legacy read and
 * replace whole through socket options (GET_INFO, GET_ENTRIES,
 * SET_REPLACE, SET_ADD_COUNTERS, GET_REVISION_*).  A table is a blob of
 * entries (arp_tables' have no matches):
 *
 *   +------------------------- one entry (next_offset bytes) ---------+
 *   | ipt_entry, ip6t_entry, | match | match ... | target             |
 *   | arpt_entry             |                                        |
 *   | ip part, target_offset,| (xt_entry_match     (xt_entry_target   |
 *   | next_offset, comefrom, |  + info)             + info; "" is the |
 *   | counters               |                      verdict, "ERROR"  |
 *   +------------------------+------------------------ a chain head) -+
 *
 * A replaced blob is checked as translate_table() checks it (offsets,
 * hooks and underflows, loops, every extension found in nft_compat's
 * catalogue and checked), kept as given and shown back with the
 * counters and comefrom the kernel fills in.  Tables come into a net
 * the first time they are named, from the templates the profile's
 * table modules register (a new namespace's ip_tables_names is empty).
 * Packets never cross them: counters move only by SET_ADD_COUNTERS.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_arp/arp_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/nft_compat.h"
#include "proto/netfilter/xt_tables.h"
#include "proto/netfilter/x_tables.h"

/* XT_MAX_TABLE_SIZE: the largest blob xt_alloc_table_info() takes */
#define XT_MAX_TABLE_SIZE_ (512u * 1024u * 1024u)
#define ENTRY_ALIGN 8u /* __alignof__(struct ipt_entry), ip6t_entry's */
#define TARGET_HDR ((uint32_t)sizeof(struct xt_entry_target))
#define MATCH_HDR ((uint32_t)sizeof(struct xt_entry_match))
#define STANDARD_TG_SIZE XT_ALIGN(sizeof(struct xt_standard_target))
#define ERROR_TG_SIZE XT_ALIGN(sizeof(struct xt_error_target))

/* The headers of the replace and the info differ only in their hook
 * count (NF_INET_NUMHOOKS, NF_ARP_NUMHOOKS): laid out here by it. */
#define HDR_HOOKS 44u /* name, valid_hooks, num_entries, size */
#define REPLACE_HDR(n) ((HDR_HOOKS + 8u * (n) + 4u + 7u) / 8u * 8u + 8u)
#define GETINFO_SIZE(n) (36u + 8u * (n) + 8u)
_Static_assert(REPLACE_HDR(NF_INET_NUMHOOKS) == sizeof(struct ipt_replace) &&
		       REPLACE_HDR(NF_INET_NUMHOOKS) ==
			       sizeof(struct ip6t_replace) &&
		       REPLACE_HDR(NF_ARP_NUMHOOKS) ==
			       sizeof(struct arpt_replace),
	       "the replace header's layout");
_Static_assert(GETINFO_SIZE(NF_INET_NUMHOOKS) == sizeof(struct ipt_getinfo) &&
		       GETINFO_SIZE(NF_INET_NUMHOOKS) ==
			       sizeof(struct ip6t_getinfo) &&
		       GETINFO_SIZE(NF_ARP_NUMHOOKS) ==
			       sizeof(struct arpt_getinfo),
	       "the info's layout");
_Static_assert(offsetof(struct arpt_replace, counters) ==
		       REPLACE_HDR(NF_ARP_NUMHOOKS) - 8 &&
		       offsetof(struct ipt_replace, counters) ==
			       REPLACE_HDR(NF_INET_NUMHOOKS) - 8,
	       "the counters pointer ends the replace header");
_Static_assert(sizeof(struct ipt_get_entries) ==
		       sizeof(struct ip6t_get_entries),
	       "one entries header for both families");

/* A table module: the hooks it registers (the template x_tables
 * instantiates in a net on first use). */
struct xt_template {
	const char *name;
	uint32_t hooks;
	const char *feature;
};

#define H(h) (1u << NF_INET_##h)

static const struct xt_template ipv4_templates[] = {
	{ "filter", H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT), "IP_NF_FILTER" },
	{ "mangle", H(PRE_ROUTING) | H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT) |
			    H(POST_ROUTING), "IP_NF_MANGLE" },
	{ "nat", H(PRE_ROUTING) | H(POST_ROUTING) | H(LOCAL_OUT) | H(LOCAL_IN),
	  "IP_NF_NAT" },
	{ "raw", H(PRE_ROUTING) | H(LOCAL_OUT), "IP_NF_RAW" },
	{ "security", H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT),
	  "IP_NF_SECURITY" },
};

static const struct xt_template ipv6_templates[] = {
	{ "filter", H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT), "IP6_NF_FILTER" },
	{ "mangle", H(PRE_ROUTING) | H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT) |
			    H(POST_ROUTING), "IP6_NF_MANGLE" },
	{ "nat", H(PRE_ROUTING) | H(POST_ROUTING) | H(LOCAL_OUT) | H(LOCAL_IN),
	  "IP6_NF_NAT" },
	{ "raw", H(PRE_ROUTING) | H(LOCAL_OUT), "IP6_NF_RAW" },
	{ "security", H(LOCAL_IN) | H(FORWARD) | H(LOCAL_OUT),
	  "IP6_NF_SECURITY" },
};

static const struct xt_template arp_templates[] = {
	{ "filter", (1u << NF_ARP_IN) | (1u << NF_ARP_OUT) |
			    (1u << NF_ARP_FORWARD), "IP_NF_ARPFILTER" },
};

/* What differs between ip_tables, ip6_tables and arp_tables: the hooks,
 * the entry's layout, ip_checkentry()'s masks, and whether an entry
 * has matches (arp_tables' have none: only a target). */
struct xt_afinfo {
	uint8_t af;
	const char *feature; /* the module's Kconfig symbol */
	unsigned int numhooks;
	bool matches;
	uint32_t entry_size; /* sizeof(struct ipt_entry) */
	uint32_t ip_size;    /* the ip part unconditional() compares */
	uint32_t off_proto, off_flags, off_invflags;
	bool invflags16;     /* arpt_arp's are 16 bits */
	uint16_t flags_mask, invflags_mask;
	uint32_t off_target, off_next, off_comefrom, off_counters;
	const struct xt_template *templates;
	size_t ntemplates;
};

static const struct xt_afinfo ipv4_info = {
	.af = NFPROTO_IPV4,
	.feature = "IP_NF_IPTABLES",
	.numhooks = NF_INET_NUMHOOKS,
	.matches = true,
	.entry_size = sizeof(struct ipt_entry),
	.ip_size = sizeof(struct ipt_ip),
	.off_proto = offsetof(struct ipt_entry, ip.proto),
	.off_flags = offsetof(struct ipt_entry, ip.flags),
	.off_invflags = offsetof(struct ipt_entry, ip.invflags),
	.flags_mask = IPT_F_MASK,
	.invflags_mask = IPT_INV_MASK,
	.off_target = offsetof(struct ipt_entry, target_offset),
	.off_next = offsetof(struct ipt_entry, next_offset),
	.off_comefrom = offsetof(struct ipt_entry, comefrom),
	.off_counters = offsetof(struct ipt_entry, counters),
	.templates = ipv4_templates,
	.ntemplates = sizeof(ipv4_templates) / sizeof(ipv4_templates[0]),
};

static const struct xt_afinfo ipv6_info = {
	.af = NFPROTO_IPV6,
	.feature = "IP6_NF_IPTABLES",
	.numhooks = NF_INET_NUMHOOKS,
	.matches = true,
	.entry_size = sizeof(struct ip6t_entry),
	.ip_size = sizeof(struct ip6t_ip6),
	.off_proto = offsetof(struct ip6t_entry, ipv6.proto),
	.off_flags = offsetof(struct ip6t_entry, ipv6.flags),
	.off_invflags = offsetof(struct ip6t_entry, ipv6.invflags),
	.flags_mask = IP6T_F_MASK,
	.invflags_mask = IP6T_INV_MASK,
	.off_target = offsetof(struct ip6t_entry, target_offset),
	.off_next = offsetof(struct ip6t_entry, next_offset),
	.off_comefrom = offsetof(struct ip6t_entry, comefrom),
	.off_counters = offsetof(struct ip6t_entry, counters),
	.templates = ipv6_templates,
	.ntemplates = sizeof(ipv6_templates) / sizeof(ipv6_templates[0]),
};

static const struct xt_afinfo arp_info = {
	.af = NFPROTO_ARP,
	.feature = "IP_NF_ARPTABLES",
	.numhooks = NF_ARP_NUMHOOKS,
	.matches = false,
	.entry_size = sizeof(struct arpt_entry),
	.ip_size = sizeof(struct arpt_arp),
	.off_flags = offsetof(struct arpt_entry, arp.flags),
	.off_invflags = offsetof(struct arpt_entry, arp.invflags),
	.invflags16 = true,
	.flags_mask = ARPT_F_MASK,
	.invflags_mask = ARPT_INV_MASK,
	.off_target = offsetof(struct arpt_entry, target_offset),
	.off_next = offsetof(struct arpt_entry, next_offset),
	.off_comefrom = offsetof(struct arpt_entry, comefrom),
	.off_counters = offsetof(struct arpt_entry, counters),
	.templates = arp_templates,
	.ntemplates = sizeof(arp_templates) / sizeof(arp_templates[0]),
};

/* One table of a net (struct xt_table and its xt_table_info). */
struct xt_tab {
	struct xt_tab *next;
	const struct xt_afinfo *afi;
	char name[XT_TABLE_MAXNAMELEN];
	uint32_t valid_hooks;
	uint32_t hook_entry[NF_INET_NUMHOOKS];
	uint32_t underflow[NF_INET_NUMHOOKS];
	uint32_t number, size;
	unsigned char *entries;       /* the blob as shown, counters 0 */
	struct xt_counters *counters; /* one per entry */
	const struct xt_ext **exts;   /* every match and target, in order */
	uint32_t nexts;
};

struct xt_net {
	struct unl_net *net;
	struct xt_tab *tables; /* the newest first, as x_tables lists them */
};

/* ---- reading a blob (unaligned until checked) ---- */

static uint16_t rd16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void wr32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void wr64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint16_t e_target(const struct xt_afinfo *a, const unsigned char *e)
{
	return rd16(e + a->off_target);
}

static uint16_t e_next(const struct xt_afinfo *a, const unsigned char *e)
{
	return rd16(e + a->off_next);
}

/* a target's name (u.user.name) compared as strcmp() compares it */
static bool tg_is(const unsigned char *t, const char *name)
{
	return !strncmp((const char *)t + offsetof(struct xt_entry_target,
						   u.user.name),
			name, XT_EXTENSION_MAXNAMELEN);
}

static int32_t tg_verdict(const unsigned char *t)
{
	return (int32_t)rd32(t + TARGET_HDR);
}

/* unconditional(): no matches and an ip part of zeros */
static bool unconditional(const struct xt_afinfo *a, const unsigned char *e)
{
	if (e_target(a, e) != a->entry_size)
		return false;
	for (uint32_t i = 0; i < a->ip_size; i++)
		if (e[i])
			return false;
	return true;
}

/* ---- translate_table() ---- */

/* verdict_ok(): a jump, or ACCEPT, DROP, QUEUE, RETURN */
static bool verdict_ok(int32_t v)
{
	if (v > 0)
		return true;
	if (v == XT_RETURN)
		return true;
	if (v < 0) {
		int32_t nf = -v - 1;

		return nf == NF_ACCEPT || nf == NF_DROP || nf == NF_QUEUE;
	}
	return false;
}

/* xt_check_entry_match(): matches that tile the space before the
 * target, each aligned and at least a header */
static int check_entry_matches(const unsigned char *e, uint32_t from,
			       uint32_t to)
{
	int32_t left = (int32_t)(to - from);
	uint32_t pos = from;

	while (left > 0) {
		uint16_t msize;

		if (pos % ENTRY_ALIGN || left < (int32_t)MATCH_HDR)
			return -EINVAL;
		msize = rd16(e + pos);
		if (msize < MATCH_HDR || msize > left)
			return -EINVAL;
		left -= msize;
		pos += msize;
	}
	return 0;
}

/* xt_check_entry_offsets() */
static int check_entry_offsets(const struct xt_afinfo *a,
			       const unsigned char *e)
{
	uint32_t toff = e_target(a, e), next = e_next(a, e);
	const unsigned char *t = e + toff;
	uint16_t tsize;

	if (toff < a->entry_size || toff + TARGET_HDR > next)
		return -EINVAL;
	tsize = rd16(t);
	if (tsize < TARGET_HDR || toff + tsize > next)
		return -EINVAL;
	if (tg_is(t, XT_STANDARD_TARGET)) {
		if (XT_ALIGN(toff + sizeof(struct xt_standard_target)) != next)
			return -EINVAL;
		if (!verdict_ok(tg_verdict(t)))
			return -EINVAL;
	} else if (tg_is(t, XT_ERROR_TARGET)) {
		const char *msg = (const char *)t + TARGET_HDR;

		if (tsize != sizeof(struct xt_error_target) ||
		    strnlen(msg, XT_FUNCTION_MAXNAMELEN) >=
			    XT_FUNCTION_MAXNAMELEN)
			return -EINVAL;
	}
	return check_entry_matches(e, a->entry_size, toff);
}

/* check_underflow(): a chain's policy, unconditional ACCEPT or DROP */
static bool check_underflow(const struct xt_afinfo *a, const unsigned char *e)
{
	const unsigned char *t = e + e_target(a, e);
	uint32_t v;

	if (!unconditional(a, e) || !tg_is(t, XT_STANDARD_TARGET))
		return false;
	v = (uint32_t)(-tg_verdict(t) - 1);
	return v == NF_DROP || v == NF_ACCEPT;
}

/* What a replace asks (the header of struct ipt_replace). */
struct xt_repl {
	char name[XT_TABLE_MAXNAMELEN];
	uint32_t valid_hooks, num_entries, size;
	uint32_t hook_entry[NF_INET_NUMHOOKS], underflow[NF_INET_NUMHOOKS];
	uint32_t num_counters;
	uint64_t counters; /* the caller's pointer: the front end's business */
};

/* check_entry_size_and_hooks() of the entry at off */
static int check_entry_size_and_hooks(const struct xt_afinfo *a,
				      unsigned char *blob, uint32_t off,
				      const struct xt_repl *r,
				      struct xt_tab *info)
{
	unsigned char *e = blob + off;
	uint16_t flags, inv;

	if (off % ENTRY_ALIGN || (uint64_t)off + a->entry_size >= r->size)
		return -EINVAL;
	if ((uint64_t)off + e_next(a, e) > r->size)
		return -EINVAL;
	if (e_next(a, e) < a->entry_size + TARGET_HDR)
		return -EINVAL;
	flags = e[a->off_flags];
	inv = a->invflags16 ? rd16(e + a->off_invflags) : e[a->off_invflags];
	if ((flags & ~a->flags_mask) || (inv & ~a->invflags_mask))
		return -EINVAL;
	if (check_entry_offsets(a, e))
		return -EINVAL;
	for (unsigned int h = 0; h < a->numhooks; h++) {
		if (!(r->valid_hooks & (1u << h)))
			continue;
		if (off == r->hook_entry[h])
			info->hook_entry[h] = off;
		if (off == r->underflow[h]) {
			if (!check_underflow(a, e))
				return -EINVAL;
			info->underflow[h] = off;
		}
	}
	wr64(e + a->off_counters, 0);
	wr64(e + a->off_counters + 8, 0);
	wr32(e + a->off_comefrom, 0);
	return 0;
}

/* xt_check_table_hooks(): every valid hook has its entry and underflow,
 * in hook order, none shared */
static int check_table_hooks(const struct xt_tab *info, uint32_t valid)
{
	uint32_t max_entry = 0, max_uflow = 0;
	bool seen = false;

	for (unsigned int h = 0; h < NF_INET_NUMHOOKS; h++) {
		if (!(valid & (1u << h)))
			continue;
		if (info->hook_entry[h] == UINT32_MAX ||
		    info->underflow[h] == UINT32_MAX)
			return -EINVAL;
		if (seen && (max_uflow >= info->underflow[h] ||
			     max_entry >= info->hook_entry[h]))
			return -EINVAL;
		max_entry = info->hook_entry[h];
		max_uflow = info->underflow[h];
		seen = true;
	}
	return 0;
}

/* xt_find_jump_offset(): a jump lands on an entry's start */
static bool jump_ok(const uint32_t *offsets, uint32_t n, uint32_t to)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (offsets[mid] == to)
			return true;
		if (offsets[mid] < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* the mark of an entry on mark_source_chains()'s current path */
static uint32_t comefrom_busy(const struct xt_afinfo *a)
{
	return 1u << a->numhooks;
}

static uint32_t e_comefrom(const struct xt_afinfo *a, const unsigned char *e)
{
	return rd32(e + a->off_comefrom);
}

/* the back pointer mark_source_chains() keeps in the packet counter */
static uint32_t e_back(const struct xt_afinfo *a, const unsigned char *e)
{
	return (uint32_t)rd64(e + a->off_counters);
}

static void set_back(const struct xt_afinfo *a, unsigned char *e,
		     uint32_t pos)
{
	wr64(e + a->off_counters, pos);
}

/* Walk back through the last jump after a chain's end (or an entry seen
 * from this hook): false when the walk is back at the hook's start. */
static bool walk_back(const struct xt_afinfo *a, unsigned char *blob,
		      const struct xt_tab *info, uint32_t *pos,
		      unsigned char **ep, bool *bad)
{
	unsigned char *e = *ep;
	uint32_t oldpos, size;

	do {
		wr32(e + a->off_comefrom, e_comefrom(a, e) ^ comefrom_busy(a));
		oldpos = *pos;
		*pos = e_back(a, e);
		set_back(a, e, 0);
		if (*pos == oldpos)
			return false;
		e = blob + *pos;
	} while (oldpos == *pos + e_next(a, e));
	size = e_next(a, e);
	if (*pos + size >= info->size) {
		*bad = true;
		return false;
	}
	e = blob + *pos + size;
	set_back(a, e, *pos);
	*pos += size;
	*ep = e;
	return true;
}

/* mark_source_chains(): each entry learns in comefrom the hooks it is
 * reached from; false for a loop or a jump or fall past the end. */
static bool mark_source_chains(const struct xt_afinfo *a, unsigned char *blob,
			       const struct xt_tab *info,
			       const uint32_t *offsets)
{
	for (unsigned int hook = 0; hook < a->numhooks; hook++) {
		uint32_t pos = info->hook_entry[hook];
		unsigned char *e = blob + pos;

		if (!(info->valid_hooks & (1u << hook)))
			continue;
		set_back(a, e, pos);
		for (;;) {
			const unsigned char *t = e + e_target(a, e);
			uint32_t cf = e_comefrom(a, e);
			bool visited = cf & (1u << hook), bad = false;
			bool std = tg_is(t, XT_STANDARD_TARGET);
			/* only the verdict target is sure to hold one */
			int32_t newpos = std ? tg_verdict(t) : 0;

			if (cf & comefrom_busy(a))
				return false;
			wr32(e + a->off_comefrom,
			     cf | (1u << hook) | comefrom_busy(a));
			if ((unconditional(a, e) && std && newpos < 0) ||
			    visited) {
				if (!walk_back(a, blob, info, &pos, &e, &bad)) {
					if (bad)
						return false;
					break;
				}
				continue;
			}
			if (std && newpos >= 0) {
				if (!jump_ok(offsets, info->number,
					     (uint32_t)newpos))
					return false;
			} else {
				newpos = (int32_t)(pos + e_next(a, e));
				if ((uint32_t)newpos >= info->size)
					return false;
			}
			e = blob + newpos;
			set_back(a, e, pos);
			pos = (uint32_t)newpos;
		}
	}
	return true;
}

/* Where an entry's matches start: none in arp_tables', whose
 * find_check_entry() and copy to the user know only the target (bytes
 * before it are kept as they came). */
static uint32_t matches_from(const struct xt_afinfo *a,
			     const unsigned char *e)
{
	return a->matches ? a->entry_size : e_target(a, e);
}

/* What an extension's check sees of the entry. */
struct xt_entry_ctx {
	struct unl_net *net;
	const struct xt_afinfo *a;
	const char *table;
	uint32_t hook_mask;
	uint16_t proto;
	bool inv;
};

/* find_check_match() / the target's: the extension at ext (a match or
 * the target), found and checked on an aligned copy of its info. */
static int find_check_ext(const struct xt_entry_ctx *c, unsigned char *ext,
			  bool target, const struct xt_ext **out)
{
	uint16_t esize = rd16(ext);
	const char *name = (const char *)ext + offsetof(struct xt_entry_match,
							u.user.name);
	uint8_t rev = ext[offsetof(struct xt_entry_match, u.user.revision)];
	uint32_t size = esize - MATCH_HDR;
	struct xt_check par = {
		.family = c->a->af,
		.hook_mask = c->hook_mask,
		.proto = c->proto,
		.inv = c->inv,
		.net = c->net,
		.profile = unl_net_profile(c->net),
		.table = c->table,
	};
	const struct xt_ext *x;
	void *info;
	int err = 0;

	x = xt_find_ext(par.profile, c->a->af, name, rev, target, &err);
	if (!x)
		return err;
	info = calloc(1, size ? size : 1);
	if (!info)
		return -ENOMEM;
	memcpy(info, ext + MATCH_HDR, size);
	par.info = info;
	err = xt_check_ext(x, &par, size);
	if (err > 0)
		err = -EIO;
	if (!err) {
		memcpy(ext + MATCH_HDR, info, size);
		*out = x;
	}
	free(info);
	return err;
}

static void destroy_ext(struct unl_net *net, const struct xt_afinfo *a,
			const struct xt_ext *x, const unsigned char *ext)
{
	uint32_t size = rd16(ext) - MATCH_HDR;
	void *info = calloc(1, size ? size : 1);

	if (!info)
		return;
	memcpy(info, ext + MATCH_HDR, size);
	xt_ext_destroy(x, net, info, a->af);
	free(info);
}

/* cleanup_entry() for every extension of the table checked so far */
static void tab_destroy_exts(struct unl_net *net, struct xt_tab *t)
{
	const struct xt_afinfo *a = t->afi;
	uint32_t k = 0;

	for (uint32_t off = 0; off < t->size && k < t->nexts;) {
		unsigned char *e = t->entries + off;
		uint32_t toff = e_target(a, e);

		for (uint32_t m = matches_from(a, e); m < toff && k < t->nexts;
		     m += rd16(e + m))
			destroy_ext(net, a, t->exts[k++], e + m);
		if (k < t->nexts)
			destroy_ext(net, a, t->exts[k++], e + toff);
		off += e_next(a, e);
	}
	t->nexts = 0;
}

/* find_check_entry() of every entry, in order */
static int check_entries(struct unl_net *net, struct xt_tab *t)
{
	const struct xt_afinfo *a = t->afi;
	int err = 0;

	for (uint32_t off = 0; off < t->size && !err;) {
		unsigned char *e = t->entries + off;
		uint32_t toff = e_target(a, e);
		struct xt_entry_ctx c = {
			.net = net,
			.a = a,
			.table = t->name,
			.hook_mask = e_comefrom(a, e),
			/* arp_tables checks with no protocol */
			.proto = a->matches ? rd16(e + a->off_proto) : 0,
			.inv = a->matches && (e[a->off_invflags] & XT_INV_PROTO),
		};

		for (uint32_t m = matches_from(a, e); m < toff && !err;
		     m += rd16(e + m))
			err = find_check_ext(&c, e + m, false,
					     &t->exts[t->nexts++]);
		if (!err)
			err = find_check_ext(&c, e + toff, true,
					     &t->exts[t->nexts++]);
		if (err)
			t->nexts--;
		off += e_next(a, e);
	}
	if (err)
		tab_destroy_exts(net, t);
	return err;
}

/* What a dump shows of an extension: its name to the NUL, its info's
 * user part, zeros to its aligned end (xt_obj_to_user(),
 * xt_data_to_user()).  The kernel does not write the name's bytes after
 * the NUL, nor, in arp_tables, those between an entry and its target:
 * zeros here, what a caller's zeroed buffer shows. */
static void tab_user_view(struct xt_tab *t)
{
	const struct xt_afinfo *a = t->afi;
	uint32_t k = 0;

	for (uint32_t off = 0; off < t->size;) {
		unsigned char *e = t->entries + off;
		uint32_t toff = e_target(a, e);

		if (!a->matches)
			memset(e + a->entry_size, 0, toff - a->entry_size);

		for (uint32_t m = matches_from(a, e); m <= toff;) {
			const struct xt_ext *x = t->exts[k++];
			uint32_t data = rd16(e + m) - MATCH_HDR;
			uint32_t user = xt_ext_usersize(x);
			char *name = (char *)e + m + offsetof(struct xt_entry_match,
							      u.user.name);
			size_t nlen = strlen(name) + 1;

			memset(name + nlen, 0, XT_EXTENSION_MAXNAMELEN - nlen);

			if (user < data)
				memset(e + m + MATCH_HDR + user, 0,
				       data - user);
			if (m == toff)
				break;
			m += rd16(e + m);
		}
		off += e_next(a, e);
	}
}

static uint32_t count_exts(const struct xt_afinfo *a, const unsigned char *blob,
			   uint32_t size)
{
	uint32_t n = 0;

	for (uint32_t off = 0; off < size; off += e_next(a, blob + off)) {
		const unsigned char *e = blob + off;

		for (uint32_t m = matches_from(a, e); m < e_target(a, e);
		     m += rd16(e + m))
			n++;
		n++;
	}
	return n;
}

/* translate_table(): blob (r->size bytes, owned by t from here on) into
 * t, checked. */
static int translate_table(struct unl_net *net, struct xt_tab *t,
			   const struct xt_repl *r)
{
	const struct xt_afinfo *a = t->afi;
	uint32_t *offsets, i = 0;
	int err = 0;

	t->size = r->size;
	t->number = r->num_entries;
	t->valid_hooks = r->valid_hooks;
	/* only the family's hooks start impossible, as translate_table()
	 * sets them; xt_check_table_hooks() looks at all five */
	for (unsigned int h = 0; h < NF_INET_NUMHOOKS; h++)
		t->hook_entry[h] = t->underflow[h] =
			h < a->numhooks ? UINT32_MAX : 0;
	if (t->number > XT_MAX_TABLE_SIZE_ / sizeof(uint32_t))
		return -ENOMEM;
	offsets = calloc(t->number ? t->number : 1, sizeof(*offsets));
	if (!offsets)
		return -ENOMEM;
	for (uint32_t off = 0; off < t->size;
	     off += e_next(a, t->entries + off)) {
		err = check_entry_size_and_hooks(a, t->entries, off, r, t);
		if (err)
			goto out;
		if (i < t->number)
			offsets[i] = off;
		i++;
	}
	err = -EINVAL;
	if (i != t->number || check_table_hooks(t, r->valid_hooks))
		goto out;
	err = -ELOOP;
	if (!mark_source_chains(a, t->entries, t, offsets))
		goto out;
	err = -ENOMEM;
	t->exts = calloc(count_exts(a, t->entries, t->size) + 1,
			 sizeof(*t->exts));
	if (!t->exts)
		goto out;
	err = check_entries(net, t);
	if (!err)
		tab_user_view(t);
out:
	free(offsets);
	return err;
}

/* ---- tables of a net ---- */

static void tab_free(struct unl_net *net, struct xt_tab *t)
{
	if (!t)
		return;
	tab_destroy_exts(net, t);
	free(t->exts);
	free(t->entries);
	free(t->counters);
	free(t);
}

/* A table made from r and its blob (taken in any case). */
static int tab_make(struct unl_net *net, const struct xt_afinfo *a,
		    const struct xt_repl *r, unsigned char *blob,
		    struct xt_tab **out)
{
	struct xt_tab *t = calloc(1, sizeof(*t));
	int err;

	if (!t) {
		free(blob);
		return -ENOMEM;
	}
	t->afi = a;
	t->entries = blob;
	memcpy(t->name, r->name, sizeof(t->name));
	err = translate_table(net, t, r);
	if (!err) {
		t->counters = calloc(t->number ? t->number : 1,
				     sizeof(*t->counters));
		if (!t->counters)
			err = -ENOMEM;
	}
	if (err) {
		tab_free(net, t);
		return err;
	}
	*out = t;
	return 0;
}

static unsigned char *put_standard(const struct xt_afinfo *a,
				   unsigned char *p, int32_t verdict)
{
	uint16_t toff = (uint16_t)a->entry_size;
	uint16_t next = (uint16_t)(a->entry_size + STANDARD_TG_SIZE);
	uint16_t tsize = STANDARD_TG_SIZE;

	memcpy(p + a->off_target, &toff, 2);
	memcpy(p + a->off_next, &next, 2);
	memcpy(p + toff, &tsize, 2);
	memcpy(p + toff + TARGET_HDR, &verdict, 4);
	return p + next;
}

/* xt_alloc_initial_table(): a policy ACCEPT per hook, then the ERROR
 * entry that ends the table. */
static int tab_instantiate(struct unl_net *net, const struct xt_afinfo *a,
			   const struct xt_template *tpl, struct xt_tab **out)
{
	uint32_t nhooks = (uint32_t)__builtin_popcount(tpl->hooks);
	uint32_t std = a->entry_size + STANDARD_TG_SIZE;
	uint32_t err_size = a->entry_size + ERROR_TG_SIZE;
	struct xt_repl r = { .valid_hooks = tpl->hooks,
			     .num_entries = nhooks + 1,
			     .size = nhooks * std + err_size };
	unsigned char *blob = calloc(1, r.size), *p = blob;
	uint16_t toff = (uint16_t)a->entry_size, next = (uint16_t)err_size;
	uint16_t tsize = ERROR_TG_SIZE;

	if (!blob)
		return -ENOMEM;
	snprintf(r.name, sizeof(r.name), "%s", tpl->name);
	for (unsigned int h = 0; h < NF_INET_NUMHOOKS; h++) {
		if (!(tpl->hooks & (1u << h)))
			continue;
		r.hook_entry[h] = r.underflow[h] = (uint32_t)(p - blob);
		p = put_standard(a, p, -NF_ACCEPT - 1);
	}
	memcpy(p + a->off_target, &toff, 2);
	memcpy(p + a->off_next, &next, 2);
	memcpy(p + toff, &tsize, 2);
	memcpy(p + toff + 2, XT_ERROR_TARGET, sizeof(XT_ERROR_TARGET));
	memcpy(p + toff + TARGET_HDR, XT_ERROR_TARGET,
	       sizeof(XT_ERROR_TARGET));
	return tab_make(net, a, &r, blob, out);
}

static const struct xt_template *template_of(const struct unl_profile *p,
					     const struct xt_afinfo *a,
					     const char *name)
{
	for (size_t i = 0; i < a->ntemplates; i++)
		if (!strcmp(a->templates[i].name, name) &&
		    unl_profile_has(p, UNL_PROFILE_FEATURE,
				    a->templates[i].feature))
			return &a->templates[i];
	return NULL;
}

/* xt_find_table_lock(): the net's table of the name, made from its
 * template the first time; -ENOENT when no module has it. */
static int tab_find(struct xt_net *xn, const struct xt_afinfo *a,
		    const char *name, struct xt_tab **out)
{
	const struct xt_template *tpl;
	struct xt_tab *t;
	int err;

	for (t = xn->tables; t; t = t->next)
		if (t->afi == a && !strcmp(t->name, name)) {
			*out = t;
			return 0;
		}
	tpl = template_of(unl_net_profile(xn->net), a, name);
	if (!tpl)
		return -ENOENT;
	err = tab_instantiate(xn->net, a, tpl, &t);
	if (err)
		return err;
	t->next = xn->tables;
	xn->tables = t;
	*out = t;
	return 0;
}

/* ---- the socket options ---- */

/* get_info(): the info's layout by the family's hook count
 *
 *   name[32] | valid_hooks | hook_entry[n] | underflow[n] |
 *   num_entries | size
 */
static int get_info(struct xt_net *xn, const struct xt_afinfo *a,
		    unsigned char *buf, uint32_t len, uint32_t *out_len)
{
	const uint32_t size = GETINFO_SIZE(a->numhooks);
	char name[XT_TABLE_MAXNAMELEN];
	unsigned char *p = buf + XT_TABLE_MAXNAMELEN;
	struct xt_tab *t;
	int err;

	if (len != size)
		return -EINVAL;
	memcpy(name, buf, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	err = tab_find(xn, a, name, &t);
	if (err)
		return err;
	memset(buf, 0, size);
	snprintf((char *)buf, XT_TABLE_MAXNAMELEN, "%s", name);
	wr32(p, t->valid_hooks);
	p += 4;
	for (unsigned int h = 0; h < a->numhooks; h++)
		wr32(p + 4 * h, t->hook_entry[h]);
	p += 4 * a->numhooks;
	for (unsigned int h = 0; h < a->numhooks; h++)
		wr32(p + 4 * h, t->underflow[h]);
	p += 4 * a->numhooks;
	wr32(p, t->number);
	wr32(p + 4, t->size);
	*out_len = size;
	return 0;
}

_Static_assert(sizeof(struct ipt_get_entries) ==
			       sizeof(struct ip6t_get_entries) &&
		       sizeof(struct ipt_get_entries) ==
			       sizeof(struct arpt_get_entries),
	       "one entries header for every family");

/* get_entries(): the blob with each entry's counters */
static int get_entries(struct xt_net *xn, const struct xt_afinfo *a,
		       unsigned char *buf, size_t cap, uint32_t len,
		       uint32_t *out_len)
{
	struct ipt_get_entries get;
	const uint32_t hdr = sizeof(struct ipt_get_entries);
	struct xt_tab *t;
	uint32_t n = 0;
	int err;

	if (len < hdr)
		return -EINVAL;
	memcpy(&get, buf, hdr);
	if ((uint64_t)len != (uint64_t)hdr + get.size)
		return -EINVAL;
	get.name[sizeof(get.name) - 1] = '\0';
	err = tab_find(xn, a, get.name, &t);
	if (err)
		return err;
	if (get.size != t->size)
		return -EAGAIN;
	if ((size_t)hdr + t->size > cap) {
		*out_len = hdr + t->size; /* the room the answer needs */
		return -ENOBUFS;
	}
	memcpy(buf + hdr, t->entries, t->size);
	for (uint32_t off = 0; off < t->size; n++) {
		unsigned char *e = buf + hdr + off;

		memcpy(e + a->off_counters, &t->counters[n],
		       sizeof(t->counters[n]));
		off += e_next(a, e);
	}
	*out_len = hdr + t->size;
	return 0;
}

/* The replace header by the family's hook count:
 *
 *   name[32] | valid_hooks | num_entries | size | hook_entry[n] |
 *   underflow[n] | num_counters | (pad) | counters (a pointer)
 */
static void parse_replace(const struct xt_afinfo *a, const unsigned char *buf,
			  struct xt_repl *r)
{
	const unsigned char *p = buf + XT_TABLE_MAXNAMELEN;

	memset(r, 0, sizeof(*r));
	memcpy(r->name, buf, sizeof(r->name));
	r->name[sizeof(r->name) - 1] = '\0';
	r->valid_hooks = rd32(p);
	r->num_entries = rd32(p + 4);
	r->size = rd32(p + 8);
	p = buf + HDR_HOOKS;
	for (unsigned int h = 0; h < a->numhooks; h++) {
		r->hook_entry[h] = rd32(p + 4 * h);
		r->underflow[h] = rd32(p + 4 * (a->numhooks + h));
	}
	r->num_counters = rd32(p + 8 * a->numhooks);
	r->counters = rd64(buf + REPLACE_HDR(a->numhooks) - 8);
}

/* do_replace() and __do_replace(): the caller's counters pointer, then
 * the old counters, come back in buf */
static int do_replace(struct xt_net *xn, const struct xt_afinfo *a,
		      unsigned char *buf, size_t cap, uint32_t len,
		      uint32_t *out_len)
{
	const uint32_t hlen = REPLACE_HDR(a->numhooks);
	struct xt_repl r;
	struct xt_tab *nt, *ot, **pp;
	unsigned char *blob;
	size_t csize;
	int err;

	if (len < hlen)
		return -EINVAL;
	parse_replace(a, buf, &r);
	if (r.num_counters >= INT_MAX / sizeof(struct xt_counters))
		return -ENOMEM;
	if (r.num_counters == 0)
		return -EINVAL;
	if ((uint64_t)len < (uint64_t)r.size + hlen)
		return -EINVAL;
	if (r.size > XT_MAX_TABLE_SIZE_)
		return -ENOMEM;
	blob = malloc(r.size ? r.size : 1);
	if (!blob)
		return -ENOMEM;
	memcpy(blob, buf + hlen, r.size);
	err = tab_make(xn->net, a, &r, blob, &nt);
	if (err)
		return err;
	csize = (size_t)r.num_counters * sizeof(struct xt_counters);
	err = csize > XT_MAX_TABLE_SIZE_ ? -ENOMEM : 0;
	if (!err)
		err = tab_find(xn, a, r.name, &ot);
	if (!err && r.valid_hooks != ot->valid_hooks)
		err = -EINVAL;
	if (!err && r.num_counters != ot->number)
		err = -EAGAIN;
	if (!err && sizeof(r.counters) + csize > cap) {
		/* the room the answer needs; nothing changed */
		*out_len = (uint32_t)(sizeof(r.counters) + csize);
		err = -ENOBUFS;
	}
	if (err) {
		tab_free(xn->net, nt);
		return err;
	}
	memcpy(buf, &r.counters, sizeof(r.counters));
	memcpy(buf + sizeof(r.counters), ot->counters, csize);
	*out_len = (uint32_t)(sizeof(r.counters) + csize);
	for (pp = &xn->tables; *pp != ot; pp = &(*pp)->next)
		;
	nt->next = ot->next;
	*pp = nt;
	tab_free(xn->net, ot);
	return 0;
}

/* do_add_counters() and xt_copy_counters() */
static int do_add_counters(struct xt_net *xn, const struct xt_afinfo *a,
			   const unsigned char *buf, uint32_t len)
{
	struct xt_counters_info hdr;
	const uint32_t hlen = sizeof(hdr);
	struct xt_tab *t;
	int err;

	if (len < hlen)
		return -EINVAL;
	memcpy(&hdr, buf, hlen);
	hdr.name[sizeof(hdr.name) - 1] = '\0';
	if ((uint64_t)hdr.num_counters * sizeof(struct xt_counters) !=
	    (uint64_t)len - hlen)
		return -EINVAL;
	err = tab_find(xn, a, hdr.name, &t);
	if (err)
		return err;
	if (t->number != hdr.num_counters)
		return -EINVAL;
	for (uint32_t i = 0; i < t->number; i++) {
		struct xt_counters c;

		memcpy(&c, buf + hlen + i * sizeof(c), sizeof(c));
		t->counters[i].bcnt += c.bcnt;
		t->counters[i].pcnt += c.pcnt;
	}
	return 0;
}

/* IPT_SO_GET_REVISION_*: a positive best revision is 0 to the caller
 * (ip_getsockopt() answers put_user()'s result) */
static int get_revision(const struct unl_profile *p, const struct xt_afinfo *a,
			unsigned char *buf, uint32_t len, bool target)
{
	struct xt_get_revision rev;

	if (len != sizeof(rev))
		return -EINVAL;
	memcpy(&rev, buf, sizeof(rev));
	rev.name[sizeof(rev.name) - 1] = '\0';
	return xt_ext_revision(p, a->af, rev.name, rev.revision, target);
}

static struct xt_net *xt_net_of(struct unl_net *net)
{
	struct nfnl_net *nn = nfnl_net_of(net);

	return nn ? *nfnl_net_xt(nn) : NULL;
}

static const struct xt_afinfo *afinfo_of(int nfproto)
{
	return nfproto == NFPROTO_IPV4	 ? &ipv4_info
	       : nfproto == NFPROTO_IPV6 ? &ipv6_info
	       : nfproto == NFPROTO_ARP	 ? &arp_info
					 : NULL;
}

/* The options of each family, from its base (IPT_BASE_CTL ...): SET
 * REPLACE and ADD_COUNTERS; GET INFO, ENTRIES and the revision lookups
 * (-1: none; arp_tables has no matches). */
static int revision_opt(const struct xt_afinfo *a, bool target)
{
	switch (a->af) {
	case NFPROTO_IPV4:
		return target ? IPT_SO_GET_REVISION_TARGET
			      : IPT_SO_GET_REVISION_MATCH;
	case NFPROTO_IPV6:
		return target ? IP6T_SO_GET_REVISION_TARGET
			      : IP6T_SO_GET_REVISION_MATCH;
	default:
		return target ? ARPT_SO_GET_REVISION_TARGET : -1;
	}
}

int xt_tables_sockopt(struct unl_net *net, int nfproto, bool set, int opt,
		      void *buf, size_t cap, uint32_t len, uint32_t *out_len)
{
	const struct xt_afinfo *a = afinfo_of(nfproto);
	struct xt_net *xn = xt_net_of(net);
	int base = nfproto == NFPROTO_ARP ? ARPT_BASE_CTL : IPT_BASE_CTL;

	*out_len = 0;
	/* nf_sockopt_find(): the options of a module the kernel has */
	if (!a || !xn ||
	    !unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     a->feature))
		return -ENOPROTOOPT;
	if (!unl_net_capable(net, CAP_NET_ADMIN))
		return -EPERM;
	if (set) {
		if (opt == base)
			return do_replace(xn, a, buf, cap, len, out_len);
		if (opt == base + 1)
			return do_add_counters(xn, a, buf, len);
		return -EINVAL;
	}
	if (opt == base)
		return get_info(xn, a, buf, len, out_len);
	if (opt == base + 1)
		return get_entries(xn, a, buf, cap, len, out_len);
	if (opt == revision_opt(a, false))
		return get_revision(unl_net_profile(net), a, buf, len, false);
	if (opt == revision_opt(a, true))
		return get_revision(unl_net_profile(net), a, buf, len, true);
	return -EINVAL;
}

/* ---- /proc/net/ip_tables_names and the rest ---- */

/* the lists of one family: NFPROTO_IPV4, IPV6 and ARP */
struct xt_proc {
	uint8_t af;
	const char *prefix; /* "ip", "ip6", "arp" */
	const char *feature;
};

static const struct xt_proc xt_procs[] = {
	{ NFPROTO_IPV4, "ip", "IP_NF_IPTABLES" },
	{ NFPROTO_IPV6, "ip6", "IP6_NF_IPTABLES" },
	{ NFPROTO_ARP, "arp", "IP_NF_ARPTABLES" },
};

static int show_names(struct unl_net *net, void *data, FILE *out)
{
	const struct xt_proc *pr = data;
	struct xt_net *xn = xt_net_of(net);

	for (struct xt_tab *t = xn ? xn->tables : NULL; t; t = t->next)
		if (t->afi->af == pr->af)
			fprintf(out, "%s\n", t->name);
	return 0;
}

/* xt_mttg_seq_show(): the generic list, then the family's; each the
 * latest registered first */
static int show_exts(const struct xt_proc *pr, struct unl_net *net, FILE *out,
		     bool target)
{
	const struct unl_profile *p = unl_net_profile(net);
	size_t n = 0;

	while (xt_ext_nth(n))
		n++;
	for (int generic = 1; generic >= 0; generic--)
		for (size_t i = n; i-- > 0;) {
			const struct xt_ext *x = xt_ext_nth(i);

			if (xt_ext_is_target(x) == target &&
			    *xt_ext_name(x) &&
			    xt_ext_listed(p, x, pr->af, generic))
				fprintf(out, "%s\n", xt_ext_name(x));
		}
	return 0;
}

static int show_matches(struct unl_net *net, void *data, FILE *out)
{
	return show_exts(data, net, out, false);
}

static int show_targets(struct unl_net *net, void *data, FILE *out)
{
	return show_exts(data, net, out, true);
}

static int proc_init(struct unl_net *net)
{
	static const struct {
		const char *suffix;
		unl_procnet_show show;
	} files[] = {
		{ "names", show_names },
		{ "matches", show_matches },
		{ "targets", show_targets },
	};
	const struct unl_profile *p = unl_net_profile(net);
	char path[64];
	int err;

	for (size_t i = 0; i < sizeof(xt_procs) / sizeof(xt_procs[0]); i++) {
		if (!unl_profile_has(p, UNL_PROFILE_FEATURE,
				     xt_procs[i].feature))
			continue;
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			snprintf(path, sizeof(path), "%s_tables_%s",
				 xt_procs[i].prefix, files[f].suffix);
			err = unl_procnet_create(net, path, 0440, files[f].show,
						 NULL,
						 (void *)&xt_procs[i]);
			if (err)
				return err;
		}
	}
	return 0;
}

int xt_tables_net_init(struct unl_net *net, void **priv)
{
	struct xt_net *xn = calloc(1, sizeof(*xn));

	if (!xn)
		return -ENOMEM;
	xn->net = net;
	*priv = xn;
	return proc_init(net);
}

void xt_tables_net_exit(struct unl_net *net, void *priv)
{
	struct xt_net *xn = priv;

	if (!xn)
		return;
	while (xn->tables) {
		struct xt_tab *t = xn->tables;

		xn->tables = t->next;
		tab_free(net, t);
	}
	free(xn);
}
