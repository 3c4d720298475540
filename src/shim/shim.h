// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The preload shim's insides, shared by its files:
 *
 *   real.c     the libc functions underneath (dlsym(RTLD_NEXT), once)
 *   table.c    the fd -> socket table, socket objects, fork and exec
 *   conn.c     the control connection to the daemon (src/wire/wire.h)
 *   sock.c     the netlink socket calls, each returning 0/count/-errno
 *   entry.c    the interposed libc symbols: the only place errno is set
 *   ifaddrs.c  getifaddrs and the if_* functions, from the userspace stack
 *   splice.c   splice() and sendfile() with one of our sockets
 *   exec.c     exec() of a thread with a net of its own: that net goes
 *              across
 *
 * Everything below entry.c follows the core's convention: 0, a
 * non-negative count, or -errno, and errno is never touched on purpose.
 */
#ifndef UNETLINK_SHIM_H
#define UNETLINK_SHIM_H

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <linux/capability.h>
#include <linux/netlink.h>

#include "wire/wire.h"

#define SHIM_EXPORT __attribute__((visibility("default")))

/* A system call of the kernel's, for the shim's own use: syscall() is
 * one of the calls the shim serves (netns.c: namespaces, the files of a
 * net), and the shim's own calls must never come back to it. */
long shim_sys(long nr, ...);

/* ---- real.c ------------------------------------------------------ */

