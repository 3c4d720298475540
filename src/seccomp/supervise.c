// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The notification loop (docs/seccomp.md): each trapped call becomes the
 * wire op the shim would send for it (src/shim/sock.c is the model), its
 * arguments read from and its results written to the child's memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/kcmp.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"
#include "wire/ioctl-shape.h"
#include "seccomp/proc-status.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Answers lost to a signal.  A signal that comes while a trapped call
 * waits for its answer ends the wait, and the kernel restarts the call
 * (SA_RESTART, as Go's handlers have it) or returns EINTR: the answer
 * then finds no call (NOTIF_SEND fails with ENOENT).  When the daemon
 * had already acted (a bind, a request sent), doing it again at the
 * restart would differ from Linux, where the call, once in the kernel,
 * completes and the signal is handled after it: a second bind fails
 * with EINVAL, a second RTM_NEWNEIGH with EEXIST.  So the answer is kept
 * for the thread, and its next call, when it is the same call with the
 * same arguments, gets it without acting again; any other call of the
 * thread drops it.  One slot per tid hash: a collision loses a kept
 * answer, which only brings back the double action.
 */
#define SC_LOST_SLOTS 64
static struct sc_lost {
	pid_t tid;
	int nr;
	__u64 args[6];
	long ret;
} lost_answers[SC_LOST_SLOTS];

static struct sc_lost *lost_slot(pid_t tid)
{
	return &lost_answers[(unsigned int)tid % SC_LOST_SLOTS];
}

/* getsockopt() and setsockopt() on a kernel socket, trapped for
 * netfilter's options (filter.c): the model's, or the kernel's */
static long sc_kernel_sockopt(struct sc *s, struct sc_call *c)
{
	bool set = c->n.data.nr == __NR_setsockopt;
	int pf = sc_xt_pf(c, set);

	if (pf >= 0)
		return sc_xt_sockopt(s, c, pf, set);
	if (!set && c->n.data.args[1] == SOL_IP &&
	    c->n.data.args[2] == SO_IP_SET)
		return sc_nf_sockopt(s, c);
	return SC_CONTINUE;
}

static void lost_keep(const struct sc_call *c, long ret)
{
	struct sc_lost *l = lost_slot((pid_t)c->n.pid);

	l->tid = (pid_t)c->n.pid;
	l->nr = c->n.data.nr;
	memcpy(l->args, c->n.data.args, sizeof(l->args));
	l->ret = ret;
}

/* The kept answer for c when c is the call that lost it, taken. */
static bool lost_take(const struct sc_call *c, long *ret)
{
	struct sc_lost *l = lost_slot((pid_t)c->n.pid);
	bool same;

	if (l->tid != (pid_t)c->n.pid)
		return false;
	same = l->nr == c->n.data.nr &&
	       !memcmp(l->args, c->n.data.args, sizeof(l->args));
	l->tid = 0;
	*ret = l->ret;
	return same;
}

long sc_answer(struct sc *s, struct sc_call *c, long ret)
{
	struct seccomp_notif_resp r = { .id = c->n.id };

	if (ret == SC_CONTINUE)
		r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (ret < 0)
		r.error = (int32_t)ret;
	else
		r.val = ret;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, &r) < 0) {
		if (errno == ENOENT && c->acted && ret != SC_CONTINUE)
			lost_keep(c, ret);
		return -errno;
	}
	return 0;
}

/*
 * The copy of the descriptor the last call was about, when it was one
 * of our sockets: the next call about the same number, if it is still
 * the same file there (kcmp(), one system call), takes it instead of a
 * new copy and a look at its cookie (three).  A send and its receive
 * thus cost two calls fewer each.  The copy keeps the socket alive, so
 * it is kept only from one call to the next: closed when the next
 * notification is about anything else, before a close() or
 * close_range() of the child runs, and when no call took it for
 * SC_COPY_IDLE_NS (a timer, looked at with the notifications).
 */
