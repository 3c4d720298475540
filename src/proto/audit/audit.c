// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_AUDIT (kernel/audit.c, auditfilter.c): the control plane that
 * auditctl and auditd use, per net: the status (enabled, failure mode,
 * rate and backlog limits, the registered auditd), the features, the
 * TTY status, the filter rules, and userspace messages (AUDIT_USER_*),
 * which are handed to the auditd and the readers of group 1.  There is
 * no syscall auditing: nothing else produces records
 * (docs/conformance.md).
 *
 * Linux answers a request from a kernel thread after the acknowledgement
 * (which netlink_ack() sends at once): replies go out after the ACK, as
 * here.  Every message is handled, request flag or not, as
 * audit_receive() walks them.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h" /* net_set_fini(), the net's HZ */
#include "proto/audit/audit.h"

#ifndef CAP_AUDIT_READ
#define CAP_AUDIT_READ 37
#endif

/* AUDIT_BACKLOG_LIMIT and AUDIT_BACKLOG_WAIT_TIME (60 * HZ jiffies) */
#define AUDIT_BACKLOG_LIMIT_DEFAULT 64
#define AUDIT_WAIT_SECONDS 60

struct audit_rule {
	struct audit_rule *next;
	size_t len; /* struct audit_rule_data and its buffer */
	struct audit_rule_data data;
};

struct audit_net {
	struct unl_sock *ksk;
	uint32_t enabled, failure, rate_limit, backlog_limit;
	uint32_t backlog_wait_time;
	uint32_t lost;
	/* the registered auditd (AUDIT_STATUS_PID): pid 0 for none */
	int32_t auditd_pid;
	uint32_t auditd_portid;
	uint32_t features, features_lock; /* struct audit_features */
	struct audit_tty_status tty;
	/* the rules, one list per filter, in list order (listnr) */
	struct audit_rule *rules[AUDIT_NR_FILTERS];
	uint32_t serial;
};

static struct audit_net *audit_net(struct unl_sock *ksk)
{
	return unl_kernel_priv(ksk);
}

/* ---- replies ---- */

/* audit_send_reply(): portid 0 in the header, the request's sequence
 * number; queued for after the ACK. */
struct audit_replies {
	struct unl_skb *q[AUDIT_MAX_FIELDS + 2];
	size_t n;
	bool overflow; /* a long rule list: the rest goes straight out */
};

static int reply_add(struct audit_replies *r, struct unl_sock *ksk,
		     uint32_t portid, uint32_t seq, int type, int flags,
		     const void *payload, size_t len)
{
	struct unl_skb *skb = unl_nlmsg_new(len);
	struct nlmsghdr *nlh;

	if (!skb)
		return -ENOMEM;
	nlh = unl_nlmsg_put(skb, 0, seq, type, (int)len, flags);
	if (!nlh) {
		unl_skb_free(skb);
		return -ENOMEM;
	}
	if (len)
		memcpy(NLMSG_DATA(nlh), payload, len);
	unl_nlmsg_end(skb, nlh);
	if (r->n < sizeof(r->q) / sizeof(r->q[0])) {
		r->q[r->n++] = skb;
		return 0;
	}
	r->overflow = true;
	unl_unicast(ksk, skb, portid, true);
	return 0;
}

static void replies_send(struct audit_replies *r, struct unl_sock *ksk,
			 uint32_t portid)
{
	for (size_t i = 0; i < r->n; i++)
		unl_unicast(ksk, r->q[i], portid, true);
	r->n = 0;
}

/* ---- status ---- */

static void status_fill(const struct audit_net *an, struct audit_status *s)
{
	memset(s, 0, sizeof(*s));
	s->enabled = an->enabled;
	s->failure = an->failure;
	s->pid = (uint32_t)an->auditd_pid;
	s->rate_limit = an->rate_limit;
	s->backlog_limit = an->backlog_limit;
	s->lost = an->lost;
	s->feature_bitmap = AUDIT_FEATURE_BITMAP_ALL;
	s->backlog_wait_time = an->backlog_wait_time;
}

/* audit_do_config_change(): nothing changes while locked. */
static int audit_config_ok(const struct audit_net *an)
{
	return an->enabled == 2 ? -EPERM : 0; /* AUDIT_LOCKED */
}