/* The next definition of each symbol we interpose (libc's, normally). */
struct shim_real {
	int (*socket)(int, int, int);
	int (*socketpair)(int, int, int, int *);
	int (*bind)(int, const struct sockaddr *, socklen_t);
	int (*connect)(int, const struct sockaddr *, socklen_t);
	int (*listen)(int, int);
	int (*accept)(int, struct sockaddr *, socklen_t *);
	int (*accept4)(int, struct sockaddr *, socklen_t *, int);
	int (*shutdown)(int, int);
	int (*getsockname)(int, struct sockaddr *, socklen_t *);
	int (*getpeername)(int, struct sockaddr *, socklen_t *);
	ssize_t (*send)(int, const void *, size_t, int);
	ssize_t (*sendto)(int, const void *, size_t, int,
			  const struct sockaddr *, socklen_t);
	ssize_t (*sendmsg)(int, const struct msghdr *, int);
	int (*sendmmsg)(int, struct mmsghdr *, unsigned int, int);
	ssize_t (*recv)(int, void *, size_t, int);
	ssize_t (*recvfrom)(int, void *, size_t, int, struct sockaddr *,
			    socklen_t *);
	ssize_t (*recvmsg)(int, struct msghdr *, int);
	int (*recvmmsg)(int, struct mmsghdr *, unsigned int, int,
			struct timespec *);
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*readv)(int, const struct iovec *, int);
	ssize_t (*writev)(int, const struct iovec *, int);
	int (*setsockopt)(int, int, int, const void *, socklen_t);
	int (*getsockopt)(int, int, int, void *, socklen_t *);
	int (*close)(int);
	int (*close_range)(unsigned int, unsigned int, int);
	void (*closefrom)(int);
	int (*dup)(int);
	int (*dup2)(int, int);
	int (*dup3)(int, int, int);
	int (*fcntl)(int, int, ...);
	int (*fcntl64)(int, int, ...);
	int (*ioctl)(int, unsigned long, ...);
	ssize_t (*recv_chk)(int, void *, size_t, size_t, int);
	ssize_t (*recvfrom_chk)(int, void *, size_t, size_t, int,
				struct sockaddr *, socklen_t *);
	ssize_t (*read_chk)(int, void *, size_t, size_t);
	int (*setuid)(uid_t);
	int (*seteuid)(uid_t);
	int (*setreuid)(uid_t, uid_t);
	int (*setresuid)(uid_t, uid_t, uid_t);
	int (*setgid)(gid_t);
	int (*setegid)(gid_t);
	int (*setregid)(gid_t, gid_t);
	int (*setresgid)(gid_t, gid_t, gid_t);
	int (*setgroups)(size_t, const gid_t *);
	int (*capset)(cap_user_header_t, const cap_user_data_t);
	ssize_t (*splice)(int, loff_t *, int, loff_t *, size_t, unsigned int);
	ssize_t (*sendfile)(int, int, off_t *, size_t);
	ssize_t (*sendfile64)(int, int, off64_t *, size_t);
	int (*poll)(struct pollfd *, nfds_t, int);
	int (*ppoll)(struct pollfd *, nfds_t, const struct timespec *,
		     const sigset_t *);
	int (*select)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
	int (*pselect)(int, fd_set *, fd_set *, fd_set *,
		       const struct timespec *, const sigset_t *);
	int (*epoll_ctl)(int, int, int, struct epoll_event *);
	int (*epoll_wait)(int, struct epoll_event *, int, int);
	int (*epoll_pwait)(int, struct epoll_event *, int, int,
			   const sigset_t *);
	int (*epoll_pwait2)(int, struct epoll_event *, int,
			    const struct timespec *, const sigset_t *);
	/* netns.c: namespaces, and the paths that name them */
	int (*unshare)(int);
	int (*setns)(int, int);
	int (*clone)(int (*)(void *), void *, int, void *, ...);
	long (*syscall)(long, ...);
	int (*pthread_create)(pthread_t *, const pthread_attr_t *,
			      void *(*)(void *), void *);
	int (*posix_spawn)(pid_t *, const char *,
			   const posix_spawn_file_actions_t *,
			   const posix_spawnattr_t *, char *const[],
			   char *const[]);
	int (*posix_spawnp)(pid_t *, const char *,
			    const posix_spawn_file_actions_t *,
			    const posix_spawnattr_t *, char *const[],
			    char *const[]);
	int (*mount)(const char *, const char *, const char *, unsigned long,
		     const void *);
	int (*umount)(const char *);
	int (*umount2)(const char *, int);
	int (*open)(const char *, int, ...);
	int (*open64)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*openat64)(int, const char *, int, ...);
	void *(*fopen)(const char *, const char *);
	void *(*fopen64)(const char *, const char *);
	int (*mkdir)(const char *, mode_t);
	int (*mkdirat)(int, const char *, mode_t);
	int (*unlink)(const char *);
	int (*unlinkat)(int, const char *, int);
	int (*rmdir)(const char *);
	void *(*opendir)(const char *);
	int (*access)(const char *, int);
	int (*faccessat)(int, const char *, int, int);
	ssize_t (*readlink)(const char *, char *, size_t);
	ssize_t (*readlinkat)(int, const char *, char *, size_t);
	int (*inotify_add_watch)(int, const char *, uint32_t);
	ssize_t (*getxattr)(const char *, const char *, void *, size_t);
	ssize_t (*lgetxattr)(const char *, const char *, void *, size_t);
	ssize_t (*listxattr)(const char *, char *, size_t);
	ssize_t (*llistxattr)(const char *, char *, size_t);
	int (*fstat)(int, void *);
	int (*fstatat)(int, const char *, void *, int);
	int (*statx)(int, const char *, int, unsigned int, void *);
	/* exec.c */
	int (*execve)(const char *, char *const[], char *const[]);
	int (*execv)(const char *, char *const[]);
	int (*execvp)(const char *, char *const[]);
	int (*execvpe)(const char *, char *const[], char *const[]);
	int (*fexecve)(int, char *const[], char *const[]);
};

extern struct shim_real shim_real;
extern atomic_bool shim_real_ready;

void shim_real_init(void);

/* A byte of a page the kernel empties in a child with memory of its own
 * (MADV_WIPEONFORK): 0 there until our fork handler ran, which a bare
 * clone() or syscall(SYS_clone) never runs (table.c); NULL when the
 * kernel cannot. */
extern volatile unsigned char *shim_fork_seen;
/* In such a child, at its first entry: what the fork handlers do. */
void shim_fork_unseen(void);

/* Every entry point calls this first: a constructor of another library
 * may reach us before our own constructor has run; a child forked
 * without our handlers must not use its parent's connection. */
static inline void shim_real_ensure(void)
{
	if (!atomic_load_explicit(&shim_real_ready, memory_order_acquire))
		shim_real_init();
	if (shim_fork_seen && !*shim_fork_seen)
		shim_fork_unseen();
}

/* ---- table.c ----------------------------------------------------- */

/*
 * One netlink socket as this process sees it.  Every descriptor that is
 * a copy of its data socket (dup, inherited) points at the same object;
 * each table slot and each call in progress holds a reference.
 */
