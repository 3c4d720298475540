// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fault injection (include/unetlink/fault.h): a world's rules, and the
 * one question the core asks at each place a fault can happen, "does a
 * rule fire here?" (nl_fault_hit).  The places are where Linux would
 * fail on its own: netlink_rcv_skb's handler call (a request's error),
 * netlink_dump (NLM_F_DUMP_INTR), do_one_broadcast (a lost or overrun
 * notification), __netlink_sendskb (a cut message), socket() and bind().
 *
 * The rules have a lock of their own: the core asks with a net locked,
 * and a rule may be added from any thread.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "core/internal.h"

struct nl_fault {
	int id;
	struct unl_fault f;
	uint64_t matched, fired;
	uint64_t rng; /* xorshift state, from the seed */
	struct nl_fault *next;
};

static const char *const family_names[UNL_MAX_LINKS] = {
	[NETLINK_ROUTE] = "route", [NETLINK_USERSOCK] = "usersock",
	[NETLINK_SOCK_DIAG] = "sock_diag", [NETLINK_NFLOG] = "nflog",
	[NETLINK_XFRM] = "xfrm", [NETLINK_SELINUX] = "selinux",
	[NETLINK_AUDIT] = "audit", [NETLINK_FIB_LOOKUP] = "fib_lookup",
	[NETLINK_CONNECTOR] = "connector", [NETLINK_NETFILTER] = "netfilter",
	[NETLINK_KOBJECT_UEVENT] = "kobject_uevent",
	[NETLINK_GENERIC] = "generic", [NETLINK_CRYPTO] = "crypto",
};

/* rtnetlink's types by the names iproute2 and the headers use. */
static const struct {
	const char *name;
	int type;
} type_names[] = {
	{ "RTM_NEWLINK", RTM_NEWLINK }, { "RTM_DELLINK", RTM_DELLINK },
	{ "RTM_GETLINK", RTM_GETLINK }, { "RTM_SETLINK", RTM_SETLINK },
	{ "RTM_NEWADDR", RTM_NEWADDR }, { "RTM_DELADDR", RTM_DELADDR },
	{ "RTM_GETADDR", RTM_GETADDR }, { "RTM_NEWROUTE", RTM_NEWROUTE },
	{ "RTM_DELROUTE", RTM_DELROUTE }, { "RTM_GETROUTE", RTM_GETROUTE },
	{ "RTM_NEWNEIGH", RTM_NEWNEIGH }, { "RTM_DELNEIGH", RTM_DELNEIGH },
	{ "RTM_GETNEIGH", RTM_GETNEIGH }, { "RTM_NEWRULE", RTM_NEWRULE },
	{ "RTM_DELRULE", RTM_DELRULE }, { "RTM_GETRULE", RTM_GETRULE },
	{ "RTM_NEWNEXTHOP", RTM_NEWNEXTHOP },
	{ "RTM_DELNEXTHOP", RTM_DELNEXTHOP },
	{ "RTM_GETNEXTHOP", RTM_GETNEXTHOP },
};

static const char *const action_names[] = {
	[UNL_FAULT_ERROR] = "error", [UNL_FAULT_DUMP_INTR] = "dump-intr",
	[UNL_FAULT_DROP] = "drop", [UNL_FAULT_OVERRUN] = "overrun",
	[UNL_FAULT_TRUNCATE] = "truncate",
	[UNL_FAULT_SOCKET_ERROR] = "socket-error",
	[UNL_FAULT_BIND_ERROR] = "bind-error",
	[UNL_FAULT_DELAY] = "delay", [UNL_FAULT_TIMEOUT] = "timeout",
};

/* ---- the text form ---- */

static int errno_by_name(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s && !*end)
		return v > 0 && v < 4096 ? (int)v : -1;
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, s))
			return e;
	}
	return -1;
}

static bool number(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end || v > max)
		return false;
	*out = v;
	return true;
}

static int parse_family(const char *s)
{
	uint64_t v;

	for (int i = 0; i < UNL_MAX_LINKS; i++)
		if (family_names[i] && !strcmp(s, family_names[i]))
			return i;
	return number(s, UNL_MAX_LINKS - 1, &v) ? (int)v : -1;
}

