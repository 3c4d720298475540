/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The nfnetlink core as its subsystems see it, like
 * include/linux/netfilter/nfnetlink.h in Linux.  Not installed.
 *
 * NETLINK_NETFILTER carries several subsystems (nf_tables, ctnetlink,
 * ipset, ...), told apart by the high byte of nlmsg_type.  Each one is an
 * ops table: a callback per message type with its policy, and for the
 * subsystems that take batches a commit and an abort.  The core parses
 * attributes with the callback's policy, checks CAP_NET_ADMIN, and runs
 * NFNL_MSG_BATCH_BEGIN ... NFNL_MSG_BATCH_END batches atomically: every
 * message of a batch prepares a change, then the subsystem commits them
 * all or aborts them all, and only then are the ACKs sent.
 */
#ifndef UNETLINK_PROTO_NFNETLINK_H
#define UNETLINK_PROTO_NFNETLINK_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netfilter/nfnetlink.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

struct nfnl_net;

/* What a callback is told besides its parsed attributes (struct
 * nfnl_info). */
struct nfnl_info {
	struct unl_net *net;
	struct nfnl_net *nn;
	struct unl_sock *sk; /* the nfnetlink kernel socket */
	const struct nlmsghdr *nlh;
	const struct nfgenmsg *nfmsg;
	struct unl_ext_ack *extack;
	void *priv; /* the subsystem's per-net state */
};

/* How a callback may be called (enum nfnl_callback_type): outside
 * batches (MUTEX, RCU; the same here, as one lock covers the net) or
 * only inside them (BATCH). */
enum nfnl_callback_type {
	NFNL_CB_UNSPEC,
	NFNL_CB_MUTEX,
	NFNL_CB_RCU,
	NFNL_CB_BATCH,
};

typedef int (*nfnl_call_fn)(struct unl_skb *skb, const struct nfnl_info *info,
			    const struct nlattr *const cda[]);

/* struct nfnl_callback: one message type of a subsystem. */
struct nfnl_callback {
	nfnl_call_fn call;
	const struct unl_nla_policy *policy;
	enum nfnl_callback_type type;
	uint16_t attr_count; /* the policy's maxtype */
};

/* What an abort is for (enum nfnl_abort_action). */
enum nfnl_abort_action {
	NFNL_ABORT_NONE,     /* the batch failed */
	NFNL_ABORT_AUTOLOAD, /* it runs again (a replay) */
	NFNL_ABORT_VALIDATE, /* it had no BATCH_END: only check, drop all */
};

/* struct nfnetlink_subsystem: its callbacks, and per net the state it
 * keeps (made by net_init when the net's profile offers the subsystem,
 * freed by net_exit). */
struct nfnl_subsystem {
	const char *name;
	uint8_t subsys_id;
	uint8_t cb_count;
	const struct nfnl_callback *cb;
	/* Batches: make every prepared change of the batch visible
	 * (0, or -errno when it cannot: then abort follows; -EAGAIN: the
	 * batch is aborted and run again), or undo them all (-EAGAIN from
	 * an abort for NFNL_ABORT_VALIDATE: run the batch again, as a
	 * failed one).  skb is the batch; first its first message after
	 * BATCH_BEGIN (BATCH_END for an empty batch), which Linux's
	 * nlmsg_hdr(skb) is by then. */
	int (*commit)(struct nfnl_net *nn, void *priv, struct unl_skb *skb,
		      const struct nlmsghdr *first);
	int (*abort)(struct nfnl_net *nn, void *priv, struct unl_skb *skb,
		     enum nfnl_abort_action action);
	/* NFNL_BATCH_GENID: false refuses the batch with ERESTART. */
	bool (*valid_genid)(void *priv, uint32_t genid);
	/* Whether a kernel of profile p has it (its module). */
	bool (*offered)(const struct unl_profile *p);
	int (*net_init)(struct nfnl_net *nn, void **priv);
	void (*net_exit)(void *priv);
};

/* The subsystems built into libunetlink (nf_tables_api.c, ...). */
extern const struct nfnl_subsystem nft_subsys;
extern const struct nfnl_subsystem nft_compat_subsys;
extern const struct nfnl_subsystem ctnl_subsys;
extern const struct nfnl_subsystem ctnl_exp_subsys;
extern const struct nfnl_subsystem ipset_subsys;
/* nfnetlink_acct.c, nfnetlink_log.c, nfnetlink_queue.c */
extern const struct nfnl_subsystem nfnl_acct_subsys;
extern const struct nfnl_subsystem nfnl_cthelper_subsys;
extern const struct nfnl_subsystem nfulnl_subsys;
extern const struct nfnl_subsystem nfqnl_subsys;
/* nfnetlink_cttimeout.c */
extern const struct nfnl_subsystem cttimeout_subsys;
/* nfnetlink_osf.c */
extern const struct nfnl_subsystem nfnl_osf_subsys;
/* nfnetlink_hook.c */
extern const struct nfnl_subsystem nfnl_hook_subsys;

struct unl_net *nfnl_net_net(const struct nfnl_net *nn);
/* The nfnetlink state of net; NULL before NETLINK_NETFILTER is loaded
 * there (unl_net_load_protocol()). */
struct nfnl_net *nfnl_net_of(struct unl_net *net);
/* where ip_tables.c keeps a net's tables */
void **nfnl_net_xt(struct nfnl_net *nn);
/* where ebtables.c keeps a net's tables */
void **nfnl_net_ebt(struct nfnl_net *nn);
/* nf_log.c's state of the net: its loggers (nf_log_bind()). */
void *nfnl_net_nf_log(const struct nfnl_net *nn);
struct unl_sock *nfnl_net_sock(const struct nfnl_net *nn);
/* The per-net state of another subsystem of the net (NULL when the
 * net's profile lacks it): ctnetlink's expectations look up masters. */
void *nfnl_subsys_priv(const struct nfnl_net *nn, uint8_t subsys_id);
/* The machine-wide state of a subsystem (what Linux keeps in globals:
 * cthelper's helpers, osf's fingerprints), the world's: the first call
 * in a world makes it with make(), release() frees it with the world.
 * NULL when make() fails. */
void *nfnl_world_state(struct nfnl_net *nn, uint8_t subsys_id,
		       void *(*make)(void), void (*release)(void *));

/* nfnl_msg_put(): a message of type (subsystem << 8 | msg) with its
 * struct nfgenmsg; res_id in host order.  NULL when it does not fit. */
struct nlmsghdr *nfnl_msg_put(struct unl_skb *skb, uint32_t portid,
			      uint32_t seq, uint16_t type, uint16_t flags,
			      uint8_t family, uint8_t version,
			      uint16_t res_id);

/* nfnetlink_has_listeners() */
bool nfnl_has_listeners(struct nfnl_net *nn, unsigned int group);
/* nfnetlink_send(): multicast to group, and to portid when report.
 * Consumes skb. */
int nfnl_send(struct nfnl_net *nn, struct unl_skb *skb, uint32_t portid,
	      unsigned int group, bool report);
/* nfnetlink_unicast(): consumes skb. */
int nfnl_unicast(struct nfnl_net *nn, struct unl_skb *skb, uint32_t portid);
/* nfnetlink_set_err() */
void nfnl_set_err(struct nfnl_net *nn, uint32_t portid, unsigned int group,
		  int err);

#endif
