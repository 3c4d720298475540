// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * poll() and ppoll() over our sockets (docs/seccomp.md, "Readiness").
 * A data socket is an AF_UNIX socket: its readiness is the netlink
 * socket's, but it cannot show the netlink socket's pending error
 * (sk_err, which the status slot shows) as POLLERR.  The filter
 * cannot see the set (it is in the caller's memory), so it traps every
 * poll() and ppoll(); here the set's descriptors in the reserved range
 * are looked at, and the kernel runs the call (CONTINUE) unless one of
 * ours has an error pending.  Then the answer is datagram_poll()'s,
 * which does not wait: POLLERR on those sockets (POLLIN only when a
 * datagram is queued, not for the record that only woke the socket),
 * the other descriptors as a poll() with a zero timeout finds them.
 * The epoll waits likewise: an erring socket of ours that the set
 * watches gets EPOLLERR, the rest is what the set has ready now.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kcmp.h>
#include <linux/sockios.h>

#include "seccomp/sc-private.h"
#include "wire/epoll-err.h"

/* Larger sets go to the kernel without a look (RLIMIT_NOFILE bounds
 * nfds there, and a set that large is no netlink program's). */
#define SC_POLL_MAX 4096u
/* epoll_wait(), which has no signal mask; -1 where there is none. */
#ifdef __NR_epoll_wait
#define SC_NR_EPOLL_WAIT __NR_epoll_wait
#else
#define SC_NR_EPOLL_WAIT (-1)
#endif
/* The kernel's sigset_t, which ppoll()'s sigsetsize must give. */
#define SC_KERNEL_SIGSET 8u

/* Has any socket of ours an error pending?  Most calls end here,
 * without a look at the set.  An error found where there was none at
 * the last look starts a new epoch of its socket. */
static bool any_error(struct sc *s)
{
	bool any = false;

	for (struct sc_sock *k = s->socks; k; k = k->next) {
		bool err = k->page &&
			   __atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE);

		if (err && !k->err_seen)
			k->err_epoch++;
		k->err_seen = err;
		any |= err;
	}
	return any;
}

static bool sock_erring(const struct sc_sock *k)
{
	return k && k->page &&
	       __atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE) != 0;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A wait served here, parked while nothing is ready (docs/seccomp.md,
 * "Readiness"): a poll() or ppoll() that watches a socket of ours for
 * no POLLIN, or an epoll wait of a set that watches one for no EPOLLIN
 * or edge-triggered.  The kernel would sleep through the error that
 * comes meanwhile, where Linux wakes it with POLLERR: the record that
 * wakes the data socket makes it readable, which such a wait does not
 * watch (or has taken its edge).  The parked call's descriptor is an
 * epoll set of ours over what the child's call waits for (the copies of
 * its descriptors, or of its epoll set) and, edge-triggered, the data
 * sockets of ours in it, so that the loop wakes at once for either.
 */
struct sc_wait {
	bool epoll;
	/* poll(), ppoll(): the set as read, our copies of its descriptors
	 * (-1: none, POLLNVAL), the cookie of each socket of ours (0) */
	struct pollfd *pf;
	int *copy;
	uint64_t *cookie;
	size_t n;
	/* the epoll waits: our copy of the set, the room for events */
	int ep;
	int max;
	/* ppoll()'s or epoll_pwait()'s signal mask, used while it waits */
	bool masked;
	uint64_t mask;
	/* ppoll()'s timespec, where the time left goes back at the end
	 * (end_ns: CLOCK_MONOTONIC); not for none or a zero timeout */
	bool ts_back;
	long long end_ns;
};

void sc_wait_free(struct sc_wait *w)
{
	if (!w)
		return;
	for (size_t i = 0; w->copy && i < w->n; i++)
		if (w->copy[i] >= 0)
			close(w->copy[i]);
	if (w->ep >= 0)
		close(w->ep);
	free(w->pf);
	free(w->copy);
	free(w->cookie);
	free(w);
}