/* AUDIT_STATUS_PID: register or unregister the auditd. */
static int audit_set_pid(struct audit_net *an, const struct unl_skb *skb,
			 int32_t new_pid)
{
	int32_t req_pid = unl_skb_cb((struct unl_skb *)skb)->sk
				  ? unl_skb_cb((struct unl_skb *)skb)->sk->cred.pid
				  : 0;

	if (new_pid && new_pid != req_pid)
		return -EINVAL;
	if (an->auditd_pid) {
		if (new_pid)
			return -EEXIST;
		if (req_pid != an->auditd_pid)
			return -EACCES;
	}
	an->auditd_pid = new_pid;
	an->auditd_portid = new_pid ? unl_skb_cb((struct unl_skb *)skb)->portid
				    : 0;
	return 0;
}

/* AUDIT_SET: each field the mask names, in Linux's order; the "lost"
 * and "actual wait" resets answer the old value as the result. */
static int audit_set(struct audit_net *an, struct unl_skb *skb,
		     const struct nlmsghdr *nlh, const void *data,
		     size_t data_len)
{
	uint32_t wait_max = 10u * AUDIT_WAIT_SECONDS *
			    (uint32_t)unl_sock_net(an->ksk)->hz;
	struct audit_status s;
	int err;

	memset(&s, 0, sizeof(s));
	memcpy(&s, data, data_len < sizeof(s) ? data_len : sizeof(s));
	if (s.mask & AUDIT_STATUS_ENABLED) {
		if (s.enabled > 2)
			return -EINVAL;
		err = audit_config_ok(an);
		if (err)
			return err;
		an->enabled = s.enabled;
	}
	if (s.mask & AUDIT_STATUS_FAILURE) {
		if (s.failure > AUDIT_FAIL_PANIC)
			return -EINVAL;
		err = audit_config_ok(an);
		if (err)
			return err;
		an->failure = s.failure;
	}
	if (s.mask & AUDIT_STATUS_PID) {
		err = audit_set_pid(an, skb, (int32_t)s.pid);
		if (err)
			return err;
	}
	if (s.mask & AUDIT_STATUS_RATE_LIMIT) {
		err = audit_config_ok(an);
		if (err)
			return err;
		an->rate_limit = s.rate_limit;
	}
	if (s.mask & AUDIT_STATUS_BACKLOG_LIMIT) {
		err = audit_config_ok(an);
		if (err)
			return err;
		an->backlog_limit = s.backlog_limit;
	}
	if (s.mask & AUDIT_STATUS_BACKLOG_WAIT_TIME) {
		if (sizeof(s) > nlh->nlmsg_len ||
		    s.backlog_wait_time > wait_max)
			return -EINVAL;
		err = audit_config_ok(an);
		if (err)
			return err;
		an->backlog_wait_time = s.backlog_wait_time;
	}
	if (s.mask == AUDIT_STATUS_LOST) {
		uint32_t lost = an->lost;

		an->lost = 0;
		return (int)lost;
	}
	return 0;
}

/* AUDIT_SET_FEATURE: a locked feature keeps its value and its lock. */
static int audit_set_feature(struct audit_net *an,
			     const struct audit_features *uaf)
{
	for (int i = 0; i <= AUDIT_LAST_FEATURE; i++) {
		uint32_t bit = AUDIT_FEATURE_TO_MASK(i);

		if (!(uaf->mask & bit))
			continue;
		if ((an->features_lock & bit) &&
		    ((uaf->features ^ an->features) & bit ||
		     !(uaf->lock & bit)))
			return -EPERM;
	}
	for (int i = 0; i <= AUDIT_LAST_FEATURE; i++) {
		uint32_t bit = AUDIT_FEATURE_TO_MASK(i);

		if (!(uaf->mask & bit))
			continue;
		an->features = (an->features & ~bit) | (uaf->features & bit);
		an->features_lock =
			(an->features_lock & ~bit) | (uaf->lock & bit);
	}
	return 0;
}

/* ---- rules (auditfilter.c) ---- */

static bool field_is_string(uint32_t type)
{
	return (type >= AUDIT_SUBJ_USER && type <= AUDIT_OBJ_LEV_HIGH &&
		type != 18) || /* 18 (AUDIT_LOGINUID... none): not a label */
	       type == AUDIT_WATCH || type == AUDIT_DIR ||
	       type == AUDIT_FILTERKEY || type == AUDIT_EXE;
}