#define SC_COPY_IDLE_NS 1000000
static struct {
	int nr;       /* the child's number */
	int copy;     /* ours, or -1 */
	uint64_t cookie;
	bool used;    /* taken since the timer was armed */
	bool armed;
	int timer;    /* a timerfd: a poll timeout would slow every wait */
	bool off;     /* kcmp() is not there (CONFIG_KCMP), or no timer */
} last_copy = { .copy = -1, .timer = -1 };

static void copy_timer_arm(void)
{
	struct itimerspec t = { .it_value = { 0, SC_COPY_IDLE_NS } };

	last_copy.armed = timerfd_settime(last_copy.timer, 0, &t, NULL) == 0;
	last_copy.used = false;
}

/* The timer fired: a copy not taken since it was armed goes. */
static void copy_timer_fired(void)
{
	uint64_t n;

	if (read(last_copy.timer, &n, sizeof(n)) < 0 && errno == EAGAIN)
		return;
	last_copy.armed = false;
	if (last_copy.copy >= 0 && last_copy.used)
		copy_timer_arm();
	else
		sc_copy_forget();
}

void sc_copy_forget(void)
{
	if (last_copy.copy >= 0)
		close(last_copy.copy);
	last_copy.copy = -1;
}

/* c's descriptor nr from the kept copy: true when it is the same file
 * and one of our sockets (c->fd, c->sk and c->fd_cached set). */
static bool copy_take(struct sc *s, struct sc_call *c, int nr)
{
	struct sc_sock *k;
	long same;

	if (last_copy.copy < 0)
		return false;
	if (last_copy.nr != nr) {
		sc_copy_forget();
		return false;
	}
	same = syscall(SYS_kcmp, s->self, (pid_t)c->n.pid, KCMP_FILE,
		       last_copy.copy, nr);
	if (same < 0 && (errno == ENOSYS || errno == EOPNOTSUPP))
		last_copy.off = true;
	k = same == 0 ? sc_sock_find(s, last_copy.cookie) : NULL;
	if (!k) {
		sc_copy_forget();
		return false;
	}
	c->fd = last_copy.copy;
	c->sk = k;
	c->fd_cached = true;
	last_copy.used = true;
	return true;
}

/* Keep c's copy of descriptor nr, one of our sockets, for the next
 * call. */
static void copy_keep(struct sc_call *c, int nr)
{
	if (last_copy.off || c->fd_cached || !c->sk)
		return;
	sc_copy_forget();
	last_copy.nr = nr;
	last_copy.copy = c->fd;
	last_copy.cookie = c->sk->cookie;
	c->fd_cached = true;
	if (!last_copy.armed)
		copy_timer_arm();
}

static void call_free(struct sc_call *c)
{
	sc_wait_free(c->wait);
	if (c->fd >= 0 && !c->fd_cached)
		close(c->fd);
	if (c->pidfd >= 0 && !c->pidfd_cached)
		close(c->pidfd);
	free(c);
}

/* A receive that would block, or a send: keep it, with its deadline
 * (SO_RCVTIMEO or SO_SNDTIMEO of the data socket, which setsockopt
 * keeps there), unless it was parked before. */
static void park(struct sc *s, struct sc_call *c)
{
	struct timeval tv = { 0 };
	socklen_t l = sizeof(tv);

	/* A kept copy may be closed while the call waits. */
	if (c->fd_cached) {
		int own = fcntl(c->fd, F_DUPFD_CLOEXEC, 0);

		c->fd = own;
		c->fd_cached = false;
	}
	/* A cached pidfd may be replaced while the call waits. */
	if (c->pidfd_cached) {
		int own = fcntl(c->pidfd, F_DUPFD_CLOEXEC, 0);

		if (own >= 0) {
			c->pidfd = own;
			c->pidfd_cached = false;
		}
	}
	if (c->parked_once) {
		c->next = s->parked;
		s->parked = c;
		return;
	}
	c->parked_once = true;
	c->deadline = -1;
	if (getsockopt(c->fd, SOL_SOCKET,
		       c->send_retry ? SO_SNDTIMEO : SO_RCVTIMEO, &tv, &l) == 0 &&
	    (tv.tv_sec || tv.tv_usec))
		c->deadline = now_ms() + (long long)tv.tv_sec * 1000 +
			      (tv.tv_usec + 999) / 1000;
	c->next = s->parked;
	s->parked = c;
}

