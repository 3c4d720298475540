/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon's insides, shared by its files:
 *
 *   daemon.c   the loop, the listening socket, signals, paths, logging
 *   peer.c     who a client is and what it may do: SO_PEERCRED, its
 *              capabilities from the kernel, the admin policy
 *              (struct unl_cred)
 *   conn.c     control connections: records in, replies out, every op
 *   served.c   served sockets: data socket, status slots, shipping, parked
 *              blocking sends
 *   map.c      a u64 -> pointer hash (socket ids, SO_COOKIEs)
 *   family.c   generic netlink families served by client processes
 *              (service connections): proxies in the core, requests
 *              relayed, answers and ACKs delivered later
 *   netns.c    the world of nets: the initial one and every other,
 *              their handles, the names of the netns directory, and
 *              the world's resolver (pid and descriptor -> net)
 *   capture.c  captures: the taps of every net, copied to the
 *              connections that asked (`unetlink capture`)
 *   fault.c    fault-injection rules (`unetlink fault`) and their log
 *
 * Single-threaded: everything runs in the thread that called
 * unl_daemon_run(), including the core's readiness callbacks (they fire in
 * the unl_* call that caused them, from this thread, since no other thread
 * calls into the daemon's net).
 *
 * Objects that epoll may still name in the current batch of events are
 * never freed at once: closing moves them to a graveyard freed after the
 * batch.
 */
#ifndef UNETLINK_DAEMON_PRIVATE_H
#define UNETLINK_DAEMON_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <unetlink/net.h>
#include <unetlink/transport.h>

#include "daemon/daemon.h"
#include "wire/spin.h"
#include "wire/wire.h"

/* Bounds that keep one client from costing more than its share. */
#define UD_MAX_OUT_ENTRIES 64            /* queued replies per connection */
#define UD_MAX_OUT_BYTES (256u * 1024u)  /* ... and their bytes */
#define UD_RECORDS_PER_EVENT 64          /* requests read per wake-up */
#define UD_SHIP_BATCH 32  /* datagrams per sendmmsg() to a data socket */
#define UD_SHIP_SLOT 2048 /* ... of at most this many bytes each */
#define UD_RX_BATCH 16                   /* ... per recvmmsg() */
#define UD_MAX_SENDMSG_HEAD 65536u       /* msg_namelen, msg_controllen */
#define UD_RETRY_MS 50                   /* parked sends retried at least
					    this often */
#define UD_CALL_IDLE_NS 1000000          /* a call page idle this long is
					    no longer watched */
#define UD_CALL_SPIN_NS 5000             /* pages polled alone this long
					    after the last call ... */
#define UD_CALL_TURN_NS 50000            /* ... and this long at most
					    between two epoll_wait()s */

enum ud_kind { UD_LISTEN, UD_SIGNAL, UD_WATCH, UD_CONN, UD_DATA, UD_TIMER,
	       UD_NSH, UD_TUN, UD_DIAG };

/* What epoll_event.data.ptr points to: the first member of each object. */
struct ud_handle {
	enum ud_kind kind;
};