/* audit_to_op(): a known operator, or -1 */
static int field_op(uint32_t flags)
{
	static const uint32_t ops[] = {
		AUDIT_EQUAL,	     AUDIT_NOT_EQUAL,
		AUDIT_BIT_MASK,	     AUDIT_BIT_TEST,
		AUDIT_LESS_THAN,     AUDIT_GREATER_THAN,
		AUDIT_LESS_THAN_OR_EQUAL, AUDIT_GREATER_THAN_OR_EQUAL,
	};

	for (int i = 0; i < 8; i++)
		if (ops[i] == (flags & AUDIT_OPERATORS))
			return i;
	return -1;
}

/* audit_field_valid() and the string fields of audit_data_to_entry(). */
static int field_check(uint32_t listnr, uint32_t type, uint32_t val,
		       int op, const char *str)
{
	bool eq_ne = op == 0 || op == 1;

	if (type == AUDIT_MSGTYPE && listnr != AUDIT_FILTER_EXCLUDE &&
	    listnr != AUDIT_FILTER_USER)
		return -EINVAL;
	if (type == AUDIT_FSTYPE && listnr != AUDIT_FILTER_FS)
		return -EINVAL;
	if (type == AUDIT_PERM && listnr == AUDIT_FILTER_URING_EXIT)
		return -EINVAL;
	if (listnr == AUDIT_FILTER_FS && type != AUDIT_FSTYPE &&
	    type != AUDIT_FILTERKEY)
		return -EINVAL;
	if ((type == AUDIT_ARCH || type == AUDIT_FSTYPE || type == AUDIT_WATCH ||
	     type == AUDIT_DIR || type == AUDIT_EXE || type == AUDIT_FILTERKEY) &&
	    !eq_ne)
		return -EINVAL;
	if ((type == AUDIT_LOGINUID_SET && val > 1) ||
	    (type == AUDIT_PERM && (val & ~15u)) ||
	    (type == AUDIT_FILETYPE && (val & ~(uint32_t)S_IFMT)) ||
	    (type == AUDIT_FIELD_COMPARE && val > AUDIT_MAX_FIELD_COMPARE) ||
	    (type == AUDIT_SADDR_FAM && val >= AF_MAX))
		return -EINVAL;
	if (type == AUDIT_FILTERKEY && val > AUDIT_MAX_KEY_LEN)
		return -EINVAL;
	/* audit_to_watch(), audit_make_tree(), audit_alloc_mark(): an
	 * absolute path of a syscall-exit rule, not ending in '/' */
	if (type == AUDIT_WATCH || type == AUDIT_DIR || type == AUDIT_EXE) {
		if (str[0] != '/' || (type != AUDIT_DIR && str[val - 1] == '/'))
			return -EINVAL;
		if (type != AUDIT_EXE && listnr != AUDIT_FILTER_EXIT &&
		    listnr != AUDIT_FILTER_URING_EXIT)
			return -EINVAL;
		if (op != 0)
			return -EINVAL;
	}
	return 0;
}

/* audit_to_entry_common() and audit_data_to_entry(): 0 when the rule
 * can be kept as it came. */
static int rule_check(const struct audit_rule_data *d, size_t len)
{
	uint32_t listnr = d->flags & ~AUDIT_FILTER_PREPEND;
	size_t remain = len - sizeof(*d), off = 0;

	switch (listnr) {
	case AUDIT_FILTER_EXIT:
	case AUDIT_FILTER_URING_EXIT:
	case AUDIT_FILTER_TASK:
	case AUDIT_FILTER_USER:
	case AUDIT_FILTER_EXCLUDE:
	case AUDIT_FILTER_FS:
		break;
	default: /* AUDIT_FILTER_ENTRY is gone, the others never were */
		return -EINVAL;
	}
	if (d->action != AUDIT_NEVER && d->action != AUDIT_ALWAYS)
		return -EINVAL;
	if (d->field_count > AUDIT_MAX_FIELDS)
		return -EINVAL;
	for (uint32_t i = 0; i < d->field_count; i++) {
		int op = field_op(d->fieldflags[i]);
		const char *str = NULL;
		int err;

		if (op < 0)
			return -EINVAL;
		if (field_is_string(d->fields[i])) {
			if (!d->values[i] || d->values[i] > remain - off)
				return -EINVAL;
			str = d->buf + off;
			off += d->values[i];
		}
		err = field_check(listnr, d->fields[i], d->values[i], op, str);
		if (err)
			return err;
	}
	return 0;
}

