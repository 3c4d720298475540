// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvstore-server: the unl_kvstore family (kvstore.h) served from this
 * process through the unetlink daemon.
 *
 *   kvstore-server [--netnsok] [--socket PATH]
 *
 * The family is written exactly as an in-process (or kernel) genl family
 * is: a policy, ops with flags, a multicast group, handlers that get
 * parsed attributes and answer with the unl_genlmsg_* writer.  Only the
 * registration differs: unl_service_register() instead of
 * unl_genl_register_family().  Prints "ready <id>" once registered, then
 * serves until the daemon goes away.
 *
 * With --netnsok the family is reachable from every network namespace
 * of the daemon, and keeps one store per namespace (info->net tells
 * which one asked, as it would tell a kernel family); without, it
 * exists in the daemon's initial namespace only, as a kernel family
 * without netnsok exists in init_net only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include <unetlink/service.h>

#include "kvstore.h"

#define KVSTORE_MAX_PAIRS 1024

struct pair {
	char key[KVSTORE_KEY_MAX + 1];
	char value[KVSTORE_VALUE_MAX + 1];
};

/* The pairs of one namespace, in insertion order; a dump resumes by
 * index. */
struct store {
	struct unl_net *net; /* NULL: the one store without --netnsok */
	struct pair pairs[KVSTORE_MAX_PAIRS];
	unsigned int npairs;
	struct store *next;
};
static struct store *stores;

static struct unl_genl_family kvstore_family;

enum { KVSTORE_GRP_CHANGES };

static const struct unl_nla_policy kvstore_policy[KVSTORE_ATTR_MAX + 1] = {
	[KVSTORE_ATTR_KEY] = { .type = UNL_NLA_NUL_STRING,
			       .len = KVSTORE_KEY_MAX },
	[KVSTORE_ATTR_VALUE] = { .type = UNL_NLA_NUL_STRING,
				 .len = KVSTORE_VALUE_MAX },
};

/* The store of the namespace that asked; NULL when out of memory. */
static struct store *store_of(const struct unl_genl_info *info)
{
	struct unl_net *net = kvstore_family.netnsok ? info->net : NULL;
	struct store *st;

	for (st = stores; st; st = st->next)
		if (st->net == net)
			return st;
	st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->net = net;
	st->next = stores;
	stores = st;
	return st;
}

static struct pair *pair_find(struct store *st, const char *key)
{
	for (unsigned int i = 0; i < st->npairs; i++)
		if (!strcmp(st->pairs[i].key, key))
			return &st->pairs[i];
	return NULL;
}

/* One message { KEY[, VALUE] } of cmd; 0 or -EMSGSIZE. */
static int pair_fill(struct unl_skb *skb, uint32_t portid, uint32_t seq,
		     int flags, uint8_t cmd, const struct pair *p)
{
	void *hdr = unl_genlmsg_put(skb, portid, seq, &kvstore_family, flags,
				    cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (unl_nla_put_string(skb, KVSTORE_ATTR_KEY, p->key) ||
	    (cmd != KVSTORE_CMD_DEL &&
	     unl_nla_put_string(skb, KVSTORE_ATTR_VALUE, p->value))) {
		unl_genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* Tell the "changes" group (and the requester, if it asked for an
 * echo). */
static void notify(struct unl_genl_info *info, uint8_t cmd,
		   const struct pair *p)
{
	struct unl_skb *skb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);

	if (!skb)
		return;
	if (pair_fill(skb, info->snd_portid, info->snd_seq, 0, cmd, p)) {
		unl_skb_free(skb);
		return;
	}
	unl_genl_notify(&kvstore_family, skb, info, KVSTORE_GRP_CHANGES);
}

/* The request must carry attribute type, or the ACK says which is
 * missing (GENL_REQ_ATTR_CHECK). */
static bool need(struct unl_genl_info *info, int type)
{
	if (info->attrs[type])
		return true;
	UNL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
	UNL_SET_ERR_MSG(info->extack, type == KVSTORE_ATTR_KEY
					      ? "missing key"
					      : "missing value");
	return false;
}

static int kvstore_get(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct store *st = store_of(info);
	const struct pair *p;
	struct unl_skb *msg;
	int err;

	if (!st)
		return -ENOMEM;
	if (!need(info, KVSTORE_ATTR_KEY))
		return -EINVAL;
	p = pair_find(st, unl_nla_data(info->attrs[KVSTORE_ATTR_KEY]));
	if (!p) {
		UNL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KVSTORE_ATTR_KEY],
				     "no such key");
		return -ENOENT;
	}
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	err = pair_fill(msg, info->snd_portid, info->snd_seq, 0,
			KVSTORE_CMD_GET, p);
	if (err) {
		unl_skb_free(msg);
		return err;
	}
	return unl_genlmsg_reply(msg, info);
}