/* An open-addressing hash, u64 key -> pointer; key 0 is never stored. */
struct ud_map {
	uint64_t *keys;
	void **vals;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

/* How many user namespaces above a net's owner are followed. */
#define UD_USERNS_UP_MAX 8

struct ud_capture;
struct ud_conn;
struct ud_diag_relay;
struct ud_fam;
struct ud_hold;
struct ud_svc_req;

/* What the daemon knows of a connection's process (peer.c). */
struct ud_peer {
	int pidfd;         /* the process, -1 when unknown or lazy */
	int conn_fd;       /* the connection, where SO_PEERPIDFD tells */
	bool pidfd_lazy;   /* the connecting process's pidfd is not kept:
			      SO_PEERPIDFD gives it again when needed (one
			      descriptor less a connection) */
	pid_t pid;
	pid_t tid;         /* the thread whose capabilities count, 0: the
			      first (the last to change them, UNL_OP_CRED) */
	uint32_t uid, gid; /* for the policy: SO_PEERCRED's, then the real
			      ids of SCM_CREDENTIALS when they change */
	bool base_valid;   /* the real ids of the first record, for */
	uint32_t base_uid, base_gid; /* noticing setuid() */
	uint64_t claimed;  /* what the thread said it holds (UNL_OP_CRED):
			      the most the kernel's answer counts for */
	/* The process that connected, as it connected: whom
	 * UNL_OP_ACT_FOR may name, and the most it may grant. */
	pid_t origin_pid;
	int origin_pidfd;
	uint32_t origin_uid, origin_gid;
	uint64_t origin_caps;
	/* A process in a user namespace of its own (`unshare -r`): that
	 * namespace (0: the daemon's, or unknown), and the capabilities
	 * the kernel gives it there, which count over the nets it made
	 * there (ud_cred_in_net()). */
	dev_t userns_dev;
	ino_t userns_ino;
	uint64_t own_caps;
	/* ... and that namespace descends from the daemon's: over a net
	 * whose owner is neither it nor one of its ancestors it holds
	 * nothing, as in Linux, whatever the policy grants its uid. */
	bool userns_below;
};

/* A reply waiting to be written.  Owns buf and fds until written. */
struct ud_out {
	struct ud_out *next;
	bool waiting; /* a parked sendmsg: the answer is not known yet */
	bool call;    /* the answer to a call: written to the call page */
	uint32_t call_seq;
	int nfds;
	int fds[2];
	size_t len;
	unsigned char *buf; /* struct unl_wire_rep + payload: small, or
			       allocated */
	unsigned char small[64];
};

/*
 * A SENDMSG being reassembled, then possibly parked.  buf holds
 *
 *   +------+-----+---------+------+
 *   | name | pad | control | data |   (pad aligns control for CMSG_*)
 *   +------+-----+---------+------+
 *
 * and no data when `discard` (the data exceeds what the core accepts:
 * the core then sees an iovec of the full length with no base, and
 * answers EMSGSIZE, or its earlier errors, in Linux's order).
 */
struct ud_send {
	struct ud_conn *conn;
	uint32_t sock_id;
	int flags;
	uint32_t namelen, controllen, pad;
	size_t datalen;
	size_t total; /* name + control + data, as the client counts */
	size_t have;
	bool discard;
	bool tried;   /* sent once already (parked): retries are unicast */
	bool want_grant; /* SENDMSG | UNL_OP_F_GRANT */
	unsigned char *buf;    /* small, or allocated */
	struct ud_out *reply;  /* the placeholder while parked */
	int64_t deadline_ns;   /* CLOCK_MONOTONIC; -1: no limit */
	struct ud_send *next;  /* on the daemon's parked list */
	/* Most requests are a few dozen bytes: no second allocation. */
	unsigned char small[256];
};

/*
 * A net of the daemon's world (netns.c).  It lives while anything holds
 * it, as a namespace lives while Linux counts references: a name of the
 * netns directory, a handle (a process's carrier, an open namespace
 * file), a socket in it; the initial net is held by the daemon.
 */
struct ud_net {
	struct unl_net *net;
	uint64_t id;
	size_t refs;
	uint32_t nsocks;   /* served sockets in it */
	uint32_t nhandles; /* handles given out */
	uint32_t order; /* its place in d->nets (STATUS snapshots) */
	struct ud_net *prev, *next; /* d->nets, oldest first */
	struct ud_nsname *names, *names_tail; /* bound to it, in order */
	struct ud_daemon *d;
	int tap_id; /* its capture tap (capture.c) while captures run */
	/* The user namespace that owns it (net->user_ns): 0 for the
	 * daemon's; a process's own when it made the net from there. */
	dev_t owner_dev;
	ino_t owner_ino;
	/* The owner's ancestors below the daemon's user namespace, nearest
	 * first, each with the uid that made its child on the way (the
	 * owner's own maker first): capabilities there count over the net
	 * too, and the maker of a child namespace has all of them
	 * (ud_cred_in_net(), Linux's cap_capable()). */
	unsigned int n_up;
	struct ud_userns_up {
		dev_t dev;
		ino_t ino;
		uint32_t maker_uid; /* of the namespace below this one */
	} up[UD_USERNS_UP_MAX];
	uint32_t owner_maker_uid; /* NS_GET_OWNER_UID of the owner */
	bool up_to_daemon;        /* up[] ends below the daemon's */
};

/* A name of the netns directory bound to a net (what `ip netns add`
 * mounts on the file).  The binding holds the net.  Found by name and
 * by the file's inode (d->names_by_name, d->names_by_ino: the heads of
 * chains of names with the same key). */
struct ud_nsname {
	struct ud_nsname *prev, *next;         /* d->names, binding order */
	struct ud_nsname *net_prev, *net_next; /* net->names, alike */
	struct ud_nsname *name_chain, *ino_chain;
	uint64_t name_key;
	struct ud_net *net;
	dev_t dev; /* the file it is bound on */
	ino_t ino;
	char name[];
};

/* A handle given to a client (wire.h, "Nets and handles"). */
struct ud_nsh {
	struct ud_handle h; /* UD_NSH: our end of the pair */
	struct ud_daemon *d;
	int fd;
	uint64_t cookie; /* SO_COOKIE of the client end */
	uint64_t ino;    /* its inode, as /proc/PID/fd shows it */
	struct ud_net *net;
	bool carrier;
	bool closed;
	struct ud_nsh *prev, *next; /* d->nshs */
	struct ud_nsh *grave;
};

struct ud_held {
	struct ud_held *next;
	size_t len;
	unsigned char buf[];
};

/* A socket's status slot in one connection's pool (pool.c). */
struct ud_pool;
struct ud_slot {
	struct ud_pool *pool; /* NULL: none */
	uint32_t idx;
};

/* One netlink socket served to clients. */
struct ud_served {
	struct ud_handle h; /* UD_DATA: the daemon's end of the data socket */
	struct ud_daemon *d;
	uint32_t id;
	struct unl_sock *sk;
	int fd;     /* our end of the data socket, non-blocking */
	uint64_t cookie; /* SO_COOKIE of the client end */
	/* Its status slots (pool.c): one per connection that may name it,
	 * the first here. */
	struct ud_slot slot;
	struct ud_slot *more;
	uint32_t nmore;
	int32_t err;          /* pending sk_err the slots show, 0: none */
	int32_t owner_pid;
	struct unl_cred cred; /* what the core socket acts as now */
	int64_t sndtimeo_ns;  /* SO_SNDTIMEO as the core keeps it; -1: none */
	int data_sndbuf;      /* what we set SO_SNDBUF of fd to */
	uint32_t flags_shown; /* last UNL_SHM_* flags stored */
	bool on_ready;        /* on the daemon's ready list */
	bool blocked;         /* waiting for EPOLLOUT on fd */
	/* UNL_OP_DATA_SENDS: the connection whose process writes bare
	 * requests on the client end (fd watched for EPOLLIN), or NULL */
	struct ud_conn *data_sends;
	bool closed;
	struct ud_net *net;      /* the net it is in (held) */
	struct ud_conn *owed_by; /* whose call page owes it datagrams */
	/* Records the data socket refused (EAGAIN), oldest first: sent
	 * before anything else once it takes them again. */
	struct ud_held *held, *held_tail;
	struct ud_conn **conns; /* connections that may name it by id */
	size_t nconns, conns_cap;
	struct ud_served *prev, *next; /* d->served, creation order */
	/* d->queued: datagrams are charged to it, so a recvmsg() of it
	 * may make room (served.c, ud_served_refresh_all()) */
	struct ud_served *q_prev, *q_next;
	bool queued;
	struct ud_served *grave;
	/* Its receive ring (ring.c), while ring_on: the mapping, what we
	 * wrote (ring_prod) and saw taken (ring_seen), our own record of
	 * each entry's bounds (never the ring's headers), and the entries
	 * that wait for room.  The mapping stays until the socket closes
	 * (the client reads `state` there). */
	struct unl_wire_ring *ring;
	bool ring_on;
	bool attached; /* an ATTACH named it: never a ring */
	uint64_t ring_prod, ring_seen;
	uint32_t ring_hw; /* bytes of data touched since the last punch */
	struct ud_ring_ent *ring_ents;
	size_t ring_head, ring_tail, ring_cap;
	struct ud_held *rheld, *rheld_tail;
	/* Its send grant (grant.c, wire.h "Send grants"): shown in its
	 * slots while grant_live, to portid grant_dst; on d->granted. */
	bool grant_live;
	uint32_t grant_dst;
	uint32_t grant_gen, grant_total; /* what its slots show */
	struct ud_conn *grant_conn; /* whose client holds it */
	struct ud_served *g_prev, *g_next;
};

/* A listing a client reads in pages (STATUS, NS_LIST): taken at the
 * request for entry 0, kept until the last page went, so that the pages
 * agree with one another. */
struct ud_pages {
	void *items;
	size_t n;
};
typedef int (*ud_snapshot_fn)(struct ud_daemon *d, struct ud_pages *pg);

struct ud_xt_in;

struct ud_conn {
	struct ud_handle h; /* UD_CONN */
	struct ud_daemon *d;
	int fd;
	struct unl_cred cred;
	struct ud_peer peer; /* where cred.caps comes from (peer.c) */
	/* Who wrote the record being handled: its SCM_CREDENTIALS pid,
	 * which the kernel vouches for (0 for a call page's, which carries
	 * none); UNL_OP_ACT_FOR's sibling rule asks it. */
	pid_t rec_sender;
	struct ud_pool *pool; /* its status pool, once needed (pool.c) */
	struct ud_served **socks; /* what this connection may name */
	bool sent_async; /* it was given a grant once: SEND_ASYNC may come */
	bool want_grant; /* the record being handled is SENDMSG|F_GRANT */
	size_t nsocks, socks_cap;
	struct ud_out *out_head, *out_tail;
	size_t nout, out_bytes;
	uint32_t events; /* what epoll watches now */
	struct ud_send *asm_; /* the SENDMSG being reassembled */
	struct ud_xt_in *xt_in; /* an XT_SET's optval being reassembled */
	unsigned char *xt_ans; /* an XT answer longer than a record, for */
	size_t xt_ans_len;     /* XT_MORE (xt_sockopt.c) */
	struct ud_pages status; /* STATUS snapshot being paged */
	struct ud_pages nslist; /* NS_LIST snapshot being paged */
	bool svc;        /* a service connection: writes struct unl_wire_svc */
	bool svc_dirty;  /* has output made outside its own requests: on
			    d->dirty (ud_conn_dirty) */
	struct ud_conn *dirty_next;
	size_t svc_held; /* bytes of its families' requests in flight and
			    their dump answers so far (family.c) */
	struct ud_fam *fams; /* the families it serves */
	unsigned int nfams;
	struct ud_svc_req *svc_reqs; /* its families' requests in flight
					(family.c) */
	struct ud_capture *capture; /* a capture's (capture.c): it asks
				       nothing else */
	/* The call page (call.c), or NULL. */
	struct unl_wire_call *call;
	uint32_t call_done;   /* the last req_seq run (the one being run,
				 while in_call) */
	uint32_t records_read; /* records received, as the page counts */
	bool in_call;
	bool watched;         /* on d->watched */
	int64_t call_used_ns;
	/* An inline answer (wire.h): the datagrams collected for it, then
	 * owed until the client takes them or we pay them. */
	unsigned char *owed_buf; /* UD_INLINE_MAX, allocated on first use */
	size_t owed_len;
	struct ud_served *owed_sock; /* non-NULL while owed */
	uint32_t owed_seq;
	int64_t owed_deadline_ns;
	size_t owing_idx;        /* its place in d->owing while owed */
	bool closed;
	struct ud_conn *prev, *next;
	struct ud_conn *grave;
};

struct ud_replay;

struct ud_daemon {
	const struct unl_daemon_config *cfg;
	/* replay.c: the recording answering, with replay_path */
	struct ud_replay *replay;
	/* The world (netns.c): its nets oldest first, the initial one
	 * (whose struct unl_net is `net`, where served families live),
	 * the names bound in the netns directory, the handles given out
	 * (by SO_COOKIE and by inode). */
	struct unl_world *world;
	struct unl_net *net;
	struct ud_net *init;
	struct ud_net *nets, *nets_tail;
	size_t nnets;
	struct ud_nsname *names, *names_tail;
	struct ud_map names_by_name, names_by_ino;
	char netns_dir[160]; /* "" when the socket has no directory we
				know (socket activation without a path) */
	struct ud_nsh *nshs;
	size_t nnsh;
	uint64_t nsh_serial;
	struct ud_map nsh_by_cookie;
	struct ud_map nsh_by_ino;
	struct ud_nsh *grave_nsh;
	/* open /dev/net/tun files (tun.c) */
	struct ud_tun *tuns;
	uint64_t tun_serial;
	struct ud_map tun_by_cookie;
	struct ud_tun *grave_tun;
	int epfd, listen_fd, sig_fd, lock_fd;
	bool lock_held; /* lock_fd locks PATH.lock: removed at exit */
	struct ud_handle listen_h, sig_h, watch_h;
	struct ud_handle timer_h; /* the net's timerfd (unl_net_timer_fd) */
	/* the kernel's sock_diag destroy groups the models' sockets joined,
	 * one listener per kernel network namespace of the joiners
	 * (sockdiag.c) */
	struct ud_diag_relay *diag_relays;
	char path[108];
	bool activated;      /* fd 3 from systemd: not ours to unlink */
	bool path_bound;     /* we created the socket file */
	dev_t path_dev;
	ino_t path_ino;
	uid_t owner_uid;
	/* Who is admin (peer.c): the policy, whether /proc shows
	 * capabilities, our user namespace. */
	enum unl_daemon_admin admin;
	bool kcaps;
	bool userns_known;
	dev_t userns_dev;
	ino_t userns_ino;
	char uid_map[4096]; /* ours, as /proc/self/uid_map says it */
	size_t uid_map_len;
	bool can_force;      /* SO_SNDBUFFORCE works for us */
	struct ud_served *queued; /* sockets with datagrams charged */
	struct ud_conn *dirty; /* connections with output made outside
				  their own requests (ud_svc_flush) */
	struct ud_map by_id;
	struct ud_map by_cookie;
	struct ud_served *served;
	struct ud_served *granted; /* sockets whose grant is live */
	uint64_t async_dropped;    /* SEND_ASYNC records no grant covered */
	size_t nserved;
	uint32_t next_id;
	struct ud_conn *conns;
	size_t nconns;
	uint32_t *ready; /* ids of sockets the core said are ready */
	size_t nready, ready_cap;
	struct ud_send *parked_head, *parked_tail;
	size_t nparked;
	int64_t next_retry_ns;
	unsigned char *ship_buf;
	size_t ship_cap;
	unsigned char *rx_buf; /* UNL_WIRE_MAX_RECORD */
	unsigned char *rx_batch; /* UD_RX_BATCH records (conn.c) */
	unsigned char *ship_batch; /* UD_SHIP_BATCH slots (served.c) */
	bool rx_reading;         /* ud_conn_read_records() is running */
	bool listen_paused;
	int64_t fd_limit_logged_ns; /* when ud_out_of_descriptors last spoke */
	int64_t listen_resume_ns;
	int64_t idle_since_ns;
	bool stop;
	struct ud_served *grave_served;
	struct ud_conn *grave_conns;
	/* Served families (family.c): requests in flight, oldest first
	 * (one timeout for all, so also in deadline order), and by id. */
	struct ud_svc_req *svc_head, *svc_tail;
	struct ud_map svc_by_id;
	uint32_t svc_next_id;
	size_t svc_fed; /* bytes of served dump answers the core hands out */
	/* The sendmsg being run (send_try), for relayed requests to hold
	 * its reply back until they are answered. */
	struct ud_conn *send_conn;
	struct ud_served *send_sock;
	struct ud_hold *hold;
	/* A request went to a serving process this turn (family.c): what
	 * comes next needs its CPU, so no polling that would hold one. */
	bool svc_handed;
	/* Connections whose call pages the loop looks at (call.c). */
	struct ud_conn **watched;
	size_t nwatched, watched_cap;
	struct unl_spin spin;      /* whether polling pays (wire/spin.h) */
	long nivcsw;               /* involuntary switches, last counted */
	/* The call whose socket's datagrams go into its answer now, and
	 * how many connections owe (call.c, inline answers). */
	struct ud_conn *collect;
	struct ud_served *collect_sock;
	struct ud_conn **owing; /* connections whose pages owe (call.c) */
	size_t nowed, owing_cap;
	/* Captures running (capture.c), newest first. */
	struct ud_capture *captures;
};

/* daemon.c */
/* The daemon ran out of descriptors making what (EMFILE or ENFILE): one
 * line a second at most, naming the limit and what each socket costs. */
void ud_out_of_descriptors(struct ud_daemon *d, const char *what);
void ud_log(const struct ud_daemon *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int64_t ud_now_ns(void);
int ud_epoll_set(struct ud_daemon *d, int fd, struct ud_handle *h,
		 uint32_t events, bool add);

/* peer.c */
struct ucred;
void ud_peer_setup(struct ud_daemon *d);
int ud_peer_init(struct ud_daemon *d, int fd, struct ud_peer *p,
		 struct unl_cred *cred);
void ud_peer_fini(struct ud_peer *p);
void ud_peer_update(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, const struct ucred *uc);
void ud_peer_report(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, const struct unl_wire_cred *wc);
/* UNL_OP_ACT_FOR: act for process pid (thread tid) of the connecting
 * process's tree, asked in a record that process sender wrote (its
 * SCM_CREDENTIALS pid; 0 when not told).  0 or -errno, p and cred
 * unchanged on an error. */
int ud_peer_act_for(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, pid_t pid, pid_t tid,
		    pid_t sender);
/* What c acts with in net n (NULL: none in particular): its
 * credentials, with the capabilities its process holds in its own user
 * namespace when that namespace owns n, as Linux's ns_capable() over
 * net->user_ns counts them. */
void ud_cred_in_net(const struct ud_conn *c, const struct ud_net *n,
		    struct unl_cred *out);
/* May c use cap over net n (NULL: in its own user namespace, as for
 * making a net: CAP_SYS_ADMIN there)? */
bool ud_capable(const struct ud_conn *c, const struct ud_net *n, int cap);
/* n is made by c's process from its own user namespace: that namespace
 * owns it, and its ancestors are recorded. */
void ud_net_owner_set(struct ud_conn *c, struct ud_net *n);

/* map.c */
int ud_map_put(struct ud_map *m, uint64_t key, void *val);
void *ud_map_get(const struct ud_map *m, uint64_t key);
void ud_map_del(struct ud_map *m, uint64_t key);
void ud_map_free(struct ud_map *m);

/* conn.c */
void ud_conn_accept(struct ud_daemon *d);
void ud_conn_event(struct ud_conn *c, uint32_t events);
void ud_conn_close(struct ud_conn *c, const char *why);
void ud_conn_kick(struct ud_conn *c);
/* c has output made outside its own requests: written after this turn
 * of the loop (ud_svc_flush). */
void ud_conn_dirty(struct ud_conn *c);
int ud_conn_link(struct ud_conn *c, struct ud_served *s);
void ud_conn_unlink(struct ud_conn *c, struct ud_served *s);
void ud_conn_free(struct ud_conn *c);

/* conn.c, for call.c: run one request as if it came in a record, and
 * read what records are there. */
void ud_conn_handle_record(struct ud_conn *c, const unsigned char *rec,
			   size_t n);
void ud_conn_read_records(struct ud_conn *c);

/* call.c */
int ud_call_setup(struct ud_conn *c, int *memfd_out);
void ud_call_release(struct ud_conn *c);
void ud_call_watch(struct ud_conn *c);
/* Does c's page hold a request not run yet? */
bool ud_call_pending(const struct ud_conn *c);
bool ud_call_run(struct ud_conn *c);
/* Write the reply o to c's page; false when the connection failed. */
bool ud_call_answer(struct ud_conn *c, const struct ud_out *o);
/*
 * Inline answers (wire.h).  ud_call_collect() takes a datagram for the
 * socket being collected into the answer (false: ship it yourself;
 * whatever was collected before has been shipped then); ud_call_spill()
 * ships what was collected and stops collecting; ud_call_pay() ships an
 * owed answer unless the client took it; ud_calls_owed_due() pays those
 * past their deadline and returns the next deadline (or INT64_MAX).
 */
#define UD_INLINE_MAX UNL_WIRE_INLINE_MAX
bool ud_call_collect(struct ud_served *s, const unsigned char *buf,
		     size_t len, uint32_t flags);
void ud_call_spill(struct ud_daemon *d);
void ud_call_pay(struct ud_conn *c);
/* Drop what c owes without writing it (its socket closed). */
void ud_call_forget(struct ud_conn *c);
int64_t ud_calls_owed_due(struct ud_daemon *d, int64_t now);
/* Run what the watched pages hold: true if anything ran. */
bool ud_calls_poll(struct ud_daemon *d);
/* Before sleeping: stop watching every page; true if one has a request
 * (then it stays watched, and the loop must not sleep). */
bool ud_calls_unwatch_all(struct ud_daemon *d);

/* served.c */
int ud_served_create(struct ud_daemon *d, struct ud_conn *c,
		     struct ud_net *net, int type, int protocol,
		     struct ud_served **sp, int *client_fd, uint32_t *slot);
struct ud_served *ud_served_get(struct ud_conn *c, uint32_t id);
void ud_served_use_cred(struct ud_served *s, const struct unl_cred *cred);
/* pool.c */
int ud_pool_slot(struct ud_conn *c, struct ud_served *s, uint32_t *idx);
int ud_pool_fd(struct ud_conn *c);
void ud_pool_show(struct ud_served *s);
void ud_pool_forget(struct ud_conn *c, struct ud_served *s);
void ud_pool_release(struct ud_served *s);
void ud_pool_free(struct ud_conn *c);
/* The same with what connection c acts with in s's net
 * (ud_cred_in_net()). */
void ud_served_use_cred_of(struct ud_served *s, const struct ud_conn *c);
void ud_served_mark(struct ud_served *s);
void ud_served_flush(struct ud_daemon *d);
void ud_served_event(struct ud_served *s, uint32_t events);
int ud_served_data_sends(struct ud_served *s, struct ud_conn *c, bool on);
void ud_served_close(struct ud_served *s);
/* Show s's flags in its status slots again (after its grant changed). */
void ud_served_show(struct ud_served *s);

/* grant.c: send grants (wire.h "Send grants"). */
/* After snd's successful sendmsg(): a grant for s when it may have one;
 * its count (0: none), *g filled. */
uint32_t ud_grant_give(struct ud_served *s, const struct ud_send *snd,
		       struct unl_wire_grant *g);
/* snd, a SENDMSG of s, is about to run: grants of other senders to its
 * destination give back the room they hold (Linux's senders race for
 * it; none holds any). */
void ud_grant_contend(struct ud_served *s, const struct ud_send *snd);
/* s's own grant ends (it sends otherwise, or changes). */
void ud_grant_end(struct ud_served *s);
/* r, a receiver, changed or goes: the grants to it stop showing. */
void ud_grant_revoke_to(struct ud_served *r);
/* A SEND_ASYNC record. */
void ud_grant_send_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen);
/* Connection c names s now / no more (or changes it: its grant, if
 * it holds s's, ends). */
void ud_grant_linked(struct ud_served *s, struct ud_conn *c);
void ud_grant_unlinked(struct ud_served *s, struct ud_conn *c);
/* s's client end hung up: read what its connections still hold. */
void ud_grant_drain(struct ud_served *s);
void ud_served_free(struct ud_served *s);
void ud_served_after_setsockopt(struct ud_served *s, int level, int optname,
				const void *val, size_t len);
void ud_served_refresh_all(struct ud_daemon *d);
/* Write one record to s's data socket, as service() does: 0, -EAGAIN
 * (held), -EPIPE (closed). */
int ud_served_send(struct ud_served *s, const unsigned char *buf, size_t len);
int ud_status_snapshot(struct ud_daemon *d, struct ud_pages *pg);

/* ring.c: receive rings (wire.h, "Receive rings"). */
struct ud_ring_ent {
	uint64_t end;  /* prod after the entry */
	uint32_t len;  /* its bytes after the unl_wire_ring_rec */
	uint32_t pad;  /* a PAD entry: no datagram */
};
/* UNL_OP_RING: make s's ring; 0 and *memfd (the caller's) or -errno. */
int ud_ring_start(struct ud_served *s, int *memfd);
/* Stop s's ring: the unread entries, then those waiting, go to the data
 * socket in order. */
void ud_ring_stop(struct ud_served *s);
/* Count what the client took off the ring as read (the core's
 * unl_sock_consume()), and give back the memory of an empty ring beyond
 * its first pages; false when its cons makes no sense (the caller
 * stops the ring, which may close the socket: service() does). */
bool ud_ring_sync(struct ud_served *s);
/* Put one datagram record in the ring: true, or false when it has no
 * room (s->rheld keeps it then, in order). */
bool ud_ring_put(struct ud_served *s, const unsigned char *buf, size_t len);
/* Keep one until the ring has room (after every entry kept before). */
bool ud_ring_hold(struct ud_served *s, const unsigned char *buf, size_t len);
/* Move what waits for room into the ring, as far as it goes: true when
 * nothing waits any more. */
bool ud_ring_flush_held(struct ud_served *s);
/* After writing: wake a client sleeping on the data socket. */
void ud_ring_wake(struct ud_served *s);
/* The socket closes: unmap and forget. */
void ud_ring_free(struct ud_served *s);

/* Sending (served.c): run a reassembled SENDMSG; parks it when the client
 * wants to block and the core says EAGAIN.  Takes ownership of snd. */
void ud_send_run(struct ud_daemon *d, struct ud_send *snd);
void ud_send_free(struct ud_send *snd);
void ud_parked_retry(struct ud_daemon *d);
void ud_parked_drop_conn(struct ud_daemon *d, struct ud_conn *c);

/* netns.c */
int ud_nets_setup(struct ud_daemon *d);
/* Once the socket listens (its path known, the lock ours): the netns
 * directory beside it. */
int ud_nets_listening(struct ud_daemon *d);
void ud_nets_teardown(struct ud_daemon *d);
void ud_net_hold(struct ud_net *n);
void ud_net_put(struct ud_daemon *d, struct ud_net *n);
/* The net a descriptor the client passed names: a handle of ours
 * (verified by its cookie), which it closes.  NULL with *err. */
struct ud_net *ud_net_of_passed(struct ud_daemon *d, int fd, int *err);
void ud_nsh_event(struct ud_nsh *h, uint32_t events);
void ud_nsh_free(struct ud_nsh *h);
/* The NS ops (wire.h).  Takes ownership of fds. */
/* files.c: FILE_OPEN and FILE_WRITE.  Takes ownership of fds. */
void ud_file_op(struct ud_conn *c, const struct unl_wire_req *req,
		const unsigned char *payload, size_t plen, int *fds, int nfds);
/* mib.c: the sections of /proc/net's snmp, netstat and snmp6 that count
 * kernel sockets, from pid's network namespace, in place of the
 * model's (f's data replaced; left as it is when they cannot be read) */
struct unl_file;
void ud_mib_kernel_sections(const char *path, pid_t pid, struct unl_file *f);
/* sysctl-dir.c: the listing of the directory path of /proc/sys/net the
 * model leaves to the kernel, the kernel's entries in pid's namespace
 * merged with the model's, in *f: 0, -ENOMEM, or -EXDEV when path is
 * no such directory (the kernel's file stands). */
int ud_sysctl_kernel_listing(struct unl_net *net, const char *path,
			     pid_t pid, struct unl_file *f);
/* Appends an entry (d_type, name, NUL) to the directory listing f, as
 * the files of a net are listed: 0 or -ENOMEM (mib.c). */
int ud_listing_add(struct unl_file *f, unsigned char type, const char *name);
/* /proc/net's listing f gains the kernel's own files (unl_net_file_is_kernel())
 * that pid's network namespace has. */
void ud_procnet_kernel_entries(const char *path, pid_t pid,
			       struct unl_file *f);
/* sockdiag.c: the host's sockets for NETLINK_SOCK_DIAG, from the kernel */
void ud_sockdiag_init(struct ud_daemon *d);
/* ... its destroy events, when the kernel sends some to one of the
 * listeners; and the listeners closed at teardown */
void ud_sockdiag_event(struct ud_diag_relay *r);
void ud_sockdiag_teardown(struct ud_daemon *d);
/* clock.c: CLOCK_ADVANCE. */
void ud_clock_advance_op(struct ud_conn *c, const struct unl_wire_req *req);
/* uevent.c: UEVENT_INJECT.  Takes ownership of fds. */
void ud_uevent_op(struct ud_conn *c, const struct unl_wire_req *req,
		  const unsigned char *payload, size_t plen, int *fds,
		  int nfds);
void ud_ns_op(struct ud_conn *c, const struct unl_wire_req *req,
	      const unsigned char *payload, size_t plen, int *fds, int nfds);
int ud_ns_snapshot(struct ud_daemon *d, struct ud_pages *pg);
/* conn.c: one page of a listing: a0 = the first entry wanted (0 takes a
 * fresh snapshot), ret = the count of all, payload = whole entries. */
void ud_reply_pages(struct ud_conn *c, const struct unl_wire_req *req,
		    struct ud_pages *pg, size_t item_size,
		    ud_snapshot_fn snapshot);
void ud_pages_free(struct ud_pages *pg);

/* capture.c: UNL_OP_CAPTURE; a net made (its tap, while captures run);
 * a connection closed (its capture ends). */
void ud_capture_op(struct ud_conn *c, const struct unl_wire_req *req);
void ud_capture_net_made(struct ud_daemon *d, struct ud_net *n);
void ud_capture_conn_closed(struct ud_conn *c);
/* A fault fired in net net_id: a record of it (UNL_CAPTURE_F_FAULT,
 * the rule's text) to each capture of that net and protocol. */
void ud_capture_fault(struct ud_daemon *d, uint64_t net_id, int protocol,
		      const char *text);

/* replay.c: a recording that answers instead of the model (read
 * before the first net is made); each net made gets its loader. */
int ud_replay_load(struct ud_daemon *d, const char *path);
void ud_replay_net_made(struct ud_daemon *d, struct ud_net *n);
void ud_replay_free(struct ud_replay *r);

/* fault.c: UNL_OP_FAULT; the log of faults that fire. */
void ud_fault_op(struct ud_conn *c, const struct unl_wire_req *req,
		 const unsigned char *payload, size_t plen);
void ud_fault_setup(struct ud_daemon *d);

/* ioctl.c: UNL_OP_IOCTL.  Takes ownership of fds. */
void ud_ioctl_op(struct ud_conn *c, const struct unl_wire_req *req,
		 const unsigned char *payload, size_t plen, int *fds,
		 int nfds);

/* xt_sockopt.c: UNL_OP_XT_GET, UNL_OP_XT_SET.  Takes ownership of
 * fds. */
void ud_xt_sockopt_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen, int *fds,
		      int nfds);