/* audit_compare_rule(): the same filter, action, fields, values,
 * operators, strings and syscalls. */
static bool rule_same(const struct audit_rule_data *a, size_t alen,
		      const struct audit_rule_data *b, size_t blen)
{
	size_t n = a->field_count * sizeof(uint32_t);

	return a->flags == b->flags && a->action == b->action &&
	       a->field_count == b->field_count &&
	       !memcmp(a->mask, b->mask, sizeof(a->mask)) &&
	       !memcmp(a->fields, b->fields, n) &&
	       !memcmp(a->values, b->values, n) &&
	       !memcmp(a->fieldflags, b->fieldflags, n) &&
	       alen - sizeof(*a) >= a->buflen && blen - sizeof(*b) >= b->buflen &&
	       a->buflen == b->buflen && !memcmp(a->buf, b->buf, a->buflen);
}

/* The string bytes the fields use: what the rule keeps of its buffer. */
static size_t rule_strings(const struct audit_rule_data *d)
{
	size_t n = 0;

	for (uint32_t i = 0; i < d->field_count; i++)
		if (field_is_string(d->fields[i]))
			n += d->values[i];
	return n;
}

/* audit_rule_change(): add (at the head with AUDIT_FILTER_PREPEND) or
 * delete; -EEXIST for a rule already there, -ENOENT for one that is
 * not. */
static int audit_rule_change(struct audit_net *an, int type,
			     const struct audit_rule_data *in, size_t len)
{
	uint32_t listnr = in->flags & ~AUDIT_FILTER_PREPEND;
	struct audit_rule *r, **pp;
	size_t strs;
	int err = rule_check(in, len);

	if (err)
		return err;
	strs = rule_strings(in);
	r = calloc(1, sizeof(*r) + strs);
	if (!r)
		return -ENOMEM;
	memcpy(&r->data, in, sizeof(*in));
	memcpy(r->data.buf, in->buf, strs);
	r->data.buflen = (uint32_t)strs;
	r->len = sizeof(*in) + strs;
	for (pp = &an->rules[listnr]; *pp; pp = &(*pp)->next)
		if (rule_same(&(*pp)->data, (*pp)->len, &r->data, r->len))
			break;
	if (type == AUDIT_DEL_RULE) {
		struct audit_rule *gone = *pp;

		free(r);
		if (!gone)
			return -ENOENT;
		*pp = gone->next;
		free(gone);
		return 0;
	}
	if (*pp) {
		free(r);
		return -EEXIST;
	}
	if (in->flags & AUDIT_FILTER_PREPEND) {
		r->next = an->rules[listnr];
		an->rules[listnr] = r;
	} else {
		*pp = r;
	}
	return 0;
}

/* audit_list_rules(): every rule, filter by filter, then NLMSG_DONE. */
static int audit_list_rules(struct audit_net *an, struct audit_replies *rp,
			    uint32_t portid, uint32_t seq)
{
	int err = 0;

	for (int l = 0; !err && l < AUDIT_NR_FILTERS; l++)
		for (struct audit_rule *r = an->rules[l]; !err && r;
		     r = r->next)
			err = reply_add(rp, an->ksk, portid, seq,
					AUDIT_LIST_RULES, NLM_F_MULTI,
					&r->data, r->len);
	return err ?: reply_add(rp, an->ksk, portid, seq, NLMSG_DONE,
				NLM_F_MULTI, NULL, 0);
}

/* ---- userspace messages ---- */

/* audit_log_user_recv_msg() and audit_log_end(): the record to the
 * auditd and to group 1's readers. */
