// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Alternative interface names: RTM_NEWLINKPROP and RTM_DELLINKPROP
 * (rtnl_linkprop(), rtnl_alt_ifname()).  A device's altnames share the
 * namespace of device names, so every lookup by name finds them
 * (netdev_name_node_lookup() hashes both), and a name taken as an
 * altname cannot name another device nor be taken twice.  They are
 * reported in IFLA_PROP_LIST, oldest first.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/route/route-private.h"

/* nla_total_size() */
#define NLA_TOTAL(n) NLA_ALIGN(NLA_HDRLEN + (n))

bool rtnl_link_has_altname(const struct rtnl_link *l, const char *name)
{
	for (size_t i = 0; i < l->naltnames; i++)
		if (!strcmp(l->altnames[i], name))
			return true;
	return false;
}

/* rtnl_prop_list_size(): what IFLA_PROP_LIST takes in a message. */
size_t rtnl_link_prop_list_size(const struct rtnl_link *l)
{
	size_t size = 0;

	if (!l->naltnames)
		return 0;
	for (size_t i = 0; i < l->naltnames; i++)
		size += NLA_TOTAL(strlen(l->altnames[i]) + 1);
	return NLA_TOTAL(size);
}

/* rtnl_fill_prop_list(): nothing without altnames. */
int rtnl_link_put_prop_list(struct unl_skb *skb, const struct rtnl_link *l)
{
	struct nlattr *list;

	if (!l->naltnames)
		return 0;
	list = unl_nla_nest_start(skb, IFLA_PROP_LIST);
	if (!list)
		return -EMSGSIZE;
	for (size_t i = 0; i < l->naltnames; i++)
		if (unl_nla_put_string(skb, IFLA_ALT_IFNAME, l->altnames[i]))
			return -EMSGSIZE;
	unl_nla_nest_end(skb, list);
	return 0;
}

void rtnl_link_altnames_free(struct rtnl_link *l)
{
	for (size_t i = 0; i < l->naltnames; i++)
		free(l->altnames[i]);
	free(l->altnames);
	l->altnames = NULL;
	l->naltnames = 0;
}

/* netdev_name_node_alt_create(): any name not in use (whatever its
 * characters: only the attribute's length is checked). */
static int altname_add(struct rtnl_link *l, const char *name)
{
	char **v;
	char *copy;

	if (rtnl_link_by_name(l->rn, name))
		return -EEXIST;
	copy = strdup(name);
	v = realloc(l->altnames, (l->naltnames + 1) * sizeof(*v));
	if (!copy || !v) {
		free(copy);
		if (v)
			l->altnames = v;
		return -ENOMEM;
	}
	l->altnames = v;
	l->altnames[l->naltnames++] = copy;
	/* altnames are not in the name index: lookups look further */
	l->rn->had_altnames = true;
	return 0;
}

/* netdev_name_node_alt_destroy(): an altname of this device; its own
 * name or another device's altname is EINVAL, a name nobody has ENOENT. */
static int altname_del(struct rtnl_link *l, const char *name)
{
	struct rtnl_link *owner = rtnl_link_by_name(l->rn, name);

	if (!owner)
		return -ENOENT;
	if (owner != l || !strcmp(l->name, name))
		return -EINVAL;
	for (size_t i = 0; i < l->naltnames; i++) {
		if (strcmp(l->altnames[i], name))
			continue;
		free(l->altnames[i]);
		memmove(l->altnames + i, l->altnames + i + 1,
			(l->naltnames - i - 1) * sizeof(*l->altnames));
		l->naltnames--;
		return 0;
	}
	return -EINVAL;
}

/* rtnl_alt_ifname(): one IFLA_ALT_IFNAME of the list. */
static int altname_change(struct rtnl_link *l, int cmd,
			  const struct nlattr *attr, struct unl_ext_ack *extack)
{
	char name[ALTIFNAMSIZ];
	size_t len = unl_nla_len(attr);

	/* nla_validate() of the entry against ifla_policy */
	if (len > ALTIFNAMSIZ - 1 &&
	    (len > ALTIFNAMSIZ ||
	     ((const char *)unl_nla_data(attr))[len - 1] != '\0')) {
		UNL_SET_ERR_MSG_ATTR(extack, attr,
				     "Attribute failed policy validation");
		return -ERANGE;
	}
	if (cmd == RTM_NEWLINKPROP &&
	    rtnl_link_prop_list_size(l) + NLA_TOTAL(ALTIFNAMSIZ) >= UINT16_MAX) {
		UNL_SET_ERR_MSG(extack, "effective property list too long");
		return -EINVAL;
	}
	unl_nla_strscpy(name, attr, sizeof(name));
	return cmd == RTM_NEWLINKPROP ? altname_add(l, name)
				      : altname_del(l, name);
}

/* rtnl_linkprop(): the device by index or name, then each altname of
 * IFLA_PROP_LIST in turn; a failure stops there, and what was changed
 * before it is announced all the same. */
static int rtnl_linkprop(struct rtnl_net *rn, int cmd, struct nlmsghdr *nlh,
			 struct unl_ext_ack *extack)
{
	const struct nlattr *tb[RTNL_IFLA_MAX + 1];
	const struct nlattr *attr;
	struct ifinfomsg *ifm;
	struct rtnl_link *l;
	bool changed = false;
	int err, rem;

	err = rtnl_link_parse(nlh, tb, extack);
	if (err)
		return err;
	/* rtnl_ensure_unique_netns(netns_id_only) */
	if (tb[IFLA_NET_NS_PID] || tb[IFLA_NET_NS_FD]) {
		UNL_SET_ERR_MSG(extack, "specified netns attribute not supported");
		return -EOPNOTSUPP;
	}
	ifm = NLMSG_DATA(nlh);
	if (ifm->ifi_index <= 0 && !tb[IFLA_IFNAME] && !tb[IFLA_ALT_IFNAME])
		return -EINVAL;
	l = rtnl_link_lookup(rn, ifm, tb);
	if (!l)
		return -ENODEV;
	if (!tb[IFLA_PROP_LIST])
		return 0;
	err = 0;
	unl_nla_for_each_nested(attr, tb[IFLA_PROP_LIST], rem) {
		if (unl_nla_type(attr) != IFLA_ALT_IFNAME)
			continue;
		err = altname_change(l, cmd, attr, extack);
		if (err)
			break;
		changed = true;
	}
	if (changed)
		rtnl_link_state_change(l);
	return err;
}

static int rtnl_newlinkprop(struct rtnl_net *rn, struct unl_skb *skb,
			    struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	return rtnl_linkprop(rn, RTM_NEWLINKPROP, nlh, extack);
}

static int rtnl_dellinkprop(struct rtnl_net *rn, struct unl_skb *skb,
			    struct nlmsghdr *nlh, struct unl_ext_ack *extack)
{
	return rtnl_linkprop(rn, RTM_DELLINKPROP, nlh, extack);
}

const struct rtnl_msg_handler rtnl_altname_handlers[] = {
	{ PF_UNSPEC, RTM_NEWLINKPROP, rtnl_newlinkprop, NULL, 0 },
	{ PF_UNSPEC, RTM_DELLINKPROP, rtnl_dellinkprop, NULL, 0 },
};
const unsigned int rtnl_altname_handlers_n =
	sizeof(rtnl_altname_handlers) / sizeof(rtnl_altname_handlers[0]);
