// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "IOAM6" generic netlink family (net/ipv6/ioam6.c): IPv6 In-situ
 * OAM namespaces and schemas, per net, and which schema a namespace
 * uses (`ip ioam`).  No packet carries IOAM here, so they are only kept
 * and listed.  Linux lists them in the order of a randomly seeded hash
 * table; here they come in the order they were made (the listing's
 * order differs from run to run on Linux anyway).
 *
 * The family is the world's, netnsok, registered with nlctrl
 * (genetlink.c), with a policy per command as Linux's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ioam6.h>
#include <linux/ioam6_genl.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/route-private.h"

/* IOAM6_U32_UNAVAILABLE, IOAM6_U64_UNAVAILABLE (U32_MAX and U64_MAX,
 * which the uapi header leaves to the kernel's headers) */
#define IOAM6_NONE32 UINT32_MAX
#define IOAM6_NONE64 UINT64_MAX

struct ioam6_sc;

struct ioam6_ns {
	struct ioam6_ns *next;
	uint16_t id;
	uint32_t data;      /* IOAM6_NONE32: none */
	uint64_t data_wide; /* IOAM6_NONE64: none */
	struct ioam6_sc *schema;
};

struct ioam6_sc {
	struct ioam6_sc *next;
	uint32_t id;
	uint32_t len; /* the data's length rounded up to 4 */
	struct ioam6_ns *ns;
	uint8_t data[];
};

struct ioam6_net {
	struct ioam6_ns *namespaces; /* oldest first */
	struct ioam6_sc *schemas;
};

static struct ioam6_net *ioam6_net(struct unl_net *net)
{
	struct rtnl_net *rn = rtnl_net_of(net);

	if (rn && !rn->ioam6)
		rn->ioam6 = calloc(1, sizeof(*rn->ioam6));
	return rn ? rn->ioam6 : NULL;
}

void rtnl_ioam6_fini(struct rtnl_net *rn)
{
	struct ioam6_net *in = rn->ioam6;

	if (!in)
		return;
	while (in->namespaces) {
		struct ioam6_ns *ns = in->namespaces;

		in->namespaces = ns->next;
		free(ns);
	}
	while (in->schemas) {
		struct ioam6_sc *sc = in->schemas;

		in->schemas = sc->next;
		free(sc);
	}
	free(in);
	rn->ioam6 = NULL;
}

static struct ioam6_ns **ioam6_ns_slot(struct ioam6_net *in, uint16_t id)
{
	struct ioam6_ns **pp = &in->namespaces;

	while (*pp && (*pp)->id != id)
		pp = &(*pp)->next;
	return pp;
}

static struct ioam6_sc **ioam6_sc_slot(struct ioam6_net *in, uint32_t id)
{
	struct ioam6_sc **pp = &in->schemas;

	while (*pp && (*pp)->id != id)
		pp = &(*pp)->next;
	return pp;
}

/* ---- policies ---- */

static const struct unl_nla_policy ioam6_addns_policy[] = {
	[IOAM6_ATTR_NS_ID] = { .type = UNL_NLA_U16 },
	[IOAM6_ATTR_NS_DATA] = { .type = UNL_NLA_U32 },
	[IOAM6_ATTR_NS_DATA_WIDE] = { .type = UNL_NLA_U64 },
};
static const struct unl_nla_policy ioam6_delns_policy[] = {
	[IOAM6_ATTR_NS_ID] = { .type = UNL_NLA_U16 },
};
static const struct unl_nla_policy ioam6_addsc_policy[] = {
	[IOAM6_ATTR_SC_ID] = { .type = UNL_NLA_U32 },
	[IOAM6_ATTR_SC_DATA] = { .type = UNL_NLA_BINARY,
				 .len = IOAM6_MAX_SCHEMA_DATA_LEN },
};
static const struct unl_nla_policy ioam6_delsc_policy[] = {
	[IOAM6_ATTR_SC_ID] = { .type = UNL_NLA_U32 },
};
static const struct unl_nla_policy ioam6_ns_sc_policy[] = {
	[IOAM6_ATTR_NS_ID] = { .type = UNL_NLA_U16 },
	[IOAM6_ATTR_SC_ID] = { .type = UNL_NLA_U32 },
	[IOAM6_ATTR_SC_NONE] = { .type = UNL_NLA_FLAG },
};

/* ---- namespaces ---- */

