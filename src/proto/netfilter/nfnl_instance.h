/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The instances of nfnetlink_log (groups) and nfnetlink_queue (queues):
 * each has a number and belongs to the socket that bound it, goes with
 * that socket, and is listed in a /proc/net/netfilter file by hash
 * bucket.  Linux keeps the two lists apart with the same rules
 * (instance_lookup(), instance_create(), the URELEASE notifiers); here
 * they share the list and only their configuration differs.
 */
#ifndef UNL_NFNL_INSTANCE_H
#define UNL_NFNL_INSTANCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct unl_net;

/* The first member of each subsystem's instance. */
struct nfnl_instance {
	struct nfnl_instance *next;
	uint16_t num;
	uint32_t peer_portid;
};

/* One /proc/net line of an instance. */
typedef void (*nfnl_instance_row)(const struct nfnl_instance *inst,
				  FILE *out);

struct nfnl_instances {
	struct unl_net *net;
	struct nfnl_instance *head;
	const char *proc_path;
	nfnl_instance_row row;
	int release_id;
};

/* The slot that holds number num, or the empty one at the end. */
struct nfnl_instance **nfnl_instance_slot(struct nfnl_instances *set,
					  uint16_t num);
/* A zeroed instance of size bytes at the head of the list, or NULL. */
struct nfnl_instance *nfnl_instance_add(struct nfnl_instances *set,
					uint16_t num, uint32_t portid,
					size_t size);
void nfnl_instance_destroy(struct nfnl_instance **pp);

/* Watches socket releases and makes the /proc/net file: 0 or -errno. */
int nfnl_instances_init(struct nfnl_instances *set, struct unl_net *net,
			const char *proc_path, nfnl_instance_row row);
void nfnl_instances_fini(struct nfnl_instances *set);

#endif