struct shim_sock {
	atomic_int refs;
	/* Written with both connection locks held (conn.c), so that either
	 * lock suffices to read them. */
	uint64_t gen;    /* the connection generation `id` belongs to; 0:
			    not known on any connection yet */
	uint32_t id;
	atomic_bool candidate; /* inherited across exec, not yet confirmed */
	_Atomic(struct unl_wire_shm *) page; /* its status slot, or NULL */
	atomic_uint pending;  /* datagrams taken, not yet reported */
	atomic_uint maxlen;   /* largest buffer offered since last report */
	atomic_uint reported_max; /* the largest maxlen the daemon knows */
	atomic_llong sndtimeo_ms; /* SO_SNDTIMEO, -1 for none */
	struct shim_sock *prev, *next; /* every object (table lock) */
	/* An inline answer's datagrams (wire.h, "Inline answers"), read
	 * before the data socket's.  Record local_idx (at local_pos) is
	 * handed out only after the page's owed word was swapped for it;
	 * when that fails the daemon has written the rest to the data
	 * socket.  lk guards these. */
	pthread_mutex_t lk;
	atomic_bool has_local;
	unsigned char *local; /* records as in the page; kept, local_cap */
	size_t local_len, local_pos, local_cap;
	atomic_bool local_made; /* local holds UNL_WIRE_INLINE_MAX bytes */
	unsigned int local_idx;
	uint32_t local_key;   /* UNL_OWED_KEY of the call */
	struct shim_page *local_page; /* a reference on its page */
	/* Handed to poll, select or epoll_ctl once: its answers always go
	 * through the data socket, where readiness is the kernel's. */
	atomic_bool polled;
	atomic_int waiters; /* threads in a blocking recvmsg() of the data
			       socket: an inline answer is paid at once */
	/* Its receive ring (ring.c, wire.h "Receive rings"), once the
	 * daemon gave one; unmapped with the object.  ring_asks counts the
	 * recvmsg() calls until the next request for one (it doubles after
	 * each -EBUSY); ring_never: the daemon said no for good. */
	_Atomic(struct unl_wire_ring *) ring;
	atomic_uint ring_asks, ring_wait;
	atomic_bool ring_never;
	/* Its send grant (wire.h "Send grants"): to portid grant_dst,
	 * datagrams of at most grant_max bytes, grant_sent of them sent
	 * so far; the slot says how many it covers.  Read and written with
	 * conn.c's record lock held (a datagram is taken and its record
	 * written under one hold). */
	bool grant_live;
	uint32_t grant_dst, grant_max, grant_gen, grant_sent;
	uint64_t grant_epoch; /* conn.c's grant_epoch when it came */
};

/*
 * The object behind fd with a reference for the caller, or NULL when fd
 * is not a netlink socket of ours.  Costs two loads for other fds.  An
 * inherited candidate is resolved here (one ATTACH); one the daemon does
 * not know is dropped from the table, and NULL returned.
 */
struct shim_sock *shim_sock_get(int fd);

/* ring.c: receive rings. */
/* Ask for a ring for sk if it is time to (recvmsg() calls this). */
void shim_ring_maybe_start(struct shim_sock *sk, int fd);
/* The ring, while its state is ON or MOVING; NULL otherwise. */
struct unl_wire_ring *shim_ring_live(struct shim_sock *sk);
/* The next datagram, as local_take() gives one (sock.c): its length with
 * the header (the message went to msg's buffers, cut to ulen); 0 when
 * the ring has none (or is OFF); -EPROTO for nonsense. */
ssize_t shim_ring_take(struct shim_sock *sk, const struct msghdr *msg,
		       size_t ulen, int flags, struct unl_wire_dgram *hdr);
/* After a take: does the daemon wait for a CONSUME (room it wanted, or
 * a sleeper to wake)? */
bool shim_ring_wants_nudge(struct shim_sock *sk);
/* About to sleep on the data socket: 1 counted as a sleeper (call
 * shim_ring_woke() after), 0 no ring, -1 the ring has something after
 * all (do not sleep).  shim_ring_wake_read(): a WAKE record was read. */
int shim_ring_sleep(struct shim_sock *sk);
void shim_ring_woke(struct shim_sock *sk);
void shim_ring_wake_read(struct shim_sock *sk);
/* The object goes: unmap. */
void shim_ring_free(struct shim_sock *sk);
/* The socket is about to be watched for readiness: stop its ring. */
void shim_ring_stop(struct shim_sock *sk, int fd);
/* sock.c: UNL_OP_RING or UNL_OP_RING_OFF for sk as a record; *memfd gets
 * the descriptor a RING answer carries (-1 when none). */
