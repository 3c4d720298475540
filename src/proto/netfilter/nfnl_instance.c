// SPDX-License-Identifier: LGPL-2.1-or-later
/* The instance list nfnetlink_log and nfnetlink_queue share. */
#include <errno.h>
#include <stdlib.h>

#include <linux/netlink.h>

#include <unetlink/kernel.h>

#include "proto/netfilter/nfnl_instance.h"

/* Both files hash their instances into 16 buckets by number. */
#define NFNL_INSTANCE_BUCKETS 16

struct nfnl_instance **nfnl_instance_slot(struct nfnl_instances *set,
					  uint16_t num)
{
	struct nfnl_instance **pp = &set->head;

	while (*pp && (*pp)->num != num)
		pp = &(*pp)->next;
	return pp;
}

struct nfnl_instance *nfnl_instance_add(struct nfnl_instances *set,
					uint16_t num, uint32_t portid,
					size_t size)
{
	struct nfnl_instance *inst = calloc(1, size);

	if (!inst)
		return NULL;
	inst->num = num;
	inst->peer_portid = portid;
	inst->next = set->head;
	set->head = inst;
	return inst;
}

void nfnl_instance_destroy(struct nfnl_instance **pp)
{
	struct nfnl_instance *inst = *pp;

	*pp = inst->next;
	free(inst);
}

/* The URELEASE notifier: a socket's instances go with it. */
static void nfnl_instances_release(struct unl_net *net, int protocol,
				   uint32_t portid, void *user)
{
	struct nfnl_instances *set = user;
	struct nfnl_instance **pp = &set->head;

	(void)net;
	if (protocol != NETLINK_NETFILTER || !portid)
		return;
	while (*pp) {
		if ((*pp)->peer_portid == portid)
			nfnl_instance_destroy(pp);
		else
			pp = &(*pp)->next;
	}
}

/* seq_show(): by hash bucket, each bucket newest first. */
static int nfnl_instances_show(struct unl_net *net, void *data, FILE *out)
{
	const struct nfnl_instances *set = data;

	(void)net;
	for (unsigned int b = 0; b < NFNL_INSTANCE_BUCKETS; b++)
		for (const struct nfnl_instance *i = set->head; i; i = i->next)
			if (i->num % NFNL_INSTANCE_BUCKETS == b)
				set->row(i, out);
	return 0;
}

int nfnl_instances_init(struct nfnl_instances *set, struct unl_net *net,
			const char *proc_path, nfnl_instance_row row)
{
	*set = (struct nfnl_instances){ .net = net, .proc_path = proc_path,
					.row = row };
	set->release_id = unl_release_notifier_add(net, nfnl_instances_release,
						   set);
	if (set->release_id < 0)
		return set->release_id;
	unl_procnet_create(net, proc_path, 0440, nfnl_instances_show, NULL,
			   set);
	return 0;
}

void nfnl_instances_fini(struct nfnl_instances *set)
{
	unl_release_notifier_remove(set->net, set->release_id);
	unl_procnet_remove(set->net, set->proc_path);
	while (set->head)
		nfnl_instance_destroy(&set->head);
}