static int parse_type(const char *s)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(s, type_names[i].name))
			return type_names[i].type;
	return number(s, UINT16_MAX, &v) ? (int)v : -1;
}

static bool set_action(struct unl_fault *f, enum unl_fault_action a)
{
	if (f->action)
		return false;
	f->action = a;
	return true;
}

/* One word key=value (value may be NULL); false with why. */
static bool parse_word(struct unl_fault *f, const char *key, const char *val,
		       const char **why)
{
	uint64_t v;

	*why = "bad value";
	if (!strcmp(key, "family") && val)
		return (f->protocol = parse_family(val)) >= 0;
	if (!strcmp(key, "type") && val)
		return (f->type = parse_type(val)) >= 0;
	if (!strcmp(key, "flags") && val && number(val, UINT16_MAX, &v))
		return f->flags = (uint16_t)v, true;
	if (!strcmp(key, "net") && val && number(val, UINT64_MAX, &v))
		return f->net_id = v, true;
	if (!strcmp(key, "pid") && val && number(val, INT32_MAX, &v))
		return f->pid = (int32_t)v, true;
	if (!strcmp(key, "nth") && val && number(val, UINT32_MAX, &v))
		return f->nth = (uint32_t)v, true;
	if (!strcmp(key, "seed") && val && number(val, UINT64_MAX, &v))
		return f->seed = v, true;
	if (!strcmp(key, "prob") && val) {
		char *end;
		double p = strtod(val, &end);

		if (*end || p < 0 || p > 1)
			return false;
		f->prob_ppm = (uint32_t)(p * 1000000 + 0.5);
		return true;
	}
	*why = "more than one action";
	if (!strcmp(key, "dump-intr") && !val)
		return set_action(f, UNL_FAULT_DUMP_INTR);
	if (!strcmp(key, "drop") && !val)
		return set_action(f, UNL_FAULT_DROP);
	if (!strcmp(key, "overrun") && !val)
		return set_action(f, UNL_FAULT_OVERRUN);
	if (!strcmp(key, "truncate") && val) {
		if (!set_action(f, UNL_FAULT_TRUNCATE))
			return false;
		*why = "bad value";
		return number(val, UINT32_MAX, &v) && (f->truncate = (uint32_t)v,
							true);
	}
	if (!strcmp(key, "delay") && val) {
		if (!set_action(f, UNL_FAULT_DELAY))
			return false;
		*why = "bad value";
		return number(val, 60000, &v) && v && (f->ms = (uint32_t)v,
							true);
	}
	if (!strcmp(key, "timeout")) {
		if (!set_action(f, UNL_FAULT_TIMEOUT))
			return false;
		*why = "bad value";
		return !val || (number(val, 60000, &v) &&
				(f->ms = (uint32_t)v, true));
	}
	for (int a = UNL_FAULT_ERROR; a <= UNL_FAULT_BIND_ERROR; a++) {
		if ((a == UNL_FAULT_ERROR || a == UNL_FAULT_SOCKET_ERROR ||
		     a == UNL_FAULT_BIND_ERROR) &&
		    !strcmp(key, action_names[a]) && val) {
			if (!set_action(f, (enum unl_fault_action)a))
				return false;
			*why = "unknown errno";
			return (f->error = errno_by_name(val)) > 0;
		}
	}
	*why = "unknown word";
	return false;
}

int unl_fault_parse(const char *text, struct unl_fault *f, char *why,
		    size_t whylen)
{
	char word[256];
	const char *p = text, *reason = NULL;

	memset(f, 0, sizeof(*f));
	f->protocol = -1;
	f->type = -1;
	while (*p) {
		size_t n;
		char *eq;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, "msg=", 4)) {
			/* the rest of the text, as the message */
			snprintf(f->msg, sizeof(f->msg), "%s", p + 4);
			break;
		}
		n = strcspn(p, " \t,");
		if (n >= sizeof(word)) {
			reason = "word too long";
			goto bad;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		eq = strchr(word, '=');
		if (eq)
			*eq++ = '\0';
		if (!parse_word(f, word, eq, &reason))
			goto bad_word;
	}
	if (!f->action) {
		reason = "no action (error=, dump-intr, drop, overrun, "
			 "truncate=, socket-error=, bind-error=, delay=, "
			 "timeout)";
		goto bad;
	}
	return 0;