int sock_ring_call(struct shim_sock *sk, int fd, uint32_t op, int *memfd);

void shim_sock_put(struct shim_sock *sk);

/* A new object with one reference (the caller's). */
struct shim_sock *shim_sock_new(void);

/* Make fd point at sk (the slot takes its own reference); whatever the
 * slot held before is dropped. */
void shim_table_set(int fd, struct shim_sock *sk);
/* Forget fd (the descriptor was closed or replaced). */
void shim_table_clear(int fd);
/* fd may be a netlink socket of ours that came from elsewhere (across
 * exec, or in SCM_RIGHTS): noted, the daemon asked on first use. */
void shim_table_note_candidate(int fd);
/* The descriptors msg brought (SCM_RIGHTS), each a candidate. */
void shim_table_note_received(const struct msghdr *msg);
/*
 * Take fd out of the table; the slot's reference goes to the caller, who
 * drops it after closing the descriptor: the last reference sends CLOSE,
 * and the daemon should find the data socket hung up by then.
 */
struct shim_sock *shim_table_take(int fd);
/* The same for every fd in [first, last], into t (shim_taken_put()). */
struct shim_taken {
	struct shim_sock **v;
	size_t n, cap;
};
void shim_table_take_range(unsigned int first, unsigned int last,
			   struct shim_taken *t);
void shim_taken_put(struct shim_taken *t);
bool shim_table_has(int fd);
/* newfd became a copy of oldfd (dup2 and friends): the table follows. */
void shim_table_dup(int oldfd, int newfd);

/* Is this a child that shares the parent's memory (vfork, posix_spawn)?
 * Then descriptor calls must leave the table alone.  One getpid(). */
bool shim_in_shared_child(void);

/* Visit every object (fork child: no other thread exists). */
void shim_table_foreach(void (*fn)(struct shim_sock *sk));

/* Bumped after every set*id() call of the program (entry.c), so that
 * the connection re-reads its identity only when it may have changed. */
extern atomic_uint shim_id_gen;

/* ---- conn.c ------------------------------------------------------ */

/* A request and where its answer goes. */
struct shim_call {
	struct unl_wire_req req;   /* op, sock, a0..a3; len is computed */
	struct iovec head[2];      /* payload that must lead the first
				      record (name, control), then data */
	const struct iovec *iov;   /* the data, may continue in CONT */
	size_t iovcnt;
	size_t datalen;
	int fd_in;                 /* passed with SCM_RIGHTS, or -1 */
	bool no_reply;
	bool long_spin;            /* the answer waits for work (a dump's
				      next part): spin up to SHIM_LONG_SPIN_NS
				      before sleeping */
	int timeout_ms;            /* -1: wait as long as the daemon lives */
	/* The answer. */
	void *rbuf;                /* reply payload goes here */
	size_t rcap;
	size_t rgot;               /* bytes stored in rbuf */
	uint32_t rlen;             /* what the reply header says */
	int fds_out[2];            /* received descriptors, -1 when none */
	struct shim_sock *inline_sk; /* SENDMSG: may take an inline answer
				      for this socket (conn.c stores it) */
	bool inline_got;           /* ... and did */
	int nfds_want;
	bool fds_optional;         /* fewer than nfds_want is no error */
	bool record;               /* never through the call page (the ops
				      a page may not carry, wire.h) */
	struct shim_sock *grant_sk; /* SENDMSG|F_GRANT: a grant in the
				      answer is this socket's */
};

#define SHIM_CALL_TIMEOUT_MS 5000
#define SHIM_LONG_SPIN_NS 1000000

void shim_call_init(struct shim_call *c, uint32_t op, const struct shim_sock *sk);

/* Send grants (wire.h).  A SEND_ASYNC of the datagram on sk's grant, if
 * the grant covers it (to a->nl_pid, at most its length, the status
 * slot still showing it, with room): 1 when written (the sendmsg()
 * succeeded), 0 when not (send it as a SENDMSG). */
int shim_conn_send_async(struct shim_sock *sk, int flags,
			 const struct sockaddr_nl *a, const struct iovec *iov,
			 size_t iovcnt, size_t total);
/* sk's grant is forgotten before anything else is asked of its socket:
 * every SEND_ASYNC taken from it is written first. */
