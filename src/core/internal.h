/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal definitions of the netlink core, shared by the files of
 * src/core/ and by the built-in protocols.  Not installed.
 *
 * Locking: one mutex per world (net->world->lock, taken by net_lock())
 * guards every net of the world: the protocol tables, every socket's
 * state and every queue, as nl_table_lock, the socket locks, the queue
 * locks and the RTNL do together in Linux.  Functions named nl_* expect
 * it held.  Blocking waits use a condition variable per socket with that
 * mutex.  Readiness callbacks are never called with it held: they are
 * collected while it is held and run by net_unlock().
 */
#ifndef UNETLINK_CORE_INTERNAL_H
#define UNETLINK_CORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <unetlink/fault.h>
#include <unetlink/kernel.h>
#include <unetlink/net.h>
#include <unetlink/transport.h>

#include "core/hash.h"

struct bpf_insn;

/* Socket state bits and flags (nlk->flags in Linux). */
#define NLF_KERNEL 0x1
#define NLF_RECV_PKTINFO 0x2
#define NLF_BROADCAST_SEND_ERROR 0x4
#define NLF_RECV_NO_ENOBUFS 0x8
#define NLF_LISTEN_ALL_NSID 0x10
#define NLF_CAP_ACK 0x20
#define NLF_EXT_ACK 0x40
#define NLF_STRICT_CHK 0x80

/* The skb: header and data in one allocation, the data never moves. */
struct unl_skb {
	struct unl_skb *next; /* receive queue link */
	struct unl_skb_cb cb;
	uint32_t len;      /* bytes of data */
	uint32_t size;     /* capacity */
	uint32_t truesize; /* what it costs the receiver's rcvbuf */
	bool peeked;
	uint8_t *data;
	uint8_t head[];
};

/* A socket of either side (struct netlink_sock). */
/* netlink_recvmsg()'s cap on max_recvmsg_len: SKB_WITH_OVERHEAD(32768)
 * on x86-64, 32 KiB less the skb's shared info (320 bytes). */
#define NL_MAX_RECVMSG_LEN (32768u - 320u)

struct unl_sock {
	struct unl_net *net;
	atomic_int refcnt;
	int protocol;
	int type;
	bool dead;     /* closed: unlinked from every table */
	bool nonblock; /* O_NONBLOCK */

	/* address */
	uint32_t portid;
	bool bound;
	bool connected;
	uint32_t dst_portid;
	uint32_t dst_group;

	/* multicast membership: ngroups bits in groups */
	unsigned long *groups;
	unsigned int ngroups;
	unsigned int subscriptions;
	struct unl_sock *mc_next; /* on the protocol's mc_list */
	bool on_mc_list;

	uint32_t flags; /* NLF_* */
	bool congested;
	int err;        /* pending sk_err, positive errno */
	uint32_t drops;

	/* receive side */
	struct unl_skb *rq_head, *rq_tail;
	struct unl_skb *ship_next; /* oldest datagram not yet shipped */
	uint32_t rq_len;
	uint32_t rmem_alloc;
	/* Room other senders' grants hold (grant.c): unicast senders see
	 * it as used, broadcasts do not. */
	uint32_t rmem_reserved;
	uint32_t rcvbuf, sndbuf;
	int64_t rcvtimeo_ns, sndtimeo_ns; /* -1: forever */
	bool passcred;
	/* the largest receive buffer offered, up to NL_MAX_RECVMSG_LEN:
	 * what later dump parts fill */
	uint32_t max_recvmsg_len;
	pthread_cond_t wait;

	/* classic BPF filter (SO_ATTACH_FILTER) */
	struct bpf_insn *filter;
	unsigned int filter_len;

	/* dump state (nlk->cb, cb_running, dump_done_errno) */
	bool cb_running;
	int dump_done_errno;
	struct unl_callback cb;