bool sc_wait_mask(const struct sc_call *c, uint64_t *mask)
{
	if (!c->wait || !c->wait->masked)
		return false;
	*mask = c->wait->mask;
	return true;
}

/* The signal mask at a[i] (size a[i + 1]), if any: 0, or -1 when the
 * kernel would refuse it itself (EINVAL, EFAULT). */
static int read_mask(struct sc_call *c, struct sc_wait *w, int i)
{
	const __u64 *a = c->n.data.args;

	if (!a[i])
		return 0;
	if (a[i + 1] != SC_KERNEL_SIGSET ||
	    sc_mem_read(c, a[i], &w->mask, sizeof(w->mask)))
		return -1;
	w->masked = true;
	return 0;
}

/* The kernel's internal restart code of a poll without a handler. */
#define ERESTARTNOHAND_ 514

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ppoll()'s timeout, read when its call came: its end, for the time
 * left that goes back (poll_select_set_timeout()). */
static void ts_note(struct sc_call *c, struct sc_wait *w)
{
	struct timespec t;
	uint64_t at = c->n.data.args[2];

	if (c->n.data.nr != __NR_ppoll || !at ||
	    sc_mem_read(c, at, &t, sizeof(t)) || t.tv_sec < 0 ||
	    t.tv_nsec < 0 || t.tv_nsec >= 1000000000L ||
	    (!t.tv_sec && !t.tv_nsec))
		return;
	w->ts_back = true;
	w->end_ns = mono_ns() + (t.tv_nsec +
				 (long long)t.tv_sec * 1000000000LL);
}

/*
 * The end of a ppoll() answered here: the time left written back to its
 * timespec, as poll_select_finish() writes it whatever the result; when
 * that write fails a restart becomes EINTR (the restarted call would
 * wait its whole time again).
 */
static long poll_finish(struct sc_call *c, struct sc_wait *w, long ret,
			bool expired)
{
	long long left;
	struct timespec t = { 0, 0 };

	if (!w || !w->ts_back || ret == SC_PARKED || ret == SC_CONTINUE ||
	    ret == -ENOENT)
		return ret;
	/* an expired wait has none left (its deadline is whole ms) */
	left = expired ? 0 : w->end_ns - mono_ns();
	if (left > 0) {
		t.tv_sec = (time_t)(left / 1000000000LL);
		t.tv_nsec = (long)(left % 1000000000LL);
	}
	if (sc_mem_write(c, c->n.data.args[2], &t, sizeof(t)) &&
	    ret == -ERESTARTNOHAND_)
		return -EINTR;
	return ret;
}

/* The deadline of a timeout in ms at a (negative: none), or of the
 * timespec the child has at ts (0: none): 0, or -1 to let the kernel
 * judge it. */
static int set_deadline(struct sc_call *c, long long ms, uint64_t ts)
{
	struct timespec t;

	c->deadline = -1;
	if (ts) {
		if (sc_mem_read(c, ts, &t, sizeof(t)) || t.tv_sec < 0 ||
		    t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			return -1;
		ms = (long long)t.tv_sec * 1000 + (t.tv_nsec + 999999) / 1000000;
	}
	if (ms >= 0 || ts)
		c->deadline = mono_ms() + ms;
	return 0;
}

/* Our epoll set that wakes the loop for c's wait: fds[i] for ev[i]
 * (the data sockets of ours edge-triggered, for the record that wakes
 * one for an error).  -1 on failure. */
static int wake_set(const int *fds, const uint32_t *ev, size_t n)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct epoll_event e = { .events = ev[i] };

		if (fds[i] >= 0)
			epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e);
	}
	return ep;
}

/* Take the edges that woke our set, so that it sleeps again (what is
 * ready level-triggered is the answer's; more edges than this wake it
 * once more). */
static void wake_set_drain(int ep)
{
	struct epoll_event e[16];

	if (ep >= 0)
		epoll_wait(ep, e, 16, 0);
}