/* Run c (fresh, or a parked one whose socket became readable); frees it
 * unless it stays parked. */
static void run(struct sc *s, struct sc_call *c)
{
	long ret;

	/* what reaches the daemon now acts for this caller's process */
	unl_sc_wire_act_for((pid_t)c->n.pid);

	if (!sc_is_fd_call((int)c->n.data.nr))
		sc_copy_forget();
	if (c->n.data.nr == __NR_socket) {
		ret = sc_socket(s, c);
	} else if (c->n.data.nr == __NR_unshare) {
		ret = sc_unshare(s, c);
	} else if (c->n.data.nr == __NR_setns) {
		ret = sc_setns(s, c);
	} else if (sc_is_clone_call((int)c->n.data.nr)) {
		ret = sc_clone(s, c);
	} else if (sc_is_path_call((int)c->n.data.nr)) {
		ret = sc_path_call(s, c);
	} else if (c->n.data.nr == __NR_ppoll
#ifdef __NR_poll
		   || c->n.data.nr == __NR_poll
#endif
		   ) {
		ret = sc_poll(s, c);
	} else if (sc_is_epoll_wait((int)c->n.data.nr)) {
		ret = sc_epoll_wait(s, c);
	} else if (c->n.data.nr == __NR_epoll_ctl) {
		ret = sc_epoll_ctl(s, c);
	} else if (c->n.data.nr == __NR_close_range ||
		   (c->n.data.nr == __NR_close &&
		    (int)c->n.data.args[0] == sc_carrier_slot(s))) {
		sc_copy_forget();
		ret = sc_carrier_closing(s, c);
	} else if ((c->n.data.nr == __NR_recvmsg ||
		    c->n.data.nr == __NR_recvmmsg) &&
		   ((int)c->n.data.args[0] < s->base ||
		    (int)c->n.data.args[0] >= s->base + UNL_SC_RANGE)) {
		ret = sc_scm_recv(s, c);
	} else {
		int nr = (int)c->n.data.args[0];

		if (c->fd < 0 && !copy_take(s, c, nr))
			c->fd = sc_getfd(c, nr);
		if (!c->sk && c->fd >= 0) {
			c->sk = sc_sock_lookup(s, c);
			copy_keep(c, nr);
		}
		if (c->n.data.nr == __NR_ioctl &&
		    unl_ioctl_forwarded((unsigned int)c->n.data.args[1]))
			ret = c->fd >= 0 ? sc_dev_ioctl(s, c) : SC_CONTINUE;
		else if ((c->n.data.nr == __NR_getsockopt ||
			  c->n.data.nr == __NR_setsockopt) &&
			 !c->sk)
			ret = sc_kernel_sockopt(s, c);
		else
			ret = c->sk ? sc_dispatch(s, c) : sc_file_io(s, c);
	}
	if (ret == SC_PARKED) {
		park(s, c);
		return;
	}
	if (ret != SC_ANSWERED)
		sc_answer(s, c, ret);
	call_free(c);
}

/* The real uid and gid of thread tid, from /proc: 0 or -errno. */
static int thread_ids(pid_t tid, uid_t *uid, gid_t *gid)
{
	struct sc_proc_status st;
	int err = sc_proc_status(tid, &st);

	if (err)
		return err;
	*uid = st.uid;
	*gid = st.gid;
	return 0;
}

/*
 * A thread changed its ids or capabilities (a trapped set*id() or
 * capset() that ran since): its process is named to the daemon again
 * (UNL_OP_ACT_FOR) before its next record, and the daemon reads its ids
 * and capabilities from the kernel then, as the shim's UNL_OP_CRED and
 * SCM_CREDENTIALS tell them (shim_conn_cred_changed()).
 */