static void audit_user_record(struct audit_net *an, struct unl_skb *skb,
			      int type, const char *msg, size_t len)
{
	const struct unl_sock *from = unl_skb_cb(skb)->sk;
	char text[1024 + 256];
	struct timespec ts;
	struct unl_skb *out;
	struct nlmsghdr *nlh;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(text, sizeof(text),
		     "audit(%lld.%03ld:%u): pid=%d uid=%u auid=4294967295 "
		     "ses=4294967295 msg='%.*s'",
		     (long long)ts.tv_sec, ts.tv_nsec / 1000000, ++an->serial,
		     from ? (int)from->cred.pid : 0,
		     from ? from->cred.uid : 0, (int)(len > 1024 ? 1024 : len),
		     msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;
	for (int copy = 0; copy < 2; copy++) {
		if (copy == 0 && !an->auditd_pid)
			continue;
		if (copy == 1 && !unl_has_listeners(an->ksk, AUDIT_NLGRP_READLOG))
			continue;
		out = unl_nlmsg_new((size_t)n + 1);
		if (!out)
			return;
		nlh = unl_nlmsg_put(out, 0, 0, type, n + 1, 0);
		if (!nlh) {
			unl_skb_free(out);
			return;
		}
		memcpy(NLMSG_DATA(nlh), text, (size_t)n + 1);
		unl_nlmsg_end(out, nlh);
		if (copy == 0)
			unl_unicast(an->ksk, out, an->auditd_portid, true);
		else
			unl_broadcast(an->ksk, out, 0, AUDIT_NLGRP_READLOG);
	}
}

static bool is_user_msg(int t)
{
	return t == AUDIT_USER ||
	       (t >= AUDIT_FIRST_USER_MSG && t <= AUDIT_LAST_USER_MSG) ||
	       (t >= AUDIT_FIRST_USER_MSG2 && t <= AUDIT_LAST_USER_MSG2);
}

/* ---- requests ---- */

/* audit_netlink_ok(): the capability each type needs. */
static int audit_netlink_ok(struct unl_skb *skb, int type)
{
	switch (type) {
	case AUDIT_LIST:
	case AUDIT_ADD:
	case AUDIT_DEL:
		return -EOPNOTSUPP;
	case AUDIT_GET:
	case AUDIT_SET:
	case AUDIT_GET_FEATURE:
	case AUDIT_SET_FEATURE:
	case AUDIT_LIST_RULES:
	case AUDIT_ADD_RULE:
	case AUDIT_DEL_RULE:
	case AUDIT_SIGNAL_INFO:
	case AUDIT_TTY_GET:
	case AUDIT_TTY_SET:
	case AUDIT_TRIM:
	case AUDIT_MAKE_EQUIV:
		return unl_skb_capable(skb, CAP_AUDIT_CONTROL) ? 0 : -EPERM;
	default:
		if (is_user_msg(type))
			return unl_skb_capable(skb, CAP_AUDIT_WRITE) ? 0
								      : -EPERM;
		return -EINVAL;
	}
}

/* audit_receive_msg(): 0 or a positive result, or -errno; replies
 * queued in rp. */
static int audit_receive_msg(struct audit_net *an, struct unl_skb *skb,
			     struct nlmsghdr *nlh, struct audit_replies *rp)
{
	uint32_t portid = unl_skb_cb(skb)->portid, seq = nlh->nlmsg_seq;
	size_t data_len = nlh->nlmsg_len - NLMSG_HDRLEN;
	void *data = NLMSG_DATA(nlh);
	int type = nlh->nlmsg_type;
	int err = audit_netlink_ok(skb, type);

	if (err)
		return err;
	switch (type) {
	case AUDIT_GET: {
		struct audit_status s;

		status_fill(an, &s);
		return reply_add(rp, an->ksk, portid, seq, AUDIT_GET, 0, &s,
				 sizeof(s));
	}
	case AUDIT_SET:
		return audit_set(an, skb, nlh, data, data_len);
	case AUDIT_GET_FEATURE: {
		struct audit_features af = {
			.vers = AUDIT_FEATURE_VERSION,
			.mask = ~0u,
			.features = an->features,
			.lock = an->features_lock,
		};

		return reply_add(rp, an->ksk, portid, seq, AUDIT_GET_FEATURE,
				 0, &af, sizeof(af));
	}
	case AUDIT_SET_FEATURE:
		if (data_len < sizeof(struct audit_features))
			return -EINVAL;
		return audit_set_feature(an, data);
	case AUDIT_ADD_RULE:
	case AUDIT_DEL_RULE:
		if (data_len < sizeof(struct audit_rule_data))
			return -EINVAL;
		if (an->enabled == 2)
			return -EPERM;
		return audit_rule_change(an, type, data, data_len);
	case AUDIT_LIST_RULES:
		return audit_list_rules(an, rp, portid, seq);
	case AUDIT_TRIM:
		return 0;
	case AUDIT_MAKE_EQUIV:
		/* two paths of watched trees; there are none */
		return -EINVAL;
	case AUDIT_SIGNAL_INFO: {
		/* struct audit_sig_info without a security context: nobody
		 * signalled an auditd, so the unset uid and pid */
		struct {
			uint32_t uid;
			int32_t pid;
		} sig = { .uid = ~0u, .pid = -1 };

		return reply_add(rp, an->ksk, portid, seq, AUDIT_SIGNAL_INFO,
				 0, &sig, sizeof(sig));
	}
	case AUDIT_TTY_GET:
		return reply_add(rp, an->ksk, portid, seq, AUDIT_TTY_GET, 0,
				 &an->tty, sizeof(an->tty));
	case AUDIT_TTY_SET: {
		struct audit_tty_status s = { 0 };

		memcpy(&s, data, data_len < sizeof(s) ? data_len : sizeof(s));
		/* the old layout has no log_passwd */
		if (data_len < sizeof(s))
			s.log_passwd = an->tty.log_passwd;
		if (s.enabled > 1 || s.log_passwd > 1)
			return -EINVAL;
		an->tty = s;
		return 0;
	}
	default: /* a userspace message */
		if (!an->enabled && type != AUDIT_USER_AVC)
			return 0;
		if (data_len < 2)
			return -EINVAL;
		audit_user_record(an, skb, type, data,
				  strnlen(data, data_len - 1));
		return 0;
	}
}

/* audit_receive(): every message, request flag or not, acknowledged on
 * NLM_F_ACK or an error; the replies after the ACK. */
static void audit_receive(struct unl_skb *skb)
{
	struct unl_sock *from = unl_skb_cb(skb)->sk;
	struct unl_sock *ksk = from ? unl_net_kernel_sock(unl_sock_net(from),
							  NETLINK_AUDIT)
				    : NULL;
	struct audit_replies rp = { .n = 0 };
	uint8_t *p = unl_skb_data(skb);
	size_t len = unl_skb_len(skb);

	if (!ksk)
		return;
	while (len >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)p;
		struct unl_ext_ack extack = { 0 };
		size_t step;
		int err;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > len)
			break;
		err = audit_receive_msg(audit_net(ksk), skb, nlh, &rp);
		if (err < 0 || (nlh->nlmsg_flags & NLM_F_ACK))
			unl_ack(skb, nlh, err < 0 ? err : 0, &extack);
		replies_send(&rp, ksk, unl_skb_cb(skb)->portid);
		step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step > len)
			break;
		p += step;
		len -= step;
	}
}