/*
 * The answer datagram_poll() gives now for w's set: POLLERR on erring
 * sockets of ours (POLLIN only when a datagram is queued, not for the
 * record that only woke the socket), the other descriptors as a poll()
 * with a zero timeout finds them.  The count of ready entries, after
 * writing them back to the child; SC_PARKED when none is ready and the
 * wait goes on (!final).
 */
static long poll_eval(struct sc *s, struct sc_call *c, struct sc_wait *w,
		      bool final)
{
	struct pollfd *q = calloc(w->n, sizeof(*q));
	long ready = 0;

	if (!q)
		return -ENOMEM;
	for (size_t i = 0; i < w->n; i++)
		q[i] = (struct pollfd){ .fd = w->copy[i],
					.events = w->pf[i].events };
	if (poll(q, (nfds_t)w->n, 0) < 0) {
		free(q);
		return -errno;
	}
	for (size_t i = 0; i < w->n; i++) {
		short rev = w->pf[i].fd < 0 ? 0
			    : w->copy[i] < 0 ? POLLNVAL : q[i].revents;

		if (w->cookie[i] && sock_erring(sc_sock_find(s, w->cookie[i]))) {
			rev |= POLLERR;
			if (unl_dgram_only_wake(w->copy[i]))
				rev &= (short)~(POLLIN | POLLRDNORM);
		}
		w->pf[i].revents = rev;
		ready += rev != 0;
	}
	free(q);
	if (!ready && !final)
		return SC_PARKED;
	if (!sc_id_valid(s, c))
		return -ENOENT;
	if (sc_mem_write(c, c->n.data.args[0], w->pf, w->n * sizeof(*w->pf)))
		return -EFAULT;
	return ready;
}

/* c's set, read, with a copy of each descriptor of the range: the
 * wait, and whether it must be served here (*serve: a socket of ours
 * watched for no POLLIN) or answered at once (*now: one of ours has an
 * error pending).  NULL when the kernel can run it. */
static struct sc_wait *poll_look(struct sc *s, struct sc_call *c, bool err,
				 bool *serve, bool *now)
{
	size_t n = (size_t)c->n.data.args[1];
	struct sc_wait *w = calloc(1, sizeof(*w));

	*serve = *now = false;
	if (!w)
		return NULL;
	w->ep = -1;
	w->n = n;
	w->pf = malloc(n * sizeof(*w->pf));
	w->copy = malloc(n * sizeof(*w->copy));
	w->cookie = calloc(n, sizeof(*w->cookie));
	if (!w->pf || !w->copy || !w->cookie ||
	    sc_mem_read(c, c->n.data.args[0], w->pf, n * sizeof(*w->pf))) {
		free(w->copy);
		w->copy = NULL;
		sc_wait_free(w);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct sc_sock *k;
		int fd = w->pf[i].fd;

		w->copy[i] = -1;
		if (fd < s->base || fd >= s->base + UNL_SC_RANGE ||
		    (!err && (w->pf[i].events & POLLIN)))
			continue;
		w->copy[i] = sc_getfd(c, fd);
		if (w->copy[i] < 0)
			continue;
		k = sc_sock_of(s, w->copy[i]);
		if (!k)
			continue;
		w->cookie[i] = k->cookie;
		*now |= sock_erring(k);
		*serve |= !(w->pf[i].events & POLLIN);
	}
	return w;
}

/* The rest of the set's descriptors copied. */
static void copy_rest(struct sc_call *c, struct sc_wait *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->pf[i].fd >= 0 && w->copy[i] < 0)
			w->copy[i] = sc_getfd(c, w->pf[i].fd);
}