static void cred_report(struct sc *s)
{
	s->cred_dirty = false;
	unl_sc_wire_act_stale(s->cred_tid);
}

static void take_notification(struct sc *s, size_t size)
{
	struct sc_call *c = calloc(1, sizeof(*c) + size);
	struct seccomp_notif *n;
	long ret;

	if (!c)
		return;
	sc_closed_flush(s);
	/* The kernel's struct may be larger than ours: receive into room
	 * after it, keep what we know. */
	n = (struct seccomp_notif *)(c + 1);
	c->fd = -1;
	c->pidfd = -1;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) {
		free(c);
		return;
	}
	memcpy(&c->n, n, sizeof(c->n));
	/* A cached pidfd needs no NOTIF_ID_VALID here: what acts on the
	 * call checks it before it acts, and sc_getfd() renews a stale
	 * one (child.c). */
	if (sc_pidfd_take(c) < 0) {
		/* gone already: its answer can only fail */
		sc_answer(s, c, -ENOENT);
		call_free(c);
		return;
	}
	/* By now the thread that changed its ids has returned from it. */
	if (s->cred_dirty)
		cred_report(s);
	if (unl_sc_is_cred_call((int)c->n.data.nr)) {
		s->cred_dirty = true;
		s->cred_tid = (pid_t)c->n.pid;
		sc_answer(s, c, SC_CONTINUE);
		call_free(c);
		return;
	}
	if (lost_take(c, &ret)) {
		sc_answer(s, c, ret);
		call_free(c);
		return;
	}
	/* what reaches the daemon from here acts for this caller */
	unl_sc_wire_act_for((pid_t)c->n.pid);
	sc_unshare_settle(s, c);
	sc_carrier_restore(s, c);
	sc_thread_nets_settle(s, c);
	sc_fork_nets_settle(s, c);
	run(s, c);
}

/* What a parked call that waited SO_RCVTIMEO or SO_SNDTIMEO in vain
 * returns: EAGAIN, or what a recvmmsg() or sendmmsg() did before. */
static long expired(struct sc *s, struct sc_call *c)
{
	if (c->wait)
		return sc_wait_end(s, c, true);
	if (c->n.data.nr == __NR_recvmmsg)
		return sc_recv_many_end(s, c, -EAGAIN);
	if (c->n.data.nr == __NR_sendmmsg && c->mm_done)
		return (long)c->mm_done;
	return -EAGAIN;
}

/*
 * Signals.  A call the supervisor has taken waits for its answer
 * killably (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV): a signal stays
 * pending until the answer, as one that comes while a call runs in the
 * kernel.  A parked call sleeps, and Linux's sleep in a receive or a
 * send to a full receiver is interruptible: every SC_SIGNAL_MS the
 * threads of parked calls are looked at in /proc, and one with a signal
 * it does not block is answered as the kernel's sleep ends:
 * -ERESTARTSYS without a timeout (the kernel restarts the call after a
 * SA_RESTART handler and after a signal without a handler, else EINTR),
 * EINTR with SO_RCVTIMEO/SO_SNDTIMEO (sock_intr_errno()), and a
 * recvmmsg()/sendmmsg() that did some datagrams returns their count.
 * A signal sent to the whole process interrupts the call only when the
 * kernel could have chosen no other thread: the process has one, or
 * the signal is still pending at the next look.
 */
#define ERESTARTSYS_ 512 /* the kernel's internal restart code */

/* Would a signal end c's sleep now?  shared_seen: a process-directed
 * signal was pending at the last look too. */
static bool signal_interrupts(struct sc_call *c)
{
	struct sc_proc_status st;
	uint64_t shared;

	if (sc_proc_status((pid_t)c->n.pid, &st) < 0)
		return false;
	/* ppoll()'s and epoll_pwait()'s own mask, while they wait */
	sc_wait_mask(c, &st.sig_blocked);
	if (st.sig_pending & ~st.sig_blocked)
		return true;
	shared = st.shared_pending & ~st.sig_blocked;
	if (shared && (st.threads == 1 || c->shared_seen))
		return true;
	c->shared_seen = shared != 0;
	return false;
}