bad_word:
	if (why)
		snprintf(why, whylen, "%s: %s", word, reason);
	return -EINVAL;
bad:
	if (why)
		snprintf(why, whylen, "%s", reason);
	return -EINVAL;
}

int unl_fault_format(const struct unl_fault *f, char *buf, size_t len)
{
	size_t n = 0;

#define PUT(...)                                                          \
	do {                                                              \
		int k = snprintf(buf + n, n < len ? len - n : 0,          \
				 __VA_ARGS__);                            \
		if (k > 0)                                                \
			n += (size_t)k;                                   \
	} while (0)
	if (len)
		buf[0] = '\0';
	if (f->protocol >= 0 && f->protocol < UNL_MAX_LINKS &&
	    family_names[f->protocol])
		PUT("family=%s ", family_names[f->protocol]);
	else if (f->protocol >= 0)
		PUT("family=%d ", f->protocol);
	if (f->type >= 0)
		PUT("type=%d ", f->type);
	if (f->flags)
		PUT("flags=0x%x ", f->flags);
	if (f->net_id)
		PUT("net=%" PRIu64 " ", f->net_id);
	if (f->pid)
		PUT("pid=%d ", f->pid);
	if (f->nth)
		PUT("nth=%u ", f->nth);
	if (f->prob_ppm && f->prob_ppm < 1000000)
		PUT("prob=%g seed=%" PRIu64 " ", f->prob_ppm / 1e6, f->seed);
	if (f->action == UNL_FAULT_TRUNCATE)
		PUT("truncate=%u", f->truncate);
	else if (f->action == UNL_FAULT_DELAY ||
		 (f->action == UNL_FAULT_TIMEOUT && f->ms))
		PUT("%s=%u", action_names[f->action], f->ms);
	else if (f->action == UNL_FAULT_ERROR ||
		 f->action == UNL_FAULT_SOCKET_ERROR ||
		 f->action == UNL_FAULT_BIND_ERROR)
		PUT("%s=%s", action_names[f->action],
		    strerrorname_np(f->error) ? strerrorname_np(f->error)
					      : "?");
	else if (f->action > 0 && f->action <= UNL_FAULT_TIMEOUT)
		PUT("%s", action_names[f->action]);
	if (f->msg[0])
		PUT(" msg=%s", f->msg);
#undef PUT
	return n < len ? 0 : -ENOSPC;
}

/* ---- the world's rules ---- */

int unl_world_fault_add(struct unl_world *w, const struct unl_fault *f)
{
	struct nl_fault *r, **pp;
	int id;

	if (!f->action || f->action > UNL_FAULT_TIMEOUT ||
	    (f->action == UNL_FAULT_DELAY && (!f->ms || f->ms > 60000)) ||
	    (f->action == UNL_FAULT_TIMEOUT && f->ms > 60000) ||
	    ((f->action == UNL_FAULT_ERROR ||
	      f->action == UNL_FAULT_SOCKET_ERROR ||
	      f->action == UNL_FAULT_BIND_ERROR) &&
	     (f->error <= 0 || f->error >= 4096)) ||
	    f->prob_ppm > 1000000)
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->f = *f;
	r->f.msg[sizeof(r->f.msg) - 1] = '\0';
	r->rng = f->seed ? f->seed : 0x9e3779b97f4a7c15ull;
	pthread_mutex_lock(&w->fault_lock);
	id = r->id = ++w->fault_serial;
	for (pp = &w->faults; *pp; pp = &(*pp)->next)
		;
	*pp = r;
	pthread_mutex_unlock(&w->fault_lock);
	return id;
}

int unl_world_fault_del(struct unl_world *w, int id)
{
	int err = -ENOENT;

	pthread_mutex_lock(&w->fault_lock);
	for (struct nl_fault **pp = &w->faults; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			struct nl_fault *r = *pp;

			*pp = r->next;
			free(r);
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&w->fault_lock);
	return err;
}