/* ... and our set to wake on. */
static int poll_ready_to_park(struct sc_call *c, struct sc_wait *w)
{
	uint32_t *ev = calloc(w->n, sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	copy_rest(c, w);
	for (size_t i = 0; i < w->n; i++) {
		ev[i] = (uint16_t)w->pf[i].events;
		if (w->cookie[i])
			ev[i] |= EPOLLIN | EPOLLET;
	}
	c->fd = wake_set(w->copy, ev, w->n);
	free(ev);
	return c->fd < 0 ? -errno : 0;
}

static long poll_again(struct sc *s, struct sc_call *c)
{
	wake_set_drain(c->fd);
	return poll_finish(c, c->wait, poll_eval(s, c, c->wait, false), false);
}

long sc_poll(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	size_t n = (size_t)a[1];
	bool ppoll = c->n.data.nr == __NR_ppoll, err, serve, now;
	bool expired = false;
	struct sc_wait *w;
	long ret = SC_CONTINUE;

	if (c->wait)
		return poll_again(s, c);
	/* What the kernel refuses, it refuses itself. */
	err = any_error(s);
	if ((!err && !s->socks) || !n || n > SC_POLL_MAX ||
	    (ppoll && a[3] && a[4] != SC_KERNEL_SIGSET))
		return SC_CONTINUE;
	w = poll_look(s, c, err, &serve, &now);
	if (!w)
		return SC_CONTINUE;
	ts_note(c, w);
	if (now) {
		copy_rest(c, w);
		ret = poll_finish(c, w, poll_eval(s, c, w, true), false);
	} else if (serve && (ppoll || (int)a[2] != 0)) {
		if (set_deadline(c, ppoll ? -1 : (int)a[2], ppoll ? a[2] : 0) ||
		    (ppoll && read_mask(c, w, 3)) ||
		    poll_ready_to_park(c, w) < 0) {
			sc_wait_free(w);
			return SC_CONTINUE;
		}
		/* never before the end the time left counts down to */
		if (w->ts_back)
			c->deadline = (w->end_ns + 999999) / 1000000;
		/* a set ready now, or a zero timeout, is answered now */
		ret = poll_eval(s, c, w, false);
		if (ret == SC_PARKED && c->deadline >= 0 &&
		    c->deadline <= mono_ms()) {
			ret = poll_eval(s, c, w, true);
			expired = true;
		}
		if (ret != SC_PARKED) {
			ret = poll_finish(c, w, ret, expired);
			sc_wait_free(w);
			return ret;
		}
		c->wait = w;
		c->parked_once = true;
		return SC_PARKED;
	}
	sc_wait_free(w);
	return ret;
}

/* ---- epoll ------------------------------------------------------------ */

/* The most events epoll_wait() takes (EP_MAX_EVENTS). */
#define SC_EP_MAX ((int)(INT_MAX / sizeof(struct epoll_event)))

bool sc_is_epoll_wait(int nr)
{
	return
#ifdef __NR_epoll_wait
		nr == __NR_epoll_wait ||
#endif
#ifdef __NR_epoll_pwait2
		nr == __NR_epoll_pwait2 ||
#endif
		nr == __NR_epoll_pwait;
}

/* The socket of ours the child's number w->tfd is, if it is still the
 * file the set watches (the same inode), with an error pending. */
static struct sc_sock *erring(struct sc *s, struct sc_call *c,
			      const struct unl_ep_watch *w, int *copy)
{
	struct sc_sock *k;
	struct stat st;

	*copy = -1;
	if (w->tfd < s->base || w->tfd >= s->base + UNL_SC_RANGE ||
	    !(w->events & ~UNL_EP_PRIVATE))
		return NULL;
	*copy = sc_getfd(c, w->tfd);
	if (*copy < 0)
		return NULL;
	k = sc_sock_of(s, *copy);
	if (!k || !k->page || fstat(*copy, &st) < 0 ||
	    (unsigned long)st.st_ino != w->ino ||
	    !__atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE))
		return NULL;
	return k;
}

static uint32_t erring_events(int copy, uint32_t watched)
{
	struct pollfd q = { .fd = copy, .events = UNL_EP_POLL_EVENTS };

	if (poll(&q, 1, 0) != 1)
		q.revents = 0;
	return unl_ep_erring_events(q.revents, unl_dgram_only_wake(copy),
				    watched);
}