/* audit_multicast_bind(): group 1 for CAP_AUDIT_READ only */
static int audit_multicast_bind(struct unl_net *net, int group)
{
	(void)group;
	return unl_net_capable(net, CAP_AUDIT_READ) ? 0 : -EPERM;
}

static void audit_net_exit(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_AUDIT);
	struct audit_net *an = ksk ? audit_net(ksk) : NULL;

	unl_kernel_release(ksk);
	if (!an)
		return;
	for (int l = 0; l < AUDIT_NR_FILTERS; l++)
		while (an->rules[l]) {
			struct audit_rule *r = an->rules[l];

			an->rules[l] = r->next;
			free(r);
		}
	free(an);
}

int audit_net_init(struct unl_net *net)
{
	struct audit_net *an;
	struct unl_kernel_cfg cfg = {
		.groups = AUDIT_NLGRP_MAX,
		.input = audit_receive,
		.bind = audit_multicast_bind,
		.flags = UNL_CFG_F_NONROOT_RECV,
	};
	int err;

	if (!unl_profile_has(unl_net_profile(net), UNL_PROFILE_FEATURE,
			     "AUDIT"))
		return -EPROTONOSUPPORT;
	an = calloc(1, sizeof(*an));
	if (!an)
		return -ENOMEM;
	/* a kernel booted without audit=1: off, printk on failure */
	an->failure = AUDIT_FAIL_PRINTK;
	an->backlog_limit = AUDIT_BACKLOG_LIMIT_DEFAULT;
	an->backlog_wait_time = AUDIT_WAIT_SECONDS * (uint32_t)net->hz;
	cfg.priv = an;
	err = unl_kernel_create(net, NETLINK_AUDIT, &cfg, &an->ksk);
	if (err) {
		free(an);
		return err;
	}
	net_set_fini(net, NETLINK_AUDIT, audit_net_exit);
	return 0;
}