static long interrupted(struct sc *s, struct sc_call *c)
{
	if (c->wait)
		return sc_wait_end(s, c, false);
	if (c->n.data.nr == __NR_recvmmsg && c->mm_done)
		return sc_recv_many_end(s, c, -EINTR);
	if (c->n.data.nr == __NR_sendmmsg && c->mm_done)
		return (long)c->mm_done;
	return c->deadline >= 0 ? -EINTR : -ERESTARTSYS_;
}

/* Parked receives: the readable ones run again, the expired ones get
 * EAGAIN, the interrupted ones what a signal gives, those whose caller
 * went away (a kill) are dropped. */
static void run_parked(struct sc *s, const struct pollfd *pf, size_t n,
		       bool sweep, bool signals)
{
	struct sc_call **pp = &s->parked, *ready = NULL;
	long long now = now_ms();
	size_t i = 0;

	while (*pp && i < n) {
		struct sc_call *c = *pp;
		bool go = pf[i++].revents != 0;

		/* A parked send is tried again at every turn. */
		go |= c->send_retry;
		if (!go && c->deadline >= 0 && now >= c->deadline) {
			*pp = c->next;
			sc_answer(s, c, expired(s, c));
			call_free(c);
		} else if (!go && signals && signal_interrupts(c)) {
			*pp = c->next;
			sc_answer(s, c, interrupted(s, c));
			call_free(c);
		} else if (!go && sweep && !sc_id_valid(s, c)) {
			*pp = c->next;
			call_free(c);
		} else if (go) {
			*pp = c->next;
			c->next = ready;
			ready = c;
		} else {
			pp = &c->next;
		}
	}
	while (ready) {
		struct sc_call *c = ready;

		ready = c->next;
		c->next = NULL;
		if (c->send_retry && c->deadline >= 0 && now >= c->deadline) {
			sc_answer(s, c, expired(s, c));
			call_free(c);
			continue;
		}
		if (c->send_retry && sweep && !sc_id_valid(s, c)) {
			call_free(c);
			continue;
		}
		if (c->send_retry)
			c->tries++;
		c->send_retry = false;
		run(s, c);
	}
}

static int poll_timeout(const struct sc *s)
{
	long long now = now_ms(), t = s->parked ? SC_SIGNAL_MS : -1;

	for (const struct sc_call *c = s->parked; c; c = c->next) {
		if (c->deadline >= 0 && (t < 0 || c->deadline - now < t))
			t = c->deadline > now ? c->deadline - now : 0;
		/* From 1 ms up to 64: a receiver that does not read costs
		 * no busy loop. */
		if (c->send_retry) {
			long long r = SC_RETRY_MS << (c->tries < 6 ? c->tries : 6);

			if (t < 0 || t > r)
				t = r;
		}
	}
	return (int)t;
}