/*
 * The epoll sets whose waits are served here: those that watch a socket
 * of ours for no EPOLLIN, or edge-triggered.  The filter traps
 * epoll_ctl() on a descriptor of the range, which names them; a wait
 * finds its set among them with kcmp() (all epoll sets are one anonymous
 * inode).  Our copy keeps each set open, every set named stays named
 * while some process holds it (a list that dropped one would let its
 * waits sleep through errors): once their number has doubled, those no
 * process holds any more go before a new one joins (ep_sweep()); only without memory does the oldest
 * give way.  Without kcmp() every wait is served while any set is
 * named, and none is dropped.
 */
static int *ep_served;
static int n_ep_served, cap_ep_served;
/* How many sets make the next one look for those no process holds
 * (ep_sweep()): twice those that lived at the last look, so that a
 * look (every /proc/PID/fd) is paid for by as many sets named. */
#define SC_EP_SWEEP_MIN 4
static int ep_sweep_at = SC_EP_SWEEP_MIN;

static bool same_file(pid_t a, int fa, pid_t b, int fb)
{
	long r = syscall(SYS_kcmp, a, b, KCMP_FILE, fa, fb);

	return r == 0 || (r < 0 && (errno == ENOSYS || errno == EOPNOTSUPP));
}

/* The index of pid's epoll set epfd among those served, or -1. */
static int ep_served_index(const struct sc *s, pid_t pid, int epfd)
{
	for (int i = 0; i < n_ep_served; i++)
		if (same_file(s->self, ep_served[i], pid, epfd))
			return i;
	return -1;
}

static bool ep_is_served(const struct sc *s, pid_t pid, int epfd)
{
	return ep_served_index(s, pid, epfd) >= 0;
}

/*
 * An edge-triggered item that watches no EPOLLIN gets no edge from the
 * record that wakes the data socket (it is EPOLLIN): its error's edge
 * (sk_error_report(), once per overrun) is told here, once per error
 * epoch of the socket, by set, descriptor and socket.  The table grows;
 * without memory it forgets its oldest (told once more).
 */
static struct ep_told {
	int set;
	int tfd;
	uint64_t cookie;
	unsigned int epoch;
} *ep_told;
static int n_ep_told, cap_ep_told;

/* Room for one more entry of a table of *cap entries of size sz at *v:
 * false when none could be made. */
static bool table_room(void **v, int n, int *cap, size_t sz)
{
	int want = *cap ? 2 * *cap : 32;
	void *nv;

	if (n < *cap)
		return true;
	nv = realloc(*v, (size_t)want * sz);
	if (!nv)
		return false;
	*v = nv;
	*cap = want;
	return true;
}

/* Is this the first time the error of k in epoch is told to item tfd
 * of served set `set`?  It is recorded as told. */
static bool ep_tell_once(int set, int tfd, const struct sc_sock *k)
{
	struct ep_told *t = NULL;

	for (int i = 0; i < n_ep_told && !t; i++)
		if (ep_told[i].set == set && ep_told[i].tfd == tfd &&
		    ep_told[i].cookie == k->cookie)
			t = &ep_told[i];
	if (t && t->epoch == k->err_epoch)
		return false;
	if (!t) {
		if (!table_room((void **)&ep_told, n_ep_told, &cap_ep_told,
				sizeof(*ep_told))) {
			if (!n_ep_told)
				return true;
			memmove(ep_told, ep_told + 1,
				(size_t)--n_ep_told * sizeof(*ep_told));
		}
		t = &ep_told[n_ep_told++];
		t->set = set;
		t->tfd = tfd;
		t->cookie = k->cookie;
	}
	t->epoch = k->err_epoch;
	return true;
}

/* Served set i goes: our copy closed, what was told of its items
 * forgotten and the later sets' indexes in ep_told moved down. */
static void ep_served_drop(int i)
{
	int k = 0;

	close(ep_served[i]);
	memmove(ep_served + i, ep_served + i + 1,
		(size_t)(n_ep_served - i - 1) * sizeof(*ep_served));
	n_ep_served--;
	for (int j = 0; j < n_ep_told; j++) {
		if (ep_told[j].set == i)
			continue;
		if (ep_told[j].set > i)
			ep_told[j].set--;
		ep_told[k++] = ep_told[j];
	}
	n_ep_told = k;
}

