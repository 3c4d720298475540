// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * osf (net/netfilter/nfnetlink_osf.c, NFNL_SUBSYS_OSF): the passive OS
 * fingerprints that xt_osf and nft's `osf` match SYNs against, loaded
 * by `nfnl_osf -f pf.os` one OSF_MSG_ADD each, unloaded with
 * OSF_MSG_REMOVE.  Nothing lists them: a fingerprint shows only as the
 * EEXIST of adding it again with NLM_F_EXCL and the ENOENT of removing
 * one that is not there.
 *
 * Linux keeps them for the whole machine (nf_osf_fingers[], one list
 * for fingerprints with the don't-fragment bit and one for those
 * without), asked with capable(CAP_NET_ADMIN): a fingerprint loaded in
 * one namespace is there in every other.  The machine here is the
 * world (nfnl_world_state()).  No packet flows, so nothing is matched.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_osf.h>

#include <unetlink/profile.h>

#include "proto/netfilter/nfnetlink.h"

struct osf_finger {
	struct osf_finger *next;
	struct nf_osf_user_finger finger;
};

/* nf_osf_fingers[2]: by the fingerprint's df, each in the order added */
struct osf_world {
	struct osf_finger *fingers[2];
};

static const struct unl_nla_policy osf_policy[OSF_ATTR_MAX + 1] = {
	[OSF_ATTR_FINGER] = { .type = UNL_NLA_UNSPEC,
			      .len = sizeof(struct nf_osf_user_finger) },
};

/* The fingerprint of a request: in the attribute's first bytes (the
 * policy made sure there are that many). */
static void osf_finger_get(const struct nlattr *a,
			   struct nf_osf_user_finger *f)
{
	memcpy(f, unl_nla_data(a), sizeof(*f));
}

/* Where the fingerprint equal to f (all of its bytes) is linked. */
static struct osf_finger **osf_find(struct osf_world *w,
				    const struct nf_osf_user_finger *f)
{
	struct osf_finger **p = &w->fingers[!!f->df];

	while (*p && memcmp(&(*p)->finger, f, sizeof(*f)))
		p = &(*p)->next;
	return p;
}

static bool osf_name_ok(const char *s)
{
	return memchr(s, '\0', MAXGENRELEN) != NULL;
}

/* nfnl_osf_add_callback(): NLM_F_CREATE is required; an equal
 * fingerprint is kept, and is EEXIST with NLM_F_EXCL. */
static int osf_add(struct unl_skb *skb, const struct nfnl_info *info,
		   const struct nlattr *const tb[])
{
	struct osf_world *w = info->priv;
	struct nf_osf_user_finger f;
	struct osf_finger **p, *n;

	(void)skb;
	if (!unl_net_capable(info->net, CAP_NET_ADMIN))
		return -EPERM;
	if (!tb[OSF_ATTR_FINGER])
		return -EINVAL;
	if (!(info->nlh->nlmsg_flags & NLM_F_CREATE))
		return -EINVAL;
	osf_finger_get(tb[OSF_ATTR_FINGER], &f);
	if (f.opt_num > MAX_IPOPTLEN)
		return -EINVAL;
	if (!osf_name_ok(f.genre) || !osf_name_ok(f.subtype) ||
	    !osf_name_ok(f.version))
		return -EINVAL;
	p = osf_find(w, &f);
	if (*p)
		return info->nlh->nlmsg_flags & NLM_F_EXCL ? -EEXIST : 0;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->finger = f;
	*p = n;
	return 0;
}

/* nfnl_osf_remove_callback(): the equal fingerprint, or ENOENT. */
static int osf_remove(struct unl_skb *skb, const struct nfnl_info *info,
		      const struct nlattr *const tb[])
{
	struct osf_world *w = info->priv;
	struct nf_osf_user_finger f;
	struct osf_finger **p, *gone;

	(void)skb;
	if (!unl_net_capable(info->net, CAP_NET_ADMIN))
		return -EPERM;
	if (!tb[OSF_ATTR_FINGER])
		return -EINVAL;
	osf_finger_get(tb[OSF_ATTR_FINGER], &f);
	p = osf_find(w, &f);
	if (!*p)
		return -ENOENT;
	gone = *p;
	*p = gone->next;
	free(gone);
	return 0;
}

#define OSF_CB(fn)                                                          \
	{ .call = (fn), .type = NFNL_CB_MUTEX, .attr_count = OSF_ATTR_MAX, \
	  .policy = osf_policy }

static const struct nfnl_callback osf_cb[OSF_MSG_MAX] = {
	[OSF_MSG_ADD] = OSF_CB(osf_add),
	[OSF_MSG_REMOVE] = OSF_CB(osf_remove),
};

static bool osf_offered(const struct unl_profile *p)
{
	return unl_profile_has(p, UNL_PROFILE_FEATURE,
			       "NETFILTER_NETLINK_OSF");
}

static void *osf_world_new(void)
{
	return calloc(1, sizeof(struct osf_world));
}

static void osf_world_free(void *priv)
{
	struct osf_world *w = priv;

	for (size_t i = 0; i < 2; i++)
		while (w->fingers[i]) {
			struct osf_finger *f = w->fingers[i];

			w->fingers[i] = f->next;
			free(f);
		}
	free(w);
}

static int osf_net_init(struct nfnl_net *nn, void **priv)
{
	*priv = nfnl_world_state(nn, NFNL_SUBSYS_OSF, osf_world_new,
				 osf_world_free);
	return *priv ? 0 : -ENOMEM;
}

static void osf_net_exit(void *priv)
{
	(void)priv; /* the world's, freed with it */
}

const struct nfnl_subsystem nfnl_osf_subsys = {
	.name = "osf",
	.subsys_id = NFNL_SUBSYS_OSF,
	.cb_count = OSF_MSG_MAX,
	.cb = osf_cb,
	.offered = osf_offered,
	.net_init = osf_net_init,
	.net_exit = osf_net_exit,
};
