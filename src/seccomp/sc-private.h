// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's insides, shared by its files:
 *
 *   child.c      the child's memory and descriptors
 *   sock.c       the socket calls but send and receive: one handler each
 *   msg.c        send and receive
 *   ioctl.c      device ioctls on any socket
 *   netns.c      unshare and setns of a net, the net of each call
 *   poll.c       POLLERR of a pending error in poll(), ppoll() and
 *                the epoll waits
 *   thread-net.c the nets of threads that moved alone
 *   fork-net.c   the nets of processes those threads forked
 *   supervise.c  the notification loop, parked receives, answers
 *
 * A handler returns a value or -errno for the call, or one of the SC_*
 * results below.
 */
#ifndef UNETLINK_SC_PRIVATE_H
#define UNETLINK_SC_PRIVATE_H

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <linux/seccomp.h>

#include "seccomp/seccomp.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* linux/pidfd.h */
#endif
#ifndef SOCK_MAX
#define SOCK_MAX 11 /* include/linux/net.h */
#endif
#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

#define SC_MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))
/* A handler's result besides a value or -errno. */
#define SC_CONTINUE (LONG_MIN + 1) /* not ours: let the kernel run it */
#define SC_ANSWERED (LONG_MIN + 2) /* answered already (ADDFD SEND) */
#define SC_PARKED (LONG_MIN + 3)   /* a receive waits for data, a send
				      for room */
/* How often parked receives are checked for a caller that went away. */
#define SC_SWEEP_MS 200
/* How often the threads of parked calls are checked for a signal that
 * would interrupt them (supervise.c, "Signals"). */
#define SC_SIGNAL_MS 5
/* How soon a parked send is first tried again when nothing else happens
 * (a reader served elsewhere, through the shim, made room). */
#define SC_RETRY_MS 1

/* A netlink socket this connection knows, by its data socket's cookie. */
struct sc_sock {
	uint64_t cookie;
	uint32_t id;
	struct unl_wire_shm *page;
	/* Datagrams taken by receives and not yet reported: they ride on
	 * the socket's next request (unl_wire_req.consumed), as the shim's
	 * do, unless the daemon wants each at once (UNL_SHM_REPORT_NOW) or
	 * a larger buffer was offered than it knows of. */
	unsigned int pending;
	size_t maxlen, reported_max;
	/* Errors seen come (poll.c): err_epoch counts the times the
	 * supervisor found an error pending where there was none at its
	 * last look, the edge an edge-triggered epoll item that watches no
	 * EPOLLIN reports once. */
	bool err_seen;
	unsigned int err_epoch;
	struct sc_sock *next;
};

/* One trapped call being served. */
struct sc_call {
	struct seccomp_notif n;
	int pidfd;
	bool pidfd_cached;  /* pidfd is the cache's (child.c): not closed */
	int fd;             /* our copy of the child's descriptor, or -1 */
	bool fd_cached;     /* fd is the copy cache's (supervise.c): not
			       closed with the call */
	struct sc_sock *sk;
	long long deadline; /* a parked receive: ms (CLOCK_MONOTONIC), -1 */
	bool synced;        /* a dump's next part was asked for */
	/* A send parked because its receiver is full: tried again on
	 * every turn of the loop, and after SC_RETRY_MS doubled with each
	 * try (tries) up to 64 times that. */
	bool send_retry;
	unsigned int tries;
	bool parked_once;   /* its deadline is set */
	/* recvmmsg() and sendmmsg(): datagrams done so far (either may park
	 * between two); recvmmsg()'s timeout's end (ns, CLOCK_MONOTONIC)
	 * once started. */
	unsigned int mm_done;
	bool mm_started;
	long long mm_end_ns;
	/* Whose net the call's file is (a path such as /proc/self/net names
	 * the leader's): a thread of the caller's process, or 0 for the
	 * calling thread (open.c). */
	pid_t net_tid;
	/* The daemon acted on it (a bind, a send...): if a signal takes
	 * the answer away, the restarted call gets that answer instead of
	 * acting twice (sc_answer()). */
	bool acted;
	bool shared_seen;   /* a process-directed signal was pending at the
			       last look (supervise.c, "Signals") */
	struct sc_wait *wait; /* a poll or epoll wait served here (poll.c) */
	struct sc_call *next;
};