/* Does kcmp() compare files here (CONFIG_KCMP)?  Asked once, of a copy
 * with itself. */
static bool kcmp_works(const struct sc *s, int fd)
{
	static int works = -1;

	if (works < 0)
		works = syscall(SYS_kcmp, s->self, s->self, KCMP_FILE, fd,
				fd) == 0;
	return works;
}

/* Which served sets process directory pd holds: held[i] set for each,
 * by kcmp() of its epoll descriptors with our copies.  The count of
 * sets still not known to be held. */
static int ep_mark_held(const struct sc *s, int pd, pid_t pid, bool *held,
			int left)
{
	int fdd = openat(pd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fdd >= 0 ? fdopendir(fdd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fdd >= 0)
			close(fdd);
		return left;
	}
	while (left && (e = readdir(d))) {
		char link[32];
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(fdd, e->d_name, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strcmp(link, "anon_inode:[eventpoll]"))
			continue;
		for (int i = 0; i < n_ep_served; i++)
			if (!held[i] &&
			    syscall(SYS_kcmp, s->self, pid, KCMP_FILE,
				    ep_served[i], atoi(e->d_name)) == 0) {
				held[i] = true;
				left--;
			}
	}
	closedir(d);
	return left;
}

/*
 * The served sets no process holds any more (but the supervisor) go.
 * Every readable /proc/PID/fd is looked at, as for the files of a net
 * (open.c): a set may have been inherited or passed anywhere in the
 * tree.  Run before a new set joins once the list has doubled (a
 * program names a set once, mostly), so that the copies kept are at
 * most twice the sets that live, and SC_EP_SWEEP_MIN.
 */
static void ep_sweep(const struct sc *s)
{
	bool *held = calloc((size_t)n_ep_served, sizeof(*held));
	DIR *proc = held ? opendir("/proc") : NULL;
	int left = n_ep_served;
	struct dirent *e;
	bool complete;

	if (!proc) {
		free(held);
		return;
	}
	for (;;) {
		pid_t pid;
		int pd;

		errno = 0;
		if (!left || !(e = readdir(proc)))
			break;
		pid = (pid_t)atoi(e->d_name);

		if (pid <= 0 || pid == s->self)
			continue;
		pd = openat(dirfd(proc), e->d_name,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pd >= 0) {
			left = ep_mark_held(s, pd, pid, held, left);
			close(pd);
		}
	}
	/* a scan cut short by an error (readdir) drops nothing */
	complete = errno == 0;
	closedir(proc);
	for (int i = n_ep_served - 1; i >= 0 && complete; i--)
		if (!held[i])
			ep_served_drop(i);
	free(held);
}

void sc_epoll_served_free(void)
{
	while (n_ep_served)
		close(ep_served[--n_ep_served]);
	free(ep_served);
	ep_served = NULL;
	cap_ep_served = 0;
	free(ep_told);
	ep_told = NULL;
	n_ep_told = cap_ep_told = 0;
}

long sc_epoll_ctl(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct epoll_event ev;
	struct sc_sock *k = NULL;
	int t, ep;

	if ((a[1] != EPOLL_CTL_ADD && a[1] != EPOLL_CTL_MOD) ||
	    sc_mem_read(c, a[3], &ev, sizeof(ev)) ||
	    ((ev.events & EPOLLIN) && !(ev.events & EPOLLET)))
		return SC_CONTINUE;
	t = sc_getfd(c, (int)a[2]);
	if (t >= 0) {
		k = sc_sock_of(s, t);
		close(t);
	}
	if (!k || ep_is_served(s, (pid_t)c->n.pid, (int)a[0]))
		return SC_CONTINUE;
	ep = sc_getfd(c, (int)a[0]);
	if (ep < 0)
		return SC_CONTINUE;
	if (n_ep_served >= ep_sweep_at && kcmp_works(s, ep)) {
		ep_sweep(s);
		ep_sweep_at = 2 * n_ep_served > SC_EP_SWEEP_MIN
				      ? 2 * n_ep_served
				      : SC_EP_SWEEP_MIN;
	}
	if (!table_room((void **)&ep_served, n_ep_served, &cap_ep_served,
			sizeof(*ep_served))) {
		if (!n_ep_served) {
			close(ep);
			return SC_CONTINUE;
		}
		ep_served_drop(0);
	}
	ep_served[n_ep_served++] = ep;
	return SC_CONTINUE;
}

