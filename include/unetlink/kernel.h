/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: the kernel side of netlink, for protocol handlers.
 *
 * A protocol is served by a kernel socket (portid 0) created with
 * unl_kernel_create().  Its input callback receives every message sent to
 * portid 0, synchronously in the sender's unl_sendmsg(), and answers with
 * unl_unicast(), unl_broadcast(), unl_ack() and dumps.
 *
 * Locking: every function in this file must be called with the net locked.
 * Input, bind, dump and done callbacks are called with it locked already;
 * other code brackets its calls with unl_net_lock()/unl_net_unlock().
 * None of them blocks.
 */
#ifndef UNETLINK_KERNEL_H
#define UNETLINK_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/netlink.h>

#include <unetlink/attr.h>
#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

UNL_EXPORT void unl_net_lock(struct unl_net *net);
UNL_EXPORT void unl_net_unlock(struct unl_net *net);

/* ---- message buffers (struct sk_buff) ---- */

/* NETLINK_CB(skb): where a message comes from and what it carries. */
struct unl_skb_cb {
	uint32_t portid;    /* the sender's portid (0: a kernel socket) */
	uint32_t dst_group; /* group number it was sent to, 0 for unicast */
	struct unl_cred creds;
	uint32_t flags;        /* UNL_SKB_* */
	struct unl_sock *sk;   /* the sending socket, while it is processed */
	/* A broadcast received by a NETLINK_LISTEN_ALL_NSID socket: the
	 * nsid the receiver's net gives the sender's, when it has one. */
	int32_t nsid;
	bool nsid_is_set;
};
#define UNL_SKB_DST 0x8 /* the sender gave a destination address */
/* A request relayed from the daemon to the process serving its family
 * (unetlink/service.h): sk is NULL and creds.caps holds what the daemon
 * granted the sender, for unl_skb_capable(). */
#define UNL_SKB_RELAYED 0x10

/*
 * A message buffer of fixed capacity: its data never moves, so pointers
 * into it stay valid until it is freed.  Owned by whoever holds it; every
 * function that takes one says whether it consumes it.
 */
struct unl_skb;

/* A buffer with room for size bytes, or NULL when out of memory.  The
 * caller owns it. */
UNL_EXPORT struct unl_skb *unl_skb_alloc(size_t size);
/* nlmsg_new(): room for one message of payload bytes. */
UNL_EXPORT struct unl_skb *unl_nlmsg_new(size_t payload);
UNL_EXPORT void unl_skb_free(struct unl_skb *skb);
UNL_EXPORT uint8_t *unl_skb_data(const struct unl_skb *skb);
UNL_EXPORT size_t unl_skb_len(const struct unl_skb *skb);
UNL_EXPORT size_t unl_skb_tailroom(const struct unl_skb *skb);
UNL_EXPORT struct unl_skb_cb *unl_skb_cb(struct unl_skb *skb);
/* Append len zeroed bytes; NULL when they do not fit. */
UNL_EXPORT void *unl_skb_put(struct unl_skb *skb, size_t len);
/* Cut the buffer back to len bytes. */
UNL_EXPORT void unl_skb_trim(struct unl_skb *skb, size_t len);

/* ---- writing messages and attributes (one writer for all) ---- */

/*
 * Wire format of one message:
 *
 *  <--- NLMSG_HDRLEN ---> <-------- payload ---------> <pad>
 * +---------------------+-----------+-----------------+-----+
 * |  struct nlmsghdr    | family hdr|   attributes    |     |
 * +---------------------+-----------+-----------------+-----+
 *  nlmsg_len counts all but the final padding.
 *
 * Every byte written, padding included, is zeroed first.
 */
UNL_EXPORT struct nlmsghdr *unl_nlmsg_put(struct unl_skb *skb,
					  uint32_t portid, uint32_t seq,
					  int type, int payload, int flags);