/* A carrier the process closed (close_range() before exec), owed back
 * to it (netns.c), and to the children it forks meanwhile, which hold
 * no carrier but are in its net; kept until the process dies. */
struct sc_owed {
	pid_t tgid;
	int carrier;
	bool restored; /* placed back in the process */
	/* A clone() (clone.c): the thread that made it, which gets the
	 * carrier back at its next trap, when the kernel has copied the
	 * table; the process's other threads are in this carrier's net
	 * meanwhile.  0 after close_range(). */
	pid_t forker;
	/* An exec() by forker: a success leaves the slot as it is (the
	 * process is forker's alone, in forker's net), a failure is told
	 * by forker's next trap, in a process with threads still. */
	bool exec;
	struct sc_owed *next;
};

/* An unshare() of a net with other flags, continued in the kernel:
 * the model's move waits for the process's next trapped call, when the
 * kernel's answer shows (netns.c). */
struct sc_unshared {
	pid_t tgid, tid;
	ino_t net_before; /* the thread's kernel net, before */
	bool child;       /* a clone(): the child's net, not tgid's */
	struct sc_unshared *next;
};

/* The supervisor: one per command. */
struct sc {
	int listener;
	int conn;
	int base;
	int net_fd;
	struct sc_sock *socks;
	struct unl_wire_shm *pool; /* the status pool, read-only (wire.h) */
	struct sc_sock *closing; /* closed by the child: CLOSE owed */
	struct sc_call *parked;
	struct sc_owed *owed;    /* carriers closed by their process */
	struct sc_unshared *unshared; /* unshare()s to settle */
	struct sc_thread_net *thread_nets; /* threads with a net of their
					      own (thread-net.c) */
	struct sc_thread_birth *births;    /* threads made by them */
	struct sc_forked *forked;          /* processes they forked */
	pid_t last_tid;                    /* the thread of the last trap */
	pid_t child;             /* the command: the connection's peer */
	pid_t self;              /* getpid(), asked once: kcmp() at every
				    trap on a socket wants it */
	pid_t cred_tid;          /* the thread that changed ids or caps */
	bool cred_dirty;         /* ... which the daemon must hear of */
};

/* A send or a receive: the parts of the child's message. */
struct sc_msg {
	uint64_t name;     /* child addresses */
	uint32_t namelen;
	uint64_t control;
	size_t controllen;
	struct iovec *iov; /* the child's iovecs */
	size_t iovlen;
	size_t total;
	uint64_t msghdr;   /* recvmsg: where to write the header back */
	struct msghdr hdr; /* ... and the header as it was read */
	uint64_t namelenp; /* recvfrom: where the address length goes */
};

/* child.c */
bool sc_id_valid(struct sc *s, const struct sc_call *c);
int sc_mem_read(const struct sc_call *c, uint64_t addr, void *buf, size_t len);
int sc_mem_write(const struct sc_call *c, uint64_t addr, const void *buf,
		 size_t len);
int sc_iov_fetch(const struct sc_call *c, uint64_t addr, uint64_t n,
		 struct iovec **out, size_t *total);
int sc_iov_read(const struct sc_call *c, const struct iovec *v, size_t n,
		size_t total, unsigned char **out);
/* head's hlen bytes into hbuf and the iovecs into *out, in one read
 * (a send's address and data). */
int sc_iov_read_after(const struct sc_call *c, uint64_t head, void *hbuf,
		      size_t hlen, const struct iovec *v, size_t n,
		      size_t total, unsigned char **out);
/* The parts of a result, each to its place in the child, in one
 * process_vm_writev(): 0 or -EFAULT. */
struct sc_out {
	struct iovec l[4]; /* ours */
	struct iovec r[4]; /* the child's */
	size_t n;
};
int sc_out_write(const struct sc_call *c, const struct iovec *v, size_t nv,
		 const void *data, size_t len, const struct sc_out *o);
int sc_iov_write(const struct sc_call *c, const struct iovec *v, size_t n,
		 const void *buf, size_t len);
int sc_pidfd_of(pid_t tid);
/* The pidfd of c's thread in c->pidfd, from the cache or opened (and
 * checked with NOTIF_ID_VALID): 0 or -errno. */