/* ... UNL_OP_XT_MORE; a CONT of the XT_SET being reassembled (false:
 * none is); what the connection holds of them, let go. */
void ud_xt_more_op(struct ud_conn *c, const struct unl_wire_req *req);
bool ud_xt_cont(struct ud_conn *c, const unsigned char *payload,
		size_t plen);
void ud_xt_forget(struct ud_conn *c);
/* nf_sockopt.c: UNL_OP_NF_SOCKOPT.  Takes ownership of fds. */
void ud_nf_sockopt_op(struct ud_conn *c, const struct unl_wire_req *req,
		      const unsigned char *payload, size_t plen, int *fds,
		      int nfds);

/* tun.c: /dev/net/tun (wire.h, "Tun files").  A program's tun file is
 * one end of a SOCK_SEQPACKET pair whose other end is fd: its writes
 * arrive there (counted as packets the device receives), nothing is
 * ever read from it, and its last close is the hang-up. */
struct ud_tun {
	struct ud_handle h; /* UD_TUN */
	struct ud_daemon *d;
	int fd;
	uint64_t cookie;  /* SO_COOKIE of the client end */
	struct ud_net *net; /* held */
	struct unl_file *file;
	bool closed;
	struct ud_tun *prev, *next; /* d->tuns */
	struct ud_tun *grave;
};
/* A handle of net n for the client (netns.c), as NS_OPEN gives one. */
int ud_nsh_give(struct ud_daemon *d, struct ud_net *n, int *client_fd);
void ud_tun_op(struct ud_conn *c, const struct unl_wire_req *req,
	       const unsigned char *payload, size_t plen, int *fds, int nfds);
