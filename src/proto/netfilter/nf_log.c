// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Netfilter's core sysctls of a net: /proc/sys/net/netfilter/nf_log/N,
 * the logger each protocol family uses (net/netfilter/nf_log.c's
 * nf_log_proc_dostring()), and nf_hooks_lwtunnel
 * (net/netfilter/nf_hooks_lwtunnel.c), registered with
 * NETLINK_NETFILTER.
 *
 * The loggers are modules (nf_log_syslog, nfnetlink_log) the model does
 * not have: a fresh namespace's bindings come from the net's profile
 * (what the kernel's modules bind in a new namespace), and a family
 * may be set to "NONE" or back to that logger; any other name is
 * ENOENT, as for a logger that is not loaded (docs/conformance.md).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/netfilter/nf_conntrack.h"

#define NF_LOG_FAMILIES 11 /* NFPROTO_NUMPROTO's entries the kernel lists */
#define NF_LOGGER_NAME_LEN 64

struct nf_log_net {
	char logger[NF_LOG_FAMILIES][NF_LOGGER_NAME_LEN];
	/* the logger a fresh namespace binds: the one that exists here */
	char loaded[NF_LOG_FAMILIES][NF_LOGGER_NAME_LEN];
	int hooks_lwtunnel;
};

/* A name as proc_dostring() takes it: up to the newline. */
static int logger_name(const char *write, char *name)
{
	size_t n = strcspn(write, "\n");

	if (n >= NF_LOGGER_NAME_LEN)
		return -EINVAL;
	memcpy(name, write, n);
	name[n] = '\0';
	return 0;
}

/* nf_log_proc_dostring() */
static int nf_log_handler(struct unl_net *net, const struct unl_ctl_table *t,
			  void *data, const char *write, char *buf, size_t len)
{
	struct nf_log_net *nl = data;
	char name[NF_LOGGER_NAME_LEN];
	long f = t->arg;

	if (!write) {
		int n = snprintf(buf, len, "%s\n",
				 nl->logger[f][0] ? nl->logger[f] : "NONE");

		return n < 0 || (size_t)n >= len ? -EINVAL : 0;
	}
	if (logger_name(write, name))
		return -EINVAL;
	if (!strcmp(name, "NONE")) {
		nl->logger[f][0] = '\0';
		return 0;
	}
	/* nfnetlink_log, when there, logs for every family */
	if (!strcmp(name, "nfnetlink_log") &&
	    unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			    "NETFILTER_NETLINK_LOG")) {
		strcpy(nl->logger[f], name);
		return 0;
	}
	if (!nl->loaded[f][0] || strcmp(name, nl->loaded[f]))
		return -ENOENT; /* __find_logger() found none */
	strcpy(nl->logger[f], name);
	return 0;
}

/* nf_hooks_lwtunnel_sysctl_handler(): 0 or 1; once on, it stays on
 * (EBUSY). */
static int nf_lwtunnel_handler(struct unl_net *net,
			       const struct unl_ctl_table *t, void *data,
			       const char *write, char *buf, size_t len)
{
	int *on = data, v = *on, err;
	struct unl_ctl_table r = *t;

	r.min = 0;
	r.max = 1;
	if (!write)
		return unl_proc_dointvec(net, &r, data, NULL, buf, len);
	err = unl_proc_dointvec_minmax(net, &r, &v, write, NULL, 0);
	if (err)
		return err;
	if (*on && !v)
		return -EBUSY;
	*on = v;
	return 0;
}