void shim_conn_grant_forget(struct shim_sock *sk);
/* This process's SEND_ASYNC records are all run and their datagrams on
 * the data sockets: a non-blocking look at a socket (a recvmsg() that
 * would say EAGAIN, poll, select, an epoll wait) must find what this
 * process sent before, as in Linux.  A round trip only when some are
 * not known to be run. */
void shim_async_settle(void);
bool shim_async_unsettled(void);
/* The grant a SENDMSG's answer gave (request lock held). */
void shim_conn_grant_take(struct shim_sock *sk, const struct unl_wire_grant *g);

/* One request/reply at a time per process; the lock also turns off
 * thread cancellation, so no cancelled thread leaves it held. */
void shim_conn_lock(int *cancel_state);
void shim_conn_unlock(int cancel_state);

/* Connect and say HELLO if not done yet (connection lock held). */
int shim_conn_ensure(void);
/* Send c and wait for its answer (connection lock held).  Returns the
 * reply's ret: >= 0 or the daemon's -errno; a transport failure drops
 * the connection and returns -ECONNRESET (or -ETIMEDOUT, -EPROTO). */
int shim_conn_call(struct shim_call *c);
/* Make sk known on the current connection under id (ATTACH via fd when it
 * is not; connection lock held). */
int shim_conn_attach(struct shim_sock *sk, int fd);
/* Record sk's id on the current connection. */
void shim_conn_adopt(struct shim_sock *sk, uint32_t id);
/* A record without reply (CONSUME, CLOSE) for sk; dropped silently when
 * sk is not known on the live connection.  Needs no connection lock. */
int shim_conn_post(struct shim_sock *sk, uint32_t op, int a0, int a1);
/* Send CLOSE for an id of generation gen, if that connection lives. */
void shim_conn_forget(uint64_t gen, uint32_t id);
/* Does a live object (in the table's list) hold id on connection gen? */
bool shim_table_id_live(uint64_t gen, uint32_t id);
/* Report sk's pending consumption (connection lock held). */
int shim_conn_flush(struct shim_sock *sk, bool sync);

/* Point sk at its status slot, as a CREATE or ATTACH answer gives it:
 * rbuf, rgot its payload (struct unl_wire_slot), memfd the status pool
 * that came with it (not owned), -1 when none did. */
int shim_page_map(struct shim_sock *sk, int memfd, const void *rbuf,
		  size_t rgot);
/* sk's status slot; NULL until this process's connection named sk (a
 * fork child's inherited socket), then it ATTACHes it first (takes the
 * connection lock).  NULL when that fails too. */
struct unl_wire_shm *shim_sock_page(struct shim_sock *sk, int fd);

/*
 * Inline answers (wire.h).  A call page mapping is counted: the
 * connection and each socket's kept answer hold it.
 * shim_inline_claim(): take record i of the answer keyed key (swap owed
 * for it; a peek only checks that it is still the client's); false when
 * the daemon pays them: forget the copy, shim_wait_settled() until owed
 * no longer says PAYING (nor, with owed_too, key), and read the data
 * socket.  shim_inline_forget(): a kept answer was dropped unread.
 * shim_pay(): if an inline answer may be owed, have the daemon write it
 * to its data socket and wait for that; for anything about to wait for
 * readiness.  shim_local_sk is the socket whose lk this thread holds (a
 * signal handler then leaves that socket's kept answer alone).
 */
struct shim_page;
void shim_page_put(struct shim_page *pg);
bool shim_inline_claim(struct shim_page *pg, uint32_t key, unsigned int i,
		       bool last, bool peek);
void shim_wait_settled(struct shim_page *pg, uint32_t key, bool owed_too);
void shim_inline_forget(uint32_t key);
extern atomic_uint shim_owed;
extern _Thread_local struct shim_sock *shim_local_sk;
void shim_pay_slow(void);
static inline void shim_pay(void)
{
	if (atomic_load(&shim_owed))
		shim_pay_slow();
}

/*
 * The process's capabilities or ids changed (entry.c, after a capset()
 * or set*id() that succeeded): the daemon hears of it (UNL_OP_CRED)
 * before any later request.  capset: the calling thread changed its own
 * capabilities (set*id() changes every thread's).
 */
void shim_conn_cred_changed(bool capset);

/* The fork child's side (table.c runs it). */
void shim_conn_after_fork(void);
/* Whether a connection is up (a vfork() child may use it, not make
 * one: its descriptor would be missing from the parent's table). */