/*
 * The answer ep_poll() gives now for c's set (our copy ep): what is
 * ready (an epoll_wait() of our copy with a zero timeout, which takes
 * edge and one-shot events as the child's call would), EPOLLERR added
 * to the entries of erring sockets of ours, or an entry of their own
 * for those level-triggered and not ready otherwise (an edge-triggered
 * one reports its error with the edge the record that wakes it makes).
 * The count written to the child; SC_PARKED when nothing is ready and
 * the wait goes on (!final).
 */
static long epoll_eval(struct sc *s, struct sc_call *c, int ep, int max,
		       bool final)
{
	struct epoll_event *ev = calloc((size_t)max, sizeof(*ev));
	struct unl_ep_watch *w = NULL;
	uint32_t *errev = NULL;
	int got, nw = 0, copy;
	char path[64];
	long ret;

	if (!ev)
		return -ENOMEM;
	if (any_error(s)) {
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d",
			 (int)c->n.pid, (int)c->n.data.args[0]);
		nw = unl_ep_watches(path, &w);
		if (nw > 0)
			errev = calloc((size_t)nw, sizeof(*errev));
	}
	for (int i = 0; errev && i < nw; i++) {
		struct sc_sock *k = erring(s, c, &w[i], &copy);

		if (k)
			errev[i] = erring_events(copy, w[i].events);
		if (copy >= 0)
			close(copy);
		/* an edge-triggered item for no EPOLLIN: its error's edge,
		 * once (the merge then adds its entry, as for a level one) */
		if (k && errev[i] && (w[i].events & EPOLLET) &&
		    !(w[i].events & EPOLLIN)) {
			int set = ep_served_index(s, (pid_t)c->n.pid,
						  (int)c->n.data.args[0]);

			if (set >= 0 && ep_tell_once(set, w[i].tfd, k))
				w[i].events &= ~(uint32_t)EPOLLET;
			else
				errev[i] = 0;
		}
	}
	got = epoll_wait(ep, ev, max, 0);
	if (got < 0) {
		ret = final ? -errno : SC_CONTINUE;
		goto out;
	}
	if (errev)
		got = unl_ep_merge(ev, got, max, w, errev, nw);
	if (!got && !final)
		ret = SC_PARKED;
	else if (!sc_id_valid(s, c))
		ret = -ENOENT;
	else if (sc_mem_write(c, c->n.data.args[1], ev,
			      (size_t)got * sizeof(*ev)))
		ret = -EFAULT;
	else
		ret = got;
out:
	free(errev);
	free(w);
	free(ev);
	return ret;
}

/* The wait parked: our set wakes on the child's set and, edge-triggered,
 * on the data sockets of ours it watches. */