/* Set nlmsg_len to cover everything appended since unl_nlmsg_put(). */
UNL_EXPORT void unl_nlmsg_end(struct unl_skb *skb, struct nlmsghdr *nlh);
/* Drop nlh and everything after it. */
UNL_EXPORT void unl_nlmsg_cancel(struct unl_skb *skb, struct nlmsghdr *nlh);

UNL_EXPORT int unl_nla_put(struct unl_skb *skb, int type, int len,
			   const void *data);
UNL_EXPORT int unl_nla_put_u8(struct unl_skb *skb, int type, uint8_t v);
UNL_EXPORT int unl_nla_put_u16(struct unl_skb *skb, int type, uint16_t v);
UNL_EXPORT int unl_nla_put_u32(struct unl_skb *skb, int type, uint32_t v);
/* nla_put_be16(), nla_put_be32(): a value already in network order
 * (an address, a port, a key), written as it is. */
static inline int unl_nla_put_be16(struct unl_skb *skb, int type, uint16_t v)
{
	return unl_nla_put(skb, type, sizeof(v), &v);
}
static inline int unl_nla_put_be32(struct unl_skb *skb, int type, uint32_t v)
{
	return unl_nla_put(skb, type, sizeof(v), &v);
}
/* A u64 preceded by a padding attribute of type padattr when needed for
 * 8-byte alignment, as nla_put_u64_64bit(). */
UNL_EXPORT int unl_nla_put_u64(struct unl_skb *skb, int type, uint64_t v,
			       int padattr);
UNL_EXPORT int unl_nla_put_string(struct unl_skb *skb, int type,
				  const char *s);
UNL_EXPORT int unl_nla_put_flag(struct unl_skb *skb, int type);
/* Open a nest; NULL when it does not fit.  Close with unl_nla_nest_end(),
 * which returns the skb length; or unl_nla_nest_cancel(). */
UNL_EXPORT struct nlattr *unl_nla_nest_start(struct unl_skb *skb, int type);
UNL_EXPORT int unl_nla_nest_end(struct unl_skb *skb, struct nlattr *start);
UNL_EXPORT void unl_nla_nest_cancel(struct unl_skb *skb,
				    struct nlattr *start);
/* nla_total_size() */
static inline int unl_nla_total_size(int payload)
{
	return NLA_ALIGN(NLA_HDRLEN + payload);
}

/* ---- kernel sockets and the protocol table ---- */

#define UNL_CFG_F_NONROOT_RECV 0x1 /* NL_CFG_F_NONROOT_RECV */
#define UNL_CFG_F_NONROOT_SEND 0x2 /* NL_CFG_F_NONROOT_SEND */

/* struct netlink_kernel_cfg */
struct unl_kernel_cfg {
	unsigned int groups; /* at least 32 are allocated */
	unsigned int flags;  /* UNL_CFG_F_* */
	/* Called for every message sent to the kernel socket.  skb is
	 * borrowed for the call. */
	void (*input)(struct unl_skb *skb);
	/* Called before a socket joins group (1-based); non-zero refuses. */
	int (*bind)(struct unl_net *net, int group);
	void (*unbind)(struct unl_net *net, int group);
	void *priv; /* unl_kernel_priv() */
	/* The ioctls of a socket of family `family` that Linux answers
	 * from its devices (unl_ioctl()), for the protocol that keeps
	 * them (NETLINK_ROUTE); NULL for the others.  who is the caller
	 * (`current`); arg as unl_ioctl() has it. */
	int (*ioctl)(struct unl_sock *ksk, const struct unl_cred *who,
		     int family, unsigned long cmd, void *arg);
};

/*
 * netlink_kernel_create(): a kernel socket at portid 0 of protocol unit.
 * The first kernel socket of a protocol registers the protocol with the
 * configuration; later ones only count.  *skp is owned by the caller and
 * released with unl_kernel_release().
 */
UNL_EXPORT int unl_kernel_create(struct unl_net *net, int unit,
				 const struct unl_kernel_cfg *cfg,
				 struct unl_sock **skp);