static int serve_loop(struct sc *s, int child_pidfd, size_t notif_size)
{
	long long last_sweep = now_ms(), last_signals = last_sweep;

	for (;;) {
		size_t np = 0, nt, i = 3;
		struct pollfd *pf;
		bool hup;
		int r;

		for (struct sc_call *c = s->parked; c; c = c->next)
			np++;
		nt = sc_thread_nets_count(s);
		pf = calloc(np + nt + 3, sizeof(*pf));
		if (!pf)
			return -ENOMEM;
		pf[0] = (struct pollfd){ .fd = s->listener, .events = POLLIN };
		pf[1] = (struct pollfd){ .fd = child_pidfd, .events = POLLIN };
		pf[2] = (struct pollfd){ .fd = last_copy.timer,
					 .events = POLLIN };
		for (struct sc_call *c = s->parked; c; c = c->next)
			pf[i++] = (struct pollfd){
				.fd = c->send_retry ? -1 : c->fd,
				.events = POLLIN };
		/* the threads with a net of their own, after the rest */
		nt = sc_thread_nets_watch(s, pf + 3 + np, nt);
		r = poll(pf, np + nt + 3, poll_timeout(s));
		if (r < 0 && errno != EINTR) {
			free(pf);
			return -errno;
		}
		if (r > 0 && (pf[1].revents & POLLIN)) {
			free(pf);
			return 0;
		}
		if (r > 0 && (pf[2].revents & POLLIN))
			copy_timer_fired();
		/* before any entry is made or dropped by a call */
		if (r > 0 && nt)
			sc_thread_nets_reap(s, pf + 3 + np, nt);
		if (r > 0 && (pf[0].revents & POLLIN))
			take_notification(s, notif_size);
		if (np) {
			long long now = now_ms();
			bool sweep = now - last_sweep >= SC_SWEEP_MS;
			bool signals = now - last_signals >= SC_SIGNAL_MS;

			run_parked(s, pf + 3, np, sweep, signals);
			if (sweep)
				last_sweep = now;
			if (signals)
				last_signals = now;
		}
		hup = r > 0 && (pf[0].revents & (POLLHUP | POLLERR)) &&
		      !(pf[0].revents & POLLIN);
		free(pf);
		if (hup)
			return 0; /* no process uses the filter any more */
	}
}

/* child is the command's first process; a detached supervisor is not
 * its parent (seccomp-exec: it serves until no process uses the
 * filter), a supervisor of `run` waits for it and gives its status. */
static int serve(int listener, int conn, int base, int net_fd, pid_t child,
		 bool detached)
{
	struct sc s = { .listener = listener, .conn = conn, .base = base,
			.net_fd = net_fd, .child = child,
			.self = getpid() };
	uid_t uid = 0;
	gid_t gid = 0;
	struct seccomp_notif_sizes sizes;
	int child_pidfd, status = 0, err;

	/* Linux 6.6+: the supervisor runs on the notifying thread's CPU and
	 * the thread on ours when answered (no cross-CPU wake-up, no idle
	 * CPU woken); an older kernel refuses, and nothing changes. */
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		sizes.seccomp_notif = sizeof(struct seccomp_notif);
	/* The child's ids, which it connected with, on every record. */
	if (thread_ids(child, &uid, &gid) == 0)
		unl_sc_wire_set_ids(s.self, uid, gid);
	unl_sc_wire_act_init(child);
	/* Optional: without it, records. */
	unl_sc_wire_page(conn);
	/* Readable when the whole process has exited. */
	child_pidfd = detached ? -1 : (int)syscall(SYS_pidfd_open, child, 0);
	if (child_pidfd < 0 && !detached)
		return -errno;
	sc_pidfd_cache_init(listener);
	last_copy.timer = timerfd_create(CLOCK_MONOTONIC,
					 TFD_NONBLOCK | TFD_CLOEXEC);
	last_copy.off = last_copy.timer < 0;
	err = serve_loop(&s, child_pidfd, sizes.seccomp_notif);
	if (child_pidfd >= 0)
		close(child_pidfd);
	sc_pidfd_cache_free();
	if (err < 0)
		kill(child, SIGKILL);
	while (!detached && waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	while (s.parked) {
		struct sc_call *c = s.parked;

		s.parked = c->next;
		call_free(c);
	}
	sc_copy_forget();
	sc_epoll_served_free();
	if (last_copy.timer >= 0)
		close(last_copy.timer);
	sc_closed_flush(&s);
	sc_owed_free(&s);
	sc_unshared_free(&s);
	sc_thread_nets_free(&s);
	sc_forked_free(&s);
	sc_files_free();
	sc_nsdir_free();
	while (s.socks) {
		struct sc_sock *k = s.socks;

		s.socks = k->next;
		sc_sock_free(k);
	}
	return err < 0 ? err : status;
}

int unl_sc_serve(int listener, int conn, int base, int net_fd, pid_t child)
{
	return serve(listener, conn, base, net_fd, child, false);
}

int unl_sc_serve_detached(int listener, int conn, int base, int net_fd,
			  pid_t first)
{
	return serve(listener, conn, base, net_fd, first, true);
}