static int ioam6_addns_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ioam6_net *in = ioam6_net(info->net);
	const struct nlattr **tb = info->attrs;
	struct ioam6_ns **pp, *ns;
	uint16_t id;

	(void)skb;
	if (!tb[IOAM6_ATTR_NS_ID])
		return -EINVAL;
	if (!in)
		return -ENOMEM;
	id = unl_nla_get_u16(tb[IOAM6_ATTR_NS_ID]);
	pp = ioam6_ns_slot(in, id);
	if (*pp)
		return -EEXIST;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->id = id;
	ns->data = tb[IOAM6_ATTR_NS_DATA]
			   ? unl_nla_get_u32(tb[IOAM6_ATTR_NS_DATA])
			   : IOAM6_NONE32;
	ns->data_wide = tb[IOAM6_ATTR_NS_DATA_WIDE]
				? unl_nla_get_u64(tb[IOAM6_ATTR_NS_DATA_WIDE])
				: IOAM6_NONE64;
	*pp = ns;
	return 0;
}

static int ioam6_delns_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ioam6_net *in = ioam6_net(info->net);
	struct ioam6_ns **pp, *ns;

	(void)skb;
	if (!info->attrs[IOAM6_ATTR_NS_ID])
		return -EINVAL;
	if (!in)
		return -ENOMEM;
	pp = ioam6_ns_slot(in, unl_nla_get_u16(info->attrs[IOAM6_ATTR_NS_ID]));
	ns = *pp;
	if (!ns)
		return -ENOENT;
	if (ns->schema)
		ns->schema->ns = NULL;
	*pp = ns->next;
	free(ns);
	return 0;
}

/* args[0]: how many were written. */
static int ioam6_dumpns(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ioam6_net *in = ioam6_net(info->net);
	long i = 0;

	if (!in)
		return -ENOMEM;
	for (struct ioam6_ns *ns = in->namespaces; ns; ns = ns->next, i++) {
		void *hdr;

		if (i < cb->args[0])
			continue;
		hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
				      cb->nlh->nlmsg_seq, info->family,
				      NLM_F_MULTI, IOAM6_CMD_DUMP_NAMESPACES);
		if (!hdr)
			break;
		if (unl_nla_put_u16(skb, IOAM6_ATTR_NS_ID, ns->id) ||
		    (ns->data != IOAM6_NONE32 &&
		     unl_nla_put_u32(skb, IOAM6_ATTR_NS_DATA, ns->data)) ||
		    (ns->data_wide != IOAM6_NONE64 &&
		     unl_nla_put_u64(skb, IOAM6_ATTR_NS_DATA_WIDE,
					   ns->data_wide, IOAM6_ATTR_PAD)) ||
		    (ns->schema && unl_nla_put_u32(skb, IOAM6_ATTR_SC_ID,
						   ns->schema->id))) {
			unl_genlmsg_cancel(skb, hdr);
			break;
		}
		unl_genlmsg_end(skb, hdr);
		cb->args[0] = i + 1;
	}
	return (int)unl_skb_len(skb);
}

/* ---- schemas ---- */

static int ioam6_addsc_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ioam6_net *in = ioam6_net(info->net);
	const struct nlattr *da = info->attrs[IOAM6_ATTR_SC_DATA];
	struct ioam6_sc **pp, *sc;
	uint32_t len = da ? (uint32_t)unl_nla_len(da) : 0;

	(void)skb;
	if (!info->attrs[IOAM6_ATTR_SC_ID])
		return -EINVAL;
	if (!in)
		return -ENOMEM;
	pp = ioam6_sc_slot(in, unl_nla_get_u32(info->attrs[IOAM6_ATTR_SC_ID]));
	if (*pp)
		return -EEXIST;
	sc = calloc(1, sizeof(*sc) + ((len + 3) & ~3u));
	if (!sc)
		return -ENOMEM;
	sc->id = unl_nla_get_u32(info->attrs[IOAM6_ATTR_SC_ID]);
	sc->len = (len + 3) & ~3u;
	if (len)
		memcpy(sc->data, unl_nla_data(da), len);
	*pp = sc;
	return 0;
}

static int ioam6_delsc_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ioam6_net *in = ioam6_net(info->net);
	struct ioam6_sc **pp, *sc;

	(void)skb;
	if (!info->attrs[IOAM6_ATTR_SC_ID])
		return -EINVAL;
	if (!in)
		return -ENOMEM;
	pp = ioam6_sc_slot(in, unl_nla_get_u32(info->attrs[IOAM6_ATTR_SC_ID]));
	sc = *pp;
	if (!sc)
		return -ENOENT;
	if (sc->ns)
		sc->ns->schema = NULL;
	*pp = sc->next;
	free(sc);
	return 0;
}