void ud_tun_event(struct ud_tun *t, uint32_t events);
void ud_tun_free(struct ud_tun *t);
void ud_tuns_teardown(struct ud_daemon *d);

/* family.c */
void ud_svc_op(struct ud_conn *c, const struct unl_wire_req *req,
	       const unsigned char *payload, size_t plen);
void ud_svc_conn_closed(struct ud_conn *c);
void ud_svc_served_closed(struct ud_served *s);
/* After a sendmsg ran: the hold its relayed requests took (NULL when
 * none).  Arm it with the reply entry o (made waiting) and its value:
 * the reply is written when the last of them is answered.  o may be
 * NULL (the connection is gone). */
struct ud_hold *ud_svc_hold_take(struct ud_daemon *d);
void ud_svc_hold_arm(struct ud_hold *h, struct ud_conn *c, struct ud_out *o,
		     int32_t ret);
int64_t ud_svc_next_deadline(const struct ud_daemon *d); /* -1: none */
void ud_svc_timers(struct ud_daemon *d);
void ud_svc_flush(struct ud_daemon *d);
void ud_svc_teardown(struct ud_daemon *d);

/* conn.c: queue a raw record (hdr then payload, copied) without closing
 * the connection on failure: 0 or -ENOMEM.  For records the connection
 * did not ask for (service requests), made with the net locked. */
int ud_push(struct ud_conn *c, const void *hdr, size_t hlen,
	    const void *payload, size_t len);

/* conn.c: queue a reply (copies payload); NULL on ENOMEM, in which case
 * the connection is closed and the fds closed. */
struct ud_out *ud_reply(struct ud_conn *c, int32_t ret, const void *payload,
			size_t len, const int *fds, int nfds);
void ud_reply_fill(struct ud_conn *c, struct ud_out *o, int32_t ret);

#endif