	/* Who acts now (Linux's current), and what the opener could do
	 * when it created the socket (the file's f_cred): permission checks
	 * on requests look at both, as netlink_ns_capable() does. */
	struct unl_cred cred;
	uint64_t file_caps;
	int priority;
	bool filter_locked;

	/* hash chain in the protocol table */
	struct unl_sock *hash_next;
	/* every socket of the net, for listing */
	struct unl_sock *all_prev, *all_next;
	/* sock_i_ino() and sock_gen_cookie() (0 until first asked), as
	 * netlink_diag reports them; numbered in the world */
	uint64_t ino, cookie;

	/* event-loop readiness */
	unl_ready_fn ready_fn;
	void *ready_user;
	bool ready_pending;
	struct unl_sock *ready_next;

	/* The send grant this socket holds (grant.c): datagrams of at most
	 * grant_len bytes to grant_sk, grant_left of them, each holding
	 * grant_unit bytes of grant_sk's rmem_reserved. */
	struct unl_sock *grant_sk;
	uint32_t grant_left, grant_unit, grant_len;

	/* kernel sockets */
	void (*netlink_rcv)(struct unl_skb *skb);
	int (*netlink_bind)(struct unl_net *net, int group);
	void (*netlink_unbind)(struct unl_net *net, int group);
	void *kpriv;
	int (*kioctl)(struct unl_sock *ksk, const struct unl_cred *who,
		      int family, unsigned long cmd, void *arg);
};

/* A portid hash table, open hashing with chains; grows by doubling so
 * that lookups stay O(1). */
struct nl_hash {
	struct unl_sock **buckets;
	uint32_t mask;
	uint32_t count;
};

/* One protocol's entry (struct netlink_table). */
struct nl_table {
	struct nl_hash hash;
	struct unl_sock *mc_list;
	unsigned long *listeners; /* per-group count > 0 bits */
	unsigned int groups;
	unsigned int registered;
	unsigned int flags; /* UNL_CFG_F_* */
	int (*bind)(struct unl_net *net, int group);
	void (*unbind)(struct unl_net *net, int group);
	struct unl_sock *ksk; /* the first kernel socket */
};

struct nl_chrdev {
	const char *name;
	const struct unl_file_ops *ops;
	struct nl_chrdev *next;
};

void nl_chrdevs_free(struct unl_net *net);

/* ---- sysctl.c ---- */
struct unl_file;
void nl_sysctls_free(struct unl_net *net);
/* net.core and net.unix of a new net (sysctl_net_core.c): 0 or -errno */
int nl_sysctl_core_init(struct unl_net *net);
/* /proc/sys/net/rest from the registered tables (lock held), as
 * files.h's calls answer: -EXDEV for a path no table covers. */
int nl_sysctl_get(struct unl_net *net, const char *rest, struct unl_file *f);
/* The directories the tables make below dir ("" the root), each once,
 * as listing entries (d_type, name, NUL). */
void nl_sysctl_subdirs(struct unl_net *net, const char *dir, FILE *out);
/* 1 writable, 0 not (a directory, mode 0444), or -ENOENT, -EXDEV. */
int nl_sysctl_writable(struct unl_net *net, const char *rest);
int nl_sysctl_write(struct unl_net *net, const char *rest, const char *val);

/* ---- procnet.c ---- */
struct nl_procnet;
void nl_procnets_free(struct unl_net *net);
/* A file or directory of /proc/net (rest: below it) made by a
 * protocol: as nl_sysctl_get(), -EXDEV when none is there */
int nl_procnet_get(struct unl_net *net, const char *rest,
		   struct unl_file *f);
/* 1 writable, 0 not, -EXDEV not one of these */
int nl_procnet_writable(struct unl_net *net, const char *rest);
int nl_procnet_write(struct unl_net *net, const char *rest, const char *buf,
		     size_t len);
/* The entries right below /proc/net the protocols made, as the listing
 * holds them (a d_type byte, the name, a NUL), their owners loaded
 * first */
void nl_procnet_list_top(struct unl_net *net, FILE *out);