UNL_EXPORT void unl_kernel_release(struct unl_sock *ksk);
/*
 * The protocol table entry of unit in a net where Linux has no kernel
 * socket for it: protocols whose one kernel socket lives in the initial
 * namespace (SELinux, the connector, SCSI transport) are registered for
 * every net, so socket(), bind() and the groups work as cfg says, and a
 * message to portid 0 is refused (ECONNREFUSED).  cfg's input is not
 * used.  The net frees it with its tables.
 */
UNL_EXPORT int unl_proto_register(struct unl_net *net, int unit,
				  const struct unl_kernel_cfg *cfg);
/*
 * netlink_diag_handler_dump(): NETLINK_SOCK_DIAG's SOCK_DIAG_BY_FAMILY
 * for AF_NETLINK (struct netlink_diag_req), a dump of the netlink
 * sockets of the requester's net answered from ksk, the sock_diag
 * kernel socket.  -EINTR when the dump started, else -errno.
 */
UNL_EXPORT int unl_netlink_diag_dump(struct unl_sock *ksk,
				     struct unl_skb *skb,
				     const struct nlmsghdr *nlh);
UNL_EXPORT void *unl_kernel_priv(const struct unl_sock *ksk);
UNL_EXPORT struct unl_net *unl_sock_net(const struct unl_sock *sk);
UNL_EXPORT int unl_sock_protocol(const struct unl_sock *sk);
UNL_EXPORT uint32_t unl_sock_portid(const struct unl_sock *sk);
/* request_module() for a protocol of the net (with it locked): its
 * loader registers it when it is not yet; 0 when it is registered,
 * else -EPROTONOSUPPORT.  A protocol reaching into another net of the
 * world makes sure that net has it. */
UNL_EXPORT int unl_net_load_protocol(struct unl_net *net, int protocol);
/* The kernel socket of a protocol, or NULL. */
UNL_EXPORT struct unl_sock *unl_net_kernel_sock(struct unl_net *net,
						int protocol);

/*
 * Files of /proc/net a protocol makes in a net (proc_create_net_data()):
 * path below /proc/net ("xt_recent/ssh"); show NULL makes a directory.
 * show writes the contents when the file is read, write takes one
 * write(2) (len bytes; it returns len or -errno).  mode as Linux shows
 * it.  0, -EEXIST or -ENOMEM; removed with unl_procnet_remove(), or
 * with the net.
 */
typedef int (*unl_procnet_show)(struct unl_net *net, void *data, FILE *out);
typedef int (*unl_procnet_write)(struct unl_net *net, void *data,
				 const char *buf, size_t len);
UNL_EXPORT int unl_procnet_create(struct unl_net *net, const char *path,
				  unsigned int mode, unl_procnet_show show,
				  unl_procnet_write write, void *data);
UNL_EXPORT void unl_procnet_remove(struct unl_net *net, const char *path);

/*
 * Sysctls of a net (register_net_sysctl_table()): a protocol registers a
 * table of entries under a directory of /proc/sys/net ("netfilter",
 * "netfilter/nf_log"), with the per-net state the entries' values live
 * in (base; each entry's value at its offset there).  The files of a
 * net (files.h) list, read and write them through each entry's
 * proc_handler, with the net locked; writing takes CAP_NET_ADMIN over
 * the net and mode 0644, as net_ctl_permissions() has it.  A directory
 * holding a registered one lists it; several tables may share a
 * directory.  A registration ends with unl_unregister_net_sysctl() of
 * its table or with the net.
 */
struct unl_ctl_table;
/* One read (write NULL: the value as text, a newline after it, into
 * buf of len bytes) or one write (the text written, a trailing newline
 * allowed): 0 or -errno, as the kernel's handler answers. */
typedef int (*unl_proc_handler)(struct unl_net *net,
				const struct unl_ctl_table *t, void *data,
				const char *write, char *buf, size_t len);
struct unl_ctl_table {
	const char *procname;
	unsigned int mode; /* 0644, 0444 */
	size_t offset;     /* the value: base + offset */
	unl_proc_handler proc_handler;
	/* The range of the _minmax handlers (extra1, extra2); both 0:
	 * the type's own range. */
	long min, max;
	long arg; /* for a handler serving several entries */
};
UNL_EXPORT int unl_register_net_sysctl(struct unl_net *net, const char *path,
				       const struct unl_ctl_table *table,
				       size_t n, void *base);