bool shim_conn_up(void);
uint64_t shim_conn_gen(void);

/* ---- ifaddrs.c --------------------------------------------------- */

/* ioctl.c: a device, route, ARP, bridge, ethtool or wireless request
 * on socket fd (ours or the kernel's), answered by the daemon from the
 * thread's net: its result or -errno; 1 when req is none of them or fd
 * is not a socket (pass it on). */
int shim_dev_ioctl(int fd, unsigned long req, void *arg);
/* nf_sockopt.c: getsockopt(SOL_IP, SO_IP_SET) on a kernel AF_INET
 * socket, which the daemon answers (UNL_OP_NF_SOCKOPT): whether fd's is
 * one, then the call (0 or -errno). */
bool shim_nf_sockopt_ours(int fd, int level, int name);
/* xt_sockopt.c: the legacy xtables options (iptables-legacy's) on a
 * kernel socket: the pf unl_wire_xt_pf() gives fd's option, or -1 when
 * it stays the kernel's; then the option, forwarded.  0 or -errno. */
int shim_xt_pf(int fd, int level, int name, bool set);
int shim_xt_getsockopt(int pf, int name, void *val, socklen_t *len);
int shim_xt_setsockopt(int pf, int name, const void *val, socklen_t len);
/* ebtables' (unl_wire_is_ebt()): 0 or -errno */
int shim_ebt_sockopt(int name, bool set, void *val, int32_t optlen);
int shim_nf_sockopt(int level, int name, void *val, socklen_t *len);
/* tun.c: a tun request on the kernel's /dev/net/tun (which becomes a
 * tun file of the daemon) or on such a file: its result or -errno; 1
 * when it is neither. */
int shim_tun_ioctl(int fd, unsigned long req, void *arg);

/* ---- entry.c ----------------------------------------------------- */

/* The one place where -errno becomes -1 and errno (musl's
 * __syscall_ret()); returns r otherwise. */
long shim_ret(long r);

/* ---- sock.c ------------------------------------------------------ */

int sock_create(int type, int protocol, int *fdp);
int sock_bind(struct shim_sock *sk, int fd, const struct sockaddr *addr,
	      socklen_t len);
int sock_connect(struct shim_sock *sk, int fd, const struct sockaddr *addr,
		 socklen_t len);
int sock_getname(struct shim_sock *sk, int fd, bool peer,
		 struct sockaddr *addr, socklen_t *len);
int sock_setsockopt(struct shim_sock *sk, int fd, int level, int name,
		    const void *val, socklen_t len);
/* The pending socket error (UNL_OP_SOCK_ERROR): keep 0 takes it (the
 * positive errno, 0 when none, -errno when the daemon could not be
 * asked); keep > 0 makes it the pending one unless one is. */
int sock_error(struct shim_sock *sk, int fd, int keep);
int sock_getsockopt(struct shim_sock *sk, int fd, int level, int name,
		    void *val, socklen_t *len);
ssize_t sock_sendmsg(struct shim_sock *sk, int fd, const struct msghdr *msg,
		     int flags);
ssize_t sock_recvmsg(struct shim_sock *sk, int fd, struct msghdr *msg,
		     int flags);
int sock_ioctl(struct shim_sock *sk, int fd, unsigned long req, void *arg);

/* ---- netns.c ----------------------------------------------------- */

/*
 * The net a thread acts in: a reference on a handle the daemon gave
 * (wire.h, "Nets and handles"), NULL for the initial net, which needs
 * none.  A socket is made in the net current when socket() is called.
 */
struct shim_nsref;
struct shim_nsref *shim_ns_current(void);
/* The process's net: its first thread's, which /proc/self/net shows. */
struct shim_nsref *shim_ns_process(void);
/* Around fork(): the child of a thread in a net of its own is in that
 * net, across exec too. */
void shim_ns_fork_prepare(void);
void shim_ns_fork_parent(void);
void shim_ns_fork_child(void);
/* In a child forked without the handlers: what the prepare handler
 * would have seen, read from the forking thread's copied state. */
void shim_ns_fork_unseen(void);
/* Whether the path last given to shim_files_path() by this thread names
 * its process's net (/proc/net, /proc/self/net) rather than its own. */
extern _Thread_local bool shim_path_of_process;
int shim_ns_fd(const struct shim_nsref *r);
void shim_ns_put(struct shim_nsref *r);
/* The process's carrier (-1: none): close(), dup2() and fcntl() of
 * the program leave it alone, so that it goes across exec. */