static int ioam6_dumpsc(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct ioam6_net *in = ioam6_net(info->net);
	long i = 0;

	if (!in)
		return -ENOMEM;
	for (struct ioam6_sc *sc = in->schemas; sc; sc = sc->next, i++) {
		void *hdr;

		if (i < cb->args[0])
			continue;
		hdr = unl_genlmsg_put(skb, unl_skb_cb(cb->skb)->portid,
				      cb->nlh->nlmsg_seq, info->family,
				      NLM_F_MULTI, IOAM6_CMD_DUMP_SCHEMAS);
		if (!hdr)
			break;
		if (unl_nla_put_u32(skb, IOAM6_ATTR_SC_ID, sc->id) ||
		    unl_nla_put(skb, IOAM6_ATTR_SC_DATA, (int)sc->len,
				sc->data) ||
		    (sc->ns &&
		     unl_nla_put_u16(skb, IOAM6_ATTR_NS_ID, sc->ns->id))) {
			unl_genlmsg_cancel(skb, hdr);
			break;
		}
		unl_genlmsg_end(skb, hdr);
		cb->args[0] = i + 1;
	}
	return (int)unl_skb_len(skb);
}

/* ioam6_genl_ns_set_schema(): a schema belongs to one namespace at a
 * time; the one it had loses it. */
static int ioam6_ns_sc_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ioam6_net *in = ioam6_net(info->net);
	const struct nlattr **tb = info->attrs;
	struct ioam6_ns *ns;
	struct ioam6_sc *sc = NULL;

	(void)skb;
	if (!tb[IOAM6_ATTR_NS_ID] ||
	    (!tb[IOAM6_ATTR_SC_ID] && !tb[IOAM6_ATTR_SC_NONE]))
		return -EINVAL;
	if (!in)
		return -ENOMEM;
	ns = *ioam6_ns_slot(in, unl_nla_get_u16(tb[IOAM6_ATTR_NS_ID]));
	if (!ns)
		return -ENOENT;
	if (!tb[IOAM6_ATTR_SC_NONE]) {
		sc = *ioam6_sc_slot(in, unl_nla_get_u32(tb[IOAM6_ATTR_SC_ID]));
		if (!sc)
			return -ENOENT;
	}
	if (ns->schema)
		ns->schema->ns = NULL;
	ns->schema = sc;
	if (sc) {
		if (sc->ns)
			sc->ns->schema = NULL;
		sc->ns = ns;
	}
	return 0;
}

/* ---- the family ---- */

static const struct unl_genl_ops ioam6_ops[] = {
	{ .cmd = IOAM6_CMD_ADD_NAMESPACE, .doit = ioam6_addns_doit,
	  .flags = GENL_ADMIN_PERM, .policy = ioam6_addns_policy,
	  .maxattr = IOAM6_ATTR_NS_DATA_WIDE },
	{ .cmd = IOAM6_CMD_DEL_NAMESPACE, .doit = ioam6_delns_doit,
	  .flags = GENL_ADMIN_PERM, .policy = ioam6_delns_policy,
	  .maxattr = IOAM6_ATTR_NS_ID },
	{ .cmd = IOAM6_CMD_DUMP_NAMESPACES, .dumpit = ioam6_dumpns,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = IOAM6_CMD_ADD_SCHEMA, .doit = ioam6_addsc_doit,
	  .flags = GENL_ADMIN_PERM, .policy = ioam6_addsc_policy,
	  .maxattr = IOAM6_ATTR_SC_DATA },
	{ .cmd = IOAM6_CMD_DEL_SCHEMA, .doit = ioam6_delsc_doit,
	  .flags = GENL_ADMIN_PERM, .policy = ioam6_delsc_policy,
	  .maxattr = IOAM6_ATTR_SC_ID },
	{ .cmd = IOAM6_CMD_DUMP_SCHEMAS, .dumpit = ioam6_dumpsc,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = IOAM6_CMD_NS_SET_SCHEMA, .doit = ioam6_ns_sc_doit,
	  .flags = GENL_ADMIN_PERM, .policy = ioam6_ns_sc_policy,
	  .maxattr = IOAM6_ATTR_SC_NONE },
};

static const struct unl_genl_multicast_group ioam6_mcgrps[] = {
	/* not in Debian's 6.1 (genl-6.1.expected), in its 6.12: the
	 * events came with 6.11 (not pinned by a recording) */
	{ .name = "ioam6_events", .since = 611 },
};

void ioam6_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, IOAM6_GENL_NAME);
	family->version = IOAM6_GENL_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = IOAM6_CMD_NS_SET_SCHEMA + 1;
	family->ops = ioam6_ops;
	family->n_ops = sizeof(ioam6_ops) / sizeof(ioam6_ops[0]);
	family->mcgrps = ioam6_mcgrps;
	family->n_mcgrps = 1;
}