int sc_pidfd_take(struct sc_call *c);
void sc_pidfd_cache_init(int listener);
void sc_pidfd_cache_free(void);
/* pidfd_getfd() of the child's fd, through a stale cached pidfd too:
 * a copy, or -1 with errno. */
int sc_getfd(const struct sc_call *c, int fd);
long sc_child_install(struct sc *s, struct sc_call *c, int src, int min,
		      bool cloexec);
/* Install our descriptor src in the child without answering the call:
 * at the first free number of the range (in_range), or at the lowest
 * free number as the kernel gives one.  The number, or -errno. */
int sc_child_add(struct sc *s, struct sc_call *c, int src, bool in_range,
		 bool cloexec);

/* sock.c */
/* socket(AF_NETLINK, ...): the daemon makes it, ADDFD installs it. */
long sc_socket(struct sc *s, struct sc_call *c);
struct sc_sock *sc_sock_lookup(struct sc *s, struct sc_call *c);
/* The socket of ours with this cookie, or NULL (no system call). */
struct sc_sock *sc_sock_find(struct sc *s, uint64_t cookie);
/* The netlink socket whose data socket fd (ours) is, or NULL. */
struct sc_sock *sc_sock_of(struct sc *s, int fd);
struct sc_sock *sc_sock_of_passed(struct sc *s, int fd);
int sc_sock_call(struct sc *s, struct sc_call *c, struct unl_wire_req *req,
		 const struct iovec *iov, int iovcnt,
		 struct unl_wire_rep *rep, void *rbuf, size_t rcap);
/* sc_sock_call() of a request whose payload is the descriptor fd_in
 * (UNL_OP_SENDMSG_FD), sent along and not closed. */
int sc_sock_call_fd(struct sc *s, struct sc_call *c, struct unl_wire_req *req,
		    int fd_in, struct unl_wire_rep *rep);
long sc_dispatch(struct sc *s, struct sc_call *c);
void sc_sock_free(struct sc_sock *k);
/* UNL_OP_SOCK_ERROR on c's socket: keep 0 takes the pending error (the
 * positive errno, 0 when none, -errno when the daemon could not be
 * asked); keep > 0 makes it the pending one unless one is. */
long sc_sock_error(struct sc *s, struct sc_call *c, int keep);
void sc_closed_flush(struct sc *s);

/* msg.c */
long sc_send(struct sc *s, struct sc_call *c);
long sc_recv(struct sc *s, struct sc_call *c);
/* The result of a recvmmsg() that stops with err (0, or -errno of the
 * datagram it could not take): the count when it took any. */
long sc_recv_many_end(struct sc *s, struct sc_call *c, long err);

/* ioctl.c */
/* ioctl() with a request the daemon answers, on any descriptor. */
long sc_dev_ioctl(struct sc *s, struct sc_call *c);

/* nf_sockopt.c */
/* getsockopt(SOL_IP, SO_IP_SET) on a descriptor not ours: answered by
 * the daemon for an AF_INET socket, else run by the kernel. */
long sc_nf_sockopt(struct sc *s, struct sc_call *c);
/* xt_sockopt.c: the legacy xtables options on a descriptor not ours:
 * the pf unl_wire_xt_pf() gives the call's option, or -1 when it stays
 * the kernel's; then the option, answered by the daemon. */
int sc_xt_pf(struct sc_call *c, bool set);
long sc_xt_sockopt(struct sc *s, struct sc_call *c, int pf, bool set);

/* netns.c */
/* The descriptor of the child that carries its process's net. */
int sc_carrier_slot(const struct sc *s);
/* The net handle for c's calls: a copy of its process's carrier (also
 * in *owned, for the caller to close), or the net `run` was given
 * (*owned -1). */
int sc_net_of(struct sc *s, struct sc_call *c, int *owned);
long sc_unshare(struct sc *s, struct sc_call *c);
long sc_setns(struct sc *s, struct sc_call *c);
/* close() or close_range() over the carrier: CONTINUE, a copy owed. */
long sc_carrier_closing(struct sc *s, struct sc_call *c);
/* Before c is served: the carrier its process is owed, placed back. */
void sc_carrier_restore(struct sc *s, struct sc_call *c);
void sc_owed_free(struct sc *s);
/* Before c is served: an unshare() of its process that the kernel ran,
 * followed in the model (a new net of the daemon). */