UNL_EXPORT void unl_unregister_net_sysctl(struct unl_net *net,
					  const struct unl_ctl_table *table);
/* The kernel's usual handlers: an int (proc_dointvec and its range),
 * an unsigned int, a u8 with a range (proc_dou8vec_minmax), an int of
 * jiffies shown in seconds (proc_dointvec_jiffies, the net's HZ), an
 * unsigned long with a range (proc_doulongvec_minmax). */
UNL_EXPORT int unl_proc_dointvec(struct unl_net *net,
				 const struct unl_ctl_table *t, void *data,
				 const char *write, char *buf, size_t len);
UNL_EXPORT int unl_proc_dointvec_minmax(struct unl_net *net,
					const struct unl_ctl_table *t,
					void *data, const char *write,
					char *buf, size_t len);
UNL_EXPORT int unl_proc_douintvec(struct unl_net *net,
				  const struct unl_ctl_table *t, void *data,
				  const char *write, char *buf, size_t len);
UNL_EXPORT int unl_proc_dou8vec_minmax(struct unl_net *net,
				       const struct unl_ctl_table *t,
				       void *data, const char *write,
				       char *buf, size_t len);
UNL_EXPORT int unl_proc_dointvec_jiffies(struct unl_net *net,
					 const struct unl_ctl_table *t,
					 void *data, const char *write,
					 char *buf, size_t len);
UNL_EXPORT int unl_proc_doulongvec_minmax(struct unl_net *net,
					  const struct unl_ctl_table *t,
					  void *data, const char *write,
					  char *buf, size_t len);
/* The net's tick rate (HZ), for handlers converting jiffies. */
UNL_EXPORT int unl_net_hz(const struct unl_net *net);
/* The values of net.core a protocol follows, as written to
 * /proc/sys/net/core (a fresh net's until then); with the net locked. */
enum unl_core_sysctl {
	UNL_CORE_XFRM_AEVENT_ETIME,  /* 100 ms units */
	UNL_CORE_XFRM_AEVENT_RSEQTH,
	UNL_CORE_XFRM_ACQ_EXPIRES,   /* seconds */
	UNL_CORE_XFRM_LARVAL_DROP,
	UNL_CORE_SOMAXCONN,
};
UNL_EXPORT long unl_net_core_sysctl(const struct unl_net *net,
				    enum unl_core_sysctl which);

/*
 * Character devices (misc devices): what a protocol offers through a
 * file, /dev/net/tun for rtnetlink.  A protocol registers its file
 * operations under the device's path below /dev; unl_file_open() (net.h)
 * finds them.  Every operation runs with the net locked, who acting
 * (`current`).  priv is the open file's, made by open, freed by release.
 */
struct unl_file_ops {
	int (*open)(struct unl_net *net, void **priv);
	int (*ioctl)(void *priv, const struct unl_cred *who, unsigned long cmd,
		     void *arg);
	/* a write of len bytes (one packet) whose first byte is first:
	 * len or -errno */
	int (*write)(void *priv, size_t len, uint8_t first);
	void (*release)(void *priv);
};
/* 0, -EEXIST, -ENOMEM; the name is not copied */
UNL_EXPORT int unl_chrdev_register(struct unl_net *net, const char *name,
				   const struct unl_file_ops *ops);

/* netlink_change_ngroups(): grow (never shrink) the group count. */
UNL_EXPORT int unl_change_ngroups(struct unl_sock *ksk, unsigned int groups);
/* netlink_has_listeners() */
UNL_EXPORT bool unl_has_listeners(struct unl_sock *ksk, unsigned int group);

/* netlink_net_capable(): may the sender of skb use capability cap? */
UNL_EXPORT bool unl_skb_capable(const struct unl_skb *skb, int cap);
/* sk_ns_capable(): may the sender use cap, both as who opened its
 * socket and as who acts now (no exception for a message that names
 * its destination)? */