void unl_world_fault_foreach(struct unl_world *w,
			     void (*fn)(int id, const struct unl_fault *f,
					uint64_t fired, void *user),
			     void *user)
{
	pthread_mutex_lock(&w->fault_lock);
	for (struct nl_fault *r = w->faults; r; r = r->next)
		fn(r->id, &r->f, r->fired, user);
	pthread_mutex_unlock(&w->fault_lock);
}

void unl_world_set_fault_log(struct unl_world *w, unl_fault_log_fn fn,
			     void *user)
{
	w->fault_log = fn;
	w->fault_log_user = user;
}

void world_faults_free(struct unl_world *w)
{
	while (w->faults) {
		struct nl_fault *r = w->faults;

		w->faults = r->next;
		free(r);
	}
}

/* ---- the question ---- */

static bool action_at(enum unl_fault_action a, enum nl_fault_point at)
{
	switch (at) {
	case NL_FAULT_AT_REQUEST:
		return a == UNL_FAULT_ERROR || a == UNL_FAULT_DELAY;
	case NL_FAULT_AT_SERVED:
		return a == UNL_FAULT_TIMEOUT;
	case NL_FAULT_AT_DUMP:
		return a == UNL_FAULT_DUMP_INTR;
	case NL_FAULT_AT_NOTIFY:
		return a == UNL_FAULT_DROP || a == UNL_FAULT_OVERRUN;
	case NL_FAULT_AT_DELIVER:
		return a == UNL_FAULT_TRUNCATE;
	case NL_FAULT_AT_SOCKET:
		return a == UNL_FAULT_SOCKET_ERROR;
	case NL_FAULT_AT_BIND:
		return a == UNL_FAULT_BIND_ERROR;
	}
	return false;
}

static bool matches(const struct unl_fault *f, const struct unl_net *net,
		    int protocol, const struct nlmsghdr *nlh, int32_t pid)
{
	if (f->net_id && f->net_id != net->id)
		return false;
	if (f->protocol >= 0 && f->protocol != protocol)
		return false;
	if (f->pid && f->pid != pid)
		return false;
	if (f->type >= 0 && (!nlh || nlh->nlmsg_type != f->type))
		return false;
	if (f->flags && (!nlh || (nlh->nlmsg_flags & f->flags) != f->flags))
		return false;
	return true;
}

static bool chance(struct nl_fault *r)
{
	uint64_t x = r->rng;

	if (!r->f.prob_ppm || r->f.prob_ppm >= 1000000)
		return true;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->rng = x;
	return x % 1000000 < r->f.prob_ppm;
}

bool nl_fault_hit(struct unl_net *net, enum nl_fault_point at, int protocol,
		  const struct nlmsghdr *nlh, int32_t pid, struct unl_fault *out)
{
	struct unl_world *w = net->world;
	struct nl_fault *hit = NULL;
	struct unl_fault f;
	int id = 0;

	if (!w || !w->faults)
		return false;
	pthread_mutex_lock(&w->fault_lock);
	for (struct nl_fault *r = w->faults; r; r = r->next) {
		if (!action_at(r->f.action, at) ||
		    !matches(&r->f, net, protocol, nlh, pid))
			continue;
		r->matched++;
		if (r->f.nth && r->matched != r->f.nth)
			continue;
		if (!chance(r))
			continue;
		r->fired++;
		hit = r;
		break;
	}
	if (hit) {
		f = hit->f;
		id = hit->id;
	}
	pthread_mutex_unlock(&w->fault_lock);
	if (!hit)
		return false;
	if (w->fault_log)
		w->fault_log(net, id, &f, w->fault_log_user);
	if (out)
		*out = f;
	return true;
}

bool unl_fault_served_timeout(struct unl_net *net, int protocol,
			      const struct nlmsghdr *nlh, int32_t pid,
			      struct unl_fault *f)
{
	return nl_fault_hit(net, NL_FAULT_AT_SERVED, protocol, nlh, pid, f);
}