struct nl_hook {
	int id;
	void *fn;
	void *user;
	struct nl_hook *next;
};

/*
 * A world: nets that can see each other (nsids, devices and veth peers
 * in other nets, NETLINK_LISTEN_ALL_NSID).  They share one lock, as every
 * namespace shares the RTNL in Linux, so an operation that spans nets
 * takes no second lock and needs no lock order.  What a call on any of
 * them does at one time lives here too: the readiness callbacks to run
 * at unlock, who is calling, the clock read once per entry, and the
 * timers.
 */
/* The first net id a world hands out: the inode number of Linux's
 * initial network namespace (PROC_NET_INIT_INO, 0xf0000000); later nets
 * count up. */
#define WORLD_FIRST_ID UINT64_C(0xf0000000)

struct unl_world {
	pthread_mutex_t lock;
	struct unl_net *nets, *nets_tail; /* every net, oldest first */
	unsigned int nnets;
	struct unl_htab nets_by_id; /* unl_net.id_node */
	/* Every nsid of every net, by the pair of nets (nl_nsid.node). */
	struct unl_htab nsids;
	/* NETLINK_LISTEN_ALL_NSID sockets in all its nets, and the nets
	 * that have some (listen_all_next): other nets' broadcasts visit
	 * only those. */
	unsigned int nlisten_all;
	struct unl_net *listen_all_nets;
	uint64_t next_id;     /* net ids, as namespace inode numbers */
	uint64_t next_sock_ino, next_sock_cookie; /* unl_sock.ino, .cookie */
	bool own;             /* made by unl_net_new() for one net */
	/* Which net a process or a descriptor names (the host's own). */
	unl_netns_resolve_fn resolve;
	void *resolve_user;
	/* NETLINK_SOCK_DIAG's requests for the host's sockets */
	unl_sock_diag_relay_fn diag_relay;
	void *diag_relay_user;
	/* ... and who listens to the kernel's destroy events for them */
	unl_sock_diag_listen_fn diag_listen;
	void *diag_listen_user;
	struct unl_sock *ready_list; /* readiness callbacks to run */
	/* Who is calling, while a user socket's call runs (Linux's
	 * `current`): what protocol callbacks check with unl_net_capable. */
	const struct unl_cred *current;
	/* Fault injection (fault.c): the rules, under a lock of their own. */
	pthread_mutex_t fault_lock;
	struct nl_fault *faults;
	int fault_serial;
	unl_fault_log_fn fault_log;
	void *fault_log_user;

	/* Timers (timer.c): the pending ones in a pairing heap, the ones
	 * being run in a list; the event loop's timerfd (-1 until asked
	 * for) and the deadline it is armed for (0: disarmed). */
	struct unl_timer *timer_root;
	struct unl_timer *due_head, *due_tail;
	uint64_t timer_seq;
	int timer_fd;
	int64_t timer_fd_armed;
	/* A test's clock instead of CLOCK_MONOTONIC (unl_debug_set_clock). */
	int64_t (*clock_fn)(void *user);
	void *clock_user;
	/* How far unl_net_clock_advance() moved the clock ahead of the
	 * one it reads (the timerfd and blocking receives, on the real
	 * clock, wait that much less). */
	int64_t clock_skew;
	/* unl_net_clock_stop(): the clock reads clock_stopped_at (plus the
	 * skew) */
	bool clock_stopped;
	int64_t clock_stopped_at;
	/* The clock read once per entry (net_now): what one call does
	 * happens at one time. */
	int64_t now;
	bool now_valid;
	/* What each protocol keeps for the whole world (unl_world_priv),
	 * and how it is freed with the world. */
	void *proto_priv[UNL_MAX_LINKS];
	void (*proto_priv_free[UNL_MAX_LINKS])(void *priv);
};

/* One nsid: how owner names peer (peernet2id).  Found by the pair in the
 * world's table, by id in the owner's sorted array, and from the peer
 * (named_by) when the peer goes. */