UNL_EXPORT bool unl_skb_sk_capable(const struct unl_skb *skb, int cap);
/*
 * ns_capable(CAP) for `current`: does whoever made the call now being
 * served (a bind, a setsockopt, a send) hold cap?  False outside any
 * such call: with nobody acting, nothing is granted (the safe answer
 * for a protocol that asks from a timer).
 */
UNL_EXPORT bool unl_net_capable(const struct unl_net *net, int cap);
/* netlink_clear_multicast_users(): every member leaves group (for a
 * protocol that is giving the group up). */
UNL_EXPORT void unl_clear_multicast_users(struct unl_sock *ksk,
					  unsigned int group);
/* The sender's NETLINK_GET_STRICT_CHK. */
UNL_EXPORT bool unl_skb_strict_check(const struct unl_skb *skb);

/* ---- sending ---- */

/* netlink_unicast(): consumes skb.  Returns the length delivered or
 * -errno. */
UNL_EXPORT int unl_unicast(struct unl_sock *ssk, struct unl_skb *skb,
			   uint32_t portid, bool nonblock);
/* netlink_broadcast(): consumes skb.  0 when someone got it, -ESRCH when
 * nobody listens, -ENOBUFS on a delivery failure to a listener with
 * NETLINK_BROADCAST_ERROR. */
UNL_EXPORT int unl_broadcast(struct unl_sock *ssk, struct unl_skb *skb,
			     uint32_t portid, unsigned int group);
/* nlmsg_notify(): multicast to group and, with report, unicast to portid
 * too.  Consumes skb. */
UNL_EXPORT int unl_notify(struct unl_sock *ssk, struct unl_skb *skb,
			  uint32_t portid, unsigned int group, bool report);
/* netlink_set_err(): report code on every listener of group. */
UNL_EXPORT int unl_set_err(struct unl_sock *ssk, uint32_t portid,
			   unsigned int group, int code);

/* ---- receiving requests ---- */

/* netlink_ack(): acknowledge nlh of in_skb with err (0 or -errno). */
UNL_EXPORT void unl_ack(struct unl_skb *in_skb, const struct nlmsghdr *nlh,
			int err, const struct unl_ext_ack *extack);

/*
 * netlink_ack() for a request answered later, after its buffer is gone (a
 * family served by another process): the requester is looked up by portid
 * among ksk's protocol, so its NETLINK_CAP_ACK and NETLINK_EXT_ACK are
 * honoured as unl_ack() honours them.  nlh is a copy of the whole request
 * (nlmsg_len bytes); extack's bad_attr and miss_nest give offsets only
 * when they point into it.  Nothing is sent when no socket has portid.
 */
UNL_EXPORT void unl_ack_portid(struct unl_sock *ksk, uint32_t portid,
			       const struct nlmsghdr *nlh, int err,
			       const struct unl_ext_ack *extack);

/*
 * netlink_rcv_skb(): walk every message of skb, call cb for each request
 * of a type >= NLMSG_MIN_TYPE, and acknowledge as Linux does (on
 * NLM_F_ACK or error; not when cb returns -EINTR, which means a dump
 * started).
 */
typedef int (*unl_rcv_msg_fn)(struct unl_skb *skb, struct nlmsghdr *nlh,
			      struct unl_ext_ack *extack);
UNL_EXPORT int unl_rcv_skb(struct unl_skb *skb, unl_rcv_msg_fn cb);

/* ---- dumps ---- */

/* struct netlink_callback */
struct unl_callback {
	struct unl_skb *skb;        /* the request, kept while the dump runs */
	const struct nlmsghdr *nlh; /* in skb */
	int (*dump)(struct unl_skb *skb, struct unl_callback *cb);
	int (*done)(struct unl_callback *cb);
	void *data;
	struct unl_ext_ack *extack; /* valid during start and dump */
	uint16_t answer_flags;
	uint32_t min_dump_alloc;
	unsigned int prev_seq, seq; /* for NLM_F_DUMP_INTR */
	bool strict_check;
	bool fault_intr; /* an injected NLM_F_DUMP_INTR (fault.h) */
	bool later; /* set by dump: nothing yet, see unl_dump_resume() */
	long args[6];
	uint8_t ctx[48] __attribute__((aligned(8))); /* private dump state */
};

