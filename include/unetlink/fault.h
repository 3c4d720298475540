/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fault injection: rules that make the stack misbehave on purpose, as a
 * kernel under pressure or with a bug would, for testing how programs
 * cope.  A rule matches where the kernel would act (a request reaching
 * its handler, a dump, a notification reaching a listener, a message
 * reaching a user socket, socket(), bind()) on any of: the net, the
 * protocol, the message type, flags that must be set, the process (of
 * the user socket involved), the n-th match, a probability with a seed.
 * Rules belong to a world: they see every net of it.
 *
 * The text form, which the tool and the daemon take too, is words
 * separated by blanks:
 *
 *   family=NAME|N   route, generic, netfilter, xfrm, ... or a number
 *   type=N|NAME     nlmsg_type (rtnetlink's names: RTM_NEWLINK, ...)
 *   flags=N         nlmsg_flags bits that must all be set
 *   net=ID          a net's id (unl_net_id); pid=N  a process
 *   nth=N           fire on the N-th match only (default: every match)
 *   prob=P seed=S   fire with probability P (0..1), from seed S
 *   and one action:
 *   error=E         the request fails with errno E (a name, EBUSY, or a
 *                   number) and msg's extended ACK; msg=TEXT takes the
 *                   rest of the line and comes last
 *   dump-intr       a dump's messages carry NLM_F_DUMP_INTR
 *   drop            a notification does not reach the listener
 *   overrun         ... and the listener is overrun (ENOBUFS)
 *   truncate=N      a message to a user socket is cut to N bytes
 *   socket-error=E  socket() fails with E; bind-error=E bind() does
 *   delay=MS        the request reaches its handler MS milliseconds
 *                   later, its sender's sendmsg() waiting meanwhile (as
 *                   behind a held rtnl_lock; the whole stack waits)
 *   timeout[=MS]    a request to a family served from userspace
 *                   (service.h) never reaches its server, and fails
 *                   with ETIMEDOUT after MS (default: the daemon's
 *                   timeout for a server's answer)
 */
#ifndef UNETLINK_FAULT_H
#define UNETLINK_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

enum unl_fault_action {
	UNL_FAULT_ERROR = 1,
	UNL_FAULT_DUMP_INTR,
	UNL_FAULT_DROP,
	UNL_FAULT_OVERRUN,
	UNL_FAULT_TRUNCATE,
	UNL_FAULT_SOCKET_ERROR,
	UNL_FAULT_BIND_ERROR,
	UNL_FAULT_DELAY,
	UNL_FAULT_TIMEOUT,
};

struct unl_fault {
	int protocol;         /* -1: any */
	int type;             /* -1: any */
	uint16_t flags;       /* bits that must be set */
	uint64_t net_id;      /* 0: any */
	int32_t pid;          /* 0: any */
	uint32_t nth;         /* 0: every match */
	uint32_t prob_ppm;    /* 0 or 1000000: always; else per million */
	uint64_t seed;
	enum unl_fault_action action;
	int error;            /* positive errno, for the *_ERROR actions */
	uint32_t truncate;    /* bytes kept */
	char msg[128];        /* the extended ACK's message, or "" */
	uint32_t ms;          /* delay=, timeout= (0: the default) */
};

/* Parse the text form into *f: 0, or -EINVAL with a reason in why. */
UNL_EXPORT int unl_fault_parse(const char *text, struct unl_fault *f,
			       char *why, size_t whylen);
/* The text form of *f (what unl_fault_parse takes back). */
UNL_EXPORT int unl_fault_format(const struct unl_fault *f, char *buf,
				size_t len);

/* For a front end that serves a family's requests itself (the daemon's
 * served families): whether a timeout rule fires for this request of
 * net's, with *f filled (and the fault logged).  The request is then
 * the front end's to fail with ETIMEDOUT after f->ms. */
UNL_EXPORT bool unl_fault_served_timeout(struct unl_net *net, int protocol,
					 const struct nlmsghdr *nlh,
					 int32_t pid, struct unl_fault *f);

/* Add a rule to the world: its id (> 0), or -errno. */
UNL_EXPORT int unl_world_fault_add(struct unl_world *world,
				   const struct unl_fault *f);
UNL_EXPORT int unl_world_fault_del(struct unl_world *world, int id);
/* The rules in the order added: fn per rule with its id and how many
 * times it fired. */
UNL_EXPORT void unl_world_fault_foreach(struct unl_world *world,
					void (*fn)(int id,
						   const struct unl_fault *f,
						   uint64_t fired, void *user),
					void *user);
/* Called, with the net locked, each time a rule fires: for logs. */
typedef void (*unl_fault_log_fn)(struct unl_net *net, int id,
				 const struct unl_fault *f, void *user);
UNL_EXPORT void unl_world_set_fault_log(struct unl_world *world,
					unl_fault_log_fn fn, void *user);

#ifdef __cplusplus
}
#endif

#endif