struct nl_nsid {
	struct unl_hnode node; /* world->nsids, key nsid_key(owner, peer) */
	struct unl_net *owner, *peer;
	int id;
	struct nl_nsid *nb_prev, *nb_next; /* peer->named_by */
};

/* The per-net values of /proc/sys/net/core and /proc/sys/net/unix
 * (sysctl_net_core.c); the socket buffer sizes are unl_net's own. */
#define UNL_CPUMASK_WORDS 32 /* rps_default_mask: up to 1024 CPUs */
struct nl_core_sysctls {
	int somaxconn, optmem_max;
	uint8_t tstamp_allow_data, txrehash;
	unsigned int xfrm_aevent_etime, xfrm_aevent_rseqth;
	int xfrm_larval_drop, xfrm_acq_expires;
	int unix_max_dgram_qlen;
	uint32_t rps_default_mask[UNL_CPUMASK_WORDS];
};

struct unl_net {
	struct unl_world *world;
	struct unl_net *world_prev, *world_next;
	struct unl_hnode id_node; /* world->nets_by_id */
	uint64_t id; /* unique in its world, never reused */
	bool dying;  /* being freed: no new nsids for it */
	struct nl_nsid **nsids; /* the ones it gives, sorted by id */
	size_t nnsids, capnsids;
	struct nl_nsid *named_by; /* the ones other nets give it */
	struct unl_net *listen_all_prev, *listen_all_next;
	/* The protocols' entries, made when a protocol registers: an
	 * empty net pays for none of the 32 (nl_table_of(), nl_table_make()). */
	struct nl_table *table[UNL_MAX_LINKS];
	struct unl_sock *all; /* every socket */
	unsigned int nsocks;
	/* Sockets with NETLINK_LISTEN_ALL_NSID: other nets' broadcasts
	 * reach them too. */
	unsigned int nlisten_all;
	unl_loader_fn loader;
	void *loader_user;
	struct nl_hook *taps;
	/* Character devices (chrdev.c): name -> file operations */
	struct nl_chrdev *chrdevs;
	/* Sysctl tables the protocols registered (sysctl.c) */
	struct nl_sysctl *sysctls;
	/* Files of /proc/net the protocols made (procnet.c) */
	struct nl_procnet *procnets;
	struct nl_hook *release_hooks;
	/* unl_netdev_notifier_add(): families told of device events */
	struct nl_hook *netdev_hooks;
	/* Told of every nsid this net assigns or loses (rtnetlink's
	 * RTM_NEWNSID and RTM_DELNSID), with the lock held. */
	struct nl_hook *nsid_hooks;
	int next_hook_id;
	uint64_t rand_state;
	void (*proto_fini[UNL_MAX_LINKS])(struct unl_net *net);
	uint32_t rmem_default, wmem_default, rmem_max, wmem_max;
	/* net.core's and net.unix's own (sysctl_net_core.c) */
	struct nl_core_sysctls core;
	int hz; /* the kernel's tick rate, socket timeouts round to it */
	/* The kernel this net follows, and what its random choices (MACs,
	 * timers) start from (include/unetlink/profile.h). */
	struct unl_profile *profile;
	uint64_t seed;
};

/* A protocol's entry in net: a registered protocol's, or (to be read
 * only) an empty one with nothing registered, no socket, no listener. */
extern const struct nl_table nl_table_none;
static inline struct nl_table *nl_table_of(const struct unl_net *net,
					   int protocol)
{
	return net->table[protocol] ? net->table[protocol]
				    : (struct nl_table *)&nl_table_none;
}
/* The entry, made when missing (a protocol registering); NULL without
 * memory. */
struct nl_table *nl_table_make(struct unl_net *net, int protocol);

/* Called by unl_net_free() for a built-in protocol to release its state
 * and kernel sockets. */
void net_set_fini(struct unl_net *net, int protocol,
		      void (*fini)(struct unl_net *net));