/* struct netlink_dump_control */
struct unl_dump_control {
	int (*start)(struct unl_callback *cb);
	/* Fill skb; return skb's length when there is more, 0 when done,
	 * -errno on error (reported in NLMSG_DONE).  One with nothing to
	 * give yet (unetlink's own: a replayed dump holding a part until
	 * its recorded time) sets cb->later and leaves skb empty: nothing
	 * is queued, and the dump waits for unl_dump_resume(). */
	int (*dump)(struct unl_skb *skb, struct unl_callback *cb);
	int (*done)(struct unl_callback *cb);
	void *data;
	uint32_t min_dump_alloc;
	/* The request's extended ACK, for errors reported by start. */
	struct unl_ext_ack *extack;
};

/*
 * netlink_dump_start(): start a dump for the request nlh in skb.  Returns
 * -EINTR when the dump started (no ACK must be sent), another -errno when
 * it did not (-EBUSY: one is already running on that socket).
 */
UNL_EXPORT int unl_dump_start(struct unl_sock *ksk, struct unl_skb *skb,
			      const struct nlmsghdr *nlh,
			      const struct unl_dump_control *control);
/*
 * Go on with the dump that set cb->later on the socket of ksk's protocol
 * and net with portid: its next part now, unless the reader's queue is
 * over half full (its next receive goes on, as for any dump).  No Linux
 * counterpart (its dumps never wait).  0, or -ENOENT when that socket
 * runs no dump.
 */
UNL_EXPORT int unl_dump_resume(struct unl_sock *ksk, uint32_t portid);
/* nlmsg_put_answer(): a message in reply to the dump request. */
UNL_EXPORT struct nlmsghdr *unl_nlmsg_put_answer(struct unl_skb *skb,
						 struct unl_callback *cb,
						 int type, int payload,
						 int flags);
/* nl_dump_check_consistent(): flag NLM_F_DUMP_INTR when seq moved. */
UNL_EXPORT void unl_dump_check_consistent(struct unl_callback *cb,
					  struct nlmsghdr *nlh);

/* ---- timers (struct timer_list) ---- */

/*
 * What the kernel does on a clock (lifetimes, ageing, garbage
 * collection, retransmissions) is done with timers of the net.  A
 * timer's callback runs once per arming, with the net locked like every
 * other kernel-side callback, so it may change state and notify
 * (unl_notify(), unl_broadcast()) directly; it must not call
 * unl_net_lock() or unl_net_run_timers().  It may re-arm, cancel or
 * free any timer, its own included.
 *
 * Deadlines are absolute, in nanoseconds of the net's clock
 * (unl_net_now()): CLOCK_MONOTONIC, which jiffies follow (neither moves
 * while the machine sleeps).  Timers run when they are due and the net
 * is entered, or when the program's event loop runs them (net.h:
 * unl_net_timer_fd(), unl_net_run_timers()); there is no thread.
 * Timers due at the same deadline run in the order they were armed.
 *
 * Any number of timers may be pending: arming never allocates.
 */
#define UNL_NSEC_PER_SEC INT64_C(1000000000)
#define UNL_NSEC_PER_MSEC INT64_C(1000000)

struct unl_timer;
typedef void (*unl_timer_fn)(struct unl_timer *timer, void *data);

/* The net's clock, in nanoseconds: read when the net was entered and
 * the same until it is left, so that what one call or one timer does
 * happens at one time (as within one jiffy). */
UNL_EXPORT int64_t unl_net_now(struct unl_net *net);
/* timer_setup(): a timer of net that will call fn(timer, data); not
 * pending.  *timerp is the caller's, freed with unl_timer_free(). */