void sc_unshare_settle(struct sc *s, struct sc_call *c);
void sc_unshared_free(struct sc *s);
/* clone() or clone3() of a user namespace and a net: the kernel runs
 * it, the child's net is followed in the model at its first trap. */
long sc_clone_deferred(struct sc *s, struct sc_call *c);

/* thread-net.c */
struct pollfd;
/* The number of threads of process tgid, 0 when not told. */
int sc_thread_count(pid_t tgid);
/* Thread tid's own net (a carrier of ours, not to be closed), or -1
 * when it is in its process's. */
int sc_thread_net_of(struct sc *s, pid_t tid);
/* Thread tid has no net of its own any more (its process's). */
void sc_thread_net_drop(struct sc *s, pid_t tid);
/* c's thread moves to carrier's net (ours, not taken): its own when its
 * process has other threads, else the process's carrier.  0 or -errno. */
int sc_net_place(struct sc *s, struct sc_call *c, int carrier);
/* A clone3() of a thread by c's thread: the new thread starts in c's
 * thread's own net, if it has one.  0 or -errno. */
int sc_thread_birth(struct sc *s, struct sc_call *c);
/* Before c is served: the threads made since a birth get their net, a
 * leader left alone gives its own to its process. */
void sc_thread_nets_settle(struct sc *s, struct sc_call *c);
/* The pidfds of the threads with a net of their own (at most cap), to
 * poll; and after the poll, those whose thread exited dropped. */
size_t sc_thread_nets_count(const struct sc *s);
size_t sc_thread_nets_watch(struct sc *s, struct pollfd *pf, size_t cap);
void sc_thread_nets_reap(struct sc *s, const struct pollfd *pf, size_t n);
void sc_thread_nets_free(struct sc *s);
/* The processes each thread with a net of its own forked since the last
 * look, told to fork-net.c with that net. */
void sc_thread_nets_scan(struct sc *s);

/* fork-net.c */
/* Process pid was forked by a thread in carrier's net (ours, not
 * taken), which it starts in. */
void sc_forked_add(struct sc *s, pid_t pid, int carrier);
/* Before c is served: the net its process was forked in, placed at its
 * first trap. */
void sc_fork_nets_settle(struct sc *s, struct sc_call *c);
void sc_forked_free(struct sc *s);

/* scm.c */
/* recvmsg() on a descriptor below the range: a unix socket's datagram
 * that carries a socket of ours is received here, that socket placed in
 * the range; anything else is the kernel's (SC_CONTINUE). */
long sc_scm_recv(struct sc *s, struct sc_call *c);

/* poll.c */
/* poll() and ppoll(): answered here when one of our sockets has an
 * error pending, else run by the kernel (SC_CONTINUE). */
long sc_poll(struct sc *s, struct sc_call *c);
bool sc_is_epoll_wait(int nr);
/* epoll_wait(), epoll_pwait(), epoll_pwait2(): answered here when a
 * socket of ours in the set has an error pending, served here (parked)
 * for a set epoll_ctl() named, else SC_CONTINUE. */
long sc_epoll_wait(struct sc *s, struct sc_call *c);
/* epoll_ctl() on a descriptor of the range: a set that watches one of
 * our sockets for no EPOLLIN or edge-triggered is named; SC_CONTINUE. */
long sc_epoll_ctl(struct sc *s, struct sc_call *c);
void sc_epoll_served_free(void);
struct sc_wait;
void sc_wait_free(struct sc_wait *w);
/* The signal mask c's wait runs with (ppoll(), epoll_pwait()), if any. */
bool sc_wait_mask(const struct sc_call *c, uint64_t *mask);
/* The answer of a served wait whose timeout expired, or that a signal
 * interrupts. */
long sc_wait_end(struct sc *s, struct sc_call *c, bool expired);

/* supervise.c */
/* Forget the copy of a descriptor kept from the last call (a close of
 * it is about to run). */
void sc_copy_forget(void);
long sc_answer(struct sc *s, struct sc_call *c, long ret);

#endif