static int epoll_ready_to_park(struct sc *s, struct sc_call *c,
			       struct sc_wait *wt)
{
	struct unl_ep_watch *w = NULL;
	uint32_t *ev;
	char path[64];
	int nw;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)c->n.pid,
		 (int)c->n.data.args[0]);
	nw = unl_ep_watches(path, &w);
	wt->n = nw > 0 ? (size_t)nw : 0;
	wt->copy = calloc(wt->n + 1, sizeof(*wt->copy));
	ev = calloc(wt->n + 1, sizeof(*ev));
	if (!wt->copy || !ev) {
		free(ev);
		free(w);
		return -ENOMEM;
	}
	/* the child's set first, then the sockets of ours it watches */
	wt->copy[wt->n] = -1;
	ev[0] = EPOLLIN;
	for (size_t i = 0; i < wt->n; i++) {
		ev[i + 1] = EPOLLIN | EPOLLET;
		wt->copy[i] = -1;
		if (w[i].tfd < s->base || w[i].tfd >= s->base + UNL_SC_RANGE)
			continue;
		wt->copy[i] = sc_getfd(c, w[i].tfd);
		if (wt->copy[i] >= 0 && !sc_sock_of(s, wt->copy[i])) {
			close(wt->copy[i]);
			wt->copy[i] = -1;
		}
	}
	free(w);
	memmove(wt->copy + 1, wt->copy, wt->n * sizeof(*wt->copy));
	wt->copy[0] = wt->ep;
	c->fd = wake_set(wt->copy, ev, wt->n + 1);
	wt->copy[0] = -1;
	wt->n++;
	free(ev);
	return c->fd < 0 ? -errno : 0;
}

static long epoll_again(struct sc *s, struct sc_call *c)
{
	wake_set_drain(c->fd);
	return epoll_eval(s, c, c->wait->ep, c->wait->max, false);
}

long sc_epoll_wait(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	bool pwait2 = false, err, serve;
	int max = (int)a[2], ep;
	struct sc_wait *w;
	long ret;

#ifdef __NR_epoll_pwait2
	pwait2 = c->n.data.nr == __NR_epoll_pwait2;
#endif
	if (c->wait)
		return epoll_again(s, c);
	/* What the kernel refuses, it refuses itself. */
	err = any_error(s);
	if ((!err && !n_ep_served) || max <= 0 || max > SC_EP_MAX ||
	    (c->n.data.nr != (long)SC_NR_EPOLL_WAIT && a[4] &&
	     a[5] != SC_KERNEL_SIGSET))
		return SC_CONTINUE;
	serve = n_ep_served && ep_is_served(s, (pid_t)c->n.pid, (int)a[0]);
	if (!err && !serve)
		return SC_CONTINUE;
	ep = sc_getfd(c, (int)a[0]);
	if (ep < 0)
		return SC_CONTINUE;
	ret = epoll_eval(s, c, ep, max, false);
	if (ret != SC_PARKED || !serve) {
		close(ep);
		return ret == SC_PARKED ? SC_CONTINUE : ret;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		close(ep);
		return SC_CONTINUE;
	}
	w->epoll = true;
	w->ep = ep;
	w->max = max;
	if (set_deadline(c, pwait2 ? -1 : (int)a[3], pwait2 ? a[3] : 0) ||
	    (c->n.data.nr != (long)SC_NR_EPOLL_WAIT && read_mask(c, w, 4)) ||
	    epoll_ready_to_park(s, c, w) < 0) {
		sc_wait_free(w);
		return SC_CONTINUE;
	}
	if (c->deadline >= 0 && c->deadline <= mono_ms()) {
		ret = epoll_eval(s, c, ep, max, true);
		sc_wait_free(w);
		return ret;
	}
	c->wait = w;
	c->parked_once = true;
	return SC_PARKED;
}

/* A served wait that ends without an event: its timeout expired
 * (final) or a signal came.  poll() writes every revents back either
 * way; Linux restarts a poll() only after a signal with no handler
 * (-ERESTARTNOHAND, or a restart block with the time left, which a
 * restart here does not shorten), never an epoll wait (EINTR). */
long sc_wait_end(struct sc *s, struct sc_call *c, bool expired)
{
	struct sc_wait *w = c->wait;

	if (expired)
		return w->epoll ? epoll_eval(s, c, w->ep, w->max, true)
				: poll_finish(c, w, poll_eval(s, c, w, true),
					      true);
	if (w->epoll)
		return -EINTR;
	for (size_t i = 0; i < w->n; i++)
		w->pf[i].revents = 0;
	if (!sc_id_valid(s, c))
		return -ENOENT;
	sc_mem_write(c, c->n.data.args[0], w->pf, w->n * sizeof(*w->pf));
	return poll_finish(c, w, -ERESTARTNOHAND_, false);
}