UNL_EXPORT int unl_timer_new(struct unl_net *net, unl_timer_fn fn,
			     void *data, struct unl_timer **timerp);
/* timer_shutdown() and kfree(): cancel if pending, then free.  NULL is
 * ignored. */
UNL_EXPORT void unl_timer_free(struct unl_timer *timer);
/* mod_timer(): (re)arm for the deadline expires; a deadline already
 * past runs at the next chance.  1 if it was pending, else 0. */
UNL_EXPORT int unl_timer_mod(struct unl_timer *timer, int64_t expires);
/* timer_delete(): cancel.  1 if it was pending, else 0. */
UNL_EXPORT int unl_timer_del(struct unl_timer *timer);
/* timer_pending() */
UNL_EXPORT bool unl_timer_pending(const struct unl_timer *timer);
/* The deadline it was last armed for. */
UNL_EXPORT int64_t unl_timer_expires(const struct unl_timer *timer);

/* ---- observation ---- */

/* A copy of every message delivered, the netlink tap (nlmon). */
struct unl_tap_msg {
	int protocol;
	bool to_kernel; /* PACKET_KERNEL: delivered to a kernel socket */
	const uint8_t *data;
	size_t len;
	/* The user socket at the other end (the sender of a message to
	 * the kernel, else the receiver): its portid, and the pid of the
	 * credentials it acts with (struct unl_cred).  nlmon has neither;
	 * a capture filters on them. */
	uint32_t portid;
	int32_t pid;
	/* the group a delivery was multicast to (NETLINK_PKTINFO's), 0
	 * for unicast and for a message to the kernel */
	uint32_t group;
};
typedef void (*unl_tap_fn)(const struct unl_tap_msg *msg, void *user);
/* Returns an id > 0 for unl_tap_remove(), or -errno. */
UNL_EXPORT int unl_tap_add(struct unl_net *net, unl_tap_fn fn, void *user);
UNL_EXPORT int unl_tap_remove(struct unl_net *net, int id);

/* The NETLINK_URELEASE notifier: fn runs, with the net locked, when a
 * bound user socket is closed.  Returns an id > 0, or -errno. */
typedef void (*unl_release_fn)(struct unl_net *net, int protocol,
			       uint32_t portid, void *user);
UNL_EXPORT int unl_release_notifier_add(struct unl_net *net,
					unl_release_fn fn, void *user);
UNL_EXPORT int unl_release_notifier_remove(struct unl_net *net, int id);

/* ---- other nets of the world (net locked) ---- */

/* What a protocol keeps for the whole world, as Linux keeps it in
 * globals for the machine (rtnetlink's linkwatch list): NULL until
 * set; set once (-EEXIST after), freed with free_fn when the world
 * goes, after its nets. */
UNL_EXPORT void *unl_world_priv(const struct unl_world *world, int protocol);
UNL_EXPORT int unl_world_set_priv(struct unl_world *world, int protocol,
				  void *priv, void (*free_fn)(void *priv));
/* The nets of the world, oldest first: the one after prev (NULL: the
 * first), NULL past the last. */
UNL_EXPORT struct unl_net *unl_world_net_next(struct unl_world *world,
					      const struct unl_net *prev);
/* The net of id in the world, or NULL. */
UNL_EXPORT struct unl_net *unl_world_net_by_id(struct unl_world *world,
					       uint64_t id);
/* peernet2id(): the nsid net gives peer, NETNSA_NSID_NOT_ASSIGNED (-1)
 * when none. */
UNL_EXPORT int unl_net_peer_id(const struct unl_net *net,
			       const struct unl_net *peer);
/* peernet2id_alloc(): that nsid, assigned (the lowest free) when there
 * is none yet, and announced to the net's nsid notifiers;
 * NETNSA_NSID_NOT_ASSIGNED when none can be (a dying net). */
UNL_EXPORT int unl_net_peer_id_alloc(struct unl_net *net,
				     struct unl_net *peer);
