// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ebtables (net/bridge/netfilter/ebtables.c, ebtable_filter.c,
 * ebtable_nat.c, ebtable_broute.c): the legacy bridge tables of a net,
 * which ebtables-legacy reads and replaces whole through the socket
 * options EBT_SO_SET_ENTRIES, EBT_SO_SET_COUNTERS, EBT_SO_GET_INFO,
 * EBT_SO_GET_ENTRIES and their GET_INIT_ twins (the table as its module
 * made it).  Unlike x_tables' options, the struct ebt_replace in optval
 * points at the entries and the counters: the front ends follow those
 * pointers and send what they name (UNL_OP_EBT), and write an answer
 * back where they point.  A table is a blob of chains:
 *
 *   +- ebt_entries ----+- ebt_entry --------------------------------+
 *   | a chain's head:  | bitmask (EBT_ENTRY_OR_ENTRIES), the frame  |
 *   | name, policy,    | part, watchers_offset, target_offset,      |
 *   | nentries,        | next_offset | matches | watchers | target   |
 *   | counter_offset   | (ebt_entry_match, _watcher, _target: a     |
 *   +------------------+  31-byte name, revision, size, data) ------+
 *
 * The base chains come first, in hook order, the user chains after; a
 * standard target's verdict >= 0 is a jump, the offset of a user
 * chain's head in the blob.  A replaced blob is checked as
 * translate_table() checks it (ebt_verify_pointers(), chain sizes and
 * counter offsets, loops, every match, watcher and target found in
 * nft_compat's catalogue and checked), kept as given and shown back as
 * ebt_entry_to_user() shows it.  Tables come into a net the first time
 * they are named, from the profile's table modules.  Packets never cross
 * them: counters move only by SET_COUNTERS.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_bridge/ebtables.h>
#include <linux/netlink.h>

#include <unetlink/kernel.h>
#include <unetlink/net.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/ebt_tables.h"
#include "proto/netfilter/nfnetlink.h"
#include "proto/netfilter/nft_compat.h"
#include "proto/netfilter/x_tables.h"

#define HEAD ((uint32_t)sizeof(struct ebt_replace))
#define CHAIN_SZ ((uint32_t)sizeof(struct ebt_entries))
#define ENTRY_SZ ((uint32_t)sizeof(struct ebt_entry))
#define EXT_HDR ((uint32_t)sizeof(struct ebt_entry_match))
#define STD_TG_SZ ((uint32_t)sizeof(struct ebt_standard_target))
#define COUNTER_SZ ((uint32_t)sizeof(struct ebt_counter))
#define NONE UINT32_MAX
#define BR_HOOKS NF_BR_NUMHOOKS
/* do_replace()'s overflow check of nentries: the per-cpu counters of
 * NR_CPUS cpus (Debian's 8192) after a cache-aligned ebt_table_info
 * (128 bytes) must fit an int */
#define EBT_NR_CPUS 8192u
#define EBT_MAX_NENTRIES                                                    \
	((((uint64_t)INT_MAX - 128u) / EBT_NR_CPUS - 64u) / COUNTER_SZ)

_Static_assert(sizeof(struct ebt_replace) == 120 && CHAIN_SZ == 48 &&
		       ENTRY_SZ == 112 && EXT_HDR == 40 && STD_TG_SZ == 48,
	       "ebtables' layouts on a 64-bit kernel");
_Static_assert(sizeof(struct ebt_entry_watcher) == EXT_HDR &&
		       sizeof(struct ebt_entry_target) == EXT_HDR,
	       "a match, a watcher and a target share a header");

/* A table module: its hooks and base chains (ebt_register_template()). */
struct ebt_tpl {
	const char *name;
	const char *feature;
	uint32_t hooks;
	const char *chain[BR_HOOKS];
};

#define BRH(h) (1u << NF_BR_##h)

static const struct ebt_tpl ebt_tpls[] = {
	{ "filter", "BRIDGE_EBT_T_FILTER",
	  BRH(LOCAL_IN) | BRH(FORWARD) | BRH(LOCAL_OUT),
	  { [NF_BR_LOCAL_IN] = "INPUT", [NF_BR_FORWARD] = "FORWARD",
	    [NF_BR_LOCAL_OUT] = "OUTPUT" } },
	{ "nat", "BRIDGE_EBT_T_NAT",
	  BRH(PRE_ROUTING) | BRH(LOCAL_OUT) | BRH(POST_ROUTING),
	  { [NF_BR_PRE_ROUTING] = "PREROUTING", [NF_BR_LOCAL_OUT] = "OUTPUT",
	    [NF_BR_POST_ROUTING] = "POSTROUTING" } },
	{ "broute", "BRIDGE_EBT_BROUTE", BRH(BROUTING),
	  { [NF_BR_BROUTING] = "BROUTING" } },
};

/* One table of a net (struct ebt_table and its ebt_table_info). */
struct ebt_tab {
	struct ebt_tab *next;
	const struct ebt_tpl *tpl;
	uint32_t nentries, size;
	unsigned char *entries;	      /* as shown */
	struct ebt_counter *counters; /* one per entry */
	const struct xt_ext **exts;   /* every extension, in order */
	uint32_t nexts;
};

struct ebt_net {
	struct unl_net *net;
	struct ebt_tab *tables; /* the newest first */
};

/* ---- reading a blob (unaligned: offsets are the caller's) ---- */

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

#define ENT(b, off, f) rd32((b) + (off) + offsetof(struct ebt_entry, f))
#define CHN(b, off, f) rd32((b) + (off) + offsetof(struct ebt_entries, f))
#define EXT_SIZE(x) rd32((x) + offsetof(struct ebt_entry_match, match_size))

/* ---- translate_table() ---- */

/* A user chain while loops are looked for (struct ebt_cl_stack) */
struct ebt_udc {
	uint32_t head; /* offset of its ebt_entries */
	uint32_t n;    /* where its caller goes on, 0: not on the path */
	uint32_t back; /* the entry after the jump */
	int from;      /* the udc that jumped here, -1: the base chain */
	uint32_t hookmask;
};

struct ebt_chk {
	struct unl_net *net;
	const char *table;
	unsigned char *blob;
	uint32_t size, nentries;
	uint32_t hook[BR_HOOKS]; /* offsets of the base chains, or NONE */
	struct ebt_udc *udc;
	uint32_t nudc;
	const struct xt_ext **exts;
	uint32_t nexts;
};

static int hook_at(const struct ebt_chk *c, uint32_t off)
{
	for (int i = 0; i < BR_HOOKS; i++)
		if (c->hook[i] == off)
			return i;
	return BR_HOOKS;
}

/* ebt_verify_pointers(): the hooks' chains where the replace's pointers
 * say (as offsets from its entries pointer), and a walk of heads and
 * entries that ends where the blob does */
static int verify_pointers(struct ebt_chk *c, const struct ebt_replace *r)
{
	uint64_t base = (uint64_t)(uintptr_t)r->entries;
	uint32_t off = 0;

	for (int i = 0; i < BR_HOOKS; i++)
		c->hook[i] = NONE;
	while (off < c->size) {
		uint32_t left = c->size - off, bitmask;
		int i;

		if (left < sizeof(uint32_t))
			break;
		for (i = 0; i < BR_HOOKS; i++)
			if ((r->valid_hooks & (1u << i)) &&
			    (uint64_t)(uintptr_t)r->hook_entry[i] == base + off)
				break;
		bitmask = rd32(c->blob + off);
		if (i != BR_HOOKS || !(bitmask & EBT_ENTRY_OR_ENTRIES)) {
			/* userspace must set this right */
			if (bitmask)
				return -EINVAL;
			if (i != BR_HOOKS)
				c->hook[i] = off;
			if (left < CHAIN_SZ)
				break;
			off += CHAIN_SZ;
		} else {
			uint32_t next;

			if (left < ENTRY_SZ)
				break;
			next = ENT(c->blob, off, next_offset);
			if (left < next)
				break;
			if (next < ENTRY_SZ)
				return -EINVAL;
			off += next;
		}
	}
	if (off != c->size)
		return -EINVAL;
	for (int i = 0; i < BR_HOOKS; i++)
		if (c->hook[i] == NONE && (r->valid_hooks & (1u << i)))
			return -EINVAL;
	return 0;
}

/* the size of what starts at off: a head or an entry */
static uint32_t step(const unsigned char *b, uint32_t off)
{
	return rd32(b + off) ? ENT(b, off, next_offset) : CHAIN_SZ;
}

/* ebt_check_entry_size_and_hooks() over the blob: each chain holds the
 * entries it says, its counters start where the entries before end,
 * its policy is a verdict (RETURN only in a user chain), each entry's
 * offsets are in order */
static int check_sizes(struct ebt_chk *c)
{
	uint32_t n = 0, cnt = 0, total = 0, off;

	c->nudc = 0;
	for (off = 0; off < c->size; off += step(c->blob, off)) {
		int hook = hook_at(c, off);
		uint32_t wo, to, no;

		if (hook != BR_HOOKS || !rd32(c->blob + off)) {
			int policy = (int)CHN(c->blob, off, policy);

			if (n != cnt)
				return -EINVAL;
			if (policy != EBT_DROP && policy != EBT_ACCEPT &&
			    (hook != BR_HOOKS || policy != EBT_RETURN))
				return -EINVAL;
			if (hook == BR_HOOKS)
				c->nudc++;
			if (CHN(c->blob, off, counter_offset) != total)
				return -EINVAL;
			n = CHN(c->blob, off, nentries);
			cnt = 0;
			continue;
		}
		wo = ENT(c->blob, off, watchers_offset);
		to = ENT(c->blob, off, target_offset);
		no = ENT(c->blob, off, next_offset);
		if (ENTRY_SZ > wo || wo > to || to >= no)
			return -EINVAL;
		if (no - to < EXT_HDR)
			return -EINVAL;
		cnt++;
		total++;
	}
	if (off != c->size || n != cnt || total != c->nentries)
		return -EINVAL;
	return 0;
}

static int udc_of(const struct ebt_chk *c, uint32_t head)
{
	for (uint32_t i = 0; i < c->nudc; i++)
		if (c->udc[i].head == head)
			return (int)i;
	return -1;
}

static bool is_standard(const unsigned char *t)
{
	return !strncmp((const char *)t, EBT_STANDARD_TARGET,
			sizeof(EBT_STANDARD_TARGET));
}

/* check_chainloops(): every jump from the chain of hook reaches the head
 * of a user chain not already on the path; the user chains learn the
 * hooks they are reached from.  false for a loop or a bad jump. */
static bool chain_loops_ok(struct ebt_chk *c, int hook)
{
	const unsigned char *b = c->blob;
	uint32_t chain = c->hook[hook], pos = 0;
	uint32_t nentries = CHN(b, chain, nentries), e = chain + CHAIN_SZ;
	int cur = -1;

	while (pos < nentries || cur != -1) {
		if (pos == nentries) {
			/* the end of a user chain: back to its caller */
			struct ebt_udc *u = &c->udc[cur];

			e = u->back;
			nentries = u->from != -1
					   ? CHN(b, c->udc[u->from].head,
						 nentries)
					   : CHN(b, chain, nentries);
			pos = u->n;
			u->n = 0;
			cur = u->from;
			if (pos == nentries)
				continue;
		}
		uint32_t to = ENT(b, e, target_offset);
		const unsigned char *t = b + e + to;

		if (is_standard(t)) {
			int verdict;
			int i;

			if ((uint64_t)to + STD_TG_SZ > ENT(b, e, next_offset))
				return false;
			verdict = (int)rd32(t + EXT_HDR);
			if (verdict >= 0) {
				i = udc_of(c, (uint32_t)verdict);
				if (i < 0 || c->udc[i].n)
					return false;
				if (!(c->udc[i].hookmask & (1u << hook))) {
					struct ebt_udc *u = &c->udc[i];

					u->n = pos + 1;
					pos = 0;
					u->back = e + ENT(b, e, next_offset);
					e = u->head + CHAIN_SZ;
					nentries = CHN(b, u->head, nentries);
					u->from = cur;
					cur = i;
					u->hookmask |= 1u << hook;
					continue;
				}
			}
		}
		e += ENT(b, e, next_offset);
		pos++;
	}
	return true;
}

/* The hooks an entry's checks see: its base chain's, with the bit that
 * says "from a base chain", or those its user chain is reached from */
static uint32_t hookmask_of(const struct ebt_chk *c, uint32_t off)
{
	int i, hook = 0;
	uint32_t u;

	for (i = 0; i < BR_HOOKS; i++) {
		if (c->hook[i] == NONE)
			continue;
		if (c->hook[i] < off)
			hook = i;
		else
			break;
	}
	if (i < BR_HOOKS)
		return (1u << hook) | (1u << BR_HOOKS);
	for (u = 0; u < c->nudc; u++)
		if (c->udc[u].head > off)
			break;
	if (u == 0)
		return (1u << hook) | (1u << BR_HOOKS);
	return c->udc[u - 1].hookmask;
}

/* xt_check_match() or xt_check_target() of the extension x at ext
 * (avail bytes of data in the entry), on an aligned copy of its data
 * (its check may complete it).  A standard target's size is not held
 * to the entry: its check refuses any but its own first. */
static int check_ext(const struct ebt_chk *c, const unsigned char *e,
		     const struct xt_ext *x, unsigned char *ext, uint32_t hooks,
		     uint32_t avail)
{
	uint32_t size = EXT_SIZE(ext), have = size < avail ? size : avail;
	uint16_t proto;
	struct xt_check par = {
		.family = NFPROTO_BRIDGE,
		.hook_mask = hooks,
		.inv = ENT(e, 0, invflags) & EBT_IPROTO,
		.net = c->net,
		.profile = unl_net_profile(c->net),
		.table = c->table,
	};
	void *info;
	int err;

	/* the checks read the entry's ethproto as it is in memory */
	memcpy(&proto, e + offsetof(struct ebt_entry, ethproto), sizeof(proto));
	par.proto = proto;
	info = calloc(1, XT_ALIGN(size) ? XT_ALIGN(size) : 1);
	if (!info)
		return -ENOMEM;
	memcpy(info, ext + EXT_HDR, have);
	par.info = info;
	err = xt_check_ext(x, &par, size);
	if (err > 0)
		err = -EIO;
	if (!err)
		memcpy(ext + EXT_HDR, info, have);
	free(info);
	return err;
}

/* the name of an extension as a lookup reads it, terminated */
static void ext_name(const unsigned char *ext, char *name)
{
	memcpy(name, ext, EBT_EXTENSION_MAXNAMELEN);
	name[EBT_EXTENSION_MAXNAMELEN] = '\0';
}

static void destroy_ext(struct unl_net *net, const struct xt_ext *x,
			const unsigned char *ext)
{
	uint32_t size = EXT_SIZE(ext);
	void *info = calloc(1, size ? size : 1);

	if (!info)
		return;
	memcpy(info, ext + EXT_HDR, size);
	xt_ext_destroy(x, net, info, NFPROTO_BRIDGE);
	free(info);
}

/* ebt_check_match(): it fits before the watchers, is found (the
 * bridge's own first, then any family's) and checked */
static int check_match(struct ebt_chk *c, const unsigned char *e,
		       unsigned char *m, uint32_t left, uint32_t hooks)
{
	char name[EBT_EXTENSION_MAXNAMELEN + 1];
	const struct xt_ext *x;
	int err = 0;

	if (left < EXT_HDR || left - EXT_HDR < EXT_SIZE(m))
		return -EINVAL;
	ext_name(m, name);
	x = xt_find_ext(unl_net_profile(c->net), NFPROTO_BRIDGE, name,
			m[offsetof(struct ebt_entry_match, u.revision)], false,
			&err);
	if (!x)
		return err;
	err = check_ext(c, e, x, m, hooks, left - EXT_HDR);
	if (!err)
		c->exts[c->nexts++] = x;
	return err;
}

/* a watcher or the target: revision 0 of a bridge target */
static int find_bridge_target(const struct ebt_chk *c, const unsigned char *t,
			      const struct xt_ext **out)
{
	char name[EBT_EXTENSION_MAXNAMELEN + 1];
	const struct xt_ext *x;
	int err = 0;

	ext_name(t, name);
	x = xt_find_ext(unl_net_profile(c->net), NFPROTO_BRIDGE, name, 0, true,
			&err);
	if (!x)
		return err;
	/* xtables' verdicts are not ebtables': none of another family */
	if (!xt_ext_listed(unl_net_profile(c->net), x, NFPROTO_BRIDGE, false))
		return -ENOENT;
	*out = x;
	return 0;
}

static int check_watcher(struct ebt_chk *c, const unsigned char *e,
			 unsigned char *w, uint32_t left, uint32_t hooks)
{
	const struct xt_ext *x;
	int err;

	if (left < EXT_HDR || left - EXT_HDR < EXT_SIZE(w))
		return -EINVAL;
	err = find_bridge_target(c, w, &x);
	if (!err)
		err = check_ext(c, e, x, w, hooks, left - EXT_HDR);
	if (!err)
		c->exts[c->nexts++] = x;
	return err;
}

static int check_target(struct ebt_chk *c, const unsigned char *e,
			unsigned char *t, uint32_t gap, uint32_t hooks)
{
	const struct xt_ext *x;
	int err = find_bridge_target(c, t, &x);

	if (err)
		return err;
	if (!strcmp(xt_ext_name(x), EBT_STANDARD_TARGET)) {
		if (gap < STD_TG_SZ ||
		    (int)rd32(t + EXT_HDR) < -NUM_STANDARD_TARGETS)
			return -EFAULT;
	} else if (EXT_SIZE(t) > gap - EXT_HDR) {
		return -EFAULT;
	}
	err = check_ext(c, e, x, t, hooks, gap - EXT_HDR);
	if (!err)
		c->exts[c->nexts++] = x;
	return err;
}

/* ebt_check_entry() of the entry at off (heads pass) */
static int check_entry(struct ebt_chk *c, uint32_t off)
{
	unsigned char *e = c->blob + off;
	uint32_t bitmask = ENT(e, 0, bitmask), hooks, i, wo, to;
	int err;

	/* a chain's head: only its 48 bytes are there */
	if (!bitmask)
		return 0;
	wo = ENT(e, 0, watchers_offset);
	to = ENT(e, 0, target_offset);
	if ((bitmask & ~EBT_F_MASK) || (ENT(e, 0, invflags) & ~EBT_INV_MASK))
		return -EINVAL;
	if ((bitmask & EBT_NOPROTO) && (bitmask & EBT_802_3))
		return -EINVAL;
	hooks = hookmask_of(c, off);
	for (i = ENTRY_SZ; i < wo; i += EXT_SIZE(e + i) + EXT_HDR) {
		err = check_match(c, e, e + i, wo - i, hooks);
		if (err)
			return err;
	}
	if (i != wo)
		return -EINVAL;
	for (i = wo; i < to; i += EXT_SIZE(e + i) + EXT_HDR) {
		err = check_watcher(c, e, e + i, to - i, hooks);
		if (err)
			return err;
	}
	if (i != to)
		return -EINVAL;
	return check_target(c, e, e + to, ENT(e, 0, next_offset) - to, hooks);
}

/* cleanup of what the checks took, in their order */
static void destroy_exts(struct unl_net *net, const unsigned char *b,
			 uint32_t size, const struct xt_ext **exts,
			 uint32_t nexts)
{
	uint32_t k = 0;

	for (uint32_t off = 0; off < size && k < nexts; off += step(b, off)) {
		uint32_t to;

		if (!rd32(b + off))
			continue;
		to = ENT(b, off, target_offset);
		for (uint32_t i = ENTRY_SZ; i < to && k < nexts;
		     i += EXT_SIZE(b + off + i) + EXT_HDR)
			destroy_ext(net, exts[k++], b + off + i);
		if (k < nexts)
			destroy_ext(net, exts[k++], b + off + to);
	}
}

/* ebt_obj_to_user(): the name the kernel knows, its revision, the
 * size, the data a dump shows, zeros to its aligned end */
static void ext_user_view(unsigned char *ext, const struct xt_ext *x)
{
	uint32_t size = EXT_SIZE(ext), user = x->usersize ? x->usersize : size;

	memset(ext, 0, EXT_HDR);
	snprintf((char *)ext, EBT_EXTENSION_MAXNAMELEN, "%s", xt_ext_name(x));
	ext[offsetof(struct ebt_entry_match, u.revision)] = x->rev;
	wr32(ext + offsetof(struct ebt_entry_match, match_size), size);
	if (user < XT_ALIGN(size))
		memset(ext + EXT_HDR + user, 0, XT_ALIGN(size) - user);
}

static void user_view(unsigned char *b, uint32_t size,
		      const struct xt_ext **exts)
{
	uint32_t k = 0;

	for (uint32_t off = 0; off < size; off += step(b, off)) {
		uint32_t to;

		if (!rd32(b + off))
			continue;
		to = ENT(b, off, target_offset);
		for (uint32_t i = ENTRY_SZ; i < to;) {
			uint32_t next = i + EXT_SIZE(b + off + i) + EXT_HDR;

			ext_user_view(b + off + i, exts[k++]);
			i = next;
		}
		ext_user_view(b + off + to, exts[k++]);
	}
}

/* translate_table() on c (its blob checked by verify_pointers()) */
static int translate(struct ebt_chk *c)
{
	int i = 0, err;

	while (i < BR_HOOKS && c->hook[i] == NONE)
		i++;
	if (i == BR_HOOKS || c->hook[i] != 0)
		return -EINVAL;
	/* the base chains in the order of their hooks */
	for (int j = i + 1; j < BR_HOOKS; j++) {
		if (c->hook[j] == NONE)
			continue;
		if (c->hook[j] <= c->hook[i])
			return -EINVAL;
		i = j;
	}
	err = check_sizes(c);
	if (err)
		return err;
	c->udc = calloc(c->nudc ? c->nudc : 1, sizeof(*c->udc));
	if (!c->udc)
		return -ENOMEM;
	for (uint32_t off = 0, u = 0; off < c->size;
	     off += step(c->blob, off))
		if (!rd32(c->blob + off) && hook_at(c, off) == BR_HOOKS)
			c->udc[u++].head = off;
	for (int h = 0; h < BR_HOOKS; h++)
		if (c->hook[h] != NONE && !chain_loops_ok(c, h))
			return -EINVAL;
	/* each extension takes a header at least */
	c->exts = calloc(c->size / EXT_HDR + 1, sizeof(*c->exts));
	if (!c->exts)
		return -ENOMEM;
	for (uint32_t off = 0; off < c->size; off += step(c->blob, off)) {
		err = check_entry(c, off);
		if (err) {
			destroy_exts(c->net, c->blob, c->size, c->exts,
				     c->nexts);
			c->nexts = 0;
			return err;
		}
	}
	user_view(c->blob, c->size, c->exts);
	return 0;
}

/* ---- tables of a net ---- */

static void tab_free(struct unl_net *net, struct ebt_tab *t)
{
	if (!t)
		return;
	destroy_exts(net, t->entries, t->size, t->exts, t->nexts);
	free(t->exts);
	free(t->entries);
	free(t->counters);
	free(t);
}

/* the blob a table module starts with: an empty chain per hook */
static unsigned char *tpl_blob(const struct ebt_tpl *tpl, uint32_t *size)
{
	uint32_t n = (uint32_t)__builtin_popcount(tpl->hooks);
	unsigned char *b = calloc(n, CHAIN_SZ), *p = b;

	if (!b)
		return NULL;
	for (int h = 0; h < BR_HOOKS; h++) {
		struct ebt_entries ch = { .policy = EBT_ACCEPT };

		if (!(tpl->hooks & (1u << h)))
			continue;
		snprintf(ch.name, sizeof(ch.name), "%s", tpl->chain[h]);
		memcpy(p, &ch, CHAIN_SZ);
		p += CHAIN_SZ;
	}
	*size = n * CHAIN_SZ;
	return b;
}

static const struct ebt_tpl *tpl_of(const struct unl_profile *p,
				    const char *name)
{
	for (size_t i = 0; i < sizeof(ebt_tpls) / sizeof(ebt_tpls[0]); i++)
		if (!strcmp(ebt_tpls[i].name, name) &&
		    unl_profile_has(p, UNL_PROFILE_FEATURE,
				    ebt_tpls[i].feature))
			return &ebt_tpls[i];
	return NULL;
}

/* find_table_lock(): the net's table of the name, made from its
 * module's template the first time; -ENOENT when none has it */
static int tab_find(struct ebt_net *en, const char *name, struct ebt_tab **out)
{
	const struct ebt_tpl *tpl;
	struct ebt_tab *t;

	for (t = en->tables; t; t = t->next)
		if (!strcmp(t->tpl->name, name)) {
			*out = t;
			return 0;
		}
	tpl = tpl_of(unl_net_profile(en->net), name);
	if (!tpl)
		return -ENOENT;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->tpl = tpl;
	t->entries = tpl_blob(tpl, &t->size);
	t->counters = calloc(1, sizeof(*t->counters));
	t->exts = calloc(1, sizeof(*t->exts));
	if (!t->entries || !t->counters || !t->exts) {
		tab_free(en->net, t);
		return -ENOMEM;
	}
	t->next = en->tables;
	en->tables = t;
	*out = t;
	return 0;
}

/* ---- the socket options ---- */

/* the replace at buf, its name terminated */
static void read_head(const unsigned char *buf, struct ebt_replace *r)
{
	memcpy(r, buf, sizeof(*r));
	r->name[sizeof(r->name) - 1] = '\0';
}

/* do_replace() and do_replace_finish(): the old counters come back
 * in buf when the caller asked for them */
static int do_replace(struct ebt_net *en, unsigned int flags,
		      unsigned char *buf, size_t plen, size_t cap,
		      int32_t optlen, uint32_t *out_len)
{
	struct ebt_chk c = { .net = en->net };
	struct ebt_replace r;
	struct ebt_tab *t, **pp;
	int err;

	if (optlen < 0 || (uint32_t)optlen < HEAD)
		return -EINVAL;
	if (flags & UNL_EBT_HEAD_FAULT)
		return -EFAULT;
	read_head(buf, &r);
	if ((uint64_t)(uint32_t)optlen != (uint64_t)HEAD + r.entries_size ||
	    !r.entries_size)
		return -EINVAL;
	if (r.nentries >= EBT_MAX_NENTRIES ||
	    r.num_counters >= INT_MAX / COUNTER_SZ)
		return -ENOMEM;
	if (flags & UNL_EBT_DATA_BIG)
		return -ENOMEM;
	if (!(flags & UNL_EBT_DATA) || plen != (size_t)HEAD + r.entries_size)
		return -EFAULT;
	if ((size_t)r.num_counters * COUNTER_SZ > cap) {
		/* the room the old counters need; nothing changed */
		*out_len = r.num_counters * COUNTER_SZ;
		return -ENOBUFS;
	}
	c.table = r.name;
	c.size = r.entries_size;
	c.nentries = r.nentries;
	c.blob = malloc(c.size);
	if (!c.blob)
		return -ENOMEM;
	memcpy(c.blob, buf + HEAD, c.size);
	err = verify_pointers(&c, &r);
	if (!err)
		err = translate(&c);
	free(c.udc);
	if (!err) {
		err = tab_find(en, r.name, &t);
		if (!err && (r.valid_hooks != t->tpl->hooks ||
			     (r.num_counters && r.num_counters != t->nentries)))
			err = -EINVAL;
		if (err)
			destroy_exts(en->net, c.blob, c.size, c.exts, c.nexts);
	}
	if (err) {
		free(c.exts);
		free(c.blob);
		return err;
	}
	*out_len = r.num_counters * COUNTER_SZ;
	memcpy(buf, t->counters, *out_len);
	/* the new table in place of the old, with counters at zero */
	struct ebt_counter *cnt = calloc(c.nentries ? c.nentries : 1,
					 sizeof(*cnt));
	struct ebt_tab *nt = calloc(1, sizeof(*nt));

	if (!cnt || !nt) {
		free(cnt);
		free(nt);
		destroy_exts(en->net, c.blob, c.size, c.exts, c.nexts);
		free(c.exts);
		free(c.blob);
		*out_len = 0;
		return -ENOMEM;
	}
	*nt = (struct ebt_tab){ .next = t->next, .tpl = t->tpl,
				.nentries = c.nentries, .size = c.size,
				.entries = c.blob, .counters = cnt,
				.exts = c.exts, .nexts = c.nexts };
	for (pp = &en->tables; *pp != t; pp = &(*pp)->next)
		;
	*pp = nt;
	tab_free(en->net, t);
	return 0;
}

/* update_counters() and do_update_counters(): added to the table's */
static int update_counters(struct ebt_net *en, unsigned int flags,
			   const unsigned char *buf, size_t plen,
			   int32_t optlen)
{
	struct ebt_replace r;
	struct ebt_tab *t;
	int err;

	if (optlen < 0 || (uint32_t)optlen < HEAD)
		return -EINVAL;
	if (flags & UNL_EBT_HEAD_FAULT)
		return -EFAULT;
	read_head(buf, &r);
	if ((uint64_t)(uint32_t)optlen !=
	    (uint64_t)HEAD + (uint64_t)r.num_counters * COUNTER_SZ)
		return -EINVAL;
	if (!r.num_counters)
		return -EINVAL;
	err = tab_find(en, r.name, &t);
	if (err)
		return err;
	if (r.num_counters != t->nentries)
		return -EINVAL;
	if (!(flags & UNL_EBT_DATA) ||
	    plen != (size_t)HEAD + (size_t)r.num_counters * COUNTER_SZ)
		return (flags & UNL_EBT_DATA_BIG) ? -ENOMEM : -EFAULT;
	for (uint32_t i = 0; i < t->nentries; i++) {
		struct ebt_counter add;

		memcpy(&add, buf + HEAD + (size_t)i * COUNTER_SZ, sizeof(add));
		t->counters[i].pcnt += add.pcnt;
		t->counters[i].bcnt += add.bcnt;
	}
	return 0;
}

/* do_ebt_get_ctl(): the info (INFO, INIT_INFO) or the counters and
 * entries (ENTRIES, INIT_ENTRIES: the table as its module made it,
 * which has no entries) */
static int do_get(struct ebt_net *en, int opt, unsigned int flags,
		  unsigned char *buf, size_t cap, int32_t optlen,
		  uint32_t *out_len)
{
	bool init = opt == EBT_SO_GET_INIT_INFO ||
		    opt == EBT_SO_GET_INIT_ENTRIES;
	uint32_t nentries, size, ncnt, tsize;
	unsigned char *blob = NULL;
	struct ebt_replace r;
	struct ebt_tab *t;
	int err;

	if (flags & UNL_EBT_HEAD_FAULT)
		return -EFAULT;
	read_head(buf, &r);
	err = tab_find(en, r.name, &t);
	if (err)
		return err;
	nentries = init ? 0 : t->nentries;
	size = t->size;
	if (init) {
		blob = tpl_blob(t->tpl, &tsize);
		if (!blob)
			return -ENOMEM;
		size = tsize;
	}
	if (opt == EBT_SO_GET_INFO || opt == EBT_SO_GET_INIT_INFO) {
		free(blob);
		if (optlen != (int32_t)HEAD)
			return -EINVAL;
		r.nentries = nentries;
		r.entries_size = size;
		r.valid_hooks = t->tpl->hooks;
		memcpy(buf, &r, HEAD);
		*out_len = HEAD;
		return 0;
	}
	ncnt = r.num_counters ? nentries : 0;
	err = 0;
	if (optlen < 0 || (uint64_t)optlen != (uint64_t)HEAD + size +
							(uint64_t)ncnt *
								COUNTER_SZ)
		err = -EINVAL;
	else if (r.nentries != nentries || r.entries_size != size)
		err = -EINVAL;
	else if (r.num_counters && r.num_counters != nentries)
		err = -EINVAL;
	else if ((size_t)ncnt * COUNTER_SZ + size > cap) {
		/* the room the answer needs */
		*out_len = ncnt * COUNTER_SZ + size;
		err = -ENOBUFS;
	}
	if (err) {
		free(blob);
		return err;
	}
	/* the counters for the replace's counters pointer, then the
	 * entries for its entries pointer */
	if (ncnt && !init)
		memcpy(buf, t->counters, (size_t)ncnt * COUNTER_SZ);
	memcpy(buf + (size_t)ncnt * COUNTER_SZ, init ? blob : t->entries,
	       size);
	free(blob);
	*out_len = ncnt * COUNTER_SZ + size;
	return 0;
}

static struct ebt_net *ebt_net_of(struct unl_net *net)
{
	struct nfnl_net *nn = nfnl_net_of(net);

	return nn ? *nfnl_net_ebt(nn) : NULL;
}

int ebt_sockopt(struct unl_net *net, bool set, int opt, unsigned int flags,
		void *buf, size_t plen, size_t cap, int32_t optlen,
		uint32_t *out_len)
{
	struct ebt_net *en = ebt_net_of(net);

	*out_len = 0;
	/* the replace whole, and room for the answers a replace is */
	if ((!(flags & UNL_EBT_HEAD_FAULT) && plen < HEAD) || cap < HEAD)
		return -EINVAL;
	/* nf_sockopt_find(): ebtables' options come with its module */
	if (!en || !unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
				    "BRIDGE_NF_EBTABLES_LEGACY"))
		return -ENOPROTOOPT;
	if (set ? opt > EBT_SO_SET_MAX : opt > EBT_SO_GET_MAX)
		return -ENOPROTOOPT;
	if (!unl_net_capable(net, CAP_NET_ADMIN))
		return -EPERM;
	if (set && opt == EBT_SO_SET_ENTRIES)
		return do_replace(en, flags, buf, plen, cap, optlen, out_len);
	if (set && opt == EBT_SO_SET_COUNTERS)
		return update_counters(en, flags, buf, plen, optlen);
	if (set)
		return -EINVAL;
	return do_get(en, opt, flags, buf, cap, optlen, out_len);
}

int ebt_net_init(struct unl_net *net, void **priv)
{
	struct ebt_net *en = calloc(1, sizeof(*en));

	if (!en)
		return -ENOMEM;
	en->net = net;
	*priv = en;
	return 0;
}

void ebt_net_exit(struct unl_net *net, void *priv)
{
	struct ebt_net *en = priv;

	if (!en)
		return;
	while (en->tables) {
		struct ebt_tab *t = en->tables;

		en->tables = t->next;
		tab_free(net, t);
	}
	free(en);
}