static int kvstore_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct store *st = store_of(info);
	unsigned int i;

	if (!st)
		return -ENOMEM;
	for (i = (unsigned int)cb->args[0]; i < st->npairs; i++)
		if (pair_fill(skb, info->snd_portid, info->snd_seq,
			      NLM_F_MULTI, KVSTORE_CMD_GET, &st->pairs[i]))
			break;
	cb->args[0] = i;
	/* Something written: more may come; nothing: the end. */
	return (int)unl_skb_len(skb);
}

static int kvstore_set(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct store *st = store_of(info);
	struct pair *p;

	if (!st)
		return -ENOMEM;
	if (!need(info, KVSTORE_ATTR_KEY) || !need(info, KVSTORE_ATTR_VALUE))
		return -EINVAL;
	p = pair_find(st, unl_nla_data(info->attrs[KVSTORE_ATTR_KEY]));
	if (!p) {
		if (st->npairs == KVSTORE_MAX_PAIRS) {
			UNL_SET_ERR_MSG(info->extack, "the store is full");
			return -ENOSPC;
		}
		p = &st->pairs[st->npairs++];
		unl_nla_strscpy(p->key, info->attrs[KVSTORE_ATTR_KEY],
				sizeof(p->key));
	}
	unl_nla_strscpy(p->value, info->attrs[KVSTORE_ATTR_VALUE],
			sizeof(p->value));
	notify(info, KVSTORE_CMD_SET, p);
	return 0;
}

static int kvstore_del(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct store *st = store_of(info);
	struct pair *p, gone;

	if (!st)
		return -ENOMEM;
	if (!need(info, KVSTORE_ATTR_KEY))
		return -EINVAL;
	p = pair_find(st, unl_nla_data(info->attrs[KVSTORE_ATTR_KEY]));
	if (!p) {
		UNL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KVSTORE_ATTR_KEY],
				     "no such key");
		return -ENOENT;
	}
	gone = *p;
	memmove(p, p + 1, (size_t)(&st->pairs[--st->npairs] - p) * sizeof(*p));
	notify(info, KVSTORE_CMD_DEL, &gone);
	return 0;
}

static const struct unl_genl_ops kvstore_ops[] = {
	{ .cmd = KVSTORE_CMD_GET, .doit = kvstore_get,
	  .dumpit = kvstore_dump },
	{ .cmd = KVSTORE_CMD_SET, .doit = kvstore_set,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = KVSTORE_CMD_DEL, .doit = kvstore_del,
	  .flags = GENL_ADMIN_PERM },
};

static const struct unl_genl_multicast_group kvstore_mcgrps[] = {
	[KVSTORE_GRP_CHANGES] = { .name = KVSTORE_MCGRP_CHANGES },
};

static struct unl_genl_family kvstore_family = {
	.name = KVSTORE_FAMILY_NAME,
	.version = KVSTORE_FAMILY_VERSION,
	.maxattr = KVSTORE_ATTR_MAX,
	.policy = kvstore_policy,
	/* Every command is new: strict header and attribute checks. */
	.resv_start_op = __KVSTORE_CMD_MAX,
	.ops = kvstore_ops,
	.n_ops = sizeof(kvstore_ops) / sizeof(kvstore_ops[0]),
	.mcgrps = kvstore_mcgrps,
	.n_mcgrps = sizeof(kvstore_mcgrps) / sizeof(kvstore_mcgrps[0]),
};

int main(int argc, char **argv)
{
	const char *path = NULL;
	struct unl_service *svc;
	int err, id;

	if (argc > 1 && !strcmp(argv[1], "--netnsok")) {
		kvstore_family.netnsok = true;
		argv++;
		argc--;
	}
	if (argc == 3 && !strcmp(argv[1], "--socket")) {
		path = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--netnsok] [--socket PATH]\n",
			argv[0]);
		return 2;
	}
	err = unl_service_connect(&svc, path);
	if (err) {
		fprintf(stderr, "kvstore-server: no unetlink daemon: %s\n",
			strerror(-err));
		return 1;
	}
	id = unl_service_register(svc, &kvstore_family);
	if (id < 0) {
		fprintf(stderr, "kvstore-server: cannot register %s: %s\n",
			KVSTORE_FAMILY_NAME, strerror(-id));
		unl_service_free(svc);
		return 1;
	}
	printf("ready %d\n", id);
	fflush(stdout);
	err = unl_service_run(svc);
	fprintf(stderr, "kvstore-server: %s\n", strerror(-err));
	unl_service_free(svc);
	return 1;
}