#define NF_LOG_ENTRY(n)                                                      \
	{ #n, 0644, 0, nf_log_handler, 0, 0, n }

static const struct unl_ctl_table nf_log_sysctl_table[NF_LOG_FAMILIES] = {
	NF_LOG_ENTRY(0), NF_LOG_ENTRY(1), NF_LOG_ENTRY(2), NF_LOG_ENTRY(3),
	NF_LOG_ENTRY(4), NF_LOG_ENTRY(5), NF_LOG_ENTRY(6), NF_LOG_ENTRY(7),
	NF_LOG_ENTRY(8), NF_LOG_ENTRY(9), NF_LOG_ENTRY(10),
};

static const struct unl_ctl_table nf_lwtunnel_sysctl_table[] = {
	{ "nf_hooks_lwtunnel", 0644, offsetof(struct nf_log_net, hooks_lwtunnel),
	  nf_lwtunnel_handler, 0, 1, 0 },
};

static void nf_log_from_profile(struct unl_net *net, struct nf_log_net *nl)
{
	const struct unl_profile *p = unl_net_profile(net);
	char key[64];
	long v;

	for (int f = 0; f < NF_LOG_FAMILIES; f++) {
		const char *name;

		snprintf(key, sizeof(key), "net.netfilter.nf_log.%d", f);
		name = unl_profile_sysctl(p, key);
		if (!name || !strcmp(name, "NONE") ||
		    strlen(name) >= NF_LOGGER_NAME_LEN)
			continue;
		strcpy(nl->loaded[f], name);
		strcpy(nl->logger[f], name);
	}
	if (!unl_profile_sysctl_int(p, "net.netfilter.nf_hooks_lwtunnel", &v))
		nl->hooks_lwtunnel = v != 0;
}

/* seq_show() of /proc/net/netfilter/nf_log: per family the logger
 * bound, then the loggers there are (the family's own, nfnetlink_log) */
static int nf_log_proc_show(struct unl_net *net, void *data, FILE *out)
{
	const struct nf_log_net *nl = data;
	bool ulog = unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
				    "NETFILTER_NETLINK_LOG");

	for (int f = 0; f < NF_LOG_FAMILIES; f++)
		fprintf(out, "%2d %s (%s%s%s)\n", f,
			nl->logger[f][0] ? nl->logger[f] : "NONE",
			nl->loaded[f], nl->loaded[f][0] && ulog ? "," : "",
			ulog ? "nfnetlink_log" : "");
	return 0;
}

int nf_log_net_init(struct unl_net *net, void **state)
{
	struct nf_log_net *nl = calloc(1, sizeof(*nl));
	int err;

	if (!nl)
		return -ENOMEM;
	nf_log_from_profile(net, nl);
	err = unl_register_net_sysctl(net, "netfilter/nf_log",
				      nf_log_sysctl_table, NF_LOG_FAMILIES, nl);
	/* /proc/net/netfilter, netfilter_net_init()'s, and its nf_log */
	if (!err)
		err = unl_procnet_create(net, "netfilter", 0555, NULL, NULL,
					 NULL);
	if (!err)
		err = unl_procnet_create(net, "netfilter/nf_log", 0444,
					 nf_log_proc_show, NULL, nl);
	if (!err)
		err = unl_register_net_sysctl(net, "netfilter",
					      nf_lwtunnel_sysctl_table, 1, nl);
	if (err) {
		nf_log_net_exit(net, nl);
		return err;
	}
	*state = nl;
	return 0;
}

void nf_log_net_exit(struct unl_net *net, void *state)
{
	unl_unregister_net_sysctl(net, nf_log_sysctl_table);
	unl_unregister_net_sysctl(net, nf_lwtunnel_sysctl_table);
	unl_procnet_remove(net, "netfilter/nf_log");
	unl_procnet_remove(net, "netfilter");
	free(state);
}

void nf_log_bind(void *state, unsigned int pf, const char *name)
{
	struct nf_log_net *nl = state;

	if (nl && pf < NF_LOG_FAMILIES && strlen(name) < NF_LOGGER_NAME_LEN)
		strcpy(nl->logger[pf], name);
}

void nf_log_unbind(void *state, unsigned int pf)
{
	struct nf_log_net *nl = state;

	if (nl && pf < NF_LOG_FAMILIES)
		nl->logger[pf][0] = '\0';
}