/* ---- world.c ---- */
/* Into the world (lock held), with a new id: 0 or -ENOMEM. */
int world_link(struct unl_world *w, struct unl_net *net);
/* Out of it (lock held): peers lose their nsids for it, told so. */
void world_unlink(struct unl_net *net);
/* A NETLINK_LISTEN_ALL_NSID socket of net set (1) or gone (-1). */
void world_listen_all(struct unl_net *net, int delta);
void world_destroy(struct unl_world *w);

/* ---- net.c ---- */
/* Add a hook to list with the net locked; its id or -ENOMEM. */
int net_hook_add(struct unl_net *net, struct nl_hook **list, void *fn,
		 void *user);
void net_lock(struct unl_net *net);
/* Unlock and run the readiness callbacks collected meanwhile. */
void net_unlock(struct unl_net *net);
uint32_t net_random(struct unl_net *net);
struct unl_sock *nl_lookup(struct unl_net *net, int protocol, uint32_t portid);
int nl_hash_insert(struct nl_table *tbl, struct unl_sock *sk);
void nl_hash_remove(struct nl_table *tbl, struct unl_sock *sk);
/* fault.c: where a fault may happen, and whether one does (its rule in
 * *out, logged).  pid: the process of the user socket involved. */
enum nl_fault_point {
	NL_FAULT_AT_REQUEST, /* a request's handler: error= */
	NL_FAULT_AT_DUMP,    /* a dump starts: dump-intr */
	NL_FAULT_AT_NOTIFY,  /* a broadcast reaches a listener: drop, overrun */
	NL_FAULT_AT_DELIVER, /* a message reaches a user socket: truncate= */
	NL_FAULT_AT_SOCKET,  /* socket() */
	NL_FAULT_AT_BIND,    /* bind() */
	NL_FAULT_AT_SERVED,  /* a request a front end serves: timeout */
};
struct nl_fault;
bool nl_fault_hit(struct unl_net *net, enum nl_fault_point at, int protocol,
		  const struct nlmsghdr *nlh, int32_t pid, struct unl_fault *out);
void world_faults_free(struct unl_world *w);
void nl_deliver_tap(const struct unl_sock *user, const struct unl_skb *skb,
		    int protocol, bool to_kernel);
void nl_notify_release(struct unl_net *net, int protocol, uint32_t portid);
/* For benchmarks: mean probes per successful portid lookup. */
double unl_debug_hash_probes(struct unl_net *net, int protocol);

/* ---- sock.c ---- */
void sock_hold(struct unl_sock *sk);
/* grant.c: give back what sk's grant holds (net locked). */
void nl_grant_end(struct unl_sock *sk);
/* deliver.c: the truesize a unicast of len bytes from user space is
 * charged at the receiver (after netlink_trim()). */
uint32_t nl_unicast_truesize(size_t len);
/* deliver.c: netlink_getsockbyportid() */
int nl_getsockbyportid(struct unl_sock *ssk, uint32_t portid,
		       struct unl_sock **skp);
void sock_put(struct unl_sock *sk);
int nl_autobind(struct unl_sock *sk);
bool nl_allowed(const struct unl_sock *sk, unsigned int flag);
bool cred_capable(const struct unl_cred *cred, int cap);
void nl_update_listeners(struct unl_net *net, int protocol);
/* Mark the socket for a readiness callback at unlock (sk_data_ready). */
void nl_data_ready(struct unl_sock *sk);
uint32_t nl_group_mask(uint32_t group);
bool nl_sock_in_group(const struct unl_sock *sk, unsigned int group);
int nl_put_addr(const struct sockaddr_nl *kaddr, socklen_t klen,
		struct sockaddr *uaddr, socklen_t *ulen);