/* alloc_netid() for RTM_NEWNSID: reqid (>= 0) or the lowest free id
 * (reqid < 0), not announced (the caller does it with its request's
 * header); the id, -EEXIST when peer has one or reqid is taken. */
UNL_EXPORT int unl_net_peer_id_set(struct unl_net *net, struct unl_net *peer,
				   int reqid);
/* get_net_ns_by_pid() / get_net_ns_by_fd() for the caller of the
 * request being processed (the world's resolver, unl_world_set_resolver):
 * the net, or NULL with *err the errno Linux gives. */
UNL_EXPORT struct unl_net *unl_net_by_pid(struct unl_net *net, uint32_t pid,
					  int *err);
UNL_EXPORT struct unl_net *unl_net_by_fd(struct unl_net *net, uint32_t fd,
					 int *err);
/* Whether descriptor fd of the caller of the request being processed is
 * a directory of a cgroup v1 hierarchy (the world's resolver,
 * UNL_CGROUP_BY_FD): 0, -EINVAL, or -EBADF for no such descriptor (also
 * without a resolver). */
UNL_EXPORT int unl_cgroup_dir_by_fd(struct unl_net *net, uint32_t fd);
/* sockfd_lookup() of descriptor fd of the caller (UNL_SOCKET_BY_FD):
 * 0 for a socket, -ENOTSOCK, or -EBADF (also without a resolver). */
UNL_EXPORT int unl_socket_by_fd(struct unl_net *net, uint32_t fd);
/* The i-th peer net names (from 0, in nsid order, as idr_for_each()
 * walks them), with its nsid in *nsid; NULL past the last. */
UNL_EXPORT struct unl_net *unl_net_peer_at(const struct unl_net *net,
					   size_t i, int *nsid);
/* get_net_ns_by_id(): the peer net calls nsid, or NULL. */
UNL_EXPORT struct unl_net *unl_net_peer_by_id(struct unl_net *net, int nsid);
/* Called with the net locked each time it assigns (added) or loses an
 * nsid for peer: rtnetlink's RTM_NEWNSID and RTM_DELNSID.  Returns an
 * id; kept until the net is freed. */
typedef void (*unl_nsid_fn)(struct unl_net *net, struct unl_net *peer,
			    int nsid, bool added, void *user);
UNL_EXPORT int unl_nsid_notifier_add(struct unl_net *net, unl_nsid_fn fn,
				     void *user);

/* The netdevice notifier chain as families outside rtnetlink see it
 * (nf_tables' nf_tables_netdev_event and nf_tables_flowtable_event):
 * told, with the net locked, after rtnetlink's own subscribers, as a
 * module's notifier comes after the core's.  Only what such a family
 * needs so far. */
enum unl_netdev_event {
	UNL_NETDEV_UNREGISTER, /* gone, or moved to another net */
	/* renamed: name is the name it had, unl_dev_name() the new one */
	UNL_NETDEV_CHANGENAME,
};
typedef void (*unl_netdev_fn)(struct unl_net *net, enum unl_netdev_event ev,
			      int ifindex, const char *name, void *user);
/* Returns an id > 0 for unl_netdev_notifier_remove(), or -errno. */
UNL_EXPORT int unl_netdev_notifier_add(struct unl_net *net, unl_netdev_fn fn,
				       void *user);
UNL_EXPORT int unl_netdev_notifier_remove(struct unl_net *net, int id);
/* call_netdevice_notifiers() for them: rtnetlink calls it. */
UNL_EXPORT void unl_netdev_notify(struct unl_net *net,
				  enum unl_netdev_event ev, int ifindex,
				  const char *name);

/* __dev_get_by_name(): the index of the device of net called name (its
 * name or one of its altnames), 0 when there is none.  rtnetlink's
 * devices, for the families that name them (nf_tables' hooks). */
UNL_EXPORT int unl_dev_ifindex(struct unl_net *net, const char *name);
/* The name of net's device ifindex; NULL when there is none. */
UNL_EXPORT const char *unl_dev_name(struct unl_net *net, int ifindex);

#ifdef __cplusplus
}
#endif
#endif