extern atomic_int shim_carrier_fd;
/* dup2()/dup3() are about to replace fd: move the carrier away first
 * if it is there. */
void shim_ns_carrier_evict(int fd);
/* An inherited descriptor (after exec): true when it is a handle of
 * the daemon's (then it is adopted if it is a carrier, and is no
 * netlink socket). */
bool shim_ns_inherited(int fd);
/* At start: what the environment says (an emulated mount namespace). */
void shim_ns_init(void);
/* ioctl() of a namespace request on a handle: the answer, -errno, or 1
 * when fd is no handle or req no NS_* request. */
int shim_ns_ioctl(int fd, unsigned long req, void *arg);
/* Has any socket of ours an error pending (its status slot)? */
bool shim_table_any_error(void);
/* In a clone() child that is a fork in all but name (netns.c): what
 * the atfork child handler does. */
void shim_table_clone_child(void);
/* Around an exec() (exec.c) or a posix_spawn() with the caller's file
 * actions by a thread whose net is not the carrier's, or by a vfork()
 * child of one: a carrier of that net goes across, the process's own
 * does not (close-on-exec) until shim_ns_exec_undo(). */
struct shim_exec_swap {
	int carrier;  /* ours, not close-on-exec; or -1 */
	int proc_fd;  /* the process's carrier, made close-on-exec; or -1 */
};
/* exec.c: what the program at file is (wire/elf-kind.h; searched in
 * $PATH with search), its path in path; UNL_ELF_RAW only when `run`
 * named the tool that serves it; and the arguments that exec the tool
 * on path instead (malloc'd, or NULL). */
int shim_exec_kind(const char *file, bool search, char *path, size_t len);
char **shim_exec_tool_argv(const char *path, char *const argv[]);
void shim_ns_exec_swap(struct shim_exec_swap *x);
void shim_ns_exec_undo(struct shim_exec_swap *x);

/* ---- splice.c ---------------------------------------------------- */

/* splice(2) with our socket in_sk or out_sk (the other NULL, or a
 * socket of ours too) on one side, as Linux moves data for a netlink
 * socket; offsets as splice() takes them. */
ssize_t sock_splice(struct shim_sock *in_sk, int in, int64_t *off_in,
		    struct shim_sock *out_sk, int out, int64_t *off_out,
		    size_t len, unsigned int flags);
/* sendfile(2) likewise; offset NULL for the file position. */
ssize_t sock_sendfile(struct shim_sock *out_sk, int out,
		      struct shim_sock *in_sk, int in, int64_t *offset,
		      size_t count);

/* files.c: the files of a net (wire.h, "Files").  shim_files_path()
 * says whether path is one, and gives its canonical spelling; the
 * others take that spelling and return what the call returns, -errno
 * for an error (shim_ret() converts). */
bool shim_files_path(const char *path, char *canon, size_t len);
/* The same for a path relative to dirfd (AT_FDCWD: the working
 * directory, which chdir() into a directory of ours sets). */
bool shim_files_path_at(int dirfd, const char *path, char *canon, size_t len);
bool shim_files_fd_stat(int fd, struct stat *st);
int shim_files_open(const char *canon, int flags);
int shim_files_stat(const char *canon, bool follow, struct stat *st);
int shim_files_statx(const char *canon, bool follow, struct statx *stx);
int shim_files_access(const char *canon, int mode);
ssize_t shim_files_readlink(const char *canon, char *out, size_t len);
/* getxattr() and kin: -ENODATA for a file that exists. */
ssize_t shim_files_xattr(const char *canon);
ssize_t shim_files_listxattr(const char *canon);
FILE *shim_files_fopen(const char *canon, const char *mode);
void *shim_files_opendir(const char *canon);
bool shim_files_resolve(const char *link, const char *target, char *out,
			size_t len);
/* Descriptors opened for writing, or whose read fails: how many, and
 * their write(), read() and close().  1 with *ret when fd is one. */
extern atomic_int shim_files_nwatched;
int shim_files_write(int fd, const void *buf, size_t len, ssize_t *ret);
int shim_files_read(int fd, ssize_t *ret);
void shim_files_forget(int fd);
void shim_files_flush(int fd);
/* newfd is now a copy of oldfd (dup2() and its kin). */
void shim_files_dup(int oldfd, int newfd);

#endif