/* ---- deliver.c ---- */
int nl_sendskb(struct unl_sock *sk, struct unl_skb *skb);
void nl_queue_skb(struct unl_sock *sk, struct unl_skb *skb);
void nl_overrun(struct unl_sock *sk);
bool nl_is_kernel(const struct unl_sock *sk);
/* Wait on sk->wait until woken or the deadline; false on timeout. */
bool nl_wait(struct unl_sock *sk, const struct timespec *deadline);
void nl_deadline(struct timespec *ts, int64_t timeo_ns);
/* sk_filter(): false when sk's filter drops skb; trims it otherwise. */
bool nl_filter(struct unl_sock *sk, struct unl_skb *skb);
int nl_msghdr_import(const struct msghdr *umsg, struct msghdr *msg,
		     size_t *len);

/* ---- recv.c ---- */
void nl_rcv_wake(struct unl_sock *sk);
void nl_purge_queue(struct unl_sock *sk);

/* ---- dump.c ---- */
int nl_dump(struct unl_sock *sk);
/* The extended-ACK TLVs of an answer to ssk about err: their size, and
 * writing them (offsets only for attributes inside [lo, hi), counted
 * from nlh).  Shared by acks and NLMSG_DONE. */
size_t nl_ack_tlv_len(const struct unl_sock *ssk, int err,
		      const struct unl_ext_ack *extack);
void nl_ack_tlv_fill(struct unl_skb *skb, const struct nlmsghdr *nlh,
		     int err, const struct unl_ext_ack *extack);
void nl_dump_end(struct unl_sock *sk);

/* ---- skb.c ---- */
/* The truesize Linux charges for an skb of size bytes of data. */
uint32_t skb_truesize_for(size_t size);
struct unl_skb *skb_copy(const struct unl_skb *skb);

/* ---- timer.c ---- */
/* The net's clock: nanoseconds of CLOCK_MONOTONIC, read once while the
 * net stays locked (a sleep on a socket's wait forgets it). */
int64_t net_now(struct unl_net *net);
/* Run every timer due now; the number run. */
int net_run_timers(struct unl_net *net);
/* The earliest deadline, when it is on the real clock (a blocking
 * receive can sleep until it); false when there is none. */
bool net_timer_next(const struct unl_net *net, int64_t *expires);
/* At unl_net_free(): forget the net's timers left. */
void net_timers_fini(struct unl_net *net);
/* At the world's end: forget every timer, close the timerfd. */
void world_timers_fini(struct unl_world *w);
/*
 * For tests: the net's clock becomes fn(user), in nanoseconds, so that
 * time can be moved by hand; NULL restores CLOCK_MONOTONIC.  The timerfd
 * and blocking receives keep following the real clock.  Not exported.
 */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

/* ---- filter.c ---- */
/* Run sk's filter over skb: 0 to drop, else the length to keep. */
uint32_t nl_run_filter(const struct unl_sock *sk, const struct unl_skb *skb);
int nl_attach_filter(struct unl_sock *sk, const void *optval,
		     socklen_t optlen);
int nl_detach_filter(struct unl_sock *sk);
int nl_get_filter(struct unl_sock *sk, void *optval, socklen_t *optlen);

/* ---- builtin protocols (src/proto/) ---- */
int proto_builtin_load(struct unl_net *net, int protocol, void *user);
/* The protocol whose loading registers the sysctl tree dir (the first
 * directory below /proc/sys/net: "netfilter"), as a module alias names
 * a module; -1 when none does. */
int proto_builtin_sysctl_owner(const char *dir, size_t len);
/* ... and the one whose loading makes the /proc/net tree dir */
int proto_builtin_procnet_owner(const char *dir, size_t len);
/* The i-th directory of /proc/net proto_builtin_procnet_owner() knows,
 * or NULL past the last */
const char *proto_builtin_procnet_dir(size_t i);
int usersock_init(struct unl_net *net);
int rtnetlink_init(struct unl_net *net);
int genl_pernet_init(struct unl_net *net);
int nfnetlink_init(struct unl_net *net);

/* The CPUs /sys/devices/system/cpu/possible lists ("0-1" -> 2), at
 * least 1; read once (sysctl_net_core.c). */
int unl_possible_cpus(void);

#endif
